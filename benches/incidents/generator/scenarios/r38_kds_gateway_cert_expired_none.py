"""kitchen-bridge (Python 3.12, FastAPI webhooks and Celery workers on EKS,
released by a Jenkins pipeline running Helm) of Forno Rosso, a pizza chain of
84 stores in the UK and Ireland. Every order (web and app orders after
payment, Munchr and Deliverly marketplace orders through order-hub) becomes a
kitchen ticket: kitchen-bridge posts it to the KDS vendor Chefline's cloud API,
which relays it to the store's kitchen display over its device gateway
(wss://devices.chefline.io, connections recycled every 30 minutes); the
device's acknowledgement comes back as a `ticket.delivered` webhook, on which
order-hub accepts marketplace orders. A beat task warns about tickets not
acknowledged within ACK_TIMEOUT_S and publishes order.kitchen_unconfirmed.
Munchr cancels an order not accepted within 8 minutes (Deliverly 10) and
pauses stores with many cancellations.

On Friday 13 November at 16:52:09 UTC the TLS certificate of Chefline's EU
device gateway expires (their renewal had failed silently). Connected
displays keep working until their connection is recycled; from then on they
cannot reconnect ("Chain validation failed", CertificateExpiredException on
the devices), Chefline marks them offline and queues their tickets. Within
half an hour every store's display is dark at the start of the Friday
dinner peak: the API still answers 201 for every ticket, but nothing is
delivered, so every ticket goes unacknowledged and marketplace orders are
cancelled. Chefline deploys a renewed certificate at 18:19; displays
reconnect within five minutes and receive every queued ticket at once.
Nothing in kitchen-bridge caused it.

kitchen-bridge 3.18.0 was released at 16:29, 27 minutes before the first
unacknowledged ticket: KB-341 (Chefline ticket payload v2, chefline-sdk
2.8.0), KB-344 (ACK_TIMEOUT_S 180 -> 120 and a status poll at the deadline)
and KB-339 of the evening before (the warning now names Chefline's status and
the device). The on-call rolls it back at 17:10 (`helm rollback` from a
Jenkins job) without effect: the warnings go on in the old wording at 180 s.
Store Support turns on print_fallback (Unleash) at 17:21; order-hub accepts
marketplace orders on a queued ticket from 17:31; Store IT finds the expired
certificate on a display's log at 17:27; Chefline's status page says
"Investigating" at 17:46 and names the certificate at 18:07.

Sources: kitchen-bridge workers (Celery, `kubectl logs --prefix`, line
format), kitchen-bridge API (python-json-logger JSON), Traefik access log
(CLF), order-hub (logfmt), Jenkins console (timestamper), a Cardiff display's
logcat pulled through the MDM (threadtime with year, line format), Chefline's
status page (JSON), #kitchen-incidents (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, runbook

SERVICE = "kitchen-bridge"
START, END = utc("2026-11-13 14:30:00"), utc("2026-11-13 19:00:00")
RELEASE = utc("2026-11-13 16:29:36")
EXPIRY = utc("2026-11-13 16:52:09")
ROLLBACK = utc("2026-11-13 17:10:31")
PRINT_ON = utc("2026-11-13 17:21:05")
ACCEPT_QUEUED = utc("2026-11-13 17:31:42")
FIXED = utc("2026-11-13 18:19:27")
PRINT_OFF = utc("2026-11-13 18:38:12")
NEW_EXPIRY = utc("2027-02-11 17:04:51")

# ---------------------------------------------------------------------------
# the repository

TASKS = '''"""Kitchen tickets: one task per order, and a beat task (every SWEEP_EVERY_S)
that looks for tickets the store's KDS has not acknowledged."""
import logging
from datetime import timedelta

from celery import shared_task
from chefline import ChefAPIError, Client

from kitchen_bridge import settings
from kitchen_bridge.db import tickets as store_tickets
from kitchen_bridge.events import publish
from kitchen_bridge.tickets.payload import to_chefline

log = logging.getLogger(__name__)
chef = Client(settings.CHEFLINE_BASE_URL, settings.CHEFLINE_API_KEY)


@shared_task(bind=True, max_retries=5)
def send_ticket(self, order):
    try:
        ticket = chef.tickets.create(order["location_id"], to_chefline(order))
    except ChefAPIError as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries)
    store_tickets.save(order["id"], ticket.id, status=ticket.status)
    return ticket.id


@shared_task
def sweep_unacknowledged():
    late = store_tickets.unacknowledged(older_than=timedelta(seconds=settings.ACK_TIMEOUT_S))
    for t in late:
        log.warning("ticket %s for order %s not acknowledged within %ss", t.ticket_id, t.order_id, settings.ACK_TIMEOUT_S)
        store_tickets.mark_escalated(t)
        publish("order.kitchen_unconfirmed", {"order_id": t.order_id, "store": t.store})
    return len(late)
'''

PAYLOAD = '''"""Our order -> Chefline ticket (API v1: one flat list of items)."""


def to_chefline(order):
    return {
        "external_id": order["id"],
        "channel": order["channel"],
        "due_at": order["promised_at"],
        "items": [
            {"name": line["name"], "qty": line["qty"], "mods": [m["name"] for m in line["modifiers"]]}
            for line in order["lines"]
        ],
        "notes": order.get("kitchen_notes", ""),
    }
'''

WEBHOOKS = '''"""Chefline webhooks: ticket.delivered (the display acknowledged a ticket) and
device.status_changed (a display went offline or came back)."""
import logging

from fastapi import APIRouter, Request

from kitchen_bridge.db import tickets
from kitchen_bridge.events import publish
from kitchen_bridge.webhooks.signing import verify

log = logging.getLogger(__name__)
router = APIRouter()


@router.post("/webhooks/chefline", status_code=204)
async def chefline(request: Request):
    event = verify(request.headers, await request.body())
    if event.type == "ticket.delivered":
        t = tickets.mark_delivered(event.data["ticket_id"], event.data["delivered_at"])
        log.info("ticket delivered", extra={"ticket_id": t.ticket_id, "order_id": t.order_id, "store": t.store})
        publish("order.in_kitchen", {"order_id": t.order_id, "store": t.store})
    elif event.type == "device.status_changed":
        state = event.data["state"]
        (log.warning if state == "offline" else log.info)(f"KDS device {state}", extra={"store": event.data["location_ref"], "device": event.data["device_id"]})
'''

SETTINGS = '''import os

CHEFLINE_BASE_URL = os.environ.get("CHEFLINE_BASE_URL", "https://api.chefline.io/v2")
CHEFLINE_API_KEY = os.environ["CHEFLINE_API_KEY"]
CHEFLINE_WEBHOOK_SECRET = os.environ["CHEFLINE_WEBHOOK_SECRET"]
# A display normally acknowledges within seconds; past this the order is escalated.
ACK_TIMEOUT_S = int(os.environ.get("ACK_TIMEOUT_S", "180"))
SWEEP_EVERY_S = 30
BROKER_URL = os.environ.get("BROKER_URL", "redis://kitchen-redis:6379/0")
'''

VALUES = '''image:
  repository: registry.fornorosso.co.uk/kitchen/kitchen-bridge
api:
  replicas: 2
worker:
  replicas: 3
  concurrency: 8
env:
  CHEFLINE_BASE_URL: https://api.chefline.io/v2
  ACK_TIMEOUT_S: "180"
  UNLEASH_URL: https://unleash.internal/api
'''

PYPROJECT = '''[project]
name = "kitchen-bridge"
version = "3.17.0"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.115.4",
  "uvicorn==0.32.0",
  "celery[redis]==5.4.0",
  "chefline-sdk==2.7.1",
  "httpx==0.27.2",
  "python-json-logger==2.0.7",
  "UnleashClient==5.12.0",
  "sentry-sdk==2.17.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "respx==0.21.1"]
'''

JENKINSFILE = '''pipeline {
  agent { kubernetes { inheritFrom 'docker-helm' } }
  parameters { string(name: 'VERSION', description: 'image tag, e.g. 3.18.0') }
  stages {
    stage('Test') { steps { sh 'pip install -e .[test] && pytest -q' } }
    stage('Build') {
      steps {
        sh "docker build -t registry.fornorosso.co.uk/kitchen/kitchen-bridge:${params.VERSION} --build-arg GIT_SHA=${env.GIT_COMMIT} ."
        sh "docker push registry.fornorosso.co.uk/kitchen/kitchen-bridge:${params.VERSION}"
      }
    }
    stage('Deploy') {
      steps {
        sh "helm upgrade --install kitchen-bridge ./chart -n kitchen -f chart/values-prod.yaml --set image.tag=${params.VERSION} --wait --timeout 5m"
      }
    }
  }
}
'''


def build_repo():
    tom = Person("Tom Hughes", "tom.hughes@fornorosso.co.uk", 0)
    marek = Person("Marek Zieliński", "marek.zielinski@fornorosso.co.uk", 60)
    niamh = Person("Niamh Byrne", "niamh.byrne@fornorosso.co.uk", 0)
    arjun = Person("Arjun Mehta", "arjun.mehta@fornorosso.co.uk", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# kitchen-bridge\n\nTurns every Forno Rosso order (web, app, Munchr, Deliverly) into a ticket on the\nstore's Chefline KDS and tells order-hub when the kitchen has it.\n\n```\npip install -e .[test]\npytest -q\ncelery -A kitchen_bridge.worker worker -B\n```\n\nReleased by the Jenkins job `kitchen-bridge-release` (Helm, EKS `eks-prod-euw2`,\nnamespace `kitchen`).\n",
        "docs/runbook.md": runbook("kitchen-bridge", [
            ("KitchenTicketsUnacknowledged", "Tickets not acknowledged by the store's display within ACK_TIMEOUT_S.\nCheck Chefline (status.chefline.io) and the device.status_changed webhooks. Store\nSupport can turn on print_fallback (Unleash) per store or for all stores."),
            ("ChefAPIErrors", "5xx or timeouts from api.chefline.io; tickets retry with backoff."),
        ]),
        "pyproject.toml": PYPROJECT,
        "kitchen_bridge/__init__.py": "",
        "kitchen_bridge/settings.py": SETTINGS,
        "kitchen_bridge/tickets/__init__.py": "",
        "kitchen_bridge/tickets/tasks.py": TASKS,
        "kitchen_bridge/tickets/payload.py": PAYLOAD,
        "kitchen_bridge/webhooks/__init__.py": "",
        "kitchen_bridge/webhooks/chefline.py": WEBHOOKS,
        "kitchen_bridge/webhooks/signing.py": '"""Chefline-Signature: t=<unix>,v1=<hex hmac-sha256 of t.body>."""\nimport hashlib\nimport hmac\n\nfrom kitchen_bridge import settings\n\n\ndef verify(headers, body):\n    t, v1 = (p.split("=", 1)[1] for p in headers["Chefline-Signature"].split(","))\n    mac = hmac.new(settings.CHEFLINE_WEBHOOK_SECRET.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(mac, v1):\n        raise PermissionError("bad signature")\n    return Event.parse(body)\n',
        "chart/values-prod.yaml": VALUES,
        "Jenkinsfile": JENKINSFILE,
        "tests/test_payload.py": 'from kitchen_bridge.tickets.payload import to_chefline\n\n\ndef test_flat_items(order):\n    assert [i["name"] for i in to_chefline(order)["items"]] == ["Margherita 12\\"", "Garlic Bread"]\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nARG GIT_SHA=dev\nENV GIT_SHA=$GIT_SHA\nCMD [\"uvicorn\", \"kitchen_bridge.api:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]\n",
    }
    repo.commit(utc("2026-11-09 09:40:00"), tom, "kitchen-bridge: Chefline tickets, webhooks, ack sweep, Helm chart, Jenkins pipeline", files)
    repo.schedule(chores(random.Random(38201), SERVICE, [niamh, arjun, marek], utc("2026-11-09 10:30:00"), utc("2026-11-13 12:00:00"), 4))
    repo.commit(utc("2026-11-10 14:05:00"), niamh, "webhooks: verify Chefline's v1 signature with a 5 minute tolerance (KB-330)", {
        "kitchen_bridge/webhooks/signing.py": repo.edit("kitchen_bridge/webhooks/signing.py", "    if not hmac.compare_digest(mac, v1):\n",
                                                       "    if abs(time.time() - int(t)) > 300 or not hmac.compare_digest(mac, v1):\n").replace("import hmac\n", "import hmac\nimport time\n"),
    })
    repo.commit(utc("2026-11-11 11:20:00"), marek, "printing: POS print fallback per store behind the print_fallback flag (KB-333)", {
        "kitchen_bridge/printing/__init__.py": "",
        "kitchen_bridge/printing/fallback.py": '"""When the print_fallback flag is on for a store, every ticket is also printed\non the kitchen printer through the POS (Tillwise) print API."""\nimport logging\n\nfrom kitchen_bridge.pos import tillwise\n\nlog = logging.getLogger(__name__)\n\n\ndef print_via_pos(order):\n    job = tillwise.print_kitchen_ticket(order["store"], order)\n    log.info("print fallback: ticket sent to POS printer store=%s order=%s pos_job=%s", order["store"], order["id"], job)\n',
        "kitchen_bridge/tickets/tasks.py": repo.edit("kitchen_bridge/tickets/tasks.py", "    store_tickets.save(order[\"id\"], ticket.id, status=ticket.status)\n",
                                                    "    store_tickets.save(order[\"id\"], ticket.id, status=ticket.status)\n    if flags.is_enabled(\"print_fallback\", context={\"store\": order[\"store\"]}):\n        print_via_pos(order)\n").replace(
            "from kitchen_bridge.events import publish\n", "from kitchen_bridge.events import publish\nfrom kitchen_bridge.flags import flags\nfrom kitchen_bridge.printing.fallback import print_via_pos\n"),
    })
    old_release = repo.commit(utc("2026-11-12 10:15:00"), arjun, "tickets: retry Chefline 5xx and timeouts with full jitter (KB-336)", {
        "kitchen_bridge/tickets/tasks.py": repo.edit("kitchen_bridge/tickets/tasks.py", "        raise self.retry(exc=exc, countdown=2 ** self.request.retries)\n",
                                                    "        raise self.retry(exc=exc, countdown=random.uniform(0, 2 ** (self.request.retries + 1)))\n").replace("import logging\n", "import logging\nimport random\n"),
    })
    repo.commit(utc("2026-11-12 17:05:00"), niamh, "tickets: log unacknowledged tickets with Chefline's status and the display (KB-339)\n\nCardiff said its screen missed two tickets on Tuesday; all we had was\n'not acknowledged within 180s'.", {
        "kitchen_bridge/tickets/tasks.py": repo.edit("kitchen_bridge/tickets/tasks.py",
            '        log.warning("ticket %s for order %s not acknowledged within %ss", t.ticket_id, t.order_id, settings.ACK_TIMEOUT_S)\n',
            '        log.warning("Ticket not acknowledged by KDS within %ss: ticket=%s order=%s store=%s chefline_status=%s device=%s device_state=%s",\n'
            '                    settings.ACK_TIMEOUT_S, t.ticket_id, t.order_id, t.store, t.status, t.device_id, t.device_state)\n'),
    })
    repo.commit(utc("2026-11-13 07:30:00"), bot, "fix(deps): update dependency sentry-sdk to v2.18.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"sentry-sdk==2.17.0"', '"sentry-sdk==2.18.0"'),
    })
    repo.commit(utc("2026-11-13 11:40:00"), marek, "tickets: Chefline ticket payload v2, items grouped by station with allergen flags (KB-341)\n\nThe winter menu's stuffed crusts go to the dough station and the sides to\nthe fryer; v1 showed every item on every screen. Needs chefline-sdk 2.8.", {
        "kitchen_bridge/tickets/payload.py": '"""Our order -> Chefline ticket (API v2: items grouped by station)."""\nfrom collections import defaultdict\n\nSTATIONS = {"pizza": "oven", "crust": "dough", "side": "fryer", "dessert": "expo", "drink": "expo"}\n\n\ndef to_chefline(order):\n    groups = defaultdict(list)\n    for line in order["lines"]:\n        groups[STATIONS.get(line["category"], "expo")].append({\n            "name": line["name"], "qty": line["qty"], "mods": [m["name"] for m in line["modifiers"]],\n            "allergens": sorted(line.get("allergens", [])),\n        })\n    return {\n        "schema": "ticket.v2",\n        "external_id": order["id"],\n        "channel": order["channel"],\n        "due_at": order["promised_at"],\n        "stations": [{"station": s, "items": items} for s, items in groups.items()],\n        "notes": order.get("kitchen_notes", ""),\n    }\n',
        "pyproject.toml": repo.edit("pyproject.toml", '"chefline-sdk==2.7.1"', '"chefline-sdk==2.8.0"').replace('version = "3.17.0"', 'version = "3.18.0"'),
    })
    repo.commit(utc("2026-11-13 14:55:00"), tom, "tickets: ack timeout 120 s, ask Chefline for the ticket's status at the deadline (KB-344)\n\nA display acknowledges within 3 s at p99; three minutes is a long time for\na delivery order. At the deadline we ask Chefline whether it has the\nticket as delivered before escalating (webhooks arrive late now and then).", {
        "chart/values-prod.yaml": repo.edit("chart/values-prod.yaml", 'ACK_TIMEOUT_S: "180"', 'ACK_TIMEOUT_S: "120"'),
        "kitchen_bridge/tickets/tasks.py": repo.edit("kitchen_bridge/tickets/tasks.py", "    for t in late:\n        log.warning(",
            "    for t in late:\n        remote = chef.tickets.get(t.ticket_id)\n        if remote.status == \"delivered\":\n            store_tickets.mark_delivered(t, remote.delivered_at)\n            continue\n        t.status, t.device_state = remote.status, remote.device.state\n        log.warning("),
    })
    repo.commit(utc("2026-11-13 15:40:00"), marek, "test: payload v2 groups items by station", {
        "tests/test_payload.py": 'from kitchen_bridge.tickets.payload import to_chefline\n\n\ndef test_grouped_by_station(order):\n    stations = {s["station"]: [i["name"] for i in s["items"]] for s in to_chefline(order)["stations"]}\n    assert stations == {"oven": ["Margherita 12\\""], "fryer": ["Garlic Bread"]}\n',
    })
    head = repo.commit(utc("2026-11-13 16:05:00"), niamh, "docs: Chefline webhook events we handle", {
        "docs/chefline-webhooks.md": "# Chefline webhooks\n\n| event | what we do |\n|---|---|\n| ticket.delivered | mark delivered, publish order.in_kitchen (order-hub accepts marketplace orders) |\n| device.status_changed | log it; Store Support sees it in Grafana |\n| ticket.bumped | ignored for now |\n\nChefline retries a webhook for 24 h with backoff; we answer 204.\n",
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# the chain

STORE_NAMES = [
    "Cardiff Queen Street", "Reading Broad Street", "Leeds Briggate", "Bristol Cabot Circus", "Manchester Deansgate", "Birmingham New Street",
    "Nottingham Market Square", "Sheffield Division Street", "Liverpool Bold Street", "Newcastle Grey Street", "York Coney Street",
    "Brighton North Laine", "Oxford Cornmarket", "Cambridge Regent Street", "Bath Milsom Street", "Exeter High Street", "Plymouth Royal Parade",
    "Southampton Above Bar", "Portsmouth Gunwharf", "Guildford High Street", "Kingston Market Place", "Croydon Boxpark", "Islington Upper Street",
    "Clapham High Street", "Camden Parkway", "Shoreditch High Street", "Greenwich Church Street", "Richmond George Street", "Watford Parade",
    "St Albans Chequer Street", "Milton Keynes Midsummer", "Northampton Abington Street", "Leicester Highcross", "Coventry Hertford Street",
    "Derby Sadler Gate", "Stoke Hanley", "Chester Eastgate", "Preston Fishergate", "Lancaster Church Street", "Blackpool Talbot Road",
    "Hull Whitefriargate", "Lincoln High Street", "Norwich Castle Meadow", "Ipswich Tavern Street", "Colchester Head Street", "Chelmsford Moulsham Street",
    "Canterbury St Margaret's", "Maidstone Week Street", "Swansea Wind Street", "Newport Commercial Street", "Gloucester Southgate", "Cheltenham Montpellier",
    "Worcester Broad Street", "Hereford High Town", "Shrewsbury Pride Hill", "Wolverhampton Lichfield Street", "Edinburgh George Street",
    "Edinburgh Leith Walk", "Glasgow Buchanan Street", "Glasgow Byres Road", "Aberdeen Union Street", "Dundee Murraygate", "Stirling Port Street",
    "Inverness Church Street", "Belfast Botanic Avenue", "Belfast Lisburn Road", "Derry Shipquay Street", "Dublin Camden Street", "Dublin Dame Street",
    "Dublin Ranelagh", "Cork Oliver Plunkett Street", "Galway Shop Street", "Limerick O'Connell Street", "Kilkenny High Street", "Bournemouth Old Christchurch Road",
    "Poole High Street", "Salisbury Fisherton Street", "Swindon Regent Street", "Harrogate James Street", "Durham Saddler Street", "Sunderland Fawcett Street",
    "Middlesbrough Linthorpe Road", "Carlisle English Street", "Wimbledon Broadway",
]
STORES = [{"num": f"{101 + 3 * k:04d}", "name": name, "busy": 1.0 + (0.6 if k % 7 == 0 else 0.0)} for k, name in enumerate(STORE_NAMES)]
WORKER_PODS = {"3.18.0": ["kitchen-bridge-worker-7f6d9c8b5-2xkqp", "kitchen-bridge-worker-7f6d9c8b5-h8v4n", "kitchen-bridge-worker-7f6d9c8b5-qz7tm"],
               "3.17.2": ["kitchen-bridge-worker-5c9b7d6f4-9jw2r", "kitchen-bridge-worker-5c9b7d6f4-mr5xd", "kitchen-bridge-worker-5c9b7d6f4-t4lcz"]}
API_PODS = {"3.18.0": ["kitchen-bridge-api-6d4f8b7c9-7rtbn", "kitchen-bridge-api-6d4f8b7c9-wk2sx"],
            "3.17.2": ["kitchen-bridge-api-54b8c6d7f-cx9ph", "kitchen-bridge-api-54b8c6d7f-n6zfv"]}


def version(t):
    if ROLLBACK <= t:
        return "3.17.2"
    if RELEASE <= t:
        return "3.18.0"
    return "3.17.2"


def ack_timeout(t):
    return 120 if version(t) == "3.18.0" else 180


def celery(t, level, proc, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"[{stamp}: {level}/{proc}] {msg}"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def build_devices(rng):
    """Per store: a list of (offline_from, online_again) intervals of its display."""
    out = {}
    for s in STORES:
        phase = rng.uniform(0, 1800)
        recycles = []
        t = START - dt.timedelta(hours=1) + dt.timedelta(seconds=phase)
        if s["num"] == "0101":
            # the Cardiff display (whose log Store IT pulls) loses its connection 23 s after the expiry
            t = EXPIRY + dt.timedelta(seconds=23, milliseconds=417)
            while t - dt.timedelta(seconds=1800) >= START - dt.timedelta(hours=1):
                t -= dt.timedelta(seconds=1800)
        while t < END:
            recycles.append(t)
            t += dt.timedelta(seconds=1800 + (0 if s["num"] == "0101" else rng.uniform(-90, 90)))
        for w in poisson_times(rng, START, END, 0.2 / 60):
            if s["num"] != "0101":
                recycles.append(w)
        recycles.sort()
        out[s["num"]] = {"recycles": recycles, "offline": []}
        # after the expiry, the first recycle loses the connection until the renewed certificate
        lost = next(r for r in recycles if r >= EXPIRY)
        back = FIXED + dt.timedelta(seconds=rng.uniform(4, 300))
        out[s["num"]]["offline"].append((lost, back))
    # ordinary trouble before: a power cycle at one store, flaky Wi-Fi at another
    out["0311"]["offline"].insert(0, (utc("2026-11-13 15:11:48"), utc("2026-11-13 15:19:02")))
    out["0176"]["offline"].insert(0, (utc("2026-11-13 16:02:37"), utc("2026-11-13 16:07:55")))
    return out


def build_logs(rng, old_release, head):
    worker, api, traefik, hub, jenkins, device, status, chat = (Log("kitchen-bridge-worker.log"), Log("kitchen-bridge-api.log"), Log("traefik-access.log"),
                                                                Log("order-hub.log"), Log("jenkins.log"), Log("kds-0101-logcat.log"), Log("chefline-status.log"), Log("chat.log"))
    devices = build_devices(rng)
    stats = {"created": [], "delivered": [], "unacked": [], "printed": [], "cancelled": []}
    unacked_times = []
    shas = {"3.18.0": head, "3.17.2": old_release}
    seq = [0]

    def offline_at(num, t):
        for a, b in devices[num]["offline"]:
            if a <= t < b:
                return (a, b)
        return None

    def delivered_at(num, t):
        """When a ticket created at t reaches the store's display."""
        off = offline_at(num, t)
        if off:
            return off[1] + dt.timedelta(seconds=rng.uniform(1.0, 9.0))
        return t + dt.timedelta(milliseconds=rng.randint(700, 3800))

    def w(t, pod, level, proc, msg):
        worker.add(t, f"[pod/{pod}/worker] " + celery(t, level, proc, msg))

    def a(t, pod, level, logger, msg, **fields):
        body = {"timestamp": iso(t), "level": level, "logger": logger, "message": msg, "pod": pod}
        body.update(fields)
        api.add(t, json.dumps(body, separators=(", ", ": ")))

    def tr(t, path, status, ua, ms, client=None, size=0):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        seq[0] += 1
        traefik.add(t, f'{client or "52.56." + str(rng.randint(0, 255)) + "." + str(rng.randint(1, 254))} - - [{stamp}] "POST {path} HTTP/1.1" {status} {size} "-" "{ua}" {seq[0] + 418233} "kitchen-webhooks@kubernetescrd" "http://10.42.{rng.randint(1, 3)}.{rng.randint(10, 250)}:8000" {ms}ms')

    def h(t, level, msg, **f):
        hub.add(t, logfmt(t, level, msg, **f))

    # --- tickets
    def rate(t):
        x = t.hour + t.minute / 60
        if x < 16:
            return 3.5 + 2.0 * (x - 14.5)
        if x < 17:
            return 6.5 + 6.0 * (x - 16)
        if x < 18:
            return 12.5 + 5.0 * (x - 17)
        return 17.5 + 1.5 * min(1.0, x - 18)

    weights = [s["busy"] for s in STORES]
    tickets = []
    for t in poisson_times(rng, START, END, 20.0):
        if rng.random() > rate(t) / 20.0:
            continue
        store = rng.choices(STORES, weights)[0]
        k = rng.random()
        channel = "app" if k < 0.36 else "web" if k < 0.55 else "munchr" if k < 0.83 else "deliverly"
        tickets.append((t, store, channel))
    # orders for the two stores whose displays are down earlier in the afternoon
    by_num = {x["num"]: x for x in STORES}
    for stamp, num, channel in (("2026-11-13 15:12:31", "0311", "app"), ("2026-11-13 15:14:09", "0311", "munchr"), ("2026-11-13 16:03:05", "0176", "web")):
        tickets.append((utc(stamp) + dt.timedelta(microseconds=rng.randint(0, 999999)), by_num[num], channel))
    tickets.sort(key=lambda x: x[0])

    pending_sweep = []
    for t, store, channel in tickets:
        ver = version(t)
        pod = rng.choice(WORKER_PODS[ver])
        order = f"FR{store['num']}-{t.strftime('%H%M%S')}{rng.randint(10, 99)}"
        task = uuid(rng)
        w(t, pod, "INFO", "MainProcess", f"Task tickets.send_ticket[{task}] received")
        tkt = f"tkt_{hexid(rng, 20)}"
        done = t + dt.timedelta(milliseconds=rng.randint(90, 420))
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        if rng.random() < 0.012:
            w(done, pod, "INFO", proc, f"Task tickets.send_ticket[{task}] retry: Retry in {rng.randint(0, 3)}s: ChefAPIError({rng.choice(['503 Service Unavailable', 'ReadTimeout', '502 Bad Gateway'])})")
            done += dt.timedelta(seconds=rng.uniform(1, 4))
            w(done - dt.timedelta(milliseconds=300), pod, "INFO", "MainProcess", f"Task tickets.send_ticket[{task}] received")
        if PRINT_ON <= done < PRINT_OFF:
            w(done + dt.timedelta(milliseconds=rng.randint(80, 260)), pod, "INFO", proc, f"print fallback: ticket sent to POS printer store={store['num']} order={order} pos_job=PJ{rng.randint(1000000, 9999999)}")
            stats["printed"].append(done)
            done += dt.timedelta(milliseconds=300)
        w(done, pod, "INFO", proc, f"Task tickets.send_ticket[{task}] succeeded in {rng.uniform(0.08, 0.45):.4f}s: '{tkt}'")
        stats["created"].append(t)
        dv = delivered_at(store["num"], done)
        pending_sweep.append({"t": done, "store": store, "order": order, "tkt": tkt, "dv": dv, "channel": channel, "warned": False})
        if dv < END:
            apod = rng.choice(API_PODS[version(dv)])
            late = (dv - done).total_seconds()
            tr(dv, "/webhooks/chefline", 204, "Chefline-Webhooks/3.2", rng.randint(6, 30))
            if late > ack_timeout(done):
                a(dv, apod, "WARNING", "kitchen_bridge.webhooks.chefline", "ticket delivered after escalation", ticket_id=tkt, order_id=order, store=store["num"], queued_s=int(late))
            else:
                a(dv, apod, "INFO", "kitchen_bridge.webhooks.chefline", "ticket delivered", ticket_id=tkt, order_id=order, store=store["num"])
            stats["delivered"].append(dv)
        # marketplace orders: order-hub accepts on delivery (or, from 17:31:42, on a queued ticket)
        if channel in ("munchr", "deliverly"):
            mk = f"{'MNC' if channel == 'munchr' else 'DLV'}-{hexid(rng, 8).upper()}"
            received = t - dt.timedelta(milliseconds=rng.randint(300, 900))
            h(received, "info", "marketplace order received", source=channel, store=store["num"], marketplace_order=mk, order=order, items=rng.randint(1, 6))
            limit = dt.timedelta(minutes=8 if channel == "munchr" else 10)
            if done >= ACCEPT_QUEUED:
                acc = done + dt.timedelta(milliseconds=rng.randint(40, 200))
                h(acc, "info", "marketplace order accepted", source=channel, marketplace_order=mk, order=order, on="ticket_queued", after_ms=int((acc - received).total_seconds() * 1000))
            elif dv - received < limit:
                acc = dv + dt.timedelta(milliseconds=rng.randint(40, 200))
                if acc < END:
                    h(acc, "info", "marketplace order accepted", source=channel, marketplace_order=mk, order=order, on="ticket_delivered", after_ms=int((acc - received).total_seconds() * 1000))
            elif received + limit >= ACCEPT_QUEUED:
                acc = ACCEPT_QUEUED + dt.timedelta(seconds=rng.uniform(2, 9))
                h(acc, "info", "marketplace order accepted", source=channel, marketplace_order=mk, order=order, on="ticket_queued", after_ms=int((acc - received).total_seconds() * 1000))
            else:
                c = received + limit + dt.timedelta(seconds=rng.uniform(1, 20))
                reason = "NOT_ACCEPTED_IN_TIME" if channel == "munchr" else "restaurant_timeout"
                h(c, "warn", "order cancelled by marketplace", source=channel, store=store["num"], marketplace_order=mk, order=order, reason=reason)
                stats["cancelled"].append((c, channel, store["num"]))

    # --- the ack sweep (Celery beat, every 30 s, on whichever worker takes it)
    t = START + dt.timedelta(seconds=11)
    while t < END:
        ver = version(t)
        pod = rng.choice(WORKER_PODS[ver])
        task = uuid(rng)
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        w(t, pod, "INFO", "MainProcess", f"Task tickets.sweep_unacknowledged[{task}] received")
        n = 0
        tt = t + dt.timedelta(milliseconds=rng.randint(20, 60))
        for p in pending_sweep:
            if p["warned"] or p["t"] > t - dt.timedelta(seconds=ack_timeout(t)) or p["dv"] <= t:
                continue
            p["warned"] = True
            n += 1
            tt += dt.timedelta(milliseconds=rng.randint(60, 190) if ver == "3.18.0" else rng.randint(2, 9))
            if ver == "3.18.0":
                w(tt, pod, "WARNING", proc, f"tickets.sweep_unacknowledged[{task}]: Ticket not acknowledged by KDS within 120s: ticket={p['tkt']} order={p['order']} store={p['store']['num']} chefline_status=queued device=kds-{p['store']['num']}-1 device_state=offline")
            else:
                w(tt, pod, "WARNING", proc, f"tickets.sweep_unacknowledged[{task}]: ticket {p['tkt']} for order {p['order']} not acknowledged within 180s")
            unacked_times.append(tt)
            stats["unacked"].append(tt)
        w(tt + dt.timedelta(milliseconds=rng.randint(5, 30)), pod, "INFO", proc, f"Task tickets.sweep_unacknowledged[{task}] succeeded in {(tt - t).total_seconds() + 0.01:.4f}s: {n}")
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(-40, 40))

    # --- device status webhooks
    for s in STORES:
        for off_from, back in devices[s["num"]]["offline"]:
            ev_off = off_from + dt.timedelta(seconds=rng.uniform(44, 52))
            for when, state in ((ev_off, "offline"), (back, "online")):
                if not START <= when < END:
                    continue
                apod = rng.choice(API_PODS[version(when)])
                tr(when, "/webhooks/chefline", 204, "Chefline-Webhooks/3.2", rng.randint(5, 20))
                fields = {"store": s["num"], "device": f"kds-{s['num']}-1"}
                if state == "offline":
                    fields["last_seen_at"] = iso(off_from)
                a(when, apod, "WARNING" if state == "offline" else "INFO", "kitchen_bridge.webhooks.chefline", f"KDS device {state}", **fields)
    # a few webhooks Chefline retries with an old signature now and then
    for when in poisson_times(rng, START, END, 0.02):
        apod = rng.choice(API_PODS[version(when)])
        tr(when, "/webhooks/chefline", 403, "Chefline-Webhooks/3.2", rng.randint(2, 6))
        a(when, apod, "WARNING", "kitchen_bridge.webhooks.chefline", "webhook rejected: signature timestamp outside tolerance", skew_s=rng.randint(301, 900))

    # --- marketplace pauses
    by_store = {}
    for c, channel, num in sorted(stats["cancelled"]):
        by_store.setdefault((channel, num), []).append(c)
    paused = []
    for (channel, num), times in sorted(by_store.items()):
        need = 3 if channel == "munchr" else 4
        if len(times) >= need:
            when = times[need - 1] + dt.timedelta(seconds=rng.uniform(5, 40))
            h(when, "warn", "store paused by marketplace", source=channel, store=num, reason="HIGH_CANCELLATION_RATE" if channel == "munchr" else "too_many_rejections")
            paused.append((when, channel, num))
    paused.sort()
    held = [p[2] for p in paused if p[1] == "munchr"][:2]  # Munchr's ops keep the first two paused for a review
    for when, channel, num in paused:
        if channel == "munchr" and num in held:
            continue
        r = utc("2026-11-13 18:29:00") + dt.timedelta(seconds=rng.uniform(0, 240))
        h(r, "info", "store resumed by marketplace", source=channel, store=num)
    h(ACCEPT_QUEUED, "info", "config reloaded", accept_on="ticket_queued", previous="ticket_delivered", source="configmap/order-hub")
    for when in poisson_times(rng, START, END, 0.05):
        h(when, "warn", "marketplace menu sync: item unavailable", source=rng.choice(["munchr", "deliverly"]), store=rng.choice(STORES)["num"], item=rng.choice(["Nduja Hot Honey 12\"", "Vegan Garlic Dip", "Salted Caramel Brownie"]))

    # --- deploys: Jenkins and start lines
    def j(t, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        jenkins.add(t, f"[{iso(t)}] {text}")

    def start_lines(t, ver):
        sha = shas[ver]
        for k, pod in enumerate(WORKER_PODS[ver]):
            s = t + dt.timedelta(seconds=4 * k + rng.uniform(0, 2))
            w(s, pod, "INFO", "MainProcess", f"kitchen-bridge {ver} (git {sha[:12]}) worker starting, ack_timeout={120 if ver == '3.18.0' else 180}s")
            w(s + dt.timedelta(milliseconds=410), pod, "INFO", "MainProcess", "Connected to redis://kitchen-redis:6379/0")
            w(s + dt.timedelta(milliseconds=1400), pod, "INFO", "MainProcess", "mingle: searching for neighbors")
            w(s + dt.timedelta(milliseconds=2420), pod, "INFO", "MainProcess", "mingle: all alone" if k == 0 else f"mingle: sync with {k} nodes")
            w(s + dt.timedelta(milliseconds=2500), pod, "INFO", "MainProcess", f"celery@{pod} ready.")
        for k, pod in enumerate(API_PODS[ver]):
            s = t + dt.timedelta(seconds=3 * k + rng.uniform(0, 2))
            a(s, pod, "INFO", "kitchen_bridge.api", f"kitchen-bridge {ver} starting", git_sha=sha)
            a(s + dt.timedelta(milliseconds=620), pod, "INFO", "uvicorn.error", "Application startup complete.")

    t0 = RELEASE - dt.timedelta(seconds=334)
    for s, text in [(0, "Started by user Tom Hughes"), (0.2, "Running as SYSTEM"), (1, "[Pipeline] Start of Pipeline"), (2, "[Pipeline] node"),
                    (14, "Running on kitchen-agent-docker-helm-4v7xq in /home/jenkins/agent/workspace/kitchen-bridge-release"),
                    (15, "[Pipeline] { (Declarative: Checkout SCM)"),
                    (16, " > git fetch --tags --force --progress -- https://git.fornorosso.co.uk/platform/kitchen-bridge.git +refs/heads/*:refs/remotes/origin/* # timeout=10"),
                    (18, f"Checking out Revision {head} (refs/remotes/origin/main)"),
                    (18.5, f" > git checkout -f {head} # timeout=10"),
                    (19, 'Commit message: "docs: Chefline webhook events we handle"'),
                    (20, "[Pipeline] { (Test)"), (21, "+ pip install -e .[test]"), (74, "+ pytest -q"), (97, "164 passed in 21.84s"),
                    (98, "[Pipeline] { (Build)"), (99, f"+ docker build -t registry.fornorosso.co.uk/kitchen/kitchen-bridge:3.18.0 --build-arg GIT_SHA={head} ."),
                    (231, "+ docker push registry.fornorosso.co.uk/kitchen/kitchen-bridge:3.18.0"), (262, f"3.18.0: digest: sha256:{hexid(rng, 64)} size: 2206"),
                    (263, "[Pipeline] { (Deploy)"),
                    (264, "+ helm upgrade --install kitchen-bridge ./chart -n kitchen -f chart/values-prod.yaml --set image.tag=3.18.0 --wait --timeout 5m"),
                    (333, 'Release "kitchen-bridge" has been upgraded. Happy Helming!'), (333.1, "NAME: kitchen-bridge"),
                    (333.2, "LAST DEPLOYED: Fri Nov 13 16:28:26 2026"), (333.3, "NAMESPACE: kitchen"), (333.4, "STATUS: deployed"), (333.5, "REVISION: 58"),
                    (334, "[Pipeline] End of Pipeline"), (334.5, "Finished: SUCCESS")]:
        j(t0 + dt.timedelta(seconds=s), text)
    start_lines(RELEASE - dt.timedelta(seconds=50), "3.18.0")
    t0 = ROLLBACK - dt.timedelta(seconds=58)
    for s, text in [(0, "Started by user Tom Hughes"), (0.3, "[Pipeline] Start of Pipeline"), (6, "Running on kitchen-agent-docker-helm-9c2lm in /home/jenkins/agent/workspace/kitchen-bridge-rollback"),
                    (7, "[Pipeline] { (Rollback)"), (8, "+ helm history kitchen-bridge -n kitchen --max 3"),
                    (8.5, "56      \tThu Nov 12 09:14:02 2026\tsuperseded\tkitchen-bridge-3.17.1\t3.17.1\tUpgrade complete"),
                    (8.6, "57      \tThu Nov 12 11:06:40 2026\tsuperseded\tkitchen-bridge-3.17.2\t3.17.2\tUpgrade complete"),
                    (8.7, "58      \tFri Nov 13 16:28:26 2026\tdeployed  \tkitchen-bridge-3.18.0\t3.18.0\tUpgrade complete"),
                    (9, "+ helm rollback kitchen-bridge 57 -n kitchen --wait --timeout 5m"), (57, "Rollback was a success! Happy Helming!"),
                    (58, "[Pipeline] End of Pipeline"), (58.5, "Finished: SUCCESS")]:
        j(t0 + dt.timedelta(seconds=s), text)
    start_lines(ROLLBACK - dt.timedelta(seconds=40), "3.17.2")
    for when, job, res in ((utc("2026-11-13 15:02:40"), "order-hub-release #233", "SUCCESS"), (utc("2026-11-13 17:58:10"), "menu-publisher-nightly #88 (timer)", "SUCCESS")):
        j(when, f"Started by {'user Aisha Rahman' if 'hub' in job else 'timer'} ({job})")
        j(when + dt.timedelta(seconds=141), f"Finished: {res}")

    # --- the Cardiff display's logcat, pulled through the MDM at 18:35
    cardiff = "0101"
    dpid, dtid = 2314, 2389

    def lc(t, level, tag, msg, tid=dtid):
        device.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d}  {dpid}  {tid} {level} {tag}: {msg}")

    pulled = utc("2026-11-13 18:35:14")
    off_from, back = devices[cardiff]["offline"][-1]
    for r in devices[cardiff]["recycles"]:
        if START <= r < off_from:
            lc(r, "I", "ChefSocket", "server closed connection: code=1000 reason=max connection age")
            lc(r + dt.timedelta(milliseconds=rng.randint(300, 900)), "I", "ChefSocket", "connected to wss://devices.chefline.io/v3/connect (TLSv1.3, TLS_AES_128_GCM_SHA256)")
    for t, store, channel in tickets:
        if store["num"] == cardiff and t < pulled:
            dv = delivered_at(cardiff, t + dt.timedelta(milliseconds=200))
            if dv < pulled:
                lc(dv, "I", "TicketRepo", f"ticket received {channel} items={rng.randint(1, 6)} station=oven,fryer")
    lc(off_from, "I", "ChefSocket", "server closed connection: code=1000 reason=max connection age")
    r = off_from + dt.timedelta(milliseconds=640)
    lc(r, "E", "ChefSocket", "connect to wss://devices.chefline.io/v3/connect failed")
    trace = ["javax.net.ssl.SSLHandshakeException: Chain validation failed",
             "\tat com.android.org.conscrypt.SSLUtils.toSSLHandshakeException(SSLUtils.java:362)",
             "\tat com.android.org.conscrypt.ConscryptEngine.convertException(ConscryptEngine.java:1134)",
             "\tat okhttp3.internal.connection.RealConnection.connectTls(RealConnection.kt:379)",
             "\tat okhttp3.internal.ws.RealWebSocket.connect(RealWebSocket.kt:211)",
             "Caused by: java.security.cert.CertificateException: Chain validation failed",
             "\tat com.android.org.conscrypt.TrustManagerImpl.verifyChain(TrustManagerImpl.java:677)",
             "Caused by: java.security.cert.CertPathValidatorException: timestamp check failed",
             f"Caused by: java.security.cert.CertificateExpiredException: Certificate expired at Fri Nov 13 16:52:09 GMT 2026 (compared to {r.strftime('%a %b %d %H:%M:%S')} GMT 2026)",
             "\tat com.android.org.bouncycastle.jcajce.provider.asymmetric.x509.X509CertificateObject.checkValidity(X509CertificateObject.java:113)"]
    for line in trace:
        lc(r, "E", "ChefSocket", line)
    lc(r + dt.timedelta(milliseconds=20), "I", "KdsState", "connection state CONNECTED -> RECONNECTING")
    delay, k = 1.0, 0
    r += dt.timedelta(seconds=1)
    while r < min(back, pulled):
        k += 1
        lc(r, "W", "ChefSocket", f"reconnect attempt {k} failed: javax.net.ssl.SSLHandshakeException: Chain validation failed; next in {int(min(delay * 2, 300))}s")
        delay = min(delay * 2, 300)
        r += dt.timedelta(seconds=delay + rng.uniform(0, 1))
        if k == 6:
            lc(r - dt.timedelta(seconds=3), "I", "KdsState", "showing banner: Reconnecting to kitchen server...")
    if back < pulled:
        lc(back, "I", "ChefSocket", "connected to wss://devices.chefline.io/v3/connect (TLSv1.3, TLS_AES_128_GCM_SHA256)")
        lc(back + dt.timedelta(milliseconds=30), "I", "KdsState", "connection state RECONNECTING -> CONNECTED")
        queued = [x for x in tickets if x[1]["num"] == cardiff and off_from <= x[0] < back]
        lc(back + dt.timedelta(milliseconds=900), "I", "TicketRepo", f"sync: {len(queued)} queued tickets received")
    for x in poisson_times(rng, START, pulled, 1 / 30):
        lc(x, "D", "PrinterSvc", "printer status: ready (paper ok)", tid=2411)

    # --- Chefline's status page
    for when, state, title, body in (
            (utc("2026-11-13 15:10:03"), "scheduled", "Scheduled maintenance: Back Office reporting", "Back Office reports will be unavailable on Sunday 15 November 02:00-04:00 UTC. Ticket delivery is not affected."),
            (utc("2026-11-13 17:46:20"), "investigating", "KDS devices in Europe disconnected", "We are investigating reports that Chefline KDS devices in Europe are disconnected and not receiving tickets. Tickets sent through the API are queued and will be delivered when devices reconnect."),
            (utc("2026-11-13 18:07:55"), "identified", "KDS devices in Europe disconnected", "The issue has been identified as an expired TLS certificate on the EU device gateway (devices.chefline.io). Devices that reconnected after 16:52 UTC could not establish a connection. We are deploying a renewed certificate."),
            (utc("2026-11-13 18:24:10"), "monitoring", "KDS devices in Europe disconnected", "A renewed certificate was deployed at 18:19 UTC. Devices are reconnecting and queued tickets are being delivered."),
            (utc("2026-11-13 18:58:30"), "resolved", "KDS devices in Europe disconnected", "All devices have reconnected and queued tickets have been delivered. We will publish a post-incident review.")):
        status.add(when, json.dumps({"page": "status.chefline.io", "incident": title, "status": state, "impact": "none" if state == "scheduled" else "critical",
                                     "components": ["Back Office"] if state == "scheduled" else ["Device Gateway (EU)", "Ticket Delivery"],
                                     "updated_at": iso(when), "body": body}, ensure_ascii=False))

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} | #kitchen-incidents | {who}: {text}")

    first = min(x for x in unacked_times if x > EXPIRY)
    order_first = sorted(STORES, key=lambda s: devices[s["num"]]["offline"][-1][0])
    first_two = [s for s in order_first[:3] if s["num"] != cardiff][:1]
    n_canc = len([c for c in stats["cancelled"] if c[0] < utc("2026-11-13 17:14:20")])
    n_off = len([s for s in STORES if devices[s["num"]]["offline"][-1][0] + dt.timedelta(seconds=48) < utc("2026-11-13 17:17:50")])
    first_pause = min(p for p in paused if p[1] == "munchr") if paused else None
    say("2026-11-13 16:23:40", "Tom Hughes", f"releasing kitchen-bridge 3.18.0 (Jenkins #412, {head[:8]}): KB-341 Chefline payload v2 + chefline-sdk 2.8.0, KB-344 ack timeout 120 s with a status poll at the deadline, KB-339 logging")
    say("2026-11-13 16:31:05", "Tom Hughes", "3.18.0 out, tickets delivered, ack p95 2.4 s")
    say("2026-11-13 16:58:40", "Alertmanager", "[FIRING:1] KitchenTicketsUnacknowledged kitchen-bridge (more than 3 in 5m)")
    say("2026-11-13 17:01:15", "Gemma Price (Store Support)", f"{STORES[0]['name']} and {first_two[0]['name']} calling: nothing new on the kitchen screen since about 16:55, it says Reconnecting")
    say("2026-11-13 17:03:30", "Tom Hughes", f"unacknowledged tickets since {first.strftime('%H:%M')}, Chefline says queued. 3.18.0 went out at 16:29 with the v2 payload, the new sdk and the 120 s timeout. rolling back to 3.17.2")
    say("2026-11-13 17:11:45", "Tom Hughes", "rolled back (helm rollback kitchen-bridge 57). still 'not acknowledged within 180s', and more stores every minute")
    say("2026-11-13 17:14:20", "Aisha Rahman", f"Munchr is cancelling orders we haven't accepted within 8 min: {n_canc} so far" + (f", and paused store {first_pause[2]}" if first_pause and first_pause[0] < utc("2026-11-13 17:14:20") else ""))
    say("2026-11-13 17:17:50", "Tom Hughes", f"Chefline's API takes every ticket (201, p95 ~180 ms), they just never get delivered. device.status_changed offline webhooks for {n_off} stores since 16:53")
    say("2026-11-13 17:20:30", "Gemma Price (Store Support)", "turning print_fallback on for all stores in Unleash")
    say("2026-11-13 17:24:40", "Gemma Price (Store Support)", "kitchens printing again. screens still say Reconnecting")
    say("2026-11-13 17:27:15", "Kasia Nowak (Store IT)", f"pulled the display log from {STORES[0]['name']} through the MDM: SSLHandshakeException Chain validation failed, CertificateExpiredException: Certificate expired at Fri Nov 13 16:52:09 GMT 2026. our blackbox probe of devices.chefline.io fails since 16:52 as well")
    say("2026-11-13 17:31:55", "Aisha Rahman", "order-hub accepts marketplace orders on a queued ticket now (ACCEPT_ON=ticket_queued); cancellations should stop")
    say("2026-11-13 17:34:30", "Tom Hughes", "P1 with Chefline (case 40719): your EU device gateway's certificate expired at 16:52:09")
    say("2026-11-13 17:47:05", "Tom Hughes", "Chefline status page: Investigating, KDS devices in Europe disconnected")
    say("2026-11-13 18:08:30", "Tom Hughes", "Chefline: identified, expired TLS certificate on the EU device gateway")
    say("2026-11-13 18:21:40", "Kasia Nowak (Store IT)", "probe green, new certificate valid until 11 Feb 2027. displays reconnecting")
    say("2026-11-13 18:26:10", "Gemma Price (Store Support)", "screens are back and get every queued ticket since 16:55 at once. telling stores to bump whatever they made from the printouts")
    names = {x["num"]: x["name"] for x in STORES}
    dlv = [p for p in paused if p[1] == "deliverly"]
    say("2026-11-13 18:33:30", "Aisha Rahman", f"Munchr resumed every store it paused but {' and '.join(names[n] for n in held)}, their ops want to review those. " + ("Deliverly resumed theirs" if dlv else "Deliverly never paused any"))
    say("2026-11-13 18:39:00", "Gemma Price (Store Support)", "print_fallback off")
    say("2026-11-13 18:44:20", "Tom Hughes", "3.18.0 was never it. releasing it again on Monday morning, not on a Friday night")
    info = {"first_two": [STORES[0]["name"], first_two[0]["name"]], "paused": paused}
    return [worker, api, traefik, hub, jenkins, device, status, chat], unacked_times, stats, devices, info


def build(out_dir):
    rng = random.Random(38200)
    repo, old_release, head = build_repo()
    try:
        logs, unacked, stats, devices, info = build_logs(rng, old_release, head)
        onset = min(x for x in unacked if x > EXPIRY).replace(microsecond=0)
        assert dt.timedelta(minutes=23) <= onset - RELEASE <= dt.timedelta(minutes=31), onset - RELEASE
        assert len([x for x in unacked if x < EXPIRY]) >= 2

        def per5(series):
            ordered = sorted(series)
            return lambda t: sum(1 for x in ordered if t - dt.timedelta(minutes=5) < x <= t)

        def online(t):
            n = 0
            for num, d in devices.items():
                if not any(a <= t < b for a, b in d["offline"]):
                    n += 1
            return n

        all_dark = max(d["offline"][-1][0] for d in devices.values()) + dt.timedelta(seconds=50)
        mstart = utc("2026-11-13 15:00:00")
        metrics = {
            "kitchen_tickets.json": query_range([
                ({"__name__": "kitchen_tickets", "event": "created"}, per5(stats["created"])),
                ({"__name__": "kitchen_tickets", "event": "delivered"}, per5(stats["delivered"])),
                ({"__name__": "kitchen_tickets", "event": "unacknowledged"}, per5(stats["unacked"])),
                ({"__name__": "kitchen_tickets", "event": "printed_fallback"}, per5(stats["printed"])),
            ], mstart, END, 60),
            "chefline_devices_online.json": query_range([({"__name__": "chefline_devices_online", "region": "eu"}, online)], mstart, END, 60),
            "probe_success.json": query_range([
                ({"__name__": "probe_success", "job": "blackbox-store-deps", "instance": "https://devices.chefline.io/healthz"}, lambda t: 0 if EXPIRY <= t < FIXED else 1),
                ({"__name__": "probe_success", "job": "blackbox-store-deps", "instance": "https://api.chefline.io/v2/ping"}, lambda t: 1),
                ({"__name__": "probe_success", "job": "blackbox-store-deps", "instance": "https://print.tillwise.com/health"}, lambda t: 1),
            ], mstart, END, 60),
            "probe_ssl_earliest_cert_expiry.json": query_range([
                ({"__name__": "probe_ssl_earliest_cert_expiry", "job": "blackbox-store-deps", "instance": "https://devices.chefline.io/healthz"},
                 lambda t: EXPIRY.timestamp() if t < EXPIRY else (NEW_EXPIRY.timestamp() if t >= FIXED else None)),
                ({"__name__": "probe_ssl_earliest_cert_expiry", "job": "blackbox-store-deps", "instance": "https://api.chefline.io/v2/ping"},
                 lambda t: utc("2027-03-02 23:59:59").timestamp()),
            ], mstart, END, 60),
        }
        return write_scenario(
            out_dir, name="r38-kds-gateway-cert-expired-none", service=SERVICE, onset=onset,
            description=f"""
Forno Rosso's kitchens stop receiving orders on Friday 13 November from
about 16:55 UTC, at the start of the dinner peak: tickets that
kitchen-bridge sends to Chefline's KDS cloud are accepted (201) but never
reach the stores' displays, so they go unacknowledged from
{onset.strftime('%H:%M:%S')}, store after store, and Munchr and Deliverly cancel orders that
are not accepted in time and pause stores. kitchen-bridge 3.18.0 (ticket
payload v2, a new Chefline SDK and a 120 s ack timeout) had been released
at 16:29; the on-call rolled it back at 17:10 without effect. Stores print
tickets through the POS from 17:21; the displays reconnect from 18:19.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "kitchen-bridge-worker.log": r'\[pod/<Pod>/<Container>\] \[<Date> <Time>: <Level>/<Process>\] <Content>',
                "kds-0101-logcat.log": r'<Date> <Time>\s+<Pid>\s+<Tid> <Level> <Tag>\s*: <Content>',
            },
            root_cause=[
                r"CertificateExpiredException",
                r"Chain validation failed",
                r"expired TLS certificate",
                r"KDS device offline",
            ],
            fix_files=[],
            explanation=f"""
No commit in kitchen-bridge caused this. The TLS certificate of Chefline's
EU device gateway (devices.chefline.io) expired at 16:52:09 UTC. Displays
that were connected kept working until the gateway recycled their
connection (every 30 minutes); then they could not reconnect (the
Cardiff display's logcat: SSLHandshakeException "Chain validation
failed", CertificateExpiredException "Certificate expired at Fri Nov 13
16:52:09 GMT 2026"), Chefline marked them offline (device.status_changed
webhooks, "KDS device offline") and queued their tickets, so that from
{onset.strftime('%H:%M:%S')} tickets went unacknowledged store by store until all 84
displays were dark by {all_dark.strftime('%H:%M')}. The blackbox probe of the gateway
failed from 16:52 (probe_ssl_earliest_cert_expiry was 16:52:09 until
then); Chefline's API kept answering 201; the status page said
"Investigating" at 17:46 (54 minutes late) and named the "expired TLS
certificate on the EU device gateway" at 18:07; a renewed certificate
deployed at 18:19 ended it. The right answer is that nothing in this
repository did it (fix_files is empty).
Decoys: the 3.18.0 release at 16:29, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(KB-341: Chefline ticket payload v2 and chefline-sdk 2.8.0; KB-344:
ACK_TIMEOUT_S 180 -> 120 in chart/values-prod.yaml and a status poll in
the sweep; KB-339 of the evening before, which adds the very "Ticket not
acknowledged by KDS within ...s" warning), rolled back at 17:10 without
effect (the warnings go on in the old "not acknowledged within 180s"
wording); the docs commit the Jenkins build names; the print fallback,
retry and signature commits to the same files earlier in the week; a
sentry-sdk bump; two stores' ordinary display outages earlier in the
afternoon (a power cycle, flaky Wi-Fi) with their own unacknowledged
tickets; Chefline API retries; marketplace cancellations and pauses;
old-signature webhook rejections and Chefline's scheduled Back Office
maintenance notice.
""",
        )
    finally:
        repo.close()
