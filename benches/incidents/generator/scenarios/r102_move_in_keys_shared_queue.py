"""hallpass (Python 3.12, Django 5 and Celery 5 on RabbitMQ; Kubernetes in
Google Cloud, synced by Argo CD; a team of three in Glasgow and a
contractor in Wroclaw) runs the residents' side of Northgate Student
Living: three halls, Kelvin Wharf (KW, 1,420 beds) and Merchant Lofts (ML,
1,180) in Glasgow and Canal Yard (CY, 1,510) in Edinburgh. It checks
residents in at the reception desks, issues their mobile keys for the
halls' Bluetooth door locks through Keyloft Access's cloud API (one call
per door group: room, flat, entrance, laundry, bike store, gym), tops up
the laundry wallets the Spinhaus machines take and files maintenance
tickets.

Access tasks run on Celery. Until this week the `access` queue, consumed
by worker-access (2 pods, concurrency 4), carried the interactive work (a
key for a resident at the desk, a revocation) and the `bulk` queue, with a
worker of its own, the term activation: once a year, on the first move-in
morning, the accommodation team presses "Activate 2026/27 keys" and one
task per resident issues the year's keys (and revokes the summer
conference guests'), about 4,750 tasks that take two hours against
Keyloft's rate limit of 5 requests a second. docs/architecture.md says so.

Tuesday 8 September 2026, 14:20 BST: ACC-142 ("one queue for access
tasks") routes `hallpass.access.tasks.*` to `access`, deletes
worker-bulk (idle 364 days a year, and last year it ran an older image
than the web pods) and raises worker-access's concurrency to 6. Released
in 2.13.0 that afternoon; 2.13.1 on Thursday (ACC-144, a beat schedule in
the culprit's file).

Saturday 12 September, the first move-in day. 2.14.0 is synced at 07:31
BST (ACC-145, Keyloft 429/503 retried in the client with backoff; ACC-146,
which warns "mobile key still pending" when a resident's phone polls for a
key more than two minutes after check-in; LAUNDRY-31; a celery bump),
after Thursday's runbook commit that reads slow keys as Keyloft degraded
(Keyloft had a latency notice 08:05-08:52). At 08:40 Eilidh activates the
year's keys: "term activation: queued 4752 key tasks on queue access".
Reception opens at 09:00 and every arrival's key task waits behind the
activation in the same FIFO queue. From 09:02 the phones poll "pending";
the desks escalate, the queue exporter warns "queue backlog above
threshold" for `access` (and shows `bulk` with no consumers). Callum (on
call) follows the runbook, opens a Keyloft ticket and rolls back to 2.13.1
at 09:44 (the warnings stop, the keys do not; the worker restart redelivers
the in-flight tasks). Priya, at 09:58, sees every task the workers run is
an activate_term_key, and that the activation said "on queue access"
where last year's said bulk. She reverts ACC-142 (2.14.1, 10:21), purges
the access queue (10:23), activates again on the bulk worker (it skips
keys already issued) and reissues the pending arrivals' keys, which come
through in seconds from 10:24.

Sources: hallpass web (python-json-logger JSON), Celery workers (Celery's
format, line format), the RabbitMQ queue exporter (logfmt), ingress-nginx
access, Argo CD (logfmt), Keyloft's status page (JSON), #hallpass
(Slack export, JSON lines)."""

import collections
import datetime as dt
import json
import random
import uuid

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "hallpass"
BST = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-09-12 05:25:00"), utc("2026-09-12 10:05:00")


def bst(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BST).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

REQUIREMENTS = {
    "Django": "5.1.1",
    "celery": "5.4.0",
    "django-environ": "0.11.2",
    "gunicorn": "23.0.0",
    "httpx": "0.27.2",
    "kombu": "5.4.0",
    "psycopg[binary]": "3.2.1",
    "python-json-logger": "2.0.7",
    "redis": "5.0.8",
    "sentry-sdk": "2.13.0",
}


def requirements(pins=REQUIREMENTS):
    return "".join(f"{k}=={v}\n" for k, v in pins.items())


def init_py(version):
    return f'"""Northgate Student Living: check-in, mobile keys, laundry wallets, maintenance tickets."""\n\n__version__ = "{version}"\n'


SETTINGS = '''import environ

env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = ["api.northgateliving.co.uk", "desk.northgateliving.co.uk", "hallpass.hallpass.svc"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "hallpass.residents",
    "hallpass.access",
    "hallpass.laundry",
    "hallpass.maintenance",
]

DATABASES = {"default": env.db("DATABASE_URL")}
TIME_ZONE = "Europe/London"
USE_TZ = True

CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"

KEYLOFT_URL = env("KEYLOFT_URL", default="https://api.eu.keyloft.io")
KEYLOFT_ACCOUNT = env("KEYLOFT_ACCOUNT", default="northgate")
SPINHAUS_URL = env("SPINHAUS_URL", default="https://connect.spinhaus.eu/api/v2")

# Door groups every resident gets, per hall; the room and flat come from the allocation.
KEY_DOOR_GROUPS = ["entrance", "laundry", "bike-store", "gym"]

LOGGING = {
    "version": 1,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.jsonlogger.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
}
'''

CELERY_BASE = '''import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallpass.settings")

app = Celery("hallpass")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Interactive access work (a key for a resident at the desk, a revocation)
# has its own queue and workers; the term activation, thousands of tasks
# once a year, runs on the bulk worker so that it never waits in front of
# a resident at reception (docs/architecture.md).
app.conf.task_routes = {
    "hallpass.access.tasks.issue_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_ended_tenancies": {"queue": "access"},
    "hallpass.access.tasks.activate_term_keys": {"queue": "bulk"},
    "hallpass.access.tasks.activate_term_key": {"queue": "bulk"},
    "hallpass.laundry.tasks.*": {"queue": "default"},
    "hallpass.maintenance.tasks.*": {"queue": "default"},
}

app.conf.beat_schedule = {
    "revoke-ended-tenancies": {
        "task": "hallpass.access.tasks.revoke_ended_tenancies",
        "schedule": crontab(hour=3, minute=0),
    },
    "laundry-reconcile": {
        "task": "hallpass.laundry.tasks.reconcile_wallets",
        "schedule": crontab(hour=4, minute=15),
    },
    "maintenance-sla": {
        "task": "hallpass.maintenance.tasks.escalate_overdue",
        "schedule": crontab(minute="*/10"),
    },
}


def queue_for(task_name):
    """The queue a task is published to, for log lines."""
    route = app.amqp.router.route({}, task_name)
    return route["queue"].name
'''

KEYLOFT_BASE = '''"""Keyloft Access's cloud API: mobile keys for the halls' Bluetooth locks.

A key is issued per door group; Keyloft encodes it for the resident's
phone and pushes it through the Keyloft SDK in the Northgate app. The
account is rate limited to 5 requests a second (429 rate_limited)."""

import httpx
from django.conf import settings


class KeyloftError(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"Keyloft {status} {code}: {message}")
        self.status = status
        self.code = code


class KeyloftClient:
    def __init__(self):
        self.http = httpx.Client(
            base_url=f"{settings.KEYLOFT_URL}/v2/accounts/{settings.KEYLOFT_ACCOUNT}",
            timeout=20.0,
            headers={"Authorization": f"Bearer {settings.KEYLOFT_TOKEN}"},
        )

    def _call(self, method, path, **kw):
        res = self.http.request(method, path, **kw)
        if res.status_code >= 400:
            body = res.json() if res.headers.get("content-type", "").startswith("application/json") else {}
            raise KeyloftError(res.status_code, body.get("error", "unknown"), body.get("message", res.text[:200]))
        return res.json() if res.content else {}

    def issue_key(self, site, door_group, user_ref, valid_from, valid_to):
        return self._call("POST", f"/sites/{site}/door-groups/{door_group}/keys", json={
            "user_ref": user_ref,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
        })

    def revoke_key(self, site, key_id):
        return self._call("DELETE", f"/sites/{site}/keys/{key_id}")
'''

TASKS_BASE = '''import time

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.utils import timezone

from hallpass.access.keyloft import KeyloftClient, KeyloftError
from hallpass.access.models import KeyRequest, MobileKey
from hallpass.celery import queue_for
from hallpass.residents.models import Tenancy

log = get_task_logger(__name__)


def _door_groups(tenancy):
    return [tenancy.room.door_group, tenancy.room.flat.door_group] + settings.KEY_DOOR_GROUPS


@shared_task(bind=True, autoretry_for=(KeyloftError,), retry_backoff=2, max_retries=5)
def issue_mobile_key(self, key_request_id):
    """A resident's keys, issued when the desk checks them in."""
    req = KeyRequest.objects.select_related("tenancy__room__flat").get(pk=key_request_id)
    started = time.monotonic()
    client = KeyloftClient()
    for group in _door_groups(req.tenancy):
        key = client.issue_key(req.tenancy.hall.keyloft_site, group, req.tenancy.resident.ref,
                               req.tenancy.starts_at, req.tenancy.ends_at)
        MobileKey.objects.update_or_create(tenancy=req.tenancy, door_group=group, defaults={"keyloft_id": key["id"]})
    req.mark_issued()
    log.info("mobile key issued resident=%s hall=%s doors=%d took=%.1fs",
             req.tenancy.resident.ref, req.tenancy.hall.code, len(_door_groups(req.tenancy)), time.monotonic() - started)


@shared_task(bind=True, autoretry_for=(KeyloftError,), retry_backoff=2, max_retries=5)
def revoke_mobile_key(self, tenancy_id):
    tenancy = Tenancy.objects.get(pk=tenancy_id)
    client = KeyloftClient()
    for key in tenancy.mobile_keys.filter(revoked_at=None):
        client.revoke_key(tenancy.hall.keyloft_site, key.keyloft_id)
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    log.info("mobile keys revoked tenancy=%s hall=%s", tenancy.ref, tenancy.hall.code)


@shared_task
def revoke_ended_tenancies():
    ended = Tenancy.objects.ended_with_live_keys()
    for tenancy in ended:
        revoke_mobile_key.delay(tenancy.pk)
    log.info("tenancy end: %d tenancies with live keys queued for revocation", len(ended))


@shared_task
def activate_term_keys(term):
    """One task per resident of the term, and one per summer guest whose keys end."""
    tenancies = list(Tenancy.objects.for_term(term).without_keys())
    guests = list(Tenancy.objects.summer_guests_with_live_keys())
    for tenancy in tenancies:
        activate_term_key.delay(tenancy.pk)
    for tenancy in guests:
        revoke_mobile_key.delay(tenancy.pk)
    log.info("term activation: queued %d key tasks on queue %s (term %s, %d residents, %d summer guests)",
             len(tenancies) + len(guests), queue_for("hallpass.access.tasks.activate_term_key"), term,
             len(tenancies), len(guests))


@shared_task(bind=True, autoretry_for=(KeyloftError,), retry_backoff=2, max_retries=5)
def activate_term_key(self, tenancy_id):
    tenancy = Tenancy.objects.select_related("room__flat").get(pk=tenancy_id)
    if tenancy.mobile_keys.filter(revoked_at=None).exists():
        return
    started = time.monotonic()
    client = KeyloftClient()
    for group in _door_groups(tenancy):
        key = client.issue_key(tenancy.hall.keyloft_site, group, tenancy.resident.ref, tenancy.starts_at, tenancy.ends_at)
        MobileKey.objects.update_or_create(tenancy=tenancy, door_group=group, defaults={"keyloft_id": key["id"]})
    log.info("term key issued resident=%s hall=%s doors=%d took=%.1fs",
             tenancy.resident.ref, tenancy.hall.code, len(_door_groups(tenancy)), time.monotonic() - started)
'''

VIEWS_BASE = '''import logging

from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from hallpass.access.models import KeyRequest
from hallpass.access.tasks import issue_mobile_key
from hallpass.residents.auth import desk_user, resident_user

log = logging.getLogger("hallpass.access")


@require_POST
@desk_user
def check_in(request, tenancy_ref):
    req = KeyRequest.objects.create_for_check_in(tenancy_ref, desk=request.desk)
    issue_mobile_key.delay(req.pk)
    log.info("resident checked in", extra={"resident": req.tenancy.resident.ref, "hall": req.tenancy.hall.code,
                                            "room": req.tenancy.room.code, "desk": request.desk})
    return JsonResponse({"status": "checked_in", "key": "requested"}, status=201)


@require_GET
@resident_user
def my_keys(request):
    req = KeyRequest.objects.latest_for(request.resident)
    if req is None or req.issued_at is None:
        return JsonResponse({"status": "pending"})
    return JsonResponse({"status": "issued", "door_groups": req.door_groups()})
'''

WORKER = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: hallpass-worker-{name}
  labels:
    app: hallpass-worker-{name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: hallpass-worker-{name}
  template:
    metadata:
      labels:
        app: hallpass-worker-{name}
    spec:
      serviceAccountName: hallpass
      terminationGracePeriodSeconds: 60
      containers:
        - name: worker
          image: europe-west2-docker.pkg.dev/northgate-prod/apps/hallpass:latest
          command: ["celery", "-A", "hallpass", "worker", "-Q", "{queue}", "--concurrency", "{concurrency}", "-n", "{name}@%h"]
          envFrom:
            - secretRef:
                name: hallpass
          resources:
            requests:
              cpu: 250m
              memory: 384Mi
            limits:
              memory: 768Mi
"""

WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: hallpass-web
  labels:
    app: hallpass-web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hallpass-web
  template:
    metadata:
      labels:
        app: hallpass-web
    spec:
      serviceAccountName: hallpass
      containers:
        - name: web
          image: europe-west2-docker.pkg.dev/northgate-prod/apps/hallpass:latest
          command: ["gunicorn", "hallpass.wsgi", "-b", "0.0.0.0:8000", "-w", "4"]
          ports:
            - containerPort: 8000
          envFrom:
            - secretRef:
                name: hallpass
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8000
"""

ARCHITECTURE = """# hallpass architecture

- **web** (gunicorn, 3 pods): the resident app's API, the reception desk
  screens, Spinhaus's and Keyloft's webhooks.
- **worker-access** (Celery, `-Q access`): keys for residents at the desk,
  revocations. A key takes 2-6 s (one Keyloft call per door group).
- **worker-bulk** (Celery, `-Q bulk`): the term activation. On the first
  move-in morning the accommodation team presses "Activate keys" for the
  new academic year; about 4,100 residents and the summer guests' keys go
  through in roughly two hours (Keyloft: 5 requests/s per account). It has
  its own queue so that it never waits in front of a resident at the desk.
- **worker-default**: laundry webhooks and reconciliation, maintenance
  tickets and SLA escalations.
- **beat**: the schedules in `hallpass/celery.py`.

RabbitMQ (CloudAMQP) is the broker; PostgreSQL (Cloud SQL) the database.
"""

RUNBOOK = """# hallpass runbook

## Alerts

- `HallpassWebErrors`: 5xx from the API above 2 %.
- `KeysPendingHigh`: more than 20 residents checked in without a key for
  five minutes.
- `SpinhausWebhookFailures`: the laundry webhooks failing.

## Laundry

Spinhaus's machines report cycles by webhook. A machine that never reports
is usually offline at the Spinhaus gateway in the laundry room: the hall's
maintenance team power-cycles the gateway.
"""

RUNBOOK_KEYS = """
## Mobile keys slow or pending (`KeysPendingHigh`)

Keys are issued by Keyloft; when residents wait for keys it is nearly
always Keyloft being slow.

1. Check https://status.keyloft.io (EU region, "Key encoding").
2. If Keyloft reports degraded performance, open a ticket with Keyloft
   support (priority 1 on move-in days) and tell reception to use the
   spare cards (each desk has 60 encoded visitor cards).
3. If a release since the morning touched `hallpass/access/keyloft.py`,
   roll it back in Argo CD (History and Rollback) and watch the pending
   count for ten minutes.
4. Keys that failed for good can be reissued from the desk screen
   (Resident > Reissue key).
"""

CHANGELOG = "# Changelog\n\n## 2.12.0\n\n- Moved from the agency's repository.\n"

TEST_ACCESS = '''from unittest import mock

from hallpass.access import tasks


def test_issue_mobile_key_issues_every_door_group(tenancy_factory, keyloft):
    tenancy = tenancy_factory(hall="KW", room="KW-B-0412")
    req = tenancy.key_requests.create()
    tasks.issue_mobile_key(req.pk)
    assert [c.args[1] for c in keyloft.issue_key.call_args_list] == ["kw-b-0412", "kw-b-04", "entrance", "laundry", "bike-store", "gym"]


def test_activate_term_key_skips_a_resident_with_live_keys(tenancy_factory, keyloft):
    tenancy = tenancy_factory(hall="CY", room="CY-2-117", with_keys=True)
    tasks.activate_term_key(tenancy.pk)
    keyloft.issue_key.assert_not_called()
'''

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
      - uses: actions/checkout@v3
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -r requirements.txt -r requirements-dev.txt
      - run: pytest -q
"""

LAUNDRY_VIEWS = '''import logging
from decimal import Decimal

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from hallpass.laundry.spinhaus import SpinhausClient
from hallpass.laundry.wallets import Wallet
from hallpass.residents.auth import resident_user

log = logging.getLogger("hallpass.laundry")

TOP_UP_AMOUNTS = [Decimal("5.00"), Decimal("10.00"), Decimal("20.00")]


@require_POST
@resident_user
def top_up(request):
    amount = Decimal(request.POST["amount"])
    if amount not in TOP_UP_AMOUNTS:
        return JsonResponse({"error": "amount"}, status=400)
    wallet = Wallet.for_resident(request.resident)
    wallet.credit(amount, reference=request.POST["payment_intent"])
    log.info("laundry top-up", extra={"resident": request.resident.ref, "amount": str(amount), "balance": str(wallet.balance)})
    return JsonResponse({"balance": str(wallet.balance)})


@require_POST
@resident_user
def start_machine(request, machine_id):
    wallet = Wallet.for_resident(request.resident)
    machine = SpinhausClient().machine(machine_id)
    if wallet.balance < machine.price:
        return JsonResponse({"error": "balance"}, status=402)
    cycle = SpinhausClient().start(machine_id, program=request.POST.get("program", "normal"))
    wallet.debit(machine.price, reference=cycle["id"])
    log.info("laundry cycle started", extra={"resident": request.resident.ref, "machine": machine_id, "price": str(machine.price)})
    return JsonResponse({"cycle": cycle["id"], "ends_at": cycle["ends_at"]})
'''

TICKETS = '''import logging

from hallpass.maintenance.models import Ticket

log = logging.getLogger("hallpass.maintenance")

URGENT_WORDS = ("leak", "flood", "no heating", "no hot water", "locked out", "smoke", "sparks")


def create_ticket(resident, hall, room, category, text):
    urgent = any(word in text.lower() for word in URGENT_WORDS)
    ticket = Ticket.objects.create(resident=resident, hall=hall, room=room, category=category,
                                   text=text, priority="P1" if urgent else "P3")
    log.info("maintenance ticket created", extra={"ticket": ticket.ref, "hall": hall.code, "category": category,
                                                   "priority": ticket.priority})
    return ticket
'''


def base_tree(version="2.12.0"):
    return {
        "README.md": "# hallpass\n\nNorthgate Student Living's residents' service: check-in at reception, mobile keys\n(Keyloft), laundry wallets (Spinhaus), maintenance tickets.\n\n```\npip install -r requirements.txt -r requirements-dev.txt\npytest -q\n```\n",
        "requirements.txt": requirements(),
        "requirements-dev.txt": "pytest==8.3.2\npytest-django==4.9.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY hallpass ./hallpass\nARG GIT_SHA=unknown\nENV GIT_SHA=$GIT_SHA\nCMD [\"gunicorn\", \"hallpass.wsgi\", \"-b\", \"0.0.0.0:8000\"]\n",
        "hallpass/__init__.py": init_py(version),
        "hallpass/settings.py": SETTINGS,
        "hallpass/celery.py": CELERY_BASE,
        "hallpass/access/keyloft.py": KEYLOFT_BASE,
        "hallpass/access/tasks.py": TASKS_BASE,
        "hallpass/access/views.py": VIEWS_BASE,
        "hallpass/laundry/views.py": LAUNDRY_VIEWS,
        "hallpass/maintenance/tickets.py": TICKETS,
        "tests/test_access.py": TEST_ACCESS,
        "k8s/web.yaml": WEB,
        "k8s/worker-access.yaml": WORKER.format(name="access", replicas=2, queue="access", concurrency=4),
        "k8s/worker-bulk.yaml": WORKER.format(name="bulk", replicas=1, queue="bulk", concurrency=4),
        "k8s/worker-default.yaml": WORKER.format(name="default", replicas=1, queue="default", concurrency=4),
        "docs/architecture.md": ARCHITECTURE,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
        ".github/workflows/ci.yml": CI,
    }


def release(repo, version, notes):
    return {
        "hallpass/__init__.py": init_py(version),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {version}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


PEOPLE = {
    "priya": Person("Priya Nair", "priya.nair@northgateliving.co.uk", 60),
    "callum": Person("Callum Baird", "callum.baird@northgateliving.co.uk", 60),
    "fraser": Person("Fraser Duncan", "fraser.duncan@northgateliving.co.uk", 60),
    "tomasz": Person("Tomasz Zielinski", "tomasz@zielinski.dev", 120),
    "bot": Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0),
}


def build_repo():
    p = PEOPLE
    repo = Repo()
    rng = random.Random(102001)
    repo.schedule(chores(rng, SERVICE, [p["fraser"], p["tomasz"]], bst("2026-09-02 09:00:00"), bst("2026-09-10 17:00:00"), 3))
    shas = {}
    repo.commit(bst("2026-09-02 10:05:00"), p["priya"], "hallpass 2.12.0: check-in, mobile keys, laundry, maintenance (moved from the agency's repository)", base_tree())
    repo.commit(bst("2026-09-02 15:30:00"), p["tomasz"], "laundry: refuse a top-up that is not one of the app's amounts (LAUNDRY-28)", {
        "hallpass/laundry/views.py": repo.edit("hallpass/laundry/views.py", '    amount = Decimal(request.POST["amount"])\n', '    amount = Decimal(request.POST["amount"]).quantize(Decimal("0.01"))\n'),
    })
    repo.commit(bst("2026-09-03 07:12:00"), p["bot"], "chore(deps): update dependency sentry-sdk to v2.14.0", {
        "requirements.txt": repo.edit("requirements.txt", "sentry-sdk==2.13.0", "sentry-sdk==2.14.0"),
    })
    repo.commit(bst("2026-09-04 11:20:00"), p["fraser"], "maintenance: 'locked out' and 'door won't lock' are P1 (MNT-77)\n\nA resident who cannot lock their door is a security call at night, not a\nnext-working-day job.", {
        "hallpass/maintenance/tickets.py": repo.edit("hallpass/maintenance/tickets.py", '"locked out", ', '"locked out", "won\'t lock", "wont lock", '),
    })
    repo.commit(bst("2026-09-07 15:50:00"), p["priya"], "release 2.12.1", release(repo, "2.12.1", ["LAUNDRY-28: top-ups rounded to the penny", "MNT-77: lock faults are P1"]))

    culprit_msg = """celery: one queue for access tasks, drop the bulk worker (ACC-142)

worker-bulk runs for two hours once a year and sits idle the other 364
days with a pod and a CloudAMQP connection of its own. Last September it
had not been redeployed since May and ran the activation with an image
four releases old (ACC-139). Route every hallpass.access task to the
access queue and give worker-access a concurrency of 6 to absorb the
activation; Keyloft's rate limit is the bottleneck either way."""
    celery_new = sub(repo.files["hallpass/celery.py"],
                     """# Interactive access work (a key for a resident at the desk, a revocation)
# has its own queue and workers; the term activation, thousands of tasks
# once a year, runs on the bulk worker so that it never waits in front of
# a resident at reception (docs/architecture.md).
app.conf.task_routes = {
    "hallpass.access.tasks.issue_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_ended_tenancies": {"queue": "access"},
    "hallpass.access.tasks.activate_term_keys": {"queue": "bulk"},
    "hallpass.access.tasks.activate_term_key": {"queue": "bulk"},
""",
                     """# Every access task (keys at the desk, revocations, the term activation)
# runs on worker-access (ACC-142).
app.conf.task_routes = {
    "hallpass.access.tasks.*": {"queue": "access"},
""")
    shas["culprit"] = repo.commit(bst("2026-09-08 14:20:00"), p["callum"], culprit_msg, {
        "hallpass/celery.py": celery_new,
        "k8s/worker-bulk.yaml": None,
        "k8s/worker-access.yaml": WORKER.format(name="access", replicas=2, queue="access", concurrency=6),
        "docs/architecture.md": sub(repo.files["docs/architecture.md"],
                                    """- **worker-access** (Celery, `-Q access`): keys for residents at the desk,
  revocations. A key takes 2-6 s (one Keyloft call per door group).
- **worker-bulk** (Celery, `-Q bulk`): the term activation. On the first
  move-in morning the accommodation team presses "Activate keys" for the
  new academic year; about 4,100 residents and the summer guests' keys go
  through in roughly two hours (Keyloft: 5 requests/s per account). It has
  its own queue so that it never waits in front of a resident at the desk.
""",
                                    """- **worker-access** (Celery, `-Q access`, 2 pods x 6): keys for residents
  at the desk, revocations and the term activation (about 4,100 residents
  on the first move-in morning, roughly two hours: Keyloft allows 5
  requests/s per account). A key takes 2-6 s (one Keyloft call per door
  group).
"""),
    })
    shas["rel_2130"] = repo.commit(bst("2026-09-08 16:05:00"), p["priya"], "release 2.13.0", release(repo, "2.13.0", ["ACC-142: one queue for access tasks"]))
    repo.commit(bst("2026-09-09 10:30:00"), p["tomasz"], "beat: revoke ended tenancies at 02:30, before the laundry reconciliation (ACC-144)\n\nThe 03:00 revocations and the 04:15 reconciliation overlapped on the\nnights with many departures; nothing depends on the exact time.", {
        "hallpass/celery.py": repo.edit("hallpass/celery.py", "crontab(hour=3, minute=0)", "crontab(hour=2, minute=30)"),
    })
    shas["rel_2131"] = repo.commit(bst("2026-09-10 11:00:00"), p["priya"], "release 2.13.1", release(repo, "2.13.1", ["ACC-144: tenancy-end revocations at 02:30"]))
    repo.commit(bst("2026-09-10 15:40:00"), p["callum"], "runbook: mobile keys slow or pending on move-in day", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_KEYS,
    })
    repo.commit(bst("2026-09-11 06:40:00"), p["bot"], "chore(deps): update celery to v5.4.1 (celery, kombu)", {
        "requirements.txt": repo.edit("requirements.txt", "celery==5.4.0\n", "celery==5.4.1\n").replace("kombu==5.4.0", "kombu==5.4.2"),
    })
    keyloft_retry = sub(repo.files["hallpass/access/keyloft.py"],
                        "import httpx\n",
                        "import logging\nimport time\n\nimport httpx\n",
                        "class KeyloftError(Exception):",
                        'log = logging.getLogger("hallpass.access.keyloft")\n\nRETRY_STATUSES = (429, 503)\n\n\nclass KeyloftError(Exception):',
                        """    def _call(self, method, path, **kw):
        res = self.http.request(method, path, **kw)
""",
                        """    def _call(self, method, path, **kw):
        # Retry Keyloft's 429 and 503 here, honouring Retry-After, instead of
        # failing the task and waiting for Celery's backoff (ACC-145): last
        # move-in day a resident's key could take a minute after one 429.
        for attempt in range(1, 6):
            res = self.http.request(method, path, **kw)
            if res.status_code not in RETRY_STATUSES or attempt == 5:
                break
            wait = float(res.headers.get("retry-after", 0.5 * attempt))
            log.warning("Keyloft %d %s, retrying in %.1fs (attempt %d/5)", res.status_code, path.split("/")[-1], wait, attempt)
            time.sleep(wait)
""")
    repo.commit(bst("2026-09-11 10:20:00"), p["callum"], "access: retry Keyloft 429 and 503 in the client, with Retry-After (ACC-145)", {
        "hallpass/access/keyloft.py": keyloft_retry,
    })
    views_pending = sub(repo.files["hallpass/access/views.py"],
                        "import logging\n",
                        "import logging\n\nfrom django.utils import timezone\n",
                        """    if req is None or req.issued_at is None:
        return JsonResponse({"status": "pending"})
""",
                        """    if req is None or req.issued_at is None:
        if req is not None:
            waited = (timezone.now() - req.created_at).total_seconds()
            if waited > 120:
                # ACC-146: reception asks "how long has this one waited?"
                log.warning("mobile key still pending", extra={"resident": request.resident.ref, "hall": req.tenancy.hall.code,
                                                                "waited_s": int(waited), "key_request": req.pk})
        return JsonResponse({"status": "pending"})
""")
    repo.commit(bst("2026-09-11 11:45:00"), p["tomasz"], "access: warn when a resident's key is still pending two minutes after check-in (ACC-146)", {
        "hallpass/access/views.py": views_pending,
    })
    repo.commit(bst("2026-09-11 14:05:00"), p["fraser"], "laundry: GBP 15 top-up for the new term (LAUNDRY-31)", {
        "hallpass/laundry/views.py": repo.edit("hallpass/laundry/views.py", 'Decimal("10.00"), ', 'Decimal("10.00"), Decimal("15.00"), '),
    })
    shas["rel_2140"] = repo.commit(bst("2026-09-12 07:18:00"), p["priya"], "release 2.14.0", release(repo, "2.14.0", [
        "ACC-145: Keyloft 429/503 retried in the client", "ACC-146: warn on keys pending after two minutes",
        "LAUNDRY-31: GBP 15 top-up", "celery 5.4.1"]))
    # after the onset: the revert
    reverted = sub(repo.files["hallpass/celery.py"],
                   """# Every access task (keys at the desk, revocations, the term activation)
# runs on worker-access (ACC-142).
app.conf.task_routes = {
    "hallpass.access.tasks.*": {"queue": "access"},
""",
                   """# Interactive access work (a key for a resident at the desk, a revocation)
# has its own queue and workers; the term activation, thousands of tasks
# once a year, runs on the bulk worker so that it never waits in front of
# a resident at reception (docs/architecture.md).
app.conf.task_routes = {
    "hallpass.access.tasks.issue_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_mobile_key": {"queue": "access"},
    "hallpass.access.tasks.revoke_ended_tenancies": {"queue": "access"},
    "hallpass.access.tasks.activate_term_keys": {"queue": "bulk"},
    "hallpass.access.tasks.activate_term_key": {"queue": "bulk"},
""")
    shas["revert"] = repo.commit(bst("2026-09-12 10:09:00"), p["priya"], "Revert \"celery: one queue for access tasks, drop the bulk worker (ACC-142)\"\n\nThe term activation's 4,752 tasks went into the access queue at 08:40\nand every resident checked in from 09:00 waited behind them (INC-402).", {
        "hallpass/celery.py": reverted,
        "k8s/worker-bulk.yaml": WORKER.format(name="bulk", replicas=1, queue="bulk", concurrency=4),
        "k8s/worker-access.yaml": WORKER.format(name="access", replicas=2, queue="access", concurrency=4),
        "docs/architecture.md": ARCHITECTURE,
    })
    shas["rel_2141"] = repo.commit(bst("2026-09-12 10:14:00"), p["priya"], "release 2.14.1", release(repo, "2.14.1", ["Revert ACC-142 (INC-402)"]))
    return repo, shas


# ---------------------------------------------------------------------------
# the logs

HALLS = {"KW": ("Kelvin Wharf", "kw"), "ML": ("Merchant Lofts", "ml"), "CY": ("Canal Yard", "cy")}
DESKS = {"KW": ["kw-desk-1", "kw-desk-2", "kw-desk-3"], "ML": ["ml-desk-1", "ml-desk-2"], "CY": ["cy-desk-1", "cy-desk-2", "cy-desk-3"]}
UA_APP = ["Northgate/4.8.0 (iPhone; iOS 17.6.1)", "Northgate/4.8.0 (iPhone; iOS 18.0)", "Northgate/4.8.0 (Android 14; Pixel 7)",
          "Northgate/4.8.0 (Android 14; SM-S911B)", "Northgate/4.8.0 (Android 13; moto g54)", "Northgate/4.7.2 (iPhone; iOS 16.7.10)"]
UA_DESK = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"


def B(text):
    return bst("2026-09-12 " + text)


def room(rng, hall):
    if hall == "CY":
        return f"CY-{rng.randint(1, 8)}-{rng.randint(1, 40):03d}"
    return f"{hall}-{rng.choice('ABCDE')}-{rng.randint(1, 14):02d}{rng.randint(1, 12):02d}"


def simulate(rng):
    """The access queue, FIFO, second by second: workers, restarts, the purge."""
    tasks = []  # dicts: id, kind, enq, start, end, resident, hall, host, proc, attempts
    arrivals = []
    t0 = int(START.timestamp())
    t_end = int(END.timestamp())

    def new_task(kind, enq, resident, hall, **kw):
        task = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "kind": kind, "enq": enq, "start": None,
                "end": None, "resident": resident, "hall": hall, "redelivered": False}
        task.update(kw)
        tasks.append(task)
        return task

    enqueue = collections.defaultdict(list)
    # routine key work before move-in: replacements, a few early arrivals, revocations
    for when in sorted(rng.uniform(t0, t_end) for _ in range(70)):
        hall = rng.choice(list(HALLS))
        kind = rng.choice(["issue_mobile_key", "issue_mobile_key", "revoke_mobile_key"])
        enqueue[int(when)].append(new_task(kind, when, f"R-26-{rng.randint(1000, 9999):05d}", hall, routine=True))
    # the activation at 08:40:20
    act = B("08:40:20").timestamp()
    counts = {"KW": 1402, "ML": 1163, "CY": 1545}
    halls = [h for h, n in counts.items() for _ in range(n)]
    rng.shuffle(halls)
    residents = [f"R-26-{i:05d}" for i in rng.sample(range(1000, 99999), len(halls))]
    activation = []
    for i, (resident, hall) in enumerate(zip(residents, halls)):
        when = act + 0.6 + i * 0.0049
        activation.append(new_task("activate_term_key", when, resident, hall))
    for i in range(642):
        when = act + 0.6 + (len(halls) + i) * 0.0049
        activation.append(new_task("revoke_mobile_key", when, f"S-26-{rng.randint(10000, 99999)}", rng.choice(list(HALLS)), guest=True))
    for task in activation:
        enqueue[int(task["enq"])].append(task)
    # arrivals at reception from 09:00 (slots; busiest in the morning)
    t = B("08:52:00").timestamp()
    while t < END.timestamp() - 60:
        hour = dt.datetime.fromtimestamp(t, dt.timezone.utc).astimezone(BST).hour
        rate = 0.15 if hour < 9 else (2.6 if hour < 11 else 2.0)
        t += rng.expovariate(rate / 60.0)
        hall = rng.choices(list(HALLS), weights=[1420, 1180, 1510])[0]
        resident = f"R-26-{rng.randint(1000, 99999):05d}"
        a = {"t": t, "hall": hall, "resident": resident, "room": room(rng, hall), "desk": rng.choice(DESKS[hall]),
             "task": None, "issued": None, "reissued": False}
        a["task"] = new_task("issue_mobile_key", t + 0.05, resident, hall, arrival=a)
        enqueue[int(t + 0.05)].append(a["task"])
        arrivals.append(a)

    restarts = {int(B("09:44:10").timestamp()): 38, int(B("10:21:30").timestamp()): 36}
    purge_at = int(B("10:23:10").timestamp())
    reissue_at = int(B("10:24:05").timestamp())
    slots = [{"host": f"hallpass-worker-access-{pod}", "proc": i + 1, "until": 0, "task": None}
             for pod in ("7c9d6b5f48-2xkqp", "7c9d6b5f48-tw8zn") for i in range(6)]
    queue = collections.deque()
    down_until = 0
    purged = set()
    events = []  # (t, kind, payload)
    version = "2.14.0"
    for now in range(t0, t_end + 1):
        for task in enqueue.get(now, []):
            queue.append(task)
        if now in restarts:
            # the pods are replaced: in-flight tasks are not acked and come back first
            back = [s["task"] for s in slots if s["task"] is not None]
            for s in slots:
                if s["task"] is not None:
                    s["task"]["start"] = None
                    s["task"]["end"] = None
                    s["task"]["redelivered"] = True
                s["task"], s["until"] = None, 0
            for task in reversed(back):
                queue.appendleft(task)
            down_until = now + restarts[now]
            events.append((now, "restart", len(back)))
            version = "2.13.1" if now < purge_at - 200 else "2.14.1"
            conc = 6 if version == "2.13.1" else 4
            for s in slots:
                s["off"] = s["proc"] > conc
        if now == purge_at:
            purged = {task["id"] for task in queue}
            queue.clear()
            events.append((now, "purge", len(purged)))
        if now == reissue_at:
            pending = [a for a in arrivals if a["task"]["id"] in purged]
            for a in pending:
                a["reissued"] = True
                a["task"] = new_task("issue_mobile_key", now + 0.2 + 0.01 * len(events), a["resident"], a["hall"], arrival=a, reissue=True)
                queue.append(a["task"])
            events.append((now, "reissue", len(pending)))
        for s in slots:
            if s["task"] is not None and s["until"] <= now:
                s["task"]["end"] = s["until"]
                if s["task"].get("arrival") and s["task"]["arrival"]["issued"] is None:
                    s["task"]["arrival"]["issued"] = s["until"]
                s["task"] = None
        if now < down_until:
            continue
        for s in slots:
            if s.get("off") or s["task"] is not None or not queue:
                continue
            task = queue.popleft()
            task["start"] = now + rng.random() * 0.9
            task["host"], task["proc"], task["version"] = s["host"], s["proc"], version
            busy = sum(1 for x in slots if x["task"] is not None) + 1
            if task["kind"] == "activate_term_key":
                dur = rng.lognormvariate(0, 0.25) * (7.5 + 0.35 * busy)
                task["doors"] = 6
            elif task["kind"] == "issue_mobile_key":
                dur = rng.lognormvariate(0, 0.25) * (3.1 + (0.35 * busy if busy > 6 else 0))
                task["doors"] = 6
            else:
                dur = rng.lognormvariate(0, 0.3) * 1.6
            # Keyloft's 5 requests/s: with more than ~8 busy processes, 429s
            task["r429"] = [round(rng.uniform(1.0, 4.0), 1) for _ in range(rng.choice([1, 2, 2, 3, 4]) if busy > 8 else 0)]
            dur += sum(task["r429"])
            task["dur"] = dur
            s["task"], s["until"] = task, int(task["start"] + dur) + 1
    return tasks, arrivals, events, purged


def build_logs(rng, shas):
    web = Log("hallpass-web.log")
    worker = Log("hallpass-worker-access.log")
    bulk = Log("hallpass-worker-bulk.log")
    qexp = Log("rabbitmq-queue-exporter.log")
    ingress = Log("ingress-nginx-access.log")
    argo = Log("argocd-application-controller.log")
    status = Log("keyloft-status.log")
    slack = Log("slack-hallpass.log")

    def at(x):
        return dt.datetime.fromtimestamp(x, dt.timezone.utc)

    def iso(x):
        t = at(x)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def celery_stamp(x):
        t = at(x)
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def wj(x, level, name, message, pod=None, **extra):
        body = {"asctime": celery_stamp(x), "levelname": level, "name": name, "message": message}
        body.update(extra)
        web.add(at(x), json.dumps(body, separators=(", ", ": ")))

    def cel(log, x, level, proc, text):
        log.add(at(x), f"[{celery_stamp(x)}: {level}/{proc}] {text}")

    def nginx(x, ip, method, path, status_, size, rt, ua, upstream="hallpass-hallpass-web-80", host=None):
        t = at(x)
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        ups = f"10.52.{rng.randint(0, 3)}.{rng.randint(10, 250)}:8000"
        ingress.add(t, f'{ip} - - [{stamp}] "{method} {path} HTTP/2.0" {status_} {size} "-" "{ua}" {rng.randint(40, 900)} {rt:.3f} '
                       f'[{upstream}] [] {ups} {size} {max(rt - 0.001, 0.001):.3f} {status_} {hexid(rng, 32)}')

    def phone_ip():
        return rng.choice([f"82.{rng.randint(0, 40)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"2a00:23c7:{hexid(rng, 4)}:{hexid(rng, 2)}01::{hexid(rng, 3)}",
                           f"94.{rng.randint(0, 20)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    desk_ip = {"KW": "81.130.14.66", "ML": "81.130.14.71", "CY": "86.12.201.9"}
    tasks, arrivals, events, purged = simulate(rng)
    ev = {kind: t for t, kind, _ in events}
    ev_n = {kind: n for _, kind, n in events}
    t0, t1 = START.timestamp(), END.timestamp()

    def version_at(x):
        if x < B("07:31:40").timestamp():
            return "2.13.1"
        if x < B("09:44:10").timestamp():
            return "2.14.0"
        if x < B("10:21:30").timestamp():
            return "2.13.1"
        return "2.14.1"

    # --- the workers ---------------------------------------------------------
    name_of = {"activate_term_key": "hallpass.access.tasks.activate_term_key",
               "issue_mobile_key": "hallpass.access.tasks.issue_mobile_key",
               "revoke_mobile_key": "hallpass.access.tasks.revoke_mobile_key"}
    for task in tasks:
        if task["start"] is None:
            continue
        s, proc = task["start"], f"ForkPoolWorker-{task['proc']}"
        name = name_of[task["kind"]]
        cel(worker, s - 0.004, "INFO", "MainProcess", f"Task {name}[{task['id']}] received")
        x = s
        for attempt, wait in enumerate(task["r429"], 1):
            x += rng.uniform(0.3, task["dur"] / 3)
            if task.get("version") == "2.13.1":
                cel(worker, x, "INFO", "MainProcess", f"Task {name}[{task['id']}] retry: Retry in {attempt * 2}s: KeyloftError('Keyloft 429 rate_limited: Rate limit of 5 requests per second exceeded')")
            else:
                cel(worker, x, "WARNING", proc, f"Keyloft 429 keys, retrying in {wait:.1f}s (attempt {attempt}/5)")
        if task["end"] is None:
            continue
        e = s + task["dur"]
        if task["kind"] == "activate_term_key":
            cel(worker, e - 0.003, "INFO", proc, f"{name}[{task['id']}]: term key issued resident={task['resident']} hall={task['hall']} doors=6 took={task['dur']:.1f}s")
        elif task["kind"] == "issue_mobile_key":
            cel(worker, e - 0.003, "INFO", proc, f"{name}[{task['id']}]: mobile key issued resident={task['resident']} hall={task['hall']} doors=6 took={task['dur']:.1f}s")
        else:
            cel(worker, e - 0.003, "INFO", proc, f"{name}[{task['id']}]: mobile keys revoked tenancy=T-{task['resident'][2:]} hall={task['hall']}")
        cel(worker, e, "INFO", proc, f"Task {name}[{task['id']}] succeeded in {task['dur']:.3f}s: None")

    def worker_boot(x, pod, version, sha, conc, queue="access", log=worker):
        lines = [
            f"Connected to amqps://hallpass:**@goose.rmq.cloudamqp.com:5671/hallpass",
            "mingle: searching for neighbors",
            "mingle: all alone" if queue == "bulk" else f"mingle: sync with 1 nodes",
            f"{queue}@{pod} ready.",
        ]
        cel(log, x, "INFO", "MainProcess", f"hallpass {version} ({sha[:7]}) worker starting: queues={queue} concurrency={conc}")
        for i, text in enumerate(lines):
            cel(log, x + 0.4 + i * 0.3, "INFO", "MainProcess", text)

    def worker_stop(x, log=worker):
        cel(log, x, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")

    # routine start of the day: the morning deploy of 2.14.0
    pods_old = ["6f8b9c7d54-hm2lq", "6f8b9c7d54-p9xvr"]
    pods_140 = ["7c9d6b5f48-2xkqp", "7c9d6b5f48-tw8zn"]
    for i, pod in enumerate(pods_old):
        worker_stop(B("07:31:50").timestamp() + i * 21)
    for i, pod in enumerate(pods_140):
        worker_boot(B("07:31:44").timestamp() + i * 21, f"hallpass-worker-access-{pod}", "2.14.0", shas["rel_2140"], 6)
    for i, (x, ver, sha, conc) in enumerate([(B("09:44:10").timestamp(), "2.13.1", shas["rel_2131"], 6),
                                              (B("10:21:30").timestamp(), "2.14.1", shas["rel_2141"], 4)]):
        for j, pod in enumerate(pods_140):
            worker_stop(x - 0.5 + j * 0.2)
            cel(worker, x - 0.3 + j * 0.2, "WARNING", "MainProcess", f"Restoring {rng.randint(5, 6)} unacknowledged message(s)")
            worker_boot(x + 30 + j * 3.1, f"hallpass-worker-access-{pod}", ver, sha, conc)
    # the purge and the second activation, on the bulk worker
    bulk_pod = "hallpass-worker-bulk-5d7f8c6b9-q4wzj"
    worker_boot(B("10:21:52").timestamp(), bulk_pod, "2.14.1", shas["rel_2141"], 4, queue="bulk", log=bulk)
    cel(bulk, B("10:25:02").timestamp(), "INFO", "MainProcess", f"Task hallpass.access.tasks.activate_term_keys[{uuid.UUID(int=rng.getrandbits(128), version=4)}] received")
    done = sum(1 for t in tasks if t["kind"] == "activate_term_key" and t["end"] is not None)
    remaining = 4110 - done
    cel(bulk, B("10:25:09").timestamp(), "INFO", "ForkPoolWorker-1",
        f"hallpass.access.tasks.activate_term_keys[{uuid.UUID(int=rng.getrandbits(128), version=4)}]: term activation: queued {remaining} key tasks on queue bulk (term 2026/27, {remaining} residents, 0 summer guests)")
    x = B("10:25:10").timestamp()
    procs = [x] * 4
    for _ in range(remaining):
        i = min(range(4), key=lambda k: procs[k])
        s = procs[i] + rng.uniform(0.01, 0.2)
        if s > t1:
            break
        d = rng.lognormvariate(0, 0.25) * 6.9
        tid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        cel(bulk, s, "INFO", "MainProcess", f"Task hallpass.access.tasks.activate_term_key[{tid}] received")
        cel(bulk, s + d - 0.003, "INFO", f"ForkPoolWorker-{i + 1}", f"hallpass.access.tasks.activate_term_key[{tid}]: term key issued resident=R-26-{rng.randint(1000, 99999):05d} hall={rng.choice(list(HALLS))} doors=6 took={d:.1f}s")
        cel(bulk, s + d, "INFO", f"ForkPoolWorker-{i + 1}", f"Task hallpass.access.tasks.activate_term_key[{tid}] succeeded in {d:.3f}s: None")
        procs[i] = s + d

    # the activation itself, in the worker that took it (worker-access)
    act = B("08:40:20").timestamp()
    tid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    cel(worker, act - 0.02, "INFO", "MainProcess", f"Task hallpass.access.tasks.activate_term_keys[{tid}] received")
    cel(worker, act + 24.1, "INFO", "ForkPoolWorker-3",
        f"hallpass.access.tasks.activate_term_keys[{tid}]: term activation: queued 4752 key tasks on queue access (term 2026/27, 4110 residents, 642 summer guests)")
    cel(worker, act + 24.2, "INFO", "ForkPoolWorker-3", f"Task hallpass.access.tasks.activate_term_keys[{tid}] succeeded in 24.183s: None")
    # the purge (celery -A hallpass purge -Q access, run from a worker pod)
    cel(worker, ev["purge"] + 0.3, "WARNING", "MainProcess", f"Purged {ev_n['purge']} messages from 1 known task queue (access) at the request of priya.nair")

    # --- the queue exporter (every 30 s) --------------------------------------
    x = t0 + 7.3
    while x < t1:
        ready = sum(1 for t in tasks if t["enq"] <= x and (t["start"] is None or t["start"] > x) and not (x >= ev["purge"] and t["id"] in purged))
        unacked = sum(1 for t in tasks if t["start"] is not None and t["start"] <= x and (t["end"] is None or t["end"] > x))
        consumers = 0 if (B("09:44:10").timestamp() <= x < B("09:44:48").timestamp() or B("10:21:30").timestamp() <= x < B("10:22:06").timestamp()) else 12
        unacked = min(unacked, consumers)
        ts = at(x).strftime("%Y-%m-%dT%H:%M:%SZ")
        for q, r, c, u in (("access", ready, consumers, unacked), ("default", rng.choice([0, 0, 0, 1, 2]), 4, rng.choice([0, 0, 1])),
                           ("bulk", 0, 0 if x < B("10:21:55").timestamp() else 4, 0), ("celery", 0, 0, 0)):
            if q == "bulk" and x >= B("10:25:09").timestamp():
                r, u = max(0, remaining - int((x - B("10:25:09").timestamp()) / 6.9 * 4)), 4
            qexp.add(at(x), f'time={ts} level=info msg="queue stats" vhost=hallpass queue={q} messages_ready={r} messages_unacked={u} consumers={c}')
            if r > 200:
                oldest = 0
                waiting = [t["enq"] for t in tasks if t["enq"] <= x and (t["start"] is None or t["start"] > x) and not (x >= ev["purge"] and t["id"] in purged)]
                if waiting:
                    oldest = int(x - min(waiting))
                qexp.add(at(x), f'time={ts} level=warn msg="queue backlog above threshold" vhost=hallpass queue={q} messages_ready={r} consumers={c} threshold=200 oldest_message_age_s={oldest}')
        if abs(x - B("10:00:00").timestamp()) < 15:
            ready_at_10 = (ready, oldest if ready > 200 else 0)
        x += 30

    # --- web, app and desk -----------------------------------------------------
    web_pods = ["hallpass-web-6b8d7f9c5-4kq2m", "hallpass-web-6b8d7f9c5-8trnx", "hallpass-web-6b8d7f9c5-zv6wd"]
    for a in arrivals:
        x = a["t"]
        nginx(x - 0.1, desk_ip[a["hall"]], "POST", f"/desk/api/tenancies/T-{a['resident'][2:]}/check-in", 201, 44, rng.uniform(0.06, 0.2), UA_DESK, host="desk")
        wj(x, "INFO", "hallpass.access", "resident checked in", resident=a["resident"], hall=a["hall"], room=a["room"], desk=a["desk"])
        # the phone polls while the resident waits (the app opens on the keys screen)
        issued = a["issued"] if a["issued"] is not None else t1 + 999
        y = x + rng.uniform(15, 60)
        ua = rng.choice(UA_APP)
        ipaddr = phone_ip()
        while y < min(issued, t1):
            nginx(y, ipaddr, "GET", "/api/v1/keys/mine", 200, 20, rng.uniform(0.015, 0.05), ua)
            if y - x > 120 and version_at(y) in ("2.14.0", "2.14.1"):
                wj(y + 0.01, "WARNING", "hallpass.access", "mobile key still pending", resident=a["resident"], hall=a["hall"],
                   waited_s=int(y - x), key_request=rng.randint(880000, 889999))
            y += rng.uniform(50, 200) if y - x < 600 else rng.uniform(150, 420)
        if issued < t1:
            # the push from Keyloft's SDK opens the keys screen
            y = issued + rng.uniform(1.5, 8)
            nginx(y, ipaddr, "GET", "/api/v1/keys/mine", 200, 1184, rng.uniform(0.02, 0.08), ua)
            wj(y + 0.01, "INFO", "hallpass.access", "mobile key delivered", resident=a["resident"], hall=a["hall"], waited_s=int(y - x))
    # desk "resend key" clicks during the wait (each one a new issue task in the queue in real life; the desk screen refuses
    # a second request while one is pending and logs it)
    for _ in range(150):
        a = rng.choice([a for a in arrivals if a["t"] < B("10:20:00").timestamp()])
        x = a["t"] + rng.uniform(240, 2400)
        if x > (a["issued"] or t1) or x > t1:
            continue
        nginx(x, desk_ip[a["hall"]], "POST", f"/desk/api/tenancies/T-{a['resident'][2:]}/reissue-key", 409, 61, rng.uniform(0.03, 0.09), UA_DESK)
        wj(x + 0.01, "INFO", "hallpass.access", "reissue refused: key request already pending", resident=a["resident"], hall=a["hall"], desk=a["desk"])
    # the reissue of every pending key after the purge
    wj(ev["reissue"], "INFO", "hallpass.access", "pending keys reissued", count=ev_n["reissue"], user="priya.nair")
    nginx(ev["reissue"] - 0.2, "81.130.14.20", "POST", "/desk/api/keys/reissue-pending", 202, 38, 0.884, UA_DESK)
    # the activation from the admin screen
    nginx(B("08:40:19").timestamp(), "81.130.14.20", "POST", "/desk/api/terms/2026-27/activate-keys", 202, 51, 0.132, UA_DESK)
    wj(B("08:40:20").timestamp(), "INFO", "hallpass.access", "term key activation requested", term="2026/27", user="eilidh.grant")
    nginx(B("10:25:01").timestamp(), "81.130.14.20", "POST", "/desk/api/terms/2026-27/activate-keys", 202, 51, 0.141, UA_DESK)
    wj(B("10:25:02").timestamp(), "INFO", "hallpass.access", "term key activation requested", term="2026/27", user="priya.nair")
    # gunicorn boots
    for x, ver, sha in ((B("07:31:20").timestamp(), "2.14.0", shas["rel_2140"]), (B("09:43:52").timestamp(), "2.13.1", shas["rel_2131"]),
                        (B("10:21:12").timestamp(), "2.14.1", shas["rel_2141"])):
        for i, pod in enumerate(web_pods):
            wj(x + i * 14.2, "INFO", "gunicorn.error", "Starting gunicorn 23.0.0")
            wj(x + i * 14.2 + 0.02, "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")
            wj(x + i * 14.2 + 1.3, "INFO", "hallpass", "hallpass started", version=ver, commit=sha[:7], pod=pod)
    # routine traffic: laundry, maintenance, resident app, health
    machines = {h: [f"{h}-{kind}{n:02d}" for kind in ("W", "D") for n in range(1, 11)] for h in HALLS}

    def laundry(x):
        hall = rng.choice(list(HALLS))
        resident = f"R-{rng.choice(['25', '26'])}-{rng.randint(1000, 99999):05d}"
        if rng.random() < 0.3:
            amount = rng.choice(["5.00", "10.00", "10.00", "20.00"] + (["15.00"] if version_at(x) != "2.13.1" else []))
            nginx(x, phone_ip(), "POST", "/api/v1/laundry/top-up", 200, 27, rng.uniform(0.3, 0.9), rng.choice(UA_APP))
            wj(x + 0.01, "INFO", "hallpass.laundry", "laundry top-up", resident=resident, amount=amount, balance=f"{rng.randint(5, 40)}.{rng.choice(['00', '20', '40', '60', '80'])}")
        else:
            m = rng.choice(machines[hall])
            nginx(x, phone_ip(), "POST", f"/api/v1/laundry/machines/{m}/start", 200, 88, rng.uniform(0.4, 1.3), rng.choice(UA_APP))
            wj(x + 0.01, "INFO", "hallpass.laundry", "laundry cycle started", resident=resident, machine=m, price="3.20" if "-W" in m else "1.80")

    def maintenance(x):
        hall = rng.choice(list(HALLS))
        cat, pr = rng.choice([("plumbing", "P3"), ("electrical", "P3"), ("furniture", "P3"), ("heating", "P3"), ("doors", "P3"),
                              ("appliances", "P3"), ("plumbing", "P1"), ("doors", "P1")])
        nginx(x, phone_ip(), "POST", "/api/v1/maintenance/tickets", 201, 64, rng.uniform(0.08, 0.25), rng.choice(UA_APP))
        wj(x + 0.01, "INFO", "hallpass.maintenance", "maintenance ticket created", ticket=f"MT-{rng.randint(41000, 43999)}", hall=hall, category=cat, priority=pr)

    def browse(x):
        path, size = rng.choice([("/api/v1/me", 912), ("/api/v1/notices", 3310), ("/api/v1/laundry/machines?hall=KW", 2240),
                                 ("/api/v1/laundry/machines?hall=CY", 2301), ("/api/v1/laundry/machines?hall=ML", 2189),
                                 ("/api/v1/maintenance/tickets", 1402), ("/api/v1/events", 5120)])
        nginx(x, phone_ip(), "GET", path, 200, size + rng.randint(-40, 40), rng.uniform(0.02, 0.15), rng.choice(UA_APP))

    x = t0
    while x < t1:
        hour = at(x).astimezone(BST).hour + at(x).astimezone(BST).minute / 60
        rate = 1.5 + (6.0 if hour > 8.5 else 3.0 * max(0, hour - 6.5))
        x += rng.expovariate(rate / 60)
        r = rng.random()
        if r < 0.22:
            laundry(x)
        elif r < 0.30:
            maintenance(x)
        else:
            browse(x)
    x = t0
    while x < t1:
        x += rng.uniform(280, 320)
        wj(x, "INFO", "hallpass.laundry", "spinhaus webhook batch", events=rng.randint(3, 30), machines_online=rng.choice([59, 60, 60, 60]))

    # --- Argo CD -------------------------------------------------------------
    def argo_line(x, level, msg, **kv):
        t = at(x)
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/hallpass"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    for x, sha, how in ((B("07:31:02").timestamp(), shas["rel_2140"], "auto"), (B("09:43:31").timestamp(), shas["rel_2131"], "rollback"),
                        (B("10:20:48").timestamp(), shas["rel_2141"], "auto")):
        if how == "auto":
            argo_line(x - 6.1, "info", f"Initiated automated sync to '{sha}'", dest_namespace="hallpass")
        else:
            argo_line(x - 6.1, "info", f"Initiated rollback sync to '{sha}' (history id 41)", dest_namespace="hallpass", user="callum.baird")
        argo_line(x, "info", f"Sync operation to {sha} succeeded", dest_namespace="hallpass")
        argo_line(x + 0.2, "info", "Updated sync status: OutOfSync -> Synced", dest_namespace="hallpass")
        if sha == shas["rel_2141"]:
            argo_line(x + 0.3, "info", "Created resource apps/Deployment hallpass/hallpass-worker-bulk", dest_namespace="hallpass")
        argo_line(x + 95, "info", "Updated health status: Progressing -> Healthy", dest_namespace="hallpass")
    x = t0 + 40
    while x < t1:
        argo_line(x, "info", "Refreshing app status (controller refresh requested), level (1)", dest_namespace="hallpass")
        argo_line(x + 0.4, "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: hallpass)", dest_namespace="hallpass")
        x += 180

    # --- Keyloft status page ----------------------------------------------------
    def st(x, status_, title, body):
        t = at(x)
        status.add(t, json.dumps({"updated_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "incident": "kl-2026-0912-a", "status": status_,
                                  "components": ["EU - Key encoding"], "title": title, "body": body}))
    st(B("08:09:00").timestamp(), "investigating", "Increased latency for key encoding (EU)", "Some customers in the EU region see increased latency when issuing mobile keys. We are investigating.")
    st(B("08:31:00").timestamp(), "monitoring", "Increased latency for key encoding (EU)", "A fix has been applied and latency is returning to normal. We are monitoring.")
    st(B("08:52:00").timestamp(), "resolved", "Increased latency for key encoding (EU)", "Key encoding latency in the EU region has been normal since 08:27 UTC+1. This incident is resolved.")

    # --- #hallpass (Slack export) -------------------------------------------------
    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"ts": f"{t.timestamp():.6f}", "channel": "hallpass", "user_name": who, "text": text}, ensure_ascii=False))

    pending_peak = sum(1 for a in arrivals if a["t"] < B("10:20:00").timestamp() and (a["issued"] is None or a["issued"] > B("10:20:00").timestamp()))
    say(B("07:34:00").timestamp(), "Priya Nair", "2.14.0 is out (07:31): Keyloft 429s retried in the client (ACC-145), pending-key warning (ACC-146), £15 top-up, celery 5.4.1. good luck with move-in everyone")
    say(B("08:12:00").timestamp(), "Fraser Duncan", "keyloft status page has a latency notice for EU key encoding, keep an eye on it")
    say(B("08:41:00").timestamp(), "Eilidh Grant", "activated the 2026/27 keys from the admin screen, reception opens at 9")
    say(B("08:53:00").timestamp(), "Fraser Duncan", "keyloft notice resolved")
    say(B("09:11:00").timestamp(), "Eilidh Grant", "KW desk: the first arrivals have been waiting 10 min for their keys, app says pending. same at Canal Yard")
    say(B("09:14:00").timestamp(), "Eilidh Grant", "the desks are handing out the spare cards for now")
    say(B("09:21:00").timestamp(), "Callum Baird", "paged by KeysPendingHigh. looking")
    say(B("09:27:00").timestamp(), "Callum Baird", "lots of 'mobile key still pending' and Keyloft 429 retries in the worker. keyloft had a latency notice this morning, runbook says that's the usual cause. raising a P1 with Keyloft")
    say(B("09:33:00").timestamp(), "Callum Baird", "keyloft ticket KL-77120 open. 2.14.0 changed the keyloft client (ACC-145, retries with sleeps in the task) so per the runbook I'm rolling back to 2.13.1")
    say(B("09:47:00").timestamp(), "Callum Baird", "2.13.1 synced 09:43. workers restarted")
    say(B("09:55:00").timestamp(), "Eilidh Grant", "still pending for the new arrivals at all 3 halls. we're down to 20 spare cards at KW")
    say(B("09:56:00").timestamp(), "Callum Baird", "the pending warnings have gone but that's only because 2.13.1 doesn't log them. keyloft answered: no issue on their side, our account is at its rate limit the whole time, 5 rps")
    say(B("09:58:00").timestamp(), "Priya Nair", "here. what is the worker actually running?")
    say(B("10:02:00").timestamp(), "Priya Nair", f"every task the access workers have run since 08:40 is activate_term_key. 'term activation: queued 4752 key tasks on queue access' at 08:40. and the exporter has the access queue at {ready_at_10[0]:,} ready, oldest {ready_at_10[1] // 60} min. the arrivals' keys are at the back of it")
    say(B("10:04:00").timestamp(), "Priya Nair", "that's ACC-142 (tuesday): the bulk route and worker-bulk are gone, so the activation shares the access queue with the desks. the bulk queue is still there in rabbit with 0 consumers. rollback to 2.13.1 can't help, it has ACC-142 too")
    say(B("10:06:00").timestamp(), "Callum Baird", "argh, mine. the 429s are just the activation eating the whole rate limit")
    say(B("10:08:00").timestamp(), "Priya Nair", "plan: revert ACC-142 (2.14.1 on top of 2.14.0), purge the access queue, activate again on the bulk worker (it skips keys already issued), then reissue every pending arrival's key")
    say(B("10:22:00").timestamp(), "Priya Nair", "2.14.1 synced, worker-bulk is back")
    say(B("10:24:00").timestamp(), "Priya Nair", f"purged access ({ev_n['purge']} messages), reissued {ev_n['reissue']} pending keys")
    say(B("10:26:00").timestamp(), "Priya Nair", f"activation re-run: queued {remaining} on queue bulk")
    say(B("10:31:00").timestamp(), "Eilidh Grant", "keys arriving at all desks in seconds again. collecting the spare cards back")
    say(B("10:36:00").timestamp(), "Callum Baird", "closing KL-77120 with Keyloft. INC-402 postmortem Monday")
    stats = {"pending_peak": pending_peak, "purged": ev_n["purge"], "reissued": ev_n["reissue"], "remaining": remaining}
    return [web, worker, bulk, qexp, ingress, argo, status, slack], stats


def build(out_dir):
    rng = random.Random(102100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        # the first phone that polls "pending" for more than two minutes
        onset = B("09:00:00")
        first = min(t for t, _, text in logs[0].entries if "mobile key still pending" in text)
        onset = first.replace(microsecond=0)
        culprit_at = bst("2026-09-08 14:20:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r102-move-in-keys-shared-queue", service=SERVICE, onset=onset,
            description=f"""
Northgate Student Living's first move-in day, Saturday 12 September 2026:
residents checked in at the reception desks of Kelvin Wharf, Merchant
Lofts and Canal Yard (open from 09:00 BST, a few arrive early) get no
mobile key for the halls' Bluetooth locks; their phones show "pending" (first warning at
{onset.astimezone(BST).strftime('%H:%M:%S')} BST), the desks hand out spare cards. hallpass 2.14.0 had been
synced at 07:31 BST and was rolled back to 2.13.1 at 09:43 without effect.
2.14.1 was synced at 10:20; the access queue was purged at 10:23 and the
pending keys reissued at 10:24, after which keys came through in seconds.
The Slack export and the Keyloft status page quote BST (UTC+1).
""",
            logs=logs,
            line_formats={
                "hallpass-worker-access.log": r'\[<Time>: <Level>/<Process>\] <Content>',
                "hallpass-worker-bulk.log": r'\[<Time>: <Level>/<Process>\] <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'term activation: queued .* key tasks on queue',
                r'queue backlog above threshold',
            ],
            fix_files=["hallpass/celery.py", "k8s/worker-bulk.yaml"],
            explanation=f"""
The culprit is ACC-142 ("celery: one queue for access tasks, drop the bulk
worker"), committed on Tuesday 8 September at 14:20 BST and released in
2.13.0 that afternoon, {hours:.1f} hours before the onset. It routes every
hallpass.access task to the `access` queue and deletes worker-bulk, so the
term activation, run once a year on the first move-in morning, shares the
FIFO queue with the keys of residents checked in at the desks. At 08:40 the
activation queues 4,752 tasks "on queue access" (last year: bulk); at
Keyloft's 5 requests a second they take about two hours, and every
arrival's key task from 09:00 waits behind them: the phones poll
"pending", the queue exporter warns "queue backlog above threshold" for
`access` (oldest message over an hour) and lists `bulk` with no
consumers, and the workers run nothing but activate_term_key. The fix is
the revert of ACC-142 (the bulk route in hallpass/celery.py and
k8s/worker-bulk.yaml), with a purge of the access queue, the activation
run again on the bulk worker and the pending keys reissued
({stats['reissued']} of them).
Decoys: release 2.14.0, synced {int((onset - B('07:31:02')).total_seconds() // 60)} minutes before the onset (ACC-145, Keyloft
429/503 retried in the client with sleeps, whose retry warnings fill the
worker log because the activation uses the whole rate limit; ACC-146, which
adds the "mobile key still pending" warning that fills the web log; a £15
laundry top-up; a celery and kombu bump), rolled back to 2.13.1, which holds
the culprit, without effect (the pending warnings stop, the keys do not);
ACC-144, a beat schedule change in the culprit's file; the runbook commit
that reads pending keys as Keyloft being slow; Keyloft's real latency notice
from 08:05 to 08:52, resolved before the onset; the desks' refused "reissue
key" clicks.
""",
        )
    finally:
        repo.close()
