//! The credential guard end to end, against real servers on 127.0.0.1.
//!
//! moto (5.x) answers sts:GetCallerIdentity but raises NotImplementedError
//! (HTTP 500) for iam:SimulatePrincipalPolicy — `moto_lacks_the_simulator`
//! probes that and checks lookout treats it as "unverified". The write-check
//! cases run against `support/aws_standin.rs`, the smallest real stand-in: an
//! HTTP server speaking the AWS Query protocol for GetCallerIdentity and
//! SimulatePrincipalPolicy (plus FilterLogEvents to have something to read),
//! which records every request so each test proves only reads were sent.
//!
//! Every lookout process runs through `support::lookout`: HOME in a temp dir,
//! none of the developer's AWS_* or LOOKOUT_* variables, dummy AWS keys or a
//! temp AWS config, no instance metadata — no real credentials can be read,
//! and nothing but 127.0.0.1 is contacted.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::aws_standin::{self, Simulator, Standin};
use crate::support::moto;

const ROLE_SESSION: &str = "arn:aws:sts::111122223333:assumed-role/oncall-read/alice";
const ROLE: &str = "arn:aws:iam::111122223333:role/oncall-read";

/// The lookout binary in the sandbox `dir` (its AWS config files are the
/// sandbox's, empty unless a test writes them), in the `guard-test` incident.
fn sandboxed(dir: &Path, args: &[&str]) -> Command {
    let mut command = crate::support::lookout(dir);
    command
        .env("AWS_REGION", "us-east-1")
        .args(["--incident", "guard-test"])
        .args(args);
    command
}

/// Dummy temporary (session) credentials, as an assumed role has.
fn with_session_keys(mut command: Command) -> Command {
    command
        .env("AWS_ACCESS_KEY_ID", "ASIATESTTESTTESTTEST")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_SESSION_TOKEN", "testing-session");
    command
}

fn run(mut command: Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("run lookout");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("aws-config"), "").expect("write aws-config");
    std::fs::write(dir.path().join("aws-credentials"), "").expect("write aws-credentials");
    dir
}

fn tail_cloudwatch(dir: &Path, standin: &Standin, extra: &[&str]) -> Command {
    let mut args = vec![
        "tail",
        "--no-tui",
        "--json",
        "--cloudwatch",
        "/prod/checkout-api",
        "--endpoint-url",
        &standin.url,
    ];
    args.extend_from_slice(extra);
    with_session_keys(sandboxed(dir, &args))
}

/// The guard's audit records in the sandbox's incident.
fn guard_audit(dir: &Path) -> Vec<serde_json::Value> {
    let path = dir.join(".lookout/incidents/guard-test/audit.jsonl");
    let text = std::fs::read_to_string(&path).expect("audit log exists");
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|record| record["action"] == "credentials.check")
        .collect()
}

fn only_reads(standin: &Standin) {
    for operation in standin.operations() {
        assert!(
            matches!(
                operation.as_str(),
                "GetCallerIdentity" | "SimulatePrincipalPolicy" | "Logs_20140328.FilterLogEvents"
            ),
            "unexpected request {operation}: {:?}",
            standin.operations()
        );
    }
}

#[test]
fn read_only_role_starts_and_reads() {
    let dir = sandbox();
    let standin = Standin::start(
        ROLE_SESSION,
        Simulator::Allows(vec![]),
        &["hello from pod-0"],
    );
    let (code, stdout, stderr) = run(tail_cloudwatch(dir.path(), &standin, &[]));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stdout.contains("hello from pod-0"), "stdout: {stdout}");
    assert!(!stderr.contains("unverified"), "stderr: {stderr}");
    assert_eq!(
        standin.operations(),
        [
            "GetCallerIdentity",
            "SimulatePrincipalPolicy",
            "Logs_20140328.FilterLogEvents"
        ]
    );
    // The session is simulated as its role, with every write action.
    let simulation = &standin.recorded()[1];
    assert_eq!(simulation.form["PolicySourceArn"], ROLE);
    let asked = aws_standin::action_names(&simulation.form);
    for action in lookout::guard::WRITE_ACTIONS {
        assert!(asked.iter().any(|a| a == action), "{action} not simulated");
    }
    let audit = guard_audit(dir.path());
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0]["details"]["report"]["verdict"]["verdict"],
        "read_only"
    );
    assert_eq!(audit[0]["details"]["starts"], true);
}

#[test]
fn role_that_can_put_log_events_is_refused_before_any_read() {
    let dir = sandbox();
    let standin = Standin::start(
        ROLE_SESSION,
        Simulator::Allows(vec!["logs:PutLogEvents".to_string()]),
        &["must never be shown"],
    );
    let (code, stdout, stderr) = run(tail_cloudwatch(dir.path(), &standin, &[]));
    assert_eq!(code, 4, "stderr: {stderr}");
    assert!(stderr.contains("refusing to start"), "stderr: {stderr}");
    assert!(stderr.contains(ROLE_SESSION), "principal named: {stderr}");
    assert!(
        stderr.contains("logs:PutLogEvents"),
        "action named: {stderr}"
    );
    assert!(!stdout.contains("must never be shown"));
    // Refused before the log group was touched.
    assert_eq!(
        standin.operations(),
        ["GetCallerIdentity", "SimulatePrincipalPolicy"]
    );
    // --unverified-credentials does not override credentials that can write.
    let (code, _, _) = run(tail_cloudwatch(
        dir.path(),
        &standin,
        &["--unverified-credentials"],
    ));
    assert_eq!(code, 4);
    let audit = guard_audit(dir.path());
    assert_eq!(audit.len(), 2, "every check audited");
    assert_eq!(audit[0]["details"]["starts"], false);
    assert_eq!(
        audit[0]["details"]["report"]["verdict"]["actions"],
        serde_json::json!(["logs:PutLogEvents"])
    );
    only_reads(&standin);
}

#[test]
fn denied_simulation_refuses_unless_accepted_then_says_unverified() {
    let dir = sandbox();
    let standin = Standin::start(ROLE_SESSION, Simulator::Denied, &["read anyway"]);
    let (code, stdout, stderr) = run(tail_cloudwatch(dir.path(), &standin, &[]));
    assert_eq!(code, 3, "stderr: {stderr}");
    assert!(stderr.contains("cannot verify"), "stderr: {stderr}");
    assert!(stderr.contains("AccessDenied"), "reason given: {stderr}");
    assert!(
        stderr.contains("--unverified-credentials"),
        "way out named: {stderr}"
    );
    assert!(!stdout.contains("read anyway"));

    let (code, stdout, stderr) = run(tail_cloudwatch(
        dir.path(),
        &standin,
        &["--unverified-credentials"],
    ));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(
        stderr.contains("credentials unverified"),
        "stderr: {stderr}"
    );
    assert!(stdout.contains("read anyway"), "stdout: {stdout}");
    let audit = guard_audit(dir.path());
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[1]["details"]["report"]["verdict"]["verdict"],
        "unverified"
    );
    assert_eq!(audit[1]["details"]["accept_unverified"], true);
    only_reads(&standin);
}

#[test]
fn production_profile_with_static_keys_is_refused() {
    let dir = sandbox();
    std::fs::write(
        dir.path().join("aws-credentials"),
        "[prod-admin]\naws_access_key_id = AKIATESTTESTTESTTEST\naws_secret_access_key = testing\n",
    )
    .expect("write credentials");
    std::fs::write(
        dir.path().join("aws-config"),
        "[profile prod-admin]\nregion = us-east-1\n",
    )
    .expect("write config");
    let standin = Standin::start(
        "arn:aws:iam::111122223333:user/admin",
        Simulator::Allows(vec![]),
        &[],
    );
    let doctor = sandboxed(
        dir.path(),
        &[
            "doctor",
            "--profile",
            "prod-admin",
            "--endpoint-url",
            &standin.url,
        ],
    );
    let (code, stdout, stderr) = run(doctor);
    assert_eq!(code, 5, "stdout: {stdout} stderr: {stderr}");
    assert!(stdout.contains("long-term access key"), "stdout: {stdout}");
    assert!(stdout.contains("REFUSE"), "stdout: {stdout}");
    assert!(stdout.contains("prod-admin"), "stdout: {stdout}");
    // Refused on sight: no simulation spent on such keys.
    assert_eq!(standin.operations(), ["GetCallerIdentity"]);

    // And `tail --cloudwatch` with that profile does not start.
    let tail = sandboxed(
        dir.path(),
        &[
            "tail",
            "--no-tui",
            "--cloudwatch",
            "/prod/x",
            "--profile",
            "prod-admin",
            "--endpoint-url",
            &standin.url,
            "--unverified-credentials",
        ],
    );
    let (code, _, stderr) = run(tail);
    assert_eq!(code, 5, "stderr: {stderr}");
    assert!(stderr.contains("looks like production"), "stderr: {stderr}");
    assert!(stderr.contains("arn:aws:iam::111122223333:user/admin"));
}

#[test]
fn doctor_reports_each_action_and_json() {
    let dir = sandbox();
    let standin = Standin::start(
        ROLE_SESSION,
        Simulator::Allows(vec![
            "s3:PutObject".to_string(),
            "sts:AssumeRole".to_string(),
        ]),
        &[],
    );
    let (code, stdout, _) = run(with_session_keys(sandboxed(
        dir.path(),
        &["doctor", "--endpoint-url", &standin.url],
    )));
    assert_eq!(code, 4);
    assert!(
        stdout.contains(&format!("principal    {ROLE_SESSION}")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("simulated as {ROLE}")), "{stdout}");
    assert!(stdout.contains("ALLOWED  s3:PutObject"), "{stdout}");
    assert!(stdout.contains("denied   logs:PutLogEvents"), "{stdout}");
    assert!(
        stdout.contains("REFUSE — 2 write action(s) allowed"),
        "{stdout}"
    );

    let (code, stdout, _) = run(with_session_keys(sandboxed(
        dir.path(),
        &["doctor", "--endpoint-url", &standin.url, "--json"],
    )));
    assert_eq!(code, 4);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("doctor --json is JSON");
    assert_eq!(json["identity"]["arn"], ROLE_SESSION);
    assert_eq!(json["key_kind"], "temporary");
    assert_eq!(json["verdict"]["verdict"], "writes_allowed");
    assert_eq!(json["exit_code"], 4);
    assert_eq!(json["starts"], false);
    only_reads(&standin);
}

#[test]
fn workbench_with_cloudwatch_groups_is_guarded_before_the_terminal() {
    let dir = sandbox();
    let standin = Standin::start(
        ROLE_SESSION,
        Simulator::Allows(vec!["logs:DeleteLogGroup".to_string()]),
        &[],
    );
    std::fs::write(dir.path().join("app.log"), "hello\n").expect("write log");
    std::fs::write(
        dir.path().join("lookout.toml"),
        format!(
            "[aws]\nendpoint_url = \"{}\"\n[[service]]\nname = \"checkout-api\"\nfiles = [\"app.log\"]\ncloudwatch_groups = [\"/prod/checkout-api\"]\n",
            standin.url
        ),
    )
    .expect("write config");
    let (code, _, stderr) = run(with_session_keys(sandboxed(dir.path(), &[])));
    assert_eq!(code, 4, "stderr: {stderr}");
    assert!(stderr.contains("logs:DeleteLogGroup"), "stderr: {stderr}");
    assert_eq!(
        standin.operations(),
        ["GetCallerIdentity", "SimulatePrincipalPolicy"]
    );
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn moto_lacks_the_simulator_so_lookout_says_unverified() {
    let moto = moto::started();
    // The probe: does this moto implement iam:SimulatePrincipalPolicy?
    let answer = probe_simulator(moto.port);
    let implemented = answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200");
    eprintln!(
        "moto iam:SimulatePrincipalPolicy implemented: {implemented} ({})",
        answer.lines().next().unwrap_or("no answer")
    );
    let dir = sandbox();
    moto.start_recording();
    let doctor = |extra: &[&str]| {
        let mut args = vec!["doctor", "--json", "--endpoint-url", &moto.url];
        args.extend_from_slice(extra);
        let mut command = sandboxed(dir.path(), &args);
        command
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
        run(command)
    };
    let (code, stdout, stderr) = doctor(&[]);
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("JSON from doctor: {stdout} {stderr}"));
    // GetCallerIdentity is real moto.
    assert_eq!(
        json["identity"]["arn"],
        "arn:aws:sts::123456789012:user/moto"
    );
    if implemented {
        // A moto with the simulator: its user has no policies, so all denied.
        assert_eq!(code, 0, "{stdout}");
        assert_eq!(json["verdict"]["verdict"], "read_only");
    } else {
        assert_eq!(code, 3, "{stdout}");
        assert_eq!(json["verdict"]["verdict"], "unverified");
        let reason = json["verdict"]["reason"].as_str().unwrap_or("");
        assert!(reason.contains("HTTP 500"), "{reason}");
        let (code, stdout, _) = doctor(&["--unverified-credentials"]);
        assert_eq!(code, 0, "{stdout}");
    }
    // moto's recorder: the guard sent reads only.
    let operations = moto.recorded_operations();
    assert!(
        operations.iter().any(|op| op == "GetCallerIdentity"),
        "{operations:?}"
    );
    for operation in &operations {
        assert!(
            matches!(
                operation.as_str(),
                "GetCallerIdentity" | "SimulatePrincipalPolicy"
            ),
            "non-read {operation} in {operations:?}"
        );
    }
}

#[test]
fn status_bar_says_credentials_unverified() {
    use lookout::tui::app::State;
    let theme = lookout::tui::theme::Theme::load("default", false).expect("theme");
    let render = |unverified: bool| {
        let engine = lookout::ingest::Engine::new(lookout::ingest::EngineConfig::default());
        let mut state = State::new(engine, lookout::level::Level::ReadOnly, "t", "svc", vec![]);
        state.credentials_unverified = unverified;
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
        terminal
            .draw(|frame| lookout::tui::views::draw(frame, &mut state, &theme))
            .expect("draw");
        terminal.backend().to_string()
    };
    let screen = render(true);
    assert!(
        screen.contains("L0 READ-ONLY  credentials unverified"),
        "{screen}"
    );
    assert!(!render(false).contains("credentials unverified"));
}

/// A raw, IAM-scoped Query request (moto routes by the credential scope in
/// the Authorization header; it does not check the signature).
fn probe_simulator(port: u16) -> String {
    use std::io::{Read, Write};
    let body = "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fmoto&ActionNames.member.1=logs%3APutLogEvents";
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to moto");
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    write!(
        stream,
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send probe");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}
