"""reporting-service: the revenue rollup CronJob moves from nightly to hourly
"for fresher dashboards"; its first daytime run at 11:00 does an INSERT … SELECT
over the whole orders table, saturating the shared MySQL and holding shared
locks that time out orders-api's writes. Cron job output, MySQL slow query log
(multi-line entries), orders-api as RFC 5424 syslog, Flux JSON."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import syslog5424
from skeletons import chores, ci_bump, python_service, runbook

SERVICE = "reporting-service"
APPLY = utc("2026-11-27 10:12:03")
JOB_START = utc("2026-11-27 11:00:00")
ONSET = utc("2026-11-27 11:00:04")
JOB_END = utc("2026-11-27 11:41:37")

CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: revenue-rollup
spec:
  schedule: "30 2 * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: rollup
              image: registry.internal/reporting-service:latest
              command: ["python", "-m", "reporting.jobs.revenue_rollup"]
"""

ROLLUP_SQL = """-- Rebuilds revenue_hourly for the last 30 days.
INSERT INTO revenue_hourly (hour, region, orders, revenue_cents)
SELECT DATE_FORMAT(o.created_at, '%Y-%m-%d %H:00:00'), o.region, COUNT(*), SUM(i.price_cents * i.qty)
FROM orders o JOIN order_items i ON i.order_id = o.id
WHERE o.created_at >= NOW() - INTERVAL 30 DAY AND o.status IN ('paid', 'shipped')
GROUP BY 1, 2
ON DUPLICATE KEY UPDATE orders = VALUES(orders), revenue_cents = VALUES(revenue_cents);
"""


def build_repo():
    hana = Person("Hana Kobayashi", "hana.kobayashi@basketco.com", 60)
    luis = Person("Luis Fernández", "luis.fernandez@basketco.com", 60)
    eva = Person("Eva Lindqvist", "eva.lindqvist@basketco.com", 60)
    repo = Repo()
    files = python_service(SERVICE, "reporting", "Revenue and funnel reports for the sales dashboards.")
    files["k8s/cronjob-revenue-rollup.yaml"] = CRONJOB
    files["reporting/sql/revenue_rollup.sql"] = ROLLUP_SQL
    files["reporting/jobs/revenue_rollup.py"] = '"""Runs revenue_rollup.sql against the shop database."""\nimport logging\nimport time\nfrom importlib import resources\n\nfrom reporting import db\n\nlog = logging.getLogger("reporting.jobs.revenue_rollup")\n\n\ndef main():\n    sql = resources.files("reporting.sql").joinpath("revenue_rollup.sql").read_text()\n    started = time.monotonic()\n    log.info("revenue rollup started window=30d")\n    rows = db.execute(sql)\n    log.info("revenue rollup finished in %.0fs rows=%d", time.monotonic() - started, rows)\n\n\nif __name__ == "__main__":\n    main()\n'
    files["dashboards/revenue.json"] = json.dumps({"title": "Revenue", "panels": [{"title": "Revenue per hour", "type": "timeseries"}]}, indent=2) + "\n"
    files["docs/runbook.md"] = runbook(SERVICE, [("RollupFailed", "the nightly rollup did not finish by 04:00: rerun the job by hand after 20:00.")])
    repo.commit(utc("2026-11-19 10:00:00"), luis, "reporting-service: initial import", files)
    repo.schedule(chores(random.Random(2004), SERVICE, [hana, luis, eva], utc("2026-11-19 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-25 14:30:00"), hana, "rollup: count refunded orders as negative revenue", {
        "reporting/sql/revenue_rollup.sql": repo.edit("reporting/sql/revenue_rollup.sql", "o.status IN ('paid', 'shipped')", "o.status IN ('paid', 'shipped', 'refunded')"),
    })
    repo.commit(utc("2026-11-26 09:50:00"), eva, "tests: rollup groups by hour and region", {
        "tests/test_rollup.py": "def test_groups_by_hour_and_region(mysql):\n    mysql.load('fixtures/orders.sql')\n    assert mysql.scalar('SELECT COUNT(*) FROM revenue_hourly') == 48\n",
    })
    repo.commit(utc("2026-11-26 17:12:00"), luis, "ci: checkout v4", {".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"])})
    resources = repo.commit(utc("2026-11-27 09:20:00"), eva, "cronjob: resource requests for the rollup pod", {
        "k8s/cronjob-revenue-rollup.yaml": repo.edit("k8s/cronjob-revenue-rollup.yaml", '              command: ["python", "-m", "reporting.jobs.revenue_rollup"]\n',
                                                     '              command: ["python", "-m", "reporting.jobs.revenue_rollup"]\n              resources:\n                requests:\n                  cpu: 100m\n                  memory: 128Mi\n'),
    })
    culprit = repo.commit(utc("2026-11-27 10:05:00"), hana,
                          "rollup: run hourly so the sales dashboard is fresh during the day", {
                              "k8s/cronjob-revenue-rollup.yaml": repo.edit("k8s/cronjob-revenue-rollup.yaml", 'schedule: "30 2 * * *"', 'schedule: "0 * * * *"'),
                          })
    repo.commit(utc("2026-11-27 10:40:00"), luis, "dashboards: revenue by region panel", {
        "dashboards/revenue.json": json.dumps({"title": "Revenue", "panels": [{"title": "Revenue per hour", "type": "timeseries"}, {"title": "Revenue by region", "type": "barchart"}]}, indent=2) + "\n",
    })
    repo.commit(utc("2026-11-27 11:25:00"), eva, "docs: the rollup's tables", {
        "docs/tables.md": "# Tables\n\n`revenue_hourly(hour, region, orders, revenue_cents)`: rebuilt by the rollup job.\n",
    })
    return repo, culprit, resources


def slow_entry(t, rng, user, host_ip, conn, query_time, rows, sql):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    return (f"# Time: {stamp}\n"
            f"# User@Host: {user}[{user}] @  [{host_ip}]  Id: {conn}\n"
            f"# Query_time: {query_time:.6f}  Lock_time: {rng.uniform(0, 0.001):.6f} Rows_sent: {rows[0]}  Rows_examined: {rows[1]}\n"
            f"SET timestamp={int(t.timestamp())};\n{sql}")


def build_logs(rng, prev, culprit):
    job = Log("revenue-rollup-job.log")
    slow = Log("mysql-slow.log")
    orders = Log("orders-api.log")
    flux = Log("flux-kustomize-controller.log")
    start, end = utc("2026-11-27 09:30:00"), utc("2026-11-27 11:55:00")
    host = "orders-api-7f9c6d5b8-{}"
    pods = [host.format(hexid(rng, 5)) for _ in range(4)]

    def olog(t, sev, pod, msg, req=None):
        pri = 8 + sev  # facility user
        sd = f'[req@32473 id="{req}"]' if req else "-"
        return syslog5424(t, pri, pod, "orders-api", "1", "-", msg, sd=sd)

    saturated = lambda t: ONSET <= t < JOB_END  # noqa: E731
    for t in poisson_times(rng, start, end, 7):
        pod = rng.choice(pods)
        req = hexid(rng, 16)
        order = rng.randint(9_000_000, 9_400_000)
        op = rng.choices(["create", "pay", "ship", "get"], weights=[2, 2, 1, 5])[0]
        if saturated(t) and op != "get" and rng.random() < 0.6:
            orders.add(t, olog(t, 3, pod, f"update order {order} failed: Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction", req))
            continue
        took = ms(rng, 1800 if saturated(t) else 25)
        if saturated(t) and took > 1000:
            orders.add(t, olog(t, 4, pod, f"slow query: {took}ms SELECT ... FROM orders WHERE id = ?", req))
        orders.add(t, olog(t, 6, pod, f"{op} order {order} ok in {took}ms", req))
        if took > 2000:
            slow.add(t, slow_entry(t, rng, "orders", f"10.42.{rng.randint(1, 9)}.{rng.randint(2, 250)}", rng.randint(40000, 49999), took / 1000, (1, rng.randint(1, 40)),
                                   f"UPDATE orders SET status = 'paid', updated_at = NOW() WHERE id = {order};"))
    emit(rng, orders, start, end, 0.8, [
        (3, lambda t: olog(t, 6, rng.choice(pods), f"outbox relay published {rng.randint(1, 30)} events")),
        (1, lambda t: olog(t, 6, rng.choice(pods), f"db pool: open={rng.randint(10, 30)} idle={rng.randint(0, 10)}" if not saturated(t) else f"db pool: open=30 idle=0 waiting={rng.randint(5, 60)}")),
        (1, lambda t: olog(t, 4, rng.choice(pods), "client disconnected before response")),
    ])
    emit(rng, slow, start, end, 0.12, [
        (1, lambda t: slow_entry(t, rng, "analytics", "10.42.8.21", rng.randint(40000, 49999), rng.uniform(2.1, 6.0), (rng.randint(10, 400), rng.randint(200000, 900000)),
                                 "SELECT customer_id, COUNT(*) FROM orders WHERE created_at >= CURDATE() GROUP BY customer_id;")),
    ])
    slow.add(JOB_END, slow_entry(JOB_END, rng, "reporting", "10.42.3.77", 48213, (JOB_END - JOB_START).total_seconds() - 3, (0, 48211234),
                                 ROLLUP_SQL.split("\n", 1)[1].replace("\n", " ").strip()))

    def jlog(t, level, msg):
        return f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} reporting.jobs.revenue_rollup: {msg}"

    job.add(JOB_START + dt.timedelta(seconds=2), jlog(JOB_START + dt.timedelta(seconds=2), "INFO", "revenue rollup started window=30d"))
    for minutes in range(5, 41, 5):
        t = JOB_START + dt.timedelta(minutes=minutes)
        job.add(t, jlog(t, "INFO", f"still running, {minutes}m elapsed"))
    job.add(JOB_END, jlog(JOB_END, "INFO", f"revenue rollup finished in {(JOB_END - JOB_START).total_seconds():.0f}s rows=17280"))

    def fl(t, msg, **kw):
        body = {"level": "info", "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "msg": msg, "controller": "kustomization", "name": "reporting-service", "namespace": "flux-system"}
        body.update(kw)
        return json.dumps(body, separators=(",", ":"))

    emit(rng, flux, start, end, 0.2, [(1, lambda t: fl(t, "no changes since last reconcilation: observed revision 'main@sha1:" + (culprit if t >= APPLY else prev) + "'"))])
    flux.add(APPLY, fl(APPLY, "server-side apply completed", revision=f"main@sha1:{culprit}", output={"CronJob/reporting/revenue-rollup": "configured"}))
    return [job, slow, orders, flux]


def build(out_dir):
    rng = random.Random(1127)
    repo, culprit, resources = build_repo()
    try:
        start, end = utc("2026-11-27 09:30:00"), utc("2026-11-27 11:55:00")
        # Before the apply, Flux reports the resources commit of 09:20 as live.
        logs = build_logs(rng, resources, culprit)

        def cpu(t):
            return 0.97 if ONSET <= t < JOB_END else 0.34 + 0.03 * (t.minute % 4)

        def lock_waits(t):
            return 4.5 + (t.minute % 3) if ONSET <= t < JOB_END else 0.0

        metrics = {
            "rds_cpu_utilization.json": query_range([({"dbinstance_identifier": "shop-mysql-prod"}, cpu)], start, end, 60),
            "mysql_innodb_row_lock_waits_per_second.json": query_range([({"instance": "shop-mysql-prod"}, lock_waits)], start, end, 60),
        }
        return write_scenario(
            out_dir, name="cron-db-saturation", service=SERVICE, onset=ONSET,
            description="""
A cron job saturating the database. The revenue rollup CronJob's schedule goes from
nightly (02:30) to hourly. Flux applies it at 10:12; the first daytime run at 11:00
runs INSERT … SELECT over 30 days of orders on the shared MySQL for 41 minutes: CPU
pins, and its shared row locks make orders-api's updates time out (error 1205).
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Lock wait timeout exceeded", r"revenue rollup started"],
            fix_files=["k8s/cronjob-revenue-rollup.yaml"],
            explanation="""
The culprit changes the schedule in k8s/cronjob-revenue-rollup.yaml. Decoys: a
same-file resources change that morning, the rollup SQL change two days earlier
(it ran fine at night), a dashboard change 20 minutes before the onset, docs
during the incident, tests, CI. The fix restores the nightly schedule.
""",
        )
    finally:
        repo.close()
