"""parkpilot (Python 3.12, asyncio; asyncua for the turbines' SCADA, c104
for IEC 60870-5-104, pymodbus for the connection-point meter, httpx for
the work-order app; a systemd service on the edge PC in each wind farm's
substation, released by a GitHub Actions workflow that runs Ansible over
the site VPN; team in Inverness and Glasgow) of Cairnmore Renewables, an
independent operator of nine onshore wind farms in the Scottish Highlands.
At each site parkpilot is the park controller between the grid and the
turbines: it is the IEC 104 controlled station for North Caledonia
Networks' (NCN, the distribution network operator) Active Network
Management scheme, whose ANM controller sends the site an export limit
(the "ANM setpoint") whenever the grid supply point is constrained; it
splits that limit over the turbines and writes each one's active power
setpoint through the Nordwerk SCADA server (OPC UA), then trims the
setpoints every 2 s against the export measured at the connection point.
NCN's connection agreement: export must follow the setpoint within 60 s;
if it stays more than 0.5 MW above it for 180 s the ANM opens the site's
33 kV circuit breaker (intertrip) and NCN's control room recloses it only
when the generator confirms it can comply.

parkpilot also keeps maintenance locks: a turbine with a lockout work
order in Fieldwise, the maintenance work-order app, gets no remote command
(no setpoint, no start, no reset) while technicians may be working on it,
and is left out of the split (it is assumed to be stopped).

Tuesday 27 January 2026, 10:20 UTC: OPS-302 "workorders: lock from the
start of a work order until it is closed". A turbine left in service mode
over a weekend (work order on_hold or awaiting_parts) had been unlocked
and sent setpoints; the HSE rule is no remote command until the work is
finished. The allow-list {in_progress} becomes "started and not closed or
cancelled". Fieldwise has a status between them: completed, set by the
technician when the turbine is signed back into service; the planner
reviews and closes completed work orders on Mondays. The test covers
open, in_progress, on_hold, awaiting_parts, closed, cancelled. Released in
2.8.0 on Tuesday at 14:05. From then on a completed work order keeps the
turbine locked while it runs at full power: WTG-03 (gearbox oil, completed
Wednesday), WTG-11 (blade inspection, Thursday), WTG-14 (converter fan,
Friday 12:10). Nothing shows while Glenlaggan is unconstrained; at the
14:12 ANM constraint (40 MW) the loop pushes the twelve dispatchable
turbines down to 2.4 MW and export follows.

Friday 30 January, Storm Ingrid: at 16:21:34 T2 at Tarbhaidh GSP trips
and the ANM cuts Glenlaggan to 6.0 MW. The split gives the twelve
dispatchable turbines 0.50 MW each; the three locked turbines run on at
3.6 MW. The loop drives the twelve to 0 kW ("closed-loop correction
exhausted") and export stays at 10.6 MW; the ANM trips CB1 at 16:24:34.

At 15:40 Ewan had deployed 2.9.0: OPS-311 ramps setpoint decreases over
30 s (Nordwerk's drivetrain bulletin), OPS-314 warns on every cycle with
export above the ANM setpoint (the very line that fills the log), a
500 ms meter poll for Glenlaggan and an asyncua bump. Thursday's runbook
reads an ANM trip as OPC UA writes failing or, after a release, the
dispatch loop: roll back first. Ewan rolls back to 2.8.1 (16:52), NCN
recloses at 17:08, the turbines start and export sits at 10.6 MW again:
second trip at 17:17. Priya sees WTG-03, WTG-11 and WTG-14 at 3.6 MW with
no external setpoint in the SCADA's 10-minute data and parkpilot's "not
dispatched (maintenance lock)" list; Fiona (planner) says those work
orders were completed and the turbines returned to service; Morag
recognises OPS-302. Fiona closes the three work orders (17:41), the 17:46
sync leaves only WTG-06 (really awaiting parts) locked, NCN recloses at
17:58 and export follows 6.0 MW. OPS-318 (2.9.1, 18:50) releases the lock
on completed.

Sources: parkpilot (Python logging, line format), Nordwerk SCADA event
journal and 10-minute data (line formats), the 33 kV incomer relay's
sequential events record (line format), the edge PC's syslog (RFC 3164),
NCN's ANM notifications (JSON lines), the Fieldwise audit export (JSON
lines), GitHub Actions deploy logs, #roc-ops (Teams export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "parkpilot"
SITE = "GLN"
HOST = "gln-edge-01"
START, END = utc("2026-01-30 11:30:00"), utc("2026-01-30 19:30:00")
CULPRIT_AT = utc("2026-01-27 10:20:00")
REL_280 = utc("2026-01-27 14:05:20")     # 2.8.0 live (holds OPS-302)
REL_281 = utc("2026-01-29 10:31:10")     # 2.8.1 live
WTG14_BACK = utc("2026-01-30 12:09:40")  # WTG-14 signed back into service
CONSTRAINT1 = (utc("2026-01-30 14:12:20"), utc("2026-01-30 14:47:05"))
REL_290 = utc("2026-01-30 15:40:30")     # 2.9.0 live
CONSTRAINT2_AT = utc("2026-01-30 16:21:34")
ROLLBACK = utc("2026-01-30 16:52:10")    # back to 2.8.1
RECLOSE1 = utc("2026-01-30 17:08:40")
WO_CLOSED = utc("2026-01-30 17:41:00")   # Fiona closes the three work orders
RECLOSE2 = utc("2026-01-30 17:58:20")
CONSTRAINT2_END = utc("2026-01-30 18:40:10")
REL_291 = utc("2026-01-30 18:50:40")     # 2.9.1 live
SYNC_FIRST = START + dt.timedelta(seconds=97)  # the 5-minute work-order sync
RATED_KW = 3600.0
PARK_MW = 57.6
TURBINES = [f"WTG-{i:02d}" for i in range(1, 17)]
ANM_IP = "10.20.40.5"

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "parkpilot"
version = "2.7.3"
requires-python = ">=3.12"
dependencies = [
  "asyncua==1.1.5",
  "c104==2.1.1",
  "pymodbus==3.7.3",
  "httpx==0.27.2",
  "pyyaml==6.0.2",
]

[project.scripts]
parkpilot = "parkpilot.main:main"

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.24.0"]
"""

SETTINGS = '''"""Site settings from config/sites/<site>.yaml (one file per wind farm)."""

import dataclasses
import os

import yaml


@dataclasses.dataclass
class Site:
    code: str
    name: str
    rated_mw: float
    turbine_rated_kw: float
    turbines: list
    scada_url: str
    meter_host: str
    meter_poll_s: float
    anm_originator: str
    fieldwise_site: str
    loop_period_s: float
    loop_gain: float
    deadband_mw: float
    power_factor: float

    @classmethod
    def load(cls, code=None):
        code = code or os.environ["PARKPILOT_SITE"]
        with open(os.path.join(os.environ.get("PARKPILOT_CONFIG", "config/sites"), f"{code.lower()}.yaml")) as handle:
            return cls(**yaml.safe_load(handle))
'''

SITE_GLN = """# Glenlaggan Wind Farm: 16 x Nordwerk N131 3.6 MW, 33 kV connection to
# NCN's Tarbhaidh GSP (non-firm, ANM scheme TBH-2)
code: GLN
name: Glenlaggan
rated_mw: 57.6
turbine_rated_kw: 3600
turbines: [WTG-01, WTG-02, WTG-03, WTG-04, WTG-05, WTG-06, WTG-07, WTG-08,
           WTG-09, WTG-10, WTG-11, WTG-12, WTG-13, WTG-14, WTG-15, WTG-16]
scada_url: opc.tcp://gln-scada-01.gln.cairnmore.internal:4840
meter_host: 10.20.30.11
meter_poll_s: 1.0
anm_originator: 10.20.40.5
fieldwise_site: GLN
loop_period_s: 2.0
loop_gain: 0.5
deadband_mw: 0.2
power_factor: 0.98
"""

SITE_ALT = """# Altnabreac Wind Farm: 9 x Nordwerk N117 3.45 MW, firm 33 kV connection
code: ALT
name: Altnabreac
rated_mw: 31.05
turbine_rated_kw: 3450
turbines: [WTG-01, WTG-02, WTG-03, WTG-04, WTG-05, WTG-06, WTG-07, WTG-08, WTG-09]
scada_url: opc.tcp://alt-scada-01.alt.cairnmore.internal:4840
meter_host: 10.21.30.11
meter_poll_s: 1.0
anm_originator: 10.21.40.5
fieldwise_site: ALT
loop_period_s: 2.0
loop_gain: 0.5
deadband_mw: 0.2
power_factor: 0.98
"""

MAIN = '''"""parkpilot: the park controller of one wind farm."""

import asyncio
import importlib.metadata
import logging
import logging.config
import os

from parkpilot import anm, dispatch, fieldwise, meter, reactive, scada, workorders
from parkpilot.settings import Site

log = logging.getLogger("parkpilot")


async def run(site):
    turbines = await scada.connect(site)
    nvp = meter.Meter(site)
    locks = workorders.Locks(fieldwise.Client(), site)
    await locks.sync()
    controller = dispatch.Controller(site, turbines, nvp, locks)
    await anm.serve(site, controller)
    await asyncio.gather(controller.loop(), locks.every(300), reactive.loop(site, turbines, nvp), status(site, controller))


async def status(site, controller):
    while True:
        await asyncio.sleep(30)
        controller.log_status()


def main():
    logging.config.fileConfig(os.environ.get("PARKPILOT_LOGGING", "config/logging.ini"))
    site = Site.load()
    log.info("parkpilot %s (git %s) starting for site %s", importlib.metadata.version("parkpilot"), os.environ.get("GIT_SHA", "dev")[:7], site.code)
    asyncio.run(run(site))
'''

LOGGING_INI = """[loggers]
keys=root

[handlers]
keys=file

[formatters]
keys=plain

[logger_root]
level=INFO
handlers=file

[handler_file]
class=logging.handlers.WatchedFileHandler
formatter=plain
args=('/var/log/parkpilot/parkpilot.log',)

[formatter_plain]
format=%(asctime)s %(levelname)-7s %(name)s [%(site)s] %(message)s
class=parkpilot.logfmt.SiteFormatter
"""

WORKORDERS_V1 = '''"""Maintenance locks from Fieldwise work orders.

A turbine with a lockout work order (LOTO on the checklist) that is being
worked on gets no remote command from parkpilot: no power setpoint, no
start, no reset. The dispatcher leaves a locked turbine out of the split
of the ANM setpoint (it is stopped for the work)."""

import asyncio
import logging

log = logging.getLogger(__name__)

# Fieldwise statuses: open, scheduled, in_progress, on_hold, awaiting_parts,
# completed (signed back into service by the technician), closed (reviewed
# by the planner), cancelled
LOCKING_STATUSES = {"in_progress"}


def is_locking(wo):
    return bool(wo.get("lockout_required")) and wo["status"] in LOCKING_STATUSES


def locks_from(work_orders, turbines):
    """turbine id -> the work order that locks it."""
    found = {}
    for wo in work_orders:
        if wo.get("asset_tag") in turbines and is_locking(wo):
            found[wo["asset_tag"]] = wo
    return found


class Locks:
    def __init__(self, client, site):
        self.client = client
        self.site = site
        self.current = {}

    def __contains__(self, turbine):
        return turbine in self.current

    async def sync(self):
        work_orders = await self.client.work_orders(site=self.site.fieldwise_site, updated_within_days=30)
        self.current = locks_from(work_orders, set(self.site.turbines))
        described = ", ".join(f"{t} ({wo['number']} {wo['status']})" for t, wo in sorted(self.current.items())) or "none"
        log.info("work-order sync: %d work orders, maintenance locks: %s", len(work_orders), described)

    async def every(self, seconds):
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.sync()
            except Exception:
                log.exception("work-order sync failed; keeping the last locks")
'''

FIELDWISE_V1 = '''"""Fieldwise REST API (work orders)."""

import os

import httpx

BASE = "https://api.fieldwise.io/v2"


class Client:
    def __init__(self, token=None):
        self.http = httpx.AsyncClient(base_url=BASE, timeout=15,
                                      headers={"Authorization": f"Bearer {token or os.environ['FIELDWISE_TOKEN']}"})

    async def work_orders(self, site, updated_within_days=30, page_size=50):
        items, page = [], 1
        while True:
            resp = await self.http.get("/work-orders", params={"site": site, "updated_within_days": updated_within_days,
                                                               "page": page, "page_size": page_size})
            resp.raise_for_status()
            body = resp.json()
            items += body["items"]
            if not body.get("next_page"):
                return items
            page = body["next_page"]
'''

DISPATCH_V1 = '''"""Splits the ANM setpoint over the dispatchable turbines and trims the
setpoints against the export measured at the connection point (NVP)."""

import asyncio
import logging

log = logging.getLogger(__name__)


class Controller:
    def __init__(self, site, turbines, meter, locks):
        self.site = site
        self.turbines = turbines
        self.meter = meter
        self.locks = locks
        self.setpoint_mw = site.rated_mw
        self.setpoints = {}
        self.exhausted_logged = 0.0

    @property
    def constrained(self):
        return self.setpoint_mw < self.site.rated_mw

    async def on_setpoint(self, mw):
        self.setpoint_mw = mw
        await self.split()

    async def split(self):
        locked = sorted(t.id for t in self.turbines if t.id in self.locks)
        dispatchable = [t for t in self.turbines if t.id not in self.locks and t.available]
        if not self.constrained:
            self.setpoints = {}
            await self.write({t.id: self.site.turbine_rated_kw for t in dispatchable})
            log.info("ANM setpoint %.2f MW: unconstrained, setpoints released on %d turbines", self.setpoint_mw, len(dispatchable))
            return
        each = min(self.setpoint_mw / max(len(dispatchable), 1), self.site.turbine_rated_kw / 1000)
        self.setpoints = {t.id: each for t in dispatchable}
        log.info("setpoint %.2f MW split over %d dispatchable turbines (%.2f MW each); not dispatched (maintenance lock): %s",
                 self.setpoint_mw, len(dispatchable), each, ", ".join(locked) or "none")
        await self.write({tid: mw * 1000 for tid, mw in self.setpoints.items()})

    async def write(self, kw_by_turbine):
        for turbine in self.turbines:
            if turbine.id in kw_by_turbine:
                await turbine.write_setpoint(kw_by_turbine[turbine.id])

    async def loop(self):
        while True:
            await asyncio.sleep(self.site.loop_period_s)
            if self.constrained and self.setpoints:
                await self.cycle(await self.meter.export_mw())

    async def cycle(self, export):
        error = export - self.setpoint_mw
        if error <= self.site.deadband_mw:
            return
        if all(mw <= 0 for mw in self.setpoints.values()):
            now = asyncio.get_running_loop().time()
            if now - self.exhausted_logged >= 30:
                log.warning("closed-loop correction exhausted: all %d dispatchable turbines at 0 kW, export %.2f MW above setpoint %.2f MW",
                            len(self.setpoints), export, self.setpoint_mw)
                self.exhausted_logged = now
            return
        step = self.site.loop_gain * error / len(self.setpoints)
        self.setpoints = {tid: max(0.0, mw - step) for tid, mw in self.setpoints.items()}
        log.info("closed-loop correction: export %.2f MW, setpoint %.2f MW, dispatchable setpoints now %.2f MW",
                 export, self.setpoint_mw, max(self.setpoints.values()))
        await self.write({tid: mw * 1000 for tid, mw in self.setpoints.items()})

    def log_status(self):
        running = sum(1 for t in self.turbines if t.running)
        log.info("status: export %.2f MW, Q %.1f Mvar, available %.2f MW, ANM setpoint %.2f MW (%s), turbines running %d/%d",
                 self.meter.last_export_mw, self.meter.last_q_mvar, sum(t.available_kw for t in self.turbines) / 1000,
                 self.setpoint_mw, "constrained" if self.constrained else "unconstrained", running, len(self.turbines))
'''

ANM_PY = '''"""IEC 60870-5-104 controlled station for NCN's ANM controller: the export
limit arrives as a set point command (C_SE_NC_1, short float, MW) on IOA
4001; export, available power and the setpoint echo go back as M_ME_NC_1."""

import asyncio
import logging

import c104

log = logging.getLogger(__name__)

IOA_SETPOINT = 4001


async def serve(site, controller):
    server = c104.Server(ip="0.0.0.0", port=2404)
    station = server.add_station(common_address=47)
    point = station.add_point(io_address=IOA_SETPOINT, type=c104.Type.C_SE_NC_1)
    loop = asyncio.get_running_loop()

    def on_setpoint(point, previous, message):
        log.info("ANM setpoint %.2f MW received (IOA %d, C_SE_NC_1, COT act)", point.value, IOA_SETPOINT)
        asyncio.run_coroutine_threadsafe(controller.on_setpoint(point.value), loop)
        return c104.ResponseState.SUCCESS

    point.on_receive(callable=on_setpoint)
    server.start()
    log.info("IEC 104 server listening on 0.0.0.0:2404 (common address 47)")
'''

RUNBOOK = """# parkpilot runbook

Owner: #wf-software. ROC: #roc-ops, 24/7 on 01463 000 412.

## OPC UA session to the SCADA lost

parkpilot reconnects every 10 s and logs `OPC UA session ... lost`. The
turbines keep their last setpoint. If it does not come back, restart the
Nordwerk SCADA service on the site's SCADA server (ROC has the runbook).

## Fieldwise unreachable

The last maintenance locks are kept. Nothing to do unless it lasts more
than a day; then the ROC checks locks by phone with the site team.
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pip install .[test]
      - run: pytest -q
"""

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      ref:
        description: tag to deploy (vX.Y.Z)
        required: true
      sites:
        description: comma separated site codes, or all
        default: all
jobs:
  deploy:
    runs-on: [self-hosted, roc-vpn]
    environment: production
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ inputs.ref }}
      - run: ansible-playbook -i deploy/inventory.ini deploy/site.yml -e ref=${{ inputs.ref }} -l ${{ inputs.sites }}
"""

SITE_YML = """- hosts: all
  become: true
  serial: 1
  tasks:
    - name: parkpilot wheel
      ansible.builtin.pip:
        name: "git+https://github.com/cairnmore/parkpilot@{{ ref }}"
        virtualenv: /opt/parkpilot/venv
    - name: site config
      ansible.builtin.copy:
        src: ../config/
        dest: /opt/parkpilot/config/
    - name: restart parkpilot
      ansible.builtin.systemd:
        name: parkpilot
        state: restarted
"""

TEST_WORKORDERS_V1 = '''from parkpilot import workorders

TURBINES = {"WTG-01", "WTG-02"}


def wo(status, lockout=True, asset="WTG-01"):
    return {"number": "WO-26-00001", "asset_tag": asset, "status": status, "lockout_required": lockout}


def test_in_progress_lockout_locks():
    assert workorders.locks_from([wo("in_progress")], TURBINES) == {"WTG-01": wo("in_progress")}


def test_without_lockout_no_lock():
    assert workorders.locks_from([wo("in_progress", lockout=False)], TURBINES) == {}


def test_other_sites_turbines_ignored():
    assert workorders.locks_from([wo("in_progress", asset="WTG-31")], TURBINES) == {}
'''

WORKORDERS_CULPRIT_COMMENT_OLD = '''# Fieldwise statuses: open, scheduled, in_progress, on_hold, awaiting_parts,
# completed (signed back into service by the technician), closed (reviewed
# by the planner), cancelled
LOCKING_STATUSES = {"in_progress"}


def is_locking(wo):
    return bool(wo.get("lockout_required")) and wo["status"] in LOCKING_STATUSES
'''

WORKORDERS_CULPRIT_COMMENT_NEW = '''# A lock starts when the technician starts the work order on site
# (started_at) and lasts until the work order is closed or cancelled: a
# turbine left in service mode overnight or over a weekend (on_hold,
# awaiting_parts) must not get remote commands either (OPS-302,
# HSE-2026-004).
RELEASING_STATUSES = {"closed", "cancelled"}


def is_locking(wo):
    return (bool(wo.get("lockout_required")) and wo.get("started_at") is not None
            and wo["status"] not in RELEASING_STATUSES)
'''

TEST_WORKORDERS_CULPRIT = '''import pytest

from parkpilot import workorders

TURBINES = {"WTG-01", "WTG-02"}


def wo(status, lockout=True, asset="WTG-01", started="2026-01-26T08:05:00Z"):
    return {"number": "WO-26-00001", "asset_tag": asset, "status": status, "lockout_required": lockout,
            "started_at": started}


@pytest.mark.parametrize("status,locked", [
    ("in_progress", True),
    ("on_hold", True),
    ("awaiting_parts", True),
    ("closed", False),
    ("cancelled", False),
])
def test_lock_until_closed(status, locked):
    assert ("WTG-01" in workorders.locks_from([wo(status)], TURBINES)) is locked


def test_not_started_no_lock():
    assert workorders.locks_from([wo("open", started=None)], TURBINES) == {}


def test_without_lockout_no_lock():
    assert workorders.locks_from([wo("in_progress", lockout=False)], TURBINES) == {}


def test_other_sites_turbines_ignored():
    assert workorders.locks_from([wo("in_progress", asset="WTG-31")], TURBINES) == {}
'''


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    morag = Person("Morag Fraser", "morag.fraser@cairnmore-renewables.co.uk", 0)
    ewan = Person("Ewan Munro", "ewan.munro@cairnmore-renewables.co.uk", 0)
    priya = Person("Priya Nair", "priya.nair@cairnmore-renewables.co.uk", 0)
    callum = Person("Callum Reid", "callum.reid@cairnmore-renewables.co.uk", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "parkpilot/__init__.py": "",
        "parkpilot/main.py": MAIN,
        "parkpilot/settings.py": SETTINGS,
        "parkpilot/anm.py": ANM_PY,
        "parkpilot/dispatch.py": DISPATCH_V1,
        "parkpilot/workorders.py": WORKORDERS_V1,
        "parkpilot/fieldwise.py": FIELDWISE_V1,
        "parkpilot/scada.py": '"""Nordwerk SCADA server over OPC UA: turbine state, available power,\nactive power setpoint (ns=2;s=<park>.<turbine>.Grid.PSetpoint, kW)."""\n\nimport logging\n\nfrom asyncua import Client, ua\n\nlog = logging.getLogger(__name__)\n\n\nclass Turbine:\n    def __init__(self, client, park, tid):\n        self.id = tid\n        self.node = client.get_node(f"ns=2;s={park}.{tid}.Grid.PSetpoint")\n        self.available = True\n        self.running = False\n        self.available_kw = 0.0\n\n    async def write_setpoint(self, kw):\n        await self.node.write_value(ua.DataValue(ua.Variant(float(kw), ua.VariantType.Float)))\n\n\nasync def connect(site):\n    client = Client(site.scada_url, timeout=5)\n    await client.connect()\n    log.info("OPC UA session to %s established (%d turbines)", site.scada_url, len(site.turbines))\n    return [Turbine(client, site.code, tid) for tid in site.turbines]\n',
        "parkpilot/meter.py": '"""Connection-point (NVP) meter over Modbus TCP: export (MW), Q (Mvar), voltage."""\n\nimport logging\n\nfrom pymodbus.client import AsyncModbusTcpClient\n\nlog = logging.getLogger(__name__)\n\n\nclass Meter:\n    def __init__(self, site):\n        self.client = AsyncModbusTcpClient(site.meter_host, port=502, timeout=1)\n        self.last_export_mw = 0.0\n        self.last_q_mvar = 0.0\n\n    async def export_mw(self):\n        regs = await self.client.read_input_registers(3000, count=4, slave=1)\n        self.last_export_mw = self.client.convert_from_registers(regs.registers[:2], self.client.DATATYPE.FLOAT32)\n        self.last_q_mvar = self.client.convert_from_registers(regs.registers[2:], self.client.DATATYPE.FLOAT32)\n        return self.last_export_mw\n',
        "parkpilot/reactive.py": '"""Reactive power: fixed power factor at the NVP (NCN connection agreement)."""\n\nimport asyncio\nimport logging\nimport math\n\nlog = logging.getLogger(__name__)\n\n\nasync def loop(site, turbines, meter):\n    while True:\n        await asyncio.sleep(300)\n        p = meter.last_export_mw\n        q = -p * math.tan(math.acos(site.power_factor))\n        log.info("reactive power: PF %.2f importing, Q setpoint %.1f Mvar", site.power_factor, q)\n',
        "parkpilot/logfmt.py": 'import logging\nimport os\n\n\nclass SiteFormatter(logging.Formatter):\n    def format(self, record):\n        record.site = os.environ.get("PARKPILOT_SITE", "-")\n        return super().format(record)\n',
        "config/logging.ini": LOGGING_INI,
        "config/sites/gln.yaml": SITE_GLN,
        "config/sites/alt.yaml": SITE_ALT,
        "tests/__init__.py": "",
        "tests/test_workorders.py": TEST_WORKORDERS_V1,
        "tests/test_dispatch.py": "import asyncio\nfrom types import SimpleNamespace\n\nfrom parkpilot.dispatch import Controller\n\n\nclass T:\n    def __init__(self, tid):\n        self.id, self.available, self.written = tid, True, None\n\n    async def write_setpoint(self, kw):\n        self.written = kw\n\n\ndef test_split_leaves_locked_out():\n    site = SimpleNamespace(rated_mw=10.8, turbine_rated_kw=3600)\n    ts = [T('WTG-01'), T('WTG-02'), T('WTG-03')]\n    c = Controller(site, ts, None, {'WTG-03'})\n    asyncio.run(c.on_setpoint(4.0))\n    assert [t.written for t in ts] == [2000.0, 2000.0, None]\n",
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "deploy/inventory.ini": "[sites]\ngln-edge-01.gln.cairnmore.internal parkpilot_site=GLN\nalt-edge-01.alt.cairnmore.internal parkpilot_site=ALT\n",
        "deploy/site.yml": SITE_YML,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# parkpilot\n\nThe park controller of Cairnmore's wind farms: NCN's ANM setpoints over\nIEC 60870-5-104, per-turbine active power setpoints through the Nordwerk\nSCADA (OPC UA), the connection-point meter (Modbus TCP), reactive power,\nand maintenance locks from Fieldwise work orders.\n\nReleases: tag `vX.Y.Z`, then run the `deploy` workflow with the tag.\nRoll back by deploying the previous tag.\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.7.3\n\n- OPC UA reconnect after the SCADA server's nightly restart\n",
    }
    repo.commit(utc("2026-01-22 09:10:00"), morag, "parkpilot 2.7.3: ANM, dispatch, SCADA, meter, maintenance locks", files)
    crng = random.Random(72003)
    repo.schedule(chores(crng, SERVICE, [morag, priya], utc("2026-01-22 10:00:00"), utc("2026-01-23 16:00:00"), 2)
                  + chores(crng, SERVICE, [ewan, priya], utc("2026-01-26 09:00:00"), utc("2026-01-28 16:00:00"), 2))
    repo.commit(utc("2026-01-26 04:12:00"), bot, "chore(deps): update dependency pymodbus to v3.7.4", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pymodbus==3.7.3"', '"pymodbus==3.7.4"'),
    })
    repo.commit(utc("2026-01-26 13:40:00"), priya, "anm: log the common address with the IEC 104 server start (OPS-299)", {
        "parkpilot/anm.py": sub(repo.files["parkpilot/anm.py"], "    server.start()\n", "    server.start()\n    # NCN's ANM controller connects from site.anm_originator; others are refused by the firewall\n"),
    })
    culprit = repo.commit(CULPRIT_AT, morag, "workorders: lock a turbine from the start of its work order until it is closed (OPS-302)\n\nHSE-2026-004: on 23 January WTG-09 at Altnabreac was left in service\nmode overnight with its work order on_hold (pitch bearing, crew back in\nthe morning) and parkpilot sent it setpoints and a reset, because only\nin_progress locked. The rule is no remote command until the work is\nfinished: a lock now starts when the technician starts the work order\n(started_at) and lasts until the work order is closed or cancelled.", {
        "parkpilot/workorders.py": sub(repo.files["parkpilot/workorders.py"], WORKORDERS_CULPRIT_COMMENT_OLD, WORKORDERS_CULPRIT_COMMENT_NEW),
        "tests/test_workorders.py": TEST_WORKORDERS_CULPRIT,
    })
    rel280 = repo.commit(utc("2026-01-27 13:50:00"), ewan, "release 2.8.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.7.3"', 'version = "2.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.8.0\n\n- OPS-302 maintenance lock from the start of a work order until it is closed\n- OPS-299 IEC 104 logging\n- pymodbus 3.7.4\n",
    })
    repo.commit(utc("2026-01-28 11:15:00"), priya, "workorders: page size 100, log how long the sync took (OPS-305)\n\nGLN has 38 work orders updated in the last 30 days; one page instead of\nmostly one.", {
        "parkpilot/workorders.py": sub(repo.files["parkpilot/workorders.py"],
                                       "import asyncio\nimport logging\n",
                                       "import asyncio\nimport logging\nimport time\n",
                                       "    async def sync(self):\n        work_orders = await self.client.work_orders(site=self.site.fieldwise_site, updated_within_days=30)\n",
                                       "    async def sync(self):\n        started = time.monotonic()\n        work_orders = await self.client.work_orders(site=self.site.fieldwise_site, updated_within_days=30, page_size=100)\n",
                                       "        log.info(\"work-order sync: %d work orders, maintenance locks: %s\", len(work_orders), described)\n",
                                       "        log.info(\"work-order sync: %d work orders in %.2f s, maintenance locks: %s\", len(work_orders), time.monotonic() - started, described)\n"),
    })
    repo.commit(utc("2026-01-29 09:40:00"), ewan, "fieldwise: honour Retry-After on 429 (OPS-306)\n\nFieldwise rate-limits per tenant; nine sites syncing at the same minute\nget 429s around the hour.", {
        "parkpilot/fieldwise.py": sub(repo.files["parkpilot/fieldwise.py"],
                                      "import os\n\nimport httpx\n",
                                      "import asyncio\nimport logging\nimport os\n\nimport httpx\n\nlog = logging.getLogger(__name__)\n",
                                      "            resp.raise_for_status()\n",
                                      "            if resp.status_code == 429:\n                wait = float(resp.headers.get(\"Retry-After\", \"10\"))\n                log.warning(\"Fieldwise API answered 429, retrying in %.0f s (Retry-After)\", wait)\n                await asyncio.sleep(wait)\n                continue\n            resp.raise_for_status()\n"),
    })
    rel281 = repo.commit(utc("2026-01-29 10:05:00"), ewan, "release 2.8.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.8.0"', 'version = "2.8.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.8.1\n\n- OPS-306 Retry-After on Fieldwise 429s\n- OPS-305 work-order sync page size\n",
    })
    repo.commit(utc("2026-01-29 14:30:00"), callum, "runbook: ANM trip and export above the ANM setpoint", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## ANM trip / export above the ANM setpoint\n\nNCN's ANM opens CB1 (intertrip) if export stays more than 0.5 MW above\nthe ANM setpoint for 180 s, and NCN control only recloses when we\nconfirm we can follow the setpoint. Almost always one of:\n\n- the OPC UA session to the SCADA dropped and setpoints were not\n  written (`OPC UA session ... lost`, `setpoint write failed`);\n- turbines not following setpoints after a Nordwerk firmware update\n  (check the SCADA event journal for `External power limitation`);\n- after a parkpilot release, the dispatch loop: roll back to the\n  previous tag first, then ask NCN to reclose.\n\nStorm days: expect Tarbhaidh constraints down to a few MW when a GSP\ntransformer is out.\n",
    })
    repo.commit(utc("2026-01-29 16:10:00"), bot, "chore(deps): update dependency asyncua to v1.1.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"asyncua==1.1.5"', '"asyncua==1.1.6"'),
    })
    repo.commit(utc("2026-01-30 09:30:00"), priya, "dispatch: ramp setpoint decreases over 30 s (OPS-311)\n\nNordwerk service bulletin NW-SB-2025-17: steps of more than 50 % of\nrated power in the external setpoint load the drivetrain; ramp them.\nIncreases still step (the turbine ramps up by itself).", {
        "parkpilot/dispatch.py": sub(repo.files["parkpilot/dispatch.py"],
                                     "import asyncio\nimport logging\n\nlog = logging.getLogger(__name__)\n",
                                     "import asyncio\nimport logging\n\nlog = logging.getLogger(__name__)\n\nRAMP_S = 30.0  # NW-SB-2025-17\n",
                                     "        await self.write({tid: mw * 1000 for tid, mw in self.setpoints.items()})\n\n    async def write(",
                                     "        await self.ramp({tid: mw * 1000 for tid, mw in self.setpoints.items()})\n\n    async def ramp(self, target_kw):\n        \"\"\"Decreases go down linearly over RAMP_S in loop periods; the loop waits.\"\"\"\n        start = {t.id: t.available_kw for t in self.turbines if t.id in target_kw}\n        steps = max(1, int(RAMP_S / self.site.loop_period_s))\n        log.info(\"ramping setpoint decreases over %.0f s on %d turbines\", RAMP_S, len(target_kw))\n        self.ramping = True\n        for i in range(1, steps + 1):\n            await self.write({tid: max(target_kw[tid], start[tid] - (start[tid] - target_kw[tid]) * i / steps) for tid in target_kw})\n            await asyncio.sleep(self.site.loop_period_s)\n        self.ramping = False\n\n    async def write(",
                                     "            if self.constrained and self.setpoints:\n",
                                     "            if self.constrained and self.setpoints and not getattr(self, \"ramping\", False):\n"),
    })
    repo.commit(utc("2026-01-30 11:05:00"), ewan, "dispatch: warn on every cycle with export above the ANM setpoint (OPS-314)\n\nThe ROC wants to see in the log when the park is not following NCN,\nnot only when the correction has run out.", {
        "parkpilot/dispatch.py": sub(repo.files["parkpilot/dispatch.py"],
                                     "            if self.constrained and self.setpoints and not getattr(self, \"ramping\", False):\n                await self.cycle(await self.meter.export_mw())\n",
                                     "            if self.constrained and self.setpoints:\n                export = await self.meter.export_mw()\n                if export - self.setpoint_mw > self.site.deadband_mw:\n                    log.warning(\"export %.2f MW above ANM setpoint %.2f MW\", export, self.setpoint_mw)\n                if not getattr(self, \"ramping\", False):\n                    await self.cycle(export)\n"),
    })
    repo.commit(utc("2026-01-30 13:20:00"), priya, "gln: poll the NVP meter every 500 ms", {
        "config/sites/gln.yaml": sub(repo.files["config/sites/gln.yaml"], "meter_poll_s: 1.0\n", "meter_poll_s: 0.5\n"),
    })
    rel290 = repo.commit(utc("2026-01-30 15:25:00"), ewan, "release 2.9.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.8.1"', 'version = "2.9.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.9.0\n\n- OPS-311 setpoint decreases ramp over 30 s (NW-SB-2025-17)\n- OPS-314 warning on every cycle with export above the ANM setpoint\n- GLN meter poll 500 ms\n- asyncua 1.1.6\n",
    })
    fix = repo.commit(utc("2026-01-30 18:22:00"), morag, "workorders: a completed work order releases the lock (OPS-318)\n\nSince OPS-302 (2.8.0) a lock lasted until the planner closed the work\norder, but Fieldwise's completed means the technician has signed the\nturbine back into service; the planner closes work orders days later.\nCompleted work orders kept running turbines locked, and the dispatcher\nleaves locked turbines out of the ANM split: at Glenlaggan on 30\nJanuary WTG-03, WTG-11 and WTG-14 ran at full power under a 6 MW ANM\nsetpoint and the ANM tripped CB1 twice.", {
        "parkpilot/workorders.py": sub(repo.files["parkpilot/workorders.py"],
                                       "# A lock starts when the technician starts the work order on site\n# (started_at) and lasts until the work order is closed or cancelled: a\n",
                                       "# A lock starts when the technician starts the work order on site\n# (started_at) and lasts until the technician signs the turbine back into\n# service (completed) or the work order is closed or cancelled: a\n",
                                       'RELEASING_STATUSES = {"closed", "cancelled"}\n',
                                       'RELEASING_STATUSES = {"completed", "closed", "cancelled"}\n'),
        "tests/test_workorders.py": sub(repo.files["tests/test_workorders.py"],
                                        '    ("awaiting_parts", True),\n',
                                        '    ("awaiting_parts", True),\n    ("completed", False),\n'),
    })
    rel291 = repo.commit(utc("2026-01-30 18:35:00"), ewan, "release 2.9.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.9.0"', 'version = "2.9.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.9.1\n\n- OPS-318 a completed work order releases the maintenance lock\n",
    })
    return repo, {"culprit": culprit, "rel280": rel280, "rel281": rel281, "rel290": rel290, "fix": fix, "rel291": rel291}


# ---------------------------------------------------------------------------
# the physical story: wind, turbines, the controller, the ANM


def lerp(points, t):
    """points: [(datetime, value)], linear in between."""
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= t <= t1:
            f = (t - t0).total_seconds() / (t1 - t0).total_seconds()
            return v0 + f * (v1 - v0)
    return points[-1][1]


WIND = [(utc("2026-01-30 11:30:00"), 13.2), (utc("2026-01-30 13:00:00"), 14.8), (utc("2026-01-30 14:00:00"), 16.4),
        (utc("2026-01-30 15:30:00"), 18.6), (utc("2026-01-30 16:30:00"), 20.9), (utc("2026-01-30 17:30:00"), 21.8),
        (utc("2026-01-30 18:30:00"), 20.1), (utc("2026-01-30 19:30:00"), 18.2)]


def power_curve(ws):
    if ws < 3.0 or ws > 25.0:
        return 0.0
    if ws >= 11.8:
        return RATED_KW
    return RATED_KW * ((ws - 3.0) / 8.8) ** 3


def version_at(t):
    if t < REL_290:
        return "2.8.1"
    if t < ROLLBACK:
        return "2.9.0"
    if t < REL_291:
        return "2.8.1"
    return "2.9.1"


def lock_change_at():
    """The first periodic sync after Fiona closed the three work orders."""
    k = 0
    while SYNC_FIRST + dt.timedelta(seconds=300 * k) < WO_CLOSED + dt.timedelta(minutes=2):
        k += 1
    return SYNC_FIRST + dt.timedelta(seconds=300 * k)


def simulate(rng):
    """2-second steps from START to END. Returns per-step records and events."""
    step = dt.timedelta(seconds=2)
    n = int((END - START) / step)
    state = {tid: "run" for tid in TURBINES}
    state["WTG-06"] = "service"
    state["WTG-14"] = "service"
    p = {tid: (0.0 if state[tid] == "service" else 3300.0) for tid in TURBINES}
    turb = {tid: 0.0 for tid in TURBINES}  # slow AR(1) turbulence
    eff = {tid: rng.uniform(0.988, 1.0) for tid in TURBINES}  # each turbine's own rated output
    wait_until = {}
    locks = {"WTG-03", "WTG-06", "WTG-11", "WTG-14"}
    sp = {}            # turbine -> setpoint kW (dispatchable, constrained)
    anm = PARK_MW
    ramp = None        # (start_t, start_kw dict, target_kw dict)
    breaker = True
    over_since = None
    trips = []
    recs = []
    ev = {"splits": [], "corrections": [], "exhausted": [], "warnings": [], "trips": [], "sp_events": [], "starts": []}
    last_exhausted = None
    pending_setpoints = [(CONSTRAINT1[0], 40.0), (CONSTRAINT1[1], PARK_MW), (CONSTRAINT2_AT, 6.0), (CONSTRAINT2_END, PARK_MW)]
    recloses = [RECLOSE1, RECLOSE2]
    restarts = [REL_290, ROLLBACK, REL_291]
    t = START
    for _ in range(n):
        t = t + step
        ver = version_at(t)
        # WTG-14 back in service at noon (local HMI, service -> auto)
        if state["WTG-14"] == "service" and t >= WTG14_BACK:
            state["WTG-14"] = "starting"
            ev["starts"].append((t, "WTG-14", "local"))
        # locks change at the first sync after Fiona closes the work orders
        if t >= lock_change_at() and locks != {"WTG-06"}:
            locks = {"WTG-06"}
            ev["lockchange"] = t
            if anm < PARK_MW and breaker:
                pending_setpoints.insert(0, (t, anm))
        # service restarts re-read the ANM setpoint (the ANM repeats it after STARTDT)
        for r in list(restarts):
            if t >= r + dt.timedelta(seconds=12):
                restarts.remove(r)
                if anm < PARK_MW:
                    pending_setpoints.insert(0, (t, anm))
        new_sp = None
        while pending_setpoints and pending_setpoints[0][0] <= t:
            new_sp = pending_setpoints.pop(0)[1]
        # grid events
        if recloses and t >= recloses[0]:
            recloses.pop(0)
            breaker = True
            for tid in TURBINES:
                if state[tid] == "gridloss":
                    state[tid] = "waiting"
                    wait_until[tid] = t + dt.timedelta(seconds=300 + rng.randint(0, 25))
            ev.setdefault("recloses", []).append(t)
            if anm < PARK_MW:
                new_sp = anm
        if new_sp is not None:
            anm = new_sp
            dispatchable = [tid for tid in TURBINES if tid not in locks and state[tid] != "service"]
            if anm >= PARK_MW:
                sp = {}
                ramp = None
                ev["splits"].append((t, anm, None, dispatchable, sorted(locks)))
            else:
                each = min(anm / len(dispatchable), RATED_KW / 1000)
                target = {tid: each * 1000 for tid in dispatchable}
                ev["splits"].append((t, anm, each, dispatchable, sorted(locks)))
                if ver.startswith("2.9") and breaker:
                    ramp = (t, {tid: max(p[tid], 0.0) for tid in dispatchable}, target)
                else:
                    ramp = None
                sp = dict(target)
                over_since = None
        # ramp (2.9.0 only): setpoints go down linearly over 30 s
        eff_sp = dict(sp)
        if ramp is not None:
            frac = (t - ramp[0]).total_seconds() / 30.0
            if frac >= 1.0:
                ramp = None
            else:
                eff_sp = {tid: max(ramp[2][tid], ramp[1][tid] - (ramp[1][tid] - ramp[2][tid]) * frac) for tid in ramp[2]}
        # turbines
        ws_base = lerp(WIND, t)
        for tid in TURBINES:
            turb[tid] = 0.985 * turb[tid] + rng.gauss(0, 0.05)
            ws = ws_base * (1 + 0.09 * turb[tid]) + (0.6 if tid in ("WTG-01", "WTG-02", "WTG-05") else 0.0)
            avail = power_curve(ws) * eff[tid] * (1 - abs(rng.gauss(0, 0.01)))
            st = state[tid]
            if not breaker:
                if st not in ("service",):
                    if st != "gridloss":
                        state[tid] = "gridloss"
                    p[tid] = 0.0
                continue
            if st == "waiting":
                if t >= wait_until[tid]:
                    state[tid] = "starting"
                    ev["starts"].append((t, tid, "auto"))
                p[tid] = 0.0
                continue
            if st == "service":
                p[tid] = 0.0
                continue
            limit = eff_sp.get(tid, RATED_KW) if anm < PARK_MW else RATED_KW
            target = min(avail, limit)
            if st == "starting":
                p[tid] = min(target, p[tid] + 170.0)
                if p[tid] >= target - 1:
                    state[tid] = "run"
            else:
                p[tid] = p[tid] + 0.5 * (target - p[tid])
        export = sum(p.values()) * 0.985 / 1000 - (0.06 if not breaker else 0.0)
        if not breaker:
            export = -0.06
        # the loop (every 2 s while constrained, not during a ramp)
        if anm < PARK_MW and breaker and sp and ramp is None and new_sp is None:
            error = export - anm
            if ver.startswith("2.9") and error > 0.2:
                ev["warnings"].append((t, export, anm))
            if error > 0.2:
                if all(v <= 0 for v in sp.values()):
                    if last_exhausted is None or (t - last_exhausted).total_seconds() >= 30:
                        ev["exhausted"].append((t, len(sp), export, anm))
                        last_exhausted = t
                else:
                    stepkw = 0.5 * error * 1000 / len(sp)
                    sp = {tid: max(0.0, v - stepkw) for tid, v in sp.items()}
                    ev["corrections"].append((t, export, anm, max(sp.values()) / 1000))
            elif error < -0.8 and sp:
                each_cap = min(anm / len(sp), RATED_KW / 1000) * 1000
                if max(sp.values()) < each_cap - 1:
                    stepkw = 0.5 * (-error) * 1000 / len(sp)
                    sp = {tid: min(each_cap, v + stepkw) for tid, v in sp.items()}
                    ev["corrections"].append((t, export, anm, max(sp.values()) / 1000))
        elif ramp is not None and new_sp is None and ver.startswith("2.9") and export - anm > 0.2:
            ev["warnings"].append((t, export, anm))
        # the ANM: more than 0.5 MW above the setpoint for 180 s -> intertrip
        if anm < PARK_MW and breaker:
            if export > anm + 0.5:
                over_since = over_since or t
                if (t - over_since).total_seconds() >= 180:
                    breaker = False
                    over_since = None
                    ev["trips"].append((t, export, anm))
                    for tid in TURBINES:
                        if state[tid] != "service":
                            state[tid] = "gridloss"
                        p[tid] = 0.0
            else:
                over_since = None
        recs.append({"t": t, "p": dict(p), "export": export if breaker else -0.06, "anm": anm, "breaker": breaker,
                     "state": dict(state), "sp": dict(eff_sp) if anm < PARK_MW else {}, "target": dict(sp) if anm < PARK_MW else {},
                     "locks": set(locks), "ws": ws_base})
    return recs, ev


# ---------------------------------------------------------------------------
# logs


def build_logs(rng, shas):
    app = Log("parkpilot.log")
    events = Log("scada-events.log")
    tenmin = Log("scada-10min.log")
    ser = Log("incomer-relay-ser.log")
    syslog = Log("gln-edge-01-syslog.log")
    ncn = Log("ncn-anm-notifications.log")
    audit = Log("fieldwise-audit.log")
    deploy = Log("deploy.log")
    chat = Log("roc-ops.log")

    recs, ev = simulate(rng)
    by_t = {r["t"]: r for r in recs}

    def rec_at(t):
        k = START + dt.timedelta(seconds=2 * max(1, int((t - START).total_seconds() // 2)))
        return by_t.get(k) or recs[-1]

    def plog(t, level, logger, msg):
        t = t.astimezone(dt.timezone.utc)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{stamp} {level:<7} {logger} [{SITE}] {msg}")

    def sev(t, unit, code, cls, text):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 100000:d}"
        events.add(t, f"{stamp}|{SITE}|{unit}|{code}|{cls}|{text}")

    def sys(t, tag, pid, msg):
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        proc = f"{tag}[{pid}]" if pid is not None else tag
        syslog.add(t, f"{stamp} {HOST} {proc}: {msg}")

    def ms(t, lo=40, hi=900):
        return t + dt.timedelta(milliseconds=rng.randint(lo, hi))

    stats = {}

    # ---- parkpilot: starts (2.9.0, rollback to 2.8.1, 2.9.1)
    locks_desc_all = "WTG-03 (WO-26-00412 completed), WTG-06 (WO-26-00398 awaiting_parts), WTG-11 (WO-26-00419 completed), WTG-14 (WO-26-00425 completed)"
    locks_desc_before = "WTG-03 (WO-26-00412 completed), WTG-06 (WO-26-00398 awaiting_parts), WTG-11 (WO-26-00419 completed), WTG-14 (WO-26-00425 in_progress)"
    locks_desc_after = "WTG-06 (WO-26-00398 awaiting_parts)"
    pid = {"2.9.0": 48211, "2.8.1r": 49377, "2.9.1": 51802}
    for at, ver, sha, key in ((REL_290, "2.9.0", shas["rel290"], "2.9.0"), (ROLLBACK, "2.8.1", shas["rel281"], "2.8.1r"), (REL_291, "2.9.1", shas["rel291"], "2.9.1")):
        sys(at - dt.timedelta(seconds=2), "systemd", 1, "Stopping parkpilot.service - parkpilot park controller...")
        plog(at - dt.timedelta(seconds=2, milliseconds=-120), "INFO", "parkpilot", "SIGTERM: closing IEC 104 server and OPC UA session")
        sys(at - dt.timedelta(seconds=1), "systemd", 1, "parkpilot.service: Deactivated successfully.")
        sys(at - dt.timedelta(seconds=1, milliseconds=-200), "systemd", 1, "Stopped parkpilot.service - parkpilot park controller.")
        sys(at, "systemd", 1, "Started parkpilot.service - parkpilot park controller.")
        plog(ms(at, 900, 1400), "INFO", "parkpilot", f"parkpilot {ver} (git {sha[:7]}) starting for site {SITE}")
        plog(ms(at + dt.timedelta(seconds=2)), "INFO", "parkpilot.scada", "OPC UA session to opc.tcp://gln-scada-01.gln.cairnmore.internal:4840 established (16 turbines)")
        plog(ms(at + dt.timedelta(seconds=3)), "INFO", "parkpilot.meter", "NVP meter 10.20.30.11:502 unit 1, poll " + ("500 ms" if ver.startswith("2.9") else "1000 ms"))
        desc = locks_desc_all if at < WO_CLOSED else locks_desc_after
        plog(ms(at + dt.timedelta(seconds=5)), "INFO", "parkpilot.workorders", f"work-order sync: 38 work orders in {rng.uniform(0.6, 1.3):.2f} s, maintenance locks: {desc}")
        plog(ms(at + dt.timedelta(seconds=6)), "INFO", "parkpilot.anm", "IEC 104 server listening on 0.0.0.0:2404 (common address 47)")
        plog(ms(at + dt.timedelta(seconds=9)), "INFO", "parkpilot.anm", f"IEC 104: STARTDT act from {ANM_IP}:50412, confirmed")
    # the ANM repeats the current setpoint after STARTDT; the splits come from the simulation
    for (t, anm, each, dispatchable, locked) in ev["splits"]:
        src_t = t - dt.timedelta(milliseconds=rng.randint(150, 400))
        lockchange = ev.get("lockchange")
        restart_resend = any(abs((t - (r + dt.timedelta(seconds=12))).total_seconds()) <= 2 for r in (REL_290, ROLLBACK, REL_291))
        reclose_resend = any(abs((t - rc).total_seconds()) <= 2 for rc in ev.get("recloses", []))
        if lockchange is not None and abs((t - lockchange).total_seconds()) <= 2:
            plog(ms(t, 10, 60), "INFO", "parkpilot.dispatch", "maintenance locks changed while constrained: splitting the ANM setpoint again")
        elif reclose_resend:
            plog(src_t, "INFO", "parkpilot.meter", "NVP: 33 kV voltage restored (CB1 closed), export -0.06 MW")
            plog(ms(t, 10, 60), "INFO", "parkpilot.dispatch", "grid restored at the NVP: writing setpoints again")
        else:
            plog(src_t, "INFO", "parkpilot.anm", f"ANM setpoint {anm:.2f} MW received (IOA 4001, C_SE_NC_1, COT act)")
        if each is None:
            plog(ms(t, 50, 200), "INFO", "parkpilot.dispatch", f"ANM setpoint {anm:.2f} MW: unconstrained, setpoints released on {len(dispatchable)} turbines")
        else:
            plog(ms(t, 50, 200), "INFO", "parkpilot.dispatch",
                 f"setpoint {anm:.2f} MW split over {len(dispatchable)} dispatchable turbines ({each:.2f} MW each); not dispatched (maintenance lock): {', '.join(locked)}")
            if version_at(t).startswith("2.9") and rec_at(t)["breaker"]:
                plog(ms(t, 210, 260), "INFO", "parkpilot.dispatch", f"ramping setpoint decreases over 30 s on {len(dispatchable)} turbines")
    for (t, export, anm, now_mw) in ev["corrections"]:
        plog(ms(t, 5, 60), "INFO", "parkpilot.dispatch", f"closed-loop correction: export {export:.2f} MW, setpoint {anm:.2f} MW, dispatchable setpoints now {now_mw:.2f} MW")
    for (t, n, export, anm) in ev["exhausted"]:
        plog(ms(t, 5, 60), "WARNING", "parkpilot.dispatch",
             f"closed-loop correction exhausted: all {n} dispatchable turbines at 0 kW, export {export:.2f} MW above setpoint {anm:.2f} MW")
    for (t, export, anm) in ev["warnings"]:
        plog(ms(t, 1, 30), "WARNING", "parkpilot.dispatch", f"export {export:.2f} MW above ANM setpoint {anm:.2f} MW")
    for (t, export, anm) in ev["trips"]:
        plog(ms(t, 200, 600), "WARNING", "parkpilot.meter", "NVP: no voltage on the 33 kV busbar (CB1 open), export -0.06 MW")
        plog(ms(t + dt.timedelta(seconds=1)), "ERROR", "parkpilot.scada", "15 turbines report grid loss (event 2001), WTG-06 in service mode")
    stats["first_exhausted"] = ev["exhausted"][0][0] if ev["exhausted"] else None
    stats["trips"] = [x[0] for x in ev["trips"]]
    stats["recloses"] = ev.get("recloses", [])
    stats["lockchange"] = ev.get("lockchange")

    # status every 30 s
    t = START + dt.timedelta(seconds=rng.randint(3, 25))
    while t < END:
        r = rec_at(t)
        running = sum(1 for tid in TURBINES if r["state"][tid] in ("run", "starting") and r["breaker"])
        avail = 0.0
        for tid in TURBINES:
            if r["state"][tid] in ("run", "starting") and r["breaker"]:
                avail += min(RATED_KW, power_curve(r["ws"] * (1 + rng.uniform(-0.02, 0.02)))) * rng.uniform(0.985, 1.0)
        exp = r["export"]
        q = -exp * math.tan(math.acos(0.98)) if exp > 0 else 0.0
        constrained = "constrained" if r["anm"] < PARK_MW else "unconstrained"
        if not any(abs((t - x).total_seconds()) < 12 for x in (REL_290, ROLLBACK, REL_291)):
            plog(t, "INFO", "parkpilot.dispatch", f"status: export {exp:.2f} MW, Q {q:.1f} Mvar, available {avail / 1000:.2f} MW, ANM setpoint {r['anm']:.2f} MW ({constrained}), turbines running {running}/16")
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(-40, 40))

    # work-order sync every 5 min, reactive every 5 min, GI every 15 min
    t = SYNC_FIRST
    k = 0
    while t < END:
        if not any(0 <= (t - x).total_seconds() < 40 for x in (REL_290, ROLLBACK, REL_291)):
            if t < WTG14_BACK:
                desc = locks_desc_before
            elif t < lock_change_at():
                desc = locks_desc_all
            else:
                desc = locks_desc_after
            if rng.random() < 0.05:
                plog(ms(t - dt.timedelta(seconds=12)), "WARNING", "parkpilot.fieldwise", f"Fieldwise API answered 429, retrying in {rng.choice([8, 10, 12])} s (Retry-After)")
            plog(ms(t, 500, 1700), "INFO", "parkpilot.workorders", f"work-order sync: 38 work orders in {rng.uniform(0.5, 1.6):.2f} s, maintenance locks: {desc}")
        t2 = t + dt.timedelta(seconds=rng.randint(40, 80))
        r = rec_at(t2)
        if r["breaker"] and r["export"] > 0:
            plog(ms(t2), "INFO", "parkpilot.reactive", f"reactive power: PF 0.98 importing, Q setpoint {-r['export'] * math.tan(math.acos(0.98)):.1f} Mvar")
        if k % 3 == 0:
            plog(ms(t + dt.timedelta(seconds=rng.randint(100, 200))), "INFO", "parkpilot.anm", f"IEC 104: general interrogation (C_IC_NA_1) from {ANM_IP}, 6 points sent")
        if rng.random() < 0.06:
            plog(ms(t + dt.timedelta(seconds=rng.randint(5, 250))), "WARNING", "parkpilot.meter", "NVP meter: Modbus read timeout (unit 1, register 3000), retrying")
        k += 1
        t += dt.timedelta(seconds=300)
    # the SCADA server's nightly-restart reconnect is not in the window; an hourly session renewal is
    t = START + dt.timedelta(minutes=17, seconds=rng.randint(0, 59))
    while t < END:
        plog(ms(t), "INFO", "parkpilot.scada", "OPC UA secure channel renewed (token lifetime 3600 s)")
        t += dt.timedelta(hours=1)

    # ---- SCADA: events and 10-minute data
    prev_state = recs[0]["state"]
    prev_limited = {tid: False for tid in TURBINES}
    for r in recs:
        t = r["t"]
        for tid in TURBINES:
            a, b = prev_state[tid], r["state"][tid]
            if a != b:
                if b == "gridloss":
                    sev(ms(t, 100, 300), tid, 2001, "ALARM", "Grid loss: no voltage L1 L2 L3")
                    sev(ms(t, 400, 700), tid, 2003, "INFO", "Emergency pitch to feather, rotor stopping")
                elif a == "gridloss" and b == "waiting":
                    sev(ms(t, 100, 500), tid, 2002, "INFO", "Grid restored, restart in 300 s")
                elif b == "starting" and a == "service":
                    sev(t - dt.timedelta(seconds=25), tid, 1105, "INFO", "Operating mode service -> automatic (local HMI)")
                    sev(ms(t), tid, 1001, "INFO", "Turbine started")
                elif b == "starting":
                    sev(ms(t), tid, 1001, "INFO", "Turbine started")
            limited = tid in r["sp"]
            if limited != prev_limited[tid]:
                if limited:
                    sev(ms(t, 300, 900), tid, 3104, "STATUS", f"External power limitation active (setpoint {r['target'].get(tid, r['sp'][tid]):.0f} kW)")
                else:
                    sev(ms(t, 300, 900), tid, 3105, "STATUS", "External power limitation inactive")
                prev_limited[tid] = limited
        prev_state = r["state"]
    # routine events
    routine = [
        (1, 4301, "INFO", lambda: f"Yaw: cable twist {rng.uniform(1.0, 2.6):.1f} turns, untwist scheduled"),
        (3, 4120, "WARNING", lambda: f"Pitch blade {rng.choice('ABC')}: deviation {rng.uniform(0.6, 1.4):.1f} deg"),
        (3, 5210, "INFO", lambda: f"Gust {rng.uniform(26, 31):.1f} m/s, pitch reserve active"),
        (1, 6012, "WARNING", lambda: f"Gearbox oil temperature {rng.uniform(66, 71):.0f} C, cooler stage 2"),
        (1, 6301, "INFO", lambda: f"Converter cooling: fan stage {rng.choice([2, 3])}"),
        (1, 7002, "INFO", "Shadow flicker module: no sun, inactive".__str__),
    ]
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.1 / 60))
        if t >= END:
            break
        r = rec_at(t)
        tid = rng.choice(TURBINES)
        if r["state"][tid] not in ("run",) or not r["breaker"]:
            continue
        w, code, cls, fn = rng.choices(routine, weights=[x[0] for x in routine])[0]
        if code == 5210 and r["ws"] < 17:
            continue
        sev(t, tid, code, cls, fn())
    sev(utc("2026-01-30 12:00:03"), "SCADA", 9001, "INFO", "Daily report GLN 2026-01-29 generated (16 units)")
    sev(utc("2026-01-30 14:35:11"), "WTG-06", 9120, "INFO", "Service mode: local HMI login by nordwerk-remote (read only)")
    # 10-minute records
    t = START + dt.timedelta(minutes=10)
    while t <= END:
        window = [r for r in recs if t - dt.timedelta(minutes=10) < r["t"] <= t]
        for tid in TURBINES:
            pm = sum(r["p"][tid] for r in window) / len(window)
            sp_vals = [r["sp"].get(tid) for r in window if r["sp"]]
            last = window[-1]
            pset = "-"
            if last["sp"] and tid in last["sp"] and last["state"][tid] not in ("service",):
                pset = f"{last['sp'][tid]:.0f}"
            ws = window[-1]["ws"] * (1 + rng.uniform(-0.06, 0.06))
            st = last["state"][tid]
            label = {"run": "Run", "starting": "Run", "service": "Service", "gridloss": "GridFault", "waiting": "GridFault"}[st]
            if label == "Run" and pset != "-":
                label = "Run/Limited"
            tenmin.add(t + dt.timedelta(seconds=rng.randint(4, 9)),
                       f"{t.strftime('%Y-%m-%d %H:%M:%S')};{tid};ws={ws:.1f};wsmax={ws * rng.uniform(1.25, 1.45):.1f};P={pm:.0f};Pset={pset};Q={-round(pm * 0.2) or 0};state={label};avail={1 if label != 'Service' else 0}")
            _ = sp_vals
        t += dt.timedelta(minutes=10)

    # ---- incomer relay SER
    def serl(t, text):
        ser.add(t, f"{t.strftime('%d/%m/%Y')},{t.strftime('%H:%M:%S.')}{t.microsecond // 1000:03d},{text}")

    serl(utc("2026-01-30 11:30:00") + dt.timedelta(milliseconds=4), "Relay Enabled, Group 1 Active (daily)")
    for t in stats["trips"]:
        serl(t + dt.timedelta(milliseconds=212), "IN103 Asserted ANM INTERTRIP RX")
        serl(t + dt.timedelta(milliseconds=229), "TRIP Asserted")
        serl(t + dt.timedelta(milliseconds=281), "52A Deasserted CB1 OPEN")
        serl(t + dt.timedelta(milliseconds=1304), "IN103 Deasserted ANM INTERTRIP RX")
        serl(t + dt.timedelta(milliseconds=1318), "TRIP Deasserted")
        serl(t + dt.timedelta(seconds=2, milliseconds=35), "27P1 Asserted BUS UNDERVOLTAGE")
        serl(t + dt.timedelta(seconds=2, milliseconds=40), "ALARM Asserted AUX SUPPLY ON UPS")
    for t in stats["recloses"]:
        serl(t - dt.timedelta(milliseconds=40), "IN104 Asserted NCN REMOTE CLOSE")
        serl(t + dt.timedelta(milliseconds=63), "52A Asserted CB1 CLOSED")
        serl(t + dt.timedelta(milliseconds=180), "27P1 Deasserted BUS UNDERVOLTAGE")
        serl(t + dt.timedelta(seconds=1, milliseconds=12), "IN104 Deasserted NCN REMOTE CLOSE")
        serl(t + dt.timedelta(seconds=4, milliseconds=500), "ALARM Deasserted AUX SUPPLY ON UPS")
    serl(utc("2026-01-30 13:02:41"), "IN105 Asserted SUBSTATION DOOR OPEN")
    serl(utc("2026-01-30 13:09:12"), "IN105 Deasserted SUBSTATION DOOR OPEN")

    # ---- edge PC syslog
    t = START + dt.timedelta(seconds=rng.randint(1, 50))
    cron_pid = 30112
    while t < END:
        sys(t.replace(second=1, microsecond=0), "CRON", cron_pid, "(parkpilot) CMD (/opt/parkpilot/bin/trend-export --last 5m --to sftp://historian.cairnmore.internal)")
        cron_pid += rng.randint(3, 40)
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(minutes=rng.randint(5, 30))
    while t < END:
        sys(t, "chronyd", 611, f"Selected source 10.20.0.1 (ntp1.gln.cairnmore.internal), offset {rng.uniform(-0.0009, 0.0009):+.6f} seconds")
        t += dt.timedelta(minutes=rng.randint(34, 71))
    for t in stats["trips"]:
        sys(t + dt.timedelta(seconds=2, milliseconds=300), "upsmon", 804, "UPS gln-ups@localhost on battery")
    for t in stats["recloses"]:
        sys(t + dt.timedelta(seconds=4, milliseconds=700), "upsmon", 804, "UPS gln-ups@localhost on line power")
    for at in (REL_290, ROLLBACK, REL_291):
        sys(at - dt.timedelta(seconds=41), "sshd", rng.randint(60000, 65000), "Accepted publickey for deploy from 10.8.0.14 port 5" + str(rng.randint(1000, 9999)) + " ssh2: ED25519 SHA256:Jv0qkQ3bV9r3mTz9Wc0o1n2Lr7PqXy1uT8sDe4fGh6A")
        sys(at - dt.timedelta(seconds=40), "sudo", None, "   deploy : PWD=/home/deploy ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(32)) + " ; /usr/bin/python3")
        sys(at - dt.timedelta(seconds=38), "systemd-logind", 702, "New session " + str(rng.randint(300, 900)) + " of user deploy.")
    sys(utc("2026-01-30 12:44:19"), "kernel", None, "[1987112.441203] usb 1-4: USB disconnect, device number 7")
    sys(utc("2026-01-30 13:04:02"), "sshd", 61233, "Accepted publickey for ruaridh from 10.20.1.50 port 52114 ssh2: ED25519 SHA256:aQ8nT0mW2vX6yZ4bC1dE3fG5hJ7kL9pR0sT2uV4wX6Y")

    # ---- NCN ANM notifications
    def note(t, kind, text, **extra):
        body = {"sent": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "from": "NCN ANM", "scheme": "TBH-2", "site": "Glenlaggan", "type": kind}
        body.update(extra)
        body["message"] = text
        ncn.add(t, json.dumps(body))

    note(CONSTRAINT1[0] + dt.timedelta(seconds=21), "CONSTRAINT_START", "ANM constraint at Tarbhaidh GSP: 132/33 kV transformers at their thermal limit (high wind export). Glenlaggan setpoint 40.0 MW.", setpoint_mw=40.0)
    note(CONSTRAINT1[1] + dt.timedelta(seconds=19), "CONSTRAINT_END", "ANM constraint at Tarbhaidh GSP ended. Glenlaggan unconstrained.", setpoint_mw=57.6)
    note(CONSTRAINT2_AT + dt.timedelta(seconds=24), "CONSTRAINT_START", "ANM constraint at Tarbhaidh GSP: T2 tripped (storm), single transformer. Glenlaggan setpoint 6.0 MW until further notice.", setpoint_mw=6.0)
    for k, (t, export, anm) in enumerate(ev["trips"]):
        note(t + dt.timedelta(seconds=31), "ANM_TRIP", f"Glenlaggan tripped by ANM (intertrip to CB1): export {export:.1f} MW above setpoint {anm:.1f} MW for 180 s. NCN Control will reclose on the generator's confirmation that it can follow the setpoint.", export_mw=round(export, 1), setpoint_mw=anm)
    for t in stats["recloses"]:
        note(t + dt.timedelta(seconds=40), "RECLOSE", "Glenlaggan CB1 reclosed by NCN Control. Setpoint 6.0 MW applies.", setpoint_mw=6.0)
    note(CONSTRAINT2_END + dt.timedelta(seconds=22), "CONSTRAINT_END", "ANM constraint at Tarbhaidh GSP ended, T2 back in service. Glenlaggan unconstrained.", setpoint_mw=57.6)
    note(utc("2026-01-30 19:12:40"), "NOTICE", "Non-compliance report NC-TBH-2026-007 opened for Glenlaggan (two ANM trips on 30/01). Please send the generator's incident report within 5 working days.")

    # ---- Fieldwise audit export (the week's work orders at GLN)
    def aud(t, actor, event, wo, asset, **extra):
        body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "tenant": "cairnmore", "site": "GLN", "actor": actor, "event": event, "work_order": wo, "asset": asset}
        body.update(extra)
        audit.add(t, json.dumps(body))

    aud(utc("2026-01-26 08:02:11"), "lewis.grant", "work_order.status_changed", "WO-26-00398", "WTG-06", status_from="scheduled", status_to="in_progress", lockout_required=True, title="Pitch motor blade B: replace")
    aud(utc("2026-01-27 14:00:37"), "lewis.grant", "work_order.status_changed", "WO-26-00398", "WTG-06", status_from="in_progress", status_to="awaiting_parts", note="Motor from Nordwerk Rheine, ETA Monday. Turbine left in service mode, hub locked.")
    aud(utc("2026-01-27 16:12:09"), "fiona.macleod", "work_order.created", "WO-26-00419", "WTG-11", status_to="scheduled", lockout_required=True, title="Blade inspection (rope access), leading edge erosion")
    aud(utc("2026-01-28 08:10:44"), "lewis.grant", "work_order.status_changed", "WO-26-00412", "WTG-03", status_from="scheduled", status_to="in_progress", lockout_required=True, title="Gearbox oil sample and filter change")
    aud(utc("2026-01-28 15:20:41"), "lewis.grant", "work_order.status_changed", "WO-26-00412", "WTG-03", status_from="in_progress", status_to="completed", returned_to_service=True, note="Filter changed, sample sent. Back in auto 15:18.")
    aud(utc("2026-01-28 16:40:02"), "fiona.macleod", "work_order.created", "WO-26-00425", "WTG-14", status_to="scheduled", lockout_required=True, title="Converter cooling fan 2: replace")
    aud(utc("2026-01-29 08:31:15"), "ross.mackay", "work_order.status_changed", "WO-26-00419", "WTG-11", status_from="scheduled", status_to="in_progress")
    aud(utc("2026-01-29 16:05:52"), "ross.mackay", "work_order.status_changed", "WO-26-00419", "WTG-11", status_from="in_progress", status_to="completed", returned_to_service=True, note="All three blades inspected, photos attached. Turbine back in auto.")
    aud(utc("2026-01-30 08:40:30"), "lewis.grant", "work_order.status_changed", "WO-26-00425", "WTG-14", status_from="scheduled", status_to="in_progress")
    aud(WTG14_BACK + dt.timedelta(seconds=31), "lewis.grant", "work_order.status_changed", "WO-26-00425", "WTG-14", status_from="in_progress", status_to="completed", returned_to_service=True, note="Fan replaced, converter test run OK. Back in auto 12:09. Crew off site (wind).")
    aud(utc("2026-01-30 09:15:03"), "fiona.macleod", "work_order.created", "WO-26-00431", "WTG-09", status_to="scheduled", lockout_required=False, title="Aviation light: replace lamp (tower base)")
    aud(utc("2026-01-30 13:48:20"), "fiona.macleod", "work_order.commented", "WO-26-00398", "WTG-06", note="Nordwerk confirms motor shipped, delivery Monday 02/02.")
    for k, (wo, asset) in enumerate((("WO-26-00412", "WTG-03"), ("WO-26-00419", "WTG-11"), ("WO-26-00425", "WTG-14"))):
        aud(WO_CLOSED + dt.timedelta(seconds=20 + 45 * k), "fiona.macleod", "work_order.status_changed", wo, asset, status_from="completed", status_to="closed", note="Reviewed, closed early (GLN ANM trip).")

    # ---- deploy logs (GitHub Actions, self-hosted runner on the ROC VPN)
    def gha(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    runs = ((REL_280, "v2.8.0", shas["rel280"], "ewan-munro", 7120331841),
            (REL_281, "v2.8.1", shas["rel281"], "ewan-munro", 7150442170),
            (REL_290, "v2.9.0", shas["rel290"], "ewan-munro", 7168819035),
            (ROLLBACK, "v2.8.1", shas["rel281"], "ewan-munro", 7169370112),
            (REL_291, "v2.9.1", shas["rel291"], "ewan-munro", 7170511904))
    for at, tag, sha, who, run_id in runs:
        b = at - dt.timedelta(seconds=52)
        gha(b, f"Requested labels: self-hosted, roc-vpn")
        gha(b + dt.timedelta(milliseconds=310), f"Job defined at: cairnmore/parkpilot/.github/workflows/deploy.yml@refs/tags/{tag}")
        gha(b + dt.timedelta(milliseconds=620), f"Waiting for a runner to pick up this job... (run {run_id}, triggered by {who}, inputs ref={tag} sites=all)")
        gha(b + dt.timedelta(seconds=2), "Runner name: 'roc-runner-02'")
        gha(b + dt.timedelta(seconds=4), "##[group]Run actions/checkout@v4")
        gha(b + dt.timedelta(seconds=6), f"HEAD is now at {sha[:7]} release {tag[1:]}")
        gha(b + dt.timedelta(seconds=6, milliseconds=400), "##[endgroup]")
        gha(b + dt.timedelta(seconds=7), f"##[group]Run ansible-playbook -i deploy/inventory.ini deploy/site.yml -e ref={tag} -l all")
        gha(b + dt.timedelta(seconds=9), "PLAY [all] *********************************************************************")
        gha(b + dt.timedelta(seconds=11), "TASK [parkpilot wheel] *********************************************************")
        gha(b + dt.timedelta(seconds=44), "changed: [gln-edge-01.gln.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=45), "TASK [site config] *************************************************************")
        gha(b + dt.timedelta(seconds=47), "ok: [gln-edge-01.gln.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=48), "TASK [restart parkpilot] *******************************************************")
        gha(b + dt.timedelta(seconds=51), "changed: [gln-edge-01.gln.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=98), "changed: [alt-edge-01.alt.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=99), "PLAY RECAP *********************************************************************")
        gha(b + dt.timedelta(seconds=99, milliseconds=100), "gln-edge-01.gln.cairnmore.internal : ok=3    changed=2    unreachable=0    failed=0")
        gha(b + dt.timedelta(seconds=99, milliseconds=200), "alt-edge-01.alt.cairnmore.internal : ok=3    changed=2    unreachable=0    failed=0")
        gha(b + dt.timedelta(seconds=100), "##[endgroup]")
        gha(b + dt.timedelta(seconds=101), "Cleaning up orphan processes")

    # ---- #roc-ops (Teams export)
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "roc-ops", "from": who, "body": text}))

    trip1, trip2 = stats["trips"][0], stats["trips"][1]
    say(utc("2026-01-30 11:41:00"), "Callum Reid", "Afternoon all. Storm Ingrid arrives from 16:00, gusts near 30 m/s. NCN have warned of ANM constraints at Tarbhaidh tonight.")
    say(WTG14_BACK + dt.timedelta(minutes=3), "Fiona MacLeod", "GLN: WTG-14 converter fan done, Lewis has put it back in auto. Crew off site at 12:30 because of the wind. WTG-06 still waiting for the pitch motor (Monday).")
    say(CONSTRAINT1[0] + dt.timedelta(minutes=1), "Callum Reid", "ANM constraint at Glenlaggan, 40 MW. Following.")
    say(CONSTRAINT1[1] + dt.timedelta(minutes=1), "Callum Reid", "GLN constraint off.")
    say(REL_290 - dt.timedelta(minutes=18), "Ewan Munro", "Deploying parkpilot 2.9.0 to all sites: setpoint decreases ramp over 30 s (OPS-311, Nordwerk bulletin NW-SB-2025-17), a warning whenever export is above the ANM setpoint (OPS-314), asyncua 1.1.6. Wanted it out before the weekend with the storm coming.")
    say(REL_290 + dt.timedelta(minutes=2), "Ewan Munro", "2.9.0 live on gln-edge-01 and alt-edge-01.")
    say(CONSTRAINT2_AT + dt.timedelta(seconds=50), "Callum Reid", "ANM at Glenlaggan down to 6 MW, NCN says T2 at Tarbhaidh tripped in the storm.")
    say(CONSTRAINT2_AT + dt.timedelta(minutes=2), "Callum Reid", "Export not coming below 11 MW? parkpilot warning 'export above ANM setpoint' every 2 s.")
    say(trip1 + dt.timedelta(seconds=40), "Callum Reid", "CB1 open! ANM tripped Glenlaggan. All 16 turbines grid loss.")
    say(trip1 + dt.timedelta(minutes=3), "Callum Reid", "NCN Control on the phone: export stayed near 11 MW against 6 MW for 3 min. They won't reclose until we confirm we can follow the setpoint.")
    say(trip1 + dt.timedelta(minutes=6), "Ewan Munro", "The ramp went out 45 minutes ago and this is the first big step since. Runbook says roll back after a release. Rolling back to 2.8.1.")
    say(ROLLBACK + dt.timedelta(minutes=1), "Ewan Munro", "2.8.1 running on gln-edge-01 (setpoints step again, no ramp).")
    say(ROLLBACK + dt.timedelta(minutes=9), "Callum Reid", "Asked NCN to reclose; told them we rolled back a change to the setpoint handling.")
    say(stats["recloses"][0] + dt.timedelta(minutes=1), "Callum Reid", "CB1 closed 17:08. Turbines in their 5 min restart delay.")
    say(trip2 - dt.timedelta(minutes=1, seconds=30), "Callum Reid", "Export 10.6 MW again, setpoint 6. parkpilot says correction exhausted, all dispatchable turbines at 0 kW??")
    say(trip2 + dt.timedelta(seconds=35), "Callum Reid", "Tripped again.")
    say(trip2 + dt.timedelta(minutes=2), "Ewan Munro", "So it isn't the ramp. 2.8.1 steps and still can't get below 10 MW.")
    say(trip2 + dt.timedelta(minutes=5), "Priya Nair", "SCADA journal: 'External power limitation active' at 16:21 for 12 turbines, none for WTG-03, WTG-11, WTG-14, and their 10-min records have Pset '-', no external setpoint at all. Trend at 17:16: those three at 3.6 MW each, every other turbine 0 kW. Three turbines at full power is about 10.6 MW at the NVP.")
    say(trip2 + dt.timedelta(minutes=7), "Priya Nair", "parkpilot on every split: 'not dispatched (maintenance lock): WTG-03, WTG-06, WTG-11, WTG-14'. It never sent those three a setpoint, it thinks they're stopped for maintenance.")
    say(trip2 + dt.timedelta(minutes=10), "Fiona MacLeod", "WO-26-00412 (WTG-03) was completed Wednesday, 00419 (WTG-11) yesterday and 00425 (WTG-14) today at noon, all returned to service. I review and close completed WOs on Monday mornings. Only WTG-06 is really under lockout.")
    say(trip2 + dt.timedelta(minutes=13), "Morag Fraser", "That's my OPS-302 on Tuesday: the lock lasts until the WO is closed or cancelled, so on_hold and awaiting_parts keep it. Fieldwise's completed isn't in the list. Since 2.8.0 a completed WO keeps the turbine locked until Fiona closes it.")
    say(trip2 + dt.timedelta(minutes=16), "Ewan Munro", "And locked turbines are left out of the split and never curtailed. The 14:12 constraint (40 MW) only held because the loop could push the other 12 down to 2.4 MW. At 6 MW there's nothing left to push.")
    say(WO_CLOSED - dt.timedelta(minutes=1), "Fiona MacLeod", "Closing the three now (checklists signed, nothing outstanding).")
    say(stats["lockchange"] + dt.timedelta(minutes=1), "Priya Nair", f"Sync at {stats['lockchange'].strftime('%H:%M')} shows only WTG-06 locked. Next split will be 6.0 MW over 15 turbines.")
    say(stats["recloses"][1] - dt.timedelta(minutes=6), "Callum Reid", "Explained to NCN Control; they reclose at 17:58.")
    say(stats["recloses"][1] + dt.timedelta(minutes=7), "Callum Reid", "Back on. Export 5.9 MW against 6.0, all 15 following.")
    say(utc("2026-01-30 18:23:00"), "Morag Fraser", "OPS-318: completed releases the lock too, with the test case I left out. PR up.")
    say(CONSTRAINT2_END + dt.timedelta(minutes=1), "Callum Reid", "NCN released the constraint, T2 back at Tarbhaidh.")
    say(REL_291 - dt.timedelta(minutes=3), "Ewan Munro", "Deploying 2.9.1 (2.9.0 + OPS-318) to all sites.")
    say(REL_291 + dt.timedelta(minutes=2), "Ewan Munro", "2.9.1 live. Altnabreac had no completed WOs, nothing changes there.")
    say(utc("2026-01-30 19:14:00"), "Callum Reid", "NCN opened non-compliance report NC-TBH-2026-007. Incident report to follow Monday.")

    return [app, events, tenmin, ser, syslog, ncn, audit, deploy, chat], stats, recs


def build(out_dir):
    rng = random.Random(72100)
    repo, shas = build_repo()
    try:
        logs, stats, recs = build_logs(rng, shas)
        onset = stats["first_exhausted"].replace(microsecond=0)
        assert len(stats["trips"]) == 2, stats["trips"]
        assert CONSTRAINT2_AT < onset < stats["trips"][0] < ROLLBACK, (onset, stats["trips"])
        assert RECLOSE1 < stats["trips"][1] < WO_CLOSED, stats["trips"]
        hours = (onset - CULPRIT_AT).total_seconds() / 3600

        def series_at(fn):
            def f(t):
                k = START + dt.timedelta(seconds=2 * max(1, int((t - START).total_seconds() // 2)))
                for r in recs_by.get(k, []):
                    return fn(r)
                return None
            return f

        recs_by = {}
        for r in recs:
            recs_by.setdefault(r["t"], []).append(r)
        export_series = [({"site": SITE, "quantity": "export_mw", "source": "nvp-meter"}, series_at(lambda r: round(r["export"], 2))),
                         ({"site": SITE, "quantity": "anm_setpoint_mw", "source": "iec104"}, series_at(lambda r: r["anm"]))]
        turbine_series = [({"site": SITE, "turbine": tid}, series_at(lambda r, tid=tid: round(r["p"][tid]))) for tid in TURBINES]
        metrics = {"glenlaggan_export_mw.json": query_range(export_series, START, END, 30),
                   "turbine_active_power_kw.json": query_range(turbine_series, START, END, 120)}
        t1, t2 = stats["trips"]
        return write_scenario(
            out_dir, name="r72-completed-workorder-keeps-lock", service=SERVICE, onset=onset,
            description=f"""
Glenlaggan Wind Farm (Cairnmore Renewables, 16 x 3.6 MW) cannot follow
North Caledonia Networks' ANM setpoint on Friday 30 January in Storm
Ingrid: at 16:21:34 UTC the ANM cuts the site to 6.0 MW after a GSP
transformer trips, and from {onset.strftime('%H:%M:%S')} parkpilot's closed-loop correction has
nothing left to reduce while export stays near 10.6 MW; the ANM trips the
site's 33 kV breaker at {t1.strftime('%H:%M:%S')} and again at {t2.strftime('%H:%M:%S')} after NCN recloses it.
parkpilot 2.9.0 (setpoint ramp, a new warning) had been deployed at 15:40
and was rolled back to 2.8.1 at 16:52 without effect. Three work orders
were closed in Fieldwise at 17:41-17:43; NCN reclosed at 17:58 and export
followed; 2.9.1 went out at 18:50.
""",
            logs=logs,
            line_formats={"parkpilot.log": r'<Date> <Time> <Level>\s+<Logger> \[<Site>\] <Content>',
                          "scada-events.log": r'<Time>\|<Park>\|<Unit>\|<Code>\|<Class>\|<Content>',
                          "scada-10min.log": r'<Time>;<Unit>;<Content>',
                          "incomer-relay-ser.log": r'<Date>,<Time>,<Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'not dispatched \(maintenance lock\)', r'maintenance locks:'],
            fix_files=["parkpilot/workorders.py", "tests/test_workorders.py"],
            explanation=f"""
The culprit is OPS-302 "workorders: lock a turbine from the start of its
work order until it is closed" ({shas['culprit'][:7]}, Tuesday 27 January 10:20
UTC, {hours:.1f} h before the onset), shipped in 2.8.0 that afternoon (the
deploy names the release commit). It replaced the allow-list
{{in_progress}} with "started and not closed or cancelled", but Fieldwise's
completed (the technician has signed the turbine back into service; the
planner closes work orders on Mondays) is neither, so WTG-03, WTG-11 and
WTG-14, completed on Wednesday, Thursday and Friday noon, stayed under a
maintenance lock while running at full power ("work-order sync ...
maintenance locks: WTG-03 (WO-26-00412 completed) ..."). The dispatcher
leaves locked turbines out of the ANM split and sends them no setpoint
("not dispatched (maintenance lock): WTG-03, WTG-06, WTG-11, WTG-14").
Under the 40 MW constraint at 14:12 the loop could still push the other
twelve down; under the 6.0 MW setpoint at 16:21 it drove them to 0 kW and
export stayed near 10.6 MW from the three locked turbines, so the ANM
tripped CB1 at {t1.strftime('%H:%M:%S')} and, after the reclose, at {t2.strftime('%H:%M:%S')}. Closing the three work
orders released the locks and export followed 6.0 MW; the fix (OPS-318,
2.9.1) lets completed release the lock, with the missing test case.
Decoys: 2.9.0, deployed {round((onset - REL_290).total_seconds() / 60)} minutes before the onset (OPS-311, setpoint
decreases ramped over 30 s in the very dispatch path; OPS-314, which adds
the very "export ... above ANM setpoint" warning that fills the log; a
500 ms meter poll; an asyncua bump), rolled back to 2.8.1, which holds
the culprit, without effect (second trip); Thursday's runbook commit
that reads an ANM trip as OPC UA writes failing or the dispatch loop and
says to roll back first; OPS-305 in the culprit's file (page size, sync
duration); OPS-306 (Fieldwise 429s); the pymodbus bump; the storm itself
and the GSP transformer trip that set the 6 MW limit.
""",
        )
    finally:
        repo.close()
