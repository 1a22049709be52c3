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
    let first = miner.add("user alice logged in from web", 1);
    let second = miner.add("user bob logged in from web", 2);
    assert_ne!(
        miner.resolve(first),
        miner.resolve(second),
        "two words are two templates"
    );
    assert_eq!(miner.len(), 2);
    let third = miner.add("user carol logged in from web", 3);
    assert_ne!(first, third, "the template text changed, so its id did");
    assert_eq!(
        miner.resolve(first),
        third,
        "a third value makes a variable"
    );
    assert_eq!(miner.resolve(second), third, "siblings it covers merge");
    let template = miner.get(first).unwrap();
    assert_eq!(template.text, "user <*> logged in from web");
    assert_eq!(template.count, 3);
    assert_eq!(miner.len(), 1);
    assert_eq!(miner.templates().count(), 1);
    assert_eq!(miner.add("user dave logged in from web", 4), third);
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
