use super::*;

#[test]
fn a_commit_that_writes_the_message_observes_its_template() {
    let added = r#"+    logger.Warn("slow request", "path", r.URL.Path, "took", took)
+        log.warning("token rejected: %s: %s", type(err).__name__, err)
+        log.error("delivery failed topic=%s partition=%s outbox_id=%s: %s", t, p, k, err)
+    x := compute("a", 2)"#;
    let lits = literals(added);
    assert_eq!(lits.len(), 3, "{lits:?}");
    let clue = |template: &str| TemplateClue {
        text: template_text(template),
        ..TemplateClue::default()
    };
    let sources = WordSources {
        templates: vec![
            clue("slow request"),
            clue("Readiness probe failed: <*>"),
            clue("token rejected: <*>: The token is not yet valid (iat)"),
            clue("ERROR outbox.relay: delivery failed topic=<*> partition=<*> outbox_id=<*>: KafkaError{code=NOT_ENOUGH_REPLICAS}"),
            clue("delivery failed after <*> retries"),
        ],
        ..WordSources::default()
    };
    assert_eq!(observed(&lits, &sources), BTreeSet::from([0, 2, 3]));
    // Words must match whole: "slow requests" is not "slow request".
    let plural = WordSources {
        templates: vec![clue("very slow requests")],
        ..WordSources::default()
    };
    assert!(observed(&lits, &plural).is_empty());
    // Short phrases are in too many messages to say who wrote one.
    assert!(literals(r#"+ log("timed out")"#).is_empty());
    // Text that is not a logging call's message is not a message written.
    assert!(literals(r#"+ execute "CREATE UNIQUE INDEX index_users_on_lower_email""#).is_empty());
    assert!(literals(r#"+ router.get("/health/ready", ready)"#).is_empty());
    assert!(literals(r#"+ raise ValueError("token rejected by the gateway")"#).is_empty());
    // A call spread over lines, its message after the fields (tracing,
    // structlog): the message is on a later line of the call.
    let spread = "        warn!(contact_id = %r.contact_id, status = %r.status,
          reason = %r.failure_reason.as_deref().unwrap_or(\"-\"),
          tracking = %r.tracking_source, \"contact not completed\");
let x = compute(\"not a message of the call\");";
    assert_eq!(
        literals(spread),
        vec![vec!["contact not completed".to_string()]]
    );
    for call in [
        r#"console.error("payment capture failed"#,
        r#"fmt.Printf("slow request took"#,
        r#"warn!("slow request took"#,
        r#"slog.Infof("slow request took"#,
    ] {
        assert_eq!(literals(&format!("+ {call}\")")).len(), 1, "{call}");
    }
}

#[test]
fn the_level_methods_of_each_logging_api_are_logging_calls() {
    for call in [
        "log.LogError(e, ",          // .NET ILogger
        "_logger.LogInformation(",   // .NET ILogger
        "Log.Information(",          // Serilog
        "Log.Verbose(",              // Serilog
        "logger.ErrorContext(ctx, ", // Go slog
        "LOGGER.severe(",            // java.util.logging
        "LOGGER.finest(",            // java.util.logging
        "sugar.Errorw(",             // zap
    ] {
        assert!(is_logging_call(call), "{call}");
    }
    // Only a name goes ahead of the message: a call's result or a
    // second argument does not.
    for call in [
        "log.LogError(BuildError(ex), ",
        "log.error(e, ctx, ",
        "session.login(user, ",
    ] {
        assert!(!is_logging_call(call), "{call}");
    }
    for call in [
        "session.login(",
        "catalog.lookup(",
        "users.Logout(",
        "refine(",
    ] {
        assert!(!is_logging_call(call), "{call}");
    }
    // A message formatted first and handed straight to the logger.
    for call in [
        "$this->logger->warning(sprintf(", // PHP PSR-3
        "log.warn(String.format(",         // Java
        "log.Print(fmt.Sprintf(",          // Go
    ] {
        assert!(is_logging_call(call), "{call}");
    }
    for call in ["sprintf(", "query(String.format(", "$sql = sprintf("] {
        assert!(!is_logging_call(call), "{call}");
    }
}

#[test]
fn only_words_that_rest_on_observed_templates_and_their_paths_are_dropped() {
    let mut sources = WordSources {
        templates: vec![
            TemplateClue {
                id: 1,
                text: "slow request".into(),
                pieces: vec!["slow request".into()],
                paths: BTreeSet::from(["server/middleware.go".to_string()]),
            },
            TemplateClue {
                id: 2,
                text: "upstream timed out".into(),
                pieces: vec!["upstream timed out".into()],
                paths: BTreeSet::new(),
            },
        ],
        ..WordSources::default()
    };
    for (word, templates) in [
        ("slow", vec![0]),
        ("request", vec![0, 1]),
        ("upstream", vec![1]),
    ] {
        sources.by_template.insert(word.into(), templates);
    }
    sources.by_path.insert(
        "middleware".into(),
        BTreeSet::from(["server/middleware.go".to_string()]),
    );
    sources.other.insert("panic".into());
    sources.by_template.insert("panic".into(), vec![0]);
    let words: Vec<String> = ["slow", "request", "upstream", "middleware", "panic", "pod"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let dropped = observed_only(words.iter(), &sources, &BTreeSet::from([0]));
    assert_eq!(
        dropped,
        BTreeSet::from(["middleware".to_string(), "slow".to_string()])
    );
}

#[test]
fn a_message_after_the_exception_argument_is_a_literal_the_commit_writes() {
    for call in [
        r#"log.LogError(ex, "MQ put to {Queue} on {QueueManager} failed")"#,
        r#"LOG.errorf(e, "tick failed partition=%s size=%d", p.id(), n)"#,
        r#"Log.Error(ex, "label request failed for {Order}")"#,
    ] {
        assert_eq!(literals(&format!("+ {call}")).len(), 1, "{call}");
    }
    // A string handed to something else after a name is not a message.
    assert!(literals(r#"+ cache.put(key, "price quote for the basket")"#).is_empty());
}

#[test]
fn a_python_f_string_is_a_message_the_commit_writes() {
    for call in [
        r#"log.warning(f"operational intent Nonconforming: {body['reason']}", intent=i)"#,
        r#"logger.error(rf"upload of {name} failed after {n} tries")"#,
    ] {
        assert_eq!(literals(&format!("+ {call}")).len(), 1, "{call}");
    }
    // The prefix is one or two letters right after the logger's parenthesis.
    assert!(literals(r#"+ refresh(buf"operational intent Nonconforming")"#).is_empty());
}

#[test]
fn a_message_with_a_number_the_miner_masked_still_writes_its_template() {
    let lits = literals(
        r#"+        log.warning("inbound lab results not filed after 10 min", extra={"waiting": n})"#,
    );
    let clue = |template: &str| TemplateClue {
        text: template_text(template),
        pieces: template_pieces(template),
        ..TemplateClue::default()
    };
    let sources = WordSources {
        templates: vec![
            clue("inbound lab results not filed after <*>"),
            clue("<*> lab results not filed after <*> min"),
            // Its constant text is too short to say who wrote it.
            clue("inbound <*>"),
            // Another message that starts the same way.
            clue("inbound lab results filed"),
            // The literal's words, but not at the template's start.
            clue("retrying inbound lab results not filed after <*>"),
        ],
        ..WordSources::default()
    };
    assert_eq!(observed(&lits, &sources), BTreeSet::from([0, 1]));
    assert_eq!(
        template_pieces("<*> tordis[<*>]: nfc: AID <*> failed"),
        vec!["", "tordis", "", "nfc aid", "", "failed"]
    );
}

#[test]
fn a_reworded_message_is_reported_in_both_wordings() {
    let clue = |template: &str| TemplateClue {
        text: template_text(template),
        pieces: template_pieces(template),
        ..TemplateClue::default()
    };
    let mut clues = IncidentClues {
        sources: WordSources {
            templates: vec![
                clue("Ravel refused licence request: loan=<*> status=<*> code=<*>"),
                // The old wording, which a rollback brings back.
                clue("licence request to Ravel failed: loan=<*> HttpClientErrorException$Forbidden: 403"),
                clue("checkout failed: licence broker answered 502"),
            ],
            ..WordSources::default()
        },
        ..IncidentClues::default()
    };
    for (word, template) in [
        ("refused", 0),
        ("httpclienterrorexception", 1),
        ("checkout", 2),
    ] {
        clues.words.insert(word.into(), 1.0);
        clues
            .sources
            .by_template
            .insert(word.into(), vec![template]);
    }
    let commit = Commit {
        literals: literals(
            r#"+ log.warn("Ravel refused licence request: loan={} status={} code={}", a, b, c)"#,
        ),
        removed_literals: literals(
            r#"- log.error("licence request to Ravel failed: loan={} {}", a, e)"#,
        ),
        ..crate::changes::deploys::tests::linear(&[1]).remove(0)
    };
    let (stems, reason) = stems_for(&commit, &clues).expect("it writes an incident message");
    assert!(reason.contains("ravel refused licence request"), "{reason}");
    let kept: Vec<&str> = stems.values().map(|(word, _)| word.as_str()).collect();
    assert_eq!(kept, vec!["checkout"]);
}

#[test]
fn printf_conversions_with_flags_width_and_precision_are_gaps() {
    // Python's and C's `%` formatting: `%.1f`, `%-8s`, `%5.2lf`, `%08x`.
    assert_eq!(
        pieces("silence alarm relayed: %s switched to %s (%.1f s below %.1f dBFS)"),
        ["silence alarm relayed", "switched to", "s below", "dbfs"]
    );
    assert_eq!(
        pieces("queue %-8s depth %5.2lf at %08x"),
        ["queue", "depth", "at"]
    );
    // Not conversions: a percentage, `%%`.
    assert_eq!(
        normalize("disk 100% full, 50%% done"),
        "disk 100 full 50 done"
    );
    assert_eq!(
        template_text(
            "silence alarm relayed: KLA-PGM switched to EMERGENCY (<*> s below <*> dBFS)"
        ),
        "silence alarm relayed kla pgm switched to emergency s below dbfs"
    );
}
