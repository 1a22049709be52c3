"""insights-engine (Python 3.11, Django 5 API and Celery 5.4 workers with
RabbitMQ as the broker, on Kubernetes; team in London, Kyiv and Sydney):
Gridwise's energy insights for Australian electricity retailers' apps. Every
15 minutes Celery beat fans out a refresh of each account's "today so far"
card in chunks of 1000 accounts; the app's Insights tab reads
/v1/accounts/<id>/insights/today, which computes the same card live. Servers
run in UTC; each account's day is its own time zone's (Sydney, Melbourne,
Brisbane, Adelaide, Perth).

On Thursday morning (London) a commit compares today with the same day last
month instead of the last seven days, with a helper that handles January
but not a day the previous month does not have:
`day.replace(month=day.month - 1)`. It ships with the 09:31 UTC sync (named
after a later tests commit, which tests January). Nothing happens while
accounts' local date is the 30th. At 14:00 UTC it is 31 July in Sydney,
Melbourne and Brisbane, and 31 June does not exist: every refresh chunk and
every Insights call from those accounts fails with "ValueError: day is out
of range for month" (Adelaide follows at 14:30; Perth would have at 16:00).
The midnight close-day job (30 July -> 30 June) and every other task run as
usual. The fix (dateutil's relativedelta, which clamps to the month's last
day) is rolled out at 15:07.

Decoys: a change to the same file (the traceback's file) rolled out at
13:35 UTC, 25 minutes before the onset, that formats kWh in the card's
text; the python-dateutil bump that morning; the tests commit the morning
sync names; an interval-import change and a Celery prefetch change earlier
in the week; chores. Celery worker and beat logs (Celery's format, Python
tracebacks with 3.11's carets), the API's JSON log (python-json-logger,
exc_info), ingress-nginx access, RabbitMQ (3.13 log format), Argo CD
(logfmt); metrics from celery-exporter."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "insights-engine"
START, END = utc("2026-07-30 12:40:00"), utc("2026-07-30 15:35:00")
ARGO_START = utc("2026-07-30 09:00:00")
MORNING_DEPLOY = utc("2026-07-30 09:31:14")
DECOY_DEPLOY = utc("2026-07-30 13:35:02")
FIX_DEPLOY = utc("2026-07-30 15:07:40")
CHUNK = 1000
ACCOUNTS = 11_874
ZONES = [("Australia/Sydney", 600, 0.34), ("Australia/Melbourne", 600, 0.22), ("Australia/Brisbane", 600, 0.24),
         ("Australia/Adelaide", 570, 0.10), ("Australia/Perth", 480, 0.10)]

COMPARISON_V1 = '''"""Today's usage so far against a baseline, for the Insights card and nudges."""
from dataclasses import dataclass
from datetime import date, timedelta

from insights.models import IntervalRead


@dataclass
class TodayInsight:
    account_id: int
    day: date
    kwh_so_far: float
    baseline_kwh: float

    @property
    def change(self) -> float:
        return (self.kwh_so_far - self.baseline_kwh) / self.baseline_kwh if self.baseline_kwh else 0.0


def baseline_days(day: date) -> list[date]:
    """The seven days before `day`."""
    return [day - timedelta(days=n) for n in range(1, 8)]


def build_today_insight(account, day: date, until_interval: int) -> TodayInsight:
    """Usage on `day` up to the interval `until_interval` (30-minute intervals,
    in the account's time zone) against the same hours on the baseline days."""
    so_far = IntervalRead.kwh(account, day, until_interval)
    days = baseline_days(day)
    baseline = sum(IntervalRead.kwh(account, d, until_interval) for d in days) / len(days)
    return TodayInsight(account.id, day, so_far, baseline)


def describe(insight: TodayInsight) -> str:
    pct = round(abs(insight.change) * 100)
    more_or_less = "more" if insight.change > 0 else "less"
    return f"So far today you've used {insight.kwh_so_far} KWH, {pct}% {more_or_less} than usual."
'''

TASKS = '''from celery import shared_task
from celery.utils.log import get_task_logger
from django.utils import timezone

from insights.comparison import build_today_insight
from insights.intervals import current_interval
from insights.models import Account
from insights.nudges import maybe_nudge

log = get_task_logger(__name__)
CHUNK = 1000


@shared_task
def refresh_today_insights():
    """Beat, every 15 minutes: rebuild every active account's card, in chunks."""
    ids = list(Account.objects.active().order_by("id").values_list("id", flat=True))
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    for n, chunk in enumerate(chunks, 1):
        build_today_insights_chunk.delay(chunk, n, len(chunks))
    return {"accounts": len(ids), "chunks": len(chunks)}


@shared_task
def build_today_insights_chunk(account_ids, n, of):
    nudges = 0
    for account in Account.objects.filter(id__in=account_ids).select_related("retailer"):
        today = timezone.localdate(timezone=account.tz)
        insight = build_today_insight(account, today, current_interval(account.tz))
        insight_cache.set(account.id, insight)
        nudges += maybe_nudge(account, insight)
    log.info("chunk %d/%d: %d accounts, %d nudges queued", n, of, len(account_ids), nudges)
    return {"accounts": len(account_ids), "nudges": nudges}
'''

VIEWS = '''from django.http import JsonResponse
from django.utils import timezone

from insights.api.auth import account_for
from insights.comparison import build_today_insight, describe
from insights.intervals import current_interval


def today(request, account_id):
    account = account_for(request, account_id)
    day = timezone.localdate(timezone=account.tz)
    insight = build_today_insight(account, day, current_interval(account.tz))
    return JsonResponse({"day": day.isoformat(), "kwh": insight.kwh_so_far, "baseline_kwh": insight.baseline_kwh,
                         "change": insight.change, "text": describe(insight)})
'''

CELERY_PY = '''import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridwise.settings")

app = Celery("insights")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "import-interval-reads": {"task": "insights.tasks_import.import_interval_reads", "schedule": crontab(minute="*/5")},
    "refresh-today-insights": {"task": "insights.tasks.refresh_today_insights", "schedule": crontab(minute="*/15")},
    # each account's day is closed at 00:10 in its own time zone
    "close-days": {"task": "insights.tasks_close.close_days", "schedule": crontab(minute="10,40")},
}
'''


def repo_files():
    return {
        "requirements.txt": "Django==5.0.7\ncelery==5.4.0\npsycopg[binary]==3.2.1\nredis==5.0.7\npython-dateutil==2.9.0\npython-json-logger==2.0.7\ngunicorn==22.0.0\n",
        "requirements-dev.txt": "-r requirements.txt\npytest==8.2.2\npytest-django==4.8.0\ntime-machine==2.14.2\n",
        "gridwise/__init__.py": "from .celery import app as celery_app\n\n__all__ = (\"celery_app\",)\n",
        "gridwise/celery.py": CELERY_PY,
        "gridwise/settings.py": 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = False\nALLOWED_HOSTS = ["*"]\n# Servers keep UTC; each account has its own time zone (Account.tz).\nTIME_ZONE = "UTC"\nUSE_TZ = True\nINSTALLED_APPS = ["django.contrib.contenttypes", "insights"]\nROOT_URLCONF = "gridwise.urls"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["PGHOST"], "NAME": "insights"}}\nCELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]\nCELERY_RESULT_BACKEND = os.environ["REDIS_URL"]\nCELERY_TASK_SERIALIZER = "json"\nCELERY_WORKER_PREFETCH_MULTIPLIER = 4\nLOGGING = {\n    "version": 1,\n    "formatters": {"json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "fmt": "%(levelname)s %(name)s %(message)s", "timestamp": True}},\n    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},\n    "root": {"handlers": ["stdout"], "level": "INFO"},\n}\n',
        "gridwise/urls.py": 'from django.urls import path\n\nfrom insights.api import views\n\nurlpatterns = [\n    path("v1/accounts/<int:account_id>/insights/today", views.today),\n]\n',
        "insights/__init__.py": "",
        "insights/comparison.py": COMPARISON_V1,
        "insights/tasks.py": TASKS,
        "insights/api/__init__.py": "",
        "insights/api/views.py": VIEWS,
        "insights/intervals.py": '"""Half-hour intervals of an account\'s local day (1..48, 46/50 on DST days)."""\nfrom django.utils import timezone\n\n\ndef current_interval(tz) -> int:\n    now = timezone.localtime(timezone=tz)\n    return now.hour * 2 + now.minute // 30 + 1\n',
        "insights/tasks_import.py": 'from celery import shared_task\nfrom celery.utils.log import get_task_logger\n\nfrom insights.mdm import fetch_new_files, load_nem12\n\nlog = get_task_logger(__name__)\n\n\n@shared_task\ndef import_interval_reads():\n    """NEM12 files the retailers\' meter data agents drop on SFTP."""\n    files = fetch_new_files()\n    reads = sum(load_nem12(f) for f in files)\n    log.info("imported %d NEM12 files, %d interval reads", len(files), reads)\n    return {"files": len(files), "reads": reads}\n',
        "insights/tasks_close.py": 'from celery import shared_task\nfrom celery.utils.log import get_task_logger\n\nfrom insights.daily import close_day_for\nfrom insights.models import Account\n\nlog = get_task_logger(__name__)\n\n\n@shared_task\ndef close_days():\n    """Totals yesterday for every account whose local midnight just passed."""\n    closed = 0\n    for tz, accounts in Account.objects.active().just_past_midnight():\n        closed += sum(close_day_for(a) for a in accounts)\n        log.info("closed %s for %d accounts in %s", accounts.yesterday, len(accounts), tz)\n    return {"closed": closed}\n',
        "tests/test_comparison.py": 'from datetime import date\n\nfrom insights.comparison import baseline_days\n\n\ndef test_baseline_is_the_seven_days_before():\n    days = baseline_days(date(2026, 3, 3))\n    assert days[0] == date(2026, 3, 2) and days[-1] == date(2026, 2, 24)\n',
        "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"gunicorn\", \"gridwise.wsgi\", \"--workers\", \"4\", \"--bind\", \"0.0.0.0:8000\"]\n",
        "k8s/api.yaml": k8s_deployment("insights-api", 8000, replicas=3, memory="512Mi", cpu="300m", env={"DJANGO_SETTINGS_MODULE": "gridwise.settings"}),
        "k8s/worker.yaml": k8s_deployment("insights-worker", 8000, replicas=3, memory="1Gi", cpu="500m", env={"DJANGO_SETTINGS_MODULE": "gridwise.settings"}).replace(
            "          ports:\n            - containerPort: 8000\n", "          args: [\"celery\", \"-A\", \"gridwise\", \"worker\", \"-Q\", \"insights,imports\", \"--concurrency\", \"4\", \"-l\", \"INFO\"]\n"),
        "k8s/beat.yaml": k8s_deployment("insights-beat", 8000, replicas=1, memory="256Mi", cpu="100m", env={"DJANGO_SETTINGS_MODULE": "gridwise.settings"}).replace(
            "          ports:\n            - containerPort: 8000\n", "          args: [\"celery\", \"-A\", \"gridwise\", \"beat\", \"-l\", \"INFO\"]\n"),
        "k8s/service.yaml": k8s_service("insights-api", 8000),
        ".github/workflows/ci.yml": ci_workflow("      - run: pip install -r requirements-dev.txt\n      - run: pytest -q\n",
                                                "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'\n"),
        "README.md": readme(SERVICE, "Energy insights for Australian retailers' apps: today-so-far cards, nudges and daily totals from NEM12 interval data.",
                            "pip install -r requirements-dev.txt\npytest -q\ncelery -A gridwise worker -l INFO"),
    }


def build_repo():
    priya = Person("Priya Raman", "priya.raman@gridwise.energy", 60)
    oksana = Person("Oksana Melnyk", "oksana.melnyk@gridwise.energy", 180)
    tom = Person("Tom Brennan", "tom.brennan@gridwise.energy", 600)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("InsightsTaskFailures", "More than 1 % of Celery tasks fail: celery-exporter's celery_task_failed_total by name and exception; read the worker's traceback."),
        ("InsightsApi5xx", "More than 1 % of API calls fail: the API's `django.request` lines carry the traceback."),
    ])
    repo.commit(utc("2026-07-23 09:00:00"), priya, "insights-engine: import from the monorepo", files)
    repo.schedule(chores(random.Random(14201), SERVICE, [priya, oksana, tom], utc("2026-07-23 09:00:00"), utc("2026-07-29 12:00:00"), 4))
    repo.commit(utc("2026-07-24 00:40:00"), tom, "imports: skip NEM12 files the MDA resends unchanged", {
        "insights/tasks_import.py": repo.edit("insights/tasks_import.py", "    files = fetch_new_files()\n", "    files = [f for f in fetch_new_files() if not f.duplicate_of_previous()]\n"),
    })
    repo.commit(utc("2026-07-27 13:15:00"), oksana, "celery: prefetch one task at a time on the insights queue\n\nA worker prefetched four refresh chunks and sat on them while another\nworker was idle.", {
        "gridwise/settings.py": repo.edit("gridwise/settings.py", "CELERY_WORKER_PREFETCH_MULTIPLIER = 4\n", "CELERY_WORKER_PREFETCH_MULTIPLIER = 1\nCELERY_TASK_ACKS_LATE = True\n"),
    })
    repo.commit(utc("2026-07-30 06:10:00"), bot, "Bump python-dateutil from 2.9.0 to 2.9.0.post0\n\nBumps [python-dateutil](https://github.com/dateutil/dateutil) from 2.9.0 to 2.9.0.post0.\n- [Release notes](https://github.com/dateutil/dateutil/releases)\n- [Changelog](https://github.com/dateutil/dateutil/blob/master/NEWS)\n- [Commits](https://github.com/dateutil/dateutil/compare/2.9.0...2.9.0.post0)\n\n---\nupdated-dependencies:\n- dependency-name: python-dateutil\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "requirements.txt": repo.edit("requirements.txt", "python-dateutil==2.9.0\n", "python-dateutil==2.9.0.post0\n"),
    })
    culprit = repo.commit(utc("2026-07-30 08:46:00"), priya, "insights: compare today with the same day last month\n\nRetailers' customer research: people compare with last month's bill,\nnot with last week. The card now says how today so far compares with\nthe same hours on the same day last month.", {
        "insights/comparison.py": repo.edit("insights/comparison.py",
            'def baseline_days(day: date) -> list[date]:\n    """The seven days before `day`."""\n    return [day - timedelta(days=n) for n in range(1, 8)]\n',
            'def baseline_days(day: date) -> list[date]:\n    """The seven days before `day`."""\n    return [day - timedelta(days=n) for n in range(1, 8)]\n\n\n'
            'def same_day_last_month(day: date) -> date:\n    """The same day of the month, a month earlier (in January: December)."""\n'
            '    if day.month == 1:\n        return day.replace(year=day.year - 1, month=12)\n    return day.replace(month=day.month - 1)\n').replace(
            '    in the account\'s time zone) against the same hours on the baseline days."""\n    so_far = IntervalRead.kwh(account, day, until_interval)\n    days = baseline_days(day)\n    baseline = sum(IntervalRead.kwh(account, d, until_interval) for d in days) / len(days)\n',
            '    in the account\'s time zone) against the same hours on the same day last month."""\n    so_far = IntervalRead.kwh(account, day, until_interval)\n    previous = same_day_last_month(day)\n    baseline = IntervalRead.kwh(account, previous, until_interval)\n').replace(
            'than usual."', 'than this time last month."'),
    })
    morning = repo.commit(utc("2026-07-30 09:05:00"), priya, "tests: same day last month, across January", {
        "tests/test_comparison.py": repo.files["tests/test_comparison.py"].replace("from insights.comparison import baseline_days\n", "from insights.comparison import baseline_days, same_day_last_month\n")
        + '\n\ndef test_same_day_last_month():\n    assert same_day_last_month(date(2026, 7, 14)) == date(2026, 6, 14)\n\n\ndef test_same_day_last_month_in_january():\n    assert same_day_last_month(date(2027, 1, 9)) == date(2026, 12, 9)\n',
    })
    decoy = repo.commit(utc("2026-07-30 13:22:00"), oksana, "insights: kWh with one decimal in the card's text\n\nThe retailers' copy review: \"12.3456789 KWH\" -> \"12.3 kWh\".", {
        "insights/comparison.py": repo.edit("insights/comparison.py",
            "    return f\"So far today you've used {insight.kwh_so_far} KWH, {pct}% {more_or_less} than this time last month.\"\n",
            "    return f\"So far today you've used {insight.kwh_so_far:.1f} kWh, {pct}% {more_or_less} than this time last month.\"\n"),
        "tests/test_comparison.py": repo.files["tests/test_comparison.py"].replace("from insights.comparison import baseline_days, same_day_last_month\n",
                                                                                   "from insights.comparison import TodayInsight, baseline_days, describe, same_day_last_month\n")
        + '\n\ndef test_describe_rounds_kwh():\n    text = describe(TodayInsight(1, date(2026, 7, 14), 12.3456, 10.0))\n    assert text.startswith("So far today you\'ve used 12.3 kWh, 23% more")\n',
    })
    fix = repo.commit(utc("2026-07-30 14:52:00"), priya, "insights: same day last month with relativedelta\n\nday.replace(month=day.month - 1) raises ValueError when last month has\nno such day (31 July -> 31 June): every card for accounts already on\nthe 31st failed from their midnight. relativedelta(months=1) clamps\nto the month's last day (31 July -> 30 June, 31 March -> 28 February).", {
        "insights/comparison.py": repo.edit("insights/comparison.py",
            '    """The same day of the month, a month earlier (in January: December)."""\n    if day.month == 1:\n        return day.replace(year=day.year - 1, month=12)\n    return day.replace(month=day.month - 1)\n',
            '    """The same day of the month, a month earlier; the month\'s last day when\n    last month is shorter (31 July -> 30 June, 31 March -> 28 February)."""\n    return day - relativedelta(months=1)\n').replace(
            "from datetime import date, timedelta\n", "from datetime import date, timedelta\n\nfrom dateutil.relativedelta import relativedelta\n"),
        "tests/test_comparison.py": repo.files["tests/test_comparison.py"] + '\n\ndef test_same_day_last_month_when_last_month_is_shorter():\n    assert same_day_last_month(date(2026, 7, 31)) == date(2026, 6, 30)\n    assert same_day_last_month(date(2026, 3, 31)) == date(2026, 2, 28)\n',
    })
    comparison = repo.files["insights/comparison.py"]
    return repo, culprit, morning, decoy, fix, comparison


def line_of(text, needle):
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise ValueError(needle)


def celery_line(t, level, proc, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"[{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d}: {level}/{proc}] {msg}"


def rabbit(t, level, pid, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond:06d}+00:00 [{level}] {pid} {msg}"


def build_logs(rng, culprit, morning, decoy, fix, comparison_at_onset):
    worker = Log("celery-worker.log")
    beat = Log("celery-beat.log")
    api = Log("insights-api.log")
    ingress = Log("ingress-nginx-access.log")
    mq = Log("rabbitmq.log")
    argo = Log("argocd-application-controller.log")

    site = "/usr/local/lib/python3.11/site-packages"
    l_replace = line_of(comparison_at_onset, "return day.replace(month=day.month - 1)")
    l_previous = line_of(comparison_at_onset, "previous = same_day_last_month(day)")
    l_build = line_of(TASKS, "insight = build_today_insight(account, today, current_interval(account.tz))")
    l_view = line_of(VIEWS, "insight = build_today_insight(account, day, current_interval(account.tz))")

    def frames_comparison():
        return (f'  File "/app/insights/comparison.py", line {l_previous}, in build_today_insight\n'
                "    previous = same_day_last_month(day)\n"
                "               ^^^^^^^^^^^^^^^^^^^^^^^^\n"
                f'  File "/app/insights/comparison.py", line {l_replace}, in same_day_last_month\n'
                "    return day.replace(month=day.month - 1)\n"
                "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                "ValueError: day is out of range for month")

    task_tb = ("Traceback (most recent call last):\n"
               f'  File "{site}/celery/app/trace.py", line 453, in trace_task\n'
               "    R = retval = fun(*args, **kwargs)\n"
               "                 ^^^^^^^^^^^^^^^^^^^^\n"
               f'  File "{site}/celery/app/trace.py", line 736, in __protected_call__\n'
               "    return self.run(*args, **kwargs)\n"
               "           ^^^^^^^^^^^^^^^^^^^^^^^^^\n"
               f'  File "/app/insights/tasks.py", line {l_build}, in build_today_insights_chunk\n'
               "    insight = build_today_insight(account, today, current_interval(account.tz))\n"
               "              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
               + frames_comparison())
    view_tb = ("Traceback (most recent call last):\n"
               f'  File "{site}/django/core/handlers/exception.py", line 55, in inner\n'
               "    response = get_response(request)\n"
               "               ^^^^^^^^^^^^^^^^^^^^^\n"
               f'  File "{site}/django/core/handlers/base.py", line 197, in _get_response\n'
               "    response = wrapped_callback(request, *callback_args, **callback_kwargs)\n"
               "               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
               f'  File "/app/insights/api/views.py", line {l_view}, in today\n'
               "    insight = build_today_insight(account, day, current_interval(account.tz))\n"
               "              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
               + frames_comparison())

    # --- deploys ---------------------------------------------------------------------------
    gens = [(utc("2026-07-29 10:12:00"), None), (MORNING_DEPLOY, morning), (DECOY_DEPLOY, decoy), (FIX_DEPLOY, fix)]
    worker_pods = [[f"insights-worker-{hexid(rng, 9)}-{hexid(rng, 5)}" for _ in range(3)] for _ in gens]
    api_pods = [[f"insights-api-{hexid(rng, 9)}-{hexid(rng, 5)}" for _ in range(3)] for _ in gens]
    beat_pods = [f"insights-beat-{hexid(rng, 9)}-{hexid(rng, 5)}" for _ in gens]
    for when, sha in gens[1:]:
        t0 = when - dt.timedelta(seconds=27)
        argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="insights-engine", dest_namespace="insights"))
        for kind in ("insights-api", "insights-worker", "insights-beat"):
            tk = t0 + dt.timedelta(seconds=rng.uniform(1, 3))
            argo.add(tk, logfmt(tk, "info", f"Applying resource Deployment/{kind} in cluster: https://kubernetes.default.svc, namespace: insights", application="insights-engine"))
        te = when + dt.timedelta(seconds=70)
        argo.add(te, logfmt(te, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="insights-engine", dest_namespace="insights"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="insights-engine", dest_namespace="insights",
                                                              comparison_level=1, time_ms=rng.randint(25, 140)))])

    def gen_at(t, slot=0):
        g = 0
        for i, (when, _) in enumerate(gens):
            if t >= when + dt.timedelta(seconds=20 + 15 * slot):
                g = i
        return g

    mq_pid = iter(range(31000, 39000, 37))
    worker_ip = {}
    for g in range(len(gens)):
        for pod in worker_pods[g] + [beat_pods[g]]:
            worker_ip[pod] = f"10.44.{rng.randint(0, 7)}.{rng.randint(10, 250)}"
    conns = {}

    def connect(t, pod):
        pid = f"<0.{next(mq_pid)}.0>"
        port = rng.randint(33000, 60999)
        conns[pod] = (pid, port)
        peer = f"{worker_ip[pod]}:{port} -> 10.44.9.17:5672"
        mq.add(t, rabbit(t, "info", pid, f"accepting AMQP connection {pid} ({peer})"))
        mq.add(t + dt.timedelta(milliseconds=6), rabbit(t + dt.timedelta(milliseconds=6), "info", pid, f"connection {pid} ({peer}): user 'insights' authenticated and granted access to vhost '/insights'"))

    def disconnect(t, pod):
        pid, port = conns.pop(pod)
        mq.add(t, rabbit(t, "info", pid, f"closing AMQP connection {pid} ({worker_ip[pod]}:{port} -> 10.44.9.17:5672, vhost: '/insights', user: 'insights')"))

    for pod in worker_pods[1] + [beat_pods[1]]:
        conns[pod] = (f"<0.{next(mq_pid)}.0>", rng.randint(33000, 60999))
    for g in (2, 3):
        when = gens[g][0]
        for slot, pod in enumerate(worker_pods[g]):
            t = when + dt.timedelta(seconds=20 + 15 * slot + rng.uniform(0, 2))
            connect(t - dt.timedelta(seconds=0.5), pod)
            for off, msg in ((0.0, f"Connected to amqp://insights:**@rabbitmq.platform.svc.cluster.local:5672//insights"),
                             (0.02, "mingle: searching for neighbors"), (1.05, f"mingle: sync with {2 if slot else 3} nodes"),
                             (1.06, "mingle: sync complete"), (1.1, f"celery@{pod} ready.")):
                worker.add(t + dt.timedelta(seconds=off), celery_line(t + dt.timedelta(seconds=off), "INFO", "MainProcess", msg))
            old = worker_pods[g - 1][slot]
            tt = t + dt.timedelta(seconds=2.5)
            worker.add(tt, celery_line(tt, "WARNING", "MainProcess", "worker: Warm shutdown (MainProcess)"))
            disconnect(tt + dt.timedelta(seconds=1.2), old)
        t = when + dt.timedelta(seconds=22)
        connect(t, beat_pods[g])
        beat.add(t, celery_line(t, "INFO", "MainProcess", "beat: Starting..."))
        disconnect(t + dt.timedelta(seconds=1), beat_pods[g - 1])
        for slot, pod in enumerate(api_pods[g]):
            ts = when + dt.timedelta(seconds=20 + 15 * slot + rng.uniform(0, 2))
            for off, msg in ((0.0, "[1] [INFO] Starting gunicorn 22.0.0"), (0.01, "[1] [INFO] Listening at: http://0.0.0.0:8000 (1)"), (0.01, "[1] [INFO] Using worker: sync"),
                             (0.02, "[8] [INFO] Booting worker with pid: 8"), (0.03, "[9] [INFO] Booting worker with pid: 9"), (0.04, "[10] [INFO] Booting worker with pid: 10"),
                             (0.05, "[11] [INFO] Booting worker with pid: 11")):
                tg = ts + dt.timedelta(seconds=off)
                api.add(tg, f"[{tg.strftime('%Y-%m-%d %H:%M:%S')} +0000] {msg}")
    # routine RabbitMQ lines: the exporter's and the management UI's short connections
    for t in poisson_times(rng, START, END, 0.25):
        pid = f"<0.{next(mq_pid)}.0>"
        port = rng.randint(33000, 60999)
        peer = f"10.44.{rng.randint(0, 7)}.{rng.randint(10, 250)}:{port} -> 10.44.9.17:5672"
        mq.add(t, rabbit(t, "info", pid, f"accepting AMQP connection {pid} ({peer})"))
        mq.add(t + dt.timedelta(milliseconds=5), rabbit(t + dt.timedelta(milliseconds=5), "info", pid, f"connection {pid} ({peer}): user 'celery-exporter' authenticated and granted access to vhost '/insights'"))
        mq.add(t + dt.timedelta(seconds=rng.uniform(20, 50)), rabbit(t + dt.timedelta(seconds=rng.uniform(20, 50)), "warning", pid,
                                                                     f"closing AMQP connection {pid} ({peer}, vhost: '/insights', user: 'celery-exporter'):\nclient unexpectedly closed TCP connection"))

    # --- accounts and their days -----------------------------------------------------------
    def zone_of(i):
        x = (i * 2654435761 % 1000) / 1000
        acc = 0.0
        for name, off, share in ZONES:
            acc += share
            if x < acc:
                return name, off
        return ZONES[-1][:2]

    def local_day(t, offset):
        return (t + dt.timedelta(minutes=offset)).day

    def fixed(t):
        return t >= FIX_DEPLOY + dt.timedelta(seconds=20)

    failed = {}

    def count_fail(t, name):
        key = (t.replace(second=0, microsecond=0), name)
        failed[key] = failed.get(key, 0) + 1

    procs = [f"ForkPoolWorker-{n}" for n in range(1, 5)]

    def run_task(t, name, ok_result, fail_tb=None, task_log=None, took=None):
        tid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"
        worker.add(t, celery_line(t, "INFO", "MainProcess", f"Task {name}[{tid}] received"))
        proc = rng.choice(procs)
        if fail_tb:
            te = t + dt.timedelta(milliseconds=rng.randint(90, 400))
            worker.add(te, celery_line(te, "ERROR", proc, f"Task {name}[{tid}] raised unexpected: ValueError('day is out of range for month')") + "\n" + fail_tb)
            count_fail(te, name)
            return te
        took = took if took is not None else rng.uniform(0.2, 1.5)
        te = t + dt.timedelta(seconds=took)
        for i, text in enumerate([task_log] if isinstance(task_log, str) else (task_log or [])):
            tl = te - dt.timedelta(milliseconds=3 * (len(task_log or []) - i) if not isinstance(task_log, str) else 3)
            worker.add(tl, celery_line(tl, "INFO", proc, f"{name}[{tid}]: {text}"))
        worker.add(te, celery_line(te, "INFO", proc, f"Task {name}[{tid}] succeeded in {took:.{rng.choice([9, 10, 11])}f}s: {ok_result}"))
        return te

    # --- beat and the workers ------------------------------------------------------------------
    chunks = (ACCOUNTS + CHUNK - 1) // CHUNK
    t = START.replace(minute=START.minute - START.minute % 5)
    while t < END:
        if t >= START:
            ts = t + dt.timedelta(milliseconds=rng.randint(1, 9))
            if t.minute % 15 == 0:
                beat.add(ts, celery_line(ts, "INFO", "MainProcess", "Scheduler: Sending due task refresh-today-insights (insights.tasks.refresh_today_insights)"))
                te = run_task(ts + dt.timedelta(milliseconds=rng.randint(4, 20)), "insights.tasks.refresh_today_insights", f"{{'accounts': {ACCOUNTS}, 'chunks': {chunks}}}", took=rng.uniform(0.35, 0.6))
                for n in range(1, chunks + 1):
                    size = CHUNK if n < chunks else ACCOUNTS - CHUNK * (chunks - 1)
                    tc = te + dt.timedelta(seconds=(n - 1) * rng.uniform(0.8, 1.4) / 3 + rng.uniform(0, 0.05))
                    # the chunk's accounts in id order; the first whose local date has no day last month fails it
                    zones_in_chunk = {zone_of(n * 7919 + k)[1] for k in range(40)}
                    broken = not fixed(tc) and any(local_day(tc, off) == 31 for off in zones_in_chunk)
                    if broken:
                        run_task(tc, "insights.tasks.build_today_insights_chunk", None, fail_tb=task_tb)
                    else:
                        nudges = rng.randint(0, 9) if (tc + dt.timedelta(hours=10)).hour in (22, 23, 0, 1) else rng.randint(20, 90)
                        run_task(tc, "insights.tasks.build_today_insights_chunk", f"{{'accounts': {size}, 'nudges': {nudges}}}",
                                 task_log=f"chunk {n}/{chunks}: {size} accounts, {nudges} nudges queued", took=rng.uniform(5.5, 9.5))
            beat.add(ts, celery_line(ts, "INFO", "MainProcess", "Scheduler: Sending due task import-interval-reads (insights.tasks_import.import_interval_reads)"))
            files = rng.randint(0, 4)
            reads = files * rng.randint(9000, 48000)
            run_task(ts + dt.timedelta(milliseconds=rng.randint(4, 20)), "insights.tasks_import.import_interval_reads", f"{{'files': {files}, 'reads': {reads}}}",
                     task_log=f"imported {files} NEM12 files, {reads} interval reads", took=rng.uniform(0.3, 2.0) + files * rng.uniform(2, 5))
            if t.minute in (10, 40):
                beat.add(ts, celery_line(ts, "INFO", "MainProcess", "Scheduler: Sending due task close-days (insights.tasks_close.close_days)"))
                closing = [(name, off) for name, off, _ in ZONES if (t + dt.timedelta(minutes=off)).hour == 0 and (t + dt.timedelta(minutes=off)).minute < 30]
                closed = sum(int(ACCOUNTS * share) for name, off, share in ZONES if (name, off) in closing)
                lines = [f"closed {(t + dt.timedelta(minutes=off) - dt.timedelta(days=1)).date()} for {int(ACCOUNTS * share)} accounts in {name}"
                         for name, off, share in ZONES if (name, off) in closing]
                run_task(ts + dt.timedelta(milliseconds=rng.randint(4, 20)), "insights.tasks_close.close_days", f"{{'closed': {closed}}}",
                         task_log=lines, took=rng.uniform(0.1, 0.3) + closed / 900)
        t += dt.timedelta(minutes=5)

    # --- the app's Insights tab and other API calls ----------------------------------------------
    UAS = ["KoalaEnergy/4.12.0 (iPhone; iOS 17.5.1; Scale/3.00)", "KoalaEnergy/4.12.0 (Android 14; SM-S921B)", "BrightsidePower/2.8.3 CFNetwork/1496.0.7 Darwin/23.5.0",
           "BrightsidePower/2.8.3 okhttp/4.12.0", "KoalaEnergy/4.11.2 (Android 13; Pixel 7a)"]

    def api_rate(t):
        local_h = ((t + dt.timedelta(hours=10)).hour + (t + dt.timedelta(hours=10)).minute / 60) % 24
        if local_h >= 22:
            return 7.5 - 2.2 * (local_h - 22)
        if local_h < 6:
            return max(1.6, 3.1 - 0.9 * local_h)
        return 8

    arrivals = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        arrivals += poisson_times(rng, t, nxt, api_rate(t))
        t = nxt
    api_outcomes = {}
    for t in arrivals:
        account = rng.randint(100000, 100000 + ACCOUNTS * 3)
        zname, off = zone_of(account)
        slot = rng.randrange(3)
        pod = api_pods[gen_at(t, slot)][slot]
        client = f"{rng.choice([1, 27, 49, 58, 101, 110, 120, 121, 124, 144, 180, 203])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"
        ua = rng.choice(UAS)
        r = rng.random()
        minute = t.replace(second=0, microsecond=0)
        if r < 0.62:
            path = f"/v1/accounts/{account}/insights/today"
            if not fixed(t) and local_day(t, off) == 31:
                took = ms(rng, 35, 0.4) / 1000
                e = t + dt.timedelta(seconds=took)
                api.add(e, json.dumps({"levelname": "ERROR", "name": "django.request", "message": f"Internal Server Error: {path}", "exc_info": view_tb,
                                       "status_code": 500, "request": f"<WSGIRequest: GET '{path}'>", "timestamp": e.isoformat(timespec="microseconds")}))
                ingress.add(e, nginx_access(e, client, "GET", path, 500, 145, took + 0.002, ua, upstream_rt=took))
                api_outcomes[(minute, "5xx")] = api_outcomes.get((minute, "5xx"), 0) + 1
                continue
            took = ms(rng, 60, 0.4) / 1000
            size = rng.randint(240, 320)
        elif r < 0.85:
            path = f"/v1/accounts/{account}/usage?range={rng.choice(['day', 'week', 'week', 'month'])}"
            took, size = ms(rng, 90, 0.45) / 1000, rng.randint(2400, 9800)
        elif r < 0.95:
            path = f"/v1/accounts/{account}/bills?limit=6"
            took, size = ms(rng, 45, 0.4) / 1000, rng.randint(900, 2600)
        else:
            path = f"/v1/accounts/{account}/nudges/settings"
            took, size = ms(rng, 20, 0.4) / 1000, rng.randint(120, 200)
        e = t + dt.timedelta(seconds=took)
        ingress.add(e, nginx_access(e, client, "GET", path, 200, size, took + 0.002, ua, upstream_rt=took))
        api_outcomes[(minute, "2xx")] = api_outcomes.get((minute, "2xx"), 0) + 1
    # the API's own routine warnings: expired app tokens, on any night
    for t in poisson_times(rng, START, END, 0.3):
        path = f"/v1/accounts/{rng.randint(100000, 100000 + ACCOUNTS * 3)}/insights/today"
        api.add(t, json.dumps({"levelname": "WARNING", "name": "django.request", "message": f"Unauthorized: {path}", "status_code": 401,
                               "request": f"<WSGIRequest: GET '{path}'>", "timestamp": t.isoformat(timespec="microseconds")}))
        ingress.add(t, nginx_access(t, f"{rng.choice([1, 49, 101, 124])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}", "GET", path, 401, 58, 0.004, rng.choice(UAS), upstream_rt=0.003))
    return [worker, beat, api, ingress, mq, argo], failed, api_outcomes


def build(out_dir):
    rng = random.Random(14200)
    repo, culprit, morning, decoy, fix, comparison = build_repo()
    try:
        # the file as it ran between 13:35 and the fix
        at_onset = comparison.replace(
            '    """The same day of the month, a month earlier; the month\'s last day when\n    last month is shorter (31 July -> 30 June, 31 March -> 28 February)."""\n    return day - relativedelta(months=1)\n',
            '    """The same day of the month, a month earlier (in January: December)."""\n    if day.month == 1:\n        return day.replace(year=day.year - 1, month=12)\n    return day.replace(month=day.month - 1)\n').replace(
            "from datetime import date, timedelta\n\nfrom dateutil.relativedelta import relativedelta\n", "from datetime import date, timedelta\n")
        logs, failed, api_outcomes = build_logs(rng, culprit, morning, decoy, fix, at_onset)
        onset = min(min(t for t, _, text in logs[0].entries if "day is out of range" in text),
                    min(t for t, _, text in logs[2].entries if "day is out of range" in text)).replace(microsecond=0)

        cumulative = {}
        running = 37
        minute = START
        while minute <= END:
            running += failed.get((minute, "insights.tasks.build_today_insights_chunk"), 0)
            cumulative[minute] = running
            minute += dt.timedelta(minutes=1)

        def failed_total(name):
            return lambda t: cumulative[t.replace(second=0, microsecond=0)]

        metrics = {
            "celery_task_failed_total.json": query_range(
                [({"name": "insights.tasks.build_today_insights_chunk", "exception": "ValueError", "hostname": "insights-worker", "job": "celery-exporter"},
                  failed_total("insights.tasks.build_today_insights_chunk"))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="same-day-last-month", service=SERVICE, onset=onset,
            description=f"""
The Insights tab of two retailers' apps shows an error. From {onset.strftime('%H:%M')} UTC
(midnight in Sydney) calls to /v1/accounts/<id>/insights/today fail with
500 for most customers, and every 15-minute refresh of the Insights cards
fails in Celery; nudges stop. insights-engine was rolled out at 09:31 UTC
(the sync names a tests commit) and at 13:35 (kWh formatting in the
card's text). Customers in Perth are not affected. A fix was rolled out at
15:07 and the errors stopped.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"day is out of range for month", r"in same_day_last_month"],
            fix_files=["insights/comparison.py"],
            explanation="""
The culprit is Thursday morning's "insights: compare today with the same
day last month" (insights/comparison.py): same_day_last_month() returns
day.replace(month=day.month - 1), handling January but not a day that
last month does not have. It shipped with the 09:31 UTC sync (which names
the later tests commit, whose tests cover January) and did nothing while
the accounts' local date was the 30th. At 14:00 UTC it is 31 July in
Sydney, Melbourne and Brisbane: every refresh chunk in Celery ("Task
insights.tasks.build_today_insights_chunk[...] raised unexpected:
ValueError('day is out of range for month')") and every Insights call from
those accounts (django.request "Internal Server Error" with the same
traceback, ending in same_day_last_month) fails; Adelaide's accounts
follow at 14:30, Perth's would have at 16:00. The close-days job at 14:10
(30 July -> 30 June) and the imports run as usual. The fix uses
relativedelta, which clamps to the month's last day. Decoys: the kWh
formatting change to the same file (the traceback's file) rolled out at
13:35, 25 minutes before the onset; the python-dateutil bump that morning;
the tests commit the morning sync names; the interval-import and Celery
prefetch changes earlier in the week; chores.
""",
        )
    finally:
        repo.close()
