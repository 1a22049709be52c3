#![allow(dead_code)] // benches/cloudwatch_pushdown.rs includes this file and uses a part of it
//! A scripted HTTP proxy on 127.0.0.1 in front of moto: passes requests
//! through (counting requests and bytes), or injects a fault on every k-th
//! request — a 400 ThrottlingException, a slow answer, or a connection cut
//! off in the middle of the answer. std::net only; one thread per connection.
//!
//! Each request is forwarded on a fresh upstream connection and answered with
//! `Connection: close`, so a fault never leaks into the next request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What to do to a request picked by the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// Answer HTTP 400 `ThrottlingException` without forwarding.
    Throttle,
    /// Forward, then hold the answer back this long.
    Slow(Duration),
    /// Forward, send half the answer, then close the connection.
    Reset,
}

/// Apply `fault` to every `every`-th request (1-based: every=3 → 3rd, 6th, …),
/// at most `limit` times.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub fault: Fault,
    pub every: u64,
    pub limit: u64,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub faults: AtomicU64,
    /// CloudWatch Logs requests only: faults are counted among these, so the
    /// credential guard's STS/IAM calls through the proxy shift nothing.
    pub logs_requests: AtomicU64,
    /// Bytes of requests forwarded upstream and of answers sent back.
    pub bytes_up: AtomicU64,
    pub bytes_down: AtomicU64,
    /// `X-Amz-Target` of every request, in order.
    pub targets: Mutex<Vec<String>>,
}

/// Answers a request itself: given its `X-Amz-Target` and JSON body, the JSON
/// body of a 200 answer, or None to forward it. A stand-in for behaviour the
/// emulator lacks (the benchmark uses it for Insights `stats` answers).
pub type Responder = Arc<dyn Fn(&str, &[u8]) -> Option<String> + Send + Sync>;

pub struct FaultProxy {
    pub url: String,
    pub stats: Arc<Stats>,
    plan: Arc<Mutex<Option<Plan>>>,
    responder: Arc<Mutex<Option<Responder>>>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

const THROTTLE_BODY: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
/// Largest request head the proxy reads (the SDK's are ~2 KB).
const MAX_HEAD_LINES: usize = 200;

impl FaultProxy {
    /// A pass-through proxy to `upstream_port` on 127.0.0.1.
    pub fn start(upstream_port: u16) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy port");
        let port = listener.local_addr().expect("proxy address").port();
        let stats = Arc::new(Stats::default());
        let plan = Arc::new(Mutex::new(None));
        let responder: Arc<Mutex<Option<Responder>>> = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, p, st) = (Arc::clone(&stats), Arc::clone(&plan), Arc::clone(&stop));
        let r = Arc::clone(&responder);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (s, p) = (Arc::clone(&s), Arc::clone(&p));
                let r = r.lock().ok().and_then(|r| r.clone());
                std::thread::spawn(move || serve(client, upstream_port, &s, &p, r));
            }
        });
        FaultProxy {
            url: format!("http://127.0.0.1:{port}"),
            stats,
            plan,
            responder,
            stop,
            port,
        }
    }

    /// Installs (or removes) a [`Responder`].
    pub fn set_responder(&self, responder: Option<Responder>) {
        if let Ok(mut current) = self.responder.lock() {
            *current = responder;
        }
    }

    /// Replaces the fault plan (None: pass everything through).
    pub fn set_plan(&self, plan: Option<Plan>) {
        if let Ok(mut current) = self.plan.lock() {
            *current = plan;
        }
    }

    /// Zeroes the counters (e.g. after seeding through the proxy).
    pub fn reset_stats(&self) {
        self.stats.requests.store(0, Ordering::Relaxed);
        self.stats.faults.store(0, Ordering::Relaxed);
        self.stats.logs_requests.store(0, Ordering::Relaxed);
        self.stats.bytes_up.store(0, Ordering::Relaxed);
        self.stats.bytes_down.store(0, Ordering::Relaxed);
        if let Ok(mut targets) = self.stats.targets.lock() {
            targets.clear();
        }
    }

    pub fn requests(&self) -> u64 {
        self.stats.requests.load(Ordering::Relaxed)
    }

    pub fn faults(&self) -> u64 {
        self.stats.faults.load(Ordering::Relaxed)
    }

    pub fn bytes_down(&self) -> u64 {
        self.stats.bytes_down.load(Ordering::Relaxed)
    }

    pub fn bytes_up(&self) -> u64 {
        self.stats.bytes_up.load(Ordering::Relaxed)
    }
}

/// Requests on one client connection, one at a time, until it closes.
fn serve(
    client: TcpStream,
    upstream_port: u16,
    stats: &Stats,
    plan: &Mutex<Option<Plan>>,
    responder: Option<Responder>,
) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(reader_half) = client.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader_half);
    let mut client = client;
    // Each pass handles one request; the answer closes the connection.
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    stats.requests.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut targets) = stats.targets.lock() {
        targets.push(request.target.clone());
    }
    if let Some(body) = responder.and_then(|r| r(&request.target, &request.body)) {
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: fault-proxy\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stats
            .bytes_up
            .fetch_add(request.bytes.len() as u64, Ordering::Relaxed);
        stats
            .bytes_down
            .fetch_add(answer.len() as u64, Ordering::Relaxed);
        let _ = client.write_all(answer.as_bytes());
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    let fault = plan.lock().ok().and_then(|p| *p).and_then(|p| {
        let logs_index = if request.target.starts_with("Logs_") {
            stats.logs_requests.fetch_add(1, Ordering::Relaxed) + 1
        } else {
            0
        };
        let picked = logs_index > 0
            && p.every > 0
            && logs_index % p.every == 0
            && stats.faults.load(Ordering::Relaxed) < p.limit;
        picked.then_some(p.fault)
    });
    if fault.is_some() {
        stats.faults.fetch_add(1, Ordering::Relaxed);
    }
    if fault == Some(Fault::Throttle) {
        let answer = format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: fault-proxy\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{THROTTLE_BODY}",
            THROTTLE_BODY.len()
        );
        stats
            .bytes_down
            .fetch_add(answer.len() as u64, Ordering::Relaxed);
        let _ = client.write_all(answer.as_bytes());
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    let Some(answer) = forward(&request.bytes, upstream_port) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    stats
        .bytes_up
        .fetch_add(request.bytes.len() as u64, Ordering::Relaxed);
    match fault {
        Some(Fault::Slow(delay)) => {
            std::thread::sleep(delay);
            stats
                .bytes_down
                .fetch_add(answer.len() as u64, Ordering::Relaxed);
            let _ = client.write_all(&answer);
        }
        Some(Fault::Reset) => {
            let half = &answer[..answer.len() / 2];
            stats
                .bytes_down
                .fetch_add(half.len() as u64, Ordering::Relaxed);
            let _ = client.write_all(half);
        }
        _ => {
            stats
                .bytes_down
                .fetch_add(answer.len() as u64, Ordering::Relaxed);
            let _ = client.write_all(&answer);
        }
    }
    let _ = client.flush();
    let _ = client.shutdown(Shutdown::Both);
}

struct Request {
    bytes: Vec<u8>,
    body: Vec<u8>,
    target: String,
}

/// One HTTP/1.1 request with a Content-Length body, rewritten to
/// `Connection: close` for the upstream.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut head = Vec::new();
    let mut length = 0usize;
    let mut target = String::new();
    for _ in 0..MAX_HEAD_LINES {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().ok()?;
        }
        if lower.starts_with("x-amz-target:") {
            target = line["x-amz-target:".len()..].trim().to_string();
        }
        if lower.starts_with("connection:") {
            continue;
        }
        head.extend_from_slice(line.as_bytes());
    }
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    head.extend_from_slice(&body);
    Some(Request {
        bytes: head,
        body,
        target,
    })
}

/// Sends the request to moto and reads the whole answer, its own
/// `Connection` header replaced by `Connection: close`.
fn forward(request: &[u8], upstream_port: u16) -> Option<Vec<u8>> {
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream_port)).ok()?;
    let _ = upstream.set_read_timeout(Some(Duration::from_secs(60)));
    upstream.write_all(request).ok()?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).ok()?;
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut rewritten: Vec<u8> = head
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes();
    rewritten.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    rewritten.extend_from_slice(&answer[split + 4..]);
    Some(rewritten)
}
