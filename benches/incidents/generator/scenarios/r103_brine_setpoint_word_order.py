"""rinkops (Python 3.12, asyncio, pymodbus; Docker Compose on the arena's
ops server, deployed by a GitHub Actions workflow on a self-hosted runner
when a release tag is pushed) runs the ice plant side of Riverbend Centre,
a 6,800-seat arena in Saskatoon (CST, UTC-6 all year) and home of the
Saskatoon Ridgebacks, a junior hockey team. It reads the arena's event
calendar and gives the ice plant the brine supply setpoint and ice surface
target of each ice use (standard, game, figure skating, event floor),
which it writes over Modbus/TCP to the Polar Systems RC-900 plant
controller; it polls the controller's status block every 30 s and warns
the building staff.

The RC-900 keeps REAL values in two holding registers, low word first
("CDAB", manual 4.3.2), which rinkops's encoder did with pymodbus's
BinaryPayloadBuilder(wordorder=LITTLE). On Tuesday 20 January Dependabot
bumps pymodbus 3.7.4 -> 3.9.2, which deprecates the payload classes. On
Thursday 22 January at 10:46 CST ICE-141 (Sophie) replaces them with the
client's convert_to_registers / convert_from_registers, whose word order
is big by default, and adds a round-trip test (encode, then decode with
the same converter). Release 2.14.0 goes out at 13:40 CST. rinkops writes
setpoints only when the ice use changes, and after Thursday morning's
figure skating the plant stays on "standard" (written correctly by the old
code at 08:00 Thursday) until Friday's game.

Friday 23 January: release 2.15.0 goes out at 13:10 CST with ICE-150 (game
ice brine -6.5 -> -7.0, the Ridgebacks asked for harder ice), ICE-147 (a
warning when the ice surface stays above the profile's target, the very
warning that will fill the log) and ICE-148 (register names in write
failures, in the culprit's file); a runbook section from the morning says
soft ice with the setpoint confirmed means the plant is short of capacity
(condenser, compressors). At 14:30 CST, 4.5 h before the 19:00 puck drop,
rinkops switches to the game profile and writes -7.0 as [0xC0E0, 0x0000];
the RC-900 reads 0x0000C0E0, a denormal float, and logs "Brine Supply SP
changed -6.0 -> 0.0 degC by Modbus/TCP 10.20.4.15" (the ice surface target
likewise). rinkops reads the register back through the same converter and
logs "readback=-7.0"; its own status lines show brine_sp=0.0 from then on.
The compressors unload and stop, the brine warms, the ice surface rises
and from 14:52 rinkops warns. The on-call (Owen) follows the runbook
(winter's condenser spray pump lockout is routine), then suspects 2.15.0
and rolls back to 2.14.0 at 17:02 and re-applies the game profile without
effect (it writes -6.5 the same way). The chief engineer (Marcel) finds
Brine Supply SP 0.0 on the HMI at 17:14 and sets -7.0 by hand; Sophie sees
the word order, reverts ICE-141 (2.15.1, deployed 17:50); the game starts
at 19:27 on hard-enough ice.

Sources: rinkops (Python logging, line format), the RC-900 event log
(syslog RFC 3164 from Thursday 00:00 UTC, as the on-call exported it), the
ticket gate server (JSON lines), the scoreboard controller (logfmt), the
deploy workflow (GitHub Actions raw log), #arena-ops (Slack export, JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, write_scenario
from skeletons import chores

SERVICE = "rinkops"
CST = dt.timezone(dt.timedelta(hours=-6))
UTC = dt.timezone.utc


def cst(text):
    """'2026-01-23 14:30:00' in Saskatoon (CST, UTC-6) -> aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST).astimezone(UTC)


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, UTC)


def iso_z(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def C(text):
    """'23 14:30:00' (day of January 2026, Saskatoon time) -> epoch seconds."""
    day, clock = text.split(" ")
    return secs(cst(f"2026-01-{int(day):02d} {clock}"))


THU_DEPLOY = C("22 13:40:20")
REL_DEPLOY = C("23 13:10:30")
GAME_PREP = C("23 14:30:02")
ROLLBACK_DEPLOY = C("23 17:02:10")
ROLLBACK_APPLY = C("23 17:05:40")
HMI_SET = C("23 17:16:20")
FIX_DEPLOY = C("23 17:50:15")
FIX_APPLY = C("23 17:53:05")
PUCK_DROP = C("23 19:27:10")
PLANT_IP, OPS_IP = "10.20.4.30", "10.20.4.15"

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "rinkops"
version = "2.13.0"
description = "Ice plant setpoints from the event calendar, plant status and alerts for Riverbend Centre"
requires-python = ">=3.12"
dependencies = [
  "pymodbus==3.7.4",
  "httpx==0.27.2",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.0",
  "uvicorn==0.32.1",
  "starlette==0.41.3",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.24.0"]

[project.scripts]
rinkops = "rinkops.main:run"
rinkops-admin = "rinkops.admin:main"
"""

INIT = '__version__ = "2.13.0"\n'

MAIN = '''"""rinkops: the ice plant side of Riverbend Centre."""

import asyncio
import logging
import os

import uvicorn
from pymodbus.client import AsyncModbusTcpClient

from rinkops import __version__
from rinkops.alerts import IceWatch
from rinkops.api import build_app
from rinkops.plant.setpoints import SetpointWriter
from rinkops.plant.status import StatusPoller
from rinkops.schedule.calendar import Calendar
from rinkops.schedule.profiles import Profiles, Scheduler

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s.%(msecs)03dZ %(levelname)-7s [%(name)s] %(message)s",
    datefmt="%Y-%m-%dT%H:%M:%S",
)
logging.Formatter.converter = __import__("time").gmtime
log = logging.getLogger("rinkops.main")

PLANT_HOST = os.environ.get("PLANT_HOST", "10.20.4.30")
PLANT_PORT = int(os.environ.get("PLANT_PORT", "502"))


async def amain():
    log.info("rinkops %s starting (commit %s)", __version__, os.environ.get("GIT_SHA", "dev")[:7])
    profiles = Profiles.load(os.environ.get("PROFILES", "config/profiles.yaml"))
    client = AsyncModbusTcpClient(PLANT_HOST, port=PLANT_PORT, timeout=3, retries=2)
    await client.connect()
    log.info("modbus connected to plant controller %s:%d unit 1", PLANT_HOST, PLANT_PORT)
    writer = SetpointWriter(client)
    poller = StatusPoller(client)
    scheduler = Scheduler(Calendar.from_env(), profiles, writer)
    watch = IceWatch(poller, scheduler)
    server = uvicorn.Server(uvicorn.Config(build_app(poller, scheduler), host="0.0.0.0", port=8080, log_config=None))
    await asyncio.gather(poller.run(), scheduler.run(), watch.run(), server.serve())


def run():
    asyncio.run(amain())
'''

SETPOINTS_OLD = '''"""Writes the ice plant's setpoints to the RC-900 plant controller over
Modbus/TCP and reads them back.

The RC-900 keeps REAL (float32) values in two holding registers, low word
first (Polar Systems' "CDAB" order, RC-900 manual 4.3.2), big-endian bytes
inside each word. rinkops writes a setpoint only when the ice use changes
(see schedule/profiles.py), never on start-up: the plant keeps what it has.
"""

import logging

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.constants import Endian
from pymodbus.payload import BinaryPayloadBuilder, BinaryPayloadDecoder

log = logging.getLogger("rinkops.plant.setpoints")

UNIT = 1

# Holding registers, 0-based on the wire (40101 in the manual is 100).
REGISTERS = {
    "brine_supply": 100,        # 40101-40102, degC
    "ice_surface_target": 102,  # 40103-40104, degC
}


class PlantWriteError(RuntimeError):
    pass


def encode_real(value: float) -> list[int]:
    builder = BinaryPayloadBuilder(byteorder=Endian.BIG, wordorder=Endian.LITTLE)
    builder.add_32bit_float(value)
    return builder.to_registers()


def decode_real(registers: list[int]) -> float:
    decoder = BinaryPayloadDecoder.fromRegisters(registers, byteorder=Endian.BIG, wordorder=Endian.LITTLE)
    return round(decoder.decode_32bit_float(), 2)


class SetpointWriter:
    def __init__(self, client: AsyncModbusTcpClient):
        self.client = client
        self.confirmed: dict[str, float] = {}

    async def write(self, name: str, value: float, profile: str) -> float:
        address = REGISTERS[name]
        result = await self.client.write_registers(address, encode_real(value), slave=UNIT)
        if result.isError():
            log.error("setpoint write failed: %s=%.1f profile=%s: %s", name, value, profile, result)
            raise PlantWriteError(f"{name}: {result}")
        back = await self.client.read_holding_registers(address, count=2, slave=UNIT)
        readback = decode_real(back.registers)
        self.confirmed[name] = readback
        log.info("setpoint written: %s=%.1f degC profile=%s readback=%.1f", name, value, profile, readback)
        return readback
'''

STATUS = '''"""Polls the RC-900's status block (input registers 30001-30024) every 30 s.

The status block is laid out as the RC-900's BMS map: REAL values low word
first. Decoded by hand here since the BMS map was written before rinkops
used pymodbus's payload classes.
"""

import asyncio
import logging
import struct
from dataclasses import dataclass

log = logging.getLogger("rinkops.plant.status")

STATES = {0: "STOP", 1: "RUN", 2: "ALARM", 3: "ESD", 4: "MANUAL"}


def real(lo: int, hi: int) -> float:
    return struct.unpack(">f", struct.pack(">HH", hi, lo))[0]


@dataclass
class PlantStatus:
    state: str
    brine_supply: float
    brine_return: float
    brine_sp: float
    ice_surface: float
    c1: int
    c2: int
    c3: int
    suction_bar: float
    discharge_bar: float


class StatusPoller:
    def __init__(self, client, every: float = 30.0):
        self.client = client
        self.every = every
        self.last: PlantStatus | None = None

    async def poll(self) -> PlantStatus:
        rr = await self.client.read_input_registers(0, count=24, slave=1)
        r = rr.registers
        s = PlantStatus(
            state=STATES.get(r[0], str(r[0])),
            brine_supply=round(real(r[2], r[3]), 2),
            brine_return=round(real(r[4], r[5]), 2),
            brine_sp=round(real(r[6], r[7]), 1),
            ice_surface=round(real(r[8], r[9]), 2),
            c1=r[10], c2=r[11], c3=r[12],
            suction_bar=round(real(r[14], r[15]), 1),
            discharge_bar=round(real(r[16], r[17]), 1),
        )
        self.last = s
        log.info(
            "plant status state=%s brine_supply=%.2f brine_return=%.2f brine_sp=%.1f ice_surface=%.2f c1=%d%% c2=%d%% c3=%d%% suction=%.1fbar discharge=%.1fbar",
            s.state, s.brine_supply, s.brine_return, s.brine_sp, s.ice_surface, s.c1, s.c2, s.c3, s.suction_bar, s.discharge_bar,
        )
        return s

    async def run(self):
        while True:
            try:
                await self.poll()
            except Exception as err:  # the controller drops idle connections now and then
                log.warning("status poll failed: %s; reconnecting", err)
                await self.client.connect()
            await asyncio.sleep(self.every)
'''

PROFILES_YAML = """# Brine supply setpoint and ice surface target per ice use, degC.
# The ice surface runs about 1.2-1.4 degC warmer than the brine supply at
# 38 mm of ice. Talk to Marcel (chief engineer) before changing these.
profiles:
  standard:
    brine_supply: -6.0
    ice_surface_target: -4.5
  game:
    brine_supply: -6.5
    ice_surface_target: -5.5
  figure:
    brine_supply: -5.0
    ice_surface_target: -3.5
  event_floor:
    brine_supply: -4.0
    ice_surface_target: -3.0

# A game's profile starts this long before puck drop so the ice is hard
# by the warm-up.
game_prep_hours: 4.5
"""

PROFILES_PY = '''"""Which ice profile applies when, from the event calendar, and the
writes at each change of ice use."""

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

import yaml

log = logging.getLogger("rinkops.schedule")


@dataclass
class Profile:
    name: str
    brine_supply: float
    ice_surface_target: float


class Profiles:
    def __init__(self, profiles: dict[str, Profile], game_prep: dt.timedelta):
        self.profiles = profiles
        self.game_prep = game_prep

    @classmethod
    def load(cls, path: str) -> "Profiles":
        with open(path) as handle:
            raw = yaml.safe_load(handle)
        profiles = {name: Profile(name, **values) for name, values in raw["profiles"].items()}
        logging.getLogger("rinkops.main").info("profiles loaded: %s (%s)", " ".join(profiles), path)
        return cls(profiles, dt.timedelta(hours=raw.get("game_prep_hours", 4.5)))


class Scheduler:
    def __init__(self, calendar, profiles: Profiles, writer):
        self.calendar = calendar
        self.profiles = profiles
        self.writer = writer
        self.active: Profile | None = None

    def wanted(self, now: dt.datetime) -> tuple[Profile, object]:
        booking = self.calendar.current(now, self.profiles.game_prep)
        name = booking.ice_profile if booking else "standard"
        return self.profiles.profiles[name], booking

    async def apply(self, profile: Profile, reason: str):
        log.info("profile change %s -> %s (%s)", self.active.name if self.active else "-", profile.name, reason)
        await self.writer.write("brine_supply", profile.brine_supply, profile.name)
        await self.writer.write("ice_surface_target", profile.ice_surface_target, profile.name)
        self.active = profile

    async def run(self):
        while True:
            profile, booking = self.wanted(dt.datetime.now(dt.timezone.utc))
            if self.active is None:
                # start-up: remember what applies, write nothing (the plant keeps its setpoints)
                self.active = profile
                log.info("active profile %s (no write at start-up)", profile.name)
            elif profile.name != self.active.name:
                await self.apply(profile, booking.describe() if booking else "no booking")
            await asyncio.sleep(30)
'''

CALENDAR_PY = '''"""The arena's event calendar (events team's API): bookings of the ice."""

import datetime as dt
import logging
import os
from dataclasses import dataclass

import httpx

log = logging.getLogger("rinkops.calendar")


@dataclass
class Booking:
    id: str
    title: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    ice_profile: str

    def describe(self) -> str:
        return f"booking {self.id} {self.title}, {self.kind} at {self.start.astimezone(dt.timezone(dt.timedelta(hours=-6))):%H:%M} CST"


class Calendar:
    def __init__(self, url: str, token: str):
        self.url = url
        self.token = token
        self.bookings: list[Booking] = []

    @classmethod
    def from_env(cls) -> "Calendar":
        return cls(os.environ["CALENDAR_URL"], os.environ["CALENDAR_TOKEN"])

    def sync(self):
        r = httpx.get(f"{self.url}/bookings", params={"resource": "main-ice", "days": 2},
                      headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        r.raise_for_status()
        self.bookings = [Booking(**b) for b in r.json()["bookings"]]
        log.info("calendar synced: %d bookings in 48 h", len(self.bookings))

    def current(self, now: dt.datetime, game_prep: dt.timedelta) -> Booking | None:
        for b in self.bookings:
            lead = game_prep if b.kind == "game" else dt.timedelta(minutes=30)
            if b.start - lead <= now < b.end:
                return b
        return None
'''

ALERTS_OLD = '''"""Warnings for the building staff (the log is shipped to #arena-ops)."""

import asyncio
import logging

log = logging.getLogger("rinkops.alerts")


class IceWatch:
    def __init__(self, poller, scheduler):
        self.poller = poller
        self.scheduler = scheduler

    async def run(self):
        while True:
            s = self.poller.last
            if s is not None and s.state in ("ALARM", "ESD"):
                log.error("plant controller state %s", s.state)
            await asyncio.sleep(60)
'''

API_PY = '''"""The dashboard's JSON and Prometheus metrics."""

from prometheus_client import Gauge, make_asgi_app
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

ICE = Gauge("rinkops_ice_surface_celsius", "Ice surface temperature (IR)")
BRINE = Gauge("rinkops_brine_supply_celsius", "Brine supply temperature")


def build_app(poller, scheduler):
    async def plant(request):
        s = poller.last
        if s is not None:
            ICE.set(s.ice_surface)
            BRINE.set(s.brine_supply)
        return JSONResponse({"status": s.__dict__ if s else None, "profile": scheduler.active.name if scheduler.active else None})

    return Starlette(routes=[Route("/api/plant", plant), Mount("/metrics", make_asgi_app())])
'''

ADMIN_PY = '''"""rinkops-admin apply PROFILE: write a profile's setpoints now (after a
plant restart, or when the HMI was changed by hand)."""

import asyncio
import getpass
import os
import sys

from pymodbus.client import AsyncModbusTcpClient

from rinkops.plant.setpoints import SetpointWriter
from rinkops.schedule.profiles import Profiles


async def apply(name: str):
    profiles = Profiles.load(os.environ.get("PROFILES", "config/profiles.yaml"))
    client = AsyncModbusTcpClient(os.environ.get("PLANT_HOST", "10.20.4.30"), port=502, timeout=3)
    await client.connect()
    p = profiles.profiles[name]
    writer = SetpointWriter(client)
    import logging
    logging.getLogger("rinkops.schedule").info("profile %s applied by hand (%s)", name, getpass.getuser())
    await writer.write("brine_supply", p.brine_supply, name)
    await writer.write("ice_surface_target", p.ice_surface_target, name)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "apply":
        sys.exit("usage: rinkops-admin apply PROFILE")
    asyncio.run(apply(sys.argv[2]))
'''

TEST_SETPOINTS_OLD = '''import pytest

from rinkops.plant.setpoints import SetpointWriter


class FakeResult:
    def __init__(self, registers=None):
        self.registers = registers or []

    def isError(self):
        return False


class FakeClient:
    def __init__(self):
        self.memory = {}

    async def write_registers(self, address, values, slave=1):
        for i, v in enumerate(values):
            self.memory[address + i] = v
        return FakeResult()

    async def read_holding_registers(self, address, count=2, slave=1):
        return FakeResult([self.memory[address + i] for i in range(count)])


@pytest.mark.asyncio
async def test_write_confirms_value():
    writer = SetpointWriter(FakeClient())
    assert await writer.write("brine_supply", -6.5, "game") == -6.5
    assert writer.confirmed["brine_supply"] == -6.5
'''

COMPOSE = """services:
  rinkops:
    image: ghcr.io/riverbend-centre/rinkops:${RINKOPS_TAG}
    restart: unless-stopped
    environment:
      PLANT_HOST: 10.20.4.30
      PROFILES: /app/config/profiles.yaml
      CALENDAR_URL: https://events.riverbendcentre.ca/api/v2
      CALENDAR_TOKEN: ${CALENDAR_TOKEN}
      GIT_SHA: ${GIT_SHA}
    ports:
      - "8080:8080"
    logging:
      driver: syslog
      options:
        syslog-address: "udp://10.20.1.5:514"
        tag: rinkops
"""

DEPLOY_WF = """name: deploy
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      tag:
        description: 'release to deploy (e.g. 2.14.0), for a rollback'
        required: true
jobs:
  deploy:
    runs-on: [self-hosted, arena-ops-01]
    steps:
      - uses: actions/checkout@v3
      - run: docker build -t ghcr.io/riverbend-centre/rinkops:${TAG} --build-arg GIT_SHA=${{ github.sha }} .
      - run: docker compose -f deploy/docker-compose.yml up -d rinkops
        env:
          RINKOPS_TAG: ${{ inputs.tag || github.ref_name }}
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
      - uses: actions/checkout@v3
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pip install .[test]
      - run: pytest -q
"""

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml .
COPY rinkops rinkops
RUN pip install --no-cache-dir .
COPY config config
ARG GIT_SHA=dev
ENV GIT_SHA=$GIT_SHA
CMD ["rinkops"]
"""

README = """# rinkops

The ice plant side of Riverbend Centre: reads the events team's calendar,
gives the RC-900 plant controller the brine supply setpoint and ice surface
target of each ice use (`config/profiles.yaml`), polls the plant's status
block and warns the building staff in #arena-ops.

## Running locally

```
pip install -e .[test]
pytest -q
PLANT_HOST=127.0.0.1 CALENDAR_URL=... rinkops
```

## Deploying

Push a tag `vX.Y.Z`: the deploy workflow builds the image on arena-ops-01
and restarts the container. Roll back with the workflow's "Run workflow"
button and the previous tag. See `docs/runbook.md`.
"""

RUNBOOK = """# rinkops runbook

Owner: #arena-tech. The plant itself: Marcel Lavoie (chief engineer),
Keewatin Refrigeration (24 h service line in the machine room).

## Plant controller unreachable

rinkops logs "status poll failed" and reconnects. The RC-900 drops idle
Modbus connections after 120 s; one or two an hour is normal. If it lasts,
check the plant network switch in the machine room (port 7).

## Calendar sync failing

The events team's API. Profiles keep the last known bookings for 48 h.
"""

RUNBOOK_CAPACITY = """
## Ice surface warm, setpoint confirmed

If rinkops warns "ice surface above target" and the setpoint write was
confirmed (readback equals the profile), rinkops has done its part: the
plant is short of capacity. Check with Marcel or the building operator:
condenser (spray pump, fans), compressor alarms, brine pump P-1, and how
many floods the ice has had. In winter the evaporative condenser's spray
pump is locked out below 2 degC ambient; that is normal. Call Keewatin if a
compressor is in alarm. Do not change the profiles to chase it.
"""

CHANGELOG = """# Changelog

## 2.13.0

- pymodbus 3.9.2.
- Calendar: doubleheaders on one booking (EVT-88).

## 2.12.0

- Event floor profile for concerts on the insulated floor.
"""


def release_files(repo, old, new, notes):
    return {
        "pyproject.toml": repo.edit("pyproject.toml", f'version = "{old}"', f'version = "{new}"'),
        "rinkops/__init__.py": repo.edit("rinkops/__init__.py", f'"{old}"', f'"{new}"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {new}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


def base_tree():
    return {
        "pyproject.toml": PYPROJECT,
        "rinkops/__init__.py": INIT,
        "rinkops/main.py": MAIN,
        "rinkops/admin.py": ADMIN_PY,
        "rinkops/api.py": API_PY,
        "rinkops/alerts.py": ALERTS_OLD,
        "rinkops/plant/__init__.py": "",
        "rinkops/plant/setpoints.py": SETPOINTS_OLD,
        "rinkops/plant/status.py": STATUS,
        "rinkops/schedule/__init__.py": "",
        "rinkops/schedule/profiles.py": PROFILES_PY,
        "rinkops/schedule/calendar.py": CALENDAR_PY,
        "config/profiles.yaml": PROFILES_YAML,
        "tests/__init__.py": "",
        "tests/test_setpoints.py": TEST_SETPOINTS_OLD,
        "tests/test_profiles.py": "from rinkops.schedule.profiles import Profiles\n\n\ndef test_profiles_load():\n    p = Profiles.load(\"config/profiles.yaml\")\n    assert set(p.profiles) == {\"standard\", \"game\", \"figure\", \"event_floor\"}\n    assert p.profiles[\"game\"].brine_supply < p.profiles[\"standard\"].brine_supply\n",
        "deploy/docker-compose.yml": COMPOSE,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        ".github/workflows/ci.yml": CI,
        "Dockerfile": DOCKERFILE,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG.replace("## 2.13.0\n\n- pymodbus 3.9.2.\n- Calendar: doubleheaders on one booking (EVT-88).\n\n", ""),
    }


def people():
    return {
        "sophie": Person("Sophie Tremblay", "sophie.tremblay@riverbendcentre.ca", -300),
        "owen": Person("Owen Bergstrom", "owen.bergstrom@riverbendcentre.ca", -360),
        "priya": Person("Priya Natarajan", "priya.natarajan@riverbendcentre.ca", -480),
        "bot": Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0),
    }


def build_repo():
    p = people()
    sophie, owen, priya, bot = p["sophie"], p["owen"], p["priya"], p["bot"]
    repo = Repo()
    shas = {}
    sp, prof, al = "rinkops/plant/setpoints.py", "config/profiles.yaml", "rinkops/alerts.py"

    tree = base_tree()
    tree["pyproject.toml"] = tree["pyproject.toml"].replace('version = "2.13.0"', 'version = "2.12.0"')
    tree["rinkops/__init__.py"] = '__version__ = "2.12.0"\n'
    shas["base"] = repo.commit(cst("2026-01-15 09:12:00"), owen, "rinkops 2.12.0: move to the riverbend-centre org (history before this is in arena-tech/archive)", tree)
    repo.schedule(chores(random.Random(103011), SERVICE, [sophie, owen, priya], cst("2026-01-15 12:00:00"), cst("2026-01-22 10:00:00"), 3))
    repo.commit(cst("2026-01-16 10:30:00"), priya, "calendar: one booking may hold two games (doubleheaders, EVT-88)", {
        "rinkops/schedule/calendar.py": sub(repo.files["rinkops/schedule/calendar.py"],
                                            "    def current(self, now: dt.datetime, game_prep: dt.timedelta) -> Booking | None:\n",
                                            "    def current(self, now: dt.datetime, game_prep: dt.timedelta) -> Booking | None:\n        # A doubleheader is one booking from the first game's start to the\n        # second game's end (EVT-88): one game_prep lead, one profile.\n"),
    })
    shas["bump"] = repo.commit(cst("2026-01-20 03:14:00"), bot, "build(deps): bump pymodbus from 3.7.4 to 3.9.2\n\nBumps [pymodbus](https://github.com/pymodbus-dev/pymodbus) from 3.7.4 to 3.9.2.\n- [Release notes](https://github.com/pymodbus-dev/pymodbus/releases)\n- [Changelog](https://github.com/pymodbus-dev/pymodbus/blob/dev/CHANGELOG.rst)", {
        "pyproject.toml": repo.edit("pyproject.toml", "pymodbus==3.7.4", "pymodbus==3.9.2"),
    })
    repo.commit(cst("2026-01-20 11:05:00"), owen, "release 2.13.0", release_files(repo, "2.12.0", "2.13.0", [
        "pymodbus 3.9.2.",
        "Calendar: doubleheaders on one booking (EVT-88).",
    ]))
    repo.commit(cst("2026-01-21 13:40:00"), priya, "tests: calendar lead times for games and other bookings", {
        "tests/test_calendar.py": "import datetime as dt\n\nfrom rinkops.schedule.calendar import Booking, Calendar\n\nT = dt.datetime(2026, 1, 23, 1, 0, tzinfo=dt.timezone.utc)\n\n\ndef cal(kind):\n    c = Calendar(\"http://x\", \"t\")\n    c.bookings = [Booking(\"B-1\", \"x\", kind, T, T + dt.timedelta(hours=3), \"game\" if kind == \"game\" else \"standard\")]\n    return c\n\n\ndef test_game_lead():\n    assert cal(\"game\").current(T - dt.timedelta(hours=4), dt.timedelta(hours=4.5)) is not None\n\n\ndef test_other_lead():\n    assert cal(\"practice\").current(T - dt.timedelta(hours=1), dt.timedelta(hours=4.5)) is None\n",
    })
    shas["culprit"] = repo.commit(cst("2026-01-22 10:46:00"), sophie, "plant: use the client's register converters instead of the deprecated payload classes (ICE-141)\n\npymodbus 3.9 logs a DeprecationWarning for BinaryPayloadBuilder and\nBinaryPayloadDecoder at every start, and 3.10 removes them. The client's\nconvert_to_registers / convert_from_registers do the same in one call.\nRound-trip test for every profile's values.", {
        sp: sub(repo.files[sp],
                "from pymodbus.client import AsyncModbusTcpClient\nfrom pymodbus.constants import Endian\nfrom pymodbus.payload import BinaryPayloadBuilder, BinaryPayloadDecoder\n",
                "from pymodbus.client import AsyncModbusTcpClient\nfrom pymodbus.client.mixin import ModbusClientMixin\n",
                "def encode_real(value: float) -> list[int]:\n    builder = BinaryPayloadBuilder(byteorder=Endian.BIG, wordorder=Endian.LITTLE)\n    builder.add_32bit_float(value)\n    return builder.to_registers()\n\n\ndef decode_real(registers: list[int]) -> float:\n    decoder = BinaryPayloadDecoder.fromRegisters(registers, byteorder=Endian.BIG, wordorder=Endian.LITTLE)\n    return round(decoder.decode_32bit_float(), 2)\n",
                "FLOAT32 = ModbusClientMixin.DATATYPE.FLOAT32\n\n\ndef encode_real(value: float) -> list[int]:\n    return ModbusClientMixin.convert_to_registers(value, FLOAT32)\n\n\ndef decode_real(registers: list[int]) -> float:\n    return round(ModbusClientMixin.convert_from_registers(registers, FLOAT32), 2)\n"),
        "tests/test_setpoints.py": sub(repo.files["tests/test_setpoints.py"],
                                       "from rinkops.plant.setpoints import SetpointWriter\n",
                                       "from rinkops.plant.setpoints import SetpointWriter, decode_real, encode_real\n") +
        "\n\n@pytest.mark.parametrize(\"value\", [-7.0, -6.5, -6.0, -5.5, -5.0, -4.5, -4.0, -3.5, -3.0])\ndef test_real_round_trip(value):\n    assert decode_real(encode_real(value)) == value\n",
    })
    repo.commit(cst("2026-01-22 11:20:00"), owen, "README: the profiles and who to ask before changing them", {
        "README.md": repo.files["README.md"] + "\n## Ice profiles\n\n| profile | brine supply | ice surface |\n|---|---|---|\n| standard | -6.0 | -4.5 |\n| game | -6.5 | -5.5 |\n| figure | -5.0 | -3.5 |\n| event_floor | -4.0 | -3.0 |\n\nAsk Marcel before changing them: the slab takes hours to follow.\n",
    })
    shas["rel_214"] = repo.commit(cst("2026-01-22 13:31:00"), owen, "release 2.14.0", release_files(repo, "2.13.0", "2.14.0", [
        "Register conversion with the pymodbus client's converters (ICE-141).",
    ]))
    shas["ice148"] = repo.commit(cst("2026-01-23 09:41:00"), owen, "plant: name the register in setpoint write failures (ICE-148)", {
        sp: sub(repo.files[sp],
                '            log.error("setpoint write failed: %s=%.1f profile=%s: %s", name, value, profile, result)\n',
                '            log.error("setpoint write failed: %s=%.1f (holding register 4%04d) profile=%s: %s", name, value, address + 1, profile, result)\n'),
    })
    shas["ice147"] = repo.commit(cst("2026-01-23 10:18:00"), priya, "alerts: warn when the ice surface stays above the profile's target (ICE-147)\n\nThe building operator only sees it on the dashboard. Warn after 5 min\nmore than 1.0 degC above the active profile's target, once a minute,\nwith the setpoint we wrote and the brine supply.", {
        al: sub(repo.files[al],
                "    def __init__(self, poller, scheduler):\n        self.poller = poller\n        self.scheduler = scheduler\n",
                "    def __init__(self, poller, scheduler, margin: float = 1.0, after_min: int = 5):\n        self.poller = poller\n        self.scheduler = scheduler\n        self.margin = margin\n        self.after_min = after_min\n        self.warm_min = 0\n",
                "                log.error(\"plant controller state %s\", s.state)\n",
                "                log.error(\"plant controller state %s\", s.state)\n            p = self.scheduler.active\n            if s is not None and p is not None and s.ice_surface > p.ice_surface_target + self.margin:\n                self.warm_min += 1\n                if self.warm_min >= self.after_min:\n                    sp = self.scheduler.writer.confirmed.get(\"brine_supply\", p.brine_supply)\n                    log.warning(\n                        \"ice surface above target for %d min: surface=%.1f target=%.1f profile=%s brine_sp=%.1f brine_supply=%.1f\",\n                        self.warm_min, s.ice_surface, p.ice_surface_target, p.name, sp, s.brine_supply,\n                    )\n            else:\n                self.warm_min = 0\n"),
    })
    shas["ice150"] = repo.commit(cst("2026-01-23 11:02:00"), owen, "profiles: game brine supply -6.5 -> -7.0 (ICE-150)\n\nThe Ridgebacks' equipment manager asked for harder ice for games; Marcel\nagreed to -7.0 brine supply, surface target unchanged.", {
        prof: sub(repo.files[prof], "  game:\n    brine_supply: -6.5\n", "  game:\n    brine_supply: -7.0\n"),
        "README.md": repo.edit("README.md", "| game | -6.5 | -5.5 |", "| game | -7.0 | -5.5 |"),
    })
    shas["runbook"] = repo.commit(cst("2026-01-23 11:34:00"), owen, "runbook: warm ice with the setpoint confirmed is plant capacity (from Marcel)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_CAPACITY,
    })
    shas["rel_215"] = repo.commit(cst("2026-01-23 12:52:00"), owen, "release 2.15.0", release_files(repo, "2.14.0", "2.15.0", [
        "Warning when the ice surface stays above the profile's target (ICE-147).",
        "Game brine supply -7.0 (ICE-150).",
        "Register names in setpoint write failures (ICE-148).",
    ]))
    shas["revert"] = repo.commit(cst("2026-01-23 17:37:00"), sophie, "Revert \"plant: use the client's register converters instead of the deprecated payload classes (ICE-141)\"\n\nThis reverts ICE-141. convert_to_registers uses big word order by\ndefault; the RC-900 wants the low word first (manual 4.3.2), which the\nbuilder had as wordorder=LITTLE. -7.0 went out as C0E0 0000 and the\nplant read 0000 C0E0 = 6.9e-41, so the brine supply setpoint has been\n0.0 since 14:30. The readback used the same converter and agreed with\nus. INC-311.", {
        sp: SETPOINTS_OLD.replace(
            '            log.error("setpoint write failed: %s=%.1f profile=%s: %s", name, value, profile, result)\n',
            '            log.error("setpoint write failed: %s=%.1f (holding register 4%04d) profile=%s: %s", name, value, address + 1, profile, result)\n'),
        "tests/test_setpoints.py": TEST_SETPOINTS_OLD,
    })
    shas["rel_2151"] = repo.commit(cst("2026-01-23 17:44:00"), sophie, "release 2.15.1", release_files(repo, "2.15.0", "2.15.1", [
        "Setpoints written low word first again: revert of ICE-141 (INC-311).",
    ]))
    return repo, shas


# ---------------------------------------------------------------------------
# the plant, Thursday and Friday

T_PLANT0 = secs(cst("2026-01-21 18:00:00"))   # Thursday 00:00 UTC
T0 = secs(cst("2026-01-23 12:00:00"))         # Friday 18:00 UTC
T1 = secs(cst("2026-01-23 20:30:00"))         # Saturday 02:30 UTC

STEP = 10.0


def simulate(rng):
    """The RC-900's view: brine supply setpoint, staging of three screw
    compressors (C1 lead with a slide valve, C2 and C3 on/off), brine and
    ice surface temperatures. Returns samples every STEP s and events."""
    sp_changes = [  # (time, brine SP, ice target, source)
        (C("22 04:30:03"), -5.0, -3.5, "mod"),
        (C("22 08:00:04"), -6.0, -4.5, "mod"),
        (GAME_PREP + 0.3, 0.0, 0.0, "mod"),
        (ROLLBACK_APPLY + 0.3, 0.0, 0.0, "mod"),
        (HMI_SET, -7.0, None, "hmi"),
        (FIX_APPLY + 0.3, -7.0, -5.5, "mod"),
    ]
    floods = [C("22 08:05:00"), C("22 10:10:00"), C("22 13:35:00"), C("22 17:30:00"), C("22 19:40:00"), C("22 21:35:00"),
              C("23 07:50:00"), C("23 10:05:00"), C("23 13:35:00"), C("23 16:10:00"), C("23 18:50:00"), C("23 20:05:00")]
    busy = [(C("22 06:00:00"), C("22 08:00:00")), (C("22 09:00:00"), C("22 10:00:00")), (C("22 12:00:00"), C("22 13:30:00")),
            (C("22 16:00:00"), C("22 22:30:00")), (C("23 06:00:00"), C("23 07:45:00")), (C("23 09:00:00"), C("23 10:00:00")),
            (C("23 12:00:00"), C("23 13:30:00")), (C("23 15:00:00"), C("23 16:00:00")), (C("23 18:25:00"), C("23 18:45:00")),
            (C("23 19:27:00"), C("23 20:05:00"))]
    crowd = (C("23 17:30:00"), T1)
    sp, ice_target = -6.0, -4.5
    B, I = -5.95, -4.85
    c1, load, c2, c3 = True, 0.86, False, False
    c1_off_since, timers = -1e9, {"c2on": 0.0, "c2off": 0.0, "c3on": 0.0, "c3off": 0.0, "c1off": 0.0}
    samples, events = [], []
    pending = list(sp_changes)
    x = T_PLANT0
    lag_target = I
    while x < T1:
        while pending and pending[0][0] <= x:
            when, new_sp, new_ice, src = pending.pop(0)
            who = f"by Modbus/TCP {OPS_IP}" if src == "mod" else "by HMI user MLAVOIE"
            if new_sp == sp and src == "mod":
                events.append((when, f"EVT 1209 Brine Supply SP write {new_sp:.1f} degC (unchanged) {who}"))
            else:
                events.append((when, f"EVT 1207 Brine Supply SP changed {sp:.1f} -> {new_sp:.1f} degC {who}"))
            sp = new_sp
            if new_ice is not None:
                if new_ice == ice_target:
                    events.append((when + 0.04, f"EVT 1209 Ice Surface Target write {new_ice:.1f} degC (unchanged) {who}"))
                else:
                    events.append((when + 0.04, f"EVT 1208 Ice Surface Target changed {ice_target:.1f} -> {new_ice:.1f} degC {who}"))
                ice_target = new_ice
        use = any(a <= x < b for a, b in busy)
        flood_load = any(f <= x < f + 1200 for f in floods)
        L = 0.050 * max(0.1, 1 - 0.19 * (B + 6.0)) + (0.008 if use else 0) + (0.02 if flood_load else 0) + (0.01 if crowd[0] <= x < crowd[1] else 0)
        err = B - sp
        # C1: slide valve
        if c1:
            want = min(1.0, max(0.25, 0.62 + 1.3 * (err + 0.05)))
            load += max(-0.04, min(0.04, want - load))
            if err < -0.5 and load <= 0.26:
                timers["c1off"] += STEP
                if timers["c1off"] >= 120:
                    c1, c1_off_since = False, x
                    events.append((x, f"EVT 0311 C1 stop: brine supply {B:.1f} below SP {sp:.1f} - 0.5"))
            else:
                timers["c1off"] = 0
        elif err > 0.3 and x - c1_off_since > 180:
            c1, load = True, 0.3
            events.append((x, f"EVT 0310 C1 start (lead): brine supply {B:.1f} above SP {sp:.1f} + 0.3"))
        for name, on_key, off_key, margin, low in (("c2", "c2on", "c2off", 0.3, 0.45), ("c3", "c3on", "c3off", 1.0, 0.6)):
            running = c2 if name == "c2" else c3
            prev_ok = c1 if name == "c2" else c2
            if not running:
                if prev_ok and load >= 0.99 and err > margin:
                    timers[on_key] += STEP
                    if timers[on_key] >= 180:
                        running, timers[on_key] = True, 0
                        events.append((x, f"EVT 03{20 if name == 'c2' else 30} {name.upper()} start (lag): brine supply {B:.1f} above SP {sp:.1f} + {margin:.1f}, C1 at 100%"))
                else:
                    timers[on_key] = 0
            else:
                if load < low or not c1:
                    timers[off_key] += STEP
                    if timers[off_key] >= 180 or not c1:
                        running, timers[off_key] = False, 0
                        events.append((x, f"EVT 03{21 if name == 'c2' else 31} {name.upper()} stop (lag): C1 below {int(low * 100)}%"))
                else:
                    timers[off_key] = 0
            if name == "c2":
                c2 = running
            else:
                c3 = running
        cooling = 0.07 * ((load if c1 else 0) + (1 if c2 else 0) + (1 if c3 else 0))
        B += (L - cooling) * STEP / 60.0
        bump = 0.0
        for f in floods:
            if f <= x < f + 180:
                bump += 0.85 * STEP / 180.0
        lag_target = B + 1.1
        I += (lag_target - I) * STEP / (40 * 60.0) + bump
        samples.append((x, B, B + 8.0 * L + rng.gauss(0, 0.01), I, sp, ice_target, c1, load, c2, c3))
        x += STEP
    return samples, events


def sample_at(samples, x):
    i = int((x - T_PLANT0) // STEP)
    return samples[max(0, min(i, len(samples) - 1))]


def build_logs(rng, shas):
    samples, plant_events = simulate(rng)
    app = Log("rinkops.log")
    plant = Log("rc900-plant.log")
    gates = Log("ticket-gates.log")
    board = Log("scoreboard.log")
    gha = Log("deploy-workflow.log")
    slack = Log("arena-ops-slack.log")
    stats = {}

    # --- rinkops ------------------------------------------------------------------
    def R(x, level, logger, msg):
        app.add(at(x), f"{iso_z(x)} {level:<7} [{logger}] {msg}")

    versions = [(T0 - 1, "2.14.0", shas["rel_214"]), (REL_DEPLOY, "2.15.0", shas["rel_215"]),
                (ROLLBACK_DEPLOY, "2.14.0", shas["rel_214"]), (FIX_DEPLOY, "2.15.1", shas["rel_2151"])]

    def version_at(x):
        cur = versions[0]
        for v in versions:
            if v[0] <= x:
                cur = v
        return cur

    def start_up(x, version, sha, profile):
        R(x, "INFO", "rinkops.main", f"rinkops {version} starting (commit {sha[:7]})")
        R(x + 0.41, "INFO", "rinkops.main", "profiles loaded: standard game figure event_floor (/app/config/profiles.yaml)")
        R(x + 0.52, "INFO", "rinkops.main", f"modbus connected to plant controller {PLANT_IP}:502 unit 1")
        R(x + 1.37, "INFO", "rinkops.calendar", "calendar synced: 9 bookings in 48 h")
        R(x + 1.39, "INFO", "rinkops.schedule", f"active profile {profile} (no write at start-up)")
        R(x + 1.60, "INFO", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")

    for when, version, sha in versions[1:]:
        start_up(when + 4.2, version, sha, "standard" if when < GAME_PREP else "game")

    # status every 30 s, the ICE-147 warning once a minute when it applies
    x = T0 + 7.3
    profile = ("standard", -4.5)
    warm = 0
    last_minute = None
    running = None
    confirmed = -6.0
    stopped = [(REL_DEPLOY, REL_DEPLOY + 6), (ROLLBACK_DEPLOY, ROLLBACK_DEPLOY + 6), (FIX_DEPLOY, FIX_DEPLOY + 6)]
    while x < T1:
        if any(a <= x < b for a, b in stopped):
            x += 30
            continue
        if x >= GAME_PREP:
            profile = ("game", -5.5)
        s = sample_at(samples, x)
        _, B, Br, I, sp, _, c1, load, c2, c3 = s
        n = (1 if c1 else 0) + c2 + c3
        suction = 1.9 + 0.08 * (B + 6.0) if n else 3.6 + 0.05 * (B + 6.0)
        discharge = 10.4 + 0.3 * n if n else 4.1
        R(x, "INFO", "rinkops.plant.status",
          f"plant status state=RUN brine_supply={B + rng.gauss(0, 0.02):.2f} brine_return={Br:.2f} brine_sp={sp:.1f} "
          f"ice_surface={I + rng.gauss(0, 0.03):.2f} c1={int(round(load * 100)) if c1 else 0}% c2={100 if c2 else 0}% c3={100 if c3 else 0}% "
          f"suction={suction:.1f}bar discharge={discharge:.1f}bar")
        minute = int(x // 60)
        if minute != last_minute:
            last_minute = minute
            if I > profile[1] + 1.0:
                warm += 1
            else:
                warm = 0
            version = version_at(x)[1]
            if version_at(x) is not running:
                running, warm = version_at(x), 0
            if version != "2.14.0" and warm >= 5:
                if x >= FIX_APPLY:
                    confirmed = -7.0
                elif x >= ROLLBACK_APPLY:
                    confirmed = -6.5
                elif x >= GAME_PREP:
                    confirmed = -7.0
                R(x + 0.02, "WARNING", "rinkops.alerts",
                  f"ice surface above target for {warm} min: surface={I:.1f} target={profile[1]:.1f} profile={profile[0]} brine_sp={confirmed:.1f} brine_supply={B:.1f}")
                stats.setdefault("onset", x + 0.02)
        x += 30 + rng.uniform(-0.05, 0.05)

    # profile changes and writes
    def writes(x, prof, brine, ice, reason, version):
        if reason:
            R(x, "INFO", "rinkops.schedule", reason)
        R(x + 0.21, "INFO", "rinkops.plant.setpoints", f"setpoint written: brine_supply={brine:.1f} degC profile={prof} readback={brine:.1f}")
        R(x + 0.33, "INFO", "rinkops.plant.setpoints", f"setpoint written: ice_surface_target={ice:.1f} degC profile={prof} readback={ice:.1f}")

    writes(GAME_PREP, "game", -7.0, -5.5, "profile change standard -> game (booking B-26-0412 Ridgebacks vs Regina Thunder, game at 19:00 CST)", "2.15.0")
    writes(ROLLBACK_APPLY, "game", -6.5, -5.5, "profile game applied by hand (owen)", "2.14.0")
    writes(FIX_APPLY, "game", -7.0, -5.5, "profile game applied by hand (owen)", "2.15.1")

    # calendar sync every 5 min, dashboard and Prometheus
    x = T0 + 61.2
    while x < T1:
        R(x, "INFO", "rinkops.calendar", f"calendar synced: {9 if x < C('23 16:00:00') else 8} bookings in 48 h")
        x += 300 + rng.uniform(-0.3, 0.3)
    x = T0 + 11.0
    while x < T1:
        R(x, "INFO", "uvicorn.access", f'10.20.1.14:{rng.randint(40000, 60999)} - "GET /metrics HTTP/1.1" 200')
        if rng.random() < 0.5:
            R(x + rng.uniform(1, 14), "INFO", "uvicorn.access", f'10.20.3.{rng.choice([21, 22, 40])}:{rng.randint(40000, 60999)} - "GET /api/plant HTTP/1.1" 200')
        x += 15 + rng.uniform(-0.2, 0.2)
    # the controller drops idle connections now and then
    for x in sorted(rng.uniform(T0, T1) for _ in range(9)):
        R(x, "WARNING", "rinkops.plant.status", "status poll failed: Modbus Error: [Connection] ModbusTcpClient 10.20.4.30:502: Connection unexpectedly closed 0.000 seconds into read of 8 bytes without response from slave before it closed connection; reconnecting")
    R(C("23 16:00:05"), "INFO", "rinkops.calendar", "booking B-26-0409 ended (Ridgebacks U15 practice)")

    # --- the RC-900 event log (syslog through the ops server) --------------------------
    def S(x, msg):
        t = at(x)
        plant.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} rc900-plant RC900[1]: {msg}")

    for when, msg in plant_events:
        S(when, msg)
    x = T_PLANT0 + 17
    while x < T1:
        s = sample_at(samples, x)
        hour_local = at(x).astimezone(CST).hour
        amb = -24.0 + 5.0 * math.sin((hour_local - 9) / 24 * 2 * math.pi) + rng.gauss(0, 0.4)
        S(x, f"LOG 0100 hourly: ambient {amb:.1f} degC, brine supply {s[1]:.1f} degC, SP {s[4]:.1f}, ice surface {s[3]:.1f} degC, runtime C1 {int((x - T_PLANT0) / 3600 * 0.92) + 41822} h")
        x += 3600
    for day in ("22", "23"):
        S(C(f"{day} 00:00:02"), "EVT 0512 Condenser spray pump P-5 locked out: ambient below 2.0 degC")
        S(C(f"{day} 02:00:00"), "EVT 0900 Daily self-test OK (I/O, analog inputs, NH3 detector AT-301 0 ppm)")
    for x in sorted(rng.uniform(T_PLANT0, T1) for _ in range(14)):
        S(x, f"EVT 0520 Condenser fan F{rng.choice([1, 2])} speed {rng.choice([20, 25, 30, 35])}% (head pressure {rng.uniform(9.8, 10.9):.1f} bar)")
    for x in (C("22 14:12:00"), C("23 11:20:30")):
        S(x, "EVT 0702 Brine pump P-1 lead/lag rotation: P-1B lead")
    # the RC-900's own ice surface high alarm (PLC limit -2.0 degC)
    hi = next(s for s in samples if s[0] > GAME_PREP and s[3] > -2.0)
    S(hi[0] + 20, f"ALM 0441 Ice surface temperature high {hi[3]:.1f} degC (limit -2.0)")
    back = next(s for s in samples if s[0] > HMI_SET and s[3] < -2.2)
    S(back[0] + 20, f"ALM 0441 Ice surface temperature high cleared {back[3]:.1f} degC")
    S(HMI_SET - 35, "EVT 0002 HMI login MLAVOIE (level 3)")
    S(HMI_SET + 90, "EVT 0003 HMI logout MLAVOIE")

    # --- ticket gates -------------------------------------------------------------------
    gates_list = [f"{side}{n}" for side in "NS" for n in range(1, 8)]

    def G(x, **kv):
        body = {"ts": iso_z(x), "host": "gatesrv-01"}
        body.update(kv)
        gates.add(at(x), json.dumps(body, separators=(",", ":")))

    x = T0 + 23
    while x < T1:
        for g in gates_list:
            G(x + rng.uniform(0, 3), event="heartbeat", gate=g, state="locked" if x < C("23 17:30:00") else "open", fw="4.12.7", temp_c=round(rng.uniform(14, 19), 1))
        x += 300
    G(C("23 17:29:40"), event="mode", mode="event", event_id="B-26-0412", title="Ridgebacks vs Regina Thunder", by="dkowalchuk")
    mu, sd = C("23 18:47:00"), 26 * 60
    n_fans = 3912
    for _ in range(n_fans):
        while True:
            x = rng.gauss(mu, sd)
            if C("23 17:30:00") < x < C("23 20:10:00"):
                break
        g = rng.choice(gates_list)
        r = rng.random()
        result = "accepted" if r < 0.972 else "already_used" if r < 0.988 else "wrong_event" if r < 0.993 else "unreadable"
        kind = weighted_choice(rng, [(0.52, "season"), (0.36, "single"), (0.08, "comp"), (0.04, "group")])
        G(x, event="scan", gate=g, result=result, ticket=f"RB{hexid(rng, 10).upper()}", type=kind,
          section=str(rng.choice([101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 201, 202, 203, 204, 205, 206])),
          latency_ms=int(rng.lognormvariate(4.3, 0.3)))

    # --- scoreboard controller ------------------------------------------------------------
    def B_(x, level, msg, **kv):
        parts = [f"ts={iso_z(x)}", f"level={level}", "ctl=centrehung-1", f"msg={json.dumps(msg)}"]
        parts += [f"{k}={json.dumps(v) if isinstance(v, str) and (' ' in v or '=' in v) else v}" for k, v in kv.items()]
        board.add(at(x), " ".join(parts))

    x = T0 + 41
    while x < T1:
        B_(x, "info", "heartbeat", modules=24, faults=0, temp_c=round(rng.uniform(27, 33), 1), brightness=40 if x < C("23 17:30:00") else 85)
        x += 300
    B_(C("23 17:28:00"), "info", "playlist loaded", playlist="pregame-B-26-0412", items=18)
    x = C("23 17:30:05")
    items = ["sponsor/prairie-credit-union", "sponsor/northline-ford", "promo/50-50-draw", "sponsor/kinsmen-lotto", "promo/ridgebacks-jersey-night",
             "sponsor/saskatoon-coop", "promo/next-home-game", "sponsor/wheatland-energy", "promo/concourse-food"]
    while x < C("23 18:52:00"):
        B_(x, "info", "playlist item", item=rng.choice(items), zone="main")
        x += 45 + rng.uniform(-2, 2)
    B_(C("23 17:31:00"), "info", "countdown set", target="19:00:00", label="PUCK DROP", by="pregame")
    B_(C("23 18:12:30"), "info", "countdown set", target="19:25:00", label="PUCK DROP", by="jmacleod")
    B_(C("23 18:13:10"), "info", "message shown", text="Tonight's game will start at 7:25 pm. Thank you for your patience!", zone="ribbon")
    B_(C("23 18:52:10"), "info", "clock set", period="WU", clock="15:00")
    B_(C("23 18:52:20"), "info", "clock start", period="WU")
    B_(C("23 19:07:20"), "info", "clock expired", period="WU")
    B_(C("23 19:24:40"), "info", "anthem", track="o-canada")
    x = PUCK_DROP
    B_(x, "info", "clock start", period=1, clock="20:00")
    game_clock = 1200.0
    home, away, shots_h, shots_a = 0, 0, 0, 0
    while game_clock > 0 and x < T1:
        run = min(game_clock, rng.uniform(20, 110))
        x += run
        game_clock -= run
        if game_clock <= 0:
            B_(x, "info", "clock expired", period=1)
            B_(x + 3, "info", "clock set", period="INT", clock="18:00")
            break
        B_(x, "info", "clock stop", period=1, clock=f"{int(game_clock // 60)}:{int(game_clock % 60):02d}")
        if rng.random() < 0.45:
            if rng.random() < 0.5:
                shots_h += 1
            else:
                shots_a += 1
            B_(x + 1.5, "info", "shots", home=shots_h, away=shots_a)
        if rng.random() < 0.06:
            if rng.random() < 0.55:
                home += 1
            else:
                away += 1
            B_(x + 2.2, "info", "goal", home=home, away=away)
        x += rng.uniform(25, 70)
        B_(x, "info", "clock start", period=1, clock=f"{int(game_clock // 60)}:{int(game_clock % 60):02d}")

    # --- deploy workflow ---------------------------------------------------------------------
    def W(x, text):
        t = at(x)
        gha.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z {text}")

    def run(x, number, version, sha, actor, trigger):
        W(x, f"##[group]Run deploy #{number} ({trigger}) on arena-ops-01")
        W(x + 0.3, f"Deploying rinkops {version} ({sha}) requested by {actor}")
        W(x + 1.1, "##[endgroup]")
        W(x + 2.0, f"#8 naming to ghcr.io/riverbend-centre/rinkops:{version} done")
        W(x + 7.4, "Container deploy-rinkops-1  Recreate")
        W(x + 8.9, "Container deploy-rinkops-1  Recreated")
        W(x + 9.6, "Container deploy-rinkops-1  Starting")
        W(x + 10.2, "Container deploy-rinkops-1  Started")
        W(x + 10.5, f"deployed rinkops {version} on arena-ops-01")

    run(THU_DEPLOY - 10.5, 121, "2.14.0", shas["rel_214"], "owen-bergstrom", "push tag v2.14.0")
    run(REL_DEPLOY - 10.5, 124, "2.15.0", shas["rel_215"], "owen-bergstrom", "push tag v2.15.0")
    run(ROLLBACK_DEPLOY - 10.5, 125, "2.14.0", shas["rel_214"], "owen-bergstrom", "workflow_dispatch tag=2.14.0")
    run(FIX_DEPLOY - 10.5, 126, "2.15.1", shas["rel_2151"], "sophie-tremblay", "push tag v2.15.1")

    # --- #arena-ops ----------------------------------------------------------------------------
    users = {"owen.bergstrom": "U02OB4K7P", "sophie.tremblay": "U02ST8R1M", "marcel.lavoie": "U01ML2C9Q", "dana.kowalchuk": "U03DK5V2X",
             "tyler.sawchuk (ice crew)": "U04TS7H3N", "jamie.macleod (game ops)": "U03JM1F6Z", "priya.natarajan": "U02PN3D8W"}

    def say(when, who, text):
        x = C(when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "arena-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    onset = stats["onset"]
    s_1538 = sample_at(samples, C("23 15:38:00"))
    s_1640 = sample_at(samples, C("23 16:40:00"))
    s_1714 = sample_at(samples, C("23 17:14:00"))
    s_1910 = sample_at(samples, C("23 19:10:00"))
    say("23 12:10:00", "dana.kowalchuk", "Tonight: Ridgebacks vs Regina Thunder 7 pm, doors 5:30, 4,100 sold. Jersey night, the jerseys are on pallets at the north doors")
    say("23 13:14:00", "owen.bergstrom", "rinkops 2.15.0 is out: game ice now -7.0 brine (ICE-150, for tonight), and rinkops warns here when the ice stays warm (ICE-147)")
    say("23 13:40:00", "tyler.sawchuk (ice crew)", "flood done after public skate, edging at 2:30")
    say("23 15:21:00", "tyler.sawchuk (ice crew)", "U15s say the ice is slow and snowy. it's only 3 o'clock, game ice should be getting harder not softer")
    say("23 15:38:00", "owen.bergstrom", f"rinkops warns 'ice surface above target' since {at(onset).astimezone(CST):%H:%M} (surface {s_1538[3]:.1f}, target -5.5). The write at 14:30 was confirmed, readback -7.0. Runbook says confirmed setpoint + warm ice = plant capacity")
    say("23 15:44:00", "owen.bergstrom", "@marcel.lavoie the RC-900 log says the condenser spray pump P-5 is locked out (ambient). Is that a problem for tonight?")
    say("23 15:58:00", "marcel.lavoie", "no, P-5 is always locked out in January. I'm at Keewatin's warehouse picking up the oil, back around 5. Is a compressor in alarm?")
    say("23 16:03:00", "owen.bergstrom", "no alarms in the RC-900 log. C1 stopped at 14:32, nothing has run since. brine supply climbing")
    say("23 16:36:00", "tyler.sawchuk (ice crew)", "4:10 flood still wet after 25 min. never seen that")
    say("23 16:41:00", "owen.bergstrom", f"brine supply {s_1640[1]:.1f}, ice {s_1640[3]:.1f}. 2.15.0 changed the game profile (ICE-150) and went out at 13:10, the warning is new too. Rolling back to 2.14.0 and re-applying the game profile (INC-311)")
    say("23 17:06:00", "owen.bergstrom", "2.14.0 running (deploy 17:02), game profile applied by hand at 17:05, readback -6.5. Compressors still not starting")
    say("23 17:09:00", "dana.kowalchuk", "doors at 5:30 still ok? the Thunder's bus is here")
    say("23 17:15:00", "marcel.lavoie", f"in the machine room. HMI says Brine Supply SP 0.0 C and ice target 0.0. All three compressors idle, brine {s_1714[1]:.1f}. Setting SP -7.0 by hand now")
    say("23 17:19:00", "owen.bergstrom", "rinkops's status lines have said brine_sp=0.0 since 14:30, I only looked at the writer's readback. The writer says -7.0 / -6.5 confirmed and the plant has 0.0")
    say("23 17:26:00", "sophie.tremblay", "that's mine, ICE-141 yesterday. convert_to_registers is big word order by default; the RC-900 wants the low word first, the old BinaryPayloadBuilder had wordorder=LITTLE. -7.0 is C0E0 0000, the PLC reads 0000 C0E0 = 6.9e-41, shows 0.0. The readback decodes with the same converter so it agrees with us. Reverting")
    say("23 17:28:00", "marcel.lavoie", "C1 C2 C3 all running. It'll take the slab an hour and a half to come back, the warm-up will be soft")
    say("23 17:31:00", "dana.kowalchuk", "doors open on time. Talking to the league and the Thunder about a later puck drop")
    say("23 17:52:00", "sophie.tremblay", "2.15.1 deployed 17:50 (revert of ICE-141). @owen.bergstrom can you apply game once more so the ice target is right too?")
    say("23 17:54:00", "owen.bergstrom", "applied 17:53. RC-900: Ice Surface Target 0.0 -> -5.5, Brine Supply SP -7.0 unchanged. brine_sp=-7.0 in the status lines")
    say("23 18:11:00", "jamie.macleod (game ops)", "league approved: puck drop 7:25, warm-up 6:52. putting it on the board")
    say("23 19:11:00", "tyler.sawchuk (ice crew)", f"after the warm-up flood the ice is {s_1910[3]:.1f}, it's setting up. good to go")
    say("23 19:30:00", "marcel.lavoie", "puck dropped 7:27. For the postmortem: the RC-900 logs every Modbus setpoint change with the value it got, that's where to look next time")
    say("23 19:44:00", "priya.natarajan", "ICE-141's test only round-trips through the same converter. I'll write one that pins the registers for -7.0 to [0x0000, 0xC0E0] (ICE-152)")
    stats["samples"] = samples
    return [app, plant, gates, board, gha, slack], stats


def weighted_choice(rng, choices):
    total = sum(w for w, _ in choices)
    pick = rng.uniform(0, total)
    for w, v in choices:
        pick -= w
        if pick <= 0:
            return v
    return choices[-1][1]


def build(out_dir):
    rng = random.Random(103100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert C("23 14:40:00") < secs(onset) < C("23 15:15:00"), onset
        culprit_at = cst("2026-01-22 10:46:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r103-brine-setpoint-word-order", service=SERVICE, onset=onset,
            description=f"""
Riverbend Centre (Saskatoon, CST = UTC-6) has a junior hockey game at 19:00
CST on Friday 23 January 2026. From {onset.astimezone(CST).strftime('%H:%M')} CST ({onset.strftime('%H:%M:%S')} UTC) rinkops
warns that the ice surface stays above the game profile's target; the
ice crew finds the ice slow, then a flood that does not set. rinkops 2.15.0
had been deployed at 13:10 CST; it was rolled back to 2.14.0 at 17:02
without effect. The chief engineer set the brine supply setpoint by hand
on the plant controller at 17:16, 2.15.1 was deployed at 17:50 and the
game started at 19:27 instead of 19:00. The plant controller's event log
is from Thursday 00:00 UTC; the other logs from Friday 12:00 CST.
""",
            logs=logs,
            line_formats={
                "rinkops.log": r'<Time> <Level>\s+\[<Logger>\] <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Brine Supply SP changed .* by Modbus/TCP',
                r'Ice Surface Target changed .* by Modbus/TCP',
            ],
            fix_files=["rinkops/plant/setpoints.py"],
            explanation=f"""
The culprit is ICE-141 ("plant: use the client's register converters
instead of the deprecated payload classes"), committed on Thursday 22
January at 10:46 CST and deployed with 2.14.0 at 13:40, {hours:.1f} hours
before the onset. The RC-900 keeps REAL setpoints low word first; the
old BinaryPayloadBuilder had wordorder=LITTLE, pymodbus's
convert_to_registers uses big word order by default. rinkops writes
setpoints only when the ice use changes, and the first change after the
deploy is Friday's game profile at 14:30 CST: -7.0 goes out as C0E0 0000,
the plant reads 0000 C0E0 (6.9e-41) and logs "Brine Supply SP changed
-6.0 -> 0.0 degC by Modbus/TCP 10.20.4.15" (and the ice target 0.0). The
compressors stop, the brine warms and the ice softens. rinkops reads the
register back through the same converter and logs readback=-7.0, while
its own status lines show brine_sp=0.0 from 14:30. The fix reverts ICE-141
in rinkops/plant/setpoints.py (2.15.1).
Decoys: release 2.15.0, deployed 13:10 CST (ICE-150, game brine -6.5 ->
-7.0 in config/profiles.yaml, the very profile that fails; ICE-147, which
adds the very "ice surface above target" warning that fills the log and
quotes the confirmed -7.0; ICE-148, a harmless change to the culprit's
file), rolled back to 2.14.0 at 17:02 without effect (the warning goes,
the re-applied game profile is written as 0.0 again); the runbook section
from Friday morning that reads warm ice with a confirmed setpoint as plant
capacity; the condenser spray pump lockout in the plant log (routine in
winter); Dependabot's pymodbus 3.7.4 -> 3.9.2 bump on Tuesday (the library
did not change the word order; ICE-141 did); Thursday's deploy names the
2.14.0 release commit, not ICE-141; the README and tests commits; the
chief engineer's setpoint by hand at 17:16, which fixes the plant before
the code is fixed; ticket gates and scoreboard noise.
""",
        )
    finally:
        repo.close()
