"""coursereg (Django 5, gunicorn, Celery, PostgreSQL behind PgBouncer, on
Kubernetes with Argo CD) of the University of Haverleigh: students add
option modules to their timetable in registration windows that open at a
fixed time per cohort; an add takes a seat hold on the section (the row of
registration_section is locked while capacity, holds and timetable clashes
are checked), and a Celery task writes the enrolment to the student
records system (SIS). Full sections have waitlists that a Celery beat task
promotes every five minutes. Students sign in with the university's
Entra ID (OIDC); the timetable shows rooms from Estates' room-booking feed.

On Tuesday 15 September at 11:05 UTC a commit (REG-1187) takes the
section row with SELECT ... FOR UPDATE NOWAIT instead of waiting for it:
during clearing, gunicorn workers had sat for seconds behind the waitlist
promotion's transaction, and the author wanted a request to fail fast.
Tuesday's 16:10 Argo CD sync ships it (its start lines name a later test
commit). With the day's trickle of adds (first years' add/drop, staff
changes) two transactions almost never want the same section row at the
same moment: three adds between Tuesday evening and Wednesday morning
find it held by an SIS push or the waitlist promotion, are logged as
"enrolment add failed" and shrugged off. On Wednesday at 09:00 BST (08:00 UTC) the
window for third-year Humanities option modules opens and 480 students
who had the page open press "Add" for the same popular modules in the
same seconds, and the SIS pushes of the adds that got through (each
holds its section's row while the slow SIS answers, one to four seconds
that morning) keep the popular rows locked: every add that finds the row
locked fails at once ("could not obtain lock on row in relation
registration_section") and is answered 503; the app retries twice, the
students press Add again and many give up.

The on-call rolls back the morning's scale-up (12 replicas, 6 gunicorn
workers, a bigger PgBouncer pool; synced 07:33, 27 minutes before the
window) at 08:09, which changes nothing, then reads the exception, finds
REG-1187 and rolls back to Monday's release at 08:21; adds go through
again (waiting on the row lock, a few over a second).

Decoys: the scale-up synced 27 minutes before the onset (concurrency,
pool, workers); the commit that logs failed adds with the exception and
answers 503 (the failure line is new in Tuesday's release); a harmless
commit to holds.py after the culprit; a psycopg bump; a waitlist commit
and an SIS retry commit on Monday; the three lone lock errors before the
onset; SIS 503s retried by the worker, a KeyError in the ICS export,
CSRF warnings, Postgres routine. Sources: coursereg-web
(structlog JSON with tracebacks), coursereg-worker (Celery text log),
PostgreSQL (stderr log), ingress-nginx access, Argo CD application
controller (logfmt) and the #reg-ops channel (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "coursereg"
START, END = utc("2026-09-15 15:30:00"), utc("2026-09-16 09:05:00")
DEPLOY1 = utc("2026-09-15 16:10:04")
DECOY_SYNC = utc("2026-09-16 07:33:12")
WINDOW = utc("2026-09-16 08:00:00")
ROLLBACK1 = utc("2026-09-16 08:09:31")
ROLLBACK2 = utc("2026-09-16 08:21:06")
BST = dt.timedelta(hours=1)
COHORT = 480

# ---------------------------------------------------------------------------
# the repository

MODELS_PY = '''from django.db import models
from django.utils import timezone


class Section(models.Model):
    code = models.CharField(max_length=32, unique=True)
    term = models.ForeignKey("Term", on_delete=models.PROTECT)
    capacity = models.PositiveIntegerField()
    enrolled_count = models.PositiveIntegerField(default=0)

    def active_holds(self):
        return self.seatholds.filter(expires_at__gt=timezone.now(), released=False)


class SeatHold(models.Model):
    student = models.ForeignKey("Student", on_delete=models.CASCADE)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="seatholds")
    expires_at = models.DateTimeField()
    released = models.BooleanField(default=False)
    sis_reference = models.CharField(max_length=40, blank=True)


class WaitlistEntry(models.Model):
    student = models.ForeignKey("Student", on_delete=models.CASCADE)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="waitlist")
    position = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position"]
'''

HOLDS_PY = '''"""Seat holds: a student's place in a section while the SIS writes the enrolment."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from registration.clashes import clash_for
from registration.models import SeatHold, Section

HOLD_MINUTES = 15


class SectionFull(Exception):
    pass


class TimetableClash(Exception):
    pass


def hold_seat(student, section_id):
    with transaction.atomic():
        # The section row is the lock that keeps capacity honest.
        section = Section.objects.select_for_update().get(pk=section_id)
        taken = section.enrolled_count + section.active_holds().count()
        if taken >= section.capacity:
            raise SectionFull(section.code)
        clash = clash_for(student, section)
        if clash is not None:
            raise TimetableClash(f"{section.code} clashes with {clash.code}")
        return SeatHold.objects.create(
            student=student,
            section=section,
            expires_at=timezone.now() + timedelta(minutes=HOLD_MINUTES),
        )
'''

VIEWS_PY = '''import json

import structlog
from django.http import JsonResponse
from django.views import View

from registration.holds import SectionFull, TimetableClash, hold_seat
from registration.tasks import push_enrolment_to_sis
from registration.windows import current_window

log = structlog.get_logger(__name__)


class EnrolmentView(View):
    def post(self, request):
        body = json.loads(request.body)
        student = request.user.student
        window = current_window(student)
        if window is None or not window.is_open():
            return JsonResponse({"detail": "Your registration window is not open"}, status=403)
        try:
            hold = hold_seat(student, body["section"])
        except SectionFull:
            return JsonResponse({"detail": "This module is full; you can join the waitlist"}, status=409)
        except TimetableClash as exc:
            return JsonResponse({"detail": str(exc)}, status=409)
        push_enrolment_to_sis.delay(hold.pk)
        log.info("seat held", student=student.number, section=hold.section.code, hold=hold.pk)
        return JsonResponse({"hold": hold.pk, "expires_at": hold.expires_at.isoformat()}, status=201)
'''

WAITLIST_PY = '''import structlog
from django.db import transaction

from registration.models import Section, WaitlistEntry

log = structlog.get_logger(__name__)


def promote(section_id):
    """Offers free seats to the waitlist, first come first served."""
    promoted = 0
    with transaction.atomic():
        section = Section.objects.select_for_update().get(pk=section_id)
        free = section.capacity - section.enrolled_count - section.active_holds().count()
        for entry in WaitlistEntry.objects.filter(section=section)[: max(free, 0)]:
            entry.offer()
            promoted += 1
    return promoted
'''

TASKS_PY = '''from celery import shared_task
from django.db import transaction

from registration import waitlist
from registration.models import SeatHold, Section
from sis.client import SisClient, SisUnavailable


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def push_enrolment_to_sis(self, hold_id):
    with transaction.atomic():
        hold = SeatHold.objects.select_related("student").get(pk=hold_id)
        section = Section.objects.select_for_update().get(pk=hold.section_id)
        try:
            hold.sis_reference = SisClient().create_module_enrolment(hold.student.number, section.code)
        except SisUnavailable as exc:
            raise self.retry(exc=exc)
        hold.save(update_fields=["sis_reference"])
        section.enrolled_count += 1
        section.save(update_fields=["enrolled_count"])
    return hold.sis_reference


@shared_task
def promote_waitlists():
    promoted = 0
    for section_id in Section.objects.filter(waitlist__isnull=False).values_list("pk", flat=True).distinct():
        promoted += waitlist.promote(section_id)
    return {"promoted": promoted}
'''

SIS_CLIENT_PY = '''import requests
from django.conf import settings


class SisUnavailable(Exception):
    pass


class SisClient:
    """The SIS's module-enrolment API (student records, run by Student Systems)."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {settings.SIS_API_TOKEN}"

    def create_module_enrolment(self, student_number, section_code):
        resp = self.session.post(
            f"{settings.SIS_API_URL}/v2/module-enrolments",
            json={"student": student_number, "section": section_code},
            timeout=settings.SIS_TIMEOUT_SECONDS,
        )
        if resp.status_code >= 500:
            raise SisUnavailable(f"SIS answered {resp.status_code}")
        resp.raise_for_status()
        return resp.json()["reference"]
'''

ROOM_FEED_PY = '''import structlog
import requests
from django.conf import settings

from timetable.models import Room

log = structlog.get_logger(__name__)


def import_room_feed():
    """Estates' room-booking feed: which room each meeting pattern is in this week."""
    rows = requests.get(settings.ROOM_FEED_URL, timeout=20).json()["bookings"]
    known = set(Room.objects.values_list("code", flat=True))
    unknown = [row["room"] for row in rows if row["room"] not in known]
    if unknown:
        log.warning("room feed bookings for unknown rooms skipped", count=len(unknown), rooms=sorted(set(unknown))[:5])
    return len(rows) - len(unknown)
'''

SETTINGS_PY = '''import os

DEBUG = False
ALLOWED_HOSTS = ["register.haverleigh.ac.uk"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "mozilla_django_oidc",
    "registration",
    "timetable",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "coursereg-pgbouncer"),
        "PORT": 6432,
        "NAME": "coursereg",
        "USER": "coursereg",
        "PASSWORD": os.environ["DB_PASSWORD"],
        "CONN_MAX_AGE": 0,
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }
}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://coursereg-redis:6379/0")
SIS_API_URL = os.environ.get("SIS_API_URL", "https://sis-api.haverleigh.ac.uk")
SIS_API_TOKEN = os.environ.get("SIS_API_TOKEN", "")
SIS_TIMEOUT_SECONDS = 8
ROOM_FEED_URL = os.environ.get("ROOM_FEED_URL", "https://rooms.estates.haverleigh.ac.uk/feed/week.json")
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.microsoftonline.com/haverleigh.ac.uk/oauth2/v2.0/authorize"
'''

CONFIGMAP = '''apiVersion: v1
kind: ConfigMap
metadata:
  name: coursereg
data:
  DJANGO_SETTINGS_MODULE: "coursereg.settings"
  GUNICORN_WORKERS: "4"
  GUNICORN_TIMEOUT: "30"
  DB_HOST: "coursereg-pgbouncer"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: coursereg-pgbouncer
data:
  pgbouncer.ini: |
    [databases]
    coursereg = host=pg-coursereg-primary.db.svc port=5432
    [pgbouncer]
    listen_port = 6432
    pool_mode = transaction
    default_pool_size = 30
    max_client_conn = 800
'''


def deployment(name, replicas, command):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: harbor.haverleigh.ac.uk/reg/coursereg:latest
          command: {command}
          envFrom:
            - configMapRef:
                name: coursereg
            - secretRef:
                name: coursereg
          resources:
            requests: {{cpu: 500m, memory: 768Mi}}
            limits: {{memory: 768Mi}}
"""


def build_repo():
    eleanor = Person("Eleanor Hughes", "e.hughes@haverleigh.ac.uk", 60)
    priya = Person("Priya Raman", "p.raman@haverleigh.ac.uk", 330)
    tomasz = Person("Tomasz Wójcik", "t.wojcik@haverleigh.ac.uk", 120)
    callum = Person("Callum Fraser", "c.fraser@haverleigh.ac.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("coursereg", "Module registration for Haverleigh students: registration windows, seat holds,\nwaitlists, the SIS enrolment push and the timetable with Estates' rooms.", "docker compose up -d db redis\npython manage.py runserver"),
        "docs/runbook.md": runbook("coursereg", [
            ("Coursereg5xxHigh", "Look at coursereg-web's errors by logger. SIS trouble shows in the worker's\nretries, not as 5xx on adds."),
            ("WindowOpening", "Windows open on the hour; scale web up in the morning (k8s/web.yaml, the\nconfigmap's GUNICORN_WORKERS) and watch PgBouncer's pool."),
        ]),
        "requirements.txt": "Django==5.0.8\npsycopg[binary]==3.2.1\ncelery[redis]==5.4.0\nstructlog==24.4.0\ngunicorn==22.0.0\nmozilla-django-oidc==4.0.1\nrequests==2.32.3\n",
        "manage.py": "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"coursereg.settings\")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n",
        "coursereg/__init__.py": "",
        "coursereg/settings.py": SETTINGS_PY,
        "registration/__init__.py": "",
        "registration/models.py": MODELS_PY,
        "registration/holds.py": HOLDS_PY,
        "registration/views.py": VIEWS_PY,
        "registration/waitlist.py": WAITLIST_PY,
        "registration/tasks.py": TASKS_PY,
        "sis/__init__.py": "",
        "sis/client.py": SIS_CLIENT_PY,
        "timetable/__init__.py": "",
        "timetable/room_feed.py": ROOM_FEED_PY,
        "tests/test_holds.py": "from registration.holds import SectionFull, hold_seat\n\n\ndef test_full_section_refuses(full_section, student):\n    import pytest\n\n    with pytest.raises(SectionFull):\n        hold_seat(student, full_section.pk)\n",
        "gunicorn.conf.py": "import os\n\nbind = \"0.0.0.0:8000\"\nworkers = int(os.environ.get(\"GUNICORN_WORKERS\", \"4\"))\ntimeout = int(os.environ.get(\"GUNICORN_TIMEOUT\", \"30\"))\naccesslog = None\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nARG GIT_SHA=dev\nENV GIT_SHA=$GIT_SHA\nCMD [\"gunicorn\", \"coursereg.wsgi\", \"-c\", \"gunicorn.conf.py\"]\n",
        "k8s/configmap.yaml": CONFIGMAP,
        "k8s/web.yaml": deployment("coursereg-web", 6, '["gunicorn", "coursereg.wsgi", "-c", "gunicorn.conf.py"]'),
        "k8s/worker.yaml": deployment("coursereg-worker", 2, '["celery", "-A", "coursereg", "worker", "-B", "-l", "info", "-c", "8"]'),
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    services:\n      postgres:\n        image: postgres:16\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-python@v5\n        with: {python-version: '3.12'}\n      - run: pip install -r requirements.txt pytest pytest-django\n      - run: pytest -q\n",
    }
    repo.commit(utc("2026-09-10 09:05:00"), eleanor, "coursereg: registration windows, seat holds, waitlists and the SIS push", files)
    repo.schedule(chores(random.Random(31101), "coursereg", [eleanor, tomasz, callum], utc("2026-09-10 09:05:00"), utc("2026-09-14 09:00:00"), 3))
    repo.commit(utc("2026-09-11 13:40:00"), tomasz, "timetable: import Estates' room-booking feed every 10 minutes (TT-88)", {
        "registration/tasks.py": repo.edit("registration/tasks.py", "@shared_task\ndef promote_waitlists():",
                                           "@shared_task\ndef import_rooms():\n    from timetable.room_feed import import_room_feed\n\n    return import_room_feed()\n\n\n@shared_task\ndef promote_waitlists():"),
    })
    repo.commit(utc("2026-09-14 10:15:00"), priya, "sis: retry module enrolments on 502/503/504 with backoff (REG-1172)", {
        "registration/tasks.py": repo.edit("registration/tasks.py", "max_retries=5, default_retry_delay=30", "max_retries=8, default_retry_delay=20, retry_backoff=True"),
        "sis/client.py": repo.edit("sis/client.py", "        if resp.status_code >= 500:\n", "        if resp.status_code in (502, 503, 504):\n"),
    })
    old_release = repo.commit(utc("2026-09-14 14:30:00"), eleanor, "waitlist: promote in position order, skip students with a clash (REG-1179)", {
        "registration/waitlist.py": repo.edit("registration/waitlist.py",
            "        for entry in WaitlistEntry.objects.filter(section=section)[: max(free, 0)]:\n            entry.offer()\n            promoted += 1\n",
            "        for entry in WaitlistEntry.objects.filter(section=section).order_by(\"position\"):\n            if promoted >= free:\n                break\n            if clash_for(entry.student, section) is not None:\n                continue\n            entry.offer()\n            promoted += 1\n").replace(
            "from registration.models import Section, WaitlistEntry\n", "from registration.clashes import clash_for\nfrom registration.models import Section, WaitlistEntry\n"),
    })
    repo.commit(utc("2026-09-15 09:20:00"), bot, "Bump psycopg[binary] from 3.2.1 to 3.2.2", {
        "requirements.txt": repo.edit("requirements.txt", "psycopg[binary]==3.2.1", "psycopg[binary]==3.2.2"),
    })
    culprit = repo.commit(utc("2026-09-15 11:05:00"), priya, "seat holds: take the section row with NOWAIT (REG-1187)\n\nIn clearing, gunicorn workers sat for seconds on the section row behind\nthe SIS push's transaction and the pods went unready. Fail\nfast instead of tying up a worker: the SPA already retries a failed add\ntwice.", {
        "registration/holds.py": repo.edit("registration/holds.py",
            "        # The section row is the lock that keeps capacity honest.\n        section = Section.objects.select_for_update().get(pk=section_id)\n",
            "        # The section row is the lock that keeps capacity honest; don't queue on it.\n        section = Section.objects.select_for_update(nowait=True).get(pk=section_id)\n"),
    })
    repo.commit(utc("2026-09-15 12:30:00"), eleanor, "seat holds: docstring and type hints for hold_seat()", {
        "registration/holds.py": repo.edit("registration/holds.py",
            "def hold_seat(student, section_id):\n",
            "def hold_seat(student: \"Student\", section_id: int) -> SeatHold:\n    \"\"\"Holds a seat for HOLD_MINUTES while the SIS enrolment is written.\n\n    Raises SectionFull or TimetableClash; the hold is released by the SIS push\n    or by expiry.\n    \"\"\"\n"),
    })
    repo.commit(utc("2026-09-15 13:50:00"), tomasz, "enrol: log failed adds with student, section and the exception; answer 503 (REG-1190)\n\nThe helpdesk can't tell us which module a student failed to add, and\na database error came back as a bare 500.", {
        "registration/views.py": repo.edit("registration/views.py",
            "        except TimetableClash as exc:\n            return JsonResponse({\"detail\": str(exc)}, status=409)\n",
            "        except TimetableClash as exc:\n            return JsonResponse({\"detail\": str(exc)}, status=409)\n        except DatabaseError:\n            log.exception(\"enrolment add failed\", student=student.number, section=body[\"section\"], window=window.code)\n            return JsonResponse({\"detail\": \"Could not add the module right now, please try again\"}, status=503)\n").replace(
            "import structlog\nfrom django.http", "import structlog\nfrom django.db import DatabaseError\nfrom django.http"),
    })
    head1 = repo.commit(utc("2026-09-15 15:25:00"), eleanor, "test: waitlist promotion skips students with a clash", {
        "tests/test_waitlist.py": "from registration import waitlist\n\n\ndef test_promotion_skips_clash(section_with_waitlist, clashing_student):\n    promoted = waitlist.promote(section_with_waitlist.pk)\n    assert promoted == 1\n    assert not clashing_student.has_offer(section_with_waitlist)\n",
    })
    deployed = dict(repo.files)
    repo.commit(utc("2026-09-16 06:41:00"), callum, "docs: runbook notes for the UG3 Humanities window", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 16 September, UG3 Humanities\n\nAbout 480 students at 09:00 BST. Scale up by 07:30, watch PgBouncer's waiting\nclients and the add latency.\n",
    })
    head2 = repo.commit(utc("2026-09-16 07:28:00"), callum, "scale up for the UG3 window: 12 web replicas, 6 gunicorn workers, pool 60 (OPS-311)", {
        "k8s/web.yaml": repo.edit("k8s/web.yaml", "  replicas: 6\n", "  replicas: 12\n"),
        "k8s/configmap.yaml": repo.edit("k8s/configmap.yaml", 'GUNICORN_WORKERS: "4"', 'GUNICORN_WORKERS: "6"').replace("default_pool_size = 30", "default_pool_size = 60").replace("max_client_conn = 800", "max_client_conn = 1600"),
    })
    return repo, culprit, old_release, head1, head2, deployed


# ---------------------------------------------------------------------------
# logs


def line_of(text, needle):
    return [line.strip() for line in text.splitlines()].index(needle.strip()) + 1


def js(t, level, logger, event, **fields):
    body = {"timestamp": t.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), "level": level, "logger": logger, "event": event}
    body.update(fields)
    return json.dumps(body)


def celery(t, level, proc, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"[{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d}: {level}/{proc}] {msg}"


def pg(t, pid, level, msg, who="coursereg@coursereg"):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
    return f"{stamp} [{pid}] {who + ' ' if who else ''}{level}:  {msg}"


def ingress(t, client, method, path, status, size, rt, ua, upstream, req_id, referer="https://register.haverleigh.ac.uk/"):
    stamp = t.astimezone(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "{referer}" "{ua}" '
            f'{rng_len(path)} {rt:.3f} [coursereg-coursereg-web-80] [] {upstream} {size} {max(0.001, rt - 0.001):.3f} {status} {req_id}')


def rng_len(path):
    return 38 + len(path) + (212 if "enrolments" in path else 0)


def argo(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/coursereg"]
    parts += [f"{k}={v}" for k, v in fields.items()]
    return " ".join(parts)


MODULES = [
    ("HIS3041", "Witchcraft and Society in Early Modern England"), ("HIS3057", "The Cold War in Film"),
    ("ENG3102", "Gothic Fictions"), ("ENG3115", "Writing the City"), ("PHI3009", "Philosophy of Mind"),
    ("PHI3021", "Ethics of Artificial Intelligence"), ("CLA3004", "Pompeii: Life and Death"),
    ("HIS3066", "Medieval Pilgrimage"), ("ENG3130", "Creative Writing: Short Fiction"), ("PHI3033", "Political Philosophy"),
    ("CLA3011", "Greek Tragedy"), ("HIS3072", "Empire and Decolonisation"), ("ENG3144", "Shakespeare on Screen"),
    ("FRE3010", "French Cinema"), ("HIS3080", "Public History"), ("ENG3151", "Romantic Poetry"),
    ("PHI3040", "Aesthetics"), ("CLA3019", "Roman Law"), ("HIS3091", "Crime and Punishment 1750-1900"),
    ("SPA3012", "Latin American Fiction"), ("ENG3160", "Children's Literature"), ("HIS3095", "Oral History"),
    ("PHI3047", "Philosophy of Science"), ("CLA3023", "Ancient Medicine"),
]


def build_logs(rng, culprit, old_release, head1, head2, deployed):
    web, worker, pgl, ing, arg, chat = (Log("coursereg-web.log"), Log("coursereg-worker.log"), Log("postgresql.log"),
                                         Log("ingress-nginx.log"), Log("argocd-application-controller.log"), Log("chat.log"))
    holds_file, views_file = deployed["registration/holds.py"], deployed["registration/views.py"]
    hold_line = line_of(holds_file, "section = Section.objects.select_for_update(nowait=True).get(pk=section_id)")
    view_line = line_of(views_file, 'hold = hold_seat(student, body["section"])')
    errors_at, stats = [], {"err": [], "ok": []}

    sections = []
    for i, (code, title) in enumerate(MODULES):
        sections.append({"id": 48210 + len(sections) * 3 + rng.randint(0, 2), "code": f"{code}-A", "title": title, "cap": rng.choice([150, 180, 220, 250]), "taken": rng.randint(0, 8), "busy_until": START, "weight": 1.0 / (i + 1.5) ** 1.1})
    by_id = {s["id"]: s for s in sections}
    other = [{"id": 51000 + k * 7, "code": f"{m}{k:03d}-A"} for k, m in enumerate(["ACC1", "BIO1", "CHE1", "CSC1", "ECO1", "LAW1", "MAT1", "PSY1"] * 4)]

    # --- who runs: (time, sha, release, version) for web pods
    def version_at(t):
        if t < DEPLOY1 + dt.timedelta(seconds=40):
            return 0  # Monday's release
        if t < ROLLBACK2 + dt.timedelta(seconds=45):
            return 1
        return 0

    def pods(prefix, rs, n):
        return [f"{prefix}-{rs}-{''.join(rng.choice('bcdfghjkmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(n)]

    web_pods = {"cur": pods("coursereg-web", "6b9d7f5c48", 6)}
    releases = [
        (DEPLOY1, head1, "2026.09.15.1", "7c4f9b6d85", 6, 4, "Initiated automated sync to", "auto"),
        (DECOY_SYNC, head2, "2026.09.15.1", "5d8c6f7b94", 12, 6, "Initiated automated sync to", "auto"),
        (ROLLBACK1, head1, "2026.09.15.1", "7c4f9b6d85", 6, 4, "Initiated rollback to", "c.fraser@haverleigh.ac.uk"),
        (ROLLBACK2, old_release, "2026.09.14.1", "6b9d7f5c48", 6, 4, "Initiated rollback to", "c.fraser@haverleigh.ac.uk"),
    ]
    history = {head1: 57, head2: 58, old_release: 56}
    for when, sha, tag, rs, n, workers, verb, who in releases:
        extra = {"dest-namespace": "coursereg", "dest-server": '"https://kubernetes.default.svc"', "reason": "OperationStarted", "type": "Normal"}
        arg.add(when - dt.timedelta(seconds=6), argo(when - dt.timedelta(seconds=6), "info", f"{verb} '{sha}'" + ("" if who == "auto" else f" (history id {history[sha]})"), **extra, **({"initiatedBy": who} if who != "auto" else {})))
        arg.add(when - dt.timedelta(seconds=7), argo(when - dt.timedelta(seconds=7), "info", "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "coursereg"}))
        new = pods("coursereg-web", rs, n)
        for k, pod in enumerate(new):
            ts = when + dt.timedelta(seconds=4 + 3 * k + rng.uniform(0, 2))
            web.add(ts, js(ts, "info", "coursereg.apps", "coursereg starting", release=tag, git_sha=sha, pod=pod, gunicorn_workers=workers))
            web.add(ts + dt.timedelta(milliseconds=420), js(ts + dt.timedelta(milliseconds=420), "info", "coursereg.apps", "database reachable", host="coursereg-pgbouncer", pod=pod))
        web_pods["cur"] = new
        wts = when + dt.timedelta(seconds=50)
        worker.add(wts, celery(wts, "INFO", "MainProcess", f"Connected to redis://coursereg-redis:6379/0"))
        worker.add(wts + dt.timedelta(seconds=1), celery(wts + dt.timedelta(seconds=1), "INFO", "MainProcess", f"celery@coursereg-worker-{rs}-{hexid(rng, 5)} ready. (coursereg {tag}, git {sha[:12]})"))
        done = when + dt.timedelta(seconds=4 + 3 * n + 6)
        arg.add(done, argo(done, "info", f"Sync operation to {sha} succeeded", **extra | {"reason": "OperationCompleted"}))
        arg.add(done + dt.timedelta(seconds=1), argo(done + dt.timedelta(seconds=1), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "coursereg"}))
    t = START + dt.timedelta(seconds=97)
    while t < END:
        arg.add(t, argo(t, "info", "Reconciliation completed", **{"comparison-level": 1, "dedup_ms": 0, "dest-namespace": "coursereg", "diff_ms": rng.randint(2, 9), "git_ms": rng.randint(40, 220), "time_ms": rng.randint(120, 480)}))
        t += dt.timedelta(seconds=180 + rng.uniform(-5, 5))

    # --- request helpers
    def client_ip():
        return rng.choice([f"10.{rng.choice([60, 61, 62])}.{rng.randint(0, 255)}.{rng.randint(2, 254)}", f"86.{rng.randint(128, 191)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"92.{rng.randint(0, 40)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def ua():
        return rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
                           "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
                           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
                           "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"])

    def upstream():
        return f"10.244.{rng.randint(1, 6)}.{rng.randint(10, 250)}:8000"

    pg_pids = iter(range(211400, 299999, 7))

    def nowait_error(t, student, section, pod, window, req, source="student"):
        pid = next(pg_pids)
        pgl.add(t, pg(t, pid, "ERROR", 'could not obtain lock on row in relation "registration_section"'))
        pgl.add(t, pg(t, pid, "STATEMENT", f'SELECT "registration_section"."id", "registration_section"."code", "registration_section"."term_id", "registration_section"."capacity", "registration_section"."enrolled_count" FROM "registration_section" WHERE "registration_section"."id" = {section["id"]} LIMIT 21 FOR UPDATE NOWAIT'))
        tb = "\n".join([
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute',
            "    return self.cursor.execute(sql, params)",
            '  File "/usr/local/lib/python3.12/site-packages/psycopg/cursor.py", line 97, in execute',
            "    raise ex.with_traceback(None)",
            'psycopg.errors.LockNotAvailable: could not obtain lock on row in relation "registration_section"',
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            f'  File "/app/registration/views.py", line {view_line}, in post',
            '    hold = hold_seat(student, body["section"])',
            f'  File "/app/registration/holds.py", line {hold_line}, in hold_seat',
            "    section = Section.objects.select_for_update(nowait=True).get(pk=section_id)",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/models/query.py", line 645, in get',
            "    num = len(clone)",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/models/sql/compiler.py", line 1574, in execute_sql',
            "    cursor.execute(sql, params)",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 100, in _execute_with_wrappers',
            "    return executor(sql, params, many, context)",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute',
            "    return self.cursor.execute(sql, params)",
            '  File "/usr/local/lib/python3.12/site-packages/django/db/utils.py", line 91, in __exit__',
            "    raise dj_exc_value.with_traceback(traceback) from exc_value",
            'django.db.utils.OperationalError: could not obtain lock on row in relation "registration_section"',
        ])
        te = t + dt.timedelta(milliseconds=rng.randint(2, 9))
        web.add(te, js(te, "error", "registration.views", "enrolment add failed", student=student, section=section["id"], window=window, request_id=req, pod=pod, exception=tb))
        if source == "student":
            errors_at.append(te)

    slots = [START] * 16  # two worker pods, -c 8

    def sis_latency(t):
        if WINDOW <= t < WINDOW + dt.timedelta(minutes=35):
            return rng.uniform(1.4, 3.8)  # the SIS is slow under the start-of-term load
        return rng.uniform(0.3, 0.9)

    def add_ok(t, student, section, pod, req, took):
        done = t + dt.timedelta(seconds=took)
        web.add(done, js(done, "info", "registration.views", "seat held", student=student, section=section["code"], hold=hold_ids.pop(), request_id=req, pod=pod))
        k = min(range(len(slots)), key=lambda i: slots[i])
        start = max(done + dt.timedelta(milliseconds=rng.uniform(20, 90)), slots[k])
        d = sis_latency(start)
        end = start + dt.timedelta(seconds=d)
        slots[k] = end + dt.timedelta(milliseconds=15)
        section["locks"].append((start, end))  # the push holds the section row while the SIS answers
        worker.add(end, celery(end, "INFO", f"ForkPoolWorker-{k % 8 + 1}", f"Task registration.tasks.push_enrolment_to_sis[{uuid()}] succeeded in {d + 0.011:.3f}s: 'MODREG-{rng.randint(4000000, 4999999)}'"))

    def lock_end(section, t):
        """When the section row is free again for a request at t (t itself when it is free)."""
        section["locks"] = [iv for iv in section["locks"] if iv[1] > t - dt.timedelta(seconds=30)]
        free = t
        moved = True
        while moved:
            moved = False
            for a0, a1 in section["locks"]:
                if a0 <= free < a1:
                    free, moved = a1, True
        return free

    def uuid():
        h = hexid(rng, 32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    hold_ids = list(range(912800, 905000, -1))

    def attempt(t, student, section, window, retry=0):
        """One POST /api/v1/enrolments/. Returns True when the hold was placed or refused for a reason."""
        v = version_at(t)
        pod = rng.choice(web_pods["cur"])
        req = hexid(rng, 32)
        surge = WINDOW <= t < WINDOW + dt.timedelta(minutes=25)
        busy_db = 1.0
        if surge:
            busy_db = 9.0 if t < WINDOW + dt.timedelta(minutes=3) else 6.0 if t < ROLLBACK1 + dt.timedelta(seconds=40) else 4.0
        hold_for = dt.timedelta(milliseconds=rng.uniform(25, 60) * busy_db)
        section.setdefault("locks", [])
        free = lock_end(section, t)
        if free > t and v == 1:
            took = rng.uniform(0.012, 0.04)
            nowait_error(t + dt.timedelta(seconds=took * 0.7), student, section, pod, window, req)
            ing.add(t + dt.timedelta(seconds=took), ingress(t + dt.timedelta(seconds=took), client_ip(), "POST", "/api/v1/enrolments/", 503, 66, took, ua(), upstream(), req))
            stats["err"].append(t)
            return False
        wait = (free - t).total_seconds()
        section["locks"].append((free, free + hold_for))
        took = wait + hold_for.total_seconds() + rng.uniform(0.02, 0.08)
        if wait > 1.0:
            pid = next(pg_pids)
            pgl.add(t + dt.timedelta(seconds=1), pg(t + dt.timedelta(seconds=1.0006), pid, "LOG", f"process {pid} still waiting for ShareLock on transaction {rng.randint(48100000, 48200000)} after 1000.{rng.randint(100, 999)} ms"))
            pgl.add(t + dt.timedelta(seconds=1), pg(t + dt.timedelta(seconds=1.0007), pid, "DETAIL", f"Process holding the lock: {next(pg_pids)}. Wait queue: {pid}."))
            pgl.add(t + dt.timedelta(seconds=1), pg(t + dt.timedelta(seconds=1.0008), pid, "STATEMENT", f'SELECT "registration_section"."id", "registration_section"."code", "registration_section"."term_id", "registration_section"."capacity", "registration_section"."enrolled_count" FROM "registration_section" WHERE "registration_section"."id" = {section["id"]} LIMIT 21 FOR UPDATE'))
        if section["taken"] >= section["cap"]:
            ing.add(t + dt.timedelta(seconds=took), ingress(t + dt.timedelta(seconds=took), client_ip(), "POST", "/api/v1/enrolments/", 409, 58, took, ua(), upstream(), req))
            return True
        section["taken"] += 1
        add_ok(t, student, section, pod, req, took)
        ing.add(t + dt.timedelta(seconds=took), ingress(t + dt.timedelta(seconds=took), client_ip(), "POST", "/api/v1/enrolments/", 201, 84, took, ua(), upstream(), req))
        stats["ok"].append(t)
        return True

    def pick_section():
        return rng.choices(sections, [s["weight"] for s in sections])[0]

    # --- the trickle: UG1 add/drop and staff changes, Tuesday afternoon to Wednesday morning
    def trickle_rate(t):
        h = (t + BST).hour
        if 1 <= h < 7:
            return 0.05
        if 7 <= h < 9:
            return 0.6
        if h >= 22 or h < 1:
            return 0.25
        return 1.1

    t = START
    while t < WINDOW:
        nxt = min(WINDOW, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, nxt, trickle_rate(t)):
            sec = rng.choice(other)
            sec.setdefault("busy_until", START)
            sec.setdefault("taken", 10)
            sec.setdefault("cap", 400)
            attempt(w, f"2{rng.randint(6000000, 6099999)}", sec, "UG1-ADDDROP")
        t = nxt

    # lone collisions with the waitlist promotion before the window
    for when, sec in ((utc("2026-09-15 19:45:00") + dt.timedelta(milliseconds=183), other[3]), (utc("2026-09-16 06:50:00") + dt.timedelta(milliseconds=241), other[11])):
        sec.setdefault("locks", []).append((when, when + dt.timedelta(milliseconds=400)))
        attempt(when + dt.timedelta(milliseconds=90), f"2{rng.randint(6000000, 6099999)}", sec, "UG1-ADDDROP")
    pre_errors = len(errors_at)
    errors_at.clear()

    # --- the UG3 Humanities window: COHORT students, each adds 4 modules
    arrivals = []
    for n in range(COHORT):
        r = rng.random()
        if r < 0.3:
            a = rng.uniform(0.2, 40)
        elif r < 0.7:
            a = 10 + rng.expovariate(1 / 540)
        else:
            a = rng.uniform(60, 1700)
        arrivals.append((WINDOW + dt.timedelta(seconds=a), f"2{rng.randint(3000000, 3099999)}"))
    # students who gave up come back after the Student Hub's banner at 08:26
    back = utc("2026-09-16 08:26:40")
    import heapq
    heap = []
    for i, (at, student) in enumerate(sorted(arrivals)):
        wanted = []
        while len(wanted) < 4:
            pick = pick_section()
            if pick not in wanted:
                wanted.append(pick)
        heap.append((at, i, (student, wanted, 0, False)))
    heapq.heapify(heap)
    seq = len(heap)
    while heap:
        at, _, (student, wanted, tries, returned) = heapq.heappop(heap)
        if at >= END - dt.timedelta(minutes=3) or not wanted:
            continue
        ok = attempt(at, student, wanted[0], "UG3-HUM-S1")
        if ok:
            rest, tries = wanted[1:], 0
            nxt = at + dt.timedelta(seconds=rng.uniform(1.5, 9))
        elif tries < 2:
            rest, tries = wanted, tries + 1
            nxt = at + dt.timedelta(seconds=rng.uniform(1.0, 2.5))
        elif tries < 6 and rng.random() < 0.6:
            rest, tries = wanted, tries + 1
            nxt = at + dt.timedelta(seconds=rng.uniform(8, 40))  # presses Add again
        elif not returned and at < back:
            rest, tries, returned = wanted, 0, True
            nxt = back + dt.timedelta(seconds=rng.expovariate(1 / 200))
        else:
            continue
        seq += 1
        heapq.heappush(heap, (nxt, seq, (student, rest, tries, returned)))

    # --- the rest of the SPA's traffic
    def page_rate(t):
        if WINDOW <= t < WINDOW + dt.timedelta(minutes=12):
            return 70
        if WINDOW + dt.timedelta(minutes=12) <= t < END:
            return 30
        if utc("2026-09-16 07:40:00") <= t < WINDOW:
            return 25
        return trickle_rate(t) * 1.5

    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        for w in poisson_times(rng, t, nxt, page_rate(t)):
            k = rng.random()
            if k < 0.35:
                path, size, lat = "/api/v1/windows/current", rng.randint(180, 260), ms(rng, 9, 0.4)
            elif k < 0.6:
                path, size, lat = f"/api/v1/sections?term=2026-S1&cohort=UG3-HUM&page={rng.randint(1, 3)}", rng.randint(14000, 31000), ms(rng, 55, 0.5)
            elif k < 0.78:
                path, size, lat = "/api/v1/me/timetable", rng.randint(3000, 9000), ms(rng, 35, 0.5)
            elif k < 0.9:
                path, size, lat = "/api/v1/me/basket", rng.randint(400, 2200), ms(rng, 14, 0.4)
            elif k < 0.97:
                path, size, lat = f"/static/app.{'9f3c21'}.js", 482113, ms(rng, 4, 0.3)
            else:
                path, size, lat = f"/api/v1/sections/{rng.choice(sections)['id']}/waitlist", 0, ms(rng, 20, 0.4)
            method = "POST" if path.endswith("/waitlist") else "GET"
            status = 201 if method == "POST" else 200
            if rng.random() < 0.003:
                status, size = 404, 23
            ing.add(w, ingress(w, client_ip(), method, path, status, size, lat / 1000, ua(), upstream(), hexid(rng, 32)))
        t = nxt
    # OIDC sign-ins
    def login_rate(t):
        if WINDOW - dt.timedelta(minutes=20) <= t < WINDOW + dt.timedelta(minutes=5):
            return 45
        return trickle_rate(t) * 1.5

    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=5))
        for w in poisson_times(rng, t, nxt, login_rate(t)):
            pod = rng.choice(web_pods["cur"])
            web.add(w, js(w, "info", "mozilla_django_oidc.auth", "oidc login", student=f"2{rng.randint(3000000, 6099999)}", tid="e1f0c3b2-haverleigh", pod=pod))
            ing.add(w, ingress(w, client_ip(), "GET", f"/oidc/callback/?code=0.A{hexid(rng, 20)}&state={hexid(rng, 16)}", 302, 0, ms(rng, 180, 0.3) / 1000, ua(), upstream(), hexid(rng, 32), referer="https://login.microsoftonline.com/"))
        t = nxt
    for w in poisson_times(rng, START, END, 0.04):
        pod = rng.choice(web_pods["cur"])
        web.add(w, js(w, "warning", "django.security.csrf", "Forbidden (CSRF token missing.): /api/v1/me/basket", status_code=403, pod=pod))
    for w in poisson_times(rng, START, END, 0.01):
        pod = rng.choice(web_pods["cur"])
        sec = rng.choice(other)
        web.add(w, js(w, "error", "django.request", "Internal Server Error: /api/v1/me/timetable.ics", status_code=500, pod=pod, exception="\n".join([
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/django/core/handlers/exception.py", line 55, in inner',
            "    response = get_response(request)",
            '  File "/app/timetable/ics.py", line 31, in export',
            "    start = pattern[\"starts\"]",
            "            ~~~~~~~^^^^^^^^^^",
            "KeyError: 'starts'",
        ])))
    for w in poisson_times(rng, START, END, 0.02):
        pod = rng.choice(web_pods["cur"])
        web.add(w, js(w, "warning", "registration.windows", "window lookup for student without programme", student=f"2{rng.randint(1000000, 6099999)}", pod=pod))

    # --- worker: beat, waitlists, room feed, SIS retries
    t = START + dt.timedelta(seconds=13.2)
    while t < END:
        worker.add(t, celery(t, "INFO", "MainProcess", f"Task registration.tasks.promote_waitlists[{uuid()}] received"))
        worker.add(t + dt.timedelta(seconds=0.6), celery(t + dt.timedelta(seconds=0.6), "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}", f"Task registration.tasks.promote_waitlists[{uuid()}] succeeded in {rng.uniform(0.2, 1.9):.3f}s: {{'promoted': {rng.choice([0, 0, 0, 1, 2])}}}"))
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(seconds=301.7)
    while t < END:
        worker.add(t, celery(t, "INFO", "MainProcess", f"Task registration.tasks.import_rooms[{uuid()}] received"))
        if rng.random() < 0.3:
            tw = t + dt.timedelta(seconds=2.1)
            worker.add(tw, celery(tw, "WARNING", f"ForkPoolWorker-{rng.randint(1, 4)}", f"room feed bookings for unknown rooms skipped count={rng.randint(1, 4)} rooms=['HB-G.12', 'LIB-3.04']"))
        worker.add(t + dt.timedelta(seconds=2.4), celery(t + dt.timedelta(seconds=2.4), "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}", f"Task registration.tasks.import_rooms[{uuid()}] succeeded in {rng.uniform(1.5, 3.2):.3f}s: {rng.randint(1830, 1905)}"))
        t += dt.timedelta(minutes=10)
    for w in poisson_times(rng, START, END, 0.03) + poisson_times(rng, WINDOW, WINDOW + dt.timedelta(minutes=40), 0.6):
        worker.add(w, celery(w, "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}", f"Task registration.tasks.push_enrolment_to_sis[{uuid()}] retry: Retry in {rng.choice([20, 40, 80])}s: SisUnavailable('SIS answered 503')"))

    # --- postgres routine
    t = START + dt.timedelta(seconds=171)
    while t < END:
        pgl.add(t, pg(t, 88, "LOG", "checkpoint starting: time", who=None))
        d = rng.uniform(20, 150)
        pgl.add(t + dt.timedelta(seconds=d), pg(t + dt.timedelta(seconds=d), 88, "LOG", f"checkpoint complete: wrote {rng.randint(300, 4200)} buffers ({rng.uniform(0.1, 1.9):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={d - 0.5:.3f} s, sync=0.{rng.randint(5, 90):03d} s, total={d:.3f} s", who=None))
        t += dt.timedelta(minutes=5)
    for w in poisson_times(rng, START, END, 0.03):
        pid = next(pg_pids)
        pgl.add(w, pg(w, pid, "LOG", f"automatic vacuum of table \"coursereg.public.registration_{rng.choice(['seathold', 'waitlistentry', 'section'])}\": index scans: 1", who=None))
    for w in poisson_times(rng, START, END, 0.008):
        pid = next(pg_pids)
        pgl.add(w, pg(w, pid, "LOG", "could not receive data from client: Connection reset by peer", who="coursereg@coursereg"))
    for w in poisson_times(rng, START, END, 0.004):
        pid = next(pg_pids)
        pgl.add(w, pg(w, pid, "ERROR", 'duplicate key value violates unique constraint "registration_waitlistentry_student_id_section_id_uniq"'))
        pgl.add(w, pg(w, pid, "DETAIL", f"Key (student_id, section_id)=({rng.randint(310000, 390000)}, {rng.choice(sections)['id']}) already exists."))

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC #reg-ops {who}: {text}")

    say("2026-09-15 16:06:30", "Eleanor Hughes", f"merging to main is done for today; Argo will pick up {head1[:8]} (REG-1187 seat-hold NOWAIT, REG-1190 add-failure logging, psycopg bump)")
    say("2026-09-15 16:13:02", "Eleanor Hughes", "2026.09.15.1 healthy, adds fine")
    say("2026-09-15 19:52:44", "Tomasz Wójcik", "one 'enrolment add failed' at 19:45 for a first year, the section row was locked by something. she retried and got in")
    say("2026-09-16 07:26:50", "Callum Fraser", "OPS-311: scaling web for the 09:00 UG3 Humanities window, 12 replicas, 6 workers, pgbouncer pool 60")
    say("2026-09-16 07:34:40", "Callum Fraser", "synced, 12 pods ready")
    say("2026-09-16 07:58:30", "Callum Fraser", "waiting page has ~150 students on it. here we go")
    say("2026-09-16 08:02:10", "alertmanager", "[FIRING:1] Coursereg5xxHigh (route=/api/v1/enrolments/, ratio 0.58)")
    say("2026-09-16 08:03:40", "Joanne Pike (Student Hub)", "students ringing: 'Could not add the module right now, please try again' on every add")
    say("2026-09-16 08:05:55", "Callum Fraser", "DB errors on adds since 08:00. the only change today is my scale-up, pool 60 may be too much for the primary. rolling back OPS-311")
    say("2026-09-16 08:10:20", "Callum Fraser", "rolled back to 6 replicas / 4 workers / pool 30. still failing")
    say("2026-09-16 08:14:05", "Eleanor Hughes", "the exception is 'could not obtain lock on row in relation registration_section'. that's FOR UPDATE NOWAIT from REG-1187, yesterday's release. two students on the same module in the same 100 ms and one of them fails")
    say("2026-09-16 08:16:30", "Priya Raman", "yes, mine. sorry. roll back to 2026.09.14.1, nothing else in yesterday's release matters for the window")
    say("2026-09-16 08:21:00", "Callum Fraser", "rolling back to 2026.09.14.1 (Monday)")
    say("2026-09-16 08:23:15", "Callum Fraser", "adds going through. some take a second or two waiting on the popular sections but no errors")
    say("2026-09-16 08:26:40", "Joanne Pike (Student Hub)", "banner posted: registration is working again, please try your modules again")
    say("2026-09-16 08:52:10", "Priya Raman", "REG-1187 stays reverted. for clearing I'll do lock_timeout 3s on that transaction instead, with a load test at the window's rate")
    return [web, worker, pgl, ing, arg, chat], errors_at, stats, pre_errors


def build(out_dir):
    rng = random.Random(31100)
    repo, culprit, old_release, head1, head2, deployed = build_repo()
    try:
        logs, errors_at, stats, pre_errors = build_logs(rng, culprit, old_release, head1, head2, deployed)
        onset = min(errors_at).replace(microsecond=0)
        assert 2 <= pre_errors <= 4, pre_errors
        assert dt.timedelta(minutes=15) <= onset - DECOY_SYNC <= dt.timedelta(minutes=45), onset

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"coursereg_enrolment_adds.json": query_range([
            ({"job": "coursereg-web", "route": "/api/v1/enrolments/", "status": "503"}, per_min(stats["err"])),
            ({"job": "coursereg-web", "route": "/api/v1/enrolments/", "status": "201"}, per_min(stats["ok"])),
        ], utc("2026-09-16 06:00:00"), END, 60)}
        hours = (onset - utc("2026-09-15 11:05:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r31-seat-hold-nowait", service=SERVICE, onset=onset,
            description=f"""
The University of Haverleigh's third-year Humanities students cannot add
option modules when their registration window opens on Wednesday 16
September at 09:00 BST: from {onset.strftime('%H:%M:%S')} UTC most adds of coursereg answer
503 "Could not add the module right now, please try again". coursereg was
released on Tuesday at 16:10 and scaled up at 07:33; the on-call rolled
the scale-up back at 08:09 and the release at 08:21.

Story: Tuesday's 11:05 commit REG-1187 takes the section row with
SELECT ... FOR UPDATE NOWAIT; when hundreds of students add the same
popular modules in the same seconds, every add that finds the row locked
fails at once. Decoys: the scale-up 27 minutes before, the commit that
logs failed adds, a harmless holds.py commit, a psycopg bump, three lone
lock errors before the window.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"coursereg-worker.log": r"\[<Time>: <Level>/<Process>\] <Content>"},
            root_cause=[
                r"could not obtain lock on row in relation",
                r"FOR UPDATE NOWAIT",
            ],
            fix_files=["registration/holds.py"],
            explanation=f"""
The culprit is "seat holds: take the section row with NOWAIT (REG-1187)"
(Tuesday 11:05 UTC, about {hours:.0f} hours before the onset), shipped by
Tuesday's 16:10 Argo CD sync whose start lines name the later test commit
("test: waitlist promotion skips students with a clash"). hold_seat()
locks the section's row while it checks capacity, holds and clashes; with
nowait=True an add that finds the row locked fails at once instead of
waiting. The SIS push task holds the same row while the SIS answers
(a design older than the culprit, harmless while adds wait for it).
Through Tuesday evening and Wednesday morning
adds are rare and spread over many sections (three lone failures
against an SIS push or the waitlist promotion). At 08:00 UTC the UG3 Humanities window
opens and 480 students add the same popular modules in the same seconds:
most adds fail with "could not obtain lock on row in relation
registration_section" (PostgreSQL's log has the ERROR and the FOR UPDATE
NOWAIT statement; coursereg-web logs "enrolment add failed" with the
traceback through holds.py) and are answered 503. The rollback to
Monday's release at 08:21 ends it; adds then wait on the row lock (a few
"still waiting for ShareLock" lines) and succeed. Fix: take the lock
without NOWAIT again, or with a lock_timeout (registration/holds.py).
Decoys: the scale-up synced at 07:33, {round((onset - DECOY_SYNC).total_seconds() / 60)} minutes before the onset (12 replicas,
6 gunicorn workers, PgBouncer pool 60), rolled back at 08:09 without
effect; the REG-1190 commit that logs failed adds with the exception and
answers 503 (the failure line is new in Tuesday's release); the
docstring commit to holds.py after the culprit; the psycopg bump; the
waitlist and SIS retry commits of Monday; the docs commit on Wednesday
morning; the three lone lock errors between Tuesday evening and
Wednesday morning; SIS 503 retries in the worker; the ICS export's KeyError; CSRF
warnings; a duplicate-key error on the waitlist.
""",
        )
    finally:
        repo.close()
