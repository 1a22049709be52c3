#![allow(dead_code)] // benches/copilot.rs includes this file and uses a part of it
//! A real HTTP/1.1 server on 127.0.0.1 speaking the OpenAI chat-completions
//! streaming protocol (SSE). It records every request and plays a script of
//! behaviours, one per request: normal streams and faults (429 + Retry-After,
//! 500, a stall, a disconnect mid-stream, a malformed chunk).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub enum Behavior {
    Stream(Vec<&'static str>),
    Status {
        code: u16,
        retry_after_secs: Option<u64>,
    },
    /// An error status with this JSON body (e.g. a context-length refusal).
    StatusBody {
        code: u16,
        body: &'static str,
    },
    StallAfter(usize),
    DisconnectAfter(usize),
    /// HTTP 200 and SSE headers, then the connection closes with no event:
    /// what llama-cpp-python 0.3 sends for a streamed request too long for
    /// its context window (measured against the real server).
    EmptyStream,
    MalformedAfter(usize),
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub headers: String,
    pub body: String,
    pub at: Instant,
}

pub struct Server {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

const CHUNKS: [&str; 4] = ["The pool ", "was shrunk ", "by the deploy ", "[S2]."];

impl Server {
    /// Starts the server; after the script runs out every request gets a normal stream.
    pub fn start(script: Vec<Behavior>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let script = Arc::new(Mutex::new(script.into_iter()));
        std::thread::spawn(move || {
            for stream in listener.incoming().take(100) {
                let Ok(stream) = stream else { continue };
                let recorded = recorded.clone();
                let behavior = script
                    .lock()
                    .unwrap()
                    .next()
                    .unwrap_or(Behavior::Stream(CHUNKS.to_vec()));
                std::thread::spawn(move || serve(stream, behavior, recorded));
            }
        });
        Server { base_url, requests }
    }

    pub fn bodies(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.body.clone())
            .collect()
    }
}

pub fn expected_text() -> String {
    CHUNKS.concat()
}

fn serve(mut stream: TcpStream, behavior: Behavior, recorded: Arc<Mutex<Vec<Recorded>>>) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buffer = Vec::new();
    let mut byte = [0u8; 4096];
    let header_end = loop {
        let Ok(n) = stream.read(&mut byte) else {
            return;
        };
        if n == 0 {
            return;
        }
        buffer.extend_from_slice(&byte[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let headers = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let length: usize = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let Ok(n) = stream.read(&mut byte) else {
            return;
        };
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&byte[..n]);
    }
    let body = String::from_utf8_lossy(&buffer[header_end..]).into_owned();
    let path = headers.split_whitespace().nth(1).unwrap_or("").to_string();
    recorded.lock().unwrap().push(Recorded {
        path,
        headers,
        body,
        at: Instant::now(),
    });
    let chunk = |text: &str| {
        format!(
            "data: {}\n\n",
            serde_json::json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
        )
    };
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    match behavior {
        Behavior::Status {
            code,
            retry_after_secs,
        } => {
            let extra = retry_after_secs
                .map(|s| format!("Retry-After: {s}\r\n"))
                .unwrap_or_default();
            let body = r#"{"error":{"message":"scripted fault"}}"#;
            let _ = write!(stream, "HTTP/1.1 {code} Fault\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
        Behavior::StatusBody { code, body } => {
            let _ = write!(stream, "HTTP/1.1 {code} Fault\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
        Behavior::Stream(chunks) => {
            let _ = stream.write_all(head.as_bytes());
            for text in chunks {
                let _ = stream.write_all(chunk(text).as_bytes());
                let _ = stream.flush();
            }
            let usage = serde_json::json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [], "usage": {"prompt_tokens": 321, "completion_tokens": 12, "total_tokens": 333}});
            let _ = write!(stream, "data: {usage}\n\ndata: [DONE]\n\n");
        }
        Behavior::EmptyStream => {
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.flush();
        }
        Behavior::StallAfter(n) | Behavior::DisconnectAfter(n) | Behavior::MalformedAfter(n) => {
            let _ = stream.write_all(head.as_bytes());
            for text in CHUNKS.iter().take(n) {
                let _ = stream.write_all(chunk(text).as_bytes());
                let _ = stream.flush();
            }
            match behavior {
                Behavior::StallAfter(_) => std::thread::sleep(Duration::from_secs(8)),
                Behavior::MalformedAfter(_) => {
                    let _ = stream.write_all(b"data: {\"choices\": [ this is not json\n\n");
                    std::thread::sleep(Duration::from_millis(200));
                }
                _ => {}
            }
        }
    }
}
