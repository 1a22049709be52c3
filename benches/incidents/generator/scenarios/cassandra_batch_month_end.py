"""usage-statements (Kotlin, Spring Boot 3 WebFlux, DataStax Java driver 4
against a three-node Cassandra 4.1 cluster; runs as a Nomad service job,
deployed by GitLab CI with `nomad job run`; team in Kraków, Dublin and
Seattle): Brightwave Mobile's usage statements. Rated usage (calls, data,
roaming) is written hourly as statement lines, one partition per account
and month in billing.statement_lines; at 00:10 UTC on the first of the
month the close job writes each account's monthly statement (every line of
the month, re-rated with the final bundle prices) and hands it to
invoicing.

On 30 June a commit makes the writer put an account's lines in one LOGGED
batch, so a close that dies halfway cannot leave a half-written statement.
The hourly writes are 5-20 lines per account, a few KiB: Cassandra warns
about batches over batch_size_warn_threshold (5 KiB) from the 14:31
rollout on, and nothing fails. At 00:10 on 1 July the month-end close
writes 300-900 lines per account in one batch, 60-200 KiB, past
batch_size_fail_threshold (50 KiB): Cassandra refuses them ("Batch too
large") and the close fails for all but the smallest accounts, nine and a
half hours after the rollout.

Decoys: a config change rolled out at 23:42, 28 minutes before the onset,
that doubles the close job's concurrency and raises the driver's request
timeout for the month-end run (same job, same words); a java-driver
4.17 -> 4.18 bump the same morning; the tests commit the 14:31 Nomad job
names; docs; chores. App (Spring Boot structured logging, ECS JSON, with
stack traces in error.stack_trace), Cassandra system.log of three nodes,
Nomad client (hclog), GitLab CI deploy job (nomad job run output)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "usage-statements"
START, END = utc("2026-06-30 13:50:00"), utc("2026-07-01 01:15:00")
DEPLOY = utc("2026-06-30 14:31:05")
CONFIG_DEPLOY = utc("2026-06-30 23:42:20")
CLOSE = utc("2026-07-01 00:10:00")
NODES = [("cass-1", "10.30.1.11"), ("cass-2", "10.30.2.12"), ("cass-3", "10.30.3.13")]

WRITER = """package com.brightwave.statements

import com.datastax.oss.driver.api.core.CqlSession
import com.datastax.oss.driver.api.core.cql.PreparedStatement
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flatMapMerge
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import org.springframework.stereotype.Component

@Component
class StatementWriter(private val session: CqlSession) {
    private val insertLine: PreparedStatement = session.prepare(
        "INSERT INTO billing.statement_lines (account_id, period, line_id, kind, quantity, amount_micros, rated_at) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?)"
    )

    /** Writes an account's lines for a period; each INSERT is idempotent. */
    suspend fun write(accountId: String, period: String, lines: List<StatementLine>) {
        lines.asFlow()
            .flatMapMerge(concurrency = 16) { line ->
                flow { emit(session.executeAsync(bind(accountId, period, line)).await()) }
            }
            .collect()
    }

    private fun bind(accountId: String, period: String, l: StatementLine) =
        insertLine.bind(accountId, period, l.id, l.kind, l.quantity, l.amountMicros, l.ratedAt)
}
"""

APP_YAML = """spring:
  application:
    name: usage-statements
  cassandra:
    keyspace-name: billing
    contact-points: cass-1.service.dc1:9042,cass-2.service.dc1:9042,cass-3.service.dc1:9042
    local-datacenter: dc1
    request:
      timeout: 2s
      consistency: local_quorum
logging:
  structured:
    format:
      console: ecs
statements:
  hourly-writer:
    cron: "0 5 * * * *"
  close:
    cron: "0 10 0 1 * *"
    concurrency: 8
"""


def repo_files():
    return {
        "build.gradle.kts": 'plugins {\n    kotlin("jvm") version "2.0.0"\n    kotlin("plugin.spring") version "2.0.0"\n    id("org.springframework.boot") version "3.4.0"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-webflux")\n    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-reactor")\n    implementation("org.apache.cassandra:java-driver-core:4.17.0")\n    testImplementation("org.testcontainers:cassandra:1.19.8")\n}\n',
        "src/main/kotlin/com/brightwave/statements/StatementWriter.kt": WRITER,
        "src/main/kotlin/com/brightwave/statements/MonthEndClose.kt": "package com.brightwave.statements\n\n/** 00:10 UTC on the 1st: re-rate each account's month with the final bundle prices,\n *  write the statement, hand it to invoicing. */\nclass MonthEndClose\n",
        "src/main/kotlin/com/brightwave/statements/HourlyWriter.kt": "package com.brightwave.statements\n\n/** Every hour: the last hour's rated usage, per account. */\nclass HourlyWriter\n",
        "src/main/resources/application.yaml": APP_YAML,
        "deploy/usage-statements.nomad.hcl": 'job "usage-statements" {\n  datacenters = ["dc1"]\n  type        = "service"\n\n  meta {\n    git_sha = "${GIT_SHA}"\n  }\n\n  group "api" {\n    count = 3\n    task "usage-statements" {\n      driver = "docker"\n      config {\n        image = "registry.brightwave.net/billing/usage-statements:${GIT_SHA}"\n      }\n      resources {\n        cpu    = 1000\n        memory = 1024\n      }\n    }\n  }\n}\n',
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  script: ./gradlew test\n\ndeploy:\n  stage: deploy\n  when: manual\n  script:\n    - nomad job run -var GIT_SHA=$CI_COMMIT_SHA deploy/usage-statements.nomad.hcl\n",
        "README.md": readme(SERVICE, "Brightwave Mobile's usage statements: hourly rated usage and the month-end close.", "./gradlew bootRun"),
    }


def build_repo():
    kasia = Person("Katarzyna Nowak", "katarzyna.nowak@brightwave.net", 120)
    cian = Person("Cian Byrne", "cian.byrne@brightwave.net", 60)
    maya = Person("Maya Thompson", "maya.thompson@brightwave.net", -420)
    bot = Person("renovate-bot", "renovate-bot@brightwave.net", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("MonthEndCloseFailed", "The close job logs `statement close failed` per account: rerun for the failed accounts with `POST /admin/close/{period}/retry` once the cause is fixed; invoicing waits for us."),
        ("CassandraWriteLatency", "p99 write latency above 50 ms: check nodetool tpstats and compactions on the three nodes."),
    ])
    repo.commit(utc("2026-06-25 08:30:00"), kasia, "usage-statements: import", files)
    repo.schedule(chores(random.Random(15201), SERVICE, [kasia, cian, maya], utc("2026-06-25 08:30:00"), utc("2026-06-29 18:00:00"), 3))
    repo.commit(utc("2026-06-29 10:05:00"), cian, "docs: how the month-end close works", {
        "docs/close.md": "# Month-end close\n\nAt 00:10 UTC on the 1st the close job re-rates each account's month with\nthe final bundle prices and writes the statement to billing.statement_lines,\nthen publishes statement.closed for invoicing. About 410,000 accounts;\nthe run takes 40-60 minutes.\n",
    })
    repo.commit(utc("2026-06-30 06:40:00"), bot, "chore(deps): update dependency org.apache.cassandra:java-driver-core to v4.18.1", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "java-driver-core:4.17.0", "java-driver-core:4.18.1"),
    })
    culprit = repo.commit(utc("2026-06-30 09:12:00"), kasia, "statements: write an account's lines in one logged batch\n\nIn May a close that was killed by a node drain left 1,900 statements\nhalf written, and invoicing billed them. A LOGGED batch per account and\nperiod makes the write all-or-nothing (same partition, so no\ncoordinator fan-out).", {
        "src/main/kotlin/com/brightwave/statements/StatementWriter.kt": repo.edit("src/main/kotlin/com/brightwave/statements/StatementWriter.kt",
            "    /** Writes an account's lines for a period; each INSERT is idempotent. */\n    suspend fun write(accountId: String, period: String, lines: List<StatementLine>) {\n        lines.asFlow()\n            .flatMapMerge(concurrency = 16) { line ->\n                flow { emit(session.executeAsync(bind(accountId, period, line)).await()) }\n            }\n            .collect()\n    }\n",
            "    /** Writes an account's lines for a period, all or nothing: one LOGGED batch\n     *  (a single partition, account_id + period). */\n    suspend fun write(accountId: String, period: String, lines: List<StatementLine>) {\n        val batch = BatchStatement.builder(DefaultBatchType.LOGGED)\n            .addStatements(lines.map { bind(accountId, period, it) })\n            .build()\n        session.executeAsync(batch).await()\n    }\n").replace(
            "import com.datastax.oss.driver.api.core.cql.PreparedStatement\nimport kotlinx.coroutines.flow.asFlow\nimport kotlinx.coroutines.flow.collect\nimport kotlinx.coroutines.flow.flatMapMerge\nimport kotlinx.coroutines.flow.flow\n",
            "import com.datastax.oss.driver.api.core.cql.BatchStatement\nimport com.datastax.oss.driver.api.core.cql.DefaultBatchType\nimport com.datastax.oss.driver.api.core.cql.PreparedStatement\n"),
    })
    head = repo.commit(utc("2026-06-30 12:48:00"), maya, "tests: close job fixtures for a 31-day month", {
        "src/test/kotlin/com/brightwave/statements/MonthEndCloseTest.kt": "package com.brightwave.statements\n\nclass MonthEndCloseTest {\n    // fixtures: an account with 3 lines a day for 31 days; a roaming account\n}\n",
    })
    config = repo.commit(utc("2026-06-30 23:31:00"), maya, "close: 16 concurrent accounts and a 10 s request timeout for month-end\n\nMay's close took 58 minutes and invoicing waited. Double the accounts\nclosed in parallel; re-rating the big roaming accounts' writes took\nclose to the 2 s driver timeout.", {
        "src/main/resources/application.yaml": repo.edit("src/main/resources/application.yaml", "      timeout: 2s\n", "      timeout: 10s\n").replace("    concurrency: 8\n", "    concurrency: 16\n"),
    })
    repo.commit(utc("2026-07-01 07:40:00"), kasia, "statements: split the close's writes into batches of 50 lines\n\nA month's statement is 60-200 KiB, over Cassandra's\nbatch_size_fail_threshold (50 KiB); the close of 1 July failed for\nnearly every account. Idempotent unlogged chunks plus a closed marker\nwritten last.", {
        "src/main/kotlin/com/brightwave/statements/StatementWriter.kt": repo.edit("src/main/kotlin/com/brightwave/statements/StatementWriter.kt",
            "        val batch = BatchStatement.builder(DefaultBatchType.LOGGED)\n            .addStatements(lines.map { bind(accountId, period, it) })\n            .build()\n        session.executeAsync(batch).await()\n",
            "        for (chunk in lines.chunked(50)) {\n            val batch = BatchStatement.builder(DefaultBatchType.UNLOGGED)\n                .addStatements(chunk.map { bind(accountId, period, it) })\n                .build()\n            session.executeAsync(batch).await()\n        }\n"),
    })
    return repo, culprit, head, config


def ecs(t, level, thread, logger, msg, **extra):
    t = t.astimezone(dt.timezone.utc)
    body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "log.level": level, "process.pid": 1,
            "process.thread.name": thread, "service.name": SERVICE, "log.logger": logger, "message": msg}
    body.update(extra)
    body["ecs.version"] = "8.11"
    return json.dumps(body, separators=(",", ":"))


def cassandra(t, level, thread, source, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{level:<5} [{thread}] {t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {source} - {msg}"


def hclog(t, level, module, text, **fields):
    t = t.astimezone(dt.timezone.utc)
    lv = f"[{level}]"
    tail = "".join(f" {k}={json.dumps(v) if isinstance(v, str) and (' ' in v or v == '') else v}" for k, v in fields.items())
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {lv:<7} {module}: {text}:{tail}" if fields else f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {lv:<7} {module}: {text}"


STACK = """com.datastax.oss.driver.api.core.servererrors.InvalidQueryException: Batch too large
\tat com.datastax.oss.driver.api.core.servererrors.InvalidQueryException.copy(InvalidQueryException.java:48)
\tat com.datastax.oss.driver.internal.core.util.concurrent.CompletableFutures.getUninterruptibly(CompletableFutures.java:151)
\tat com.brightwave.statements.StatementWriter.write(StatementWriter.kt:27)
\tat com.brightwave.statements.MonthEndClose$closeAccount$2.invokeSuspend(MonthEndClose.kt:64)
\tat kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)
\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)
\tat reactor.core.scheduler.SchedulerTask.call(SchedulerTask.java:68)
\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
"""


def build_logs(rng, culprit, head, config):
    app = Log("usage-statements.log")
    cass = {name: Log(f"{name}-system.log") for name, _ in NODES}
    nomad = Log("nomad-client.log")
    ci = Log("gitlab-deploy.log")

    def warn_batch(t, kib, coord=None):
        name = coord or rng.choice(NODES)[0]
        cass[name].add(t, cassandra(t, "WARN", f"Native-Transport-Requests-{rng.randint(1, 32)}", "BatchStatement.java:301",
                                    f"Batch for [billing.statement_lines] is of size {kib:.3f}KiB, exceeding specified threshold of 5.000KiB by {kib - 5:.3f}KiB."))

    def fail_batch(t, kib, coord=None):
        name = coord or rng.choice(NODES)[0]
        cass[name].add(t, cassandra(t, "ERROR", f"Native-Transport-Requests-{rng.randint(1, 32)}", "BatchStatement.java:309",
                                    f"Batch for [billing.statement_lines] is of size {kib:.3f}KiB, exceeding specified threshold of 50.000KiB by {kib - 50:.3f}KiB. (see batch_size_fail_threshold_in_kb)"))

    # --- deploys: CI output and Nomad client task events --------------------------------------------
    allocs = {}
    for when, sha, gen in ((DEPLOY, head, 1), (CONFIG_DEPLOY, config, 2)):
        ev, dep = hexid(rng, 8), hexid(rng, 8)
        t = when - dt.timedelta(seconds=30)
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O $ nomad job run -var GIT_SHA={sha} deploy/usage-statements.nomad.hcl")
        steps = [f'==> {{}}: Monitoring evaluation "{ev}"', '    {}: Evaluation triggered by job "usage-statements"', f'    {{}}: Evaluation within deployment: "{dep}"']
        allocs[gen] = [hexid(rng, 8) for _ in range(3)]
        for a in allocs[gen]:
            steps.append(f'    {{}}: Allocation "{a}" created: node "{hexid(rng, 8)}", group "api"')
        steps += ['    {}: Evaluation status changed: "pending" -> "complete"', f'==> {{}}: Evaluation "{ev}" finished with status "complete"', f'==> {{}}: Monitoring deployment "{dep}"',
                  f'    {{}}: Deployment "{dep}" successful']
        for i, s in enumerate(steps):
            tt = t + dt.timedelta(seconds=1 + i * (1 if i < 7 else 12))
            ci.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O " + s.format(tt.strftime("%Y-%m-%dT%H:%M:%SZ")))
        for slot, a in enumerate(allocs[gen]):
            ts = when + dt.timedelta(seconds=12 * slot)
            alloc_id = f"{a}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
            for k, (typ, msg) in enumerate([("Received", "Task received by client"), ("Task Setup", "Building Task Directory"), ("Driver", "Downloading image"), ("Started", "Task started by client")]):
                tk = ts + dt.timedelta(seconds=k * 2)
                nomad.add(tk, hclog(tk, "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=alloc_id, task=SERVICE, type=typ, msg=msg, failed="false"))
            app.add(ts + dt.timedelta(seconds=9), ecs(ts + dt.timedelta(seconds=9), "INFO", "main", "com.brightwave.statements.ApplicationKt",
                                                         f"Started ApplicationKt in 6.8 seconds (process running for 7.4)", **{"app.git_sha": sha[:12], "nomad.alloc_id": alloc_id}))
            tk = ts + dt.timedelta(seconds=20)
            nomad.add(tk, hclog(tk, "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=alloc_id, task=SERVICE, type="Killing", msg="Sent interrupt. Waiting 5s before force killing", failed="false"))
    emit(rng, nomad, START, END, 0.15, [(1, lambda t: hclog(t, "INFO", "client", "node registration complete")),
                                        (2, lambda t: hclog(t, "INFO", "client.gc", "garbage collecting allocation", alloc_id=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", reason="number of allocations (52) is over the limit (50)"))])

    # --- hourly writer ---------------------------------------------------------------------------
    hour = START.replace(minute=5, second=0, microsecond=0) + dt.timedelta(hours=1)
    while hour < END:
        threads = [f"close-{n}" for n in range(1, 9)]
        app.add(hour, ecs(hour, "INFO", "scheduling-1", "com.brightwave.statements.HourlyWriter", "hourly usage write started", **{"statements.period": hour.strftime("%Y-%m") if hour.day != 1 else "2026-07"}))
        n_acc = rng.randint(38000, 52000)
        took = rng.randint(190, 320)
        logged = hour >= DEPLOY
        if logged:
            for t in poisson_times(rng, hour, hour + dt.timedelta(seconds=took), 4):
                warn_batch(t, rng.uniform(5.1, 14.0))
        e = hour + dt.timedelta(seconds=took)
        app.add(e, ecs(e, "INFO", "scheduling-1", "com.brightwave.statements.HourlyWriter", f"hourly usage write finished: {n_acc} accounts, {n_acc * rng.randint(4, 9)} lines in {took}s"))
        hour += dt.timedelta(hours=1)

    # --- API traffic (self-care app reading statements) ----------------------------------------------
    emit(rng, app, START, END, 1.0, [
        (5, lambda t: ecs(t, "INFO", f"reactor-http-epoll-{rng.randint(1, 4)}", "com.brightwave.statements.api.StatementsHandler",
                          f"GET /v1/accounts/{rng.randint(10000000, 99999999)}/statements/current 200 {ms(rng, 14, 0.5)}ms")),
        (1, lambda t: ecs(t, "INFO", f"reactor-http-epoll-{rng.randint(1, 4)}", "com.brightwave.statements.api.StatementsHandler",
                          f"GET /v1/accounts/{rng.randint(10000000, 99999999)}/statements/2026-05 200 {ms(rng, 9, 0.5)}ms")),
    ])
    for name, _ in NODES:
        emit(rng, cass[name], START, END, 0.12, [
            (3, lambda t: cassandra(t, "INFO", "Service Thread", "GCInspector.java:294", f"G1 Young Generation GC in {rng.randint(200, 420)}ms.  G1 Eden Space: {rng.randint(2000, 2600)}000000 -> 0; G1 Old Gen: {rng.randint(3100, 3900)}000000 -> {rng.randint(3100, 3900)}000000;")),
            (2, lambda t: cassandra(t, "INFO", f"CompactionExecutor:{rng.randint(1, 4)}", "CompactionTask.java:253", f"Compacted (task id: {hexid(rng, 8)}-{hexid(rng, 4)}-11ef-{hexid(rng, 4)}-{hexid(rng, 12)}, compaction history id: {hexid(rng, 8)}-{hexid(rng, 4)}-11ef-{hexid(rng, 4)}-{hexid(rng, 12)}) {rng.randint(4, 32)} sstables to [/var/lib/cassandra/data/billing/statement_lines-{hexid(rng, 32)}/nb-{rng.randint(20000, 29999)}-big,] to level=0.  {rng.randint(100, 900)}.{rng.randint(100, 999)}MiB to {rng.randint(50, 400)}.{rng.randint(100, 999)}MiB (~{rng.randint(40, 80)}% of original) in {rng.randint(8000, 90000)}ms.")),
            (1, lambda t: cassandra(t, "INFO", "ScheduledTasks:1", "StatusLogger.java:65", "Pool Name                                     Active   Pending      Completed   Blocked  All Time Blocked")),
        ])

    # --- the month-end close ------------------------------------------------------------------------
    t0 = CLOSE + dt.timedelta(milliseconds=rng.randint(5, 40))
    app.add(t0, ecs(t0, "INFO", "scheduling-1", "com.brightwave.statements.MonthEndClose", "month-end close started", **{"statements.period": "2026-06", "statements.accounts": 412388, "statements.concurrency": 16}))
    failed = ok = 0
    last = t0
    for t in poisson_times(rng, t0, END - dt.timedelta(minutes=2), 14):
        acc = f"{rng.randint(10000000, 99999999)}"
        lines = int(rng.lognormvariate(6.0, 0.5))
        kib = lines * rng.uniform(0.17, 0.23)
        thread = f"DefaultDispatcher-worker-{rng.randint(1, 16)}"
        took = ms(rng, 40, 0.5)
        e = t + dt.timedelta(milliseconds=took)
        if kib > 50:
            fail_batch(e - dt.timedelta(milliseconds=2), kib)
            failed += 1
            if rng.random() < 0.25:
                app.add(e, ecs(e, "ERROR", thread, "com.brightwave.statements.MonthEndClose", f"statement close failed for account {acc}",
                               **{"statements.period": "2026-06", "statements.lines": lines, "error.type": "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException",
                                  "error.message": "Batch too large", "error.stack_trace": STACK}))
            else:
                app.add(e, ecs(e, "ERROR", thread, "com.brightwave.statements.MonthEndClose", f"statement close failed for account {acc}",
                               **{"statements.period": "2026-06", "statements.lines": lines, "error.type": "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException", "error.message": "Batch too large"}))
        else:
            warn_batch(e - dt.timedelta(milliseconds=2), kib)
            ok += 1
            if rng.random() < 0.3:
                app.add(e, ecs(e, "INFO", thread, "com.brightwave.statements.MonthEndClose", f"statement closed for account {acc}", **{"statements.period": "2026-06", "statements.lines": lines}))
        last = e
        if (failed + ok) % 400 == 0:
            app.add(e, ecs(e, "WARN", "close-progress", "com.brightwave.statements.MonthEndClose", f"month-end close progress: {ok} closed, {failed} failed", **{"statements.period": "2026-06"}))
    for t in poisson_times(rng, CLOSE + dt.timedelta(minutes=12), END, 0.5):
        app.add(t, ecs(t, "WARN", "reactor-http-epoll-2", "com.brightwave.statements.api.ClosedStatementsHandler",
                       "GET /v1/statements/2026-06/closed?since=2026-07-01T00:00:00Z 200: invoicing asked for closed statements, fewer than expected", **{"statements.closed": ok, "statements.failed": failed}))
    return [app, *cass.values(), nomad, ci]


def build(out_dir):
    rng = random.Random(15200)
    repo, culprit, head, config = build_repo()
    try:
        logs = build_logs(rng, culprit, head, config)
        onset = min(t for log in logs for t, _, text in log.entries if "Batch too large" in text or "batch_size_fail_threshold" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="cassandra-batch-month-end", service=SERVICE, onset=onset,
            description=f"""
The June month-end close fails. From {onset.strftime('%H:%M')} UTC on 1 July, a few seconds into the
close job, nearly every account's statement fails to close; invoicing gets
a fraction of the statements it expects. usage-statements was deployed by
GitLab CI with `nomad job run` at 14:31 on 30 June (the job names a tests
commit) and at 23:42 (a close concurrency and driver timeout change).
""",
            logs=logs, repo=repo, culprit=culprit,
            root_cause=[r"see batch_size_fail_threshold_in_kb", r"InvalidQueryException.*Batch too large"],
            fix_files=["src/main/kotlin/com/brightwave/statements/StatementWriter.kt"],
            explanation="""
The culprit is "statements: write an account's lines in one logged batch"
(StatementWriter.kt), rolled out at 14:31 on 30 June in the Nomad job that
names the later tests commit. Each account's lines for a period go into
one LOGGED batch. The hourly writes are a few KiB, so from 14:31 Cassandra
only warns ("Batch for [billing.statement_lines] is of size ... exceeding
specified threshold of 5.000KiB"); the month-end close at 00:10 on 1 July
writes a month of lines per account, 60-200 KiB, past
batch_size_fail_threshold_in_kb (50 KiB), and Cassandra refuses the
batches: "exceeding specified threshold of 50.000KiB ... (see
batch_size_fail_threshold_in_kb)", InvalidQueryException: Batch too large,
"statement close failed" for all but the smallest accounts. The fix writes
in chunks. Decoys: the close concurrency and request timeout change rolled
out at 23:42, 28 minutes before the onset (same job, and the close's lines
are its words); the java-driver 4.18.1 bump that morning; the tests commit
the deploy names; docs; chores; the fix after.
""",
        )
    finally:
        repo.close()
