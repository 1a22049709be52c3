"""fulfilment-router (Python, Django, team in Warsaw, Dublin and Porto): a
Kafka consumer takes the shop's `orders.placed` events, picks a warehouse
and puts each order in that warehouse's current pick wave; the warehouses'
WMS pulls a wave's orders when it releases it, every 15 minutes. Order ids
come from the legacy shop platform's shared id sequence (bigint; orders,
lines, payments and audit rows all take ids from it), so they jump by a few
hundred between orders and stand at about 2,146.7 million on the morning of
the incident; fulfilment_fulfilmentorder.order_id is a bigint. A commit on
Monday afternoon persists each order's wave assignment in a new table,
WaveAssignment, whose order_id is an IntegerField (PostgreSQL integer, at
most 2,147,483,647). It ships at 08:05 with a psycopg2 bump (the start-up
lines and Flux name the bump) and works for five and a half hours, until
the shop's ids pass 2^31 - 1 at 13:3x: from then every new order's insert
fails with "integer out of range" (a few orders with older ids, handed out
from other sessions' sequence caches, still go through for a minute), the
consumer retries three times and dead-letters it, no new order reaches a
warehouse, the WMS releases empty waves and customer-service lookups of new
orders get 404. The team widens the column (14:24 deploy, migration 0031)
and replays the dead-letter topic. Decoys: an earlier edit of models.py
(carrier service level), a docs page on the order flow, routing tests, the
psycopg2 bump the 08:05 start-up lines name, a waves.py change (close a
wave two minutes before release) rolled out at 13:08, about half an hour
before the onset, with new "wave ... closed" lines, and a runbook commit
after the onset. App (Python logging with psycopg2/Django tracebacks),
PostgreSQL, the migration Job (`kubectl logs --timestamps`), Flux
(kustomize and source controllers, JSON), the WMS connector (JSON),
ingress-nginx access."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres, python_logging
from skeletons import chores, ci_workflow, k8s_service, readme, runbook

SERVICE = "fulfilment-router"
START, END = utc("2026-10-20 06:30:00"), utc("2026-10-20 15:20:00")
DEPLOY = utc("2026-10-20 08:05:00")
WAVE_DEPLOY = utc("2026-10-20 13:08:00")
FIX_DEPLOY = utc("2026-10-20 14:24:00")
REPLAY = utc("2026-10-20 14:31:10")
INT4_MAX = 2147483647
SEQ_START = 2146642400
WAREHOUSES = ["WAW2", "POZ1", "GDN1"]

SETTINGS = """import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "fulfilment",
]
ROOT_URLCONF = "fulfilment_router.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "fulfilment-db.internal"),
        "NAME": "fulfilment",
        "USER": "fulfilment",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "CONN_MAX_AGE": 60,
    }
}

KAFKA = {
    "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "kafka-0.kafka:9092"),
    "group.id": "fulfilment-router",
    "enable.auto.commit": False,
}
ORDERS_TOPIC = "orders.placed"
DEAD_LETTER_TOPIC = "orders.placed.dlq"
MAX_ATTEMPTS = 3

LOGGING = {
    "version": 1,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False}},
}
"""

MODELS = """from django.db import models


class Warehouse(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=80)
    active = models.BooleanField(default=True)


class FulfilmentOrder(models.Model):
    \"\"\"One shop order as routed to a warehouse. order_id is the shop's id
    (the shop platform's shared bigint sequence).\"\"\"
    order_id = models.BigIntegerField(unique=True)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT)
    lines = models.IntegerField()
    promised_by = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)


class Wave(models.Model):
    \"\"\"A pick wave: the orders a warehouse picks together, released to the
    WMS every 15 minutes.\"\"\"
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT)
    opens_at = models.DateTimeField()
    releases_at = models.DateTimeField()
    released = models.BooleanField(default=False)
"""

ROUTING = """import logging

from django.db import transaction

from fulfilment.models import FulfilmentOrder, Warehouse
from fulfilment.stock import warehouses_with_stock
from fulfilment.waves import current_wave

log = logging.getLogger("fulfilment.routing")


def route_order(event):
    \"\"\"Routes one orders.placed event: the nearest warehouse that has every
    line in stock, then that warehouse's open wave.\"\"\"
    candidates = warehouses_with_stock(event["lines"], near=event["ship_to"]["postcode"])
    warehouse = candidates[0] if candidates else Warehouse.objects.get(code="WAW2")
    with transaction.atomic():
        order = FulfilmentOrder.objects.create(
            order_id=event["order_id"],
            warehouse=warehouse,
            lines=len(event["lines"]),
            promised_by=event["promised_by"],
        )
        wave = current_wave(warehouse)
    log.info("routed order %s to %s (wave %s, %d lines)", order.order_id, warehouse.code, wave.id, order.lines)
    return order
"""

WAVES = """import datetime as dt

from django.utils import timezone

from fulfilment.models import Wave

WAVE_MINUTES = 15


def current_wave(warehouse):
    \"\"\"The warehouse's open wave, opened on first use.\"\"\"
    now = timezone.now()
    wave = Wave.objects.filter(warehouse=warehouse, released=False, releases_at__gt=now).order_by("releases_at").first()
    if wave is None:
        start = now.replace(second=0, microsecond=0) - dt.timedelta(minutes=now.minute % WAVE_MINUTES)
        wave = Wave.objects.create(warehouse=warehouse, opens_at=start, releases_at=start + dt.timedelta(minutes=WAVE_MINUTES))
    return wave


def orders_in_wave(wave):
    return wave.warehouse.fulfilmentorder_set.filter(created_at__gte=wave.opens_at, created_at__lt=wave.releases_at)
"""

CONSUMER = """import json
import logging
import time

from confluent_kafka import Consumer, Producer
from django.conf import settings
from django.core.management.base import BaseCommand

from fulfilment.routing import route_order

log = logging.getLogger("fulfilment.consumer")


class Command(BaseCommand):
    help = "Consume orders.placed and route each order to a warehouse and wave."

    def handle(self, *args, **options):
        consumer = Consumer(settings.KAFKA)
        dead_letters = Producer({"bootstrap.servers": settings.KAFKA["bootstrap.servers"]})
        consumer.subscribe([settings.ORDERS_TOPIC])
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            event = json.loads(msg.value())
            for attempt in range(1, settings.MAX_ATTEMPTS + 1):
                try:
                    route_order(event)
                    break
                except Exception as exc:
                    if attempt == settings.MAX_ATTEMPTS:
                        log.exception("order %s dead-lettered to %s after %d attempts", event["order_id"], settings.DEAD_LETTER_TOPIC, attempt)
                        dead_letters.produce(settings.DEAD_LETTER_TOPIC, msg.value(), key=msg.key())
                        break
                    log.warning("order %s attempt %d/%d failed: %s: %s; retrying in %ds", event["order_id"], attempt,
                                settings.MAX_ATTEMPTS, type(exc).__name__, exc, 2 ** attempt)
                    time.sleep(2 ** attempt)
            consumer.commit(msg)
"""

VIEWS = """from django.http import Http404, JsonResponse

from fulfilment.models import FulfilmentOrder, Wave
from fulfilment.waves import orders_in_wave


def by_order(request, order_id):
    try:
        order = FulfilmentOrder.objects.select_related("warehouse").get(order_id=order_id)
    except FulfilmentOrder.DoesNotExist:
        raise Http404("no fulfilment order")
    return JsonResponse({"order_id": order.order_id, "warehouse": order.warehouse.code, "promised_by": order.promised_by})


def wave_orders(request, wave_id):
    wave = Wave.objects.get(id=wave_id)
    return JsonResponse({"wave": wave.id, "orders": list(orders_in_wave(wave).values_list("order_id", flat=True))})
"""

MIGRATION_0001 = """from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Warehouse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True)),
                ("name", models.CharField(max_length=80)),
                ("active", models.BooleanField(default=True)),
            ],
        ),
        migrations.CreateModel(
            name="FulfilmentOrder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order_id", models.BigIntegerField(unique=True)),
                ("lines", models.IntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("warehouse", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="fulfilment.warehouse")),
            ],
        ),
    ]
"""

MIGRATION_0028 = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fulfilment", "0027_wave")]
    operations = [
        migrations.AddField(
            model_name="fulfilmentorder",
            name="promised_by",
            field=models.DateTimeField(),
            preserve_default=False,
        ),
    ]
"""

ROUTING_TESTS = """from django.test import TestCase

from fulfilment.models import FulfilmentOrder, Warehouse
from fulfilment.routing import route_order


class RouteOrderTests(TestCase):
    def setUp(self):
        Warehouse.objects.create(code="WAW2", name="Warszawa 2")

    def test_routes_to_default_warehouse_without_stock_data(self):
        order = route_order({"order_id": 2146500001, "lines": [{"sku": "A-1", "qty": 1}],
                             "ship_to": {"postcode": "00-001"}, "promised_by": "2026-10-21T18:00:00Z"})
        self.assertEqual(order.warehouse.code, "WAW2")
        self.assertTrue(FulfilmentOrder.objects.filter(order_id=2146500001).exists())
"""


def build_repo():
    kasia = Person("Katarzyna Wróbel", "katarzyna.wrobel@parcelo.eu", 120)
    ciaran = Person("Ciarán Walsh", "ciaran.walsh@parcelo.eu", 60)
    rui = Person("Rui Tavares", "rui.tavares@parcelo.eu", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "manage.py": "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"fulfilment_router.settings\")\n"
                     "    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n",
        "fulfilment_router/__init__.py": "",
        "fulfilment_router/settings.py": SETTINGS,
        "fulfilment_router/urls.py": "from django.urls import path\n\nfrom fulfilment import views\n\nurlpatterns = [\n"
                                     "    path(\"api/v1/fulfilment-orders/by-order/<int:order_id>\", views.by_order),\n"
                                     "    path(\"api/v1/waves/<int:wave_id>/orders\", views.wave_orders),\n]\n",
        "fulfilment_router/wsgi.py": "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"fulfilment_router.settings\")\napplication = get_wsgi_application()\n",
        "fulfilment/__init__.py": "",
        "fulfilment/models.py": MODELS,
        "fulfilment/routing.py": ROUTING,
        "fulfilment/waves.py": WAVES,
        "fulfilment/stock.py": "from fulfilment.models import Warehouse\n\n\ndef warehouses_with_stock(lines, near):\n    \"\"\"Warehouses holding every line, nearest first (stock-api's answer).\"\"\"\n"
                               "    from fulfilment.clients import stock_api\n\n    codes = stock_api.warehouses_with(lines, near=near)\n    return list(Warehouse.objects.filter(code__in=codes, active=True))\n",
        "fulfilment/views.py": VIEWS,
        "fulfilment/management/__init__.py": "",
        "fulfilment/management/commands/__init__.py": "",
        "fulfilment/management/commands/consume_orders.py": CONSUMER,
        "fulfilment/migrations/__init__.py": "",
        "fulfilment/migrations/0001_initial.py": MIGRATION_0001,
        "fulfilment/migrations/0028_fulfilmentorder_promised_by.py": MIGRATION_0028,
        "fulfilment/tests/__init__.py": "",
        "requirements.txt": "Django==5.0.9\ngunicorn==22.0.0\npsycopg2-binary==2.9.9\nconfluent-kafka==2.5.3\nrequests==2.32.3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nARG GIT_SHA=dev\nENV VERSION=$GIT_SHA\n"
                      "CMD [\"gunicorn\", \"fulfilment_router.wsgi\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"3\"]\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: pip install -r requirements.txt\n      - run: python manage.py test\n",
                                               "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n"),
        "k8s/consumer.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fulfilment-router-consumer\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: fulfilment-router-consumer\n"
                             "  template:\n    metadata:\n      labels:\n        app: fulfilment-router-consumer\n    spec:\n      containers:\n        - name: consumer\n"
                             "          image: registry.internal/fulfilment-router:latest\n          command: [\"python\", \"manage.py\", \"consume_orders\"]\n"
                             "          resources:\n            requests: {cpu: 200m, memory: 256Mi}\n            limits: {memory: 256Mi}\n",
        "k8s/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fulfilment-router-api\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: fulfilment-router-api\n"
                        "  template:\n    metadata:\n      labels:\n        app: fulfilment-router-api\n    spec:\n      containers:\n        - name: api\n"
                        "          image: registry.internal/fulfilment-router:latest\n          ports:\n            - containerPort: 8000\n"
                        "          readinessProbe:\n            tcpSocket:\n              port: 8000\n",
        "k8s/migrate-job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: fulfilment-router-migrate\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: enabled\nspec:\n"
                                "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: registry.internal/fulfilment-router:latest\n"
                                "          command: [\"python\", \"manage.py\", \"migrate\", \"--noinput\"]\n",
        "k8s/service.yaml": k8s_service("fulfilment-router-api", 8000),
        "README.md": readme(SERVICE, "Routes the shop's orders to a warehouse and a pick wave; the warehouses' WMS pulls released waves from it.",
                            "pip install -r requirements.txt\npython manage.py test\npython manage.py consume_orders").replace(
                            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
                            "CI promotes `main` to the `production` branch at 08:00 UTC on weekdays (and on demand\nwith the `promote` workflow); Flux applies `production` to `prod-eu-1`,\nrunning `manage.py migrate` as a Job first."),
        "docs/runbook.md": runbook(SERVICE, [
            ("OrdersNotRouted", "No `routed order` for 10 minutes while the shop takes orders: check the consumer pods and `orders.placed.dlq`."),
            ("DeadLetterTopicGrowing", "Messages on `orders.placed.dlq`: read the consumer's ERROR lines; replay with `python manage.py replay_dead_letters` once fixed."),
        ]),
    }
    repo.commit(utc("2026-10-14 09:12:00"), ciaran, "fulfilment-router: move out of the shop monorepo", files)
    repo.schedule(chores(random.Random(11101), SERVICE, [kasia, ciaran, rui], utc("2026-10-14 09:12:00"), WAVE_DEPLOY, 4))
    repo.commit(utc("2026-10-15 14:31:00"), ciaran, "models: record the carrier service level on FulfilmentOrder", {
        "fulfilment/models.py": repo.edit("fulfilment/models.py", "    promised_by = models.DateTimeField()\n",
                                          "    promised_by = models.DateTimeField()\n    carrier_service = models.CharField(max_length=16, default=\"standard\")\n"),
        "fulfilment/migrations/0029_fulfilmentorder_carrier_service.py": "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
            "    dependencies = [(\"fulfilment\", \"0028_fulfilmentorder_promised_by\")]\n    operations = [\n        migrations.AddField(\n"
            "            model_name=\"fulfilmentorder\",\n            name=\"carrier_service\",\n            field=models.CharField(default=\"standard\", max_length=16),\n        ),\n    ]\n",
    })
    repo.commit(utc("2026-10-16 10:05:00"), rui, "docs: how an order gets from the shop to a warehouse", {
        "docs/order-flow.md": "# Order flow\n\n1. The shop writes the order and publishes `orders.placed` (key: order id).\n"
            "2. `consume_orders` picks the nearest warehouse with every line in stock (stock-api) and\n   the warehouse's open pick wave.\n"
            "3. The WMS pulls `/api/v1/waves/{id}/orders` when it releases a wave (every 15 minutes).\n\n"
            "Order ids are the shop platform's: one shared bigint sequence for orders, lines, payments\nand audit rows, so they are large and not contiguous.\n"
            "A message that fails three times goes to `orders.placed.dlq`.\n",
    })
    repo.commit(utc("2026-10-16 15:40:00"), rui, "tests: routing falls back to WAW2 without stock data", {"fulfilment/tests/test_routing.py": ROUTING_TESTS})
    culprit = repo.commit(utc("2026-10-19 13:52:00"), kasia,
        "waves: persist each order's wave assignment\n\nThe WMS pulled a wave's orders by created_at, so an order routed in the\n"
        "last seconds before a release could land in two waves or none. Keep the\nassignment in its own table and serve the wave's orders from it.", {
        "fulfilment/models.py": repo.edit("fulfilment/models.py", "    released = models.BooleanField(default=False)\n",
            "    released = models.BooleanField(default=False)\n\n\nclass WaveAssignment(models.Model):\n"
            "    \"\"\"The wave an order was put in; the WMS pulls a wave's orders from here.\"\"\"\n"
            "    order_id = models.IntegerField(db_index=True)\n    warehouse = models.CharField(max_length=8)\n"
            "    assigned_at = models.DateTimeField(auto_now_add=True)\n"
            "    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name=\"assignments\")\n\n"
            "    class Meta:\n        unique_together = [(\"order_id\", \"wave\")]\n"),
        "fulfilment/migrations/0030_waveassignment.py": "from django.db import migrations, models\nimport django.db.models.deletion\n\n\n"
            "class Migration(migrations.Migration):\n    dependencies = [(\"fulfilment\", \"0029_fulfilmentorder_carrier_service\")]\n    operations = [\n"
            "        migrations.CreateModel(\n            name=\"WaveAssignment\",\n            fields=[\n"
            "                (\"id\", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name=\"ID\")),\n"
            "                (\"order_id\", models.IntegerField(db_index=True)),\n                (\"warehouse\", models.CharField(max_length=8)),\n"
            "                (\"assigned_at\", models.DateTimeField(auto_now_add=True)),\n"
            "                (\"wave\", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name=\"assignments\", to=\"fulfilment.wave\")),\n"
            "            ],\n            options={\"unique_together\": {(\"order_id\", \"wave\")}},\n        ),\n    ]\n",
        "fulfilment/waves.py": repo.edit("fulfilment/waves.py", "from fulfilment.models import Wave\n", "from fulfilment.models import Wave, WaveAssignment\n").replace(
            "def orders_in_wave(wave):\n    return wave.warehouse.fulfilmentorder_set.filter(created_at__gte=wave.opens_at, created_at__lt=wave.releases_at)\n",
            "def assign_to_wave(order, warehouse):\n    wave = current_wave(warehouse)\n"
            "    WaveAssignment.objects.create(order_id=order.order_id, wave=wave, warehouse=warehouse.code)\n    return wave\n\n\n"
            "def orders_in_wave(wave):\n    return wave.assignments.values_list(\"order_id\", flat=True)\n"),
        "fulfilment/routing.py": repo.edit("fulfilment/routing.py", "from fulfilment.waves import current_wave\n", "from fulfilment.waves import assign_to_wave\n").replace(
            "        wave = current_wave(warehouse)\n", "        wave = assign_to_wave(order, warehouse)\n"),
        "fulfilment/views.py": repo.edit("fulfilment/views.py", "list(orders_in_wave(wave).values_list(\"order_id\", flat=True))", "list(orders_in_wave(wave))"),
        "fulfilment/tests/test_routing.py": repo.edit("fulfilment/tests/test_routing.py", "        self.assertTrue(FulfilmentOrder.objects.filter(order_id=2146500001).exists())\n",
            "        self.assertTrue(FulfilmentOrder.objects.filter(order_id=2146500001).exists())\n"
            "        self.assertEqual(order.warehouse.wave_set.get().assignments.get().order_id, 2146500001)\n"),
    })
    head = repo.commit(utc("2026-10-20 05:58:00"), bot, "Bump psycopg2-binary from 2.9.9 to 2.9.10", {
        "requirements.txt": repo.edit("requirements.txt", "psycopg2-binary==2.9.9", "psycopg2-binary==2.9.10"),
    })
    wave_close = repo.commit(utc("2026-10-20 12:41:00"), ciaran,
        "waves: close a wave two minutes before its release\n\nOrders routed in the last seconds were assigned to a wave the WMS had\n"
        "already started to pull. Stop assigning two minutes before the release;\nlater orders go to the next wave.", {
        "fulfilment/waves.py": repo.edit("fulfilment/waves.py", "WAVE_MINUTES = 15\n", "WAVE_MINUTES = 15\nCLOSE_BEFORE_RELEASE = dt.timedelta(minutes=2)\n").replace(
            "releases_at__gt=now)", "releases_at__gt=now + CLOSE_BEFORE_RELEASE)").replace(
            "import datetime as dt\n", "import datetime as dt\nimport logging\n").replace(
            "from fulfilment.models import Wave, WaveAssignment\n",
            "from fulfilment.models import Wave, WaveAssignment\n\nlog = logging.getLogger(\"fulfilment.waves\")\n").replace(
            "    return wave\n\n\ndef assign_to_wave",
            "    return wave\n\n\ndef close_due_waves(now):\n    for wave in Wave.objects.filter(released=False, releases_at__lte=now + CLOSE_BEFORE_RELEASE, closed=False):\n"
            "        wave.closed = True\n        wave.save(update_fields=[\"closed\"])\n"
            "        log.info(\"wave %s at %s closed for release with %d orders; later orders go to the next wave\", wave.id, wave.warehouse.code, wave.assignments.count())\n\n\ndef assign_to_wave"),
        "fulfilment/models.py": repo.edit("fulfilment/models.py", "    released = models.BooleanField(default=False)\n\n\nclass WaveAssignment",
                                          "    released = models.BooleanField(default=False)\n    closed = models.BooleanField(default=False)\n\n\nclass WaveAssignment"),
        "fulfilment/migrations/0031_wave_closed.py": "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
            "    dependencies = [(\"fulfilment\", \"0030_waveassignment\")]\n    operations = [\n"
            "        migrations.AddField(model_name=\"wave\", name=\"closed\", field=models.BooleanField(default=False)),\n    ]\n",
    })
    fix = repo.commit(utc("2026-10-20 14:09:00"), kasia,
        "waves: WaveAssignment.order_id is a bigint\n\nShop order ids passed 2^31 - 1 at 13:34 and every insert into\n"
        "fulfilment_waveassignment failed with \"integer out of range\". FulfilmentOrder\nalready used BigIntegerField.", {
        "fulfilment/models.py": repo.edit("fulfilment/models.py", "    order_id = models.IntegerField(db_index=True)\n", "    order_id = models.BigIntegerField(db_index=True)\n"),
        "fulfilment/migrations/0032_alter_waveassignment_order_id.py": "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
            "    dependencies = [(\"fulfilment\", \"0031_wave_closed\")]\n    operations = [\n        migrations.AlterField(\n"
            "            model_name=\"waveassignment\",\n            name=\"order_id\",\n            field=models.BigIntegerField(db_index=True),\n        ),\n    ]\n",
    })
    repo.commit(utc("2026-10-20 14:52:00"), rui, "runbook: orders dead-lettered with integer out of range", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## DataError: integer out of range\n\nA column narrower than the shop's ids (bigint). Shop order ids passed\n"
            "2,147,483,647 on 20 October 2026: every id column must be a bigint. Widen the column\n(`AlterField` to `BigIntegerField`), deploy, then replay the dead-letter topic.\n",
    })
    prev_deployed = repo._git("rev-list", "-1", f"--before={int(utc('2026-10-19 08:00:00').timestamp())}", "HEAD")
    return repo, culprit, prev_deployed, head, wave_close, fix


TRACE = """Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
psycopg2.errors.NumericValueOutOfRange: integer out of range


The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/fulfilment/management/commands/consume_orders.py", line 29, in handle
    route_order(event)
  File "/app/fulfilment/routing.py", line 27, in route_order
    wave = assign_to_wave(order, warehouse)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/app/fulfilment/waves.py", line 33, in assign_to_wave
    WaveAssignment.objects.create(order_id=order.order_id, wave=wave, warehouse=warehouse.code)
  File "/usr/local/lib/python3.12/site-packages/django/db/models/manager.py", line 87, in manager_method
    return getattr(self.get_queryset(), name)(*args, **kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/local/lib/python3.12/site-packages/django/db/models/query.py", line 679, in create
    obj.save(force_insert=True, using=self.db)
  File "/usr/local/lib/python3.12/site-packages/django/db/models/base.py", line 1096, in _do_insert
    return manager._insert(
           ^^^^^^^^^^^^^^^^
  File "/usr/local/lib/python3.12/site-packages/django/db/models/sql/compiler.py", line 1823, in execute_sql
    cursor.execute(sql, params)
  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 100, in _execute
    with self.db.wrap_database_errors:
  File "/usr/local/lib/python3.12/site-packages/django/db/utils.py", line 91, in __exit__
    raise dj_exc_value.with_traceback(traceback) from exc_value
  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
django.db.utils.DataError: integer out of range"""


def build_logs(rng, prev_deployed, head, wave_close, fix):
    app = Log("fulfilment-router.log")
    pg = Log("postgresql.log")
    migrate = Log("fulfilment-router-migrate.log")
    flux = Log("flux-controllers.log")
    wms = Log("wms-connector.log")
    ingress = Log("ingress-nginx-access.log")

    def pl(t, level, logger, msg):
        app.add(t, python_logging(t, level, logger, msg))

    def kts(t, text):
        t = t.astimezone(dt.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond * 1000 + rng.randint(0, 999):09d}Z {text}"

    def fluxline(t, controller, msg, **fields):
        body = {"level": "info", "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "msg": msg, "controller": controller}
        body.update(fields)
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    revisions = [(START - dt.timedelta(days=1), prev_deployed, None)]
    deploys = [(DEPLOY, head, "Bump psycopg2-binary from 2.9.9 to 2.9.10", "0030_waveassignment"),
               (WAVE_DEPLOY, wave_close, "waves: close a wave two minutes before its release", "0031_wave_closed"),
               (FIX_DEPLOY, fix, "waves: WaveAssignment.order_id is a bigint", "0032_alter_waveassignment_order_id")]
    prev_sha = prev_deployed
    for when, sha, subject, migration in deploys:
        t = when - dt.timedelta(seconds=82)
        flux.add(t, fluxline(t, "gitrepository", f"stored artifact for commit '{subject}'", name="shop-apps", namespace="flux-system",
                             revision=f"production@sha1:{sha}"))
        t = when - dt.timedelta(seconds=71)
        flux.add(t, fluxline(t, "kustomization", "server-side apply completed", name=SERVICE, namespace="flux-system", revision=f"production@sha1:{sha}",
                             output={"Job/fulfilment/fulfilment-router-migrate": "created", "Deployment/fulfilment/fulfilment-router-api": "configured",
                                     "Deployment/fulfilment/fulfilment-router-consumer": "configured"}))
        t = when - dt.timedelta(seconds=64 - rng.uniform(0, 0.9))
        for k, line in enumerate(["Operations to perform:", "  Apply all migrations: auth, contenttypes, fulfilment", "Running migrations:",
                                  f"  Applying fulfilment.{migration}... OK"]):
            s = t + dt.timedelta(milliseconds=k * 9 + (rng.randint(180, 420) if k == 3 else 0))
            migrate.add(s, kts(s, line))
        t = when + dt.timedelta(seconds=rng.uniform(40, 55))
        flux.add(t, fluxline(t, "kustomization", f"Reconciliation finished in {(t - when).total_seconds() + 71:.3f}s, next run in 10m0s", name=SERVICE,
                             namespace="flux-system", revision=f"production@sha1:{sha}"))
        for i in range(2):
            s = when + dt.timedelta(seconds=6 + 20 * i + rng.uniform(0, 2))
            pl(s, "INFO", "fulfilment.consumer", f"fulfilment-router consumer starting: version={sha[:7]} group=fulfilment-router topic=orders.placed")
            pl(s + dt.timedelta(seconds=3.2), "INFO", "fulfilment.consumer", f"partitions assigned: orders.placed [{', '.join(str(p) for p in range(i * 3, i * 3 + 3))}]")
            a = when + dt.timedelta(seconds=4 + 20 * i + rng.uniform(0, 2))
            pl(a, "INFO", "gunicorn.error", "Starting gunicorn 22.0.0")
            pl(a + dt.timedelta(milliseconds=3), "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")
            for w in range(3):
                pl(a + dt.timedelta(milliseconds=12 + 8 * w), "INFO", "gunicorn.error", f"Booting worker with pid: {7 + w}")
        revisions.append((when, sha, prev_sha))
        prev_sha = sha
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        sha = [r for r in revisions if r[0] <= t][-1][1]
        flux.add(t, fluxline(t, "kustomization", f"no changes since last reconcilation: observed revision 'production@sha1:{sha}'", name=SERVICE, namespace="flux-system"))
        t += dt.timedelta(minutes=10, seconds=rng.uniform(-2, 2))

    # Pick waves: one per warehouse every 15 minutes; ids count up across warehouses.
    wave_ids, next_wave = {}, 88190
    slot = START.replace(minute=START.minute - START.minute % 15)
    while slot < END + dt.timedelta(minutes=15):
        for code in WAREHOUSES:
            wave_ids[(code, slot)] = next_wave
            next_wave += 1
        slot += dt.timedelta(minutes=15)

    def wave_of(code, t):
        close = dt.timedelta(minutes=2) if t >= WAVE_DEPLOY else dt.timedelta(0)
        base = (t + close).replace(second=0, microsecond=0)
        base -= dt.timedelta(minutes=base.minute % 15)
        return wave_ids[(code, base)], base + dt.timedelta(minutes=15)

    # Orders: the shop's shared sequence moves a few hundred ids per order; ids
    # come out of per-session sequence caches, so they arrive a little out of order.
    seq = SEQ_START
    routed, failed = {}, {}
    wave_counts = {}
    orders = []
    dead = []

    def rate(t):
        hours = (t - START).total_seconds() / 3600
        return 2.5 + 3.5 * min(1.0, hours / 4)

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        seq += rng.randint(260, 560)
        orders.append((t, seq - rng.randint(0, 2400)))
    recovered = REPLAY + dt.timedelta(seconds=40)
    pg_pids = {0: rng.randint(20000, 30000), 1: rng.randint(20000, 30000)}
    for t, oid in orders:
        if t >= END:
            break
        code = weighted_code(rng)
        part = rng.randrange(6)
        minute = int(t.timestamp()) // 60 * 60
        took = ms(rng, 38, 0.4) / 1000
        done = t + dt.timedelta(seconds=took)
        fails = oid > INT4_MAX and t < FIX_DEPLOY + dt.timedelta(seconds=30)
        if not fails:
            wave, _ = wave_of(code, done)
            wave_counts[wave] = wave_counts.get(wave, 0) + 1
            routed[minute] = routed.get(minute, 0) + 1
            pl(done, "INFO", "fulfilment.routing", f"routed order {oid} to {code} (wave {wave}, {rng.choice([1, 1, 1, 2, 2, 3, 4, 6])} lines)")
            continue
        failed[minute] = failed.get(minute, 0) + 1
        dead.append((t, oid))
        wave, _ = wave_of(code, done)
        pid = pg_pids[part // 3]
        for attempt in (1, 2, 3):
            stamp = done.strftime("%Y-%m-%dT%H:%M:%S.") + f"{done.microsecond:06d}+00:00"
            pg.add(done, postgres(done, pid, "ERROR", "integer out of range", user_db="fulfilment@fulfilment"))
            pg.add(done, postgres(done, pid, "STATEMENT",
                   f"INSERT INTO \"fulfilment_waveassignment\" (\"order_id\", \"warehouse\", \"assigned_at\", \"wave_id\") VALUES ({oid}, '{code}', '{stamp}'::timestamptz, {wave}) RETURNING \"fulfilment_waveassignment\".\"id\"",
                   user_db="fulfilment@fulfilment"))
            if attempt < 3:
                pl(done + dt.timedelta(milliseconds=2), "WARNING", "fulfilment.consumer",
                   f"order {oid} attempt {attempt}/3 failed: DataError: integer out of range; retrying in {2 ** attempt}s")
                done += dt.timedelta(seconds=2 ** attempt, milliseconds=ms(rng, 30, 0.3))
            else:
                pl(done + dt.timedelta(milliseconds=2), "ERROR", "fulfilment.consumer", f"order {oid} dead-lettered to orders.placed.dlq after 3 attempts")
                app.entries[-1] = (app.entries[-1][0], app.entries[-1][1], app.entries[-1][2] + "\n" + TRACE)

    # The dead-letter replay after the fix.
    pl(REPLAY, "INFO", "fulfilment.replay", f"replaying orders.placed.dlq into route_order: {len(dead)} messages")
    t = REPLAY
    for _, oid in dead:
        t += dt.timedelta(milliseconds=ms(rng, 45, 0.3))
        code = weighted_code(rng)
        wave, _ = wave_of(code, t)
        wave_counts[wave] = wave_counts.get(wave, 0) + 1
        pl(t, "INFO", "fulfilment.routing", f"routed order {oid} to {code} (wave {wave}, {rng.choice([1, 1, 2, 3])} lines)")
    pl(t + dt.timedelta(milliseconds=40), "INFO", "fulfilment.replay", f"replay finished: {len(dead)} routed, 0 failed")
    routed[int(t.timestamp()) // 60 * 60] = routed.get(int(t.timestamp()) // 60 * 60, 0) + len(dead)

    # Stock lookups that find nothing, a slow stock-api now and then.
    emit(rng, app, START, END, 0.4, [
        (3, lambda t: python_logging(t, "WARNING", "fulfilment.routing", f"no warehouse has every line in stock for order {orders[max(0, bisect_time(orders, t) - 1)][1]}; routing to WAW2 for a split")),
        (1, lambda t: python_logging(t, "WARNING", "fulfilment.clients", f"stock-api slow: {ms(rng, 1400, 0.3)} ms for /v2/availability")),
    ])

    # Waves: closed two minutes early from the 13:08 rollout; released by the WMS every 15 minutes.
    slot = START.replace(minute=START.minute - START.minute % 15) + dt.timedelta(minutes=15)
    while slot < END:
        for code in WAREHOUSES:
            prev = wave_ids[(code, slot - dt.timedelta(minutes=15))]
            n = wave_counts.get(prev, 0)
            if slot - dt.timedelta(minutes=2) >= WAVE_DEPLOY + dt.timedelta(seconds=30):
                c = slot - dt.timedelta(minutes=2) + dt.timedelta(milliseconds=rng.randint(20, 900))
                pl(c, "INFO", "fulfilment.waves", f"wave {prev} at {code} closed for release with {n} orders; later orders go to the next wave")
            r = slot + dt.timedelta(seconds=rng.uniform(2, 9))
            took = ms(rng, 60, 0.3) / 1000
            ingress.add(r, nginx_access(r, "10.61.4.21", "GET", f"/api/v1/waves/{prev}/orders", 200, 40 + 12 * n, took, "wms-connector/3.4 (Manhattan SCALE)", upstream_rt=took))
            body = {"timestamp": r.strftime("%Y-%m-%dT%H:%M:%S.") + f"{r.microsecond // 1000:03d}Z", "site": code, "component": "wave-release", "wave": str(prev), "orders": n}
            if n == 0:
                body.update(level="WARN", message="released wave contains no orders; pick paths not generated")
            else:
                body.update(level="INFO", message="wave released", pick_paths=max(1, n // 9))
            wms.add(r, json.dumps(body, separators=(",", ":")))
        slot += dt.timedelta(minutes=15)
    for t in poisson_times(rng, START, END, 0.3):
        wms.add(t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": "INFO", "site": rng.choice(WAREHOUSES),
                               "component": "putaway", "message": "inbound receipt closed", "asn": f"ASN-{rng.randint(400000, 499999)}"}, separators=(",", ":")))

    # Customer service and the tracking page look up recent orders.
    for t in poisson_times(rng, START, END, 3):
        recent = [o for o in orders[max(0, bisect_time(orders, t) - 600):bisect_time(orders, t)]]
        if not recent:
            continue
        ot, oid = rng.choice(recent)
        missing = oid > INT4_MAX and ot < FIX_DEPLOY + dt.timedelta(seconds=30) and t < recovered
        took = ms(rng, 14, 0.4) / 1000
        ua = rng.choice(["customer-service/2.19 (python-requests)", "tracking-web/5.3 (node-fetch)"])
        ip = "10.61.2.17" if ua.startswith("customer") else "10.61.7.40"
        if missing:
            ingress.add(t, nginx_access(t, ip, "GET", f"/api/v1/fulfilment-orders/by-order/{oid}", 404, 23, took, ua, upstream_rt=took))
            pl(t, "WARNING", "django.request", f"Not Found: /api/v1/fulfilment-orders/by-order/{oid}")
        else:
            ingress.add(t, nginx_access(t, ip, "GET", f"/api/v1/fulfilment-orders/by-order/{oid}", 200, rng.randint(88, 104), took, ua, upstream_rt=took))

    # PostgreSQL's routine lines.
    t = START + dt.timedelta(minutes=rng.uniform(0, 5))
    while t < END:
        pg.add(t, postgres(t, 61, "LOG", "checkpoint starting: time"))
        e = t + dt.timedelta(seconds=rng.uniform(20, 140))
        buffers = rng.randint(300, 4200)
        pg.add(e, postgres(e, 61, "LOG", f"checkpoint complete: wrote {buffers} buffers ({buffers / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; "
                                      f"write={rng.uniform(10, 130):.3f} s, sync={rng.uniform(0.001, 0.05):.3f} s, total={rng.uniform(10, 140):.3f} s; sync files={rng.randint(20, 90)}, "
                                      f"longest={rng.uniform(0.001, 0.01):.3f} s, average={rng.uniform(0.0001, 0.002):.3f} s; distance={rng.randint(4000, 40000)} kB, estimate={rng.randint(20000, 45000)} kB"))
        t += dt.timedelta(minutes=5)
    emit(rng, pg, START, END, 0.25, [
        (3, lambda t: postgres(t, rng.randint(20000, 30000), "LOG", "connection authorized: user=fulfilment database=fulfilment application_name=", user_db="fulfilment@fulfilment")),
        (2, lambda t: postgres(t, rng.randint(30000, 40000), "LOG", f"automatic vacuum of table \"fulfilment.public.{rng.choice(['fulfilment_fulfilmentorder', 'fulfilment_wave', 'fulfilment_warehouse'])}\": index scans: 1")),
        (1, lambda t: postgres(t, rng.randint(20000, 30000), "LOG", f"duration: {rng.randint(1001, 2600)}.{rng.randint(100, 999)} ms  statement: SELECT \"fulfilment_fulfilmentorder\".\"order_id\" FROM \"fulfilment_fulfilmentorder\" WHERE \"fulfilment_fulfilmentorder\".\"promised_by\" < now() AND NOT shipped", user_db="reporting@fulfilment")),
    ])
    return [app, pg, migrate, flux, wms, ingress], routed, failed


def weighted_code(rng):
    x = rng.random()
    return "WAW2" if x < 0.5 else ("POZ1" if x < 0.8 else "GDN1")


def bisect_time(orders, t):
    lo, hi = 0, len(orders)
    while lo < hi:
        mid = (lo + hi) // 2
        if orders[mid][0] < t:
            lo = mid + 1
        else:
            hi = mid
    return lo


def build(out_dir):
    rng = random.Random(11100)
    repo, culprit, prev_deployed, head, wave_close, fix = build_repo()
    try:
        logs, routed, failed = build_logs(rng, prev_deployed, head, wave_close, fix)
        onset = min(t for t, _, text in logs[0].entries if "integer out of range" in text).replace(microsecond=0)

        def per_min(table):
            return lambda t: table.get(int(t.timestamp()) // 60 * 60, 0)

        dlq = {}
        total = 0
        for ts in range(int(START.timestamp()) // 60 * 60, int(END.timestamp()) + 60, 60):
            total += failed.get(ts, 0)
            dlq[ts] = total

        def dlq_depth(t):
            ts = int(t.timestamp()) // 60 * 60
            if t >= REPLAY + dt.timedelta(seconds=60):
                return 0
            return dlq.get(ts, 0)

        metrics = {
            "fulfilment_orders_per_minute.json": query_range(
                [({"service": SERVICE, "outcome": "routed"}, per_min(routed)), ({"service": SERVICE, "outcome": "dead_lettered"}, per_min(failed))], START, END, 60),
            "kafka_consumergroup_lag_dlq.json": query_range(
                [({"consumergroup": "fulfilment-router-replay", "topic": "orders.placed.dlq"}, dlq_depth)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="integer-overflow-counter", service=SERVICE, onset=onset,
            description=f"""
Orders stop reaching the warehouses. From {onset.strftime('%H:%M')} fulfilment-router dead-letters
almost every new order from the shop, the WMS releases empty pick waves
and customer service's lookups of new orders get 404. fulfilment-router
was deployed at 08:05 (start-up lines name a psycopg2 bump) and at 13:08
(a change to how waves close); the team deployed a fix at 14:24 and
replayed the dead-letter topic at 14:31.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"fulfilment-router-migrate.log": r"<Time> <Content>"},
            root_cause=[r"integer out of range", r'INSERT INTO "fulfilment_waveassignment"'],
            fix_files=["fulfilment/models.py", "fulfilment/migrations/0032_alter_waveassignment_order_id.py"],
            explanation="""
The culprit adds the WaveAssignment table with order_id as an IntegerField
(PostgreSQL integer, at most 2,147,483,647), while the shop's order ids
(FulfilmentOrder.order_id is a BigIntegerField) come from a shared bigint
sequence that stood at about 2,146.9 million when it was rolled out at
08:05. Inserts work until the shop's ids pass 2^31 - 1 at the onset; from
then every insert into fulfilment_waveassignment fails ("integer out of
range" in PostgreSQL and in the consumer's DataError), the transaction
rolls back, the consumer dead-letters the order, the WMS releases empty
waves and lookups of new orders return 404. Orders with older ids from
other sessions' sequence caches still go through for a minute or two.
The fix makes the column a bigint (models.py and an AlterField migration);
the dead-lettered orders are replayed after it. Decoys: the earlier
models.py edit (carrier service level), the order-flow docs, routing
tests, the psycopg2 bump the 08:05 start-up lines and Flux name (shipped
with the culprit), the waves.py change rolled out at 13:08, about half an
hour before the onset, whose "wave ... closed" lines are new, and a
runbook commit after the onset.
""",
        )
    finally:
        repo.close()
