"""equipment-tracker (Python 3.12, asyncio with aiokafka; two pods on EKS in
eu-central-1, synced by Argo CD from `main`; team in Hamburg, Lisbon and
Manila) of Tidewell Line, a container shipping line. It keeps every
vessel's position from two sources, AIS (a satellite and terrestrial AIS
provider's stream) and the vessels' remote container monitoring gateways
(Polaris RCM: reefer telemetry over the ship's satellite link every 15
minutes, stamped with the gateway's own GNSS fix), derives port events from
port geofences (DCSA ARRI/DEPA), predicts ETAs and publishes transport and
equipment events to customers (webhooks, e-mails). A fix implying more
than 45 kn is held until two more fixes agree with it ("a real jump is an
AIS gap"). The compliance team's compliance-screening service puts every
booking on a vessel reported in a sanctioned country on hold.

Tuesday 11 August 2026. At 05:31 UTC equipment-tracker 4.7.0 goes out
(TRK-512: terminal-level polygons for Jebel Ali, Khalifa, Dammam and
Hamad, the very geofences of the port events that follow; TRK-514 of the
day before: held position jumps logged at WARNING with the implied speed,
the very warning that now fills the log; TRK-515: ETA from AIS speed over
ground for the last 200 nm; a shapely bump). From 05:49 ships in the
Strait of Hormuz and off Jebel Ali have their GNSS spoofed, as other ships
in the Gulf had reported since the day before: four Tidewell vessels' AIS and
RCM gateway fixes all read 27.2183 N 56.3780 E, Bandar Abbas airport, at
0 kn. The jump gate holds each first spoofed fix, the next two agree, the
jumps are accepted ("position jump accepted after 2 consistent fixes"),
TIDEWELL KESTREL, alongside at Jebel Ali, "departs" AEJEA and "arrives" at
IRBND with SALTIRE, ORCA and the feeder NORDIC ALBA, customers get
"arrived at Bandar Abbas" events and compliance-screening puts 513
bookings on hold for Iran. TIDEWELL WREN at Dammam is unaffected.

The on-call reads the runbook (false port events after a deploy are a
geofence change) and rolls back to 4.6.2 at 06:41: the warnings go, the
accepted jumps stay. Fleet operations relay the masters' reports of GNSS
interference, the on-call sees four ships at one airport, turns on the
existing position override (port-call source) for the four IMOs at 07:09
and pauses their notifications; the JMIC advisory is posted at 07:12 and
the relay delivers it at 07:18. Compliance releases the holds in bulk from
07:33. The interference ends between 08:10 (ORCA leaves the Strait) and
08:51, the overrides are removed, and 4.7.0 is synced again at 09:22
with a runbook commit. Nothing in equipment-tracker caused it.

Sources: equipment-tracker (Python logging with the pod, line format),
telemetry-ingest (Go, logfmt), ais-stream (zap JSON), compliance-screening
(Spring Boot), notification-gateway (pino JSON), Argo CD (logrus text),
the fleet security portal's advisory relay (JSON lines), #inc-tracking
(Slack export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, pino, spring
from skeletons import chores

SERVICE = "equipment-tracker"
START, END = utc("2026-08-11 04:20:00"), utc("2026-08-11 09:40:00")
PREV_DEPLOY = utc("2026-08-07 13:04:10")
RELEASE = utc("2026-08-11 05:31:20")
ROLLBACK = utc("2026-08-11 06:41:10")
OVERRIDE_ON = utc("2026-08-11 07:09:30")
COMP_RELEASE = utc("2026-08-11 07:33:00")
REDEPLOY = utc("2026-08-11 09:22:40")
SPOOF = (27.2183, 56.3780)
MAX_SOG = 45.0
CONFIRM_KM = 2.0

# name, IMO, MMSI, bookings on board, spoofed from, spoofed until, override off
AFFECTED = {
    "TIDEWELL KESTREL": (9786512, 218447000, 184, utc("2026-08-11 06:04:10"), utc("2026-08-11 08:51:30"), utc("2026-08-11 09:03:10")),
    "NORDIC ALBA": (9435061, 255806210, 46, utc("2026-08-11 06:02:00"), utc("2026-08-11 08:47:20"), utc("2026-08-11 09:03:40")),
    "TIDEWELL SALTIRE": (9803374, 218512000, 152, utc("2026-08-11 05:49:30"), utc("2026-08-11 08:38:00"), utc("2026-08-11 09:02:30")),
    "TIDEWELL ORCA": (9791128, 218498000, 131, utc("2026-08-11 05:53:40"), utc("2026-08-11 08:10:00"), utc("2026-08-11 08:20:10")),
}
# the rest of the fleet: name, IMO, MMSI, area, lat, lon, sog, course, terrestrial AIS
FLEET = [
    ("TIDEWELL WREN", 9812206, 218530000, "SADMM", 26.5121, 50.2046, 0.0, 0, True),
    ("TIDEWELL ALTAIR", 9744301, 218301000, None, 53.92, 8.35, 14.2, 250, True),
    ("TIDEWELL VEGA", 9744313, 218302000, None, 51.98, 3.62, 12.8, 95, True),
    ("TIDEWELL CORVUS", 9761870, 218355000, "NLRTM", 51.9601, 4.0498, 0.0, 0, True),
    ("TIDEWELL LYRA", 9761882, 218356000, None, 1.21, 103.55, 16.1, 300, True),
    ("TIDEWELL AQUILA", 9770140, 218370000, None, 12.6, 45.2, 17.4, 265, False),
    ("TIDEWELL DRACO", 9770152, 218371000, None, 36.1, -8.9, 18.2, 200, False),
    ("TIDEWELL HYDRA", 9770164, 218372000, "SGSIN", 1.2652, 103.8188, 0.0, 0, True),
    ("TIDEWELL CYGNUS", 9779019, 218380000, None, -4.5, 60.3, 17.9, 80, False),
    ("TIDEWELL PERSEUS", 9779021, 218381000, None, 22.4, 63.7, 16.6, 290, False),
    ("TIDEWELL ANDROMEDA", 9779033, 218382000, None, 39.4, -45.1, 17.0, 255, False),
    ("TIDEWELL CARINA", 9788850, 218390000, "INNSA", 18.9490, 72.9410, 0.0, 0, True),
    ("TIDEWELL PAVO", 9788862, 218391000, None, 30.2, 32.55, 8.1, 160, True),
    ("TIDEWELL TUCANA", 9788874, 218392000, None, 31.7, -71.3, 17.6, 230, False),
    ("BALTIC TERN", 9391012, 304112000, "PLGDN", 54.3950, 18.7050, 0.0, 0, True),
    ("SKAGERRAK BAY", 9402355, 304118000, None, 57.6, 10.9, 13.1, 170, True),
    ("TIDEWELL SERPENS", 9795113, 218401000, None, 24.2, 59.9, 16.8, 115, False),
    ("TIDEWELL INDUS", 9795125, 218402000, "PKKHI", 24.8052, 66.9770, 0.0, 0, True),
]
PORT_CIRCLES = {  # 4.6.2: port area circles (km), anchorages included
    "AEJEA": (25.02, 55.04, 25.0), "IRBND": (27.13, 56.20, 35.0), "SADMM": (26.50, 50.20, 15.0), "AEKHL": (24.81, 54.65, 15.0),
}
COUNTRY = {"AEJEA": "AE", "IRBND": "IR", "SADMM": "SA", "AEKHL": "AE"}
SCHEDULE = {
    "TIDEWELL KESTREL": ["AEJEA", "INNSA", "LKCMB", "SGSIN"],
    "NORDIC ALBA": ["AEJEA", "SADMM", "BHKBS", "AEJEA"],
    "TIDEWELL SALTIRE": ["AEJEA", "AEKHL", "QAHMD", "INNSA"],
    "TIDEWELL ORCA": ["PKKHI", "INMUN", "LKCMB"],
}


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def move(lat, lon, course_deg, nm):
    d = nm * 1.852 / 111.2
    return lat + d * math.cos(math.radians(course_deg)), lon + d * math.sin(math.radians(course_deg)) / math.cos(math.radians(lat))


def true_pos(name, t):
    """The vessel's real position and speed at t."""
    h = (t - utc("2026-08-11 04:00:00")).total_seconds() / 3600
    if name == "TIDEWELL KESTREL":
        return 25.0112, 55.0618, 0.0, 0, "moored"
    if name == "NORDIC ALBA":
        return 25.1420, 54.8875, 0.1, 0, "at anchor"
    if name == "TIDEWELL SALTIRE":   # inbound through the Strait, west-south-west at 14.6 kn
        lat, lon = move(26.52, 56.71, 243, 14.6 * h)
        return lat, lon, 14.6, 243, "under way using engine"
    # ORCA outbound, north-east towards the Strait, then east
    lat, lon = move(25.62, 55.42, 48, 16.2 * h)
    return lat, lon, 16.2, 48, "under way using engine"


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "equipment-tracker"
version = "4.6.2"
requires-python = ">=3.12"
dependencies = [
  "aiokafka==0.11.0",
  "httpx==0.27.2",
  "pydantic==2.8.2",
  "pyproj==3.6.1",
  "shapely==2.0.6",
  "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.2", "pytest-asyncio==0.23.8"]
"""

POSITIONS_V1 = '''"""Vessel positions from AIS and the RCM gateways' GNSS. A fix that implies
more than max_implied_sog_kn from the last accepted one is held; if the
next confirm_fixes fixes agree with it (within confirm_radius_km) it is
accepted: a real jump is an AIS gap or a gateway that was off."""

import logging

from tracker.geo import distance_km

log = logging.getLogger("tracker.positions")


class Gate:
    def __init__(self, cfg):
        self.max_sog = cfg["max_implied_sog_kn"]
        self.confirm = cfg["confirm_fixes"]
        self.radius = cfg["confirm_radius_km"]
        self.held = {}

    def offer(self, vessel, last, fix):
        """The fix to accept, or None."""
        held = self.held.get(vessel.imo)
        if held:
            if distance_km(held[0], fix) <= self.radius:
                held.append(fix)
                if len(held) > self.confirm:
                    del self.held[vessel.imo]
                    log.info("position jump accepted after %d consistent fixes imo=%s vessel=%r from=%s to=%s distance_km=%.1f",
                             self.confirm, vessel.imo, vessel.name, last.latlon, fix.latlon, distance_km(last, fix))
                    return fix
                return None
            del self.held[vessel.imo]
            log.info("held position jump dropped: not confirmed imo=%s vessel=%r held=%s", vessel.imo, vessel.name, held[0].latlon)
        if last and last.implied_sog_kn(fix) > self.max_sog:
            self.held[vessel.imo] = [fix]
            log.debug("position jump held imo=%s implied_sog_kn=%.0f", vessel.imo, last.implied_sog_kn(fix))
            return None
        return fix
'''

TRACKER_YAML = """positions:
  max_implied_sog_kn: 45
  confirm_fixes: 2
  confirm_radius_km: 2
geofences:
  ports: config/geofences/ports.geojson
eta:
  model: schedule-speed
notifications:
  eta_change_min_hours: 6
"""

RUNBOOK = """# equipment-tracker runbook

Owner: #team-tracking. Dashboards: Grafana › Tracking › equipment-tracker.

## AisStreamStale

No AIS message for 10 minutes. Check the provider's status page and the
`ais-stream` consumer; positions fall back to the RCM gateways.

## RcmBatchesLate

A vessel's RCM gateway has not sent a batch for 45 minutes. Usually the
ship's satellite link (ask fleet operations); reefers keep their own logs.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    maren = Person("Maren Oldenburg", "maren.oldenburg@tidewell-line.com", 120)
    tiago = Person("Tiago Ferreira", "tiago.ferreira@tidewell-line.com", 60)
    kim = Person("Kim Dela Cruz", "kim.delacruz@tidewell-line.com", 480)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "tracker/__init__.py": "",
        "tracker/main.py": 'import asyncio\nimport logging.config\nimport os\n\nfrom tracker import consumers\n\nlogging.config.fileConfig("config/logging.ini", defaults={"pod": os.environ.get("HOSTNAME", "local")})\nlog = logging.getLogger("tracker.main")\n\nif __name__ == "__main__":\n    log.info("starting equipment-tracker version=%s commit=%s", os.environ.get("VERSION", "dev"), os.environ.get("COMMIT", "none"))\n    asyncio.run(consumers.run())\n',
        "tracker/consumers.py": '"""ais.positions, rcm.batches and edi equipment events, partitioned by IMO."""\n',
        "tracker/positions.py": POSITIONS_V1,
        "tracker/geo.py": '"""Distances on the WGS84 sphere (haversine is close enough at sea)."""\n\nimport math\n\n\ndef distance_km(a, b):\n    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))\n    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2\n    return 2 * 6371.0 * math.asin(math.sqrt(h))\n',
        "tracker/geofences.py": '"""Port areas: a vessel entering one is ARRI, leaving it DEPA (DCSA transport\nevents). The country of the area goes to compliance-screening."""\n\nimport json\n\nfrom shapely.geometry import Point, shape\n\n\nclass Geofences:\n    def __init__(self, path):\n        with open(path) as f:\n            self.areas = [(feat["properties"]["unlocode"], shape(feat["geometry"])) for feat in json.load(f)["features"]]\n\n    def area_of(self, lat, lon):\n        p = Point(lon, lat)\n        return next((code for code, geom in self.areas if geom.contains(p)), None)\n',
        "tracker/eta.py": '"""ETA to the next scheduled port: remaining route distance at the\nschedule\'s service speed."""\n',
        "tracker/admin.py": '"""Admin API. PUT /vessels/{imo}/position-override {"source": "port-call"}:\nignore GNSS fixes for a vessel and take its position from the port call\n(berth or anchorage) or dead reckoning along the schedule; port events\nand notifications from it are suppressed until the override is removed."""\n',
        "tracker/events.py": '"""DCSA T&T 2.2 transport and equipment events to notification-gateway and\ncompliance-screening (topic tracking.events)."""\n',
        "config/tracker.yaml": TRACKER_YAML,
        "config/geofences/ports.geojson": '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "properties": {"unlocode": "AEJEA", "country": "AE"}, "geometry": {"type": "Polygon", "coordinates": [[[54.80, 24.82], [55.28, 24.82], [55.28, 25.24], [54.80, 25.24], [54.80, 24.82]]]}},\n  {"type": "Feature", "properties": {"unlocode": "IRBND", "country": "IR"}, "geometry": {"type": "Polygon", "coordinates": [[[55.85, 26.85], [56.55, 26.85], [56.55, 27.40], [55.85, 27.40], [55.85, 26.85]]]}}\n]}\n',
        "config/logging.ini": "[loggers]\nkeys=root\n\n[handlers]\nkeys=stdout\n\n[formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=stdout\n\n[handler_stdout]\nclass=StreamHandler\nformatter=plain\nargs=(sys.stdout,)\n\n[formatter_plain]\nformat=%(asctime)s %(levelname)s [%(pod)s] %(name)s: %(message)s\n",
        "tests/test_positions.py": 'from tracker.positions import Gate\n\n\ndef test_single_outlier_dropped(fixes, vessel):\n    g = Gate({"max_implied_sog_kn": 45, "confirm_fixes": 2, "confirm_radius_km": 2})\n    assert g.offer(vessel, fixes.a, fixes.far) is None\n    assert g.offer(vessel, fixes.a, fixes.b) == fixes.b\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"python\", \"-m\", \"tracker.main\"]\n",
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: equipment-tracker\n  namespace: tracking\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: equipment-tracker\n          image: 318204566102.dkr.ecr.eu-central-1.amazonaws.com/equipment-tracker\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": "# equipment-tracker\n\nVessel positions (AIS, RCM gateways), port events, ETAs and DCSA T&T\nevents for customers. Consumes `ais.positions`, `rcm.batches` and\n`edi.equipment-events`; publishes `tracking.events`.\n\n## Running locally\n\n```\ndocker compose up -d kafka postgres\npython -m tracker.main\n```\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 4.6.1\n\n- RCM batches deduplicated by gateway sequence number\n",
    }
    repo.commit(utc("2026-08-03 08:10:00"), maren, "equipment-tracker: positions, port events, ETA and T&T events", files)
    crng = random.Random(62203)
    repo.schedule(chores(crng, SERVICE, [maren, tiago], utc("2026-08-03 10:00:00"), utc("2026-08-04 16:00:00"), 2)
                  + chores(crng, SERVICE, [kim, tiago], utc("2026-08-06 01:00:00"), utc("2026-08-06 15:00:00"), 1))
    repo.commit(utc("2026-08-04 12:40:00"), tiago, "admin: log who sets a position override and why (TRK-498)", {
        "tracker/admin.py": repo.files["tracker/admin.py"] + '\n# every change is logged with the user and the reason (TRK-498)\n',
    })
    repo.commit(utc("2026-08-05 09:00:00"), bot, "chore(deps): update dependency httpx to v0.27.3", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.27.2"', '"httpx==0.27.3"'),
    })
    repo.commit(utc("2026-08-07 08:25:00"), kim, "notifications: ETA changes only above 6 h (TRK-505)", {
        "tracker/events.py": repo.files["tracker/events.py"] + '\nETA_CHANGE_MIN_HOURS = 6  # TRK-505: customers asked for fewer ETA e-mails\n',
    })
    prev = repo.commit(utc("2026-08-07 12:50:00"), maren, "release 4.6.2", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.6.2\n\n- TRK-505 ETA change notifications above 6 h only\n- TRK-498 override audit\n"),
    })
    repo.commit(utc("2026-08-10 06:10:00"), kim, "positions: log held position jumps at WARNING with the implied speed (TRK-514)\n\n"
                "Held jumps were DEBUG, so a vessel whose fixes were dropped left no trace.", {
        "tracker/positions.py": sub(repo.files["tracker/positions.py"],
                                    '            log.debug("position jump held imo=%s implied_sog_kn=%.0f", vessel.imo, last.implied_sog_kn(fix))\n',
                                    '            log.warning("implausible position jump held imo=%s vessel=%r source=%s implied_sog_kn=%.0f distance_km=%.1f from=%s to=%s",\n                        vessel.imo, vessel.name, fix.source, last.implied_sog_kn(fix), distance_km(last, fix), last.latlon, fix.latlon)\n'),
    })
    repo.commit(utc("2026-08-10 08:30:00"), tiago, "runbook: false port events", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## UnscheduledPortCall / ComplianceHoldsSpike\n\nA vessel arrives at a port that is not on its schedule, or many bookings\ngo on compliance hold at once. After a deploy this is nearly always a\ngeofence change (July: TRK-477's Khalifa polygon swallowed the Jebel Ali\nanchorage): roll back in Argo CD, then compare the polygon with the\nterminal's layout. Ask compliance to release holds only once the events\nare corrected.\n",
    })
    repo.commit(utc("2026-08-10 14:40:00"), maren, "geofences: terminal-level polygons for Jebel Ali, Khalifa, Dammam and Hamad (TRK-512)\n\n"
                "Port circles put ships at anchorage into the port; terminals want ARRI\n"
                "at the berth. Polygons from the port authorities' published layouts.", {
        "config/geofences/gulf_terminals.geojson": '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "properties": {"unlocode": "AEJEA", "area": "T3", "country": "AE"}, "geometry": {"type": "Polygon", "coordinates": [[[55.030, 24.990], [55.080, 24.990], [55.080, 25.030], [55.030, 25.030], [55.030, 24.990]]]}},\n  {"type": "Feature", "properties": {"unlocode": "AEJEA", "area": "ANCH", "country": "AE"}, "geometry": {"type": "Polygon", "coordinates": [[[54.800, 25.080], [54.980, 25.080], [54.980, 25.220], [54.800, 25.220], [54.800, 25.080]]]}},\n  {"type": "Feature", "properties": {"unlocode": "AEKHL", "area": "KCT", "country": "AE"}, "geometry": {"type": "Polygon", "coordinates": [[[54.620, 24.790], [54.680, 24.790], [54.680, 24.840], [54.620, 24.840], [54.620, 24.790]]]}},\n  {"type": "Feature", "properties": {"unlocode": "SADMM", "area": "DCT", "country": "SA"}, "geometry": {"type": "Polygon", "coordinates": [[[50.180, 26.480], [50.230, 26.480], [50.230, 26.530], [50.180, 26.530], [50.180, 26.480]]]}}\n]}\n',
        "tracker/geofences.py": sub(repo.files["tracker/geofences.py"],
                                    "    def area_of(self, lat, lon):\n        p = Point(lon, lat)\n        return next((code for code, geom in self.areas if geom.contains(p)), None)\n",
                                    "    def add_terminals(self, path):\n        \"\"\"Terminal polygons (TRK-512) go first: ARRI names the terminal area.\"\"\"\n        with open(path) as f:\n            feats = json.load(f)[\"features\"]\n        self.areas[:0] = [(f\"{x['properties']['unlocode']}/{x['properties']['area']}\", shape(x[\"geometry\"])) for x in feats]\n\n    def area_of(self, lat, lon):\n        p = Point(lon, lat)\n        return next((code for code, geom in self.areas if geom.contains(p)), None)\n"),
        "config/tracker.yaml": sub(repo.files["config/tracker.yaml"], "  ports: config/geofences/ports.geojson\n",
                                   "  ports: config/geofences/ports.geojson\n  terminals: config/geofences/gulf_terminals.geojson\n"),
    })
    repo.commit(utc("2026-08-11 01:20:00"), bot, "chore(deps): update dependency shapely to v2.0.7", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"shapely==2.0.6"', '"shapely==2.0.7"'),
    })
    repo.commit(utc("2026-08-11 04:55:00"), kim, "eta: AIS speed over ground for the last 200 nm (TRK-515)\n\n"
                "Schedule speed made ETAs early for ships slowing down for their berth window.", {
        "tracker/eta.py": repo.files["tracker/eta.py"] + '\nLAST_LEG_NM = 200\nMIN_SOG_KN = 1.0  # below this, fall back to the schedule speed\n\n\ndef speed_for(vessel, remaining_nm, ais_sog):\n    if remaining_nm <= LAST_LEG_NM and ais_sog >= MIN_SOG_KN:\n        return ais_sog\n    return vessel.schedule_speed\n',
        "config/tracker.yaml": sub(repo.files["config/tracker.yaml"], "  model: schedule-speed\n", "  model: schedule-speed\n  last_leg_ais_sog_nm: 200\n"),
    })
    rel = repo.commit(utc("2026-08-11 05:20:00"), kim, "release 4.7.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.6.2"', 'version = "4.7.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.7.0\n\n- TRK-512 terminal polygons for Gulf ports\n- TRK-514 held position jumps logged\n- TRK-515 ETA from AIS SOG on the last leg\n- shapely 2.0.7\n"),
    })
    after = repo.commit(utc("2026-08-11 09:14:00"), tiago, "runbook: GNSS interference and the position override (TRK-520)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## GNSS interference\n\nSeveral vessels in one region jump to the same point (11 Aug: four ships\nat Bandar Abbas airport, 27.2183 N 56.3780 E, 0 kn) in AIS and in the RCM\ngateways' fixes alike: their GNSS is spoofed. Check the JMIC/UKMTO\nadvisories in #fleet-security and ask fleet operations for the masters'\nreports. Turn on the position override (port-call source) for the IMOs,\npause their notifications, and ask compliance to release holds for them.\nA rollback does not help.\n",
    })
    return repo, {"prev": prev, "release": rel, "after": after}


# ---------------------------------------------------------------------------
# the morning


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class Fix:
    def __init__(self, t, lat, lon, sog, src):
        self.t, self.lat, self.lon, self.sog, self.src = t, lat, lon, sog, src

    @property
    def ll(self):
        return f"{self.lat:.4f},{self.lon:.4f}"


def build_logs(rng, shas):
    app, rcm, ais, comp, notif, argo, adv, slack = (Log("equipment-tracker.log"), Log("telemetry-ingest.log"), Log("ais-stream.log"),
                                                    Log("compliance-screening.log"), Log("notification-gateway.log"), Log("argocd.log"),
                                                    Log("fleet-security-advisories.log"), Log("slack-inc-tracking.log"))
    stats = {"first_held": None, "accepted": [], "holds": {}, "events": [], "held_times": [], "jumps": []}

    epochs = [
        (PREV_DEPLOY, "4.6.2", shas["prev"], ["equipment-tracker-6b8d7f9c4-p9xkt", "equipment-tracker-6b8d7f9c4-w2lmq"]),
        (RELEASE + dt.timedelta(seconds=14), "4.7.0", shas["release"], ["equipment-tracker-7c9f5d8b6-h4vzn", "equipment-tracker-7c9f5d8b6-q8rtc"]),
        (ROLLBACK + dt.timedelta(seconds=14), "4.6.2", shas["prev"], ["equipment-tracker-6b8d7f9c4-d7kfw", "equipment-tracker-6b8d7f9c4-s3jxp"]),
        (REDEPLOY + dt.timedelta(seconds=14), "4.7.0", shas["after"], ["equipment-tracker-58f6c9d7b-b2nqm", "equipment-tracker-58f6c9d7b-v7xhl"]),
    ]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def new_code(t):
        return epoch_at(t)[1] == "4.7.0"

    def tlog(t, level, logger, msg, imo=None):
        if START <= t < END:
            pods = epoch_at(t)[3]
            pod = pods[(imo or rng.randint(0, 1)) % 2]
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {level} [{pod}] {logger}: {msg}")

    for t0, ver, sha, pods in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=k * 16 + rng.uniform(0, 2))
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} INFO [{pod}] tracker.main: starting equipment-tracker version={ver} commit={sha[:7]}")
            t2 = t + dt.timedelta(seconds=1.4)
            stamp = t2.strftime("%Y-%m-%d %H:%M:%S,") + f"{t2.microsecond // 1000:03d}"
            areas = "ports=5 terminals=4" if ver == "4.7.0" else "ports=5"
            app.add(t2, f"{stamp} INFO [{pod}] tracker.geofences: geofences loaded {areas}")
            t3 = t + dt.timedelta(seconds=2.1)
            stamp = t3.strftime("%Y-%m-%d %H:%M:%S,") + f"{t3.microsecond // 1000:03d}"
            app.add(t3, f"{stamp} INFO [{pod}] aiokafka.consumer.group_coordinator: Joined group 'equipment-tracker' (generation {311 + epochs.index((t0, ver, sha, pods)) * 2 + k}) with member_id aiokafka-0.11.0-{hexid(rng, 8)}")

    def alog_ais(t, level, msg, **f):
        if START <= t < END:
            body = {"level": level, "ts": round(t.timestamp(), 3), "caller": "stream/consumer.go:118", "msg": msg}
            body.update(f)
            ais.add(t, json.dumps(body, separators=(",", ":")))

    def rlog(t, level, msg, **kv):
        if START <= t < END:
            rcm.add(t, logfmt(t, level, msg, **kv))

    def clog(t, level, thread, logger, msg):
        if START <= t < END:
            comp.add(t, spring(t, level, thread, logger, msg))

    def nlog(t, level, msg, **kv):
        if START <= t < END:
            notif.add(t, pino(t, level, msg, hostname=rng.choice(["notification-gateway-5f7d8c9b6-2xkqp", "notification-gateway-5f7d8c9b6-8mvzt"]), **kv))

    # --- fix streams: (t, vessel, source, lat, lon, sog, course, status)
    fixes = []
    spells = {}
    for name, (imo, mmsi, nbook, s_from, s_to, ov_off) in AFFECTED.items():
        # the receivers lose and regain the true signals as the interference varies
        t, on, lst = s_from, True, []
        while t < s_to:
            span = dt.timedelta(minutes=rng.uniform(14, 38) if on else rng.uniform(6, 14))
            if on:
                lst.append((t, min(t + span, s_to)))
            t, on = t + span, not on
        spells[name] = lst
    stats["spells"] = spells
    for name, (imo, mmsi, nbook, s_from, s_to, ov_off) in AFFECTED.items():
        for src, gap in (("ais", (150, 330)), ("rcm", (880, 920))):
            t = START - dt.timedelta(minutes=20) + dt.timedelta(seconds=rng.uniform(0, gap[1]))
            while t < END:
                lat, lon, sog, cog, status = true_pos(name, t)
                spoofed = any(a <= t < b for a, b in spells[name]) and rng.random() < 0.97
                if spoofed:
                    lat, lon, sog, cog = SPOOF[0] + rng.uniform(-0.0002, 0.0002), SPOOF[1] + rng.uniform(-0.0002, 0.0002), 0.0, 0
                else:
                    lat, lon = lat + rng.uniform(-0.0004, 0.0004), lon + rng.uniform(-0.0004, 0.0004)
                fixes.append((t, name, src, lat, lon, sog, cog, status, spoofed))
                t += dt.timedelta(seconds=rng.uniform(*gap))
    for name, imo, mmsi, area, lat0, lon0, sog0, course, terr in FLEET:
        for src, gap in (("ais", (150, 330) if terr else (600, 1500)), ("rcm", (880, 920))):
            t = START - dt.timedelta(minutes=20) + dt.timedelta(seconds=rng.uniform(0, gap[1]))
            while t < END:
                h = (t - START).total_seconds() / 3600
                lat, lon = move(lat0, lon0, course, sog0 * h) if sog0 else (lat0, lon0)
                lat, lon = lat + rng.uniform(-0.0004, 0.0004), lon + rng.uniform(-0.0004, 0.0004)
                status = "moored" if not sog0 else "under way using engine"
                fixes.append((t, name, src, lat, lon, max(0.0, sog0 + rng.uniform(-0.4, 0.4)) if sog0 else 0.0, course, status, False))
                t += dt.timedelta(seconds=rng.uniform(*gap))
    fixes.sort(key=lambda f: (f[0], f[1], f[2]))
    # routine: an odd AIS fix from a vessel sharing an MMSI
    glitches = sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(14))
    for tg in glitches:
        v = rng.choice(FLEET)
        fixes.append((tg, v[0], "ais", v[4] + rng.uniform(-3, 3), v[5] + rng.uniform(-3, 3), rng.uniform(2, 11), rng.randint(0, 359), "under way using engine", "glitch"))
    fixes.sort(key=lambda f: (f[0], f[1], f[2]))

    info = {name: (v[0], v[1]) for name, v in AFFECTED.items()}
    info.update({v[0]: (v[1], v[2]) for v in FLEET})
    fleet_area = {v[0]: v[3] for v in FLEET}

    state = {}
    override = {}
    ignored = {}
    for name, (imo, mmsi, nbook, s_from, s_to, ov_off) in AFFECTED.items():
        lat, lon, _, _, _ = true_pos(name, START - dt.timedelta(minutes=20))
        area = "AEJEA" if name in ("TIDEWELL KESTREL", "NORDIC ALBA") else None
        state[name] = {"last": Fix(START - dt.timedelta(minutes=20), lat, lon, 0.0, "ais"), "held": [], "area": area,
                       "country": "AE" if area or name == "TIDEWELL ORCA" else "OM"}
    for v in FLEET:
        state[v[0]] = {"last": Fix(START - dt.timedelta(minutes=20), v[4], v[5], v[6], "ais"), "held": [], "area": v[3], "country": None}
    bookings = {}
    bseq = [7201400]
    for name, v in AFFECTED.items():
        lst = []
        for _ in range(v[2]):
            bseq[0] += rng.randint(1, 40)
            lst.append(f"TDW{bseq[0]}")
        bookings[name] = lst
    subscribers = ["kuehne-nagel-tnt", "dhl-gf-visibility", "hanseatic-foods", "project44", "fourkites", "al-futtaim-logistics", "lulu-group-imports", "tata-steel-exports"]

    def area_id(area, t, name):
        if area == "AEJEA" and new_code(t):
            return "AEJEA/T3" if name == "TIDEWELL KESTREL" else "AEJEA/ANCH"
        return area

    def publish(t, name, code, area, nb):
        """A transport event and its customer notifications."""
        imo = info[name][0]
        stats["events"].append((t, name, code, area))
        tlog(t, "INFO", "tracker.events", f"vessel port event {code} {area_id(area, t, name)} imo={imo} vessel={name!r} bookings={nb}", imo)
        if code == "ARRI" and area not in SCHEDULE.get(name, [area]):
            tlog(t + dt.timedelta(milliseconds=3), "WARNING", "tracker.events",
                 f"unscheduled port call detected imo={imo} vessel={name!r} port={area} schedule={','.join(SCHEDULE[name])}", imo)
        for b in (bookings.get(name) or [])[:nb]:
            if rng.random() < 0.38:
                tn = t + dt.timedelta(seconds=rng.uniform(0.5, 40))
                nlog(tn, "info", "webhook delivered", subscriber=rng.choice(subscribers), eventType="TRANSPORT", transportEventTypeCode=code,
                     UNLocationCode=area, vesselIMONumber=str(imo), carrierBookingReference=b, status=rng.choice([200, 200, 200, 202, 204]), ms=rng.randint(40, 900))
            if code == "ARRI" and rng.random() < 0.22:
                tn = t + dt.timedelta(seconds=rng.uniform(2, 90))
                nlog(tn, "info", "email sent", template="shipment-arrived", carrierBookingReference=b, port=area, locale=rng.choice(["en", "en", "de", "ar"]))

    def accept(t, name, fix, jumped):
        st = state[name]
        prev_area, prev = st["area"], st["last"]
        st["last"] = fix
        if name not in AFFECTED:
            return
        imo = info[name][0]
        area = None
        for code, (clat, clon, r) in PORT_CIRCLES.items():
            if km((fix.lat, fix.lon), (clat, clon)) <= r:
                area = code
        if area != prev_area:
            nb = AFFECTED[name][2]
            if prev_area:
                publish(t + dt.timedelta(milliseconds=8), name, "DEPA", prev_area, nb)
            if area:
                publish(t + dt.timedelta(milliseconds=15), name, "ARRI", area, nb)
            st["area"] = area
        country = COUNTRY.get(area) if area else ("IR" if fix.lat > 26.9 and fix.lon > 55.9 else ("OM" if fix.lon > 56.1 else "AE"))
        if country != st["country"]:
            tlog(t + dt.timedelta(milliseconds=20), "INFO", "tracker.events", f"vessel location country changed imo={imo} vessel={name!r} from={st['country']} to={country}", imo)
            if country == "IR":
                holds(t + dt.timedelta(seconds=rng.uniform(1.5, 4)), name)
            st["country"] = country
        if jumped:
            # ETA to the next scheduled port from the new position
            nxt = [p for p in SCHEDULE[name] if p != prev_area][0]
            if new_code(t) and fix.sog < 1.0 and name in ("TIDEWELL SALTIRE", "TIDEWELL ORCA"):
                tlog(t + dt.timedelta(milliseconds=30), "WARNING", "tracker.eta", f"AIS SOG {fix.sog:.1f} kn below 1.0 within 200 nm of {nxt}, falling back to schedule speed imo={imo}", imo)
            delta = rng.uniform(2.5, 9.0) if fix.lat > 27 else -rng.uniform(2.5, 9.0)
            tlog(t + dt.timedelta(milliseconds=34), "INFO", "tracker.eta", f"ETA changed imo={imo} vessel={name!r} port={nxt} delta_h={delta:+.1f}", imo)
            if abs(delta) >= 6:
                for b in bookings[name][: AFFECTED[name][2]]:
                    if rng.random() < 0.15:
                        nlog(t + dt.timedelta(seconds=rng.uniform(1, 60)), "info", "email sent", template="eta-changed", carrierBookingReference=b, port=nxt, locale="en")

    def holds(t, name):
        if name in stats["holds"]:
            return
        imo = info[name][0]
        nb = AFFECTED[name][2]
        stats["holds"][name] = t
        clog(t, "WARN", "screening-3", "c.t.compliance.TerritoryScreening", f"Sanctioned territory: vessel {name} (IMO {imo}) reported in IR (IRBND); placing compliance holds on {nb} bookings, rule TERR-IR-01")
        tt = t
        for b in bookings[name]:
            tt = tt + dt.timedelta(milliseconds=rng.randint(6, 40))
            clog(tt, "INFO", "screening-3", "c.t.compliance.HoldService", f"Compliance hold placed booking={b} rule=TERR-IR-01 source=tracking.events vessel={imo}")
        clog(tt + dt.timedelta(milliseconds=50), "INFO", "screening-3", "c.t.compliance.HoldService", f"Downstream paused for {nb} bookings: bl-issuance, customs-filing, release-orders")

    def tracker_fix(t, name, src, lat, lon, sog, status, kind):
        imo = info[name][0]
        st = state[name]
        fix = Fix(t, lat, lon, sog, src)
        if name in override and override[name][0] <= t < override[name][1]:
            ignored[name] = ignored.get(name, 0) + 1
            return
        last = st["last"]
        if st["held"]:
            held = st["held"]
            if km((held[0].lat, held[0].lon), (lat, lon)) <= CONFIRM_KM:
                held.append(fix)
                if len(held) > 2:
                    st["held"] = []
                    d = km((last.lat, last.lon), (lat, lon))
                    tlog(t + dt.timedelta(milliseconds=2), "INFO", "tracker.positions",
                         f"position jump accepted after 2 consistent fixes imo={imo} vessel={name!r} from={last.ll} to={fix.ll} distance_km={d:.1f}", imo)
                    stats["accepted"].append((t, name, fix.ll))
                    accept(t, name, fix, True)
                return
            st["held"] = []
            tlog(t + dt.timedelta(milliseconds=2), "INFO", "tracker.positions", f"held position jump dropped: not confirmed imo={imo} vessel={name!r} held={held[0].ll}", imo)
        hours = max((t - last.t).total_seconds() / 3600, 1 / 60)
        d = km((last.lat, last.lon), (lat, lon))
        implied = d / 1.852 / hours
        if implied > MAX_SOG:
            st["held"] = [fix]
            if new_code(t):
                tlog(t + dt.timedelta(milliseconds=2), "WARNING", "tracker.positions",
                     f"implausible position jump held imo={imo} vessel={name!r} source={src} implied_sog_kn={implied:.0f} distance_km={d:.1f} from={last.ll} to={fix.ll}", imo)
                if kind is True and stats["first_held"] is None:
                    stats["first_held"] = t + dt.timedelta(milliseconds=2)
            stats["held_times"].append((t, name, kind))
            return
        accept(t, name, fix, False)

    # --- overrides: on for the four at 07:09, off after the interference
    for k, name in enumerate(["TIDEWELL SALTIRE", "TIDEWELL KESTREL", "NORDIC ALBA", "TIDEWELL ORCA"]):
        override[name] = (OVERRIDE_ON + dt.timedelta(seconds=k * 21), AFFECTED[name][5])

    ov_logged = set()
    next_ignored_log = {}
    for t, name, src, lat, lon, sog, cog, status, kind in fixes:
        imo, mmsi = info[name]
        # ingest logs
        if src == "ais":
            alog_ais(t, "info", "position", mmsi=mmsi, imo=imo, name=name, lat=round(lat, 5), lon=round(lon, 5), sog=round(sog, 1), cog=cog,
                     nav_status=status, source="terrestrial" if (name in AFFECTED or fleet_area.get(name) or rng.random() < 0.3) else "satellite",
                     received=iso_ms(t + dt.timedelta(seconds=rng.uniform(2, 40))))
        else:
            n_reefers = {"TIDEWELL KESTREL": 212, "NORDIC ALBA": 58, "TIDEWELL SALTIRE": 388, "TIDEWELL ORCA": 246}.get(name, 80 + (imo % 300))
            sats = rng.randint(9, 14)
            rlog(t, "info", "rcm batch received", vessel_imo=imo, gateway=f"PRCM-{imo % 100000:05d}", readings=n_reefers * rng.choice([3, 3, 3, 4]),
                 reefers=n_reefers, lat=f"{lat:.5f}", lon=f"{lon:.5f}", fix="3d", sats=sats, hdop=f"{rng.uniform(0.6, 1.1):.1f}",
                 link=rng.choice(["ka-vsat", "ka-vsat", "leo"]), age_s=rng.randint(20, 300))
            if rng.random() < 0.35:
                code, text = rng.choice([("AL04", "power supply interrupted"), ("AL22", "return air sensor out of range"),
                                         ("AL56", "defrost timeout"), ("AL65", "humidity sensor fault")])
                rlog(t + dt.timedelta(milliseconds=rng.randint(5, 80)), "warn", "reefer alarm", vessel_imo=imo,
                     container=f"TDWU{rng.randint(100000, 999999)}{rng.randint(0, 9)}", code=code, text=text)
        if name in override and override[name][0] <= t < override[name][1]:
            if name not in ov_logged:
                # the override takes the position from the port call / dead reckoning:
                # the true one, without events
                ov_logged.add(name)
                tlat, tlon, _, _, _ = true_pos(name, override[name][0])
                st = state[name]
                st["last"], st["held"] = Fix(override[name][0], tlat, tlon, 0.0, "port-call"), []
                st["area"] = "AEJEA" if name in ("TIDEWELL KESTREL", "NORDIC ALBA") else None
                st["country"] = "AE" if st["area"] or tlon <= 56.1 else "OM"
            ignored[name] = ignored.get(name, 0) + 1
            if t >= next_ignored_log.get(name, override[name][0] + dt.timedelta(minutes=15)):
                tlog(t, "INFO", "tracker.positions", f"fixes ignored while position override active imo={imo} vessel={name!r} count={ignored[name]} last={lat:.4f},{lon:.4f}", imo)
                ignored[name] = 0
                next_ignored_log[name] = t + dt.timedelta(minutes=15)
            continue
        tracker_fix(t + dt.timedelta(milliseconds=rng.randint(40, 400)), name, src, lat, lon, sog, status, kind)

    # override admin lines
    for name, (t_on, t_off) in override.items():
        imo = info[name][0]
        port = "AEJEA" if name in ("TIDEWELL KESTREL", "NORDIC ALBA") else "dead-reckoning"
        tlog(t_on, "INFO", "tracker.admin", f"position override enabled imo={imo} vessel={name!r} source=port-call position={port} by=tiago.ferreira reason=\"GNSS fixes unreliable (fleet ops)\"", imo)
        tlog(t_on + dt.timedelta(milliseconds=12), "INFO", "tracker.events", f"port events and notifications suppressed imo={imo} while override active", imo)
        tlog(t_off, "INFO", "tracker.admin", f"position override removed imo={imo} vessel={name!r} by=tiago.ferreira", imo)

    # per-pod throughput every minute
    per_min = {}
    for t, name, src, *_ in fixes:
        key = (t.replace(second=0, microsecond=0), info[name][0] % 2, src)
        per_min[key] = per_min.get(key, 0) + 1
    held_min = {}
    for th, name, kind in stats["held_times"]:
        key = (th.replace(second=0, microsecond=0), info[name][0] % 2)
        held_min[key] = held_min.get(key, 0) + 1
    m = START.replace(second=0)
    while m < END:
        for part in (0, 1):
            tm = m + dt.timedelta(seconds=59, milliseconds=rng.randint(100, 900))
            tlog(tm, "INFO", "tracker.consumers", f"positions processed last_60s ais={per_min.get((m, part, 'ais'), 0)} rcm={per_min.get((m, part, 'rcm'), 0)} held={held_min.get((m, part), 0)} lag_ms={rng.randint(30, 420)}", part)
        m += dt.timedelta(minutes=1)

    # routine tracker lines: other vessels' port events and EDI equipment events
    routine_port = [(utc("2026-08-11 04:48:10"), "TIDEWELL HYDRA", "DEPA", "SGSIN"), (utc("2026-08-11 05:12:40"), "TIDEWELL VEGA", "ARRI", "NLRTM"),
                    (utc("2026-08-11 06:35:20"), "BALTIC TERN", "DEPA", "PLGDN"), (utc("2026-08-11 07:52:00"), "TIDEWELL PAVO", "ARRI", "EGPSD"),
                    (utc("2026-08-11 08:30:30"), "TIDEWELL INDUS", "DEPA", "PKKHI"), (utc("2026-08-11 09:05:10"), "TIDEWELL CORVUS", "DEPA", "NLRTM")]
    for t, name, code, port in routine_port:
        imo = info[name][0]
        nb = rng.randint(40, 260)
        tlog(t, "INFO", "tracker.events", f"vessel port event {code} {port} imo={imo} vessel={name!r} bookings={nb}", imo)
        for _ in range(int(nb * 0.38)):
            nlog(t + dt.timedelta(seconds=rng.uniform(0.5, 40)), "info", "webhook delivered", subscriber=rng.choice(subscribers), eventType="TRANSPORT",
                 transportEventTypeCode=code, UNLocationCode=port, vesselIMONumber=str(imo), carrierBookingReference=f"TDW{rng.randint(7100000, 7300000)}",
                 status=rng.choice([200, 200, 204]), ms=rng.randint(40, 900))
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.6 / 60))
        if t >= END:
            break
        ev = rng.choice(["GTIN", "GTOT", "LOAD", "DISC", "GTOT", "GTIN"])
        loc = rng.choice(["DEHAM", "NLRTM", "BEANR", "SGSIN", "AEJEA", "INNSA", "CNSHA", "USSAV", "PKKHI"])
        cont = f"TDWU{rng.randint(100000, 999999)}{rng.randint(0, 9)}"
        tlog(t, "INFO", "tracker.equipment", f"equipment event {ev} container={cont} location={loc} source=edi")
        if rng.random() < 0.4:
            nlog(t + dt.timedelta(seconds=rng.uniform(0.3, 20)), "info", "webhook delivered", subscriber=rng.choice(subscribers), eventType="EQUIPMENT",
                 equipmentEventTypeCode=ev, UNLocationCode=loc, equipmentReference=cont, status=200, ms=rng.randint(40, 700))
    for _ in range(18):
        tn = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        nlog(tn, "warn", "webhook delivery failed, will retry", subscriber="lulu-group-imports", status=rng.choice([502, 503, 504]), attempt=rng.randint(1, 4), ms=rng.randint(5000, 10000))
    # compliance-screening routine
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        clog(t, "INFO", "scheduling-1", "c.t.compliance.PartyScreening", f"Party screening batch: {rng.randint(180, 520)} parties, {rng.choice([0, 0, 0, 1])} potential matches queued for review")
        t += dt.timedelta(minutes=5, seconds=rng.uniform(-5, 5))
    clog(utc("2026-08-11 05:00:03"), "INFO", "scheduling-2", "c.t.compliance.ListRefresh", "Sanctions lists refreshed: OFAC SDN 2026-08-10, EU CFSP 2026-08-08, UK OFSI 2026-08-10")
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.1 / 60))
        if t >= END:
            break
        clog(t, "INFO", f"screening-{rng.randint(1, 4)}", "c.t.compliance.TerritoryScreening",
             f"Location screened vessel IMO {rng.choice([v[1] for v in FLEET])} country={rng.choice(['AE', 'SA', 'NL', 'SG', 'IN', 'PK', 'EG', 'DE', 'PL', '--'])} result=clear")
    # bulk release of the holds
    tt = COMP_RELEASE
    released = 0
    for name in ["TIDEWELL KESTREL", "TIDEWELL SALTIRE", "TIDEWELL ORCA", "NORDIC ALBA"]:
        if name not in stats["holds"]:
            continue
        imo = info[name][0]
        nb = AFFECTED[name][2]
        tt += dt.timedelta(seconds=rng.uniform(90, 200))
        clog(tt, "INFO", "http-nio-8080-exec-4", "c.t.compliance.HoldService", f"Bulk release by hannah.vogt: {nb} holds on vessel IMO {imo}, rule TERR-IR-01, case COMP-2291, reason \"vessel not in IR: GNSS interference (fleet ops, JMIC)\"")
        clog(tt + dt.timedelta(milliseconds=300), "INFO", "http-nio-8080-exec-4", "c.t.compliance.HoldService", f"Downstream resumed for {nb} bookings: bl-issuance, customs-filing, release-orders")
        released += nb
    stats["released"] = released

    # --- Argo CD
    def argolog(t, msg, level="info", **kv):
        if START <= t < END:
            parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/equipment-tracker"]
            parts += [f"{k}={v}" for k, v in kv.items()]
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        argolog(t, "Reconciliation completed", **{"dest-namespace": "tracking", "time_ms": rng.randint(40, 180)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        argolog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "tracking"}, **extra)
        argolog(t + dt.timedelta(seconds=2), "apps/Deployment tracking/equipment-tracker configured", revision=sha)
        argolog(t + dt.timedelta(seconds=46), "Updated health status: Progressing -> Healthy", revision=sha)
        argolog(t + dt.timedelta(seconds=47), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE, shas["release"], 33)
    argolog(ROLLBACK - dt.timedelta(seconds=3), f"Rollback to history ID 32 ({shas['prev']}); automated sync disabled", user="tiago.ferreira@tidewell-line.com")
    sync(ROLLBACK, shas["prev"], 34, auto=False, user="tiago.ferreira@tidewell-line.com")
    argolog(REDEPLOY - dt.timedelta(seconds=5), "automated sync enabled", user="kim.delacruz@tidewell-line.com")
    sync(REDEPLOY, shas["after"], 35)

    # --- advisories relay (fleet security portal)
    def advisory(t, source, ref, title, body, area, posted_to="#fleet-security"):
        if START <= t < END:
            adv.add(t, json.dumps({"received_at": iso_ms(t), "source": source, "ref": ref, "title": title, "area": area,
                                   "body": body, "posted_to": posted_to}, ensure_ascii=False))

    advisory(utc("2026-08-11 04:31:12"), "UKMTO", "UKMTO WARNING 041/26", "Weekly threat assessment", "No change to the threat level for the Southern Red Sea, Bab el-Mandeb and Gulf of Aden. Vessels are reminded to register with UKMTO when entering the Voluntary Reporting Area.", "Red Sea / Gulf of Aden")
    advisory(utc("2026-08-11 05:02:40"), "NAVAREA IX", "NAVAREA IX 288/26", "Survey operations", "Hydrographic survey operations in progress off Ras Tanura until 14 Aug. Wide berth requested.", "Arabian Gulf")
    advisory(utc("2026-08-11 06:49:55"), "Fleet operations", "MASTER-RPT TIDEWELL SALTIRE", "Master's report: GNSS interference",
             "Master TIDEWELL SALTIRE 1045 LT: GNSS interference since approx 0950 LT in the Strait of Hormuz inbound. ECDIS and both GNSS receivers show own position at Bandar Abbas airport, SOG 0.0. Navigating by radar and visual fixes. AIS transmits the false position.", "Strait of Hormuz", "#fleet-ops")
    advisory(utc("2026-08-11 06:55:30"), "Fleet operations", "MASTER-RPT TIDEWELL ORCA", "Master's report: GNSS interference",
             "Master TIDEWELL ORCA: GNSS interference, positions displaced ashore near Bandar Abbas since 0955 LT. Gyro, log and radar normal.", "Strait of Hormuz", "#fleet-ops")
    advisory(utc("2026-08-11 07:18:04"), "JMIC", "JMIC ADVISORY 031/26", "GNSS interference in the Strait of Hormuz and Arabian Gulf",
             "JMIC has received multiple reports of GNSS interference in the Strait of Hormuz and the Arabian Gulf since 10 Aug, increasing this morning. Affected vessels report positions displaced to locations ashore, including Bandar Abbas airport. AIS positions broadcast by affected vessels are unreliable. Masters should navigate with caution using all available means and report incidents to UKMTO. (issued 0712 UTC)", "Arabian Gulf / Strait of Hormuz")
    advisory(utc("2026-08-11 07:41:20"), "UKMTO", "UKMTO ADVISORY 042/26", "Electronic interference",
             "UKMTO has received reports of electronic interference (GNSS) affecting vessels in the Strait of Hormuz and off Jebel Ali. Vessels are advised to report to UKMTO.", "Arabian Gulf")
    advisory(utc("2026-08-11 08:44:10"), "Fleet operations", "MASTER-RPT TIDEWELL SALTIRE", "Master's report: GNSS normal",
             "Master TIDEWELL SALTIRE 1240 LT: GNSS positions consistent with radar since 1238 LT.", "Arabian Gulf", "#fleet-ops")

    # --- Slack
    users = {"alertmanager": "B05ALRT2Z", "kim.delacruz": "U03KD7Q1M", "tiago.ferreira": "U04TF3W8P", "maren.oldenburg": "U02MO6R2L",
             "hannah.vogt (compliance)": "U06HV9S4D", "luis.moreno (fleet ops)": "U05LM2N7C", "customer-service-bot": "B06CSB1T"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "inc-tracking", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first_hold = min(stats["holds"].values())
    kes_arri = [e for e in stats["events"] if e[1] == "TIDEWELL KESTREL" and e[2] == "ARRI" and e[3] == "IRBND"][0][0]
    say(RELEASE - dt.timedelta(minutes=4), "kim.delacruz", "syncing equipment-tracker 4.7.0: TRK-512 terminal polygons for Jebel Ali, Khalifa, Dammam, Hamad; TRK-514 held position jumps at WARNING; TRK-515 ETA from AIS SOG on the last 200 nm; shapely 2.0.7")
    say(RELEASE + dt.timedelta(minutes=2, seconds=30), "kim.delacruz", "4.7.0 healthy, KESTREL shows ARRI at AEJEA/T3 in the replay")
    assert kes_arri < ROLLBACK - dt.timedelta(minutes=20), kes_arri
    after_rb = {name for t, name, ll in stats["accepted"] if ROLLBACK < t < ROLLBACK + dt.timedelta(minutes=11)}
    assert {"TIDEWELL SALTIRE", "NORDIC ALBA"} <= after_rb, after_rb
    say(first_hold + dt.timedelta(minutes=6), "alertmanager", "[FIRING:1] ComplianceHoldsSpike compliance-screening holds placed > 50 in 10m (rule TERR-IR-01)")
    say(first_hold + dt.timedelta(minutes=7), "alertmanager", "[FIRING:1] UnscheduledPortCall equipment-tracker port=IRBND vessel=TIDEWELL SALTIRE")
    say(first_hold + dt.timedelta(minutes=9), "tiago.ferreira", "ack, looking. SALTIRE 'arrived' at IRBND, she is inbound to Jebel Ali")
    say(kes_arri + dt.timedelta(minutes=3), "tiago.ferreira", f"now KESTREL: DEPA AEJEA and ARRI IRBND at {kes_arri.strftime('%H:%M')}? she is alongside at Jebel Ali T3 per the berth schedule. 4.7.0 replaced the Jebel Ali geofences {round((kes_arri - RELEASE).total_seconds() / 60)} min ago")
    say(kes_arri + dt.timedelta(minutes=6), "hannah.vogt (compliance)", "hundreds of bookings on automatic hold for Iran, B/Ls and customs filings stopped for them. customers are getting 'arrived at Bandar Abbas' e-mails. please stop this")
    say(kes_arri + dt.timedelta(minutes=9), "tiago.ferreira", "runbook: unscheduled port calls after a deploy = geofence change, roll back first. @kim.delacruz anything in TRK-512 that could put ships at IRBND?")
    say(kes_arri + dt.timedelta(minutes=16), "kim.delacruz", "TRK-512 only has AE/SA/QA terminal polygons, IRBND is the old port box. and the 'implausible position jump held' warnings are TRK-514, they only log")
    say(ROLLBACK - dt.timedelta(minutes=1, seconds=30), "tiago.ferreira", "compliance can't wait, rolling back to 4.6.2 per the runbook anyway")
    say(ROLLBACK + dt.timedelta(minutes=3), "tiago.ferreira", "4.6.2 running (history 32)")
    say(ROLLBACK + dt.timedelta(minutes=11), "tiago.ferreira", "the WARNINGs are gone with TRK-514, but 'position jump accepted after 2 consistent fixes' keeps coming: SALTIRE and NORDIC ALBA flip between their real positions and 27.2183,56.3780, with ARRI/DEPA IRBND each time")
    say(utc("2026-08-11 06:57:10"), "luis.moreno (fleet ops)", "masters of SALTIRE and ORCA report GNSS interference since about 05:50 UTC: ECDIS shows them at Bandar Abbas airport, they navigate by radar. the Gulf has had spoofing reports since yesterday")
    say(utc("2026-08-11 07:01:40"), "tiago.ferreira", "ais-stream and the RCM gateways both give 27.2183 56.3780 at 0 kn for all four, 3d fixes with good HDOP. that's Bandar Abbas airport. WREN at Dammam is fine. it's not the tracker")
    say(OVERRIDE_ON - dt.timedelta(seconds=40), "tiago.ferreira", "turning on the position override (port-call source) for the four IMOs and pausing their notifications")
    say(utc("2026-08-11 07:19:20"), "luis.moreno (fleet ops)", "JMIC advisory 031/26 out (0712 UTC): GNSS interference in the Strait of Hormuz and the Gulf, positions displaced ashore incl. Bandar Abbas airport")
    say(COMP_RELEASE - dt.timedelta(minutes=1), "hannah.vogt (compliance)", "releasing the holds for the four vessels in bulk, case COMP-2291")
    say(COMP_RELEASE + dt.timedelta(minutes=14), "hannah.vogt (compliance)", f"{released} holds released, B/L issuance and customs filings resumed")
    say(utc("2026-08-11 07:58:30"), "customer-service-bot", "38 cases today tagged 'Bandar Abbas' / 'Iran' (shipment status), template reply 'GNSS interference, your cargo is at Jebel Ali' sent")
    say(utc("2026-08-11 08:21:00"), "tiago.ferreira", "ORCA out of the Strait, fixes true since 08:10. override off for her")
    say(utc("2026-08-11 08:46:00"), "luis.moreno (fleet ops)", "SALTIRE: GNSS normal since 08:38 UTC")
    say(utc("2026-08-11 09:04:30"), "tiago.ferreira", "overrides off for SALTIRE, KESTREL and NORDIC ALBA, their fixes are true again")
    say(REDEPLOY - dt.timedelta(minutes=2), "kim.delacruz", "re-enabling auto-sync: 4.7.0 again plus Tiago's runbook section. follow-ups: TRK-521 treat a fix on land as implausible, TRK-522 take JMIC/UKMTO areas into the jump gate")
    return [app, rcm, ais, comp, notif, argo, adv, slack], stats


def build(out_dir):
    rng = random.Random(62200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_held"].replace(microsecond=0)
        assert utc("2026-08-11 05:49:00") <= onset <= utc("2026-08-11 05:56:00"), onset
        assert set(stats["holds"]) == set(AFFECTED), stats["holds"]
        held = stats["held_times"]

        def jumps(kind_filter):
            def fn(t):
                return sum(1 for th, name, kind in held if kind_filter(kind) and t - dt.timedelta(minutes=5) < th <= t)
            return fn

        holds = stats["holds"]

        def active(t):
            n = sum(AFFECTED[name][2] for name, th in holds.items() if th <= t)
            return n if t < COMP_RELEASE else max(0, n - sum(AFFECTED[name][2] for name in holds if t >= COMP_RELEASE + dt.timedelta(minutes=3 + 3 * ["TIDEWELL KESTREL", "TIDEWELL SALTIRE", "TIDEWELL ORCA", "NORDIC ALBA"].index(name))))

        metrics = {
            "tracker_position_jumps_held_5m.json": query_range([({"job": "equipment-tracker"}, jumps(lambda k: True))], START, END, 60),
            "compliance_holds_active.json": query_range([({"job": "compliance-screening", "rule": "TERR-IR-01"}, active)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r62-gnss-spoofing-gulf-none", service=SERVICE, onset=onset,
            description=f"""
On Tuesday 11 August four Tidewell Line vessels in the Strait of Hormuz and
at Jebel Ali "arrive" at Bandar Abbas: from {onset.strftime('%H:%M:%S')} UTC
equipment-tracker holds and then accepts position jumps to one point near
Bandar Abbas, publishes DEPA/ARRI events and ETA changes to customers, and
compliance-screening puts every booking on board on hold for Iran.
equipment-tracker 4.7.0 had gone out at 05:31; a rollback to 4.6.2 at
06:41 did not help. Position overrides were set at 07:09 and the holds
released from 07:33; 4.7.0 was synced again at 09:22.
""",
            logs=logs, line_formats={"equipment-tracker.log": r'<Date> <Time> <Level> \[<Pod>\] <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'GNSS interference',
                r'position jump accepted after .*consistent fixes',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. From about 05:49 UTC ships in the Strait of Hormuz
and off Jebel Ali had their GNSS spoofed (the JMIC advisory 031/26 and
the masters' reports: "GNSS interference", positions displaced ashore to
Bandar Abbas airport). The AIS positions and the RCM gateways' fixes of
TIDEWELL KESTREL, NORDIC ALBA, TIDEWELL SALTIRE and TIDEWELL ORCA all
read 27.2183 N 56.3780 E at 0 kn, so equipment-tracker's jump gate did
what it was built for: it held each first jump and accepted it when the
next two fixes agreed ("position jump accepted after 2 consistent
fixes"), derived DEPA AEJEA / ARRI IRBND, and compliance-screening held
{sum(AFFECTED[n][2] for n in stats['holds'])} bookings for Iran. TIDEWELL WREN at Dammam, outside the
interference, was unaffected. The incident was handled with the existing
position override (port-call source) and a bulk release of the holds;
the interference ended between 08:10 and 08:51. Nothing in this
repository is changed for it (follow-ups TRK-521/522 would be new
features, not a fix).
Decoys: the 4.7.0 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (TRK-512,
terminal polygons for Jebel Ali and the Gulf ports, the very geofences of
the false port events; TRK-514 of the day before, which adds the very
"implausible position jump held" warning; TRK-515, ETA from AIS SOG,
whose fallback warnings the 0 kn fixes trigger; a shapely bump), rolled
back at 06:41 without effect (the warnings vanish, the accepted jumps and
events stay) and synced again at 09:22; the runbook commit that reads
unscheduled port calls and holds after a deploy as a geofence change; the
notification threshold and override audit commits; routine held-and-
dropped AIS glitches of other vessels, reefer alarms and webhook retries.
""",
        )
    finally:
        repo.close()
