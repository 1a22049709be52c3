"""penwatch at Solsjø Laks's Lamholmen salmon farm (the same service and
repository two and a half weeks after `r111-om4-freshwater-solubility`, the
OM-4 pens now computed with the site's salinity, OXY-63 in 5.3.1).

Monday 31 August 2026: release 5.5.0 deployed at 15:20 CEST (FEED-231,
appetite control: a meal is ended after three minutes of pellet loss and the
rest of the ration moved to the next meal, with the "appetite low ... meal
ended" warning, the very line that fills the log; OXY-72, a warning when a
pen is supersaturated above 120 %, for diffusers left open; an httpx bump).
A runbook section written on Friday reads appetite low at all pens as a new
feed batch or the newest release. The feed boat delivered a new batch of
9 mm feed to silo S1 on Monday; at 10:50 CEST on Tuesday Erlend Vik at the
feeding centre switches the midday and afternoon meals to silo S1 (FEED-236,
deployed 10:53 CEST: penwatch restarts and re-sends the day's plan).

Tuesday 1 September: a bloom of Karenia mikimotoi, a harmful dinoflagellate
whose toxins damage the gills, drifts north into Sunnfjord with the coastal
current. The regional algae warning service (Algevarsel Vestland) warns
about it at 07:40 UTC for the area south of the site (an e-mail to the
sites' shared inbox, unread); Hestøy, Solsjø's site 15 km south, reports
fish off their feed and brown water at 08:10 UTC; from 08:40 the
chlorophyll on Lamholmen's buoy rises and it alarms "CHL HIGH" at about
09:05 (an SMS to the site manager, out in the workboat). At the midday meal
(11:30 CEST, 09:30 UTC) the fish in P5-P8, then P1-P4, do not eat: the FX-12
sees pellets passing and penwatch ends the meals ("appetite low"); the
algae's photosynthesis pushes the pens to 120-130 % saturation in the
sunshine (OXY-72's warning), while the fish stand at the surface gasping.
Sindre Aasen, on call (PenwatchAppetiteLow), follows the runbook: the new
feed batch switched in at 10:53 CEST, 5.5.0 the day before; he rolls back to
5.4.2 at 10:25 UTC (the plan is re-sent with silo S2, the old batch) without
effect: the appetite warnings go, FEED-214's pellet loss stops come back.
Ingrid Solheim sees the reddish-brown water, the buoy's CHL HIGH SMS and the
warning in the inbox; her sample under the site's microscope at 11:20 UTC
has Karenia mikimotoi at about 1.6 million cells per litre. Feeding is
stopped at all pens for the day (the test feed at P1 in the afternoon meal
from the old feed in silo S2 is not eaten either), 5.5.0 is deployed again
at 13:10 UTC and nothing in penwatch is changed.

Sources: penwatch (Python logging, line format), the FX-12 feeding system
(local time CEST, line format), the LAM-B1 buoy portal export (JSON lines),
Algevarsel Vestland's bulletin feed (JSON lines), the Modbus gateway (syslog
RFC 3164), the edge server's journal (journalctl short-iso, with the
deploys), #lamholmen-drift (Teams export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, hexid, poisson_times, utc, write_scenario
from scenarios import r111_om4_freshwater_solubility as sep

SERVICE = "penwatch"
START, END = utc("2026-09-01 07:30:00"), utc("2026-09-01 15:00:00")
PENS = sep.PENS
OM4_PENS = sep.OM4_PENS
cest = sep.cest
solubility = sep.solubility

APPETITE_PY = '''"""Appetite control (FEED-231): a pen's meal is ended when the FX-12's
pellet sensor sees loss above the limit for `end_after_s`, and what is left
of the ration is moved to the next meal, instead of FEED-214's stop and
resume every eight minutes, which wasted feed on a pen that was full."""

import logging

log = logging.getLogger("penwatch.appetite")


async def watch(fx12, pen, limit, end_after_s=180):
    over = 0
    async for rate in fx12.pellet_rates(pen):
        over = over + 30 if rate > limit else 0
        if over >= end_after_s:
            left = await fx12.end_meal(pen)
            await fx12.carry_over(pen, left)
            log.warning("appetite low on %s: meal ended after %d s of pellet loss (%.1f pellets/s), %d kg moved to the next meal",
                        pen, over, rate, left)
            return
'''


def build_repo():
    repo, shas = sep.build_repo()
    maren = Person("Maren Lunde", "maren.lunde@solsjo.no", 120)
    tobias = Person("Tobias Hauge", "tobias.hauge@solsjo.no", 120)
    sindre = Person("Sindre Aasen", "sindre.aasen@solsjo.no", 120)
    erlend = Person("Erlend Vik", "erlend.vik@solsjo.no", 120)
    ana = Person("Ana Ferreira", "ana.ferreira@solsjo.no", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    repo.commit(cest("2026-08-14 09:35:00"), tobias, "om4: compute mg/l with the site's salinity (OXY-63)\n\nOXY-57 used freshwater solubility for the OM-4 pens: about 23 % high in\nsea water. INC-0142.", {
        "penwatch/probes/om4.py": repo.edit("penwatch/probes/om4.py", "    def __init__(self, client, unit, pen, depth_m, salinity_psu=0.0):", "    def __init__(self, client, unit, pen, depth_m, salinity_psu):"),
        "penwatch/probes/__init__.py": repo.edit("penwatch/probes/__init__.py", 'return OM4(client, pen["unit"], pen["name"], pen["depth_m"])', 'return OM4(client, pen["unit"], pen["name"], pen["depth_m"], site["water"]["salinity_psu"])'),
        "tests/test_om4.py": repo.files["tests/test_om4.py"] + "\n\ndef test_sea_water():\n    # 34 psu at 16 C: 7.99 mg/l at 100 %\n    assert abs(solubility_mg_l(16.0, 34.0) - 7.99) < 0.05\n",
    })
    shas["rel_531"] = repo.commit(cest("2026-08-14 10:30:00"), tobias, "release 5.3.1", {
        "penwatch/__init__.py": repo.edit("penwatch/__init__.py", '"5.3.0"', '"5.3.1"'),
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", "penwatch:5.2.1", "penwatch:5.3.1"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 5.3.1\n\n- OM-4 mg/l with the site's salinity (OXY-63, INC-0142).\n"),
    })
    repo.commit(cest("2026-08-17 14:10:00"), sindre, "docs: postmortem INC-0142 (OM-4 pens read high, low oxygen at Lamholmen)", {
        "docs/postmortems/INC-0142.md": "# INC-0142: low oxygen in P5-P8 at Lamholmen\n\nOXY-57 computed the OM-4 probes' mg/l with freshwater solubility; the\npens read about 23 % high and their diffusers started too late on a warm\nneap night. We rolled back 5.3.0 first, which did not help (the culprit\nwas in 5.2.0). Fixed by OXY-63 in 5.3.1.\n\nActions: handheld check of every new probe at the site; sea water tests.\n",
    })
    shas["rel_542"] = sep.release(repo, cest("2026-08-20 13:40:00"), maren, "5.4.2", "5.3.1", ["Morning meal back at 06:00 after INC-0142."])
    repo.commit(cest("2026-08-27 10:18:00"), maren, "appetite: end a meal on sustained pellet loss, carry the ration over (FEED-231)", {
        "penwatch/appetite.py": APPETITE_PY,
        "config/sites/lamholmen.yaml": repo.edit("config/sites/lamholmen.yaml", "  pellet_limit_per_s: 6.0\n", "  pellet_limit_per_s: 6.0\n  appetite_end_after_s: 180\n"),
    })
    repo.commit(cest("2026-08-28 09:52:00"), tobias, "oxygen: warn when a pen is supersaturated (OXY-72)", {
        "penwatch/oxygen.py": repo.edit("penwatch/oxygen.py", "    def feeding_allowed(self, reading):",
                                        "    def check_supersaturation(self, reading, limit_pct=120.0):\n        if reading.depth_m == 5 and reading.sat_pct > limit_pct:\n            log.warning(\"oxygen supersaturated on %s: %.1f %%sat (limit %.0f %%), diffusers %s\",\n                        reading.pen, reading.sat_pct, limit_pct, \"ON\" if self.on.get(reading.pen) else \"off\")\n\n    def feeding_allowed(self, reading):"),
    })
    repo.commit(cest("2026-08-28 15:30:00"), erlend, "runbook: appetite low at all pens", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## PenwatchAppetiteLow

Meals ended for low appetite (FEED-231) at more than half the pens.

- All pens at once: almost always the feed. A new batch in the silo
  (check the delivery note and the batch on the FX-12), wrong pellet size,
  or a silo switched in the plan. Switch back to the previous silo.
- After a penwatch release: roll back, then look at the pellet sensor data.
- One pen only: clean its pellet sensor.
""",
    })
    repo.commit(cest("2026-08-29 06:40:00"), bot, "chore(deps): update dependency httpx to v0.27.3", {
        "pyproject.toml": repo.edit("pyproject.toml", "httpx==0.27.2", "httpx==0.27.3"),
    })
    shas["rel_550"] = sep.release(repo, cest("2026-08-31 15:05:00"), maren, "5.5.0", "5.4.2", [
        "Appetite control: end a meal on sustained pellet loss (FEED-231).", "Supersaturation warning (OXY-72).", "httpx 0.27.3."])
    shas["silo"] = repo.commit(cest("2026-09-01 10:50:00"), erlend, "feeding: midday and afternoon meals from silo S1, the new batch (FEED-236)", {
        "config/sites/lamholmen.yaml": repo.edit("config/sites/lamholmen.yaml", "  pellet_limit_per_s: 6.0\n", "  pellet_limit_per_s: 6.0\n  silo_from: {\"11:30\": S1, \"16:00\": S1}\n"),
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", "      FX12_URL:", "      PLAN_REVISION: \"2026-09-01a\"\n      FX12_URL:"),
    })
    shas["rollback"] = repo.commit(cest("2026-09-01 12:23:00"), sindre, "deploy: pin penwatch 5.4.2 (rollback of 5.5.0, INC-0151)", {
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", "penwatch:5.5.0", "penwatch:5.4.2"),
    })
    shas["again"] = repo.commit(cest("2026-09-01 15:08:00"), sindre, "deploy: penwatch 5.5.0 again (INC-0151 is an algal bloom)", {
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", "penwatch:5.4.2", "penwatch:5.5.0"),
    })
    return repo, shas


def U(text):
    return utc(f"2026-09-01 {text}" if text.count(":") == 2 else f"2026-09-01 {text}:00")


SILO_DEPLOY, ROLLBACK, AGAIN = U("08:53:10"), U("10:25:05"), U("13:10:20")
MIDDAY, AFTERNOON = U("09:30:00"), U("14:00:00")
STOP_ALL = U("11:35:00")
RESTART = U("10:31:00")


def build_logs(rng, shas):
    app = Log("penwatch.log")
    gw = Log("mbgw-lh-gw01.log")
    fx = Log("fx12-lamholmen.log")
    buoy = Log("buoy-lam-b1.log")
    alg = Log("algevarsel-vestland.log")
    journal = Log("lh-edge01-journal.log")
    chat = Log("teams-lamholmen-drift.log")
    stats = {"first_loss": None, "ended": 0, "stops": 0, "chl_alarm": None}

    def a(t, level, logger, msg):
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level:<7} [{logger}] {msg}")

    def f(t, level, pen, msg):
        lt = t + dt.timedelta(hours=2)
        fx.add(t, f"{lt.strftime('%d.%m.%Y %H:%M:%S')} FX12 LAM {level:<5} [{pen}] {msg}")

    def g(t, msg):
        gw.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} lh-gw01 mbgw[612]: {msg}")

    def j(t, unit, pid, msg):
        journal.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 lh-edge01 {unit}[{pid}]: {msg}")

    def version_at(t):
        if t >= AGAIN + dt.timedelta(seconds=20):
            return "5.5.0", shas["again"]
        if t >= ROLLBACK + dt.timedelta(seconds=20):
            return "5.4.2", shas["rollback"]
        if t >= SILO_DEPLOY + dt.timedelta(seconds=20):
            return "5.5.0", shas["silo"]
        return "5.5.0", shas["rel_550"]

    minutes = int((END - START).total_seconds() // 60)

    def bloom(t, p=None):
        """0..1: how much of the bloom has reached the site (P5-P8, on the south side, first)."""
        lag = 0 if p is None or p in OM4_PENS else 25
        m = (t - U("08:40:00")).total_seconds() / 60 - lag
        return max(0.0, min(1.0, m / 110.0))

    def temp(t):
        return 14.1 + 0.5 * max(0.0, math.sin((t - U("06:00:00")).total_seconds() / 86400 * 2 * math.pi))

    # --- pens, minute by minute ---------------------------------------------------------------------
    meal_start = {}
    for i, p in enumerate(PENS):
        meal_start[p] = MIDDAY + dt.timedelta(seconds=95 * i + rng.randint(0, 20))
    ended = {p: False for p in PENS}
    over = {p: 0 for p in PENS}
    stop_until = {p: None for p in PENS}
    off = {p: rng.uniform(-1.5, 1.5) for p in PENS}
    sup_last = {p: None for p in PENS}
    for m in range(minutes):
        t0 = START + dt.timedelta(minutes=m)
        tc = temp(t0)
        version = version_at(t0)[0]
        for i, p in enumerate(PENS):
            day = 92.0 + 8.0 * max(0.0, math.sin((t0 - U("05:30:00")).total_seconds() / 50400 * math.pi))
            sat = day + 24.0 * bloom(t0, p) + off[p] + rng.gauss(0, 0.5)
            mg = sat / 100 * solubility(tc, sep.SALINITY)
            ts = t0 + dt.timedelta(seconds=7 + i * 1.3 + rng.uniform(0, 0.4))
            if p in OM4_PENS:
                a(ts, "INFO", "penwatch.probes.om4", f"{p} 5m: {mg:.2f} mg/l computed from {sat:.1f} %sat at {tc:.1f} C")
            else:
                a(ts, "INFO", "penwatch.probes.sentrox", f"{p} 5m: {mg:.2f} mg/l ({sat:.1f} %sat, {tc:.1f} C)")
            if m % 5 == 2:
                s10 = sat - rng.uniform(6, 9) - 6 * bloom(t0, p)
                t10 = tc - rng.uniform(1.2, 1.6)
                m10 = s10 / 100 * solubility(t10, sep.SALINITY)
                if p in OM4_PENS:
                    a(ts + dt.timedelta(seconds=9), "INFO", "penwatch.probes.om4", f"{p} 10m: {m10:.2f} mg/l computed from {s10:.1f} %sat at {t10:.1f} C")
                else:
                    a(ts + dt.timedelta(seconds=9), "INFO", "penwatch.probes.sentrox", f"{p} 10m: {m10:.2f} mg/l ({s10:.1f} %sat, {t10:.1f} C)")
            if sat > 120.0 and version == "5.5.0" and (sup_last[p] is None or t0 - sup_last[p] >= dt.timedelta(minutes=5)):
                sup_last[p] = t0
                a(ts + dt.timedelta(milliseconds=8), "WARNING", "penwatch.oxygen", f"oxygen supersaturated on {p}: {sat:.1f} %sat (limit 120 %), diffusers off")
            # meals
            for start, plan_kg in ((meal_start[p], 520 if p in OM4_PENS else 460), (AFTERNOON + dt.timedelta(seconds=60 * i), 0)):
                if t0 <= start < t0 + dt.timedelta(minutes=1):
                    if start >= AFTERNOON and p != "P1":
                        f(start, "INFO", p, "meal 3 skipped: pen feeding stopped by operator")
                        continue
                    kg = plan_kg or 60
                    silo = "S2" if version_at(start)[0] == "5.4.2" else "S1"
                    if start >= AFTERNOON:
                        silo = "S2 (operator override)"
                    f(start, "INFO", p, f"meal {2 if start < AFTERNOON else 3} started: plan {kg} kg, rate {rng.choice([30, 32, 34]) if start < AFTERNOON else 12} kg/min, pellet 9 mm, silo {silo}")
                    ended[p] = False
                    over[p] = 0
            if t0 == RESTART:
                f(RESTART + dt.timedelta(seconds=5 + i * 4), "INFO", p, "meal 2 resumed by operator erlend.vik (remote desk)")
                ended[p] = False
                over[p] = 0
            in_meal = (meal_start[p] <= t0 < meal_start[p] + dt.timedelta(minutes=50) and t0 < STOP_ALL) or (RESTART <= t0 < STOP_ALL) or \
                      (p == "P1" and AFTERNOON <= t0 < AFTERNOON + dt.timedelta(minutes=6))
            stopped = stop_until[p] is not None and t0 < stop_until[p]
            if in_meal and not ended[p] and not stopped:
                b = bloom(t0, p)
                rate = max(0.2, 0.9 + 14.0 * max(0.0, b - 0.15) + rng.gauss(0, 0.5))
                lvl = "WARN" if rate > 6.0 else "INFO"
                tt = t0 + dt.timedelta(seconds=30 + i)
                f(tt, lvl, p, f"pellet sensor: {rate:.1f} pellets/s passing (limit 6.0)")
                if rate > 6.0 and stats["first_loss"] is None:
                    stats["first_loss"] = tt
                over[p] = over[p] + 60 if rate > 6.0 else 0
                st = tt + dt.timedelta(milliseconds=rng.randint(300, 900))
                if version == "5.5.0" and over[p] >= 180:
                    left = int((meal_start[p] + dt.timedelta(minutes=50) - t0).total_seconds() / 60 * 10)
                    a(st, "WARNING", "penwatch.appetite", f"appetite low on {p}: meal ended after {over[p]} s of pellet loss ({rate:.1f} pellets/s), {left} kg moved to the next meal")
                    f(st + dt.timedelta(milliseconds=300), "INFO", p, f"meal ended by remote (penwatch), {left} kg left")
                    ended[p] = True
                    stats["ended"] += 1
                elif version == "5.4.2" and over[p] >= 120:
                    a(st, "WARNING", "penwatch.feeding", f"pellet loss above limit on {p} ({rate:.1f} pellets/s > 6.0 for {over[p]} s), meal stopped")
                    f(st + dt.timedelta(milliseconds=300), "INFO", p, "meal stopped by remote (penwatch)")
                    stop_until[p] = st + dt.timedelta(seconds=480)
                    stats["stops"] += 1
                    over[p] = 0
            if stop_until[p] is not None and t0 <= stop_until[p] < t0 + dt.timedelta(minutes=1) and stop_until[p] < STOP_ALL:
                f(stop_until[p], "INFO", p, "meal resumed by remote (penwatch)")
                a(stop_until[p] - dt.timedelta(milliseconds=200), "INFO", "penwatch.feeding", f"meal resumed on {p} after pellet loss pause")
    for i, p in enumerate(PENS):
        f(STOP_ALL + dt.timedelta(seconds=i * 3), "INFO", p, "pen feeding stopped by operator erlend.vik (remote desk): algae")
    f(AFTERNOON + dt.timedelta(minutes=6, seconds=2), "INFO", "P1", "meal 3 stopped by operator erlend.vik (remote desk): test feed not eaten")

    # --- routine ------------------------------------------------------------------------------------
    for x in range(0, minutes, 10):
        t = START + dt.timedelta(minutes=x, seconds=rng.uniform(0, 5))
        running = MIDDAY <= t < STOP_ALL or AFTERNOON <= t < AFTERNOON + dt.timedelta(minutes=7)
        f(t, "INFO", "--", f"silo S1 level {92.5 - x * 0.01:.1f} %, S2 {24.1 - x * 0.004:.1f} %, blower B1 {'running 0.52 bar' if running else 'idle'}, doser D{rng.randint(1, 2)} ok")
    for x in range(0, minutes, 60):
        t = START + dt.timedelta(minutes=x + 14, seconds=rng.uniform(0, 3))
        v, sha = version_at(t)
        since = {shas["rel_550"]: cest("2026-08-31 15:20:30"), shas["silo"]: SILO_DEPLOY, shas["rollback"]: ROLLBACK, shas["again"]: AGAIN}[sha] + dt.timedelta(seconds=20)
        up = t - since
        a(t, "INFO", "penwatch.main", f"status: penwatch {v} (rev {sha[:7]}) up {int(up.total_seconds() // 3600)}:{int(up.total_seconds() % 3600 // 60):02d}, 16 probes, FX-12 connected")
    for x in range(0, minutes, 15):
        t = START + dt.timedelta(minutes=x + 3, seconds=rng.uniform(0, 3))
        a(t, "INFO", "penwatch.lox", f"LOX tank {81.4 - x * 0.004:.1f} % ({14.93 - x * 0.0007:.2f} t), vaporiser ok")
    for t in poisson_times(rng, START, END, 3.0):
        path = rng.choice(["/api/pens", "/api/pens", "/api/oxygen?window=1h", "/api/feeding/today", "/metrics"])
        a(t, "INFO", "uvicorn.access", f'10.31.4.{rng.choice([21, 22, 37])}:{rng.randint(40000, 60000)} - "GET {path} HTTP/1.1" 200')
    for t in poisson_times(rng, START, END, 1 / 40.0):
        p = rng.choice(PENS)
        depth = rng.choice([5, 10])
        unit = PENS.index(p) * 2 + (1 if depth == 5 else 2)
        g(t - dt.timedelta(milliseconds=50), f"RTU unit {unit}: no response after 1000 ms, retry 1/2")
        g(t + dt.timedelta(seconds=1, milliseconds=30), f"RTU unit {unit}: response after retry 1 (10{rng.randint(10, 80)} ms)")
    for x in range(0, minutes, 10):
        g(START + dt.timedelta(minutes=x, seconds=rng.uniform(0, 2)), f"stats: tcp clients 1, requests {rng.randint(1030, 1090)}, timeouts {rng.randint(0, 3)}, crc errors 0, bus 19200 8E1")

    def restart(at, version, sha, silo):
        a(at - dt.timedelta(seconds=3), "INFO", "uvicorn.error", "Shutting down")
        a(at, "INFO", "penwatch.main", f"starting penwatch {version} (rev {sha[:7]}) site=lamholmen config=/app/config/sites/lamholmen.yaml")
        for i, p in enumerate(PENS):
            for depth in (5, 10):
                t = at + dt.timedelta(milliseconds=300 + i * 180 + (90 if depth == 10 else 0))
                serial = sep.SERIALS[p] + ("" if depth == 5 else "-2")
                if p in OM4_PENS:
                    a(t, "INFO", "penwatch.probes.om4", f"OM-4 probe s/n {serial} on {p} {depth}m connected: saturation and temperature only, mg/l computed from saturation (salinity 34.0 psu)")
                else:
                    a(t, "INFO", "penwatch.probes.sentrox", f"Sentrox DO-3 s/n {serial} on {p} {depth}m connected, salinity compensation 34.0 psu written")
        a(at + dt.timedelta(seconds=3.4), "INFO", "penwatch.fx12", "FX-12 connected at http://fx12.lamholmen.local:8081 (firmware 4.12.2)")
        a(at + dt.timedelta(seconds=3.9), "INFO", "penwatch.feeding", f"meal plan for 2026-09-01 re-sent to FX-12: 8 pens, meals at 06:00, 11:30, 16:00, silo {silo} from 11:30")
        f(at + dt.timedelta(seconds=4.1), "INFO", "--", f"meal plan 01.09.2026 loaded from remote: 8 pens, meals 06:00, 11:30, 16:00 (revision {hexid(rng, 6)})")
        a(at + dt.timedelta(seconds=4.2), "INFO", "uvicorn.error", "Application startup complete.")

    for at, job, (version, sha, silo) in ((SILO_DEPLOY, 91207, ("5.5.0", shas["rel_550"], "S1")), (ROLLBACK, 91244, ("5.4.2", shas["rel_542"], "S2")),
                                          (AGAIN, 91290, ("5.5.0", shas["rel_550"], "S1"))):
        commit = {SILO_DEPLOY: shas["silo"], ROLLBACK: shas["rollback"], AGAIN: shas["again"]}[at]
        d = at - dt.timedelta(seconds=22)
        j(d, "gitlab-runner", 1204, f"Checking for jobs... received job={job} repo_url=https://gitlab.solsjo.no/aqua/penwatch.git runner=lh-edge01")
        j(d + dt.timedelta(seconds=2), "deploy-penwatch", 50112 + job % 100, f"deploying deploy/compose.yaml at {commit}")
        j(d + dt.timedelta(seconds=9), "deploy-penwatch", 50112 + job % 100, f"pulling registry.solsjo.no/aqua/penwatch:{version}")
        j(d + dt.timedelta(seconds=21), "deploy-penwatch", 50112 + job % 100, "Container penwatch-penwatch-1  Recreated")
        j(d + dt.timedelta(seconds=23), "deploy-penwatch", 50112 + job % 100, "Container penwatch-penwatch-1  Started")
        j(d + dt.timedelta(seconds=25), "gitlab-runner", 1204, f"Job succeeded duration_s={rng.uniform(24, 29):.1f} job={job} project=412 runner=lh-edge01")
        restart(at + dt.timedelta(seconds=14), version, commit, silo)
    for x in range(0, minutes, 5):
        j(START + dt.timedelta(minutes=x, seconds=31), "dockerd", 811, f"container penwatch-penwatch-1 health_status: healthy (exec duration {rng.randint(40, 95)}ms)")
    for x in range(0, minutes, 64):
        j(START + dt.timedelta(minutes=x + 7, seconds=rng.randint(0, 50)), "chronyd", 602, f"Selected source 10.31.0.1 (ntp.solsjo.no), offset {rng.uniform(-0.0009, 0.0009):+.6f} seconds")

    # --- buoy ---------------------------------------------------------------------------------------
    chl_alarm = False
    for x in range(0, minutes, 5):
        t = START + dt.timedelta(minutes=x)
        b = bloom(t)
        tc = temp(t)
        day = 92.0 + 8.0 * max(0.0, math.sin((t - U("05:30:00")).total_seconds() / 50400 * math.pi))
        sat5 = day + 26 * b + rng.gauss(0, 0.5)
        chl = 2.4 + 36 * b ** 1.3 + rng.gauss(0, 0.3)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        buoy.add(t, json.dumps({"time": stamp, "station": "LAM-B1", "o2_mgl_5m": round(sat5 / 100 * solubility(tc, 33.8), 2), "o2_sat_5m": round(sat5, 1), "temp_5m": round(tc, 2),
                                "o2_mgl_10m": round((sat5 - 8) / 100 * solubility(tc - 1.4, 34.0), 2), "temp_10m": round(tc - 1.4, 2), "sal_psu_5m": round(33.8 - 0.6 * b + rng.gauss(0, 0.04), 2),
                                "current_cms": round(max(0.5, 9.0 + rng.gauss(0, 1.5)), 1), "chl_ugl": round(chl, 1), "turbidity_ntu": round(0.8 + 2.2 * b + rng.gauss(0, 0.1), 2)}))
        if not chl_alarm and chl > 10.0:
            chl_alarm = True
            ta = t + dt.timedelta(seconds=3)
            stats["chl_alarm"] = ta
            buoy.add(ta, json.dumps({"time": ta.strftime("%Y-%m-%dT%H:%M:%SZ"), "station": "LAM-B1", "event": "alarm", "param": "CHL 5m", "value": round(chl, 1), "limit": 10.0,
                                     "msg": f"CHL HIGH 5m chlorophyll-a {chl:.1f} ug/l (limit 10.0), possible algal bloom", "notified": ["ingrid.solheim (SMS)"]}))
        if sat5 > 125 and x % 30 == 0:
            buoy.add(t + dt.timedelta(seconds=4), json.dumps({"time": (t + dt.timedelta(seconds=4)).strftime("%Y-%m-%dT%H:%M:%SZ"), "station": "LAM-B1", "event": "notice", "param": "O2 5m",
                                                              "value": round(sat5, 1), "msg": f"O2 HIGH 5m {sat5:.1f} %sat"}))

    # --- Algevarsel Vestland ------------------------------------------------------------------------
    def bul(t, level, area, text, **kv):
        body = {"published": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "service": "Algevarsel Vestland", "level": level, "area": area}
        body.update(kv)
        body["text"] = text
        alg.add(t, json.dumps(body, ensure_ascii=False))

    bul(U("07:31:12"), "info", "Nordfjord", "No harmful algae above warning levels in Nordfjord. Diatoms dominate (Skeletonema), moderate concentrations.", station="NF-2")
    bul(U("07:32:40"), "info", "Sognefjorden", "No harmful algae above warning levels in the Sognefjord area.", station="SF-4")
    bul(U("07:40:05"), "warning", "Sunnfjord sør", "Harmful algal bloom: Karenia mikimotoi at 1.2 million cells/l at Kvitholmen (5 m), discoloured water reported. The coastal current carries the bloom north; sites in Sunnfjord should stop feeding if fish go off their feed, and watch for gill damage.",
        species="Karenia mikimotoi", cells_per_l=1200000, station="SU-1", recipients="sites@solsjo.no and 14 others")
    bul(U("12:15:30"), "warning", "Sunnfjord", "Update: Karenia mikimotoi bloom now from Kvitholmen to Lamholmen, 0.8-2.1 million cells/l. Fish mortality reported at two sites. Stop feeding; consider moving fish only after advice.",
        species="Karenia mikimotoi", cells_per_l=2100000, station="SU-3", recipients="sites@solsjo.no and 21 others")
    bul(U("13:31:02"), "info", "Hardanger", "No harmful algae above warning levels in Hardangerfjorden.", station="HA-1")

    # --- Teams --------------------------------------------------------------------------------------
    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 50))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "Lamholmen drift",
                                "from": who, "body": text}, ensure_ascii=False))

    say("08:10", "Hanne Rød (Hestøy)", "Hestøy here: fish off their feed at the morning meal and the water is a bit brown. Anyone else?")
    say("08:51", "Erlend Vik (feeding centre)", "Switching Lamholmen midday and afternoon meals to silo S1, the new batch from yesterday's boat (FEED-236), deploy is running")
    say("09:47", "Sindre Aasen", "paged: PenwatchAppetiteLow, meals ended on P5, P6, P7 and now P2. runbook says all pens at once = the feed. the new batch went in at 10:53 local, and 5.5.0 (FEED-231 appetite control) yesterday")
    say("10:02", "Erlend Vik (feeding centre)", "Pellets passing at all pens on the FX-12. The batch is the same 9 mm recipe as the last one, delivery note checks out")
    say("10:21", "Sindre Aasen", "rolling back to 5.4.2 (no appetite control, plan re-sent with silo S2, the old batch). INC-0151")
    say("10:40", "Ingrid Solheim", "Back from the workboat. Fish are standing at the surface in all pens, gasping, and the water is reddish brown. penwatch says 125 % oxygen, so it is not oxygen. The buoy sent a CHL HIGH SMS at " + (stats["chl_alarm"] + dt.timedelta(hours=2)).strftime("%H:%M") + " local that I missed")
    say("10:29", "Erlend Vik (feeding centre)", "Restarting the midday meal at all pens on the old batch (S2) after the rollback")
    say("10:47", "Erlend Vik (feeding centre)", "5.4.2 stops and restarts the meals now, same pellet loss on the old batch. So not the appetite control and not the feed")
    say("11:12", "Ingrid Solheim", "There is an Algevarsel warning in the sites inbox from 09:40 local: Karenia mikimotoi south of us, moving north. Hanne at Hestøy has the same")
    say("11:24", "Ingrid Solheim", "Sample from P6 at 5 m under the microscope: Karenia mikimotoi, about 1.6 million cells/l. We stop all feeding for the day. Calling the vet")
    say("11:36", "Erlend Vik (feeding centre)", "All pens stopped at the FX-12 (algae).")
    say("13:08", "Sindre Aasen", "deploying 5.5.0 again, nothing to change in penwatch. INC-0151 is the algal bloom")
    say("14:08", "Erlend Vik (feeding centre)", "Test feed at P1 from silo S2 (old batch) at 16:00 local: not eaten either. Stopped.")
    return [app, gw, fx, buoy, alg, journal, chat], stats


def build(out_dir):
    rng = random.Random(111200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_loss"].replace(microsecond=0)
        assert U("09:31:00") < onset < U("09:50:00"), onset
        assert stats["chl_alarm"] < onset, stats["chl_alarm"]
        return write_scenario(
            out_dir, name="r111-plankton-bloom-appetite-none", service=SERVICE, onset=onset,
            description=f"""
Lamholmen, Solsjø Laks's salmon farm: from {onset.strftime('%H:%M:%S')} UTC on Tuesday 1 September
2026 (the midday meal, 11:30 CEST) the salmon do not eat, first in P5-P8,
then in every pen: the FX-12 feeding system's pellet sensors see pellets
passing and penwatch ends the meals for low appetite, while the pens stand
at 120-130 % oxygen saturation. penwatch 5.5.0 (appetite control) was
deployed the afternoon before, a switch of the midday meal to a new feed
batch in silo S1 at 08:53 UTC; rolled back to 5.4.2 at 10:25 UTC, 5.5.0
deployed again at 13:10 UTC. The FX-12 writes local time (CEST, +02:00);
everything else is UTC.
""",
            logs=logs,
            line_formats={
                "penwatch.log": r'<Date> <Time> <Level>\s+\[<Logger>\] <Content>',
                "fx12-lamholmen.log": r'<Date> <Time> FX12 <Site> <Level>\s+\[<Pen>\] <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'CHL HIGH .*chlorophyll',
                r'Harmful algal bloom: Karenia mikimotoi',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A bloom of Karenia mikimotoi, a harmful
dinoflagellate whose toxins damage fish gills, drifted north into
Sunnfjord with the coastal current: Algevarsel Vestland warned at 07:40 UTC
("Harmful algal bloom: Karenia mikimotoi ..."; an e-mail to the sites'
shared inbox, unread), Hestøy to the south reported fish off feed at 08:10,
and the buoy's chlorophyll rose from 08:40 ("CHL HIGH 5m chlorophyll-a ...
possible algal bloom" at {stats['chl_alarm'].strftime('%H:%M')}, an SMS the site manager missed). At the
midday meal the fish did not eat: the FX-12 saw pellets passing, penwatch
ended {stats['ended']} meals for low appetite and, after the rollback, stopped {stats['stops']} more on
pellet loss; the algae's photosynthesis put the pens at 120-130 %
saturation while the fish gasped at the surface. The site manager's sample
had about 1.6 million cells per litre; feeding was stopped for the day and
nothing in penwatch was changed.
Decoys: release 5.5.0, deployed the afternoon before (FEED-231, appetite
control, which adds the very "appetite low ... meal ended" warning that
fills the log; OXY-72, which adds the "oxygen supersaturated" warning, as if
diffusers were left open; an httpx bump); FEED-236, the midday meal switched
to the new feed batch in silo S1, deployed {int((onset - SILO_DEPLOY).total_seconds() // 60)} minutes before the onset
(penwatch's start lines and the deploy job name it); a runbook section that
reads appetite low at all pens as the feed or the newest release; the
rollback to 5.4.2 with the old batch, without effect (FEED-214's pellet loss
stops come back), and the redeploy of 5.5.0; the afternoon test feed from
the old batch, not eaten either; Modbus retries.
""",
        )
    finally:
        repo.close()
