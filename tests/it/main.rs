//! certsheet's integration tests, in one crate: one binary to build and link
//! instead of one per file, and one `common` module shared by all.
//!
//! Every `.rs` directly in tests/ would be a test binary of its own, so the
//! modules live in this folder; `cargo test --test it corpus::` runs one of them.
//!
//! The binary's allocator is `common::memory`'s: the system's, counting the bytes
//! of the threads the fuzz test watches (one thread-local read for any other).

mod common;
#[path = "../corpus/generate.rs"]
mod generate;

mod browser;
mod cli;
mod corpus;
mod e2e;
mod fuzz;
mod gnumeric;
mod inputs;
mod libreoffice;
mod outputs;
mod reference;
mod report;
mod roster;
mod serve;
mod template;
mod validation;
