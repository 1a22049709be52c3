"""pricing-service (Go, team in Lisbon and Kraków): a grocery chain's price
service computes each store's shelf price per SKU and caches it in a shared
Redis (pricing-cache) under price:v3:{store}:{sku}, 6 h TTL, as JSON. The
stores team's shelf-label-sync (Python, another repository) reads the same
keys with MGET and json.loads to push prices to the electronic shelf labels
at 06:00 and 12:00, when promotions start. A morning commit encodes cached
quotes with MessagePack to save Redis memory; it keeps reading JSON entries,
so pricing-service itself survives the mixed-version rollout at 09:40 (only
the old pods, for the two minutes they still run, log a few undecodable
entries), and the key prefix stays price:v3. Entries are rewritten as
MessagePack as they expire and when the 11:50 promo refresh writes the noon
promotions. At 12:00 shelf-label-sync skips every MessagePack entry ("cached
price is not JSON ... can't decode byte 0x86"), about a third of the noon
labels keep their old price, and stores raise tickets that tills charge less
than the shelf shows. The team writes JSON again (12:58), rewrites the
quotes (13:02) and the labels are pushed again at 13:08. Decoys: a commit
that adds promo_id to the same codec five days before, a docs page on the
cache keys, codec tests, the go-redis bump the 09:40 start-up lines name, an
API change (unit price for the shelf-edge app) rolled out at 11:31, 29
minutes before the onset, and a runbook commit after it. pricing-service's
log (slog JSON), shelf-label-sync (Python logging with a traceback),
ingress-nginx access, Argo CD (logfmt), store-ops tickets (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, python_logging
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "pricing-service"
MODULE = "github.com/verdemercado/pricing-service"
DEPLOY = utc("2026-12-09 09:40:00")
API_DEPLOY = utc("2026-12-09 11:31:00")
NOON_REFRESH = utc("2026-12-09 11:50:04")
FIX_DEPLOY = utc("2026-12-09 12:58:00")
MANUAL_REFRESH = utc("2026-12-09 13:02:31")
LABEL_RUNS = [utc("2026-12-09 06:00:00"), utc("2026-12-09 12:00:00"), utc("2026-12-09 13:08:20")]
START, END = utc("2026-12-09 05:40:00"), utc("2026-12-09 13:25:00")
STORES = [f"{n:04d}" for n in (101, 102, 104, 107, 109, 111, 113, 114, 117, 118, 121, 122, 125, 126, 128, 130, 131,
                                  133, 136, 140, 142, 145, 147, 150, 152, 155, 158, 160, 161, 163, 166, 170, 172, 175, 178, 181, 184, 190)]

CODEC = """package cache

import (
\t"encoding/json"
\t"time"
)

// Quote is what pricing-service caches per store and SKU under
// price:v3:{store}:{sku}; see docs/cache.md.
type Quote struct {
\tSKU         string    `json:"sku"`
\tStore       string    `json:"store"`
\tAmountMinor int64     `json:"amount_minor"`
\tCurrency    string    `json:"currency"`
\tValidUntil  time.Time `json:"valid_until"`
\tComputedAt  time.Time `json:"computed_at"`
}

func Encode(q *Quote) ([]byte, error) {
\treturn json.Marshal(q)
}

func Decode(raw []byte) (*Quote, error) {
\tvar q Quote
\tif err := json.Unmarshal(raw, &q); err != nil {
\t\treturn nil, err
\t}
\treturn &q, nil
}
"""

CACHE = """package cache

import (
\t"context"
\t"log/slog"
\t"time"

\t"github.com/redis/go-redis/v9"
)

// Cache holds computed quotes in the shared pricing-cache Redis.
type Cache struct {
\trdb *redis.Client
\tttl time.Duration
\tlog *slog.Logger
}

func Key(store, sku string) string {
\treturn "price:v3:" + store + ":" + sku
}

func (c *Cache) Get(ctx context.Context, store, sku string) (*Quote, bool) {
\traw, err := c.rdb.Get(ctx, Key(store, sku)).Bytes()
\tif err != nil {
\t\treturn nil, false
\t}
\tq, err := Decode(raw)
\tif err != nil {
\t\tc.log.Warn("quote cache entry undecodable, recomputing", "key", Key(store, sku), "err", err)
\t\treturn nil, false
\t}
\treturn q, true
}

func (c *Cache) Put(ctx context.Context, q *Quote) error {
\traw, err := Encode(q)
\tif err != nil {
\t\treturn err
\t}
\treturn c.rdb.Set(ctx, Key(q.Store, q.SKU), raw, c.ttl).Err()
}
"""

CODEC_TEST = """package cache

import (
\t"testing"
\t"time"
)

func TestQuoteRoundTrip(t *testing.T) {
\tfor _, q := range []Quote{
\t\t{SKU: "5601234567890", Store: "0117", AmountMinor: 249, Currency: "EUR", ValidUntil: time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)},
\t\t{SKU: "5601234567891", Store: "0117", AmountMinor: 199, Currency: "EUR", PromoID: "XMAS-26-014"},
\t} {
\t\traw, err := Encode(&q)
\t\tif err != nil {
\t\t\tt.Fatal(err)
\t\t}
\t\tgot, err := Decode(raw)
\t\tif err != nil || *got != q {
\t\t\tt.Fatalf("round trip: got %+v, %v; want %+v", got, err, q)
\t\t}
\t}
}
"""

PRICES = """package api

import (
\t"encoding/json"
\t"net/http"

\t"github.com/verdemercado/pricing-service/internal/cache"
)

type priceResponse struct {
\tSKU         string `json:"sku"`
\tStore       string `json:"store"`
\tAmountMinor int64  `json:"amount_minor"`
\tCurrency    string `json:"currency"`
\tPromoID     string `json:"promo_id,omitempty"`
}

func writePrice(w http.ResponseWriter, q *cache.Quote) {
\tw.Header().Set("Content-Type", "application/json")
\tjson.NewEncoder(w).Encode(priceResponse{q.SKU, q.Store, q.AmountMinor, q.Currency, q.PromoID})
}
"""

REFRESH = """package promo

import (
\t"context"
\t"log/slog"
\t"time"
)

// Refresher recomputes the quotes of promotions that start in the next
// 15 minutes and writes them to the cache, so labels and tills agree at
// the start of a promotion.
type Refresher struct {
\tEvery time.Duration
\tLog   *slog.Logger
}

func (r *Refresher) Run(ctx context.Context) {
\tt := time.NewTicker(r.Every)
\tdefer t.Stop()
\tfor range t.C {
\t\tr.refresh(ctx)
\t}
}
"""

CONFIG = """addr: ":8080"
deadline: 2s
redis:
  addr: pricing-cache.verde.internal:6379
  quote_ttl: 6h
promo:
  refresh_every: 5m
  lookahead: 15m
"""

DOCS = """# The pricing cache

pricing-service keeps every computed quote in the shared `pricing-cache`
Redis (ElastiCache, 6.5 GiB, `volatile-lru`).

| Key | Value | TTL |
|---|---|---|
| `price:v3:{store}:{sku}` | the quote (see `internal/cache/codec.go`) | 6 h |
| `promo:v1:{store}:active` | the store's active promotion ids | 15 min |

A miss is computed from the price lists and the store's overrides and
written back. The promo refresher writes the quotes of promotions starting
in the next 15 minutes, so the first reads after a promotion starts hit.

Debugging: `redis-cli -h pricing-cache.verde.internal GET price:v3:0117:5601234567890`.
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@verdemercado.pt", 0)
    tiago = Person("Tiago Moreira", "tiago.moreira@verdemercado.pt", 0)
    marta = Person("Marta Zielińska", "marta.zielinska@verdemercado.pt", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Shelf and till prices per store and SKU, cached in the shared pricing-cache Redis.")
    files["go.mod"] = (f"module {MODULE}\n\ngo 1.22\n\nrequire (\n\tgithub.com/prometheus/client_golang v1.20.5\n"
                       "\tgithub.com/redis/go-redis/v9 v9.6.1\n\tgopkg.in/yaml.v3 v3.0.1\n)\n")
    files["go.sum"] = ("github.com/prometheus/client_golang v1.20.5 h1:cxppBPuYhUnsO6yo/aoRol4L7q7UFfdm+bR9r+8l63Y=\n"
                       "github.com/redis/go-redis/v9 v9.6.1 h1:HHDteefn6ZkTtY5fGUE8tj8uy85AHk6zP7CpzIAM0y4=\n"
                       "gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=\n")
    files["internal/cache/codec.go"] = CODEC
    files["internal/cache/cache.go"] = CACHE
    files["internal/api/prices.go"] = PRICES.replace("\tPromoID     string `json:\"promo_id,omitempty\"`\n", "").replace(", q.PromoID}", "}")
    files["internal/promo/refresh.go"] = REFRESH
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="256Mi", cpu="300m", env={"CONFIG_PATH": "/app/config/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PricingLatencyHigh", "p99 above 150 ms: check pricing-cache's hit ratio and memory; a flush makes every store's first reads slow."),
        ("PromoRefreshFailing", "No `promo refresh complete` for 15 minutes: promotions will start with stale prices at the tills."),
    ])
    repo.commit(utc("2026-12-03 10:02:00"), ines, "pricing-service: import from the monorepo", files)
    repo.schedule(chores(random.Random(7601), SERVICE, [ines, tiago, marta], utc("2026-12-03 10:02:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-04 15:12:00"), tiago, "cache: keep promo_id on cached quotes so the API can show the promo badge", {
        "internal/cache/codec.go": repo.edit("internal/cache/codec.go", "\tCurrency    string    `json:\"currency\"`\n",
                                             "\tCurrency    string    `json:\"currency\"`\n\tPromoID     string    `json:\"promo_id,omitempty\"`\n"),
        "internal/api/prices.go": PRICES,
    })
    repo.commit(utc("2026-12-07 11:03:00"), marta, "docs: pricing cache keys, TTLs and the promo refresher", {"docs/cache.md": DOCS})
    repo.commit(utc("2026-12-08 16:40:00"), tiago, "cache: round-trip tests for quotes with and without a promo", {"internal/cache/codec_test.go": CODEC_TEST})
    culprit = repo.commit(utc("2026-12-09 08:47:00"), marta,
        "cache: encode quotes with MessagePack (pricing-cache at 81% of maxmemory)\n\n"
        "Quotes are about 40% smaller and decode faster. Decode still reads the\n"
        "JSON entries written before this change, so the rollout needs no flush;\n"
        "they age out within the 6 h TTL.", {
        "internal/cache/codec.go": repo.edit("internal/cache/codec.go", "import (\n\t\"encoding/json\"\n\t\"time\"\n)\n",
            "import (\n\t\"encoding/json\"\n\t\"time\"\n\n\t\"github.com/vmihailenco/msgpack/v5\"\n)\n").replace(
            "`json:\"sku\"`", "`json:\"sku\" msgpack:\"sku\"`").replace(
            "`json:\"store\"`", "`json:\"store\" msgpack:\"store\"`").replace(
            "`json:\"amount_minor\"`", "`json:\"amount_minor\" msgpack:\"amount_minor\"`").replace(
            "`json:\"currency\"`", "`json:\"currency\" msgpack:\"currency\"`").replace(
            "`json:\"promo_id,omitempty\"`", "`json:\"promo_id,omitempty\" msgpack:\"promo_id,omitempty\"`").replace(
            "`json:\"valid_until\"`", "`json:\"valid_until\" msgpack:\"valid_until\"`").replace(
            "`json:\"computed_at\"`", "`json:\"computed_at\" msgpack:\"computed_at\"`").replace(
            "func Encode(q *Quote) ([]byte, error) {\n\treturn json.Marshal(q)\n}\n\nfunc Decode(raw []byte) (*Quote, error) {\n\tvar q Quote\n\tif err := json.Unmarshal(raw, &q); err != nil {\n",
            "// Quotes are stored as MessagePack. Decode also reads JSON, which every\n// entry written before the MessagePack change is.\nfunc Encode(q *Quote) ([]byte, error) {\n\treturn msgpack.Marshal(q)\n}\n\n"
            "func Decode(raw []byte) (*Quote, error) {\n\tvar q Quote\n\tif len(raw) > 0 && raw[0] == '{' {\n\t\tif err := json.Unmarshal(raw, &q); err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\treturn &q, nil\n\t}\n\tif err := msgpack.Unmarshal(raw, &q); err != nil {\n"),
        "internal/cache/codec_test.go": repo.edit("internal/cache/codec_test.go", "import (\n\t\"testing\"\n\t\"time\"\n)\n",
            "import (\n\t\"encoding/json\"\n\t\"testing\"\n\t\"time\"\n)\n") + (
            "\nfunc TestDecodeReadsJSONEntries(t *testing.T) {\n\tq := Quote{SKU: \"5601234567890\", Store: \"0117\", AmountMinor: 249, Currency: \"EUR\"}\n"
            "\traw, _ := json.Marshal(q)\n\tif got, err := Decode(raw); err != nil || *got != q {\n\t\tt.Fatalf(\"JSON entry: got %+v, %v\", got, err)\n\t}\n}\n"),
        "go.mod": repo.edit("go.mod", "\tgithub.com/redis/go-redis/v9 v9.6.1\n", "\tgithub.com/redis/go-redis/v9 v9.6.1\n\tgithub.com/vmihailenco/msgpack/v5 v5.4.1\n"),
        "go.sum": repo.files["go.sum"] + "github.com/vmihailenco/msgpack/v5 v5.4.1 h1:cQriyiUvjTwOHg8QZaPihLWeRAAVoCpE00IUPn0Bjt8=\n"
                  "github.com/vmihailenco/tagparser/v2 v2.0.0 h1:y09buUbR+b5aycVFQs/g70pqKVZNBmxwAhO7/IwNM9g=\n",
    })
    head = repo.commit(utc("2026-12-09 09:12:00"), bot, "Bump github.com/redis/go-redis/v9 from 9.6.1 to 9.7.0", {
        "go.mod": repo.edit("go.mod", "go-redis/v9 v9.6.1", "go-redis/v9 v9.7.0"),
        "go.sum": repo.edit("go.sum", "github.com/redis/go-redis/v9 v9.6.1 h1:HHDteefn6ZkTtY5fGUE8tj8uy85AHk6zP7CpzIAM0y4=",
                            "github.com/redis/go-redis/v9 v9.7.0 h1:HhLSs+B6O021gwzl+locl0zEDnyNkxMtf/Z3NNBMa9E="),
    })
    api = repo.commit(utc("2026-12-09 11:08:00"), ines, "api: add the unit price (per kg / per litre) to the price response for the shelf-edge app", {
        "internal/api/prices.go": repo.edit("internal/api/prices.go", "\tPromoID     string `json:\"promo_id,omitempty\"`\n}\n",
            "\tPromoID     string `json:\"promo_id,omitempty\"`\n\t// UnitPrice is per kg or per litre, for the shelf-edge app's labels.\n\tUnitPrice   *unitPrice `json:\"unit_price,omitempty\"`\n}\n\n"
            "type unitPrice struct {\n\tAmountMinor int64  `json:\"amount_minor\"`\n\tPer         string `json:\"per\"`\n}\n").replace(
            "json.NewEncoder(w).Encode(priceResponse{q.SKU, q.Store, q.AmountMinor, q.Currency, q.PromoID})",
            "json.NewEncoder(w).Encode(priceResponse{q.SKU, q.Store, q.AmountMinor, q.Currency, q.PromoID, unitPriceOf(q)})"),
    })
    fix = repo.commit(utc("2026-12-09 12:44:00"), tiago,
        "cache: write quotes as JSON again\n\nshelf-label-sync reads price:v3 keys with json.loads and skipped every\n"
        "MessagePack entry at the noon push. Decode keeps reading both until the\nMessagePack entries are gone.", {
        "internal/cache/codec.go": repo.edit("internal/cache/codec.go",
            "// Quotes are stored as MessagePack. Decode also reads JSON, which every\n// entry written before the MessagePack change is.\nfunc Encode(q *Quote) ([]byte, error) {\n\treturn msgpack.Marshal(q)\n}\n",
            "// Quotes are stored as JSON: shelf-label-sync (stores team) reads these\n// keys too. Decode still reads the MessagePack entries of 9 December.\nfunc Encode(q *Quote) ([]byte, error) {\n\treturn json.Marshal(q)\n}\n"),
    })
    repo.commit(utc("2026-12-09 13:16:00"), marta, "runbook: other readers of price:v3 keys; bump the key version when the encoding changes", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Changing what is cached\n\nshelf-label-sync (stores team) reads `price:v3:*` directly. A new encoding or\nshape needs a new key version (`price:v4:`) and a heads-up in #stores-tech.\n",
        "docs/cache.md": repo.edit("docs/cache.md", "A miss is computed", "Readers outside this service: shelf-label-sync (MGET, `json.loads`).\n\nA miss is computed"),
    })
    return repo, culprit, head, api, fix


def slog(t, level, msg, **fields):
    body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level, "msg": msg}
    body.update(fields)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def build_logs(rng, culprit, head, api, fix):
    app = Log("pricing-service.log")
    ingress = Log("ingress-nginx-access.log")
    labels = Log("shelf-label-sync.log")
    argo = Log("argocd-application-controller.log")
    tickets = Log("store-ops-tickets.log")

    # Pods: four replicas, replaced one at a time (maxSurge 1, maxUnavailable 0).
    generations = [(START - dt.timedelta(hours=16), None, [f"pricing-service-7d9c5b4f6-{hexid(rng, 5)}" for _ in range(4)])]
    for when, sha, rs in ((DEPLOY, head, "5c48f7d9b"), (API_DEPLOY, api, "84b6c1e27"), (FIX_DEPLOY, fix, "6f0d93a58")):
        argo.add(when - dt.timedelta(seconds=41), logfmt(when - dt.timedelta(seconds=41), "info", f"Initiated automated sync to '{sha}'", application=SERVICE, dest_namespace="pricing"))
        argo.add(when + dt.timedelta(seconds=138), logfmt(when + dt.timedelta(seconds=138), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application=SERVICE, dest_namespace="pricing"))
        names = [f"pricing-service-{rs}-{hexid(rng, 5)}" for _ in range(4)]
        old = generations[-1][2]
        for i, pod in enumerate(names):
            t = when + dt.timedelta(seconds=32 * i + rng.uniform(1, 4))
            app.add(t, slog(t, "INFO", "starting pricing-service", version=sha[:7], addr=":8080", pod=pod))
            app.add(t + dt.timedelta(milliseconds=48), slog(t + dt.timedelta(milliseconds=48), "INFO", "connected to redis", addr="pricing-cache.verde.internal:6379", pod=pod))
            s = t + dt.timedelta(seconds=9)
            app.add(s, slog(s, "INFO", "shutting down", pod=old[i], reason="SIGTERM"))
        generations.append((when, sha, names))
    emit(rng, argo, START, END, 0.25, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application=SERVICE, dest_namespace="pricing", comparison_level=1, time_ms=rng.randint(40, 210)))])

    def pod_at(t):
        """A serving pod; during a rollout, old and new pods serve side by side."""
        for k in range(len(generations) - 1, 0, -1):
            when, _, names = generations[k]
            if t >= when:
                started = int((t - when).total_seconds() // 32) + 1
                if started >= 4:
                    return rng.choice(names), k
                i = rng.randrange(4)
                return (names[i], k) if i < started else (generations[k - 1][2][i], k - 1)
        return rng.choice(generations[0][2]), 0

    skus = [f"56{rng.randint(10**10, 10**11 - 1)}" for _ in range(400)]
    pos_ips = {s: f"10.{60 + i // 10}.{i % 10 * 20 + 4}.{rng.randint(10, 60)}" for i, s in enumerate(STORES)}

    # Till and app lookups through the ingress.
    for t in poisson_times(rng, START, END, 22):
        pod, gen = pod_at(t)
        store = rng.choice(STORES)
        sku = rng.choice(skus)
        took = ms(rng, 9, 0.6) / 1000
        if rng.random() < 0.01:
            ingress.add(t, nginx_access(t, pos_ips[store], "GET", f"/v1/prices?store={store}&sku={sku}", 404, 62, took, "verde-pos/4.12.0", upstream_rt=took))
            app.add(t, slog(t, "WARN", "unknown sku", store=store, sku=sku, pod=pod))
            continue
        if gen == 0 and t >= DEPLOY and rng.random() < 0.15:
            app.add(t, slog(t, "WARN", "quote cache entry undecodable, recomputing", key=f"price:v3:{store}:{sku}",
                            err="invalid character '\\u0086' looking for beginning of value", pod=pod))
            took += 0.004
        ua = "verde-pos/4.12.0" if rng.random() < 0.7 else "VerdeApp/7.3.1 (iPhone; iOS 18.1)"
        client = pos_ips[store] if ua.startswith("verde-pos") else f"85.{rng.randint(240, 247)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ingress.add(t, nginx_access(t, client, "GET", f"/v1/prices?store={store}&sku={sku}", 200, rng.randint(118, 164), took, ua, upstream_rt=took))
    # Store servers fetch their price file every 15 minutes (hundreds of keys per request).
    for t in poisson_times(rng, START, END, 2.5):
        pod, gen = pod_at(t)
        store = rng.choice(STORES)
        took = ms(rng, 140, 0.4) / 1000
        ingress.add(t, nginx_access(t, pos_ips[store], "GET", f"/v1/prices/bulk?store={store}&changed_since={(t - dt.timedelta(minutes=15)).strftime('%Y-%m-%dT%H:%M:00Z')}", 200, rng.randint(9000, 60000), took, "verde-store-server/2.8", upstream_rt=took))
        # An old pod still running next to new ones meets entries the new pods wrote.
        if gen == 0 and t >= DEPLOY:
            for _ in range(rng.randint(2, 7)):
                e = t + dt.timedelta(milliseconds=rng.randint(2, 120))
                app.add(e, slog(e, "WARN", "quote cache entry undecodable, recomputing", key=f"price:v3:{store}:{rng.choice(skus)}",
                                err=f"invalid character '\\u00{rng.choice(['86', '86', '87'])}' looking for beginning of value", pod=pod))

    # Promo refresher (leader pod) every 5 minutes; the big ones before 06:00 and 12:00.
    t = START + dt.timedelta(minutes=rng.uniform(0, 5))
    while t < END:
        pod, gen = pod_at(t)
        big = abs((t - utc("2026-12-09 05:50:00")).total_seconds()) < 150 or abs((t - NOON_REFRESH).total_seconds()) < 150
        written = rng.randint(1590, 1690) if big else rng.randint(0, 40)
        app.add(t, slog(t, "INFO", "promo refresh complete", promos_starting=rng.randint(40, 60) if big else rng.randint(0, 2),
                        quotes_written=written, took_ms=ms(rng, 900 if big else 40), pod=pod))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(-300, 300))
    pod, _ = pod_at(MANUAL_REFRESH)
    app.add(MANUAL_REFRESH, slog(MANUAL_REFRESH, "INFO", "promo refresh complete", trigger="manual", scope="changed_today", quotes_written=5210, took_ms=2841, pod=pod))
    emit(rng, app, START, END, 0.5, [
        (3, lambda t: slog(t, "INFO", "store price override expired", store=rng.choice(STORES), sku=rng.choice(skus), pod=pod_at(t)[0])),
        (1, lambda t: slog(t, "WARN", "price list import lagging", list="fornecedores-frescos", lag_s=rng.randint(61, 400), pod=pod_at(t)[0])),
    ])

    # shelf-label-sync (stores team): a CronJob at 06:00 and 12:00, re-run by hand at 13:08.
    def label_run(when, run, total, bad):
        pid = rng.randint(7, 40)
        labels.add(when, python_logging(when, "INFO", "shelf_labels.sync", f"label push started: run={run} stores={len(STORES)} pid={pid}"))
        t = when + dt.timedelta(seconds=1.2)
        labels.add(t, python_logging(t, "INFO", "shelf_labels.prices", f"reading {total} cached prices from redis://pricing-cache.verde.internal:6379/0 (price:v3:*)"))
        per_store = [total // len(STORES)] * len(STORES)
        per_store[0] += total - sum(per_store)
        skipped_at = sorted(rng.sample(range(total), bad))
        first = True
        for idx in skipped_at:
            t = when + dt.timedelta(seconds=1.4 + 6.5 * idx / total)
            store = STORES[min(idx * len(STORES) // total, len(STORES) - 1)]
            key = f"price:v3:{store}:56{rng.randint(10**10, 10**11 - 1)}"
            byte = rng.choice(["0x86", "0x87", "0x87"])
            if first:
                labels.add(t, python_logging(t, "WARNING", "shelf_labels.prices", f"skipping {key}: cached price is not JSON") + "\n"
                    "Traceback (most recent call last):\n"
                    "  File \"/app/shelf_labels/prices.py\", line 47, in load_prices\n"
                    "    prices[key] = Price.from_cache(json.loads(raw))\n"
                    "                                   ^^^^^^^^^^^^^^^\n"
                    "  File \"/usr/local/lib/python3.12/json/__init__.py\", line 341, in loads\n"
                    "    s = s.decode(detect_encoding(s), 'surrogatepass')\n"
                    "        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                    f"UnicodeDecodeError: 'utf-8' codec can't decode byte {byte} in position 0: invalid start byte")
                first = False
                continue
            labels.add(t, python_logging(t, "WARNING", "shelf_labels.prices", f"skipping {key}: cached price is not JSON ('utf-8' codec can't decode byte {byte} in position 0: invalid start byte)"))
        t = when + dt.timedelta(seconds=8)
        bad_by_store = {}
        for idx in skipped_at:
            s = STORES[min(idx * len(STORES) // total, len(STORES) - 1)]
            bad_by_store[s] = bad_by_store.get(s, 0) + 1
        for store, n in zip(STORES, per_store):
            t += dt.timedelta(seconds=rng.uniform(1.2, 2.6))
            sent = n - bad_by_store.get(store, 0)
            labels.add(t, python_logging(t, "INFO", "shelf_labels.esl", f"store {store}: {sent} label updates accepted by the ESL gateway (batch {hexid(rng, 8)})"))
            if rng.random() < 0.05:
                labels.add(t, python_logging(t, "WARNING", "shelf_labels.esl", f"store {store}: {rng.randint(1, 3)} labels did not acknowledge, will retry at the next push"))
        took = (t - when).total_seconds() + 0.4
        t += dt.timedelta(seconds=0.4)
        if bad:
            labels.add(t, python_logging(t, "ERROR", "shelf_labels.sync", f"label push finished with errors: run={run} prices={total} skipped={bad} took={took:.1f}s; skipped labels keep their previous price"))
        else:
            labels.add(t, python_logging(t, "INFO", "shelf_labels.sync", f"label push finished: run={run} prices={total} skipped=0 took={took:.1f}s"))
        return t

    label_run(LABEL_RUNS[0], "morning", 4986, 0)
    noon_bad = 1641 + 202
    label_run(LABEL_RUNS[1], "noon", 5210, noon_bad)
    label_run(LABEL_RUNS[2], "manual", 5210, 0)

    # Store operations tickets (the helpdesk's feed).
    def ticket(t, store, category, priority, summary):
        tickets.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": f"OPS-{rng.randint(48000, 48999)}", "store": store,
                                   "category": category, "priority": priority, "summary": summary}, ensure_ascii=False))
    routine = [("equipment/printer", "P4", "Receipt printer at till 3 jams"), ("equipment/refrigeration", "P2", "Freezer aisle 7 alarm, temp -14C"),
               ("it/network", "P3", "Handheld scanners dropping wifi in the back store"), ("pricing/shelf-label", "P4", "One label blank on aisle 2 (battery?)"),
               ("staff/rota", "P4", "Rota app shows wrong shift for Saturday")]
    for t in poisson_times(rng, START, END, 0.05):
        ticket(t, rng.choice(STORES), *rng.choice(routine))
    complaints = ["Promo labels not updated at noon; till charges the promo price, shelf shows the old one",
                  "Customers say shelf price higher than till (Natal promo items)", "Noon promo: half the labels in aisle 4 still old price",
                  "Shelf labels not updated for promotions starting 12:00", "Price mismatch shelf vs till on promo items, customer complaints"]
    for t in poisson_times(rng, utc("2026-12-09 12:11:00"), utc("2026-12-09 13:20:00"), 0.35):
        ticket(t, rng.choice(STORES), "pricing/shelf-label", "P2", rng.choice(complaints))
    return [app, ingress, labels, argo, tickets]


def build(out_dir):
    rng = random.Random(7600)
    repo, culprit, head, api, fix = build_repo()
    try:
        logs = build_logs(rng, culprit, head, api, fix)
        onset = min(t for t, _, text in logs[2].entries if "is not JSON" in text).replace(microsecond=0)

        def memory(t):
            base = 5.42e9
            if t < DEPLOY:
                return round(base + 2.0e6 * ((t - START).total_seconds() / 600 % 3))
            share = min(1.0, (t - DEPLOY).total_seconds() / (6 * 3600))
            if t >= NOON_REFRESH:
                share += 0.07
            if t >= MANUAL_REFRESH:
                share -= 0.12
            return round(base * (1 - 0.4 * 0.62 * max(share, 0.0)))

        def skipped(t):
            if t < LABEL_RUNS[1] + dt.timedelta(seconds=80):
                return 0
            if t < LABEL_RUNS[2] + dt.timedelta(seconds=80):
                return 1843
            return 0

        metrics = {
            "redis_memory_used_bytes.json": query_range([({"cluster": "pricing-cache", "instance": "pricing-cache-001"}, memory)], START, END, 60),
            "shelf_labels_last_push_skipped.json": query_range([({"job": "shelf-label-sync", "namespace": "stores"}, skipped)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="mixed-version-cache-format", service=SERVICE, onset=onset,
            description=f"""
Shelf labels show the wrong price. The noon label push ({onset.strftime('%H:%M')}) of the stores
team's shelf-label-sync skips 1,843 of 5,210 prices, so promotions that
start at noon are charged at the tills but not shown on the shelves; stores
raise tickets from 12:11. shelf-label-sync reads pricing-service's cache
keys in the shared pricing-cache Redis. pricing-service was deployed at
09:40 (start-up lines name a go-redis bump) and at 11:31 (a unit-price
field in the API); the team deployed a cache change at 12:58 and the labels
were pushed again at 13:08.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"cached price is not JSON", r"quote cache entry undecodable"],
            fix_files=["internal/cache/codec.go"],
            explanation="""
The culprit makes pricing-service encode cached quotes as MessagePack under
the same price:v3 keys. pricing-service reads both encodings, so its own
rollout only shows a few "undecodable" entries on the old pods while old and
new pods ran side by side (invalid character '\\u0086': a MessagePack map
header). But shelf-label-sync, another team's job, reads the same keys with
json.loads: as entries were rewritten (on expiry, and the 11:50 promo
refresh that writes the noon promotions) they became unreadable to it, and
at the noon push it skipped every one of them (byte 0x86/0x87 is not UTF-8).
Redis memory falls from 09:40, as the commit intended. The fix writes JSON
again in internal/cache/codec.go (a new key version would also do).
Decoys: the commit that adds promo_id to the same codec five days before
(its entries were still JSON), the docs page on the cache keys, the codec
tests, the go-redis bump the 09:40 start-up lines name (shipped with the
culprit), the unit-price API change rolled out 29 minutes before the onset
(shelf-label-sync does not call the API), and a runbook commit after it.
""",
        )
    finally:
        repo.close()
