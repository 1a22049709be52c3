"""exports-api: a config commit "tunes gunicorn for the new node pool" and
cuts the worker timeout from 120 s to 20 s along with the worker count. Large
CSV exports take 30-90 s, so from the first one after the rollout gunicorn
kills the worker mid-request and nginx answers 502. The decoy is a code commit
in the same rollout that logs slow exports with their worker and timeout
budget: it shares the errors' words. gunicorn error log (line format), nginx
error and access logs, the app's Python logging."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, nginx_error, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "exports-api"
DEPLOY = utc("2026-11-28 10:02:00")
ONSET = utc("2026-11-28 10:09:47")
START, END = utc("2026-11-28 08:30:00"), utc("2026-11-28 10:40:00")

GUNICORN = '''"""gunicorn settings, from the environment so the manifest can tune them."""
import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
'''

CSV = '''"""CSV exports of orders, streamed from the replica."""
import csv
import io

from exports.db import replica


def export_orders(account, since):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in replica.orders(account, since):
        writer.writerow(row)
    return out.getvalue()
'''


def gunicorn_line(t, pid, level, msg):
    return f"[{t.strftime('%Y-%m-%d %H:%M:%S')} +0000] [{pid}] [{level}] {msg}"


def build_repo():
    ana = Person("Ana Ruiz", "ana.ruiz@tallyco.com", -300)
    kofi = Person("Kofi Mensah", "kofi.mensah@tallyco.com", 0)
    june = Person("June Park", "june.park@tallyco.com", 540)
    repo = Repo()
    files = python_service(SERVICE, "exports", "CSV and XLSX exports of orders and invoices for merchants.")
    files["gunicorn.conf.py"] = GUNICORN
    files["exports/csv_export.py"] = CSV
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=3, memory="1Gi", cpu="1",
                                                  env={"GUNICORN_WORKERS": "4", "GUNICORN_TIMEOUT": "120"})
    files["docs/runbook.md"] = runbook(SERVICE, [("Exports5xx", "502s on exports: check the gunicorn log for killed workers.")])
    repo.commit(utc("2026-11-24 09:00:00"), kofi, "exports-api: import", files)
    repo.schedule(chores(random.Random(3701), SERVICE, [ana, kofi, june], utc("2026-11-24 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-27 16:20:00"), june, "xlsx: freeze the header row", {
        "exports/xlsx_export.py": '"""XLSX exports."""\nFREEZE = "A2"\n',
    })
    repo.commit(utc("2026-11-28 08:55:00"), kofi, "exports: warn about slow exports with their worker and timeout budget", {
        "exports/csv_export.py": repo.edit("exports/csv_export.py", "import csv\nimport io\n", "import csv\nimport io\nimport logging\nimport os\nimport time\n")
        .replace("    out = io.StringIO()\n", "    began = time.monotonic()\n    out = io.StringIO()\n")
        .replace("    return out.getvalue()\n",
                 "    took = time.monotonic() - began\n"
                 "    if took > 10:\n"
                 "        logging.getLogger(__name__).warning(\"slow export: %.0fs in worker %d (timeout budget %ss)\", took, os.getpid(), os.environ.get(\"GUNICORN_TIMEOUT\"))\n"
                 "    return out.getvalue()\n"),
    })
    culprit = repo.commit(utc("2026-11-28 09:12:00"), ana, "k8s: tune gunicorn for the c7g node pool", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", 'value: "4"', 'value: "8"').replace('value: "120"', 'value: "20"'),
    })
    head = repo.commit(utc("2026-11-28 09:40:00"), june, "invoices: add the VAT number column", {
        "exports/invoices.py": '"""Invoice exports."""\nCOLUMNS = ["number", "date", "net", "vat", "vat_number", "gross"]\n',
    })
    repo.commit(utc("2026-11-28 10:05:00"), kofi, "docs: export size limits", {
        "docs/limits.md": "# Limits\n\nExports above 500,000 rows are split into parts.\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("exports-api.log")
    gun = Log("gunicorn-error.log")
    nginx = Log("nginx-access.log")
    nginx_err = Log("nginx-error.log")
    pid = [100]

    def boot(t):
        gun.add(t, gunicorn_line(t, 1, "INFO", "Starting gunicorn 21.2.0"))
        gun.add(t, gunicorn_line(t, 1, "INFO", "Listening at: http://0.0.0.0:8000 (1)"))
        gun.add(t, gunicorn_line(t, 1, "INFO", "Using worker: sync"))

    for i in range(3):
        boot(DEPLOY + dt.timedelta(seconds=30 * i))
        t = DEPLOY + dt.timedelta(seconds=30 * i + 2)
        app.add(t, python_logging(t, "INFO", "exports.main", f"exports-api {head[:7]} ready"))
    conn = 1000
    first_big = ONSET - dt.timedelta(seconds=20)
    for t in sorted(poisson_times(rng, START, END, 6) + [first_big]):
        client = ip(rng, "10.8")
        account = f"acct_{hexid(rng, 8)}"
        conn += 1
        big = rng.random() < 0.25 or t == first_big
        if DEPLOY <= t < ONSET - dt.timedelta(seconds=20):
            big = False  # no big export between the rollout and the first killed one
        took = rng.uniform(30, 90) if big else ms(rng, 400) / 1000
        path = f"/v1/accounts/{account}/orders.csv"
        if big and t >= ONSET - dt.timedelta(seconds=20):
            pid[0] += 1
            done = t + dt.timedelta(seconds=20)
            gun.add(done, gunicorn_line(done, 1, "CRITICAL", f"WORKER TIMEOUT (pid:{pid[0]})"))
            gun.add(done, gunicorn_line(done, 1, "ERROR", f"Worker (pid:{pid[0]}) was sent SIGKILL! Perhaps out of memory?"))
            gun.add(done, gunicorn_line(done, pid[0] + 1, "INFO", f"Booting worker with pid: {pid[0] + 1}"))
            nginx_err.add(done, nginx_error(done, "error", 29, conn, f'upstream prematurely closed connection while reading response header from upstream, client: {client}, server: exports, request: "GET {path} HTTP/1.1", upstream: "http://127.0.0.1:8000{path}"'))
            nginx.add(done, nginx_access(done, client, "GET", path, 502, 157, 20.0, "merchant-portal/8.2"))
            continue
        end = t + dt.timedelta(seconds=took)
        app.add(end, python_logging(end, "INFO", "exports.api", f"GET {path} 200 rows={rng.randint(10, 400000)}"))
        nginx.add(end, nginx_access(end, client, "GET", path, 200, rng.randint(2000, 9_000_000), took, "merchant-portal/8.2", upstream_rt=took))
    emit(rng, nginx, START, END, 1.0, [(1, lambda t: nginx_access(t, ip(rng, "10.8"), "GET", "/healthz", 200, 11, 0.002, "kube-probe/1.29", upstream_rt=0.002))])
    return [app, gun, nginx, nginx_err]


def build(out_dir):
    rng = random.Random(3700)
    repo, culprit, head = build_repo()
    try:
        def fives(t):
            return 0.22 if t >= ONSET else 0.0

        metrics = {"http_502_ratio.json": query_range([({"service": SERVICE}, fives)], START, END, 30)}
        return write_scenario(
            out_dir, name="worker-timeout-config", service=SERVICE, onset=ONSET,
            description="""
Worker timeout cut by a config commit. "k8s: tune gunicorn for the c7g node pool"
sets GUNICORN_TIMEOUT from 120 to 20 (and doubles the workers). Big CSV exports
take 30-90 s; from the first one after the 10:02 rollout gunicorn kills the
worker mid-request and nginx answers 502.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"gunicorn-error.log": r"\[<Date> <Time> <Zone>\] \[<Pid>\] \[<Level>\] <Content>"},
            root_cause=[r"WORKER TIMEOUT", r"upstream prematurely closed connection"],
            fix_files=["k8s/deployment.yaml"],
            explanation="""
The culprit sets GUNICORN_TIMEOUT to 20 in k8s/deployment.yaml. Decoys: a code
commit in the same rollout that warns about slow exports with the worker and its
timeout budget (shares the errors' words), the VAT column commit the start-up
lines name, an XLSX change the day before, docs after the deploy. The fix puts
the timeout back to 120.
""",
        )
    finally:
        repo.close()
