"""partner-api: the rate limiter's key goes from the caller's API key to the
client address, so that unauthenticated scanners are limited too. Behind the
ALB the client address the Go server sees is the load balancer node's own
(r.RemoteAddr), so every partner shares three buckets of 50 requests a second
and most calls get 429 as soon as the rollout completes. Decoys: an earlier
edit of the limiter (Retry-After header), a harmless config change to the same
file in the same rollout (webhook timeout), and the later commit the rollout
names. logfmt app log, ALB access log, a partner's integration log (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "partner-api"
MODULE = "github.com/parcelhub/partner-api"
DEPLOY = utc("2026-12-04 15:12:00")
ONSET = utc("2026-12-04 15:13:05")
REVERTED = utc("2026-12-04 15:41:30")
START, END = utc("2026-12-04 13:30:00"), utc("2026-12-04 16:00:00")
ALB_NODES = ["10.40.1.23", "10.40.2.187", "10.40.3.54"]
PARTNERS = {"pk_live_shopwave": 5, "pk_live_boxfly": 3, "pk_live_tinycart": 1, "pk_live_verdemart": 2}

CONFIG = """addr: ":8080"
deadline: 5s
ratelimit:
  key: api_key          # api_key | client_ip
  requests_per_second: 50
  burst: 100
webhooks:
  timeout: 5s
  max_attempts: 6
"""

LIMITER = """package ratelimit

import (
\t"net"
\t"net/http"
\t"sync"

\t"golang.org/x/time/rate"
)

// Limiter keeps one token bucket per key: the caller's API key, or the client
// address for endpoints that take no key.
type Limiter struct {
\tmu      sync.Mutex
\tbuckets map[string]*rate.Limiter
\trps     rate.Limit
\tburst   int
\tbyIP    bool
}

func New(key string, rps float64, burst int) *Limiter {
\treturn &Limiter{buckets: map[string]*rate.Limiter{}, rps: rate.Limit(rps), burst: burst, byIP: key == "client_ip"}
}

func (l *Limiter) keyOf(r *http.Request) string {
\tif l.byIP {
\t\thost, _, _ := net.SplitHostPort(r.RemoteAddr)
\t\treturn host
\t}
\treturn r.Header.Get("X-Api-Key")
}

func (l *Limiter) Wrap(next http.Handler, log func(msg string, args ...any)) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tkey := l.keyOf(r)
\t\tl.mu.Lock()
\t\tb, ok := l.buckets[key]
\t\tif !ok {
\t\t\tb = rate.NewLimiter(l.rps, l.burst)
\t\t\tl.buckets[key] = b
\t\t}
\t\tl.mu.Unlock()
\t\tif !b.Allow() {
\t\t\tlog("rate limited", "key", key, "path", r.URL.Path, "limit", l.rps)
\t\t\thttp.Error(w, "rate limit exceeded", http.StatusTooManyRequests)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}
"""


def build_repo():
    amara = Person("Amara Obi", "amara.obi@parcelhub.io", 0)
    lukas = Person("Lukas Novak", "lukas.novak@parcelhub.io", 60)
    ren = Person("Ren Zhao", "ren.zhao@parcelhub.io", 480)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "The public API partners use to book and track shipments.")
    files["go.mod"] = files["go.mod"].replace("\tgopkg.in/yaml.v3 v3.0.1\n", "\tgolang.org/x/time v0.5.0\n\tgopkg.in/yaml.v3 v3.0.1\n")
    files["config/production.yaml"] = CONFIG
    files["internal/ratelimit/ratelimit.go"] = LIMITER
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="256Mi",
                                                  env={"CONFIG_PATH": "/etc/partner-api/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [("Partner429s", "429s above 1 %: check which keys are limited and whether a partner is looping.")])
    repo.commit(utc("2026-11-30 09:00:00"), lukas, "partner-api: import", files)
    repo.schedule(chores(random.Random(4401), SERVICE, [amara, lukas, ren], utc("2026-11-30 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-02 11:15:00"), ren, "ratelimit: send Retry-After: 1 with 429s", {
        "internal/ratelimit/ratelimit.go": repo.edit("internal/ratelimit/ratelimit.go", "\t\t\thttp.Error(w, \"rate limit exceeded\", http.StatusTooManyRequests)\n",
                                                     "\t\t\tw.Header().Set(\"Retry-After\", \"1\")\n\t\t\thttp.Error(w, \"rate limit exceeded\", http.StatusTooManyRequests)\n"),
    })
    repo.commit(utc("2026-12-03 16:30:00"), amara, "shipments: tracking events page by cursor", {
        "internal/shipments/tracking.go": "package shipments\n\n// pageSize is how many tracking events one page holds.\nconst pageSize = 100\n",
    })
    culprit = repo.commit(utc("2026-12-04 13:48:00"), lukas, "config: rate limit by client address\n\nUnauthenticated scanners hit /v1/quotes without a key and were never limited.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  key: api_key          # api_key | client_ip", "  key: client_ip        # api_key | client_ip"),
    })
    repo.commit(utc("2026-12-04 14:36:00"), ren, "config: webhook delivery timeout 5s -> 8s", {
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 5s", "  timeout: 8s"),
    })
    head = repo.commit(utc("2026-12-04 14:58:00"), amara, "api: request id in error bodies", {
        "internal/server/errors.go": "package server\n\n// apiError is the body of every 4xx/5xx answer.\ntype apiError struct {\n\tError     string `json:\"error\"`\n\tRequestID string `json:\"request_id\"`\n}\n",
    })
    previous = repo.shas[repo.shas.index(culprit) - 1]
    return repo, culprit, head, previous


def alb(rng, t, client, target, status, took, path, key):
    return (f'https {t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond:06d}Z app/partner-api-prod/7a1c3e5d9b2f4068 {client}:{rng.randint(30000, 65000)} '
            f'{target}:8080 0.000 {took:.3f} 0.000 {status} {status} {rng.randint(300, 900)} {rng.randint(90, 2400)} '
            f'"POST https://api.parcelhub.io:443{path} HTTP/1.1" "{key.split("_")[-1]}-integration/2.1" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            f'arn:aws:elasticloadbalancing:eu-west-1:210987654321:targetgroup/partner-api/3c5e7a9b1d2f4a6c "Root=1-{hexid(rng, 8)}-{hexid(rng, 24)}"')


def build_logs(rng, head, previous):
    app = Log("partner-api.log")
    lb = Log("alb-access.log")
    partner = Log("shopwave-integration.log")
    pods = [f"partner-api-64f{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    new_pods = [f"partner-api-7c2{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    back_pods = [f"partner-api-64f{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    targets = {pod: ip(rng, "10.40") for pod in pods + new_pods + back_pods}
    for i, pod in enumerate(new_pods):
        t = DEPLOY + dt.timedelta(seconds=12 * i)
        app.add(t, logfmt(t, "info", "starting partner-api", pod=pod, version=head[:7], addr=":8080"))
        app.add(t, logfmt(t, "info", "rate limiter ready", pod=pod, key="client_ip", rps=50, burst=100))
    for i, pod in enumerate(back_pods):
        t = REVERTED + dt.timedelta(seconds=12 * i)
        app.add(t, logfmt(t, "info", "starting partner-api", pod=pod, version=previous[:7], addr=":8080"))
        app.add(t, logfmt(t, "info", "rate limiter ready", pod=pod, key="api_key", rps=50, burst=100))
    keys = [key for key, weight in PARTNERS.items() for _ in range(weight)]
    for t in poisson_times(rng, START, END, 20):
        if t < DEPLOY + dt.timedelta(seconds=40):
            pod = rng.choice(pods)
        elif t < REVERTED + dt.timedelta(seconds=40):
            pod = rng.choice(new_pods)
        else:
            pod = rng.choice(back_pods)
        key = rng.choice(keys)
        client = ip(rng, "34.24")
        path = rng.choice(["/v1/shipments", "/v1/shipments", "/v1/labels", "/v1/tracking/batch"])
        limited = pod in new_pods and t >= ONSET and rng.random() < 0.62
        if limited:
            app.add(t, logfmt(t, "warn", "rate limited", pod=pod, key=rng.choice(ALB_NODES), path=path, limit=50))
            lb.add(t, alb(rng, t, client, targets[pod], 429, 0.001, path, key))
            if key == "pk_live_shopwave":
                partner.add(t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": "ERROR",
                                           "logger": "parcelhub.client", "message": f"POST {path} failed: 429 Too Many Requests, retrying in 1s",
                                           "attempt": rng.randint(1, 3), "order": f"SW-{rng.randint(100000, 999999)}"}, separators=(",", ":")))
            continue
        took = ms(rng, 60)
        app.add(t, logfmt(t, "info", "request", pod=pod, method="POST", path=path, status=201 if path != "/v1/tracking/batch" else 200, took=f"{took}ms", partner=key.split("_")[-1]))
        lb.add(t, alb(rng, t, client, targets[pod], 201 if path != "/v1/tracking/batch" else 200, took / 1000, path, key))
        if key == "pk_live_shopwave" and rng.random() < 0.3:
            partner.add(t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": "INFO",
                                       "logger": "parcelhub.client", "message": f"POST {path} ok", "order": f"SW-{rng.randint(100000, 999999)}"}, separators=(",", ":")))
    return [app, lb, partner]


def build(out_dir):
    rng = random.Random(4400)
    repo, culprit, head, previous = build_repo()
    try:
        def too_many(t):
            return 0.62 if ONSET <= t < REVERTED + dt.timedelta(seconds=40) else 0.0

        metrics = {"http_429_ratio.json": query_range([({"service": SERVICE}, too_many)], START, END, 30)}
        return write_scenario(
            out_dir, name="rate-limit-key", service=SERVICE, onset=ONSET,
            description="""
Rate limiter keyed on the wrong address. The 15:12 rollout switches the
limiter from the partner's API key to the client address; behind the ALB the
address the server sees is one of the load balancer's three nodes, so all
partners share three buckets of 50 req/s and about 60 % of calls get 429 from
15:13. Argo CD rolls back to the previous release at 15:41.
""",
            logs=build_logs(rng, head, previous), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"rate limited"],
            fix_files=["config/production.yaml"],
            explanation="""
The culprit sets ratelimit.key to client_ip in config/production.yaml; the
limiter reads r.RemoteAddr, which behind the ALB is the ALB node (the keys in
the "rate limited" lines are 10.40.x addresses). Decoys: the Retry-After edit
of the limiter two days before, the webhook-timeout change to the same config
file in the same rollout, the error-body commit the start-up lines name, the
tracking page-size change the day before. The fix reverts the key (and later
reads X-Forwarded-For).
""",
        )
    finally:
        repo.close()
