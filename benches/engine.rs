//! Engine throughput on 1,000,000 mixed Loghub lines (the shared loghub-2k raw
//! logs repeated): ns/line per stage (parse, redact, mine) and for the whole
//! engine (fold + parse + redact + mine + store + signals), lines/s, peak RSS.
//! Lines go in batches of 4096, as the file source delivers them under load
//! (the engine screens each batch for secrets at once).
//! Each stage is timed three times (fastest counts). Prints figures; asserts
//! nothing. Run: `cargo bench --bench engine`.

use std::time::Instant;

use lookout::ingest::parse::parse_line;
use lookout::ingest::{
    BatchScreen, Engine, EngineConfig, Miner, RedactionCounts, Redactor, BATCH_LINES,
};

#[path = "support/loghub.rs"]
mod loghub;

const TARGET_LINES: usize = 1_000_000;

fn main() {
    let raw = loghub::raw_lines();
    if raw.is_empty() {
        eprintln!(
            "no Loghub data at {}; nothing to measure",
            loghub::data_dir().display()
        );
        return;
    }
    // Interleave datasets line by line, like a mixed firehose.
    let lines = loghub::mixed(&raw, TARGET_LINES);
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    println!(
        "input: {} lines, {:.1} MB, from {} distinct Loghub lines",
        lines.len(),
        bytes as f64 / 1e6,
        raw.len()
    );

    // Each stage runs three times from a fresh state; the fastest run counts
    // (the others mostly measure what else the machine was doing).
    let mut checksum = 0usize;
    let parse_ns = best_of_three(lines.len(), || {
        for line in &lines {
            checksum += parse_line(line).content.len();
        }
    });

    // Redaction as the engine does it: one anchor screen per batch, then the
    // rules on the lines it flags. Line by line is printed for comparison.
    let redactor = Redactor::new();
    let mut counts = RedactionCounts::default();
    let mut screen = BatchScreen::default();
    let redact_ns = best_of_three(lines.len(), || {
        counts = RedactionCounts::default();
        for batch in lines.chunks(BATCH_LINES) {
            for index in redactor.flag(batch.iter().copied(), &mut screen) {
                checksum += redactor.redact(batch[index], &mut counts).len();
            }
        }
    });
    let mut line_counts = RedactionCounts::default();
    let redact_line_ns = best_of_three(lines.len(), || {
        line_counts = RedactionCounts::default();
        for line in &lines {
            checksum += redactor.redact(line, &mut line_counts).len();
        }
    });
    assert_eq!(
        counts, line_counts,
        "batch and line-by-line redaction differ"
    );

    let contents: Vec<String> = lines
        .iter()
        .map(|l| parse_line(l).content.into_owned())
        .collect();
    let mut miner = Miner::new();
    let mine_ns = best_of_three(lines.len(), || {
        miner = Miner::new();
        for (i, content) in contents.iter().enumerate() {
            checksum += miner.add(content, i as i64) as usize & 1;
        }
    });
    drop(contents);

    let stages = parse_ns + redact_ns + mine_ns;
    println!("parse   {parse_ns:>7.0} ns/line");
    println!(
        "redact  {redact_ns:>7.0} ns/line  ({:.0}% of parse+redact+mine; {} secrets; batches of {BATCH_LINES} lines as the engine screens them — line by line: {redact_line_ns:.0} ns/line)",
        100.0 * redact_ns / stages,
        counts.total()
    );
    println!(
        "mine    {mine_ns:>7.0} ns/line  ({} templates)",
        miner.len()
    );
    println!(
        "parse+redact+mine  {stages:.0} ns/line = {:.0} lines/s on one core",
        1e9 / stages
    );

    let mut engine = Engine::new(EngineConfig::default());
    let started = Instant::now();
    for batch in lines.chunks(BATCH_LINES) {
        engine.push_lines(0, batch, 0);
    }
    engine.flush();
    let engine_ns = per_line(started, lines.len());
    println!(
        "whole engine (fold+parse+redact+mine+store+signals)  {engine_ns:.0} ns/line = {:.0} lines/s; {} records retained, {:.0} MB held, {} signals",
        1e9 / engine_ns,
        engine.store().len(),
        engine.memory_bytes() as f64 / 1e6,
        engine.signals().len()
    );
    println!("peak RSS {} MB   (checksum {checksum})", peak_rss_mb());
}

/// ns per line of the fastest of three runs of `stage`.
fn best_of_three(lines: usize, mut stage: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            stage();
            per_line(started, lines)
        })
        .fold(f64::INFINITY, f64::min)
}

fn per_line(started: Instant, lines: usize) -> f64 {
    started.elapsed().as_nanos() as f64 / lines as f64
}

/// VmHWM from /proc/self/status, in MB.
pub fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}
