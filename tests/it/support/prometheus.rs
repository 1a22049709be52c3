//! A real Prometheus on 127.0.0.1 with synthetic history backfilled by
//! `promtool tsdb create-blocks-from openmetrics` before it starts. Stopped on drop.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Prometheus {
    pub url: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Prometheus for a test that build.rs found it for (`has_prometheus`): a
/// server that was found but does not start fails the test.
pub fn started(openmetrics: &str) -> Prometheus {
    start(openmetrics)
        .expect("prometheus and promtool were found (LOOKOUT_PROMETHEUS_BIN/LOOKOUT_PROMTOOL_BIN or PATH) but did not start")
}

/// Starts Prometheus with `openmetrics` backfilled; None (or a panic when
/// LOOKOUT_REQUIRE_SERVERS=1) when it cannot run here.
pub fn start(openmetrics: &str) -> Option<Prometheus> {
    let required = std::env::var("LOOKOUT_REQUIRE_SERVERS").as_deref() == Ok("1");
    let unavailable = |why: String| {
        assert!(!required, "Prometheus is required but {why}");
        eprintln!("Prometheus unavailable ({why}): skipping");
        None
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("history.om");
    std::fs::write(&input, openmetrics).unwrap();
    let promtool = binary("LOOKOUT_PROMTOOL_BIN", "promtool");
    match Command::new(&promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&input)
        .arg(&data)
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return unavailable(format!(
                "promtool failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
        Err(err) => return unavailable(format!("{} cannot run: {err}", promtool.display())),
    }
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        "global:\n  scrape_interval: 15s\nscrape_configs: []\n",
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(binary("LOOKOUT_PROMETHEUS_BIN", "prometheus"))
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", data.display()))
        .arg("--storage.tsdb.retention.time=3650d")
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(err) => return unavailable(format!("prometheus cannot start: {err}")),
    };
    let server = Prometheus {
        url: format!("http://127.0.0.1:{port}"),
        child,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if http_ok(port, "/-/ready") {
            return Some(server);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    unavailable("it did not become ready in 30 s".to_string())
}

/// A plain HTTP/1.0 GET on 127.0.0.1: true on a 200.
fn http_ok(port: u16, path: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}
