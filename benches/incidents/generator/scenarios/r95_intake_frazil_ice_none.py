"""hydrodispatch (Rust, tokio, tracing; Fjellkraft AS's plant dispatch, the
same service five weeks before `r95-rough-zone-equal-split`) splits each
plant's schedule from Volta over the online units and writes their active
power setpoints to the plant control systems (PCS) over IEC 104; every
minute it compares each plant's measured output with its schedule.

Myrdal kraftverk: two Francis units of 35 MW under 168 m of head, run of
river: an open intake pond on Myrdalselva, a trash rack with a rack
cleaner in front of the gate shaft, a 2.9 km tunnel. The PCS measures the
head loss across the rack (differential pressure, normally 0.10-0.15 m at
full flow): it alarms at 0.50 m and starts the rack cleaner at 0.40; above
0.88 m its rack protection limits the units' load so the rack is not
overloaded, stops G2 when the load per unit would fall into the rough zone,
and quick-stops the last unit at 1.50 m. The hydrology team's telemetry
at the intake raises a "frazil risk" alert when the open water is
supercooled and the air below -10 °C; it goes to #hydrologi.

Monday 26 January 2026: a clear, calm night after a cold day, -16 °C at
16:40 UTC falling to -24 °C. The water at Myrdal's intake reaches 0.00 °C at
about 18:05 and is supercooled (-0.01 to -0.04 °C) from 18:20; the frazil
risk alert goes out at 18:30. Frazil ice (small ice crystals formed in
supercooled turbulent water, sticky until they warm to 0 °C) is carried to
the rack and freezes onto the bars; from about 19:05 the rack's head loss
grows exponentially: 0.50 m at 19:53 (the alarm, the onset), the rack
cleaner's rake takes off almost nothing, the limiter from 20:15 cuts the
units' load (56 -> 43 MW), G2 is stopped by the rack protection at 20:31,
a slug of frazil at 20:47 takes G1 down to its floor and it is quick-stopped
on dP high-high at 20:52. Myrdal is at 0 MW through the evening peak.

At 19:12 Eirik had deployed 2.11.0 in the evening change window: DSP-244,
which warns when a plant stays more than 3 MW off its schedule for two
minutes (the very "plant not following schedule" warning that fills the
log from 20:21); DSP-241, a tracking trim on the setpoints, logged in
shadow mode (trim_mw winds up to +3.0 on every plant, since nothing
applies it); DSP-246,
Myrdal's rough zones from the December vibration test (Myrdal's own
config); a reqwest bump. Thursday's runbook reads "plant not following
schedule" as a unit in local, setpoints not confirmed or the IEC 104 link,
and says to roll back after a release. Håkon (ROC) calls Eirik at 20:22;
Eirik rolls back to 2.10.2 at 20:38: the warnings go, G1 trips at 20:52 all
the same. The setpoints were written and confirmed all along; the PCS's
rack limiter cut the load. Sigrid (hydrology) points at the intake's water
temperature (-0.03 °C) and the frazil risk alert; Per, Myrdal's on-call
technician, reaches the intake at 21:14 and finds the rack face covered in
frazil slush. Following the ice procedure the ROC keeps the units stopped,
Per opens the ice sluice gate and runs the rack cleaner by hand; the rack
is clear at 22:31, G1 is restarted at 22 MW (low flow) at 22:54 and the
desk buys the rest in intraday. Nothing in hydrodispatch is changed; 2.11.0
goes out again in the next change window.

Sources: hydrodispatch (tracing fmt), the ROC SCADA event list of the four
plants (line format), the hydrology telemetry (logfmt), Volta (logfmt), the
GitLab deploy jobs, #roc-drift (Slack export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Repo, query_range, utc, write_scenario
from skeletons import chores
from scenarios import r95_rough_zone_equal_split as march

SERVICE = "hydrodispatch"
START, END = utc("2026-01-26 16:40:00"), utc("2026-01-26 23:50:00")
DEPLOY_2110 = utc("2026-01-26 19:12:20")
ROLLBACK = utc("2026-01-26 20:38:10")

sub, secs, at, tracing_line, pcs_line = march.sub, march.secs, march.at, march.tracing_line, march.pcs_line
KARI, EIRIK, MARTE, TOMASZ, RENOVATE = march.KARI, march.EIRIK, march.MARTE, march.TOMASZ, march.RENOVATE


def T(clock):
    return march.T(clock, day="2026-01-26", next_day="2026-01-27")


# ---------------------------------------------------------------------------
# the repository, as it was in January

TRACKING_OLD = """use std::collections::HashMap;
use std::time::Instant;

use tracing::info;

use crate::config::{Plant, Tracking};
use crate::pcs::Pcs;
use crate::schedule::volta::Mtu;

/// Once a minute per plant: the measured output against the schedule.
pub struct Tracker {
    cfg: Tracking,
    last: HashMap<String, Instant>,
}

impl Tracker {
    pub fn new(cfg: &Tracking) -> Self {
        Self { cfg: cfg.clone(), last: HashMap::new() }
    }

    pub async fn tick(&mut self, plant: &Plant, mtu: &Mtu, pcs: &Pcs) {
        if self.last.get(&plant.id).is_some_and(|t| t.elapsed().as_secs() < self.cfg.interval_seconds) {
            return;
        }
        self.last.insert(plant.id.clone(), Instant::now());
        let measured = pcs.plant_output_mw(&plant.id);
        let deviation = measured - mtu.mw;
        info!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!("{measured:.1}"), deviation_mw = format!("{deviation:.1}"),
              freq_hz = format!("{:.3}", pcs.frequency_hz()), "plant tracking");
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
        info!(plant = %plant.id, measured_mw = format!("{:.1}", pcs.plant_output_mw(&plant.id)), "plant in ROC manual control, setpoints not written");
    }
}
"""

RUNBOOK_OLD = """# hydrodispatch runbook

Owner: #kraftsystem. The ROC (#roc-drift) calls the on-call developer.

## IEC 104 link down

hydrodispatch reconnects by itself; the PCS holds the last setpoints for
10 minutes, then the units go to their local schedule. Myrdal's link runs
over radio and drops now and then.

## Volta unreachable

The last schedule is kept for the MTUs it covers. Ask the desk.
"""

CHANGELOG_OLD = """# Changelog

## 2.10.2

- Myrdal: reconnect after a radio link drop without a second general interrogation (DSP-233).

## 2.10.0

- Schedules from Volta's API v2 (DSP-219).
"""


def january_tree():
    tree = march.base_tree()
    tree["Cargo.toml"] = sub(tree["Cargo.toml"], 'version = "2.13.2"', 'version = "2.10.2"', 'tokio = { version = "1.43.0"', 'tokio = { version = "1.42.0"',
                             'reqwest = { version = "0.12.12"', 'reqwest = { version = "0.12.9"', 'serde_json = "1.0.138"', 'serde_json = "1.0.135"')
    tree["src/config.rs"] = sub(tree["src/config.rs"], """pub struct Tracking {
    pub interval_seconds: u64,
    pub deviation_warn_mw: f64,
    pub deviation_warn_after_seconds: u64,
    pub trim_limit_mw: f64,
}""", """pub struct Tracking {
    pub interval_seconds: u64,
}""")
    tree["config/hydrodispatch.toml"] = sub(tree["config/hydrodispatch.toml"], """[tracking]
interval_seconds = 60
deviation_warn_mw = 3.0
deviation_warn_after_seconds = 120
trim_limit_mw = 3.0
""", """[tracking]
interval_seconds = 60
""")
    tree["src/tracking.rs"] = TRACKING_OLD
    tree["docs/runbook.md"] = RUNBOOK_OLD
    tree["CHANGELOG.md"] = CHANGELOG_OLD
    tree["config/plants/myrdal.toml"] = tree["config/plants/myrdal.toml"].replace("rough_zones_mw = [[10.0, 21.0]]", "rough_zones_mw = [[12.0, 20.0]]")
    return tree


def build_repo():
    repo = Repo()
    rng = random.Random(95021)
    shas = {}
    trk = "src/tracking.rs"
    shas["base"] = repo.commit(utc("2026-01-19 08:30:00"), KARI, "hydrodispatch 2.10.2 (imported from SVN r4127; older history stays in svn://svn.fjellkraft.no/kraftsystem)", january_tree())
    repo.schedule(chores(rng, SERVICE, [MARTE, TOMASZ, EIRIK], utc("2026-01-19 10:00:00"), utc("2026-01-26 12:00:00"), 3))
    repo.commit(utc("2026-01-20 13:10:00"), TOMASZ, "volta: name the plant when a schedule body is not understood (DSP-238)", {
        "src/schedule/volta.rs": repo.edit("src/schedule/volta.rs", 'Err(err) => warn!(error = %err, "schedule body not understood"),',
                                           'Err(err) => warn!(error = %err, url = %url, "schedule body not understood"),'),
    })
    repo.commit(utc("2026-01-21 09:40:00"), EIRIK, "tracking: trim for the plants' losses, shadow mode (DSP-241)\n\nThe plants deliver 0.3-1.5 MW less than the sum of the unit setpoints\n(transformer and auxiliary losses, meter at the grid side). Integrate a\ntrim from the measured deviation, limited to +-3 MW, and log it; it is not\nadded to the setpoints yet (a week in shadow mode first).", {
        trk: sub(repo.files[trk],
                 "/// Once a minute per plant: the measured output against the schedule.\npub struct Tracker {\n    cfg: Tracking,\n    last: HashMap<String, Instant>,\n}",
                 "/// Once a minute per plant: the measured output against the schedule,\n/// and a trim on the setpoints for the plant's losses (DSP-241, shadow mode:\n/// logged, not applied).\npub struct Tracker {\n    cfg: Tracking,\n    last: HashMap<String, Instant>,\n    trim: HashMap<String, f64>,\n}",
                 "Self { cfg: cfg.clone(), last: HashMap::new() }", "Self { cfg: cfg.clone(), last: HashMap::new(), trim: HashMap::new() }",
                 "        let deviation = measured - mtu.mw;\n        info!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!(\"{measured:.1}\"), deviation_mw = format!(\"{deviation:.1}\"),\n              freq_hz",
                 "        let deviation = measured - mtu.mw;\n        let trim = self.trim.entry(plant.id.clone()).or_insert(0.0);\n        *trim = (*trim - 0.25 * deviation).clamp(-self.cfg.trim_limit_mw, self.cfg.trim_limit_mw);\n        info!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!(\"{measured:.1}\"), deviation_mw = format!(\"{deviation:.1}\"),\n              trim_mw = format!(\"{:.1}\", *trim), freq_hz"),
        "src/config.rs": repo.edit("src/config.rs", "pub struct Tracking {\n    pub interval_seconds: u64,\n}", "pub struct Tracking {\n    pub interval_seconds: u64,\n    pub trim_limit_mw: f64,\n}"),
        "config/hydrodispatch.toml": repo.edit("config/hydrodispatch.toml", "[tracking]\ninterval_seconds = 60\n", "[tracking]\ninterval_seconds = 60\ntrim_limit_mw = 3.0\n"),
    })
    repo.commit(utc("2026-01-22 10:05:00"), MARTE, "runbook: plant not following schedule", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## IEC 104 link down", """## Plant not following schedule

A plant whose output stays off its schedule is almost always one of:
a unit in local control or on a governor load limit (ask the ROC to check
the unit's control mode), setpoints not confirmed by the RTU ("setpoint
not confirmed" / "setpoint write failed" in our log), or the IEC 104 link
(see below). If it started after a hydrodispatch release, roll back first
(re-run `deploy:prod` on the previous tag) and look afterwards. Tell the
desk so it can cover the difference in intraday.

## IEC 104 link down"""),
    })
    repo.commit(utc("2026-01-22 14:30:00"), EIRIK, "tracking: warn when a plant stays off its schedule (DSP-244)\n\nThe ROC only saw it when the desk called about the imbalance. Warn once a\nminute while a plant is more than deviation_warn_mw off its schedule for\nlonger than deviation_warn_after_seconds.", {
        trk: sub(repo.files[trk], "use tracing::info;\n", "use tracing::{info, warn};\n",
                 "    trim: HashMap<String, f64>,\n}", "    trim: HashMap<String, f64>,\n    off_since: HashMap<String, Instant>,\n}",
                 "last: HashMap::new(), trim: HashMap::new() }", "last: HashMap::new(), trim: HashMap::new(), off_since: HashMap::new() }",
                 "              trim_mw = format!(\"{:.1}\", *trim), freq_hz = format!(\"{:.3}\", pcs.frequency_hz()), \"plant tracking\");\n",
                 "              trim_mw = format!(\"{:.1}\", *trim), freq_hz = format!(\"{:.3}\", pcs.frequency_hz()), \"plant tracking\");\n        if deviation.abs() > self.cfg.deviation_warn_mw {\n            let since = *self.off_since.entry(plant.id.clone()).or_insert_with(Instant::now);\n            if since.elapsed().as_secs() >= self.cfg.deviation_warn_after_seconds {\n                warn!(plant = %plant.id, schedule_mw = mtu.mw, measured_mw = format!(\"{measured:.1}\"), for_s = since.elapsed().as_secs(),\n                      \"plant not following schedule\");\n            }\n        } else {\n            self.off_since.remove(&plant.id);\n        }\n"),
        "src/config.rs": repo.edit("src/config.rs", "    pub interval_seconds: u64,\n    pub trim_limit_mw: f64,\n", "    pub interval_seconds: u64,\n    pub deviation_warn_mw: f64,\n    pub deviation_warn_after_seconds: u64,\n    pub trim_limit_mw: f64,\n"),
        "config/hydrodispatch.toml": repo.edit("config/hydrodispatch.toml", "interval_seconds = 60\ntrim_limit_mw = 3.0\n", "interval_seconds = 60\ndeviation_warn_mw = 3.0\ndeviation_warn_after_seconds = 120\ntrim_limit_mw = 3.0\n"),
    })
    repo.commit(utc("2026-01-23 07:05:00"), RENOVATE, "chore(deps): update rust crate reqwest to v0.12.12", {
        "Cargo.toml": repo.edit("Cargo.toml", 'reqwest = { version = "0.12.9"', 'reqwest = { version = "0.12.12"'),
    })
    repo.commit(utc("2026-01-26 09:20:00"), MARTE, "config: Myrdal rough zones 10-21 MW from the December vibration test (DSP-246)", {
        "config/plants/myrdal.toml": repo.edit("config/plants/myrdal.toml", "rough_zones_mw = [[12.0, 20.0]]", "rough_zones_mw = [[10.0, 21.0]]", 2),
    })
    shas["rel_2110"] = march.release(repo, utc("2026-01-26 14:05:00"), EIRIK, "2.11.0", [
        "Warn when a plant stays off its schedule (DSP-244).", "Tracking trim for the plants' losses, shadow mode (DSP-241).",
        "Myrdal rough zones 10-21 MW (DSP-246).", "reqwest 0.12.12; Volta errors name the URL (DSP-238)."], "2.10.2")
    shas["rel_2102"] = shas["base"]
    return repo, shas


# ---------------------------------------------------------------------------
# the evening at Myrdal

SCHEDULE = {
    "lauvdal": [("16:30", 204, 3), ("17:00", 210, 3), ("18:00", 212, 3), ("19:00", 206, 3), ("20:00", 198, 3), ("21:00", 176, 3),
                ("22:00", 150, 2), ("23:00", 140, 2)],
    "skorva": [("16:30", 86, 2), ("17:00", 88, 2), ("19:00", 86, 2), ("20:00", 84, 2), ("21:00", 80, 2), ("22:00", 70, 2), ("23:00", 60, 2)],
    "brekke": [("16:30", 58, 2), ("17:00", 60, 2), ("20:00", 58, 2), ("21:00", 56, 2), ("22:00", 54, 2), ("23:00", 50, 2)],
    "myrdal": [("16:30", 62, 2), ("17:00", 64, 2), ("19:00", 60, 2), ("20:00", 56, 2), ("21:00", 48, 2), ("22:00", 40, 2), ("23:00", 34, 2)],
}
MYRDAL_V31 = [("22:45", 22, 1), ("23:00", 22, 1), ("23:15", 22, 1), ("23:30", 22, 1), ("23:45", 22, 1)]
V31_AT = T("22:40:05")
VERSIONS = {"lauvdal": 58, "skorva": 44, "brekke": 31, "myrdal": 30}

FRAZIL_T0 = T("19:02:00")       # frazil starts to build on the rack
SLUG = T("20:47:00")            # a slug of frazil from the rapids upstream
DP0, P0 = 0.12, 56.0            # rack head loss at full flow, clean
LIMIT, HH, ALARM_H, CLEANER = 0.88, 1.50, 0.50, 0.40
ZONE_TOP = 21.0
SLUICE, CLEAR, G1_START, G1_SYNC = T("21:33:20"), T("22:31:00"), T("22:48:10"), T("22:54:30")
RESTARTS = [(secs(DEPLOY_2110), "2.11.0", "rel_2110"), (secs(ROLLBACK), "2.10.2", "rel_2102")]


def mtu_at(plant, x):
    rows = SCHEDULE[plant]
    if plant == "myrdal" and x >= V31_AT:
        rows = rows + MYRDAL_V31
    cur = None
    for clock, mw, units in sorted(rows, key=lambda r: T(r[0])):
        start = T(clock)
        if start <= x:
            # the MTU the row's value holds for
            cur = (start, {"mw": float(mw), "units": units})
    mtu_start = x - (x % 900)
    return mtu_start, cur[1]


def version_at(x):
    v = "2.10.2"
    for when, ver, _ in RESTARTS:
        if x >= when + 6:
            v = ver
    return v


def down_at(x):
    return any(when <= x < when + 6 for when, _, _ in RESTARTS)


def blockage(x):
    """Frazil on the rack: the rack's head loss at full flow, relative to clean."""
    if x < FRAZIL_T0:
        return 1.0
    b = 1.0 + (0.0595 / DP0) * (math.exp((x - FRAZIL_T0) / 1680.0) - 1.0)
    if x > SLUG:
        b *= math.exp((x - SLUG) / 240.0)
    return b


def simulate(rng):
    """Myrdal every 10 s: setpoints (hydrodispatch), the PCS's rack limiter and
    protection, the units' output and the rack's head loss."""
    t0, t1 = secs(START), secs(END)
    steps = int((t1 - t0) // 10) + 1
    out = {"t": [], "G1": [], "G2": [], "dp": [], "limit": []}
    state = {"G2_stop": None, "G1_stop": None, "limiter_on": [], "limiter_off": [], "cleaner": []}
    g1_floor = False
    for k in range(steps):
        x = t0 + 10 * k
        _, m = mtu_at("myrdal", x)
        sp = march.priority_split(march.units_of("myrdal", ["G1", "G2"]), m["mw"])
        running = ["G1", "G2"]
        if state["G2_stop"] is not None and x >= state["G2_stop"]:
            running = ["G1"]
            sp = [min(35.0, m["mw"]), 0.0]
        if state["G1_stop"] is not None and x >= state["G1_stop"]:
            running = []
        if x >= G1_SYNC:
            running = ["G1"]
            sp = [min(35.0, m["mw"]) if x >= V31_AT else 22.0, 0.0]
        total_sp = sum(sp[i] for i, u in enumerate(("G1", "G2")) if u in running)
        b = blockage(x) if x < CLEAR else 1.0
        cap = P0 * math.sqrt(LIMIT / (DP0 * b)) if b > 0 else 99.0
        limited = total_sp > cap and x < CLEAR
        if limited and not (state["limiter_on"] and (not state["limiter_off"] or state["limiter_on"][-1] > state["limiter_off"][-1])):
            state["limiter_on"].append(x)
        if not limited and state["limiter_on"] and (not state["limiter_off"] or state["limiter_off"][-1] < state["limiter_on"][-1]):
            state["limiter_off"].append(x)
        ptot = min(total_sp, cap) if running else 0.0
        if len(running) == 2 and limited and ptot / 2 < ZONE_TOP + 0.5 and state["G2_stop"] is None:
            state["G2_stop"] = x + 10
        if running == ["G1"] and x < CLEAR and limited and cap < ZONE_TOP:
            ptot = ZONE_TOP
            g1_floor = True
        share = {"G1": 0.0, "G2": 0.0}
        if running:
            for i, u in enumerate(("G1", "G2")):
                if u in running:
                    share[u] = ptot * (sp[i] / total_sp) if total_sp else 0.0
        if x < CLEAR:
            dp = DP0 * b * (ptot / P0) ** 2 if running else rng.uniform(0.03, 0.06)
        else:
            dp = 0.19 + 0.17 * (x - G1_SYNC) / (t1 - G1_SYNC) if running else rng.uniform(0.03, 0.06)
        if g1_floor and dp >= HH and state["G1_stop"] is None:
            state["G1_stop"] = x + 5.3
        dp = max(0.02, dp * rng.uniform(0.97, 1.03))
        out["t"].append(x)
        out["G1"].append(share["G1"])
        out["G2"].append(share["G2"])
        out["dp"].append(dp)
        out["limit"].append(limited)
    return out, state


def build_logs(rng, shas):
    app = Log("hydrodispatch.log")
    pcs = Log("roc-scada-events.log")
    met = Log("hydromet-telemetry.log")
    volta = Log("volta.log")
    ci = Log("gitlab-deploy.log")
    slack = Log("slack-roc-drift.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    sim, st = simulate(rng)
    g2_stop, g1_stop = st["G2_stop"], st["G1_stop"]
    assert g2_stop and g1_stop, st
    stats.update(st)

    def idx(x):
        return max(0, min(len(sim["t"]) - 1, int((x - t0) // 10)))

    def dp_at(x):
        return sim["dp"][idx(x)]

    def log(x, level, target, msg, *fields):
        if down_at(x):
            return
        x += rng.randint(0, 899) * 1e-6
        app.add(at(x), tracing_line(x, level, target, msg, list(fields)))

    def ev(x, stn, obj, cls, state, text):
        if abs(x - round(x)) < 1e-6:
            x += rng.uniform(0.01, 0.6)
        pcs.add(at(x), pcs_line(x, stn, obj, cls, state, text))

    # --- the intake: rack head loss alarms, cleaner, limiter, protection --------
    onset = None
    above = False
    for k, x in enumerate(sim["t"]):
        dp = sim["dp"][k]
        if not above and dp >= ALARM_H and x < CLEAR:
            xa = x + rng.uniform(0, 9)
            ev(xa, "MYR", "INT", "ALARM", "ACT", f"Trash rack differential pressure high {dp:.2f} m (limit 0.50)")
            onset = onset or xa
            above = True
        elif above and dp < 0.45:
            ev(x + rng.uniform(0, 9), "MYR", "INT", "ALARM", "CLR", "Trash rack differential pressure high")
            above = False
    stats["onset"] = onset
    # the rack cleaner: by timer every 2 h, and while the head loss is over 0.40 m
    x = T("17:20:00")
    while x < t1:
        ev(x, "MYR", "INT", "EVENT", "-", "Rack cleaner started (timer)")
        ev(x + 412, "MYR", "INT", "EVENT", "-", f"Rack cleaner cycle completed, dP {dp_at(x + 412):.2f} m")
        x += 7200
    x = t0
    last = -1e9
    cleaner = []
    for k, xx in enumerate(sim["t"]):
        if sim["dp"][k] >= CLEANER and xx - last >= 600 and xx < g1_stop and (sim["G1"][k] + sim["G2"][k]) > 0:
            cleaner.append(xx)
            last = xx
    for xx in cleaner:
        xx += rng.uniform(0, 8)
        before = dp_at(xx)
        ev(xx + 3.1, "MYR", "INT", "EVENT", "-", f"Rack cleaner started (auto, dP {before:.2f} m)")
        dur = rng.uniform(405, 422)
        ev(xx + 3.1 + dur, "MYR", "INT", "EVENT", "-", f"Rack cleaner cycle completed, dP {dp_at(xx + 3.1 + dur):.2f} m")
    for on in st["limiter_on"]:
        if on < CLEAR:
            ev(on + 2.2, "MYR", "INT", "ALARM", "ACT", f"Trash rack dP limiter active, unit load limited (dP {dp_at(on) / 0.98:.2f} m)")
    for off in st["limiter_off"]:
        if off < CLEAR:
            ev(off + 1.6, "MYR", "INT", "ALARM", "CLR", "Trash rack dP limiter active, unit load limited")
    ev(g2_stop, "MYR", "G2", "SEQ", "-", "Stop sequence initiated (rack protection: flow reduction)")
    for dx, text in [(1.0, "Unloading"), (38.5, "Generator breaker open"), (39.1, "Excitation off"), (51.0, "Wicket gates closed"),
                     (70.2, "Turbine inlet valve closed"), (141.0, "Mechanical brake applied at 20 % speed"), (214.6, "Unit stopped")]:
        ev(g2_stop + dx, "MYR", "G2", "SEQ", "-", text)
    hh = g1_stop - 5.3
    ev(hh, "MYR", "INT", "ALARM", "ACT", f"Trash rack differential pressure high-high {dp_at(hh):.2f} m (limit 1.50)")
    ev(g1_stop, "MYR", "G1", "TRIP", "ACT", "Quick shutdown: trash rack dP high-high")
    for dx, text in [(0.05, "Generator breaker open (protection)"), (0.3, "Excitation off"), (6.6, "Wicket gates closed (quick closure)"),
                     (23.9, "Turbine inlet valve closed"), (98.0, "Mechanical brake applied at 20 % speed"), (175.2, "Unit stopped")]:
        ev(g1_stop + dx, "MYR", "G1", "SEQ", "-", text)
    ev(g1_stop + 31.0, "MYR", "INT", "ALARM", "CLR", "Trash rack differential pressure high-high")
    ev(T("21:21:40"), "MYR", "INT", "ALARM", "ACT", "Intake pond level high 387.96 masl, spilling over the weir")
    ev(SLUICE, "MYR", "INT", "CMD", "-", "Ice sluice gate open 40 % (local, povrebo)")
    for k in range(7):
        xx = T("21:38:00") + k * 470 + rng.uniform(0, 40)
        ev(xx, "MYR", "INT", "EVENT", "-", "Rack cleaner started (manual, povrebo)")
        ev(xx + 408, "MYR", "INT", "EVENT", "-", "Rack cleaner cycle completed, dP 0.04 m")
    ev(T("22:35:30"), "MYR", "INT", "CMD", "-", "Ice sluice gate open 15 % (local, povrebo)")
    ev(T("22:46:12"), "MYR", "G1", "EVENT", "-", "Lockout 86M reset (local, povrebo)")
    for dx, text in [(0, "Start sequence initiated (ROC hmoen)"), (6.2, "Cooling water pumps running"), (11.8, "Governor HPU pressure OK"),
                     (48.0, "Turbine inlet valve open"), (63.5, "Wicket gates opening (start limit 18 %)"), (G1_SYNC - G1_START - 71.0, "Speed 95 %"),
                     (G1_SYNC - G1_START - 64.0, "Excitation on"), (G1_SYNC - G1_START - 58.2, "Synchronizing"), (G1_SYNC - G1_START, "Generator breaker closed")]:
        ev(G1_START + dx, "MYR", "G1", "SEQ", "-", text)
    ev(G1_SYNC + 0.9, "MYR", "G1", "EVENT", "-", "Unit in operation, remote setpoint")
    ev(T("23:08:15"), "MYR", "INT", "ALARM", "CLR", "Intake pond level high")
    ev(onset + 95, "MYR", "INT", "ALARM", "ACK", "Trash rack differential pressure high (hmoen)")
    ev(st["limiter_on"][0] + 130, "MYR", "INT", "ALARM", "ACK", "Trash rack dP limiter active, unit load limited (hmoen)")
    ev(hh + 40, "MYR", "INT", "ALARM", "ACK", "Trash rack differential pressure high-high (hmoen)")
    ev(g1_stop + 62, "MYR", "G1", "TRIP", "ACK", "Quick shutdown: trash rack dP high-high (hmoen)")

    # --- the other plants' routine ------------------------------------------------
    def runs(stn, u, x):
        if stn == "MYR":
            if u == "G2":
                return x < g2_stop + 40
            return x < g1_stop or x >= G1_SYNC
        if stn == "LAU":
            return u != "G3" or x < T("22:00:40")
        return True

    for stn, uids in (("LAU", ["G1", "G2", "G3"]), ("SKO", ["G1", "G2"]), ("BRE", ["G1", "G2"]), ("MYR", ["G1", "G2"])):
        for u in uids:
            x = t0 + rng.uniform(0, 200)
            while x < t1:
                if runs(stn, u, x):
                    ev(x, stn, u, "EVENT", "-", "Governor HPU oil pump 1 started")
                    ev(x + rng.uniform(38, 55), stn, u, "EVENT", "-", "Governor HPU oil pump 1 stopped")
                x += rng.uniform(190, 330)
            x = t0 + rng.uniform(0, 2400)
            while x < t1:
                if runs(stn, u, x):
                    ev(x, stn, u, "EVENT", "-", "Cooling water strainer backflush started")
                    ev(x + rng.uniform(55, 75), stn, u, "EVENT", "-", "Cooling water strainer backflush completed")
                x += rng.uniform(2700, 3900)
    for h in range(17, 24):
        for stn in ("LAU", "SKO", "BRE", "MYR"):
            ev(T(f"{h}:00:00") + rng.uniform(0.1, 0.9), stn, "STN", "EVENT", "-", "Energy meter hourly value stored")
    xs = T("22:00:40")
    for dx, text in [(0, "Stop sequence initiated (ROC hmoen)"), (1.0, "Unloading"), (38.5, "Generator breaker open"), (39.1, "Excitation off"),
                     (51.0, "Wicket gates closed"), (70.2, "Turbine inlet valve closed"), (141.0, "Mechanical brake applied at 20 % speed"), (214.6, "Unit stopped")]:
        ev(xs + dx, "LAU", "G3", "SEQ", "-", text)
    fwd = []
    for x, stn, plant, u, text, dur in [(T("17:12:40"), "BRE", "brekke", "G1", "Cooling water flow low", 22.6), (T("18:04:09"), "SKO", "skorva", "G2", "Nozzle 3 needle position deviation", 14.1),
                                        (T("19:41:27"), "LAU", "lauvdal", "G3", "Generator stator temperature high warning", 260.0),
                                        (T("21:07:51"), "BRE", "brekke", "G2", "Cooling water flow low", 18.3), (T("22:26:02"), "SKO", "skorva", "G1", "Nozzle 3 needle position deviation", 11.9)]:
        ev(x, stn, u, "ALARM", "ACT", text)
        ev(x + dur, stn, u, "ALARM", "CLR", text)
        ev(x + rng.uniform(60, 240), stn, u, "ALARM", "ACK", f"{text} ({'hmoen' if x > T('18:00') else 'kvik'})")

    # --- hydrodispatch ------------------------------------------------------------
    T_DISP, T_TRACK, T_PCS, T_VOLTA = "hydrodispatch::dispatch", "hydrodispatch::tracking", "hydrodispatch::pcs::iec104", "hydrodispatch::schedule::volta"
    horizon = secs(utc("2026-01-28 00:00:00"))
    short = {"rel_2110": shas["rel_2110"][:8], "rel_2102": shas["rel_2102"][:8]}
    for when, ver, key in RESTARTS:
        x = when + 6.0
        log(x, "INFO", "hydrodispatch", "starting hydrodispatch", ("version", ver), ("commit", short[key]), ("plants", 4))
        for k, plant in enumerate(march.ORDER):
            log(x + 0.002 + 0.0011 * k, "INFO", "hydrodispatch", "plant configured", ("plant", "%" + plant), ("units", len(march.PLANTS[plant]["units"])), ("allocator", "%Priority"))
        for k, plant in enumerate(march.ORDER):
            rtu = f"{plant}-rtu.ot.fjellkraft.no:2404"
            log(x + 0.11 + 0.21 * k, "INFO", T_PCS, "iec104 connected", ("rtu", "%" + rtu), ("common_address", 11 + k))
            log(x + 0.19 + 0.21 * k, "INFO", T_PCS, "general interrogation complete", ("rtu", "%" + rtu), ("points", {"lauvdal": 398, "skorva": 236, "brekke": 251, "myrdal": 238}[plant]))
        for k, plant in enumerate(march.ORDER):
            log(x + 0.97 + 0.0011 * k, "INFO", T_VOLTA, "schedule received", ("plant", "%" + plant), ("version", VERSIONS[plant]), ("mtus", int((horizon - x) // 900)))
    log(V31_AT + 1.4, "INFO", T_VOLTA, "schedule received", ("plant", "%myrdal"), ("version", 31), ("mtus", int((horizon - V31_AT) // 900)))

    def available(plant, u, x):
        if plant == "myrdal":
            if u == "G2":
                return x < g2_stop
            return x < g1_stop or x >= G1_SYNC
        if plant == "lauvdal" and u == "G3":
            return x < T("22:00:40")
        return True

    points = set()
    for plant in march.ORDER:
        x = t0 - (t0 % 900)
        while x <= t1:
            points.add((x + 0.41, plant))
            x += 900
    for x in (g2_stop + 1.3, g1_stop + 1.3, G1_SYNC + 1.3, V31_AT + 2.2):
        points.add((x, "myrdal"))
    for when, _, _ in RESTARTS:
        for k, plant in enumerate(march.ORDER):
            points.add((when + 7.1 + 0.05 * k, plant))
    applied = {}
    for x, plant in sorted(points):
        if x < t0 or x > t1:
            continue
        mtu_x, m = mtu_at(plant, x)
        ids = [r[0] for r in march.PLANTS[plant]["units"]]
        avail = [u for u in ids if available(plant, u, x)]
        online = avail[:m["units"]]
        restarted = any(when + 7 <= x < when + 8 for when, _, _ in RESTARTS)
        key = (mtu_x, m["mw"], tuple(online))
        if applied.get(plant) == key and not restarted:
            continue
        applied[plant] = key
        x += rng.uniform(0.0, 0.06)
        if len(avail) < m["units"]:
            log(x - 0.01, "WARN", T_DISP, "fewer units available than the schedule's units_online", ("plant", "%" + plant), ("ordered", m["units"]), ("available", len(avail)))
        log(x, "INFO", T_DISP, "mtu applied", ("plant", "%" + plant), ("mtu", "%" + at(mtu_x).strftime("%H:%M")), ("schedule_mw", m["mw"]), ("units_online", m["units"]),
            ("fcr_n_mw", {"lauvdal": 6.0, "skorva": 2.0}.get(plant, 0.0)), ("fcr_d_up_mw", 0.0), ("version", 31 if (plant == "myrdal" and x >= V31_AT) else VERSIONS[plant]))
        us = march.units_of(plant, online)
        mws = march.priority_split(us, m["mw"]) if online else []
        if plant == "myrdal" and version_at(x) == "2.10.2" and len(online) == 2:
            # before DSP-246 the config had Myrdal's zones at 12-20 MW
            old = [march.U(r) for r in march.PLANTS["myrdal"]["units"]]
            for u in old:
                u.zones = [(12.0, 20.0)]
            mws = march.priority_split(old, m["mw"])
        sps = dict(zip(online, mws))
        log(x + 0.0012, "INFO", T_DISP, "allocation", ("plant", "%" + plant), ("allocator", "%Priority"), ("total_mw", m["mw"]), ("units_online", len(online)),
            ("setpoints", "%" + ",".join(f"{u}:{mw:.1f}" for u, mw in sps.items())))
        stn = march.PLANTS[plant]["code"]
        for k, (u, mw) in enumerate(sps.items()):
            log(x + 0.031 + 0.018 * k, "INFO", T_PCS, "setpoint written", ("plant", plant), ("unit", u), ("mw", f"{mw:.1f}"))
            ev(x + 0.05 + 0.018 * k, stn, u, "CMD", "-", f"Active power setpoint received {mw:.1f} MW (remote)")
    log(g2_stop + 1.2, "WARN", T_PCS, "unit unavailable", ("plant", "myrdal"), ("unit", "G2"), ("reason", "stopped by PCS"))
    log(g1_stop + 1.2, "WARN", T_PCS, "unit unavailable", ("plant", "myrdal"), ("unit", "G1"), ("reason", "tripped"))
    log(G1_SYNC + 1.25, "INFO", T_PCS, "unit available", ("plant", "myrdal"), ("unit", "G1"))
    log(T("22:01:20"), "INFO", T_PCS, "unit stopped", ("plant", "lauvdal"), ("unit", "G3"))

    # tracking
    freq = 50.0
    trim = {p: 0.0 for p in march.ORDER}
    off_since = {}
    offsets = {"lauvdal": 11.8, "skorva": 24.1, "brekke": 37.5, "myrdal": 52.2}
    level = {"lauvdal": 731.48, "skorva": 893.02, "brekke": 506.61, "myrdal": 387.42}
    x = t0
    phase = 0.0
    while x < t1:
        freq = min(50.1, max(49.9, freq + rng.gauss(0, 0.013) - 0.05 * (freq - 50.0)))
        for plant in march.ORDER:
            xx = x + offsets[plant] + phase + rng.uniform(0, 0.35)
            if xx >= t1 or down_at(xx):
                continue
            _, m = mtu_at(plant, xx)
            if plant == "myrdal":
                k = idx(xx)
                measured = sim["G1"][k] + sim["G2"][k] + rng.gauss(0, 0.2) - 0.6
                measured = max(0.0, measured)
            else:
                measured = m["mw"] + rng.gauss(0, 0.25) - 0.5
            dev = measured - m["mw"]
            ver = version_at(xx)
            fields = [("plant", "%" + plant), ("schedule_mw", m["mw"]), ("measured_mw", f"{measured:.1f}"), ("deviation_mw", f"{dev:.1f}")]
            if ver == "2.11.0":
                trim[plant] = max(-3.0, min(3.0, trim[plant] - 0.25 * dev))
                fields.append(("trim_mw", f"{trim[plant]:.1f}"))
            fields.append(("freq_hz", f"{freq:.3f}"))
            log(xx, "INFO", T_TRACK, "plant tracking", *fields)
            if abs(dev) > 3.0:
                since = off_since.setdefault(plant, xx)
                if ver == "2.11.0" and xx - since >= 120:
                    log(xx + 0.0011, "WARN", T_TRACK, "plant not following schedule", ("plant", "%" + plant), ("schedule_mw", m["mw"]),
                        ("measured_mw", f"{measured:.1f}"), ("for_s", int(xx - since)))
            else:
                off_since.pop(plant, None)
            res = march.PLANTS[plant]["reservoir"]
            if plant == "myrdal":
                flow_out = (sim["G1"][idx(xx)] + sim["G2"][idx(xx)]) / P0
                level[plant] = min(388.03, max(387.30, level[plant] + 0.012 * (0.82 - flow_out) - 0.08 * max(0.0, SLUICE <= xx) * 0.02))
            else:
                level[plant] += {"lauvdal": -0.0032, "skorva": -0.0011, "brekke": -0.0019}[plant]
            log(xx + 0.0025, "INFO", T_TRACK, "reservoir", ("plant", "%" + plant), ("reservoir", "%" + res[0]), ("level_masl", f"{level[plant]:.2f}"),
                ("lrv", res[2]), ("hrv", res[1]))
        x += 60.0
        for when, _, _ in RESTARTS:
            if x - 60 < when + 6 <= x:
                phase = (phase + 19.3) % 30
    for x in (T("17:51:30"), T("18:51:30"), T("19:51:30"), T("20:51:30"), T("21:51:30"), T("22:51:30")):
        for k, plant in enumerate(march.ORDER):
            log(x + 0.3 * k + rng.uniform(0, 0.2), "INFO", T_PCS, "general interrogation complete",
                ("rtu", f"%{plant}-rtu.ot.fjellkraft.no:2404"), ("points", {"lauvdal": 398, "skorva": 236, "brekke": 251, "myrdal": 238}[plant]))
    for x in (T("17:33:02"), T("21:58:47")):
        log(x, "WARN", T_PCS, "iec104 link lost", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("error", "%t1 timeout (no I-frame confirmation in 15 s)"))
        log(x + 3.9, "INFO", T_PCS, "iec104 connected", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("common_address", 14))
        log(x + 4.2, "INFO", T_PCS, "general interrogation complete", ("rtu", "%myrdal-rtu.ot.fjellkraft.no:2404"), ("points", 238))
        ev(x - 0.5, "MYR", "STN", "EVENT", "-", "IEC 104 link to ROC front-end FE2 lost")
        ev(x + 3.7, "MYR", "STN", "EVENT", "-", "IEC 104 link to ROC front-end FE2 established")

    # --- hydrology telemetry -----------------------------------------------------------
    def ml(x, level_, msg, **kv):
        t = at(x)
        parts = [f"ts={t.strftime('%Y-%m-%dT%H:%M:%SZ')}", f"level={level_}", f'msg="{msg}"']
        for k, v in kv.items():
            s_ = str(v)
            parts.append(f'{k}="{s_}"' if (" " in s_ or "=" in s_) else f"{k}={s_}")
        met.add(t, " ".join(parts))

    def air(x):
        h = (x - t0) / 3600.0
        return -15.8 - 8.1 * (1 - math.exp(-h / 2.6))

    def water(x):
        if x < T("18:10:00"):
            return 0.06 - 0.06 * (x - t0) / (T("18:10:00") - t0)
        if x < T("19:00:00"):
            return -0.03 * (x - T("18:10:00")) / 3000.0
        return -0.03 - 0.01 * math.sin((x - T("19:00:00")) / 1900.0)

    stations = [("myrdal-inntak", "Myrdalselva at the intake", True), ("lauvdal-dam", "Lauvdalsvatnet at the dam", False),
                ("skorva-dam", "Skorvatn at the dam", False), ("brekke-dam", "Brekkevatnet at the dam", False)]
    alerts = []
    x = T("16:40:00")
    while x < t1:
        for k, (sid, name, open_water) in enumerate(stations):
            xx = x + 4 + 3 * k
            a = air(xx) + {"myrdal-inntak": 0.0, "lauvdal-dam": -2.3, "skorva-dam": -4.1, "brekke-dam": 1.2}[sid] + rng.uniform(-0.2, 0.2)
            if open_water:
                w = water(xx) + rng.uniform(-0.003, 0.003)
                lvl = 387.42 + (0.4 if xx > T("21:10") else 0.0) * min(1.0, (xx - T("21:10")) / 1800.0 if xx > T("21:10") else 0.0)
                ml(xx, "info", "reading", station=sid, air_temp_c=f"{a:.1f}", water_temp_c=f"{w:.3f}", level_masl=f"{min(lvl, 387.97):.2f}",
                   wind_ms=f"{rng.uniform(0.2, 1.4):.1f}", cloud_cover_okta=0, ice_cover="open")
                if w <= -0.01 and a <= -10 and not alerts:
                    alerts.append(xx)
            else:
                ml(xx, "info", "reading", station=sid, air_temp_c=f"{a:.1f}", water_temp_c=f"{rng.uniform(0.4, 0.9):.3f}",
                   wind_ms=f"{rng.uniform(0.1, 1.8):.1f}", cloud_cover_okta=0, ice_cover="full")
        x += 600
    first = alerts[0]
    stats["frazil_alert"] = first
    ml(first + 1.2, "warn", "frazil risk: open water supercooled", station="myrdal-inntak", water_temp_c=f"{water(first):.3f}", air_temp_c=f"{air(first):.1f}",
       rule="water<=-0.01C,air<=-10C,open", notify="#hydrologi")
    ml(first + 7200 + 1.2, "warn", "frazil risk: open water supercooled", station="myrdal-inntak", water_temp_c=f"{water(first + 7200):.3f}",
       air_temp_c=f"{air(first + 7200):.1f}", rule="water<=-0.01C,air<=-10C,open", notify="#hydrologi", repeat=1)
    ml(T("21:06:40"), "info", "alert acknowledged", station="myrdal-inntak", alert="frazil risk", by="sigrid.lunde")

    # --- Volta --------------------------------------------------------------------------
    def vl(x, level_, component, msg, **kv):
        if abs(x - round(x)) < 1e-6:
            x += rng.uniform(0.01, 0.99)
        t = at(x)
        parts = [f"ts={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level_}", f"component={component}", f'msg="{msg}"']
        for k, v in kv.items():
            s = str(v)
            parts.append(f'{k}="{s}"' if (" " in s or "=" in s or s == "") else f"{k}={s}")
        volta.add(t, " ".join(parts))

    x = t0 + 17.9
    pos = 0.0
    while x < t1:
        pos += rng.gauss(0, 1.6)
        short_mw = 0.0
        if x > T("20:20:00"):
            k = idx(x)
            _, m = mtu_at("myrdal", x)
            short_mw = max(0.0, m["mw"] - (sim["G1"][k] + sim["G2"][k]))
        vl(x, "info", "position", "intraday position", area="NO5", delivery_hour=at(x).strftime("%H:00"), net_sold_mw=f"{-pos:.1f}",
           plants_short_mw=f"{short_mw:.1f}", spot_eur_mwh=f"{(96.2 if 16 <= at(x).hour < 20 else 78.5) + rng.uniform(-2, 2):.2f}")
        x += 300.0
    vl(T("17:05:12"), "info", "intraday", "trade", side="sell", area="NO5", mtu="18:00-19:00", mw="8.0", price_eur_mwh="101.30", plant="lauvdal")
    vl(T("18:48:40"), "info", "intraday", "trade", side="sell", area="NO5", mtu="19:00-20:00", mw="5.0", price_eur_mwh="99.70", plant="skorva")
    vl(T("20:22:30"), "warn", "deviation", "plant behind schedule", plant="myrdal", schedule_mw="56.0", measured_mw="50.1", source="hydrodispatch")
    vl(T("20:27:10"), "info", "intraday", "trade", side="buy", area="NO5", mtu="20:30-21:00", mw="10.0", price_eur_mwh="104.20", plant="myrdal", reason="plant limited")
    vl(g2_stop + 5.0, "warn", "availability", "unit unavailable", plant="myrdal", unit="G2", source="pcs", reason="stopped (rack protection)")
    vl(g1_stop + 4.4, "warn", "availability", "unit unavailable", plant="myrdal", unit="G1", source="pcs", reason="tripped")
    vl(T("20:56:30"), "info", "intraday", "trade", side="buy", area="NO5", mtu="21:00-22:45", mw="48.0", price_eur_mwh="97.60", plant="myrdal", reason="plant out, intake icing")
    vl(T("22:39:50"), "info", "schedule", "schedule published", plant="myrdal", version=31, **{"from": "2026-01-26T22:45Z"}, units_online=1, mw="22.0", by="jlie",
       note="one unit at low flow after rack cleaning")
    vl(G1_SYNC + 4.2, "info", "availability", "unit available", plant="myrdal", unit="G1", source="pcs")
    vl(T("22:42:20"), "info", "intraday", "trade", side="buy", area="NO5", mtu="22:45-06:00", mw="18.0", price_eur_mwh="71.40", plant="myrdal", reason="intake icing")

    # --- GitLab deploy jobs --------------------------------------------------------------
    def gl(x, text):
        x += rng.uniform(0.0, 0.09)
        t = at(x)
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {text}")

    def job(x_restart, number, who, tag, sha, retry=False):
        x0 = x_restart - 83.0 - rng.uniform(0.1, 0.9)
        gl(x0, f"Job deploy:prod #{number} ({'retried' if retry else 'manual'}, triggered by {who}) ref={tag} sha={sha}")
        gl(x0 + 0.4, "Running with gitlab-runner 17.7.1 (3153ccc6)")
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

    job(secs(DEPLOY_2110), 4968, "eirik.solheim", "v2.11.0", shas["rel_2110"])
    job(secs(ROLLBACK), 4911, "eirik.solheim", "v2.10.2", shas["rel_2102"], retry=True)

    # --- Slack #roc-drift ----------------------------------------------------------------
    users = {"hakon.moen (ROC)": "U03HM1T6G", "eirik.solheim": "U02ES4M8B", "per.ovrebo (Myrdal)": "U05PO8N2H", "sigrid.lunde (hydrologi)": "U04SL6V3J",
             "jonas.lie (intraday)": "U04JL2W7E", "kari.nygard": "U02KN9P1C"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "roc-drift", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    lim_on = st["limiter_on"][0]
    k0 = idx(T("20:22:00"))
    say(T("19:08:30"), "eirik.solheim", "deploying hydrodispatch 2.11.0 in the change window: 'plant not following schedule' warning (DSP-244), tracking trim in shadow mode (DSP-241), Myrdal rough zones 10-21 (DSP-246), reqwest bump. ROC informed")
    say(T("19:15:40"), "eirik.solheim", "2.11.0 running, allocations as before, trim_mw shows up in the tracking lines")
    say(onset + 110, "hakon.moen (ROC)", f"Myrdal: trash rack dP high alarm ({dp_at(onset):.2f} m), the rack cleaner is on it")
    say(T("20:22:10"), "hakon.moen (ROC)", f"Myrdal: 'Trash rack dP limiter active' since {at(lim_on).strftime('%H:%M')}, output down to {sim['G1'][k0] + sim['G2'][k0]:.0f} MW of 56. hydrodispatch says 'plant not following schedule'. @eirik.solheim can you look, the runbook sends this one to you")
    say(T("20:24:00"), "jonas.lie (intraday)", "seeing Myrdal short in Volta, buying 10 MW for 20:30-21:00 to start with")
    say(T("20:25:30"), "hakon.moen (ROC)", "called Per (Myrdal on-call), he's driving up to the intake, 45 min on this road")
    say(T("20:27:50"), "eirik.solheim", "the warning is new in 2.11.0 (DSP-244), deployed 19:12. DSP-241's trim_mw has sat at +3.0 on every plant since ~19:35, odd, but it's shadow mode, nothing applied. setpoints 30/26 written and confirmed. runbook says roll back if it started after a release, so rolling back to 2.10.2 to rule us out")
    say(T("20:30:20"), "hakon.moen (ROC)", "fwiw the limiter is the PCS's rack protection, it cuts the load when the dP across the rack gets high. the rack cleaner has been cycling since 19:46 and the dP keeps rising")
    say(g2_stop + 70, "hakon.moen (ROC)", "G2 Myrdal stopped by the rack protection (flow reduction). G1 alone")
    say(T("20:39:40"), "eirik.solheim", "2.10.2 running since 20:38")
    say(g1_stop + 50, "hakon.moen (ROC)", f"G1 Myrdal QUICK SHUTDOWN, trash rack dP high-high {dp_at(hh):.2f} m. Myrdal at 0 MW")
    say(g1_stop + 140, "eirik.solheim", "and nothing from us in the log now (2.10.2 has no such warning), the plant is at 0 all the same. so not 2.11.0. we wrote 30/26 the whole time; it's the PCS cutting the load for the rack")
    say(T("20:58:30"), "jonas.lie (intraday)", "bought 48 MW for 21:00-22:45. Myrdal unavailable in Volta")
    say(T("21:03:20"), "sigrid.lunde (hydrologi)", f"saw this in #hydrologi. Myrdal intake telemetry: water {water(T('21:00:00')):.2f} C since ~19:00, air {air(T('21:00:00')):.0f} C, clear and calm, open water. that's frazil ice, it sticks to the rack bars and blocks them from inside, the rake barely touches it. our frazil risk alert went out at {at(first).strftime('%H:%M')}")
    say(T("21:06:10"), "hakon.moen (ROC)", "ice procedure for Myrdal then: units stay stopped, open the ice sluice, rack cleaner by hand, restart one unit at low flow when the dP is normal")
    say(T("21:16:30"), "per.ovrebo (Myrdal)", "at the intake. the whole rack face is covered in slush ice, grey frazil, thick at the bottom. water is steaming. the rake just scrapes the top layer. pond is rising to the weir")
    say(T("21:34:10"), "per.ovrebo (Myrdal)", "ice sluice open 40 %, running the cleaner by hand")
    say(T("22:32:00"), "per.ovrebo (Myrdal)", "rack face clear except the bottom 30 cm. dP 0.04 at zero flow. sluice down to 15 %, ok to start one unit low")
    say(T("22:41:30"), "jonas.lie (intraday)", "Volta v31 for Myrdal: one unit, 22 MW from 22:45. rest bought")
    say(G1_SYNC + 80, "hakon.moen (ROC)", "G1 Myrdal running, 22 MW, dP 0.19 m")
    say(T("23:20:00"), "sigrid.lunde (hydrologi)", "forecast: -20 and clear until 08:00. keep the flow low and the sluice open, the pond should ice over by morning, then frazil stops")
    say(T("23:31:00"), "per.ovrebo (Myrdal)", "dP 0.3 steady, I'm staying at the plant tonight")
    say(T("23:36:30"), "eirik.solheim", "nothing to change in hydrodispatch. 2.11.0 goes out again in Wednesday's change window. maybe the frazil alert should go to the ROC too, not only #hydrologi")
    stats["sim"] = sim
    return [app, pcs, met, volta, ci, slack], stats


def build(out_dir):
    rng = random.Random(95200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert utc("2026-01-26 19:50:00") <= onset <= utc("2026-01-26 20:05:00"), onset
        sim = stats["sim"]
        t_idx = {x: k for k, x in enumerate(sim["t"])}

        def series(key):
            def fn(t):
                k = t_idx.get(t.timestamp() - (t.timestamp() - secs(START)) % 10)
                return None if k is None else round(sim[key][k], 2 if key == "dp" else 1)
            return fn

        metrics = {
            "myrdal_trash_rack_dp_m.json": query_range([({"plant": "myrdal", "point": "INT-PDT-101", "job": "scada-exporter"}, series("dp"))], START, END, 30),
            "myrdal_unit_active_power_mw.json": query_range(
                [({"plant": "myrdal", "unit": u, "job": "scada-exporter"}, series(u)) for u in ("G1", "G2")], START, END, 30),
        }
        g2, g1 = at(stats["G2_stop"]), at(stats["G1_stop"])
        return write_scenario(
            out_dir, name="r95-intake-frazil-ice-none", service=SERVICE, onset=onset,
            description=f"""
Fjellkraft's Myrdal hydro plant (two 35 MW Francis units, an open river
intake) on Monday 26 January 2026, a clear night at -20 °C: from
{onset.strftime('%H:%M:%S')} UTC the PCS alarms on the trash rack's head loss, its rack
limiter cuts the units' load from {at(stats['limiter_on'][0]).strftime('%H:%M')}, G2 is stopped at {g2.strftime('%H:%M')} and G1 is
quick-stopped at {g1.strftime('%H:%M')} on dP high-high; Myrdal is out through the evening
peak and the desk covers it in intraday. hydrodispatch 2.11.0 had been
deployed at 19:12; it was rolled back to 2.10.2 at 20:38 without effect.
The rack was cleared by hand with the ice sluice open and G1 restarted at
low flow at 22:54.
""",
            logs=logs,
            line_formats={"roc-scada-events.log": r'<Date> <Time> <Station> <Object> <Class> <State> <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'Trash rack differential pressure high',
                r'frazil risk: open water supercooled',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. On a clear, calm night at -16 to -24 °C the open
water at Myrdal's intake is supercooled from 18:20 (-0.01 to -0.04 °C; the
hydrology telemetry's "frazil risk: open water supercooled" at {at(stats['frazil_alert']).strftime('%H:%M')},
sent to #hydrologi only). Frazil ice freezes onto the trash rack's bars
and the rack's head loss grows exponentially: the PCS's "Trash rack
differential pressure high" at {onset.strftime('%H:%M')}, the rack cleaner's rake takes off
almost nothing, the rack limiter cuts the units' load from {at(stats['limiter_on'][0]).strftime('%H:%M')}, the rack
protection stops G2 at {g2.strftime('%H:%M')} and quick-stops G1 on dP high-high at
{g1.strftime('%H:%M')}. hydrodispatch wrote and had confirmed the schedule's setpoints
throughout; the plant could not follow them. The technician finds the
rack face covered in frazil slush; the ice sluice and the rack cleaner by
hand clear it, and one unit runs at low flow for the night. Nothing in
hydrodispatch was changed.
Decoys: 2.11.0, deployed {round((onset - DEPLOY_2110).total_seconds() / 60)} minutes before the onset in the change window
(DSP-244, which adds the very "plant not following schedule" warning that
fills the log once the limiter acts; DSP-241, a tracking trim logged in
shadow mode that winds up to +3.0 MW; DSP-246, Myrdal's own rough zones in its
config; a reqwest bump; DSP-238 in the Volta client), rolled back to 2.10.2
without effect (the warnings go, G1 trips after the rollback); Thursday's
runbook commit that reads "plant not following schedule" as a unit in
local, unconfirmed setpoints or the IEC 104 link and says to roll back
after a release; Myrdal's radio link drops, routine cooling water and
nozzle alarms at the other plants, Lauvdal's planned G3 stop at 22:00.
""",
        )
    finally:
        repo.close()
