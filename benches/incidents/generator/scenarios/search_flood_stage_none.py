"""audit-trail (Kotlin, Spring Boot, team in Singapore): consumes audit events
from Kafka and bulk-indexes them into the shared OpenSearch cluster the
platform team runs. At 03:40 UTC the search team starts a full reindex of
their product catalogue into a new index on the same cluster; its shards
fill the data nodes' disks, and at 04:12 os-data-2 passes the flood-stage
watermark (95 %). OpenSearch puts a read-only-allow-delete block on every
index with a shard on that node, audit-trail's daily index among them: every
bulk request is rejected with cluster_block_exception, the consumer pauses
and retries, and its lag climbs to about 180 000 events. Searches of the
audit log still work. The block also stops the reindex, and the disks stay
full until the platform team deletes the half-built index at 04:50; OpenSearch releases the block at 04:52 and the
consumer catches up. Nothing in audit-trail's repository caused it. Decoys:
a retention change the day before (keep audit indices 400 days, not 365),
a commit that logs each rejected bulk item's reason, and a bulk-size change
(500 -> 2000 documents) rolled out 35 minutes before the onset. App log
(logstash-logback JSON with stack traces), OpenSearch (log4j, three data
nodes and a cluster manager), consumer-lag exporter (logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "audit-trail"
PKG = "sg.tessellate.audit"
PATH = "src/main/kotlin/sg/tessellate/audit"
DEPLOY = utc("2026-12-23 03:37:00")
REINDEX = utc("2026-12-23 03:40:05")
FLOOD = utc("2026-12-23 04:12:05")
CANCELLED = utc("2026-12-23 04:50:33")
RELEASED = utc("2026-12-23 04:52:17")
START, END = utc("2026-12-23 02:30:00"), utc("2026-12-23 05:25:00")
NODES = ["os-data-1", "os-data-2", "os-data-3"]
NODE_IDS = {"os-data-1": "Hq3VfN1sR2aYt7cKd0bWxg", "os-data-2": "p8LmZ4uQTj6oE2wRk9sHnA", "os-data-3": "c1YbX7eDvM5gU0qJi3fLtw"}
INDEX = "audit-2026.12.23"

APPLICATION = """server:
  port: 8080
audit:
  kafka:
    topic: audit-events
    group: audit-trail-indexer
  opensearch:
    url: https://search.platform.internal:9200
    index-prefix: audit-
    bulk-size: 500
    flush-interval: 2s
  retention-days: 365
management:
  endpoints.web.exposure.include: health,prometheus
"""

INDEXER = f"""package {PKG}.index

import org.opensearch.action.bulk.BulkRequest
import org.opensearch.client.RequestOptions
import org.opensearch.client.RestHighLevelClient
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

@Component
class BulkIndexer(private val client: RestHighLevelClient, private val props: AuditProperties) {{
    private val log = LoggerFactory.getLogger(BulkIndexer::class.java)

    /** Indexes one batch; returns false (and the consumer pauses and retries) when any item failed. */
    fun index(batch: List<AuditEvent>): Boolean {{
        val request = BulkRequest()
        batch.forEach {{ request.add(it.toIndexRequest(props.indexFor(it.occurredAt))) }}
        val response = client.bulk(request, RequestOptions.DEFAULT)
        if (response.hasFailures()) {{
            log.error("bulk request had failures, pausing consumer", )
            return false
        }}
        return true
    }}
}}
"""


def build_repo():
    wei = Person("Tan Wei Ling", "weiling.tan@tessellate.sg", 480)
    arjun = Person("Arjun Pillai", "arjun.pillai@tessellate.sg", 480)
    sofia = Person("Sofia Lindqvist", "sofia.lindqvist@tessellate.sg", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Stores the company's audit events (who did what, when) and serves searches over them.")
    files["build.gradle"] = files["build.gradle"].replace("    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
                                                          "    implementation 'io.micrometer:micrometer-registry-prometheus'\n    implementation 'org.springframework.kafka:spring-kafka'\n    implementation 'org.opensearch.client:opensearch-rest-high-level-client:2.11.1'\n    implementation 'net.logstash.logback:logstash-logback-encoder:7.4'\n")
    files[f"{PATH}/index/BulkIndexer.kt"] = INDEXER.replace("log.error(\"bulk request had failures, pausing consumer\", )", "log.error(\"bulk request had failures, pausing consumer\")")
    files["src/main/resources/application.yml"] = APPLICATION
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="1Gi", cpu="500m", env={"SPRING_PROFILES_ACTIVE": "prod"})
    files["docs/runbook.md"] = runbook(SERVICE, [("AuditConsumerLag", "Lag above 50k: check the indexer's errors; the OpenSearch cluster is the platform team's (#platform-search).")])
    repo.commit(utc("2026-12-17 02:00:00"), wei, "audit-trail: import", files)
    repo.schedule(chores(random.Random(7301), SERVICE, [wei, arjun, sofia], utc("2026-12-17 02:00:00"), DEPLOY, 5))
    repo.commit(utc("2026-12-22 06:15:00"), arjun, "retention: keep audit indices for 400 days (compliance asked for 13 months)", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "retention-days: 365", "retention-days: 400"),
    })
    repo.commit(utc("2026-12-22 08:40:00"), bot, "fix(deps): update dependency org.opensearch.client:opensearch-rest-high-level-client to v2.11.2", {
        "build.gradle": repo.edit("build.gradle", "opensearch-rest-high-level-client:2.11.1", "opensearch-rest-high-level-client:2.11.2"),
    })
    repo.commit(utc("2026-12-23 01:52:00"), wei, "indexer: log the first rejected item's type and reason when a bulk request fails", {
        f"{PATH}/index/BulkIndexer.kt": repo.edit(f"{PATH}/index/BulkIndexer.kt",
            "            log.error(\"bulk request had failures, pausing consumer\")\n",
            "            val first = response.items.first { it.isFailed }\n"
            "            log.error(\"bulk request had failures, pausing consumer: {} of {} items failed, first: index={} status={} reason={}\",\n"
            "                response.items.count { it.isFailed }, batch.size, first.index, first.status(), first.failureMessage)\n"),
    })
    bulk = repo.commit(utc("2026-12-23 03:18:00"), arjun, "indexer: bulk size 500 -> 2000 documents (fewer round trips at the morning peak)", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "bulk-size: 500", "bulk-size: 2000"),
    })
    repo.commit(utc("2026-12-23 05:14:00"), sofia, "runbook: flood-stage blocks on the shared cluster", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## cluster_block_exception\n\nThe cluster hit its disk flood stage; ask #platform-search. OpenSearch lifts the block itself once disk is freed.\n",
    })
    return repo, bulk


def disk_percent(t, node):
    """Used disk on each data node: the reindex's shards land fastest on os-data-2."""
    base = {"os-data-1": 82.1, "os-data-2": 84.6, "os-data-3": 81.4}[node]
    growth = {"os-data-1": 0.27, "os-data-2": 0.3222, "os-data-3": 0.25}[node]   # percent per minute
    if t < REINDEX:
        return base + (t - START).total_seconds() / 3600 * 0.1
    # The block stops the reindex's writes too: the disks stay full until the index is deleted.
    peak = base + 0.12 + (min(t, FLOOD) - REINDEX).total_seconds() / 60 * growth
    if t < CANCELLED:
        return peak
    return max(base + 0.12, peak - (t - CANCELLED).total_seconds() / 60 * 4.5)


def blocked(t):
    return FLOOD <= t < RELEASED


def build_logs(rng, bulk):
    app = Log("audit-trail.log")
    search = Log("opensearch.log")
    lag_log = Log("kafka-lag-exporter.log")
    pods = [f"audit-trail-5f7b9c{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)]

    def app_line(t, level, logger, thread, msg, pod, stack=None, **extra):
        body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "@version": "1", "message": msg,
                "logger_name": logger, "thread_name": thread, "level": level, "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level],
                "HOSTNAME": pod}
        body.update(extra)
        if stack:
            body["stack_trace"] = stack
        app.add(t, json.dumps(body, separators=(",", ":")))

    def os_line(t, level, logger, node, msg):
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        search.add(t, f"[{stamp}][{level:<5}][{logger}] [{node}] {msg}")

    for i, pod in enumerate(pods):
        t = DEPLOY + dt.timedelta(seconds=35 * i)
        app_line(t, "INFO", "sg.tessellate.audit.AuditTrailApplicationKt", "main", f"Starting AuditTrailApplicationKt v{bulk[:7]} using Java 21.0.5 with PID 1", pod)
        t2 = t + dt.timedelta(seconds=11)
        app_line(t2, "INFO", "o.s.k.l.KafkaMessageListenerContainer", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
                 f"audit-trail-indexer: partitions assigned: [audit-events-{2 * i}, audit-events-{2 * i + 1}]", pod)

    # The consumer's bulk requests, one every few seconds per pod.
    first_fail = {}
    for pod in pods:
        batch_size = 500
        for t in poisson_times(rng, START, END, 4):
            batch_size = 2000 if t >= DEPLOY else 500
            thread = "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1"
            if blocked(t):
                n = rng.randint(batch_size // 3, batch_size)
                reason = f"OpenSearch exception [type=cluster_block_exception, reason=index [{INDEX}] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];]"
                if t >= utc("2026-12-23 01:52:00") and t >= DEPLOY:
                    msg = f"bulk request had failures, pausing consumer: {n} of {n} items failed, first: index={INDEX} status=TOO_MANY_REQUESTS reason={reason}"
                else:
                    msg = "bulk request had failures, pausing consumer"
                app_line(t, "ERROR", "sg.tessellate.audit.index.BulkIndexer", thread, msg, pod)
                r = t + dt.timedelta(seconds=5)
                app_line(r, "WARN", "o.s.k.l.KafkaMessageListenerContainer", thread, f"Seeking to current offset for partitions after a failed batch; retrying in {rng.choice([5, 10, 20, 30])}s", pod)
                first_fail.setdefault(pod, t)
                continue
            if rng.random() < 0.5:
                app_line(t, "INFO", "sg.tessellate.audit.index.BulkIndexer", thread, f"indexed {rng.randint(batch_size // 2, batch_size)} events into {INDEX if t >= utc('2026-12-23 00:00:00') else 'audit-2026.12.22'} in {rng.randint(60, 420)} ms", pod)
    emit(rng, app, START, END, 0.7, [
        (3, lambda t: json.dumps({"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "@version": "1", "message": f"audit search returned {rng.randint(0, 400)} hits in {rng.randint(20, 300)} ms",
                                  "logger_name": "sg.tessellate.audit.api.SearchController", "thread_name": f"http-nio-8080-exec-{rng.randint(1, 40)}", "level": "INFO", "level_value": 20000, "HOSTNAME": rng.choice(pods)}, separators=(",", ":"))),
        (1, lambda t: json.dumps({"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "@version": "1", "message": "audit event without actor; stored with actor=system",
                                  "logger_name": "sg.tessellate.audit.ingest.EventMapper", "thread_name": "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1", "level": "WARN", "level_value": 30000, "HOSTNAME": rng.choice(pods)}, separators=(",", ":"))),
    ])

    # OpenSearch: routine lines, the reindex, the watermarks and the block.
    emit(rng, search, START, END, 0.5, [
        (3, lambda t: f"[{t.strftime('%Y-%m-%dT%H:%M:%S,')}{t.microsecond // 1000:03d}][INFO ][o.o.m.j.JvmGcMonitorService] [{rng.choice(NODES)}] [gc][{rng.randint(100000, 999999)}] overhead, spent [{rng.randint(250, 700)}ms] collecting in the last [1s]"),
        (1, lambda t: f"[{t.strftime('%Y-%m-%dT%H:%M:%S,')}{t.microsecond // 1000:03d}][INFO ][o.o.i.s.IndexShard       ] [{rng.choice(NODES)}] [logs-app-2026.12.23][{rng.randint(0, 5)}] primary-replica resync completed with 0 operations"),
    ])
    os_line(REINDEX, "INFO", "o.o.c.m.MetadataCreateIndexService", "os-manager-1", "[products-v42] creating index, cause [api], templates [products], shards [12]/[1]")
    os_line(REINDEX + dt.timedelta(seconds=2), "INFO", "o.o.c.r.a.AllocationService", "os-manager-1", "Cluster health status changed from [GREEN] to [YELLOW] (reason: [index [products-v42] created]).")
    os_line(REINDEX + dt.timedelta(seconds=9), "INFO", "o.o.c.r.a.AllocationService", "os-manager-1", "Cluster health status changed from [YELLOW] to [GREEN] (reason: [shards started [[products-v42][7]]]).")
    os_line(REINDEX + dt.timedelta(seconds=11), "INFO", "o.o.t.TaskManager", "os-manager-1", "started task [p8LmZ4uQTj6oE2wRk9sHnA:88412907] action [indices:data/write/reindex] description [reindex from [products-v41] to [products-v42]]")
    t = REINDEX
    while t < CANCELLED + dt.timedelta(seconds=60):
        for node in NODES:
            pct = disk_percent(t, node)
            free = (100 - pct) / 100 * 750
            stamp_node = f"[{NODE_IDS[node]}][{node}][/usr/share/opensearch/data/nodes/0] free: {free:.1f}gb[{100 - pct:.1f}%]"
            if pct >= 95:
                os_line(t, "WARN", "o.o.c.r.a.DiskThresholdMonitor", "os-manager-1", f"flood stage disk watermark [95%] exceeded on {stamp_node}, all indices on this node will be marked read-only")
            elif pct >= 90:
                os_line(t, "WARN", "o.o.c.r.a.DiskThresholdMonitor", "os-manager-1", f"high disk watermark [90%] exceeded on {stamp_node}, shards will be relocated away from this node; currently relocating away shards totalling [0] bytes; the node is expected to continue to exceed the high disk watermark when these relocations are complete")
            elif pct >= 85:
                os_line(t, "INFO", "o.o.c.r.a.DiskThresholdMonitor", "os-manager-1", f"low disk watermark [85%] exceeded on {stamp_node}, replicas will not be assigned to this node")
        t += dt.timedelta(seconds=30)
    os_line(FLOOD + dt.timedelta(milliseconds=40), "INFO", "o.o.c.m.MetadataIndexStateService", "os-manager-1", f"adding block read_only_allow_delete to indices [[{INDEX}/aX0vDq1BQ2mK7yPz3uJ4cw], [products-v41/Zt5Rr8WmS6Gd2LhN0eVbqQ], [products-v42/mF9cE1nHk3TwA7sYp5oJrg], [logs-app-2026.12.23/u2QhB6xLr0VcN8pZe4kTsa]]")
    for t in poisson_times(random.Random(7302), FLOOD, CANCELLED, 1.5):
        os_line(t, "WARN", "o.o.a.b.TransportShardBulkAction", rng.choice(NODES), f"[{INDEX}][{rng.randint(0, 2)}] failed to execute bulk item (index) index {{[{INDEX}][_doc][{hexid(rng, 20)}]}}")
    os_line(FLOOD + dt.timedelta(seconds=3), "WARN", "o.o.i.r.Reindexer", "os-manager-1", "task [p8LmZ4uQTj6oE2wRk9sHnA:88412907] reindex from [products-v41] to [products-v42] finished with [1000] bulk failures; first: index [products-v42] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block]")
    os_line(CANCELLED, "INFO", "o.o.c.m.MetadataDeleteIndexService", "os-manager-1", "[products-v42/mF9cE1nHk3TwA7sYp5oJrg] deleting index")
    os_line(RELEASED, "INFO", "o.o.c.r.a.DiskThresholdMonitor", "os-manager-1", f"releasing read-only-allow-delete block on indices: [[{INDEX}], [products-v41], [logs-app-2026.12.23]]")
    os_line(RELEASED + dt.timedelta(milliseconds=60), "INFO", "o.o.c.m.MetadataIndexStateService", "os-manager-1", f"removing block read_only_allow_delete from indices [[{INDEX}/aX0vDq1BQ2mK7yPz3uJ4cw], [products-v41/Zt5Rr8WmS6Gd2LhN0eVbqQ], [logs-app-2026.12.23/u2QhB6xLr0VcN8pZe4kTsa]]")

    t = START
    while t < END:
        lag = consumer_lag(t)
        lag_log.add(t, logfmt(t, "info", "consumer group lag", group="audit-trail-indexer", topic="audit-events", total_lag=int(lag), partitions=6))
        if lag > 50000:
            lag_log.add(t, logfmt(t, "warn", "lag above threshold", group="audit-trail-indexer", topic="audit-events", total_lag=int(lag), threshold=50000))
        t += dt.timedelta(seconds=60)
    return [app, search, lag_log]


def consumer_lag(t):
    """Audit events waiting: about 4 700 a minute arrive while indexing is blocked."""
    if t < FLOOD:
        return 300 + (t.minute % 7) * 40
    if t < RELEASED:
        return 300 + (t - FLOOD).total_seconds() / 60 * 4700
    peak = 300 + (RELEASED - FLOOD).total_seconds() / 60 * 4700
    return max(300 + (t.minute % 7) * 40, peak - (t - RELEASED).total_seconds() / 60 * 12000)


def build(out_dir):
    rng = random.Random(7300)
    repo, bulk = build_repo()
    try:
        logs = build_logs(rng, bulk)
        onset = min(t for t, _, text in logs[0].entries if "pausing consumer" in text).replace(microsecond=0)
        metrics = {
            "opensearch_fs_used_percent.json": query_range([({"cluster": "platform-search", "node": n}, lambda t, n=n: round(disk_percent(t, n), 2)) for n in NODES], START, END, 60),
            "kafka_consumergroup_lag.json": query_range([({"consumergroup": "audit-trail-indexer", "topic": "audit-events"}, consumer_lag)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="search-flood-stage-none", service=SERVICE, onset=onset,
            description=f"""
Audit events stop being indexed. From {onset.strftime('%H:%M')} every bulk request from
audit-trail's consumer fails and the consumer pauses and retries; its lag
climbs past the 50k alert. Searches of the audit log still answer.
audit-trail's deploy that day: 03:37 (bulk size 500 -> 2000, with the commit
that logs the rejected item's reason). The OpenSearch cluster is shared and
run by the platform team; indexing works again from 04:52 with no change on
audit-trail's side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"flood stage disk watermark .* exceeded on", r"usage exceeded flood-stage watermark"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the search team's reindex into
products-v42 (started 03:40 on the shared cluster) filled the data nodes'
disks; at 04:12 os-data-2 passed the flood-stage watermark and OpenSearch
blocked writes to every index with a shard there, audit-trail's daily index
among them (cluster_block_exception, read-only-allow-delete). The disk metric
jumps with the reindex, not with anything audit-trail did, and writes resumed
when the platform team deleted the half-built index, with no rollback.
Decoys: the retention change to 400 days the day before (it keeps more
indices, slowly, and the nightly cleanup had not yet run under it), the
opensearch client bump, the commit that adds the rejected item's reason to
the "bulk request had failures" line, the bulk-size change rolled out 35
minutes before the onset (bigger batches, same documents), and a runbook
commit after the recovery.
""",
        )
    finally:
        repo.close()
