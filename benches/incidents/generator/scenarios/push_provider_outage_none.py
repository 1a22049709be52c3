"""push-gateway (Rust, tokio; three pods on Kubernetes behind the mesh's
egress gateway; team in Madrid, Berlin and Bangalore): Dishly's push
notifications for its food-delivery apps in Spain, Portugal and Italy.
order-tracking (Kotlin, Ktor) publishes order events (rider assigned, rider
nearby, rider at the door, delivered) to RabbitMQ; push-gateway sends them
to Android phones through Firebase Cloud Messaging's HTTP v1 API and to
iPhones through APNs. A send that fails is retried once in-process, then
requeued twice through push.deliveries.retry (60 s delay), then dropped:
a "rider nearby" is worthless a few minutes later.

On Thursday 14 May, at the dinner peak (19:48 in Madrid), FCM answers most
v1 sends with 503 UNAVAILABLE ("The service is currently unavailable."),
some with 500 INTERNAL, some hang until the egress timeout, from 17:48 to
18:41 UTC. APNs works throughout. Android customers stop getting "rider at
the door", riders wait and phone them; the retry queue grows and stale
pushes are dropped. The mesh's egress log shows the same 503s for the
marketing team's campaigns-service. Firebase's status dashboard posts at
18:19, 31 minutes after the first failure. Nothing in this repository
caused it.

Decoys: a config change rolled out at 17:20, 28 minutes before the onset,
that raises FCM concurrency from 32 to 96 sends per pod for the dinner
peak (the on-call rolls it back at 18:06 and nothing changes); the morning
commit that logs FCM's error code and message from the v1 error details
(the very fields of the incident's lines); a reqwest bump shipped with it;
an APNs change earlier in the week; chores; a runbook commit after. App
(Rust tracing fmt, with spans), the egress gateway's Envoy JSON access
log, order-tracking (Logback's default pattern), Firebase status dashboard
(JSON), Argo CD (logfmt); RabbitMQ queue metrics."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "push-gateway"
START, END = utc("2026-05-14 16:35:00"), utc("2026-05-14 19:25:00")
ARGO_START = utc("2026-05-14 09:20:00")
MORNING_DEPLOY = utc("2026-05-14 09:41:30")
CONFIG_DEPLOY = utc("2026-05-14 17:20:12")
ROLLBACK = utc("2026-05-14 18:06:40")
OUTAGE, RECOVERED = utc("2026-05-14 17:48:31"), utc("2026-05-14 18:41:05")
STATUS_POSTED = utc("2026-05-14 18:19:47")
VERSION = "1.19.0"

FCM_RS = """//! Firebase Cloud Messaging, HTTP v1 API.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;
use tracing::{info, warn};

use crate::{auth::TokenSource, Delivery, SendError};

pub struct Fcm {
    http: reqwest::Client,
    project: String,
    tokens: TokenSource,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorStatus,
}

#[derive(Deserialize)]
struct ErrorStatus {
    code: u16,
    message: String,
    status: String,
}

impl Fcm {
    pub async fn send(&self, d: &Delivery) -> Result<(), SendError> {
        let url = format!("https://fcm.googleapis.com/v1/projects/{}/messages:send", self.project);
        let started = std::time::Instant::now();
        let res = self
            .http
            .post(&url)
            .bearer_auth(self.tokens.current().await?)
            .json(&d.fcm_message())
            .timeout(Duration::from_secs(8))
            .send()
            .await?;
        let status = res.status();
        if status.is_success() {
            let body: serde_json::Value = res.json().await?;
            info!(name = %body["name"].as_str().unwrap_or("-"), latency_ms = started.elapsed().as_millis() as u64, "delivered");
            return Ok(());
        }
        if status == StatusCode::NOT_FOUND {
            warn!(device = %d.device_id, "token unregistered, removing device");
            return Err(SendError::Unregistered);
        }
        warn!(status = status.as_u16(), "send failed");
        Err(SendError::Retryable(status.as_u16()))
    }
}
"""

CONFIG = """[rabbitmq]
url = "amqp://push-gateway@rabbitmq.messaging.svc:5672/%2Fpush"
queue = "push.deliveries"
retry_queue = "push.deliveries.retry"
prefetch = 200

[fcm]
project = "dishly-prod"
concurrency = 32
timeout = "8s"

[apns]
topic = "com.dishly.app"
team_id = "7QK2L9X4PB"
concurrency = 64

[retry]
in_process_attempts = 2
requeues = 2
requeue_delay = "60s"
max_age = "10m"
"""


def repo_files():
    return {
        "Cargo.toml": f'[package]\nname = "push-gateway"\nversion = "{VERSION}"\nedition = "2021"\n\n[dependencies]\ntokio = {{ version = "1.37", features = ["full"] }}\naxum = "0.7"\nreqwest = {{ version = "0.12.4", default-features = false, features = ["json", "rustls-tls", "http2"] }}\nlapin = "2.3"\na2 = "0.10"\nserde = {{ version = "1", features = ["derive"] }}\nserde_json = "1"\ntoml = "0.8"\ntracing = "0.1"\ntracing-subscriber = {{ version = "0.3", features = ["env-filter"] }}\ngcp_auth = "0.12"\nthiserror = "1"\n',
        "Cargo.lock": f'# This file is automatically @generated by Cargo.\nversion = 3\n\n[[package]]\nname = "push-gateway"\nversion = "{VERSION}"\n\n[[package]]\nname = "reqwest"\nversion = "0.12.4"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "566cafdd92868e0939d3fb961bd0dc25fcfaaed179291093b3d43e6b3150ea10"\n',
        "src/main.rs": 'use tracing::info;\n\nmod apns;\nmod auth;\nmod config;\nmod consumer;\nmod fcm;\n\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    tracing_subscriber::fmt().with_ansi(false).with_env_filter("info").init();\n    let cfg = config::load()?;\n    info!(version = env!("CARGO_PKG_VERSION"), git_sha = env!("GIT_SHA"), fcm_concurrency = cfg.fcm.concurrency, apns_concurrency = cfg.apns.concurrency, "starting push-gateway");\n    consumer::run(cfg).await\n}\n',
        "src/fcm.rs": FCM_RS,
        "src/apns.rs": "//! APNs over HTTP/2 with a token-based (.p8) key.\n\nuse a2::{Client, Endpoint};\n\npub fn client(key: &[u8], key_id: &str, team_id: &str) -> a2::Client {\n    Client::token(key, key_id, team_id, Endpoint::Production).expect(\"apns client\")\n}\n",
        "src/consumer.rs": "//! Consumes push.deliveries; in-process retry, then requeue through\n//! push.deliveries.retry (dead-lettered back after requeue_delay), then drop.\n\nuse tracing::{info, warn, Instrument};\n\npub async fn handle(d: Delivery, cfg: &Config) -> Outcome {\n    let span = tracing::info_span!(\"deliver\", kind = %d.kind, order = %d.order, platform = %d.platform);\n    async move {\n        for attempt in 1..=cfg.retry.in_process_attempts {\n            match send(&d).await {\n                Ok(()) => return Outcome::Acked,\n                Err(e) if e.is_retryable() && attempt < cfg.retry.in_process_attempts => backoff(attempt).await,\n                Err(e) => return requeue_or_drop(&d, e, cfg),\n            }\n        }\n        Outcome::Acked\n    }\n    .instrument(span)\n    .await\n}\n",
        "src/auth.rs": "//! OAuth2 access tokens for FCM from the service account (Workload Identity).\n",
        "src/config.rs": "//! config/production.toml, read at start-up.\n",
        "config/production.toml": CONFIG,
        "Dockerfile": "FROM rust:1.79-bookworm AS build\nWORKDIR /src\nCOPY . .\nARG GIT_SHA=dev\nENV GIT_SHA=$GIT_SHA\nRUN cargo build --release --locked\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /src/target/release/push-gateway /push-gateway\nCOPY config /config\nENTRYPOINT [\"/push-gateway\"]\n",
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 9090, replicas=3, memory="256Mi", cpu="500m", env={"CONFIG_PATH": "/config/production.toml", "RUST_LOG": "info"}),
        "k8s/service.yaml": k8s_service(SERVICE, 9090),
        ".github/workflows/ci.yml": ci_workflow("      - run: cargo clippy --locked -- -D warnings\n      - run: cargo test --locked\n",
                                                "      - uses: dtolnay/rust-toolchain@1.79\n"),
        "README.md": readme(SERVICE, "Sends Dishly's order notifications to phones: FCM (Android) and APNs (iOS), from RabbitMQ.", "cargo test\nCONFIG_PATH=config/production.toml cargo run"),
    }


def build_repo():
    lucia = Person("Lucía Fernández", "lucia.fernandez@dishly.app", 120)
    jonas = Person("Jonas Weber", "jonas.weber@dishly.app", 120)
    arjun = Person("Arjun Nair", "arjun.nair@dishly.app", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PushRetryQueueGrowing", "push.deliveries.retry above 5 messages for 5 minutes: read the gateway's `send failed` lines; which platform, which status?"),
        ("PushDropRate", "More than 1 % of pushes dropped as stale: the providers are failing or we are too slow; check the consumer's prefetch and concurrency."),
    ])
    repo.commit(utc("2026-05-07 08:40:00"), lucia, "push-gateway: import", files)
    repo.schedule(chores(random.Random(14301), SERVICE, [lucia, jonas, arjun], utc("2026-05-07 08:40:00"), utc("2026-05-13 16:00:00"), 4))
    repo.commit(utc("2026-05-11 10:20:00"), arjun, "apns: collapse rider-nearby updates per order\n\niOS showed three 'rider nearby' banners for one order.", {
        "src/apns.rs": repo.files["src/apns.rs"] + "\n/// apns-collapse-id: one banner per order and kind.\npub fn collapse_id(order: &str, kind: &str) -> String {\n    format!(\"{order}:{kind}\")\n}\n",
    })
    repo.commit(utc("2026-05-12 14:05:00"), jonas, "docs: how a push gets to a phone", {
        "docs/delivery.md": "# Delivery\n\norder-tracking publishes one message per notification to `push.deliveries`.\nThe gateway looks up the customer's devices and sends to each: FCM HTTP v1\nfor Android, APNs for iOS. A failed send is retried once in-process; then\nthe message goes to `push.deliveries.retry`, which dead-letters it back\nafter 60 s, at most twice. Pushes older than ten minutes are dropped.\n",
    })
    repo.commit(utc("2026-05-14 05:30:00"), bot, "Bump reqwest from 0.12.4 to 0.12.5\n\nBumps [reqwest](https://github.com/seanmonstar/reqwest) from 0.12.4 to 0.12.5.\n- [Release notes](https://github.com/seanmonstar/reqwest/releases)\n- [Changelog](https://github.com/seanmonstar/reqwest/blob/master/CHANGELOG.md)\n- [Commits](https://github.com/seanmonstar/reqwest/compare/v0.12.4...v0.12.5)\n\n---\nupdated-dependencies:\n- dependency-name: reqwest\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "Cargo.toml": repo.edit("Cargo.toml", 'version = "0.12.4"', 'version = "0.12.5"'),
        "Cargo.lock": repo.edit("Cargo.lock", 'name = "reqwest"\nversion = "0.12.4"', 'name = "reqwest"\nversion = "0.12.5"').replace(
            "566cafdd92868e0939d3fb961bd0dc25fcfaaed179291093b3d43e6b3150ea10", "c7d6d2a27d57148378eb5e111173f4276ad26340ecc5c49a4a2152167a2d6a37"),
    })
    morning = repo.commit(utc("2026-05-14 07:55:00"), lucia, "fcm: log FCM's error code and message\n\n'send failed status=400' said nothing: the v1 error body says whether\nthe token is invalid, the payload too big or the sender mismatched.\nLog error.status and error.message with the HTTP status.", {
        "src/fcm.rs": repo.edit("src/fcm.rs", '        warn!(status = status.as_u16(), "send failed");\n        Err(SendError::Retryable(status.as_u16()))\n',
                                '        let err = res.json::<ErrorBody>().await.map(|b| b.error).ok();\n'
                                '        let (fcm_error, message) = err.map(|e| (e.status, e.message)).unwrap_or_else(|| ("-".into(), "-".into()));\n'
                                '        warn!(status = status.as_u16(), fcm_error = %fcm_error, fcm_message = %message, "send failed");\n'
                                '        Err(SendError::from_status(status, fcm_error))\n'),
    })
    config = repo.commit(utc("2026-05-14 17:08:00"), jonas, "fcm: 96 concurrent sends per pod for the dinner peak\n\nAt 20:30 on Friday the gateway queued up to 4 s behind 32 in-flight\nFCM sends per pod; FCM's limit is per project and far above this.", {
        "config/production.toml": repo.edit("config/production.toml", "concurrency = 32\n", "concurrency = 96\n"),
    })
    repo.commit(utc("2026-05-14 19:40:00"), lucia, "runbook: FCM outages", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## FCM answers 503 UNAVAILABLE\n\nIf APNs keeps delivering and the egress gateway shows 503s from\nfcm.googleapis.com for other services too (campaigns-service), it is FCM:\nstatus.firebase.google.com, then pause promotional sends. Rolling back the\ngateway does not help. Pushes are dropped after two requeues by design.\n",
    })
    return repo, morning, config


def tfmt(t, level, spans, target, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    parts = [f"{stamp} {level:>5} "]
    if spans:
        parts.append(spans + ": ")
    parts.append(f"{target}: {msg}")
    for key, value in fields.items():
        parts.append(f" {key}={value}")
    return "".join(parts)


def logback(t, thread, level, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{thread}] {level:<5} {logger} - {msg}"


def fcm_failure(t):
    if t < OUTAGE or t >= RECOVERED:
        return 0.0
    into = (t - OUTAGE).total_seconds()
    left = (RECOVERED - t).total_seconds()
    return min(0.82, 0.3 + into / 150 * 0.5, 0.05 + left / 300 * 0.77)


def build_logs(rng, morning, config):
    app = Log("push-gateway.log")
    egress = Log("istio-egressgateway.log")
    tracking = Log("order-tracking.log")
    status = Log("firebase-status.log")
    argo = Log("argocd-application-controller.log")

    # --- rollouts -------------------------------------------------------------------------------
    gens = [(MORNING_DEPLOY, morning, 32), (CONFIG_DEPLOY, config, 96), (ROLLBACK, morning, 32)]
    pods = [[f"push-gateway-{hexid(rng, 10)}-{hexid(rng, 5)}" for _ in range(3)] for _ in gens]
    # the rollback brings back the morning's pod template, so the morning's ReplicaSet
    pods[2] = [f"push-gateway-{p.split('-')[2]}-{hexid(rng, 5)}" for p in pods[0]]
    pod_ip = {pod: f"10.52.{rng.randint(0, 7)}.{rng.randint(10, 250)}" for g in pods for pod in g}

    def gen_at(slot, t):
        g = 0
        for i, (when, _, _) in enumerate(gens):
            if t >= when + dt.timedelta(seconds=18 + 20 * slot):
                g = i
        return g

    for i, (when, sha, _) in enumerate(gens):
        t0 = when - dt.timedelta(seconds=25)
        if i < 2:
            argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="push-gateway", dest_namespace="notifications"))
        else:
            argo.add(t0 - dt.timedelta(seconds=40), logfmt(t0 - dt.timedelta(seconds=40), "info", "Disabled automated sync", application="push-gateway", user="jonas.weber@dishly.app"))
            argo.add(t0, logfmt(t0, "info", f"Initiated sync to '{sha}' (rollback to revision 41)", application="push-gateway", dest_namespace="notifications", user="jonas.weber@dishly.app"))
        argo.add(when + dt.timedelta(seconds=75), logfmt(when + dt.timedelta(seconds=75), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded",
                                                         application="push-gateway", dest_namespace="notifications"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="push-gateway", dest_namespace="notifications",
                                                              comparison_level=1, time_ms=rng.randint(20, 120)))])
    token_refresh = {}
    for g in (1, 2):
        when, sha, conc = gens[g]
        for slot, pod in enumerate(pods[g]):
            t = when + dt.timedelta(seconds=18 + 20 * slot - 3 + rng.uniform(0, 1))
            app.add(t, tfmt(t, "INFO", "", "push_gateway", "starting push-gateway", version=VERSION, git_sha=sha[:7], fcm_concurrency=conc, apns_concurrency=64))
            app.add(t + dt.timedelta(milliseconds=180), tfmt(t + dt.timedelta(milliseconds=180), "INFO", "", "push_gateway::auth", "oauth2 access token fetched", scope='"https://www.googleapis.com/auth/firebase.messaging"', expires_in_s=3599))
            app.add(t + dt.timedelta(milliseconds=240), tfmt(t + dt.timedelta(milliseconds=240), "INFO", "", "push_gateway::consumer", "consuming", queue='"push.deliveries"', prefetch=200))
            token_refresh[pod] = t + dt.timedelta(seconds=3599 - 300)
            old = pods[g - 1][slot]
            to = t + dt.timedelta(seconds=2)
            app.add(to, tfmt(to, "INFO", "", "push_gateway", "received SIGTERM, draining", in_flight=rng.randint(0, 9)))
            app.add(to + dt.timedelta(milliseconds=700), tfmt(to + dt.timedelta(milliseconds=700), "INFO", "", "push_gateway", "drained, bye"))
    for pod in pods[0]:
        token_refresh[pod] = utc("2026-05-14 16:36:00") + dt.timedelta(seconds=rng.randint(0, 3000))

    # --- notifications ------------------------------------------------------------------------
    def rate(t):
        # dinner orders in Spain, Portugal and Italy ramp from 18:30 CEST
        h = (t - START).total_seconds() / 3600
        return 3.4 + 3.4 * min(1.0, h / 1.4)

    KINDS = [(3, "RIDER_ASSIGNED"), (3, "RIDER_NEARBY"), (2, "RIDER_AT_DOOR"), (3, "DELIVERED"), (1, "ORDER_DELAYED")]
    retry_depth = {}
    dropped = {}

    def depth(t, delta):
        key = t.replace(second=0, microsecond=0)
        retry_depth[key] = retry_depth.get(key, 0) + delta

    def envoy(t, status_code, flags, duration, upstream, authority, path, req_bytes, resp_bytes, src, ua):
        body = {"start_time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "method": "POST", "path": path, "protocol": "HTTP/2",
                "response_code": status_code, "response_flags": flags, "bytes_received": req_bytes, "bytes_sent": resp_bytes, "duration": duration,
                "upstream_service_time": str(max(0, duration - rng.randint(0, 2))) if status_code and flags == "-" else None,
                "x_forwarded_for": None, "user_agent": ua, "request_id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                "authority": authority, "upstream_host": upstream, "upstream_cluster": f"outbound|443||{authority}", "downstream_remote_address": f"{src}:{rng.randint(32768, 60999)}"}
        egress.add(t + dt.timedelta(milliseconds=duration), json.dumps(body, separators=(",", ":")))

    FCM_HOSTS = ["142.250.184.202:443", "142.250.200.42:443", "172.217.17.10:443", "142.250.178.10:443"]
    APNS_HOSTS = ["17.188.143.34:443", "17.188.138.71:443", "17.188.180.206:443"]

    def fcm_attempt(t, pod, spans):
        """One FCM v1 send. Returns (ok, seconds, status)."""
        p = fcm_failure(t)
        src = pod_ip[pod]
        path = "/v1/projects/dishly-prod/messages:send"
        ua = f"push-gateway/{VERSION}"
        if rng.random() >= p:
            took = ms(rng, 70 if p == 0 else 240, 0.45)
            envoy(t, 200, "-", took, rng.choice(FCM_HOSTS), "fcm.googleapis.com", path, rng.randint(380, 620), 84, src, ua)
            e = t + dt.timedelta(milliseconds=took + 2)
            app.add(e, tfmt(e, "INFO", spans, "push_gateway::fcm", "delivered", name=f"projects/dishly-prod/messages/0:{int(t.timestamp() * 1000)}%{hexid(rng, 16)}", latency_ms=took + 1))
            return True, (took + 2) / 1000, 200
        r = rng.random()
        if r < 0.8:
            took = ms(rng, 35, 0.5)
            envoy(t, 503, "-", took, rng.choice(FCM_HOSTS), "fcm.googleapis.com", path, rng.randint(380, 620), 157, src, ua)
            e = t + dt.timedelta(milliseconds=took + 2)
            app.add(e, tfmt(e, "WARN", spans, "push_gateway::fcm", "send failed", status=503, fcm_error="UNAVAILABLE", fcm_message="The service is currently unavailable."))
            return False, (took + 2) / 1000, 503
        if r < 0.92:
            took = ms(rng, 120, 0.5)
            envoy(t, 500, "-", took, rng.choice(FCM_HOSTS), "fcm.googleapis.com", path, rng.randint(380, 620), 146, src, ua)
            e = t + dt.timedelta(milliseconds=took + 2)
            app.add(e, tfmt(e, "WARN", spans, "push_gateway::fcm", "send failed", status=500, fcm_error="INTERNAL", fcm_message="Internal error encountered."))
            return False, (took + 2) / 1000, 500
        envoy(t, 504, "UT", 8000, rng.choice(FCM_HOSTS), "fcm.googleapis.com", path, rng.randint(380, 620), 24, src, ua)
        e = t + dt.timedelta(milliseconds=8001)
        app.add(e, tfmt(e, "WARN", spans, "push_gateway::fcm", "send failed", status=504, fcm_error="-", fcm_message="operation timed out"))
        return False, 8.001, 504

    def apns_attempt(t, pod, spans, device):
        took = ms(rng, 45, 0.45)
        if rng.random() < 0.012:
            envoy(t, 410, "-", took, rng.choice(APNS_HOSTS), "api.push.apple.com", f"/3/device/{hexid(rng, 64)}", rng.randint(300, 520), 64, pod_ip[pod], "a2/0.10.0")
            e = t + dt.timedelta(milliseconds=took + 2)
            app.add(e, tfmt(e, "WARN", spans, "push_gateway::apns", "token unregistered, removing device", device=device, status=410, reason="Unregistered"))
            return
        envoy(t, 200, "-", took, rng.choice(APNS_HOSTS), "api.push.apple.com", f"/3/device/{hexid(rng, 64)}", rng.randint(300, 520), 0, pod_ip[pod], "a2/0.10.0")
        e = t + dt.timedelta(milliseconds=took + 2)
        app.add(e, tfmt(e, "INFO", spans, "push_gateway::apns", "delivered", apns_id=f"{hexid(rng, 8).upper()}-{hexid(rng, 4).upper()}-{hexid(rng, 4).upper()}-{hexid(rng, 4).upper()}-{hexid(rng, 12).upper()}", latency_ms=took + 1))

    threads = [f"DefaultDispatcher-worker-{n}" for n in range(1, 17)]
    arrivals = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt
    orders = {}
    doorstep = []
    for t in arrivals:
        kind = None
        total = sum(w for w, _ in KINDS)
        pick = rng.uniform(0, total)
        for w, v in KINDS:
            pick -= w
            if pick <= 0:
                kind = v
                break
        country = rng.choice(["ES", "ES", "ES", "PT", "IT", "IT"])
        order = f"{country}-{rng.randint(48000000, 48999999)}"
        platform = "android" if rng.random() < 0.58 else "ios"
        tracking.add(t, logback(t, rng.choice(threads), "INFO", "c.d.tracking.push.PushPublisher", f"published {kind} for order {order}"))
        device = f"dev_{hexid(rng, 12)}"
        spans = f"deliver{{kind={kind} order={order} platform={platform}}}"
        slot = rng.randrange(3)
        tc = t + dt.timedelta(milliseconds=rng.randint(15, 80))
        pod = pods[gen_at(slot, tc)][slot]
        delivered_at = None
        if platform == "ios":
            apns_attempt(tc, pod, spans, device)
            delivered_at = tc
        else:
            if rng.random() < 0.006 and fcm_failure(tc) == 0:
                took = ms(rng, 60, 0.4)
                envoy(tc, 404, "-", took, rng.choice(FCM_HOSTS), "fcm.googleapis.com", "/v1/projects/dishly-prod/messages:send", 420, 210, pod_ip[pod], f"push-gateway/{VERSION}")
                e = tc + dt.timedelta(milliseconds=took + 2)
                app.add(e, tfmt(e, "WARN", spans, "push_gateway::fcm", "token unregistered, removing device", device=device))
                continue
            cycle_start = tc
            for cycle in range(3):
                te = cycle_start
                ok = False
                for attempt in (1, 2):
                    slot = rng.randrange(3)
                    pod = pods[gen_at(slot, te)][slot]
                    ok, took, code = fcm_attempt(te, pod, spans)
                    te += dt.timedelta(seconds=took)
                    if ok:
                        break
                    if attempt == 1:
                        te += dt.timedelta(milliseconds=rng.randint(900, 1100))
                if ok:
                    delivered_at = te
                    if cycle:
                        depth(te, -1)
                    break
                age = int((te - tc).total_seconds())
                if cycle < 2:
                    app.add(te + dt.timedelta(microseconds=400), tfmt(te + dt.timedelta(microseconds=400), "WARN", spans, "push_gateway::consumer", "requeued", queue='"push.deliveries.retry"', delay_s=60, requeue=cycle + 1, age_s=age))
                    if cycle == 0:
                        depth(te, +1)
                    cycle_start = te + dt.timedelta(seconds=60 + rng.uniform(0, 4))
                else:
                    app.add(te + dt.timedelta(microseconds=400), tfmt(te + dt.timedelta(microseconds=400), "ERROR", spans, "push_gateway::consumer", "dropped after 2 requeues", last_status=code, age_s=age))
                    depth(te, -1)
                    key = te.replace(second=0, microsecond=0)
                    dropped[key] = dropped.get(key, 0) + 1
        if kind == "RIDER_AT_DOOR":
            doorstep.append((t, order, delivered_at))

    # --- riders at the door ------------------------------------------------------------------------
    for t, order, delivered_at in doorstep:
        if delivered_at is not None and (delivered_at - t).total_seconds() < 30 and rng.random() < 0.9:
            wait = rng.randint(25, 110)
            e = t + dt.timedelta(seconds=wait)
            tracking.add(e, logback(e, rng.choice(threads), "INFO", "c.d.tracking.DoorstepWatcher", f"order {order}: customer came to the door after {wait}s"))
            continue
        e = t + dt.timedelta(seconds=180)
        tracking.add(e, logback(e, rng.choice(threads), "WARN", "c.d.tracking.DoorstepWatcher", f"order {order}: rider waiting at the door for 180s, no customer response; calling the customer"))
        e2 = e + dt.timedelta(seconds=rng.randint(20, 140))
        if rng.random() < 0.85:
            tracking.add(e2, logback(e2, rng.choice(threads), "INFO", "c.d.tracking.DoorstepWatcher", f"order {order}: customer came to the door after {int((e2 - t).total_seconds())}s"))
        else:
            tracking.add(e2, logback(e2, rng.choice(threads), "WARN", "c.d.tracking.DoorstepWatcher", f"order {order}: customer unreachable, rider told to leave at the door"))
    emit(rng, tracking, START, END, 0.6, [
        (3, lambda t: logback(t, rng.choice(threads), "INFO", "c.d.tracking.RiderLocationIngest", f"ingested {rng.randint(900, 2400)} rider positions in {rng.randint(40, 160)}ms")),
        (1, lambda t: logback(t, rng.choice(threads), "WARN", "c.d.tracking.RiderLocationIngest", f"rider {rng.randint(100000, 199999)}: position older than 30s, eta frozen")),
    ])

    # --- routine gateway lines ---------------------------------------------------------------------
    for g, ps in enumerate(pods):
        ends = gens[g + 1][0] + dt.timedelta(seconds=40) if g + 1 < len(gens) else END
        for pod in ps:
            when = token_refresh[pod]
            while when < ends:
                if when >= START:
                    app.add(when, tfmt(when, "INFO", "", "push_gateway::auth", "oauth2 access token refreshed", expires_in_s=3599))
                when += dt.timedelta(seconds=3300)

    # the marketing team's campaigns-service also sends through FCM via the egress gateway
    for t in poisson_times(rng, START, END, 1.3):
        p = fcm_failure(t)
        src = f"10.52.{rng.randint(8, 11)}.{rng.randint(10, 250)}"
        if rng.random() < p:
            egress_code = 503 if rng.random() < 0.85 else 500
            envoy(t, egress_code, "-", ms(rng, 40, 0.5), rng.choice(FCM_HOSTS), "fcm.googleapis.com", "/v1/projects/dishly-prod/messages:send", rng.randint(600, 1400), 157 if egress_code == 503 else 146, src, "campaigns-service/3.4.1 google-api-nodejs-client/9.11.0")
        else:
            envoy(t, 200, "-", ms(rng, 80, 0.45), rng.choice(FCM_HOSTS), "fcm.googleapis.com", "/v1/projects/dishly-prod/messages:send", rng.randint(600, 1400), 84, src, "campaigns-service/3.4.1 google-api-nodejs-client/9.11.0")
    # OAuth token endpoint (healthy all along)
    for t in poisson_times(rng, START, END, 0.15):
        envoy(t, 200, "-", ms(rng, 30, 0.4), "142.250.185.138:443", "oauth2.googleapis.com", "/token", 812, 1143, f"10.52.{rng.randint(0, 11)}.{rng.randint(10, 250)}", "gcp_auth/0.12.2")

    # --- Firebase status dashboard -----------------------------------------------------------------
    def post(when, impact, text, begin="2026-05-14T17:45:00+00:00", end=None):
        body = {"service_name": "Cloud Messaging", "id": "fcm-2605-14a", "begin": begin, "end": end, "status_impact": impact, "severity": "high" if impact != "AVAILABLE" else "low",
                "modified": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "external_desc": "Elevated error rates for Firebase Cloud Messaging API requests",
                "most_recent_update": {"when": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "text": text}}
        status.add(when, json.dumps(body, separators=(",", ":")))
    status.add(utc("2026-05-14 16:55:12"), json.dumps({"service_name": "Crashlytics", "id": "crash-2605-14", "begin": "2026-05-14T15:10:00+00:00", "end": "2026-05-14T16:50:00+00:00",
                                                      "status_impact": "AVAILABLE", "severity": "low", "modified": "2026-05-14T16:55:12+00:00",
                                                      "external_desc": "Delays in processing crash reports",
                                                      "most_recent_update": {"when": "2026-05-14T16:55:12+00:00", "text": "The issue with Crashlytics has been resolved. Crash reports submitted between 15:10 and 16:50 UTC are now processed."}},
                                                     separators=(",", ":")))
    post(STATUS_POSTED, "SERVICE_DISRUPTION", "We are investigating elevated error rates (HTTP 503 UNAVAILABLE and 500 INTERNAL) for requests to the FCM HTTP v1 API. Messages may be delayed or not delivered. We will provide an update by 19:00 UTC.")
    post(utc("2026-05-14 18:44:03"), "SERVICE_DISRUPTION", "We have identified the cause of the elevated error rates for the FCM HTTP v1 API and applied a mitigation. Error rates are returning to normal.")
    post(utc("2026-05-14 19:02:30"), "AVAILABLE", "The issue with Firebase Cloud Messaging has been resolved for all affected users as of 18:41 UTC. Between 17:45 and 18:41 UTC, a portion of FCM HTTP v1 API requests failed with HTTP 503 or 500.",
         end="2026-05-14T18:41:00+00:00")
    return [app, egress, tracking, status, argo], retry_depth, dropped


def build(out_dir):
    rng = random.Random(14300)
    repo, morning, config = build_repo()
    try:
        logs, retry_depth, dropped = build_logs(rng, morning, config)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "status=503" in text or "status=500" in text).replace(microsecond=0)
        level = {}
        acc = rng.randint(0, 3)
        minute = START
        while minute <= END:
            acc = max(0, acc + retry_depth.get(minute, 0))
            level[minute] = acc
            minute += dt.timedelta(minutes=1)
        metrics = {
            "rabbitmq_queue_messages_ready.json": query_range(
                [({"queue": "push.deliveries.retry", "vhost": "/push", "instance": "rabbitmq-0.rabbitmq.messaging.svc:15692"},
                  lambda t: level[t.replace(second=0, microsecond=0)])], START, END, 60),
        }
        return write_scenario(
            out_dir, name="push-provider-outage-none", service=SERVICE, onset=onset,
            description=f"""
Android customers stop getting order notifications. From {onset.strftime('%H:%M')} UTC (the dinner
peak; {(onset + dt.timedelta(hours=2)).strftime('%H:%M')} in Madrid) riders wait at the door and phone customers,
push-gateway's retry queue grows and stale notifications are dropped;
iPhone customers are fine. push-gateway was rolled out at 09:41 (a change
to its FCM error line, a reqwest bump) and at 17:20 (FCM concurrency 32 ->
96 per pod); the on-call rolled that back at 18:06 without effect. Sends
recover at about 18:41.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"service is currently unavailable", r"Elevated error rates for Firebase Cloud Messaging"],
            fix_files=[],
            explanation=f"""
Nothing in push-gateway's repository caused it. Firebase Cloud Messaging
had an incident from 17:48 to 18:41 UTC: most HTTP v1 sends were answered
503 UNAVAILABLE ("The service is currently unavailable."), some 500
INTERNAL, some hung until the egress gateway's 8 s timeout (504 UT).
APNs delivered throughout, the marketing team's campaigns-service saw the
same 503s from fcm.googleapis.com through the same egress gateway, and
OAuth token requests to Google kept succeeding. push-gateway retried,
requeued each push twice and then dropped it; riders waited at the door
for Android customers. Firebase's status dashboard posts
{int((STATUS_POSTED - onset).total_seconds() // 60)} minutes after the first failure; sends recover with it. Decoys: the FCM
concurrency change (32 -> 96 per pod) rolled out at 17:20, {int((onset - CONFIG_DEPLOY).total_seconds() // 60)} minutes before
the onset, which the on-call rolled back at 18:06 without effect; the
morning commit that logs FCM's error code and message (the fields of
every failure line); the reqwest bump shipped with it; an APNs change and
docs earlier in the week; chores; the runbook commit after the onset.
""",
        )
    finally:
        repo.close()
