//! How a line's masked tokens meet a template: Drain's similarity, and the
//! word positions where they conflict (the vocabulary rules look at lines that
//! conflict with a template at exactly one position).

use super::mask::{code_field_key, WILDCARD};

/// How a template's fixed words meet a line's tokens.
pub enum Conflict {
    None,
    /// Exactly one position where both hold different words.
    At(usize),
    Several,
}

pub struct Fit {
    pub conflict: Conflict,
    /// Drain's similarity: agreeing positions over the positions the template fixes.
    pub similarity: f64,
    /// The same, leaving out the one conflicting position.
    pub similarity_elsewhere: f64,
}

pub fn compare(template: &[String], tokens: &[String]) -> Fit {
    let mut fit = Fit {
        conflict: Conflict::None,
        similarity: 0.0,
        similarity_elsewhere: 0.0,
    };
    if template.len() != tokens.len() || tokens.is_empty() {
        fit.conflict = Conflict::Several;
        return fit;
    }
    let mut same = 0u32;
    let mut fixed = 0u32;
    for (position, (a, b)) in template.iter().zip(tokens).enumerate() {
        if a == WILDCARD {
            continue;
        }
        fixed += 1;
        if a == b {
            same += 1;
        } else if b != WILDCARD {
            if distinct_codes(a, b) {
                // Two codes of one field are two events (mask::code_field_key).
                fit.conflict = Conflict::Several;
                return fit;
            }
            fit.conflict = match fit.conflict {
                Conflict::None => Conflict::At(position),
                _ => Conflict::Several,
            };
        }
    }
    // A template of wildcards only fixes nothing; it is as similar as the
    // line is made of values (it must not swallow lines of words).
    let values = tokens.iter().filter(|t| *t == WILDCARD).count() as f64;
    let all_values = values / tokens.len() as f64;
    let share = |same: u32, fixed: u32| {
        if fixed == 0 {
            all_values
        } else {
            f64::from(same) / f64::from(fixed)
        }
    };
    fit.similarity = share(same, fixed);
    fit.similarity_elsewhere = share(same, fixed.saturating_sub(1));
    fit
}

/// `reason=CARD_AUTH` against `reason=NO_TICKET`: the same code field with
/// another code.
fn distinct_codes(a: &str, b: &str) -> bool {
    match (code_field_key(a), code_field_key(b)) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}
