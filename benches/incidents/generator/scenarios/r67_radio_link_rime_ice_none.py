"""gate-bridge (Rust 1.85, tokio, axum, reqwest, tracing's JSON output;
one replica on the resort's on-prem k3s cluster in the valley station's
server room, reconciled by Flux from the `deploy/production` folder of
its own repository: a release is a commit that bumps the image tag; team
in Lucerne, with the resort's IT and network person in Sarnen) of
Bergbahnen Rotegg AG, a ski resort in central Switzerland. gate-bridge
keeps the offline allow-lists of the resort's 15 gate lane controllers
(Vallor TG-5 turnstiles that read KeyCards by RFID) in step with the
ticket sales: ticketshop (online sales, Direct-to-Lift reloads, the
pick-up boxes) and the ticket windows' POS post every new entitlement to
it, it pushes a delta to every controller every 10 s, and the
controllers post their passages back. The gondola's valley lanes (TAL)
and the Chäsere chairlift's (CHA) are on fibre; the Hinteralp sector on
the back side of Roteggrat (the Hinteralp chairlift, HIN-1..4, and the
Fürggeli T-bar, FUR-1..2, with the Hinteralp ticket window) is reached
by a 23 GHz point-to-point radio link from Alp Chäsere, 3.4 km across
the valley (RL-CHAES-HIN; adaptive modulation from 1024QAM down to QPSK).
A controller that cannot be reached keeps validating against the last
list it received, so a ticket sold after that is refused at its lane.

Friday 6 March: a warm front brings wet snow to 1,800 m in the evening,
then the night clears above the Hinteralp basin and freezing fog settles
in it. The wet snow on the radome of the link's Hinteralp end freezes,
and rime grows on it through the early morning: the received signal
level falls from -41 dBm; the link steps down its modulation from 06:10
UTC, and from 07:06 it loses frames and drops, first for seconds, from
07:25 for minutes at a time with short returns. gate-bridge's pushes to
the six Hinteralp and Fürggeli controllers fail from 07:06. When the
lifts open at 07:30 UTC (08:30 local), guests whose tickets were sold or
reloaded after the Hinteralp controllers' last successful delta are
refused at the Hinteralp chairlift and the Fürggeli T-bar ("REJECT ...
NO_VALID_TICKET"), while the same cards pass at the gondola; the
attendants release them by hand. The controllers' syslog is UDP, so
Hinteralp's lines are missing while the link is down.

At 06:41 Nico had released gate-bridge 2.8.0, prepared on Friday for
the holiday weekend: GB-211 pushes to all controllers in parallel with a
4 s timeout per controller (was one after another with 15 s), GB-214
logs each failed push with the controller's pending backlog (the very
"delta push failed" warning), GB-209 larger passage batches, and a
hyper bump. The runbook (Thursday's commit) says a controller that does
not acknowledge deltas hangs after a flash write error and is to be
power-cycled, and to roll back after a deploy. The attendant at
Hinteralp power-cycles HIN-2 at 08:12 (nothing changes) and Nico reverts
the release at 08:08; 2.7.3 pushes one controller after another and
waits 15 s for each unreachable one, so every cycle takes 90 s and
guests who buy at the valley windows and walk straight to the gondola
are refused there too until they try again. Reto (IT) sees that only
controllers behind RL-CHAES-HIN fail, and the NMS shows the link losing
frames at -79 dBm since 07:06; Nico releases 2.8.0 again at 08:33.
The Hinteralp attendant finds the dish white with ice; Hinteralp checks
receipts by hand from 08:47 and the lift electrician, who skis over with
a harness, clears the radome at 09:50. The link is back at 1024QAM, the
controllers catch up on their backlog and upload their passages, and
nothing in gate-bridge is changed.

Sources: gate-bridge (tracing JSON), the gate controllers' syslog (RFC
3164, UDP), the radio link NMS's event log (line format), the weather
stations (JSON lines), Traefik access (CLF), Flux kustomize-controller
(JSON), #lift-ops (Mattermost export, JSON lines)."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "gate-bridge"
START, END = utc("2026-03-07 05:00:00"), utc("2026-03-07 10:40:00")
RELEASE = utc("2026-03-07 06:41:20")
FIRST_LOF = utc("2026-03-07 07:06:18")
LIFTS_OPEN = utc("2026-03-07 07:30:00")
REVERT = utc("2026-03-07 08:08:40")
POWER_CYCLE = utc("2026-03-07 08:12:10")
RERELEASE = utc("2026-03-07 08:33:30")
MANUAL_CHECK = utc("2026-03-07 08:47:00")
ICE_CLEARED = utc("2026-03-07 09:50:40")

CONTROLLERS = ([(f"tal-{i}", "tal", f"10.31.1.{20 + i}") for i in range(1, 7)]
               + [(f"cha-{i}", "chaesere", f"10.31.2.{20 + i}") for i in range(1, 4)]
               + [(f"hin-{i}", "hinteralp", f"10.31.4.{20 + i}") for i in range(1, 5)]
               + [(f"fur-{i}", "hinteralp", f"10.31.4.{30 + i}") for i in range(1, 3)])
REMOTE = {c for c, s, _ in CONTROLLERS if s == "hinteralp"}

# ---------------------------------------------------------------------------
# the repository

CARGO = """[package]
name = "gate-bridge"
version = "2.7.2"
edition = "2021"
rust-version = "1.85"

[dependencies]
axum = "0.8.1"
hyper = "1.5.2"
reqwest = { version = "0.12.12", default-features = false, features = ["json", "rustls-tls"] }
serde = { version = "1.0.217", features = ["derive"] }
serde_json = "1.0.138"
sqlx = { version = "0.8.2", features = ["runtime-tokio", "postgres", "chrono"] }
tokio = { version = "1.43.0", features = ["full"] }
toml = "0.8.20"
tracing = "0.1.41"
tracing-subscriber = { version = "0.3.19", features = ["json", "env-filter"] }
"""

PUSH_V1 = """//! Pushes the allow-list delta to every lane controller (Vallor TG-5,
//! `POST /api/v1/list/delta`). A controller that misses a delta gets it with
//! the next one: each delta carries every entitlement since the revision
//! the controller acknowledged last.

use std::time::Duration;

use tracing::{error, info, warn};

use crate::config::{Config, Controller};
use crate::store::Store;

pub async fn cycle(cfg: &Config, store: &Store, http: &reqwest::Client) {
    let started = std::time::Instant::now();
    let rev = store.current_revision().await;
    let (mut ok, mut failed) = (0, 0);
    for c in &cfg.controllers {
        match push_one(cfg, store, http, c, rev).await {
            Ok(_) => ok += 1,
            Err(e) if e.is_timeout() => {
                error!(controller = %c.name, timeout_s = cfg.push_timeout.as_secs(), "push to controller timed out");
                failed += 1;
            }
            Err(e) => {
                error!(controller = %c.name, error = %e, "push to controller failed");
                failed += 1;
            }
        }
    }
    let took_ms = started.elapsed().as_millis() as u64;
    if took_ms > 30_000 {
        warn!(rev, took_ms, "delta cycle slow");
    }
    info!(rev, ok, failed, took_ms, "delta cycle done");
}

async fn push_one(cfg: &Config, store: &Store, http: &reqwest::Client, c: &Controller, rev: u64) -> Result<(), reqwest::Error> {
    let since = store.acked_revision(&c.name).await;
    let delta = store.delta(since, rev).await;
    http.post(format!("https://{}:8443/api/v1/list/delta", c.addr))
        .timeout(cfg.push_timeout)
        .json(&delta)
        .send()
        .await?
        .error_for_status()?;
    store.ack(&c.name, rev).await;
    Ok(())
}

pub fn default_timeout() -> Duration {
    Duration::from_secs(15)
}
"""

PUSH_V2 = """//! Pushes the allow-list delta to every lane controller (Vallor TG-5,
//! `POST /api/v1/list/delta`). A controller that misses a delta gets it with
//! the next one: each delta carries every entitlement since the revision
//! the controller acknowledged last.
//!
//! All controllers at once (GB-211): one slow or unreachable controller no
//! longer holds up the others; a controller that failed is tried again
//! after `retry_after`.

use std::time::Duration;

use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::config::{Config, Controller};
use crate::store::Store;

pub async fn cycle(cfg: &Config, store: &Store, http: &reqwest::Client) {
    let started = std::time::Instant::now();
    let rev = store.current_revision().await;
    let mut tasks = JoinSet::new();
    for c in cfg.controllers.iter().filter(|c| store.due(&c.name)) {
        let (cfg, store, http, c) = (cfg.clone(), store.clone(), http.clone(), c.clone());
        tasks.spawn(async move { (c.name.clone(), push_one(&cfg, &store, &http, &c, rev).await) });
    }
    let (mut ok, mut failed) = (0, 0);
    while let Some(Ok((name, result))) = tasks.join_next().await {
        match result {
            Ok(_) => ok += 1,
            Err(e) => {
                store.back_off(&name, cfg.retry_after);
                failed += 1;
            }
        }
    }
    info!(rev, ok, failed, took_ms = started.elapsed().as_millis() as u64, "delta cycle done");
}

async fn push_one(cfg: &Config, store: &Store, http: &reqwest::Client, c: &Controller, rev: u64) -> Result<(), reqwest::Error> {
    let since = store.acked_revision(&c.name).await;
    let delta = store.delta(since, rev).await;
    http.post(format!("https://{}:8443/api/v1/list/delta", c.addr))
        .timeout(cfg.push_timeout)
        .json(&delta)
        .send()
        .await?
        .error_for_status()?;
    store.ack(&c.name, rev).await;
    Ok(())
}

pub fn default_timeout() -> Duration {
    Duration::from_secs(4)
}
"""

CONFIG_HEAD = """# gate-bridge production settings (read at start-up)
listen = "0.0.0.0:8080"
delta_interval = "10s"
push_timeout = "15s"
passage_batch = 200
"""

RUNBOOK_ALERTS = [
    ("GateControllerBehind", "A controller has not acknowledged a delta for 2 minutes. Tickets sold since then are refused at its lane. See below."),
    ("EntitlementIntakeErrors", "ticketshop or the POS get errors from `POST /v1/entitlements`. Check the pod and PostgreSQL; the POS retries for 10 minutes."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def controllers_toml(skip=()):
    out = ""
    for name, sector, addr in CONTROLLERS:
        if name in skip:
            continue
        out += f'\n[[controllers]]\nname = "{name}"\nsector = "{sector}"\naddr = "{addr}"\n'
    return out


def kustomization(tag):
    return f"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: access
resources:
  - deployment.yaml
  - service.yaml
images:
  - name: registry.gitlab.com/rotegg/gate-bridge
    newTag: "{tag}"
"""


def build_repo():
    repo = Repo()
    nico = Person("Nico Gasser", "nico.gasser@rotegg.ch", 60)
    reto = Person("Reto Zurfluh", "reto.zurfluh@rotegg.ch", 60)
    ewa = Person("Ewa Kowal", "ewa.kowal@kodeo.pl", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    # the Fürggeli lanes are added on Wednesday (GB-205)
    without_fur = CONFIG_HEAD + controllers_toml(skip=("fur-1", "fur-2"))
    files = {
        "Cargo.toml": CARGO,
        "src/main.rs": "//! gate-bridge: entitlements in, allow-list deltas out to the lane\n//! controllers, passages back.\n\nmod config;\nmod passages;\nmod push;\nmod store;\n\n#[tokio::main]\nasync fn main() {\n    tracing_subscriber::fmt().json().flatten_event(false).init();\n    let cfg = config::load(\"config/production.toml\");\n    tracing::info!(version = env!(\"CARGO_PKG_VERSION\"), git = env!(\"GIT_SHA\"), controllers = cfg.controllers.len(), \"gate-bridge starting\");\n    let store = store::Store::connect(&cfg).await;\n    let http = reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap();\n    tokio::spawn(passages::serve(cfg.clone(), store.clone()));\n    let mut tick = tokio::time::interval(cfg.delta_interval);\n    loop {\n        tick.tick().await;\n        push::cycle(&cfg, &store, &http).await;\n    }\n}\n",
        "src/push.rs": PUSH_V1,
        "src/passages.rs": "//! The controllers post their passages (accepted and rejected) in batches;\n//! they keep them on flash while gate-bridge cannot be reached.\n\nuse tracing::info;\n\nuse crate::config::Config;\nuse crate::store::Store;\n\npub async fn store_batch(cfg: &Config, store: &Store, controller: &str, batch: Vec<crate::store::Passage>) {\n    let rejected = batch.iter().filter(|p| !p.accepted).count();\n    let oldest = batch.iter().map(|p| p.at).min();\n    for chunk in batch.chunks(cfg.passage_batch) {\n        store.insert_passages(chunk).await;\n    }\n    info!(controller, count = batch.len(), rejected, oldest = ?oldest, \"passages stored\");\n}\n",
        "src/config.rs": "use std::time::Duration;\n\n#[derive(Clone, serde::Deserialize)]\npub struct Controller {\n    pub name: String,\n    pub sector: String,\n    pub addr: String,\n}\n\n#[derive(Clone, serde::Deserialize)]\npub struct Config {\n    pub listen: String,\n    #[serde(with = \"humantime_serde\")]\n    pub delta_interval: Duration,\n    #[serde(with = \"humantime_serde\")]\n    pub push_timeout: Duration,\n    pub passage_batch: usize,\n    pub controllers: Vec<Controller>,\n}\n\npub fn load(path: &str) -> Config {\n    toml::from_str(&std::fs::read_to_string(path).expect(\"config\")).expect(\"config\")\n}\n",
        "config/production.toml": without_fur,
        "deploy/production/kustomization.yaml": kustomization("2.7.2"),
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gate-bridge\nspec:\n  replicas: 1\n  strategy:\n    type: Recreate\n  template:\n    spec:\n      containers:\n        - name: gate-bridge\n          image: registry.gitlab.com/rotegg/gate-bridge\n          ports:\n            - containerPort: 8080\n          env:\n            - name: RUST_LOG\n              value: info\n",
        "deploy/production/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: gate-bridge\nspec:\n  selector:\n    app: gate-bridge\n  ports:\n    - port: 8080\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  image: rust:1.85\n  script:\n    - cargo test --locked\n\nbuild:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - docker build --build-arg GIT_SHA=$CI_COMMIT_SHORT_SHA -t $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG\n",
        "Dockerfile": "FROM rust:1.85 AS build\nARG GIT_SHA\nENV GIT_SHA=$GIT_SHA\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --locked\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /src/target/release/gate-bridge /gate-bridge\nCOPY config /config\nENTRYPOINT [\"/gate-bridge\"]\n",
        "README.md": "# gate-bridge\n\nKeeps the offline allow-lists of Bergbahnen Rotegg's lane controllers\n(Vallor TG-5) in step with ticket sales: ticketshop and the POS post\nentitlements, gate-bridge pushes a delta to every controller every 10 s,\nthe controllers post their passages back.\n\nReleases: tag `vX.Y.Z` (CI builds the image), then bump the tag in\n`deploy/production/kustomization.yaml`; Flux applies `main` within a\nminute. Roll back by reverting that commit.\n",
        "docs/network.md": "# Where the controllers are\n\n| sector | lanes | network |\n|---|---|---|\n| Tal (gondola) | tal-1..6 | fibre, server room |\n| Chäsere (chairlift) | cha-1..3 | fibre in the gondola's signal cable |\n| Hinteralp (chairlift, T-bar, window) | hin-1..4, fur-1..2 | radio link RL-CHAES-HIN from Chäsere |\n\nThe controllers validate offline against the last list they received;\na controller that cannot be reached refuses tickets sold after that.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    first = repo.commit(utc("2026-03-02 08:40:00"), nico, "gate-bridge: allow-list deltas to the lane controllers, passages back", files)
    crng = random.Random(67203)
    repo.schedule(chores(crng, SERVICE, [nico, ewa], utc("2026-03-02 09:30:00"), utc("2026-03-03 16:00:00"), 2)
                  + chores(crng, SERVICE, [ewa, reto], utc("2026-03-04 08:00:00"), utc("2026-03-05 12:00:00"), 1))
    repo.commit(utc("2026-03-03 05:12:00"), bot, "chore(deps): update rust crate sqlx to v0.8.3", {
        "Cargo.toml": sub(repo.files["Cargo.toml"], 'sqlx = { version = "0.8.2"', 'sqlx = { version = "0.8.3"'),
    })
    gb205 = repo.commit(utc("2026-03-04 10:20:00"), reto, "controllers: the Fürggeli T-bar's lanes fur-1 and fur-2 (GB-205), release 2.7.3\n\nNew TG-5 controllers at the Fürggeli T-bar, on the Hinteralp switch.", {
        "config/production.toml": repo.files["config/production.toml"] + controllers_toml()[len(controllers_toml(skip=("fur-1", "fur-2"))):],
        "Cargo.toml": sub(repo.files["Cargo.toml"], 'version = "2.7.2"', 'version = "2.7.3"'),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 2.7.3\n\n- GB-205 the Fürggeli T-bar's lanes\n",
        "deploy/production/kustomization.yaml": kustomization("2.7.3"),
    })
    repo.commit(utc("2026-03-05 14:20:00"), nico, "runbook: a controller that does not acknowledge deltas", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## A controller does not acknowledge deltas\n\nTG-5 controllers on firmware 3.1 hang after a flash write error\n(Vallor ticket VGATE-88): the lane keeps working on its old list and\nrefuses tickets sold since. Ask the lift attendant to power-cycle the\nlane controller (switch Q2 in the lane cabinet, 3 minutes to boot).\nIf several controllers fail right after a gate-bridge release, revert\nthe release commit (Flux applies it within a minute).\n",
    })
    repo.commit(utc("2026-03-05 16:10:00"), ewa, "passages: store in batches of 500 (GB-209)\n\nAfter a controller has been offline its backlog came in batches of 200,\none INSERT each; 500 halves the time.", {
        "config/production.toml": sub(repo.files["config/production.toml"], "passage_batch = 200", "passage_batch = 500"),
    })
    repo.commit(utc("2026-03-06 09:30:00"), nico, "push: all controllers in parallel, 4 s timeout each (GB-211)\n\nOne after another, the T-bar's slow firmware held every cycle up: on\nlast Saturday's rush the gondola lanes got their deltas up to 40 s\nlate. A failed controller is tried again after 30 s instead of holding\nup each cycle.", {
        "src/push.rs": PUSH_V2,
        "config/production.toml": sub(repo.files["config/production.toml"], 'push_timeout = "15s"', 'push_timeout = "4s"\nretry_after = "30s"'),
    })
    repo.commit(utc("2026-03-06 11:15:00"), nico, "push: log each failed push with the controller's pending backlog (GB-214)", {
        "src/push.rs": sub(repo.files["src/push.rs"],
                           "            Err(e) => {\n                store.back_off(&name, cfg.retry_after);\n",
                           "            Err(e) => {\n                warn!(controller = %name, pending = store.pending(&name), error = %e, next_try_s = cfg.retry_after.as_secs(), \"delta push failed\");\n                store.back_off(&name, cfg.retry_after);\n"),
    })
    repo.commit(utc("2026-03-06 14:05:00"), bot, "chore(deps): update rust crate hyper to v1.6.0", {
        "Cargo.toml": sub(repo.files["Cargo.toml"], 'hyper = "1.5.2"', 'hyper = "1.6.0"'),
    })
    tag280 = repo.commit(utc("2026-03-06 16:20:00"), nico, "Cargo.toml: 2.8.0", {
        "Cargo.toml": sub(repo.files["Cargo.toml"], 'version = "2.7.3"', 'version = "2.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.8.0\n\n- GB-211 parallel pushes, 4 s timeout, retry after 30 s\n- GB-214 failed pushes logged with the pending backlog\n- GB-209 passages stored in batches of 500\n- hyper 1.6.0\n",
    })
    release = repo.commit(utc("2026-03-07 06:39:30"), nico, "release 2.8.0 to production", {
        "deploy/production/kustomization.yaml": kustomization("2.8.0"),
    })
    revert = repo.commit(utc("2026-03-07 08:07:50"), nico, "Revert \"release 2.8.0 to production\"\n\nHinteralp controllers not acknowledging deltas since 08:06 local.", {
        "deploy/production/kustomization.yaml": kustomization("2.7.3"),
    })
    again = repo.commit(utc("2026-03-07 08:32:40"), nico, "release 2.8.0 to production again\n\nNot 2.8.0: the Hinteralp radio link is down (ice). 2.7.3's sequential\npushes delayed the valley lanes.", {
        "deploy/production/kustomization.yaml": kustomization("2.8.0"),
    })
    repo.commit(utc("2026-03-07 10:24:00"), reto, "runbook: one sector's controllers failing together is the network", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## A controller does not acknowledge deltas\n\n",
                               "## A controller does not acknowledge deltas\n\nIf every controller of one sector fails at once (hin-*, fur-*), it is\nthe network: look at RL-CHAES-HIN in the NMS (RSL, LOF) before anything\nelse. 7 March: ice on the Hinteralp radome; a radome heater is ordered.\n\n"),
    })
    repo._due(None)
    history = sorted((dt.datetime.fromtimestamp(int(ts), dt.timezone.utc), sha) for sha, ts in (line.split() for line in repo._git("log", "--format=%H %ct").splitlines()))
    return repo, {"history": history, "gb205": gb205, "first": first, "tag280": tag280, "release": release, "revert": revert, "again": again}


# ---------------------------------------------------------------------------
# the link, the pushes, the lanes


def build_link(rng):
    """The Hinteralp end's RSL over time and the link's up/down intervals."""
    # RSL (dBm) by minute: slow fall, faster from 06:00, deep fades after 07:05
    def base(t):
        m = (t - START).total_seconds() / 60
        if t < utc("2026-03-07 06:00:00"):
            return -44.0 - 3.0 * m / 60
        if t < FIRST_LOF:
            k = (t - utc("2026-03-07 06:00:00")).total_seconds() / (FIRST_LOF - utc("2026-03-07 06:00:00")).total_seconds()
            return -47.0 - 31.0 * k ** 1.4
        if t < ICE_CLEARED:
            return -79.5
        return -43.5
    downs = []
    t = FIRST_LOF
    while t < utc("2026-03-07 07:25:00"):
        d = dt.timedelta(seconds=rng.uniform(22, 95))
        downs.append((t, t + d))
        t = t + d + dt.timedelta(seconds=rng.uniform(55, 230))
    # thick ice: below QPSK's sensitivity, frames lock again only for seconds
    while t < ICE_CLEARED:
        d = dt.timedelta(seconds=rng.uniform(900, 2700))
        end = min(t + d, ICE_CLEARED)
        downs.append((t, end))
        if end >= ICE_CLEARED:
            break
        t = end + dt.timedelta(seconds=rng.uniform(3, 11))
    return base, downs


def is_down(downs, t):
    i = bisect.bisect_right([d[0] for d in downs], t) - 1
    return i >= 0 and downs[i][0] <= t < downs[i][1]


def build_logs(rng, shas):
    gb, gates, nms, wx, traefik, flux, mm = (Log("gate-bridge.log"), Log("gate-controllers.log"), Log("nms-radio-events.log"), Log("weather-stations.log"),
                                             Log("traefik-access.log"), Log("flux-kustomize-controller.log"), Log("mattermost-lift-ops.log"))
    stats = {"first": None, "refused_remote": 0, "refused_valley": 0, "push_failures": 0}
    base, downs = build_link(rng)
    down_starts = [d[0] for d in downs]

    def down(t):
        return is_down(downs, t)

    def up_left(t):
        """Seconds the link stays up from t (0 if down)."""
        if down(t):
            return 0
        i = bisect.bisect_right(down_starts, t)
        return (downs[i][0] - t).total_seconds() if i < len(downs) else 1e9

    # versions in service
    epochs = [(utc("2026-03-05 07:00:00"), "2.7.3", None), (RELEASE, "2.8.0", shas["release"]), (REVERT + dt.timedelta(seconds=50), "2.7.3", shas["revert"]),
              (RERELEASE + dt.timedelta(seconds=50), "2.8.0", shas["again"])]

    def version(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def glog(t, level, target, message, **fields):
        if START <= t < END:
            f = {"message": message}
            f.update(fields)
            gb.add(t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z", "level": level, "fields": f, "target": target}, separators=(",", ":"), ensure_ascii=False))

    tags = {"2.8.0": shas["tag280"][:7], "2.7.3": shas["gb205"][:7]}
    for t0, ver, _ in epochs[1:]:
        glog(t0, "INFO", "gate_bridge", "gate-bridge starting", version=ver, git=tags[ver], controllers=15, push_mode="parallel" if ver == "2.8.0" else "sequential",
             push_timeout_ms=4000 if ver == "2.8.0" else 15000)
        glog(t0 + dt.timedelta(milliseconds=180), "INFO", "gate_bridge::store", "connected to postgres", host="pg-access.access.svc", pool=8)
        glog(t0 + dt.timedelta(milliseconds=260), "INFO", "axum::serve", "listening", addr="0.0.0.0:8080")

    # --- sales: entitlements posted by ticketshop and the POS
    sales = []  # (time, source)

    def sales_rate(t):
        h = t.hour + t.minute / 60
        if h < 5.5:
            return 0.6
        if h < 6.0:
            return 2.0
        if h < 8.7:
            return 7.0
        return 4.0
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(sales_rate(t) / 60))
        if t >= END:
            break
        src = rng.choices(["ticketshop", "pos-tal", "pos-hinteralp"], weights=[55, 40, 5])[0]
        if src == "pos-tal" and t < utc("2026-03-07 06:45:00"):
            src = "ticketshop"
        if src == "pos-hinteralp" and (t < utc("2026-03-07 07:40:00") or down(t)):
            src = "ticketshop"
        sales.append((t, src))
    sale_times = [s[0] for s in sales]

    def clf(t, client, method, path, status, size, ua, ms_):
        if START <= t < END:
            traefik.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" #N# "access-gate-bridge@kubernetes" "http://10.42.0.37:8080" {ms_}ms')

    for (ts, src) in sales:
        if src == "ticketshop":
            clf(ts, "10.42.1.15", "POST", "/v1/entitlements", 201, 61, "ticketshop/5.3.2 (+symfony/http-client)", rng.randint(3, 18))
        elif src == "pos-tal":
            clf(ts, f"10.31.1.{rng.randint(51, 54)}", "POST", "/v1/entitlements", 201, 61, "RoteggPOS/3.2 (Kasse)", rng.randint(3, 18))
        else:
            clf(ts, "10.31.4.51", "POST", "/v1/entitlements", 201, 61, "RoteggPOS/3.2 (Kasse)", rng.randint(40, 300))

    # --- the push cycles
    synced = {c: [START - dt.timedelta(seconds=5)] for c, _, _ in CONTROLLERS}  # times of acknowledged deltas
    pending_since = {}
    next_try = {c: START for c, _, _ in CONTROLLERS}
    rev = 118204
    t = START + dt.timedelta(seconds=3.2)
    remote_down_since = None
    backlog = {}
    while t < END:
        ver = version(t)[1]
        rev += sum(1 for x in sale_times[bisect.bisect_left(sale_times, t - dt.timedelta(seconds=10)):bisect.bisect_left(sale_times, t)])
        ok, failed = 0, 0
        took = 0
        cur = t
        for name, sector, addr in CONTROLLERS:
            remote = name in REMOTE
            fails = remote and up_left(cur) < 6
            if ver == "2.8.0" and cur < next_try[name]:
                continue
            if not fails:
                ok += 1
                d = rng.randint(1500, 3500) if name.startswith("fur") else rng.randint(20, 120)
                synced[name].append(cur + dt.timedelta(milliseconds=d))
                if name in pending_since:
                    glog(cur + dt.timedelta(milliseconds=d + rng.randint(300, 2500)), "INFO", "gate_bridge::push", "controller caught up", controller=name,
                         entries=backlog.get(name, 0), behind_s=int((cur - pending_since.pop(name)).total_seconds()))
                    backlog[name] = 0
                if ver == "2.7.3":
                    cur += dt.timedelta(milliseconds=d)
                else:
                    took = max(took, d)
                continue
            failed += 1
            stats["push_failures"] += 1
            if stats["first"] is None:  # the first failure is logged when the push times out
                stats["first"] = cur + dt.timedelta(seconds=4 if ver == "2.8.0" else 15)
            pending_since.setdefault(name, synced[name][-1])
            backlog[name] = sum(1 for x in sale_times if pending_since[name] <= x < cur)
            if ver == "2.8.0":
                err = rng.choice([f"error sending request for url (https://{addr}:8443/api/v1/list/delta): operation timed out",
                                  f"error sending request for url (https://{addr}:8443/api/v1/list/delta): client error (Connect): tcp connect error: No route to host (os error 113)",
                                  f"error sending request for url (https://{addr}:8443/api/v1/list/delta): operation timed out"])
                glog(cur + dt.timedelta(seconds=4, milliseconds=rng.randint(0, 40)), "WARN", "gate_bridge::push", "delta push failed", controller=name, pending=backlog[name], error=err, next_try_s=30)
                next_try[name] = cur + dt.timedelta(seconds=30)
                took = max(took, 4000 + rng.randint(5, 60))
            else:
                cur += dt.timedelta(seconds=15)
                glog(cur, "ERROR", "gate_bridge::push", "push to controller timed out", controller=name, timeout_s=15)
        if ver == "2.8.0":
            took += rng.randint(15, 60)
        if ver == "2.7.3":
            took = int((cur - t).total_seconds() * 1000) + rng.randint(40, 200)
            if took > 30000:
                glog(t + dt.timedelta(milliseconds=took - 1), "WARN", "gate_bridge::push", "delta cycle slow", rev=rev, took_ms=took)
        glog(t + dt.timedelta(milliseconds=took), "INFO", "gate_bridge::push", "delta cycle done", rev=rev, ok=ok, failed=failed, took_ms=took)
        t = t + dt.timedelta(milliseconds=max(10000, took + 50)) if ver == "2.7.3" else t + dt.timedelta(seconds=10)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 30))

    def synced_at(name, tp):
        lst = synced[name]
        i = bisect.bisect_right(lst, tp) - 1
        return lst[i] if i >= 0 else START

    # --- the lanes (syslog over UDP: the Hinteralp lines are lost while the link is down)
    pids = {c: rng.randint(300, 990) for c, _, _ in CONTROLLERS}

    def gline(tt, name, msg):
        if START <= tt < END and not (name in REMOTE and down(tt)):
            gates.add(tt, f"{tt.strftime('%b')} {tt.day:>2} {tt.strftime('%H:%M:%S')} {name} gated[{pids[name]}]: {msg}")

    for name, sector, addr in CONTROLLERS:
        tt = START + dt.timedelta(seconds=rng.randint(0, 290))
        while tt < END:
            s_at = synced_at(name, tt)
            gline(tt, name, f"list status rev_age={int((tt - s_at).total_seconds())}s entries={41200 + int((s_at - START).total_seconds() // 9)} flash=OK temp={rng.randint(-6, 4) if sector == 'hinteralp' else rng.randint(3, 11)}C")
            tt += dt.timedelta(minutes=5)
        gline(utc("2026-03-07 07:12:00") + dt.timedelta(seconds=rng.uniform(0, 240)), name, "selftest ok: reader=OK turnstile=OK arm=OK display=OK")
        gline(LIFTS_OPEN - dt.timedelta(seconds=rng.uniform(1, 20)), name, "mode OPERATION (schedule 08:30 local)")
    # the link's returns as the Hinteralp controllers see them
    for (d0, d1) in downs:
        for name in sorted(REMOTE):
            gline(d1 + dt.timedelta(seconds=rng.uniform(2, 9)), name, f"upstream gate-bridge reachable again after {int((d1 - d0).total_seconds()) + rng.randint(3, 12)}s")
    gline(POWER_CYCLE + dt.timedelta(seconds=170), "hin-2", "boot: TG-5 firmware 3.1.4, list loaded from flash (entries intact)")

    # passages
    def lane_rate(sector, t):
        if t < LIFTS_OPEN:
            return 0
        if sector == "tal":
            return 11 if t < utc("2026-03-07 09:00:00") else 5
        if sector == "chaesere":
            return 0 if t < utc("2026-03-07 07:42:00") else 7
        return 0 if t < utc("2026-03-07 07:51:00") else 6

    stored = {c: [] for c, _, _ in CONTROLLERS}
    for sector, names in (("tal", [c for c, s, _ in CONTROLLERS if s == "tal"]), ("chaesere", [c for c, s, _ in CONTROLLERS if s == "chaesere"]),
                          ("hinteralp", sorted(REMOTE))):
        t = LIFTS_OPEN
        while t < END:
            r = lane_rate(sector, t)
            if r <= 0:
                t += dt.timedelta(minutes=1)
                continue
            t += dt.timedelta(seconds=rng.expovariate(r / 60))
            if t >= END:
                break
            name = rng.choice(names if sector != "hinteralp" else ["hin-1", "hin-2", "hin-3", "hin-4", "hin-1", "hin-2", "hin-3", "hin-4", "fur-1", "fur-2"])
            media = f"RT{rng.choice(['1', '2', '2'])}-{rng.randint(10000000, 99999999)}"
            kind = rng.random()
            if kind < 0.38:
                product, bought = rng.choice(["SA-ERW", "SA-ERW", "SA-KIN", "SA-JUG"]), None
            elif kind < 0.55:
                product, bought = rng.choice(["TK2-ERW", "TK3-ERW", "TK6-ERW"]), None
            else:
                product = rng.choice(["TK1-ERW", "TK1-ERW", "TK1-KIN", "TK1-JUG", "TK1-SEN"])
                lead = {"tal": (1.5, 50), "chaesere": (12, 70), "hinteralp": (25, 110)}[sector]
                lo = t - dt.timedelta(minutes=lead[1])
                hi = t - dt.timedelta(minutes=lead[0])
                cands = sale_times[bisect.bisect_left(sale_times, lo):bisect.bisect_left(sale_times, hi)]
                bought = rng.choice(cands) if cands and rng.random() < 0.7 else None
            if sector == "tal" and bought is None and rng.random() < 0.07:
                # bought at the valley window a minute ago, straight to the gondola
                cands = sale_times[bisect.bisect_left(sale_times, t - dt.timedelta(seconds=150)):bisect.bisect_left(sale_times, t - dt.timedelta(seconds=40))]
                bought = cands[-1] if cands else None
            lane = name.upper()
            if bought is not None and synced_at(name, t) < bought + dt.timedelta(seconds=1):
                if name in REMOTE:
                    stats["refused_remote"] += 1
                else:
                    stats["refused_valley"] += 1
                gline(t, name, f"REJECT media={media} product=- reason=NO_VALID_TICKET lane={lane}")
                stored[name].append((t, False))
                if name in REMOTE:
                    tr = t + dt.timedelta(seconds=rng.uniform(25, 90)) if t < MANUAL_CHECK else t + dt.timedelta(seconds=rng.uniform(6, 20))
                    gline(tr, name, f"MANUAL_RELEASE lane={lane} key=operator")
                else:
                    tr = t + dt.timedelta(seconds=rng.uniform(50, 130))
                    if synced_at(name, tr) >= bought:
                        gline(tr, name, f"ACCEPT media={media} product={product} lane={lane}")
                        stored[name].append((tr, True))
                    else:
                        gline(tr, name, f"REJECT media={media} product=- reason=NO_VALID_TICKET lane={lane}")
                        gline(tr + dt.timedelta(seconds=rng.uniform(20, 60)), name, f"MANUAL_RELEASE lane={lane} key=operator")
                continue
            if rng.random() < 0.01:
                gline(t, name, f"REJECT media={media} product={product} reason=ANTIPASSBACK lane={lane} wait={rng.randint(30, 280)}s")
                stored[name].append((t, False))
                continue
            if rng.random() < 0.004:
                gline(t, name, f"REJECT media=RT1-{rng.randint(10000000, 99999999)} product=- reason=EXPIRED lane={lane}")
                stored[name].append((t, False))
                continue
            gline(t, name, f"ACCEPT media={media} product={product} lane={lane}")
            stored[name].append((t, True))

    # passage uploads every 60 s per controller (held on flash while unreachable)
    for name, sector, addr in CONTROLLERS:
        items = sorted(stored[name])
        t = LIFTS_OPEN + dt.timedelta(seconds=rng.uniform(20, 60))
        sent = 0
        while t < END:
            if name in REMOTE and up_left(t) < 4:
                t += dt.timedelta(seconds=15)
                continue
            batch = [p for p in items[sent:] if p[0] < t]
            if batch:
                sent += len(batch)
                ms_ = rng.randint(8, 40) if len(batch) < 50 else rng.randint(200, 900)
                clf(t, addr, "POST", "/v1/passages", 200, 14, "Vallor-TG5/3.1.4", ms_)
                rejected = sum(1 for p in batch if not p[1])
                glog(t + dt.timedelta(milliseconds=ms_), "INFO", "gate_bridge::passages", "passages stored", controller=name, count=len(batch), rejected=rejected,
                     oldest=batch[0][0].strftime("%Y-%m-%dT%H:%M:%SZ"))
            t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 900))
    # heartbeats every 2 min
    for name, sector, addr in CONTROLLERS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 119))
        while t < END:
            if not (name in REMOTE and down(t)):
                clf(t, addr, "POST", "/v1/heartbeat", 204, 0, "Vallor-TG5/3.1.4", rng.randint(1, 6) if name not in REMOTE else rng.randint(9, 60))
            t += dt.timedelta(seconds=120)
    # missing heartbeats (both versions)
    for name in sorted(REMOTE):
        last_seen = START
        t = START
        warned = None
        while t < END:
            if not down(t):
                last_seen = t
            elif (t - last_seen).total_seconds() > 240 and (warned is None or (t - warned).total_seconds() >= 300):
                glog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "WARN", "gate_bridge::health", "controller heartbeat missing", controller=name, last_seen_s=int((t - last_seen).total_seconds()))
                warned = t
            t += dt.timedelta(seconds=60)

    # --- the NMS (both ends of the link; the B end is at Hinteralp)
    def nlog(tt, node, sev, msg):
        if START <= tt < END:
            nms.add(tt, f"{tt.strftime('%Y-%m-%d %H:%M:%S.')}{tt.microsecond // 1000:03d} | RL-CHAES-HIN | {node:<10} | {sev:<8} | {msg}")

    def rsl(tt):
        v = base(tt) + rng.uniform(-0.8, 0.8)
        return v
    # 15-minute performance records (both ends: the path is symmetric)
    tt = START
    while tt < END:
        for node in ("CHAES-A", "HIN-B"):
            vals = [rsl(tt - dt.timedelta(minutes=k)) for k in range(15)]
            lo = tt - dt.timedelta(minutes=15)
            uas = int(sum(max(0.0, (min(d[1], tt) - max(d[0], lo)).total_seconds()) for d in downs))
            ses = min(900, uas // 3 + (rng.randint(0, 4) if tt > utc("2026-03-07 06:30:00") else 0))
            nlog(tt + dt.timedelta(milliseconds=rng.randint(10, 900)), node, "INFO", f"Performance 15 min: RSL min {min(vals):.1f} / avg {sum(vals) / len(vals):.1f} / max {max(vals):.1f} dBm, ES {ses + rng.randint(0, 3)}, SES {ses}, UAS {uas}")
        tt += dt.timedelta(minutes=15)
    # ACM steps as the level falls
    steps = [("1024QAM", "512QAM", -50.5, 421, 379), ("512QAM", "256QAM", -55.0, 379, 337), ("256QAM", "128QAM", -59.5, 337, 294),
             ("128QAM", "64QAM", -63.5, 294, 252), ("64QAM", "32QAM", -67.0, 252, 208), ("32QAM", "16QAM", -70.5, 208, 166), ("16QAM", "QPSK", -74.5, 166, 84)]
    tt = START
    si = 0
    threshold_raised = False
    while tt < FIRST_LOF and si < len(steps):
        if base(tt) <= steps[si][2]:
            frm, to, lvl, _, cap = steps[si]
            for node in ("CHAES-A", "HIN-B"):
                nlog(tt + dt.timedelta(milliseconds=rng.randint(0, 3000)), node, "WARNING" if si < 4 else "MAJOR", f"ACM downshift: {frm} -> {to} (capacity {cap} Mbit/s, RSL {base(tt) + rng.uniform(-0.4, 0.4):.1f} dBm)")
            si += 1
        if not threshold_raised and base(tt) <= -60.0:
            nlog(tt + dt.timedelta(seconds=2), "HIN-B", "MINOR", f"RSL below threshold: {base(tt):.1f} dBm (threshold -60.0 dBm)")
            nlog(tt + dt.timedelta(seconds=41), "CHAES-A", "MINOR", f"RSL below threshold: {base(tt) - 0.4:.1f} dBm (threshold -60.0 dBm)")
            threshold_raised = True
        tt += dt.timedelta(seconds=20)
    for (d0, d1) in downs:
        for node in ("CHAES-A", "HIN-B"):
            nlog(d0 + dt.timedelta(milliseconds=rng.randint(0, 400)), node, "CRITICAL", "Radio LOF (loss of frame) raised")
        nlog(d0 + dt.timedelta(milliseconds=rng.randint(500, 900)), "CHAES-A", "MAJOR", "Ethernet port 2 (to HIN-B) link down")
        for node in ("CHAES-A", "HIN-B"):
            nlog(d1 + dt.timedelta(milliseconds=rng.randint(0, 400)), node, "CLEARED", f"Radio LOF (loss of frame) cleared after {int((d1 - d0).total_seconds())} s, RSL {(-77.5 if d1 < ICE_CLEARED else -44.0) + rng.uniform(-1.2, 1.2):.1f} dBm, modulation QPSK")
        nlog(d1 + dt.timedelta(milliseconds=rng.randint(500, 900)), "CHAES-A", "CLEARED", "Ethernet port 2 (to HIN-B) link up")
    for node, delay in (("CHAES-A", 40), ("HIN-B", 42)):
        for k, (frm, to) in enumerate([("QPSK", "16QAM"), ("16QAM", "64QAM"), ("64QAM", "256QAM"), ("256QAM", "1024QAM")]):
            nlog(ICE_CLEARED + dt.timedelta(seconds=delay + 6 * k), node, "INFO", f"ACM upshift: {frm} -> {to}")
        nlog(ICE_CLEARED + dt.timedelta(seconds=delay + 30), node, "CLEARED", f"RSL below threshold cleared: {-43.8 + rng.uniform(-0.5, 0.5):.1f} dBm")
    nlog(utc("2026-03-07 08:27:13"), "HIN-B", "INFO", "User rzurfluh logged in from 10.31.0.12 (web)")

    # --- the weather stations (the Hinteralp basin in freezing fog, Roteggrat above it)
    tt = START
    while tt < END:
        h = (tt - START).total_seconds() / 3600
        sun = tt > utc("2026-03-07 06:40:00")
        for station, temp, rh, vis, wxc in (
            ("hinteralp", -2.6 - 0.35 * h + rng.uniform(-0.2, 0.2) + (1.4 if tt > utc("2026-03-07 09:30:00") else 0), rng.uniform(98.5, 100), rng.randint(40, 120) if tt < utc("2026-03-07 09:40:00") else rng.randint(800, 3000),
             "freezing_fog" if tt < utc("2026-03-07 09:40:00") else "partly_cloudy"),
            ("roteggrat", -6.8 + (0.6 * h if sun else 0) + rng.uniform(-0.3, 0.3), rng.uniform(45, 62), 20000, "clear" if sun else "clear_night"),
        ):
            wx.add(tt + dt.timedelta(seconds=rng.randint(0, 20)), json.dumps({"ts": (tt).strftime("%Y-%m-%dT%H:%M:%SZ"), "station": station, "temp_c": round(temp, 1), "rh_pct": round(rh, 1),
                                                                                "wind_ms": round(rng.uniform(0.3, 2.2) if station == "hinteralp" else rng.uniform(3, 7), 1), "visibility_m": vis, "weather": wxc,
                                                                                "snow_depth_cm": 148 if station == "hinteralp" else 212}, separators=(",", ":")))
        tt += dt.timedelta(minutes=10)

    # --- Flux
    def flog(tt, level, msg, **kv):
        if START <= tt < END:
            body = {"level": level, "ts": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "msg": msg, "controller": "kustomization",
                    "controllerGroup": "kustomize.toolkit.fluxcd.io", "controllerKind": "Kustomization", "name": "gate-bridge", "namespace": "flux-system"}
            body.update(kv)
            flux.add(tt, json.dumps(body, separators=(",", ":")))

    applies = [(RELEASE - dt.timedelta(seconds=41), shas["release"]), (REVERT + dt.timedelta(seconds=8), shas["revert"]), (RERELEASE + dt.timedelta(seconds=8), shas["again"])]
    for at, h in applies:
        flog(at, "info", "server-side apply completed", revision=f"main@sha1:{h}", output={"Deployment/access/gate-bridge": "configured", "Service/access/gate-bridge": "unchanged"})
        flog(at + dt.timedelta(seconds=41, milliseconds=120), "info", "health check passed in 41.1s", revision=f"main@sha1:{h}")
        flog(at + dt.timedelta(seconds=41, milliseconds=140), "info", "Reconciliation finished in 41.6s, next run in 1m0s", revision=f"main@sha1:{h}")

    def applied_at(tt):
        """Flux reports the head of main it last fetched (every minute)."""
        cur = shas["first"]
        for at, h in shas["history"]:
            if at <= tt - dt.timedelta(seconds=60):
                cur = h
        return cur

    tt = START + dt.timedelta(seconds=rng.randint(0, 59))
    while tt < END:
        if not any(abs((tt - at).total_seconds()) < 45 for at, _ in applies):
            flog(tt, "info", f"Reconciliation finished in {rng.randint(280, 900)}ms, next run in 1m0s", revision=f"main@sha1:{applied_at(tt)}")
        tt += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 300))

    # --- Mattermost #lift-ops
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        mm.add(tt, json.dumps({"create_at": int(tt.timestamp() * 1000), "channel": "lift-ops", "username": who, "message": text}, ensure_ascii=False))

    f = stats["first"]
    say(RELEASE - dt.timedelta(minutes=3), "nico.gasser", "Release gate-bridge 2.8.0 gemergt, Flux zieht es in einer Minute: paralleles Pushen (GB-211), Fehlversuche geloggt (GB-214). Vor dem Samstags-Ansturm wie abgemacht.")
    say(RELEASE + dt.timedelta(minutes=2), "nico.gasser", "2.8.0 läuft, ein Zyklus dauert jetzt so lange wie der langsamste Controller (Fürggeli, ~3 s) statt alle zusammen.")
    say(f + dt.timedelta(minutes=3), "alertmanager", "[FIRING:6] GateControllerBehind gate-bridge: hin-1 hin-2 hin-3 hin-4 fur-1 fur-2 have not acknowledged a delta for 2m")
    say(f + dt.timedelta(minutes=7), "nico.gasser", "Schaue. 'delta push failed' für alle hin/fur, timeouts. Vor Lift-Öffnung, noch keine Gäste dort.")
    say(utc("2026-03-07 07:56:30"), "toni.imfeld (Hinteralp)", "Hinteralp: erste Gäste mit heute gekauften Karten werden am Drehkreuz abgewiesen, Saisonkarten gehen. Ich lasse sie von Hand durch.")
    say(utc("2026-03-07 08:01:00"), "toni.imfeld (Hinteralp)", "Die Kasse Hinteralp ist auch offline.")
    say(utc("2026-03-07 08:04:40"), "nico.gasser", "Runbook: Controller hängt nach Flash-Fehler (VGATE-88) -> Controller neu starten; und nach einem Release zurückrollen. Ich reverte 2.8.0. @toni.imfeld bitte HIN-2 aus/ein (Q2 im Schrank).")
    say(REVERT + dt.timedelta(minutes=2), "nico.gasser", "2.7.3 läuft (Revert). Jetzt 'push to controller timed out' statt 'delta push failed', gleiche sechs Controller.")
    say(POWER_CYCLE + dt.timedelta(minutes=4), "toni.imfeld (Hinteralp)", "HIN-2 neu gestartet, bootet, Liste aus dem Flash. Weist weiter ab.")
    say(utc("2026-03-07 08:19:30"), "sandra.gisler (Kasse Tal)", "Tal: Gäste, die gerade an der Kasse gekauft haben, kommen an der Gondel nicht durch, erst nach 1-2 Minuten. Seit ca. 09:10.")
    say(utc("2026-03-07 08:23:10"), "reto.zurfluh", "Es sind nur die Controller hinter dem Richtfunk Chäsere-Hinteralp. Im NMS: RL-CHAES-HIN seit 08:06 LOF, immer wieder weg, RSL -79 dBm, war gestern -41. Modulation seit 07:10 schrittweise runter bis QPSK.")
    say(utc("2026-03-07 08:26:00"), "reto.zurfluh", "2.7.3 wartet 15 s auf jeden der sechs, ein Zyklus dauert 90 s ('delta cycle slow'), deshalb die Verzögerung im Tal. Das Release war es nicht.")
    say(utc("2026-03-07 08:31:50"), "nico.gasser", "Stimmt, 2.8.0 wieder rein.")
    say(RERELEASE + dt.timedelta(minutes=3), "nico.gasser", "2.8.0 läuft wieder, Tal und Chäsere bekommen ihre Deltas sofort.")
    say(utc("2026-03-07 08:39:20"), "toni.imfeld (Hinteralp)", "Schüssel am Mast auf dem Dach der Talstation Hinteralp ist weiss, dicke Eisschicht. Hier unten seit der Nacht Nebel, alles mit Raureif.")
    say(utc("2026-03-07 08:41:00"), "reto.zurfluh", "Wetterstation Hinteralp: -4 °C, 100 % Feuchte, Sicht 60 m, gefrierender Nebel seit Mitternacht. Gestern Abend Nassschnee. Passt.")
    say(utc("2026-03-07 08:44:30"), "markus.burch (Betriebsleiter)", "Hinteralp und Fürggeli: ab sofort Handkontrolle mit Quittung. Sepp fährt mit Gurt und Leiter rüber und macht die Antenne frei.")
    say(utc("2026-03-07 09:31:00"), "sepp.infanger (Elektriker)", "Bin oben am Mast, Eis 2-3 cm auf dem Radom, auch an der Schüssel. Mache frei.")
    say(ICE_CLEARED + dt.timedelta(minutes=2), "reto.zurfluh", "Link wieder da, RSL -44 dBm, 1024QAM.")
    say(ICE_CLEARED + dt.timedelta(minutes=4), "nico.gasser", "hin/fur haben ihren Rückstand übernommen ('controller caught up'), Passagen werden hochgeladen.")
    say(ICE_CLEARED + dt.timedelta(minutes=9), "toni.imfeld (Hinteralp)", "Drehkreuze nehmen wieder alle Karten. Handkontrolle beendet.")
    say(utc("2026-03-07 10:26:00"), "reto.zurfluh", "Runbook ergänzt. Radomheizung für beide Enden bestellt, bis dahin bei Nebel und Frost morgens Sichtkontrolle.")
    # Traefik numbers requests in the order it served them
    traefik.entries.sort(key=lambda e: (e[0], e[1]))
    traefik.entries = [(w, i, text.replace("#N#", str(122840 + k))) for k, (w, i, text) in enumerate(traefik.entries)]
    stats["downs"] = downs
    stats["base"] = base
    return [gb, gates, nms, wx, traefik, flux, mm], stats


def build(out_dir):
    rng = random.Random(67200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert FIRST_LOF - dt.timedelta(seconds=10) <= onset < FIRST_LOF + dt.timedelta(seconds=30), onset
        assert stats["refused_remote"] >= 40 and stats["refused_valley"] >= 3, {k: v for k, v in stats.items() if k not in ("downs", "base")}
        downs, base = stats["downs"], stats["base"]
        metrics = {
            "radio_rsl_dbm.json": query_range([({"job": "snmp", "link": "RL-CHAES-HIN", "node": "HIN-B"},
                                                lambda t: None if is_down(downs, t) else round(base(t), 1))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r67-radio-link-rime-ice-none", service=SERVICE, onset=onset,
            description=f"""
Guests of a Swiss ski resort are refused at the Hinteralp chairlift and
the Fürggeli T-bar on Saturday 7 March although the same KeyCards pass at
the gondola: tickets sold or reloaded that morning are not on those
lanes' allow-lists. From {onset.strftime('%H:%M:%S')} UTC gate-bridge's pushes to the six
Hinteralp controllers fail. gate-bridge 2.8.0, which changed the pushes,
had been released at 06:41; it was reverted at 08:08 (after which fresh
buyers were refused at the gondola too) and released again at 08:33.
The controllers caught up from 09:51.
""",
            logs=logs,
            line_formats={"nms-radio-events.log": r'<Date> <Time> \| <Link> \| <Node>\s*\| <Severity>\s*\| <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'RSL below threshold',
                r'loss of frame',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The six controllers of the Hinteralp sector
(hin-1..4, fur-1..2) are reached only over the 23 GHz radio link
RL-CHAES-HIN from Alp Chäsere. After Friday evening's wet snow and a
night of freezing fog in the Hinteralp basin, ice built up on the
radome of the link's Hinteralp end: the NMS shows the received level
falling from -44 dBm, the modulation stepping down from 06:10 ("ACM
downshift"), "RSL below threshold" at 06:35 and from 07:06 "Radio LOF
(loss of frame) raised", the link down for seconds, then from 07:25 for
minutes at a time, until the lift electrician cleared the ice at 09:50.
Every push to those controllers failed while the link was down
({stats['push_failures']} failures), so tickets sold since their last delta were refused
at their lanes ({stats['refused_remote']} refusals, released by hand) while the same cards
passed at the gondola; their syslog (UDP) is missing while the link was
down, and they caught up and uploaded their passages when it returned.
Decoys: gate-bridge 2.8.0, released {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (GB-211,
parallel pushes with a 4 s timeout in the very push code; GB-214, which
adds the very "delta push failed" warning; GB-209, passage batches; a
hyper bump); its revert at 08:08, which did not help and made things
worse (2.7.3 waits 15 s for each unreachable controller, every cycle
took 90 s and {stats['refused_valley']} fresh buyers were refused at the valley lanes
until they tried again); Thursday's runbook commit that blames a
controller firmware hang and says to power-cycle and to roll back after
a release; the power-cycle of HIN-2 at 08:12; GB-205 (the Fürggeli
lanes) in the config; routine anti-passback and expired-card refusals.
""",
        )
    finally:
        repo.close()
