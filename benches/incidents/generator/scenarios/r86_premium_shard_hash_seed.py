"""drivescore (Python 3.12; Celery scoring workers, an internal FastAPI API
and the monthly premium-adjust CronJob on EKS in eu-west-2, synced by Argo
CD from `main`; team in London, Lisbon and Warsaw) is the scoring half of
Fairmile Drive, the usage-based car insurance of Fairmile Insurance: the
customer's phone (the Fairmile Drive app and its DriveSDK) or a Telvix TX-2
dongle in the OBD port records trips and uploads them to trip-ingest;
drivescore map-matches each trip (the geo team's Valhalla), scores it
(braking, acceleration, cornering, speeding, phone use, night driving) and,
on the 1st of every month, adjusts each policy's premium for the new month
from last month's mileage-weighted score and miles. The billing team's
ledger-bridge builds the month's Direct Debit collection file from the
recorded adjustments at 03:00 UTC and holds it until every active policy
has one; the file has to reach the bureau by 06:30.

The run is an indexed Job: each pod (JOB_COMPLETION_INDEX) takes one shard
of the active policies and records an adjustment per policy
(premium_adjustments is unique on policy and period, so a re-run skips what
is recorded and is safe). Until March a shard was `mod(policies.id, n)`;
since the 2023 migration of the broker book ids come from a sequence with
INCREMENT BY 2, so the odd shards held only the 2,000-odd old policies and
the run waited on the even ones (38 minutes in March).

Thursday 26 March 2026, 14:12 UTC: PREM-409 moves the sharding into Python,
`hash(policy.number) % shards`, and its test checks, in one process, that
every number has exactly one shard and that the shards are even. Shipped
in 2.14.0 that afternoon. Python salts str hashes per process and the image
does not set PYTHONHASHSEED, so every pod of the Job has a partition of its
own: with n pods a policy is in no pod's shard with probability
((n-1)/n)^n, and in two or more with about the same. Staging runs the Job
with one pod, and nothing runs it in production until the 1st.

Tuesday 31 March: 2.15.0 at 14:41 (PREM-418, which warns with the pod that
recorded it when a policy's adjustment is already recorded, the very line
that fills the log; SCO-233 in the scoring model; a fastapi bump), after
Monday's 2.14.1 (PREM-415 in the culprit's file; a psycopg bump) and
Monday's runbook commit that reads an incomplete run as the scoring backlog
and says to re-run; and at 19:16 PREM-420 by Callum, this week's on-call:
six shards instead of four for the April run. From 00:38 the geo team's monthly tile rebuild slows Valhalla and
ScoringLagHigh fires (00:58-01:24).

Wednesday 1 April, 01:30 UTC: the six pods start; from the first seconds
"adjustment already recorded: policy=... recorded_by=premium-adjust-...-4"
for policies two pods both took; the run ends at 01:46 with a third of the
policies in no shard. At 03:00 ledger-bridge holds the collection file
(thousands missing, 38 deferred for unscored trips) and pages billing.
Callum suspects his six shards and 2.15.0, follows the runbook, rolls back
to 2.14.1 (four shards, the warning gone, the culprit kept) and re-runs:
the missing fall to about a third, which looks like progress. Tomasz adds
up the re-run's shards (not the number of active policies) and matches the
01:30 warnings' pods against their shards: the shards overlap, hash() is
salted per process since PREM-409. PREM-424 (crc32 of the policy number)
is synced at 04:51, the third run leaves nothing missing and ledger-bridge
sends the file at 05:03.

Sources: premium-adjust Job pods (`kubectl logs --prefix`, Python logging,
line format), scoring workers (Celery), drivescore-api (JSON), trip-ingest's
ingress-nginx access log, PostgreSQL on RDS (line format), ledger-bridge
(Spring Boot), Argo CD (logfmt), #drive-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import random
import zlib

from common import Log, Person, Repo, hexid, utc, write_scenario
from formats import spring
from skeletons import chores

SERVICE = "drivescore"
START, END = utc("2026-03-31 23:50:00"), utc("2026-04-01 05:40:00")
PERIOD = "2026-04"
RUN1 = utc("2026-04-01 01:30:00")
ROLLBACK = utc("2026-04-01 03:31:12")
RUN2 = utc("2026-04-01 03:35:40")
FIXSYNC = utc("2026-04-01 04:51:05")
RUN3 = utc("2026-04-01 04:54:30")
LAG = (utc("2026-04-01 00:38:00"), utc("2026-04-01 01:22:00"))
JOB1 = "premium-adjust-29583450"
JOB2 = "premium-adjust-manual-0401a"
JOB3 = "premium-adjust-manual-0401b"


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "drivescore"
version = "2.13.2"
requires-python = ">=3.12"
dependencies = [
    "celery[sqs]==5.4.0",
    "fastapi==0.115.11",
    "uvicorn==0.34.0",
    "psycopg[binary,pool]==3.2.5",
    "httpx==0.28.1",
    "python-json-logger==3.2.1",
    "sentry-sdk==2.22.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.5", "pytest-postgresql==6.1.1"]
"""

INIT = '__version__ = "2.13.2"\n'

DB = '''import os

import psycopg


def connect(application_name):
    """One connection per process; the DSN comes from the pod's secret."""
    return psycopg.connect(os.environ["DRIVESCORE_DSN"], application_name=application_name, autocommit=True)
'''

STORE = '''"""SQL of the monthly premium adjustment run."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    id: int
    number: str
    base_premium_pence: int
    channel: str  # "phone" or "dongle"


@dataclass(frozen=True)
class Month:
    unscored: int
    miles: float
    score: float


ACTIVE_SQL = """
SELECT p.id, p.number, p.base_premium_pence, p.channel
  FROM policies p
 WHERE p.status = 'active'
   AND p.inception_date < %(period_start)s
   AND mod(p.id, %(shards)s) = %(shard)s
 ORDER BY p.id
"""

COUNT_SQL = """
SELECT count(*) FROM policies WHERE status = 'active' AND inception_date < %(period_start)s
"""

RECORDED_SQL = "SELECT policy_id FROM premium_adjustments WHERE period = %(period)s"

MONTH_SQL = """
SELECT count(*) FILTER (WHERE t.scored_at IS NULL),
       coalesce(sum(t.miles), 0),
       coalesce(sum(t.score * t.miles) FILTER (WHERE t.scored_at IS NOT NULL)
                / nullif(sum(t.miles) FILTER (WHERE t.scored_at IS NOT NULL), 0), 0)
  FROM trips t
 WHERE t.policy_id = %(policy_id)s
   AND t.started_at >= %(month_start)s AND t.started_at < %(month_end)s
"""

INSERT_SQL = """
INSERT INTO premium_adjustments (policy_id, period, score, miles, adjustment_pence, new_premium_pence, created_by)
VALUES (%(policy_id)s, %(period)s, %(score)s, %(miles)s, %(adjustment_pence)s, %(new_premium_pence)s, %(created_by)s)
ON CONFLICT (policy_id, period) DO NOTHING
"""


def period_start(period):
    year, month = map(int, period.split("-"))
    return dt.date(year, month, 1)


def previous_month(period):
    start = period_start(period)
    last = start - dt.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def current_period(today=None):
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def active_policies(conn, period, shard, shards):
    rows = conn.execute(ACTIVE_SQL, {"period_start": period_start(period), "shard": shard, "shards": shards})
    return [Policy(*row) for row in rows]


def count_active(conn, period):
    return conn.execute(COUNT_SQL, {"period_start": period_start(period)}).fetchone()[0]


def recorded_policy_ids(conn, period):
    return {row[0] for row in conn.execute(RECORDED_SQL, {"period": period})}


def month_summary(conn, policy_id, period):
    end = period_start(period)
    start = period_start(previous_month(period))
    row = conn.execute(MONTH_SQL, {"policy_id": policy_id, "month_start": start, "month_end": end}).fetchone()
    return Month(unscored=row[0], miles=float(row[1]), score=float(row[2]))


def record(conn, policy, period, adj, created_by):
    """True if the adjustment was recorded, False if the policy already has one."""
    cur = conn.execute(INSERT_SQL, {
        "policy_id": policy.id, "period": period, "score": adj.score, "miles": adj.miles,
        "adjustment_pence": adj.adjustment_pence, "new_premium_pence": adj.new_premium_pence,
        "created_by": created_by,
    })
    return cur.rowcount == 1
'''

ADJUST = '''"""The monthly premium adjustment run.

CronJob premium-adjust starts an indexed Job at 01:30 UTC on the 1st; each
of its pods (JOB_COMPLETION_INDEX) takes one shard of the active policies,
computes last month's mileage-weighted score and miles from the scored trips
and records the adjustment for the new premium month. ledger-bridge builds
the month's collection file from the recorded adjustments from 03:00 and
waits until every active policy has one.

The run is idempotent: policies already recorded for the period are skipped,
so a failed or partial run is simply started again.
"""

import logging
import os
import sys
import time

from drivescore import __version__
from drivescore.db import connect
from drivescore.premium import notices, pricing, store

log = logging.getLogger("drivescore.premium.adjust")
PROGRESS_EVERY = 500


def run(period, shard, shards, dry_run=False):
    started = time.monotonic()
    pod = os.environ.get("HOSTNAME", "local")
    log.info("premium-adjust %s (git %s) starting: period=%s shard=%d/%d dry_run=%s",
             __version__, os.environ.get("GIT_SHA", "unknown")[:7], period, shard, shards, str(dry_run).lower())
    with connect(application_name="premium-adjust") as conn:
        recorded = store.recorded_policy_ids(conn, period)
        log.info("loaded %d recorded adjustments for %s", len(recorded), period)
        policies = store.active_policies(conn, period, shard=shard, shards=shards)
        log.info("shard %d/%d: %d of %d active policies", shard, shards, len(policies), store.count_active(conn, period))
        counts = {"adjusted": 0, "skipped": 0, "already": 0, "deferred": 0, "failed": 0}
        for n, policy in enumerate(policies, 1):
            if policy.id in recorded:
                counts["skipped"] += 1
            else:
                counts[adjust_one(conn, policy, period, pod, dry_run)] += 1
            if n % PROGRESS_EVERY == 0:
                log.info("shard %d/%d: %d/%d policies, %d adjusted, %d already recorded, %d deferred",
                         shard, shards, n, len(policies), counts["adjusted"], counts["already"], counts["deferred"])
        log.info("shard %d/%d done in %s: %d policies, %d skipped (recorded), %d adjusted, %d already recorded, "
                 "%d deferred, %d failed", shard, shards, _took(started), len(policies), counts["skipped"],
                 counts["adjusted"], counts["already"], counts["deferred"], counts["failed"])
    return 1 if counts["failed"] else 0


def adjust_one(conn, policy, period, pod, dry_run):
    month = store.month_summary(conn, policy.id, period)
    if month.unscored:
        log.info("policy %s deferred: %d trips of %s not scored yet", policy.number, month.unscored,
                 store.previous_month(period))
        return "deferred"
    try:
        adj = pricing.adjustment(policy, month.score, month.miles)
    except pricing.PricingError as err:
        log.error("policy %s: %s", policy.number, err)
        return "failed"
    if dry_run:
        return "adjusted"
    with conn.transaction():
        if not store.record(conn, policy, period, adj, created_by=pod):
            log.debug("adjustment for %s %s already recorded", policy.number, period)
            return "already"
        notices.queue(conn, policy, period, adj)
    return "adjusted"


def _took(started):
    seconds = int(time.monotonic() - started)
    return f"{seconds // 60}m{seconds % 60:02d}s"


def main():
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), stream=sys.stdout,
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    period = os.environ.get("PERIOD") or store.current_period()
    shard = int(os.environ.get("JOB_COMPLETION_INDEX", "0"))
    shards = int(os.environ.get("SHARDS", "1"))
    sys.exit(run(period, shard, shards, dry_run=os.environ.get("DRY_RUN") == "1"))


if __name__ == "__main__":
    main()
'''

PRICING = '''"""From last month's driving to the new month's premium.

The mileage-weighted score (0-100) moves the base premium between -20 % and
+20 %; the miles move it by the band below. The total adjustment is capped at
+/-30 % of the base premium and rounded to whole pence.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MILES_BANDS = [(0, Decimal("-0.10")), (150, Decimal("-0.05")), (400, Decimal("0")), (800, Decimal("0.05")), (1500, Decimal("0.10"))]
CAP = Decimal("0.30")


class PricingError(Exception):
    pass


@dataclass(frozen=True)
class Adjustment:
    score: float
    miles: float
    adjustment_pence: int
    new_premium_pence: int


def adjustment(policy, score, miles):
    if policy.base_premium_pence <= 0:
        raise PricingError(f"base premium {policy.base_premium_pence} is not positive")
    base = Decimal(policy.base_premium_pence)
    by_score = (Decimal("50") - Decimal(str(score))) / Decimal("250")
    by_miles = [rate for floor, rate in MILES_BANDS if miles >= floor][-1]
    factor = max(-CAP, min(CAP, by_score + by_miles))
    pence = int((base * factor).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return Adjustment(score=round(score, 1), miles=round(miles, 1), adjustment_pence=pence,
                      new_premium_pence=policy.base_premium_pence + pence)
'''

NOTICES = '''"""Premium notices: one push and e-mail per policy and month, sent by the
notices worker from the outbox after the run."""

import json

OUTBOX_SQL = """
INSERT INTO outbox (topic, key, body) VALUES ('premium-notice', %(key)s, %(body)s)
"""


def queue(conn, policy, period, adj):
    conn.execute(OUTBOX_SQL, {"key": f"{policy.number}:{period}", "body": json.dumps({
        "policy": policy.number, "period": period, "score": adj.score, "miles": adj.miles,
        "adjustment_pence": adj.adjustment_pence, "new_premium_pence": adj.new_premium_pence,
    })})
'''

MODEL = '''"""Trip score: six components from the map-matched trace, 0-100 each,
weighted into one score. Speeding is judged against the matched road's limit;
phone use from the SDK's screen and handling events (phone trips only)."""

from dataclasses import dataclass

WEIGHTS = {"braking": 0.25, "acceleration": 0.15, "cornering": 0.15, "speeding": 0.25, "phone": 0.15, "night": 0.05}
NIGHT = (0, 5)  # 00:00-04:59 UTC


@dataclass
class Components:
    braking: float
    acceleration: float
    cornering: float
    speeding: float
    phone: float
    night: float

    def total(self):
        return round(sum(getattr(self, name) * weight for name, weight in WEIGHTS.items()), 1)


def score(trip, matched):
    events = matched.events
    miles = max(matched.miles, 0.1)
    comp = Components(
        braking=_per_mile(events.harsh_braking, miles, 18),
        acceleration=_per_mile(events.harsh_acceleration, miles, 12),
        cornering=_per_mile(events.harsh_cornering, miles, 12),
        speeding=max(0.0, 100.0 - 400.0 * matched.seconds_over_limit / max(matched.seconds, 1)),
        phone=100.0 if trip.source == "dongle" else max(0.0, 100.0 - 2.0 * trip.phone_handling_seconds),
        night=60.0 if NIGHT[0] <= trip.started_at.hour < NIGHT[1] else 100.0,
    )
    return comp


def _per_mile(count, miles, penalty):
    return max(0.0, 100.0 - penalty * count / miles * 10)
'''

TASKS = '''import logging

from celery import Celery

from drivescore import mapmatch, settings
from drivescore.scoring import model, store

app = Celery("drivescore", broker=settings.BROKER_URL)
log = logging.getLogger(__name__)


@app.task(acks_late=True, max_retries=5, default_retry_delay=30)
def score_trip(trip_id):
    trip = store.load_trip(trip_id)
    matched = mapmatch.match(trip)
    comp = model.score(trip, matched)
    store.save_score(trip, comp, matched.miles)
    log.info("trip %s scored %.1f over %.1f mi (%s)", trip.id, comp.total(), matched.miles, trip.source)
'''

MAPMATCH = '''"""Map matching through the geo team's Valhalla (trace_attributes)."""

import logging
import time

import httpx

from drivescore import settings

log = logging.getLogger("drivescore.mapmatch")
client = httpx.Client(base_url=settings.VALHALLA_URL, timeout=settings.VALHALLA_TIMEOUT)
SLOW = 2.0


def match(trip):
    started = time.monotonic()
    resp = client.post("/trace_attributes", json=_request(trip))
    resp.raise_for_status()
    took = time.monotonic() - started
    if took > SLOW:
        log.warning("valhalla trace_attributes took %.2fs for %d points", took, len(trip.points))
    return _parse(resp.json())
'''

SETTINGS = '''import os

BROKER_URL = os.environ.get("BROKER_URL", "sqs://")
VALHALLA_URL = os.environ.get("VALHALLA_URL", "http://valhalla.geo.svc.cluster.local:8002")
VALHALLA_TIMEOUT = float(os.environ.get("VALHALLA_TIMEOUT", "10"))
'''

API = '''"""drivescore's internal API: trip and monthly scores for drive-bff, and the
adjustment status ledger-bridge waits on before it builds a collection file."""

import logging

from fastapi import FastAPI

from drivescore.api import queries

app = FastAPI(title="drivescore-api")
log = logging.getLogger("drivescore.api")


@app.get("/internal/v1/policies/{number}/score")
def policy_score(number: str, month: str):
    return queries.policy_score(number, month)


@app.get("/internal/v1/premium-adjustments/{period}/status")
def adjustment_status(period: str):
    status = queries.adjustment_status(period)
    log.info("adjustment status period=%s complete=%s missing=%d deferred=%d", period,
             str(status.complete).lower(), status.missing, status.deferred)
    return status
'''

CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: premium-adjust
  labels:
    app: premium-adjust
spec:
  schedule: "30 1 1 * *"
  timeZone: "Etc/UTC"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      completionMode: Indexed
      completions: 4
      parallelism: 4
      backoffLimitPerIndex: 1
      activeDeadlineSeconds: 5400
      template:
        metadata:
          labels:
            app: premium-adjust
        spec:
          restartPolicy: Never
          serviceAccountName: drivescore
          containers:
            - name: adjust
              image: registry.fairmile.internal/drive/drivescore
              command: ["python", "-m", "drivescore.premium.adjust"]
              env:
                - name: SHARDS
                  value: "4"
              envFrom:
                - secretRef:
                    name: drivescore-db
              resources:
                requests:
                  cpu: 250m
                  memory: 256Mi
                limits:
                  memory: 512Mi
"""

DEPLOY_SCORING = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: drivescore-scoring
spec:
  replicas: 2
  selector:
    matchLabels:
      app: drivescore-scoring
  template:
    metadata:
      labels:
        app: drivescore-scoring
    spec:
      serviceAccountName: drivescore
      containers:
        - name: worker
          image: registry.fairmile.internal/drive/drivescore
          command: ["celery", "-A", "drivescore.scoring.tasks", "worker", "--concurrency=4", "-Q", "score-trips"]
          envFrom:
            - secretRef:
                name: drivescore-db
          resources:
            requests:
              cpu: "1"
              memory: 1Gi
"""

DEPLOY_API = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: drivescore-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: drivescore-api
  template:
    metadata:
      labels:
        app: drivescore-api
    spec:
      serviceAccountName: drivescore
      containers:
        - name: api
          image: registry.fairmile.internal/drive/drivescore
          command: ["uvicorn", "drivescore.api.app:app", "--host", "0.0.0.0", "--port", "8000", "--log-config", "config/logging.json"]
          ports:
            - containerPort: 8000
          envFrom:
            - secretRef:
                name: drivescore-db
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: drive
resources:
  - deployment-api.yaml
  - deployment-scoring.yaml
  - cronjob-premium-adjust.yaml
images:
  - name: registry.fairmile.internal/drive/drivescore
    newTag: "2.13.2"
"""

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY . .
ARG GIT_SHA=unknown
ENV GIT_SHA=$GIT_SHA PYTHONUNBUFFERED=1
CMD ["uvicorn", "drivescore.api.app:app", "--host", "0.0.0.0", "--port", "8000"]
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    services:
      postgres:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: test
        ports: ["5432:5432"]
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
      - run: docker build --build-arg GIT_SHA=${{ github.sha }} -t registry.fairmile.internal/drive/drivescore:${{ github.sha }} .
"""

README = """# drivescore

Trip scoring and the monthly premium adjustment of Fairmile Drive.

- `drivescore.scoring`: Celery workers that map-match (Valhalla, geo team)
  and score every uploaded trip (queue `score-trips`, fed by trip-ingest).
- `drivescore.premium`: the premium-adjust CronJob, 01:30 UTC on the 1st.
- `drivescore.api`: internal API for drive-bff and ledger-bridge.

## Running locally

```
pip install -e .[test]
pytest -q
```

## Deploying

Merges to `main` are built by CI; a release commit sets the image tag in
`k8s/kustomization.yaml` and Argo CD (`drivescore-prod`) syncs it.
"""

RUNBOOK = """# drivescore runbook

Owner: #drive-oncall. Dashboards: Grafana > Drive > Scoring, Premium run.

## ScoringLagHigh

The `score-trips` queue is more than 10 minutes behind. Usually Valhalla is
slow (the geo team rebuilds tiles on the last night of the month); check
`valhalla trace_attributes took` warnings. The workers catch up on their own.
"""

PREMIUM_DOC = """# The monthly premium adjustment

CronJob `premium-adjust`, 01:30 UTC on the 1st. An indexed Job with
`SHARDS` pods; pod *k* takes the active policies with `mod(id, SHARDS) = k`,
reads last month's scored trips and records one row per policy in
`premium_adjustments` (unique on policy and period). Premium notices go out
from the outbox afterwards.

- A policy with trips of last month that are not scored yet is *deferred*:
  it gets no row, and the next run (or a re-run) picks it up.
- A re-run skips policies that already have a row, so it is always safe.
- ledger-bridge (billing) asks `/internal/v1/premium-adjustments/<period>/status`
  from 03:00 every 15 minutes and builds the collection file once it is
  complete; the file must reach the bureau by 06:30.
"""

TEST_PRICING = '''from drivescore.premium import pricing
from drivescore.premium.store import Policy

POLICY = Policy(id=2, number="FMD-2000002", base_premium_pence=6200, channel="phone")


def test_good_driver_low_miles_pays_less():
    adj = pricing.adjustment(POLICY, score=92.0, miles=120.0)
    assert adj.adjustment_pence < 0


def test_cap():
    adj = pricing.adjustment(POLICY, score=0.0, miles=4000.0)
    assert adj.adjustment_pence == 1860
'''


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Okafor", "hannah.okafor@fairmile.co.uk", 0)
    hannah_bst = Person("Hannah Okafor", "hannah.okafor@fairmile.co.uk", 60)
    callum = Person("Callum Reid", "callum.reid@fairmile.co.uk", 0)
    callum_bst = Person("Callum Reid", "callum.reid@fairmile.co.uk", 60)
    ines = Person("Inês Carvalho", "ines.carvalho@fairmile.co.uk", 0)
    ines_west = Person("Inês Carvalho", "ines.carvalho@fairmile.co.uk", 60)
    tomasz = Person("Tomasz Wróbel", "tomasz.wrobel@fairmile.co.uk", 60)
    tomasz_cest = Person("Tomasz Wróbel", "tomasz.wrobel@fairmile.co.uk", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    adj, st = "drivescore/premium/adjust.py", "drivescore/premium/store.py"
    repo.commit(utc("2026-03-20 10:12:00"), hannah, "drivescore: scoring workers, premium adjustment run and internal API", {
        "pyproject.toml": PYPROJECT,
        "drivescore/__init__.py": INIT,
        "drivescore/db.py": DB,
        "drivescore/settings.py": SETTINGS,
        "drivescore/mapmatch.py": MAPMATCH,
        "drivescore/scoring/__init__.py": "",
        "drivescore/scoring/model.py": MODEL,
        "drivescore/scoring/tasks.py": TASKS,
        "drivescore/premium/__init__.py": "",
        "drivescore/premium/adjust.py": ADJUST,
        "drivescore/premium/store.py": STORE,
        "drivescore/premium/pricing.py": PRICING,
        "drivescore/premium/notices.py": NOTICES,
        "drivescore/api/__init__.py": "",
        "drivescore/api/app.py": API,
        "tests/__init__.py": "",
        "tests/test_pricing.py": TEST_PRICING,
        "k8s/cronjob-premium-adjust.yaml": CRONJOB,
        "k8s/deployment-scoring.yaml": DEPLOY_SCORING,
        "k8s/deployment-api.yaml": DEPLOY_API,
        "k8s/kustomization.yaml": KUSTOMIZATION,
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 2.13.2\n\n- Valhalla timeout 10 s.\n",
    })
    rng = random.Random(86011)
    repo.schedule(chores(rng, SERVICE, [callum, ines], utc("2026-03-20 12:00:00"), utc("2026-03-25 17:00:00"), 2))
    repo.commit(utc("2026-03-23 09:41:00"), bot, "fix(deps): update dependency sentry-sdk to v2.23.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"sentry-sdk==2.22.0"', '"sentry-sdk==2.23.1"'),
    })
    repo.commit(utc("2026-03-23 14:20:00"), ines, "scoring: night driving is 00:00-04:59 UTC, not 23:00-04:59 (SCO-228)", {
        "drivescore/scoring/model.py": repo.edit("drivescore/scoring/model.py", "NIGHT = (0, 5)  # 00:00-04:59 UTC", "NIGHT = (0, 5)  # 00:00-04:59 UTC (SCO-228: the pricing team's definition)"),
    })
    repo.commit(utc("2026-03-25 16:02:00"), ines, "docs: how the monthly premium adjustment runs", {
        "docs/premium-adjustment.md": PREMIUM_DOC,
    })
    culprit = repo.commit(utc("2026-03-26 14:12:00"), hannah, "premium: shard the monthly run on the policy number, not the id (PREM-409)\n\npolicies.id has come from a sequence with INCREMENT BY 2 since the 2023\nmigration of the broker book (the odd ids are the 2,000-odd policies left\nfrom then), so mod(id, 4) gave shards 1 and 3 almost nothing to do and the\nrun waited on shards 0 and 2: 38 minutes in March for 12,900 policies.\nRead the active policies once and keep the ones whose policy number falls\nin this pod's shard; tests check every number has exactly one shard and\nthe shards are even.", {
        adj: sub(repo.files[adj],
                 "        policies = store.active_policies(conn, period, shard=shard, shards=shards)\n        log.info(\"shard %d/%d: %d of %d active policies\", shard, shards, len(policies), store.count_active(conn, period))\n",
                 "        active = store.active_policies(conn, period)\n        policies = [p for p in active if shard_of(p.number, shards) == shard]\n        log.info(\"shard %d/%d: %d of %d active policies\", shard, shards, len(policies), len(active))\n",
                 "def adjust_one(conn, policy, period, pod, dry_run):\n",
                 "def shard_of(policy_number, shards):\n    \"\"\"The shard a policy belongs to: spread on the policy number, since the ids\n    step by 2 and mod(id, n) left the odd shards nearly empty.\"\"\"\n    return hash(policy_number) % shards\n\n\ndef adjust_one(conn, policy, period, pod, dry_run):\n"),
        st: sub(repo.files[st],
                "   AND p.inception_date < %(period_start)s\n   AND mod(p.id, %(shards)s) = %(shard)s\n ORDER BY p.id\n",
                "   AND p.inception_date < %(period_start)s\n ORDER BY p.id\n",
                "def active_policies(conn, period, shard, shards):\n    rows = conn.execute(ACTIVE_SQL, {\"period_start\": period_start(period), \"shard\": shard, \"shards\": shards})\n",
                "def active_policies(conn, period):\n    rows = conn.execute(ACTIVE_SQL, {\"period_start\": period_start(period)})\n"),
        "tests/test_premium_shards.py": '''from collections import Counter

from drivescore.premium.adjust import shard_of

NUMBERS = [f"FMD-1{n:06d}" for n in range(1, 4400, 2)] + [f"FMD-2{n:06d}" for n in range(0, 26000, 2)]


def test_every_policy_has_exactly_one_shard():
    for number in NUMBERS:
        assert sum(shard_of(number, 4) == k for k in range(4)) == 1


def test_shards_are_even():
    for shards in (4, 6, 8):
        sizes = Counter(shard_of(number, shards) for number in NUMBERS)
        assert len(sizes) == shards
        assert max(sizes.values()) < 1.1 * len(NUMBERS) / shards
''',
    })
    rel_2140 = repo.commit(utc("2026-03-26 15:31:00"), hannah, "release 2.14.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "2.13.2"', 'version = "2.14.0"'),
        "drivescore/__init__.py": '__version__ = "2.14.0"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.13.2"', 'newTag: "2.14.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- Premium run sharded on the policy number (PREM-409).\n- Night driving 00:00-04:59 UTC (SCO-228).\n- sentry-sdk 2.23.1.\n", 1),
    })
    repo.commit(utc("2026-03-30 08:05:00"), bot, "fix(deps): update dependency psycopg to v3.2.6", {
        "pyproject.toml": repo.edit("pyproject.toml", '"psycopg[binary,pool]==3.2.5"', '"psycopg[binary,pool]==3.2.6"'),
    })
    repo.commit(utc("2026-03-30 10:22:00"), ines_west, "premium: fail the pod when more than 1% of its policies cannot be priced (PREM-415)\n\nA single bad base premium failed the whole pod and the Job retried the\nindex; log it and go on, and fail only on a pattern.", {
        adj: sub(repo.files[adj], "    return 1 if counts[\"failed\"] else 0\n",
                 "    return 1 if counts[\"failed\"] > MAX_FAILED_SHARE * max(len(policies), 1) else 0\n",
                 "PROGRESS_EVERY = 500\n", "PROGRESS_EVERY = 500\nMAX_FAILED_SHARE = 0.01\n"),
    })
    rel_2141 = repo.commit(utc("2026-03-30 12:58:00"), hannah_bst, "release 2.14.1", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "2.14.0"', 'version = "2.14.1"'),
        "drivescore/__init__.py": '__version__ = "2.14.1"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.14.0"', 'newTag: "2.14.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.1\n\n- Premium run: fail a pod only above 1 % unpriced policies (PREM-415).\n- psycopg 3.2.6.\n", 1),
    })
    repo.commit(utc("2026-03-30 15:40:00"), callum_bst, "runbook: premium adjustment run incomplete", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Premium adjustment run incomplete (ledger-bridge holds the collection file)

ledger-bridge pages billing when `/internal/v1/premium-adjustments/<period>/status`
is not complete at 03:00. Almost always the run deferred policies whose
trips of last month were not scored yet: check ScoringLagHigh and the
`deferred:` lines of the run. Once the scoring queue has caught up, start
the run again (it skips recorded policies):

    kubectl -n drive create job --from=cronjob/premium-adjust premium-adjust-manual-<mmdd>a

If the Job hit activeDeadlineSeconds, raise the shards (`SHARDS`,
`completions`, `parallelism`). If it started failing after a release,
roll back in Argo CD first and re-run.
""",
    })
    repo.commit(utc("2026-03-31 10:05:00"), tomasz_cest, "premium: warn when a policy's adjustment is already recorded, with the pod that recorded it (PREM-418)\n\nOn 1 March a manual re-run was started while the CronJob's run was still\ngoing; the two ran over the same policies and all we had was a count in\nthe summary. Name the policy and who recorded it, so overlapping runs show.", {
        adj: sub(repo.files[adj],
                 "            log.debug(\"adjustment for %s %s already recorded\", policy.number, period)\n",
                 "            by, at = store.recorded_by(conn, policy.id, period)\n            log.warning(\"adjustment already recorded: policy=%s period=%s recorded_by=%s recorded_at=%s\",\n                        policy.number, period, by, at.strftime(\"%H:%M:%S.%f\")[:-3])\n"),
        st: repo.files[st] + '''

RECORDED_BY_SQL = """
SELECT created_by, created_at FROM premium_adjustments WHERE policy_id = %(policy_id)s AND period = %(period)s
"""


def recorded_by(conn, policy_id, period):
    return conn.execute(RECORDED_BY_SQL, {"policy_id": policy_id, "period": period}).fetchone()
''',
    })
    repo.commit(utc("2026-03-31 12:40:00"), ines_west, "scoring: score phone trips with GPS gaps over 60 s on the segments we have (SCO-233)\n\nTrips with a tunnel or a dead phone GPS failed map matching and stayed\nunscored; score the matched segments and weight by their miles.", {
        "drivescore/scoring/model.py": repo.edit("drivescore/scoring/model.py", "def score(trip, matched):\n    events = matched.events\n",
                                                 "def score(trip, matched):\n    # SCO-233: a trace with GPS gaps is matched in segments; events and\n    # seconds over the limit are summed over the matched ones.\n    events = matched.events\n"),
        "drivescore/mapmatch.py": repo.edit("drivescore/mapmatch.py", "    return _parse(resp.json())\n", "    return _parse(resp.json(), split_gaps=settings.SPLIT_GAPS_SECONDS)\n"),
        "drivescore/settings.py": repo.files["drivescore/settings.py"] + 'SPLIT_GAPS_SECONDS = int(os.environ.get("SPLIT_GAPS_SECONDS", "60"))\n',
    })
    repo.commit(utc("2026-03-31 13:35:00"), bot, "fix(deps): update dependency fastapi to v0.115.12", {
        "pyproject.toml": repo.edit("pyproject.toml", '"fastapi==0.115.11"', '"fastapi==0.115.12"'),
    })
    rel_2150 = repo.commit(utc("2026-03-31 14:27:00"), hannah_bst, "release 2.15.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "2.14.1"', 'version = "2.15.0"'),
        "drivescore/__init__.py": '__version__ = "2.15.0"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.14.1"', 'newTag: "2.15.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.15.0\n\n- Warn when a policy's adjustment is already recorded (PREM-418).\n- Phone trips with GPS gaps scored on their matched segments (SCO-233).\n- fastapi 0.115.12.\n", 1),
    })
    shards6 = repo.commit(utc("2026-03-31 19:14:00"), callum_bst, "premium-adjust: six shards for the April run (PREM-420)\n\nThe book is 14,600 active policies (+19% since February with the fleet\nbrokers' renewals); the March run took 38 minutes on four pods and the\ncollection file is built from 03:00.", {
        "k8s/cronjob-premium-adjust.yaml": sub(repo.files["k8s/cronjob-premium-adjust.yaml"], "      completions: 4\n      parallelism: 4\n", "      completions: 6\n      parallelism: 6\n",
                                               "                  value: \"4\"\n", "                  value: \"6\"\n"),
    })
    fix = repo.commit(utc("2026-04-01 04:32:00"), tomasz_cest, "premium: shard on the crc32 of the policy number, not hash() (PREM-424)\n\nhash() of a str is salted per process (PYTHONHASHSEED is not set in the\nimage), so since PREM-409 every pod of the Job had a partition of its\nown: on 1 April a third of the policies were in no pod's shard and a\nquarter in two or more (\"adjustment already recorded\" by another shard's\npod). crc32 is the same in every process; the test now computes the\nshards in subprocesses with different hash seeds.", {
        adj: sub(repo.files[adj], "import logging\nimport os\nimport sys\nimport time\n", "import logging\nimport os\nimport sys\nimport time\nimport zlib\n",
                 "    \"\"\"The shard a policy belongs to: spread on the policy number, since the ids\n    step by 2 and mod(id, n) left the odd shards nearly empty.\"\"\"\n    return hash(policy_number) % shards\n",
                 "    \"\"\"The shard a policy belongs to: spread on the policy number, since the ids\n    step by 2 and mod(id, n) left the odd shards nearly empty. Not hash():\n    str hashes are salted per process, and every pod must agree.\"\"\"\n    return zlib.crc32(policy_number.encode()) % shards\n"),
        "tests/test_premium_shards.py": repo.files["tests/test_premium_shards.py"] + '''

def test_pods_agree_on_the_shards():
    import os
    import subprocess
    import sys

    code = "from drivescore.premium.adjust import shard_of; print([shard_of(n, 6) for n in %r])" % NUMBERS[:500]
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
    assert len(outs) == 1
''',
    })
    rel_2151 = repo.commit(utc("2026-04-01 04:39:00"), tomasz_cest, "release 2.15.1", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "2.15.0"', 'version = "2.15.1"'),
        "drivescore/__init__.py": '__version__ = "2.15.1"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.15.0"', 'newTag: "2.15.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.15.1\n\n- Premium run sharded on crc32 of the policy number (PREM-424).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_2140": rel_2140, "rel_2141": rel_2141, "rel_2150": rel_2150,
                  "shards6": shards6, "fix": fix, "rel_2151": rel_2151}


# ---------------------------------------------------------------------------
# the night


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


K8S_ALNUM = "bcdfghjklmnpqrstvwxz2456789"


def pod_suffix(rng):
    return "".join(rng.choice(K8S_ALNUM) for _ in range(5))


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def make_policies(rng):
    policies = []
    for pid in range(3, 4401, 2):          # the broker book, before the sequence stepped by 2
        if rng.random() < 0.992:
            policies.append((pid, f"FMD-1{pid:06d}", "dongle" if rng.random() < 0.55 else "phone"))
    pid = 4402
    while len(policies) < 14612:
        if rng.random() < 0.80:
            policies.append((pid, f"FMD-2{pid:06d}", "dongle" if rng.random() < 0.24 else "phone"))
        pid += 2
    return policies


def build_logs(rng, shas):
    adjust_log = Log("premium-adjust.log")
    scoring = Log("drivescore-scoring.log")
    api = Log("drivescore-api.log")
    ingress = Log("ingress-nginx-trip-ingest.log")
    pg = Log("postgresql-drive-prod.log")
    ledger = Log("ledger-bridge.log")
    argo = Log("argocd-drivescore.log")
    slack = Log("slack-drive-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    policies = make_policies(rng)
    n_active = len(policies)
    stats["active"] = n_active

    # --- premium-adjust ----------------------------------------------------
    def plog(x, pod, level, logger, msg):
        t = at(x)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        adjust_log.add(t, f"[pod/{pod}/adjust] {stamp} {level} [{logger}] {msg}")

    def pgl(x, client, userdb, pid, level, msg):
        t = at(x)
        pg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC:{client}:{userdb}:[{pid}]:{level}:  {msg}")

    ADJ = "drivescore.premium.adjust"
    phone_ids = [i for i, p in enumerate(policies) if p[2] == "phone"]
    deferred1 = set(rng.sample(phone_ids, 31) + rng.sample([i for i, p in enumerate(policies) if p[2] == "dongle"], 7))
    unscored = {i: rng.choice([1, 1, 1, 2, 2, 3]) for i in sorted(deferred1)}
    recorded = {}          # policy index -> (pod, time)
    warnings = []

    def took(a, b):
        s = int(b - a)
        return f"{s // 60}m{s % 60:02d}s"

    def run(job, start, version, sha, shards, select, deferred, per_policy, warn_already):
        pods = [f"{job}-{k}-{pod_suffix(rng)}" for k in range(shards)]
        already_before = dict(recorded)
        events = []
        plans = []
        for k, pod in enumerate(pods):
            x = start + rng.uniform(2.5, 8.5) + k * rng.uniform(0.05, 0.4)
            plog(x, pod, "INFO", ADJ, f"premium-adjust {version} (git {sha[:7]}) starting: period={PERIOD} shard={k}/{shards} dry_run=false")
            pgl(x + 0.12, f"10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}({rng.randint(33000, 60999)})", "drivescore@drivescore",
                rng.randint(20000, 32000), "LOG", "connection authorized: user=drivescore database=drivescore application_name=premium-adjust SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")
            x += 0.35
            plog(x, pod, "INFO", ADJ, f"loaded {len(already_before)} recorded adjustments for {PERIOD}")
            x += rng.uniform(1.1, 1.9)
            mine = [i for i in range(n_active) if select(k, i)]
            plog(x, pod, "INFO", ADJ, f"shard {k}/{shards}: {len(mine)} of {n_active} active policies")
            speed = rng.uniform(0.9, 1.12)
            seq = []
            for i in mine:
                if i in already_before:
                    x += 0.0004
                    seq.append((x, i, "skipped"))
                    continue
                x += rng.lognormvariate(0, 0.35) * per_policy * speed
                if i in deferred:
                    seq.append((x, i, "deferred"))
                else:
                    seq.append((x, i, "done"))
                    events.append((x, k, i))
            plans.append((pod, start, mine, seq))
        events.sort()
        outcome = {}
        for x, k, i in events:
            if i in recorded:
                outcome[(k, i)] = "already"
                if warn_already:
                    warnings.append((x, pods[k], i, recorded[i]))
            else:
                recorded[i] = (pods[k], x)
                outcome[(k, i)] = "adjusted"
        summary = []
        for k, (pod, _, mine, seq) in enumerate(plans):
            c = {"adjusted": 0, "skipped": 0, "already": 0, "deferred": 0}
            for n, (x, i, what) in enumerate(seq, 1):
                if what == "done":
                    what = outcome[(k, i)]
                c[what] += 1
                if what == "deferred":
                    plog(x, pod, "INFO", ADJ, f"policy {policies[i][1]} deferred: {unscored[i]} trips of 2026-03 not scored yet")
                if what == "already" and warn_already:
                    pw, xw = recorded[i]
                    tw = at(xw)
                    plog(x, pod, "WARNING", ADJ, f"adjustment already recorded: policy={policies[i][1]} period={PERIOD} recorded_by={pw} recorded_at={tw.strftime('%H:%M:%S.')}{tw.microsecond // 1000:03d}")
                if n % 500 == 0:
                    plog(x + 0.001, pod, "INFO", ADJ, f"shard {k}/{shards}: {n}/{len(mine)} policies, {c['adjusted']} adjusted, {c['already']} already recorded, {c['deferred']} deferred")
            end = (seq[-1][0] if seq else start) + rng.uniform(0.05, 0.3)
            plog(end, pod, "INFO", ADJ, f"shard {k}/{shards} done in {took(start + 3, end)}: {len(mine)} policies, {c['skipped']} skipped (recorded), {c['adjusted']} adjusted, {c['already']} already recorded, {c['deferred']} deferred, 0 failed")
            summary.append((pod, len(mine), c, end))
        return summary

    s1 = run(JOB1, secs(RUN1), "2.15.0", shas["rel_2150"], 6, lambda k, i: rng.random() < 1 / 6, deferred1, 0.335, True)
    missing1 = n_active - len(recorded)
    r1_end = max(e for *_, e in s1)
    s2 = run(JOB2, secs(RUN2), "2.14.1", shas["rel_2141"], 4, lambda k, i: rng.random() < 1 / 4, set(), 0.30, False)
    missing2 = n_active - len(recorded)
    r2_end = max(e for *_, e in s2)
    crc = [zlib.crc32(p[1].encode()) % 6 for p in policies]
    s3 = run(JOB3, secs(RUN3), "2.15.1", shas["rel_2151"], 6, lambda k, i: crc[i] == k, set(), 0.33, True)
    missing3 = n_active - len(recorded)
    r3_end = max(e for *_, e in s3)
    assert missing3 == 0, missing3
    stats.update(missing1=missing1, missing2=missing2, s1=s1, s2=s2, s3=s3, r1_end=r1_end, r2_end=r2_end, r3_end=r3_end,
                 warnings=warnings, deferred1=len(deferred1))
    first_warning = min(w[0] for w in warnings)
    stats["first_warning"] = first_warning
    # one warning the humans quote: a policy recorded early by a pod of another shard
    quote = sorted(warnings, key=lambda w: w[0])[40]
    stats["quote"] = (policies[quote[2]][1], quote[1], quote[3][0])

    # the run's slow statements (six pods on the month query) and the ordinary night on RDS
    for x in sorted(rng.uniform(secs(RUN1) + 20, r1_end) for _ in range(34)):
        pgl(x, f"10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}({rng.randint(33000, 60999)})", "drivescore@drivescore", rng.randint(20000, 32000), "LOG",
            f"duration: {rng.uniform(1000, 2600):.3f} ms  execute <unnamed>: SELECT count(*) FILTER (WHERE t.scored_at IS NULL), coalesce(sum(t.miles), 0), coalesce(sum(t.score * t.miles) FILTER (WHERE t.scored_at IS NOT NULL) / nullif(sum(t.miles) FILTER (WHERE t.scored_at IS NOT NULL), 0), 0) FROM trips t WHERE t.policy_id = $1 AND t.started_at >= $2 AND t.started_at < $3")
    for x in sorted(rng.uniform(secs(RUN2) + 10, r2_end) for _ in range(4)):
        pgl(x, f"10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}({rng.randint(33000, 60999)})", "drivescore@drivescore", rng.randint(20000, 32000), "LOG",
            f"duration: {rng.uniform(1000, 1500):.3f} ms  execute <unnamed>: SELECT count(*) FILTER (WHERE t.scored_at IS NULL), coalesce(sum(t.miles), 0), coalesce(sum(t.score * t.miles) FILTER (WHERE t.scored_at IS NOT NULL) / nullif(sum(t.miles) FILTER (WHERE t.scored_at IS NOT NULL), 0), 0) FROM trips t WHERE t.policy_id = $1 AND t.started_at >= $2 AND t.started_at < $3")
    x = t0 + 97
    while x < t1:
        busy = secs(RUN1) < x < r1_end + 200
        pgl(x, "", "@", 587, "LOG", "checkpoint starting: time")
        bufs = rng.randint(2600, 5200) if busy else rng.randint(140, 900)
        w = rng.uniform(20, 90) if busy else rng.uniform(8, 30)
        pgl(x + w + 0.4, "", "@", 587, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 16384 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={w:.3f} s, sync={rng.uniform(0.002, 0.05):.3f} s, total={w + 0.3:.3f} s; sync files={rng.randint(30, 220)}, longest=0.011 s, average=0.001 s; distance={bufs * 8} kB, estimate={bufs * 8 + rng.randint(0, 5000)} kB; lsn=2F/{hexid(rng, 8).upper()}, redo lsn=2F/{hexid(rng, 8).upper()}")
        x += 300 + rng.uniform(-0.5, 0.5)
    for x in sorted(rng.uniform(t0, t1) for _ in range(16)):
        table = rng.choice(["public.trips", "public.trip_events", "public.outbox", "public.trip_points_2026_03", "public.trip_points_2026_04"])
        pgl(x, "", "@", rng.randint(20000, 32000), "LOG", f"automatic vacuum of table \"drivescore.{table}\": index scans: {rng.randint(0, 1)}")
    for x in sorted(rng.uniform(t0, t1) for _ in range(9)):
        pgl(x, f"10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}({rng.randint(33000, 60999)})", "drivebff_ro@drivescore", rng.randint(20000, 32000), "LOG",
            "could not receive data from client: Connection reset by peer")

    # --- trips: uploads through trip-ingest's ingress, scored by drivescore
    def phone_rate(x):
        h = (x - secs(utc("2026-04-01 00:00:00"))) / 3600
        if h < 3.5:
            return 8.5 - 1.0 * h
        return 5.0 + 4.5 * (h - 3.5)

    def dongle_rate(x):
        h = (x - secs(utc("2026-04-01 00:00:00"))) / 3600
        if h < 4.5:
            return 1.3 - 0.15 * h
        return 0.6 + 6.0 * (h - 4.5)

    def lag_at(x):
        a, b = secs(LAG[0]), secs(LAG[1])
        if not a <= x < b + 60:
            return 0.0
        peak = a + 0.55 * (b - a)
        if x < peak:
            return 780.0 * (x - a) / (peak - a)
        return max(0.0, 780.0 * (1 - (x - peak) / (b + 60 - peak)))

    ios = ["FairmileDrive/6.12.0 (iPhone; iOS 26.4) DriveSDK/5.3.1", "FairmileDrive/6.12.0 (iPhone; iOS 26.3.1) DriveSDK/5.3.1", "FairmileDrive/6.11.2 (iPhone; iOS 26.3.1) DriveSDK/5.2.4"]
    android = ["FairmileDrive/6.12.0 (Android 16; Pixel 8) DriveSDK/5.3.1", "FairmileDrive/6.12.0 (Android 15; SM-S921B) DriveSDK/5.3.1", "FairmileDrive/6.11.2 (Android 14; SM-A546B) DriveSDK/5.2.4"]
    workers = [f"ForkPoolWorker-{n}" for n in range(1, 5)]
    pods_scoring = ["drivescore-scoring-6f9c7d8b5-2xkqp", "drivescore-scoring-6f9c7d8b5-v7mzt"]

    def celery(x, level, worker, msg):
        t = at(x)
        scoring.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d}: {level}/{worker}] {msg}")

    def ingress_line(x, ua, path, status, req_len, rt, upstream):
        t = at(x)
        ip = f"{rng.choice([82, 86, 90, 109, 148, 176, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if path.startswith("/dongle"):
            ip = f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ingress.add(t, f'{ip} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "POST {path} HTTP/{"1.1" if path.startswith("/dongle") else "2.0"}" {status} {rng.randint(40, 90)} "-" "{ua}" {req_len} {rt:.3f} [{upstream}] [] 10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}:8080 {rng.randint(40, 90)} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    night_trips = 0
    x = t0
    while x < t1:
        x += rng.expovariate((phone_rate(x) + dongle_rate(x)) / 60.0)
        if x >= t1:
            break
        is_phone = rng.random() < phone_rate(x) / (phone_rate(x) + dongle_rate(x))
        trip = uuid4(rng)
        if is_phone:
            ua = rng.choice(ios) if rng.random() < 0.58 else rng.choice(android)
            status = 201 if rng.random() > 0.004 else 409
            ingress_line(x, ua, "/v2/trips", status, rng.randint(38000, 910000), rng.uniform(0.04, 0.35), "drive-trip-ingest-8080")
        else:
            ua = rng.choice(["Telvix-TX2/4.8.2", "Telvix-TX2/4.8.2", "Telvix-TX2/4.7.9"])
            status = 202
            ingress_line(x, ua, "/dongle/v1/batches", status, rng.randint(9000, 160000), rng.uniform(0.02, 0.12), "drive-trip-ingest-dongle-8080")
        if status >= 400:
            continue
        lag = lag_at(x)
        slow = lag > 0 and x > secs(LAG[0])
        run_at = x + 0.3 + lag + rng.uniform(0, 1.5)
        if run_at >= t1:
            continue
        w = rng.choice(workers)
        points = rng.randint(180, 2400)
        dur = rng.uniform(2.4, 7.5) if slow else rng.uniform(0.18, 0.7)
        if slow and dur > 2.0:
            celery(run_at + dur - 0.05, "WARNING", w, f"valhalla trace_attributes took {dur - 0.1:.2f}s for {points} points")
        miles = round(rng.lognormvariate(1.6, 0.8), 1)
        score = round(min(99.8, max(22.0, rng.gauss(81, 9))), 1)
        celery(run_at + dur, "INFO", w, f"trip {trip} scored {score} over {miles} mi ({'phone' if is_phone else 'dongle'})")
        celery(run_at + dur + 0.002, "INFO", w, f"Task drivescore.scoring.tasks.score_trip[{uuid4(rng)}] succeeded in {dur:.3f}s: None")
        night_trips += 1
    for x in sorted(rng.uniform(t0, t1) for _ in range(7)):
        w = rng.choice(workers)
        celery(x, "WARNING", w, f"trip {uuid4(rng)}: {rng.randint(2, 9)} of {rng.randint(400, 1800)} points dropped (accuracy over 65 m)")
    celery(t0 + 3, "INFO", "MainProcess", "sync with celery@" + pods_scoring[1] + " (broker sqs://, queue score-trips)")
    stats["trips"] = night_trips

    # --- drivescore-api: drive-bff's score lookups, ledger-bridge's status checks
    def jlog(x, level, name, msg):
        t = at(x)
        api.add(t, json.dumps({"asctime": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", "levelname": level, "name": name, "message": msg}))

    def bff_rate(x):
        h = (x - secs(utc("2026-04-01 00:00:00"))) / 3600
        return 3.2 if h < 0 else max(1.0, 3.0 - 0.6 * h) if h < 4.5 else 1.0 + 5.0 * (h - 4.5)

    x = t0
    while x < t1:
        x += rng.expovariate(bff_rate(x) / 60.0)
        if x >= t1:
            break
        number = policies[rng.randrange(n_active)][1]
        month = rng.choice(["2026-03", "2026-03", "2026-02"])
        jlog(x, "INFO", "uvicorn.access", f'10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}:{rng.randint(33000, 60999)} - "GET /internal/v1/policies/{number}/score?month={month} HTTP/1.1" 200')

    # --- ledger-bridge (billing team)
    def spr(x, level, thread, logger, msg):
        ledger.add(at(x), spring(at(x), level, thread, logger, msg, pid=1))

    x = t0 + 41
    while x < t1:
        spr(x, "INFO", "scheduling-1", "c.f.l.bureau.ReportPoller", f"Polled bureau reports: ARUDD 0, ADDACS {rng.choice([0, 0, 1, 2])}, AUDDIS 0")
        x += 900 + rng.uniform(-2, 2)
    x = t0 + 600 + 0.183
    while x < t1:
        spr(x, "INFO", "scheduling-2", "c.f.l.mandates.MandateCache", f"Mandate cache refreshed: {14830 + rng.randint(-6, 6)} active mandates")
        x += 3600
    checks = []
    x = secs(utc("2026-04-01 03:00:00"))
    while x < t1:
        checks.append(x)
        x += 900
    spr(checks[0] + 0.4, "INFO", "scheduling-3", "c.f.l.collections.CollectionRun", "Collection run 2026-04-01 starting: premium month 2026-04, collection date 2026-04-03, bureau cutoff 06:30")
    complete_at = None
    for c in checks:
        if c > r3_end:
            missing = missing3
        elif c > r2_end:
            missing = missing2
        else:
            missing = missing1
        req = c + rng.uniform(0.6, 1.2)
        jlog(req + 0.05, "INFO", "drivescore.api", f"adjustment status period={PERIOD} complete={'true' if missing == 0 else 'false'} recorded={n_active - missing} active={n_active} missing={missing}")
        jlog(req + 0.06, "INFO", "uvicorn.access", f'10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}:{rng.randint(33000, 60999)} - "GET /internal/v1/premium-adjustments/{PERIOD}/status HTTP/1.1" 200')
        if missing:
            spr(req + 0.2, "WARN", "scheduling-3", "c.f.l.collections.CollectionRun", f"Premium adjustments for {PERIOD} incomplete: {missing} of {n_active} active policies have none; collection file held, next check {at(c + 900).strftime('%H:%M')}")
            if c == checks[0]:
                spr(req + 0.3, "ERROR", "scheduling-3", "c.f.l.collections.CollectionRun", "Collection file for 2026-04-03 not built; alert CollectionFileHeld raised")
        else:
            complete_at = req
            spr(req + 0.2, "INFO", "scheduling-3", "c.f.l.collections.CollectionRun", f"Premium adjustments for {PERIOD} complete: {n_active} of {n_active}")
            spr(req + 41.7, "INFO", "scheduling-3", "c.f.l.collections.FileBuilder", f"Collection file DD-20260403-01 written: {n_active + 1187} instructions (premium {n_active}, instalments {1187})")
            spr(req + 203.4, "INFO", "scheduling-3", "c.f.l.bureau.Submission", "Submitted DD-20260403-01 to the bureau: accepted, submission id S-4471208")
            stats["submitted_at"] = req + 203.4
            break
    stats["complete_at"] = complete_at

    # --- Argo CD
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/drivescore-prod {extra}'.rstrip())

    syncs = [(secs(utc("2026-03-31 14:41:10")), shas["rel_2150"], 59, ["apps/Deployment drive/drivescore-api configured", "apps/Deployment drive/drivescore-scoring configured", "batch/CronJob drive/premium-adjust configured"]),
             (secs(utc("2026-03-31 19:16:02")), shas["shards6"], 60, ["batch/CronJob drive/premium-adjust configured"])]
    x = secs(utc("2026-03-31 14:30:00")) + 7
    events = []
    for when, sha, hid, objs in syncs:
        events.append(("auto", when, sha, hid, objs))
    events.append(("rollback", secs(ROLLBACK), shas["rel_2141"], 61, ["apps/Deployment drive/drivescore-api configured", "apps/Deployment drive/drivescore-scoring configured", "batch/CronJob drive/premium-adjust configured"]))
    events.append(("enable", secs(FIXSYNC), shas["rel_2151"], 62, ["apps/Deployment drive/drivescore-api configured", "apps/Deployment drive/drivescore-scoring configured", "batch/CronJob drive/premium-adjust configured"]))
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "drive", "time_ms": rng.randint(48, 160)})
        x += 180 + rng.uniform(0, 1)
    for kind, when, sha, hid, objs in events:
        if kind == "rollback":
            argo_line(when - 2, f"Rollback to history ID 58 ({sha}); automated sync disabled", user="callum.reid@fairmile.co.uk")
            argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "drive", "user": "callum.reid@fairmile.co.uk"})
        elif kind == "enable":
            argo_line(when - 2, "automated sync enabled", user="tomasz.wrobel@fairmile.co.uk")
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "drive"})
        else:
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "drive"})
        for j, obj in enumerate(objs):
            argo_line(when + 1.6 + j * 0.2, obj, revision=sha)
        if any("Deployment" in o for o in objs):
            argo_line(when + 38 + rng.uniform(0, 8), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 47 + rng.uniform(0, 5), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    # --- Slack #drive-oncall
    users = {"alertmanager": "B03ALRT2K", "hannah.okafor": "U02HO7K1Q", "callum.reid": "U03CR4M8T", "tomasz.wrobel": "U04TW2P6R",
             "sinead.byrne (billing)": "U05SB9L3W", "ines.carvalho": "U03IC5N7V"}

    def say(t, who, text):
        if isinstance(t, float):
            t = at(t)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "drive-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    pw_number, pw_taker, pw_recorder = stats["quote"]
    counts2 = "+".join(str(n) for _, n, _, _ in s2)
    sum2 = sum(n for _, n, _, _ in s2)
    already1 = sum(c["already"] for _, _, c, _ in s1)
    already2 = sum(c["already"] for _, _, c, _ in s2)
    say(utc("2026-03-31 14:43:00"), "hannah.okafor", "drivescore 2.15.0 synced: PREM-418 (warn with the recording pod when an adjustment is already recorded), SCO-233 (phone trips with GPS gaps scored on matched segments), fastapi 0.115.12. 2.14.1 had PREM-415 and psycopg 3.2.6")
    say(utc("2026-03-31 19:18:00"), "callum.reid", "PREM-420 synced: premium-adjust runs with 6 shards tonight (book +19% since Feb). I'm on call, I'll look at the run when ledger-bridge picks it up at 03:00")
    say(utc("2026-04-01 00:58:40"), "alertmanager", "[FIRING:1] ScoringLagHigh drivescore score-trips queue lag > 10m")
    say(utc("2026-04-01 01:04:00"), "callum.reid", "valhalla slow (`trace_attributes took 3-7s`), the geo team's tile rebuild on the last night of the month, as in the runbook. leaving it, workers will catch up")
    say(utc("2026-04-01 01:24:30"), "alertmanager", "[RESOLVED] ScoringLagHigh drivescore score-trips queue lag > 10m")
    say(utc("2026-04-01 03:00:40"), "alertmanager", "[FIRING:1] CollectionFileHeld ledger-bridge collection 2026-04-03: premium adjustments incomplete")
    say(utc("2026-04-01 03:04:00"), "sinead.byrne (billing)", f"@callum.reid ledger-bridge is holding the April collection file: {missing1} of {n_active} active policies have no premium adjustment for 2026-04. Bureau cutoff is 06:30")
    say(utc("2026-04-01 03:10:00"), "callum.reid", f"looking. premium-adjust ran 01:30-{at(r1_end).strftime('%H:%M')}, all six pods exit 0. the log is full of 'adjustment already recorded' warnings ({already1} of them, new in 2.15.0 with PREM-418) and there are {len(deferred1)} 'deferred: trips of 2026-03 not scored yet' from the scoring lag")
    say(utc("2026-04-01 03:16:00"), "callum.reid", f"runbook says deferred policies after a scoring lag, re-run once the queue has caught up. {missing1} is a lot more than {len(deferred1)} though. and the warnings mean two pods of the job took the same policy ({pw_number} recorded by {pw_recorder}, taken again by {pw_taker}). what's new tonight: 6 shards (my PREM-420) and 2.15.0. rolling back drivescore-prod to history 58 (2.14.1, 4 shards) and re-running")
    say(secs(ROLLBACK) + 30, "callum.reid", f"rolled back, auto-sync off. starting {JOB2}")
    say(r2_end + 60, "callum.reid", f"re-run done at {at(r2_end).strftime('%H:%M')}, no warnings this time (2.14.1 has no PREM-418). the summaries still count {already2} 'already recorded' though")
    say(checks[3] + 55 if len(checks) > 3 else r2_end + 120, "sinead.byrne (billing)", f"ledger-bridge {at(checks[3]).strftime('%H:%M')} check: {missing2} missing now. getting there?")
    say(checks[3] + 130, "callum.reid", "runbook says run it again until it's complete. every policy is scored now, so I don't get why one run doesn't do it. paging Tomasz before I start another")
    say(utc("2026-04-01 03:58:00"), "tomasz.wrobel", "here. don't start another run yet")
    say(utc("2026-04-01 04:08:00"), "tomasz.wrobel", f"the 03:35 run's shards add up to {counts2} = {sum2}, not {n_active}. with mod(id, n) they always added up exactly. and at 01:30 {pw_number} was recorded by {pw_recorder.rsplit('-', 1)[0]} and then taken by {pw_taker.rsplit('-', 1)[0]}: two indexes of one job, one policy. the pods disagree on the shards")
    say(utc("2026-04-01 04:12:00"), "tomasz.wrobel", f"shard_of() is hash(policy_number) % shards since PREM-409 (Thursday, 2.14.0). str hashes are salted per process and PYTHONHASHSEED isn't set in the image, so every pod draws its own partition: a policy is in no shard with p=(5/6)^6=0.33 ({missing1} of {n_active}), in two or more with ~0.26. the rollback kept PREM-409, the re-run only rolled the dice again")
    say(utc("2026-04-01 04:15:00"), "hannah.okafor", "mine, sorry. the tests compute every shard in the same process, and staging runs the job with one pod. crc32 of the number?")
    say(utc("2026-04-01 04:33:00"), "tomasz.wrobel", "PREM-424 merged: zlib.crc32, plus a test that runs shard_of in subprocesses with different PYTHONHASHSEED. 2.15.1 when CI is green")
    say(secs(FIXSYNC) + 70, "tomasz.wrobel", f"auto-sync back on, drivescore-prod at 2.15.1 (6 shards). starting {JOB3}")
    say(r3_end + 50, "tomasz.wrobel", f"done at {at(r3_end).strftime('%H:%M:%S')}: the six shards add up to the {missing2} missing, nothing 'already recorded'")
    if complete_at:
        say(complete_at + 40, "sinead.byrne (billing)", f"ledger-bridge {at(complete_at).strftime('%H:%M')}: complete, {n_active} of {n_active}. building the file")
        say(complete_at + 260, "sinead.byrne (billing)", "collection file submitted to the bureau and accepted. thanks all")
        say(complete_at + 300, "alertmanager", "[RESOLVED] CollectionFileHeld ledger-bridge collection 2026-04-03: premium adjustments incomplete")
        say(complete_at + 600, "callum.reid", "postmortem Thursday. notices went out once per policy (outbox keyed by policy and period). I'll fix the runbook, and docs/premium-adjustment.md still says mod(id)")
    return [adjust_log, scoring, api, ingress, pg, ledger, argo, slack], stats


def build(out_dir):
    rng = random.Random(86100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_warning"]).replace(microsecond=0)
        assert RUN1 < onset < RUN1 + dt.timedelta(seconds=40), onset
        assert stats["complete_at"], "collection never complete"
        culprit_at = utc("2026-03-26 14:12:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        s1 = stats["s1"]
        already1 = sum(c["already"] for _, _, c, _ in s1)
        return write_scenario(
            out_dir, name="r86-premium-shard-hash-seed", service=SERVICE, onset=onset,
            description=f"""
Fairmile Drive's monthly premium adjustment leaves a third of the policies
without an April premium on Wednesday 1 April 2026: the premium-adjust
Job's six pods run from 01:30 UTC and exit 0, logging "adjustment already
recorded" from {onset.strftime('%H:%M:%S')} on; at 03:00 the billing team's ledger-bridge
finds {stats['missing1']} of {stats['active']} active policies without an adjustment and holds the
Direct Debit collection file (bureau cutoff 06:30). drivescore 2.15.0 had
been synced at 14:41 the day before and six shards instead of four at
19:16. A rollback to 2.14.1 at 03:31 and a re-run left {stats['missing2']} missing; a fix
was synced at 04:51, a third run completed the month at {at(stats['r3_end']).strftime('%H:%M')} and the file
was sent at {at(stats['submitted_at']).strftime('%H:%M')}.
""",
            logs=logs,
            line_formats={
                "premium-adjust.log": r'\[pod/<Pod>/<Container>\] <Date> <Time> <Level> \[<Logger>\] <Content>',
                "postgresql-drive-prod.log": r'<Date> <Time> UTC:<Client>:<User>@<Db>:\[<Pid>\]:<Level>:  <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'adjustment already recorded: policy=.* recorded_by=',
                r'shard .* done in .* already recorded',
            ],
            fix_files=["drivescore/premium/adjust.py"],
            explanation=f"""
The culprit is PREM-409 ("premium: shard the monthly run on the policy
number, not the id"), committed on Thursday 26 March at 14:12 UTC and
shipped in 2.14.0 that afternoon, {hours:.1f} hours before the onset. It
replaces the SQL filter mod(p.id, shards) = shard with
`hash(policy.number) % shards` in Python. A str's hash is salted per process
and the image does not set PYTHONHASHSEED, so each pod of the indexed Job
draws a partition of its own: a policy is in no pod's shard with
probability (5/6)^6 and in two or more with about 0.26. Nothing runs the
Job in production between the Thursday release and the 1st; its tests
compute every shard in one process and staging runs one pod. At 01:30 the
six pods take overlapping, incomplete shards: the second pod to reach a
policy finds it recorded by another pod ("adjustment already recorded:
policy=... recorded_by=premium-adjust-29583450-<k>-...", {already1} times;
the summaries' "already recorded" counts), and {stats['missing1']} of {stats['active']} policies
(including {stats['deferred1']} deferred for unscored trips) get no adjustment, so
ledger-bridge holds the collection file. The re-run after the rollback
draws new partitions ({stats['missing2']} left, the shards adding up to other
than the active count). The fix (PREM-424) shards on zlib.crc32 of the
policy number in the culprit's file.
Decoys: PREM-420, six shards instead of four in the CronJob, synced at
19:16 the evening before by the on-call; 2.15.0, synced at 14:41 (PREM-418,
which adds the very "adjustment already recorded" warning that fills the
log; SCO-233 in the scoring model; a fastapi bump), after 2.14.1 (PREM-415
in the culprit's file; a psycopg bump); the runbook commit that reads an
incomplete run as deferred policies after a scoring lag and says to re-run
and to roll back after a release; ScoringLagHigh 00:58-01:24 (Valhalla's
monthly tile rebuild) and the {stats['deferred1']} "deferred" lines; the rollback to 2.14.1,
which keeps the culprit, loses the warnings and seems to help because any
re-run adjusts some of the missing; the month query's slow statements
while six pods run; docs that still describe mod(id).
""",
        )
    finally:
        repo.close()
