//! One file per subcommand; this module dispatches and owns the thread pool.

pub mod check;

pub mod ingest;
pub mod schemes;
pub mod serve;
pub mod template;

use anyhow::Result;

use crate::cli::{Cli, Command};

/// Runs a command; returns the exit status (0 valid, 1 rejections/problems).
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Schemes { action } => schemes::run(action),
        Command::Template {
            scheme,
            roster,
            out,
        } => template::run(scheme.as_deref(), roster.as_deref(), &out),
        Command::Check {
            paths,
            schemes,
            jobs,
        } => check::run(&paths, &schemes, jobs),
        Command::Ingest {
            paths,
            out,
            csv,
            strict,
            jobs,
            schemes,
            previous,
            cards,
        } => ingest::run(&ingest::Options {
            paths,
            out,
            csv,
            strict,
            jobs,
            schemes,
            previous,
            cards,
        }),
        Command::Serve { bind, port } => serve::run(bind, port),
    }
}

/// A rayon pool of `jobs` threads (all cores when `None`).
pub fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        builder = builder.num_threads(n.max(1));
    }
    Ok(builder.build()?)
}
