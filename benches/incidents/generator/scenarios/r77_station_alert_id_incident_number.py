"""cadlink (Python 3.12, asyncio, httpx; a systemd service on two RHEL 9 VMs
in the 911 centre's server room, cadlink-01 active and cadlink-02 warm
standby, released by a manual GitLab CI job that runs Ansible, in the
change board's maintenance window, Tuesdays 04:00-05:00 Central; team of
four in the county's IT department, UTC-5 in summer) of Tamarack County
Emergency Communications (TCEC), the county's 911 centre. TCEC runs Halden
CAD 9 for the sheriff, Tamarack County Fire Rescue (TCFR, 14 stations,
fire-based EMS) and two city police departments. cadlink is the county's
own glue around the vendor CAD: it takes the 911 phone system's ALI spills
into CAD calls (call intake), turns the mobile data terminals' status
buttons and the vehicle modems' AVL reports into CAD unit status and
positions (mobile), and alerts the fire stations (alerting): for every
dispatch it sends each station's Bellwether StationPoint SP-400 controller
one alert (tones for the units' types, the station's speaker zones, a
synthesised voice line and the rip-and-run printout) as JSON over the
county WAN.

StationPoint's CAD interface guide (docs/vendor/ in the repository)
says that a controller acknowledges and discards an alert whose alert_id
it has accepted in the last 180 seconds (DupWindow), so that a CAD's
retransmission after a lost answer is not played twice. cadlink has always
made a fresh uuid per alert and retransmitted the same alert (same id)
after a 3 s timeout.

Monday 24 August 2026, 15:42 UTC: CAD-1187 "alerting: use the incident
number as StationPoint alert_id". TCFR's analyst wants turnout times per
incident from StationPoint's acknowledgement export, which holds only the
alert_id; the uuid had no join to the CAD incident. Dana notes in the
commit that a retransmission carries the same incident number, so the
controller still drops retransmissions. But a second alert to the same
station for the same incident, which is how a medical call grows (the
medic is dispatched on the first determinant; when ProQA's key questions
give a D or E determinant, 30 to 150 s later, CAD adds the engine from the
same station), now has the id of the first, and the controller discards it
with an acknowledgement: cadlink logs "delivered", CAD shows the engine
dispatched, the station plays nothing. A dispatcher's CAD re-tone is the
same id again and is discarded too while the window lasts.

Released in 4.12.0 (with CAD-1192, cross streets in the voice text, in
the culprit's file; CAD-1190, which adds the very "turnout: ... not en
route 90 s after station alert" warning that fills the log with the
night's slow turnouts; CAD-1194, ST14's controller on the new station's
VLAN; Dependabot's httpx 0.27.2, the alerting client's library), deployed
by Priya in Tuesday's window at 09:14-09:19 UTC. The runbook (Monday)
reads missed tones as a controller or WAN fault: check the controller and
power-cycle it; "cadlink's part ends when the controller acknowledges".

From 10:4x UTC (05:4x Central) engines added to medical calls at their
medic's station are not toned; crews are called by radio after the
dispatcher sees them not en route, two to four minutes late. The night
supervisor reports it as a Station 5 controller problem; BC2 reports
Station 9; at 13:0x a cardiac arrest's first-response engine (E7) is
three minutes late after a CAD re-tone is discarded too. Priya, paged at
13:20, finds every controller healthy and cadlink "delivered" for every
alert; Luis of the radio shop power-cycles ST07's controller at 13:38
(its boot line says "dup_window 180 s"); ST03 misses one at 13:5x; the
change board approves a rollback to 4.11.3, deployed at 14:10-14:14 UTC,
after which second alerts are played again. Marcus then reads the
controllers' syslog: every missed alert is "duplicate alert_id (first rx
NN s ago, window 180 s), discarded, not played", each the second alert to
a station for one incident, and the ids are incident numbers since 4.12.0;
Dana recognises CAD-1187; Bellwether confirms the window is by design.
CAD-1197 (15:05) makes the id the incident number with the station and a
sequence number, unique per alert; 4.12.1 waits for Wednesday's window.

Sources: cadlink (Python logging, line format), the StationPoint
controllers (syslog RFC 3164 through the county's syslog server), Halden
CAD's interface journal (pipe separated, line format), the GitLab deploy
jobs (runner timestamps), #tcec-911-ops (Teams export, JSON lines), the
county service desk (ServiceNow export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "cadlink"
START, END = utc("2026-08-25 08:30:00"), utc("2026-08-25 16:00:00")
CULPRIT_AT = utc("2026-08-24 15:42:00")
DEPLOY = utc("2026-08-25 09:17:40")      # cadlink-01 restarted on 4.12.0
ROLLBACK = utc("2026-08-25 14:12:50")    # cadlink-01 restarted on 4.11.3
ST07_REBOOT = utc("2026-08-25 13:38:20")
CADLINK_IP = "10.20.4.11"
CDT = dt.timedelta(hours=-5)

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "cadlink"
version = "4.11.3"
description = "Tamarack County 911: call intake, mobile and station alerting around Halden CAD"
requires-python = ">=3.12"
dependencies = [
    "httpx==0.27.0",
    "pyyaml==6.0.2",
    "lxml==5.3.0",
    "pyproj==3.6.1",
    "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.2", "pytest-asyncio==0.24.0", "respx==0.21.1"]

[project.scripts]
cadlink = "cadlink.main:run"
"""

README = """# cadlink

Tamarack County Emergency Communications' glue around Halden CAD 9:

- `cadlink/intake`: ALI spills from the 911 phone system into CAD calls
- `cadlink/mobile`: MDT status buttons and modem AVL reports into CAD unit
  status and positions
- `cadlink/alerting`: station alerts to the fire stations' Bellwether
  StationPoint controllers for every dispatch

Runs on cadlink-01 (active) and cadlink-02 (warm standby) as the systemd
unit `cadlink.service`. Releases are deployed with the manual
`deploy-production` job in GitLab, in the change board's maintenance
window (Tuesdays 04:00-05:00 Central) unless the board approves an
emergency change. See `docs/runbook.md`.
"""

CHANGELOG = """# Changelog

## 4.11.3

- CAD-1175 intake: keep the first ALI of a wireless call when the rebid has no better class of service
- CAD-1171 mobile: AVL stale after 120 s without a report (was 300 s)

## 4.11.2

- CAD-1166 alerting: ST12 over the microwave link gets a 3 s timeout like the others
"""

CONFIG = """# cadlink production configuration (cadlink-01 / cadlink-02)
cad:
  feed: tcp://halden-cad-app01.tcec.local:7420
  interface_user: CADLINK
intake:
  ali_listen: 0.0.0.0:5020
  county_fips: "47199"
mobile:
  status_listen: 0.0.0.0:7020
  avl_listen: udp://0.0.0.0:7021
  avl_stale_after: 120s
alerting:
  timeout: 3s
  attempts: 3
  stations:
    ST01: {controller: "https://10.60.1.20", zones: [APP, DORM, DAY, OFFICE]}
    ST02: {controller: "https://10.60.2.20", zones: [APP, DORM, DAY]}
    ST03: {controller: "https://10.60.3.20", zones: [APP, DORM, DAY]}
    ST04: {controller: "https://10.60.4.20", zones: [APP, DORM, DAY]}
    ST05: {controller: "https://10.60.5.20", zones: [APP, DORM, DAY]}
    ST06: {controller: "https://10.60.6.20", zones: [APP, DORM]}
    ST07: {controller: "https://10.60.7.20", zones: [APP, DORM, DAY, OFFICE]}
    ST08: {controller: "https://10.60.8.20", zones: [APP, DORM, DAY, OFFICE]}
    ST09: {controller: "https://10.60.9.20", zones: [APP, DORM, DAY]}
    ST10: {controller: "https://10.60.10.20", zones: [APP, DORM, DAY]}
    ST11: {controller: "https://10.60.11.20", zones: [APP, DORM]}
    ST12: {controller: "https://10.60.12.20", zones: [APP, DORM, DAY]}
    ST13: {controller: "https://10.60.13.20", zones: [APP, DORM]}
    ST14: {controller: "https://10.61.14.20", zones: [APP, DORM]}
"""

LOGGING_INI = """[loggers]
keys=root,httpx

[handlers]
keys=journal

[formatters]
keys=plain

[logger_root]
level=INFO
handlers=journal

[logger_httpx]
level=WARNING
handlers=journal
qualname=httpx
propagate=0

[handler_journal]
class=FileHandler
formatter=plain
args=('/var/log/cadlink/cadlink.log',)

[formatter_plain]
format=%(asctime)s.%(msecs)03d %(levelname)-5s [%(taskName)s] %(name)s: %(message)s
datefmt=%Y-%m-%d %H:%M:%S
"""

STATION_ALERT = '''"""Station alerts: one StationPoint alert per station for the units of a
CAD dispatch (tones for the unit types, the station's zones, the voice line
and the rip-and-run printout). See docs/vendor/stationpoint-cad-api.md."""

import logging
import uuid

from cadlink.alerting.stationpoint import DeliveryTimeout

log = logging.getLogger("cadlink.alerting.station")

TONES = {"E": "ENGINE", "T": "TRUCK", "M": "MEDIC", "R": "RESCUE", "B": "BRUSH", "BC": "CHIEF"}


def unit_kind(unit):
    return "BC" if unit.startswith("BC") else unit.rstrip("0123456789")


def tone_groups(units):
    groups = []
    for unit in units:
        tone = TONES[unit_kind(unit)]
        if tone not in groups:
            groups.append(tone)
    return groups


def voice_text(dispatch, units):
    return f"{', '.join(units)}. {dispatch.call_type}. {dispatch.address}."


def build_alert(dispatch, station, units):
    """The alert for the units of one station."""
    return {
        "alert_id": uuid.uuid4().hex,
        "station": station.code,
        "priority": "EMERGENCY" if dispatch.priority <= 2 else "ROUTINE",
        "tones": tone_groups(units),
        "zones": station.zones,
        "units": list(units),
        "voice": voice_text(dispatch, units),
        "print": {
            "incident": dispatch.incident,
            "type": dispatch.call_type,
            "address": dispatch.address,
            "narrative": dispatch.narrative[:400],
        },
    }


async def send(client, station, dispatch, units, attempts=3):
    """Sends the alert and retransmits the same alert (the same alert_id)
    when the controller does not answer in time; the controller discards an
    alert_id it has already accepted, so a retransmission is not played
    twice."""
    alert = build_alert(dispatch, station, units)
    for attempt in range(1, attempts + 1):
        try:
            ms = await client.post_alert(station, alert)
        except DeliveryTimeout:
            log.warning(
                "station alert %s %s alert_id=%s: no answer from %s in %.1f s (attempt %d of %d)",
                station.code, dispatch.incident, alert["alert_id"], station.controller, client.timeout, attempt, attempts,
            )
            continue
        log.info(
            "station alert %s %s units=%s alert_id=%s delivered in %d ms (attempt %d)",
            station.code, dispatch.incident, ",".join(units), alert["alert_id"], ms, attempt,
        )
        return True
    log.error(
        "station alert %s %s units=%s NOT DELIVERED after %d attempts, tone the station by radio",
        station.code, dispatch.incident, ",".join(units), attempts,
    )
    return False
'''

STATIONPOINT = '''"""HTTP client for Bellwether StationPoint SP-400 controllers (CAD
interface v2, JSON over HTTPS with the county's client certificate)."""

import time

import httpx


class DeliveryTimeout(Exception):
    pass


class StationPointClient:
    def __init__(self, timeout, cert):
        self.timeout = timeout
        self._http = httpx.AsyncClient(timeout=timeout, cert=cert, verify="/etc/cadlink/tcec-ca.pem")

    async def post_alert(self, station, alert):
        """Posts one alert; returns the round trip in ms once the controller
        has acknowledged it (HTTP 200, {"result": "ok"})."""
        started = time.monotonic()
        try:
            response = await self._http.post(f"{station.controller}/api/v2/alerts", json=alert)
        except httpx.TimeoutException as err:
            raise DeliveryTimeout(str(err)) from err
        response.raise_for_status()
        return int((time.monotonic() - started) * 1000)

    async def status(self, station):
        response = await self._http.get(f"{station.controller}/api/v2/status")
        response.raise_for_status()
        return response.json()
'''

ROUTER = '''"""Turns a CAD dispatch event into station alerts: the units are grouped
by their home station and each station gets one alert."""

import asyncio
import logging

from cadlink.alerting import station_alert

log = logging.getLogger("cadlink.alerting.router")


class AlertRouter:
    def __init__(self, client, stations, units):
        self.client = client
        self.stations = stations
        self.home = units  # unit -> station code

    async def on_dispatch(self, dispatch):
        by_station = {}
        for unit in dispatch.units:
            code = self.home.get(unit)
            if code is None:
                continue  # sheriff and police units have no station alerting
            by_station.setdefault(code, []).append(unit)
        await asyncio.gather(*(
            station_alert.send(self.client, self.stations[code], dispatch, units)
            for code, units in by_station.items()
        ))

    async def on_retone(self, dispatch):
        """A dispatcher's re-tone from CAD: the same alert once more."""
        await self.on_dispatch(dispatch)
'''

MDT_STATUS = '''"""MDT status buttons (via the vehicle modems and the mobile VPN) into
Halden CAD unit status."""

import logging

log = logging.getLogger("cadlink.mobile.status")

CODES = {"1": "ENR", "2": "ONSC", "3": "TRANS", "4": "ATHOSP", "8": "AVAIL", "9": "AIQ", "0": "OOS"}


async def on_status(cad, message):
    status = CODES.get(message.code)
    if status is None:
        log.warning("mdt %s unknown status code %r from modem %s", message.unit, message.code, message.modem)
        return
    await cad.set_unit_status(message.unit, status, message.incident)
    log.info("mdt %s %s %s (modem %s, rsrp %d dBm)", message.unit, status, message.incident or "-", message.modem, message.rsrp)
'''

AVL = '''"""AVL reports from the vehicle modems (TAIP PV over UDP, every 5 s moving,
every 60 s parked) into Halden CAD unit positions; a summary a minute."""

import logging
import time

log = logging.getLogger("cadlink.mobile.avl")


class AvlTracker:
    def __init__(self, cad, stale_after):
        self.cad = cad
        self.stale_after = stale_after
        self.last = {}
        self.reports = 0
        self.rejected = 0

    async def on_report(self, report):
        if report.unit is None:
            self.rejected += 1
            return
        self.reports += 1
        self.last[report.unit] = time.monotonic()
        await self.cad.set_unit_position(report.unit, report.lat, report.lon, report.heading, report.speed)

    def summary(self):
        now = time.monotonic()
        stale = sorted(u for u, t in self.last.items() if now - t > self.stale_after)
        log.info("avl: %d units, %d reports in 60 s, %d rejected; stale: %s",
                 len(self.last), self.reports, self.rejected, ", ".join(stale) or "none")
        self.reports = self.rejected = 0
'''

ALI = '''"""ALI spills from the 911 phone system (one per answered 911 call and per
rebid) into Halden CAD calls."""

import logging

log = logging.getLogger("cadlink.intake.ali")


async def on_spill(cad, spill):
    call = await cad.upsert_call(spill.position, spill.callback, spill.location())
    log.info("ali %s pos %s class %s esn %s: %s", call.id, spill.position, spill.cos, spill.esn, spill.summary())
'''

MAIN = '''import asyncio
import logging
import logging.config
import os

from cadlink import __version__
from cadlink.config import load

log = logging.getLogger("cadlink")


def run():
    logging.config.fileConfig(os.environ.get("CADLINK_LOGGING", "/etc/cadlink/logging.ini"))
    cfg = load(os.environ.get("CADLINK_CONFIG", "/etc/cadlink/production.yaml"))
    log.info("cadlink %s (git %s) starting on %s", __version__, os.environ.get("CADLINK_GIT", "dev"), os.uname().nodename)
    asyncio.run(cfg.app().serve())
'''

TEST_ALERT = '''from types import SimpleNamespace

from cadlink.alerting import station_alert


def dispatch(**kw):
    base = dict(incident="F26-040001", call_type="SICK PERSON", address="100 MAIN ST", priority=2, narrative="")
    base.update(kw)
    return SimpleNamespace(**base)


STATION = SimpleNamespace(code="ST05", zones=["APP", "DORM", "DAY"], controller="https://10.60.5.20")


def test_tones_in_unit_order():
    assert station_alert.tone_groups(["M5", "E5", "BC2"]) == ["MEDIC", "ENGINE", "CHIEF"]


def test_emergency_priority():
    assert station_alert.build_alert(dispatch(priority=1), STATION, ["E5"])["priority"] == "EMERGENCY"
    assert station_alert.build_alert(dispatch(priority=3), STATION, ["E5"])["priority"] == "ROUTINE"


def test_printout_narrative_is_cut():
    alert = station_alert.build_alert(dispatch(narrative="x" * 900), STATION, ["M5"])
    assert len(alert["print"]["narrative"]) == 400
'''

VENDOR_DOC = """# StationPoint SP-400: CAD interface v2 (excerpt)

Bellwether Alerting Systems, document BAS-SP-2041 rev F. Kept here for the
fields cadlink uses.

## POST /api/v2/alerts

| field      | type      | notes                                                   |
|------------|-----------|---------------------------------------------------------|
| alert_id   | string    | 1-64 characters, chosen by the CAD                      |
| station    | string    | must match the controller's configured station code     |
| priority   | string    | EMERGENCY or ROUTINE (ROUTINE skips the pre-alert)      |
| tones      | string[]  | tone groups configured on the controller                |
| zones      | string[]  | speaker zones                                           |
| units      | string[]  | shown on the bay display                                |
| voice      | string    | read by the text-to-speech engine, at most 240 chars    |
| print      | object    | rip-and-run printout                                    |

The controller answers `200 {"result": "ok"}` once the alert is queued for
playing.

### Retransmissions

A CAD should retransmit an alert it got no answer for, with the same
`alert_id`. The controller keeps the alert_ids it accepted in the last
`DupWindow` seconds (default 180) and answers a repeated one with
`200 {"result": "ok", "duplicate": true}` without playing it.

## GET /api/v2/status

Firmware, uptime, the last alert played, amplifier and printer state.
"""

RUNBOOK = """# cadlink runbook

Owner: TCEC systems (Priya Raman, Dana Whitfield, Marcus Bell, Keisha
Ortiz). On-call through the TCEC supervisor; changes through the change
board (emergency changes: the 911 operations manager approves).

## CAD feed disconnected

cadlink reconnects to halden-cad-app01 every 5 s. Dispatch events are
queued by CAD for 15 minutes; after that the station alerts of the gap are
lost. Tell the floor supervisor to tone by radio until "cad feed:
connected" is back.

## AVL stale

A unit listed as stale in the "avl:" summary has sent no report for
120 s: usually the modem lost LTE in the north of the county or the unit
is at the shop. Check the modem in the Corvex portal before anything else.
"""

RUNBOOK_TONES = """
## A station did not get its tones

cadlink's part ends when the controller acknowledges the alert: a
"station alert ... delivered" line means the controller has it. If the
station did not hear it:

1. `curl -s --cert ... https://<controller>/api/v2/status`: firmware,
   uptime, the last alert played, amplifier and printer state.
2. Check the station's WAN link (the north stations ST11-ST13 are on the
   microwave ring) and the controller's syslog on syslog01.
3. Power-cycle the controller (the radio shop can do it remotely through
   the station's PDU); it plays a test tone when it is back.

"NOT DELIVERED" lines mean cadlink could not reach the controller after
three attempts: tone the station by radio and call the radio shop.
"""

GITLAB_CI = """stages: [test, deploy]

test:
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

deploy-production:
  stage: deploy
  when: manual
  tags: [tcec-deploy]
  script:
    - ansible-playbook -i deploy/inventory.ini deploy/site.yml -e cadlink_ref=$CI_COMMIT_REF_NAME -e cadlink_git=$CI_COMMIT_SHORT_SHA
"""

SITE_YML = """- hosts: cadlink
  become: true
  serial: 1
  tasks:
    - name: cadlink wheel
      pip:
        name: "git+https://gitlab.tcec.local/systems/cadlink.git@{{ cadlink_ref }}"
        virtualenv: /opt/cadlink
    - name: configuration
      copy:
        src: ../config/
        dest: /etc/cadlink/
    - name: environment
      copy:
        dest: /etc/cadlink/env
        content: "CADLINK_GIT={{ cadlink_git }}\\n"
    - name: restart
      systemd:
        name: cadlink
        state: restarted
"""

INVENTORY = "[cadlink]\ncadlink-02.tcec.local\ncadlink-01.tcec.local\n"


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    dana = Person("Dana Whitfield", "dana.whitfield@tamarackcounty.gov", -300)
    marcus = Person("Marcus Bell", "marcus.bell@tamarackcounty.gov", -300)
    keisha = Person("Keisha Ortiz", "keisha.ortiz@tamarackcounty.gov", -300)
    priya = Person("Priya Raman", "priya.raman@tamarackcounty.gov", -300)
    bot = Person("dependabot[bot]", "dependabot@gitlab.tcec.local", 0)
    files = {
        "pyproject.toml": PYPROJECT.replace('version = "4.11.3"', 'version = "4.11.2"'),
        "README.md": README,
        "CHANGELOG.md": CHANGELOG.split("## 4.11.3")[0] + "## 4.11.2" + CHANGELOG.split("## 4.11.2")[1],
        "cadlink/__init__.py": '__version__ = "4.11.2"\n',
        "cadlink/main.py": MAIN,
        "cadlink/config.py": "import yaml\n\n\ndef load(path):\n    with open(path) as handle:\n        return App.from_dict(yaml.safe_load(handle))\n",
        "cadlink/alerting/__init__.py": "",
        "cadlink/alerting/station_alert.py": STATION_ALERT,
        "cadlink/alerting/stationpoint.py": STATIONPOINT,
        "cadlink/alerting/router.py": ROUTER,
        "cadlink/mobile/__init__.py": "",
        "cadlink/mobile/status.py": MDT_STATUS,
        "cadlink/mobile/avl.py": AVL.replace("stale_after", "stale_after"),
        "cadlink/intake/__init__.py": "",
        "cadlink/intake/ali.py": ALI,
        "config/production.yaml": CONFIG.replace("avl_stale_after: 120s", "avl_stale_after: 300s").replace('"https://10.61.14.20"', '"https://10.60.14.20"'),
        "config/logging.ini": LOGGING_INI,
        "deploy/site.yml": SITE_YML,
        "deploy/inventory.ini": INVENTORY,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "docs/vendor/stationpoint-cad-api.md": VENDOR_DOC,
        "tests/__init__.py": "",
        "tests/test_station_alert.py": TEST_ALERT,
    }
    repo.commit(utc("2026-08-17 15:10:00"), priya, "cadlink 4.11.2", files)
    crng = random.Random(78098)
    repo.schedule(chores(crng, SERVICE, [keisha, marcus], utc("2026-08-17 16:00:00"), utc("2026-08-20 20:00:00"), 2)
                  + chores(crng, SERVICE, [marcus, dana], utc("2026-08-21 13:00:00"), utc("2026-08-24 15:00:00"), 2))
    repo.commit(utc("2026-08-18 14:25:00"), marcus, "mobile: AVL stale after 120 s without a report (CAD-1171)\n\nA medic whose modem had dropped kept its last position for five minutes\nand was recommended from there.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "avl_stale_after: 300s", "avl_stale_after: 120s"),
    })
    repo.commit(utc("2026-08-19 19:05:00"), keisha, "intake: keep the first ALI of a wireless call when the rebid has no better class of service (CAD-1175)", {
        "cadlink/intake/ali.py": sub(repo.files["cadlink/intake/ali.py"],
                                     "    call = await cad.upsert_call(spill.position, spill.callback, spill.location())\n",
                                     "    if spill.is_rebid and not spill.better_than(await cad.call_location(spill.position)):\n        log.info(\"ali rebid pos %s class %s: no better location, kept\", spill.position, spill.cos)\n        return\n    call = await cad.upsert_call(spill.position, spill.callback, spill.location())\n"),
    })
    rel4113 = repo.commit(utc("2026-08-20 20:40:00"), priya, "release 4.11.3", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.11.2"', 'version = "4.11.3"'),
        "cadlink/__init__.py": '__version__ = "4.11.3"\n',
        "CHANGELOG.md": CHANGELOG,
    })
    culprit = repo.commit(CULPRIT_AT, dana, "alerting: use the incident number as StationPoint alert_id (CAD-1187)\n\nTCFR wants turnout times per incident from StationPoint's acknowledgement\nexport, which only has the alert_id; with a uuid there was nothing to join\nthe CAD incident on. A retransmission still carries the same id (the\nincident number), so the controller keeps discarding retransmissions.", {
        "cadlink/alerting/station_alert.py": sub(repo.files["cadlink/alerting/station_alert.py"],
                                                 "import logging\nimport uuid\n",
                                                 "import logging\n",
                                                 '        "alert_id": uuid.uuid4().hex,\n',
                                                 '        # CAD-1187: the incident number, so that StationPoint\'s acknowledgement\n        # export joins the CAD incident in TCFR\'s turnout time report.\n        "alert_id": dispatch.incident,\n'),
        "tests/test_station_alert.py": repo.files["tests/test_station_alert.py"] + '\n\ndef test_alert_id_is_the_incident_number():\n    assert station_alert.build_alert(dispatch(incident="F26-040777"), STATION, ["M5"])["alert_id"] == "F26-040777"\n',
    })
    repo.commit(utc("2026-08-24 16:31:00"), marcus, "alerting: cross streets in the voice line (CAD-1192)\n\nCrews asked for the cross streets before they reach the truck.", {
        "cadlink/alerting/station_alert.py": sub(repo.files["cadlink/alerting/station_alert.py"],
                                                 '    return f"{\', \'.join(units)}. {dispatch.call_type}. {dispatch.address}."\n',
                                                 '    text = f"{\', \'.join(units)}. {dispatch.call_type}. {dispatch.address}."\n    if dispatch.cross_streets:\n        text += f" Cross {dispatch.cross_streets}."\n    return text[:240]\n'),
        "tests/test_station_alert.py": repo.files["tests/test_station_alert.py"].replace('priority=2, narrative="")', 'priority=2, narrative="", cross_streets="")') + '\n\ndef test_voice_has_cross_streets():\n    text = station_alert.voice_text(dispatch(cross_streets="ELM ST / OAK AVE"), ["E5"])\n    assert text.endswith("Cross ELM ST / OAK AVE.")\n',
    })
    repo.commit(utc("2026-08-24 18:05:00"), keisha, "mobile: warn when a unit is not en route 90 s after its station alert (CAD-1190)\n\nTCFR's turnout target is 80 s by day and 90 s at night; the supervisor\nwants to see late turnouts in the log without running the report.", {
        "cadlink/mobile/turnout.py": '"""Turnout watch: a warning when a unit has not pressed en route 90 s\nafter its station alert was delivered (TCFR\'s target: 80 s day, 90 s night)."""\n\nimport asyncio\nimport logging\n\nlog = logging.getLogger("cadlink.mobile.turnout")\n\nLIMIT = 90\n\n\nclass TurnoutWatch:\n    def __init__(self):\n        self.pending = {}\n\n    def alerted(self, unit, incident, station):\n        self.pending[unit] = asyncio.get_running_loop().call_later(LIMIT, self._late, unit, incident, station)\n\n    def en_route(self, unit):\n        handle = self.pending.pop(unit, None)\n        if handle:\n            handle.cancel()\n\n    def _late(self, unit, incident, station):\n        self.pending.pop(unit, None)\n        log.warning("turnout: %s not en route %d s after station alert (%s, %s)", unit, LIMIT, incident, station)\n',
        "cadlink/alerting/router.py": sub(repo.files["cadlink/alerting/router.py"],
                                          "    def __init__(self, client, stations, units):\n        self.client = client\n",
                                          "    def __init__(self, client, stations, units, turnout=None):\n        self.client = client\n        self.turnout = turnout\n",
                                          "            station_alert.send(self.client, self.stations[code], dispatch, units)\n            for code, units in by_station.items()\n        ))\n",
                                          "            station_alert.send(self.client, self.stations[code], dispatch, units)\n            for code, units in by_station.items()\n        ))\n        if self.turnout:\n            for code, units in by_station.items():\n                for unit in units:\n                    self.turnout.alerted(unit, dispatch.incident, code)\n"),
    })
    repo.commit(utc("2026-08-24 19:20:00"), priya, "runbook: a station did not get its tones", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_TONES,
    })
    repo.commit(utc("2026-08-24 22:10:00"), bot, "Bump httpx from 0.27.0 to 0.27.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-08-25 08:52:00"), priya, "config: ST14's controller on the new station's VLAN (CAD-1194)\n\nStation 14 moves into the new building tonight; the radio shop has the\ncontroller up at 10.61.14.20.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], '"https://10.60.14.20"', '"https://10.61.14.20"'),
    })
    rel4120 = repo.commit(utc("2026-08-25 09:01:00"), priya, "release 4.12.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.11.3"', 'version = "4.12.0"'),
        "cadlink/__init__.py": '__version__ = "4.12.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.12.0\n\n- CAD-1187 alerting: the incident number is the StationPoint alert_id\n- CAD-1192 alerting: cross streets in the voice line\n- CAD-1190 mobile: turnout warning 90 s after the station alert\n- CAD-1194 ST14's controller on the new VLAN\n- httpx 0.27.2\n"),
    })
    fix = repo.commit(utc("2026-08-25 15:05:00"), dana, "alerting: one alert_id per alert again, the incident number first (CAD-1197)\n\nSince CAD-1187 (4.12.0) every alert of an incident had the incident\nnumber as its alert_id. StationPoint discards an alert_id it accepted in\nthe last 180 s (DupWindow) as a retransmission, so the second alert to a\nstation for the same incident (the engine added to a medical call when\nProQA gives a D or E determinant, a CAD re-tone) was acknowledged and not\nplayed. The id is now <incident>-<station>-<n>, n counting the alerts to\nthat station for the incident; a retransmission keeps its id. The\nturnout report takes the incident number before the station.", {
        "cadlink/alerting/station_alert.py": sub(repo.files["cadlink/alerting/station_alert.py"],
                                                 "import logging\n",
                                                 "import itertools\nimport logging\nfrom collections import defaultdict\n",
                                                 "TONES = {",
                                                 "# alerts sent per (incident, station): each alert gets its own id, which\n# StationPoint needs (it discards an alert_id seen in the last 180 s)\n_SEQ = defaultdict(itertools.count)\n\nTONES = {",
                                                 '        # CAD-1187: the incident number, so that StationPoint\'s acknowledgement\n        # export joins the CAD incident in TCFR\'s turnout time report.\n        "alert_id": dispatch.incident,\n',
                                                 '        # CAD-1197: unique per alert; the incident number first for the\n        # turnout report. A retransmission reuses this dict, so its id.\n        "alert_id": f"{dispatch.incident}-{station.code}-{next(_SEQ[(dispatch.incident, station.code)]) + 1}",\n'),
        "tests/test_station_alert.py": sub(repo.files["tests/test_station_alert.py"],
                                           '\n\ndef test_alert_id_is_the_incident_number():\n    assert station_alert.build_alert(dispatch(incident="F26-040777"), STATION, ["M5"])["alert_id"] == "F26-040777"\n',
                                           '\n\ndef test_second_alert_to_a_station_has_its_own_id():\n    first = station_alert.build_alert(dispatch(incident="F26-040777"), STATION, ["M5"])\n    second = station_alert.build_alert(dispatch(incident="F26-040777"), STATION, ["E5"])\n    assert first["alert_id"] == "F26-040777-ST05-1"\n    assert second["alert_id"] == "F26-040777-ST05-2"\n'),
    })
    repo.commit(utc("2026-08-25 15:40:00"), priya, "runbook: a controller discards an alert_id it has seen in 180 s", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               '"NOT DELIVERED" lines mean',
                               "A controller acknowledges a duplicate without playing it: look for\n\"duplicate alert_id ... discarded\" in its syslog before power-cycling\nanything (4.12.0 incident, 25 August).\n\n\"NOT DELIVERED\" lines mean"),
    })
    return repo, {"culprit": culprit, "rel4113": rel4113, "rel4120": rel4120, "fix": fix}


# ---------------------------------------------------------------------------
# the county

STATIONS = {
    "ST01": ["E1", "T1", "M1", "R1", "BC1"], "ST02": ["E2", "M2"], "ST03": ["E3", "M3"], "ST04": ["E4", "M4"],
    "ST05": ["E5", "M5"], "ST06": ["E6"], "ST07": ["E7", "M7"], "ST08": ["E8", "T8", "BC2"], "ST09": ["E9", "M9"],
    "ST10": ["E10", "M10", "BC3"], "ST11": ["E11"], "ST12": ["E12", "M12"], "ST13": ["E13", "B13"], "ST14": ["E14", "M14"],
}
HOME = {u: s for s, us in STATIONS.items() for u in us}
ZONES = {"ST01": "APP,DORM,DAY,OFFICE", "ST07": "APP,DORM,DAY,OFFICE", "ST08": "APP,DORM,DAY,OFFICE",
         "ST06": "APP,DORM", "ST11": "APP,DORM", "ST13": "APP,DORM", "ST14": "APP,DORM"}
MEDIC_STATIONS = [s for s, us in STATIONS.items() if any(u.startswith("M") for u in us)]
WEIGHT = {"ST01": 9, "ST02": 6, "ST03": 6, "ST04": 5, "ST05": 6, "ST06": 3, "ST07": 7, "ST08": 5, "ST09": 4, "ST10": 5,
          "ST11": 2, "ST12": 3, "ST13": 2, "ST14": 4}
NEIGHBOUR = {"ST06": "ST05", "ST08": "ST07", "ST11": "ST12", "ST13": "ST12"}
STREETS = ["N MAPLE ST", "E CHURCH ST", "HARMON GAP RD", "OLD HICKORY BLVD", "S JEFFERSON ST", "LEBANON PIKE", "CEDAR BLUFF RD",
           "W MAIN ST", "PIKE RIDGE RD", "FOUNTAIN AVE", "HIGHWAY 46", "RIVERSIDE DR", "STONEWALL CT", "BELL RD", "TULIP GROVE LN",
           "COUNTY LINE RD", "MILL CREEK PKWY", "OAKWOOD AVE", "SHILOH RD", "CANEY FORK RD"]
TOWNS = {"ST01": "MILLBROOK", "ST02": "MILLBROOK", "ST03": "MILLBROOK", "ST04": "ASHCROFT", "ST05": "ASHCROFT", "ST06": "DOVER MILLS",
         "ST07": "MILLBROOK", "ST08": "MILLBROOK", "ST09": "HARMON", "ST10": "WESTFIELD", "ST11": "KETTLE CREEK", "ST12": "NORTH FORK",
         "ST13": "NORTH FORK", "ST14": "ASHCROFT"}
SHERIFF_UNITS = [f"2A{n}" for n in range(11, 27)] + [f"3B{n}" for n in range(11, 21)]
MPD_UNITS = [f"1{c}{n}" for c in "ABC" for n in range(21, 27)]

MED_FIRST = [("SICK PERSON", "26-A-01"), ("FALL", "17-A-02"), ("FALL", "17-B-01"), ("BREATHING PROBLEM", "06-C-01"),
             ("CHEST PAIN", "10-C-01"), ("UNCONSCIOUS/FAINTING", "31-C-01"), ("ABDOMINAL PAIN", "01-A-01"),
             ("DIABETIC PROBLEM", "13-A-01"), ("SEIZURE", "12-A-01"), ("BACK PAIN", "05-A-01"), ("OVERDOSE", "23-C-01")]
MED_UPGRADE = {"SICK PERSON": ("SICK PERSON", "26-D-01"), "FALL": ("FALL", "17-D-03"), "BREATHING PROBLEM": ("BREATHING PROBLEM", "06-D-01"),
               "CHEST PAIN": ("CHEST PAIN", "10-D-04"), "UNCONSCIOUS/FAINTING": ("UNCONSCIOUS/FAINTING", "31-D-02"),
               "ABDOMINAL PAIN": ("ABDOMINAL PAIN", "01-D-01"), "DIABETIC PROBLEM": ("DIABETIC PROBLEM", "13-D-01"),
               "SEIZURE": ("SEIZURE", "12-D-02"), "BACK PAIN": ("BACK PAIN", "05-D-01"), "OVERDOSE": ("OVERDOSE", "23-D-01")}
FIRE_TYPES = [("FIRE ALARM COMMERCIAL", 2, ["E"]), ("FIRE ALARM RESIDENTIAL", 3, ["E"]), ("MVC WITH INJURIES", 2, ["E", "M"]),
              ("OUTSIDE FIRE", 3, ["E"]), ("GAS LEAK OUTSIDE", 3, ["E"]), ("LIFT ASSIST", 4, ["E"]), ("SMOKE INVESTIGATION", 3, ["E"]),
              ("VEHICLE FIRE", 2, ["E"])]
LE_TYPES = ["TRAFFIC STOP", "SUSPICIOUS VEHICLE", "ALARM BURGLARY", "DISTURBANCE", "THEFT REPORT", "WELFARE CHECK", "TRAFFIC HAZARD",
            "DOMESTIC", "911 HANGUP", "CIVIL STANDBY", "REPOSSESSION", "ANIMAL COMPLAINT"]


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def local(t):
    return (t + CDT).strftime("%H:%M")


def _swap_tokens(text, number):
    while "@@CALL" in text:
        a = text.index("@@CALL")
        b = text.index("@@", a + 2) + 2
        text = text[:a] + number[text[a:b]] + text[b:]
    return text


def build_logs(rng, shas):
    link = Log("cadlink.log")
    sp = Log("stationpoint.log")
    cad = Log("halden-cad-journal.log")
    deploy = Log("gitlab-deploy.log")
    chat = Log("teams-tcec-911-ops.log")
    tickets = Log("servicedesk-tickets.log")
    stats = {"discarded": [], "played": 0, "second_alerts": [], "late": [], "retones": []}
    calls = []  # (time, token) of answered 911 calls, numbered in time order at the end

    def version(t):
        return "4.12.0" if DEPLOY <= t < ROLLBACK else "4.11.3"

    def clog(t, level, task, logger, msg):
        if START <= t < END:
            link.add(t, f"{ts(t)} {level:<5} [{task}] {logger}: {msg}")

    def jlog(t, ref, msg):
        if START <= t < END:
            cad.add(t, f"{ts(t)} | {ref:<10} | {msg}")

    sp_pid = {s: rng.randint(400, 980) for s in STATIONS}

    def splog(t, station, msg):
        if START <= t < END:
            sp.add(t, syslog3164(t, f"{station.lower()}-sp400", "spd", sp_pid[station], msg))

    # ---- cadlink starts (deploy, rollback)
    def cadlink_start(t, ver, sha):
        clog(t - dt.timedelta(seconds=1.4), "INFO", "None", "cadlink", "stopping: SIGTERM from systemd")
        clog(t, "INFO", "None", "cadlink", f"cadlink {ver} (git {sha[:8]}) starting on cadlink-01.tcec.local")
        clog(t + dt.timedelta(milliseconds=180), "INFO", "None", "cadlink.config", "14 stations, 32 station units, 44 sheriff and police units")
        clog(t + dt.timedelta(milliseconds=420), "INFO", "cad-feed", "cadlink.cad.feed", "cad feed: connected to halden-cad-app01.tcec.local:7420 as CADLINK, resuming after the last acknowledged event")
        clog(t + dt.timedelta(milliseconds=460), "INFO", "intake", "cadlink.intake.ali", "ali: listening on 0.0.0.0:5020")
        clog(t + dt.timedelta(milliseconds=470), "INFO", "mdt", "cadlink.mobile.status", "mdt: listening on 0.0.0.0:7020")
        clog(t + dt.timedelta(milliseconds=480), "INFO", "avl", "cadlink.mobile.avl", "avl: listening on udp 0.0.0.0:7021, stale after 120 s")
        clog(t + dt.timedelta(milliseconds=900), "INFO", "alert-status", "cadlink.alerting.health", "stationpoint: 14 of 14 controllers answering")
        if ver == "4.12.0":
            clog(t + dt.timedelta(milliseconds=910), "INFO", "turnout", "cadlink.mobile.turnout", "turnout: warning 90 s after a station alert without en route")

    cadlink_start(DEPLOY, "4.12.0", shas["rel4120"])
    cadlink_start(ROLLBACK, "4.11.3", shas["rel4113"])

    # ---- GitLab deploy jobs
    def job(at, number, ref, sha, who):
        lines = [(0, f"Running with gitlab-runner 17.2.1 (3a5c2b0e) on tcec-deploy-01 job {number}"),
                 (1, f"Triggered by {who}: manual job deploy-production, ref {ref}, commit {sha}"),
                 (3, f"Checking out {sha[:8]} as detached HEAD (ref is {ref})..."),
                 (5, f"$ ansible-playbook -i deploy/inventory.ini deploy/site.yml -e cadlink_ref={ref} -e cadlink_git={sha[:8]}"),
                 (8, "PLAY [cadlink] *****************************************************************"),
                 (9, "TASK [cadlink wheel] ***********************************************************"),
                 (41, "changed: [cadlink-02.tcec.local]"), (42, "TASK [configuration] ***********************************************************"),
                 (44, "changed: [cadlink-02.tcec.local]"), (45, "TASK [environment] *************************************************************"),
                 (46, "changed: [cadlink-02.tcec.local]"), (47, "TASK [restart] *****************************************************************"),
                 (49, "changed: [cadlink-02.tcec.local]"), (50, "TASK [cadlink wheel] ***********************************************************"),
                 (83, "changed: [cadlink-01.tcec.local]"), (84, "TASK [configuration] ***********************************************************"),
                 (86, "changed: [cadlink-01.tcec.local]"), (87, "TASK [environment] *************************************************************"),
                 (88, "changed: [cadlink-01.tcec.local]"), (89, "TASK [restart] *****************************************************************"),
                 (91, "changed: [cadlink-01.tcec.local]"),
                 (92, "PLAY RECAP *********************************************************************"),
                 (92.1, "cadlink-01.tcec.local      : ok=4    changed=4    unreachable=0    failed=0"),
                 (92.2, "cadlink-02.tcec.local      : ok=4    changed=4    unreachable=0    failed=0"),
                 (93, "Job succeeded")]
        for off, text in lines:
            t = at + dt.timedelta(seconds=off)
            deploy.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z 00O {text}")

    job(DEPLOY - dt.timedelta(seconds=91), 40217, "v4.12.0", shas["rel4120"], "priya.raman")
    job(ROLLBACK - dt.timedelta(seconds=91), 40251, "v4.11.3", shas["rel4113"], "priya.raman")

    # ---- StationPoint routine lines
    for s in STATIONS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 3600))
        while t < END:
            r = rng.random()
            if r < 0.4:
                splog(t, s, f"amp: channel {rng.randint(1, 2)} temperature {rng.randint(36, 47)} C")
            elif r < 0.7:
                splog(t, s, f"ntp: offset {rng.uniform(-0.004, 0.004):+.4f} s, stratum 3")
            elif r < 0.85:
                splog(t, s, "ups: on line, battery 100 %")
            else:
                door = rng.randint(1, 3)
                splog(t, s, f"io: bay door {door} open")
                splog(t + dt.timedelta(seconds=rng.uniform(20, 60)), s, f"io: bay door {door} closed")
            t += dt.timedelta(seconds=rng.uniform(1800, 4200))
    # ST07 power-cycled by the radio shop
    splog(ST07_REBOOT - dt.timedelta(seconds=2), "ST07", "ups: output 3 (controller) off by PDU command")
    for k, msg in enumerate(["spd 3.8.2 (SP-400 rev C) starting", "config: station ST07, zones APP,DORM,DAY,OFFICE, tones ENGINE,MEDIC, dup_window 180 s",
                             "net: eth0 10.60.7.20/24 up, gateway 10.60.7.1", "tls: server certificate CN=st07-sp400.fire.tamarack.local valid until 2027-03-02",
                             "amp: 2 channels ready", "printer: ready", "test tone played (power-on)", "cad interface: listening on 443"]):
        splog(ST07_REBOOT + dt.timedelta(seconds=46 + 2.1 * k), "ST07", msg)

    # ---- stations' and units' state
    busy = {u: START - dt.timedelta(hours=1) for u in HOME}
    busy["M9"] = utc("2026-08-25 13:10:00")  # at the county shop until then
    first_rx = {}          # (station, alert_id) -> time the controller accepted it
    played_at = {s: [START - dt.timedelta(minutes=rng.randint(40, 400))] for s in STATIONS}  # station -> alerts played
    incident_no = [41190]

    def next_inc():
        incident_no[0] += 1
        return f"F26-0{incident_no[0]}"

    def turnout_s(t):
        h = (t + CDT).hour + (t + CDT).minute / 60
        if h < 6.5:
            return rng.uniform(68, 128)
        return rng.uniform(42, 92)

    def address(station):
        return f"{rng.randint(1, 48) * 100 + rng.randint(0, 99)} {rng.choice(STREETS)}, {TOWNS[station]}"

    def kind_of(u):
        return "BC" if u.startswith("BC") else u.rstrip("0123456789")

    def pick_unit(station, kind, t):
        for s in [station, NEIGHBOUR.get(station, station)] + sorted(STATIONS, key=lambda x: rng.random()):
            for u in STATIONS[s]:
                if kind_of(u) == kind and busy[u] <= t:
                    return u
        return None

    def hash_unit(unit):
        h = 0
        for c in unit:
            h = (h * 131 + ord(c)) % 0xFFFFFF
        return h ^ 0x4F21A0

    def mdt(t, unit, status, inc):
        clog(t, "INFO", "mdt", "cadlink.mobile.status", f"mdt {unit} {status} {inc or '-'} (modem {hash_unit(unit):06X}, rsrp {rng.randint(-112, -78)} dBm)")
        jlog(t + dt.timedelta(milliseconds=rng.randint(30, 90)), inc or unit, f"UNIT_STATUS unit={unit} status={status} src=MDT")

    def station_alert(t, station, units, inc, pri, retone=False):
        """cadlink sends one alert; returns True if the controller played it."""
        ver = version(t)
        alert_id = inc if ver == "4.12.0" else f"{rng.getrandbits(128):032x}"
        rtt = rng.randint(38, 140) if station not in ("ST11", "ST12", "ST13") else rng.randint(90, 260)
        clog(t + dt.timedelta(milliseconds=rtt), "INFO", f"alert-{station}", "cadlink.alerting.station",
             f"station alert {station} {inc} units={','.join(units)} alert_id={alert_id} delivered in {rtt} ms (attempt 1)")
        tones = []
        for u in units:
            tone = {"E": "ENGINE", "T": "TRUCK", "M": "MEDIC", "R": "RESCUE", "B": "BRUSH", "BC": "CHIEF"}[kind_of(u)]
            if tone not in tones:
                tones.append(tone)
        rx = t + dt.timedelta(milliseconds=rtt // 2)
        prio = "EMERGENCY" if pri <= 2 else "ROUTINE"
        key = (station, alert_id)
        if key in first_rx and (rx - first_rx[key]).total_seconds() < 180:
            age = int((rx - first_rx[key]).total_seconds())
            splog(rx, station, f"alert rx id={alert_id} src={CADLINK_IP} units={','.join(units)} pri={prio}: duplicate alert_id (first rx {age} s ago, window 180 s), discarded, not played")
            stats["discarded"].append({"t": rx, "station": station, "inc": inc, "units": units, "age": age, "retone": retone})
            return False
        first_rx[key] = rx
        splog(rx, station, f"alert rx id={alert_id} src={CADLINK_IP} units={','.join(units)} pri={prio} tones={','.join(tones)}")
        pre = 2.0 if prio == "EMERGENCY" else 0.0
        voice = rng.uniform(7.5, 12.5) if ver == "4.11.3" else rng.uniform(9.5, 15.0)
        played = pre + 4 * len(tones) + voice * 2
        splog(rx + dt.timedelta(milliseconds=300), station, f"alert {alert_id}: pre-alert {pre:.1f} s, tones {','.join(tones)}, voice {voice:.1f} s, zones {ZONES.get(station, 'APP,DORM,DAY')}")
        splog(rx + dt.timedelta(seconds=played + 0.8), station, f"alert {alert_id}: played in {played:.1f} s, printer 1 page")
        stats["played"] += 1
        played_at.setdefault(station, []).append(rx)
        return True

    def turnout_warning(t_alert, unit, inc, station, enr):
        if DEPLOY <= t_alert < ROLLBACK and (enr - t_alert).total_seconds() > 90:
            clog(t_alert + dt.timedelta(seconds=90, milliseconds=rng.randint(5, 40)), "WARNING", "turnout", "cadlink.mobile.turnout",
                 f"turnout: {unit} not en route 90 s after station alert ({inc}, {station})")

    def intake(t, station, cos):
        token = f"@@CALL{len(calls):05d}@@"
        calls.append((t, token))
        pos = f"CT{rng.randint(1, 6):02d}"
        esn = 100 + list(STATIONS).index(station) * 3 + rng.randint(0, 2)
        where = (f"{rng.uniform(36.02, 36.41):.5f} {rng.uniform(-86.71, -86.18):.5f} unc {rng.randint(6, 90)} m" if cos == "WPH2"
                 else "civic address" if cos != "WPH1" else "cell sector")
        clog(t, "INFO", "intake", "cadlink.intake.ali", f"ali {token} pos {pos} class {cos} esn {esn}: {where}")
        jlog(t + dt.timedelta(milliseconds=rng.randint(100, 400)), token, f"CALL_ANSWER pos={pos} line=911 cos={cos} esn={esn}")
        return token, pos

    def doors(station, enr):
        door = rng.randint(1, 2)
        splog(enr - dt.timedelta(seconds=rng.uniform(8, 20)), station, f"io: bay door {door} open")
        splog(enr + dt.timedelta(seconds=rng.uniform(25, 50)), station, f"io: bay door {door} closed")

    def unit_cycle(unit, inc, enr, medic):
        onsc = enr + dt.timedelta(seconds=rng.uniform(170, 640))
        mdt(onsc, unit, "ONSC", inc)
        if medic and rng.random() < 0.7:
            tr = onsc + dt.timedelta(seconds=rng.uniform(720, 1500))
            mdt(tr, unit, "TRANS", inc)
            ah = tr + dt.timedelta(seconds=rng.uniform(600, 1300))
            mdt(ah, unit, "ATHOSP", inc)
            free = ah + dt.timedelta(seconds=rng.uniform(900, 1800))
        else:
            free = onsc + dt.timedelta(seconds=rng.uniform(600, 1700))
        mdt(free, unit, "AVAIL", inc)
        busy[unit] = free + dt.timedelta(seconds=rng.uniform(300, 900))
        return free

    def not_toned(t_alert, unit, station, inc, ctype, retone_after=None):
        """The alert was discarded: the dispatcher sees the unit not en route,
        maybe re-tones from CAD, then raises it by radio."""
        clog(t_alert + dt.timedelta(seconds=90, milliseconds=rng.randint(5, 40)), "WARNING", "turnout", "cadlink.mobile.turnout",
             f"turnout: {unit} not en route 90 s after station alert ({inc}, {station})")
        rt = retone_after if retone_after is not None else (rng.uniform(95, 125) if rng.random() < 0.5 else None)
        heard = None
        base = t_alert
        if rt:
            t_rt = t_alert + dt.timedelta(seconds=rt)
            base = t_rt
            jlog(t_rt, inc, f"UNIT_RETONE unit={unit} by=DISP{rng.randint(1, 4)}")
            clog(t_rt + dt.timedelta(milliseconds=30), "INFO", "cad-feed", "cadlink.cad.feed", f"retone {inc} units={unit}")
            stats["retones"].append(t_rt)
            if station_alert(t_rt + dt.timedelta(milliseconds=80), station, [unit], inc, 2, retone=True):
                heard = t_rt + dt.timedelta(seconds=20)
        if heard is None:
            radio = base + dt.timedelta(seconds=rng.uniform(30, 55)) if rt else t_alert + dt.timedelta(seconds=rng.uniform(120, 160))
            jlog(radio, inc, f'UNIT_NOTE unit={unit} text="toned by radio on FIRE DISPATCH, no station tones"')
            heard = radio + dt.timedelta(seconds=rng.uniform(10, 20))
        enr = heard + dt.timedelta(seconds=rng.uniform(45, 75))
        doors(station, enr)
        mdt(enr, unit, "ENR", inc)
        stats["late"].append({"inc": inc, "unit": unit, "station": station, "turnout": (enr - t_alert).total_seconds(), "t": t_alert, "type": ctype})
        unit_cycle(unit, inc, enr, unit.startswith("M"))

    # ---- fire / EMS incidents
    def medical(t, station=None, first=None, upgrade=None, upgrade_to=None, gap=None, retone_after=None, force=False):
        station = station or rng.choices(MEDIC_STATIONS, [WEIGHT[s] for s in MEDIC_STATIONS])[0]
        cos = rng.choices(["WPH2", "WPH1", "RESD", "BUSN", "VOIP"], [52, 8, 25, 10, 5])[0]
        cid, pos = intake(t, station, cos)
        inc = next_inc()
        ctype, det = first or rng.choice(MED_FIRST)
        create = t + dt.timedelta(seconds=rng.uniform(45, 100))
        jlog(create, inc, f'INC_CREATE call={cid} type="{ctype}" det={det} pri=3 loc="{address(station)}" zone=F{station[2:]} pos={pos}')
        if force:
            for u in STATIONS[station]:
                busy[u] = min(busy[u], create)
        medic = pick_unit(station, "M", create)
        if medic is None:
            return
        mst = HOME[medic]
        disp = create + dt.timedelta(seconds=rng.uniform(12, 40))
        jlog(disp, inc, f"UNIT_DISP unit={medic} by=DISP{rng.randint(1, 4)} rec=AVL")
        t_alert = disp + dt.timedelta(milliseconds=rng.randint(60, 200))
        clog(t_alert - dt.timedelta(milliseconds=30), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units={medic} pri=3")
        station_alert(t_alert, mst, [medic], inc, 3)
        enr = t_alert + dt.timedelta(seconds=turnout_s(t_alert))
        turnout_warning(t_alert, medic, inc, mst, enr)
        doors(mst, enr)
        mdt(enr, medic, "ENR", inc)
        unit_cycle(medic, inc, enr, True)
        up = upgrade if upgrade is not None else (rng.random() < 0.42)
        if not up or ctype not in MED_UPGRADE:
            jlog(disp + dt.timedelta(seconds=rng.uniform(2400, 5400)), inc, f"INC_CLOSE disp={rng.choice(['TRANSPORTED', 'TRANSPORTED', 'REFUSAL', 'TREATED'])}")
            return
        g = gap if gap is not None else rng.choice([rng.uniform(25, 160), rng.uniform(25, 160), rng.uniform(25, 160), rng.uniform(190, 300)])
        t_up = disp + dt.timedelta(seconds=g)
        nt, nd = upgrade_to or MED_UPGRADE[ctype]
        jlog(t_up, inc, f'INC_UPDATE type="{nt}" det={nd} pri={1 if nd.split("-")[1] == "E" else 2} by={pos}')
        engine = None
        for u in STATIONS[mst]:
            if u.startswith("E") and busy[u] <= t_up:
                engine = u
        if engine is None:
            engine = pick_unit(NEIGHBOUR.get(mst, mst), "E", t_up)
        if engine is None:
            return
        est = HOME[engine]
        t2 = t_up + dt.timedelta(seconds=rng.uniform(6, 14))
        jlog(t2, inc, f"UNIT_DISP unit={engine} by=DISP{rng.randint(1, 4)} rec=RESPPLAN")
        t_a2 = t2 + dt.timedelta(milliseconds=rng.randint(60, 200))
        clog(t_a2 - dt.timedelta(milliseconds=30), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units={engine} pri=2")
        played = station_alert(t_a2, est, [engine], inc, 2)
        stats["second_alerts"].append({"t": t_a2, "station": est, "same": est == mst, "played": played, "inc": inc, "unit": engine, "gap": (t_a2 - t_alert).total_seconds()})
        busy[engine] = END + dt.timedelta(hours=2)
        if played:
            enr2 = t_a2 + dt.timedelta(seconds=turnout_s(t_a2))
            turnout_warning(t_a2, engine, inc, est, enr2)
            doors(est, enr2)
            mdt(enr2, engine, "ENR", inc)
            unit_cycle(engine, inc, enr2, False)
        else:
            not_toned(t_a2, engine, est, inc, nt, retone_after)
        jlog(disp + dt.timedelta(seconds=rng.uniform(2400, 5400)), inc, f"INC_CLOSE disp={rng.choice(['TRANSPORTED', 'TRANSPORTED', 'TREATED'])}")

    def fire(t):
        station = rng.choices(list(STATIONS), [WEIGHT[s] for s in STATIONS])[0]
        ctype, pri, kinds = rng.choice(FIRE_TYPES)
        cid, pos = intake(t, station, rng.choice(["WPH2", "BUSN", "RESD"]))
        inc = next_inc()
        create = t + dt.timedelta(seconds=rng.uniform(40, 90))
        jlog(create, inc, f'INC_CREATE call={cid} type="{ctype}" pri={pri} loc="{address(station)}" zone=F{station[2:]} pos={pos}')
        disp = create + dt.timedelta(seconds=rng.uniform(8, 30))
        units = [u for u in (pick_unit(station, k, disp) for k in kinds) if u]
        if not units:
            return
        jlog(disp, inc, f"UNIT_DISP unit={','.join(units)} by=DISP{rng.randint(1, 4)} rec=RESPPLAN")
        clog(disp + dt.timedelta(milliseconds=40), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units={','.join(units)} pri={pri}")
        by = {}
        for u in units:
            by.setdefault(HOME[u], []).append(u)
            busy[u] = END + dt.timedelta(hours=2)
        for s, us in by.items():
            ta = disp + dt.timedelta(milliseconds=rng.randint(60, 200))
            station_alert(ta, s, us, inc, pri)
            enr = ta + dt.timedelta(seconds=turnout_s(ta))
            doors(s, enr)
            for u in us:
                turnout_warning(ta, u, inc, s, enr)
                mdt(enr + dt.timedelta(seconds=rng.uniform(0, 6)), u, "ENR", inc)
                unit_cycle(u, inc, enr, u.startswith("M"))
        if ctype == "MVC WITH INJURIES" and rng.random() < 0.35:
            t_up = disp + dt.timedelta(seconds=rng.uniform(60, 240))
            jlog(t_up, inc, 'INC_UPDATE type="MVC ENTRAPMENT" pri=1 by=DISP2')
            r1 = pick_unit("ST01", "R", t_up)
            if r1:
                jlog(t_up + dt.timedelta(seconds=8), inc, f"UNIT_DISP unit={r1} by=DISP2 rec=RESPPLAN")
                clog(t_up + dt.timedelta(seconds=8, milliseconds=40), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units={r1} pri=1")
                ta = t_up + dt.timedelta(seconds=8.2)
                busy[r1] = END + dt.timedelta(hours=2)
                if station_alert(ta, "ST01", [r1], inc, 1):
                    enr = ta + dt.timedelta(seconds=turnout_s(ta))
                    turnout_warning(ta, r1, inc, "ST01", enr)
                    doors("ST01", enr)
                    mdt(enr, r1, "ENR", inc)
                    unit_cycle(r1, inc, enr, False)
                else:
                    not_toned(ta, r1, "ST01", inc, "MVC ENTRAPMENT")
        jlog(disp + dt.timedelta(seconds=rng.uniform(1500, 3600)), inc, f"INC_CLOSE disp={rng.choice(['CLEARED', 'FALSE ALARM', 'CLEARED', 'NO INCIDENT FOUND'])}")

    def structure_fire(at):
        cid, pos = intake(at, "ST02", "RESD")
        inc = next_inc()
        stats["sf"] = inc
        jlog(at + dt.timedelta(seconds=38), inc, f'INC_CREATE call={cid} type="STRUCTURE FIRE RESIDENTIAL" pri=1 loc="2211 OAKWOOD AVE, MILLBROOK" zone=F02 pos={pos}')
        disp = at + dt.timedelta(seconds=52)
        jlog(disp, inc, "UNIT_DISP unit=E2,M2,E1,T1,BC1,E8 by=DISP1 rec=RESPPLAN")
        clog(disp + dt.timedelta(milliseconds=40), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units=E2,M2,E1,T1,BC1,E8 pri=1")
        for s, us in (("ST02", ["E2", "M2"]), ("ST01", ["E1", "T1", "BC1"]), ("ST08", ["E8"])):
            ta = disp + dt.timedelta(milliseconds=rng.randint(60, 200))
            station_alert(ta, s, us, inc, 1)
            doors(s, ta + dt.timedelta(seconds=55))
            for u in us:
                busy[u] = at + dt.timedelta(minutes=95)
                mdt(ta + dt.timedelta(seconds=rng.uniform(45, 75)), u, "ENR", inc)
                mdt(ta + dt.timedelta(seconds=rng.uniform(300, 480)), u, "ONSC", inc)
        wf = disp + dt.timedelta(seconds=512)
        jlog(wf, inc, 'INC_UPDATE type="STRUCTURE FIRE WORKING" pri=1 by=BC1')
        jlog(wf + dt.timedelta(seconds=9), inc, "UNIT_DISP unit=E3,E10,M10 by=DISP1 rec=RESPPLAN")
        clog(wf + dt.timedelta(seconds=9, milliseconds=40), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units=E3,E10,M10 pri=1")
        for s, us in (("ST03", ["E3"]), ("ST10", ["E10", "M10"])):
            ta = wf + dt.timedelta(seconds=9, milliseconds=rng.randint(60, 200))
            station_alert(ta, s, us, inc, 1)
            doors(s, ta + dt.timedelta(seconds=60))
            for u in us:
                busy[u] = wf + dt.timedelta(minutes=50)
                mdt(ta + dt.timedelta(seconds=rng.uniform(45, 75)), u, "ENR", inc)
                mdt(ta + dt.timedelta(seconds=rng.uniform(420, 600)), u, "ONSC", inc)
                mdt(wf + dt.timedelta(minutes=rng.uniform(38, 46)), u, "AVAIL", inc)
        jlog(wf + dt.timedelta(minutes=31), inc, 'INC_UPDATE type="STRUCTURE FIRE" pri=2 text="fire under control" by=BC1')
        for u in ("E2", "M2", "E1", "T1", "BC1", "E8"):
            mdt(at + dt.timedelta(minutes=rng.uniform(84, 92)), u, "AVAIL", inc)

    def st12_retransmission(at):
        """ST12 over the microwave ring: a lost answer, a retransmission that
        the controller discards as designed."""
        cid, pos = intake(at - dt.timedelta(seconds=75), "ST12", "BUSN")
        inc = next_inc()
        unit = "E12"
        aid = f"{rng.getrandbits(128):032x}"
        jlog(at - dt.timedelta(seconds=18), inc, f'INC_CREATE call={cid} type="FIRE ALARM RESIDENTIAL" pri=3 loc="812 CANEY FORK RD, NORTH FORK" zone=F12 pos={pos}')
        jlog(at - dt.timedelta(seconds=1), inc, f"UNIT_DISP unit={unit} by=DISP3 rec=RESPPLAN")
        clog(at - dt.timedelta(milliseconds=60), "INFO", "cad-feed", "cadlink.cad.feed", f"dispatch {inc} units={unit} pri=3")
        splog(at + dt.timedelta(milliseconds=900), "ST12", f"alert rx id={aid} src={CADLINK_IP} units={unit} pri=ROUTINE tones=ENGINE")
        splog(at + dt.timedelta(milliseconds=1200), "ST12", f"alert {aid}: pre-alert 0.0 s, tones ENGINE, voice 8.9 s, zones APP,DORM,DAY")
        clog(at + dt.timedelta(seconds=3), "WARNING", "alert-ST12", "cadlink.alerting.station", f"station alert ST12 {inc} alert_id={aid}: no answer from https://10.60.12.20 in 3.0 s (attempt 1 of 3)")
        splog(at + dt.timedelta(seconds=3, milliseconds=240), "ST12", f"alert rx id={aid} src={CADLINK_IP} units={unit} pri=ROUTINE: duplicate alert_id (first rx 2 s ago, window 180 s), discarded, not played")
        clog(at + dt.timedelta(seconds=3, milliseconds=420), "INFO", "alert-ST12", "cadlink.alerting.station", f"station alert ST12 {inc} units={unit} alert_id={aid} delivered in 412 ms (attempt 2)")
        splog(at + dt.timedelta(seconds=19), "ST12", f"alert {aid}: played in 17.8 s, printer 1 page")
        busy[unit] = END
        mdt(at + dt.timedelta(seconds=84), unit, "ENR", inc)
        mdt(at + dt.timedelta(seconds=590), unit, "ONSC", inc)
        mdt(at + dt.timedelta(seconds=1420), unit, "AVAIL", inc)
        busy[unit] = at + dt.timedelta(seconds=1700)
        jlog(at + dt.timedelta(seconds=1500), inc, "INC_CLOSE disp=FALSE ALARM")

    def le_incidents(prefix, first_no, per_hour, agency_units):
        le_no = [first_no]
        t = START
        while True:
            t += dt.timedelta(seconds=rng.expovariate(per_hour / 3600))
            if t >= END:
                break
            le_no[0] += 1
            inc = f"{prefix}{le_no[0]}"
            typ = rng.choice(LE_TYPES)
            if typ == "TRAFFIC STOP":
                unit = rng.choice(agency_units)
                jlog(t, inc, f'INC_CREATE type="{typ}" pri=4 loc="{rng.choice(STREETS)} / {rng.choice(STREETS)}" zone={prefix[0]}{rng.randint(1, 6)} src=MDT unit={unit}')
                mdt(t + dt.timedelta(seconds=1), unit, "ONSC", inc)
                mdt(t + dt.timedelta(seconds=rng.uniform(400, 1300)), unit, "AVAIL", inc)
                continue
            if typ in ("ALARM BURGLARY", "911 HANGUP", "DOMESTIC", "DISTURBANCE"):
                intake(t - dt.timedelta(seconds=50), rng.choice(list(STATIONS)), rng.choice(["WPH2", "RESD", "BUSN"]))
            jlog(t, inc, f'INC_CREATE type="{typ}" pri={rng.choice([2, 3, 3, 4])} loc="{rng.randint(100, 4800)} {rng.choice(STREETS)}" zone={prefix[0]}{rng.randint(1, 6)} pos=CT{rng.randint(1, 6):02d}')
            n = 2 if typ in ("DOMESTIC", "DISTURBANCE") else 1
            units = rng.sample(agency_units, n)
            d = t + dt.timedelta(seconds=rng.uniform(30, 400))
            jlog(d, inc, f"UNIT_DISP unit={','.join(units)} by=DISP{rng.randint(5, 7)} rec=AVL")
            for u in units:
                e = d + dt.timedelta(seconds=rng.uniform(10, 60))
                mdt(e, u, "ENR", inc)
                o = e + dt.timedelta(seconds=rng.uniform(240, 900))
                mdt(o, u, "ONSC", inc)
                mdt(o + dt.timedelta(seconds=rng.uniform(600, 2400)), u, "AVAIL", inc)
            jlog(d + dt.timedelta(seconds=rng.uniform(1500, 3600)), inc, f"INC_CLOSE disp={rng.choice(['REPORT', 'NO REPORT', 'ADVISED', 'GOA', 'ARREST'])}")

    # background arrivals: fire/EMS per hour by local hour
    def rate_fire(t):
        h = (t + CDT).hour
        return {3: 3.5, 4: 3.5, 5: 4.5, 6: 6.0, 7: 8.0, 8: 9.5, 9: 10.0, 10: 10.5}.get(h, 10.5)

    arrivals = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(10.5 / 3600))
        if t >= END:
            break
        if rng.random() < rate_fire(t) / 10.5:
            arrivals.append(t)
    # scripted: the ones the people in the story talk about
    K_PRE = utc("2026-08-25 08:57:40")      # a healthy second alert, 4.11.3
    K_ST05 = utc("2026-08-25 10:43:52")     # first one reported
    K_ST07 = utc("2026-08-25 13:01:35")     # cardiac arrest, E7
    K_ST03 = utc("2026-08-25 13:49:30")
    K_POST = utc("2026-08-25 14:38:05")     # healthy again after the rollback
    ST12_AT = utc("2026-08-25 09:04:11")
    SF = utc("2026-08-25 12:19:40")
    scripted = {K_PRE: dict(station="ST01", first=("FALL", "17-B-01"), upgrade=True, gap=52, force=True),
                K_ST05: dict(station="ST05", first=("CHEST PAIN", "10-C-01"), upgrade=True, gap=31, retone_after=101, force=True),
                K_ST07: dict(station="ST07", first=("FALL", "17-B-01"), upgrade=True, upgrade_to=("CARDIAC/RESP ARREST", "09-E-01"), gap=39, retone_after=97, force=True),
                K_ST03: dict(station="ST03", first=("BREATHING PROBLEM", "06-C-01"), upgrade=True, gap=28, retone_after=0, force=True),
                K_POST: dict(station="ST04", first=("SICK PERSON", "26-A-01"), upgrade=True, gap=63, force=True)}
    keep_clear = list(scripted) + [ST12_AT, SF]
    arrivals = [a for a in arrivals if all(abs((a - k).total_seconds()) > 480 for k in keep_clear)]
    events = sorted([(a, "bg") for a in arrivals] + [(k, "k") for k in scripted] + [(SF, "sf"), (ST12_AT - dt.timedelta(seconds=75), "st12")])
    for at, kind in events:
        if kind == "k":
            medical(at, **scripted[at])
        elif kind == "sf":
            structure_fire(at)
        elif kind == "st12":
            st12_retransmission(ST12_AT)
        elif rng.random() < 0.72:
            medical(at)
        else:
            fire(at)

    # cadlink polls every controller's status every 10 minutes
    for s in STATIONS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 600))
        while t < END:
            if not (s == "ST07" and ST07_REBOOT - dt.timedelta(seconds=10) <= t < ST07_REBOOT + dt.timedelta(seconds=90)):
                before = [p for p in played_at.get(s, []) if p < t]
                last = f"{int((t - before[-1]).total_seconds() // 60)} min ago"
                splog(t, s, f"cad link: status poll from {CADLINK_IP} ok, last alert played {last}")
            t += dt.timedelta(seconds=600 + rng.uniform(-3, 3))

    # ---- sheriff and Millbrook PD incidents (no station alerting)
    for prefix, first_no, per_hour, agency_units in (("S26-0", 88412, 13.0, SHERIFF_UNITS), ("M26-0", 51207, 9.0, MPD_UNITS)):
        le_incidents(prefix, first_no, per_hour, agency_units)

    # ---- cadlink routine: AVL summary per minute, feed, 911 admin calls
    t = START + dt.timedelta(seconds=rng.uniform(0, 59))
    while t < END:
        if not (DEPLOY - dt.timedelta(seconds=2) <= t < DEPLOY + dt.timedelta(seconds=3) or ROLLBACK - dt.timedelta(seconds=2) <= t < ROLLBACK + dt.timedelta(seconds=3)):
            moving = rng.randint(6, 18) if (t + CDT).hour >= 6 else rng.randint(3, 9)
            reports = moving * 12 + (76 - moving) + rng.randint(-4, 4)
            stale = ["M9"] if t < utc("2026-08-25 13:10:00") else []
            if rng.random() < 0.04:
                stale.append(rng.choice(["E13", "B13", "E11", "3B14", "3B17"]))
            clog(t, "INFO", "avl", "cadlink.mobile.avl", f"avl: 76 units, {reports} reports in 60 s, {rng.choice([0, 0, 0, 0, 1])} rejected; stale: {', '.join(stale) or 'none'}")
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-30, 30))
    t = START + dt.timedelta(seconds=rng.uniform(0, 299))
    while t < END:
        clog(t, "INFO", "cad-feed", "cadlink.cad.feed", f"cad feed: {rng.randint(60, 240)} events in 5 min, lag {rng.uniform(0.05, 0.4):.2f} s")
        t += dt.timedelta(seconds=300)
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 1500))
        if t >= END:
            break
        r = rng.random()
        if r < 0.5:
            unit = rng.choice(SHERIFF_UNITS + ["E13", "E11", "M12"])
            clog(t, "INFO", "mdt", "cadlink.mobile.status", f"mdt: modem {hash_unit(unit):06X} ({unit}) reconnected after {rng.randint(8, 95)} s")
        elif r < 0.8:
            clog(t, "INFO", "intake", "cadlink.intake.ali", f"ali rebid pos CT{rng.randint(1, 6):02d} class WPH1: no better location, kept")
        else:
            clog(t, "WARNING", "mdt", "cadlink.mobile.status", f"mdt {rng.choice(SHERIFF_UNITS)} unknown status code '7' from modem {rng.getrandbits(24):06X}")
    # the 911 phone system numbers its calls in the order they are answered
    number = {token: f"0825-{k + 212:04d}" for k, (_, token) in enumerate(sorted(calls))}
    for log in (link, cad):
        log.entries = [(w, i, _swap_tokens(text, number)) for w, i, text in log.entries]

    # ---- #tcec-911-ops (Teams export)
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                "channelIdentity": {"channelName": "tcec-911-ops"}, "from": {"user": {"displayName": who}},
                                "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    disc = [d for d in stats["discarded"] if DEPLOY <= d["t"] < ROLLBACK]
    late = {x["inc"]: x for x in stats["late"]}
    gap = {x["inc"]: x["gap"] for x in stats["second_alerts"]}
    k5 = [d for d in disc if d["station"] == "ST05" and d["t"] >= K_ST05][0]
    k7 = [d for d in disc if d["station"] == "ST07" and d["t"] >= K_ST07 and not d["retone"]][0]
    k3 = [d for d in disc if d["station"] == "ST03" and d["t"] >= K_ST03][0]
    k9 = [d for d in disc if d["station"] not in ("ST05", "ST07") and d["t"] < K_ST07 and not d["retone"]]
    stats["k7"] = k7
    say(DEPLOY - dt.timedelta(minutes=9), "Priya Raman", "Maintenance window: deploying cadlink 4.12.0 (station alert ids for TCFR's turnout report, cross streets in the voice line, turnout warnings, ST14 on the new VLAN, httpx). Alerting pauses for ~10 s on the switch.")
    say(DEPLOY + dt.timedelta(minutes=2), "Priya Raman", "4.12.0 up on cadlink-01, 14/14 controllers answering. Test alert to ST14 played (Luis on site). Done.")
    say(DEPLOY + dt.timedelta(minutes=24), "Tom Kessler", "New 'turnout: ... not en route 90 s' warnings in cadlink since the deploy. Expected? At this hour turnouts are often 100 s+.")
    say(DEPLOY + dt.timedelta(minutes=31), "Keisha Ortiz", "Yes, that's CAD-1190. 90 s is the night target, so at this hour you'll see a few.")
    say(k5["t"] + dt.timedelta(minutes=8), "Tom Kessler", f"{local(k5['t'])} call {k5['inc']}: E5 was added on the upgrade and Station 5 says they never got tones for it, M5 got theirs. Re-tone from CAD did nothing either, DISP2 raised them on Fire Dispatch. Controller at 5 acting up?")
    say(k5["t"] + dt.timedelta(minutes=14), "Tom Kessler", "Logged INC for the radio shop.")
    if k9:
        say(k9[0]["t"] + dt.timedelta(minutes=6), "BC2 Ray Dunn", f"Station {int(k9[0]['station'][2:])} crew tells me {','.join(k9[0]['units'])} didn't get tones on {k9[0]['inc']} this morning, only the radio. Second one today I hear of.")
    say(k7["t"] + dt.timedelta(minutes=5), "BC3 Alicia Moreno", f"{k7['inc']} was a working arrest at the Westside gym. E7 rolled {int(late[k7['inc']]['turnout'] // 60)} min {int(late[k7['inc']]['turnout'] % 60)} s after it was added. Crew was in quarters and heard NOTHING, M7 got its tones {int(gap[k7['inc']])} s before. This needs fixing today.")
    say(k7["t"] + dt.timedelta(minutes=11), "Janet Cole", "Ops manager here. Paging cadlink on-call. Dispatchers: until further notice, voice-tone every engine added to a call on Fire Dispatch.")
    say(utc("2026-08-25 13:26:10"), "Priya Raman", "On it. cadlink shows every alert to ST05 and ST07 as 'delivered' (controller acknowledged). Runbook says controller or WAN: checking /status on all 14.")
    say(utc("2026-08-25 13:33:40"), "Priya Raman", "All 14 controllers answer, firmware 3.8.2, amps and printers OK, last alert played on ST07 is the M7 one from " + local(k7["t"] - dt.timedelta(seconds=gap[k7["inc"]])) + ". WAN has no errors.")
    say(ST07_REBOOT - dt.timedelta(minutes=1), "Luis Ferreira", "Power-cycling ST07's controller from the PDU as the runbook says. Back in about a minute.")
    say(ST07_REBOOT + dt.timedelta(minutes=2), "Luis Ferreira", "ST07 back, test tone played.")
    for d in disc:
        if d["retone"] or d in (k5, k7, k3) or d in k9[:1] or d["t"] < K_ST07:
            continue
        say(d["t"] + dt.timedelta(minutes=4), "Renee Hall", f"{','.join(d['units'])} on {d['inc']} (Station {int(d['station'][2:])}) not toned either, raised on Fire Dispatch. Logging them all for QA.")
    say(k3["t"] + dt.timedelta(minutes=3), "Renee Hall", f"Again, Station 3 this time: {','.join(k3['units'])} on {k3['inc']}, no tones, M3 fine. So not one controller.")
    say(k3["t"] + dt.timedelta(minutes=6), "Priya Raman", "Not station-specific, and the only change is last night's 4.12.0: cross streets in the voice line, the httpx bump, the ST14 config. Asking Janet for an emergency change to roll back to 4.11.3.")
    say(k3["t"] + dt.timedelta(minutes=9), "Janet Cole", "Approved, do it now. Dispatch keeps voice-toning added engines.")
    say(ROLLBACK + dt.timedelta(minutes=1), "Priya Raman", "4.11.3 running on cadlink-01 since " + local(ROLLBACK) + ", 14/14 controllers answering.")
    post = [x for x in stats["second_alerts"] if x["t"] > ROLLBACK and x["same"]]
    if post:
        say(post[0]["t"] + dt.timedelta(minutes=3), "Renee Hall", f"{post[0]['unit']} added on {post[0]['inc']} got its tones at Station {int(post[0]['station'][2:])}. First one today that worked.")
    say(utc("2026-08-25 14:44:30"), "Marcus Bell", "Found it in the controllers' syslog on syslog01: every missed one is 'alert rx id=F26-... : duplicate alert_id (first rx " + str(k7["age"]) + " s ago, window 180 s), discarded, not played'. Since 4.12.0 the alert_id is the incident number, so the second alert to a station for the same incident looks like a retransmission to StationPoint and is acknowledged without playing. The CAD re-tones too while inside 180 s. ST07's boot line even says dup_window 180 s.")
    say(utc("2026-08-25 14:47:05"), "Dana Whitfield", "That's CAD-1187, mine, for TCFR's turnout report. I only thought of retransmissions. The vendor doc in docs/vendor says it plainly. Sorry. Fix: incident-station-n as the id, unique per alert, the report can still join on the prefix.")
    say(utc("2026-08-25 14:58:30"), "Priya Raman", f"Counted {len(disc)} discarded alerts between {local(DEPLOY)} and {local(ROLLBACK)} ({len([d for d in disc if d['retone']])} of them CAD re-tones), {len(late)} engines late. Sending the list to TCFR QA. Bellwether support confirms DupWindow is by design.")
    say(utc("2026-08-25 15:12:00"), "Dana Whitfield", "CAD-1197 in review. 4.12.1 in tomorrow's window with the fix; we stay on 4.11.3 until then.")
    say(utc("2026-08-25 15:20:00"), "Janet Cole", "Thanks all. Voice-toning of added engines can stop. Keep 4.12.x off until the window.")

    # ---- service desk (ServiceNow export)
    def ticket(t, number, state, short, desc, group, opened=None, priority="3 - Moderate"):
        tickets.add(t, json.dumps({"number": number, "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                                   "priority": priority, "assignment_group": group, "state": state, "short_description": short, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-08-25 08:41:00"), "INC0091422", "New", "ST11 printer out of paper", "Station 11 rip-and-run printer shows paper out.", "Radio Shop")
    ticket(k5["t"] + dt.timedelta(minutes=13), "INC0091437", "New", "Station 5 no tones for E5", f"Night supervisor: E5 added to {k5['inc']} at {local(k5['t'])} was not toned at Station 5 (M5 was). CAD re-tone did not work. Check ST05 controller.", "Radio Shop", priority="2 - High")
    ticket(k7["t"] + dt.timedelta(minutes=9), "INC0091466", "New", "E7 not alerted on cardiac arrest", f"BC3: E7 added to {k7['inc']} (cardiac arrest) did not get station tones; turnout over 3 minutes. " + ("Third report today (ST05, " + k9[0]["station"] + ")." if k9 else "Second report today (ST05 at " + local(k5["t"]) + ")."), "TCEC Systems", priority="1 - Critical")
    ticket(utc("2026-08-25 13:29:00"), "CS-SP-22817", "Open", "SP-400 controllers acknowledge alerts that are not played?", "Opened with Bellwether support by Priya Raman: alerts acknowledged 200 ok, not played at ST05 and ST07.", "Vendor: Bellwether", opened=utc("2026-08-25 13:29:00"))
    ticket(utc("2026-08-25 14:51:00"), "CS-SP-22817", "Awaiting customer", "SP-400 controllers acknowledge alerts that are not played?", "Bellwether: the controller answers a repeated alert_id within DupWindow (180 s) with 200 {result: ok, duplicate: true} and does not play it, per BAS-SP-2041 rev F section 'Retransmissions'. Each alert must carry its own alert_id.", "Vendor: Bellwether", opened=utc("2026-08-25 13:29:00"))
    ticket(utc("2026-08-25 15:06:00"), "INC0091466", "Resolved", "E7 not alerted on cardiac arrest", "Cause: cadlink 4.12.0 (CAD-1187) used the incident number as alert_id; controllers discarded the second alert of an incident as a duplicate. Rolled back to 4.11.3 at " + local(ROLLBACK) + "; fix CAD-1197 for 4.12.1.", "TCEC Systems", opened=k7["t"] + dt.timedelta(minutes=9), priority="1 - Critical")
    ticket(utc("2026-08-25 15:07:00"), "INC0091437", "Resolved", "Station 5 no tones for E5", "Not the controller; see INC0091466.", "Radio Shop", opened=k5["t"] + dt.timedelta(minutes=13), priority="2 - High")
    return [link, sp, cad, deploy, chat, tickets], stats


def build(out_dir):
    rng = random.Random(77100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        disc = [d for d in stats["discarded"] if DEPLOY <= d["t"] < ROLLBACK]
        onset = disc[0]["t"].replace(microsecond=0)
        assert DEPLOY + dt.timedelta(minutes=20) < onset < utc("2026-08-25 11:00:00"), onset
        assert not [d for d in stats["discarded"] if d["t"] >= ROLLBACK]
        assert [x for x in stats["second_alerts"] if x["same"] and x["played"] and x["t"] < DEPLOY]
        hours = (onset - CULPRIT_AT).total_seconds() / 3600

        def per10(result):
            def fn(t):
                if result == "discarded":
                    return sum(1 for d in stats["discarded"] if t - dt.timedelta(minutes=10) < d["t"] <= t)
                return None
            return fn

        late = stats["late"]
        metrics = {"stationpoint_duplicates_discarded_10m.json": query_range(
            [({"job": "snmp-stationpoint", "counter": "spAlertsDuplicate"}, per10("discarded"))], START, END, 300)}
        return write_scenario(
            out_dir, name="r77-station-alert-id-incident-number", service=SERVICE, onset=onset,
            description=f"""
Tamarack County 911 (TCEC): fire stations do not get the tones for an
engine added to a medical call. From {onset.strftime('%H:%M:%S')} UTC on Tuesday 25 August
({local(onset)} Central) the second station alert of an incident to the same
station (an engine added when the call is upgraded, a dispatcher's CAD
re-tone) is not played; crews are raised by radio two to four minutes
late, among them E7 on a cardiac arrest at {stats['k7']['t'].strftime('%H:%M')} UTC. cadlink 4.12.0 had
been deployed in the maintenance window at 09:17 UTC; ST07's controller
was power-cycled at 13:38 without effect; cadlink was rolled back to
4.11.3 at 14:12 UTC, after which added engines were toned again.
""",
            logs=logs,
            line_formats={"cadlink.log": r'<Date> <Time> <Level>\s+\[<Task>\] <Logger>: <Content>',
                          "halden-cad-journal.log": r'<Date> <Time> \| <Ref>\s*\| <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'duplicate alert_id \(first rx .* discarded, not played'],
            fix_files=["cadlink/alerting/station_alert.py", "tests/test_station_alert.py"],
            explanation=f"""
The culprit is CAD-1187 "alerting: use the incident number as StationPoint
alert_id" ({shas['culprit'][:7]}, Monday 24 August 15:42 UTC, {hours:.1f} h before the
onset), released in 4.12.0 and deployed at 09:17 UTC on Tuesday. Bellwether
StationPoint controllers acknowledge and discard an alert whose alert_id
they accepted in the last 180 s (DupWindow, meant for retransmissions; the
vendor's guide is in docs/vendor/). With the incident number as the id,
every second alert to a station for the same incident inside 180 s, the
engine added to a medical call when ProQA upgrades the determinant or a
dispatcher's CAD re-tone, is "duplicate alert_id (first rx NN s ago,
window 180 s), discarded, not played" in the controller's syslog, while
cadlink logs it "delivered". {len(disc)} alerts were discarded before the rollback
to 4.11.3 (uuid ids) ended it; {len(late)} engines turned out late, E7 on a
cardiac arrest among them. The fix (CAD-1197) makes the id unique per
alert in cadlink/alerting/station_alert.py and its test.
Decoys: the rest of 4.12.0 (CAD-1192, cross streets in the voice line, in
the culprit's file; CAD-1190, which adds the very "turnout: ... not en
route 90 s after station alert" warning that fills the log with the
night's slow turnouts; CAD-1194, ST14's controller address, the config
change of the night; Dependabot's httpx 0.27.2, the alerting client's
library) and the deploy job and start lines, which name the release
commit; Monday's runbook commit that reads missed tones as a controller
or WAN fault and says to power-cycle the controller; ST07's power cycle
without effect; a healthy retransmission to ST12 at 09:04, discarded as a
duplicate as designed; the MDT and AVL noise (M9 at the shop, modem
reconnects). The rollback helps because the culprit is in 4.12.0.
""",
        )
    finally:
        repo.close()
