//! The incident's word weights read from a real engine: a word borrows a
//! template's severity only as far as that template's rate changed, and the
//! names of levels are not clue words.

use super::IncidentClues;
use crate::ingest::{Engine, EngineConfig};

/// 30 healthy minutes with a steady warning naming `/v1/entries/batch`, then
/// 10 minutes where the warning goes on as before and a new unleveled line
/// (Go's standard logger) names the same path with a TLS failure.
fn engine() -> (Engine, i64) {
    let mut lines = Vec::new();
    for minute in 0..40 {
        lines.push(format!(
            "2026-11-10T08:{minute:02}:00Z WARN request body buffered for POST /v1/entries/batch"
        ));
        if minute >= 30 {
            for second in [10, 30, 50] {
                lines.push(format!(
                    "2026-11-10T08:{minute:02}:{second:02}Z ledger client: POST /v1/entries/batch failed: tls: certificate has expired"
                ));
            }
        }
    }
    let mut engine = Engine::new(EngineConfig::default());
    engine.push_lines(0, &lines, 0);
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-11-10T08:30:00Z").unwrap();
    (engine, onset_ms)
}

#[test]
fn a_steady_warning_lends_no_severity_to_a_new_line_that_shares_its_word() {
    let (engine, onset_ms) = engine();
    let clues = IncidentClues::from_engine_at(&engine, Some(onset_ms));
    let weight = |word: &str| clues.words.get(word).copied().unwrap_or(0.0);
    // `batch` is in the steady warning (1 line a minute before and after)
    // and in the new line (3 a minute): its novelty is 1 − 1/4, and its
    // severity that of the new, unleveled line (¼), not the warning's ½.
    let novelty = 1.0 - 1.0 / 4.0;
    assert!((weight("expired") - 0.25).abs() < 0.01, "{:?}", clues.words);
    assert!(
        (weight("batch") - 0.25 * novelty).abs() < 0.02,
        "batch {}",
        weight("batch")
    );
    // The warning's own words, as steady as before, say nothing.
    assert!(weight("buffered") < 0.01, "{:?}", clues.words);
    // A level's name is the format's, not the incident's.
    assert_eq!(clues.words.get("warn"), None);
}

#[test]
fn a_path_the_healthy_warnings_named_as_often_is_no_clue_and_a_new_one_is() {
    let mut lines = Vec::new();
    for minute in 0..40 {
        lines.push(format!(
            "2026-11-10T08:{minute:02}:00Z WARN slow query in /app/src/report.py line 9"
        ));
        if minute >= 30 {
            lines.push(format!(
                "2026-11-10T08:{minute:02}:30Z ERROR crashed in /app/src/validate.py line 4"
            ));
        }
    }
    let mut engine = Engine::new(EngineConfig::default());
    engine.push_lines(0, &lines, 0);
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-11-10T08:30:00Z").unwrap();
    let clues = IncidentClues::from_engine_at(&engine, Some(onset_ms));
    assert_eq!(
        clues.code_paths.get("/app/src/validate.py"),
        Some(&1.0),
        "{:?}",
        clues.code_paths
    );
    // As many lines a minute as before (the last minute is cut short: ~5 % more).
    let steady = clues.code_paths.get("/app/src/report.py").copied();
    assert!(steady.unwrap_or(0.0) < 0.05, "{steady:?}");
}

mod unit {
    use super::super::*;

    #[test]
    fn severity_comes_from_the_level_or_the_level_words_a_template_states() {
        assert_eq!(
            stated_level("http: panic serving <*>: runtime error: nil pointer"),
            LogLevel::Fatal
        );
        assert_eq!(stated_level("sent <*> e-mails"), LogLevel::Trace);
        assert!(severity_weight(LogLevel::Error) > severity_weight(LogLevel::Warn));
        assert!(severity_weight(LogLevel::Warn) > severity_weight(LogLevel::Info));
    }
}

#[test]
fn a_noisy_source_does_not_use_up_the_deploy_lines_of_the_others() {
    // An access log first, each line with a deploy word and a hex id.
    let noise: Vec<String> = (0..600)
        .map(|i| {
            format!(
                "2026-11-10T08:{:02}:{:02}Z GET /release-notes 200 req={:032x}",
                i / 60,
                i % 60,
                0xabc0_0000_u64 + i
            )
        })
        .collect();
    let deploy = ["2026-11-10T09:50:00Z INFO starting api release=4218ac8d25a0".to_string()];
    let mut engine = Engine::new(EngineConfig::default());
    engine.push_lines(0, &noise, 0);
    engine.push_lines(1, &deploy, 0);
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-11-10T10:00:00Z").unwrap();
    let clues = IncidentClues::from_engine_at(&engine, Some(onset_ms));
    assert!(
        clues.deploys.iter().any(|d| d.shas == ["4218ac8d25a0"]),
        "{} clues, the real one missing",
        clues.deploys.len()
    );
    assert!(clues.deploys.len() <= super::super::deploy_reader::MAX_DEPLOY_LINES_PER_SOURCE + 1);
}

#[test]
fn a_trace_folded_under_one_message_rests_on_that_message_and_a_shared_frame_does_not() {
    // Two new error messages from the onset, each logged with a trace; the
    // trace of the first names `Publisher.cs` only, both name `Put`.
    let mut lines = vec!["2026-04-23 08:00:00.000 +00:00 [INF] service started".to_string()];
    for second in 0..20 {
        lines.push(format!(
            "2026-04-23 08:31:{second:02}.000 +00:00 [ERR] MQ put to QUEUE failed: reason 2102"
        ));
        lines.push("   at IBM.WMQ.MQDestination.Put(MQMessage message)".to_string());
        lines.push("   at Crew.Publisher.Publish() in /src/Publisher.cs:line 27".to_string());
        lines.push(format!(
            "2026-04-23 08:31:{second:02}.500 +00:00 [ERR] listener get failed: reason 2102"
        ));
        lines.push("   at IBM.WMQ.MQDestination.Put(MQMessage message)".to_string());
    }
    let mut engine = Engine::new(EngineConfig::default());
    engine.push_lines(0, &lines, 0);
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-04-23T08:31:00Z").unwrap();
    let clues = IncidentClues::from_engine_at(&engine, Some(onset_ms));
    let sources = &clues.sources;
    let put_message = sources
        .templates
        .iter()
        .position(|t| t.text.contains("mq put to"))
        .expect("the put template weighs");
    assert_eq!(
        sources.by_template.get("publisher.cs"),
        Some(&vec![put_message])
    );
    assert!(!sources.other.contains("publisher.cs"));
    // Both messages' records fold `mqdestination`: it is not one message's.
    assert_eq!(
        sources.by_template.get("mqdestination").map(Vec::len),
        Some(2)
    );
}
