"""menu-api (Go, team in Lisbon): a food-ordering app's menus and prices.
Its HorizontalPodAutoscaler scaled on CPU (65 % of request). On Friday
morning a commit switches it to requests per second per pod, which follows
dinner-time bursts better than CPU, but names the metric after the raw
Prometheus counter (`http_requests_total`); the platform team's
prometheus-adapter exposes the rate as `http_requests_per_second`. From the
10:24 Argo CD sync the HPA cannot read its only metric, so it stops changing
the replica count and stays at the five replicas the morning left it with
(the controller-manager logs the failed metric every 15 s; nobody watches
it). Nothing fails until the Friday dinner peak: from about 17:30 UTC five
pods cannot keep up, requests queue, ingress-nginx answers 504 and 503. The
on-call engineer scales the deployment by hand at 18:26; the HPA fix is
rolled out at 18:52. Decoys: a scale-down stabilization change to the same
HPA file three days before, the docs commit the morning's sync names, a
menu-cache TTL change rolled out 24 minutes before the onset (its restart
is the only start-up line of the day), a test and routine chores.
kube-controller-manager (klog), app (zap-style JSON), ingress-nginx access,
Argo CD (logfmt)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, logfmt, nginx_access
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "menu-api"
MODULE = "github.com/comida-ja/menu-api"
START, END = utc("2026-12-11 09:30:00"), utc("2026-12-11 19:30:00")
HPA_SYNC = utc("2026-12-11 10:24:00")
CONFIG_DEPLOY = utc("2026-12-11 17:06:00")
MANUAL_SCALE = utc("2026-12-11 18:26:30")
FIX_DEPLOY = utc("2026-12-11 18:52:00")
PER_POD_CAPACITY = 32.0   # requests per second one pod serves before queueing

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: menu-api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: menu-api
  minReplicas: 3
  maxReplicas: 24
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 65
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
"""

CONFIG = """addr: ":8080"
deadline: 2s
database:
  dsn_env: MENU_DB_DSN
  max_conns: 20
menu_cache:
  ttl: 60s
  max_entries: 50000
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines@comida-ja.pt", 0)
    rui = Person("Rui Almeida", "rui@comida-ja.pt", 0)
    marta = Person("Marta Sousa", "marta@comida-ja.pt", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Menus, prices and opening hours for the app and the restaurant portal.")
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="384Mi", cpu="500m", env={"CONFIG_PATH": "/app/config/production.yaml"})
    files["k8s/hpa.yaml"] = HPA
    files["config/production.yaml"] = CONFIG
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("MenuApiLatencyHigh", "p95 over 400 ms for 5 minutes: check replicas against the request rate (Grafana › menu-api › Scaling)."),
        ("MenuApi5xx", "5xx over 1 %: check the ingress log for 503/504 and the database pool."),
    ])
    repo.commit(utc("2026-12-07 09:40:00"), ines, "menu-api: service skeleton, manifests and HPA", files)
    repo.schedule(chores(random.Random(9101), SERVICE, [ines, rui, marta], utc("2026-12-07 09:40:00"), HPA_SYNC, 3))
    repo.commit(utc("2026-12-08 11:12:00"), rui, "hpa: scale down more slowly (stabilization 300s -> 600s); lunch dips made it flap", {
        "k8s/hpa.yaml": repo.edit("k8s/hpa.yaml", "stabilizationWindowSeconds: 300", "stabilizationWindowSeconds: 600"),
    })
    repo.commit(utc("2026-12-09 15:03:00"), marta, "menus: test opening hours across midnight", {
        "internal/menus/hours_test.go": "package menus\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestOpenAcrossMidnight(t *testing.T) {\n\th := Hours{Open: \"18:00\", Close: \"02:00\"}\n\tat := time.Date(2026, 12, 9, 1, 30, 0, 0, time.UTC)\n\tif !h.OpenAt(at) {\n\t\tt.Fatal(\"want open at 01:30\")\n\t}\n}\n",
    })
    repo.commit(utc("2026-12-10 08:31:00"), bot, "chore(deps): update module github.com/prometheus/client_golang to v1.20.5", {
        "go.mod": repo.edit("go.mod", "github.com/prometheus/client_golang v1.19.0", "github.com/prometheus/client_golang v1.20.5"),
    })
    culprit = repo.commit(utc("2026-12-11 09:58:00"), rui, "hpa: scale on requests per second per pod instead of CPU\n\nCPU lags the dinner burst by two or three minutes; the request rate\nleads it. Target 25 rps per pod (a pod serves about 35 before it queues).", {
        "k8s/hpa.yaml": repo.edit("k8s/hpa.yaml",
            "    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 65\n",
            "    - type: Pods\n      pods:\n        metric:\n          name: http_requests_total\n        target:\n          type: AverageValue\n          averageValue: \"25\"\n"),
    })
    head = repo.commit(utc("2026-12-11 10:09:00"), ines, "docs: how menu-api scales and where to see it", {
        "docs/scaling.md": "# Scaling\n\nThe HPA in k8s/hpa.yaml scales menu-api between 3 and 24 replicas on the\nper-pod request rate (target 25 rps; one pod serves about 35 before it\nqueues). The rate comes from the platform's prometheus-adapter.\n\nGrafana › menu-api › Scaling shows desired and current replicas next to the\nrate. Friday and Saturday dinner (17:00–21:00 UTC) is the peak: about\nfour times the morning's traffic.\n",
    })
    config = repo.commit(utc("2026-12-11 16:51:00"), marta, "config: menu cache TTL 60s -> 120s (restaurants change prices a few times a day)", {
        "config/production.yaml": repo.edit("config/production.yaml", "  ttl: 60s\n", "  ttl: 120s\n"),
    })
    fix = repo.commit(utc("2026-12-11 18:44:00"), rui, "hpa: the adapter exposes the rate as http_requests_per_second\n\nhttp_requests_total is the counter; the custom metrics API has no such\nmetric, so the HPA had not scaled since the morning sync.", {
        "k8s/hpa.yaml": repo.edit("k8s/hpa.yaml", "name: http_requests_total", "name: http_requests_per_second"),
    })
    return repo, culprit, head, config, fix


def zap(t, level, caller, msg, **fields):
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def demand(t):
    """Requests per second to menu-api: a quiet morning, lunch, the Friday dinner peak."""
    h = t.hour + t.minute / 60 + t.second / 3600
    return 62 + 48 * math.exp(-((h - 12.6) / 1.1) ** 2) + 240 * math.exp(-((h - 18.8) / 1.4) ** 2)


def replicas_at(t):
    if t >= FIX_DEPLOY + dt.timedelta(seconds=30):
        return max(12, math.ceil(demand(t) / 25))
    if t >= MANUAL_SCALE + dt.timedelta(seconds=40):
        return 12
    if t >= utc("2026-12-11 09:51:00"):
        return 5    # the CPU target after the breakfast orders; kept from the 10:24 sync on
    return 4


def build_logs(rng, head, config, fix):
    kcm = Log("kube-controller-manager.log")
    app = Log("menu-api.log")
    ingress = Log("ingress-nginx-access.log")
    argo = Log("argocd-application-controller.log")

    for when, sha in ((HPA_SYNC, head), (CONFIG_DEPLOY, config), (FIX_DEPLOY, fix)):
        argo.add(when - dt.timedelta(seconds=38), logfmt(when - dt.timedelta(seconds=38), "info", f"Initiated automated sync to '{sha}'", application="menu-api", dest_namespace="food"))
        argo.add(when, logfmt(when, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="menu-api", dest_namespace="food"))
    emit(rng, argo, START, END, 0.25, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="menu-api", dest_namespace="food", comparison_level=1, time_ms=rng.randint(40, 190)))])

    # The HPA controller syncs every 15 s; from the morning sync its only metric is missing.
    t = START + dt.timedelta(seconds=rng.uniform(0, 15))
    last = replicas_at(START)
    while t < END:
        if HPA_SYNC + dt.timedelta(seconds=9) <= t < FIX_DEPLOY + dt.timedelta(seconds=20):
            kcm.add(t, klog(t, "E", 1, "horizontal.go:270", "failed to compute desired number of replicas based on listed metrics for Deployment/food/menu-api: invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: unable to get metric http_requests_total: unable to fetch metrics from custom metrics API: the server could not find the metric http_requests_total for pods"))
            last = replicas_at(t)
            kcm.add(t, klog(t + dt.timedelta(microseconds=410), "I", 1, "event.go:389", "\"Event occurred\" object=\"food/menu-api\" fieldPath=\"\" kind=\"HorizontalPodAutoscaler\" apiVersion=\"autoscaling/v2\" type=\"Warning\" reason=\"FailedGetPodsMetric\" message=\"unable to get metric http_requests_total: unable to fetch metrics from custom metrics API: the server could not find the metric http_requests_total for pods\""))
        else:
            now = replicas_at(t)
            if now != last and not (MANUAL_SCALE <= t < FIX_DEPLOY):
                metric = "cpu resource utilization (percentage of request) above target" if now > last else "All metrics below target"
                if t >= FIX_DEPLOY:
                    metric = "pods metric http_requests_per_second above target" if now > last else "All metrics below target"
                kcm.add(t, klog(t, "I", 1, "horizontal.go:878", f"Successful rescale of menu-api, old size: {last}, new size: {now}, reason: {metric}"))
                last = now
        t += dt.timedelta(seconds=15, microseconds=rng.randint(0, 9000))
    kcm.add(MANUAL_SCALE, klog(MANUAL_SCALE, "I", 1, "replica_set.go:679", "\"Too few replicas\" replicaSet=\"food/menu-api-6d9f7c5b4\" need=12 creating=7"))
    emit(rng, kcm, START, END, 0.5, [
        (3, lambda t: klog(t, "I", 1, "cleaner.go:172", "Cleaning CSR \"csr-" + hexid(rng, 5) + "\" as it is more than 1h0m0s old and approved.")),
        (2, lambda t: klog(t, "I", 1, "job_controller.go:566", f"\"enqueueing job\" key=\"food/restaurant-sync-{rng.randint(29420000, 29429999)}\"")),
    ])

    pods = [f"menu-api-58c4d9f7b-{hexid(rng, 5)}" for _ in range(24)]
    new_pods = [f"menu-api-6d9f7c5b4-{hexid(rng, 5)}" for _ in range(24)]
    for i in range(5):
        s = CONFIG_DEPLOY + dt.timedelta(seconds=15 + 18 * i + rng.uniform(0, 4))
        app.add(s, zap(s, "info", "cmd/menu-api/main.go:29", "starting menu-api", version=config[:7], addr=":8080", pod=new_pods[i]))
        app.add(s + dt.timedelta(milliseconds=60), zap(s + dt.timedelta(milliseconds=60), "info", "internal/menus/cache.go:41", "menu cache ready", ttl="2m0s", max_entries=50000, pod=new_pods[i]))

    def pod_at(t):
        group = new_pods if t >= CONFIG_DEPLOY + dt.timedelta(seconds=100) else pods
        return rng.choice(group[:replicas_at(t)])

    # Latency follows the load per pod.
    t = START
    while t < END:
        rate = demand(t) / 250
        t += dt.timedelta(seconds=rng.expovariate(rate))
        if t >= END:
            break
        load = demand(t) / (replicas_at(t) * PER_POD_CAPACITY)
        client = ip(rng, "10.60")
        path, method, ua = weighted_path(rng)
        if load < 0.85:
            took = ms(rng, 28) / 1000
        else:
            took = min(9.9, ms(rng, 28) / 1000 + max(0.0, load - 0.85) * rng.uniform(4, 14))
        status, size = 200, rng.randint(900, 14000)
        if load > 1.0 and rng.random() < min(0.45, (load - 1.0) * 1.6):
            if rng.random() < 0.6:
                status, size, took = 504, 160, 5.0 + rng.uniform(0, 0.004)
            else:
                status, size, took = 503, 190, rng.uniform(0.001, 0.004)
        ingress.add(t, nginx_access(t, client, method, path, status, size, took, ua, upstream_rt=None if status == 503 else took))
        pod = pod_at(t)
        if status == 504:
            e = t + dt.timedelta(seconds=5, milliseconds=rng.randint(1, 9))
            app.add(e, zap(e, "error", "internal/http/handler.go:88", "request canceled while queued for a worker", pod=pod, path=path.split("?")[0], queued_ms=rng.randint(4980, 5010), err="context canceled"))
        elif took > 0.4 and rng.random() < 0.5:
            app.add(t, zap(t, "warn", "internal/http/handler.go:71", "slow request", pod=pod, path=path.split("?")[0], duration_ms=int(took * 1000), inflight=rng.randint(60, 128)))
    emit(rng, app, START, END, 0.9, [
        (3, lambda t: zap(t, "info", "internal/menus/sync.go:112", "restaurant menu updated", pod=pod_at(t), restaurant_id=rng.randint(1000, 9999), items=rng.randint(8, 140))),
        (1, lambda t: zap(t, "warn", "internal/menus/prices.go:57", "price missing for item, hiding it", pod=pod_at(t), restaurant_id=rng.randint(1000, 9999), item_id=rng.randint(100000, 999999))),
        (1, lambda t: zap(t, "info", "internal/menus/hours.go:33", "restaurant closed early", pod=pod_at(t), restaurant_id=rng.randint(1000, 9999))),
    ])
    return [kcm, app, ingress, argo]


def weighted_path(rng):
    r = rng.random()
    if r < 0.55:
        return f"/v1/restaurants/{rng.randint(1000, 9999)}/menu", "GET", "ComidaJa/7.41 (iOS 18.1)" if rng.random() < 0.5 else "ComidaJa/7.41 (Android 15)"
    if r < 0.85:
        return f"/v1/restaurants?lat=38.7{rng.randint(10, 99)}&lng=-9.1{rng.randint(10, 99)}&open=true", "GET", "ComidaJa/7.41 (Android 15)"
    if r < 0.97:
        return f"/v1/items/{rng.randint(100000, 999999)}/options", "GET", "ComidaJa/7.41 (iOS 18.1)"
    return f"/v1/restaurants/{rng.randint(1000, 9999)}/prices", "PUT", "restaurant-portal/3.2"


def build(out_dir):
    rng = random.Random(9100)
    repo, culprit, head, config, fix = build_repo()
    try:
        logs = build_logs(rng, head, config, fix)
        onset = min(t for t, _, text in logs[2].entries if '" 504 ' in text or '" 503 ' in text).replace(microsecond=0)
        metrics = {
            "kube_horizontalpodautoscaler_status_replicas.json": query_range([
                ({"horizontalpodautoscaler": "menu-api", "namespace": "food", "__name__": "kube_horizontalpodautoscaler_status_current_replicas"}, replicas_at),
                ({"horizontalpodautoscaler": "menu-api", "namespace": "food", "__name__": "kube_horizontalpodautoscaler_status_desired_replicas"}, replicas_at),
            ], START, END, 60),
            "menu_api_requests_per_second.json": query_range([({"service": SERVICE}, lambda t: round(demand(t), 1))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="hpa-metric-name", service=SERVICE, onset=onset,
            description=f"""
Menus load slowly or not at all in the app during the Friday dinner peak.
From {onset.strftime('%H:%M')} UTC ingress-nginx answers 504 and 503 for menu-api; its
latency had been normal all day. Argo CD synced menu-api at 10:24 and 17:06
(the second restarted the pods). The on-call engineer scaled the deployment
to 12 replicas by hand at 18:26; a fix was rolled out at 18:52.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"the server could not find the metric http_requests_total", r"failed to compute desired number of replicas"],
            fix_files=["k8s/hpa.yaml"],
            explanation="""
The culprit switches the HPA from CPU to a Pods metric named
http_requests_total, the raw counter; the custom metrics API (the platform's
prometheus-adapter) serves the rate as http_requests_per_second. From the
10:24 sync the controller-manager logs "could not find the metric" every
15 s and the HPA leaves the deployment at the five replicas the morning
had. Nothing shows until the dinner peak needs about ten: five pods queue,
ingress answers 504/503. The fix names the adapter's metric in
k8s/hpa.yaml. Decoys: the scale-down stabilization change to the same file
three days before, the docs commit the 10:24 sync names, the menu-cache TTL
change rolled out 24 minutes before the onset (the day's only pod restart),
a Renovate client_golang bump, a test and routine chores.
""",
        )
    finally:
        repo.close()
