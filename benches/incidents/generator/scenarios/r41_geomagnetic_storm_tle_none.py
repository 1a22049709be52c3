"""contact-planner (Rust, tokio, reqwest and the sgp4 crate; a systemd
service on two ground-segment VMs, gs-ops-01 active and gs-ops-02 standby,
released with an Ansible playbook; team in Toulouse and Boulder) of Nimbra
Space, an Earth-observation company with sixteen satellites (NB-01 to
NB-16) in a 510 km sun-synchronous orbit. It fetches the satellites'
element sets from Space-Track every four hours (a systemd timer) and at
start-up, predicts passes over the stations of Tundra Ground Network
(TGN: Svalbard, Tromsø, Inuvik, Punta Arenas, Awarua, Hartebeesthoek),
books contacts 24-48 h ahead through TGN's API and uploads each new TLE
to TGN, whose antennas program-track the satellites from the newest
ephemeris uploaded for them; TGN posts contact events and a report after
each pass. The downlinked data goes to downlink-ingest (the data team's);
flight dynamics (FD, in Lisbon) compares the GNSS fixes in each pass's
housekeeping telemetry with the TLE prediction.

On Thursday 15 October a CME arrives at 13:52 UTC (sudden impulse) and
the geomagnetic storm reaches G4 (K-index 8) at 16:52. The heated
thermosphere raises drag at 510 km several-fold; the satellites fall
behind the positions their pre-storm TLEs predict, by a fraction of a
second at 15:30 and by one to three seconds by 18:00. FD's checks warn
from about 16:30 (along-track offsets over 5 km), in a log nobody reads
in the evening. From about 17:10 TGN's antennas, pointed where the TLE
says, miss the satellites on the highest passes (the narrowest beam
margin) and then on lower ones: NO_CARRIER_LOCK, or a lock minutes late
(PARTIAL), and the satellites' recorders fill. Space-Track's refreshed
element sets (epochs from before the storm's drag) do not help.

At 16:42 a contact-planner release had gone out: ORB-212 (element sets
from Space-Track's gp class, as OMM JSON, instead of tle_latest), a
pre-pass antenna margin of 45 s instead of 30 s, and OPS-540 (the evening
before: failed and partial contacts logged with TGN's reason and Eb/N0).
Its start-up refresh uploads the TLEs to TGN 30 minutes before the first
failure. The on-call rolls it back at 17:44 without effect. FD, paged at
18:00, reads the storm in the GNSS offsets; FD uploads OEM ephemeris from
an orbit determination with an estimated drag scale (18:15-18:26), the
on-call stops the planner's TLE timer so that the 20:10 refresh does not
overwrite them, and contacts acquire again from 18:3x. TGN's status page
posts at 18:06 (54 minutes late), Space-Track's notice at 19:38. Nothing
in contact-planner caused it.

Sources: contact-planner (journald short-iso, with the service's tracing
fmt lines), TGN's contact events and reports (webhook payloads as
archived, JSON), flight dynamics (Python logging), downlink-ingest (zap
JSON), NOAA SWPC alerts (JSON, as served), provider notices (TGN status
page, Space-Track), Ansible (log_path format), #gs-ops (Mattermost
export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "contact-planner"
START, END = utc("2026-10-15 13:00:00"), utc("2026-10-15 20:30:00")
DEPLOY_TUE = utc("2026-10-13 09:31:00")
RELEASE = utc("2026-10-15 16:41:20")
ROLLBACK = utc("2026-10-15 17:43:40")
SUDDEN_IMPULSE = utc("2026-10-15 13:52:00")
DRAG_FROM = utc("2026-10-15 15:10:00")
TIMER_STOP = utc("2026-10-15 18:31:10")
HOST = "gs-ops-01"
DEBUG = False

# passes as they were booked that day (the rest of the plan is drawn below)
FORCED = [(utc("2026-10-15 14:31:07"), "NB-06", "HBK", 33.5), (utc("2026-10-15 16:24:38"), "NB-11", "TRO", 14.2), (utc("2026-10-15 17:11:42"), "NB-07", "SVB", 71.4), (utc("2026-10-15 17:16:21"), "NB-13", "INU", 77.9),
          (utc("2026-10-15 17:51:09"), "NB-04", "TRO", 58.3), (utc("2026-10-15 17:53:34"), "NB-14", "INU", 46.2)]
SATS = [(f"NB-{i:02d}", norad) for i, norad in enumerate([56201, 56202, 56208, 56211, 59431, 59433, 59440, 59442, 59447, 59450, 62904, 62905, 62911, 62913, 62920, 62922], start=1)]
STATIONS = {"SVB": ("svalbard", 78.23), "TRO": ("tromso", 69.66), "INU": ("inuvik", 68.32), "PUQ": ("punta-arenas", -52.94), "AWA": ("awarua", -46.53), "HBK": ("hartebeesthoek", -25.89)}

# ---------------------------------------------------------------------------
# the repository

CARGO = '''[package]
name = "contact-planner"
version = "2026.10.13"
edition = "2021"

[dependencies]
anyhow = "1"
axum = "0.7"
chrono = { version = "0.4", features = ["serde"] }
reqwest = { version = "0.12.7", features = ["json", "rustls-tls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
sgp4 = "2.2"
tokio = { version = "1", features = ["full"] }
toml = "0.8"
tracing = "0.1"
tracing-subscriber = "0.3"
'''

SPACETRACK = '''//! Element sets from Space-Track (18 SDS's public catalogue): the newest TLE
//! of each of our NORAD ids, at start-up and every four hours
//! (contact-planner-tle.timer runs `contact-planner refresh-tle`).

use crate::orbit::ElementSet;

const BASE: &str = "https://www.space-track.org";

pub async fn latest(client: &reqwest::Client, norad_ids: &[u32]) -> anyhow::Result<Vec<ElementSet>> {
    let ids = norad_ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let url = format!("{BASE}/basicspacedata/query/class/tle_latest/ORDINAL/1/NORAD_CAT_ID/{ids}/format/3le");
    let body = client.get(url).send().await?.error_for_status()?.text().await?;
    ElementSet::parse_3le(&body)
}
'''

ORBIT_MOD = '''pub mod spacetrack;

/// One element set as TGN takes it: the two TLE lines, plus what we log.
#[derive(Clone, Debug)]
pub struct ElementSet {
    pub norad_id: u32,
    pub epoch: chrono::DateTime<chrono::Utc>,
    pub element_number: u32,
    pub line1: String,
    pub line2: String,
}

impl ElementSet {
    pub fn parse_3le(body: &str) -> anyhow::Result<Vec<ElementSet>> {
        body.lines().collect::<Vec<_>>().chunks(3).map(|c| ElementSet::from_lines(c[1], c[2])).collect()
    }
}
'''

TGN = '''//! Tundra Ground Network: bookings, TLE uploads. TGN's antennas program-track
//! from the newest ephemeris uploaded for a satellite (TLE or OEM).

use crate::config::TgnConfig;
use crate::orbit::ElementSet;
use crate::passes::Pass;

pub struct Tgn { http: reqwest::Client, cfg: TgnConfig }

impl Tgn {
    pub async fn book(&self, pass: &Pass) -> anyhow::Result<String> {
        let start = pass.aos - chrono::Duration::seconds(self.cfg.pre_pass_margin_s);
        let body = serde_json::json!({"satellite": pass.norad_id, "station": pass.station, "antenna_start": start, "aos": pass.aos, "los": pass.los});
        let r: serde_json::Value = self.http.post(format!("{}/contacts", self.cfg.base_url)).json(&body).send().await?.error_for_status()?.json().await?;
        Ok(r["contact_id"].as_str().unwrap_or_default().to_string())
    }

    pub async fn upload_tle(&self, es: &ElementSet) -> anyhow::Result<()> {
        let body = serde_json::json!({"line1": es.line1, "line2": es.line2});
        self.http.put(format!("{}/satellites/{}/tle", self.cfg.base_url, es.norad_id)).json(&body).send().await?.error_for_status()?;
        Ok(())
    }
}
'''

REPORTS = '''//! TGN's webhooks: contact events (aos, aos_missed, los) and the report it
//! posts after LOS. Reports feed the contact metrics and the SSR model.

use axum::{extract::State, http::StatusCode, Json};
use tracing::info;

use crate::{App, ContactReport};

pub async fn contact_report(State(app): State<App>, Json(r): Json<ContactReport>) -> StatusCode {
    info!(contact_id = %r.contact_id, sat = %r.satellite, station = %r.station, status = %r.status, bytes = r.bytes_received, "contact report");
    app.metrics.contact_reports(&r.status, &r.station);
    app.store.record(&r).await;
    StatusCode::NO_CONTENT
}
'''

CONFIG = '''[spacetrack]
identity_env = "SPACETRACK_IDENTITY"
refresh_hours = 4

[tgn]
base_url = "https://api.tundra-ground.net/v1"
pre_pass_margin_s = 30
horizon_h = 48
min_elevation_deg = 5.0

[stations.AWA]
# terrain to the north-west: passes below 8 degrees lose the carrier
min_max_elevation_deg = 8.0
'''

PLAYBOOK = '''- hosts: planner
  become: true
  vars:
    release: "{{ lookup('env', 'RELEASE') }}"
  roles:
    - role: contact-planner
  # roles/contact-planner: download the release binary built by CI for
  # {{ release }}, install it in /opt/contact-planner, template
  # /etc/contact-planner/production.toml, restart contact-planner (it
  # refreshes the element sets at start-up) and check /healthz.
'''

UNIT = '''[Unit]
Description=Nimbra contact planner
After=network-online.target

[Service]
ExecStart=/opt/contact-planner/bin/contact-planner serve --config /etc/contact-planner/production.toml
Restart=on-failure
EnvironmentFile=/etc/contact-planner/env

[Install]
WantedBy=multi-user.target
'''

TIMER = '''[Unit]
Description=Refresh element sets from Space-Track and upload them to TGN

[Timer]
OnCalendar=*-*-* 00/4:10:00
Persistent=true

[Install]
WantedBy=timers.target
'''


def build_repo():
    julien = Person("Julien Marchand", "julien.marchand@nimbra.space", 120)
    lea = Person("Léa Fontaine", "lea.fontaine@nimbra.space", 120)
    sam = Person("Sam Okafor", "sam.okafor@nimbra.space", -360)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# contact-planner\n\nElement sets from Space-Track, pass prediction (SGP4) over TGN's stations,\ncontact bookings 24-48 h ahead, TLE uploads to TGN, TGN's contact webhooks.\n\n```\ncargo test\ncargo run -- serve --config config/production.toml\n```\n\nReleases: `RELEASE=<version> ansible-playbook deploy/ansible/planner.yml`\nfrom the ops bastion (gs-ops-01 active, gs-ops-02 standby).\n",
        "docs/runbook.md": runbook("contact-planner", [
            ("ContactFailures", "Two or more contacts without carrier lock in 30 minutes. Check TGN's\ncontact reports (failure_reason) and their status page; a station fault\nshows on one station, a satellite problem on one satellite."),
            ("TleStale", "An element set older than 72 h. Space-Track may be down; FD can upload OEM."),
        ]),
        "Cargo.toml": CARGO,
        "src/main.rs": "mod booking;\nmod config;\nmod orbit;\nmod passes;\nmod reports;\n\n// `serve`: the planning loop (every 5 min), the TGN webhooks and /healthz.\n// `refresh-tle`: fetch element sets and upload the new ones to TGN.\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    contact_planner::run(std::env::args().collect()).await\n}\n",
        "src/orbit/mod.rs": ORBIT_MOD,
        "src/orbit/spacetrack.rs": SPACETRACK,
        "src/passes.rs": "//! Passes of each satellite over each station in the next horizon_h hours:\n//! SGP4 from the newest element set, a 10 s coarse search and bisection for\n//! AOS/LOS at min_elevation_deg.\n\npub struct Pass { pub norad_id: u32, pub station: String, pub aos: chrono::DateTime<chrono::Utc>, pub los: chrono::DateTime<chrono::Utc>, pub max_elevation: f64 }\n",
        "src/booking/tgn.rs": TGN,
        "src/reports.rs": REPORTS,
        "config/production.toml": CONFIG,
        "deploy/ansible/planner.yml": PLAYBOOK,
        "deploy/systemd/contact-planner.service": UNIT,
        "deploy/systemd/contact-planner-tle.timer": TIMER,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dtolnay/rust-toolchain@stable\n      - run: cargo test --locked\n      - run: cargo build --release --locked\n",
    }
    repo.commit(utc("2026-10-08 08:15:00"), julien, "contact-planner: Space-Track element sets, SGP4 passes, TGN bookings and webhooks", files)
    repo.schedule(chores(random.Random(41201), SERVICE, [lea, julien], utc("2026-10-08 09:00:00"), utc("2026-10-13 12:00:00"), 2))
    repo.commit(utc("2026-10-09 13:40:00"), sam, "passes: skip Awarua passes below 8 degrees (terrain mask, OPS-512)", {
        "src/passes.rs": repo.files["src/passes.rs"] + "\n// A station's min_max_elevation_deg (Awarua: 8) drops passes that never\n// clear its terrain (OPS-512).\n",
    })
    repo.commit(utc("2026-10-12 09:05:00"), lea, "booking: honour TGN's Retry-After on 429 (OPS-531)", {
        "src/booking/tgn.rs": repo.edit("src/booking/tgn.rs", "    pub async fn upload_tle", "    // A 429 from TGN carries Retry-After (s); book() waits and retries twice (OPS-531).\n\n    pub async fn upload_tle"),
    })
    tuesday = repo.commit(utc("2026-10-13 05:12:00"), bot, "Bump reqwest from 0.12.7 to 0.12.8", {
        "Cargo.toml": repo.edit("Cargo.toml", 'reqwest = { version = "0.12.7"', 'reqwest = { version = "0.12.8"'),
    })
    repo.commit(utc("2026-10-13 14:20:00"), sam, "docs: how element sets reach TGN's antennas", {
        "docs/orbit-data.md": "# Orbit data\n\nSpace-Track (18 SDS) publishes TLEs for our satellites a few times a day,\nfitted to their radar and optical observations. The planner fetches the\nnewest at start-up and every four hours, predicts passes with SGP4 and\nuploads every new TLE to TGN. TGN program-tracks from the newest ephemeris\nuploaded for a satellite, TLE or OEM (no autotrack on X-band at INU and\nAWA), so an old or bad TLE costs contacts, highest passes first.\n\nFD can upload OEM ephemeris from the satellites' GNSS fixes through TGN's\nportal; the next TLE upload replaces it.\n",
    })
    repo.commit(utc("2026-10-14 17:30:00"), sam, "ci: clippy -D warnings and cargo-deny", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: cargo test --locked\n", "      - run: cargo clippy --locked -- -D warnings\n      - uses: EmbarkStudios/cargo-deny-action@v2\n      - run: cargo test --locked\n"),
        "deny.toml": "[licenses]\nallow = [\"MIT\", \"Apache-2.0\", \"BSD-3-Clause\", \"ISC\", \"Unicode-3.0\"]\n\n[bans]\nmultiple-versions = \"warn\"\n",
    })
    repo.commit(utc("2026-10-14 19:40:00"), lea, "reports: log failed and partial contacts with TGN's reason and Eb/N0 (OPS-540)\n\nA failed contact was only a counter: on call you had to open TGN's\nportal to see why.", {
        "src/reports.rs": repo.edit("src/reports.rs", "use tracing::info;\n", "use tracing::{info, warn};\n").replace(
            '    app.metrics.contact_reports(&r.status, &r.station);\n',
            '    if r.status != "COMPLETED" {\n        warn!(contact_id = %r.contact_id, sat = %r.satellite, station = %r.station, status = %r.status,\n              reason = %r.failure_reason.as_deref().unwrap_or("-"), max_ebn0_db = ?r.max_ebn0_db,\n              aos_delay_s = r.aos_delay_s, tracking = %r.tracking_source, "contact not completed");\n    }\n    app.metrics.contact_reports(&r.status, &r.station);\n'),
    })
    repo.commit(utc("2026-10-15 13:20:00"), julien, "orbit: element sets from Space-Track's gp class (OMM JSON) instead of tle_latest (ORB-212)\n\nSpace-Track is retiring tle_latest and asks users to query gp. gp's JSON\ncarries TLE_LINE1/TLE_LINE2 next to the OMM fields; we keep sending TGN\nthe TLE lines and check them against EPOCH and NORAD_CAT_ID.", {
        "src/orbit/spacetrack.rs": repo.edit("src/orbit/spacetrack.rs",
            '    let url = format!("{BASE}/basicspacedata/query/class/tle_latest/ORDINAL/1/NORAD_CAT_ID/{ids}/format/3le");\n    let body = client.get(url).send().await?.error_for_status()?.text().await?;\n    ElementSet::parse_3le(&body)\n',
            '    let url = format!("{BASE}/basicspacedata/query/class/gp/NORAD_CAT_ID/{ids}/format/json");\n    let omm: Vec<Omm> = client.get(url).send().await?.error_for_status()?.json().await?;\n    omm.into_iter().map(ElementSet::try_from).collect()\n').replace(
            "use crate::orbit::ElementSet;\n", "use crate::orbit::{omm::Omm, ElementSet};\n"),
        "src/orbit/omm.rs": "//! Space-Track gp records (OMM keywords, plus the TLE lines).\n\nuse super::ElementSet;\n\n#[derive(serde::Deserialize)]\n#[serde(rename_all = \"SCREAMING_SNAKE_CASE\")]\npub struct Omm {\n    pub norad_cat_id: String,\n    pub epoch: String,\n    pub element_set_no: String,\n    pub tle_line1: String,\n    pub tle_line2: String,\n}\n\nimpl TryFrom<Omm> for ElementSet {\n    type Error = anyhow::Error;\n    fn try_from(o: Omm) -> anyhow::Result<ElementSet> {\n        let es = ElementSet::from_lines(&o.tle_line1, &o.tle_line2)?;\n        anyhow::ensure!(es.norad_id.to_string() == o.norad_cat_id, \"NORAD id mismatch\");\n        anyhow::ensure!(es.epoch.format(\"%Y-%m-%dT%H:%M:%S\").to_string() == o.epoch[..19], \"epoch mismatch\");\n        Ok(es)\n    }\n}\n",
        "src/orbit/mod.rs": repo.edit("src/orbit/mod.rs", "pub mod spacetrack;\n", "pub mod omm;\npub mod spacetrack;\n"),
    })
    repo.commit(utc("2026-10-15 13:55:00"), lea, "config: pre-pass antenna margin 45 s (OPS-548)\n\nINU-2's new drive needs more than 30 s to slew from stow on some passes;\nTGN asked for 45.", {
        "config/production.toml": repo.edit("config/production.toml", "pre_pass_margin_s = 30\n", "pre_pass_margin_s = 45\n"),
    })
    head = repo.commit(utc("2026-10-15 14:30:00"), sam, "test: gp records round-trip NB-03's and the ISS's element sets (ORB-212)", {
        "tests/omm_roundtrip.rs": "use contact_planner::orbit::{omm::Omm, ElementSet};\n\n#[test]\nfn gp_record_gives_the_same_lines() {\n    let omm: Omm = serde_json::from_str(include_str!(\"data/gp_nb03.json\")).unwrap();\n    let es = ElementSet::try_from(omm).unwrap();\n    assert_eq!(es.line1, include_str!(\"data/nb03.tle\").lines().nth(1).unwrap());\n    assert_eq!(es.element_number, 999);\n}\n",
    })
    return repo, {"tuesday": tuesday, "head": head}


# ---------------------------------------------------------------------------
# the storm and the passes

def kp_at(t):
    pts = [(utc("2026-10-15 12:00:00"), 2.33), (utc("2026-10-15 13:50:00"), 2.67), (utc("2026-10-15 14:00:00"), 4.33), (utc("2026-10-15 14:45:00"), 6.0),
           (utc("2026-10-15 15:40:00"), 7.0), (utc("2026-10-15 16:50:00"), 8.0), (utc("2026-10-15 17:30:00"), 8.33), (utc("2026-10-15 19:30:00"), 8.33),
           (utc("2026-10-15 20:30:00"), 7.67)]
    for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0).total_seconds() / (t1 - t0).total_seconds()
    return pts[-1][1]


def build_logs(rng, shas):
    planner, reports, fd, ingest, swpc, notices, ansible, chat = (Log("contact-planner.log"), Log("tgn-contact-reports.log"), Log("flight-dynamics.log"),
                                                                 Log("downlink-ingest.log"), Log("swpc-alerts.log"), Log("provider-notices.log"),
                                                                 Log("ansible.log"), Log("gs-ops-chat.log"))
    stats = {"status": {"COMPLETED": [], "PARTIAL": [], "FAILED": []}, "bad": [], "ssr": {}, "diverge": []}
    drag = {name: rng.uniform(0.18, 0.32) for name, _ in SATS}
    drag["NB-11"], drag["NB-14"], drag["NB-07"], drag["NB-04"], drag["NB-13"] = 0.38, 0.33, 0.31, 0.24, 0.32
    oem_at = {}

    def inwin(t):
        return START <= t < END

    def jitter(t):
        return t + dt.timedelta(microseconds=rng.randint(0, 999999)) if t.microsecond == 0 else t

    def pid_at(t):
        return 2214 if t < RELEASE + dt.timedelta(seconds=1.3) else 51902 if t < ROLLBACK + dt.timedelta(seconds=1.3) else 53377

    def jl(t, proc, p, text):
        t = jitter(t)
        if inwin(t):
            planner.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+00:00 {HOST} {proc}[{p}]: {text}")

    def tr(t, level, target, msg, span=None, **kv):
        t = jitter(t)
        fields = " ".join(f"{k}={v}" for k, v in kv.items())
        sp = f"{span}: " if span else ""
        jl(t, "contact-planner", pid_at(t), f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z {level:>5} {sp}{target}: {msg}{' ' + fields if fields else ''}")

    def pylog(t, level, logger, msg):
        t = jitter(t)
        if inwin(t):
            fd.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level} {logger}: {msg}")

    def zap(t, level, msg, **kv):
        t = jitter(t)
        if inwin(t):
            body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "logger": "ingest", "msg": msg}
            body.update(kv)
            ingest.add(t, json.dumps(body, separators=(",", ":")))

    def err_s(name, t):
        """Seconds the satellite runs behind its tracking ephemeris at t."""
        if name in oem_at and t >= oem_at[name]:
            return 0.04 + 0.03 * ((t - oem_at[name]).total_seconds() / 3600) ** 2 * (drag[name] / 0.25)
        base = 0.03 + 0.02 * (SATS_IDX[name] % 4)
        if t < DRAG_FROM:
            return base
        h = (t - DRAG_FROM).total_seconds() / 3600
        return base + drag[name] * h * h

    SATS_IDX = {name: i for i, (name, _) in enumerate(SATS)}
    NORAD = dict(SATS)

    # --- the contact plan (booked a day or two before)
    contacts = []
    period = dt.timedelta(minutes=94.7)
    for name, norad in SATS:
        t = START - dt.timedelta(minutes=rng.uniform(0, 94.7)) - dt.timedelta(minutes=40)
        while t < END:
            if rng.random() < 0.95:
                code = rng.choice(["SVB", "SVB", "SVB", "TRO", "INU"])
                contacts.append((t + dt.timedelta(seconds=rng.randint(-200, 200)), name, code))
            if rng.random() < 0.6:
                code = rng.choice(["PUQ", "AWA", "HBK"])
                contacts.append((t + period / 2 + dt.timedelta(seconds=rng.randint(-300, 300)), name, code))
            t += period
    for aos, sat, code, _ in FORCED:
        contacts = [c for c in contacts if not (c[1] == sat and abs((c[0] - aos).total_seconds()) < 3000)]
        contacts.append((aos, sat, code))
    contacts.sort()
    plan = []
    cid = 7731100
    for aos, name, code in contacts:
        el = min(88.0, max(6.0, rng.triangular(6, 89, 38)))
        el = next((f[3] for f in FORCED if f[0] == aos and f[1] == name), el)
        if code == "AWA" and el < 8:
            continue
        dur = int(260 + 4.3 * el + rng.randint(-20, 20))
        cid += rng.randint(3, 17)
        plan.append({"id": f"tgn-c-{cid}", "sat": name, "code": code, "aos": aos.replace(microsecond=0), "los": (aos + dt.timedelta(seconds=dur)).replace(microsecond=0), "el": round(el, 1), "dur": dur})

    # --- TLEs: epochs Space-Track has when we ask
    tle_epoch = {}
    for name, _ in SATS:
        tle_epoch[name] = [utc("2026-10-15 04:00:00") + dt.timedelta(seconds=rng.randint(0, 18000))]
    newer_1610 = set(rng.sample([n for n, _ in SATS], 6))
    newer_1642 = set(rng.sample([n for n, _ in SATS if n not in newer_1610], 2))
    elset = {name: rng.randint(900, 990) for name, _ in SATS}

    def epoch_at(name, t):
        e = tle_epoch[name][0]
        if t >= utc("2026-10-15 16:10:00") and name in newer_1610:
            e = utc("2026-10-15 09:40:00") + dt.timedelta(seconds=(SATS_IDX[name] * 2237) % 11400)
        if t >= RELEASE and name in newer_1642:
            e = utc("2026-10-15 12:10:00") + dt.timedelta(seconds=(SATS_IDX[name] * 1381) % 4200)
        return e

    # --- SSR fill model, contact outcomes
    outcomes = []
    routine_fault = {"HBK": utc("2026-10-15 14:20:00")}
    for c in plan:
        e = err_s(c["sat"], c["aos"])
        c["err"] = e
        th = 1.1 if c["el"] > 55 else 1.5 if c["el"] > 30 else 2.3
        tracking = "OEM" if c["sat"] in oem_at and c["aos"] >= oem_at[c["sat"]] else "TLE"
        c["tracking"] = tracking
        if c["code"] == "HBK" and routine_fault["HBK"] <= c["aos"] < routine_fault["HBK"] + dt.timedelta(minutes=40):
            c.update(status="FAILED", reason="ANTENNA_FAULT", aos_delay=None, frac=0.0)
        elif e < 0.55 * th:
            c.update(status="COMPLETED", reason=None, aos_delay=rng.randint(0, 3), frac=rng.uniform(0.97, 1.0))
        elif e < th:
            d = int(12 + 140 * (e / th - 0.55) + rng.randint(0, 20))
            c.update(status="COMPLETED", reason=None, aos_delay=d, frac=max(0.6, 1 - d / c["dur"] - rng.uniform(0.0, 0.05)))
        elif e < 1.3 * th:
            d = int(c["dur"] * rng.uniform(0.45, 0.78))
            c.update(status="PARTIAL", reason="LATE_ACQUISITION", aos_delay=d, frac=max(0.05, 1 - d / c["dur"] - 0.05))
        else:
            c.update(status="FAILED", reason="NO_CARRIER_LOCK", aos_delay=None, frac=0.0)
        if c["code"] == "PUQ" and rng.random() < 0.15 and c["status"] == "COMPLETED" and c["aos"] < utc("2026-10-15 17:00:00"):
            c.update(status="PARTIAL", reason="RFI", aos_delay=c["aos_delay"], frac=0.8)
        # FD's OEMs, uploaded after the 18:04 diagnosis, apply to later contacts
        outcomes.append(c)
    # OEM upload times (per satellite), then re-evaluate contacts after them
    first_upload = utc("2026-10-15 18:15:40")
    for i, (name, _) in enumerate(SATS):
        oem_at[name] = first_upload + dt.timedelta(seconds=i * 38 + rng.randint(0, 20))
    # NB-11 and NB-14 drift faster than estimated: a second OEM at 19:3x
    for c in plan:
        if c["aos"] >= oem_at[c["sat"]]:
            e = err_s(c["sat"], c["aos"])
            if c["sat"] in ("NB-11", "NB-14") and utc("2026-10-15 19:00:00") <= c["aos"] < utc("2026-10-15 19:34:00"):
                e = 1.25
            c["err"] = e
            c["tracking"] = "OEM"
            th = 1.1 if c["el"] > 55 else 1.5 if c["el"] > 30 else 2.3
            if e < 0.55 * th:
                c.update(status="COMPLETED", reason=None, aos_delay=rng.randint(0, 3), frac=rng.uniform(0.97, 1.0))
            elif e < th:
                d = int(12 + 140 * (e / th - 0.55) + rng.randint(0, 20))
                c.update(status="COMPLETED", reason=None, aos_delay=d, frac=max(0.6, 1 - d / c["dur"]))
            else:
                d = int(c["dur"] * rng.uniform(0.3, 0.5))
                c.update(status="PARTIAL", reason="LATE_ACQUISITION", aos_delay=d, frac=max(0.05, 1 - d / c["dur"] - 0.05))

    # --- emit per contact: TGN events and report, planner webhook lines, ingest, FD
    release_active = lambda t: RELEASE + dt.timedelta(seconds=40) <= t < ROLLBACK + dt.timedelta(seconds=30)
    last_tm = {}
    for c in plan:
        sat, code = c["sat"], c["code"]
        station = STATIONS[code][0]
        ant = f"{code}-{rng.randint(1, 3)}"
        norad = NORAD[sat]
        ep = epoch_at(sat, c["aos"] - dt.timedelta(minutes=5))
        ebn0 = round(9.5 + 4.5 * math.sin(math.radians(c["el"])) + rng.uniform(-0.6, 0.6), 1)
        planned = int(c["dur"] * 40_000_000)
        got = int(planned * c["frac"])
        base = {"contact_id": c["id"], "satellite": sat, "norad_id": norad, "station": station, "antenna": ant}

        def tgn(t, body):
            t = jitter(t)
            if inwin(t):
                reports.add(t, json.dumps({"received_at": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", **body}, separators=(",", ":")))
            return t

        def hook_access(t, path):
            tr(t + dt.timedelta(milliseconds=rng.randint(2, 9)), "INFO", "tower_http::trace::on_response", "finished processing request", span=f"request{{method=POST uri={path} version=HTTP/1.1}}", latency=f"{rng.randint(1, 6)} ms", status=204 if path.endswith("report") else 200)

        if c["status"] in ("COMPLETED", "PARTIAL"):
            t_aos = c["aos"] + dt.timedelta(seconds=(c["aos_delay"] or 0) + rng.uniform(0.5, 2.5))
        else:
            t_aos = None
        if c["reason"] in ("NO_CARRIER_LOCK", "LATE_ACQUISITION", "ANTENNA_FAULT"):
            tm = tgn(c["aos"] + dt.timedelta(seconds=60 + rng.uniform(0, 3)), {"event": "contact.aos_missed", **base, "scheduled_aos": c["aos"].strftime("%Y-%m-%dT%H:%M:%SZ"), "tracking_source": c["tracking"], "detail": "no carrier lock 60 s after scheduled AOS" if c["reason"] != "ANTENNA_FAULT" else "antenna not ready: az drive fault"})
            if inwin(tm) and c["reason"] != "ANTENNA_FAULT":
                stats["bad"].append((tm, c))
            tr(tm + dt.timedelta(milliseconds=4), "INFO", "contact_planner::reports", "contact event", span="webhook{event=contact.aos_missed}", contact_id=c["id"], sat=sat, station=station)
            hook_access(tm, "/webhooks/tgn/events")
        if t_aos:
            tm = tgn(t_aos, {"event": "contact.aos", **base, "scheduled_aos": c["aos"].strftime("%Y-%m-%dT%H:%M:%SZ"), "aos_delay_s": c["aos_delay"], "tracking_source": c["tracking"]})
            tr(tm + dt.timedelta(milliseconds=4), "INFO", "contact_planner::reports", "contact event", span="webhook{event=contact.aos}", contact_id=c["id"], sat=sat, station=station)
            hook_access(tm, "/webhooks/tgn/events")
        t_rep = c["los"] + dt.timedelta(seconds=rng.randint(40, 95))
        rep = {"event": "contact.report", **base, "status": c["status"], "failure_reason": c["reason"], "scheduled_aos": c["aos"].strftime("%Y-%m-%dT%H:%M:%SZ"),
               "scheduled_los": c["los"].strftime("%Y-%m-%dT%H:%M:%SZ"), "aos_delay_s": c["aos_delay"], "max_elevation_deg": c["el"],
               "max_ebn0_db": (round(ebn0 - (2.5 if c["status"] != "COMPLETED" or (c["aos_delay"] or 0) > 10 else 0), 1) if c["frac"] > 0 else None),
               "bytes_received": got, "tracking_source": c["tracking"]}
        if c["tracking"] == "TLE":
            rep["tle_epoch"] = ep.strftime("%Y-%m-%dT%H:%M:%SZ")
        tm = tgn(t_rep, rep)
        stats["status"][c["status"]].append(tm)
        tr(tm + dt.timedelta(milliseconds=5), "INFO", "contact_planner::reports", "contact report", span="webhook{event=contact.report}", contact_id=c["id"], sat=sat, station=station, status=c["status"], bytes=got)
        if c["status"] != "COMPLETED" and release_active(tm):
            tr(tm + dt.timedelta(milliseconds=6), "WARN", "contact_planner::reports", "contact not completed", span="webhook{event=contact.report}", contact_id=c["id"], sat=sat, station=station,
               status=c["status"], reason=c["reason"], max_ebn0_db=("None" if rep["max_ebn0_db"] is None else f"Some({rep['max_ebn0_db']})"), aos_delay_s=("None" if c["aos_delay"] is None else f"Some({c['aos_delay']})"), tracking=c["tracking"])
        hook_access(tm, "/webhooks/tgn/report")
        # ingest: TGN pushes 2 GB segments during the pass
        if got > 0:
            n = max(1, got // 2_000_000_000)
            t0 = (t_aos or c["aos"]) + dt.timedelta(seconds=40)
            span = (c["los"] - t0).total_seconds()
            for k in range(n):
                tk = t0 + dt.timedelta(seconds=span * (k + 1) / (n + 1) + rng.uniform(0, 5))
                zap(tk, "info", "raw segment stored", contact=c["id"], sat=sat, station=station, key=f"raw/{sat}/2026/10/15/{c['id']}/seg{k:03d}.cadu", bytes=min(2_000_000_000, got - k * 2_000_000_000))
            zap(c["los"] + dt.timedelta(seconds=rng.randint(60, 120)), "info" if c["frac"] > 0.9 else "warn", "contact delivery complete" if c["frac"] > 0.9 else "contact delivered less data than planned",
                contact=c["id"], sat=sat, station=station, bytes=got, planned_bytes=planned, ratio=round(c["frac"], 2))
        else:
            zap(c["los"] + dt.timedelta(seconds=rng.randint(100, 160)), "warn", "contact closed without raw data", contact=c["id"], sat=sat, station=station, planned_bytes=planned)
        # FD: GNSS fixes in the housekeeping telemetry of every pass with a lock
        if c["frac"] > 0:
            tf = c["los"] + dt.timedelta(seconds=rng.randint(150, 260), microseconds=rng.randint(1000, 999000))
            nfix = max(8, int((c["dur"] - (c["aos_delay"] or 0)) / 10))
            pylog(tf, "INFO", "fdyn.telemetry", f"{sat}: {nfix} GNSS fixes from contact {c['id']} ({code})")
            e_now = err_s(sat, c["los"]) if c["tracking"] == "TLE" else c["err"]
            along = -e_now * 7.61 + rng.uniform(-0.15, 0.15)
            if c["tracking"] == "TLE":
                age = (c["los"] - ep).total_seconds() / 3600
                txt = f"along-track {along:.2f} km ({along / 7.61:.2f} s), radial {-(abs(along) * 0.04 + rng.uniform(0.02, 0.1)):.2f} km, cross-track {rng.uniform(-0.12, 0.12):.2f} km (TLE epoch {ep.strftime('%Y-%m-%dT%H:%M:%SZ')}, age {age:.1f} h)"
                if abs(along) > 5.0:
                    pylog(tf + dt.timedelta(milliseconds=320), "WARNING", "fdyn.tle_check", f"{sat}: TLE prediction diverges from GNSS fix: {txt}")
                    stats["diverge"].append(tf)
                    stats.setdefault("div", []).append((tf, sat, along, along / 7.61))
                else:
                    pylog(tf + dt.timedelta(milliseconds=320), "INFO", "fdyn.tle_check", f"{sat}: TLE prediction within tolerance: {txt}")
            else:
                pylog(tf + dt.timedelta(milliseconds=320), "INFO", "fdyn.eph_check", f"{sat}: OEM prediction within tolerance: along-track {along:.2f} km ({along / 7.61:.2f} s)")
            last_tm[sat] = tf
    # SSR fill series (imaging adds ~0.33 %/min)
    t = START
    fills = {name: rng.uniform(0.45, 0.68) for name, _ in SATS}
    by_sat = {}
    for c in plan:
        by_sat.setdefault(c["sat"], []).append(c)
    while t <= END:
        for name, _ in SATS:
            f = fills[name] + 0.0026 * 5
            for c in by_sat.get(name, []):
                if t - dt.timedelta(minutes=5) < c["los"] <= t:
                    f -= 0.27 * c["frac"]
            fills[name] = min(0.99, max(0.03, f))
            stats["ssr"].setdefault(name, {})[t] = round(fills[name], 3)
        t += dt.timedelta(minutes=5)

    # --- planner: planning cycles, bookings, TGN sync, TLE refreshes, start-ups
    t = START + dt.timedelta(seconds=rng.randint(5, 60))
    while t < END:
        cand = rng.randint(398, 431)
        booked = rng.choice([0, 0, 1, 1, 2, 3])
        tr(t, "INFO", "contact_planner::plan", "planning cycle done", span="plan", horizon_h=48, candidates=cand, booked=booked, cancelled=0, elapsed_ms=rng.randint(640, 990))
        for b in range(booked):
            aos = t + dt.timedelta(hours=rng.uniform(44, 48))
            sat = rng.choice(SATS)[0]
            code = rng.choice(["SVB", "SVB", "TRO", "INU", "PUQ", "AWA", "HBK"])
            margin = 45 if release_active(t) else 30
            tr(t - dt.timedelta(milliseconds=rng.randint(50, 300)), "INFO", "contact_planner::booking::tgn", "contact booked", span="plan",
               contact_id=f"tgn-c-{rng.randint(7790000, 7799999)}", sat=sat, station=STATIONS[code][0], antenna_start=(aos - dt.timedelta(seconds=margin)).strftime("%Y-%m-%dT%H:%M:%SZ"),
               aos=aos.strftime("%Y-%m-%dT%H:%M:%SZ"), max_el=f"{rng.uniform(8, 88):.1f}")
        if rng.random() < 0.04:
            tr(t - dt.timedelta(milliseconds=500), "WARN", "contact_planner::booking::tgn", "TGN rate limited, retrying", span="plan", retry_after_s=2, attempt=1)
        if t.minute % 10 < 5 and rng.random() < 0.5:
            tr(t + dt.timedelta(seconds=20), "INFO", "contact_planner::booking::tgn", "synced TGN schedule", contacts=rng.randint(205, 224), changed=0)
        t += dt.timedelta(minutes=5, seconds=rng.uniform(-3, 3))
        if RELEASE - dt.timedelta(seconds=30) <= t < RELEASE + dt.timedelta(minutes=1) or ROLLBACK - dt.timedelta(seconds=30) <= t < ROLLBACK + dt.timedelta(minutes=1):
            t += dt.timedelta(minutes=1)

    def refresh(t, source, proc, p, span):
        tr_ = (lambda tt, level, target, msg, **kv: tr(tt, level, target, msg, span=span, **kv)) if proc == "contact-planner" else None

        def line(tt, level, target, msg, **kv):
            tt = jitter(tt)
            fields = " ".join(f"{k}={v}" for k, v in kv.items())
            text = f"{tt.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z {level:>5} {span}: {target}: {msg}{' ' + fields if fields else ''}"
            jl(tt, proc, p, text)

        emit = tr_ or line
        emit(t, "INFO", "contact_planner::orbit::spacetrack", "fetched element sets", source=source, count=16, elapsed_ms=rng.randint(700, 1900))
        for i, (name, norad) in enumerate(SATS):
            ep = epoch_at(name, t)
            prev = epoch_at(name, t - dt.timedelta(minutes=31)) if t > utc("2026-10-15 16:20:00") else ep
            changed = "true" if ep != prev or (source == "tle_latest" and t < utc("2026-10-15 16:20:00") and i % 5 == 0) else "false"
            ti = t + dt.timedelta(milliseconds=40 + 35 * i)
            emit(ti, "INFO", "contact_planner::orbit", "element set", sat=name, norad=norad, epoch=ep.strftime("%Y-%m-%dT%H:%M:%SZ"), elset=elset[name] + (1 if changed == "true" else 0),
                 age_h=f"{(t - ep).total_seconds() / 3600:.1f}", changed=changed)
            if span == "startup_refresh" or changed == "true":
                emit(ti + dt.timedelta(milliseconds=rng.randint(80, 260)), "INFO", "contact_planner::booking::tgn", "TLE uploaded to TGN", sat=name, norad=norad, epoch=ep.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     ephemeris_id=f"eph-{hexid(rng, 6)}")

    # the 16:10 timer run (tle_latest)
    t = utc("2026-10-15 16:10:00") + dt.timedelta(seconds=rng.uniform(0.2, 0.9))
    jl(t, "systemd", 1, "Starting contact-planner-tle.service - Refresh element sets from Space-Track and upload them to TGN...")
    refresh(t + dt.timedelta(seconds=0.4), "tle_latest", "contact-planner-tle", 48817, "refresh_tle")
    jl(t + dt.timedelta(seconds=6.2), "systemd", 1, "contact-planner-tle.service: Deactivated successfully.")
    jl(t + dt.timedelta(seconds=6.3), "systemd", 1, "Finished contact-planner-tle.service - Refresh element sets from Space-Track and upload them to TGN.")
    # start-ups: the release and the rollback
    for when, version, sha, source, margin, newpid in ((RELEASE, "2026.10.15-1", shas["head"], "gp", 45, 51902), (ROLLBACK, "2026.10.13-1", shas["tuesday"], "tle_latest", 30, 53377)):
        when = when + dt.timedelta(milliseconds=rng.randint(100, 400))
        jl(when, "systemd", 1, "Stopping contact-planner.service - Nimbra contact planner...")
        tr(when + dt.timedelta(milliseconds=30), "INFO", "contact_planner", "shutting down: waiting for in-flight webhooks")
        jl(when + dt.timedelta(seconds=1.1), "systemd", 1, "contact-planner.service: Deactivated successfully.")
        jl(when + dt.timedelta(seconds=1.2), "systemd", 1, "Stopped contact-planner.service - Nimbra contact planner.")
        jl(when + dt.timedelta(seconds=1.3), "systemd", 1, "Started contact-planner.service - Nimbra contact planner.")
        tr(when + dt.timedelta(seconds=1.6), "INFO", "contact_planner", "starting contact-planner", version=version, commit=sha[:12], config="/etc/contact-planner/production.toml", pre_pass_margin_s=margin, tle_source=source)
        tr(when + dt.timedelta(seconds=1.7), "INFO", "contact_planner", "listening", addr="0.0.0.0:8443")
        refresh(when + dt.timedelta(seconds=2.4), source, "contact-planner", newpid, "startup_refresh")
    # the timer is stopped at 18:31 (no more refreshes in the window)
    jl(TIMER_STOP, "sudo", 60112, "    lea : TTY=pts/2 ; PWD=/home/lea ; USER=root ; COMMAND=/usr/bin/systemctl stop contact-planner-tle.timer")
    jl(TIMER_STOP + dt.timedelta(milliseconds=90), "systemd", 1, "contact-planner-tle.timer: Deactivated successfully.")
    jl(TIMER_STOP + dt.timedelta(milliseconds=91), "systemd", 1, "Stopped contact-planner-tle.timer - Refresh element sets from Space-Track and upload them to TGN.")

    # --- FD: OD runs and OEM uploads after the diagnosis; status of telemetry gaps
    for i, (name, norad) in enumerate(SATS):
        t = oem_at[name] - dt.timedelta(seconds=rng.randint(25, 60))
        pylog(t, "INFO", "fdyn.od", f"{name}: orbit determination from {rng.randint(180, 460)} GNSS fixes (2026-10-15T06:00Z..{(last_tm.get(name, t) if last_tm.get(name, t) < t else t - dt.timedelta(minutes=40)).strftime('%H:%MZ')}): rms {rng.uniform(6, 14):.1f} m, drag scale {2.9 + drag[name] * 5.5:.2f}")
        pylog(t + dt.timedelta(seconds=4), "INFO", "fdyn.oem", f"{name}: OEM written {name.lower().replace('-', '')}_20261015T{t.strftime('%H%M')}.oem (12 h, 60 s step)")
        pylog(oem_at[name], "INFO", "fdyn.tgn", f"{name}: OEM uploaded to TGN norad={norad} ephemeris_id=eph-{hexid(rng, 6)}")
    for name in ("NB-11", "NB-14"):
        t = utc("2026-10-15 19:31:00") + dt.timedelta(seconds=rng.randint(0, 90))
        pylog(t, "INFO", "fdyn.od", f"{name}: orbit determination from {rng.randint(480, 560)} GNSS fixes (2026-10-15T12:00Z..19:1{rng.randint(0, 9)}Z): rms {rng.uniform(6, 12):.1f} m, drag scale {3.9 + drag[name] * 3:.2f}")
        pylog(t + dt.timedelta(seconds=22), "INFO", "fdyn.tgn", f"{name}: OEM uploaded to TGN norad={NORAD[name]} ephemeris_id=eph-{hexid(rng, 6)}")
    pylog(utc("2026-10-15 13:00:12"), "INFO", "fdyn.spaceweather", "SWPC: Kp 2.67 (estimated), G3 watch for today (WATA50)")
    for stamp, msg in (("2026-10-15 13:58:40", "SWPC: sudden impulse at 13:52 UTC (41 nT), storm onset expected"), ("2026-10-15 15:41:30", "SWPC: K-index 7 (G3) reached"),
                       ("2026-10-15 16:55:40", "SWPC: K-index 8 (G4) reached")):
        pylog(utc(stamp), "INFO", "fdyn.spaceweather", msg)

    # --- SWPC alerts (products/alerts.json entries)
    serial = [2290]

    def alert(issue, code, body):
        serial[0] += rng.randint(1, 6)
        t = utc(issue) + dt.timedelta(milliseconds=rng.randint(0, 999))
        stamp = utc(issue).strftime("%Y %b %d %H%M UTC")
        message = f"Space Weather Message Code: {code}\r\nSerial Number: {serial[0]}\r\nIssue Time: {stamp}\r\n\r\n{body}"
        pid_ = {"ALT": f"K{code[4:]}A", "WAR": f"K{code[4:]}W", "WAT": f"A{code[4:]}F"}.get(code[:3], code[3:] + code[0])
        if code.endswith("SUD"):
            pid_ = "SUD" + code[0]
        swpc.add(t, json.dumps({"product_id": pid_, "issue_datetime": t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}", "message": message}, ensure_ascii=False))

    alert("2026-10-14 12:30:00", "WATA50", "WATCH: Geomagnetic Storm Category G3 Predicted\r\n\r\nHighest Storm Level Predicted by Day:\r\nOct 14:  None (Below G1)   Oct 15:  G3 (Strong)   Oct 16:  G2 (Moderate)\r\n\r\nTHIS SUPERSEDES ANY/ALL PRIOR WATCHES IN EFFECT\r\n\r\nNOAA Space Weather Scale descriptions can be found at\r\nwww.swpc.noaa.gov/noaa-scales-explanation\r\n\r\nPotential Impacts: Area of impact primarily poleward of 50 degrees Geomagnetic Latitude.\r\nSpacecraft - Surface charging may occur on satellite components, drag may increase on low-Earth-orbit satellites, and corrections may be needed for orientation problems.")
    alert("2026-10-15 13:31:00", "WARSUD", "WARNING: Geomagnetic Sudden Impulse expected\r\nValid From: 2026 Oct 15 1340 UTC\r\nValid To: 2026 Oct 15 1430 UTC\r\nIP Shock Passage Observed: 2026 Oct 15 1318 UTC")
    alert("2026-10-15 13:58:00", "SUMSUD", "SUMMARY: Geomagnetic Sudden Impulse\r\nObserved: 2026 Oct 15 1352 UTC\r\nDeviation: 41 nT\r\nStation: Boulder")
    alert("2026-10-15 14:06:00", "ALTK05", "ALERT: Geomagnetic K-index of 5\r\nThreshold Reached: 2026 Oct 15 1404 UTC\r\nSynoptic Period: 1200-1500 UTC\r\n\r\nActive Warning: Yes\r\nNOAA Scale: G1 - Minor\r\n\r\nPotential Impacts: Area of impact primarily poleward of 60 degrees Geomagnetic Latitude.\r\nSpacecraft - Minor impact on satellite operations possible.")
    alert("2026-10-15 14:33:00", "WARK06", "WARNING: Geomagnetic K-index of 6 expected (G2 Moderate)\r\nValid From: 2026 Oct 15 1433 UTC\r\nValid To: 2026 Oct 15 2359 UTC\r\nWarning Condition: Onset")
    alert("2026-10-15 14:47:00", "ALTK06", "ALERT: Geomagnetic K-index of 6\r\nThreshold Reached: 2026 Oct 15 1445 UTC\r\nSynoptic Period: 1200-1500 UTC\r\n\r\nActive Warning: Yes\r\nNOAA Scale: G2 - Moderate\r\n\r\nPotential Impacts: Area of impact primarily poleward of 55 degrees Geomagnetic Latitude.\r\nSpacecraft - Corrective actions to orientation may be required by ground control; possible changes in drag affect orbit predictions.")
    alert("2026-10-15 15:18:00", "WARK07", "WARNING: Geomagnetic K-index of 7 or greater expected (G3 or Greater)\r\nValid From: 2026 Oct 15 1518 UTC\r\nValid To: 2026 Oct 16 0300 UTC\r\nWarning Condition: Onset")
    alert("2026-10-15 15:41:00", "ALTK07", "ALERT: Geomagnetic K-index of 7\r\nThreshold Reached: 2026 Oct 15 1540 UTC\r\nSynoptic Period: 1500-1800 UTC\r\n\r\nActive Warning: Yes\r\nNOAA Scale: G3 - Strong\r\n\r\nPotential Impacts: Area of impact primarily poleward of 50 degrees Geomagnetic Latitude.\r\nSpacecraft - Surface charging may occur on satellite components, drag may increase on low-Earth-orbit satellites, and corrections may be needed for orientation problems.")
    alert("2026-10-15 16:55:00", "ALTK08", "ALERT: Geomagnetic K-index of 8, G4 (Severe) Storm Level Reached\r\nThreshold Reached: 2026 Oct 15 1652 UTC\r\nSynoptic Period: 1500-1800 UTC\r\n\r\nActive Warning: Yes\r\nNOAA Scale: G4 - Severe\r\n\r\nPotential Impacts: Area of impact primarily poleward of 45 degrees Geomagnetic Latitude.\r\nSpacecraft - Systems may experience surface charging; increased drag on low Earth-orbit satellites and tracking and orientation problems may occur.")
    alert("2026-10-15 17:58:00", "WARK08", "EXTENDED WARNING: Geomagnetic K-index of 8 or greater expected (G4 or Greater)\r\nExtension to Serial Number: 2301\r\nValid From: 2026 Oct 15 1655 UTC\r\nNow Valid Until: 2026 Oct 16 0600 UTC\r\nWarning Condition: Persistence")
    alert("2026-10-15 18:04:00", "ALTK08", "ALERT: Geomagnetic K-index of 8, G4 (Severe) Storm Level Reached\r\nThreshold Reached: 2026 Oct 15 1802 UTC\r\nSynoptic Period: 1800-2100 UTC\r\n\r\nActive Warning: Yes\r\nNOAA Scale: G4 - Severe\r\n\r\nPotential Impacts: Area of impact primarily poleward of 45 degrees Geomagnetic Latitude.\r\nSpacecraft - Systems may experience surface charging; increased drag on low Earth-orbit satellites and tracking and orientation problems may occur.")

    # --- provider notices
    def notice(stamp, source, body):
        t = utc(stamp)
        notices.add(t, json.dumps({"published": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": source, **body}, ensure_ascii=False))

    notice("2026-10-15 11:02:00", "status.tundra-ground.net", {"title": "Scheduled maintenance: HBK-3 feed replacement", "status": "completed", "body": "HBK-3 returned to service at 10:58 UTC."})
    notice("2026-10-15 18:06:30", "status.tundra-ground.net", {"title": "Acquisition failures on LEO contacts", "status": "investigating", "body": "We are seeing an increased number of contacts without carrier lock, across all stations, since approximately 17:00 UTC. Antenna and RF systems are nominal. This coincides with the ongoing severe (G4) geomagnetic storm; satellites in low Earth orbit may be behind their TLE predictions. Customers tracking from TLEs are advised to upload fresh ephemeris (OEM) or request a time bias."})
    notice("2026-10-15 19:12:00", "status.tundra-ground.net", {"title": "Acquisition failures on LEO contacts", "status": "monitoring", "body": "Contacts tracked from recently uploaded ephemeris are acquiring normally. Contacts tracked from TLEs older than a few hours remain at risk while the storm continues."})
    notice("2026-10-15 19:38:00", "space-track.org", {"title": "Degraded element set accuracy during geomagnetic storm", "status": "announcement", "body": "Due to the ongoing severe geomagnetic storm, increased atmospheric drag is degrading the accuracy of element sets for objects in low Earth orbit. 18 SDS has increased its update rate for affected objects; users should expect larger than normal prediction errors for the next 24-48 hours."})

    # --- Ansible
    apid = [88000]

    def ans(t, text):
        ansible.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} p={apid[0]} u={user[0]} n=ansible | {text}")

    user = ["julien"]

    def play(t, who, release, before, after, config_changed):
        apid[0] += rng.randint(400, 4000)
        user[0] = who
        stars = lambda s: s + " " + "*" * max(3, 79 - len(s))
        ans(t, stars("PLAY [planner]"))
        ans(t + dt.timedelta(seconds=1), stars("TASK [Gathering Facts]"))
        ans(t + dt.timedelta(seconds=3.2), "ok: [gs-ops-02]")
        ans(t + dt.timedelta(seconds=3.4), "ok: [gs-ops-01]")
        ans(t + dt.timedelta(seconds=4), stars("TASK [contact-planner : Download release]"))
        ans(t + dt.timedelta(seconds=9.1), f'changed: [gs-ops-01] => {{"dest": "/opt/contact-planner/releases/{release}", "release": "{release}", "commit": "{after}"}}')
        ans(t + dt.timedelta(seconds=9.4), f'changed: [gs-ops-02] => {{"dest": "/opt/contact-planner/releases/{release}", "release": "{release}", "commit": "{after}"}}')
        ans(t + dt.timedelta(seconds=10), stars("TASK [contact-planner : Link current release]"))
        ans(t + dt.timedelta(seconds=10.6), f'changed: [gs-ops-01] => {{"before": "{before}", "after": "{after}"}}')
        ans(t + dt.timedelta(seconds=10.8), f'changed: [gs-ops-02] => {{"before": "{before}", "after": "{after}"}}')
        ans(t + dt.timedelta(seconds=11), stars("TASK [contact-planner : Template production.toml]"))
        ans(t + dt.timedelta(seconds=11.7), f"{'changed' if config_changed else 'ok'}: [gs-ops-01]")
        ans(t + dt.timedelta(seconds=11.9), f"{'changed' if config_changed else 'ok'}: [gs-ops-02]")
        ans(t + dt.timedelta(seconds=12), stars("TASK [contact-planner : Restart contact-planner]"))
        ans(t + dt.timedelta(seconds=20), "changed: [gs-ops-01]")
        ans(t + dt.timedelta(seconds=21.5), "changed: [gs-ops-02]")
        ans(t + dt.timedelta(seconds=22), stars("TASK [contact-planner : Wait for /healthz]"))
        ans(t + dt.timedelta(seconds=25.3), "ok: [gs-ops-01]")
        ans(t + dt.timedelta(seconds=26.1), "ok: [gs-ops-02]")
        ans(t + dt.timedelta(seconds=26.5), stars("PLAY RECAP"))
        for h in ("gs-ops-01", "gs-ops-02"):
            ans(t + dt.timedelta(seconds=26.5), f"{h:<26} : ok=6    changed={4 if config_changed else 3}    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")

    prev = "3b1f0c9e77a2"
    play(DEPLOY_TUE - dt.timedelta(seconds=12), "julien", "2026.10.13-1", prev, shas["tuesday"][:12], False)
    play(RELEASE - dt.timedelta(seconds=12), "julien", "2026.10.15-1", shas["tuesday"][:12], shas["head"][:12], True)
    play(ROLLBACK - dt.timedelta(seconds=12), "lea", "2026.10.13-1", shas["head"][:12], shas["tuesday"][:12], True)

    # --- chat (Mattermost export)
    def say(stamp, who, text):
        t = utc(stamp) if isinstance(stamp, str) else stamp
        chat.add(t, json.dumps({"create_at": int(t.timestamp() * 1000) + rng.randint(0, 999), "channel": "gs-ops", "user": who, "message": text}, ensure_ascii=False))

    bad = sorted(stats["bad"], key=lambda x: x[0])
    onset = bad[0][0]
    if DEBUG:
        return [], stats, onset, oem_at

    def desc(c):
        return f"{c['sat']} at {c['code']}"

    first_two = [c for _, c in bad[:2]]
    alert_t = bad[1][0] + dt.timedelta(seconds=50)
    next_two = [c for t, c in bad if utc("2026-10-15 17:25:00") < t < utc("2026-10-15 17:41:00")][:2]
    after_rb = [c for t, c in bad if ROLLBACK + dt.timedelta(minutes=3) < t < utc("2026-10-15 17:58:30")][:2]
    if not DEBUG:
        assert alert_t < utc("2026-10-15 17:23:30") and len(next_two) == 2 and len(after_rb) == 2, (alert_t, next_two, after_rb)

    def word(c):
        return "no lock" if c["status"] == "FAILED" else f"partial (AOS {round((c['aos_delay'] or 0) / 60)} min late)"

    say("2026-10-15 16:36:10", "julien.marchand", "releasing contact-planner 2026.10.15-1 to gs-ops-01/02: ORB-212 (Space-Track gp class instead of tle_latest, which they are retiring), pre-pass margin 45 s for INU-2 (OPS-548), and the failed-contact warning from last night (OPS-540)")
    say("2026-10-15 16:44:05", "julien.marchand", "2026.10.15-1 running on gs-ops-01 (active). startup refresh from gp: 16 element sets, 2 newer than the 16:10 ones, all uploaded to TGN")
    say(alert_t, "alertmanager", f"[FIRING:1] ContactFailures (severity=page) 2 contacts without carrier lock in 30m: {first_two[0]['sat']} {first_two[0]['code']}, {first_two[1]['sat']} {first_two[1]['code']}")
    say("2026-10-15 17:24:20", "lea.fontaine", f"ack. {desc(first_two[0])} {word(first_two[0])}, {desc(first_two[1])} {word(first_two[1])}: TGN says the antennas tracked fine, just no carrier at AOS. Both right after this afternoon's release, which changed where the TLEs come from")
    say("2026-10-15 17:31:40", "julien.marchand", "compared NB-07's TLE lines from gp with tle_latest: byte-identical, same element set number and epoch. Can't see how it would matter, but roll back to rule it out")
    say("2026-10-15 17:41:25", "lea.fontaine", f"two more: {desc(next_two[0])} {word(next_two[0])}, {desc(next_two[1])} {word(next_two[1])}. rolling back to 2026.10.13-1")
    say("2026-10-15 17:46:30", "lea.fontaine", "rolled back (ansible, RELEASE=2026.10.13-1). startup refresh from tle_latest uploaded the same element sets")
    say("2026-10-15 17:58:45", "lea.fontaine", f"still failing after the rollback: {desc(after_rb[0])} {word(after_rb[0])}, {desc(after_rb[1])} {word(after_rb[1])}. TGN support: 'no station faults, antennas followed your TLEs; several LEO customers report acquisition problems since about 17:00'. paging FD")
    latest = {}
    for tf, sat_, km, sec in sorted(stats["div"]):
        if tf < utc("2026-10-15 18:04:00"):
            latest[sat_] = (km, sec)
    top = sorted(latest.items(), key=lambda kv: kv[1][0])[:2]
    first_div = min(stats["diverge"])
    say("2026-10-15 18:04:50", "ricardo.alves", f"FD here. our GNSS vs TLE checks have been warning since {first_div.strftime('%H:%M')}: {top[0][0]} is ~{-top[0][1][0]:.0f} km behind its TLE ({-top[0][1][1]:.1f} s), {top[1][0]} ~{-top[1][1][0]:.0f} km. G4 geomagnetic storm since 16:52 (SWPC K-index 8): the thermosphere heats up, drag goes up several-fold, and our TLEs (epochs 04:00-13:00, fitted before the storm) put the satellites too far ahead. The highest passes fail first, that's where a timing error costs the most pointing")
    say("2026-10-15 18:07:30", "lea.fontaine", "so not the release. what do we do for tonight's passes?")
    say("2026-10-15 18:09:40", "ricardo.alves", "orbit determination from the GNSS fixes with an estimated drag scale, OEM for the next 12 h, upload to TGN. ~15 min for all 16. TGN tracks from the newest upload, so the planner must not push TLEs after that: its timer runs again at 20:10")
    say("2026-10-15 18:12:05", "lea.fontaine", "TGN confirms: newest ephemeris wins, OEM or TLE. Their status page is up now too")
    scales = [2.9 + drag[n] * 5.5 for n, _ in SATS]
    say("2026-10-15 18:27:40", "ricardo.alves", f"OEMs uploaded for all 16 (drag scale {min(scales):.1f}-{max(scales):.1f})")
    say("2026-10-15 18:31:30", "lea.fontaine", "stopped contact-planner-tle.timer on gs-ops-01 and -02 until the storm is over, so nothing overwrites FD's OEMs (ORB-219)")
    first_oem_ok = min(c["los"] for c in plan if c["tracking"] == "OEM" and c["status"] == "COMPLETED")
    say(first_oem_ok + dt.timedelta(minutes=3), "lea.fontaine", "first contacts on OEM are COMPLETED, Eb/N0 back to normal")
    say("2026-10-15 19:06:20", "ricardo.alves", "NB-11 and NB-14 drift faster than the drag scale I estimated, redoing their OD with fixes up to 19:1x")
    worst = max(stats["ssr"], key=lambda n: max(stats["ssr"][n].values()))
    say("2026-10-15 19:41:10", "lea.fontaine", f"Space-Track posted a notice about degraded element sets in the storm. SSR: {worst} reached {max(stats['ssr'][worst].values()) * 100:.0f}%, " + ("mission planning dropped the low-priority captures on the fullest ones" if max(stats['ssr'][worst].values()) >= 0.85 else "mission planning held back low-priority captures on the fullest ones") + "; tonight's Rapid tasking moved to satellites with room")
    late = [c for c in plan if c["tracking"] == "OEM" and c["status"] != "COMPLETED"]
    say("2026-10-15 20:14:30", "lea.fontaine", ("contacts nominal since the OEMs" + (f", apart from {len(late)} partial(s) of NB-11/NB-14 before their second OEM" if late else "") + ". leaving the TLE timer off overnight, 2026.10.15-1 goes out again tomorrow. follow-ups: planner uploads FD's OEM when there is one (ORB-220), storm runbook"))
    return [planner, reports, fd, ingest, swpc, notices, ansible, chat], stats, onset, oem_at


def build(out_dir):
    rng = random.Random(41200)
    repo, shas = build_repo()
    try:
        logs, stats, onset, oem_at = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert utc("2026-10-15 17:05:00") <= onset <= utc("2026-10-15 17:25:00"), onset
        assert min(stats["diverge"]) < RELEASE, min(stats["diverge"])

        def window(series, minutes=30):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        def kp(t):
            return round(kp_at(t) + (0.0 if t < utc("2026-10-15 13:52:00") else random.Random(int(t.timestamp())).uniform(-0.33, 0.33)), 2)

        metrics = {
            "tgn_contact_reports_30m.json": query_range([({"status": k, "provider": "tgn"}, window(v)) for k, v in stats["status"].items()], START, END, 60),
            "swpc_estimated_kp.json": query_range([({"source": "swpc", "product": "planetary_k_index_1m"}, kp)], utc("2026-10-15 12:00:00"), END, 60),
            "nimbra_ssr_fill_ratio.json": query_range([({"satellite": name}, (lambda t, d=d: d.get(t))) for name, d in stats["ssr"].items()], START, END, 300),
        }
        bad = [c for _, c in stats["bad"]]
        n_failed = sum(1 for c in bad if c["status"] == "FAILED")
        n_partial = sum(1 for c in bad if c["status"] == "PARTIAL")
        return write_scenario(
            out_dir, name="r41-geomagnetic-storm-tle-none", service=SERVICE, onset=onset,
            description=f"""
Nimbra Space's ground station contacts fail on the evening of Thursday 15
October: from {onset.strftime('%H:%M:%S')} UTC Tundra Ground Network's antennas find no
carrier on passes of one satellite after another, station after station
({n_failed} contacts without lock and {n_partial} acquired minutes late by 20:30),
the satellites' recorders fill and low-priority captures are dropped. A
contact-planner release that changed where the element sets come from
had gone out at 16:41; rolling it back at 17:43 did not help. Contacts
acquire again from 18:3x.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"TLE prediction diverges from GNSS fix",
                r"Geomagnetic K-index of",
                r"no carrier lock .* after scheduled AOS",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A CME reached Earth at 13:52 UTC and the
geomagnetic storm reached G4 (K-index 8) at 16:52. The heated
thermosphere raised drag at 510 km several-fold, so the satellites fell
behind the positions predicted by their TLEs, which Space-Track had
fitted before the storm (epochs 04:00-13:00). FD's checks of the GNSS
fixes in each pass's telemetry warn "TLE prediction diverges from GNSS
fix" from {min(stats['diverge']).strftime('%H:%M')}, before any release; TGN's antennas
program-track from the newest uploaded ephemeris and from about 17:10
miss the satellites, highest passes first ("no carrier lock 60 s after
scheduled AOS", NO_CARRIER_LOCK, LATE_ACQUISITION). Space-Track's
refreshed element sets are no better. FD's OEM ephemeris from an orbit
determination with an estimated drag scale, uploaded from 18:15 (with
the planner's TLE timer stopped so the 20:10 refresh cannot overwrite
them), ends it. TGN's status page posts at 18:06, Space-Track's notice at
19:38.
Decoys: contact-planner's release at 16:41, {round((onset - RELEASE).total_seconds() / 60)} minutes before the
onset: ORB-212 (element sets from Space-Track's gp class as OMM JSON
instead of tle_latest) in src/orbit/spacetrack.rs and src/orbit/omm.rs,
the pre-pass antenna margin 30 s -> 45 s in config/production.toml
(OPS-548), and OPS-540 of the evening before, which logs "contact not
completed" with TGN's reason, Eb/N0 and the tracking source; its start-up
refresh uploads the TLEs to TGN half an hour before the first failure
(two of them newer, still pre-storm), and the warning appears only while
it runs. The rollback at 17:43 changes nothing but the wording. Also the
reqwest bump, the Retry-After and Awarua terrain commits, the docs
commit on how element sets reach TGN, the CI commit; an antenna fault
at Hartebeesthoek at 14:31 and an RFI partial at Punta Arenas.
""",
        )
    finally:
        repo.close()
