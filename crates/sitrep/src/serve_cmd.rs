//! `sitrep serve`: the JSON API and web UI over a database, opened read-only.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

/// Arguments of `sitrep serve`.
#[derive(Args, Debug)]
#[command(after_help = "\
The database is opened read-only. The server listens on loopback unless --addr says otherwise,
and refuses a non-loopback address without --token. With --token, API calls need the header
`Authorization: Bearer <token>` (the web UI asks for it once).

Examples:
  sitrep serve --db corpus.db                      then open http://127.0.0.1:8080/
  sitrep serve --addr 0.0.0.0:8080 --token \"$(openssl rand -hex 16)\"")]
pub struct ServeArgs {
    /// The database file.
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Require this bearer token on API calls (needed to listen beyond loopback).
    #[arg(long, env = "SITREP_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Longest time one request may spend on the database, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    pub query_timeout_ms: u64,
    /// Concurrent database connections.
    #[arg(long, default_value_t = 4)]
    pub connections: usize,
}

/// Runs the server until the process is stopped.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let config = sitrep_server::Config {
        db: args.db,
        addr: args.addr,
        token: args.token.filter(|t| !t.is_empty()),
        query_timeout: Duration::from_millis(args.query_timeout_ms.max(1)),
        connections: args.connections.clamp(1, 64),
    };
    let db = config.db.display().to_string();
    sitrep_server::serve_blocking(config, |addr| {
        eprintln!("sitrep: serving {db} (read-only) on http://{addr}/");
    })?;
    Ok(ExitCode::SUCCESS)
}
