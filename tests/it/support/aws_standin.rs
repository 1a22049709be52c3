//! The smallest real stand-in for the AWS calls moto cannot answer: moto
//! 5.x raises NotImplementedError (HTTP 500) for iam:SimulatePrincipalPolicy.
//!
//! A plain HTTP/1.1 server on 127.0.0.1 (std::net, one thread per
//! connection) that speaks the AWS Query protocol for sts:GetCallerIdentity
//! and iam:SimulatePrincipalPolicy (form-encoded POST, XML answers in the
//! shapes of the AWS API reference), plus CloudWatch Logs FilterLogEvents
//! (JSON 1.1) so a guarded `tail --cloudwatch` has something to read. It is
//! configured with a principal and the set of allowed actions, and records
//! every request so tests can prove only reads were sent.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the stand-in answers the permission simulation.
#[derive(Debug, Clone)]
pub enum Simulator {
    /// These actions are `allowed`; every other one `implicitDeny`.
    Allows(Vec<String>),
    /// 403 AccessDenied: the principal may not call the simulator.
    Denied,
}

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GetCallerIdentity`, `SimulatePrincipalPolicy`, or the JSON target
    /// (`Logs_20140328.FilterLogEvents`), or `(unknown)`.
    pub operation: String,
    /// The form fields (Query protocol) — PolicySourceArn, ActionNames.member.N…
    pub form: BTreeMap<String, String>,
}

struct Config {
    arn: String,
    account: String,
    user_id: String,
    simulator: Simulator,
    log_messages: Vec<String>,
}

pub struct Standin {
    pub url: String,
    recorded: Arc<Mutex<Vec<Recorded>>>,
}

impl Standin {
    /// Starts on a free 127.0.0.1 port; panics (never skips) if it cannot.
    pub fn start(arn: &str, simulator: Simulator, log_messages: &[&str]) -> Standin {
        let listener = TcpListener::bind("127.0.0.1:0").expect("stand-in: bind 127.0.0.1");
        let port = listener.local_addr().expect("stand-in: local addr").port();
        let account = arn.split(':').nth(4).unwrap_or("000000000000").to_string();
        let config = Arc::new(Config {
            arn: arn.to_string(),
            account,
            user_id: "AROASTANDIN:session".to_string(),
            simulator,
            log_messages: log_messages.iter().map(|m| m.to_string()).collect(),
        });
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&recorded);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (config, recorded) = (Arc::clone(&config), Arc::clone(&shared));
                std::thread::spawn(move || {
                    let _ = serve(stream, &config, &recorded);
                });
            }
        });
        Standin {
            url: format!("http://127.0.0.1:{port}"),
            recorded,
        }
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.recorded.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn operations(&self) -> Vec<String> {
        self.recorded().into_iter().map(|r| r.operation).collect()
    }
}

/// One request per connection (`Connection: close`), which every client honours.
fn serve(
    stream: TcpStream,
    config: &Config,
    recorded: &Mutex<Vec<Recorded>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut headers = BTreeMap::new();
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();

    let (operation, form) = match headers.get("x-amz-target") {
        Some(target) => (target.clone(), BTreeMap::new()),
        None => {
            let form = parse_form(&body);
            let action = form
                .get("Action")
                .cloned()
                .unwrap_or_else(|| "(unknown)".to_string());
            (action, form)
        }
    };
    if let Ok(mut log) = recorded.lock() {
        log.push(Recorded {
            operation: operation.clone(),
            form: form.clone(),
        });
    }
    let (status, content_type, answer) = respond(&operation, &form, config);
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nx-amzn-RequestId: standin-1\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )?;
    stream.flush()
}

fn respond(
    operation: &str,
    form: &BTreeMap<String, String>,
    config: &Config,
) -> (&'static str, &'static str, String) {
    const XML: &str = "text/xml";
    match operation {
        "GetCallerIdentity" => (
            "200 OK",
            XML,
            format!(
                r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>{}</Arn>
    <UserId>{}</UserId>
    <Account>{}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>standin-1</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#,
                config.arn, config.user_id, config.account
            ),
        ),
        "SimulatePrincipalPolicy" => match &config.simulator {
            Simulator::Denied => (
                "403 Forbidden",
                XML,
                format!(
                    r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: {} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: {}</Message>
  </Error>
  <RequestId>standin-1</RequestId>
</ErrorResponse>"#,
                    config.arn,
                    form.get("PolicySourceArn")
                        .map(String::as_str)
                        .unwrap_or("")
                ),
            ),
            Simulator::Allows(allowed) => {
                let members: String = action_names(form)
                    .iter()
                    .map(|action| {
                        let decision = if allowed.contains(action) { "allowed" } else { "implicitDeny" };
                        format!(
                            "      <member>\n        <EvalActionName>{action}</EvalActionName>\n        <EvalResourceName>*</EvalResourceName>\n        <EvalDecision>{decision}</EvalDecision>\n        <MatchedStatements/>\n        <MissingContextValues/>\n      </member>\n"
                        )
                    })
                    .collect();
                (
                    "200 OK",
                    XML,
                    format!(
                        r#"<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <SimulatePrincipalPolicyResult>
    <IsTruncated>false</IsTruncated>
    <EvaluationResults>
{members}    </EvaluationResults>
  </SimulatePrincipalPolicyResult>
  <ResponseMetadata><RequestId>standin-1</RequestId></ResponseMetadata>
</SimulatePrincipalPolicyResponse>"#
                    ),
                )
            }
        },
        "Logs_20140328.FilterLogEvents" => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            let events: Vec<serde_json::Value> = config
                .log_messages
                .iter()
                .enumerate()
                .map(|(i, message)| {
                    serde_json::json!({"logStreamName": "pod-0", "timestamp": now + i as i64, "message": message, "ingestionTime": now, "eventId": format!("standin-{i}")})
                })
                .collect();
            (
                "200 OK",
                "application/x-amz-json-1.1",
                serde_json::json!({"events": events, "searchedLogStreams": []}).to_string(),
            )
        }
        _ => (
            "400 Bad Request",
            XML,
            format!(
                r#"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the stand-in does not implement {operation}</Message></Error><RequestId>standin-1</RequestId></ErrorResponse>"#
            ),
        ),
    }
}

/// `ActionNames.member.1`, `.2`, … in order.
pub fn action_names(form: &BTreeMap<String, String>) -> Vec<String> {
    let mut numbered: Vec<(usize, String)> = form
        .iter()
        .filter_map(|(key, value)| {
            let n = key.strip_prefix("ActionNames.member.")?.parse().ok()?;
            Some((n, value.clone()))
        })
        .collect();
    numbered.sort();
    numbered.into_iter().map(|(_, action)| action).collect()
}

fn parse_form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
