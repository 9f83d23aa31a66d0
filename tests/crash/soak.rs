//! Crash safety, measured: a worker writing to a real encrypted store —
//! importing refill reports, documenting calls, applying pulled pages — is
//! killed with SIGKILL at a random point of its work, again and again. After
//! every kill the store must open, pass `PRAGMA integrity_check`, and hold
//! every write the worker was told had been saved.
//!
//! `ENLACE_CRASH_KILLS` kills (12 in `cargo xtask test`, 100 in
//! `cargo xtask soak`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WORKER: &str = env!("CARGO_BIN_EXE_crash-worker");
const MODES: [&str; 3] = ["import", "calls", "pull"];

fn worker(mode: &str, data_dir: &Path) -> Command {
    let mut command = Command::new(WORKER);
    command.arg(mode).arg(data_dir).env("RUST_LOG", "off");
    command
}

/// A small xorshift: each run's kill points differ, and the seed is printed
/// so a failing run can be repeated (`ENLACE_CRASH_SEED`).
struct KillPoints(u64);

impl KillPoints {
    fn next_millis(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn every_acknowledged_write_survives_sigkill() {
    let kills: usize = std::env::var("ENLACE_CRASH_KILLS").ok().and_then(|kills| kills.parse().ok()).unwrap_or(12);
    let seed = std::env::var("ENLACE_CRASH_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()) * 2_654_435_761 + 1);
    println!("crash soak: {kills} kills, seed {seed}");
    let mut points = KillPoints(seed);
    let dir = tempfile::tempdir().unwrap();
    let status = worker("setup", dir.path()).status().unwrap();
    assert!(status.success(), "setup failed");

    let mut acknowledged: Vec<String> = Vec::new();
    let mut per_mode = [0usize; 3];
    let started = Instant::now();
    for kill in 0..kills {
        let mode = kill % MODES.len();
        let mut child = worker(MODES[mode], dir.path()).stdout(Stdio::piped()).spawn().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let lines = Arc::clone(&lines);
            let stdout = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            })
        };
        // Into its write loop first (signing in takes a while), then a random moment of it.
        let deadline = Instant::now() + Duration::from_secs(120);
        while lines.lock().unwrap().is_empty() {
            assert!(Instant::now() < deadline, "the {} worker never acknowledged a write", MODES[mode]);
            assert!(child.try_wait().unwrap().is_none(), "the {} worker stopped by itself", MODES[mode]);
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(points.next_millis(400)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let written = std::mem::take(&mut *lines.lock().unwrap());
        per_mode[mode] += written.len();
        acknowledged.extend(written);

        let mut verify = worker("verify", dir.path()).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        verify.stdin.take().unwrap().write_all((acknowledged.join("\n") + "\n").as_bytes()).unwrap();
        let output = verify.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "after kill {} (seed {seed}) the store lost an acknowledged write or failed its check",
            kill + 1
        );
    }
    println!(
        "crash soak: {kills} kills in {:.1} s; acknowledged and found after every kill: {} imports, {} calls, {} pulled pages",
        started.elapsed().as_secs_f64(),
        per_mode[0],
        per_mode[1],
        per_mode[2]
    );
}
