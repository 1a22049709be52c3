//! Tails: lists and argument vectors of any length meet; look-alikes don't.

use super::*;

fn template_of(miner: &Miner, id: crate::ingest::mine::TemplateId) -> String {
    miner.get(id).map(|t| t.text.clone()).unwrap_or_default()
}

#[test]
fn a_list_after_a_label_is_one_value_with_commas_inside_brackets_kept_in_items() {
    let mut tails = Tails::default();
    let (tokens, tail) =
        tails.masked_line("Install: a:amd64 (1.2-1, automatic), b:amd64 (3.4), c-dev:amd64 (5:6)");
    assert_eq!(
        tokens.len(),
        8,
        "one list alone is not yet a list field: {tokens:?}"
    );
    assert!(!tail.expect("a candidate").open);
    let (tokens, tail) =
        tails.masked_line("Install: d:amd64 (1), e:amd64 (2), f:amd64 (3), g:amd64 (4)");
    assert_eq!(
        tokens,
        ["Install:", "<*>"],
        "another count: the field holds lists"
    );
    let tail = tail.expect("a list");
    assert!(tail.open);
    assert_eq!(tail.prefix, 1);
    let (tokens, _) = tails.masked_line("Install: nodejs:amd64 (20.1)");
    assert_eq!(tokens, ["Install:", "<*>"], "one item in a list field");
    tails.masked_line("Removed 3 items: x.log, y.log, z.log");
    let (tokens, _) = tails.masked_line("Removed 4 items: x.log, y.log, z.log, w.log");
    assert_eq!(tokens, ["Removed", "<*>", "items:", "<*>"]);
}

#[test]
fn prose_with_commas_is_not_a_list() {
    for line in [
        "Failed to connect, retrying in 5 seconds",
        "error: could not open the file, giving up now, sorry",
        "note: first, second and then, a much longer clause follows here",
        "state: a=1, b, c",
    ] {
        let mut tails = Tails::default();
        tails.masked_line(line);
        let (tokens, tail) = tails.masked_line(line);
        assert!(!tail.is_some_and(|t| t.open), "{line}: {tokens:?}");
    }
}

#[test]
fn lists_of_every_length_share_a_template_and_short_ones_join_it() {
    let mut miner = Miner::new();
    // Two items cannot show a list yet: its own template, for now.
    let two = miner.add(
        "Upgrade: libsystemd0:amd64 (1.1, 1.2), libudev1:amd64 (1.1, 1.2)",
        0,
    );
    let many = miner.add(
        "Upgrade: libcurl4:amd64 (7.1, 7.2), git:amd64 (1:2.3, 1:2.4), gpg:amd64 (2.2, 2.3), curl:amd64 (7.1, 7.2)",
        1,
    );
    let one = miner.add("Upgrade: tzdata:amd64 (2025b-0, 2025b-1)", 2);
    let longer = miner.add(
        "Upgrade: a:amd64 (1, 2), b:amd64 (1, 2), c:amd64 (1, 2), d:amd64 (1, 2), e:amd64 (1, 2), f:amd64 (1, 2)",
        3,
    );
    for id in [two, one, longer] {
        assert_eq!(miner.resolve(id), miner.resolve(many));
    }
    assert_eq!(template_of(&miner, many), "Upgrade: <*>");
    assert_eq!(miner.get(many).unwrap().count, 4);
    assert_eq!(miner.len(), 1);
}

#[test]
fn a_list_does_not_take_another_label_or_items_of_another_shape() {
    let mut miner = Miner::new();
    let install = miner.add("Install: a:amd64 (1), b:amd64 (2), c:amd64 (3)", 0);
    miner.add(
        "Install: a:amd64 (1), b:amd64 (2), c:amd64 (3), d:amd64 (4)",
        1,
    );
    let purge = miner.add("Purge: a:amd64 (1), b:amd64 (2), c:amd64 (3)", 2);
    miner.add(
        "Purge: a:amd64 (1), b:amd64 (2), c:amd64 (3), d:amd64 (4)",
        3,
    );
    assert_eq!(template_of(&miner, install), "Install: <*>");
    assert_ne!(miner.resolve(install), miner.resolve(purge));
    // Same label, one item of another shape, and a sentence: not list items.
    let other = miner.add("Install: key=value (1)", 4);
    let sentence = miner.add("Install: finished with no errors at all today", 5);
    assert_ne!(miner.resolve(other), miner.resolve(install));
    assert_ne!(miner.resolve(sentence), miner.resolve(install));
    assert_eq!(miner.len(), 4);
}

#[test]
fn records_of_fixed_fields_keep_the_words_that_separate_them() {
    let mut miner = Miner::new();
    let mut ids = Vec::new();
    for (t, state) in ["LOOKING", "FOLLOWING", "LEADING", "LOOKING", "FOLLOWING"]
        .iter()
        .enumerate()
    {
        let line = format!(
            "Notification: 3 (n.leader), 0x70{t} (n.zxid), 0x1 (n.round), {state} (n.state), 3 (n.sid)"
        );
        ids.push(miner.add(&line, t as i64));
    }
    assert_ne!(miner.resolve(ids[0]), miner.resolve(ids[1]));
    assert_ne!(miner.resolve(ids[1]), miner.resolve(ids[2]));
    assert_eq!(miner.resolve(ids[0]), miner.resolve(ids[3]));
    // Two records of key-value fields after one label, each always as long.
    let ports = "wl0: setup_keepalive: Local port: 62614, Remote port: 443";
    let timers = "wl0: setup_keepalive: interval 900, retry_interval 30, retry_count 10";
    let (p, q) = (miner.add(ports, 9), miner.add(timers, 10));
    miner.add(&ports.replace("443", "5223"), 11);
    miner.add(&timers.replace("900", "258"), 12);
    assert_ne!(miner.resolve(p), miner.resolve(q));
}

#[test]
fn an_argument_vector_opening_later_joins_one_opening_earlier_after_the_same_words() {
    let mut miner = Miner::new();
    let upgrade = miner.add("Commandline: apt-get -qqy upgrade", 0);
    let install = miner.add("Commandline: apt-get install -y curl git make", 1);
    let purge = miner.add("Commandline: apt-get purge -y -qq clang cmake", 2);
    assert_eq!(miner.resolve(install), miner.resolve(upgrade));
    assert_eq!(miner.resolve(purge), miner.resolve(upgrade));
    assert_eq!(template_of(&miner, upgrade), "Commandline: apt-get <*>");
    // Another program is another command.
    let other = miner.add("Commandline: apt-cache policy -v x", 3);
    assert_ne!(miner.resolve(other), miner.resolve(upgrade));
}

#[test]
fn a_vector_opening_earlier_folds_the_templates_it_covers() {
    let mut miner = Miner::new();
    let install = miner.add("run: git commit -m fix", 0);
    let push = miner.add("run: git push origin main --force", 1);
    assert_ne!(miner.resolve(install), miner.resolve(push));
    let early = miner.add("run: git -C /srv/repo status", 2);
    assert_eq!(miner.resolve(install), miner.resolve(early));
    assert_eq!(miner.resolve(push), miner.resolve(early));
    assert_eq!(miner.len(), 1);
}

#[test]
fn trailing_values_that_are_not_tails_keep_their_lengths_apart() {
    let mut miner = Miner::new();
    let a = miner.add("Connection closed by 10.0.0.1", 0);
    let b = miner.add("Connection closed by 10.0.0.2 [preauth]", 1);
    assert_ne!(miner.resolve(a), miner.resolve(b));
    // Messages of one process after its label, of many lengths.
    let mut kernel = Vec::new();
    for (t, line) in [
        "kernel[0]: ARPT: 620.3: wl0: setup done",
        "kernel[0]: Sandbox: denied file-read-data on /tmp",
        "kernel[0]: AppleCamIn::systemWakeCall - messageType = 0xE0000340",
        "kernel[0]: en0: channel changed to 6",
    ]
    .iter()
    .enumerate()
    {
        let id = miner.add(line, t as i64);
        kernel.push(miner.resolve(id));
    }
    kernel.sort_unstable();
    kernel.dedup();
    assert_eq!(kernel.len(), 4);
}
