"""binroute (Python 3.12: the nightly planner and catch-up CronJobs, a
FastAPI API; AKS in UK South, synced by Argo CD from `main`; Kingsmere City
Council's digital team in Kingsmere and a contractor in Kraków) plans and
follows the council's household waste collections: every night at 02:00 the
planner sequences each of the day's rounds (one refuse collection vehicle
or food waste van per round, the bins due that day) with VROOM (the
vroom-express server in the same namespace) and publishes the routes to
Cabtrak, the in-cab system on the trucks' tablets; the bin lifters' RFID
readers report every lift through Cabtrak's webhook; residents report
missed bins on the council website or to the contact centre, and binroute
checks each report against the lifts and the route before it books a
return visit.

Every time in a VROOM problem is in epoch seconds: `epoch(day, "hh:mm")`
builds the vehicle's shift window and the few commercial customers' time
windows (VROOM takes any integer time base, but a problem must use one).

Wednesday 28 October 2026, 10:47 UTC (half-term week): ROUTE-318 keeps the
rounds off Kingsmere's 19 School Streets during their closures (08:15-09:15
and 14:45-15:45 on term days, TRO KCC/2025/114; a resident's complaint and a
penalty charge notice in September). Its `school_street_windows()` gives a
School Street job the shift minus the closures in seconds since midnight
(`_seconds("08:15")` = 29700), and its test checks those numbers for a shift
of 06:30-14:30. The vehicle's window is still `epoch(day, shift.start)`, so
for VROOM a School Street job may only be served on 1 January 1970: it is
left unassigned. Shipped in 4.7.0 that afternoon; it does nothing until the
next term day, Monday 2 November, because `school_terms.yaml` has the half
term 26-30 October.

Friday 30 October: 4.8.0 at 13:41 (ROUTE-324, which leaves jobs on streets
closed by street works permits out of the plan; ROUTE-326, which logs every
job not routed, with its windows, the very line that fills the log; VROOM
1.14.0 -> 1.15.0 by Renovate), after Thursday's 4.7.1 (ROUTE-321, garden
waste service time, in the culprit's file) and Thursday's runbook commit
that reads jobs not routed as road closures and says to roll back after a
release and plan a catch-up. Sunday 1 November at 17:45 Owen adds a manual
closure (Harcourt Road, tree works) to the planner-closures ConfigMap,
synced at 17:52.

Monday 2 November, 02:00: the planner (4.8.0) leaves 611 jobs on eight
School Streets "unassigned by the solver" in seven rounds (and 55 on closed
streets), publishes the routes and PlannerUnassignedHigh posts to Teams.
The depot supervisor takes them for road closures. Most crews follow their
tablets past the bins; RCV 219's crew knows Albion Road and Elm Grove and
lifts them off route. Residents report from 07:30 ("bin has no stop on
today's route; return visit booked"), the contact centre from 08:30. Jess,
on call, follows the runbook: rolls back to 4.7.1 at 08:31 (the culprit
kept, VROOM 1.14.0 again) and plans a catch-up of the 611 for three spare
crews: 0 routed, 611 unassigned, and no per-job lines now. Marek reads
ROUTE-326's lines from 02:00: every job the solver left has windows like
[[23400, 29700], [33300, 52200]], next to the vehicle window
1793601000-1793629800 in the round line. Aisha recognises ROUTE-318;
ROUTE-331 builds the School Street windows with epoch(), 4.8.1 is synced at
09:56 and the catch-up plan routes all 611 for the afternoon.

Sources: planner and catch-up pods (Python logging with the pod, line
format), binroute-api (structlog JSON: Cabtrak lift webhooks, missed
collection reports, bin day look-ups), ingress-nginx access, Cabtrak's
vehicle event export (pipe separated, line format), Argo CD (logfmt),
#waste-digital (Teams export, JSON lines), the contact centre's CRM cases
(Dynamics 365 export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "binroute"
START, END = utc("2026-11-01 16:00:00"), utc("2026-11-02 16:10:00")
DAY = dt.date(2026, 11, 2)
PLAN_RUN = utc("2026-11-02 02:00:00")
CLOSURE_SYNC = utc("2026-11-01 17:52:10")
ROLLBACK = utc("2026-11-02 08:31:20")
CATCHUP1 = utc("2026-11-02 08:44:05")
FIXSYNC = utc("2026-11-02 09:56:40")
CATCHUP2 = utc("2026-11-02 10:04:30")
CULPRIT_AT = utc("2026-10-28 10:47:00")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def epoch(hhmm, day=DAY):
    h, m = map(int, hhmm.split(":"))
    return int(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=dt.timezone.utc).timestamp())


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "binroute"
version = "4.6.2"
requires-python = ">=3.12"
dependencies = [
    "fastapi==0.118.0",
    "uvicorn[standard]==0.37.0",
    "httpx==0.28.1",
    "psycopg[binary,pool]==3.2.10",
    "PyYAML==6.0.3",
    "structlog==25.4.0",
]

[project.optional-dependencies]
test = ["pytest==8.4.2", "respx==0.22.0"]
"""

INIT = '__version__ = "4.6.2"\n'

CALENDAR = '''"""The collection calendar: the alternate weeks and the streams due on a day.

Week A: recycling and food; week B: residual, food and garden (subscribers).
Bank holiday slips move a day's rounds one working day later until the
Saturday (config/bank_holidays.yaml).
"""

import datetime as dt

WEEK_A_MONDAY = dt.date(2026, 1, 5)


def week(day):
    return "A" if ((day - WEEK_A_MONDAY).days // 7) % 2 == 0 else "B"


def streams_due(day):
    if week(day) == "A":
        return ["recycling", "food"]
    return ["residual", "food", "garden"]
'''

PROBLEM = '''"""The VROOM problem for one round on one day: the round's vehicle (its
shift, tip break and payload) and one job per bin due.

Every time in the problem is in epoch seconds. VROOM takes any integer time
base, but the vehicle's shift, the commercial customers' windows and the
arrival times in the solution must share one: build them with epoch().
"""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
SERVICE_SECONDS = {"residual": 22, "recycling": 26, "food": 14, "garden": 28}
PAYLOAD_KG = {"residual": 10500, "recycling": 7200, "food": 2400, "garden": 9800}


def epoch(day, hhmm):
    """Epoch seconds of a wall-clock time on day in Kingsmere."""
    h, m = map(int, hhmm.split(":"))
    return int(dt.datetime.combine(day, dt.time(h, m), tzinfo=LONDON).timestamp())


def vehicle(round_, day):
    return {
        "id": round_.vehicle_id,
        "description": f"{round_.code} {round_.fleet_no}",
        "profile": "hgv",
        "start": round_.depot,
        "end": round_.depot,
        "capacity": [PAYLOAD_KG[round_.stream]],
        "time_window": [epoch(day, round_.shift.start), epoch(day, round_.shift.end)],
        "breaks": [{"id": 1, "time_windows": [[epoch(day, "10:00"), epoch(day, "11:30")]], "service": 1800}],
    }


def job(bin_, day):
    j = {
        "id": bin_.job_id,
        "description": f"{bin_.uprn} {bin_.stream}",
        "location": [bin_.lon, bin_.lat],
        "service": SERVICE_SECONDS[bin_.stream],
        "pickup": [bin_.expected_kg],
    }
    if bin_.window:
        start, end = bin_.window
        j["time_windows"] = [[epoch(day, start), epoch(day, end)]]
    return j


def build(round_, bins, day):
    return {
        "vehicles": [vehicle(round_, day)],
        "jobs": [job(b, day) for b in bins],
        "options": {"g": False},
    }
'''

VROOM = '''"""vroom-express (k8s/vroom.yaml), in the same namespace."""

import httpx

from binroute import settings

client = httpx.Client(base_url=settings.VROOM_URL, timeout=settings.VROOM_TIMEOUT)


class SolveError(Exception):
    pass


def solve(problem):
    resp = client.post("/", json=problem)
    body = resp.json()
    if resp.status_code != 200 or body.get("code", 0) != 0:
        raise SolveError(body.get("error", f"HTTP {resp.status_code}"))
    return body
'''

RUN = '''"""The nightly planning run (CronJob planner, 02:00 Europe/London): plans
every round due today with VROOM and publishes the routes to Cabtrak, which
the crews' tablets download from 05:45. Bins VROOM cannot place are left
"unassigned"; the depot supervisor sees them in the morning report."""

import datetime as dt
import logging
import os
import time
from zoneinfo import ZoneInfo

from binroute import __version__, calendar, store
from binroute.planner import cabtrak, problem, vroom

log = logging.getLogger("binroute.planner.run")
UNASSIGNED_ALERT = 150


def plan(day):
    log.info("binroute planner %s (git %s) planning %s %s (week %s: %s)", __version__,
             os.environ.get("GIT_SHA", "unknown")[:7], day.strftime("%A"), day.isoformat(),
             calendar.week(day), ", ".join(calendar.streams_due(day)))
    rounds = store.rounds_for(day)
    due = store.bins_due(day)
    log.info("loaded %d rounds, %d bins due", len(rounds), sum(len(b) for b in due.values()))
    routed_total = unassigned_total = 0
    for round_ in rounds:
        bins = due[round_.code]
        log.info("round %s: vehicle %s (%s), shift %s-%s, %d bins due", round_.code, round_.fleet_no,
                 round_.registration, round_.shift.start, round_.shift.end, len(bins))
        body = problem.build(round_, bins, day)
        started = time.monotonic()
        solution = vroom.solve(body)
        routed = sum(1 for route in solution["routes"] for step in route["steps"] if step["type"] == "job")
        unassigned = len(solution["unassigned"])
        window = body["vehicles"][0]["time_window"]
        log.info("round %s solved in %.1fs: %d of %d jobs routed, %d unassigned; vehicle window %d-%d, %d legs, %.1f km",
                 round_.code, time.monotonic() - started, routed, len(bins), unassigned, window[0], window[1],
                 _legs(solution), solution["summary"]["distance"] / 1000)
        cabtrak.publish(round_, day, solution)
        routed_total += routed
        unassigned_total += unassigned
    log.info("plan for %s published: %d rounds, %d jobs routed, %d unassigned", day.isoformat(), len(rounds),
             routed_total, unassigned_total)
    if unassigned_total > UNASSIGNED_ALERT:
        log.warning("%d jobs unassigned (threshold %d)", unassigned_total, UNASSIGNED_ALERT)


def _legs(solution):
    return 1 + sum(1 for route in solution["routes"] for step in route["steps"] if step["type"] == "break")


def main():
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s " + os.environ.get("HOSTNAME", "planner") + " %(name)s: %(message)s")
    day = dt.date.fromisoformat(os.environ["PLAN_DAY"]) if os.environ.get("PLAN_DAY") else dt.datetime.now(ZoneInfo("Europe/London")).date()
    plan(day)


if __name__ == "__main__":
    main()
'''

LIFTS = '''"""Cabtrak's lift webhook: every bin the lifters' RFID readers lift, in
batches per vehicle (every two minutes or 25 lifts)."""

import structlog

from binroute import store

log = structlog.get_logger("binroute.lifts.ingest")


def accept(batch):
    matched = unknown = 0
    for lift in batch["lifts"]:
        bin_ = store.bin_by_tag(lift["tag"])
        if bin_ is None:
            unknown += 1
            continue
        store.record_lift(bin_, lift, batch["vehicle"], batch["round"])
        matched += 1
    log.info("lift batch accepted", vehicle=batch["vehicle"], round=batch["round"], lifts=len(batch["lifts"]),
             matched=matched, unknown_tags=unknown)
'''

MISSED = '''"""Missed collection reports (the website's form and the contact centre's
CRM): a report is checked against the day's lifts and route before a return
visit is booked."""

import structlog

from binroute import store

log = structlog.get_logger("binroute.reports.missed")
RETURN_VISIT_ESCALATION = 25


def check(report):
    bin_ = store.bin_for(report.uprn, report.stream)
    day = store.collection_day(bin_, report.reported_at)
    lift = store.lift_on(bin_, day)
    if lift:
        return reject(report, "bin lifted at %s by %s" % (lift.at.strftime("%H:%M"), lift.vehicle))
    stop = store.route_stop(bin_, day)
    if stop is None:
        log.warning("bin has no stop on today's route; return visit booked", ref=report.ref, uprn=report.uprn,
                    round=bin_.round, stream=report.stream)
        return book_return_visit(report, bin_)
    if not stop.passed:
        return hold(report, stop)
    return book_return_visit(report, bin_)
'''

SETTINGS = '''import os

VROOM_URL = os.environ.get("VROOM_URL", "http://vroom.waste.svc.cluster.local:3000")
VROOM_TIMEOUT = float(os.environ.get("VROOM_TIMEOUT", "60"))
CABTRAK_URL = os.environ.get("CABTRAK_URL", "https://api.cabtrak.co.uk/v3")
'''

STORE = """\"\"\"binroute's PostgreSQL: rounds, bins (from the CRM's nightly export), routes
and stops, lifts, missed collection reports.\"\"\"

from binroute.db import pool
from binroute.models import Bin, Round

ROUNDS_SQL = \"\"\"
SELECT r.id, r.code, r.stream, v.id, v.fleet_no, v.registration, r.shift_start, r.shift_end, d.lon, d.lat
  FROM rounds r JOIN vehicles v ON v.id = r.vehicle_id JOIN depots d ON d.id = r.depot_id
 WHERE r.weekday = %(weekday)s AND r.stream = ANY(%(streams)s) AND r.active
 ORDER BY r.code
\"\"\"

BINS_DUE_SQL = \"\"\"
SELECT b.id, b.uprn, b.usrn, s.name, b.stream, b.lon, b.lat, b.expected_kg, b.window_start, b.window_end, b.round_code
  FROM bins b JOIN streets s ON s.usrn = b.usrn
 WHERE b.round_code = ANY(%(rounds)s) AND b.stream = ANY(%(streams)s) AND b.status = 'active'
   AND (b.stream <> 'garden' OR b.subscription_until >= %(day)s)
\"\"\"


def rounds_for(day):
    from binroute import calendar
    with pool.connection() as conn:
        rows = conn.execute(ROUNDS_SQL, {"weekday": day.isoweekday(), "streams": calendar.streams_due(day)}).fetchall()
    return [Round.from_row(row) for row in rows]


def bins_due(day):
    from binroute import calendar
    rounds = [r.code for r in rounds_for(day)]
    due = {code: [] for code in rounds}
    with pool.connection() as conn:
        for row in conn.execute(BINS_DUE_SQL, {"rounds": rounds, "streams": calendar.streams_due(day), "day": day}):
            bin_ = Bin.from_row(row)
            due[bin_.round_code].append(bin_)
    return due
"""

CABTRAK = """\"\"\"Cabtrak's routes API: one route per round and day, downloaded by the
crews' tablets from 05:45.\"\"\"

import logging

import httpx

from binroute import settings

log = logging.getLogger("binroute.planner.cabtrak")
client = httpx.Client(base_url=settings.CABTRAK_URL, timeout=30)


def publish(round_, day, solution):
    stops = [step for route in solution["routes"] for step in route["steps"] if step["type"] == "job"]
    if not stops:
        log.info("route %s not published: no stops", round_.code)
        return None
    body = {"round": round_.code, "vehicle": round_.fleet_no, "date": day.isoformat(),
            "stops": [{"job": s["id"], "eta": s["arrival"]} for s in stops]}
    resp = client.put(f"/routes/{round_.code}/{day.isoformat()}", json=body)
    resp.raise_for_status()
    plan = resp.json()["plan_id"]
    log.info("route %s published to Cabtrak: %d stops, first %s, last %s (plan %s)", round_.code, len(stops),
             _hhmm(stops[0]["arrival"]), _hhmm(stops[-1]["arrival"]), plan)
    return plan


def _hhmm(epoch_seconds):
    import datetime as dt
    from zoneinfo import ZoneInfo
    return dt.datetime.fromtimestamp(epoch_seconds, ZoneInfo("Europe/London")).strftime("%H:%M")
"""

CATCHUP = """\"\"\"Catch-up rounds (CronJob planner-catchup, suspended; started by hand):
the bins the day's plan did not route, or a broken-down truck did not lift,
planned onto the spare vehicles for the afternoon.\"\"\"

import datetime as dt
import logging
import os

from binroute import __version__, store
from binroute.planner import cabtrak, problem, vroom

log = logging.getLogger("binroute.planner.catchup")


def main():
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s " + os.environ.get("HOSTNAME", "catchup") + " %(name)s: %(message)s")
    day = dt.date.fromisoformat(os.environ["PLAN_DAY"])
    log.info("binroute catch-up %s (git %s) planning %s: not-routed bins of the 02:00 plan, road closures excluded",
             __version__, os.environ.get("GIT_SHA", "unknown")[:7], day.isoformat())
    rounds, bins = store.catchup_rounds(day, os.environ["VEHICLES"].split(","), os.environ["SHIFT"])
    routed = 0
    for round_ in rounds:
        body = problem.build(round_, bins[round_.code], day)
        solution = vroom.solve(body)
        routed += len([s for r in solution["routes"] for s in r["steps"] if s["type"] == "job"])
        cabtrak.publish(round_, day, solution)
    log.info("catch-up for %s published: %d jobs routed, %d unassigned", day.isoformat(), routed,
             sum(len(b) for b in bins.values()) - routed)


if __name__ == "__main__":
    main()
"""

CRON_CATCHUP = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: planner-catchup
spec:
  schedule: "0 0 1 1 *"
  suspend: true          # a template: kubectl create job --from=cronjob/planner-catchup
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          serviceAccountName: binroute
          containers:
            - name: catchup
              image: kingsmere.azurecr.io/waste/binroute
              command: ["python", "-m", "binroute.planner.catchup"]
              envFrom:
                - secretRef:
                    name: binroute-db
                - secretRef:
                    name: cabtrak-api
                - configMapRef:
                    name: planner-catchup
"""

CRON_BINS = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: bins-sync
spec:
  schedule: "30 0 * * *"
  timeZone: "Europe/London"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          serviceAccountName: binroute
          containers:
            - name: sync
              image: kingsmere.azurecr.io/waste/binroute
              command: ["python", "-m", "binroute.bins.sync"]
              envFrom:
                - secretRef:
                    name: binroute-db
                - secretRef:
                    name: crm-export
"""

CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: planner
spec:
  schedule: "0 2 * * 1-6"
  timeZone: "Europe/London"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        spec:
          restartPolicy: Never
          serviceAccountName: binroute
          containers:
            - name: planner
              image: kingsmere.azurecr.io/waste/binroute
              command: ["python", "-m", "binroute.planner.run"]
              envFrom:
                - secretRef:
                    name: binroute-db
                - secretRef:
                    name: cabtrak-api
"""

VROOM_YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: vroom
spec:
  replicas: 1
  selector:
    matchLabels:
      app: vroom
  template:
    metadata:
      labels:
        app: vroom
    spec:
      containers:
        - name: vroom
          image: ghcr.io/vroom-project/vroom-docker:v1.14.0
          env:
            - name: VROOM_ROUTER
              value: osrm
          ports:
            - containerPort: 3000
          volumeMounts:
            - name: conf
              mountPath: /conf
      volumes:
        - name: conf
          configMap:
            name: vroom-conf
"""

API_YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: binroute-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: binroute-api
  template:
    metadata:
      labels:
        app: binroute-api
    spec:
      serviceAccountName: binroute
      containers:
        - name: api
          image: kingsmere.azurecr.io/waste/binroute
          command: ["uvicorn", "binroute.api.app:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log"]
          ports:
            - containerPort: 8000
          envFrom:
            - secretRef:
                name: binroute-db
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: waste
resources:
  - deployment-api.yaml
  - cronjob-planner.yaml
  - cronjob-planner-catchup.yaml
  - cronjob-bins-sync.yaml
  - vroom.yaml
images:
  - name: kingsmere.azurecr.io/waste/binroute
    newTag: "4.6.2"
"""

README = """# binroute

Kingsmere City Council's household waste collection planning:

- `binroute.planner`: the nightly planner (02:00) sequences every round due
  today with VROOM and publishes the routes to Cabtrak, the crews' in-cab
  tablets; `binroute.planner.catchup` plans extra rounds for bins left over.
- `binroute.lifts`: Cabtrak's webhook with the lifters' RFID lifts.
- `binroute.reports`: missed collection reports from the website and the
  contact centre's CRM, checked against lifts and routes.

## Deploying

Merges to `main` are built by CI; a release commit sets the image tag in
`k8s/kustomization.yaml` and Argo CD (`binroute-prod`) syncs it.
"""

RUNBOOK = """# binroute runbook

Owner: Kingsmere Digital, waste product team (#waste-digital).

## Planner did not publish

The crews' tablets download routes from 05:45. If the 02:00 planner failed,
re-run it (`kubectl -n waste create job --from=cronjob/planner planner-manual`)
and tell the depot; Cabtrak keeps last week's route for the round otherwise.
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pip install .[test]
      - run: pytest -q
  image:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: docker build --build-arg GIT_SHA=${{ github.sha }} -t kingsmere.azurecr.io/waste/binroute:${{ github.sha }} .
"""

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY . .
ARG GIT_SHA=unknown
ENV GIT_SHA=$GIT_SHA PYTHONUNBUFFERED=1 TZ=Europe/London
"""

TEST_PROBLEM = '''import datetime as dt
from types import SimpleNamespace

from binroute.planner import problem

DAY = dt.date(2026, 10, 19)
ROUND = SimpleNamespace(vehicle_id=1, code="MON-R01", fleet_no="RCV 211", stream="residual", depot=[-1.4721, 52.6198],
                        shift=SimpleNamespace(start="06:30", end="14:30"))


def bin_(job_id, window=None):
    return SimpleNamespace(job_id=job_id, uprn=f"1000{job_id:08d}", stream="residual", lon=-1.47, lat=52.62,
                           expected_kg=9, window=window)


def test_vehicle_window_is_the_shift():
    body = problem.build(ROUND, [bin_(1)], DAY)
    assert body["vehicles"][0]["time_window"] == [problem.epoch(DAY, "06:30"), problem.epoch(DAY, "14:30")]


def test_commercial_window_in_the_same_time_base():
    body = problem.build(ROUND, [bin_(2, window=("07:00", "09:00"))], DAY)
    start, end = body["jobs"][0]["time_windows"][0]
    assert body["vehicles"][0]["time_window"][0] <= start < end <= body["vehicles"][0]["time_window"][1]
'''

SCHOOL_STREETS_YAML = """# Kingsmere School Streets (TRO KCC/2025/114): closed to motor vehicles
# outside the schools at drop-off and pick-up on term days. Refuse
# collection vehicles are not exempt. usrn: the street's USRN in the LLPG.
default_closed: ["08:15-09:15", "14:45-15:45"]
streets:
  - {usrn: 26400112, name: Albion Road, school: Albion Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400187, name: Elm Grove, school: Albion Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400233, name: Fernlea Avenue, school: Fernlea Infant and Junior, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400241, name: Chapel Lane, school: Fernlea Infant and Junior, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400318, name: St Mark's Close, school: St Mark's CE Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400326, name: Priory Walk, school: St Mark's CE Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400402, name: Cedar Drive, school: Oakfield Academy, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400419, name: Wellington Street, school: Oakfield Academy, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400455, name: Beech Road, school: Hollybank Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400460, name: Hollybank Lane, school: Hollybank Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400511, name: Rowan Crescent, school: Kingsmere Park Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400538, name: Park View, school: Kingsmere Park Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400604, name: Mayfield Road, school: Mayfield Juniors, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400622, name: Orchard Way, school: Mayfield Juniors, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400707, name: Trinity Street, school: Holy Trinity RC Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400745, name: Abbey Lane, school: Holy Trinity RC Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400803, name: Linden Avenue, school: Linden Green Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400826, name: Green Lane, school: Linden Green Primary, closed: ["08:15-09:15", "14:45-15:45"]}
  - {usrn: 26400904, name: Woodside Road, school: Woodside Academy, closed: ["08:15-09:15", "14:45-15:45"]}
"""

SCHOOL_TERMS_YAML = """# Kingsmere community schools' term dates, 2026-27 (Education, published
# March 2026). Academies follow them for School Streets purposes.
terms:
  - {name: Autumn 2026, start: 2026-09-02, end: 2026-12-18, breaks: [{name: half term, start: 2026-10-26, end: 2026-10-30}]}
  - {name: Spring 2027, start: 2027-01-05, end: 2027-03-26, breaks: [{name: half term, start: 2027-02-15, end: 2027-02-19}]}
  - {name: Summer 2027, start: 2027-04-12, end: 2027-07-21, breaks: [{name: half term, start: 2027-05-31, end: 2027-06-04}]}
"""

SCHOOL_STREETS_PY = '''"""Kingsmere's School Streets (TRO KCC/2025/114): closed to motor traffic
outside schools at drop-off and pick-up on term days. Refuse collection
vehicles are not exempt, so the planner keeps rounds off them then."""

import logging
from pathlib import Path

import yaml

log = logging.getLogger("binroute.planner.school_streets")
CONFIG = Path(__file__).resolve().parents[2] / "config"


def _load(name):
    return yaml.safe_load((CONFIG / name).read_text())


def is_term_day(day, terms):
    if day.weekday() >= 5:
        return False
    for term in terms["terms"]:
        if term["start"] <= day <= term["end"]:
            return not any(b["start"] <= day <= b["end"] for b in term.get("breaks", []))
    return False


def closures_for(day):
    """usrn -> [("08:15", "09:15"), ...] for the School Streets closed on day."""
    streets, terms = _load("school_streets.yaml"), _load("school_terms.yaml")
    if not is_term_day(day, terms):
        log.info("no school street closures on %s (not a term day)", day.isoformat())
        return {}
    closed = {s["usrn"]: [tuple(w.split("-")) for w in s["closed"]] for s in streets["streets"]}
    log.info("school street closures apply on %s: %d streets, %s (term day)", day.isoformat(), len(closed),
             " and ".join(streets["default_closed"]))
    return closed
'''

TEST_SCHOOL = '''import datetime as dt
from types import SimpleNamespace

from binroute.planner import problem, school_streets

SHIFT = SimpleNamespace(start="06:30", end="14:30")
CLOSED = [("08:15", "09:15"), ("14:45", "15:45")]


def test_windows_are_the_shift_minus_the_closures():
    assert problem.school_street_windows(CLOSED, SHIFT) == [[23400, 29700], [33300, 52200]]


def test_closure_at_the_start_of_the_shift():
    early = SimpleNamespace(start="08:30", end="14:30")
    assert problem.school_street_windows(CLOSED, early) == [[33300, 52200]]


def test_half_term_is_not_a_term_day():
    terms = school_streets._load("school_terms.yaml")
    assert not school_streets.is_term_day(dt.date(2026, 10, 28), terms)
    assert school_streets.is_term_day(dt.date(2026, 11, 2), terms)
'''


def build_repo():
    repo = Repo()
    owen = Person("Owen Pritchard", "owen.pritchard@kingsmere.gov.uk", 0)
    aisha = Person("Aisha Rahman", "aisha.rahman@kingsmere.gov.uk", 0)
    jess = Person("Jess Townsend", "jess.townsend@kingsmere.gov.uk", 0)
    marek = Person("Marek Zieliński", "marek.zielinski@kingsmere.gov.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    pr, rn = "binroute/planner/problem.py", "binroute/planner/run.py"
    repo.commit(utc("2026-10-21 09:14:00"), owen, "binroute: planner, Cabtrak lift webhook and missed collection checks", {
        "pyproject.toml": PYPROJECT,
        "binroute/__init__.py": INIT,
        "binroute/settings.py": SETTINGS,
        "binroute/calendar.py": CALENDAR,
        "binroute/planner/__init__.py": "",
        "binroute/planner/problem.py": PROBLEM,
        "binroute/planner/vroom.py": VROOM,
        "binroute/planner/run.py": RUN,
        "binroute/planner/cabtrak.py": CABTRAK,
        "binroute/planner/catchup.py": CATCHUP,
        "binroute/store.py": STORE,
        "binroute/lifts/__init__.py": "",
        "binroute/lifts/ingest.py": LIFTS,
        "binroute/reports/__init__.py": "",
        "binroute/reports/missed.py": MISSED,
        "tests/__init__.py": "",
        "tests/test_problem.py": TEST_PROBLEM,
        "k8s/cronjob-planner.yaml": CRONJOB,
        "k8s/cronjob-planner-catchup.yaml": CRON_CATCHUP,
        "k8s/cronjob-bins-sync.yaml": CRON_BINS,
        "k8s/deployment-api.yaml": API_YAML,
        "k8s/vroom.yaml": VROOM_YAML,
        "k8s/kustomization.yaml": KUSTOMIZATION,
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 4.6.2\n\n- Catch-up plans skip bins lifted since the plan.\n",
    })
    rng = random.Random(87011)
    repo.schedule(chores(rng, SERVICE, [jess, marek], utc("2026-10-21 11:00:00"), utc("2026-10-27 16:00:00"), 3))
    repo.commit(utc("2026-10-22 10:31:00"), bot, "fix(deps): update dependency fastapi to v0.118.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"fastapi==0.118.0"', '"fastapi==0.118.2"'),
    })
    repo.commit(utc("2026-10-26 13:52:00"), marek, "lifts: count lifts of bins that are not on the round's route (LIFT-88)\n\nCrews lift bins they know are due even when the tablet does not list\nthem (a new property, a moved bin); count them per batch so the depot\nsees them.", {
        "binroute/lifts/ingest.py": sub(repo.files["binroute/lifts/ingest.py"],
                                        "    matched = unknown = 0\n", "    matched = unknown = off_route = 0\n",
                                        "        store.record_lift(bin_, lift, batch[\"vehicle\"], batch[\"round\"])\n",
                                        "        store.record_lift(bin_, lift, batch[\"vehicle\"], batch[\"round\"])\n        if not store.on_route(bin_, batch[\"round\"], lift[\"at\"]):\n            off_route += 1\n",
                                        "             matched=matched, unknown_tags=unknown)\n", "             matched=matched, unknown_tags=unknown, off_route=off_route)\n"),
    })
    culprit = repo.commit(CULPRIT_AT, aisha, "planner: keep rounds off School Streets while they are closed (ROUTE-318)\n\nRefuse trucks are not exempt from the School Streets TRO (KCC/2025/114):\nthe streets are closed 08:15-09:15 and 14:45-15:45 on term days, and in\nSeptember RCV 225 got a PCN on Cedar Drive and Fernlea Avenue's residents\ncomplained about a truck in the drop-off. Give a School Street's jobs the\nshift minus the closures as time windows on term days (school terms from\nEducation's published dates), so VROOM serves them outside the closures.", {
        pr: sub(repo.files[pr],
                "def job(bin_, day):\n",
                "def school_street_windows(closed, shift):\n    \"\"\"When a truck may be on a School Street during the shift: the shift\n    minus the street's closures, as [start, end] pairs.\"\"\"\n    windows, start, end = [], _seconds(shift.start), _seconds(shift.end)\n    for a, b in sorted(closed):\n        a, b = _seconds(a), _seconds(b)\n        if a >= end:\n            break\n        if a > start:\n            windows.append([start, a])\n        start = max(start, b)\n    if start < end:\n        windows.append([start, end])\n    return windows\n\n\ndef _seconds(hhmm):\n    h, m = map(int, hhmm.split(\":\"))\n    return h * 3600 + m * 60\n\n\ndef job(bin_, day, shift=None, closures=None):\n",
                "        j[\"time_windows\"] = [[epoch(day, start), epoch(day, end)]]\n    return j\n",
                "        j[\"time_windows\"] = [[epoch(day, start), epoch(day, end)]]\n    if closures and bin_.usrn in closures:\n        j[\"time_windows\"] = school_street_windows(closures[bin_.usrn], shift)\n    return j\n",
                "def build(round_, bins, day):\n    return {\n        \"vehicles\": [vehicle(round_, day)],\n        \"jobs\": [job(b, day) for b in bins],\n",
                "def build(round_, bins, day, closures=None):\n    return {\n        \"vehicles\": [vehicle(round_, day)],\n        \"jobs\": [job(b, day, round_.shift, closures) for b in bins],\n"),
        rn: sub(repo.files[rn],
                "from binroute.planner import cabtrak, problem, vroom\n", "from binroute.planner import cabtrak, problem, school_streets, vroom\n",
                "    due = store.bins_due(day)\n", "    due = store.bins_due(day)\n    closures = school_streets.closures_for(day)\n",
                "        body = problem.build(round_, bins, day)\n", "        body = problem.build(round_, bins, day, closures)\n"),
        "binroute/planner/school_streets.py": SCHOOL_STREETS_PY,
        "config/school_streets.yaml": SCHOOL_STREETS_YAML,
        "config/school_terms.yaml": SCHOOL_TERMS_YAML,
        "tests/test_school_streets.py": TEST_SCHOOL,
    })
    rel_470 = repo.commit(utc("2026-10-28 14:05:00"), owen, "release 4.7.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.6.2"', 'version = "4.7.0"'),
        "binroute/__init__.py": '__version__ = "4.7.0"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.6.2"', 'newTag: "4.7.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.7.0\n\n- Rounds kept off School Streets during their closures on term days (ROUTE-318).\n- Off-route lifts counted per batch (LIFT-88).\n", 1),
    })
    repo.commit(utc("2026-10-29 10:26:00"), aisha, "planner: garden waste service time 28 s -> 34 s (ROUTE-321)\n\nThe crews' timing study in October: garden bins are heavier in the autumn\nand often need two lifts; 28 s made the garden rounds' plans finish 40\nminutes before the crews did.", {
        pr: repo.edit(pr, '"garden": 28}', '"garden": 34}'),
    })
    rel_471 = repo.commit(utc("2026-10-29 13:12:00"), owen, "release 4.7.1", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.7.0"', 'version = "4.7.1"'),
        "binroute/__init__.py": '__version__ = "4.7.1"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.7.0"', 'newTag: "4.7.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.7.1\n\n- Garden waste service time 34 s (ROUTE-321).\n", 1),
    })
    repo.commit(utc("2026-10-29 16:18:00"), jess, "runbook: jobs not routed by the planner", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## PlannerUnassignedHigh (jobs not routed)

More than 150 bins due today are on no route. Almost always these are
streets closed for road works or events: the bins cannot be reached and the
crews collect them on the next catch-up (from 4.8.0 the planner reads the
street works permits itself and logs each job it leaves out). Check the
closures with Highways and tell the depot which streets to expect reports
from.

If the numbers jump after a release, roll back in Argo CD (`binroute-prod`,
History and Rollback) and plan a catch-up for the bins left over for the
afternoon's spare crews:

    kubectl -n waste create job --from=cronjob/planner-catchup catchup-<mmdd>

Missed collection reports for bins with no stop are booked as return
visits automatically.
""",
    })
    repo.commit(utc("2026-10-30 09:12:00"), bot, "chore(deps): update ghcr.io/vroom-project/vroom-docker docker tag to v1.15.0", {
        "k8s/vroom.yaml": repo.edit("k8s/vroom.yaml", "vroom-docker:v1.14.0", "vroom-docker:v1.15.0"),
    })
    repo.commit(utc("2026-10-30 10:38:00"), marek, "planner: leave jobs on streets closed by street works out of the plan (ROUTE-324)\n\nHighways' Street Manager permits with a road closure on a collection\nstreet made VROOM route the truck into the closure and the crews rang the\ndepot. Read the day's closures (the streetworks-sync CronJob at 23:30 and\nthe manual closures in the planner-closures ConfigMap) and leave those\njobs out; they go to the catch-up.", {
        "binroute/planner/streetworks.py": '''"""Road closures on collection streets: Highways' Street Manager permits
(synced nightly by the streetworks-sync CronJob) and manual closures from
the planner-closures ConfigMap (events, tree works)."""

import logging

import yaml

from binroute import store

log = logging.getLogger("binroute.planner.streetworks")
MANUAL = "/etc/binroute/closures/manual_closures.yaml"


def closed_streets(day):
    permits = store.permits_with_closures(day)
    manual = [c for c in (yaml.safe_load(open(MANUAL)) or {}).get("closures", []) if c["date"] == day]
    streets = {p.usrn: f"permit {p.reference}" for p in permits}
    streets.update({c["usrn"]: f"manual: {c['reason']}" for c in manual})
    log.info("streetworks: %d permits with road closures on %s, %d on collection streets; manual closures: %d",
             len(permits), day.isoformat(), sum(1 for p in permits if p.collection_street), len(manual))
    return streets
''',
        rn: sub(repo.files[rn],
                "from binroute.planner import cabtrak, problem, school_streets, vroom\n",
                "from binroute.planner import cabtrak, problem, school_streets, streetworks, vroom\n",
                "    closures = school_streets.closures_for(day)\n",
                "    closures = school_streets.closures_for(day)\n    closed = streetworks.closed_streets(day)\n",
                "        bins = due[round_.code]\n",
                "        bins = [b for b in due[round_.code] if b.usrn not in closed]\n        left_out = [b for b in due[round_.code] if b.usrn in closed]\n",
                "    routed_total = unassigned_total = 0\n", "    routed_total = unassigned_total = closed_total = 0\n",
                "        unassigned_total += unassigned\n", "        unassigned_total += unassigned\n        closed_total += len(left_out)\n",
                "    log.info(\"plan for %s published: %d rounds, %d jobs routed, %d unassigned\", day.isoformat(), len(rounds),\n             routed_total, unassigned_total)\n    if unassigned_total > UNASSIGNED_ALERT:\n        log.warning(\"%d jobs unassigned (threshold %d)\", unassigned_total, UNASSIGNED_ALERT)\n",
                "    log.info(\"plan for %s published: %d rounds, %d jobs routed, %d not routed (%d unassigned by the solver, %d on closed streets)\",\n             day.isoformat(), len(rounds), routed_total, unassigned_total + closed_total, unassigned_total, closed_total)\n    if unassigned_total + closed_total > UNASSIGNED_ALERT:\n        log.warning(\"%d jobs not routed (threshold %d)\", unassigned_total + closed_total, UNASSIGNED_ALERT)\n"),
        "k8s/planner-closures.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: planner-closures\ndata:\n  manual_closures.yaml: |\n    # Closures Street Manager does not know about: events, tree works.\n    closures: []\n",
        "k8s/cronjob-planner.yaml": sub(repo.files["k8s/cronjob-planner.yaml"],
                                        "                - secretRef:\n                    name: cabtrak-api\n",
                                        "                - secretRef:\n                    name: cabtrak-api\n              volumeMounts:\n                - name: closures\n                  mountPath: /etc/binroute/closures\n          volumes:\n            - name: closures\n              configMap:\n                name: planner-closures\n"),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", "  - vroom.yaml\n", "  - vroom.yaml\n  - planner-closures.yaml\n  - cronjob-streetworks-sync.yaml\n"),
        "k8s/cronjob-streetworks-sync.yaml": CRON_BINS.replace("bins-sync", "streetworks-sync").replace('"30 0 * * *"', '"30 23 * * *"').replace("binroute.bins.sync", "binroute.planner.streetworks_sync").replace("crm-export", "street-manager-api"),
    })
    repo.commit(utc("2026-10-30 11:55:00"), marek, "planner: log every job that is not routed, with its round, street and windows (ROUTE-326)\n\nThe depot supervisors asked which bins the morning report's \"unassigned\"\nare; the count alone sent them to the database.", {
        rn: sub(repo.files[rn],
                "        cabtrak.publish(round_, day, solution)\n",
                "        jobs = {j[\"id\"]: j for j in body[\"jobs\"]}\n        for u in solution[\"unassigned\"]:\n            b, j = store.bin_for_job(u[\"id\"]), jobs[u[\"id\"]]\n            log.warning(\"job not routed: uprn=%s round=%s street=%r stream=%s, unassigned by the solver; time_windows=%s\",\n                        b.uprn, round_.code, b.street, b.stream, j.get(\"time_windows\", \"-\"))\n        for b in left_out:\n            log.warning(\"job not routed: uprn=%s round=%s street=%r stream=%s, street closed (%s)\",\n                        b.uprn, round_.code, b.street, b.stream, closed[b.usrn])\n        cabtrak.publish(round_, day, solution)\n"),
    })
    rel_480 = repo.commit(utc("2026-10-30 13:30:00"), owen, "release 4.8.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.7.1"', 'version = "4.8.0"'),
        "binroute/__init__.py": '__version__ = "4.8.0"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.7.1"', 'newTag: "4.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.8.0\n\n- Jobs on streets closed by street works permits or manual closures left out of the plan (ROUTE-324).\n- Every job not routed is logged with its round, street and windows (ROUTE-326).\n- VROOM 1.15.0.\n", 1),
    })
    repo.commit(utc("2026-11-01 04:10:00"), bot, "fix(deps): update dependency structlog to v25.5.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"structlog==25.4.0"', '"structlog==25.5.0"'),
    })
    closure_cfg = repo.commit(utc("2026-11-01 17:45:00"), owen, "planner-closures: Harcourt Road closed Monday 2 November for tree works (HW-88213)", {
        "k8s/planner-closures.yaml": repo.edit("k8s/planner-closures.yaml", "    closures: []\n",
                                               "    closures:\n      - {usrn: 26402217, street: Harcourt Road, date: 2026-11-02, reason: \"tree works, Highways HW-88213\"}\n"),
    })
    fix = repo.commit(utc("2026-11-02 09:36:00"), aisha, "planner: School Street windows in epoch seconds like every other window (ROUTE-331)\n\nROUTE-318 built a School Street job's windows in seconds since midnight\n([[23400, 29700], [33300, 52200]]) while the vehicle's window is epoch\nseconds, so VROOM could place none of them: on 2 November, the first term\nday since 4.7.0, 611 jobs on eight School Streets were unassigned. Build\nthem with epoch() and test them against the vehicle's window.", {
        pr: sub(repo.files[pr],
                "def school_street_windows(closed, shift):\n    \"\"\"When a truck may be on a School Street during the shift: the shift\n    minus the street's closures, as [start, end] pairs.\"\"\"\n    windows, start, end = [], _seconds(shift.start), _seconds(shift.end)\n    for a, b in sorted(closed):\n        a, b = _seconds(a), _seconds(b)\n",
                "def school_street_windows(closed, day, shift):\n    \"\"\"When a truck may be on a School Street during the shift: the shift\n    minus the street's closures, as [start, end] pairs in epoch seconds,\n    like the vehicle's window.\"\"\"\n    windows, start, end = [], epoch(day, shift.start), epoch(day, shift.end)\n    for a, b in sorted(closed):\n        a, b = epoch(day, a), epoch(day, b)\n",
                "def _seconds(hhmm):\n    h, m = map(int, hhmm.split(\":\"))\n    return h * 3600 + m * 60\n\n\n", "",
                "        j[\"time_windows\"] = school_street_windows(closures[bin_.usrn], shift)\n",
                "        j[\"time_windows\"] = school_street_windows(closures[bin_.usrn], day, shift)\n"),
        "tests/test_school_streets.py": sub(repo.files["tests/test_school_streets.py"],
                                           "SHIFT = SimpleNamespace(start=\"06:30\", end=\"14:30\")\n",
                                           "SHIFT = SimpleNamespace(start=\"06:30\", end=\"14:30\")\nDAY = dt.date(2026, 11, 2)\n",
                                           "    assert problem.school_street_windows(CLOSED, SHIFT) == [[23400, 29700], [33300, 52200]]\n",
                                           "    windows = problem.school_street_windows(CLOSED, DAY, SHIFT)\n    assert windows == [[problem.epoch(DAY, \"06:30\"), problem.epoch(DAY, \"08:15\")],\n                       [problem.epoch(DAY, \"09:15\"), problem.epoch(DAY, \"14:30\")]]\n\n\ndef test_windows_inside_the_vehicle_window():\n    round_ = SimpleNamespace(vehicle_id=1, code=\"MON-R04\", fleet_no=\"RCV 219\", stream=\"residual\", depot=[-1.47, 52.62], shift=SHIFT)\n    vehicle = problem.vehicle(round_, DAY)[\"time_window\"]\n    for start, end in problem.school_street_windows(CLOSED, DAY, SHIFT):\n        assert vehicle[0] <= start < end <= vehicle[1]\n",
                                           "    assert problem.school_street_windows(CLOSED, early) == [[33300, 52200]]\n",
                                           "    assert problem.school_street_windows(CLOSED, DAY, early) == [[problem.epoch(DAY, \"09:15\"), problem.epoch(DAY, \"14:30\")]]\n"),
    })
    rel_481 = repo.commit(utc("2026-11-02 09:44:00"), owen, "release 4.8.1", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.8.0"', 'version = "4.8.1"'),
        "binroute/__init__.py": '__version__ = "4.8.1"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.8.0"', 'newTag: "4.8.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.8.1\n\n- School Street windows in epoch seconds (ROUTE-331).\n- structlog 25.5.0.\n", 1),
    })
    return repo, {"culprit": culprit, "rel_470": rel_470, "rel_471": rel_471, "rel_480": rel_480,
                  "closure_cfg": closure_cfg, "fix": fix, "rel_481": rel_481}


# ---------------------------------------------------------------------------
# the day

# code, stream, fleet no, registration, bins due, [(school street, bins)], [(closed street, bins, why)]
ROUNDS = [
    ("MON-R01", "residual", "RCV 211", "KX70 HFD", 1322, [], [("Station Road", 23, "permit KM-STW-2610-0418")]),
    ("MON-R02", "residual", "RCV 214", "KX70 HGA", 1287, [("Fernlea Avenue", 52), ("Chapel Lane", 32)], []),
    ("MON-R03", "residual", "RCV 216", "KX71 RWE", 1354, [], []),
    ("MON-R04", "residual", "RCV 219", "KX71 RWK", 1385, [("Albion Road", 96), ("Elm Grove", 71)], []),
    ("MON-R05", "residual", "RCV 220", "KX71 RXA", 1301, [("St Mark's Close", 44), ("Priory Walk", 77)], []),
    ("MON-R06", "residual", "RCV 223", "KY72 BNF", 1276, [], [("Mill Lane", 14, "permit KM-STW-2610-0433")]),
    ("MON-R07", "residual", "RCV 225", "KY72 BNL", 1340, [("Cedar Drive", 58), ("Wellington Street", 40)], []),
    ("MON-R08", "residual", "RCV 226", "KY72 BNO", 1298, [], [("Harcourt Road", 18, "manual: tree works, Highways HW-88213")]),
    ("MON-F01", "food", "FV 312", "KX21 FWD", 912, [], []),
    ("MON-F02", "food", "FV 314", "KX21 FWG", 887, [("Fernlea Avenue", 38), ("Chapel Lane", 25)], []),
    ("MON-F03", "food", "FV 315", "KX21 FWH", 934, [("Priory Walk", 52)], []),
    ("MON-F04", "food", "FV 318", "KY23 KFA", 901, [], []),
    ("MON-F05", "food", "FV 319", "KY23 KFC", 868, [], []),
    ("MON-G01", "garden", "RCV 231", "KX19 GDN", 642, [("Albion Road", 14), ("Elm Grove", 12)], []),
    ("MON-G02", "garden", "RCV 232", "KX19 GDP", 688, [], []),
    ("MON-G03", "garden", "RCV 233", "KX19 GDR", 655, [], []),
]
OFF_ROUTE_CREWS = {"MON-R04"}          # RCV 219's crew lifts Albion Road and Elm Grove anyway
USRN = {"Albion Road": 26400112, "Elm Grove": 26400187, "Fernlea Avenue": 26400233, "Chapel Lane": 26400241,
        "St Mark's Close": 26400318, "Priory Walk": 26400326, "Cedar Drive": 26400402, "Wellington Street": 26400419}
OTHER_STREETS = [
    "Ashby Road", "Beaconsfield Road", "Birch Avenue", "Bramley Close", "Briar Walk", "Brook Street", "Burns Road",
    "Byron Avenue", "Campion Way", "Carlton Road", "Castle Street", "Chaucer Road", "Church Lane", "Clarence Street",
    "Coleridge Close", "Coronation Avenue", "Cromwell Road", "Dale View", "Derwent Road", "Dovedale Avenue",
    "Dryden Road", "Eastfield Road", "Edinburgh Drive", "Fairfield Road", "Foxglove Close", "Gladstone Street",
    "Glebe Road", "Grange Avenue", "Grasmere Road", "Grove Road", "Hawthorn Avenue", "Heather Close", "High Street",
    "Holly Road", "Kestrel Close", "King Street", "Laburnum Grove", "Lansdowne Road", "Larch Close", "Lime Street",
    "Lytton Road", "Manor Road", "Maple Avenue", "Marlborough Road", "Meadow Way", "Milton Street", "Moorland Road",
    "Nelson Street", "Newton Road", "Northgate", "Oak Street", "Osborne Road", "Oxford Street", "Paddock Close",
    "Palmerston Road", "Pembroke Road", "Pine Close", "Portland Street", "Queen Street", "Queensway", "Raglan Road",
    "Regent Street", "Richmond Road", "Ridgeway", "Rosebery Avenue", "Rydal Close", "Salisbury Road", "Sandringham Road",
    "School Lane", "Selby Street", "Shelley Road", "Sherwood Avenue", "Somerset Road", "Spencer Street", "Spring Gardens",
    "Stanley Road", "Sycamore Road", "Tennyson Avenue", "Thornfield Road", "Tudor Close", "Union Street",
    "Vicarage Lane", "Victoria Road", "Walnut Close", "Warwick Road", "Waterloo Road", "Westfield Road",
    "Whitby Avenue", "Willow Road", "Windermere Road", "Windsor Avenue", "Wordsworth Road", "York Road",
]
TIPS = {"residual": "Castlegate ERF", "food": "Hollins Farm AD", "garden": "Brookside Composting"}
RATE = {"residual": 3.55, "food": 4.6, "garden": 2.05}    # lifts per minute
KG = {"residual": (7, 16), "food": (1, 5), "garden": (9, 26)}
CATCHUP_VEHICLES = [("CATCHUP-1102-A", "RCV 228", "KY73 CXA", "residual"), ("CATCHUP-1102-B", "RCV 229", "KY73 CXB", "residual"),
                    ("CATCHUP-1102-C", "RCV 230", "KY73 CXD", "garden"), ("CATCHUP-1102-D", "FV 320", "KY23 KFD", "food")]


def uprn(rng):
    return f"1000{rng.randint(10000000, 99999999)}"


def make_streets(rng, code, n, school, closed):
    """The round's streets in the order the crews work them, (street, bins, kind)."""
    rest = n - sum(b for _, b in school) - sum(b for _, b, _ in closed)
    names = rng.sample(OTHER_STREETS, rng.randint(24, 34))
    sizes = [rng.randint(10, 90) for _ in names]
    scale = rest / sum(sizes)
    sizes = [max(4, int(s * scale)) for s in sizes]
    sizes[-1] += rest - sum(sizes)
    streets = [(name, size, "plain") for name, size in zip(names, sizes)]
    for k, (name, bins) in enumerate(school):
        # RCV 219's crew works Albion Road and Elm Grove first, before the schools open
        at_ = 1 + k if code in OFF_ROUTE_CREWS else rng.randint(2, len(streets) - 3)
        streets.insert(at_, (name, bins, "school"))
    for name, bins, why in closed:
        streets.insert(rng.randint(2, len(streets) - 3), (name, bins, "closed:" + why))
    return streets


def build_logs(rng, shas):
    planner = Log("planner.log")
    api = Log("binroute-api.log")
    ingress = Log("ingress-nginx.log")
    cab = Log("cabtrak-events.log")
    argo = Log("argocd-binroute.log")
    teams = Log("teams-waste-digital.log")
    crm = Log("crm-cases.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    def plog(x, level, pod, logger, msg):
        t = at(x)
        planner.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} {pod} {logger}: {msg}")

    def alog(x, level, logger, event, **kv):
        t = at(x)
        body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level,
                "logger": logger, "event": event}
        body.update(kv)
        api.add(t, json.dumps(body, ensure_ascii=False))

    def cablog(x, vehicle, round_, event, msg):
        t = at(x)
        cab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')}|{vehicle}|{round_}|{event}|{msg}")

    def ing(x, client, method, path, status, size, rt, ua, upstream="waste-binroute-api-8000"):
        t = at(x)
        up = "-" if status == 499 else f"10.244.{rng.randint(1, 6)}.{rng.randint(2, 250)}:8000"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(300, 1400)} {rt:.3f} [{upstream}] [] {up} {size} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    def public_ip():
        return f"{rng.choice([31, 51, 81, 86, 90, 92, 109, 148, 176, 188, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    browsers = ["Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 16; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 15_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Safari/605.1.15",
                "Mozilla/5.0 (Linux; Android 15; SM-A556B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36"]

    # --- the rounds: streets, the plan, and the day's lifts ------------------
    rounds = []
    for code, stream, fleet, reg, n, school, closed in ROUNDS:
        streets = make_streets(rng, code, n, school, closed)
        rounds.append({"code": code, "stream": stream, "fleet": fleet, "reg": reg, "n": n, "streets": streets,
                       "school": sum(b for _, b in school), "closed": sum(b for _, b, _ in closed)})
    # bins on School Streets that no crew lifts: (round, street, uprn, when the truck went past)
    unlifted = []
    all_lifted = []                    # (x, round, street, uprn, fleet)
    plan_windows = {}
    for r in rounds:
        start = secs(utc("2026-11-02 07:00:00" if r["stream"] == "garden" else "2026-11-02 06:30:00")) + rng.uniform(2, 16) * 60
        x = start
        r["start"] = x
        tip_done = False
        lifts = []
        stream = r["stream"]
        r["school_bins"] = []
        r["pass"] = {}
        for street, bins, kind in r["streets"]:
            r["pass"][street] = x
            if kind.startswith("closed"):
                x += rng.uniform(60, 150)
                continue
            ups = [uprn(rng) for _ in range(bins)] if kind == "school" else None
            if ups:
                r["school_bins"].append((street, ups))
                if r["code"] in OFF_ROUTE_CREWS:
                    stats["lifted_off_route"] = stats.get("lifted_off_route", 0) + bins
            if kind == "school" and r["code"] not in OFF_ROUTE_CREWS:
                for u in ups:
                    unlifted.append((r["code"], street, u, x + rng.uniform(0, 240)))
                x += rng.uniform(40, 140)
                continue
            for k in range(bins):
                x += rng.expovariate(RATE[stream] / 60.0)
                if not tip_done and x > secs(utc("2026-11-02 10:05:00")) + rng.uniform(0, 1200):
                    r["tip"] = x + rng.uniform(60, 180)
                    x = r["tip"] + rng.uniform(48, 64) * 60
                    tip_done = True
                if kind != "school" and rng.random() < 0.028:
                    continue            # not presented
                lifts.append((x, street, ups[k] if ups else uprn(rng), kind == "school"))
        r["lifts"] = lifts
        r["last"] = x
        r["end"] = x + rng.uniform(38, 55) * 60
        all_lifted.extend((lx, r["code"], st, u, r["fleet"]) for lx, st, u, _ in lifts)
    stats["unlifted"] = len(unlifted)

    # --- Sunday evening and the night: the website, reports, syncs ------------
    def lookup_rate(x):
        h = (x - secs(utc("2026-11-01 00:00:00"))) / 3600
        if h < 24:
            return 5.5 if h < 20 else 5.5 - 1.2 * (h - 20)
        h -= 24
        if h < 6:
            return 0.35
        return 0.8 + min(h - 6, 2) * 1.1

    x = t0
    while x < t1:
        x += rng.expovariate(max(lookup_rate(x), 0.2) / 60.0)
        if x >= t1:
            break
        u = uprn(rng)
        rt = rng.uniform(0.012, 0.09)
        ing(x, public_ip(), "GET", f"/api/v1/bin-days?uprn={u}", 200, rng.randint(610, 840), rt, rng.choice(browsers))
        if rng.random() < 0.18:
            alog(x - 0.003, "info", "binroute.api.bindays", "bin day lookup", uprn=u, next_collection="2026-11-02" if at(x).day == 1 else "2026-11-09",
                 streams=rng.choice([["residual", "food", "garden"], ["residual", "food"]]))

    # Sunday evening's reports are about Friday's collections
    refs = {}

    def next_ref():
        day = at(x).strftime('%d%m')
        refs[day] = refs.get(day, 0) + 1
        return f"MC-{day}-{refs[day]:04d}"

    for x in sorted(rng.uniform(t0, secs(utc("2026-11-02 06:00:00"))) for _ in range(27)):
        u = uprn(rng)
        ref = next_ref()
        ing(x, public_ip(), "POST", "/api/v1/missed-collections", 201, rng.randint(300, 420), rng.uniform(0.04, 0.12), rng.choice(browsers))
        stream = rng.choice(["recycling", "recycling", "food", "glass"])
        alog(x - 0.01, "info", "binroute.reports.missed", "missed collection reported", ref=ref, uprn=u, stream=stream, channel="web")
        if rng.random() < 0.45:
            alog(x - 0.004, "info", "binroute.reports.missed", "missed collection rejected: reported more than 2 working days after the collection day", ref=ref, collection_day="2026-10-29")
        elif rng.random() < 0.5:
            alog(x - 0.004, "info", "binroute.reports.missed", "missed collection rejected: bin lifted", ref=ref, lifted_at=f"2026-10-30T{rng.randint(7, 13):02d}:{rng.randint(0, 59):02d}:00Z", vehicle=rng.choice(["RCV 212", "RCV 215", "RCV 221", "RCV 224"]))
        else:
            alog(x - 0.004, "info", "binroute.reports.missed", "return visit booked: the round passed the stop and no lift was recorded", ref=ref, round=f"FRI-R0{rng.randint(1, 8)}", visit_day="2026-11-02")

    K8S = "bcdfghjklmnpqrstvwxz2456789"

    def pod(prefix, n):
        return f"{prefix}-{n}-" + "".join(rng.choice(K8S) for _ in range(5))

    # streetworks-sync (23:30) and bins-sync (00:30)
    sw = pod("streetworks-sync", int(secs(utc("2026-11-01 23:30:00")) // 60))
    x = secs(utc("2026-11-01 23:30:00")) + 5.2
    plog(x, "INFO", sw, "binroute.planner.streetworks", "streetworks sync 4.8.0 (git " + shas["rel_480"][:7] + ") starting")
    plog(x + 8.4, "INFO", sw, "binroute.planner.streetworks", "Street Manager: 1284 permits in force or starting in the next 7 days, 41 with road closures")
    plog(x + 9.1, "INFO", sw, "binroute.planner.streetworks", "6 road closures on collection streets in the next 7 days; 2 on 2026-11-02 (Station Road, Mill Lane)")
    plog(x + 9.3, "INFO", sw, "binroute.planner.streetworks", "streetworks sync done in 4s")
    bs = pod("bins-sync", int(secs(utc("2026-11-02 00:30:00")) // 60))
    x = secs(utc("2026-11-02 00:30:00")) + 4.8
    plog(x, "INFO", bs, "binroute.bins.sync", "bins sync 4.8.0 (git " + shas["rel_480"][:7] + ") starting: CRM export of 2026-11-01")
    plog(x + 41.2, "INFO", bs, "binroute.bins.sync", "bins sync: 112406 bins at 58113 properties, 38 new, 12 removed, 7 tags replaced, 3 assisted collections added")
    plog(x + 41.5, "WARNING", bs, "binroute.bins.sync", "bins sync: 4 new bins without an RFID tag yet (delivered without tags); lifts will not match until tagged")
    plog(x + 42.0, "INFO", bs, "binroute.bins.sync", "bins sync done in 37s")

    # --- the 02:00 plan ---------------------------------------------------------
    rel480 = shas["rel_480"]
    pp = pod("planner", int(secs(PLAN_RUN) // 60))
    x = secs(PLAN_RUN) + 4.3
    R = "binroute.planner.run"
    plog(x, "INFO", pp, R, f"binroute planner 4.8.0 (git {rel480[:7]}) planning Monday 2026-11-02 (week B: residual, food, garden)")
    x += 0.4
    plog(x, "INFO", pp, "binroute.planner.school_streets", "school street closures apply on 2026-11-02: 19 streets, 08:15-09:15 and 14:45-15:45 (term day)")
    x += 0.2
    plog(x, "INFO", pp, "binroute.planner.streetworks", "streetworks: 11 permits with road closures on 2026-11-02, 2 on collection streets; manual closures: 1")
    total_bins = sum(r["n"] for r in rounds)
    x += 3.7
    plog(x, "INFO", pp, R, f"loaded {len(rounds)} rounds, {total_bins} bins due")
    routed_total = unassigned_total = closed_total = 0
    shift = {"residual": ("06:30", "14:30"), "food": ("06:30", "14:00"), "garden": ("07:00", "15:00")}
    first_unassigned = None
    vroom_calls = []
    for r in rounds:
        s0, s1 = shift[r["stream"]]
        x += rng.uniform(0.2, 0.6)
        plog(x, "INFO", pp, R, f"round {r['code']}: vehicle {r['fleet']} ({r['reg']}), shift {s0}-{s1}, {r['n'] - r['closed']} bins due")
        jobs = r["n"] - r["closed"]
        solve = rng.uniform(2.2, 6.4) * jobs / 1300
        vroom_calls.append((x + 0.1, solve, jobs))
        x += solve + 0.15
        unassigned = r["school"]
        routed = jobs - unassigned
        km = rng.uniform(44, 71) if r["stream"] != "garden" else rng.uniform(58, 86)
        plog(x, "INFO", pp, R, f"round {r['code']} solved in {solve:.1f}s: {routed} of {jobs} jobs routed, {unassigned} unassigned; vehicle window {epoch(s0)}-{epoch(s1)}, 2 legs, {km:.1f} km")
        sh = s0.split(":")
        win = [[int(sh[0]) * 3600 + int(sh[1]) * 60, 29700], [33300, min(52200, int(s1[:2]) * 3600 + int(s1[3:]) * 60)]]
        if s0 == "07:00":
            win = [[25200, 29700], [33300, 53100]]
        plan_windows[r["code"]] = win
        for street, ups in r["school_bins"]:
            if True:
                for u in ups:
                    x += rng.uniform(0.0004, 0.002)
                    plog(x, "WARNING", pp, R, f"job not routed: uprn={u} round={r['code']} street={street!r} stream={r['stream']}, unassigned by the solver; time_windows={win}")
                    if first_unassigned is None:
                        first_unassigned = x
        for street, bins, kind in r["streets"]:
            if kind.startswith("closed:"):
                for _ in range(bins):
                    x += rng.uniform(0.0004, 0.002)
                    plog(x, "WARNING", pp, R, f"job not routed: uprn={uprn(rng)} round={r['code']} street={street!r} stream={r['stream']}, street closed ({kind[7:]})")
        x += rng.uniform(0.4, 1.1)
        first = at(r["start"] + rng.uniform(6, 14) * 60)
        last = at(r["last"] + rng.uniform(-25, 10) * 60)
        plog(x, "INFO", pp, "binroute.planner.cabtrak", f"route {r['code']} published to Cabtrak: {routed} stops, first {first.strftime('%H:%M')}, last {last.strftime('%H:%M')} (plan {hexid(rng, 12)})")
        r["routed"] = routed
        routed_total += routed
        unassigned_total += unassigned
        closed_total += r["closed"]
    x += 0.3
    plog(x, "INFO", pp, R, f"plan for 2026-11-02 published: {len(rounds)} rounds, {routed_total} jobs routed, {unassigned_total + closed_total} not routed ({unassigned_total} unassigned by the solver, {closed_total} on closed streets)")
    plog(x + 0.01, "WARNING", pp, R, f"{unassigned_total + closed_total} jobs not routed (threshold 150)")
    plan_end = x
    stats.update(unassigned=unassigned_total, closed=closed_total, routed=routed_total, first_unassigned=first_unassigned)

    # --- Cabtrak: the routes on the tablets and the rounds ---------------------
    for r in rounds:
        cablog(plan_end + rng.uniform(2, 30), r["fleet"], r["code"], "ROUTE_RECEIVED", f"route received from binroute: {r['routed']} stops for 2026-11-02")
        login = r["start"] - rng.uniform(12, 25) * 60
        cablog(login, r["fleet"], r["code"], "DEVICE_LOGIN", f"tablet login: driver {rng.choice(['D. Walsh', 'K. Moss', 'S. Ahmed', 'L. Brennan', 'T. Hughes', 'R. Patel', 'M. Doyle', 'J. Carver', 'P. Nowak', 'A. Kerr', 'G. Lyons', 'C. Banks', 'N. Iqbal', 'B. Foster', 'H. Grant', 'V. Stone'])}")
        cablog(login + rng.uniform(20, 60), r["fleet"], r["code"], "ROUTE_DOWNLOADED", f"route downloaded: {r['routed']} stops, {sum(1 for st in r['streets'] if st[2] == 'plain')} streets")
        cablog(login + rng.uniform(300, 500), r["fleet"], r["code"], "VEHICLE_CHECK", "daily walkround check passed: 0 defects")
        cablog(r["start"], r["fleet"], r["code"], "ROUND_STARTED", f"round started, crew {3 if r['stream'] != 'food' else 1}")
        # streets as they are completed
        li = 0
        lifts = r["lifts"]
        for street, bins, kind in r["streets"]:
            if kind.startswith("closed"):
                continue
            if kind == "school" and r["code"] not in OFF_ROUTE_CREWS:
                continue
            done = [lf for lf in lifts if lf[1] == street]
            if done:
                cablog(done[-1][0] + rng.uniform(5, 40), r["fleet"], r["code"], "STREET_COMPLETED", f"street completed: {street}, {len(done)} lifts")
        if "tip" in r:
            tip = TIPS[r["stream"]]
            w = rng.uniform(7.2, 10.4) if r["stream"] == "residual" else (rng.uniform(1.8, 2.6) if r["stream"] == "food" else rng.uniform(6.1, 9.3))
            cablog(r["tip"] + rng.uniform(14, 22) * 60, r["fleet"], r["code"], "TIP_ARRIVED", f"arrived at {tip}")
            cablog(r["tip"] + rng.uniform(30, 36) * 60, r["fleet"], r["code"], "TIP_DEPARTED", f"left {tip}: ticket {rng.randint(4400000, 4499999)}, net {w:.2f} t")
            cablog(r["tip"] + rng.uniform(37, 39) * 60, r["fleet"], r["code"], "BREAK_START", "crew break")
            cablog(r["tip"] + rng.uniform(47, 49) * 60, r["fleet"], r["code"], "BREAK_END", "crew break ended")
        r["lifted"] = len(lifts)
    # the crews' notes
    rmap = {r["code"]: r for r in rounds}
    notes = [
        ("MON-R02", "Fernlea Avenue", "crew note: Fernlea Ave not on tablet today, bins out. left them"),
        ("MON-R04", "Albion Road", "crew note: Albion Rd and Elm Grove not on tablet. doing them anyway"),
        ("MON-R05", "St Mark's Close", "crew note: St Marks Close missing from route, resident asking why"),
        ("MON-F02", "Chapel Lane", "crew note: Fernlea Ave + Chapel Ln not on my list"),
        ("MON-R07", "Cedar Drive", "crew note: Cedar Dr not on tablet, supervisor says leave for catch up"),
        ("MON-F03", "Priory Walk", "crew note: Priory Walk caddies out, not on list"),
        ("MON-R06", "Mill Lane", "crew note: Mill Lane closed both ends, road works as planned"),
    ]
    for code, street, text in notes:
        cablog(rmap[code]["pass"][street] + rng.uniform(60, 240), rmap[code]["fleet"], code, "CREW_NOTE", text)
    cablog(secs(utc("2026-11-02 10:26:09")), "RCV 211", "MON-R01", "DEFECT_REPORTED", "defect: bin lifter nearside comb slow to return, reported to workshop")

    # --- the lifts through Cabtrak's webhook -------------------------------------
    cab_ips = ["20.108.54.17", "20.108.54.23"]
    for r in rounds:
        lifts = r["lifts"]
        i = 0
        x = r["start"] + rng.uniform(40, 120)
        while i < len(lifts):
            batch = []
            while i < len(lifts) and lifts[i][0] <= x and len(batch) < 25:
                batch.append(lifts[i])
                i += 1
            if batch:
                unknown = sum(1 for _ in batch if rng.random() < 0.003)
                off = sum(1 for lf in batch if lf[3])
                y = x + rng.uniform(0.5, 4)
                ing(y, rng.choice(cab_ips), "POST", "/webhooks/cabtrak/lifts", 202, 34, rng.uniform(0.018, 0.07), "Cabtrak-Webhooks/3.2")
                alog(y - 0.005, "info", "binroute.lifts.ingest", "lift batch accepted", vehicle=r["fleet"], round=r["code"],
                     lifts=len(batch), matched=len(batch) - unknown, unknown_tags=unknown, off_route=off)
                if unknown:
                    alog(y - 0.004, "warning", "binroute.lifts.ingest", "lift with an unknown RFID tag", vehicle=r["fleet"], round=r["code"],
                         tag=f"E2801170{hexid(rng, 16).upper()}", at=at(batch[0][0]).strftime("%H:%M:%S"))
                x += rng.uniform(95, 150)
            else:
                x = max(x + 120, lifts[i][0] + rng.uniform(30, 110))
        cablog(r["end"], r["fleet"], r["code"], "ROUND_COMPLETED", f"round completed: {r['routed']} stops, {r['lifted']} lifted, {r['routed'] - r['lifted'] + (0 if r['code'] not in OFF_ROUTE_CREWS else r['school'])} not presented")
        alog(r["end"] + rng.uniform(2, 9), "info", "binroute.lifts.progress", "round completed", round=r["code"], vehicle=r["fleet"], lifted=r["lifted"], planned=r["routed"])

    # --- missed collection reports on Monday ------------------------------------
    reports = []          # (x, kind, round, street, uprn, extra)
    for code, street, u, passed in unlifted:
        if rng.random() < 0.24:
            x = max(passed + rng.lognormvariate(4.1, 0.6) * 60, secs(utc("2026-11-02 07:30:00")) + rng.uniform(0, 1200))
            if x < secs(utc("2026-11-02 12:40:00")):
                reports.append((x, "nostop", code, street, u, None))
    for _ in range(int(rng.uniform(60, 70))):
        lf = rng.choice(all_lifted)
        x = lf[0] + rng.lognormvariate(3.8, 0.8) * 60
        if x < t1 - 200:
            reports.append((x, "lifted", lf[1], lf[2], lf[3], lf))
    for _ in range(38):
        r = rng.choice(rounds)
        x = rng.uniform(secs(utc("2026-11-02 07:20:00")), min(r["end"], t1 - 300))
        reports.append((x, "held", r["code"], None, uprn(rng), r))
    for _ in range(9):
        r = rng.choice(rounds)
        x = rng.uniform(r["end"], t1 - 200)
        if x < t1 - 200:
            reports.append((x, "genuine", r["code"], None, uprn(rng), r))
    reports.sort(key=lambda rep: rep[0])
    return_visits = {}
    escalated = set()
    first_report = None
    booked_refs = []
    stream_of = {r["code"]: r["stream"] for r in rounds}
    for x, kind, code, street, u, extra in reports:
        phone = x > secs(utc("2026-11-02 08:30:00")) and rng.random() < 0.3
        ref = next_ref()
        stream = stream_of[code]
        if phone:
            case = f"CAS-{rng.randint(480000, 489999)}-{hexid(rng, 6).upper()}"
            desc = {"nostop": f"Resident says the lorry went past {street} and didn't take any bins. Whole street still out.",
                    "lifted": "Resident says bin was not emptied.", "held": "Resident asks when the bin will be collected today.",
                    "genuine": "Bin not collected, was out by 6am."}[kind]
            created = at(x - rng.uniform(60, 240))
            crm.add(created, json.dumps({"createdon": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticketnumber": case,
                                                             "title": f"Missed collection - {stream}", "caseorigincode": "Phone", "kcc_service": "Waste - missed bin",
                                                             "kcc_street": street or rng.choice(OTHER_STREETS), "kcc_uprn": u, "description": desc, "ownerid": "Contact Centre"}, ensure_ascii=False))
        ing(x, "10.20.4.31" if phone else public_ip(), "POST", "/api/v1/missed-collections", 201, rng.randint(300, 420), rng.uniform(0.05, 0.16),
            "Dynamics365-Connector/2.4" if phone else rng.choice(browsers))
        alog(x - 0.012, "info", "binroute.reports.missed", "missed collection reported", ref=ref, uprn=u, stream=stream, channel="crm" if phone else "web")
        if kind == "nostop":
            if first_report is None:
                first_report = x
            alog(x - 0.006, "warning", "binroute.reports.missed", "bin has no stop on today's route; return visit booked", ref=ref, uprn=u, round=code, street=street, stream=stream)
            return_visits[code] = return_visits.get(code, 0) + 1
            booked_refs.append((x, ref, code, street))
            if return_visits[code] > 25 and code not in escalated:
                escalated.add(code)
                alog(x - 0.004, "warning", "binroute.reports.missed", "return visits over the escalation threshold; depot notified", round=code, booked=return_visits[code], threshold=25, depot="Eastfield")
        elif kind == "lifted":
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection rejected: bin lifted", ref=ref, lifted_at=at(extra[0]).strftime("%Y-%m-%dT%H:%M:%SZ"), vehicle=extra[4])
        elif kind == "held":
            eta = at(min(extra["last"], x + rng.uniform(20, 200) * 60))
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection held: the round has not reached the stop yet", ref=ref, round=code, planned=eta.strftime("%H:%M"))
        else:
            alog(x - 0.006, "info", "binroute.reports.missed", "return visit booked: the round passed the stop and no lift was recorded", ref=ref, round=code, visit_day="2026-11-03")
    stats["reports_nostop"] = len(booked_refs)
    stats["first_report"] = first_report
    stats["return_visits"] = return_visits

    # other CRM cases
    other_cases = [("Bin delivery - new property", "New build, no bins yet. Moved in last week."),
                   ("Assisted collection request", "Resident recovering from surgery, cannot take bin to kerb."),
                   ("Bulky waste booking", "Sofa and two chairs."),
                   ("Damaged bin", "Lid snapped off when lifted, requests replacement."),
                   ("Garden waste subscription", "Wants to renew for 2027."),
                   ("Contaminated recycling tag", "Bin tagged as contaminated, resident disputes."),
                   ("Street cleansing", "Litter left after collection on the pavement.")]
    for x in sorted(rng.uniform(secs(utc("2026-11-02 08:30:00")), t1) for _ in range(54)):
        title, desc = rng.choice(other_cases)
        crm.add(at(x), json.dumps({"createdon": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "ticketnumber": f"CAS-{rng.randint(480000, 489999)}-{hexid(rng, 6).upper()}",
                                   "title": title, "caseorigincode": rng.choice(["Phone", "Phone", "Web", "Email"]), "kcc_service": "Waste",
                                   "kcc_street": rng.choice(OTHER_STREETS), "kcc_uprn": uprn(rng), "description": desc, "ownerid": "Contact Centre"}))
    for x in sorted(rng.uniform(t0, secs(utc("2026-11-02 08:30:00"))) for _ in range(9)):
        title, desc = rng.choice(other_cases[:4])
        crm.add(at(x), json.dumps({"createdon": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "ticketnumber": f"CAS-{rng.randint(480000, 489999)}-{hexid(rng, 6).upper()}",
                                   "title": title, "caseorigincode": "Web", "kcc_service": "Waste",
                                   "kcc_street": rng.choice(OTHER_STREETS), "kcc_uprn": uprn(rng), "description": desc, "ownerid": "Contact Centre"}))

    # --- the catch-up plans ---------------------------------------------------------
    # the catch-up vehicles: residual streets alternately on A and B, garden on C, food on D
    stream_of_round = {r["code"]: r["stream"] for r in rounds}
    todo = sorted([(stream_of_round[code], street, u) for code, street, u, _ in unlifted])
    residual_streets = []
    for stream, street, u in todo:
        if stream == "residual" and street not in residual_streets:
            residual_streets.append(street)
    by_vehicle = {v[0]: [] for v in CATCHUP_VEHICLES}
    for stream, street, u in todo:
        if stream == "residual":
            code = CATCHUP_VEHICLES[residual_streets.index(street) % 2][0]
        else:
            code = CATCHUP_VEHICLES[2 if stream == "garden" else 3][0]
        by_vehicle[code].append((street, u))
    per_vehicle = [len(by_vehicle[v[0]]) for v in CATCHUP_VEHICLES]
    assert sum(per_vehicle) == unassigned_total - stats["lifted_off_route"], (per_vehicle, unassigned_total)
    C = "binroute.planner.catchup"

    n_catch = sum(per_vehicle)
    stats["catchup"] = n_catch

    def catchup(x, version, sha, fixed, job):
        cp = f"{job}-" + "".join(rng.choice(K8S) for _ in range(5))
        plog(x, "INFO", cp, C, f"binroute catch-up {version} (git {sha[:7]}) planning 2026-11-02: not-routed bins of the 02:00 plan, road closures excluded")
        x += 0.5
        plog(x, "INFO", cp, "binroute.planner.school_streets", "school street closures apply on 2026-11-02: 19 streets, 08:15-09:15 and 14:45-15:45 (term day)")
        x += 1.9
        plog(x, "INFO", cp, C, f"catch-up for 2026-11-02: {n_catch} bins ({stats['lifted_off_route']} lifted since the plan), {len(CATCHUP_VEHICLES)} vehicles, shift 12:30-16:30")
        routed = 0
        for (code, fleet, reg, _), n in zip(CATCHUP_VEHICLES, per_vehicle):
            x += rng.uniform(0.2, 0.5)
            plog(x, "INFO", cp, R, f"round {code}: vehicle {fleet} ({reg}), shift 12:30-16:30, {n} bins due")
            solve = rng.uniform(0.3, 1.1) if not fixed else rng.uniform(0.9, 2.4)
            x += solve + 0.1
            ok = n if fixed else 0
            routed += ok
            plog(x, "INFO", cp, R, f"round {code} solved in {solve:.1f}s: {ok} of {n} jobs routed, {n - ok} unassigned; vehicle window {epoch('12:30')}-{epoch('16:30')}, 1 legs, {rng.uniform(18, 34) if fixed else 0.0:.1f} km")
            x += rng.uniform(0.4, 0.9)
            if ok:
                plog(x, "INFO", cp, "binroute.planner.cabtrak", f"route {code} published to Cabtrak: {ok} stops, first 12:4{rng.randint(0, 9)}, last 16:{rng.randint(0, 2)}{rng.randint(0, 9)} (plan {hexid(rng, 12)})")
            else:
                plog(x, "INFO", cp, "binroute.planner.cabtrak", f"route {code} not published: no stops")
        x += 0.2
        plog(x, "INFO", cp, C, f"catch-up for 2026-11-02 published: {routed} jobs routed, {n_catch - routed} unassigned")
        if not fixed:
            plog(x + 0.01, "WARNING", cp, R, f"{n_catch - routed} jobs unassigned (threshold 150)")
        return x

    catchup(secs(CATCHUP1), "4.7.1", shas["rel_471"], False, "catchup-1102a")
    c2_end = catchup(secs(CATCHUP2), "4.8.1", shas["rel_481"], True, "catchup-1102b")

    # the catch-up crews, from 12:40: the bins nobody had lifted, School Streets outside 14:45-15:45
    booked_by_street = {}
    for bx, ref, code, street in booked_refs:
        booked_by_street.setdefault((stream_of_round[code], street), []).append(ref)
    close_a, close_b = secs(utc("2026-11-02 14:45:00")), secs(utc("2026-11-02 15:45:00"))
    drivers = ["E. Marsh", "O. Quinn", "W. Hart", "F. Osei"]
    for k, (code, fleet, reg, stream) in enumerate(CATCHUP_VEHICLES):
        cablog(c2_end + rng.uniform(2, 20), fleet, code, "ROUTE_RECEIVED", f"route received from binroute: {len(by_vehicle[code])} stops for 2026-11-02")
        cablog(secs(utc("2026-11-02 12:26:00")) + rng.uniform(0, 120), fleet, code, "DEVICE_LOGIN", "tablet login: driver " + drivers[k])
        start = secs(utc("2026-11-02 12:36:00")) + rng.uniform(0, 240)
        cablog(start, fleet, code, "ROUND_STARTED", f"round started, crew {1 if stream == 'food' else 3}")
        rate = {"residual": 3.3, "garden": 2.0, "food": 4.2}[stream]
        lifts = []
        xs = start + rng.uniform(300, 600)
        last_street = None
        for street, u in by_vehicle[code]:
            if street != last_street:
                if last_street is not None:
                    cablog(xs + rng.uniform(5, 40), fleet, code, "STREET_COMPLETED", f"street completed: {last_street}, {sum(1 for lf in lifts if lf[1] == last_street)} lifts")
                xs += rng.uniform(180, 420)
                if close_a - 600 < xs < close_b:
                    xs = close_b + rng.uniform(30, 200)
                last_street = street
            xs += rng.expovariate(rate / 60.0)
            lifts.append((xs, street, u))
        if last_street is not None and xs < t1:
            cablog(xs + rng.uniform(5, 40), fleet, code, "STREET_COMPLETED", f"street completed: {last_street}, {sum(1 for lf in lifts if lf[1] == last_street)} lifts")
        if xs + 1500 < t1:
            cablog(xs + rng.uniform(1200, 1500), fleet, code, "ROUND_COMPLETED", f"round completed: {len(lifts)} stops, {len(lifts)} lifted, 0 not presented")
        lifts = [lf for lf in lifts if lf[0] < t1 - 30]
        i = 0
        x = lifts[0][0] + rng.uniform(20, 90) if lifts else t1
        while i < len(lifts):
            batch = []
            while i < len(lifts) and lifts[i][0] <= x and len(batch) < 25:
                batch.append(lifts[i])
                i += 1
            if batch:
                y = x + rng.uniform(0.5, 4)
                ing(y, rng.choice(cab_ips), "POST", "/webhooks/cabtrak/lifts", 202, 34, rng.uniform(0.018, 0.07), "Cabtrak-Webhooks/3.2")
                alog(y - 0.005, "info", "binroute.lifts.ingest", "lift batch accepted", vehicle=fleet, round=code, lifts=len(batch), matched=len(batch), unknown_tags=0, off_route=0)
                for st in sorted({lf[1] for lf in batch}):
                    for ref in booked_by_street.pop((stream, st), []):
                        alog(y - 0.003, "info", "binroute.reports.missed", "return visit satisfied: bin lifted", ref=ref, vehicle=fleet, round=code)
                x += rng.uniform(95, 150)
            else:
                x = max(x + 120, lifts[i][0] + rng.uniform(30, 110))

    # --- Argo CD ------------------------------------------------------------------
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/binroute-prod {extra}'.rstrip())

    x = t0 + 11
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "waste", "time_ms": rng.randint(41, 170)})
        x += 180 + rng.uniform(0, 1)
    argo_line(secs(CLOSURE_SYNC), f"Initiated automated sync to '{shas['closure_cfg']}'", **{"dest-namespace": "waste"})
    argo_line(secs(CLOSURE_SYNC) + 1.7, "/ConfigMap waste/planner-closures configured", revision=shas["closure_cfg"])
    argo_line(secs(CLOSURE_SYNC) + 6.2, f"Sync operation to {shas['closure_cfg']} succeeded", revision=shas["closure_cfg"], historyID=47)
    argo_line(secs(ROLLBACK) - 2, f"Rollback to history ID 44 ({shas['rel_471']}); automated sync disabled", user="jess.townsend@kingsmere.gov.uk")
    argo_line(secs(ROLLBACK), f"Initiated sync to '{shas['rel_471']}'", **{"dest-namespace": "waste", "user": "jess.townsend@kingsmere.gov.uk"})
    for j, obj in enumerate(["apps/Deployment waste/binroute-api configured", "apps/Deployment waste/vroom configured", "batch/CronJob waste/planner configured", "batch/CronJob waste/planner-catchup configured"]):
        argo_line(secs(ROLLBACK) + 1.5 + j * 0.2, obj, revision=shas["rel_471"])
    argo_line(secs(ROLLBACK) + 44, "Updated health status: Progressing -> Healthy", revision=shas["rel_471"])
    argo_line(secs(ROLLBACK) + 49, f"Sync operation to {shas['rel_471']} succeeded", revision=shas["rel_471"], historyID=48)
    argo_line(secs(FIXSYNC) - 2, "automated sync enabled", user="owen.pritchard@kingsmere.gov.uk")
    argo_line(secs(FIXSYNC), f"Initiated automated sync to '{shas['rel_481']}'", **{"dest-namespace": "waste"})
    for j, obj in enumerate(["apps/Deployment waste/binroute-api configured", "apps/Deployment waste/vroom configured", "batch/CronJob waste/planner configured", "batch/CronJob waste/planner-catchup configured"]):
        argo_line(secs(FIXSYNC) + 1.5 + j * 0.2, obj, revision=shas["rel_481"])
    argo_line(secs(FIXSYNC) + 47, "Updated health status: Progressing -> Healthy", revision=shas["rel_481"])
    argo_line(secs(FIXSYNC) + 52, f"Sync operation to {shas['rel_481']} succeeded", revision=shas["rel_481"], historyID=49)

    # --- #waste-digital ---------------------------------------------------------------
    def say(t, who, text):
        if isinstance(t, float):
            t = at(t)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "waste-digital",
                                 "from": who, "body": text}, ensure_ascii=False))

    n_sch = unassigned_total
    say(utc("2026-11-01 17:48:00"), "Owen Pritchard", "added a manual closure for Harcourt Road tomorrow (tree works, Highways HW-88213) to planner-closures, Argo will sync it. first Monday with the permits in the plan")
    say(plan_end + 52, "Alertmanager", f"[FIRING:1] PlannerUnassignedHigh binroute plan 2026-11-02: {unassigned_total + closed_total} jobs not routed (threshold 150)")
    say(utc("2026-11-02 06:14:00"), "Gary Holt (Eastfield depot)", f"morning. plan says {unassigned_total + closed_total} bins not routed, mostly R02 R04 R05 R07 and two food rounds. road closures again? thought the new permits thing was meant to sort that")
    say(utc("2026-11-02 06:19:00"), "Gary Holt (Eastfield depot)", "crews told to take what's out on their own streets if they know it, the rest goes on the catch up")
    say(utc("2026-11-02 08:04:00"), "Jess Townsend", "on it. 55 of them are closed streets (Station Rd and Mill Ln permits, Owen's Harcourt Rd). the other " + str(n_sch) + " say 'unassigned by the solver'")
    def streets_reported(a, b):
        seen = []
        for bx, ref, code, street in booked_refs:
            if a <= bx < b and street not in seen:
                seen.append(street)
        return seen

    early = streets_reported(t0, secs(utc("2026-11-02 08:11:00")))
    later = [st for st in streets_reported(secs(utc("2026-11-02 08:11:00")), secs(utc("2026-11-02 08:51:00"))) if st not in early]
    say(utc("2026-11-02 08:11:00"), "Donna Price (Contact Centre)", f"we're getting web reports for {' and '.join(early[:3])} already, whole streets not done. lines open 08:30, expect calls")
    say(utc("2026-11-02 08:19:00"), "Jess Townsend", "4.8.0 went in Friday with the street works permits, ROUTE-326's not-routed logging and vroom 1.14 -> 1.15 (renovate). runbook says numbers jump after a release = roll back and plan a catch-up")
    say(secs(ROLLBACK) + 25, "Jess Townsend", "rolled back binroute-prod to 4.7.1 (history 44, vroom 1.14.0), auto-sync off. starting the catch-up for the afternoon spare crews")
    say(secs(CATCHUP1) + 70, "Jess Townsend", f"catch-up with 4.7.1: 0 routed, {n_catch} unassigned (the {stats['lifted_off_route']} RCV 219 lifted dropped out). on four empty vehicles with a four-hour shift. so not vroom 1.15 and not the release. and 4.7.1 doesn't log the jobs at all")
    say(utc("2026-11-02 08:51:00"), "Donna Price (Contact Centre)", f"calls and web reports now from {', '.join(later) if later else 'the same streets'} too. all saying the lorry drove past")
    say(utc("2026-11-02 08:58:00"), "Marek Zieliński", "looking at the 02:00 lines from 4.8.0. every 'unassigned by the solver' is on a School Street: Fernlea, Chapel Ln, Albion, Elm Grove, St Mark's, Priory Walk, Cedar Dr, Wellington St. " + str(n_sch) + " of " + str(n_sch))
    say(utc("2026-11-02 09:06:00"), "Marek Zieliński", f"and their windows are {plan_windows['MON-R04']}: seconds since midnight. the round line has the vehicle window {epoch('06:30')}-{epoch('14:30')}, epoch seconds. the windows don't overlap, vroom can't place them anywhere. it would do the same with any shift")
    say(utc("2026-11-02 09:10:00"), "Aisha Rahman", "that's mine, ROUTE-318 (Wednesday, 4.7.0). school_street_windows() uses _seconds(), the test only checks the numbers, and it was half term all last week so today is the first term day it does anything. sorry. fixing with epoch()")
    say(utc("2026-11-02 09:12:00"), "Gary Holt (Eastfield depot)", "RCV 219 did Albion Rd and Elm Grove off the tablet first thing, before the school run, so those are done. the green bins there and the rest are still out")
    say(utc("2026-11-02 09:38:00"), "Aisha Rahman", "ROUTE-331 merged (epoch windows, and a test that they sit inside the vehicle's window). Owen is cutting 4.8.1")
    say(secs(FIXSYNC) + 65, "Owen Pritchard", "auto-sync back on, binroute-prod at 4.8.1. Jess, catch-up again please")
    say(c2_end + 40, "Jess Townsend", f"catch-up with 4.8.1: {n_catch} of {n_catch} routed on RCV 228, 229, 230 and FV 320 from 12:30, School Streets outside 14:45-15:45. Gary, they're on the tablets")
    say(utc("2026-11-02 10:16:00"), "Gary Holt (Eastfield depot)", "thanks. agency crews are in at 12:30 for 228, 229 and 230, Femi takes FV 320")
    say(utc("2026-11-02 10:24:00"), "Donna Price (Contact Centre)", "what do we tell residents?")
    say(utc("2026-11-02 10:29:00"), "Jess Townsend", "'collected this afternoon by 5pm, leave the bin out'. return visits already booked will close when the lifts come in")
    say(utc("2026-11-02 15:58:00"), "Jess Townsend", "catch-up lifts coming in, return visits closing. postmortem Wednesday; runbook needs to stop saying 'road closures' for everything")

    stats["c2_end"] = c2_end
    return [planner, api, ingress, cab, argo, teams, crm], stats


def build(out_dir):
    rng = random.Random(87100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_unassigned"]).replace(microsecond=0)
        assert PLAN_RUN < onset < PLAN_RUN + dt.timedelta(minutes=3), onset
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r87-school-street-windows-epoch", service=SERVICE, onset=onset,
            description=f"""
Kingsmere City Council's Monday waste collections leave {stats['unassigned']} bins on eight
School Streets uncollected on 2 November 2026: the 02:00 planning run
(binroute 4.8.0) leaves them "unassigned by the solver" from {onset.strftime('%H:%M:%S')} UTC
on, with 55 more on streets closed for works, and publishes the routes;
PlannerUnassignedHigh fires. Crews pass the bins (one crew lifts two of the
streets off its tablet) and residents report missed collections from 07:30.
4.8.0 had been synced on Friday, a manual road closure on Sunday evening.
A rollback to 4.7.1 at 08:31 and a catch-up plan routed none of them; a fix
was synced at 09:56 and the catch-up crews collected them from 12:40.
""",
            logs=logs,
            line_formats={
                "planner.log": r'<Date> <Time> <Level> <Pod> <Logger>: <Content>',
                "cabtrak-events.log": r'<Time>\|<Vehicle>\|<Round>\|<Event>\|<Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'unassigned by the solver; time_windows=',
                r'jobs routed, .* unassigned; vehicle window',
            ],
            fix_files=["binroute/planner/problem.py"],
            explanation=f"""
The culprit is ROUTE-318 ("planner: keep rounds off School Streets while
they are closed"), committed on Wednesday 28 October at 10:47 UTC and
shipped in 4.7.0 that afternoon, {hours:.1f} hours before the onset. Its
school_street_windows() gives a School Street's jobs the shift minus the
closures in seconds since midnight ([[23400, 29700], [33300, 52200]]),
while problem.py builds the vehicle's window (and every other window) in
epoch seconds with epoch(); VROOM can place none of those jobs and leaves
them unassigned. The week of the commit was half term and the School
Streets apply only on term days, so Monday 2 November is the first plan it
touches: {stats['unassigned']} jobs on eight School Streets in seven rounds are "unassigned
by the solver; time_windows=[[23400, 29700], ...]", next to "vehicle window
{epoch('06:30')}-{epoch('14:30')}" in the rounds' "solved" lines, and the rounds go out
without them; residents report the bins ("bin has no stop on today's
route; return visit booked", {stats['reports_nostop']} times). The catch-up after the rollback
to 4.7.1 routes 0 of {stats['unassigned']} for the same reason. The fix (ROUTE-331) builds
the windows with epoch() in the culprit's file.
Decoys: 4.8.0, synced on Friday 30 October (ROUTE-324, road closures from
street works permits and the planner-closures ConfigMap, with 55 jobs
really left out on Station Road, Mill Lane and Harcourt Road; ROUTE-326,
which adds the very "job not routed" lines that fill the log; VROOM
1.14.0 -> 1.15.0 by Renovate), which the planner's start line names;
4.7.1 (ROUTE-321, garden service time, in the culprit's file); Sunday's
manual closure of Harcourt Road, synced 8 hours before; a structlog bump
that morning; the runbook commit that reads jobs not routed as road
closures and says to roll back after a release; the rollback to 4.7.1
(VROOM 1.14.0 too), which keeps the culprit and only loses the per-job
lines; RCV 219's crew lifting two of the streets off route; a lifter
defect on RCV 211; bins without tags after the bins sync.
""",
        )
    finally:
        repo.close()
