"""garage-access (Rust, axum and sqlx on PostgreSQL 16 with pg_partman; two
VMs behind HAProxy, released by a GitLab CI job that runs an Ansible
playbook in the evening change window; team in Aldermoor and Gdańsk) of
Aldermoor City Council's parking service. It runs the six council car
parks with number plate recognition at the barriers: the lane controllers
(lanectl on a PC at each lane) post every plate read, garage-access records
entries in garage_entries and decides each exit: a permit (hospital staff,
residents' season tickets), an Autopay account, a ticketless payment at a
pay station, or the tariff paid by card at the exit column. With no open
entry for the plate (a heavy misread, tailgating) the column asks for the
lost-ticket tariff (the day maximum) or the driver presses Help and the
council's control room opens the barrier remotely. The pay stations look
the plate up with the same query.

On Tuesday 24 November garage_entries was partitioned by month (GAR-318,
pg_partman), and the exit lookup got slower (it probed every partition's
open-entry index). On Thursday 26 November GAR-322 bounds the two
open-entry queries with `entered_at >= date_trunc('month', now())` so
that the planner prunes to the current partition; released in the
Thursday change window (22:12) as 2026.11.26-1, whose start lines name
a later ADR commit. Every open entry is from November, so nothing
changes but the lookup's p95 (41 ms -> 6 ms).

At midnight on Monday 30 November the month turns. From then on every car
that came in before midnight is invisible to the exit lanes and the pay
stations: the evening's drivers at Castle Street, Market Square, Station
Road and the Infirmary's late shift get "not found" at the pay stations
(from 00:00:16) and "vehicle not recognised - pay the lost ticket tariff
or press Help" at the exits. The control room reports it at 00:38; the
out-of-hours engineer rolls back the evening's release (23:25: a confidence threshold
for Station Road's new exit cameras, a commit that logs the read
confidence and fuzzy candidates on the very "no open entry" line, and
GAR-324, which orders the open-entry query) at 00:59 without effect and,
with traffic gone, leaves it to the day team. From 06:30 residents leave
Northgate and at 07:10 the Infirmary's night staff leave: every exit is
NO_ENTRY, the Infirmary's exits queue down the ramp, the control room puts
the Infirmary's and Northgate's exits in FREE EXIT, and with no entry
closed the Infirmary counts itself full and turns visitors away. At 07:41
the culprit's author finds the month bound; the fix (bound by 45 days) is
released at 08:21, occupancy is recounted, lost-ticket tariffs refunded.

Sources: garage-access on both nodes (Rust tracing fmt, with spans),
lane controllers (syslog RFC 3164), the control room's intercom and
barrier events (JSON), PostgreSQL (with pg_cron's partman maintenance),
GitLab deploy jobs (timestamped, Ansible output), #parking-systems (chat
export, text)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "garage-access"
START, END = utc("2026-11-30 21:50:00"), utc("2026-12-01 09:10:00")
MONTH = utc("2026-12-01 00:00:00")
NOV = utc("2026-11-01 00:00:00")
DEPLOY_TUE = utc("2026-11-24 22:08:40")
DEPLOY_THU = utc("2026-11-26 22:12:30")
RELEASE = utc("2026-11-30 23:25:10")
ROLLBACK = utc("2026-12-01 00:59:40")
FIX = utc("2026-12-01 08:21:50")
READY = dt.timedelta(seconds=50)
FREE_EXIT = {"G05": (utc("2026-12-01 07:24:20"), utc("2026-12-01 08:31:30")),
             "G06": (utc("2026-12-01 07:31:05"), utc("2026-12-01 08:33:10"))}
RECOUNT = {"G05": utc("2026-12-01 08:46:10"), "G06": utc("2026-12-01 08:48:40")}

# id: name, capacity, entry lanes, exit lanes, lost-ticket (day max) pence, pay stations, pence per hour, vehicles parked for days
GARAGES = {
    "G01": ("Castle Street", 540, ["N1", "N2"], ["X1", "X2"], 2400, ["PS1", "PS2"], 260, 38),
    "G02": ("Riverside", 720, ["N1", "N2"], ["X1", "X2"], 1800, ["PS1", "PS2", "PS3"], 180, 22),
    "G03": ("Station Road", 410, ["N1"], ["X1", "X2"], 1400, ["PS1"], 200, 64),
    "G04": ("Market Square", 300, ["N1"], ["X1"], 2400, ["PS1"], 260, 9),
    "G05": ("Infirmary", 620, ["N1", "N2"], ["X1", "X2"], 1200, ["PS1", "PS2"], 0, 41),
    "G06": ("Northgate", 260, ["N1"], ["X1"], 1600, [], 160, 93),
}

# ---------------------------------------------------------------------------
# the repository

CARGO = '''[package]
name = "garage-access"
version = "0.1.0"
edition = "2021"
rust-version = "1.82"

[dependencies]
anyhow = "1"
axum = "0.7.9"
chrono = { version = "0.4", features = ["serde"] }
serde = { version = "1", features = ["derive"] }
sqlx = { version = "0.8.2", features = ["runtime-tokio", "tls-rustls", "postgres", "chrono"] }
tokio = { version = "1.41.0", features = ["full"] }
toml = "0.8"
tracing = "0.1"
tracing-subscriber = { version = "0.3", features = ["fmt", "env-filter"] }
'''

ENTRIES_RS = '''//! garage_entries: one row per vehicle entry, closed (exited_at) at the exit.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

#[derive(Debug, sqlx::FromRow)]
pub struct OpenEntry {
    pub id: i64,
    pub plate: String,
    pub entered_at: DateTime<Utc>,
    pub permit_id: Option<i64>,
    pub autopay_account: Option<i64>,
    pub paid_until: Option<DateTime<Utc>>,
}

const OPEN_ENTRY: &str = "SELECT id, plate, entered_at, permit_id, autopay_account, paid_until
       FROM garage_entries
      WHERE garage_id = $1 AND plate = $2 AND exited_at IS NULL
      LIMIT 1";

const OPEN_ENTRIES_NEAR: &str = "SELECT id, plate, entered_at, permit_id, autopay_account, paid_until
       FROM garage_entries
      WHERE garage_id = $1 AND exited_at IS NULL
        AND levenshtein(plate, $2) <= 1
      LIMIT 5";

/// The open entry for this plate in this garage: the exit lanes and the
/// pay stations (ticketless payment) both look the vehicle up here.
pub async fn find_open_entry(db: &PgPool, garage: &str, plate: &str) -> sqlx::Result<Option<OpenEntry>> {
    sqlx::query_as(OPEN_ENTRY).bind(garage).bind(plate).fetch_optional(db).await
}

/// Open entries one edit away from the read (the cameras confuse 0/O, 8/B, 1/I).
pub async fn open_entries_near(db: &PgPool, garage: &str, plate: &str) -> sqlx::Result<Vec<OpenEntry>> {
    sqlx::query_as(OPEN_ENTRIES_NEAR).bind(garage).bind(plate).fetch_all(db).await
}

pub async fn insert_entry(db: &PgPool, garage: &str, plate: &str, permit_id: Option<i64>) -> sqlx::Result<i64> {
    sqlx::query_scalar("INSERT INTO garage_entries (garage_id, plate, permit_id, entered_at) VALUES ($1, $2, $3, now()) RETURNING id")
        .bind(garage).bind(plate).bind(permit_id).fetch_one(db).await
}

pub async fn close_entry(db: &PgPool, id: i64, fee_pence: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE garage_entries SET exited_at = now(), fee_pence = $2 WHERE id = $1")
        .bind(id).bind(fee_pence).execute(db).await.map(|_| ())
}

/// Vehicles in the garage as we count them (the open data feed and the
/// FULL signs): open entries.
pub async fn occupied(db: &PgPool, garage: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM garage_entries WHERE garage_id = $1 AND exited_at IS NULL")
        .bind(garage).fetch_one(db).await
}
'''

EXIT_RS = '''//! Exit decisions for the lane controllers: open, pay at the column, or help.

use tracing::{info, warn};

use crate::config::Garage;
use crate::store::entries::{self, OpenEntry};
use crate::{tariff, AppState, PlateRead};

pub enum ExitDecision {
    Open { reason: &'static str, entry_id: i64, fee_pence: i32 },
    Pay { pence: i32, entry_id: Option<i64> },
    Help { reason: &'static str },
}

pub async fn decide(state: &AppState, garage: &Garage, read: &PlateRead) -> anyhow::Result<ExitDecision> {
    if read.confidence < garage.exit_min_confidence {
        warn!(plate = %read.plate, confidence = read.confidence, threshold = garage.exit_min_confidence,
              "plate read below confidence threshold, sending to help");
        return Ok(ExitDecision::Help { reason: "LOW_CONFIDENCE" });
    }
    let mut entry = entries::find_open_entry(&state.db, &garage.id, &read.plate).await?;
    if entry.is_none() {
        entry = fuzzy(state, garage, read).await?;
    }
    let Some(entry) = entry else {
        warn!(plate = %read.plate, tariff_pence = garage.lost_ticket_pence, "no open entry for plate, lost-ticket tariff");
        return Ok(ExitDecision::Pay { pence: garage.lost_ticket_pence, entry_id: None });
    };
    Ok(by_entry(garage, &entry))
}

async fn fuzzy(state: &AppState, garage: &Garage, read: &PlateRead) -> anyhow::Result<Option<OpenEntry>> {
    let mut near = entries::open_entries_near(&state.db, &garage.id, &read.plate).await?;
    if near.len() != 1 {
        return Ok(None);
    }
    let entry = near.remove(0);
    info!(plate = %read.plate, entry_plate = %entry.plate, distance = 1, "open entry matched on a fuzzy read");
    Ok(Some(entry))
}

fn by_entry(garage: &Garage, entry: &OpenEntry) -> ExitDecision {
    let fee = tariff::fee(garage, entry.entered_at, chrono::Utc::now());
    if entry.permit_id.is_some() {
        return ExitDecision::Open { reason: "permit", entry_id: entry.id, fee_pence: 0 };
    }
    if entry.paid_until.is_some_and(|until| until > chrono::Utc::now()) {
        return ExitDecision::Open { reason: "prepaid", entry_id: entry.id, fee_pence: 0 };
    }
    if entry.autopay_account.is_some() {
        return ExitDecision::Open { reason: "autopay", entry_id: entry.id, fee_pence: fee };
    }
    ExitDecision::Pay { pence: fee, entry_id: Some(entry.id) }
}
'''

GARAGES_TOML = '''# Council car parks with plate recognition. exit_min_confidence: below it
# the exit lane sends the driver to Help instead of deciding on the read.

[defaults]
exit_min_confidence = 0.80
grace_after_payment_min = 15

[[garage]]
id = "G01"
name = "Castle Street"
capacity = 540
lost_ticket_pence = 2400

[[garage]]
id = "G02"
name = "Riverside"
capacity = 720
lost_ticket_pence = 1800
closes = "00:30"

[[garage]]
id = "G03"
name = "Station Road"
capacity = 410
lost_ticket_pence = 1400

[[garage]]
id = "G04"
name = "Market Square"
capacity = 300
lost_ticket_pence = 2400

[[garage]]
id = "G05"
name = "Infirmary"
capacity = 620
lost_ticket_pence = 1200
full_admits_permits = true

[[garage]]
id = "G06"
name = "Northgate"
capacity = 260
lost_ticket_pence = 1600
'''

TARIFFS_TOML = '''# Pence per started hour, capped at the day maximum (lost_ticket_pence).
[G01]
per_hour = 260
[G02]
per_hour = 180
[G03]
per_hour = 200
[G04]
per_hour = 260
[G05]
bands = [[120, 250], [240, 450], [1440, 700]]
[G06]
per_hour = 160
'''

MIGRATION_13 = '''CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE garage_entries (
    id              bigserial,
    garage_id       text        NOT NULL,
    plate           text        NOT NULL,
    entered_at      timestamptz NOT NULL,
    exited_at       timestamptz,
    permit_id       bigint,
    autopay_account bigint,
    paid_until      timestamptz,
    fee_pence       integer
);

CREATE INDEX garage_entries_open ON garage_entries (garage_id, plate) WHERE exited_at IS NULL;
'''

MIGRATION_14 = '''-- GAR-318: partition garage_entries by month (pg_partman 5). 31 M rows since
-- 2019; the archive job detaches partitions older than 13 months.
ALTER TABLE garage_entries RENAME TO garage_entries_old;

CREATE TABLE garage_entries (LIKE garage_entries_old INCLUDING DEFAULTS)
    PARTITION BY RANGE (entered_at);

SELECT partman.create_parent(
    p_parent_table := 'public.garage_entries',
    p_control      := 'entered_at',
    p_interval     := '1 month',
    p_premake      := 4
);

CREATE INDEX garage_entries_open ON garage_entries (garage_id, plate) WHERE exited_at IS NULL;

INSERT INTO garage_entries SELECT * FROM garage_entries_old WHERE entered_at >= now() - interval '13 months';
-- maintenance: pg_cron runs CALL partman.run_maintenance_proc() hourly.
'''

MAIN_RS = '''use std::sync::Arc;

use tracing::info;

mod config;
mod exit;
mod lanes;
mod paystation;
mod store;
mod tariff;

pub struct AppState {
    pub db: sqlx::PgPool,
    pub garages: config::Garages,
}

pub struct PlateRead {
    pub plate: String,
    pub confidence: f32,
}

const VERSION: &str = env!("GARAGE_ACCESS_VERSION");
const COMMIT: &str = env!("GIT_COMMIT");

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_ansi(false).with_env_filter("info").init();
    info!(version = VERSION, commit = COMMIT, listen = "0.0.0.0:8443", "starting garage-access");
    let garages = config::load("/etc/garage-access/garages.toml")?;
    let db = store::connect(&std::env::var("DATABASE_URL")?).await?;
    let state = Arc::new(AppState { db, garages });
    tokio::spawn(store::publish_occupancy(state.clone()));
    lanes::serve(state).await
}
'''

DEPLOY_YML = '''- hosts: garage_access
  serial: 1
  become: true
  vars:
    release: "{{ garage_access_version }}"
  roles:
    - garage_access
  post_tasks:
    - name: Wait for /healthz
      ansible.builtin.uri:
        url: "https://{{ inventory_hostname }}:8443/healthz"
        validate_certs: false
      register: health
      until: health.status == 200
      retries: 20
      delay: 2
'''

GITLAB_CI = '''stages: [test, build, deploy]

test:
  stage: test
  image: rust:1.82
  script:
    - cargo test --locked

build:
  stage: build
  image: rust:1.82
  script:
    - export GARAGE_ACCESS_VERSION=$(date -u +%Y.%m.%d)-$CI_PIPELINE_IID GIT_COMMIT=$CI_COMMIT_SHA
    - cargo build --release --locked
    - ./ci/upload-release.sh target/release/garage-access
  only: [main]

deploy-production:
  stage: deploy
  image: registry.aldermoor.gov.uk/platform/ansible:9
  when: manual
  script:
    - ansible-playbook -i deploy/inventories/production deploy/ansible/deploy.yml -e garage_access_version=$RELEASE
  only: [main]

rollback-production:
  stage: deploy
  image: registry.aldermoor.gov.uk/platform/ansible:9
  when: manual
  script:
    - ansible-playbook -i deploy/inventories/production deploy/ansible/deploy.yml -e garage_access_version=$ROLLBACK_TO
  only: [main]
'''

EXIT_TEST = '''use garage_access::testing::{exit_for, seed_entry, TestDb};

#[tokio::test]
async fn exact_read_finds_the_open_entry() {
    let db = TestDb::new().await;
    seed_entry(&db, "G01", "KX19FMA", "2026-11-20T18:40:00Z").await;
    assert_eq!(exit_for(&db, "G01", "KX19FMA", 0.97).await.reason(), "pay");
}

#[tokio::test]
async fn one_character_misread_is_matched() {
    let db = TestDb::new().await;
    seed_entry(&db, "G01", "KX19FMA", "2026-11-20T18:40:00Z").await;
    assert_eq!(exit_for(&db, "G01", "KX19FMB", 0.95).await.reason(), "pay");
}
'''


def build_repo():
    hannah = Person("Hannah Okafor", "hannah.okafor@aldermoor.gov.uk", 0)
    dawid = Person("Dawid Nowak", "dawid.nowak@kodawave.pl", 60)
    sam = Person("Sam Reid", "sam.reid@aldermoor.gov.uk", 0)
    ines = Person("Ines Carvalho", "ines.carvalho@aldermoor.gov.uk", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# garage-access\n\nPlate recognition at the council car parks: the lane controllers (lanectl)\npost every read, we record entries and decide exits (permit, Autopay,\nticketless payment at a pay station, or pay at the column). Pay stations\nlook plates up here too.\n\n```\ncargo test\nDATABASE_URL=postgres://... cargo run\n```\n\nReleases: the manual `deploy-production` job (Ansible, one node at a time)\nin the evening change window, 22:00-23:30. `rollback-production` deploys\nan earlier release.\n",
        "docs/runbook.md": runbook("garage-access", [
            ("GarageExitHelpCalls", "More than 6 Help calls from exit lanes in 15 minutes. Usually rain or a\ndirty camera: check read confidence in the lane controller log."),
            ("GarageAccessDown", "Both nodes fail /healthz. Lane controllers fall back to OFFLINE mode\n(barriers open for every vehicle at the exit, entries queued locally)."),
        ]),
        "Cargo.toml": CARGO,
        "src/main.rs": MAIN_RS,
        "src/exit.rs": EXIT_RS,
        "src/store/entries.rs": ENTRIES_RS,
        "src/store/mod.rs": "pub mod entries;\n\n// connect(): the sqlx pool (max 16 connections per node).\n// publish_occupancy(): every 5 minutes per garage to the open data feed.\n",
        "src/paystation.rs": "//! Pay stations: the driver types the plate, we find the open entry\n//! (store::entries::find_open_entry), take the fee and set paid_until\n//! (grace_after_payment_min) so that the exit lane opens.\n",
        "src/lanes.rs": "//! POST /v1/lanes/{garage}/{lane}/reads from lanectl; remote opens and lane\n//! modes from the control room (POST /v1/lanes/{garage}/{lane}/remote-open).\n",
        "src/tariff.rs": "//! Fees from config/tariffs.toml: pence per started hour, capped at the day\n//! maximum; the Infirmary uses bands.\n",
        "src/config.rs": "//! config/garages.toml, read at start-up.\n",
        "config/garages.toml": GARAGES_TOML,
        "config/tariffs.toml": TARIFFS_TOML,
        "migrations/0013_garage_entries.sql": MIGRATION_13,
        "tests/exit_lookup.rs": EXIT_TEST,
        "deploy/ansible/deploy.yml": DEPLOY_YML,
        ".gitlab-ci.yml": GITLAB_CI,
    }
    repo.commit(utc("2026-11-23 10:12:00"), hannah, "garage-access: lane reads, entries, exit decisions, pay stations (moved from the parking monorepo)", files)
    repo.schedule(chores(random.Random(40101), SERVICE, [ines, sam], utc("2026-11-23 11:00:00"), utc("2026-11-27 17:00:00"), 2))
    repo.commit(utc("2026-11-24 11:05:00"), dawid, "db: partition garage_entries by month with pg_partman (GAR-318)\n\n31 M rows since 2019 and the nightly archive deletes took 40 minutes.\nMonthly partitions, premake 4, maintenance hourly from pg_cron; the\narchive job detaches partitions older than 13 months.", {
        "migrations/0014_partition_garage_entries.sql": MIGRATION_14,
    })
    repo.commit(utc("2026-11-24 16:20:00"), sam, "tariffs: evening flat rate at Riverside for the Christmas late openings (GAR-320)", {
        "config/tariffs.toml": repo.edit("config/tariffs.toml", "[G02]\nper_hour = 180\n", "[G02]\nper_hour = 180\n# 26 Nov - 23 Dec: entries after 17:00 pay 400 flat\nevening_flat = { from = \"17:00\", pence = 400, until = \"2026-12-23\" }\n"),
    })
    repo.commit(utc("2026-11-25 09:30:00"), bot, "build(deps): bump sqlx from 0.8.2 to 0.8.3", {
        "Cargo.toml": repo.edit("Cargo.toml", 'sqlx = { version = "0.8.2"', 'sqlx = { version = "0.8.3"'),
    })
    culprit = repo.commit(utc("2026-11-26 10:48:00"), dawid, "exit: bound the open-entry lookups so the planner prunes partitions (GAR-322)\n\nSince garage_entries is partitioned (GAR-318) find_open_entry probes\nthe open-entry index of all 17 partitions: p95 41 ms, 90 ms at the\nInfirmary's shift change. With a bound on entered_at the planner prunes\nat execution time and reads the current partition only (6 ms on\nstaging).", {
        "src/store/entries.rs": repo.edit("src/store/entries.rs",
            "      WHERE garage_id = $1 AND plate = $2 AND exited_at IS NULL\n      LIMIT 1\";",
            "      WHERE garage_id = $1 AND plate = $2 AND exited_at IS NULL\n        AND entered_at >= date_trunc('month', now())\n      LIMIT 1\";").replace(
            "        AND levenshtein(plate, $2) <= 1\n",
            "        AND entered_at >= date_trunc('month', now())\n        AND levenshtein(plate, $2) <= 1\n").replace(
            "const OPEN_ENTRY: &str",
            "// Both lookups bound entered_at so that the planner prunes garage_entries'\n// monthly partitions at execution time (GAR-322); unbounded, every\n// partition's open-entry index is probed.\nconst OPEN_ENTRY: &str"),
    })
    repo.commit(utc("2026-11-26 11:30:00"), dawid, "test: exit lookup fixtures insert into the partitioned table (GAR-322)", {
        "tests/exit_lookup.rs": repo.edit("tests/exit_lookup.rs", '"2026-11-20T18:40:00Z").await;\n    assert_eq!(exit_for(&db, "G01", "KX19FMB"',
                                          '"2026-11-20T18:40:00Z").await;\n    db.run_partman_maintenance().await;\n    assert_eq!(exit_for(&db, "G01", "KX19FMB"'),
    })
    repo.commit(utc("2026-11-26 14:05:00"), ines, "docs: lane controller fallback modes in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Lane modes\n\nThe control room sets them from the intercom console:\n\n- NORMAL: the lane decides on our answer.\n- FREE EXIT: the exit barrier opens for every vehicle; the read is still\n  posted, but an entry we cannot match stays open, so recount the\n  garage's occupancy afterwards (control room: Occupancy > Recount).\n- OFFLINE: lanectl decides alone (garage-access unreachable).\n",
    })
    repo.commit(utc("2026-11-27 14:30:00"), sam, "entries: take the newest open entry when a plate has two (GAR-324)\n\nA barrier opened by the control room leaves the entry open; when the\nvehicle came back the exit matched the old entry and charged the day\nmaximum for a 40-minute stay.", {
        "src/store/entries.rs": repo.edit("src/store/entries.rs",
            "        AND entered_at >= date_trunc('month', now())\n      LIMIT 1\";",
            "        AND entered_at >= date_trunc('month', now())\n      ORDER BY entered_at DESC\n      LIMIT 1\";"),
    })
    repo.commit(utc("2026-11-30 06:05:00"), bot, "build(deps): bump tokio from 1.41.0 to 1.41.1", {
        "Cargo.toml": repo.edit("Cargo.toml", 'tokio = { version = "1.41.0"', 'tokio = { version = "1.41.1"'),
    })
    repo.commit(utc("2026-11-30 10:20:00"), ines, "ci: clippy with -D warnings before the tests", {
        ".gitlab-ci.yml": repo.edit(".gitlab-ci.yml", "    - cargo test --locked\n", "    - rustup component add clippy\n    - cargo clippy --locked -- -D warnings\n    - cargo test --locked\n"),
    })
    repo.commit(utc("2026-11-30 14:10:00"), sam, "config: Station Road exit cameras' confidence threshold 0.80 -> 0.72 (GAR-327)\n\nThe new exit cameras at Station Road read 0.70-0.79 on wet plates and\nsent a dozen drivers an evening to Help. Vantec says 0.70 is their\nrecommended floor for the new units.", {
        "config/garages.toml": repo.edit("config/garages.toml", 'name = "Station Road"\ncapacity = 410\nlost_ticket_pence = 1400\n',
                                         'name = "Station Road"\ncapacity = 410\nlost_ticket_pence = 1400\nexit_min_confidence = 0.72\n'),
    })
    mon = repo.commit(utc("2026-11-30 15:35:00"), hannah, "exit: log the read confidence and fuzzy candidates when no open entry is found (GAR-328)\n\nSo that we can tell a misread (fuzzy candidates > 1, low confidence)\nfrom a vehicle we never saw come in.", {
        "src/exit.rs": repo.edit("src/exit.rs", "    let mut entry = entries::find_open_entry(&state.db, &garage.id, &read.plate).await?;\n    if entry.is_none() {\n        entry = fuzzy(state, garage, read).await?;\n    }\n    let Some(entry) = entry else {\n        warn!(plate = %read.plate, tariff_pence = garage.lost_ticket_pence, \"no open entry for plate, lost-ticket tariff\");",
                             "    let mut entry = entries::find_open_entry(&state.db, &garage.id, &read.plate).await?;\n    let mut candidates = 0;\n    if entry.is_none() {\n        (entry, candidates) = fuzzy(state, garage, read).await?;\n    }\n    let Some(entry) = entry else {\n        warn!(plate = %read.plate, tariff_pence = garage.lost_ticket_pence, read_confidence = read.confidence,\n              fuzzy_candidates = candidates, \"no open entry for plate, lost-ticket tariff\");").replace(
            "async fn fuzzy(state: &AppState, garage: &Garage, read: &PlateRead) -> anyhow::Result<Option<OpenEntry>> {\n    let mut near = entries::open_entries_near(&state.db, &garage.id, &read.plate).await?;\n    if near.len() != 1 {\n        return Ok(None);\n    }",
            "async fn fuzzy(state: &AppState, garage: &Garage, read: &PlateRead) -> anyhow::Result<(Option<OpenEntry>, usize)> {\n    let mut near = entries::open_entries_near(&state.db, &garage.id, &read.plate).await?;\n    if near.len() != 1 {\n        return Ok((None, near.len()));\n    }").replace(
            "    Ok(Some(entry))\n}", "    Ok((Some(entry), 1))\n}"),
    })
    fix = repo.commit(utc("2026-12-01 08:04:00"), dawid, "exit: open entries from before this month are open entries (GAR-331)\n\nGAR-322 bounded the open-entry lookups by date_trunc('month', now()):\nsince midnight every vehicle that came in in November was invisible to\nthe exit lanes and the pay stations (NO_ENTRY, lost-ticket tariff).\nBound by 45 days instead (the longest permitted stay is 30), which\nstill prunes to two or three partitions.", {
        "src/store/entries.rs": repo.edit("src/store/entries.rs", "        AND entered_at >= date_trunc('month', now())\n", "        AND entered_at >= now() - interval '45 days'\n", 2).replace(
            "// Both lookups bound entered_at so that the planner prunes garage_entries'\n// monthly partitions at execution time (GAR-322); unbounded, every\n// partition's open-entry index is probed.\n",
            "// Both lookups bound entered_at so that the planner prunes garage_entries'\n// monthly partitions at execution time (GAR-322). Not by the month: an\n// entry stays open across the month boundary (GAR-331).\n"),
        "tests/exit_lookup.rs": repo.files["tests/exit_lookup.rs"] + '\n#[tokio::test]\nasync fn entry_from_last_month_is_found() {\n    let db = TestDb::at("2026-12-01T07:30:00Z").await;\n    seed_entry(&db, "G05", "AB12CDE", "2026-11-30T19:30:00Z").await;\n    assert_eq!(exit_for(&db, "G05", "AB12CDE", 0.98).await.reason(), "permit");\n}\n',
    })
    thu = repo._git("rev-list", "-1", f"--before={int(DEPLOY_THU.timestamp())}", "HEAD")
    assert thu not in (culprit, fix)
    return repo, culprit, thu, mon, fix


# ---------------------------------------------------------------------------
# traffic

AREAS = ["YA", "YB", "YC", "YD", "YE", "YF", "YG", "YH", "YJ", "YK", "YL", "YM", "YN", "YP", "YR", "YS", "YT", "YX", "YY",
         "NA", "NB", "NC", "ND", "NE", "NG", "NH", "NJ", "NK", "NL", "NM", "NN", "NO", "NP", "NR", "NS", "NT", "NU", "NV", "NW", "NX", "NY",
         "LA", "LB", "LC", "LD", "LF", "LG", "LJ", "LK", "SN", "SV", "SW", "SX", "MA", "MF", "MX", "BD", "BF", "BG"]
LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"
AGES = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75]
CONFUSE = {"0": "O", "O": "0", "8": "B", "B": "8", "1": "I", "I": "1", "5": "S", "S": "5", "D": "0", "Q": "O", "M": "N", "N": "M"}

# (garage, arrivals from, to, vehicles, stay in minutes lo, hi (or a window of
# departure times), class, (prepay, column, autopay))
STREAMS = [
    ("G01", "2026-11-30 16:30:00", "2026-11-30 21:40:00", 260, 70, 260, "visitor", (0.45, 0.38, 0.17)),
    ("G01", "2026-11-30 19:00:00", "2026-11-30 23:30:00", 38, "2026-12-01 07:10:00", "2026-12-01 11:00:00", "visitor", (0.5, 0.35, 0.15)),
    ("G01", "2026-11-30 15:30:00", "2026-11-30 18:30:00", 24, "2026-12-01 06:45:00", "2026-12-01 09:30:00", "season", None),
    ("G01", "2026-12-01 00:00:00", "2026-12-01 01:50:00", 14, 25, 110, "visitor", (0.3, 0.6, 0.1)),
    ("G01", "2026-12-01 06:50:00", "2026-12-01 09:10:00", 160, 300, 600, "visitor", (0.45, 0.38, 0.17)),
    ("G02", "2026-11-30 17:30:00", "2026-11-30 21:00:00", 240, 140, 200, "visitor", (0.55, 0.3, 0.15)),
    ("G02", "2026-12-01 07:30:00", "2026-12-01 09:10:00", 90, 100, 420, "visitor", (0.5, 0.35, 0.15)),
    ("G03", "2026-11-26 06:00:00", "2026-11-30 20:00:00", 220, 900, 5760, "visitor", (0.35, 0.35, 0.3)),
    ("G03", "2026-11-30 06:00:00", "2026-11-30 09:30:00", 190, 700, 1000, "visitor", (0.35, 0.35, 0.3)),
    ("G03", "2026-12-01 05:40:00", "2026-12-01 09:10:00", 170, 520, 660, "visitor", (0.35, 0.35, 0.3)),
    ("G04", "2026-11-30 17:30:00", "2026-11-30 21:30:00", 110, 60, 280, "visitor", (0.5, 0.4, 0.1)),
    ("G04", "2026-11-30 19:30:00", "2026-11-30 23:00:00", 14, "2026-12-01 07:30:00", "2026-12-01 10:00:00", "visitor", (0.5, 0.4, 0.1)),
    ("G04", "2026-12-01 07:30:00", "2026-12-01 09:10:00", 60, 50, 300, "visitor", (0.5, 0.4, 0.1)),
    ("G05", "2026-11-30 13:30:00", "2026-11-30 14:00:00", 62, 510, 545, "staff", None),
    ("G05", "2026-11-30 15:30:00", "2026-11-30 16:00:00", 15, 495, 520, "staff", None),
    ("G05", "2026-11-30 19:05:00", "2026-11-30 19:45:00", 236, "2026-12-01 07:08:00", "2026-12-01 08:20:00", "staff", None),
    ("G05", "2026-11-30 17:30:00", "2026-11-30 20:15:00", 95, 45, 150, "visitor", (0.7, 0.3, 0.0)),
    ("G05", "2026-11-30 20:00:00", "2026-12-01 09:10:00", 120, 50, 380, "visitor", (0.7, 0.3, 0.0)),
    ("G05", "2026-12-01 06:35:00", "2026-12-01 08:30:00", 385, 500, 600, "staff", None),
    ("G05", "2026-12-01 07:45:00", "2026-12-01 09:10:00", 110, 60, 180, "visitor", (0.7, 0.3, 0.0)),
    ("G06", "2026-11-30 17:00:00", "2026-11-30 23:30:00", 120, "2026-12-01 06:25:00", "2026-12-01 09:40:00", "season", None),
    ("G06", "2026-11-30 21:00:00", "2026-12-01 01:00:00", 18, 30, 180, "visitor", (0.0, 0.8, 0.2)),
    ("G06", "2026-12-01 07:00:00", "2026-12-01 09:10:00", 14, 30, 200, "visitor", (0.0, 0.8, 0.2)),
]


def version_at(t, shas):
    """(release, sha, GAR-328 fields on the no-entry line, Station Road threshold, month bound)."""
    cur = ("2026.11.26-1", shas["thu"], False, 0.80, True)
    for when, v in ((RELEASE, ("2026.11.30-1", shas["mon"], True, 0.72, True)),
                    (ROLLBACK, ("2026.11.26-1", shas["thu"], False, 0.80, True)),
                    (FIX, ("2026.12.01-1", shas["fix"], True, 0.72, False))):
        if t >= when + READY:
            cur = v
    return cur


def tracing(t, level, spans, target, msg, **fields):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    f = "".join(f" {k}={v}" for k, v in fields.items())
    return f"{stamp} {level:>5} {spans}{target}: {msg}{f}"


def syslog(t, host, tag, pid, msg):
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}"


def build_logs(rng, shas):
    nodes = {"ga-app-01": Log("garage-access-01.log"), "ga-app-02": Log("garage-access-02.log")}
    lane_log, cr, pg, gitlab, chat = (Log("lanectl.log"), Log("control-room.log"), Log("postgresql.log"),
                                      Log("gitlab-deploy.log"), Log("chat.log"))
    stats = {"open": [], "no_entry_bug": [], "no_entry": [], "help": [], "lost_paid": [], "calls": {g: [] for g in GARAGES},
             "ps_fail": [], "refused": [], "free": [], "answered": [], "bug_g": [], "late_ok": []}
    lane_pids = {}

    def app(t, level, spans, target, msg, node=None, **fields):
        if START <= t < END:
            node = node or rng.choice(list(nodes))
            nodes[node].add(t, tracing(t, level, spans, target, msg, **fields))

    def lane(t, garage, ln, msg):
        if START <= t < END:
            host = f"{garage.lower()}-{ln.lower()}"
            pid = lane_pids.setdefault(host, rng.randint(900, 4200))
            lane_log.add(t, syslog(t, host, "lanectl", pid, msg))

    def crev(t, **f):
        if START <= t < END:
            body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"}
            body.update(f)
            cr.add(t, json.dumps(body, separators=(",", ":")))

    used = set()

    def plate():
        while True:
            p = f"{rng.choice(AREAS)}{rng.choice(AGES):02d}{''.join(rng.choice(LETTERS) for _ in range(3))}"
            if p not in used:
                used.add(p)
                return p

    def misread(p):
        idx = [i for i, c in enumerate(p) if c in CONFUSE]
        if not idx:
            i = rng.randint(4, 6)
            return p[:i] + rng.choice([c for c in LETTERS if c != p[i]]) + p[i + 1:]
        i = rng.choice(idx)
        return p[:i] + CONFUSE[p[i]] + p[i + 1:]

    def fee(g, stay_min, arr=None):
        if g == "G02" and arr is not None and arr.hour >= 17:
            return 400  # GAR-320: the Christmas evening flat rate
        if g == "G05":
            return 250 if stay_min <= 120 else 450 if stay_min <= 240 else 700
        return min(GARAGES[g][4], GARAGES[g][6] * max(1, math.ceil(stay_min / 60)))

    # --- vehicles
    vehicles = []
    eid = 88114000
    for g, a, b, n, lo, hi, cls, mix in STREAMS:
        a, b = utc(a), utc(b)
        for _ in range(n):
            arr = a + dt.timedelta(seconds=rng.uniform(0, (b - a).total_seconds()))
            if isinstance(lo, str):
                d0, d1 = utc(lo), utc(hi)
                dep = d0 + dt.timedelta(seconds=rng.triangular(0, (d1 - d0).total_seconds(), (d1 - d0).total_seconds() * 0.35))
            else:
                dep = arr + dt.timedelta(minutes=rng.triangular(lo, hi, lo + (hi - lo) * 0.45))
            pay = None
            if cls == "visitor":
                pay = rng.choices(["prepay", "column", "autopay"], mix)[0]
            eid += rng.randint(1, 3)
            vehicles.append({"g": g, "arr": arr, "dep": dep, "cls": cls, "pay": pay, "plate": plate(), "eid": eid, "refused": False})
    vehicles.sort(key=lambda v: v["arr"])
    for i, v in enumerate(vehicles):
        v["eid"] = 88114000 + i * 2 + rng.randint(0, 1)

    occ = {g: GARAGES[g][7] for g in GARAGES}       # open entries as garage-access counts them
    present = {g: GARAGES[g][7] for g in GARAGES}   # vehicles actually inside
    for v in vehicles:
        if v["arr"] < START <= v["dep"]:
            occ[v["g"]] += 1
            present[v["g"]] += 1

    events = []
    for v in vehicles:
        if START <= v["arr"] < END:
            events.append((v["arr"], 0, "entry", v))
        if START <= v["dep"] < END:
            events.append((v["dep"], 2, "exit", v))
            if v["pay"] == "prepay":
                events.append((v["dep"] - dt.timedelta(minutes=rng.uniform(3, 16)), 1, "ps", v))
    t = START + dt.timedelta(seconds=rng.uniform(5, 40))
    while t < END:
        events.append((t, 3, "occupancy", None))
        t += dt.timedelta(minutes=5)
    for g, when in RECOUNT.items():
        events.append((when, 4, "recount", g))
    events.sort(key=lambda e: (e[0], e[1]))

    help_calls = []

    def findable(v, t):
        ver = version_at(t, shas)
        month_start = MONTH if t >= MONTH else NOV
        return not (ver[4] and v["arr"] < month_start)

    def spans_for(g, ln, kind):
        return f"lane_event{{garage={g} lane={ln} kind={kind}}}: "

    def exit_mode(g, t):
        w = FREE_EXIT.get(g)
        return "free_exit" if w and w[0] <= t < w[1] else "normal"

    for t, _, kind, v in events:
        if kind == "occupancy":
            for g in GARAGES:
                cap = GARAGES[g][1]
                app(t + dt.timedelta(milliseconds=rng.randint(2, 40)), "INFO", "", "garage_access::occupancy", "occupancy published",
                    node="ga-app-01", garage=g, occupied=occ[g], capacity=cap, spaces=max(0, cap - occ[g]))
            continue
        if kind == "recount":
            g = v
            crev(t, site=g, event="occupancy.recount", operator="cr-op1", counted=present[g], was=occ[g])
            app(t + dt.timedelta(milliseconds=300), "WARN", "", "garage_access::occupancy", "occupancy reset by control room", garage=g, occupied=present[g], was=occ[g], operator="cr-op1")
            occ[g] = present[g]
            continue
        g = v["g"]
        name, cap, nlanes, xlanes, lost, stations, _, _ = GARAGES[g]
        if kind == "entry":
            ln = rng.choice(nlanes)
            conf = round(rng.uniform(0.86, 0.995), 2)
            if g == "G05" and v["cls"] == "visitor" and occ[g] >= cap:
                v["refused"] = True
                stats["refused"].append(t)
                app(t + dt.timedelta(milliseconds=rng.randint(8, 30)), "WARN", spans_for(g, ln, "entry"), "garage_access::entry", "car park full, entry refused",
                    plate=v["plate"], occupied=occ[g], capacity=cap)
                lane(t + dt.timedelta(milliseconds=rng.randint(60, 120)), g, ln, f"ENTRY {v['plate']} conf={conf:.2f} -> FULL (display \"CAR PARK FULL - PERMIT HOLDERS ONLY\")")
                continue
            occ[g] += 1
            present[g] += 1
            cls = {"visitor": "visitor", "staff": "permit", "season": "permit"}[v["cls"]]
            app(t + dt.timedelta(milliseconds=rng.randint(8, 30)), "INFO", spans_for(g, ln, "entry"), "garage_access::entry", "entry recorded",
                plate=v["plate"], entry_id=v["eid"], **{"class": cls})
            lane(t + dt.timedelta(milliseconds=rng.randint(60, 120)), g, ln, f"ENTRY {v['plate']} conf={conf:.2f} -> OPEN")
            continue
        if v["refused"]:
            continue
        stay = (v["dep"] - v["arr"]).total_seconds() / 60
        if kind == "ps":
            st = rng.choice(stations) if stations else None
            if not st:
                continue
            sp = f"paystation{{garage={g} station={st}}}: "
            if findable(v, t) and rng.random() > 0.004:
                amount = fee(g, stay + 10, v["arr"])
                v["prepaid"] = True
                app(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "INFO", sp, "garage_access::paystation", "ticketless payment",
                    plate=v["plate"], entry_id=v["eid"], amount_pence=amount, paid_until=(t + dt.timedelta(minutes=15)).strftime("%H:%M"))
            else:
                if not findable(v, t):
                    stats["ps_fail"].append(t)
                app(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "WARN", sp, "garage_access::paystation", "pay station lookup found no open entry", plate=v["plate"])
            continue
        # the exit
        ver = version_at(t, shas)
        ln = rng.choice(xlanes)
        thr = ver[3] if g == "G03" else 0.80
        if g == "G03":
            conf = round(rng.uniform(0.66, 0.99), 2) if rng.random() < 0.2 else round(rng.uniform(0.84, 0.995), 2)
        else:
            conf = round(rng.uniform(0.60, 0.79), 2) if rng.random() < 0.006 else round(rng.uniform(0.85, 0.995), 2)
        sp = spans_for(g, ln, "exit")
        t1 = t + dt.timedelta(milliseconds=rng.randint(6, 25))
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(40, 110))
        mode = exit_mode(g, t)
        if conf < thr:
            app(t1, "WARN", sp, "garage_access::exit", "plate read below confidence threshold, sending to help",
                plate=v["plate"], confidence=f"{conf:.2f}", threshold=f"{thr:.2f}")
            lane(t2, g, ln, f"EXIT {v['plate']} conf={conf:.2f} -> HELP (low confidence)")
            help_calls.append((t2 + dt.timedelta(seconds=rng.uniform(4, 15)), g, ln, v["plate"], "LOW_CONFIDENCE"))
            present[g] -= 1
            continue
        read = misread(v["plate"]) if rng.random() < 0.03 else v["plate"]
        found = findable(v, t) and rng.random() > 0.004
        if found:
            if read != v["plate"]:
                app(t1, "INFO", sp, "garage_access::exit", "open entry matched on a fuzzy read", plate=read, entry_plate=v["plate"], distance=1)
            if v["cls"] in ("staff", "season"):
                decision, pence = "permit", 0
            elif v.get("prepaid"):
                decision, pence = "prepaid", 0
            elif v["pay"] == "autopay":
                decision, pence = "autopay", fee(g, stay, v["arr"])
            else:
                decision, pence = "pay", fee(g, stay, v["arr"])
            app(t1 + dt.timedelta(milliseconds=2), "INFO", sp, "garage_access::exit", "exit decided",
                plate=read, entry_id=v["eid"], stay_min=int(stay), decision=decision, fee_pence=pence)
            occ[g] -= 1
            present[g] -= 1
            stats["open"].append(t)
            if v["arr"] < MONTH <= t:
                stats["late_ok"].append((t, g, ln, v["arr"]))
            if decision == "pay":
                lane(t2, g, ln, f"EXIT {read} conf={conf:.2f} -> PAY {pence}p")
                tp = t2 + dt.timedelta(seconds=rng.uniform(9, 30))
                app(tp, "INFO", spans_for(g, ln, "payment"), "garage_access::payments", "exit payment captured",
                    plate=read, entry_id=v["eid"], amount_pence=pence, tariff="standard", psp_ref=f"ADY{rng.randint(10**12, 10**13 - 1)}")
                lane(tp + dt.timedelta(milliseconds=rng.randint(200, 600)), g, ln, f"card {pence}p approved, barrier open")
            else:
                lane(t2, g, ln, f"EXIT {read} conf={conf:.2f} -> OPEN ({decision})")
            continue
        # no open entry
        bug = not findable(v, t)
        (stats["no_entry_bug"] if bug else stats["no_entry"]).append(t)
        if bug:
            stats["bug_g"].append((t, g, v["plate"], v["arr"]))
        n_near = rng.choice([0, 0, 0, 2]) if not bug else 0
        if ver[2]:
            app(t1, "WARN", sp, "garage_access::exit", "no open entry for plate, lost-ticket tariff",
                plate=read, tariff_pence=lost, read_confidence=f"{conf:.2f}", fuzzy_candidates=n_near)
        else:
            app(t1, "WARN", sp, "garage_access::exit", "no open entry for plate, lost-ticket tariff", plate=read, tariff_pence=lost)
        present[g] -= 1
        if mode == "free_exit":
            stats["free"].append(t)
            lane(t2, g, ln, f"EXIT {read} conf={conf:.2f} -> NO_ENTRY, FREE EXIT mode: barrier open")
            continue
        lane(t2, g, ln, f"EXIT {read} conf={conf:.2f} -> NO_ENTRY (display \"VEHICLE NOT RECOGNISED - PAY {lost / 100:.2f} OR PRESS HELP\")")
        if rng.random() < (0.3 if v["cls"] == "visitor" else 0.08):
            tp = t2 + dt.timedelta(seconds=rng.uniform(25, 70))
            stats["lost_paid"].append(tp)
            app(tp, "INFO", spans_for(g, ln, "payment"), "garage_access::payments", "exit payment captured",
                plate=read, entry_id="-", amount_pence=lost, tariff="lost_ticket", psp_ref=f"ADY{rng.randint(10**12, 10**13 - 1)}")
            lane(tp + dt.timedelta(milliseconds=rng.randint(200, 600)), g, ln, f"card {lost}p approved, barrier open")
        else:
            help_calls.append((t2 + dt.timedelta(seconds=rng.uniform(5, 25)), g, ln, read, "NO_ENTRY"))

    # --- the control room answers Help calls: two operators at night, three from 06:00
    help_calls.sort()
    free_at = [START, START]
    added_third = False
    ops = ["cr-op1", "cr-op2", "cr-op3"]
    for t, g, ln, pl, reason in help_calls:
        if t >= utc("2026-12-01 06:00:00") and not added_third:
            free_at.append(utc("2026-12-01 06:00:00"))
            added_third = True
        k = min(range(len(free_at)), key=lambda i: free_at[i])
        answered = max(t + dt.timedelta(seconds=rng.uniform(6, 18)), free_at[k])
        opened = answered + dt.timedelta(seconds=rng.uniform(35, 95))
        free_at[k] = opened + dt.timedelta(seconds=rng.uniform(5, 20))
        op = ops[k]
        call = f"{g}-{ln}-HELP"
        stats["help"].append(t)
        stats["answered"].append((t, answered))
        stats["calls"][g].append(t)
        lane(t, g, ln, "HELP pressed, call placed to control room")
        crev(t, site=g, device=call, event="call.queued")
        crev(answered, site=g, device=call, event="call.answered", operator=op, wait_s=int((answered - t).total_seconds()))
        note = {"NO_ENTRY": "vehicle not recognised", "LOW_CONFIDENCE": "camera could not read plate"}[reason]
        crev(opened, site=g, device=call, event="barrier.open", operator=op, reason=reason, plate=pl, note=note)
        app(opened + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", spans_for(g, ln, "remote_open"), "garage_access::lanes",
            "barrier opened by control room", operator=op, reason=reason, plate=pl)
        lane(opened + dt.timedelta(milliseconds=rng.randint(200, 500)), g, ln, f"barrier opened by control room ({op})")

    for g, (a, b) in FREE_EXIT.items():
        for ln in GARAGES[g][3]:
            for when, mode in ((a, "FREE_EXIT"), (b, "NORMAL")):
                w = when + dt.timedelta(seconds=rng.uniform(0, 20))
                crev(w, site=g, device=f"{g}-{ln}", event="lane.mode", operator="cr-op1", mode=mode)
                app(w + dt.timedelta(milliseconds=rng.randint(30, 90)), "WARN", f"lane_event{{garage={g} lane={ln} kind=mode}}: ", "garage_access::lanes",
                    "lane mode changed by control room", mode=mode.lower(), operator="cr-op1")
                lane(w + dt.timedelta(milliseconds=rng.randint(200, 400)), g, ln, f"mode {mode} set by control room")

    # --- PostgreSQL: checkpoints, pg_cron's partman maintenance, autovacuum, connections at deploys
    def pgl(t, pid, level, msg, who=None):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
            pg.add(t, f"{stamp} [{pid}] {who + ' ' if who else ''}{level}:  {msg}")

    t = utc("2026-11-30 21:52:41")
    while t < END:
        pgl(t, 1187, "LOG", "checkpoint starting: time")
        d = dt.timedelta(seconds=rng.uniform(60, 170))
        pgl(t + d, 1187, "LOG", f"checkpoint complete: wrote {rng.randint(300, 4200)} buffers ({rng.uniform(0.2, 2.4):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={d.total_seconds() - 0.4:.3f} s, sync=0.{rng.randint(10, 90):03d} s, total={d.total_seconds():.3f} s; sync files={rng.randint(20, 90)}, longest=0.0{rng.randint(10, 60)} s, average=0.001 s; distance={rng.randint(2000, 40000)} kB, estimate={rng.randint(20000, 40000)} kB; lsn=4F/{hexid(rng, 8).upper()}, redo lsn=4F/{hexid(rng, 8).upper()}")
        t += dt.timedelta(minutes=5)
    t = utc("2026-11-30 22:00:00")
    while t < END:
        pid = rng.randint(300000, 399999)
        pgl(t + dt.timedelta(milliseconds=rng.randint(3, 40)), 1204, "LOG", "cron job 1 starting: CALL partman.run_maintenance_proc()")
        pgl(t + dt.timedelta(seconds=rng.uniform(1.2, 3.5)), pid, "LOG", "cron job 1 COMMAND completed: CALL", who="postgres@parking")
        t += dt.timedelta(hours=1)
    for w in poisson_times(rng, START, END, 1 / 40):
        part = "garage_entries_p20261201" if w >= MONTH else "garage_entries_p20261101"
        pgl(w, rng.randint(300000, 399999), "LOG", f'automatic vacuum of table "parking.public.{part}": index scans: 1\n\tpages: 0 removed, {rng.randint(2000, 42000)} remain, {rng.randint(100, 900)} scanned\n\ttuples: {rng.randint(200, 3000)} removed, {rng.randint(10000, 900000)} remain, 0 are dead but not yet removable')
    for w in poisson_times(rng, START, END, 1 / 70):
        pgl(w, rng.randint(300000, 399999), "LOG", f"duration: {rng.randint(1020, 2600)}.{rng.randint(100, 999)} ms  statement: SELECT garage_id, date_trunc('hour', entered_at) AS h, count(*) FROM garage_entries WHERE entered_at >= $1 GROUP BY 1, 2", who="opendata_ro@parking")

    # --- deploys: GitLab job traces with Ansible output, and the start-up lines on each node
    def gl(t, text, stream="00O"):
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def start_node(t, node, version, sha, thr):
        app(t, "INFO", "", "garage_access", "shutdown signal received, draining lane connections", node=node)
        t2 = t + dt.timedelta(seconds=rng.uniform(2.5, 4.0))
        app(t2, "INFO", "", "garage_access", "starting garage-access", node=node, version=version, commit=sha[:12], listen="0.0.0.0:8443")
        app(t2 + dt.timedelta(milliseconds=rng.randint(5, 20)), "INFO", "", "garage_access::config", "loaded garages", node=node, garages=6, lanes=16, exit_min_confidence_g03=f"{thr:.2f}")
        pgl(t2 + dt.timedelta(milliseconds=rng.randint(40, 90)), rng.randint(300000, 399999), "LOG", "connection authorized: user=garage_access database=parking application_name=garage-access SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", who="garage_access@parking")
        app(t2 + dt.timedelta(milliseconds=rng.randint(110, 200)), "INFO", "", "garage_access::store", "database pool ready", node=node, max_connections=16)
        app(t2 + dt.timedelta(milliseconds=rng.randint(210, 260)), "INFO", "", "garage_access::lanes", "listening for lane controllers", node=node, addr="0.0.0.0:8443")
        return t2

    def job(t, name, job_id, sha, subject, version, who, thr, rel_sha):
        seq = [(0.0, "Running with gitlab-runner 17.6.0 (374d34fd)"), (0.1, "  on shared-runner-ops-1 gK7xQ2pZ, system ID: s_8f2d7c11a9e0"),
               (2.0, "Preparing the \"docker\" executor"), (6.4, "Using docker image registry.aldermoor.gov.uk/platform/ansible:9 ..."),
               (9.1, f"Fetching changes with git depth set to 20..."), (10.3, f"Checking out {sha[:8]} as detached HEAD (ref is main)..."),
               (10.4, f"Skipping Git submodules setup"), (11.0, f"Executing \"step_script\" stage of the job script"),
               (11.3, f"$ ansible-playbook -i deploy/inventories/production deploy/ansible/deploy.yml -e garage_access_version={version}"),
               (12.8, ""), (12.9, "PLAY [garage_access] ***********************************************************")]
        for s, text in seq:
            gl(t + dt.timedelta(seconds=s), text)
        gl(t + dt.timedelta(seconds=11.1), "$ echo \"$CI_JOB_NAME: $RELEASE$ROLLBACK_TO from $CI_COMMIT_SHORT_SHA, requested by $GITLAB_USER_NAME\"")
        gl(t + dt.timedelta(seconds=11.15), f"{name}: {version} from {sha[:8]}, requested by {who} (job {job_id})")
        cur = t + dt.timedelta(seconds=13)
        for node in ("ga-app-01", "ga-app-02"):
            for task, res in (("Gathering Facts", "ok"), ("garage_access : Download release " + version, "changed"),
                              ("garage_access : Install /opt/garage-access/releases/" + version, "changed"),
                              ("garage_access : Render /etc/garage-access/garages.toml", "changed"),
                              ("garage_access : Restart garage-access", "changed"), ("Wait for /healthz", "ok")):
                gl(cur, f"TASK [{task}] " + "*" * max(3, 60 - len(task)))
                if task.endswith("Restart garage-access"):
                    up = start_node(cur + dt.timedelta(seconds=0.6), node, version, rel_sha, thr)
                    cur = up + dt.timedelta(seconds=1.2)
                else:
                    cur += dt.timedelta(seconds=rng.uniform(0.8, 2.6))
                gl(cur, f"{res}: [{node}]")
                cur += dt.timedelta(seconds=0.1)
        gl(cur + dt.timedelta(seconds=0.2), "PLAY RECAP *********************************************************************")
        gl(cur + dt.timedelta(seconds=0.3), "ga-app-01                  : ok=6    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        gl(cur + dt.timedelta(seconds=0.3), "ga-app-02                  : ok=6    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        gl(cur + dt.timedelta(seconds=1.5), "Cleaning up project directory and file based variables")
        gl(cur + dt.timedelta(seconds=2.0), "Job succeeded")

    job(RELEASE - dt.timedelta(seconds=13), "deploy-production", 418806, shas["mon"], "exit: log the read confidence and fuzzy candidates when no open entry is found (GAR-328)", "2026.11.30-1", "Sam Reid", 0.72, shas["mon"])
    job(ROLLBACK - dt.timedelta(seconds=13), "rollback-production", 418871, shas["mon"], "exit: log the read confidence and fuzzy candidates when no open entry is found (GAR-328)", "2026.11.26-1", "Sam Reid", 0.80, shas["thu"])
    job(FIX - dt.timedelta(seconds=13), "deploy-production", 419102, shas["fix"], "exit: open entries from before this month are open entries (GAR-331)", "2026.12.01-1", "Hannah Okafor", 0.72, shas["fix"])

    # --- #parking-systems
    def say(stamp, who, text):
        w = utc(stamp)
        chat.add(w, f"[{w.strftime('%Y-%m-%d %H:%M:%S')}] {who}: {text}")

    def count(series, a, b):
        return sum(1 for x in series if utc(a) <= x < utc(b))

    bugs = stats["no_entry_bug"]
    onset = min(bugs + stats["ps_fail"])
    say("2026-11-30 22:58:10", "Sam Reid", "evening change window: deploying 2026.11.30-1 at ~23:20 (GAR-327 Station Road threshold 0.72, GAR-328 confidence + fuzzy candidates on the no-entry line, GAR-324 newest open entry). CHG-20417")
    say("2026-11-30 23:29:40", "Sam Reid", "2026.11.30-1 out on both nodes, lanes reconnected. done for tonight")
    def calls(a, b, site=None):
        return sum(1 for x in stats["help"] if utc(a) <= x < utc(b)) if site is None else count(stats["calls"][site], a, b)

    def waiting(at):
        w = utc(at)
        return sum(1 for q, ans in stats["answered"] if q <= w < ans)

    say("2026-12-01 00:38:20", "Control Room (Lee Parfitt)", f"unusual number of NOT RECOGNISED help calls since midnight, Castle St, Station Rd, Market Sq, Infirmary, {calls('2026-12-01 00:00:00', '2026-12-01 00:38:00')} so far. drivers all say they came in this evening. opening them. anything changed?")
    say("2026-12-01 00:44:05", "Sam Reid", "looking. there was a release at 23:25")
    say("2026-12-01 00:51:30", "Sam Reid", "'no open entry for plate' with read_confidence 0.9+ and fuzzy_candidates=0, so the cameras read them fine. GAR-324 touched find_open_entry (ORDER BY). rolling back to 2026.11.26-1 to be safe")
    say("2026-12-01 01:03:15", "Sam Reid", "rollback done, 2026.11.26-1 on both nodes")
    say("2026-12-01 01:41:50", "Control Room (Lee Parfitt)", f"{calls('2026-12-01 01:01:00', '2026-12-01 01:41:00')} more help calls since 01:00, same thing. quieter now")
    say("2026-12-01 01:52:30", "Sam Reid", "same line (old wording now). plates look right. can't see it tonight and there's almost no traffic. CR please keep opening manually, I'll pick it up with Hannah and Dawid at 8. leaving 2026.11.26-1 in")
    say("2026-12-01 06:58:40", "Control Room (Dave Osei)", f"Northgate X1 every resident NOT RECOGNISED this morning, {calls('2026-12-01 06:25:00', '2026-12-01 06:58:00', 'G06')} calls since 06:30. season holders")
    say("2026-12-01 07:22:40", "Control Room (Dave Osei)", f"Infirmary X1/X2 same, every car NOT RECOGNISED, night staff leaving. queue back down the ramp to level 2, {waiting('2026-12-01 07:22:40')} calls waiting")
    say("2026-12-01 07:23:25", "Hannah Okafor", "on it. Sam's notes from the night say the rollback didn't change anything")
    say("2026-12-01 07:24:05", "Control Room (Dave Osei)", "putting Infirmary X1 X2 in FREE EXIT, runbook says recount after")
    say("2026-12-01 07:31:40", "Control Room (Dave Osei)", "Northgate X1 FREE EXIT too")
    ex = [b for b in stats["bug_g"] if b[1] == "G05" and b[0] < utc("2026-12-01 07:30:00") and b[3] > utc("2026-11-30 19:00:00")][-1]
    say("2026-12-01 07:33:20", "Hannah Okafor", f"the plates are in garage_entries, exited_at null. e.g. {ex[2]} entered G05 yesterday {ex[3].strftime('%H:%M')}, NO_ENTRY at {ex[0].strftime('%H:%M')}. so the entry is there and find_open_entry says no")
    say("2026-12-01 07:36:05", "Sam Reid", "it started at midnight. nothing before 00:00 except the usual misreads")
    say("2026-12-01 07:41:40", "Dawid Nowak", "midnight = new month. GAR-322 (mine, Thursday): both open-entry queries have entered_at >= date_trunc('month', now()) so the planner prunes to the current partition. since 00:00 that's 1 December, every car that came in in November is invisible to the exits and the pay stations. sorry")
    say("2026-12-01 07:43:15", "Hannah Okafor", "and it went out Thursday 22:12 in 2026.11.26-1, which is what Sam rolled back to. ok: fix forward, emergency change")
    say("2026-12-01 07:56:30", "Estates (Infirmary)", "the Infirmary approach sign says FULL and visitors are being turned away at N1/N2. the car park is half empty?")
    say("2026-12-01 07:58:05", "Hannah Okafor", "occupancy is open entries; nothing has been closed since midnight. CR: recount G05 and G06 once the fix is in")
    say("2026-12-01 08:05:20", "Dawid Nowak", "GAR-331: bound by now() - interval '45 days' instead (still prunes to 2-3 partitions). test for an entry from the previous month. MR !212")
    say("2026-12-01 08:14:10", "Hannah Okafor", "approved, CHG-20421 emergency. deploying 2026.12.01-1")
    ok1 = [x for x in stats["late_ok"] if x[0] > FIX + READY and x[1] not in FREE_EXIT][0]
    say("2026-12-01 08:24:30", "Hannah Okafor", f"2026.12.01-1 on both nodes. {GARAGES[ok1[1]][0]} {ok1[2]} just opened for a car that came in at {ok1[3].strftime('%H:%M')} yesterday")
    say("2026-12-01 08:34:00", "Control Room (Dave Osei)", "Infirmary and Northgate back to NORMAL, exits opening")
    say("2026-12-01 08:49:30", "Control Room (Dave Osei)", "recount done G05 and G06. Infirmary FULL sign off")
    lp = len([x for x in stats["lost_paid"] if x >= MONTH])
    say("2026-12-01 08:56:45", "Hannah Okafor", f"{lp} lost-ticket tariffs taken since midnight from cars with an entry. finance will refund from the list. the 23:25 release goes back in tonight's window. postmortem: GAR-322 reviewed as a perf change, nobody thought about the month boundary")
    return list(nodes.values()) + [lane_log, cr, pg, gitlab, chat], stats, onset


def build(out_dir):
    rng = random.Random(40100)
    repo, culprit, thu, mon, fix = build_repo()
    try:
        shas = {"thu": thu, "mon": mon, "fix": fix}
        logs, stats, onset = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert MONTH <= onset <= utc("2026-12-01 00:12:00"), onset
        assert not [x for x in stats["no_entry_bug"] if x < MONTH or x > FIX + READY], "bug outside its window"

        def per_min(series, minutes=1):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        mrng = random.Random(40102)

        def p95(t):
            if t < DEPLOY_TUE + READY:
                base = 0.009
            elif t < DEPLOY_THU + READY:
                base = 0.041
            else:
                base = 0.006
            h = t.hour + t.minute / 60
            busy = 1.0 + (0.9 if 7 <= h < 8.5 else 0.4 if 17 <= h < 19 else 0.0)
            return round(base * busy * mrng.uniform(0.85, 1.15), 4)

        no_entry_all = sorted(stats["no_entry_bug"] + stats["no_entry"])
        metrics = {
            "garage_exit_decisions.json": query_range([
                ({"__name__": "garage_exit_decisions:rate1m", "decision": "open"}, per_min(stats["open"])),
                ({"__name__": "garage_exit_decisions:rate1m", "decision": "no_entry"}, per_min(no_entry_all)),
            ], START, END, 60),
            "garage_help_calls.json": query_range([
                ({"__name__": "intercom_calls:increase15m", "site": g}, per_min(stats["calls"][g], 15)) for g in GARAGES
            ], START, END, 300),
            "garage_exit_lookup_p95_7d.json": query_range([
                ({"__name__": "histogram_quantile", "quantile": "0.95", "handler": "exit_decide", "job": "garage-access"}, p95),
            ], utc("2026-11-23 12:00:00"), END, 900),
        }
        hours = (onset - utc("2026-11-26 10:48:00")).total_seconds() / 3600
        thu_subject = 'a later commit, "' + repo._git("show", "-s", "--format=%s", thu) + '"'
        n_bug = len(stats["no_entry_bug"])
        n_calls = len([x for x in stats["help"] if x >= MONTH])
        return write_scenario(
            out_dir, name="r40-open-entry-month-prune", service=SERVICE, onset=onset,
            description=f"""
Aldermoor City Council's car parks stop recognising parked cars at the
exit barriers after midnight on Monday 30 November: from {onset.strftime('%H:%M:%S')} UTC
every car that came in before midnight gets "vehicle not recognised - pay
the lost ticket tariff or press Help" at the exit and "not found" at the
pay stations, first the evening's drivers at Castle Street, Market
Square, Station Road and the Infirmary's late shift, then from 06:30 Northgate's residents and from 07:10 the
Infirmary's night staff ({n_bug} exits in all, {n_calls} Help calls, queues down
the Infirmary's ramp, exits in FREE EXIT, the Infirmary counting itself
full and turning visitors away). An evening release (23:25) was rolled
back at 00:59 without effect. A fix released at 08:21 ends it.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "garage-access-01.log": r'<Time>\s+<Level> <Content>',
                "garage-access-02.log": r'<Time>\s+<Level> <Content>',
            },
            root_cause=[
                r"no open entry for plate",
                r"pay station lookup found no open entry",
            ],
            fix_files=["src/store/entries.rs"],
            explanation=f"""
The culprit is GAR-322 ("exit: bound the open-entry lookups so the
planner prunes partitions"), committed on Thursday 26 November at 10:48
UTC and released in that evening's change window (22:12, as
2026.11.26-1, whose start lines name {thu_subject}),
{hours:.1f} hours before the onset. Both open-entry queries in
src/store/entries.rs (the exact plate and the fuzzy one) gained
`AND entered_at >= date_trunc('month', now())` so that PostgreSQL prunes
garage_entries' monthly partitions (GAR-318) at execution time. Through
November every open entry is in the current month and only the lookup's
p95 changes (41 ms -> 6 ms). At 00:00 on 1 December the bound becomes
1 December: every vehicle that entered before midnight has no open
entry for the exit lanes and the pay stations, so the exit asks for the
lost-ticket tariff or sends the driver to Help, while vehicles that came
in after midnight leave normally. The fix (GAR-331, released at 08:21)
bounds the lookups by `now() - interval '45 days'` in the same file.
Decoys: the 23:25 release in Monday's change window, {round((onset - RELEASE).total_seconds() / 60)} minutes before the
onset (GAR-327: Station Road's exit confidence threshold 0.80 -> 0.72
in config/garages.toml; GAR-328, which adds the read confidence and the
fuzzy candidates to the very "no open entry for plate" line; GAR-324, a
harmless ORDER BY in the culprit's own query), rolled back at 00:59
without effect (the line loses its new fields, the failures go on);
pg_cron's hourly partman maintenance at midnight; the sqlx and tokio
bumps; the partitioning migration itself (GAR-318), which only made the
lookup slower; the docs, CI, test and tariff commits; the usual misreads
(fuzzy matches, lone no-entry lines, low-confidence reads at Station
Road); and the Infirmary's FULL refusals, which follow from exits that
close no entry.
""",
        )
    finally:
        repo.close()
