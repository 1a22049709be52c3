"""creator-payouts (Python 3.12, Django 5.1 and Celery 5.4 on Heroku: two
web dynos, three worker dynos, Heroku Scheduler, Heroku Postgres and Heroku
Data for Redis; deployed from GitHub through Heroku's GitHub integration;
team in Cardiff, Vancouver and Mexico City) of Bellbird, a podcast host
that sells dynamic ad insertion on its shows and pays creators 70% of the
ad revenue of the downloads their episodes earn (IAB v2.2 certified
downloads, counted by Bellbird's analytics), plus their supporter
subscriptions. Creators are paid once a month, on the 15th, for the month
before: by PayPal Payouts (most creators; USD, EUR, GBP, CAD, AUD) or by
Stripe Connect (networks with a bank account), above a $25 threshold. The
payout day job splits each currency's PayPal items into chunks and a
Celery task posts each chunk as one PayPal Payouts batch.

On 15 August a 1,000-item USD batch hit the 30 s read timeout after
PayPal had accepted it; the task was retried by hand with a new random
sender_batch_id and PayPal paid those 1,000 creators twice. PAY-212 (Wednesday 9 September, 21:40 UTC) makes the
sender_batch_id deterministic so a retry is rejected instead of paid
twice: `bb-<period>-<currency>`. But a currency is sent in several chunks
(the chunking is in tasks.py), and PayPal refuses a sender_batch_id it has
seen in the last 30 days. Staging's sandbox run has 60 creators, one chunk
per currency, and passes. Friday's release v211 ships it.

Tuesday 15 September, 15:00 UTC: the payout day for August. At 14:29
release v212 had gone out (PAY-219, which logs PayPal's error name, issue
and debug_id on the very "paypal batch failed" line; PAY-221, batches of
500 instead of 1,000 and a 90 s read timeout; an httpx bump). The first
chunk of each currency is created; from 15:00:31 every other chunk of USD
(four of five) and EUR (one of two) is refused: 400 USER_BUSINESS_ERROR,
"Batch with given sender_batch_id already exists". GBP, CAD and AUD fit
in one chunk each and go through; so do Stripe's transfers. 1,922
creators are not paid.

The on-call reads "already exists" as a double submission by the new
timeout or httpx and rolls back to v211 at 15:14 (the detail vanishes from
the lines), then retries the failed items: v211 sends them in chunks of
1,000, with the same ids, and PayPal refuses all three. Grace Liu, who
wrote PAY-212, sees the id in PayPal's dashboard; PAY-226 derives the id
from each chunk's statements, v214 goes out at 16:29 and the retry pays
everyone by about 16:50.

Sources: Heroku log drain split by source: the app's dynos (structlog
console renderer behind Heroku's prefix, line format), the Heroku router,
the platform (releases, dyno states, scheduler, runtime metrics), the
add-ons (Heroku Postgres and Redis metrics and Postgres logs); PayPal's
status page as polled by the team's status bot (JSON); #payouts (Slack
export, JSON lines)."""

import datetime as dt
import hashlib
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "creator-payouts"
START, END = utc("2026-09-15 12:30:00"), utc("2026-09-15 17:10:00")
RELEASE = utc("2026-09-15 14:29:05")      # v212 created
RUN = utc("2026-09-15 15:00:00")          # Heroku Scheduler: payout_day
ROLLBACK = utc("2026-09-15 15:14:20")     # v213 = rollback to v211
RETRY_OLD = utc("2026-09-15 15:25:40")    # retry_payouts on v211
FIXED = utc("2026-09-15 16:29:50")        # v214
RETRY_FIX = utc("2026-09-15 16:34:10")
PERIOD = "2026-08"
CURRENCIES = [("USD", 2318), ("EUR", 604), ("GBP", 377), ("CAD", 162), ("AUD", 119)]
FX = {"USD": 1.0, "EUR": 0.902, "GBP": 0.763, "CAD": 1.356, "AUD": 1.497}
STRIPE_CREATORS = 486
WEB = ["web.1", "web.2"]
WORKERS = ["worker.1", "worker.2", "worker.3"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "creator-payouts"
version = "0"
requires-python = ">=3.12"
dependencies = [
  "django==5.1.1",
  "celery[redis]==5.4.0",
  "django-structlog==8.1.0",
  "structlog==24.4.0",
  "httpx==0.27.2",
  "stripe==10.10.0",
  "psycopg[binary]==3.2.1",
  "gunicorn==23.0.0",
  "weasyprint==62.3",
]

[project.optional-dependencies]
test = ["pytest==8.3.2", "pytest-django==4.9.0", "respx==0.21.1"]
"""

PROCFILE = """release: python manage.py migrate --noinput
web: gunicorn creator_payouts.wsgi --workers 3 --timeout 30
worker: celery -A creator_payouts worker --concurrency 2 --loglevel info
"""

SETTINGS = '''"""Settings for creator-payouts; everything secret comes from Heroku config vars."""

import os

import dj_database_url  # noqa: F401  (DATABASE_URL from Heroku Postgres)

DEBUG = False
ALLOWED_HOSTS = ["payouts.bellbird.fm", "creator-payouts.herokuapp.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django_structlog", "creator_payouts"]

CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_TASK_ACKS_LATE = True

# Payout day: the 15th, for the month before, at 15:00 UTC (Heroku Scheduler).
PAYOUT_DAY = 15
PAYOUT_THRESHOLD_USD = 25
CREATOR_SHARE = 0.70

PAYPAL_API = "https://api-m.paypal.com"
PAYPAL_BATCH_SIZE = 1000
PAYPAL_TIMEOUT_S = 30
'''

PAYPAL_V1 = '''"""PayPal Payouts: one batch per chunk of a currency's payout items.
tasks.submit_paypal_chunk calls submit() once per chunk."""

import uuid

import structlog
from django.conf import settings

log = structlog.get_logger(__name__)


def batch_body(period, currency, items):
    return {
        "sender_batch_header": {
            "sender_batch_id": f"bb-{uuid.uuid4().hex}",
            "recipient_type": "EMAIL",
            "email_subject": "You have a payout from Bellbird",
            "email_message": f"Your Bellbird earnings for {period}.",
        },
        "items": [
            {
                "recipient_type": "EMAIL",
                "amount": {"value": f"{item.amount:.2f}", "currency": currency},
                "receiver": item.paypal_email,
                "note": f"Bellbird earnings {period}",
                "sender_item_id": f"st-{item.statement_id}",
            }
            for item in items
        ],
    }


def submit(client, token, period, currency, items, chunk):
    body = batch_body(period, currency, items)
    sender_batch_id = body["sender_batch_header"]["sender_batch_id"]
    log.info("submitting paypal batch", currency=currency, chunk=chunk, items=len(items), sender_batch_id=sender_batch_id)
    resp = client.post(f"{settings.PAYPAL_API}/v1/payments/payouts", json=body,
                       headers={"Authorization": f"Bearer {token}"}, timeout=settings.PAYPAL_TIMEOUT_S)
    if resp.status_code >= 400:
        log.error("paypal batch failed", currency=currency, chunk=chunk, items=len(items),
                  sender_batch_id=sender_batch_id, status=resp.status_code)
        resp.raise_for_status()
    header = resp.json()["batch_header"]
    log.info("paypal batch created", currency=currency, chunk=chunk, sender_batch_id=sender_batch_id,
             payout_batch_id=header["payout_batch_id"], batch_status=header["batch_status"])
    return header["payout_batch_id"]
'''

TASKS_V1 = '''"""Payout day: statements for the month before, then PayPal batches and
Stripe transfers."""

import httpx
import structlog
from celery import shared_task
from django.conf import settings

from creator_payouts import paypal_batches, statements, stripe_transfers
from creator_payouts.models import PayoutItem
from creator_payouts.paypal_auth import access_token

log = structlog.get_logger(__name__)


def chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def run_payout_day(period):
    finals = statements.finalise(period)
    for currency, items in statements.paypal_items_by_currency(finals).items():
        parts = list(chunks(items, settings.PAYPAL_BATCH_SIZE))
        log.info("paypal payouts queued", currency=currency, items=len(items), chunks=len(parts),
                 total=f"{sum(i.amount for i in items):,.2f}")
        for n, part in enumerate(parts, 1):
            submit_paypal_chunk.delay(period, currency, [i.id for i in part], f"{n}/{len(parts)}")
    for item in statements.stripe_items(finals):
        stripe_transfers.transfer.delay(item.id)


@shared_task(bind=True, max_retries=0)
def submit_paypal_chunk(self, period, currency, item_ids, chunk):
    items = list(PayoutItem.objects.filter(id__in=item_ids).order_by("id"))
    with httpx.Client() as client:
        try:
            batch_id = paypal_batches.submit(client, access_token(client), period, currency, items, chunk)
        except httpx.HTTPStatusError:
            PayoutItem.objects.filter(id__in=item_ids).update(status="FAILED")
            log.warning("payout items marked failed", currency=currency, chunk=chunk, items=len(items),
                        reason="paypal_batch_rejected")
            raise
    PayoutItem.objects.filter(id__in=item_ids).update(status="SENT", paypal_batch_id=batch_id)
'''

RETRY_CMD = '''"""manage.py retry_payouts --period YYYY-MM: sends a period's FAILED PayPal
items again, chunked like payout day."""

from django.conf import settings
from django.core.management.base import BaseCommand

from creator_payouts.models import PayoutItem
from creator_payouts.tasks import chunks, submit_paypal_chunk


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)

    def handle(self, *args, period, **opts):
        failed = PayoutItem.objects.filter(period=period, method="paypal", status="FAILED").order_by("currency", "id")
        by_currency = {}
        for item in failed:
            by_currency.setdefault(item.currency, []).append(item.id)
        for currency, ids in by_currency.items():
            parts = list(chunks(ids, settings.PAYPAL_BATCH_SIZE))
            self.stdout.write(f"retrying {len(ids)} {currency} items in {len(parts)} chunks")
            for n, part in enumerate(parts, 1):
                submit_paypal_chunk.delay(period, currency, part, f"{n}/{len(parts)}")
'''

STATEMENTS_V1 = '''"""Monthly statements: a creator's share of the ad revenue their downloads
earned, plus supporter subscriptions, from analytics' certified tables."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from creator_payouts import analytics
from creator_payouts.models import Statement


def line_amount(impressions, cpm_usd):
    gross = Decimal(impressions) * Decimal(cpm_usd) / 1000
    share = gross * Decimal(str(settings.CREATOR_SHARE))
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def finalise(period):
    """Freezes every creator's statement for the period; returns them."""
    rows = analytics.monthly_ad_impressions(period)
    by_creator = {}
    for row in rows:
        st = by_creator.setdefault(row.creator_id, Statement.open(row.creator_id, period))
        st.add_line(row.show_id, row.impressions, row.cpm_usd, line_amount(row.impressions, row.cpm_usd))
    for st in by_creator.values():
        st.add_supporters(analytics.supporter_revenue(st.creator_id, period))
        st.freeze(threshold=settings.PAYOUT_THRESHOLD_USD)
    return list(by_creator.values())


def paypal_items_by_currency(statements):
    out = {}
    for st in statements:
        if st.payable and st.method == "paypal":
            out.setdefault(st.currency, []).append(st.payout_item())
    return out


def stripe_items(statements):
    return [st.payout_item() for st in statements if st.payable and st.method == "stripe"]
'''

TEST_PAYPAL_V1 = '''from types import SimpleNamespace

from creator_payouts.paypal_batches import batch_body


def item(n, amount):
    return SimpleNamespace(statement_id=n, amount=amount, paypal_email=f"c{n}@example.com")


def test_batch_body_amounts_are_strings_with_cents():
    body = batch_body("2026-07", "USD", [item(1, 25), item(2, 130.5)])
    assert [i["amount"]["value"] for i in body["items"]] == ["25.00", "130.50"]
    assert body["items"][1]["sender_item_id"] == "st-2"
'''

RUNBOOK_ALERTS = [
    ("PayoutBatchFailures", "PayPal refused or failed a payout batch. Check status.paypal.com first: PayPal's Payouts API has had regional incidents on payout days. The items are marked FAILED; once PayPal is healthy, run `heroku run python manage.py retry_payouts --period YYYY-MM -a creator-payouts`."),
    ("StripeTransferFailures", "A Stripe Connect transfer failed, usually a restricted connected account: the creator must finish onboarding. Finance ops emails them."),
]

DOCS_PAYOUTS = """# Payouts

Creators are paid on the 15th for the month before, at 15:00 UTC, by the
Heroku Scheduler job `python manage.py payout_day`. Statements are frozen
first (IAB v2.2 certified downloads and the ad impressions stitched into
them, from analytics; supporter subscriptions from Stripe Billing).

- PayPal Payouts for creators who chose PayPal: one PayPal batch per chunk
  of `PAYPAL_BATCH_SIZE` items of a currency. Each item carries the
  statement as `sender_item_id`.
- Stripe Connect transfers for networks with a connected account.

Creators below $25 roll over to the next month.
"""


def build_repo():
    repo = Repo()
    rhys = Person("Rhys Davies", "rhys.davies@bellbird.fm", 60)
    grace = Person("Grace Liu", "grace.liu@bellbird.fm", -420)
    tomas = Person("Tomás Aguilar", "tomas.aguilar@bellbird.fm", -360)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    pp = "creator_payouts/paypal_batches.py"
    tasks = "creator_payouts/tasks.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "Procfile": PROCFILE,
        ".python-version": "3.12\n",
        "creator_payouts/__init__.py": "from .celery import app as celery_app  # noqa: F401\n",
        "creator_payouts/settings.py": SETTINGS,
        pp: PAYPAL_V1,
        tasks: TASKS_V1,
        "creator_payouts/statements.py": STATEMENTS_V1,
        "creator_payouts/management/commands/retry_payouts.py": RETRY_CMD,
        "tests/test_paypal_batches.py": TEST_PAYPAL_V1,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    services:\n      postgres: { image: \"postgres:16\", env: { POSTGRES_PASSWORD: ci }, ports: [\"5432:5432\"] }\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: { python-version: \"3.12\" }\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": "# creator-payouts\n\nMonthly statements and payouts for Bellbird creators: ad revenue share\nfrom IAB-certified downloads, supporter subscriptions, PayPal Payouts and\nStripe Connect transfers. Runs on Heroku (`creator-payouts`); `main` is\ndeployed from GitHub by the Heroku GitHub integration (manual deploys).\n\n## Running locally\n\n```\nheroku local -f Procfile\npytest -q\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-09-07 14:10:00"), rhys, "creator-payouts: statements, PayPal batches, Stripe transfers", files)
    repo.schedule(chores(random.Random(52101), SERVICE, [rhys, grace, tomas], utc("2026-09-07 15:00:00"), utc("2026-09-14 12:00:00"), 3))
    repo.commit(utc("2026-09-08 17:25:00"), tomas, "statements: read IAB v2.2 certified downloads from analytics' daily table (PAY-205)\n\nanalytics now publishes certified_downloads_daily after its bot and\nrange filters; we used to re-filter the raw table here.", {
        "creator_payouts/statements.py": repo.edit("creator_payouts/statements.py", '    rows = analytics.monthly_ad_impressions(period)\n',
                                                   '    rows = analytics.monthly_ad_impressions(period, table="certified_downloads_daily")\n'),
    })
    culprit = repo.commit(utc("2026-09-09 21:40:00"), grace, "paypal: deterministic sender_batch_id, retry a batch on timeout (PAY-212)\n\nOn 15 August a 1,000-item USD batch hit the 30s read timeout after\nPayPal had accepted it; the task was retried by hand and sent a new\nrandom sender_batch_id, and PayPal paid 1,000 creators twice.\n\nPayPal refuses a sender_batch_id it has seen in the last 30 days, so\nmake the id a function of what we are paying (bb-<period>-<currency>)\nand retry timeouts and 5xx automatically: a retry of a batch PayPal\nalready has is rejected instead of paid twice.", {
        pp: repo.edit(pp, '''import uuid

import structlog''', '''import structlog''').replace(
            '"sender_batch_id": f"bb-{uuid.uuid4().hex}",', '"sender_batch_id": sender_batch_id(period, currency),').replace(
            '''def batch_body(period, currency, items):''', '''def sender_batch_id(period, currency):
    """Stable for what we pay, so PayPal rejects a second submission (it
    keeps sender_batch_ids for 30 days) instead of paying it twice."""
    return f"bb-{period}-{currency}"


def batch_body(period, currency, items):'''),
        tasks: repo.edit(tasks, '''@shared_task(bind=True, max_retries=0)
def submit_paypal_chunk(self, period, currency, item_ids, chunk):''', '''@shared_task(bind=True, autoretry_for=(httpx.TimeoutException, httpx.TransportError),
             retry_backoff=30, max_retries=3)
def submit_paypal_chunk(self, period, currency, item_ids, chunk):'''),
        "tests/test_paypal_batches.py": TEST_PAYPAL_V1 + '''

def test_sender_batch_id_is_stable_for_a_retry():
    a = batch_body("2026-08", "USD", [item(1, 25)])
    b = batch_body("2026-08", "USD", [item(1, 25)])
    assert a["sender_batch_header"]["sender_batch_id"] == b["sender_batch_header"]["sender_batch_id"] == "bb-2026-08-USD"
''',
    })
    repo.commit(utc("2026-09-10 09:15:00"), rhys, "docs: how payout day works", {"docs/payouts.md": DOCS_PAYOUTS})
    fri = repo.commit(utc("2026-09-10 19:30:00"), tomas, "statements: round each ad line half-even, not the statement total (PAY-214)\n\nFinance reconciles per line against the ad server's invoice.", {
        "creator_payouts/statements.py": repo.edit("creator_payouts/statements.py", "from decimal import ROUND_HALF_UP, Decimal", "from decimal import ROUND_HALF_EVEN, Decimal").replace(
            "rounding=ROUND_HALF_UP)", "rounding=ROUND_HALF_EVEN)"),
    })
    repo.commit(utc("2026-09-14 16:05:00"), grace, "paypal: name the month in the payout email (PAY-216)", {
        pp: repo.edit(pp, '''            "email_subject": "You have a payout from Bellbird",
            "email_message": f"Your Bellbird earnings for {period}.",''', '''            "email_subject": f"Your Bellbird earnings for {month_name(period)}",
            "email_message": f"Your Bellbird earnings for {month_name(period)} are on their way.",''').replace(
            '''def sender_batch_id(period, currency):''', '''def month_name(period):
    year, month = period.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def sender_batch_id(period, currency):''').replace('import structlog\n', 'import calendar\n\nimport structlog\n', 1),
    })
    repo.commit(utc("2026-09-14 19:50:00"), tomas, "paypal: log PayPal's error name, issue and debug_id when a batch fails (PAY-219)\n\nAugust's postmortem: we only logged the status code and had to ask\nPayPal's support for the debug_id.", {
        pp: repo.edit(pp, '''        log.error("paypal batch failed", currency=currency, chunk=chunk, items=len(items),
                  sender_batch_id=sender_batch_id, status=resp.status_code)''', '''        err = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
        detail = (err.get("details") or [{}])[0]
        log.error("paypal batch failed", currency=currency, chunk=chunk, items=len(items),
                  sender_batch_id=sender_batch_id, status=resp.status_code, name=err.get("name"),
                  issue=detail.get("issue"), debug_id=err.get("debug_id"))'''),
    })
    repo.commit(utc("2026-09-15 08:05:00"), bot, "fix(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.2"', '"httpx==0.28.1"'),
    })
    repo.commit(utc("2026-09-15 11:20:00"), rhys, "runbook: payout day checklist", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Payout day (the 15th)\n\n- 14:30 UTC: deploy anything payout-related before the run, not during.\n- 15:00 UTC: the scheduler starts `payout_day`; watch #payouts.\n- Finance ops checks PayPal's dashboard for the month's batches.\n- A failed chunk: see PayoutBatchFailures.\n",
    })
    head = repo.commit(utc("2026-09-15 13:52:00"), rhys, "paypal: batches of 500 and a 90s read timeout (PAY-221)\n\nPayPal support, after August: keep batches to a few hundred items, and\nthe batch POST can take over 30s when PayPal is busy on the 15th.", {
        "creator_payouts/settings.py": repo.edit("creator_payouts/settings.py", "PAYPAL_BATCH_SIZE = 1000\nPAYPAL_TIMEOUT_S = 30\n", "PAYPAL_BATCH_SIZE = 500\nPAYPAL_TIMEOUT_S = 90\n"),
    })
    fix = repo.commit(utc("2026-09-15 16:18:00"), grace, "paypal: one sender_batch_id per chunk, from its statements (PAY-226)\n\nPAY-212 made the id bb-<period>-<currency>, but a currency goes out in\nseveral chunks: PayPal took the first chunk of USD and EUR and refused\nevery other one as a duplicate (\"Batch with given sender_batch_id\nalready exists\"). Derive the id from the chunk's statement ids: still\nstable for a retry of the same chunk, different for every chunk.", {
        pp: repo.edit(pp, '''def sender_batch_id(period, currency):
    """Stable for what we pay, so PayPal rejects a second submission (it
    keeps sender_batch_ids for 30 days) instead of paying it twice."""
    return f"bb-{period}-{currency}"''', '''def sender_batch_id(period, currency, items):
    """Stable for what we pay, so PayPal rejects a second submission (it
    keeps sender_batch_ids for 30 days) instead of paying it twice; one per
    chunk, since a currency is sent in several."""
    ids = ",".join(str(i.statement_id) for i in sorted(items, key=lambda i: i.statement_id))
    return f"bb-{period}-{currency}-{hashlib.sha256(ids.encode()).hexdigest()[:12]}"''').replace(
            '"sender_batch_id": sender_batch_id(period, currency),', '"sender_batch_id": sender_batch_id(period, currency, items),').replace(
            'import calendar\n', 'import calendar\nimport hashlib\n', 1),
        "tests/test_paypal_batches.py": repo.edit("tests/test_paypal_batches.py", '''    assert a["sender_batch_header"]["sender_batch_id"] == b["sender_batch_header"]["sender_batch_id"] == "bb-2026-08-USD"
''', '''    assert a["sender_batch_header"]["sender_batch_id"] == b["sender_batch_header"]["sender_batch_id"]


def test_each_chunk_of_a_currency_gets_its_own_id():
    a = batch_body("2026-08", "USD", [item(1, 25), item(2, 30)])
    b = batch_body("2026-08", "USD", [item(3, 25)])
    assert a["sender_batch_header"]["sender_batch_id"] != b["sender_batch_header"]["sender_batch_id"]
'''),
    })
    return repo, {"culprit": culprit, "fri": fri, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# payout day


def build_logs(rng, shas):
    app, router, platform, addons, status, slack = (Log("heroku-app.log"), Log("heroku-router.log"), Log("heroku-platform.log"),
                                                    Log("heroku-addons.log"), Log("paypal-status.log"), Log("slack-payouts.log"))
    stats = {"rejected": [], "created": [], "succeeded": []}

    def stamp(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00"

    def slog(t, dyno_, level_, event_, **kw):
        if START <= t < END:
            fields = " ".join(f"{k}={v}" for k, v in sorted(kw.items()))
            app.add(t, f"{stamp(t)} app[{dyno_}]: [{level_:<9}] {event_:<30} {fields}".rstrip())

    def hplat(t, source, msg):
        if START <= t < END:
            platform.add(t, f"{stamp(t)} {source}: {msg}")

    def route(t, method, path, status_code, dyno, service_ms, fwd, size, host="payouts.bellbird.fm"):
        if START <= t < END:
            rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
            router.add(t, f'{stamp(t)} heroku[router]: at=info method={method} path="{path}" host={host} request_id={rid} '
                          f'fwd="{fwd}" dyno={dyno} connect={rng.randint(0, 2)}ms service={service_ms}ms status={status_code} bytes={size} protocol=https')

    def release_of(t):
        if t < RELEASE:
            return "v211", shas["fri"]
        if t < ROLLBACK:
            return "v212", shas["head"]
        if t < FIXED:
            return "v213", shas["fri"]
        return "v214", shas["fix"]

    def detail_logged(t):
        return RELEASE <= t < ROLLBACK or t >= FIXED

    def batch_size(t):
        return 1000 if ROLLBACK <= t < FIXED else 500

    # --- background web traffic: creators' dashboard API, statement PDFs, Stripe webhooks
    def creator_ip():
        return f"{rng.randint(24, 209)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    t = START
    while t < END:
        rate = 8 if t < RUN else 17  # per minute; creators look for their money on the 15th
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        if t >= END:
            break
        dyno = rng.choice(WEB)
        x = rng.random()
        cid = f"cr_{rng.randint(100000, 999999)}"
        if x < 0.55:
            ms_ = int(rng.lognormvariate(0, 0.4) * 48)
            route(t, "GET", f"/api/v1/earnings?period={rng.choice([PERIOD, PERIOD, '2026-09'])}", 200, dyno, ms_, creator_ip(), rng.randint(900, 4200))
        elif x < 0.75:
            route(t, "GET", "/api/v1/payouts?limit=12", 200, dyno, int(rng.lognormvariate(0, 0.4) * 31), creator_ip(), rng.randint(600, 3800))
        elif x < 0.87:
            ms_ = int(rng.lognormvariate(0, 0.3) * 1450)
            route(t, "GET", f"/api/v1/statements/{PERIOD}.pdf", 200, dyno, ms_, creator_ip(), rng.randint(48000, 160000))
            slog(t - dt.timedelta(milliseconds=40), dyno, "info", "statement pdf rendered", creator=cid, period=PERIOD, ms=ms_ - 40)
        elif x < 0.95:
            route(t, "POST", "/webhooks/stripe", 200, dyno, rng.randint(8, 40), rng.choice(["54.187.174.169", "54.187.205.235", "54.241.31.99"]), 14)
            slog(t - dt.timedelta(milliseconds=5), dyno, "info", "stripe webhook", type=rng.choice(["account.updated", "customer.subscription.updated", "invoice.paid", "invoice.paid"]), livemode=True)
        else:
            route(t, "GET", "/healthz", 200, dyno, rng.randint(1, 4), "10.1.44.7", 11)

    # --- hourly worker chores
    for h in range(12, 18):
        t0 = utc(f"2026-09-15 {h:02d}:05:00")
        w = rng.choice(WORKERS)
        slog(t0, w, "info", f"Task creator_payouts.tasks.refresh_fx_rates[{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}] received")
        slog(t0 + dt.timedelta(seconds=1.3), w, "info", "fx rates refreshed", source="ecb", eur=FX["EUR"], gbp=FX["GBP"], cad=FX["CAD"], aud=FX["AUD"])
        t1 = utc(f"2026-09-15 {h:02d}:20:00")
        w = rng.choice(WORKERS)
        slog(t1, w, "info", "supporter subscriptions synced", subscriptions=rng.randint(11200, 11400), changed=rng.randint(3, 40), source="stripe_billing")
    slog(utc("2026-09-15 13:00:12"), "worker.2", "info", "certified downloads imported", day="2026-09-14", shows=rng.randint(9100, 9300), downloads=rng.randint(5400000, 5700000), filtered_pct="11.8", table="certified_downloads_daily")

    # --- releases and dyno restarts (platform)
    def dyno_restart(t, dyno, cmd):
        hplat(t, f"heroku[{dyno}]", "Restarting")
        hplat(t + dt.timedelta(milliseconds=120), f"heroku[{dyno}]", "State changed from up to starting")
        hplat(t + dt.timedelta(seconds=1, milliseconds=340), f"heroku[{dyno}]", "Stopping all processes with SIGTERM")
        hplat(t + dt.timedelta(seconds=2, milliseconds=900), f"heroku[{dyno}]", "Process exited with status 0")
        hplat(t + dt.timedelta(seconds=6, milliseconds=200), f"heroku[{dyno}]", f"Starting process with command `{cmd}`")
        hplat(t + dt.timedelta(seconds=8, milliseconds=100), f"heroku[{dyno}]", "State changed from starting to up")

    def release(t, version, sha, user, rollback_to=None):
        if rollback_to is None:
            hplat(t - dt.timedelta(seconds=118), "app[api]", f"Build started by user {user}")
            hplat(t - dt.timedelta(seconds=6), "app[api]", "Build succeeded")
            hplat(t - dt.timedelta(seconds=4), "app[api]", f"Release {version} command executed successfully")
            hplat(t, "app[api]", f"Deploy {sha[:8]} by user {user}")
            hplat(t, "app[api]", f"Release {version} created by user {user}")
        else:
            hplat(t, "app[api]", f"Rollback to {rollback_to} by user {user}")
            hplat(t, "app[api]", f"Release {version} created by user {user}")
        for k, dyno in enumerate(WEB + WORKERS):
            cmd = "gunicorn creator_payouts.wsgi --workers 3 --timeout 30" if dyno.startswith("web") else "celery -A creator_payouts worker --concurrency 2 --loglevel info"
            td = t + dt.timedelta(seconds=3 + k * 2)
            dyno_restart(td, dyno, cmd)
            ts = td + dt.timedelta(seconds=9, milliseconds=rng.randint(100, 900))
            slog(ts, dyno, "info", "creator-payouts starting", release=version, commit=sha[:8])
            if dyno.startswith("worker"):
                slog(ts + dt.timedelta(seconds=1), dyno, "info", "Connected to rediss://ec2-34-239-88-17.compute-1.amazonaws.com:21370//")
                slog(ts + dt.timedelta(seconds=2), dyno, "info", f"celery@{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)} ready.")

    release(RELEASE, "v212", shas["head"], "rhys.davies@bellbird.fm")
    release(ROLLBACK, "v213", shas["fri"], "rhys.davies@bellbird.fm", rollback_to="v211")
    release(FIXED, "v214", shas["fix"], "grace.liu@bellbird.fm")

    # --- runtime metrics (log-runtime-metrics) every minute for each dyno
    t = START + dt.timedelta(seconds=rng.randint(0, 20))
    while t < END:
        for dyno in WEB + WORKERS:
            busy = RUN <= t < RUN + dt.timedelta(minutes=4) or RETRY_FIX <= t < RETRY_FIX + dt.timedelta(minutes=3)
            base = 212 if dyno.startswith("web") else 188
            mem = base + rng.uniform(-6, 14) + (55 if busy and dyno.startswith("worker") else 0)
            hplat(t + dt.timedelta(milliseconds=rng.randint(0, 900)), f"heroku[{dyno}]",
                  f"source={dyno} dyno=heroku.28410537.{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)} "
                  f"sample#load_avg_1m={rng.uniform(0.01, 0.3) + (1.2 if busy else 0):.2f} sample#memory_total={mem:.2f}MB sample#memory_rss={mem - 9:.2f}MB "
                  f"sample#memory_cache={rng.uniform(8, 12):.2f}MB sample#memory_swap=0.00MB sample#memory_pgpgin={rng.randint(40000, 90000)}pages "
                  f"sample#memory_pgpgout={rng.randint(30000, 80000)}pages sample#memory_quota=1024.00MB")
        t += dt.timedelta(seconds=60)

    # --- add-ons: Heroku Postgres and Redis metrics, Postgres log lines
    t = START + dt.timedelta(seconds=rng.randint(0, 60))
    while t < END:
        busy = RUN <= t < RUN + dt.timedelta(minutes=5) or RETRY_FIX <= t < RETRY_FIX + dt.timedelta(minutes=4)
        addons.add(t, f"{stamp(t)} app[heroku-postgres]: source=HEROKU_POSTGRESQL_TEAL addon=postgresql-rigid-90411 sample#current_transaction={38120000 + int((t - START).total_seconds() * 3)} "
                      f"sample#db_size=18421883235bytes sample#tables=64 sample#active-connections={rng.randint(9, 16) + (14 if busy else 0)} sample#waiting-connections=0 "
                      f"sample#index-cache-hit-rate=0.99961 sample#table-cache-hit-rate=0.99874 sample#load-avg-1m={rng.uniform(0.05, 0.4) + (1.1 if busy else 0):.3f} "
                      f"sample#load-avg-5m={rng.uniform(0.05, 0.3):.3f} sample#load-avg-15m={rng.uniform(0.05, 0.2):.3f} sample#read-iops={rng.uniform(0, 30):.4f} "
                      f"sample#write-iops={rng.uniform(1, 40) + (180 if busy else 0):.4f} sample#tmp-disk-used=543600640 sample#tmp-disk-available=72435191808 "
                      f"sample#memory-total=7629748kB sample#memory-free={rng.randint(240000, 420000)}kB sample#memory-cached={rng.randint(6400000, 6700000)}kB sample#memory-postgres={rng.randint(180000, 260000)}kB sample#wal-percentage-used=0.0711")
        t2 = t + dt.timedelta(seconds=rng.randint(5, 50))
        addons.add(t2, f"{stamp(t2)} app[heroku-redis]: source=REDIS addon=redis-cylindrical-41822 sample#active-connections={rng.randint(22, 30)} sample#load-avg-1m={rng.uniform(0, 0.2):.3f} "
                       f"sample#load-avg-5m={rng.uniform(0, 0.15):.3f} sample#load-avg-15m={rng.uniform(0, 0.1):.3f} sample#read-iops=0 sample#write-iops={rng.uniform(0, 3):.4f} "
                       f"sample#memory-total=15618680kB sample#memory-free={rng.randint(11900000, 12200000)}kB sample#memory-cached={rng.randint(1800000, 1900000)}kB "
                       f"sample#memory-redis={rng.randint(4100000, 4900000) + (1900000 if busy else 0)}bytes sample#hit-rate=0.99{rng.randint(1000, 9999)} sample#evicted-keys=0")
        t += dt.timedelta(seconds=rng.uniform(55, 65) * (2 if rng.random() < 0.5 else 1))
    pgn = [0]

    def pglog(t, msg):
        pgn[0] += 1
        addons.add(t, f"{stamp(t)} app[postgres.27365]: [TEAL] [{pgn[0]}-1] sql_error_code = 00000 {msg}")

    for _ in range(9):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pglog(t, f"LOG:  duration: {rng.uniform(1100, 2900):.3f} ms  statement: SELECT \"statements\".\"id\", \"statements\".\"creator_id\", \"statements\".\"period\", \"statements\".\"total_usd\" FROM \"statements\" WHERE \"statements\".\"creator_id\" = {rng.randint(100000, 999999)} ORDER BY \"statements\".\"period\" DESC")
    pglog(RUN + dt.timedelta(seconds=17), f"LOG:  duration: 6214.338 ms  statement: INSERT INTO \"payout_items\" (\"statement_id\", \"period\", \"method\", \"currency\", \"amount\", \"status\") SELECT ...")
    for k in range(3):
        t = START + dt.timedelta(minutes=40 + k * 90, seconds=rng.randint(0, 300))
        pglog(t, "LOG:  checkpoint complete: wrote 1423 buffers (0.9%); 0 WAL file(s) added, 0 removed, 2 recycled; write=142.112 s, sync=0.003 s, total=142.130 s")

    # --- payout day: statements, items
    sched = "scheduler.7319"
    hplat(RUN - dt.timedelta(seconds=2), "app[api]", "Starting process with command `python manage.py payout_day` by user scheduler@addons.heroku.com")
    hplat(RUN, f"heroku[{sched}]", "Starting process with command `python manage.py payout_day`")
    hplat(RUN + dt.timedelta(seconds=1, milliseconds=420), f"heroku[{sched}]", "State changed from starting to up")
    rel, sha = release_of(RUN)
    slog(RUN + dt.timedelta(seconds=3), sched, "info", "creator-payouts starting", release=rel, commit=sha[:8])
    slog(RUN + dt.timedelta(seconds=4), sched, "info", "payout day", period=PERIOD, threshold_usd="25.00", creator_share="0.70")
    n_pp = sum(n for _, n in CURRENCIES)
    slog(RUN + dt.timedelta(seconds=26), sched, "info", "statements finalised", period=PERIOD, creators=n_pp + STRIPE_CREATORS + 2611,
         paypal=n_pp, stripe=STRIPE_CREATORS, below_threshold=2611, held=7, ad_impressions=412_881_204, certified_downloads=161_204_377)
    items = {}
    sid = 7_400_000
    for cur, n in CURRENCIES:
        lst = []
        for _ in range(n):
            sid += rng.randint(1, 5)
            usd = max(25.0, rng.lognormvariate(4.3, 0.9))
            lst.append({"sid": sid, "amount": round(usd * FX[cur], 2), "email_h": hexid(rng, 6)})
        items[cur] = lst

    # --- PayPal batches
    used_ids = {}      # sender_batch_id -> payout_batch_id
    failed = {cur: [] for cur, _ in CURRENCIES}
    webhooks = []      # (t, event, item or batch)

    def post_batch(t, dyno, cur, chunk_items, chunk, sbid, new_detail):
        total = sum(i["amount"] for i in chunk_items)
        tid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        slog(t - dt.timedelta(milliseconds=rng.randint(40, 120)), dyno, "info", f"Task creator_payouts.tasks.submit_paypal_chunk[{tid}] received")
        slog(t, dyno, "info", "submitting paypal batch", currency=cur, chunk=chunk, items=len(chunk_items), sender_batch_id=sbid, total=f"{total:,.2f}")
        if sbid in used_ids:
            tr = t + dt.timedelta(milliseconds=rng.randint(420, 900))
            stats["rejected"].append((tr, cur, len(chunk_items)))
            if new_detail:
                slog(tr, dyno, "error", "paypal batch failed", currency=cur, chunk=chunk, items=len(chunk_items), sender_batch_id=sbid, status=400,
                     name="USER_BUSINESS_ERROR", issue="Batch with given sender_batch_id already exists", debug_id=hexid(rng, 13))
            else:
                slog(tr, dyno, "error", "paypal batch failed", currency=cur, chunk=chunk, items=len(chunk_items), sender_batch_id=sbid, status=400)
            slog(tr + dt.timedelta(milliseconds=rng.randint(30, 90)), dyno, "warning", "payout items marked failed", currency=cur, chunk=chunk, items=len(chunk_items), reason="paypal_batch_rejected")
            slog(tr + dt.timedelta(milliseconds=rng.randint(100, 160)), dyno, "error",
                 f"Task creator_payouts.tasks.submit_paypal_chunk[{tid}] raised unexpected: HTTPStatusError(\"Client error '400 Bad Request' for url 'https://api-m.paypal.com/v1/payments/payouts'\\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/400\")")
            return tr, False
        tr = t + dt.timedelta(seconds=rng.uniform(2.5, 7.5) * len(chunk_items) / 500)
        pbid = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(13))
        used_ids[sbid] = pbid
        stats["created"].append((tr, cur, len(chunk_items)))
        slog(tr, dyno, "info", "paypal batch created", currency=cur, chunk=chunk, sender_batch_id=sbid, payout_batch_id=pbid, batch_status="PENDING")
        slog(tr + dt.timedelta(milliseconds=rng.randint(40, 200)), dyno, "info", f"Task creator_payouts.tasks.submit_paypal_chunk[{tid}] succeeded in {(tr - t).total_seconds() + 0.3:.3f}s: None")
        # PayPal processes the batch: webhooks to web dynos
        webhooks.append((tr + dt.timedelta(seconds=rng.uniform(2, 6)), "PAYMENT.PAYOUTSBATCH.PROCESSING", pbid))
        last = tr
        for it in chunk_items:
            wt = tr + dt.timedelta(seconds=rng.uniform(40, 720))
            x = rng.random()
            ev = "PAYMENT.PAYOUTS-ITEM.SUCCEEDED" if x > 0.012 else ("PAYMENT.PAYOUTS-ITEM.UNCLAIMED" if x > 0.003 else "PAYMENT.PAYOUTS-ITEM.BLOCKED")
            webhooks.append((wt, ev, {"sid": it["sid"], "pbid": pbid, "cur": cur}))
            last = max(last, wt)
        webhooks.append((last + dt.timedelta(seconds=rng.uniform(3, 20)), "PAYMENT.PAYOUTSBATCH.SUCCESS", pbid))
        return tr, True

    def run_batches(t0, todo, size, id_fn, new_detail, dynos):
        """todo: [(cur, items)]; tasks are taken by 6 worker slots in order."""
        queue = []
        for cur, lst in todo:
            parts = [lst[i:i + size] for i in range(0, len(lst), size)]
            for n, part in enumerate(parts, 1):
                queue.append((cur, part, f"{n}/{len(parts)}"))
        slots = [t0 + dt.timedelta(milliseconds=150 * k + rng.randint(0, 60)) for k in range(6)]
        out = []
        last = t0
        for cur, part, chunk in queue:
            k = min(range(6), key=lambda s: slots[s])
            t = max(slots[k], last) + dt.timedelta(milliseconds=rng.randint(20, 90))
            last = t
            done, ok = post_batch(t, dynos[k % len(dynos)], cur, part, chunk, id_fn(cur, part), new_detail)
            slots[k] = done + dt.timedelta(milliseconds=rng.randint(200, 500))
            out.append((cur, part, ok))
        return out

    # payout day on v212: chunks of 500, bb-<period>-<currency>
    for q, (cur, _) in enumerate(CURRENCIES):
        lst = items[cur]
        parts = (len(lst) + 499) // 500
        slog(RUN + dt.timedelta(seconds=28, milliseconds=60 * q + rng.randint(0, 50)), sched, "info", "paypal payouts queued", currency=cur, items=len(lst), chunks=parts,
             total=f"{sum(i['amount'] for i in lst):,.2f}")
    slog(RUN + dt.timedelta(seconds=29), sched, "info", "stripe transfers queued", transfers=STRIPE_CREATORS, total_usd=f"{STRIPE_CREATORS * 412.37:,.2f}")
    hplat(RUN + dt.timedelta(seconds=31), f"heroku[{sched}]", "Process exited with status 0")
    hplat(RUN + dt.timedelta(seconds=31, milliseconds=90), f"heroku[{sched}]", "State changed from up to complete")
    res = run_batches(RUN + dt.timedelta(seconds=30), [(cur, items[cur]) for cur, _ in CURRENCIES], 500,
                      lambda cur, part: f"bb-{PERIOD}-{cur}", True, ["worker.1", "worker.2", "worker.3", "worker.1", "worker.2", "worker.3"])
    for cur, part, ok in res:
        if not ok:
            failed[cur].extend(part)
    stats["first_reject"] = min(t for t, _, _ in stats["rejected"])
    stats["n_rejected_run"] = len(stats["rejected"])
    n_failed = sum(len(v) for v in failed.values())
    stats["n_failed"] = n_failed

    # Stripe transfers, run by the workers after the PayPal chunks
    t = RUN + dt.timedelta(seconds=44)
    for _ in range(STRIPE_CREATORS):
        t += dt.timedelta(milliseconds=rng.randint(180, 520))
        amt = max(25.0, rng.lognormvariate(5.6, 0.8))
        slog(t, rng.choice(WORKERS), "info", "stripe transfer created", creator=f"cr_{rng.randint(100000, 999999)}", amount=f"{amt:.2f}", currency="usd",
             destination=f"acct_1{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(15))}",
             transfer=f"tr_3{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(23))}")
        if rng.random() < 0.006:
            slog(t + dt.timedelta(milliseconds=300), rng.choice(WORKERS), "warning", "stripe transfer failed", code="account_restricted", creator=f"cr_{rng.randint(100000, 999999)}")

    # retry on v211 (rolled back): chunks of 1000, same ids, no detail
    run_id = "run.4821"
    hplat(RETRY_OLD - dt.timedelta(seconds=3), "app[api]", "Starting process with command `python manage.py retry_payouts --period 2026-08` by user rhys.davies@bellbird.fm")
    hplat(RETRY_OLD - dt.timedelta(seconds=2), f"heroku[{run_id}]", "Starting process with command `python manage.py retry_payouts --period 2026-08`")
    hplat(RETRY_OLD - dt.timedelta(seconds=1), f"heroku[{run_id}]", "State changed from starting to up")
    for cur, _ in CURRENCIES:
        if failed[cur]:
            slog(RETRY_OLD + dt.timedelta(seconds=1), run_id, "info", "retrying failed payout items", currency=cur, items=len(failed[cur]), chunks=(len(failed[cur]) + 999) // 1000, period=PERIOD)
    hplat(RETRY_OLD + dt.timedelta(seconds=3), f"heroku[{run_id}]", "Process exited with status 0")
    run_batches(RETRY_OLD + dt.timedelta(seconds=2), [(cur, failed[cur]) for cur, _ in CURRENCIES if failed[cur]], 1000,
                lambda cur, part: f"bb-{PERIOD}-{cur}", False, ["worker.2", "worker.3", "worker.1"])

    # retry on v214 (fixed): chunks of 500, an id per chunk
    run_id = "run.5160"
    hplat(RETRY_FIX - dt.timedelta(seconds=3), "app[api]", "Starting process with command `python manage.py retry_payouts --period 2026-08` by user grace.liu@bellbird.fm")
    hplat(RETRY_FIX - dt.timedelta(seconds=2), f"heroku[{run_id}]", "Starting process with command `python manage.py retry_payouts --period 2026-08`")
    hplat(RETRY_FIX - dt.timedelta(seconds=1), f"heroku[{run_id}]", "State changed from starting to up")
    for cur, _ in CURRENCIES:
        if failed[cur]:
            slog(RETRY_FIX + dt.timedelta(seconds=1), run_id, "info", "retrying failed payout items", currency=cur, items=len(failed[cur]), chunks=(len(failed[cur]) + 499) // 500, period=PERIOD)
    hplat(RETRY_FIX + dt.timedelta(seconds=3), f"heroku[{run_id}]", "Process exited with status 0")

    def fixed_id(cur, part):
        ids = ",".join(str(i["sid"]) for i in sorted(part, key=lambda i: i["sid"]))
        return f"bb-{PERIOD}-{cur}-{hashlib.sha256(ids.encode()).hexdigest()[:12]}"

    run_batches(RETRY_FIX + dt.timedelta(seconds=2), [(cur, failed[cur]) for cur, _ in CURRENCIES if failed[cur]], 500, fixed_id, True,
                ["worker.1", "worker.2", "worker.3", "worker.1", "worker.2", "worker.3"])

    # webhooks from PayPal to the web dynos
    paypal_ips = ["173.0.81.140", "173.0.81.1", "173.0.80.116", "64.4.240.116"]
    for wt, ev, obj in sorted(webhooks, key=lambda w: w[0]):
        dyno = rng.choice(WEB)
        ms_ = rng.randint(14, 70)
        route(wt, "POST", "/webhooks/paypal", 200, dyno, ms_, rng.choice(paypal_ips), 16)
        if isinstance(obj, dict):
            slog(wt - dt.timedelta(milliseconds=ms_ // 2), dyno, "info", "paypal webhook", event=ev, sender_item_id=f"st-{obj['sid']}",
                 payout_item_id=f"{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(13))}", payout_batch_id=obj["pbid"])
            if ev.endswith("SUCCEEDED"):
                stats["succeeded"].append((wt, obj["cur"]))
        else:
            slog(wt - dt.timedelta(milliseconds=ms_ // 2), dyno, "info", "paypal webhook", event=ev, payout_batch_id=obj)

    # --- PayPal status, as the team's status bot polls it
    def pstat(t, **body):
        if START <= t < END:
            status.add(t, json.dumps({"polled_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "status.paypal.com", **body}, ensure_ascii=False))

    t = START
    while t < END:
        pstat(t, component="Payouts", region="Global", status="operational", active_incidents=0,
              maintenances=["Sandbox: scheduled maintenance 14:00-16:00 UTC"] if utc("2026-09-15 13:30:00") <= t < utc("2026-09-15 16:05:00") else [])
        t += dt.timedelta(minutes=10)
    pstat(utc("2026-09-15 14:00:40"), component="Sandbox", region="Global", status="under_maintenance", event="maintenance_started",
          title="Scheduled maintenance: PayPal Sandbox (developer.paypal.com)", body="Sandbox APIs may return errors or be unavailable for short periods. Live environment is not affected.")
    pstat(utc("2026-09-15 15:58:10"), component="Sandbox", region="Global", status="operational", event="maintenance_completed",
          title="Scheduled maintenance: PayPal Sandbox (developer.paypal.com)", body="The scheduled maintenance has been completed.")

    # --- Slack #payouts
    users = {"payouts-bot": "B02PAYB0T", "sentry": "B01SNTRY1", "rhys.davies": "U02RD4K8Q", "grace.liu": "U03GL7M2W", "tomas.aguilar": "U04TA1P9X",
             "nadia.hassan": "U02NH5R3Z", "ellie.ward (finance ops)": "U05EW8T6B", "sam.okoro (creator support)": "U06SO2V4C"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "payouts", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fr = stats["first_reject"]
    usd_failed = len(failed["USD"])
    eur_failed = len(failed["EUR"])
    say(utc("2026-09-15 13:02:00"), "ellie.ward (finance ops)", "Morning! Payout day: August statements look right to finance, PayPal balance topped up (USD/EUR/GBP/CAD/AUD), Stripe balance fine")
    say(utc("2026-09-15 14:24:40"), "rhys.davies", "deploying v212 before the run: PayPal's error detail in the logs (PAY-219), batches of 500 + 90s read timeout as PayPal support suggested after August (PAY-221), httpx 0.28.1")
    say(RELEASE + dt.timedelta(minutes=2, seconds=10), "rhys.davies", "v212 is up, dynos healthy")
    say(utc("2026-09-15 14:41:00"), "tomas.aguilar", "fyi paypal sandbox is in maintenance until 16:00, don't try anything against sandbox today")
    say(RUN + dt.timedelta(seconds=33), "payouts-bot", f"Payout day {PERIOD} started: {n_pp:,} PayPal items in 5 currencies, {STRIPE_CREATORS} Stripe transfers")
    say(fr + dt.timedelta(seconds=75), "sentry", f"HTTPStatusError: Client error '400 Bad Request' for url 'https://api-m.paypal.com/v1/payments/payouts' (creator_payouts.tasks.submit_paypal_chunk) - new issue, {stats['n_rejected_run']} events")
    say(fr + dt.timedelta(minutes=3, seconds=30), "nadia.hassan", f"on it. PayPal refused {stats['n_rejected_run']} of the 10 batches with 400 USER_BUSINESS_ERROR 'Batch with given sender_batch_id already exists'. USD chunk 1/5 created, 2-5 refused; EUR 1/2 created, 2/2 refused; GBP CAD AUD fine")
    say(fr + dt.timedelta(minutes=5), "nadia.hassan", f"{usd_failed + eur_failed:,} items marked FAILED ({usd_failed:,} USD, {eur_failed} EUR). status.paypal.com: live Payouts operational, only the sandbox maintenance")
    say(fr + dt.timedelta(minutes=7), "rhys.davies", "'already exists' means PayPal thinks we sent the same batch twice. v212 went out half an hour ago with the 90s timeout and the httpx bump, the tasks retry on timeout now... that's August again. rolling back to v211")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=30), "rhys.davies", "rolled back to v211 (v213). dynos up")
    say(ROLLBACK + dt.timedelta(minutes=4), "ellie.ward (finance ops)", "PayPal dashboard shows exactly one USD batch (500 items) and one EUR batch (500) from today, plus GBP CAD AUD. no duplicates, nobody paid twice")
    say(ROLLBACK + dt.timedelta(minutes=8), "sam.okoro (creator support)", "creators are asking where August is, 30+ tickets and a thread on the creators forum. what do we tell them?")
    say(RETRY_OLD - dt.timedelta(minutes=1), "rhys.davies", "retrying the failed items on v211: heroku run python manage.py retry_payouts --period 2026-08")
    say(RETRY_OLD + dt.timedelta(minutes=1, seconds=30), "rhys.davies", "all refused again, 400 on every chunk. and v211 only logs the status code")
    say(RETRY_OLD + dt.timedelta(minutes=5), "nadia.hassan", "so not the release. the rejected chunks all carry the same sender_batch_id as the created one: bb-2026-08-USD. is that id per currency?")
    say(RETRY_OLD + dt.timedelta(minutes=9), "grace.liu", "morning, reading. oh no. PAY-212 (last Wednesday): I made the id bb-<period>-<currency> so a retried batch is rejected instead of paid twice. but tasks.py splits a currency into chunks, so every chunk after the first is a 'duplicate'. staging has 60 creators, one chunk per currency, it passed")
    say(RETRY_OLD + dt.timedelta(minutes=11), "grace.liu", "it's been live since Friday's v211, so the rollback kept it. fix: an id per chunk, from its statement ids (stable for a retry of the same chunk). PR in 20 min")
    say(RETRY_OLD + dt.timedelta(minutes=13), "sam.okoro (creator support)", "posting 'August payouts for some creators are delayed by a few hours, nothing to do on your side'")
    say(utc("2026-09-15 16:21:00"), "grace.liu", "PAY-226 merged (tests: two chunks of one currency get different ids). deploying v214")
    say(FIXED + dt.timedelta(minutes=2), "grace.liu", "v214 up. retrying")
    say(RETRY_FIX + dt.timedelta(minutes=2), "grace.liu", f"5 batches created, {usd_failed + eur_failed:,} items, PayPal processing them")
    say(utc("2026-09-15 16:54:00"), "ellie.ward (finance ops)", "PayPal shows all of August paid out except the usual unclaimed/blocked handful. thanks all")
    say(utc("2026-09-15 16:58:00"), "nadia.hassan", "closing the incident. postmortem Thursday: staging payout run with more than one chunk per currency, and v212 goes back out tomorrow")
    return [app, router, platform, addons, status, slack], stats


def build(out_dir):
    rng = random.Random(52100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_reject"].replace(microsecond=0)
        assert utc("2026-09-15 15:00:30") <= onset <= utc("2026-09-15 15:01:30"), onset
        culprit_at = utc("2026-09-09 21:40:00")
        age = onset - culprit_at

        def per_min(events, t, cur=None):
            return sum(n for e, c, n in events if t - dt.timedelta(minutes=1) < e <= t and (cur is None or c == cur))

        metrics = {
            "paypal_payout_items_per_min.json": query_range(
                [({"app": "creator-payouts", "result": "batch_created"}, lambda t: per_min(stats["created"], t)),
                 ({"app": "creator-payouts", "result": "batch_rejected"}, lambda t: per_min(stats["rejected"], t)),
                 ({"app": "creator-payouts", "result": "item_succeeded"}, lambda t: sum(1 for e, _ in stats["succeeded"] if t - dt.timedelta(minutes=1) < e <= t))],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="r52-payout-sender-batch-id", service=SERVICE, onset=onset,
            description=f"""
Bellbird's creator payouts for August go out short on Tuesday 15 September:
the payout day job starts at 15:00 UTC and from {onset.strftime('%H:%M:%S')} PayPal refuses
most of the USD and EUR batches ("400"); {stats['n_failed']:,} creators are not paid.
A creator-payouts release (v212) had gone out at 14:29; a rollback at
15:14 and a retry of the failed items at 15:25 did not help. A fix (v214)
is deployed at 16:29 and the retry at 16:34 pays everyone.
""",
            logs=logs, line_formats={"heroku-app.log": r'<Time> app\[<Dyno>\]: \[<Level>\s*\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"paypal batch failed .*Batch with given sender_batch_id already exists",
                r"submitting paypal batch .*sender_batch_id=",
            ],
            fix_files=["creator_payouts/paypal_batches.py"],
            explanation=f"""
The culprit is PAY-212 ("paypal: deterministic sender_batch_id, retry a
batch on timeout"), committed on Wednesday 9 September at 21:40 UTC and
shipped in Friday's release v211 (whose Heroku deploy names PAY-214, a
later statements commit), {age.days} days {age.seconds // 3600} hours before the onset. After August's
double payment it makes the PayPal sender_batch_id bb-<period>-<currency>
so that a retried batch is rejected instead of paid twice; but tasks.py
sends a currency in chunks, and PayPal refuses a sender_batch_id it has
seen in the last 30 days. Nothing shows until the monthly payout day:
the first chunk of each currency is created and every other chunk of USD
and EUR is refused ("submitting paypal batch ... chunk=2/5 ...
sender_batch_id=bb-2026-08-USD", "paypal batch failed ... issue=Batch
with given sender_batch_id already exists ... name=USER_BUSINESS_ERROR
status=400"). GBP, CAD and AUD fit in one chunk and are paid; so are the
Stripe transfers. The fix derives the id from each chunk's statements in
creator_payouts/paypal_batches.py (a revert of the culprit touches it too).
Decoys: release v212 at 14:29, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (PAY-219, which adds
PayPal's name, issue and debug_id to the very "paypal batch failed" line;
PAY-221, batches of 500 instead of 1,000 and a read timeout of 90 s
instead of 30 s in settings.py; the httpx bump), rolled back to v211 at
15:14 without effect (v211 holds the culprit; the detail vanishes from the
lines, and the retry on v211 in chunks of 1,000 is refused again); the
harmless PAY-216 to the culprit's file the day before; PAY-205 and
PAY-214 in the statements; the docs and runbook commits (the runbook
says to check PayPal's status first); PayPal's sandbox maintenance on its
status page that afternoon; Stripe transfers for restricted accounts,
unclaimed PayPal items and slow statement queries.
""",
        )
    finally:
        repo.close()
