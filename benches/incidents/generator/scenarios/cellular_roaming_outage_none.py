"""ocpp-gateway (Rust, tokio, tokio-tungstenite, env_logger; three pods
behind an NLB in the `charging` namespace, rolled out by a hand-started
GitHub Actions workflow with `kubectl set image` because a rollout
reconnects every charger; team in Amsterdam, Hamburg and Istanbul):
Voltra's OCPP 1.6J central system for 480 public EV chargers in the
Netherlands, Belgium, Germany and France. Each charger keeps a WebSocket to
one pod; the gateway pings it and closes it after missed pongs. Most
chargers are online through Nordlink IoT SIMs that roam on a local network
in each country; the rest have Ethernet or Wi-Fi. The driver app starts
sessions remotely through driver-app-api, which asks the gateway.

On Thursday 10 December at 17:41 UTC Nordlink loses the GTP signalling
path to its German roaming partner (Teleon, 262-91): every data session of
a Nordlink SIM in Germany is torn down and new ones are rejected. The
gateway cannot tell: the German cellular chargers' sockets go silent and
are closed after two missed pongs from 17:42 ("no pong after 2 pings"),
and they do not come back; chargers on Ethernet or Wi-Fi in Germany and
every charger elsewhere stay online. Remote starts from the app to them
fail ("charge point not connected"); sessions already running go on
offline. Nordlink's webhooks show the sessions ended by the network and
the failed activations; its status page posts at 18:19. The link is back
at 18:50 and the chargers reconnect and replay their queued messages by
18:58. Nothing in this repository caused it.

Decoys: the 17:10 rollout, 31 minutes before the onset, that ships a ping
change (every 30 s, close after 2 missed pongs; was 60 s and 3) together
with a tokio-tungstenite bump and the morning's commit that logs the close
reason, country and uplink (every disconnect line since 17:10); the
on-call reverts the ping change at 18:07 without effect; an OCPP
StatusNotification change; docs. App (env_logger via `stern`, line
format), Nordlink SIM webhooks (JSON), Nordlink status page (JSON, 38
minutes late), driver-app-api (pino JSON), Alertmanager notifications
(JSON), deploy workflow (GitHub Actions with kubectl), #charging-ops (chat
export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, readme, runbook

SERVICE = "ocpp-gateway"
START, END = utc("2026-12-10 15:40:00"), utc("2026-12-10 19:30:00")
DEPLOY = utc("2026-12-10 17:10:20")
LINK_DOWN = utc("2026-12-10 17:41:10")
ALERT = utc("2026-12-10 17:47:30")
REVERT_DEPLOY = utc("2026-12-10 18:07:40")
STATUS_POST = utc("2026-12-10 18:19:05")
LINK_UP = utc("2026-12-10 18:50:30")

COUNTRIES = [("NL", 220, "Dykenet", "204", "91"), ("BE", 80, "Belcell", "206", "88"), ("DE", 130, "Teleon", "262", "91"), ("FR", 50, "Orbis Mobile", "208", "27")]
FIRMWARE = ["3.2.1", "3.2.1", "3.2.1", "3.1.7", "2.9.4"]

CONFIG = """# ocpp-gateway, production
[server]
listen = "0.0.0.0:9000"
metrics = "0.0.0.0:9100"

[websocket]
ping_interval_secs = 60
max_missed_pongs = 3
max_message_bytes = 65536

[backend]
sessions_url = "http://charging-sessions.charging.svc/v1"
"""

SESSION_RS = """//! One charge point's WebSocket: OCPP calls in, pings out.
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use log::{info, warn};
use tokio_tungstenite::tungstenite::Message;

use crate::config::WebsocketConfig;
use crate::ocpp;

pub async fn run(cp: ChargePoint, mut ws: WsStream, cfg: &WebsocketConfig) {
    info!("cp={} connected remote={} proto=ocpp1.6 fw={}", cp.id, cp.remote, cp.firmware);
    let started = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs(cfg.ping_interval_secs));
    let mut missed = 0;
    let reason = loop {
        tokio::select! {
            _ = ticker.tick() => {
                if missed >= cfg.max_missed_pongs {
                    break format!("no pong after {} pings", missed);
                }
                missed += 1;
                if ws.send(Message::Ping(Vec::new())).await.is_err() {
                    break "send failed".to_string();
                }
            }
            msg = ws.next() => match msg {
                Some(Ok(Message::Pong(_))) => missed = 0,
                Some(Ok(Message::Text(text))) => ocpp::handle(&cp, &mut ws, &text).await,
                Some(Ok(Message::Close(frame))) => break format!("client closed ({})", close_code(&frame)),
                Some(Err(e)) => break e.to_string(),
                None => break "stream ended".to_string(),
                _ => {}
            }
        }
    };
    warn!("cp={} websocket closed reason={:?}", cp.id, reason);
}
"""


def repo_files():
    return {
        "Cargo.toml": '[package]\nname = "ocpp-gateway"\nversion = "0.18.0"\nedition = "2021"\n\n[dependencies]\ntokio = { version = "1.41", features = ["full"] }\ntokio-tungstenite = "0.24.0"\nfutures-util = "0.3"\nserde = { version = "1", features = ["derive"] }\nserde_json = "1"\ntoml = "0.8"\nlog = "0.4"\nenv_logger = "0.11"\nreqwest = { version = "0.12", features = ["json"] }\nprometheus = "0.13"\n',
        "Cargo.lock": "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"ocpp-gateway\"\nversion = \"0.18.0\"\n\n[[package]]\nname = \"tokio\"\nversion = \"1.41.1\"\n\n[[package]]\nname = \"tokio-tungstenite\"\nversion = \"0.24.0\"\n\n[[package]]\nname = \"tungstenite\"\nversion = \"0.24.0\"\n",
        "src/main.rs": 'mod config;\nmod ocpp;\nmod server;\nmod ws;\n\nuse log::info;\n\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))\n        .format_timestamp_millis()\n        .init();\n    let cfg = config::load("config/production.toml")?;\n    info!("ocpp-gateway {} ({}) listening on {}, ping_interval={}s, max_missed_pongs={}",\n          env!("CARGO_PKG_VERSION"), env!("GIT_SHA"), cfg.server.listen, cfg.websocket.ping_interval_secs, cfg.websocket.max_missed_pongs);\n    server::run(cfg).await\n}\n',
        "src/ws/session.rs": SESSION_RS,
        "src/ws/mod.rs": "pub mod session;\n",
        "src/ocpp/mod.rs": "pub mod status;\npub mod transactions;\npub mod remote;\n",
        "src/ocpp/status.rs": '//! StatusNotification: connector state from the charge point.\nuse serde::Deserialize;\n\n#[derive(Deserialize)]\n#[serde(rename_all = "camelCase")]\npub struct StatusNotification {\n    pub connector_id: u32,\n    pub error_code: ErrorCode,\n    pub status: ConnectorStatus,\n}\n',
        "src/ocpp/remote.rs": '//! RemoteStartTransaction from the driver app (via driver-app-api).\nuse log::warn;\n\npub async fn start(registry: &Registry, cp_id: &str, id_tag: &str) -> Result<(), RemoteError> {\n    let Some(conn) = registry.get(cp_id) else {\n        warn!("RemoteStartTransaction for cp={} rejected: charge point not connected", cp_id);\n        return Err(RemoteError::NotConnected);\n    };\n    conn.call("RemoteStartTransaction", serde_json::json!({"idTag": id_tag, "connectorId": 1})).await\n}\n',
        "config/production.toml": CONFIG,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ocpp-gateway\nspec:\n  replicas: 3\n  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector:\n    matchLabels: {app: ocpp-gateway}\n  template:\n    metadata:\n      labels: {app: ocpp-gateway}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n        - name: ocpp-gateway\n          image: ghcr.io/voltra/ocpp-gateway:latest\n          ports:\n            - containerPort: 9000\n            - containerPort: 9100\n          resources:\n            requests: {cpu: 250m, memory: 128Mi}\n            limits: {memory: 256Mi}\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/voltra/ocpp-gateway:$GITHUB_SHA --build-arg GIT_SHA=${GITHUB_SHA::7} . && docker push ghcr.io/voltra/ocpp-gateway:$GITHUB_SHA\n      - run: kubectl -n charging set image deployment/ocpp-gateway ocpp-gateway=ghcr.io/voltra/ocpp-gateway:$GITHUB_SHA\n      - run: kubectl -n charging rollout status deployment/ocpp-gateway --timeout=15m\n",
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: dtolnay/rust-toolchain@stable\n      - run: cargo test --locked\n",
        "Dockerfile": 'FROM rust:1.83 AS build\nARG GIT_SHA\nENV GIT_SHA=$GIT_SHA\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --locked\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /src/target/release/ocpp-gateway /ocpp-gateway\nCOPY config /config\nENTRYPOINT ["/ocpp-gateway"]\n',
        "README.md": readme(SERVICE, "Voltra's OCPP 1.6J central system: one WebSocket per charge point, remote start/stop for the driver app.", "cargo test\ncargo run").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "A rollout reconnects every charger, so deploys are started by hand (`deploy` workflow), a few times a week, outside the evening peak when possible."),
    }


def build_repo():
    sanne = Person("Sanne Visser", "sanne@voltra.energy", 60)
    lars = Person("Lars Becker", "lars@voltra.energy", 60)
    mehmet = Person("Mehmet Yilmaz", "mehmet@voltra.energy", 180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("ChargePointsOffline", "More than 10 % of a country's charge points offline for 5 minutes. Check the disconnect reasons, the uplink of the offline ones and Nordlink's status page (status.nordlink-iot.com) for cellular ones."),
        ("RemoteStartFailures", "Remote starts failing: is the charge point connected? `RemoteStartTransaction ... rejected` lines."),
    ])
    repo.commit(utc("2026-12-03 09:30:00"), sanne, "ocpp-gateway: import", files)
    repo.schedule(chores(random.Random(19301), SERVICE, [sanne, lars, mehmet], utc("2026-12-03 09:30:00"), utc("2026-12-09 17:00:00"), 3))
    repo.commit(utc("2026-12-07 13:15:00"), lars, "transactions: keep meter values a charger queued while offline, in order", {
        "src/ocpp/transactions.rs": '//! StartTransaction, StopTransaction and MeterValues.\n//! A charger that was offline replays what it queued; keep the order it sends.\nuse log::info;\n\npub async fn replayed(cp: &ChargePoint, queued: &[Call]) {\n    info!("cp={} replayed {} queued messages", cp.id, queued.len());\n}\n',
    })
    early = repo.commit(utc("2026-12-08 08:40:00"), sanne, "release 0.18.0", {
        "CHANGELOG.md": "# Changelog\n\n## 0.18.0\n\n- Replayed meter values keep their order.\n",
    })
    repo.commit(utc("2026-12-09 10:05:00"), bot, "Bump tokio-tungstenite from 0.24.0 to 0.26.1\n\nBumps [tokio-tungstenite](https://github.com/snapview/tokio-tungstenite) from 0.24.0 to 0.26.1.\n- [Changelog](https://github.com/snapview/tokio-tungstenite/blob/master/CHANGELOG.md)\n- [Commits](https://github.com/snapview/tokio-tungstenite/compare/v0.24.0...v0.26.1)", {
        "Cargo.toml": repo.edit("Cargo.toml", 'tokio-tungstenite = "0.24.0"', 'tokio-tungstenite = "0.26.1"'),
        "Cargo.lock": repo.edit("Cargo.lock", 'name = "tokio-tungstenite"\nversion = "0.24.0"', 'name = "tokio-tungstenite"\nversion = "0.26.1"').replace('name = "tungstenite"\nversion = "0.24.0"', 'name = "tungstenite"\nversion = "0.26.1"'),
    })
    repo.commit(utc("2026-12-09 14:40:00"), lars, "status: accept OtherError with a vendorErrorCode (Alpitronic firmware 3.2)", {
        "src/ocpp/status.rs": repo.edit("src/ocpp/status.rs", "    pub status: ConnectorStatus,\n", "    pub status: ConnectorStatus,\n    #[serde(default)]\n    pub vendor_error_code: Option<String>,\n"),
    })
    logline = repo.commit(utc("2026-12-10 08:20:00"), mehmet, "ws: log country and uplink on connect and disconnect, and how long the socket lived\n\nSupport asks every week whether an offline charger is ours or its\nconnection's; the registry knows the country and the uplink.", {
        "src/ws/session.rs": repo.edit("src/ws/session.rs", 'info!("cp={} connected remote={} proto=ocpp1.6 fw={}", cp.id, cp.remote, cp.firmware);',
                                       'info!("cp={} connected remote={} proto=ocpp1.6 fw={} country={} uplink={}", cp.id, cp.remote, cp.firmware, cp.country, cp.uplink);').replace(
            'warn!("cp={} websocket closed reason={:?}", cp.id, reason);', 'warn!("cp={} websocket closed reason={:?} country={} uplink={} connected_for={}", cp.id, reason, cp.country, cp.uplink, human(started.elapsed()));'),
    })
    repo.commit(utc("2026-12-10 10:45:00"), lars, "docs: what the disconnect reasons mean", {
        "docs/disconnects.md": "# Disconnect reasons\n\n| reason | meaning |\n|---|---|\n| no pong after N pings | the charger stopped answering: power, its uplink, or the mobile network |\n| client closed (1000) | the charger closed the socket (reboot, firmware update) |\n| Connection reset without closing handshake | the TCP connection was reset on the way |\n| server shutdown | we closed it (rollout) |\n\nMany chargers of one country and uplink at once is rarely the chargers.\n",
    })
    ping = repo.commit(utc("2026-12-10 16:55:00"), sanne, "config: ping every 30 s, close after 2 missed pongs (was 60 s / 3)\n\nA charger that lost power stayed 'available' in the app for up to four\nminutes, and drivers walked to it. Two missed pongs at 30 s is 60-90 s.", {
        "config/production.toml": repo.edit("config/production.toml", "ping_interval_secs = 60\nmax_missed_pongs = 3\n", "ping_interval_secs = 30\nmax_missed_pongs = 2\n"),
    })
    revert = repo.commit(utc("2026-12-10 18:02:00"), sanne, f'Revert "config: ping every 30 s, close after 2 missed pongs (was 60 s / 3)"\n\nThis reverts commit {ping}.\nGerman chargers dropping since 17:42; ruling it out.', {
        "config/production.toml": CONFIG,
    })
    repo.commit(utc("2026-12-11 09:10:00"), lars, "runbook: a roaming network's outage looks like this", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## One country's cellular chargers all offline\n\nOn 10 December Nordlink lost its GTP path to Teleon (DE): every German\ncellular charger went silent at once, Ethernet and Wi-Fi ones stayed.\nLook at the SIM webhooks (data_session.ended by the network) and\nNordlink's status page before touching the gateway.\n",
    })
    return repo, early, ping, revert


# ---------------------------------------------------------------------------

def envlog(t, pod, level, module, msg):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return f"{pod} ocpp-gateway [{stamp} {level:<5} {module}] {msg}"


def human(seconds):
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s"


def build_logs(rng, early, ping, revert):
    app = Log("ocpp-gateway.log")
    sims = Log("nordlink-webhooks.log")
    status = Log("nordlink-status.log")
    driver = Log("driver-app-api.log")
    alerts = Log("alertmanager.log")
    deploy = Log("deploy.log")
    chat = Log("charging-ops.log")

    # ---- the fleet ------------------------------------------------------------------------------
    fleet = []
    numbers = rng.sample(range(10000, 99999), sum(c[1] for c in COUNTRIES))
    n = 0
    for country, count, net, mcc, mnc in COUNTRIES:
        for i in range(count):
            n += 1
            r = rng.random()
            uplink = "cellular" if r < 0.7 else ("ethernet" if r < 0.88 else "wifi")
            cp = {"id": f"{country}-VLT-E{numbers[n - 1]}", "country": country, "uplink": uplink, "fw": rng.choice(FIRMWARE),
                  "iccid": f"894620{rng.randint(10**12, 10**13 - 1)}" if uplink == "cellular" else None, "imsi": f"2400{rng.randint(10**10, 10**11 - 1)}",
                  "net": net, "mcc": mcc, "mnc": mnc}
            cp["ip"] = f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" if uplink == "cellular" else f"{rng.choice(['84.241', '77.13', '91.64', '82.217'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            fleet.append(cp)
    affected = [cp for cp in fleet if cp["country"] == "DE" and cp["uplink"] == "cellular"]

    # ---- pods and rollouts --------------------------------------------------------------------------
    def pods_for(rs):
        return [f"ocpp-gateway-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]
    gens = [(START - dt.timedelta(days=2), pods_for("6b7c9d8f4"), early, (60, 3), False),
            (DEPLOY, pods_for("58d4f9b7c6"), ping, (30, 2), True),
            (REVERT_DEPLOY, pods_for("7f5c8b6d9d"), revert, (60, 3), True)]

    assign = {cp["id"]: [rng.randrange(3) for _ in gens] for cp in fleet}
    since = {cp["id"]: START - dt.timedelta(minutes=rng.randint(30, 3000)) for cp in fleet}

    def gi_at(t):
        cur = 0
        for i, g in enumerate(gens):
            if t >= g[0] + dt.timedelta(seconds=90):
                cur = i
        return cur

    def pod_of(cp, t):
        gi = gi_at(t)
        return gens[gi][1][assign[cp["id"]][gi]]

    def gen_at(t):
        return gens[gi_at(t)]

    def connect_line(t, cp, pod, g):
        if g[4]:
            return envlog(t, pod, "INFO", "ocpp_gateway::ws::session", f"cp={cp['id']} connected remote={cp['ip']}:{rng.randint(30000, 60999)} proto=ocpp1.6 fw={cp['fw']} country={cp['country']} uplink={cp['uplink']}")
        return envlog(t, pod, "INFO", "ocpp_gateway::ws::session", f"cp={cp['id']} connected remote={cp['ip']}:{rng.randint(30000, 60999)} proto=ocpp1.6 fw={cp['fw']}")

    def close_line(t, cp, pod, g, reason, since_t):
        if g[4]:
            return envlog(t, pod, "WARN", "ocpp_gateway::ws::session", f'cp={cp["id"]} websocket closed reason="{reason}" country={cp["country"]} uplink={cp["uplink"]} connected_for={human((t - since_t).total_seconds())}')
        return envlog(t, pod, "WARN", "ocpp_gateway::ws::session", f'cp={cp["id"]} websocket closed reason="{reason}"')

    offline_windows = {}  # cp id -> (from, to)

    def rollout(gi):
        """Each old pod drains after its replacement is up; its chargers reconnect to their new pod."""
        when, pods, sha, (pi, mp), _ = gens[gi]
        prev = gens[gi - 1]
        ups = []
        for k, new in enumerate(pods):
            up = when + dt.timedelta(seconds=5 + 40 * k, milliseconds=rng.randint(0, 900))
            ups.append(up)
            app.add(up, envlog(up, new, "INFO", "ocpp_gateway", f"ocpp-gateway 0.18.0 ({sha[:7]}) listening on 0.0.0.0:9000, ping_interval={pi}s, max_missed_pongs={mp}"))
        for k, old in enumerate(prev[1]):
            down = ups[k] + dt.timedelta(seconds=8, milliseconds=rng.randint(0, 900))
            mine = [cp for cp in fleet if assign[cp["id"]][gi - 1] == k and not offline_at(cp, down)]
            app.add(down, envlog(down, old, "INFO", "ocpp_gateway::server", f"SIGTERM: closing {len(mine)} websocket connections (1001 going away)"))
            for cp in mine:
                j = assign[cp["id"]][gi]
                rt = max(down + dt.timedelta(seconds=rng.uniform(3, 45)), ups[j] + dt.timedelta(seconds=rng.uniform(2, 20)))
                app.add(rt, connect_line(rt, cp, pods[j], gens[gi]))
                since[cp["id"]] = rt

    def offline_at(cp, t):
        w = offline_windows.get(cp["id"])
        return bool(w and w[0] <= t < w[1])

    rollout(1)

    # ---- the roaming outage: German cellular chargers go silent ----------------------------------
    disconnects = []
    for cp in affected:
        g = gen_at(LINK_DOWN)
        pi, mp = g[3]
        pod = pod_of(cp, LINK_DOWN)
        detect = LINK_DOWN + dt.timedelta(seconds=rng.uniform(0, pi) + pi * mp - rng.uniform(0, 3))
        app.add(detect, close_line(detect, cp, pod, g, f"no pong after {mp} pings", since[cp["id"]]))
        disconnects.append(detect)
        back = LINK_UP + dt.timedelta(seconds=rng.uniform(20, 420))
        offline_windows[cp["id"]] = (detect, back)

    rollout(2)

    # reconnects after the link is back
    for cp in affected:
        detect, back = offline_windows[cp["id"]]
        g = gen_at(back)
        pod = pod_of(cp, back)
        app.add(back, connect_line(back, cp, pod, g))
        q = rng.randint(3, 40)
        rb = back + dt.timedelta(milliseconds=rng.randint(300, 2500))
        app.add(rb, envlog(rb, pod, "INFO", "ocpp_gateway::ocpp::transactions", f"cp={cp['id']} replayed {q} queued messages"))

    # the revert rollout moved the other chargers; the offline ones were not on any pod
    # ---- ordinary churn ----------------------------------------------------------------------------
    for t in poisson_times(rng, START, END, 0.35):
        cp = rng.choice(fleet)
        if cp["id"] in offline_windows and offline_windows[cp["id"]][0] - dt.timedelta(minutes=6) <= t <= offline_windows[cp["id"]][1] + dt.timedelta(minutes=2):
            continue
        if any(abs((t - g[0]).total_seconds()) < 200 for g in gens[1:]):
            continue
        g = gen_at(t)
        pod = pod_of(cp, t)
        pi, mp = g[3]
        r = rng.random()
        if cp["uplink"] == "cellular" and r < 0.45:
            reason = f"no pong after {mp} pings"
            gap = rng.uniform(60, 400)
        elif r < 0.75:
            reason = "client closed (1000 normal)"
            gap = rng.uniform(20, 90)
        else:
            reason = "Connection reset without closing handshake"
            gap = rng.uniform(5, 60)
        app.add(t, close_line(t, cp, pod, g, reason, t - dt.timedelta(minutes=rng.randint(20, 4000))))
        back = t + dt.timedelta(seconds=gap)
        g2 = gen_at(back)
        app.add(back, connect_line(back, cp, pod_of(cp, back), g2))
        if cp["uplink"] == "cellular" and rng.random() < 0.5:
            sims.add(t - dt.timedelta(seconds=rng.uniform(5, 40)), sim_event(rng, t, cp, "data_session.ended", "Data session ended by the device (detach)"))
            sims.add(back - dt.timedelta(seconds=rng.uniform(2, 8)), sim_event(rng, back, cp, "data_session.started", "Data session established"))

    # ---- sessions -------------------------------------------------------------------------------------
    def online(cp, t):
        """Whether the charger can reach the gateway (German cellular ones cannot from the link loss)."""
        w = offline_windows.get(cp["id"])
        return not (w and LINK_DOWN <= t < w[1])

    tx = [912_400]
    remote_fail = []
    for t in poisson_times(rng, START, END, 3.2):
        cp = rng.choice(fleet)
        dur = dt.timedelta(minutes=rng.uniform(18, 170))
        remote = rng.random() < 0.35
        tag = hexid(rng, 8).upper()
        pod = pod_of(cp, t)
        if remote:
            rid = hexid(rng, 16)
            dpod = f"driver-app-api-5f9c7d8b6-{rng.choice(['h2k8p', 'q9w4x', 'z7m3c'])}"
            if not online(cp, t) and t < offline_windows[cp["id"]][0]:
                # the gateway still holds the dead socket: the call goes out and nothing comes back
                to = t + dt.timedelta(seconds=30)
                app.add(to, envlog(to, pod, "WARN", "ocpp_gateway::ocpp::remote", f"RemoteStartTransaction for cp={cp['id']} timed out after 30s without a CALLRESULT"))
                driver.add(to + dt.timedelta(milliseconds=14), pino(to + dt.timedelta(milliseconds=14), "warn", "remote start failed", hostname=dpod, reqId=rid, chargePoint=cp["id"], connector=1, reason="timeout", userId=f"usr_{hexid(rng, 10)}"))
                remote_fail.append(to)
                continue
            if not online(cp, t):
                app.add(t, envlog(t, pod, "WARN", "ocpp_gateway::ocpp::remote", f"RemoteStartTransaction for cp={cp['id']} rejected: charge point not connected"))
                driver.add(t + dt.timedelta(milliseconds=14), pino(t + dt.timedelta(milliseconds=14), "warn", "remote start failed", hostname=dpod, reqId=rid, chargePoint=cp["id"], connector=1, reason="charge_point_offline", userId=f"usr_{hexid(rng, 10)}"))
                remote_fail.append(t)
                continue
            driver.add(t - dt.timedelta(milliseconds=40), pino(t - dt.timedelta(milliseconds=40), "info", "remote start requested", hostname=dpod, reqId=rid, chargePoint=cp["id"], connector=1, userId=f"usr_{hexid(rng, 10)}"))
            acc = t + dt.timedelta(milliseconds=rng.randint(400, 2600))
            driver.add(acc, pino(acc, "info", "remote start accepted", hostname=dpod, reqId=rid, chargePoint=cp["id"], connector=1))
            t = acc + dt.timedelta(seconds=rng.uniform(3, 30))
        if not online(cp, t):
            continue  # started offline from the local auth list; replayed later
        tx[0] += rng.randint(1, 3)
        meter = rng.randint(100_000, 9_000_000)
        app.add(t, envlog(t, pod, "INFO", "ocpp_gateway::ocpp::transactions", f"cp={cp['id']} StartTransaction connector={rng.choice([1, 1, 2])} id_tag={tag} transaction_id={tx[0]} meter_start={meter}"))
        stop = t + dur
        if stop < END and online(cp, stop):
            energy = int(dur.total_seconds() / 3600 * rng.uniform(6000, 48000))
            app.add(stop, envlog(stop, pod_of(cp, stop), "INFO", "ocpp_gateway::ocpp::transactions", f"cp={cp['id']} StopTransaction transaction_id={tx[0]} meter_stop={meter + energy} reason={rng.choice(['EVDisconnected', 'EVDisconnected', 'Local', 'Remote'])} energy_wh={energy}"))

    # per-pod stats every five minutes
    t = START + dt.timedelta(seconds=37)
    while t < END:
        g = gen_at(t)
        on = [cp for cp in fleet if online(cp, t)]
        for k, pod in enumerate(g[1]):
            share = len(on) // 3 + (1 if k < len(on) % 3 else 0)
            tt = t + dt.timedelta(milliseconds=rng.randint(0, 900))
            app.add(tt, envlog(tt, pod, "INFO", "ocpp_gateway::metrics", f"stats connected={share} sessions_active={int(share * rng.uniform(0.25, 0.4))} msgs_last_5m={share * rng.randint(9, 14)}"))
        t += dt.timedelta(minutes=5)

    # ---- Nordlink webhooks: the outage -------------------------------------------------------------------
    for cp in affected:
        t = LINK_DOWN + dt.timedelta(seconds=rng.uniform(0.5, 25))
        sims.add(t, sim_event(rng, t, cp, "data_session.ended", "Data session terminated by the network (GTP path failure towards visited network)"))
        t = t + dt.timedelta(minutes=rng.uniform(2, 6))
        while t < LINK_UP:
            sims.add(t, sim_event(rng, t, cp, "data_session.failed", "PDP context activation rejected by visited network: network failure (#38)"))
            t = t + dt.timedelta(minutes=30 + rng.uniform(0, 3))
        back = offline_windows[cp["id"]][1] - dt.timedelta(seconds=rng.uniform(3, 15))
        sims.add(back, sim_event(rng, back, cp, "data_session.started", "Data session established"))

    # ---- Nordlink status page ------------------------------------------------------------------------------
    def post(t, st, body):
        status.add(t, json.dumps({"page": "status.nordlink-iot.com", "incident_id": "k4r7tq2m9x1z", "name": "Degraded data connectivity in Germany", "status": st, "impact": "major",
                                  "components": ["Data services - Germany (DE)"], "created_at": "2026-12-10T18:19:05Z", "update_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "body": body}, separators=(",", ":")))
    status.add(utc("2026-12-09 22:00:00"), json.dumps({"page": "status.nordlink-iot.com", "incident_id": "c2n8wq5v0p3a", "name": "Scheduled maintenance: SMS gateway (Stockholm)", "status": "completed", "impact": "maintenance",
                                                       "components": ["SMS"], "created_at": "2026-12-03T09:00:00Z", "update_at": "2026-12-09T22:00:00Z", "body": "The scheduled maintenance has been completed."}, separators=(",", ":")))
    post(STATUS_POST, "investigating", "We are investigating degraded data connectivity for devices in Germany. Some devices may be unable to establish data sessions.")
    post(utc("2026-12-10 18:37:40"), "identified", "The issue has been identified as a loss of the GTP signalling path between our core network and our roaming partner in Germany. Data sessions of devices in Germany were terminated at 17:41 UTC and new sessions are rejected. The partner is restoring the link.")
    post(utc("2026-12-10 18:56:10"), "monitoring", "The signalling path was restored at 18:50 UTC. Devices are re-establishing data sessions. We are monitoring.")
    post(utc("2026-12-10 19:12:00"), "resolved", "This incident has been resolved. Devices in Germany were unable to use data between 17:41 and 18:50 UTC. A post-incident report will follow.")

    # ---- alerts -----------------------------------------------------------------------------------------------
    def alert(t, st, country, summary, starts):
        alerts.add(t, json.dumps({"receiver": "charging-oncall", "status": st, "groupLabels": {"alertname": "ChargePointsOffline"},
                                  "alerts": [{"status": st, "labels": {"alertname": "ChargePointsOffline", "country": country, "severity": "page", "service": "ocpp-gateway"},
                                              "annotations": {"summary": summary, "runbook_url": "https://github.com/voltra/ocpp-gateway/blob/main/docs/runbook.md#chargepointsoffline"},
                                              "startsAt": starts.strftime("%Y-%m-%dT%H:%M:%SZ"), "endsAt": t.strftime("%Y-%m-%dT%H:%M:%SZ") if st == "resolved" else "0001-01-01T00:00:00Z"}],
                                  "externalURL": "https://alertmanager.voltra.internal"}, separators=(",", ":")))
    alert(utc("2026-12-10 16:12:30"), "firing", "BE", "11% of BE charge points offline for 5m", utc("2026-12-10 16:07:30"))
    alert(utc("2026-12-10 16:17:30"), "resolved", "BE", "11% of BE charge points offline for 5m", utc("2026-12-10 16:07:30"))
    alert(ALERT, "firing", "DE", f"{round(100 * len(affected) / 130)}% of DE charge points offline for 5m", ALERT - dt.timedelta(minutes=5))
    alert(utc("2026-12-10 19:00:30"), "resolved", "DE", f"{round(100 * len(affected) / 130)}% of DE charge points offline for 5m", ALERT - dt.timedelta(minutes=5))

    # ---- deploys ------------------------------------------------------------------------------------------------
    for when, sha in ((DEPLOY, ping), (REVERT_DEPLOY, revert)):
        t0 = when - dt.timedelta(seconds=150)
        seq = [0]

        def g(off, text):
            seq[0] += 1
            tt = t0 + dt.timedelta(seconds=off, milliseconds=29 * seq[0] + rng.randint(0, 20))
            deploy.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}{rng.randint(0, 9)}Z {text}")
        g(0, f"##[group]Run docker build -t ghcr.io/voltra/ocpp-gateway:{sha} --build-arg GIT_SHA={sha[:7]} . && docker push ghcr.io/voltra/ocpp-gateway:{sha}")
        g(141, f"{sha}: digest: sha256:{hexid(rng, 64)} size: 1161")
        g(142, "##[endgroup]")
        g(144, f"##[group]Run kubectl -n charging set image deployment/ocpp-gateway ocpp-gateway=ghcr.io/voltra/ocpp-gateway:{sha}")
        g(145, "deployment.apps/ocpp-gateway image updated")
        g(145, "##[endgroup]")
        g(146, "##[group]Run kubectl -n charging rollout status deployment/ocpp-gateway --timeout=15m")
        g(147, 'Waiting for deployment "ocpp-gateway" rollout to finish: 1 out of 3 new replicas have been updated...')
        g(197, 'Waiting for deployment "ocpp-gateway" rollout to finish: 2 out of 3 new replicas have been updated...')
        g(237, 'Waiting for deployment "ocpp-gateway" rollout to finish: 1 old replicas are pending termination...')
        g(270, 'deployment "ocpp-gateway" successfully rolled out')
        g(270, "##[endgroup]")

    # ---- #charging-ops -----------------------------------------------------------------------------------------
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #charging-ops <{who}> {text}")
    say(utc("2026-12-10 17:06:30"), "Sanne Visser", f"deploying ocpp-gateway {ping[:7]}: ping 30 s / 2 missed pongs, tokio-tungstenite 0.26.1, country+uplink in the connect/disconnect lines. Chargers will reconnect once")
    say(utc("2026-12-10 17:16:02"), "Sanne Visser", "rollout done, all chargers back")
    say(ALERT + dt.timedelta(seconds=40), "Sanne Visser", "ChargePointsOffline DE. ~90 German chargers dropped at 17:42 with 'no pong after 2 pings'. The ping change went out at 17:10, looking")
    say(utc("2026-12-10 17:53:12"), "Joost (support)", "drivers calling from Hamburg and Köln: app says charger offline, can't start. Chargers in NL fine")
    say(utc("2026-12-10 18:01:30"), "Sanne Visser", "reverting the ping change to be safe")
    say(utc("2026-12-10 18:13:45"), "Sanne Visser", "revert rolled out, the German ones are still gone. All of them cellular; the German Ethernet ones are fine. Opening a ticket with Nordlink")
    say(utc("2026-12-10 18:21:00"), "Lars Becker", "Nordlink status page: 'degraded data connectivity for devices in Germany' posted 18:19. Their webhooks show data_session.ended by the network at 17:41 for our DE SIMs")
    say(utc("2026-12-10 18:59:20"), "Sanne Visser", "German chargers reconnecting since 18:51, replaying their queued transactions. Nordlink says their roaming link to Teleon was down 17:41-18:50")
    return [app, sims, status, driver, alerts, deploy, chat], disconnects, fleet, offline_windows, remote_fail


def sim_event(rng, t, cp, kind, detail):
    body = {"received_at": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "event_id": f"evt_{hexid(rng, 20)}", "type": kind,
            "iccid": cp["iccid"], "imsi": cp["imsi"], "network": {"mcc": cp["mcc"], "mnc": cp["mnc"], "name": cp["net"], "country": cp["country"]},
            "detail": detail, "device_label": cp["id"]}
    if kind == "data_session.ended":
        body["session_bytes"] = rng.randint(40_000, 9_000_000)
    return json.dumps(body, separators=(",", ":"))


def build(out_dir):
    rng = random.Random(19300)
    repo, early, ping, revert = build_repo()
    try:
        logs, disconnects, fleet, offline, remote_fail = build_logs(rng, early, ping, revert)
        onset = min(disconnects).replace(microsecond=0)

        def connected(country, uplink):
            members = [cp for cp in fleet if cp["country"] == country and cp["uplink"] == uplink]

            def fn(t):
                down = sum(1 for cp in members if cp["id"] in offline and offline[cp["id"]][0] <= t < offline[cp["id"]][1])
                wobble = (t.minute * 7 + len(country) * 3 + len(uplink)) % 3 - 1
                return max(0, len(members) - down - (1 if wobble > 0 and len(members) > 20 else 0))
            return fn

        series = [({"country": c, "uplink": u, "service": SERVICE}, connected(c, u)) for c, *_ in COUNTRIES for u in ("cellular", "ethernet", "wifi")]
        metrics = {
            "ocpp_connected_charge_points.json": query_range(series, START, END, 60),
            "remote_start_failures_per_minute.json": query_range([({"service": "driver-app-api", "reason": "charge_point_offline"},
                                                                  lambda t: sum(1 for x in remote_fail if t - dt.timedelta(seconds=60) < x <= t))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="cellular-roaming-outage-none", service=SERVICE, onset=onset,
            description=f"""
German chargers go offline in the evening. From {onset.strftime('%H:%M')} UTC on 10 December about
90 of Voltra's 130 chargers in Germany drop their OCPP connections and do
not come back; drivers cannot start sessions from the app ("charge point
offline"). ocpp-gateway was rolled out at 17:10 (ping and pong settings)
and, reverted, at 18:07. The chargers reconnect from 18:51.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"ocpp-gateway.log": r'<Pod> <Container> \[<Time> <Level>\s+<Module>\] <Content>'},
            root_cause=[r"Data session terminated by the network \(GTP path failure towards visited network\)",
                        r"PDP context activation rejected by visited network",
                        r"We are investigating degraded data connectivity for devices in Germany"],
            fix_files=[],
            explanation=f"""
Nothing in ocpp-gateway's repository caused it. Nordlink IoT, whose SIMs
the chargers use, lost the GTP signalling path to its German roaming
partner at 17:41: its webhooks report every German SIM's data session
"terminated by the network (GTP path failure towards visited network)" and
then "PDP context activation rejected by visited network", and its status
page (posted at 18:19, 38 minutes late) says so. The gateway only sees the
German cellular chargers' sockets fall silent ("no pong after 2 pings",
from 17:42) while German chargers on Ethernet or Wi-Fi and every other
country's stay connected. The link is restored at 18:50 and the chargers
reconnect and replay their queued transactions.
Decoys: the 17:10 rollout ({int((onset - DEPLOY).total_seconds() // 60)} minutes before the onset) of the ping change
(30 s, 2 missed pongs; the disconnect lines carry its words) with a
tokio-tungstenite bump and the commit that logs country, uplink and
connected_for on each disconnect; the on-call's revert rolled out at 18:07,
which changes nothing; an OCPP StatusNotification change; docs on the
disconnect reasons; chores; an earlier, short Belgian alert; the runbook
commit after.
""",
        )
    finally:
        repo.close()
