"""stay-api (Python, FastAPI under uvicorn, one process per pod, three pods;
team in Amsterdam, Warsaw and Porto): Lumen Hotels' guest API for the mobile
app and the front desk (reservations, room availability, mobile keys,
check-in).

A commit on Thursday morning shows the guest's loyalty points on the
reservation view. It reuses the loyalty-service client that the members page
already had, a synchronous `requests` client (its docstring says to call it
from `def` endpoints, which FastAPI runs in its thread pool), but calls it
from the `async def` reservation handler, on the event loop. loyalty-service
answers in about 40 ms, so the call blocks the loop for 40 ms per reservation
view: nobody notices all day (a rare 0.6 s loyalty pause makes the loop
watchdog warn twice in the afternoon). At 16:36 UTC loyalty-service starts
its nightly points-accrual batch and its latency goes to 1-5 s (no errors)
just as the evening check-in peak arrives; each reservation view now holds
the only loop of its pod for seconds, so every other request on that pod
waits: room availability, mobile keys, check-in and /healthz. The ingress
answers 504 after 8 s, probes time out, pods drop out of the endpoints and
are restarted, which loads the others more. The loop watchdog logs how long
the loop was blocked and, every five minutes, the loop thread's stack, which
ends in `requests` under reservations.py. At 17:27 the on-call engineer
rolls back to Wednesday's image and the API recovers while loyalty-service
is still slow.

Decoys: the lockhub (door lock vendor) timeout cut from 10 s to 4 s with one
retry and a warning per timed-out attempt (stay/keys.py and the config),
rolled out at 16:08, 29 minutes before the onset (the start-up lines name
it; key requests then time out and retry because the loop cannot read
lockhub's answers in time); a requests bump the same morning; the
tests commit the morning rollout names; an earlier edit of reservations.py;
the commit that added the loyalty client days before; loyalty-service's own
slow batch; docs; a runbook commit after the onset. App (Python logging +
stacks), ingress-nginx access, kubelet (klog), loyalty-service (logfmt),
Argo CD (logfmt)."""

import bisect
import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, logfmt, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "stay-api"
START, END = utc("2026-10-15 15:25:00"), utc("2026-10-15 17:42:00")
ARGO_START = utc("2026-10-15 09:00:00")
MORNING_DEPLOY = utc("2026-10-15 09:58:00")
CONFIG_DEPLOY = utc("2026-10-15 16:08:00")
BATCH = utc("2026-10-15 16:36:20")
ROLLBACK = utc("2026-10-15 17:27:00")
READ_TIMEOUT = 8.0  # nginx.ingress.kubernetes.io/proxy-read-timeout

RESERVATIONS = '''"""Reservation views for the mobile app and the front desk."""
import logging

from fastapi import APIRouter, HTTPException

from stay import db

log = logging.getLogger("stay.reservations")
router = APIRouter()


@router.get("/v1/reservations/{code}")
async def get_reservation(code: str):
    res = await db.fetch_reservation(code)
    if res is None:
        raise HTTPException(404, "no such reservation")
    return {
        "code": res.code,
        "hotel": res.hotel_id,
        "arrival": res.arrival.isoformat(),
        "departure": res.departure.isoformat(),
        "status": res.status,
    }
'''

LOYALTY = '''"""loyalty-service client: a member's points balance and tier.

Synchronous (requests). Call it from plain `def` endpoints, which FastAPI
runs in its thread pool.
"""
import logging
import os

import requests

log = logging.getLogger("stay.loyalty")


class LoyaltyClient:
    def __init__(self, base_url, timeout):
        self._base = base_url.rstrip("/")
        self._timeout = timeout
        self._session = requests.Session()

    def balance(self, member_id):
        try:
            resp = self._session.get(f"{self._base}/v1/members/{member_id}/balance", timeout=self._timeout)
            resp.raise_for_status()
        except requests.RequestException as exc:
            log.warning("loyalty balance unavailable for member %s: %s", member_id, type(exc).__name__)
            return None
        body = resp.json()
        return {"points": body["points"], "tier": body["tier"]}


loyalty = LoyaltyClient(os.environ.get("LOYALTY_URL", "http://loyalty.loyalty.svc:8080"), float(os.environ.get("LOYALTY_TIMEOUT", "5")))
'''

MEMBERS = '''from fastapi import APIRouter

from stay.loyalty import loyalty

router = APIRouter()


@router.get("/v1/members/{member_id}/points")
def member_points(member_id: str):
    return loyalty.balance(member_id) or {"points": None, "tier": None}
'''

KEYS = '''"""Mobile keys: lockhub (the door lock vendor) issues a key for the guest's phone."""
import logging

import httpx
from fastapi import APIRouter, HTTPException

from stay import db
from stay.settings import settings

log = logging.getLogger("stay.keys")
router = APIRouter()
_lockhub = httpx.AsyncClient(base_url=settings.lockhub["url"], timeout=settings.lockhub["timeout"])


@router.post("/v1/reservations/{code}/keys")
async def issue_key(code: str, device_id: str):
    res = await db.fetch_reservation(code)
    if res is None or res.status != "checked_in":
        raise HTTPException(409, "reservation is not checked in")
    for attempt in range(1, settings.lockhub["attempts"] + 1):
        try:
            resp = await _lockhub.post("/v3/keys", json={"site": res.hotel_id, "room": res.room, "device": device_id,
                                                         "valid_until": res.departure.isoformat()})
            resp.raise_for_status()
            return resp.json()
        except httpx.TimeoutException as exc:
            if attempt == settings.lockhub["attempts"]:
                log.error("issuing mobile key failed for reservation %s: lockhub %s (timeout %.1f s)", code, type(exc).__name__, settings.lockhub["timeout"])
                raise HTTPException(504, "key service timed out")
'''

WATCHDOG = '''"""Warns when the event loop stops answering: something blocked it."""
import logging
import sys
import threading
import time
import traceback

log = logging.getLogger("stay.watchdog")
WARN_AFTER = 0.5
DUMP_AFTER = 2.0
DUMP_EVERY = 300.0


def start(loop):
    state = {"beat": time.monotonic()}

    def beat():
        state["beat"] = time.monotonic()
        loop.call_later(0.1, beat)

    def watch():
        last_dump = 0.0
        stalled = 0.0
        while True:
            time.sleep(0.25)
            lag = time.monotonic() - state["beat"]
            if lag >= DUMP_AFTER and time.monotonic() - last_dump > DUMP_EVERY:
                stack = "".join(traceback.format_stack(sys._current_frames()[loop._thread_id]))
                log.warning("event loop blocked for %.2f s; loop thread stack:\\n%s", lag, stack.rstrip())
                last_dump = time.monotonic()
            if lag >= WARN_AFTER:
                stalled = lag
            elif stalled:
                log.warning("event loop blocked for %.2f s", stalled)
                stalled = 0.0

    loop.call_soon_threadsafe(beat)
    threading.Thread(target=watch, name="loop-watchdog", daemon=True).start()
'''

CONFIG = """server:
  port: 8000
database:
  url_env: STAY_DB_URL
  pool_size: 10
lockhub:
  url: https://api.lockhub.io
  timeout: 10.0
  attempts: 1
availability:
  rate_plan_cache_seconds: 0
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: stay-api
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "8"
    nginx.ingress.kubernetes.io/proxy-next-upstream: "error"
spec:
  ingressClassName: nginx
  rules:
    - host: api.lumenhotels.com
      http:
        paths:
          - path: /v1
            pathType: Prefix
            backend:
              service:
                name: stay-api
                port:
                  number: 80
"""


def build_repo():
    joost = Person("Joost de Graaf", "joost.degraaf@lumenhotels.com", 120)
    marta = Person("Marta Wiśniewska", "marta.wisniewska@lumenhotels.com", 120)
    tiago = Person("Tiago Moreira", "tiago.moreira@lumenhotels.com", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "stay", "Guest API for Lumen Hotels' mobile app and front desk: reservations, availability, mobile keys, check-in.")
    files["pyproject.toml"] = files["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "httpx==0.27.2", "asyncpg==0.29.0"]')
    files["stay/main.py"] = files["stay/main.py"].replace(
        '@app.on_event("startup")\ndef startup():\n    log.info("starting stay-api version=%s", os.environ.get("VERSION", "dev"))\n',
        '@app.on_event("startup")\nasync def startup():\n    log.info("starting stay-api version=%s", os.environ.get("VERSION", "dev"))\n'
        '    watchdog.start(asyncio.get_running_loop())\n').replace("import os\n", "import asyncio\nimport os\n").replace(
        "from stay.settings import Settings\n", "from stay import watchdog\nfrom stay.settings import Settings\n")
    assert "watchdog.start" in files["stay/main.py"]
    files["stay/reservations.py"] = RESERVATIONS
    files["stay/keys.py"] = KEYS
    files["stay/watchdog.py"] = WATCHDOG
    files["stay/availability.py"] = '"""Room availability and rate plans for a hotel and a stay."""\nfrom fastapi import APIRouter\n\nfrom stay import db\n\nrouter = APIRouter()\n\n\n@router.get("/v1/hotels/{hotel}/availability")\nasync def availability(hotel: str, arrival: str, nights: int = 1):\n    rooms = await db.free_rooms(hotel, arrival, nights)\n    plans = await db.rate_plans(hotel)\n    return [{"room_type": r.room_type, "free": r.free, "rates": [p.for_room(r) for p in plans]} for r in rooms]\n'
    files["stay/db.py"] = '"""asyncpg pool and the queries the handlers use."""\nimport asyncpg\n\n_pool = None\n\n\nasync def fetch_reservation(code):\n    return await _pool.fetchrow("SELECT * FROM reservations WHERE code = $1", code)\n\n\nasync def free_rooms(hotel, arrival, nights):\n    return await _pool.fetch("SELECT * FROM free_rooms($1, $2, $3)", hotel, arrival, nights)\n\n\nasync def rate_plans(hotel):\n    return await _pool.fetch("SELECT * FROM rate_plans WHERE hotel_id = $1 AND active", hotel)\n'
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=3, memory="384Mi", cpu="500m",
                                                  env={"CONFIG_PATH": "/app/config/production.yaml", "LOYALTY_URL": "http://loyalty.loyalty.svc:8080"})
    files["k8s/ingress.yaml"] = INGRESS
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("StayApi5xx", "More than 1 % of requests fail: check the ingress dashboard, then the database and lockhub's status page."),
        ("MobileKeysFailing", "Key issuing fails: lockhub status (status.lockhub.io); the front desk can still cut plastic keys."),
    ])
    repo.commit(utc("2026-10-08 08:40:00"), joost, "stay-api: import", files)
    repo.schedule(chores(random.Random(11101), SERVICE, [joost, marta, tiago], utc("2026-10-08 08:40:00"), utc("2026-10-15 12:00:00"), 4))
    repo.commit(utc("2026-10-09 13:10:00"), marta, "members: points balance from loyalty-service on the members page\n\nA small synchronous client; the members endpoint is a plain def, so it\nruns in FastAPI's thread pool.", {
        "stay/loyalty.py": LOYALTY,
        "stay/members.py": MEMBERS,
        "pyproject.toml": repo.edit("pyproject.toml", '"asyncpg==0.29.0"]', '"asyncpg==0.29.0", "requests==2.32.2"]'),
    })
    repo.commit(utc("2026-10-12 10:25:00"), tiago, "reservations: include the room number once the guest is checked in", {
        "stay/reservations.py": repo.edit("stay/reservations.py", '        "status": res.status,\n    }\n',
                                          '        "status": res.status,\n        "room": res.room if res.status == "checked_in" else None,\n    }\n'),
    })
    repo.commit(utc("2026-10-13 15:40:00"), joost, "tests: reservation view for a cancelled booking", {
        "tests/test_reservations.py": "from fastapi.testclient import TestClient\n\nfrom stay.main import app\n\n\ndef test_cancelled_reservation_has_no_room(fake_db):\n    fake_db.add_reservation(\"LH7QK2\", status=\"cancelled\")\n    body = TestClient(app).get(\"/v1/reservations/LH7QK2\").json()\n    assert body[\"room\"] is None\n",
    })
    repo.commit(utc("2026-10-14 09:05:00"), marta, "availability: cache rate plans for 60 s", {
        "config/production.yaml": repo.edit("config/production.yaml", "rate_plan_cache_seconds: 0", "rate_plan_cache_seconds: 60"),
    })
    prev_head = repo.commit(utc("2026-10-14 11:50:00"), tiago, "docs: API overview for the mobile team", {
        "docs/api.md": "# stay-api for the mobile app\n\n| Endpoint | What |\n|---|---|\n| `GET /v1/reservations/{code}` | the booking, room once checked in |\n| `GET /v1/hotels/{hotel}/availability` | free rooms and rates |\n| `POST /v1/reservations/{code}/checkin` | online check-in |\n| `POST /v1/reservations/{code}/keys` | a mobile key (lockhub) |\n| `GET /v1/members/{id}/points` | loyalty points |\n\nThe app polls the reservation every 15 s while the check-in screen is open.\n",
    })
    repo.commit(utc("2026-10-15 05:31:00"), bot, "Bump requests from 2.32.2 to 2.32.3\n\nBumps [requests](https://github.com/psf/requests) from 2.32.2 to 2.32.3.\n- [Release notes](https://github.com/psf/requests/releases)\n- [Changelog](https://github.com/psf/requests/blob/main/HISTORY.md)\n\n---\nupdated-dependencies:\n- dependency-name: requests\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "pyproject.toml": repo.edit("pyproject.toml", '"requests==2.32.2"', '"requests==2.32.3"'),
    })
    culprit = repo.commit(utc("2026-10-15 08:47:00"), marta, "reservations: show the member's points balance on the reservation\n\nThe mobile team wants points and tier on the check-in screen without a\nsecond request. Reuses the loyalty client from the members page.", {
        "stay/reservations.py": repo.edit("stay/reservations.py",
            "from stay import db\n", "from stay import db\nfrom stay.loyalty import loyalty\n").replace(
            '    return {\n        "code": res.code,',
            '    body = {\n        "code": res.code,').replace(
            '        "room": res.room if res.status == "checked_in" else None,\n    }\n',
            '        "room": res.room if res.status == "checked_in" else None,\n    }\n'
            '    if res.member_id:\n        body["loyalty"] = loyalty.balance(res.member_id)\n    return body\n'),
    })
    morning_head = repo.commit(utc("2026-10-15 09:21:00"), tiago, "tests: reservation view includes the loyalty balance", {
        "tests/test_reservations.py": repo.files["tests/test_reservations.py"] + "\n\ndef test_member_sees_points(fake_db, fake_loyalty):\n    fake_db.add_reservation(\"LH9PZ4\", member_id=\"M-100234\")\n    fake_loyalty.set(\"M-100234\", points=5200, tier=\"silver\")\n    body = TestClient(app).get(\"/v1/reservations/LH9PZ4\").json()\n    assert body[\"loyalty\"] == {\"points\": 5200, \"tier\": \"silver\"}\n",
    })
    repo.commit(utc("2026-10-15 13:05:00"), joost, "docs: the reservation now carries the loyalty balance", {
        "docs/api.md": repo.edit("docs/api.md", "| the booking, room once checked in |", "| the booking, room once checked in, loyalty points and tier for members |"),
    })
    config_head = repo.commit(utc("2026-10-15 15:49:00"), tiago, "keys: lockhub timeout 10 s -> 4 s, retry once\n\nlockhub's p99 is under 900 ms; when a request hangs, guests stood at the\ndoor for 10 s before the app said anything. Two tries of 4 s, and a\nwarning for the first one.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 10.0\n  attempts: 1\n", "  timeout: 4.0\n  attempts: 2\n"),
        "stay/keys.py": repo.edit("stay/keys.py", "        except httpx.TimeoutException as exc:\n",
                                  "        except httpx.TimeoutException as exc:\n"
                                  "            if attempt < settings.lockhub[\"attempts\"]:\n"
                                  "                log.warning(\"lockhub request timed out after %.1f s (attempt %d/%d), retrying\", settings.lockhub[\"timeout\"], attempt, settings.lockhub[\"attempts\"])\n"),
    })
    repo.commit(utc("2026-10-15 18:24:00"), joost, "runbook: event loop stalls (watchdog stack dumps, py-spy)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Every endpoint slow at once, probes failing\n\nOne uvicorn process per pod serves everything on one event loop. If\n`stay.watchdog` logs \"event loop blocked\", read the stack it dumps: a\nsynchronous call (requests, a file, time.sleep) inside an `async def`\nhandler. `kubectl exec … -- py-spy dump --pid 1` shows it live. Roll back\nfirst, then move the call to a thread (run_in_threadpool) or an async client.\n",
    })
    return repo, culprit, prev_head, morning_head, config_head


def traffic(t):
    """Requests per minute at the ingress: the afternoon ramp to the check-in peak."""
    h = (t - utc("2026-10-15 15:10:00")).total_seconds() / 3600
    return 44 + min(1.0, max(0.0, (h - 0.3) / 1.4)) * 74


def loyalty_latency(rng, t):
    """Seconds loyalty-service takes for a balance lookup."""
    if t >= BATCH:
        ramp = min(1.0, (t - BATCH).total_seconds() / 180)
        return 0.04 + ramp * rng.lognormvariate(0.5, 0.7)
    if rng.random() < 0.004:
        return rng.uniform(0.55, 0.8)
    return ms(rng, 38, 0.45) / 1000


WATCHDOG_STACK = """  File "/usr/local/bin/uvicorn", line 8, in <module>
    sys.exit(main())
  File "/usr/local/lib/python3.12/site-packages/uvicorn/main.py", line 579, in run
    server.run()
  File "/usr/local/lib/python3.12/site-packages/uvicorn/server.py", line 65, in run
    return asyncio.run(self.serve(sockets=sockets))
  File "/usr/local/lib/python3.12/asyncio/runners.py", line 194, in run
    return runner.run(main)
  File "/usr/local/lib/python3.12/asyncio/base_events.py", line 674, in run_until_complete
    self.run_forever()
  File "/usr/local/lib/python3.12/asyncio/base_events.py", line 641, in run_forever
    self._run_once()
  File "/usr/local/lib/python3.12/asyncio/base_events.py", line 1987, in _run_once
    handle._run()
  File "/usr/local/lib/python3.12/asyncio/events.py", line 88, in _run
    self._context.run(self._callback, *self._args)
  File "/usr/local/lib/python3.12/site-packages/starlette/routing.py", line 73, in app
    response = await f(request)
  File "/usr/local/lib/python3.12/site-packages/fastapi/routing.py", line 301, in app
    raw_response = await run_endpoint_function(
  File "/usr/local/lib/python3.12/site-packages/fastapi/routing.py", line 212, in run_endpoint_function
    return await dependant.call(**values)
  File "/app/stay/reservations.py", line 27, in get_reservation
    body["loyalty"] = loyalty.balance(res.member_id)
  File "/app/stay/loyalty.py", line 22, in balance
    resp = self._session.get(f"{self._base}/v1/members/{member_id}/balance", timeout=self._timeout)
  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 602, in get
    return self.request("GET", url, **kwargs)
  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 589, in request
    resp = self.send(prep, **send_kwargs)
  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 703, in send
    r = adapter.send(request, **kwargs)
  File "/usr/local/lib/python3.12/site-packages/requests/adapters.py", line 667, in send
    resp = conn.urlopen(
  File "/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py", line 787, in urlopen
    response = self._make_request(
  File "/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py", line 534, in _make_request
    response = conn.getresponse()
  File "/usr/local/lib/python3.12/site-packages/urllib3/connection.py", line 516, in getresponse
    httplib_response = super().getresponse()
  File "/usr/local/lib/python3.12/http/client.py", line 1428, in getresponse
    response.begin()
  File "/usr/local/lib/python3.12/http/client.py", line 331, in begin
    version, status, reason = self._read_status()
  File "/usr/local/lib/python3.12/http/client.py", line 292, in _read_status
    line = str(self.fp.readline(_MAXLINE + 1), "iso-8859-1")
  File "/usr/local/lib/python3.12/socket.py", line 720, in readinto
    return self._sock.recv_into(b)"""

HOTELS = ["AMS-CTR", "AMS-ZUI", "RTM-MAR", "LIS-BAI", "OPO-RIB", "WAW-SRD", "KRK-KAZ", "BER-MIT"]
UAS = ["LumenHotels/5.12.0 (iPhone; iOS 18.0.1)", "LumenHotels/5.12.0 (Android 14; Pixel 8)", "LumenHotels/5.11.3 (Android 13; SM-A546B)",
       "FrontDesk/2.4 (Windows NT 10.0)"]


def ingress_line(rng, end, client, method, path, status, size, took, ua, upstream, up_len, up_rt, up_status):
    stamp = end.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(180, 520)} {took:.3f} '
            f'[stay-stay-api-80] [] {upstream} {up_len} {up_rt} {up_status} {hexid(rng, 32)}')


def build_logs(rng, prev_head, morning_head, config_head):
    app = Log("stay-api.log")
    ingress = Log("ingress-nginx-access.log")
    kubelet = Log("kubelet.log")
    loy = Log("loyalty-service.log")
    argo = Log("argocd-application-controller.log")

    gens = [
        (None, [f"stay-api-7d9f6c5b48-{hexid(rng, 5)}" for _ in range(3)], morning_head),
        (CONFIG_DEPLOY, [f"stay-api-5c8b7f9d66-{hexid(rng, 5)}" for _ in range(3)], config_head),
        (ROLLBACK, [f"stay-api-6f4d8b7c95-{hexid(rng, 5)}" for _ in range(3)], prev_head),
    ]
    pod_ip = {}
    for _, pods, _ in gens:
        for pod in pods:
            pod_ip[pod] = f"10.44.{rng.randint(1, 3)}.{rng.randint(10, 250)}"

    def gen_of(slot, t):
        g = 0
        for i, (when, _, _) in enumerate(gens):
            if when is not None and t >= when + dt.timedelta(seconds=15 + 25 * slot):
                g = i
        return g

    def pod_of(slot, t):
        return gens[gen_of(slot, t)][1][slot]

    def blocking(t, g):
        return g < 2  # the culprit runs in the morning and config images

    def startup_lines(pod, t, version):
        for k, (logger, msg) in enumerate([
            ("uvicorn.error", "Started server process [1]"),
            ("uvicorn.error", "Waiting for application startup."),
            ("stay.main", f"starting stay-api version={version}"),
            ("uvicorn.error", "Application startup complete."),
            ("uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"),
        ]):
            tt = t + dt.timedelta(milliseconds=30 * k + rng.randint(0, 20))
            app.add(tt, python_logging(tt, "INFO", logger, f"{msg} pod={pod}" if logger == "stay.main" else msg))

    # rollouts (Argo CD, automated for merges to main; the rollback is a manual sync)
    for when, sha, who in ((MORNING_DEPLOY, morning_head, None), (CONFIG_DEPLOY, config_head, None), (ROLLBACK, prev_head, "joost.degraaf@lumenhotels.com")):
        t0 = when - dt.timedelta(seconds=40)
        if who:
            argo.add(t0, logfmt(t0, "info", f"Initiated sync to '{sha}'", application="stay-api", dest_namespace="stay", user=who))
        else:
            argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="stay-api", dest_namespace="stay"))
        argo.add(when, logfmt(when, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="stay-api", dest_namespace="stay"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="stay-api", dest_namespace="stay",
                                                              comparison_level=1, time_ms=rng.randint(35, 160)))])
    for g in (1, 2):
        when, pods, sha = gens[g]
        for slot, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=3 + 25 * slot)
            startup_lines(pod, t, sha[:7])
            old = gens[g - 1][1][slot]
            tt = when + dt.timedelta(seconds=15 + 25 * slot)
            kubelet.add(tt, klog(tt, "I", 2318, "kuberuntime_container.go:779", f'"Killing container with a grace period" pod="stay/{old}" podUID="{hexid(rng, 8)}" containerName="stay-api" containerID="containerd://{hexid(rng, 64)}" gracePeriod=30'))
            app.add(tt, python_logging(tt, "INFO", "uvicorn.error", "Shutting down"))
            app.add(tt + dt.timedelta(milliseconds=400), python_logging(tt + dt.timedelta(milliseconds=400), "INFO", "uvicorn.error", "Finished server process [1]"))

    # --- event simulation: one loop per pod ------------------------------------
    events = []
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        for a in poisson_times(rng, t, nxt, traffic(t)):
            events.append((a, 2, "req"))
        t = nxt
    for slot in range(3):
        off = rng.uniform(0, 5)
        t = START + dt.timedelta(seconds=off)
        while t < END:
            events.append((t, 0, ("ready", slot)))
            if int((t - START).total_seconds() - off) % 10 < 5:
                events.append((t + dt.timedelta(milliseconds=120), 1, ("live", slot)))
            t += dt.timedelta(seconds=5)
    events.sort(key=lambda e: (e[0], e[1]))

    free_at = [START] * 3
    busy = [[] for _ in range(3)]          # (start, end) of blocking callbacks
    ready = [True] * 3
    ready_fail = [0] * 3
    live_fail = [0] * 3
    down_until = [START] * 3
    restarts = [[] for _ in range(3)]
    requests_ = []
    loy_calls = {}
    for when, _, ev in events:
        if ev != "req":
            kind, slot = ev
            if when < down_until[slot]:
                continue
            pod = pod_of(slot, when)
            lag = (free_at[slot] - when).total_seconds()
            failed = lag > 1.0
            probe = "Readiness" if kind == "ready" else "Liveness"
            if failed:
                kubelet.add(when + dt.timedelta(seconds=1), klog(when + dt.timedelta(seconds=1), "I", 2318, "prober.go:107",
                            f'"Probe failed" probeType="{probe}" pod="stay/{pod}" podUID="{hexid(rng, 8)}" containerName="stay-api" probeResult="failure" '
                            f'output="Get \\"http://{pod_ip[pod]}:8000/healthz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"'))
            if kind == "ready":
                ready_fail[slot] = ready_fail[slot] + 1 if failed else 0
                if ready_fail[slot] >= 3:
                    ready[slot] = False
                elif not failed:
                    ready[slot] = True
            else:
                live_fail[slot] = live_fail[slot] + 1 if failed else 0
                if live_fail[slot] >= 3:
                    tt = when + dt.timedelta(seconds=1, milliseconds=20)
                    kubelet.add(tt, klog(tt, "I", 2318, "kuberuntime_manager.go:1050", f'"Message for Container of pod" containerName="stay-api" containerStatusID={{"Type":"containerd","ID":"{hexid(rng, 64)}"}} pod="stay/{pod}" containerMessage="Container stay-api failed liveness probe, will be restarted"'))
                    kubelet.add(tt, klog(tt, "I", 2318, "kuberuntime_container.go:779", f'"Killing container with a grace period" pod="stay/{pod}" podUID="{hexid(rng, 8)}" containerName="stay-api" containerID="containerd://{hexid(rng, 64)}" gracePeriod=30'))
                    app.add(tt + dt.timedelta(milliseconds=5), python_logging(tt + dt.timedelta(milliseconds=5), "INFO", "uvicorn.error", "Shutting down"))
                    restarts[slot].append(tt)
                    busy[slot] = [(s, min(e, tt)) for s, e in busy[slot] if s < tt]
                    back = tt + dt.timedelta(seconds=rng.uniform(9, 13))
                    g = gen_of(slot, tt)
                    startup_lines(pod, back, gens[g][2][:7])
                    down_until[slot] = back + dt.timedelta(seconds=4)
                    free_at[slot] = down_until[slot]
                    ready[slot], ready_fail[slot], live_fail[slot] = True, 0, 0
            continue
        live = [s for s in range(3) if ready[s] and when >= down_until[s]]
        client = f"10.20.{rng.randint(0, 7)}.{rng.randint(2, 250)}"
        ua = rng.choice(UAS)
        code = "LH" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4))
        r = rng.random()
        if r < 0.55:
            kind, method, path, route = "res", "GET", f"/v1/reservations/{code}", "/v1/reservations/{code}"
        elif r < 0.77:
            hotel = rng.choice(HOTELS)
            kind, method, path, route = "avail", "GET", f"/v1/hotels/{hotel}/availability?arrival=2026-{rng.choice(['10-15', '10-16', '10-17', '10-24', '11-02'])}&nights={rng.randint(1, 4)}", "/v1/hotels/{hotel}/availability"
        elif r < 0.87:
            kind, method, path, route = "keys", "POST", f"/v1/reservations/{code}/keys", "/v1/reservations/{code}/keys"
        elif r < 0.95:
            kind, method, path, route = "checkin", "POST", f"/v1/reservations/{code}/checkin", "/v1/reservations/{code}/checkin"
        else:
            kind, method, path, route = "points", "GET", f"/v1/members/M-{rng.randint(100000, 999999)}/points", "/v1/members/{member_id}/points"
        req = {"t": when, "client": client, "ua": ua, "method": method, "path": path, "route": route, "kind": kind, "code": code}
        requests_.append(req)
        if not live:
            req.update(slot=None, status=503)
            continue
        slot = rng.choice(live)
        g = gen_of(slot, when)
        pod = pod_of(slot, when)
        start = max(when, free_at[slot])
        block = rng.uniform(0.002, 0.006)
        io = ms(rng, 9) / 1000
        if kind == "res":
            member = rng.random() < 0.62
            if member:
                lat = loyalty_latency(rng, start)
                minute = start.replace(second=0, microsecond=0)
                loy_calls[minute] = loy_calls.get(minute, 0) + 1
                if blocking(start, g):
                    block += min(lat, 5.0)
                    req["loyalty_timeout"] = lat > 5.0
                    req["member"] = f"M-{rng.randint(100000, 999999)}"
                else:
                    io += min(lat, 5.0)
        elif kind == "avail":
            io = ms(rng, 45) / 1000
            block += rng.uniform(0.004, 0.012)
        elif kind == "keys":
            io = ms(rng, 420, 0.4) / 1000
        elif kind == "checkin":
            io = ms(rng, 60) / 1000
        elif kind == "points":
            io = min(loyalty_latency(rng, start), 5.0)  # in the thread pool: does not block the loop
        free_at[slot] = start + dt.timedelta(seconds=block)
        busy[slot].append((start, free_at[slot]))
        req.update(slot=slot, pod=pod, gen=g, start=start, block=block, io=io)

    # --- second pass: when does each request's continuation get the loop -----
    chains = []
    for slot in range(3):
        merged = []
        for s, e in busy[slot]:
            if merged and s <= merged[-1][1] + dt.timedelta(milliseconds=50):
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        chains.append(merged)
    starts = [[c[0] for c in chains[s]] for s in range(3)]

    busy_starts = [[s for s, _ in busy[slot]] for slot in range(3)]

    def turn(slot, t):
        """The first loop turn at or after t: the end of the callback running then."""
        i = bisect.bisect_right(busy_starts[slot], t) - 1
        if i >= 0 and busy[slot][i][1] > t:
            return busy[slot][i][1]
        return t

    def loop_free(slot, t):
        i = bisect.bisect_right(starts[slot], t) - 1
        if i >= 0 and chains[slot][i][1] > t:
            return chains[slot][i][1]
        return t

    dumps = {}
    for slot in range(3):
        for s, e in chains[slot]:
            lag = (e - s).total_seconds()
            pod = pod_of(slot, s)
            cut = [r for r in restarts[slot] if s <= r < e]
            if cut:
                continue
            if lag >= 2.0 and (s - dumps.get(slot, START - dt.timedelta(hours=1))).total_seconds() > 300:
                dumps[slot] = s
                tt = s + dt.timedelta(seconds=2.0 + rng.uniform(0, 0.25))
                app.add(tt, python_logging(tt, "WARNING", "stay.watchdog", f"event loop blocked for {(tt - s).total_seconds():.2f} s; loop thread stack:") + "\n" + WATCHDOG_STACK)
            if lag >= 0.5:
                tt = e + dt.timedelta(seconds=rng.uniform(0, 0.25))
                app.add(tt, python_logging(tt, "WARNING", "stay.watchdog", f"event loop blocked for {lag:.2f} s"))

    served = {}
    for req in requests_:
        t = req["t"]
        ua, client = req["ua"], req["client"]
        if req["slot"] is None:
            end = t + dt.timedelta(milliseconds=rng.randint(0, 2))
            ingress.add(end, ingress_line(rng, end, client, req["method"], req["path"], 503, 190, 0.0, ua, "-", "-", "-", "-"))
            continue
        slot, pod = req["slot"], req["pod"]
        upstream = f"{pod_ip[pod]}:8000"
        after_block = req["start"] + dt.timedelta(seconds=req["block"])
        status, size = 200, rng.randint(300, 2400)
        if req["kind"] == "keys":
            timeout = 4.0 if req["gen"] >= 1 else 10.0
            attempts = 2 if req["gen"] >= 1 else 1
            # the handler gets its first turn between two callbacks and sends
            # the request; the answer waits until the loop is free again
            sent = turn(slot, req["t"]) + dt.timedelta(milliseconds=rng.randint(3, 9))
            resumed = loop_free(slot, sent + dt.timedelta(seconds=req["io"]))
            attempt = 1
            while (resumed - sent).total_seconds() > timeout and attempt < attempts:
                warned = loop_free(slot, sent + dt.timedelta(seconds=timeout))
                app.add(warned, python_logging(warned, "WARNING", "stay.keys", f"lockhub request timed out after {timeout:.1f} s (attempt {attempt}/{attempts}), retrying"))
                sent = loop_free(slot, sent + dt.timedelta(seconds=timeout))
                resumed = loop_free(slot, sent + dt.timedelta(seconds=ms(rng, 420, 0.4) / 1000))
                attempt += 1
            if (resumed - sent).total_seconds() > timeout:
                done = loop_free(slot, sent + dt.timedelta(seconds=timeout))
                app.add(done, python_logging(done, "ERROR", "stay.keys", f"issuing mobile key failed for reservation {req['code']}: lockhub ReadTimeout (timeout {timeout:.1f} s)"))
                status, size = 504, 42
            else:
                done = resumed
        else:
            done = loop_free(slot, after_block + dt.timedelta(seconds=req["io"]))
        if req.get("loyalty_timeout"):
            app.add(after_block, python_logging(after_block, "WARNING", "stay.loyalty", f"loyalty balance unavailable for member {req['member']}: ReadTimeout"))
        took = (done - t).total_seconds()
        killed = [r for r in restarts[slot] if t <= r < done]
        if killed and (killed[0] - t).total_seconds() < READ_TIMEOUT:
            end = killed[0]
            ingress.add(end, ingress_line(rng, end, client, req["method"], req["path"], 502, 150, (end - t).total_seconds(), ua, upstream, 0, f"{(end - t).total_seconds():.3f}", 502))
            continue
        if took > READ_TIMEOUT:
            end = t + dt.timedelta(seconds=READ_TIMEOUT, milliseconds=rng.randint(0, 3))
            ingress.add(end, ingress_line(rng, end, client, req["method"], req["path"], 504, 160, READ_TIMEOUT + 0.001, ua, upstream, 0, f"{READ_TIMEOUT:.3f}", 504))
        else:
            ingress.add(done, ingress_line(rng, done, client, req["method"], req["path"], status, size, took + 0.001, ua, upstream, size, f"{took:.3f}", status))
        if not killed and took > 2.0:
            app.add(done, python_logging(done, "WARNING", "stay.http", f"slow request: {req['method']} {req['route']} took {int(took * 1000)} ms (status {status})"))
        minute = done.replace(second=0, microsecond=0)
        served[minute] = served.get(minute, 0) + 1

    emit(rng, app, START, END, 0.6, [
        (3, lambda t: python_logging(t, "INFO", "stay.checkin", f"reservation LH{hexid(rng, 4).upper()} checked in at {rng.choice(HOTELS)}, room {rng.randint(1, 9)}{rng.randint(0, 3)}{rng.randint(1, 9)}")),
        (2, lambda t: python_logging(t, "INFO", "stay.availability", f"rate plans refreshed for {rng.choice(HOTELS)}: {rng.randint(6, 24)} plans")),
        (1, lambda t: python_logging(t, "INFO", "stay.keys", f"mobile key issued for reservation LH{hexid(rng, 4).upper()} (lockhub {rng.randint(240, 880)} ms)")),
    ])
    emit(rng, kubelet, START, END, 0.4, [
        (3, lambda t: klog(t, "I", 2318, "kubelet_node_status.go:72", '"Node status is up to date" node="ip-10-44-2-81.eu-west-1.compute.internal"')),
        (1, lambda t: klog(t, "I", 2318, "kubelet_volumes.go:160", f'"Cleaned up orphaned pod volumes dir" podUID="{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" path="/var/lib/kubelet/pods/{hexid(rng, 8)}/volumes"')),
    ])

    # loyalty-service: per-minute stats, its accrual batch; no errors
    t = START.replace(second=0)
    while t < END:
        slow = t >= BATCH - dt.timedelta(seconds=20)
        ramp = min(1.0, max(0.0, (t - BATCH).total_seconds() / 180 + 0.35)) if slow else 0.0
        others = rng.randint(140, 190)
        p50 = rng.randint(14, 22) if not slow else int(1650 * ramp + rng.randint(-120, 160))
        p99 = rng.randint(60, 140) if not slow else int(5100 * ramp + rng.randint(-300, 300))
        when = t + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
        loy.add(when, logfmt(when, "info", "http stats", window="60s", requests=others + loy_calls.get(t, 0), errors_5xx=0,
                             p50_ms=max(p50, 15), p99_ms=max(p99, 60), db_pool_in_use=(rng.randint(2, 6) if not slow else rng.randint(28, 32)), pod=f"loyalty-66b{rng.randint(0, 1)}"))
        t += dt.timedelta(minutes=1)
    loy.add(BATCH, logfmt(BATCH, "info", "points accrual batch started", run="2026-10-15", members=1184302, stays=48211, workers=24))
    batch_done = 0
    t = BATCH + dt.timedelta(minutes=5)
    while t < END:
        batch_done += rng.randint(52000, 61000)
        loy.add(t, logfmt(t, "info", "points accrual batch progress", run="2026-10-15", members_done=batch_done, members=1184302))
        t += dt.timedelta(minutes=5)
    emit(rng, loy, START, END, 0.15, [(1, lambda t: logfmt(t, "info", "tier recalculated", member=f"M-{rng.randint(100000, 999999)}", tier=rng.choice(["silver", "gold", "blue"])))])
    return [app, ingress, kubelet, loy, argo], (chains, pod_of, served)


def build(out_dir):
    rng = random.Random(11100)
    repo, culprit, prev_head, morning_head, config_head = build_repo()
    try:
        logs, (chains, pod_of, served) = build_logs(rng, prev_head, morning_head, config_head)
        ingress, kubelet = logs[1], logs[2]
        onset = min([t for t, _, text in ingress.entries if t >= BATCH and '" 504 ' in text]
                    + [t for t, _, text in kubelet.entries if t >= BATCH and "Probe failed" in text]).replace(microsecond=0)

        def lag(slot):
            starts = [c[0] for c in chains[slot]]

            def fn(t):
                worst = 0.0
                i = bisect.bisect_right(starts, t) - 1
                while i >= 0 and chains[slot][i][1] >= t - dt.timedelta(seconds=30):
                    s, e = chains[slot][i]
                    worst = max(worst, (min(e, t) - s).total_seconds())
                    i -= 1
                return round(worst, 3)
            return fn

        series = []
        bounds = (START, CONFIG_DEPLOY + dt.timedelta(seconds=15), ROLLBACK + dt.timedelta(seconds=15), END + dt.timedelta(minutes=1))
        for slot in range(3):
            f = lag(slot)
            for a, b in zip(bounds, bounds[1:]):
                a2 = a if a == START else a + dt.timedelta(seconds=25 * slot)
                b2 = b + dt.timedelta(seconds=25 * slot)
                pod = pod_of(slot, a2 + dt.timedelta(seconds=1))
                series.append(({"namespace": "stay", "pod": pod, "container": "stay-api"},
                               (lambda t, a2=a2, b2=b2, f=f: f(t) if a2 <= t < b2 else None)))

        def loyalty_p99(t):
            if t < BATCH:
                return 0.09 + 0.03 * ((t.minute * 7) % 5) / 5
            return round(min(5.1, 0.1 + 5.0 * min(1.0, (t - BATCH).total_seconds() / 180)), 3)

        metrics = {
            "stay_event_loop_lag_max_seconds.json": query_range(series, START, END, 30),
            "loyalty_http_server_request_duration_p99_seconds.json": query_range([({"namespace": "loyalty", "service": "loyalty", "route": "/v1/members/{id}/balance"}, loyalty_p99)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="thread-pool-blocking-call", service=SERVICE, onset=onset,
            description=f"""
Every endpoint of stay-api slow at once. From {onset.strftime('%H:%M')} UTC probes time out, pods
restart and the ingress answers 504 after 8 s on all routes (availability,
mobile keys, check-in, reservations). loyalty-service had started its nightly
accrual batch at 16:36 and was slow (no errors). stay-api was rolled out at
09:58 (loyalty points on the reservation view) and at 16:08 (lockhub timeout
10 s -> 4 s, one retry). Rolled back to Wednesday's image at 17:27; the API
recovered while loyalty-service was still slow.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"event loop blocked for", r"loop thread stack"],
            fix_files=["stay/reservations.py"],
            explanation="""
The culprit (Thursday 08:47, rolled out at 09:58 under the tests commit the
start-up lines name) calls the synchronous loyalty client (requests) from
the async reservation handler in stay/reservations.py, so each reservation
view holds the pod's only event loop for as long as loyalty-service takes.
At 40 ms nobody notices; when the accrual batch makes loyalty take 1-5 s
during the check-in peak, the loop is blocked most of the time and every
other request on the pod waits: stay.watchdog's "event loop blocked for …"
lines and its stack dumps (ending in requests under get_reservation) show
it; 504s on unrelated routes, probe failures and restarts follow. The fix
awaits the balance in a thread (run_in_threadpool) or with an async client.
Decoys: the lockhub timeout change (stay/keys.py, config) rolled out 29
minutes before the onset (the start-up lines name it, and key requests then
log "lockhub request timed out" because the loop cannot read lockhub's
answers in time), the
requests bump the same morning, the tests and docs commits, the earlier
edit of reservations.py (room number), the commit that added the loyalty
client days before, loyalty-service's own slow batch, and the runbook
commit written afterwards.
""",
        )
    finally:
        repo.close()
