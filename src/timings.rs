//! How long each step of a run takes, on stderr, when the environment variable
//! `CERTSHEET_TIMINGS` is set (to anything). For the benchmark and for anyone
//! profiling a slow run; silent otherwise.
//!
//! ```text
//! CERTSHEET_TIMINGS=1 certsheet ingest returned/ --out r.xlsx
//! certsheet: timing: read 1.412 s
//! ```

use std::sync::OnceLock;
use std::time::Instant;

/// Whether timings are printed (the environment is read once).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CERTSHEET_TIMINGS").is_some())
}

/// A step being timed: its time is printed when it is dropped.
#[must_use = "the step is timed until this is dropped"]
pub struct Span {
    step: &'static str,
    start: Option<Instant>,
}

/// Starts timing `step` (nothing is measured when timings are off).
pub fn span(step: &'static str) -> Span {
    Span {
        step,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            eprintln!(
                "certsheet: timing: {} {:.3} s",
                self.step,
                start.elapsed().as_secs_f64()
            );
        }
    }
}
