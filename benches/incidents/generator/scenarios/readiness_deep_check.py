"""storefront-api: a change makes the readiness probe check the session Redis
and the database ("deep" readiness). Two hours later the session Redis
fails over during a scheduled node replacement (75 seconds): every pod fails
readiness at the same moment, the endpoints empty, and ingress-nginx answers
503 to every page, including the catalog pages that never touch a session.
Decoys: an earlier edit of the same health file, the Redis command-timeout
change rolled out 24 minutes before the onset (shares the errors' words), the
later commit the culprit's rollout names. pino JSON app log, kubelet (klog),
ingress-nginx controller (klog) and access log, ElastiCache events (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, nginx_access, pino
from skeletons import chores, k8s_deployment, node_service, runbook

SERVICE = "storefront-api"
DEPLOY = utc("2026-12-02 09:31:00")
CONFIG_DEPLOY = utc("2026-12-02 11:18:00")
ONSET = utc("2026-12-02 11:42:06")
UNREADY = utc("2026-12-02 11:42:19")
PROMOTED = utc("2026-12-02 11:43:21")
READY = utc("2026-12-02 11:43:26")
START, END = utc("2026-12-02 09:05:00"), utc("2026-12-02 12:05:00")
REDIS = "10.50.3.20:6379"

HEALTH = """'use strict';
// Health endpoints for the kubelet's probes.

function registerHealth(app) {
  app.get('/healthz', async () => ({ ok: true }));
}

module.exports = { registerHealth };
"""

SESSION = """'use strict';
// Sessions live in the shared session Redis (ElastiCache, one primary, one replica).
const Redis = require('ioredis');

const redis = new Redis(process.env.SESSION_REDIS_URL, {
  commandTimeout: 2000,
  maxRetriesPerRequest: 2,
});

module.exports = { redis };
"""


def build_repo():
    eva = Person("Eva Lindqvist", "eva.lindqvist@nordhem.se", 60)
    omar = Person("Omar Haddad", "omar.haddad@nordhem.se", 60)
    priya = Person("Priya Nair", "priya.nair@nordhem.se", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "Product pages, basket and checkout hand-off for the web shop.",
                         {"fastify": "4.26.2", "ioredis": "5.3.2", "pg": "8.11.3", "pino": "8.19.0"})
    files["src/health.js"] = HEALTH
    files["src/session.js"] = SESSION
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=4, memory="384Mi",
                                                  env={"SESSION_REDIS_URL": "rediss://storefront-sessions.nordhem.internal:6379"})
    files["docs/runbook.md"] = runbook(SERVICE, [("Storefront5xx", "5xx above 1 %: check the ingress, the pods' readiness and the session Redis.")])
    repo.commit(utc("2026-11-26 09:00:00"), omar, "storefront-api: import", files)
    repo.schedule(chores(random.Random(4601), SERVICE, [eva, omar, priya], utc("2026-11-26 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-30 13:10:00"), priya, "health: /healthz reports the running version", {
        "src/health.js": repo.edit("src/health.js", "app.get('/healthz', async () => ({ ok: true }));",
                                   "app.get('/healthz', async () => ({ ok: true, version: process.env.VERSION || 'dev' }));"),
    })
    repo.commit(utc("2026-12-01 15:00:00"), bot, "Bump pg from 8.11.3 to 8.11.5", {
        "package.json": repo.edit("package.json", '"pg": "8.11.3"', '"pg": "8.11.5"'),
    })
    culprit = repo.commit(utc("2026-12-02 08:47:00"), eva, "health: readiness checks the session store and the database\n\nA pod that cannot reach its dependencies should not get traffic.", {
        "src/health.js": repo.edit("src/health.js", "function registerHealth(app) {\n",
                                   "function registerHealth(app, { redis, db, log }) {\n"
                                   "  app.get('/readyz', async (req, reply) => {\n"
                                   "    try {\n"
                                   "      await Promise.all([redis.ping(), db.query('SELECT 1')]);\n"
                                   "      return { ready: true };\n"
                                   "    } catch (err) {\n"
                                   "      log.warn({ err: err.message }, 'readiness check failed');\n"
                                   "      return reply.code(503).send({ ready: false });\n"
                                   "    }\n"
                                   "  });\n"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "          readinessProbe:\n            httpGet:\n              path: /healthz",
                                         "          readinessProbe:\n            httpGet:\n              path: /readyz"),
    })
    head = repo.commit(utc("2026-12-02 09:14:00"), priya, "catalog: product cards show a low-stock badge", {
        "src/catalog/badges.js": "'use strict';\n// Below this many units a product card says 'only a few left'.\nmodule.exports = { LOW_STOCK: 5 };\n",
    })
    config = repo.commit(utc("2026-12-02 11:02:00"), omar, "session: fail redis commands after 500 ms instead of 2 s", {
        "src/session.js": repo.edit("src/session.js", "commandTimeout: 2000,", "commandTimeout: 500,"),
    })
    repo.commit(utc("2026-12-02 11:30:00"), eva, "docs: which endpoints need a session", {
        "docs/sessions.md": "# Sessions\n\nBasket and checkout need a session; catalog and search pages do not.\n",
    })
    return repo, culprit, head, config


def events(t, message):
    return json.dumps({"Date": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "SourceIdentifier": "storefront-sessions",
                       "SourceType": "replication-group", "Message": message}, separators=(",", ":"))


def build_logs(rng, head, config):
    app = Log("storefront-api.log")
    kubelet = Log("kubelet.log")
    controller = Log("ingress-nginx-controller.log")
    access = Log("ingress-nginx-access.log")
    elasticache = Log("elasticache-events.log")
    gen0 = [f"storefront-api-6b1{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    gen1 = [f"storefront-api-7d5{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    gen2 = [f"storefront-api-5f8{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    pod_ip = {pod: ip(rng, "10.50") for pod in gen0 + gen1 + gen2}
    for since, pods, version, probe_path in ((DEPLOY, gen1, head, "/readyz"), (CONFIG_DEPLOY, gen2, config, "/readyz")):
        for i, pod in enumerate(pods):
            t = since + dt.timedelta(seconds=20 * i)
            app.add(t, pino(t, "info", "started storefront-api", hostname=pod, version=version[:7], port=3000))
            kubelet.add(t - dt.timedelta(seconds=1), klog(t - dt.timedelta(seconds=1), "I", 1877, "prober.go:107",
                                                          f'"Probe failed" probeType="Readiness" pod="shop/{pod}" podUID="{hexid(rng, 8)}" containerName="storefront-api" probeResult="failure" output="Get \\"http://{pod_ip[pod]}:3000{probe_path}\\": dial tcp {pod_ip[pod]}:3000: connect: connection refused"'))

    def pods_at(t):
        if t < DEPLOY + dt.timedelta(seconds=40):
            return gen0
        return gen1 if t < CONFIG_DEPLOY + dt.timedelta(seconds=40) else gen2
    for t in poisson_times(rng, START, END, 20):
        pod = rng.choice(pods_at(t))
        path = weighted_path(rng)
        client = ip(rng, "10.51")
        ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)"])
        if UNREADY <= t < READY + dt.timedelta(seconds=2):
            access.add(t, nginx_access(t, client, "GET", path, 503, 190, 0.000, ua))
            continue
        if ONSET <= t < PROMOTED and path.startswith("/api/basket"):
            app.add(t, pino(t, "error", "request failed", hostname=pod, reqId=f"req-{rng.randint(1, 99999)}", url=path, statusCode=500,
                            err={"type": "Error", "message": "Command timed out"}))
            access.add(t, nginx_access(t, client, "GET", path, 500, 61, 0.51, ua, upstream_rt=0.5))
            continue
        took = ms(rng, 35)
        app.add(t, pino(t, "info", "request completed", hostname=pod, reqId=f"req-{rng.randint(1, 99999)}", url=path, statusCode=200, responseTime=took))
        access.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(2000, 40000), took / 1000, ua, upstream_rt=took / 1000))
    for pod in gen2:
        t = ONSET + dt.timedelta(milliseconds=rng.randint(0, 900))
        app.add(t, pino(t, "error", "redis connection lost", hostname=pod, err={"type": "Error", "message": f"connect ECONNREFUSED {REDIS}", "code": "ECONNREFUSED"}))
        probe = ONSET + dt.timedelta(seconds=rng.uniform(0.5, 5))
        while probe < PROMOTED:
            app.add(probe, pino(probe, "warn", "readiness check failed", hostname=pod, err="Command timed out"))
            kubelet.add(probe + dt.timedelta(milliseconds=3), klog(probe + dt.timedelta(milliseconds=3), "I", 1877, "prober.go:107",
                                                                   f'"Probe failed" probeType="Readiness" pod="shop/{pod}" podUID="{hexid(rng, 8)}" containerName="storefront-api" probeResult="failure" output="HTTP probe failed with statuscode: 503"'))
            probe += dt.timedelta(seconds=5)
        t = PROMOTED + dt.timedelta(milliseconds=rng.randint(100, 900))
        app.add(t, pino(t, "info", "redis ready", hostname=pod, host="storefront-sessions.nordhem.internal"))
    t = UNREADY + dt.timedelta(milliseconds=200)
    while t < READY:
        controller.add(t, klog(t, "W", 7, "controller.go:1216", 'Service "shop/storefront-api" does not have any active Endpoint.'))
        t += dt.timedelta(seconds=rng.uniform(3, 8))
    emit(rng, controller, START, END, 0.15, [(1, lambda t: klog(t, "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"')),
                                               (1, lambda t: klog(t, "I", 7, "controller.go:213", '"Backend successfully reloaded"'))])
    emit(rng, kubelet, START, END, 0.3, [(1, lambda t: klog(t, "I", 1877, "kubelet_getters.go:187", '"Pod status updated" pod="kube-system/kube-proxy-8w2xq" status="Running"'))])
    for t, message in ((utc("2026-12-02 11:41:58"), "Scheduled maintenance: replacing node 0001-001 in node group 0001"),
                       (utc("2026-12-02 11:43:19"), "Failover from primary node storefront-sessions-0001-001 to replica node storefront-sessions-0001-002 completed"),
                       (utc("2026-12-02 11:49:40"), "Cache node 0001-001 replaced; added as replica")):
        elasticache.add(t, events(t, message))
    return [app, kubelet, controller, access, elasticache]


def weighted_path(rng):
    kind = rng.random()
    if kind < 0.6:
        return f"/api/products/{rng.randint(100000, 999999)}"
    if kind < 0.85:
        return f"/api/search?q={rng.choice(['sofa', 'lamp', 'rug', 'desk', 'chair'])}"
    return "/api/basket"


def build(out_dir):
    rng = random.Random(4600)
    repo, culprit, head, config = build_repo()
    try:
        def ready(t):
            return 0 if UNREADY <= t < READY else 4

        def unavailable(t):
            return 1.0 if UNREADY <= t < READY else 0.0

        metrics = {
            "kube_endpoint_address_available.json": query_range([({"namespace": "shop", "endpoint": SERVICE}, ready)], START, END, 15),
            "nginx_ingress_503_ratio.json": query_range([({"ingress": SERVICE}, unavailable)], START, END, 15),
        }
        return write_scenario(
            out_dir, name="readiness-deep-check", service=SERVICE, onset=ONSET,
            description="""
Readiness probe coupled to a shared dependency. The 09:31 rollout points the
readiness probe at /readyz, which pings the session Redis and the database. At
11:42 ElastiCache fails the session Redis over during a scheduled node
replacement (75 s): every pod fails readiness at once, the Service has no
endpoints and ingress-nginx answers 503 to every page, catalog and search
included, until the replica is promoted and the pods are ready again.
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"readiness check failed", r"does not have any active Endpoint"],
            fix_files=["src/health.js", "k8s/deployment.yaml"],
            explanation="""
The culprit adds /readyz with Redis and database checks in src/health.js and
points the readiness probe at it in k8s/deployment.yaml. The failover is the
trigger (routine, announced maintenance); without the deep check only basket
calls would have failed for a minute. Decoys: the version edit of the same
health file two days before, the Redis command-timeout change rolled out 24
minutes before the onset (shares the errors' words: redis, timed out), the
low-stock badge commit the 09:31 rollout named, a pg bump, docs after it.
""",
        )
    finally:
        repo.close()
