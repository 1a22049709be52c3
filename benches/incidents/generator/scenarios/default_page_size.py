"""statements-api (Spring Boot): a refactor gives every list endpoint one
pagination helper, and its default page size is the export endpoint's 500,
not the 50 the transactions list had. The mobile app asks for an account's
transactions without a size each time it opens, so each call now reads and
sorts ten times as many rows. The evening release ships it at 17:25; the
evening and the night are quiet enough. At the morning peak (commuters open
the app from 06:00 UTC) the database's CPU passes 90 %, statements hit the
5 s statement timeout and the Hikari pools run out: from 06:49 the app
answers 500 and 503. Decoys: an earlier edit of the same controller (merchant
logos), the docs commit the evening start-up lines name, a PostgreSQL driver
bump and a commit that turns on Hibernate's slow-query log, both rolled out
with the morning release 35 minutes before the onset (the slow-query lines
are new because of it). Spring Boot log (line format) with Java stack traces,
PostgreSQL log, ingress-nginx access."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres, spring
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "statements-api"
PKG = "com.ferrobank.statements"
PATH = "src/main/java/com/ferrobank/statements"
DEPLOY = utc("2026-12-17 17:25:00")
MORNING_DEPLOY = utc("2026-12-18 06:14:00")
ROLLED_BACK = utc("2026-12-18 07:26:00")
START, END = utc("2026-12-17 16:30:00"), utc("2026-12-18 07:50:00")

CONTROLLER = f"""package {PKG}.api;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.*;

import {PKG}.transactions.TransactionRepository;

@RestController
@RequestMapping("/v1/accounts/{{accountId}}/transactions")
class TransactionsController {{
    private final TransactionRepository transactions;

    TransactionsController(TransactionRepository transactions) {{
        this.transactions = transactions;
    }}

    @GetMapping
    List<TransactionView> list(@PathVariable long accountId,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size) {{
        var pageable = PageRequest.of(page, Math.min(size, 200), Sort.by("bookedAt").descending());
        return transactions.findByAccountId(accountId, pageable).map(TransactionView::of).getContent();
    }}
}}
"""

EXPORT = f"""package {PKG}.api;

import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/v1/accounts/{{accountId}}/export")
class ExportController {{
    private static final int EXPORT_PAGE = 500;

    @GetMapping
    ExportPage export(@PathVariable long accountId, @RequestParam(defaultValue = "0") int page) {{
        return exporter.page(accountId, PageRequest.of(page, EXPORT_PAGE));
    }}
}}
"""

PAGEABLES = f"""package {PKG}.api;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** One place for how list endpoints page: the default, the cap and the order. */
final class Pageables {{
    static final int DEFAULT_SIZE = 500;
    static final int MAX_SIZE = 500;

    private Pageables() {{}}

    static PageRequest of(Integer page, Integer size, Sort sort) {{
        int p = page == null ? 0 : Math.max(page, 0);
        int s = size == null ? DEFAULT_SIZE : Math.min(Math.max(size, 1), MAX_SIZE);
        return PageRequest.of(p, s, sort);
    }}
}}
"""

APPLICATION = """server:
  port: 8080
spring:
  datasource:
    url: jdbc:postgresql://statements-db.internal:5432/statements
    hikari:
      maximum-pool-size: 10
      connection-timeout: 3000
  jpa:
    open-in-view: false
    properties:
      hibernate.jdbc.fetch_size: 100
management:
  endpoints.web.exposure.include: health,prometheus
"""


def build_repo():
    marta = Person("Marta Kowalczyk", "marta.kowalczyk@ferrobank.eu", 60)
    joao = Person("João Pereira", "joao.pereira@ferrobank.eu", 0)
    niamh = Person("Niamh Walsh", "niamh.walsh@ferrobank.eu", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Account statements and transaction lists for the mobile and web banking apps.")
    files["build.gradle"] = files["build.gradle"].replace("    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
                                                          "    implementation 'io.micrometer:micrometer-registry-prometheus'\n    implementation 'org.springframework.boot:spring-boot-starter-data-jpa'\n    runtimeOnly 'org.postgresql:postgresql:42.7.2'\n")
    files[f"{PATH}/api/TransactionsController.java"] = CONTROLLER
    files[f"{PATH}/api/ExportController.java"] = EXPORT
    files["src/main/resources/application.yml"] = APPLICATION
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="1Gi", cpu="1", env={"SPRING_PROFILES_ACTIVE": "prod"})
    files["docs/runbook.md"] = runbook(SERVICE, [("StatementsLatency", "p95 above 1 s: check the database's CPU and the slowest statements in its log.")])
    repo.commit(utc("2026-12-11 09:00:00"), joao, "statements-api: import", files)
    repo.schedule(chores(random.Random(6401), SERVICE, [marta, joao, niamh], utc("2026-12-11 09:00:00"), utc("2026-12-18 06:40:00"), 5))
    repo.commit(utc("2026-12-16 11:20:00"), niamh, "transactions: merchant logo URL in each list item", {
        f"{PATH}/api/TransactionsController.java": repo.edit(f"{PATH}/api/TransactionsController.java", ".map(TransactionView::of)", ".map(t -> TransactionView.of(t, logos.urlFor(t.merchantId())))"),
    })
    controller = repo.files[f"{PATH}/api/TransactionsController.java"]
    culprit = repo.commit(utc("2026-12-17 15:52:00"), marta, "api: one Pageables helper for page, size and order on every list endpoint", {
        f"{PATH}/api/Pageables.java": PAGEABLES,
        f"{PATH}/api/TransactionsController.java": controller.replace(
            "                               @RequestParam(defaultValue = \"0\") int page,\n                               @RequestParam(defaultValue = \"50\") int size) {\n"
            "        var pageable = PageRequest.of(page, Math.min(size, 200), Sort.by(\"bookedAt\").descending());\n",
            "                               @RequestParam(required = false) Integer page,\n                               @RequestParam(required = false) Integer size) {\n"
            "        var pageable = Pageables.of(page, size, Sort.by(\"bookedAt\").descending());\n").replace("import org.springframework.data.domain.PageRequest;\n", ""),
        f"{PATH}/api/ExportController.java": repo.edit(f"{PATH}/api/ExportController.java", "    private static final int EXPORT_PAGE = 500;\n\n", "").replace(
            "PageRequest.of(page, EXPORT_PAGE)", "Pageables.of(page, null, Sort.by(\"bookedAt\"))").replace("import org.springframework.data.domain.PageRequest;\n", "import org.springframework.data.domain.Sort;\n"),
    })
    head = repo.commit(utc("2026-12-17 16:40:00"), joao, "docs: paging parameters in the API guide", {
        "docs/api.md": "# statements-api\n\nList endpoints take `page` (from 0) and `size`; see Pageables for the defaults.\n",
    })
    repo.commit(utc("2026-12-18 05:10:00"), bot, "Bump org.postgresql:postgresql from 42.7.2 to 42.7.3", {
        "build.gradle": repo.edit("build.gradle", "postgresql:42.7.2", "postgresql:42.7.3"),
    })
    morning = repo.commit(utc("2026-12-18 05:56:00"), niamh, "observability: log statements slower than 1 s (Hibernate slow query log)", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "      hibernate.jdbc.fetch_size: 100\n",
                                                        "      hibernate.jdbc.fetch_size: 100\n      hibernate.log_slow_query: 1000\n"),
    })
    repo.commit(utc("2026-12-18 07:41:00"), marta, "runbook: the mobile app's transaction list and the database", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Transaction list slow\n\nThe mobile app calls it on every open; watch rows per call in the database.\n",
    })
    return repo, culprit, head, morning


def requests_per_minute(t):
    """Requests the log sample shows per minute: evening, night, morning commute."""
    h = t.hour + t.minute / 60
    if 16 <= h < 19:
        return 8
    if 19 <= h < 21:
        return 10
    if 21 <= h < 23:
        return 5
    if h >= 23 or h < 4:
        return 1
    if h < 5:
        return 2
    if h < 6:
        return 5
    return min(18, 5 + (h - 6) * 14)


def culprit_live(t):
    return DEPLOY <= t < ROLLED_BACK


def db_cpu(t):
    """Percent CPU of the database: the transaction lists dominate it."""
    return min(99, 4 + requests_per_minute(t) * (5.4 if culprit_live(t) else 1.1))


JDBC_TRACE = """org.springframework.dao.QueryTimeoutException: JDBC exception executing SQL [select t1_0.id,t1_0.account_id,t1_0.amount_minor,t1_0.booked_at,t1_0.currency,t1_0.description,t1_0.merchant_id from transactions t1_0 where t1_0.account_id=? order by t1_0.booked_at desc offset ? rows fetch first ? rows only] [ERROR: canceling statement due to statement timeout]
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:263)
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.translateExceptionIfPossible(HibernateJpaDialect.java:241)
\tat org.springframework.data.jpa.repository.support.SimpleJpaRepository.findAll(SimpleJpaRepository.java:426)
\tat com.ferrobank.statements.api.TransactionsController.list(TransactionsController.java:27)
Caused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout
\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)
\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2412)
\tat org.postgresql.jdbc.PgPreparedStatement.executeQuery(PgPreparedStatement.java:134)
\tat com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)
\t... 118 common frames omitted"""

POOL_TRACE = """org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:275)
\tat org.springframework.data.jpa.repository.support.SimpleJpaRepository.findAll(SimpleJpaRepository.java:426)
\tat com.ferrobank.statements.api.{where}
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 3000ms (total=10, active=10, idle=0, waiting={waiting})
\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)
\t... 121 common frames omitted"""


def build_logs(rng, culprit_head, morning):
    app = Log("statements-api.log")
    pg = Log("statements-db.log")
    nginx = Log("ingress-nginx-access.log")
    ua = ["FerroBank/8.14.0 (iPhone; iOS 18.1.1)", "FerroBank/8.14.0 (Android 15; Pixel 8)", "FerroBank/8.13.2 (Android 14; SM-S911B)"]

    def start_lines(when, version, hikari_slow=False):
        for i in range(4):
            t = when + dt.timedelta(seconds=30 * i)
            app.add(t, spring(t, "INFO", "main", "c.f.s.StatementsApiApplication", f"Starting StatementsApiApplication v{version} using Java 17.0.11 with PID 1"))
            t2 = t + dt.timedelta(seconds=4)
            app.add(t2, spring(t2, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."))
            t3 = t + dt.timedelta(seconds=9)
            app.add(t3, spring(t3, "INFO", "main", "c.f.s.StatementsApiApplication", f"Started StatementsApiApplication in {rng.uniform(8, 12):.3f} seconds (process running for {rng.uniform(9, 13):.3f})"))

    start_lines(DEPLOY, culprit_head[:7])
    start_lines(MORNING_DEPLOY, morning[:7])
    start_lines(ROLLED_BACK, "2026.12.17-1")
    first_error = None
    peak = 18
    for t in poisson_times(rng, START, END, peak):
        if rng.random() > requests_per_minute(t) / peak:
            continue
        u = db_cpu(t) / 100
        slow = 1 / (1 - min(u, 0.985))
        client = ip(rng, "10.60")
        thread = f"http-nio-8080-exec-{rng.randint(1, 200)}"
        account = rng.randint(10000000, 99999999)
        if rng.random() < 0.7:
            path = f"/v1/accounts/{account}/transactions"
            rows = 500 if culprit_live(t) else 50
            took = int(ms(rng, 140 if rows == 500 else 22, 0.35) * slow)
            size = rows * rng.randint(170, 190)
        else:
            path = f"/v1/accounts/{account}"
            rows = 1
            took = int(ms(rng, 6, 0.3) * slow)
            size = rng.randint(400, 700)
        if u > 0.9 and rng.random() < (u - 0.9) * 6:
            waiting = rng.randint(8, 60)
            where = "TransactionsController.list(TransactionsController.java:27)" if rows > 1 else "AccountsController.get(AccountsController.java:19)"
            app.add(t, spring(t, "WARN", thread, "o.h.engine.jdbc.spi.SqlExceptionHelper", "HikariPool-1 - Connection is not available, request timed out after 3000ms (total=10, active=10, idle=0, waiting=" + str(waiting) + ")"))
            app.add(t, spring(t, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] threw exception") + "\n" + POOL_TRACE.format(where=where, waiting=waiting))
            nginx.add(t, nginx_access(t, client, "GET", path, 503, 162, 3.0 + rng.uniform(0, 0.05), rng.choice(ua), upstream_rt=3.0))
            first_error = first_error or t
            continue
        if took > 5000:
            pid = rng.randint(30000, 39999)
            pg.add(t, postgres(t, pid, "ERROR", "canceling statement due to statement timeout", "statements_app@statements"))
            pg.add(t, postgres(t, pid, "STATEMENT", "select t1_0.id,t1_0.account_id,t1_0.amount_minor,t1_0.booked_at,t1_0.currency,t1_0.description,t1_0.merchant_id from transactions t1_0 where t1_0.account_id=$1 order by t1_0.booked_at desc offset $2 rows fetch first $3 rows only", "statements_app@statements"))
            app.add(t, spring(t, "WARN", thread, "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: 57014"))
            app.add(t, spring(t, "ERROR", thread, "o.h.engine.jdbc.spi.SqlExceptionHelper", "ERROR: canceling statement due to statement timeout"))
            app.add(t, spring(t, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] threw exception") + "\n" + JDBC_TRACE)
            nginx.add(t, nginx_access(t, client, "GET", path, 500, 184, 5.0 + rng.uniform(0, 0.1), rng.choice(ua), upstream_rt=5.0))
            first_error = first_error or t
            continue
        if took > 1000:
            pid = rng.randint(30000, 39999)
            if rows > 1:
                pg.add(t, postgres(t, pid, "LOG", f"duration: {took}.{rng.randint(100, 999)} ms  execute S_3: select t1_0.id,t1_0.account_id,t1_0.amount_minor,t1_0.booked_at,t1_0.currency,t1_0.description,t1_0.merchant_id from transactions t1_0 where t1_0.account_id=$1 order by t1_0.booked_at desc offset $2 rows fetch first $3 rows only", "statements_app@statements"))
                pg.add(t, postgres(t, pid, "DETAIL", f"parameters: $1 = '{account}', $2 = '0', $3 = '{rows}'", "statements_app@statements"))
            else:
                pg.add(t, postgres(t, pid, "LOG", f"duration: {took}.{rng.randint(100, 999)} ms  execute S_1: select a1_0.id,a1_0.balance_minor,a1_0.currency,a1_0.iban from accounts a1_0 where a1_0.id=$1", "statements_app@statements"))
            if t >= MORNING_DEPLOY:
                app.add(t, spring(t, "INFO", thread, "org.hibernate.SQL_SLOW", f"Slow query took {took} milliseconds [select ... from transactions t1_0 where t1_0.account_id=? order by t1_0.booked_at desc offset ? rows fetch first ? rows only]" if rows > 1 else f"Slow query took {took} milliseconds [select ... from accounts a1_0 where a1_0.id=?]"))
        nginx.add(t, nginx_access(t, client, "GET", path, 200, size, took / 1000 + 0.002, rng.choice(ua), upstream_rt=took / 1000))
    emit(rng, app, START, END, 0.25, [
        (3, lambda t: spring(t, "INFO", "scheduling-1", "c.f.s.statements.MonthlyStatementJob", f"Rendered {rng.randint(0, 40)} monthly statements")),
        (1, lambda t: spring(t, "WARN", f"http-nio-8080-exec-{rng.randint(1, 200)}", "c.f.s.api.GlobalExceptionHandler", "Account not found or not owned by caller")),
    ])
    emit(rng, pg, START, END, 0.08, [
        (1, lambda t: postgres(t, rng.randint(100, 199), "LOG", f"checkpoint complete: wrote {rng.randint(300, 4000)} buffers ({rng.randint(1, 9)}.{rng.randint(0, 9)}%); 0 WAL file(s) added, 0 removed, 2 recycled")),
        (1, lambda t: postgres(t, rng.randint(100, 199), "LOG", "automatic vacuum of table \"statements.public.transactions\": index scans: 1")),
    ])
    return [app, pg, nginx], first_error


def build(out_dir):
    rng = random.Random(6400)
    repo, culprit, head, morning = build_repo()
    try:
        logs, first_error = build_logs(rng, head, morning)
        onset = first_error.replace(microsecond=0)

        def bytes_p50(t):
            return 90000 if culprit_live(t) else 9000

        metrics = {
            "rds_cpu_utilization.json": query_range([({"dbinstance_identifier": "statements-db"}, db_cpu)], START, END, 60),
            "http_response_size_bytes_p50.json": query_range([({"service": SERVICE, "uri": "/v1/accounts/{accountId}/transactions"}, bytes_p50)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="default-page-size", service=SERVICE, onset=onset,
            description=f"""
Database overload at the morning peak. From {onset.strftime('%H:%M')} statements-api answers
500 (statement timeout) and 503 (Hikari pool timeout) on the mobile app's
transaction list and account calls; the database's CPU is above 90 %. The
evening release (17:25 the day before; the start-up lines name a docs commit)
and the morning release (06:14, a driver bump and Hibernate's slow-query
log) are the recent deploys. Rolled back to the image from before the evening
release at 07:26.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"statements-api.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"desc offset .* rows fetch first .* rows only", r"canceling statement due to statement timeout"],
            fix_files=[f"{PATH}/api/Pageables.java"],
            explanation="""
The culprit adds Pageables with DEFAULT_SIZE = 500 (the export endpoint's
page) and makes the transactions list use it, where its default was 50: every
call without a size, which is every mobile app open, reads 500 rows. The
database's log shows the transaction list statements with $3 = '500' and
then statement timeouts; the response size tenfolds at the evening release.
Decoys: the merchant-logo edit of the same controller, the docs commit the
evening start-up lines name, the PostgreSQL driver bump and the slow-query
logging change rolled out with the morning release (its "Slow query" lines
are new because of that commit), and a runbook commit after the onset. The
fix sets the transactions default back to 50 in Pageables.java.
""",
        )
    finally:
        repo.close()
