//! A second look before the window, for a change that waited for its
//! trigger. A release can run healthy for days until a date, a batch, a
//! delivery or a peak takes the path it broke; a day's window then holds only
//! the changes that did not do it.
//!
//! The look runs only when no change of the window explains the incident. It
//! ranks the week before the onset with the same scores, and names a change
//! older than the window only when it stands out from the commits that were
//! running while the service was healthy: its score reaches the threshold
//! those very commits set (their median + 3 robust standard deviations,
//! score.rs), which the window's ranking already computed. When there are
//! too few of them, or they all score so near nothing that the bar is
//! `EXPLAINS_MIN`'s floor (no spread to stand out from), nothing is named: a
//! change that has run for days needs a comparison, not a minimum. The
//! repository's first commit is never named: it is the whole service, not a
//! change to it.
//!
//! It reads no more of the repository: the week's commits before the window
//! are among the background commits the window's read already holds (up to
//! `BACKGROUND_COMMITS` of them, so a repository busier than that in a week
//! is looked at as far back as they reach).
//!
//! Measured on the incident benchmark (190 scenarios): 8 culprits that landed
//! 26 to 140 hours before the onset are named first, and 4 outages outside
//! the repository gain a false culprit (docs/eval.md).

use super::clues::IncidentClues;
use super::history::{Commit, History};
use super::score::{self, human_duration, Suspect};

/// How far back the second look reads: a week holds the weekly cycles
/// (weekend peaks, weekly jobs and deliveries) a latent change may wait for.
pub const LOOK_BACK_MS: i64 = 7 * 86_400_000;
/// Suspects the look may name.
const NAMED: usize = 3;

/// The changes older than the window that explain the incident, best first
/// (empty when the window is already a week or more, or none stands out).
/// `history` is the window's read and `threshold` its threshold.
pub fn older_suspects(
    history: &History,
    clues: &IncidentClues,
    onset_ms: i64,
    window_ms: i64,
    threshold: f64,
) -> Vec<Suspect> {
    let compared = history.background.len() >= score::MIN_BACKGROUND_FOR_THRESHOLD
        && threshold > score::EXPLAINS_MIN;
    if window_ms >= LOOK_BACK_MS || !compared {
        return Vec::new();
    }
    let window_start_ms = onset_ms.saturating_sub(window_ms);
    let week_start_ms = onset_ms.saturating_sub(LOOK_BACK_MS);
    // The week's suspects: the window's, and the background commits that
    // landed within the week; the rest stay background.
    let (week, before): (Vec<Commit>, Vec<Commit>) = history
        .background
        .iter()
        .cloned()
        .partition(|c| c.landed_ms() >= week_start_ms);
    let in_week: Vec<Commit> = history.in_window.iter().cloned().chain(week).collect();
    let first_commit = |sha: &str| in_week.iter().any(|c| c.sha == sha && c.parents.is_empty());
    let (ranked, _, _) = score::rank(
        &in_week,
        &before,
        &history.tree,
        clues,
        onset_ms,
        LOOK_BACK_MS,
    );
    ranked
        .into_iter()
        .filter(|s| ran_before_the_window(s, window_start_ms) && !first_commit(&s.sha))
        .filter(|s| s.explains && s.score >= threshold)
        .take(NAMED)
        .map(|mut s| {
            s.reasons.push(format!(
                "landed {} before the onset, before the {} window, in which no change explains the incident; it scores above the threshold the commits before the window set ({threshold:.1}): a change that waited for its trigger",
                human_duration(onset_ms - s.landed_ms),
                human_duration(window_ms),
            ));
            s
        })
        .collect()
}

/// Whether a suspect landed before the window and ran before it too. A
/// change deployed inside the window, however long ago it landed, did not
/// run healthy before it: it waited for no trigger, and the second look's
/// premise does not hold for it. Measured on the incident benchmark (272
/// scenarios): three false culprits fewer, no culprit lost.
fn ran_before_the_window(suspect: &Suspect, window_start_ms: i64) -> bool {
    suspect.landed_ms < window_start_ms
        && suspect
            .deployed_ms
            .is_none_or(|deployed| deployed < window_start_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_deployed_inside_the_window_did_not_wait_before_it() {
        let window_start = 100 * 3_600_000;
        let waited = Suspect::running_since("a", 40 * 3_600_000);
        assert!(ran_before_the_window(&waited, window_start));
        let deployed_before = Suspect {
            deployed_ms: Some(window_start - 1),
            ..waited.clone()
        };
        assert!(ran_before_the_window(&deployed_before, window_start));
        let deployed_inside = Suspect {
            deployed_ms: Some(window_start + 3_600_000),
            ..waited.clone()
        };
        assert!(!ran_before_the_window(&deployed_inside, window_start));
        let landed_inside = Suspect::running_since("b", window_start + 1);
        assert!(!ran_before_the_window(&landed_inside, window_start));
    }
}
