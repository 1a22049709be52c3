"""tracking-api (Python, FastAPI behind Istio, team in Madrid): the parcel
tracking page keeps a server-sent events stream open per visitor, so every
open page is a long-lived connection through the pod's istio-proxy sidecar,
and Envoy's memory grows with the number of open streams (about 28 KiB each).
A FinOps right-sizing commit applies the VPA recommendations to the Helm
values, and with them cuts the sidecar's memory limit (the
`sidecar.istio.io/proxyMemoryLimit` annotation) from 512Mi to 128Mi; the VPA
had measured the proxy over a quiet week. Rolled out at 10:15, it holds all
day; at the evening peak (parcels out for delivery, people watching the
page) the busiest pod's proxy passes 128Mi at 17:35 and is OOM-killed; its
streams reconnect to the other three pods, whose proxies follow within a
minute, and the pods thrash in CrashLoopBackOff: the ingress answers 503, the
app cannot reach carrier-events (connection refused, the outbound redirect
has no Envoy behind it). Fixed by putting the limit back at 18:28. Decoys: a
log-shipper annotation commit in the same values file two days before, a
change to the events' payload, an httpx bump, the SSE docs commit the
morning's start-up lines name, and a carrier-events timeout change in the
same values file rolled out 25 minutes before the onset (restarting the
pods). App (Python logging with httpx tracebacks), istio-proxy
(`kubectl logs --prefix`), ingress gateway (Envoy access), node journal
(journalctl short-iso: kernel and kubelet's klog)."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, python_logging
from skeletons import chores, python_service, runbook

SERVICE = "tracking-api"
NS = "tracking"
DEPLOY = utc("2026-12-10 10:15:00")
CONFIG_DEPLOY = utc("2026-12-10 17:10:00")
FIX_DEPLOY = utc("2026-12-10 18:28:00")
START, END = utc("2026-12-10 09:50:00"), utc("2026-12-10 18:50:00")
MiB = 1024 * 1024
LIMIT = 128 * MiB
PER_STREAM = 28 * 1024
BASE = 41 * MiB
SKEW = [1.07, 1.0, 0.97, 0.96]
NODES = ["ip-10-20-3-41", "ip-10-20-5-118", "ip-10-20-7-9", "ip-10-20-3-202"]

VALUES = """image:
  repository: registry.paqexpress.es/tracking-api
  tag: latest

replicaCount: 4

podAnnotations:
  prometheus.io/scrape: "true"
  prometheus.io/port: "8000"
  sidecar.istio.io/proxyCPU: "100m"
  sidecar.istio.io/proxyMemory: "128Mi"
  sidecar.istio.io/proxyMemoryLimit: "512Mi"

resources:
  requests:
    cpu: 500m
    memory: 1Gi
  limits:
    memory: 1Gi

env:
  CARRIER_EVENTS_URL: http://carrier-events.tracking.svc.cluster.local:8080
  CARRIER_EVENTS_TIMEOUT_S: "3"
  SSE_RETRY_MS: "3000"
"""

DEPLOYMENT_TPL = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
      annotations:
        {{- toYaml .Values.podAnnotations | nindent 8 }}
    spec:
      containers:
        - name: tracking-api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - containerPort: 8000
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8000
"""

STREAM = '''"""Server-sent events for the tracking page: one stream per open page."""
import asyncio
import json
import logging

from sse_starlette.sse import EventSourceResponse

from tracking import carrier_events

log = logging.getLogger("tracking.stream")


def parcel_stream(request, parcel_id):
    async def events():
        last = None
        while not await request.is_disconnected():
            event = await carrier_events.latest(parcel_id)
            if event and event["id"] != last:
                last = event["id"]
                yield {"event": "status", "data": json.dumps({"status": event["status"], "at": event["at"]})}
            await asyncio.sleep(10)

    return EventSourceResponse(events())
'''


def build_repo():
    lucia = Person("Lucía Romero", "lucia.romero@paqexpress.es", 60)
    pablo = Person("Pablo Navarro", "pablo.navarro@paqexpress.es", 60)
    ines = Person("Inês Costa", "ines.costa@paqexpress.es", 0)
    finops = Person("Martin Lindqvist", "martin.lindqvist@paqexpress.es", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "tracking", "Parcel tracking API and the tracking page's live updates (server-sent events).")
    files["pyproject.toml"] = files["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "httpx==0.27.0", "sse-starlette==2.1.0"]')
    files["tracking/stream.py"] = STREAM
    files["tracking/carrier_events.py"] = '"""Latest carrier event per parcel, from carrier-events."""\nimport os\n\nimport httpx\n\n_client = httpx.AsyncClient(base_url=os.environ["CARRIER_EVENTS_URL"], timeout=float(os.environ.get("CARRIER_EVENTS_TIMEOUT_S", "3")))\n\n\nasync def latest(parcel_id):\n    response = await _client.get(f"/v1/parcels/{parcel_id}/latest")\n    response.raise_for_status()\n    return response.json()\n'
    files["chart/tracking-api/Chart.yaml"] = "apiVersion: v2\nname: tracking-api\nversion: 0.4.0\nappVersion: \"1.0\"\n"
    files["chart/tracking-api/values-production.yaml"] = VALUES
    files["chart/tracking-api/templates/deployment.yaml"] = DEPLOYMENT_TPL
    files["docs/runbook.md"] = runbook(SERVICE, [("Tracking5xx", "5xx above 1 % at the gateway: check the pods' restarts (both containers) and carrier-events.")])
    files["README.md"] = files["README.md"].replace("rolled out by Argo CD to `prod-eu-1`", "rolled out with `helm upgrade` from CI (chart in `chart/tracking-api`)")
    repo.commit(utc("2026-12-04 08:30:00"), lucia, "tracking-api: move to its own repository with the Helm chart", files)
    repo.schedule(chores(random.Random(7601), SERVICE, [lucia, pablo, ines], utc("2026-12-04 08:30:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-08 11:12:00"), ines, "chart: tell the log shipper our logs are plain Python logging", {
        "chart/tracking-api/values-production.yaml": repo.edit("chart/tracking-api/values-production.yaml", "  prometheus.io/port: \"8000\"\n",
                                                               "  prometheus.io/port: \"8000\"\n  fluentbit.io/parser: \"python-logging\"\n"),
    })
    repo.commit(utc("2026-12-09 15:05:00"), pablo, "stream: include the depot name in status events", {
        "tracking/stream.py": repo.edit("tracking/stream.py", '{"status": event["status"], "at": event["at"]}', '{"status": event["status"], "at": event["at"], "depot": event.get("depot")}'),
    })
    repo.commit(utc("2026-12-09 16:40:00"), lucia, "tests: stream stops when the client disconnects", {
        "tests/test_stream.py": "import pytest\n\nfrom tracking.stream import parcel_stream\n\n\n@pytest.mark.asyncio\nasync def test_stops_on_disconnect(disconnected_request):\n    response = parcel_stream(disconnected_request, \"PX123\")\n    assert [e async for e in response.body_iterator] == []\n",
    })
    repo.commit(utc("2026-12-10 07:58:00"), bot, "Bump httpx from 0.27.0 to 0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", "httpx==0.27.0", "httpx==0.27.2"),
    })
    culprit = repo.commit(utc("2026-12-10 09:38:00"), finops, "chart: right-size requests and limits from the VPA recommendations (FIN-212)\n\nVPA target over the last 7 days: tracking-api 410Mi / 180m,\nistio-proxy 61Mi / 24m. Limits at about twice the target.", {
        "chart/tracking-api/values-production.yaml": repo.edit("chart/tracking-api/values-production.yaml",
            "  sidecar.istio.io/proxyCPU: \"100m\"\n  sidecar.istio.io/proxyMemory: \"128Mi\"\n  sidecar.istio.io/proxyMemoryLimit: \"512Mi\"\n",
            "  sidecar.istio.io/proxyCPU: \"50m\"\n  sidecar.istio.io/proxyMemory: \"64Mi\"\n  sidecar.istio.io/proxyMemoryLimit: \"128Mi\"\n").replace(
            "    cpu: 500m\n    memory: 1Gi\n  limits:\n    memory: 1Gi\n", "    cpu: 250m\n    memory: 512Mi\n  limits:\n    memory: 832Mi\n"),
    })
    head = repo.commit(utc("2026-12-10 09:57:00"), pablo, "docs: how the tracking page's event stream reconnects", {
        "docs/streaming.md": "# Live updates\n\nThe tracking page opens `GET /v1/parcels/{id}/events` (server-sent events).\nThe server sends `retry: 3000`; browsers reconnect three seconds after a\ndropped stream, to any pod. Each open page is one long-lived connection\nthrough the ingress gateway and the pod's sidecar.\n",
    })
    config = repo.commit(utc("2026-12-10 16:52:00"), lucia, "chart: carrier-events timeout 3s -> 2s (its p99 is 240 ms; fail fast to the cached status)", {
        "chart/tracking-api/values-production.yaml": repo.edit("chart/tracking-api/values-production.yaml", 'CARRIER_EVENTS_TIMEOUT_S: "3"', 'CARRIER_EVENTS_TIMEOUT_S: "2"'),
    })
    fix = repo.commit(utc("2026-12-10 18:19:00"), lucia, "chart: istio-proxy memory limit back to 512Mi\n\nEach open tracking page holds a stream through the sidecar; at the\nevening peak the proxy needs ~130Mi per pod. The VPA saw a quiet week.", {
        "chart/tracking-api/values-production.yaml": repo.edit("chart/tracking-api/values-production.yaml",
            "  sidecar.istio.io/proxyMemory: \"64Mi\"\n  sidecar.istio.io/proxyMemoryLimit: \"128Mi\"\n",
            "  sidecar.istio.io/proxyMemory: \"128Mi\"\n  sidecar.istio.io/proxyMemoryLimit: \"512Mi\"\n"),
    })
    return repo, culprit, head, config, fix


def total_streams(t):
    """Open tracking pages (SSE streams) across the service: the day's curve."""
    points = [(9.0, 2100), (12.0, 4300), (14.0, 5200), (16.0, 8400), (17.0, 10700), (18.0, 12600), (18.75, 12100), (19.0, 11800)]
    h = t.hour + t.minute / 60 + t.second / 3600
    for (h0, v0), (h1, v1) in zip(points, points[1:]):
        if h0 <= h <= h1:
            return v0 + (v1 - v0) * (h - h0) / (h1 - h0)
    return points[-1][1]


def simulate(rng):
    """Step the four pods' sidecars through the evening: memory follows their
    share of the open streams; over the limit the kernel kills Envoy and the
    kubelet restarts the container after its back-off."""
    step = dt.timedelta(seconds=5)
    up = [True] * 4
    back = [None] * 4
    restarts = [0] * 4
    conns = [0.0] * 4
    kills, starts = [], []
    memory = {}
    t = START
    while t < END:
        # New pods carry the limit of the chart they were rolled out with.
        limit = LIMIT if DEPLOY + dt.timedelta(seconds=40) <= t < FIX_DEPLOY else 512 * MiB
        restarted_all = CONFIG_DEPLOY <= t < CONFIG_DEPLOY + step or FIX_DEPLOY <= t < FIX_DEPLOY + step
        if restarted_all:
            restarts = [0] * 4
            up = [True] * 4
            conns = [0.0] * 4
        for i in range(4):
            if not up[i] and t >= back[i]:
                up[i] = True
                conns[i] = 0.0
                starts.append((t, i, restarts[i]))
        alive = [i for i in range(4) if up[i]]
        total = total_streams(t)
        weights = sum(SKEW[i] for i in alive) or 1
        for i in range(4):
            if not up[i]:
                memory.setdefault(i, []).append((t, None))
                continue
            target = total * SKEW[i] / weights
            # Reconnecting browsers land within seconds; the rest drift.
            conns[i] += (target - conns[i]) * (0.6 if target > conns[i] * 1.2 else 0.2)
            mem = BASE + conns[i] * PER_STREAM + rng.uniform(-0.6, 0.6) * MiB
            memory.setdefault(i, []).append((t, mem))
            if mem > limit:
                kills.append((t + dt.timedelta(seconds=rng.uniform(0, 4.9)), i, int(mem), int(conns[i])))
                up[i] = False
                restarts[i] += 1
                back[i] = t + dt.timedelta(seconds=2 + min(300, 0 if restarts[i] == 1 else 10 * 2 ** (restarts[i] - 2)) + rng.uniform(1, 4))
        t += step
    return kills, starts, memory


def build_logs(rng, culprit, head, config, fix):
    app = Log("tracking-api.log")
    proxy = Log("istio-proxy.log")
    gateway = Log("ingress-gateway.log")
    journal = Log("node-journal.log")
    kills, starts, memory = simulate(rng)

    pods = {}
    for when, sha, rs in [(START - dt.timedelta(hours=20), None, "5f7c9b8d4"), (DEPLOY, head, "7d9c4f6b5"), (CONFIG_DEPLOY, config, "84b6d7c9f"), (FIX_DEPLOY, fix, "6c5fd8b47")]:
        pods[when] = [f"tracking-api-{rs}-{hexid(rng, 5)}" for _ in range(4)]
        if sha is None:
            continue
        for i, pod in enumerate(pods[when]):
            t = when + dt.timedelta(seconds=8 + 9 * i)
            node = NODES[i]
            journal.add(t, f"{jstamp(t)} {node} kubelet[1893]: " + klog(t, "I", 1893, "kubelet.go:2440", f'"SyncLoop ADD" source="api" pods=["{NS}/{pod}"]'))
            proxy_start(proxy, t + dt.timedelta(seconds=1), pod, rng)
            a = t + dt.timedelta(seconds=4)
            app.add(a, python_logging(a, "INFO", "tracking.main", f"starting tracking-api version={sha[:7]} pod={pod}"))
            app.add(a + dt.timedelta(milliseconds=20), python_logging(a + dt.timedelta(milliseconds=20), "INFO", "uvicorn.error", "Application startup complete."))

    def pod_names(t):
        current = max(w for w in pods if w + dt.timedelta(seconds=45) <= t)
        return pods[current]

    down = []  # (from, to, index)
    for (k, i, mem, n) in kills:
        pod = pod_names(k)[i]
        node = NODES[i]
        pid = rng.randint(20000, 60000)
        journal.add(k, f"{jstamp(k)} {node} kernel: envoy invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-997")
        journal.add(k, f"{jstamp(k)} {node} kernel: memory: usage {LIMIT // 1024}kB, limit {LIMIT // 1024}kB, failcnt {rng.randint(1, 40)}")
        journal.add(k, f"{jstamp(k)} {node} kernel: Memory cgroup out of memory: Killed process {pid} (envoy) total-vm:{rng.randint(2200000, 2300000)}kB, anon-rss:{mem // 1024 - rng.randint(3000, 6000)}kB, file-rss:{rng.randint(20000, 30000)}kB, shmem-rss:0kB, UID:1337 pgtables:{rng.randint(600, 900)}kB oom_score_adj:-997")
        p = k + dt.timedelta(milliseconds=rng.randint(30, 200))
        proxy.add(p, f"[pod/{pod}/istio-proxy] {istio_stamp(p)}\terror\tEpoch 0 exited with error: signal: killed")
        proxy.add(p, f"[pod/{pod}/istio-proxy] {istio_stamp(p)}\tinfo\tNo more active epochs, terminating")
        kt = k + dt.timedelta(seconds=1)
        journal.add(kt, f"{jstamp(kt)} {node} kubelet[1893]: " + klog(kt, "I", 1893, "kubelet.go:2472", f'"SyncLoop (PLEG): event for pod" pod="{NS}/{pod}" event={{"ID":"{hexid(rng, 8)}-{hexid(rng, 4)}","Type":"ContainerDied","Data":"{hexid(rng, 64)}"}}'))
        journal.add(kt, f"{jstamp(kt)} {node} kubelet[1893]: " + klog(kt, "I", 1893, "kuberuntime_manager.go:1036", f'"Container terminated" pod="{NS}/{pod}" containerName="istio-proxy" reason="OOMKilled" exitCode=137'))
        up_again = min([s for s, j, _ in starts if j == i and s > k] or [END])
        if up_again - k > dt.timedelta(seconds=12):
            r = kt + dt.timedelta(seconds=1)
            journal.add(r, f"{jstamp(r)} {node} kubelet[1893]: " + klog(r, "E", 1893, "pod_workers.go:1301", f'"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"istio-proxy\\" with CrashLoopBackOff: \\"back-off {int((up_again - k).total_seconds()) // 10 * 10}s restarting failed container=istio-proxy pod={pod}_{NS}({hexid(rng, 8)}-{hexid(rng, 4)})\\"" pod="{NS}/{pod}"'))
        pr = k + dt.timedelta(seconds=3)
        while pr < up_again:
            journal.add(pr, f"{jstamp(pr)} {node} kubelet[1893]: " + klog(pr, "I", 1893, "prober.go:107", f'"Probe failed" probeType="Readiness" pod="{NS}/{pod}" containerName="istio-proxy" probeResult="failure" output="Get \\"http://10.42.{i}.17:15021/healthz/ready\\": dial tcp 10.42.{i}.17:15021: connect: connection refused"'))
            pr += dt.timedelta(seconds=15)
        down.append((k, up_again, i))
        # The pod's open streams are cut at once.
        for _ in range(min(40, n // 80)):
            g = k + dt.timedelta(milliseconds=rng.randint(0, 400))
            gateway.add(g, gw(g, rng, "GET", f"/v1/parcels/{parcel(rng)}/events", 200, "UC", "upstream_reset_after_response_started{connection_termination}", rng.randint(60000, 3_000_000), f"10.42.{i}.17:8000", sent=rng.randint(300, 9000)))
    for s, i, count in starts:
        pod = pod_names(s)[i]
        proxy_start(proxy, s, pod, rng, restart=True)
        journal.add(s, f"{jstamp(s)} {NODES[i]} kubelet[1893]: " + klog(s, "I", 1893, "kuberuntime_container.go:309", f'"Container started" pod="{NS}/{pod}" containerName="istio-proxy" restartCount={max(count, 1)}'))

    def is_down(t, i):
        return any(a <= t < b and j == i for a, b, j in down)

    # Tracking API calls and page loads through the ingress gateway.
    for t in poisson_times(rng, START, END, 9):
        i = rng.choices(range(4), weights=SKEW)[0]
        alive = [j for j in range(4) if not is_down(t, j)]
        path = rng.choice([f"/v1/parcels/{parcel(rng)}", f"/v1/parcels/{parcel(rng)}", f"/v1/parcels/{parcel(rng)}/events", "/v1/depots/nearby?lat=40.42&lng=-3.70"])
        if not alive:
            gateway.add(t, gw(t, rng, "GET", path, 503, "UH", "no_healthy_upstream", 0, "-", sent=19))
            continue
        if is_down(t, i) and rng.random() < 0.5:
            gateway.add(t, gw(t, rng, "GET", path, 503, "UF,URX", "upstream_reset_before_response_started{connection_failure}", rng.randint(1, 4), f"10.42.{i}.17:8000", sent=91))
            continue
        if is_down(t, i):
            i = rng.choice(alive)
        if path.endswith("/events"):
            continue  # streams are logged when they end
        took = ms(rng, 35)
        gateway.add(t, gw(t, rng, "GET", path, 200 if "parcels" in path else 200, "-", "via_upstream", took, f"10.42.{i}.17:8000", sent=rng.randint(600, 2400)))
        pod = pod_names(t)[i]
        if "parcels" in path and rng.random() < 0.08:
            app.add(t, python_logging(t, "WARNING", "tracking.carrier_events", f"carrier event for parcel {path.split('/')[3]} is {rng.randint(6, 30)}h old; carrier {rng.choice(['SEUR', 'MRW', 'GLS', 'CTT'])} has not sent scans"))
    # Streams that end normally (page closed).
    for t in poisson_times(rng, START, END, 4):
        i = rng.choices(range(4), weights=SKEW)[0]
        if is_down(t, i):
            continue
        gateway.add(t, gw(t, rng, "GET", f"/v1/parcels/{parcel(rng)}/events", 200, "DC", "downstream_remote_disconnect", rng.randint(20000, 1_800_000), f"10.42.{i}.17:8000", sent=rng.randint(300, 9000)))

    # The app's outbound calls to carrier-events go through the sidecar; with Envoy dead they are refused.
    for a, b, i in down:
        t = a + dt.timedelta(seconds=rng.uniform(0.5, 3))
        pod = pod_names(a)[i]
        while t < b:
            pid = parcel(rng)
            app.add(t, python_logging(t, "ERROR", "tracking.stream", f"carrier-events lookup failed for parcel {pid}\n" + CONNECT_TRACE))
            t += dt.timedelta(seconds=rng.uniform(25, 70))
    emit(rng, app, START, END, 0.8, [
        (4, lambda t: python_logging(t, "INFO", "uvicorn.access", f'{ip(rng, "10.42")}:{rng.randint(30000, 60000)} - "GET /healthz HTTP/1.1" 200')),
        (1, lambda t: python_logging(t, "INFO", "tracking.stream", f"open streams on this pod: {int(total_streams(t) / 4 * rng.uniform(0.9, 1.1))}")),
        (1, lambda t: python_logging(t, "WARNING", "tracking.api", f"parcel {parcel(rng)} not found (checked {rng.choice(['SEUR', 'MRW', 'GLS', 'CTT'])})")),
    ])
    emit(rng, proxy, START, END, 0.25, [
        (2, lambda t: f"[pod/{rng.choice(pod_names(t))}/istio-proxy] {istio_stamp(t)}\tinfo\tads\tXDS: Incremental Pushing ConnectedEndpoints:2 Version:2026-12-10T{t.strftime('%H:%M:%S')}Z/{rng.randint(40, 90)}"),
        (1, lambda t: f"[pod/{rng.choice(pod_names(t))}/istio-proxy] {istio_stamp(t)}\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since {rng.randint(1500, 1800)}s ago: 13, \tthread=15"),
    ])
    emit(rng, journal, START, END, 0.5, [
        (3, lambda t: (lambda n: f"{jstamp(t)} {n} kubelet[1893]: " + klog(t, "I", 1893, "kubelet_node_status.go:497", '"Updating node status"'))(rng.choice(NODES))),
        (1, lambda t: (lambda n: f"{jstamp(t)} {n} containerd[1207]: time=\"{t.strftime('%Y-%m-%dT%H:%M:%S')}.{t.microsecond:06d}Z\" level=info msg=\"ImageCreate event name:\\\"registry.paqexpress.es/labels-worker@sha256:{hexid(rng, 64)}\\\"\"")(rng.choice(NODES))),
        (1, lambda t: (lambda n: f"{jstamp(t)} {n} systemd[1]: Started session-{rng.randint(100, 900)}.scope - Session of User ec2-user.")(rng.choice(NODES))),
    ])
    return [app, proxy, gateway, journal], memory, kills, pods


CONNECT_TRACE = """Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", line 69, in map_httpcore_exceptions
    yield
  File "/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", line 373, in handle_async_request
    resp = await self._pool.handle_async_request(req)
  File "/usr/local/lib/python3.11/site-packages/httpcore/_async/connection.py", line 122, in _connect
    stream = await self._network_backend.connect_tcp(**kwargs)
httpcore.ConnectError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/tracking/stream.py", line 17, in events
    event = await carrier_events.latest(parcel_id)
  File "/app/tracking/carrier_events.py", line 10, in latest
    response = await _client.get(f"/v1/parcels/{parcel_id}/latest")
httpx.ConnectError: [Errno 111] Connection refused"""


def jstamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00"


def istio_stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def parcel(rng):
    return f"PX{rng.randint(10**9, 10**10 - 1)}ES"


def gw(t, rng, method, path, status, flags, details, duration, upstream, sent):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                     "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
                     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"])
    rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
    return (f'[{stamp}] "{method} {path} HTTP/2" {status} {flags} {details} - "-" 0 {sent} {duration} '
            f'{duration if status == 200 else "-"} "{ip(rng, rng.choice(["83.45", "88.12", "95.17", "2.136"]))}" "{ua}" "{rid}" "seguimiento.paqexpress.es" "{upstream}" '
            f'outbound|8000||tracking-api.{NS}.svc.cluster.local')


def proxy_start(log, t, pod, rng, restart=False):
    pre = f"[pod/{pod}/istio-proxy] "
    lines = [
        ("info", "FLAG: --concurrency=\"2\""),
        ("info", "Version 1.22.6-a9f0c1d2b3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8-Clean"),
        ("info", "Proxy role\tips=[10.42.0.17] type=sidecar id=" + pod + "." + NS + " domain=" + NS + ".svc.cluster.local"),
        ("info", "Starting proxy agent"),
        ("info", "Envoy command: [-c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate --local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart --allow-unknown-static-fields --log-format %Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t -l warning --component-log-level misc:error --concurrency 2]"),
        ("info", "xdsproxy\tconnected to delta upstream XDS server: istiod.istio-system.svc:15012"),
        ("info", "Readiness succeeded in " + f"{rng.uniform(0.6, 1.4):.6f}s"),
        ("info", "Envoy proxy is ready"),
    ]
    for n, (level, msg) in enumerate(lines):
        s = t + dt.timedelta(milliseconds=40 * n + (600 if n >= 6 else 0))
        log.add(s, f"{pre}{istio_stamp(s)}\t{level}\t{msg}")


def build(out_dir):
    rng = random.Random(7600)
    repo, culprit, head, config, fix = build_repo()
    try:
        logs, memory, kills, pods = build_logs(rng, culprit, head, config, fix)
        onset = min(t for t, _, _, _ in kills).replace(microsecond=0)

        rollouts = sorted(pods)

        def lifetime(when):
            later = [w for w in rollouts if w > when]
            return when + dt.timedelta(seconds=45), (later[0] + dt.timedelta(seconds=45)) if later else END + dt.timedelta(seconds=1)

        def working_set(when, i):
            series = dict((int(t.timestamp()), m) for t, m in memory[i])
            born, gone = lifetime(when)

            def fn(t):
                if not born <= t < gone and when != rollouts[0]:
                    return None
                if when == rollouts[0] and t >= gone:
                    return None
                m = series.get(int(t.timestamp()))
                return None if m is None else round(m)
            return fn

        def restarts(when, i):
            born, gone = lifetime(when)

            def fn(t):
                if t >= gone or (t < born and when != rollouts[0]):
                    return None
                return sum(1 for k, j, _, _ in kills if j == i and born - dt.timedelta(seconds=45) <= k <= t)
            return fn

        metrics = {
            "container_memory_working_set_bytes_istio_proxy.json": query_range(
                [({"namespace": NS, "pod": pods[w][i], "container": "istio-proxy"}, working_set(w, i)) for w in rollouts for i in range(4)], START, END, 60),
            "kube_pod_container_status_restarts_total_istio_proxy.json": query_range(
                [({"namespace": NS, "pod": pods[w][i], "container": "istio-proxy"}, restarts(w, i)) for w in rollouts for i in range(4)], START, END, 60),
            "tracking_open_streams.json": query_range([({"service": SERVICE}, lambda t: round(total_streams(t)))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="sidecar-memory-limit", service=SERVICE, onset=onset,
            description=f"""
The parcel tracking page fails. From {onset.strftime('%H:%M')} UTC ({(onset + dt.timedelta(hours=1)).strftime('%H:%M')} in Madrid, the
evening peak) the ingress gateway answers 503 for tracking-api and the live
updates drop; the pods restart over and over. tracking-api was rolled out at
10:15 (start-up lines name a docs commit) and at 17:10 (a carrier-events
timeout change). Fixed by a chart change rolled out at 18:28.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Memory cgroup out of memory", r"Container terminated", r"exited with error: signal: killed"],
            fix_files=["chart/tracking-api/values-production.yaml"],
            explanation="""
The culprit, a FinOps right-sizing commit, cuts the istio-proxy sidecar's
memory limit (sidecar.istio.io/proxyMemoryLimit) from 512Mi to 128Mi. Every
open tracking page holds a server-sent events stream through the sidecar, and
at the evening peak the busiest pod's Envoy passes 128Mi: the kernel kills
envoy in the istio-proxy cgroup, the kubelet reports the istio-proxy container
OOMKilled, its streams reconnect to the other pods and their proxies follow.
The app container never restarts; its calls out fail with connection refused
because the outbound redirect has no Envoy behind it. The fix puts the limit
back in chart/tracking-api/values-production.yaml. Decoys: the log-shipper
annotation in the same file two days before, the depot field in stream
events, the httpx bump, the streaming docs commit the morning's start-up
lines name (shipped with the culprit), the tests commit, and the
carrier-events timeout change in the same values file rolled out 25 minutes
before the first kill (it restarts the pods, which only resets the proxies'
memory); the fix comes after the onset.
""",
        )
    finally:
        repo.close()
