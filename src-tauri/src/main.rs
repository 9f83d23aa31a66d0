//! The `enlace` binary. With no subcommand it opens the window; with one it
//! runs headless (no GTK, no display needed).

#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    enlace::perf::process_started();
    let cli = enlace::cli::Cli::parse();
    enlace::cli::run(cli)
}
