//! The benchmark report: each measure's median and p95, its baseline's and
//! the ratio, and whether it meets its goal; as a Markdown table (printed and
//! written to `report.md`) and as JSON (`report.json`).

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

/// What a measure must meet.
#[derive(Debug, Clone, Copy)]
pub enum Goal {
    None,
    /// The median at most this long.
    AtMost(Duration),
    P95AtMost(Duration),
    /// p95 at most this long, and the median within this factor of the baseline's.
    P95AtMostAndRatio(Duration, f64),
    /// The median within this factor of the baseline's.
    MedianRatioAtMost(f64),
}

/// What a measure's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Milliseconds,
    Mebibytes,
}

#[derive(Debug, Clone)]
pub struct Measure {
    name: String,
    /// Sorted, in `unit`.
    values: Vec<f64>,
    unit: Unit,
    baseline: Option<Box<Measure>>,
    goal: Goal,
}

impl Measure {
    pub fn new(name: String, samples: Vec<Duration>, baseline: Option<Measure>, goal: Goal) -> Self {
        let values = samples.iter().map(|sample| sample.as_secs_f64() * 1000.0).collect();
        Self::of(name, values, Unit::Milliseconds, baseline, goal)
    }

    /// A memory reading (one sample), in bytes.
    pub fn memory(name: String, bytes: u64, baseline: Option<Measure>, goal: Goal) -> Self {
        Self::of(name, vec![bytes as f64 / (1024.0 * 1024.0)], Unit::Mebibytes, baseline, goal)
    }

    fn of(name: String, mut values: Vec<f64>, unit: Unit, baseline: Option<Measure>, goal: Goal) -> Self {
        values.sort_by(f64::total_cmp);
        Self { name, values, unit, baseline: baseline.map(Box::new), goal }
    }

    fn quantile(&self, q: f64) -> f64 {
        if self.values.is_empty() {
            return 0.0;
        }
        // Nearest rank: the smallest sample with at least q of them at or below it.
        let rank = ((self.values.len() as f64) * q).ceil().max(1.0) as usize;
        self.values[rank.min(self.values.len()) - 1]
    }

    fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    fn p95(&self) -> f64 {
        self.quantile(0.95)
    }

    fn ratio(&self) -> Option<f64> {
        let baseline = self.baseline.as_ref()?.median();
        (baseline > 0.0).then(|| self.median() / baseline)
    }

    fn show(&self, value: f64) -> String {
        match self.unit {
            // Micro-benchmarks run in microseconds: "0.0 ms" would say nothing.
            Unit::Milliseconds if value > 0.0 && value < 0.1 => format!("{:.1} µs", value * 1000.0),
            Unit::Milliseconds => format!("{value:.1} ms"),
            Unit::Mebibytes => format!("{value:.0} MiB"),
        }
    }

    fn goal_text(&self) -> String {
        match self.goal {
            Goal::None => "—".into(),
            Goal::AtMost(limit) => format!("≤ {}", ms(limit)),
            Goal::P95AtMost(limit) => format!("p95 ≤ {}", ms(limit)),
            Goal::P95AtMostAndRatio(limit, ratio) => format!("p95 ≤ {}, ≤ {ratio}×", ms(limit)),
            Goal::MedianRatioAtMost(ratio) => format!("≤ {ratio}× baseline"),
        }
    }

    fn met(&self) -> Option<bool> {
        let millis = |limit: Duration| limit.as_secs_f64() * 1000.0;
        match self.goal {
            Goal::None => None,
            Goal::AtMost(limit) => Some(self.median() <= millis(limit)),
            Goal::P95AtMost(limit) => Some(self.p95() <= millis(limit)),
            Goal::P95AtMostAndRatio(limit, ratio) => {
                Some(self.p95() <= millis(limit) && self.ratio().is_some_and(|measured| measured <= ratio))
            }
            Goal::MedianRatioAtMost(ratio) => Some(self.ratio().is_some_and(|measured| measured <= ratio)),
        }
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[derive(Debug, Serialize)]
struct JsonMeasure {
    name: String,
    runs: usize,
    unit: &'static str,
    median: f64,
    p95: f64,
    baseline: Option<String>,
    baseline_median: Option<f64>,
    ratio: Option<f64>,
    goal: String,
    met: Option<bool>,
}

#[derive(Debug)]
pub struct Report {
    scale: usize,
    dataset: (usize, usize, usize),
    measures: Vec<Measure>,
    notes: Vec<String>,
}

impl Report {
    pub fn new(scale: usize) -> Self {
        Self { scale, dataset: (0, 0, 0), measures: Vec::new(), notes: Vec::new() }
    }

    pub fn dataset(&mut self, patients: usize, prescriptions: usize, interactions: usize) {
        self.dataset = (patients, prescriptions, interactions);
    }

    pub fn push(&mut self, measure: Measure) {
        self.measures.push(measure);
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn markdown(&self) -> String {
        let (patients, prescriptions, interactions) = self.dataset;
        let mut text = format!(
            "Data set (seeded, scale {}): {patients} patients, {prescriptions} prescriptions, {interactions} interactions, encrypted.\n\n",
            self.scale
        );
        text.push_str("| Measure | Runs | Median | p95 | Baseline median | Ratio | Goal | Met |\n");
        text.push_str("|---|---:|---:|---:|---:|---:|---|---|\n");
        for measure in &self.measures {
            text.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                measure.name,
                measure.values.len(),
                measure.show(measure.median()),
                measure.show(measure.p95()),
                measure
                    .baseline
                    .as_ref()
                    .map(|baseline| baseline.show(baseline.median()))
                    .unwrap_or_else(|| "—".into()),
                measure.ratio().map(|ratio| format!("{ratio:.2}×")).unwrap_or_else(|| "—".into()),
                measure.goal_text(),
                match measure.met() {
                    Some(true) => "yes",
                    Some(false) => "**no**",
                    None => "",
                },
            ));
        }
        text.push('\n');
        for note in &self.notes {
            text.push_str(&format!("- {note}\n"));
        }
        text
    }

    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("report.md"), self.markdown())?;
        let measures: Vec<JsonMeasure> = self
            .measures
            .iter()
            .map(|measure| JsonMeasure {
                name: measure.name.clone(),
                runs: measure.values.len(),
                unit: match measure.unit {
                    Unit::Milliseconds => "ms",
                    Unit::Mebibytes => "MiB",
                },
                median: measure.median(),
                p95: measure.p95(),
                baseline: measure.baseline.as_ref().map(|baseline| baseline.name.clone()),
                baseline_median: measure.baseline.as_ref().map(|baseline| baseline.median()),
                ratio: measure.ratio(),
                goal: measure.goal_text(),
                met: measure.met(),
            })
            .collect();
        let (patients, prescriptions, interactions) = self.dataset;
        let json = serde_json::json!({
            "scale": self.scale,
            "dataset": { "patients": patients, "prescriptions": prescriptions, "interactions": interactions },
            "measures": measures,
            "notes": self.notes,
        });
        std::fs::write(dir.join("report.json"), serde_json::to_string_pretty(&json)?)?;
        Ok(())
    }
}
