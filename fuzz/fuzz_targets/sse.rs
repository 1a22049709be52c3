#![no_main]
//! Any bytes as an LLM's streaming answer, in any chunking: events or a clear
//! error, never a panic; text decoded before a bad line is kept.
use libfuzzer_sys::fuzz_target;
use lookout::llm::sse::{SseDecoder, SseEvent};

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let size = usize::from(split).max(1);
    let mut decoder = SseDecoder::default();
    let mut events = Vec::new();
    for chunk in rest.chunks(size) {
        if decoder.push(chunk, &mut events).is_err() {
            break;
        }
        if events.last() == Some(&SseEvent::Done) {
            break;
        }
    }
    // Only the final `Done`, if any, ends the list.
    let done = events.iter().filter(|e| **e == SseEvent::Done).count();
    assert!(done <= 1);
});
