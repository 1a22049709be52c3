"""vetbook (Python 3.12, FastAPI under gunicorn with uvicorn workers,
SQLAlchemy 2.0, PostgreSQL 15 on RDS behind the platform team's PgBouncer
1.20 in transaction pooling mode; EKS, released from GitLab CI with Helm;
team in Bristol, Lisbon and Bengaluru): Larkfield Veterinary Group's
appointments and pharmacy API. The 46 clinics' front desks book and check
in consultations with it, pet owners book online, and the clinic
pharmacies take repeat prescription requests and record dispensing.

Since 8 October vetbook connects through PgBouncer (transaction pooling:
each transaction may run on a different server connection). With
psycopg2 that is fine: psycopg2 never prepares statements on the server.
On Wednesday 14 October at 08:40 UTC a commit moves the service from
psycopg2 to psycopg 3 ("SQLAlchemy emits the same SQL"). psycopg 3
prepares a statement on the server once a connection has run the same
query five times (prepare_threshold=5) and names it _pg3_0, _pg3_1, ...
per client connection; behind transaction pooling the name is prepared on
one server connection and executed on another, or prepared twice on the
same one. The 10:02 release (its image tag is the later changelog commit)
ships it with a SQLAlchemy bump, a commit that logs SQLSTATE and the
constraint of database errors and a booking-horizon config change. About
a minute after the first new pod starts, requests fail with "prepared
statement "_pg3_N" does not exist" / "already exists" (and the odd "bind
message supplies N parameters, but prepared statement ... requires M"),
more as each pool's connections pass the threshold: diaries do not load
at the front desks, online bookings and prescription requests fail. The
on-call rolls back at 10:21 and the errors stop. The fix sets
prepare_threshold=None in the engine's connect_args.

Decoys: the SQLAlchemy 2.0.35 -> 2.0.36 bump and the SQLSTATE logging
commit in the same release; the config change to a 12-week booking
horizon 32 minutes before the release (same values file as the database
URL); yesterday's pool_pre_ping/pool_recycle commit to the culprit's file;
the week-old move to PgBouncer and its docs page (the words of psycopg's
errors); PgBouncer's own log, which only shows the new pods logging in.
Sources: app (python-json-logger JSON with tracebacks), Traefik access
(CLF with router and duration), PgBouncer, RDS PostgreSQL (its prefix,
ERROR/STATEMENT pairs), GitLab CI deploy and rollback jobs, #clinic-systems
(chat export)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "vetbook"
START, END = utc("2026-10-14 08:30:00"), utc("2026-10-14 11:00:00")
PIPELINE = utc("2026-10-14 10:02:05")
ROLLOUT = utc("2026-10-14 10:03:12")
ROLLBACK = utc("2026-10-14 10:21:34")
PREV_RELEASE = utc("2026-10-13 15:12:40")
PGB_IP = "10.40.7.22"
RDS = "vetbook-prod.c9x2lkq1mf0a.eu-west-2.rds.amazonaws.com"

DB_PY = '''"""Database engine and sessions.

Production connects through the platform team's PgBouncer (transaction
pooling); see docs/database.md for the connection budget.
"""
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from vetbook.settings import settings

engine = create_engine(
    settings.database_url,
    pool_size=settings.db_pool_size,
    max_overflow=settings.db_max_overflow,
    pool_timeout=10,
)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)


def get_session():
    with SessionLocal() as session:
        yield session
'''

SETTINGS_PY = '''from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql://vetbook:vetbook@localhost:5432/vetbook"
    db_pool_size: int = 5
    db_max_overflow: int = 5
    booking_horizon_weeks: int = 8
    wholesaler_url: str = "https://api.nvs-wholesale.example/v3"
    wholesaler_timeout_s: float = 5.0


settings = Settings()
'''

ERRORS_PY = '''import logging

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError

log = logging.getLogger("vetbook.errors")


async def integrity_error(request: Request, exc: IntegrityError):
    log.info("conflict on %s %s", request.method, request.scope.get("route").path,
             extra={"request_id": request.state.request_id})
    return JSONResponse({"detail": "That slot or record was just taken; refresh and try again."}, status_code=409)


async def database_error(request: Request, exc: DBAPIError):
    log.error("database error on %s %s", request.method, request.scope.get("route").path,
              exc_info=exc, extra={"request_id": request.state.request_id})
    return JSONResponse({"detail": "Something went wrong. Please try again."}, status_code=500)
'''

VALUES_DIRECT = """image:
  repository: registry.gitlab.com/larkfield/vetbook
  tag: latest

replicas: 4

env:
  DATABASE_URL: postgresql://vetbook@vetbook-prod.c9x2lkq1mf0a.eu-west-2.rds.amazonaws.com:5432/vetbook
  DB_POOL_SIZE: "5"
  DB_MAX_OVERFLOW: "5"
  WEB_CONCURRENCY: "4"
  BOOKING_HORIZON_WEEKS: "8"
  WHOLESALER_TIMEOUT_S: "5"

envFromSecret: vetbook-db

resources:
  requests:
    cpu: 500m
    memory: 768Mi
  limits:
    memory: 768Mi
"""

VALUES = """image:
  repository: registry.gitlab.com/larkfield/vetbook
  tag: latest

replicas: 4

env:
  DATABASE_URL: postgresql://vetbook@pgbouncer.data.svc.cluster.local:6432/vetbook
  DB_POOL_SIZE: "5"
  DB_MAX_OVERFLOW: "5"
  WEB_CONCURRENCY: "4"
  BOOKING_HORIZON_WEEKS: "8"
  WHOLESALER_TIMEOUT_S: "5"

envFromSecret: vetbook-db

resources:
  requests:
    cpu: 500m
    memory: 768Mi
  limits:
    memory: 768Mi
"""

REQUIREMENTS = """fastapi==0.115.2
uvicorn[standard]==0.31.1
gunicorn==23.0.0
sqlalchemy==2.0.35
psycopg2-binary==2.9.9
alembic==1.13.3
pydantic-settings==2.5.2
python-json-logger==2.0.7
httpx==0.27.2
"""


def repo_files():
    return {
        "requirements.txt": REQUIREMENTS,
        "vetbook/__init__.py": "",
        "vetbook/db.py": DB_PY,
        "vetbook/settings.py": SETTINGS_PY,
        "vetbook/errors.py": ERRORS_PY,
        "vetbook/main.py": 'import logging\nimport os\n\nfrom fastapi import FastAPI\nfrom sqlalchemy.exc import DBAPIError, IntegrityError\n\nfrom vetbook import errors\nfrom vetbook.api import appointments, pharmacy, slots\nfrom vetbook.logging import configure_logging\n\nconfigure_logging()\napp = FastAPI(title="vetbook")\napp.include_router(slots.router)\napp.include_router(appointments.router)\napp.include_router(pharmacy.router)\napp.add_exception_handler(IntegrityError, errors.integrity_error)\napp.add_exception_handler(DBAPIError, errors.database_error)\n\nlogging.getLogger("vetbook").info("vetbook %s starting", os.environ.get("APP_VERSION", "dev"))\n\n\n@app.get("/healthz")\ndef healthz():\n    return {"ok": True}\n',
        "vetbook/logging.py": 'import logging\nimport os\nimport sys\n\nfrom pythonjsonlogger import jsonlogger\n\n\ndef configure_logging():\n    handler = logging.StreamHandler(sys.stdout)\n    handler.setFormatter(jsonlogger.JsonFormatter(\n        "%(levelname)s %(name)s %(message)s",\n        rename_fields={"levelname": "level", "name": "logger"},\n        static_fields={"pod": os.environ.get("HOSTNAME", "local")},\n        timestamp=True,\n    ))\n    logging.basicConfig(level=logging.INFO, handlers=[handler])\n',
        "vetbook/api/__init__.py": "",
        "vetbook/api/slots.py": 'from datetime import date, timedelta\n\nfrom fastapi import APIRouter, Depends\nfrom sqlalchemy import select\nfrom sqlalchemy.orm import Session\n\nfrom vetbook.db import get_session\nfrom vetbook.models import Slot\nfrom vetbook.settings import settings\n\nrouter = APIRouter(prefix="/api/v2")\n\n\n@router.get("/clinics/{clinic_id}/slots")\ndef list_slots(clinic_id: int, day: date, session: Session = Depends(get_session)):\n    if day > date.today() + timedelta(weeks=settings.booking_horizon_weeks):\n        return []\n    stmt = select(Slot).where(Slot.clinic_id == clinic_id, Slot.day == day, Slot.appointment_id.is_(None)).order_by(Slot.starts_at)\n    return session.execute(stmt).scalars().all()\n',
        "vetbook/api/appointments.py": 'from fastapi import APIRouter, Depends\nfrom sqlalchemy.orm import Session\n\nfrom vetbook.db import get_session\nfrom vetbook.schemas import AppointmentIn\nfrom vetbook.services import booking\n\nrouter = APIRouter(prefix="/api/v2")\n\n\n@router.post("/appointments", status_code=201)\ndef book(body: AppointmentIn, session: Session = Depends(get_session)):\n    return booking.book(session, body)\n\n\n@router.post("/appointments/{appointment_id}/check-in")\ndef check_in(appointment_id: int, session: Session = Depends(get_session)):\n    return booking.check_in(session, appointment_id)\n',
        "vetbook/api/pharmacy.py": 'from fastapi import APIRouter, Depends\nfrom sqlalchemy.orm import Session\n\nfrom vetbook.db import get_session\nfrom vetbook.schemas import DispenseIn, RepeatRequestIn\nfrom vetbook.services import dispensing\n\nrouter = APIRouter(prefix="/api/v2/pharmacy")\n\n\n@router.post("/repeat-requests", status_code=201)\ndef repeat_request(body: RepeatRequestIn, session: Session = Depends(get_session)):\n    return dispensing.request_repeat(session, body)\n\n\n@router.post("/dispense", status_code=201)\ndef dispense(body: DispenseIn, session: Session = Depends(get_session)):\n    return dispensing.dispense(session, body)\n',
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "tests/test_slots.py": 'def test_no_slots_beyond_the_booking_horizon(client, clinic):\n    resp = client.get(f"/api/v2/clinics/{clinic.id}/slots", params={"day": "2030-01-01"})\n    assert resp.json() == []\n',
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY vetbook vetbook\nCOPY migrations migrations\nARG APP_VERSION=dev\nENV APP_VERSION=$APP_VERSION\nCMD ["gunicorn", "vetbook.main:app", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8000"]\n',
        "chart/Chart.yaml": "apiVersion: v2\nname: vetbook\nversion: 1.4.0\n",
        "chart/values-production.yaml": VALUES_DIRECT,
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  image: python:3.12-slim\n  services: [postgres:15]\n  script:\n    - pip install -r requirements.txt pytest\n    - pytest -q\n\nbuild:\n  stage: build\n  image: docker:27\n  script:\n    - docker build --build-arg APP_VERSION=$CI_COMMIT_SHORT_SHA -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\n\ndeploy-production:\n  stage: deploy\n  image: alpine/helm:3.16.2\n  when: manual\n  environment: production\n  script:\n    - helm upgrade --install vetbook ./chart -n clinics -f chart/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait --timeout 10m\n",
        "README.md": "# vetbook\n\nLarkfield Veterinary Group's appointments and pharmacy API: clinic\ndiaries, online booking, check-in, repeat prescription requests and the\ndispensing record.\n\n## Running locally\n\n```\ndocker compose up -d postgres\npip install -r requirements.txt\nalembic upgrade head\nuvicorn vetbook.main:app --reload\n```\n\n## Deploying\n\nEvery merge to `main` is built by GitLab CI; `deploy-production` (manual)\nruns `helm upgrade` with the commit's image. Releases go out once or twice\na day, not between 08:00 and 09:30 (clinics opening).\n",
        "CHANGELOG.md": "# Changelog\n",
    }


def build_repo():
    hannah = Person("Hannah Pryce", "hannah.pryce@larkfieldvets.co.uk", 60)
    rafael = Person("Rafael Souza", "rafael.souza@larkfieldvets.co.uk", 60)
    priya = Person("Priya Natarajan", "priya.natarajan@larkfieldvets.co.uk", 330)
    marek = Person("Marek Zielinski", "marek.zielinski@larkfieldvets.co.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("VetbookErrors", "5xx above 2 % for 5 minutes. The app log has the exception; database errors carry the statement. Check PgBouncer (`data` namespace) and the RDS dashboard."),
        ("DiaryLatency", "p95 of the slots endpoint above 800 ms. Usually the RDS instance's CPU; see the slow statements in the RDS log."),
    ])
    repo.commit(utc("2026-10-06 09:20:00"), hannah, "vetbook: move from Bitbucket to GitLab", files)
    repo.schedule(chores(random.Random(20101), SERVICE, [hannah, rafael, priya], utc("2026-10-06 09:20:00"), utc("2026-10-12 17:00:00"), 3))
    repo.commit(utc("2026-10-07 10:05:00"), priya, "pharmacy: repeat prescription requests from the owner app", {
        "vetbook/services/dispensing.py": 'from vetbook.models import Prescription, RepeatRequest\n\n\ndef request_repeat(session, body):\n    rx = session.get(Prescription, body.prescription_id)\n    if rx is None or rx.repeats_left <= 0:\n        raise LookupError("no repeats left on this prescription")\n    req = RepeatRequest(prescription_id=rx.id, owner_id=body.owner_id, clinic_id=rx.clinic_id, status="pending")\n    session.add(req)\n    session.commit()\n    return req\n\n\ndef dispense(session, body):\n    raise NotImplementedError\n',
    })
    repo.commit(utc("2026-10-08 12:10:00"), marek, "db: connect through PgBouncer (transaction pooling)\n\nvetbook, the reminders worker and the reporting jobs together opened\n~380 connections to the RDS instance (max_connections 400). The\nplatform's PgBouncer in the data namespace multiplexes them onto 60.", {
        "chart/values-production.yaml": repo.edit("chart/values-production.yaml", "vetbook-prod.c9x2lkq1mf0a.eu-west-2.rds.amazonaws.com:5432", "pgbouncer.data.svc.cluster.local:6432"),
    })
    repo.commit(utc("2026-10-08 15:30:00"), marek, "docs: database connections and the PgBouncer budget", {
        "docs/database.md": "# Database\n\nvetbook uses the `vetbook` database on the shared RDS PostgreSQL 15\ninstance. Pods connect to `pgbouncer.data.svc.cluster.local:6432`, run by\nthe platform team, in **transaction pooling** mode: a server connection\nis only ours for one transaction. Do not rely on session state (SET,\nadvisory locks, LISTEN, temporary tables) across transactions.\n\nBudget: 4 pods x 4 workers x (5 + 5 overflow) client connections;\nPgBouncer holds at most 60 server connections for vetbook.\n",
    })
    repo.commit(utc("2026-10-12 11:40:00"), priya, "pharmacy: record dispensing against the prescription", {
        "vetbook/services/dispensing.py": repo.edit("vetbook/services/dispensing.py", "def dispense(session, body):\n    raise NotImplementedError\n",
                                                    "def dispense(session, body):\n    rx = session.get(Prescription, body.prescription_id, with_for_update=True)\n    rx.repeats_left -= 1\n    session.add(Dispensing(prescription_id=rx.id, product_code=body.product_code, quantity=body.quantity, vet_id=body.vet_id))\n    session.commit()\n").replace(
            "from vetbook.models import Prescription, RepeatRequest", "from vetbook.models import Dispensing, Prescription, RepeatRequest"),
    })
    # ---- the 24 hours before the onset
    repo.commit(utc("2026-10-13 12:20:00"), rafael, "db: pool_pre_ping, recycle connections after 30 min\n\nAfter Monday's PgBouncer restart the pools handed out dead\nconnections until each one had failed once.", {
        "vetbook/db.py": repo.edit("vetbook/db.py", "    pool_timeout=10,\n", "    pool_timeout=10,\n    pool_pre_ping=True,\n    pool_recycle=1800,\n"),
    })
    prev = repo.commit(utc("2026-10-13 14:35:00"), priya, "pharmacy: controlled drugs register export as CSV", {
        "vetbook/api/pharmacy.py": repo.edit("vetbook/api/pharmacy.py", '@router.post("/dispense", status_code=201)', '@router.get("/controlled-drugs/register.csv")\ndef cd_register(clinic_id: int, month: str, session: Session = Depends(get_session)):\n    return dispensing.cd_register_csv(session, clinic_id, month)\n\n\n@router.post("/dispense", status_code=201)'),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 2026.10.13\n\n- Controlled drugs register export (CSV).\n",
    })
    sqla = repo.commit(utc("2026-10-14 05:12:00"), bot, "Bump sqlalchemy from 2.0.35 to 2.0.36\n\nBumps [sqlalchemy](https://github.com/sqlalchemy/sqlalchemy) from 2.0.35 to 2.0.36.\n- [Release notes](https://github.com/sqlalchemy/sqlalchemy/releases)\n- [Changelog](https://github.com/sqlalchemy/sqlalchemy/blob/main/doc/build/changelog/changelog_20.rst)\n- [Commits](https://github.com/sqlalchemy/sqlalchemy/commits)", {
        "requirements.txt": repo.edit("requirements.txt", "sqlalchemy==2.0.35", "sqlalchemy==2.0.36"),
    })
    culprit = repo.commit(utc("2026-10-14 08:40:00"), rafael, "db: move from psycopg2 to psycopg 3\n\npsycopg2 is in maintenance mode and its wheels trail new Python\nreleases; psycopg 3 is the driver SQLAlchemy 2 recommends. DATABASE_URL\nstays postgresql:// (the reminders worker and alembic share it); the\nengine picks the psycopg dialect. No query changes: SQLAlchemy emits the\nsame SQL.", {
        "requirements.txt": repo.edit("requirements.txt", "psycopg2-binary==2.9.9", "psycopg[binary]==3.2.3"),
        "vetbook/db.py": repo.edit("vetbook/db.py", "engine = create_engine(\n    settings.database_url,\n",
                                   "\ndef _sqlalchemy_url(url: str) -> str:\n    # DATABASE_URL says postgresql://, which SQLAlchemy maps to psycopg2.\n    if url.startswith(\"postgresql://\"):\n        return \"postgresql+psycopg://\" + url[len(\"postgresql://\"):]\n    return url\n\n\nengine = create_engine(\n    _sqlalchemy_url(settings.database_url),\n"),
    })
    logline = repo.commit(utc("2026-10-14 09:05:00"), hannah, "errors: log SQLSTATE and constraint of database errors\n\nSo the 409s and 500s can be told apart on the dashboard without\nopening the traceback.", {
        "vetbook/errors.py": repo.edit("vetbook/errors.py", '    log.error("database error on %s %s", request.method, request.scope.get("route").path,\n              exc_info=exc, extra={"request_id": request.state.request_id})\n',
                                       '    orig = getattr(exc, "orig", None)\n    diag = getattr(orig, "diag", None)\n    log.error("database error on %s %s", request.method, request.scope.get("route").path,\n              exc_info=exc, extra={"request_id": request.state.request_id,\n                                   "sqlstate": getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None),\n                                   "constraint": getattr(diag, "constraint_name", None)})\n'),
    })
    horizon = repo.commit(utc("2026-10-14 09:30:00"), priya, "config: online booking up to 12 weeks ahead (was 8)\n\nClinics asked for it for booster vaccinations and dental lists.", {
        "chart/values-production.yaml": repo.edit("chart/values-production.yaml", 'BOOKING_HORIZON_WEEKS: "8"', 'BOOKING_HORIZON_WEEKS: "12"'),
    })
    release = repo.commit(utc("2026-10-14 09:48:00"), hannah, "changelog: 2026.10.14", {
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2026.10.14\n\n- psycopg 3 instead of psycopg2; SQLAlchemy 2.0.36.\n- Database errors log their SQLSTATE and constraint.\n- Online booking up to 12 weeks ahead.\n",
    })
    repo.commit(utc("2026-10-14 10:40:00"), priya, "tests: repeat request without repeats left answers 404", {
        "tests/test_pharmacy.py": 'def test_repeat_request_without_repeats_left(client, prescription_without_repeats):\n    resp = client.post("/api/v2/pharmacy/repeat-requests", json={"prescription_id": prescription_without_repeats.id, "owner_id": 1})\n    assert resp.status_code == 404\n',
    })
    return repo, {"prev": prev, "sqla": sqla, "culprit": culprit, "logline": logline, "horizon": horizon, "release": release}


# ---------------------------------------------------------------------------
# formats

def app_json(t, level, logger, message, pod, exc_info=None, **extra):
    """python-json-logger: the format's fields, the static pod, exc_info,
    the record's extras, then timestamp (timestamp=True, UTC isoformat)."""
    body = {"level": level, "logger": logger, "message": message, "pod": pod}
    if exc_info:
        body["exc_info"] = exc_info
    body.update(extra)
    body["timestamp"] = t.isoformat()
    return json.dumps(body)


def traefik(t, client, method, path, status, size, ua, count, pod_ip, dur_ms):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {count} '
            f'"clinics-vetbook-api@kubernetescrd" "http://{pod_ip}:8000" {dur_ms}ms')


def rds(t, client, pid, level, msg, who="vetbook@vetbook"):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC:{client}:{who}:[{pid}]:{level}:  {msg}"


def pgb(t, msg, level="LOG"):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} UTC [1] {level} {msg}"


# ---------------------------------------------------------------------------

ROUTES = [
    # weight, method, template, path fn, db statement key, ok status
    (30, "GET", "/api/v2/clinics/{clinic_id}/slots", lambda r: f"/api/v2/clinics/{r.randint(1, 46)}/slots?day=2026-10-{r.randint(14, 30)}", "slots", 200),
    (14, "GET", "/api/v2/clinics/{clinic_id}/diary", lambda r: f"/api/v2/clinics/{r.randint(1, 46)}/diary?day=2026-10-14", "diary", 200),
    (9, "POST", "/api/v2/appointments", lambda r: "/api/v2/appointments", "book", 201),
    (8, "POST", "/api/v2/appointments/{appointment_id}/check-in", lambda r: f"/api/v2/appointments/{r.randint(4810000, 4830000)}/check-in", "checkin", 200),
    (7, "GET", "/api/v2/patients/{patient_id}", lambda r: f"/api/v2/patients/{r.randint(200000, 399999)}", "patient", 200),
    (4, "POST", "/api/v2/pharmacy/repeat-requests", lambda r: "/api/v2/pharmacy/repeat-requests", "repeat", 201),
    (3, "POST", "/api/v2/pharmacy/dispense", lambda r: "/api/v2/pharmacy/dispense", "dispense", 201),
    (3, "GET", "/api/v2/products/search", lambda r: f"/api/v2/products/search?q={r.choice(['meloxicam', 'bravecto', 'nexgard', 'apoquel', 'metacam', 'drontal', 'vetmedin', 'milbemax'])}", None, 200),
]

STATEMENTS = {
    "slots": ("SELECT slots.id, slots.clinic_id, slots.day, slots.starts_at, slots.vet_id, slots.appointment_id \nFROM slots \nWHERE slots.clinic_id = %(clinic_id_1)s::INTEGER AND slots.day = %(day_1)s::DATE AND slots.appointment_id IS NULL ORDER BY slots.starts_at",
              "SELECT slots.id, slots.clinic_id, slots.day, slots.starts_at, slots.vet_id, slots.appointment_id FROM slots WHERE slots.clinic_id = $1::INTEGER AND slots.day = $2::DATE AND slots.appointment_id IS NULL ORDER BY slots.starts_at",
              "vetbook/api/slots.py", 18, "list_slots", "return session.execute(stmt).scalars().all()", 2),
    "diary": ("SELECT appointments.id, appointments.slot_id, appointments.patient_id, appointments.reason, appointments.status, patients.name, patients.species \nFROM appointments JOIN patients ON patients.id = appointments.patient_id \nWHERE appointments.clinic_id = %(clinic_id_1)s::INTEGER AND appointments.day = %(day_1)s::DATE ORDER BY appointments.starts_at",
              "SELECT appointments.id, appointments.slot_id, appointments.patient_id, appointments.reason, appointments.status, patients.name, patients.species FROM appointments JOIN patients ON patients.id = appointments.patient_id WHERE appointments.clinic_id = $1::INTEGER AND appointments.day = $2::DATE ORDER BY appointments.starts_at",
              "vetbook/api/diary.py", 22, "clinic_diary", "rows = session.execute(stmt).all()", 2),
    "book": ("SELECT slots.id, slots.clinic_id, slots.day, slots.starts_at, slots.vet_id, slots.appointment_id \nFROM slots \nWHERE slots.id = %(pk_1)s::BIGINT FOR UPDATE",
             "SELECT slots.id, slots.clinic_id, slots.day, slots.starts_at, slots.vet_id, slots.appointment_id FROM slots WHERE slots.id = $1::BIGINT FOR UPDATE",
             "vetbook/services/booking.py", 31, "book", "slot = session.get(Slot, body.slot_id, with_for_update=True)", 1),
    "checkin": ("UPDATE appointments SET status=%(status)s::VARCHAR, checked_in_at=now() WHERE appointments.id = %(appointments_id)s::BIGINT",
                "UPDATE appointments SET status=$1::VARCHAR, checked_in_at=now() WHERE appointments.id = $2::BIGINT",
                "vetbook/services/booking.py", 58, "check_in", "session.commit()", 2),
    "patient": ("SELECT patients.id, patients.owner_id, patients.name, patients.species, patients.breed, patients.weight_kg, patients.microchip \nFROM patients \nWHERE patients.id = %(pk_1)s::BIGINT",
                "SELECT patients.id, patients.owner_id, patients.name, patients.species, patients.breed, patients.weight_kg, patients.microchip FROM patients WHERE patients.id = $1::BIGINT",
                "vetbook/api/patients.py", 15, "get_patient", "patient = session.get(Patient, patient_id)", 1),
    "repeat": ("SELECT prescriptions.id, prescriptions.clinic_id, prescriptions.patient_id, prescriptions.product_code, prescriptions.repeats_left \nFROM prescriptions \nWHERE prescriptions.id = %(pk_1)s::BIGINT",
               "SELECT prescriptions.id, prescriptions.clinic_id, prescriptions.patient_id, prescriptions.product_code, prescriptions.repeats_left FROM prescriptions WHERE prescriptions.id = $1::BIGINT",
               "vetbook/services/dispensing.py", 5, "request_repeat", "rx = session.get(Prescription, body.prescription_id)", 1),
    "dispense": ("SELECT prescriptions.id, prescriptions.clinic_id, prescriptions.patient_id, prescriptions.product_code, prescriptions.repeats_left \nFROM prescriptions \nWHERE prescriptions.id = %(pk_1)s::BIGINT FOR UPDATE",
                 "SELECT prescriptions.id, prescriptions.clinic_id, prescriptions.patient_id, prescriptions.product_code, prescriptions.repeats_left FROM prescriptions WHERE prescriptions.id = $1::BIGINT FOR UPDATE",
                 "vetbook/services/dispensing.py", 15, "dispense", "rx = session.get(Prescription, body.prescription_id, with_for_update=True)", 1),
}

ENTRY = {
    "slots": ("vetbook/api/slots.py", 18, "list_slots", "return session.execute(stmt).scalars().all()"),
    "diary": ("vetbook/api/diary.py", 22, "clinic_diary", "rows = session.execute(stmt).all()"),
    "book": ("vetbook/api/appointments.py", 12, "book", "return booking.book(session, body)"),
    "checkin": ("vetbook/api/appointments.py", 17, "check_in", "return booking.check_in(session, appointment_id)"),
    "patient": ("vetbook/api/patients.py", 15, "get_patient", "patient = session.get(Patient, patient_id)"),
    "repeat": ("vetbook/api/pharmacy.py", 13, "repeat_request", "return dispensing.request_repeat(session, body)"),
    "dispense": ("vetbook/api/pharmacy.py", 24, "dispense", "return dispensing.dispense(session, body)"),
}

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
    "LarkfieldPets/4.12.0 (iPhone; iOS 18.0.1; Scale/3.00)",
    "LarkfieldPets/4.12.0 (Android 14; SM-S911B)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
]
KUBE_PROBE = "kube-probe/1.30+"


def params_text(rng, key):
    if key in ("slots", "diary"):
        return f"{{'clinic_id_1': {rng.randint(1, 46)}, 'day_1': datetime.date(2026, 10, {rng.randint(14, 30)})}}"
    if key == "checkin":
        return f"{{'status': 'arrived', 'appointments_id': {rng.randint(4810000, 4830000)}}}"
    return f"{{'pk_1': {rng.randint(100000, 999999)}}}"


def traceback_text(rng, key, kind, name, got=None, want=None):
    sql, _, _, _, _, _, _ = STATEMENTS[key]
    efile, eline, efunc, ecode = ENTRY[key]
    err_cls = {"missing": "InvalidSqlStatementName", "dup": "DuplicatePreparedStatement", "bind": "ProtocolViolation"}[kind]
    msg = {"missing": f'prepared statement "{name}" does not exist',
           "dup": f'prepared statement "{name}" already exists',
           "bind": f'bind message supplies {got} parameters, but prepared statement "{name}" requires {want}'}[kind]
    site = "/app/.venv/lib/python3.12/site-packages"
    frames = [
        "Traceback (most recent call last):",
        f'  File "{site}/sqlalchemy/engine/base.py", line 1967, in _exec_single_context',
        "    self.dialect.do_execute(",
        f'  File "{site}/sqlalchemy/engine/default.py", line 941, in do_execute',
        "    cursor.execute(statement, parameters)",
        f'  File "{site}/psycopg/cursor.py", line 97, in execute',
        "    raise ex.with_traceback(None)",
        f"psycopg.errors.{err_cls}: {msg}",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        f'  File "{site}/starlette/middleware/errors.py", line 165, in __call__',
        "    await self.app(scope, receive, _send)",
        f'  File "{site}/fastapi/routing.py", line 212, in run_endpoint_function',
        "    return await run_in_threadpool(dependant.call, **values)",
        f'  File "/app/{efile}", line {eline}, in {efunc}',
        f"    {ecode}",
    ]
    sfile, sline, sfunc, scode = STATEMENTS[key][2], STATEMENTS[key][3], STATEMENTS[key][4], STATEMENTS[key][5]
    if sfile != efile:
        frames += [f'  File "/app/{sfile}", line {sline}, in {sfunc}', f"    {scode}"]
    frames += [
        f'  File "{site}/sqlalchemy/engine/base.py", line 1846, in _execute_context',
        "    return self._exec_single_context(",
        f'  File "{site}/sqlalchemy/engine/base.py", line 1986, in _exec_single_context',
        "    self._handle_dbapi_exception(",
        f'  File "{site}/sqlalchemy/engine/base.py", line 2355, in _handle_dbapi_exception',
        "    raise sqlalchemy_exception.with_traceback(exc_info[2]) from e",
        f"sqlalchemy.exc.{'ProgrammingError' if kind != 'bind' else 'InternalError'}: (psycopg.errors.{err_cls}) {msg}",
        f"[SQL: {sql}]",
        f"[parameters: {params_text(rng, key)}]",
        f"(Background on this error at: https://sqlalche.me/e/20/{'f405' if kind != 'bind' else '2j85'})",
    ]
    return "\n".join(frames), {"missing": "26000", "dup": "42P05", "bind": "08P01"}[kind]


def rate(t):
    """Requests a minute across the clinics (front desks, the owner app)."""
    h = t.hour + t.minute / 60  # UTC; BST is UTC+1
    base = 26 if h < 11 else 23
    return base * (1 + 0.15 * math.sin(h * 2.1))


def build_logs(rng, shas):
    app = Log("vetbook.log")
    proxy = Log("traefik-access.log")
    bouncer = Log("pgbouncer.log")
    pg = Log("rds-postgresql.log")
    ci = Log("gitlab-deploy.log")
    chat = Log("clinic-systems.log")
    stats = {"ok": [], "fail": [], "errors": []}

    old_pods = [("vetbook-6f9c7d5b8-" + hexid(rng, 5), f"10.40.{rng.randint(1, 12)}.{rng.randint(10, 250)}") for _ in range(4)]
    new_pods = [("vetbook-7b4d8c6f9-" + hexid(rng, 5), f"10.40.{rng.randint(1, 12)}.{rng.randint(10, 250)}") for _ in range(4)]
    back_pods = [("vetbook-6f9c7d5b8-" + hexid(rng, 5), f"10.40.{rng.randint(1, 12)}.{rng.randint(10, 250)}") for _ in range(4)]
    new_start = [ROLLOUT + dt.timedelta(seconds=34 * i + rng.randint(0, 6)) for i in range(4)]
    back_start = [ROLLBACK + dt.timedelta(seconds=12 + 30 * i + rng.randint(0, 6)) for i in range(4)]
    # pod i of a generation is ready 9 s after it starts; the matching old pod then goes
    ready = 9

    def pods_at(t):
        live = []
        for i in range(4):
            if t < new_start[i] + dt.timedelta(seconds=ready):
                live.append(("old", old_pods[i], None))
            elif t < back_start[i] + dt.timedelta(seconds=ready):
                live.append(("new", new_pods[i], new_start[i]))
            else:
                live.append(("old", back_pods[i], None))
        return live

    version = {"old": shas["prev"][:8], "new": shas["release"][:8]}
    # startup lines
    for gen, pods, starts in (("new", new_pods, new_start), ("old", back_pods, back_start)):
        for (pod, _), t0 in zip(pods, starts):
            for w in range(4):
                t = t0 + dt.timedelta(seconds=3.6 + w * 0.21 + rng.random() * 0.1)
                app.add(t, app_json(t, "INFO", "vetbook", f"vetbook {version[gen]} starting", pod))
            # the worker processes' pools log in to PgBouncer as the first requests come
            for k in range(rng.randint(6, 9)):
                tt = t0 + dt.timedelta(seconds=10 + rng.uniform(0, 50) * (k + 1) / 3)
                bouncer.add(tt, pgb(tt, f"C-0x{hexid(rng, 12)}: vetbook/vetbook@{_ip_of(pods, pod)}:{rng.randint(33000, 60999)} login attempt: db=vetbook user=vetbook tls=no"))
    for gen_pods, ends in ((old_pods, new_start), (new_pods, back_start)):
        for (pod, pip), t1 in zip(gen_pods, ends):
            t = t1 + dt.timedelta(seconds=ready + 0.4)
            age_base = (t - PREV_RELEASE).total_seconds() if gen_pods is old_pods else (t - ROLLOUT).total_seconds()
            for k in range(rng.randint(6, 9)):
                tt = t + dt.timedelta(seconds=1.3 + rng.random())
                bouncer.add(tt, pgb(tt, f"C-0x{hexid(rng, 12)}: vetbook/vetbook@{pip}:{rng.randint(33000, 60999)} closing because: client close request (age={int(age_base - rng.uniform(0, 400))}s)"))

    # per-connection warm-up: psycopg prepares a query on a connection after 5 runs
    def fail_prob(t, started):
        age = (t - started).total_seconds()
        if age < 40:
            return 0.0
        return 0.46 * (1 - math.exp(-(age - 40) / 150))

    peak = 40
    counter = [5_812_330]
    for t in poisson_times(rng, START, END, peak):
        if rng.random() > rate(t) / peak:
            continue
        w, method, template, pathfn, key, ok = _pick(rng, ROUTES)
        live = pods_at(t)
        gen, (pod, pip), started = rng.choice(live)
        client = f"{rng.choice(['81.', '86.', '92.', '109.', '212.', '5.'])}{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"
        ua = rng.choice(UAS)
        path = pathfn(rng)
        status = ok
        dur = ms(rng, 38 if key in ("slots", "diary") else 24, 0.5)
        rid = hexid(rng, 32)
        if key and gen == "new" and rng.random() < fail_prob(t, started):
            status = 500
            kind = _pick_kind(rng)
            name = f"_pg3_{min(rng.randint(0, 6), rng.randint(0, 6))}"
            want = STATEMENTS[key][6]
            got = want + rng.choice([-1, 1]) if want > 1 else 2
            tb, sqlstate = traceback_text(rng, key, kind, name, got, want)
            te = t + dt.timedelta(milliseconds=dur)
            app.add(te, app_json(te, "ERROR", "vetbook.errors", f"database error on {method} {template}", pod, exc_info=tb, request_id=rid, sqlstate=sqlstate, constraint=None))
            backend = rng.randint(20000, 39999)
            if kind == "missing":
                pg.add(te - dt.timedelta(milliseconds=3), rds(te - dt.timedelta(milliseconds=3), f"{PGB_IP}({rng.randint(40000, 60999)})", backend, "ERROR", f'prepared statement "{name}" does not exist'))
            elif kind == "dup":
                pg.add(te - dt.timedelta(milliseconds=3), rds(te - dt.timedelta(milliseconds=3), f"{PGB_IP}({rng.randint(40000, 60999)})", backend, "ERROR", f'prepared statement "{name}" already exists'))
                pg.add(te - dt.timedelta(milliseconds=3), rds(te - dt.timedelta(milliseconds=3), f"{PGB_IP}({rng.randint(40000, 60999)})", backend, "STATEMENT", STATEMENTS[key][1]))
            else:
                pg.add(te - dt.timedelta(milliseconds=3), rds(te - dt.timedelta(milliseconds=3), f"{PGB_IP}({rng.randint(40000, 60999)})", backend, "ERROR", f'bind message supplies {got} parameters, but prepared statement "{name}" requires {want}'))
            stats["fail"].append(te)
        else:
            if key == "book" and rng.random() < 0.05:
                status = 409
                te = t + dt.timedelta(milliseconds=dur)
                app.add(te, app_json(te, "INFO", "vetbook.errors", "conflict on POST /api/v2/appointments", pod, request_id=rid))
                be = rng.randint(20000, 39999)
                pg.add(te - dt.timedelta(milliseconds=2), rds(te - dt.timedelta(milliseconds=2), f"{PGB_IP}({rng.randint(40000, 60999)})", be, "ERROR", 'duplicate key value violates unique constraint "appointments_slot_id_key"'))
                pg.add(te - dt.timedelta(milliseconds=2), rds(te - dt.timedelta(milliseconds=2), f"{PGB_IP}({rng.randint(40000, 60999)})", be, "DETAIL", f"Key (slot_id)=({rng.randint(9100000, 9400000)}) already exists."))
                pg.add(te - dt.timedelta(milliseconds=2), rds(te - dt.timedelta(milliseconds=2), f"{PGB_IP}({rng.randint(40000, 60999)})", be, "STATEMENT", "INSERT INTO appointments (slot_id, clinic_id, patient_id, day, starts_at, reason, status, booked_via) VALUES ($1::BIGINT, $2::INTEGER, $3::BIGINT, $4::DATE, $5::TIMESTAMP WITH TIME ZONE, $6::VARCHAR, $7::VARCHAR, $8::VARCHAR) RETURNING appointments.id"))
            elif key == "book":
                te = t + dt.timedelta(milliseconds=dur)
                app.add(te, app_json(te, "INFO", "vetbook.booking", "appointment booked", pod, request_id=rid, clinic_id=rng.randint(1, 46), via=rng.choice(["desk", "desk", "owner_app", "web"])))
            elif key == "repeat":
                te = t + dt.timedelta(milliseconds=dur)
                app.add(te, app_json(te, "INFO", "vetbook.pharmacy", "repeat prescription requested", pod, request_id=rid, clinic_id=rng.randint(1, 46)))
            elif key == "dispense":
                te = t + dt.timedelta(milliseconds=dur)
                app.add(te, app_json(te, "INFO", "vetbook.pharmacy", "dispensed", pod, request_id=rid, clinic_id=rng.randint(1, 46), controlled=rng.random() < 0.12))
            if status < 400:
                stats["ok"].append(t)
        size = {200: rng.randint(300, 9000), 201: rng.randint(180, 420), 409: 84, 500: 47}[status]
        proxy.add(t + dt.timedelta(milliseconds=dur + 1), traefik(t + dt.timedelta(milliseconds=dur + 1), client, method, path, status, size, ua, counter[0], pip, dur + 1))
        counter[0] += rng.randint(9, 40)

    # occasional slow wholesaler lookups (unrelated, all day)
    for t in poisson_times(rng, START, END, 0.08):
        pod = rng.choice(pods_at(t))[1][0]
        app.add(t, app_json(t, "WARNING", "vetbook.wholesaler", "stock lookup slow", pod, supplier="NVS", elapsed_ms=rng.randint(2100, 4800)))

    # ---- PgBouncer stats and RDS background
    t = START.replace(second=0) + dt.timedelta(seconds=11)
    while t < END:
        # the whole PgBouncer: vetbook, the reminders worker, reporting
        x = (rate(t) * 1.6 + 14) * (1 + rng.uniform(-0.1, 0.1))
        bouncer.add(t, pgb(t, f"stats: {x:.0f} xacts/s, {x * 3.1:.0f} queries/s, in {int(x * 880)} B/s, out {int(x * 4100)} B/s, xact {rng.randint(1800, 3200)} us, query {rng.randint(420, 900)} us, wait {rng.randint(5, 40)} us"))
        t += dt.timedelta(seconds=60)
    t = START + dt.timedelta(seconds=95)
    while t < END:
        pg.add(t, rds(t, "", 612, "LOG", "checkpoint starting: time", who="@"))
        t2 = t + dt.timedelta(seconds=rng.uniform(150, 175))
        pg.add(t2, rds(t2, "", 612, "LOG", f"checkpoint complete: wrote {rng.randint(900, 4200)} buffers ({rng.uniform(0.4, 1.8):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 3)} recycled; write={rng.uniform(140, 170):.3f} s, sync={rng.uniform(0.01, 0.09):.3f} s, total={rng.uniform(150, 175):.3f} s; sync files={rng.randint(30, 90)}, longest=0.00{rng.randint(1, 9)} s, average=0.001 s; distance={rng.randint(9000, 30000)} kB, estimate={rng.randint(15000, 30000)} kB; lsn=3F/{hexid(rng, 8).upper()}, redo lsn=3F/{hexid(rng, 8).upper()}", who="@"))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.06):
        pg.add(t, rds(t, f"{PGB_IP}({rng.randint(40000, 60999)})", rng.randint(20000, 39999), "LOG", f"duration: {rng.uniform(1100, 3800):.3f} ms  execute <unnamed>: SELECT clinics.id, count(appointments.id) AS booked FROM clinics LEFT JOIN appointments ON appointments.clinic_id = clinics.id AND appointments.day BETWEEN $1 AND $2 GROUP BY clinics.id", who="reporting@vetbook"))
    for t in poisson_times(rng, START, END, 0.03):
        pg.add(t, rds(t, "", rng.randint(40000, 49999), "LOG", f'automatic vacuum of table "vetbook.public.{rng.choice(["slots", "appointments", "audit_events"])}": index scans: 1', who="@"))

    # ---- GitLab CI: the release and the rollback (GitLab's rollback re-runs
    # the previous deployment's job)
    def job(t0, job_id, pipeline, sha, who, revision, duration):
        seq = [0]

        def out(off, text):
            seq[0] += 1
            tt = t0 + dt.timedelta(seconds=off, microseconds=1000 * (37 * seq[0] % 997))
            ci.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}Z 00O {text}")
        out(0, "Running with gitlab-runner 17.4.1 (b92ee590)")
        out(0.1, "  on larkfield-k8s-runner-2 t3_Qx8Lm, system ID: r_9wEJq2mS1vKd")
        out(0.3, 'Preparing the "kubernetes" executor')
        out(4.1, "Getting source from Git repository")
        out(4.6, "Fetching changes with git depth set to 20...")
        out(5.2, f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        out(5.9, f"Executing \"step_script\" stage of the job script (job {job_id}, pipeline {pipeline}, started by {who})")
        out(6.0, "$ echo \"deploying $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\"")
        out(6.1, f"deploying registry.gitlab.com/larkfield/vetbook:{sha}")
        out(6.2, "$ helm upgrade --install vetbook ./chart -n clinics -f chart/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait --timeout 10m")
        out(duration - 2, 'Release "vetbook" has been upgraded. Happy Helming!')
        out(duration - 1.9, "NAME: vetbook")
        out(duration - 1.8, f"LAST DEPLOYED: {(t0 + dt.timedelta(seconds=7)).strftime('%a %b %d %H:%M:%S %Y')}")
        out(duration - 1.7, "NAMESPACE: clinics")
        out(duration - 1.6, "STATUS: deployed")
        out(duration - 1.5, f"REVISION: {revision}")
        out(duration, "Job succeeded")
    job(PREV_RELEASE, 8817402, 1486, shas["prev"], "Priya Natarajan", 41, 131)
    release = shas["release"]
    job(PIPELINE, 8821934, 1488, release, "Hannah Pryce", 42, 143)
    job(ROLLBACK - dt.timedelta(seconds=6), 8822107, 1486, shas["prev"], "Hannah Pryce", 43, 127)

    # ---- #clinic-systems
    def say(t, who, text):
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC #clinic-systems {who}: {text}")
    say(utc("2026-10-14 08:41:10"), "Gemma Hollis (Clifton clinic)", "morning! owner app shows no slots for the 28th for us, is the 8 week limit still on? clients asking for booster dates")
    say(utc("2026-10-14 08:55:40"), "Priya Natarajan", "yes, 12 weeks goes out with today's release")
    say(utc("2026-10-14 10:06:30"), "Hannah Pryce", f"vetbook 2026.10.14 rolling out ({release[:8]}): psycopg 3, SQLAlchemy 2.0.36, booking horizon 12 weeks")
    say(utc("2026-10-14 10:09:50"), "alertmanager", "[FIRING:1] VetbookErrors clinics/vetbook (5xx ratio 0.14 over 5m)")
    say(utc("2026-10-14 10:11:05"), "Tom Ashby (Keynsham clinic)", "diary keeps saying 'Something went wrong' when we check pets in, refresh sometimes works")
    say(utc("2026-10-14 10:12:40"), "Leah Morgan (pharmacy)", "repeat prescription screen failing for some clients at Weston too")
    say(utc("2026-10-14 10:15:20"), "Rafael Souza", "looking. 500s from the new pods only, database errors. PgBouncer looks healthy, RDS CPU 20 %")
    say(utc("2026-10-14 10:20:05"), "Hannah Pryce", "rolling back to yesterday's release (re-running its deploy job) while we look")
    say(utc("2026-10-14 10:27:45"), "Hannah Pryce", "rollback done, errors stopped. Clinics: please retry anything that failed in the last 20 min")
    return [app, proxy, bouncer, pg, ci, chat], stats


def _ip_of(pods, pod):
    for name, addr in pods:
        if name == pod:
            return addr
    return "10.40.0.1"


def _pick(rng, routes):
    total = sum(r[0] for r in routes)
    x = rng.uniform(0, total)
    for r in routes:
        x -= r[0]
        if x <= 0:
            return r
    return routes[-1]


def _pick_kind(rng):
    x = rng.random()
    if x < 0.55:
        return "missing"
    if x < 0.93:
        return "dup"
    return "bind"


def build(out_dir):
    rng = random.Random(20100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = min(stats["fail"]).replace(microsecond=0)

        def per_minute(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
            return fn

        metrics = {
            "vetbook_http_requests_per_minute.json": query_range([
                ({"service": SERVICE, "namespace": "clinics", "code": "2xx"}, per_minute(stats["ok"])),
                ({"service": SERVICE, "namespace": "clinics", "code": "5xx"}, per_minute(stats["fail"])),
            ], START, END, 60),
        }
        culprit = shas["culprit"]
        return write_scenario(
            out_dir, name="pgbouncer-prepared-statements", service=SERVICE, onset=onset,
            description=f"""
Clinic front desks cannot load diaries or check pets in, and online
bookings and repeat prescription requests fail, on and off, from
{onset.strftime('%H:%M')} UTC on Wednesday 14 October. vetbook's release 2026.10.14 was
deployed at 10:02 (GitLab CI, Helm revision 42); the on-call rolled back
to the previous release at 10:21 and the errors stopped.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"rds-postgresql.log": r'<Date> <Time> UTC:<Client>:<Who>:\[<Pid>\]:<Level>:\s+<Content>'},
            root_cause=[r'prepared statement .* does not exist', r'prepared statement .* already exists'],
            fix_files=["vetbook/db.py"],
            explanation=f"""
The culprit is the 08:40 commit that moves vetbook from psycopg2 to
psycopg 3 (requirements.txt and the engine URL in vetbook/db.py). Since 8
October the pods reach PostgreSQL through PgBouncer in transaction
pooling mode. psycopg2 never prepared statements on the server; psycopg 3
prepares a query once a connection has run it five times and names the
statement per client connection (_pg3_0, _pg3_1, ...). Behind transaction
pooling a name is prepared on one server connection and executed on
another ("prepared statement ... does not exist"), or prepared again
where another client already did ("already exists"), and now and then a
name points at another statement ("bind message supplies ... parameters,
but prepared statement ... requires ..."). It shipped in the 10:02
release, whose image tag is the later changelog commit; errors begin
about a minute after the first new pod starts and grow as each pool's
connections pass the threshold, only on new pods; the 10:21 rollback ends
them. The fix passes connect_args={{"prepare_threshold": None}} to the
engine in vetbook/db.py (or reverts to psycopg2).
Decoys: the SQLAlchemy 2.0.36 bump and the commit that logs SQLSTATE and
constraint (every failure line carries its sqlstate) in the same release;
the 12-week booking-horizon change at 09:30 to the values file that also
holds DATABASE_URL; yesterday's pool_pre_ping/pool_recycle change to
vetbook/db.py; the week-old move to PgBouncer and its docs page; routine
409s from unique slot violations before and after; PgBouncer's log, which
only shows the new pods' logins; the tests commit after the rollback.
""",
        )
    finally:
        repo.close()
