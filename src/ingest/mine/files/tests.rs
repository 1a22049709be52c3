use super::*;
use crate::ingest::parse::parse_line;

fn mine_text(text: &[u8]) -> FileMining {
    let dir = std::env::temp_dir().join(format!("lookout-file-miner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok();
    let path = dir.join(format!("{}.log", text.len()));
    std::fs::write(&path, text).ok();
    let mining = mine_files(std::slice::from_ref(&path), None, true);
    std::fs::remove_file(&path).ok();
    mining.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_line_is_mined_once_across_chunk_boundaries() {
    // Long enough to span several chunks, with CRLF, invalid UTF-8 and no final newline.
    let mut text = Vec::new();
    let lines = 3 * CHUNK_BYTES / 40;
    for i in 0..lines {
        text.extend_from_slice(format!("job {i} finished in {} ms\r\n", i % 97).as_bytes());
    }
    text.extend_from_slice(b"bad \xff byte\n\nlast line without newline");
    let mining = mine_text(&text);
    assert_eq!(mining.lines, lines as u64 + 3);
    assert_eq!(mining.assigned.as_ref().map(Vec::len), Some(lines + 3));
    let finished = mining
        .miner
        .templates()
        .find(|t| t.text == "job <*> finished in <*>")
        .map(|t| t.count);
    assert_eq!(finished, Some(lines as u64));
}

#[test]
fn an_over_long_line_is_truncated_with_a_marker_in_a_valid_chunk() {
    let mut text = b"short line\r\n".to_vec();
    text.extend(vec![b'y'; 70_000]);
    text.extend_from_slice(b"\nlast\n");
    let redactor = Redactor::new();
    let chunk = Chunk {
        bytes: text,
        first_line: 0,
    };
    let batch = prepare(&chunk, None, &redactor);
    assert_eq!(batch.ends.len(), 3);
    assert_eq!(batch.message(0), "short line");
    assert!(batch.message(1).ends_with("…[truncated 4464 bytes]"));
    assert_eq!(batch.message(2), "last");
}

#[test]
fn secrets_are_redacted_before_mining() {
    let mining = mine_text(b"login password=hunter2hunter2 ok\n");
    assert_eq!(mining.redactions.total(), 1);
    assert!(
        mining
            .miner
            .templates()
            .all(|t| !t.text.contains("hunter2")
                && t.exemplars.iter().all(|e| !e.contains("hunter2")))
    );
}

#[test]
fn the_batch_screen_redacts_exactly_what_redacting_each_line_does() {
    let lines = [
        "login ok for alice",
        "db password=Hunter2Hunter2 retry",
        "token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB end",
        "ends with pass",
        "word=notakey but shpwd=Zq81mPr7vT3kQ here",
        "sid AC0123456789abcdef0123456789abcdef ok",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        "",
        "nothing here",
        "AKIAIOSFODNN7EXAMPLE",
    ];
    let mut bytes = lines.join("\n").into_bytes();
    // Repeat past the stack-buffer size so both scan paths run.
    bytes = [bytes.clone(), b"\n".to_vec(), bytes].concat();
    let redactor = Redactor::new();
    let chunk = Chunk {
        bytes,
        first_line: 0,
    };
    let batch = prepare(&chunk, None, &redactor);
    let mut expected_counts = RedactionCounts::default();
    let mut start = 0;
    for (line, &end) in lines.iter().chain(lines.iter()).zip(&batch.ends) {
        let parsed = parse_line(line);
        let expected = redactor.redact(&parsed.content, &mut expected_counts);
        assert_eq!(&batch.text[start..end], expected, "{line}");
        start = end + 1;
    }
    assert_eq!(batch.ends.len(), 2 * lines.len());
    assert_eq!(batch.redactions, expected_counts);
    assert!(expected_counts.total() >= 12, "{expected_counts:?}");
}

#[test]
fn shapes_from_the_reader_are_the_ones_the_miner_would_compute() {
    let text = b"job 1 done in 5 ms\nuser alice logged in\njob 2 done in 7 ms\n";
    let redactor = Redactor::new();
    for per_mille in [0, 500, 1000] {
        let chunk = Chunk {
            bytes: text.to_vec(),
            first_line: 0,
        };
        let mut batch = prepare(&chunk, None, &redactor);
        Balance { per_mille }.shape(&mut batch);
        assert_eq!(batch.shapes.len(), 3 * per_mille / 1000);
        for (index, &shape) in batch.shapes.iter().enumerate() {
            assert_eq!(shape, Miner::shape_of(batch.message(index)));
        }
    }
    let mut balance = Balance::default();
    balance.reader_behind();
    assert_eq!(balance.per_mille, 0);
    (0..100).for_each(|_| balance.miner_behind());
    assert_eq!(balance.per_mille, 1000);
}

#[test]
fn several_files_are_mined_in_order_whoever_prepares_each_chunk() {
    let dir = std::env::temp_dir().join(format!("lookout-file-miner-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok();
    let mut files = Vec::new();
    let mut expected = 0;
    for file in 0..3 {
        let path = dir.join(format!("{file}.log"));
        let lines = (file + 1) * CHUNK_BYTES / 30;
        let text: String = (0..lines)
            .map(|i| format!("file{file} item {i} ok\n"))
            .collect();
        std::fs::write(&path, text).ok();
        files.push(path);
        expected += lines;
    }
    let mining = mine_files(&files, None, true).unwrap_or_else(|e| panic!("{e}"));
    for path in &files {
        std::fs::remove_file(path).ok();
    }
    assert_eq!(mining.lines, expected as u64);
    let assigned = mining.assigned.unwrap_or_default();
    // In input order: each file's lines form one run of one template.
    let runs = assigned.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(runs, 2, "three files, three runs");
    assert_eq!(mining.miner.len(), 3);
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let missing = PathBuf::from("/nonexistent/lookout/file.log");
    let error = mine_files(&[missing], None, false)
        .err()
        .map(|e| e.to_string());
    assert!(error.is_some_and(|e| e.contains("/nonexistent/lookout/file.log")));
}
