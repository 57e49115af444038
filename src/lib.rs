//! certsheet: generates the Excel score sheets auditors fill in for service
//! certification (Appendix 1 α per item, Appendix 3 maturity level per clause),
//! then ingests the returned workbooks, validates them, scores and grades each
//! organization, and writes a results workbook and CSV.

pub mod cell;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod filename;
pub mod grade;
pub mod ident;
pub mod ingest;
pub mod layout;
pub mod messages;
pub mod model;
pub mod output;
pub mod report;
pub mod results;
pub mod round;
pub mod scheme;
pub mod score;
pub mod template;
pub mod timings;
pub mod web;
