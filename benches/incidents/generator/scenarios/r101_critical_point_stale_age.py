"""netcontrol (Python 3.12, asyncio; one pod on the utility's Kubernetes
cluster, deployed by Argo CD from `main`; team in Germany) runs the district
heating network of Stadtwerke Wendelstadt: about 1,900 substations fed from
the HKW Nord plant. Its worst-point loop sets the differential pressure the
plant's main pumps (P-201/P-202) hold, every 10 s, so that the critical
points (nine substations at the hydraulic ends of the network, listed in
config/production.yaml) keep at least 0.5 bar; it aims at 0.8 bar at the
worst of them. Four critical points are on the old fibre ring (IEC 104,
a reading every 10 s); five are in Nordhafen, the 2023 extension, whose
substations have LTE RTUs that send 5-minute means over MQTT, stamped with
the interval's start (the newest reading is always 5-10 minutes old).

On Friday 30 January 2026 at 10:14 UTC NET-412 ("dp control: ignore stale
critical point readings") makes the loop skip a reading older than
`max_reading_age_s` (60 s): on 21 January an RTU's hung modem had left an
old low reading in the store and kept the pumps high for hours (NET-409).
The test fixture's readings are 5 s old. From 4.8.0 (Argo CD, Friday 13:35)
the five Nordhafen points are always skipped ("critical point reading stale,
skipped substation=SST-4519 age=347s max_age=60s", once per point every ten
minutes; "used=4/9" in the loop's summary) and the loop holds the fibre
ring's worst point at 0.8 bar. At night and on a mild Friday evening the
extra pressure loss to Nordhafen is small. On Saturday 31 January, -14 C,
the buildings come out of their night setback at 06:00-07:00 local time, the
load rises by about 90 %, the loss to Nordhafen grows with the square of the
flow, and from 05:21 UTC, 19 hours after the commit, Nordhafen's
substations fall below 0.5 bar one after the other (DP_LOW, then secondary
supply and hot water too cold; tenants call). The pump setpoint stays where
the fibre ring needs it.

Next to 4.8.0 (NET-414, which forwards the RTUs' alarms to netcontrol's log,
the very "substation alarm" warnings that now fill it) and a cold-weather
supply curve change to the culprit's config file merged by the night shift
and synced at 05:02 (the start-up lines name it), a runbook that reads
Nordhafen's low-dP alarms as LTE RTU trouble, and RTU link flaps, the
on-call rolls Argo CD back to 4.8.0 at 06:21 without effect; the control
room puts the pumps in manual at 7.8 bar at 06:48, which helps. At 07:05 a
developer sees the stale warnings and "used=4/9": the Nordhafen readings are
always older than 60 s by design. NET-420 (07:31) takes the maximum age per
link class (LTE: 900 s) and is synced at 07:38; the plant goes back to
remote at 07:45 and the loop raises the setpoint by half a bar.

Sources: netcontrol (Python logging through `kubectl logs --prefix`, line
format), the RTU gateway (syslog RFC 5424), the plant SCADA's event and
value log (semicolon-separated, line format), Argo CD (logrus text),
#fw-leitwarte (Slack export, JSON lines), customer service tickets (JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "netcontrol"
START, END = utc("2026-01-31 03:00:00"), utc("2026-01-31 08:40:00")
CULPRIT_AT = utc("2026-01-30 10:14:00")
REL_480 = utc("2026-01-30 13:35:20")       # Argo CD syncs 4.8.0
CURVE_SYNC = utc("2026-01-31 05:02:10")    # NET-418 synced, pod restarts
ROLLBACK = utc("2026-01-31 06:21:40")      # Argo CD rollback to 4.8.0
MANUAL = utc("2026-01-31 06:48:30")        # plant pumps in manual, 7.8 bar
FIX_SYNC = utc("2026-01-31 07:38:15")      # NET-420 synced
REMOTE = utc("2026-01-31 07:45:05")        # plant back to remote

FIBRE_POINTS = [("SST-1102", 0.34), ("SST-1340", 0.21), ("SST-2208", 0.12), ("SST-2571", 0.0)]
# Nordhafen critical points and how much more pressure they lose than
# SST-2571 at full load (bar per load squared).
LTE_POINTS = [("SST-4417", 0.22), ("SST-4420", 0.27), ("SST-4436", 0.31), ("SST-4502", 0.36), ("SST-4519", 0.40)]
LTE_OTHER = [f"SST-{n}" for n in (4401, 4404, 4409, 4412, 4415, 4423, 4426, 4428, 4431, 4433, 4439, 4441, 4444, 4447,
                                  4450, 4455, 4458, 4461, 4466, 4470, 4473, 4478, 4481, 4486, 4490, 4495, 4498, 4507,
                                  4511, 4514, 4523, 4527, 4530)]
STREETS = {"SST-4417": "Kaistraße 12", "SST-4420": "Speicherweg 3", "SST-4436": "Am Holzhafen 21",
           "SST-4502": "Lotsenstraße 8", "SST-4519": "Lotsenstraße 40", "SST-4511": "Fährgasse 5",
           "SST-4498": "Kranbahn 17", "SST-4527": "Lotsenstraße 52", "SST-4514": "Fährgasse 19"}


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
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def smooth(x, a, b):
    if x <= a:
        return 0.0
    if x >= b:
        return 1.0
    u = (x - a) / (b - a)
    return u * u * (3 - 2 * u)


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "netcontrol"
version = "4.7.2"
requires-python = ">=3.12"
dependencies = [
    "asyncua==1.1.5",
    "paho-mqtt==2.1.0",
    "httpx==0.27.2",
    "pyyaml==6.0.2",
    "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.24.0"]
"""

MAIN = '''import asyncio
import logging
import logging.config
import os

import yaml

from netcontrol.dp_control import DpController
from netcontrol.plant import Plant
from netcontrol.supply_curve import SupplyCurve
from netcontrol.telemetry import Telemetry
from netcontrol.weather import Weather

log = logging.getLogger("netcontrol.main")


async def run(cfg):
    telemetry = Telemetry(cfg["telemetry"])
    plant = Plant(cfg["plant"])
    weather = Weather(cfg["weather"])
    dp = DpController(cfg["dp_control"], telemetry, plant)
    curve = SupplyCurve(cfg["supply_curve"], weather, plant)
    await asyncio.gather(telemetry.run(), plant.run(), weather.run(), dp.run(), curve.run())


def main():
    logging.config.fileConfig(os.environ.get("LOGGING_CONFIG", "config/logging.ini"))
    with open(os.environ.get("CONFIG_PATH", "config/production.yaml")) as handle:
        cfg = yaml.safe_load(handle)
    log.info("starting netcontrol version=%s image=%s config_revision=%s",
             os.environ.get("VERSION", "dev"), os.environ.get("IMAGE_TAG", "dev"), os.environ.get("CONFIG_REVISION", "-"))
    asyncio.run(run(cfg))


if __name__ == "__main__":
    main()
'''

DP_V1 = '''"""Worst-point differential pressure control.

The main pumps of HKW Nord (P-201/P-202) hold a differential pressure
between supply and return at the plant. This loop sets that setpoint every
cycle so that the critical points -- the substations at the hydraulic ends
of the network, listed in config/production.yaml -- keep their minimum
differential pressure: it aims at target_margin_bar above the minimum at
the worst of them.
"""

import asyncio
import logging
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class CriticalPoint:
    substation: str
    dp_min_bar: float
    link: str


class DpController:
    def __init__(self, cfg, telemetry, plant):
        self.points = [CriticalPoint(p["substation"], p["dp_min_bar"], p["link"]) for p in cfg["critical_points"]]
        self.cycle_s = cfg["cycle_s"]
        self.target_margin = cfg["target_margin_bar"]
        self.kp, self.ki = cfg["kp"], cfg["ki"]
        self.lo, self.hi = cfg["setpoint_min_bar"], cfg["setpoint_max_bar"]
        self.telemetry, self.plant = telemetry, plant
        self.setpoint = self.lo
        self._integral = self.lo
        self._last_summary = 0.0

    def worst_point(self, now):
        worst = None
        for cp in self.points:
            reading = self.telemetry.latest(cp.substation, "dp_bar")
            if reading is None:
                continue
            margin = reading.value - cp.dp_min_bar
            if worst is None or margin < worst[0]:
                worst = (margin, cp, reading)
        return worst

    def step(self, now=None):
        now = now or time.time()
        worst = self.worst_point(now)
        if worst is None:
            log.warning("no critical point readings, holding setpoint %.2f bar", self.setpoint)
            return
        margin, cp, reading = worst
        error = self.target_margin - margin
        self._integral = min(max(self._integral + self.ki * error, self.lo), self.hi)
        self.setpoint = min(max(self._integral + self.kp * error, self.lo), self.hi)
        self.plant.write_dp_setpoint(self.setpoint)
        if now - self._last_summary >= 60:
            self._last_summary = now
            log.info("dp control: worst point %s dp=%.2f bar margin=%.2f setpoint=%.2f bar",
                     cp.substation, reading.value, margin, self.setpoint)

    async def run(self):
        while True:
            self.step()
            await asyncio.sleep(self.cycle_s)
'''

TELEMETRY_V1 = '''"""Substation telemetry from the RTU gateway.

Fibre ring substations come in over IEC 60870-5-104 through the gateway,
a reading every 10 s. The Nordhafen substations (2023) have LTE RTUs that
publish 5-minute means over MQTT; each reading is stamped with the start
of its interval, as the RTUs' vendor does it.
"""

import asyncio
import json
import logging
from dataclasses import dataclass

import paho.mqtt.client as mqtt

log = logging.getLogger(__name__)


@dataclass
class Reading:
    ts: float
    value: float


class Telemetry:
    def __init__(self, cfg):
        self.cfg = cfg
        self._latest = {}

    def latest(self, substation, quantity):
        return self._latest.get((substation, quantity))

    def _on_message(self, client, userdata, message):
        body = json.loads(message.payload)
        if message.topic.endswith("/alarm"):
            self._on_alarm(body)
            return
        for quantity, value in body["values"].items():
            self._latest[(body["substation"], quantity)] = Reading(body["ts"], value)

    def _on_alarm(self, body):
        pass

    async def run(self):
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="netcontrol")
        client.on_message = self._on_message
        client.tls_set()
        client.connect(self.cfg["mqtt_host"], self.cfg["mqtt_port"])
        client.subscribe("fw/substations/+/values")
        client.subscribe("fw/substations/+/alarm")
        client.loop_start()
        while True:
            await asyncio.sleep(3600)
'''

PLANT = '''"""The plant PLC (OPC UA): pump differential pressure setpoint and the supply
temperature setpoint. Writes are refused while the plant is in local mode."""

import asyncio
import logging

from asyncua import Client, ua

log = logging.getLogger(__name__)


class Plant:
    def __init__(self, cfg):
        self.cfg = cfg
        self._pending = {}

    def write_dp_setpoint(self, bar):
        self._pending[self.cfg["nodes"]["dp_setpoint"]] = round(bar, 2)

    def write_supply_setpoint(self, celsius):
        self._pending[self.cfg["nodes"]["supply_setpoint"]] = round(celsius, 1)

    async def run(self):
        async with Client(self.cfg["endpoint"]) as client:
            while True:
                remote = await client.get_node(self.cfg["nodes"]["remote_enabled"]).read_value()
                if not remote:
                    if self._pending:
                        log.warning("plant in local mode, %d setpoint write(s) suspended", len(self._pending))
                    self._pending.clear()
                for node, value in list(self._pending.items()):
                    await client.get_node(node).write_value(ua.Variant(value, ua.VariantType.Float))
                self._pending.clear()
                await asyncio.sleep(self.cfg["write_every_s"])
'''

CURVE = '''"""Supply temperature by outdoor temperature (the weather-compensated curve)."""

import asyncio
import logging

log = logging.getLogger(__name__)


class SupplyCurve:
    def __init__(self, cfg, weather, plant):
        self.points = sorted((p["outdoor_c"], p["supply_c"]) for p in cfg["points"])
        self.every_s = cfg["every_s"]
        self.weather, self.plant = weather, plant

    def supply_for(self, outdoor):
        pts = self.points
        if outdoor <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if outdoor <= x1:
                return y0 + (y1 - y0) * (outdoor - x0) / (x1 - x0)
        return pts[-1][1]

    async def run(self):
        while True:
            outdoor = self.weather.outdoor_for_control()
            supply = self.supply_for(outdoor)
            self.plant.write_supply_setpoint(supply)
            log.info("supply curve: outdoor %.1f C -> supply setpoint %.1f C", outdoor, supply)
            await asyncio.sleep(self.every_s)
'''

WEATHER = '''"""Outdoor temperature for the curve: the plant's own sensor, blended with the
DWD MOSMIX forecast for the next three hours (the network's transport delay)."""

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


class Weather:
    def __init__(self, cfg):
        self.cfg = cfg
        self.measured = None
        self.forecast = []

    def outdoor_for_control(self):
        ahead = [t for t in self.forecast[:3]] or [self.measured]
        return 0.5 * self.measured + 0.5 * sum(ahead) / len(ahead)

    async def run(self):
        async with httpx.AsyncClient(timeout=20) as client:
            while True:
                resp = await client.get(self.cfg["mosmix_url"])
                self.forecast = resp.json()["ttt_c"]
                log.info("weather: MOSMIX %s updated, next 3 h %s", self.cfg["station"], self.forecast[:3])
                await asyncio.sleep(3600)
'''

PROD_YAML = """# netcontrol, production (Stadtwerke Wendelstadt, HKW Nord network)
telemetry:
  mqtt_host: rtu-gateway.fw.internal
  mqtt_port: 8883
  links:
    fibre: {protocol: iec104, cycle_s: 10}
    lte: {protocol: mqtt, cycle_s: 300}   # 5-minute means, stamped with the interval start

plant:
  endpoint: opc.tcp://hkw-nord-plc.fw.internal:4840
  write_every_s: 5
  nodes:
    dp_setpoint: "ns=3;s=P200.DpSetpointRemote"
    supply_setpoint: "ns=3;s=VL.SetpointRemote"
    remote_enabled: "ns=3;s=P200.RemoteEnabled"

weather:
  station: "10338"
  mosmix_url: https://dwd-proxy.fw.internal/mosmix/10338.json

dp_control:
  cycle_s: 10
  target_margin_bar: 0.30
  kp: 0.8
  ki: 0.05
  setpoint_min_bar: 3.5
  setpoint_max_bar: 10.0
  critical_points:
    - {substation: SST-1102, dp_min_bar: 0.5, link: fibre}
    - {substation: SST-1340, dp_min_bar: 0.5, link: fibre}
    - {substation: SST-2208, dp_min_bar: 0.5, link: fibre}
    - {substation: SST-2571, dp_min_bar: 0.5, link: fibre}
    - {substation: SST-4417, dp_min_bar: 0.5, link: lte}
    - {substation: SST-4420, dp_min_bar: 0.5, link: lte}
    - {substation: SST-4436, dp_min_bar: 0.5, link: lte}
    - {substation: SST-4502, dp_min_bar: 0.5, link: lte}
    - {substation: SST-4519, dp_min_bar: 0.5, link: lte}

supply_curve:
  every_s: 300
  points:
    - {outdoor_c: -16, supply_c: 115}
    - {outdoor_c: -10, supply_c: 108}
    - {outdoor_c: 0, supply_c: 95}
    - {outdoor_c: 10, supply_c: 80}
    - {outdoor_c: 15, supply_c: 75}
"""

LOGGING_INI = """[loggers]
keys=root

[handlers]
keys=stdout

[formatters]
keys=plain

[logger_root]
level=INFO
handlers=stdout

[handler_stdout]
class=StreamHandler
formatter=plain
args=(sys.stdout,)

[formatter_plain]
format=%(asctime)s %(levelname)s %(name)s: %(message)s
"""

TEST_DP = '''import time

from netcontrol.dp_control import DpController
from netcontrol.telemetry import Reading

CFG = {
    "cycle_s": 10, "target_margin_bar": 0.3, "kp": 0.8, "ki": 0.05, "setpoint_min_bar": 3.5, "setpoint_max_bar": 10.0,
    "critical_points": [
        {"substation": "SST-A", "dp_min_bar": 0.5, "link": "fibre"},
        {"substation": "SST-B", "dp_min_bar": 0.5, "link": "lte"},
    ],
}


class FakeTelemetry:
    def __init__(self, values, age=5.0):
        now = time.time()
        self.readings = {k: Reading(now - age, v) for k, v in values.items()}

    def latest(self, substation, quantity):
        return self.readings.get(substation)


class FakePlant:
    def __init__(self):
        self.setpoints = []

    def write_dp_setpoint(self, bar):
        self.setpoints.append(bar)


def test_worst_point_is_the_lowest_margin():
    dp = DpController(CFG, FakeTelemetry({"SST-A": 1.1, "SST-B": 0.7}), FakePlant())
    margin, cp, _ = dp.worst_point(time.time())
    assert cp.substation == "SST-B"
    assert round(margin, 2) == 0.2


def test_setpoint_rises_when_the_worst_point_is_below_target():
    plant = FakePlant()
    dp = DpController(CFG, FakeTelemetry({"SST-A": 1.1, "SST-B": 0.6}), plant)
    for _ in range(20):
        dp.step()
    assert plant.setpoints[-1] > plant.setpoints[0]
'''

RUNBOOK = """# netcontrol runbook

Owner: #fw-netcontrol (Netzführung / control systems). Dashboards: Grafana › Fernwärme › Netz.
The control room (Leitwarte, #fw-leitwarte) is staffed around the clock; the
netcontrol on-call is a developer.

## Worst point below minimum (DpWorstPointLow)

The loop cannot keep a critical point above 0.5 bar. Check the pump
setpoint on the plant SCADA: if it is at setpoint_max_bar the pumps are at
their limit (peak boilers, second pump). If it is not, the loop is not
seeing the point: check the RTU gateway's link state for it.

## Plant refuses setpoint writes

"plant in local mode": the control room has the pumps in manual. Ask them
before you do anything; they switch back to remote.

## Rolling back

Argo CD › netcontrol › History and Rollback. The configuration is synced
with the image, so a rollback restores both.
"""

CHANGELOG = """# Changelog

## 4.7.2

- Supply curve: interpolate between points instead of steps (NET-401).

## 4.7.0

- MOSMIX forecast blended into the outdoor temperature (NET-395).
"""


def build_repo():
    repo = Repo()
    jana = Person("Jana Petersen", "jana.petersen@sw-wendelstadt.de", 60)
    tobias = Person("Tobias Lindqvist", "tobias.lindqvist@sw-wendelstadt.de", 60)
    murat = Person("Murat Aydın", "murat.aydin@sw-wendelstadt.de", 60)
    leitwarte = Person("Holger Brandt", "holger.brandt@sw-wendelstadt.de", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    shas = {}

    tree = {
        "pyproject.toml": PYPROJECT,
        "netcontrol/__init__.py": "",
        "netcontrol/main.py": MAIN,
        "netcontrol/dp_control.py": DP_V1,
        "netcontrol/telemetry.py": TELEMETRY_V1,
        "netcontrol/plant.py": PLANT,
        "netcontrol/supply_curve.py": CURVE,
        "netcontrol/weather.py": WEATHER,
        "config/production.yaml": PROD_YAML,
        "config/logging.ini": LOGGING_INI,
        "tests/__init__.py": "",
        "tests/test_dp_control.py": TEST_DP,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"python\", \"-m\", \"netcontrol.main\"]\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  stage: test\n  image: python:3.12-slim\n  script:\n    - pip install .[test]\n    - pytest -q\n\nbuild:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - docker build -t registry.fw.internal/netcontrol:$CI_COMMIT_TAG .\n    - docker push registry.fw.internal/netcontrol:$CI_COMMIT_TAG\n",
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: netcontrol\nspec:\n  replicas: 1\n  strategy:\n    type: Recreate   # one loop writes to the plant, never two\n  selector:\n    matchLabels: {app: netcontrol}\n  template:\n    metadata:\n      labels: {app: netcontrol}\n    spec:\n      containers:\n        - name: netcontrol\n          image: registry.fw.internal/netcontrol:4.7.2\n          env:\n            - {name: VERSION, value: \"4.7.2\"}\n            - {name: CONFIG_PATH, value: /etc/netcontrol/production.yaml}\n          volumeMounts:\n            - {name: config, mountPath: /etc/netcontrol}\n      volumes:\n        - name: config\n          configMap: {name: netcontrol-config}\n",
        "k8s/kustomization.yaml": "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: netcontrol-config\n    files:\n      - production.yaml=../config/production.yaml\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
        "README.md": "# netcontrol\n\nNetwork control for the HKW Nord district heating network: worst-point\ndifferential pressure control of the main pumps and the weather-compensated\nsupply temperature. Reads substation telemetry from the RTU gateway, writes\nsetpoints to the plant PLC over OPC UA.\n\n```\npip install -e .[test]\npytest -q\n```\n\nDeployed by Argo CD from `main` (k8s/). Runbook: docs/runbook.md.\n",
    }
    shas["base"] = repo.commit(utc("2026-01-22 09:12:00"), tobias, "netcontrol 4.7.2", tree)
    crng = random.Random(101011)
    repo.schedule(chores(crng, SERVICE, [jana, tobias, murat], utc("2026-01-22 11:00:00"), utc("2026-01-29 17:00:00"), 3))
    repo.commit(utc("2026-01-23 13:40:00"), murat, "weather: log the MOSMIX hours we use (NET-403)", {
        "netcontrol/weather.py": sub(repo.files["netcontrol/weather.py"], "        ahead = [t for t in self.forecast[:3]] or [self.measured]\n",
                                     "        # the network's transport delay is about three hours at full load\n        ahead = [t for t in self.forecast[:3]] or [self.measured]\n"),
    })
    repo.commit(utc("2026-01-26 07:02:00"), bot, "chore(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.2"', '"httpx==0.28.1"'),
    })
    repo.commit(utc("2026-01-27 14:25:00"), jana, "runbook: Nordhafen low dP alarms are usually the LTE RTUs (NET-410)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Nordhafen substations alarm DP_LOW

Nordhafen's substations (SST-44xx/45xx) have LTE RTUs. Most DP_LOW and
SEC_SUPPLY_LOW alarms from there have been RTU trouble, not hydraulics: a
modem that hangs keeps sending its last value (NET-409, 21 January), or the
RTU restarts and reports zeros. Check the RTU portal (rtu.fw.internal) for
the station's last contact and signal, and restart the modem from there. If
many substations alarm at once right after a netcontrol release, roll back
(see above) and tell #fw-netcontrol.
""",
    })
    repo.commit(utc("2026-01-28 10:30:00"), murat, "plant: skip the write loop in local mode instead of falling through (NET-407)", {
        "netcontrol/plant.py": sub(repo.files["netcontrol/plant.py"], "                    self._pending.clear()\n                for node",
                                   "                    self._pending.clear()\n                    await asyncio.sleep(self.cfg[\"write_every_s\"])\n                    continue\n                for node"),
    })
    repo.commit(utc("2026-01-29 08:55:00"), tobias, "tests: supply curve interpolation", {
        "tests/test_supply_curve.py": "from netcontrol.supply_curve import SupplyCurve\n\n\ndef test_between_points():\n    curve = SupplyCurve({\"every_s\": 300, \"points\": [{\"outdoor_c\": -10, \"supply_c\": 108}, {\"outdoor_c\": 0, \"supply_c\": 95}]}, None, None)\n    assert curve.supply_for(-5) == 101.5\n    assert curve.supply_for(-20) == 108\n",
    })
    dp = "netcontrol/dp_control.py"
    shas["culprit"] = repo.commit(CULPRIT_AT, tobias, "dp control: ignore stale critical point readings (NET-412)\n\nOn 21 January the modem of SST-2208's RTU hung and the gateway kept its\nlast reading (0.31 bar) for three hours; the loop took it as the worst\npoint and held the pumps at 9.6 bar all night (NET-409). Skip a critical\npoint whose newest reading is older than dp_control.max_reading_age_s\n(60 s, six cycles) and log it, at most every ten minutes per point.", {
        dp: sub(repo.files[dp],
                "        self._last_summary = 0.0\n",
                "        self.max_age_s = cfg.get(\"max_reading_age_s\", 60)\n        self._last_summary = 0.0\n        self._stale_logged = {}\n",
                """    def worst_point(self, now):
        worst = None
        for cp in self.points:
            reading = self.telemetry.latest(cp.substation, "dp_bar")
            if reading is None:
                continue
            margin = reading.value - cp.dp_min_bar
            if worst is None or margin < worst[0]:
                worst = (margin, cp, reading)
        return worst
""",
                """    def worst_point(self, now):
        worst, used = None, 0
        for cp in self.points:
            reading = self.telemetry.latest(cp.substation, "dp_bar")
            if reading is None:
                continue
            age = now - reading.ts
            if age > self.max_age_s:
                # An RTU whose modem hangs keeps its last value (NET-409):
                # a stale reading must not steer the pumps.
                if now - self._stale_logged.get(cp.substation, 0.0) >= 600:
                    self._stale_logged[cp.substation] = now
                    log.warning("critical point reading stale, skipped substation=%s age=%.0fs max_age=%ds",
                                cp.substation, age, self.max_age_s)
                continue
            used += 1
            margin = reading.value - cp.dp_min_bar
            if worst is None or margin < worst[0]:
                worst = (margin, cp, reading)
        return worst, used
""",
                """        worst = self.worst_point(now)
        if worst is None:""",
                """        worst, used = self.worst_point(now)
        if worst is None:""",
                """            log.info("dp control: worst point %s dp=%.2f bar margin=%.2f setpoint=%.2f bar",
                     cp.substation, reading.value, margin, self.setpoint)""",
                """            log.info("dp control: worst point %s dp=%.2f bar margin=%.2f used=%d/%d setpoint=%.2f bar",
                     cp.substation, reading.value, margin, used, len(self.points), self.setpoint)"""),
        "config/production.yaml": repo.edit("config/production.yaml", "  cycle_s: 10\n  target_margin_bar: 0.30\n",
                                            "  cycle_s: 10\n  max_reading_age_s: 60\n  target_margin_bar: 0.30\n"),
        "tests/test_dp_control.py": sub(repo.files["tests/test_dp_control.py"],
                                        "    margin, cp, _ = dp.worst_point(time.time())\n",
                                        "    (margin, cp, _), used = dp.worst_point(time.time())\n    assert used == 2\n") + '''

def test_stale_reading_is_skipped():
    telemetry = FakeTelemetry({"SST-A": 1.1, "SST-B": 0.7})
    telemetry.readings["SST-B"].ts -= 3600
    dp = DpController(CFG, telemetry, FakePlant())
    (margin, cp, _), used = dp.worst_point(time.time())
    assert cp.substation == "SST-A" and used == 1
''',
    })
    repo.commit(utc("2026-01-30 11:02:00"), jana, "docs: telemetry links and reading ages", {
        "docs/telemetry.md": "# Substation telemetry\n\n| Link | Substations | Protocol | A reading every |\n|---|---|---|---|\n| fibre | ring, SST-1xxx to SST-3xxx | IEC 60870-5-104 via the RTU gateway | 10 s |\n| lte | Nordhafen, SST-44xx/45xx | MQTT via the RTU gateway | 5 min |\n\nThe gateway publishes every reading to `fw/substations/<id>/values` with\nthe RTU's timestamp; alarms go to `fw/substations/<id>/alarm` at once.\n",
    })
    repo.commit(utc("2026-01-30 12:05:00"), murat, "telemetry: log the RTUs' alarms (NET-414)\n\nThe control room sees them in the SCADA, we did not; make them visible in\nnetcontrol's log next to the loop's decisions.", {
        "netcontrol/telemetry.py": sub(repo.files["netcontrol/telemetry.py"], "    def _on_alarm(self, body):\n        pass\n",
                                       "    def _on_alarm(self, body):\n        if body.get(\"state\") == \"cleared\":\n            log.info(\"substation alarm cleared: %s %s\", body[\"substation\"], body[\"code\"])\n            return\n        log.warning(\"substation alarm: %s %s %s\", body[\"substation\"], body[\"code\"], body.get(\"text\", \"\"))\n"),
    })
    shas["rel480"] = repo.commit(utc("2026-01-30 13:20:00"), tobias, "release 4.8.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.7.2"', 'version = "4.8.0"'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "netcontrol:4.7.2\n          env:\n            - {name: VERSION, value: \"4.7.2\"}",
                                         "netcontrol:4.8.0\n          env:\n            - {name: VERSION, value: \"4.8.0\"}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.8.0\n\n- dp control skips stale critical point readings (NET-412).\n- RTU alarms in the log (NET-414).\n"),
    })
    repo.commit(utc("2026-01-30 15:31:00"), tobias, "dp control: docstring for the cycle and the target (NET-416)", {
        dp: sub(repo.files[dp], "the worst of them.\n\"\"\"", "the worst of them. One cycle every cycle_s (10 s); the plant ramps the\npumps towards the setpoint at 0.1 bar/s.\n\"\"\""),
    })
    repo.commit(utc("2026-01-31 02:05:00"), bot, "chore(deps): update dependency prometheus-client to v0.21.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"prometheus-client==0.21.0"', '"prometheus-client==0.21.1"'),
    })
    shas["curve"] = repo.commit(utc("2026-01-31 04:51:00"), leitwarte, "supply curve: +3 K below -10 C for the cold spell (NET-418)\n\nNight shift: -14 C this morning, -17 C forecast for Sunday; Nordhafen's\nsubstations ran short on Friday evening. Raise the cold end of the curve\nuntil Tuesday.", {
        "config/production.yaml": repo.edit("config/production.yaml", "    - {outdoor_c: -16, supply_c: 115}\n    - {outdoor_c: -10, supply_c: 108}\n",
                                            "    - {outdoor_c: -16, supply_c: 118}\n    - {outdoor_c: -10, supply_c: 111}\n"),
    })
    shas["fix"] = repo.commit(utc("2026-01-31 07:31:00"), jana, "dp control: maximum reading age per link (NET-420)\n\nNET-412 skipped every Nordhafen critical point: their LTE RTUs send\n5-minute means stamped with the interval's start, so their newest reading\nis always 5-10 minutes old and never younger than 60 s. The loop held the\nfibre ring's worst point and Nordhafen fell below 0.5 bar at the Saturday\nmorning peak. Take the maximum age from the point's link (fibre 60 s,\nLTE 900 s).", {
        dp: sub(repo.files[dp],
                "        self.max_age_s = cfg.get(\"max_reading_age_s\", 60)\n",
                "        self.max_age_s = cfg[\"max_reading_age_s\"]\n",
                "            if age > self.max_age_s:\n",
                "            max_age = self.max_age_s[cp.link]\n            if age > max_age:\n",
                "                    log.warning(\"critical point reading stale, skipped substation=%s age=%.0fs max_age=%ds\",\n                                cp.substation, age, self.max_age_s)\n",
                "                    log.warning(\"critical point reading stale, skipped substation=%s age=%.0fs max_age=%ds\",\n                                cp.substation, age, max_age)\n"),
        "config/production.yaml": repo.edit("config/production.yaml", "  max_reading_age_s: 60\n", "  max_reading_age_s: {fibre: 60, lte: 900}\n"),
        "tests/test_dp_control.py": repo.edit("tests/test_dp_control.py", '"cycle_s": 10, ', '"cycle_s": 10, "max_reading_age_s": {"fibre": 60, "lte": 900}, ') + '''

def test_lte_point_with_a_five_minute_mean_is_used():
    telemetry = FakeTelemetry({"SST-A": 1.1, "SST-B": 0.7}, age=420)
    telemetry.readings["SST-A"].ts += 415
    dp = DpController(CFG, telemetry, FakePlant())
    (margin, cp, _), used = dp.worst_point(time.time())
    assert cp.substation == "SST-B" and used == 2
''',
    })
    shas["rel481"] = repo.commit(utc("2026-01-31 07:35:00"), jana, "release 4.8.1", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.8.0"', 'version = "4.8.1"'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "netcontrol:4.8.0\n          env:\n            - {name: VERSION, value: \"4.8.0\"}",
                                         "netcontrol:4.8.1\n          env:\n            - {name: VERSION, value: \"4.8.1\"}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.8.1\n\n- Maximum reading age per link; LTE critical points are used again (NET-420).\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the morning


def load(x):
    """Relative heat load of the network (1.0 = design peak at -14 C)."""
    up = smooth(x, secs(utc("2026-01-31 04:48:00")), secs(utc("2026-01-31 06:16:00")))
    down = smooth(x, secs(utc("2026-01-31 06:50:00")), secs(utc("2026-01-31 08:40:00")))
    return 0.60 + 0.58 * up - 0.20 * down + 0.012 * math.sin(x / 420.0) + 0.008 * math.sin(x / 97.0)


def pump_setpoint(x):
    """What the loop asks of the pumps (bar), and whether the plant is in manual."""
    L = load(x)
    auto = 4.45 + 2.2 * L * L
    if MANUAL.timestamp() <= x < REMOTE.timestamp():
        return 7.8, True
    if x >= REMOTE.timestamp():
        extra = 0.40 * L * L * smooth(x, secs(REMOTE), secs(REMOTE) + 240)
        return auto + extra, False
    # the loop lags the morning ramp a little
    lag = 0.10 * smooth(x, secs(utc("2026-01-31 05:00:00")), secs(utc("2026-01-31 05:40:00"))) * (1 - smooth(x, secs(utc("2026-01-31 06:10:00")), secs(utc("2026-01-31 06:30:00"))))
    return auto - lag, False


def dp_at(x, k):
    """Differential pressure (bar) at a substation k bar/load^2 beyond SST-2571."""
    L = load(x)
    sp, _ = pump_setpoint(x)
    base = 4.45 + 2.2 * L * L
    return 0.80 + (sp - base) - k * L * L


def build_logs(rng, shas):
    app, gw, scada, argo, slack, tickets = (Log("netcontrol.log"), Log("rtu-gateway.log"), Log("hkw-nord-scada.log"),
                                            Log("argocd-application-controller.log"), Log("slack-fw-leitwarte.log"),
                                            Log("kundenservice-tickets.log"))
    t0, t1 = secs(START), secs(END)
    stats = {"dp_low": []}

    # --- netcontrol pods
    epochs = [(secs(REL_480), "netcontrol-6d5f8b7c9-qk2xw", "4.8.0", shas["rel480"]),
              (secs(CURVE_SYNC), "netcontrol-6d5f8b7c9-7tnlm", "4.8.0", shas["curve"]),
              (secs(ROLLBACK), "netcontrol-6d5f8b7c9-vz4hp", "4.8.0", shas["rel480"]),
              (secs(FIX_SYNC), "netcontrol-84c7d9f6b-m2rjd", "4.8.1", shas["rel481"])]

    def pod_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def pylog(x, level, logger, msg):
        t = at(x)
        pod = pod_at(x)[1]
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"[pod/{pod}/netcontrol] {stamp} {level} {logger}: {msg}")

    def fixed(x):
        return x >= secs(FIX_SYNC)

    # start-up lines at each restart inside the window
    for start_x, pod, version, sha in epochs[1:]:
        xs = start_x + 14.0
        pylog(xs, "INFO", "netcontrol.main", f"starting netcontrol version={version} image=registry.fw.internal/netcontrol:{version} config_revision={sha[:7]}")
        pylog(xs + 0.4, "INFO", "netcontrol.telemetry", "mqtt connected to rtu-gateway.fw.internal:8883, subscribed fw/substations/+/values fw/substations/+/alarm")
        pylog(xs + 0.9, "INFO", "netcontrol.plant", "opc ua session open opc.tcp://hkw-nord-plc.fw.internal:4840")
        pylog(xs + 1.3, "INFO", "netcontrol.weather", "weather: MOSMIX 10338 updated, next 3 h " + str([round(-14.6 + rng.uniform(-0.6, 0.6), 1) for _ in range(3)]))
        if version == "4.8.1":
            pylog(xs + 1.5, "INFO", "netcontrol.dp_control", "dp control: max reading age fibre=60s lte=900s, 9 critical points")

    restarts = [e[0] for e in epochs[1:]]

    def down(x):
        return any(r <= x < r + 15.0 for r in restarts)

    # loop summary every minute
    x = t0 + 7.3
    while x < t1:
        if not down(x):
            L = load(x)
            sp, manual = pump_setpoint(x)
            if fixed(x):
                worst_name, worst_dp = "SST-4519", dp_at(x, 0.40)
                used = 9
            else:
                worst_name, worst_dp = "SST-2571", dp_at(x, 0.0)
                used = 4
            worst_dp += rng.gauss(0, 0.012)
            sp_loop = sp if not manual else min(10.0, 4.45 + 2.2 * L * L + rng.gauss(0, 0.02))
            pylog(x + rng.uniform(0, 0.2), "INFO", "netcontrol.dp_control",
                  f"dp control: worst point {worst_name} dp={worst_dp:.2f} bar margin={worst_dp - 0.5:.2f} used={used}/9 setpoint={sp_loop:.2f} bar")
        x += 60.0

    # stale warnings: each LTE point, every ten minutes, until the fix
    for name, _ in LTE_POINTS:
        x = t0 + rng.uniform(0, 600)
        while x < secs(FIX_SYNC):
            if not down(x):
                age = rng.uniform(318, 612)
                pylog(x, "WARNING", "netcontrol.dp_control", f"critical point reading stale, skipped substation={name} age={age:.0f}s max_age=60s")
            x += 600.0 + rng.uniform(0, 10)
        # after a restart the memory of the last warning is gone: warn at once
    for r in restarts[:-1]:
        for name, _ in LTE_POINTS:
            pylog(r + 25.0 + rng.uniform(0, 9), "WARNING", "netcontrol.dp_control",
                  f"critical point reading stale, skipped substation={name} age={rng.uniform(318, 612):.0f}s max_age=60s")

    # supply curve every five minutes
    x = t0 + 120.5
    while x < t1:
        if not down(x):
            outdoor = -13.6 - 0.9 * smooth(x, t0, secs(utc("2026-01-31 07:00:00"))) + rng.gauss(0, 0.15)
            cold = x >= secs(CURVE_SYNC) and not (secs(ROLLBACK) <= x < secs(FIX_SYNC))
            supply = (111 if cold else 108) + (-10 - outdoor) * (7 / 6)
            pylog(x, "INFO", "netcontrol.supply_curve", f"supply curve: outdoor {outdoor:.1f} C -> supply setpoint {supply:.1f} C")
        x += 300.0

    # hourly weather, local-mode warnings, routine noise
    for h in range(3, 9):
        x = secs(utc(f"2026-01-31 0{h}:00:00")) + 41.7 + rng.uniform(0, 3)
        if t0 <= x < t1:
            pylog(x, "INFO", "netcontrol.weather", "weather: MOSMIX 10338 updated, next 3 h " + str([round(-14.2 - 0.3 * i + rng.uniform(-0.5, 0.5), 1) for i in range(3)]))
    x = secs(MANUAL) + 3.0
    while x < secs(REMOTE):
        if not down(x):
            pylog(x, "WARNING", "netcontrol.plant", "plant in local mode, 2 setpoint write(s) suspended")
        x += 5.0 * rng.choice([12, 12, 12, 24])
    pylog(secs(REMOTE) + 4.2, "INFO", "netcontrol.plant", "plant remote enabled again, setpoint writes resumed")
    for _ in range(9):
        x = rng.uniform(t0, t1)
        pylog(x, "WARNING", "netcontrol.telemetry", f"mqtt message for unknown substation SST-{rng.choice([4599, 3902, 4600])} on fw/substations/+/values, ignored")
    for _ in range(4):
        x = rng.uniform(t0, t1)
        pylog(x, "WARNING", "netcontrol.plant", "opc ua write took 2.4s (slow PLC cycle), dp setpoint applied late")

    # --- RTU gateway (syslog RFC 5424)
    def gwlog(x, sev, proc, msgid, text):
        pri = 8 * 16 + sev   # local0
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        gw.add(t, f"<{pri}>1 {stamp} rtu-gw-01 rtugw {proc} {msgid} - {text}")

    alarm_state = {}

    def alarm(x, name, code, text, sev=4):
        gwlog(x, sev, 2211, "ALARM", f"{name} {code} raised: {text}")
        if x >= secs(REL_480):
            pylog(x + rng.uniform(0.05, 0.4), "WARNING", "netcontrol.telemetry", f"substation alarm: {name} {code} {text}")

    def clear(x, name, code):
        gwlog(x, 5, 2211, "ALARM", f"{name} {code} cleared")
        pylog(x + rng.uniform(0.05, 0.4), "INFO", "netcontrol.telemetry", f"substation alarm cleared: {name} {code}")

    # LTE reports every five minutes (5-minute means, interval start)
    lte_k = dict(LTE_POINTS)
    others_k = {name: rng.uniform(0.02, 0.16) for name in LTE_OTHER}
    for name in [n for n, _ in LTE_POINTS] + LTE_OTHER:
        k = lte_k.get(name, others_k.get(name))
        phase = rng.uniform(12, 55)
        start = secs(utc("2026-01-31 02:55:00"))
        i = 0
        while True:
            interval = start + 300 * i
            x = interval + 300 + phase + rng.uniform(-4, 6)
            i += 1
            if x >= t1:
                break
            if x < t0:
                continue
            mid = interval + 150
            dp = dp_at(mid, k) + rng.gauss(0, 0.015)
            secondary = 71.0 - max(0.0, 0.5 - dp) * 42 + rng.gauss(0, 0.4)
            if name in ("SST-4466", "SST-4490") and rng.random() < 0.04:
                gwlog(x, 4, 2208, "MQTT", f"{name} report late: {rng.randint(2, 4)} interval(s) delivered at once, rssi=-{rng.randint(101, 109)} dBm")
            gwlog(x, 6, 2208, "MQTT", f"rx {name} interval_start={at(interval).strftime('%Y-%m-%dT%H:%M:%SZ')} dp_mean={dp:.2f}bar sec_supply={secondary:.1f}C rssi=-{rng.randint(78, 99)}dBm")
            state = alarm_state.setdefault(name, set())
            if dp < 0.50 and "DP_LOW" not in state:
                state.add("DP_LOW")
                xa = interval + rng.uniform(60, 240)
                now_dp = min(dp_at(xa, k), 0.495) - rng.uniform(0.0, 0.03)
                alarm(xa, name, "DP_LOW", f"differential pressure {now_dp:.2f} bar below minimum 0.50 bar")
                stats["dp_low"].append((xa, name))
            elif dp > 0.56 and "DP_LOW" in state:
                state.discard("DP_LOW")
                clear(x - rng.uniform(30, 120), name, "DP_LOW")
            if dp < 0.36 and "SEC_SUPPLY_LOW" not in state:
                state.add("SEC_SUPPLY_LOW")
                alarm(x - rng.uniform(10, 90), name, "SEC_SUPPLY_LOW", f"secondary supply {secondary:.1f} C, setpoint 70.0 C, primary valve 100 %")
            elif dp > 0.45 and "SEC_SUPPLY_LOW" in state:
                state.discard("SEC_SUPPLY_LOW")
                clear(x - rng.uniform(30, 120), name, "SEC_SUPPLY_LOW")
            if dp < 0.30 and "DHW_TEMP_LOW" not in state and rng.random() < 0.5:
                state.add("DHW_TEMP_LOW")
                alarm(x - rng.uniform(10, 90), name, "DHW_TEMP_LOW", f"domestic hot water {rng.uniform(41, 47):.1f} C below 50.0 C (legionella limit)")
            elif dp > 0.5 and "DHW_TEMP_LOW" in state:
                state.discard("DHW_TEMP_LOW")
                clear(x - rng.uniform(30, 120), name, "DHW_TEMP_LOW")

    # IEC 104 statistics every minute, link flaps, routine alarms on the ring
    x = t0 + 30.0
    while x < t1:
        gwlog(x + rng.uniform(0, 0.3), 6, 2204, "IEC104", f"stats: {rng.choice([1847, 1847, 1846])} stations connected, {rng.choice([3, 3, 4])} link down, rx {rng.randint(10980, 11240)} ASDU/min")
        x += 60.0
    for _ in range(7):
        x = rng.uniform(t0, t1)
        st = f"SST-{rng.randint(1001, 3420)}"
        gwlog(x, 4, 2204, "IEC104", f"{st} link down (t1 timeout 15s), reconnecting")
        gwlog(x + rng.uniform(20, 140), 5, 2204, "IEC104", f"{st} link up, general interrogation sent")
    for _ in range(3):
        x = rng.uniform(t0, t1)
        st = rng.choice(LTE_OTHER)
        gwlog(x, 4, 2208, "MQTT", f"{st} client disconnected (keepalive 900s exceeded)")
        gwlog(x + rng.uniform(60, 400), 5, 2208, "MQTT", f"{st} client connected, clean_session=false")
    for _ in range(26):
        x = rng.uniform(t0, t1)
        st = f"SST-{rng.randint(1001, 3420)}"
        code, text = rng.choice([("DOOR_OPEN", "substation door contact open"), ("MBUS_READ_FAIL", "heat meter M-Bus readout failed (no answer from primary address 1)"),
                                 ("FILTER_DP_HIGH", "strainer differential pressure 0.42 bar above 0.35 bar")])
        gwlog(x, 4, 2211, "ALARM", f"{st} {code} raised: {text}")
        if x >= secs(REL_480):
            pylog(x + rng.uniform(0.05, 0.4), "WARNING", "netcontrol.telemetry", f"substation alarm: {st} {code} {text}")
        if code != "MBUS_READ_FAIL":
            xc = x + rng.uniform(120, 1500)
            gwlog(xc, 5, 2211, "ALARM", f"{st} {code} cleared")
            pylog(xc + rng.uniform(0.05, 0.4), "INFO", "netcontrol.telemetry", f"substation alarm cleared: {st} {code}")

    # --- plant SCADA: values every minute, events
    def sc(x, tag, level, text):
        t = at(x)
        scada.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z;HKW-Nord;{tag};{level};{text}")

    x = t0 + 15.0
    while x < t1:
        L = load(x)
        sp, manual = pump_setpoint(x)
        mode = "manual" if manual else "remote/netcontrol"
        sc(x, "P200", "INFO", f"dp setpoint {sp:.2f} bar ({mode}), actual {sp + rng.gauss(0, 0.03):.2f} bar, P-201 speed {52 + 30 * (sp - 5.2) / 3.4 + rng.gauss(0, 0.4):.1f} %")
        flow = 1420 * L + rng.gauss(0, 8)
        outdoor = -13.6 - 0.9 * smooth(x, t0, secs(utc("2026-01-31 07:00:00")))
        cold = x >= secs(CURVE_SYNC) + 60 and not (secs(ROLLBACK) + 60 <= x < secs(FIX_SYNC) + 60)
        supply = (111 if cold else 108) + (-10 - outdoor) * (7 / 6) + rng.gauss(0, 0.3)
        ret = 49.5 + 4.0 * L + rng.gauss(0, 0.3)
        sc(x + 0.4, "VL", "INFO", f"supply {supply:.1f} C return {ret:.1f} C flow {flow:.0f} m3/h heat {flow * (supply - ret) * 1.16 / 1000:.1f} MW")
        sc(x + 0.7, "DH", "INFO", f"pressure holding: return {2.92 + rng.gauss(0, 0.02):.2f} bar, make-up water {rng.uniform(0.3, 1.6):.1f} m3/h, tank {78 + rng.gauss(0, 0.5):.0f} %")
        x += 60.0
    sc(secs(utc("2026-01-31 05:31:40")), "K3", "INFO", "peak boiler K3 start requested (heat demand 118 MW > base 105 MW)")
    sc(secs(utc("2026-01-31 05:44:02")), "K3", "INFO", "peak boiler K3 in operation, 18 MW")
    sc(secs(utc("2026-01-31 06:02:30")), "P200", "INFO", "P-202 started (P-201 speed > 85 % for 10 min)")
    sc(secs(MANUAL), "P200", "WARNING", "P200 mode remote -> manual by operator hbrandt, dp setpoint 7.80 bar")
    sc(secs(REMOTE), "P200", "WARNING", "P200 mode manual -> remote by operator hbrandt")
    for _ in range(5):
        x = rng.uniform(t0, t1)
        sc(x, rng.choice(["WT1", "RO"]), "INFO", rng.choice(["make-up water softener regeneration started", "RO unit flush cycle complete", "water treatment conductivity 4.1 uS/cm"]))
    for _ in range(3):
        x = rng.uniform(t0, t1)
        sc(x, "OPC", "WARNING", "client netcontrol write latency 2.1 s (cycle overrun)")

    # --- Argo CD (logrus text)
    def ar(x, level, msg, **kv):
        t = at(x)
        extra = " ".join(f'{k}={json.dumps(v) if " " in str(v) else v}' for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=argocd/netcontrol {extra}'.rstrip())

    x = t0 + 95.0
    while x < t1:
        ar(x + rng.uniform(0, 2), "info", "Refreshing app status (controller refresh requested)", dedup_ms=rng.randint(0, 3), diff_ms=rng.randint(8, 40))
        x += 180.0
    ar(secs(CURVE_SYNC) - 18.0, "info", f"Initiated automated sync to '{shas['curve']}'", dest_namespace="fernwaerme", dest_server="https://kubernetes.default.svc")
    ar(secs(CURVE_SYNC) - 16.0, "info", f"Updated sync status: Synced -> OutOfSync", dest_namespace="fernwaerme")
    ar(secs(CURVE_SYNC) - 9.0, "info", "configmap/netcontrol-config-7f2k9d8h5b created; deployment.apps/netcontrol configured", dest_namespace="fernwaerme")
    ar(secs(CURVE_SYNC) + 25.0, "info", f"Sync operation to {shas['curve']} succeeded", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) - 20.0, "info", f"Initiated rollback to history id 41 ({shas['rel480']}) by jpetersen", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) - 12.0, "info", "configmap/netcontrol-config-9m4c6tfb2g configured; deployment.apps/netcontrol configured", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) + 22.0, "info", f"Sync operation to {shas['rel480']} succeeded (auto-sync disabled by rollback)", dest_namespace="fernwaerme")
    ar(secs(FIX_SYNC) - 30.0, "info", f"Initiated sync to '{shas['rel481']}' by jpetersen (auto-sync re-enabled)", dest_namespace="fernwaerme")
    ar(secs(FIX_SYNC) - 21.0, "info", "configmap/netcontrol-config-h8d2k5m7tc created; deployment.apps/netcontrol configured", dest_namespace="fernwaerme")
    ar(secs(FIX_SYNC) + 24.0, "info", f"Sync operation to {shas['rel481']} succeeded", dest_namespace="fernwaerme")

    # --- tickets (customer service, JSON lines)
    def ticket(t, tid, channel, address, subject, text):
        tickets.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": f"KS-{tid}", "channel": channel, "category": "Fernwärme",
                                   "address": address, "subject": subject, "text": text}, ensure_ascii=False))

    first = sorted(stats["dp_low"])
    onset_x = first[0][0]
    ticket(utc("2026-01-31 03:41:12"), 88412, "portal", "Ulmenweg 4", "Abschlagszahlung ändern", "Bitte Abschlag ab März auf 95 EUR senken, neue Heizung im Januar.")
    ticket(utc("2026-01-31 04:55:40"), 88413, "phone", "Bahnhofstraße 61", "Wärmemengenzähler Display dunkel", "Display des Wärmezählers im Keller ist dunkel, Heizung läuft aber.")
    plan = [("06:02:10", "phone", "Lotsenstraße 40", "Keine Heizung", "Heizkörper seit dem Aufstehen nur lauwarm, 17 Grad in der Wohnung."),
            ("06:09:55", "phone", "Lotsenstraße 52", "Kein Warmwasser", "Duschwasser nur lauwarm seit ca. 6 Uhr."),
            ("06:14:31", "portal", "Lotsenstraße 8", "Heizung kalt", "Wohnung 3.OG, Heizkörper kalt, Thermostat auf 5."),
            ("06:22:03", "phone", "Fährgasse 5", "Heizung und Warmwasser", "Mehrere Mieter melden kalte Heizkörper und kaltes Wasser."),
            ("06:31:47", "phone", "Am Holzhafen 21", "Kein Warmwasser", "Hausmeister: Warmwasser 40 Grad, Heizung schwach."),
            ("06:38:20", "phone", "Kranbahn 17", "Heizung lauwarm", "Kita öffnet um 7:30, Gruppenräume 16 Grad."),
            ("06:44:09", "portal", "Lotsenstraße 40", "Immer noch kalt", "Zweite Meldung, weiterhin kalt."),
            ("07:02:36", "phone", "Speicherweg 3", "Warmwasser schwankt", "Warmwasser mal warm, mal kalt."),
            ("07:15:12", "phone", "Fährgasse 19", "Heizung", "Heizung wird langsam wieder warm, trotzdem 18 Grad."),
            ("07:58:44", "portal", "Lotsenstraße 52", "Warmwasser wieder da", "Warmwasser geht wieder, danke.")]
    for i, (hms, ch, addr, subj, text) in enumerate(plan):
        ticket(utc(f"2026-01-31 {hms}"), 88414 + i, ch, addr, subj, text)
    ticket(utc("2026-01-31 07:22:18"), 88424, "portal", "Goethestraße 9", "Zählerwechsel Termin", "Termin für den Zählerwechsel bitte nach 14 Uhr.")

    # --- Slack #fw-leitwarte
    users = {"alertmanager": "B01ALRT9X", "holger.brandt (Leitwarte)": "U01HB4K2L", "jana.petersen": "U02JP7M3Q", "tobias.lindqvist": "U02TL5N8R",
             "kundenservice-bot": "B03KS2D7W", "sven.albers (Netzmeister)": "U01SA9F3T"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "fw-leitwarte", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say(utc("2026-01-31 03:12:00"), "holger.brandt (Leitwarte)", "Nachtschicht: -14 C, Last 62 %, alles ruhig. Freitagabend hatte SST-4519 kurz 0.52 bar, RTU-Portal zeigt den Modem online")
    say(utc("2026-01-31 04:53:00"), "holger.brandt (Leitwarte)", "NET-418 gemerged (Kurve +3 K unter -10 C bis Dienstag), Argo synct gleich")
    say(CURVE_SYNC + dt.timedelta(minutes=2), "holger.brandt (Leitwarte)", "netcontrol neu gestartet mit der Kurve, Vorlauf-Soll 112.1 C")
    say(at(onset_x + 20), "alertmanager", "[FIRING:1] SubstationDpLow fernwaerme SST-4519 differential pressure below minimum (Nordhafen)")
    say(utc("2026-01-31 05:52:00"), "holger.brandt (Leitwarte)", "Nordhafen meldet DP_LOW bei 4519 und 4502. Runbook sagt LTE-RTU, im Portal sind beide online, Signal ok. Die 5-Min-Werte sind aber echt niedrig")
    say(utc("2026-01-31 06:03:00"), "kundenservice-bot", "3 neue Störungsmeldungen Fernwärme: Lotsenstraße 40, Lotsenstraße 52 (Heizung/Warmwasser)")
    say(utc("2026-01-31 06:07:00"), "alertmanager", "[FIRING:3] SubstationDpLow fernwaerme SST-4519 SST-4502 SST-4436 (Nordhafen)")
    say(utc("2026-01-31 06:09:00"), "holger.brandt (Leitwarte)", f"@jana.petersen bitte einmal draufschauen, Pumpen-Soll nur {pump_setpoint(secs(utc('2026-01-31 06:09:00')))[0]:.1f} bar obwohl Nordhafen unten ist. K3 läuft, P-202 zugeschaltet")
    say(utc("2026-01-31 06:14:00"), "jana.petersen", "bin dran. netcontrol log ist voll mit 'substation alarm' (seit 4.8.0 drin, NET-414). Einzige Änderung heute früh ist NET-418, die Kurve, 05:02 gesynct. Laut Runbook: nach Release viele Alarme -> rollback. Ich rolle auf 4.8.0 zurück")
    say(ROLLBACK + dt.timedelta(minutes=1), "jana.petersen", "Rollback auf 4.8.0 (history 41) ist durch, Kurve wieder alt")
    say(utc("2026-01-31 06:36:00"), "holger.brandt (Leitwarte)", "keine Besserung, 4420 jetzt auch DP_LOW, Kita in der Kranbahn ruft an")
    say(utc("2026-01-31 06:41:00"), "sven.albers (Netzmeister)", "Hydraulisch passt das: Last fast 115 %, und Nordhafen hängt am langen Strang. Holger, nimm P200 auf Hand und fahr 7.8 bar, dann sehen wir ob die Pumpen das können")
    say(MANUAL + dt.timedelta(minutes=1), "holger.brandt (Leitwarte)", "P200 auf Hand, 7.80 bar")
    say(utc("2026-01-31 06:58:00"), "holger.brandt (Leitwarte)", "4519 bei 0.58 bar im letzten 5-Min-Wert, die anderen kommen auch hoch. Pumpen hätten es also gekonnt")
    say(utc("2026-01-31 07:04:00"), "tobias.lindqvist", "schaue mit. warum hat der Regler nicht hochgefahren?")
    say(utc("2026-01-31 07:09:00"), "jana.petersen", "'dp control: worst point SST-2571 ... used=4/9' seit Freitag. und alle zehn Minuten 'critical point reading stale, skipped substation=SST-4519 age=347s max_age=60s' für alle fünf Nordhafen-Punkte")
    say(utc("2026-01-31 07:11:00"), "tobias.lindqvist", "das ist meins, NET-412 von gestern. Die LTE-RTUs schicken 5-Minuten-Mittel mit dem Intervallanfang als Zeitstempel, die sind nie jünger als 5 min. Der Regler sieht Nordhafen seit Freitag 13:35 gar nicht mehr und hält nur den Ring auf 0.8 bar")
    say(utc("2026-01-31 07:13:00"), "jana.petersen", "Rollback hat nichts gebracht weil 4.8.0 NET-412 schon drin hat. Ich mache max age pro Link (lte 900 s), NET-420")
    say(utc("2026-01-31 07:33:00"), "jana.petersen", "NET-420 gemerged, 4.8.1 gebaut, sync läuft. Kurve (NET-418) ist damit auch wieder drin")
    say(FIX_SYNC + dt.timedelta(minutes=2), "jana.petersen", "4.8.1 läuft: 'used=9/9', worst point SST-4519. @holger.brandt du kannst P200 wieder auf remote nehmen")
    say(REMOTE + dt.timedelta(minutes=1), "holger.brandt (Leitwarte)", f"P200 remote, netcontrol fährt {pump_setpoint(secs(REMOTE) + 300)[0]:.1f} bar, Nordhafen-Punkte wieder im Regler")
    say(utc("2026-01-31 08:02:00"), "holger.brandt (Leitwarte)", "alle DP_LOW in Nordhafen gegangen, Warmwasser wieder über 50 C. Kundenservice informiert")
    say(utc("2026-01-31 08:10:00"), "tobias.lindqvist", "Postmortem Montag 10 Uhr. Offene Frage: Runbook-Abschnitt zu Nordhafen umschreiben, und ein Alarm wenn used < 9")
    stats["onset_x"] = onset_x
    return [app, gw, scada, argo, slack, tickets], stats


def build(out_dir):
    rng = random.Random(101100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset_x"]).replace(microsecond=0)
        assert utc("2026-01-31 05:15:00") <= onset <= utc("2026-01-31 05:45:00"), onset
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r101-critical-point-stale-age", service=SERVICE, onset=onset,
            description=f"""
Stadtwerke Wendelstadt's district heating, Saturday 31 January 2026, -14 C:
from {onset.strftime('%H:%M:%S')} UTC (the first DP_LOW) the Nordhafen substations fall
below their minimum differential pressure one after the other as the
buildings come out of their night setback; radiators and hot water go cold
and tenants call. netcontrol's cold-weather supply curve (NET-418) had been
synced at 05:02; Argo CD was rolled back to 4.8.0 at 06:21 without effect,
the control room put the plant's pumps in manual at 06:48 (which helped), a
fix was synced at 07:38 and the pumps went back to remote at 07:45.
""",
            logs=logs,
            line_formats={
                "netcontrol.log": r'\[pod/<Pod>/<Container>\] <Date> <Time> <Level> <Logger>: <Content>',
                "hkw-nord-scada.log": r'<Time>;<Plant>;<Tag>;<Level>;<Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'critical point reading stale, skipped',
            ],
            fix_files=["netcontrol/dp_control.py", "config/production.yaml"],
            explanation=f"""
The culprit is NET-412 ("dp control: ignore stale critical point
readings"), committed on Friday 30 January at 10:14 UTC and synced with
4.8.0 at 13:35, {hours:.1f} hours before the onset. It skips a critical
point whose newest reading is older than 60 s. The five Nordhafen critical
points have LTE RTUs that send 5-minute means stamped with the interval's
start, so their newest reading is always 5-10 minutes old: from 4.8.0 on the
loop never sees them ("critical point reading stale, skipped
substation=SST-4519 age=...s max_age=60s", every ten minutes per point;
"used=4/9" in its summary) and holds the fibre ring's worst point,
SST-2571, at 0.8 bar. The extra loss to Nordhafen grows with the square of
the flow; at the Saturday morning peak Nordhafen falls below 0.5 bar
(DP_LOW, SEC_SUPPLY_LOW, DHW_TEMP_LOW) while the pump setpoint stays low.
The fix (NET-420) takes the maximum age per link (LTE 900 s) in
dp_control.py and config/production.yaml; a revert of the culprit touches
both.
Decoys: NET-418, the night shift's cold-weather supply curve in the
culprit's config file, synced at 05:02, 19 minutes before the onset (the
start-up lines and Argo CD name it), rolled back at 06:21 to 4.8.0, which
holds the culprit, without effect; 4.8.0's NET-414, which forwards the
RTUs' alarms to netcontrol's log (the very "substation alarm" warnings
that fill it); NET-416, a docstring in the culprit's file; the runbook
section that reads Nordhafen's DP_LOW as LTE RTU trouble and says to roll
back after a release; Renovate bumps; RTU link flaps, late LTE reports
and routine substation alarms; the peak boiler and the second pump
starting in the ramp; the manual 7.8 bar, which helps.
""",
        )
    finally:
        repo.close()
