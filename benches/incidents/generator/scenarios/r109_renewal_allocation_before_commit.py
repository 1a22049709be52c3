"""roastline is the order and production service of Kiln & Crow, a coffee
roastery in Bristol (a 35 kg roaster, green coffee lots from importers'
warehouses, a webshop, wholesale and about 2,600 subscriptions, weekly or
fortnightly). It is a Django service with Celery workers (Redis broker) on a
small Kubernetes cluster synced by Argo CD. Subscriptions are roasted on
Monday: Celery beat starts the weekly renewal run on Sunday at 20:00 UTC,
every subscription due is charged off-session through Stripe and gets an
order, and the fulfilment workers' allocate_order reserves the green coffee
from a lot and puts the bags on Monday's roast plan, which the head roaster
freezes at 05:00.

Wednesday 25 February 2026, 10:52 GMT: SUB-231 (Ines Carvalho) splits the
renewal run, a single task that took 70 minutes, into chunks of 100
subscriptions renewed by renew_chunk tasks two at a time, each chunk in one
transaction ("a chunk that dies half-way is rolled back whole and retried;
the charges are idempotent"). It also enqueues allocate_order directly
instead of with transaction.on_commit ("on_commit would hold all of a
chunk's allocations until the chunk commits"). The allocation task reads
the order, which its chunk's transaction has not committed yet: a chunk
takes about two and a half minutes and the worker picks the task up in
milliseconds, so Order.DoesNotExist, which the task does not retry. The
tests run Celery eagerly inside the test's transaction, and the web
checkout, unchanged, still enqueues on commit; nothing fails until Sunday's
run.

Sunday 1 March: 4.12.0 (Friday; SUB-231, GRN-88 FEFO lot allocation,
SUB-236 which logs allocation failures at ERROR with the order id, the very
line that fills the log, a Celery bump) and 4.12.1 (SHOP-140, a promo code
fix, synced at 19:26, named by the start-up lines) run. From 20:00 every
renewal's allocation fails ("order allocation failed ... DoesNotExist: Order
matching query does not exist."), Stripe's payment_intent.succeeded
webhooks find no order (404, retried) while the chunks are open. Tom (on
call) is paged at 20:04, reads the runbook (task failures after a release:
roll back; InsufficientGreen: a lot ran out) and rolls back to 4.12.0,
which holds the culprit, at 20:12, without effect: the restarted renewals
worker's chunk is rolled back and renewed again and its allocations fail
as well. Ines sees that the failed order ids exist in the database, that
the failures come seconds after "renewed subscription" and before
"renewal chunk ... committed", and git log of renewals.py shows SUB-231.
SUB-240 (4.12.2, synced 21:31) enqueues on commit again; at 21:40 Tom
re-enqueues the unallocated renewal orders and the 22:00 roast plan
preview is whole again. Marta, the head roaster, had asked at 21:02 why
Monday's plan showed a fifth of the usual coffee.

Sources: the fulfilment workers and the renewals worker (Celery's log
format, line format), Celery beat (line format), the web app
(python-json-logger), ingress-nginx access, PostgreSQL, Argo CD (logfmt),
#roastline-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from formats import postgres
from skeletons import chores, k8s_deployment, k8s_service, python_service, runbook

SERVICE = "roastline"
START, END = utc("2026-03-01 18:30:00"), utc("2026-03-01 22:30:00")
RUN = utc("2026-03-01 20:00:00")

TOM = Person("Tom Ashby", "tom@kilnandcrow.coffee", 0)
INES = Person("Ines Carvalho", "ines@kilnandcrow.coffee", 0)
DEV = Person("Dev Patel", "dev@kilnandcrow.coffee", 0)
BOT = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

RENEWALS_PY = '''"""Weekly subscription renewals. Celery beat starts run_renewals on Sunday at
20:00 UTC; every active subscription due for Monday's roast is charged
off-session (Stripe, idempotency key subscription + cycle) and gets an
order. The order's allocation (green coffee reserved from a lot, bags on
Monday's roast plan) runs in the fulfilment workers: allocate_order reads
the order, so it is enqueued once the renewal's transaction has committed."""

import logging

from django.db import transaction

from fulfilment.tasks import allocate_order
from shop.models import Order
from subscriptions import payments
from subscriptions.models import Subscription

log = logging.getLogger(__name__)


def due(now):
    return list(Subscription.objects.filter(status="active", next_renewal__lte=now)
                .order_by("id").values_list("id", flat=True))


def renew(sub_id, now):
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=sub_id)
        try:
            intent = payments.charge(sub)
        except payments.Declined as err:
            sub.mark_past_due(err.code)
            log.warning("charge declined subscription %s code=%s decline_code=%s; retry in 48h",
                        sub.pk, err.code, err.decline_code)
            return None
        order = Order.objects.create_for_subscription(sub, intent)
        sub.advance(now)
        transaction.on_commit(lambda: allocate_order.delay(order.pk))
    log.info("renewed subscription %s order=%s plan=%s amount=%s pi=%s",
             sub.pk, order.number, sub.plan.code, order.total, intent.id)
    return order
'''

SUB_TASKS_PY = '''import logging

from celery import shared_task
from django.utils import timezone

from subscriptions import renewals

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_renewals():
    now = timezone.now()
    ids = renewals.due(now)
    log.info("renewal run: %d subscriptions due", len(ids))
    renewed = declined = 0
    for sub_id in ids:
        if renewals.renew(sub_id, now) is None:
            declined += 1
        else:
            renewed += 1
    log.info("renewal run finished: renewed=%d declined=%d", renewed, declined)
'''

FULFIL_TASKS_PY = '''import logging

from celery import shared_task
from django.db import OperationalError

from fulfilment import allocation
from shop.models import Order

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def allocate_order(order_id):
    order = Order.objects.select_related("customer").get(pk=order_id)
    plan = allocation.allocate(order)
    log.info("order allocated order=%s bags=%d roast_day=%s lots=%s",
             order.number, plan.bags, plan.roast_day, plan.lots_summary())
'''

ALLOCATION_PY = '''"""Green coffee for an order: each bag's roasted weight over the coffee's
roast loss, reserved from the coffee's lots (oldest arrival first), and the
bags put on the next roast day's plan."""

from dataclasses import dataclass

from django.db import transaction

from green.models import Lot
from planning.models import PlanLine, next_roast_day


class InsufficientGreen(Exception):
    pass


@dataclass
class Allocation:
    roast_day: object
    bags: int
    reserved: list

    def lots_summary(self):
        return ",".join(f"{lot.code}:{kg:.2f}kg" for lot, kg in self.reserved)


def green_kg(item):
    return item.roasted_kg / (1 - item.coffee.roast_loss)


@transaction.atomic
def allocate(order):
    day = next_roast_day(order.placed_at)
    reserved, bags = [], 0
    for item in order.items.select_related("coffee"):
        need = green_kg(item)
        for lot in Lot.objects.select_for_update().filter(coffee=item.coffee, available_kg__gt=0).order_by("arrived"):
            take = min(need, lot.available_kg)
            lot.reserve(take, order)
            reserved.append((lot, take))
            need -= take
            if need <= 0:
                break
        if need > 0:
            raise InsufficientGreen(item.coffee.code)
        PlanLine.objects.add(day, item)
        bags += item.quantity
    return Allocation(day, bags, reserved)
'''

PRICING_PY = '''"""Subscription prices: the plan's price per box, a promo code's discount on
the boxes it applies to, free delivery over a plan's threshold."""

from decimal import Decimal

from shop.models import PromoCode


def box_price(sub, cycle):
    price = sub.plan.price
    promo = sub.promo_code and PromoCode.objects.filter(code=sub.promo_code, active=True).first()
    if promo and promo.applies_to_cycle(cycle):
        price = price * (1 - promo.percent / Decimal(100))
    return price.quantize(Decimal("0.01"))
'''

CELERY_PY = '''import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roastline.settings.production")
app = Celery("roastline")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.task_routes = {"subscriptions.tasks.*": {"queue": "renewals"}}
app.conf.beat_schedule = {
    "weekly-renewals": {"task": "subscriptions.tasks.run_renewals", "schedule": crontab(minute=0, hour=20, day_of_week="sun")},
    "roast-plan-preview": {"task": "planning.tasks.preview_roast_plan", "schedule": crontab(minute=0)},
    "tracking-sync": {"task": "shop.tasks.sync_tracking", "schedule": 60.0},
    "green-stock": {"task": "green.tasks.refresh_stock", "schedule": 300.0},
}
'''

TEST_SETTINGS = '''from roastline.settings.base import *  # noqa

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DATABASES["default"]["NAME"] = "roastline_test"  # noqa: F405
'''

TEST_RENEWALS = '''from django.utils import timezone

from fulfilment.models import Reservation
from subscriptions import renewals


def test_renewal_creates_an_allocated_order(db, subscription, stripe_ok, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = renewals.renew(subscription.pk, timezone.now())
    assert order.total == subscription.plan.price
    assert Reservation.objects.filter(order=order).exists()


def test_declined_card_marks_past_due(db, subscription, stripe_declined):
    assert renewals.renew(subscription.pk, timezone.now()) is None
    subscription.refresh_from_db()
    assert subscription.status == "past_due"
'''


def k8s_worker(name, queue, concurrency, replicas):
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
      terminationGracePeriodSeconds: 30
      containers:
        - name: worker
          image: registry.internal/roastline:latest
          command: ["celery", "-A", "roastline", "worker", "-Q", "{queue}", "--concurrency", "{concurrency}", "-l", "INFO"]
          envFrom:
            - secretRef:
                name: roastline
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 512Mi
"""


def build_repo():
    repo = Repo()
    rng = random.Random(109001)
    shas = {}
    files = python_service(SERVICE, "roastline", "Orders, subscriptions, green coffee and roast plans for Kiln & Crow", port=8000)
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        '"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "django==5.0.6", "celery[redis]==5.3.6", "psycopg[binary]==3.1.19", "stripe==9.6.0", "gunicorn==22.0.0", "python-json-logger==2.0.7"]')
    files.update({
        "roastline/__init__.py": 'from roastline.celery import app as celery_app\n\n__version__ = "4.11.2"\n__all__ = ["celery_app"]\n',
        "roastline/celery.py": CELERY_PY,
        "roastline/settings/test.py": TEST_SETTINGS,
        "subscriptions/renewals.py": RENEWALS_PY,
        "subscriptions/tasks.py": SUB_TASKS_PY,
        "subscriptions/pricing.py": PRICING_PY,
        "fulfilment/tasks.py": FULFIL_TASKS_PY,
        "fulfilment/allocation.py": ALLOCATION_PY,
        "tests/test_renewals.py": TEST_RENEWALS,
        "k8s/web.yaml": k8s_deployment("roastline-web", 8000, replicas=2, memory="768Mi", cpu="500m", env={"DJANGO_SETTINGS_MODULE": "roastline.settings.production"}),
        "k8s/worker.yaml": k8s_worker("roastline-worker", "celery", 8, 2),
        "k8s/worker-renewals.yaml": k8s_worker("roastline-renewals", "renewals", 1, 1),
        "k8s/service.yaml": k8s_service("roastline-web", 8000),
        "k8s/kustomization.yaml": 'resources:\n  - web.yaml\n  - worker.yaml\n  - worker-renewals.yaml\n  - beat.yaml\n  - service.yaml\nimages:\n  - name: registry.internal/roastline\n    newName: ghcr.io/kilnandcrow/roastline\n    newTag: "4.11.2"\n',
        "k8s/beat.yaml": k8s_worker("roastline-beat", "celery", 1, 1).replace('"worker", "-Q", "celery", "--concurrency", "1"', '"beat"'),
        "CHANGELOG.md": "# Changelog\n\n## 4.11.2\n\n- Gift subscriptions: message on the packing slip.\n",
        "docs/runbook.md": runbook(SERVICE, [
            ("RoastlineWebErrors", "5xx above 2 % for 5 minutes on the webshop. Check ingress-nginx and the\nweb pods; Stripe's status page for checkout errors."),
            ("RoastPlanNotFrozen", "The head roaster freezes Monday's plan at 05:00. If the preview looks\nwrong the evening before, ask in #roastline-ops before anyone re-runs\nthe renewals (charges are idempotent per cycle, orders are not)."),
        ]),
    })
    repo.commit(utc("2026-02-16 10:05:00"), TOM, "roastline 4.11.2: import from the old repo (orders, subscriptions, green lots, roast plans)", files)
    repo.schedule(chores(rng, SERVICE, [TOM, INES, DEV], utc("2026-02-16 12:00:00"), utc("2026-02-27 17:00:00"), 4))
    repo.commit(utc("2026-02-18 06:12:00"), BOT, "Bump django from 5.0.6 to 5.0.7", {
        "pyproject.toml": repo.edit("pyproject.toml", '"django==5.0.6"', '"django==5.0.7"'),
    })
    repo.commit(utc("2026-02-19 11:31:00"), DEV, "green: roast loss per lot, not per coffee (GRN-81)\n\nThe new Yirgacheffe natural loses 17.5 %, the washed lot before it 15 %;\none figure per coffee under-reserved green for the natural.", {
        "fulfilment/allocation.py": repo.edit("fulfilment/allocation.py", "def green_kg(item):\n    return item.roasted_kg / (1 - item.coffee.roast_loss)\n",
                                              "def green_kg(item, lot):\n    return item.roasted_kg / (1 - lot.roast_loss)\n").replace(
            "        need = green_kg(item)\n        for lot in", "        need = None\n        for lot in").replace(
            "            take = min(need, lot.available_kg)\n", "            if need is None:\n                need = green_kg(item, lot)\n            take = min(need, lot.available_kg)\n").replace(
            "        if need > 0:\n", "        if need is None or need > 0:\n"),
    })
    shas["rel_4113"] = repo.commit(utc("2026-02-20 15:20:00"), TOM, "release 4.11.3", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.11.2"', '"4.11.3"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.2"', 'newTag: "4.11.3"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.11.3\n\n- Roast loss per green lot (GRN-81).\n- Django 5.0.7.\n"),
    })
    # the culprit
    culprit_renewals = repo.edit("subscriptions/renewals.py", '''def renew(sub_id, now):
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=sub_id)
        try:
            intent = payments.charge(sub)
        except payments.Declined as err:
            sub.mark_past_due(err.code)
            log.warning("charge declined subscription %s code=%s decline_code=%s; retry in 48h",
                        sub.pk, err.code, err.decline_code)
            return None
        order = Order.objects.create_for_subscription(sub, intent)
        sub.advance(now)
        transaction.on_commit(lambda: allocate_order.delay(order.pk))
    log.info("renewed subscription %s order=%s plan=%s amount=%s pi=%s",
             sub.pk, order.number, sub.plan.code, order.total, intent.id)
    return order
''', '''CHUNK = 100


def chunks(ids, size=CHUNK):
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def renew_chunk(sub_ids, now):
    """Renews a chunk of subscriptions in one transaction: a chunk that dies
    half-way (a worker restart, a deploy) is rolled back whole and retried,
    and the retried charges are no-ops (idempotency key subscription +
    cycle). Returns (renewed, declined)."""
    renewed = declined = 0
    with transaction.atomic():
        for sub_id in sub_ids:
            sub = Subscription.objects.select_for_update().get(pk=sub_id)
            try:
                intent = payments.charge(sub)
            except payments.Declined as err:
                sub.mark_past_due(err.code)
                log.warning("charge declined subscription %s code=%s decline_code=%s; retry in 48h",
                            sub.pk, err.code, err.decline_code)
                declined += 1
                continue
            order = Order.objects.create_for_subscription(sub, intent)
            sub.advance(now)
            # Enqueue as we go: on_commit would hold all of a chunk's
            # allocations until the chunk commits and hand them to the
            # workers at once.
            allocate_order.delay(order.pk)
            log.info("renewed subscription %s order=%s plan=%s amount=%s pi=%s",
                     sub.pk, order.number, sub.plan.code, order.total, intent.id)
            renewed += 1
    return renewed, declined
''')
    shas["culprit"] = repo.commit(utc("2026-02-25 10:52:00"), INES, "renewals: renew in chunks of 100, two at a time (SUB-231)\n\nThe run renewed one subscription after another and took 70 minutes last\nSunday; the roast plan preview at 21:00 was half empty while it ran.\nrun_renewals now splits the due subscriptions into chunks and renew_chunk\ntasks renew them on the renewals queue (concurrency 2, within Stripe's\nrate limit). A chunk is one transaction, so a worker restart leaves no\nhalf-renewed chunk; Stripe's idempotency keys make the retried charges\nno-ops.", {
        "subscriptions/renewals.py": culprit_renewals,
        "subscriptions/tasks.py": '''import logging

from celery import shared_task
from django.utils import timezone

from subscriptions import renewals

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_renewals():
    now = timezone.now()
    ids = renewals.due(now)
    parts = renewals.chunks(ids)
    log.info("renewal run: %d subscriptions due, %d chunks of %d", len(ids), len(parts), renewals.CHUNK)
    for n, part in enumerate(parts, 1):
        renew_chunk.delay(part, now.isoformat(), n, len(parts))


@shared_task(acks_late=True)
def renew_chunk(sub_ids, now, n, total):
    renewed, declined = renewals.renew_chunk(sub_ids, timezone.datetime.fromisoformat(now))
    log.info("renewal chunk %d/%d committed: renewed=%d declined=%d", n, total, renewed, declined)
    return renewed
''',
        "k8s/worker-renewals.yaml": repo.edit("k8s/worker-renewals.yaml", '"--concurrency", "1"', '"--concurrency", "2"'),
        "tests/test_renewals.py": TEST_RENEWALS.replace("""def test_renewal_creates_an_allocated_order(db, subscription, stripe_ok, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = renewals.renew(subscription.pk, timezone.now())
    assert order.total == subscription.plan.price
    assert Reservation.objects.filter(order=order).exists()
""", """def test_renewal_creates_an_allocated_order(db, subscription, stripe_ok):
    assert renewals.renew_chunk([subscription.pk], timezone.now()) == (1, 0)
    assert Reservation.objects.filter(order__subscription=subscription).exists()


def test_chunks_of_100():
    assert [len(c) for c in renewals.chunks(list(range(250)))] == [100, 100, 50]
""").replace("    assert renewals.renew(subscription.pk, timezone.now()) is None\n", "    assert renewals.renew_chunk([subscription.pk], timezone.now()) == (0, 1)\n"),
    })
    repo.commit(utc("2026-02-26 09:41:00"), DEV, "allocation: reserve from the lot that expires first (GRN-88)\n\nFirst expired, first out: the lots' best-before from the importer's\ncontract, arrival as the tie-break. Two Colombian lots arrived in\nthe wrong order and the older one aged in the warehouse.", {
        "fulfilment/allocation.py": repo.edit("fulfilment/allocation.py", '.order_by("arrived")', '.order_by("best_before", "arrived")').replace(
            "reserved from the coffee's lots (oldest arrival first)", "reserved from the coffee's lots (first expired, first out)"),
    })
    repo.commit(utc("2026-02-26 11:18:00"), TOM, "fulfilment: log allocation failures with the order id (SUB-236)\n\nCelery's 'raised unexpected' line has the task id, not the order; the\nroasters ask which order it was every time.", {
        "fulfilment/tasks.py": repo.edit("fulfilment/tasks.py", '''def allocate_order(order_id):
    order = Order.objects.select_related("customer").get(pk=order_id)
    plan = allocation.allocate(order)
''', '''def allocate_order(order_id):
    try:
        order = Order.objects.select_related("customer").get(pk=order_id)
        plan = allocation.allocate(order)
    except OperationalError:
        raise
    except Exception as exc:
        log.error("order allocation failed order_id=%s error=%s: %s", order_id, type(exc).__name__, exc)
        raise
'''),
    })
    repo.commit(utc("2026-02-26 14:36:00"), INES, "renewals: log the plan's roast day with each renewal (SUB-234)", {
        "subscriptions/renewals.py": repo.edit("subscriptions/renewals.py", '''            log.info("renewed subscription %s order=%s plan=%s amount=%s pi=%s",
                     sub.pk, order.number, sub.plan.code, order.total, intent.id)
''', '''            log.info("renewed subscription %s order=%s plan=%s amount=%s pi=%s roast_day=%s",
                     sub.pk, order.number, sub.plan.code, order.total, intent.id, order.roast_day)
'''),
    })
    repo.commit(utc("2026-02-27 06:03:00"), BOT, "Bump celery[redis] from 5.3.6 to 5.4.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"celery[redis]==5.3.6"', '"celery[redis]==5.4.0"'),
    })
    shas["rel_4120"] = repo.commit(utc("2026-02-27 15:40:00"), TOM, "release 4.12.0", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.11.3"', '"4.12.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.3"', 'newTag: "4.12.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.12.0\n\n- Renewals in chunks of 100, two at a time (SUB-231).\n- Green reserved first expired, first out (GRN-88).\n- Allocation failures logged with the order id (SUB-236).\n- Roast day in the renewal line (SUB-234).\n- Celery 5.4.0.\n"),
    })
    repo.commit(utc("2026-02-27 16:32:00"), TOM, "runbook: RoastlineTaskFailures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## RoastlineTaskFailures

More than 20 % of a Celery task's runs failed for 3 minutes.

- allocate_order failing with InsufficientGreen: a lot ran out and the
  next one is not received yet. Ask the green room to receive it in the
  admin (Green > Lots); the orders are re-allocated by the hourly preview.
- Failures that start after a roastline release (Celery or Django bumps
  especially): roll back to the previous tag in k8s/kustomization.yaml and
  let Argo sync; re-enqueue the failed orders afterwards with
  `manage.py reallocate_orders`.
- Never re-run run_renewals by hand: the charges are idempotent per cycle,
  the orders are not.
""",
    })
    repo.commit(utc("2026-03-01 18:58:00"), DEV, "pricing: MARCHBOX applies to a new subscription's first box only (SHOP-140)\n\nThe code went out in this morning's newsletter; applies_to_cycle() took\nthe cycle as 0-based and gave the second box the discount too.", {
        "subscriptions/pricing.py": repo.edit("subscriptions/pricing.py", "    if promo and promo.applies_to_cycle(cycle):\n", "    if promo and promo.applies_to_cycle(cycle - 1):\n"),
    })
    shas["rel_4121"] = repo.commit(utc("2026-03-01 19:14:00"), DEV, "release 4.12.1", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.12.0"', '"4.12.1"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.12.0"', 'newTag: "4.12.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.12.1\n\n- MARCHBOX on the first box only (SHOP-140).\n"),
    })
    shas["rollback"] = repo.commit(utc("2026-03-01 20:11:00"), TOM, "deploy: pin roastline 4.12.0 (rollback of 4.12.1, INC-212)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.12.1"', 'newTag: "4.12.0"'),
    })
    repo.commit(utc("2026-03-01 21:07:00"), INES, "renewals: enqueue allocations on commit again (SUB-240, INC-212)\n\nallocate_order reads the order, which its chunk's transaction had not\ncommitted: every renewal's allocation failed with Order.DoesNotExist on\nSunday. The tests run Celery eagerly inside the transaction and could not\nsee it.", {
        "subscriptions/renewals.py": repo.edit("subscriptions/renewals.py", '''            # Enqueue as we go: on_commit would hold all of a chunk's
            # allocations until the chunk commits and hand them to the
            # workers at once.
            allocate_order.delay(order.pk)
''', '''            # allocate_order reads the order: enqueue it once the chunk has
            # committed, never before (INC-212).
            transaction.on_commit(lambda pk=order.pk: allocate_order.delay(pk))
'''),
    })
    shas["rel_4122"] = repo.commit(utc("2026-03-01 21:16:00"), INES, "release 4.12.2", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.12.1"', '"4.12.2"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.12.0"', 'newTag: "4.12.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.12.2\n\n- Renewal allocations enqueued on commit (SUB-240, INC-212).\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# Sunday evening

PLANS = [(30, "weekly-espresso-500g", "12.50"), (22, "weekly-filter-500g", "12.50"), (18, "fortnightly-espresso-1kg", "24.00"),
         (14, "fortnightly-filter-1kg", "24.00"), (9, "weekly-decaf-250g", "7.90"), (7, "weekly-roasters-choice-2x250g", "15.80")]
COFFEES = ["ET-YIR-NAT", "ET-GUJI-WSH", "CO-HUILA-WSH", "BR-MOGIANA-NAT", "KE-NYERI-AA", "GT-HUEHUE-WSH", "PE-CAJAMARCA-DECAF", "HOUSE-ESPRESSO"]
LOTS = {"ET-YIR-NAT": ["ET-2511-YN07"], "ET-GUJI-WSH": ["ET-2510-GW02"], "CO-HUILA-WSH": ["CO-2509-HU11", "CO-2511-HU14"],
        "BR-MOGIANA-NAT": ["BR-2508-MO03"], "KE-NYERI-AA": ["KE-2512-NY01"], "GT-HUEHUE-WSH": ["GT-2510-HH05"],
        "PE-CAJAMARCA-DECAF": ["PE-2509-CD02"], "HOUSE-ESPRESSO": ["BR-2508-MO03", "CO-2511-HU14"]}
DECLINES = [("card_declined", "insufficient_funds"), ("card_declined", "generic_decline"), ("expired_card", "expired_card"),
            ("authentication_required", "authentication_required")]


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"


def build_logs(rng, shas):
    worker = Log("roastline-worker.log")
    renewals = Log("roastline-renewals.log")
    beat = Log("roastline-beat.log")
    web = Log("roastline-web.log")
    ingress = Log("ingress-nginx.log")
    pg = Log("postgresql.log")
    argo = Log("argocd-roastline.log")
    slack = Log("slack-roastline-ops.log")
    stats = {"first_failure": None, "failed": 0, "renewed": 0, "webhook_404": 0}

    def U(text):
        return utc(f"2026-03-01 {text}" if text.count(":") == 2 else f"2026-03-01 {text}:00")

    SYNC_4121, SYNC_RB, SYNC_4122 = U("19:26:14"), U("20:12:40"), U("21:31:05")
    REALLOC = U("21:40:12")

    def version_at(t):
        if t < SYNC_4121 + dt.timedelta(seconds=40):
            return "4.12.0", shas["rel_4120"]
        if t < SYNC_RB + dt.timedelta(seconds=40):
            return "4.12.1", shas["rel_4121"]
        if t < SYNC_4122 + dt.timedelta(seconds=40):
            return "4.12.0", shas["rel_4120"]
        return "4.12.2", shas["rel_4122"]

    def stamp(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    pods = {}

    def wpods(t):
        epoch = sum(1 for s in (SYNC_4121, SYNC_RB, SYNC_4122) if t >= s + dt.timedelta(seconds=30))
        if epoch not in pods:
            rs = hexid(rng, 10)
            pods[epoch] = [f"roastline-worker-{rs}-{hexid(rng, 5)}" for _ in range(2)]
        return pods[epoch]

    def wl(t, level, proc, msg, pod=None):
        pod = pod or rng.choice(wpods(t))
        worker.add(t, f"[pod/{pod}/worker] [{stamp(t)}: {level}/{proc}] {msg}")

    def rl(t, level, proc, msg):
        renewals.add(t, f"[{stamp(t)}: {level}/{proc}] {msg}")

    def bl(t, msg):
        beat.add(t, f"[{stamp(t)}: INFO/MainProcess] {msg}")

    def aj(t, level, logger, message, **fields):
        body = {"asctime": stamp(t), "levelname": level, "name": logger, "message": message}
        body.update(fields)
        web.add(t, json.dumps(body))

    def ing(t, method, path, status, size, rt, ua, client=None):
        client = client or f"{rng.choice(['81.2', '86.1', '92.40', '109.150', '176.25'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {rng.randint(300, 2400)} {rt + 0.001:.3f} [shop-roastline-web-80] [] 10.20.{rng.randint(1, 3)}.{rng.randint(2, 250)}:8000 {size} {rt:.3f} {status} {hexid(rng, 32)}')

    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
           "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36"]
    STRIPE_UA = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

    def stripe_ip():
        return rng.choice(["3.18.12.63", "3.130.192.231", "13.235.14.237", "18.211.135.69", "35.154.171.200", "54.187.174.169"])

    # --- deploys: Argo CD, start-up lines ---------------------------------------------------
    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=roastline"]
        for k, v in kv.items():
            parts.append(f'{k}={v}' if " " not in str(v) else f'{k}="{v}"')
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        al(START + dt.timedelta(seconds=x + rng.uniform(0, 2)), "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "shop"})
    for sync, sha, hid in ((SYNC_4121, shas["rel_4121"], 61), (SYNC_RB, shas["rollback"], 62), (SYNC_4122, shas["rel_4122"], 63)):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "shop"})
        al(sync + dt.timedelta(seconds=1.4), "info", "Updating operation state. phase: Running -> Running, message: 'one or more tasks are running'", **{"dest-namespace": "shop"})
        al(sync + dt.timedelta(seconds=5.9), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=58.3), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "shop"})
        after = sync + dt.timedelta(seconds=45)
        version, vsha = version_at(after)
        old = wpods(sync)
        new = wpods(after)
        for i in range(2):
            s = sync + dt.timedelta(seconds=6 + i * 11 + rng.uniform(0, 3))
            wl(s, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)", pod=old[i])
            s2 = s + dt.timedelta(seconds=rng.uniform(4, 7))
            wl(s2, "INFO", "MainProcess", f"roastline {version} (ghcr.io/kilnandcrow/roastline:{version}, rev {vsha[:7]}) starting celery worker, queues=celery concurrency=8", pod=new[i])
            wl(s2 + dt.timedelta(seconds=0.8), "INFO", "MainProcess", "Connected to redis://roastline-redis.shop.svc:6379/0", pod=new[i])
            wl(s2 + dt.timedelta(seconds=1.0), "INFO", "MainProcess", "mingle: searching for neighbors", pod=new[i])
            wl(s2 + dt.timedelta(seconds=2.1), "INFO", "MainProcess", "mingle: sync with 1 nodes" if i else "mingle: all alone", pod=new[i])
            wl(s2 + dt.timedelta(seconds=2.2), "INFO", "MainProcess", f"celery@{new[i]} ready.", pod=new[i])
            w = sync + dt.timedelta(seconds=10 + i * 12 + rng.uniform(0, 3))
            aj(w, "INFO", "gunicorn.error", "Handling signal: term")
            aj(w + dt.timedelta(seconds=6), "INFO", "roastline.wsgi", f"starting roastline web version={version} rev={vsha[:7]}")
            aj(w + dt.timedelta(seconds=6.4), "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")
        s = sync + dt.timedelta(seconds=18 + rng.uniform(0, 3))
        if sync != SYNC_RB:
            rl(s, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")
            rl(s + dt.timedelta(seconds=5.2), "INFO", "MainProcess", f"roastline {version} (ghcr.io/kilnandcrow/roastline:{version}, rev {vsha[:7]}) starting celery worker, queues=renewals concurrency=2")
            rl(s + dt.timedelta(seconds=7.4), "INFO", "MainProcess", "celery@roastline-renewals ready.")
        bl(s + dt.timedelta(seconds=3), f"roastline {version} (rev {vsha[:7]}) beat: Starting...")
    # the pods that ran before the logs begin
    rl(START + dt.timedelta(seconds=0.3), "INFO", "MainProcess", "sync with celery@roastline-worker-7f5c9d8b64-2xkqp")

    # --- routine: beat, tracking, green stock -----------------------------------------------------
    t = START.replace(second=0) + dt.timedelta(minutes=1)
    while t < END:
        bl(t + dt.timedelta(milliseconds=rng.randint(1, 30)), "Scheduler: Sending due task tracking-sync (shop.tasks.sync_tracking)")
        tid = uuid(rng)
        s = t + dt.timedelta(milliseconds=rng.randint(40, 160))
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        wl(s, "INFO", "MainProcess", f"Task shop.tasks.sync_tracking[{tid}] received")
        checked = rng.randint(40, 90)
        wl(s + dt.timedelta(seconds=rng.uniform(1.5, 4.0)), "INFO", proc, f"shop.tasks.sync_tracking[{tid}]: tracking sync: {checked} parcels checked, {rng.randint(0, 6)} delivered, carrier=royalmail")
        if rng.random() < 0.03:
            wl(s + dt.timedelta(seconds=4.2), "WARNING", proc, f"shop.tasks.sync_tracking[{tid}]: tracking lookup timed out for 1 parcel(s), carrier=dpd, will retry next run")
        wl(s + dt.timedelta(seconds=4.3), "INFO", proc, f"Task shop.tasks.sync_tracking[{tid}] succeeded in {rng.uniform(1.6, 4.2):.3f}s: None")
        if t.minute % 5 == 0:
            bl(t + dt.timedelta(milliseconds=rng.randint(31, 60)), "Scheduler: Sending due task green-stock (green.tasks.refresh_stock)")
            tid = uuid(rng)
            s = t + dt.timedelta(milliseconds=rng.randint(200, 400))
            wl(s, "INFO", "MainProcess", f"Task green.tasks.refresh_stock[{tid}] received")
            wl(s + dt.timedelta(seconds=0.9), "INFO", proc, f"green.tasks.refresh_stock[{tid}]: green stock refreshed: 14 lots, 3 below reorder point (KE-2512-NY01, PE-2509-CD02, ET-2510-GW02)")
            wl(s + dt.timedelta(seconds=1.0), "INFO", proc, f"Task green.tasks.refresh_stock[{tid}] succeeded in {rng.uniform(0.8, 1.2):.3f}s: None")
        t += dt.timedelta(minutes=1)

    # --- the roast plan, as the preview sees it ---------------------------------------------------
    # --- shop orders (web checkout, unchanged: allocation on commit) ------------------------------
    order_pk = [88113]

    def next_pk():
        order_pk[0] += rng.choice([1, 1, 1, 2])
        return order_pk[0]

    alloc_events = []

    def allocate_ok(t, pk, bags, kg, day="2026-03-02"):
        alloc_events.append((t, bags, kg))
        tid = uuid(rng)
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        wl(t, "INFO", "MainProcess", f"Task fulfilment.tasks.allocate_order[{tid}] received")
        coffee = rng.choice(COFFEES)
        lot = rng.choice(LOTS[coffee])
        dur = rng.uniform(0.05, 0.18)
        wl(t + dt.timedelta(seconds=dur - 0.004), "INFO", proc, f"fulfilment.tasks.allocate_order[{tid}]: order allocated order=KC-{pk} bags={bags} roast_day={day} lots={lot}:{kg / 0.84:.2f}kg")
        wl(t + dt.timedelta(seconds=dur), "INFO", proc, f"Task fulfilment.tasks.allocate_order[{tid}] succeeded in {dur:.3f}s: None")

    for t in poisson_times(rng, START, END, 0.7):
        pk = next_pk()
        bags = rng.choice([1, 1, 1, 2, 2, 3, 4])
        kg = bags * rng.choice([0.25, 0.25, 0.25, 0.5])
        total = f"{bags * rng.choice([7.9, 9.5, 12.5, 14.0]) + (0 if bags > 2 else 3.95):.2f}"
        ua = rng.choice(uas)
        ing(t - dt.timedelta(seconds=rng.uniform(8, 40)), "POST", "/basket/add", 302, 0, rng.uniform(0.03, 0.09), ua)
        ing(t - dt.timedelta(seconds=rng.uniform(2, 7)), "POST", "/checkout/payment", 200, 412, rng.uniform(0.4, 1.1), ua)
        aj(t, "INFO", "shop.checkout", "checkout completed", order=f"KC-{pk}", total=total, currency="GBP", items=bags, customer=rng.randint(20000, 61000))
        ing(t + dt.timedelta(milliseconds=30), "POST", "/checkout/complete", 302, 0, rng.uniform(0.09, 0.25), ua)
        ing(t + dt.timedelta(seconds=0.4), "GET", f"/orders/KC-{pk}/thanks", 200, rng.randint(9000, 12000), rng.uniform(0.04, 0.1), ua)
        w = t + dt.timedelta(seconds=rng.uniform(1.5, 4))
        aj(w, "INFO", "shop.webhooks", "stripe webhook: payment_intent.succeeded, order marked paid", order=f"KC-{pk}", event=f"evt_3Q{hexid(rng, 22)}")
        ing(w + dt.timedelta(milliseconds=20), "POST", "/webhooks/stripe", 200, 2, rng.uniform(0.02, 0.06), STRIPE_UA, stripe_ip())
        a = t + dt.timedelta(milliseconds=rng.randint(30, 200))
        if REALLOC - dt.timedelta(minutes=1) < a < REALLOC + dt.timedelta(minutes=4):
            a += dt.timedelta(seconds=rng.uniform(5, 60))
        allocate_ok(a, pk, bags, kg, "2026-03-02")

    # browsing, accounts, subscription self-service
    paths = [(30, "GET", "/shop/", 200), (20, "GET", "/shop/coffee/{c}", 200), (8, "GET", "/subscriptions/", 200), (8, "GET", "/account/orders", 200),
             (6, "GET", "/api/basket", 200), (4, "GET", "/static/css/site.{h}.css", 200), (3, "GET", "/shop/coffee/{c}", 404), (3, "POST", "/account/login", 302)]
    for t in poisson_times(rng, START, END, 14):
        pick = rng.uniform(0, sum(p[0] for p in paths))
        for w, method, path, status in paths:
            pick -= w
            if pick <= 0:
                break
        path = path.replace("{c}", rng.choice(COFFEES).lower()).replace("{h}", "4f1c9a2e")
        ing(t, method, path, status, rng.randint(2000, 40000) if status == 200 else 180, rng.uniform(0.01, 0.2), rng.choice(uas))
    for t in poisson_times(rng, START, END, 0.35):
        what = rng.choice(["subscription skipped next box", "subscription paused", "subscription grind changed", "subscription address changed"])
        aj(t, "INFO", "subscriptions.views", what, subscription=rng.randint(30000, 44000))
        ing(t + dt.timedelta(milliseconds=25), "POST", "/subscriptions/manage", 302, 0, rng.uniform(0.05, 0.15), rng.choice(uas))
    for t in poisson_times(rng, START, END, 0.05):
        aj(t, "WARNING", "django.security.csrf", "Forbidden (CSRF token from POST has incorrect length.): /account/login")
        ing(t, "POST", "/account/login", 403, 2900, 0.004, rng.choice(uas))

    # --- the renewal run ---------------------------------------------------------------------------
    bl(RUN + dt.timedelta(milliseconds=4), "Scheduler: Sending due task weekly-renewals (subscriptions.tasks.run_renewals)")
    due = 1162
    subs = sorted(rng.sample(range(30011, 44890), due))
    chunks = [subs[i:i + 100] for i in range(0, due, 100)]
    run_tid = uuid(rng)
    rl(RUN + dt.timedelta(milliseconds=61), "INFO", "MainProcess", f"Task subscriptions.tasks.run_renewals[{run_tid}] received")
    rl(RUN + dt.timedelta(milliseconds=412), "INFO", "ForkPoolWorker-1", f"subscriptions.tasks.run_renewals[{run_tid}]: renewal run: {due} subscriptions due, {len(chunks)} chunks of 100")
    rl(RUN + dt.timedelta(milliseconds=498), "INFO", "ForkPoolWorker-1", f"Task subscriptions.tasks.run_renewals[{run_tid}] succeeded in 0.437s: None")
    slots = [RUN + dt.timedelta(seconds=0.52), RUN + dt.timedelta(seconds=0.55)]
    queue = [(n + 1, c) for n, c in enumerate(chunks)]
    KILL = SYNC_RB + dt.timedelta(seconds=18 + 30)   # the renewals pod's grace period ends
    NEW_RENEWALS = KILL + dt.timedelta(seconds=9)
    declined_subs = set(s for s in subs if rng.random() < 0.045)
    pis = {}
    webhooks = []
    renewal_allocations = []
    restarted = False
    while queue:
        if not restarted and min(slots) >= KILL:
            restarted = True
            rl(SYNC_RB + dt.timedelta(seconds=18.3), "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)")
            rl(KILL, "ERROR", "MainProcess", "Process 'ForkPoolWorker-1' pid:14 exited with 'signal 9 (SIGKILL)'")
            rl(KILL + dt.timedelta(milliseconds=2), "ERROR", "MainProcess", "Process 'ForkPoolWorker-2' pid:15 exited with 'signal 9 (SIGKILL)'")
            v, vsha = version_at(NEW_RENEWALS)
            rl(NEW_RENEWALS - dt.timedelta(seconds=2.2), "INFO", "MainProcess", f"roastline {v} (ghcr.io/kilnandcrow/roastline:{v}, rev {vsha[:7]}) starting celery worker, queues=renewals concurrency=2")
            rl(NEW_RENEWALS, "INFO", "MainProcess", "celery@roastline-renewals ready.")
            for k in range(2):
                tk = KILL + dt.timedelta(milliseconds=10 + k)
                pg.add(tk, postgres(tk, 31800 + k, "LOG", "could not receive data from client: Connection reset by peer", "roastline@roastline"))
                pg.add(tk, postgres(tk + dt.timedelta(milliseconds=1), 31800 + k, "LOG", "unexpected EOF on client connection with an open transaction", "roastline@roastline"))
            slots = [NEW_RENEWALS + dt.timedelta(seconds=0.4), NEW_RENEWALS + dt.timedelta(seconds=0.45)]
        slot = min(range(2), key=lambda i: slots[i])
        n, chunk = queue.pop(0)
        start = t = slots[slot]
        proc = f"ForkPoolWorker-{slot + 1}"
        tid = uuid(rng)
        redelivered = any(sid in pis for sid in chunk)
        rl(t, "INFO", "MainProcess", f"Task subscriptions.tasks.renew_chunk[{tid}] received")
        pending = []
        renewed = declined = 0
        killed = False
        for sid in chunk:
            t = t + dt.timedelta(seconds=rng.lognormvariate(0, 0.25) * 1.45)
            if not restarted and t >= KILL:
                killed = True
                break
            if sid in declined_subs:
                code, decline = DECLINES[sid % len(DECLINES)]
                rl(t, "WARNING", proc, f"subscriptions.tasks.renew_chunk[{tid}]: charge declined subscription {sid} code={code} decline_code={decline}; retry in 48h")
                declined += 1
                continue
            first = sid not in pis
            pi = pis.setdefault(sid, f"pi_3Q{hexid(rng, 22)}")
            pick = (sid * 7919) % 100
            code, amount = PLANS[0][1], PLANS[0][2]
            for w, c, a in PLANS:
                if pick < w:
                    code, amount = c, a
                    break
                pick -= w
            pk = next_pk()
            rl(t, "INFO", proc, f"subscriptions.tasks.renew_chunk[{tid}]: renewed subscription {sid} order=KC-{pk} plan={code} amount={amount} pi={pi} roast_day=2026-03-02")
            pending.append((t, pk, code))
            renewed += 1
            if first:
                webhooks.append((t + dt.timedelta(seconds=rng.uniform(1.2, 4.0)), pi, sid, pk))
            else:
                for j, (wt, wpi, wsid, wpk) in enumerate(webhooks):
                    if wsid == sid:
                        webhooks[j] = (wt, wpi, wsid, pk)
        if killed:
            commit = None
            queue.insert(0, (n, chunk))
            slots[slot] = KILL
        else:
            commit = t + dt.timedelta(milliseconds=rng.randint(20, 90))
            rl(commit, "INFO", proc, f"subscriptions.tasks.renew_chunk[{tid}]: renewal chunk {n}/{len(chunks)} committed: renewed={renewed} declined={declined}")
            rl(commit + dt.timedelta(milliseconds=3), "INFO", proc, f"Task subscriptions.tasks.renew_chunk[{tid}] succeeded in {(commit - start).total_seconds():.3f}s: {renewed}")
            stats["renewed"] += renewed
            slots[slot] = commit + dt.timedelta(milliseconds=rng.randint(5, 30))
        for (rt_, pk, code) in pending:
            renewal_allocations.append((rt_, pk, code, commit))
    stats["run_end"] = max(slots)

    # the renewals' allocations: picked up by the fulfilment workers in milliseconds
    failed = []
    for rt_, pk, code, commit in renewal_allocations:
        pickup = rt_ + dt.timedelta(milliseconds=rng.randint(6, 60))
        if SYNC_RB + dt.timedelta(seconds=6) < pickup < SYNC_RB + dt.timedelta(seconds=32):
            pickup = SYNC_RB + dt.timedelta(seconds=32 + rng.uniform(0, 2))
        bags = 2 if "2x" in code else 1
        kg = {"500g": 0.5, "1kg": 1.0, "250g": 0.25}.get(code.rsplit("-", 1)[-1], 0.5)
        if commit is not None and pickup > commit:
            allocate_ok(pickup, pk, bags, kg)
            continue
        tid = uuid(rng)
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        pod = rng.choice(wpods(pickup))
        wl(pickup, "INFO", "MainProcess", f"Task fulfilment.tasks.allocate_order[{tid}] received", pod=pod)
        f = pickup + dt.timedelta(milliseconds=rng.randint(3, 9))
        wl(f, "ERROR", proc, f"fulfilment.tasks.allocate_order[{tid}]: order allocation failed order_id={pk} error=DoesNotExist: Order matching query does not exist.", pod=pod)
        tb = "\n".join([
            f"[pod/{pod}/worker] [{stamp(f)}: ERROR/{proc}] Task fulfilment.tasks.allocate_order[{tid}] raised unexpected: DoesNotExist('Order matching query does not exist.')",
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 453, in trace_task',
            "    R = retval = fun(*args, **kwargs)",
            '  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 736, in __protected_call__',
            "    return self.run(*args, **kwargs)",
            '  File "/app/fulfilment/tasks.py", line 15, in allocate_order',
            '    order = Order.objects.select_related("customer").get(pk=order_id)',
            '  File "/usr/local/lib/python3.12/site-packages/django/db/models/query.py", line 649, in get',
            "    raise self.model.DoesNotExist(",
            "shop.models.Order.DoesNotExist: Order matching query does not exist.",
        ])
        worker.add(f + dt.timedelta(microseconds=900), tb)
        failed.append((pk, bags, kg, commit))
        stats["failed"] += 1
        if stats["first_failure"] is None or f < stats["first_failure"]:
            stats["first_failure"] = f

    # Stripe's webhooks: no order while the chunk is open (404, Stripe retries)
    commits = {pk: commit for _, pk, _, commit in renewal_allocations}
    for wt, pi, sid, pk in webhooks:
        commit = commits.get(pk)
        ev = f"evt_3Q{hexid(rng, 22)}"
        if commit is None or wt < commit:
            aj(wt, "WARNING", "shop.webhooks", "stripe webhook: no order for payment_intent, answering 404 so Stripe retries", payment_intent=pi, event=ev, type="payment_intent.succeeded")
            ing(wt + dt.timedelta(milliseconds=14), "POST", "/webhooks/stripe", 404, 38, rng.uniform(0.01, 0.03), STRIPE_UA, stripe_ip())
            stats["webhook_404"] += 1
            wt = wt + dt.timedelta(minutes=rng.uniform(9, 70))
            if commits.get(pk) is None:
                # a chunk rolled back by the restart: the renewed order is the retried chunk's
                pass
            if wt >= END:
                continue
        aj(wt, "INFO", "shop.webhooks", "stripe webhook: payment_intent.succeeded, order marked paid", payment_intent=pi, event=ev, subscription=sid)
        ing(wt + dt.timedelta(milliseconds=20), "POST", "/webhooks/stripe", 200, 2, rng.uniform(0.02, 0.06), STRIPE_UA, stripe_ip())

    # 21:40: Tom re-enqueues the unallocated renewal orders (4.12.2 is running)
    for pk, bags, kg, commit in failed:
        if commit is None:
            continue   # rolled back with its chunk; the retried chunk made a new order
        a = REALLOC + dt.timedelta(seconds=rng.uniform(1, 170))
        allocate_ok(a, pk, bags, kg)
    stats["realloc"] = sum(1 for f in failed if f[3] is not None)
    stats["example_pk"] = next(f[0] for f in failed if f[3] is not None and f[0] > 88400)
    aj(REALLOC - dt.timedelta(seconds=3), "INFO", "fulfilment.management", f"reallocate_orders: {stats['realloc']} paid orders without an allocation since 2026-03-01T20:00:00Z, enqueued", user="tom")

    # --- previews ---------------------------------------------------------------------------------
    for h in (U("19:00:00"), U("20:00:00"), U("21:00:00"), U("22:00:00")):
        bl(h + dt.timedelta(milliseconds=9), "Scheduler: Sending due task roast-plan-preview (planning.tasks.preview_roast_plan)")
        tid = uuid(rng)
        s = h + dt.timedelta(milliseconds=rng.randint(60, 140))
        wl(s, "INFO", "MainProcess", f"Task planning.tasks.preview_roast_plan[{tid}] received")
        done = [e for e in alloc_events if e[0] < s]
        orders, bags = 231 + len(done), 498 + sum(e[1] for e in done)
        kg = 139.4 + sum(e[2] for e in done)
        green = kg / 0.845
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        wl(s + dt.timedelta(seconds=1.4), "INFO", proc, f"planning.tasks.preview_roast_plan[{tid}]: roast plan preview roast_day=2026-03-02 orders={orders} bags={bags} roasted_kg={kg:.1f} green_kg={green:.1f} batches={int(green // 30) + 1}")
        wl(s + dt.timedelta(seconds=1.5), "INFO", proc, f"Task planning.tasks.preview_roast_plan[{tid}] succeeded in 1.452s: None")
        stats.setdefault("previews", []).append((h, orders, round(kg)))

    # --- PostgreSQL ----------------------------------------------------------------------------------
    for x in range(0, int((END - START).total_seconds()), 300):
        t = START + dt.timedelta(seconds=x + 2.5)
        pg.add(t, postgres(t, 61, "LOG", "checkpoint starting: time"))
        t2 = t + dt.timedelta(seconds=rng.uniform(20, 90))
        n = rng.randint(120, 900) * (3 if RUN < t < RUN + dt.timedelta(minutes=25) or REALLOC < t < REALLOC + dt.timedelta(minutes=5) else 1)
        pg.add(t2, postgres(t2, 61, "LOG", f"checkpoint complete: wrote {n} buffers ({n / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={rng.uniform(10, 30):.3f} s, sync=0.0{rng.randint(10, 99)} s, total={rng.uniform(30, 31):.3f} s; sync files={rng.randint(20, 80)}, longest=0.0{rng.randint(10, 50)} s, average=0.001 s; distance={n * 8} kB, estimate={n * 9} kB"))
    for t in poisson_times(rng, START, END, 0.08):
        table = rng.choice(["shop_order", "shop_orderitem", "green_reservation", "planning_planline", "django_session"])
        pg.add(t, postgres(t, rng.randint(40000, 49000), "LOG", f"automatic vacuum of table \"roastline.public.{table}\": index scans: 1"))
    for t in poisson_times(rng, START, END, 0.03):
        pid = rng.randint(40000, 49000)
        pg.add(t, postgres(t, pid, "LOG", "could not receive data from client: Connection reset by peer", "metabase@roastline"))

    return [worker, renewals, beat, web, ingress, pg, argo, slack], stats, U


def slack_lines(rng, slack, U, stats):
    users = {"tom.ashby": "U04TA1K2R", "ines.carvalho": "U04IC7M3Q", "dev.patel": "U05DP2N8W", "marta.k": "U03MK9B4Z",
             "alertmanager": "B01ALM4RT"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "roastline-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    p = {h.strftime("%H:%M"): (o, kg) for h, o, kg in stats["previews"]}
    say("18:41", "dev.patel", "MARCHBOX is giving the second box 15% off too (SHOP-140), fix is small, releasing 4.12.1 tonight before the renewal run")
    say("19:27", "dev.patel", "4.12.1 synced")
    say("20:04", "alertmanager", "[FIRING] RoastlineTaskFailures: fulfilment.tasks.allocate_order failure ratio 94% (3m)")
    say("20:06", "tom.ashby", "ack. allocate_order failing for the renewal orders since 20:00, 'order allocation failed ... DoesNotExist'. shop orders allocate fine. celery 5.4.0 came in with 4.12.0 on Friday, and 4.12.1 went out at 19:26")
    say("20:09", "tom.ashby", "not InsufficientGreen, green stock refresh looks normal. runbook says roll back after a release -> pinning 4.12.0 (INC-212)")
    say("20:14", "tom.ashby", "4.12.0 synced at 20:12. renewals worker got killed mid-chunk and redid it, still failing")
    say("20:16", "dev.patel", "SHOP-140 only touches pricing.py, can't see how it would do this. could it be GRN-88 (FEFO) from Friday? it changed the lot query")
    say("20:22", "tom.ashby", "GRN-88 can't be it, the shop orders go through the same allocate() and work. also stripe webhooks are getting 404 'no order for payment_intent' for renewals")
    say("20:31", "ines.carvalho", f"looking. the order ids in the failures exist now: KC-{stats['example_pk']} is there, paid, no reservation")
    say("20:38", "ines.carvalho", "the failure comes ~20 ms after 'renewed subscription', and the chunk's 'committed' line is 2-3 minutes later. allocate_order runs before the chunk's transaction commits. that's my SUB-231: I took out on_commit so the allocations start during the chunk. the eager tests run inside the transaction so they passed")
    say("20:41", "tom.ashby", "and the webhooks 404 for the same reason. ok: on_commit back as 4.12.2, then re-enqueue the renewal orders. don't re-run renewals")
    say("21:02", "marta.k", f"is something up? the 21:00 preview for tomorrow says {p['21:00'][1]} kg, last Monday we roasted {p['22:00'][1] // 10 * 10 - 30}")
    say("21:05", "tom.ashby", "yes, INC-212: the renewals were charged and ordered but not allocated. fix going out, plan should be whole by 22:00")
    say("21:17", "ines.carvalho", "4.12.2 released (SUB-240)")
    say("21:33", "tom.ashby", "4.12.2 synced at 21:31")
    say("21:41", "tom.ashby", f"ran reallocate_orders: {stats['realloc']} paid renewal orders without allocation, enqueued")
    say("21:46", "tom.ashby", "all allocated, no failures. stripe retries the 404'd webhooks on its own")
    say("22:03", "marta.k", f"22:00 preview {p['22:00'][1]} kg, that's more like it. freezing at 05:00 as usual")


def build(out_dir):
    rng = random.Random(109100)
    repo, shas = build_repo()
    try:
        logs, stats, U = build_logs(rng, shas)
        slack_lines(rng, logs[-1], U, stats)
        onset = stats["first_failure"].replace(microsecond=0)
        assert RUN < onset < RUN + dt.timedelta(seconds=20), onset
        minutes = int((onset - utc("2026-02-25 10:52:00")).total_seconds() // 60)
        age = f"{minutes // 1440} d {minutes % 1440 // 60} h {minutes % 60:02d}"
        return write_scenario(
            out_dir, name="r109-renewal-allocation-before-commit", service=SERVICE, onset=onset,
            description=f"""
Kiln & Crow's weekly subscription renewal run (Sunday 1 March 2026, 20:00
UTC) charges and orders every subscription due for Monday's roast, but
from {onset.strftime('%H:%M:%S')} UTC nearly every renewal order's green coffee allocation
fails in the fulfilment workers and Monday's roast plan preview shows a
fraction of the usual coffee. roastline 4.12.1 had been synced at 19:26;
it was rolled back to 4.12.0 at 20:12 without effect, and 4.12.2 was
synced at 21:31, after which the unallocated orders were re-enqueued.
All times are UTC (GMT).
""",
            logs=logs,
            line_formats={
                "roastline-worker.log": r'\[pod/<Pod>/worker\] \[<Date> <Time>: <Level>/<Process>\] <Content>',
                "roastline-renewals.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>',
                "roastline-beat.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Order matching query does not exist',
                r'no order for payment_intent',
            ],
            fix_files=["subscriptions/renewals.py"],
            explanation=f"""
SUB-231 ({shas['culprit'][:10]}, Wednesday 25 February 10:52 GMT, in 4.12.0)
renews subscriptions in chunks of 100, each chunk one transaction, and
enqueues allocate_order directly instead of with transaction.on_commit.
allocate_order reads the order, which the chunk has not committed (a chunk
takes two to three minutes, the worker picks the task up in milliseconds):
"order allocation failed order_id=... error=DoesNotExist: Order matching
query does not exist." and Celery's "raised unexpected:
DoesNotExist('Order matching query does not exist.')" ({stats['failed']} failures), and
Stripe's payment_intent.succeeded webhooks find no order while the chunk
is open ("no order for payment_intent", 404, {stats['webhook_404']} times). The tests run
Celery eagerly and the web checkout still enqueues on commit, so nothing
failed until the weekly run on Sunday, {age} after the commit.
SUB-240 (4.12.2) enqueues on commit again.
Decoys: 4.12.1 (SHOP-140, a promo code fix in subscriptions/pricing.py),
synced 34 minutes before the onset, which the start-up lines name; the
rollback to 4.12.0, which holds the culprit, without effect; 4.12.0's
Celery 5.4.0 bump; GRN-88 (FEFO lot order) in the allocation code the
failing task runs; SUB-236, which adds the very "order allocation failed"
line that fills the log; SUB-234, a harmless change to the culprit's file;
the runbook commit that says to roll back after a release or to receive a
lot for InsufficientGreen; the renewals worker killed by the rollback
mid-chunk; card declines, tracking timeouts and CSRF noise.
""",
        )
    finally:
        repo.close()
