"""fares-api (Python, FastAPI under uvicorn, team in Madrid, Lisbon and
Bucharest): a rail ticket reseller's fare search and booking API in AWS
eu-west-1. Searches call seat-inventory (another team's service in its own
VPC, reached through a PrivateLink endpoint in front of a Network Load
Balancer); bookings call payments-gateway through an internal NLB. The fare
cache is an ElastiCache Redis in the same VPC.

At 13:09 UTC on Tuesday the NLB nodes in one Availability Zone (euw1-az2,
eu-west-1b) start dropping new connections and resetting existing ones.
About a third of the connections fares-api opens to either upstream go to
that zone's addresses: pooled connections are reset ("Connection reset by
peer"), new ones time out after the 2 s connect timeout, one retry often
lands on a healthy zone, but one search in eight and one booking in three
fail with 503, and the rest are slow. Redis (no load balancer) is fine.
seat-inventory and payments-gateway log nothing wrong, only fewer requests.
AWS posts on the Health Dashboard 27 minutes after the onset, names the zone
at 13:58, reports recovery at 14:31 and posts the resolution at 15:02. At
14:09 the on-call engineer points the inventory client at the endpoint's
zone-a DNS name (kubectl set env, a restart) and searches recover; bookings
fail until AWS's mitigation. Nothing in the repository caused it.

Decoys: an httpx patch bump, a commit that adds the upstream host and
attempt to the inventory client's failure line, and a config change that
raises the inventory connect timeout from 1 s to 2 s, all rolled out
together 29 minutes before the onset (the start-up lines name the config
commit); an earlier edit of the inventory client (retry once on connect
errors), tests, docs about the upstreams, routine chores, and a runbook
commit after the onset. App (Python logging + httpx tracebacks, uvicorn
access), ALB access, seat-inventory (logfmt), AWS Health events (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "fares-api"
START, END = utc("2026-09-22 11:30:00"), utc("2026-09-22 15:30:00")
DEPLOY = utc("2026-09-22 12:41:00")
AZ_BAD = utc("2026-09-22 13:09:37")
AZ_WORST = utc("2026-09-22 13:13:00")
AZ_MITIGATED = utc("2026-09-22 14:26:00")
AZ_OK = utc("2026-09-22 14:48:00")
ZONAL_SWITCH = utc("2026-09-22 14:09:00")

INV_HOST = "vpce-0c3f9a8e1d2b47a65-k4x7q2mz.vpce-svc-0e5d8c2b9a1f34c76.eu-west-1.vpce.amazonaws.com"
INV_ZONAL = "vpce-0c3f9a8e1d2b47a65-k4x7q2mz-eu-west-1a.vpce-svc-0e5d8c2b9a1f34c76.eu-west-1.vpce.amazonaws.com"
PAY_HOST = "internal-payments-gw-nlb-5e81c0f3a7d2b946.elb.eu-west-1.amazonaws.com"

INVENTORY = '''"""seat-inventory client: seat availability for a route and a day."""
import logging

import httpx

log = logging.getLogger("fares.clients.inventory")


class InventoryUnavailable(Exception):
    pass


class InventoryClient:
    def __init__(self, cfg):
        self._client = httpx.AsyncClient(
            base_url=cfg["url"],
            timeout=httpx.Timeout(cfg["read_timeout"], connect=cfg["connect_timeout"]),
            limits=httpx.Limits(max_connections=cfg["max_connections"], max_keepalive_connections=cfg["max_keepalive"]),
        )

    async def availability(self, origin, destination, day):
        query = {"origin": origin, "destination": destination, "date": day.isoformat()}
        try:
            resp = await self._client.post("/v2/availability", json=query)
            resp.raise_for_status()
        except httpx.HTTPError as exc:
            log.warning("availability request failed: %s: %s", type(exc).__name__, exc)
            raise InventoryUnavailable(str(exc)) from exc
        return resp.json()["trains"]
'''

PAYMENTS = '''"""payments-gateway client: card authorisation for a booking."""
import logging

import httpx

log = logging.getLogger("fares.clients.payments")


class PaymentsClient:
    def __init__(self, cfg):
        self._client = httpx.AsyncClient(base_url=cfg["url"], timeout=httpx.Timeout(cfg["timeout"], connect=cfg["connect_timeout"]))

    async def authorise(self, booking, token):
        resp = await self._client.post("/v1/authorisations", json={"reference": booking.reference, "amount": booking.amount_cents,
                                                                     "currency": "EUR", "token": token})
        resp.raise_for_status()
        return resp.json()
'''

SEARCH = '''import datetime as dt
import logging

from fastapi import APIRouter, HTTPException

from fares import cache
from fares.clients.inventory import InventoryUnavailable

log = logging.getLogger("fares.search")
router = APIRouter()


@router.get("/v1/fares/search")
async def search(origin: str, destination: str, date: dt.date, passengers: int = 1):
    cached = await cache.get_fares(origin, destination, date)
    try:
        trains = await router.inventory.availability(origin, destination, date)
    except InventoryUnavailable:
        log.exception("fare search failed for %s-%s %s", origin, destination, date)
        raise HTTPException(503, "seat availability is temporarily unavailable")
    return cache.price(trains, cached, passengers)
'''

CONFIG = """server:
  port: 8000
inventory:
  url: http://vpce-0c3f9a8e1d2b47a65-k4x7q2mz.vpce-svc-0e5d8c2b9a1f34c76.eu-west-1.vpce.amazonaws.com
  connect_timeout: 1.0
  read_timeout: 3.0
  max_connections: 50
  max_keepalive: 20
payments:
  url: http://internal-payments-gw-nlb-5e81c0f3a7d2b946.elb.eu-west-1.amazonaws.com
  connect_timeout: 2.0
  timeout: 8.0
cache:
  url: redis://fares-cache.x7k2pq.ng.0001.euw1.cache.amazonaws.com:6379/0
  fares_ttl_seconds: 300
"""


def build_repo():
    lucia = Person("Lucía Fernández", "lucia.fernandez@railgo.eu", 120)
    rui = Person("Rui Santos", "rui.santos@railgo.eu", 60)
    andrei = Person("Andrei Popescu", "andrei.popescu@railgo.eu", 180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "fares", "Fare search and bookings for Railgo: seat-inventory for availability, payments-gateway for cards.")
    files["pyproject.toml"] = files["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "httpx==0.27.0", "redis==5.0.8"]').replace('"pytest==8.1.1", "httpx==0.27.0"]', '"pytest==8.1.1", "respx==0.21.1"]')
    files["fares/main.py"] = files["fares/main.py"].replace(
        '    log.info("starting fares-api version=%s", os.environ.get("VERSION", "dev"))\n',
        '    log.info("starting fares-api version=%s", os.environ.get("VERSION", "dev"))\n'
        '    inv = settings.inventory\n'
        '    log.info("inventory upstream %s connect_timeout=%.1fs", os.environ.get("INVENTORY_URL", inv["url"]), inv["connect_timeout"])\n')
    assert "inventory upstream" in files["fares/main.py"]
    files["fares/clients/__init__.py"] = ""
    files["fares/clients/inventory.py"] = INVENTORY
    files["fares/clients/payments.py"] = PAYMENTS
    files["fares/search.py"] = SEARCH
    files["fares/cache.py"] = '"""Fare cache in Redis (prices change a few times a day)."""\nimport json\n\nfrom redis import asyncio as aioredis\n\n_redis = None\n\n\nasync def get_fares(origin, destination, day):\n    raw = await _redis.get(f"fares:{origin}:{destination}:{day.isoformat()}")\n    return json.loads(raw) if raw else None\n\n\ndef price(trains, cached, passengers):\n    return [{"train": t["id"], "departure": t["departure"], "seats": t["seats"], "fare": (cached or {}).get(t["id"])} for t in trains]\n'
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=4, memory="512Mi", cpu="500m",
                                                  env={"CONFIG_PATH": "/app/config/production.yaml", "WEB_CONCURRENCY": "2"},
                                                  extra_spec="      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: fares-api\n")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("FaresSearch5xx", "More than 2 % of searches fail: check seat-inventory's dashboard and the inventory client's warnings."),
        ("BookingsPaymentErrors", "Card authorisations failing: check payments-gateway (#team-payments) and status.railgo-payments.internal."),
    ])
    repo.commit(utc("2026-09-15 08:50:00"), lucia, "fares-api: import", files)
    repo.schedule(chores(random.Random(10201), SERVICE, [lucia, rui, andrei], utc("2026-09-15 08:50:00"), utc("2026-09-22 12:30:00"), 4))
    repo.commit(utc("2026-09-17 12:05:00"), andrei, "inventory client: retry once on connect errors\n\nDeploys of seat-inventory drain targets for a few seconds; a single\nretry on a fresh connection hides that from users.", {
        "fares/clients/inventory.py": repo.edit("fares/clients/inventory.py",
            '        try:\n            resp = await self._client.post("/v2/availability", json=query)\n            resp.raise_for_status()\n        except httpx.HTTPError as exc:\n            log.warning("availability request failed: %s: %s", type(exc).__name__, exc)\n            raise InventoryUnavailable(str(exc)) from exc\n        return resp.json()["trains"]\n',
            '        for attempt in (1, 2):\n            try:\n                resp = await self._client.post("/v2/availability", json=query)\n                resp.raise_for_status()\n                return resp.json()["trains"]\n'
            '            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:\n                log.warning("availability request failed: %s: %s", type(exc).__name__, exc)\n                if attempt == 2:\n                    raise InventoryUnavailable(str(exc)) from exc\n'
            '            except httpx.HTTPError as exc:\n                log.warning("availability request failed: %s: %s", type(exc).__name__, exc)\n                raise InventoryUnavailable(str(exc)) from exc\n'),
    })
    repo.commit(utc("2026-09-18 09:40:00"), rui, "tests: a search answers 503 when seat-inventory is unavailable", {
        "tests/test_search.py": "import httpx\nimport respx\nfrom fastapi.testclient import TestClient\n\nfrom fares.main import app\n\n\n@respx.mock\ndef test_inventory_down_is_503():\n    respx.post(url__regex=r\".*/v2/availability\").mock(side_effect=httpx.ConnectError(\"boom\"))\n    resp = TestClient(app).get(\"/v1/fares/search\", params={\"origin\": \"MAD\", \"destination\": \"BCN\", \"date\": \"2026-10-03\"})\n    assert resp.status_code == 503\n",
    })
    repo.commit(utc("2026-09-21 14:25:00"), lucia, "docs: our upstreams and how we reach them", {
        "docs/upstreams.md": "# Upstreams\n\n| Upstream | Owner | How | Endpoint |\n|---|---|---|---|\n| seat-inventory | #team-inventory | PrivateLink (their NLB, three zones) | `vpce-0c3f…` regional DNS name |\n| payments-gateway | #team-payments | internal NLB, peered VPC | `internal-payments-gw-nlb-…` |\n| fare cache | us | ElastiCache Redis, same VPC | `fares-cache.x7k2pq…` |\n\nThe regional DNS names answer with one address per zone; the client\nconnects to whichever comes first. Zonal names (`…-eu-west-1a.vpce-svc-…`)\nexist for each zone.\n",
    })
    repo.commit(utc("2026-09-22 05:47:00"), bot, "Bump httpx from 0.27.0 to 0.27.2\n\nBumps [httpx](https://github.com/encode/httpx) from 0.27.0 to 0.27.2.\n- [Release notes](https://github.com/encode/httpx/releases)\n- [Changelog](https://github.com/encode/httpx/blob/master/CHANGELOG.md)\n\n---\nupdated-dependencies:\n- dependency-name: httpx\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0", "redis', '"httpx==0.27.2", "redis'),
    })
    repo.commit(utc("2026-09-22 10:05:00"), andrei, "inventory client: say which upstream and which attempt failed", {
        "fares/clients/inventory.py": repo.edit("fares/clients/inventory.py",
            '            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:\n                log.warning("availability request failed: %s: %s", type(exc).__name__, exc)\n',
            '            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:\n                log.warning("availability request failed (attempt %d/2, upstream %s): %s: %s",\n                            attempt, self._client.base_url.host, type(exc).__name__, exc)\n').replace(
            '            except httpx.HTTPError as exc:\n                log.warning("availability request failed: %s: %s", type(exc).__name__, exc)\n',
            '            except httpx.HTTPError as exc:\n                log.warning("availability request failed (attempt %d/2, upstream %s): %s: %s",\n                            attempt, self._client.base_url.host, type(exc).__name__, exc)\n'),
    })
    head = repo.commit(utc("2026-09-22 12:14:00"), lucia, "config: inventory connect timeout 1 s -> 2 s\n\nThe new seat-inventory cluster's first connections take up to 1.3 s at\np99.9 after their deploys (TLS to the new ingress); 1 s cut them off.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  connect_timeout: 1.0\n  read_timeout: 3.0\n", "  connect_timeout: 2.0\n  read_timeout: 3.0\n"),
    })
    repo.commit(utc("2026-09-22 15:20:00"), rui, "runbook: zonal load balancer failures (AWS Health, zonal endpoint names)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Connection errors to several upstreams at once\n\nIf the inventory and payments clients both log connect timeouts or\nresets, suspect the load balancers, not the upstreams: check AWS Health\n(eu-west-1) and the NLBs' TCP_ELB_Reset_Count per zone. For inventory,\npoint INVENTORY_URL at a healthy zone's endpoint name\n(`kubectl -n fares set env deploy/fares-api INVENTORY_URL=…`) until AWS\nrecovers, then remove the override.\n",
    })
    return repo, head


def zone_failure(t):
    """Fraction of connections through eu-west-1b's NLB nodes that fail."""
    if t < AZ_BAD or t >= AZ_OK:
        return 0.0
    if t < AZ_WORST:
        return 0.3 + 0.7 * (t - AZ_BAD).total_seconds() / (AZ_WORST - AZ_BAD).total_seconds()
    if t < AZ_MITIGATED:
        return 1.0
    return 1.0 - (t - AZ_MITIGATED).total_seconds() / (AZ_OK - AZ_MITIGATED).total_seconds()


ROUTES = [("MAD", "BCN"), ("BCN", "MAD"), ("MAD", "SVQ"), ("MAD", "VLC"), ("BCN", "PMI"), ("LIS", "POR"), ("MAD", "MLG"), ("VLC", "BCN"), ("BCN", "ZAZ"), ("MAD", "ALC")]

TB_INV_CONNECT = """Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", line 72, in map_httpcore_exceptions
    yield
  File "/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", line 377, in handle_async_request
    resp = await self._pool.handle_async_request(req)
  File "/usr/local/lib/python3.11/site-packages/httpcore/_async/connection_pool.py", line 216, in handle_async_request
    raise exc from None
{frames}  File "/usr/local/lib/python3.11/contextlib.py", line 158, in __exit__
    self.gen.throw(typ, value, traceback)
  File "/usr/local/lib/python3.11/site-packages/httpcore/_exceptions.py", line 14, in map_exceptions
    raise to_exc(exc) from exc
httpcore.{exc}

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/fares/clients/inventory.py", line 27, in availability
    resp = await self._client.post("/v2/availability", json=query)
  File "/usr/local/lib/python3.11/site-packages/httpx/_client.py", line 1905, in post
    return await self.request(
  File "/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", line 89, in map_httpcore_exceptions
    raise mapped_exc(message) from exc
httpx.{exc}

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/fares/search.py", line 18, in search
    trains = await router.inventory.availability(origin, destination, date)
  File "/app/fares/clients/inventory.py", line 33, in availability
    raise InventoryUnavailable(str(exc)) from exc
fares.clients.inventory.InventoryUnavailable{colon_text}"""


CONNECT_FRAMES = """  File "/usr/local/lib/python3.11/site-packages/httpcore/_async/connection.py", line 122, in _connect
    stream = await self._network_backend.connect_tcp(**kwargs)
  File "/usr/local/lib/python3.11/site-packages/httpcore/_backends/auto.py", line 31, in connect_tcp
    return await self._backend.connect_tcp(
  File "/usr/local/lib/python3.11/site-packages/httpcore/_backends/anyio.py", line 113, in connect_tcp
    with map_exceptions(exc_map):
"""

READ_FRAMES = """  File "/usr/local/lib/python3.11/site-packages/httpcore/_async/http11.py", line 217, in _receive_event
    data = await self._network_stream.read(
  File "/usr/local/lib/python3.11/site-packages/httpcore/_backends/anyio.py", line 34, in read
    with map_exceptions(exc_map):
"""


def traceback_for(kind, text):
    exc = f"{kind}: {text}" if text else kind
    return TB_INV_CONNECT.format(frames=CONNECT_FRAMES if kind.startswith("Connect") else READ_FRAMES, exc=exc,
                                 colon_text=f": {text}" if text else "")


def build_logs(rng, head):
    app = Log("fares-api.log")
    alb = Log("alb-access.log")
    inv = Log("seat-inventory.log")
    health = Log("aws-health-events.log")
    pods_old = [f"fares-api-6f7d8c9b5-{hexid(rng, 5)}" for _ in range(4)]
    pods_new = [f"fares-api-7b9c4d6f8-{hexid(rng, 5)}" for _ in range(4)]
    pods_zonal = [f"fares-api-5d8e7f9c6-{hexid(rng, 5)}" for _ in range(4)]

    def pods_at(t):
        if t >= ZONAL_SWITCH + dt.timedelta(seconds=75):
            return pods_zonal
        if t >= DEPLOY + dt.timedelta(seconds=75):
            return pods_new
        return pods_old

    # start-ups: the 12:41 rollout (the config commit is the newest on main)
    # and the 14:09 restart after kubectl set env, same image
    for when, pods in ((DEPLOY, pods_new), (ZONAL_SWITCH, pods_zonal)):
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=8 + 18 * i + rng.uniform(0, 2))
            for k, (logger, msg) in enumerate([
                ("uvicorn.error", f"Started server process [{rng.randint(7, 9)}]"),
                ("uvicorn.error", "Waiting for application startup."),
                ("fares.main", f"starting fares-api version={head[:7]}"),
                ("fares.main", f"inventory upstream http://{INV_ZONAL if when == ZONAL_SWITCH else INV_HOST} connect_timeout=2.0s"),
                ("uvicorn.error", "Application startup complete."),
                ("uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"),
            ]):
                tt = t + dt.timedelta(milliseconds=40 * k)
                app.add(tt, python_logging(tt, "INFO", logger, msg))
    for when in (DEPLOY, ZONAL_SWITCH):
        t = when + dt.timedelta(seconds=80)
        app.add(t, python_logging(t, "INFO", "uvicorn.error", "Shutting down"))
        app.add(t, python_logging(t, "INFO", "uvicorn.error", "Finished server process [8]"))

    inv_served = {}

    def zone_pick():
        return rng.choice("abc")

    def call(t, upstream, connect_timeout, pooled_reset_until):
        """One upstream call with the client's behaviour. Returns (ok, elapsed_s, failures:list)."""
        failures = []
        elapsed = 0.0
        attempts = 2 if upstream == "inventory" else 1
        zonal = upstream == "inventory" and t >= ZONAL_SWITCH + dt.timedelta(seconds=75)
        for attempt in range(1, attempts + 1):
            zone = "a" if zonal else zone_pick()
            bad = zone == "b" and rng.random() < zone_failure(t + dt.timedelta(seconds=elapsed))
            if not bad:
                took = ms(rng, 38 if upstream == "inventory" else 310) / 1000
                elapsed += took
                if upstream == "inventory":
                    key = (t + dt.timedelta(seconds=elapsed)).replace(second=0, microsecond=0)
                    inv_served[key] = inv_served.get(key, 0) + 1
                return True, elapsed, failures
            if attempt == 1 and t < pooled_reset_until and rng.random() < 0.7:
                failures.append(("ReadError", "[Errno 104] Connection reset by peer", zone))
                elapsed += rng.uniform(0.002, 0.02)
                return False, elapsed, failures  # not retried: only connect errors are
            failures.append(("ConnectTimeout", "", zone))
            elapsed += connect_timeout
        return False, elapsed, failures

    reset_until = AZ_BAD + dt.timedelta(minutes=4)
    for t in poisson_times(rng, START, END, 13):
        pod = rng.choice(pods_at(t))
        origin, dest = rng.choice(ROUTES)
        day = (t + dt.timedelta(days=rng.choice([1, 2, 3, 5, 8, 11, 14, 21, 30]))).date().isoformat()
        client = f"10.20.{rng.randint(0, 2)}.{rng.randint(10, 250)}"
        ok, elapsed, failures = call(t, "inventory", 2.0 if t >= DEPLOY else 1.0, reset_until)
        cache_ms = rng.uniform(0.6, 2.2) / 1000
        total = elapsed + cache_ms + ms(rng, 9) / 1000
        tt = t
        for n, (kind, text, zone) in enumerate(failures, start=1):
            tt = t + dt.timedelta(seconds=min(elapsed, 2.0 * n))
            host = INV_HOST
            detail = f"{kind}: {text}" if text else kind
            if t >= DEPLOY:
                msg = f"availability request failed (attempt {n}/2, upstream {host}): {detail}"
            else:
                msg = f"availability request failed: {detail}"
            app.add(tt, python_logging(tt, "WARNING", "fares.clients.inventory", msg))
        done = t + dt.timedelta(seconds=total)
        path = f"/v1/fares/search?origin={origin}&destination={dest}&date={day}&passengers={rng.choice([1, 1, 1, 2, 2, 3, 4])}"
        status = 200 if ok else 503
        if not ok:
            kind, text, _ = failures[-1]
            app.add(done, python_logging(done, "ERROR", "fares.search", f"fare search failed for {origin}-{dest} {day}") + "\n"
                    + traceback_for(kind, text))
        app.add(done, python_logging(done, "INFO", "uvicorn.access", f'{client}:{rng.randint(30000, 65000)} - "GET {path} HTTP/1.1" {status}'))
        alb.add(t, _alb(rng, t, client, status, total, "GET", path, "Railgo/7.3 (iPhone; iOS 18.0)" if rng.random() < 0.5 else "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/129.0"))

    for t in poisson_times(rng, START, END, 1.4):
        pod = rng.choice(pods_at(t))
        ref = f"RG-{rng.randint(1000000, 9999999)}"
        client = f"10.20.{rng.randint(0, 2)}.{rng.randint(10, 250)}"
        ok, elapsed, failures = call(t, "payments", 2.0, reset_until)
        total = elapsed + ms(rng, 30) / 1000
        done = t + dt.timedelta(seconds=total)
        if ok:
            app.add(done, python_logging(done, "INFO", "fares.bookings", f"booking {ref} confirmed: {rng.randint(1, 4)} seats, {rng.randint(1900, 24900)} cents, authorisation in {int(elapsed * 1000)} ms"))
            status = 201
        else:
            kind, text, _ = failures[-1]
            app.add(done, python_logging(done, "ERROR", "fares.bookings", f"payment authorisation failed for booking {ref}: {kind}: {text}" if text else f"payment authorisation failed for booking {ref}: {kind}"))
            status = 503
        app.add(done, python_logging(done, "INFO", "uvicorn.access", f'{client}:{rng.randint(30000, 65000)} - "POST /v1/bookings HTTP/1.1" {status}'))
        alb.add(t, _alb(rng, t, client, status, total, "POST", "/v1/bookings", "Railgo/7.3 (iPhone; iOS 18.0)"))
    emit(rng, app, START, END, 0.5, [
        (3, lambda t: python_logging(t, "INFO", "fares.cache", f"refreshed fares for {'-'.join(rng.choice(ROUTES))}: {rng.randint(12, 90)} trains, {rng.randint(2, 40)} price changes")),
        (1, lambda t: python_logging(t, "INFO", "uvicorn.access", f'10.20.{rng.randint(0, 2)}.{rng.randint(10, 250)}:{rng.randint(30000, 65000)} - "GET /healthz HTTP/1.1" 200')),
    ])

    # seat-inventory's own log: per-minute stats from its other clients and
    # fares-api; nothing fails on its side, fewer requests arrive
    t = START.replace(second=0)
    while t < END:
        others = int(rng.randint(230, 290) * (1 - 0.25 * zone_failure(t)))
        served = inv_served.get(t, 0) + others
        inv.add(t + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900)),
                logfmt(t + dt.timedelta(seconds=59), "info", "http stats", window="60s", requests=served, errors_5xx=0,
                       p50_ms=rng.randint(14, 19), p99_ms=rng.randint(52, 88), pod=f"seat-inventory-84c{rng.randint(0, 2)}"))
        t += dt.timedelta(minutes=1)
    emit(rng, inv, START, END, 0.2, [
        (2, lambda t: logfmt(t, "info", "availability snapshot refreshed", operator=rng.choice(["renfe", "iryo", "ouigo", "cp"]), trains=rng.randint(300, 900), took=f"{rng.randint(200, 900)}ms")),
        (1, lambda t: logfmt(t, "info", "nlb health check", path="/healthz", source=rng.choice(["10.60.1.12", "10.60.3.77"] + (["10.60.2.45"] if not (AZ_BAD <= t < AZ_OK) else [])), status=200)),
    ])

    def event(when, code, text, entities=None):
        body = {"time": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "aws.health", "detail-type": "AWS Health Event", "region": "eu-west-1",
                "resources": entities or [],
                "detail": {"eventArn": "arn:aws:health:eu-west-1::event/ELASTICLOADBALANCING/AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE/AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE_9F3C1_2E7A5B0D4C1",
                           "service": "ELASTICLOADBALANCING", "eventTypeCode": "AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
                           "eventScopeCode": "PUBLIC", "statusCode": code, "startTime": "Tue, 22 Sep 2026 13:09:00 GMT",
                           "eventDescription": [{"language": "en_US", "latestDescription": text}]}}
        health.add(when, json.dumps(body, separators=(",", ":")))

    health.add(utc("2026-09-22 11:52:10"), json.dumps({"time": "2026-09-22T11:52:10Z", "source": "aws.health", "detail-type": "AWS Health Event", "region": "eu-west-1",
                                                       "resources": ["i-0b7d3e9a1c5f42867"],
                                                       "detail": {"service": "EC2", "eventTypeCode": "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", "eventTypeCategory": "scheduledChange",
                                                                  "eventScopeCode": "ACCOUNT_SPECIFIC", "statusCode": "upcoming", "startTime": "Mon, 05 Oct 2026 09:00:00 GMT",
                                                                  "eventDescription": [{"language": "en_US", "latestDescription": "EC2 has detected degradation of the underlying hardware hosting your instance i-0b7d3e9a1c5f42867 in the eu-west-1 region. The instance is scheduled for retirement on Mon, 05 Oct 2026 09:00:00 GMT."}]}},
                                                      separators=(",", ":")))
    lbs = ["arn:aws:elasticloadbalancing:eu-west-1:518204477391:loadbalancer/net/internal-payments-gw-nlb/5e81c0f3a7d2b946",
           "arn:aws:ec2:eu-west-1:518204477391:vpc-endpoint/vpce-0c3f9a8e1d2b47a65"]
    event(utc("2026-09-22 13:36:42"), "open", "[Investigating] We are investigating increased connection errors for Network Load Balancers and AWS PrivateLink endpoints in the EU-WEST-1 Region.", lbs)
    event(utc("2026-09-22 13:58:05"), "open", "[Update] We have identified the cause of the increased connection errors for Network Load Balancers and AWS PrivateLink endpoints in a single Availability Zone (euw1-az2) in the EU-WEST-1 Region. New connections through load balancer nodes in the affected Availability Zone may time out and existing connections may be reset. Other Availability Zones are not affected. Where possible, customers can direct traffic away from the affected Availability Zone. We are working to mitigate the issue.", lbs)
    event(utc("2026-09-22 14:31:27"), "open", "[Recovering] We have applied a mitigation and are seeing recovery of connection errors for Network Load Balancers and AWS PrivateLink endpoints in the affected Availability Zone (euw1-az2) in the EU-WEST-1 Region. We continue to monitor.", lbs)
    event(utc("2026-09-22 15:02:51"), "closed", "[Resolved] Between 6:09 AM and 7:48 AM PDT, we experienced increased connection errors for Network Load Balancers and AWS PrivateLink endpoints in a single Availability Zone (euw1-az2) in the EU-WEST-1 Region. New connections through load balancer nodes in that Availability Zone timed out and some existing connections were reset. The issue has been resolved and the service is operating normally.", lbs)
    return [app, alb, inv, health]


def _alb(rng, t, client, status, took, method, path, ua):
    target = f"10.30.{rng.randint(1, 3)}.{rng.randint(2, 250)}:8000"
    return (f"https {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z app/k8s-fares-api/8c2e5a1f0d3b7946 {client}:{rng.randint(30000, 60000)} "
            f"{target} 0.000 {took:.3f} 0.000 {status} {status} {rng.randint(90, 400)} {rng.randint(180, 9000) if status < 300 else 96} "
            f'"{method} https://api.railgo.eu:443{path} HTTP/1.1" "{ua}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            f'arn:aws:elasticloadbalancing:eu-west-1:518204477391:targetgroup/k8s-fares-api/3e9d1c7b5a2f0864 "Root=1-{hexid(rng, 8)}-{hexid(rng, 24)}"')


def build(out_dir):
    rng = random.Random(10200)
    repo, head = build_repo()
    try:
        logs = build_logs(rng, head)
        onset = min(t for t, _, text in logs[0].entries if "availability request failed" in text and t >= AZ_BAD).replace(microsecond=0)

        def resets(lb, zone, scale):
            def fn(t):
                base = (t.minute * 7 + ord(zone)) % 3
                if zone == "b" and AZ_BAD <= t < AZ_OK:
                    return base + int(scale * zone_failure(t))
                return base
            return fn

        series = []
        for lb, scale in (("net/seat-inventory-nlb/0a9c47e2b5d13f68", 1800), ("net/internal-payments-gw-nlb/5e81c0f3a7d2b946", 420)):
            for zone in "abc":
                series.append(({"load_balancer": lb, "availability_zone": f"eu-west-1{zone}", "account_id": "518204477391" if "payments" in lb else "730645118902"},
                               resets(lb, zone, scale)))

        def upstream_errors(upstream, zonal_fix):
            def fn(t):
                if not (AZ_BAD <= t < AZ_OK):
                    return 0
                if zonal_fix and t >= ZONAL_SWITCH + dt.timedelta(seconds=75):
                    return 0
                rate = 13 / 60 if upstream == "inventory" else 1.4 / 60
                return round(rate * zone_failure(t) / 3 * (1.33 if upstream == "inventory" else 1.0), 4)
            return fn

        metrics = {
            "aws_networkelb_tcp_elb_reset_count_sum.json": query_range(series, START, END, 60),
            "fares_api_upstream_errors_per_second.json": query_range([
                ({"app": SERVICE, "upstream": "seat-inventory"}, upstream_errors("inventory", True)),
                ({"app": SERVICE, "upstream": "payments-gateway"}, upstream_errors("payments", False)),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="lb-provider-outage-none", service=SERVICE, onset=onset,
            description=f"""
Fare searches and bookings fail or are slow. From {onset.strftime('%H:%M')} UTC fares-api's calls
to seat-inventory and payments-gateway time out or are reset; about one
search in eight and one booking in three answer 503. fares-api was rolled out
at 12:41 (an httpx bump, a change to the inventory client's failure line,
the inventory connect timeout raised to 2 s). At 14:09 the on-call engineer
pointed the inventory client at one zone's endpoint name (a restart);
bookings recovered by about 14:45.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"increased connection errors for Network Load Balancers", r"availability request failed", r"payment authorisation failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused it. The Network Load Balancer nodes
(and the PrivateLink endpoint ENIs behind the same service) in one
Availability Zone of eu-west-1 dropped new connections and reset existing
ones (AWS Health, AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE, first posted
27 minutes after the onset). Every connection fares-api opened to that
zone's address of either upstream failed, whichever code path made it:
the inventory client's warnings ("availability request failed",
ConnectTimeout after 2 s or "Connection reset by peer") and the bookings'
"payment authorisation failed"; the upstreams' own logs show fewer
requests and no errors, and the NLBs' reset counts rise in eu-west-1b only.
Decoys: the httpx bump, the commit that adds the upstream and attempt to
the inventory failure line, and the connect-timeout change, rolled out
together 29 minutes before the onset (the start-up lines name the config
commit); the earlier retry change to the same client, tests and docs about
the upstreams, chores, and the runbook commit written afterwards.
""",
        )
    finally:
        repo.close()
