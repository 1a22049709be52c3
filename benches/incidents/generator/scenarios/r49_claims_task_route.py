"""vetcore (Python 3.12, Django 5.1 and Celery 5.4 with RabbitMQ; web, a
Celery beat, worker-default and worker-claims deployments on EKS in
eu-west-2, released by a manual GitLab CI job running `helm upgrade`;
platform team in Bristol and a contractor in Kraków) of Hartwell Vets, a
UK chain of 61 veterinary clinics and three 24-hour hospitals. vetcore is
the practice-management platform: appointments and reminders, the
clinical record, lab requests and results from the reference lab
Castlegate Veterinary Laboratories, prescriptions and the controlled-drug
register, invoicing and direct insurance claims.

Castlegate posts each released result to a webhook (an HL7 v2 ORU^R01
message in a JSON envelope); the web pod stores it and queues
`vetcore.labs.tasks.ingest_result`, which files the result in the
patient's record and tells the requesting vet. That task runs on the
`default` queue, with booking confirmations, reminders and invoice PDFs,
on worker-default: two pods of four processes, tasks of under a second to
a few seconds. Direct insurance claims (the clinic claims from the insurer
on the client's behalf) are slow: each builds a bundle of the clinical
history, invoices and lab reports as PDFs and uploads it to the insurer's
API (20-45 s). They are routed to their own `claims` queue by
CELERY_TASK_ROUTES ("vetcore.billing.claims.*") and run on worker-claims
(one pod, two processes, within the insurers' API limits). Every evening
at 19:30 the beat task `nightly-direct-claims` queues one claim task per
direct claim approved that day; Mondays carry the weekend's too.

On Friday 6 November at 15:41 UTC CLM-231 moves the claims code out of
billing into its own Django app, `vetcore.insurance`: the tasks are now
named `vetcore.insurance.tasks.*`, the beat entry and INSTALLED_APPS are
updated in settings/base.py, the route is not. Nothing fails: a task that
matches no route goes to the default queue. It is released on Monday 9
November at 10:02 (no Friday releases), and through the day the odd
"submit claim now" from a reception runs on worker-default unnoticed.

Monday 9 November, 19:30 UTC: the nightly run queues 1,384 claims, all on
the default queue, and the eight worker-default processes work through
them for more than an hour. Lab results, booking confirmations and
invoice PDFs queue behind them. The 24-hour hospitals' vets wait for
bloodwork that Castlegate has released (a collapsed dog's biochemistry, a
cat's pre-anaesthetic panel); Castlegate's lab phone line reads results
out. At 19:04 a release had gone out (LAB-377: Castlegate's NTE comments
in haematology results, in the lab parser; LAB-371, which makes the webhook
warn about received results not filed after ten minutes; a psycopg
bump). The on-call rolls it back at 20:02 (the new warnings vanish, the
queue does not move); at 20:16 `celery inspect active` shows
worker-default full of claim tasks and worker-claims idle, worker-default
is scaled to six pods (PetGuard answers 429 to the extra claims) and the
queue drains by about 20:40. The route is fixed at 21:31 and released at
21:48.

Sources: vetcore-web (python-json-logger JSON), worker-default and
worker-claims (`kubectl logs --prefix`, Celery's format, line format),
celery-beat (Celery), ingress-nginx access, GitLab CI deploy job traces,
#vetcore-oncall (Slack export, JSON lines)."""

import datetime as dt
import heapq
import json
import random
import uuid

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, runbook

SERVICE = "vetcore"
START, END = utc("2026-11-09 17:20:00"), utc("2026-11-09 22:20:00")
RELEASE = utc("2026-11-09 19:04:40")     # new pods serving
CLAIMS_RUN = utc("2026-11-09 19:30:00")
ROLLBACK = utc("2026-11-09 20:02:50")
SCALE = utc("2026-11-09 20:16:30")
FIX = utc("2026-11-09 21:48:20")
N_CLAIMS = 1384

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "vetcore"
version = "2026.11.06"
requires-python = ">=3.12"
dependencies = [
  "Django==5.1.3",
  "celery==5.4.0",
  "psycopg[binary]==3.2.1",
  "django-celery-beat==2.7.0",
  "python-json-logger==2.0.7",
  "hl7==0.4.5",
  "httpx==0.27.2",
  "weasyprint==62.3",
  "gunicorn==23.0.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "pytest-django==4.9.0", "factory-boy==3.3.1"]
"""

SETTINGS = '''"""Settings shared by every environment; production.py reads secrets
from the environment."""

from celery.schedules import crontab

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django_celery_beat",
    "vetcore.clinics",
    "vetcore.patients",
    "vetcore.appointments",
    "vetcore.reminders",
    "vetcore.labs",
    "vetcore.pharmacy",
    "vetcore.billing",
]

TIME_ZONE = "Europe/London"
USE_TZ = True
SESSION_COOKIE_AGE = 8 * 3600

# --- Celery
CELERY_BROKER_URL = "amqp://vetcore@rabbitmq.vetcore.svc:5672/vetcore"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
# Direct claims build PDF bundles and upload them to the insurers (20-45 s
# each); they have their own queue and worker so that they never hold up
# lab results and booking confirmations. worker-claims runs two processes,
# within the insurers' API limits.
CELERY_TASK_ROUTES = {
    "vetcore.billing.claims.*": {"queue": "claims"},
}
CELERY_BEAT_SCHEDULE = {
    "reminders-dispatch": {
        "task": "vetcore.reminders.tasks.dispatch_due",
        "schedule": crontab(minute="*/15"),
    },
    "labs-reconcile": {
        "task": "vetcore.labs.tasks.reconcile_pending",
        "schedule": crontab(minute=5),
    },
    "nightly-direct-claims": {
        "task": "vetcore.billing.claims.enqueue_direct_claims",
        "schedule": crontab(hour=19, minute=30),
    },
}
'''

CELERY_PY = '''import logging
import os
import time

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetcore.settings.production")

app = Celery("vetcore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger("vetcore.celery")


@task_prerun.connect
def log_queue_wait(task_id=None, task=None, **kwargs):
    """Warn when a task waited more than a minute between publish and start."""
    sent = (task.request.headers or {}).get("sent_at")
    if not sent:
        return
    waited = time.time() - float(sent)
    if waited > 60:
        queue = (task.request.delivery_info or {}).get("routing_key", "?")
        log.warning("task %s waited %ds in queue %s", task.name, waited, queue)
'''

CLAIMS_PY = '''"""Direct insurance claims: the clinic claims from the client's insurer."""

import logging

from celery import shared_task

from vetcore.billing.models import Claim
from vetcore.billing.insurers import client_for
from vetcore.billing.bundle import build_bundle

log = logging.getLogger(__name__)


@shared_task
def enqueue_direct_claims():
    claims = Claim.objects.approved_today().select_related("invoice__clinic")
    for claim in claims:
        submit_claim.delay(claim.pk)
    log.info("nightly direct claims: queued %d claims from %d clinics",
             len(claims), len({c.invoice.clinic_id for c in claims}))


@shared_task(bind=True, max_retries=5)
def submit_claim(self, claim_id):
    claim = Claim.objects.select_related("invoice", "policy").get(pk=claim_id)
    bundle = build_bundle(claim)
    insurer = client_for(claim.policy.insurer)
    try:
        ref = insurer.submit(claim, bundle)
    except insurer.Throttled as err:
        log.warning("%s answered 429 for claim %s, retrying in %ss", insurer.name, claim.number, err.retry_after)
        raise self.retry(countdown=err.retry_after)
    claim.mark_submitted(ref)
    log.info("direct claim %s submitted to %s: ref %s, %d documents, %.1f MB",
             claim.number, insurer.name, ref, len(bundle.documents), bundle.size / 1e6)
'''

LABS_TASKS = '''"""Results from Castlegate Veterinary Laboratories: the webhook stores the
ORU^R01 message and queues ingest_result."""

import logging

from celery import shared_task
from django.utils import timezone

from vetcore.labs.models import InboundResult
from vetcore.labs.parsers import parse_oru
from vetcore.labs.filing import file_result

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def ingest_result(inbound_id):
    inbound = InboundResult.objects.get(pk=inbound_id)
    report = parse_oru(inbound.message)
    filed = file_result(report)
    log.info("result filed accession=%s panel=%s patient=%s vet=%s",
             report.accession, report.panel, filed.patient_id, filed.requested_by)


@shared_task
def reconcile_pending():
    pending = InboundResult.objects.filter(filed_at__isnull=True, received_at__lt=timezone.now() - timezone.timedelta(hours=2))
    log.info("reconcile: %d inbound results not filed after 2h", pending.count())
'''

LABS_PARSERS = '''"""HL7 v2.5.1 ORU^R01 from Castlegate: one ORC/OBR per panel, OBX per analyte."""

import hl7


class Report:
    def __init__(self, accession, panel, observations, comments):
        self.accession = accession
        self.panel = panel
        self.observations = observations
        self.comments = comments


def parse_oru(text):
    msg = hl7.parse(text.replace("\\n", "\\r"))
    obr = msg.segment("OBR")
    observations = []
    for obx in msg.segments("OBX"):
        observations.append({
            "code": str(obx[3][0][0]),
            "name": str(obx[3][0][1]),
            "value": str(obx[5]),
            "units": str(obx[6]),
            "range": str(obx[7]),
            "flag": str(obx[8]),
        })
    return Report(str(obr[3]), str(obr[4][0][1]), observations, [])
'''

LABS_WEBHOOKS = '''"""POST /api/labs/castlegate/results: Castlegate's signed ORU^R01 envelopes."""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from vetcore.labs.models import InboundResult
from vetcore.labs.signing import verify_castlegate
from vetcore.labs.tasks import ingest_result

log = logging.getLogger(__name__)


@require_POST
@verify_castlegate
def castlegate_results(request):
    envelope = request.json
    inbound = InboundResult.objects.create_from_envelope(envelope)
    ingest_result.delay(inbound.pk)
    log.info("castlegate result received", extra={
        "accession": inbound.accession, "message_control_id": inbound.control_id,
        "panel": inbound.panel, "clinic": inbound.clinic_name, "released_at": inbound.released_at.isoformat()})
    return JsonResponse({"accepted": inbound.control_id}, status=202)
'''

VALUES = """image:
  repository: 418827361044.dkr.ecr.eu-west-2.amazonaws.com/vetcore
web:
  replicas: 4
beat:
  replicas: 1
workers:
  default:
    replicas: 2
    args: ["celery", "-A", "vetcore", "worker", "-Q", "default", "-c", "4", "-l", "INFO"]
  claims:
    replicas: 1
    args: ["celery", "-A", "vetcore", "worker", "-Q", "claims", "-c", "2", "-l", "INFO"]
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: python:3.12
  services: [postgres:16, rabbitmq:3.13]
  script:
    - pip install -e .[test]
    - pytest -q

build:
  stage: build
  script:
    - docker build -t $ECR/vetcore:$CI_COMMIT_SHORT_SHA .
    - docker push $ECR/vetcore:$CI_COMMIT_SHORT_SHA
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy-production:
  stage: deploy
  when: manual
  script:
    - helm upgrade vetcore deploy/chart -n vetcore -f deploy/values-production.yaml --set image.tag=$CI_COMMIT_SHORT_SHA --wait --timeout 10m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
"""

RUNBOOK_ALERTS = [
    ("LabResultsNotFiled", "Inbound results not filed two hours after Castlegate posted them (labs-reconcile). Usually a result for a patient we cannot match (wrong client number on the request form): the lab team files it by hand from Admin > Labs > Unmatched."),
    ("InsurerApiErrors", "An insurer's API answers 5xx to claim submissions. The tasks retry five times; after that the claim is back in the clinic's 'to submit' list. Check the insurer's status page."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    ellen = Person("Ellen Price", "ellen.price@hartwellvets.co.uk", 0)
    priya = Person("Priya Raman", "priya.raman@hartwellvets.co.uk", 0)
    owen = Person("Owen Pritchard", "owen.pritchard@hartwellvets.co.uk", 0)
    kasia = Person("Katarzyna Nowak", "katarzyna.nowak@contractors.hartwellvets.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    settings = "vetcore/settings/base.py"
    files = {
        "pyproject.toml": PYPROJECT,
        settings: SETTINGS,
        "vetcore/celery.py": CELERY_PY,
        "vetcore/billing/claims.py": CLAIMS_PY,
        "vetcore/labs/tasks.py": LABS_TASKS,
        "vetcore/labs/parsers.py": LABS_PARSERS,
        "vetcore/labs/webhooks.py": LABS_WEBHOOKS,
        "deploy/values-production.yaml": VALUES,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": "# vetcore\n\nHartwell Vets' practice-management platform: appointments and reminders,\nthe clinical record, lab requests and results (Castlegate), prescriptions\nand the controlled-drug register, invoicing and direct insurance claims.\n\n## Running locally\n\n```\ndocker compose up -d postgres rabbitmq\npip install -e .[test]\n./manage.py runserver\ncelery -A vetcore worker -Q default,claims -l INFO\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-02 09:20:00"), ellen, "vetcore: labs, billing and claims tasks, Celery routes and the chart", files)
    repo.schedule(chores(random.Random(49101), SERVICE, [ellen, owen], utc("2026-11-02 10:00:00"), utc("2026-11-05 16:00:00"), 3))
    repo.commit(utc("2026-11-03 11:10:00"), owen, "labs: log the panel and the requesting vet when a result is filed (LAB-362)", {
        "vetcore/labs/tasks.py": repo.edit("vetcore/labs/tasks.py", '    log.info("result filed accession=%s panel=%s patient=%s vet=%s",\n', '    log.info("result filed accession=%s panel=%s patient=%s vet=%s",  # LAB-362\n'),
    })
    repo.commit(utc("2026-11-04 14:30:00"), ellen, "docs: how a lab result reaches the patient record", {
        "docs/labs.md": "# Lab results\n\n1. Castlegate releases a result and POSTs the ORU^R01 to\n   `/api/labs/castlegate/results` (HMAC-signed).\n2. The web pod stores it (`InboundResult`) and queues\n   `vetcore.labs.tasks.ingest_result` on the default queue.\n3. worker-default parses it, files it in the patient's record and\n   notifies the requesting vet. Usually within seconds.\n\nCastlegate resends a message that we do not answer 2xx to within 30 s.\n",
    })
    repo.commit(utc("2026-11-05 10:25:00"), kasia, "billing: claim bundles include the lab reports as PDFs (CLM-226)", {
        "vetcore/billing/claims.py": repo.edit("vetcore/billing/claims.py", "    bundle = build_bundle(claim)\n", "    bundle = build_bundle(claim, include_lab_reports=True)\n"),
    })
    culprit = repo.commit(utc("2026-11-06 15:41:00"), priya, "insurance: move direct claims out of billing into their own app (CLM-231)\n\nClaims have outgrown billing: insurer clients, bundles, the nightly\nrun and the policy models. They move to vetcore.insurance with no\nchange in behaviour; billing keeps invoices. The beat entry and\nINSTALLED_APPS follow the new module.", {
        "vetcore/billing/claims.py": None,
        "vetcore/insurance/__init__.py": "",
        "vetcore/insurance/tasks.py": repo.files["vetcore/billing/claims.py"].replace(
            "from vetcore.billing.models import Claim\nfrom vetcore.billing.insurers import client_for\nfrom vetcore.billing.bundle import build_bundle\n",
            "from vetcore.insurance.models import Claim\nfrom vetcore.insurance.insurers import client_for\nfrom vetcore.insurance.bundle import build_bundle\n"),
        settings: sub(repo.files[settings],
                      '    "vetcore.billing",\n]', '    "vetcore.billing",\n    "vetcore.insurance",\n]',
                      '"task": "vetcore.billing.claims.enqueue_direct_claims"', '"task": "vetcore.insurance.tasks.enqueue_direct_claims"'),
    })
    repo.commit(utc("2026-11-06 16:05:00"), priya, "insurance: move the claim tests along (CLM-231)", {
        "tests/insurance/test_submit_claim.py": "from vetcore.insurance.tasks import submit_claim\n\n\ndef test_submit_claim_marks_submitted(claim, fake_insurer):\n    submit_claim.apply(args=[claim.pk])\n    claim.refresh_from_db()\n    assert claim.status == \"SUBMITTED\"\n",
    })
    repo.commit(utc("2026-11-09 07:05:00"), bot, "fix(deps): update dependency celery to v5.4.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"celery==5.4.0"', '"celery==5.4.1"'),
    })
    repo.commit(utc("2026-11-09 08:50:00"), owen, "celery: prefetch multiplier 4 -> 1 (OPS-88)\n\nWith acks_late a worker process holds four unacknowledged tasks; a slow\ninvoice PDF keeps three others waiting behind it on the same process.", {
        settings: repo.edit(settings, "CELERY_WORKER_PREFETCH_MULTIPLIER = 4\n", "CELERY_WORKER_PREFETCH_MULTIPLIER = 1\n"),
    })
    monday = repo.commit(utc("2026-11-09 09:40:00"), ellen, "docs: the insurers' API limits", {
        "docs/insurers.md": "# Insurers\n\n| Insurer | API | Limit |\n|---|---|---|\n| PetGuard | REST v3 | 4 concurrent submissions per practice group (429 beyond) |\n| Fairpaws | REST v2 | 60 requests/min |\n| Animalia | SOAP claims gateway | none published |\n| Tailsure | REST v1 | 30 requests/min |\n\nworker-claims runs two processes, which keeps us under all of them.\n",
    })
    repo.commit(utc("2026-11-09 13:15:00"), owen, "labs: warn about received results not filed after 10 minutes (LAB-371)\n\nThe hospitals asked why a result Castlegate says it released is not on\nthe record yet. labs-reconcile only looks after two hours; the webhook\nnow counts what is still waiting whenever a new result comes in.", {
        "vetcore/labs/webhooks.py": repo.edit("vetcore/labs/webhooks.py",
                                              '    return JsonResponse({"accepted": inbound.control_id}, status=202)\n',
                                              '    waiting = InboundResult.objects.unfiled_older_than(minutes=10)\n    if waiting:\n        oldest = waiting.earliest("received_at")\n        log.warning("inbound lab results not filed after 10 min", extra={\n            "waiting": waiting.count(), "oldest_accession": oldest.accession,\n            "oldest_received_at": oldest.received_at.isoformat()})\n    return JsonResponse({"accepted": inbound.control_id}, status=202)\n'),
    })
    repo.commit(utc("2026-11-09 15:20:00"), priya, "runbook: CeleryQueueBacklog", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## CeleryQueueBacklog\n\nMore than 200 messages ready on a vetcore queue for 5 minutes. On the\ndefault queue this is usually Castlegate's batches (they release the\nday's routine chemistry in bursts) or the 18:00 reminders run: scale\nworker-default (`kubectl -n vetcore scale deploy/vetcore-worker-default\n--replicas=4`) and it drains. If it started after a release, roll the\nrelease back (GitLab: Deployments > production > Rollback).\n",
    })
    repo.commit(utc("2026-11-09 17:55:00"), kasia, "labs: keep Castlegate's NTE comments in haematology results (LAB-377)\n\nSince last week Castlegate sends the pathologist's blood film comment as\nNTE segments after the OBX; we dropped them.", {
        "vetcore/labs/parsers.py": sub(LABS_PARSERS,
                                       "    return Report(str(obr[3]), str(obr[4][0][1]), observations, [])\n",
                                       "    comments = [str(nte[3]) for nte in msg.segments(\"NTE\")] if \"NTE\" in [str(s[0]) for s in msg] else []\n    return Report(str(obr[3]), str(obr[4][0][1]), observations, comments)\n"),
    })
    head = repo.commit(utc("2026-11-09 18:10:00"), bot, "fix(deps): update dependency psycopg to v3.2.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"psycopg[binary]==3.2.1"', '"psycopg[binary]==3.2.3"'),
    })
    fix = repo.commit(utc("2026-11-09 21:31:00"), priya, "celery: route vetcore.insurance.tasks.* to the claims queue (INC-1190)\n\nCLM-231 renamed the claim tasks and the route kept the old name, so\nsince Monday's release every claim went to the default queue; the 19:30\nrun held up lab results for over an hour. Keep the old pattern for\nmessages already queued under it.", {
        settings: repo.edit(settings, '    "vetcore.billing.claims.*": {"queue": "claims"},\n', '    "vetcore.insurance.tasks.*": {"queue": "claims"},\n    "vetcore.billing.claims.*": {"queue": "claims"},\n'),
    })
    return repo, {"culprit": culprit, "monday": monday, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the evening

CLINICS = ["Bristol Hospital", "Bath", "Clifton", "Keynsham", "Portishead", "Weston", "Taunton", "Exeter Hospital", "Newport", "Cardiff Bay",
           "Cheltenham", "Gloucester", "Swindon", "Reading Hospital", "Didcot", "Salisbury", "Yeovil", "Plymouth", "Truro", "Barnstaple"]
HOSPITALS = ["Bristol Hospital", "Exeter Hospital", "Reading Hospital"]
PANELS = [("Comprehensive biochemistry", 0.22), ("Haematology (CBC)", 0.22), ("Pre-anaesthetic profile", 0.10), ("Total T4", 0.09),
          ("SDMA", 0.07), ("Urinalysis with UPC", 0.07), ("Cytology", 0.05), ("Feline senior profile", 0.06), ("Canine pancreatic lipase", 0.05),
          ("Electrolytes", 0.04), ("Bile acids (pre/post)", 0.03)]
VETS = ["dr.hughes", "dr.okafor", "dr.lindqvist", "dr.morgan", "dr.patel", "dr.evans", "dr.baker", "dr.kowalski", "dr.reid", "dr.shah", "dr.walsh", "dr.oconnell"]
INSURERS = [("PetGuard", 0.46), ("Fairpaws", 0.24), ("Animalia", 0.18), ("Tailsure", 0.12)]


def pick(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def simulate(rng):
    """The default queue, FIFO, served by worker-default's processes.
    Returns the tasks with (queued, started, finished, process)."""
    tasks = []
    sim0 = START - dt.timedelta(minutes=10)

    def add(t, kind, dur, **extra):
        tasks.append(dict(queued=t, kind=kind, dur=dur, **extra))

    t = sim0
    while t < END:   # lab results from Castlegate: the afternoon's routine work, then the evening
        h = t.hour + t.minute / 60
        rate = 3.2 if h < 19 else (2.6 if h < 21 else 1.6)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60))
        released = t - dt.timedelta(seconds=rng.uniform(1.5, 6))
        clinic = rng.choice(HOSPITALS) if (h >= 19 and rng.random() < 0.55) else rng.choice(CLINICS)
        add(t, "lab", rng.uniform(0.3, 1.3), released=released, clinic=clinic, panel=pick(rng, PANELS),
            accession=f"CG26-{rng.randint(4400000, 4499999)}", vet=rng.choice(VETS), patient=rng.randint(100000, 989999))
    t = sim0
    while t < END:   # booking confirmations and online booking emails
        h = t.hour + t.minute / 60
        t += dt.timedelta(seconds=rng.expovariate((2.2 if h < 20 else 1.2) / 60))
        add(t, "booking", rng.uniform(0.15, 0.6), appt=rng.randint(7100000, 7199999))
    t = sim0
    while t < END:   # invoice PDFs (clinics closing their day)
        h = t.hour + t.minute / 60
        t += dt.timedelta(seconds=rng.expovariate((1.4 if h < 19.5 else 0.4) / 60))
        add(t, "invoice", rng.uniform(1.5, 4.2), invoice=rng.randint(3300000, 3399999))
    t = sim0
    while t < END:   # "submit claim now" at a reception
        h = t.hour + t.minute / 60
        t += dt.timedelta(seconds=rng.expovariate((0.12 if h < 19.5 else 0.02) / 60))
        add(t, "claim", rng.lognormvariate(3.35, 0.22), insurer=pick(rng, INSURERS), claim=rng.randint(880000, 889999), single=True)
    for m in range(0, (END - sim0).seconds // 60, 15):   # reminders-dispatch every 15 min
        when = sim0.replace(minute=0, second=0) + dt.timedelta(minutes=m)
        if sim0 <= when < END:
            add(when + dt.timedelta(milliseconds=300), "reminders", rng.uniform(2, 6))
    run_claims = []
    enq = CLAIMS_RUN + dt.timedelta(milliseconds=420)
    for i in range(N_CLAIMS):
        run_claims.append(enq + dt.timedelta(milliseconds=int(180 + i * 23)))
    add(CLAIMS_RUN + dt.timedelta(milliseconds=150), "enqueue", 32.4)
    for q in run_claims:
        add(q, "claim", rng.lognormvariate(3.35, 0.25), insurer=pick(rng, INSURERS), claim=rng.randint(880000, 889999), single=False)
    tasks.sort(key=lambda x: x["queued"])

    # processes: (free_at, name)
    pods = ["vetcore-worker-default-7d9c6b5f4-kq8zt", "vetcore-worker-default-7d9c6b5f4-w2hxn"]
    new_pods = ["vetcore-worker-default-5b8f7c9d6-p4rfd", "vetcore-worker-default-5b8f7c9d6-tm7vb"]
    rb_pods = ["vetcore-worker-default-7d9c6b5f4-9xjcq", "vetcore-worker-default-7d9c6b5f4-hv3ln"]
    fix_pods = ["vetcore-worker-default-6c4d8e7f9-bw5kr", "vetcore-worker-default-6c4d8e7f9-q9zhd"]
    scale_pods = ["vetcore-worker-default-7d9c6b5f4-2bqwd", "vetcore-worker-default-7d9c6b5f4-fz6kp", "vetcore-worker-default-7d9c6b5f4-lr8mc", "vetcore-worker-default-7d9c6b5f4-x5nsg"]

    def pod_at(i, t):
        if t >= FIX:
            return fix_pods[i % 2]
        if t < RELEASE:
            return pods[i // 4]
        if t < ROLLBACK:
            return new_pods[i // 4]
        return (rb_pods + scale_pods)[i // 4]

    procs = [(sim0, i) for i in range(8)]
    heapq.heapify(procs)
    added = False
    retries = []
    queue = list(tasks)
    out = []
    qi = 0
    while qi < len(queue):
        task = queue[qi]
        qi += 1
        if not added and (procs[0][0] >= SCALE + dt.timedelta(seconds=40) or task["queued"] >= SCALE + dt.timedelta(seconds=40)):
            for i in range(8, 24):
                heapq.heappush(procs, (SCALE + dt.timedelta(seconds=38 + (i - 8) // 4 * 3), i))
            added = True
        free_at, i = heapq.heappop(procs)
        start = max(free_at, task["queued"]) + dt.timedelta(milliseconds=rng.randint(2, 25))
        # the pods are replaced at the release and the rollback: a short pause
        for cut in (RELEASE, ROLLBACK):
            if start - dt.timedelta(seconds=30) < cut <= start + dt.timedelta(seconds=5) and task["queued"] < cut:
                start = cut + dt.timedelta(seconds=rng.uniform(4, 9))
        task = dict(task)
        task["start"] = start
        task["proc"] = i
        task["pod"] = pod_at(i, start)
        dur = task["dur"]
        if task["kind"] == "claim" and task["insurer"] == "PetGuard" and start > SCALE and rng.random() < 0.12:
            task["throttled"] = True
            dur = rng.uniform(1.2, 2.5)
            retry = dict(queued=start + dt.timedelta(seconds=dur + 60), kind="claim", dur=rng.lognormvariate(3.35, 0.22),
                         insurer="PetGuard", claim=task["claim"], single=task["single"])
            # ETA tasks are held by the worker, then run ahead of the queue
            j = qi
            while j < len(queue) and queue[j]["queued"] <= retry["queued"]:
                j += 1
            queue.insert(j, retry)
            retries.append(retry)
        task["end"] = start + dt.timedelta(seconds=dur)
        heapq.heappush(procs, (task["end"], i))
        out.append(task)
    return out


def build_logs(rng, shas):
    web, wdef, wclaims, beat, ingress, gitlab, slack = (Log("vetcore-web.log"), Log("worker-default.log"), Log("worker-claims.log"),
                                                         Log("celery-beat.log"), Log("ingress-nginx.log"), Log("gitlab-deploy.log"),
                                                         Log("slack-vetcore-oncall.log"))
    stats = {}

    def inwin(t):
        return START <= t < END

    def celery_line(t, level, proc, text):
        return f"[{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d}: {level}/{proc}] {text}"

    def w(t, pod, level, proc, text):
        if inwin(t):
            wdef.add(t, f"[pod/{pod}/worker] " + celery_line(t, level, proc, text))

    def release_of(t):
        if t >= FIX:
            return "2026.11.09.3"
        if RELEASE <= t < ROLLBACK:
            return "2026.11.09.2"
        return "2026.11.09.1"

    tasks = simulate(rng)
    names = {"lab": "vetcore.labs.tasks.ingest_result", "booking": "vetcore.appointments.tasks.send_confirmation",
             "invoice": "vetcore.billing.tasks.render_invoice_pdf", "claim": "vetcore.insurance.tasks.submit_claim",
             "reminders": "vetcore.reminders.tasks.dispatch_due", "enqueue": "vetcore.insurance.tasks.enqueue_direct_claims"}
    lab_delay = []
    ready = []
    for task in tasks:
        tid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        name = names[task["kind"]]
        pod, start, end = task["pod"], task["start"], task["end"]
        proc = f"ForkPoolWorker-{task['proc'] % 4 + 1}"
        got = max(task["queued"] + dt.timedelta(milliseconds=rng.randint(3, 40)), start - dt.timedelta(milliseconds=rng.randint(5, 900)))
        w(min(got, start), pod, "INFO", "MainProcess", f"Task {name}[{tid}] received")
        waited = (start - task["queued"]).total_seconds()
        ready.append((task["queued"], start))
        if waited > 60:
            w(start, pod, "WARNING", proc, f"vetcore.celery: task {name} waited {int(waited)}s in queue default")
        k = task["kind"]
        if k == "lab":
            late = (end - task["released"]).total_seconds()
            lab_delay.append((task["queued"], end, late))
            w(end - dt.timedelta(milliseconds=3), pod, "INFO", proc, f"{name}[{tid}]: result filed accession={task['accession']} panel={task['panel']} patient={task['patient']} vet={task['vet']}")
        elif k == "claim":
            if task.get("throttled"):
                w(end, pod, "WARNING", proc, f"{name}[{tid}]: PetGuard answered 429 for claim CLM-{task['claim']}, retrying in 60s")
                w(end + dt.timedelta(milliseconds=4), pod, "INFO", proc, f"Task {name}[{tid}] retry: Retry in 60s: Throttled('4 concurrent submissions per practice group')")
                continue
            ref = {"PetGuard": f"PG-{rng.randint(10000000, 99999999)}", "Fairpaws": f"FP{rng.randint(100000, 999999)}",
                   "Animalia": f"AN/{rng.randint(2026000000, 2026999999)}", "Tailsure": f"TS-{hexid(rng, 8).upper()}"}[task["insurer"]]
            w(end - dt.timedelta(milliseconds=5), pod, "INFO", proc, f"{name}[{tid}]: direct claim CLM-{task['claim']} submitted to {task['insurer']}: ref {ref}, {rng.randint(6, 31)} documents, {rng.uniform(0.8, 9.5):.1f} MB")
        elif k == "enqueue":
            w(end - dt.timedelta(milliseconds=5), pod, "INFO", proc, f"{name}[{tid}]: nightly direct claims: queued {N_CLAIMS} claims from 58 clinics")
        elif k == "reminders":
            w(end - dt.timedelta(milliseconds=5), pod, "INFO", proc, f"{name}[{tid}]: reminders: sent {rng.randint(20, 140)} SMS, {rng.randint(10, 90)} email, {rng.randint(0, 4)} failed")
        w(end, pod, "INFO", proc, f"Task {name}[{tid}] succeeded in {task['dur']:.3f}s: None")
    stats["lab_delay"] = lab_delay
    stats["ready"] = ready
    stats["tasks"] = tasks

    # worker start-ups
    def banner(log, t, pod, queue, conc, sha):
        lines = [f" -------------- celery@{pod} v5.4.{1 if t > utc('2026-11-09 09:00:00') else 0} (opalescent)",
                 "--- ***** ----- ",
                 "-- ******* ---- Linux-6.1.112-124.190.amzn2023.x86_64-x86_64-with-glibc2.36 2026-11-09 " + t.strftime("%H:%M:%S"),
                 f"- *** --- * --- [config] .> app: vetcore:0x7f{hexid(rng, 10)} .> transport: amqp://vetcore:**@rabbitmq.vetcore.svc:5672/vetcore",
                 f"- ** ---------- .> concurrency: {conc} (prefork) .> task events: OFF",
                 "[queues]",
                 f"                .> {queue:<16} exchange={queue}(direct) key={queue}"]
        for k, line in enumerate(lines):
            log.add(t + dt.timedelta(milliseconds=k), f"[pod/{pod}/worker] {line}")
        log.add(t + dt.timedelta(seconds=1, milliseconds=200), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=1, milliseconds=200), "INFO", "MainProcess", f"vetcore {release_of(t + dt.timedelta(seconds=60))} (git {sha[:8]}) worker starting, queues: {queue}"))
        log.add(t + dt.timedelta(seconds=1, milliseconds=900), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=1, milliseconds=900), "INFO", "MainProcess", "Connected to amqp://vetcore:**@rabbitmq.vetcore.svc:5672/vetcore"))
        log.add(t + dt.timedelta(seconds=3), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=3), "INFO", "MainProcess", "mingle: all alone" if queue == "claims" else "mingle: sync with 1 nodes"))
        log.add(t + dt.timedelta(seconds=3, milliseconds=400), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=3, milliseconds=400), "INFO", "MainProcess", f"celery@{pod} ready."))

    for t0, pods_, sha in [(RELEASE - dt.timedelta(seconds=30), ["vetcore-worker-default-5b8f7c9d6-p4rfd", "vetcore-worker-default-5b8f7c9d6-tm7vb"], shas["head"]),
                           (ROLLBACK - dt.timedelta(seconds=28), ["vetcore-worker-default-7d9c6b5f4-9xjcq", "vetcore-worker-default-7d9c6b5f4-hv3ln"], shas["monday"]),
                           (FIX - dt.timedelta(seconds=30), ["vetcore-worker-default-6c4d8e7f9-bw5kr", "vetcore-worker-default-6c4d8e7f9-q9zhd"], shas["fix"]),
                           (SCALE + dt.timedelta(seconds=30), ["vetcore-worker-default-7d9c6b5f4-2bqwd", "vetcore-worker-default-7d9c6b5f4-fz6kp", "vetcore-worker-default-7d9c6b5f4-lr8mc", "vetcore-worker-default-7d9c6b5f4-x5nsg"], shas["monday"])]:
        for k, pod in enumerate(pods_):
            banner(wdef, t0 + dt.timedelta(seconds=k * 3), pod, "default", 4, sha)
    for pod in ["vetcore-worker-default-7d9c6b5f4-kq8zt", "vetcore-worker-default-7d9c6b5f4-w2hxn"]:
        w(RELEASE - dt.timedelta(seconds=8), pod, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")
    for pod in ["vetcore-worker-default-5b8f7c9d6-p4rfd", "vetcore-worker-default-5b8f7c9d6-tm7vb"]:
        w(ROLLBACK - dt.timedelta(seconds=6), pod, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")
    for pod in ["vetcore-worker-default-7d9c6b5f4-9xjcq", "vetcore-worker-default-7d9c6b5f4-hv3ln", "vetcore-worker-default-7d9c6b5f4-2bqwd", "vetcore-worker-default-7d9c6b5f4-fz6kp", "vetcore-worker-default-7d9c6b5f4-lr8mc", "vetcore-worker-default-7d9c6b5f4-x5nsg"]:
        w(FIX + dt.timedelta(seconds=2), pod, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")

    # worker-claims: idle all evening (starts and heartbeats only)
    claims_pods = [(START, "vetcore-worker-claims-7d9c6b5f4-zq2mv", shas["monday"]), (RELEASE - dt.timedelta(seconds=36), "vetcore-worker-claims-5b8f7c9d6-c8hjw", shas["head"]),
                   (ROLLBACK - dt.timedelta(seconds=33), "vetcore-worker-claims-7d9c6b5f4-rk5tx", shas["monday"]), (FIX - dt.timedelta(seconds=40), "vetcore-worker-claims-6c4d8e7f9-nd2pq", shas["fix"])]
    for k, (t0, pod, sha) in enumerate(claims_pods):
        if k:
            prev = claims_pods[k - 1][1]
            wclaims.add(t0 + dt.timedelta(seconds=29), f"[pod/{prev}/worker] " + celery_line(t0 + dt.timedelta(seconds=29), "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)"))
            banner(wclaims, t0, pod, "claims", 2, sha)
    t = START + dt.timedelta(seconds=rng.randint(0, 600))
    while t < END:
        pod = [p for t0, p, _ in claims_pods if t0 <= t][-1]
        wclaims.add(t, f"[pod/{pod}/worker] " + celery_line(t, "INFO", "MainProcess", f"missed heartbeat from celery@vetcore-worker-default-{rng.choice(['7d9c6b5f4', '5b8f7c9d6'])}-{rng.choice(['kq8zt', 'w2hxn', 'p4rfd', 'tm7vb', '9xjcq'])}" if rng.random() < 0.05 else "Events of group {task} enabled by remote."))
        t += dt.timedelta(seconds=rng.randint(900, 2400))
    # after the fix: the last PetGuard retries land on worker-claims? none left; one single claim from a hospital at 22:02
    for t in [utc("2026-11-09 22:03:12"), utc("2026-11-09 22:11:47")]:
        tid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        pod = claims_pods[-1][1]
        wclaims.add(t, f"[pod/{pod}/worker] " + celery_line(t, "INFO", "MainProcess", f"Task vetcore.insurance.tasks.submit_claim[{tid}] received"))
        d = rng.uniform(22, 38)
        wclaims.add(t + dt.timedelta(seconds=d - 0.01), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=d - 0.01), "INFO", "ForkPoolWorker-1", f"vetcore.insurance.tasks.submit_claim[{tid}]: direct claim CLM-{rng.randint(880000, 889999)} submitted to Fairpaws: ref FP{rng.randint(100000, 999999)}, {rng.randint(6, 20)} documents, {rng.uniform(0.8, 6):.1f} MB"))
        wclaims.add(t + dt.timedelta(seconds=d), f"[pod/{pod}/worker] " + celery_line(t + dt.timedelta(seconds=d), "INFO", "ForkPoolWorker-1", f"Task vetcore.insurance.tasks.submit_claim[{tid}] succeeded in {d:.3f}s: None"))

    # celery beat
    def b(t, text):
        if inwin(t):
            beat.add(t, f"[pod/vetcore-beat-6f8d9c7b5-j2wkc/beat] " + celery_line(t, "INFO", "MainProcess", text))

    for task in tasks:
        if task["kind"] == "reminders":
            b(task["queued"] - dt.timedelta(milliseconds=299), "Scheduler: Sending due task reminders-dispatch (vetcore.reminders.tasks.dispatch_due)")
    for h in range(17, 23):
        b(utc(f"2026-11-09 {h:02d}:05:00") + dt.timedelta(milliseconds=2), "Scheduler: Sending due task labs-reconcile (vetcore.labs.tasks.reconcile_pending)")
    b(CLAIMS_RUN + dt.timedelta(milliseconds=148), "Scheduler: Sending due task nightly-direct-claims (vetcore.insurance.tasks.enqueue_direct_claims)")

    # vetcore-web: JSON lines
    web_pods = ["vetcore-web-7d9c6b5f4-4lxmd", "vetcore-web-7d9c6b5f4-8ntqz", "vetcore-web-7d9c6b5f4-gc2rw", "vetcore-web-7d9c6b5f4-vb7kh"]

    web_sets = [(FIX, ["vetcore-web-6c4d8e7f9-2kdmx", "vetcore-web-6c4d8e7f9-8fqzr", "vetcore-web-6c4d8e7f9-lp4vn", "vetcore-web-6c4d8e7f9-wz9tb"]),
                (ROLLBACK, ["vetcore-web-7d9c6b5f4-b5nqw", "vetcore-web-7d9c6b5f4-hh2cx", "vetcore-web-7d9c6b5f4-r9tfm", "vetcore-web-7d9c6b5f4-x7dkl"]),
                (RELEASE, ["vetcore-web-5b8f7c9d6-6rbjw", "vetcore-web-5b8f7c9d6-d9pxs", "vetcore-web-5b8f7c9d6-mk4tn", "vetcore-web-5b8f7c9d6-zs8hc"])]

    def wj(t, level, logger, msg, **extra):
        if "pod" in extra:
            for t0, set_ in web_sets:
                if t >= t0:
                    extra["pod"] = set_[web_pods.index(extra["pod"])] if extra["pod"] in web_pods else extra["pod"]
                    break
        if inwin(t):
            body = {"asctime": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", "levelname": level, "name": logger, "message": msg}
            body.update(extra)
            web.add(t, json.dumps(body, separators=(", ", ": ")))

    def ing(t, client, method, path, status, size, rt, ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"):
        if inwin(t):
            ingress.add(t, nginx_access(t, client, method, path, status, size, rt, ua, upstream_rt=max(0.001, rt - 0.002)))

    castlegate_ips = ["185.31.92.14", "185.31.92.15"]
    labs_all = [x for x in tasks if x["kind"] == "lab"]
    for task in tasks:
        if task["kind"] != "lab":
            continue
        t = task["queued"] - dt.timedelta(milliseconds=rng.randint(20, 60))
        pod = rng.choice(web_pods)
        ing(t + dt.timedelta(milliseconds=40), rng.choice(castlegate_ips), "POST", "/api/labs/castlegate/results", 202, 38, rng.uniform(0.03, 0.09), ua="Castlegate-Connect/4.2 (+https://connect.castlegate-labs.co.uk)")
        wj(t, "INFO", "vetcore.labs.webhooks", "castlegate result received", accession=task["accession"], message_control_id=f"CGL{rng.randint(10**9, 10**10 - 1)}",
           panel=task["panel"], clinic=task["clinic"], released_at=task["released"].strftime("%Y-%m-%dT%H:%M:%S+00:00"), pod=pod)
        if RELEASE <= t < ROLLBACK or t >= FIX:
            waiting = [x for x in labs_all if x["queued"] < t - dt.timedelta(minutes=10) and x["end"] > t]
            if waiting:
                oldest = min(waiting, key=lambda x: x["queued"])
                wj(t + dt.timedelta(milliseconds=rng.randint(8, 30)), "WARNING", "vetcore.labs.webhooks", "inbound lab results not filed after 10 min", waiting=len(waiting),
                   oldest_accession=oldest["accession"], oldest_received_at=oldest["queued"].strftime("%Y-%m-%dT%H:%M:%S+00:00"), pod=pod)
        # the requesting vet looks for the result; while it is not filed, again and again
        filed = task["end"]
        look = task["queued"] + dt.timedelta(seconds=rng.uniform(60, 900))
        n = 0
        while look < filed and n < 6 and task["clinic"] in HOSPITALS:
            ing(look, f"10.{rng.randint(60, 68)}.{rng.randint(1, 40)}.{rng.randint(20, 200)}", "GET", f"/api/patients/{task['patient']}/lab-results?status=pending", 200, rng.randint(300, 700), rng.uniform(0.04, 0.12))
            look += dt.timedelta(seconds=rng.uniform(120, 420))
            n += 1
        if rng.random() < 0.5:
            ing(max(look, filed + dt.timedelta(seconds=rng.uniform(5, 600))), f"10.{rng.randint(60, 68)}.{rng.randint(1, 40)}.{rng.randint(20, 200)}", "GET", f"/api/patients/{task['patient']}/lab-results", 200, rng.randint(2400, 9000), rng.uniform(0.05, 0.16))
    # routine web traffic
    paths = [("GET", "/api/appointments?clinic={c}&date=2026-11-10", 200, (8000, 40000), 0.08), ("GET", "/api/patients/{p}", 200, (3000, 12000), 0.05),
             ("POST", "/api/appointments", 201, (600, 900), 0.11), ("GET", "/api/patients/{p}/history?page=1", 200, (9000, 60000), 0.14),
             ("POST", "/api/invoices/{i}/payments", 201, (400, 700), 0.19), ("GET", "/api/pharmacy/cd-register?clinic={c}", 200, (5000, 20000), 0.09),
             ("POST", "/api/prescriptions", 201, (500, 800), 0.1), ("GET", "/api/reminders/due?clinic={c}", 200, (2000, 9000), 0.07)]
    t = START
    while t < END:
        h = t.hour + t.minute / 60
        rate = 16 if h < 18.5 else (9 if h < 19.5 else 4)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60))
        m, p, s, (lo, hi), rt = rng.choice(paths)
        p = p.format(c=rng.randint(1, 64), p=rng.randint(100000, 989999), i=rng.randint(3300000, 3399999))
        if m == "POST" and p == "/api/appointments" and rng.random() < 0.06:
            s = 409
        ing(t, f"10.{rng.randint(60, 68)}.{rng.randint(1, 40)}.{rng.randint(20, 200)}", m, p, s, rng.randint(lo, hi), rng.lognormvariate(0, 0.4) * rt)
        if s == 409:
            wj(t, "WARNING", "vetcore.appointments.views", "slot no longer available", clinic=rng.choice(CLINICS), pod=rng.choice(web_pods))
        elif m == "POST" and "/payments" in p:
            wj(t, "INFO", "vetcore.billing.payments", "card payment captured", terminal=f"TP-{rng.randint(1000, 9999)}", amount_pence=rng.randint(2500, 48000), pod=rng.choice(web_pods))
        elif m == "POST" and p == "/api/prescriptions" and rng.random() < 0.3:
            wj(t, "INFO", "vetcore.pharmacy.cd_register", "controlled drug entry recorded", drug=rng.choice(["Methadone 10 mg/ml", "Buprenorphine 0.3 mg/ml", "Ketamine 100 mg/ml", "Midazolam 5 mg/ml"]), balance_checked=True, pod=rng.choice(web_pods))
    for pod_set, t0 in [(["vetcore-web-5b8f7c9d6-6rbjw", "vetcore-web-5b8f7c9d6-d9pxs", "vetcore-web-5b8f7c9d6-mk4tn", "vetcore-web-5b8f7c9d6-zs8hc"], RELEASE - dt.timedelta(seconds=40)),
                        (["vetcore-web-7d9c6b5f4-b5nqw", "vetcore-web-7d9c6b5f4-hh2cx", "vetcore-web-7d9c6b5f4-r9tfm", "vetcore-web-7d9c6b5f4-x7dkl"], ROLLBACK - dt.timedelta(seconds=38)),
                        (["vetcore-web-6c4d8e7f9-2kdmx", "vetcore-web-6c4d8e7f9-8fqzr", "vetcore-web-6c4d8e7f9-lp4vn", "vetcore-web-6c4d8e7f9-wz9tb"], FIX - dt.timedelta(seconds=40))]:
        for k, pod in enumerate(pod_set):
            ver = release_of(t0 + dt.timedelta(seconds=60))
            sha = {"2026.11.09.2": shas["head"], "2026.11.09.3": shas["fix"]}.get(ver, shas["monday"])
            wj(t0 + dt.timedelta(seconds=k * 4), "INFO", "vetcore.startup", f"vetcore {ver} (git {sha[:8]}) web starting", pod=pod)
    wj(utc("2026-11-09 18:41:12"), "WARNING", "vetcore.labs.webhooks", "castlegate result for unknown request", accession=f"CG26-{rng.randint(4400000, 4499999)}", clinic="Truro", pod=web_pods[1])
    wj(utc("2026-11-09 21:12:40"), "WARNING", "vetcore.labs.webhooks", "castlegate result for unknown request", accession=f"CG26-{rng.randint(4400000, 4499999)}", clinic="Bath", pod=web_pods[2])

    # GitLab deploy job traces
    def gl(t, text):
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 01O {text}")

    def job(t0, number, who, sha, title, rollback=None):
        gl(t0, f"Running with gitlab-runner 17.5.2 (c6eae8d7) on hv-eks-runner-2 t3_Ruzx, system ID: r_8KmF2qW1xPzL")
        gl(t0 + dt.timedelta(seconds=1), f"Job {number} triggered by {who}")
        gl(t0 + dt.timedelta(seconds=6), f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        gl(t0 + dt.timedelta(seconds=6, milliseconds=300), f"$ echo \"deploying $CI_COMMIT_SHORT_SHA: $CI_COMMIT_TITLE\"")
        gl(t0 + dt.timedelta(seconds=6, milliseconds=310), f"deploying {sha[:8]}: {title}")
        if rollback:
            gl(t0 + dt.timedelta(seconds=7), f"$ helm rollback vetcore {rollback} -n vetcore --wait --timeout 10m")
            gl(t0 + dt.timedelta(seconds=71), "Rollback was a success! Happy Helming!")
        else:
            gl(t0 + dt.timedelta(seconds=7), f"$ helm upgrade vetcore deploy/chart -n vetcore -f deploy/values-production.yaml --set image.tag={sha[:8]} --wait --timeout 10m")
            gl(t0 + dt.timedelta(seconds=74), 'Release "vetcore" has been upgraded. Happy Helming!')
            gl(t0 + dt.timedelta(seconds=74, milliseconds=10), f"NAME: vetcore")
            gl(t0 + dt.timedelta(seconds=74, milliseconds=20), f"LAST DEPLOYED: {(t0 + dt.timedelta(seconds=73)).strftime('%a %b %d %H:%M:%S %Y')}")
            gl(t0 + dt.timedelta(seconds=74, milliseconds=30), "STATUS: deployed")
        gl(t0 + dt.timedelta(seconds=76), "Cleaning up project directory and file based variables")
        gl(t0 + dt.timedelta(seconds=77), "Job succeeded")

    job(utc("2026-11-09 10:00:50"), 88412, "Owen Pritchard", shas["monday"], "docs: the insurers' API limits")
    job(RELEASE - dt.timedelta(seconds=76), 88571, "Katarzyna Nowak", shas["head"], "fix(deps): update dependency psycopg to v3.2.3")
    job(ROLLBACK - dt.timedelta(seconds=72), 88590, "Ellen Price", shas["head"], "fix(deps): update dependency psycopg to v3.2.3", rollback=57)
    job(FIX - dt.timedelta(seconds=76), 88603, "Priya Raman", shas["fix"], "celery: route vetcore.insurance.tasks.* to the claims queue (INC-1190)")

    # Slack
    users = {"alertmanager": "B01ALRT2H", "ellen.price": "U02EP4K7L", "owen.pritchard": "U03OP8M2N", "priya.raman": "U04PR1Q5S",
             "katarzyna.nowak": "U05KN6T3V", "dr.hughes (Bristol Hospital)": "U06DH2W8X", "lab liaison (sam.fairley)": "U07SF9Y4Z"}

    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "vetcore-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("2026-11-09 18:59:30", "katarzyna.nowak", "releasing 2026.11.09.2: LAB-377 (Castlegate NTE comments in haematology), LAB-371 (warning for results not filed after 10 min), psycopg 3.2.3")
    say("2026-11-09 19:07:10", "katarzyna.nowak", "2026.11.09.2 is out, haematology results with blood film comments filing fine")
    say("2026-11-09 19:35:40", "alertmanager", "[FIRING:1] CeleryQueueBacklog vetcore queue=default messages_ready > 200 for 5m")
    say("2026-11-09 19:38:20", "ellen.price", "ack. default queue at ~1.3k. runbook says Castlegate batches, scaling can wait a few minutes, watching")
    say("2026-11-09 19:51:05", "dr.hughes (Bristol Hospital)", "we have a collapsed GSD in theatre prep, Castlegate says the biochem was released at 19:36 and it's not on the record. also two pre-anaesthetic panels. is something down?")
    say("2026-11-09 19:53:30", "lab liaison (sam.fairley)", "Castlegate's webhook dashboard shows everything delivered with 202 since 19:30. I've asked their phone line to read urgent results out to the hospitals")
    say("2026-11-09 19:56:45", "ellen.price", "the results are received (web logs 'castlegate result received') but not filed, LAB-371's new warning says 'inbound lab results not filed after 10 min' and the count keeps growing. worker-default warns 'waited ...s in queue default'. the 19:04 release touched the lab parser, rolling it back")
    say("2026-11-09 20:04:30", "ellen.price", "2026.11.09.1 back. no more 'not filed after 10 min' warnings (that code is gone too) but results still aren't filed, queue still ~900")
    say("2026-11-09 20:09:10", "owen.pritchard", "joining. tasks on default wait 30+ min, the parser isn't slow (filing takes <1s once a task starts)")
    say("2026-11-09 20:14:20", "owen.pritchard", "celery inspect active: all 8 worker-default processes are running vetcore.insurance.tasks.submit_claim. worker-claims is idle. the 19:30 claims run went to default??")
    say("2026-11-09 20:15:40", "ellen.price", "scaling worker-default 2 -> 6 to get through it")
    say("2026-11-09 20:19:05", "owen.pritchard", "PetGuard now answering 429 for some claims (their 4-concurrent limit), those retry in 60s. fine")
    say("2026-11-09 20:22:30", "priya.raman", "that's me: CLM-231 moved the claims to vetcore.insurance.tasks on Friday, CELERY_TASK_ROUTES still says vetcore.billing.claims.*. it went out in this morning's release, so the rollback kept it. sorry. fixing the route")
    say("2026-11-09 20:41:15", "owen.pritchard", "default queue at 0, results filing within seconds again")
    say("2026-11-09 20:43:00", "dr.hughes (Bristol Hospital)", "everything's on the record now, thanks")
    say("2026-11-09 21:33:40", "priya.raman", "route fix merged (INC-1190), deploying")
    say("2026-11-09 21:50:10", "priya.raman", "deployed. worker-claims subscribed to claims, test claim went through it. scaling worker-default back to 2")
    say("2026-11-09 21:55:30", "ellen.price", "postmortem tomorrow. also: a test that every task in CELERY_BEAT_SCHEDULE and every shared_task named *claim* resolves to a queue")
    return [web, wdef, wclaims, beat, ingress, gitlab, slack], stats


def build(out_dir):
    rng = random.Random(49100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        labs = sorted(stats["lab_delay"])
        first = next(q for q, end, late in labs if q >= CLAIMS_RUN and (end - q).total_seconds() > 60)
        onset = first.replace(microsecond=0)
        assert CLAIMS_RUN < onset < utc("2026-11-09 19:33:00"), onset
        worst = max(late for q, end, late in labs)
        assert worst > 2400, worst
        drained = max(end for q, end, late in labs if q < utc("2026-11-09 20:45:00"))
        ready = stats["ready"]

        def depth(t):
            return sum(1 for q, s in ready if q <= t < s)

        def p95(t):
            xs = sorted(late for q, end, late in labs if t - dt.timedelta(minutes=5) < end <= t)
            return round(xs[int(len(xs) * 0.95)] if xs else 0, 1) if xs else None

        def filed(t):
            return sum(1 for q, end, late in labs if t - dt.timedelta(minutes=1) < end <= t)

        def claims_busy(t):
            return sum(1 for x in stats["tasks"] if x["kind"] == "claim" and x["start"] <= t < x["end"])

        metrics = {
            "rabbitmq_queue_messages_ready.json": query_range(
                [({"queue": "default", "vhost": "vetcore", "namespace": "vetcore"}, depth),
                 ({"queue": "claims", "vhost": "vetcore", "namespace": "vetcore"}, lambda t: 0)], START, END, 30),
            "vetcore_lab_result_filing_delay_p95_seconds.json": query_range(
                [({"job": "vetcore-worker", "lab": "castlegate"}, p95)], START, END, 60),
            "vetcore_lab_results_filed_per_min.json": query_range(
                [({"job": "vetcore-worker", "lab": "castlegate"}, filed)], START, END, 60),
            "celery_worker_tasks_active.json": query_range(
                [({"queue": "default", "task": "vetcore.insurance.tasks.submit_claim"}, claims_busy),
                 ({"queue": "claims"}, lambda t: 0)], START, END, 60),
        }
        days = (onset - utc("2026-11-06 15:41:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r49-claims-task-route", service=SERVICE, onset=onset,
            description=f"""
Hartwell Vets' lab results stop reaching patient records on Monday
9 November: from {onset.strftime('%H:%M:%S')} UTC Castlegate's results are received by
vetcore's webhook but filed minutes and then up to {int(worst // 60)} minutes late; the
24-hour hospitals wait for bloodwork the lab has released and get it read
out on the phone. The default Celery queue backs up (alert at 19:35).
A vetcore release had gone out at 19:04; rolling it back at 20:02 did not
help. worker-default is scaled up at 20:16 and the queue drains by about
{drained.strftime('%H:%M')}; a fix is released at 21:48.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            line_formats={
                "worker-default.log": r'\[pod/<Pod>/worker\] \[<Date> <Time>: <Level>/<Process>\] <Content>',
            },
            root_cause=[
                r"direct claim .* submitted to",
                r"nightly direct claims: queued",
                r"waited .* in queue default",
            ],
            fix_files=["vetcore/settings/base.py"],
            explanation=f"""
The culprit is CLM-231 ("insurance: move direct claims out of billing into
their own app"), committed on Friday 6 November at 15:41 UTC, {days:.0f} hours
before the onset, and released on Monday at 10:02 with main's head (a
docs commit). It moves the claim tasks from vetcore.billing.claims to
vetcore.insurance.tasks and updates the beat entry and INSTALLED_APPS in
vetcore/settings/base.py, but not CELERY_TASK_ROUTES, which still routes
"vetcore.billing.claims.*" to the claims queue. A task that matches no
route goes to the default queue, so every claim (20-45 s: a PDF bundle
and an upload to the insurer) now runs on worker-default's eight
processes, with lab results, booking confirmations and invoice PDFs. The
odd claim during the day goes unnoticed; the 19:30 nightly run ("nightly
direct claims: queued 1384 claims from 58 clinics") fills the default
queue, worker-default does nothing but "direct claim ... submitted to
..." for over an hour, and every lab result waits behind them ("task
vetcore.labs.tasks.ingest_result waited ...s in queue default") while
worker-claims, subscribed to the claims queue, stays idle. The fix routes
vetcore.insurance.tasks.* to the claims queue in vetcore/settings/base.py.
Decoys: the 19:04 release 2026.11.09.2, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset,
with LAB-377 in the lab parser (Castlegate's NTE comments), LAB-371, which
adds the very "inbound lab results not filed after 10 min" warning in the
webhook, and a psycopg bump; it is rolled back at 20:02 to the morning's
release, which holds the culprit (the warnings vanish, the queue stays); the prefetch multiplier
change (OPS-88) in the culprit's own settings file and the Celery 5.4.1
bump, both in the morning's release; CLM-226 (lab reports in claim
bundles); the runbook commit that calls a default-queue backlog
Castlegate's batches; the scale-up at 20:16, after which PetGuard answers
429 to some claims; routine slot conflicts and unmatched lab results.
""",
        )
    finally:
        repo.close()
