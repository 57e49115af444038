//! The `certsheet` binary: parse the arguments, set the language, run the
//! command, and turn its outcome into the exit status (0 valid, 1 something
//! rejected or missing, 2 nothing done, 130 interrupted).

use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: reading thousands of workbooks allocates
/// and frees each file's buffers between small results that live to the end of
/// the run, and glibc's heap fragments under that pattern (281 MiB peak RSS at
/// 10,000 workbooks, against 24 MiB with mimalloc; see README › Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The language first (from --lang), then everything in it: help, argument errors.
    let cli = certsheet::cli::parse();
    // `serve` stops on Ctrl-C by design and removes what it stored itself (web::serve).
    let serving = matches!(cli.command, certsheet::cli::Command::Serve { .. });
    if !serving {
        if let Err(e) = certsheet::output::install_interrupt_handler() {
            eprintln!("certsheet: {}", certsheet::cli::describe(&e));
            return ExitCode::from(2);
        }
    }
    match certsheet::cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("certsheet: {}", certsheet::cli::describe(&e));
            ExitCode::from(2)
        }
    }
}
