"""eta-service (Go, team in Amsterdam): a grocery delivery company's ETA
service asks a commercial routing API (routeplan.io, a contract with a daily
quota of 6,000 route requests, reset at 00:00 UTC) for driving times, and
caches each route in Redis under the geohash-7 cells (about 150 m) of the
courier's position and the drop-off, per quarter hour. Four in five lookups
hit the cache. A morning commit keys the cache by exact coordinates instead,
to fix ETAs at large sites; but the origin is the courier's live GPS fix,
which never repeats, so from the 09:20 rollout nearly every lookup goes to the
provider. Nothing fails for almost four hours: the day's quota runs out at
about 13:10 UTC, the provider answers 429 "daily quota exceeded" to every
request, ETAs fall back to straight-line estimates and dispatch can no longer
rank couriers. The provider raises the quota at 13:52 on a support call; the
key change is reverted at 14:09. Decoys: a commit that adds hit/miss
counters to the same cache file four days before, the x/net bump the
morning's start-up lines name, a provider timeout change rolled out 18
minutes before the onset, and routine chores. zap-style JSON app log, Envoy
egress access log (to the provider), dispatch-service (logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "eta-service"
MODULE = "github.com/bezorgd/eta-service"
DEPLOY = utc("2026-12-08 09:20:00")
CONFIG_DEPLOY = utc("2026-12-08 12:52:00")
QUOTA_RAISED = utc("2026-12-08 13:52:10")
REVERT_DEPLOY = utc("2026-12-08 14:09:00")
START, END = utc("2026-12-08 08:30:00"), utc("2026-12-08 14:40:00")
QUOTA = 6000
USED_BEFORE_START = 1430   # requests since 00:00 UTC (night shift and breakfast orders)

CACHE = """package routes

import (
\t"context"
\t"encoding/json"
\t"fmt"
\t"time"

\t"github.com/mmcloughlin/geohash"
\t"github.com/redis/go-redis/v9"
)

// Cache keeps provider routes in Redis. Routes are keyed by the geohash
// cells (precision 7, about 150 m) of both ends and the quarter hour, so
// couriers near each other share a route and traffic is roughly current.
type Cache struct {
\trdb *redis.Client
\tttl time.Duration
}

func cacheKey(origin, dest LatLng, at time.Time) string {
\tslot := at.Truncate(15 * time.Minute).Unix()
\treturn fmt.Sprintf("route:v2:%s:%s:%d", geohash.EncodeWithPrecision(origin.Lat, origin.Lng, 7),
\t\tgeohash.EncodeWithPrecision(dest.Lat, dest.Lng, 7), slot)
}

func (c *Cache) Get(ctx context.Context, origin, dest LatLng, at time.Time) (*Route, bool) {
\traw, err := c.rdb.Get(ctx, cacheKey(origin, dest, at)).Bytes()
\tif err != nil {
\t\treturn nil, false
\t}
\tvar r Route
\tif json.Unmarshal(raw, &r) != nil {
\t\treturn nil, false
\t}
\treturn &r, true
}

func (c *Cache) Put(ctx context.Context, origin, dest LatLng, at time.Time, r *Route) {
\traw, _ := json.Marshal(r)
\tc.rdb.Set(ctx, cacheKey(origin, dest, at), raw, c.ttl)
}
"""

CACHE_TEST = """package routes

import (
\t"testing"
\t"time"
)

func TestCacheKeySharesNearbyOrigins(t *testing.T) {
\tat := time.Date(2026, 12, 1, 12, 7, 0, 0, time.UTC)
\ta := cacheKey(LatLng{52.37021, 4.89517}, LatLng{52.35790, 4.88100}, at)
\tb := cacheKey(LatLng{52.37030, 4.89530}, LatLng{52.35790, 4.88100}, at.Add(5*time.Minute))
\tif a != b {
\t\tt.Fatalf("nearby origins in one quarter hour got different keys: %s, %s", a, b)
\t}
}
"""

CLIENT = """package routes

import (
\t"context"
\t"net/http"
\t"time"

\t"go.uber.org/zap"

\t"github.com/bezorgd/eta-service/internal/logging"
)

// Client calls routeplan.io's route endpoint through the Envoy egress.
type Client struct {
\thttp    *http.Client
\tbaseURL string
\tapiKey  string
\tcache   *Cache
\tlog     *zap.SugaredLogger
}

func (c *Client) Route(ctx context.Context, origin, dest LatLng, at time.Time) (*Route, error) {
\tif r, ok := c.cache.Get(ctx, origin, dest, at); ok {
\t\treturn r, nil
\t}
\tr, err := c.fetch(ctx, origin, dest, at)
\tif err != nil {
\t\tlogging.From(ctx, c.log).Errorf("route request failed: %v", err)
\t\treturn nil, err
\t}
\tc.cache.Put(ctx, origin, dest, at, r)
\treturn r, nil
}
"""

CONFIG = """addr: ":8080"
deadline: 2s
redis:
  addr: eta-redis.bezorgd.internal:6379
routeplan:
  base_url: http://127.0.0.1:9001/v2
  timeout: 2s
  cache_ttl: 20m
fallback:
  # straight-line distance at this speed when the provider fails
  speed_kmh: 22
"""


def build_repo():
    sanne = Person("Sanne de Vries", "sanne@bezorgd.nl", 60)
    joris = Person("Joris Bakker", "joris@bezorgd.nl", 60)
    aylin = Person("Aylin Kaya", "aylin@bezorgd.nl", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Delivery ETAs for the app and dispatch: driving times from routeplan.io, cached in Redis.")
    files["go.mod"] = (f"module {MODULE}\n\ngo 1.22\n\nrequire (\n\tgithub.com/mmcloughlin/geohash v0.10.0\n\tgithub.com/redis/go-redis/v9 v9.6.1\n"
                       "\tgo.uber.org/zap v1.27.0\n\tgolang.org/x/net v0.30.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n")
    files["go.sum"] = ("github.com/mmcloughlin/geohash v0.10.0 h1:9w1HchfDfdeLc+jFEf/04D27KP7E2QmpDu52wPbJWRE=\n"
                       "github.com/redis/go-redis/v9 v9.6.1 h1:HHDteefn6ZkTtY5fGUE8tj8uy85AHk6zP7CpzIAM0y4=\n"
                       "go.uber.org/zap v1.27.0 h1:aJMhYGrd5QSmlpLMr2MftRKl7t8J8PTZPA732ud/XR8=\n"
                       "golang.org/x/net v0.30.0 h1:AcW1SDZMkb8IpzCdQUaIq2sP4sZ4zw+55h6ynffypl4=\n")
    files["internal/routes/cache.go"] = CACHE
    files["internal/routes/cache_test.go"] = CACHE_TEST
    files["internal/routes/client.go"] = CLIENT
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", cpu="250m", env={"CONFIG_PATH": "/app/config/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("EtaFallbackHigh", "More than 5 % of ETAs from the straight-line fallback: check routeplan.io's status and the egress log."),
        ("RedisDown", "eta-redis unreachable: every lookup goes to the provider; the contract quota will not last the day."),
    ])
    repo.commit(utc("2026-12-03 09:10:00"), sanne, "eta-service: import from the monorepo", files)
    repo.schedule(chores(random.Random(7501), SERVICE, [sanne, joris, aylin], utc("2026-12-03 09:10:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-04 14:22:00"), joris, "routes: count cache hits and misses", {
        "internal/routes/cache.go": repo.edit("internal/routes/cache.go", "\t\"github.com/redis/go-redis/v9\"\n)\n",
            "\t\"github.com/prometheus/client_golang/prometheus\"\n\t\"github.com/prometheus/client_golang/prometheus/promauto\"\n\t\"github.com/redis/go-redis/v9\"\n)\n\n"
            "var cacheLookups = promauto.NewCounterVec(prometheus.CounterOpts{\n\tName: \"eta_route_cache_lookups_total\",\n\tHelp: \"Route cache lookups by result (hit, miss).\",\n}, []string{\"result\"})\n").replace(
            "\tif err != nil {\n\t\treturn nil, false\n\t}\n\tvar r Route\n",
            "\tif err != nil {\n\t\tcacheLookups.WithLabelValues(\"miss\").Inc()\n\t\treturn nil, false\n\t}\n\tcacheLookups.WithLabelValues(\"hit\").Inc()\n\tvar r Route\n"),
    })
    repo.commit(utc("2026-12-07 15:31:00"), aylin, "fallback: test the straight-line ETA near the date line and at zero distance", {
        "internal/routes/fallback_test.go": "package routes\n\nimport \"testing\"\n\nfunc TestFallbackZeroDistance(t *testing.T) {\n\tp := LatLng{52.37, 4.89}\n\tif got := fallbackETA(p, p, 22); got != 0 {\n\t\tt.Fatalf(\"fallbackETA = %v, want 0\", got)\n\t}\n}\n",
    })
    culprit = repo.commit(utc("2026-12-08 08:52:00"), joris, "routes: key cached routes by exact coordinates (geohash cells put drop-offs at large sites 150 m off)", {
        "internal/routes/cache.go": repo.edit("internal/routes/cache.go",
            "// Cache keeps provider routes in Redis. Routes are keyed by the geohash\n// cells (precision 7, about 150 m) of both ends and the quarter hour, so\n// couriers near each other share a route and traffic is roughly current.\n",
            "// Cache keeps provider routes in Redis, keyed by both ends' coordinates\n// (six decimals) and the quarter hour. A geohash-7 cell put drop-offs at\n// hospitals and campuses up to 150 m from the right entrance.\n").replace(
            "\treturn fmt.Sprintf(\"route:v2:%s:%s:%d\", geohash.EncodeWithPrecision(origin.Lat, origin.Lng, 7),\n\t\tgeohash.EncodeWithPrecision(dest.Lat, dest.Lng, 7), slot)\n",
            "\treturn fmt.Sprintf(\"route:v3:%.6f,%.6f:%.6f,%.6f:%d\", origin.Lat, origin.Lng, dest.Lat, dest.Lng, slot)\n").replace(
            "\t\"github.com/mmcloughlin/geohash\"\n", ""),
        "internal/routes/cache_test.go": CACHE_TEST.replace("TestCacheKeySharesNearbyOrigins", "TestCacheKeySeparatesEntrances").replace(
            "\tb := cacheKey(LatLng{52.37030, 4.89530}, LatLng{52.35790, 4.88100}, at.Add(5*time.Minute))\n\tif a != b {\n\t\tt.Fatalf(\"nearby origins in one quarter hour got different keys: %s, %s\", a, b)\n",
            "\tb := cacheKey(LatLng{52.37021, 4.89517}, LatLng{52.35920, 4.88100}, at.Add(5*time.Minute))\n\tif a == b {\n\t\tt.Fatalf(\"two entrances 140 m apart share a key: %s\", a)\n"),
    })
    head = repo.commit(utc("2026-12-08 09:04:00"), bot, "Bump golang.org/x/net from 0.30.0 to 0.31.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.30.0", "golang.org/x/net v0.31.0"),
        "go.sum": repo.edit("go.sum", "golang.org/x/net v0.30.0 h1:AcW1SDZMkb8IpzCdQUaIq2sP4sZ4zw+55h6ynffypl4=", "golang.org/x/net v0.31.0 h1:68CPQngjLL0r2AlUKiSxtQFKvzRVbnzLwMUn5SzcLHo="),
    })
    config = repo.commit(utc("2026-12-08 12:37:00"), aylin, "config: routeplan timeout 2s -> 1200ms (p99 is 380 ms; fail over to the fallback sooner)", {
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 2s\n", "  timeout: 1200ms\n"),
    })
    revert = repo.commit(utc("2026-12-08 14:01:00"), sanne, "Revert \"routes: key cached routes by exact coordinates\"\n\nThe origin is the courier's live GPS fix, so no key repeats and every\nlookup went to routeplan.io; the day's quota ran out at 13:10 UTC.", {
        "internal/routes/cache.go": repo.files["internal/routes/cache.go"].replace(
            "// Cache keeps provider routes in Redis, keyed by both ends' coordinates\n// (six decimals) and the quarter hour. A geohash-7 cell put drop-offs at\n// hospitals and campuses up to 150 m from the right entrance.\n",
            "// Cache keeps provider routes in Redis. Routes are keyed by the geohash\n// cells (precision 7, about 150 m) of both ends and the quarter hour, so\n// couriers near each other share a route and traffic is roughly current.\n").replace(
            "\treturn fmt.Sprintf(\"route:v3:%.6f,%.6f:%.6f,%.6f:%d\", origin.Lat, origin.Lng, dest.Lat, dest.Lng, slot)\n",
            "\treturn fmt.Sprintf(\"route:v2:%s:%s:%d\", geohash.EncodeWithPrecision(origin.Lat, origin.Lng, 7),\n\t\tgeohash.EncodeWithPrecision(dest.Lat, dest.Lng, 7), slot)\n").replace(
            "\t\"fmt\"\n\t\"time\"\n\n", "\t\"fmt\"\n\t\"time\"\n\n\t\"github.com/mmcloughlin/geohash\"\n"),
        "internal/routes/cache_test.go": CACHE_TEST,
    })
    return repo, culprit, head, config, revert


def zap(t, level, caller, msg, **fields):
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def envoy(t, method, path, status, flags, duration, req_id, upstream, sent):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return (f'[{stamp}] "{method} {path} HTTP/1.1" {status} {flags} 0 {sent} {duration} {duration} "-" '
            f'"Go-http-client/1.1" "{req_id}" "api.routeplan.io" "{upstream}"')


def build_logs(rng, culprit, head, config, revert):
    app = Log("eta-service.log")
    egress = Log("envoy-egress.log")
    dispatch = Log("dispatch-service.log")
    upstreams = ["18.197.44.12:443", "3.124.201.87:443", "18.157.9.203:443"]
    pods = {}

    def rollout(when, version, hashes):
        pods[when] = [f"eta-service-{hashes}-{hexid(rng, 5)}" for _ in range(3)]
        for i in range(3):
            t = when + dt.timedelta(seconds=20 * i + rng.uniform(2, 6))
            app.add(t, zap(t, "info", "cmd/eta-service/main.go:41", "starting eta-service", version=version, addr=":8080", pod=pods[when][i]))
            app.add(t + dt.timedelta(milliseconds=35), zap(t + dt.timedelta(milliseconds=35), "info", "internal/routes/cache.go:38", "connected to redis", addr="eta-redis.bezorgd.internal:6379", pod=pods[when][i]))

    rollout(DEPLOY, head[:7], "7c9f4d")
    rollout(CONFIG_DEPLOY, config[:7], "5b8e21")
    rollout(REVERT_DEPLOY, revert[:7], "66d0fa")

    def keyed_exactly(t):
        return DEPLOY + dt.timedelta(seconds=50) <= t < REVERT_DEPLOY + dt.timedelta(seconds=50)

    old_pods = [f"eta-service-4a1c37-{hexid(rng, 5)}" for _ in range(3)]

    def pod_at(t):
        started = [w for w in pods if w + dt.timedelta(seconds=60) <= t]
        return rng.choice(pods[max(started)] if started else old_pods)

    used = USED_BEFORE_START
    quota = QUOTA
    requests_per_min = {}
    rejected_per_min = {}
    lookups = {}
    for t in poisson_times(rng, START, END, 20):
        minute = int(t.timestamp()) // 60 * 60
        pod = pod_at(t)
        order = rng.randint(4_100_000, 4_199_999)
        hit_ratio = 0.04 if keyed_exactly(t) else 0.81
        hits, misses = lookups.get(minute, (0, 0))
        if rng.random() < hit_ratio:
            lookups[minute] = (hits + 1, misses)
            continue
        lookups[minute] = (hits, misses + 1)
        if t >= QUOTA_RAISED:
            quota = 20000
        used += 1
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        path = "/v2/route?mode=bicycle&departure=now&traffic=live"
        requests_per_min[minute] = requests_per_min.get(minute, 0) + 1
        if used > quota:
            took = ms(rng, 25)
            egress.add(t, envoy(t, "GET", path, 429, "-", took, rid, rng.choice(upstreams), 171))
            rejected_per_min[minute] = rejected_per_min.get(minute, 0) + 1
            e = t + dt.timedelta(milliseconds=took + 1)
            app.add(e, zap(e, "error", "internal/routes/client.go:33", "route request failed: routeplan: 429 Too Many Requests: daily quota exceeded for this API key (resets at 00:00 UTC)", pod=pod, order_id=order))
            app.add(e, zap(e, "warn", "internal/eta/service.go:77", "eta from straight-line fallback", pod=pod, order_id=order, speed_kmh=22))
            continue
        took = ms(rng, 140, 0.5)
        if rng.random() < 0.004:
            egress.add(t, envoy(t, "GET", path, 504, "UT", 2000 if t < CONFIG_DEPLOY else 1200, rid, rng.choice(upstreams), 24))
            e = t + dt.timedelta(milliseconds=2000 if t < CONFIG_DEPLOY else 1200)
            app.add(e, zap(e, "error", "internal/routes/client.go:33", "route request failed: routeplan: 504 Gateway Timeout: upstream request timeout", pod=pod, order_id=order))
            app.add(e, zap(e, "warn", "internal/eta/service.go:77", "eta from straight-line fallback", pod=pod, order_id=order, speed_kmh=22))
            continue
        egress.add(t, envoy(t, "GET", path, 200, "-", took, rid, rng.choice(upstreams), rng.randint(1800, 4200)))
        if took > 500:
            e = t + dt.timedelta(milliseconds=took)
            app.add(e, zap(e, "warn", "internal/routes/client.go:44", "slow routeplan response", pod=pod, order_id=order, duration_ms=took))

    emit(rng, app, START, END, 1.2, [
        (3, lambda t: zap(t, "warn", "internal/eta/service.go:52", "courier position stale, using last known", pod=pod_at(t), courier_id=rng.randint(20000, 20999), age_s=rng.randint(31, 240))),
        (2, lambda t: zap(t, "info", "internal/eta/service.go:118", "eta recalculated after pickup", pod=pod_at(t), order_id=rng.randint(4_100_000, 4_199_999))),
        (1, lambda t: zap(t, "warn", "internal/http/handler.go:64", "unknown order", pod=pod_at(t), order_id=rng.randint(3_900_000, 3_999_999), status=404)),
    ])

    # dispatch-service ranks couriers for each new order by their ETA to the shop.
    for t in poisson_times(rng, START, END, 4):
        order = rng.randint(4_100_000, 4_199_999)
        shop = rng.choice(["ah-amsterdam-west", "ah-de-pijp", "jumbo-oost", "dirk-noord", "picnic-hub-zuid"])
        m = int(t.timestamp()) // 60 * 60
        degraded = rejected_per_min.get(m, 0) > 0 and rng.random() < 0.9
        if degraded:
            dispatch.add(t, logfmt(t, "warn", "eta matrix degraded, ranking couriers by straight-line distance", order=order, shop=shop, fallback_etas=rng.randint(4, 9), candidates=rng.randint(4, 9)))
            if rng.random() < 0.3:
                dispatch.add(t, logfmt(t + dt.timedelta(seconds=1), "error", "courier declined assignment", order=order, shop=shop, reason="too_far", reassign="true"))
            continue
        dispatch.add(t, logfmt(t, "info", "courier assigned", order=order, shop=shop, courier=rng.randint(20000, 20999), eta_s=rng.randint(180, 1100), candidates=rng.randint(3, 9)))
    emit(rng, dispatch, START, END, 0.4, [
        (2, lambda t: logfmt(t, "info", "batch window closed", zone=rng.choice(["west", "zuid", "oost", "noord"]), orders=rng.randint(2, 14))),
        (1, lambda t: logfmt(t, "warn", "courier offline mid-route", courier=rng.randint(20000, 20999), order=rng.randint(4_100_000, 4_199_999))),
    ])
    return [app, egress, dispatch], lookups, requests_per_min, rejected_per_min


def build(out_dir):
    rng = random.Random(7500)
    repo, culprit, head, config, revert = build_repo()
    try:
        logs, lookups, per_min, rejected = build_logs(rng, culprit, head, config, revert)
        onset = min(t for t, _, text in logs[1].entries if '" 429 ' in text).replace(microsecond=0)

        def hit_ratio(t):
            hits, misses = lookups.get(int(t.timestamp()) // 60 * 60, (0, 0))
            return round(hits / (hits + misses), 3) if hits + misses else None

        def provider_requests(status):
            def fn(t):
                m = int(t.timestamp()) // 60 * 60
                total, bad = per_min.get(m, 0), rejected.get(m, 0)
                return bad if status == "429" else total - bad
            return fn

        metrics = {
            "eta_route_cache_hit_ratio.json": query_range([({"service": SERVICE}, hit_ratio)], START, END, 60),
            "envoy_routeplan_requests_per_minute.json": query_range(
                [({"cluster": "routeplan", "response_code": code}, provider_requests(code)) for code in ("200", "429")], START, END, 60),
        }
        return write_scenario(
            out_dir, name="route-cache-key-quota", service=SERVICE, onset=onset,
            description=f"""
Delivery ETAs are wrong and dispatch assigns far-away couriers. From
{onset.strftime('%H:%M')} UTC eta-service falls back to straight-line ETAs for nearly every
order; dispatch-service logs "eta matrix degraded". eta-service was deployed
at 09:20 (start-up lines name a dependency bump) and at 12:52 (a routeplan
timeout change). routeplan.io raised the contract's quota at 13:52 on a
support call; the team reverted a commit at 14:09.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"daily quota exceeded"],
            fix_files=["internal/routes/cache.go"],
            explanation="""
The culprit keys the route cache by exact coordinates. The origin is the
courier's live GPS fix, so no key ever repeats: from the 09:20 rollout the
hit ratio falls from about 0.8 to almost nothing and every lookup is a
routeplan.io request. The contract's daily quota (6,000, reset at 00:00 UTC)
lasts until about 13:10, then every request gets 429 "daily quota exceeded"
and ETAs come from the straight-line fallback. The fix (the revert) puts
back the geohash-cell key in internal/routes/cache.go. Decoys: the commit
that adds hit/miss counters to the same file, the x/net bump the morning's
start-up lines name (shipped with the culprit), the routeplan timeout change
rolled out 17 minutes before the first 429 (it only shortens timeouts), a
fallback test and routine chores; the revert comes after the onset.
""",
        )
    finally:
        repo.close()
