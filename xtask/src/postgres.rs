//! The PostgreSQL the server's tests use. This machine's own on
//! 127.0.0.1:5432 (trust authentication) when it answers; otherwise a
//! private cluster in `target/postgres` with trust authentication on a free
//! port, from Debian's `postgresql` package (installed if missing). Tests
//! create their own databases in it and drop them.

use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cmd, exec, root};

/// A PostgreSQL the tests may use; stops a private cluster when dropped.
pub struct Postgres {
    pub url: String,
    private: Option<PathBuf>,
    bin: PathBuf,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(data) = &self.private {
            let _ = std::process::Command::new(self.bin.join("pg_ctl"))
                .args(["-D", &data.display().to_string(), "-m", "fast", "stop"])
                .output();
        }
    }
}

fn answers(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(500)).is_ok()
}

/// The directory of the newest installed PostgreSQL server binaries.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

pub fn start() -> Result<Postgres> {
    if answers(5432) {
        return Ok(Postgres { url: "postgres://postgres@127.0.0.1:5432".into(), private: None, bin: PathBuf::new() });
    }
    if server_binaries().is_none() {
        crate::setup::install_packages(&["postgresql"])?;
    }
    let bin = server_binaries().context("PostgreSQL's server binaries are not in /usr/lib/postgresql")?;
    let data = root().join("target/postgres");
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    // initdb and the server refuse to run as root: a private cluster runs as `postgres`.
    let as_postgres = |program: &str, args: &[&str]| {
        let program = bin.join(program).display().to_string();
        if crate::setup::is_root() {
            cmd("runuser", &[&["-u", "postgres", "--", &program], args].concat())
        } else {
            cmd(&program, args)
        }
    };
    if !data.join("PG_VERSION").exists() {
        std::fs::create_dir_all(&data)?;
        if crate::setup::is_root() {
            exec(cmd("chown", &["postgres:postgres", &data.display().to_string()]))?;
        }
        exec(as_postgres("initdb", &["-D", &data.display().to_string(), "-A", "trust", "-U", "postgres"]))?;
    }
    let options = format!("-p {port} -k /tmp -c listen_addresses=127.0.0.1");
    exec(as_postgres("pg_ctl", &["-D", &data.display().to_string(), "-o", &options, "-w", "start"]))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !answers(port) {
        if Instant::now() > deadline {
            bail!("the private PostgreSQL did not start on port {port}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Postgres { url: format!("postgres://postgres@127.0.0.1:{port}"), private: Some(data), bin })
}
