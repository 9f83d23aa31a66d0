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
}

#[derive(Debug, Clone)]
pub struct Measure {
    name: String,
    samples: Vec<Duration>,
    baseline: Option<Box<Measure>>,
    goal: Goal,
}

impl Measure {
    pub fn new(name: String, mut samples: Vec<Duration>, baseline: Option<Measure>, goal: Goal) -> Self {
        samples.sort();
        Self { name, samples, baseline: baseline.map(Box::new), goal }
    }

    fn quantile(&self, q: f64) -> Duration {
        if self.samples.is_empty() {
            return Duration::ZERO;
        }
        // Nearest rank: the smallest sample with at least q of them at or below it.
        let rank = ((self.samples.len() as f64) * q).ceil().max(1.0) as usize;
        self.samples[rank.min(self.samples.len()) - 1]
    }

    fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    fn p95(&self) -> Duration {
        self.quantile(0.95)
    }

    fn ratio(&self) -> Option<f64> {
        let baseline = self.baseline.as_ref()?.median().as_secs_f64();
        (baseline > 0.0).then(|| self.median().as_secs_f64() / baseline)
    }

    fn goal_text(&self) -> String {
        match self.goal {
            Goal::None => "—".into(),
            Goal::AtMost(limit) => format!("≤ {}", ms(limit)),
            Goal::P95AtMost(limit) => format!("p95 ≤ {}", ms(limit)),
            Goal::P95AtMostAndRatio(limit, ratio) => format!("p95 ≤ {}, ≤ {ratio}×", ms(limit)),
        }
    }

    fn met(&self) -> Option<bool> {
        match self.goal {
            Goal::None => None,
            Goal::AtMost(limit) => Some(self.median() <= limit),
            Goal::P95AtMost(limit) => Some(self.p95() <= limit),
            Goal::P95AtMostAndRatio(limit, ratio) => {
                Some(self.p95() <= limit && self.ratio().is_some_and(|measured| measured <= ratio))
            }
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
    median_ms: f64,
    p95_ms: f64,
    baseline: Option<String>,
    baseline_median_ms: Option<f64>,
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
                measure.samples.len(),
                ms(measure.median()),
                ms(measure.p95()),
                measure.baseline.as_ref().map(|baseline| ms(baseline.median())).unwrap_or_else(|| "—".into()),
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
                runs: measure.samples.len(),
                median_ms: measure.median().as_secs_f64() * 1000.0,
                p95_ms: measure.p95().as_secs_f64() * 1000.0,
                baseline: measure.baseline.as_ref().map(|baseline| baseline.name.clone()),
                baseline_median_ms: measure.baseline.as_ref().map(|baseline| baseline.median().as_secs_f64() * 1000.0),
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
