"""inventory-api: the cloud provider loses connectivity between two
availability zones for nine minutes. The pods in one zone cannot reach the
Redis primary in the other: dials time out, stock reservations fail, then
the network heals. Nothing in this repository changed anything about it,
though a commit that shortened the Redis dial timeout and grew the pool was
deployed two hours earlier and ran healthy since. logfmt app log, the
provider's health events (JSON), the Redis server log."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "inventory-api"
MODULE = "github.com/stockroom/inventory-api"
DEPLOY = utc("2026-11-27 07:48:00")
ONSET = utc("2026-11-27 09:51:12")
HEALED = utc("2026-11-27 10:00:30")
START, END = utc("2026-11-27 07:20:00"), utc("2026-11-27 10:20:00")
REDIS = "10.30.2.14:6379"

CACHE = """package cache

import (
\t"time"

\t"github.com/redis/go-redis/v9"
)

// New opens the pool to the stock Redis.
func New(addr string) *redis.Client {
\treturn redis.NewClient(&redis.Options{
\t\tAddr:        addr,
\t\tDialTimeout: 5 * time.Second,
\t\tPoolSize:    20,
\t})
}
"""


def health(t, status, description):
    return json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "service": "EC2", "eventTypeCode": "AWS_EC2_NETWORK_CONNECTIVITY_ISSUE",
                       "region": "eu-central-1", "availabilityZones": ["euc1-az2", "euc1-az3"], "statusCode": status,
                       "description": description}, separators=(",", ":"))


def redis_log(t, role, msg):
    stamp = t.strftime("%d %b %Y %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"1:{role} {stamp} * {msg}"


def build_repo():
    noor = Person("Noor Aziz", "noor.aziz@stockroom.io", 60)
    tom = Person("Tom Walsh", "tom.walsh@stockroom.io", 0)
    mei = Person("Mei Lin", "mei.lin@stockroom.io", 480)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Stock levels and reservations for the warehouses.")
    files["internal/cache/redis.go"] = CACHE
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=6, memory="256Mi", env={"REDIS_ADDR": "stock-redis:6379"})
    files["docs/runbook.md"] = runbook(SERVICE, [("ReservationErrors", "Reservations failing: check stock-redis and the zone health page.")])
    repo.commit(utc("2026-11-23 09:00:00"), tom, "inventory-api: import", files)
    repo.schedule(chores(random.Random(3601), SERVICE, [noor, tom, mei], utc("2026-11-23 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-26 15:30:00"), mei, "reservations: release holds after 15 minutes", {
        "internal/reservations/holds.go": "package reservations\n\nimport \"time\"\n\n// HoldFor is how long a basket keeps its stock.\nconst HoldFor = 15 * time.Minute\n",
    })
    repo.commit(utc("2026-11-27 07:05:00"), noor, "cache: fail fast on redis dial and give the pool more connections", {
        "internal/cache/redis.go": repo.edit("internal/cache/redis.go", "DialTimeout: 5 * time.Second,\n\t\tPoolSize:    20,",
                                             "DialTimeout: 2 * time.Second,\n\t\tPoolSize:    40,\n\t\tPoolTimeout: 3 * time.Second,"),
    })
    head = repo.commit(utc("2026-11-27 07:31:00"), tom, "api: stock endpoint returns the warehouse name", {
        "internal/server/stock.go": "package server\n\n// stockView is what GET /v1/stock returns.\ntype stockView struct {\n\tSKU       string `json:\"sku\"`\n\tWarehouse string `json:\"warehouse\"`\n\tOnHand    int    `json:\"on_hand\"`\n}\n",
    })
    repo.commit(utc("2026-11-27 09:10:00"), mei, "docs: how reservations expire", {
        "docs/reservations.md": "# Reservations\n\nA basket holds stock for 15 minutes; the hold is a Redis key with a TTL.\n",
    })
    return repo, head


def build_logs(rng, head):
    app = Log("inventory-api.log")
    events = Log("aws-health.log")
    redis = Log("stock-redis.log")
    pods = [f"inventory-api-6c9d{hexid(rng, 5)}" for _ in range(6)]
    for t in poisson_times(rng, START, END, 20):
        pod = rng.choice(pods)
        sku = f"SKU-{rng.randint(10000, 99999)}"
        cut_off = pods.index(pod) < 3
        if ONSET <= t < HEALED and cut_off and rng.random() < 0.8:
            app.add(t, logfmt(t, "error", "reserve stock failed", pod=pod, sku=sku, err=f"dial tcp {REDIS}: i/o timeout"))
            continue
        app.add(t, logfmt(t, "info", "reserved", pod=pod, sku=sku, qty=rng.randint(1, 4), took=f"{ms(rng, 6)}ms"))
    for i, pod in enumerate(pods):
        t = DEPLOY + dt.timedelta(seconds=20 * i)
        app.add(t, logfmt(t, "info", "starting inventory-api", pod=pod, version=head[:7], redis="stock-redis:6379"))
    emit(rng, redis, START, END, 0.2, [(1, lambda t: redis_log(t, "M", f"{rng.randint(10, 200)} changes in 300 seconds. Saving..."))])
    for t, msg in ((ONSET + dt.timedelta(seconds=9), f"Connection with replica 10.30.1.7:6379 lost."),
                   (HEALED + dt.timedelta(seconds=4), "Replica 10.30.1.7:6379 asks for synchronization"),
                   (HEALED + dt.timedelta(seconds=5), "Partial resynchronization request from 10.30.1.7:6379 accepted.")):
        redis.add(t, redis_log(t, "M", msg))
    for t, status, text in ((ONSET - dt.timedelta(seconds=70), "open", "We are investigating increased packet loss between euc1-az2 and euc1-az3."),
                            (HEALED + dt.timedelta(minutes=6), "closed", "Network connectivity between euc1-az2 and euc1-az3 has recovered.")):
        events.add(t, health(t, status, text))
    return [app, events, redis]


def build(out_dir):
    rng = random.Random(3600)
    repo, head = build_repo()
    try:
        def errors(t):
            return 0.4 if ONSET <= t < HEALED else 0.0

        metrics = {"inventory_reserve_errors_ratio.json": query_range([({"service": SERVICE}, errors)], START, END, 30)}
        return write_scenario(
            out_dir, name="az-partition-none", service=SERVICE, onset=ONSET,
            description="""
Network partition between availability zones. The provider loses connectivity
between euc1-az2 and euc1-az3 (09:50-10:00): the three pods in the zone cut off
from the Redis primary time out dialing it, then the network heals. Nothing in
this repository caused it; the last deploy was two hours earlier.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"packet loss between", r"reserve stock failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused the partition. Decoys: a change to the Redis
dial timeout and pool size deployed two hours before (shares words with the
errors; it ran healthy for two hours), the stock endpoint commit the start-up
lines name, a reservations change the day before, docs after the deploy.
""",
        )
    finally:
        repo.close()
