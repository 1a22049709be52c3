"""hydrodispatch (Rust 1.84, tokio, tracing; an IEC 60870-5-104 client to
each plant's RTU through the ROC front-end; one active VM in the Bergen
control centre, a cold standby in Sogndal; released by a GitLab pipeline
whose manual deploy job runs Ansible; team in Bergen and Trondheim, and a
contractor in Gdańsk) of Fjellkraft AS, which runs four hydro plants in
Sogn (price area NO5). The trading desk's tool (Volta) publishes each
plant's schedule per 15-minute MTU: the MW sold day-ahead and intraday,
the FCR-N and FCR-D reserves, and how many units must be online (the desk
decides unit commitment; Statnett can order more). hydrodispatch splits
each plant's MW over its online units and writes every unit's active power
setpoint to the plant control system (PCS), whose governors follow it;
every minute it compares the plant's measured output with the schedule.

Lauvdal kraftverk: three Francis units of 75 MW under 405 m of head, from
Lauvdalsvatnet (HRV 742.0, LRV 712.0 masl). Between 18 and 44 MW (G3,
re-runnered in 2019: 20-42 MW) a Francis runner at part load swirls a
vortex rope in the draft tube: pressure pulsations, guide bearing
vibration. The units pass through that zone when they start and stop, and
the PCS alarms when one stays in it for 60 s ("Active power in restricted
range"); the guide bearing vibration protection trips a unit at 140 µm.
hydrodispatch's priority allocator (since 2019) fills the units in order
up to their best point and moves a unit out of a rough zone, taking the
difference from the unit before it.

Monday 2 March 2026, 10:12 UTC: DSP-287 "allocate: economic split by the
units' flow curves". Marte's study: an equal-incremental split of the
plant's MW by the index-test flow curves uses 0.6 % less water than the
priority order at Lauvdal. The new economic allocator finds, by bisection,
the marginal flow λ at which the online units' outputs add up to the
schedule and clamps each to its limits; the rough zones are "left to the
curves: the index-test efficiency falls steeply there, so the optimum
stays out of them". It is enabled for Lauvdal in the config. The curves are
smooth and the three units nearly identical, so the economic split of any
total is nearly equal: with two units online (the evenings and nights
since Monday, 100-150 MW) 50-75 MW each, out of the zone but for one MTU
on Tuesday night at 82 MW; with three online and 54-132 MW, all three are
in it. Released in 2.14.0, deployed Monday at 18:25.

Wednesday 4 March, 21:30 UTC: Statnett has ordered three units
synchronized at Lauvdal from 21:30 to 06:00 (voltage support while the
Sogndal-Aurland 300 kV line is out), and prices are low (a windy night):
the desk's schedule falls from 150 MW to 120 at 21:45 and 105 at 22:00,
with three units online. The economic split gives 39.5/39.5/41.0 MW, then
34.5/34.5/36.0: from 21:45 all three units pulsate and vibrate, the PCS
alarms, and at 22:04 G2 trips on guide bearing vibration (the other two,
at 52 MW, go quiet). Statnett calls about the run order.

At 19:35 Eirik had deployed 2.15.0 in the evening change window: DSP-298,
which logs every unit alarm the PCS sends (the very "unit alarm from PCS"
warning that fills the log); DSP-296, FCR-D up headroom on each online
unit (in the allocation); DSP-293, setpoints rounded to 0.1 MW in the
culprit's file; a tokio bump. Tuesday's runbook reads pulsation and
vibration alarms at night as the governors' FCR-N parameters (G3's
governor was serviced on Monday) or a release: roll back first. Eirik
rolls back to 2.14.0 at 22:38, which holds the culprit: the warnings go,
the alarms do not. Arne, the plant's on-call technician, finds nothing
wrong with G2; it is synchronized again at 22:53, the split puts all three
at 33.5/33.5/35.0 MW and G2 trips a second time at 22:58. Arne: "34-35 MW
on all three is the vortex rope zone, the dispatch has never run them like
that"; Sindre (ROC) recalls a restricted range alarm on Tuesday night (two
units at 41 MW each for one MTU) and takes Lauvdal into manual (G1 52, G2
44, G3 4); Kari reads the allocation lines ("allocator=Economic ...
G1:34.5,G2:34.5,G3:36.0") and recognises DSP-287. 2.15.1 (Lauvdal back to
the priority allocator) is deployed at 23:41 and the ROC hands Lauvdal
back at 23:52. DSP-301 (Thursday) keeps the economic split out of the
rough zones.

Sources: hydrodispatch (tracing fmt), the ROC SCADA event list of the
four plants (line format), Lauvdal's condition monitoring (JSON), Volta
(logfmt: schedules, reserves, Statnett's run order), the GitLab deploy
jobs, #roc-drift (Slack export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "hydrodispatch"
CET = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-03-04 18:20:00"), utc("2026-03-05 01:40:00")
DEPLOY_2150 = utc("2026-03-04 19:35:10")
ROLLBACK = utc("2026-03-04 22:38:20")
DEPLOY_2151 = utc("2026-03-04 23:41:30")


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

CARGO = """[package]
name = "hydrodispatch"
version = "2.13.2"
edition = "2021"
rust-version = "1.84"
publish = false

[dependencies]
anyhow = "1.0.95"
chrono = { version = "0.4.39", default-features = false, features = ["clock", "serde"] }
iec104 = { git = "https://gitlab.fjellkraft.no/kraftsystem/iec104-rs.git", tag = "v0.9.3" }
reqwest = { version = "0.12.12", default-features = false, features = ["json", "rustls-tls"] }
serde = { version = "1.0.217", features = ["derive"] }
serde_json = "1.0.138"
tokio = { version = "1.43.0", features = ["full"] }
toml = "0.8.19"
tracing = "0.1.41"
tracing-subscriber = { version = "0.3.19", features = ["env-filter"] }

[dev-dependencies]
approx = "0.5.1"
"""

BUILD_RS = """use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=8", "HEAD"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    println!("cargo:rustc-env=GIT_COMMIT={}", commit.trim());
}
"""

MAIN_RS = """use std::sync::Arc;

use anyhow::Context;
use tracing::info;

mod allocate;
mod config;
mod dispatch;
mod pcs;
mod plant;
mod schedule;
mod tracking;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_ansi(false)
        .init();
    let path = std::env::var("HYDRODISPATCH_CONFIG")
        .unwrap_or_else(|_| "/etc/hydrodispatch/hydrodispatch.toml".into());
    let cfg = config::load(&path).with_context(|| format!("loading {path}"))?;
    info!(version = env!("CARGO_PKG_VERSION"), commit = env!("GIT_COMMIT"), plants = cfg.plants.len(), "starting hydrodispatch");
    for p in &cfg.plants {
        info!(plant = %p.id, units = p.units.len(), allocator = ?p.allocator, "plant configured");
    }
    let pcs = Arc::new(pcs::Pcs::connect(&cfg.pcs, &cfg.plants).await?);
    let volta = schedule::volta::Client::new(&cfg.volta)?;
    dispatch::run(Arc::new(cfg), pcs, volta).await
}
"""

CONFIG_RS = """use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::plant::{FlowCurve, Reservoir, Unit};

/// config/hydrodispatch.toml, with each plant's file from config/plants/.
#[derive(Debug, Deserialize)]
pub struct Config {
    pub volta: Volta,
    pub pcs: Pcs,
    pub tracking: Tracking,
    #[serde(rename = "plant")]
    pub plants: Vec<Plant>,
}

#[derive(Debug, Deserialize)]
pub struct Volta {
    pub url: String,
    pub poll_seconds: u64,
}

#[derive(Debug, Deserialize)]
pub struct Pcs {
    pub t1_seconds: u64,
    pub interrogation_minutes: u64,
}

#[derive(Debug, Deserialize)]
pub struct Tracking {
    pub interval_seconds: u64,
    pub deviation_warn_mw: f64,
    pub deviation_warn_after_seconds: u64,
    pub trim_limit_mw: f64,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Allocator {
    Priority,
}

#[derive(Debug, Deserialize)]
pub struct Plant {
    pub id: String,
    pub rtu: String,
    pub common_address: u16,
    pub allocator: Allocator,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub priority: Vec<String>,
    #[serde(skip)]
    pub reservoir: Option<Reservoir>,
    #[serde(skip)]
    pub units: Vec<Unit>,
}

#[derive(Debug, Deserialize)]
struct PlantFile {
    name: String,
    priority: Vec<String>,
    reservoir: Reservoir,
    #[serde(rename = "unit")]
    units: Vec<Unit>,
}

pub fn load(path: &str) -> anyhow::Result<Config> {
    let dir = Path::new(path).parent().unwrap_or(Path::new("."));
    let mut cfg: Config = toml::from_str(&std::fs::read_to_string(path)?)?;
    for plant in &mut cfg.plants {
        let file = dir.join("plants").join(format!("{}.toml", plant.id));
        let pf: PlantFile = toml::from_str(&std::fs::read_to_string(&file)?)
            .with_context(|| format!("{}", file.display()))?;
        plant.name = pf.name;
        plant.priority = pf.priority;
        plant.reservoir = Some(pf.reservoir);
        plant.units = pf.units;
        for unit in &mut plant.units {
            unit.flow = FlowCurve::load(&dir.join(&unit.curve))?;
        }
    }
    Ok(cfg)
}
"""

PLANT_RS = """use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Reservoir {
    pub name: String,
    pub hrv_masl: f64,
    pub lrv_masl: f64,
}

/// One generating unit as config/plants/<plant>.toml describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    pub id: String,
    /// IOA of the unit's active power setpoint (C_SE_NC_1) in the RTU.
    pub setpoint_ioa: u32,
    /// Lowest output while synchronized.
    pub p_min_mw: f64,
    /// Best-efficiency point.
    pub p_best_mw: f64,
    pub p_max_mw: f64,
    /// Ranges the unit may pass through but not run in (draft tube vortex
    /// rope, cavitation), from the vibration tests.
    #[serde(default)]
    pub rough_zones_mw: Vec<[f64; 2]>,
    /// Index-test curve, mw,flow_m3s.
    pub curve: String,
    #[serde(skip)]
    pub flow: FlowCurve,
}

impl Unit {
    /// The rough zone `p` lies strictly inside, if any.
    pub fn rough_zone_at(&self, p: f64) -> Option<[f64; 2]> {
        self.rough_zones_mw.iter().copied().find(|z| p > z[0] && p < z[1])
    }
}

/// Turbine flow against output from the unit's index test, linear between
/// the measured points.
#[derive(Debug, Clone, Default)]
pub struct FlowCurve {
    points: Vec<(f64, f64)>,
}

impl FlowCurve {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        let mut points = Vec::new();
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let (p, q) = line.split_once(',').ok_or_else(|| anyhow::anyhow!("{}: bad line {line:?}", path.display()))?;
            points.push((p.trim().parse()?, q.trim().parse()?));
        }
        anyhow::ensure!(points.len() >= 3, "{}: fewer than 3 points", path.display());
        Ok(Self { points })
    }

    pub fn flow_m3s(&self, mw: f64) -> f64 {
        for w in self.points.windows(2) {
            let ((p0, q0), (p1, q1)) = (w[0], w[1]);
            if mw <= p1 {
                return q0 + (q1 - q0) * (mw - p0) / (p1 - p0);
            }
        }
        self.points[self.points.len() - 1].1
    }
}
"""

ALLOC_MOD = """//! Splits a plant's scheduled output over its online units.

mod priority;

use crate::config::Allocator;
use crate::plant::Unit;

#[derive(Debug, Clone)]
pub struct Setpoint {
    pub unit: String,
    pub mw: f64,
}

/// `units` are the plant's online units in priority order.
pub fn allocate(kind: Allocator, units: &[&Unit], total_mw: f64) -> Vec<Setpoint> {
    let mws = match kind {
        Allocator::Priority => priority::split(units, total_mw),
    };
    units
        .iter()
        .zip(mws)
        .map(|(u, mw)| Setpoint { unit: u.id.clone(), mw })
        .collect()
}

/// "G1:57.0,G2:44.0,G3:4.0", for the allocation log line.
pub fn format(setpoints: &[Setpoint]) -> String {
    setpoints
        .iter()
        .map(|s| format!("{}:{:.1}", s.unit, s.mw))
        .collect::<Vec<_>>()
        .join(",")
}
"""

PRIORITY = """//! The priority allocator (2019): units in the plant's priority order, each
//! filled up to its best-efficiency point before the next, then up to its
//! maximum. A unit whose share lands inside a rough zone goes down to the
//! zone's lower edge if the units before it can take the difference, or
//! else up to the upper edge, taking the difference from the units before it.

use crate::plant::Unit;

pub fn split(units: &[&Unit], total_mw: f64) -> Vec<f64> {
    let n = units.len();
    let mut p: Vec<f64> = units.iter().map(|u| u.p_min_mw).collect();
    let mut rest = total_mw - p.iter().sum::<f64>();
    for best in [true, false] {
        for (i, u) in units.iter().enumerate() {
            let level = if best { u.p_best_mw } else { u.p_max_mw };
            let add = (level - p[i]).max(0.0).min(rest.max(0.0));
            p[i] += add;
            rest -= add;
        }
    }
    for i in 0..n {
        let Some([lo, hi]) = units[i].rough_zone_at(p[i]) else { continue };
        let down = p[i] - lo;
        let room: f64 = (0..i).map(|j| units[j].p_max_mw - p[j]).sum();
        if room >= down {
            p[i] = lo;
            let mut give = down;
            for j in 0..i {
                let add = (units[j].p_max_mw - p[j]).min(give);
                p[j] += add;
                give -= add;
            }
        } else {
            let mut take = hi - p[i];
            p[i] = hi;
            for j in (0..i).rev() {
                let floor = units[j].rough_zones_mw.iter().map(|z| z[1]).fold(units[j].p_min_mw, f64::max);
                let sub = (p[j] - floor).max(0.0).min(take);
                p[j] -= sub;
                take -= sub;
            }
        }
    }
    p
}
"""

DISPATCH = """use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tracing::{info, warn};

use crate::allocate;
use crate::config::Config;
use crate::pcs::Pcs;
use crate::schedule::volta::{self, Mtu};
use crate::tracking::Tracker;

/// Applies each plant's schedule at the start of every MTU (and whenever
/// Volta publishes a new version or a unit's availability changes), and
/// runs the tracking loop in between.
pub async fn run(cfg: Arc<Config>, pcs: Arc<Pcs>, volta: volta::Client) -> anyhow::Result<()> {
    let mut applied: HashMap<String, (Mtu, Vec<String>)> = HashMap::new();
    let mut tracker = Tracker::new(&cfg.tracking);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let schedule = volta.current().await;
        for plant in &cfg.plants {
            let Some(mtu) = schedule.mtu(&plant.id) else { continue };
            if pcs.in_manual(&plant.id) {
                tracker.manual(plant, &pcs);
                continue;
            }
            let online: Vec<_> = plant
                .priority
                .iter()
                .filter_map(|id| plant.units.iter().find(|u| &u.id == id))
                .filter(|u| pcs.available(&plant.id, &u.id))
                .take(mtu.units_online)
                .collect();
            let key: Vec<String> = online.iter().map(|u| u.id.clone()).collect();
            if applied.get(&plant.id).map(|(m, k)| m == &mtu && k == &key) != Some(true) {
                if online.len() < mtu.units_online {
                    warn!(plant = %plant.id, ordered = mtu.units_online, available = online.len(), "fewer units available than the schedule's units_online");
                }
                info!(plant = %plant.id, mtu = %mtu.start.format("%H:%M"), schedule_mw = mtu.mw, units_online = mtu.units_online,
                      fcr_n_mw = mtu.fcr_n_mw, fcr_d_up_mw = mtu.fcr_d_up_mw, version = mtu.version, "mtu applied");
                let setpoints = allocate::allocate(plant.allocator, &online, mtu.mw);
                info!(plant = %plant.id, allocator = ?plant.allocator, total_mw = mtu.mw, units_online = online.len(),
                      setpoints = %allocate::format(&setpoints), "allocation");
                for s in &setpoints {
                    pcs.write_setpoint(&plant.id, &s.unit, s.mw).await;
                }
                applied.insert(plant.id.clone(), (mtu.clone(), key));
            }
            tracker.tick(plant, &mtu, &pcs).await;
        }
    }
}
"""

TRACKING = """use std::collections::HashMap;
use std::time::Instant;

use tracing::{info, warn};

use crate::config::{Plant, Tracking};
use crate::pcs::Pcs;
use crate::schedule::volta::Mtu;

/// Once a minute per plant: the measured output against the schedule, a
/// small trim on the setpoints for the plant's losses (DSP-241), and a
/// warning when the plant stays off its schedule (DSP-244).
pub struct Tracker {
    cfg: Tracking,
    last: HashMap<String, Instant>,
    off_since: HashMap<String, Instant>,
    trim: HashMap<String, f64>,
}

impl Tracker {
    pub fn new(cfg: &Tracking) -> Self {
        Self { cfg: cfg.clone(), last: HashMap::new(), off_since: HashMap::new(), trim: HashMap::new() }
    }

    pub async fn tick(&mut self, plant: &Plant, mtu: &Mtu, pcs: &Pcs) {
        if self.last.get(&plant.id).is_some_and(|t| t.elapsed().as_secs() < self.cfg.interval_seconds) {
            return;
        }
        self.last.insert(plant.id.clone(), Instant::now());
        let measured = pcs.plant_output_mw(&plant.id);
        let deviation = measured - mtu.mw;
        let trim = self.trim.entry(plant.id.clone()).or_insert(0.0);
        *trim = (*trim - 0.25 * deviation).clamp(-self.cfg.trim_limit_mw, self.cfg.trim_limit_mw);
        info!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!("{measured:.1}"), deviation_mw = format!("{deviation:.1}"),
              trim_mw = format!("{:.1}", *trim), freq_hz = format!("{:.3}", pcs.frequency_hz()), "plant tracking");
        if deviation.abs() > self.cfg.deviation_warn_mw {
            let since = *self.off_since.entry(plant.id.clone()).or_insert_with(Instant::now);
            if since.elapsed().as_secs() >= self.cfg.deviation_warn_after_seconds {
                warn!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!("{measured:.1}"), for_s = since.elapsed().as_secs(),
                      "plant not following schedule");
            }
        } else {
            self.off_since.remove(&plant.id);
        }
        if let Some(r) = &plant.reservoir {
            if let Some(level) = pcs.reservoir_level_masl(&plant.id) {
                info!(plant = %plant.id, reservoir = %r.name, level_masl = format!("{level:.2}"), lrv = r.lrv_masl, hrv = r.hrv_masl, "reservoir");
            }
        }
    }

    pub fn manual(&mut self, plant: &Plant, pcs: &Pcs) {
        if self.last.get(&plant.id).is_some_and(|t| t.elapsed().as_secs() < self.cfg.interval_seconds) {
            return;
        }
        self.last.insert(plant.id.clone(), Instant::now());
        warn!(plant = %plant.id, measured_mw = format!("{:.1}", pcs.plant_output_mw(&plant.id)), "plant in ROC manual control, setpoints not written");
    }
}
"""

IEC104 = """//! The PCS side: one IEC 60870-5-104 connection per plant RTU (through the
//! ROC front-end), measured values and unit states from spontaneous and
//! interrogated ASDUs, setpoints as C_SE_NC_1 with select-before-operate off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use iec104::{Asdu, Client, Cot, TypeId};
use tracing::{info, warn};

use crate::config::{Pcs as PcsConfig, Plant};

pub struct Pcs {
    links: HashMap<String, Client>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    output_mw: HashMap<String, f64>,
    available: HashMap<(String, String), bool>,
    manual: HashMap<String, bool>,
    level_masl: HashMap<String, f64>,
    frequency_hz: f64,
}

impl Pcs {
    pub async fn connect(cfg: &PcsConfig, plants: &[Plant]) -> anyhow::Result<Self> {
        let mut links = HashMap::new();
        for p in plants {
            let client = Client::connect(&p.rtu, p.common_address, Duration::from_secs(cfg.t1_seconds)).await?;
            info!(rtu = %p.rtu, common_address = p.common_address, "iec104 connected");
            let points = client.general_interrogation().await?;
            info!(rtu = %p.rtu, points = points.len(), "general interrogation complete");
            links.insert(p.id.clone(), client);
        }
        Ok(Self { links, state: Mutex::new(State::default()) })
    }

    pub async fn write_setpoint(&self, plant: &str, unit: &str, mw: f64) {
        let Some(link) = self.links.get(plant) else { return };
        match link.setpoint_float(unit_ioa(plant, unit), mw as f32).await {
            Ok(Cot::ActivationCon) => info!(plant, unit, mw = format!("{mw:.1}"), "setpoint written"),
            Ok(cot) => warn!(plant, unit, mw = format!("{mw:.1}"), cot = ?cot, "setpoint not confirmed"),
            Err(err) => warn!(plant, unit, error = %err, "setpoint write failed"),
        }
    }

    pub fn on_asdu(&self, plant: &str, asdu: &Asdu) {
        let mut st = self.state.lock().unwrap();
        match asdu.type_id {
            TypeId::M_ME_NC_1 => { /* measurands: plant output, level, frequency */ }
            TypeId::M_SP_TB_1 => { /* unit available / tripped, plant manual */ }
            _ => {}
        }
        let _ = (&mut st, plant);
    }

    pub fn plant_output_mw(&self, plant: &str) -> f64 {
        self.state.lock().unwrap().output_mw.get(plant).copied().unwrap_or(0.0)
    }

    pub fn available(&self, plant: &str, unit: &str) -> bool {
        self.state.lock().unwrap().available.get(&(plant.to_string(), unit.to_string())).copied().unwrap_or(false)
    }

    pub fn in_manual(&self, plant: &str) -> bool {
        self.state.lock().unwrap().manual.get(plant).copied().unwrap_or(false)
    }

    pub fn reservoir_level_masl(&self, plant: &str) -> Option<f64> {
        self.state.lock().unwrap().level_masl.get(plant).copied()
    }

    pub fn frequency_hz(&self) -> f64 {
        self.state.lock().unwrap().frequency_hz
    }
}

fn unit_ioa(_plant: &str, _unit: &str) -> u32 {
    4101
}
"""

PCS_MOD = "mod iec104;\n\npub use iec104::Pcs;\n"

VOLTA = """//! Schedules from Volta, the trading desk's tool: per plant and 15-minute
//! MTU the MW to produce, the reserves and how many units must be online.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::RwLock;
use tracing::{info, warn};

use crate::config::Volta as VoltaConfig;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Mtu {
    pub start: DateTime<Utc>,
    pub mw: f64,
    pub units_online: usize,
    pub fcr_n_mw: f64,
    pub fcr_d_up_mw: f64,
    pub version: u32,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct Schedule {
    pub plants: std::collections::HashMap<String, Vec<Mtu>>,
}

impl Schedule {
    pub fn mtu(&self, plant: &str) -> Option<Mtu> {
        let now = Utc::now();
        self.plants.get(plant)?.iter().rev().find(|m| m.start <= now).cloned()
    }
}

pub struct Client {
    http: reqwest::Client,
    url: String,
    current: Arc<RwLock<Schedule>>,
}

impl Client {
    pub fn new(cfg: &VoltaConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
        let client = Self { http, url: cfg.url.clone(), current: Arc::default() };
        client.spawn_poll(Duration::from_secs(cfg.poll_seconds));
        Ok(client)
    }

    pub async fn current(&self) -> Schedule {
        self.current.read().await.clone()
    }

    fn spawn_poll(&self, every: Duration) {
        let (http, url, current) = (self.http.clone(), format!("{}/schedules/current", self.url), self.current.clone());
        tokio::spawn(async move {
            let mut backoff = Duration::from_secs(2);
            loop {
                match http.get(&url).send().await.and_then(|r| r.error_for_status()) {
                    Ok(resp) => match resp.json::<Schedule>().await {
                        Ok(s) => {
                            let mut cur = current.write().await;
                            for (plant, mtus) in &s.plants {
                                let new = mtus.iter().map(|m| m.version).max().unwrap_or(0);
                                let old = cur.plants.get(plant).and_then(|v| v.iter().map(|m| m.version).max()).unwrap_or(0);
                                if new != old {
                                    info!(plant = %plant, version = new, mtus = mtus.len(), "schedule received");
                                }
                            }
                            *cur = s;
                            backoff = Duration::from_secs(2);
                        }
                        Err(err) => warn!(error = %err, "schedule body not understood"),
                    },
                    Err(err) => {
                        warn!(error = %err, retry_in_s = backoff.as_secs(), "schedule fetch failed");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(60));
                        continue;
                    }
                }
                tokio::time::sleep(every).await;
            }
        });
    }
}
"""

SCHEDULE_MOD = "pub mod volta;\n"

HYDRO_TOML = """# hydrodispatch: Fjellkraft's plant dispatch. Units, rough zones and
# reservoirs per plant in plants/<plant>.toml; index-test curves in curves/.

[volta]
url = "https://volta.fjellkraft.no/api/v2"
poll_seconds = 20

[pcs]
t1_seconds = 15
interrogation_minutes = 60

[tracking]
interval_seconds = 60
deviation_warn_mw = 3.0
deviation_warn_after_seconds = 120
trim_limit_mw = 3.0

[[plant]]
id = "lauvdal"
rtu = "lauvdal-rtu.ot.fjellkraft.no:2404"
common_address = 11
allocator = "priority"

[[plant]]
id = "skorva"
rtu = "skorva-rtu.ot.fjellkraft.no:2404"
common_address = 12
allocator = "priority"

[[plant]]
id = "brekke"
rtu = "brekke-rtu.ot.fjellkraft.no:2404"
common_address = 13
allocator = "priority"

[[plant]]
id = "myrdal"
rtu = "myrdal-rtu.ot.fjellkraft.no:2404"
common_address = 14
allocator = "priority"
"""

# Plants: units (id, p_min, p_best, p_max, rough zones, flow curve a, b, c)
# and the reservoir. The flow curves are the index tests smoothed:
# q = a + b p + c (p - p_best)^2, m3/s.
PLANTS = {
    "lauvdal": {
        "name": "Lauvdal", "code": "LAU", "head_m": 405,
        "reservoir": ("Lauvdalsvatnet", 742.0, 712.0),
        "note": "3 x Francis 75 MW, gross head ~405 m. G1 and G2 1978 (Kvaerner), G3 new\n# runner 2019 (Andritz). Rough zones from the vibration tests (2019 G3,\n# 2021 G1/G2): draft tube vortex rope at part load.",
        "units": [
            ("G1", 4.0, 62.0, 75.0, [(18.0, 44.0)], 1.60, 0.2542, 0.0004),
            ("G2", 4.0, 62.0, 75.0, [(18.0, 44.0)], 1.60, 0.2542, 0.0004),
            ("G3", 4.0, 62.0, 75.0, [(20.0, 42.0)], 1.40, 0.2530, 0.0004),
        ],
    },
    "skorva": {
        "name": "Skorva", "code": "SKO", "head_m": 870,
        "reservoir": ("Skorvatn", 905.0, 880.0),
        "note": "2 x Pelton 45 MW (6 jets), gross head ~870 m. No rough zones.",
        "units": [
            ("G1", 3.0, 38.0, 45.0, [], 0.35, 0.1240, 0.0001),
            ("G2", 3.0, 38.0, 45.0, [], 0.35, 0.1240, 0.0001),
        ],
    },
    "brekke": {
        "name": "Brekke", "code": "BRE", "head_m": 210,
        "reservoir": ("Brekkevatnet", 512.0, 498.5),
        "note": "2 x Francis 32 MW, gross head ~210 m (1962, re-runnered 2008).",
        "units": [
            ("G1", 2.0, 27.0, 32.0, [(8.0, 19.0)], 1.10, 0.4990, 0.0011),
            ("G2", 2.0, 27.0, 32.0, [(8.0, 19.0)], 1.10, 0.4990, 0.0011),
        ],
    },
    "myrdal": {
        "name": "Myrdal", "code": "MYR", "head_m": 168,
        "reservoir": ("Myrdal inntaksdam", 388.0, 385.5),
        "note": "2 x Francis 35 MW, gross head ~168 m. Run of river: open intake pond on\n# Myrdalselva, trash rack with a rack cleaner, gate shaft, 2.9 km tunnel.",
        "units": [
            ("G1", 2.0, 30.0, 35.0, [(10.0, 21.0)], 1.30, 0.6160, 0.0014),
            ("G2", 2.0, 30.0, 35.0, [(10.0, 21.0)], 1.30, 0.6160, 0.0014),
        ],
    },
}
ORDER = ["lauvdal", "skorva", "brekke", "myrdal"]


class U:
    def __init__(self, row, headroom=0.0):
        self.id, self.p_min, self.p_best, p_max, zones, self.a, self.b, self.c = row
        self.p_max = p_max - headroom
        self.zones = zones

    def zone_at(self, p):
        for lo, hi in self.zones:
            if lo < p < hi:
                return (lo, hi)
        return None


def units_of(plant, ids, headroom=0.0):
    rows = {r[0]: r for r in PLANTS[plant]["units"]}
    return [U(rows[i], headroom) for i in ids]


def priority_split(units, total):
    """The 2019 priority allocator (src/allocate/priority.rs)."""
    n = len(units)
    p = [u.p_min for u in units]
    rest = total - sum(p)
    for best in (True, False):
        for i, u in enumerate(units):
            level = u.p_best if best else u.p_max
            add = min(max(level - p[i], 0.0), max(rest, 0.0))
            p[i] += add
            rest -= add
    for i in range(n):
        z = units[i].zone_at(p[i])
        if not z:
            continue
        lo, hi = z
        down = p[i] - lo
        room = sum(units[j].p_max - p[j] for j in range(i))
        if room >= down:
            p[i] = lo
            give = down
            for j in range(i):
                add = min(units[j].p_max - p[j], give)
                p[j] += add
                give -= add
        else:
            take = hi - p[i]
            p[i] = hi
            for j in reversed(range(i)):
                floor = max([units[j].p_min] + [zz[1] for zz in units[j].zones])
                s = min(max(p[j] - floor, 0.0), take)
                p[j] -= s
                take -= s
    return [round(v, 1) for v in p]


def economic_split(units, total):
    """DSP-287's economic allocator: equal marginal flow, clamped to limits."""
    total = min(max(total, sum(u.p_min for u in units)), sum(u.p_max for u in units))
    lo, hi = 0.0, 10.0
    p = []
    for _ in range(60):
        lam = (lo + hi) / 2
        p = [min(max(u.p_best + (lam - u.b) / (2 * u.c), u.p_min), u.p_max) for u in units]
        if sum(p) < total:
            lo = lam
        else:
            hi = lam
    return [round(v, 1) for v in p]


def plant_toml(plant):
    d = PLANTS[plant]
    res = d["reservoir"]
    out = [f"# {d['name']} kraftverk: {d['note']}", f'name = "{d["name"]}"',
           "priority = [" + ", ".join(f'"{u[0]}"' for u in d["units"]) + "]", "",
           "[reservoir]", f'name = "{res[0]}"', f"hrv_masl = {res[1]:.1f}", f"lrv_masl = {res[2]:.1f}"]
    base = {"lauvdal": 4100, "skorva": 4200, "brekke": 4300, "myrdal": 4400}[plant]
    for k, (uid, pmin, pbest, pmax, zones, *_rest) in enumerate(d["units"], start=1):
        out += ["", "[[unit]]", f'id = "{uid}"', f"setpoint_ioa = {base + k}", f"p_min_mw = {pmin:.1f}",
                f"p_best_mw = {pbest:.1f}", f"p_max_mw = {pmax:.1f}"]
        out.append("rough_zones_mw = [" + ", ".join(f"[{lo:.1f}, {hi:.1f}]" for lo, hi in zones) + "]")
        out.append(f'curve = "curves/{plant}_{uid.lower()}.csv"')
    return "\n".join(out) + "\n"


def curve_csv(plant, uid):
    d = PLANTS[plant]
    row = next(r for r in d["units"] if r[0] == uid)
    _, pmin, pbest, pmax, zones, a, b, c = row
    lines = ["mw,flow_m3s"]
    p = 0.0
    while p <= pmax + 1e-9:
        q = a + b * p + c * (p - pbest) ** 2
        lines.append(f"{p:.1f},{q:.3f}")
        p += 5.0
    return "\n".join(lines) + "\n"


GITLAB_CI = """stages: [test, build, deploy]

variables:
  CARGO_HOME: $CI_PROJECT_DIR/.cargo

test:
  stage: test
  image: rust:1.84-bookworm
  script:
    - cargo fmt --check
    - cargo clippy --all-targets -- -D warnings
    - cargo test --locked

build:
  stage: build
  image: rust:1.84-bookworm
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - cargo build --release --locked
    - mv target/release/hydrodispatch hydrodispatch-$CI_COMMIT_TAG
  artifacts:
    paths: [hydrodispatch-$CI_COMMIT_TAG, config/]

deploy:prod:
  stage: deploy
  image: registry.fjellkraft.no/ot/ansible:9.2
  rules:
    - if: $CI_COMMIT_TAG
      when: manual
  environment: ot-prod
  script:
    - ansible-playbook -i deploy/inventory/ot-prod.yml deploy/site.yml -e hydrodispatch_version=$CI_COMMIT_TAG
"""

SITE_YML = """- name: hydrodispatch
  hosts: hydrodispatch_active
  become: true
  tasks:
    - name: binary
      ansible.builtin.copy:
        src: "{{ playbook_dir }}/../hydrodispatch-{{ hydrodispatch_version }}"
        dest: /opt/hydrodispatch/bin/hydrodispatch
        mode: "0755"
      notify: restart hydrodispatch
    - name: config
      ansible.builtin.copy:
        src: "{{ playbook_dir }}/../config/"
        dest: /etc/hydrodispatch/
        mode: "0644"
      notify: restart hydrodispatch
  handlers:
    - name: restart hydrodispatch
      ansible.builtin.systemd:
        name: hydrodispatch
        state: restarted
"""

INVENTORY = """all:
  children:
    hydrodispatch_active:
      hosts:
        hdisp-bgo-01.ot.fjellkraft.no:
    hydrodispatch_standby:
      hosts:
        hdisp-sgn-01.ot.fjellkraft.no:
"""

README = """# hydrodispatch

Fjellkraft's plant dispatch: takes each plant's schedule from Volta (the
trading desk's tool) per 15-minute MTU, splits it over the plant's online
units and writes the units' active power setpoints to the plant control
systems over IEC 60870-5-104. The governors follow the setpoints and do
the frequency response (FCR-N, FCR-D) themselves.

## Running locally

```
cargo test
HYDRODISPATCH_CONFIG=config/hydrodispatch.toml RUST_LOG=info cargo run
```

(against the RTU simulator in `kraftsystem/rtu-sim`).

## Deploying

Tag `vX.Y.Z`; the pipeline builds it and the manual `deploy:prod` job runs
Ansible against the active VM in the ROC (hdisp-bgo-01). OT changes go in
the evening change window (Mon-Thu 19:00-21:00 local) with the ROC told.
See `docs/runbook.md`.
"""

RUNBOOK = """# hydrodispatch runbook

Owner: #kraftsystem. The ROC (#roc-drift) calls the on-call developer.

## Plant not following schedule

"plant not following schedule" for a plant: check the PCS event list for
the plant (unit in local, governor alarm, unit tripped). If a unit is
unavailable hydrodispatch spreads the schedule over the others; tell the
desk (Volta availability). If setpoints are not confirmed, check the
IEC 104 link to the RTU.

## IEC 104 link down

hydrodispatch reconnects by itself; the PCS holds the last setpoints for
10 minutes, then the units go to their local schedule. Myrdal's link runs
over radio and drops now and then.

## Volta unreachable

The last schedule is kept for the MTUs it covers. Ask the desk.
"""

ALLOCATION_DOC = """# Allocation

hydrodispatch splits a plant's MW over the units Volta says are online.

## Priority (2019)

Units in the plant's `priority` order, each filled up to its best point
(`p_best_mw`), then to its maximum. A unit left inside a rough zone
(`rough_zones_mw`: vortex rope, cavitation; from the vibration tests) goes
to the zone's lower edge if the units before it can take the difference,
otherwise to the upper edge with the difference taken from the units
before it. Units pass through the rough zones when they start and stop;
the PCS alarms when one stays in a zone for 60 s.
"""

CHANGELOG = """# Changelog

## 2.13.2

- Volta: keep the last schedule when a fetch fails (DSP-276).

## 2.13.0

- Tracking trim on the setpoints for the plants' losses (DSP-241).
- Warn when a plant stays off its schedule (DSP-244).
"""

TEST_PRIORITY = """use hydrodispatch::allocate::priority_split as split;
use hydrodispatch::plant::Unit;

fn lauvdal() -> Vec<Unit> {
    hydrodispatch::testing::units("config/plants/lauvdal.toml")
}

#[test]
fn fills_in_priority_order() {
    let u = lauvdal();
    let r: Vec<&Unit> = u.iter().collect();
    assert_eq!(split(&r[..2], 140.0), vec![75.0, 65.0]);
}

#[test]
fn keeps_out_of_rough_zones() {
    let u = lauvdal();
    let r: Vec<&Unit> = u.iter().collect();
    let p = split(&r, 105.0);
    for (unit, mw) in r.iter().zip(&p) {
        assert!(unit.rough_zone_at(*mw).is_none(), "{} at {mw}", unit.id);
    }
    assert!((p.iter().sum::<f64>() - 105.0).abs() < 1e-6);
}
"""

LIB_RS = """pub mod allocate;
pub mod config;
pub mod dispatch;
pub mod pcs;
pub mod plant;
pub mod schedule;
pub mod tracking;
"""

TEST_ALLOCATE = """use hydrodispatch::allocate::allocate;
use hydrodispatch::config::{self, Allocator, Plant};

fn plant(id: &str) -> Plant {
    config::load("config/hydrodispatch.toml").unwrap().plants.into_iter().find(|p| p.id == id).unwrap()
}

fn mw(kind: Allocator, plant: &Plant, n: usize, total: f64) -> Vec<f64> {
    let units: Vec<_> = plant.units.iter().take(n).collect();
    allocate(kind, &units, total).iter().map(|s| s.mw).collect()
}

#[test]
fn priority_fills_in_order() {
    assert_eq!(mw(Allocator::Priority, &plant("lauvdal"), 2, 140.0), vec![75.0, 65.0]);
}

#[test]
fn priority_keeps_out_of_rough_zones() {
    let p = plant("lauvdal");
    let got = mw(Allocator::Priority, &p, 3, 105.0);
    for (unit, mw) in p.units.iter().zip(&got) {
        assert!(unit.rough_zone_at(*mw).is_none(), "{} at {mw}", unit.id);
    }
    assert!((got.iter().sum::<f64>() - 105.0).abs() < 1e-6);
}
"""

ECONOMIC = """//! Economic split (DSP-287): equal incremental water use. Every online
//! unit runs where its marginal flow dq/dp (m3/s per MW, from its index-test
//! curve) is the same λ, found by bisection, so the plant's schedule costs
//! the least water (Marte's study: 0.6 % at Lauvdal against the priority
//! order). Each unit is kept within its minimum and maximum. The rough zones
//! are left to the curves: the index-test efficiency falls steeply there,
//! so the optimum stays out of them.

use crate::plant::Unit;

const ITERATIONS: usize = 60;

pub fn split(units: &[&Unit], total_mw: f64) -> Vec<f64> {
    let min: f64 = units.iter().map(|u| u.p_min_mw).sum();
    let max: f64 = units.iter().map(|u| u.p_max_mw).sum();
    let total = total_mw.clamp(min, max);
    let (mut lo, mut hi) = (0.0_f64, 10.0_f64);
    let mut p = vec![0.0; units.len()];
    for _ in 0..ITERATIONS {
        let lambda = (lo + hi) / 2.0;
        for (i, u) in units.iter().enumerate() {
            p[i] = u.flow.power_at_marginal(lambda).clamp(u.p_min_mw, u.p_max_mw);
        }
        if p.iter().sum::<f64>() < total {
            lo = lambda;
        } else {
            hi = lambda;
        }
    }
    p
}
"""

POWER_AT_MARGINAL = """
    /// The output at which the marginal flow dq/dp reaches `lambda`. The
    /// segments' slopes are placed at their midpoints and interpolated; the
    /// index-test curves are convex, so dq/dp rises with output.
    pub fn power_at_marginal(&self, lambda: f64) -> f64 {
        let m: Vec<(f64, f64)> = self
            .points
            .windows(2)
            .map(|w| ((w[0].0 + w[1].0) / 2.0, (w[1].1 - w[0].1) / (w[1].0 - w[0].0)))
            .collect();
        if lambda <= m[0].1 {
            return self.points[0].0;
        }
        for w in m.windows(2) {
            let ((p0, l0), (p1, l1)) = (w[0], w[1]);
            if lambda <= l1 {
                return p0 + (p1 - p0) * (lambda - l0) / (l1 - l0);
            }
        }
        self.points[self.points.len() - 1].0
    }
}
"""

TEST_ECONOMIC = """
#[test]
fn economic_adds_up_to_the_schedule() {
    let p = plant("lauvdal");
    for total in [60.0, 105.0, 150.0, 210.0] {
        let got = mw(Allocator::Economic, &p, 3, total);
        assert!((got.iter().sum::<f64>() - total).abs() < 0.05, "{total}: {got:?}");
    }
}

#[test]
fn economic_stays_within_limits() {
    let p = plant("lauvdal");
    for total in [12.0, 140.0, 225.0] {
        for (unit, mw) in p.units.iter().zip(mw(Allocator::Economic, &p, 3, total)) {
            assert!(mw >= unit.p_min_mw - 1e-9 && mw <= unit.p_max_mw + 1e-9, "{} at {mw}", unit.id);
        }
    }
}

#[test]
fn economic_uses_less_water_than_priority() {
    let p = plant("lauvdal");
    let flow = |mws: Vec<f64>| -> f64 { p.units.iter().zip(mws).map(|(u, mw)| u.flow.flow_m3s(mw)).sum() };
    for total in [100.0, 140.0] {
        assert!(flow(mw(Allocator::Economic, &p, 2, total)) <= flow(mw(Allocator::Priority, &p, 2, total)) + 1e-9);
    }
}
"""

ALARMS = """//! Unit alarms from the PCS (DSP-298). The RTUs send the alarm points as
//! spontaneous single points with time tag (M_SP_TB_1); we only had them in
//! the PCS's own event list, which the developers cannot see. Log each one
//! with the unit's current setpoint so a setpoint and an alarm can be read
//! side by side.

use std::collections::HashMap;

use serde::Deserialize;
use tracing::warn;

#[derive(Debug, Deserialize)]
pub struct AlarmPoints {
    #[serde(rename = "point")]
    pub points: Vec<AlarmPoint>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AlarmPoint {
    pub plant: String,
    pub unit: String,
    pub ioa: u32,
    pub text: String,
}

pub struct Alarms {
    by_ioa: HashMap<(String, u32), AlarmPoint>,
}

impl Alarms {
    pub fn load(path: &str) -> anyhow::Result<Self> {
        let pts: AlarmPoints = toml::from_str(&std::fs::read_to_string(path)?)?;
        Ok(Self { by_ioa: pts.points.into_iter().map(|p| ((p.plant.clone(), p.ioa), p)).collect() })
    }

    pub fn on_point(&self, plant: &str, ioa: u32, active: bool, setpoint_mw: Option<f64>) {
        let Some(p) = self.by_ioa.get(&(plant.to_string(), ioa)) else { return };
        warn!(plant = %p.plant, unit = %p.unit, alarm = %p.text, state = if active { "ACT" } else { "CLR" },
              setpoint_mw = setpoint_mw.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into()), "unit alarm from PCS");
    }
}
"""

ALARM_POINTS = [
    ("lauvdal", "G1", 3011, "Draft tube pressure pulsation high"), ("lauvdal", "G1", 3012, "TGB vibration high"),
    ("lauvdal", "G1", 3013, "TGB vibration high-high"), ("lauvdal", "G1", 3014, "Active power in restricted range"),
    ("lauvdal", "G2", 3021, "Draft tube pressure pulsation high"), ("lauvdal", "G2", 3022, "TGB vibration high"),
    ("lauvdal", "G2", 3023, "TGB vibration high-high"), ("lauvdal", "G2", 3024, "Active power in restricted range"),
    ("lauvdal", "G3", 3031, "Draft tube pressure pulsation high"), ("lauvdal", "G3", 3032, "TGB vibration high"),
    ("lauvdal", "G3", 3033, "TGB vibration high-high"), ("lauvdal", "G3", 3034, "Active power in restricted range"),
    ("skorva", "G1", 3111, "Nozzle 3 needle position deviation"), ("skorva", "G2", 3121, "Nozzle 3 needle position deviation"),
    ("skorva", "G1", 3115, "Generator bearing temperature high"), ("skorva", "G2", 3125, "Generator bearing temperature high"),
    ("brekke", "G1", 3211, "Cooling water flow low"), ("brekke", "G2", 3221, "Cooling water flow low"),
    ("brekke", "G1", 3214, "Active power in restricted range"), ("brekke", "G2", 3224, "Active power in restricted range"),
    ("myrdal", "G1", 3311, "Cooling water flow low"), ("myrdal", "G2", 3321, "Cooling water flow low"),
    ("myrdal", "G1", 3314, "Active power in restricted range"), ("myrdal", "G2", 3324, "Active power in restricted range"),
]


def alarm_points_toml():
    out = ["# Alarm points the RTUs send as M_SP_TB_1 (DSP-298), from the PCS signal lists."]
    for plant, unit, ioa, text in ALARM_POINTS:
        out += ["", "[[point]]", f'plant = "{plant}"', f'unit = "{unit}"', f"ioa = {ioa}", f'text = "{text}"']
    return "\n".join(out) + "\n"


def base_tree():
    tree = {
        "Cargo.toml": CARGO,
        "build.rs": BUILD_RS,
        "rust-toolchain.toml": '[toolchain]\nchannel = "1.84"\ncomponents = ["rustfmt", "clippy"]\n',
        "src/lib.rs": LIB_RS,
        "src/main.rs": MAIN_RS.replace("mod allocate;\nmod config;\nmod dispatch;\nmod pcs;\nmod plant;\nmod schedule;\nmod tracking;\n",
                                       "use hydrodispatch::{config, dispatch, pcs, schedule};\n"),
        "src/config.rs": CONFIG_RS,
        "src/plant.rs": PLANT_RS,
        "src/allocate/mod.rs": ALLOC_MOD,
        "src/allocate/priority.rs": PRIORITY,
        "src/dispatch.rs": DISPATCH,
        "src/tracking.rs": TRACKING,
        "src/pcs/mod.rs": PCS_MOD,
        "src/pcs/iec104.rs": IEC104,
        "src/schedule/mod.rs": SCHEDULE_MOD,
        "src/schedule/volta.rs": VOLTA,
        "config/hydrodispatch.toml": HYDRO_TOML,
        "tests/allocate.rs": TEST_ALLOCATE,
        ".gitlab-ci.yml": GITLAB_CI,
        "deploy/site.yml": SITE_YML,
        "deploy/inventory/ot-prod.yml": INVENTORY,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "docs/allocation.md": ALLOCATION_DOC,
        "CHANGELOG.md": CHANGELOG,
        ".gitignore": "/target\n/.cargo\n",
    }
    for plant in ORDER:
        tree[f"config/plants/{plant}.toml"] = plant_toml(plant)
        for row in PLANTS[plant]["units"]:
            tree[f"config/curves/{plant}_{row[0].lower()}.csv"] = curve_csv(plant, row[0])
    return tree


KARI = Person("Kari Nygård", "kari.nygard@fjellkraft.no", 60)
EIRIK = Person("Eirik Solheim", "eirik.solheim@fjellkraft.no", 60)
MARTE = Person("Marte Haugland", "marte.haugland@fjellkraft.no", 60)
TOMASZ = Person("Tomasz Wiśniewski", "tomasz.wisniewski@ext.fjellkraft.no", 60)
RENOVATE = Person("renovate[bot]", "renovate@gitlab.fjellkraft.no", 0)


def release(repo, when, who, version, notes, prev):
    return repo.commit(when, who, f"release {version}", {
        "Cargo.toml": repo.edit("Cargo.toml", f'version = "{prev}"', f'version = "{version}"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {version}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    })


def build_repo():
    repo = Repo()
    rng = random.Random(95011)
    shas = {}
    alloc, econ, plant_rs, disp = "src/allocate/mod.rs", "src/allocate/economic.rs", "src/plant.rs", "src/dispatch.rs"
    repo.commit(utc("2026-02-23 08:40:00"), KARI, "hydrodispatch 2.13.2 (history squashed on the move from SVN to the kraftsystem group)", base_tree())
    repo.schedule(chores(rng, SERVICE, [EIRIK, MARTE, TOMASZ], utc("2026-02-23 10:00:00"), utc("2026-03-03 16:00:00"), 2))
    repo.commit(utc("2026-02-24 13:05:00"), TOMASZ, "volta: back off to 60 s on repeated fetch failures (DSP-281)", {
        "src/schedule/volta.rs": repo.edit("src/schedule/volta.rs", "Duration::from_secs(60));", "Duration::from_secs(60));\n                        // DSP-281: Volta's nightly restart answers 503 for ~40 s"),
    })
    repo.commit(utc("2026-02-25 07:12:00"), RENOVATE, "chore(deps): update rust crate serde_json to v1.0.139", {
        "Cargo.toml": repo.edit("Cargo.toml", 'serde_json = "1.0.138"', 'serde_json = "1.0.139"'),
    })
    repo.commit(utc("2026-02-26 09:30:00"), EIRIK, "config: Skorva G2 before G1 in the priority order while G1's nozzle 3 is under repair (DSP-284)", {
        "config/plants/skorva.toml": repo.edit("config/plants/skorva.toml", 'priority = ["G1", "G2"]', 'priority = ["G2", "G1"]  # DSP-284: G1 nozzle 3, back after repair'),
    })
    repo.commit(utc("2026-02-27 12:48:00"), EIRIK, "config: Skorva back to G1 first, nozzle 3 repaired (DSP-284)", {
        "config/plants/skorva.toml": repo.edit("config/plants/skorva.toml", 'priority = ["G2", "G1"]  # DSP-284: G1 nozzle 3, back after repair', 'priority = ["G1", "G2"]'),
    })
    shas["culprit"] = repo.commit(utc("2026-03-02 10:12:00"), KARI, "allocate: economic split by the units' flow curves (DSP-287)\n\nMarte's study of last winter's schedules: splitting a plant's MW so that\nevery unit runs at the same marginal flow (equal incremental water use)\nuses 0.6 % less water at Lauvdal than the priority order, which fills G1\nto its best point before G2 gets anything.\n\nThe economic allocator finds the marginal flow by bisection on the\nindex-test curves and keeps each unit within its limits. The rough zones\nneed no special case: the index-test efficiency falls steeply in them, so\nthe optimum stays out.\n\nEnabled for Lauvdal; Brekke and Myrdal after a week of Lauvdal.", {
        econ: ECONOMIC,
        alloc: sub(repo.files[alloc], "mod priority;\n", "mod economic;\nmod priority;\n",
                   "        Allocator::Priority => priority::split(units, total_mw),\n",
                   "        Allocator::Priority => priority::split(units, total_mw),\n        Allocator::Economic => economic::split(units, total_mw),\n"),
        "src/config.rs": sub(repo.files["src/config.rs"], "pub enum Allocator {\n    Priority,\n}", "pub enum Allocator {\n    Priority,\n    Economic,\n}"),
        plant_rs: sub(repo.files[plant_rs], "        self.points[self.points.len() - 1].1\n    }\n}\n", "        self.points[self.points.len() - 1].1\n    }\n" + POWER_AT_MARGINAL),
        "config/hydrodispatch.toml": sub(repo.files["config/hydrodispatch.toml"], 'common_address = 11\nallocator = "priority"', 'common_address = 11\nallocator = "economic"   # DSP-287'),
        "tests/allocate.rs": repo.files["tests/allocate.rs"] + TEST_ECONOMIC,
        "docs/allocation.md": repo.files["docs/allocation.md"] + """
## Economic (DSP-287, 2026)

`allocator = "economic"`: every online unit at the same marginal flow
dq/dp, from the index-test curves in `config/curves/`, found by bisection;
the least water for the plant's MW. Units are kept within `p_min_mw` and
`p_max_mw`; the curves' efficiency keeps the split out of the rough zones.
Lauvdal from 2.14.0.
""",
    })
    repo.commit(utc("2026-03-02 14:25:00"), EIRIK, "docs: economic allocation in the README", {
        "README.md": repo.edit("README.md", "systems over IEC 60870-5-104.", "systems over IEC 60870-5-104. How the MW are split: `docs/allocation.md`\n(priority order, or the economic split at Lauvdal since 2.14.0)."),
    })
    shas["rel_2140"] = release(repo, utc("2026-03-02 15:40:00"), KARI, "2.14.0", [
        "Economic split by the units' flow curves, enabled for Lauvdal (DSP-287).",
        "Volta: back off to 60 s on repeated fetch failures (DSP-281).", "serde_json 1.0.139."], "2.13.2")
    repo.commit(utc("2026-03-03 09:15:00"), MARTE, "runbook: pulsation and vibration alarms", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Pulsation or vibration alarms on a unit

Draft tube pulsation and guide bearing vibration alarms on a running unit
come from the governor, not from the setpoints: most often the FCR-N
parameters (droop, deadband, gain) after a governor service or after
Statnett's FCR tests, which make a unit hunt around its setpoint at night
when the frequency is noisy. Ask the ROC to check the governor's active
parameter set against the plant's FCR settings sheet. If the alarms
started after a hydrodispatch release, roll back first (re-run
`deploy:prod` on the previous tag) and then look.

G3 at Lauvdal had its governor serviced by Nordhydro on 2 March 2026.
""",
    })
    repo.commit(utc("2026-03-03 13:40:00"), KARI, "economic: round setpoints to 0.1 MW, log λ at debug (DSP-293)", {
        econ: sub(repo.files[econ], "use crate::plant::Unit;\n", "use tracing::debug;\n\nuse crate::plant::Unit;\n",
                  "    p\n}\n", "    debug!(lambda = format!(\"{:.5}\", (lo + hi) / 2.0), \"economic split\");\n    p.iter().map(|v| (v * 10.0).round() / 10.0).collect()\n}\n"),
    })
    repo.commit(utc("2026-03-03 15:10:00"), TOMASZ, "allocate: keep FCR-D up headroom on every online unit (DSP-296)\n\nStatnett's FCR-D up needs the sold MW as headroom on the units that\ncarry it. Volta gives the plant's FCR-D up per MTU; spread it over the\nonline units and lower each unit's maximum by its share.", {
        alloc: sub(repo.files[alloc],
                   "/// `units` are the plant's online units in priority order.\npub fn allocate(kind: Allocator, units: &[&Unit], total_mw: f64) -> Vec<Setpoint> {\n    let mws = match kind {\n        Allocator::Priority => priority::split(units, total_mw),\n        Allocator::Economic => economic::split(units, total_mw),\n    };\n",
                   "/// `units` are the plant's online units in priority order; each keeps\n/// its share of the plant's FCR-D up as headroom below its maximum (DSP-296).\npub fn allocate(kind: Allocator, units: &[&Unit], total_mw: f64, fcr_d_up_mw: f64) -> Vec<Setpoint> {\n    let headroom = if units.is_empty() { 0.0 } else { fcr_d_up_mw / units.len() as f64 };\n    let limited: Vec<Unit> = units.iter().map(|u| Unit { p_max_mw: u.p_max_mw - headroom, ..(*u).clone() }).collect();\n    let units: Vec<&Unit> = limited.iter().collect();\n    let units = &units[..];\n    let mws = match kind {\n        Allocator::Priority => priority::split(units, total_mw),\n        Allocator::Economic => economic::split(units, total_mw),\n    };\n"),
        disp: sub(repo.files[disp],
                  "                let setpoints = allocate::allocate(plant.allocator, &online, mtu.mw);\n                info!(plant = %plant.id, allocator = ?plant.allocator, total_mw = mtu.mw, units_online = online.len(),\n",
                  "                let setpoints = allocate::allocate(plant.allocator, &online, mtu.mw, mtu.fcr_d_up_mw);\n                let headroom = if online.is_empty() { 0.0 } else { mtu.fcr_d_up_mw / online.len() as f64 };\n                info!(plant = %plant.id, allocator = ?plant.allocator, total_mw = mtu.mw, units_online = online.len(), headroom_mw = headroom,\n"),
        "tests/allocate.rs": repo.edit("tests/allocate.rs", "    allocate(kind, &units, total).iter()", "    allocate(kind, &units, total, 0.0).iter()"),
    })
    repo.commit(utc("2026-03-04 09:25:00"), EIRIK, "pcs: log unit alarms from the PCS with the unit's setpoint (DSP-298)\n\nThe RTUs send their alarm points spontaneously (M_SP_TB_1) and we dropped\nthem; the alarms were only in the ROC's event list. Map the alarm IOAs to\ntheir texts (config/pcs_alarms.toml, from the signal lists) and log each\nalarm and its clearing with the unit's current setpoint.", {
        "src/pcs/alarms.rs": ALARMS,
        "src/pcs/mod.rs": "mod alarms;\nmod iec104;\n\npub use alarms::Alarms;\npub use iec104::Pcs;\n",
        "src/pcs/iec104.rs": sub(repo.files["src/pcs/iec104.rs"],
                                 "            TypeId::M_SP_TB_1 => { /* unit available / tripped, plant manual */ }\n",
                                 "            TypeId::M_SP_TB_1 => {\n                /* unit available / tripped, plant manual */\n                for (ioa, value) in asdu.single_points() {\n                    self.alarms.on_point(plant, ioa, value, st.setpoint_by_alarm_ioa(plant, ioa));\n                }\n            }\n",
                                 "pub struct Pcs {\n    links: HashMap<String, Client>,\n", "pub struct Pcs {\n    links: HashMap<String, Client>,\n    alarms: super::Alarms,\n",
                                 "        Ok(Self { links, state: Mutex::new(State::default()) })\n",
                                 "        let alarms = super::Alarms::load(\"/etc/hydrodispatch/pcs_alarms.toml\")?;\n        Ok(Self { links, alarms, state: Mutex::new(State::default()) })\n"),
        "config/pcs_alarms.toml": alarm_points_toml(),
    })
    repo.commit(utc("2026-03-04 10:02:00"), RENOVATE, "chore(deps): update rust crate tokio to v1.43.1", {
        "Cargo.toml": repo.edit("Cargo.toml", 'tokio = { version = "1.43.0"', 'tokio = { version = "1.43.1"'),
    })
    shas["rel_2150"] = release(repo, utc("2026-03-04 12:30:00"), EIRIK, "2.15.0", [
        "Unit alarms from the PCS in the log, with the unit's setpoint (DSP-298).",
        "FCR-D up headroom on every online unit (DSP-296).",
        "Economic split: setpoints rounded to 0.1 MW (DSP-293).", "tokio 1.43.1."], "2.14.0")
    shas["hotfix"] = repo.commit(utc("2026-03-04 23:29:00"), KARI, "config: Lauvdal back to the priority allocator (INC-1187)\n\nThe economic split puts all three Lauvdal units inside their rough zones\nwhenever three are online at 54-132 MW: 34.5/34.5/36.0 MW tonight, G2\nand G1 tripped on guide bearing vibration. The curves do not keep it out\nof the zones. Priority until the economic split handles them.", {
        "config/hydrodispatch.toml": repo.edit("config/hydrodispatch.toml", 'allocator = "economic"   # DSP-287', 'allocator = "priority"   # INC-1187: economic split runs the units in their rough zones'),
    })
    shas["rel_2151"] = release(repo, utc("2026-03-04 23:32:00"), KARI, "2.15.1", ["Lauvdal back to the priority allocator (INC-1187)."], "2.15.0")
    repo.commit(utc("2026-03-05 10:20:00"), KARI, "economic: keep the units out of their rough zones (DSP-301, INC-1187)\n\nAn equal-incremental split of nearly identical units is nearly equal and\nlands inside the rough zones whenever the plant's MW per unit does. When\nany unit of the economic split is inside a zone, use the priority split\nfor that MTU and say so.", {
        econ: sub(repo.files[econ],
                  "//! order). Each unit is kept within its minimum and maximum. The rough zones\n//! are left to the curves: the index-test efficiency falls steeply there,\n//! so the optimum stays out of them.\n",
                  "//! order). Each unit is kept within its minimum and maximum. A split that\n//! puts any unit inside a rough zone is replaced by the priority split\n//! (DSP-301, INC-1187: the curves do not keep it out of the zones).\n",
                  "use tracing::debug;\n", "use tracing::{debug, info};\n",
                  "    p.iter().map(|v| (v * 10.0).round() / 10.0).collect()\n}\n",
                  "    if units.iter().zip(&p).any(|(u, mw)| u.rough_zone_at(*mw).is_some()) {\n        info!(\"economic split inside a rough zone, using the priority split\");\n        return super::priority::split(units, total_mw);\n    }\n    p.iter().map(|v| (v * 10.0).round() / 10.0).collect()\n}\n"),
        alloc: sub(repo.files[alloc], "mod economic;\nmod priority;\n", "mod economic;\npub(crate) mod priority;\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the night at Lauvdal

def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def T(clock, day="2026-03-04", next_day="2026-03-05"):
    """'21:45:00' or '22:04:37.410' -> epoch seconds; hours before noon are on the next day."""
    d = day if int(clock[:2]) >= 12 else next_day
    whole, _, frac = clock.partition(".")
    if len(whole) == 5:
        whole += ":00"
    return secs(utc(f"{d} {whole}")) + (float("0." + frac) if frac else 0.0)


def tracing_line(x, level, target, msg, fields):
    t = at(x)
    parts = []
    for k, v in fields:
        if isinstance(v, str) and not v.startswith("%"):
            parts.append(f'{k}="{v}"')
        elif isinstance(v, str):
            parts.append(f"{k}={v[1:]}")
        elif isinstance(v, float):
            parts.append(f"{k}={v!r}")
        else:
            parts.append(f"{k}={v}")
    body = f"{msg} " + " ".join(parts) if parts else msg
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {level:>5} {target}: {body}"


def pcs_line(x, station, obj, cls, state, text):
    t = at(x)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {station} {obj} {cls} {state} {text}"


def mtu_table(rows):
    """[(clock, mw, units, fcr_n, fcr_d_up)] -> [(x, dict)] sorted."""
    out = []
    for clock, mw, units, fcr_n, fcr_d in rows:
        out.append((T(clock), {"mw": float(mw), "units": units, "fcr_n": float(fcr_n), "fcr_d": float(fcr_d)}))
    return out


SCHEDULE = {
    "lauvdal": mtu_table([
        ("18:00", 148, 2, 4, 0), ("18:15", 146, 2, 4, 0), ("18:30", 144, 2, 4, 0), ("18:45", 142, 2, 4, 0),
        ("19:00", 140, 2, 4, 0), ("19:15", 138, 2, 4, 0), ("19:30", 136, 2, 4, 0), ("19:45", 134, 2, 4, 0),
        ("20:00", 132, 2, 4, 0), ("20:15", 130, 2, 4, 0), ("20:30", 130, 2, 4, 0), ("20:45", 128, 2, 4, 0),
        ("21:00", 132, 2, 4, 0), ("21:15", 136, 2, 4, 0), ("21:30", 150, 3, 6, 24), ("21:45", 120, 3, 6, 24),
        ("22:00", 105, 3, 6, 24), ("22:15", 104, 3, 6, 24), ("22:30", 102, 3, 6, 24), ("22:45", 102, 3, 6, 24),
        ("23:00", 100, 3, 6, 24), ("23:15", 100, 3, 6, 24), ("23:30", 99, 3, 6, 24), ("23:45", 100, 3, 6, 24),
        ("00:00", 98, 3, 6, 24), ("00:15", 98, 3, 6, 24), ("00:30", 97, 3, 6, 24), ("00:45", 97, 3, 6, 24),
        ("01:00", 96, 3, 6, 24), ("01:15", 96, 3, 6, 24), ("01:30", 96, 3, 6, 24)]),
    "skorva": mtu_table([
        ("18:00", 86, 2, 2, 0), ("18:15", 84, 2, 2, 0), ("18:45", 82, 2, 2, 0), ("19:00", 80, 2, 2, 0), ("19:30", 78, 2, 2, 0),
        ("20:00", 74, 2, 2, 0), ("20:30", 72, 2, 2, 0), ("21:00", 66, 2, 2, 0), ("21:30", 62, 2, 2, 0),
        ("22:00", 40, 1, 2, 0), ("22:30", 38, 1, 2, 0), ("23:00", 34, 1, 2, 0), ("00:00", 30, 1, 2, 0), ("01:00", 30, 1, 2, 0)]),
    "brekke": mtu_table([
        ("18:00", 58, 2, 0, 0), ("19:30", 54, 2, 0, 0), ("20:30", 52, 2, 0, 0), ("21:00", 50, 2, 0, 0),
        ("22:00", 26, 1, 0, 0), ("23:00", 24, 1, 0, 0), ("00:30", 22, 1, 0, 0)]),
    "myrdal": mtu_table([
        ("18:00", 28, 1, 0, 0), ("20:00", 27, 1, 0, 0), ("21:00", 25, 1, 0, 0), ("22:00", 23, 1, 0, 0), ("23:00", 22, 1, 0, 0)]),
}
VERSIONS = {"lauvdal": [(T("18:00"), 41), (T("20:43:12"), 43)], "skorva": [(T("18:00"), 38), (T("21:12:40"), 39)],
            "brekke": [(T("18:00"), 27)], "myrdal": [(T("18:00"), 22)]}


def mtu_at(plant, x):
    cur = SCHEDULE[plant][0]
    for when, m in SCHEDULE[plant]:
        if when <= x:
            cur = (when, m)
    return cur


def version_of(plant, x):
    v = VERSIONS[plant][0][1]
    for when, ver in VERSIONS[plant]:
        if when <= x:
            v = ver
    return v


# key times (UTC)
G3_START, G3_SYNC = T("21:14:40"), T("21:20:55")
G2_TRIP1 = T("22:04:37.410")
G2_RESET1, G2_START2, G2_SYNC2 = T("22:46:10"), T("22:47:30"), T("22:53:40")
G2_TRIP2 = T("22:58:52.180")
MANUAL_ON = T("23:06:20")
G2_RESET2, G2_START3, G2_SYNC3 = T("23:07:50"), T("23:08:40"), T("23:14:50")
HANDBACK = T("23:52:10")
SKO_G2_STOP, BRE_G2_STOP = T("22:00:40"), T("22:01:15")
HORIZON = secs(utc("2026-03-06 00:00:00"))
RESTARTS = [(secs(DEPLOY_2150), "2.15.0", "rel_2150"), (secs(ROLLBACK), "2.14.0", "rel_2140"), (secs(DEPLOY_2151), "2.15.1", "rel_2151")]
MANUAL_SP = [(T("23:15:31"), "G1", 52.0), (T("23:15:46"), "G2", 44.0), (T("23:16:02"), "G3", 4.0),
             (T("23:30:41"), "G1", 51.0), (T("23:45:29"), "G1", 52.0)]


def version_at(x):
    v = "2.14.0"
    for when, ver, _ in RESTARTS:
        if x >= when + 6:
            v = ver
    return v


def down_at(x):
    """hydrodispatch restarting (no log, no writes)."""
    return any(when <= x < when + 6 for when, _, _ in RESTARTS)


def lau_available(unit, x):
    if unit == "G1":
        return True
    if unit == "G2":
        return not (G2_TRIP1 <= x < G2_SYNC2 or G2_TRIP2 <= x < G2_SYNC3)
    return x >= G3_SYNC


def lau_synced(unit, x):
    return lau_available(unit, x)


VIB = {  # TGB displacement against output inside the rough zone (µm)
    "G1": [(18, 60), (26, 116), (33, 127), (34.5, 124), (39.5, 103), (44, 58)],
    "G2": [(18, 66), (26, 126), (33, 134), (34.5, 132), (39.5, 113), (44, 62)],
    "G3": [(20, 55), (30, 99), (35, 98), (36, 96), (41, 79), (42, 56)],
}


def interp(points, p):
    for (p0, v0), (p1, v1) in zip(points, points[1:]):
        if p0 <= p <= p1:
            return v0 + (v1 - v0) * (p - p0) / (p1 - p0)
    return points[-1][1]


def build_logs(rng, shas):
    app = Log("hydrodispatch.log")
    pcs = Log("roc-scada-events.log")
    cms = Log("lauvdal-vibration-monitoring.log")
    volta = Log("volta.log")
    ci = Log("gitlab-deploy.log")
    slack = Log("slack-roc-drift.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    units = {u[0]: U(u) for u in PLANTS["lauvdal"]["units"]}
    short = {k: shas[k][:8] for k in ("rel_2140", "rel_2150", "rel_2151")}

    def log(x, level, target, msg, *fields):
        if down_at(x):
            return
        x += rng.randint(0, 899) * 1e-6
        app.add(at(x), tracing_line(x, level, target, msg, list(fields)))

    def ev(x, st, obj, cls, state, text):
        if abs(x - round(x)) < 1e-6:
            x += rng.uniform(0.01, 0.6)
        pcs.add(at(x), pcs_line(x, st, obj, cls, state, text))

    # --- hydrodispatch's allocations and the units' setpoints -----------------
    # Lauvdal in detail; the other plants follow their schedules.
    decisions = []          # (x, plant, mtu_x, setpoints dict, online ids, allocator, headroom)
    sp_timeline = {u: [(t0 - 3600, 73.0 if u != "G3" else 0.0)] for u in units}
    sp_timeline["G1"][0] = (t0 - 3600, 74.0)
    sp_timeline["G2"][0] = (t0 - 3600, 74.0)
    points = set()
    for plant in ORDER:
        for when, _ in SCHEDULE[plant]:
            if t0 - 900 <= when <= t1:
                points.add((when + 0.41, plant))
        for when, _ in VERSIONS[plant][1:]:
            points.add((when + 2.2, plant))
    for x in (G3_SYNC, G2_TRIP1, G2_SYNC2, G2_TRIP2, G2_SYNC3, HANDBACK):
        points.add((x + 1.3, "lauvdal"))
    for when, _, _ in RESTARTS:
        for k, plant in enumerate(ORDER):
            points.add((when + 7.1 + 0.05 * k, plant))
    applied = {}
    for x, plant in sorted(points):
        if x < t0 - 900 or x > t1:
            continue
        if plant == "lauvdal" and MANUAL_ON <= x < HANDBACK:
            continue
        mtu_x, m = mtu_at(plant, x)
        ids = [r[0] for r in PLANTS[plant]["units"]]
        if plant == "lauvdal":
            avail = [u for u in ids if lau_available(u, x)]
        elif plant in ("skorva", "brekke") and x >= (SKO_G2_STOP if plant == "skorva" else BRE_G2_STOP):
            avail = ["G1"]
        else:
            avail = ids
        online = avail[:m["units"]]
        restarted = any(when + 7 <= x < when + 8 for when, _, _ in RESTARTS)
        key = (mtu_x, tuple(online), version_of(plant, x))
        if applied.get(plant) == key and not restarted:
            continue
        applied[plant] = key
        ver = version_at(x)
        headroom = m["fcr_d"] / len(online) if (ver >= "2.15.0" and online) else 0.0
        allocator = "Economic" if (plant == "lauvdal" and ver in ("2.14.0", "2.15.0")) else "Priority"
        us = units_of(plant, online, headroom)
        mws = economic_split(us, m["mw"]) if allocator == "Economic" else priority_split(us, m["mw"])
        x += rng.uniform(0.0, 0.06)
        decisions.append((x, plant, mtu_x, m, dict(zip(online, mws)), online, allocator, headroom, ver, len(avail)))
        if plant == "lauvdal":
            for u, mw in zip(online, mws):
                sp_timeline[u].append((x + 0.2, mw))
    for x, u, mw in MANUAL_SP:
        sp_timeline[u].append((x, mw))

    def sp_at(u, x):
        cur = sp_timeline[u][0][1]
        for when, mw in sp_timeline[u]:
            if when <= x:
                cur = mw
        return cur

    # --- Lauvdal's units second by second ------------------------------------
    # The governors ramp at 1 MW/s; a unit just synchronized holds p_min
    # until hydrodispatch (or the operator) sends it a setpoint.
    n = int(t1 - t0) + 1
    power = {u: [0.0] * n for u in units}
    clean = {u: [0.0] * n for u in units}
    vib = {u: [0.0] * n for u in units}
    syncs = {"G1": [t0 - 7200], "G2": [t0 - 7200, G2_SYNC2, G2_SYNC3], "G3": [G3_SYNC]}
    for u in units:
        p = 73.0 if u != "G3" else 0.0
        sp_iter = sorted(sp_timeline[u])
        for i in range(n):
            x = t0 + i
            if not lau_synced(u, x):
                p = 0.0
            else:
                if p == 0.0:
                    p = units[u].p_min
                last_sync = max(s for s in syncs[u] if s <= x)
                newer = [mw for when, mw in sp_iter if last_sync <= when <= x]
                target = newer[-1] if newer else units[u].p_min
                p = p + max(-1.0, min(1.0, target - p))
            clean[u][i] = p
            zone = units[u].zone_at(p) if p > 0 else None
            if p <= 0:
                power[u][i] = 0.0
                vib[u][i] = rng.uniform(2.0, 4.0)
                continue
            power[u][i] = max(0.0, p + rng.gauss(0, 1.3 if zone else 0.22))
            if zone:
                vib[u][i] = interp(VIB[u], p) * rng.uniform(0.93, 1.07)
            else:
                vib[u][i] = (36 + 0.28 * abs(p - 62) + (3.0 if u == "G2" else 0.0)) * rng.uniform(0.94, 1.06)
    # the vibration just before each trip
    for trip in (G2_TRIP1, G2_TRIP2):
        i = int(trip - t0)
        for k in range(1, 7):
            vib["G2"][i - k] = rng.uniform(141.0, 149.0)
    i0 = lambda x: int(x - t0)  # noqa: E731

    def pw(u, x):
        i = i0(x)
        return power[u][i] if 0 <= i < n else 0.0

    # zone episodes per unit (for the PCS's alarms)
    episodes = {u: [] for u in units}
    for u in units:
        start = None
        for i in range(n):
            inz = clean[u][i] > 0 and units[u].zone_at(clean[u][i]) is not None
            if inz and start is None:
                start = t0 + i
            if not inz and start is not None:
                if t0 + i - start > 20:
                    episodes[u].append((start, t0 + i))
                start = None
        if start is not None:
            episodes[u].append((start, t1))
    stats["episodes"] = episodes
    first_alarm = None
    DELAY = {"G1": (46.3, 81.7), "G2": (33.8, 57.2), "G3": (71.5, None)}
    alarms = []   # (x, unit, text, state, value)
    for u in units:
        for k, (a, b) in enumerate(episodes[u]):
            dl_puls, dl_vib = DELAY[u]
            jitter = rng.uniform(-3, 3)
            if b - a >= 60:
                alarms.append((a + 60.0 + rng.uniform(0.05, 0.6), u, "Active power in restricted range", "ACT", None))
                alarms.append((b + rng.uniform(0.3, 1.2), u, "Active power in restricted range", "CLR", None))
            if b - a >= dl_puls + jitter:
                x = a + dl_puls + jitter
                alarms.append((x, u, "Draft tube pressure pulsation high", "ACT", round(rng.uniform(11.5, 16.8), 1)))
                alarms.append((b + rng.uniform(6, 10), u, "Draft tube pressure pulsation high", "CLR", None))
            vib_from = dl_vib
            if u == "G3":
                deep = [t0 + i for i in range(i0(a), i0(b)) if 0 < clean[u][i] < 38.5]
                vib_from = (deep[0] - a + 95.0) if deep else None
            if vib_from is not None and b - a >= vib_from + jitter:
                x = a + vib_from + jitter
                for j in range(i0(x) - 5, i0(x) + 1):
                    vib[u][j] = max(vib[u][j], rng.uniform(90.5, 94.0))
                alarms.append((x, u, "TGB vibration high", "ACT", round(max(vib[u][i0(x) - 5:i0(x) + 1]), 0)))
                alarms.append((b + rng.uniform(15, 25), u, "TGB vibration high", "CLR", None))
    alarms.sort()
    onset_x = min(x for x, _, _, s, _ in alarms if s == "ACT" and x > T("21:40"))
    stats["onset"] = onset_x

    # --- PCS events ------------------------------------------------------------
    alarm_ioa = {(p, u, text): ioa for p, u, ioa, text in ALARM_POINTS}
    fwd = []   # alarms hydrodispatch forwards (2.15.x)
    for x, u, text, state, value in alarms:
        if state == "ACT":
            if text == "Active power in restricted range":
                detail = f"{units[u].zones[0][0]:.0f}-{units[u].zones[0][1]:.0f} MW for 60 s ({pw(u, x):.1f} MW)"
            elif text == "Draft tube pressure pulsation high":
                detail = f"{value} kPa pk-pk (limit 10.0)"
            else:
                detail = f"{value:.0f} um (limit 90)"
            ev(x, "LAU", u, "ALARM", "ACT", f"{text} {detail}")
        else:
            ev(x, "LAU", u, "ALARM", "CLR", text)
        fwd.append((x + rng.uniform(0.05, 0.3), "lauvdal", u, text, state))
    for trip in (G2_TRIP1, G2_TRIP2):
        v = vib["G2"][i0(trip) - 1]
        ev(trip, "LAU", "G2", "ALARM", "ACT", f"TGB vibration high-high {v:.0f} um (limit 140, 5 s)")
        fwd.append((trip + 0.12, "lauvdal", "G2", "TGB vibration high-high", "ACT"))
        ev(trip + 0.04, "LAU", "G2", "TRIP", "ACT", "Quick shutdown: TGB vibration high-high")
        ev(trip + 0.09, "LAU", "G2", "SEQ", "-", "Generator breaker open (protection)")
        ev(trip + 0.31, "LAU", "G2", "SEQ", "-", "Excitation off")
        ev(trip + 6.8, "LAU", "G2", "SEQ", "-", "Wicket gates closed (quick closure)")
        ev(trip + 24.5, "LAU", "G2", "SEQ", "-", "Turbine inlet valve closed")
        ev(trip + 96.0, "LAU", "G2", "SEQ", "-", "Mechanical brake applied at 20 % speed")
        ev(trip + 171.4, "LAU", "G2", "SEQ", "-", "Unit stopped, lockout 86M set")
        ev(trip + 175.0, "LAU", "G2", "ALARM", "CLR", "TGB vibration high-high")
        fwd.append((trip + 175.1, "lauvdal", "G2", "TGB vibration high-high", "CLR"))
    stats["trips"] = [G2_TRIP1, G2_TRIP2]

    def start_seq(x0, st, u, who, sync):
        steps = [(0, "Start sequence initiated ({})".format(who)), (6.2, "Cooling water pumps running"), (11.8, "Governor HPU pressure OK"),
                 (48.0, "Turbine inlet valve open"), (63.5, "Wicket gates opening (start limit 18 %)"), (sync - x0 - 71.0, "Speed 95 %"),
                 (sync - x0 - 64.0, "Excitation on"), (sync - x0 - 58.2, "Synchronizing"), (sync - x0, "Generator breaker closed")]
        for dx, text in steps:
            ev(x0 + dx, st, u, "SEQ", "-", text)
        ev(sync + 0.9, st, u, "EVENT", "-", "Unit in operation, remote setpoint, active power 4.0 MW" if st == "LAU" else "Unit in operation, remote setpoint")

    def stop_seq(x0, st, u, who):
        for dx, text in [(0, f"Stop sequence initiated ({who})"), (1.0, "Unloading"), (38.5, "Generator breaker open"), (39.1, "Excitation off"),
                         (51.0, "Wicket gates closed"), (70.2, "Turbine inlet valve closed"), (141.0, "Mechanical brake applied at 20 % speed"),
                         (214.6, "Unit stopped")]:
            ev(x0 + dx, st, u, "SEQ", "-", text)

    start_seq(G3_START, "LAU", "G3", "ROC sfjeld", G3_SYNC)
    ev(G2_RESET1, "LAU", "G2", "EVENT", "-", "Lockout 86M reset (local, atveit)")
    start_seq(G2_START2, "LAU", "G2", "ROC sfjeld", G2_SYNC2)
    ev(G2_RESET2, "LAU", "G2", "EVENT", "-", "Lockout 86M reset (local, atveit)")
    start_seq(G2_START3, "LAU", "G2", "ROC sfjeld", G2_SYNC3)
    stop_seq(SKO_G2_STOP, "SKO", "G2", "ROC sfjeld")
    stop_seq(BRE_G2_STOP, "BRE", "G2", "ROC sfjeld")
    ev(MANUAL_ON, "LAU", "STN", "EVENT", "-", "Plant control mode ROC MANUAL (sfjeld)")
    ev(HANDBACK, "LAU", "STN", "EVENT", "-", "Plant control mode REMOTE DISPATCH (sfjeld)")
    for x, u, mw in MANUAL_SP:
        ev(x, "LAU", u, "CMD", "-", f"Active power setpoint {mw:.1f} MW (ROC sfjeld)")
    # acknowledgements by the ROC operator, in batches
    acts = [(x, u, text) for x, u, text, s, _ in alarms if s == "ACT"] + [(t, "G2", "TGB vibration high-high") for t in (G2_TRIP1, G2_TRIP2)]
    acts.sort()
    ack_times = [T("21:47:05"), T("21:52:40"), T("22:02:10"), T("22:05:30"), T("22:12:45"), T("22:55:50"), T("22:59:40"), T("23:05:10"), T("23:20:00")]
    for x, u, text in acts:
        later = [a for a in ack_times if a > x]
        if later:
            ev(later[0] + rng.uniform(0.1, 1.5), "LAU", u, "ALARM", "ACK", f"{text} (sfjeld)")

    # routine: HPU pumps, strainers, setpoints at the other plants
    def running(st, u, x):
        if st == "LAU":
            return lau_synced(u, x)
        if st == "SKO":
            return u == "G1" or x < SKO_G2_STOP + 40
        if st == "BRE":
            return u == "G1" or x < BRE_G2_STOP + 40
        return u == "G1"

    for st, uids in (("LAU", ["G1", "G2", "G3"]), ("SKO", ["G1", "G2"]), ("BRE", ["G1", "G2"]), ("MYR", ["G1", "G2"])):
        for u in uids:
            x = t0 + rng.uniform(0, 200)
            while x < t1:
                if running(st, u, x):
                    ev(x, st, u, "EVENT", "-", "Governor HPU oil pump 1 started")
                    ev(x + rng.uniform(38, 55), st, u, "EVENT", "-", "Governor HPU oil pump 1 stopped")
                x += rng.uniform(190, 330)
            x = t0 + rng.uniform(0, 2400)
            while x < t1:
                if running(st, u, x):
                    ev(x, st, u, "EVENT", "-", "Cooling water strainer backflush started")
                    ev(x + rng.uniform(55, 75), st, u, "EVENT", "-", "Cooling water strainer backflush completed")
                x += rng.uniform(2700, 3900)
    for x in (T("19:00:00"), T("20:00:00"), T("21:00:00"), T("22:00:00"), T("23:00:00"), T("00:00:00"), T("01:00:00")):
        for st in ("LAU", "SKO", "BRE", "MYR"):
            ev(x + rng.uniform(0.1, 0.9), st, "STN", "EVENT", "-", "Energy meter hourly value stored")
    routine_alarms = [(T("18:47:12"), "MYR", "myrdal", "G1", "Cooling water flow low", 21.4), (T("19:52:14"), "SKO", "skorva", "G1", "Nozzle 3 needle position deviation", 17.2),
                      (T("20:41:03"), "BRE", "brekke", "G2", "Cooling water flow low", 23.9), (T("21:23:48"), "SKO", "skorva", "G2", "Nozzle 3 needle position deviation", 12.8),
                      (T("00:26:31"), "MYR", "myrdal", "G1", "Cooling water flow low", 26.2), (T("01:08:55"), "BRE", "brekke", "G1", "Cooling water flow low", 19.6)]
    for x, st, plant, u, text, dur in routine_alarms:
        ev(x, st, u, "ALARM", "ACT", text)
        ev(x + dur, st, u, "ALARM", "CLR", text)
        fwd.append((x + 0.14, plant, u, text, "ACT"))
        fwd.append((x + dur + 0.11, plant, u, text, "CLR"))
        ev(x + rng.uniform(40, 200), st, u, "ALARM", "ACK", f"{text} ({'sfjeld' if x > T('19:00') else 'hmoen'})")

    # --- hydrodispatch ----------------------------------------------------------
    T_DISP, T_TRACK, T_PCS, T_VOLTA, T_ALARM = ("hydrodispatch::dispatch", "hydrodispatch::tracking", "hydrodispatch::pcs::iec104",
                                                "hydrodispatch::schedule::volta", "hydrodispatch::pcs::alarms")
    for when, ver, key in RESTARTS:
        x = when + 6.0
        log(x, "INFO", "hydrodispatch", "starting hydrodispatch", ("version", ver), ("commit", short[key]), ("plants", 4))
        for k, plant in enumerate(ORDER):
            alloc = "Economic" if (plant == "lauvdal" and ver != "2.15.1") else "Priority"
            log(x + 0.002 + 0.0011 * k, "INFO", "hydrodispatch", "plant configured", ("plant", "%" + plant), ("units", len(PLANTS[plant]["units"])), ("allocator", "%" + alloc))
        for k, plant in enumerate(ORDER):
            rtu = f"{plant}-rtu.ot.fjellkraft.no:2404"
            log(x + 0.11 + 0.21 * k, "INFO", T_PCS, "iec104 connected", ("rtu", "%" + rtu), ("common_address", 11 + k))
            log(x + 0.19 + 0.21 * k, "INFO", T_PCS, "general interrogation complete", ("rtu", "%" + rtu), ("points", {"lauvdal": 412, "skorva": 236, "brekke": 251, "myrdal": 244}[plant]))
        for k, plant in enumerate(ORDER):
            log(x + 0.97 + 0.0011 * k, "INFO", T_VOLTA, "schedule received", ("plant", "%" + plant), ("version", version_of(plant, x)), ("mtus", int((HORIZON - x) // 900)))
    for plant in ORDER:
        for when, ver in VERSIONS[plant][1:]:
            log(when + 1.4, "INFO", T_VOLTA, "schedule received", ("plant", "%" + plant), ("version", ver), ("mtus", int((HORIZON - when) // 900)))

    fewer_warned = set()
    for x, plant, mtu_x, m, sps, online, allocator, headroom, ver, navail in decisions:
        if x < t0:
            continue
        if navail < m["units"]:
            log(x - 0.01, "WARN", T_DISP, "fewer units available than the schedule's units_online", ("plant", "%" + plant), ("ordered", m["units"]), ("available", navail))
        log(x, "INFO", T_DISP, "mtu applied", ("plant", "%" + plant), ("mtu", "%" + at(mtu_x).strftime("%H:%M")), ("schedule_mw", m["mw"]), ("units_online", m["units"]),
            ("fcr_n_mw", m["fcr_n"]), ("fcr_d_up_mw", m["fcr_d"]), ("version", version_of(plant, x)))
        setp = ",".join(f"{u}:{mw:.1f}" for u, mw in sps.items())
        fields = [("plant", "%" + plant), ("allocator", "%" + allocator), ("total_mw", m["mw"]), ("units_online", len(online))]
        if ver >= "2.15.0":
            fields.append(("headroom_mw", float(round(headroom, 1))))
        fields.append(("setpoints", "%" + setp))
        log(x + 0.0012, "INFO", T_DISP, "allocation", *fields)
        st = PLANTS[plant]["code"]
        for k, (u, mw) in enumerate(sps.items()):
            log(x + 0.031 + 0.018 * k, "INFO", T_PCS, "setpoint written", ("plant", plant), ("unit", u), ("mw", f"{mw:.1f}"))
            ev(x + 0.05 + 0.018 * k, st, u, "CMD", "-", f"Active power setpoint received {mw:.1f} MW (remote)")
    stats["decisions"] = [(x, p, sps, a) for x, p, _, _, sps, _, a, _, _, _ in decisions]

    # tracking, once a minute per plant
    freq = 50.0
    off_since = {}
    trim = {p: 0.0 for p in ORDER}
    offsets = {"lauvdal": 7.3, "skorva": 17.9, "brekke": 31.2, "myrdal": 44.6}
    level = {"lauvdal": 724.62, "skorva": 889.31, "brekke": 503.87, "myrdal": 387.41}
    x = t0
    restart_offset = 0.0
    while x < t1:
        freq = min(50.09, max(49.91, freq + rng.gauss(0, 0.012) - 0.05 * (freq - 50.0)))
        for plant in ORDER:
            xx = x + offsets[plant] + restart_offset + rng.uniform(0, 0.35)
            if xx >= t1 or down_at(xx):
                continue
            _, m = mtu_at(plant, xx)
            if plant == "lauvdal":
                measured = sum(pw(u, xx) for u in units)
            else:
                measured = m["mw"] + rng.gauss(0, 0.25)
                if plant == "skorva" and SKO_G2_STOP <= xx < SKO_G2_STOP + 40:
                    measured += 24.0
                if plant == "brekke" and BRE_G2_STOP <= xx < BRE_G2_STOP + 40:
                    measured += 21.0
            if plant == "lauvdal" and MANUAL_ON <= xx < HANDBACK:
                log(xx, "WARN", T_TRACK, "plant in ROC manual control, setpoints not written", ("plant", "%" + plant), ("measured_mw", f"{measured:.1f}"))
                continue
            dev = measured - m["mw"]
            trim[plant] = max(-3.0, min(3.0, trim[plant] - 0.25 * dev))
            log(xx, "INFO", T_TRACK, "plant tracking", ("plant", "%" + plant), ("schedule_mw", m["mw"]), ("measured_mw", f"{measured:.1f}"),
                ("deviation_mw", f"{dev:.1f}"), ("trim_mw", f"{trim[plant]:.1f}"), ("freq_hz", f"{freq:.3f}"))
            if abs(dev) > 3.0:
                since = off_since.setdefault(plant, xx)
                if xx - since >= 120:
                    log(xx + 0.0011, "WARN", T_TRACK, "plant not following schedule", ("plant", "%" + plant), ("schedule_mw", m["mw"]),
                        ("measured_mw", f"{measured:.1f}"), ("for_s", int(xx - since)))
            else:
                off_since.pop(plant, None)
            res = PLANTS[plant]["reservoir"]
            level[plant] += {"lauvdal": -0.0021, "skorva": -0.0009, "brekke": -0.0014, "myrdal": rng.uniform(-0.004, 0.004)}[plant]
            log(xx + 0.0025, "INFO", T_TRACK, "reservoir", ("plant", "%" + plant), ("reservoir", "%" + res[0]), ("level_masl", f"{level[plant]:.2f}"),
                ("lrv", res[2]), ("hrv", res[1]))
        x += 60.0
        for when, _, _ in RESTARTS:
            if x - 60 < when + 6 <= x:
                restart_offset = (restart_offset + 23.7) % 40

    # DSP-298: unit alarms from the PCS (2.15.x only)
    for x, plant, u, text, state in sorted(fwd):
        if version_at(x) < "2.15.0" or not (t0 <= x < t1):
            continue
        sp = sp_at(u, x) if plant == "lauvdal" else None
        if plant == "lauvdal" and not lau_synced(u, x):
            sp = None
        log(x, "WARN", T_ALARM, "unit alarm from PCS", ("plant", "%" + plant), ("unit", "%" + u), ("alarm", "%" + text), ("state", state),
            ("setpoint_mw", f"{sp:.1f}" if sp is not None else "-"))
    # trips seen by the dispatch
    for trip in (G2_TRIP1, G2_TRIP2):
        log(trip + 1.2, "WARN", T_PCS, "unit unavailable", ("plant", "lauvdal"), ("unit", "G2"), ("reason", "tripped"))
    for s in (G2_SYNC2, G2_SYNC3):
        log(s + 1.25, "INFO", T_PCS, "unit available", ("plant", "lauvdal"), ("unit", "G2"))
    log(G3_SYNC + 1.25, "INFO", T_PCS, "unit available", ("plant", "lauvdal"), ("unit", "G3"))
    for x in (SKO_G2_STOP + 38.5, BRE_G2_STOP + 38.5):
        log(x + 1.1, "INFO", T_PCS, "unit stopped", ("plant", "skorva" if x < BRE_G2_STOP else "brekke"), ("unit", "G2"))
    log(MANUAL_ON + 0.8, "WARN", T_PCS, "plant control mode changed", ("plant", "lauvdal"), ("mode", "roc_manual"))
    log(HANDBACK + 0.8, "INFO", T_PCS, "plant control mode changed", ("plant", "lauvdal"), ("mode", "remote_dispatch"))
    # Myrdal's radio link drops now and then
    for x in (T("19:18:44"), T("00:41:09")):
        log(x, "WARN", T_PCS, "iec104 link lost", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("error", "%t1 timeout (no I-frame confirmation in 15 s)"))
        log(x + 4.3, "INFO", T_PCS, "iec104 connected", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("common_address", 14))
        log(x + 4.5, "INFO", T_PCS, "general interrogation complete", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("points", 244))
        ev(x - 0.5, "MYR", "STN", "EVENT", "-", "IEC 104 link to ROC front-end FE2 lost")
        ev(x + 4.1, "MYR", "STN", "EVENT", "-", "IEC 104 link to ROC front-end FE2 established")
    for x in (T("18:51:30"), T("19:51:30"), T("20:51:30"), T("21:51:30"), T("22:51:30"), T("23:51:30"), T("00:51:30")):
        for k, plant in enumerate(ORDER):
            log(x + 0.3 * k + rng.uniform(0, 0.2), "INFO", T_PCS, "general interrogation complete",
                ("rtu", f"%{plant}-rtu.ot.fjellkraft.no:2404"), ("points", {"lauvdal": 412, "skorva": 236, "brekke": 251, "myrdal": 244}[plant]))

    # --- condition monitoring (Lauvdal) ---------------------------------------
    def cm(x, body):
        t = at(x)
        rec = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "system": "vibrosys-lau"}
        rec.update(body)
        cms.add(t, json.dumps(rec, ensure_ascii=False))

    x = t0 + 41.0
    while x < t1:
        for u in units:
            i = i0(x)
            if not lau_synced(u, x):
                continue
            v = vib[u][i]
            zone = units[u].zone_at(power[u][i])
            cm(x + 0.01 * int(u[1]), {"unit": u, "type": "trend", "p_mw": round(power[u][i], 1), "tgb_x_um": round(v), "tgb_y_um": round(v * rng.uniform(0.8, 0.9)),
                                      "ugb_x_um": round(v * rng.uniform(0.35, 0.45)), "dt_pulsation_kpa": round((13.5 if zone else 2.4) * rng.uniform(0.85, 1.15), 1),
                                      "state": "DANGER" if v >= 140 else "ALERT" if v >= 90 else "NORMAL"})
        x += 600.0
    for u in units:
        state = "NORMAL"
        for i in range(n):
            v = vib[u][i]
            new = "DANGER" if v >= 140 else "ALERT" if v >= 90 else "NORMAL"
            if new != state:
                if new == "NORMAL" and v > 80:
                    continue
                if new != "NORMAL" and not all(vib[u][j] >= (140 if new == "DANGER" else 90) for j in range(i, min(n, i + 4))):
                    continue
                cm(t0 + i + rng.uniform(0, 0.9), {"unit": u, "type": "state", "channel": "TGB-X", "from": state, "to": new, "value_um": round(v),
                                                   "alert_um": 90, "danger_um": 140, "p_mw": round(power[u][i], 1)})
                state = new
    for trip in (G2_TRIP1, G2_TRIP2):
        cm(trip + 2.1, {"unit": "G2", "type": "event", "text": "machine stopped (speed < 5 %), trend suspended"})
    cm(T("22:44:20"), {"unit": "G2", "type": "report", "text": "Event report E-2026-0311 exported by atveit: TGB-X 146 um at 34.4 MW, 22:00-22:04; no bearing temperature rise; runout at standstill normal"})

    # --- Volta (trading desk) ---------------------------------------------------
    def vl(x, level, component, msg, **kv):
        if abs(x - round(x)) < 1e-6:
            x += rng.uniform(0.01, 0.99)
        t = at(x)
        parts = [f"ts={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f"component={component}", f'msg="{msg}"']
        for k, v in kv.items():
            s = str(v)
            parts.append(f'{k}="{s}"' if (" " in s or "=" in s or s == "") else f"{k}={s}")
        volta.add(t, " ".join(parts))

    x = t0 + 12.4
    pos = 0.0
    while x < t1:
        pos += rng.gauss(0, 1.8)
        hour = at(x).strftime("%H:00")
        vl(x, "info", "position", "intraday position", area="NO5", delivery_hour=hour, net_sold_mw=f"{-pos:.1f}", spot_eur_mwh=f"{(38.4 if at(x).hour >= 21 or at(x).hour < 6 else 61.2) + rng.uniform(-2, 2):.2f}")
        x += 300.0
    vl(T("18:34:10"), "info", "intraday", "trade", side="sell", area="NO5", mtu="19:00-20:00", mw="10.0", price_eur_mwh="64.10", plant="skorva")
    vl(T("19:02:44"), "info", "reserves", "FCR-D up D-1 result", area="NO5", hours="22-06", mw="24.0", price_eur_mw="11.20", plant="lauvdal")
    vl(T("20:31:05"), "info", "tso", "run order received", tso="Statnett", plant="lauvdal", min_units_synchronized=3, start="2026-03-04T21:30Z", end="2026-03-05T06:00Z",
       reason="voltage support, Sogndal-Aurland 300 kV planned outage")
    vl(T("20:38:50"), "info", "intraday", "trade", side="buy", area="NO5", mtu="21:45-06:00", mw="30.0", price_eur_mwh="36.80", plant="lauvdal")
    vl(T("20:43:12"), "info", "schedule", "schedule published", plant="lauvdal", version=43, **{"from": "2026-03-04T21:30Z"}, units_online=3, by="jlie")
    vl(T("21:12:40"), "info", "schedule", "schedule published", plant="skorva", version=39, **{"from": "2026-03-04T22:00Z"}, units_online=1, by="jlie")
    vl(T("21:14:02"), "info", "units", "unit plan sent to ROC", plant="lauvdal", start="G3 21:15", reason="run order")
    for trip in (G2_TRIP1, G2_TRIP2):
        vl(trip + 3.8, "warn", "availability", "unit unavailable", plant="lauvdal", unit="G2", source="pcs", reason="tripped")
        vl(trip + 4.1, "warn", "reserves", "FCR-D up shortfall", plant="lauvdal", sold_mw="24.0", deliverable_mw="16.0")
        vl(trip + 4.2, "warn", "tso", "run order not met", plant="lauvdal", synchronized=2, required=3)
    vl(T("22:11:30"), "info", "tso", "run order breach reported", tso="Statnett", plant="lauvdal", **{"from": "2026-03-04T22:04Z"}, by="jlie", note="G2 tripped, vibration; restart after inspection")
    vl(G2_SYNC2 + 4.0, "info", "availability", "unit available", plant="lauvdal", unit="G2", source="pcs")
    vl(G2_SYNC3 + 4.0, "info", "availability", "unit available", plant="lauvdal", unit="G2", source="pcs")
    vl(T("23:02:15"), "info", "tso", "run order breach reported", tso="Statnett", plant="lauvdal", **{"from": "2026-03-04T22:58Z"}, by="jlie", note="G2 tripped again")
    vl(T("23:15:40"), "info", "tso", "run order met", plant="lauvdal", synchronized=3, required=3)
    vl(T("23:20:05"), "info", "intraday", "trade", side="buy", area="NO5", mtu="23:30-00:00", mw="2.0", price_eur_mwh="35.10", plant="lauvdal")

    # --- GitLab deploy jobs ---------------------------------------------------------
    def gl(x, text):
        x += rng.uniform(0.0, 0.09)
        t = at(x)
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {text}")

    def job(x_restart, number, who, tag, sha, retry=False):
        x0 = x_restart - 83.0 - rng.uniform(0.1, 0.9)
        gl(x0, f"Job deploy:prod #{number} ({'retried' if retry else 'manual'}, triggered by {who}) ref={tag} sha={sha}")
        gl(x0 + 0.4, "Running with gitlab-runner 17.8.3 (690ce25c)")
        gl(x0 + 0.5, "  on ot-deploy-runner-01 t3_Kq8Vx2, system ID: s_4f1e2a7b9c03")
        gl(x0 + 1.2, 'Using Docker executor with image registry.fjellkraft.no/ot/ansible:9.2 ...')
        gl(x0 + 6.9, f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        gl(x0 + 8.3, f"Downloading artifacts for build ({number - 3})...")
        gl(x0 + 10.1, f"$ ansible-playbook -i deploy/inventory/ot-prod.yml deploy/site.yml -e hydrodispatch_version={tag}")
        gl(x0 + 12.6, "PLAY [hydrodispatch] *******************************************************")
        gl(x0 + 12.7, "TASK [Gathering Facts] *****************************************************")
        gl(x0 + 18.2, "ok: [hdisp-bgo-01.ot.fjellkraft.no]")
        gl(x0 + 18.3, "TASK [binary] **************************************************************")
        gl(x0 + 61.0, "changed: [hdisp-bgo-01.ot.fjellkraft.no]")
        gl(x0 + 61.1, "TASK [config] **************************************************************")
        gl(x0 + 79.8, "changed: [hdisp-bgo-01.ot.fjellkraft.no]")
        gl(x0 + 79.9, "RUNNING HANDLER [restart hydrodispatch] ************************************")
        gl(x0 + 84.6, "changed: [hdisp-bgo-01.ot.fjellkraft.no]")
        gl(x0 + 84.7, "PLAY RECAP *****************************************************************")
        gl(x0 + 84.8, "hdisp-bgo-01.ot.fjellkraft.no : ok=4    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        gl(x0 + 85.9, "Job succeeded")

    job(secs(DEPLOY_2150), 5524, "eirik.solheim", "v2.15.0", shas["rel_2150"])
    job(secs(ROLLBACK), 5519, "eirik.solheim", "v2.14.0", shas["rel_2140"], retry=True)
    xb = secs(DEPLOY_2151) - 520
    gl(xb, f"Pipeline #1903 for tag v2.15.1 ({shas['rel_2151'][:8]}) created by kari.nygard: test, build, deploy")
    gl(xb + 241.0, "Job test #5529 succeeded (cargo fmt, clippy, 14 tests passed)")
    gl(xb + 402.0, "Job build #5530 succeeded (artifacts: hydrodispatch-v2.15.1, config/)")
    job(secs(DEPLOY_2151), 5531, "kari.nygard", "v2.15.1", shas["rel_2151"])

    # --- Slack #roc-drift ---------------------------------------------------------
    users = {"sindre.fjeld (ROC)": "U03SF7K2A", "eirik.solheim": "U02ES4M8B", "kari.nygard": "U02KN9P1C", "arne.tveit (Lauvdal)": "U05AT3L6D",
             "jonas.lie (intraday)": "U04JL2W7E", "marte.haugland": "U03MH5R2F", "alertmanager": "B01ALRT9Q"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "roc-drift", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    d = {p: sps for x, p, sps, a in stats["decisions"] if p == "lauvdal" and T("22:00") <= x < T("22:01")}
    s22 = d["lauvdal"]
    d2 = [sps for x, p, sps, a in stats["decisions"] if p == "lauvdal" and G2_SYNC2 <= x < G2_SYNC2 + 5][0]
    say(T("19:31:00"), "eirik.solheim", "deploying hydrodispatch 2.15.0 in the change window: unit alarms from the PCS in our log (DSP-298), FCR-D up headroom per unit (DSP-296), setpoints rounded (DSP-293), tokio bump. ROC informed")
    say(T("19:39:30"), "eirik.solheim", "2.15.0 running, all four RTUs connected, allocations as before")
    say(T("20:33:40"), "jonas.lie (intraday)", "Statnett run order for Lauvdal: 3 units synchronized 21:30-06:00, voltage support during the Sogndal-Aurland outage. Prices are low tonight so Lauvdal goes down to ~100 MW, FCR-D up 24 MW from 22:00. New schedule v43 in Volta, G3 start at 21:15 please")
    say(T("21:21:30"), "sindre.fjeld (ROC)", "G3 Lauvdal synchronized 21:20")
    say(onset_x + 95, "sindre.fjeld (ROC)", "Lauvdal: restricted range and draft tube pulsation alarms on all three units since 21:45, G2 TGB vibration high. They're at 39-41 MW")
    say(T("22:06:10"), "sindre.fjeld (ROC)", f"G2 Lauvdal TRIPPED 22:04 quick shutdown on TGB vibration high-high. G1 and G3 took the load. Calling Arne (plant on-call) and @eirik.solheim")
    say(T("22:09:40"), "jonas.lie (intraday)", "Statnett's control centre on the phone: run order not met (2 of 3 synchronized) and we're short 8 MW FCR-D up. Reported as a breach, they want G2 back asap")
    say(T("22:14:00"), "arne.tveit (Lauvdal)", "driving up, at the plant ~22:30")
    say(T("22:19:20"), "eirik.solheim", f"here. our log fills with 'unit alarm from PCS' for lauvdal since 21:45, that line is new in 2.15.0 (deployed 19:35). 2.15.0 also has DSP-296, FCR-D headroom in the allocation, and the FCR-D up started tonight")
    say(T("22:24:50"), "eirik.solheim", "runbook says pulsation/vibration at night is usually the governors' FCR-N parameters, G3's governor was serviced Monday. @sindre.fjeld can you check the active parameter sets? and since it started after a release I'm rolling back to 2.14.0 to rule us out")
    say(T("22:33:10"), "sindre.fjeld (ROC)", "governor parameter sets on G1, G2, G3 match the FCR settings sheet (set A, droop 6 %, deadband 10 mHz). G3's service report has no parameter changes")
    say(T("22:39:30"), "eirik.solheim", "2.14.0 running since 22:38 (re-ran deploy:prod of v2.14.0)")
    say(T("22:44:50"), "arne.tveit (Lauvdal)", "G2 inspected: guide bearing temps normal, no smell, no noise at standstill, runout normal. CMS has TGB-X 146 um at 34.4 MW right before the trip. Nothing broken I can see. resetting the lockout, you can start it")
    say(T("22:47:20"), "sindre.fjeld (ROC)", "starting G2")
    say(T("22:56:30"), "sindre.fjeld (ROC)", f"G2 synchronized 22:53 and the alarms are back on all three: {', '.join(f'{u} {mw:.1f}' for u, mw in d2.items())} MW")
    say(T("22:57:40"), "eirik.solheim", "no 'unit alarm from PCS' lines in our log any more (2.14.0 doesn't have DSP-298) but the PCS alarms are the same. so it's not 2.15.0")
    say(T("22:59:30"), "sindre.fjeld (ROC)", "G2 TRIPPED AGAIN 22:58, TGB vibration high-high")
    say(T("23:01:20"), "arne.tveit (Lauvdal)", f"look at the loads. 34-35 MW on all three is bang in the vortex rope zone, 18-44 MW, that's why they shake. the dispatch has never run them like that, it always put one unit at 44 and the rest high or one at minimum. at 22:00 it gave them {', '.join(f'{mw:.1f}' for mw in s22.values())}")
    say(T("23:02:40"), "sindre.fjeld (ROC)", "we had a restricted range alarm on G1 Tuesday night around 23:00 for one MTU, 2 units at 82 MW. I took it for a slow ramp")
    say(T("23:05:00"), "sindre.fjeld (ROC)", "taking Lauvdal into ROC manual. Arne resetting G2, I'll start it and put G1 52, G2 44, G3 4 by hand")
    say(T("23:09:10"), "kari.nygard", "here. reading")
    say(T("23:17:30"), "kari.nygard", "it's mine: DSP-287, the economic split, in 2.14.0 since Monday evening. allocation lines say allocator=Economic with all three equal: every unit at the same marginal flow, and with three almost identical curves that's an equal split. I assumed the curves keep it out of the rough zones, they don't, the index-test points are smooth there. since Monday Lauvdal only ran 2 units at 100-150 MW (50-75 each), except Tuesday 23:00 (41 each, Sindre's alarm). tonight is the first night with 3 units at ~100")
    say(T("23:19:40"), "marte.haugland", "my study used the curves without the zones, sorry, should have flagged it. priority allocator for Lauvdal until it handles them")
    say(T("23:21:00"), "kari.nygard", "config back to allocator = \"priority\" for Lauvdal, on top of main as 2.15.1 (2.15.0 wasn't the problem). pipeline running")
    say(T("23:43:00"), "kari.nygard", "2.15.1 running since 23:41. priority split for 100 MW with 3 units is G1 52 / G2 44 / G3 4, same as Sindre's by hand. @sindre.fjeld hand it back when you're ready")
    say(T("23:52:40"), "sindre.fjeld (ROC)", "Lauvdal back in remote dispatch 23:52. 52/44/4, no alarms")
    say(T("23:55:10"), "jonas.lie (intraday)", "told Statnett: 3 synchronized since 23:14, FCR-D up restored. breach report for 22:04-22:53 and 22:58-23:14")
    say(T("00:20:00"), "sindre.fjeld (ROC)", "quiet 30 min, all units out of the zone. CMS normal")
    say(T("00:24:00"), "kari.nygard", "DSP-301 tomorrow: economic split falls back to priority when a unit lands in a rough zone. INC-1187 postmortem Friday")
    return [app, pcs, cms, volta, ci, slack], stats, power, vib


def build(out_dir):
    rng = random.Random(95100)
    repo, shas = build_repo()
    try:
        logs, stats, power, vib = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert utc("2026-03-04 21:45:20") <= onset <= utc("2026-03-04 21:46:10"), onset
        culprit_at = utc("2026-03-02 10:12:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        dec = stats["decisions"]
        s21 = next(s for x, p, s, a in dec if p == "lauvdal" and T("21:45") <= x < T("21:46"))
        s22 = next(s for x, p, s, a in dec if p == "lauvdal" and T("22:00") <= x < T("22:01"))
        assert all(PLANTS and U(next(r for r in PLANTS["lauvdal"]["units"] if r[0] == u)).zone_at(mw) for u, mw in s22.items()), s22
        fmt = lambda s: "/".join(f"{mw:.1f}" for mw in s.values())  # noqa: E731
        t0 = secs(START)

        def series(arr, u):
            def fn(t):
                i = int(t.timestamp() - t0)
                return round(arr[u][i], 1) if 0 <= i < len(arr[u]) else None
            return fn

        metrics = {
            "lauvdal_unit_active_power_mw.json": query_range(
                [({"plant": "lauvdal", "unit": u, "job": "scada-exporter"}, series(power, u)) for u in ("G1", "G2", "G3")], START, END, 30),
            "lauvdal_tgb_displacement_um.json": query_range(
                [({"plant": "lauvdal", "unit": u, "channel": "TGB-X", "job": "vibrosys-exporter"}, series(vib, u)) for u in ("G1", "G2", "G3")], START, END, 30),
        }
        return write_scenario(
            out_dir, name="r95-rough-zone-equal-split", service=SERVICE, onset=onset,
            description=f"""
Fjellkraft's Lauvdal hydro plant (three 75 MW Francis units) on Wednesday
4 March 2026: with three units synchronized for a Statnett run order and
the schedule falling to 120 MW at 21:45 UTC and 105 MW at 22:00, the units
run at {fmt(s21)} MW, then {fmt(s22)} MW; from {onset.strftime('%H:%M:%S')} UTC the
PCS raises draft tube pulsation, restricted range and guide bearing
vibration alarms on all three, and G2 trips on vibration at 22:04 and,
after a restart, again at 22:58. hydrodispatch 2.15.0 had been deployed at
19:35; it was rolled back to 2.14.0 at 22:38 without effect. The ROC took
the plant into manual at 23:06, 2.15.1 was deployed at 23:41 and the plant
was handed back to hydrodispatch at 23:52 with no further alarms.
""",
            logs=logs,
            line_formats={"roc-scada-events.log": r'<Date> <Time> <Station> <Object> <Class> <State> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Active power in restricted range',
                r'Draft tube pressure pulsation high',
            ],
            fix_files=["src/allocate/economic.rs", "config/hydrodispatch.toml"],
            explanation=f"""
The culprit is DSP-287 ("allocate: economic split by the units' flow
curves"), committed on Monday 2 March at 10:12 UTC and deployed in 2.14.0
that evening, {hours:.1f} hours before the onset. It splits a plant's MW so
that every online unit runs at the same marginal flow and enables it for
Lauvdal, leaving the rough zones "to the curves". The index-test curves
are smooth through the zones and the three units nearly identical, so the
split is nearly equal: harmless with two units online at 100-150 MW (the
nights since Monday), but with three online at 54-132 MW all three land in
their rough zones (draft tube vortex rope at part load). Statnett's run
order puts three units on at Lauvdal from 21:30 on a low-price night:
{fmt(s21)} MW at 21:45, {fmt(s22)} MW at 22:00 (hydrodispatch's
"allocation ... allocator=Economic" lines); the PCS says so ("Active power
in restricted range 18-44 MW for 60 s") and the units pulsate ("Draft tube
pressure pulsation high") and vibrate until G2 trips on "TGB vibration
high-high", twice. The priority allocator (the 2.15.1 config) and the fix
(DSP-301, in the culprit's file) keep the units out of the zones.
Decoys: 2.15.0, deployed {round((onset - DEPLOY_2150).total_seconds() / 60)} minutes before the onset (DSP-298, which adds the very
"unit alarm from PCS" warning that fills the log; DSP-296, FCR-D up
headroom in the allocation; DSP-293, rounding in the culprit's file; a
tokio bump), rolled back to 2.14.0, which holds the culprit, without effect
(the warnings go, the alarms and the second trip do not); Tuesday's runbook
commit that reads pulsation and vibration alarms as the governors' FCR-N
parameters (G3's governor service on Monday) or a release; the Statnett
run order and the FCR-D sale that started that night; the Skorva priority
changes, the Volta backoff, a serde_json bump and chores; a restricted
range alarm on Tuesday night that the ROC took for a ramp; Myrdal's radio
link drops and routine cooling water alarms at the other plants.
""",
        )
    finally:
        repo.close()
