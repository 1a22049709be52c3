//! Tests of score.rs: ranking, reach, thresholds.

use super::*;
use crate::changes::history::ChangedFile;
use crate::changes::reach::FileRole;

const ONSET_MS: i64 = 1_000_000_000_000;
const HOUR_MS: i64 = 3_600_000;

fn commit(seed: u8, words: &[&str], role: FileRole, landed_ms: i64) -> Commit {
    Commit {
        sha: format!("{seed:02x}").repeat(20),
        parents: Vec::new(),
        author: "dev".into(),
        author_time_ms: landed_ms,
        commit_time_ms: landed_ms,
        subject: format!("commit {seed}"),
        tags: Vec::new(),
        files: vec![ChangedFile {
            path: "x".into(),
            status: "modified".into(),
            role,
        }],
        diff: String::new(),
        diff_truncated: false,
        words: words.iter().map(|w| w.to_string()).collect(),
        introduced_text: String::new(),
        settings: Vec::new(),
        literals: Vec::new(),
        removed_literals: Vec::new(),
        logging_only: None,
        comments_only: false,
    }
}

fn clues(words: &[&str]) -> IncidentClues {
    IncidentClues {
        onset_ms: Some(ONSET_MS),
        words: words.iter().map(|w| (w.to_string(), 1.0)).collect(),
        ..IncidentClues::default()
    }
}

#[test]
fn words_every_commit_shares_do_not_explain_and_rare_ones_do() {
    let incident = clues(&["payments", "timeout", "gateway_url", "tls", "handshake"]);
    // A repo where every commit mentions payments and timeouts.
    let background: Vec<Commit> = (0..10)
        .map(|i| {
            commit(
                i,
                &["payments", "timeout", "retry"],
                FileRole::Runtime,
                ONSET_MS - (48 + i64::from(i)) * HOUR_MS,
            )
        })
        .collect();
    let usual = commit(
        20,
        &["payments", "timeout", "refactor"],
        FileRole::Runtime,
        ONSET_MS - HOUR_MS,
    );
    let cause = commit(
        21,
        &["gateway_url", "tls", "handshake", "payments"],
        FileRole::Runtime,
        ONSET_MS - 3 * HOUR_MS,
    );
    let (suspects, threshold, _) = rank(
        &[usual, cause],
        &background,
        &TreeVocabulary::default(),
        &incident,
        ONSET_MS,
        24 * HOUR_MS,
    );
    assert_eq!(suspects[0].subject, "commit 21", "{suspects:#?}");
    assert!(
        suspects[0].explains && !suspects[1].explains,
        "{suspects:#?}"
    );
    assert!(threshold >= EXPLAINS_MIN);
}

#[test]
fn docs_only_commits_are_discounted_and_time_breaks_ties() {
    let incident = clues(&["gateway_url", "tls", "handshake"]);
    let words = ["gateway_url", "tls", "handshake"];
    let docs = commit(1, &words, FileRole::Docs, ONSET_MS - 10 * 60_000);
    let older = commit(2, &words, FileRole::Runtime, ONSET_MS - 12 * HOUR_MS);
    let newer = commit(3, &words, FileRole::Runtime, ONSET_MS - 20 * 60_000);
    let (suspects, _, _) = rank(
        &[docs, older, newer],
        &[],
        &TreeVocabulary::default(),
        &incident,
        ONSET_MS,
        24 * HOUR_MS,
    );
    let order: Vec<&str> = suspects.iter().map(|s| s.subject.as_str()).collect();
    assert_eq!(order, ["commit 3", "commit 2", "commit 1"]);
    assert!((suspects[2].reach_factor - REACH_NONE).abs() < 1e-9);
    assert!(suspects[2]
        .reasons
        .iter()
        .any(|r| r.contains("touches only docs")));
    assert!(suspects[1].time_factor >= 0.5 && suspects[1].time_factor < suspects[0].time_factor);
}

#[test]
fn a_change_that_runs_nothing_never_explains_however_many_words_it_shares() {
    let words = [
        "vpe_preflight",
        "license",
        "checkout",
        "denied",
        "flexnet",
        "seats",
    ];
    let incident = clues(&words);
    let docs = commit(1, &words, FileRole::Docs, ONSET_MS - 10 * 60_000);
    let mut commented = commit(2, &words, FileRole::Runtime, ONSET_MS - 15 * 60_000);
    commented.comments_only = true;
    // Healthy commits that share none of it make its words rare.
    let background: Vec<Commit> = (10..20)
        .map(|i| {
            let unrelated = [
                "refactor", "rename", "module", "format", "cleanup", "imports",
            ];
            commit(i, &unrelated, FileRole::Runtime, ONSET_MS - 48 * HOUR_MS)
        })
        .collect();
    let (suspects, threshold, _) = rank(
        &[docs, commented],
        &background,
        &TreeVocabulary::default(),
        &incident,
        ONSET_MS,
        24 * HOUR_MS,
    );
    for suspect in &suspects {
        assert!(suspect.score >= threshold, "{suspect:?}");
        assert!(!suspect.explains, "{suspect:?}");
        assert!(suspect
            .reasons
            .iter()
            .any(|r| r.contains("nothing it changes runs in the service")));
    }
}

#[test]
fn routine_words_or_time_alone_do_not_explain_and_a_commit_that_never_ran_scores_zero() {
    // Words of INFO lines new after the onset weigh ¼ (clues.rs).
    let mut incident = clues(&[]);
    incident.words = [("unsubscribe", 0.25), ("headers", 0.25)]
        .into_iter()
        .map(|(w, x)| (w.to_string(), x))
        .collect();
    let near = commit(
        1,
        &["unsubscribe", "headers"],
        FileRole::Runtime,
        ONSET_MS - 60_000,
    );
    let unrelated = commit(2, &["readme"], FileRole::Runtime, ONSET_MS - 60_000);
    let (suspects, threshold, _) = rank(
        &[near, unrelated],
        &[],
        &TreeVocabulary::default(),
        &incident,
        ONSET_MS,
        24 * HOUR_MS,
    );
    assert!((threshold - EXPLAINS_MIN).abs() < 1e-9);
    assert!(suspects.iter().all(|s| !s.explains), "{suspects:#?}");
    assert_eq!(suspects[1].score, 0.0);

    // The same commit as an error's evidence, but landed after the last deploy.
    let mut incident = clues(&["gateway_url", "handshake"]);
    let shipped = commit(3, &["refactor"], FileRole::Runtime, ONSET_MS - 3 * HOUR_MS);
    let mut late = commit(
        4,
        &["gateway_url", "handshake"],
        FileRole::Runtime,
        ONSET_MS - HOUR_MS,
    );
    late.parents = vec![shipped.sha.clone()];
    incident.deploys = vec![crate::changes::clues::DeployClue {
        time_ms: ONSET_MS - 2 * HOUR_MS,
        label: "app start".into(),
        shas: vec![shipped.sha[..7].to_string()],
        versions: Vec::new(),
        settings: Vec::new(),
    }];
    let (suspects, _, _) = rank(
        &[late, shipped],
        &[],
        &TreeVocabulary::default(),
        &incident,
        ONSET_MS,
        24 * HOUR_MS,
    );
    let late = suspects.iter().find(|s| s.subject == "commit 4").unwrap();
    assert!(
        !late.ran && late.score == 0.0 && !late.explains,
        "{late:#?}"
    );
    assert!(late.reasons.iter().any(|r| r.contains("never ran")));
}

#[test]
fn versions_match_as_whole_words_only() {
    use crate::changes::deploys::contains_word;
    assert!(contains_word("image: shop/api:v7.4.9\n", "v7.4.9"));
    assert!(contains_word("release v7.4.9.", "v7.4.9"));
    assert!(!contains_word("image: shop/api:v7.4.90", "v7.4.9"));
    assert!(!contains_word("bump to 1.2.3", "1.2"));
}
