#![allow(dead_code)] // benches/cloudwatch_pushdown.rs includes this file and uses a part of it
//! moto's AWS server on 127.0.0.1 (stopped on drop), a seeding client, and its
//! request recorder — to prove which operations lookout sent.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    pub url: String,
    pub port: u16,
    child: Child,
    _workdir: tempfile::TempDir,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// moto for a test that build.rs found it for (`has_moto`): a server that
/// was found but does not start fails the test.
pub fn started() -> Moto {
    start().expect("moto_server was found (LOOKOUT_MOTO_SERVER or PATH) but did not start")
}

/// moto, or None when it cannot run here (a panic instead with
/// LOOKOUT_REQUIRE_SERVERS=1).
pub fn start() -> Option<Moto> {
    let required = std::env::var("LOOKOUT_REQUIRE_SERVERS").as_deref() == Ok("1");
    let binary = std::env::var_os("LOOKOUT_MOTO_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("moto_server"));
    // moto writes a `moto_recording` file into its working directory: keep it
    // out of the repository.
    let workdir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            assert!(!required, "no temp dir for moto: {err}");
            return None;
        }
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = match Command::new(&binary)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .current_dir(workdir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            assert!(
                !required,
                "moto is required but {} cannot start: {err}",
                binary.display()
            );
            eprintln!("moto unavailable ({err}): skipping");
            return None;
        }
    };
    let moto = Moto {
        url: format!("http://127.0.0.1:{port}"),
        port,
        child,
        _workdir: workdir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if moto
            .http("GET", "/moto-api/", "")
            .starts_with("HTTP/1.0 200")
            || moto
                .http("GET", "/moto-api/", "")
                .starts_with("HTTP/1.1 200")
        {
            return Some(moto);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!required, "moto did not become ready");
    None
}

impl Moto {
    /// A plain HTTP/1.0 request; the whole answer (status line, headers, body).
    pub fn http(&self, method: &str, path: &str, body: &str) -> String {
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else {
            return String::new();
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let _ = write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    }

    pub fn start_recording(&self) {
        self.http("POST", "/moto-api/recorder/reset-recording", "");
        self.http("POST", "/moto-api/recorder/start-recording", "");
    }

    /// The operations recorded since `start_recording`: the `X-Amz-Target`
    /// (JSON protocols, e.g. CloudWatch Logs), else the Query protocol's
    /// `Action` (STS, IAM: the credential guard's calls).
    pub fn recorded_operations(&self) -> Vec<String> {
        self.http("POST", "/moto-api/recorder/stop-recording", "");
        let answer = self.http("GET", "/moto-api/recorder/download-recording", "");
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
        body.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .map(|entry| {
                let headers = &entry["headers"];
                headers["X-Amz-Target"]
                    .as_str()
                    .or_else(|| headers["x-amz-target"].as_str())
                    .map(str::to_string)
                    .or_else(|| query_action(&recorded_body(&entry)))
                    .unwrap_or_else(|| "(no target)".to_string())
            })
            .collect()
    }

    pub async fn logs_client(&self) -> aws_sdk_cloudwatchlogs::Client {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&self.url)
            .credentials_provider(aws_sdk_cloudwatchlogs::config::Credentials::new(
                "testing", "testing", None, None, "test",
            ))
            .load()
            .await;
        aws_sdk_cloudwatchlogs::Client::new(&config)
    }
}

/// `Action=GetCallerIdentity&Version=…` → `GetCallerIdentity`.
fn query_action(body: &str) -> Option<String> {
    body.split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
        .map(str::to_string)
}

/// moto stores bodies base64-encoded when `body_encoded` is set.
fn recorded_body(entry: &serde_json::Value) -> String {
    let body = entry["body"].as_str().unwrap_or("");
    if entry["body_encoded"].as_bool() == Some(true) {
        String::from_utf8_lossy(&base64_decode(body)).into_owned()
    } else {
        body.to_string()
    }
}

/// Standard base64 (padding ignored); enough for recorded request bodies.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
