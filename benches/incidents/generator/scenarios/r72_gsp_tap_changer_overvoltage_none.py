"""parkpilot (Python 3.12, asyncio; asyncua for the turbines' SCADA, c104
for IEC 60870-5-104, pymodbus for the connection-point meter, httpx for
the Fieldwise work-order app; a systemd service on the edge PC in each
wind farm's substation, released by a GitHub Actions workflow running
Ansible; team in Inverness and Glasgow) of Cairnmore Renewables, which
operates nine onshore wind farms in the Scottish Highlands. At each site
parkpilot is the park controller: it follows the ANM setpoints of North
Caledonia Networks (NCN, the distribution network operator) over IEC 104,
writes the turbines' power setpoints through the Nordwerk SCADA (OPC UA),
controls reactive power at the connection point (NVP) and keeps
maintenance locks from Fieldwise work orders. The ROC works in UTC.

Carn Dubh Wind Farm: 12 Nordwerk N117 (3.45 MW, 41.4 MW), three 33 kV
collector strings, connected by 12 km of 33 kV overhead line to NCN's
Strathbran grid supply point (two 132/33 kV transformers, GT1 and GT2, in
parallel, their tap changers driven by an AVC relay that holds the 33 kV
busbar at 1.02 pu). Export raises the voltage along the line: about
+2.5 % at full output with the reactive power the farm absorbs. Each
turbine trips on "Grid overvoltage U> (1.10 Un, 60 s)" at its terminals
and restarts after 600 s if the voltage is under 108 %.

Tuesday 7 April 2026 (Easter week, light load, a sunny windy day): at
09:52 UTC the motor drive MCB of GT2's tap changer at Strathbran trips
after a tap change; the AVC blocks GT1 on tap difference, and both stay
on the boost tap they had for the morning load. As the load falls and the
embedded solar rises, the 33 kV busbar climbs from 1.02 to 1.07 pu by
noon; nobody at NCN sees it (the AVC alarm goes to a shared "GSP general"
alarm that was already standing). At Carn Dubh the NVP voltage climbs
from 1.045 to 1.08 pu at full output (the incomer relay's 1.08 pu alarm
stage picks up from 11:19); from 11:20 the turbines at the far ends of
the strings trip on overvoltage one after another, restart ten minutes
later (or are restart-blocked above 108 %) and trip again; output falls
from 40 to about 23 MW while the voltage keeps rising.

At 10:52 Ewan had deployed 3.2.0: OPS-351, Q(U) instead of a fixed power
factor, enabled for Carn Dubh that morning (NCN had accepted it), which
changes the reactive power at the NVP (the very voltage area); OPS-354,
which logs every turbine trip with its SCADA text (the very "tripped: Grid
overvoltage" warning); OPS-352, an auto work order after 3 trips in 60
min; a pymodbus bump. The runbook (Monday) reads repeated trips as a
turbine fault or a parkpilot change to reactive power and says to roll
back. Ewan rolls back to 3.1.4 (fixed PF 0.95) at 11:58: more trips, not
fewer (at part load PF 0.95 absorbs less than Q(U)). Priya sees the NVP at
1.084 pu with 23 MW where it was 1.045 pu with 40 MW at 09:00: the
voltage comes from upstream. Shona calls NCN; NCN's control engineer finds the
AVC fault, posts it at 12:31 and sets Carn Dubh's ANM setpoint to 20 MW to
limit the rise; the trips stop and the tripped turbines restart at
reduced power. An NCN engineer resets the MCB at 13:06,
the AVC taps down three steps and the NVP falls to 1.04 pu; the turbines
restart, the constraint ends at 13:20, 3.2.0 is deployed again at 13:45,
and Fiona closes the auto work orders as no fault found. Nothing in
parkpilot is changed.

Sources: parkpilot (Python logging, line format), Nordwerk SCADA event
journal and 10-minute data (line formats), the NVP power-quality meter
(1-minute records and alarms), the 33 kV incomer relay's SER (line
format), the edge PC's syslog (RFC 3164), NCN notifications (JSON lines),
the Fieldwise audit export (JSON lines), GitHub Actions deploy logs,
#roc-ops (Teams export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "parkpilot"
SITE = "CDB"
HOST = "cdb-edge-01"
START, END = utc("2026-04-07 08:30:00"), utc("2026-04-07 14:30:00")
ANM1 = (utc("2026-04-07 09:10:20"), utc("2026-04-07 09:35:05"))
AVC_FAIL = utc("2026-04-07 09:52:14")
REL_320 = utc("2026-04-07 10:52:40")
ROLLBACK = utc("2026-04-07 11:58:30")
NCN_NOTICE = utc("2026-04-07 12:31:05")
ANM2 = (utc("2026-04-07 12:33:10"), utc("2026-04-07 13:20:10"))
TAPS = [utc("2026-04-07 13:06:40"), utc("2026-04-07 13:07:20"), utc("2026-04-07 13:08:00")]
REDEPLOY = utc("2026-04-07 13:45:20")
RATED_KW = 3450.0
PARK_MW = 41.4
TURBINES = [f"WTG-{i:02d}" for i in range(1, 13)]
# position along its collector string: the far end sees the most voltage rise
POSITION = {tid: (i % 4) for i, tid in enumerate(TURBINES)}
ANM_IP = "10.23.40.5"

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "parkpilot"
version = "3.1.3"
requires-python = ">=3.12"
dependencies = [
  "asyncua==1.1.6",
  "c104==2.2.0",
  "pymodbus==3.8.2",
  "httpx==0.28.1",
  "pyyaml==6.0.2",
]

[project.scripts]
parkpilot = "parkpilot.main:main"

[project.optional-dependencies]
test = ["pytest==8.3.5", "pytest-asyncio==0.26.0"]
"""

SITE_CDB = """# Carn Dubh Wind Farm: 12 x Nordwerk N117 3.45 MW, strings A (WTG-01..04),
# B (WTG-05..08), C (WTG-09..12); 33 kV line to NCN's Strathbran GSP
# (non-firm, ANM scheme SBN-1)
code: CDB
name: Carn Dubh
rated_mw: 41.4
turbine_rated_kw: 3450
turbines: [WTG-01, WTG-02, WTG-03, WTG-04, WTG-05, WTG-06, WTG-07, WTG-08,
           WTG-09, WTG-10, WTG-11, WTG-12]
scada_url: opc.tcp://cdb-scada-01.cdb.cairnmore.internal:4840
meter_host: 10.23.30.11
meter_poll_s: 1.0
anm_originator: 10.23.40.5
fieldwise_site: CDB
loop_period_s: 2.0
loop_gain: 0.5
deadband_mw: 0.2
# reactive power at the NVP (NCN connection agreement SBN-1/CDB)
q_mode: power_factor
power_factor: 0.95
"""

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
meter_poll_s: 0.5
anm_originator: 10.20.40.5
fieldwise_site: GLN
loop_period_s: 2.0
loop_gain: 0.5
deadband_mw: 0.2
q_mode: power_factor
power_factor: 0.98
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
    q_mode: str
    power_factor: float

    @classmethod
    def load(cls, code=None):
        code = code or os.environ["PARKPILOT_SITE"]
        with open(os.path.join(os.environ.get("PARKPILOT_CONFIG", "config/sites"), f"{code.lower()}.yaml")) as handle:
            return cls(**yaml.safe_load(handle))
'''

REACTIVE_V1 = '''"""Reactive power at the NVP: a fixed power factor (importing, i.e. the
farm absorbs reactive power, which lowers the voltage rise of its export),
as NCN's connection agreements ask."""

import asyncio
import logging
import math

log = logging.getLogger(__name__)


def q_setpoint_mvar(site, p_mw, u_pu):
    return -max(p_mw, 0.0) * math.tan(math.acos(site.power_factor))


async def loop(site, scada, meter):
    while True:
        await asyncio.sleep(10)
        q = q_setpoint_mvar(site, meter.last_export_mw, meter.last_u_pu)
        await scada.write_park_q(q)
        if int(asyncio.get_running_loop().time()) % 300 < 10:
            log.info("reactive power: PF %.2f importing, Q setpoint %.1f Mvar", site.power_factor, q)
'''

REACTIVE_V2_OLD = '''def q_setpoint_mvar(site, p_mw, u_pu):
    return -max(p_mw, 0.0) * math.tan(math.acos(site.power_factor))
'''

REACTIVE_V2_NEW = '''def q_setpoint_mvar(site, p_mw, u_pu):
    if site.q_mode == "q_u":
        return q_of_u(site, u_pu)
    return -max(p_mw, 0.0) * math.tan(math.acos(site.power_factor))


def q_of_u(site, u_pu):
    """Q(U) droop (NCN SBN-1 offer, OPS-351): no reactive power inside
    site.q_u_deadband, then absorbing linearly down to -q_max_mvar at
    site.q_u_full_pu and beyond (and the mirror image below). The farm
    absorbs its full capability whenever the voltage is high, whatever its
    output."""
    lo, hi = site.q_u_deadband
    if u_pu > hi:
        return -site.q_max_mvar * min(1.0, (u_pu - hi) / (site.q_u_full_pu - hi))
    if u_pu < lo:
        return site.q_max_mvar * min(1.0, (lo - u_pu) / (site.q_u_full_pu - hi))
    return 0.0
'''

WORKORDERS = '''"""Maintenance locks from Fieldwise work orders.

A turbine with a lockout work order (LOTO on the checklist) that is being
worked on gets no remote command from parkpilot: no power setpoint, no
start, no reset. The dispatcher leaves a locked turbine out of the split
of the ANM setpoint (it is stopped for the work)."""

import asyncio
import logging
import time

log = logging.getLogger(__name__)

# A lock starts when the technician starts the work order on site
# (started_at) and lasts until the technician signs the turbine back into
# service (completed) or the work order is closed or cancelled (OPS-302,
# OPS-318).
RELEASING_STATUSES = {"completed", "closed", "cancelled"}


def is_locking(wo):
    return (bool(wo.get("lockout_required")) and wo.get("started_at") is not None
            and wo["status"] not in RELEASING_STATUSES)


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
        started = time.monotonic()
        work_orders = await self.client.work_orders(site=self.site.fieldwise_site, updated_within_days=30, page_size=100)
        self.current = locks_from(work_orders, set(self.site.turbines))
        described = ", ".join(f"{t} ({wo['number']} {wo['status']})" for t, wo in sorted(self.current.items())) or "none"
        log.info("work-order sync: %d work orders in %.2f s, maintenance locks: %s", len(work_orders), time.monotonic() - started, described)

    async def every(self, seconds):
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.sync()
            except Exception:
                log.exception("work-order sync failed; keeping the last locks")
'''

SCADA_V1 = '''"""Nordwerk SCADA server over OPC UA: turbine state, available power,
active power setpoint (ns=2;s=<park>.<turbine>.Grid.PSetpoint, kW) and the
park's reactive power setpoint."""

import logging

from asyncua import Client, ua

log = logging.getLogger(__name__)


class Turbine:
    def __init__(self, client, park, tid):
        self.id = tid
        self.node = client.get_node(f"ns=2;s={park}.{tid}.Grid.PSetpoint")
        self.state_node = client.get_node(f"ns=2;s={park}.{tid}.Status.State")
        self.available = True
        self.running = False
        self.available_kw = 0.0
        self.last_state = None

    async def write_setpoint(self, kw):
        await self.node.write_value(ua.DataValue(ua.Variant(float(kw), ua.VariantType.Float)))

    async def poll(self):
        state = await self.state_node.read_value()
        self.running = state == "Run"
        self.available = state in ("Run", "Ready")
        self.last_state = state


async def connect(site):
    client = Client(site.scada_url, timeout=5)
    await client.connect()
    log.info("OPC UA session to %s established (%d turbines)", site.scada_url, len(site.turbines))
    return [Turbine(client, site.code, tid) for tid in site.turbines]
'''

RUNBOOK = """# parkpilot runbook

Owner: #wf-software. ROC: #roc-ops, 24/7 on 01463 000 412.

## OPC UA session to the SCADA lost

parkpilot reconnects every 10 s and logs `OPC UA session ... lost`. The
turbines keep their last setpoint. If it does not come back, restart the
Nordwerk SCADA service on the site's SCADA server (ROC has the runbook).

## ANM trip / export above the ANM setpoint

NCN's ANM opens CB1 (intertrip) if export stays more than 0.5 MW above
the ANM setpoint for 180 s. Check the split line: a turbine under a
maintenance lock gets no setpoint. Check Fieldwise for work orders that
should have been completed.
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

DISPATCH = '''"""Splits the ANM setpoint over the dispatchable turbines and trims the
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
        self.ramping = False

    @property
    def constrained(self):
        return self.setpoint_mw < self.site.rated_mw

    async def on_setpoint(self, mw):
        self.setpoint_mw = mw
        await self.split()

    async def split(self):
        locked = sorted(t.id for t in self.turbines if t.id in self.locks)
        dispatchable = [t for t in self.turbines if t.id not in self.locks]
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
                export = await self.meter.export_mw()
                if export - self.setpoint_mw > self.site.deadband_mw:
                    log.warning("export %.2f MW above ANM setpoint %.2f MW", export, self.setpoint_mw)
                await self.cycle(export)

    async def cycle(self, export):
        error = export - self.setpoint_mw
        if abs(error) <= self.site.deadband_mw:
            return
        step = self.site.loop_gain * error / len(self.setpoints)
        cap = self.site.turbine_rated_kw / 1000
        self.setpoints = {tid: min(cap, max(0.0, mw - step)) for tid, mw in self.setpoints.items()}
        await self.write({tid: mw * 1000 for tid, mw in self.setpoints.items()})

    def log_status(self):
        running = sum(1 for t in self.turbines if t.running)
        log.info("status: export %.2f MW, Q %.1f Mvar, U %.3f pu, available %.2f MW, ANM setpoint %.2f MW (%s), turbines running %d/%d",
                 self.meter.last_export_mw, self.meter.last_q_mvar, self.meter.last_u_pu,
                 sum(t.available_kw for t in self.turbines) / 1000, self.setpoint_mw,
                 "constrained" if self.constrained else "unconstrained", running, len(self.turbines))
'''


DISPATCH_V0 = DISPATCH.replace(
    """        log.info("status: export %.2f MW, Q %.1f Mvar, U %.3f pu, available %.2f MW, ANM setpoint %.2f MW (%s), turbines running %d/%d",
                 self.meter.last_export_mw, self.meter.last_q_mvar, self.meter.last_u_pu,
""", """        log.info("status: export %.2f MW, Q %.1f Mvar, available %.2f MW, ANM setpoint %.2f MW (%s), turbines running %d/%d",
                 self.meter.last_export_mw, self.meter.last_q_mvar,
""")
assert DISPATCH_V0 != DISPATCH


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    morag = Person("Morag Fraser", "morag.fraser@cairnmore-renewables.co.uk", 60)
    ewan = Person("Ewan Munro", "ewan.munro@cairnmore-renewables.co.uk", 60)
    priya = Person("Priya Nair", "priya.nair@cairnmore-renewables.co.uk", 60)
    shona = Person("Shona Macrae", "shona.macrae@cairnmore-renewables.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "parkpilot/__init__.py": "",
        "parkpilot/main.py": '"""parkpilot: the park controller of one wind farm."""\n\nimport asyncio\nimport importlib.metadata\nimport logging\nimport logging.config\nimport os\n\nfrom parkpilot import anm, dispatch, fieldwise, meter, reactive, scada, workorders\nfrom parkpilot.settings import Site\n\nlog = logging.getLogger("parkpilot")\n\n\nasync def run(site):\n    turbines = await scada.connect(site)\n    nvp = meter.Meter(site)\n    locks = workorders.Locks(fieldwise.Client(), site)\n    await locks.sync()\n    controller = dispatch.Controller(site, turbines, nvp, locks)\n    await anm.serve(site, controller)\n    await asyncio.gather(controller.loop(), locks.every(300), reactive.loop(site, scada, nvp), status(controller))\n\n\nasync def status(controller):\n    while True:\n        await asyncio.sleep(30)\n        controller.log_status()\n\n\ndef main():\n    logging.config.fileConfig(os.environ.get("PARKPILOT_LOGGING", "config/logging.ini"))\n    site = Site.load()\n    log.info("parkpilot %s (git %s) starting for site %s", importlib.metadata.version("parkpilot"), os.environ.get("GIT_SHA", "dev")[:7], site.code)\n    asyncio.run(run(site))\n',
        "parkpilot/settings.py": SETTINGS,
        "parkpilot/anm.py": '"""IEC 60870-5-104 controlled station for NCN\'s ANM controller (C_SE_NC_1 on IOA 4001, MW)."""\n\nimport asyncio\nimport logging\n\nimport c104\n\nlog = logging.getLogger(__name__)\n\nIOA_SETPOINT = 4001\n\n\nasync def serve(site, controller):\n    server = c104.Server(ip="0.0.0.0", port=2404)\n    station = server.add_station(common_address=47)\n    point = station.add_point(io_address=IOA_SETPOINT, type=c104.Type.C_SE_NC_1)\n    loop = asyncio.get_running_loop()\n\n    def on_setpoint(point, previous, message):\n        log.info("ANM setpoint %.2f MW received (IOA %d, C_SE_NC_1, COT act)", point.value, IOA_SETPOINT)\n        asyncio.run_coroutine_threadsafe(controller.on_setpoint(point.value), loop)\n        return c104.ResponseState.SUCCESS\n\n    point.on_receive(callable=on_setpoint)\n    server.start()\n    log.info("IEC 104 server listening on 0.0.0.0:2404 (common address 47)")\n',
        "parkpilot/dispatch.py": DISPATCH_V0,
        "parkpilot/workorders.py": WORKORDERS,
        "parkpilot/fieldwise.py": '"""Fieldwise REST API (work orders)."""\n\nimport asyncio\nimport logging\nimport os\n\nimport httpx\n\nlog = logging.getLogger(__name__)\n\nBASE = "https://api.fieldwise.io/v2"\n\n\nclass Client:\n    def __init__(self, token=None):\n        self.http = httpx.AsyncClient(base_url=BASE, timeout=15,\n                                      headers={"Authorization": f"Bearer {token or os.environ[\'FIELDWISE_TOKEN\']}"})\n\n    async def work_orders(self, site, updated_within_days=30, page_size=50):\n        items, page = [], 1\n        while True:\n            resp = await self.http.get("/work-orders", params={"site": site, "updated_within_days": updated_within_days,\n                                                               "page": page, "page_size": page_size})\n            if resp.status_code == 429:\n                wait = float(resp.headers.get("Retry-After", "10"))\n                log.warning("Fieldwise API answered 429, retrying in %.0f s (Retry-After)", wait)\n                await asyncio.sleep(wait)\n                continue\n            resp.raise_for_status()\n            body = resp.json()\n            items += body["items"]\n            if not body.get("next_page"):\n                return items\n            page = body["next_page"]\n',
        "parkpilot/scada.py": SCADA_V1,
        "parkpilot/meter.py": '"""Connection-point (NVP) meter over Modbus TCP: export (MW), Q (Mvar), voltage (pu)."""\n\nimport logging\n\nfrom pymodbus.client import AsyncModbusTcpClient\n\nlog = logging.getLogger(__name__)\n\n\nclass Meter:\n    def __init__(self, site):\n        self.client = AsyncModbusTcpClient(site.meter_host, port=502, timeout=1)\n        self.last_export_mw = 0.0\n        self.last_q_mvar = 0.0\n        self.last_u_pu = 1.0\n\n    async def export_mw(self):\n        regs = await self.client.read_input_registers(3000, count=6, slave=1)\n        f32 = self.client.DATATYPE.FLOAT32\n        self.last_export_mw = self.client.convert_from_registers(regs.registers[0:2], f32)\n        self.last_q_mvar = self.client.convert_from_registers(regs.registers[2:4], f32)\n        self.last_u_pu = self.client.convert_from_registers(regs.registers[4:6], f32)\n        return self.last_export_mw\n',
        "parkpilot/reactive.py": REACTIVE_V1,
        "parkpilot/logfmt.py": 'import logging\nimport os\n\n\nclass SiteFormatter(logging.Formatter):\n    def format(self, record):\n        record.site = os.environ.get("PARKPILOT_SITE", "-")\n        return super().format(record)\n',
        "config/logging.ini": "[loggers]\nkeys=root\n\n[handlers]\nkeys=file\n\n[formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=file\n\n[handler_file]\nclass=logging.handlers.WatchedFileHandler\nformatter=plain\nargs=('/var/log/parkpilot/parkpilot.log',)\n\n[formatter_plain]\nformat=%(asctime)s %(levelname)-7s %(name)s [%(site)s] %(message)s\nclass=parkpilot.logfmt.SiteFormatter\n",
        "config/sites/cdb.yaml": SITE_CDB,
        "config/sites/gln.yaml": SITE_GLN,
        "tests/__init__.py": "",
        "tests/test_workorders.py": "import pytest\n\nfrom parkpilot import workorders\n\nTURBINES = {\"WTG-01\", \"WTG-02\"}\n\n\ndef wo(status, lockout=True, asset=\"WTG-01\", started=\"2026-01-26T08:05:00Z\"):\n    return {\"number\": \"WO-26-00001\", \"asset_tag\": asset, \"status\": status, \"lockout_required\": lockout,\n            \"started_at\": started}\n\n\n@pytest.mark.parametrize(\"status,locked\", [\n    (\"in_progress\", True),\n    (\"on_hold\", True),\n    (\"awaiting_parts\", True),\n    (\"completed\", False),\n    (\"closed\", False),\n    (\"cancelled\", False),\n])\ndef test_lock_until_completed(status, locked):\n    assert (\"WTG-01\" in workorders.locks_from([wo(status)], TURBINES)) is locked\n",
        "tests/test_reactive.py": "import math\nfrom types import SimpleNamespace\n\nfrom parkpilot import reactive\n\n\ndef test_power_factor_importing():\n    site = SimpleNamespace(q_mode=\"power_factor\", power_factor=0.95)\n    assert math.isclose(reactive.q_setpoint_mvar(site, 40.0, 1.0), -13.147, abs_tol=0.01)\n",
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "deploy/inventory.ini": "[sites]\ngln-edge-01.gln.cairnmore.internal parkpilot_site=GLN\ncdb-edge-01.cdb.cairnmore.internal parkpilot_site=CDB\n",
        "deploy/site.yml": SITE_YML,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# parkpilot\n\nThe park controller of Cairnmore's wind farms: NCN's ANM setpoints over\nIEC 60870-5-104, per-turbine active power setpoints through the Nordwerk\nSCADA (OPC UA), the connection-point meter (Modbus TCP), reactive power,\nand maintenance locks from Fieldwise work orders.\n\nReleases: tag `vX.Y.Z`, then run the `deploy` workflow with the tag.\nRoll back by deploying the previous tag.\n",
        "CHANGELOG.md": "# Changelog\n\n## 3.1.3\n\n- OPS-338 status line every 30 s\n",
    }
    repo.commit(utc("2026-03-30 07:50:00"), morag, "parkpilot 3.1.3: ANM, dispatch, SCADA, meter, reactive power, maintenance locks", files)
    crng = random.Random(72211)
    repo.schedule(chores(crng, SERVICE, [morag, priya], utc("2026-03-30 09:00:00"), utc("2026-03-31 15:00:00"), 2)
                  + chores(crng, SERVICE, [ewan, priya], utc("2026-04-02 08:00:00"), utc("2026-04-03 15:00:00"), 1))
    repo.commit(utc("2026-03-31 08:20:00"), priya, "status: the NVP voltage in the status line (OPS-344)", {
        "parkpilot/dispatch.py": DISPATCH,
    })
    rel314 = repo.commit(utc("2026-03-31 13:00:00"), ewan, "release 3.1.4", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.1.3"', 'version = "3.1.4"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.1.4\n\n- OPS-344 NVP voltage in the status line\n",
    })
    repo.commit(utc("2026-04-02 12:30:00"), morag, "reactive: Q(U) droop as an alternative to a fixed power factor (OPS-351)\n\nNCN's revised offer for Carn Dubh (SBN-1) allows Q(U) at the NVP:\nno reactive power inside 0.99-1.01 pu, full absorption (-13.6 Mvar) at\n1.04 pu and above. At part load that absorbs more than PF 0.95 whenever\nthe voltage is high, and nothing at normal voltage (fewer losses).\nOff by default (q_mode: power_factor).", {
        "parkpilot/reactive.py": sub(repo.files["parkpilot/reactive.py"], REACTIVE_V2_OLD, REACTIVE_V2_NEW,
                                     '            log.info("reactive power: PF %.2f importing, Q setpoint %.1f Mvar", site.power_factor, q)\n',
                                     '            if site.q_mode == "q_u":\n                log.info("reactive power: Q(U) at %.3f pu, Q setpoint %.1f Mvar", meter.last_u_pu, q)\n            else:\n                log.info("reactive power: PF %.2f importing, Q setpoint %.1f Mvar", site.power_factor, q)\n'),
        "parkpilot/settings.py": sub(repo.files["parkpilot/settings.py"], "    power_factor: float\n",
                                     "    power_factor: float\n    q_u_deadband: tuple = (0.99, 1.01)\n    q_u_full_pu: float = 1.04\n    q_max_mvar: float = 0.0\n"),
        "tests/test_reactive.py": repo.files["tests/test_reactive.py"] + "\n\ndef test_q_of_u():\n    site = SimpleNamespace(q_mode=\"q_u\", q_u_deadband=(0.99, 1.01), q_u_full_pu=1.04, q_max_mvar=13.6, power_factor=0.95)\n    assert reactive.q_setpoint_mvar(site, 40.0, 1.0) == 0.0\n    assert math.isclose(reactive.q_setpoint_mvar(site, 10.0, 1.025), -6.8)\n    assert reactive.q_setpoint_mvar(site, 10.0, 1.08) == -13.6\n",
    })
    repo.commit(utc("2026-04-06 04:12:00"), bot, "chore(deps): update dependency pymodbus to v3.8.3", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pymodbus==3.8.2"', '"pymodbus==3.8.3"'),
    })
    repo.commit(utc("2026-04-06 14:10:00"), shona, "runbook: repeated turbine trips", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Repeated turbine trips\n\nA turbine that trips, restarts and trips again within the hour is\nalmost always the turbine itself (converter, pitch, yaw) or something we\nchanged in what we send it:\n\n- raise a Nordwerk ticket with the SCADA event text and the 10-min data;\n- if it started after a parkpilot release, especially one that changes\n  setpoints or reactive power, roll back to the previous tag first;\n- several turbines at once on a windy day: check the OPC UA session and\n  the SCADA server before anything else.\n",
    })
    repo.commit(utc("2026-04-07 06:40:00"), priya, "scada: log every turbine trip with its SCADA event text and the trips in the last hour (OPS-354)\n\nThe ROC only saw trips in the Nordwerk client; now they are in our log\nand in Grafana.", {
        "parkpilot/scada.py": sub(repo.files["parkpilot/scada.py"],
                                  "import logging\n",
                                  "import collections\nimport logging\nimport time\n",
                                  "log = logging.getLogger(__name__)\n",
                                  "log = logging.getLogger(__name__)\n\nTRIPS = collections.defaultdict(collections.deque)\n",
                                  "        self.last_state = state\n",
                                  "        if state == \"Fault\" and self.last_state == \"Run\":\n            trips = TRIPS[self.id]\n            trips.append(time.monotonic())\n            while trips and trips[0] < time.monotonic() - 3600:\n                trips.popleft()\n            text = await self.event_node.read_value()\n            log.warning(\"turbine %s tripped: %s (trips in the last 60 min: %d)\", self.id, text, len(trips))\n        self.last_state = state\n",
                                  "        self.state_node = client.get_node(f\"ns=2;s={park}.{tid}.Status.State\")\n",
                                  "        self.state_node = client.get_node(f\"ns=2;s={park}.{tid}.Status.State\")\n        self.event_node = client.get_node(f\"ns=2;s={park}.{tid}.Status.LastEventText\")\n"),
    })
    repo.commit(utc("2026-04-07 07:15:00"), ewan, "workorders: auto work order after 3 trips in 60 min (OPS-352)\n\nThe site team asked for a work order instead of a phone call from the\nROC for turbines that keep tripping.", {
        "parkpilot/workorders.py": repo.files["parkpilot/workorders.py"] + "\n\nasync def auto_work_order(client, site, turbine, trips, text):\n    \"\"\"A corrective work order for a turbine that tripped 3 times in 60 min.\"\"\"\n    number = await client.create_work_order(site=site.fieldwise_site, asset_tag=turbine, priority=\"high\", lockout_required=False,\n                                            title=f\"Repeated trips: {text}\", source=\"parkpilot\")\n    log.warning(\"auto work order %s created for %s: %d trips in 60 min (%s)\", number, turbine, trips, text)\n    return number\n",
        "parkpilot/fieldwise.py": repo.files["parkpilot/fieldwise.py"] + "\n    async def create_work_order(self, **fields):\n        resp = await self.http.post(\"/work-orders\", json=fields)\n        resp.raise_for_status()\n        return resp.json()[\"number\"]\n",
    })
    repo.commit(utc("2026-04-07 07:50:00"), morag, "cdb: Q(U) at the NVP (NCN acceptance SBN-1/CDB of 3 April)", {
        "config/sites/cdb.yaml": sub(repo.files["config/sites/cdb.yaml"], "q_mode: power_factor\npower_factor: 0.95\n",
                                     "q_mode: q_u\npower_factor: 0.95\nq_u_deadband: [0.99, 1.01]\nq_u_full_pu: 1.04\nq_max_mvar: 13.6\n"),
    })
    rel320 = repo.commit(utc("2026-04-07 08:35:00"), ewan, "release 3.2.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.1.4"', 'version = "3.2.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.2.0\n\n- OPS-351 Q(U) reactive power control; enabled for Carn Dubh\n- OPS-354 turbine trips in the log with the trips in the last hour\n- OPS-352 auto work order after 3 trips in 60 min\n- pymodbus 3.8.3\n",
    })
    repo.commit(utc("2026-04-07 13:25:00"), ewan, "runbook: overvoltage trips come from the grid side", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Grid overvoltage trips\n\nIf turbines trip on `Grid overvoltage U>`, look at the NVP voltage\n(status line `U ... pu`, the meter's 1-minute records) before suspecting\nturbines or a release: if it is high with little export, the voltage\ncomes from upstream. Call NCN Control and ask about the GSP's AVC and\ntap changers (7 April 2026: GT2 drive MCB at Strathbran, 1.07 pu on the\n33 kV busbar).\n",
    })
    return repo, {"rel314": rel314, "rel320": rel320}


# ---------------------------------------------------------------------------
# the physical story


def lerp(points, t):
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= t <= t1:
            f = (t - t0).total_seconds() / (t1 - t0).total_seconds()
            return v0 + f * (v1 - v0)
    return points[-1][1]


WIND = [(utc("2026-04-07 08:30:00"), 12.6), (utc("2026-04-07 10:00:00"), 13.8), (utc("2026-04-07 12:00:00"), 13.4),
        (utc("2026-04-07 14:30:00"), 12.4)]
# Strathbran 33 kV busbar: regulated at 1.02 until the tap changers stop, then
# climbing with falling load and rising solar; three taps down from 13:06:40
BUSBAR = [(utc("2026-04-07 09:52:14"), 1.0205), (utc("2026-04-07 10:30:00"), 1.036), (utc("2026-04-07 11:00:00"), 1.047),
          (utc("2026-04-07 11:20:00"), 1.057), (utc("2026-04-07 11:40:00"), 1.0625), (utc("2026-04-07 12:00:00"), 1.066),
          (utc("2026-04-07 12:30:00"), 1.069), (utc("2026-04-07 13:06:40"), 1.068)]


def busbar_pu(t, rng_noise):
    if t < AVC_FAIL:
        return 1.020 + rng_noise
    if t < TAPS[0]:
        return lerp(BUSBAR, t) + rng_noise
    taps_done = sum(1 for x in TAPS if t >= x)
    base = 1.068 - 0.0125 * taps_done
    if taps_done == 3:
        base = max(1.020, base - 0.0005 * ((t - TAPS[2]).total_seconds() / 60))
    return base + rng_noise


def power_curve(ws):
    if ws < 3.0 or ws > 25.0:
        return 0.0
    if ws >= 12.0:
        return RATED_KW
    return RATED_KW * ((ws - 3.0) / 9.0) ** 3


def version_at(t):
    if t < REL_320:
        return "3.1.4"
    if t < ROLLBACK:
        return "3.2.0"
    if t < REDEPLOY:
        return "3.1.4"
    return "3.2.0"


def q_target(ver, p_mw, u_pu):
    if ver == "3.2.0":
        if u_pu > 1.01:
            return -13.6 * min(1.0, (u_pu - 1.01) / 0.03)
        return 0.0
    return -max(p_mw, 0.0) * math.tan(math.acos(0.95))


def simulate(rng):
    step = dt.timedelta(seconds=2)
    n = int((END - START) / step)
    state = {tid: "run" for tid in TURBINES}
    p = {tid: 3300.0 for tid in TURBINES}
    turb = {tid: 0.0 for tid in TURBINES}
    eff = {tid: rng.uniform(0.985, 1.0) for tid in TURBINES}
    over = {tid: 0.0 for tid in TURBINES}
    restart_at = {}
    blocked_logged = {}
    q = -12.0
    u_n = 1.045
    unoise = 0.0
    anm = PARK_MW
    sp = {}
    recs = []
    ev = {"trips": [], "starts": [], "blocked": [], "restart_delay": [], "splits": []}
    pending = [(ANM1[0], 32.0), (ANM1[1], PARK_MW), (ANM2[0], 20.0), (ANM2[1], PARK_MW)]
    t = START
    for _ in range(n):
        t = t + step
        ver = version_at(t)
        new_sp = None
        while pending and pending[0][0] <= t:
            new_sp = pending.pop(0)[1]
        if new_sp is not None:
            anm = new_sp
            if anm >= PARK_MW:
                sp = {}
            else:
                sp = {tid: anm * 1000 / len(TURBINES) for tid in TURBINES}
            ev["splits"].append((t, anm))
        unoise = 0.97 * unoise + rng.gauss(0, 0.0004)
        u_b = busbar_pu(t, unoise)
        ws_base = lerp(WIND, t)
        for tid in TURBINES:
            turb[tid] = 0.985 * turb[tid] + rng.gauss(0, 0.05)
            ws = ws_base * (1 + 0.10 * turb[tid])
            avail = power_curve(ws) * eff[tid] * (1 - abs(rng.gauss(0, 0.01)))
            st = state[tid]
            u_t = u_n + 0.004 + (0.004 + 0.0038 * POSITION[tid]) * (p[tid] / RATED_KW)
            if st == "run" or st == "starting":
                limit = sp.get(tid, RATED_KW) if anm < PARK_MW else RATED_KW
                target = min(avail, limit)
                if st == "starting":
                    p[tid] = min(target, p[tid] + 80.0)
                    if p[tid] >= target - 1:
                        state[tid] = "run"
                else:
                    p[tid] = p[tid] + 0.5 * (target - p[tid])
                if u_t > 1.100:
                    over[tid] += 2.0
                else:
                    over[tid] = max(0.0, over[tid] - 2.0)
                if over[tid] >= 60.0:
                    ev["trips"].append((t, tid, u_t))
                    state[tid] = "tripped"
                    p[tid] = 0.0
                    over[tid] = 0.0
                    restart_at[tid] = t + dt.timedelta(seconds=600 + rng.randint(0, 20))
                    ev["restart_delay"].append((t + dt.timedelta(seconds=2), tid))
            elif st == "tripped":
                p[tid] = 0.0
                if t >= restart_at[tid]:
                    if u_t < 1.080:
                        state[tid] = "starting"
                        ev["starts"].append((t, tid))
                    else:
                        last = blocked_logged.get(tid)
                        if last is None or (t - last).total_seconds() >= 300:
                            ev["blocked"].append((t, tid, u_t))
                            blocked_logged[tid] = t
        p_mw = sum(p.values()) * 0.985 / 1000
        q = q + 0.3 * (q_target(ver, p_mw, u_n) - q)
        # export raises the voltage along the line, absorbing Q lowers it
        u_n = u_b + 0.00184 * p_mw - 0.00367 * (-q)
        # the ANM loop: trim when export is over
        if anm < PARK_MW and sp and new_sp is None:
            error = p_mw - anm
            if abs(error) > 0.2:
                stepkw = 0.5 * error * 1000 / len(sp)
                sp = {tid: min(RATED_KW, max(0.0, v - stepkw)) for tid, v in sp.items()}
        recs.append({"t": t, "p": dict(p), "export": p_mw, "q": q, "u": u_n, "ub": u_b, "anm": anm, "state": dict(state),
                     "ws": ws_base, "sp": dict(sp)})
    return recs, ev


# ---------------------------------------------------------------------------
# logs


def build_logs(rng, shas):
    app = Log("parkpilot.log")
    events = Log("scada-events.log")
    tenmin = Log("scada-10min.log")
    meter = Log("nvp-meter.log")
    ser = Log("incomer-relay-ser.log")
    syslog = Log("cdb-edge-01-syslog.log")
    ncn = Log("ncn-notifications.log")
    audit = Log("fieldwise-audit.log")
    deploy = Log("deploy.log")
    chat = Log("roc-ops.log")

    recs, ev = simulate(rng)
    by_t = {r["t"]: r for r in recs}

    def rec_at(t):
        k = START + dt.timedelta(seconds=2 * max(1, int((t - START).total_seconds() // 2)))
        return by_t.get(k) or recs[-1]

    def plog(t, level, logger, msg):
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

    stats = {"trips": ev["trips"]}

    # ---- parkpilot: restarts (3.2.0, rollback to 3.1.4, 3.2.0 again)
    for at, ver, sha in ((REL_320, "3.2.0", shas["rel320"]), (ROLLBACK, "3.1.4", shas["rel314"]), (REDEPLOY, "3.2.0", shas["rel320"])):
        sys(at - dt.timedelta(seconds=2), "systemd", 1, "Stopping parkpilot.service - parkpilot park controller...")
        plog(at - dt.timedelta(seconds=2, milliseconds=-120), "INFO", "parkpilot", "SIGTERM: closing IEC 104 server and OPC UA session")
        sys(at - dt.timedelta(seconds=1), "systemd", 1, "parkpilot.service: Deactivated successfully.")
        sys(at - dt.timedelta(seconds=1, milliseconds=-200), "systemd", 1, "Stopped parkpilot.service - parkpilot park controller.")
        sys(at, "systemd", 1, "Started parkpilot.service - parkpilot park controller.")
        plog(ms(at, 900, 1400), "INFO", "parkpilot", f"parkpilot {ver} (git {sha[:7]}) starting for site {SITE}")
        plog(ms(at + dt.timedelta(seconds=2)), "INFO", "parkpilot.scada", "OPC UA session to opc.tcp://cdb-scada-01.cdb.cairnmore.internal:4840 established (12 turbines)")
        plog(ms(at + dt.timedelta(seconds=3)), "INFO", "parkpilot.meter", "NVP meter 10.23.30.11:502 unit 1, poll 1000 ms")
        plog(ms(at + dt.timedelta(seconds=4)), "INFO", "parkpilot.reactive", "reactive power mode: " + ("Q(U), deadband 0.990-1.010 pu, full absorption -13.6 Mvar at 1.040 pu" if ver == "3.2.0" else "power factor 0.95 importing"))
        plog(ms(at + dt.timedelta(seconds=5)), "INFO", "parkpilot.workorders", f"work-order sync: 21 work orders in {rng.uniform(0.5, 1.2):.2f} s, maintenance locks: none")
        plog(ms(at + dt.timedelta(seconds=6)), "INFO", "parkpilot.anm", "IEC 104 server listening on 0.0.0.0:2404 (common address 47)")
        plog(ms(at + dt.timedelta(seconds=9)), "INFO", "parkpilot.anm", f"IEC 104: STARTDT act from {ANM_IP}:50388, confirmed")
    for t, anm in ev["splits"]:
        plog(t - dt.timedelta(milliseconds=rng.randint(150, 400)), "INFO", "parkpilot.anm", f"ANM setpoint {anm:.2f} MW received (IOA 4001, C_SE_NC_1, COT act)")
        if anm >= PARK_MW:
            plog(ms(t, 50, 200), "INFO", "parkpilot.dispatch", f"ANM setpoint {anm:.2f} MW: unconstrained, setpoints released on 12 turbines")
        else:
            plog(ms(t, 50, 200), "INFO", "parkpilot.dispatch", f"setpoint {anm:.2f} MW split over 12 dispatchable turbines ({anm / 12:.2f} MW each); not dispatched (maintenance lock): none")
    # the 3.x loop warns while export is above the setpoint (first seconds of each constraint)
    for r in recs:
        if r["anm"] < PARK_MW and r["export"] - r["anm"] > 0.2 and (r["t"] - max(x[0] for x in ev["splits"] if x[0] <= r["t"])).total_seconds() >= 2:
            plog(ms(r["t"], 1, 30), "WARNING", "parkpilot.dispatch", f"export {r['export']:.2f} MW above ANM setpoint {r['anm']:.2f} MW")

    # 3.2.0: every trip in the log, and an auto work order after 3 in 60 min
    wo_no = 1187
    recent = {}
    auto_wos = []
    for (t, tid, u_t) in ev["trips"]:
        recent.setdefault(tid, [])
        recent[tid] = [x for x in recent[tid] if (t - x).total_seconds() < 3600] + [t]
        if version_at(t) == "3.2.0":
            plog(ms(t, 900, 1900), "WARNING", "parkpilot.scada", f"turbine {tid} tripped: Grid overvoltage U> (1.10 Un, 60 s) (trips in the last 60 min: {len(recent[tid])})")
            if len(recent[tid]) >= 3 and not any(a[1] == tid for a in auto_wos):
                tw = ms(t + dt.timedelta(seconds=2), 100, 900)
                plog(tw, "WARNING", "parkpilot.workorders", f"auto work order WO-26-0{wo_no} created for {tid}: {len(recent[tid])} trips in 60 min (Grid overvoltage U> (1.10 Un, 60 s))")
                auto_wos.append((tw, tid, f"WO-26-0{wo_no}"))
                wo_no += 1
    stats["auto_wos"] = auto_wos

    # status every 30 s
    t = START + dt.timedelta(seconds=rng.randint(3, 25))
    while t < END:
        r = rec_at(t)
        running = sum(1 for tid in TURBINES if r["state"][tid] in ("run", "starting"))
        avail = sum(min(RATED_KW, power_curve(r["ws"] * (1 + rng.uniform(-0.04, 0.04)))) * rng.uniform(0.985, 1.0)
                    for tid in TURBINES if r["state"][tid] in ("run", "starting"))
        constrained = "constrained" if r["anm"] < PARK_MW else "unconstrained"
        if not any(abs((t - x).total_seconds()) < 12 for x in (REL_320, ROLLBACK, REDEPLOY)):
            plog(t, "INFO", "parkpilot.dispatch", f"status: export {r['export']:.2f} MW, Q {r['q']:.1f} Mvar, U {r['u']:.3f} pu, available {avail / 1000:.2f} MW, ANM setpoint {r['anm']:.2f} MW ({constrained}), turbines running {running}/12")
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(-40, 40))

    # work-order sync, reactive power, general interrogation, OPC UA renewals
    t = START + dt.timedelta(seconds=141)
    k = 0
    while t < END:
        if not any(0 <= (t - x).total_seconds() < 40 for x in (REL_320, ROLLBACK, REDEPLOY)):
            if rng.random() < 0.05:
                plog(ms(t - dt.timedelta(seconds=12)), "WARNING", "parkpilot.fieldwise", f"Fieldwise API answered 429, retrying in {rng.choice([8, 10, 12])} s (Retry-After)")
            n_wo = 21 + sum(1 for a in auto_wos if a[0] < t)
            plog(ms(t, 500, 1700), "INFO", "parkpilot.workorders", f"work-order sync: {n_wo} work orders in {rng.uniform(0.5, 1.6):.2f} s, maintenance locks: none")
        t2 = t + dt.timedelta(seconds=rng.randint(40, 80))
        r = rec_at(t2)
        if version_at(t2) == "3.2.0":
            plog(ms(t2), "INFO", "parkpilot.reactive", f"reactive power: Q(U) at {r['u']:.3f} pu, Q setpoint {q_target('3.2.0', r['export'], r['u']):.1f} Mvar")
        else:
            plog(ms(t2), "INFO", "parkpilot.reactive", f"reactive power: PF 0.95 importing, Q setpoint {q_target('3.1.4', r['export'], r['u']):.1f} Mvar")
        if k % 3 == 0:
            plog(ms(t + dt.timedelta(seconds=rng.randint(100, 200))), "INFO", "parkpilot.anm", f"IEC 104: general interrogation (C_IC_NA_1) from {ANM_IP}, 6 points sent")
        if rng.random() < 0.05:
            plog(ms(t + dt.timedelta(seconds=rng.randint(5, 250))), "WARNING", "parkpilot.meter", "NVP meter: Modbus read timeout (unit 1, register 3000), retrying")
        k += 1
        t += dt.timedelta(seconds=300)
    t = START + dt.timedelta(minutes=41, seconds=rng.randint(0, 59))
    while t < END:
        plog(ms(t), "INFO", "parkpilot.scada", "OPC UA secure channel renewed (token lifetime 3600 s)")
        t += dt.timedelta(hours=1)

    # ---- SCADA events
    for (t, tid, u_t) in ev["trips"]:
        volts = 690 * u_t
        sev(ms(t, 50, 300), tid, 2110, "ALARM", f"Grid overvoltage U> (1.10 Un, 60 s): L1-L2 {volts:.0f} V, L2-L3 {volts + rng.uniform(-2, 2):.0f} V, L3-L1 {volts + rng.uniform(-2, 2):.0f} V")
        sev(ms(t, 400, 700), tid, 2003, "INFO", "Converter disconnected, main breaker open, rotor to idle")
    for (t, tid) in ev["restart_delay"]:
        sev(ms(t, 100, 400), tid, 2115, "INFO", "Restart delay after grid fault: 600 s")
    for (t, tid, u_t) in ev["blocked"]:
        sev(ms(t), tid, 2116, "WARNING", f"Restart blocked: grid voltage {u_t * 100:.1f} % above restart limit 108.0 %")
    for (t, tid) in ev["starts"]:
        sev(ms(t), tid, 1001, "INFO", "Turbine started")
        sev(ms(t + dt.timedelta(seconds=40)), tid, 1002, "INFO", "Grid connected, converter synchronised")
    prev_limited = {tid: False for tid in TURBINES}
    for r in recs:
        for tid in TURBINES:
            limited = tid in r["sp"]
            if limited != prev_limited[tid]:
                if limited:
                    sev(ms(r["t"], 300, 900), tid, 3104, "STATUS", f"External power limitation active (setpoint {r['sp'][tid]:.0f} kW)")
                else:
                    sev(ms(r["t"], 300, 900), tid, 3105, "STATUS", "External power limitation inactive")
                prev_limited[tid] = limited
    routine = [
        (1, 4301, "INFO", lambda: f"Yaw: cable twist {rng.uniform(1.0, 2.6):.1f} turns, untwist scheduled"),
        (3, 4120, "WARNING", lambda: f"Pitch blade {rng.choice('ABC')}: deviation {rng.uniform(0.6, 1.4):.1f} deg"),
        (2, 6012, "WARNING", lambda: f"Gearbox oil temperature {rng.uniform(62, 68):.0f} C, cooler stage 2"),
        (1, 6301, "INFO", lambda: f"Converter cooling: fan stage {rng.choice([1, 2])}"),
        (2, 7002, "INFO", lambda: f"Shadow flicker: sun {rng.randint(31, 44)} deg, no receptor in shadow"),
        (1, 5301, "INFO", lambda: f"Anemometer heater on (nacelle {rng.uniform(6.5, 9.8):.1f} C)"),
    ]
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.0 / 60))
        if t >= END:
            break
        r = rec_at(t)
        tid = rng.choice(TURBINES)
        if r["state"][tid] != "run":
            continue
        w, code, cls, fn = rng.choices(routine, weights=[x[0] for x in routine])[0]
        sev(t, tid, code, cls, fn())
    sev(utc("2026-04-07 08:00:04") + dt.timedelta(hours=1), "SCADA", 9001, "INFO", "Daily report CDB 2026-04-06 generated (12 units)")

    # 10-minute records
    t = START + dt.timedelta(minutes=10)
    while t <= END:
        window = [r for r in recs if t - dt.timedelta(minutes=10) < r["t"] <= t]
        for tid in TURBINES:
            pm = sum(r["p"][tid] for r in window) / len(window)
            um = sum(r["u"] + 0.004 + (0.004 + 0.0038 * POSITION[tid]) * (r["p"][tid] / RATED_KW) for r in window) / len(window)
            last = window[-1]
            pset = f"{last['sp'][tid]:.0f}" if tid in last["sp"] else "-"
            st = last["state"][tid]
            label = {"run": "Run", "starting": "Run", "tripped": "GridFault"}[st]
            if label == "Run" and pset != "-":
                label = "Run/Limited"
            ws = window[-1]["ws"] * (1 + rng.uniform(-0.06, 0.06))
            tenmin.add(t + dt.timedelta(seconds=rng.randint(4, 9)),
                       f"{t.strftime('%Y-%m-%d %H:%M:%S')};{tid};ws={ws:.1f};P={pm:.0f};Pset={pset};U={um * 100:.1f}%;state={label};avail=1")
        t += dt.timedelta(minutes=10)

    # ---- NVP power-quality meter: 1-minute records and its 1.08 pu alarm
    t = START + dt.timedelta(minutes=1)
    alarm = False
    window = []
    alarm_first = None
    while t <= END:
        mins = [r for r in recs if t - dt.timedelta(minutes=1) < r["t"] <= t]
        u = sum(r["u"] for r in mins) / len(mins)
        pmw = sum(r["export"] for r in mins) / len(mins)
        qm = sum(r["q"] for r in mins) / len(mins)
        window = (window + [u])[-10:]
        u10 = sum(window) / len(window)
        kv = 33.0 * u
        meter.add(t + dt.timedelta(milliseconds=120),
                  f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} CDB-NVP U12={kv + rng.uniform(-0.03, 0.03):.2f}kV U23={kv + rng.uniform(-0.03, 0.03):.2f}kV U31={kv + rng.uniform(-0.03, 0.03):.2f}kV U={u:.3f}pu P={pmw:+.2f}MW Q={qm:+.2f}Mvar f={50 + rng.uniform(-0.04, 0.04):.3f}Hz THDu={rng.uniform(0.8, 1.3):.1f}%")
        if not alarm and u10 > 1.080:
            alarm = True
            alarm_first = alarm_first or t
            meter.add(t + dt.timedelta(milliseconds=300), f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} CDB-NVP ALARM overvoltage: U 10-min mean {u10:.3f} pu above alarm limit 1.080 pu")
        elif alarm and u10 < 1.075:
            alarm = False
            meter.add(t + dt.timedelta(milliseconds=300), f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} CDB-NVP ALARM cleared: U 10-min mean {u10:.3f} pu")
        t += dt.timedelta(minutes=1)
    meter.add(utc("2026-04-07 10:00:00") + dt.timedelta(milliseconds=500), "2026-04-07T10:00:00Z CDB-NVP EVENT daily flicker Plt 0.31, EN 50160 week summary sent")
    stats["meter_alarm"] = alarm_first

    # ---- incomer relay SER: the 59 alarm stage (1.080 pu, 10 s), never the trip stages
    def serl(t, text):
        ser.add(t, f"{t.strftime('%d/%m/%Y')},{t.strftime('%H:%M:%S.')}{t.microsecond // 1000:03d},{text}")

    serl(START + dt.timedelta(milliseconds=4), "Relay Enabled, Group 1 Active (daily)")
    high_since, asserted = None, False
    for r in recs:
        if r["u"] > 1.080:
            high_since = high_since or r["t"]
            if not asserted and (r["t"] - high_since).total_seconds() >= 10:
                serl(ms(r["t"], 1, 200), "59A Asserted NVP OVERVOLTAGE ALARM 1.080 PU")
                asserted = True
        else:
            high_since = None
            if asserted and r["u"] < 1.076:
                serl(ms(r["t"], 1, 200), "59A Deasserted NVP OVERVOLTAGE ALARM 1.080 PU")
                asserted = False
    serl(utc("2026-04-07 09:41:13"), "IN105 Asserted SUBSTATION DOOR OPEN")
    serl(utc("2026-04-07 09:58:40"), "IN105 Deasserted SUBSTATION DOOR OPEN")

    # ---- edge PC syslog
    t = START + dt.timedelta(seconds=rng.randint(1, 50))
    cron_pid = 18211
    while t < END:
        sys(t.replace(second=1, microsecond=0), "CRON", cron_pid, "(parkpilot) CMD (/opt/parkpilot/bin/trend-export --last 5m --to sftp://historian.cairnmore.internal)")
        cron_pid += rng.randint(3, 40)
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(minutes=rng.randint(5, 30))
    while t < END:
        sys(t, "chronyd", 598, f"Selected source 10.23.0.1 (ntp1.cdb.cairnmore.internal), offset {rng.uniform(-0.0009, 0.0009):+.6f} seconds")
        t += dt.timedelta(minutes=rng.randint(34, 71))
    for at in (REL_320, ROLLBACK, REDEPLOY):
        sys(at - dt.timedelta(seconds=41), "sshd", rng.randint(60000, 65000), "Accepted publickey for deploy from 10.8.0.14 port 5" + str(rng.randint(1000, 9999)) + " ssh2: ED25519 SHA256:Jv0qkQ3bV9r3mTz9Wc0o1n2Lr7PqXy1uT8sDe4fGh6A")
        sys(at - dt.timedelta(seconds=40), "sudo", None, "   deploy : PWD=/home/deploy ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(32)) + " ; /usr/bin/python3")
        sys(at - dt.timedelta(seconds=38), "systemd-logind", 688, "New session " + str(rng.randint(300, 900)) + " of user deploy.")
    sys(utc("2026-04-07 09:42:02"), "sshd", 61871, "Accepted publickey for alasdair from 10.23.1.50 port 50912 ssh2: ED25519 SHA256:aQ8nT0mW2vX6yZ4bC1dE3fG5hJ7kL9pR0sT2uV4wX6Y")
    sys(utc("2026-04-07 09:57:31"), "sshd", 61871, "pam_unix(sshd:session): session closed for user alasdair")
    sys(utc("2026-04-07 12:02:44"), "upsmon", 790, "UPS cdb-ups@localhost: battery test passed (runtime 41 min)")

    # ---- NCN notifications
    def note(t, kind, text, **extra):
        body = {"sent": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "from": "NCN Control", "scheme": "SBN-1", "site": "Carn Dubh", "type": kind}
        body.update(extra)
        body["message"] = text
        ncn.add(t, json.dumps(body))

    note(utc("2026-04-07 08:05:12"), "PLANNED_WORK", "Planned work today: Strathbran 132 kV circuit 2 switching 09:00-09:45 UTC; ANM constraints possible at Strathbran.")
    note(ANM1[0] + dt.timedelta(seconds=22), "CONSTRAINT_START", "ANM constraint at Strathbran GSP: 132 kV switching. Carn Dubh setpoint 32.0 MW.", setpoint_mw=32.0)
    note(ANM1[1] + dt.timedelta(seconds=18), "CONSTRAINT_END", "ANM constraint at Strathbran GSP ended. Carn Dubh unconstrained.", setpoint_mw=41.4)
    note(NCN_NOTICE, "FAULT", "Strathbran GSP: AVC fault. GT2 tap changer motor drive MCB tripped at 09:52 UTC; GT1 blocked on tap difference. Both transformers on tap 5, 33 kV busbar at 1.068 pu. Engineer dispatched, ETA 13:00 UTC. Customers on Strathbran 33 kV may see high voltage.")
    note(ANM2[0] + dt.timedelta(seconds=20), "CONSTRAINT_START", "ANM constraint at Strathbran GSP: voltage (AVC fault). Carn Dubh setpoint 20.0 MW to limit the voltage rise until the tap changers are back.", setpoint_mw=20.0)
    note(TAPS[2] + dt.timedelta(minutes=2, seconds=10), "FAULT_UPDATE", "Strathbran GSP: GT2 drive MCB reset, AVC back in auto, both transformers tapped down to tap 2. 33 kV busbar 1.031 pu and falling.")
    note(ANM2[1] + dt.timedelta(seconds=17), "CONSTRAINT_END", "ANM constraint at Strathbran GSP ended. Carn Dubh unconstrained.", setpoint_mw=41.4)
    note(utc("2026-04-07 14:12:30"), "FAULT_CLOSED", "Strathbran GSP AVC fault closed (INC-NCN-26-0412). The AVC alarm is now a separate alarm in NCN Control's SCADA, no longer grouped under GSP general.")

    # ---- Fieldwise audit export
    def aud(t, actor, event, wo, asset, **extra):
        body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "tenant": "cairnmore", "site": "CDB", "actor": actor, "event": event, "work_order": wo, "asset": asset}
        body.update(extra)
        audit.add(t, json.dumps(body))

    aud(utc("2026-04-06 10:12:44"), "fiona.macleod", "work_order.created", "WO-26-01162", "WTG-05", status_to="scheduled", lockout_required=True, title="Annual service (6000 h)", scheduled_for="2026-04-14")
    aud(utc("2026-04-07 08:44:10"), "fiona.macleod", "work_order.created", "WO-26-01180", "SUB", status_to="scheduled", lockout_required=False, title="Substation: replace door contact IN105")
    aud(utc("2026-04-07 09:59:02"), "alasdair.ross", "work_order.status_changed", "WO-26-01180", "SUB", status_from="scheduled", status_to="completed", note="Contact replaced, tested with relay.")
    for (tw, tid, number) in auto_wos:
        aud(tw + dt.timedelta(seconds=1), "parkpilot", "work_order.created", number, tid, status_to="open", priority="high", lockout_required=False, title="Repeated trips: Grid overvoltage U> (1.10 Un, 60 s)", source="parkpilot")
    for k, (tw, tid, number) in enumerate(auto_wos):
        aud(utc("2026-04-07 12:14:30") + dt.timedelta(seconds=25 * k), "fiona.macleod", "work_order.status_changed", number, tid, status_from="open", status_to="on_hold", note="Grid overvoltage, not a turbine fault. Holding until NCN answers.")
        aud(utc("2026-04-07 14:03:10") + dt.timedelta(seconds=25 * k), "fiona.macleod", "work_order.status_changed", number, tid, status_from="on_hold", status_to="closed", note="No fault found: Strathbran GSP AVC fault (NCN INC-NCN-26-0412).")

    # ---- deploy logs
    def gha(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    runs = ((utc("2026-03-31 13:24:30"), "v3.1.4", shas["rel314"], "ewan-munro", 8011402277),
            (REL_320, "v3.2.0", shas["rel320"], "ewan-munro", 8093317718),
            (ROLLBACK, "v3.1.4", shas["rel314"], "ewan-munro", 8094420395),
            (REDEPLOY, "v3.2.0", shas["rel320"], "ewan-munro", 8095118840))
    for at, tag, sha, who, run_id in runs:
        b = at - dt.timedelta(seconds=52)
        gha(b, "Requested labels: self-hosted, roc-vpn")
        gha(b + dt.timedelta(milliseconds=310), f"Job defined at: cairnmore/parkpilot/.github/workflows/deploy.yml@refs/tags/{tag}")
        gha(b + dt.timedelta(milliseconds=620), f"Waiting for a runner to pick up this job... (run {run_id}, triggered by {who}, inputs ref={tag} sites=CDB)")
        gha(b + dt.timedelta(seconds=2), "Runner name: 'roc-runner-01'")
        gha(b + dt.timedelta(seconds=4), "##[group]Run actions/checkout@v4")
        gha(b + dt.timedelta(seconds=6), f"HEAD is now at {sha[:7]} release {tag[1:]}")
        gha(b + dt.timedelta(seconds=6, milliseconds=400), "##[endgroup]")
        gha(b + dt.timedelta(seconds=7), f"##[group]Run ansible-playbook -i deploy/inventory.ini deploy/site.yml -e ref={tag} -l CDB")
        gha(b + dt.timedelta(seconds=9), "PLAY [all] *********************************************************************")
        gha(b + dt.timedelta(seconds=11), "TASK [parkpilot wheel] *********************************************************")
        gha(b + dt.timedelta(seconds=44), "changed: [cdb-edge-01.cdb.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=45), "TASK [site config] *************************************************************")
        gha(b + dt.timedelta(seconds=47), ("changed" if tag == "v3.2.0" or at == ROLLBACK else "ok") + ": [cdb-edge-01.cdb.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=48), "TASK [restart parkpilot] *******************************************************")
        gha(b + dt.timedelta(seconds=51), "changed: [cdb-edge-01.cdb.cairnmore.internal]")
        gha(b + dt.timedelta(seconds=52), "PLAY RECAP *********************************************************************")
        gha(b + dt.timedelta(seconds=52, milliseconds=100), "cdb-edge-01.cdb.cairnmore.internal : ok=3    changed=3    unreachable=0    failed=0")
        gha(b + dt.timedelta(seconds=53), "##[endgroup]")
        gha(b + dt.timedelta(seconds=54), "Cleaning up orphan processes")

    # ---- #roc-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "roc-ops", "from": who, "body": text}))

    trips = ev["trips"]
    first = trips[0][0]
    t_after_rb = [x for x in trips if x[0] > ROLLBACK]
    r0900 = rec_at(utc("2026-04-07 09:00:00"))
    say(utc("2026-04-07 08:31:00"), "Shona Macrae", "Morning. Windy and sunny, Carn Dubh and Glenlaggan near rated. NCN have planned switching on Strathbran 132 kV 09:00-09:45, expect an ANM constraint at Carn Dubh.")
    say(ANM1[0] + dt.timedelta(minutes=1), "Shona Macrae", "CDB ANM 32 MW, following.")
    say(ANM1[1] + dt.timedelta(minutes=1), "Shona Macrae", "CDB constraint off.")
    say(REL_320 - dt.timedelta(minutes=21), "Ewan Munro", "Deploying parkpilot 3.2.0 to Carn Dubh: Q(U) at the NVP (OPS-351, NCN accepted it last week), every turbine trip in our log with trips/hour (OPS-354), auto work order after 3 trips in 60 min (OPS-352), pymodbus.")
    say(REL_320 + dt.timedelta(minutes=2), "Ewan Munro", f"3.2.0 live on cdb-edge-01, Q(U) mode, absorbing {rec_at(REL_320 + dt.timedelta(minutes=1))['q']:.1f} Mvar.")
    say(first + dt.timedelta(minutes=1), "Shona Macrae", f"CDB {trips[0][1]} tripped: Grid overvoltage U>.")
    second = [x for x in trips if x[0] > first]
    both = " and ".join(sorted({x[1] for x in second if x[0] == second[0][0]}))
    say(second[0][0] + dt.timedelta(minutes=1), "Shona Macrae", f"{both} as well, same 'Grid overvoltage U> (1.10 Un, 60 s)'. All at the far end of their strings. {trips[0][1]} is restart-blocked, grid voltage above 108 %.")
    again = [x for x in trips if x[1] == trips[0][1] and x[0] > first]
    if again:
        say(again[0][0] + dt.timedelta(seconds=50), "Shona Macrae", f"{trips[0][1]} restarted and tripped again. parkpilot says 'trips in the last 60 min: 2'.")
    say(ROLLBACK - dt.timedelta(minutes=9), "Ewan Munro", "Q(U) went live half an hour before the first trip and it changes the reactive power at the NVP, which is voltage. Runbook says roll back after a release that changes reactive power. Rolling back to 3.1.4 (fixed PF 0.95).")
    say(ROLLBACK + dt.timedelta(minutes=1), "Ewan Munro", "3.1.4 running on cdb-edge-01, PF 0.95 importing.")
    if t_after_rb:
        say(t_after_rb[0][0] + dt.timedelta(minutes=1), "Shona Macrae", f"Still tripping after the rollback: {' and '.join(sorted({x[1] for x in t_after_rb if x[0] == t_after_rb[0][0]}))} just now. Fieldwise has auto work orders from 3.2.0 for the ones that tripped three times.")
    rnow = rec_at(ROLLBACK + dt.timedelta(minutes=11))
    say(ROLLBACK + dt.timedelta(minutes=12), "Priya Nair", f"NVP meter: {rnow['u']:.3f} pu now with {rnow['export']:.0f} MW export. At 09:00 it was {r0900['u']:.3f} pu with {r0900['export']:.0f} MW. The voltage goes up while our export goes down, so it's coming from upstream, not from us.")
    say(ROLLBACK + dt.timedelta(minutes=14), "Priya Nair", f"And Q: -13.6 Mvar under Q(U) before the rollback, {rnow['q']:.1f} now in PF mode with less P. If anything the rollback made it a bit worse. The 1-min records show the climb starting just before 10:00, an hour before 3.2.0.")
    say(ROLLBACK + dt.timedelta(minutes=16), "Fiona MacLeod", "Putting the auto WOs on hold, I'm not sending a tech up for grid overvoltage.")
    say(ROLLBACK + dt.timedelta(minutes=18), "Shona Macrae", "Calling NCN Control.")
    say(ROLLBACK + dt.timedelta(minutes=27), "Shona Macrae", "NCN Control: nothing on Strathbran in their alarm list at first, only the standing 'GSP general'. They're looking at the AVC now.")
    say(NCN_NOTICE + dt.timedelta(minutes=1), "Shona Macrae", "NCN confirms: AVC fault at Strathbran, GT2 tap changer drive MCB tripped at 09:52, both transformers stuck on tap 5, busbar 1.068. Engineer on the way. They'll constrain us to 20 MW meanwhile to keep the voltage down.")
    say(ANM2[0] + dt.timedelta(minutes=7), "Shona Macrae", "CDB at 20 MW, no more trips, and the tripped ones have restarted at reduced power.")
    say(TAPS[0] + dt.timedelta(minutes=3), "Priya Nair", f"NVP dropping, {rec_at(TAPS[0] + dt.timedelta(minutes=2, seconds=50))['u']:.3f} pu and falling. Taps moving at Strathbran.")
    say(TAPS[2] + dt.timedelta(minutes=8), "Shona Macrae", "NCN: AVC back in auto at Strathbran, tapped down to tap 2. Waiting for them to lift the 20 MW.")
    say(ANM2[1] + dt.timedelta(minutes=1), "Shona Macrae", "CDB constraint off.")
    say(REDEPLOY - dt.timedelta(minutes=3), "Ewan Munro", "Deploying 3.2.0 again to Carn Dubh, nothing in parkpilot to fix.")
    r_after = rec_at(REDEPLOY + dt.timedelta(minutes=2))
    say(REDEPLOY + dt.timedelta(minutes=3), "Ewan Munro", f"3.2.0 live, Q(U) absorbing {r_after['q']:.1f} Mvar at {r_after['u']:.3f} pu.")
    say(utc("2026-04-07 14:05:00"), "Fiona MacLeod", "Auto WOs closed as no fault found, NCN reference INC-NCN-26-0412.")
    say(utc("2026-04-07 14:16:00"), "Ewan Munro", "Runbook section added: overvoltage trips, look at the NVP voltage and ask NCN about the GSP's AVC before rolling back.")

    stats["first"] = first
    return [app, events, tenmin, meter, ser, syslog, ncn, audit, deploy, chat], stats, recs


def build(out_dir):
    rng = random.Random(72200)
    repo, shas = build_repo()
    try:
        logs, stats, recs = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert REL_320 + dt.timedelta(minutes=20) < onset < ROLLBACK - dt.timedelta(minutes=15), onset
        assert any(x[0] > ROLLBACK for x in stats["trips"]), "no trip after the rollback"
        assert not any(x[0] > ANM2[0] + dt.timedelta(minutes=2) for x in stats["trips"]), "trips during the 20 MW constraint"
        recs_by = {r["t"]: r for r in recs}

        def series(fn):
            def f(t):
                k = START + dt.timedelta(seconds=2 * max(1, int((t - START).total_seconds() // 2)))
                r = recs_by.get(k)
                return fn(r) if r else None
            return f

        metrics = {
            "carn_dubh_nvp.json": query_range([
                ({"site": SITE, "quantity": "voltage_pu", "source": "nvp-meter"}, series(lambda r: round(r["u"], 4))),
                ({"site": SITE, "quantity": "export_mw", "source": "nvp-meter"}, series(lambda r: round(r["export"], 2))),
                ({"site": SITE, "quantity": "q_mvar", "source": "nvp-meter"}, series(lambda r: round(r["q"], 2))),
                ({"site": SITE, "quantity": "anm_setpoint_mw", "source": "iec104"}, series(lambda r: r["anm"])),
            ], START, END, 30),
            "turbines_running.json": query_range([
                ({"site": SITE}, series(lambda r: sum(1 for s in r["state"].values() if s in ("run", "starting")))),
            ], START, END, 30),
        }
        n_trips = len(stats["trips"])
        return write_scenario(
            out_dir, name="r72-gsp-tap-changer-overvoltage-none", service=SERVICE, onset=onset,
            description=f"""
Carn Dubh Wind Farm (Cairnmore Renewables, 12 x 3.45 MW) loses turbines
to overvoltage trips on Tuesday 7 April: from {onset.strftime('%H:%M:%S')} UTC turbines at the
ends of the collector strings trip on "Grid overvoltage U> (1.10 Un, 60
s)", restart ten minutes later and trip again ({n_trips} trips in all); output
falls from 40 to about 23 MW. parkpilot 3.2.0 (Q(U) reactive power control,
trip logging, auto work orders) had been deployed at 10:52; it was rolled
back to 3.1.4 at 11:58 without effect. NCN constrained the site to 20 MW
at 12:33; the trips stopped, the voltage fell from 13:06, the constraint
ended at 13:20 and 3.2.0 was deployed again at 13:45.
""",
            logs=logs,
            line_formats={"parkpilot.log": r'<Date> <Time> <Level>\s+<Logger> \[<Site>\] <Content>',
                          "scada-events.log": r'<Time>\|<Park>\|<Unit>\|<Code>\|<Class>\|<Content>',
                          "scada-10min.log": r'<Time>;<Unit>;<Content>',
                          "incomer-relay-ser.log": r'<Date>,<Time>,<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'Grid overvoltage U>', r'ALARM overvoltage', r'AVC fault'],
            fix_files=[],
            explanation=f"""
No commit caused this. At 09:52 UTC the motor drive MCB of GT2's tap
changer at NCN's Strathbran grid supply point tripped; the AVC blocked
GT1 on tap difference and both transformers stayed on the boost tap of
the morning load. With the Easter-week load falling and the embedded
solar rising, the 33 kV busbar climbed from 1.02 to 1.07 pu, and at Carn
Dubh's connection point, 12 km down the line, the voltage climbed from
1.045 to about 1.085 pu (the incomer relay's 59A alarm stage from 11:19,
the meter's "ALARM overvoltage: U 10-min mean ... above alarm limit 1.080
pu" from {stats['meter_alarm'].strftime('%H:%M')}).
The turbines at the far ends of the collector strings, which see the
most voltage rise, tripped on "Grid overvoltage U> (1.10 Un, 60 s)"
from {onset.strftime('%H:%M:%S')}, restarted after 600 s and tripped again, or were
restart-blocked above 108 %. NCN found the "AVC fault" after the ROC's
call (notice at 12:31), constrained the site to 20 MW to limit the rise,
and its engineer reset the MCB at 13:06; three taps down brought the NVP
to about 1.04 pu and the constraint ended at 13:20.
Decoys: release 3.2.0, deployed {round((onset - REL_320).total_seconds() / 60)} minutes before the onset (OPS-351, Q(U)
reactive power control, enabled for Carn Dubh by a config commit that
morning, which changes the very quantity that sets the voltage rise;
OPS-354, which adds the very "tripped: Grid overvoltage" warning; OPS-352,
whose auto work orders land in Fieldwise; a pymodbus bump); the rollback
to 3.1.4, which changed nothing but the reactive power (PF 0.95 absorbs
less at part load, so more trips, not fewer); Monday's runbook commit
that reads repeated trips as a turbine fault or a parkpilot change to
reactive power and says to roll back; the morning's planned 132 kV
switching and its ANM constraint; routine pitch, gearbox and yaw events.
""",
        )
    finally:
        repo.close()
