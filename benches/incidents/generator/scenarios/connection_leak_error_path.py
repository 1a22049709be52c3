"""refunds-api: a commit moves the ledger balance check inside the refund's
database transaction and returns early when the ledger says the order is
already settled, without rolling the transaction back. Each rejected refund
keeps one pooled connection "idle in transaction" for good. Rejections are
rare, so the morning is quiet; when support starts a bulk refund run for a
botched promotion, most of whose orders are already settled, the three pods'
pools (30 each) drain in ten minutes and every request waits for a
connection until its deadline. Decoys: an earlier edit of the same file (the
refund reason in the log line), the tests commit the deploy names, and a
database pool setting (conn_max_idle_time) rolled out 29 minutes before the
onset, which restarted the pods. logfmt app log, Envoy inbound access,
PostgreSQL log."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, logfmt, postgres
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "refunds-api"
MODULE = "github.com/parcelpay/refunds-api"
DEPLOY = utc("2026-12-04 09:14:00")
CONFIG_DEPLOY = utc("2026-12-04 10:39:00")
BULK = utc("2026-12-04 10:57:30")
ONSET = utc("2026-12-04 11:07:52")
ROLLED_BACK = utc("2026-12-04 11:52:00")
START, END = utc("2026-12-04 08:30:00"), utc("2026-12-04 12:10:00")

STORE = """package refunds

import (
\t"context"
\t"database/sql"
)

// Store writes refunds; every refund is one transaction.
type Store struct {
\tdb     *sql.DB
\tledger LedgerClient
}

func (s *Store) Create(ctx context.Context, r Refund) (int64, error) {
\tsettled, err := s.ledger.IsSettled(ctx, r.OrderID)
\tif err != nil {
\t\treturn 0, err
\t}
\tif settled {
\t\treturn 0, ErrAlreadySettled
\t}
\ttx, err := s.db.BeginTx(ctx, nil)
\tif err != nil {
\t\treturn 0, fmt.Errorf("begin tx: %w", err)
\t}
\tdefer tx.Rollback()
\tvar id int64
\tif err := tx.QueryRowContext(ctx, insertRefund, r.OrderID, r.AmountCents, r.Reason).Scan(&id); err != nil {
\t\treturn 0, err
\t}
\treturn id, tx.Commit()
}
"""

CONFIG = """addr: ":8080"
deadline: 2s
database:
  dsn_env: REFUNDS_DB_DSN
  max_open_conns: 30
  max_idle_conns: 10
  conn_max_idle_time: 10m
ledger:
  url: http://ledger.payments.svc:8080
  timeout: 800ms
"""


def build_repo():
    lena = Person("Lena Vogt", "lena.vogt@parcelpay.io", 60)
    omar = Person("Omar Haddad", "omar.haddad@parcelpay.io", 120)
    priya = Person("Priya Nair", "priya.nair@parcelpay.io", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Creates and tracks customer refunds against the ledger.")
    files["internal/refunds/store.go"] = STORE
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", cpu="250m",
                                                  env={"CONFIG_PATH": "/etc/refunds/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [("RefundsErrorRate", "5xx above 2 %: check the ledger and the database first.")])
    repo.commit(utc("2026-11-28 10:00:00"), omar, "refunds-api: import", files)
    repo.schedule(chores(random.Random(5201), SERVICE, [lena, omar, priya], utc("2026-11-28 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-12-03 14:22:00"), lena, "refunds: put the refund reason in the rejection log line", {
        "internal/refunds/store.go": repo.edit("internal/refunds/store.go", "\tif settled {\n\t\treturn 0, ErrAlreadySettled\n\t}\n",
                                               "\tif settled {\n\t\treturn 0, fmt.Errorf(\"%w (reason=%s)\", ErrAlreadySettled, r.Reason)\n\t}\n"),
    })
    repo.commit(utc("2026-12-04 06:10:00"), bot, "build(deps): bump github.com/lib/pq from 1.10.7 to 1.10.9", {
        "go.mod": repo.edit("go.mod", "\tgopkg.in/yaml.v3 v3.0.1\n", "\tgithub.com/lib/pq v1.10.9\n\tgopkg.in/yaml.v3 v3.0.1\n"),
    })
    culprit = repo.commit(utc("2026-12-04 08:41:00"), priya, "refunds: check settlement inside the transaction so a refund cannot race the settlement run", {
        "internal/refunds/store.go": repo.edit(
            "internal/refunds/store.go",
            "\tsettled, err := s.ledger.IsSettled(ctx, r.OrderID)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n"
            "\tif settled {\n\t\treturn 0, fmt.Errorf(\"%w (reason=%s)\", ErrAlreadySettled, r.Reason)\n\t}\n"
            "\ttx, err := s.db.BeginTx(ctx, nil)\n\tif err != nil {\n\t\treturn 0, fmt.Errorf(\"begin tx: %w\", err)\n\t}\n\tdefer tx.Rollback()\n",
            "\ttx, err := s.db.BeginTx(ctx, nil)\n\tif err != nil {\n\t\treturn 0, fmt.Errorf(\"begin tx: %w\", err)\n\t}\n"
            "\t// Lock the order row first so the settlement run waits for us.\n"
            "\tif _, err := tx.ExecContext(ctx, lockOrder, r.OrderID); err != nil {\n\t\ttx.Rollback()\n\t\treturn 0, err\n\t}\n"
            "\tsettled, err := s.ledger.IsSettled(ctx, r.OrderID)\n\tif err != nil {\n\t\ttx.Rollback()\n\t\treturn 0, err\n\t}\n"
            "\tif settled {\n\t\treturn 0, fmt.Errorf(\"%w (reason=%s)\", ErrAlreadySettled, r.Reason)\n\t}\n"),
    })
    head = repo.commit(utc("2026-12-04 09:02:00"), priya, "tests: refund is refused once the order is settled", {
        "internal/refunds/store_test.go": "package refunds\n\nimport \"testing\"\n\nfunc TestRefuseSettled(t *testing.T) {\n\ts := newTestStore(t, settledLedger{})\n\tif _, err := s.Create(ctx, Refund{OrderID: 7}); !errors.Is(err, ErrAlreadySettled) {\n\t\tt.Fatalf(\"err = %v\", err)\n\t}\n}\n",
    })
    config_head = repo.commit(utc("2026-12-04 10:18:00"), omar, "config: close idle database connections after 2m instead of 10m", {
        "config/production.yaml": repo.edit("config/production.yaml", "conn_max_idle_time: 10m", "conn_max_idle_time: 2m"),
    })
    repo.commit(utc("2026-12-04 11:40:00"), lena, "runbook: how to run a bulk refund", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Bulk refunds\n\nUse the admin tool in batches of 200; watch the refunds dashboard.\n",
    })
    return repo, culprit, head, config_head


def build_logs(rng, culprit_deployed_head, config_head):
    app = Log("refunds-api.log")
    envoy = Log("envoy-inbound.log")
    pg = Log("refunds-db.log")
    pods = {0: [f"refunds-api-6c9d{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)],
            1: [f"refunds-api-58b7{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)],
            2: [f"refunds-api-7f41{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)],
            3: [f"refunds-api-4a20{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)]}

    def generation(t):
        return 0 if t < DEPLOY else 1 if t < CONFIG_DEPLOY else 2 if t < ROLLED_BACK else 3

    # The rollback redeploys the image from before the morning deploy, which
    # logs the version it was built from.
    rollback_version = "v2026.12.03-2"
    for gen, when, version in [(1, DEPLOY, culprit_deployed_head[:7]), (2, CONFIG_DEPLOY, config_head[:7]), (3, ROLLED_BACK, rollback_version)]:
        for i, pod in enumerate(pods[gen]):
            t = when + dt.timedelta(seconds=20 * i)
            app.add(t, logfmt(t, "info", "starting refunds-api", version=version, addr=":8080", pod=pod))
            app.add(t, logfmt(t, "info", "database pool ready", max_open=30, max_idle=10, pod=pod))
            old = pods[gen - 1][i]
            t = t + dt.timedelta(seconds=8)
            app.add(t, logfmt(t, "info", "shutting down", pod=old, signal="terminated"))
    leaked = {pod: 0 for gen in pods.values() for pod in gen}
    # The leak exists only while the culprit runs (from DEPLOY until the rollback).
    for t in poisson_times(rng, START, END, 16):
        gen = generation(t)
        pod = rng.choice(pods[gen])
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}"
        bulk = BULK <= t < ROLLED_BACK
        leaking = DEPLOY <= t < ROLLED_BACK
        if rng.random() < (0.55 if bulk else 0.4):
            path = f"/v1/orders/{rng.randint(4000000, 4999999)}/refunds"
            method = "GET"
        else:
            path = "/v1/refunds"
            method = "POST"
        if leaked[pod] >= 30:
            app.add(t, logfmt(t, "error", "refund request failed", path=path, err="begin tx: context deadline exceeded", waited="2s", pod=pod, request_id=rid))
            envoy.add(t, envoy_access(t, method, path, 503, "-", "127.0.0.1:8080", 2000 + ms(rng, 4), rid, "refunds.payments.svc:8080"))
            continue
        took = ms(rng, 24)
        if method == "POST":
            settled = rng.random() < (0.7 if bulk else 0.03)
            if settled:
                reason = "promo_price_error" if bulk else rng.choice(["damaged", "late_delivery", "not_received"])
                app.add(t, logfmt(t, "warn", "refund rejected", err=f"order already settled (reason={reason})", order_id=rng.randint(4000000, 4999999), pod=pod, request_id=rid))
                envoy.add(t, envoy_access(t, method, path, 409, "-", "127.0.0.1:8080", took, rid, "refunds.payments.svc:8080"))
                if leaking:
                    leaked[pod] += 1
                continue
            app.add(t, logfmt(t, "info", "refund created", refund_id=rng.randint(900000, 999999), amount_cents=rng.randint(500, 20000), took=f"{took}ms", pod=pod, request_id=rid))
            envoy.add(t, envoy_access(t, method, path, 201, "-", "127.0.0.1:8080", took + 1, rid, "refunds.payments.svc:8080"))
        else:
            envoy.add(t, envoy_access(t, method, path, 200, "-", "127.0.0.1:8080", took, rid, "refunds.payments.svc:8080"))
    emit(rng, pg, START, END, 0.3, [
        (3, lambda t: postgres(t, rng.randint(20000, 29999), "LOG", f"duration: {rng.randint(1000, 2400)}.{rng.randint(100, 999)} ms  statement: SELECT order_id, amount_cents FROM settlements WHERE batch_id = $1", "ledger_ro@refunds")),
        (1, lambda t: postgres(t, rng.randint(100, 199), "LOG", f"checkpoint complete: wrote {rng.randint(200, 1900)} buffers ({rng.randint(1, 9)}.{rng.randint(0, 9)}%); 0 WAL file(s) added, 0 removed, 1 recycled")),
    ])
    t = ONSET + dt.timedelta(minutes=6)
    pg.add(t, postgres(t, 21877, "LOG", "process 21877 still waiting for ShareLock on transaction 88120443 after 1000.104 ms", "settlement@refunds"))
    pg.add(t, postgres(t, 21877, "DETAIL", "Process holding the lock: 20412. Wait queue: 21877.", "settlement@refunds"))
    pg.add(t, postgres(t, 21877, "STATEMENT", "UPDATE orders SET settled_at = now() WHERE id = ANY($1)", "settlement@refunds"))
    return [app, envoy, pg]


def build(out_dir):
    rng = random.Random(5200)
    repo, culprit, head, config_head = build_repo()
    try:
        def in_use(pod_index):
            def fn(t):
                if t < DEPLOY:
                    return 2 + (t.minute + pod_index) % 3
                if t < CONFIG_DEPLOY:
                    return 2 + (t.minute + pod_index) % 3 + min(4, int((t - DEPLOY).total_seconds() // 1500))
                if t < BULK:
                    return 2 + (t.minute + pod_index) % 3
                if t < ROLLED_BACK:
                    return min(30, 2 + int((t - BULK).total_seconds() / 22) + pod_index)
                return 2 + (t.minute + pod_index) % 3
            return fn

        def idle_in_tx(t):
            if DEPLOY <= t < CONFIG_DEPLOY:
                return min(12, int((t - DEPLOY).total_seconds() // 1500) * 3)
            if BULK <= t < ROLLED_BACK:
                return min(90, int((t - BULK).total_seconds() / 7.5))
            return 0

        metrics = {
            "go_sql_stats_connections_in_use.json": query_range([({"app": SERVICE, "pod_index": str(i), "db_name": "refunds"}, in_use(i)) for i in range(3)], START, END, 30),
            "pg_stat_activity_count.json": query_range([({"datname": "refunds", "state": "idle in transaction"}, idle_in_tx)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="connection-leak-error-path", service=SERVICE, onset=ONSET,
            description="""
Connection leak in an error path. From 11:07 refunds-api requests fail after
waiting 2 s for a database connection (503 at Envoy). The pools are full of
connections PostgreSQL shows as "idle in transaction". The morning deploy
(09:14, the start-up lines name a tests commit) carried a change that returns
early on an already-settled order without rolling back; support's bulk refund
run from 10:57, mostly settled orders, leaked a connection per rejection. The
config rollout at 10:39 (conn_max_idle_time) restarted the pods and hid the
slow leak of the morning. Rolled back to the previous image at 11:52.
""",
            logs=build_logs(rng, head, config_head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"refund rejected", r"refund request failed"],
            fix_files=["internal/refunds/store.go"],
            explanation="""
The culprit moves the settlement check inside the transaction in
internal/refunds/store.go and drops the deferred Rollback; the settled-order
branch returns with the transaction open. Each "refund rejected" line is one
leaked connection; "refund request failed" (err "begin tx: context deadline
exceeded") is the pool running dry. Decoys: the day-before edit of the same branch (reason in the error), the
tests commit the start-up lines name, the conn_max_idle_time change that
shares the pool's words and rolled out 29 minutes before the onset, a lib/pq
bump, the settlement run's lock wait in the database log, and a runbook
commit after the onset. The fix restores the rollback on every early return.
""",
        )
    finally:
        repo.close()
