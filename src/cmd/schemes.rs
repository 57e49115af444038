//! `certsheet schemes [show ID]`: list the built-in schemes or print one's TOML.

use anyhow::Result;

use crate::cli::SchemesAction;
use crate::scheme::{builtin_schemes, SchemeError, BUILTIN};

pub fn run(action: Option<SchemesAction>) -> Result<u8> {
    match action {
        None => {
            for s in builtin_schemes() {
                let labels = s.grades.labels.join(" / ");
                println!(
                    "{:<16}{}  {} {}  [{}]",
                    s.id, s.title, s.document, s.version, labels
                );
            }
        }
        Some(SchemesAction::Show { id }) => {
            let Some((_, text)) = BUILTIN.iter().find(|(i, _)| *i == id) else {
                return Err(SchemeError::Unknown(id).into());
            };
            print!("{text}");
        }
    }
    Ok(0)
}
