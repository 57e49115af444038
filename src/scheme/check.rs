//! Checks a loaded scheme: the rules every scheme file must keep, each broken
//! rule reported with the key that breaks it.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{Scheme, SCHEME_FORMAT};

/// A scheme that cannot be used, naming the key at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeError {
    /// Neither a built-in id nor a path to a `.toml` file.
    Unknown(String),
    /// The file could not be read.
    Read { path: String, message: String },
    /// Not valid TOML, or a key is missing or of the wrong type.
    Parse { origin: String, message: String },
    /// A rule of the scheme format is broken at `key`.
    Rule {
        origin: String,
        key: String,
        broken: Broken,
    },
}

impl std::error::Error for SchemeError {}

/// A rule of the scheme format that a scheme file breaks (the texts are in the
/// message catalogs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// `format` is not [`SCHEME_FORMAT`].
    Format {
        found: u32,
    },
    /// The id is not lower-case letters, digits and '-'.
    Id(String),
    Empty,
    NoBands,
    BandOrder {
        upper: Decimal,
        previous: Decimal,
    },
    LastBand,
    NoSuchCharacteristic(String),
    ZeroPoints,
    NoItems(String),
    PointsTotal(u32),
    NoClauses,
    NoSuchGroup(String),
    ClauseMax(u32),
    /// Two clauses under the same Appendix 4 heading; `clause` is the earlier one.
    HeadingRepeated {
        heading: String,
        clause: String,
    },
    NoLevels,
    LevelFloor {
        min: Decimal,
        floor: Decimal,
    },
    LevelOrder {
        min: Decimal,
        ceiling: Decimal,
    },
    NoGrades,
    NoRules,
    NoSuchLevel(String),
    ScoreRange,
    RuleOrder,
    EmptyOrRepeated(String),
}

impl Scheme {
    /// Checks every rule of the format; the first rule broken is the error.
    pub(super) fn check(&self, origin: &str) -> Result<(), SchemeError> {
        let fail = |key: &str, broken: Broken| {
            Err(SchemeError::Rule {
                origin: origin.to_string(),
                key: key.to_string(),
                broken,
            })
        };

        if self.format != SCHEME_FORMAT {
            return fail("format", Broken::Format { found: self.format });
        }
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return fail("id", Broken::Id(self.id.clone()));
        }
        for (key, value) in [("version", &self.version), ("title", &self.title)] {
            if value.trim().is_empty() {
                return fail(key, Broken::Empty);
            }
        }

        // Likert bands: ascending, within (0, 1], the last ends at 1.
        if self.likert.is_empty() {
            return fail("likert", Broken::NoBands);
        }
        let mut previous = Decimal::ZERO;
        for (i, band) in self.likert.iter().enumerate() {
            if band.upper <= previous || band.upper > Decimal::ONE {
                return fail(
                    &format!("likert[{i}].upper"),
                    Broken::BandOrder {
                        upper: band.upper,
                        previous,
                    },
                );
            }
            previous = band.upper;
        }
        if previous != Decimal::ONE {
            return fail("likert", Broken::LastBand);
        }

        // Characteristics and items.
        unique(
            origin,
            "characteristics",
            self.characteristics.iter().map(|c| &c.code),
        )?;
        unique(origin, "items", self.items.iter().map(|i| &i.code))?;
        let codes: HashSet<&str> = self
            .characteristics
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        for (i, item) in self.items.iter().enumerate() {
            if !codes.contains(item.characteristic.as_str()) {
                return fail(
                    &format!("items[{i}].characteristic"),
                    Broken::NoSuchCharacteristic(item.characteristic.clone()),
                );
            }
            if item.points == 0 {
                return fail(&format!("items[{i}].points"), Broken::ZeroPoints);
            }
        }
        for (i, c) in self.characteristics.iter().enumerate() {
            if self.characteristic_points(&c.code) == 0 {
                return fail(
                    &format!("characteristics[{i}]"),
                    Broken::NoItems(c.code.clone()),
                );
            }
        }
        let total: u32 = self.items.iter().map(|i| i.points).sum();
        if total != 100 {
            return fail("items", Broken::PointsTotal(total));
        }

        // Groups and clauses.
        unique(origin, "groups", self.groups.iter().map(|g| &g.code))?;
        unique(origin, "clauses", self.clauses.iter().map(|c| &c.code))?;
        if self.clauses.is_empty() {
            return fail("clauses", Broken::NoClauses);
        }
        let groups: HashSet<&str> = self.groups.iter().map(|g| g.code.as_str()).collect();
        for (i, clause) in self.clauses.iter().enumerate() {
            if !groups.contains(clause.group.as_str()) {
                return fail(
                    &format!("clauses[{i}].group"),
                    Broken::NoSuchGroup(clause.group.clone()),
                );
            }
            if clause.max != 5 && clause.max != 10 {
                return fail(&format!("clauses[{i}].max"), Broken::ClauseMax(clause.max));
            }
        }

        // The Appendix 4 texts: a title or text given is not blank, and no two clauses
        // stand under one Appendix 4 heading.
        for (i, group) in self.groups.iter().enumerate() {
            for (field, value) in [
                ("requirement_name", &group.requirement_name),
                ("requirement_intro", &group.requirement_intro),
            ] {
                if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                    return fail(&format!("groups[{i}].{field}"), Broken::Empty);
                }
            }
        }
        for (i, clause) in self.clauses.iter().enumerate() {
            let key = match &clause.requirement_heading {
                Some(heading) if heading.trim().is_empty() => {
                    return fail(&format!("clauses[{i}].requirement_heading"), Broken::Empty);
                }
                Some(_) => format!("clauses[{i}].requirement_heading"),
                None => format!("clauses[{i}]"),
            };
            let heading = clause.requirement_title();
            if let Some(earlier) = self.clauses[..i]
                .iter()
                .find(|c| c.requirement_title() == heading)
            {
                return fail(
                    &key,
                    Broken::HeadingRepeated {
                        heading,
                        clause: earlier.code.clone(),
                    },
                );
            }
        }

        // Levels cover the totals from the lowest possible (all level 1) to the ceiling.
        if self.levels.is_empty() {
            return fail("levels", Broken::NoLevels);
        }
        let floor = Decimal::from(self.clauses.iter().map(|c| c.max / 5).sum::<u32>());
        let ceiling = Decimal::from(self.maturity_ceiling());
        if self.levels[0].min > floor {
            return fail(
                "levels[0].min",
                Broken::LevelFloor {
                    min: self.levels[0].min,
                    floor,
                },
            );
        }
        for i in 1..self.levels.len() {
            if self.levels[i].min <= self.levels[i - 1].min || self.levels[i].min > ceiling {
                return fail(
                    &format!("levels[{i}].min"),
                    Broken::LevelOrder {
                        min: self.levels[i].min,
                        ceiling,
                    },
                );
            }
        }
        unique(origin, "levels", self.levels.iter().map(|l| &l.label))?;
        for (i, level) in self.levels.iter().enumerate() {
            if level
                .description_heading
                .as_ref()
                .is_some_and(|h| h.trim().is_empty())
            {
                return fail(&format!("levels[{i}].description_heading"), Broken::Empty);
            }
        }

        // Grades: rules name known levels, run from the strictest down.
        if self.grades.labels.is_empty() {
            return fail("grades.labels", Broken::NoGrades);
        }
        if self.grade_rules.is_empty() {
            return fail("grade_rules", Broken::NoRules);
        }
        for (i, rule) in self.grade_rules.iter().enumerate() {
            let Some(level) = self.level_by_label(&rule.min_level) else {
                return fail(
                    &format!("grade_rules[{i}].min_level"),
                    Broken::NoSuchLevel(rule.min_level.clone()),
                );
            };
            if rule.min_score < Decimal::ZERO || rule.min_score > Decimal::ONE_HUNDRED {
                return fail(&format!("grade_rules[{i}].min_score"), Broken::ScoreRange);
            }
            if i > 0 {
                let prev = &self.grade_rules[i - 1];
                let prev_level = self.level_by_label(&prev.min_level).unwrap_or(0);
                if rule.min_score > prev.min_score || level > prev_level {
                    return fail(&format!("grade_rules[{i}]"), Broken::RuleOrder);
                }
            }
        }
        Ok(())
    }
}

/// Codes (or labels) must be unique and non-empty within a list.
fn unique<'a>(
    origin: &str,
    key: &str,
    codes: impl Iterator<Item = &'a String>,
) -> Result<(), SchemeError> {
    let mut seen = HashSet::new();
    for (i, code) in codes.enumerate() {
        if code.trim().is_empty() || !seen.insert(code.as_str()) {
            return Err(SchemeError::Rule {
                origin: origin.to_string(),
                key: format!("{key}[{i}]"),
                broken: Broken::EmptyOrRepeated(code.clone()),
            });
        }
    }
    Ok(())
}
