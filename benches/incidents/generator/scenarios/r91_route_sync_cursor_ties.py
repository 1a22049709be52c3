"""milkrun (Python 3.12, FastAPI and SQLAlchemy 2 on PostgreSQL; an API
deployment for the tablets, Routeboard and Vatlink's webhooks, and one
worker; EKS, deployed with a manual GitLab CI job running `helm upgrade`)
is the milk collection system of Totara Valley Dairy, a Waikato
co-operative of about 900 farms that sends its milk to one plant, Ngarua.
Every night at 02:30 the worker plans the next day: which of the 38
truck-and-trailer tankers collects which farm vat, in which of its three
runs and in which order (the tanker's stops, `seq` 1..n). The transport
desk changes the plan stop by stop in Routeboard during the day. The
drivers see their stops on CollectPad tablets in the cab, record a docket
at each vat (litres from the tanker's flowmeter, temperature, sample
barcode), and the plant's intake lab (Intaq LIMS) gets a manifest of each
run's dockets. About 70 farms' vats are monitored by Vatlink, whose
webhooks report readings, milkings, pickups and level alarms.

Thursday 1 October 2026 (NZDT, UTC+13): ROUTE-231 gives CollectPad 4.2 a
delta sync. Downloading the whole day's route every two minutes was most of
the tablets' mobile data on rural towers, so the tablet now asks for
`/stops?since=<cursor>` and gets at most 25 stops that changed after the
cursor, ordered by `updated_at`, with `next` = the last stop's
`updated_at` and `more` = a full page; it asks again while `more` is true.
The planner writes the whole day's plan in one transaction, so every stop
of the plan has the same `updated_at` (PostgreSQL's now() is the
transaction's start time): for a tanker with more than 25 stops, page one
ends inside that one timestamp, and page two (`updated_at > cursor`) is
empty. The stops after seq 25 never reach the tablet unless someone edits
them. Released in 5.3.0 that afternoon. Until the weekend no tanker had more
than 25 stops a day (many farms on every-other-day collection); from Monday
5 October the transport team's spring peak schedule puts every farm on
daily collection, and 11 tankers get 26-30 stops (T06 and T25 exactly
25). Their tablets sync at 04:1x (a full page, then nothing) and ack 25
stops ("tablet route differs from plan", a warning nobody watches since
CollectPad 3.9's INC-1822).

Monday: 5.4.0 is deployed at 13:05 (ROUTE-240, pump times from the
measured pump rate in the very planner; ROUTE-243, which adds the very
"stop overdue" warning that fills the log, with the overdue window cut
from 90 to 60 minutes and four api replicas in the values file;
ROUTE-238, the vat access notes in the culprit's own stop_json). T26 is
held behind a crash on SH27 at 10:50; T14's trailer tyre blows at 12:45
and its run 3 is rightly overdue from 14:45. The long days' third runs end
at stop 25 and their drivers bring back half loads; from 16:00 the stops
after 25 go overdue one after the other, drivers say they were never on
their tablets, and farmers whose vats fill with the afternoon milking ring
supplier services. The desk republishes T22 and T17 (it works: fewer than
25 planned stops are left, all with a new timestamp); Hemi, on call, reads
the runbook and rolls back to 5.3.1 at 16:30, which stops the warnings but
not the missing stops. The desk republishes every red tanker and calls in
relief drivers; Liam reads the page-full syncs followed by empty ones from
the same cursor and the "25 of N" acks from 04:1x, and ROUTE-245 (5.4.1,
17:24) makes the cursor (updated_at, id). The 31 farms are collected by
18:20; one farm's vat fills at 16:55 and it diverts the rest of its
afternoon milking.

Sources: milkrun (Python logging through `kubectl logs --prefix`, line
format), ingress-nginx access, Vatlink webhook events (JSON lines), Intaq
LIMS intake and lab log (line format), the transport desk's shift log (line
format), supplier services' call log (JSON lines), GitLab CI job traces
(timestamped, line format), #milk-supply-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "milkrun"
NZDT = dt.timezone(dt.timedelta(hours=13))
START, END = utc("2026-10-04 13:00:00"), utc("2026-10-05 06:45:00")


def nz(text):
    """'2026-10-05 15:37:00' in the Waikato (NZDT, UTC+13) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=NZDT).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


PLAN_AT = nz("2026-10-05 02:30:00")
DEPLOY_540 = nz("2026-10-05 12:58:40")
ROLLBACK = nz("2026-10-05 16:29:40")
DEPLOY_541 = nz("2026-10-05 17:19:30")

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "milkrun"
version = "5.2.3"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.115.0",
  "uvicorn[standard]==0.30.6",
  "sqlalchemy==2.0.34",
  "psycopg[binary]==3.2.2",
  "httpx==0.27.0",
  "pydantic-settings==2.5.2",
  "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

INIT = '__version__ = "5.2.3"\n'

SETTINGS = """from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql+psycopg://milkrun@localhost/milkrun"
    intaq_url: str = "https://intaq.ngarua.tvd.local/api/v2"
    intaq_timeout_s: float = 10.0
    vatlink_secret: str = ""
    # minutes after a stop's planned time before Routeboard shows it late
    overdue_window_min: int = 90
    plan_at: str = "02:30"


settings = Settings()
"""

TIMEUTIL = """from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

NZ = ZoneInfo("Pacific/Auckland")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def today_nz() -> date:
    return datetime.now(NZ).date()


def iso(t: datetime | None) -> str | None:
    return None if t is None else t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def hhmm(t: datetime) -> str:
    return t.astimezone(NZ).strftime("%H:%M")
"""

MODELS = """\"\"\"Tables of the collection day: tankers, their tablets, the planned stops
and the dockets the drivers record at each vat.\"\"\"

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Tanker(Base):
    __tablename__ = "tankers"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)  # T01 ...
    rego: Mapped[str] = mapped_column(String(8))
    capacity_l: Mapped[int]


class Tablet(Base):
    __tablename__ = "tablets"
    id: Mapped[str] = mapped_column(String(12), primary_key=True)  # CP-0417
    tanker_id: Mapped[str] = mapped_column(ForeignKey("tankers.id"))
    app_version: Mapped[str] = mapped_column(String(16))
    route_ack_at: Mapped[datetime | None]


class Stop(Base):
    \"\"\"One vat to collect. A tanker's day is its stops in seq order, split
    into runs that each end at the plant.\"\"\"

    __tablename__ = "stops"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    tanker_id: Mapped[str] = mapped_column(ForeignKey("tankers.id"), index=True)
    run: Mapped[int]
    seq: Mapped[int]
    supplier_no: Mapped[int]
    vat_no: Mapped[int]
    planned_at: Mapped[datetime]
    expected_l: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="planned")  # planned, collected, cancelled
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class LateStop(Base):
    \"\"\"Stops whose window closed without a docket (Routeboard's red pins).\"\"\"

    __tablename__ = "late_stops"
    stop_id: Mapped[int] = mapped_column(ForeignKey("stops.id"), primary_key=True)
    since: Mapped[datetime]


class Docket(Base):
    __tablename__ = "dockets"
    id: Mapped[str] = mapped_column(String(12), primary_key=True)  # D7781203
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("stops.id"))
    supplier_no: Mapped[int]
    vat_no: Mapped[int]
    tanker_id: Mapped[str] = mapped_column(String(8))
    run: Mapped[int]
    collected_at: Mapped[datetime]
    litres: Mapped[int]
    temp_c: Mapped[float]
    sample_barcode: Mapped[str] = mapped_column(String(20))
    override_reason: Mapped[str | None] = mapped_column(String(200))
"""

DB = """from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from milkrun.settings import settings

engine = create_engine(settings.database_url, pool_size=10, max_overflow=5, pool_pre_ping=True)
Session = sessionmaker(engine, expire_on_commit=False)


def session():
    with Session() as db:
        yield db
"""

AUTH = """from fastapi import Header, HTTPException
from sqlalchemy import select

from milkrun.models import Tablet


def tablet_for(db, tablet_id: str, x_collectpad_key: str = Header(default="")) -> Tablet:
    tablet = db.scalar(select(Tablet).where(Tablet.id == tablet_id))
    if tablet is None:
        raise HTTPException(status_code=404, detail="unknown tablet")
    return tablet
"""

SYNC = """\"\"\"Routes for the CollectPad tablets in the tankers' cabs.\"\"\"

import logging
from datetime import date

from fastapi import APIRouter, Depends
from sqlalchemy import select

from milkrun.db import session
from milkrun.models import Stop
from milkrun.tablets.auth import tablet_for

log = logging.getLogger(__name__)
router = APIRouter()


def stop_json(stop):
    return {
        "id": stop.id,
        "day": stop.day.isoformat(),
        "run": stop.run,
        "seq": stop.seq,
        "supplier": stop.supplier_no,
        "vat": stop.vat_no,
        "planned_at": stop.planned_at.isoformat(),
        "expected_l": stop.expected_l,
        "status": stop.status,
    }


@router.get("/api/v3/tablets/{tablet_id}/route")
def route(tablet_id: str, day: date, db=Depends(session)):
    \"\"\"The tanker's whole route for a day. CollectPad downloads it every two
    minutes and shows what it gets.\"\"\"
    tablet = tablet_for(db, tablet_id)
    stops = db.scalars(
        select(Stop)
        .where(Stop.tanker_id == tablet.tanker_id, Stop.day == day, Stop.status != "cancelled")
        .order_by(Stop.seq)
    ).all()
    return {"day": day.isoformat(), "tanker": tablet.tanker_id, "stops": [stop_json(s) for s in stops]}
"""

ACKS = """\"\"\"CollectPad acknowledges the route it shows whenever stops are added to
or taken off it.\"\"\"

import logging
from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import func, select

from milkrun.db import session
from milkrun.models import Stop
from milkrun.tablets.auth import tablet_for
from milkrun.timeutil import utcnow

log = logging.getLogger(__name__)
router = APIRouter()


class RouteAck(BaseModel):
    day: date
    stops: int
    app_version: str


@router.post("/api/v3/tablets/{tablet_id}/route-ack")
def route_ack(tablet_id: str, ack: RouteAck, db=Depends(session)):
    tablet = tablet_for(db, tablet_id)
    planned = db.scalar(
        select(func.count())
        .select_from(Stop)
        .where(Stop.tanker_id == tablet.tanker_id, Stop.day == ack.day, Stop.status != "cancelled")
    )
    tablet.route_ack_at = utcnow()
    tablet.app_version = ack.app_version
    db.commit()
    if ack.stops != planned:
        # CollectPad 3.9 could come back from a restart with yesterday's route
        # (INC-1822). A tablet that acks between two syncs differs for a minute.
        log.warning(
            "tablet route differs from plan: %s (%s) has %d of %d stops for %s",
            tablet_id, tablet.tanker_id, ack.stops, planned, ack.day,
        )
    return {"ok": True}
"""

ROUTEBOARD = """\"\"\"The transport desk's changes to the day's plan (Routeboard).\"\"\"

import logging
from datetime import date, datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select, update

from milkrun.db import session
from milkrun.models import Stop
from milkrun.timeutil import hhmm

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v3/routeboard")


class StopChange(BaseModel):
    tanker_id: str | None = None
    planned_at: datetime | None = None
    user: str


@router.patch("/stops/{stop_id}")
def change_stop(stop_id: int, change: StopChange, db=Depends(session)):
    stop = db.get(Stop, stop_id)
    before = (stop.tanker_id, hhmm(stop.planned_at))
    if change.tanker_id:
        stop.tanker_id = change.tanker_id
    if change.planned_at:
        stop.planned_at = change.planned_at
    db.commit()
    log.info("stop %d (supplier %d vat %d) changed by %s: %s %s -> %s %s", stop.id, stop.supplier_no, stop.vat_no,
             change.user, before[0], before[1], stop.tanker_id, hhmm(stop.planned_at))
    return {"ok": True}


@router.post("/tankers/{tanker_id}/republish")
def republish(tanker_id: str, day: date, user: str, db=Depends(session)):
    \"\"\"Sends the tanker's planned stops to its tablet again (a tablet that
    shows an old route).\"\"\"
    n = db.execute(
        update(Stop).where(Stop.tanker_id == tanker_id, Stop.day == day, Stop.status == "planned").values(status="planned")
    ).rowcount
    db.commit()
    log.info("route republished for %s by %s: %d planned stops", tanker_id, user, n)
    return {"stops": n}
"""

DOCKETS = """\"\"\"Dockets from the tablets: one per vat collected.\"\"\"

import logging
from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel

from milkrun.db import session
from milkrun.models import Docket, Stop

log = logging.getLogger(__name__)
router = APIRouter()


class DocketIn(BaseModel):
    id: str
    stop_id: int | None
    supplier: int
    vat: int
    tanker: str
    run: int
    collected_at: datetime
    litres: int
    temp_c: float
    sample_barcode: str
    override_reason: str | None = None


@router.post("/api/v3/dockets", status_code=201)
def record_docket(body: DocketIn, db=Depends(session)):
    if db.get(Docket, body.id):
        return {"id": body.id, "duplicate": True}
    stop = db.get(Stop, body.stop_id) if body.stop_id else None
    db.add(Docket(id=body.id, stop_id=body.stop_id, supplier_no=body.supplier, vat_no=body.vat, tanker_id=body.tanker,
                  run=body.run, collected_at=body.collected_at, litres=body.litres, temp_c=body.temp_c,
                  sample_barcode=body.sample_barcode, override_reason=body.override_reason))
    if stop is not None:
        stop.status = "collected"
    db.commit()
    log.info("docket %s recorded: supplier %d vat %d %d L %.1f C, %s run %d stop %s", body.id, body.supplier, body.vat,
             body.litres, body.temp_c, body.tanker, body.run, stop.seq if stop else "-")
    return {"id": body.id}
"""

PLANNER = """\"\"\"The next day's collection plan: which tanker collects which vat, in
which run and in which order. Written by the worker at 02:30 for the day,
then changed stop by stop by the transport desk in Routeboard.\"\"\"

import logging
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete

from milkrun.models import Stop
from milkrun.planning.schedule import due_vats
from milkrun.planning.sequence import order_runs
from milkrun.timeutil import NZ

log = logging.getLogger(__name__)

# a tanker's three runs, each from and back to the plant
RUN_STARTS = [time(4, 30), time(8, 50), time(13, 0)]
DRIVE_OUT = timedelta(minutes=35)


def plan_day(db, day: date, tankers) -> int:
    vats = due_vats(db, day)
    runs = order_runs(vats, tankers)  # {tanker_id: [[(vat, leg_minutes), ...] per run]}
    db.execute(delete(Stop).where(Stop.day == day, Stop.status == "planned"))
    stops = []
    for tanker_id, tanker_runs in runs.items():
        seq = 0
        for run_no, run in enumerate(tanker_runs, start=1):
            t = datetime.combine(day, RUN_STARTS[run_no - 1], NZ) + DRIVE_OUT
            for vat, leg in run:
                seq += 1
                t += timedelta(minutes=leg)
                stops.append(Stop(day=day, tanker_id=tanker_id, run=run_no, seq=seq, supplier_no=vat.supplier_no,
                                  vat_no=vat.vat_no, planned_at=t, expected_l=vat.expected_l))
                t += vat.pump_time
    db.add_all(stops)
    db.commit()
    log.info("plan written for %s: %d tankers, %d stops", day, len(runs), len(stops))
    return len(stops)
"""

SCHEDULE = """\"\"\"Which vats are due on a day: the transport team's collection schedule
(daily, or every other day on the farm's A/B days) and the vat's expected
volume from the last seven dockets.\"\"\"

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text


@dataclass
class DueVat:
    supplier_no: int
    vat_no: int
    expected_l: int
    pump_time: timedelta


def due_vats(db, day: date) -> list[DueVat]:
    rows = db.execute(text(\"\"\"
        SELECT v.supplier_no, v.vat_no, coalesce(avg(d.litres), v.nominal_l)::int AS expected_l
          FROM vats v
          JOIN collection_schedule s ON s.supplier_no = v.supplier_no AND s.valid_from <= :day
                                     AND (s.valid_to IS NULL OR s.valid_to >= :day)
          LEFT JOIN LATERAL (SELECT litres FROM dockets WHERE supplier_no = v.supplier_no AND vat_no = v.vat_no
                              ORDER BY collected_at DESC LIMIT 7) d ON true
         WHERE s.frequency = 'daily' OR (s.frequency = 'alternate' AND s.day_parity = (:day - date '2026-01-01') % 2)
         GROUP BY v.supplier_no, v.vat_no, v.nominal_l
    \"\"\"), {"day": day}).all()
    return [DueVat(r.supplier_no, r.vat_no, r.expected_l, timedelta(minutes=6 + r.expected_l // 2500)) for r in rows]
"""

SEQUENCE = """\"\"\"Puts the due vats into tanker runs: nearest vat next, until the tanker
is full (truck and trailer), then back to the plant.\"\"\"

from milkrun.planning.geo import drive_minutes, PLANT


def order_runs(vats, tankers, runs_per_tanker=3):
    left = sorted(vats, key=lambda v: -v.expected_l)
    plan = {t.id: [] for t in tankers}
    for _ in range(runs_per_tanker):
        for tanker in tankers:
            run, load, here = [], 0, PLANT
            while left:
                nxt = min(left, key=lambda v: drive_minutes(here, v))
                if load + nxt.expected_l > tanker.capacity_l * 0.97:
                    break
                left.remove(nxt)
                run.append((nxt, drive_minutes(here, nxt)))
                load += nxt.expected_l
                here = nxt
            if run:
                plan[tanker.id].append(run)
    return plan
"""

OVERDUE = """\"\"\"Stops whose collection window has closed without a docket: Routeboard
shows them red, and milkrun_stops_late counts them.\"\"\"

import logging
from datetime import timedelta

from prometheus_client import Counter
from sqlalchemy import select

from milkrun.models import LateStop, Stop
from milkrun.settings import settings
from milkrun.timeutil import utcnow

log = logging.getLogger(__name__)
LATE = Counter("milkrun_stops_late", "Stops whose window closed without a docket", ["tanker"])


def mark_late(db) -> int:
    now = utcnow()
    cutoff = now - timedelta(minutes=settings.overdue_window_min)
    late = db.scalars(
        select(Stop)
        .outerjoin(LateStop, LateStop.stop_id == Stop.id)
        .where(Stop.status == "planned", Stop.planned_at < cutoff, LateStop.stop_id.is_(None))
    ).all()
    for stop in late:
        db.add(LateStop(stop_id=stop.id, since=now))
        LATE.labels(stop.tanker_id).inc()
    db.commit()
    return len(late)
"""

VATLINK = """\"\"\"Vatlink's webhooks: readings, milkings, pickups and level alarms from the
monitored vats.\"\"\"

import hashlib
import hmac
import logging

from fastapi import APIRouter, Depends, HTTPException, Request

from milkrun.db import session
from milkrun.settings import settings
from milkrun.vatlink.store import store_event

log = logging.getLogger(__name__)
router = APIRouter()


@router.post("/api/v3/vatlink/events", status_code=202)
async def events(request: Request, db=Depends(session)):
    body = await request.body()
    sig = hmac.new(settings.vatlink_secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, request.headers.get("x-vatlink-signature", "")):
        raise HTTPException(status_code=401)
    batch = await request.json()
    for event in batch["events"]:
        store_event(db, event)
    db.commit()
    return {"accepted": len(batch["events"])}
"""

VATLINK_STORE = """from milkrun.models import Base  # noqa: F401  (vat_readings is created by migration 0031)
from sqlalchemy import text


def store_event(db, event):
    db.execute(text(
        "INSERT INTO vat_readings (supplier_no, vat_no, at, kind, volume_l, temp_c, payload) "
        "VALUES (:s, :v, :at, :kind, :vol, :temp, :payload)"
    ), {"s": event["supplier"], "v": event["vat"], "at": event["ts"], "kind": event["type"],
        "vol": event.get("vol_l"), "temp": event.get("temp_c"), "payload": str(event)})
"""

MANIFEST = """\"\"\"A run's manifest for Intaq LIMS at intake: its dockets, litres and
sample barcodes, sent when the tablet closes the run.\"\"\"

import logging

import httpx

from milkrun.settings import settings

log = logging.getLogger(__name__)


def send_manifest(tanker_id: str, run: int, dockets) -> str:
    body = {
        "tanker": tanker_id,
        "run": run,
        "dockets": [{"id": d.id, "supplier": d.supplier_no, "vat": d.vat_no, "litres": d.litres,
                     "sample": d.sample_barcode} for d in dockets],
    }
    r = httpx.post(f"{settings.intaq_url}/intake/manifests", json=body, timeout=settings.intaq_timeout_s)
    r.raise_for_status()
    ref = r.json()["manifest"]
    log.info("manifest %s for %s run %d sent to Intaq: %d dockets, %d L", ref, tanker_id, run, len(dockets),
             sum(d.litres for d in dockets))
    return ref
"""

APP = """import logging.config

from fastapi import FastAPI

from milkrun import __version__
from milkrun.dockets.ingest import router as dockets
from milkrun.routeboard import router as routeboard
from milkrun.tablets.acks import router as acks
from milkrun.tablets.sync import router as sync
from milkrun.vatlink.webhooks import router as vatlink

logging.config.fileConfig("config/logging.ini", disable_existing_loggers=False)
log = logging.getLogger("milkrun")

app = FastAPI(title="milkrun", version=__version__)
for r in (sync, acks, dockets, routeboard, vatlink):
    app.include_router(r)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.on_event("startup")
def started():
    import os

    log.info("milkrun %s (%s) api started", __version__, os.environ.get("GIT_SHA", "dev")[:8])
"""

WORKER = """\"\"\"The worker: the night's plan, the overdue check every five minutes,
manifests for closed runs.\"\"\"

import logging.config
import os
import time
from datetime import timedelta

from milkrun import __version__
from milkrun.db import Session
from milkrun.planning.overdue import mark_late
from milkrun.planning.planner import plan_day
from milkrun.timeutil import today_nz

logging.config.fileConfig("config/logging.ini", disable_existing_loggers=False)
log = logging.getLogger("milkrun.worker")


def main():
    log.info("milkrun %s (%s) worker started", __version__, os.environ.get("GIT_SHA", "dev")[:8])
    while True:
        with Session() as db:
            n = mark_late(db)
            if n:
                log.info("overdue check: %d stops newly late", n)
        time.sleep(300)


if __name__ == "__main__":
    main()
"""

LOGGING_INI = """[loggers]
keys=root,uvicorn_access

[handlers]
keys=stdout

[formatters]
keys=utc

[logger_root]
level=INFO
handlers=stdout

[logger_uvicorn_access]
level=WARNING
handlers=stdout
qualname=uvicorn.access
propagate=0

[handler_stdout]
class=StreamHandler
formatter=utc
args=(sys.stdout,)

[formatter_utc]
format=%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s
datefmt=%Y-%m-%dT%H:%M:%S
class=milkrun.logfmt.UTCFormatter
"""

LOGFMT = """import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
"""

TEST_SYNC = """from datetime import date, datetime, timezone

from fastapi.testclient import TestClient

from milkrun.app import app
from tests.fixtures import add_stops, add_tablet


def test_route_lists_the_day_in_order(db):
    add_tablet(db, "CP-0001", "T01")
    add_stops(db, "T01", date(2026, 9, 21), 10)
    r = TestClient(app).get("/api/v3/tablets/CP-0001/route", params={"day": "2026-09-21"})
    assert [s["seq"] for s in r.json()["stops"]] == list(range(1, 11))
"""

TEST_FIXTURES = """from datetime import datetime, timedelta, timezone

from milkrun.models import Stop, Tablet, Tanker


def add_tablet(db, tablet_id, tanker_id):
    db.add(Tanker(id=tanker_id, rego="TVD" + tanker_id[1:], capacity_l=29000))
    db.add(Tablet(id=tablet_id, tanker_id=tanker_id, app_version="4.2.0"))
    db.commit()


def add_stops(db, tanker_id, day, n):
    t = datetime(day.year, day.month, day.day, 17, 30, tzinfo=timezone.utc)
    for seq in range(1, n + 1):
        db.add(Stop(day=day, tanker_id=tanker_id, run=1 + (seq - 1) // 8, seq=seq, supplier_no=40000 + seq, vat_no=1,
                    planned_at=t + timedelta(minutes=18 * seq), expected_l=3200,
                    updated_at=t - timedelta(hours=12) + timedelta(seconds=seq)))
    db.commit()
"""

CONFTEST = """import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from milkrun.models import Base


@pytest.fixture
def db(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/t.db")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
"""

VALUES = """image:
  repository: registry.gitlab.tvd.co.nz/supply/milkrun
  tag: "5.2.3"

api:
  replicas: 3
  resources:
    requests: {cpu: 250m, memory: 384Mi}
    limits: {memory: 512Mi}

worker:
  replicas: 1
  resources:
    requests: {cpu: 100m, memory: 256Mi}
    limits: {memory: 384Mi}

env:
  TZ: Pacific/Auckland
  INTAQ_URL: https://intaq.ngarua.tvd.local/api/v2
  INTAQ_TIMEOUT_S: "10"
  OVERDUE_WINDOW_MIN: "90"

ingress:
  host: milkrun.tvd.co.nz
"""

CHART = """apiVersion: v2
name: milkrun
description: Totara Valley Dairy milk collection (API and worker)
version: 1.14.0
appVersion: "5.2.3"
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install -e .[test]
    - pytest -q

build:
  stage: build
  image: gcr.io/kaniko-project/executor:v1.23.2-debug
  script:
    - /kaniko/executor --context . --destination registry.gitlab.tvd.co.nz/supply/milkrun:$(python3 -c 'import milkrun; print(milkrun.__version__)' 2>/dev/null || echo $CI_COMMIT_SHORT_SHA)
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy-production:
  stage: deploy
  image: alpine/helm:3.15.4
  environment: production
  when: manual
  script:
    - helm upgrade --install milkrun deploy/chart/milkrun -n supply -f deploy/chart/milkrun/values-production.yaml
      --set gitSha=$CI_COMMIT_SHA --wait --timeout 10m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

rollback-production:
  stage: deploy
  image: alpine/helm:3.15.4
  environment: production
  when: manual
  script:
    - helm rollback milkrun $REVISION -n supply --wait
"""

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY . .
ARG GIT_SHA=dev
ENV GIT_SHA=$GIT_SHA
CMD ["uvicorn", "milkrun.app:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
"""

README = """# milkrun

Totara Valley Dairy's milk collection: the day's plan of tanker runs, the
CollectPad tablets in the cabs, dockets, Vatlink vat monitoring and the
manifests for Intaq LIMS at Ngarua intake.

- `milkrun/planning`: the nightly plan (02:30) and the overdue check.
- `milkrun/tablets`: what the tablets download and acknowledge.
- `milkrun/routeboard`: the transport desk's changes during the day.
- `milkrun/dockets`, `milkrun/lims`: dockets and manifests.
- `milkrun/vatlink`: Vatlink's webhooks.

## Running locally

```
pip install -e .[test]
pytest -q
uvicorn milkrun.app:app --reload
```

## Deploying

Merge to `main`, bump the version (`milkrun/__init__.py`, the chart's
`appVersion` and `image.tag`), then run the manual `deploy-production`
job. `rollback-production` takes the Helm revision. See `docs/runbook.md`.
"""

RUNBOOK = """# milkrun runbook

Owner: supply systems (#milk-supply-ops). Dashboards: Grafana > Supply >
milkrun. The transport desk (0800 868 227, ext 2) runs Routeboard.

## A tablet shows an old route

Routeboard > tanker > Republish route. If the tablet still shows the old
route, have the driver close and reopen CollectPad (INC-1822 was
CollectPad 3.9 keeping yesterday's route after a restart).

## Vatlink webhooks failing (401)

The signing secret was rotated on Vatlink's side. Get the new one from
Vatlink's portal, update `vatlink-secret` in Vault, restart the api pods.

## Intaq rejects a manifest

Usually a sample barcode the lab already has (a re-used vial). Intake can
accept the manifest by hand; tell the driver.
"""

CHANGELOG = """# Changelog

## 5.2.3

- Vatlink webhooks signed with HMAC-SHA256 (VAT-71).

## 5.2.2

- Manifests carry the sample barcodes for Intaq's rack import.
"""

COLLECTPAD_DOC = """# CollectPad and milkrun

CollectPad runs on the Samsung Galaxy Tab Active tablets in the cabs (MDM:
Intune, group "Tankers"). It downloads the tanker's route, records a docket
at each vat and closes the run at the plant.

- 4.1: downloads `/api/v3/tablets/{id}/route?day=` every two minutes.
- 4.2 (from 28 September 2026 on every tanker tablet): delta sync, see
  ROUTE-231. Keeps a cursor and only downloads what changed.
"""


def build_repo():
    repo = Repo()
    hemi = Person("Hemi Walker", "hemi.walker@tvd.co.nz", 780)
    liam = Person("Liam Ferris", "liam.ferris@tvd.co.nz", 780)
    priya = Person("Priya Sharma", "priya.sharma@tvd.co.nz", 780)
    aroha = Person("Aroha Tipene", "aroha.tipene@tvd.co.nz", 780)
    sophie = Person("Sophie Tan", "sophie.tan@tvd.co.nz", 600)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    sync, acks, planner = "milkrun/tablets/sync.py", "milkrun/tablets/acks.py", "milkrun/planning/planner.py"
    values, init, chart = "deploy/chart/milkrun/values-production.yaml", "milkrun/__init__.py", "deploy/chart/milkrun/Chart.yaml"
    repo.commit(nz("2026-09-28 09:12:00"), hemi, "milkrun 5.2.3: plan, tablets, dockets, Vatlink, Intaq manifests (history squashed on the move to the supply group)", {
        "pyproject.toml": PYPROJECT,
        init: INIT,
        "milkrun/settings.py": SETTINGS,
        "milkrun/timeutil.py": TIMEUTIL,
        "milkrun/logfmt.py": LOGFMT,
        "milkrun/models.py": MODELS,
        "milkrun/db.py": DB,
        "milkrun/app.py": APP,
        "milkrun/worker.py": WORKER,
        "milkrun/tablets/__init__.py": "",
        "milkrun/tablets/auth.py": AUTH,
        sync: SYNC,
        acks: ACKS,
        "milkrun/routeboard.py": ROUTEBOARD,
        "milkrun/dockets/__init__.py": "",
        "milkrun/dockets/ingest.py": DOCKETS,
        "milkrun/planning/__init__.py": "",
        planner: PLANNER,
        "milkrun/planning/schedule.py": SCHEDULE,
        "milkrun/planning/sequence.py": SEQUENCE,
        "milkrun/planning/overdue.py": OVERDUE,
        "milkrun/vatlink/__init__.py": "",
        "milkrun/vatlink/webhooks.py": VATLINK,
        "milkrun/vatlink/store.py": VATLINK_STORE,
        "milkrun/lims/__init__.py": "",
        "milkrun/lims/manifest.py": MANIFEST,
        "config/logging.ini": LOGGING_INI,
        "tests/__init__.py": "",
        "tests/conftest.py": CONFTEST,
        "tests/fixtures.py": TEST_FIXTURES,
        "tests/test_sync.py": TEST_SYNC,
        chart: CHART,
        "deploy/chart/milkrun/values.yaml": VALUES,
        values: VALUES,
        ".gitlab-ci.yml": GITLAB_CI,
        "Dockerfile": DOCKERFILE,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "docs/collectpad.md": COLLECTPAD_DOC,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(91011)
    repo.schedule(chores(rng, SERVICE, [aroha, priya], nz("2026-09-28 12:00:00"), nz("2026-10-03 12:00:00"), 2))
    repo.commit(nz("2026-09-28 14:30:00"), sophie, "vatlink: log pickups and level alarms from the webhooks (VAT-77)", {
        "milkrun/vatlink/webhooks.py": sub(repo.files["milkrun/vatlink/webhooks.py"],
                                           "        store_event(db, event)\n    db.commit()\n",
                                           "        store_event(db, event)\n        if event[\"type\"] == \"pickup\":\n            log.info(\"vatlink pickup: supplier %d vat %d %d L\", event[\"supplier\"], event[\"vat\"], event[\"litres\"])\n        elif event[\"type\"] == \"alarm\":\n            log.warning(\"vatlink alarm %s: supplier %d vat %d %d%% full\", event[\"alarm\"], event[\"supplier\"], event[\"vat\"],\n                        event[\"fill_pct\"])\n    db.commit()\n"),
    })
    repo.commit(nz("2026-09-29 08:40:00"), bot, "chore(deps): update dependency sqlalchemy to v2.0.35", {
        "pyproject.toml": repo.edit("pyproject.toml", "sqlalchemy==2.0.34", "sqlalchemy==2.0.35"),
    })
    repo.commit(nz("2026-09-29 16:05:00"), priya, "dockets: a pickup over 7 C needs the driver's reason (DOC-203)\n\nMPI's farm dairy requirements: milk must be at or below 6 C within\nfour hours of the start of milking. A vat collected warm needs a reason\non the docket (milking in progress, vat just filled).", {
        "milkrun/dockets/ingest.py": sub(repo.files["milkrun/dockets/ingest.py"],
                                         "    stop = db.get(Stop, body.stop_id) if body.stop_id else None\n",
                                         "    if body.temp_c > 7.0 and not body.override_reason:\n        raise HTTPException(status_code=422, detail=\"pickup over 7 C needs the driver's reason\")\n    stop = db.get(Stop, body.stop_id) if body.stop_id else None\n"),
    })
    culprit = repo.commit(nz("2026-10-01 11:05:00"), liam, "tablets: delta route sync with a cursor for CollectPad 4.2 (ROUTE-231)\n\nCollectPad 4.1 downloads the tanker's whole route every two minutes:\n60 % of the tablets' mobile data, and on the towers around Matamata and\nTirau the download often times out and the driver sees nothing new for\nten minutes. CollectPad 4.2 keeps a cursor and asks for what changed:\n\n  GET /api/v3/tablets/{id}/stops?since=<cursor>&limit=25\n\nStops of today and later whose updated_at is after the cursor, oldest\nchange first, at most 25 at a time; `next` is the new cursor and the\ntablet asks again while `more` is true. /route stays for the spare\ntablets still on 4.1.", {
        sync: sub(repo.files[sync],
                  "import logging\nfrom datetime import date\n",
                  "import logging\nfrom datetime import date, datetime\n",
                  "from milkrun.tablets.auth import tablet_for\n",
                  "from milkrun.tablets.auth import tablet_for\nfrom milkrun.timeutil import iso, today_nz\n",
                  "router = APIRouter()\n",
                  "router = APIRouter()\n\n# CollectPad 4.2 asks for at most this many stops at a time and asks again\n# while `more` is true.\nPAGE_SIZE = 25\n") + """

@router.get("/api/v3/tablets/{tablet_id}/stops")
def changed_stops(tablet_id: str, since: datetime | None = None, limit: int = PAGE_SIZE, db=Depends(session)):
    \"\"\"Delta sync for CollectPad 4.2 (ROUTE-231): the stops of today and later
    that changed after the tablet's cursor, oldest change first. The tablet
    keeps `next` as its cursor.\"\"\"
    tablet = tablet_for(db, tablet_id)
    limit = max(1, min(limit, PAGE_SIZE))
    q = select(Stop).where(Stop.tanker_id == tablet.tanker_id, Stop.day >= today_nz())
    if since is not None:
        q = q.where(Stop.updated_at > since)
    stops = db.scalars(q.order_by(Stop.updated_at, Stop.seq).limit(limit)).all()
    more = len(stops) == limit
    cursor = stops[-1].updated_at if stops else since
    log.info(
        "route sync %s (%s): %d stops changed since %s, next cursor %s%s",
        tablet_id, tablet.tanker_id, len(stops), iso(since), iso(cursor), " (page full, more to fetch)" if more else "",
    )
    return {"stops": [stop_json(s) for s in stops], "next": iso(cursor), "more": more}
""",
        "tests/test_sync.py": repo.files["tests/test_sync.py"] + """

def test_delta_sync_returns_changes_after_the_cursor(db):
    add_tablet(db, "CP-0002", "T02")
    add_stops(db, "T02", date.today(), 10)
    client = TestClient(app)
    first = client.get("/api/v3/tablets/CP-0002/stops").json()
    assert len(first["stops"]) == 10 and not first["more"]
    again = client.get("/api/v3/tablets/CP-0002/stops", params={"since": first["next"]}).json()
    assert again["stops"] == [] and again["next"] == first["next"]


def test_delta_sync_pages(db):
    add_tablet(db, "CP-0003", "T03")
    add_stops(db, "T03", date.today(), 10)
    client = TestClient(app)
    page = client.get("/api/v3/tablets/CP-0003/stops", params={"limit": 4}).json()
    seen = [s["seq"] for s in page["stops"]]
    while page["more"]:
        page = client.get("/api/v3/tablets/CP-0003/stops", params={"since": page["next"], "limit": 4}).json()
        seen += [s["seq"] for s in page["stops"]]
    assert seen == list(range(1, 11))
""",
        "docs/collectpad.md": repo.edit("docs/collectpad.md", "  ROUTE-231. Keeps a cursor and only downloads what changed.\n",
                                        "  ROUTE-231. Keeps a cursor and only downloads what changed:\n  `GET /api/v3/tablets/{id}/stops?since=<cursor>&limit=25` returns the stops\n  changed after the cursor (updated_at), oldest first, with `next` (the last\n  stop's updated_at) and `more`. The tablet asks again at once while `more`\n  is true, otherwise every two minutes, and acks its route when stops were\n  added or taken off.\n"),
    })
    rel_530 = repo.commit(nz("2026-10-01 14:20:00"), liam, "release 5.3.0", {
        init: repo.edit(init, '"5.2.3"', '"5.3.0"'),
        chart: repo.edit(chart, 'appVersion: "5.2.3"', 'appVersion: "5.3.0"'),
        values: repo.edit(values, 'tag: "5.2.3"', 'tag: "5.3.0"'),
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "5.2.3"', 'version = "5.3.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.3.0\n\n- Delta route sync for CollectPad 4.2 (ROUTE-231).\n- Pickups over 7 C need the driver's reason (DOC-203).\n- Vatlink pickups and alarms logged (VAT-77).\n", 1),
    })
    repo.commit(nz("2026-10-02 10:30:00"), aroha, "runbook: missed pickups in the spring peak", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Missed pickups (stops red on Routeboard)

A stop turns red when its window closes without a docket
(`OVERDUE_WINDOW_MIN`). In the spring peak (from 5 October this season
every farm is on daily collection) most red stops are a tanker running
late: a breakdown, a crash on SH27 or SH29, a farm's race blocked.

1. Call the driver on the RT. If the tanker is late, move the stops to
   another tanker in Routeboard (drag the pin) and tell the farm.
2. If the driver does not have the stop, republish the tanker's route
   (Routeboard > tanker > Republish route).
3. If red stops start after a milkrun release, or the plan itself looks
   wrong (runs too long for the tanker, stops in the wrong run), roll back
   first (`rollback-production` with the previous Helm revision) and have
   the transport team check the peak schedule they loaded.
4. A farm whose vat will not hold the next milking: Vatlink shows the fill.
   Send the nearest tanker; the farm can divert to its effluent pond only
   as a last resort (supplier services logs it for the levy credit).
""",
    })
    repo.commit(nz("2026-10-02 14:45:00"), priya, "dockets: tablets resend a docket after a timeout; answer 200 for one we have (DOC-207)", {
        "milkrun/dockets/ingest.py": repo.edit("milkrun/dockets/ingest.py", "        return {\"id\": body.id, \"duplicate\": True}\n",
                                               "        log.info(\"docket %s already recorded (resent by %s)\", body.id, body.tanker)\n        return {\"id\": body.id, \"duplicate\": True}\n"),
    })
    rel_531 = repo.commit(nz("2026-10-02 15:30:00"), priya, "release 5.3.1", {
        init: repo.edit(init, '"5.3.0"', '"5.3.1"'),
        chart: repo.edit(chart, 'appVersion: "5.3.0"', 'appVersion: "5.3.1"'),
        values: repo.edit(values, 'tag: "5.3.0"', 'tag: "5.3.1"'),
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "5.3.0"', 'version = "5.3.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.3.1\n\n- Resent dockets are logged and answered as duplicates (DOC-207).\n", 1),
    })
    repo.commit(nz("2026-10-03 07:10:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", "httpx==0.27.0", "httpx==0.27.2"),
    })
    repo.commit(nz("2026-10-05 08:55:00"), sophie, "tablets: send the vat's access notes with each stop (ROUTE-238)\n\nGate codes, dogs, the race to avoid after rain: drivers covering another\ntanker's run in the peak keep ringing the desk for them.", {
        sync: sub(repo.files[sync],
                  "        \"expected_l\": stop.expected_l,\n        \"status\": stop.status,\n    }\n",
                  "        \"expected_l\": stop.expected_l,\n        \"status\": stop.status,\n        \"access_notes\": stop.access_notes,\n    }\n"),
        "milkrun/models.py": repo.edit("milkrun/models.py", "    expected_l: Mapped[int]\n    status:", "    expected_l: Mapped[int]\n    access_notes: Mapped[str | None] = mapped_column(String(300))  # copied from the vat by the planner\n    status:"),
    })
    repo.commit(nz("2026-10-05 09:40:00"), liam, "planner: pump time from the tankers' measured pump rate, and log the longest tanker day (ROUTE-240)\n\nThe new trailer pumps on T30-T38 do 2,000 L a minute; 6 minutes plus\none per 2,500 L put every third run 40 minutes behind its plan by the\nlast farm.", {
        "milkrun/planning/schedule.py": repo.edit("milkrun/planning/schedule.py", "timedelta(minutes=6 + r.expected_l // 2500)", "timedelta(minutes=5 + r.expected_l // 1800)"),
        planner: sub(repo.files[planner],
                     "    log.info(\"plan written for %s: %d tankers, %d stops\", day, len(runs), len(stops))\n",
                     "    longest = max(runs, key=lambda t: sum(len(r) for r in runs[t]), default=None)\n    log.info(\"plan written for %s: %d tankers, %d stops (longest day %s, %d stops)\", day, len(runs), len(stops),\n             longest, sum(len(r) for r in runs.get(longest, [])))\n"),
    })
    repo.commit(nz("2026-10-05 10:25:00"), hemi, "overdue: warn for each stop whose window closes without a docket (ROUTE-243)\n\nLate stops were only red pins on Routeboard and a counter; on-call could\nnot see them from the logs.", {
        "milkrun/planning/overdue.py": sub(repo.files["milkrun/planning/overdue.py"],
                                           "from milkrun.timeutil import utcnow\n",
                                           "from milkrun.timeutil import hhmm, utcnow\n",
                                           "        LATE.labels(stop.tanker_id).inc()\n",
                                           "        LATE.labels(stop.tanker_id).inc()\n        log.warning(\"stop overdue: supplier %d vat %d (%s run %d stop %d) planned %s, window closed %s, not collected\",\n                    stop.supplier_no, stop.vat_no, stop.tanker_id, stop.run, stop.seq, hhmm(stop.planned_at),\n                    hhmm(stop.planned_at + timedelta(minutes=settings.overdue_window_min)))\n"),
    })
    repo.commit(nz("2026-10-05 10:50:00"), aroha, "deploy: four api replicas and a 60 minute overdue window for the peak", {
        values: sub(repo.files[values], "api:\n  replicas: 3\n", "api:\n  replicas: 4\n", 'OVERDUE_WINDOW_MIN: "90"', 'OVERDUE_WINDOW_MIN: "60"'),
    })
    rel_540 = repo.commit(nz("2026-10-05 11:30:00"), hemi, "release 5.4.0", {
        init: repo.edit(init, '"5.3.1"', '"5.4.0"'),
        chart: repo.edit(chart, 'appVersion: "5.3.1"', 'appVersion: "5.4.0"'),
        values: repo.edit(values, 'tag: "5.3.1"', 'tag: "5.4.0"'),
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "5.3.1"', 'version = "5.4.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.4.0\n\n- Overdue stops logged as warnings (ROUTE-243); 60 minute window, four api replicas.\n- Pump time from the measured pump rate; the longest tanker day in the plan's log line (ROUTE-240).\n- Vat access notes on the tablets (ROUTE-238).\n- httpx 0.27.2, SQLAlchemy 2.0.35.\n", 1),
    })
    tests = repo.commit(nz("2026-10-05 13:40:00"), priya, "tests: planner fixtures for the peak schedule (three runs, daily farms)", {
        "tests/test_planner.py": """from datetime import date

from milkrun.planning.sequence import order_runs
from tests.fixtures_planner import due, tankers


def test_peak_day_fits_three_runs():
    plan = order_runs(due(n=120, litres=3400), tankers(5))
    assert all(len(runs) <= 3 for runs in plan.values())
    assert sum(len(r) for runs in plan.values() for r in runs) == 120
""",
        "tests/fixtures_planner.py": """from dataclasses import dataclass
from datetime import timedelta

from milkrun.planning.schedule import DueVat


@dataclass
class T:
    id: str
    capacity_l: int = 29000


def due(n, litres):
    return [DueVat(41000 + i, 1, litres, timedelta(minutes=8)) for i in range(n)]


def tankers(n):
    return [T(f"T{i:02d}") for i in range(1, n + 1)]
""",
    })
    fix = repo.commit(nz("2026-10-05 16:52:00"), liam, "tablets: cursor is (updated_at, id), not updated_at alone (ROUTE-245, INC-3107)\n\nThe plan is written in one transaction, so all of a day's stops have the\nsame updated_at. A page of 25 ended inside that timestamp and the next\npage asked for updated_at > it: a tanker with more than 25 stops never\ngot the rest. Page on (updated_at, id); an old cursor without an id\nstarts at that timestamp again, so the tablets stuck since 04:30 get\ntheir missing stops on the next sync.", {
        sync: sub(repo.files[sync],
                  "from sqlalchemy import select\n",
                  "from sqlalchemy import select, tuple_\n",
                  "@router.get(\"/api/v3/tablets/{tablet_id}/stops\")\ndef changed_stops(tablet_id: str, since: datetime | None = None, limit: int = PAGE_SIZE, db=Depends(session)):\n",
                  "def _cursor(since: str | None) -> tuple[datetime | None, int]:\n    if not since:\n        return None, 0\n    ts, _, last_id = since.partition(\"|\")\n    return datetime.fromisoformat(ts.replace(\"Z\", \"+00:00\")), int(last_id or 0)\n\n\n@router.get(\"/api/v3/tablets/{tablet_id}/stops\")\ndef changed_stops(tablet_id: str, since: str | None = None, limit: int = PAGE_SIZE, db=Depends(session)):\n",
                  "    if since is not None:\n        q = q.where(Stop.updated_at > since)\n    stops = db.scalars(q.order_by(Stop.updated_at, Stop.seq).limit(limit)).all()\n    more = len(stops) == limit\n    cursor = stops[-1].updated_at if stops else since\n",
                  "    after, after_id = _cursor(since)\n    if after is not None:\n        # many stops share one updated_at (the plan is one transaction)\n        q = q.where(tuple_(Stop.updated_at, Stop.id) > tuple_(after, after_id))\n    stops = db.scalars(q.order_by(Stop.updated_at, Stop.id).limit(limit)).all()\n    more = len(stops) == limit\n    cursor = f\"{iso(stops[-1].updated_at)}|{stops[-1].id}\" if stops else since\n",
                  "        tablet_id, tablet.tanker_id, len(stops), iso(since), iso(cursor), \" (page full, more to fetch)\" if more else \"\",\n",
                  "        tablet_id, tablet.tanker_id, len(stops), since, cursor, \" (page full, more to fetch)\" if more else \"\",\n",
                  "    return {\"stops\": [stop_json(s) for s in stops], \"next\": iso(cursor), \"more\": more}\n",
                  "    return {\"stops\": [stop_json(s) for s in stops], \"next\": cursor, \"more\": more}\n"),
        "tests/test_sync.py": repo.files["tests/test_sync.py"] + """

def test_delta_sync_pages_through_one_transaction(db):
    # the nightly plan: every stop with the same updated_at
    add_tablet(db, "CP-0004", "T04")
    add_stops(db, "T04", date.today(), 31, one_transaction=True)
    client = TestClient(app)
    page = client.get("/api/v3/tablets/CP-0004/stops").json()
    seen = [s["seq"] for s in page["stops"]]
    while page["more"]:
        page = client.get("/api/v3/tablets/CP-0004/stops", params={"since": page["next"]}).json()
        seen += [s["seq"] for s in page["stops"]]
    assert sorted(seen) == list(range(1, 32))
""",
        "tests/fixtures.py": sub(repo.files["tests/fixtures.py"],
                                 "def add_stops(db, tanker_id, day, n):\n",
                                 "def add_stops(db, tanker_id, day, n, one_transaction=False):\n",
                                 "                    updated_at=t - timedelta(hours=12) + timedelta(seconds=seq)))\n",
                                 "                    updated_at=t - timedelta(hours=12) + timedelta(seconds=0 if one_transaction else seq)))\n"),
    })
    rel_541 = repo.commit(nz("2026-10-05 17:02:00"), liam, "release 5.4.1", {
        init: repo.edit(init, '"5.4.0"', '"5.4.1"'),
        chart: repo.edit(chart, 'appVersion: "5.4.0"', 'appVersion: "5.4.1"'),
        values: repo.edit(values, 'tag: "5.4.0"', 'tag: "5.4.1"'),
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "5.4.0"', 'version = "5.4.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.4.1\n\n- Delta sync cursor (updated_at, id): tankers with more than 25 stops got only 25 (ROUTE-245, INC-3107).\n", 1),
    })
    return repo, {"culprit": culprit, "tests": tests, "rel_530": rel_530, "rel_531": rel_531, "rel_540": rel_540, "fix": fix, "rel_541": rel_541}


# ---------------------------------------------------------------------------
# the collection day


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def N(clock, day=5):
    """'15:37:00' on Monday 5 October (NZDT) -> epoch seconds."""
    return secs(nz(f"2026-10-{day:02d} {clock}"))


def iso_z(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def iso_nz(x, digits=3):
    t = at(x).astimezone(NZDT)
    frac = f".{t.microsecond:06d}"[:digits + 1] if digits else ""
    return t.strftime("%Y-%m-%dT%H:%M:%S") + frac + "+13:00"


def hm(x):
    return at(x).astimezone(NZDT).strftime("%H:%M")


def litres(n):
    return f"{n:,}"


TANKERS = [f"T{i:02d}" for i in range(1, 39)]
TABLETS = {t: f"CP-04{10 + i:02d}" for i, t in enumerate(TANKERS, start=1)}
TABLETS["T38"] = "CP-0311"  # the spare, still on CollectPad 4.1 (CP-0448's screen broke on Saturday)
LONG = {"T04": 28, "T09": 27, "T11": 29, "T13": 26, "T17": 30, "T19": 28, "T22": 30, "T27": 27, "T30": 29, "T33": 28, "T36": 26}
EXACT = {"T06": 25, "T25": 25}
RUN_STARTS = ["04:30:00", "08:50:00", "13:00:00"]
PLAN_TS = N("02:30:00") + 0.412  # now() of the planner's transaction
PAGE = 25
POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def pod_suffix(rng, n):
    return "".join(rng.choice(POD_CHARS) for _ in range(n))


class Stop:
    def __init__(self, sid, tanker, run, seq, supplier, vat, planned, expected):
        self.id, self.tanker, self.run, self.seq = sid, tanker, run, seq
        self.supplier, self.vat, self.planned, self.expected = supplier, vat, planned, expected
        self.versions = [(PLAN_TS, tanker, "planned", seq)]
        self.delivered = None   # when the tanker's tablet first showed it
        self.collected = None   # the docket's time
        self.litres = None
        self.docket = None
        self.missing = False

    def state(self, x):
        cur = None
        for v in self.versions:
            if v[0] <= x:
                cur = v
        return cur


def make_plan(rng):
    suppliers = rng.sample(range(40012, 41990), 1000)
    by_tanker, all_stops = {}, []
    sid, k = 8812401, 0
    for t in TANKERS:
        n = LONG.get(t) or EXACT.get(t) or rng.randint(17, 24)
        sizes = [n // 3 + (1 if i < n % 3 else 0) for i in range(3)]
        cap = 29000 if int(t[1:]) < 30 else 31000
        seq, lst = 0, []
        for run in range(3):
            x = N(RUN_STARTS[run]) + 35 * 60
            per = cap * rng.uniform(0.86, 0.95) / sizes[run]
            for _ in range(sizes[run]):
                seq += 1
                x += rng.randint(6, 12) * 60
                expected = int(per * rng.uniform(0.6, 1.4) / 10) * 10
                s = Stop(sid, t, run + 1, seq, suppliers[k], 2 if rng.random() < 0.1 else 1, x, expected)
                sid, k = sid + 1, k + 1
                lst.append(s)
                x += (6 + expected // 2500) * 60
        by_tanker[t] = lst
        all_stops += lst
    return by_tanker, all_stops


class Vat:
    """A Vatlink-monitored vat: the farm's daily milk D in two milkings."""

    def __init__(self, rng, stop, device):
        self.stop, self.device = stop, device
        d = stop.expected
        self.daily = d
        self.cap = int(d * rng.uniform(1.6, 2.0) / 500 + 1) * 500
        self.v0 = d / 2 * rng.uniform(0.85, 1.1) if rng.random() < 0.55 else d * rng.uniform(0.0, 0.06)
        self.am = (N("04:35:00") + rng.randint(0, 45) * 60, rng.randint(95, 140) * 60)
        self.pm = (N("14:10:00") + rng.randint(0, 55) * 60, rng.randint(95, 140) * 60)
        self.offset = rng.uniform(0, 1800)

    def added(self, a, b):
        """Milk into the vat between a and b."""
        total = 0.0
        for start, length in (self.am, self.pm):
            lo, hi = max(a, start), min(b, start + length)
            if hi > lo:
                total += self.daily / 2 * (hi - lo) / length
        return total

    def volume(self, x):
        c = self.stop.collected
        if c is not None and x >= c:
            return 30 + self.added(c, x)
        return self.v0 + self.added(secs(START), x)

    def milking(self, x):
        return any(s <= x < s + n for s, n in (self.am, self.pm))

    def temp(self, rng, x):
        for start, length in (self.am, self.pm):
            if start <= x < start + length:
                return round(rng.uniform(8.5, 12.5), 1)
            if start + length <= x < start + length + 4200:
                k = (x - start - length) / 4200
                return round(11 - 7 * k + rng.uniform(-0.3, 0.3), 1)
        return round(rng.uniform(3.6, 4.4), 1)


def build_logs(rng, shas):
    app = Log("milkrun.log")
    ingress = Log("ingress-nginx.log")
    vatlog = Log("vatlink-events.log")
    lims = Log("intaq-intake.log")
    desk = Log("transport-desk.log")
    calls = Log("supplier-calls.log")
    gitlab = Log("gitlab-deploy.log")
    slack = Log("slack-milk-supply-ops.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    by_tanker, all_stops = make_plan(rng)
    stop_by_id = {s.id: s for s in all_stops}

    # --- the plan's changes during the day (Routeboard) ---------------------------
    edits = []  # (x, stop, user, before_tanker, before_hm)
    s = by_tanker["T12"][8]
    x = N("07:12:31") + 0.208
    edits.append((x, s, "k.moana", s.tanker, hm(s.planned)))
    s.planned += 25 * 60
    s.versions.append((x, s.tanker, "planned", s.seq))
    moved = by_tanker["T11"][25]
    x = N("09:50:12") + 0.617
    edits.append((x, moved, "k.moana", "T11", hm(moved.planned)))
    moved.tanker = "T05"
    moved.run = 3
    moved.seq = len(by_tanker["T05"]) + 1
    moved.versions.append((x, "T05", "planned", moved.seq))
    by_tanker["T11"].remove(moved)
    by_tanker["T05"].append(moved)
    s = by_tanker["T30"][26]
    x = N("11:20:44") + 0.051
    edits.append((x, s, "r.harris", s.tanker, hm(s.planned)))
    s.planned += 20 * 60
    s.versions.append((x, s.tanker, "planned", s.seq))
    for when, stop_, user, before_t, before_hm in edits:
        stop_.edit_note = (when, user, before_t, before_hm)

    REPUBLISH = [("16:10:22", "T22", "k.moana"), ("16:12:40", "T17", "k.moana"), ("16:38:10", "T04", "r.harris"),
                 ("16:38:55", "T19", "r.harris"), ("16:39:30", "T30", "r.harris"), ("16:40:12", "T33", "r.harris"),
                 ("16:41:02", "T11", "r.harris"), ("16:41:40", "T09", "r.harris"), ("16:42:15", "T27", "r.harris"),
                 ("16:43:01", "T13", "r.harris"), ("16:43:44", "T36", "r.harris")]
    republish = {t: (N(c) + rng.uniform(0.05, 0.95), u) for c, t, u in REPUBLISH}

    # --- the tablets: logins and the five-minute sync ticks ------------------------
    login = {t: N(RUN_STARTS[0]) - rng.randint(8, 26) * 60 - rng.uniform(0, 59) for t in TANKERS}
    prev_cursor = {t: N(f"{rng.randint(16, 18)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", day=4) + rng.uniform(0, 0.999) for t in TANKERS}

    def ticks(start, end):
        out, x = [], start
        while x < end:
            out.append(x)
            x += 300 + rng.uniform(-12, 12)
        return out

    def deliveries(t, polls, extra_versions=()):
        """Runs the tablet's delta sync over the poll times: which stop ids it
        shows (first time), its syncs (x, since, page, next, more) and acks."""
        cursor = prev_cursor[t]
        shown, first_seen, syncs, acks = {}, {}, [], []
        mine = [s_ for s_ in all_stops if any(v[1] == t for v in s_.versions)]
        for p in polls:
            x = p
            while True:
                cands = []
                for s_ in mine:
                    st = s_.state(x)
                    if st and st[1] == t and st[0] > cursor:
                        cands.append((st[0], st[3], s_))
                cands.sort(key=lambda c: (c[0], c[1]))
                page = cands[:PAGE]
                more = len(page) == PAGE
                nxt = page[-1][0] if page else cursor
                syncs.append((x, cursor, len(page), nxt, more))
                added = 0
                for _, _, s_ in page:
                    if s_.id not in shown:
                        shown[s_.id] = x
                        first_seen[s_.id] = x
                        added += 1
                cursor = nxt
                # a stop moved to another tanker leaves the tablet
                for sid_ in list(shown):
                    st = stop_by_id[sid_].state(x)
                    if st and st[1] != t:
                        del shown[sid_]
                        added += 1
                if added:
                    planned_n = sum(1 for s_ in all_stops if (st := s_.state(x)) and st[1] == t)
                    acks.append((x + rng.uniform(0.6, 2.4), len(shown), planned_n))
                if not more:
                    break
                x += rng.uniform(0.35, 0.9)
        return first_seen, syncs, acks

    # first pass: what each tablet gets from the plan, the edits and the republishes
    for t, (r, user) in republish.items():
        for s_ in by_tanker[t]:
            pass  # versions are added once the collections are known
    active = {}
    first_pass = {}
    for t in TANKERS:
        polls = ticks(login[t], t1)
        seen, _, _ = deliveries(t, polls)
        first_pass[t] = seen
    for s_ in all_stops:
        s_.delivered = first_pass[s_.tanker].get(s_.id)
        s_.missing = s_.delivered is None

    missing_by_tanker = {t: [s_ for s_ in by_tanker[t] if s_.missing] for t in TANKERS}
    assert sorted(t for t in TANKERS if missing_by_tanker[t]) == sorted(LONG), [t for t in TANKERS if missing_by_tanker[t]]
    stats["missing"] = sum(len(v) for v in missing_by_tanker.values())

    # --- the tankers' day ------------------------------------------------------------
    runs_out = []   # (tanker, run, dockets[stops], arrive_plant, unload_end)
    logoff, logoff1, relogin = {}, {}, {}

    DELAYS = {("T26", 2): (N("10:50:00"), 75), ("T14", 3): (N("12:45:00"), 80)}  # a crash on SH27, a trailer tyre

    def drive(t, stops_, depart, run_no):
        x = depart + rng.randint(30, 38) * 60
        done = []
        delayed = (t, run_no) not in DELAYS
        for s_ in stops_:
            leg = rng.randint(5, 10) * 60
            arrive = max(x + leg if done else x, s_.planned - rng.randint(1, 6) * 60) + rng.uniform(-60, 150)
            if not delayed and arrive > DELAYS[(t, run_no)][0]:
                arrive += DELAYS[(t, run_no)][1] * 60
                delayed = True
            pump = (6 + s_.expected // 2500) * 60 + rng.uniform(-120, 60)
            s_.collected = arrive + pump
            x = s_.collected
            done.append(s_)
        return done, x

    for t in TANKERS:
        ready = login[t] + 6 * 60
        stops_ = sorted(by_tanker[t], key=lambda s_: (s_.run, s_.planned))
        last_unload = ready
        for run_no in (1, 2, 3):
            run_stops = [s_ for s_ in stops_ if s_.run == run_no and not s_.missing]
            depart = max(N(RUN_STARTS[run_no - 1]), ready)
            done, x = drive(t, run_stops, depart, run_no)
            if run_no == 3 and t in republish:
                r = republish[t][0]
                miss = missing_by_tanker[t]
                if r < x + 300:
                    d2, x = drive(t, miss, r + 240, 3)
                    done += d2
                    miss = []
            arrive = x + rng.randint(30, 44) * 60
            unload_end = arrive + rng.randint(24, 36) * 60
            runs_out.append((t, run_no, done, arrive, unload_end))
            ready = unload_end + 5 * 60
            last_unload = unload_end
        logoff[t] = last_unload + rng.randint(6, 15) * 60
        logoff1[t] = logoff[t]
        if t in republish and any(s_.collected is None for s_ in missing_by_tanker[t]):
            r = republish[t][0]
            if r < logoff[t]:
                start4 = max(r + 300, ready)
            else:
                relogin[t] = r + rng.randint(9, 22) * 60
                start4 = relogin[t] + 6 * 60
            miss = [s_ for s_ in missing_by_tanker[t] if s_.collected is None]
            done, x = drive(t, miss, start4, 4)
            arrive = x + rng.randint(30, 44) * 60
            unload_end = arrive + rng.randint(24, 36) * 60
            runs_out.append((t, 4, done, arrive, unload_end))
            logoff[t] = min(max(logoff[t], unload_end + rng.randint(6, 15) * 60), t1 + 3600)
            if t in relogin:
                logoff[t] = min(unload_end + rng.randint(6, 15) * 60, t1 + 3600)

    # the republishes and the dockets become new versions of the stops
    for t, (r, user) in republish.items():
        n_planned = 0
        for s_ in by_tanker[t]:
            st = s_.state(r)
            if st[1] == t and (s_.collected is None or s_.collected > r):
                s_.versions.append((r, t, "planned", s_.seq))
                n_planned += 1
        republish[t] = (r, user, n_planned)
    dockets = sorted([s_ for s_ in all_stops if s_.collected is not None], key=lambda s_: s_.collected)
    for k, s_ in enumerate(dockets):
        s_.docket = f"D77{81020 + k * 3 + rng.randint(0, 2)}"
        s_.versions.append((s_.collected + rng.uniform(4, 40), s_.tanker, "collected", s_.seq))
        s_.versions.sort(key=lambda v: v[0])

    # second pass: the syncs as logged, with the tablets' logins
    all_syncs, all_acks = {}, {}
    for t in TANKERS:
        polls = ticks(login[t], min(logoff1[t] if t in relogin else logoff[t], t1))
        if t in relogin:
            polls += ticks(relogin[t], min(t1, logoff[t]))
        seen, syncs, acks = deliveries(t, sorted(polls))
        for s_ in by_tanker[t]:
            if s_.missing:
                s_.delivered = seen.get(s_.id)
        all_syncs[t], all_acks[t] = syncs, acks
    for s_ in all_stops:
        if s_.missing and s_.collected is not None:
            assert s_.delivered is not None and s_.delivered < s_.collected, (s_.tanker, s_.seq)

    # --- milkrun's pods -------------------------------------------------------------
    periods = []
    for start, end, version, sha, n_api in ((t0 - 86400, secs(DEPLOY_540) + 290, "5.3.1", shas["rel_531"], 3),
                                           (secs(DEPLOY_540) + 290, secs(ROLLBACK) + 150, "5.4.0", shas["rel_540"], 4),
                                           (secs(ROLLBACK) + 150, secs(DEPLOY_541) + 280, "5.3.1", shas["rel_531"], 3),
                                           (secs(DEPLOY_541) + 280, t1 + 86400, "5.4.1", shas["rel_541"], 4)):
        rs = pod_suffix(rng, 10)
        api_pods = [f"milkrun-api-{rs}-{pod_suffix(rng, 5)}" for _ in range(n_api)]
        worker_pod = f"milkrun-worker-{pod_suffix(rng, 10)}-{pod_suffix(rng, 5)}"
        periods.append((start, end, version, sha, api_pods, worker_pod))

    def period(x):
        for p in periods:
            if p[0] <= x < p[1]:
                return p
        return periods[-1]

    def api(x, level, logger, msg):
        pod = rng.choice(period(x)[4])
        for k, line in enumerate(msg.split("\n")):
            app.add(at(x + k * 1e-6), f"[pod/{pod}/api] {iso_z(x)} {level} {logger}: {line}" if k == 0 else f"[pod/{pod}/api] {line}")

    def worker(x, level, logger, msg):
        pod = period(x)[5]
        app.add(at(x), f"[pod/{pod}/worker] {iso_z(x)} {level} {logger}: {msg}")

    def ing(x, ip_, method, path, status, size, rt, ua, upstream=True):
        t = at(x)
        pod_ip = f"10.42.{rng.randint(1, 9)}.{rng.randint(2, 250)}:8000"
        ingress.add(t, f'{ip_} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" '
                       f'{rng.randint(220, 1400)} {rt:.3f} [supply-milkrun-80] [] {pod_ip if upstream else "-"} {size} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    tablet_ip = {t: f"{rng.choice(['49.224', '49.225', '27.252', '203.86'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" for t in TANKERS}
    tablet_ua = "CollectPad/4.2.1 (Android 14; SM-T636B)"

    # routine app lines across the whole window
    for x in sorted(rng.uniform(t0 + 60, t1) for _ in range(14)):
        api(x, "INFO", "milkrun.dockets.ingest", f"docket D77{rng.randint(10000, 80000)} already recorded (resent by {rng.choice(TANKERS)})") if x > N("04:40:00") else None

    # --- the plan at 02:30 -------------------------------------------------------------
    n_planned = len(all_stops)
    worker(PLAN_TS + 3.82, "INFO", "milkrun.planning.planner", f"plan written for 2026-10-05: {len(TANKERS)} tankers, {n_planned} stops")
    for p in periods[:1]:
        pass

    # --- syncs, acks and the spare 4.1 tablet --------------------------------------------
    def iso_c(x):
        return iso_z(x)

    for t in TANKERS:
        tab = TABLETS[t]
        if t == "T38":
            continue
        for x, since, n, nxt, more in all_syncs[t]:
            size = 96 + n * 318
            q = f"since={iso_c(since)}&limit=25"
            ing(x, tablet_ip[t], "GET", f"/api/v3/tablets/{tab}/stops?{q}", 200, size, rng.uniform(0.012, 0.06) + n * 0.002, tablet_ua)
            api(x + 0.004, "INFO", "milkrun.tablets.sync",
                f"route sync {tab} ({t}): {n} stops changed since {iso_c(since)}, next cursor {iso_c(nxt)}" + (" (page full, more to fetch)" if more else ""))
        for x, shown_n, planned_n in all_acks[t]:
            ing(x, tablet_ip[t], "POST", f"/api/v3/tablets/{tab}/route-ack", 200, 11, rng.uniform(0.008, 0.03), tablet_ua)
            if shown_n != planned_n:
                api(x + 0.003, "WARNING", "milkrun.tablets.acks",
                    f"tablet route differs from plan: {tab} ({t}) has {shown_n} of {planned_n} stops for 2026-10-05")
    # the spare tablet in T38's cab, still on CollectPad 4.1, downloads the route
    x = login["T38"] + 40
    while x < min(logoff["T38"], t1):
        ing(x, tablet_ip["T38"], "GET", "/api/v3/tablets/CP-0311/route?day=2026-10-05", 200, 96 + len(by_tanker["T38"]) * 318,
            rng.uniform(0.02, 0.07), "CollectPad/4.1.7 (Android 12; SM-T575)")
        x += 120 + rng.uniform(-5, 5)

    # --- Routeboard edits and republishes -------------------------------------------------
    for when, s_, user, before_t, before_hm in edits:
        ing(when - 0.03, "10.20.4.31" if user == "k.moana" else "10.20.4.38", "PATCH", f"/api/v3/routeboard/stops/{s_.id}", 200, 14, 0.031,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36")
        api(when + 0.01, "INFO", "milkrun.routeboard",
            f"stop {s_.id} (supplier {s_.supplier} vat {s_.vat}) changed by {user}: {before_t} {before_hm} -> {s_.tanker} {hm(s_.planned)}")
    for t, (r, user, n_pl) in republish.items():
        ing(r - 0.02, "10.20.4.31" if user == "k.moana" else "10.20.4.38", "POST", f"/api/v3/routeboard/tankers/{t}/republish?day=2026-10-05&user={user}", 200, 14, 0.044,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36")
        api(r + 0.02, "INFO", "milkrun.routeboard", f"route republished for {t} by {user}: {n_pl} planned stops")
    # Routeboard's map, two desks
    for desk_ip, start in (("10.20.4.31", N("04:02:00")), ("10.20.4.38", N("06:55:00"))):
        x = start
        while x < t1:
            ing(x, desk_ip, "GET", "/api/v3/routeboard/map?day=2026-10-05", 200, rng.randint(88000, 96000), rng.uniform(0.08, 0.2),
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36")
            x += 60 + rng.uniform(-1, 1)

    # --- dockets ---------------------------------------------------------------------------
    monitored = {}
    extra = [s_ for s_ in all_stops if not s_.missing]
    pick = [s_ for s_ in all_stops if s_.missing] + rng.sample(extra, 56)
    pick.sort(key=lambda s_: s_.supplier)
    for s_ in pick:
        monitored[s_.id] = Vat(rng, s_, f"VL2-0{rng.randint(1000, 9999)}")
    divert = missing_by_tanker["T33"][0]
    dv = monitored[divert.id]
    dv.cap = int(divert.expected * 1.36 / 100) * 100
    dv.v0 = divert.expected * 0.5
    dv.am = (N("04:50:00"), 120 * 60)
    dv.pm = (N("15:25:00"), 130 * 60)
    stats["divert"] = divert

    for s_ in dockets:
        v = monitored.get(s_.id)
        s_.litres = int(v.volume(s_.collected - 1) - 30) if v else int(s_.expected * rng.uniform(0.86, 1.14))
        temp = v.temp(rng, s_.collected) if v else round(rng.uniform(3.4, 5.2) if rng.random() > 0.03 else rng.uniform(7.2, 9.5), 1)
        x = s_.collected + rng.uniform(4, 40)
        tab = TABLETS[s_.tanker]
        if temp > 7.0:
            ing(x - 21.5, tablet_ip[s_.tanker], "POST", "/api/v3/dockets", 422, 64, 0.021, tablet_ua)
        ing(x, tablet_ip[s_.tanker], "POST", "/api/v3/dockets", 201, 24, rng.uniform(0.02, 0.08), tablet_ua)
        api(x + 0.01, "INFO", "milkrun.dockets.ingest",
            f"docket {s_.docket} recorded: supplier {s_.supplier} vat {s_.vat} {s_.litres} L {temp:.1f} C, {s_.tanker} run {s_.run if s_.run <= 3 else 3} stop {s_.seq}")
        s_.temp = temp

    # --- overdue checks (the worker, every five minutes) --------------------------------------
    late = {}
    x = t0 + 7.3
    onset = None
    while x < t1:
        p = period(x)
        window = 90 if p[2] == "5.3.1" else 60
        new = []
        for s_ in all_stops:
            if s_.id in late:
                continue
            if s_.collected is not None and s_.collected <= x:
                continue
            if s_.planned + window * 60 < x:
                late[s_.id] = x
                new.append(s_)
        new.sort(key=lambda s_: (s_.planned, s_.tanker))
        for k, s_ in enumerate(new):
            if p[2] in ("5.4.0", "5.4.1"):
                worker(x + 0.02 + k * 0.003, "WARNING", "milkrun.planning.overdue",
                       f"stop overdue: supplier {s_.supplier} vat {s_.vat} ({s_.tanker} run {s_.run} stop {s_.seq}) planned {hm(s_.planned)}, "
                       f"window closed {hm(s_.planned + window * 60)}, not collected")
                if s_.missing and onset is None:
                    onset = x + 0.02 + k * 0.003
        if new:
            worker(x + 0.2, "INFO", "milkrun.worker", f"overdue check: {len(new)} stops newly late")
        x += 300 + rng.uniform(-0.4, 0.4)
    stats["onset"] = onset
    stats["late_legit"] = [s_ for s_ in all_stops if s_.id in late and not s_.missing]

    # --- runs at the plant: manifests and Intaq -----------------------------------------------
    def lm(x, module, station, msg):
        t = at(x).astimezone(NZDT)
        lims.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +13:00 {module:<7} {station:<7} {msg}")

    runs_out.sort(key=lambda r_: r_[3])
    bay_free = {b: t0 for b in (1, 2, 3, 4)}
    manifest_no = 5120
    rack_no = 31
    for t, run_no, done, arrive, unload_end in runs_out:
        if not done or arrive > t1:
            continue
        total = sum(s_.litres for s_ in done)
        manifest_no += 1
        ref = f"M2610-{manifest_no:05d}"
        api(arrive - rng.uniform(40, 110), "INFO", "milkrun.lims.manifest",
            f"manifest {ref} for {t} run {run_no} sent to Intaq: {len(done)} dockets, {total} L")
        bay = min(bay_free, key=lambda b: (bay_free[b], b))
        x = max(arrive, bay_free[bay])
        lm(x, "INTAKE", f"BAY{bay}", f"{t} run {run_no} arrived, seals OK")
        lm(x + rng.uniform(20, 50), "INTAKE", f"BAY{bay}", f"manifest {ref} for {t} run {run_no} received: {len(done)} dockets, {litres(total)} L")
        y = x + rng.uniform(200, 320)
        lm(y, "LAB", "SCREEN", f"{t} run {run_no} composite: {rng.uniform(3.9, 5.6):.1f} C, beta-lactams NEG (RT4-0{rng.randint(1, 2)}), sensory OK")
        silo = rng.choice([1, 2, 3, 4, 5])
        lm(y + rng.uniform(40, 90), "INTAKE", f"BAY{bay}", f"{t} run {run_no} cleared for unloading to silo {silo}")
        metered = int(total * rng.uniform(0.997, 1.003))
        ue = max(unload_end, y + 900)
        lm(ue, "INTAKE", f"BAY{bay}", f"{t} run {run_no} unloaded: metered {litres(metered)} L, manifest {litres(total)} L, variance {100 * (metered - total) / total:+.2f} %")
        lm(ue + rng.uniform(30, 70), "INTAKE", f"BAY{bay}", f"{t} CIP started")
        rack_no += 1
        lm(y + rng.uniform(300, 900), "LAB", "SAMPLES", f"rack R2610-05-{rack_no:03d}: {len(done)} farm samples from {t} run {run_no} registered")
        bay_free[bay] = ue + 240
    x = t0 + 310
    silos = [rng.randint(80, 300) * 1000 for _ in range(6)]
    while x < t1:
        silos = [max(20000, min(400000, v + rng.randint(-30, 40) * 1000)) for v in silos]
        lm(x, "PLANT", "SILOS", "  ".join(f"S{i + 1} {litres(v)} L" for i, v in enumerate(silos)))
        x += 900 + rng.uniform(-2, 2)

    # --- Vatlink ---------------------------------------------------------------------------------
    vat_events = []  # (x, body)
    for sid_, v in monitored.items():
        s_ = v.stop
        base = {"device": v.device, "supplier": s_.supplier, "vat": s_.vat}
        x = t0 + v.offset
        while x < t1:
            vol = int(v.volume(x))
            empty = vol < 120
            body = {"type": "reading", **base, "vol_l": vol, "fill_pct": round(100 * vol / v.cap), "cap_l": v.cap,
                    "temp_c": None if empty else v.temp(rng, x), "state": "empty" if empty else ("milking" if v.milking(x) else "cooled")}
            vat_events.append((x, body))
            x += 1800 + rng.uniform(-3, 3)
        for name, (st, ln) in (("am", v.am), ("pm", v.pm)):
            vat_events.append((st + rng.uniform(0, 60), {"type": "milking_start", **base, "session": name}))
            vat_events.append((st + ln, {"type": "milking_end", **base, "session": name, "vol_l": int(v.volume(st + ln))}))
        if s_.collected is not None:
            vat_events.append((s_.collected - 15, {"type": "pickup", **base, "litres": int(v.volume(s_.collected - 1) - 30) + rng.randint(-40, 40)}))
            vat_events.append((s_.collected + rng.uniform(500, 900), {"type": "wash", **base, "temp_c": rng.randint(71, 78)}))
        fired = set()
        x = N("12:00:00")
        while x < t1:
            pct = 100 * v.volume(x) / v.cap
            for name, level in (("high_level", 85), ("very_high", 95), ("full", 100)):
                if pct >= level and name not in fired:
                    fired.add(name)
                    vat_events.append((x, {"type": "alarm", **base, "alarm": name, "fill_pct": min(100, round(pct))}))
                    if name == "full":
                        v.full_at = x
            x += 60
        v.alarms = sorted(fired)
    vat_events.sort(key=lambda e: e[0])
    for x, body in vat_events:
        line = {"ts": iso_z(x).replace(".000Z", "Z"), **body}
        vatlog.add(at(x), json.dumps(line, separators=(",", ":")))
    # the webhooks: one batch a minute
    batch_at = {}
    for x, body in vat_events:
        b = int((x - t0) // 60)
        batch_at.setdefault(b, []).append((x, body))
    for b in sorted(batch_at):
        x = t0 + (b + 1) * 60 + rng.uniform(0.5, 4)
        if x > t1:
            continue
        ing(x, f"52.62.{rng.randint(10, 30)}.{rng.randint(2, 250)}", "POST", "/api/v3/vatlink/events", 202, 18, rng.uniform(0.02, 0.09), "Vatlink-Webhooks/2.3")
        for k, (_, body) in enumerate(batch_at[b]):
            if body["type"] == "pickup":
                api(x + 0.01 + k * 0.001, "INFO", "milkrun.vatlink.webhooks", f"vatlink pickup: supplier {body['supplier']} vat {body['vat']} {body['litres']} L")
            elif body["type"] == "alarm":
                api(x + 0.01 + k * 0.001, "WARNING", "milkrun.vatlink.webhooks",
                    f"vatlink alarm {body['alarm']}: supplier {body['supplier']} vat {body['vat']} {body['fill_pct']}% full")
    stats["monitored"] = monitored

    # an Intaq timeout in the morning, retried
    x = N("09:31:12") + 0.44
    pod = rng.choice(period(x)[4])
    tb = [f"[pod/{pod}/api] {iso_z(x)} ERROR milkrun.lims.manifest: manifest for T14 run 2 failed, retrying in 30 s",
          f"[pod/{pod}/api] Traceback (most recent call last):",
          f"[pod/{pod}/api]   File \"/usr/local/lib/python3.12/site-packages/httpx/_transports/default.py\", line 72, in map_httpcore_exceptions",
          f"[pod/{pod}/api]     yield",
          f"[pod/{pod}/api]   File \"/usr/local/lib/python3.12/site-packages/httpx/_transports/default.py\", line 236, in handle_request",
          f"[pod/{pod}/api]     resp = self._pool.handle_request(req)",
          f"[pod/{pod}/api] httpcore.ReadTimeout: timed out",
          f"[pod/{pod}/api] ",
          f"[pod/{pod}/api] The above exception was the direct cause of the following exception:",
          f"[pod/{pod}/api] ",
          f"[pod/{pod}/api] Traceback (most recent call last):",
          f"[pod/{pod}/api]   File \"/app/milkrun/lims/manifest.py\", line 22, in send_manifest",
          f"[pod/{pod}/api]     r = httpx.post(f\"{{settings.intaq_url}}/intake/manifests\", json=body, timeout=settings.intaq_timeout_s)",
          f"[pod/{pod}/api] httpx.ReadTimeout: timed out"]
    app.add(at(x), "\n".join(tb))

    # --- deploys ------------------------------------------------------------------------------------
    def gl(x, text, stream="00O"):
        t = at(x)
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def job(start, job_id, name, sha, lines, user):
        x = start
        head = [f"Running with gitlab-runner 17.4.0 (b92ee590)", f"  on supply-eks-runner-2 Xy3kQ9zT, system ID: r_7f2Lk9mQvW1a",
                f"Preparing the \"kubernetes\" executor", f"Using Kubernetes namespace: gitlab-runner",
                f"Using Kubernetes executor with image alpine/helm:3.15.4 ...", f"Preparing environment",
                f"Getting source from Git repository", f"Fetching changes with git depth set to 20...",
                f"Checking out {sha[:8]} as detached HEAD (ref is main)...", f"Skipping Git submodules setup",
                f"Executing \"step_script\" stage of the job script",
                f"$ echo \"job {job_id} ({name}) started by {user}, commit $CI_COMMIT_SHA\"",
                f"job {job_id} ({name}) started by {user}, commit {sha}"]
        for h in head:
            gl(x, h)
            x += rng.uniform(0.3, 4.0)
        for delay, text in lines:
            x += delay
            gl(x, text)
        gl(x + 0.8, "Cleaning up project directory and file based variables")
        gl(x + 1.9, "Job succeeded")

    job(secs(DEPLOY_540), 884213, "deploy-production", shas["rel_540"], [
        (2.1, f"$ helm upgrade --install milkrun deploy/chart/milkrun -n supply -f deploy/chart/milkrun/values-production.yaml --set gitSha={shas['rel_540']} --wait --timeout 10m"),
        (3.4, "Release \"milkrun\" has been upgraded. Happy Helming!"),
        (0.1, "NAME: milkrun"), (0.0, "LAST DEPLOYED: Sun Oct  4 23:59:01 2026"), (0.0, "NAMESPACE: supply"),
        (0.0, "STATUS: deployed"), (0.0, "REVISION: 42"), (0.0, "TEST SUITE: None"),
        (0.4, "$ kubectl -n supply rollout status deploy/milkrun-api deploy/milkrun-worker"),
        (212.0, "Waiting for deployment \"milkrun-api\" rollout to finish: 2 of 4 updated replicas are available..."),
        (61.0, "deployment \"milkrun-api\" successfully rolled out"),
        (4.0, "deployment \"milkrun-worker\" successfully rolled out"),
    ], "hemi.walker")
    job(secs(ROLLBACK), 884377, "rollback-production", shas["tests"], [
        (1.8, "$ helm rollback milkrun 41 -n supply --wait"),
        (88.0, "Rollback was a success! Happy Helming!"),
        (0.5, "$ helm history milkrun -n supply --max 3"),
        (1.2, "REVISION\tUPDATED                 \tSTATUS    \tCHART         \tAPP VERSION\tDESCRIPTION"),
        (0.0, "41      \tFri Oct  2 03:02:40 2026\tsuperseded\tmilkrun-1.14.0\t5.3.1      \tUpgrade complete"),
        (0.0, "42      \tSun Oct  4 23:59:01 2026\tsuperseded\tmilkrun-1.14.0\t5.4.0      \tUpgrade complete"),
        (0.0, "43      \tMon Oct  5 03:30:31 2026\tdeployed  \tmilkrun-1.14.0\t5.3.1      \tRollback to 41"),
    ], "hemi.walker")
    job(secs(DEPLOY_541), 884402, "deploy-production", shas["rel_541"], [
        (2.0, f"$ helm upgrade --install milkrun deploy/chart/milkrun -n supply -f deploy/chart/milkrun/values-production.yaml --set gitSha={shas['rel_541']} --wait --timeout 10m"),
        (3.1, "Release \"milkrun\" has been upgraded. Happy Helming!"),
        (0.1, "NAME: milkrun"), (0.0, "LAST DEPLOYED: Mon Oct  5 04:19:58 2026"), (0.0, "NAMESPACE: supply"),
        (0.0, "STATUS: deployed"), (0.0, "REVISION: 44"), (0.0, "TEST SUITE: None"),
        (0.4, "$ kubectl -n supply rollout status deploy/milkrun-api deploy/milkrun-worker"),
        (196.0, "Waiting for deployment \"milkrun-api\" rollout to finish: 3 of 4 updated replicas are available..."),
        (47.0, "deployment \"milkrun-api\" successfully rolled out"),
        (3.0, "deployment \"milkrun-worker\" successfully rolled out"),
    ], "liam.ferris")

    for p in periods[1:]:
        start, _, version, sha, pods, wpod = p
        for k, pod in enumerate(pods):
            y = start - 100 + k * 24 + rng.uniform(0, 4)
            for j, (lg, msg) in enumerate((("uvicorn.error", "Started server process [1]"), ("uvicorn.error", "Waiting for application startup."),
                                           ("milkrun", f"milkrun {version} ({sha[:8]}) api started"), ("uvicorn.error", "Application startup complete."),
                                           ("uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"))):
                app.add(at(y + j * 0.05), f"[pod/{pod}/api] {iso_z(y + j * 0.05)} INFO {lg}: {msg}")
        y = start - 60 + rng.uniform(0, 5)
        app.add(at(y), f"[pod/{wpod}/worker] {iso_z(y)} INFO milkrun.worker: milkrun {version} ({sha[:8]}) worker started")

    # --- the transport desk's shift log -----------------------------------------------------------
    def dl(x, who, tanker, text):
        t = at(x).astimezone(NZDT)
        desk.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M')} NZDT | Transport desk | {who} | {tanker} | {text}")

    mt = missing_by_tanker
    t22, t17 = mt["T22"], mt["T17"]
    run3_end = {t: max(s_.collected for s_ in by_tanker[t] if s_.run == 3 and not s_.missing) for t in LONG}
    light = {t: sum(s_.litres for s_ in by_tanker[t] if s_.run == 3 and not s_.missing) for t in LONG}
    e12, e11, e30 = edits
    rel = sorted(relogin)
    dl(N("04:01:40"), "K.Moana", "-", "Day shift on. Peak schedule live from today: every farm daily, 38 tankers, 3 runs. Plan for today has 912 stops (Routeboard)".replace("912", str(len(all_stops))))
    dl(N("04:44:10"), "K.Moana", "T38", "T38 on the spare tablet (CP-0311, still CollectPad 4.1) since CP-0448's screen broke on Saturday, replacement ordered from IT")
    dl(e12[0] + 20, "K.Moana", "T12", f"Supplier {e12[1].supplier}: race flooded by the creek, farmer asks 25 min later. Changed in Routeboard ({e12[4]} -> {hm(e12[1].planned)})")
    dl(e11[0] + 15, "K.Moana", "T11/T05", f"Moved supplier {e11[1].supplier} from T11 (stop 26, longest day) to T05, which has room in run 3")
    dl(N("10:58:30"), "K.Moana", "T26", "Crash on SH27 at Kereone, T26 held in traffic about 75 min. Its farms told by supplier services")
    dl(e30[0] + 25, "R.Harris", "T30", f"Supplier {e30[1].supplier} asks for 20 min later (vet on farm). Changed")
    dl(N("12:52:00"), "R.Harris", "T14", "Trailer tyre blown at Waharoa, tyre service ETA 60 min. Run 3 will be about 80 min late, farms told")
    dl(N("13:09:00"), "R.Harris", "-", "Supply systems deployed milkrun 5.4.0 at 13:05 (overdue warnings, pump times). Routeboard OK")
    dl(N("14:52:00"), "R.Harris", "T14", "T14 back on the road 14:05, red pins for its run 3 expected")
    dl(N("16:02:20"), "K.Moana", "T22/T17", f"Red pins on T22 (supplier {t22[0].supplier}, planned {hm(t22[0].planned)}) and T17 (supplier {t17[0].supplier}, planned {hm(t17[0].planned)}). Not T14's")
    dl(N("16:05:10"), "K.Moana", "T22", f"Radioed T22 (A. Singh): stops 26-30 are not on his tablet. Run 3 ended at stop 25 ({hm(run3_end['T22'])}), back at the plant with {litres(light['T22'])} L, he thought it was a short run")
    dl(N("16:07:30"), "K.Moana", "T17", f"T17 (B. Cooper) the same: tablet shows 25 stops. Run 3 ended {hm(run3_end['T17'])}. He has signed off")
    dl(N("16:08:40"), "K.Moana", "-", "Rang supply on-call (Hemi Walker), posted in #milk-supply-ops")
    dl(republish["T22"][0] + 40, "K.Moana", "T22", "Republished T22's route (runbook). A. Singh sees 5 more farms, going back out")
    dl(republish["T17"][0] + 30, "K.Moana", "T17", f"Republished T17. Night relief D. Hohaia logs in on T17 at {hm(relogin['T17'])}" if "T17" in relogin else "Republished T17.")
    dl(N("16:27:00"), "R.Harris", "-", "More red: " + ", ".join(t for t in sorted(LONG) if t not in ("T17", "T22")) + " (all drivers say run 3 was short)")
    dl(N("16:33:00"), "K.Moana", "-", "Hemi rolled milkrun back to 5.3.1 at 16:30. Red pins still there")
    dl(N("16:44:20"), "R.Harris", "-", "Republished T04, T19, T30, T33, T11, T09, T27, T13, T36. Drivers still on: T27, T30, T36 go straight back out")
    dl(N("16:49:00"), "R.Harris", "-", "Overtime drivers called in for " + ", ".join(t for t in rel if t not in ("T17", "T22")))
    dv_ = stats["divert"]
    dl(getattr(monitored[dv_.id], "full_at", N("17:05:00")) + 240, "K.Moana", "T33",
       f"Supplier {dv_.supplier} vat full (Vatlink), farmer diverting the rest of the afternoon milking to the effluent pond. T33 relief there ~{hm(dv_.collected)}")
    dl(N("17:29:00"), "K.Moana", "-", "milkrun 5.4.1 deployed 17:24 (fix). Supply says every tablet has its whole route now")
    last = max(s_.collected for s_ in all_stops if s_.missing and s_.collected)
    dl(last + 600, "K.Moana", "-", f"All {stats['missing']} late farms collected (last {hm(last)}). Overtime logged for the relief drivers")

    # --- supplier services' call log ------------------------------------------------------------------
    call_list = []

    def call(x, supplier, agent, category, summary):
        call_list.append((x, supplier, agent, category, summary))

    routine = [("payment", "September advance rate and the milk price forecast"), ("collection", "asks what time the tanker comes now the peak schedule has started"),
               ("quality", "grade notice for high somatic cell count last week, asks for the sample results"),
               ("collection", "new vat access code for the tanker, updated in the farm notes"),
               ("collection", "asks to go from daily back to alternate days, told the peak schedule is for the whole co-op"),
               ("payment", "bank account change form"), ("quality", "asks about the thermoduric count on Friday's sample"),
               ("collection", "tanker left the gate open, calves out"), ("other", "Vatlink sensor offline since Saturday, technician booked"),
               ("collection", "asks for the vat's Vatlink readings for the last week")]
    for x in sorted(rng.uniform(N("07:30:00"), N("19:20:00")) for _ in range(30)):
        c, text = rng.choice(routine)
        call(x, rng.choice(all_stops).supplier, rng.choice(["m.rangi", "j.patel", "t.whare"]), c, text)
    for x_, text in ((N("10:56:00"), "T26 held in traffic after a crash on SH27"),):
        pass
    incident_calls = []
    for s_ in sorted((s_ for s_ in all_stops if s_.missing), key=lambda s_: s_.planned):
        v = monitored.get(s_.id)
        x = max(s_.planned + rng.randint(50, 75) * 60, N("16:04:00") + rng.uniform(0, 1800))
        if s_.collected and x > s_.collected - 600:
            continue
        pct = round(100 * v.volume(x) / v.cap) if v else None
        incident_calls.append((x, s_, pct))
    for x, s_, pct in incident_calls[:12]:
        text = f"tanker not here, due {hm(s_.planned)}"
        if pct is not None:
            text += f", Vatlink shows the vat {pct}% full and the afternoon milking is going in"
        call(x, s_.supplier, rng.choice(["m.rangi", "j.patel", "t.whare"]), "collection", text + "; passed to the transport desk")
    fa = getattr(monitored[dv_.id], "full_at", N("17:05:00"))
    call(fa + 90, dv_.supplier, "m.rangi", "collection", "vat full, diverting the rest of the afternoon milking to the effluent pond; wants it logged for the levy credit")
    stats["calls"] = len(incident_calls[:12])
    cid = 30511
    for x, supplier, agent, category, summary in sorted(call_list, key=lambda c: c[0]):
        cid += rng.randint(1, 4)
        calls.add(at(x), json.dumps({"ts": iso_nz(x, 0), "call": f"SC-2610-{cid:05d}", "supplier": supplier, "agent": agent,
                                     "category": category, "summary": summary}, ensure_ascii=False))

    # --- #milk-supply-ops ------------------------------------------------------------------------------
    users = {"hemi.walker": "U05HW2K8Q", "liam.ferris": "U04LF7N1Z", "priya.sharma": "U06PS3X9D", "aroha.tipene": "U03AT5R2M",
             "kiri.moana (transport desk)": "U07KM8D4T", "sam.ruru (transport)": "U02SR6Q1V", "mere.rangi (supplier services)": "U08MR1C6H"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "milk-supply-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    t17tab, t22tab = TABLETS["T17"], TABLETS["T22"]
    first17 = [sy for sy in all_syncs["T17"] if sy[2] > 0][:2]
    say(N("04:12:00", 5), "sam.ruru (transport)", f"peak schedule is live today: every farm daily. {len(all_stops)} stops on 38 tankers, longest days {max(LONG.values())} stops. shout if the plan looks off")
    say(N("11:34:00"), "hemi.walker", "5.4.0 tagged: ROUTE-243 overdue warnings in the logs, ROUTE-240 pump times from the pump rate, ROUTE-238 vat access notes on the tablets, 60 min overdue window and 4 api replicas. deploying after the lunch lull, ~13:00")
    say(N("13:06:30"), "hemi.walker", "5.4.0 out (helm rev 42), 4 api pods and the worker healthy")
    say(N("14:49:00"), "hemi.walker", "first 'stop overdue' warnings from 5.4.0 are T14's run 3 (tyre), the desk knows")
    say(N("16:08:50"), "kiri.moana (transport desk)", f"@hemi.walker T22 and T17 have farms that are not on their tablets. drivers say stops 26-30 never showed up, run 3 ended at 25. red on Routeboard since 16:00")
    say(N("16:12:10"), "hemi.walker", "looking. 'stop overdue' warnings since 5.4.0 went out at 13:05, and today is the first day on the peak schedule")
    say(republish["T22"][0] + 120, "kiri.moana (transport desk)", "republished T22 (runbook) and A. Singh has them now")
    say(N("16:17:40"), "hemi.walker", "runbook: red stops after a release, roll back first. 5.4.0 changed the planner's pump times and the overdue check. rolling back to 5.3.1 (rev 41)")
    say(N("16:21:00"), "sam.ruru (transport)", "the peak schedule went in on Friday like every year. the planner had no trouble fitting it, runs look right on Routeboard")
    say(N("16:32:30"), "hemi.walker", "rolled back, 5.3.1 on all pods since 16:32. no overdue warnings since")
    say(N("16:35:10"), "kiri.moana (transport desk)", "still red, more of them: T04, T19, T30, T33, T11. republishing all the long ones")
    say(N("16:37:00"), "hemi.walker", "the warnings would be gone anyway, 5.3.1 doesn't log them. @liam.ferris can you look at why tablets miss stops?")
    say(N("16:39:00"), "mere.rangi (supplier services)", f"{stats['calls']} farms rung so far, all 'tanker never came', several with Vatlink over 85%")
    say(N("16:45:20"), "liam.ferris", f"every short tablet acked at about 04:1x '... has 25 of N stops for 2026-10-05', and only the tankers with more than 25 stops today. T06 and T25 have exactly 25 and are fine")
    say(N("16:48:10"), "liam.ferris", f"{t17tab} (T17) at {hm(first17[0][0])}: '25 stops changed since ..., next cursor {iso_z(PLAN_TS)} (page full, more to fetch)', then '0 stops changed since {iso_z(PLAN_TS)}'. the plan is written in one transaction, every stop has updated_at {iso_z(PLAN_TS)}, and the next page asks for updated_at > that. ROUTE-231, Thursday. republish works because the planned stops left are under 25 and get a new timestamp")
    say(N("16:50:30"), "hemi.walker", "so the rollback couldn't help, 5.3.1 has ROUTE-231 too. and until today no tanker had more than 25 stops")
    say(N("16:53:20"), "liam.ferris", "ROUTE-245: cursor (updated_at, id). an old cursor re-reads its own timestamp, so tablets pick up anything still missing. MR up")
    say(N("17:03:40"), "priya.sharma", "approved, tests cover a plan in one transaction now")
    say(fa + 200, "mere.rangi (supplier services)", f"{dv_.supplier}: vat full, diverting the rest of the afternoon milking. logged for the levy credit")
    say(N("17:26:10"), "liam.ferris", "5.4.1 out (rev 44). every tablet's acks match the plan")
    say(last + 700, "kiri.moana (transport desk)", f"all {stats['missing']} late farms collected, last at {hm(last)}")
    say(last + 1000, "hemi.walker", "INC-3107: ROUTE-231's cursor skipped stops sharing the plan's timestamp; 5.4.1 fixed. postmortem tomorrow 10:00. nothing to change in the plan or the peak schedule")

    stats.update(runs=runs_out, republish=republish, late=late, logoff=logoff, relogin=relogin, all_syncs=all_syncs,
                 all_acks=all_acks, by_tanker=by_tanker, missing_by_tanker=missing_by_tanker, edits=edits, dockets=dockets)
    return [app, ingress, vatlog, lims, desk, calls, gitlab, slack], stats


def build(out_dir):
    rng = random.Random(91100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert nz("2026-10-05 15:55:00") < onset < nz("2026-10-05 16:05:00"), onset
        culprit_at = nz("2026-10-01 11:05:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        longest = max(LONG.values())
        dv = stats["divert"]
        return write_scenario(
            out_dir, name="r91-route-sync-cursor-ties", service=SERVICE, onset=onset,
            description=f"""
Totara Valley Dairy's tankers leave farms uncollected on Monday 5 October
2026, the first day of the co-operative's spring peak schedule (every farm
collected daily): from 16:00 NZDT ({onset.strftime('%H:%M:%S')} UTC) the last stops of the
third run of the eleven tankers with more than 25 stops go overdue on the
transport desk's Routeboard, and their drivers say the farms were never on
their CollectPad tablets; farmers ring as the afternoon milking fills their
vats. milkrun 5.4.0 had been deployed at 13:05 NZDT; it was rolled back to
5.3.1 at 16:30 without effect. The desk republished the tankers' routes
from 16:10, a fix (5.4.1) was deployed at 17:24, and relief drivers
collected the {stats['missing']} farms by the evening; one farm diverted milk. Times in the
Intaq, transport desk and call logs are NZDT (+13:00).
""",
            logs=logs,
            line_formats={
                "milkrun.log": r'\[pod/<Pod>/<Container>\] <Time> <Level> <Logger>: <Content>',
                "intaq-intake.log": r'<Date> <Time> <Tz> <Module>\s+<Station>\s+<Content>',
                "transport-desk.log": r'<Date> <Time> NZDT \| <Desk> \| <Who> \| <Tanker> \| <Content>',
                "gitlab-deploy.log": r'<Time> <Stream> <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'tablet route differs from plan',
                r'page full, more to fetch',
            ],
            fix_files=["milkrun/tablets/sync.py"],
            explanation=f"""
The culprit is ROUTE-231 ("tablets: delta route sync with a cursor for
CollectPad 4.2"), committed on Thursday 1 October at 11:05 NZDT and
deployed in 5.3.0 that afternoon, {hours:.1f} hours before the onset. The
tablets now ask for the stops that changed after their cursor, at most 25
at a time ordered by updated_at, take the last stop's updated_at as the
next cursor and ask again while the page is full, with `updated_at >
cursor`. The planner writes the whole day's plan in one transaction, so
every stop of it has the same updated_at (PostgreSQL's now() is the
transaction's start): for a tanker with more than 25 stops the first page
ends inside that one timestamp and the next page is empty. Until Sunday no
tanker had more than 25 stops a day; the spring peak schedule from Monday
gives eleven of them 26 to {longest}. At 04:1x their tablets log "25 stops changed
since ..., next cursor {iso_z(PLAN_TS)} (page full, more to fetch)" and
then "0 stops changed since" the same cursor, and ack "tablet route
differs from plan: ... has 25 of N stops" (a warning nobody watched since
CollectPad 3.9). Only the stops the desk edited during the day reach the
tablets; the rest of the third runs are never driven, and from 16:00 they
go overdue. T06 and T25, with exactly 25 stops, get a full page, an empty
second page and nothing missing. Republishing a route works because the
planned stops left are fewer than 25 and get a new timestamp. The fix
(ROUTE-245) pages on (updated_at, id), in the culprit's file.
Decoys: 5.4.0, deployed at 13:05, three hours before the onset (ROUTE-243,
which adds the very "stop overdue" warning that fills the log, with the
overdue window cut from 90 to 60 minutes and four api replicas in the
values file; ROUTE-240, pump times in the very planner; ROUTE-238, vat
access notes in the culprit's own stop_json), rolled back to 5.3.1, which
holds the culprit: the warnings stop, the missing stops do not; the
runbook commit that reads red stops as a late tanker or a bad plan and
says to roll back first after a release; the transport team's peak
schedule, which is right and is only the trigger; T14's run 3, rightly
overdue after a blown trailer tyre; T26 held behind a crash on SH27; a
tests commit after the deploy; the spare tablet on CollectPad 4.1;
supplier {dv.supplier}'s full vat, diverted to the effluent pond.
""",
        )
    finally:
        repo.close()
