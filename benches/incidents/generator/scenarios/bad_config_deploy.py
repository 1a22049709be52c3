"""checkout-api: a config change cuts the pricing client's timeout below the
pricing service's normal latency; after the afternoon deploy a third of
checkouts fail with pricing timeouts. JSON app log, nginx ingress, Argo CD."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import json_line, logfmt, nginx_access
from skeletons import chores, ci_bump, go_service, k8s_deployment, runbook

SERVICE = "checkout-api"
MODULE = "github.com/shopfront/checkout-api"
ONSET = utc("2026-11-03 14:28:40")

PRICING_CLIENT = """package pricing

import (
\t"context"
\t"encoding/json"
\t"fmt"
\t"net/http"
\t"time"
)

// Client asks the pricing service for a quote per cart.
type Client struct {
\tBaseURL string
\tHTTP    *http.Client
}

func New(baseURL string, timeout time.Duration) *Client {
\treturn &Client{BaseURL: baseURL, HTTP: &http.Client{Timeout: timeout}}
}

type Quote struct {
\tTotalCents int64  `json:"total_cents"`
\tCurrency   string `json:"currency"`
}

func (c *Client) Quote(ctx context.Context, cartID string) (*Quote, error) {
\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/v2/quotes/%s", c.BaseURL, cartID), nil)
\tif err != nil {
\t\treturn nil, err
\t}
\tresp, err := c.HTTP.Do(req)
\tif err != nil {
\t\treturn nil, fmt.Errorf("pricing request failed: %w", err)
\t}
\tdefer resp.Body.Close()
\tvar q Quote
\treturn &q, json.NewDecoder(resp.Body).Decode(&q)
}
"""

CONFIG = """addr: ":8080"
deadline: 3s

pricing:
  base_url: http://pricing.shopfront.svc.cluster.local:8080
  timeout: 800ms

inventory:
  base_url: http://inventory.shopfront.svc.cluster.local:8080
  timeout: 500ms

payments:
  base_url: https://payments-gateway.shopfront.svc.cluster.local
  timeout: 4s

logging:
  level: info
  cart_event_sample_rate: 0.05
"""

CART_HANDLER = """package server

import (
\t"encoding/json"
\t"net/http"
)

func (s *Server) handleCart(w http.ResponseWriter, r *http.Request) {
\tcart, err := s.carts.Load(r.Context(), r.PathValue("id"))
\tif err != nil {
\t\thttp.Error(w, "cart not found", http.StatusNotFound)
\t\treturn
\t}
\t_ = json.NewEncoder(w).Encode(cart)
}
"""


def build_repo():
    ana = Person("Ana Ribeiro", "ana.ribeiro@shopfront.io", 60)
    tom = Person("Tom Becker", "tom.becker@shopfront.io", 60)
    priya = Person("Priya Natarajan", "priya@shopfront.io", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    sam = Person("Sam Okafor", "sam.okafor@shopfront.io", 0)

    repo = Repo()
    files = go_service(SERVICE, MODULE, "Checkout API: carts, pricing quotes and order placement.")
    files["config/production.yaml"] = CONFIG
    files["internal/pricing/client.go"] = PRICING_CLIENT
    files["k8s/deployment.yaml"] = k8s_deployment(
        SERVICE, 8080, replicas=4, env={"CONFIG_PATH": "/etc/checkout/production.yaml"}
    )
    files["docs/runbook.md"] = runbook(
        SERVICE,
        [("CheckoutErrorRate", "5xx above 2 % for 5 minutes. Check pricing and payments dashboards first.")],
    )
    repo.commit(utc("2026-10-30 10:12:00"), ana, "Initial import of checkout-api from the monorepo", files)
    repo.schedule(chores(random.Random(2000), SERVICE, [ana, tom, priya, sam], utc("2026-10-30 10:12:00"), ONSET, 3))
    repo.commit(
        utc("2026-10-30 16:40:00"),
        tom,
        "Add cart endpoint",
        {"internal/server/cart.go": CART_HANDLER},
    )
    repo.commit(
        utc("2026-11-01 09:05:00"),
        priya,
        "docs: explain the pricing fallback",
        {
            "docs/pricing.md": "# Pricing quotes\n\ncheckout-api asks pricing for a quote for every cart.\n"
            "When pricing does not answer within `pricing.timeout`, checkout fails with 503:\n"
            "we never sell at a stale price.\n"
        },
    )
    repo.commit(
        utc("2026-11-02 06:14:00"),
        bot,
        "Bump actions/checkout from 3 to 4",
        {".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"])},
    )
    repo.commit(
        utc("2026-11-02 15:10:00"),
        tom,
        "Move cart handler next to the other handlers",
        {
            "internal/server/cart.go": None,
            "internal/server/handlers_cart.go": CART_HANDLER.replace("handleCart", "handleGetCart"),
        },
    )
    tested = repo.commit(
        utc("2026-11-03 09:47:00"),
        priya,
        "Add tests for discount rounding",
        {
            "internal/pricing/rounding_test.go": """package pricing

import "testing"

func TestRoundHalfEven(t *testing.T) {
\tcases := map[float64]int64{10.5: 10, 11.5: 12, 12.49: 12}
\tfor in, want := range cases {
\t\tif got := roundHalfEven(in); got != want {
\t\t\tt.Errorf("roundHalfEven(%v) = %d, want %d", in, got, want)
\t\t}
\t}
}
""",
            "internal/pricing/rounding.go": """package pricing

import "math"

func roundHalfEven(x float64) int64 { return int64(math.RoundToEven(x)) }
""",
        },
    )
    culprit = repo.commit(
        utc("2026-11-03 13:12:00"),
        sam,
        "pricing: fail fast instead of holding checkout threads\n\n"
        "Pricing p50 is ~60ms, so 800ms mostly just holds connections when it is sick.",
        {"config/production.yaml": repo.edit("config/production.yaml", "timeout: 800ms", "timeout: 80ms")},
    )
    repo.commit(
        utc("2026-11-03 13:40:00"),
        ana,
        "config: sample more cart events for the funnel dashboard",
        {
            "config/production.yaml": repo.edit(
                "config/production.yaml", "cart_event_sample_rate: 0.05", "cart_event_sample_rate: 0.2"
            )
        },
    )
    head = repo.commit(
        utc("2026-11-03 14:02:00"),
        tom,
        "k8s: 5 replicas ahead of the holiday traffic",
        {"k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "replicas: 4", "replicas: 5")},
    )
    repo.commit(
        utc("2026-11-03 14:51:00"),
        priya,
        "docs: runbook entry for pricing timeouts",
        {
            "docs/runbook.md": repo.files["docs/runbook.md"]
            + "\n## Pricing timeouts\n\n`pricing request failed` with `Client.Timeout`: compare pricing latency "
            "with `pricing.timeout` in config/production.yaml.\n"
        },
    )
    return repo, culprit, tested, head


def build_logs(rng, prev_sha, head_sha):
    app = Log("checkout-api.log")
    nginx = Log("ingress-nginx.log")
    argo = Log("argocd-application-controller.log")
    start = utc("2026-11-03 12:30:00")
    deploy = ONSET - dt.timedelta(seconds=40)
    end = utc("2026-11-03 15:05:00")
    pods = [f"checkout-api-7d9f{hexid(rng, 5)}" for _ in range(4)]
    new_pods = [f"checkout-api-5c4b{hexid(rng, 5)}" for _ in range(5)]

    def request(t, healthy):
        pod = rng.choice(pods if t < deploy else new_pods)
        route = rng.choices(
            ["GET /api/cart/{}", "POST /api/cart/{}/items", "POST /api/checkout", "GET /api/orders/{}", "GET /healthz"],
            weights=[30, 14, 16, 8, 6],
        )[0]
        cart = f"c_{hexid(rng, 10)}"
        path = route.split(" ")[1].format(cart)
        method = route.split(" ")[0]
        req = hexid(rng, 16)
        status, took = 200, ms(rng, 35)
        if route == "POST /api/checkout":
            pricing_ms = ms(rng, 70, 0.45)
            if not healthy and pricing_ms > 80:
                took = 80 + ms(rng, 4)
                status = 503
                app.add(t, json_line(t, "warn", "pricing request failed", pod=pod, request_id=req, cart_id=cart,
                                     error="Get \"http://pricing.shopfront.svc.cluster.local:8080/v2/quotes/" + cart
                                     + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
                app.add(t, json_line(t, "error", "checkout failed: pricing unavailable", pod=pod, request_id=req,
                                     cart_id=cart))
            else:
                took = pricing_ms + ms(rng, 140)
                app.add(t, json_line(t, "info", "pricing quote received", pod=pod, request_id=req,
                                     cart_id=cart, total_cents=rng.randint(900, 48000), took_ms=pricing_ms))
                app.add(t, json_line(t, "info", "payment authorized", pod=pod, request_id=req,
                                     order_id=f"o_{hexid(rng, 12)}", provider=rng.choice(["adyen", "stripe"])))
                app.add(t, json_line(t, "info", "order created", pod=pod, request_id=req,
                                     order_id=f"o_{hexid(rng, 12)}", items=rng.randint(1, 6)))
        elif route.startswith("POST /api/cart"):
            app.add(t, json_line(t, "info", "item added to cart", pod=pod, request_id=req, cart_id=cart,
                                 sku=f"SKU-{rng.randint(10000, 99999)}", qty=rng.randint(1, 3)))
        elif route.startswith("GET /api/cart") and rng.random() < 0.04:
            status = 404
            app.add(t, json_line(t, "info", "cart not found", pod=pod, request_id=req, cart_id=cart))
        elif route.startswith("GET /api/orders") and rng.random() < 0.01:
            status = 500
            app.add(t, json_line(t, "error", "orders query failed", pod=pod, request_id=req,
                                 error="pq: canceling statement due to user request"))
        if route != "GET /healthz":
            app.add(t, json_line(t, "info", "request completed", pod=pod, request_id=req, method=method,
                                 path=path, status=status, duration_ms=took))
        nginx.add(t, nginx_access(t, ip(rng, "10.20"), method, path, status, rng.randint(120, 4800) if status == 200 else 76,
                                  took / 1000 + 0.001, rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
                                                                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                                                                  "shopfront-android/5.12.1", "kube-probe/1.29"]),
                                  upstream_rt=took / 1000))

    for t in poisson_times(rng, start, end, 8):
        request(t, healthy=t < ONSET)
    emit(rng, app, start, end, 0.6, [
        (3, lambda t: json_line(t, "info", "inventory cache refreshed", pod=rng.choice(pods), skus=rng.randint(41000, 41200),
                                took_ms=ms(rng, 300))),
        (2, lambda t: json_line(t, "debug", "db pool stats", pod=rng.choice(pods), open=rng.randint(8, 20),
                                idle=rng.randint(2, 8), wait_count=0)),
        (1, lambda t: json_line(t, "warn", "slow inventory reservation", pod=rng.choice(pods), took_ms=ms(rng, 900))),
        (1, lambda t: json_line(t, "info", "abandoned carts swept", pod=rng.choice(pods), count=rng.randint(3, 60))),
    ])
    for i, pod in enumerate(new_pods):
        t = deploy + dt.timedelta(seconds=6 + i * 7)
        app.add(t, json_line(t, "info", "starting checkout-api", pod=pod, version=head_sha[:7], addr=":8080"))
        app.add(t, json_line(t, "info", "config loaded", pod=pod, path="/etc/checkout/production.yaml",
                             pricing_timeout="80ms", inventory_timeout="500ms", payments_timeout="4s"))
    for i, pod in enumerate(pods):
        t = deploy + dt.timedelta(seconds=12 + i * 7)
        app.add(t, json_line(t, "info", "shutting down", pod=pod, signal="terminated", inflight=rng.randint(0, 4)))

    def argo_line(t, level, msg, **kw):
        return logfmt(t, level, msg, application="checkout-api", **kw)

    prior = utc("2026-11-03 09:58:12")
    for t, sha in ((prior, prev_sha), (deploy, head_sha)):
        argo.add(t, argo_line(t, "info", "Refreshing app status (normal refresh requested)"))
        argo.add(t + dt.timedelta(seconds=1), argo_line(t, "info", "Initiated automated sync to '" + sha + "'"))
        argo.add(t + dt.timedelta(seconds=2), argo_line(t, "info", "Updated sync status: OutOfSync -> Synced"))
        argo.add(t + dt.timedelta(seconds=44), argo_line(t, "info", "Updated health status: Progressing -> Healthy"))
        argo.add(t + dt.timedelta(seconds=45), argo_line(t, "info", "deployed version " + sha[:7], dest_namespace="shopfront"))
    emit(rng, argo, utc("2026-11-03 09:00:00"), end, 0.33, [
        (5, lambda t: argo_line(t, "info", "Reconciliation completed", time_ms=rng.randint(40, 400), dedup_ms=0)),
        (1, lambda t: argo_line(t, "info", "Skipping auto-sync: application status is Synced")),
    ])
    return [app, nginx, argo], deploy


def build_metrics(deploy):
    start = utc("2026-11-03 12:30:00")
    end = utc("2026-11-03 15:05:00")

    def error_ratio(t):
        base = 0.004 + 0.001 * ((t.minute * 7) % 5) / 5
        return base + (0.11 if t >= ONSET else 0.0)

    def pricing_p99(t):
        return 0.21 + 0.02 * ((t.minute * 3) % 4) / 4

    return {
        "checkout_5xx_ratio.json": query_range(
            [({"service": SERVICE, "namespace": "shopfront"}, error_ratio)], start, end, 30
        ),
        "pricing_client_p99_seconds.json": query_range(
            [({"service": SERVICE, "upstream": "pricing"}, pricing_p99)], start, end, 30
        ),
    }


def build(out_dir):
    rng = random.Random(1101)
    repo, culprit, prev_sha, head = build_repo()
    try:
        logs, deploy = build_logs(rng, prev_sha, head)
        return write_scenario(
            out_dir,
            name="bad-config-deploy",
            service=SERVICE,
            onset=ONSET,
            description="""
Bad config deploy. checkout-api's pricing timeout was cut from 800ms to 80ms
(pricing's p50 is ~60ms). The change shipped in the 14:28 Argo CD sync whose head
was a later replicas bump; from then on about a third of checkouts time out
waiting for pricing and return 503.
""",
            logs=logs,
            metrics=build_metrics(deploy),
            repo=repo,
            culprit=culprit,
            root_cause=[r"pricing request failed", r"checkout failed: pricing unavailable"],
            fix_files=["config/production.yaml"],
            explanation="""
The culprit lowers pricing.timeout in config/production.yaml to 80ms. Decoys: a
later commit to the same file (sample rate), the replicas bump that the deploy
marker names, CI, docs and test commits. The fix restores the timeout.
""",
        )
    finally:
        repo.close()
