//! An organization's place in the earlier round (`--previous`): its row there,
//! and how its grade moved. The data only; [`super::previous`] reads the earlier
//! CSV and works the comparison out.

/// How 资料不全 (no decision) is written in a results CSV, in either language.
const INCOMPLETE_WORDS: [&str; 2] = ["资料不全", "incomplete"];

/// One organization of the earlier round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierRow {
    /// Its line in the CSV (1 = the header).
    pub line: usize,
    pub name: String,
    pub credit_code: String,
    /// The scheme id.
    pub scheme: String,
    /// The grade as written (a grade label, 不予认证, or 资料不全 / incomplete).
    pub grade: String,
}

impl EarlierRow {
    /// Whether the earlier round reached no decision (资料不全).
    pub fn is_incomplete(&self) -> bool {
        INCOMPLETE_WORDS.contains(&self.grade.as_str())
    }
}

/// How an organization's grade moved since the earlier round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// 升: a higher grade than before.
    Up,
    /// 降: a lower grade.
    Down,
    /// 持平: the same rank.
    Same,
    /// 新增: not in the earlier round.
    New,
}

/// An organization's earlier grade and the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// Its row of the earlier round, `None` when it is new.
    pub row: Option<EarlierRow>,
    pub change: Change,
}
