//! The autonomy level: what lookout may do in this run, and the guards that enforce it.
//!
//! Level 0 reads and drafts; Level 1 may also stage proposals as local branches.
//! Levels 2 and 3 (executing changes) do not exist in lookout and are refused.

use serde::{Deserialize, Serialize};

/// The autonomy level of a run. Recorded in every audit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(into = "u8", try_from = "u8")]
pub enum Level {
    /// Read sources, call the LLM with redacted context, write drafts, audit.
    #[default]
    ReadOnly,
    /// All of Level 0, plus stage proposals as local branches with PR drafts.
    Propose,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LevelError {
    #[error(
        "autonomy level {0} is refused: lookout never executes changes. \
         Level 0 (read-only, the default) reads sources and drafts text; \
         Level 1 (propose) also stages fixes as local git branches for a human to push. \
         Use --level 0 or --level 1."
    )]
    Executing(u8),
    #[error("autonomy level {0:?} is not a level: use 0 (read-only) or 1 (propose)")]
    Unknown(String),
    #[error(
        "staging a proposal needs Level 1 (propose); this run is Level 0 (read-only). \
         Re-run with --level 1 to stage it as a local branch — nothing is ever pushed."
    )]
    StagingNeedsPropose,
}

impl Level {
    pub fn number(self) -> u8 {
        match self {
            Level::ReadOnly => 0,
            Level::Propose => 1,
        }
    }

    /// The badge shown in the status bar at all times.
    pub fn badge(self) -> &'static str {
        match self {
            Level::ReadOnly => "L0 READ-ONLY",
            Level::Propose => "L1 PROPOSE",
        }
    }

    /// Guard for the one Level-1 capability: creating a local branch.
    pub fn ensure_may_stage(self) -> Result<(), LevelError> {
        match self {
            Level::Propose => Ok(()),
            Level::ReadOnly => Err(LevelError::StagingNeedsPropose),
        }
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.number()
    }
}

impl TryFrom<u8> for Level {
    type Error = LevelError;
    fn try_from(n: u8) -> Result<Self, LevelError> {
        match n {
            0 => Ok(Level::ReadOnly),
            1 => Ok(Level::Propose),
            2 | 3 => Err(LevelError::Executing(n)),
            other => Err(LevelError::Unknown(other.to_string())),
        }
    }
}

impl std::str::FromStr for Level {
    type Err = LevelError;
    fn from_str(s: &str) -> Result<Self, LevelError> {
        let trimmed = s.trim().trim_start_matches(['L', 'l']);
        match trimmed.parse::<u8>() {
            Ok(n) => Level::try_from(n),
            Err(_) => Err(LevelError::Unknown(s.to_string())),
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_two_and_three_are_refused_with_an_explanation() {
        for n in ["2", "3"] {
            let err = n.parse::<Level>().unwrap_err();
            assert!(err.to_string().contains("never executes changes"), "{err}");
        }
        assert_eq!("1".parse::<Level>(), Ok(Level::Propose));
        assert_eq!("L0".parse::<Level>(), Ok(Level::ReadOnly));
        assert!(matches!("x".parse::<Level>(), Err(LevelError::Unknown(_))));
    }

    #[test]
    fn only_level_one_may_stage() {
        assert!(Level::ReadOnly.ensure_may_stage().is_err());
        assert!(Level::Propose.ensure_may_stage().is_ok());
    }
}
