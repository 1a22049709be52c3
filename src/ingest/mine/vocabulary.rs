//! Whether a position of a template holds a variable or a constant, decided
//! from the values the data has shown there — never from word lists.
//!
//! When a line differs from some templates of its group at exactly one word
//! position, those templates' words at that position (with the lines each
//! one holds) and the line's own word form that position's vocabulary so far.
//! An open vocabulary (names of packages, units, users, queues) keeps
//! bringing values seen once; a closed one (HTTP methods, states, levels)
//! repeats a few values many times. The Good–Turing estimate of the chance
//! that the next line brings an unseen value — values seen once over lines —
//! tells them apart: a high estimate makes the position a variable, a low one
//! keeps its words as constants that separate templates. However skewed the
//! counts, a position with very many distinct values is a variable
//! (cardinality). A guard bounds a group whose templates multiply like its
//! lines: that is growth no closed vocabulary produces.

/// The thresholds of the decisions above. `Default` holds the built-in
/// values (README: measured leave-one-out on the shared Loghub sets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinerRules {
    /// Distinct values a position must show before the unseen-value estimate is trusted.
    pub min_values: usize,
    /// Estimated chance of an unseen value (values seen once / lines) that makes a variable.
    pub unseen_share: f64,
    /// Distinct values that make a variable whatever their counts.
    pub open_values: usize,
    /// Templates a group (same length and first token) may hold before the
    /// guard checks whether they grow like its lines.
    pub group_cap: usize,
}

impl Default for MinerRules {
    fn default() -> Self {
        MinerRules {
            min_values: 3,
            unseen_share: 0.5,
            open_values: 12,
            group_cap: 64,
        }
    }
}

impl MinerRules {
    /// Parses `min_values=3,unseen_share=0.5,…` over the defaults (the
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
                "unseen_share" => rules.unseen_share = value.trim().parse().map_err(|e| bad(&e))?,
                "open_values" => rules.open_values = value.trim().parse().map_err(|e| bad(&e))?,
                "group_cap" => rules.group_cap = value.trim().parse().map_err(|e| bad(&e))?,
                other => return Err(format!("unknown miner rule `{other}`")),
            }
        }
        Ok(rules)
    }

    /// Whether a position whose distinct values hold `lines` lines each is a
    /// variable (open vocabulary).
    pub fn is_open(&self, lines: &[u64]) -> bool {
        let distinct = lines.len();
        if distinct >= self.open_values {
            return true;
        }
        if distinct < self.min_values {
            return false;
        }
        let total: u64 = lines.iter().sum();
        let seen_once = lines.iter().filter(|&&n| n == 1).count();
        total > 0 && seen_once as f64 / total as f64 >= self.unseen_share
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
    fn values_seen_once_make_a_variable_and_repeated_ones_a_constant() {
        let rules = MinerRules::default();
        assert!(rules.is_open(&[1, 1, 1]), "three names, each once");
        assert!(!rules.is_open(&[1, 1]), "two values are not yet a vocabulary");
        assert!(
            !rules.is_open(&[900, 80, 1]),
            "GET, POST and a first PUT: a closed set"
        );
        assert!(rules.is_open(&[40; 12]), "many distinct values, however frequent");
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
        let rules = MinerRules::parse("min_values=4, unseen_share=0.3").unwrap_or_default();
        assert_eq!(rules.min_values, 4);
        assert_eq!(rules.unseen_share, 0.3);
        assert_eq!(rules.open_values, MinerRules::default().open_values);
        let error = MinerRules::parse("min_values=x").err().unwrap_or_default();
        assert!(error.contains("min_values=x"), "{error}");
        let error = MinerRules::parse("colour=red").err().unwrap_or_default();
        assert!(error.contains("colour"), "{error}");
    }
}
