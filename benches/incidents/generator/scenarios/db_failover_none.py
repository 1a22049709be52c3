"""loyalty-api: the managed PostgreSQL fails over to its standby (a hardware
fault on the primary's host). For about four minutes connections are reset and
writes fail; then it recovers. Nothing in this repository changed anything about
it, though a commit about database connections landed that morning. Python
logging app log with psycopg2 tracebacks, PostgreSQL log, RDS events (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "loyalty-api"
DEPLOY = utc("2026-11-26 10:05:00")
ONSET = utc("2026-11-26 13:17:41")
RECOVERED = utc("2026-11-26 13:21:30")

DB = '''"""The database engine."""
from sqlalchemy import create_engine

from loyalty import settings

engine = create_engine(settings.DATABASE_URL, pool_size=10, max_overflow=5)
'''


def rds(t, event_id, message):
    return json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "loyalty-db", "sourceType": "db-instance",
                       "eventId": event_id, "message": message}, separators=(",", ":"))


def build_repo():
    pia = Person("Pia Koskinen", "pia.koskinen@bonusly.fi", 120)
    dan = Person("Dan Murphy", "dan.murphy@bonusly.fi", 0)
    ravi = Person("Ravi Iyer", "ravi.iyer@bonusly.fi", 330)
    repo = Repo()
    files = python_service(SERVICE, "loyalty", "Points balances and rewards for the shop's loyalty programme.")
    files["loyalty/db.py"] = DB
    files["loyalty/settings.py"] = '"""Settings."""\nimport os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n'
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=4, memory="384Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("LoyaltyErrors", "5xx above 1 %: check loyalty-db (RDS events) first.")])
    repo.commit(utc("2026-11-21 09:00:00"), dan, "loyalty-api: import", files)
    repo.schedule(chores(random.Random(3501), SERVICE, [pia, dan, ravi], utc("2026-11-21 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-25 14:00:00"), ravi, "rewards: expire unused vouchers after a year", {
        "loyalty/rewards.py": '"""Vouchers."""\nimport datetime as dt\n\nVOUCHER_LIFETIME = dt.timedelta(days=365)\n',
    })
    repo.commit(utc("2026-11-26 09:20:00"), pia, "db: pre-ping pooled connections and recycle them hourly", {
        "loyalty/db.py": repo.edit("loyalty/db.py", "pool_size=10, max_overflow=5)", "pool_size=10, max_overflow=5, pool_pre_ping=True, pool_recycle=3600)"),
    })
    repo.commit(utc("2026-11-26 09:41:00"), dan, "tests: points balance after a refund", {
        "tests/test_balance.py": "def test_refund_takes_points_back(client):\n    assert client.post('/v1/refunds', json={'order': 'o1'}).status_code == 200\n",
    })
    head = repo.commit(utc("2026-11-26 09:55:00"), ravi, "api: points history paginates by 50", {
        "loyalty/history.py": '"""Points history."""\nPAGE_SIZE = 50\n',
    })
    repo.commit(utc("2026-11-26 12:30:00"), pia, "docs: loyalty tiers", {
        "docs/tiers.md": "# Tiers\n\nSilver from 1,000 points, gold from 5,000.\n",
    })
    return repo, head


def build_logs(rng, head):
    app = Log("loyalty-api.log")
    pg = Log("loyalty-db.log")
    events = Log("rds-events.log")
    nginx = Log("nginx-access.log")
    start, end = utc("2026-11-26 11:40:00"), utc("2026-11-26 13:50:00")
    for t in poisson_times(rng, start, end, 15):
        client = ip(rng, "10.11")
        member = rng.randint(100000, 999999)
        if ONSET <= t < RECOVERED and rng.random() < 0.7:
            app.add(t, python_logging(t, "ERROR", "loyalty.api", f"POST /v1/members/{member}/points failed: OperationalError: server closed the connection unexpectedly\n"
                                      "Traceback (most recent call last):\n"
                                      '  File "/app/loyalty/points.py", line 31, in add_points\n'
                                      "    session.commit()\n"
                                      "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly\n"
                                      "\tThis probably means the server terminated abnormally\n"
                                      "\tbefore or while processing the request."))
            nginx.add(t, nginx_access(t, client, "POST", f"/v1/members/{member}/points", 500, 52, ms(rng, 40) / 1000, "shop-web/4.12"))
            continue
        took = ms(rng, 25)
        app.add(t, python_logging(t, "INFO", "uvicorn.access", f'{client}:0 - "POST /v1/members/{member}/points HTTP/1.1" 200'))
        nginx.add(t, nginx_access(t, client, "POST", f"/v1/members/{member}/points", 200, 88, took / 1000, "shop-web/4.12", upstream_rt=took / 1000))
    emit(rng, pg, start, end, 0.3, [(1, lambda t: postgres(t, rng.randint(100, 999), "LOG", f"checkpoint complete: wrote {rng.randint(100, 900)} buffers"))])
    for t, text in ((ONSET - dt.timedelta(seconds=2), "terminating connection due to administrator command"),
                    (ONSET + dt.timedelta(seconds=60), "the database system is starting up"),
                    (ONSET + dt.timedelta(seconds=150), "database system is ready to accept connections")):
        pg.add(t, postgres(t, 1, "FATAL" if "terminating" in text or "starting" in text else "LOG", text))
    for t, event_id, message in ((ONSET - dt.timedelta(seconds=5), "RDS-EVENT-0013", "A Multi-AZ failover has started."),
                                 (ONSET + dt.timedelta(seconds=200), "RDS-EVENT-0049", "A Multi-AZ failover has completed."),
                                 (utc("2026-11-26 12:00:00"), "RDS-EVENT-0001", "Backing up DB instance")):
        events.add(t, rds(t, event_id, message))
    for i in range(4):
        t = DEPLOY + dt.timedelta(seconds=10 * i)
        if t >= start:
            app.add(t, python_logging(t, "INFO", "loyalty.main", f"starting loyalty-api version={head[:7]}"))
    return [app, pg, events, nginx]


def build(out_dir):
    rng = random.Random(3500)
    repo, head = build_repo()
    try:
        start, end = utc("2026-11-26 11:40:00"), utc("2026-11-26 13:50:00")

        def errors(t):
            return 0.7 if ONSET <= t < RECOVERED else 0.001

        metrics = {"http_5xx_ratio.json": query_range([({"service": SERVICE}, errors)], start, end, 30)}
        return write_scenario(
            out_dir, name="db-failover-none", service=SERVICE, onset=ONSET,
            description="""
Managed database failover. The RDS primary's host fails and the instance fails
over to its standby (13:17-13:21): connections are reset, writes fail with
"server closed the connection unexpectedly", then everything recovers. Nothing in
this repository caused it; the last deploy was three hours earlier.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Multi-AZ failover has started", r"server closed the connection unexpectedly"],
            fix_files=[],
            explanation="""
No commit in this repository caused the failover. Decoys: a change to the database
pool settings that morning (pre-ping and recycle: it shares words with the errors
but makes failovers gentler, not worse), a voucher change, tests, the history
commit the start-up line names (deployed 3 h before), docs after the deploy.
""",
        )
    finally:
        repo.close()
