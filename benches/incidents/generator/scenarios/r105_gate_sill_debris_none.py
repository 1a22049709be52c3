"""tidewatch (Python 3.12; the Wend Estuary tidal barrier's closure decision
support, three weeks after `r105-surge-suspect-readings`, now in the OT
systems group's GitLab) recommends closures to the duty barrier controller
(DBC) and, since 4.5.0, also plans the gate sequence: once a closure is
authorised it sends the SCADA a plan that lowers the six radial gates in
pairs from the banks inward (G1+G6, G2+G5, G3+G4; GATE-12) instead of the
SCADA's fixed one-at-a-time sequence, and it watches the gate positions in
the historian and logs a gate that is not CLOSED 12 minutes after its close
command (GATE-14, with a runbook section that says to roll back if that
happens after a tidewatch release). The gates are driven by the gate
control PLCs through the gateway gcs-gw01; a drive stops when its torque
stays over 95 % for 3 seconds ("obstruction suspected").

Saturday 31 January 2026 (spring tides, full moon on 1 February): the River
Wend is in flood after a wet week and a surge of about +0.9 m is forecast
for the evening high water (17:48 UTC at the barrier); tidewatch has
recommended a closure since the CSFS 06Z run. At 11:40 the harbour master
puts out a local navigation warning: a 12 m section of Calder Marina's
visitor pontoon (steel frame, timber deck) has broken away and is drifting
downstream, seen at 12:20 passing Ferry Reach "partly submerged"; nobody
sees it again. 4.5.0 had gone out on Friday at 15:10 (GATE-12, GATE-14, a
pydantic bump), and on Saturday at 09:52 the duty engineer deploys a config
change (pairs 15 minutes apart while HPU2, one of the two hydraulic power
units, is out for a seal replacement). The DBC authorises the closure at
13:30; navigation is closed from 14:30 and the pairs start at 14:31.
G5 (with G2) starts at 14:46 and its drive stops at 71.4 degrees at the
onset: torque over 95 % ("obstruction suspected"). tidewatch's new monitor
logs "gate G5 not CLOSED 12 min after its close command" every five
minutes. The DBC raises and re-closes G5 from the SCADA at 15:05 (stops at
71.3 degrees); the on-call developer, pointed by the runbook and the
pairing of G2 and G5 on one HPU, rolls back to 4.4.2 at 15:21, and the
DBC's next attempt at 15:26 stops at 71.2 degrees (the monitor's error goes,
the gate stays open). The gate engineer reads the PLC: HPU1 held 184-188 bar
throughout, G2 closed beside G5 normally, and G5 stops at the same angle
each time with the torque rising from 66 degrees, which is something in
the sill recess; with the harbour master's warning in mind he flushes the
recess (G5 raised to 25 degrees for four minutes, the flood tide running
under it) and G5 closes at 15:55 after a last torque peak at 71 degrees.
The river side rises 0.21 m while G5 is open; the peak at the barrier is
4.60 m AOD at 17:52. A diver finds the pontoon section on Sunday 30 m
upstream of G5's sill. Nothing in tidewatch is changed; 4.5.0 is deployed
again on Monday.

Sources: tidewatch (Python logging through rsyslog, line format), the
SCADA alarm and event journal (line format), the gate control gateway
(syslog RFC 3164), the GitLab CI deploy job traces, the port's local
navigation warnings feed (JSON lines), #barrier-ops (Teams export, JSON
lines), the control room duty log (line format)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, utc, write_scenario
from scenarios import r105_surge_suspect_readings as jan

SERVICE = "tidewatch"
START, END = utc("2026-01-31 11:30:00"), utc("2026-01-31 18:15:00")
HW_BSF = utc("2026-01-31 17:48:00")
HW_WMO = HW_BSF - dt.timedelta(minutes=20)
CRITERION = 4.40
REL_450 = utc("2026-01-30 15:10:20")
CFG_DEPLOY = utc("2026-01-31 09:52:30")
AUTHORISED = utc("2026-01-31 13:30:40")
NAV_CLOSED = utc("2026-01-31 14:30:00")
ROLLBACK = utc("2026-01-31 15:21:10")
PAIRS = [("G1", "G6"), ("G2", "G5"), ("G3", "G4")]
PAIR_START = [utc("2026-01-31 14:31:00"), utc("2026-01-31 14:46:00"), utc("2026-01-31 15:01:00")]
RETRIES = [utc("2026-01-31 15:05:10"), utc("2026-01-31 15:26:20")]
FLUSH = utc("2026-01-31 15:41:30")

tom, priya, joost, sam, renovate = jan.tom, jan.priya, jan.joost, jan.sam, jan.renovate
sub = jan.sub
kwame = Person("Kwame Mensah", "kwame.mensah@wefa.org.uk", 0)


# ---------------------------------------------------------------------------
# the repository

SEQUENCE_PY = '''"""Closure plans for the SCADA: which gates close when (GATE-12).

The SCADA's own sequence lowers the gates one at a time, G1 to G6, which
takes about 50 minutes. Lowering them in pairs from the banks inward keeps
the flow through the remaining openings symmetric and halves the time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

PAIRS = (("G1", "G6"), ("G2", "G5"), ("G3", "G4"))


@dataclass
class Step:
    gates: tuple
    at: datetime


def plan(start: datetime, interval_minutes: int, pairs=PAIRS) -> list:
    return [Step(pair, start + timedelta(minutes=i * interval_minutes)) for i, pair in enumerate(pairs)]


def describe(steps: list) -> str:
    return ", ".join(f"{'+'.join(s.gates)} {s.at:%H:%M}" for s in steps)
'''

MONITOR_PY = '''"""Watches the gates after their close commands (GATE-14)."""

import logging
from datetime import timedelta

log = logging.getLogger(__name__)

EXPECTED = timedelta(minutes=12)
REPEAT = timedelta(minutes=5)


class GateMonitor:
    def __init__(self, historian):
        self.historian = historian
        self.commanded = {}
        self.reported = {}

    def commanded_at(self, gate: str, when, plan_id: str, pair: tuple) -> None:
        self.commanded[gate] = (when, plan_id, pair)

    async def check(self, now) -> None:
        for gate, (when, plan_id, pair) in list(self.commanded.items()):
            position, state = await self.historian.gate(gate)
            if state == "CLOSED":
                log.info("gate %s CLOSED %.1f min after its close command", gate, (now - when).total_seconds() / 60)
                del self.commanded[gate]
                continue
            last = self.reported.get(gate)
            if now - when >= EXPECTED and (last is None or now - last >= REPEAT):
                log.error("gate %s not CLOSED %d min after its close command: position %.1f deg, state %s (plan %s, pair %s)",
                          gate, (now - when).total_seconds() // 60, position, state, plan_id, "+".join(pair))
                self.reported[gate] = now
'''

RUNBOOK_GATES = """
## Gate not closed in time

tidewatch logs an error when a gate is not CLOSED 12 minutes after its close
command. Tell the DBC at once. If it happens after a tidewatch release, roll
back (`deploy` job with the previous tag): the sequence plan may be sending
the SCADA the wrong gates or times. The DBC can always close the remaining
gates from the SCADA's own sequence.
"""


def tree_442():
    tree = jan.base_tree()
    cfg = sub(tree["config/production.yaml"],
              "  url: https://vts.wendmouthport.co.uk/api\n", "  url: https://vts.wendmouthport.co.uk/api\n  token: !env VTS_API_TOKEN\n",
              "  duty_controller: dbc-rota\n", "  duty_controller: dbc-rota\n  also: [duty-manager]\n")
    tree.update({
        "pyproject.toml": sub(tree["pyproject.toml"], 'version = "4.1.3"', 'version = "4.4.2"', "httpx==0.27.2", "httpx==0.28.1"),
        "tidewatch/__init__.py": '__version__ = "4.4.2"\n',
        "tidewatch/ingest/quality.py": jan.QUALITY_FIX,
        "tests/test_quality.py": jan.TEST_QUALITY_FIX,
        "tidewatch/notify/vts.py": jan.VTS_V1,
        "config/production.yaml": cfg,
        "docs/runbook.md": jan.RUNBOOK_V1,
        ".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n\n[*.{yml,yaml}]\nindent_size = 2\n",
        ".gitlab/CODEOWNERS": "* @ot-systems/barrier\n/tidewatch/decision/ @ot-systems/barrier @tom.ashworth\n/tidewatch/ingest/telemetry.py @ot-systems/barrier @telemetry-contractor\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.8.6\n    hooks:\n      - id: ruff\n      - id: ruff-format\n",
        "CHANGELOG.md": sub(jan.CHANGELOG_V0, "# Changelog\n\n", "# Changelog\n\n"
                            "## 4.4.2 (2026-01-22)\n- Harmonics file checked at start-up.\n\n"
                            "## 4.4.0 (2026-01-19)\n- Pager escalation to the duty manager is configurable.\n\n"
                            "## 4.3.1 (2026-01-11)\n- Rate-of-change SUSPECT readings are used again (OBS-61).\n\n"
                            "## 4.3.0 (2026-01-09)\n- Discarded readings are logged at warning (OBS-58).\n- Navigation closure notices through the VTS API v2 (VTS-14).\n\n"
                            "## 4.2.0 (2026-01-08)\n- Outstation SUSPECT readings are dropped like BAD (OBS-51).\n\n"),
    })
    return tree


def build_repo():
    repo = Repo()
    shas = {}
    shas["base"] = repo.commit(utc("2026-01-26 09:10:00"), tom, "tidewatch 4.4.2: move to the ot-systems group (history before this is in barrier-systems/tidewatch)", tree_442())
    repo.commit(utc("2026-01-26 11:25:00"), joost, "docs: how the forecast correction works", {
        "docs/forecast-correction.md": "# Forecast correction\n\nThe CSFS residual for the next high water is corrected by the observed\nresidual at BSF (WMO when BSF has no usable reading) in the last 15 minutes:\n\n    peak = astro(HW) + csfs(HW) + (observed(t) - csfs(t))\n\nNo decay is applied; the correction is the latest one.\n"})
    repo.commit(utc("2026-01-27 06:10:00"), renovate, "chore(deps): update dependency pydantic to v2.10.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], "pydantic==2.10.4", "pydantic==2.10.6")})
    repo.commit(utc("2026-01-27 14:02:00"), joost, "forecast: accept CSFS files with a BOM (FC-27)", {
        "tidewatch/ingest/forecast.py": sub(repo.files["tidewatch/ingest/forecast.py"],
                                            "                    text = await handle.read()\n",
                                            "                    text = (await handle.read()).lstrip(\"\\ufeff\")  # FC-27\n")})
    repo.commit(utc("2026-01-28 10:34:00"), priya,
                "closure: plan the gate sequence in pairs from the banks inward (GATE-12)\n\n"
                "The SCADA's fixed sequence lowers one gate at a time, G1 to G6, about 50\n"
                "minutes. Pairs from the banks inward keep the flow through the remaining\n"
                "openings symmetric and take about 30. tidewatch sends the plan with the\n"
                "authorisation; the SCADA still drives the gates.", {
                    "tidewatch/closure/__init__.py": "",
                    "tidewatch/closure/sequence.py": SEQUENCE_PY,
                    "tidewatch/api.py": sub(repo.files["tidewatch/api.py"],
                                            "import logging\nfrom datetime import timedelta\n",
                                            "import logging\nfrom datetime import timedelta\n\nfrom tidewatch.closure import sequence\n",
                                            "    notice = vts.closure_notice(",
                                            "    steps = sequence.plan(closed_from + timedelta(minutes=1), advisor.pair_interval)\n"
                                            "    advisor.scada.send_plan(steps)\n"
                                            "    log.info(\"closure plan sent to SCADA: pairs %s (interval %d min)\", sequence.describe(steps), advisor.pair_interval)\n"
                                            "    notice = vts.closure_notice("),
                    "config/production.yaml": sub(repo.files["config/production.yaml"], "  decision_lead_minutes: 195\n", "  decision_lead_minutes: 195\n  pair_interval_minutes: 12\n"),
                })
    repo.commit(utc("2026-01-28 16:12:00"), tom, "tests: closure plan pairs and times", {
        "tests/test_sequence.py": "from datetime import datetime, timezone\n\nfrom tidewatch.closure.sequence import describe, plan\n\n\ndef test_pairs_from_the_banks_inward():\n    steps = plan(datetime(2026, 1, 31, 14, 31, tzinfo=timezone.utc), 12)\n    assert describe(steps) == \"G1+G6 14:31, G2+G5 14:43, G3+G4 14:55\"\n"})
    repo.commit(utc("2026-01-29 11:05:00"), priya,
                "closure: log a gate that is not CLOSED 12 minutes after its close command (GATE-14)\n\n"
                "The DBC watches six gates on the HMI during a closure; an error in the log\n"
                "screen and the pager is harder to miss.", {
                    "tidewatch/closure/monitor.py": MONITOR_PY,
                    "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_GATES,
                })
    shas["rel_450"] = repo.commit(utc("2026-01-30 14:41:00"), tom, "release 4.5.0", jan.release(repo, "4.5.0", "2026-01-30", [
        "Gate sequence planned in pairs from the banks inward (GATE-12).",
        "A gate not CLOSED 12 minutes after its close command is logged (GATE-14).",
        "CSFS files with a BOM (FC-27); pydantic 2.10.6.",
    ]))
    repo.commit(utc("2026-01-31 06:04:00"), renovate, "chore(deps): update pre-commit hook astral-sh/ruff-pre-commit to v0.9.4", {
        ".pre-commit-config.yaml": sub(repo.files[".pre-commit-config.yaml"], "rev: v0.8.6", "rev: v0.9.4")})
    shas["cfg"] = repo.commit(utc("2026-01-31 09:41:00"), sam,
                              "config: pairs 15 minutes apart while HPU2 is out (WO-3318)\n\n"
                              "HPU2 is isolated for a seal replacement until Monday; HPU1 alone drives\n"
                              "a pair at a time with margin, but give each pair 15 minutes.", {
                                  "config/production.yaml": sub(repo.files["config/production.yaml"], "  pair_interval_minutes: 12\n", "  pair_interval_minutes: 15  # WO-3318, back to 12 when HPU2 returns\n")})
    # after the onset
    repo.commit(utc("2026-01-31 15:17:00"), tom, "deploy: pin 4.4.2 on prod (INC-0131, rollback of 4.5.0)", {
        "deploy/inventories/prod": jan.INVENTORY + "\n[tidewatch:vars]\ntidewatch_pin=v4.4.2\n"})
    return repo, shas


# ---------------------------------------------------------------------------
# the water and the gates

def astro(station, t):
    hw = HW_WMO if station == "WMO" else HW_BSF
    amp = 3.00 if station == "WMO" else 3.10
    hours = (t - hw).total_seconds() / 3600
    return 0.45 + amp * math.cos(2 * math.pi * hours / 12.42)


RESID = [(utc(a), b) for a, b in [("2026-01-31 10:00:00", 0.56), ("2026-01-31 13:00:00", 0.70), ("2026-01-31 16:00:00", 0.93),
                                   ("2026-01-31 18:00:00", 1.04), ("2026-01-31 19:00:00", 0.97)]]


def surge(station, t):
    lag = dt.timedelta(minutes=20) if station == "BSF" else dt.timedelta(0)
    return jan.interp(RESID, t - lag) * (1.04 if station == "BSF" else 1.0)


def fc_residual(t):
    return jan.interp([(utc("2026-01-31 09:00:00"), 0.55), (utc("2026-01-31 18:00:00"), 0.92), (utc("2026-01-31 21:00:00"), 0.70)], t)


def gate_motion(rng):
    """Per gate: list of (time, text, position) PLC events."""
    ev = {g: [] for pair in PAIRS for g in pair}
    closed = {}
    speed = 90 / 480.0   # deg/s, about 8 minutes

    def close(g, t, frm, stop_at=None, last_peak=False, source="SCADA"):
        t = t + dt.timedelta(seconds=rng.uniform(0.2, 2.0))
        ev[g].append((t, f"{g} close command received (source {source})", frm))
        pos = frm
        x = t + dt.timedelta(seconds=4)
        ev[g].append((x, f"{g} drive A/B start, HPU1 system pressure {rng.randint(184, 188)} bar", pos))
        marks = [m for m in (22.5, 45.0, 60.0, 66.0, 68.5, 70.5, 74.0, 82.0) if m > frm]
        for m in marks:
            if stop_at and m > stop_at:
                break
            x = x + dt.timedelta(seconds=(m - pos) / speed * rng.uniform(0.97, 1.03))
            pos = m
            if m < 66 or (not stop_at and not last_peak):
                torque = rng.randint(38, 55)
            elif stop_at:
                torque = {66.0: rng.randint(63, 68), 68.5: rng.randint(76, 81), 70.5: rng.randint(88, 93)}[m]
            else:
                torque = {66.0: rng.randint(60, 66), 68.5: rng.randint(72, 78), 70.5: rng.randint(84, 88), 74.0: rng.randint(44, 50), 82.0: rng.randint(40, 48)}[m]
            ev[g].append((x, f"{g} position {m:.1f} deg, drive A {rng.randint(176, 190)} bar, drive B {rng.randint(176, 190)} bar, torque {torque} %", m))
        if stop_at:
            x = x + dt.timedelta(seconds=(stop_at - pos) / speed * 1.6)
            ev[g].append((x, f"{g} torque {rng.randint(96, 99)} % > 95 % for 3 s at {stop_at:.1f} deg", stop_at))
            ev[g].append((x + dt.timedelta(milliseconds=300), f"{g} drive stopped: obstruction suspected at {stop_at:.1f} deg (torque limit), state STOPPED", stop_at))
            ev[g].append((x + dt.timedelta(seconds=1), f"{g} local alarm OBSTRUCTION raised, HPU1 system pressure {rng.randint(184, 188)} bar", stop_at))
            return x, stop_at
        x = x + dt.timedelta(seconds=(90 - pos) / speed)
        ev[g].append((x, f"{g} CLOSED 90.0 deg, sill seal confirmed", 90.0))
        closed[g] = x
        return x, 90.0

    def raise_(g, t, frm, to):
        ev[g].append((t, f"{g} raise command to {to:.1f} deg (source {'SCADA' if to > 50 else 'LOCAL panel, operator k.mensah'})", frm))
        x = t + dt.timedelta(seconds=(frm - to) / (speed * 1.3))
        ev[g].append((x, f"{g} position {to:.1f} deg, holding (differential head {rng.uniform(0.55, 0.7):.2f} m)", to))
        return x

    for (a, b), t in zip(PAIRS, PAIR_START):
        for g in (a, b):
            if g == "G5":
                end, pos = close(g, t, 0.0, stop_at=71.4)
            else:
                close(g, t, 0.0)
    stops = [end]
    x = raise_("G5", RETRIES[0], 71.4, 60.0)
    end, _ = close("G5", x + dt.timedelta(seconds=20), 60.0, stop_at=71.3)
    stops.append(end)
    x = raise_("G5", RETRIES[1], 71.3, 60.0)
    end, _ = close("G5", x + dt.timedelta(seconds=20), 60.0, stop_at=71.2)
    stops.append(end)
    x = raise_("G5", FLUSH, 71.2, 25.0)
    ev["G5"].append((x + dt.timedelta(seconds=30), "G5 flushing: holding 25.0 deg on LOCAL, under-gate flow upstream", 25.0))
    close("G5", x + dt.timedelta(minutes=4), 25.0, last_peak=True, source="LOCAL panel, operator k.mensah")
    return ev, closed, stops


# ---------------------------------------------------------------------------
# logs

def build_logs(rng, shas):
    app = Log("tidewatch.log")
    scada = Log("scada-events.log")
    gates = Log("gate-control.log")
    ci = Log("gitlab-deploy.log")
    nav = Log("nav-warnings.log")
    chat = Log("teams-barrier-ops.log")
    duty = Log("duty-log.log")
    pids = {"twx-app01": [(START - dt.timedelta(days=1), 6112)], "twx-app02": [(START - dt.timedelta(days=1), 5408)]}

    def A(t, level, logger, msg, host="twx-app01"):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        pid = [p for since, p in pids[host] if since <= t][-1]
        app.add(t, f"{stamp} {host} tidewatch[{pid}] {level} {logger}: {msg}")

    def ms(t, lo=0, hi=999):
        return t + dt.timedelta(milliseconds=rng.randint(lo, hi))

    ev, closed, stops = gate_motion(rng)
    stats = {"stops": stops, "closed": closed}

    # --- gate positions over time, for the monitor and the SCADA
    def state_at(g, t):
        pos, text = 0.0, "STOWED"
        for x, msg, p in ev[g]:
            if x > t:
                break
            pos = p
            if "CLOSED 90.0" in msg:
                text = "CLOSED"
            elif "STOPPED" in msg or "OBSTRUCTION" in msg:
                text = "STOPPED"
            elif "holding" in msg:
                text = "HOLDING"
            else:
                text = "MOVING"
        return pos, text

    # --- app
    for host, when in (("twx-app02", ROLLBACK - dt.timedelta(seconds=44)), ("twx-app01", ROLLBACK)):
        A(ms(when - dt.timedelta(seconds=2)), "INFO", "tidewatch.main", "received SIGTERM, stopping", host)
        pids[host].append((when, rng.randint(2300, 9800)))
        A(ms(when), "INFO", "tidewatch.main", f"tidewatch 4.4.2 starting (commit {shas['base'][:7]}, config /etc/tidewatch/production.yaml) on {host} role={'active' if host == 'twx-app01' else 'standby'}", host)
    A(ms(ROLLBACK + dt.timedelta(seconds=3)), "INFO", "tidewatch.ingest.forecast", "forecast run 2026013106 loaded: 73 steps, residual at next HW +0.90 m")
    t = START + dt.timedelta(seconds=rng.randint(20, 280))
    while t < END:
        A(ms(t), "INFO", "tidewatch.main", "standby: active host is twx-app01", "twx-app02")
        t += dt.timedelta(seconds=300)
    t = START + dt.timedelta(seconds=rng.randint(30, 290))
    while t < END:
        A(ms(t, 300, 1200), "INFO", "tidewatch.ingest.forecast", "forecast poll: latest run 2026013106 already loaded")
        t += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 900))
    t = START + dt.timedelta(minutes=rng.randint(5, 50))
    while t < END:
        A(ms(t), "INFO", "tidewatch.notify.pager", "pager heartbeat ok (dbc-rota, duty-manager)")
        t += dt.timedelta(minutes=60, seconds=rng.randint(-20, 20))

    t = START + dt.timedelta(seconds=8)
    reported = {}
    commanded = {}
    for (a, b), st in zip(PAIRS, PAIR_START):
        for g in (a, b):
            commanded[g] = (st, "+".join((a, b)))
    first_error = None
    while t < END:
        tt = ms(t, 0, 600)
        if ROLLBACK <= t < ROLLBACK + dt.timedelta(seconds=6):
            t += dt.timedelta(seconds=60)
            continue
        levels = {}
        for station in ("WMO", "BSF", "CBR"):
            tt = tt + dt.timedelta(milliseconds=rng.randint(20, 180))
            A(tt, "INFO", "httpx", f'HTTP Request: GET https://scada-hist.wefa.local/api/v2/points/{station}.LEVEL/latest "HTTP/1.1 200 OK"')
            if station == "CBR":
                hours = (t - START).total_seconds() / 3600
                levels[station] = 2.41 + 0.02 * hours + rng.gauss(0, 0.004)
            else:
                levels[station] = astro(station, t) + surge(station, t) + rng.gauss(0, 0.008)
        corr = levels["BSF"] - astro("BSF", t) - fc_residual(t)
        peak = astro("BSF", HW_BSF) + fc_residual(HW_BSF) + corr
        decision = "CLOSURE_RECOMMENDED" if peak >= CRITERION else "NOT_REQUIRED"
        obs = " ".join(f"{s}={v:.3f}" for s, v in sorted(levels.items()))
        tt += dt.timedelta(milliseconds=rng.randint(3, 12))
        A(tt, "INFO", "tidewatch.decision.closure", f"cycle: {obs} residual_fc={fc_residual(HW_BSF):+.2f} corr={corr:+.2f} (BSF) next_hw=17:48Z peak_pred={peak:.2f} criterion={CRITERION:.2f} decision={decision}")
        if decision == "CLOSURE_RECOMMENDED":
            A(tt + dt.timedelta(milliseconds=1), "WARNING", "tidewatch.decision.closure", f"CLOSURE RECOMMENDED: predicted peak {peak:.2f} m AOD at barrier >= {CRITERION:.2f} (HW 17:48Z), decide by 14:33Z")
        # 4.5.0's gate monitor, until the rollback
        if t < ROLLBACK and t >= PAIR_START[0]:
            for g in sorted(commanded):
                st, pair = commanded[g]
                if st > t:
                    continue
                pos, state = state_at(g, t)
                A(tt + dt.timedelta(milliseconds=2), "INFO", "httpx", f'HTTP Request: GET https://scada-hist.wefa.local/api/v2/points/{g}.POSITION/latest "HTTP/1.1 200 OK"')
                if state == "CLOSED":
                    A(tt + dt.timedelta(milliseconds=4), "INFO", "tidewatch.closure.monitor", f"gate {g} CLOSED {(closed[g] - st).total_seconds() / 60:.1f} min after its close command")
                    del commanded[g]
                    continue
                last = reported.get(g)
                if t - st >= dt.timedelta(minutes=12) and (last is None or t - last >= dt.timedelta(minutes=5)):
                    A(tt + dt.timedelta(milliseconds=5), "ERROR", "tidewatch.closure.monitor",
                      f"gate {g} not CLOSED {int((t - st).total_seconds() // 60)} min after its close command: position {pos:.1f} deg, state {state} (plan CLS-0131A, pair {pair})")
                    reported[g] = t
                    first_error = first_error or t
        t += dt.timedelta(seconds=60)
    stats["first_error"] = first_error
    A(AUTHORISED + dt.timedelta(seconds=1, milliseconds=211), "INFO", "tidewatch.api", "closure authorised by d.okafor (DBC) for HW 17:48Z: recommended decision, tidewatch recommendation CLOSURE_RECOMMENDED")
    A(AUTHORISED + dt.timedelta(seconds=1, milliseconds=230), "INFO", "tidewatch.api", "closure plan sent to SCADA: pairs G1+G6 14:31, G2+G5 14:46, G3+G4 15:01 (interval 15 min)")
    A(AUTHORISED + dt.timedelta(seconds=1, milliseconds=611), "INFO", "httpx", 'HTTP Request: POST https://vts.wendmouthport.co.uk/api/v2/navigation-notices "HTTP/1.1 201 Created"')
    A(AUTHORISED + dt.timedelta(seconds=1, milliseconds=620), "INFO", "tidewatch.notify.vts", "navigation closure notice NN-2026-0058 sent to VTS: closed from 14:30Z")

    # --- gate control gateway
    def G(t, tag, pid, msg):
        gates.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} gcs-gw01 {tag}[{pid}]: {msg}")

    t = START + dt.timedelta(minutes=4)
    while t < END:
        G(t, "hpu", 611, f"HPU1 {'standby' if not (NAV_CLOSED - dt.timedelta(minutes=3) <= t <= utc('2026-01-31 16:00:00')) else 'running'} pressure {rng.uniform(11.5, 12.6) if not (NAV_CLOSED - dt.timedelta(minutes=3) <= t <= utc('2026-01-31 16:00:00')) else rng.uniform(184, 188):.1f} bar, oil {rng.uniform(17, 24):.1f} C, level 94 %")
        G(t + dt.timedelta(seconds=2), "hpu", 611, "HPU2 ISOLATED (maintenance lockout WO-3318)")
        t += dt.timedelta(minutes=30, seconds=rng.randint(-5, 5))
    for g in ("G1", "G2", "G3", "G4", "G5", "G6"):
        t = START + dt.timedelta(minutes=rng.randint(0, 40))
        while t < NAV_CLOSED:
            G(t, "gatectl", 812, f"{g} anti-condensation heater {'ON' if rng.random() < 0.5 else 'OFF'} (enclosure {rng.uniform(5, 10):.1f} C, RH {rng.randint(76, 92)} %)")
            t += dt.timedelta(minutes=rng.randint(35, 70))
    t = START + dt.timedelta(minutes=11)
    while t < END:
        G(t, "gatectl", 812, "heartbeat SCADA link ok, all gates STOWED" if t < PAIR_START[0] else "heartbeat SCADA link ok, closure sequence CLS-0131A active")
        t += dt.timedelta(minutes=15)
    G(AUTHORISED + dt.timedelta(seconds=4), "gatectl", 812, "closure plan CLS-0131A received from SCADA: G1+G6 14:31, G2+G5 14:46, G3+G4 15:01")
    G(NAV_CLOSED - dt.timedelta(minutes=3), "hpu", 611, "HPU1 start requested (HPU2 isolated)")
    G(NAV_CLOSED - dt.timedelta(minutes=2, seconds=46), "hpu", 611, "HPU1 running, system pressure 187 bar")
    for g, items in ev.items():
        for x, msg, _ in items:
            G(x, "gatectl", 812, msg)
    done = max(closed.values())
    G(done + dt.timedelta(seconds=4), "gatectl", 812, "closure sequence CLS-0131A complete: 6/6 gates CLOSED")
    G(done + dt.timedelta(seconds=5), "gatectl", 812, "G5 local alarm OBSTRUCTION cleared (operator k.mensah)")
    G(done + dt.timedelta(seconds=50), "hpu", 611, "HPU1 stop, system pressure holding 12 bar")
    stats["done"] = done

    # --- SCADA journal
    def S(t, sev, source, msg, user="System"):
        scada.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S.')}{t.microsecond // 1000:03d} GMT | {sev} | {source} | {msg} | {user}")

    for s in ("WMO", "BSF", "CBR"):
        t = START + dt.timedelta(minutes=rng.randint(5, 59))
        while t < END:
            S(ms(t), "Low", f"WEFA.Telemetry.{s}.Outstation", "Scheduled integrity poll OK")
            t += dt.timedelta(hours=1, seconds=rng.randint(-30, 30))
    S(ms(utc("2026-01-31 11:30:00") + dt.timedelta(minutes=rng.randint(0, 20))), "Medium", "WEFA.Telemetry.CBR.Level", "Level HIGH alarm: 2.412 m AOD >= 2.40 (river)")
    for h in range(6):
        base = START + dt.timedelta(hours=h, minutes=rng.randint(0, 50))
        S(ms(base), "Low", "WEFA.Pumping.QuayStreet.Pump2", rng.choice(["Pump run (sump 1.44 m)", "Pump stop (sump 0.63 m)"]))
        S(ms(base + dt.timedelta(minutes=rng.randint(3, 25))), "Low", "WEFA.Barrier.HVAC.ControlRoom", rng.choice(["Supply air temperature normal", "Filter differential pressure normal"]))
    S(ms(utc("2026-01-31 13:30:30")), "High", "WEFA.Barrier.Closure", "Closure authorised for HW 17:48: plan CLS-0131A from tidewatch (pairs)", "d.okafor")
    for (a, b), st in zip(PAIRS, PAIR_START):
        for g in (a, b):
            S(ms(st + dt.timedelta(seconds=1)), "Medium", f"WEFA.Barrier.Gates.{g}", "Gate CLOSING (plan CLS-0131A)")
    for g, x in closed.items():
        S(ms(x + dt.timedelta(seconds=1)), "Low", f"WEFA.Barrier.Gates.{g}", "Gate CLOSED, seal confirmed")
    for x, ang in zip(stops, (71.4, 71.3, 71.2)):
        S(ms(x + dt.timedelta(seconds=1)), "High", "WEFA.Barrier.Gates.G5", f"Gate fault: OBSTRUCTION at {ang:.1f} deg, drive stopped")
    S(ms(stops[0] + dt.timedelta(seconds=52)), "Low", "WEFA.Barrier.Gates.G5", "Alarm acknowledged", "d.okafor")
    S(ms(RETRIES[0] - dt.timedelta(seconds=5)), "Medium", "WEFA.Barrier.Gates.G5", "Operator command RAISE 60.0 deg, then CLOSE", "d.okafor")
    S(ms(RETRIES[1] - dt.timedelta(seconds=5)), "Medium", "WEFA.Barrier.Gates.G5", "Operator command RAISE 60.0 deg, then CLOSE", "d.okafor")
    S(ms(FLUSH - dt.timedelta(seconds=20)), "Medium", "WEFA.Barrier.Gates.G5", "Control transferred to LOCAL panel", "k.mensah")
    S(ms(closed["G5"] + dt.timedelta(seconds=40)), "Medium", "WEFA.Barrier.Gates.G5", "Control transferred to REMOTE", "k.mensah")
    S(ms(utc("2026-01-31 14:12:00")), "Low", "WEFA.Operator", "Logon s.lin at CR-HMI-2", "s.lin")
    S(ms(utc("2026-01-31 15:33:00")), "Low", "WEFA.Barrier.Security.Gate1", "Perimeter gate 1 opened (badge k.mensah)")
    bsf_level = lambda t: astro("BSF", t) + surge("BSF", t)
    for lim, name in ((3.0, "HIGH"), (4.0, "HIGH HIGH")):
        t = START
        while bsf_level(t) < lim:
            t += dt.timedelta(minutes=1)
        S(ms(t), "Medium" if lim < 4 else "High", "WEFA.Telemetry.BSF.Level", f"Level {name} alarm: {bsf_level(t):.3f} m AOD >= {lim:.2f}")
    peak_t = max((START + dt.timedelta(minutes=i) for i in range(int((END - START).total_seconds() // 60))), key=bsf_level)
    stats["peak"] = (peak_t, bsf_level(peak_t))
    S(ms(closed["G5"] + dt.timedelta(minutes=3)), "Medium", "WEFA.Telemetry.BRF.Level", "River face level rise 0.21 m during closure (G5 open 14:46-15:55)")

    # --- deploy jobs
    def J(t, text):
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def deploy(t, job, who, ref, sha, version):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        J(t, f"Running with gitlab-runner 17.8.0 (e4f782b3) on ot-runner-01 ({job})")
        J(t + dt.timedelta(seconds=1), f"Job deploy:prod triggered by {who} for {ref} ({sha[:8]})")
        J(t + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is {ref})...")
        J(t + dt.timedelta(seconds=6), f"$ ansible-playbook -i deploy/inventories/prod deploy/site.yml -e tidewatch_ref={sha}")
        x = t + dt.timedelta(seconds=14)
        for h in ("twx-app02.ot.wefa.local", "twx-app01.ot.wefa.local"):
            J(x, f"TASK [tidewatch : install tidewatch {version}] changed: [{h}]")
            J(x + dt.timedelta(seconds=18), f"TASK [tidewatch : restart tidewatch] changed: [{h}]")
            x += dt.timedelta(seconds=40)
        J(x, "PLAY RECAP *********************************************************************")
        J(x + dt.timedelta(seconds=1), "Job succeeded")

    deploy(REL_450 - dt.timedelta(seconds=61), 4611, "Tom Ashworth", "v4.5.0", shas["rel_450"], "4.5.0")
    deploy(CFG_DEPLOY - dt.timedelta(seconds=61), 4630, "Sam Whitfield", "main", shas["cfg"], "4.5.0")
    deploy(ROLLBACK - dt.timedelta(seconds=61), 4634, "Tom Ashworth", "v4.4.2", shas["base"], "4.4.2")

    # --- the port's local navigation warnings
    def N(t, ident, status, text):
        nav.add(t, json.dumps({"issued": jan.iso(t), "authority": "Wendmouth Harbour Master", "id": ident, "status": status, "text": text}, ensure_ascii=False))

    N(utc("2026-01-31 08:05:11"), "WEND LNW 08/26", "in force", "Buoy W4 (Fl G 5s) light unlit. Mariners navigate with caution.")
    N(utc("2026-01-31 11:42:37"), "WEND LNW 09/26", "new", "Pontoon section (approx 12 m, steel frame, timber deck) adrift in the River Wend, broken away from Calder Marina visitor pontoon; last seen off Calder Quay drifting downstream. Keep a sharp lookout.")
    N(utc("2026-01-31 12:31:02"), "WEND LNW 09/26", "update", "Pontoon section adrift reported passing Ferry Reach seaward at 12:20 UTC, partly submerged. Not seen since.")
    N(utc("2026-01-31 13:31:55"), "WEND LNW 10/26", "new", "Wend Barrier closing for HW 17:48 UTC: closed to navigation from 14:30 UTC until further notice (NN-2026-0058).")
    N(utc("2026-01-31 16:48:20"), "WEND LNW 09/26", "update", "Pontoon section adrift not found by harbour launch between Ferry Reach and the barrier; believed sunk near the barrier. Diver survey Sunday.")

    # --- duty log
    def D(t, role, user, text):
        duty.add(t, f"[{t.strftime('%d/%m/%Y %H:%M')} GMT] {role} {user}: {text}")

    D(utc("2026-01-31 11:30:00"), "DBC", "D.Okafor", "On shift. CSFS 06Z +0.90 m at HW 17:48, tidewatch CLOSURE RECOMMENDED since 09:41. HPU2 isolated (WO-3318). Pair interval 15 min deployed 09:52 (S. Whitfield).")
    D(utc("2026-01-31 11:45:00"), "DBC", "D.Okafor", "Harbour master LNW 09/26: pontoon section adrift from Calder Marina, drifting downstream.")
    D(utc("2026-01-31 13:31:00"), "DBC", "D.Okafor", "Closure authorised for HW 17:48. Plan CLS-0131A (pairs) from tidewatch. Navigation closed 14:30.")
    D(stops[0].replace(second=0, microsecond=0) + dt.timedelta(minutes=1), "DBC", "D.Okafor", "G5 STOPPED at 71.4 deg, OBSTRUCTION alarm. G2 closing normally. Calling duty manager and gate engineer.")
    D(utc("2026-01-31 15:11:00"), "DBC", "D.Okafor", "G5 raised to 60 and re-closed from SCADA: stopped again at 71.3.")
    D(utc("2026-01-31 15:24:00"), "DM", "S.Lin", "On-call dev (T. Ashworth) rolled tidewatch back to 4.4.2 (runbook). Retry G5 next.")
    D(utc("2026-01-31 15:31:00"), "DBC", "D.Okafor", "G5 retried on 4.4.2: stopped at 71.2. Same angle every time.")
    D(utc("2026-01-31 15:40:00"), "ENG", "K.Mensah", "On site. HPU1 pressure steady 184-188 bar all attempts, G2 closed alongside normally. Torque on G5 rises from 66 deg each time: obstruction in the sill recess. Flushing from LOCAL panel.")
    D(closed["G5"].replace(second=0, microsecond=0) + dt.timedelta(minutes=1), "ENG", "K.Mensah", f"G5 flushed at 25 deg for 4 min, closed {closed['G5'].strftime('%H:%M')} (torque peak at 71 deg then normal). Diver survey requested for Sunday.")
    D(utc("2026-01-31 16:05:00"), "DM", "S.Lin", "All six gates closed. River face rose 0.21 m while G5 was open. INC-0131.")
    D(utc("2026-01-31 18:02:00"), "DBC", "D.Okafor", f"Peak at BSF {stats['peak'][1]:.2f} m AOD {stats['peak'][0].strftime('%H:%M')}. River side 2.62 m AOD. Barrier to reopen on level.")

    # --- Teams #barrier-ops
    def say(t, who, text):
        t = ms(t)
        chat.add(t, json.dumps({"createdDateTime": jan.iso(t), "channel": "barrier-ops", "from": who, "body": text}, ensure_ascii=False))

    say(utc("2026-01-31 09:44:00"), "Sam Whitfield", "HPU2 is out for the seal job until Monday, so pairs 15 min apart today. MR merged, deploying from main")
    say(utc("2026-01-31 09:55:00"), "Sam Whitfield", "deployed, tidewatch up with interval 15")
    say(utc("2026-01-31 11:47:00"), "Dele Okafor", "FYI harbour master has a pontoon section adrift from Calder Marina, heading our way on the ebb")
    say(utc("2026-01-31 13:32:00"), "Dele Okafor", "closure authorised for 17:48 HW, first pairs closure with the new plan. nav closed 14:30")
    say(stops[0] + dt.timedelta(minutes=2), "Dele Okafor", "@Sarah Lin G5 stopped at 71.4 deg, obstruction alarm. G2 fine")
    say(stats["first_error"] + dt.timedelta(minutes=1), "Sarah Lin", "tidewatch has an error for G5 on the log screen too. paging the on-call dev and Kwame")
    say(utc("2026-01-31 15:09:00"), "Tom Ashworth", "on. this is the first real closure with GATE-12 (pairs, 4.5.0 since yesterday) and G2+G5 were driven together on HPU1 alone. runbook says roll back if a gate doesn't close after a release")
    say(utc("2026-01-31 15:12:00"), "Dele Okafor", "re-closed G5 from SCADA, stopped at 71.3 again")
    say(utc("2026-01-31 15:16:00"), "Tom Ashworth", "rolling back to 4.4.2, then the SCADA drives one gate at a time")
    say(utc("2026-01-31 15:23:00"), "Tom Ashworth", "4.4.2 on both hosts. Dele, try G5 again?")
    say(utc("2026-01-31 15:31:00"), "Dele Okafor", "71.2. same place. the tidewatch error is gone but the gate isn't closed")
    say(utc("2026-01-31 15:36:00"), "Kwame Mensah", "here. HPU1 held 184-188 bar the whole time, G2 closed next to it in 8 min. G5's torque climbs from 66 deg and trips at 71 every time, whoever sends the command. that's something in the sill recess, not the drive and not the sequence")
    say(utc("2026-01-31 15:38:00"), "Dele Okafor", "the pontoon from Calder Marina? last seen at Ferry Reach at 12:20 partly submerged, nobody saw it since")
    say(utc("2026-01-31 15:40:00"), "Kwame Mensah", "could be. going to LOCAL, raising G5 to 25 deg for a few minutes so the flood runs under it and flushes the recess, then closing")
    say(closed["G5"] + dt.timedelta(minutes=1), "Kwame Mensah", "G5 CLOSED. torque peaked at 71 deg once more then dropped to normal, whatever it was went through. diver tomorrow")
    say(closed["G5"] + dt.timedelta(minutes=4), "Sarah Lin", "thanks all. INC-0131. Tom, leave 4.4.2 pinned until the diver's report, then put 4.5.0 back")
    say(utc("2026-01-31 16:50:00"), "Dele Okafor", "harbour launch didn't find the pontoon between Ferry Reach and us, harbour master thinks it sank near the barrier")
    return [app, scada, gates, ci, nav, chat, duty], stats


def build(out_dir):
    rng = random.Random(105002)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["stops"][0].replace(microsecond=0)
        assert utc("2026-01-31 14:50:00") <= onset <= utc("2026-01-31 14:56:00"), onset
        assert stats["first_error"] > onset
        g5 = stats["closed"]["G5"]
        assert utc("2026-01-31 15:50:00") <= g5 <= utc("2026-01-31 16:00:00"), g5
        peak_t, peak = stats["peak"]
        return write_scenario(
            out_dir, name="r105-gate-sill-debris-none", service=SERVICE, onset=onset,
            description=f"""
During the Wend Estuary tidal barrier's closure for the evening high water
of Saturday 31 January 2026 (17:48 UTC, a surge of about +0.9 m on a
spring tide), gate G5 stops at 71.4 degrees at {onset.strftime('%H:%M:%S')} UTC with an
obstruction alarm while the other five gates close. tidewatch 4.5.0, which
planned the closure in pairs (G2 and G5 together) for the first time,
logs that G5 is not closed from {stats['first_error'].strftime('%H:%M')}. Two re-closes from the SCADA
(15:05, and 15:26 after tidewatch was rolled back to 4.4.2) stop at the
same angle; the gate engineer flushes the gate's sill recess and G5 is
closed at {g5.strftime('%H:%M')}. Peak at the barrier {peak:.2f} m AOD at {peak_t.strftime('%H:%M')}; the river
side rose 0.21 m while G5 was open. Times are UTC (GMT).
""",
            logs=logs,
            line_formats={
                "tidewatch.log": r'<Date> <Time> <Host> tidewatch\[<Pid>\] <Level> <Logger>: <Content>',
                "scada-events.log": r'<Date> <Time> GMT \| <Severity> \| <Source> \| <Content> \| <User>',
                "duty-log.log": r'\[<Date> <Time> GMT\] <Role> <User>: <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'drive stopped: obstruction suspected',
                r'Pontoon section .*adrift',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A 12 m section of Calder Marina's visitor pontoon
(steel frame, timber deck) broke away in the flooded river in the morning
(the harbour master's "WEND LNW 09/26: Pontoon section ... adrift", 11:42,
last seen at 12:20 passing Ferry Reach seaward, partly submerged) and
lodged in the sill recess of gate G5. When G5 is lowered its torque rises
from 66 degrees and the drive stops at 71.4, 71.3 and 71.2 degrees ("G5
drive stopped: obstruction suspected ... (torque limit)"), whoever sends
the command, while HPU1 holds 184-188 bar and G2, driven with it, closes
normally. Flushing the recess (G5 raised to 25 degrees on the local panel
for four minutes, the flood tide running under it) clears it and G5
closes at {g5.strftime('%H:%M')} after a last torque peak at 71 degrees; a diver finds the
pontoon section upstream of the sill the next day. tidewatch only planned
the order of the close commands and reported the gate's state.
Decoys: 4.5.0, deployed at 15:10 the day before (GATE-12, the first real
closure planned in pairs, G2 and G5 together on one HPU; GATE-14, which
adds the very "gate G5 not CLOSED ... after its close command" error;
FC-27; a pydantic bump), rolled back to 4.4.2 at 15:21 without effect (the
error goes, the re-close at 15:26 stops at the same angle); the runbook
section that says to roll back when a gate does not close after a
release; the duty engineer's config change, deployed at 09:52, that sets
the pair interval to 15 minutes while HPU2 is isolated (its commit is what
the deploy job names; HPU2's lockout is in every HPU status line); the
Renovate ruff bump that morning; the forecast-correction docs commit;
the river's HIGH alarm and the routine CLOSURE RECOMMENDED warnings.
""",
        )
    finally:
        repo.close()
