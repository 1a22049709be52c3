"""rtpi-feed (Python 3.12, asyncio; one VM, rtpi-prod-1, under systemd,
deployed by a GitHub Actions workflow that runs Ansible; team in Lewes,
Dublin and Pune) of Weald & Coast Buses, a regional bus operator in East
Sussex and West Kent (Brighton to Eastbourne along the coast, Brighton
and Haywards Heath to Lewes, Uckfield and Tunbridge Wells, the Eastbourne,
Hastings and Rye services). The AVL units on the buses report to the AVL
vendor Kinetra, whose hub sends their positions to rtpi-feed as SIRI-VM
every 10 s. rtpi-feed matches each bus to its trip's shape in the static
GTFS that the scheduling team publishes (gtfs-published bucket,
`current.json`), predicts its arrivals and serves GTFS-Realtime (trip
updates and vehicle positions) to the operator's journey planner
(OpenTripPlanner, run by the digital team) and to aggregators, and a
departures API to the stop display head-end (Lumatrix), which drives the
96 LED signs at stops over cellular. A bus more than `off_route_m` from
its shape for three fixes in a row is "off route": its trip's
predictions are withdrawn (timetable only on signs and in the planner)
until it is back. A timetable is built from a dataset's zip when the
scheduling team publishes one (about once a week) and pickled in
/var/cache/rtpi, keyed by the zip's sha256, so a restart or a deploy
loads the pickle and does not rebuild.

Thursday 24 September 13:22 UTC, RTPI-318: building a timetable takes 94 s,
most of it float() and round() over shapes.txt's points, during which
a new dataset is not live; `rtpi.geo.micro_degrees()` now parses the text
straight into integer microdegrees. For "-0.137140" `int("-0")` is 0,
so the sign is lost for every coordinate between 0 and -1: the tests
check 50.822510 and -1.234567. Weald & Coast's network west of the
Greenwich meridian (Brighton, Rottingdean, Saltdean, Falmer, Haywards
Heath, Wivelsfield, Chailey) lies entirely in that strip. 3.14.0 ships it
at 15:10 with the docs commit after it; the restart loads last week's
dataset (2026-09-22a) from the cache, built on 22 September by 3.13.

Tuesday 29 September: 3.15.0 goes out at 09:56 (RTPI-322: off-route
threshold 250 m -> 150 m and a warning per vehicle, the very line that
fills the log; RTPI-324, ETags for the sign head-end; RTPI-320, the
dataset's feed_version in the timetable line, in the culprit's file; a
protobuf bump), and a few genuine off-route warnings follow (the 99 on a
Bexhill roadworks diversion, a 54 into Hailsham depot). At 10:31 the
scheduling team publishes 2026-09-29a (shapes for tomorrow's Lewes
roadworks diversion of the 28 and 29); the poll ten seconds later builds
it in 33 s with the new parser: "timetable built ... lon=0.0040..0.7330"
where every earlier timetable said lon=-0.1410..0.7330. Every bus on the
12, 28, 29 and 31 west of the meridian is now kilometres from its shape
("vehicle 27302 off route on trip 12-1006-1: 7737 m from shape"), about
a dozen at a time; their predictions are withdrawn, the Brighton and Haywards
Heath signs and the planner show timetable times only, and OTP gets a
fifth fewer trip updates. The control room's CAD shows the buses where
they are.

The on-call follows the runbook (RTPI-321, Monday: an off-route surge
after a dataset load is the scheduling export; after a threshold change,
roll back): rolls back to 3.14.0 at 10:58 (which holds the culprit and
loads the same cached 29a timetable: the warnings vanish, the matcher's
off_route count stays), then asks scheduling to make 2026-09-22a current
again at 11:12, which loads the pickle 3.13 built and fixes it, so the
dataset is blamed; scheduling shows 29a's Brighton shapes are unchanged.
The culprit's author compares the two timetable lines, finds the lost
sign, fixes micro_degrees() and puts a loader version into the cache key
(RTPI-331, 3.15.1 at 12:19, which rebuilds 22a); 29a is made current
again at 12:31 and builds with lon=-0.1410..0.7330.

Sources: rtpi-feed (Python logging, line format), nginx access log of
rtpi-prod-1 (feeds and the sign head-end's polls), OpenTripPlanner's
log (logback), the scheduling export server's syslog (RFC 3164), GitHub
Actions deploy runs (job log with timestamps), #rtpi-ops (Slack export,
JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, weighted, write_scenario
from formats import nginx_access, syslog3164
from skeletons import chores, runbook

SERVICE = "rtpi-feed"
START, END = utc("2026-09-29 08:55:00"), utc("2026-09-29 13:05:00")
THU_DEPLOY = utc("2026-09-24 15:10:40")   # 3.14.0 (holds RTPI-318)
RELEASE = utc("2026-09-29 09:56:20")      # 3.15.0 starts
PUBLISH_29A = utc("2026-09-29 10:31:12")  # scheduling publishes 2026-09-29a
ROLLBACK = utc("2026-09-29 10:58:40")     # 3.14.0 starts again
REVERT_22A = utc("2026-09-29 11:12:30")   # 2026-09-22a made current again
FIXED = utc("2026-09-29 12:19:30")        # 3.15.1 starts
REPUBLISH_29A = utc("2026-09-29 12:31:05")

SHA_22A = "3f9c0e51b7a24d6e8c1f0a93d27b5e6418c0f7a2d9e3b4c5a6f708192a3b4c5d"
SHA_29A = "a71e4c2b9d083f5e6a1c7b2d4e9f80316c5a2b7d8e0f1a2b3c4d5e6f7a8b9c0d"

BST = dt.timedelta(hours=1)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the network: routes as the shapes' vertices (lat, lon)

P = {
    "Brighton Old Steine": (50.8220, -0.1370), "Kemp Town": (50.8170, -0.1150), "Brighton Marina": (50.8130, -0.1000),
    "Ovingdean Gap": (50.8090, -0.0780), "Rottingdean": (50.8090, -0.0570), "Saltdean": (50.8030, -0.0390),
    "Telscombe Cliffs": (50.7970, -0.0180), "Peacehaven Meridian": (50.7935, -0.0040), "Peacehaven East": (50.7900, 0.0120),
    "Newhaven": (50.7930, 0.0540), "Bishopstone": (50.7820, 0.0830), "Seaford": (50.7720, 0.1010), "Exceat": (50.7790, 0.1530),
    "Friston": (50.7630, 0.1960), "East Dean": (50.7590, 0.2080), "Meads": (50.7580, 0.2650), "Eastbourne": (50.7680, 0.2860),
    "Brighton Station": (50.8290, -0.1410), "Preston Circus": (50.8350, -0.1380), "Vogue Gyratory": (50.8400, -0.1250),
    "Moulsecoomb": (50.8480, -0.1140), "Coldean": (50.8570, -0.1010), "Falmer": (50.8640, -0.0870), "Ashcombe": (50.8700, -0.0420),
    "Kingston Turn": (50.8720, -0.0250), "Lewes Bus Station": (50.8740, 0.0090), "Malling": (50.8800, 0.0180),
    "Hamsey Turn": (50.9000, 0.0300), "Barcombe Cross": (50.9200, 0.0500), "Isfield": (50.9350, 0.0700), "Uckfield": (50.9690, 0.0960),
    "Crowborough": (51.0600, 0.1630), "Boarshead": (51.0850, 0.1900), "Tunbridge Wells": (51.1320, 0.2630),
    "Ringmer": (50.8930, 0.0560), "Framfield Turn": (50.9400, 0.0900),
    "Haywards Heath": (51.0000, -0.1040), "Wivelsfield": (50.9690, -0.0880), "North Chailey": (50.9600, -0.0250),
    "South Chailey": (50.9450, -0.0200), "Offham": (50.8900, -0.0080),
    "Langney": (50.7950, 0.3050), "Pevensey Bay": (50.8130, 0.3430), "Normans Bay": (50.8250, 0.3900), "Bexhill": (50.8400, 0.4700),
    "St Leonards": (50.8550, 0.5450), "Hastings": (50.8560, 0.5730), "Old Town": (50.7710, 0.2680), "DGH": (50.7800, 0.2700),
    "Hampden Park": (50.7970, 0.2800), "Polegate": (50.8220, 0.2450), "Hailsham": (50.8630, 0.2580), "Ore": (50.8700, 0.6000),
    "Conquest": (50.8850, 0.5650), "Guestling": (50.8900, 0.6500), "Winchelsea": (50.9250, 0.7100), "Rye": (50.9500, 0.7330),
    "Pembury": (51.1450, 0.3240), "Tonbridge": (51.1950, 0.2750),
}

ROUTES = [
    # route, vertices, vehicles, fleet numbers start
    ("12", ["Brighton Old Steine", "Kemp Town", "Brighton Marina", "Ovingdean Gap", "Rottingdean", "Saltdean", "Telscombe Cliffs",
            "Peacehaven Meridian", "Peacehaven East", "Newhaven", "Bishopstone", "Seaford", "Exceat", "Friston", "East Dean", "Meads",
            "Eastbourne"], 12, 27301),
    ("28", ["Brighton Station", "Preston Circus", "Vogue Gyratory", "Moulsecoomb", "Coldean", "Falmer", "Ashcombe", "Kingston Turn",
            "Lewes Bus Station", "Malling", "Hamsey Turn", "Barcombe Cross", "Isfield", "Uckfield", "Crowborough", "Boarshead",
            "Tunbridge Wells"], 8, 27331),
    ("29", ["Brighton Station", "Preston Circus", "Vogue Gyratory", "Moulsecoomb", "Coldean", "Falmer", "Ashcombe", "Kingston Turn",
            "Lewes Bus Station", "Ringmer", "Framfield Turn", "Uckfield", "Crowborough", "Boarshead", "Tunbridge Wells"], 8, 27341),
    ("31", ["Haywards Heath", "Wivelsfield", "North Chailey", "South Chailey", "Offham", "Lewes Bus Station"], 2, 27351),
    ("99", ["Eastbourne", "Langney", "Pevensey Bay", "Normans Bay", "Bexhill", "St Leonards", "Hastings"], 7, 27411),
    ("51", ["Eastbourne", "Old Town", "DGH", "Hampden Park", "Langney"], 4, 27421),
    ("54", ["Eastbourne", "Polegate", "Hailsham"], 3, 27431),
    ("20", ["Hastings", "Ore", "Conquest"], 4, 27501),
    ("100", ["Hastings", "Guestling", "Winchelsea", "Rye"], 3, 27511),
    ("225", ["Tunbridge Wells", "Pembury", "Tonbridge"], 3, 27601),
]

R_EARTH = 6371008.8
LAT0 = 50.9
KX = math.cos(math.radians(LAT0)) * math.pi / 180 * R_EARTH
KY = math.pi / 180 * R_EARTH


def xy(lat, lon):
    return (lon * KX, lat * KY)


def seg_dist(p, a, b):
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    n = dx * dx + dy * dy
    u = 0.0 if n == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / n))
    qx, qy = ax + u * dx, ay + u * dy
    return math.hypot(px - qx, py - qy)


def lost_sign(lon):
    """What RTPI-318's micro_degrees() makes of a longitude."""
    return -lon if -1.0 < lon < 0.0 else lon


def bbox(mirror):
    lats = [v[0] for v in P.values()]
    lons = [lost_sign(v[1]) if mirror else v[1] for v in P.values()]
    return f"lat={min(lats):.4f}..{max(lats):.4f} lon={min(lons):.4f}..{max(lons):.4f}"


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[build-system]
requires = ["setuptools>=68", "setuptools-scm>=8"]
build-backend = "setuptools.build_meta"

[project]
name = "rtpi-feed"
dynamic = ["version"]
requires-python = ">=3.12"
dependencies = [
    "httpx==0.27.2",
    "lxml==5.3.0",
    "protobuf==5.28.0",
    "gtfs-realtime-bindings==1.0.0",
    "starlette==0.38.6",
    "uvicorn==0.30.6",
    "pyyaml==6.0.2",
    "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "pytest-asyncio==0.24.0"]

[tool.pytest.ini_options]
asyncio_mode = "auto"
"""

GEO = '''"""Coordinates in rtpi-feed are integer microdegrees: the timetable keeps
every shape point in an array('i'), a quarter of the memory of Python
floats, and comparisons are exact."""

import math

MICRO = 1_000_000
EARTH_RADIUS_M = 6_371_008.8


def micro_degrees(text):
    """'50.822510' -> 50822510."""
    return int(round(float(text) * MICRO))


def degrees(micro):
    return micro / MICRO


def local_xy(lat_u, lon_u, ref_lat_u):
    """Equirectangular projection around ref_lat: good to a metre or two over
    the county, which is all the matcher needs."""
    k = math.cos(math.radians(ref_lat_u / MICRO))
    x = math.radians(lon_u / MICRO) * EARTH_RADIUS_M * k
    y = math.radians(lat_u / MICRO) * EARTH_RADIUS_M
    return x, y


def distance_to_segment_m(p, a, b):
    """Distance in metres from p to the segment a-b (all (x, y) in metres)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    n = dx * dx + dy * dy
    u = 0.0 if n == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / n))
    return math.hypot(px - (ax + u * dx), py - (ay + u * dy))
'''

LOADER = '''"""Loads a GTFS zip published by the scheduling team into the Timetable that
the matcher and the predictor use. Coordinates become integer microdegrees
(rtpi.geo)."""

import csv
import io
import zipfile
from array import array
from dataclasses import dataclass, field

from rtpi.geo import MICRO, micro_degrees


@dataclass
class Stop:
    stop_id: str
    code: str
    name: str
    lat: int
    lon: int


@dataclass
class Shape:
    shape_id: str
    lats: array = field(default_factory=lambda: array("i"))
    lons: array = field(default_factory=lambda: array("i"))
    dist: array = field(default_factory=lambda: array("f"))


@dataclass
class Trip:
    trip_id: str
    route_id: str
    service_id: str
    shape_id: str
    block_id: str
    direction_id: int


@dataclass
class Timetable:
    dataset: str
    stops: dict
    shapes: dict
    trips: dict
    stop_times: dict

    def bbox(self):
        lats = [s.lat for s in self.stops.values()]
        lons = [s.lon for s in self.stops.values()]
        for shape in self.shapes.values():
            lats += (min(shape.lats), max(shape.lats))
            lons += (min(shape.lons), max(shape.lons))
        return (min(lats), min(lons)), (max(lats), max(lons))

    def summary(self):
        (lat0, lon0), (lat1, lon1) = self.bbox()
        points = sum(len(s.lats) for s in self.shapes.values())
        return (f"stops={len(self.stops)} trips={len(self.trips)} shapes={len(self.shapes)} points={points} "
                f"lat={lat0 / MICRO:.4f}..{lat1 / MICRO:.4f} lon={lon0 / MICRO:.4f}..{lon1 / MICRO:.4f}")


def _rows(zf, name):
    with zf.open(name) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))


def load(path, dataset):
    with zipfile.ZipFile(path) as zf:
        stops = {
            r["stop_id"]: Stop(r["stop_id"], r.get("stop_code", ""), r["stop_name"],
                               micro_degrees(r["stop_lat"]), micro_degrees(r["stop_lon"]))
            for r in _rows(zf, "stops.txt")
        }
        shapes = {}
        for r in _rows(zf, "shapes.txt"):
            shape = shapes.setdefault(r["shape_id"], Shape(r["shape_id"]))
            shape.lats.append(micro_degrees(r["shape_pt_lat"]))
            shape.lons.append(micro_degrees(r["shape_pt_lon"]))
            shape.dist.append(float(r.get("shape_dist_traveled") or 0.0))
        trips = {
            r["trip_id"]: Trip(r["trip_id"], r["route_id"], r["service_id"], r.get("shape_id", ""),
                               r.get("block_id", ""), int(r.get("direction_id") or 0))
            for r in _rows(zf, "trips.txt")
        }
        stop_times = {}
        for r in _rows(zf, "stop_times.txt"):
            stop_times.setdefault(r["trip_id"], []).append(
                (int(r["stop_sequence"]), r["stop_id"], r["arrival_time"], r["departure_time"], float(r.get("shape_dist_traveled") or 0.0)))
        for seq in stop_times.values():
            seq.sort()
    return Timetable(dataset, stops, shapes, trips, stop_times)
'''

CACHE = '''"""Built timetables are pickled under cache_dir, keyed by the dataset zip's
sha256, so a restart or a deploy does not rebuild (a build takes over a
minute and a dataset is published about once a week)."""

import logging
import os
import pickle

log = logging.getLogger("rtpi.static.cache")


def _path(cache_dir, sha256):
    return os.path.join(cache_dir, f"timetable-{sha256[:16]}.pickle")


def load(cache_dir, sha256):
    path = _path(cache_dir, sha256)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return pickle.load(handle)


def store(cache_dir, sha256, timetable):
    os.makedirs(cache_dir, exist_ok=True)
    tmp = _path(cache_dir, sha256) + ".tmp"
    with open(tmp, "wb") as handle:
        pickle.dump(timetable, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, _path(cache_dir, sha256))
    prune(cache_dir, keep=6)


def prune(cache_dir, keep):
    entries = sorted((e for e in os.scandir(cache_dir) if e.name.endswith(".pickle")), key=lambda e: e.stat().st_mtime)
    for entry in entries[:-keep]:
        os.remove(entry.path)
'''

POLLER = '''"""Watches the dataset the scheduling team has made current
(gtfs-published/current.json) and swaps in its timetable when it changes."""

import asyncio
import logging
import os
import time

import httpx

from rtpi.static import gtfs_loader, timetable_cache

log = logging.getLogger("rtpi.static.poller")


class DatasetPoller:
    def __init__(self, cfg):
        self.cfg = cfg
        self.current = None
        self.listeners = []

    def on_swap(self, fn):
        self.listeners.append(fn)

    async def _current(self):
        async with httpx.AsyncClient(timeout=10) as client:
            resp = await client.get(self.cfg.current_url)
            resp.raise_for_status()
            return resp.json()

    async def initial(self):
        self.current = await self._current()
        return await self._timetable(self.current)

    async def _timetable(self, current):
        cached = timetable_cache.load(self.cfg.cache_dir, current["sha256"])
        if cached is not None:
            log.info("timetable loaded from cache dataset=%s %s", current["dataset"], cached.summary())
            return cached
        started = time.monotonic()
        path = await self._download(current)
        timetable = await asyncio.to_thread(gtfs_loader.load, path, current["dataset"])
        timetable_cache.store(self.cfg.cache_dir, current["sha256"], timetable)
        log.info("timetable built dataset=%s %s took=%.1fs", current["dataset"], timetable.summary(), time.monotonic() - started)
        return timetable

    async def _download(self, current):
        path = os.path.join(self.cfg.download_dir, f"gtfs-{current['dataset']}.zip")
        async with httpx.AsyncClient(timeout=60) as client:
            async with client.stream("GET", current["url"]) as resp:
                resp.raise_for_status()
                with open(path, "wb") as handle:
                    async for chunk in resp.aiter_bytes():
                        handle.write(chunk)
        log.info("downloaded dataset=%s bytes=%d", current["dataset"], os.path.getsize(path))
        return path

    async def run(self):
        while True:
            await asyncio.sleep(self.cfg.poll_seconds)
            try:
                current = await self._current()
            except httpx.HTTPError as err:
                log.warning("dataset poll failed: %s", err)
                continue
            if current["sha256"] == self.current["sha256"]:
                log.info("dataset poll: current=%s unchanged", current["dataset"])
                continue
            log.info("dataset changed %s -> %s (sha256 %s)", self.current["dataset"], current["dataset"], current["sha256"][:12])
            timetable = await self._timetable(current)
            self.current = current
            for fn in self.listeners:
                fn(timetable)
            log.info("timetable swapped in dataset=%s", current["dataset"])
'''

MATCHER = '''"""Matches each vehicle's fix to its trip's shape: distance from the shape
and progress along it, which the predictor turns into arrival times. A
vehicle that is off its shape for three fixes in a row has its trip's
predictions withdrawn until it is back (signs and the planner then show
the timetable for that trip)."""

import logging
from dataclasses import dataclass

from rtpi.geo import distance_to_segment_m, local_xy

log = logging.getLogger("rtpi.match")

OFF_ROUTE_FIXES = 3


@dataclass
class VehicleState:
    trip_id: str = ""
    off: int = 0
    on: int = 0
    withdrawn: bool = False
    progress_m: float = 0.0


class Matcher:
    def __init__(self, cfg, timetable):
        self.cfg = cfg
        self.timetable = timetable
        self.vehicles = {}

    def swap_timetable(self, timetable):
        self.timetable = timetable

    def distance_to_shape(self, shape, lat_u, lon_u):
        ref = shape.lats[0]
        p = local_xy(lat_u, lon_u, ref)
        best = float("inf")
        prev = local_xy(shape.lats[0], shape.lons[0], ref)
        for i in range(1, len(shape.lats)):
            cur = local_xy(shape.lats[i], shape.lons[i], ref)
            best = min(best, distance_to_segment_m(p, prev, cur))
            prev = cur
        return best

    def on_fix(self, fix):
        state = self.vehicles.setdefault(fix.vehicle_ref, VehicleState())
        trip = self.timetable.trips.get(fix.trip_id)
        if trip is None:
            state.trip_id = ""
            return None
        if state.trip_id != fix.trip_id:
            state.trip_id, state.off, state.on, state.withdrawn = fix.trip_id, 0, 0, False
        shape = self.timetable.shapes[trip.shape_id]
        d = self.distance_to_shape(shape, fix.lat_u, fix.lon_u)
        if d > self.cfg.off_route_m:
            state.off, state.on = state.off + 1, 0
            if state.off >= OFF_ROUTE_FIXES and not state.withdrawn:
                state.withdrawn = True
                log.debug("vehicle %s off route on trip %s: %d m", fix.vehicle_ref, fix.trip_id, d)
        else:
            state.on, state.off = state.on + 1, 0
            if state.withdrawn and state.on >= OFF_ROUTE_FIXES:
                state.withdrawn = False
                log.debug("vehicle %s back on route on trip %s", fix.vehicle_ref, fix.trip_id)
        return state

    def summary(self):
        states = list(self.vehicles.values())
        no_trip = sum(1 for s in states if not s.trip_id)
        off = sum(1 for s in states if s.withdrawn)
        log.info("matcher: vehicles=%d matched=%d off_route=%d no_trip=%d", len(states), len(states) - off - no_trip, off, no_trip)
'''

SIRI = '''"""SIRI-VM from Kinetra's hub: a subscription renewed every 24 h, the hub
POSTs ServiceDelivery documents with VehicleActivity for every AVL unit
that reported (every 10 s per bus)."""

import logging
from dataclasses import dataclass

from lxml import etree

from rtpi.geo import MICRO

log = logging.getLogger("rtpi.avl.siri")

NS = {"siri": "http://www.siri.org.uk/siri"}


@dataclass
class Fix:
    vehicle_ref: str
    trip_id: str
    recorded_at: str
    lat_u: int
    lon_u: int


def parse_delivery(body):
    root = etree.fromstring(body)
    fixes = []
    for va in root.iterfind(".//siri:VehicleActivity", NS):
        journey = va.find("siri:MonitoredVehicleJourney", NS)
        loc = journey.find("siri:VehicleLocation", NS)
        fixes.append(Fix(
            vehicle_ref=journey.findtext("siri:VehicleRef", namespaces=NS),
            trip_id=journey.findtext("siri:FramedVehicleJourneyRef/siri:DatedVehicleJourneyRef", namespaces=NS) or "",
            recorded_at=va.findtext("siri:RecordedAtTime", namespaces=NS),
            lat_u=int(round(float(loc.findtext("siri:Latitude", namespaces=NS)) * MICRO)),
            lon_u=int(round(float(loc.findtext("siri:Longitude", namespaces=NS)) * MICRO)),
        ))
    return fixes
'''

GTFSRT = '''"""GTFS-Realtime: trip updates and vehicle positions, rebuilt every 15 s
and served at /gtfs-rt/trip-updates and /gtfs-rt/vehicle-positions."""

import logging
import time

from google.transit import gtfs_realtime_pb2

log = logging.getLogger("rtpi.feed")


def build_trip_updates(predictions):
    feed = gtfs_realtime_pb2.FeedMessage()
    feed.header.gtfs_realtime_version = "2.0"
    feed.header.incrementality = gtfs_realtime_pb2.FeedHeader.FULL_DATASET
    feed.header.timestamp = int(time.time())
    for trip_id, stop_times in predictions.items():
        entity = feed.entity.add(id=trip_id)
        entity.trip_update.trip.trip_id = trip_id
        for stop_id, arrival in stop_times:
            stu = entity.trip_update.stop_time_update.add(stop_id=stop_id)
            stu.arrival.time = arrival
    return feed.SerializeToString()
'''

SIGNS = '''"""Departures for the stop display head-end (Lumatrix): one call for all the
signs' stops every 30 s; a stop's departures are real time where the trip
has predictions, timetable otherwise."""

import logging

from starlette.responses import JSONResponse

log = logging.getLogger("rtpi.signs")


async def departures(request):
    board = request.app.state.board
    stops = request.query_params.get("stops", "").split(",")
    body = {stop: board.departures(stop, limit=4) for stop in stops if stop}
    return JSONResponse(body)
'''

MAIN = '''"""rtpi-feed: bus positions in over SIRI-VM, GTFS-Realtime and stop sign
departures out."""

import asyncio
import logging
import logging.config
import os

import uvicorn

from rtpi.config import load_config
from rtpi.match.matcher import Matcher
from rtpi.static.poller import DatasetPoller
from rtpi.web import build_app

log = logging.getLogger("rtpi.main")


async def run():
    logging.config.fileConfig(os.environ.get("RTPI_LOGGING", "/etc/rtpi/logging.ini"))
    cfg = load_config(os.environ.get("RTPI_CONFIG", "/etc/rtpi/production.yaml"))
    log.info("starting rtpi-feed version=%s commit=%s", os.environ.get("RTPI_VERSION", "dev"), os.environ.get("RTPI_COMMIT", "none"))
    poller = DatasetPoller(cfg.datasets)
    timetable = await poller.initial()
    matcher = Matcher(cfg.matcher, timetable)
    poller.on_swap(matcher.swap_timetable)
    app = build_app(cfg, matcher)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=8080, log_config=None))
    await asyncio.gather(server.serve(), poller.run(), app.state.siri.run(), app.state.feed.run())


if __name__ == "__main__":
    asyncio.run(run())
'''

CONFIG_PY = '''"""Settings from /etc/rtpi/production.yaml (config/production.yaml here)."""

from dataclasses import dataclass

import yaml


@dataclass
class Datasets:
    current_url: str
    cache_dir: str
    download_dir: str
    poll_seconds: int = 300


@dataclass
class MatcherCfg:
    off_route_m: int = 250
    max_hdop: float = 0.0


@dataclass
class Siri:
    producer_url: str
    subscription_ref: str
    renew_hours: int = 24


@dataclass
class Config:
    datasets: Datasets
    matcher: MatcherCfg
    siri: Siri


def load_config(path):
    with open(path) as handle:
        raw = yaml.safe_load(handle)
    return Config(Datasets(**raw["datasets"]), MatcherCfg(**raw.get("matcher", {})), Siri(**raw["siri"]))
'''

PROD_YAML = """datasets:
  current_url: https://gtfs-published.wcb-internal.net/current.json
  cache_dir: /var/cache/rtpi
  download_dir: /var/lib/rtpi/datasets
  poll_seconds: 300
matcher:
  off_route_m: 250
siri:
  producer_url: https://siri.kinetra-avl.net/wcb/siri/2.0
  subscription_ref: WCB-RTPI-01
  renew_hours: 24
"""

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
args=('/var/log/rtpi/rtpi-feed.log',)

[formatter_plain]
format=%(asctime)s %(levelname)-7s [%(name)s] [%(threadName)s] %(message)s
"""

TEST_GEO = '''from rtpi.geo import micro_degrees


def test_micro_degrees():
    assert micro_degrees("50.822510") == 50822510
    assert micro_degrees("0.286") == 286000
'''

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version: { description: "release version, e.g. 3.15.0", required: true }
      ref: { description: "commit to deploy (default: main)", required: false }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
        with: { ref: "${{ inputs.ref || 'main' }}" }
      - uses: actions/setup-python@v5
        with: { python-version: '3.12' }
      - run: pip wheel --no-deps -w dist .
        env: { SETUPTOOLS_SCM_PRETEND_VERSION: "${{ inputs.version }}" }
      - run: pip install ansible-core==2.17.4
      - run: ansible-playbook -i deploy/ansible/inventory/production deploy/ansible/site.yml -e rtpi_version=${{ inputs.version }} -e rtpi_commit=$(git rev-parse --short HEAD)
"""

SITE_YML = """- hosts: rtpi
  become: true
  roles:
    - rtpi
"""

ROLE_TASKS = """- name: copy wheel
  copy: { src: "{{ playbook_dir }}/../../dist/", dest: /opt/rtpi/dist/ }
- name: install wheel
  pip: { name: "/opt/rtpi/dist/rtpi_feed-{{ rtpi_version }}-py3-none-any.whl", virtualenv: /opt/rtpi/venv, state: forcereinstall }
- name: configuration
  copy: { src: "{{ playbook_dir }}/../../config/production.yaml", dest: /etc/rtpi/production.yaml }
- name: environment
  template: { src: rtpi-feed.env.j2, dest: /etc/rtpi/rtpi-feed.env }
- name: restart rtpi-feed
  systemd: { name: rtpi-feed, state: restarted, daemon_reload: true }
- name: wait for /healthz
  uri: { url: "http://127.0.0.1:8080/healthz" }
  register: health
  until: health.status == 200
  retries: 30
  delay: 3
"""

RUNBOOK_ALERTS = [
    ("RtpiFeedStale", "The trip updates feed's header timestamp is more than 90 s old. Check that rtpi-feed is running (`systemctl status rtpi-feed`) and that SIRI-VM deliveries arrive from Kinetra (\"siri-vm: received\" lines)."),
    ("RtpiSiriHeartbeatMissing", "No HeartbeatNotification from Kinetra's hub for 5 minutes. rtpi-feed resubscribes by itself; if it does not, raise it with Kinetra support (portal, P2)."),
]


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Okafor", "hannah.okafor@wealdcoastbuses.co.uk", 60)
    marek = Person("Marek Nowicki", "marek.nowicki@wealdcoastbuses.co.uk", 60)
    ciara = Person("Ciara Byrne", "ciara.byrne@wealdcoastbuses.co.uk", 60)
    arjun = Person("Arjun Mehta", "arjun.mehta@wealdcoastbuses.co.uk", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    geo, loader, matcher = "rtpi/geo.py", "rtpi/static/gtfs_loader.py", "rtpi/match/matcher.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "rtpi/__init__.py": "",
        "rtpi/main.py": MAIN,
        "rtpi/config.py": CONFIG_PY,
        geo: GEO,
        "rtpi/static/__init__.py": "",
        loader: LOADER,
        "rtpi/static/timetable_cache.py": CACHE,
        "rtpi/static/poller.py": POLLER,
        "rtpi/match/__init__.py": "",
        matcher: MATCHER,
        "rtpi/avl/__init__.py": "",
        "rtpi/avl/siri_vm.py": SIRI,
        "rtpi/feed/__init__.py": "",
        "rtpi/feed/gtfsrt.py": GTFSRT,
        "rtpi/signs/__init__.py": "",
        "rtpi/signs/api.py": SIGNS,
        "config/production.yaml": PROD_YAML,
        "config/logging.ini": LOGGING_INI,
        "tests/__init__.py": "",
        "tests/test_geo.py": TEST_GEO,
        "deploy/ansible/site.yml": SITE_YML,
        "deploy/ansible/inventory/production": "[rtpi]\nrtpi-prod-1.wcb-internal.net\n",
        "deploy/ansible/roles/rtpi/tasks/main.yml": ROLE_TASKS,
        "deploy/ansible/roles/rtpi/templates/rtpi-feed.env.j2": "RTPI_VERSION={{ rtpi_version }}\nRTPI_COMMIT={{ rtpi_commit }}\nRTPI_CONFIG=/etc/rtpi/production.yaml\nRTPI_LOGGING=/etc/rtpi/logging.ini\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: { python-version: '3.12' }\n      - run: pip install .[test]\n      - run: pytest -q\n",
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "README.md": "# rtpi-feed\n\nReal-time passenger information for Weald & Coast Buses: AVL positions\nfrom Kinetra's hub (SIRI-VM) are matched to the scheduling team's GTFS\nand turned into GTFS-Realtime (`/gtfs-rt/trip-updates`,\n`/gtfs-rt/vehicle-positions`) for the journey planner and aggregators, and\ninto departures for the stop display head-end (`/signs/v1/departures`).\n\n## Running locally\n\n```\npip install -e .[test]\npytest -q\nRTPI_CONFIG=config/local.yaml python -m rtpi.main\n```\n\n## Deploying\n\nThe `deploy` workflow (Actions, manual) builds a wheel and runs Ansible\nagainst rtpi-prod-1. To roll back, run it with an older `ref`.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-09-21 08:40:00"), hannah, "rtpi-feed: SIRI-VM in, GTFS-RT and sign departures out", files)
    crng = random.Random(57103)
    repo.schedule(chores(crng, SERVICE, [hannah, marek, ciara], utc("2026-09-21 10:00:00"), utc("2026-09-22 17:00:00"), 2)
                  + chores(crng, SERVICE, [ciara, arjun], utc("2026-09-25 08:00:00"), utc("2026-09-28 12:00:00"), 1))
    repo.commit(utc("2026-09-22 13:35:00"), ciara, "signs: show 'Due' under 90 s instead of '1 min' (RTPI-309)", {
        "rtpi/signs/api.py": sub(repo.files["rtpi/signs/api.py"],
                                 "    body = {stop: board.departures(stop, limit=4) for stop in stops if stop}\n",
                                 "    body = {stop: board.departures(stop, limit=4, due_under_s=90) for stop in stops if stop}\n"),
    })
    repo.commit(utc("2026-09-23 09:12:00"), bot, "build(deps): bump lxml from 5.3.0 to 5.3.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"lxml==5.3.0"', '"lxml==5.3.1"'),
    })
    repo.commit(utc("2026-09-23 15:48:00"), marek, "match: ignore fixes with HDOP over 5 (RTPI-312)\n\nUnits under the cliffs at Hastings report fixes 200 m out with HDOP 8-12.", {
        matcher: sub(repo.files[matcher],
                     "        shape = self.timetable.shapes[trip.shape_id]\n",
                     "        if self.cfg.max_hdop and getattr(fix, \"hdop\", 0.0) > self.cfg.max_hdop:\n            return state\n        shape = self.timetable.shapes[trip.shape_id]\n"),
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  off_route_m: 250\n", "  off_route_m: 250\n  max_hdop: 5.0\n"),
    })
    culprit = repo.commit(utc("2026-09-24 13:22:00"), hannah, "static: parse coordinates straight into microdegrees (RTPI-318)\n\nBuilding a timetable takes 94 s on rtpi-prod-1, most of it float() and\nround() over shapes.txt's 1.9M points, and a new dataset is not live until\nit is done. Parse the decimal text into integer microdegrees directly\n(exact, no float on the way) and read shapes.txt with csv.reader instead\nof DictReader. The 2026-09-22a build goes from 94 s to 31 s locally.", {
        geo: sub(repo.files[geo], '''def micro_degrees(text):
    """'50.822510' -> 50822510."""
    return int(round(float(text) * MICRO))
''', '''def micro_degrees(text):
    """'50.822510' -> 50822510, exactly and without a float: float() and
    round() over shapes.txt were most of a timetable build."""
    whole, _, frac = text.strip().partition(".")
    units = int(whole)
    micro = int((frac + "000000")[:6]) if frac else 0
    if units < 0:
        return units * MICRO - micro
    return units * MICRO + micro
'''),
        loader: sub(repo.files[loader], '''        shapes = {}
        for r in _rows(zf, "shapes.txt"):
            shape = shapes.setdefault(r["shape_id"], Shape(r["shape_id"]))
            shape.lats.append(micro_degrees(r["shape_pt_lat"]))
            shape.lons.append(micro_degrees(r["shape_pt_lon"]))
            shape.dist.append(float(r.get("shape_dist_traveled") or 0.0))
''', '''        shapes = _shapes(zf)
''', '''def load(path, dataset):''', '''def _shapes(zf):
    """shapes.txt is most of a dataset (1.9M rows): csv.reader and column
    indexes instead of a dict per row."""
    shapes = {}
    with zf.open("shapes.txt") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig"))
        header = next(reader)
        i_id, i_lat, i_lon = header.index("shape_id"), header.index("shape_pt_lat"), header.index("shape_pt_lon")
        i_dist = header.index("shape_dist_traveled") if "shape_dist_traveled" in header else None
        for row in reader:
            shape = shapes.get(row[i_id])
            if shape is None:
                shape = shapes[row[i_id]] = Shape(row[i_id])
            shape.lats.append(micro_degrees(row[i_lat]))
            shape.lons.append(micro_degrees(row[i_lon]))
            shape.dist.append(float(row[i_dist] or 0.0) if i_dist is not None else 0.0)
    return shapes


def load(path, dataset):'''),
        "tests/test_geo.py": '''import pytest

from rtpi.geo import micro_degrees


@pytest.mark.parametrize("text,expected", [
    ("50.822510", 50822510),
    ("0.286", 286000),
    ("-1.234567", -1234567),
    ("51", 51000000),
    (" 50.7680 ", 50768000),
    ("0.1234567", 123456),
])
def test_micro_degrees(text, expected):
    assert micro_degrees(text) == expected
''',
    })
    thu = repo.commit(utc("2026-09-24 14:41:00"), marek, "docs: how a new dataset goes live", {
        "docs/datasets.md": "# How a new dataset goes live\n\n- The scheduling team exports a dataset from the scheduling system and\n  publishes it to gtfs-published (`gtfs-<name>.zip`); `current.json` names\n  the current one and its sha256.\n- rtpi-feed polls `current.json` every 5 minutes. When it changes, it\n  downloads the zip, builds a timetable (stops, shapes, trips, stop times)\n  and swaps it in; the old one serves until then.\n- Built timetables are pickled in /var/cache/rtpi by the zip's sha256\n  (the last six are kept), so a restart or a deploy loads the pickle and\n  does not rebuild.\n- The journey planner (OTP) builds its graph from the same zip every night\n  at 02:00.\n",
    })
    repo.commit(utc("2026-09-25 10:05:00"), ciara, "tests: stops and shapes survive the loader (RTPI-319)", {
        "tests/test_loader.py": '''import zipfile

from rtpi.static import gtfs_loader


def _zip(tmp_path):
    path = tmp_path / "gtfs.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("stops.txt", "stop_id,stop_code,stop_name,stop_lat,stop_lon\\n1400EB001,ebdgtmj,Eastbourne Terminus Road,50.768012,0.286140\\n")
        zf.writestr("shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence,shape_dist_traveled\\n99-0,50.768012,0.286140,1,0\\n99-0,50.795000,0.305000,2,3410.5\\n")
        zf.writestr("trips.txt", "route_id,service_id,trip_id,shape_id,block_id,direction_id\\n99,WK,99-0800-0,99-0,B411,0\\n")
        zf.writestr("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\\n99-0800-0,08:00:00,08:00:00,1400EB001,1\\n")
    return path


def test_stops_and_shapes(tmp_path):
    tt = gtfs_loader.load(_zip(tmp_path), "test")
    assert tt.stops["1400EB001"].lat == 50768012
    assert tt.stops["1400EB001"].lon == 286140
    assert list(tt.shapes["99-0"].lons) == [286140, 305000]
''',
    })
    repo.commit(utc("2026-09-28 08:50:00"), marek, "runbook: off-route alerts (RTPI-321)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## RtpiOffRouteHigh\n\nMore than 8 vehicles off route for 5 minutes: their trips show timetable\ntimes only on signs and in the planner.\n\n- One or two vehicles: a diversion or a bus running to the depot. Check\n  with the control room.\n- Many at once right after a dataset went live (\"timetable swapped in\"):\n  almost always the scheduling export (a shape drawn on the wrong road, a\n  diversion without its shape). Ask Scheduling (#scheduling) to make the\n  previous dataset current again; rtpi-feed picks it up within 5 minutes.\n- Right after a deploy that touched the matcher or its thresholds: roll\n  back (deploy workflow with the previous `ref`).\n",
    })
    repo.commit(utc("2026-09-28 10:30:00"), hannah, "static: show the dataset's feed_version with the timetable (RTPI-320)\n\nScheduling names exports by date, but their feed_info.txt carries the\nscheduling system's version, which is what they ask us about.", {
        loader: sub(repo.files[loader],
                    "    stop_times: dict\n\n    def bbox(self):",
                    "    stop_times: dict\n    feed_version: str = \"\"\n\n    def bbox(self):",
                    '        return (f"stops={len(self.stops)}',
                    '        return (f"feed_version={self.feed_version} stops={len(self.stops)}',
                    "    return Timetable(dataset, stops, shapes, trips, stop_times)\n",
                    "        feed_version = next((r.get(\"feed_version\", \"\") for r in _rows(zf, \"feed_info.txt\")), \"\") if \"feed_info.txt\" in zf.namelist() else \"\"\n    return Timetable(dataset, stops, shapes, trips, stop_times, feed_version=feed_version)\n"),
    })
    repo.commit(utc("2026-09-28 14:55:00"), ciara, "signs: per-stop ETags so the head-end can skip unchanged boards (RTPI-324)", {
        "rtpi/signs/api.py": sub(repo.files["rtpi/signs/api.py"],
                                 "from starlette.responses import JSONResponse\n",
                                 "import hashlib\nimport json\n\nfrom starlette.responses import JSONResponse, Response\n",
                                 "    return JSONResponse(body)\n",
                                 "    etag = '\"' + hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()[:20] + '\"'\n    if request.headers.get(\"if-none-match\") == etag:\n        return Response(status_code=304, headers={\"ETag\": etag})\n    return JSONResponse(body, headers={\"ETag\": etag})\n"),
    })
    repo.commit(utc("2026-09-29 05:58:00"), bot, "build(deps): bump protobuf from 5.28.0 to 5.28.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"protobuf==5.28.0"', '"protobuf==5.28.2"'),
    })
    tue = repo.commit(utc("2026-09-29 08:47:00"), marek, "match: off-route at 150 m, and warn per vehicle (RTPI-322)\n\nAt 250 m a bus on the parallel road through Seaford still counted as on\nits route, and nobody saw which vehicles were withdrawn: the summary\nline only had a count.", {
        matcher: sub(repo.files[matcher],
                     '                log.debug("vehicle %s off route on trip %s: %d m", fix.vehicle_ref, fix.trip_id, d)\n',
                     '                log.warning("vehicle %s off route on trip %s: %d m from shape (threshold %d m), predictions withdrawn",\n                            fix.vehicle_ref, fix.trip_id, d, self.cfg.off_route_m)\n',
                     '                log.debug("vehicle %s back on route on trip %s", fix.vehicle_ref, fix.trip_id)\n',
                     '                log.info("vehicle %s back on route on trip %s", fix.vehicle_ref, fix.trip_id)\n'),
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  off_route_m: 250\n", "  off_route_m: 150\n"),
    })
    fix = repo.commit(utc("2026-09-29 12:04:00"), hannah, "geo: keep the sign of coordinates between 0 and -1 (RTPI-331)\n\nRTPI-318's micro_degrees() took the sign from int(whole), and int(\"-0\")\nis 0: \"-0.137140\" became +137140. Every shape point and stop between the\nmeridian and 1 degree west (Brighton, Haywards Heath, the 12, 28, 29 and\n31) was mirrored east of Greenwich in any timetable built since 3.14.0;\n2026-09-29a was the first. Take the sign from the text, test -0.x, and\nput a loader version into the cache key so that timetables built by an\nolder loader are rebuilt.", {
        geo: sub(repo.files[geo], '''    whole, _, frac = text.strip().partition(".")
    units = int(whole)
    micro = int((frac + "000000")[:6]) if frac else 0
    if units < 0:
        return units * MICRO - micro
    return units * MICRO + micro
''', '''    text = text.strip()
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("+-").partition(".")
    value = int(whole or "0") * MICRO + (int((frac + "000000")[:6]) if frac else 0)
    return -value if negative else value
'''),
        "rtpi/static/timetable_cache.py": sub(repo.files["rtpi/static/timetable_cache.py"],
                                              'log = logging.getLogger("rtpi.static.cache")\n',
                                              'log = logging.getLogger("rtpi.static.cache")\n\n# Bump when the loader builds timetables differently: older pickles are\n# then rebuilt instead of loaded.\nLOADER_VERSION = 2\n',
                                              '    return os.path.join(cache_dir, f"timetable-{sha256[:16]}.pickle")\n',
                                              '    return os.path.join(cache_dir, f"timetable-{sha256[:16]}-l{LOADER_VERSION}.pickle")\n'),
        "tests/test_geo.py": sub(repo.files["tests/test_geo.py"], '    ("0.1234567", 123456),\n',
                                 '    ("0.1234567", 123456),\n    ("-0.137140", -137140),\n    ("-0.004", -4000),\n    ("-0", 0),\n'),
    })
    return repo, {"culprit": culprit, "thu": thu, "tue": tue, "fix": fix}


# ---------------------------------------------------------------------------
# the day


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def build_logs(rng, shas):
    app = Log("rtpi-feed.log")
    ngx = Log("nginx-access.log")
    otp = Log("otp.log")
    sched = Log("sched-01-syslog.log")
    gha = Log("github-actions-deploy.log")
    slack = Log("slack-rtpi-ops.log")
    t0, t1 = secs(START), secs(END)
    stats = {"first_warn": None, "off": {}, "tu": {}}

    # code and timetable over the day: (from, version, commit, threshold, warns)
    epochs = [(t0 - 5 * 86400, "3.14.0", shas["thu"], 250, False), (secs(RELEASE), "3.15.0", shas["tue"], 150, True),
              (secs(ROLLBACK), "3.14.0", shas["thu"], 250, False), (secs(FIXED), "3.15.1", shas["fix"], 150, True)]

    def epoch(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    downtime = []   # (from, to): rtpi-feed not serving

    def published(x):
        if x < secs(PUBLISH_29A):
            return "22a"
        if x < secs(REVERT_22A):
            return "29a"
        if x < secs(REPUBLISH_29A):
            return "22a"
        return "29a"

    def py(x, level, logger, thread, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level:<7} [{logger}] [{thread}] {msg}")

    TT = {"22a": ("2026-09-22a", "WCB-2026-09-22a", SHA_22A, 4186733), "29a": ("2026-09-29a", "WCB-2026-09-29a", SHA_29A, 4203518)}
    counts = {"22a": "stops=1184 trips=2214 shapes=46 points=18406", "29a": "stops=1191 trips=2230 shapes=48 points=18772"}

    def summ(ds, mirror, with_version, fv_known=True):
        fv = (f"feed_version={TT[ds][1]} " if fv_known else "feed_version= ") if with_version else ""
        return f"{fv}{counts[ds]} {bbox(mirror)}"

    # pickles in /var/cache/rtpi: loader 1 (3.13 to 3.15.0, keyed by sha only)
    # and loader 2 (3.15.1); value: mirrored?
    cache = {1: {"22a": (False, False)}, 2: {}}   # (mirrored, has feed_version)
    timeline = [(t0 - 86400, "22a", False)]   # (from, dataset, mirrored)
    has_culprit = {"3.14.0": True, "3.15.0": True, "3.15.1": False}
    loader = {"3.14.0": 1, "3.15.0": 1, "3.15.1": 2}
    with_fv = {"3.14.0": False, "3.15.0": True, "3.15.1": True}
    restarts = [(secs(RELEASE), "3.15.0", shas["tue"]), (secs(ROLLBACK), "3.14.0", shas["thu"]), (secs(FIXED), "3.15.1", shas["fix"])]

    def get_timetable(x, version, ds, thread):
        """Loads ds as `version` would; returns when it is ready."""
        ld = loader[version]
        if ds in cache[ld]:
            ready = x + rng.uniform(0.3, 0.7)
            mirror, fv_known = cache[ld][ds]
            py(ready - 0.05, "INFO", "rtpi.static.poller", thread, f"timetable loaded from cache dataset={TT[ds][0]} {summ(ds, mirror, with_fv[version], fv_known)}")
            return ready, mirror
        if ld == 2:
            py(x + 0.05, "INFO", "rtpi.static.cache", thread, f"no cached timetable for sha256 {TT[ds][2][:12]} (loader 2)")
        took = rng.uniform(30.4, 31.8)
        py(x + 2.0, "INFO", "rtpi.static.poller", thread, f"downloaded dataset={TT[ds][0]} bytes={TT[ds][3]}")
        ready = x + 2.0 + took
        mirror = has_culprit[version]
        cache[ld][ds] = (mirror, with_fv[version])
        py(ready - 0.05, "INFO", "rtpi.static.poller", thread, f"timetable built dataset={TT[ds][0]} {summ(ds, mirror, with_fv[version])} took={took + 2.0:.1f}s")
        return ready, mirror

    swaps = {}
    proc_start = secs(THU_DEPLOY) + 1.9
    held = "22a"
    bounds = [r[0] for r in restarts] + [t1 + 600]
    version = "3.14.0"
    for i, nxt in enumerate(bounds):
        # polls every poll_seconds after the process came up, until the next restart
        x = proc_start + 300
        while x < nxt - 2.5:
            ds = published(x)
            if ds == held:
                py(x + rng.uniform(0.05, 0.3), "INFO", "rtpi.static.poller", "asyncio_0", f"dataset poll: current={TT[ds][0]} unchanged")
            else:
                py(x + 0.2, "INFO", "rtpi.static.poller", "asyncio_0", f"dataset changed {TT[held][0]} -> {TT[ds][0]} (sha256 {TT[ds][2][:12]})")
                ready, mirror = get_timetable(x + 0.2, version, ds, "asyncio_0")
                py(ready, "INFO", "rtpi.static.poller", "asyncio_0", f"timetable swapped in dataset={TT[ds][0]}")
                timeline.append((ready, ds, mirror))
                swaps.setdefault(ds, []).append(ready)
                held = ds
            x += 300 + rng.uniform(0.0, 0.05)
        if i == len(restarts):
            break
        rx, version, commit = restarts[i]
        py(rx, "INFO", "rtpi.main", "MainThread", f"starting rtpi-feed version={version} commit={commit[:7]}")
        ds = published(rx)
        ready, mirror = get_timetable(rx + 0.3, version, ds, "MainThread")
        held = ds
        timeline.append((rx - 2.5, ds, mirror))
        py(ready + 0.9, "INFO", "rtpi.avl.siri", "MainThread", "siri-vm: subscription WCB-RTPI-01 active until " + at(ready + 86401).strftime("%Y-%m-%dT%H:%M:%SZ") + " (producer https://siri.kinetra-avl.net/wcb/siri/2.0)")
        up = ready + 1.3
        py(up, "INFO", "uvicorn.error", "MainThread", "Uvicorn running on http://127.0.0.1:8080 (Press CTRL+C to quit)")
        downtime.append((rx - 2.5, up))
        proc_start = up
        stats.setdefault("up", []).append(up)
    timeline.sort()

    def mirrored(x):
        cur = False
        for a, _, mir in timeline:
            if x >= a:
                cur = mir
        return cur

    # --- the buses
    shapes = []
    for route, names, n, fleet0 in ROUTES:
        pts = [P[name] for name in names]
        real = [xy(lat, lon) for lat, lon in pts]
        mirr = [xy(lat, lost_sign(lon)) for lat, lon in pts]
        cum = [0.0]
        for a, b in zip(real, real[1:]):
            cum.append(cum[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
        shapes.append((route, names, pts, real, mirr, cum, n, fleet0))

    vehicles = []
    for route, names, pts, real, mirr, cum, n, fleet0 in shapes:
        length = cum[-1]
        for k in range(n):
            speed = rng.uniform(5.6, 7.0)
            lay = rng.uniform(300, 540)
            leg = length / speed
            cycle = 2 * leg + 2 * lay
            phase = (k + rng.uniform(-0.15, 0.15)) / n * cycle
            vehicles.append({"route": route, "real": real, "mirr": mirr, "cum": cum, "len": length, "speed": speed, "lay": lay,
                             "leg": leg, "cycle": cycle, "phase": phase, "ref": str(fleet0 + k), "pts": pts})

    def where(v, x):
        """(x, y, trip_id, direction) of vehicle v at time x."""
        s = (x + v["phase"]) % v["cycle"]
        cycle_start = x + v["phase"] - ((x + v["phase"]) % v["cycle"]) - v["phase"]
        L, leg, lay = v["len"], v["leg"], v["lay"]
        if s < leg:
            d, direction, dep = s * v["speed"], 0, cycle_start
        elif s < leg + lay:
            d, direction, dep = L, 1, cycle_start + leg + lay   # laying over for the return trip
        elif s < 2 * leg + lay:
            d, direction, dep = L - (s - leg - lay) * v["speed"], 1, cycle_start + leg + lay
        else:
            d, direction, dep = 0.0, 0, cycle_start + v["cycle"]
        cum, real = v["cum"], v["real"]
        i = 0
        while i < len(cum) - 2 and cum[i + 1] < d:
            i += 1
        seg = cum[i + 1] - cum[i]
        u = 0 if seg == 0 else (d - cum[i]) / seg
        px = real[i][0] + u * (real[i + 1][0] - real[i][0])
        py_ = real[i][1] + u * (real[i + 1][1] - real[i][1])
        local = at(dep) + BST
        return px, py_, f"{v['route']}-{local.strftime('%H%M')}-{direction}", direction

    # genuine departures from the route: (vehicle, from, to, metres north, metres east)
    detours = [("27413", secs(utc("2026-09-29 09:41:00")), secs(utc("2026-09-29 10:19:00")), 380, 40),    # Bexhill roadworks
               ("27432", secs(utc("2026-09-29 10:04:30")), secs(utc("2026-09-29 10:12:00")), 60, 215),    # into Hailsham depot
               ("27503", secs(utc("2026-09-29 12:36:00")), secs(utc("2026-09-29 12:44:30")), 170, -20),   # under the cliffs at Hastings
               ("27424", secs(utc("2026-09-29 09:12:00")), secs(utc("2026-09-29 09:19:00")), 300, 120)]   # DGH one-way system
    detour_by = {}
    for ref, a, b, dn, de in detours:
        detour_by.setdefault(ref, []).append((a, b, dn, de))

    state = {v["ref"]: {"trip": None, "off": 0, "on": 0, "wd": False, "since": None, "last_warn": None} for v in vehicles}
    minute_off = {}
    minute_veh = {}
    step = 10.0
    x = t0 - 120
    last_reset = None
    while x < t1:
        ep = epoch(x)
        serving = not any(a <= x < b for a, b in downtime)
        if not serving:
            for st in state.values():
                st.update({"trip": None, "off": 0, "on": 0, "wd": False, "since": None, "last_warn": None})
            x += step
            continue
        mirror = mirrored(x)
        thr = ep[3]
        m = int(x // 60) * 60
        for v in vehicles:
            if rng.random() < 0.015:   # a fix that does not arrive (coverage)
                continue
            px, py_, trip, _ = where(v, x + rng.uniform(0, 9))
            for a, b, dn, de in detour_by.get(v["ref"], []):
                if a <= x < b:
                    py_ += dn
                    px += de
            px += rng.gauss(0, 6)
            py_ += rng.gauss(0, 6)
            shape = v["mirr"] if mirror else v["real"]
            d = min(seg_dist((px, py_), a_, b_) for a_, b_ in zip(shape, shape[1:]))
            st = state[v["ref"]]
            if st["trip"] != trip:
                if st["wd"] and ep[4] and st["trip"] is not None:
                    pass
                st.update({"trip": trip, "off": 0, "on": 0, "wd": False, "since": None, "last_warn": None})
            if d > thr:
                st["off"] += 1
                st["on"] = 0
                if st["off"] >= 3 and not st["wd"]:
                    st["wd"] = True
                    st["since"] = x
                    st["last_warn"] = x
                    if ep[4]:
                        py(x + rng.uniform(0.02, 0.4), "WARNING", "rtpi.match", "matcher",
                           f"vehicle {v['ref']} off route on trip {trip}: {int(d)} m from shape (threshold {thr} m), predictions withdrawn")
                        if mirror and stats["first_warn"] is None:
                            stats["first_warn"] = x
                        if mirror and v["route"] == "12" and d > 5000 and "example" not in stats:
                            stats["example"] = (v["ref"], trip, int(d))
            else:
                st["on"] += 1
                st["off"] = 0
                if st["wd"] and st["on"] >= 3:
                    if ep[4]:
                        py(x + rng.uniform(0.02, 0.4), "INFO", "rtpi.match", "matcher", f"vehicle {v['ref']} back on route on trip {trip}")
                    st.update({"wd": False, "since": None, "last_warn": None})
            if st["wd"]:
                minute_off.setdefault(m, set()).add(v["ref"])
            minute_veh.setdefault(m, set()).add(v["ref"])
        x += step

    # --- per-minute summaries
    sign_west = 27
    x = t0 + rng.uniform(0.5, 3)
    while x < t1:
        m = int(x // 60) * 60 - 60
        if any(a <= x < b for a, b in downtime) or m not in minute_veh:
            x += 60
            continue
        nveh = len(minute_veh[m])
        noff = len(minute_off.get(m, ()))
        no_trip = weighted(rng, [(6, 0), (3, 1), (1, 2)])
        stats["off"][m + 60] = noff
        py(x, "INFO", "rtpi.match", "matcher", f"matcher: vehicles={nveh + no_trip} matched={nveh - noff} off_route={noff} no_trip={no_trip}")
        recv = (nveh + no_trip) * 6 - rng.randint(0, 9)
        py(x + 0.3, "INFO", "rtpi.avl.siri", "asyncio_0", f"siri-vm: received={recv} activities vehicles={nveh + no_trip} last_heartbeat={rng.randint(1, 58)}s ago")
        tu = nveh - noff
        stats["tu"][m + 60] = tu
        py(x + 0.9, "INFO", "rtpi.feed", "feed", f"gtfs-rt: trip_updates={tu} vehicle_positions={nveh + no_trip} bytes={tu * 312 + rng.randint(180, 900)} build_ms={rng.randint(18, 46)}")
        if mirrored(m + 30):
            sched_only = sign_west - rng.randint(0, 3) + rng.randint(3, 6)
        else:
            sched_only = rng.randint(3, 7)
        py(x + 1.4, "INFO", "rtpi.signs", "asyncio_0", f"signs: requests=2 stops=96 realtime={96 - sched_only} scheduled_only={sched_only}")
        x += 60

    # --- routine warnings
    def some(n, fn):
        for _ in range(n):
            xx = rng.uniform(t0, t1)
            if not any(a <= xx < b for a, b in downtime):
                fn(xx)

    some(14, lambda xx: py(xx, "WARNING", "rtpi.avl.siri", "asyncio_0", f"siri-vm: activity for unknown vehicle {rng.choice(['40217', '40219', '61104'])} (not in fleet list), ignored"))
    some(22, lambda xx: py(xx, "WARNING", "rtpi.avl.siri", "asyncio_0", f"siri-vm: late activity from vehicle {rng.choice([v['ref'] for v in vehicles])} (RecordedAtTime {rng.randint(61, 190)}s old), dropped"))
    some(6, lambda xx: py(xx, "WARNING", "rtpi.match", "matcher", f"trip {rng.choice(['225-1040-1', '225-1140-1', '100-1215-0', '20-1232-1'])}: no block assignment in dataset, vehicle matched by route"))
    some(3, lambda xx: py(xx, "WARNING", "rtpi.signs", "asyncio_0", "signs: stop 1400WCB0317 requested but not in timetable (Lumatrix sign LMX-0317)"))
    xr = secs(utc("2026-09-29 09:41:17"))
    py(xr, "ERROR", "rtpi.avl.siri", "asyncio_0", "siri-vm: delivery connection reset by peer (producer https://siri.kinetra-avl.net/wcb/siri/2.0); resubscribing")
    py(xr + 1.6, "INFO", "rtpi.avl.siri", "asyncio_0", "siri-vm: subscription WCB-RTPI-01 active until 2026-09-30T09:41:18Z (producer https://siri.kinetra-avl.net/wcb/siri/2.0)")

    # --- nginx in front of rtpi-feed: the planner, aggregators, the sign head-end
    def served(xx):
        return not any(a <= xx < b for a, b in downtime)

    def tu_bytes(xx):
        m = int(xx // 60) * 60
        return stats["tu"].get(m, 40) * 312 + rng.randint(150, 700)

    def vp_bytes(xx):
        return 54 * 96 + rng.randint(0, 400)

    clients = [("10.20.1.15", "OpenTripPlanner/2.6.0", "/gtfs-rt/trip-updates", 30, tu_bytes),
               ("10.20.1.15", "OpenTripPlanner/2.6.0", "/gtfs-rt/vehicle-positions", 15, vp_bytes),
               ("185.199.110.41", "RouteRadar-Fetcher/3.2 (+https://routeradar.app/bot)", "/gtfs-rt/trip-updates", 60, tu_bytes),
               ("185.199.110.41", "RouteRadar-Fetcher/3.2 (+https://routeradar.app/bot)", "/gtfs-rt/vehicle-positions", 60, vp_bytes),
               ("81.144.238.20", "Go-http-client/1.1", "/gtfs-rt/trip-updates", 30, tu_bytes),
               ("35.178.94.7", "Lumatrix-Headend/5.4.2", "/signs/v1/departures?group=all", 30, lambda xx: 38000 + rng.randint(0, 3000))]
    for ip_, ua, path, every, size in clients:
        xx = t0 + rng.uniform(0, every)
        while xx < t1:
            t = at(xx)
            if served(xx):
                ngx.add(t, nginx_access(t, ip_, "GET", path, 200, size(xx), rng.uniform(0.002, 0.02), ua, upstream_rt=rng.uniform(0.001, 0.015)))
            else:
                ngx.add(t, nginx_access(t, ip_, "GET", path, 502, 166, 0.001, ua, upstream_rt=0.0))
            xx += every + rng.uniform(-0.4, 0.4)
    for _ in range(40):
        xx = rng.uniform(t0, t1)
        t = at(xx)
        ngx.add(t, nginx_access(t, f"{rng.choice(['51.9', '86.1', '92.4', '109.15'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "GET",
                                rng.choice(["/", "/robots.txt", "/.env", "/wp-login.php"]), 404, 153, 0.0, rng.choice(["Mozilla/5.0 (compatible; CensysInspect/1.1)", "Mozilla/5.0 zgrab/0.x", "curl/8.5.0"])))

    # --- OpenTripPlanner
    def otp_line(xx, level, thread, logger, msg):
        if not t0 <= xx < t1:
            return
        t = at(xx)
        otp.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    xx = t0 + 7.3
    while xx < t1:
        if served(xx):
            m = int(xx // 60) * 60
            n = stats["tu"].get(m, 40)
            otp_line(xx + 0.2, "INFO", "updater-wcb-tu", "o.o.u.t.TripUpdateResultLogger", f"[feedId=wcb] {n} of {n} TripUpdate messages were applied successfully (success rate: 100.0%)")
        else:
            otp_line(xx + 0.05, "WARN", "updater-wcb-tu", "o.o.u.t.GtfsRealtimeTripUpdateSource", "Failed to fetch TripUpdates from http://rtpi-prod-1.wcb-internal.net/gtfs-rt/trip-updates: HTTP 502 Bad Gateway")
        xx += 30
    xx = t0 + 3.1
    while xx < t1:
        if served(xx):
            m = int(xx // 60) * 60
            n = len(minute_veh.get(m - 60, ())) or 54
            off = stats["off"].get(m, 0)
            otp_line(xx + 0.1, "INFO", "updater-wcb-vp", "o.o.u.v.VehiclePositionPatternMatcher", f"[feedId=wcb] {n} vehicle positions, {n - off} matched to a trip, {off} without trip")
        xx += 60
    otp_line(secs(utc("2026-09-29 09:30:00")) + 0.4, "INFO", "main", "o.o.s.g.GraphService", "Graph wcb-2026-09-22a built 2026-09-29T02:07:44Z is current")

    # --- scheduling export server
    def sl(xx, tag, pid, msg):
        if t0 <= xx < t1:
            sched.add(at(xx), syslog3164(at(xx), "sched-01", tag, pid, msg))

    for k in range(int((t1 - t0) // 900) + 1):
        xx = t0 + k * 900 + rng.uniform(20, 60)
        sl(xx, "duty-sync", 2211, f"pulled {rng.randint(0, 9)} roster changes from the duty system, {rng.randint(0, 3)} vehicle swaps")
    px = secs(PUBLISH_29A)
    sl(px - 188, "gtfs-export", 30412, "export started dataset=2026-09-29a by gemma.wright (Lewes roadworks: 28/29 diversion via Cuilfail Tunnel from 30 Sep)")
    sl(px - 96, "gtfs-export", 30412, "gtfs-validator 6.0.0: 0 errors, 14 warnings (fast_travel_between_consecutive_stops x9, unusable_trip x5)")
    sl(px - 4, "gtfs-export", 30412, f"uploaded gtfs-2026-09-29a.zip to gtfs-published (4203518 bytes, sha256 {SHA_29A})")
    sl(px, "gtfs-export", 30412, "current.json -> 2026-09-29a")
    sl(secs(REVERT_22A), "gtfs-export", 30519, "current.json -> 2026-09-22a (set by gemma.wright: rollback requested by rtpi on-call)")
    sl(secs(utc("2026-09-29 11:24:40")), "gtfs-export", 30561, "diff 2026-09-22a..2026-09-29a by gemma.wright: shapes changed 28-0, 28-1, 29-0, 29-1 (Lewes), 2 added; stops added 7; trips added 16")
    sl(secs(REPUBLISH_29A), "gtfs-export", 30622, "current.json -> 2026-09-29a (set by gemma.wright)")

    # --- GitHub Actions deploy runs
    def gh(xx, text):
        t = at(xx)
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(x_start, number, actor, version, sha, ref_note):
        gh(x_start, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) version={version}{ref_note}")
        gh(x_start + 3.2, f"HEAD is now at {sha[:7]}")
        gh(x_start + 21.5, f"Successfully built rtpi_feed-{version.split('-')[0]}-py3-none-any.whl")
        gh(x_start + 33.0, f"+ ansible-playbook -i deploy/ansible/inventory/production deploy/ansible/site.yml -e rtpi_version={version} -e rtpi_commit={sha[:7]}")
        gh(x_start + 36.1, "TASK [rtpi : copy wheel] changed: [rtpi-prod-1.wcb-internal.net]")
        gh(x_start + 44.9, "TASK [rtpi : install wheel] changed: [rtpi-prod-1.wcb-internal.net]")
        gh(x_start + 46.3, "TASK [rtpi : configuration] " + ("changed" if version != "3.15.1" else "ok") + ": [rtpi-prod-1.wcb-internal.net]")
        gh(x_start + 47.0, "TASK [rtpi : restart rtpi-feed] changed: [rtpi-prod-1.wcb-internal.net]")
        gh(x_start + 58.2, "TASK [rtpi : wait for /healthz] ok: [rtpi-prod-1.wcb-internal.net]")
        gh(x_start + 58.4, "PLAY RECAP rtpi-prod-1.wcb-internal.net : ok=6 changed=5 unreachable=0 failed=0")
        gh(x_start + 58.6, "##[endgroup]")

    run(secs(THU_DEPLOY) - 47, 61, "marek-nowicki", "3.14.0", shas["thu"], "")
    run(secs(RELEASE) - 47, 62, "marek-nowicki", "3.15.0", shas["tue"], "")
    run(secs(ROLLBACK) - 47, 63, "marek-nowicki", "3.14.0", shas["thu"], f" ref={shas['thu'][:7]}")
    run(secs(FIXED) - 47, 64, "hannah-okafor", "3.15.1", shas["fix"], "")

    # --- #rtpi-ops
    users = {"alertmanager": "B01ALRT9K", "marek.nowicki": "U01MN4T7Q", "hannah.okafor": "U01HO2K8L", "ciara.byrne": "U02CB5R1S",
             "gemma.wright (scheduling)": "U03GW7P2D", "dave.ellis (control room)": "U04DE1J6F", "priti.shah (digital)": "U05PS3N9B"}

    def say(xx, who, text):
        t = at(xx + rng.uniform(0, 0.99))
        slack.add(t, json.dumps({"type": "message", "channel": "rtpi-ops", "ts": f"{t.timestamp():.6f}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    m_ = 60
    first = stats["first_warn"]
    swap_bad, swap_fixed_29a = swaps["29a"]
    swap_revert = swaps["22a"][0]
    up_fix = stats["up"][2]
    say(secs(RELEASE) - 3 * m_, "marek.nowicki", "deploying rtpi-feed 3.15.0: off-route at 150 m + a warning per vehicle (RTPI-322), ETags for Lumatrix (RTPI-324), feed_version in the timetable line (RTPI-320), protobuf bump")
    say(secs(RELEASE) + 2 * m_, "marek.nowicki", "3.15.0 out, feeds fine. first per-vehicle warnings are the 99 on the Bexhill roadworks diversion, as expected")
    say(px + 25, "gemma.wright (scheduling)", "published 2026-09-29a: Lewes roadworks from tomorrow, 28/29 via the Cuilfail Tunnel, new shapes for both")
    say(first + 7.5 * m_, "alertmanager", "[FIRING:1] RtpiOffRouteHigh rtpi-prod-1 off_route_vehicles > 8 for 5m")
    say(first + 10 * m_, "dave.ellis (control room)", "phones going: signs at Old Steine, Brighton Station and Haywards Heath show timetable times only, no live ones, for 12, 28, 29, 31. CAD has the buses where they should be")
    ex = stats["example"]
    say(first + 13 * m_, "marek.nowicki", f"looking. off-route warnings since {at(first).strftime('%H:%M')} UTC for 12/28/29/31, all at the Brighton and Haywards Heath end, and they're kilometres out, e.g. vehicle {ex[0]} on {ex[1]}: '{ex[2]} m from shape'. 29a went live at {at(swap_bad).strftime('%H:%M')} (timetable swapped in) and 3.15.0 at 09:56 cut the threshold to 150 m")
    say(secs(ROLLBACK) - 3.5 * m_, "marek.nowicki", "runbook: after a deploy that touched the thresholds, roll back; after a dataset, ask scheduling. rolling back to 3.14.0 first (deploy #63, ref " + shas["thu"][:7] + ")")
    say(secs(ROLLBACK) + 1.5 * m_, "marek.nowicki", "3.14.0 running again. warnings gone (3.14 logs them at debug) but the matcher line still says off_route=10-ish. so not the threshold")
    say(secs(ROLLBACK) + 4 * m_, "priti.shah (digital)", f"OTP is applying every trip update you send, just fewer of them since ~{at(first).strftime('%H:%M')}, and vehicle positions without a trip for the Brighton buses")
    say(secs(ROLLBACK) + 6 * m_, "marek.nowicki", "@gemma.wright can you make 2026-09-22a current again? looks like 29a's shapes")
    say(secs(REVERT_22A) + 20, "gemma.wright (scheduling)", "22a is current again. 29a passed the validator with 0 errors though, and the only shapes we touched are 28/29 through Lewes")
    say(swap_revert + 1.5 * m_, "marek.nowicki", "22a loaded (from the cache), off_route back to 0. so it was 29a?")
    say(swap_revert + 4 * m_, "dave.ellis (control room)", "Brighton signs show live times again")
    say(secs(utc("2026-09-29 11:25:30")), "gemma.wright (scheduling)", "diff of 22a and 29a: only 28-0/28-1/29-0/29-1 around Lewes changed, 12 and 31 shapes are byte for byte the same, and the 12 and 31 were off route too. and we need 29a live by tonight for tomorrow's diversion")
    say(secs(utc("2026-09-29 11:31:10")), "hannah.okafor", f"joining. the {at(swap_bad).strftime('%H:%M')} build of 29a says lon=0.0040..0.7330. 22a from the cache says lon=-0.1410..0.7330. so in the 29a timetable nothing of ours is west of Greenwich")
    say(secs(utc("2026-09-29 11:38:40")), "hannah.okafor", "it's mine, RTPI-318 last Thursday: micro_degrees() parses the text and takes the sign from int(whole). int('-0') is 0, so '-0.137140' becomes +0.137140: every point between the meridian and 1 degree west, i.e. Brighton, Rottingdean, Falmer, Haywards Heath, got mirrored east. the buses were where they should be, the shapes weren't")
    say(secs(utc("2026-09-29 11:40:20")), "hannah.okafor", "3.14.0 shipped it on Thursday, but the cache is keyed by the zip's sha256 only, so nothing was rebuilt until 29a. the 22a pickle was built by 3.13 on the 22nd. if anything rebuilt 22a now it would break the same way, so don't clear /var/cache/rtpi")
    say(secs(utc("2026-09-29 11:42:00")), "marek.nowicki", "which is why the rollback did nothing: 3.14.0 has RTPI-318 and loaded the same 29a pickle")
    say(secs(utc("2026-09-29 12:05:00")), "hannah.okafor", "RTPI-331 merged: sign from the text, tests for -0.x, and a loader version in the cache key so 3.15.1 rebuilds. deploying 3.15.1")
    say(up_fix + 1.2 * m_, "hannah.okafor", "3.15.1 up, rebuilt 22a: lon=-0.1410..0.7330. @gemma.wright please make 29a current again")
    say(secs(REPUBLISH_29A) + 15, "gemma.wright (scheduling)", "29a is current")
    say(swap_fixed_29a + 2 * m_, "marek.nowicki", "29a built by 3.15.1: lon=-0.1410..0.7330, off_route=0-1. Brighton signs live. closing, postmortem Thursday")

    stats["downtime"] = downtime
    stats["swap_bad"] = swap_bad
    stats["swaps"] = swaps
    return [app, ngx, otp, sched, gha, slack], stats


def build(out_dir):
    rng = random.Random(57100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_warn"]).replace(microsecond=0)
        assert utc("2026-09-29 10:31:30") <= onset <= utc("2026-09-29 10:35:30"), onset
        culprit_at = utc("2026-09-24 13:22:00")
        off, tu = stats["off"], stats["tu"]

        def off_route(t):
            m = int(t.timestamp() // 60) * 60
            return off.get(m)

        def trip_updates(t):
            m = int(t.timestamp() // 60) * 60
            return tu.get(m)

        metrics = {
            "rtpi_matcher_off_route_vehicles.json": query_range(
                [({"__name__": "rtpi_matcher_off_route_vehicles", "instance": "rtpi-prod-1:8080", "job": "rtpi-feed"}, off_route)], START, END, 60),
            "rtpi_gtfsrt_trip_updates_entities.json": query_range(
                [({"__name__": "rtpi_gtfsrt_trip_updates_entities", "instance": "rtpi-prod-1:8080", "job": "rtpi-feed"}, trip_updates)], START, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r57-shape-lon-minus-zero", service=SERVICE, onset=onset,
            description=f"""
Real-time bus times for Weald & Coast's Brighton and Haywards Heath end go
missing on Tuesday 29 September: from {onset.strftime('%H:%M:%S')} UTC rtpi-feed finds
every bus on the 12, 28, 29 and 31 west of the Greenwich meridian
kilometres off its route and withdraws its predictions; the stop signs
there and the journey planner show timetable times only, while the
control room's AVL screen shows the buses where they are. A new dataset
from the scheduling team had gone live at 10:31 and an rtpi-feed release
at 09:56. The release was rolled back at 10:58; the previous dataset was
made current again at 11:12 and the predictions came back; a fix was
deployed at 12:19 and the new dataset made current again at 12:31.
""",
            logs=logs,
            line_formats={"rtpi-feed.log": r'<Date> <Time> <Level>\s+\[<Logger>\] \[<Thread>\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'timetable built dataset=',
                r'off route on trip .* m from shape',
            ],
            fix_files=["rtpi/geo.py", "rtpi/static/timetable_cache.py"],
            explanation=f"""
The culprit is RTPI-318 ("static: parse coordinates straight into
microdegrees"), committed on Thursday 24 September at 13:22 UTC and
deployed in 3.14.0 at 15:10 with the docs commit after it, {hours:.1f} hours
before the onset. To make timetable builds faster it parses the decimal
text into integer microdegrees and takes the sign from int(whole); for
"-0.137140" int("-0") is 0, so every shape point and stop between the
meridian and 1 degree west comes out east of it. Timetables are pickled
by the dataset zip's sha256, so 3.14.0 and every restart after it loaded
2026-09-22a as 3.13 had built it; 2026-09-29a, published at 10:31 on
Tuesday, is the first build with the new parser ("timetable built
dataset=2026-09-29a ... lon=0.0040..0.7330" where the 22a timetable says
lon=-0.1410..0.7330), and every bus on the 12, 28, 29 and 31 west of the
meridian is kilometres from its mirrored shape ("vehicle ... off route
on trip ...: 7737 m from shape ..., predictions withdrawn"). The fix
(RTPI-331) takes the sign from the text in rtpi/geo.py and puts a loader
version into the cache key (a revert of the culprit touches geo.py).
Decoys: the 09:56 release 3.15.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (RTPI-322:
threshold 250 m -> 150 m and the very "off route" warning, in the
matcher and the config; RTPI-324, sign ETags; RTPI-320, feed_version in
the timetable line, in the culprit's file; a protobuf bump), rolled back
at 10:58 to 3.14.0, which holds the culprit and loads the same 29a
pickle (the warnings vanish, off_route stays); the scheduling team's
dataset 2026-09-29a, which went live a minute before the onset and
whose revert to 22a at 11:12 fixed it (the 22a pickle was built before
the culprit); the runbook commit (RTPI-321) that blames the scheduling
export and threshold changes; the docs commit on datasets; the tests
commit whose fixture has only Eastbourne's positive longitudes; RTPI-312
(HDOP) in the matcher; RTPI-309, the lxml bump; genuine off-route buses
(the 99's Bexhill roadworks diversion, a 54 into Hailsham depot, a 20
under the cliffs at Hastings); routine SIRI-VM warnings (unknown
vehicles, late activities, a connection reset at 09:41).
""",
        )
    finally:
        repo.close()
