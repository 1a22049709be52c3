//! The miner's grouping rules, line by line.

use super::*;

#[test]
fn numbers_and_ids_fold_into_one_template() {
    let mut miner = Miner::new();
    let a = miner.add("Connection to 10.0.0.1 timed out after 5000 ms", 1);
    let b = miner.add("Connection to 10.0.0.9 timed out after 30 ms", 2);
    assert_eq!(a, b);
    assert_eq!(
        miner.get(a).unwrap().text,
        "Connection to <*> timed out after <*>"
    );
    assert_eq!(miner.get(a).unwrap().count, 2);
}

#[test]
fn generalizing_keeps_the_old_id_resolvable() {
    let mut miner = Miner::new();
    // A common user and a tail of rare ones: the user is a variable.
    let root = miner.add("session opened for user root", 0);
    for t in 1..20 {
        miner.add("session opened for user root", t);
    }
    let alice = miner.add("session opened for user alice", 20);
    let bob = miner.add("session opened for user bob", 21);
    assert_ne!(
        miner.resolve(root),
        miner.resolve(alice),
        "too few values yet"
    );
    assert_eq!(miner.len(), 3);
    let carol = miner.add("session opened for user carol", 22);
    assert_ne!(root, carol, "the template text changed, so its id did");
    for id in [root, alice, bob] {
        assert_eq!(miner.resolve(id), carol, "siblings it covers merge");
    }
    let template = miner.get(root).unwrap();
    assert_eq!(template.text, "session opened for user <*>");
    assert_eq!(template.count, 23);
    assert_eq!(miner.len(), 1);
    assert_eq!(miner.templates().count(), 1);
    assert_eq!(miner.add("session opened for user dave", 23), carol);
}

#[test]
fn a_closed_vocabulary_stays_constant() {
    let mut miner = Miner::new();
    let methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    for round in 0..40 {
        for method in &methods[..2 + (round % 4).min(3)] {
            miner.add(
                &format!("{method} /api/orders/{round} HTTP/1.1 200"),
                round as i64,
            );
        }
    }
    let texts: Vec<String> = miner.templates().map(|t| t.text.clone()).collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert!(texts.iter().all(|t| !t.starts_with("<*>")), "{texts:?}");
}

#[test]
fn a_state_crossed_with_a_name_stays_a_type() {
    // dpkg as apt drives it: every package is unpacked, then every package
    // is configured, through the same states.
    let mut miner = Miner::new();
    let packages = [
        "curl", "less", "make", "patch", "gnupg", "xauth", "netbase", "git", "perl", "tzdata",
        "libc6", "openssl", "dirmngr", "manpages",
    ];
    for package in packages {
        for state in ["half-installed", "unpacked", "unpacked"] {
            miner.add(&format!("status {state} {package}:amd64 1.2-3"), 0);
        }
    }
    for package in packages {
        for state in ["unpacked", "half-configured", "installed"] {
            miner.add(&format!("status {state} {package}:amd64 1.2-3"), 0);
        }
    }
    let states = ["half-installed", "unpacked", "half-configured", "installed"];
    let mut texts: Vec<String> = miner.templates().map(|t| t.text.clone()).collect();
    texts.sort();
    let expected: Vec<String> = {
        let mut e: Vec<String> = states
            .iter()
            .map(|s| format!("status {s} <*> <*>"))
            .collect();
        e.sort();
        e
    };
    assert_eq!(texts, expected);
}

#[test]
fn the_guard_stops_templates_growing_like_lines() {
    // Two word positions, each new line a new pair: no vocabulary forms, but
    // the group grows like its lines.
    let rules = MinerRules {
        open_values: usize::MAX,
        ..MinerRules::default()
    };
    let mut miner = Miner::with_rules(rules);
    for i in 0..1_000u32 {
        let a = char::from(b'a' + (i % 26) as u8);
        let b = char::from(b'a' + (i / 26 % 26) as u8);
        miner.add(&format!("job x{a}{b}q y{b}{a}q done"), i64::from(i));
    }
    assert!(miner.len() <= rules.group_cap, "{} templates", miner.len());
}

#[test]
fn different_messages_stay_apart() {
    let mut miner = Miner::new();
    let a = miner.add("db pool exhausted after 5000 ms", 1);
    let b = miner.add("order ord_1 placed for u-1 in 37 ms", 2);
    assert_ne!(miner.resolve(a), miner.resolve(b));
    assert_eq!(
        miner.add("key=12 mode=fast", 3),
        miner.add("key=99 mode=fast", 4)
    );
}

#[test]
fn values_proven_in_one_message_are_values_in_another() {
    let mut miner = Miner::new();
    // Three balanced users in the trailing half: after a fourth, a variable.
    for round in 0..10 {
        for user in ["cyrus", "news", "test"] {
            miner.add(&format!("session opened for user {user} by (uid=0)"), round);
            miner.add(&format!("session closed for user {user}"), round);
        }
    }
    assert_eq!(miner.len(), 6, "three values are not yet a vocabulary");
    let closed = miner.add("session closed for user root", 11);
    assert_eq!(
        miner.get(closed).map(|t| t.text.as_str()),
        Some("session closed for user <*>")
    );
    // `opened` never saw a fourth user, but its three are known values now.
    let opened = miner.add("session opened for user cyrus by (uid=0)", 12);
    assert_eq!(
        miner.get(opened).map(|t| t.text.as_str()),
        Some("session opened for user <*> by (uid=<*>)")
    );
    assert_eq!(miner.len(), 2);
}

#[test]
fn balanced_words_that_lead_a_message_stay_kinds_of_event() {
    let mut miner = Miner::new();
    for round in 0..10 {
        for state in ["installed", "unpacked", "half-configured"] {
            miner.add(&format!("status {state} libfoo:amd64 1.{round}"), round);
        }
    }
    miner.add("status half-installed libfoo:amd64 1.0", 10);
    assert_eq!(miner.len(), 4, "states lead the message: constants");
}

#[test]
fn colour_codes_neither_split_nor_merge_messages() {
    // The fast path's shape must be taken on the line the slow path masks:
    // raw, both coloured requests would mask alike and share a shape.
    let line = |colour: &str, method: &str| {
        format!(
            "127.0.0.1 - - [04/Dec/2026 22:33:40] \"\u{1b}[{colour}m{method} /b/k-1 HTTP/1.1\u{1b}[0m\" 403 -"
        )
    };
    let mut miner = Miner::new();
    let get_red = miner.add(&line("31", "GET"), 0);
    let get_yellow = miner.add(&line("33", "GET"), 1);
    let delete_red = miner.add(&line("31", "DELETE"), 2);
    assert_eq!(get_red, get_yellow);
    assert_ne!(miner.resolve(get_red), miner.resolve(delete_red));
    assert_eq!(
        miner.get(get_red).map(|t| t.text.as_str()),
        Some("<*> - - <*> \"GET <*>\" 4xx -")
    );
}

#[test]
fn two_codes_of_one_code_field_are_two_events_however_many_there_are() {
    let mut miner = Miner::new();
    let reasons = [
        "CARD_AUTH",
        "NO_TICKET",
        "FOREIGN_MEDIA",
        "READ_ERROR",
        "DEFECTIVE",
    ];
    let mut ids = Vec::new();
    for round in 0..5 {
        for reason in reasons {
            ids.push(miner.add(
                &format!("gate rejected passage lane=SIG-L{round} reason={reason} uid=04{round}8FF6E card=ARL-1632{round}"),
                round,
            ));
        }
    }
    let templates: std::collections::BTreeSet<_> =
        ids.iter().map(|id| miner.resolve(*id)).collect();
    assert_eq!(templates.len(), reasons.len(), "one template per reason");
    let card_auth = miner.get(miner.resolve(ids[0])).unwrap();
    assert!(
        card_auth.text.contains("reason=CARD_AUTH"),
        "{}",
        card_auth.text
    );
    // A firewall's verdict (FortiGate's `action=`) is a code too.
    let deny = miner.add(
        "traffic forward srcip=10.0.0.1 action=\"deny\" policyid=0",
        9,
    );
    let accept = miner.add(
        "traffic forward srcip=10.0.0.2 action=\"accept\" policyid=0",
        9,
    );
    assert_ne!(miner.resolve(deny), miner.resolve(accept));
    // A code with digits is a value, as before; other fields still generalise.
    let a = miner.add("charge failed code=card_declined attempt=1", 9);
    let b = miner.add("charge failed code=card_declined attempt=2", 9);
    assert_eq!(miner.resolve(a), miner.resolve(b));
}
