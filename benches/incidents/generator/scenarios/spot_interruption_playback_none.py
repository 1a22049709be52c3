"""playback-api (Go 1.23, log/slog JSON, chi; 24-40 pods on EKS in
eu-west-1, deployed with Helm from a GitHub Actions workflow into the
platform team's service chart, which places stateless workloads on the
platform's Karpenter NodePool `apps`; team in Dublin, Stockholm and Mexico
City): Brightreel's video streaming service. Every play starts with POST
/v1/playback/sessions, which checks entitlements and returns a signed
manifest URL and a DRM token; a pod sheds load with 503 and Retry-After
above 200 requests in flight.

Three weeks earlier the platform team's FinOps change (FIN-212, in their
own infrastructure repository) made the `apps` NodePool spot-only. On
Sunday 13 December the finale of "The Lantern Keepers" premieres at 20:00
UTC; playback-api is pre-scaled to 24 pods at 19:24. From 19:38 EC2 sends
rebalance recommendations for the pool's instances, and at 19:46:31 spot
interruption warnings for nine of its sixteen nodes in eu-west-1a and 1b.
Karpenter cordons and drains them (the PodDisruptionBudget lets six
playback-api pods go gracefully; eight more die with their instances two
minutes later) and tries to replace them, but EC2 has no spot capacity for
any allowed instance type in 1a and 1b (InsufficientInstanceCapacity) and
only a little in 1c. From 19:48 the ten remaining pods shed load, players
fail to start ("Something went wrong, 2101"), and the premiere's peak at
20:00 makes it worse. The platform team allows on-demand capacity in the
pool at 20:04; new nodes are ready at 20:05 and play starts recover by
20:09. Nothing in this repository caused it.

Decoys: the pre-scale commit (HPA minimum 12 -> 24 for the finale) deployed
at 19:24, 24 minutes before the onset; the morning's commit that logs
in-flight requests and drain time on SIGTERM (the incident's drain lines)
and adds the route to the shedding warning, deployed at 11:05 with a grpc
bump and a DRM token cache change; docs; chores. App (slog JSON), ALB access
log (sampled), Karpenter (JSON), EC2 events from EventBridge (JSON),
Kubernetes events (kubernetes-event-exporter JSON), video QoE alerts
(JSON), GitHub Actions deploy log, #premiere-war-room chat export."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "playback-api"
NS = "playback"
START, END = utc("2026-12-13 18:40:00"), utc("2026-12-13 20:20:00")
DEPLOY_MORNING = utc("2026-12-13 11:05:14")
DEPLOY_PRESCALE = utc("2026-12-13 19:24:08")
REBALANCE = utc("2026-12-13 19:38:12")
WARNING = utc("2026-12-13 19:46:31")
C_LAUNCH = utc("2026-12-13 19:49:48")
ONDEMAND = utc("2026-12-13 20:04:10")
PREMIERE = utc("2026-12-13 20:00:00")
PER_POD_RPS = 55
POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"
KARPENTER_COMMIT = "3d2a8b1"


def demand(t):
    """Play-start requests per second."""
    points = [(utc("2026-12-13 18:40:00"), 410), (utc("2026-12-13 19:30:00"), 600), (utc("2026-12-13 19:45:00"), 770), (utc("2026-12-13 19:55:00"), 1150),
              (utc("2026-12-13 19:59:00"), 1500), (utc("2026-12-13 20:02:00"), 2250), (utc("2026-12-13 20:06:00"), 2000), (utc("2026-12-13 20:12:00"), 1550),
              (utc("2026-12-13 20:20:00"), 1250)]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t <= t1:
            return v0 + (v1 - v0) * max(0.0, (t - t0).total_seconds()) / (t1 - t0).total_seconds()
    return points[-1][1]


HANDLER_GO = """package sessions

import (
\t"log/slog"
\t"net/http"

\t"github.com/brightreel/playback-api/internal/drm"
\t"github.com/brightreel/playback-api/internal/entitlements"
)

// Handler starts a playback session: entitlement check, manifest URL, DRM token.
type Handler struct {
\tEntitlements entitlements.Client
\tDRM          *drm.Issuer
\tManifests    ManifestSigner
\tLog          *slog.Logger
}

func (h *Handler) Start(w http.ResponseWriter, r *http.Request) {
\treq, err := decodeStart(r)
\tif err != nil {
\t\thttp.Error(w, err.Error(), http.StatusBadRequest)
\t\treturn
\t}
\tif err := h.Entitlements.Check(r.Context(), req.Account, req.TitleID); err != nil {
\t\twriteEntitlementError(w, err)
\t\treturn
\t}
\ttoken, err := h.DRM.Token(r.Context(), req)
\tif err != nil {
\t\th.Log.Error("drm token failed", "title", req.TitleID, "err", err)
\t\thttp.Error(w, "drm", http.StatusBadGateway)
\t\treturn
\t}
\twriteJSON(w, startResponse{Manifest: h.Manifests.Sign(req), DRMToken: token})
}
"""

SHED_GO = """package sessions

import (
\t"log/slog"
\t"net/http"
\t"sync/atomic"
\t"time"
)

// Shed answers 503 with Retry-After once more than Limit requests are in
// flight, so that a saturated pod keeps its latency for the ones it takes.
func Shed(limit int64, log *slog.Logger, next http.Handler) http.Handler {
\tvar inFlight, shed atomic.Int64
\tgo func() {
\t\tfor range time.Tick(10 * time.Second) {
\t\t\tif n := shed.Swap(0); n > 0 {
\t\t\t\tlog.Warn("shedding load", "in_flight", inFlight.Load(), "limit", limit, "shed_last_10s", n)
\t\t\t}
\t\t}
\t}()
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif inFlight.Add(1) > limit {
\t\t\tinFlight.Add(-1)
\t\t\tshed.Add(1)
\t\t\tw.Header().Set("Retry-After", "2")
\t\t\thttp.Error(w, "overloaded", http.StatusServiceUnavailable)
\t\t\treturn
\t\t}
\t\tdefer inFlight.Add(-1)
\t\tnext.ServeHTTP(w, r)
\t})
}
"""

MAIN_GO = """package main

import (
\t"context"
\t"log/slog"
\t"net/http"
\t"os"
\t"os/signal"
\t"syscall"
\t"time"

\t"github.com/brightreel/playback-api/internal/server"
)

var version = "dev"

func main() {
\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("pod", os.Getenv("POD_NAME"))
\tsrv := &http.Server{Addr: ":8080", Handler: server.New(log)}
\tlog.Info("starting playback-api", "version", version, "addr", srv.Addr)
\tgo func() {
\t\tif err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
\t\t\tlog.Error("server stopped", "err", err)
\t\t\tos.Exit(1)
\t\t}
\t}()
\tstop := make(chan os.Signal, 1)
\tsignal.Notify(stop, syscall.SIGTERM)
\t<-stop
\tctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
\tdefer cancel()
\t_ = srv.Shutdown(ctx)
}
"""

VALUES = """# playback-api on the platform service chart (platform/service 4.x).
image:
  repository: 481229734061.dkr.ecr.eu-west-1.amazonaws.com/playback-api
replicas: 12
autoscaling:
  enabled: true
  minReplicas: 12
  maxReplicas: 40
  targetCPUUtilizationPercentage: 60
resources:
  requests: {cpu: "1", memory: 512Mi}
  limits: {memory: 512Mi}
pdb:
  minAvailable: 75%
topologySpread: zone
terminationGracePeriodSeconds: 30
env:
  SHED_LIMIT: "200"
  ENTITLEMENTS_ADDR: entitlements.entitlements.svc:9090
  DRM_TOKEN_TTL: 60s
"""

GO_MOD = """module github.com/brightreel/playback-api

go 1.23

require (
\tgithub.com/go-chi/chi/v5 v5.1.0
\tgithub.com/prometheus/client_golang v1.20.5
\tgoogle.golang.org/grpc {grpc}
\tgoogle.golang.org/protobuf v1.35.2
)
"""


def repo_files():
    return {
        "go.mod": GO_MOD.format(grpc="v1.68.0"),
        "go.sum": "github.com/go-chi/chi/v5 v5.1.0 h1:acVI1TYaD+hhedDJ3r54HyA6sExp3HfXq7QWEEY/xMw=\ngithub.com/prometheus/client_golang v1.20.5 h1:cxppBPuYhUnsO6yo/aoRol4L7q7UFfdm+bR9r+8l63Y=\ngoogle.golang.org/grpc v1.68.0 h1:aHQeeJbo8zAkAa3pRzrVjZlbz6uSfeOXlJNQM0RAbz0=\ngoogle.golang.org/protobuf v1.35.2 h1:8Ar7bF+apOIoThw1EdZl0p1oWvMqTHmpA2fRTyZO8io=\n",
        "cmd/playback-api/main.go": MAIN_GO,
        "internal/sessions/handler.go": HANDLER_GO,
        "internal/sessions/shed.go": SHED_GO,
        "internal/drm/token.go": "package drm\n\n// Issuer mints Widevine/FairPlay license tokens for a session.\ntype Issuer struct {\n\tKeyID  string\n\tSigner Signer\n}\n",
        "deploy/values-production.yaml": VALUES,
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  production:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: make image push TAG=$GITHUB_SHA\n      - run: helm upgrade --install playback-api platform/service --version 4.6.2 -n playback -f deploy/values-production.yaml --set image.tag=$GITHUB_SHA --wait --timeout 10m\n",
        "Makefile": "image:\n\tdocker build --build-arg VERSION=$(TAG) -t $(REPO):$(TAG) .\n\npush:\n\tdocker push $(REPO):$(TAG)\n",
        "Dockerfile": "FROM golang:1.23-alpine AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$VERSION\" -o /out/playback-api ./cmd/playback-api\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/playback-api /playback-api\nENTRYPOINT [\"/playback-api\"]\n",
        "README.md": readme(SERVICE, "Starts playback sessions: entitlement check, signed manifest URL and DRM token.", "go test ./...\ngo run ./cmd/playback-api"),
    }


def build_repo():
    nadia = Person("Nadia Haddad", "nadia.haddad@brightreel.tv", 0)
    sven = Person("Sven Lindqvist", "sven.lindqvist@brightreel.tv", 60)
    camila = Person("Camila Reyes", "camila.reyes@brightreel.tv", -360)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PlaybackStartErrors", "5xx on POST /v1/playback/sessions above 1%: `shedding load` means pods are saturated (check ready pods and HPA); `drm token failed` means the DRM signer."),
        ("PremiereChecklist", "Before a premiere: raise the HPA minimum in deploy/values-production.yaml, check entitlements and DRM capacity, join #premiere-war-room."),
    ])
    repo.commit(utc("2026-12-08 09:20:00"), nadia, "playback-api: split the session service out of the web monolith", files)
    repo.schedule(chores(random.Random(18401), SERVICE, [nadia, sven, camila], utc("2026-12-08 09:20:00"), utc("2026-12-11 16:00:00"), 4))
    repo.commit(utc("2026-12-10 15:35:00"), camila, "tests: shedding answers 503 with Retry-After above the limit", {
        "internal/sessions/shed_test.go": "package sessions\n\nimport (\n\t\"log/slog\"\n\t\"net/http\"\n\t\"net/http/httptest\"\n\t\"testing\"\n)\n\nfunc TestShedAboveLimit(t *testing.T) {\n\tblock := make(chan struct{})\n\th := Shed(1, slog.Default(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))\n\tgo h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(\"POST\", \"/\", nil))\n\trec := httptest.NewRecorder()\n\th.ServeHTTP(rec, httptest.NewRequest(\"POST\", \"/\", nil))\n\tclose(block)\n\tif rec.Code != http.StatusServiceUnavailable || rec.Header().Get(\"Retry-After\") == \"\" {\n\t\tt.Fatalf(\"got %d\", rec.Code)\n\t}\n}\n",
    })
    repo.commit(utc("2026-12-11 13:10:00"), sven, "drm: cache license tokens for 60 s per session\n\nRe-opening the player within a minute no longer mints a new token.", {
        "internal/drm/token.go": "package drm\n\nimport \"time\"\n\n// Issuer mints Widevine/FairPlay license tokens for a session; a token is\n// reused for TTL when the same session asks again.\ntype Issuer struct {\n\tKeyID  string\n\tSigner Signer\n\tTTL    time.Duration\n\tcache  tokenCache\n}\n",
        "internal/sessions/handler.go": HANDLER_GO.replace("\ttoken, err := h.DRM.Token(r.Context(), req)\n", "\ttoken, err := h.DRM.CachedToken(r.Context(), req)\n"),
    })
    repo.commit(utc("2026-12-13 06:03:00"), bot, "Bump google.golang.org/grpc from 1.68.0 to 1.68.1", {
        "go.mod": GO_MOD.format(grpc="v1.68.1"),
        "go.sum": repo.files["go.sum"].replace("google.golang.org/grpc v1.68.0 h1:aHQeeJbo8zAkAa3pRzrVjZlbz6uSfeOXlJNQM0RAbz0=", "google.golang.org/grpc v1.68.1 h1:oI5oTa11+ng8r8XMMN7jAOmWfPZWbYpCFaMUTACxkM0="),
    })
    main = MAIN_GO.replace("\t<-stop\n\tctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)\n\tdefer cancel()\n\t_ = srv.Shutdown(ctx)\n",
                           "\t<-stop\n\tstart := time.Now()\n\tlog.Info(\"SIGTERM received, draining\", \"in_flight\", server.InFlight())\n\tctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)\n\tdefer cancel()\n\terr := srv.Shutdown(ctx)\n\tlog.Info(\"drained\", \"in_flight_left\", server.InFlight(), \"took_ms\", time.Since(start).Milliseconds(), \"err\", err)\n")
    shed = SHED_GO.replace("func Shed(limit int64, log *slog.Logger, next http.Handler) http.Handler {", "func Shed(route string, limit int64, log *slog.Logger, next http.Handler) http.Handler {")
    shed = shed.replace("log.Warn(\"shedding load\", \"in_flight\", inFlight.Load(), \"limit\", limit, \"shed_last_10s\", n)", "log.Warn(\"shedding load\", \"route\", route, \"in_flight\", inFlight.Load(), \"limit\", limit, \"shed_last_10s\", n)")
    morning = repo.commit(utc("2026-12-13 10:21:00"), nadia, "server: log in-flight requests and drain time on SIGTERM; route in the shedding warning\n\nBefore tonight's finale: we want to see whether rollouts and node\nchurn drop requests.", {
        "cmd/playback-api/main.go": main,
        "internal/sessions/shed.go": shed,
        "internal/sessions/shed_test.go": repo.files["internal/sessions/shed_test.go"].replace("Shed(1, slog.Default()", "Shed(\"/test\", 1, slog.Default()"),
    })
    repo.commit(utc("2026-12-13 13:40:00"), nadia, "runbook: premiere checklist", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Premiere night\n\n- T-60 min: raise the HPA minimum (deploy/values-production.yaml) and deploy.\n- T-30 min: confirm ready pods, entitlements and DRM in #premiere-war-room.\n- Watch PlaybackStartErrors and the QoE dashboard through the first 30 minutes.\n",
    })
    prescale = repo.commit(utc("2026-12-13 19:02:00"), nadia, "values: HPA minimum 12 -> 24 for the Lantern Keepers finale\n\nPremiere at 20:00 UTC; last finale peaked at 2,100 play starts/s.\nRevert tomorrow.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", "  minReplicas: 12\n", "  minReplicas: 24\n"),
    })
    return repo, morning, prescale


# ---------------------------------------------------------------------------
# logs


def slog_line(t, level, msg, **fields):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{t.microsecond % 997:03d}Z"
    body = {"time": stamp, "level": level, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def karpenter(t, level, message, controller, **fields):
    body = {"level": level, "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "logger": "controller", "message": message,
            "commit": KARPENTER_COMMIT, "controller": controller}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def event(t, kind, name, reason, message, component, etype="Normal", namespace=NS):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"metadata": {"name": f"{name}.{int(t.timestamp() * 1000):x}", "namespace": namespace or "default"},
            "involvedObject": {"kind": kind, "namespace": namespace, "name": name} if namespace else {"kind": kind, "name": name},
            "reason": reason, "message": message, "source": {"component": component}, "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1, "type": etype}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def build_logs(rng, morning, prescale):
    app = Log("playback-api.log")
    alb = Log("alb-access.log")
    karp = Log("karpenter.log")
    ec2 = Log("aws-ec2-events.log")
    events = Log("k8s-events.log")
    qoe = Log("video-qoe-alerts.log")
    gha = Log("github-actions-deploy.log")
    chat = Log("premiere-war-room.log")

    def rand_suffix(n=5):
        return "".join(rng.choice(POD_CHARS) for _ in range(n))

    zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    types = ["c7i.2xlarge", "c6i.2xlarge", "m7i.2xlarge", "c6a.2xlarge"]
    nodes = []
    for i in range(16):
        zone = zones[i % 3] if i < 15 else "eu-west-1a"
        ip_ = f"10.31.{ {'eu-west-1a': 40, 'eu-west-1b': 72, 'eu-west-1c': 104}[zone] + rng.randint(0, 20)}.{rng.randint(5, 250)}"
        nodes.append({"name": f"ip-{ip_.replace('.', '-')}.eu-west-1.compute.internal", "ip": ip_, "zone": zone, "type": rng.choice(types),
                      "claim": f"apps-{rand_suffix()}", "instance": f"i-0{hexid(rng, 16)}"})
    interrupted = [n for n in nodes if n["zone"] != "eu-west-1c"][:9]

    rs_old, rs_new = rand_suffix(10), rand_suffix(10)
    # 24 pods after the pre-scale rollout: place them on nodes
    pods = []
    for i in range(24):
        node = nodes[i % 16]
        pods.append({"name": f"playback-api-{rs_new}-{rand_suffix()}", "node": node, "ip": f"{node['ip'].rsplit('.', 1)[0]}.{rng.randint(2, 250)}",
                     "start": DEPLOY_PRESCALE + dt.timedelta(seconds=20 + 6 * i, microseconds=rng.randint(0, 999999)), "end": END + dt.timedelta(hours=1), "graceful": None})
    # the 12 pods of the morning release, replaced by the pre-scale rollout
    old = [{"name": f"playback-api-{rs_old}-{rand_suffix()}", "node": nodes[i % 16], "ip": f"{nodes[i % 16]['ip'].rsplit('.', 1)[0]}.{rng.randint(2, 250)}",
            "start": DEPLOY_MORNING + dt.timedelta(seconds=30 + 9 * i), "end": DEPLOY_PRESCALE + dt.timedelta(seconds=32 + 12 * i, microseconds=rng.randint(0, 999999)), "graceful": True} for i in range(12)]
    # which of the new pods die, and how
    victims = [p for p in pods if p["node"] in interrupted]
    warn_at = {n["name"]: WARNING + dt.timedelta(seconds=rng.randint(0, 27), microseconds=rng.randint(0, 999999)) for n in interrupted}
    for k, p in enumerate(victims):
        w = warn_at[p["node"]["name"]]
        if k < 6:
            p["end"] = w + dt.timedelta(seconds=4, microseconds=rng.randint(0, 999999))
            p["graceful"] = True
        else:
            p["end"] = w + dt.timedelta(seconds=120, microseconds=rng.randint(0, 900000))
            p["graceful"] = False
    # replacements and HPA scale-ups, pending until nodes exist
    c_nodes = [{"name": f"ip-10-31-{104 + rng.randint(0, 20)}-{rng.randint(5, 250)}.eu-west-1.compute.internal", "zone": "eu-west-1c", "type": "c6a.2xlarge", "claim": f"apps-{rand_suffix()}", "instance": f"i-0{hexid(rng, 16)}", "capacity": "spot"} for _ in range(2)]
    od_nodes = [{"name": f"ip-10-31-{[40, 72, 104][i % 3] + rng.randint(0, 20)}-{rng.randint(5, 250)}.eu-west-1.compute.internal", "zone": zones[i % 3], "type": "c7i.2xlarge", "claim": f"apps-{rand_suffix()}", "instance": f"i-0{hexid(rng, 16)}", "capacity": "on-demand"} for i in range(7)]
    c_ready = C_LAUNCH + dt.timedelta(seconds=72)
    od_ready = ONDEMAND + dt.timedelta(seconds=88)
    new = []
    for i in range(len(victims) + 8):
        created = victims[i]["end"] if i < len(victims) else utc("2026-12-13 19:49:15") + dt.timedelta(seconds=i - len(victims))
        if i < 6:
            node, ready = c_nodes[i % 2], c_ready + dt.timedelta(seconds=9 + 3 * i)
        else:
            node, ready = od_nodes[i % 7], od_ready + dt.timedelta(seconds=8 + 2 * i)
        new.append({"name": f"playback-api-{rs_new}-{rand_suffix()}", "node": node, "created": created, "start": ready, "end": END + dt.timedelta(hours=1), "graceful": None})
    extra = [{"name": f"playback-api-{rs_new}-{rand_suffix()}", "node": od_nodes[i % 7], "created": utc("2026-12-13 19:58:02"), "start": od_ready + dt.timedelta(seconds=40 + 3 * i),
              "end": END + dt.timedelta(hours=1), "graceful": None} for i in range(8)]

    def ready_pods(t):
        return [p for p in old + pods + new + extra if p["start"] <= t < p["end"]]

    # per 10 s: served, shed
    series = []
    t = START
    while t < END:
        n = len(ready_pods(t))
        d = demand(t) * (1 + rng.uniform(-0.04, 0.04))
        cap = n * PER_POD_RPS
        served = min(d, cap)
        series.append((t, n, d, served, max(0.0, d - cap)))
        t += dt.timedelta(seconds=10)

    def at(t):
        idx = min(len(series) - 1, max(0, int((t - START).total_seconds() // 10)))
        return series[idx]

    # app log: start, drain, per-minute stats, shedding warnings
    for p in old + pods + new + extra:
        if START <= p["start"] < END:
            app.add(p["start"], slog_line(p["start"], "INFO", "starting playback-api", pod=p["name"], version=prescale if p in pods + new + extra else morning, addr=":8080"))
        if START <= p["end"] < END and p["graceful"]:
            inflight = rng.randint(2, 9) if p["end"] < WARNING else rng.randint(4, 14)
            app.add(p["end"], slog_line(p["end"], "INFO", "SIGTERM received, draining", pod=p["name"], in_flight=inflight))
            d_end = p["end"] + dt.timedelta(milliseconds=rng.randint(800, 4000))
            app.add(d_end, slog_line(d_end, "INFO", "drained", pod=p["name"], in_flight_left=0, took_ms=int((d_end - p["end"]).total_seconds() * 1000), err=None))
    shed_times = []
    minute = START
    while minute < END:
        m_end = minute + dt.timedelta(seconds=60)
        rows = [r for r in series if minute <= r[0] < m_end]
        alive = ready_pods(minute + dt.timedelta(seconds=30))
        for p in alive:
            served = sum(r[3] / max(1, r[1]) for r in rows) * 10
            shed = sum(r[4] / max(1, r[1]) for r in rows) * 10
            saturated = shed > 0
            te = m_end - dt.timedelta(microseconds=rng.randint(1000, 900000))
            if te < p["end"]:
                app.add(te, slog_line(te, "INFO", "sessions", pod=p["name"], started=int(served * rng.uniform(0.95, 1.05)), shed=int(shed * rng.uniform(0.9, 1.1)),
                                      p95_ms=ms(rng, 310 if saturated else 85, 0.15), in_flight_max=200 if saturated else rng.randint(6, 24)))
            # shedding warnings every 10 s while saturated
            for r in rows:
                if r[4] > 0 and p["start"] <= r[0] < p["end"]:
                    tw = r[0] + dt.timedelta(seconds=10, microseconds=rng.randint(0, 999999))
                    n_shed = int(r[4] / max(1, r[1]) * 10 * rng.uniform(0.8, 1.2))
                    if n_shed > 0:
                        app.add(tw, slog_line(tw, "WARN", "shedding load", pod=p["name"], route="/v1/playback/sessions", in_flight=200, limit=200, shed_last_10s=n_shed))
                        shed_times.append(tw)
        minute = m_end
    emit(rng, app, START, END, 0.25, [
        (3, lambda t: slog_line(t, "WARN", "entitlement check slow", pod=rng.choice(ready_pods(t))["name"], account=f"acc_{hexid(rng, 10)}", took_ms=rng.randint(800, 1900))),
        (1, lambda t: slog_line(t, "ERROR", "drm token failed", pod=rng.choice(ready_pods(t))["name"], title=f"tt{rng.randint(100000, 999999)}", err="rpc error: code = DeadlineExceeded desc = context deadline exceeded")),
    ])

    # ALB access log (1 request in 5000)
    agents = ["Brightreel/7.4.2 (AndroidTV; Android 12)", "Brightreel/7.4.2 (iOS 18.1; iPhone15,2)", "Brightreel-Web/2026.12.1 Chrome/131.0", "Brightreel/7.4.1 (tvOS 18.1)", "Brightreel/7.3.9 (Tizen 7.0; Samsung)"]
    errors_502 = []
    t = START
    while t < END:
        _, n, d, served, shed = at(t)
        rate_per_s = d / 5000
        t += dt.timedelta(seconds=rng.expovariate(rate_per_s))
        if t >= END:
            break
        _, n, d, served, shed = at(t)
        alive = ready_pods(t)
        target = rng.choice(alive)
        tip = target.get("ip", f"10.31.104.{rng.randint(2, 250)}")
        status = 503 if rng.random() < shed / d else 200
        # requests in flight on instances that vanished get reset
        dying = [p for p in victims if not p["graceful"] and p["end"] - dt.timedelta(seconds=2) <= t < p["end"] + dt.timedelta(seconds=8)]
        tgt_status = str(status)
        if dying and rng.random() < 0.5:
            target = rng.choice(dying)
            tip = target["ip"]
            status, tgt_status = 502, "-"
            errors_502.append(t)
        rt = ms(rng, 90, 0.3) / 1000 if status == 200 else (ms(rng, 3, 0.3) / 1000 if status == 503 else ms(rng, 1200, 0.4) / 1000)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
        created = (t - dt.timedelta(seconds=rt)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{(t - dt.timedelta(seconds=rt)).microsecond:06d}Z"
        client = f"{rng.choice([31, 46, 78, 86, 109, 176, 185])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:{rng.randint(1024, 65000)}"
        times = f"0.000 {rt:.3f} 0.000" if tgt_status != "-" else f"0.000 {rt:.3f} -1"
        alb.add(t, f'h2 {stamp} app/k8s-playback-playbacka-4f1c9e2d7a/9b3e51c0d8a27f64 {client} {tip}:8080 {times} {status} {tgt_status} {rng.randint(380, 520)} {rng.randint(900, 2400) if status == 200 else 160} '
                   f'"POST https://play.brightreel.tv:443/v1/playback/sessions HTTP/2.0" "{rng.choice(agents)}" TLS_AES_128_GCM_SHA256 TLSv1.3 '
                   f'arn:aws:elasticloadbalancing:eu-west-1:481229734061:targetgroup/k8s-playback-playbacka-2c7d1e9f40/6a0b4c2e8d1f3a57 "Root=1-{int(t.timestamp()):x}-{hexid(rng, 24)}" "play.brightreel.tv" '
                   f'"arn:aws:acm:eu-west-1:481229734061:certificate/5e2f9a41-7c3b-4d18-9e60-b1a2c3d4e5f6" 0 {created} "forward" "-" "-" "{tip}:8080" "{tgt_status}" "-" "-" TID_{hexid(rng, 32)}')

    # EC2 events (EventBridge)
    def ec2_event(t, detail_type, node, detail):
        body = {"version": "0", "id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "detail-type": detail_type, "source": "aws.ec2",
                "account": "481229734061", "time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "eu-west-1",
                "resources": [f"arn:aws:ec2:{node['zone']}:instance/{node['instance']}"], "detail": detail}
        ec2.add(t, json.dumps(body, separators=(",", ":")))

    pool = [n for n in nodes if n["zone"] != "eu-west-1c"]
    for k, n in enumerate(pool):
        t = REBALANCE + dt.timedelta(seconds=17 * k + rng.randint(0, 12))
        ec2_event(t, "EC2 Instance Rebalance Recommendation", n, {"instance-id": n["instance"]})
    for n in interrupted:
        w = warn_at[n["name"]]
        ec2_event(w, "EC2 Spot Instance Interruption Warning", n, {"instance-id": n["instance"], "instance-action": "terminate"})
        ec2_event(w + dt.timedelta(seconds=120), "EC2 Instance State-change Notification", n, {"instance-id": n["instance"], "state": "shutting-down"})
        ec2_event(w + dt.timedelta(seconds=171), "EC2 Instance State-change Notification", n, {"instance-id": n["instance"], "state": "terminated"})
    for n in c_nodes + od_nodes:
        launch = C_LAUNCH if n in c_nodes else ONDEMAND + dt.timedelta(seconds=20)
        ec2_event(launch + dt.timedelta(seconds=2), "EC2 Instance State-change Notification", n, {"instance-id": n["instance"], "state": "pending"})
        ec2_event(launch + dt.timedelta(seconds=19), "EC2 Instance State-change Notification", n, {"instance-id": n["instance"], "state": "running"})

    # Karpenter and Kubernetes events
    for k, n in enumerate(pool):
        t = REBALANCE + dt.timedelta(seconds=17 * k + rng.randint(13, 20))
        events.add(t, event(t, "Node", n["name"], "RebalanceRecommendation", "Rebalance recommendation was triggered", "karpenter", namespace=""))
    for n in interrupted:
        w = warn_at[n["name"]] + dt.timedelta(seconds=2, milliseconds=rng.randint(0, 900))
        karp.add(w, karpenter(w, "INFO", "initiating delete from interruption message", "interruption", queue="karpenter-brightreel-prod", messageKind="SpotInterruptionKind",
                              NodeClaim={"name": n["claim"]}, action="CordonAndDrain", Node={"name": n["name"]}))
        events.add(w, event(w, "Node", n["name"], "SpotInterrupted", "Spot interruption warning was triggered", "karpenter", etype="Warning", namespace=""))
        w2 = w + dt.timedelta(milliseconds=rng.randint(100, 400))
        karp.add(w2, karpenter(w2, "INFO", "tainted node", "node.termination", Node={"name": n["name"]}, **{"taint.Key": "karpenter.sh/disrupted", "taint.Value": "", "taint.Effect": "NoSchedule"}))
        events.add(w2, event(w2, "Node", n["name"], "DisruptionTerminating", "Disrupting Node: Interruption", "karpenter", namespace=""))
        gone = warn_at[n["name"]] + dt.timedelta(seconds=171)
        karp.add(gone, karpenter(gone, "INFO", "deleted node", "node.termination", Node={"name": n["name"]}))
        karp.add(gone + dt.timedelta(seconds=1), karpenter(gone, "INFO", "deleted nodeclaim", "nodeclaim.termination", NodeClaim={"name": n["claim"]}, Node={"name": n["name"]}))
    for p in victims:
        if p["graceful"]:
            events.add(p["end"], event(p["end"], "Pod", p["name"], "Evicted", "Evicted pod: Disrupting Node: Interruption", "karpenter"))
        else:
            tb = warn_at[p["node"]["name"]] + dt.timedelta(seconds=5, milliseconds=rng.randint(0, 900))
            events.add(tb, event(tb, "Pod", p["name"], "FailedDraining", 'Failed to drain node, 1 pods are waiting to be evicted: Cannot evict pod as it would violate the pod\'s disruption budget.', "karpenter", etype="Warning"))
            events.add(p["end"] + dt.timedelta(seconds=40), event(p["end"] + dt.timedelta(seconds=40), "Pod", p["name"], "NodeNotReady", "Node is not ready", "node-controller", etype="Warning"))
    hpa1 = utc("2026-12-13 19:49:15")
    events.add(hpa1, event(hpa1, "HorizontalPodAutoscaler", "playback-api", "SuccessfulRescale", "New size: 32; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler"))
    hpa2 = utc("2026-12-13 19:58:02")
    events.add(hpa2, event(hpa2, "HorizontalPodAutoscaler", "playback-api", "SuccessfulRescale", "New size: 40; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler"))

    # provisioning attempts: spot-only pool, no capacity in 1a/1b
    pending_from = min(p["end"] for p in victims)
    t = pending_from + dt.timedelta(seconds=3)
    attempt = 0
    c_launched = False
    while t < ONDEMAND + dt.timedelta(seconds=20):
        attempt += 1
        npend = sum(1 for p in new + extra if p["created"] <= t < p["start"])
        if npend:
            karp.add(t, karpenter(t, "INFO", "found provisionable pod(s)", "provisioner", Pods=", ".join(f"{NS}/{p['name']}" for p in (new + extra)[:5] if p["created"] <= t < p["start"]) + (f" and {npend - 5} other(s)" if npend > 5 else ""), duration=f"{rng.uniform(30, 90):.3f}ms"))
            claim = f"apps-{rand_suffix()}"
            karp.add(t + dt.timedelta(milliseconds=12), karpenter(t, "INFO", "created nodeclaim", "provisioner", NodePool={"name": "apps"}, NodeClaim={"name": claim}, requests={"cpu": f"{min(npend, 7) * 1000 + 680}m", "memory": f"{min(npend, 7) * 512 + 1100}Mi", "pods": str(min(npend, 7) + 6)},
                                                                  instance_types="c6a.2xlarge, c6i.2xlarge, c7i.2xlarge, m6i.2xlarge, m7i.2xlarge and 9 other(s)"))
            tf = t + dt.timedelta(seconds=rng.uniform(1.5, 4))
            if not c_launched and t >= C_LAUNCH - dt.timedelta(seconds=3):
                c_launched = True
                for n in c_nodes:
                    tf = C_LAUNCH + dt.timedelta(milliseconds=rng.randint(0, 900))
                    karp.add(tf, karpenter(tf, "INFO", "launched nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": n["claim"]}, provider_id=f"aws:///eu-west-1c/{n['instance']}", instance_type="c6a.2xlarge", zone="eu-west-1c", capacity_type="spot", allocatable={"cpu": "7910m", "memory": "14162Mi", "pods": "58"}))
            else:
                itype = rng.choice(["c7i.2xlarge", "c6i.2xlarge", "m7i.2xlarge", "c6a.2xlarge", "m6i.2xlarge"])
                zone = rng.choice(["eu-west-1a", "eu-west-1b"])
                karp.add(tf, karpenter(tf, "ERROR", "failed launching nodeclaim", "nodeclaim.lifecycle", controllerGroup="karpenter.sh", controllerKind="NodeClaim", NodeClaim={"name": claim}, reconcileID=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                                       error=f"creating instance, insufficient capacity, with fleet error(s), InsufficientInstanceCapacity: We currently do not have sufficient {itype} capacity in the Availability Zone you requested ({zone}). Our system will be working on provisioning additional capacity. You can currently get {itype} capacity by not specifying an Availability Zone in your request or choosing eu-west-1c.; UnfulfillableCapacity: Unable to fulfill capacity due to your request configuration. Please adjust your request and try again."))
                events.add(tf, event(tf, "NodeClaim", claim, "InsufficientCapacityError", f"NodeClaim {claim} event: creating instance, insufficient capacity, with fleet error(s), InsufficientInstanceCapacity", "karpenter", etype="Warning", namespace=""))
            for p in (new + extra):
                if p["created"] <= t < p["start"] and rng.random() < 0.25:
                    ev = t + dt.timedelta(seconds=rng.uniform(0, 5))
                    nn = 16 - len([n for n in interrupted if warn_at[n["name"]] + dt.timedelta(seconds=171) <= ev]) + (2 if ev >= c_ready else 0)
                    tainted = len([n for n in interrupted if warn_at[n["name"]] <= ev < warn_at[n["name"]] + dt.timedelta(seconds=171)])
                    events.add(ev, event(ev, "Pod", p["name"], "FailedScheduling", f"0/{nn + 3} nodes are available: 3 node(s) had untolerated taint {{CriticalAddonsOnly: true}}, {tainted} node(s) had untolerated taint {{karpenter.sh/disrupted: }}, {nn - tainted} Insufficient cpu. preemption: 0/{nn + 3} nodes are available: 3 Preemption is not helpful for scheduling, {nn - tainted} No preemption victims found for incoming pod.", "default-scheduler", etype="Warning"))
        t += dt.timedelta(seconds=rng.uniform(14, 42))
    for n in c_nodes:
        tr = c_ready - dt.timedelta(seconds=rng.randint(8, 20))
        karp.add(tr, karpenter(tr, "INFO", "registered nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": n["claim"]}, Node={"name": n["name"]}))
        karp.add(c_ready, karpenter(c_ready, "INFO", "initialized nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": n["claim"]}, Node={"name": n["name"]}, allocatable={"cpu": "7910m", "memory": "14162Mi", "pods": "58"}))
    # the platform team allows on-demand in the pool
    tp = ONDEMAND + dt.timedelta(seconds=4)
    for k, n in enumerate(od_nodes):
        tl = tp + dt.timedelta(seconds=1 + 0.4 * k)
        karp.add(tl, karpenter(tl, "INFO", "created nodeclaim", "provisioner", NodePool={"name": "apps"}, NodeClaim={"name": n["claim"]}, requests={"cpu": "7680m", "memory": "4680Mi", "pods": "13"}, instance_types="c6a.2xlarge, c6i.2xlarge, c7i.2xlarge, m6i.2xlarge, m7i.2xlarge and 9 other(s)"))
        tl2 = tl + dt.timedelta(seconds=rng.uniform(2, 5))
        karp.add(tl2, karpenter(tl2, "INFO", "launched nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": n["claim"]}, provider_id=f"aws:///{n['zone']}/{n['instance']}", instance_type=n["type"], zone=n["zone"], capacity_type="on-demand", allocatable={"cpu": "7910m", "memory": "14162Mi", "pods": "58"}))
        karp.add(od_ready, karpenter(od_ready, "INFO", "initialized nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": n["claim"]}, Node={"name": n["name"]}, allocatable={"cpu": "7910m", "memory": "14162Mi", "pods": "58"}))
    emit(rng, karp, START, END, 0.12, [(1, lambda t: karpenter(t, "INFO", "discovered ssm parameter", "nodeclass.amifamily", parameter="/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id", value="ami-0f3a1c2b9d8e7f605"))])

    # video QoE alerts (player analytics vendor webhook)
    def alert(t, state, metric, value, threshold, dims):
        qoe.add(t, json.dumps({"type": "alert." + state, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "environment": "production", "alert": {"name": f"{metric} > {threshold}%", "metric": metric,
                                "value": value, "threshold": threshold, "filters": dims, "window": "5m"}}, separators=(",", ":")))
    alert(utc("2026-12-13 19:51:40"), "triggered", "video_startup_failure_percentage", 6.8, 3, {"player_software": "all"})
    alert(utc("2026-12-13 20:00:40"), "triggered", "video_startup_failure_percentage", 31.4, 10, {"video_title": "The Lantern Keepers S3E10"})
    alert(utc("2026-12-13 20:12:20"), "resolved", "video_startup_failure_percentage", 1.1, 3, {"player_software": "all"})
    alert(utc("2026-12-13 20:13:40"), "resolved", "video_startup_failure_percentage", 1.4, 10, {"video_title": "The Lantern Keepers S3E10"})

    # GitHub Actions deploy runs
    def run(when, sha, title, replicas):
        lines = [
            (0, f"##[group]Run helm upgrade --install playback-api platform/service --version 4.6.2 -n playback -f deploy/values-production.yaml --set image.tag=$GITHUB_SHA --wait --timeout 10m"),
            (0, "##[endgroup]"),
            (0, f"deploying {sha} ({title})"),
            (int(25 + 4 * replicas), "Release \"playback-api\" has been upgraded. Happy Helming!"),
            (int(25 + 4 * replicas), "NAME: playback-api"),
            (int(25 + 4 * replicas), f"LAST DEPLOYED: {(when + dt.timedelta(seconds=1)).strftime('%a %b %d %H:%M:%S %Y')}"),
            (int(25 + 4 * replicas), "NAMESPACE: playback"),
            (int(25 + 4 * replicas), "STATUS: deployed"),
        ]
        for i, (off, text) in enumerate(lines):
            t = when + dt.timedelta(seconds=off, milliseconds=5 * i + rng.randint(0, 4))
            gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")
    run(DEPLOY_MORNING, morning, "server: log in-flight requests and drain time on SIGTERM; route in the shedding warning", 12)
    run(DEPLOY_PRESCALE, prescale, "values: HPA minimum 12 -> 24 for the Lantern Keepers finale", 24)

    # war room chat
    onset_ = min(shed_times + errors_502)

    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #premiere-war-room {who}: {text}")
    say(utc("2026-12-13 19:15:00"), "Aoife Byrne (live ops)", "War room open for The Lantern Keepers finale, 20:00 UTC. Teams please confirm readiness.")
    say(utc("2026-12-13 19:26:30"), "Nadia Haddad (playback)", "playback-api pre-scaled to 24 pods, all ready. Entitlements and DRM confirmed.")
    say(utc("2026-12-13 19:31:10"), "Oskar Berg (CDN)", "CDN pre-warm of S3E10 renditions done, origin shield healthy.")
    say(utc("2026-12-13 19:47:20"), "Alertmanager", "[FIRING:1] KarpenterNodeClaimLaunchFailures (karpenter) launches failing for NodePool apps")
    say(onset_ + dt.timedelta(minutes=2, seconds=50), "Alertmanager", "[FIRING:1] PlaybackStartErrors playback-api (5xx ratio 18%)")
    say(onset_ + dt.timedelta(minutes=3, seconds=40), "Nadia Haddad (playback)", "playback-api down to 10 ready pods from 24, the rest are Pending. Was it my 19:24 prescale? Checking the rollout.")
    say(onset_ + dt.timedelta(minutes=5, seconds=15), "Maciej Zielinski (platform)", "No, it is spot: 9 nodes of the apps pool in 1a/1b got interruption notices at 19:46, and Karpenter cannot get spot capacity for any instance type there. Only 1c has a little.")
    say(onset_ + dt.timedelta(minutes=9, seconds=5), "Aoife Byrne (live ops)", "Premiere in 2 minutes. Do we delay?")
    say(onset_ + dt.timedelta(minutes=8, seconds=0), "Maciej Zielinski (platform)", "adding on-demand to the apps NodePool (platform-infra PR 1187, reverts part of FIN-212 for tonight). Applying as soon as it is approved.")
    say(ONDEMAND + dt.timedelta(seconds=20), "Maciej Zielinski (platform)", "applied, 7 on-demand nodes launching.")
    say(ONDEMAND + dt.timedelta(minutes=5, seconds=10), "Nadia Haddad (playback)", "40 pods ready, no more shedding. Play starts back to normal.")
    say(ONDEMAND + dt.timedelta(minutes=9, seconds=0), "Aoife Byrne (live ops)", "QoE alerts resolved. Post-incident review Monday; platform to keep on-demand in the pool for premieres.")
    return [app, alb, karp, ec2, events, qoe, gha, chat], series, shed_times, errors_502, ready_pods


def build(out_dir):
    rng = random.Random(18400)
    repo, morning, prescale = build_repo()
    try:
        logs, series, shed_times, errors_502, ready_pods = build_logs(rng, morning, prescale)
        onset = min(shed_times + errors_502).replace(microsecond=0)

        def at(t):
            idx = min(len(series) - 1, max(0, int((t - START).total_seconds() // 10)))
            return series[idx]

        metrics = {
            "kube_deployment_status_replicas_available.json": query_range([({"namespace": NS, "deployment": "playback-api"}, lambda t: at(t)[1])], START, END, 30),
            "playback_api_requests_rate.json": query_range([
                ({"namespace": NS, "route": "/v1/playback/sessions", "code": "200"}, lambda t: round(at(t)[3], 1)),
                ({"namespace": NS, "route": "/v1/playback/sessions", "code": "503"}, lambda t: round(at(t)[4], 1)),
            ], START, END, 30),
        }
        return write_scenario(
            out_dir, name="spot-interruption-playback-none", service=SERVICE, onset=onset,
            description=f"""
Viewers cannot start videos on the night of a series finale. From {onset.strftime('%H:%M')} UTC on
13 December play starts fail with 503 and 502 at the load balancer,
playback-api has fewer ready pods than it was scaled to, and the
premiere at 20:00 makes it worse. playback-api was deployed at 11:05 and,
pre-scaled for the premiere, at 19:24.
""",
            logs=logs,
            metrics=metrics,
            repo=repo,
            culprit="none",
            root_cause=[r"Spot Instance Interruption Warning", r"InsufficientInstanceCapacity", r"initiating delete from interruption message"],
            fix_files=[],
            explanation=f"""
Nothing in this repository caused it. The platform team's NodePool `apps`,
on which the platform service chart places playback-api, is spot-only
since their FinOps change three weeks earlier. At 19:46:31 EC2 sent spot
interruption warnings for nine of the pool's sixteen nodes in eu-west-1a
and 1b (after rebalance recommendations from 19:38); Karpenter cordoned
and drained them ("initiating delete from interruption message"), six
playback-api pods left gracefully within the PodDisruptionBudget and eight
died with their instances two minutes later. Replacements stayed Pending:
every spot launch in 1a/1b failed with "InsufficientInstanceCapacity",
and only two nodes came up in 1c. The ten to sixteen pods left shed load
(503) before and through the premiere's peak; the platform team allowed
on-demand capacity at 20:04 and the service recovered by 20:09. The fix
is the platform team's (capacity types of the NodePool), not a change
here.
Decoys: the pre-scale commit (HPA minimum 12 -> 24) deployed at 19:24,
{int((onset - DEPLOY_PRESCALE).total_seconds() // 60)} minutes before the onset, which the on-call suspected first; the
morning commit that logs in-flight requests and drain time on SIGTERM and
adds the route to the "shedding load" warning (the incident's own lines),
deployed at 11:05 with a grpc bump and the DRM token cache; the runbook
commit shipped in the 19:24 deploy; the routine "entitlement check slow"
and "drm token failed" lines; Karpenter's routine SSM lookups; chores.
""",
        )
    finally:
        repo.close()
