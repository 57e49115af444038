//! The English catalog (`--lang en`), one file per topic.

mod cli;
mod damage;
mod findings;
mod grade;
mod report;
mod roster;
mod run;
mod scheme;
mod web;

/// English.
pub struct En;
