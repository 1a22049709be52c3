"""climate-control (Python 3.12, one container in Docker Compose on the
site server kas-srv-01, deployed by a GitLab CI job over SSH; an in-house
team of four in 's-Gravenzande and Kraków) of Hoogland Kassen, a tomato
grower in the Westland: 14 ha of glass in twelve compartments, A1-A4, B5-B8
and C9-C12, one Siemens PLC per block (PLC-A, PLC-B, PLC-C, programmed by
the integrator Van Dijk Kasautomatisering). Every 10 s climate-control
reads the measuring boxes (through the sensor gateways and MQTT), the
roof weather station and the AgroWeer forecast, computes each
compartment's vent openings, rail pipe temperature, screens and CO2
setpoint, and writes them through plc-bridge (Modbus TCP, on the edge box
kas-edge-01) into the PLC's holding registers HR100-HR163, with a
heartbeat in HR199. It also starts the irrigation rounds (radiation sum)
and sends alarms to alarm-router, which pushes them to the growers'
phones. The PLCs have a comms watchdog: if HR199 does not change for 30 s
the PLC goes to LOCAL SAFE and loads its safe setpoints into HR100-HR163
(vents 0 %, rail pipe 45 degC, CO2 dosing off); when the heartbeat
changes again it goes back to REMOTE and controls on whatever the
registers hold, so "the master must write every setpoint again"
(docs/plc-interface.md, in the repo since the start). Short Modbus
drop-outs (a flaky link in the block cabinets) happen a few times a month.

Monday 8 June 13:40 UTC, CC-229: Van Dijk had asked the team to stop
rewriting 29 registers per PLC every 10 s (PLC-B's scan time), so PlcWriter keeps
what it has written to each PLC and sends only the setpoints that
changed, plus the heartbeat every cycle ("the comms watchdog is
unaffected"). It goes out at 15:05 as 2.13.2, the deploy naming the docs
commit after it. Tuesday and Wednesday are cloudy and cool.

Thursday 11 June is the first hot day: outside 27-29 degC, full sun.
At 08:05 PLC-A loses its link for 44 s and trips its watchdog while the
vents are at about 90 % and moving: the next changed vent setpoint puts
them back within seconds, but A's CO2 setpoint (450 ppm, constant) stays
at the safe 0 until the 10:19 deploy rewrites everything. From about
09:20 every compartment's vents are at 100 % and the rail pipes off:
setpoints that no longer change. 10:19 release 2.14.0 (CC-238 storm limit
on the forecast's gusts, CC-241 a humidity term in the vent P-band,
CC-243 a warning when an actuator stays off its setpoint, CC-236 in
the culprit's file, an httpx bump). 10:52:09 plc-bridge loses PLC-B for 44 s,
PLC-B's watchdog expires at 10:52:33 and loads vents 0 %, rail pipe 45
degC; when it is back in REMOTE nothing is written but the heartbeat:
B5-B8's vents close, their pipes heat, the compartments reach 32 degC
(alarms to the growers' phones) around 11:00 and 37-38 degC. CC-243's
new "actuator deviation" warnings fill the log; the on-call rolls back to
2.13.2 at 11:18, and the restart, which empties the writer's memory,
rewrites every setpoint: B's vents open and the rollback seems to have
fixed it. At 12:21 PLC-C drops out on 2.13.2 and C9-C12 close the same
way (without the warnings). The author of CC-229 sees in plc-bridge's
stats that only the heartbeat reached PLC-C after it came back and finds
the rule in docs/plc-interface.md; a restart at 12:36 opens C's vents,
CC-247 (forget what a PLC holds after a failed call, rewrite everything
once a minute) goes out at 13:12.

Sources: climate-control (Python logging, line format), plc-bridge (Go
slog text through journalctl on kas-edge-01, line format), the three
PLCs' diagnostic buffers (CSV export from the PLCs' web servers), the
sensor gateways (syslog RFC 3164), alarm-router (pino JSON), GitLab deploy
jobs, #teelt-storingen (Teams export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino, syslog3164
from skeletons import chores, runbook

SERVICE = "climate-control"
SIM_START = utc("2026-06-11 06:50:00")
START, END = utc("2026-06-11 07:30:00"), utc("2026-06-11 13:40:00")
MON_DEPLOY = utc("2026-06-08 15:05:40")
CULPRIT_AT = utc("2026-06-08 13:40:00")
# code epochs: (first cycle, version, sha key, writes everything after a failed call)
RELEASE = utc("2026-06-11 10:19:40")
ROLLBACK = utc("2026-06-11 11:18:32")
RESTART = utc("2026-06-11 12:36:10")
FIXED = utc("2026-06-11 13:12:20")
DROPS = {  # the link to the PLC drops: (first failed request, link back)
    "PLC-A": (utc("2026-06-11 08:05:14"), utc("2026-06-11 08:05:49")),
    "PLC-B": (utc("2026-06-11 10:52:09"), utc("2026-06-11 10:52:47")),
    "PLC-C": (utc("2026-06-11 12:21:04"), utc("2026-06-11 12:21:38")),
}
PLCS = {"PLC-A": ["A1", "A2", "A3", "A4"], "PLC-B": ["B5", "B6", "B7", "B8"], "PLC-C": ["C9", "C10", "C11", "C12"]}
PLC_ADDR = {"PLC-A": "10.20.1.11", "PLC-B": "10.20.2.11", "PLC-C": "10.20.3.11"}
COMPS = [c for cs in PLCS.values() for c in cs]
PLC_OF = {c: p for p, cs in PLCS.items() for c in cs}
REG_NAMES = ["vent_lee", "vent_wind", "pipe_rail", "pipe_grow", "screen_energy", "screen_shade", "co2"]
SAFE = {"vent_lee": 0, "vent_wind": 0, "pipe_rail": 450, "pipe_grow": 0, "co2": 0}   # screens keep their value
WATCHDOG_S = 30
HIGH_TEMP = 32.0


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "climate-control"
version = "2.13.1"
requires-python = ">=3.12"
dependencies = [
  "httpx==0.27.0",
  "paho-mqtt==2.1.0",
  "pydantic==2.7.3",
  "pyyaml==6.0.1",
  "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.2.2", "respx==0.21.1"]
"""

SITE_YAML = """site: hoogland-gravenzande
timezone: Europe/Amsterdam
cycle_seconds: 10
bridge:
  url: http://kas-edge-01:8502
  timeout_s: 2
plcs:
  PLC-A: [A1, A2, A3, A4]
  PLC-B: [B5, B6, B7, B8]
  PLC-C: [C9, C10, C11, C12]
# holding registers per compartment: HR100 + 16 * slot + offset (docs/plc-interface.md)
registers:
  base: 100
  stride: 16
  offsets: {vent_lee: 0, vent_wind: 1, pipe_rail: 2, pipe_grow: 3, screen_energy: 4, screen_shade: 5, co2: 6}
  heartbeat: 199
vents:
  day_temp: 21.0
  radiation_rise: 0.0025   # degC per W/m2
  p_band: 3.3              # degC from closed to fully open
  storm_wind: 12.0         # m/s: vents capped at 20 %
heating:
  morning_min_pipe: 38.0
  morning_until: "10:15"
co2:
  vents_closed: 800
  vents_open: 450
irrigation:
  radiation_sum: 150       # J/cm2 between rounds
  dose_ml_m2: 220
alarms:
  router: http://alarm-router.kas.local/v1/alarms
  high_temp: 32.0
  clear_below: 31.0
weather:
  provider: agroweer
  url: https://api.agroweer.nl/v2/forecast
  every_minutes: 60
"""

BRIDGE_PY = '''"""plc-bridge's HTTP API (kas-edge-01): Modbus TCP to the block PLCs."""

import httpx


class BridgeError(Exception):
    pass


class Bridge:
    def __init__(self, url, timeout_s=2.0):
        self.http = httpx.Client(base_url=url, timeout=timeout_s)

    def _call(self, method, path, **kw):
        try:
            r = self.http.request(method, path, **kw)
        except httpx.HTTPError as err:
            raise BridgeError(f"{type(err).__name__}: {err}") from err
        if r.status_code >= 400:
            raise BridgeError(f"{r.status_code} {r.json().get('error', r.text)}")
        return r.json()

    def write_holding(self, plc, registers):
        """registers: {register number: value}."""
        self._call("POST", f"/v1/plc/{plc}/holding", json={"registers": {f"HR{k}": v for k, v in sorted(registers.items())}})

    def read_input(self, plc):
        """The PLC's actuator positions and measurements (IR0-IR95)."""
        return self._call("GET", f"/v1/plc/{plc}/input")

    def command(self, plc, register, value=1):
        """A one-shot command register the PLC resets itself (irrigation start)."""
        self._call("POST", f"/v1/plc/{plc}/command", json={"register": f"HR{register}", "value": value})
'''

WRITER_V1 = '''"""Writes a PLC's setpoints through plc-bridge: every setpoint of its
compartments each cycle, and the heartbeat in HR199 that keeps the PLC's
comms watchdog from expiring (docs/plc-interface.md)."""

import logging

log = logging.getLogger("climate_control.plc")


class PlcWriter:
    def __init__(self, bridge, site):
        self.bridge = bridge
        self.site = site
        self.beats = {}

    def write(self, plc, setpoints):
        """setpoints: {(compartment, name): value in register units}."""
        registers = {self.site.register(comp, name): value for (comp, name), value in setpoints.items()}
        beat = (self.beats.get(plc, 0) + 1) % 32768
        registers[self.site.heartbeat] = beat
        self.bridge.write_holding(plc, registers)
        self.beats[plc] = beat
'''

VENTS_V1 = '''"""Vent opening: a P-band above the ventilation temperature, which rises
with radiation; capped in a storm."""


def position(m, weather, cfg):
    """Percent open (0-100) for the lee and wind side."""
    vent_temp = cfg.day_temp + cfg.radiation_rise * m.radiation
    pct = (m.air_temp - vent_temp) / cfg.p_band * 100.0
    pct = max(0.0, min(100.0, pct))
    if weather.wind >= cfg.storm_wind:
        pct = min(pct, 20.0)
    return round(pct)
'''

HEATING_V0 = '''"""Rail pipe temperature: a minimum pipe in the morning against
condensation on the fruit, off during the day (0 = off)."""


def rail_pipe(local_time, m, cfg):
    if local_time.hour * 60 + local_time.minute < cfg.morning_until_minutes:
        return round(cfg.morning_min_pipe * 10)
    return 0
'''

HEATING_V1 = '''"""Rail pipe temperature: a minimum pipe in the morning against
condensation on the fruit, off during the day (0 = off)."""


def rail_pipe(local_time, m, cfg):
    until = cfg.morning_until_minutes
    now = local_time.hour * 60 + local_time.minute
    if now < until:
        return round(cfg.morning_min_pipe * 10)
    value = round(cfg.morning_min_pipe * 10 * (1.0 - (now - until) / cfg.ramp_minutes))
    return value if value >= 250 else 0   # below 25 degC the valve is shut anyway
'''

CYCLE_V1 = '''"""The control cycle: every cycle_seconds, for each PLC, read what its
actuators do, compute its compartments' setpoints from the measuring
boxes and the weather, and write them through plc-bridge. Once a minute
each compartment's state is logged."""

import logging
import time
from datetime import datetime

from climate_control import heating, vents
from climate_control.bridge import BridgeError

log = logging.getLogger("climate_control.cycle")


class Cycle:
    def __init__(self, site, bridge, writer, sensors, weather, irrigation, alarms):
        self.site, self.bridge, self.writer = site, bridge, writer
        self.sensors, self.weather, self.irrigation, self.alarms = sensors, weather, irrigation, alarms
        self.n = 0

    def run_forever(self):
        while True:
            started = time.monotonic()
            self.once()
            time.sleep(max(0.0, self.site.cycle_seconds - (time.monotonic() - started)))

    def once(self):
        self.n += 1
        summary = self.n % (60 // self.site.cycle_seconds) == 0
        now = datetime.now(self.site.tz)
        for plc, comps in self.site.plcs.items():
            try:
                actual = self.bridge.read_input(plc)
            except BridgeError as err:
                log.error("plc-bridge read failed for %s: %s", plc, err)
                actual = None
            setpoints = {}
            for comp in comps:
                m = self.sensors.latest(comp)
                sp = {
                    "vent_lee": vents.position(m, self.weather.now(), self.site.vents),
                    "pipe_rail": heating.rail_pipe(now, m, self.site.heating),
                    "pipe_grow": 0,
                    "screen_energy": 0,
                    "screen_shade": 0,
                }
                sp["vent_wind"] = sp["vent_lee"]
                sp["co2"] = self.site.co2.vents_closed if sp["vent_lee"] < 10 else self.site.co2.vents_open
                setpoints.update({(comp, k): v for k, v in sp.items()})
                self.alarms.check(comp, m)
                self.irrigation.tick(plc, comp, m)
                if summary:
                    pos = actual["compartments"][comp] if actual else {}
                    log.info("%s air=%.1fC rh=%d%% co2=%dppm rad=%dW/m2 vent_sp=%d%% vent_pos=%s pipe_sp=%s pipe=%s",
                             comp, m.air_temp, m.rh, m.co2, m.radiation, sp["vent_lee"], _pct(pos.get("vent_lee")),
                             _pipe(sp["pipe_rail"]), _temp(pos.get("pipe_rail")))
            try:
                self.writer.write(plc, setpoints)
            except BridgeError as err:
                log.error("plc write failed for %s: %s", plc, err)


def _pct(v):
    return "?" if v is None else f"{v}%"


def _pipe(v):
    return "off" if v == 0 else f"{v / 10:.1f}C"


def _temp(v):
    return "?" if v is None else f"{v:.1f}C"
'''

WEATHER_V1 = '''"""AgroWeer's forecast for the site (hourly) and the roof weather
station's current values."""

import logging

import httpx

log = logging.getLogger("climate_control.weather")


class Weather:
    def __init__(self, cfg, station):
        self.cfg, self.station = cfg, station
        self.http = httpx.Client(timeout=10.0)
        self.forecast = None

    def refresh(self):
        try:
            r = self.http.get(self.cfg.url, params={"lat": 52.0, "lon": 4.17, "hours": 24})
            r.raise_for_status()
        except httpx.HTTPError as err:
            run = self.forecast["run"] if self.forecast else "none"
            log.warning("forecast fetch failed: %s (%s), keeping run %s", type(err).__name__, self.cfg.url, run)
            return
        self.forecast = r.json()
        f = self.forecast
        log.info("forecast updated: provider=agroweer run=%s tmax=%.1fC rad_max=%dW/m2 wind_max=%.1fm/s rain_24h=%.1fmm",
                 f["run"], f["tmax"], f["rad_max"], f["wind_max"], f["rain_24h"])

    def now(self):
        return self.station.latest()
'''

ALARMS_PY = '''"""Alarms to alarm-router, which pushes them to the growers' phones."""

import logging

import httpx

log = logging.getLogger("climate_control.alarms")


class Alarms:
    def __init__(self, cfg, site):
        self.cfg, self.site = cfg, site
        self.active = set()
        self.http = httpx.Client(timeout=5.0)

    def check(self, comp, m):
        key = ("HIGH_TEMP", comp)
        if m.air_temp >= self.cfg.high_temp and key not in self.active:
            self.active.add(key)
            log.warning("alarm raised HIGH_TEMP %s: air %.1fC above %.1fC", comp, m.air_temp, self.cfg.high_temp)
            self._post("raise", "HIGH_TEMP", comp, m.air_temp)
        elif m.air_temp < self.cfg.clear_below and key in self.active:
            self.active.discard(key)
            log.info("alarm cleared HIGH_TEMP %s: air %.1fC", comp, m.air_temp)
            self._post("clear", "HIGH_TEMP", comp, m.air_temp)

    def _post(self, action, code, comp, value):
        try:
            self.http.post(self.cfg.router, json={"site": self.site.name, "action": action, "code": code, "compartment": comp,
                                                  "value": round(value, 1), "limit": self.cfg.high_temp})
        except httpx.HTTPError as err:
            log.error("alarm-router unreachable: %s", err)
'''

PLC_INTERFACE_MD = """# PLC interface (Van Dijk Kasautomatisering, PLC program v4.2)

One Siemens S7-1500 per block (PLC-A, PLC-B, PLC-C), reached through
plc-bridge on kas-edge-01 (Modbus TCP, port 502).

## Holding registers (written by climate-control)

| Register | Meaning | Unit |
|---|---|---|
| HR100 + 16 * slot + 0 | vents lee side | % open |
| + 1 | vents wind side | % open |
| + 2 | rail pipe setpoint | 0.1 degC, 0 = off |
| + 3 | grow pipe setpoint | 0.1 degC, 0 = off |
| + 4 / + 5 | energy / shade screen | % closed |
| + 6 | CO2 dosing setpoint | ppm, 0 = off |
| HR160-HR163 | irrigation start, one per compartment | command, the PLC resets it |
| HR199 | heartbeat | any value that changes |

## Comms watchdog

The PLC expects HR199 to change at least every 30 s. If it does not, the
PLC goes to LOCAL SAFE: it loads its safe setpoints into HR100-HR163
(vents 0 %, rail pipe 45 degC, grow pipe off, CO2 off, screens unchanged),
aborts a running irrigation round and controls on those values. When
HR199 changes again it returns to REMOTE and controls on whatever
HR100-HR163 hold: **the master must write every setpoint again after
REMOTE resumes**; the PLC does not restore the values it had.

The PLC's mode and its watchdog trips are in HR198 (bit 0 REMOTE,
bits 8-15 trips since midnight) and in its diagnostic buffer.
"""

RUNBOOK_ALERTS = [
    ("HIGH_TEMP", "A compartment's air temperature is above 32 degC (alarm-router pushes it to the growers). Check the vent positions in the cycle log (vent_sp against vent_pos) and the weather; in a heatwave with vents at 100 % there is little more to do than shading."),
    ("ClimateCycleStalled", "No cycle for 60 s: the PLCs go to LOCAL SAFE after 30 s without a heartbeat. Restart climate-control (`docker compose restart climate-control` on kas-srv-01); a restart writes every setpoint again."),
]

GITLAB_CI = """stages: [test, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install -e '.[test]'
    - pytest -q

deploy:
  stage: deploy
  when: manual
  only: [main]
  script:
    - docker build -t registry.hoogland.local/teeltsoftware/climate-control:$CI_COMMIT_SHORT_SHA .
    - docker push registry.hoogland.local/teeltsoftware/climate-control:$CI_COMMIT_SHORT_SHA
    - ssh deploy@kas-srv-01 "cd /opt/climate-control && IMAGE_TAG=$CI_COMMIT_SHORT_SHA docker compose up -d climate-control"

rollback:
  stage: deploy
  when: manual
  only: [main]
  script:
    - ssh deploy@kas-srv-01 "cd /opt/climate-control && IMAGE_TAG=$ROLLBACK_TAG docker compose up -d climate-control"
"""

COMPOSE = """services:
  climate-control:
    image: registry.hoogland.local/teeltsoftware/climate-control:${IMAGE_TAG}
    restart: unless-stopped
    environment:
      SITE_CONFIG: /etc/climate-control/site.yaml
      MQTT_URL: mqtt://kas-srv-01:1883
    volumes:
      - ./config/site.yaml:/etc/climate-control/site.yaml:ro
    stop_grace_period: 5s
    logging:
      driver: local
"""


def build_repo():
    repo = Repo()
    joris = Person("Joris Bakker", "joris.bakker@hooglandkassen.nl", 120)
    sanne = Person("Sanne de Vries", "sanne.devries@hooglandkassen.nl", 120)
    pieter = Person("Pieter Hendriks", "pieter.hendriks@hooglandkassen.nl", 120)
    mateusz = Person("Mateusz Nowicki", "mateusz.nowicki@hooglandkassen.nl", 120)
    bot = Person("renovate[bot]", "renovate-bot@hooglandkassen.nl", 0)
    w = "climate_control/plc_writer.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "climate_control/__init__.py": "",
        "climate_control/main.py": 'import logging\nimport os\n\nfrom climate_control import site as sitecfg\nfrom climate_control.alarms import Alarms\nfrom climate_control.bridge import Bridge\nfrom climate_control.cycle import Cycle\nfrom climate_control.irrigation import Irrigation\nfrom climate_control.plc_writer import PlcWriter\nfrom climate_control.sensors import Sensors\nfrom climate_control.weather import Weather\n\nlogging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s [%(name)s] %(message)s")\nlog = logging.getLogger("climate_control.main")\n\n\ndef main():\n    site = sitecfg.load(os.environ["SITE_CONFIG"])\n    log.info("starting climate-control version=%s commit=%s", os.environ.get("VERSION", "dev"), os.environ.get("COMMIT", "none"))\n    log.info("site %s: %d compartments on %d PLCs via %s", site.name, len(site.compartments), len(site.plcs), site.bridge.url)\n    bridge = Bridge(site.bridge.url, site.bridge.timeout_s)\n    sensors = Sensors(os.environ["MQTT_URL"], site)\n    weather = Weather(site.weather, sensors.station)\n    cycle = Cycle(site, bridge, PlcWriter(bridge, site), sensors, weather, Irrigation(site, bridge), Alarms(site.alarms, site))\n    cycle.run_forever()\n\n\nif __name__ == "__main__":\n    main()\n',
        "climate_control/bridge.py": BRIDGE_PY,
        w: WRITER_V1,
        "climate_control/vents.py": VENTS_V1,
        "climate_control/heating.py": HEATING_V0,
        "climate_control/cycle.py": CYCLE_V1,
        "climate_control/weather.py": WEATHER_V1,
        "climate_control/alarms.py": ALARMS_PY,
        "climate_control/irrigation.py": '"""Irrigation rounds on the radiation sum: a compartment gets a round when\nthe outside radiation summed since its last round passes radiation_sum\n(J/cm2). Starts are one-shot commands (HR160-HR163), not setpoints."""\n\nimport logging\n\nlog = logging.getLogger("climate_control.irrigation")\n\n\nclass Irrigation:\n    def __init__(self, site, bridge):\n        self.site, self.bridge = site, bridge\n        self.sums = {}\n\n    def tick(self, plc, comp, m):\n        s = self.sums.get(comp, 0.0) + m.radiation * self.site.cycle_seconds / 10000.0\n        if s >= self.site.irrigation.radiation_sum:\n            log.info("irrigation start %s: sum %.0f J/cm2, dose %d ml/m2", comp, s, self.site.irrigation.dose_ml_m2)\n            self.bridge.command(plc, self.site.irrigation_register(comp))\n            s = 0.0\n        self.sums[comp] = s\n',
        "climate_control/sensors.py": '"""Latest measuring box values per compartment and the roof weather\nstation, from the sensor gateways over MQTT (kas/meetbox/+)."""\n\nimport json\nimport logging\nimport time\n\nimport paho.mqtt.client as mqtt\n\nlog = logging.getLogger("climate_control.sensors")\nSTALE_S = 90\n',
        "climate_control/site.py": '"""site.yaml as objects."""\n\nimport yaml\n',
        "config/site.yaml": SITE_YAML,
        "docs/plc-interface.md": PLC_INTERFACE_MD,
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
        "tests/test_vents.py": 'from types import SimpleNamespace as NS\n\nfrom climate_control import vents\n\nCFG = NS(day_temp=21.0, radiation_rise=0.0025, p_band=3.3, storm_wind=12.0)\n\n\ndef test_closed_below_vent_temp():\n    assert vents.position(NS(air_temp=20.0, radiation=0), NS(wind=2.0), CFG) == 0\n\n\ndef test_full_open_in_heat():\n    assert vents.position(NS(air_temp=29.0, radiation=850), NS(wind=2.0), CFG) == 100\n\n\ndef test_storm_cap():\n    assert vents.position(NS(air_temp=29.0, radiation=850), NS(wind=14.0), CFG) == 20\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nCOPY climate_control climate_control\nRUN pip install --no-cache-dir .\nARG VERSION=dev\nARG COMMIT=none\nENV VERSION=$VERSION COMMIT=$COMMIT\nCMD [\"python\", \"-m\", \"climate_control.main\"]\n",
        ".gitlab-ci.yml": GITLAB_CI,
        "deploy/docker-compose.yml": COMPOSE,
        "README.md": "# climate-control\n\nClimate and irrigation control for Hoogland Kassen, 's-Gravenzande:\ntwelve compartments on three PLCs (Van Dijk, see docs/plc-interface.md).\nEvery 10 s it computes vents, pipes, screens and CO2 per compartment and\nwrites them through plc-bridge on kas-edge-01.\n\n## Running locally\n\n```\ndocker compose -f deploy/docker-compose.dev.yml up -d mosquitto plc-sim\nSITE_CONFIG=config/site.yaml MQTT_URL=mqtt://localhost:1883 python -m climate_control.main\n```\n\n## Deploying\n\nThe GitLab `deploy` job (manual, on main) builds the image and runs\n`docker compose up -d` on kas-srv-01; `rollback` takes `ROLLBACK_TAG`.\n",
    }
    repo.commit(utc("2026-06-03 07:10:00"), joris, "climate-control: vents, pipes, CO2 and irrigation through plc-bridge", files)
    crng = random.Random(55103)
    repo.schedule(chores(crng, SERVICE, [joris, pieter, mateusz], utc("2026-06-03 09:00:00"), utc("2026-06-05 15:00:00"), 2)
                  + chores(crng, SERVICE, [mateusz, pieter], utc("2026-06-09 07:00:00"), utc("2026-06-10 09:00:00"), 1))
    repo.commit(utc("2026-06-04 12:30:00"), pieter, "heating: ramp the morning minimum pipe down over 30 minutes (CC-221)\n\nSwitching it off at once at 10:15 dropped the rail pipes 20 degrees in a\nfew minutes; the growers want a ramp.", {
        "climate_control/heating.py": HEATING_V1,
        "config/site.yaml": sub(repo.files["config/site.yaml"], '  morning_until: "10:15"\n', '  morning_until: "10:15"\n  ramp_minutes: 30         # CC-221\n'),
    })
    repo.commit(utc("2026-06-05 08:05:00"), bot, "chore(deps): update dependency pydantic to v2.7.4", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pydantic==2.7.3"', '"pydantic==2.7.4"'),
    })
    repo.commit(utc("2026-06-08 06:20:00"), mateusz, "ci: run the tests with coverage on merge requests", {
        ".gitlab-ci.yml": sub(repo.files[".gitlab-ci.yml"], "    - pytest -q\n", "    - pytest -q --cov=climate_control --cov-report=term\n  coverage: '/TOTAL.*\\s(\\d+)%/'\n  only: [merge_requests, main]\n"),
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'test = ["pytest==8.2.2", "respx==0.21.1"]', 'test = ["pytest==8.2.2", "pytest-cov==5.0.0", "respx==0.21.1"]'),
    })
    culprit = repo.commit(CULPRIT_AT, sanne, "plc: write only the setpoints that changed (CC-229)\n\nVan Dijk measured PLC-B's scan time at 38 ms with our 29 register writes\nper PLC every 10 s and asked us to stop rewriting values the PLC already\nholds. Remember what each PLC holds and send only the setpoints that\nchanged. The heartbeat is still written every cycle, so the comms\nwatchdog is unaffected.", {
        w: sub(repo.files[w],
               '"""Writes a PLC\'s setpoints through plc-bridge: every setpoint of its\ncompartments each cycle, and the heartbeat in HR199 that keeps the PLC\'s\ncomms watchdog from expiring (docs/plc-interface.md)."""',
               '"""Writes a PLC\'s setpoints through plc-bridge: the setpoints that differ\nfrom what the PLC holds, and every cycle the heartbeat in HR199 that keeps\nthe PLC\'s comms watchdog from expiring (docs/plc-interface.md)."""',
               "        self.beats = {}\n",
               "        self.beats = {}\n        self.held = {}  # (plc, register) -> value written to it\n",
               '''        registers = {self.site.register(comp, name): value for (comp, name), value in setpoints.items()}
        beat = (self.beats.get(plc, 0) + 1) % 32768
        registers[self.site.heartbeat] = beat
        self.bridge.write_holding(plc, registers)
        self.beats[plc] = beat
''', '''        registers = {}
        for (comp, name), value in setpoints.items():
            register = self.site.register(comp, name)
            if self.held.get((plc, register)) != value:
                registers[register] = value
        beat = (self.beats.get(plc, 0) + 1) % 32768
        registers[self.site.heartbeat] = beat
        self.bridge.write_holding(plc, registers)
        self.beats[plc] = beat
        for register, value in registers.items():
            self.held[(plc, register)] = value
'''),
    })
    mon = repo.commit(utc("2026-06-08 14:52:00"), joris, "docs: PLC-C's energy screen registers after Van Dijk's v4.2 update (CC-230)", {
        "docs/plc-interface.md": sub(repo.files["docs/plc-interface.md"], "| + 4 / + 5 | energy / shade screen | % closed |\n",
                                     "| + 4 / + 5 | energy / shade screen | % closed (PLC-C since v4.2: two energy screen sections, the second in + 7) |\n"),
    })
    repo.commit(utc("2026-06-09 07:30:00"), sanne, "tests: the heartbeat is written every cycle, also when no setpoint changed (CC-229)", {
        "tests/test_plc_writer.py": '''from types import SimpleNamespace as NS

from climate_control.plc_writer import PlcWriter


class FakeBridge:
    def __init__(self):
        self.calls = []

    def write_holding(self, plc, registers):
        self.calls.append((plc, dict(registers)))


SITE = NS(heartbeat=199, register=lambda comp, name: {"vent_lee": 100, "co2": 106}[name])


def test_heartbeat_every_cycle():
    bridge = FakeBridge()
    w = PlcWriter(bridge, SITE)
    for _ in range(3):
        w.write("PLC-A", {("A1", "vent_lee"): 40, ("A1", "co2"): 450})
    assert [sorted(r) for _, r in bridge.calls] == [[100, 106, 199], [199], [199]]
    assert len({r[199] for _, r in bridge.calls}) == 3


def test_changed_setpoint_is_written():
    bridge = FakeBridge()
    w = PlcWriter(bridge, SITE)
    w.write("PLC-A", {("A1", "vent_lee"): 40, ("A1", "co2"): 450})
    w.write("PLC-A", {("A1", "vent_lee"): 55, ("A1", "co2"): 450})
    assert bridge.calls[-1][1][100] == 55 and 106 not in bridge.calls[-1][1]
''',
    })
    repo.commit(utc("2026-06-10 08:15:00"), mateusz, "plc: bridge timeout 2 s -> 3 s, name the plc in write errors (CC-236)\n\nplc-bridge's p99 for a 29-register write was 1.9 s on Friday when the\nedge box was busy with its backup.", {
        "config/site.yaml": sub(repo.files["config/site.yaml"], "  timeout_s: 2\n", "  timeout_s: 3\n"),
        w: sub(repo.files[w], "        self.bridge.write_holding(plc, registers)\n",
               "        try:\n            self.bridge.write_holding(plc, registers)\n        except Exception as err:\n            raise type(err)(f\"{plc}: {err}\") from err\n"),
    })
    repo.commit(utc("2026-06-10 11:40:00"), joris, "runbook: vents or pipes that don't follow their setpoint", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Vents or pipes don't follow the setpoint\n\nWe write every setpoint to the PLCs, so when `vent_pos` stays away from\n`vent_sp` the cause is almost always on the PLC side: the PLC's own wind\nor rain limit, a vent motor's thermal protection, or the block panel\nswitched to manual. Ask the technical service (Ruud) to check the panel\nand the PLC's diagnostic buffer. If it started right after a deploy of\nours, roll back with the `rollback` job first.\n",
    })
    repo.commit(utc("2026-06-10 13:20:00"), joris, "cycle: warn when an actuator stays 20 % off its setpoint for 2 minutes (CC-243)\n\nThe growers noticed a stuck vent in C11 last week hours after the fact.", {
        "climate_control/cycle.py": sub(repo.files["climate_control/cycle.py"],
                                        "        self.n = 0\n",
                                        "        self.n = 0\n        self.off_since = {}\n",
                                        '''                if summary:
                    pos = actual["compartments"][comp] if actual else {}''',
                                        '''                if actual:
                    self._deviation(comp, "vents", sp["vent_lee"], actual["compartments"][comp].get("vent_lee"))
                if summary:
                    pos = actual["compartments"][comp] if actual else {}''',
                                        "\n\ndef _pct(v):",
                                        '''
    def _deviation(self, comp, actuator, setpoint, position):
        key = (comp, actuator)
        if position is None or abs(setpoint - position) < 20:
            self.off_since.pop(key, None)
            return
        since = self.off_since.setdefault(key, time.monotonic())
        off_for = time.monotonic() - since
        if off_for >= 120 and self.n % (60 // self.site.cycle_seconds) == 0:
            log.warning("actuator deviation: %s %s setpoint=%d%% position=%d%% for %ds (check wind limit, motor protection, panel in manual)",
                        comp, actuator, setpoint, position, off_for)


def _pct(v):'''),
    })
    repo.commit(utc("2026-06-11 03:40:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-06-11 05:50:00"), pieter, "weather: storm limit on the forecast's gusts instead of the mean wind (CC-238)\n\nThe vents in C were at 100 % on 28 May when a gust of 19 m/s came\nthrough; the mean wind was 9 m/s.", {
        "climate_control/vents.py": sub(repo.files["climate_control/vents.py"], "    if weather.wind >= cfg.storm_wind:\n", "    if max(weather.wind, weather.gust_next_hour) >= cfg.storm_wind:\n"),
        "climate_control/weather.py": sub(repo.files["climate_control/weather.py"],
                                          'log.info("forecast updated: provider=agroweer run=%s tmax=%.1fC rad_max=%dW/m2 wind_max=%.1fm/s rain_24h=%.1fmm",\n                 f["run"], f["tmax"], f["rad_max"], f["wind_max"], f["rain_24h"])',
                                          'log.info("forecast updated: provider=agroweer run=%s tmax=%.1fC rad_max=%dW/m2 wind_max=%.1fm/s gust_max=%.1fm/s rain_24h=%.1fmm",\n                 f["run"], f["tmax"], f["rad_max"], f["wind_max"], f["gust_max"], f["rain_24h"])',
                                          "    def now(self):\n        return self.station.latest()\n",
                                          "    def now(self):\n        cur = self.station.latest()\n        cur.gust_next_hour = self.forecast[\"gust_next_hour\"] if self.forecast else cur.wind\n        return cur\n"),
    })
    thu = repo.commit(utc("2026-06-11 07:35:00"), pieter, "vents: humidity deficit term in the vent P-band (CC-241), 2.14.0\n\nOn dry hot days (HD above 6 g/m3) the crop closes its stomata; open a\nlittle further when the deficit is small and humidity builds up.", {
        "climate_control/vents.py": sub(repo.files["climate_control/vents.py"],
                                        "    pct = (m.air_temp - vent_temp) / cfg.p_band * 100.0\n",
                                        "    pct = (m.air_temp - vent_temp) / cfg.p_band * 100.0\n    if m.humidity_deficit < cfg.hd_low:\n        pct += (cfg.hd_low - m.humidity_deficit) * cfg.hd_gain\n"),
        "config/site.yaml": sub(repo.files["config/site.yaml"], "  storm_wind: 12.0         # m/s: vents capped at 20 %\n",
                                "  storm_wind: 12.0         # m/s: vents capped at 20 %\n  hd_low: 3.0              # g/m3 (CC-241)\n  hd_gain: 4.0             # % per g/m3 below hd_low\n"),
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.13.1"', 'version = "2.14.0"'),
    })
    fix = repo.commit(utc("2026-06-11 12:58:00"), sanne, "plc: write every setpoint again after a PLC was unreachable, and all of them once a minute (CC-247), 2.14.1\n\nCC-229 kept what each PLC holds and wrote only changes. When a PLC's\ncomms watchdog expires it loads its safe setpoints (vents 0 %, rail pipe\n45 degC, CO2 off) and, back in REMOTE, keeps them until the master writes\nagain (docs/plc-interface.md). Setpoints that did not change, vents at\n100 % and pipes off on a hot day, were never written again: PLC-B on 11\nJune 10:52 and PLC-C at 12:21 closed their vents and heated for 26 and\n15 minutes. Forget what a PLC holds when a call to it fails, and write\nevery setpoint once a minute.", {
        w: sub(repo.files[w],
               "        self.held = {}  # (plc, register) -> value written to it\n",
               "        self.held = {}  # (plc, register) -> value written to it\n        self.full_at = {}\n",
               '''        registers = {}
        for (comp, name), value in setpoints.items():
            register = self.site.register(comp, name)
            if self.held.get((plc, register)) != value:
                registers[register] = value
''', '''        now = time.monotonic()
        everything = now - self.full_at.get(plc, 0.0) >= 60.0
        registers = {}
        for (comp, name), value in setpoints.items():
            register = self.site.register(comp, name)
            if everything or self.held.get((plc, register)) != value:
                registers[register] = value
''',
               "        except Exception as err:\n            raise type(err)(f\"{plc}: {err}\") from err\n",
               "        except Exception as err:\n            self.forget(plc)\n            raise type(err)(f\"{plc}: {err}\") from err\n        if everything:\n            self.full_at[plc] = now\n",
               "import logging\n", "import logging\nimport time\n") + '''
    def forget(self, plc):
        """After a failed call the PLC may have loaded its safe setpoints."""
        for key in [k for k in self.held if k[0] == plc]:
            del self.held[key]
        self.full_at.pop(plc, None)
''',
        "climate_control/cycle.py": sub(repo.files["climate_control/cycle.py"],
                                        '                log.error("plc-bridge read failed for %s: %s", plc, err)\n',
                                        '                log.error("plc-bridge read failed for %s: %s", plc, err)\n                self.writer.forget(plc)\n'),
        "tests/test_plc_writer.py": repo.files["tests/test_plc_writer.py"] + '''

def test_everything_written_again_after_a_failed_call():
    bridge = FakeBridge()
    w = PlcWriter(bridge, SITE)
    w.write("PLC-B", {("B5", "vent_lee"): 100, ("B5", "co2"): 450})
    w.forget("PLC-B")
    w.write("PLC-B", {("B5", "vent_lee"): 100, ("B5", "co2"): 450})
    assert sorted(bridge.calls[-1][1]) == [100, 106, 199]
''',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.14.0"', 'version = "2.14.1"'),
    })
    return repo, {"culprit": culprit, "mon": mon, "thu": thu, "fix": fix}


# ---------------------------------------------------------------------------
# the day


def hours(x):
    t = at(x)
    return t.hour + t.minute / 60 + t.second / 3600


def radiation(x):
    h = hours(x)
    s = math.sin(math.pi * (h - 3.3) / 16.8)
    return 0.0 if s <= 0 else 905.0 * s ** 1.4


def outside_temp(x):
    h = hours(x)
    f = min(1.0, max(0.0, (h - 4.5) / 9.5))
    return 15.5 + 13.5 * math.sin(math.pi / 2 * f)


def reconnects(x0, back):
    """plc-bridge's reconnect attempts (5 s connect timeout, backoff 2, 4,
    8, 10 s): [(time, attempt, failed)] and the time it is connected."""
    out, t, a, pause = [], x0 + 0.5, 1, 2.0
    while True:
        if t + 5.0 <= back:
            out.append((t, a, True))
            t += 5.0 + pause
            pause = min(pause * 2, 10.0)
            a += 1
            continue
        out.append((t, a, False))
        return out, max(t, back) + 0.02


LOSSES = {p: (secs(lo), reconnects(secs(lo), secs(hi))[1]) for p, (lo, hi) in DROPS.items()}


def simulate(rng, shas):
    """Second by second: the compartments, their PLC registers, plc-bridge's
    links and climate-control's cycles. Returns the events the logs are
    written from."""
    epochs = [  # (first cycle, version, commit, writes after failures)
        (secs(SIM_START) - 3 * 86400, "2.13.2", shas["mon"], False),
        (secs(RELEASE) + 3.1, "2.14.0", shas["thu"], False),
        (secs(ROLLBACK) + 3.0, "2.13.2", shas["mon"], False),
        (secs(RESTART) + 2.9, "2.13.2", shas["mon"], False),
        (secs(FIXED) + 3.2, "2.14.1", shas["fix"], True),
    ]
    # the old container stops this long before the new one's first cycle
    stops = [(e[0] - gap, e[0]) for e, gap in zip(epochs[1:], (12.1, 11.5, 9.4, 12.0))]

    st = {}
    for c in COMPS:
        st[c] = {"T": 19.0 + rng.uniform(-0.3, 0.3), "co2": 560.0, "vpos": 8.0, "pipe": 37.0, "rh": 82.0,
                 "reg": {"vent_lee": 8, "vent_wind": 8, "pipe_rail": 380, "pipe_grow": 0, "screen_energy": 0, "screen_shade": 0, "co2": 800},
                 "sum": rng.uniform(0, 140), "round": None, "bias": rng.uniform(-0.35, 0.35), "speed": rng.uniform(0.78, 0.92)}
    plc = {p: {"last_ok": secs(SIM_START), "mode": "REMOTE", "trips": 0} for p in PLCS}
    held = {}
    ev = {"cycles": [], "summary": [], "fail": [], "safe": [], "remote": [], "written": {}, "irr": [], "closed": [],
          "alarms": [], "dev": [], "starts": [], "series": {},
          "okcycles": {}, "failcycles": {}}
    alarm_on = set()
    off_since = {}
    epoch_i = 0
    next_cycle = secs(SIM_START) + 3.0
    cycle_n = 0
    x = secs(SIM_START)
    end = secs(END)

    def connected(p, x):
        lo, hi = LOSSES[p]
        return not (lo <= x < hi)

    def meas(c):
        s = st[c]
        return s["T"] + s["bias"] * 0.15 + rng.gauss(0, 0.06)

    while x < end:
        # code epoch and restarts
        while epoch_i + 1 < len(epochs) and x >= epochs[epoch_i + 1][0]:
            epoch_i += 1
            held = {}
            next_cycle = epochs[epoch_i][0]
            cycle_n = 0
            alarm_on = set()
            ev["starts"].append((epochs[epoch_i][0] - 2.6, epochs[epoch_i]))
        stopped = any(a <= x < b for a, b in stops)
        version, _, fixed = epochs[epoch_i][1], epochs[epoch_i][2], epochs[epoch_i][3]

        # a climate-control cycle
        if x >= next_cycle and not stopped:
            cycle_n += 1
            cx = next_cycle
            next_cycle += 10.0 + rng.uniform(-0.004, 0.006)
            summary = cycle_n % 6 == 0
            R = radiation(cx)
            local_min = (at(cx).hour + 2) * 60 + at(cx).minute
            for p, comps in PLCS.items():
                ok = connected(p, cx)
                sps = {}
                for c in comps:
                    s = st[c]
                    T = meas(c)
                    vent_temp = 21.0 + 0.0025 * R
                    pct = (T - vent_temp) / 3.3 * 100.0
                    hd = max(0.5, (100 - s["rh"]) * 0.17)
                    if version == "2.14.0" and hd < 3.0:
                        pct += (3.0 - hd) * 4.0
                    vsp = round(max(0.0, min(100.0, pct)))
                    until = 10 * 60 + 15
                    if local_min < until:
                        psp = 380
                    else:
                        psp = round(380 * (1.0 - (local_min - until + (cx % 60) / 60.0) / 30.0))
                        psp = psp if psp >= 250 else 0
                    co2sp = 800 if vsp < 10 else 450
                    sp = {"vent_lee": vsp, "vent_wind": vsp, "pipe_rail": psp, "pipe_grow": 0, "screen_energy": 0, "screen_shade": 0, "co2": co2sp}
                    sps[c] = sp
                    # alarms
                    if T >= HIGH_TEMP and c not in alarm_on:
                        alarm_on.add(c)
                        ev["alarms"].append((cx + 0.003 * COMPS.index(c), "raise", c, T))
                    elif T < 31.0 and c in alarm_on:
                        alarm_on.discard(c)
                        ev["alarms"].append((cx + 0.003 * COMPS.index(c), "clear", c, T))
                    # CC-243: deviation warnings (2.14.0 only)
                    if ok and version in ("2.14.0", "2.14.1"):
                        key = c
                        if abs(vsp - round(s["vpos"])) >= 20:
                            since = off_since.setdefault(key, cx)
                            if cx - since >= 120 and summary:
                                ev["dev"].append((cx, c, vsp, round(s["vpos"]), int(cx - since)))
                        else:
                            off_since.pop(key, None)
                    else:
                        off_since.pop(c, None)
                    # irrigation: radiation sum, one-shot command
                    s["sum"] += R * 10.0 / 10000.0
                    if s["sum"] >= 150 and s["round"] is None:
                        if ok:
                            ev["irr"].append((cx + rng.uniform(0.02, 0.2), "start", c, s["sum"]))
                            s["round"] = (cx, rng.uniform(250, 330))
                            s["sum"] = 0.0
                    if summary:
                        ev["summary"].append((cx + 0.01 * COMPS.index(c), c, T, s["rh"], s["co2"], R, vsp, round(s["vpos"]) if ok else None,
                                              psp, s["pipe"] if ok else None))
                # read + write through the bridge
                mnt = int(cx // 60) * 60
                if not ok:
                    ev["fail"].append((cx, p, version))
                    ev["failcycles"][(p, mnt)] = ev["failcycles"].get((p, mnt), 0) + 1
                    if fixed:
                        for k in [k for k in held if k[0] == p]:
                            del held[k]
                    continue
                regs = {}
                full = fixed and (cycle_n % 6 == 1)
                for c, sp in sps.items():
                    for name, v in sp.items():
                        if full or held.get((p, c, name)) != v:
                            regs[(c, name)] = v
                for (c, name), v in regs.items():
                    held[(p, c, name)] = v
                    st[c]["reg"][name] = v
                ev["written"][(p, mnt)] = ev["written"].get((p, mnt), 0) + len(regs) + 1
                ev["okcycles"][(p, mnt)] = ev["okcycles"].get((p, mnt), 0) + 1
                plc[p]["last_ok"] = cx
                if plc[p]["mode"] == "SAFE":
                    plc[p]["mode"] = "REMOTE"
                    ev["remote"].append((cx + 0.35, p, len(regs) + 1, version))

        # the PLCs' watchdogs
        for p in PLCS:
            if plc[p]["mode"] == "REMOTE" and x - plc[p]["last_ok"] >= WATCHDOG_S:
                tw = plc[p]["last_ok"] + WATCHDOG_S
                plc[p]["mode"] = "SAFE"
                plc[p]["trips"] += 1
                ev["safe"].append((tw, p))
                for c in PLCS[p]:
                    for name, v in SAFE.items():
                        st[c]["reg"][name] = v
                    if st[c]["round"] is not None:
                        ev["irr"].append((tw + 0.2, "abort", c, (tw - st[c]["round"][0]) / st[c]["round"][1]))
                        st[c]["round"] = None

        # physics, one second
        R = radiation(x)
        To = outside_temp(x)
        for c in COMPS:
            s = st[c]
            target = s["reg"]["vent_lee"]
            before = s["vpos"]
            step = s["speed"]
            if abs(target - s["vpos"]) <= step:
                s["vpos"] = float(target)
            else:
                s["vpos"] += step if target > s["vpos"] else -step
            if before > 0 and s["vpos"] == 0 and target == 0 and x > secs(START):
                ev["closed"].append((x, c))
            pt = s["reg"]["pipe_rail"] / 10.0 if s["reg"]["pipe_rail"] > 0 else s["T"] + 1.0
            s["pipe"] += (pt - s["pipe"]) / 420.0
            v = s["vpos"] / 100.0
            Teq = To + R * 0.0145 / (1 + 6 * v) + 0.10 * max(0.0, s["pipe"] - s["T"]) + s["bias"]
            s["T"] += (Teq - s["T"]) / (1200.0 / (1 + 3 * v))
            rh_eq = max(35.0, min(92.0, 88.0 - 2.6 * (s["T"] - 18.0) + 14.0 * (1 - v)))
            s["rh"] += (rh_eq - s["rh"]) / 300.0
            dose = 0.0
            if s["reg"]["co2"] > 0:
                dose = min(s["reg"]["co2"] - 410.0, 60.0 + 260.0 * (1 - v))
            co2_eq = 412.0 - 70.0 * (1 - v) * min(1.0, R / 400.0) + dose
            s["co2"] += (co2_eq - s["co2"]) / 300.0
            if s["round"] is not None and x - s["round"][0] >= s["round"][1]:
                ev["irr"].append((x + rng.uniform(0, 0.5), "done", c, s["round"][1]))
                s["round"] = None
            if int(x) % 60 == 0:
                ev["series"].setdefault(c, []).append((int(x), s["T"], s["vpos"], s["pipe"], s["co2"], s["rh"]))
        x += 1.0
    ev["epochs"] = epochs
    ev["plc"] = plc
    return ev


def build_logs(rng, shas):
    app, bridge, diag, sgw, alarm, gitlab, teams = (Log("climate-control.log"), Log("plc-bridge.log"), Log("plc-diagnostic-buffer.log"),
                                                    Log("sensor-gateways.log"), Log("alarm-router.log"), Log("gitlab-deploy-jobs.log"),
                                                    Log("teams-teelt-storingen.log"))
    ev = simulate(rng, shas)
    t_start, t_end = secs(START), secs(END)

    def clog(x, level, logger, msg):
        if t_start <= x < t_end:
            t = at(x)
            app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level:<7} [climate_control.{logger}] {msg}")

    def blog(x, level, msg, **kv):
        if t_start <= x < t_end:
            t = at(x)
            parts = [f"level={level}", f"msg={json.dumps(msg)}"]
            for k, v in kv.items():
                v = str(v)
                parts.append(f"{k}={json.dumps(v) if (' ' in v or '=' in v or v == '') else v}")
            bridge.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+0000 kas-edge-01 plc-bridge[1184]: " + " ".join(parts))

    def dlog(x, p, code, kind, text):
        if t_start <= x < t_end:
            t = at(x)
            diag.add(t, f'{t.strftime("%Y-%m-%d %H:%M:%S")}.{t.microsecond // 1000:03d},{p},16#{code},{kind},"{text}"')

    # --- climate-control: starts, cycles, errors
    for x0, (first, version, sha, _) in ev["starts"]:
        clog(x0, "INFO", "main", f"starting climate-control version={version} commit={sha[:7]}")
        clog(x0 + 0.04, "INFO", "main", "site hoogland-gravenzande: 12 compartments on 3 PLCs via http://kas-edge-01:8502")
        clog(x0 + 0.31, "INFO", "sensors", "connected to mqtt://kas-srv-01:1883, subscribed to kas/meetbox/+ and kas/weather/roof")
    for (cx, c, T, rh, co2, R, vsp, vpos, psp, pipe) in ev["summary"]:
        pipe_sp = "off" if psp == 0 else f"{psp / 10:.1f}C"
        clog(cx + 0.02, "INFO", "cycle", f"{c} air={T:.1f}C rh={round(rh)}% co2={round(co2)}ppm rad={round(R)}W/m2 vent_sp={vsp}% "
                                         f"vent_pos={'?' if vpos is None else str(vpos) + '%'} pipe_sp={pipe_sp} pipe={'?' if pipe is None else f'{pipe:.1f}C'}")
    timeout_s = {"2.13.2": 2, "2.14.0": 3, "2.14.1": 3}
    for cx, p, version in ev["fail"]:
        clog(cx + 0.004, "ERROR", "cycle", f"plc-bridge read failed for {p}: 503 plc {p} not connected")
        if version == "2.13.2":
            clog(cx + 0.011, "ERROR", "cycle", f"plc write failed for {p}: 503 plc {p} not connected")
        else:
            clog(cx + 0.011, "ERROR", "cycle", f"plc write failed for {p}: {p}: 503 plc {p} not connected")
    for (cx, c, vsp, vpos, off) in ev["dev"]:
        clog(cx + 0.004 * COMPS.index(c), "WARNING", "cycle", f"actuator deviation: {c} vents setpoint={vsp}% position={vpos}% for {off}s (check wind limit, motor protection, panel in manual)")
    first_alarm = None
    for (cx, kind, c, T) in ev["alarms"]:
        if kind == "raise":
            clog(cx + 0.015, "WARNING", "alarms", f"alarm raised HIGH_TEMP {c}: air {T:.1f}C above 32.0C")
            if first_alarm is None and cx > secs(START):
                first_alarm = cx
        else:
            clog(cx + 0.015, "INFO", "alarms", f"alarm cleared HIGH_TEMP {c}: air {T:.1f}C")
    for (x_, kind, c, val) in ev["irr"]:
        if kind == "start":
            clog(x_, "INFO", "irrigation", f"irrigation start {c}: sum {val:.0f} J/cm2, dose 220 ml/m2")
        elif kind == "done":
            clog(x_ + 1.5, "INFO", "irrigation", f"irrigation round {c} done: 220 ml/m2 in {int(val)}s")
        else:
            clog(x_ + 8.0, "WARNING", "irrigation", f"irrigation round {c} ended early: {int(220 * min(1.0, val))} of 220 ml/m2 (plc aborted the round)")
    # forecast: hourly at :07, one timeout
    h = at(t_start).replace(minute=7, second=0, microsecond=0)
    runs = {6: "2026-06-11T00:00Z", 7: "2026-06-11T00:00Z", 8: "2026-06-11T06:00Z", 9: "2026-06-11T06:00Z", 10: "2026-06-11T06:00Z",
            11: "2026-06-11T06:00Z", 12: "2026-06-11T06:00Z", 13: "2026-06-11T12:00Z"}
    while secs(h) < t_end:
        x_ = secs(h) + rng.uniform(0.1, 1.4)
        run = runs[h.hour]
        tmax = 29.4 if run.endswith("06:00Z") else (28.9 if run.endswith("00:00Z") else 29.7)
        if h.hour == 9:
            clog(x_ + 10.0, "WARNING", "weather", "forecast fetch failed: ReadTimeout (https://api.agroweer.nl/v2/forecast), keeping run 2026-06-11T06:00Z")
        else:
            ver = None
            for e in ev["epochs"]:
                if x_ >= e[0]:
                    ver = e[1]
            gust = f" gust_max={rng.choice([7.6, 7.9, 8.3]):.1f}m/s" if ver in ("2.14.0", "2.14.1") else ""
            clog(x_, "INFO", "weather", f"forecast updated: provider=agroweer run={run} tmax={tmax:.1f}C rad_max={rng.choice([884, 896, 905])}W/m2 wind_max=4.{rng.randint(1, 9)}m/s{gust} rain_24h=0.0mm")
        h += dt.timedelta(hours=1)
    for _ in range(7):
        x_ = rng.uniform(t_start, t_end)
        clog(x_, "WARNING", "sensors", f"measuring box MB-C11 stale: no reading for {rng.randint(91, 140)}s, using the last value")

    # --- plc-bridge: minute stats, the drop-outs, mode changes
    written, okc, failc = ev["written"], ev["okcycles"], ev["failcycles"]
    m = int(t_start // 60) * 60
    while m < t_end:
        for k, p in enumerate(PLCS):
            ok_n, fail_n = okc.get((p, m - 60), 0), failc.get((p, m - 60), 0)
            regs = written.get((p, m - 60), 0)
            scan = 21 + regs // 12 + rng.randint(-2, 2)
            blog(m + 0.4 + k * 0.003, "INFO", "modbus stats", plc=p, reads=ok_n, writes=ok_n, regs_written=regs,
                 errors=fail_n * 2, rtt_p99_ms=rng.randint(18, 64), plc_scan_ms=scan)
        m += 60
    for p, (lo, hi) in DROPS.items():
        x0 = secs(lo)
        attempts, x1 = reconnects(x0, secs(hi))
        sport = rng.randint(40000, 60000)
        blog(x0 + 0.41, "WARN", "modbus request failed", plc=p, op="read_input", addr=f"{PLC_ADDR[p]}:502",
             err=f"read tcp 10.20.0.5:{sport}->{PLC_ADDR[p]}:502: i/o timeout")
        blog(x0 + 0.42, "ERROR", "modbus connection lost", plc=p, addr=f"{PLC_ADDR[p]}:502")
        for (ta, a, failed) in attempts:
            blog(ta, "INFO", "modbus reconnecting", plc=p, attempt=a)
            if failed:
                blog(ta + 5.0, "WARN", "modbus connect failed", plc=p, attempt=a, err=f"dial tcp {PLC_ADDR[p]}:502: i/o timeout",
                     retry_in=f"{min(2 ** a, 10)}s")
        blog(x1, "INFO", "modbus connected", plc=p, addr=f"{PLC_ADDR[p]}:502", attempt=attempts[-1][1])
    for cx, p, version in ev["fail"]:
        blog(cx + 0.003, "WARN", "api request failed", method="GET", path=f"/v1/plc/{p}/input", status=503, err=f"plc {p} not connected")
        blog(cx + 0.010, "WARN", "api request failed", method="POST", path=f"/v1/plc/{p}/holding", status=503, err=f"plc {p} not connected")
    for (tw, p) in ev["safe"]:
        # the bridge sees the trip in HR198 at its first status poll after reconnecting
        _, hi = LOSSES[p]
        blog(hi + 0.6, "WARN", "plc watchdog tripped while disconnected", plc=p, mode="LOCAL_SAFE", trips_today=1)
    for (x_, p, nregs, version) in ev["remote"]:
        blog(x_ + 1.6, "INFO", "plc back in remote mode", plc=p, note="setpoint registers hold the safe values until the master writes them")

    # --- PLC diagnostic buffers (exported by Ruud at 13:30 and 13:35)
    for (tw, p) in ev["safe"]:
        dlog(tw + 0.51, p, "0A21", "Incoming event", "Comms watchdog expired: heartbeat HR199 unchanged for 30 s. LOCAL SAFE mode, safe setpoints loaded into HR100-HR163")
    for (x_, p, nregs, version) in ev["remote"]:
        dlog(x_ + 0.12, p, "0A22", "Outgoing event", "Comms watchdog: heartbeat HR199 changing again. REMOTE mode resumed")
    for (x_, kind, c, val) in ev["irr"]:
        if kind == "abort":
            dlog(x_ + 0.45, PLC_OF[c], "0C05", "Incoming event", f"Fertigation: round section {c} aborted (LOCAL SAFE)")
    seen = set()
    for (x_, c) in ev["closed"]:
        if (c, int(x_ // 600)) in seen:
            continue
        seen.add((c, int(x_ // 600)))
        dlog(x_ + 0.3, PLC_OF[c], "0B10", "Incoming event", f"Vents {c} lee side: end position CLOSED")
    hh = at(t_start).replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    while secs(hh) < t_end:
        for k, p in enumerate(PLCS):
            dlog(secs(hh) + 0.8 + k * 2.1 + rng.uniform(0, 0.2), p, "02F1", "Info", "Time of day synchronized (NTP 10.20.0.1)")
        hh += dt.timedelta(hours=1)
    dlog(secs(utc("2026-06-11 09:41:12")), "PLC-C", "0D31", "Incoming event", "Frequency converter pump P2: overtemperature warning")
    dlog(secs(utc("2026-06-11 09:47:55")), "PLC-C", "0D31", "Outgoing event", "Frequency converter pump P2: overtemperature warning")
    dlog(secs(utc("2026-06-11 11:33:40")), "PLC-B", "05A0", "Info", "Web server: user ruud logged in from 10.20.0.31")
    dlog(secs(utc("2026-06-11 12:44:05")), "PLC-C", "05A0", "Info", "Web server: user ruud logged in from 10.20.0.31")
    dlog(secs(utc("2026-06-11 12:47:31")), "PLC-A", "05A0", "Info", "Web server: user ruud logged in from 10.20.0.31")

    # --- sensor gateways: every 5 minutes per box, the roof station every minute
    series = ev["series"]
    for c in COMPS:
        gw, pid = ("sgw-1", 611) if c[0] in "AB" else ("sgw-2", 598)
        for (xs, T, vpos, pipe, co2, rh) in series[c]:
            if (xs // 60) % 5 != COMPS.index(c) % 5 or not t_start <= xs < t_end:
                continue
            x_ = xs + 0.2 + COMPS.index(c) * 2.35
            sgw.add(at(x_), syslog3164(at(x_), gw, "meetbox-gw", pid,
                                       f"MB-{c} t={T + rng.gauss(0, 0.05):.2f} rh={rh + rng.gauss(0, 0.6):.1f} co2={round(co2 + rng.gauss(0, 4))} "
                                       f"par={round(radiation(xs) * 2.05 * 0.64 + rng.gauss(0, 9))} fan=ok"))
    x = t_start + 12.0
    while x < t_end:
        g = rng.uniform(4.5, 8.1)
        sgw.add(at(x), syslog3164(at(x), "sgw-2", "meetbox-gw", 598,
                                  f"WS-ROOF t_out={outside_temp(x) + rng.gauss(0, 0.1):.1f} rad={round(radiation(x) + rng.gauss(0, 6))} wind={g * 0.55:.1f} gust={g:.1f} dir={rng.randint(230, 265)} rain=0"))
        x += 60.0
    for _ in range(11):
        x = rng.uniform(t_start, t_end)
        sgw.add(at(x), syslog3164(at(x), "sgw-2", "meetbox-gw", 598, f"MB-C11 read timeout (slave 11, 500 ms), retry {rng.randint(1, 3)}/3"))
    for _ in range(3):
        x = rng.uniform(t_start, t_end)
        sgw.add(at(x), syslog3164(at(x), "sgw-1", "systemd", 1, "Started Daily apt download activities." if rng.random() < 0.5 else "logrotate.service: Succeeded."))

    # --- alarm-router: HIGH_TEMP to the growers' phones, routine alarms
    people = ["anouk.verbeek", "kees.vanleeuwen", "ruud.zwart"]

    def alog(x, level, msg, **kw):
        if t_start <= x < t_end:
            alarm.add(at(x), pino(at(x), level, msg, pid=1, hostname="alarm-router-7f9c", **kw))

    aid = 88120
    acked = {}
    for (cx, kind, c, T) in ev["alarms"]:
        if cx < t_start:
            continue
        aid += 1
        if kind == "raise":
            alog(cx + 0.09, "warn", "alarm received", alarmId=aid, site="hoogland-gravenzande", code="HIGH_TEMP", compartment=c, value=round(T, 1), limit=32.0)
            alog(cx + 0.41, "info", "push sent", alarmId=aid, provider="pushover", priority=2, recipients=people, retry=60, expire=3600)
            acked[c] = aid
            who = "anouk.verbeek" if c[0] in "BC" else "kees.vanleeuwen"
            alog(cx + rng.uniform(40, 140), "info", "alarm acknowledged", alarmId=aid, by=who, via="pushover")
        else:
            alog(cx + 0.09, "info", "alarm cleared", alarmId=acked.get(c, aid), site="hoogland-gravenzande", code="HIGH_TEMP", compartment=c, value=round(T, 1))
    x = t_start + 23
    while x < t_end:
        alog(x, "info", "site heartbeat ok", site="hoogland-gravenzande", sources=["climate-control", "fertigation-unit", "boiler"])
        x += 300 + rng.uniform(-1, 1)
    for when, code, comp, val, lim in [("2026-06-11 08:41:12", "DRAIN_EC_HIGH", "C10", 6.4, 6.0), ("2026-06-11 09:58:40", "SENSOR_STALE", "C11", 140, 120),
                                       ("2026-06-11 12:02:31", "DRAIN_EC_HIGH", "C10", 6.6, 6.0)]:
        aid += 1
        x = secs(utc(when))
        alog(x, "warn", "alarm received", alarmId=aid, site="hoogland-gravenzande", code=code, compartment=comp, value=val, limit=lim)
        alog(x + 0.4, "info", "push sent", alarmId=aid, provider="pushover", priority=0, recipients=people[:2])

    # --- GitLab deploy jobs
    def gl(x, text):
        t = at(x)
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def deploy_job(x0, job, pipeline, user, sha, version, rollback_tag=None):
        name = "rollback" if rollback_tag else "deploy"
        gl(x0, f"--- job {job} {name} (pipeline {pipeline}, {user}, ref main, sha {sha}) ---")
        gl(x0 + 0.1, "Running with gitlab-runner 17.0.1 (3b2f8c71)")
        gl(x0 + 0.2, "  on kas-runner-01 Hx7pQm2c, system ID: s_8c41e2a07f3b")
        gl(x0 + 2.4, f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        if rollback_tag:
            gl(x0 + 3.1, f'$ ssh deploy@kas-srv-01 "cd /opt/climate-control && IMAGE_TAG={rollback_tag} docker compose up -d climate-control"')
            done = x0 + 11.5
        else:
            gl(x0 + 3.1, f"$ docker build --build-arg VERSION={version} --build-arg COMMIT={sha[:7]} -t registry.hoogland.local/teeltsoftware/climate-control:{sha[:8]} .")
            gl(x0 + 61.8, f"Successfully tagged registry.hoogland.local/teeltsoftware/climate-control:{sha[:8]}")
            gl(x0 + 62.0, f"$ docker push registry.hoogland.local/teeltsoftware/climate-control:{sha[:8]}")
            gl(x0 + 71.2, f"{sha[:8]}: digest: sha256:{hexid(rng, 64)} size: 1996")
            gl(x0 + 71.4, f'$ ssh deploy@kas-srv-01 "cd /opt/climate-control && IMAGE_TAG={sha[:8]} docker compose up -d climate-control"')
            done = x0 + 80.0
        gl(done - 0.6, " Container climate-control-climate-control-1  Recreate")
        gl(done, " Container climate-control-climate-control-1  Started")
        gl(done + 0.5, "Cleaning up project directory and file based variables")
        gl(done + 0.9, "Job succeeded")
        return done

    d = deploy_job(secs(MON_DEPLOY) - 80.0, 40211, 9172, "sanne.devries", shas["mon"], "2.13.2")
    deploy_job(secs(RELEASE) - 80.0, 40388, 9231, "pieter.hendriks", shas["thu"], "2.14.0")
    deploy_job(secs(ROLLBACK) - 11.5, 40402, 9231, "joris.bakker", shas["thu"], "2.13.2", rollback_tag=shas["mon"][:8])
    deploy_job(secs(FIXED) - 80.0, 40419, 9240, "sanne.devries", shas["fix"], "2.14.1")

    # --- Teams #teelt-storingen
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "teelt-storingen",
                                 "from": who, "body": text}, ensure_ascii=False))

    safe_b = [tw for tw, p in ev["safe"] if p == "PLC-B"][0]
    safe_c = [tw for tw, p in ev["safe"] if p == "PLC-C"][0]
    fa = [cx for cx, k, c, T in ev["alarms"] if k == "raise" and c[0] == "B" and cx > t_start][0]
    fc = [cx for cx, k, c, T in ev["alarms"] if k == "raise" and c[0] == "C" and cx > t_start][0]
    peak_b = max(r[1] for c in PLCS["PLC-B"] for r in ev["series"][c])
    remote = {p: x_ for (x_, p, _, _) in ev["remote"]}

    def hms(x):
        return at(x).strftime("%H:%M:%S")
    say(utc("2026-06-11 07:41:00"), "Kees van Leeuwen", "Hot one today, 29 forecast and full sun. Whitewash is on B and C since last week, A gets it Monday")
    say(RELEASE - dt.timedelta(minutes=3, seconds=20), "Pieter Hendriks", "deploying climate-control 2.14.0: storm limit on the forecast's gusts (CC-238), humidity deficit term in the vent P-band (CC-241), actuator deviation warnings (CC-243), bridge timeout 3 s (CC-236), httpx bump")
    say(RELEASE + dt.timedelta(minutes=2), "Pieter Hendriks", "2.14.0 running, all 12 compartments cycling, vents at 100% everywhere")
    say(at(fa + 50), "alarm-router", f"HIGH_TEMP {[c for cx, k, c, T in ev['alarms'] if cx == fa][0]} 32.0 °C exceeded (hoogland-gravenzande)")
    say(at(fa + 170), "Anouk Verbeek", "B is getting hot, 33 in B6 and climbing. I'm in B6 now: the vents are CLOSED, also in B7. The climate screen says vent setpoint 100%. And the rail pipe is warm??")
    say(at(fa + 260), "Joris Bakker", "on it. climate-control says 'actuator deviation' for B5, B6, B7 and B8 vents: setpoint 100 position 0. pipes in B at 44 degrees with setpoint off")
    say(at(fa + 330), "Kees van Leeuwen", "Heating on at 35 degrees in June. Get those vents open, the heads in B are already hanging")
    say(at(fa + 360), "Ruud Zwart", "going to the B cabinet")
    say(at(fa + 470), "Joris Bakker", "runbook says wind limit, motor protection or the panel in manual, but it's all four compartments on PLC-B and the pipes too. The only change today is 2.14.0 at 10:19, and CC-241 changed the vent calculation. Rolling back to 2.13.2")
    say(at(fa + 530), "Pieter Hendriks", "CC-241 only adds a few % when the humidity deficit is small, it can't send 0. but ok, roll back")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=20), "Joris Bakker", "2.13.2 running (rollback job, image of Monday). B vents opening: vent_pos 40, 80..., pipes off")
    say(ROLLBACK + dt.timedelta(minutes=4), "Ruud Zwart", "panel in B is on AUTO, no motor trips. vents opening now")
    say(ROLLBACK + dt.timedelta(minutes=7), "Anouk Verbeek", f"vents are moving in B. {peak_b:.0f} degrees in B6 at the worst, we'll see tomorrow what it did to the heads")
    say(ROLLBACK + dt.timedelta(minutes=9), "Joris Bakker", "so it was 2.14.0. @Pieter can you run CC-241 with this morning's readings?")
    say(utc("2026-06-11 11:36:00"), "Ruud Zwart", f"PLC-B diagnostic buffer: {hms(safe_b + 0.51)} UTC 'Comms watchdog expired ... LOCAL SAFE mode, safe setpoints loaded', {hms(remote['PLC-B'] + 0.12)} 'REMOTE mode resumed'. Safe values are vents 0, rail pipe 45, CO2 off. That's exactly what B was doing")
    say(utc("2026-06-11 11:41:00"), "Joris Bakker", f"plc-bridge lost PLC-B from {hms(LOSSES['PLC-B'][0])} to {hms(LOSSES['PLC-B'][1])} (i/o timeouts), so the watchdog tripped. But we write every 10 s, 2.14.0 should have put the setpoints back right after")
    say(utc("2026-06-11 11:52:00"), "Pieter Hendriks", "CC-241 with B's readings from 10:30-11:15 gives 100% for all four. it never asked for 0")
    say(utc("2026-06-11 11:58:00"), "Joris Bakker", "then I don't get it yet. leaving 2.13.2 on, will go through the bridge log after lunch")
    say(at(fc + 60), "alarm-router", f"HIGH_TEMP {[c for cx, k, c, T in ev['alarms'] if cx == fc][0]} 32.0 °C exceeded (hoogland-gravenzande)")
    say(at(fc + 140), "Anouk Verbeek", "Now C!! C10 at 32.5, vents closed in C9-C12")
    say(at(fc + 200), "Joris Bakker", f"we're on 2.13.2, so it's not 2.14.0. bridge lost PLC-C at {hms(LOSSES['PLC-C'][0])} for {round(LOSSES['PLC-C'][1] - LOSSES['PLC-C'][0])} s. no deviation warnings because 2.13.2 doesn't have them")
    say(at(fc + 350), "Sanne de Vries", f"bridge's modbus stats: since PLC-C came back at {hms(LOSSES['PLC-C'][1])} it got regs_written=6 per minute, the heartbeat and nothing else. that's CC-229, mine, Monday: we only write setpoints that changed. vents at 100 and pipes off never change on a day like this, so after the PLC loaded its safe values we never wrote them again. docs/plc-interface.md: 'the master must write every setpoint again after REMOTE resumes'")
    say(at(fc + 400), "Sanne de Vries", "the rollback 'fixed' B because a restart empties what the writer remembers and writes everything. restarting climate-control now for C")
    say(RESTART + dt.timedelta(minutes=1, seconds=30), "Joris Bakker", "restarted, C vents opening, pipes off")
    say(RESTART + dt.timedelta(minutes=9), "Ruud Zwart", "PLC-A did it too at 08:05 this morning: watchdog, safe values. vents came back because the setpoint was still moving, but A had no CO2 dosing from 08:05 until your deploy at 10:19")
    say(utc("2026-06-11 12:59:30"), "Sanne de Vries", "CC-247: forget what a PLC holds after any failed call to it, and write every setpoint once a minute anyway. MR !312, Joris reviewing")
    say(FIXED - dt.timedelta(minutes=2), "Sanne de Vries", "deploying 2.14.1")
    say(FIXED + dt.timedelta(minutes=3), "Sanne de Vries", "2.14.1 running. regs_written back to ~35 per minute per PLC")
    say(FIXED + dt.timedelta(minutes=9), "Kees van Leeuwen", "B6 and B7 have burnt heads on the south side. Postmortem tomorrow 09:00, and Van Dijk should look at why the B and C links drop")
    stats = {"safe_b": safe_b, "safe_c": safe_c, "first_alarm": first_alarm, "fa_b": fa, "fc": fc, "peak_b": peak_b, "ev": ev}
    return [app, bridge, diag, sgw, alarm, gitlab, teams], stats


def build(out_dir):
    rng = random.Random(55100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["safe_b"]).replace(microsecond=0)
        assert utc("2026-06-11 10:52:30") <= onset <= utc("2026-06-11 10:52:45"), onset
        assert stats["fa_b"] < secs(utc("2026-06-11 11:03:30")), at(stats["fa_b"])
        assert stats["fc"] < secs(RESTART) - 400, at(stats["fc"])
        ev = stats["ev"]
        series = ev["series"]
        idx = {c: {r[0]: r for r in series[c]} for c in COMPS}

        def temp(c):
            return lambda t: round(idx[c][int(t.timestamp())][1], 2) if int(t.timestamp()) in idx[c] else None

        def vent(c):
            return lambda t: round(idx[c][int(t.timestamp())][2], 1) if int(t.timestamp()) in idx[c] else None

        metrics = {
            "greenhouse_air_temperature_celsius.json": query_range(
                [({"site": "hoogland-gravenzande", "compartment": c, "job": "climate-control"}, temp(c)) for c in ("A2", "B6", "B7", "C10")], START, END, 60),
            "climate_vent_position_percent.json": query_range(
                [({"site": "hoogland-gravenzande", "compartment": c, "side": "lee", "job": "climate-control"}, vent(c)) for c in ("A2", "B6", "B7", "C10")], START, END, 60),
        }
        age = onset - CULPRIT_AT

        def hms(x):
            return at(x).strftime("%H:%M:%S")
        return write_scenario(
            out_dir, name="r55-setpoint-write-on-change", service=SERVICE, onset=onset,
            description=f"""
Hoogland Kassen's compartments B5-B8 overheat on Thursday 11 June, the
first hot day of the year: from {onset.strftime('%H:%M:%S')} UTC their vents close and
their rail pipes heat while climate-control asks for vents at 100 % and
pipes off; the compartments pass 32 degC (alarms to the growers' phones)
and reach about {stats['peak_b']:.0f} degC. A climate-control release had gone out at
10:19; it was rolled back at 11:18 and B's vents opened. At 12:21 C9-C12
closed the same way; a restart at 12:36 opened them and a fix went out at
13:12.
""",
            logs=logs,
            line_formats={
                "climate-control.log": r'<Date> <Time> <Level>\s+\[<Logger>\] <Content>',
                "plc-bridge.log": r'<Time> <Host> <Proc>\[<Pid>\]: <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'watchdog expired.*safe setpoints loaded',
                r'plc back in remote mode',
            ],
            fix_files=["climate_control/plc_writer.py"],
            explanation=f"""
The culprit is CC-229 ("plc: write only the setpoints that changed"),
committed on Monday 8 June at 13:40 UTC and deployed at 15:05 as 2.13.2
with the docs commit after it, {age.days} days {age.seconds // 3600} hours before the onset. PlcWriter
remembers what it wrote to each PLC and sends only setpoints that differ,
plus the heartbeat. When a PLC's comms watchdog expires (30 s without a
heartbeat), the PLC loads its safe setpoints (vents 0 %, rail pipe 45
degC, CO2 off) and, back in REMOTE, controls on them until the master
writes again, as docs/plc-interface.md says. On a hot day the vents sit
at 100 % and the pipes off, setpoints that never change, so they were
never written again: plc-bridge loses PLC-B from {hms(LOSSES['PLC-B'][0])} to {hms(LOSSES['PLC-B'][1])},
PLC-B's diagnostic buffer says "Comms watchdog expired ... LOCAL SAFE
mode, safe setpoints loaded into HR100-HR163" at {hms(stats['safe_b'])}, plc-bridge
"plc back in remote mode ... setpoint registers hold the safe values until
the master writes them", and its stats show only the heartbeat written
(regs_written=6 a minute) while the cycle lines say vent_sp=100%
vent_pos=0%. The same happens to PLC-C at 12:21 on 2.13.2, and harmlessly
to PLC-A at 08:05 (its vent setpoint was still moving; only CO2 dosing
stayed off). The fix (CC-247) is in the same file.
Decoys: the 10:19 release 2.14.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
CC-241 (a humidity term in the very vent calculation), CC-238 (storm
limit on the forecast's gusts), CC-243 (adds the very "actuator
deviation" warning that fills the log), CC-236 (bridge timeout, in the
culprit's file) and an httpx bump; its rollback at 11:18, which seems to
fix it because the restart empties the writer's memory, while the
rolled-back version holds the culprit; the runbook commit that says we
write every setpoint and blames the PLC side; the tests commit that checks
the heartbeat is written every cycle; the docs commit the Monday deploy
names; the pydantic bump, heating and CI commits; plc-bridge's Modbus
drop-outs themselves (a flaky link, the trigger, not in this repo); a
forecast timeout, a stale measuring box, drain EC alarms.
""",
        )
    finally:
        repo.close()
