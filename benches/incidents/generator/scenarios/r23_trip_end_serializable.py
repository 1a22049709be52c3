"""trips-api (Python 3.12, FastAPI, SQLAlchemy 2, psycopg 3, loguru; four
pods behind Traefik on Kubernetes, deployed with Helm from GitHub Actions;
team in Lisbon, Porto, São Paulo and Warsaw): starts and ends car-sharing
trips for Wayla's fleet in Lisbon and Porto and bills them at trip end
(fare, minute bundles, the zone's parking count).

BILL-231: a family account was charged twice from one minute bundle when
two of its trips ended in the same second. On Monday 13 April at 17:50 UTC
a commit runs end_trip in a SERIALIZABLE transaction so that no two trip
ends can see the same bundle balance. end_trip reads the customer's month
total, the bundle and the zone's occupancy row and then updates them; under
serializable snapshot isolation concurrent trip ends in the same zone form
read/write dependencies, and PostgreSQL cancels one of each dangerous pair
with SQLSTATE 40001 ("could not serialize access due to read/write
dependencies among transactions ... The transaction might succeed if
retried"). Nothing retries: the app answers 500, the driver sees "Could not
end your trip" and keeps paying by the minute. At midday a handful of trip
ends a minute never overlap; the evening commute in Lisbon (17:30 local,
16:30 UTC) does.

The change reaches production in the Tuesday 10:05 release (whose image is
the later tariff commit). The first failures come at the evening peak,
29 minutes after a 16:12 release that only raises the database pool size.
The on-call rolls back to the morning release at 17:18 (no effect: the
culprit is in both), then to Monday's release at 17:41, and the failures
stop. The fix retries 40001 or goes back to READ COMMITTED with the bundle
row locked, in trips/billing.py.

Decoys: the 16:12 pool-size release (the config change closest to the
onset, about the database), its rollback; a same-morning commit to the same
file that logs the fare breakdown at trip end; a psycopg bump; the Porto
night tariff that the morning release names; a runbook page about ending
trips by hand; a test. App (loguru with tracebacks), Traefik (JSON access
log), PostgreSQL, GitHub Actions deploy log."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores

SERVICE = "trips-api"
START, END = utc("2026-04-14 15:00:00"), utc("2026-04-14 18:15:00")
MORNING = utc("2026-04-14 10:05:14")
POOL_RELEASE = utc("2026-04-14 16:12:31")
ROLLBACK_1 = utc("2026-04-14 17:18:05")
ROLLBACK_2 = utc("2026-04-14 17:41:22")
HOST = "api.wayla.pt"

BILLING_PY = '''"""Trip end: fare, minute bundle, invoice line and the zone's parking count."""
import datetime as dt

from loguru import logger
from sqlalchemy import func, select, update

from trips import tariffs
from trips.errors import OutsideHomeZone
from trips.models import InvoiceLine, MinuteBundle, Trip, ZoneOccupancy
from trips.zones import zone_for


def end_trip(session_factory, trip_id, position):
    with session_factory.begin() as s:
        trip = s.get(Trip, trip_id, with_for_update=True)
        if trip.ended_at is not None:
            return trip  # the app retries; ending twice is a no-op
        zone = zone_for(s, position)
        if zone is None:
            raise OutsideHomeZone(trip_id)
        now = dt.datetime.now(dt.timezone.utc)
        minutes = max(1, int((now - trip.started_at).total_seconds() // 60))
        month_total = s.scalar(
            select(func.coalesce(func.sum(InvoiceLine.amount_cents), 0)).where(
                InvoiceLine.customer_id == trip.customer_id, InvoiceLine.month == now.strftime("%Y-%m")))
        bundle = s.scalars(select(MinuteBundle).where(
            MinuteBundle.account_id == trip.account_id, MinuteBundle.expires_at > now)).first()
        fare = tariffs.fare(trip.city, minutes, zone, bundle, month_total)
        if bundle is not None:
            bundle.minutes_left = max(0, bundle.minutes_left - fare.bundle_minutes)
        s.add(InvoiceLine(customer_id=trip.customer_id, trip_id=trip.id, month=now.strftime("%Y-%m"), amount_cents=fare.cents))
        s.execute(update(ZoneOccupancy).where(ZoneOccupancy.zone_id == zone.id).values(parked=ZoneOccupancy.parked + 1))
        trip.ended_at, trip.end_zone_id, trip.fare_cents = now, zone.id, fare.cents
    logger.info("trip ended trip={} vehicle={} zone={} minutes={} fare_eur={:.2f}", trip.id, trip.vehicle_id, zone.slug, minutes, fare.cents / 100)
    return trip
'''

API_PY = '''from fastapi import APIRouter, HTTPException
from loguru import logger
from pydantic import BaseModel

from trips import billing, db
from trips.errors import OutsideHomeZone

router = APIRouter(prefix="/v1/trips")


class EndTrip(BaseModel):
    position: tuple[float, float]


@router.post("/{trip_id}/end")
def end_trip_route(trip_id: str, body: EndTrip):
    try:
        trip = billing.end_trip(db.Session, trip_id, body.position)
    except OutsideHomeZone:
        raise HTTPException(409, "outside_home_zone")
    except Exception:
        logger.exception("end trip failed trip={}", trip_id)
        raise HTTPException(500, "end_trip_failed")
    return {"trip": trip.id, "fare_cents": trip.fare_cents}
'''

DB_PY = '''import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(
    os.environ["DATABASE_URL"],
    pool_size=int(os.environ.get("DB_POOL_SIZE", "10")),
    max_overflow=int(os.environ.get("DB_MAX_OVERFLOW", "5")),
    pool_pre_ping=True,
)
Session = sessionmaker(engine, expire_on_commit=False)
'''

VALUES = """replicaCount: 4
image:
  repository: ghcr.io/wayla/trips-api
  tag: main
env:
  LOG_LEVEL: INFO
  DB_POOL_SIZE: "10"
  DB_MAX_OVERFLOW: "5"
  TARIFFS_FILE: /app/config/tariffs.yaml
resources:
  requests:
    cpu: 300m
    memory: 384Mi
  limits:
    memory: 512Mi
ingressRoute:
  host: api.wayla.pt
  pathPrefix: /v1/trips
"""

TARIFFS = """lisboa:
  per_minute_cents: 29
  unlock_cents: 100
  airport_surcharge_cents: 350
  monthly_cap_cents: 25000
porto:
  per_minute_cents: 27
  unlock_cents: 100
  monthly_cap_cents: 25000
"""


def pyproject(psycopg):
    return f"""[project]
name = "trips-api"
version = "3.8.0"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.110.1",
  "uvicorn[standard]==0.29.0",
  "sqlalchemy==2.0.29",
  "psycopg[binary]=={psycopg}",
  "loguru==0.7.2",
  "pyyaml==6.0.1",
]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@wayla.pt", 60)
    tiago = Person("Tiago Moreira", "tiago.moreira@wayla.pt", 60)
    larissa = Person("Larissa Mendes", "larissa.mendes@wayla.pt", -180)
    marek = Person("Marek Nowak", "marek.nowak@wayla.pt", 120)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "pyproject.toml": pyproject("3.1.18"),
        "trips/__init__.py": "",
        "trips/main.py": "from fastapi import FastAPI\nfrom loguru import logger\nimport os\n\nfrom trips import api, vehicles\n\napp = FastAPI(title=\"trips-api\")\napp.include_router(api.router)\napp.include_router(vehicles.router)\n\n\n@app.on_event(\"startup\")\ndef started():\n    logger.info(\"trips-api starting version={}\", os.environ.get(\"VERSION\", \"dev\"))\n",
        "trips/api.py": API_PY,
        "trips/billing.py": BILLING_PY,
        "trips/db.py": DB_PY,
        "trips/errors.py": "class OutsideHomeZone(Exception):\n    pass\n",
        "trips/tariffs.py": "import os\nfrom dataclasses import dataclass\n\nimport yaml\n\nTARIFFS = yaml.safe_load(open(os.environ.get(\"TARIFFS_FILE\", \"config/tariffs.yaml\")))\n\n\n@dataclass\nclass Fare:\n    cents: int\n    bundle_minutes: int\n\n\ndef fare(city, minutes, zone, bundle, month_total):\n    t = TARIFFS[city]\n    covered = min(minutes, bundle.minutes_left) if bundle else 0\n    cents = t[\"unlock_cents\"] + (minutes - covered) * t[\"per_minute_cents\"]\n    cents = min(cents, max(0, t[\"monthly_cap_cents\"] - month_total))\n    return Fare(cents, covered)\n",
        "trips/vehicles.py": "from fastapi import APIRouter\n\nrouter = APIRouter(prefix=\"/v1/vehicles\")\nRADIUS_M = 600\n\n\n@router.get(\"/nearby\")\ndef nearby(lat: float, lon: float):\n    return {\"radius_m\": RADIUS_M, \"vehicles\": []}\n",
        "config/tariffs.yaml": TARIFFS,
        "chart/trips-api/values-production.yaml": VALUES,
        "tests/test_billing.py": "from trips.tariffs import fare\n\n\ndef test_cap_applies():\n    assert fare(\"lisboa\", 10, None, None, 25000).cents == 0\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\n  workflow_dispatch:\n    inputs:\n      release:\n        description: promote main to production\njobs:\n  production:\n    if: github.event_name == 'workflow_dispatch'\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: helm upgrade --install trips-api ./chart/trips-api -n trips -f chart/trips-api/values-production.yaml --set image.tag=${{ github.sha }} --wait --timeout 5m\n",
        "README.md": "# trips-api\n\nStarts and ends Wayla trips and bills them at trip end.\n\n## Running locally\n\n```\nuv sync\nDATABASE_URL=postgresql+psycopg://localhost/trips uv run uvicorn trips.main:app --reload\n```\n\n## Deploying\n\nMerges to `main` go to staging. Production is promoted by hand with the\n`deploy` workflow (workflow_dispatch); roll back with `helm rollback`.\n",
    }
    repo.commit(utc("2026-04-08 09:10:00"), ines, "trips-api: split out of the fleet monolith", files)
    repo.schedule(chores(random.Random(23201), SERVICE, [ines, tiago, larissa, marek], utc("2026-04-08 09:10:00"), utc("2026-04-12 17:00:00"), 4))
    repo.commit(utc("2026-04-09 14:25:00"), tiago, "billing: monthly cap per customer", {
        "config/tariffs.yaml": TARIFFS,
    })
    previous = repo.commit(utc("2026-04-13 13:30:00"), marek, "vehicles: nearby search radius 800 m in Porto's centre", {
        "trips/vehicles.py": repo.edit("trips/vehicles.py", "RADIUS_M = 600", "RADIUS_M = 800"),
    })
    culprit = repo.commit(utc("2026-04-13 17:50:00"), larissa, "billing: end trips in a serializable transaction (BILL-231)\n\nTwo trips of one family account that ended in the same second both\nread the bundle's minutes_left and both used the same minutes. Run\nend_trip at SERIALIZABLE so concurrent trip ends cannot see the same\nbundle balance; PostgreSQL will refuse one of them instead.", {
        "trips/billing.py": repo.edit("trips/billing.py", "    with session_factory.begin() as s:\n        trip = s.get(Trip, trip_id, with_for_update=True)\n",
                                      "    with session_factory.begin() as s:\n        # BILL-231: no two trip ends may spend the same bundle minutes.\n        s.connection(execution_options={\"isolation_level\": \"SERIALIZABLE\"})\n        trip = s.get(Trip, trip_id, with_for_update=True)\n"),
        "tests/test_billing.py": repo.files["tests/test_billing.py"] + "\n\ndef test_bundle_minutes_are_spent_first():\n    class B:\n        minutes_left = 5\n    assert fare(\"lisboa\", 10, None, B(), 0).bundle_minutes == 5\n",
    })
    repo.commit(utc("2026-04-13 19:10:00"), renovate, "fix(deps): update dependency psycopg to v3.1.19", {
        "pyproject.toml": pyproject("3.1.19"),
    })
    repo.commit(utc("2026-04-14 08:30:00"), tiago, "billing: log the fare breakdown at trip end\n\nSupport asks daily how a fare was computed. Log bundle minutes used and\nthe cap applied on the trip-end line.", {
        "trips/billing.py": repo.edit("trips/billing.py", 'logger.info("trip ended trip={} vehicle={} zone={} minutes={} fare_eur={:.2f}", trip.id, trip.vehicle_id, zone.slug, minutes, fare.cents / 100)',
                                      'logger.info("trip ended trip={} vehicle={} zone={} minutes={} bundle_minutes={} fare_eur={:.2f}", trip.id, trip.vehicle_id, zone.slug, minutes, fare.bundle_minutes, fare.cents / 100)'),
    })
    repo.commit(utc("2026-04-14 09:10:00"), ines, "docs: runbook for ending a trip by hand", {
        "docs/runbook.md": "# trips-api runbook\n\n## TripEndErrors\n\nDrivers cannot end a trip (500 on POST /v1/trips/{id}/end). The app keeps\ncharging per minute until the trip ends, so end stuck trips by hand:\n\n    kubectl -n trips exec deploy/trips-api -- python -m trips.admin end-trip TRIP_ID\n\nThen look at the app's \"end trip failed\" lines and the PostgreSQL log.\nIf a release just went out, `helm rollback trips-api -n trips`.\n",
    })
    morning = repo.commit(utc("2026-04-14 09:40:00"), marek, "tariffs: Porto night rate from 1 May", {
        "config/tariffs.yaml": repo.edit("config/tariffs.yaml", "porto:\n  per_minute_cents: 27\n", "porto:\n  per_minute_cents: 27\n  night_per_minute_cents: 22  # 00:00-06:00 from 1 May\n"),
    })
    repo.commit(utc("2026-04-14 14:20:00"), larissa, "test: a trip that ends outside the home zone is refused", {
        "tests/test_zones.py": "import pytest\n\nfrom trips.errors import OutsideHomeZone\n\n\ndef test_outside_zone_error_names_the_trip():\n    with pytest.raises(OutsideHomeZone):\n        raise OutsideHomeZone(\"T-1\")\n",
    })
    pool = repo.commit(utc("2026-04-14 15:55:00"), ines, "chart: database pool 16 per pod for the evening peak\n\nYesterday's peak waited on the pool now and then (QueuePool limit of\nsize 10 overflow 5 reached twice). PgBouncer has room for 4 x 24.", {
        "chart/trips-api/values-production.yaml": repo.edit("chart/trips-api/values-production.yaml", '  DB_POOL_SIZE: "10"\n  DB_MAX_OVERFLOW: "5"', '  DB_POOL_SIZE: "16"\n  DB_MAX_OVERFLOW: "8"'),
    })
    repo.commit(utc("2026-04-14 19:05:00"), larissa, "billing: retry trip end on serialization failure (INC-77)\n\nUnder SERIALIZABLE, PostgreSQL cancels one of two concurrent trip ends\nin the same zone with 40001. Retry the whole transaction up to five\ntimes with jitter.", {
        "trips/billing.py": repo.edit("trips/billing.py", "def end_trip(session_factory, trip_id, position):\n",
                                      "@retry_on_serialization_failure(attempts=5)\ndef end_trip(session_factory, trip_id, position):\n").replace("from trips import tariffs\n", "from trips import tariffs\nfrom trips.retry import retry_on_serialization_failure\n"),
        "trips/retry.py": "import functools\nimport random\nimport time\n\nfrom psycopg.errors import SerializationFailure\nfrom sqlalchemy.exc import OperationalError\n\n\ndef retry_on_serialization_failure(attempts):\n    def wrap(fn):\n        @functools.wraps(fn)\n        def run(*args, **kwargs):\n            for i in range(attempts):\n                try:\n                    return fn(*args, **kwargs)\n                except OperationalError as e:\n                    if not isinstance(e.orig, SerializationFailure) or i == attempts - 1:\n                        raise\n                    time.sleep(random.uniform(0.01, 0.05) * (i + 1))\n        return run\n    return wrap\n",
    })
    return repo, culprit, previous, morning, pool


def loguru(t, level, where, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} | {level:<8} | {where} - {msg}"


def traefik(t, rng, method, path, status, dur_ms, pod_ip, size, client):
    start = t - dt.timedelta(milliseconds=dur_ms)
    body = {
        "ClientAddr": f"{client}:{rng.randint(20000, 65000)}", "ClientHost": client, "ClientPort": str(rng.randint(20000, 65000)), "ClientUsername": "-",
        "DownstreamContentSize": size, "DownstreamStatus": status, "Duration": dur_ms * 1_000_000 + rng.randint(0, 999_999),
        "OriginContentSize": size, "OriginDuration": dur_ms * 1_000_000 - rng.randint(100_000, 400_000), "OriginStatus": status,
        "Overhead": rng.randint(100_000, 400_000), "RequestAddr": HOST, "RequestContentSize": 64 if method == "POST" else 0, "RequestCount": rng.randint(100000, 999999),
        "RequestHost": HOST, "RequestMethod": method, "RequestPath": path, "RequestPort": "-", "RequestProtocol": "HTTP/2.0", "RequestScheme": "https",
        "RetryAttempts": 0, "RouterName": "trips-trips-api-6c1f2a8e3b@kubernetescrd", "ServiceAddr": f"{pod_ip}:8000",
        "ServiceName": "trips-trips-api-8000@kubernetescrd", "ServiceURL": f"http://{pod_ip}:8000",
        "StartLocal": start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond:06d}" + "Z", "StartUTC": start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond:06d}" + "Z",
        "entryPointName": "websecure", "level": "info", "msg": "", "time": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return json.dumps(body, separators=(",", ":"))


def trip_rate(t):
    """Trip ends per minute, Lisbon and Porto: the evening commute."""
    m = (t - START).total_seconds() / 60
    if m < 60:
        return 2.5 + 0.05 * m
    if m < 95:
        return 5.5 + (m - 60) * 0.16
    if m < 160:
        return 11.0
    return max(6.0, 11.0 - (m - 160) * 0.15)


ZONES = ["lis-saldanha", "lis-marques", "lis-cais-sodre", "lis-parque-nacoes", "lis-alvalade", "lis-campo-ourique", "opo-boavista", "opo-trindade", "opo-campanha"]

SER_TB = '''Traceback (most recent call last):
  File "/app/.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line {l1}, in {fn}
    {src}
  File "/app/.venv/lib/python3.12/site-packages/psycopg/{mod}", line {l2}, in {fn2}
    raise ex.with_traceback(None)
psycopg.errors.SerializationFailure: could not serialize access due to read/write dependencies among transactions
DETAIL:  Reason code: Canceled on identification as a pivot, {when}.
HINT:  The transaction might succeed if retried.

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
> File "/app/trips/api.py", line 18, in end_trip_route
    trip = billing.end_trip(db.Session, trip_id, body.position)
  File "/app/trips/billing.py", line {bl}, in end_trip
    {bsrc}
  File "/app/.venv/lib/python3.12/site-packages/sqlalchemy/orm/session.py", line 1321, in commit
    trans.commit(_to_root=True)
sqlalchemy.exc.OperationalError: (psycopg.errors.SerializationFailure) could not serialize access due to read/write dependencies among transactions
DETAIL:  Reason code: Canceled on identification as a pivot, {when}.
HINT:  The transaction might succeed if retried.
[SQL: {sql}]
(Background on this error at: https://sqlalche.me/e/20/e3q8)'''


def build_logs(rng, culprit, previous, morning, pool):
    app, tr, pg, gh = Log("trips-api.log"), Log("traefik-access.log"), Log("postgresql.log"), Log("github-actions-deploy.log")
    stats = {"end": [], "bad": []}
    # pods: (name, ip, up, down, release)
    pods = []
    gens = [("7b9d4c6f58", START - dt.timedelta(hours=6), POOL_RELEASE, True), ("5f6c8d7b49", POOL_RELEASE, ROLLBACK_1, True),
            ("7b9d4c6f58", ROLLBACK_1, ROLLBACK_2, True), ("84c7f9d6b2", ROLLBACK_2, END + dt.timedelta(hours=1), False)]
    versions = {0: morning, 1: pool, 2: morning, 3: previous}
    for gi, (rs, a, b, culprit_in) in enumerate(gens):
        for i in range(4):
            name = f"trips-api-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            up = a + dt.timedelta(seconds=14 + 22 * i) if gi else a
            down = b + dt.timedelta(seconds=20 + 22 * i) if b < END else b
            pods.append({"name": name, "ip": f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}", "up": up, "down": down, "culprit": culprit_in, "gen": gi})

    def live(t):
        return [p for p in pods if p["up"] <= t < p["down"]]

    def clients():
        return f"{rng.choice(['85.240', '94.63', '188.81', '2.82', '148.69', '81.84'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    # start-up lines
    for p in pods:
        if p["gen"] == 0:
            continue
        t = p["up"] - dt.timedelta(seconds=9)
        for off, lvl, where, msg in [(0, "INFO", "uvicorn.server:serve:76", "Started server process [1]"),
                                     (0.01, "INFO", "uvicorn.lifespan.on:startup:46", "Waiting for application startup."),
                                     (0.4, "INFO", "trips.main:started:14", f"trips-api starting version={versions[p['gen']][:12]}"),
                                     (0.41, "INFO", "uvicorn.lifespan.on:startup:60", "Application startup complete."),
                                     (0.42, "INFO", "uvicorn.server:_log_started_message:214", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)")]:
            w = t + dt.timedelta(seconds=off)
            app.add(w, loguru(w, lvl, where, msg))
        d = p["down"]
        if d < END:
            for off, msg in [(0, "Shutting down"), (0.2, "Waiting for application shutdown."), (0.21, "Application shutdown complete."), (0.22, "Finished server process [1]")]:
                w = d + dt.timedelta(seconds=off)
                app.add(w, loguru(w, "INFO", "uvicorn.server:shutdown:258" if off == 0 else "uvicorn.lifespan.on:shutdown:65", msg))
    for p in pods:
        if p["gen"] == 0 and p["down"] < END:
            d = p["down"]
            app.add(d, loguru(d, "INFO", "uvicorn.server:shutdown:258", "Shutting down"))
            app.add(d + dt.timedelta(milliseconds=210), loguru(d + dt.timedelta(milliseconds=210), "INFO", "uvicorn.server:_serve:93", "Finished server process [1]"))

    # trip ends
    t = START
    retries = []
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(trip_rate(t) / 60))
        if t >= END:
            break
        retries.append((t, "T-" + hexid(rng, 10).upper(), f"V{rng.randint(1000, 1480)}", 0))
    retries.sort()
    queue = list(retries)
    while queue:
        t, trip, veh, attempt = queue.pop(0)
        ps = live(t)
        p = rng.choice(ps)
        rate = trip_rate(t)
        p_fail = max(0.0, (rate - 9.8) / 1.2 * 0.2) if p["culprit"] else 0.0
        zone = rng.choice(ZONES)
        pos = "/v1/trips/" + trip + "/end"
        client = clients()
        stats["end"].append(t)
        if rng.random() < p_fail:
            stats["bad"].append(t)
            dur = ms(rng, 48, 0.4)
            e = t + dt.timedelta(milliseconds=dur)
            pid = rng.randint(30000, 39999)
            at_commit = rng.random() < 0.6
            when = "during commit attempt" if at_commit else "during conflict out checking"
            stmt = "COMMIT" if at_commit else "UPDATE zone_occupancy SET parked=(zone_occupancy.parked + $1::INTEGER) WHERE zone_occupancy.zone_id = $2::INTEGER"
            pe = e - dt.timedelta(milliseconds=3)
            pg.add(pe, postgres(pe, pid, "ERROR", "could not serialize access due to read/write dependencies among transactions", "trips@trips") + "\n"
                   + postgres(pe, pid, "DETAIL", f"Reason code: Canceled on identification as a pivot, {when}.", "trips@trips") + "\n"
                   + postgres(pe, pid, "HINT", "The transaction might succeed if retried.", "trips@trips") + "\n"
                   + postgres(pe, pid, "STATEMENT", stmt, "trips@trips"))
            if at_commit:
                tb = SER_TB.format(l1=1134, fn="_commit_impl", src="self.engine.dialect.do_commit(self.connection)", mod="connection.py", l2=608, fn2="commit",
                                   when=when, bl=45, bsrc="trip.ended_at, trip.end_zone_id, trip.fare_cents = now, zone.id, fare.cents", sql="COMMIT")
            else:
                tb = SER_TB.format(l1=1967, fn="_exec_single_context", src="self.dialect.do_execute(", mod="cursor.py", l2=732, fn2="execute",
                                   when=when, bl=44, bsrc="s.execute(update(ZoneOccupancy).where(ZoneOccupancy.zone_id == zone.id).values(parked=ZoneOccupancy.parked + 1))",
                                   sql="UPDATE zone_occupancy SET parked=(zone_occupancy.parked + %(parked_1)s::INTEGER) WHERE zone_occupancy.zone_id = %(zone_id_1)s::INTEGER")
            app.add(e, loguru(e, "ERROR", "trips.api:end_trip_route:23", f"end trip failed trip={trip}") + "\n" + tb)
            tr.add(e, traefik(e, rng, "POST", pos, 500, dur, p["ip"], 34, client))
            if attempt < 2:
                nt = e + dt.timedelta(seconds=rng.uniform(4, 40))
                queue.append((nt, trip, veh, attempt + 1))
                queue.sort()
            continue
        dur = ms(rng, 42, 0.35)
        e = t + dt.timedelta(milliseconds=dur)
        minutes = rng.randint(4, 55)
        bmin = 0 if rng.random() < 0.7 else min(minutes, rng.randint(5, 60))
        fare = 100 + (minutes - bmin) * (29 if zone.startswith("lis") else 27)
        if p["gen"] == 0 or p["gen"] == 1 or p["gen"] == 2:
            msg = f"trip ended trip={trip} vehicle={veh} zone={zone} minutes={minutes} bundle_minutes={bmin} fare_eur={fare / 100:.2f}"
            where = "trips.billing:end_trip:46"
        else:
            msg = f"trip ended trip={trip} vehicle={veh} zone={zone} minutes={minutes} fare_eur={fare / 100:.2f}"
            where = "trips.billing:end_trip:42"
        app.add(e, loguru(e, "INFO", where, msg))
        tr.add(e, traefik(e, rng, "POST", pos, 200, dur, p["ip"], 52, client))

    # other traffic: trip starts, nearby vehicles, trip reads
    for t in poisson_times(rng, START, END, 9.0):
        p = rng.choice(live(t))
        r = rng.random()
        if r < 0.45:
            dur = ms(rng, 18, 0.4)
            e = t + dt.timedelta(milliseconds=dur)
            tr.add(e, traefik(e, rng, "GET", f"/v1/vehicles/nearby?lat=38.7{rng.randint(10, 80)}&lon=-9.1{rng.randint(10, 90)}", 200, dur, p["ip"], rng.randint(800, 6000), clients()))
        elif r < 0.8:
            dur = ms(rng, 35, 0.4)
            e = t + dt.timedelta(milliseconds=dur)
            tr.add(e, traefik(e, rng, "POST", "/v1/trips", 201, dur, p["ip"], 96, clients()))
        else:
            dur = ms(rng, 9, 0.4)
            e = t + dt.timedelta(milliseconds=dur)
            tr.add(e, traefik(e, rng, "GET", f"/v1/trips/T-{hexid(rng, 10).upper()}", 200, dur, p["ip"], rng.randint(300, 700), clients()))

    # PostgreSQL background
    t = START + dt.timedelta(seconds=rng.randint(20, 200))
    while t < END:
        pg.add(t, postgres(t, 71, "LOG", "checkpoint starting: time"))
        c = t + dt.timedelta(seconds=rng.uniform(260, 275))
        bufs = rng.randint(300, 4200)
        pg.add(c, postgres(c, 71, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={rng.uniform(260, 270):.3f} s, sync=0.0{rng.randint(1, 9)}2 s, total={rng.uniform(260, 271):.3f} s; sync files={rng.randint(20, 90)}, longest=0.00{rng.randint(1, 9)} s, average=0.001 s; distance={rng.randint(2000, 30000)} kB, estimate={rng.randint(9000, 32000)} kB; lsn=3A/{hexid(rng, 8).upper()}, redo lsn=3A/{hexid(rng, 8).upper()}"))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.05):
        table = rng.choice(["trips", "invoice_lines", "zone_occupancy", "vehicle_positions"])
        pid = rng.randint(40000, 49999)
        pg.add(t, postgres(t, pid, "LOG", f'automatic vacuum of table "trips.public.{table}": index scans: {rng.randint(0, 1)}') + "\n"
               + f"\tpages: 0 removed, {rng.randint(40, 9000)} remain, {rng.randint(3, 900)} scanned ({rng.uniform(1, 30):.2f}% of total)\n"
               + f"\ttuples: {rng.randint(10, 9000)} removed, {rng.randint(1000, 900000)} remain, 0 are dead but not yet removable")
    for t in poisson_times(rng, START, END, 0.04):
        d = rng.uniform(1000, 2600)
        pg.add(t, postgres(t, rng.randint(20000, 29999), "LOG", f"duration: {d:.3f} ms  statement: SELECT zone_id, count(*) FROM vehicle_positions WHERE reported_at > now() - interval '15 minutes' GROUP BY zone_id", "fleet_ops@trips"))

    # GitHub Actions / helm
    def job(t, run, sha, label, rev):
        lines = []
        if label == "deploy":
            lines = [(0, f"Current runner version: '2.315.0'"), (0.5, "##[group]Run actions/checkout@v4"), (2.1, f"HEAD is now at {sha[:7]}"),
                     (2.4, "##[endgroup]"), (3.0, f"##[group]Run helm upgrade --install trips-api ./chart/trips-api -n trips -f chart/trips-api/values-production.yaml --set image.tag={sha} --wait --timeout 5m"),
                     (3.1, "##[endgroup]"), (121.0, 'Release "trips-api" has been upgraded. Happy Helming!'), (121.0, "NAME: trips-api"),
                     (121.0, f"LAST DEPLOYED: {(t + dt.timedelta(seconds=4)).strftime('%a %b %d %H:%M:%S %Y')}"), (121.0, "NAMESPACE: trips"), (121.0, "STATUS: deployed"),
                     (121.0, f"REVISION: {rev}"), (121.2, "Cleaning up orphan processes")]
        else:
            lines = [(0, f"Current runner version: '2.315.0'"), (2.0, f"##[group]Run helm rollback trips-api {rev} -n trips --wait --timeout 5m"), (2.1, "##[endgroup]"),
                     (110.0, "Rollback was a success! Happy Helming!"), (110.2, "Cleaning up orphan processes")]
        gh.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z ##[group]{'production' if label == 'deploy' else 'rollback'} (run {run})")
        for off, text in lines:
            w = t + dt.timedelta(seconds=off)
            gh.add(w, f"{w.strftime('%Y-%m-%dT%H:%M:%S.')}{w.microsecond:06d}{rng.randint(0, 9)}Z {text}")
    job(MORNING - dt.timedelta(seconds=6), 8812034455, morning, "deploy", 211)
    job(POOL_RELEASE - dt.timedelta(seconds=6), 8815520981, pool, "deploy", 212)
    job(ROLLBACK_1 - dt.timedelta(seconds=5), 8816102277, None, "rollback", 211)
    job(ROLLBACK_2 - dt.timedelta(seconds=5), 8816377015, None, "rollback", 210)
    return [app, tr, pg, gh], stats


def build(out_dir):
    rng = random.Random(23200)
    repo, culprit, previous, morning, pool = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, previous, morning, pool)
        onset = min(stats["bad"]).replace(microsecond=0)

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
        ends, bad = per_min(stats["end"]), per_min(stats["bad"])
        metrics = {
            "traefik_service_requests_total.json": query_range([
                ({"service": "trips-trips-api-8000@kubernetescrd", "method": "POST", "code": "200", "route": "/v1/trips/{id}/end"}, lambda t: max(0, ends(t) - bad(t))),
                ({"service": "trips-trips-api-8000@kubernetescrd", "method": "POST", "code": "500", "route": "/v1/trips/{id}/end"}, bad),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r23-trip-end-serializable", service=SERVICE, onset=onset,
            description=f"""
Drivers cannot end their trips in the Tuesday evening commute (14 April).
From {onset.strftime('%H:%M')} UTC a growing share of POST /v1/trips/{{id}}/end answers 500;
the app says "Could not end your trip" and the meter keeps running.
Support ends trips by hand. trips-api was released at 10:05 and again at
16:12 (database pool size); the on-call rolled back to the morning release
at 17:18 and to Monday's release at 17:41.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"could not serialize access due to read/write dependencies among transactions",
                        r"Reason code: Canceled on identification as a pivot"],
            fix_files=["trips/billing.py"],
            explanation=f"""
The culprit is the 13 April 17:50 commit "billing: end trips in a
serializable transaction (BILL-231)". end_trip reads the month's invoice
total, the minute bundle and the zone's occupancy and writes them back; at
SERIALIZABLE, PostgreSQL cancels one transaction of each dangerous pair of
concurrent trip ends ("could not serialize access due to read/write
dependencies among transactions", "Reason code: Canceled on
identification as a pivot", SQLSTATE 40001) and nothing retries it. At a
few trip ends a minute they never overlap; the evening commute (about 11 a
minute from 16:35) makes them overlap. It shipped in the 10:05 release
(named after the later tariff commit), failed from {onset.strftime('%H:%M')}, survived the
17:18 rollback to that release and stopped with the 17:41 rollback to
Monday's. The fix retries serialization failures (or uses READ COMMITTED
with the bundle row locked) in trips/billing.py.
Decoys: the 16:12 release that raises the pool to 16 (the closest change
to the onset, about the database) and its rollback; the same-morning
commit to the same file that logs bundle minutes on the "trip ended" line;
the psycopg bump; the Porto night tariff named by the morning release; the
runbook for ending trips by hand; a zone test; PostgreSQL's checkpoints,
autovacuum and a fleet-ops dashboard's slow query.
""",
        )
    finally:
        repo.close()
