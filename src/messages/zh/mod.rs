//! The Chinese catalog (the default language), one file per topic.

mod cli;
mod damage;
mod findings;
mod grade;
mod report;
mod roster;
mod run;
mod scheme;
mod web;

/// Chinese.
pub struct Zh;
