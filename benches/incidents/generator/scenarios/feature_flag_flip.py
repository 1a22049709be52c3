"""pricing-service: turning on the tiered_discounts flag sends guest carts down
a code path that dereferences a nil customer segment; handlers panic. No deploy:
the flag sidecar syncs flags from git. logfmt app log with Go panics written by
net/http's standard logger, Envoy inbound access log, JSON flag-sync sidecar."""

import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, json_line, logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "pricing-service"
MODULE = "github.com/shopfront/pricing-service"
SYNC = utc("2026-11-17 10:07:02")
ONSET = utc("2026-11-17 10:07:09")

FLAGS = """{
  "flags": {
    "tiered_discounts": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false}},
    "legacy_rounding": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false}},
    "price_cache_v2": {"state": "ENABLED", "defaultVariant": "on", "variants": {"on": true, "off": false}}
  }
}
"""

DISCOUNTS = """package discounts

import "github.com/shopfront/pricing-service/internal/customers"

// Tiered applies the loyalty tier's discount; gated by the tiered_discounts flag.
func Tiered(c *customers.Customer, subtotal int64) int64 {
\tswitch c.Segment.Tier {
\tcase "gold":
\t\treturn subtotal * 10 / 100
\tcase "silver":
\t\treturn subtotal * 5 / 100
\t}
\treturn 0
}
"""


def build_repo():
    mia = Person("Mia Schultz", "mia.schultz@shopfront.io", 60)
    leo = Person("Leo Martins", "leo.martins@shopfront.io", 0)
    sam = Person("Sam Okafor", "sam.okafor@shopfront.io", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Prices carts: list prices, promotions and discounts.")
    files["flags/production.json"] = FLAGS
    files["flags/staging.json"] = FLAGS.replace('"tiered_discounts": {"state": "ENABLED", "defaultVariant": "off"', '"tiered_discounts": {"state": "ENABLED", "defaultVariant": "on"')
    files["internal/customers/customer.go"] = "package customers\n\n// Segment is nil for guests.\ntype Segment struct{ Tier string }\n\ntype Customer struct {\n\tID      string\n\tSegment *Segment\n}\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=6, memory="256Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("PricingErrors", "5xx above 1 %. Flags change without a deploy: check flag-sync's last revision.")])
    repo.commit(utc("2026-11-12 10:30:00"), leo, "pricing-service: import", files)
    repo.schedule(chores(random.Random(2009), SERVICE, [mia, leo, sam], utc("2026-11-12 10:30:00"), ONSET, 4))
    repo.commit(utc("2026-11-14 16:45:00"), mia, "discounts: loyalty tiers behind tiered_discounts", {"internal/discounts/tiered.go": DISCOUNTS})
    repo.commit(utc("2026-11-15 09:12:00"), mia, "tests: tiered discounts for gold and silver", {
        "internal/discounts/tiered_test.go": "package discounts\n\nimport (\n\t\"testing\"\n\n\t\"github.com/shopfront/pricing-service/internal/customers\"\n)\n\nfunc TestGold(t *testing.T) {\n\tc := &customers.Customer{Segment: &customers.Segment{Tier: \"gold\"}}\n\tif got := Tiered(c, 1000); got != 100 {\n\t\tt.Fatalf(\"gold = %d\", got)\n\t}\n}\n",
    })
    repo.commit(utc("2026-11-16 14:20:00"), leo, "flags: tiered_discounts on in staging", {"flags/staging.json": repo.files["flags/staging.json"]})
    repo.commit(utc("2026-11-17 08:55:00"), sam, "docs: flag lifecycle", {
        "docs/flags.md": "# Flags\n\nflags/*.json are synced by flag-sync every 60 s; no deploy needed.\nRemove a flag once it has been on everywhere for two weeks.\n",
    })
    dropped = repo.commit(utc("2026-11-17 09:24:00"), leo, "flags: drop legacy_rounding (off everywhere since October)", {
        "flags/production.json": repo.edit("flags/production.json", '    "legacy_rounding": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false}},\n', ""),
    })
    culprit = repo.commit(utc("2026-11-17 10:05:40"), mia, "flags: tiered_discounts on in production", {
        "flags/production.json": repo.edit("flags/production.json", '"tiered_discounts": {"state": "ENABLED", "defaultVariant": "off"', '"tiered_discounts": {"state": "ENABLED", "defaultVariant": "on"'),
    })
    repo.commit(utc("2026-11-17 10:21:00"), sam, "k8s: spread pricing pods across zones", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "      containers:", "      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: pricing-service\n      containers:"),
    })
    return repo, culprit, dropped


def panic(t, rng):
    gid = rng.randint(1000, 99999)
    return (f"{t.strftime('%Y/%m/%d %H:%M:%S')} http: panic serving {ip(rng)}:{rng.randint(30000, 60000)}: runtime error: invalid memory address or nil pointer dereference\n"
            f"goroutine {gid} [running]:\n"
            "net/http.(*conn).serve.func1()\n"
            "\t/usr/local/go/src/net/http/server.go:1903 +0xbe\n"
            "panic({0x9c1b20?, 0xe3c4d0?})\n"
            "\t/usr/local/go/src/runtime/panic.go:770 +0x132\n"
            "github.com/shopfront/pricing-service/internal/discounts.Tiered(0xc000a1e0f0, 0x2f1c)\n"
            "\t/src/internal/discounts/tiered.go:7 +0x1a\n"
            "github.com/shopfront/pricing-service/internal/server.(*Server).quote(0xc0001a2000, {0xb0e3f8, 0xc000b2c1c0}, 0xc000a0c360)\n"
            "\t/src/internal/server/quote.go:58 +0x2d4\n"
            "net/http.HandlerFunc.ServeHTTP(0xc0000a6f00?, {0xb0e3f8?, 0xc000b2c1c0?}, 0x0?)\n"
            "\t/usr/local/go/src/net/http/server.go:2171 +0x29\n"
            f"created by net/http.(*Server).Serve in goroutine {rng.randint(20, 40)}\n"
            "\t/usr/local/go/src/net/http/server.go:3285 +0x4b4")


def build_logs(rng, prev_sha, culprit):
    app = Log("pricing-service.log")
    envoy = Log("envoy-inbound.log")
    flags = Log("flag-sync.log")
    start, end = utc("2026-11-17 08:10:00"), utc("2026-11-17 10:55:00")
    pods = [f"pricing-service-6c8f{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(6)]

    for t in poisson_times(rng, start, end, 5):
        pod = rng.choice(pods)
        guest = rng.random() < 0.35
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        if guest and t >= ONSET:
            app.add(t, panic(t, rng))
            envoy.add(t, envoy_access(t, "GET", f"/v2/quotes/c_{hexid(rng, 10)}", 502, "UC", "127.0.0.1:8080", ms(rng, 4), rid, "pricing.shopfront.svc.cluster.local:8080"))
            continue
        items = rng.randint(1, 8)
        took = ms(rng, 55, 0.4)
        app.add(t, logfmt(t, "info", "quote computed", pod=pod, cart=f"c_{hexid(rng, 10)}", items=items,
                          promotions=rng.randint(0, 2), guest=str(guest).lower(), duration=f"{took}ms"))
        envoy.add(t, envoy_access(t, "GET", f"/v2/quotes/c_{hexid(rng, 10)}", 200, "-", "127.0.0.1:8080", took + 1, rid, "pricing.shopfront.svc.cluster.local:8080"))
        if rng.random() < 0.03:
            app.add(t, logfmt(t, "warn", "promotion expired during quote", pod=pod, promotion=f"PROMO{rng.randint(100, 999)}"))
    emit(rng, app, start, end, 0.8, [
        (3, lambda t: logfmt(t, "info", "price list refreshed", pod=rng.choice(pods), skus=rng.randint(41000, 41200), duration=f"{ms(rng, 400)}ms")),
        (2, lambda t: logfmt(t, "debug", "cache stats", pod=rng.choice(pods), hits=rng.randint(9000, 20000), misses=rng.randint(100, 900))),
        (1, lambda t: logfmt(t, "info", "flags evaluated", pod=rng.choice(pods), source="/etc/flags/production.json")),
    ])
    emit(rng, envoy, start, end, 1.5, [
        (1, lambda t: envoy_access(t, "GET", "/healthz", 200, "-", "127.0.0.1:8080", 1, hexid(rng, 16), "10.42.3.9:8080")),
    ])
    for t in (utc("2026-11-17 09:25:03"), SYNC):
        sha = prev_sha if t < SYNC else culprit
        for pod in pods:
            flags.add(t, json_line(t, "info", "synced flags from git", pod=pod, repo="shopfront/pricing-service", path="flags/production.json", revision=sha[:7]))
            flags.add(t, json_line(t, "info", "flag configuration changed", pod=pod, changed=1 if t == SYNC else 0, removed=1 if t < SYNC else 0))
    emit(rng, flags, start, end, 0.8, [
        (5, lambda t: json_line(t, "debug", "no change in flags", pod=rng.choice(pods), path="flags/production.json")),
        (1, lambda t: json_line(t, "info", "served flag evaluation stream", pod=rng.choice(pods), clients=1)),
    ])
    return [app, envoy, flags]


def build(out_dir):
    rng = random.Random(1117)
    repo, culprit, prev = build_repo()
    try:
        start, end = utc("2026-11-17 08:10:00"), utc("2026-11-17 10:55:00")

        def ratio(t):
            return 0.002 + (0.34 if t >= ONSET else 0.0) + 0.001 * (t.minute % 3)

        metrics = {"envoy_inbound_5xx_ratio.json": query_range([({"app": SERVICE, "namespace": "shopfront"}, ratio)], start, end, 30)}
        return write_scenario(
            out_dir, name="feature-flag-flip", service=SERVICE, onset=ONSET,
            description="""
Feature flag flip. tiered_discounts is turned on in flags/production.json; the
flag-sync sidecar picks it up at 10:07 (no deploy). Guest carts have no customer
segment, and discounts.Tiered dereferences it: every guest quote panics (502 from
Envoy), a third of all quotes.
""",
            logs=build_logs(rng, prev, culprit), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"panic serving .*nil pointer dereference"],
            fix_files=["flags/production.json"],
            explanation="""
The culprit flips tiered_discounts in flags/production.json. The buggy code
(internal/discounts/tiered.go) landed three days earlier and was harmless while the
flag was off; turning the flag off is the fix for the incident (the nil check is
the follow-up). Decoys: a same-file flag removal 40 minutes before, staging flag
change, docs, tests, and a k8s change 14 minutes after the flip.
""",
        )
    finally:
        repo.close()
