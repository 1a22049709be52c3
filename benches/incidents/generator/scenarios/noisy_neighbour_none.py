"""quotes-api: another team's backfill job is scheduled onto one of the three
nodes that run quotes-api and takes every spare core. The two quotes-api pods
on that node were bursting well above their CPU request; they are held to it,
requests queue, readiness probes time out and the ingress retries elsewhere.
The on-call cordons the node and evicts the job; latency recovers. Nothing in
this repository caused it, though the same morning's deploy added the very
"slow request" log line the incident is full of, and a config change rolled
out 27 minutes before the onset. zap JSON app log, kube-scheduler and kubelet
(klog), ingress-nginx access."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import json_line, klog, nginx_access
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "quotes-api"
MODULE = "github.com/brightfx/quotes-api"
DEPLOY = utc("2026-12-01 13:36:00")
BOUND = utc("2026-12-01 14:02:41")
ONSET = utc("2026-12-01 14:03:10")
EVICTED = utc("2026-12-01 14:31:20")
START, END = utc("2026-12-01 12:30:00"), utc("2026-12-01 14:50:00")
HOT_NODE = "ip-10-8-3-41"
NODES = ["ip-10-8-1-17", "ip-10-8-2-96", HOT_NODE]
BACKFILL = "data-platform/feature-backfill-29412840-x7k2p"

MIDDLEWARE = """package server

import (
\t"net/http"
\t"time"
)

// timed records how long each request took for the latency histogram.
func timed(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tstart := time.Now()
\t\tnext.ServeHTTP(w, r)
\t\trequestSeconds.WithLabelValues(r.URL.Path).Observe(time.Since(start).Seconds())
\t})
}
"""

CONFIG = """addr: ":8080"
deadline: 2s
quotes:
  pairs: [EURUSD, GBPUSD, USDJPY, EURGBP, USDCHF]
  stale_after: 5s
  spread_bps: 4
"""


def build_repo():
    ines = Person("Ines Duarte", "ines.duarte@brightfx.com", 0)
    karl = Person("Karl Berg", "karl.berg@brightfx.com", 60)
    yuki = Person("Yuki Tanaka", "yuki.tanaka@brightfx.com", 540)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Streams indicative FX quotes to the trading front end.")
    files["internal/server/middleware.go"] = MIDDLEWARE
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=6, memory="256Mi", cpu="500m",
                                                  env={"CONFIG_PATH": "/etc/quotes/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [("QuoteLatencyHigh", "p99 above 250 ms: check which pods are slow and on which node.")])
    repo.commit(utc("2026-11-26 09:00:00"), karl, "quotes-api: import", files)
    repo.schedule(chores(random.Random(4101), SERVICE, [ines, karl, yuki], utc("2026-11-26 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-30 15:10:00"), yuki, "quotes: widen the USDJPY spread to 6 bps outside Tokyo hours", {
        "internal/quotes/spread.go": "package quotes\n\n// spreadBps widens JPY pairs when Tokyo is closed.\nfunc spreadBps(pair string, tokyoOpen bool, base int) int {\n\tif pair == \"USDJPY\" && !tokyoOpen {\n\t\treturn 6\n\t}\n\treturn base\n}\n",
    })
    repo.commit(utc("2026-12-01 06:40:00"), bot, "chore(deps): update module github.com/prometheus/client_golang to v1.20.5", {
        "go.mod": repo.edit("go.mod", "client_golang v1.19.0", "client_golang v1.20.5"),
    })
    repo.commit(utc("2026-12-01 09:42:00"), ines, "server: log slow requests over 250ms with the pod and the handler's timings", {
        "internal/server/middleware.go": repo.edit("internal/server/middleware.go", "\t\trequestSeconds.WithLabelValues(r.URL.Path).Observe(time.Since(start).Seconds())\n",
                                                   "\t\ttook := time.Since(start)\n\t\trequestSeconds.WithLabelValues(r.URL.Path).Observe(took.Seconds())\n"
                                                   "\t\tif took > 250*time.Millisecond {\n\t\t\tlogger.Warn(\"slow request\", \"path\", r.URL.Path, \"took\", took, \"pod\", podName)\n\t\t}\n"),
    })
    repo.commit(utc("2026-12-01 11:05:00"), karl, "tests: quotes go stale after stale_after", {
        "internal/quotes/stale_test.go": "package quotes\n\nimport \"testing\"\n\nfunc TestStaleAfter(t *testing.T) {\n\tif !isStale(6, 5) {\n\t\tt.Fatal(\"a 6 s old quote should be stale\")\n\t}\n}\n",
    })
    head = repo.commit(utc("2026-12-01 13:21:00"), ines, "config: quotes go stale after 3s instead of 5s", {
        "config/production.yaml": repo.edit("config/production.yaml", "stale_after: 5s", "stale_after: 3s"),
    })
    repo.commit(utc("2026-12-01 14:20:00"), yuki, "docs: what the quotes stream sends", {
        "docs/stream.md": "# Quote stream\n\nOne message per pair per tick: bid, ask, time, source.\n",
    })
    return repo, head


def build_logs(rng, head):
    app = Log("quotes-api.log")
    sched = Log("kube-scheduler.log")
    kubelet = Log("kubelet-ip-10-8-3-41.log")
    ingress = Log("ingress-nginx-access.log")
    old = [(f"quotes-api-5d8f7{hexid(rng, 4)}-{hexid(rng, 5)}", NODES[i % 3]) for i in range(6)]
    new = [(f"quotes-api-7b4c9{hexid(rng, 4)}-{hexid(rng, 5)}", NODES[i % 3]) for i in range(6)]
    pod_ips = {pod: ip(rng, "10.8") for pod, _ in old + new}

    def pods_at(t):
        return old if t < DEPLOY else new

    for i, (pod, node) in enumerate(new):
        t = DEPLOY + dt.timedelta(seconds=15 * i)
        app.add(t, json_line(t, "info", "starting quotes-api", caller="quotes-api/main.go:24", version=head[:7], addr=":8080", pod=pod))
        sched.add(t - dt.timedelta(seconds=3), klog(t - dt.timedelta(seconds=3), "I", 1, "schedule_one.go:286",
                                                    f'"Successfully bound pod to node" pod="fx/{pod}" node="{node}" evaluatedNodes=9 feasibleNodes=3'))
        if node == HOT_NODE:
            kubelet.add(t - dt.timedelta(seconds=2), klog(t - dt.timedelta(seconds=2), "I", 2214, "kubelet.go:2425", f'"SyncLoop ADD" source="api" pods=["fx/{pod}"]'))
    for i, (pod, node) in enumerate(old):
        t = DEPLOY + dt.timedelta(seconds=15 * i + 10)
        app.add(t, json_line(t, "info", "shutting down", caller="quotes-api/main.go:31", pod=pod, reason="SIGTERM"))
        if node == HOT_NODE:
            kubelet.add(t, klog(t, "I", 2214, "kubelet.go:2441", f'"SyncLoop DELETE" source="api" pods=["fx/{pod}"]'))
    for t in poisson_times(rng, START, END, 24):
        pod, node = rng.choice(pods_at(t))
        pair = rng.choice(["EURUSD", "GBPUSD", "USDJPY", "EURGBP", "USDCHF"])
        path = f"/v1/quotes/{pair}"
        starved = node == HOT_NODE and ONSET <= t < EVICTED + dt.timedelta(seconds=30)
        took = ms(rng, 900, 0.6) if starved else ms(rng, 18, 0.6)
        if took > 250:
            app.add(t, json_line(t, "warn", "slow request", caller="server/middleware.go:19", path=path, took=f"{took}ms", pod=pod))
        if starved and took > 1000:
            ingress.add(t, nginx_access(t, ip(rng, "10.8"), "GET", path, 504, 160, 1.0, "trader-web/8.3", upstream_rt=1.0))
            continue
        ingress.add(t, nginx_access(t, ip(rng, "10.8"), "GET", path, 200, 231, took / 1000, "trader-web/8.3", upstream_rt=took / 1000))
    t = START
    while t < END:
        for pod, _ in pods_at(t):
            at = t + dt.timedelta(milliseconds=rng.randint(0, 900))
            app.add(at, json_line(at, "info", "feed stats", caller="feed/stats.go:41", pod=pod, pairs=5, ticks=rng.randint(5800, 6400), gaps=0))
        t += dt.timedelta(minutes=5)
    emit(rng, sched, START, END, 0.4, [(1, lambda t: klog(t, "I", 1, "schedule_one.go:286",
                                                         f'"Successfully bound pod to node" pod="batch/report-export-{rng.randint(29412000, 29412999)}-{hexid(rng, 5)}" node="ip-10-8-{rng.randint(4, 6)}-{rng.randint(10, 200)}" evaluatedNodes=9 feasibleNodes=6'))])
    sched.add(BOUND, klog(BOUND, "I", 1, "schedule_one.go:286", f'"Successfully bound pod to node" pod="{BACKFILL}" node="{HOT_NODE}" evaluatedNodes=9 feasibleNodes=2'))
    emit(rng, kubelet, START, END, 0.6, [(1, lambda t: klog(t, "I", 2214, "kubelet_getters.go:187", '"Pod status updated" pod="kube-system/node-exporter-' + "4hq2z" + '" status="Running"'))])
    t = BOUND + dt.timedelta(seconds=1)
    kubelet.add(t, klog(t, "I", 2214, "kubelet.go:2425", f'"SyncLoop ADD" source="api" pods=["{BACKFILL}"]'))
    t = BOUND + dt.timedelta(seconds=9)
    kubelet.add(t, klog(t, "I", 2214, "kubelet.go:2457", f'"SyncLoop (PLEG): event for pod" pod="{BACKFILL}" event={{"ID":"{hexid(rng, 8)}","Type":"ContainerStarted"}}'))
    hot_pods = [pod for pod, node in new if node == HOT_NODE]
    t = ONSET + dt.timedelta(seconds=25)
    while t < EVICTED:
        pod = rng.choice(hot_pods)
        kubelet.add(t, klog(t, "I", 2214, "prober.go:107", f'"Probe failed" probeType="Readiness" pod="fx/{pod}" podUID="{hexid(rng, 8)}" containerName="quotes-api" probeResult="failure" output="Get \\"http://{pod_ips[pod]}:8080/healthz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"'))
        t += dt.timedelta(seconds=rng.randint(5, 40))
    t = EVICTED - dt.timedelta(seconds=50)
    kubelet.add(t, klog(t, "I", 2214, "kubelet_node_status.go:704", f'"Recording event message for node" node="{HOT_NODE}" event="NodeNotSchedulable"'))
    kubelet.add(EVICTED, klog(EVICTED, "I", 2214, "kubelet.go:2441", f'"SyncLoop DELETE" source="api" pods=["{BACKFILL}"]'))
    t = EVICTED + dt.timedelta(seconds=2)
    kubelet.add(t, klog(t, "I", 2214, "kuberuntime_container.go:770", f'"Killing container with a grace period" pod="{BACKFILL}" containerName="backfill" gracePeriod=30'))
    return [app, sched, kubelet, ingress]


def build(out_dir):
    rng = random.Random(4100)
    repo, head = build_repo()
    try:
        def load(node):
            def fn(t):
                if node == HOT_NODE and BOUND <= t < EVICTED + dt.timedelta(seconds=20):
                    return 41.0 + 3 * ((t.minute * 7) % 5)
                return 3.2 + ((t.minute * 13 + len(node)) % 7) / 5
            return fn

        def p99(node):
            def fn(t):
                if node == HOT_NODE and ONSET <= t < EVICTED + dt.timedelta(seconds=30):
                    return 2.4
                return 0.045
            return fn

        metrics = {
            "node_load1.json": query_range([({"instance": node, "job": "node-exporter"}, load(node)) for node in NODES], START, END, 30),
            "http_request_duration_p99_seconds.json": query_range([({"service": SERVICE, "node": node}, p99(node)) for node in NODES], START, END, 30),
        }
        return write_scenario(
            out_dir, name="noisy-neighbour-none", service=SERVICE, onset=ONSET,
            description="""
Noisy neighbour on a shared node. At 14:02 the scheduler places another team's
backfill job (no CPU limit) on ip-10-8-3-41, which runs two of the six
quotes-api pods. They were using far more CPU than they request; the job takes
the node's spare cores, those two pods slow to seconds per request and fail
readiness probes, while the pods on the other two nodes stay fast. The on-call
cordons the node and evicts the job at 14:31. Nothing in this repository caused
it; the last rollout (a config value) was 27 minutes earlier.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Successfully bound pod to node", r"slow request"],
            fix_files=[],
            explanation="""
No commit in this repository caused the contention: only the pods on the node
the backfill job landed on slowed down, and they recovered when it was evicted.
(A follow-up may raise quotes-api's CPU request to what it really uses, but the
requests were the same the day before.) Decoys: the morning commit that added
the "slow request" line the incident is full of, the stale_after config change
rolled out at 13:36 (the start-up lines name it), a client_golang bump, a
tests commit, the USDJPY spread change the day before, docs after the onset.
""",
        )
    finally:
        repo.close()
