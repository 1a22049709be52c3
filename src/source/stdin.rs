//! Reading standard input (`lookout tail -`): lines until end of input. Reads
//! whatever is available, so lines show as soon as they are written.

use std::io::Read;

use tokio::sync::mpsc::Sender;

use super::{now_ms, SourceEvent, SourceInfo, SourceState};
use crate::ingest::SourceIndex;

/// Starts a thread that reads stdin into `tx` as source `index`.
pub fn spawn(index: SourceIndex, tx: Sender<SourceEvent>) -> SourceInfo {
    std::thread::spawn(move || {
        let send_state = |state| {
            tx.blocking_send(SourceEvent::State {
                source: index,
                state,
            })
            .is_ok()
        };
        send_state(SourceState::Live);
        let mut stdin = std::io::stdin().lock();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut partial: Vec<u8> = Vec::new();
        loop {
            let n = match stdin.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    send_state(SourceState::Failed(format!("stdin: {err}")));
                    return;
                }
            };
            partial.extend_from_slice(&buffer[..n]);
            let Some(last_newline) = memchr::memrchr(b'\n', &partial) else {
                continue;
            };
            let lines: Vec<Vec<u8>> = partial[..last_newline]
                .split(|b| *b == b'\n')
                .map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec())
                .collect();
            partial.drain(..=last_newline);
            if tx
                .blocking_send(SourceEvent::Lines {
                    source: index,
                    lines,
                    arrival_ms: now_ms(),
                })
                .is_err()
            {
                return;
            }
        }
        if !partial.is_empty() {
            let _ = tx.blocking_send(SourceEvent::Lines {
                source: index,
                lines: vec![partial],
                arrival_ms: now_ms(),
            });
        }
        send_state(SourceState::Done);
    });
    SourceInfo {
        kind: "stdin".to_string(),
        name: "stdin".to_string(),
    }
}
