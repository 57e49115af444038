//! The `certsheet` binary: parse the arguments, set the language, run the
//! command, and turn its outcome into the exit status (0 valid, 1 something
//! rejected or missing, 2 nothing done).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = certsheet::cli::Cli::parse();
    certsheet::messages::set_lang(cli.lang);
    match certsheet::cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("certsheet: {e:#}");
            ExitCode::from(2)
        }
    }
}
