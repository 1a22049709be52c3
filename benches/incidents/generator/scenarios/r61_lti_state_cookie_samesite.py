"""gradebridge (Python 3.12, Django 5.1, Celery 5.4, PostgreSQL; web and
worker pods on the university's OpenShift cluster behind its HAProxy
router, deployed by a manual GitLab CI job running `helm upgrade`; the
Study Systems integration team in Espoo and Tampere) of Harju University.
It is the university's LTI 1.3 tool "Grade transfer" in Canvas
(harju.instructure.com, hosted by Instructure): an instructor opens it
from a course's navigation (it opens in a new tab), sees the course's
Canvas gradebook mapped to the SIS offering and the grading scale, and
submits the final grades, which a Celery task posts to the SIS. A nightly
task exports the confirmed attainments to the national study records
register. Registry staff sign in to the admin pages with the university's
SAML IdP (login.harju.fi).

The LTI launch is an OIDC third-party initiated login: Canvas posts the
login initiation to /lti/login, the tool answers with a redirect to
Canvas's authorization endpoint carrying a `state` and a `nonce`, and
Canvas sends the browser back with a form POST of the id_token and the
state to /lti/launch (response_mode=form_post). That POST comes from
harju.instructure.com, another site. Until 4.6.2 the state and nonce were
kept in the Django session, whose cookie settings.py sets to
SameSite=None; Secure with a comment saying why.

On Tuesday 13 January at 14:22 EET (12:22 UTC) GB-218 moves the state
and nonce out of the session into a signed cookie of their own
(`gb_lti_state`, path /lti/, ten minutes), because every login
initiation, launched or not, left a django_session row (1.9 million; the
nightly clearsessions takes 25 minutes). The cookie is set with
samesite="Lax". The browser stores it (the login initiation is a
top-level navigation) but leaves a Lax cookie out of a cross-site POST,
so every launch arrives without it: "LTI launch rejected: state cookie
missing". The tests use Django's test client, which sends every cookie.
The commit ships in 4.7.0 (release commit on Tuesday afternoon, with
GB-219's JWKS cache, a PyJWT bump, GB-221's pass/fail scale, GB-222's
fourth web replica and GB-224's error page, in the culprit's file).

Friday is the autumn term's grading deadline. Sanna runs the manual
deploy job for v4.7.0 at 08:04 EET on Wednesday 14 January (the faculty
of engineering needs GB-221 this week); from the first launch after it
every instructor gets "Launch failed" in the new tab, retries and
writes to the service desk. The runbook (Monday) reads many rejected
launches as Canvas rotating its keys and says to restart the web pods;
the on-call sees GB-219's new JWKS lines, restarts the pods at 08:41
EET without effect, and rolls back to 4.6.2 with `helm rollback` at
08:57; launches work again. Aino reproduces it against staging from the
Canvas test instance, where Chrome's DevTools shows the cookie left out
of the POST to /lti/launch for its SameSite=Lax; GB-226 sets
samesite="None" (with a test that reads the Set-Cookie header) and
4.7.1 goes out at 11:14 EET.

Sources: gradebridge web (Django logging with the pod name, line
format), gradebridge worker (Celery, line format), the OpenShift router
(HAProxy httplog through rsyslog), PostgreSQL, the GitLab deploy jobs
(job logs with timestamps), #gradebridge (Teams export, JSON lines) and
TOPdesk incidents (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "gradebridge"
START, END = utc("2026-01-14 02:00:00"), utc("2026-01-14 10:30:00")
CULPRIT_AT = utc("2026-01-13 12:22:00")
DEPLOY = utc("2026-01-14 06:04:41")      # manual deploy job, v4.7.0
RESTART = utc("2026-01-14 06:41:12")     # oc rollout restart deployment/gradebridge-web
ROLLBACK = utc("2026-01-14 06:57:26")    # helm rollback gradebridge 41 (4.6.2)
FIX = utc("2026-01-14 09:14:03")         # deploy job, v4.7.1
EXPORT = utc("2026-01-14 02:15:00")      # nightly registry export
CLEAR = utc("2026-01-14 03:00:00")       # clearsessions CronJob

HOST = "gradebridge.harju.fi"
CANVAS = "https://harju.instructure.com"
CLIENT_ID = "170000000000715"
DEPLOYMENT = "412:2c1f0b9e7d4a38c65b1e0f9a7d3c2b8e4f6a1d05"

FIRST = ["Aino", "Eero", "Juha", "Kaisa", "Laura", "Mikko", "Outi", "Pekka", "Riikka", "Sami", "Tuomas", "Ville", "Hanna", "Jari", "Marja",
         "Petri", "Satu", "Timo", "Anna", "Heikki", "Katja", "Lauri", "Minna", "Olli", "Päivi", "Raimo", "Tiina", "Ulla", "Kari", "Johanna",
         "David", "Maria", "Ahmed", "Elena", "Li", "Rahul", "Sophie", "Tomás"]
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen",
        "Salminen", "Heinonen", "Niemi", "Kinnunen", "Salonen", "Turunen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila",
        "Savolainen", "Lahtinen", "Ahonen", "Smith", "García", "Chen", "Rossi", "Kumar", "Novak", "Müller"]
SUBJECTS = [("KEM", "Chemistry"), ("MAT", "Mathematics"), ("FYS", "Physics"), ("TIE", "Computer Science"), ("SAH", "Electrical Engineering"),
            ("KON", "Mechanical Engineering"), ("TAL", "Economics"), ("KIE", "Languages"), ("BIO", "Biology"), ("RAK", "Civil Engineering"),
            ("YMP", "Environmental Engineering"), ("TUO", "Industrial Management")]
UAS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome/131.0", 34),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge/131.0", 18),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15", "Safari/18.2", 15),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0", "Firefox/134.0", 17),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox/128.0", 5),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome/131.0", 11),
]

# ---------------------------------------------------------------------------
# the repository

SETTINGS_V1 = '''"""Django settings for gradebridge. Production values come from the
environment (deploy/helm/values-prod.yaml and the gradebridge-secrets
secret)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["gradebridge.harju.fi"]
CSRF_TRUSTED_ORIGINS = ["https://gradebridge.harju.fi"]
USE_X_FORWARDED_HOST = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gradebridge.accounts",
    "gradebridge.lti",
    "gradebridge.grades",
    "gradebridge.sis",
    "gradebridge.export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gradebridge.logging.RequestIdMiddleware",
]

ROOT_URLCONF = "gradebridge.urls"
WSGI_APPLICATION = "gradebridge.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "gradebridge",
        "USER": "gradebridge",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": os.environ.get("DB_HOST", "gradebridge-db"),
        "CONN_MAX_AGE": 60,
    }
}

# Instructors arrive from Canvas (harju.instructure.com, another site) by a
# cross-site form POST: the LTI 1.3 launch. A cookie the launch needs must
# be SameSite=None; Secure, or the browser leaves it out of that POST.
SESSION_COOKIE_SAMESITE = "None"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SECURE = True

LTI = {
    "issuer": "https://canvas.instructure.com",
    "client_id": os.environ.get("LTI_CLIENT_ID", "170000000000715"),
    "auth_login_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
    "auth_token_url": "https://sso.canvaslms.com/login/oauth2/token",
    "key_set_url": "https://sso.canvaslms.com/api/lti/security/jwks",
    "deployments": [d for d in os.environ.get("LTI_DEPLOYMENTS", "").split(",") if d],
}

SIS = {
    "base_url": os.environ.get("SIS_URL", "https://sis-api.harju.fi/v2"),
    "timeout": 10,
}

REGISTRY = {
    "base_url": os.environ.get("REGISTRY_URL", "https://rajapinta.opintorekisteri.fi/api/v3"),
    "organisation": "10176",
    "batch_size": 200,
}

SAML = {
    "idp_metadata_url": "https://login.harju.fi/idp/shibboleth",
    "sp_entity_id": "https://gradebridge.harju.fi/saml/metadata",
    "staff_group": "gradebridge-registry",
}

CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://gradebridge-redis:6379/0")
CELERY_BEAT_SCHEDULE = {
    "push-submitted-grades": {"task": "gradebridge.grades.tasks.push_submitted_grades", "schedule": 300},
    "sync-offerings": {"task": "gradebridge.sis.tasks.sync_offerings", "schedule": 1800},
    "export-attainments": {"task": "gradebridge.export.tasks.export_attainments", "schedule": "crontab(hour=2, minute=15)"},
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pod": {"()": "gradebridge.logging.PodFilter"}},
    "formatters": {"pod": {"format": "%(asctime)s %(levelname)s %(pod)s %(name)s req=%(request_id)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "pod", "filters": ["pod"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
'''

VIEWS_V1 = '''"""LTI 1.3 tool endpoints: the OIDC login initiation and the resource
link launch from Canvas (harju.instructure.com). See docs/lti.md."""

import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gradebridge.grades.models import Offering
from gradebridge.logging import browser

from .tokens import LaunchError, validate_id_token
from .users import instructor_from_claims

log = logging.getLogger(__name__)
LTI = settings.LTI


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login(request):
    """Third-party initiated login: Canvas sends iss, login_hint and
    lti_message_hint; we answer with an authentication request."""
    params = request.POST if request.method == "POST" else request.GET
    if params.get("iss") != LTI["issuer"] or params.get("client_id", LTI["client_id"]) != LTI["client_id"]:
        log.warning("LTI login initiation refused: iss=%s client_id=%s", params.get("iss"), params.get("client_id"))
        return HttpResponseBadRequest("unknown platform")
    state = secrets.token_urlsafe(24)
    nonce = secrets.token_urlsafe(24)
    request.session["lti_state"] = state
    request.session["lti_nonce"] = nonce
    query = urlencode({
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": LTI["client_id"],
        "redirect_uri": request.build_absolute_uri("/lti/launch"),
        "login_hint": params.get("login_hint", ""),
        "lti_message_hint": params.get("lti_message_hint", ""),
        "state": state,
        "nonce": nonce,
    })
    return HttpResponseRedirect(f"{LTI['auth_login_url']}?{query}")


@csrf_exempt
@require_http_methods(["POST"])
def launch(request):
    """Canvas posts the id_token and our state here (form_post)."""
    try:
        expected = request.session.pop("lti_state", None)
        if not expected or request.POST.get("state") != expected:
            raise LaunchError("state mismatch")
        claims = validate_id_token(request.POST.get("id_token", ""), nonce=request.session.pop("lti_nonce", None))
    except LaunchError as err:
        log.warning("LTI launch rejected: %s (referer=%s, ua=%s)", err, request.headers.get("Referer", "-"), browser(request))
        return render(request, "lti/launch_error.html", {"reason": str(err)}, status=400)

    user = instructor_from_claims(claims)
    auth_login(request, user)
    context = claims["https://purl.imsglobal.org/spec/lti/claim/context"]
    offering = Offering.objects.for_canvas_course(context["id"], claims["https://purl.imsglobal.org/spec/lti/claim/custom"].get("sis_course_id"))
    request.session["ags"] = claims.get("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint", {})
    log.info("LTI launch ok user=%s roles=%s course=%s offering=%s", user.username, ",".join(r.rsplit("#", 1)[-1] for r in claims.get(
        "https://purl.imsglobal.org/spec/lti/claim/roles", [])), context.get("label"), offering.code)
    return HttpResponseRedirect(f"/offerings/{offering.pk}/sheet")
'''

TOKENS_V1 = '''"""id_token validation for LTI 1.3 launches (PyJWT)."""

import jwt
from django.conf import settings

from .jwks import signing_key_for

LTI = settings.LTI
MESSAGE_TYPE = "https://purl.imsglobal.org/spec/lti/claim/message_type"
DEPLOYMENT_ID = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"


class LaunchError(Exception):
    pass


def validate_id_token(token, nonce):
    if not token:
        raise LaunchError("no id_token")
    try:
        key = signing_key_for(token)
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=LTI["client_id"], issuer=LTI["issuer"], leeway=30)
    except jwt.PyJWTError as err:
        raise LaunchError(f"invalid id_token: {err}") from err
    if not nonce or claims.get("nonce") != nonce:
        raise LaunchError("nonce mismatch")
    if claims.get(DEPLOYMENT_ID) not in LTI["deployments"]:
        raise LaunchError(f"deployment not registered: {claims.get(DEPLOYMENT_ID)}")
    if claims.get(MESSAGE_TYPE) != "LtiResourceLinkRequest":
        raise LaunchError(f"unsupported message type {claims.get(MESSAGE_TYPE)}")
    return claims
'''

JWKS_V1 = '''"""Canvas's LTI signing keys."""

import jwt
from django.conf import settings

_client = jwt.PyJWKClient(settings.LTI["key_set_url"], cache_keys=True)


def signing_key_for(token):
    return _client.get_signing_key_from_jwt(token).key
'''

JWKS_V2 = '''"""Canvas's LTI signing keys, cached for ten minutes (GB-219). Canvas
publishes the next key in its JWKS before it signs with it; an unknown kid
makes PyJWKClient fetch the set again."""

import logging

import jwt
from django.conf import settings

log = logging.getLogger(__name__)
_client = jwt.PyJWKClient(settings.LTI["key_set_url"], cache_keys=True, cache_jwk_set=True, lifespan=600, timeout=10)


def warm():
    """Fetch the key set at start-up so that the first launch does not wait."""
    keys = _client.get_signing_keys(refresh=True)
    log.info("Canvas JWKS cached: %d keys (kids=%s) lifespan=600s", len(keys), ",".join(k.key_id for k in keys))


def signing_key_for(token):
    return _client.get_signing_key_from_jwt(token).key
'''

APPS_LTI_V1 = '''from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "gradebridge.lti"
'''

APPS_LTI_V2 = '''from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "gradebridge.lti"

    def ready(self):
        from . import jwks

        try:
            jwks.warm()
        except Exception:  # Canvas down at start-up: the first launch fetches it
            import logging

            logging.getLogger(__name__).exception("Canvas JWKS prefetch failed")
'''

SCALES_V1 = '''"""Grading scales of the SIS and how Canvas scores map to them."""

SCALES = {
    "0-5": {"values": ["0", "1", "2", "3", "4", "5"], "passing": "1"},
    "HYV": {"values": ["HYV", "HYL"], "passing": "HYV"},
}


def to_sis_grade(scale, canvas_grade):
    """Canvas's letter (the course's grading standard) to the SIS's value."""
    values = SCALES[scale]["values"]
    grade = str(canvas_grade).strip().upper()
    if grade not in values:
        raise ValueError(f"grade {canvas_grade!r} not in scale {scale}")
    return grade
'''

SCALES_V2 = '''"""Grading scales of the SIS and how Canvas scores map to them."""

SCALES = {
    "0-5": {"values": ["0", "1", "2", "3", "4", "5"], "passing": "1"},
    "HYV": {"values": ["HYV", "HYL"], "passing": "HYV"},
    # 0-credit courses of the new engineering curriculum (GB-221): Canvas's
    # "Complete/Incomplete" grading type
    "PASS": {"values": ["HYV", "HYL"], "passing": "HYV", "canvas": {"COMPLETE": "HYV", "INCOMPLETE": "HYL"}},
}


def to_sis_grade(scale, canvas_grade):
    """Canvas's letter (the course's grading standard) to the SIS's value."""
    spec = SCALES[scale]
    grade = str(canvas_grade).strip().upper()
    grade = spec.get("canvas", {}).get(grade, grade)
    if grade not in spec["values"]:
        raise ValueError(f"grade {canvas_grade!r} not in scale {scale}")
    return grade
'''

VALUES_V1 = """image:
  repository: registry.harju.fi/study-systems/gradebridge
  tag: "4.6.2"
web:
  replicas: 3
  command: ["gunicorn", "gradebridge.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--log-config-dict", "gradebridge.logging.GUNICORN"]
  resources:
    requests: {cpu: 250m, memory: 384Mi}
    limits: {memory: 512Mi}
worker:
  replicas: 1
  command: ["celery", "-A", "gradebridge", "worker", "-B", "-l", "info", "-c", "4"]
route:
  host: gradebridge.harju.fi
  tls: edge
env:
  LTI_CLIENT_ID: "170000000000715"
  LTI_DEPLOYMENTS: "412:2c1f0b9e7d4a38c65b1e0f9a7d3c2b8e4f6a1d05"
  SIS_URL: https://sis-api.harju.fi/v2
  REGISTRY_URL: https://rajapinta.opintorekisteri.fi/api/v3
"""

EXPORT_TASKS = '''"""Nightly export of the attainments confirmed in the SIS to the national
study records register."""

import logging

from celery import shared_task
from django.conf import settings

from gradebridge.sis.client import sis
from .registry import RegistryClient

log = logging.getLogger(__name__)


@shared_task
def export_attainments():
    rows = sis.confirmed_attainments(since=sis.last_export_mark())
    client = RegistryClient(settings.REGISTRY)
    size = settings.REGISTRY["batch_size"]
    accepted = rejected = 0
    batches = [rows[i:i + size] for i in range(0, len(rows), size)]
    for n, batch in enumerate(batches, 1):
        result = client.send(batch)
        accepted += result.accepted
        rejected += len(result.rejections)
        log.info("registry batch %d/%d: accepted=%d rejected=%d", n, len(batches), result.accepted, len(result.rejections))
    sis.set_export_mark()
    return {"sent": len(rows), "accepted": accepted, "rejected": rejected}
'''

LAUNCH_TEST_V1 = '''from django.test import TestCase

from .support import canvas_id_token, login_initiation


class LaunchTests(TestCase):
    def test_launch_opens_the_grade_sheet(self):
        state = login_initiation(self.client)
        response = self.client.post("/lti/launch", {"id_token": canvas_id_token(nonce=self.client.session["lti_nonce"]), "state": state})
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["Location"], r"^/offerings/\\d+/sheet$")

    def test_wrong_state_is_rejected(self):
        login_initiation(self.client)
        response = self.client.post("/lti/launch", {"id_token": canvas_id_token(nonce="x"), "state": "not-ours"})
        self.assertEqual(response.status_code, 400)
'''

LAUNCH_TEST_V2 = '''from django.core import signing
from django.test import TestCase

from gradebridge.lti.views import STATE_COOKIE

from .support import canvas_id_token, login_initiation


def saved_nonce(client):
    value = signing.get_cookie_signer(salt=STATE_COOKIE + "lti-state").unsign(client.cookies[STATE_COOKIE].value, max_age=600)
    return value.partition(".")[2]


class LaunchTests(TestCase):
    def test_launch_opens_the_grade_sheet(self):
        state = login_initiation(self.client)
        response = self.client.post("/lti/launch", {"id_token": canvas_id_token(nonce=saved_nonce(self.client)), "state": state})
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["Location"], r"^/offerings/\\d+/sheet$")

    def test_wrong_state_is_rejected(self):
        login_initiation(self.client)
        response = self.client.post("/lti/launch", {"id_token": canvas_id_token(nonce="x"), "state": "not-ours"})
        self.assertEqual(response.status_code, 400)

    def test_login_initiation_leaves_no_session_row(self):
        from django.contrib.sessions.models import Session

        login_initiation(self.client)
        self.assertEqual(Session.objects.count(), 0)
'''

RUNBOOK_V1 = """# gradebridge runbook

Owner: Study Systems integration team (#gradebridge in Teams). Dashboards:
Grafana > Study Systems > gradebridge.

## Deploying

Tags `vX.Y.Z` build an image; the `deploy-prod` job is manual. Roll back
with `helm rollback gradebridge <revision>` (see `helm history
gradebridge -n study-systems`).

## Registry export failed

The nightly export (02:15 UTC) logs one line per batch. Rejected
attainments (`RR-409` duplicate, `RR-422` unknown course code) are fixed
in the SIS by the registry office; the next night sends them again.
"""

LTI_DOC = """# LTI 1.3 in Canvas

Developer key 170000000000715 (LTI key, "Grade transfer"), installed at
the root account; placement course_navigation, opens in a new tab.

1. Canvas posts the login initiation to `/lti/login` (iss, login_hint,
   lti_message_hint, client_id).
2. We redirect to `https://sso.canvaslms.com/api/lti/authorize_redirect`
   with a `state` and a `nonce` we keep.
3. Canvas answers with an auto-submitted form: POST `/lti/launch` with
   `id_token` and `state` (response_mode=form_post).
4. We check the state, validate the id_token against Canvas's JWKS,
   check the nonce and the deployment, log the instructor in and open the
   grade sheet.

Canvas's AGS (line items and results) is read with a client credentials
token from the same developer key.
"""

CHANGELOG_V1 = """# Changelog

## 4.6.2

- Registry: retry a batch once on 503 (GB-209).

## 4.6.0

- Grade sheet shows the students missing from the SIS offering (GB-201).
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    aino = Person("Aino Lehtonen", "aino.lehtonen@harju.fi", 120)
    mikael = Person("Mikael Virtanen", "mikael.virtanen@harju.fi", 120)
    sanna = Person("Sanna Korhonen", "sanna.korhonen@harju.fi", 120)
    rahul = Person("Rahul Menon", "rahul.menon@harju.fi", 120)
    bot = Person("Renovate Bot", "renovate-bot@harju.fi", 0)
    v = "gradebridge/lti/views.py"
    files = {
        "README.md": "# gradebridge\n\nHarju University's \"Grade transfer\" LTI 1.3 tool in Canvas: instructors move\nfinal grades from the Canvas gradebook to the SIS. Also the nightly export of\nconfirmed attainments to the national study records register.\n\n## Running locally\n\n```\ndocker compose up -d postgres redis\npython manage.py migrate\npython manage.py runserver\n```\n\nSee docs/lti.md for the launch and docs/runbook.md for operations.\n",
        "requirements.txt": "Django==5.1.4\ncelery[redis]==5.4.0\ngunicorn==23.0.0\npsycopg[binary]==3.2.3\nPyJWT[crypto]==2.9.0\ncryptography==44.0.0\nrequests==2.32.3\npython3-saml==1.16.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN python manage.py collectstatic --noinput\nUSER 1001\nCMD [\"gunicorn\", \"gradebridge.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  image: python:3.12-slim\n  services: [postgres:16]\n  script:\n    - pip install -r requirements.txt\n    - python manage.py test\n\nbuild:\n  stage: build\n  rules: [{if: $CI_COMMIT_TAG}]\n  script:\n    - buildah bud -t registry.harju.fi/study-systems/gradebridge:${CI_COMMIT_TAG#v} .\n    - buildah push registry.harju.fi/study-systems/gradebridge:${CI_COMMIT_TAG#v}\n\ndeploy-prod:\n  stage: deploy\n  rules: [{if: $CI_COMMIT_TAG, when: manual}]\n  environment: production\n  script:\n    - helm upgrade gradebridge deploy/helm -n study-systems -f deploy/helm/values-prod.yaml --set image.tag=${CI_COMMIT_TAG#v} --wait --timeout 5m\n",
        "manage.py": "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"gradebridge.settings\")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n",
        "gradebridge/__init__.py": "from .celery import app as celery_app\n\n__all__ = [\"celery_app\"]\n__version__ = \"4.6.2\"\n",
        "gradebridge/celery.py": "import os\n\nfrom celery import Celery\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"gradebridge.settings\")\napp = Celery(\"gradebridge\")\napp.config_from_object(\"django.conf:settings\", namespace=\"CELERY\")\napp.autodiscover_tasks()\n",
        "gradebridge/settings.py": SETTINGS_V1,
        "gradebridge/urls.py": "from django.urls import include, path\n\nfrom gradebridge.accounts.views import healthz\n\nurlpatterns = [\n    path(\"lti/\", include(\"gradebridge.lti.urls\")),\n    path(\"offerings/\", include(\"gradebridge.grades.urls\")),\n    path(\"saml/\", include(\"gradebridge.accounts.urls\")),\n    path(\"healthz\", healthz),\n]\n",
        "gradebridge/logging.py": "\"\"\"Log records carry the pod name and the request id (X-Request-ID from the\nrouter, or a new one).\"\"\"\n\nimport logging\nimport os\nimport threading\nimport uuid\n\n_local = threading.local()\nPOD = os.environ.get(\"HOSTNAME\", \"local\")\n\n\nclass PodFilter(logging.Filter):\n    def filter(self, record):\n        record.pod = POD\n        record.request_id = getattr(_local, \"request_id\", \"-\")\n        return True\n\n\nclass RequestIdMiddleware:\n    def __init__(self, get_response):\n        self.get_response = get_response\n\n    def __call__(self, request):\n        _local.request_id = request.headers.get(\"X-Request-ID\", uuid.uuid4().hex)[:8]\n        try:\n            return self.get_response(request)\n        finally:\n            _local.request_id = \"-\"\n\n\ndef browser(request):\n    ua = request.headers.get(\"User-Agent\", \"\")\n    for name in (\"Edg/\", \"Firefox/\", \"Chrome/\", \"Version/\"):\n        if name in ua:\n            version = ua.split(name, 1)[1].split(\" \")[0]\n            label = {\"Edg/\": \"Edge\", \"Version/\": \"Safari\"}.get(name, name.rstrip(\"/\"))\n            return f\"{label}/{'.'.join(version.split('.')[:2])}\"\n    return \"other\"\n",
        "gradebridge/lti/__init__.py": "",
        "gradebridge/lti/apps.py": APPS_LTI_V1,
        "gradebridge/lti/urls.py": "from django.urls import path\n\nfrom . import views\n\nurlpatterns = [\n    path(\"login\", views.login),\n    path(\"launch\", views.launch),\n]\n",
        v: VIEWS_V1,
        "gradebridge/lti/tokens.py": TOKENS_V1,
        "gradebridge/lti/jwks.py": JWKS_V1,
        "gradebridge/lti/users.py": "from django.contrib.auth import get_user_model\n\n\ndef instructor_from_claims(claims):\n    \"\"\"The Canvas user's SIS login id (custom claim) is the university username.\"\"\"\n    username = claims[\"https://purl.imsglobal.org/spec/lti/claim/custom\"][\"user_login\"]\n    user, _ = get_user_model().objects.get_or_create(username=username, defaults={\"email\": claims.get(\"email\", \"\")})\n    return user\n",
        "gradebridge/grades/__init__.py": "",
        "gradebridge/grades/scales.py": SCALES_V1,
        "gradebridge/grades/tasks.py": "import logging\n\nfrom celery import shared_task\n\nfrom gradebridge.sis.client import sis\n\nfrom .models import GradeSheet\n\nlog = logging.getLogger(__name__)\n\n\n@shared_task\ndef push_submitted_grades():\n    sheets = list(GradeSheet.objects.filter(state=\"submitted\"))\n    grades = 0\n    for sheet in sheets:\n        receipt = sis.post_grades(sheet.offering.code, sheet.rows())\n        sheet.mark_sent(receipt)\n        grades += len(sheet.rows())\n        log.info(\"SIS accepted %d grades for %s\", len(sheet.rows()), sheet.offering.code)\n    return {\"sheets\": len(sheets), \"grades\": grades}\n",
        "gradebridge/export/__init__.py": "",
        "gradebridge/export/tasks.py": EXPORT_TASKS,
        "gradebridge/accounts/saml.py": "\"\"\"Registry staff sign in to the admin pages with the university IdP\n(python3-saml). Members of the gradebridge-registry group only.\"\"\"\n",
        "templates/lti/launch_error.html": "{% extends \"base.html\" %}\n{% block content %}\n<h1>Launch failed</h1>\n<p>Grade transfer could not be opened from Canvas ({{ reason }}). Close this tab and open Grade transfer again from the course menu.</p>\n{% endblock %}\n",
        "tests/test_lti_launch.py": LAUNCH_TEST_V1,
        "deploy/helm/values-prod.yaml": VALUES_V1,
        "docs/runbook.md": RUNBOOK_V1,
        "docs/lti.md": LTI_DOC,
        "CHANGELOG.md": CHANGELOG_V1,
    }
    repo.commit(utc("2026-01-07 09:40:00"), sanna, "gradebridge 4.6.2", files)
    crng = random.Random(61103)
    repo.schedule(chores(crng, SERVICE, [sanna, mikael, rahul], utc("2026-01-07 10:00:00"), utc("2026-01-09 15:00:00"), 3)
                  + chores(crng, SERVICE, [rahul], utc("2026-01-12 07:00:00"), utc("2026-01-12 12:00:00"), 1))
    repo.commit(utc("2026-01-08 12:10:00"), rahul, "export: log each rejected attainment with the registry's code (GB-212)", {
        "gradebridge/export/tasks.py": sub(repo.files["gradebridge/export/tasks.py"],
                                           '        log.info("registry batch %d/%d: accepted=%d rejected=%d", n, len(batches), result.accepted, len(result.rejections))\n',
                                           '        log.info("registry batch %d/%d: accepted=%d rejected=%d", n, len(batches), result.accepted, len(result.rejections))\n'
                                           '        for r in result.rejections:\n            log.warning("registry rejected attainment %s: %s %s", r.local_id, r.code, r.message)\n'),
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "attainments (`RR-409` duplicate", "attainments (one `registry rejected attainment` line each; `RR-409` duplicate"),
    })
    repo.commit(utc("2026-01-09 10:25:00"), aino, "grades: show the Canvas grading standard next to the SIS scale (GB-214)", {
        "gradebridge/grades/scales.py": sub(repo.files["gradebridge/grades/scales.py"], '    """Canvas\'s letter (the course\'s grading standard) to the SIS\'s value."""',
                                            '    """Canvas\'s letter (the course\'s grading standard, shown on the sheet\n    next to the SIS scale) to the SIS\'s value."""'),
    })
    repo.commit(utc("2026-01-12 08:50:00"), mikael, "runbook: LTI launch failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## LTI launch failures\n\nInstructors get \"Launch failed\" in the Grade transfer tab.\n\n- `LTI launch rejected: state mismatch` now and then: an instructor\n  double-clicked or came back to an old tab. Nothing to do.\n- Many `LTI launch rejected` lines at once: Canvas has rotated its LTI\n  signing keys (it publishes the new key shortly before) and our copy of\n  the JWKS is stale, or a pod's clock is off (`invalid id_token: The token\n  is not yet valid`). Restart the web pods\n  (`oc rollout restart deployment/gradebridge-web -n study-systems`) so\n  they fetch the JWKS again, and check Canvas's status page.\n- After a deploy: roll back (see Deploying).\n",
    })
    repo.commit(utc("2026-01-12 13:30:00"), rahul, "sis: timeout 20 s for grade posts, log the receipt (GB-216)", {
        "gradebridge/grades/tasks.py": sub(repo.files["gradebridge/grades/tasks.py"], 'log.info("SIS accepted %d grades for %s", len(sheet.rows()), sheet.offering.code)',
                                           'log.info("SIS accepted %d grades for %s (receipt %s)", len(sheet.rows()), sheet.offering.code, receipt)'),
        "gradebridge/settings.py": sub(repo.files["gradebridge/settings.py"], '    "timeout": 10,', '    "timeout": 20,  # grade posts of 400+ students take 8-12 s'),
    })
    repo.commit(utc("2026-01-13 07:12:00"), bot, "chore(deps): update dependency pyjwt to v2.10.1", {
        "requirements.txt": sub(repo.files["requirements.txt"], "PyJWT[crypto]==2.9.0", "PyJWT[crypto]==2.10.1"),
    }, committer=mikael)
    repo.commit(utc("2026-01-13 08:40:00"), mikael, "lti: cache Canvas's JWKS for ten minutes, fetch it at start-up (GB-219)\n\nLast week's launch failures after Canvas's key rollover: PyJWKClient\nkept the set for the pod's lifetime. Refetch after ten minutes and on an\nunknown kid; warm the cache when the pod starts.", {
        "gradebridge/lti/jwks.py": JWKS_V2,
        "gradebridge/lti/apps.py": APPS_LTI_V2,
    })
    views_v2 = sub(
        repo.files[v],
        "import logging\nimport secrets\nfrom urllib.parse import urlencode\n\nfrom django.conf import settings\n",
        "import logging\nimport secrets\nfrom urllib.parse import urlencode\n\nfrom django.conf import settings\nfrom django.core import signing\n",
        "from django.shortcuts import render\n",
        "from django.shortcuts import render\nfrom django.utils.crypto import constant_time_compare\n",
        "log = logging.getLogger(__name__)\nLTI = settings.LTI\n",
        "log = logging.getLogger(__name__)\nLTI = settings.LTI\n\n# The OIDC state and nonce live from the login initiation to the launch,\n# a few seconds: a signed cookie of their own rather than a session row\n# for every initiation (GB-218).\nSTATE_COOKIE = \"gb_lti_state\"\nSTATE_MAX_AGE = 600\n",
        "    state = secrets.token_urlsafe(24)\n    nonce = secrets.token_urlsafe(24)\n    request.session[\"lti_state\"] = state\n    request.session[\"lti_nonce\"] = nonce\n    query = urlencode({",
        "    state = secrets.token_urlsafe(24)\n    nonce = secrets.token_urlsafe(24)\n    query = urlencode({",
        "    return HttpResponseRedirect(f\"{LTI['auth_login_url']}?{query}\")\n",
        "    response = HttpResponseRedirect(f\"{LTI['auth_login_url']}?{query}\")\n    response.set_signed_cookie(STATE_COOKIE, f\"{state}.{nonce}\", salt=\"lti-state\", max_age=STATE_MAX_AGE,\n                               path=\"/lti/\", secure=True, httponly=True, samesite=\"Lax\")\n    return response\n\n\ndef _saved_state(request):\n    try:\n        saved = request.get_signed_cookie(STATE_COOKIE, salt=\"lti-state\", max_age=STATE_MAX_AGE)\n    except KeyError:\n        raise LaunchError(\"state cookie missing\")\n    except signing.BadSignature:\n        raise LaunchError(\"state cookie invalid or expired\")\n    state, _, nonce = saved.partition(\".\")\n    return state, nonce\n",
        "        expected = request.session.pop(\"lti_state\", None)\n        if not expected or request.POST.get(\"state\") != expected:\n            raise LaunchError(\"state mismatch\")\n        claims = validate_id_token(request.POST.get(\"id_token\", \"\"), nonce=request.session.pop(\"lti_nonce\", None))\n",
        "        state, nonce = _saved_state(request)\n        if not constant_time_compare(request.POST.get(\"state\", \"\"), state):\n            raise LaunchError(\"state mismatch\")\n        claims = validate_id_token(request.POST.get(\"id_token\", \"\"), nonce=nonce)\n",
        "    return HttpResponseRedirect(f\"/offerings/{offering.pk}/sheet\")\n",
        "    response = HttpResponseRedirect(f\"/offerings/{offering.pk}/sheet\")\n    response.delete_cookie(STATE_COOKIE, path=\"/lti/\")\n    return response\n",
    )
    culprit = repo.commit(CULPRIT_AT, aino, "lti: keep the OIDC state and nonce in a signed cookie, not in the session (GB-218)\n\nEvery login initiation from Canvas creates a django_session row, whether\nthe launch follows or not (Canvas prefetches, closed tabs): 1.9M rows,\nand the nightly clearsessions DELETE runs for 25 minutes. The state and\nnonce only have to live from the initiation to the launch; keep them in a\nsigned, HttpOnly cookie scoped to /lti/ for ten minutes. The session is\nonly created when the launch logs the instructor in.", {
        v: views_v2,
        "tests/test_lti_launch.py": LAUNCH_TEST_V2,
    })
    repo.commit(utc("2026-01-13 13:05:00"), sanna, "grades: pass/fail scale for 0-credit courses, Canvas Complete/Incomplete (GB-221)", {
        "gradebridge/grades/scales.py": SCALES_V2.replace('    """Canvas\'s letter (the course\'s grading standard) to the SIS\'s value."""',
                                                          '    """Canvas\'s letter (the course\'s grading standard, shown on the sheet\n    next to the SIS scale) to the SIS\'s value."""'),
    })
    repo.commit(utc("2026-01-13 13:40:00"), rahul, "helm: four web replicas for the grading deadline week (GB-222)", {
        "deploy/helm/values-prod.yaml": sub(repo.files["deploy/helm/values-prod.yaml"], "web:\n  replicas: 3", "web:\n  replicas: 4"),
    })
    repo.commit(utc("2026-01-13 14:15:00"), aino, "lti: course name and a help link on the launch error page (GB-224)", {
        v: sub(repo.files[v], '        return render(request, "lti/launch_error.html", {"reason": str(err)}, status=400)',
               '        return render(request, "lti/launch_error.html", {"reason": str(err), "help_url": settings.HELP_URL,\n                                                         "course": request.POST.get("custom_course_name", "")}, status=400)'),
        "gradebridge/settings.py": sub(repo.files["gradebridge/settings.py"], 'STATIC_URL = "/static/"', 'HELP_URL = "https://intra.harju.fi/en/grade-transfer-help"\n\nSTATIC_URL = "/static/"'),
        "templates/lti/launch_error.html": "{% extends \"base.html\" %}\n{% block content %}\n<h1>Launch failed</h1>\n<p>Grade transfer could not be opened{% if course %} for {{ course }}{% endif %} ({{ reason }}). Close this tab and open Grade transfer again from the course menu.</p>\n<p><a href=\"{{ help_url }}\">Help with Grade transfer</a></p>\n{% endblock %}\n",
    })
    rel470 = repo.commit(utc("2026-01-13 15:30:00"), sanna, "release 4.7.0", {
        "gradebridge/__init__.py": sub(repo.files["gradebridge/__init__.py"], '__version__ = "4.6.2"', '__version__ = "4.7.0"'),
        "deploy/helm/values-prod.yaml": sub(repo.files["deploy/helm/values-prod.yaml"], 'tag: "4.6.2"', 'tag: "4.7.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.7.0\n\n- Pass/fail scale for 0-credit courses (GB-221).\n- LTI: OIDC state in a signed cookie, no session row per login initiation (GB-218).\n- LTI: Canvas JWKS cached for ten minutes, fetched at start-up (GB-219); PyJWT 2.10.1.\n- Course name and help link on the launch error page (GB-224).\n- Four web replicas (GB-222).\n"),
    })
    views_fix = sub(repo.files[v],
                    "                               path=\"/lti/\", secure=True, httponly=True, samesite=\"Lax\")\n",
                    "                               path=\"/lti/\", secure=True, httponly=True, samesite=\"None\")\n",
                    "# for every initiation (GB-218).\n",
                    "# for every initiation (GB-218). SameSite=None: the launch is a cross-site\n# POST from Canvas, and browsers leave Lax cookies out of it (GB-226).\n")
    fix = repo.commit(utc("2026-01-14 08:52:00"), aino, "lti: the state cookie must be SameSite=None, the launch is a cross-site POST (GB-226)\n\nCanvas's form_post to /lti/launch comes from harju.instructure.com;\nbrowsers do not send a SameSite=Lax cookie with a cross-site POST, so\nevery launch since 4.7.0 arrived without gb_lti_state. Django's test\nclient sends every cookie; the new test reads the Set-Cookie header.", {
        v: views_fix,
        "tests/test_lti_launch.py": repo.files["tests/test_lti_launch.py"] + "\n    def test_state_cookie_survives_a_cross_site_post(self):\n        response = self.client.post(\"/lti/login\", {\"iss\": \"https://canvas.instructure.com\", \"login_hint\": \"x\", \"client_id\": \"170000000000715\"})\n        cookie = response.cookies[STATE_COOKIE]\n        self.assertEqual(cookie[\"samesite\"], \"None\")\n        self.assertTrue(cookie[\"secure\"])\n",
    })
    rel471 = repo.commit(utc("2026-01-14 09:02:00"), sanna, "release 4.7.1", {
        "gradebridge/__init__.py": sub(repo.files["gradebridge/__init__.py"], '__version__ = "4.7.0"', '__version__ = "4.7.1"'),
        "deploy/helm/values-prod.yaml": sub(repo.files["deploy/helm/values-prod.yaml"], 'tag: "4.7.0"', 'tag: "4.7.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.7.1\n\n- LTI state cookie SameSite=None (GB-226): every launch failed with 4.7.0.\n"),
    })
    return repo, {"culprit": culprit, "rel470": rel470, "fix": fix, "rel471": rel471, "rel462": repo.shas[0]}


# ---------------------------------------------------------------------------
# Wednesday morning


def build_logs(rng, shas):
    web, worker, router, pg, deploy, teams, topdesk = (Log("gradebridge-web.log"), Log("gradebridge-worker.log"), Log("openshift-router.log"),
                                                       Log("postgresql.log"), Log("gitlab-deploy-jobs.log"), Log("teams-gradebridge.log"),
                                                       Log("topdesk-incidents.log"))
    stats = {"first_fail": None, "fails": [], "oks": [], "by_min": {}, "fail_users": set(), "recovered": None}

    def rs(n):
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))

    # --- versions of the web pods
    epochs = [
        (utc("2026-01-07 12:30:00"), "4.6.2", shas["rel462"], rs(10), 3),
        (DEPLOY + dt.timedelta(seconds=22), "4.7.0", shas["rel470"], rs(10), 4),
        (RESTART + dt.timedelta(seconds=4), "4.7.0", shas["rel470"], None, 4),
        (ROLLBACK + dt.timedelta(seconds=6), "4.6.2", shas["rel462"], None, 3),
        (FIX + dt.timedelta(seconds=24), "4.7.1", shas["rel471"], rs(10), 4),
    ]
    rsets = {}
    pods = []
    for i, (t0, ver, sha, h, n) in enumerate(epochs):
        if h is None:
            h = epochs[1][3] if ver == "4.7.0" else epochs[0][3]
        rsets[i] = h
        pods.append([f"gradebridge-web-{h}-{rs(5)}" for _ in range(n)])

    def epoch_at(t):
        cur = 0
        for i, e in enumerate(epochs):
            if t >= e[0] + dt.timedelta(seconds=35):
                cur = i
        return cur

    def ver_at(t):
        return epochs[epoch_at(t)][1]

    def pod_at(t):
        return rng.choice(pods[epoch_at(t)])

    def wlog(t, level, pod, logger, msg, req="-"):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            web.add(t, f"{stamp} {level} {pod} {logger} req={req}: {msg}")

    def celery(t, level, proc, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            worker.add(t, f"[{stamp}: {level}/{proc}] {msg}")

    routers = [f"router-default-6f9c4d7b8-{rs(5)}" for _ in range(2)]
    ippool = {}

    def pod_ip(pod):
        if pod not in ippool:
            ippool[pod] = f"10.129.{rng.randint(2, 30)}.{rng.randint(10, 250)}"
        return ippool[pod]

    def rlog(t, client, method, path, status, size, tr, pod, rid):
        """OpenShift router (HAProxy httplog) through rsyslog."""
        if not (START <= t < END):
            return
        accept = t - dt.timedelta(milliseconds=tr)
        stamp = accept.strftime("%d/%b/%Y:%H:%M:%S.") + f"{accept.microsecond // 1000:03d}"
        conn = rng.randint(40, 160)
        router.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+00:00 {rng.choice(routers)} haproxy[{rng.choice([211, 214])}]: "
                      f"{client}:{rng.randint(20000, 65000)} [{stamp}] fe_sni~ be_secure:study-systems:gradebridge/pod:{pod}:gradebridge:http:{pod_ip(pod)}:8000 "
                      f"0/0/{rng.randint(0, 2)}/{max(1, tr - 2)}/{tr} {status} {size} - - ---- {conn}/{conn - rng.randint(0, 20)}/{rng.randint(0, 9)}/{rng.randint(0, 4)}/0 0/0 "
                      f"{{{rid}}} \"{method} {path} HTTP/1.1\"")

    def client_ip():
        return rng.choice([f"193.166.{rng.randint(80, 95)}.{rng.randint(2, 250)}", f"193.166.{rng.randint(80, 95)}.{rng.randint(2, 250)}",
                           f"85.76.{rng.randint(0, 255)}.{rng.randint(2, 250)}", f"91.155.{rng.randint(0, 255)}.{rng.randint(2, 250)}",
                           f"84.249.{rng.randint(0, 255)}.{rng.randint(2, 250)}", f"176.93.{rng.randint(0, 255)}.{rng.randint(2, 250)}"])

    def bump(t, outcome):
        m = t.replace(second=0, microsecond=0)
        stats["by_min"][(m, outcome)] = stats["by_min"].get((m, outcome), 0) + 1

    # --- pod starts and stops
    def start_web(t0, pod, ver, sha, k):
        t = t0 + dt.timedelta(seconds=k * 9 + rng.uniform(0, 2))
        wlog(t, "INFO", pod, "gunicorn.error", "Starting gunicorn 23.0.0")
        wlog(t + dt.timedelta(milliseconds=6), "INFO", pod, "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")
        wlog(t + dt.timedelta(milliseconds=7), "INFO", pod, "gunicorn.error", "Using worker: sync")
        for w in range(4):
            wlog(t + dt.timedelta(milliseconds=12 + w * 5), "INFO", pod, "gunicorn.error", f"Booting worker with pid: {7 + w}")
        wlog(t + dt.timedelta(seconds=2.4), "INFO", pod, "gradebridge.apps", f"gradebridge {ver} (commit {sha[:8]}) ready, settings=gradebridge.settings")
        if ver in ("4.7.0", "4.7.1"):
            for w in range(4):
                wlog(t + dt.timedelta(seconds=2.1 + w * 0.05), "INFO", pod, "gradebridge.lti.jwks",
                     "Canvas JWKS cached: 3 keys (kids=2025-11-01T00:00:01Z,2025-12-01T00:00:02Z,2026-01-01T00:00:01Z) lifespan=600s")

    def stop_web(t, pod):
        wlog(t, "INFO", pod, "gunicorn.error", "Handling signal: term")
        for w in range(4):
            wlog(t + dt.timedelta(milliseconds=30 + w * 11), "INFO", pod, "gunicorn.error", f"Worker exiting (pid: {7 + w})")
        wlog(t + dt.timedelta(seconds=1.2), "INFO", pod, "gunicorn.error", "Shutting down: Master")

    for i in range(1, len(epochs)):
        t0, ver, sha, h, n = epochs[i]
        for k, pod in enumerate(pods[i]):
            start_web(t0, pod, ver, sha, k)
        for k, pod in enumerate(pods[i - 1]):
            stop_web(t0 + dt.timedelta(seconds=k * 9 + 14), pod)
    # JWKS refresh (lifespan 600 s) lines of 4.7.x pods: logged on the first launch after expiry only via warm(); PyJWKClient refreshes silently.

    # --- instructors
    instructors = []
    for i in range(420):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        subj = rng.choice(SUBJECTS)
        code = f"{subj[0]}-{rng.choice(['A', 'A', 'C', 'E'])}{rng.randint(1100, 3999)}"
        instructors.append({
            "user": (first[:1] + last[:6]).lower().replace("ä", "a").replace("ö", "o").replace("í", "i").replace("á", "a") + str(rng.randint(1, 9)),
            "name": f"{first} {last}",
            "ua": rng.choices(UAS, [w for _, _, w in UAS])[0],
            "ip": client_ip(),
            "course": rng.randint(3100, 9800),
            "offering": f"{code}-2025-26-P2",
            "label": code,
            "students": rng.randint(8, 420),
            "scale": rng.choice(["0-5", "0-5", "0-5", "0-5", "HYV", "PASS"]),
        })

    def launch_rate(t):
        h = t.hour + t.minute / 60
        if h < 4.0:
            return 0.04
        if h < 5.0:
            return 0.18
        if h < 5.5:
            return 0.55
        if h < 6.0:
            return 1.1
        if h < 7.0:
            return 2.4 + (h - 6.0) * 1.6
        if h < 9.5:
            return 4.2
        return 3.6

    sheet_ids = {}

    def do_launch(t, ins, attempt):
        """Login initiation, Canvas's authorize redirect, the launch POST."""
        ip, (ua, fam, _) = ins["ip"], ins["ua"]
        p1 = pod_at(t)
        v1 = ver_at(t)
        rid1 = hexid(rng, 8)
        rlog(t + dt.timedelta(milliseconds=14), ip, "POST", "/lti/login", 302, 0, rng.randint(8, 26), p1, rid1)
        tl = t + dt.timedelta(seconds=rng.uniform(0.5, 1.6))
        p2 = pod_at(tl)
        v2 = ver_at(tl)
        rid2 = hexid(rng, 8)
        if v2 == "4.7.0":
            reason = "state cookie missing"
        elif v2 == "4.6.2":
            reason = None if v1 == "4.6.2" else "state mismatch"
        else:
            reason = None if v1 == "4.7.1" else "state cookie missing"
        if reason is None and rng.random() < 0.012:
            reason = "state mismatch" if v2 == "4.6.2" else "state cookie invalid or expired"
        if reason:
            tr = rng.randint(9, 30)
            wlog(tl + dt.timedelta(milliseconds=tr - 3), "WARNING", p2, "gradebridge.lti.views",
                 f"LTI launch rejected: {reason} (referer={CANVAS}/, ua={fam})", rid2)
            rlog(tl + dt.timedelta(milliseconds=tr), ip, "POST", "/lti/launch", 400, rng.randint(1720, 1790), tr, p2, rid2)
            bump(tl, "rejected")
            if v2 == "4.7.0":
                stats["fails"].append(tl)
                stats["fail_users"].add(ins["user"])
                if stats["first_fail"] is None:
                    stats["first_fail"] = tl
            return False, tl
        tr = rng.randint(60, 190)
        roles = "Instructor" if rng.random() < 0.9 else "Instructor,TeachingAssistant"
        wlog(tl + dt.timedelta(milliseconds=tr - 5), "INFO", p2, "gradebridge.lti.views",
             f"LTI launch ok user={ins['user']} roles={roles} course={ins['label']} offering={ins['offering']}", rid2)
        rlog(tl + dt.timedelta(milliseconds=tr), ip, "POST", "/lti/launch", 302, 0, tr, p2, rid2)
        bump(tl, "ok")
        stats["oks"].append(tl)
        if v2 == "4.6.2" and tl > ROLLBACK and stats["recovered"] is None:
            stats["recovered"] = tl
        # the grade sheet: AGS read from Canvas, then the page
        ts = tl + dt.timedelta(seconds=rng.uniform(0.2, 0.6))
        p3 = pod_at(ts)
        rid3 = hexid(rng, 8)
        items = rng.randint(3, 14)
        ags_ms = int(rng.uniform(180, 900) + ins["students"] * 2.2)
        if rng.random() < 0.015:
            wlog(ts + dt.timedelta(milliseconds=ags_ms // 2), "WARNING", p3, "gradebridge.grades.canvas",
                 f"Canvas API 403 Rate Limit Exceeded on /api/lti/courses/{ins['course']}/line_items, retrying in 2s", rid3)
            ags_ms += 2100
        wlog(ts + dt.timedelta(milliseconds=ags_ms), "INFO", p3, "gradebridge.grades.canvas",
             f"AGS read course={ins['course']}: {items} line items, {ins['students'] * items} results in {ags_ms} ms", rid3)
        sid = sheet_ids.setdefault(ins["offering"], rng.randint(10000, 99999))
        wlog(ts + dt.timedelta(milliseconds=ags_ms + 40), "INFO", p3, "gradebridge.grades.views",
             f"grade sheet opened offering={ins['offering']} students={ins['students']} scale={ins['scale']} unmatched={rng.choice([0, 0, 0, 1, 2])}", rid3)
        rlog(ts + dt.timedelta(milliseconds=ags_ms + 55), ip, "GET", f"/offerings/{sid}/sheet", 200, rng.randint(38000, 260000), ags_ms + 55, p3, rid3)
        if rng.random() < 0.55:
            tsub = ts + dt.timedelta(seconds=rng.uniform(40, 600))
            p4 = pod_at(tsub)
            rid4 = hexid(rng, 8)
            n = ins["students"] - rng.randint(0, 5)
            wlog(tsub + dt.timedelta(milliseconds=80), "INFO", p4, "gradebridge.grades.views",
                 f"grade sheet submitted offering={ins['offering']} grades={n} scale={ins['scale']} by={ins['user']}", rid4)
            rlog(tsub + dt.timedelta(milliseconds=95), ip, "POST", f"/offerings/{sid}/sheet/submit", 302, 0, 95, p4, rid4)
            submitted.append((tsub, ins, n))
        return True, tl

    submitted = []
    queue = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(launch_rate(t) / 60.0))
        if t >= END:
            break
        queue.append((t, rng.randrange(len(instructors)), 1))
    queue.sort()
    while queue:
        t, idx, attempt = queue.pop(0)
        if t >= END:
            continue
        ok, tl = do_launch(t, instructors[idx], attempt)
        if not ok and attempt < 4 and rng.random() < 0.7:
            queue.append((tl + dt.timedelta(seconds=rng.uniform(8, 90)), idx, attempt + 1))
            queue.sort()
        elif not ok and ver_at(tl) == "4.7.0" and rng.random() < 0.45:
            queue.append((ROLLBACK + dt.timedelta(seconds=rng.uniform(300, 5400)), idx, attempt + 1))
            queue.sort()

    # instructors who still have yesterday evening's session open the sheet from a bookmark
    for _ in range(14):
        tx = START + dt.timedelta(seconds=rng.uniform(2 * 3600, (END - START).total_seconds()))
        ins = rng.choice(instructors)
        sid = sheet_ids.setdefault(ins["offering"], rng.randint(10000, 99999))
        p = pod_at(tx)
        rid = hexid(rng, 8)
        wlog(tx, "INFO", p, "gradebridge.grades.views", f"grade sheet opened offering={ins['offering']} students={ins['students']} scale={ins['scale']} unmatched=0", rid)
        rlog(tx + dt.timedelta(milliseconds=600), ins["ip"], "GET", f"/offerings/{sid}/sheet", 200, rng.randint(38000, 200000), 600, p, rid)

    # routine web noise: health checks are not logged; SAML staff logins, stray hosts, scanners
    staff = ["pmakela3", "ejokinen1", "tsalonen2", "hrantanen7", "mniemi4"]
    for _ in range(26):
        tx = START + dt.timedelta(seconds=rng.uniform(1.5 * 3600, (END - START).total_seconds()))
        p = pod_at(tx)
        rid = hexid(rng, 8)
        who = rng.choice(staff)
        ip = f"193.166.{rng.randint(80, 95)}.{rng.randint(2, 250)}"
        rlog(tx, ip, "POST", "/saml/acs", 302, 0, rng.randint(40, 90), p, rid)
        wlog(tx - dt.timedelta(milliseconds=5), "INFO", p, "gradebridge.accounts.saml", f"SAML login ok uid={who} groups=gradebridge-registry", rid)
        tx2 = tx + dt.timedelta(seconds=rng.uniform(1, 4))
        rlog(tx2, ip, "GET", rng.choice(["/admin/export/", "/admin/export/rejections/", "/admin/offerings/"]), 200, rng.randint(9000, 40000), rng.randint(30, 200), p, hexid(rng, 8))
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        bad = rng.choice(['10.129.4.17:8000', '193.166.84.61', 'gradebridge.apps.ocp.harju.fi'])
        wlog(tx, "ERROR", pod_at(tx), "django.security.DisallowedHost",
             f"Invalid HTTP_HOST header: '{bad}'. You may need to add '{bad.split(':')[0]}' to ALLOWED_HOSTS.", hexid(rng, 8))
    for _ in range(7):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        rlog(tx, f"{rng.randint(40, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}", "GET",
             rng.choice(["/wp-login.php", "/.env", "/.git/config", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"]), 404, 179, rng.randint(2, 9),
             pod_at(tx), hexid(rng, 8))
    for _ in range(3):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        wlog(tx, "WARNING", pod_at(tx), "gradebridge.lti.views", "LTI login initiation refused: iss=https://canvas.test.instructure.com client_id=170000000000716", hexid(rng, 8))

    # --- worker: beat tasks, SIS pushes, the nightly export
    wpods = ["gradebridge-worker-7d4b9c6f58-" + rs(5), "gradebridge-worker-5c8e2a7d91-" + rs(5), "gradebridge-worker-7d4b9c6f58-" + rs(5),
             "gradebridge-worker-6a1f3e8b27-" + rs(5)]

    def task(t, name, result, took):
        tid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        celery(t, "INFO", "MainProcess", f"Task {name}[{tid}] received")
        return tid, t + dt.timedelta(seconds=took)

    for t0, ver, sha in ((DEPLOY + dt.timedelta(seconds=31), "4.7.0", shas["rel470"]), (ROLLBACK + dt.timedelta(seconds=12), "4.6.2", shas["rel462"]),
                         (FIX + dt.timedelta(seconds=33), "4.7.1", shas["rel471"])):
        celery(t0 - dt.timedelta(seconds=3), "INFO", "MainProcess", "worker: Warm shutdown (MainProcess)")
        celery(t0 + dt.timedelta(seconds=4.1), "INFO", "MainProcess", "Connected to redis://gradebridge-redis:6379/0")
        celery(t0 + dt.timedelta(seconds=4.3), "INFO", "MainProcess", "mingle: searching for neighbors")
        celery(t0 + dt.timedelta(seconds=5.3), "INFO", "MainProcess", "mingle: all alone")
        celery(t0 + dt.timedelta(seconds=5.5), "INFO", "MainProcess", f"celery@gradebridge-worker-{rs(10)}-{rs(5)} v5.4.0 (opalescent) ready. (gradebridge {ver}, commit {sha[:8]})")
        celery(t0 + dt.timedelta(seconds=5.6), "INFO", "Beat", "beat: Starting...")

    sub_idx = 0
    submitted.sort(key=lambda x: x[0])
    t = START.replace(minute=0) + dt.timedelta(minutes=5)
    while t < END:
        tb = t + dt.timedelta(milliseconds=rng.randint(2, 40))
        celery(tb, "INFO", "Beat", "Scheduler: Sending due task push-submitted-grades (gradebridge.grades.tasks.push_submitted_grades)")
        batch = []
        while sub_idx < len(submitted) and submitted[sub_idx][0] < tb:
            batch.append(submitted[sub_idx])
            sub_idx += 1
        tid, _ = task(tb + dt.timedelta(milliseconds=4), "gradebridge.grades.tasks.push_submitted_grades", None, 0)
        tt = tb + dt.timedelta(milliseconds=60)
        grades = 0
        for _, ins, n in batch:
            took = 1.5 + n * 0.022 + rng.uniform(0, 1.5)
            tt += dt.timedelta(seconds=took)
            receipt = f"SIS-GR-{rng.randint(2000000, 2999999)}"
            celery(tt, "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}",
                   f"gradebridge.grades.tasks.push_submitted_grades[{tid}]: SIS accepted {n} grades for {ins['offering']} (receipt {receipt})")
            grades += n
        celery(tt + dt.timedelta(milliseconds=30), "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}",
               f"Task gradebridge.grades.tasks.push_submitted_grades[{tid}] succeeded in {(tt - tb).total_seconds():.3f}s: {{'sheets': {len(batch)}, 'grades': {grades}}}")
        t += dt.timedelta(minutes=5)
    t = START.replace(minute=0) + dt.timedelta(minutes=21)
    while t < END:
        tb = t + dt.timedelta(milliseconds=rng.randint(2, 40))
        celery(tb, "INFO", "Beat", "Scheduler: Sending due task sync-offerings (gradebridge.sis.tasks.sync_offerings)")
        tid, te = task(tb + dt.timedelta(milliseconds=4), "gradebridge.sis.tasks.sync_offerings", None, rng.uniform(6, 14))
        changed = rng.randint(0, 6)
        celery(te - dt.timedelta(milliseconds=20), "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}",
               f"gradebridge.sis.tasks.sync_offerings[{tid}]: synced 1842 offerings for 2025-26 P2 from SIS, {changed} changed")
        celery(te, "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}", f"Task gradebridge.sis.tasks.sync_offerings[{tid}] succeeded in {(te - tb).total_seconds():.3f}s: {{'offerings': 1842, 'changed': {changed}}}")
        t += dt.timedelta(minutes=30)
    # nightly export
    celery(EXPORT + dt.timedelta(milliseconds=11), "INFO", "Beat", "Scheduler: Sending due task export-attainments (gradebridge.export.tasks.export_attainments)")
    tid, _ = task(EXPORT + dt.timedelta(milliseconds=15), "gradebridge.export.tasks.export_attainments", None, 0)
    total = 1284
    nb = (total + 199) // 200
    tt = EXPORT + dt.timedelta(seconds=9.2)
    celery(tt, "INFO", "ForkPoolWorker-2", f"gradebridge.export.tasks.export_attainments[{tid}]: {total} attainments confirmed in SIS since 2026-01-13T02:15:00+02:00")
    acc_total = rej_total = 0
    for n in range(1, nb + 1):
        size = 200 if n < nb else total - 200 * (nb - 1)
        tt += dt.timedelta(seconds=rng.uniform(38, 95))
        rej = [] if rng.random() < 0.6 else rng.sample(range(size), rng.randint(1, 2))
        for r in rej:
            code, msg = rng.choice([("RR-409", "duplicate attainment"), ("RR-422", "unknown course code"), ("RR-409", "duplicate attainment")])
            celery(tt - dt.timedelta(milliseconds=8), "WARNING", "ForkPoolWorker-2",
                   f"gradebridge.export.tasks.export_attainments[{tid}]: registry rejected attainment SU-{rng.randint(4000000, 4999999)}: {code} {msg}")
        celery(tt, "INFO", "ForkPoolWorker-2", f"gradebridge.export.tasks.export_attainments[{tid}]: registry batch {n}/{nb}: accepted={size - len(rej)} rejected={len(rej)}")
        acc_total += size - len(rej)
        rej_total += len(rej)
    celery(tt + dt.timedelta(milliseconds=300), "INFO", "ForkPoolWorker-2",
           f"Task gradebridge.export.tasks.export_attainments[{tid}] succeeded in {(tt - EXPORT).total_seconds() + 0.3:.3f}s: {{'sent': {total}, 'accepted': {acc_total}, 'rejected': {rej_total}}}")

    # --- PostgreSQL
    pgpids = [rng.randint(20000, 40000) for _ in range(6)]

    def plog(t, pid, level, msg, who="gradebridge@gradebridge"):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
            pg.add(t, f"{stamp} [{pid}] {who + ' ' if who else ''}{level}:  {msg}")

    t = START + dt.timedelta(seconds=rng.randint(10, 200))
    while t < END:
        plog(t, 68, "LOG", "checkpoint starting: time", who="")
        wrote = rng.randint(300, 2600)
        took = rng.uniform(20, 150)
        plog(t + dt.timedelta(seconds=took), 68, "LOG", f"checkpoint complete: wrote {wrote} buffers ({wrote / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, "
                                                    f"{rng.randint(0, 2)} recycled; write={took - 0.4:.3f} s, sync=0.{rng.randint(10, 99)} s, total={took:.3f} s; "
                                                    f"sync files={rng.randint(20, 80)}, longest=0.0{rng.randint(10, 99)} s, average=0.00{rng.randint(1, 9)} s; "
                                                    f"distance={rng.randint(4000, 30000)} kB, estimate={rng.randint(20000, 31000)} kB; lsn=3A/{hexid(rng, 8).upper()}, redo lsn=3A/{hexid(rng, 8).upper()}", who="")
        t += dt.timedelta(minutes=5)
    plog(CLEAR + dt.timedelta(seconds=3.1), pgpids[0], "LOG", "connection authorized: user=gradebridge database=gradebridge application_name=clearsessions SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", who="gradebridge@gradebridge")
    took_ms = 1502331.118
    plog(CLEAR + dt.timedelta(seconds=3.2 + took_ms / 1000), pgpids[0], "LOG",
         f"duration: {took_ms:.3f} ms  statement: DELETE FROM \"django_session\" WHERE \"django_session\".\"expire_date\" < '2026-01-14T03:00:03.118204+00:00'::timestamptz")
    plog(CLEAR + dt.timedelta(seconds=4.0 + took_ms / 1000), pgpids[0], "LOG", "disconnection: session time: 0:25:03.141 user=gradebridge database=gradebridge host=10.129.7.88 port=41822")
    plog(CLEAR + dt.timedelta(seconds=took_ms / 1000 + 95), 31877, "LOG",
         "automatic vacuum of table \"gradebridge.public.django_session\": index scans: 1\n"
         "\tpages: 0 removed, 412877 remain, 402211 scanned (97.42% of total)\n"
         "\ttuples: 1884203 removed, 61877 remain, 0 are dead but not yet removable\n"
         "\tavg read rate: 41.204 MB/s, avg write rate: 38.772 MB/s\n"
         "\tsystem usage: CPU: user: 9.12 s, system: 4.31 s, elapsed: 118.44 s", who="")
    for _ in range(5):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(tx, rng.choice(pgpids), "LOG", f"duration: {rng.uniform(1000, 2600):.3f} ms  statement: SELECT \"grades_attainment\".\"id\", \"grades_attainment\".\"offering_id\" FROM \"grades_attainment\" WHERE \"grades_attainment\".\"offering_id\" = {rng.randint(100, 9000)} ORDER BY \"grades_attainment\".\"student_number\" ASC")
    for _ in range(3):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(tx, rng.randint(20000, 40000), "LOG", "could not receive data from client: Connection reset by peer")

    # --- GitLab deploy jobs
    def glog(t, text, stream="00O"):
        if START <= t < END:
            deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def job(t, jid, tag, sha, user, revision, replicas):
        glog(t, f"Running with gitlab-runner 17.7.0 (3153ccc6)")
        glog(t + dt.timedelta(seconds=0.1), f"  on ocp-runner-study-systems kZ3xq8Nw, system ID: r_{hexid(rng, 12)}")
        glog(t + dt.timedelta(seconds=0.2), f"Job {jid} (deploy-prod) triggered by {user} for tag {tag}")
        glog(t + dt.timedelta(seconds=1.8), "Preparing environment")
        glog(t + dt.timedelta(seconds=3.0), "Getting source from Git repository")
        glog(t + dt.timedelta(seconds=3.9), f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        glog(t + dt.timedelta(seconds=4.6), f"$ helm upgrade gradebridge deploy/helm -n study-systems -f deploy/helm/values-prod.yaml --set image.tag={tag[1:]} --wait --timeout 5m")
        glog(t + dt.timedelta(seconds=52.0), "Release \"gradebridge\" has been upgraded. Happy Helming!")
        glog(t + dt.timedelta(seconds=52.1), f"NAME: gradebridge")
        glog(t + dt.timedelta(seconds=52.1), f"LAST DEPLOYED: {(t + dt.timedelta(seconds=6)).strftime('%a %b %d %H:%M:%S %Y')}")
        glog(t + dt.timedelta(seconds=52.2), f"NAMESPACE: study-systems")
        glog(t + dt.timedelta(seconds=52.2), f"STATUS: deployed")
        glog(t + dt.timedelta(seconds=52.2), f"REVISION: {revision}")
        glog(t + dt.timedelta(seconds=52.6), f"$ oc rollout status deployment/gradebridge-web -n study-systems")
        glog(t + dt.timedelta(seconds=53.1), f"deployment \"gradebridge-web\" successfully rolled out ({replicas} of {replicas} updated replicas are available)")
        glog(t + dt.timedelta(seconds=54.0), "Cleaning up project directory and file based variables")
        glog(t + dt.timedelta(seconds=54.4), "Job succeeded")

    job(DEPLOY, 88412, "v4.7.0", shas["rel470"], "Sanna Korhonen (skorhonen)", 42, 4)
    job(FIX, 88547, "v4.7.1", shas["rel471"], "Sanna Korhonen (skorhonen)", 44, 4)
    # the on-call's restart and rollback, from the ops toolbox job
    t = RESTART - dt.timedelta(seconds=2)
    glog(t, "Running with gitlab-runner 17.7.0 (3153ccc6)")
    glog(t + dt.timedelta(seconds=0.2), "Job 88431 (ops-restart-web) triggered by Mikael Virtanen (mvirtanen) for branch main")
    glog(t + dt.timedelta(seconds=2.0), "$ oc rollout restart deployment/gradebridge-web -n study-systems")
    glog(t + dt.timedelta(seconds=2.5), "deployment.apps/gradebridge-web restarted")
    glog(t + dt.timedelta(seconds=41.0), "deployment \"gradebridge-web\" successfully rolled out (4 of 4 updated replicas are available)")
    glog(t + dt.timedelta(seconds=41.6), "Job succeeded")
    t = ROLLBACK - dt.timedelta(seconds=3)
    glog(t, "Running with gitlab-runner 17.7.0 (3153ccc6)")
    glog(t + dt.timedelta(seconds=0.2), "Job 88436 (ops-helm-rollback) triggered by Mikael Virtanen (mvirtanen) for branch main")
    glog(t + dt.timedelta(seconds=2.0), "$ helm history gradebridge -n study-systems --max 3")
    glog(t + dt.timedelta(seconds=2.6), "REVISION\tUPDATED                 \tSTATUS    \tCHART            \tAPP VERSION\tDESCRIPTION")
    glog(t + dt.timedelta(seconds=2.6), "40      \tWed Jan  7 12:31:09 2026\tsuperseded\tgradebridge-0.9.3\t4.6.2      \tUpgrade complete")
    glog(t + dt.timedelta(seconds=2.6), "41      \tWed Jan  7 12:33:52 2026\tsuperseded\tgradebridge-0.9.3\t4.6.2      \tUpgrade complete")
    glog(t + dt.timedelta(seconds=2.6), "42      \tWed Jan 14 06:04:47 2026\tdeployed  \tgradebridge-0.9.3\t4.7.0      \tUpgrade complete")
    glog(t + dt.timedelta(seconds=3.1), "$ helm rollback gradebridge 41 -n study-systems --wait")
    glog(t + dt.timedelta(seconds=49.0), "Rollback was a success! Happy Helming!")
    glog(t + dt.timedelta(seconds=49.5), "Job succeeded")

    write_chat(rng, teams, topdesk, stats)
    return [web, worker, router, pg, deploy, teams, topdesk], stats


def write_chat(rng, teams, topdesk, stats):
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "gradebridge",
                                 "from": who, "body": text}, ensure_ascii=False))

    first = stats["first_fail"]
    m = dt.timedelta(minutes=1)
    n15 = sum(1 for x in stats["fails"] if x < first + 15 * m)
    say(DEPLOY - 2 * m, "Sanna Korhonen", "deploying 4.7.0 now, engineering needs the pass/fail scale (GB-221) before Friday. also in it: GB-218 state cookie, GB-219 JWKS cache, pyjwt 2.10.1, error page, 4 web pods")
    say(DEPLOY + 2 * m, "Sanna Korhonen", "4.7.0 rolled out, 4/4 web pods, worker ready")
    say(first + 17 * m, "Laura Niemi (Service Desk)", f"Hi, we have 6 calls in 10 minutes from teachers: Grade transfer says \"Launch failed\" when opened from Canvas. Several browsers. Known issue?")
    say(first + 19 * m, "Mikael Virtanen", f"looking. {n15} 'LTI launch rejected' in 15 min, all 'state cookie missing'. no launch ok since {(first + 2 * 60 * m).strftime('%H:%M')}")
    say(first + 22 * m, "Mikael Virtanen", "runbook: many rejections at once = Canvas rotated its keys / stale JWKS. GB-219 changed the JWKS caching and pyjwt was bumped, both in 4.7.0. the JWKS lines look fine (3 keys) but restarting the web pods as the runbook says")
    say(RESTART + 2 * m, "Mikael Virtanen", "pods restarted 08:41, JWKS fetched again. still 'state cookie missing'")
    say(RESTART + 4 * m, "Jussi Heikkinen (eLearning)", "nothing changed on the Canvas side, developer key 170000000000715 untouched, no Canvas deploy this week. launching from the Canvas test instance to your test env works?")
    say(RESTART + 9 * m, "Sanna Korhonen", "roll back, deadline is Friday. helm rollback to 41 (4.6.2)")
    say(ROLLBACK + 2 * m, "Mikael Virtanen", "rolled back to 4.6.2 at 08:57")
    rec = stats["recovered"]
    say(rec + 2 * m, "Mikael Virtanen", f"launches ok again since {(rec + 2 * 60 * m).strftime('%H:%M')} on 4.6.2. so it's 4.7.0, not Canvas")
    say(rec + 4 * m, "Laura Niemi (Service Desk)", "telling the teachers to try again, thanks")
    say(rec + 12 * m, "Aino Lehtonen", "'state cookie missing' is my GB-218 code path: the launch came without gb_lti_state. the tests pass though. reproducing on staging from canvas test")
    say(utc("2026-01-14 08:01:30"), "Aino Lehtonen", "got it. DevTools on the POST /lti/launch: gb_lti_state is not sent, 'this cookie has SameSite=Lax and the request was a cross-site POST'. Canvas's form_post comes from harju.instructure.com. I set samesite=Lax, the session cookie has None for exactly this reason (comment in settings.py). Django's test client sends every cookie so the tests couldn't see it")
    say(utc("2026-01-14 08:03:10"), "Mikael Virtanen", "and the runbook sent me to the JWKS. I'll fix the runbook")
    say(utc("2026-01-14 08:53:00"), "Aino Lehtonen", "GB-226: samesite=None on the state cookie + a test that reads the Set-Cookie header. tested from canvas test on staging with Chrome, Firefox, Safari")
    say(FIX - 1 * m, "Sanna Korhonen", "deploying 4.7.1 (4.7.0 + GB-226)")
    say(FIX + 6 * m, "Sanna Korhonen", "4.7.1 out, launches ok, pass/fail scale available")
    say(FIX + 20 * m, "Päivi Mäkelä (Registry Office)", "thanks. we'll extend the deadline for grade transfer by one day for the teachers who lost this morning, notice goes out in Canvas")

    def td(t, number, status, caller, dept, short, request, operator="Service Desk"):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        topdesk.add(t, json.dumps({"number": number, "creationDate": t.strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "caller": caller, "department": dept,
                                   "category": "Teaching tools", "subcategory": "Canvas / Grade transfer", "briefDescription": short,
                                   "request": request, "processingStatus": status, "operatorGroup": operator}, ensure_ascii=False))

    td(utc("2026-01-14 04:52:10"), "I2601-1388", "Logged", "Outi Järvinen", "School of Chemical Engineering", "Canvas notifications in Finnish",
       "My Canvas notifications come in Finnish although my language is English.", operator="eLearning")
    td(first + 8 * m, "I2601-1402", "Logged", "Juha Koskinen", "School of Science", "Grade transfer: Launch failed",
       "When I open Grade transfer in my course MAT-A1301 I get \"Launch failed ... (state cookie missing)\". Tried twice.")
    td(first + 11 * m, "I2601-1404", "Logged", "Elena Rossi", "School of Electrical Engineering", "Cannot open Grade transfer",
       "Grade transfer opens a new tab with Launch failed. I need to transfer grades of SAH-C3120 this week.")
    td(first + 14 * m, "I2601-1407", "Logged", "Timo Salminen", "School of Engineering", "Arvosanasiirto ei aukea",
       "Arvosanasiirto antaa virheen \"Launch failed\". Kokeilin Firefoxilla ja Edgellä.")
    td(first + 16 * m, "I2601-1409", "In progress", "Laura Niemi", "IT Services", "MAJOR: Grade transfer launches fail for all teachers",
       f"Several calls: Grade transfer fails with Launch failed from Canvas since about {(first + dt.timedelta(hours=2)).strftime('%H:%M')}. Escalated to Study Systems integration (#gradebridge).", operator="Study Systems integration")
    td(first + 23 * m, "I2601-1411", "Logged", "Rahul Kumar", "School of Business", "Grade transfer error",
       "Launch failed (state cookie missing) in Chrome and Safari on my Mac.")
    td(first + 31 * m, "I2601-1415", "Logged", "Katja Heinonen", "School of Arts", "Grade transfer",
       "Is Grade transfer down? Deadline is Friday.")
    td(ROLLBACK + 14 * m, "I2601-1409", "Resolved", "Laura Niemi", "IT Services", "MAJOR: Grade transfer launches fail for all teachers",
       "Study Systems rolled back gradebridge to 4.6.2 at 08:57; launches work. Cause under investigation (a change in 4.7.0).", operator="Study Systems integration")


def build(out_dir):
    rng = random.Random(61100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert DEPLOY < onset <= DEPLOY + dt.timedelta(minutes=6), onset
        assert stats["recovered"] and stats["recovered"] < ROLLBACK + dt.timedelta(minutes=4), stats["recovered"]
        by_min = stats["by_min"]

        def per_min(outcome):
            def fn(t):
                m = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return by_min.get((m, outcome), 0)
            return fn

        metrics = {
            "gradebridge_lti_launches_1m.json": query_range(
                [({"job": "gradebridge", "namespace": "study-systems", "outcome": o}, per_min(o)) for o in ("ok", "rejected")], START, END, 60),
        }
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        nf = len(stats["fails"])
        return write_scenario(
            out_dir, name="r61-lti-state-cookie-samesite", service=SERVICE, onset=onset,
            description=f"""
Teachers at Harju University cannot open Grade transfer from Canvas in
the grading deadline week: on Wednesday 14 January, from {onset.strftime('%H:%M:%S')} UTC
({(onset + dt.timedelta(hours=2)).strftime('%H:%M')} in Helsinki), every LTI launch ends on "Launch failed"
({nf} rejected launches from {len(stats['fail_users'])} teachers). gradebridge 4.7.0 had been
deployed at 06:04 UTC; the web pods were restarted at 06:41 without
effect and the release was rolled back to 4.6.2 at 06:57, after which
launches worked. 4.7.1 went out at 09:14.
""",
            logs=logs,
            line_formats={
                "gradebridge-web.log": r'<Date> <Time> <Level> <Pod> <Logger> req=<Req>: <Content>',
                "gradebridge-worker.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'LTI launch rejected: state cookie missing',
            ],
            fix_files=["gradebridge/lti/views.py"],
            explanation=f"""
The culprit is GB-218 ("lti: keep the OIDC state and nonce in a signed
cookie, not in the session"), committed on Tuesday 13 January at 12:22
UTC, {hours:.1f} hours before the onset, and deployed in 4.7.0 at 06:04 UTC
on Wednesday by a job that names the release commit after it. It sets
the new gb_lti_state cookie with samesite="Lax". The LTI 1.3 launch is a
form POST from Canvas (harju.instructure.com), another site; browsers
store the cookie at the login initiation (a top-level navigation) but do
not send a SameSite=Lax cookie with a cross-site POST, so every launch
arrives without it and is refused ("LTI launch rejected: state cookie
missing (referer=https://harju.instructure.com/, ua=...)", in every
browser). Until then the state lived in the session, whose cookie
settings.py sets to SameSite=None for this very reason; Django's test
client sends every cookie, so the tests passed. The fix (GB-226, 4.7.1)
sets samesite="None" in the same file.
Decoys: the rest of 4.7.0, deployed {round((onset - DEPLOY).total_seconds() / 60)} minute(s) before the onset:
GB-219, which caches Canvas's JWKS and fetches it at start-up (new
"Canvas JWKS cached" lines at each pod start, right at the onset), the
PyJWT 2.10.1 bump, GB-221's pass/fail scale (the reason for the morning
deploy), GB-222's fourth web replica and GB-224, the error page's course
name and help link, in the culprit's file; the runbook commit of Monday
that reads many rejected launches as Canvas rotating its keys and says
to restart the pods, done at 06:41 without effect; GB-216 and GB-212;
the deploy job's marker naming the release commit; the nightly export's
registry rejections (RR-409, RR-422) and the 25-minute clearsessions
DELETE that motivated the change; Canvas's occasional 403 rate limits,
routine "state mismatch" rejections, a test instance's refused login
initiations, DisallowedHost errors and scanners.
""",
        )
    finally:
        repo.close()
