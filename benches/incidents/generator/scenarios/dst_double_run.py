"""subs-billing (Python, team in Toronto): a meal-kit company's subscription
billing. An in-process, leader-elected scheduler runs the jobs; the autopay
batch charges every subscription whose billing day is today, then records
its invoice (a unique key on subscription and period), in that order. Jobs
were scheduled in UTC, so autopay drifted an hour with daylight saving time.
On Wednesday a commit schedules jobs at local wall-clock times
(autopay at 01:30 America/Toronto), but the scheduler still remembers the
last run by UTC minute. On Sunday 1 November clocks fall back at 02:00 EDT:
01:30 comes twice, at 05:30 and 06:30 UTC. The first run is the month's
biggest (the 1st is the most common billing day) and goes well; the second
charges the same subscriptions again, each invoice insert fails on the
unique key, and the batch aborts after 25 consecutive failures, with 25
customers charged twice. Nobody deployed that day; the last rollout was
Friday's. Decoys: a commit that adds the due time and local time to the
scheduler's log line (the culprit's own file), a scheduler test, a
decline-retry change to autopay, the Friday invoice-PDF change (the last
deploy), a Saturday CI bump and runbook edit, and routine chores. App
(Python logging with tracebacks), PostgreSQL, the payment provider's event
feed (JSON, epoch seconds)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, poisson_times, query_range, utc, write_scenario
from formats import postgres, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "subs-billing"
START, END = utc("2026-11-01 03:30:00"), utc("2026-11-01 08:00:00")
FIRST_RUN = utc("2026-11-01 05:30:00")    # 01:30 EDT
SECOND_RUN = utc("2026-11-01 06:30:00")   # 01:30 EST
SCALED_DOWN = utc("2026-11-01 06:53:40")
REFUNDS = utc("2026-11-01 07:41:00")
DUE_TODAY = 1640
ABORT_AFTER = 25

SCHEDULER = '''"""Leader-elected in-process scheduler: the replica holding the lease runs
each job at its time of day (HH:MM, UTC) or every N minutes."""

import datetime as dt
import logging
import time
import uuid

log = logging.getLogger("billing.scheduler")


class Scheduler:
    def __init__(self, jobs, lease, clock=time.time):
        self.jobs = jobs
        self.lease = lease
        self.clock = clock
        self.last_run = {}

    def due(self, job, now):
        if job.every:
            return now.minute % job.every == 0
        return now.strftime("%H:%M") == job.at

    def tick(self):
        now = dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).replace(second=0, microsecond=0)
        if not self.lease.held():
            return
        for job in self.jobs:
            if self.due(job, now) and self.last_run.get(job.name) != now:
                self.last_run[job.name] = now
                run_id = uuid.uuid4().hex[:12]
                log.info("running job %s run_id=%s", job.name, run_id)
                job.run(run_id)

    def loop(self):
        while True:
            self.tick()
            time.sleep(60 - self.clock() % 60 + 0.5)
'''

SCHEDULES = """# Job times are HH:MM in UTC.
jobs:
  autopay-batch:
    at: "05:30"          # 01:30 Toronto in summer, 00:30 in winter
  dunning-reminders:
    at: "14:00"
  fx-rates-refresh:
    every: 15
  invoice-pdf-backfill:
    every: 5
"""

AUTOPAY = '''"""The daily autopay batch: charge every active subscription whose billing
day is today, then record its invoice."""

import logging

from billing import db, payrail

log = logging.getLogger("billing.autopay")
ABORT_AFTER = 25


def run(run_id):
    subs = db.subscriptions_due_today()
    log.info("autopay batch %s: %d subscriptions due", run_id, len(subs))
    failures = 0
    for sub in subs:
        charge = payrail.charge(sub, idempotency_key=f"autopay-{run_id}-{sub.id}")
        if charge.status == "declined":
            log.warning("card declined for %s: %s (retry on day 3)", sub.id, charge.decline_code)
            continue
        try:
            db.record_invoice(sub, charge)
            failures = 0
        except db.IntegrityError:
            failures += 1
            log.exception("charged %s (%s) but could not record the invoice", sub.id, charge.id)
            if failures >= ABORT_AFTER:
                log.critical("autopay batch %s aborted after %d consecutive invoice errors", run_id, failures)
                return
'''


def build_repo():
    priya = Person("Priya Raman", "priya@maplebox.ca", -240)
    liam = Person("Liam Tremblay", "liam@maplebox.ca", -240)
    noor = Person("Noor Haddad", "noor@maplebox.ca", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "billing", "Subscription billing for Maplebox: plans, the autopay batch, invoices and dunning.")
    files["billing/scheduler.py"] = SCHEDULER
    files["billing/autopay.py"] = AUTOPAY
    files["billing/invoice_pdf.py"] = 'FOOTER = "Maplebox Inc. · 220 King St W, Toronto ON"\n\n\ndef footer_lines(invoice):\n    return [FOOTER, f"Invoice {invoice.number}"]\n'
    files["config/schedules.yaml"] = SCHEDULES
    files["k8s/scheduler-deployment.yaml"] = k8s_deployment("subs-billing-scheduler", 8000, replicas=2, memory="256Mi", cpu="200m", env={"ROLE": "scheduler"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("AutopayBatchAborted", "The batch stops after 25 consecutive invoice errors. Do not rerun it before checking Payrail for charges without an invoice."),
        ("AutopayLate", "No autopay run by 02:30 Toronto time: check the scheduler's leader lease."),
    ])
    repo.commit(utc("2026-10-26 14:05:00"), priya, "subs-billing: move out of the monolith (scheduler, autopay, invoices)", files)
    repo.schedule(chores(random.Random(9201), SERVICE, [priya, liam, noor], utc("2026-10-26 14:05:00"), utc("2026-10-30 20:00:00"), 3))
    repo.commit(utc("2026-10-27 15:42:00"), noor, "autopay: retry declined cards on day 3 and day 5, not daily", {
        "billing/autopay.py": repo.edit("billing/autopay.py", "(retry on day 3)", "(retries on day 3 and 5)"),
        "billing/dunning.py": "RETRY_DAYS = (3, 5)\n\n\ndef next_retry(days_since_first_decline):\n    later = [d for d in RETRY_DAYS if d > days_since_first_decline]\n    return later[0] if later else None\n",
    })
    culprit = repo.commit(utc("2026-10-28 19:21:00"), liam, "scheduler: schedule jobs at local wall-clock times\n\nAutopay drifted to 00:30 Toronto time every winter, before the day's\nplan changes close at 01:00. A job can now name its time zone; autopay\nruns at 01:30 America/Toronto all year.", {
        "billing/scheduler.py": repo.edit("billing/scheduler.py", "import uuid\n", "import uuid\nfrom zoneinfo import ZoneInfo\n").replace(
            "each job at its time of day (HH:MM, UTC) or every N minutes.", "each job at its local time of day (HH:MM in the job's tz, default UTC)\nor every N minutes.").replace(
            "        return now.strftime(\"%H:%M\") == job.at\n",
            "        local = now.astimezone(ZoneInfo(job.tz or \"UTC\"))\n        return local.strftime(\"%H:%M\") == job.at\n"),
        "config/schedules.yaml": SCHEDULES.replace("# Job times are HH:MM in UTC.", "# Job times are HH:MM local to tz (UTC when tz is not given).").replace(
            "    at: \"05:30\"          # 01:30 Toronto in summer, 00:30 in winter\n",
            "    at: \"01:30\"          # after the day's plan changes close at 01:00\n    tz: America/Toronto\n").replace(
            "    at: \"14:00\"\n", "    at: \"10:00\"\n    tz: America/Toronto\n"),
    })
    repo.commit(utc("2026-10-29 13:07:00"), liam, "scheduler: log each run's due time and the local time it started", {
        "billing/scheduler.py": repo.edit("billing/scheduler.py",
            "                log.info(\"running job %s run_id=%s\", job.name, run_id)\n",
            "                log.info(\"running job %s (due %s %s, now %s) run_id=%s\", job.name, job.at or f\"every {job.every}m\",\n                         job.tz or \"UTC\", now.astimezone(ZoneInfo(job.tz or \"UTC\")).isoformat(), run_id)\n"),
    })
    head = repo.commit(utc("2026-10-29 14:32:00"), noor, "tests: scheduler runs a local-time job once at its minute", {
        "tests/test_scheduler.py": "import datetime as dt\n\nfrom billing.scheduler import Scheduler\n\n\nclass Job:\n    def __init__(self):\n        self.name, self.at, self.tz, self.every, self.runs = \"autopay-batch\", \"01:30\", \"America/Toronto\", None, 0\n\n    def run(self, run_id):\n        self.runs += 1\n\n\nclass Lease:\n    def held(self):\n        return True\n\n\ndef test_runs_once_at_local_minute():\n    job = Job()\n    t = dt.datetime(2026, 10, 14, 5, 30, 10, tzinfo=dt.timezone.utc).timestamp()\n    s = Scheduler([job], Lease(), clock=lambda: t)\n    s.tick()\n    s.tick()\n    assert job.runs == 1\n",
    })
    friday = repo.commit(utc("2026-10-30 17:12:00"), priya, "invoices: show the HST registration number in the PDF footer", {
        "billing/invoice_pdf.py": repo.edit("billing/invoice_pdf.py", "Toronto ON\"", "Toronto ON · HST 81234 5678 RT0001\""),
    })
    repo.commit(utc("2026-10-31 13:14:00"), bot, "chore(deps): update actions/setup-python action to v5", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "actions/setup-python@v4", "actions/setup-python@v5"),
    })
    repo.commit(utc("2026-10-31 16:48:00"), noor, "runbook: what to check before rerunning autopay", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Rerunning autopay\n\nPayrail idempotency keys include the run id, so a rerun charges again.\nList charges without an invoice first (`make orphan-charges`).\n",
    })
    liam_est = Person(liam.name, liam.email, -300)   # clocks fell back overnight
    fix = repo.commit(utc("2026-11-01 08:14:00"), liam_est, "scheduler: run a local-time job once per local date\n\n01:30 came twice when clocks fell back (05:30 and 06:30 UTC) and the\nlast-run guard was keyed by UTC minute, so autopay ran twice.", {
        "billing/scheduler.py": repo.edit("billing/scheduler.py",
            "            if self.due(job, now) and self.last_run.get(job.name) != now:\n                self.last_run[job.name] = now\n",
            "            key = now.astimezone(ZoneInfo(job.tz or \"UTC\")).strftime(\"%Y-%m-%d %H:%M\") if job.at else now\n            if self.due(job, now) and self.last_run.get(job.name) != key:\n                self.last_run[job.name] = key\n"),
    })
    return repo, culprit, friday, fix


def tb_unique(sub_id):
    return (
        "Traceback (most recent call last):\n"
        '  File "/app/billing/autopay.py", line 24, in run\n'
        "    db.record_invoice(sub, charge)\n"
        '  File "/app/billing/db.py", line 88, in record_invoice\n'
        "    cur.execute(INSERT_INVOICE, (sub.id, period, charge.id, charge.amount))\n"
        '  File "/usr/local/lib/python3.11/site-packages/psycopg/cursor.py", line 732, in execute\n'
        "    raise ex.with_traceback(None)\n"
        'psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "invoices_subscription_id_period_key"\n'
        f"DETAIL:  Key (subscription_id, period)=({sub_id}, 2026-11) already exists."
    )


def build_logs(rng):
    app = Log("subs-billing-scheduler.log")
    pg = Log("billing-postgresql.log")
    feed = Log("payrail-events.log")
    pod = "subs-billing-scheduler-7f6c8d9b54-" + hexid(rng, 5)

    def applog(t, level, logger, msg):
        app.add(t, python_logging(t, level, logger, msg))

    def event(t, kind, obj):
        body = {"id": "evt_" + hexid(rng, 24), "object": "event", "type": kind, "created": int(t.timestamp()),
                "livemode": True, "data": {"object": obj}}
        feed.add(t, json.dumps(body, separators=(",", ":")))

    # routine jobs
    t = START
    while t < END:
        if t.minute % 15 == 0:
            run_id = hexid(rng, 12)
            s = t + dt.timedelta(milliseconds=rng.randint(480, 620))
            applog(s, "INFO", "billing.scheduler", f"running job fx-rates-refresh (due every 15m UTC, now {t.isoformat()}) run_id={run_id}")
            applog(s + dt.timedelta(seconds=1.3), "INFO", "billing.fx", f"fx rates refreshed: USD/CAD={1.36 + rng.uniform(-0.004, 0.004):.4f} GBP/CAD={1.79 + rng.uniform(-0.005, 0.005):.4f}")
        if t.minute % 5 == 0:
            run_id = hexid(rng, 12)
            s = t + dt.timedelta(milliseconds=rng.randint(480, 620))
            applog(s, "INFO", "billing.scheduler", f"running job invoice-pdf-backfill (due every 5m UTC, now {t.isoformat()}) run_id={run_id}")
            n = rng.choice([0, 0, 0, 1, 2]) if not (FIRST_RUN <= t < FIRST_RUN + dt.timedelta(minutes=40)) else rng.randint(60, 240)
            applog(s + dt.timedelta(seconds=0.2 + n * 0.08), "INFO", "billing.invoice_pdf", f"rendered {n} invoice PDFs")
        t += dt.timedelta(minutes=1)
    emit(rng, app, START, END, 0.35, [
        (3, lambda t: python_logging(t, "INFO", "billing.api", f"plan change sub_{hexid(rng, 14)}: {rng.choice(['classic-3', 'classic-4', 'veggie-2', 'family-4'])} -> {rng.choice(['classic-2', 'veggie-3', 'family-5'])} effective 2026-11-08")),
        (2, lambda t: python_logging(t, "INFO", "billing.api", f"subscription sub_{hexid(rng, 14)} paused until 2026-11-{rng.randint(8, 29):02d}")),
        (1, lambda t: python_logging(t, "INFO", "billing.lease", f"leader lease renewed holder={pod}")),
    ])
    emit(rng, pg, START, END, 0.25, [
        (3, lambda t: postgres(t, rng.randint(30000, 39999), "LOG", f"checkpoint complete: wrote {rng.randint(40, 900)} buffers ({rng.uniform(0.1, 2.5):.1f}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={rng.uniform(5, 30):.3f} s, sync=0.004 s, total={rng.uniform(5, 30):.3f} s")),
        (1, lambda t: postgres(t, rng.randint(30000, 39999), "LOG", f"automatic analyze of table \"billing.public.{rng.choice(['plan_changes', 'invoice_pdfs', 'fx_rates'])}\"")),
    ])

    subs = [f"sub_{hexid(rng, 14)}" for _ in range(DUE_TODAY)]
    declined = set(rng.sample(range(DUE_TODAY), 52))
    amount = {s: rng.choice([5996, 7192, 8990, 10788, 12580]) for s in subs}
    charges = {}
    again = {}

    def batch(start, local, second):
        run_id = hexid(rng, 12)
        applog(start + dt.timedelta(milliseconds=540), "INFO", "billing.scheduler", f"running job autopay-batch (due 01:30 America/Toronto, now {local}) run_id={run_id}")
        s = start + dt.timedelta(seconds=1.9)
        applog(s, "INFO", "billing.autopay", f"autopay batch {run_id}: {DUE_TODAY} subscriptions due")
        failures = 0
        for i, sub in enumerate(subs):
            s += dt.timedelta(milliseconds=rng.randint(180, 520))
            if i in declined:
                code = rng.choice(["insufficient_funds", "insufficient_funds", "expired_card", "do_not_honor"])
                event(s, "charge.failed", {"id": "ch_" + hexid(rng, 24), "amount": amount[sub], "currency": "cad", "failure_code": "card_declined", "decline_code": code, "metadata": {"subscription": sub, "run_id": run_id}})
                applog(s, "WARNING", "billing.autopay", f"card declined for {sub}: {code} (retries on day 3 and 5)")
                continue
            ch = "ch_" + hexid(rng, 24)
            event(s, "charge.succeeded", {"id": ch, "amount": amount[sub], "currency": "cad", "customer": "cus_" + hexid(rng, 14), "metadata": {"subscription": sub, "run_id": run_id}})
            if second:
                again[sub] = ch
            else:
                charges[sub] = ch
                applog(s + dt.timedelta(milliseconds=14), "INFO", "billing.autopay", f"charged {sub} {amount[sub] / 100:.2f} CAD ({ch}), invoice recorded")
                continue
            e = s + dt.timedelta(milliseconds=9)
            pg.add(e, postgres(e, 41877, "ERROR", 'duplicate key value violates unique constraint "invoices_subscription_id_period_key"', "billing_app@billing")
                   + f"\n{postgres(e, 41877, 'DETAIL', f'Key (subscription_id, period)=({sub}, 2026-11) already exists.', 'billing_app@billing')}"
                   + f"\n{postgres(e, 41877, 'STATEMENT', 'INSERT INTO invoices (subscription_id, period, charge_id, amount_cents) VALUES ($1, $2, $3, $4)', 'billing_app@billing')}")
            app.add(e + dt.timedelta(milliseconds=3), python_logging(e + dt.timedelta(milliseconds=3), "ERROR", "billing.autopay", f"charged {sub} ({ch}) but could not record the invoice") + "\n" + tb_unique(sub))
            failures += 1
            if failures >= ABORT_AFTER:
                applog(e + dt.timedelta(milliseconds=5), "CRITICAL", "billing.autopay", f"autopay batch {run_id} aborted after {failures} consecutive invoice errors")
                return [x for x in subs[: i + 1] if x in charges]
        applog(s + dt.timedelta(seconds=2), "INFO", "billing.autopay", f"autopay batch {run_id} finished: {DUE_TODAY - len(declined)} charged, {len(declined)} declined")
        return []

    batch(FIRST_RUN, "2026-11-01T01:30:00-04:00", False)
    twice = batch(SECOND_RUN, "2026-11-01T01:30:00-05:00", True)
    applog(SCALED_DOWN, "INFO", "billing.lease", f"received SIGTERM, releasing leader lease holder={pod}")
    for i, sub in enumerate(twice):
        t = REFUNDS + dt.timedelta(seconds=4 * i + rng.uniform(0, 2))
        event(t, "charge.refunded", {"id": again[sub], "amount": amount[sub], "amount_refunded": amount[sub], "currency": "cad", "metadata": {"subscription": sub}, "reason": "duplicate"})
    return [app, pg, feed]


def build(out_dir):
    rng = random.Random(9200)
    repo, culprit, friday, fix = build_repo()
    try:
        logs = build_logs(rng)
        onset = min(t for t, _, text in logs[1].entries if "duplicate key" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="dst-double-run", service=SERVICE, onset=onset,
            description=f"""
Sunday 1 November, the night clocks fall back in Toronto. From
{onset.strftime('%H:%M')} UTC subs-billing's autopay batch fails to record invoices and
aborts; the on-call engineer is paged for AutopayBatchAborted, finds 25
customers charged twice in Payrail, stops the scheduler at 06:53 and
refunds them at 07:41. Nobody deployed that weekend; the last rollout was
Friday afternoon (an invoice PDF change).
""",
            logs=logs, repo=repo, culprit=culprit,
            root_cause=[r"running job autopay-batch", r"duplicate key value violates unique constraint"],
            fix_files=["billing/scheduler.py"],
            explanation="""
The culprit makes the scheduler match a job's HH:MM in the job's time zone
(autopay at 01:30 America/Toronto) but keeps the last-run guard keyed by
the UTC minute. When clocks fall back, 01:30 local happens at 05:30 and
again at 06:30 UTC, two different UTC minutes, so autopay runs twice. The
second run charges subscriptions the first had charged (the idempotency
key carries the run id), the invoice insert hits the unique key and the
batch aborts after 25 failures. The fix keys the guard by local date and
minute in billing/scheduler.py. Decoys: the commit that adds the due time
and local time to the scheduler's log line (same file, after the culprit),
a scheduler test on an ordinary day, the decline-retry change to autopay,
the Friday invoice-PDF change (the last deploy), Saturday's CI bump and
runbook edit, and routine chores.
""",
        )
    finally:
        repo.close()
