"""wallet-ledger: the single-writer ledger takes an in-memory lock per wallet
for each transfer. It used to take the two locks in wallet-id order; a change
takes the payer's lock first. The hourly settlement run (merchant -> payout
pool) and a chargeback (payout pool -> merchant) for the same merchant then
take the same two locks in opposite orders and deadlock. Every later transfer
touching the pool or the merchant waits forever while holding a database
connection, Hikari's pool runs dry and the ledger stops. The on-call takes a
thread dump and restarts the pod. Decoys: an earlier edit of the same file, a
settlement batch-size config change deployed 29 minutes before the onset, the
later commit the 14:52 rollout names. Spring Boot log with Java stack traces
and a thread dump (kill -3), Envoy inbound access log."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, spring
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "wallet-ledger"
PKG = "com.payly.ledger"
DEPLOY = utc("2026-12-04 14:52:10")
CONFIG_DEPLOY = utc("2026-12-04 15:31:00")
ONSET = utc("2026-12-04 16:00:03")
DUMP = utc("2026-12-04 16:09:41")
RESTART = utc("2026-12-04 16:11:30")
START, END = utc("2026-12-04 14:20:00"), utc("2026-12-04 16:30:00")
POOL_WALLET = 1
MERCHANT = 40213

APP_YML = """server:
  port: 8080
spring:
  datasource:
    url: jdbc:postgresql://ledger-db:5432/ledger
    hikari:
      maximum-pool-size: 20
      connection-timeout: 30000
settlement:
  cron: "3 0 * * * *"
  batch-size: 500
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""


def wallet_service(path):
    return f"""package {PKG}.transfer;

import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money between wallets. The ledger is a single writer: an in-memory
 * lock per wallet keeps two transfers from racing on one balance.
 */
@Service
public class WalletService {{
    private final WalletLocks locks;
    private final WalletRepository wallets;

    public WalletService(WalletLocks locks, WalletRepository wallets) {{
        this.locks = locks;
        this.wallets = wallets;
    }}

    @Transactional
    public Transfer transfer(long fromId, long toId, long cents, String reference) {{
        // Always lock the lower id first, so two transfers never wait on each other.
        ReentrantLock first = locks.lock(Math.min(fromId, toId));
        ReentrantLock second = locks.lock(Math.max(fromId, toId));
        try {{
            Wallet from = wallets.findById(fromId).orElseThrow();
            Wallet to = wallets.findById(toId).orElseThrow();
            from.debit(cents);
            to.credit(cents);
            return Transfer.record(from, to, cents, reference);
        }} finally {{
            second.unlock();
            first.unlock();
        }}
    }}
}}
"""


def thread_dump(rng):
    a, b = f"0x00000000e1a2{hexid(rng, 4)}", f"0x00000000e1a3{hexid(rng, 4)}"
    park = lambda lock: (
        "\tat jdk.internal.misc.Unsafe.park(java.base@17.0.9/Native Method)\n"
        f"\t- parking to wait for  <{lock}> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)\n"
        "\tat java.util.concurrent.locks.LockSupport.park(java.base@17.0.9/LockSupport.java:211)\n"
        "\tat java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire(java.base@17.0.9/AbstractQueuedSynchronizer.java:715)\n"
        "\tat java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire(java.base@17.0.9/AbstractQueuedSynchronizer.java:938)\n"
        "\tat java.util.concurrent.locks.ReentrantLock$Sync.lock(java.base@17.0.9/ReentrantLock.java:153)\n"
        "\tat java.util.concurrent.locks.ReentrantLock.lock(java.base@17.0.9/ReentrantLock.java:322)\n"
        f"\tat {PKG}.transfer.WalletLocks.lock(WalletLocks.java:27)\n"
        f"\tat {PKG}.transfer.WalletService.transfer(WalletService.java:29)\n"
    )
    waiting_http = "".join(
        f'"http-nio-8080-exec-{n}" #{40 + n} daemon prio=5 os_prio=0 cpu={rng.uniform(200, 900):.2f}ms elapsed=2321.{rng.randint(10, 99)}s '
        f'tid=0x00007f3c4c0{hexid(rng, 5)} nid=0x{hexid(rng, 2)} waiting on condition  [0x00007f3bf{hexid(rng, 7)}]\n'
        "   java.lang.Thread.State: WAITING (parking)\n" + park(a) +
        f"\tat {PKG}.transfer.TransferController.create(TransferController.java:36)\n\n"
        for n in (7, 12, 19)
    )
    return (
        "2026-12-04 16:09:41\n"
        "Full thread dump OpenJDK 64-Bit Server VM (17.0.9+9 mixed mode, sharing):\n\n"
        f'"scheduling-1" #31 prio=5 os_prio=0 cpu=8211.40ms elapsed=2321.55s tid=0x00007f3c4d1{hexid(rng, 5)} nid=0x2f waiting on condition  [0x00007f3c0{hexid(rng, 7)}]\n'
        "   java.lang.Thread.State: WAITING (parking)\n" + park(a) +
        f"\tat {PKG}.settlement.SettlementJob.settle(SettlementJob.java:52)\n\n"
        f'"http-nio-8080-exec-4" #44 daemon prio=5 os_prio=0 cpu=611.02ms elapsed=2321.50s tid=0x00007f3c4c0{hexid(rng, 5)} nid=0x3c waiting on condition  [0x00007f3bf{hexid(rng, 7)}]\n'
        "   java.lang.Thread.State: WAITING (parking)\n" + park(b) +
        f"\tat {PKG}.chargeback.ChargebackController.credit(ChargebackController.java:33)\n\n"
        + waiting_http +
        "Found one Java-level deadlock:\n"
        "=============================\n"
        '"scheduling-1":\n'
        f"  waiting for ownable synchronizer {a}, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),\n"
        '  which is held by "http-nio-8080-exec-4"\n\n'
        '"http-nio-8080-exec-4":\n'
        f"  waiting for ownable synchronizer {b}, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),\n"
        '  which is held by "scheduling-1"\n\n'
        "Java stack information for the threads listed above:\n"
        "===================================================\n"
        '"scheduling-1":\n' + park(a) + f"\tat {PKG}.settlement.SettlementJob.settle(SettlementJob.java:52)\n"
        '"http-nio-8080-exec-4":\n' + park(b) + f"\tat {PKG}.chargeback.ChargebackController.credit(ChargebackController.java:33)\n\n"
        "Found 1 deadlock.\n"
    )


HIKARI_TRACE = f"""org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction
\tat org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)
\tat org.springframework.transaction.support.AbstractPlatformTransactionManager.startTransaction(AbstractPlatformTransactionManager.java:531)
\tat org.springframework.transaction.interceptor.TransactionAspectSupport.createTransactionIfNecessary(TransactionAspectSupport.java:595)
\tat {PKG}.transfer.TransferController.create(TransferController.java:36)
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)
\t... 61 common frames omitted"""


def build_repo():
    hana = Person("Hana Kovac", "hana.kovac@payly.eu", 60)
    mateo = Person("Mateo Silva", "mateo.silva@payly.eu", -180)
    grace = Person("Grace Lee", "grace.lee@payly.eu", 0)
    repo = Repo()
    path = PKG.replace(".", "/")
    svc = f"src/main/java/{path}/transfer/WalletService.java"
    files = java_service(SERVICE, PKG, "The wallet ledger: balances, transfers, settlement and chargebacks.")
    files["src/main/resources/application.yml"] = APP_YML
    files[svc] = wallet_service(path)
    files[f"src/main/java/{path}/transfer/WalletLocks.java"] = f"""package {PKG}.transfer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/** One lock per wallet id, created on first use. */
@Component
public class WalletLocks {{
    private final ConcurrentHashMap<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ReentrantLock lock(long walletId) {{
        ReentrantLock lock = locks.computeIfAbsent(walletId, id -> new ReentrantLock());
        lock.lock();
        return lock;
    }}
}}
"""
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=1, memory="1Gi", cpu="1")
    files["docs/runbook.md"] = runbook(SERVICE, [("LedgerStalled", "No transfers completing: take a thread dump (kill -3 1) before restarting the pod."),
                                                 ("SettlementLate", "Settlement not finished 10 minutes after the hour: check the settlement logs.")])
    repo.commit(utc("2026-11-29 09:00:00"), grace, "wallet-ledger: import", files)
    repo.schedule(chores(random.Random(4501), SERVICE, [hana, mateo, grace], utc("2026-11-29 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-03 10:20:00"), hana, "transfers: reject transfers into closed wallets", {
        svc: repo.edit(svc, "            from.debit(cents);\n", "            if (to.isClosed()) {\n                throw new WalletClosedException(toId);\n            }\n            from.debit(cents);\n"),
    })
    culprit = repo.commit(utc("2026-12-04 13:55:00"), mateo, "transfers: lock the payer first\n\nA refund should see the payer's balance before anything is credited.", {
        svc: repo.edit(svc, "        // Always lock the lower id first, so two transfers never wait on each other.\n"
                            "        ReentrantLock first = locks.lock(Math.min(fromId, toId));\n"
                            "        ReentrantLock second = locks.lock(Math.max(fromId, toId));\n",
                       "        // The payer's balance is checked before anything is credited.\n"
                       "        ReentrantLock first = locks.lock(fromId);\n"
                       "        ReentrantLock second = locks.lock(toId);\n"),
    })
    head = repo.commit(utc("2026-12-04 14:40:00"), grace, "api: balance endpoint returns the currency", {
        f"src/main/java/{path}/api/BalanceView.java": f"package {PKG}.api;\n\npublic record BalanceView(long walletId, long cents, String currency) {{}}\n",
    })
    config = repo.commit(utc("2026-12-04 15:20:00"), hana, "settlement: batches of 1000 merchants", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "batch-size: 500", "batch-size: 1000"),
    })
    repo.commit(utc("2026-12-04 15:45:00"), mateo, "tests: transfer into a closed wallet is rejected", {
        f"src/test/java/{path}/transfer/WalletServiceTests.java": f"package {PKG}.transfer;\n\nimport org.junit.jupiter.api.Test;\n\nclass WalletServiceTests {{\n    @Test\n    void closedWalletRejected() {{\n    }}\n}}\n",
    })
    return repo, culprit, head, config


def build_logs(rng, head, config):
    app = Log("wallet-ledger.log")
    envoy = Log("envoy-inbound.log")

    def started(t, version):
        app.add(t, spring(t, "INFO", "main", f"{PKG}.WalletLedgerApplication", f"Starting WalletLedgerApplication v{version[:7]} using Java 17.0.9 with PID 1"))
        t2 = t + dt.timedelta(seconds=14)
        app.add(t2, spring(t2, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"))
        app.add(t2, spring(t2, "INFO", "main", f"{PKG}.WalletLedgerApplication", f"Started WalletLedgerApplication in {rng.uniform(11, 15):.3f} seconds (process running for {rng.uniform(12, 16):.3f})"))

    started(DEPLOY, head)
    started(CONFIG_DEPLOY, config)
    started(RESTART, config)
    stalled = lambda t: ONSET <= t < RESTART
    for hour in (utc("2026-12-04 15:00:03"), ONSET):
        app.add(hour, spring(hour, "INFO", "scheduling-1", "c.p.ledger.settlement.SettlementJob", f"settlement run started: {rng.randint(380, 420)} merchants, batch size {500 if hour < CONFIG_DEPLOY else 1000}"))
        if hour < ONSET:
            done = hour + dt.timedelta(seconds=rng.uniform(6, 10))
            app.add(done, spring(done, "INFO", "scheduling-1", "c.p.ledger.settlement.SettlementJob", f"settlement run finished in {(done - hour).total_seconds():.1f} s"))
    for t in poisson_times(rng, START, END, 30):
        route = rng.choice(["/v1/transfers", "/v1/transfers", "/v1/transfers", "/v1/chargebacks", "/v1/wallets/balance"])
        req = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        thread = f"http-nio-8080-exec-{rng.randint(1, 200)}"
        if stalled(t) and t >= ONSET + dt.timedelta(seconds=20) and route != "/v1/wallets/balance":
            if t >= ONSET + dt.timedelta(minutes=3) and rng.random() < 0.5:
                fail = t + dt.timedelta(seconds=30)
                if fail < RESTART:
                    app.add(fail, spring(fail, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                                         f"Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction] with root cause\n" + HIKARI_TRACE))
            envoy.add(t + dt.timedelta(seconds=15), envoy_access(t + dt.timedelta(seconds=15), "POST", route, 504, "UT", "10.12.0.31:8080", 15000, req, "wallet-ledger"))
            continue
        took = ms(rng, 14)
        if route == "/v1/wallets/balance":
            envoy.add(t, envoy_access(t, "GET", route, 200, "-", "10.12.0.31:8080", took, req, "wallet-ledger"))
            continue
        ref = f"tr_{hexid(rng, 12)}"
        app.add(t, spring(t, "INFO", thread, "c.p.ledger.transfer.TransferController", f"transfer {ref} committed in {took} ms"))
        envoy.add(t, envoy_access(t, "POST", route, 201, "-", "10.12.0.31:8080", took + 2, req, "wallet-ledger"))
    emit(rng, app, START, END, 0.2, [(1, lambda t: spring(t, "INFO", "scheduling-2", "c.p.ledger.fx.RateRefresher", f"fx rates refreshed: {rng.randint(30, 34)} currencies"))])
    t = ONSET + dt.timedelta(minutes=10)
    app.add(t, spring(t, "WARN", "scheduling-3", "c.p.ledger.settlement.SettlementWatchdog", "settlement run started at 16:00:03 has not finished after 600 s"))
    app.add(DUMP, thread_dump(rng))
    return [app, envoy]


def build(out_dir):
    rng = random.Random(4500)
    repo, culprit, head, config = build_repo()
    try:
        def active(t):
            if ONSET <= t < RESTART:
                return min(20, 2 + (t - ONSET).total_seconds() / 9)
            return 2 + (t.second % 3)

        def pending(t):
            if ONSET + dt.timedelta(seconds=180) <= t < RESTART:
                return min(180, (t - ONSET).total_seconds() / 4)
            return 0

        metrics = {
            "hikaricp_connections.json": query_range([({"pool": "HikariPool-1", "state": "active"}, active), ({"pool": "HikariPool-1", "state": "pending"}, pending)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="lock-order-deadlock", service=SERVICE, onset=ONSET,
            description="""
Lock-ordering deadlock. The 14:52 rollout makes a transfer lock the payer's
wallet first instead of the lower wallet id. At 16:00 the settlement run moves
a merchant's balance to the payout pool while a chargeback moves money from
the pool to the same merchant: each holds one lock and waits for the other.
Every later transfer that touches the pool waits forever holding a database
connection; Hikari's pool runs dry and transfers fail. The on-call takes a
thread dump at 16:09 and restarts the single ledger pod at 16:11.
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"wallet-ledger.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"Found one Java-level deadlock", r"Connection is not available, request timed out"],
            fix_files=[f"src/main/java/{PKG.replace('.', '/')}/transfer/WalletService.java"],
            explanation="""
The culprit changes WalletService.transfer to lock the payer first; two
transfers in opposite directions between the same wallets now deadlock (the
thread dump shows scheduling-1 and http-nio-8080-exec-4 waiting on each
other). Decoys: the closed-wallet check in the same file the day before, the
settlement batch-size change rolled out at 15:31 (29 minutes before, and about
the settlement run that deadlocked), the balance-view commit the 14:52 start-up
line names, a tests commit after it. The fix restores the id ordering.
""",
        )
    finally:
        repo.close()
