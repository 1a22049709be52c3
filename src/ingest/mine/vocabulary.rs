//! Whether a position of a template holds a variable or a constant, decided
//! from the values the data has shown there — never from word lists.
//!
//! When a line differs from some templates of its group at exactly one word
//! position, those templates' words at that position (with the lines each
//! one holds) form that position's vocabulary so far, and the line brings a
//! new value to it. A closed vocabulary (HTTP methods, states, levels) is a
//! few values that each carry a fair share of the lines; an open one (names
//! of packages, units, users, queues) is a long tail: a few common values
//! and many rare ones. So a new value makes the position a variable when the
//! values already there are skewed — the rarest holds much less than an even
//! share — or when nearly every line so far brought a value of its own
//! (Good–Turing: values seen once over lines estimates the chance that the
//! next line brings an unseen one), and keeps its words as constants that
//! separate templates when they are balanced and repeated. Whatever the counts, a position with many distinct
//! values is a variable (cardinality); and since merging is forever while
//! siblings can merge later, a position needs a few values before either
//! test may open it. A guard bounds a group whose templates multiply like
//! its lines: that is growth no closed vocabulary produces.

/// The thresholds of the decisions above. `Default` holds the built-in
/// values (README: measured leave-one-out on the shared Loghub sets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinerRules {
    /// Distinct values a position must show before the unseen-value estimate is trusted.
    pub min_values: usize,
    /// How far below an even share the rarest value already seen may fall
    /// (as a fraction of the even share) before the values count as a long
    /// tail, i.e. a variable; 0 turns the test off (enough values decide).
    pub skew: f64,
    /// Good–Turing's chance that the next line brings an unseen value
    /// (values seen once over lines) at which the values count as open even
    /// when evenly spread (every package seen once per state).
    pub unseen: f64,
    /// Distinct values that make a variable whatever their counts.
    pub open_values: usize,
    /// Templates a group (same length and first token) may hold before the
    /// guard checks whether they grow like its lines.
    pub group_cap: usize,
}

impl Default for MinerRules {
    fn default() -> Self {
        MinerRules {
            min_values: 4,
            skew: 0.5,
            unseen: 0.75,
            open_values: 12,
            group_cap: 64,
        }
    }
}

impl MinerRules {
    /// Parses `min_values=5,skew=0.5,…` over the defaults (the
    /// benches' leave-one-out search sets rules this way); an unknown key or a
    /// bad number is an error naming it.
    pub fn parse(spec: &str) -> Result<MinerRules, String> {
        let mut rules = MinerRules::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| format!("miner rule `{item}` is not key=value"))?;
            let bad = |e: &dyn std::fmt::Display| format!("miner rule `{item}`: {e}");
            match key.trim() {
                "min_values" => rules.min_values = value.trim().parse().map_err(|e| bad(&e))?,
                "skew" => rules.skew = value.trim().parse().map_err(|e| bad(&e))?,
                "unseen" => rules.unseen = value.trim().parse().map_err(|e| bad(&e))?,
                "open_values" => rules.open_values = value.trim().parse().map_err(|e| bad(&e))?,
                "group_cap" => rules.group_cap = value.trim().parse().map_err(|e| bad(&e))?,
                other => return Err(format!("unknown miner rule `{other}`")),
            }
        }
        Ok(rules)
    }

    /// Whether a position whose values so far hold `lines` lines each is a
    /// variable (open vocabulary) once a line brings one more value.
    pub fn is_open(&self, lines: &[u64]) -> bool {
        let distinct = lines.len() + 1;
        if distinct >= self.open_values {
            return true;
        }
        if distinct < self.min_values {
            return false;
        }
        let total: u64 = lines.iter().sum();
        let rarest = lines.iter().copied().min().unwrap_or(0);
        let even_share = total as f64 / lines.len() as f64;
        let seen_once = lines.iter().filter(|&&n| n == 1).count();
        self.skew <= 0.0
            || (rarest as f64) < self.skew * even_share
            || seen_once as f64 >= self.unseen * total as f64
    }

    /// `is_open` for a position `position` of a message of `length` tokens.
    /// A message names its event first and gives its arguments after
    /// (Drain's premise: leading tokens are the constants): in the leading
    /// half a few balanced values name kinds of event (`GET`/`POST`, dpkg's
    /// states), in the trailing half they are an argument's values (the users
    /// `cyrus`, `news`, `test` of `session opened for user …`), so there
    /// enough distinct values open the position whatever their balance.
    pub fn is_open_at(&self, lines: &[u64], position: usize, length: usize) -> bool {
        if position * 2 > length {
            lines.len() + 1 >= self.min_values
        } else {
            self.is_open(lines)
        }
    }

    /// Whether a group of `templates` templates over `lines` lines grows like
    /// its lines: past the cap, with most templates holding a single line.
    pub fn overgrown(&self, templates: usize, lines: u64) -> bool {
        templates >= self.group_cap && (templates as u64) * 2 > lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_tail_makes_a_variable_and_balanced_values_a_constant() {
        let rules = MinerRules::default();
        assert!(
            rules.is_open(&[368, 5, 3]),
            "root and a tail of rare users: a fourth user is a variable"
        );
        assert!(!rules.is_open(&[1]), "two values are not yet a vocabulary");
        assert!(
            !rules.is_open(&[900, 700, 650]),
            "GET, POST, PUT each carry a fair share: DELETE is another constant"
        );
        assert!(
            !rules.is_open(&[1, 2, 1]),
            "three states of one package, even: a fourth state is a constant"
        );
        assert!(
            rules.is_open(&[40; 11]),
            "many distinct values, however even"
        );
        assert!(rules.is_open(&[1, 1, 1]), "every value seen once: names");
    }

    #[test]
    fn the_guard_fires_only_on_groups_of_single_line_templates() {
        let rules = MinerRules::default();
        assert!(rules.overgrown(64, 70));
        assert!(!rules.overgrown(64, 6_400), "many busy templates are fine");
        assert!(!rules.overgrown(10, 10), "below the cap");
    }

    #[test]
    fn rules_parse_over_the_defaults_and_name_bad_input() {
        let rules = MinerRules::parse("min_values=6, skew=0.3").unwrap_or_default();
        assert_eq!(rules.min_values, 6);
        assert_eq!(rules.skew, 0.3);
        assert_eq!(rules.open_values, MinerRules::default().open_values);
        let error = MinerRules::parse("min_values=x").err().unwrap_or_default();
        assert!(error.contains("min_values=x"), "{error}");
        let error = MinerRules::parse("colour=red").err().unwrap_or_default();
        assert!(error.contains("colour"), "{error}");
    }
}
