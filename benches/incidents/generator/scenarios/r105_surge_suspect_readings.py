"""tidewatch (Python 3.12, asyncio and httpx; two VMs in the control building
of the Wend Estuary Flood Authority's tidal barrier, twx-app01 active and
twx-app02 standby, deployed by a GitLab CI job that runs Ansible at a git
ref) is the barrier's closure decision support. Every minute it reads the
seaward tide gauge at Wendmouth Outer (WMO, 11 km out at the harbour
entrance), the barrier's seaward face gauge (BSF) and the river gauge at
Calder Bridge (CBR) from the SCADA historian, takes the observed surge
residual (level minus the astronomical tide), corrects the national Coastal
Surge Forecast Service's (CSFS) residual for the next high water with it,
and predicts the peak at the barrier. At 4.40 m AOD or more it recommends a
closure to the duty barrier controller, who must decide by high water minus
3 h 15 min (an hour's navigation notice to the port's VTS, then about 50
minutes to lower the six gates). The outstations flag each reading: G
good, S suspect (the outstation's own spike or rate-of-change check), B bad
(sensor fault, comms loss). WMO's rate-of-change limit is 0.40 m in 15
minutes, set just above the fastest spring tide's rise.

Wednesday 7 January 2026, 10:20 UTC: OBS-51 treats S readings like B. On
29 December WMO's float had stuck and jumped, the outstation flagged the
spikes S, tidewatch used them and paged the duty controller at 03:00 with a
"rapid rise" for nothing. With nothing valid for 15 minutes the residual
falls back to the forecast's, "as during a comms outage". The test has a
spike only. 4.2.0 goes out on Thursday; on the neap tides of the week S
readings are rare spikes and dropping them is right. Friday's 4.3.0 (OBS-58,
which logs every discarded reading at WARNING with the outstation's flag
and reason, in the culprit's file, the very line that will fill the log;
VTS-14, navigation notices through the port's new VTS API) and a runbook
section that reads "observed residual unavailable" as a telemetry outage;
on Saturday evening the duty engineer's storm-prep config change (forecast
polled every 5 minutes, the duty manager paged too) is deployed at 21:45.

Sunday 11 January: a secondary low deepens in the approaches and the surge
arrives with the morning spring tide (HW at the barrier 09:16 UTC). The
CSFS 00Z run says +0.45 m at high water (peak 3.99 m AOD, no closure). From
about 04:50 the mid-flood rise plus the growing surge exceeds WMO's 0.40 m /
15 min limit and, twenty minutes later, BSF's: every reading is flagged S
("rate of change ... exceeds limit"), tidewatch discards them all ("gauge
reading discarded ... flag=S") and from the onset logs "observed residual
unavailable" and recommends no closure with the forecast alone. The raw
levels on the SCADA HMI show +0.9 m and rising; the Flood Forecasting
Centre (another team) phones at 05:38 and the duty manager orders the
closure on judgement at 05:52 (30 minutes' notice to VTS, a dredger held).
The on-call developer, pointed by the runbook at the telemetry, finds the
outstations polling fine, suspects 4.3.0 and the Saturday change and rolls
back to 4.2.0 at 06:38: the discard warnings go (4.2.0 discards at DEBUG),
"observed residual unavailable" stays. At 06:55 the readings are G again
and tidewatch recommends the closure, an hour after the decision time. The
SCADA journal shows the outstations' SUSPECT flags for rate of change; the
author of OBS-51 keeps rate-of-change S readings (OBS-61, 4.3.1, 07:44).
The gates were down at 07:15; the peak at the barrier was 5.21 m AOD.

Sources: tidewatch (Python logging through rsyslog, both hosts, line
format), the SCADA alarm and event journal (line format), the gate control
gateway (syslog RFC 3164), the DMZ transfer host (syslog RFC 5424), the
GitLab CI deploy job traces, #barrier-ops (Teams export, JSON lines), the
control room duty log (line format)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, utc, write_scenario

SERVICE = "tidewatch"
START, END = utc("2026-01-10 21:30:00"), utc("2026-01-11 09:30:00")
HW_WMO = utc("2026-01-11 08:56:00")
HW_BSF = utc("2026-01-11 09:16:00")
PERIOD_H = 12.42
CRITERION = 4.40
DECIDE_BY = HW_BSF - dt.timedelta(hours=3, minutes=15)
CFG_DEPLOY = utc("2026-01-10 21:45:10")
MANUAL = utc("2026-01-11 05:52:30")
NAV_CLOSED = utc("2026-01-11 06:25:00")
ROLLBACK = utc("2026-01-11 06:38:20")
FIXED = utc("2026-01-11 07:44:40")

tom = Person("Tom Ashworth", "tom.ashworth@wefa.org.uk", 0)
priya = Person("Priya Raman", "priya.raman@wefa.org.uk", 0)
joost = Person("Joost van Dijk", "joost.vandijk@deltaris.nl", 60)
sam = Person("Sam Whitfield", "sam.whitfield@wefa.org.uk", 0)
renovate = Person("renovate[bot]", "renovate@gitlab.wefa.local", 0)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "tidewatch"
version = "4.1.3"
description = "Closure decision support for the Wend Estuary tidal barrier"
requires-python = ">=3.12"
dependencies = [
    "httpx==0.27.2",
    "pydantic==2.10.4",
    "PyYAML==6.0.2",
    "asyncssh==2.18.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.25.0", "respx==0.22.0"]

[project.scripts]
tidewatch = "tidewatch.main:run"
"""

MAIN_PY = '''"""tidewatch: one cycle a minute on the active host; the standby only watches."""

import asyncio
import logging
import os
import socket

from tidewatch import __version__
from tidewatch.config import load
from tidewatch.decision.closure import ClosureAdvisor
from tidewatch.ingest.forecast import ForecastPoller
from tidewatch.ingest.telemetry import Historian
from tidewatch.notify.vts import VtsClient

log = logging.getLogger("tidewatch.main")


async def main() -> None:
    cfg = load(os.environ.get("TIDEWATCH_CONFIG", "/etc/tidewatch/production.yaml"))
    host = socket.gethostname()
    role = "active" if host == cfg.active_host else "standby"
    log.info("tidewatch %s starting (commit %s, config %s) on %s role=%s",
             __version__, os.environ.get("TIDEWATCH_COMMIT", "unknown"), cfg.path, host, role)
    if role == "standby":
        while True:
            await asyncio.sleep(300)
            log.info("standby: active host is %s", cfg.active_host)
    historian = Historian(cfg.historian)
    forecasts = ForecastPoller(cfg.forecast)
    advisor = ClosureAdvisor(cfg.closure, VtsClient(cfg.vts))
    asyncio.create_task(forecasts.run())
    while True:
        readings = await historian.latest(cfg.stations)
        advisor.cycle(readings, forecasts.current)
        await asyncio.sleep(cfg.cycle_seconds)


def run() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main())
'''

CONFIG_PY = '''from dataclasses import dataclass

import yaml


@dataclass
class Settings:
    path: str
    active_host: str
    cycle_seconds: int
    stations: list
    historian: dict
    forecast: dict
    closure: dict
    vts: dict
    pager: dict


def load(path: str) -> Settings:
    with open(path) as handle:
        raw = yaml.safe_load(handle)
    return Settings(path=path, **raw)
'''

TELEMETRY_PY = '''"""Latest readings from the SCADA historian's REST API."""

from dataclasses import dataclass
from datetime import datetime

import httpx

from tidewatch.ingest.quality import usable


@dataclass
class Reading:
    station: str
    time: datetime
    level: float          # m AOD
    flag: str             # G, S or B, as the outstation set it
    reason: str = ""      # the outstation's quality detail, when not G


class Historian:
    def __init__(self, cfg: dict):
        self.client = httpx.AsyncClient(base_url=cfg["url"], timeout=cfg.get("timeout", 5.0),
                                        verify=cfg["ca_file"])

    async def latest(self, stations: list) -> dict:
        out = {}
        for station in stations:
            resp = await self.client.get(f"/api/v2/points/{station}.LEVEL/latest")
            resp.raise_for_status()
            body = resp.json()
            reading = Reading(station, datetime.fromisoformat(body["time"]), body["value"],
                              body["quality"]["flag"], body["quality"].get("detail", ""))
            if usable(reading):
                out[station] = reading
        return out
'''

QUALITY_V0 = '''"""What tidewatch does with the outstations' quality flags.

Each reading carries the outstation's flag: G good, S suspect (the
outstation's spike or rate-of-change check), B bad (sensor fault, comms
loss, out of range). A B reading is never used; with no usable reading
from a seaward gauge for 15 minutes the residual falls back to the
forecast's (see decision/residual.py).
"""

import logging

log = logging.getLogger(__name__)

REJECT = frozenset({"B"})


def usable(reading) -> bool:
    if reading.flag in REJECT:
        log.debug("gauge reading discarded: station=%s level=%.3f flag=%s reason=%r",
                  reading.station, reading.level, reading.flag, reading.reason)
        return False
    return True
'''

QUALITY_CULPRIT = sub(QUALITY_V0,
                      "A B reading is never used;",
                      "Neither an S nor a B reading\nis used (OBS-51: S readings are what the outstation itself rejects);",
                      'REJECT = frozenset({"B"})',
                      '# OBS-51: S is the outstation saying the value is implausible (a stuck\n'
                      '# float jumping, wave slop in the stilling well). Using it paged the duty\n'
                      '# controller with a "rapid rise" at 03:00 on 29 December for nothing.\n'
                      'REJECT = frozenset({"B", "S"})')

QUALITY_458 = sub(QUALITY_CULPRIT,
                  'log.debug("gauge reading discarded:',
                  '# OBS-58: at warning, with the outstation\'s reason, so the controllers\n'
                  '        # can see on the log screen why a gauge is not being used.\n'
                  '        log.warning("gauge reading discarded:')

QUALITY_FIX = sub(QUALITY_458,
                  'REJECT = frozenset({"B", "S"})',
                  'REJECT = frozenset({"B", "S"})\n\n'
                  '# OBS-61: a rate-of-change S is the outstation saying the water rises faster\n'
                  '# than its limit, which a surge on a spring flood does. Those readings are\n'
                  '# the ones a closure decision needs; keep them (spike S is still dropped).\n'
                  'KEEP_REASONS = ("rate of change",)',
                  "    if reading.flag in REJECT:",
                  "    if reading.flag == \"S\" and reading.reason.startswith(KEEP_REASONS):\n"
                  "        return True\n"
                  "    if reading.flag in REJECT:")

RESIDUAL_PY = '''"""Observed surge residual and the forecast correction."""

import logging
from datetime import timedelta

log = logging.getLogger(__name__)

STALE = timedelta(minutes=15)


class ResidualTracker:
    """Keeps the last usable seaward reading; BSF first, WMO when BSF has none."""

    def __init__(self, tide, order=("BSF", "WMO")):
        self.tide = tide
        self.order = order
        self.last = {}

    def update(self, readings: dict) -> None:
        for station, reading in readings.items():
            self.last[station] = reading

    def correction(self, now, forecast):
        for station in self.order:
            reading = self.last.get(station)
            if reading and now - reading.time <= STALE:
                observed = reading.level - self.tide.astro(station, reading.time)
                return station, observed - forecast.residual(reading.time)
        log.warning("observed residual unavailable: no valid reading from %s for %d min; "
                    "using forecast residual only", " or ".join(sorted(self.order, reverse=True)),
                    STALE.seconds // 60)
        return None, 0.0
'''

CLOSURE_PY = '''"""The closure recommendation for the next high water at the barrier."""

import logging

from tidewatch.decision.residual import ResidualTracker
from tidewatch.decision.tide import Tide

log = logging.getLogger(__name__)


class ClosureAdvisor:
    def __init__(self, cfg: dict, vts):
        self.criterion = cfg["criterion_m_aod"]          # 4.40
        self.decision_lead = cfg["decision_lead_minutes"]  # 195
        self.tide = Tide(cfg["harmonics_file"])
        self.residuals = ResidualTracker(self.tide)
        self.vts = vts

    def cycle(self, readings, forecast) -> None:
        now = max((r.time for r in readings.values()), default=None) or self.tide.now()
        self.residuals.update(readings)
        hw_time, hw_astro = self.tide.next_high_water("BSF", now)
        station, corr = self.residuals.correction(now, forecast)
        residual_hw = forecast.residual(hw_time) + corr
        peak = hw_astro + residual_hw
        decision = "CLOSURE_RECOMMENDED" if peak >= self.criterion else "NOT_REQUIRED"
        self.last_decision = decision
        log.info("cycle: %s residual_fc=%+.2f corr=%+.2f (%s) next_hw=%s peak_pred=%.2f criterion=%.2f decision=%s",
                 " ".join(f"{s}={r.level:.3f}" for s, r in sorted(readings.items())),
                 forecast.residual(hw_time), corr, station or "forecast", hw_time.strftime("%H:%MZ"),
                 peak, self.criterion, decision)
        if decision == "CLOSURE_RECOMMENDED":
            log.warning("CLOSURE RECOMMENDED: predicted peak %.2f m AOD at barrier >= %.2f (HW %s), decide by %s",
                        peak, self.criterion, hw_time.strftime("%H:%MZ"),
                        self.tide.decide_by(hw_time, self.decision_lead).strftime("%H:%MZ"))
'''

TIDE_PY = '''"""Astronomical tide from the harmonic constants (UKHO, 2026 analysis)."""

import json
import math
from datetime import datetime, timedelta, timezone


class Tide:
    def __init__(self, path: str):
        with open(path) as handle:
            self.constants = json.load(handle)

    def astro(self, station: str, when: datetime) -> float:
        c = self.constants[station]
        hours = (when - datetime(2026, 1, 1, tzinfo=timezone.utc)).total_seconds() / 3600
        return c["z0"] + sum(a * math.cos(math.radians(speed * hours - phase))
                             for a, speed, phase in c["constituents"])

    def next_high_water(self, station: str, after: datetime):
        t = after
        while not (self.astro(station, t) >= self.astro(station, t - timedelta(minutes=1))
                   and self.astro(station, t) >= self.astro(station, t + timedelta(minutes=1))):
            t += timedelta(minutes=1)
        return t, self.astro(station, t)

    def decide_by(self, hw: datetime, lead_minutes: int) -> datetime:
        return hw - timedelta(minutes=lead_minutes)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)
'''

FORECAST_PY = '''"""CSFS surge forecasts, fetched from the DMZ transfer host over SFTP."""

import asyncio
import csv
import io
import logging
from datetime import datetime

import asyncssh

log = logging.getLogger(__name__)


class Forecast:
    def __init__(self, run: str, rows: list):
        self.run = run
        self.rows = rows   # (valid time, residual m)

    def residual(self, when: datetime) -> float:
        before = [r for r in self.rows if r[0] <= when] or self.rows[:1]
        return before[-1][1]


class ForecastPoller:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.current = None

    async def run(self) -> None:
        while True:
            try:
                await self.poll()
            except (OSError, asyncssh.Error) as err:
                log.warning("forecast poll failed: %s", err)
            await asyncio.sleep(self.cfg["poll_seconds"])

    async def poll(self) -> None:
        async with asyncssh.connect(self.cfg["host"], username=self.cfg["user"],
                                    client_keys=[self.cfg["key_file"]]) as conn:
            async with conn.start_sftp_client() as sftp:
                names = sorted(n for n in await sftp.listdir(self.cfg["dir"]) if n.startswith("csfs_wend_"))
                run = names[-1][len("csfs_wend_"):-len(".csv")]
                if self.current and self.current.run == run:
                    log.info("forecast poll: latest run %s already loaded", run)
                    return
                async with sftp.open(f"{self.cfg['dir']}/{names[-1]}") as handle:
                    text = await handle.read()
        rows = [(datetime.fromisoformat(r["valid_time"]), float(r["residual_m"]))
                for r in csv.DictReader(io.StringIO(text))]
        self.current = Forecast(run, rows)
        log.info("forecast run %s loaded: %d steps, residual at next HW %+.2f m", run, len(rows), rows[0][1])
'''

VTS_V0 = '''"""Navigation notices to Wendmouth Port's VTS."""

import logging

import httpx

log = logging.getLogger(__name__)


class VtsClient:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.client = httpx.Client(base_url=cfg["url"], timeout=10.0)

    def closure_notice(self, closed_from, reason: str) -> None:
        resp = self.client.post("/notices", data={"type": "BARRIER_CLOSURE", "from": closed_from.isoformat(),
                                                 "text": reason})
        resp.raise_for_status()
        log.info("navigation closure notice sent to VTS: closed from %s", closed_from.strftime("%H:%MZ"))
'''

VTS_V1 = '''"""Navigation notices through Wendmouth Port's VTS API (v2, from January 2026)."""

import logging

import httpx

log = logging.getLogger(__name__)


class VtsClient:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.client = httpx.Client(base_url=cfg["url"], timeout=10.0,
                                   headers={"Authorization": f"Bearer {cfg['token']}"})

    def closure_notice(self, closed_from, reason: str) -> str:
        resp = self.client.post("/v2/navigation-notices", json={
            "kind": "barrier-closure", "effective_from": closed_from.isoformat(),
            "text": reason, "channel": ["vhf16", "portal"],
        })
        resp.raise_for_status()
        notice = resp.json()["id"]
        log.info("navigation closure notice %s sent to VTS: closed from %s", notice, closed_from.strftime("%H:%MZ"))
        return notice
'''

PROD_YAML = """active_host: twx-app01
cycle_seconds: 60
stations: [WMO, BSF, CBR]
historian:
  url: https://scada-hist.wefa.local
  ca_file: /etc/tidewatch/wefa-ot-ca.pem
  timeout: 5.0
forecast:
  host: xfer01.dmz.wefa.local
  user: tidewatch
  key_file: /etc/tidewatch/id_ed25519
  dir: /inbound/csfs
  poll_seconds: 900
closure:
  criterion_m_aod: 4.40
  decision_lead_minutes: 195
  harmonics_file: /etc/tidewatch/harmonics-2026.json
vts:
  url: https://vts.wendmouthport.co.uk/api
pager:
  duty_controller: dbc-rota
"""

RUNBOOK_V0 = """# tidewatch runbook

Owner: barrier systems team (#barrier-ops). Out of hours: the on-call developer
rota in PagerDuty; the duty barrier controller (DBC) decides every closure.

## Closure recommended

tidewatch recommends; the DBC decides, by high water minus 3 h 15 min. Check
the CSFS run, the raw levels on the SCADA HMI and the Flood Forecasting
Centre's bulletin before authorising.

## Forecast poll failed

The transfer host in the DMZ is unreachable or CSFS has not delivered. The
last run stays in use; CSFS delivers about 3 h 40 min after each run time.
"""

RUNBOOK_V1 = RUNBOOK_V0 + """
## Observed residual unavailable

tidewatch has had no usable reading from BSF or WMO for 15 minutes and uses
the CSFS residual alone, by design. This is a telemetry outage: check the
outstations' comms in the SCADA (radio link to WMO, the barrier's fibre
ring) and raise it with the telemetry contractor. If it started after a
tidewatch deploy, roll back (`deploy` job with the previous tag) and tell
the DBC that recommendations are forecast-only until then.
"""

CLOSURE_DOC = """# Closure criteria

- The barrier is closed for a predicted peak of 4.40 m AOD or more at the
  barrier's seaward face (the town defences upstream are at 4.60 m AOD).
- Decision by high water minus 3 h 15 min: one hour's navigation notice to
  VTS, then about 50 minutes to lower the six gates one after another, with
  margin before the level at the barrier reaches 3.5 m AOD.
- The prediction is the astronomical high water plus the CSFS residual,
  corrected by the observed residual at BSF (WMO if BSF has none) within the
  last 15 minutes.
"""

GITLAB_CI = """stages: [test, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install -e '.[test]'
    - pytest -q

deploy:prod:
  stage: deploy
  tags: [ot-runner]
  when: manual
  script:
    - ansible-playbook -i deploy/inventories/prod deploy/site.yml -e tidewatch_ref=$CI_COMMIT_SHA
"""

SITE_YML = """- hosts: tidewatch
  become: true
  roles:
    - role: tidewatch
      vars:
        tidewatch_user: tidewatch
        tidewatch_venv: /opt/tidewatch/venv
        tidewatch_config: /etc/tidewatch/production.yaml
"""

API_PY = '''"""The control room HMI's calls: closure authorisation by the duty controller."""

import logging
from datetime import timedelta

log = logging.getLogger(__name__)


def authorise_closure(advisor, vts, operator: str, hw, closed_from, now) -> str:
    recommendation = advisor.last_decision
    log.info("closure authorised by %s (DBC) for HW %s: %s decision, tidewatch recommendation %s",
             operator, hw.strftime("%H:%MZ"), "manual" if recommendation != "CLOSURE_RECOMMENDED" else "recommended",
             recommendation)
    notice = vts.closure_notice(closed_from, f"Wend Barrier closing for HW {hw:%H:%M} UTC")
    lead = (closed_from - now).total_seconds() // 60
    if lead < 60:
        log.warning("navigation notice shorter than 60 min (%d min): VTS will hold inbound traffic", lead)
    return notice
'''

INVENTORY = """[tidewatch]
twx-app01.ot.wefa.local
twx-app02.ot.wefa.local
"""

TEST_QUALITY_V0 = '''from datetime import datetime, timezone

from tidewatch.ingest.quality import usable
from tidewatch.ingest.telemetry import Reading

T = datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc)


def test_good_reading_is_used():
    assert usable(Reading("WMO", T, 2.104, "G"))


def test_bad_reading_is_dropped():
    assert not usable(Reading("WMO", T, 0.0, "B", "comms fail"))
'''

TEST_QUALITY_CULPRIT = TEST_QUALITY_V0 + '''

def test_spike_flagged_suspect_is_dropped():
    # 29 December: WMO's float stuck and jumped 0.8 m; the outstation said S.
    assert not usable(Reading("WMO", T, 2.911, "S", "spike 0.81 m > 0.25 m"))
'''

TEST_QUALITY_FIX = TEST_QUALITY_CULPRIT + '''

def test_rate_of_change_suspect_is_kept():
    # 11 January: a surge on the spring flood rises 0.45 m in 15 minutes.
    assert usable(Reading("WMO", T, 3.912, "S", "rate of change 0.45 m/15min > 0.40"))
'''

TEST_RESIDUAL = '''from datetime import datetime, timedelta, timezone

from tidewatch.decision.residual import ResidualTracker
from tidewatch.ingest.telemetry import Reading

T = datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc)


class FlatTide:
    def astro(self, station, when):
        return 1.0


class Fc:
    def residual(self, when):
        return 0.2


def test_falls_back_to_forecast_after_15_minutes():
    tracker = ResidualTracker(FlatTide())
    tracker.update({"BSF": Reading("BSF", T, 1.5, "G")})
    assert tracker.correction(T + timedelta(minutes=5), Fc())[0] == "BSF"
    assert tracker.correction(T + timedelta(minutes=16), Fc()) == (None, 0.0)
'''

CHANGELOG_V0 = """# Changelog

## 4.1.3 (2025-12-18)
- Harmonic constants for 2026 (UKHO analysis of 2025's record).

## 4.1.2 (2025-12-02)
- CSFS files over SFTP from xfer01 instead of the SMB share.
"""


def base_tree():
    return {
        "pyproject.toml": PYPROJECT,
        "tidewatch/__init__.py": '__version__ = "4.1.3"\n',
        "tidewatch/main.py": MAIN_PY,
        "tidewatch/config.py": CONFIG_PY,
        "tidewatch/ingest/__init__.py": "",
        "tidewatch/ingest/telemetry.py": TELEMETRY_PY,
        "tidewatch/ingest/quality.py": QUALITY_V0,
        "tidewatch/ingest/forecast.py": FORECAST_PY,
        "tidewatch/decision/__init__.py": "",
        "tidewatch/decision/residual.py": RESIDUAL_PY,
        "tidewatch/decision/closure.py": CLOSURE_PY,
        "tidewatch/decision/tide.py": TIDE_PY,
        "tidewatch/notify/__init__.py": "",
        "tidewatch/notify/vts.py": VTS_V0,
        "tidewatch/api.py": API_PY,
        "config/production.yaml": PROD_YAML,
        "docs/runbook.md": RUNBOOK_V0,
        "docs/closure-criteria.md": CLOSURE_DOC,
        "tests/test_quality.py": TEST_QUALITY_V0,
        "tests/test_residual.py": TEST_RESIDUAL,
        ".gitlab-ci.yml": GITLAB_CI,
        "deploy/site.yml": SITE_YML,
        "deploy/inventories/prod": INVENTORY,
        "CHANGELOG.md": CHANGELOG_V0,
        "README.md": "# tidewatch\n\nClosure decision support for the Wend Estuary tidal barrier: observed and\nforecast surge, the predicted peak at the barrier, the closure recommendation\nto the duty barrier controller, and navigation notices to Wendmouth VTS.\n\nSee docs/closure-criteria.md and docs/runbook.md.\n",
    }


def release(repo, version, date, notes):
    log = repo.files["CHANGELOG.md"]
    head, rest = log.split("\n\n", 1)
    entry = f"## {version} ({date})\n" + "".join(f"- {n}\n" for n in notes)
    return {
        "CHANGELOG.md": f"{head}\n\n{entry}\n{rest}",
        "pyproject.toml": sub(repo.files["pyproject.toml"], f'version = "{repo.files["tidewatch/__init__.py"].split(chr(34))[1]}"', f'version = "{version}"'),
        "tidewatch/__init__.py": f'__version__ = "{version}"\n',
    }


def build_repo():
    repo = Repo()
    shas = {}
    shas["base"] = repo.commit(utc("2026-01-02 10:05:00"), tom, "tidewatch 4.1.3: import from the old SVN repository (history in svn://wefa-svn/tidewatch)", base_tree())
    repo.commit(utc("2026-01-02 14:40:00"), tom, "Add .editorconfig", {
        ".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n\n[*.{yml,yaml}]\nindent_size = 2\n"})
    repo.commit(utc("2026-01-05 11:12:00"), joost, "forecast: log the residual at the next high water when a run is loaded (FC-22)", {
        "tidewatch/ingest/forecast.py": sub(repo.files["tidewatch/ingest/forecast.py"], "class ForecastPoller:", "# FC-22: the controllers read the loaded run off the log screen.\nclass ForecastPoller:")})
    repo.commit(utc("2026-01-06 06:12:00"), renovate, "chore(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], "httpx==0.27.2", "httpx==0.28.1")})
    repo.commit(utc("2026-01-06 15:30:00"), tom, "CODEOWNERS: barrier systems team owns decision/, telemetry contractor reviews ingest/telemetry.py", {
        ".gitlab/CODEOWNERS": "* @barrier-systems\n/tidewatch/decision/ @barrier-systems @tom.ashworth\n/tidewatch/ingest/telemetry.py @barrier-systems @telemetry-contractor\n"})
    shas["culprit"] = repo.commit(utc("2026-01-07 10:20:00"), priya,
        "ingest: treat outstation SUSPECT readings like BAD (OBS-51)\n\n"
        "On 29 December WMO's float stuck and jumped 0.8 m three times; the\n"
        "outstation flagged the spikes S and tidewatch used them, so the DBC was\n"
        "paged with a rapid rise at 03:00 for nothing. S is the outstation itself\n"
        "saying the value is implausible: drop it like B. With nothing usable for\n"
        "15 minutes the residual falls back to the forecast, as during a comms\n"
        "outage.", {
            "tidewatch/ingest/quality.py": QUALITY_CULPRIT,
            "tests/test_quality.py": TEST_QUALITY_CULPRIT,
        })
    repo.commit(utc("2026-01-07 14:05:00"), joost, "tests: residual tracker prefers BSF over WMO", {
        "tests/test_residual.py": repo.files["tests/test_residual.py"] + '''

def test_prefers_bsf():
    tracker = ResidualTracker(FlatTide())
    tracker.update({"WMO": Reading("WMO", T, 1.4, "G"), "BSF": Reading("BSF", T, 1.6, "G")})
    station, corr = tracker.correction(T, Fc())
    assert station == "BSF" and round(corr, 2) == 0.4
'''})
    shas["rel_420"] = repo.commit(utc("2026-01-08 09:32:00"), tom, "release 4.2.0", release(repo, "4.2.0", "2026-01-08", [
        "Outstation SUSPECT readings are dropped like BAD (OBS-51).",
        "Forecast runs log their residual at the next high water (FC-22).",
        "httpx 0.28.1.",
    ]))
    repo.commit(utc("2026-01-08 14:18:00"), tom, "runbook: observed residual unavailable", {"docs/runbook.md": RUNBOOK_V1})
    repo.commit(utc("2026-01-09 10:02:00"), priya, "ingest: log discarded readings at warning with the outstation's flag and reason (OBS-58)\n\nThe controllers asked why the HMI said 'forecast only' on Tuesday's comms\ndrop; the discards were at debug.", {
        "tidewatch/ingest/quality.py": QUALITY_458})
    repo.commit(utc("2026-01-09 11:47:00"), tom, "notify: navigation closure notices through the port's VTS API v2 (VTS-14)\n\nWendmouth Port retires the form endpoint on 31 January.", {
        "tidewatch/notify/vts.py": VTS_V1,
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  url: https://vts.wendmouthport.co.uk/api\n", "  url: https://vts.wendmouthport.co.uk/api\n  token: !env VTS_API_TOKEN\n")})
    shas["rel_430"] = repo.commit(utc("2026-01-09 14:21:00"), tom, "release 4.3.0", release(repo, "4.3.0", "2026-01-09", [
        "Discarded readings are logged at warning with the outstation's reason (OBS-58).",
        "Navigation closure notices through the VTS API v2 (VTS-14).",
    ]))
    repo.commit(utc("2026-01-10 07:02:00"), renovate, "chore(deps): update pre-commit hooks", {
        ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.8.6\n    hooks:\n      - id: ruff\n      - id: ruff-format\n"})
    shas["storm_prep"] = repo.commit(utc("2026-01-10 21:31:00"), sam,
        "config: storm prep for the Sunday morning tide\n\n"
        "CSFS polled every 5 minutes and the duty manager paged with the DBC while\n"
        "the Met Office's amber wind warning is in force.", {
            "config/production.yaml": sub(repo.files["config/production.yaml"],
                                           "  poll_seconds: 900\n", "  poll_seconds: 300\n",
                                           "  duty_controller: dbc-rota\n", "  duty_controller: dbc-rota\n  also: [duty-manager]\n")})
    # after the onset
    repo.commit(utc("2026-01-11 06:33:00"), tom, "deploy: pin 4.2.0 on prod (INC-0111, rollback of 4.3.0)", {
        "deploy/inventories/prod": INVENTORY + "\n[tidewatch:vars]\ntidewatch_pin=v4.2.0\n"})
    shas["fix"] = repo.commit(utc("2026-01-11 07:31:00"), priya,
        "ingest: keep SUSPECT readings flagged for rate of change (OBS-61, INC-0111)\n\n"
        "OBS-51 dropped every S reading. WMO's and BSF's outstations flag S when the\n"
        "level rises more than 0.40 m in 15 minutes, which the surge on this\n"
        "morning's spring flood did from 04:50: tidewatch discarded every seaward\n"
        "reading for two hours and recommended from the forecast alone. Keep\n"
        "rate-of-change S; spikes are still dropped.", {
            "tidewatch/ingest/quality.py": QUALITY_FIX,
            "tests/test_quality.py": TEST_QUALITY_FIX,
            "deploy/inventories/prod": INVENTORY,
        } | release(repo, "4.3.1", "2026-01-11", ["Rate-of-change SUSPECT readings are used again (OBS-61)."]))
    return repo, shas


# ---------------------------------------------------------------------------
# the water

def astro(station, t):
    hw = HW_WMO if station == "WMO" else HW_BSF
    amp = 3.00 if station == "WMO" else 3.10
    hours = (t - hw).total_seconds() / 3600
    return 0.45 + amp * math.cos(2 * math.pi * hours / PERIOD_H)


RESID = [("2026-01-10 21:00:00", 0.24), ("2026-01-11 00:00:00", 0.30), ("2026-01-11 03:00:00", 0.36),
         ("2026-01-11 04:00:00", 0.45), ("2026-01-11 04:45:00", 0.55), ("2026-01-11 05:15:00", 0.80),
         ("2026-01-11 05:45:00", 1.00), ("2026-01-11 06:30:00", 1.25), ("2026-01-11 07:15:00", 1.50),
         ("2026-01-11 08:00:00", 1.58), ("2026-01-11 08:45:00", 1.60), ("2026-01-11 09:30:00", 1.50),
         ("2026-01-11 10:30:00", 1.30)]
RESID = [(utc(a), b) for a, b in RESID]


def interp(points, t):
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0).total_seconds() / (t1 - t0).total_seconds()
    return points[-1][1]


def surge(station, t):
    lag = dt.timedelta(minutes=20) if station == "BSF" else dt.timedelta(0)
    return interp(RESID, t - lag) * (1.04 if station == "BSF" else 1.0)


def fc_residual(run, t):
    """CSFS residual (m) for time t from a run: 18Z under-forecast, 00Z a bit more, 06Z catches up."""
    base = {"18Z": [(utc("2026-01-10 21:00:00"), 0.26), (utc("2026-01-11 09:00:00"), 0.40)],
            "00Z": [(utc("2026-01-11 00:00:00"), 0.33), (utc("2026-01-11 09:00:00"), 0.45), (utc("2026-01-11 12:00:00"), 0.36)],
            "06Z": [(utc("2026-01-11 06:00:00"), 1.10), (utc("2026-01-11 09:00:00"), 1.46), (utc("2026-01-11 12:00:00"), 1.05)]}[run]
    return interp(base, t)


RUNS = [("18Z", "2026011018", utc("2026-01-10 21:40:12")), ("00Z", "2026011100", utc("2026-01-11 03:41:05")),
        ("06Z", "2026011106", utc("2026-01-11 09:42:40"))]


def simulate(rng):
    """Minute readings of WMO, BSF and CBR with the outstations' flags."""
    minutes = int((END - START).total_seconds() // 60) + 30
    t0 = START - dt.timedelta(minutes=20)
    data = {}
    spikes = {("WMO", utc("2026-01-10 23:41:00")), ("WMO", utc("2026-01-11 02:17:00")), ("BSF", utc("2026-01-11 01:03:00"))}
    comms = (utc("2026-01-11 00:12:00"), utc("2026-01-11 00:19:00"))   # WMO radio link retries
    for station in ("WMO", "BSF"):
        series = []
        for i in range(minutes):
            t = t0 + dt.timedelta(minutes=i)
            level = astro(station, t) + surge(station, t) + rng.gauss(0, 0.008)
            if (station, t) in spikes:
                level += rng.uniform(0.55, 0.85)
            series.append((t, level))
        for i, (t, level) in enumerate(series):
            flag, reason = "G", ""
            if i >= 15:
                roc = level - series[i - 15][1]
                prev = series[i - 1][1]
                if abs(level - prev) > 0.25:
                    flag, reason = "S", f"spike {abs(level - prev):.2f} m > 0.25 m"
                elif roc > 0.40 and (station, t - dt.timedelta(minutes=15)) not in spikes:
                    flag, reason = "S", f"rate of change {roc:.2f} m/15min > 0.40"
            if station == "WMO" and comms[0] <= t < comms[1]:
                flag, reason = "B", "comms fail"
            data[(station, t)] = (round(level, 3), flag, reason)
    for i in range(minutes):
        t = t0 + dt.timedelta(minutes=i)
        hours = (t - START).total_seconds() / 3600
        data[("CBR", t)] = (round(1.18 + 0.035 * hours + 0.04 * math.sin(hours / 2.1) + rng.gauss(0, 0.004), 3), "G", "")
    return data, t0


def version_at(t, shas):
    if t < CFG_DEPLOY:
        return "4.3.0", shas["rel_430"], "warn"
    if t < ROLLBACK:
        return "4.3.0", shas["storm_prep"], "warn"
    if t < FIXED:
        return "4.2.0", shas["rel_420"], "debug"
    return "4.3.1", shas["fix"], "fix"


def usable(flag, reason, mode):
    if flag == "B":
        return False
    if flag == "S":
        return mode == "fix" and reason.startswith("rate of change")
    return True


def decide(rng, data, t0, shas, mode_fn):
    """The advisor's cycle each minute: what it would say, given the version's filter."""
    last = {}
    out = []
    t = START + dt.timedelta(seconds=8)
    while t < END:
        minute = t.replace(second=0, microsecond=0)
        mode = mode_fn(minute)
        run = "18Z" if minute < RUNS[1][2] else ("00Z" if minute < RUNS[2][2] else "06Z")
        readings, discarded = {}, []
        for station in ("WMO", "BSF", "CBR"):
            level, flag, reason = data[(station, minute)]
            if usable(flag, reason, mode):
                readings[station] = (minute, level)
                last[station] = (minute, level)
            else:
                discarded.append((station, level, flag, reason))
        hw = HW_BSF if minute < HW_BSF + dt.timedelta(minutes=30) else HW_BSF + dt.timedelta(hours=PERIOD_H)
        hw_astro = astro("BSF", hw)
        station, corr = None, 0.0
        for s in ("BSF", "WMO"):
            if s in last and minute - last[s][0] <= dt.timedelta(minutes=15):
                when, level = last[s]
                corr = level - astro(s, when) - fc_residual(run, when)
                station = s
                break
        fc_hw = fc_residual(run, hw)
        peak = hw_astro + fc_hw + corr
        out.append(dict(t=t, minute=minute, mode=mode, run=run, readings=readings, discarded=discarded,
                        station=station, corr=corr, fc_hw=fc_hw, hw=hw, peak=peak,
                        decision="CLOSURE_RECOMMENDED" if peak >= CRITERION else "NOT_REQUIRED"))
        t += dt.timedelta(seconds=60)
    return out


# ---------------------------------------------------------------------------
# logs

def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_logs(rng, shas):
    data, t0 = simulate(rng)
    cycles = decide(rng, data, t0, shas, lambda m: version_at(m, shas)[2])
    correct = decide(rng, data, t0, shas, lambda m: "fix")

    app = Log("tidewatch.log")
    scada = Log("scada-events.log")
    gates = Log("gate-control.log")
    xfer = Log("xfer01.log")
    ci = Log("gitlab-deploy.log")
    chat = Log("teams-barrier-ops.log")
    duty = Log("duty-log.log")

    pids = {"twx-app01": 2231, "twx-app02": 1877}

    def A(t, level, logger, msg, host="twx-app01"):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{stamp} {host} tidewatch[{pids[host]}] {level} {logger}: {msg}")

    def start(t, host, version, sha):
        pids[host] = rng.randint(2300, 9800)
        A(t + dt.timedelta(milliseconds=rng.randint(0, 999)), "INFO", "tidewatch.main", f"tidewatch {version} starting (commit {sha[:7]}, config /etc/tidewatch/production.yaml) on {host} role={'active' if host == 'twx-app01' else 'standby'}", host)

    # --- app
    for host, when in (("twx-app02", CFG_DEPLOY - dt.timedelta(seconds=40)), ("twx-app01", CFG_DEPLOY)):
        A(when - dt.timedelta(seconds=1, milliseconds=rng.randint(0, 900)), "INFO", "tidewatch.main", "received SIGTERM, stopping", host)
    for host, when, v in (("twx-app02", ROLLBACK - dt.timedelta(seconds=45), "4.2.0"), ("twx-app01", ROLLBACK, "4.2.0"),
                          ("twx-app02", FIXED - dt.timedelta(seconds=42), "4.3.1"), ("twx-app01", FIXED, "4.3.1")):
        A(when - dt.timedelta(seconds=1, milliseconds=rng.randint(0, 900)), "INFO", "tidewatch.main", "received SIGTERM, stopping", host)
    for host, when in (("twx-app02", CFG_DEPLOY - dt.timedelta(seconds=39)), ("twx-app01", CFG_DEPLOY + dt.timedelta(seconds=1))):
        start(when, host, "4.3.0", shas["storm_prep"])
    for host, when in (("twx-app02", ROLLBACK - dt.timedelta(seconds=44)), ("twx-app01", ROLLBACK + dt.timedelta(seconds=1))):
        start(when, host, "4.2.0", shas["rel_420"])
    for host, when in (("twx-app02", FIXED - dt.timedelta(seconds=41)), ("twx-app01", FIXED + dt.timedelta(seconds=1))):
        start(when, host, "4.3.1", shas["fix"])
    restarts = [CFG_DEPLOY, ROLLBACK, FIXED]
    # standby heartbeats
    t = START + dt.timedelta(seconds=rng.randint(10, 280))
    while t < END:
        A(t + dt.timedelta(milliseconds=rng.randint(0, 999)), "INFO", "tidewatch.main", "standby: active host is twx-app01", "twx-app02")
        t += dt.timedelta(seconds=300)
    # forecast polls
    poll = 900
    t = START + dt.timedelta(seconds=433)
    loaded = "2026011012"
    done = set()
    while t < END:
        for r in restarts:
            if r <= t and r not in done:
                done.add(r)
                arrived = [x for x in RUNS if x[2] <= r]
                loaded = arrived[-1][1] if arrived else "2026011012"
                name = arrived[-1][0] if arrived else "18Z"
                A(r + dt.timedelta(seconds=3, milliseconds=rng.randint(0, 900)), "INFO", "tidewatch.ingest.forecast", f"forecast run {loaded} loaded: 73 steps, residual at next HW {fc_residual(name, HW_BSF):+.2f} m")
        if any(r <= t < r + dt.timedelta(seconds=20) for r in restarts):
            t += dt.timedelta(seconds=30)
            continue
        if t >= CFG_DEPLOY:
            poll = 300
        arrived = [r for r in RUNS if r[2] <= t]
        run = arrived[-1][1] if arrived else "2026011012"
        if run != loaded:
            hwres = fc_residual(arrived[-1][0], HW_BSF)
            A(t + dt.timedelta(milliseconds=rng.randint(400, 1900)), "INFO", "tidewatch.ingest.forecast", f"forecast run {run} loaded: 73 steps, residual at next HW {hwres:+.2f} m")
            loaded = run
        else:
            A(t + dt.timedelta(milliseconds=rng.randint(300, 1200)), "INFO", "tidewatch.ingest.forecast", f"forecast poll: latest run {run} already loaded")
        t += dt.timedelta(seconds=poll, milliseconds=rng.randint(0, 900))

    stats = {"unavailable": [], "discards": [], "recommend": []}
    storm = [k for k, v in data.items() if k[0] in ("WMO", "BSF") and v[2].startswith("rate") and k[1] >= utc("2026-01-11 04:00:00")]
    stats["first_s"] = {s: min(k[1] for k in storm if k[0] == s) for s in ("WMO", "BSF")}
    stats["last_s"] = {s: max(k[1] for k in storm if k[0] == s) for s in ("WMO", "BSF")}
    bsf = [(k[1], v[0]) for k, v in data.items() if k[0] == "BSF" and START <= k[1] < END]
    stats["bsf_peak"] = max(bsf, key=lambda x: x[1])
    stats["peak_after_fix"] = next(c["peak"] for c in cycles if c["t"] > FIXED + dt.timedelta(seconds=20))
    for c in cycles:
        t = c["t"] + dt.timedelta(milliseconds=rng.randint(0, 700))
        if any(r <= c["t"] < r + dt.timedelta(seconds=6) for r in restarts):
            continue
        for station in ("WMO", "BSF", "CBR"):
            t = t + dt.timedelta(milliseconds=rng.randint(20, 180))
            A(t, "INFO", "httpx", f'HTTP Request: GET https://scada-hist.wefa.local/api/v2/points/{station}.LEVEL/latest "HTTP/1.1 200 OK"')
        for station, level, flag, reason in c["discarded"]:
            stats["discards"].append((c["minute"], station, flag, reason))
            if c["mode"] != "debug":
                A(t + dt.timedelta(milliseconds=2), "WARNING", "tidewatch.ingest.quality", f"gauge reading discarded: station={station} level={level:.3f} flag={flag} reason={reason!r}")
        t += dt.timedelta(milliseconds=rng.randint(3, 12))
        if c["station"] is None:
            stats["unavailable"].append(c["t"])
            A(t, "WARNING", "tidewatch.decision.residual", "observed residual unavailable: no valid reading from WMO or BSF for 15 min; using forecast residual only")
        obs = " ".join(f"{s}={lvl:.3f}" for s, (_, lvl) in sorted(c["readings"].items()))
        A(t + dt.timedelta(milliseconds=1), "INFO", "tidewatch.decision.closure",
          f"cycle: {obs or '-'} residual_fc={c['fc_hw']:+.2f} corr={c['corr']:+.2f} ({c['station'] or 'forecast'}) next_hw={c['hw'].strftime('%H:%MZ')} peak_pred={c['peak']:.2f} criterion={CRITERION:.2f} decision={c['decision']}")
        if c["decision"] == "CLOSURE_RECOMMENDED":
            stats["recommend"].append(c["t"])
            A(t + dt.timedelta(milliseconds=2), "WARNING", "tidewatch.decision.closure",
              f"CLOSURE RECOMMENDED: predicted peak {c['peak']:.2f} m AOD at barrier >= {CRITERION:.2f} (HW {c['hw'].strftime('%H:%MZ')}), decide by {(c['hw'] - dt.timedelta(minutes=195)).strftime('%H:%MZ')}")
    stats["fc_only"] = next(c["peak"] for c in cycles if c["station"] is None)
    stats["correct_first"] = next(c["t"] for c in correct if c["decision"] == "CLOSURE_RECOMMENDED")
    # the manual closure through tidewatch's VTS notice
    A(MANUAL + dt.timedelta(seconds=41, milliseconds=207), "INFO", "tidewatch.api", "closure authorised by d.okafor (DBC) for HW 09:16Z: manual decision, tidewatch recommendation NOT_REQUIRED")
    A(MANUAL + dt.timedelta(seconds=42, milliseconds=380), "INFO", "httpx", 'HTTP Request: POST https://vts.wendmouthport.co.uk/api/v2/navigation-notices "HTTP/1.1 201 Created"')
    A(MANUAL + dt.timedelta(seconds=42, milliseconds=391), "INFO", "tidewatch.notify.vts", "navigation closure notice NN-2026-0041 sent to VTS: closed from 06:25Z")
    A(MANUAL + dt.timedelta(seconds=42, milliseconds=402), "WARNING", "tidewatch.notify.vts", "navigation notice shorter than 60 min (32 min): VTS will hold inbound traffic")
    # routine: pager heartbeats, harmonic table check
    t = START + dt.timedelta(minutes=rng.randint(1, 50))
    while t < END:
        A(t + dt.timedelta(milliseconds=rng.randint(0, 999)), "INFO", "tidewatch.notify.pager", "pager heartbeat ok (dbc-rota, duty-manager)" if t >= CFG_DEPLOY else "pager heartbeat ok (dbc-rota)")
        t += dt.timedelta(minutes=60, seconds=rng.randint(-20, 20))

    # --- SCADA journal
    def S(t, sev, source, msg, user="System"):
        scada.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S.')}{t.microsecond // 1000:03d} GMT | {sev} | {source} | {msg} | {user}")

    prev = {}
    alarms = {"WMO": [3.00, 4.00], "BSF": [3.00, 4.00]}
    raised = set()
    minute = START
    while minute < END:
        for station in ("WMO", "BSF"):
            level, flag, reason = data[(station, minute)]
            before = prev.get(station, ("G", ""))
            tt = minute + dt.timedelta(seconds=rng.randint(1, 4), milliseconds=rng.randint(0, 999))
            if flag != before[0]:
                if flag == "S":
                    what = reason.split(" ")[0]
                    if what == "rate":
                        roc = reason.split(" ")[3]
                        S(tt, "Medium", f"WEFA.Telemetry.{station}.Level", f"Quality SUSPECT: rate of change {roc} m/15min exceeds limit 0.40 m/15min (value {level:.3f} m AOD)")
                    else:
                        S(tt, "Medium", f"WEFA.Telemetry.{station}.Level", f"Quality SUSPECT: spike {reason.split(' ')[1]} m exceeds limit 0.25 m (value {level:.3f} m AOD)")
                elif flag == "B":
                    S(tt, "High", f"WEFA.Telemetry.{station}.Outstation", "Comms fail: no response to 3 polls (radio link)")
                elif before[0] == "B":
                    S(tt, "Low", f"WEFA.Telemetry.{station}.Outstation", "Comms restored")
                else:
                    S(tt, "Low", f"WEFA.Telemetry.{station}.Level", f"Quality GOOD (value {level:.3f} m AOD)")
            prev[station] = (flag, reason)
            for lim in alarms[station]:
                key = (station, lim)
                if level >= lim and key not in raised:
                    raised.add(key)
                    S(tt, "High" if lim >= 4 else "Medium", f"WEFA.Telemetry.{station}.Level", f"Level {'HIGH HIGH' if lim >= 4 else 'HIGH'} alarm: {level:.3f} m AOD >= {lim:.2f}")
        minute += dt.timedelta(minutes=1)
    # routine SCADA events
    for h in range(0, 13):
        base = START + dt.timedelta(hours=h, minutes=rng.randint(0, 50))
        S(base, "Low", "WEFA.Pumping.QuayStreet.Pump2", rng.choice(["Pump run (sump 1.42 m)", "Pump stop (sump 0.61 m)", "Pump run (sump 1.39 m)"]))
        S(base + dt.timedelta(minutes=rng.randint(3, 25)), "Low", "WEFA.Barrier.HVAC.ControlRoom", rng.choice(["Supply air temperature normal", "Filter differential pressure normal"]))
        S(base + dt.timedelta(minutes=rng.randint(26, 55)), "Low", "WEFA.Telemetry.CBR.Outstation", "Scheduled integrity poll OK")
    for s in ("WMO", "BSF", "CBR"):
        t = START + dt.timedelta(minutes=rng.randint(5, 59))
        while t < END:
            S(t, "Low", f"WEFA.Telemetry.{s}.Outstation", "Scheduled integrity poll OK")
            t += dt.timedelta(hours=1, seconds=rng.randint(-30, 30))
    S(utc("2026-01-10 22:05:12"), "Low", "WEFA.Operator", "Logon d.okafor at CR-HMI-1", "d.okafor")
    S(utc("2026-01-11 02:31:40"), "Medium", "WEFA.Barrier.Security.Gate2", "Perimeter gate 2 door held open 40 s")
    S(utc("2026-01-11 02:33:02"), "Low", "WEFA.Barrier.Security.Gate2", "Alarm acknowledged", "d.okafor")
    S(utc("2026-01-11 05:53:05"), "High", "WEFA.Barrier.Closure", "Closure authorised for HW 09:16: sequence CLS-0111A (manual decision)", "d.okafor")
    S(utc("2026-01-11 06:12:44"), "Low", "WEFA.Operator", "Logon s.lin at CR-HMI-2", "s.lin")
    S(utc("2026-01-11 07:02:10"), "Low", "WEFA.Operator", "Logon r.hughes at CR-HMI-1 (shift handover)", "r.hughes")

    # --- gate control gateway (syslog RFC 3164)
    def G(t, tag, pid, msg):
        gates.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} gcs-gw01 {tag}[{pid}]: {msg}")

    t = START + dt.timedelta(minutes=7)
    while t < END:
        G(t, "hpu", 611, f"HPU1 standby pressure {rng.uniform(11.5, 12.6):.1f} bar, oil {rng.uniform(17, 21):.1f} C, level 94 %")
        G(t + dt.timedelta(seconds=2), "hpu", 611, f"HPU2 standby pressure {rng.uniform(11.5, 12.6):.1f} bar, oil {rng.uniform(17, 21):.1f} C, level 93 %")
        t += dt.timedelta(minutes=30, seconds=rng.randint(-5, 5))
    for g in range(1, 7):
        t = START + dt.timedelta(minutes=rng.randint(0, 40))
        while t < END:
            G(t, "gatectl", 812, f"G{g} anti-condensation heater {'ON' if rng.random() < 0.5 else 'OFF'} (enclosure {rng.uniform(4, 9):.1f} C, RH {rng.randint(78, 93)} %)")
            t += dt.timedelta(minutes=rng.randint(35, 70))
    t = START + dt.timedelta(minutes=12)
    while t < END:
        G(t, "gatectl", 812, "heartbeat SCADA link ok, all gates STOWED" if t < NAV_CLOSED else "heartbeat SCADA link ok, closure sequence CLS-0111A active")
        t += dt.timedelta(minutes=15)
    G(MANUAL + dt.timedelta(seconds=36), "gatectl", 812, "closure sequence CLS-0111A armed by SCADA (operator d.okafor), start 06:25 after navigation closure")
    G(NAV_CLOSED - dt.timedelta(minutes=3), "hpu", 611, "HPU1 start requested, HPU2 standby")
    G(NAV_CLOSED - dt.timedelta(minutes=2, seconds=48), "hpu", 611, "HPU1 running, system pressure 186 bar")
    t = NAV_CLOSED + dt.timedelta(seconds=20)
    for g in range(1, 7):
        G(t, "gatectl", 812, f"G{g} close command (sequence CLS-0111A step {g}/6, source SCADA)")
        dur = rng.uniform(7.6, 8.4) * 60
        for frac in (0.25, 0.5, 0.75):
            G(t + dt.timedelta(seconds=dur * frac), "gatectl", 812, f"G{g} position {90 * frac:.1f} deg, drive A {rng.randint(171, 192)} bar, drive B {rng.randint(171, 192)} bar, torque {rng.randint(38, 56)} %")
        G(t + dt.timedelta(seconds=dur), "gatectl", 812, f"G{g} CLOSED 90.0 deg, sill seal confirmed (head {0.02 * g:.2f} m)")
        t += dt.timedelta(seconds=dur + rng.uniform(15, 30))
    closed_at = t
    G(t + dt.timedelta(seconds=5), "gatectl", 812, "closure sequence CLS-0111A complete: 6/6 gates CLOSED")
    G(t + dt.timedelta(seconds=40), "hpu", 611, "HPU1 stop, system pressure holding 12 bar")
    stats["closed_at"] = closed_at

    # --- DMZ transfer host (syslog RFC 5424)
    def X(t, app_, pid, msg):
        xfer.add(t, f"<86>1 {iso(t)} xfer01.dmz.wefa.local {app_} {pid} - - {msg}")

    def session(t, user, src, files, pid):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        X(t, "sshd", pid, f"Accepted publickey for {user} from {src} port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:{hexid(rng, 8)}")
        X(t + dt.timedelta(milliseconds=90), "sftp-server", pid + 1, f"session opened for local user {user} from [{src}]")
        for f, size, mode in files:
            if mode == "w":
                X(t + dt.timedelta(milliseconds=300), "sftp-server", pid + 1, f'close "{f}" bytes read 0 written {size}')
            elif mode == "r":
                X(t + dt.timedelta(milliseconds=300), "sftp-server", pid + 1, f'close "{f}" bytes read {size} written 0')
            else:
                X(t + dt.timedelta(milliseconds=200), "sftp-server", pid + 1, f'opendir "{f}"')
        X(t + dt.timedelta(milliseconds=600), "sftp-server", pid + 1, f"session closed for local user {user} from [{src}]")

    pid = 40211
    t = START + dt.timedelta(minutes=rng.randint(1, 9))
    while t < END:
        session(t, "metobs", "203.0.113.41", [(f"/inbound/metobs/wend_obs_{t.strftime('%Y%m%d%H%M')}.csv", rng.randint(2100, 2600), "w")], pid)
        pid += rng.randint(3, 40)
        t += dt.timedelta(minutes=10, seconds=rng.randint(-20, 20))
    for name, stamp, when in RUNS:
        session(when - dt.timedelta(seconds=12), "csfs", "198.51.100.17", [(f"/inbound/csfs/csfs_wend_{stamp}.csv", rng.randint(5400, 5900), "w")], pid)
        pid += 17
    # tidewatch's SFTP polls
    t = START + dt.timedelta(seconds=433)
    poll = 900
    while t < END:
        if t >= CFG_DEPLOY:
            poll = 300
        arrived = [r for r in RUNS if r[2] <= t]
        stamp = arrived[-1][1] if arrived else "2026011012"
        session(t, "tidewatch", "10.20.4.11", [("/inbound/csfs", 0, "d")], pid)
        pid += rng.randint(3, 30)
        t += dt.timedelta(seconds=poll, milliseconds=rng.randint(0, 900))
    for r in RUNS:
        X(r[2] + dt.timedelta(minutes=rng.randint(2, 5)), "cron", 3120, f"(root) CMD (/usr/local/bin/mirror-inbound --to ot-share)")

    # --- GitLab deploy job traces
    def J(t, text):
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def deploy(t, job, who, ref, sha, version, hosts=("twx-app02.ot.wefa.local", "twx-app01.ot.wefa.local")):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        J(t, f"Running with gitlab-runner 17.7.0 (3153ccc6) on ot-runner-01 ({job})")
        J(t + dt.timedelta(seconds=1), f"Job deploy:prod triggered by {who} for {ref} ({sha[:8]})")
        J(t + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is {ref})...")
        J(t + dt.timedelta(seconds=6), f"$ ansible-playbook -i deploy/inventories/prod deploy/site.yml -e tidewatch_ref={sha}")
        J(t + dt.timedelta(seconds=9), "PLAY [tidewatch] ***************************************************************")
        x = t + dt.timedelta(seconds=14)
        for h in hosts:
            J(x, f"TASK [tidewatch : install tidewatch {version}] changed: [{h}]")
            J(x + dt.timedelta(seconds=18), f"TASK [tidewatch : restart tidewatch] changed: [{h}]")
            x += dt.timedelta(seconds=40)
        J(x, "PLAY RECAP *********************************************************************")
        for h in hosts:
            J(x, f"{h} : ok=9    changed=3    unreachable=0    failed=0    skipped=1")
        J(x + dt.timedelta(seconds=1), "Job succeeded")

    deploy(utc("2026-01-08 10:13:10"), 4411, "Tom Ashworth", "v4.2.0", shas["rel_420"], "4.2.0")
    deploy(utc("2026-01-09 14:58:40"), 4437, "Tom Ashworth", "v4.3.0", shas["rel_430"], "4.3.0")
    deploy(CFG_DEPLOY - dt.timedelta(seconds=62), 4452, "Sam Whitfield", "main", shas["storm_prep"], "4.3.0")
    deploy(ROLLBACK - dt.timedelta(seconds=62), 4460, "Tom Ashworth", "v4.2.0", shas["rel_420"], "4.2.0")
    deploy(FIXED - dt.timedelta(seconds=61), 4466, "Priya Raman", "v4.3.1", shas["fix"], "4.3.1")

    # --- duty log
    def D(t, role, user, text):
        duty.add(t, f"[{t.strftime('%d/%m/%Y %H:%M')} GMT] {role} {user}: {text}")

    hwa = astro("BSF", HW_BSF)
    wmo530 = data[("WMO", utc("2026-01-11 05:30:00"))][0]
    D(utc("2026-01-10 22:00:00"), "DBC", "D.Okafor", f"On shift. Met Office amber wind warning from 03:00. CSFS 18Z: residual +0.40 m at HW 09:16, peak {hwa + 0.40:.2f} m AOD, no closure. Storm prep config deployed 21:45 (S. Whitfield).")
    D(utc("2026-01-11 00:20:00"), "DBC", "D.Okafor", "WMO comms fail 00:12-00:19, restored. Telemetry contractor not called.")
    D(utc("2026-01-11 02:35:00"), "DBC", "D.Okafor", "Perimeter gate 2 alarm, security patrol checked, wind.")
    D(utc("2026-01-11 03:50:00"), "DBC", "D.Okafor", f"CSFS 00Z loaded: residual +0.45 m at HW, peak {hwa + 0.45:.2f} m AOD. tidewatch NOT_REQUIRED. Observed residual at WMO +{interp(RESID, utc('2026-01-11 03:50:00')):.2f} m, tracking the forecast.")
    D(utc("2026-01-11 05:31:00"), "DBC", "D.Okafor", f"HMI banner FORECAST ONLY since about 05:20. Raw WMO {wmo530:.2f} m AOD rising fast, about +{wmo530 - astro('WMO', utc('2026-01-11 05:30:00')):.1f} m above astro. tidewatch still NOT_REQUIRED {hwa + 0.44:.2f}. Calling duty manager.")
    D(utc("2026-01-11 05:40:00"), "DBC", "D.Okafor", "FFC (Flood Forecasting Centre) on the phone: their observed surge at Wendmouth Outer +0.95 m and rising, asked if we are closing.")
    D(utc("2026-01-11 05:52:00"), "DM", "S.Lin", "Closure decision on judgement for HW 09:16 (tidewatch not trusted: forecast only). Navigation closed from 06:25, VTS informed by phone as well. Dredger Wend Endeavour held at No. 4 buoy.")
    D(utc("2026-01-11 06:40:00"), "DM", "S.Lin", "On-call dev (T. Ashworth) rolled tidewatch back to 4.2.0. Banner still FORECAST ONLY.")
    D(closed_at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1), "DBC", "R.Hughes", f"All six gates CLOSED {closed_at.strftime('%H:%M')}. Took over from D.Okafor 07:02.")
    D(utc("2026-01-11 07:50:00"), "DM", "S.Lin", f"tidewatch 4.3.1 deployed 07:44, observed residual back (+{surge('BSF', FIXED):.1f} m), CLOSURE RECOMMENDED {stats['peak_after_fix']:.2f}. INC-0111 raised: late recommendation.")
    D(utc("2026-01-11 09:25:00"), "DBC", "R.Hughes", f"Peak at BSF {stats['bsf_peak'][1]:.2f} m AOD {stats['bsf_peak'][0].strftime('%H:%M')}. River side 2.31 m AOD. No overtopping reported.")

    # --- Teams #barrier-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": iso(t), "channel": "barrier-ops", "from": who, "body": text}, ensure_ascii=False))

    say(utc("2026-01-10 21:33:00"), "Sam Whitfield", "storm prep MR merged: CSFS every 5 min, duty manager on the pager too. deploying from main")
    say(utc("2026-01-10 21:48:30"), "Sam Whitfield", "deployed, both hosts up on 4.3.0 with the new config")
    say(utc("2026-01-11 03:52:00"), "Dele Okafor", f"00Z in: +0.45 at HW, {hwa + 0.45:.2f}, no closure expected. Will watch WMO.")
    say(utc("2026-01-11 05:33:00"), "Dele Okafor", f"@Sarah Lin tidewatch says FORECAST ONLY and NOT_REQUIRED but raw WMO is running ~{wmo530 - astro('WMO', utc('2026-01-11 05:30:00')):.1f} above astro. log screen full of 'gauge reading discarded'")
    say(utc("2026-01-11 05:36:00"), "Sarah Lin", "coming in. paging the on-call dev")
    say(utc("2026-01-11 05:41:00"), "Dele Okafor", "FFC rang: +0.95 observed at Wendmouth Outer, they expect 5.0+ at the barrier")
    say(utc("2026-01-11 05:52:00"), "Sarah Lin", "we close. navigation closed from 06:25, I'm phoning VTS. don't wait for tidewatch")
    say(utc("2026-01-11 05:58:00"), "Tom Ashworth", "on. runbook says observed residual unavailable = telemetry outage. checking the outstations")
    say(utc("2026-01-11 06:09:00"), "Tom Ashworth", "outstations are polling fine, integrity polls OK, historian has every minute for WMO and BSF. so not comms")
    say(utc("2026-01-11 06:16:00"), "Tom Ashworth", "the discarded warning only exists since 4.3.0 (OBS-58, Friday) and the config changed last night. rolling back to 4.2.0")
    say(utc("2026-01-11 06:41:00"), "Tom Ashworth", "4.2.0 on both hosts. the warnings are gone but tidewatch still says observed residual unavailable")
    say(utc("2026-01-11 06:44:00"), "Dele Okafor", "HMI still FORECAST ONLY")
    say(utc("2026-01-11 06:52:00"), "Priya Raman", f"joining. the SCADA journal has WMO Level 'Quality SUSPECT: rate of change 0.5x m/15min exceeds limit 0.40' from {stats['first_s']['WMO'].strftime('%H:%M')} and BSF from {stats['first_s']['BSF'].strftime('%H:%M')}. OBS-51 (mine, Wednesday, in 4.2.0) drops every S reading, not only spikes. the surge on the flood is rising faster than the outstation's limit, so we threw away exactly the readings we needed")
    say(utc("2026-01-11 06:56:00"), "Tom Ashworth", "so the rollback can't help, 4.2.0 has OBS-51. the 4.3.0 warnings were just showing it")
    say(utc("2026-01-11 07:00:00"), "Dele Okafor", "readings back to GOOD, tidewatch now says CLOSURE RECOMMENDED, decide by 06:01. thanks")
    say(utc("2026-01-11 07:33:00"), "Priya Raman", "OBS-61: keep S when the reason is rate of change, spikes still dropped, test for this morning's reading. tagging 4.3.1")
    say(utc("2026-01-11 07:46:00"), "Priya Raman", "4.3.1 deployed 07:44, corr back from BSF")
    say(utc("2026-01-11 07:58:00"), "Sarah Lin", "INC-0111. postmortem Tuesday. the telemetry contractor should look at whether 0.40 m/15min is right for WMO too")
    return [app, scada, gates, xfer, ci, chat, duty], stats


def build(out_dir):
    rng = random.Random(105001)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["unavailable"][0].replace(microsecond=0)
        storm_discards = [d for d in stats["discards"] if d[0] >= utc("2026-01-11 04:00:00") and d[2] == "S"]
        first_discard = storm_discards[0][0]
        assert utc("2026-01-11 04:40:00") <= first_discard <= utc("2026-01-11 05:05:00"), first_discard
        assert utc("2026-01-11 05:00:00") <= onset <= utc("2026-01-11 05:35:00"), onset
        assert stats["correct_first"] < DECIDE_BY, stats["correct_first"]
        assert stats["correct_first"] > utc("2026-01-11 04:55:00"), stats["correct_first"]
        late = [r for r in stats["recommend"] if r > onset]
        assert not [r for r in stats["recommend"] if r < onset], stats["recommend"][:3]
        assert late and late[0] > MANUAL, late[:1]
        culprit_at = utc("2026-01-07 10:20:00")
        age = onset - culprit_at
        hours = age.total_seconds() / 3600
        return write_scenario(
            out_dir, name="r105-surge-suspect-readings", service=SERVICE, onset=onset,
            description=f"""
The Wend Estuary tidal barrier's closure decision support, tidewatch, stops
using the seaward tide gauges on the morning of Sunday 11 January 2026 as a
surge arrives with the spring tide: from {onset.strftime('%H:%M:%S')} UTC it logs "observed
residual unavailable" and recommends no closure on the CSFS forecast alone
(+0.45 m, peak {stats['fc_only']:.2f} m AOD), while the raw levels run about 0.9 m above the
astronomical tide. The duty manager ordered the closure on judgement at
05:52 (decision time 06:01; navigation notice 32 minutes instead of 60).
tidewatch was rolled back from 4.3.0 to 4.2.0 at 06:38 without effect,
recommended the closure at {late[0].strftime('%H:%M')} and was fixed at 07:44. The gates were
closed at {stats['closed_at'].strftime('%H:%M')}; the peak at the barrier was {stats['bsf_peak'][1]:.2f} m AOD. Times are UTC
(GMT, the same in January).
""",
            logs=logs,
            line_formats={
                "tidewatch.log": r'<Date> <Time> <Host> tidewatch\[<Pid>\] <Level> <Logger>: <Content>',
                "scada-events.log": r'<Date> <Time> GMT \| <Severity> \| <Source> \| <Content> \| <User>',
                "duty-log.log": r'\[<Date> <Time> GMT\] <Role> <User>: <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'gauge reading discarded: .*flag=S',
                r'observed residual unavailable',
                r'Quality SUSPECT: rate of change',
            ],
            fix_files=["tidewatch/ingest/quality.py"],
            explanation=f"""
The culprit is OBS-51 ("ingest: treat outstation SUSPECT readings like
BAD"), committed on Wednesday 7 January at 10:20 UTC and deployed with
4.2.0 on Thursday, {hours:.1f} hours ({age.days} d {age.seconds // 3600} h) before the onset. It adds S to the
flags tidewatch rejects, to stop a stuck float's spikes from paging the
duty controller; but the outstations also flag S when the level rises more
than 0.40 m in 15 minutes, a limit set just above the spring tide's
fastest rise. On Sunday morning the surge on the spring flood exceeds it
at WMO from {stats['first_s']['WMO'].strftime('%H:%M')} and at the barrier's gauge from {stats['first_s']['BSF'].strftime('%H:%M')}
(SCADA: "Quality SUSPECT: rate of change 0.5x m/15min exceeds limit"),
tidewatch discards every seaward reading ("gauge reading discarded ...
flag=S reason='rate of change ...'"), and after 15 minutes "observed
residual unavailable ... using forecast residual only": the forecast's
+0.45 m keeps the prediction at {stats['fc_only']:.2f} m AOD and the recommendation at
NOT_REQUIRED until the rise slows below the limit at about {stats['last_s']['WMO'].strftime('%H:%M')}. With the
readings kept, tidewatch would have recommended closure at
{stats['correct_first'].strftime('%H:%M')}, before the 06:01 decision time. The fix (OBS-61) keeps
rate-of-change S readings in the culprit's file.
Decoys: 4.3.0, deployed on Friday at 15:00 (OBS-58, in the culprit's
file, which logs the discards at warning, the very line that fills the
log; VTS-14, the navigation notices), rolled back at 06:38 to 4.2.0,
which holds the culprit: the warnings go, "observed residual unavailable"
stays; the storm-prep config commit deployed at 21:45 the evening before
(forecast poll every 5 minutes, the duty manager paged), whose commit the
start-up lines and the deploy job name; the runbook section that reads
"observed residual unavailable" as a telemetry outage and says to roll
back; WMO's real comms fail at 00:12-00:19 and a few genuine spike
discards in the night; the under-forecast CSFS runs (not in this repo);
the Renovate httpx and pre-commit bumps, FC-22, the tests commit,
CODEOWNERS and .editorconfig.
""",
        )
    finally:
        repo.close()
