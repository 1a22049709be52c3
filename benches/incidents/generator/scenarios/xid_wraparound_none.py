"""notification-prefs (Go, team in Warsaw): users' notification settings and
the unsubscribe links in every email. Its tables live in `core`, a shared
PostgreSQL 15 cluster that the data platform team owns (CRM, billing and a
dozen services use it). Eleven days earlier the analytics team
decommissioned a hot standby but left its physical replication slot behind;
with hot_standby_feedback on, the stale slot pins the cluster's xmin, so
autovacuum cannot freeze anything and the database's transaction-ID age
climbs by about 190 million a day. On Monday morning the age passes the warn
limit (every transaction gets "must be vacuumed within N transactions"), and
at 08:47 UTC it reaches the stop limit: PostgreSQL refuses every statement
that needs a transaction ID. Reads still work; every write fails (preference
changes, unsubscribes, CRM, billing). The data platform team drops the slot
at 09:12; autovacuum's aggressive anti-wraparound pass over the oldest table
finishes at 09:58 and writes work again. Nothing in notification-prefs'
repository caused it. Decoys: a migration two days before, a commit that
logs Postgres notices (so the warnings appear in the app's log from the
08:15 rollout), the pgx bump the start-up lines name, and a pool change
rolled out nine minutes before the onset. App (logrus text), PostgreSQL
(stderr log with continuation lines), ingress-nginx access."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "notification-prefs"
MODULE = "github.com/kalinka-shop/notification-prefs"
DEPLOY = utc("2026-12-14 08:15:00")
POOL_DEPLOY = utc("2026-12-14 08:38:00")
STOP = utc("2026-12-14 08:47:20")
SLOT_DROPPED = utc("2026-12-14 09:12:40")
FROZEN = utc("2026-12-14 09:58:05")
START, END = utc("2026-12-14 06:30:00"), utc("2026-12-14 10:30:00")
XIDS_PER_S = 2230
STOP_MARGIN = 3_000_000
WRAP_LIMIT_AGE = 2_147_483_647 - 1_000_000   # age at which xidWrapLimit is reached (roughly)

STORE = """package store

import (
\t"context"
\t"fmt"

\t"github.com/jackc/pgx/v5/pgxpool"
)

// Store keeps notification settings in the shared core database
// (schema prefs; the cluster is the data platform team's).
type Store struct {
\tpool *pgxpool.Pool
}

func Open(ctx context.Context, dsn string, maxConns int32) (*Store, error) {
\tcfg, err := pgxpool.ParseConfig(dsn)
\tif err != nil {
\t\treturn nil, fmt.Errorf("parse dsn: %w", err)
\t}
\tcfg.MaxConns = maxConns
\tpool, err := pgxpool.NewWithConfig(ctx, cfg)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn &Store{pool: pool}, nil
}

func (s *Store) SetChannel(ctx context.Context, userID int64, channel string, enabled bool) error {
\t_, err := s.pool.Exec(ctx,
\t\t`UPDATE prefs.notification_settings SET enabled = $3, updated_at = now() WHERE user_id = $1 AND channel = $2`,
\t\tuserID, channel, enabled)
\treturn err
}

func (s *Store) Unsubscribe(ctx context.Context, userID int64, list string) error {
\t_, err := s.pool.Exec(ctx,
\t\t`INSERT INTO prefs.unsubscribes (user_id, list, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`,
\t\tuserID, list)
\treturn err
}
"""

CONFIG = """addr: ":8080"
deadline: 2s
database:
  dsn_env: CORE_DATABASE_URL
  max_conns: 10
"""


def build_repo():
    kasia = Person("Katarzyna Wójcik", "k.wojcik@kalinka.pl", 60)
    tomek = Person("Tomasz Zieliński", "t.zielinski@kalinka.pl", 60)
    olena = Person("Olena Shevchenko", "o.shevchenko@kalinka.pl", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Notification settings and unsubscribe links; tables in the shared core PostgreSQL (schema prefs).")
    files["go.mod"] = f"module {MODULE}\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/sirupsen/logrus v1.9.3\n\tgopkg.in/yaml.v3 v3.0.1\n)\n"
    files["internal/store/store.go"] = STORE
    files["config/production.yaml"] = CONFIG
    files["db/migrations/0006_unsubscribes.sql"] = "CREATE TABLE prefs.unsubscribes (\n    user_id bigint NOT NULL,\n    list text NOT NULL,\n    created_at timestamptz NOT NULL,\n    PRIMARY KEY (user_id, list)\n);\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="128Mi", cpu="200m", env={"CONFIG_PATH": "/app/config/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [("PrefsWriteErrors", "Writes failing: check our pool first, then the core cluster's health in #data-platform (they own it).")])
    repo.commit(utc("2026-12-08 09:05:00"), kasia, "notification-prefs: import", files)
    repo.schedule(chores(random.Random(7701), SERVICE, [kasia, tomek, olena], utc("2026-12-08 09:05:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-10 13:20:00"), tomek, "preferences: quiet hours per user (migration 0007)", {
        "db/migrations/0007_quiet_hours.sql": "ALTER TABLE prefs.notification_settings ADD COLUMN quiet_from time, ADD COLUMN quiet_to time;\n",
        "internal/store/store.go": repo.edit("internal/store/store.go", "func (s *Store) Unsubscribe(",
            "func (s *Store) SetQuietHours(ctx context.Context, userID int64, from, to string) error {\n\t_, err := s.pool.Exec(ctx,\n\t\t`UPDATE prefs.notification_settings SET quiet_from = $2, quiet_to = $3, updated_at = now() WHERE user_id = $1`,\n\t\tuserID, from, to)\n\treturn err\n}\n\nfunc (s *Store) Unsubscribe("),
    })
    repo.commit(utc("2026-12-11 10:45:00"), olena, "tests: store round trip against a throwaway Postgres (testcontainers)", {
        "internal/store/store_test.go": "package store\n\nimport \"testing\"\n\nfunc TestSetChannelRoundTrip(t *testing.T) {\n\tctx, s := openTestStore(t)\n\tif err := s.SetChannel(ctx, 42, \"email\", false); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n",
    })
    repo.commit(utc("2026-12-14 07:41:00"), tomek, "store: log Postgres notices and warnings sent to our sessions", {
        "internal/store/store.go": repo.edit("internal/store/store.go", "\tcfg.MaxConns = maxConns\n",
            "\tcfg.MaxConns = maxConns\n\tcfg.ConnConfig.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {\n\t\tlog.WithFields(log.Fields{\"severity\": n.Severity, \"code\": n.Code}).Warn(\"postgres notice: \" + n.Message)\n\t}\n").replace(
            "\t\"github.com/jackc/pgx/v5/pgxpool\"\n", "\t\"github.com/jackc/pgx/v5/pgconn\"\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n\tlog \"github.com/sirupsen/logrus\"\n"),
    })
    head = repo.commit(utc("2026-12-14 07:58:00"), bot, "Bump github.com/jackc/pgx/v5 from 5.7.1 to 5.7.2", {
        "go.mod": repo.edit("go.mod", "pgx/v5 v5.7.1", "pgx/v5 v5.7.2"),
    })
    pool = repo.commit(utc("2026-12-14 08:27:00"), kasia, "config: 16 database connections per pod for the Monday newsletter's unsubscribe burst", {
        "config/production.yaml": repo.edit("config/production.yaml", "max_conns: 10", "max_conns: 16"),
    })
    repo.commit(utc("2026-12-14 10:21:00"), olena, "runbook: SQLSTATE 54000 is the core cluster protecting itself from wraparound", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## SQLSTATE 54000 (not accepting commands to avoid wraparound)\n\nNothing to roll back on our side. Page #data-platform; reads keep working.\n",
    })
    return repo, head, pool


def remaining(t):
    """xidWrapLimit minus the next xid: what the warnings count down."""
    return STOP_MARGIN + int(XIDS_PER_S * (STOP - t).total_seconds())


def writes_refused(t):
    return STOP <= t < FROZEN


def build_logs(rng, head, pool):
    app = Log("notification-prefs.log")
    pg = Log("core-postgresql.log")
    access = Log("ingress-nginx-access.log")
    warn_hint = "To avoid a database shutdown, execute a database-wide VACUUM in that database.\n\tYou might also need to commit or roll back old prepared transactions, or drop stale replication slots."
    stop_hint = "Stop the postmaster and vacuum that database in single-user mode.\n\tYou might also need to commit or roll back old prepared transactions, or drop stale replication slots."
    others = [("crm_app", "UPDATE crm.contacts SET last_seen_at = $1 WHERE id = $2"),
              ("crm_app", "INSERT INTO crm.contact_events (contact_id, kind, payload, created_at) VALUES ($1, $2, $3, now())"),
              ("billing", "INSERT INTO billing.invoice_lines (invoice_id, sku, qty, amount) VALUES ($1, $2, $3, $4)"),
              ("orders_sync", "UPDATE orders.sync_cursor SET position = $1 WHERE source = $2")]

    def stamp(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S") + "Z"

    def logrus(t, level, msg, **fields):
        extra = "".join(f" {k}={v}" if isinstance(v, (int, float)) or (v and " " not in str(v) and '"' not in str(v)) else f' {k}="{str(v).replace(chr(34), chr(92) + chr(34))}"' for k, v in fields.items())
        msg = msg.replace('"', '\\"')
        return f'time="{stamp(t)}" level={level} msg="{msg}"{extra}'

    def pg_write(t, user, stmt, pid=None):
        pid = pid or rng.randint(100000, 199999)
        ud = f"{user}@core"
        if writes_refused(t):
            pg.add(t, postgres(t, pid, "ERROR", "database is not accepting commands to avoid wraparound data loss in database \"core\"", ud))
            pg.add(t, postgres(t, pid, "HINT", stop_hint, ud))
            pg.add(t, postgres(t, pid, "STATEMENT", stmt, ud))
            return False
        if remaining(t) < 40_000_000 and t < FROZEN:
            pg.add(t, postgres(t, pid, "WARNING", f"database \"core\" must be vacuumed within {remaining(t)} transactions", ud))
            pg.add(t, postgres(t, pid, "HINT", warn_hint, ud))
        return True

    # Rollouts: the notices commit with the pgx bump, then the pool change.
    pods = {}
    for when, sha, rs in [(DEPLOY, head, "6f9d8c7b4"), (POOL_DEPLOY, pool, "58c7f6d9b")]:
        pods[when] = [f"notification-prefs-{rs}-{hexid(rng, 5)}" for _ in range(3)]
        for i, pod in enumerate(pods[when]):
            t = when + dt.timedelta(seconds=6 + 15 * i)
            app.add(t, logrus(t, "info", "starting notification-prefs", version=sha[:7], addr=":8080", pod=pod))
            app.add(t, logrus(t + dt.timedelta(milliseconds=80), "info", "database pool ready", max_conns=10 if when == DEPLOY else 16, pod=pod))
    old_pods = [f"notification-prefs-7b5c9d6f8-{hexid(rng, 5)}" for _ in range(3)]

    def pod_at(t):
        started = [w for w in pods if w + dt.timedelta(seconds=40) <= t]
        return rng.choice(pods[max(started)] if started else old_pods)

    def logs_notices(t):
        return t >= DEPLOY + dt.timedelta(seconds=40)

    # Our traffic: reads (email-sender and the app's settings screen), writes, unsubscribe links.
    for t in poisson_times(rng, START, END, 34):
        user = rng.randint(1_000_000, 4_999_999)
        kind = rng.choices(["read", "write", "unsub"], weights=[27, 5, 2])[0]
        pod = pod_at(t)
        client = ip(rng, "10.40")
        if kind == "read":
            access.add(t, nginx_access(t, client, "GET", f"/v1/users/{user}/preferences", 200, rng.randint(300, 900), ms(rng, 9) / 1000, "email-sender/2.14 (+go-http-client)", upstream_rt=ms(rng, 8) / 1000))
            continue
        if kind == "write":
            method, path, stmt = "PUT", f"/v1/users/{user}/preferences/{rng.choice(['email', 'push', 'sms'])}", "UPDATE prefs.notification_settings SET enabled = $3, updated_at = now() WHERE user_id = $1 AND channel = $2"
            ua = rng.choice(["Kalinka/8.3.1 (iPhone; iOS 18.1)", "Kalinka/8.3.0 (Android 14)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"])
        else:
            method, path, stmt = "POST", f"/v1/unsubscribe?u={user}&list={rng.choice(['newsletter', 'promotions', 'price-alerts'])}&sig={hexid(rng, 16)}", "INSERT INTO prefs.unsubscribes (user_id, list, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING"
            ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"])
        ok = pg_write(t, "notification_prefs", stmt)
        if ok:
            took = ms(rng, 14)
            if logs_notices(t) and remaining(t) < 40_000_000 and t < FROZEN:
                app.add(t, logrus(t, "warning", f"postgres notice: database \"core\" must be vacuumed within {remaining(t)} transactions", code="01000", severity="WARNING", pod=pod))
            access.add(t + dt.timedelta(milliseconds=took), nginx_access(t + dt.timedelta(milliseconds=took), client, method, path, 204 if method == "PUT" else 200, 0 if method == "PUT" else 212, took / 1000, ua, upstream_rt=took / 1000))
            continue
        err = "ERROR: database is not accepting commands to avoid wraparound data loss in database \"core\" (SQLSTATE 54000)"
        what = "update preferences failed" if method == "PUT" else "unsubscribe failed"
        app.add(t, logrus(t, "error", what, user_id=user, err=err, pod=pod))
        access.add(t + dt.timedelta(milliseconds=4), nginx_access(t + dt.timedelta(milliseconds=4), client, method, path, 500, 64, 0.004, ua, upstream_rt=0.004))

    # The other tenants' writes (sampled: the cluster logs every warning).
    for t in poisson_times(rng, START, END, 7):
        user, stmt = rng.choice(others)
        pg_write(t, user, stmt)

    # Autovacuum: anti-wraparound passes that cannot freeze past the slot's xmin.
    t = START + dt.timedelta(minutes=4)
    tables = [("crm.contact_events", 912_410), ("crm.contacts", 188_023), ("billing.invoice_lines", 402_771), ("prefs.notification_settings", 9_412), ("orders.sync_cursor", 3)]
    slot_xmin_age = lambda when: 2_147_483_647 - 1_000_000 - STOP_MARGIN - int(XIDS_PER_S * (STOP - when).total_seconds()) + 2_000_000
    while t < SLOT_DROPPED:
        table, pages = rng.choice(tables)
        pid = rng.randint(200000, 299999)
        pg.add(t, postgres(t, pid, "WARNING", "oldest xmin is far in the past"))
        pg.add(t, postgres(t, pid, "HINT", "Close open transactions soon to avoid wraparound problems.\n\tYou might also need to commit or roll back old prepared transactions, or drop stale replication slots."))
        done = t + dt.timedelta(seconds=max(1, pages // 900))
        age = slot_xmin_age(done)
        pg.add(done, postgres(done, pid, "LOG", f"automatic aggressive vacuum to prevent wraparound of table \"core.{table}\": index scans: 0\n"
                                            f"\tpages: 0 removed, {pages} remain, {pages} scanned (100.00% of total)\n"
                                            f"\ttuples: 0 removed, {pages * 61} remain, {rng.randint(40000, 900000) if pages > 1000 else rng.randint(0, 40)} are dead but not yet removable\n"
                                            f"\tremovable cutoff: {rng.randint(1_000_000, 9_000_000)}, which was {age} XIDs old when operation ended\n"
                                            f"\tfrozen: 0 pages from table (0.00% of total) had 0 tuples frozen\n"
                                            f"\tindex scan not needed: 0 pages from table (0.00% of total) had 0 dead item identifiers removed\n"
                                            f"\tavg read rate: {rng.uniform(40, 120):.3f} MB/s, avg write rate: {rng.uniform(0, 2):.3f} MB/s\n"
                                            f"\tbuffer usage: {pages + rng.randint(100, 900)} hits, {rng.randint(0, pages)} misses, {rng.randint(0, 90)} dirtied\n"
                                            f"\tWAL usage: {rng.randint(0, 50)} records, 0 full page images, {rng.randint(0, 9000)} bytes\n"
                                            f"\tsystem usage: CPU: user: {rng.uniform(0.1, 9):.2f} s, system: {rng.uniform(0.1, 3):.2f} s, elapsed: {(done - t).total_seconds():.2f} s"))
        t = done + dt.timedelta(seconds=rng.uniform(20, 90))
    # The slot is dropped; the next pass over the oldest table freezes it and the age falls.
    d = SLOT_DROPPED
    pg.add(d, postgres(d, 311042, "LOG", "statement: SELECT pg_drop_replication_slot('analytics_standby_b');", "postgres@core"))
    v = d + dt.timedelta(seconds=21)
    pg.add(v, postgres(v, 311077, "LOG", "automatic aggressive vacuum to prevent wraparound of table \"core.orders.sync_cursor\": index scans: 0\n\tpages: 0 removed, 3 remain, 3 scanned (100.00% of total)\n\ttuples: 12 removed, 4 remain, 0 are dead but not yet removable\n\tnew relfrozenxid: 3019870111, which is 2141876209 XIDs ahead of previous value\n\tsystem usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.01 s"))
    pg.add(FROZEN - dt.timedelta(seconds=1), postgres(FROZEN - dt.timedelta(seconds=1), 311101, "LOG", "automatic aggressive vacuum to prevent wraparound of table \"core.crm.contact_events\": index scans: 1\n\tpages: 0 removed, 912410 remain, 912410 scanned (100.00% of total)\n\ttuples: 3121987 removed, 55656010 remain, 0 are dead but not yet removable\n\tnew relfrozenxid: 3009512377, which is 2127720011 XIDs ahead of previous value\n\tfrozen: 901233 pages from table (98.78% of total) had 55102388 tuples frozen\n\tsystem usage: CPU: user: 301.44 s, system: 88.12 s, elapsed: 2728.90 s"))
    emit(rng, pg, START, END, 0.25, [
        (3, lambda t: postgres(t, rng.randint(100, 199), "LOG", f"checkpoint complete: wrote {rng.randint(2000, 30000)} buffers ({rng.uniform(0.2, 4):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(8, 30)} recycled; write={rng.uniform(100, 270):.3f} s, sync={rng.uniform(0, 1):.3f} s, total={rng.uniform(100, 270):.3f} s")),
        (1, lambda t: postgres(t, rng.randint(100000, 199999), "LOG", f"duration: {rng.randint(1000, 9000)}.{rng.randint(100, 999)} ms  statement: SELECT c.id, c.email FROM crm.contacts c JOIN crm.segments s ON s.contact_id = c.id WHERE s.segment = 'newsletter-weekly'", "crm_reports@core")),
        (1, lambda t: postgres(t, rng.randint(100000, 199999), "LOG", "could not receive data from client: Connection reset by peer", f"{rng.choice(['crm_app', 'billing'])}@core")),
    ])
    emit(rng, app, START, END, 0.6, [
        (3, lambda t: logrus(t, "info", "preferences cache refreshed", entries=rng.randint(9000, 12000), pod=pod_at(t))),
        (1, lambda t: logrus(t, "warning", "unsubscribe link with bad signature", list=rng.choice(["newsletter", "promotions"]), pod=pod_at(t))),
        (1, lambda t: logrus(t, "info", "push token expired, disabling channel", user_id=rng.randint(1_000_000, 4_999_999), pod=pod_at(t))),
    ])
    emit(rng, access, START, END, 1.5, [
        (1, lambda t: nginx_access(t, ip(rng, "10.40"), "GET", "/healthz", 200, 2, 0.001, "kube-probe/1.30", upstream_rt=0.001)),
    ])
    return [app, pg, access]


def build(out_dir):
    rng = random.Random(7700)
    repo, head, pool = build_repo()
    try:
        logs = build_logs(rng, head, pool)
        onset = min(t for t, _, text in logs[0].entries if "level=error" in text).replace(microsecond=0)

        def xid_age(t):
            if t < SLOT_DROPPED + dt.timedelta(seconds=21):
                return WRAP_LIMIT_AGE - remaining(t)
            if t < FROZEN:
                return WRAP_LIMIT_AGE - remaining(SLOT_DROPPED)
            return 19_800_000 + int(XIDS_PER_S * (t - FROZEN).total_seconds())

        def slot_age(t):
            return WRAP_LIMIT_AGE - remaining(t) if t < SLOT_DROPPED else None

        errors = {}
        for t, _, text in logs[2].entries:
            if '" 500 ' in text:
                m = int(t.timestamp()) // 60 * 60
                errors[m] = errors.get(m, 0) + 1

        metrics = {
            "pg_database_age_datfrozenxid.json": query_range([({"cluster": "core-pg", "datname": "core"}, xid_age)], START, END, 60),
            "pg_replication_slot_xmin_age.json": query_range([({"cluster": "core-pg", "slot_name": "analytics_standby_b", "slot_type": "physical", "active": "false"}, slot_age)], START, END, 60),
            "notification_prefs_http_5xx_per_minute.json": query_range([({"service": SERVICE}, lambda t: errors.get(int(t.timestamp()) // 60 * 60, 0))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="xid-wraparound-none", service=SERVICE, onset=onset,
            description=f"""
Preference changes and unsubscribe links fail. From {onset.strftime('%H:%M')} UTC every write
of notification-prefs fails with SQLSTATE 54000; reads still work. The core
PostgreSQL cluster is the data platform team's and shared with CRM and
billing, whose writes fail too. notification-prefs was rolled out at 08:15
(start-up lines name a pgx bump) and 08:38 (pool size). Writes work again
from 09:58 with no change on notification-prefs' side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"database is not accepting commands to avoid wraparound data loss", r"must be vacuumed within", r"oldest xmin is far in the past"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: a physical replication slot left
behind by a decommissioned standby (hot_standby_feedback on) pinned the
shared core cluster's xmin for eleven days, autovacuum could not freeze
("oldest xmin is far in the past"), the database's transaction-ID age passed
the warn limit ("must be vacuumed within N transactions") and then the stop
limit, after which PostgreSQL refused every statement that needs a
transaction ID, for every tenant. It ended when the data platform team
dropped the slot and autovacuum's anti-wraparound pass froze the oldest
table. Decoys: the quiet-hours migration two days before, the commit that
logs Postgres notices (the warnings show up in the app's log from the 08:15
rollout because of it, not because anything changed in the database), the
pgx bump the start-up lines name, the pool change (10 -> 16 connections)
rolled out nine minutes before the onset, and a runbook commit afterwards.
""",
        )
    finally:
        repo.close()
