//! Timing marks for the performance harness (`cargo xtask bench`): with
//! `ENLACE_PERF_MARKS` set, the window's first paint, its first painted call
//! list and each interface-language switch are written to stdout, so the
//! harness times them from outside the process. Without it, nothing.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Call first thing in `main`.
pub fn process_started() {
    STARTED.get_or_init(Instant::now);
}

/// Writes `enlace-perf: <stage> <ms since start> [<measured ms>]` when marks are on.
pub fn mark(stage: &str, measured_ms: Option<f64>) {
    if std::env::var_os("ENLACE_PERF_MARKS").is_none() {
        return;
    }
    let since_start = STARTED.get().map_or(0.0, |started| started.elapsed().as_secs_f64() * 1000.0);
    let mut out = std::io::stdout();
    let _ = match measured_ms {
        Some(measured) => writeln!(out, "enlace-perf: {stage} {since_start:.1} {measured:.2}"),
        None => writeln!(out, "enlace-perf: {stage} {since_start:.1}"),
    };
    let _ = out.flush();
}
