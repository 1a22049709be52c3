"""catalog-search (Rust, axum and reqwest, tracing-subscriber's JSON format;
four pods on Kubernetes behind Traefik; deployed by Buildkite with kubectl;
team in Milan, Madrid and Kraków): Mercato's product search. It queries an
Elastic Cloud deployment (Elasticsearch 8.14, six hot data nodes in AWS
eu-west-1, index products-v41 with 12 primaries and one replica) that the
provider runs.

On Tuesday 23 June Elastic migrates the deployment's instances off hosts
that AWS retires ("platform-initiated host migration"), a plan the team
did not start. New instances join, shards relocate, two old nodes leave
while their relocations are still under way and a primary fails over.
The remaining nodes' search thread pools fill: from 15:12 UTC searches are
rejected with es_rejected_execution_exception (429), others fail with
search_phase_execution_exception (all shards failed) or time out.
catalog-search answers 503 and the shop's search and category pages fail.
Elastic's deployment activity shows the plan (started by the platform,
not the team); its status page posts 32 minutes after the first failure.
The plan finishes at 15:49 and searches recover. Nothing in this
repository caused it.

Decoys: a config change rolled out at 14:43, 29 minutes before the onset,
that doubles the Elasticsearch client's idle connections per host and
raises its timeout (same client, same words); the morning commit that logs
Elasticsearch's error type and reason and the shard failures of a failed
search (the incident's lines); a tokio bump; docs; chores. App (Rust
tracing JSON), Elasticsearch server logs (ECS JSON, from the deployment's
logging), Traefik access log (JSON), Elastic Cloud deployment activity
(JSON), Elastic status page (JSON, posted late), Buildkite deploy step."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "catalog-search"
START, END = utc("2026-06-23 13:45:00"), utc("2026-06-23 16:20:00")
MORNING_DEPLOY = utc("2026-06-23 09:06:10")
CONFIG_DEPLOY = utc("2026-06-23 14:43:30")
PLAN_START = utc("2026-06-23 14:58:02")
OUTAGE, RECOVERED = utc("2026-06-23 15:12:20"), utc("2026-06-23 15:49:10")
STATUS_POSTED = utc("2026-06-23 15:45:30")
VERSION = "2.14.0"

ES_RS = """//! Elasticsearch search client (Elastic Cloud, products-v41).

use std::time::Duration;

use serde_json::Value;
use tracing::warn;

use crate::config::EsConfig;

pub struct Es {
    http: reqwest::Client,
    base: String,
}

impl Es {
    pub fn new(cfg: &EsConfig) -> Self {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(cfg.pool_max_idle_per_host)
            .timeout(Duration::from_millis(cfg.timeout_ms))
            .build()
            .expect("es client");
        Es { http, base: cfg.url.clone() }
    }

    pub async fn search(&self, body: &Value) -> Result<Value, SearchError> {
        let res = self.http.post(format!("{}/products/_search", self.base)).json(body).send().await?;
        let status = res.status();
        let json: Value = res.json().await?;
        if !status.is_success() {
            warn!(status = status.as_u16(), "search failed");
            return Err(SearchError::Status(status.as_u16()));
        }
        Ok(json)
    }
}
"""

CONFIG = """[server]
listen = "0.0.0.0:8080"

[es]
url = "https://mercato-prod.es.eu-west-1.aws.found.io:443"
timeout_ms = 1500
pool_max_idle_per_host = 32

[search]
default_size = 48
"""


def repo_files():
    return {
        "Cargo.toml": f'[package]\nname = "catalog-search"\nversion = "{VERSION}"\nedition = "2021"\n\n[dependencies]\naxum = "0.7"\ntokio = {{ version = "1.37.0", features = ["full"] }}\nreqwest = {{ version = "0.12", features = ["json", "rustls-tls"] }}\nserde_json = "1"\ntracing = "0.1"\ntracing-subscriber = {{ version = "0.3", features = ["json", "env-filter"] }}\n',
        "src/main.rs": 'mod config;\nmod es;\nmod routes;\n\n#[tokio::main]\nasync fn main() {\n    tracing_subscriber::fmt().json().with_current_span(false).init();\n    let cfg = config::load();\n    tracing::info!(version = env!("CARGO_PKG_VERSION"), git_sha = env!("GIT_SHA"), "catalog-search starting");\n    routes::serve(cfg).await\n}\n',
        "src/es.rs": ES_RS,
        "src/routes.rs": "//! GET /search?q=&category=&page= -> products-v41; 503 when Elasticsearch fails.\n",
        "src/config.rs": "//! config/production.toml\n",
        "config/production.toml": CONFIG,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=4, memory="256Mi", cpu="500m", env={"CONFIG_PATH": "/config/production.toml"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        ".buildkite/pipeline.yml": "steps:\n  - label: test\n    command: cargo test --locked\n  - wait\n  - label: deploy\n    branches: main\n    command: scripts/deploy.sh\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: cargo clippy -- -D warnings\n", "      - uses: dtolnay/rust-toolchain@1.79\n"),
        "README.md": readme(SERVICE, "Mercato's product search over the Elastic Cloud deployment mercato-prod.", "cargo run"),
    }


def build_repo():
    giulia = Person("Giulia Romano", "giulia.romano@mercato.shop", 120)
    pablo = Person("Pablo Ortega", "pablo.ortega@mercato.shop", 120)
    tomek = Person("Tomasz Wiśniewski", "tomasz.wisniewski@mercato.shop", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("SearchErrorRate", "More than 1 % of /search answers are 5xx: read `search failed` lines; 429 means Elasticsearch's search queue is full."),
        ("ElasticCloud", "The deployment is managed by Elastic Cloud: console > mercato-prod > Activity shows plan changes; status.elastic.co for incidents."),
    ])
    repo.commit(utc("2026-06-17 09:00:00"), giulia, "catalog-search: import", files)
    repo.schedule(chores(random.Random(15401), SERVICE, [giulia, pablo, tomek], utc("2026-06-17 09:00:00"), utc("2026-06-22 16:00:00"), 3))
    repo.commit(utc("2026-06-19 11:15:00"), tomek, "search: boost in-stock products", {
        "src/routes.rs": repo.files["src/routes.rs"] + "//! function_score: in_stock boosts by 1.4.\n",
    })
    repo.commit(utc("2026-06-23 05:10:00"), bot, "Bump tokio from 1.37.0 to 1.38.0", {
        "Cargo.toml": repo.edit("Cargo.toml", 'version = "1.37.0"', 'version = "1.38.0"'),
    })
    morning = repo.commit(utc("2026-06-23 07:48:00"), pablo, "es: log error type, reason and shard failures\n\n'search failed status=400' did not say which query clause Elasticsearch\nrejected. Log error.type and error.reason from the body and, for\npartial failures, the failed shards.", {
        "src/es.rs": repo.edit("src/es.rs", '            warn!(status = status.as_u16(), "search failed");\n',
                               '            let err = &json["error"];\n'
                               '            warn!(status = status.as_u16(), es_error = %err["type"].as_str().unwrap_or("-"),\n'
                               '                  es_reason = %err["reason"].as_str().unwrap_or("-"), failed_shards = %err["failed_shards"], "search failed");\n'),
    })
    repo.commit(utc("2026-06-23 10:30:00"), giulia, "docs: search relevance notes", {
        "docs/relevance.md": "# Relevance\n\nmulti_match over title^3, brand^2, description; in-stock boost 1.4;\ncategory pages filter on category_path and sort by popularity.\n",
    })
    config = repo.commit(utc("2026-06-23 14:31:00"), tomek, "es: 64 idle connections per host, 2 s timeout\n\nAt the lunch peak p99 showed new TLS handshakes to Elastic Cloud;\nkeep more connections warm and give slow category queries 2 s.", {
        "config/production.toml": repo.edit("config/production.toml", "timeout_ms = 1500\npool_max_idle_per_host = 32\n", "timeout_ms = 2000\npool_max_idle_per_host = 64\n"),
    })
    repo.commit(utc("2026-06-23 16:40:00"), giulia, "runbook: Elastic Cloud plan changes", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Rejections during a plan change\n\nA platform-initiated host migration relocates shards and can fill the\nsearch queues (429 es_rejected_execution_exception) for half an hour.\nAsk Elastic support to pause it; rolling back catalog-search does not help.\n",
    })
    return repo, morning, config


def tjson(t, level, target, message, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z", "level": level, "fields": {"message": message, **fields}, "target": target}
    return json.dumps(body, separators=(",", ":"))


def ecs(t, level, logger, node, message, **extra):
    t = t.astimezone(dt.timezone.utc)
    body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "log.level": level, "message": message,
            "ecs.version": "1.2.0", "service.name": "ES_ECS", "event.dataset": "elasticsearch.server", "process.thread.name": extra.pop("thread", "elasticsearch[" + node + "][generic][T#3]"),
            "log.logger": logger, "elasticsearch.cluster.name": "f3a9c1d2e4b54b6f9e0a7c8d1b2e3f40", "elasticsearch.node.name": node}
    body.update(extra)
    return json.dumps(body, separators=(",", ":"))


def failure(t):
    if t < OUTAGE or t >= RECOVERED:
        return 0.0
    into = (t - OUTAGE).total_seconds()
    left = (RECOVERED - t).total_seconds()
    return min(0.7, 0.15 + into / 240 * 0.55, 0.05 + left / 300 * 0.65)


def build_logs(rng):
    app = Log("catalog-search.log")
    es = Log("elasticsearch.log")
    traefik = Log("traefik-access.log")
    activity = Log("elastic-cloud-activity.log")
    status = Log("elastic-status.log")
    deploy = Log("buildkite-deploy.log")
    return app, es, traefik, activity, status, deploy


def fill(rng, logs, morning, config):
    app, es, traefik, activity, status, deploy = logs
    old_nodes = [f"instance-000000000{i}" for i in range(6)]
    new_nodes = [f"instance-00000000{i}" for i in range(10, 16)]

    # --- deploy --------------------------------------------------------------------------------------
    t = CONFIG_DEPLOY - dt.timedelta(seconds=40)
    for text in ["--- :kubernetes: deploy catalog-search", f"+ kubectl set image deployment/catalog-search catalog-search=europe-docker.pkg.dev/mercato/apps/catalog-search:{config}",
                 "deployment.apps/catalog-search image updated", "+ kubectl rollout status deployment/catalog-search --timeout=5m"]:
        deploy.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC {text}")
        t += dt.timedelta(seconds=1)
    pods = [f"catalog-search-{hexid(rng, 10)}-{hexid(rng, 5)}" for _ in range(4)]
    for i, pod in enumerate(pods):
        ts = CONFIG_DEPLOY + dt.timedelta(seconds=10 * i)
        app.add(ts, tjson(ts, "INFO", "catalog_search", "catalog-search starting", version=VERSION, git_sha=config[:12], es_pool_max_idle_per_host=64, es_timeout_ms=2000))
        deploy.add(ts + dt.timedelta(seconds=3), f"{(ts + dt.timedelta(seconds=3)).strftime('%Y-%m-%d %H:%M:%S')} UTC Waiting for deployment \"catalog-search\" rollout to finish: {i + 1} of 4 updated replicas are available...")
    te = CONFIG_DEPLOY + dt.timedelta(seconds=45)
    deploy.add(te, f"{te.strftime('%Y-%m-%d %H:%M:%S')} UTC deployment \"catalog-search\" successfully rolled out")

    # --- searches --------------------------------------------------------------------------------------
    def rate(t):
        return 11.0 + 3.0 * ((t - START).total_seconds() / (END - START).total_seconds())

    arrivals = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt
    for t in arrivals:
        p = failure(t)
        path = rng.choice([f"/search?q={rng.choice(['scarpe+running', 'zaino', 'iphone+15+cover', 'lampada+led', 'giacca+pioggia', 'caffettiera'])}&page=1",
                           f"/search?category={rng.choice(['casa/cucina', 'sport/running', 'elettronica/accessori', 'moda/donna'])}&page={rng.randint(1, 4)}"])
        client = f"{rng.randint(80, 200)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        pod = rng.choice(pods) if t >= CONFIG_DEPLOY else None
        if rng.random() < p:
            kind = rng.choices(["rejected", "shards", "timeout"], [6, 2, 1])[0]
            if kind == "rejected":
                took = ms(rng, 25, 0.5)
                e = t + dt.timedelta(milliseconds=took)
                app.add(e, tjson(e, "WARN", "catalog_search::es", "search failed", status=429, es_error="es_rejected_execution_exception",
                                 es_reason=f"rejected execution of TimedRunnable{{original=ActionRunnable#wrap[org.elasticsearch.search.SearchService$$Lambda/0x{hexid(rng, 12)}@{hexid(rng, 8)}], creationTimeNanos={rng.randint(10**12, 10**13)}}} on TaskExecutionTimeTrackingEsThreadPoolExecutor[name = {rng.choice(new_nodes[:3] + old_nodes[2:])}/search, queue capacity = 1000, task execution EWMA = {rng.randint(40, 400)}ms, total task execution time = {rng.randint(1, 9)}.{rng.randint(1, 9)}h, queue size = 1000, active threads = 13, queued tasks = 1000, completed tasks = {rng.randint(10**7, 10**8)}]",
                                 failed_shards="null"))
            elif kind == "shards":
                took = ms(rng, 300, 0.5)
                e = t + dt.timedelta(milliseconds=took)
                app.add(e, tjson(e, "WARN", "catalog_search::es", "search failed", status=503, es_error="search_phase_execution_exception", es_reason="all shards failed",
                                 failed_shards=json.dumps([{"shard": rng.randint(0, 11), "index": "products-v41", "reason": {"type": "no_shard_available_action_exception", "reason": None}}], separators=(",", ":"))))
            else:
                took = 2000
                e = t + dt.timedelta(milliseconds=took)
                app.add(e, tjson(e, "WARN", "catalog_search::es", "search failed", status=0, es_error="-", es_reason="operation timed out", failed_shards="null"))
            app.add(e + dt.timedelta(microseconds=300), tjson(e + dt.timedelta(microseconds=300), "ERROR", "catalog_search::routes", "search unavailable", path=path.split("?")[0], status=503))
            code, size = 503, 74
        else:
            took = ms(rng, 45 if p == 0 else 400, 0.5)
            e = t + dt.timedelta(milliseconds=took)
            code, size = 200, rng.randint(9000, 42000)
            if rng.random() < 0.12:
                app.add(e, tjson(e, "INFO", "catalog_search::routes", "search", path=path.split("?")[0], hits=rng.randint(0, 4000), took_ms=took))
        traefik.add(e, json.dumps({"ClientHost": client, "DownstreamContentSize": size, "DownstreamStatus": code, "Duration": (took + 1) * 1000000,
                                   "OriginContentSize": size, "OriginDuration": took * 1000000, "OriginStatus": code, "RequestHost": "www.mercato.shop",
                                   "RequestMethod": "GET", "RequestPath": "/api" + path, "RequestProtocol": "HTTP/2.0", "RouterName": "catalog-search-api@kubernetescrd",
                                   "ServiceName": "shop-catalog-search-8080@kubernetes", "StartUTC": t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z", "entryPointName": "websecure",
                                   "level": "info", "msg": "", "time": e.strftime("%Y-%m-%dT%H:%M:%SZ")}, separators=(",", ":")))

    # --- Elasticsearch ---------------------------------------------------------------------------------
    emit(rng, es, START, END, 0.5, [
        (3, lambda t: ecs(t, "INFO", "org.elasticsearch.monitor.jvm.JvmGcMonitorService", rng.choice(old_nodes if t < PLAN_START + dt.timedelta(minutes=20) else new_nodes),
                          f"[gc][{rng.randint(100000, 900000)}] overhead, spent [{rng.randint(250, 600)}ms] collecting in the last [1s]")),
        (1, lambda t: ecs(t, "INFO", "org.elasticsearch.cluster.metadata.MetadataMappingService", "instance-0000000001" if t < PLAN_START else "instance-0000000010",
                          "[.ds-logs-apm.app-default-2026.06.09-000004/" + hexid(rng, 22) + "] update_mapping [_doc]")),
    ])
    t = PLAN_START + dt.timedelta(seconds=50)
    for n in new_nodes:
        es.add(t, ecs(t, "INFO", "org.elasticsearch.cluster.service.ClusterApplierService", "instance-0000000001", f"added {{{{{n}}}{{{hexid(rng, 22)}}}{{10.1.{rng.randint(0, 255)}.{rng.randint(2, 250)}}}{{himrst}}}}, term: 41, version: {rng.randint(880000, 889999)}, reason: Publication{{term=41, version={rng.randint(880000, 889999)}}}"))
        t += dt.timedelta(seconds=rng.randint(20, 60))
    for t in poisson_times(rng, PLAN_START + dt.timedelta(minutes=4), RECOVERED - dt.timedelta(minutes=3), 1.2):
        es.add(t, ecs(t, "INFO", "org.elasticsearch.cluster.routing.allocation.AllocationService", "instance-0000000001",
                      f"Cluster health status changed from [GREEN] to [YELLOW] (reason: [shard started [[products-v41][{rng.randint(0, 11)}]]])." if rng.random() < 0.1 else
                      f"[products-v41][{rng.randint(0, 11)}] relocating from [{rng.choice(old_nodes)}] to [{rng.choice(new_nodes)}]: recovery of [{rng.randint(3, 9)}.{rng.randint(1, 9)}gb] in progress"))
    for i, n in enumerate(old_nodes[:2]):
        tl = OUTAGE - dt.timedelta(seconds=5) + dt.timedelta(minutes=3 * i)
        es.add(tl, ecs(tl, "INFO", "org.elasticsearch.cluster.service.MasterService", "instance-0000000002", f"node-left[{{{n}}}{{{hexid(rng, 22)}}} reason: disconnected], term: 42, version: {rng.randint(890000, 899999)}, delta: removed {{{{{n}}}}}"))
        es.add(tl + dt.timedelta(milliseconds=40), ecs(tl + dt.timedelta(milliseconds=40), "WARN", "org.elasticsearch.cluster.routing.allocation.AllocationService", "instance-0000000002",
                                                       f"failing shard [FailedShard[routingEntry=[products-v41][{rng.randint(0, 11)}], node[{hexid(rng, 22)}], [P], s[RELOCATING], message=node left, failure=null, markAsStale=true]]"))
    for t in poisson_times(rng, OUTAGE, RECOVERED, 3):
        node = rng.choice(new_nodes[:3] + old_nodes[2:])
        es.add(t, ecs(t, "DEBUG" if rng.random() < 0.0 else "WARN", "org.elasticsearch.action.search.TransportSearchAction", node,
                      f"[{node}][search] rejected execution: queue capacity = 1000, queued tasks = 1000",
                      thread=f"elasticsearch[{node}][search][T#{rng.randint(1, 13)}]"))
    tr = RECOVERED - dt.timedelta(seconds=40)
    es.add(tr, ecs(tr, "INFO", "org.elasticsearch.cluster.routing.allocation.AllocationService", "instance-0000000010", "Cluster health status changed from [YELLOW] to [GREEN] (reason: [shards started [[products-v41][7]]])."))

    # --- Elastic Cloud activity and status --------------------------------------------------------------
    def act(when, text, **kw):
        body = {"timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "deployment": "mercato-prod", "resource": "elasticsearch", "plan_attempt": "a1c9", "source": "platform-initiated",
                "initiator": "Elastic", "step": text}
        body.update(kw)
        activity.add(when, json.dumps(body, separators=(",", ":")))
    act(PLAN_START, "plan started", reason="host migration: underlying instances scheduled for retirement by the cloud provider")
    act(PLAN_START + dt.timedelta(seconds=40), "allocate-instances", instances=new_nodes)
    act(PLAN_START + dt.timedelta(minutes=4), "migrate-data", move_only=True)
    act(OUTAGE - dt.timedelta(seconds=8), "remove-instances", instances=old_nodes[:2])
    act(RECOVERED - dt.timedelta(minutes=1), "remove-instances", instances=old_nodes[2:])
    act(RECOVERED + dt.timedelta(minutes=2), "plan completed", duration_s=int((RECOVERED + dt.timedelta(minutes=2) - PLAN_START).total_seconds()))

    def post(when, state, text):
        status.add(when, json.dumps({"page": "status.elastic.co", "incident": "Elasticsearch Service - AWS eu-west-1: degraded search performance during host maintenance",
                                     "status": state, "updated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "body": text, "components": ["Elastic Cloud - AWS eu-west-1"]}, separators=(",", ":")))
    post(STATUS_POSTED, "investigating", "Some deployments in AWS eu-west-1 undergoing platform maintenance (host migration) are experiencing search rejections and elevated latency. We are pausing further migrations.")
    post(utc("2026-06-23 16:05:12"), "monitoring", "Affected deployments have completed their migration and search performance has recovered. We continue to monitor.")
    return [app, es, traefik, activity, status, deploy]


def build(out_dir):
    rng = random.Random(15400)
    repo, morning, config = build_repo()
    try:
        logs = fill(rng, build_logs(rng), morning, config)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "search failed" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="search-host-migration-none", service=SERVICE, onset=onset,
            description=f"""
The shop's search and category pages fail. From {onset.strftime('%H:%M')} UTC a large share of
/api/search requests answer 503; catalog-search logs failed searches
(429 rejections, all shards failed, timeouts). catalog-search was deployed
at 09:06 (a change to its search error line) and at 14:43 (Elasticsearch
client pool and timeout). Searches recover at about 15:49.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"host migration: underlying instances scheduled for retirement", r"rejected execution: queue capacity"],
            fix_files=[],
            explanation=f"""
Nothing in catalog-search's repository caused it. Elastic Cloud started a
platform-initiated plan on the mercato-prod deployment at 14:58 (host
migration: its instances were scheduled for retirement by AWS): six new
instances joined, shards of products-v41 relocated, and at 15:12 two old
nodes were removed while relocations were in flight; a relocating primary
failed and the remaining nodes' search queues filled ("rejected
execution: queue capacity = 1000"). catalog-search's searches were
rejected with es_rejected_execution_exception (429), failed with
search_phase_execution_exception (all shards failed) or timed out, and it
answered 503. Elastic's status page posts {int((STATUS_POSTED - onset).total_seconds() // 60)} minutes after the first
failure; the plan completes and searches recover at 15:49. Decoys: the
Elasticsearch client pool and timeout change rolled out at 14:43,
{int((onset - CONFIG_DEPLOY).total_seconds() // 60)} minutes before the onset (same client); the morning commit that
logs Elasticsearch's error type, reason and failed shards (the fields of
every failure line); the tokio bump; the in-stock boost; docs; chores; the
runbook commit after.
""",
        )
    finally:
        repo.close()
