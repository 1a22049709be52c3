"""orders-api: a "right-size the pools" commit takes the Hikari pool from 40
connections to 4; after the deploy, the lunch peak queues requests on the pool
and they time out. Spring Boot app log (line format), Envoy inbound access log,
PgBouncer (healthy: it has room), Argo CD sync (logfmt, names a later commit)."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, logfmt, spring
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "orders-api"
PKG = "com.tradewind.orders"
DEPLOY = utc("2026-12-02 11:41:10")
ONSET = utc("2026-12-02 11:58:30")

APP_YML = """server:
  port: 8080
  tomcat:
    threads:
      max: 200
spring:
  datasource:
    url: jdbc:postgresql://pgbouncer.orders.svc:6432/orders
    hikari:
      maximum-pool-size: 40
      connection-timeout: 3000
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""


def build_repo():
    ola = Person("Ola Nordmann", "ola.nordmann@tradewind.io", 60)
    raj = Person("Raj Patel", "raj.patel@tradewind.io", 330)
    kim = Person("Kim Lee", "kim.lee@tradewind.io", -300)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Order placement and history for the web shop.")
    files["src/main/resources/application.yml"] = APP_YML
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="1Gi")
    files["docs/runbook.md"] = runbook(SERVICE, [("OrdersLatencyHigh", "p99 over 1 s: check the database and PgBouncer.")])
    repo.commit(utc("2026-11-27 09:00:00"), raj, "orders-api: import from the monolith", files)
    repo.schedule(chores(random.Random(3101), SERVICE, [ola, raj, kim], utc("2026-11-27 09:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-30 10:15:00"), ola, "actuator: expose metrics too", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "include: health,prometheus", "include: health,prometheus,metrics"),
    })
    repo.commit(utc("2026-12-01 16:40:00"), kim, "docs: how we size connection pools", {
        "docs/connection-pools.md": "# Connection pools\n\nPgBouncer runs in transaction mode with default_pool_size 50 per database.\n"
                                    "Each orders-api pod keeps a Hikari pool (maximum-pool-size); pods x pool size\n"
                                    "must stay under PgBouncer's max_client_conn. When the pool is exhausted,\n"
                                    "requests wait connection-timeout ms and then fail.\n",
    })
    culprit = repo.commit(utc("2026-12-02 09:52:00"), ola,
                          "config: right-size DB pools after the PgBouncer move\n\nPgBouncer multiplexes now, so each pod needs far fewer server-side connections.", {
                              "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "maximum-pool-size: 40", "maximum-pool-size: 4"),
                          })
    repo.commit(utc("2026-12-02 10:30:00"), raj, "tests: order history pagination", {
        f"src/test/java/{PKG.replace('.', '/')}/HistoryTests.java": f"package {PKG};\n\nimport org.junit.jupiter.api.Test;\n\nclass HistoryTests {{\n    @Test\n    void pagesOfTwenty() {{\n    }}\n}}\n",
    })
    head = repo.commit(utc("2026-12-02 11:05:00"), kim, "Dockerfile: JVM container-aware flags", {
        "Dockerfile": repo.edit("Dockerfile", '"-XX:MaxRAMPercentage=75"', '"-XX:MaxRAMPercentage=75", "-XX:+UseContainerSupport"'),
    })
    repo.commit(utc("2026-12-02 12:20:00"), raj, "history: cache the first page per customer", {
        f"src/main/java/{PKG.replace('.', '/')}/history/HistoryCache.java": f"package {PKG}.history;\n\n/** First page of a customer's orders, cached 30 s. */\npublic class HistoryCache {{\n}}\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("orders-api.log")
    envoy = Log("envoy-inbound.log")
    bouncer = Log("pgbouncer.log")
    argo = Log("argocd-sync.log")
    start, end = utc("2026-12-02 10:20:00"), utc("2026-12-02 12:30:00")
    threads = [f"http-nio-8080-exec-{i}" for i in range(1, 40)]
    for t in poisson_times(rng, start, end, 14):
        # The lunch peak from 11:55 needs more than 4 connections per pod.
        starved = t >= ONSET and rng.random() < 0.45
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}"
        path = rng.choice(["/v1/orders", f"/v1/orders/{rng.randint(100000, 999999)}", "/v1/customers/me/orders"])
        method = "POST" if path == "/v1/orders" else "GET"
        if starved:
            app.add(t, spring(t, "WARN", rng.choice(threads), "com.zaxxer.hikari.pool.HikariPool",
                              f"HikariPool-1 - Connection is not available, request timed out after 3000ms (total=4, active=4, idle=0, waiting={rng.randint(8, 60)})"))
            app.add(t, spring(t, "ERROR", rng.choice(threads), "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                              "Servlet.service() for servlet [dispatcherServlet] threw exception [Request processing failed: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection] with root cause"))
            envoy.add(t, envoy_access(t, method, path, 500, "-", "127.0.0.1:8080", 3000 + ms(rng, 20), rid, "orders.tradewind.svc:8080"))
            continue
        took = ms(rng, 35)
        app.add(t, spring(t, "INFO", rng.choice(threads), f"{PKG}.api.OrdersController", f"{method} {path} -> 200 in {took} ms"))
        envoy.add(t, envoy_access(t, method, path, 200, "-", "127.0.0.1:8080", took + 1, rid, "orders.tradewind.svc:8080"))
    emit(rng, app, start, end, 0.6, [
        (2, lambda t: spring(t, "INFO", "scheduling-1", f"{PKG}.outbox.OutboxRelay", f"Relayed {rng.randint(0, 40)} order events to Kafka")),
        (1, lambda t: spring(t, "WARN", rng.choice(threads), f"{PKG}.api.OrdersController", f"Rejected order: basket b_{hexid(rng, 10)} is empty")),
    ])
    emit(rng, bouncer, start, end, 0.5, [
        (1, lambda t: t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC [1] LOG stats: {rng.randint(40, 400)} xacts/s, {rng.randint(40, 400)} queries/s, in {rng.randint(20000, 90000)} B/s, out {rng.randint(90000, 400000)} B/s, xact {rng.randint(300, 2000)} us, query {rng.randint(200, 1500)} us, wait 0 us"),
    ])
    argo.add(DEPLOY, logfmt(DEPLOY, "info", "sync operation to " + head[:7] + " succeeded", application="orders-api", dest_namespace="orders"))
    argo.add(DEPLOY - dt.timedelta(seconds=40), logfmt(DEPLOY - dt.timedelta(seconds=40), "info", "initiated automated sync to '" + head + "'", application="orders-api"))
    emit(rng, argo, start, end, 0.2, [(1, lambda t: logfmt(t, "info", "comparing app state", application="orders-api", status="Synced"))])
    for i in range(4):
        t = DEPLOY + dt.timedelta(seconds=15 + 20 * i)
        app.add(t, spring(t, "INFO", "main", f"{PKG}.OrdersApiApplication", "Started OrdersApiApplication in 9.412 seconds (process running for 10.1)"))
        app.add(t, spring(t, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."))
    return [app, envoy, bouncer, argo]


def build(out_dir):
    rng = random.Random(3100)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-12-02 10:20:00"), utc("2026-12-02 12:30:00")

        def active(t):
            return 4.0 if t >= DEPLOY else 6.0 + (t.minute % 4)

        metrics = {"hikaricp_connections_active.json": query_range([({"pool": "HikariPool-1", "app": SERVICE}, active)], start, end, 30)}
        return write_scenario(
            out_dir, name="pool-exhaustion", service=SERVICE, onset=ONSET,
            description="""
Connection pool exhaustion. A commit cuts the Hikari pool from 40 to 4 per pod
("PgBouncer multiplexes now"). Argo syncs it at 11:41 with a later Dockerfile
commit; at the lunch peak requests wait 3 s for a connection and fail with 500.
PgBouncer itself is healthy.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"orders-api.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"Connection is not available, request timed out"],
            fix_files=["src/main/resources/application.yml"],
            explanation="""
The culprit sets maximum-pool-size to 4 in application.yml. Decoys: an earlier edit
to the same file (actuator), a docs page about pool sizing that shares most words
with the errors, tests, the Dockerfile commit Argo names, and a commit after the
onset. The fix restores maximum-pool-size: 40.
""",
        )
    finally:
        repo.close()
