"""quayside (Python 3.12, FastAPI on Kubernetes, PostgreSQL) of Lorne Ferries,
a Scottish west-coast operator (Ardrossan-Brodick, Oban-Craignure,
Oban-Castlebay). At the port gates a lane controller reads the boarding
pass and the number plate and posts the scan to quayside, which checks the
booking and allocates the vehicle a lane on the sailing's deck plan; the
gate shows the lane and prints a lane ticket. A second deployment of the
same image (quayside-tide) polls the tide/weather schedule feed and keeps
the linkspan restrictions (at low water long-overhang vehicles must use
certain lanes).

On Thursday 16 July at 16:20 UTC a deck commit (FERRY-812) changes how a
lane is chosen: instead of "main deck first, then the fullest lane that
still fits" the key is the lane's disembark order. Main-deck lanes all
have one in the vessel profiles; the lanes of MV Loch Seil's hoistable
car deck do not (None: the loading master decides when the hoist deck is
unloaded). Friday's morning release (Argo CD sync at 08:41, its start
lines name a later CI commit) ships it. The hoistable deck is only lowered
for the busiest sailings; on Friday the loading master lowers it for the
16:40 BST (15:40 UTC) Ardrossan-Brodick sailing. From the first car that
arrives at the Ardrossan gates for that sailing (about 14:50 UTC), every
vehicle low enough for the hoist deck makes min() compare None with an
int: TypeError, 500, the gate shows SEE STAFF. Vans, campers and lorries
(too high for the hoist deck) and every other sailing check in normally.

Humans: the port staff report it; the on-call sees the tide feed config
change synced 32 minutes before the onset (FERRY-830: tide feed v2, poll
every 5 minutes, a 0.3 m linkspan margin, whose new "linkspan restriction"
warnings name deck lanes) and rolls it back at 15:06, without effect.
Ardrossan switches its lanes to manual lane tickets at 15:12. The on-call
then reads the traceback, the deck author recognises her change, and the
app is rolled back to Thursday's release at 15:19; scans work again from
15:21 and the sailing leaves 21 minutes late.

Decoys: the FERRY-830 tide config sync 32 minutes before; the commit of
Friday morning that logs every allocation failure with booking, sailing,
vehicle and the exception ("deck allocation failed" is new in the
release, and genuine failures of oversize vehicles use the same words
before the onset); a harmless commit to allocate.py after the culprit; an
httpx bump; docs, tests, CI and chores; the loading master's deck-plan
update at 13:32 (a clue, not a commit). Sources: quayside and quayside-tide
(structlog JSON with tracebacks in the exception field), the cloud edge's
HAProxy (syslog RFC 3164, httplog), Ardrossan's lane controller (NLog,
pipe-separated), PostgreSQL, Argo CD's application controller (logfmt)
and #port-ops / #quayside (chat export)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, poisson_times, query_range, utc, write_scenario
from formats import postgres, syslog3164
from skeletons import chores, readme, runbook

SERVICE = "quayside"
START, END = utc("2026-07-17 07:30:00"), utc("2026-07-17 16:40:00")
DEPLOY1 = utc("2026-07-17 08:41:07")
PLAN_UPDATE = utc("2026-07-17 13:32:18")
DECOY_SYNC = utc("2026-07-17 14:19:33")
CONFIG_ROLLBACK = utc("2026-07-17 15:06:12")
MANUAL_ON = utc("2026-07-17 15:12:30")
APP_ROLLBACK = utc("2026-07-17 15:19:48")
MANUAL_OFF = utc("2026-07-17 15:22:40")
BST = dt.timedelta(hours=1)
HOIST_SAILING = "ARD-BRD-20260717-1640"

# ---------------------------------------------------------------------------
# the repository

PLAN_PY = '''"""Deck plans: the lanes of a sailing's vessel and what is parked in them."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

VESSELS = Path(__file__).parent / "vessels"


@dataclass(frozen=True)
class Lane:
    deck: str                      # "main" or "hoist"
    number: int
    length_m: float
    clearance_m: float
    disembark_order: int | None    # None where the loading master decides (hoist deck)


@dataclass(frozen=True)
class Vehicle:
    booking: str
    vclass: str                    # CAR, MC, VAN, CAMPER, CARAVAN, COACH, HGV
    registration: str
    length_m: float
    height_m: float


@dataclass
class DeckPlan:
    sailing: str
    vessel: str
    lanes: list[Lane]
    hoist_deployed: bool = False
    used_m: dict[tuple[str, int], float] = field(default_factory=dict)

    GAP_M = 0.5

    def free_m(self, lane: Lane) -> float:
        return lane.length_m - self.used_m.get((lane.deck, lane.number), 0.0)

    def candidates(self, vehicle: Vehicle) -> list[Lane]:
        return [
            lane for lane in self.lanes
            if (lane.deck == "main" or self.hoist_deployed)
            and lane.clearance_m >= vehicle.height_m
            and self.free_m(lane) >= vehicle.length_m + self.GAP_M
        ]

    def assign(self, lane: Lane, vehicle: Vehicle) -> None:
        key = (lane.deck, lane.number)
        self.used_m[key] = self.used_m.get(key, 0.0) + vehicle.length_m + self.GAP_M


def load_lanes(vessel: str) -> list[Lane]:
    profile = yaml.safe_load((VESSELS / f"{vessel}.yaml").read_text())
    return [
        Lane(deck, n["lane"], n["length_m"], n["clearance_m"], n.get("disembark_order"))
        for deck, lanes in profile["decks"].items()
        for n in lanes
    ]
'''

ALLOCATE_PY = '''"""Which lane a vehicle is sent to at the gate."""

from quayside.deck.plan import DeckPlan, Lane, Vehicle


class AllocationError(Exception):
    pass


def allocate(plan: DeckPlan, vehicle: Vehicle) -> Lane:
    candidates = plan.candidates(vehicle)
    if not candidates:
        raise AllocationError(
            f"no lane fits vehicle: length {vehicle.length_m} m, height {vehicle.height_m:.2f} m"
        )
    # The main deck first, then the fullest lane that still fits: long lanes
    # stay free for the coaches and lorries that arrive last.
    lane = min(candidates, key=lambda l: (l.deck != "main", plan.free_m(l), l.number))
    plan.assign(lane, vehicle)
    return lane
'''


def lanes_yaml(name, main, hoist):
    out = f"# {name}: lanes as surveyed; disembark_order 1 leaves first at the next port.\nvessel: {name}\ndecks:\n  main:\n"
    for n, (length, clearance, order) in enumerate(main, 1):
        out += f"    - {{lane: {n}, length_m: {length}, clearance_m: {clearance}, disembark_order: {order}}}\n"
    if hoist:
        out += "  # The hoistable car deck is lowered for busy sailings only. It is unloaded\n  # when the loading master raises the ramp, so its lanes have no fixed order.\n  hoist:\n"
        for n, (length, clearance) in enumerate(hoist, 1):
            out += f"    - {{lane: {n}, length_m: {length}, clearance_m: {clearance}}}\n"
    return out


LOCH_SEIL = lanes_yaml("loch-seil", [(62.0, 4.9, 3), (62.0, 4.9, 1), (66.0, 4.9, 2), (66.0, 4.9, 4), (62.0, 4.9, 5), (58.0, 2.1, 6), (58.0, 2.1, 7), (44.0, 2.1, 8)],
                       [(48.0, 1.9), (48.0, 1.9), (48.0, 1.9), (48.0, 1.9)])
KERRERA = lanes_yaml("isle-of-kerrera", [(54.0, 4.8, 2), (58.0, 4.8, 1), (58.0, 4.8, 3), (54.0, 4.8, 4), (40.0, 2.2, 5), (40.0, 2.2, 6)], [])
PLADDA = lanes_yaml("sound-of-pladda", [(60.0, 4.8, 2), (64.0, 4.8, 1), (64.0, 4.8, 3), (60.0, 4.8, 4), (52.0, 2.2, 5)], [(42.0, 1.9), (42.0, 1.9)])

GATE_PY_OLD = '''"""Vehicle and foot passenger scans from the port gates' lane controllers."""

import structlog
from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel

from quayside.bookings import BookingStore, get_bookings
from quayside.deck.allocate import AllocationError, allocate
from quayside.deck.plan import Vehicle
from quayside.deck.plans import DeckPlans, get_plans

router = APIRouter()
log = structlog.get_logger(__name__)


class Scan(BaseModel):
    pass_id: str
    plate: str | None = None
    lane_controller: str


@router.post("/v1/gates/{gate}/scans")
async def vehicle_scan(gate: str, scan: Scan, bookings: BookingStore = Depends(get_bookings), plans: DeckPlans = Depends(get_plans)):
    booking = await bookings.for_pass(scan.pass_id)
    if booking is None:
        log.info("scan refused", gate=gate, reason="PASS_UNKNOWN")
        raise HTTPException(404, "PASS_UNKNOWN")
    if booking.status != "CONFIRMED":
        log.info("scan refused", gate=gate, booking=booking.ref, reason=booking.status)
        raise HTTPException(409, booking.status)
    if booking.vehicle is None:
        log.info("passenger pass accepted", gate=gate, booking=booking.ref, sailing=booking.sailing, pax=booking.pax)
        return {"result": "OK"}
    if scan.plate and scan.plate != booking.vehicle.registration:
        log.info("scan refused", gate=gate, booking=booking.ref, reason="PLATE_MISMATCH")
        raise HTTPException(409, "PLATE_MISMATCH")
    plan = await plans.for_sailing(booking.sailing)
    vehicle = Vehicle(booking.ref, booking.vehicle.vclass, booking.vehicle.registration, booking.vehicle.length_m, booking.vehicle.height_m)
    try:
        lane = allocate(plan, vehicle)
    except AllocationError:
        log.info("vehicle check-in refused", gate=gate, booking=booking.ref, reason="NO_LANE")
        raise HTTPException(409, "NO_LANE")
    await plans.save(plan)
    log.info("vehicle checked in", gate=gate, booking=booking.ref, sailing=booking.sailing,
             vclass=vehicle.vclass, deck=lane.deck, lane=lane.number)
    return {"result": "OK", "deck": lane.deck, "lane": lane.number}
'''

FEED_PY = '''"""Polls the tide/weather schedule feed and keeps the linkspan restrictions."""

import asyncio

import httpx
import structlog

from quayside.config import settings
from quayside.tide.restrictions import Restrictions

log = structlog.get_logger(__name__)


async def poll_forever(restrictions: Restrictions) -> None:
    async with httpx.AsyncClient(base_url=settings.tide.url, timeout=10) as client:
        while True:
            try:
                resp = await client.get("/predictions", params={"stations": ",".join(settings.tide.stations)})
                resp.raise_for_status()
                restrictions.update(resp.json(), margin_m=settings.tide.linkspan_margin_m)
                log.info("tide feed polled", stations=len(settings.tide.stations))
            except httpx.HTTPError as err:
                log.warning("tide feed poll failed", error=str(err))
            await asyncio.sleep(settings.tide.poll_seconds)
'''

CONFIG_TOML = """[database]
dsn_env = "QUAYSIDE_DATABASE_URL"
pool_max = 20

[gates]
scan_timeout_ms = 4000

[tide]
url = "https://tides.marinedata.example.net/v1"
stations = ["ARD", "BRD", "OBN", "CRN", "CBY"]
poll_seconds = 600
linkspan_margin_m = 0.0
"""

TEST_ALLOCATE = '''from quayside.deck.allocate import AllocationError, allocate
from quayside.deck.plan import DeckPlan, Lane, Vehicle

import pytest


def plan():
    return DeckPlan("T-1", "test", [Lane("main", 1, 20.0, 4.9, 2), Lane("main", 2, 12.0, 2.1, 1)])


def test_fullest_lane_that_fits():
    p = plan()
    car = Vehicle("B1", "CAR", "SK19 ABC", 4.4, 1.5)
    assert allocate(p, car).number == 2


def test_nothing_fits():
    with pytest.raises(AllocationError):
        allocate(plan(), Vehicle("B2", "HGV", "PX21 LMN", 18.5, 4.6))
'''


def deployment():
    return """apiVersion: apps/v1
kind: Deployment
metadata:
  name: quayside
spec:
  replicas: 2
  selector:
    matchLabels: {app: quayside}
  template:
    metadata:
      labels: {app: quayside}
    spec:
      containers:
        - name: quayside
          image: europe-west2-docker.pkg.dev/lorne-ferries/apps/quayside:main
          command: ["uvicorn", "quayside.main:app", "--host", "0.0.0.0", "--port", "8000"]
          volumeMounts: [{name: config, mountPath: /app/config}]
      volumes: [{name: config, configMap: {name: quayside-config}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: quayside-tide
spec:
  replicas: 1
  selector:
    matchLabels: {app: quayside-tide}
  template:
    metadata:
      labels: {app: quayside-tide}
    spec:
      containers:
        - name: quayside-tide
          image: europe-west2-docker.pkg.dev/lorne-ferries/apps/quayside:main
          command: ["python", "-m", "quayside.tide"]
          volumeMounts: [{name: config, mountPath: /app/config}]
      volumes: [{name: config, configMap: {name: quayside-config}}]
"""


def build_repo():
    eilidh = Person("Eilidh MacLeod", "eilidh.macleod@lorneferries.co.uk", 60)
    calum = Person("Calum Macrae", "calum.macrae@lorneferries.co.uk", 60)
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@lorneferries.co.uk", 120)
    anjali = Person("Anjali Menon", "anjali.menon@lorneferries.co.uk", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("quayside", "Port check-in for Lorne Ferries: gate scans, deck allocation and the tide feed\n(linkspan restrictions). quayside-tide is the same image running the feed poller.", "uv run uvicorn quayside.main:app --reload"),
        "docs/runbook.md": runbook("quayside", [
            ("QuaysideGateErrors", "Gate scans answering 5xx. Port staff can issue manual lane tickets from the lane\ncontroller; record them in the ops console afterwards."),
            ("TideFeedStale", "No tide predictions for 30 minutes: linkspan restrictions keep their last values."),
        ]),
        "pyproject.toml": '[project]\nname = "quayside"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = [\n  "fastapi==0.111.1",\n  "uvicorn[standard]==0.30.1",\n  "asyncpg==0.29.0",\n  "structlog==24.2.0",\n  "httpx==0.27.0",\n  "pydantic==2.8.2",\n  "PyYAML==6.0.1",\n]\n\n[tool.ruff]\nline-length = 130\n',
        "quayside/__init__.py": "",
        "quayside/deck/__init__.py": "",
        "quayside/deck/plan.py": PLAN_PY,
        "quayside/deck/allocate.py": ALLOCATE_PY,
        "quayside/deck/vessels/loch-seil.yaml": LOCH_SEIL,
        "quayside/deck/vessels/isle-of-kerrera.yaml": KERRERA,
        "quayside/deck/vessels/sound-of-pladda.yaml": PLADDA,
        "quayside/checkin/__init__.py": "",
        "quayside/checkin/gate.py": GATE_PY_OLD,
        "quayside/tide/__init__.py": "",
        "quayside/tide/feed.py": FEED_PY,
        "config/production.toml": CONFIG_TOML,
        "k8s/deployment.yaml": deployment(),
        "k8s/kustomization.yaml": "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: quayside-config\n    files:\n      - ../config/production.toml\n",
        "tests/test_allocate.py": TEST_ALLOCATE,
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: astral-sh/setup-uv@v2\n      - run: uv run ruff check .\n      - run: uv run pytest -q\n",
    }
    repo.commit(utc("2026-07-13 08:05:00"), eilidh, "quayside: gate scans, deck allocation, tide feed", files)
    repo.schedule(chores(random.Random(30101), "quayside", [eilidh, calum, tomasz, anjali], utc("2026-07-13 08:05:00"), utc("2026-07-16 12:00:00"), 3))
    repo.commit(utc("2026-07-14 09:20:00"), tomasz, "gate: ANPR plate mismatch is a warning, not a refusal (FERRY-801)\n\nCamera misreads at Oban refused 14 cars last Saturday.", {
        "quayside/checkin/gate.py": repo.edit("quayside/checkin/gate.py",
            '        log.info("scan refused", gate=gate, booking=booking.ref, reason="PLATE_MISMATCH")\n        raise HTTPException(409, "PLATE_MISMATCH")\n',
            '        log.warning("ANPR plate mismatch", gate=gate, booking=booking.ref, booked=booking.vehicle.registration, read=scan.plate)\n'),
        "docs/gates.md": "# Gate scans\n\nThe lane controller posts the boarding pass and the plate its ANPR camera read.\nA plate that differs from the booking is logged and accepted: the pass decides.\n",
    })
    repo.commit(utc("2026-07-15 08:40:00"), calum, "tide: retry the feed once on 5xx (FERRY-805)", {
        "quayside/tide/feed.py": repo.edit("quayside/tide/feed.py", "                resp.raise_for_status()\n",
                                           "                if resp.status_code >= 500:\n                    resp = await client.get(\"/predictions\", params={\"stations\": \",\".join(settings.tide.stations)})\n                resp.raise_for_status()\n"),
    })
    repo.commit(utc("2026-07-15 10:10:00"), anjali, "tests: foot passenger and unknown pass scans", {
        "tests/test_gate.py": "from fastapi.testclient import TestClient\n\nfrom quayside.main import app\n\n\ndef test_unknown_pass(fake_bookings):\n    client = TestClient(app)\n    r = client.post(\"/v1/gates/ARD-L1/scans\", json={\"pass_id\": \"nope\", \"lane_controller\": \"t\"})\n    assert r.status_code == 404\n",
    })
    thursday = repo.commit(utc("2026-07-16 07:10:00"), calum, "k8s: 3 replicas for the summer timetable", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "  replicas: 2\n", "  replicas: 3\n"),
    })
    culprit = repo.commit(utc("2026-07-16 16:20:00"), eilidh, "deck: fill lanes by disembark order (FERRY-812)\n\nBrodick wants the vehicles that leave first at the next port nearest the\nbow door, instead of the fullest lane first. The main deck disembarks\nbefore the hoist deck anyway, so the disembark order covers what the\nmain-deck-first rule did.", {
        "quayside/deck/allocate.py": repo.edit("quayside/deck/allocate.py",
            "    # The main deck first, then the fullest lane that still fits: long lanes\n    # stay free for the coaches and lorries that arrive last.\n    lane = min(candidates, key=lambda l: (l.deck != \"main\", plan.free_m(l), l.number))\n",
            "    # The lanes that leave first at the next port, then the fullest lane that\n    # still fits (long lanes stay free for the coaches and lorries that arrive last).\n    lane = min(candidates, key=lambda l: (l.disembark_order, plan.free_m(l), l.number))\n"),
        "tests/test_allocate.py": repo.edit("tests/test_allocate.py", "def test_nothing_fits():",
            "def test_disembark_order_first():\n    p = DeckPlan(\"T-2\", \"test\", [Lane(\"main\", 1, 20.0, 4.9, 1), Lane(\"main\", 2, 12.0, 2.1, 2)])\n    car = Vehicle(\"B1\", \"CAR\", \"SK19 ABC\", 4.4, 1.5)\n    assert allocate(p, car).number == 1\n\n\ndef test_nothing_fits():"),
    })
    repo.commit(utc("2026-07-16 16:52:00"), eilidh, "deck: AllocationError names the sailing", {
        "quayside/deck/allocate.py": repo.edit("quayside/deck/allocate.py",
            'f"no lane fits vehicle: length {vehicle.length_m} m, height {vehicle.height_m:.2f} m"',
            'f"no lane fits vehicle: length {vehicle.length_m} m, height {vehicle.height_m:.2f} m on {plan.sailing}"'),
    })
    repo.commit(utc("2026-07-16 21:04:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-07-17 06:05:00"), tomasz, "checkin: log allocation failures with booking, sailing and vehicle (FERRY-826)\n\nPort staff ask why a car got SEE STAFF and the log only said NO_LANE.\nLog the failure with the vehicle and the exception, and answer 500\nALLOCATION_ERROR for anything that is not an AllocationError.", {
        "quayside/checkin/gate.py": repo.edit("quayside/checkin/gate.py",
            "    except AllocationError:\n        log.info(\"vehicle check-in refused\", gate=gate, booking=booking.ref, reason=\"NO_LANE\")\n        raise HTTPException(409, \"NO_LANE\")\n",
            "    except AllocationError as err:\n        log.warning(\"deck allocation failed\", gate=gate, booking=booking.ref, sailing=booking.sailing,\n                    vclass=vehicle.vclass, length_m=vehicle.length_m, height_m=vehicle.height_m, exc_info=True)\n        raise HTTPException(409, \"NO_LANE\") from err\n"
            "    except Exception as err:\n        log.error(\"deck allocation failed\", gate=gate, booking=booking.ref, sailing=booking.sailing,\n                  vclass=vehicle.vclass, length_m=vehicle.length_m, height_m=vehicle.height_m, exc_info=True)\n        raise HTTPException(500, \"ALLOCATION_ERROR\") from err\n"),
    })
    repo.commit(utc("2026-07-17 06:50:00"), anjali, "docs: deck allocation and the hoistable deck", {
        "docs/deck-allocation.md": "# Deck allocation\n\nAt the gate a vehicle gets a lane from the sailing's deck plan\n(`quayside/deck/allocate.py`). Lanes come from the vessel profiles in\n`quayside/deck/vessels/`.\n\nMV Loch Seil and MV Sound of Pladda have a hoistable car deck (1.90 m\nclearance). The loading master lowers it for busy sailings in the ops\nconsole; only then do its lanes take cars.\n",
    })
    head1 = repo.commit(utc("2026-07-17 07:20:00"), calum, "ci: pin ruff to 0.5.2", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: uv run ruff check .\n", "      - run: uvx ruff@0.5.2 check .\n"),
    })
    deployed = dict(repo.files)
    head2 = repo.commit(utc("2026-07-17 14:14:00"), calum, "config: tide feed v2, poll every 5 minutes, 0.3 m linkspan margin (FERRY-830)\n\nThe harbour master at Brodick wants the low-water restriction to start\nearlier; v2 of the feed has the 5-minute predictions.", {
        "config/production.toml": repo.edit("config/production.toml",
            'url = "https://tides.marinedata.example.net/v1"', 'url = "https://tides.marinedata.example.net/v2"').replace(
            "poll_seconds = 600\nlinkspan_margin_m = 0.0\n", "poll_seconds = 300\nlinkspan_margin_m = 0.3\n"),
    })
    return repo, culprit, thursday, head1, head2, deployed


def line_of(text, needle):
    return text.splitlines().index(needle) + 1


# ---------------------------------------------------------------------------
# the day at the ports

# (route, vessel, departures in UTC, vehicles booked)
SAILINGS = [
    ("ARD", "BRD", "loch-seil", ["06:45", "09:45", "12:30", "15:40"], [48, 71, 84, 104]),
    ("BRD", "ARD", "loch-seil", ["08:20", "11:05", "13:50"], [38, 52, 66]),
    ("OBN", "CRN", "isle-of-kerrera", ["08:55", "10:50", "12:45", "14:40", "16:35"], [34, 41, 44, 46, 39]),
    ("CRN", "OBN", "isle-of-kerrera", ["07:55", "09:50", "11:45", "13:40", "15:35"], [22, 30, 35, 37, 40]),
    ("OBN", "CBY", "sound-of-pladda", ["13:30"], [52]),
]
GATES = {"ARD": 6, "BRD": 4, "OBN": 4, "CRN": 3, "CBY": 2}
VCLASSES = [("CAR", 0.66, (3.6, 5.1), (1.40, 1.75)), ("CAR", 0.08, (4.4, 5.0), (1.76, 1.98)), ("MC", 0.04, (2.0, 2.4), (1.2, 1.5)),
            ("VAN", 0.09, (4.8, 6.6), (1.95, 2.80)), ("CAMPER", 0.06, (5.6, 7.4), (2.6, 3.2)), ("CARAVAN", 0.03, (9.5, 12.5), (2.3, 2.7)),
            ("HGV", 0.03, (12.0, 16.5), (3.8, 4.4)), ("COACH", 0.01, (12.0, 13.5), (3.5, 3.7))]
LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"


def plate(rng):
    return f"{rng.choice(['SK', 'SN', 'SV', 'SY', 'SJ', 'SF', 'GL', 'YS', 'LF', 'BD', 'MW'])}{rng.choice(['15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '65', '66', '67', '68', '69', '70', '71', '72', '73', '74'])} {''.join(rng.choice(LETTERS) for _ in range(3))}"


def booking_ref(rng, used):
    while True:
        ref = "LF" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5))
        if ref not in used:
            used.add(ref)
            return ref


def tide_height(station, t):
    # low water at Brodick about 15:25 UTC; the others are offset a little
    lw = {"ARD": "15:12", "BRD": "15:25", "OBN": "13:58", "CRN": "13:51", "CBY": "13:10"}[station]
    lw_t = utc(f"2026-07-17 {lw}:00")
    mean, amp = {"ARD": (1.75, 1.20), "BRD": (1.85, 1.22), "OBN": (2.15, 1.55), "CRN": (2.10, 1.50), "CBY": (2.30, 1.75)}[station]
    phase = (t - lw_t).total_seconds() / 3600 / 12.42 * 2 * math.pi
    return mean - amp * math.cos(phase)


def iso(t):
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def sjson(t, level, logger, event, **fields):
    body = dict(fields)
    body["event"] = event
    body["level"] = level
    body["logger"] = logger
    body["timestamp"] = iso(t)
    return json.dumps(body, separators=(", ", ": "))


def version_at(t):
    """1: Friday's release (the culprit) from 08:41 until the app rollback."""
    return 1 if DEPLOY1 + dt.timedelta(seconds=40) <= t < APP_ROLLBACK + dt.timedelta(seconds=45) else 0


def tide_v2(t):
    return DECOY_SYNC + dt.timedelta(seconds=25) <= t < CONFIG_ROLLBACK + dt.timedelta(seconds=25)


def build_logs(rng, culprit, thursday, head1, head2, deployed):
    app = Log("quayside.log")
    hap = Log("haproxy-edge.log")
    gc = Log("lanegate-ARD.log")
    pg = Log("postgresql.log")
    argo = Log("argocd-application-controller.log")
    chat = Log("chat.log")
    stats = {"ok": [], "error": [], "refused": []}
    errors = []

    gate_file = deployed["quayside/checkin/gate.py"]
    alloc_file = deployed["quayside/deck/allocate.py"]
    gate_line = line_of(gate_file, "        lane = allocate(plan, vehicle)")
    min_line = line_of(alloc_file, "    lane = min(candidates, key=lambda l: (l.disembark_order, plan.free_m(l), l.number))")
    raise_line = line_of(alloc_file, "        raise AllocationError(")

    # --- pods
    pods = {"api": [], "tide": None}

    def podname(rs):
        return f"quayside-{rs}-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))

    def start_api(t, rs, sha, version):
        pod = podname(rs)
        app.add(t, sjson(t, "info", "quayside.main", "quayside starting", pod=pod, version=version, git_sha=sha[:7], python="3.12.4"))
        app.add(t + dt.timedelta(milliseconds=412), sjson(t + dt.timedelta(milliseconds=412), "info", "quayside.db", "database pool ready", pod=pod, min_size=2, max_size=20))
        app.add(t + dt.timedelta(milliseconds=655), sjson(t + dt.timedelta(milliseconds=655), "info", "uvicorn.error", "Application startup complete.", pod=pod))
        return pod

    def start_tide(t, sha, version, v2):
        pod = "quayside-tide-" + rng.choice(["5b7f9c6d8", "6c8d4f7b9", "7d9e5a8c4"]) + "-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        app.add(t, sjson(t, "info", "quayside.main", "quayside starting", pod=pod, version=version, git_sha=sha[:7], python="3.12.4", role="tide"))
        app.add(t + dt.timedelta(milliseconds=220), sjson(t + dt.timedelta(milliseconds=220), "info", "quayside.tide.feed", "tide feed poller started", pod=pod,
                                                          url="https://tides.marinedata.example.net/" + ("v2" if v2 else "v1"), poll_seconds=300 if v2 else 600, linkspan_margin_m=0.3 if v2 else 0.0))
        return pod

    api_pods = [podname("7b5d9c8f64") for _ in range(3)]
    initial_pods = list(api_pods)
    tide_pods = [(START - dt.timedelta(days=1), "quayside-tide-6f8c7d9b5-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5)))]

    def tide_pod(t):
        return [name for when, name in tide_pods if when <= t][-1]
    rollouts = [
        (DEPLOY1, head1, "2026.07.17.1", "68c9f7d5b4", False),
        (DECOY_SYNC, head2, "2026.07.17.1", "5d7b8c9f46", True),
        (CONFIG_ROLLBACK, head1, "2026.07.17.1", "68c9f7d5b4", False),
        (APP_ROLLBACK, thursday, "2026.07.16.1", "7b5d9c8f64", False),
    ]
    pod_timeline = []
    for when, sha, version, rs, v2 in rollouts:
        new = []
        for k in range(3):
            tk = when + dt.timedelta(seconds=9 + 14 * k + rng.uniform(0, 3))
            new.append(start_api(tk, rs, sha, version))
            old = api_pods[k]
            app.add(tk + dt.timedelta(seconds=6), sjson(tk + dt.timedelta(seconds=6), "info", "uvicorn.error", "Shutting down", pod=old))
            app.add(tk + dt.timedelta(seconds=6.4), sjson(tk + dt.timedelta(seconds=6.4), "info", "uvicorn.error", "Finished server process [1]", pod=old))
            pg.add(tk + dt.timedelta(seconds=6.5), postgres(tk + dt.timedelta(seconds=6.5), rng.randint(20000, 39999), "LOG", "could not receive data from client: Connection reset by peer", "quayside@quayside"))
        api_pods = new
        pod_timeline.append((when + dt.timedelta(seconds=40), list(new)))
        tide_pods.append((when + dt.timedelta(seconds=52), start_tide(when + dt.timedelta(seconds=52), sha, version, v2)))

    def api_pod(t):
        current = initial_pods
        for when, ps in pod_timeline:
            if t >= when:
                current = ps
        return rng.choice(current)

    # --- Argo CD
    def argo_line(t, level, msg, **kv):
        extra = " ".join(f"{k}={json.dumps(v) if ' ' in str(v) else v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg={json.dumps(msg)} application=argocd/quayside-prod' + (f" {extra}" if extra else ""))

    t = START + dt.timedelta(seconds=17)
    while t < END:
        argo_line(t, "info", "Refreshing app status (normal refresh requested), level (2)")
        argo_line(t + dt.timedelta(milliseconds=31), "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: quayside)")
        argo_line(t + dt.timedelta(milliseconds=rng.randint(140, 420)), "info", "Reconciliation completed", dedup_ms=0, diff_ms=rng.randint(4, 30), git_ms=rng.randint(60, 380), health_ms=rng.randint(1, 6), live_ms=rng.randint(2, 8), settings_ms=0, sync_ms=0, time_ms=rng.randint(150, 450))
        t += dt.timedelta(seconds=180)
    for when, sha, label, user in [(DEPLOY1, head1, "automated sync", None), (DECOY_SYNC, head2, "automated sync", None),
                                   (CONFIG_ROLLBACK, head1, "rollback", "calum.macrae@lorneferries.co.uk"),
                                   (APP_ROLLBACK, thursday, "rollback", "calum.macrae@lorneferries.co.uk")]:
        if user:
            argo_line(when - dt.timedelta(seconds=2), "info", "Disabled automated sync: rollback requested", user=user)
            argo_line(when, "info", f"Initiated rollback to '{sha}'", user=user)
        else:
            argo_line(when - dt.timedelta(seconds=4), "info", f"Updated sync status:  -> OutOfSync (revision {sha})")
            argo_line(when, "info", f"Initiated automated sync to '{sha}'")
        argo_line(when + dt.timedelta(seconds=1), "info", "Applying resource ConfigMap/quayside-config in cluster: https://kubernetes.default.svc, namespace: quayside")
        argo_line(when + dt.timedelta(seconds=1.2), "info", "Applying resource Deployment/quayside in cluster: https://kubernetes.default.svc, namespace: quayside")
        argo_line(when + dt.timedelta(seconds=1.3), "info", "Applying resource Deployment/quayside-tide in cluster: https://kubernetes.default.svc, namespace: quayside")
        argo_line(when + dt.timedelta(seconds=3), "info", "Updating operation state. phase: Running -> Succeeded, message: 'successfully synced (all tasks run)'")
        argo_line(when + dt.timedelta(seconds=3.1), "info", f"Sync operation to {sha} succeeded", dest_namespace="quayside", dest_server="https://kubernetes.default.svc")
        argo_line(when + dt.timedelta(seconds=64), "info", "Updated health status: Progressing -> Healthy")

    # --- sailings, vehicles and foot passengers at the gates
    used = set()
    gate_rid = [0]

    def hap_line(t, client, fe, srv, status, size, tt, req, tq=0):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        conn = rng.randint(20, 60)
        return syslog3164(t, "lb-edge-1", "haproxy", 1843, f'{client}:{rng.randint(30000, 65000)} [{stamp}] {fe} be_quayside/{srv} {tq}/0/1/{max(1, tt - 2)}/{tt} {status} {size} - - ---- {conn}/{conn - 3}/{rng.randint(1, 5)}/{rng.randint(0, 2)}/0 0/0 "{req}"')

    port_net = {"ARD": "10.61.2", "BRD": "10.61.3", "OBN": "10.62.2", "CRN": "10.62.3", "CBY": "10.62.4"}

    def nlog(t, level, logger, lane, msg):
        gc.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 100:04d}|{level}|{logger}|{lane}|{msg}")

    def manual_mode(t):
        return MANUAL_ON <= t < MANUAL_OFF

    manual_tickets = []

    def exception_text(err_kind, veh, sailing):
        if err_kind == "type":
            return "\n".join([
                "Traceback (most recent call last):",
                f'  File "/app/quayside/checkin/gate.py", line {gate_line}, in vehicle_scan',
                "    lane = allocate(plan, vehicle)",
                "           ^^^^^^^^^^^^^^^^^^^^^^^",
                f'  File "/app/quayside/deck/allocate.py", line {min_line}, in allocate',
                "    lane = min(candidates, key=lambda l: (l.disembark_order, plan.free_m(l), l.number))",
                "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
                "TypeError: '<' not supported between instances of 'NoneType' and 'int'",
            ])
        return "\n".join([
            "Traceback (most recent call last):",
            f'  File "/app/quayside/checkin/gate.py", line {gate_line}, in vehicle_scan',
            "    lane = allocate(plan, vehicle)",
            "           ^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "/app/quayside/deck/allocate.py", line {raise_line}, in allocate',
            "    raise AllocationError(",
            f"quayside.deck.allocate.AllocationError: no lane fits vehicle: length {veh['length']} m, height {veh['height']:.2f} m on {sailing}",
        ])

    def scan(t, port, lane_no, sailing, hoist, veh, retry=False):
        gate = f"{port}-L{lane_no}"
        v = version_at(t)
        pod = api_pod(t)
        took = max(8, int(rng.lognormvariate(0, 0.35) * 34))
        if port == "ARD":
            nlog(t - dt.timedelta(milliseconds=rng.randint(300, 900)), "INFO", "Lanegate.Anpr.PlateReader", gate, f"plate read {veh['read']} confidence {rng.uniform(0.80, 0.99):.2f}")
            nlog(t - dt.timedelta(milliseconds=rng.randint(40, 120)), "INFO", "Lanegate.Lane.ScanHandler", gate, f"pass {veh['pass']} scanned ({'retry' if retry else 'QR'}), posting to host")
        fields = dict(pod=pod, gate=gate, booking=veh["ref"])
        outcome = "ok"
        if veh["oversize"]:
            outcome = "refused"
            if v == 1:
                app.add(t, sjson(t, "warning", "quayside.checkin.gate", "deck allocation failed", **fields, sailing=sailing, vclass=veh["vclass"], length_m=veh["length"], height_m=veh["height"],
                                 exception=exception_text("alloc", veh, sailing)))
            else:
                app.add(t, sjson(t, "info", "quayside.checkin.gate", "vehicle check-in refused", **fields, reason="NO_LANE"))
            status, size = 409, 64
        elif hoist and v == 1 and veh["height"] <= 1.90 and veh["length"] <= 6.0:
            outcome = "error"
            app.add(t, sjson(t, "error", "quayside.checkin.gate", "deck allocation failed", **fields, sailing=sailing, vclass=veh["vclass"], length_m=veh["length"], height_m=veh["height"],
                             exception=exception_text("type", veh, sailing)))
            status, size = 500, 72
            errors.append(t)
        else:
            if veh["plate"] != veh["read"]:
                app.add(t, sjson(t, "warning", "quayside.checkin.gate", "ANPR plate mismatch", **fields, booked=veh["plate"], read=veh["read"]))
            deck = "hoist" if hoist and veh["height"] <= 1.90 and rng.random() < 0.35 else "main"
            lane = rng.randint(1, 4) if deck == "hoist" else rng.randint(1, 8 if "loch" in veh["vessel"] else 6)
            app.add(t + dt.timedelta(milliseconds=took - 3), sjson(t + dt.timedelta(milliseconds=took - 3), "info", "quayside.checkin.gate", "vehicle checked in", **fields, sailing=sailing, vclass=veh["vclass"], deck=deck, lane=lane))
            status, size = 200, 58
            veh["lane"] = (deck, lane)
        stats[outcome].append(t)
        tt = took
        hap.add(t + dt.timedelta(milliseconds=tt), hap_line(t, f"{port_net[port]}.{10 + lane_no}", "fe_gates~", f"q{rng.randint(1, 3)}", status, size, tt, f"POST /v1/gates/{gate}/scans HTTP/1.1"))
        if port == "ARD":
            te = t + dt.timedelta(milliseconds=tt + rng.randint(5, 30))
            if status == 200:
                deck, lane = veh["lane"]
                nlog(te, "INFO", "Lanegate.Lane.ScanHandler", gate, f"host accepted pass {veh['pass']}: {'HOIST DECK ' if deck == 'hoist' else ''}LANE {lane} shown, ticket printed, barrier raised")
            elif status == 409:
                nlog(te, "WARN", "Lanegate.Lane.ScanHandler", gate, f"host refused pass {veh['pass']}: HTTP 409 NO_LANE; SEE STAFF shown")
            else:
                nlog(te, "ERROR", "Lanegate.Lane.ScanHandler", gate, f"host error for pass {veh['pass']}: HTTP 500 (Internal Server Error) after {tt} ms; lane held, SEE STAFF shown")
        return outcome

    for origin, dest, vessel, times, counts in SAILINGS:
        for hhmm, count in zip(times, counts):
            dep = utc(f"2026-07-17 {hhmm}:00")
            sailing = f"{origin}-{dest}-20260717-{(dep + BST).strftime('%H%M')}"
            hoist = sailing == HOIST_SAILING
            for i in range(count):
                vc = rng.random()
                acc = 0
                for name, w, (l0, l1), (h0, h1) in VCLASSES:
                    acc += w
                    if vc <= acc:
                        break
                length, height = round(rng.uniform(l0, l1), 1), round(rng.uniform(h0, h1), 2)
                p = plate(rng)
                read = p if rng.random() > 0.04 else p[:-1] + rng.choice(LETTERS)
                oversize = rng.random() < 0.004 or (sailing == "OBN-CRN-20260717-1150" and i == 7)
                if oversize:
                    name, length, height = "HGV", round(rng.uniform(17.8, 18.7), 1), round(rng.uniform(4.6, 4.9), 2)
                veh = {"ref": booking_ref(rng, used), "vclass": name, "length": length, "height": height, "plate": p, "read": read,
                       "oversize": oversize, "vessel": vessel, "pass": "".join(rng.choice("0123456789ABCDEF") for _ in range(10))}
                lead = rng.triangular(20, 85, 45)
                t = dep - dt.timedelta(minutes=lead, seconds=rng.uniform(0, 59))
                if hoist:
                    # vehicle check-in for the 16:40 opens at 15:50 BST; a queue is waiting
                    first = utc("2026-07-17 14:50:27") + dt.timedelta(microseconds=611204)
                    t = first if i == 0 else first + dt.timedelta(seconds=rng.triangular(4, 47 * 60, 420))
                if not START < t < END:
                    continue
                lane_no = rng.randint(1, GATES[origin])
                if origin == "ARD" and manual_mode(t):
                    nlog(t, "INFO", "Lanegate.Lane.ManualMode", f"ARD-L{lane_no}", f"pass {veh['pass']} read in MANUAL mode, not posted; staff issued manual lane ticket")
                    manual_tickets.append((t, veh, sailing))
                    continue
                out = scan(t, origin, lane_no, sailing, hoist, veh)
                if out == "error":
                    retry_t = t + dt.timedelta(seconds=rng.uniform(25, 70))
                    if origin == "ARD" and not manual_mode(retry_t) and rng.random() < 0.7:
                        nlog(retry_t - dt.timedelta(seconds=2), "INFO", "Lanegate.Lane.StaffPanel", f"ARD-L{lane_no}", "staff pressed RETRY")
                        out = scan(retry_t, origin, lane_no, sailing, hoist, veh, retry=True)
                    if out == "error":
                        manual_tickets.append((retry_t + dt.timedelta(seconds=rng.uniform(40, 120)), veh, sailing))
                        nlog(retry_t + dt.timedelta(seconds=rng.uniform(20, 40)), "INFO", "Lanegate.Lane.StaffPanel", f"ARD-L{lane_no}", f"manual lane ticket issued for pass {veh['pass']}, barrier raised by staff")
            # foot passengers at the terminal gates
            if origin in ("ARD", "OBN", "BRD"):
                for w in poisson_times(rng, dep - dt.timedelta(minutes=60), dep - dt.timedelta(minutes=10), count / 40 * 1.6):
                    if not START < w < END:
                        continue
                    ref = booking_ref(rng, used)
                    tt = max(6, int(rng.lognormvariate(0, 0.3) * 18))
                    app.add(w, sjson(w, "info", "quayside.checkin.gate", "passenger pass accepted", pod=api_pod(w), gate=f"{origin}-F{rng.randint(1, 2)}", booking=ref, sailing=sailing, pax=rng.choice([1, 1, 2, 2, 2, 3, 4])))
                    hap.add(w + dt.timedelta(milliseconds=tt), hap_line(w, f"{port_net[origin]}.{30 + rng.randint(1, 2)}", "fe_gates~", f"q{rng.randint(1, 3)}", 200, 22, tt, f"POST /v1/gates/{origin}-F{rng.randint(1, 2)}/scans HTTP/1.1"))
            if hoist:
                app.add(PLAN_UPDATE, sjson(PLAN_UPDATE, "info", "quayside.deck.plans", "deck plan updated", pod=api_pod(PLAN_UPDATE),
                                           sailing=sailing, vessel=vessel, hoist_deployed=True, user="loadmaster.ard"))

    # manual tickets recorded in the ops console after the rollback
    for i, (t, veh, sailing) in enumerate(sorted(manual_tickets, key=lambda m: m[0])):
        w = MANUAL_OFF + dt.timedelta(minutes=2, seconds=20 * i + rng.uniform(0, 15))
        app.add(w, sjson(w, "info", "quayside.ops.manual", "manual check-in recorded", pod=api_pod(w), booking=veh["ref"], sailing=sailing, user=rng.choice(["m.stewart.ard", "d.kerr.ard"])))
        hap.add(w + dt.timedelta(milliseconds=40), hap_line(w, "10.64.0.21", "fe_ops~", f"q{rng.randint(1, 3)}", 201, 88, 40, "POST /v1/ops/manual-checkins HTTP/1.1"))
    for lane in range(1, 7):
        nlog(MANUAL_ON + dt.timedelta(seconds=lane * 2.3), "WARN", "Lanegate.Lane.ManualMode", f"ARD-L{lane}", "lane switched to MANUAL by staff (d.kerr)")
        nlog(MANUAL_OFF + dt.timedelta(seconds=lane * 1.7), "INFO", "Lanegate.Lane.ManualMode", f"ARD-L{lane}", "lane switched to AUTO by staff (d.kerr)")

    # lane controller housekeeping
    for lane in range(1, 7):
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            nlog(t, "DEBUG", "Lanegate.Host.Heartbeat", f"ARD-L{lane}", f"host heartbeat ok rtt={rng.randint(18, 44)}ms")
            t += dt.timedelta(seconds=300)
    for w in poisson_times(rng, START, END, 0.03):
        lane = rng.randint(1, 6)
        nlog(w, rng.choice(["WARN", "WARN", "INFO"]), rng.choice(["Lanegate.Printer.Tickets", "Lanegate.Anpr.PlateReader", "Lanegate.Lane.Barrier"]), f"ARD-L{lane}",
             rng.choice(["ticket printer paper low (<15%)", "no plate read within 4 s, continuing on pass only", "barrier loop B occupied longer than 30 s", "QR decode failed (glare), waiting for rescan"]))

    # --- other traffic through the edge: web bookings, kiosks, manifests, health
    def edge_rate(t):
        h = (t + BST).hour
        return 14 if 9 <= h < 20 else 6

    t = START
    while t < END:
        step = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, step, edge_rate(t)):
            k = rng.random()
            if k < 0.4:
                req, size, tt = f"GET /v1/sailings?route={rng.choice(['ARD-BRD', 'BRD-ARD', 'OBN-CRN', 'CRN-OBN', 'OBN-CBY'])}&date=2026-07-{rng.randint(17, 31)} HTTP/1.1", rng.randint(2000, 9000), rng.randint(12, 60)
            elif k < 0.65:
                req, size, tt = f"GET /v1/bookings/{booking_ref(rng, used)} HTTP/1.1", rng.randint(900, 2400), rng.randint(8, 30)
            elif k < 0.8:
                req, size, tt = f"GET /v1/sailings/{rng.choice(['ARD-BRD', 'OBN-CRN'])}-20260717-{rng.choice(['1045', '1330', '1640', '1150', '1545'])}/capacity HTTP/1.1", rng.randint(200, 600), rng.randint(10, 40)
            elif k < 0.9:
                req, size, tt = "GET /v1/tide/restrictions HTTP/1.1", rng.randint(300, 900), rng.randint(4, 15)
            else:
                req, size, tt = f"POST /v1/kiosk/{rng.choice(['ARD', 'OBN'])}-K{rng.randint(1, 2)}/boarding-passes HTTP/1.1", rng.randint(3000, 5200), rng.randint(40, 140)
            status = 200
            if rng.random() < 0.01:
                status, size = 404, 52
            hap.add(w + dt.timedelta(milliseconds=tt), hap_line(w, f"10.{rng.choice([64, 70])}.{rng.randint(0, 9)}.{rng.randint(2, 250)}", rng.choice(["fe_web~", "fe_ops~"]), f"q{rng.randint(1, 3)}", status, size, tt, req))
        t = step
    for w in poisson_times(rng, START, END, 0.6):
        hap.add(w, hap_line(w, "10.64.0.5", "fe_health", f"q{rng.randint(1, 3)}", 200, 17, 2, "GET /healthz HTTP/1.1"))

    # --- tide feed poller
    stations = ["ARD", "BRD", "OBN", "CRN", "CBY"]
    t = START + dt.timedelta(seconds=48.2)
    while t < END:
        v2 = tide_v2(t)
        heights = {s: round(tide_height(s, t), 2) for s in stations}
        app.add(t, sjson(t, "info", "quayside.tide.feed", "tide feed polled", pod=tide_pod(t), stations=5, feed="v2" if v2 else "v1",
                         **{f"h_{s.lower()}_m": heights[s] for s in stations}))
        margin = 0.3 if v2 else 0.0
        for s, limit, lanes in (("BRD", 0.60, "main deck lanes 2-5"), ("CBY", 0.55, "main deck lanes 1-3")):
            if heights[s] < limit + margin:
                app.add(t + dt.timedelta(milliseconds=8), sjson(t + dt.timedelta(milliseconds=8), "warning", "quayside.tide.restrictions", "linkspan restriction active",
                                                                pod=tide_pod(t), port=s, predicted_m=heights[s], limit_m=round(limit + margin, 2),
                                                                rule=f"long-overhang vehicles (caravans, low-loaders) to {lanes} only"))
        if rng.random() < 0.02:
            app.add(t + dt.timedelta(seconds=10), sjson(t + dt.timedelta(seconds=10), "warning", "quayside.tide.feed", "tide feed poll failed", pod=tide_pod(t),
                                                        error="Server error '502 Bad Gateway' for url 'https://tides.marinedata.example.net/" + ("v2" if v2 else "v1") + "/predictions?stations=ARD%2CBRD%2COBN%2CCRN%2CCBY'"))
        t += dt.timedelta(seconds=300 if v2 else 600, milliseconds=rng.randint(-40, 40))

    # --- app housekeeping
    for w in poisson_times(rng, START, END, 0.04):
        app.add(w, sjson(w, "info", "quayside.checkin.gate", "scan refused", pod=api_pod(w), gate=f"{rng.choice(['ARD', 'OBN', 'BRD', 'CRN'])}-L{rng.randint(1, 3)}",
                         booking=booking_ref(rng, used), reason=rng.choice(["CANCELLED", "AMENDED", "OTHER_DATE", "OTHER_DATE"])))
    for w in poisson_times(rng, START, END, 0.012):
        app.add(w, sjson(w, "warning", "quayside.db", "slow query", pod=api_pod(w), ms=rng.randint(520, 1900), query="SELECT ... FROM bookings WHERE sailing_id = $1 AND status = ANY($2)"))
    for hh in ["08:00", "10:00", "12:00", "14:00", "16:00"]:
        w = utc(f"2026-07-17 {hh}:02") + dt.timedelta(milliseconds=rng.randint(0, 900))
        app.add(w, sjson(w, "info", "quayside.manifest", "passenger manifests exported", pod=api_pod(w), sailings=rng.randint(4, 7), seconds=round(rng.uniform(1.1, 3.4), 2)))
        pg.add(w + dt.timedelta(seconds=1), postgres(w + dt.timedelta(seconds=1), rng.randint(20000, 39999), "LOG", f"duration: {rng.uniform(1100, 2900):.3f} ms  execute <unnamed>: SELECT b.ref, p.name, p.dob, p.nationality FROM passengers p JOIN bookings b ON b.id = p.booking_id WHERE b.sailing_id = ANY($1)", "quayside@quayside"))

    # --- PostgreSQL
    t = START + dt.timedelta(minutes=2, seconds=11)
    while t < END:
        pg.add(t, postgres(t, 58, "LOG", "checkpoint starting: time"))
        tc = t + dt.timedelta(seconds=rng.uniform(150, 170))
        pg.add(tc, postgres(tc, 58, "LOG",
               f"checkpoint complete: wrote {rng.randint(300, 2400)} buffers ({rng.uniform(0.3, 2.2):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={rng.uniform(40, 150):.3f} s, sync={rng.uniform(0.002, 0.04):.3f} s, total={rng.uniform(150, 160):.3f} s; sync files={rng.randint(20, 80)}, longest=0.009 s, average=0.002 s; distance={rng.randint(2000, 20000)} kB, estimate={rng.randint(8000, 22000)} kB; lsn=2/{rng.randint(0x10000000, 0xFFFFFFFF):X}, redo lsn=2/{rng.randint(0x10000000, 0xFFFFFFFF):X}"))
        t += dt.timedelta(minutes=5)
    for w in poisson_times(rng, START, END, 0.02):
        pg.add(w, postgres(w, rng.randint(20000, 39999), "LOG", f"automatic vacuum of table \"quayside.public.{rng.choice(['deck_assignments', 'scans', 'bookings', 'tide_predictions'])}\": index scans: 1"))
    dl = utc("2026-07-17 11:18:04") + dt.timedelta(microseconds=331000)
    pg.add(dl, postgres(dl, 31877, "ERROR", "deadlock detected", "quayside@quayside"))
    pg.add(dl, postgres(dl, 31877, "DETAIL", "Process 31877 waits for ShareLock on transaction 8812034; blocked by process 31702.\n\tProcess 31702 waits for ShareLock on transaction 8812031; blocked by process 31877.", "quayside@quayside"))
    app.add(dl + dt.timedelta(milliseconds=12), sjson(dl + dt.timedelta(milliseconds=12), "error", "quayside.ops.amend", "booking amendment failed, retried", pod=api_pod(dl),
                                                    booking=booking_ref(rng, used), error="asyncpg.exceptions.DeadlockDetectedError: deadlock detected"))

    # --- chat
    def say(hhmmss, channel, who, text):
        t = utc(f"2026-07-17 {hhmmss}")
        chat.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} #{channel} <{who}> {text}")

    say("08:36:40", "quayside", "Calum Macrae", f"releasing 2026.07.17.1 ({head1[:7]}): disembark-order lanes (FERRY-812), allocation failure logging (FERRY-826), httpx bump")
    say("08:44:10", "quayside", "Calum Macrae", "2026.07.17.1 on all pods, gate scans fine at Oban and Ardrossan")
    say("11:52:30", "port-ops", "Iain Munro (OBN port)", "OBN-CRN 11:50: 18.4 m low-loader with a digger, too long for Kerrera. sent back to the haulier, nothing wrong with the gate")
    say("13:33:05", "port-ops", "Fiona Bain (ARD loading master)", "hoist deck down on Loch Seil for the 16:40 ARD-BRD, deck plan updated. 104 vehicles booked")
    say("14:14:50", "quayside", "Calum Macrae", "merging FERRY-830: tide feed v2, 5 min polling, 0.3 m linkspan margin for Brodick. config only, Argo will sync")
    say("14:21:15", "quayside", "Calum Macrae", "synced, tide poller on v2")
    say("14:57:40", "port-ops", "Morag Stewart (ARD port)", "cars for the 16:40 getting SEE STAFF on every lane at Ardrossan. vans and campers go through. retry does not help")
    say("15:01:05", "quayside", "alertmanager", "[FIRING:1] QuaysideGateErrors (gate=~ARD-L.*, status=500)")
    say("15:02:30", "quayside", "Calum Macrae", "looking. 500s started ~14:50, half an hour after the tide config sync. the new linkspan restriction warnings name deck lanes. rolling FERRY-830 back")
    say("15:07:20", "quayside", "Calum Macrae", "config rolled back, tide poller on v1 again")
    say("15:10:05", "port-ops", "Morag Stewart (ARD port)", "still SEE STAFF. queue back to the roundabout")
    say("15:12:10", "port-ops", "Duncan Kerr (ARD port)", "switching all ARD lanes to manual tickets for the 16:40")
    say("15:14:35", "quayside", "Calum Macrae", "the error is a TypeError in allocate.py, min() over the lanes comparing None with int")
    say("15:16:50", "quayside", "Eilidh MacLeod", "that's my FERRY-812. the hoist deck lanes have no disembark_order and it's only down for the 16:40. roll back to 2026.07.16.1, I'll fix it")
    say("15:19:30", "quayside", "Calum Macrae", "rolling back to 2026.07.16.1 (Thursday)")
    say("15:21:55", "quayside", "Calum Macrae", "2026.07.16.1 on all pods")
    say("15:23:30", "port-ops", "Duncan Kerr (ARD port)", "lanes back on AUTO, cars going through again (hoist deck lanes too). recording the manual tickets in the console now")
    say("16:02:15", "port-ops", "Fiona Bain (ARD loading master)", "Loch Seil away from Ardrossan 16:02 UTC, 22 min late, full")
    say("16:20:40", "quayside", "Eilidh MacLeod", "fix on a branch: hoist lanes sort after the main deck again, test with the Loch Seil profile and the hoist deck down. FERRY-812 stays reverted until Monday")
    return [app, hap, gc, pg, argo, chat], errors, stats


def build(out_dir):
    rng = random.Random(30100)
    repo, culprit, thursday, head1, head2, deployed = build_repo()
    try:
        logs, errors, stats = build_logs(rng, culprit, thursday, head1, head2, deployed)
        onset = min(errors).replace(microsecond=0)
        assert dt.timedelta(minutes=20) <= onset - DECOY_SYNC <= dt.timedelta(minutes=40), onset
        assert max(errors) < APP_ROLLBACK + dt.timedelta(minutes=1)

        def rate(kind):
            return lambda t: sum(1 for x in stats[kind] if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"quayside_gate_scans_5m.json": query_range([
            ({"job": "quayside", "outcome": "checked_in"}, rate("ok")),
            ({"job": "quayside", "outcome": "error"}, rate("error")),
            ({"job": "quayside", "outcome": "refused"}, rate("refused")),
        ], START, END, 60)}
        hours = (onset - utc("2026-07-16 16:20:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r30-hoist-deck-disembark-order", service=SERVICE, onset=onset,
            description=f"""
Lorne Ferries' Ardrossan gates send every car for the 16:40 BST sailing
to Brodick to SEE STAFF from {onset.strftime('%H:%M')} UTC on Friday 17 July: quayside answers
500 to their scans. Vans, campers and lorries, and every other sailing,
check in normally. quayside was released at 08:41 and the tide feed
config synced at 14:19; the on-call rolled the config back at 15:06
without effect, Ardrossan went to manual lane tickets at 15:12, and the
app was rolled back to Thursday's release at 15:19.

Story: Thursday's deck commit (FERRY-812) picks a lane by its disembark
order, which the hoistable car deck's lanes do not have; the hoist deck
is only lowered for the busiest sailings, today the 16:40. Decoys: the
FERRY-830 tide config sync, the allocation-failure logging commit, a
harmless allocate.py commit, an httpx bump, docs, tests, CI, chores.
""",
            line_formats={
                "lanegate-ARD.log": r'<Date> <Time>\|<Level>\|<Logger>\|<Lane>\|<Content>',
            },
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[
                r"not supported between instances of 'NoneType' and 'int'",
            ],
            fix_files=["quayside/deck/allocate.py"],
            explanation=f"""
The culprit is "deck: fill lanes by disembark order (FERRY-812)" (Thursday
16:20 UTC, about {hours:.0f} hours before the onset), shipped by Friday's 08:41
release, whose start lines and Argo sync name the later CI commit ("ci:
pin ruff to 0.5.2"). It replaces the lane key (main deck first, then the
fullest lane) with (disembark_order, free metres, number). The vessel
profiles give every main-deck lane a disembark order, but the lanes of
MV Loch Seil's hoistable car deck have none (None), and they are only
candidates when the loading master has lowered the hoist deck. That
happens for the Friday 16:40 BST Ardrossan-Brodick sailing (deck plan
updated at 13:32): from its first car at the gate, min() compares None
with an int ("TypeError: '<' not supported between instances of
'NoneType' and 'int'" in allocate.py), the scan answers 500 and the lane
shows SEE STAFF. Vehicles over 1.90 m never see the hoist lanes, and no
other sailing has the hoist deck down, so nothing else fails. The
rollback to Thursday's release at 15:19 ends it. Fix: a key that does
not compare None (the main deck first again) in allocate.py.
Decoys: the tide feed change (FERRY-830: feed v2, poll every 5 minutes,
0.3 m linkspan margin) synced at 14:19, {(onset - DECOY_SYNC).total_seconds() // 60:.0f} minutes before the onset,
whose new "linkspan restriction active" warnings for Brodick name deck
lanes; its rollback at 15:06 changes nothing. Friday morning's commit
(FERRY-826) that logs "deck allocation failed" with booking, sailing,
vehicle and the exception (the error line is new in that release, and an
18 m low-loader at Oban was logged with the same words before the onset);
the harmless "AllocationError names the sailing" commit to allocate.py
after the culprit; the httpx bump; docs, tests, CI and chores; a
PostgreSQL deadlock of a booking amendment at 11:18; tide feed 502s;
ANPR plate mismatches and lane-controller printer warnings.
""",
        )
    finally:
        repo.close()
