"""binroute (Python 3.12: the nightly planner CronJob and a FastAPI API with
Cabtrak's lift webhook, the missed collection checks and the weighbridge
ticket sync; AKS in UK South, synced by Argo CD from `main`) at Kingsmere
City Council in May, half a year before `r87-school-street-windows-epoch`.
Kingsmere's residual waste goes to Castlegate ERF, the energy recovery
facility Northway Energy Recovery runs for the council under contract;
food waste to Hollins Farm AD, garden waste to Brookside Composting. Every
ten minutes binroute pulls Northway's WeighLink transactions for the
council's vehicles (tickets, and refused vehicles with the weighbridge's
remark) to reconcile tonnage against the lifts.

Monday 4 May 2026 is the Early May bank holiday: Monday's rounds slip to
Tuesday 5 May (week B: residual, food and garden), and the residual bins
are heavy after the long weekend. Castlegate took no waste on the bank
holiday; its bunker crane 1 is out for a planned gearbox overhaul until
Wednesday (Northway's notice that morning: "4 of 8 tipping bays").

Tuesday 5 May: RCV 216 (MON-R03) goes off road at 07:38 with a leaking lifter
ram; spare RCV 228 takes the round from 08:40. At 08:36 Argo CD syncs 4.3.0
(TIP-31, weighbridge tickets matched on the registration instead of the
fleet number, in the very weighbridge sync; LIFT-104, which warns when a
round is more than 150 lifts behind its plan, the very warning that fills
the log, first for MON-R03's breakdown; ROUTE-287, tip visits placed from
the payload model, for the next night's plans; a uvicorn bump). At 08:52
the hoist of crane 2, the only crane running, trips and will not reset;
with no crane the bunker cannot be fed or levelled and at 09:10 Northway
suspends tipping: every Kingsmere RCV that reaches the weighbridge from
then on is refused ("Tipping suspended - bunker cranes unavailable. Divert to
Hallam Road WTS"), waits at the gate, drives 19 km to the transfer station
and queues there with a neighbouring council's trucks. Lifts stop while the
full trucks are away; the rounds fall hours behind. Northway posts the
suspension at 09:48.

Jess, on call, sees WeighbridgeTicketsMissing for Castlegate after a release
that changed the ticket matching, follows the runbook and rolls back to
4.2.3 at 10:02, as RoundBehindPlan fires for the first of the stranded
rounds: the behind-plan warnings stop (4.2.3 has none), nothing else
changes. Gary at the depot has the drivers'
word that Castlegate stopped tipping; Owen reads the refused transactions
and their remark in the weighbridge sync and Northway's notice; 4.3.0 is
synced again at 10:26. A new hoist brake at 12:40 and tipping resumes at
12:55; the residual rounds close incomplete between 14:40 and 15:35, their
remaining bins logged against the known issue and planned as catch-ups.
Nothing in binroute is changed.

Sources: planner pod (Python logging with the pod, line format),
binroute-api (structlog JSON: lift webhooks, round progress, weighbridge
sync, missed collection reports, bin day look-ups), ingress-nginx access,
Cabtrak's vehicle event export (pipe separated, line format), Northway's
WeighLink transaction export (JSON lines) and site status feed (JSON lines),
Argo CD (logfmt), #waste-digital (Teams export, JSON lines), the contact
centre's CRM cases (Dynamics 365 export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from scenarios.r87_school_street_windows_epoch import (
    API_YAML, CABTRAK, CI, CRON_BINS, CRONJOB, DOCKERFILE, KUSTOMIZATION, LIFTS, MISSED, OTHER_STREETS, PROBLEM,
    PYPROJECT, README, RUN, RUNBOOK, SETTINGS, STORE, TEST_PROBLEM, VROOM, VROOM_YAML, sub,
)
from skeletons import chores

SERVICE = "binroute"
START, END = utc("2026-05-05 01:30:00"), utc("2026-05-05 17:10:00")
DAY = dt.date(2026, 5, 5)
PLAN_RUN = utc("2026-05-05 02:00:00")
RELEASE = utc("2026-05-05 08:36:12")
CRANE_TRIP = utc("2026-05-05 08:52:00")
SUSPENDED = utc("2026-05-05 09:10:00")
STATUS_POSTED = utc("2026-05-05 09:48:31")
ROLLBACK = utc("2026-05-05 10:02:14")
RESYNC = utc("2026-05-05 10:26:40")
RESUMED = utc("2026-05-05 12:55:00")
BREAKDOWN = utc("2026-05-05 07:38:20")
SPARE_ON = utc("2026-05-05 08:40:10")

# ---------------------------------------------------------------------------
# the repository (May: before the school streets, street works and not-routed logging)

CALENDAR_MAY = '''"""The collection calendar: the alternate weeks, the streams due on a day
and the bank holiday slips.

Week A: recycling and food; week B: residual, food and garden (subscribers).
A bank holiday moves that day's rounds and every later round of the week one
working day later, until the Saturday (config/bank_holidays.yaml).
"""

import datetime as dt
from pathlib import Path

import yaml

WEEK_A_MONDAY = dt.date(2026, 1, 5)
HOLIDAYS = [d for d in yaml.safe_load((Path(__file__).resolve().parents[1] / "config" / "bank_holidays.yaml").read_text())["england"]]


def week(day):
    return "A" if ((day - WEEK_A_MONDAY).days // 7) % 2 == 0 else "B"


def streams_due(day):
    if week(day) == "A":
        return ["recycling", "food"]
    return ["residual", "food", "garden"]


def rounds_day(day):
    """The weekday whose rounds run on day: after a bank holiday in the same
    week, the previous working day's."""
    monday = day - dt.timedelta(days=day.weekday())
    slipped = sum(1 for h in HOLIDAYS if monday <= h < day)
    if slipped == 0:
        return day
    return day - dt.timedelta(days=slipped)
'''

BANK_HOLIDAYS = """# England and Wales bank holidays (gov.uk), for the collection slips.
england:
  - 2026-01-01
  - 2026-04-03
  - 2026-04-06
  - 2026-05-04
  - 2026-05-25
  - 2026-08-31
  - 2026-12-25
  - 2026-12-28
"""

WEIGHBRIDGE = '''"""Northway's WeighLink API: the transactions of the council's vehicles at
Castlegate ERF, Hallam Road WTS, Hollins Farm AD and Brookside Composting,
every ten minutes, for the tonnage returns and the lifts reconciliation."""

import structlog

from binroute import store
from binroute.tonnage import weighlink

log = structlog.get_logger("binroute.tonnage.weighbridge")


def sync(since):
    txns = weighlink.transactions(customer="KINGSMERE", since=since)
    tickets, refused, unmatched = 0, 0, 0
    for txn in txns:
        vehicle = store.vehicle_by_fleet_no(txn["vehicle_ref"])
        if vehicle is None:
            unmatched += 1
            continue
        if txn["status"] == "REFUSED":
            refused += 1
            log.warning("vehicle refused at weighbridge", site=txn["site"], vehicle=vehicle.fleet_no,
                        registration=txn["reg"], remark=txn["remark"])
            continue
        store.record_ticket(vehicle, txn)
        tickets += 1
    log.info("weighbridge sync", tickets=tickets, refused=refused, unmatched=unmatched)
'''

PROGRESS = '''"""Round progress: lifts so far against the plan's arrival times."""

import structlog

from binroute import store

log = structlog.get_logger("binroute.lifts.progress")


def check(round_, now):
    planned = store.planned_stops_before(round_, now)
    lifted = store.lifts_so_far(round_)
    store.record_progress(round_, planned, lifted)
'''


def build_repo():
    repo = Repo()
    owen = Person("Owen Pritchard", "owen.pritchard@kingsmere.gov.uk", 60)
    aisha = Person("Aisha Rahman", "aisha.rahman@kingsmere.gov.uk", 60)
    jess = Person("Jess Townsend", "jess.townsend@kingsmere.gov.uk", 60)
    marek = Person("Marek Zieliński", "marek.zielinski@kingsmere.gov.uk", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    v = lambda text: text.replace("4.6.2", "4.2.2")
    wb, pg = "binroute/tonnage/weighbridge.py", "binroute/lifts/progress.py"
    repo.commit(utc("2026-04-27 08:40:00"), owen, "binroute: planner, Cabtrak lift webhook, weighbridge sync and missed collection checks", {
        "pyproject.toml": v(PYPROJECT),
        "binroute/__init__.py": '__version__ = "4.2.2"\n',
        "binroute/settings.py": SETTINGS + 'WEIGHLINK_URL = os.environ.get("WEIGHLINK_URL", "https://weighlink.northway-er.co.uk/api/v2")\n',
        "binroute/calendar.py": CALENDAR_MAY,
        "binroute/store.py": STORE,
        "binroute/planner/__init__.py": "",
        "binroute/planner/problem.py": PROBLEM,
        "binroute/planner/vroom.py": VROOM,
        "binroute/planner/run.py": RUN,
        "binroute/planner/cabtrak.py": CABTRAK,
        "binroute/lifts/__init__.py": "",
        "binroute/lifts/ingest.py": LIFTS,
        "binroute/lifts/progress.py": PROGRESS,
        "binroute/tonnage/__init__.py": "",
        "binroute/tonnage/weighbridge.py": WEIGHBRIDGE,
        "binroute/reports/__init__.py": "",
        "binroute/reports/missed.py": MISSED,
        "config/bank_holidays.yaml": BANK_HOLIDAYS,
        "tests/__init__.py": "",
        "tests/test_problem.py": TEST_PROBLEM,
        "k8s/cronjob-planner.yaml": CRONJOB,
        "k8s/cronjob-bins-sync.yaml": CRON_BINS,
        "k8s/deployment-api.yaml": API_YAML,
        "k8s/vroom.yaml": VROOM_YAML,
        "k8s/kustomization.yaml": v(KUSTOMIZATION).replace("  - cronjob-planner-catchup.yaml\n", ""),
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI,
        "README.md": README.replace("; `binroute.planner.catchup` plans extra rounds for bins left over", "")
        + "\n`binroute.tonnage` pulls Northway's WeighLink weighbridge transactions every\nten minutes for the tonnage returns.\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 4.2.2\n\n- Bin day look-ups cached for five minutes.\n",
    })
    rng = random.Random(87211)
    repo.schedule(chores(rng, SERVICE, [jess, aisha], utc("2026-04-27 10:00:00"), utc("2026-04-30 15:00:00"), 2))
    repo.commit(utc("2026-04-28 09:02:00"), bot, "fix(deps): update dependency psycopg to v3.2.8", {
        "pyproject.toml": repo.edit("pyproject.toml", '"psycopg[binary,pool]==3.2.10"', '"psycopg[binary,pool]==3.2.8"'),
    })
    repo.commit(utc("2026-04-29 13:25:00"), aisha, "calendar: slip the rounds after a bank holiday until the Saturday (ROUTE-279)\n\nEarly May and Spring bank holidays: Monday's rounds run on Tuesday and so\non. The planner asked for Tuesday's rounds on the Tuesday after Easter\nMonday and the depot re-planned by hand.", {
        "binroute/planner/run.py": sub(repo.files["binroute/planner/run.py"],
                                       "    rounds = store.rounds_for(day)\n    due = store.bins_due(day)\n",
                                       "    if calendar.rounds_day(day) != day:\n        log.info(\"calendar: bank holiday slip: %s's rounds run on %s %s\", calendar.rounds_day(day).isoformat(),\n                 day.strftime(\"%A\"), day.isoformat())\n    rounds = store.rounds_for(calendar.rounds_day(day))\n    due = store.bins_due(calendar.rounds_day(day))\n"),
    })
    rel_423 = repo.commit(utc("2026-04-30 14:12:00"), owen, "release 4.2.3", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.2.2"', 'version = "4.2.3"'),
        "binroute/__init__.py": '__version__ = "4.2.3"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.2.2"', 'newTag: "4.2.3"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.2.3\n\n- Bank holiday slips (ROUTE-279).\n- psycopg 3.2.8.\n", 1),
    })
    repo.commit(utc("2026-05-01 09:20:00"), aisha, "planner: place the mid-round tip visit from the payload model (ROUTE-287)\n\nThe tip break was a fixed 10:00-11:30 window; after bank holidays the\ntrucks were full by nine and drove full past their streets. Estimate each\nbin's weight from its last eight lifts and let VROOM place the break\nwhen the payload runs out.", {
        "binroute/planner/problem.py": sub(repo.files["binroute/planner/problem.py"],
                                           "        \"breaks\": [{\"id\": 1, \"time_windows\": [[epoch(day, \"10:00\"), epoch(day, \"11:30\")]], \"service\": 1800}],\n",
                                           "        \"breaks\": [{\"id\": 1, \"time_windows\": [[epoch(day, round_.shift.start), epoch(day, round_.shift.end)]],\n                    \"service\": 1800, \"max_load\": [int(PAYLOAD_KG[round_.stream] * 0.08)]}],\n"),
    })
    repo.commit(utc("2026-05-01 10:48:00"), marek, "tonnage: match weighbridge transactions on the registration, not the fleet number (TIP-31)\n\nWeighLink's vehicle_ref is whatever the weighbridge clerk typed for a\nhire or spare vehicle (\"SPARE\", \"HIRE 3\", \"228\"); the registration is\nread by the ANPR camera. Hire vehicles' tickets were dropped as unmatched.", {
        wb: sub(repo.files[wb], "        vehicle = store.vehicle_by_fleet_no(txn[\"vehicle_ref\"])\n",
                "        vehicle = store.vehicle_by_registration(txn[\"reg\"].replace(\" \", \"\"))\n"),
    })
    repo.commit(utc("2026-05-01 13:30:00"), jess, "lifts: warn when a round is more than 150 lifts behind its plan (LIFT-104)\n\nThe depot hears about a round that has stopped (a breakdown, a blocked\nstreet) from the crew; show it on the dashboard and alert\n(RoundBehindPlan) so the supervisor can send help.", {
        pg: repo.files[pg].replace("    store.record_progress(round_, planned, lifted)\n",
                                   "    store.record_progress(round_, planned, lifted)\n    if planned - lifted > BEHIND:\n        log.warning(\"round behind plan\", round=round_.code, vehicle=round_.fleet_no, planned=planned,\n                    lifted=lifted, behind=planned - lifted)\n").replace(
            "log = structlog.get_logger(\"binroute.lifts.progress\")\n", "log = structlog.get_logger(\"binroute.lifts.progress\")\nBEHIND = 150\n"),
    })
    repo.commit(utc("2026-05-01 14:52:00"), jess, "runbook: rounds behind plan, weighbridge tickets missing", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## RoundBehindPlan

A round is more than 150 lifts behind the plan's arrival times. Ask the
depot: a breakdown or a blocked street is the usual reason and they will
know. If many rounds fire at once the plan itself is off (payload, tip
visits, service times): check the latest planner changes.

## WeighbridgeTicketsMissing

No WeighLink tickets for our vehicles at a site for 30 minutes in working
hours. Usually the sync: WeighLink's API (ask Northway's service desk) or
our matching of their transactions to our vehicles (TIP-31). If it started
after a release, roll back in Argo CD (`binroute-prod`, History and
Rollback) first.
""",
    })
    repo.commit(utc("2026-05-02 05:10:00"), bot, "fix(deps): update dependency uvicorn to v0.35.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"uvicorn[standard]==0.37.0"', '"uvicorn[standard]==0.35.1"'),
    })
    rel_430 = repo.commit(utc("2026-05-05 08:09:00"), owen, "release 4.3.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.2.3"', 'version = "4.3.0"'),
        "binroute/__init__.py": '__version__ = "4.3.0"\n',
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.2.3"', 'newTag: "4.3.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.3.0\n\n- Weighbridge transactions matched on the registration (TIP-31).\n- RoundBehindPlan: warn when a round is 150 lifts behind its plan (LIFT-104).\n- Tip visits placed from the payload model (ROUTE-287).\n- uvicorn 0.35.1.\n", 1),
    })
    return repo, {"rel_423": rel_423, "rel_430": rel_430}


# ---------------------------------------------------------------------------
# the day

ROUNDS = [
    ("MON-R01", "residual", "RCV 211", "KX70 HFD", 1322), ("MON-R02", "residual", "RCV 214", "KX70 HGA", 1287),
    ("MON-R03", "residual", "RCV 216", "KX71 RWE", 1354), ("MON-R04", "residual", "RCV 219", "KX71 RWK", 1385),
    ("MON-R05", "residual", "RCV 220", "KX71 RXA", 1301), ("MON-R06", "residual", "RCV 223", "KY72 BNF", 1276),
    ("MON-R07", "residual", "RCV 225", "KY72 BNL", 1340), ("MON-R08", "residual", "RCV 226", "KY72 BNO", 1298),
    ("MON-F01", "food", "FV 312", "KX21 FWD", 934), ("MON-F02", "food", "FV 314", "KX21 FWG", 901),
    ("MON-F03", "food", "FV 315", "KX21 FWH", 952), ("MON-F04", "food", "FV 318", "KY23 KFA", 917),
    ("MON-F05", "food", "FV 319", "KY23 KFC", 889),
    ("MON-G01", "garden", "RCV 231", "KX19 GDN", 804), ("MON-G02", "garden", "RCV 232", "KX19 GDP", 826),
    ("MON-G03", "garden", "RCV 233", "KX19 GDR", 779),
]
TIPS = {"residual": "Castlegate ERF", "food": "Hollins Farm AD", "garden": "Brookside Composting"}
RATE = {"residual": 3.2, "food": 4.6, "garden": 2.3}
KG = {"residual": 12.2, "food": 2.4, "garden": 14.5}
PAYLOAD = {"residual": 10500, "food": 2400, "garden": 9800}
# how much heavier than usual each round's bins are after the long weekend (the food and garden rounds as usual)
HEAVY = {"MON-R01": 1.14, "MON-R02": 1.02, "MON-R03": 1.2, "MON-R04": 1.2, "MON-R05": 1.07, "MON-R06": 1.42,
         "MON-R07": 1.3, "MON-R08": 1.36}
REFUSED_REMARK = "Tipping suspended - bunker cranes unavailable. Divert to Hallam Road WTS"


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def uprn(rng):
    return f"1000{rng.randint(10000000, 99999999)}"


def build_logs(rng, shas):
    planner = Log("planner.log")
    api = Log("binroute-api.log")
    ingress = Log("ingress-nginx.log")
    cab = Log("cabtrak-events.log")
    wl = Log("northway-weighlink.log")
    status = Log("northway-site-status.log")
    argo = Log("argocd-binroute.log")
    teams = Log("teams-waste-digital.log")
    crm = Log("crm-cases.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    local = dt.timedelta(hours=1)            # BST

    def plog(x, level, pod, logger, msg):
        t = at(x)
        planner.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} {pod} {logger}: {msg}")

    def alog(x, level, logger, event, **kv):
        t = at(x)
        body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level,
                "logger": logger, "event": event}
        body.update(kv)
        api.add(t, json.dumps(body, ensure_ascii=False))

    def cablog(x, vehicle, round_, event, msg):
        t = at(x)
        cab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')}|{vehicle}|{round_}|{event}|{msg}")

    def ing(x, client, method, path, status_, size, rt, ua):
        t = at(x)
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status_} {size} "-" "{ua}" {rng.randint(300, 1400)} {rt:.3f} [waste-binroute-api-8000] [] 10.244.{rng.randint(1, 6)}.{rng.randint(2, 250)}:8000 {size} {max(0.001, rt - 0.002):.3f} {status_} {hexid(rng, 32)}')

    def public_ip():
        return f"{rng.choice([31, 51, 81, 86, 90, 92, 109, 148, 176, 188, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    browsers = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36 Edg/136.0.0.0",
                "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36"]

    wl_raw = []

    def wlog(x, site, ticket, reg, ref, status_, gross=None, tare=None, remark=""):
        t = at(x)
        body = {"txn_time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "site": site, "ticket": ticket, "reg": reg, "vehicle_ref": ref,
                "customer": "KINGSMERE CC", "ewc": "20 03 01" if site in ("Castlegate ERF", "Hallam Road WTS") else ("20 01 08" if site == "Hollins Farm AD" else "20 02 01"),
                "status": status_}
        if gross is not None:
            body.update(gross_kg=gross, tare_kg=tare, net_kg=gross - tare)
        if remark:
            body["remark"] = remark
        wl_raw.append((x, body))

    # --- the 02:00 plan (4.2.3) -------------------------------------------------
    K8S = "bcdfghjklmnpqrstvwxz2456789"
    pp = f"planner-{int(secs(PLAN_RUN) // 60)}-" + "".join(rng.choice(K8S) for _ in range(5))
    R = "binroute.planner.run"
    x = secs(PLAN_RUN) + 4.1
    plog(x, "INFO", pp, R, f"binroute planner 4.2.3 (git {shas['rel_423'][:7]}) planning Tuesday 2026-05-05 (week B: residual, food, garden)")
    plog(x + 0.2, "INFO", pp, R, "calendar: bank holiday slip: 2026-05-04's rounds run on Tuesday 2026-05-05")
    x += 3.9
    plog(x, "INFO", pp, R, f"loaded {len(ROUNDS)} rounds, {sum(r[4] for r in ROUNDS)} bins due")
    shift = {"residual": ("06:30", "14:30"), "food": ("06:30", "14:00"), "garden": ("07:00", "15:00")}
    rounds = []
    for code, stream, fleet, reg, n in ROUNDS:
        s0, s1 = shift[stream]
        un = 1 if rng.random() < 0.2 else 0
        x += rng.uniform(0.2, 0.6)
        plog(x, "INFO", pp, R, f"round {code}: vehicle {fleet} ({reg}), shift {s0}-{s1}, {n} bins due")
        solve = rng.uniform(2.2, 6.4) * n / 1300
        x += solve + 0.15
        w0 = int(dt.datetime(2026, 5, 5, int(s0[:2]), int(s0[3:]), tzinfo=dt.timezone.utc).timestamp()) - 3600
        w1 = int(dt.datetime(2026, 5, 5, int(s1[:2]), int(s1[3:]), tzinfo=dt.timezone.utc).timestamp()) - 3600
        plog(x, "INFO", pp, R, f"round {code} solved in {solve:.1f}s: {n - un} of {n} jobs routed, {un} unassigned; vehicle window {w0}-{w1}, 2 legs, {rng.uniform(44, 80):.1f} km")
        x += rng.uniform(0.4, 1.0)
        routed = n - un
        start_local = utc(f"2026-05-05 {s0}:00") - local
        plog(x, "INFO", pp, "binroute.planner.cabtrak", f"route {code} published to Cabtrak: {routed} stops, first {(start_local + local + dt.timedelta(minutes=rng.randint(8, 16))).strftime('%H:%M')}, last {rng.choice(['13', '14']) if stream != 'food' else '10'}:{rng.randint(0, 59):02d} (plan {hexid(rng, 12)})")
        rounds.append({"code": code, "stream": stream, "fleet": fleet, "reg": reg, "n": n, "routed": routed,
                       "shift": (secs(start_local), secs(utc(f"2026-05-05 {s1}:00") - local))})
    x += 0.3
    plog(x, "INFO", pp, R, f"plan for 2026-05-05 published: {len(rounds)} rounds, {sum(r['routed'] for r in rounds)} jobs routed, {sum(r['n'] - r['routed'] for r in rounds)} unassigned")
    plan_end = x

    # --- the rounds: lifts, tips, the Castlegate closure --------------------------------------
    sus, res = secs(SUSPENDED), secs(RESUMED)
    tickets = [0]

    def ticket():
        """A placeholder; the weighbridges number their tickets in time order (below)."""
        tickets[0] += 1
        return f"@TK{tickets[0]:04d}@"

    spare_ref = "SPARE 2"

    def vref(vehicle):
        return spare_ref if vehicle == "RCV 228" else vehicle.replace(" ", "")

    def castle_wait(arrive):
        """Minutes at Castlegate's gate before a bay (4 of 8 bays; a backlog after tipping resumes)."""
        if arrive < sus:
            return rng.uniform(4, 10)
        if arrive < res + 5400:
            return rng.uniform(15, 40)
        return rng.uniform(3, 9)

    def hallam_wait(arrive):
        return min(110, rng.uniform(20, 35) + 0.6 * max(0, (arrive - secs(utc("2026-05-05 09:30:00"))) / 60))
    refused_list = []
    for r in rounds:
        stream = r["stream"]
        x = r["shift"][0] + rng.uniform(4, 14) * 60
        r["start"] = x
        load = 0.0
        lifts = []
        events = []       # cabtrak (x, event, msg)
        i = 0
        deadline = r["shift"][1] + rng.uniform(25, 45) * 60       # the supervisor closes rounds up to 45 minutes after the shift
        vehicle, reg = r["fleet"], r["reg"]
        tips = 0
        streets = rng.sample(OTHER_STREETS, 30)
        street_sizes = [r["n"] // 30] * 30
        street_sizes[-1] += r["n"] - sum(street_sizes)
        street_of = []
        for st, size in zip(streets, street_sizes):
            street_of += [st] * size
        broken = False
        heavy = HEAVY.get(r["code"], 1.0)       # how full the bins on this round are after the long weekend
        while i < r["n"]:
            if r["code"] == "MON-R03" and not broken and x > secs(BREAKDOWN):
                broken = True
                events.append((secs(BREAKDOWN), "DEFECT_REPORTED", "defect: hydraulic oil leak from nearside lifter ram, vehicle off road"))
                events.append((secs(BREAKDOWN) + 95, "VEHICLE_OFF_ROAD", f"vehicle off road at {street_of[i]}, {len(lifts)} lifted"))
                vehicle, reg = "RCV 228", "KY73 CXA"
                r["spare"] = (vehicle, reg)
                x = secs(SPARE_ON)
                events.append((x - 540, "DEVICE_LOGIN", "tablet login: driver K. Moss (spare vehicle)"))
                events.append((x, "ROUND_RESUMED", f"round resumed on RCV 228 at {street_of[i]}"))
            if x > deadline:
                break
            x += rng.expovariate(RATE[stream] / 60.0)
            if rng.random() < 0.025:
                i += 1
                continue
            kg = rng.lognormvariate(0, 0.35) * KG[stream] * heavy
            if load + kg > PAYLOAD[stream] * 0.97 and tips < 2:
                # drive to the tip
                tips += 1
                arrive = x + rng.uniform(14, 22) * 60
                site = TIPS[stream]
                if stream == "residual" and sus <= arrive:
                    if arrive < res:
                        # refused at the weighbridge; wait at the gate, then Hallam Road
                        refused_list.append((arrive, vehicle, reg, r["code"]))
                        events.append((arrive, "TIP_ARRIVED", "arrived at Castlegate ERF"))
                        wlog(arrive + 35, site, None, reg, vref(vehicle), "REFUSED", remark=REFUSED_REMARK)
                        wait = rng.uniform(12, 48) * 60 if arrive < secs(STATUS_POSTED) else rng.uniform(3, 10) * 60
                        leave = arrive + wait
                        if leave < res:
                            events.append((leave, "TIP_DEPARTED", "left Castlegate ERF: no ticket (refused at weighbridge)"))
                            at_hallam = leave + rng.uniform(24, 31) * 60
                            events.append((at_hallam, "TIP_ARRIVED", "arrived at Hallam Road WTS"))
                            done = at_hallam + (hallam_wait(at_hallam) + rng.uniform(5, 9)) * 60
                            g = int(load + 11800 + rng.uniform(-300, 300))
                            tk = ticket()
                            wlog(at_hallam + 30, "Hallam Road WTS", tk, reg, vref(vehicle), "IN", gross=g, tare=11800 + rng.randint(-80, 80))
                            wlog(done - 20, "Hallam Road WTS", tk, reg, vref(vehicle), "COMPLETE", gross=g, tare=11800 + rng.randint(-80, 80))
                            events.append((done, "TIP_DEPARTED", f"left Hallam Road WTS: ticket {tk}, net {load / 1000:.2f} t"))
                            x = done + rng.uniform(28, 36) * 60
                        else:
                            # still at the gate when tipping resumes
                            bay = res + rng.uniform(3, 25) * 60
                            done = bay + rng.uniform(6, 10) * 60
                            tk = ticket()
                            g = int(load + 11800)
                            wlog(bay, site, tk, reg, vref(vehicle), "IN", gross=g, tare=11800 + rng.randint(-80, 80))
                            wlog(done - 20, site, tk, reg, vref(vehicle), "COMPLETE", gross=g, tare=11800 + rng.randint(-80, 80))
                            events.append((done, "TIP_DEPARTED", f"left Castlegate ERF: ticket {tk}, net {load / 1000:.2f} t"))
                            x = done + rng.uniform(16, 22) * 60
                    else:
                        bay = arrive + castle_wait(arrive) * 60
                        done = bay + rng.uniform(6, 10) * 60
                        tk = ticket()
                        g = int(load + 11800)
                        events.append((arrive, "TIP_ARRIVED", "arrived at Castlegate ERF"))
                        wlog(bay, site, tk, reg, vref(vehicle), "IN", gross=g, tare=11800 + rng.randint(-80, 80))
                        wlog(done - 20, site, tk, reg, vref(vehicle), "COMPLETE", gross=g, tare=11800 + rng.randint(-80, 80))
                        events.append((done, "TIP_DEPARTED", f"left Castlegate ERF: ticket {tk}, net {load / 1000:.2f} t"))
                        x = done + rng.uniform(16, 22) * 60
                else:
                    done = arrive + (rng.uniform(11, 17) + (castle_wait(arrive) - 6 if stream == "residual" else 0)) * 60
                    tk = ticket()
                    tare = {"residual": 11800, "food": 4100, "garden": 11600}[stream]
                    g = int(load + tare)
                    events.append((arrive, "TIP_ARRIVED", f"arrived at {site}"))
                    wlog(arrive + 40, site, tk, reg, vref(vehicle), "IN", gross=g, tare=tare + rng.randint(-80, 80))
                    wlog(done - 20, site, tk, reg, vref(vehicle), "COMPLETE", gross=g, tare=tare + rng.randint(-80, 80))
                    events.append((done, "TIP_DEPARTED", f"left {site}: ticket {tk}, net {load / 1000:.2f} t"))
                    x = done + rng.uniform(16, 22) * 60
                load = 0.0
                if x > deadline:
                    break
            load += kg
            lifts.append((x, street_of[i], vehicle))
            i += 1
        r["lifts"] = lifts
        r["events"] = events
        r["remaining"] = r["n"] - i
        r["last"] = lifts[-1][0] if lifts else r["start"]
        r["street_of"] = street_of
        r["stopped_at"] = i
    stats["refused"] = refused_list

    # ticket numbers in the order the weighbridges issued them (other customers' tickets in between)
    first_seen = {}
    for x, body in sorted(wl_raw, key=lambda e: e[0]):
        if body["ticket"] and body["ticket"] not in first_seen:
            first_seen[body["ticket"]] = x
    number, numbers = 4471200, {}
    for key in sorted(first_seen, key=lambda k: first_seen[k]):
        number += rng.randint(2, 9)
        numbers[key] = number
    for x, body in wl_raw:
        if body["ticket"]:
            body["ticket"] = numbers[body["ticket"]]
        wl.add(at(x), json.dumps(body))
    for r in rounds:
        fixed = []
        for ex, ev, msg in r["events"]:
            for key in [k for k in numbers if k in msg]:
                msg = msg.replace(key, str(numbers[key]))
            fixed.append((ex, ev, msg))
        r["events"] = fixed

    # Cabtrak events for the rounds
    drivers = ["D. Walsh", "L. Brennan", "S. Ahmed", "T. Hughes", "R. Patel", "M. Doyle", "J. Carver", "P. Nowak", "A. Kerr", "G. Lyons",
               "C. Banks", "N. Iqbal", "B. Foster", "H. Grant", "V. Stone", "E. Marsh"]
    for k, r in enumerate(rounds):
        cablog(plan_end + rng.uniform(2, 30), r["fleet"], r["code"], "ROUTE_RECEIVED", f"route received from binroute: {r['routed']} stops for 2026-05-05")
        login = r["start"] - rng.uniform(12, 25) * 60
        cablog(login, r["fleet"], r["code"], "DEVICE_LOGIN", f"tablet login: driver {drivers[k]}")
        cablog(login + rng.uniform(20, 60), r["fleet"], r["code"], "ROUTE_DOWNLOADED", f"route downloaded: {r['routed']} stops, 30 streets")
        cablog(login + rng.uniform(300, 500), r["fleet"], r["code"], "VEHICLE_CHECK", "daily walkround check passed: 0 defects")
        cablog(r["start"], r["fleet"], r["code"], "ROUND_STARTED", f"round started, crew {1 if r['stream'] == 'food' else 3}")
        fleet = r["fleet"]
        for ex, ev, msg in sorted(r["events"]):
            if ev == "ROUND_RESUMED" or ev == "DEVICE_LOGIN":
                fleet = "RCV 228"
            cablog(ex, fleet if ev not in ("DEFECT_REPORTED", "VEHICLE_OFF_ROAD") else r["fleet"], r["code"], ev, msg)
        last = None
        for lx, st, veh in r["lifts"]:
            if last and st != last[1]:
                cablog(last[0] + rng.uniform(5, 40), last[2], r["code"], "STREET_COMPLETED", f"street completed: {last[1]}")
            last = (lx, st, veh)
        veh = r["lifts"][-1][2] if r["lifts"] else r["fleet"]
        if r["remaining"] > 0:
            end = r["last"] + rng.uniform(3, 8) * 60
            cablog(end, veh, r["code"], "ROUND_CLOSED_INCOMPLETE", f"round closed by supervisor: {r['routed']} stops, {len(r['lifts'])} lifted, {r['remaining']} not collected (reason: TIP DELAY)")
            r["closed"] = end
        else:
            end = r["last"] + rng.uniform(38, 55) * 60
            cablog(end, veh, r["code"], "ROUND_COMPLETED", f"round completed: {r['routed']} stops, {len(r['lifts'])} lifted, {r['routed'] - len(r['lifts'])} not presented")
            r["closed"] = None
        r["end"] = end
    crew_notes = []
    for arrive, vehicle, reg, code in refused_list[:6]:
        crew_notes.append((arrive + rng.uniform(4, 11) * 60, vehicle, code, rng.choice([
            "crew note: Castlegate not tipping, crane down they say. queue at the gate",
            "crew note: turned away at Castlegate weighbridge, told Hallam Rd",
            "crew note: full, waiting at Castlegate, nobody tipping",
            "crew note: Castlegate shut to RCVs, heading Hallam Road"])))
    for nx, vehicle, code, text in crew_notes:
        cablog(nx, vehicle, code, "CREW_NOTE", text)
    stats["first_refused"] = min(a for a, *_ in refused_list) + 35

    # --- lifts through the webhook; progress; weighbridge sync --------------------------------------------
    cab_ips = ["20.108.54.17", "20.108.54.23"]
    for r in rounds:
        lifts = r["lifts"]
        i = 0
        x = r["start"] + rng.uniform(40, 120)
        while i < len(lifts):
            batch = []
            while i < len(lifts) and lifts[i][0] <= x and len(batch) < 25:
                batch.append(lifts[i])
                i += 1
            if batch:
                unknown = sum(1 for _ in batch if rng.random() < 0.003)
                y = x + rng.uniform(0.5, 4)
                ing(y, rng.choice(cab_ips), "POST", "/webhooks/cabtrak/lifts", 202, 34, rng.uniform(0.018, 0.07), "Cabtrak-Webhooks/3.2")
                alog(y - 0.005, "info", "binroute.lifts.ingest", "lift batch accepted", vehicle=batch[-1][2], round=r["code"],
                     lifts=len(batch), matched=len(batch) - unknown, unknown_tags=unknown)
                x += rng.uniform(95, 150)
            else:
                x = max(x + 120, lifts[i][0] + rng.uniform(30, 110))

    def running(x):
        """The version the API pods run at x."""
        if x < secs(RELEASE) + 40 or secs(ROLLBACK) + 40 <= x < secs(RESYNC) + 40:
            return "4.2.3"
        return "4.3.0"

    # API pods start
    for when, version, sha in ((secs(RELEASE) + 31, "4.3.0", shas["rel_430"]), (secs(ROLLBACK) + 33, "4.2.3", shas["rel_423"]),
                               (secs(RESYNC) + 32, "4.3.0", shas["rel_430"])):
        for p in range(2):
            alog(when + p * 6.2, "info", "binroute.api", "binroute-api starting", version=version, git=sha[:7], pod=f"binroute-api-{hexid(rng, 9)[:9]}-{''.join(rng.choice(K8S) for _ in range(5))}")

    # round progress every ten minutes (LIFT-104's warning only in 4.3.0)
    behind_first = None
    x = secs(utc("2026-05-05 05:40:00"))
    while x < t1:
        for r in rounds:
            if x < r["start"] + 1200 or (r["end"] and x > r["end"]):
                continue
            lifted = sum(1 for lf in r["lifts"] if lf[0] <= x)
            rate = RATE[r["stream"]] * 0.975
            tip_min = 32 if r["stream"] == "residual" else 28
            plan_elapsed = (x - r["start"]) / 60
            planned_lifts = int(min(r["routed"], rate * plan_elapsed - (rate * tip_min if plan_elapsed > PAYLOAD[r["stream"]] / KG[r["stream"]] / rate else 0)))
            behind = planned_lifts - lifted
            if behind > 150 and running(x) == "4.3.0":
                veh = r["lifts"][-1][2] if r["lifts"] else r["fleet"]
                if r.get("spare") and x > secs(SPARE_ON) - 600:
                    veh = "RCV 228"
                alog(x + rng.uniform(0.01, 0.3), "warning", "binroute.lifts.progress", "round behind plan", round=r["code"], vehicle=veh,
                     planned=planned_lifts, lifted=lifted, behind=behind)
                if r["code"] != "MON-R03" and behind_first is None:
                    behind_first = x
        x += 600
    stats["behind_first"] = behind_first

    # weighbridge sync every ten minutes
    wl_entries = sorted(((secs(e[0]), json.loads(e[2])) for e in wl.entries), key=lambda e: (e[0], e[1]["reg"]))
    fleet_of_reg = {r["reg"]: r["fleet"] for r in rounds}
    fleet_of_reg["KY73 CXA"] = "RCV 228"
    x = t0 + 330
    prev = x - 600
    first_refused_logged = None
    while x < t1:
        window = [b for (tx, b) in wl_entries if prev < tx <= x]
        tk = [b for b in window if b["status"] == "COMPLETE"]
        refused = [b for b in window if b["status"] == "REFUSED"]
        unmatched = 0
        for b in refused:
            if running(x) == "4.2.3" and b["vehicle_ref"] == spare_ref:
                unmatched += 1
                continue
            alog(x + rng.uniform(0.5, 2.0), "warning", "binroute.tonnage.weighbridge", "vehicle refused at weighbridge", site=b["site"],
                 vehicle=fleet_of_reg[b["reg"]], registration=b["reg"], remark=b["remark"])
            if first_refused_logged is None:
                first_refused_logged = x
        if running(x) == "4.2.3":
            unmatched += sum(1 for b in tk if b["vehicle_ref"] == spare_ref)
        by_site = {}
        for b in tk:
            by_site[b["site"]] = by_site.get(b["site"], 0) + 1
        alog(x + rng.uniform(2.1, 3.5), "info", "binroute.tonnage.weighbridge", "weighbridge sync", tickets=len(tk) - (unmatched if running(x) == "4.2.3" else 0),
             refused=len(refused), unmatched=unmatched, sites=by_site)
        prev = x
        x += 600
    stats["first_refused_logged"] = first_refused_logged

    # --- missed collection reports ---------------------------------------------------------
    refs = [0]
    known = {}

    def report(x, kind, r=None, extra=None):
        refs[0] += 1
        ref = f"MC-0505-{refs[0]:04d}"
        stream = r["stream"] if r else rng.choice(["residual", "food", "garden"])
        phone = x > secs(utc("2026-05-05 07:30:00")) and x < secs(utc("2026-05-05 16:30:00")) and rng.random() < 0.3
        u = uprn(rng)
        street = extra if isinstance(extra, str) else rng.choice(OTHER_STREETS)
        if phone:
            created = at(x - rng.uniform(60, 240))
            desc = {"held": "Bin not collected yet, lorry normally here by now.", "known": "Black bin not collected, asks when.",
                    "lifted": "Resident says bin was not emptied.", "early": "Reporting missed bin from yesterday.",
                    "genuine": "Bin not collected, was out by 6am."}[kind]
            crm.add(created, json.dumps({"createdon": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticketnumber": f"CAS-{rng.randint(420000, 429999)}-{hexid(rng, 6).upper()}",
                                         "title": f"Missed collection - {stream}", "caseorigincode": "Phone", "kcc_service": "Waste - missed bin",
                                         "kcc_street": street, "kcc_uprn": u, "description": desc, "ownerid": "Contact Centre"}))
        ing(x, "10.20.4.31" if phone else public_ip(), "POST", "/api/v1/missed-collections", 201, rng.randint(300, 420), rng.uniform(0.05, 0.16),
            "Dynamics365-Connector/2.4" if phone else rng.choice(browsers))
        alog(x - 0.012, "info", "binroute.reports.missed", "missed collection reported", ref=ref, uprn=u, stream=stream, channel="crm" if phone else "web")
        if kind == "held":
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection held: the round has not reached the stop yet", ref=ref, round=r["code"],
                 planned=at(x - rng.uniform(10, 120) * 60 + 3600).strftime("%H:%M"))
        elif kind == "known":
            known[r["code"]] = known.get(r["code"], 0) + 1
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection logged against a known issue: the round closed incomplete", ref=ref, round=r["code"],
                 reason="TIP DELAY", catch_up="2026-05-06")
        elif kind == "lifted":
            lf = rng.choice([lf for lf in r["lifts"] if lf[0] < x - 600])
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection rejected: bin lifted", ref=ref, lifted_at=at(lf[0]).strftime("%Y-%m-%dT%H:%M:%SZ"), vehicle=lf[2])
        elif kind == "early":
            alog(x - 0.006, "info", "binroute.reports.missed", "missed collection rejected: not due yet (bank holiday slip)", ref=ref, collection_day="2026-05-05")
        else:
            alog(x - 0.006, "info", "binroute.reports.missed", "return visit booked: the round passed the stop and no lift was recorded", ref=ref, round=r["code"], visit_day="2026-05-06")

    residual = [r for r in rounds if r["stream"] == "residual"]
    pending = []
    for x in sorted(rng.uniform(t0, secs(utc("2026-05-05 08:00:00"))) for _ in range(16)):
        pending.append((x, "early", None, None))
    for x in sorted(rng.uniform(secs(utc("2026-05-05 07:30:00")), t1 - 120) for _ in range(40)):
        r = rng.choice(rounds)
        if r["lifts"] and r["lifts"][0][0] < x - 600:
            pending.append((x, "lifted", r, None))
    for r in residual:
        if r["remaining"] <= 0:
            continue
        # residents whose street the truck had not reached: held while the round is open, known issue after
        n_held = int(r["remaining"] * rng.uniform(0.02, 0.035))
        for x in sorted(rng.uniform(secs(utc("2026-05-05 11:30:00")), r["end"]) for _ in range(n_held)):
            pending.append((x, "held", r, r["street_of"][min(len(r["street_of"]) - 1, r["stopped_at"] + rng.randint(0, max(0, r["remaining"] - 1)))]))
        n_known = int(r["remaining"] * rng.uniform(0.06, 0.1))
        for x in sorted(r["end"] + rng.lognormvariate(4.0, 0.7) * 60 for _ in range(n_known)):
            if x < t1 - 60:
                pending.append((x, "known", r, r["street_of"][min(len(r["street_of"]) - 1, r["stopped_at"] + rng.randint(0, max(0, r["remaining"] - 1)))]))
    for _ in range(5):
        r = rng.choice([r for r in rounds if r["stream"] != "residual"])
        x = rng.uniform(r["end"], t1 - 100)
        if x < t1 - 100:
            pending.append((x, "genuine", r, None))
    for x, kind, r, extra in sorted(pending, key=lambda p: p[0]):
        report(x, kind, r, extra)
    stats["known"] = sum(known.values())
    stats["not_collected"] = sum(r["remaining"] for r in residual if r["remaining"] > 0)
    stats["incomplete"] = sum(1 for r in residual if r["remaining"] > 0)

    # bin day look-ups and the website's banner
    x = t0
    while x < t1:
        h = (x - secs(utc("2026-05-05 00:00:00"))) / 3600
        rate = 0.3 if h < 5 else (1.2 + min(h - 5, 2) * 1.4 if h < 13 else 3.8)
        x += rng.expovariate(rate / 60.0)
        if x >= t1:
            break
        u = uprn(rng)
        ing(x, public_ip(), "GET", f"/api/v1/bin-days?uprn={u}", 200, rng.randint(610, 900), rng.uniform(0.012, 0.09), rng.choice(browsers))
        if rng.random() < 0.15:
            alog(x - 0.003, "info", "binroute.api.bindays", "bin day lookup", uprn=u, next_collection=rng.choice(["2026-05-05", "2026-05-06", "2026-05-07"]),
                 slip="bank holiday")

    other_cases = [("Bin delivery - new property", "New build, no bins yet."), ("Assisted collection request", "Resident cannot take bin to kerb."),
                   ("Bulky waste booking", "Fridge freezer."), ("Damaged bin", "Wheel came off when lifted."),
                   ("Garden waste subscription", "Paid but no sticker received."), ("Street cleansing", "Litter after collection.")]
    for x in sorted(rng.uniform(secs(utc("2026-05-05 07:30:00")), secs(utc("2026-05-05 16:30:00"))) for _ in range(48)):
        title, desc = rng.choice(other_cases)
        crm.add(at(x), json.dumps({"createdon": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "ticketnumber": f"CAS-{rng.randint(420000, 429999)}-{hexid(rng, 6).upper()}",
                                   "title": title, "caseorigincode": rng.choice(["Phone", "Phone", "Web", "Email"]), "kcc_service": "Waste",
                                   "kcc_street": rng.choice(OTHER_STREETS), "kcc_uprn": uprn(rng), "description": desc, "ownerid": "Contact Centre"}))

    # --- Northway's site status feed -------------------------------------------------------
    def st(x, site, state, msg):
        t = at(x)
        status.add(t, json.dumps({"published": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "site": site, "status": state, "message": msg}))

    st(secs(utc("2026-05-05 05:02:00")), "Castlegate ERF", "OPEN_RESTRICTED",
       "Open today from 06:00 after the bank holiday. Bunker crane 1 on planned maintenance until Wednesday 6 May: 4 of 8 tipping bays in use, expect queues at peak.")
    st(secs(utc("2026-05-05 05:02:30")), "Hallam Road WTS", "OPEN", "Open today 06:00-17:00.")
    st(secs(STATUS_POSTED), "Castlegate ERF", "TIPPING_SUSPENDED",
       "Tipping suspended from 10:10. Both bunker cranes unavailable (crane 1 planned maintenance, crane 2 hoist fault at 09:52). Divert residual waste to Hallam Road WTS. Next update 11:00.")
    st(secs(STATUS_POSTED) + 240, "Hallam Road WTS", "OPEN_BUSY", "Accepting diverted residual waste from Castlegate ERF customers. Expect queues of 45-90 minutes.")
    st(secs(utc("2026-05-05 10:04:12")), "Castlegate ERF", "TIPPING_SUSPENDED",
       "Tipping remains suspended. Crane 2 hoist brake failed; replacement brake on its way from the manufacturer's Doncaster depot. Next update 12:00.")
    st(secs(utc("2026-05-05 11:58:40")), "Castlegate ERF", "TIPPING_SUSPENDED", "Tipping remains suspended. Crane 2 hoist brake being fitted; expect to resume tipping before 14:00.")
    st(secs(RESUMED) + 130, "Castlegate ERF", "OPEN_RESTRICTED", "Tipping resumed at 13:55 on crane 2. 4 of 8 bays; vehicles queuing at the gate will be taken in order.")
    st(secs(utc("2026-05-05 14:31:00")), "Hallam Road WTS", "OPEN", "Queues back to normal.")

    # --- Argo CD -----------------------------------------------------------------------------
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/binroute-prod {extra}'.rstrip())

    x = t0 + 17
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "waste", "time_ms": rng.randint(41, 170)})
        x += 180 + rng.uniform(0, 1)
    objs = ["apps/Deployment waste/binroute-api configured", "batch/CronJob waste/planner configured", "batch/CronJob waste/bins-sync configured"]
    for when, sha, hid, kind in ((secs(RELEASE), shas["rel_430"], 31, "auto"), (secs(ROLLBACK), shas["rel_423"], 32, "rollback"), (secs(RESYNC), shas["rel_430"], 33, "enable")):
        if kind == "rollback":
            argo_line(when - 2, f"Rollback to history ID 30 ({sha}); automated sync disabled", user="jess.townsend@kingsmere.gov.uk")
            argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "waste", "user": "jess.townsend@kingsmere.gov.uk"})
        elif kind == "enable":
            argo_line(when - 2, "automated sync enabled", user="jess.townsend@kingsmere.gov.uk")
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "waste"})
        else:
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "waste"})
        for j, obj in enumerate(objs):
            argo_line(when + 1.5 + j * 0.2, obj, revision=sha)
        argo_line(when + 44 + rng.uniform(0, 5), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 50 + rng.uniform(0, 5), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    # --- #waste-digital -------------------------------------------------------------------------
    def say(t, who, text):
        if isinstance(t, float):
            t = at(t)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "waste-digital",
                                 "from": who, "body": text}, ensure_ascii=False))

    n_ref = len(refused_list)
    first_ref = at(min(a for a, *_ in refused_list) + 35) + local
    say(secs(BREAKDOWN) + 420, "Gary Holt (Eastfield depot)", "RCV 216 off road on MON-R03, lifter ram leaking oil. sending 228 from the yard, 45 mins or so")
    say(secs(RELEASE) + 130, "Owen Pritchard", "4.3.0 synced: TIP-31 (weighbridge transactions matched on the registration, so hire and spare vehicles' tickets count), LIFT-104 (RoundBehindPlan when a round is 150 lifts behind), ROUTE-287 (tip visits from the payload model, from tonight's plan), uvicorn bump")
    say(secs(utc("2026-05-05 08:51:00")), "Alertmanager", "[FIRING:1] RoundBehindPlan MON-R03 (RCV 228): more than 150 lifts behind plan")
    say(secs(utc("2026-05-05 08:54:00")), "Gary Holt (Eastfield depot)", "R03 is the breakdown, 228 has just started. it'll catch up a bit")
    castle_tickets = sorted(x for x, body in wl_raw if body["site"] == "Castlegate ERF" and body["status"] == "COMPLETE")
    last_castle = max(x for x in castle_tickets if x < res)
    say(last_castle + 1800 + 40, "Alertmanager", "[FIRING:1] WeighbridgeTicketsMissing Castlegate ERF: no tickets for Kingsmere vehicles for 30 minutes")
    say(secs(ROLLBACK) - 250, "Jess Townsend", f"looking. no Castlegate tickets since {(at(last_castle) + local).strftime('%H:%M')}, and 4.3.0 went in at {(at(secs(RELEASE)) + local).strftime('%H:%M')} with TIP-31 changing how we match the weighbridge transactions to our vehicles. runbook: if it started after a release, roll back first. rolling back to 4.2.3")
    behind_rounds = sorted({json.loads(e[2])["round"] for e in api.entries if '"round behind plan"' in e[2] and json.loads(e[2])["round"] != "MON-R03" and secs(e[0]) < secs(ROLLBACK) + 40})
    if behind_rounds:
        say(behind_first + 75, "Alertmanager", f"[FIRING:{len(behind_rounds) + 1}] RoundBehindPlan {', '.join(['MON-R03'] + behind_rounds)}: more than 150 lifts behind plan")
    say(secs(ROLLBACK) + 70, "Jess Townsend", "rolled back to 4.2.3 (history 30), auto-sync off." + (f" RoundBehindPlan for {' and '.join(behind_rounds)} as well now; those warnings stop with 4.2.3, it doesn't have them." if behind_rounds else "") + " still no Castlegate tickets")
    refused_by = lambda t: sum(1 for a, *_ in refused_list if a + 35 < t)
    say(secs(utc("2026-05-05 10:11:00")), "Gary Holt (Eastfield depot)", f"it's not the computer. drivers say Castlegate stopped tipping about ten past ten, crane's down, they're turning everyone away at the weighbridge and sending us to Hallam Road. {refused_by(secs(utc('2026-05-05 10:11:00')))} full trucks turned away so far, sat at the gate or on the way to Hallam Rd")
    say(secs(utc("2026-05-05 10:15:00")), "Owen Pritchard", f"it's in the weighbridge sync too: 'vehicle refused at weighbridge' since {first_ref.strftime('%H:%M')}, remark '{REFUSED_REMARK}', {refused_by(secs(utc('2026-05-05 10:15:00')))} so far. Northway's site status says tipping suspended from 10:10, both bunker cranes unavailable (crane 1 maintenance, crane 2 hoist fault), posted {(at(secs(STATUS_POSTED)) + local).strftime('%H:%M')}. TIP-31 matched every refused one; the missing tickets are just no tipping")
    say(secs(utc("2026-05-05 10:19:00")), "Jess Townsend", "ok, so nothing of ours. putting 4.3.0 back")
    say(secs(RESYNC) + 60, "Jess Townsend", "auto-sync on, 4.3.0 again. RoundBehindPlan will fire for the residual rounds while their trucks are away; silenced until 16:00")
    say(secs(utc("2026-05-05 11:25:00")), "Gary Holt (Eastfield depot)", "Hallam Road queue is over an hour, Ravenshaw's trucks are there too. first ones back on their rounds now. we'll lose a good chunk of the black bins today")
    say(secs(utc("2026-05-05 12:10:00")), "Sandra Okafor (Waste Services)", "agreed with Northway: catch-up of today's unfinished residual rounds Wednesday and Saturday. Comms putting a banner on the website. Donna, script for the contact centre coming")
    say(secs(RESUMED) + 300, "Gary Holt (Eastfield depot)", "Castlegate tipping again from 13:55, new brake on crane 2. queue at the gate")
    say(secs(utc("2026-05-05 14:02:00")), "Donna Price (Contact Centre)", "banner's up. lots of calls about black bins, we're telling them leave it out, catch-up Wednesday or Saturday")
    closed_inc = [r for r in residual if r["remaining"] > 0]
    if closed_inc:
        last_close = max(r["end"] for r in closed_inc)
        say(last_close + 600, "Jess Townsend", f"all rounds closed. {stats['incomplete']} residual rounds incomplete, {stats['not_collected']} bins not collected, reports logged against the known issue ({stats['known']} so far). tonight's plan picks up the catch-up. nothing to change in binroute; 4.3.0 stays")
    return [planner, api, ingress, cab, wl, status, argo, teams, crm], stats


def build(out_dir):
    rng = random.Random(87200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_refused"]).replace(microsecond=0)
        assert SUSPENDED < onset < SUSPENDED + dt.timedelta(minutes=30), onset
        return write_scenario(
            out_dir, name="r87-erf-tipping-suspended-none", service=SERVICE, onset=onset,
            description=f"""
Kingsmere City Council's residual waste rounds fall hours behind on Tuesday
5 May 2026, the day after the Early May bank holiday: from {onset.strftime('%H:%M:%S')} UTC every
refuse truck that reaches Castlegate ERF's weighbridge to tip is refused
and sent to a transfer station, lifts stop while the full trucks are away,
RoundBehindPlan fires for most residual rounds and no Castlegate tickets
arrive. binroute 4.3.0 had been synced at 08:36 (a spare truck had replaced
a broken-down one on MON-R03 at 08:40); it was rolled back to 4.2.3 at 10:02
without effect and synced again at 10:26. Tipping resumed at 12:55;
{stats['incomplete']} residual rounds closed incomplete in the afternoon.
""",
            logs=logs,
            line_formats={
                "planner.log": r'<Date> <Time> <Level> <Pod> <Logger>: <Content>',
                "cabtrak-events.log": r'<Time>\|<Vehicle>\|<Round>\|<Event>\|<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'vehicle refused at weighbridge',
                r'Tipping suspended',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Castlegate ERF, the energy recovery facility that
takes Kingsmere's residual waste, had bunker crane 1 out for a planned
overhaul after the bank holiday; at 08:52 UTC the hoist brake of crane 2,
the only crane running, failed, and with no crane to feed and level the
bunker Northway suspended tipping at 09:10. From {onset.strftime('%H:%M:%S')} every Kingsmere
refuse truck at the weighbridge was refused (WeighLink "REFUSED", remark
"{REFUSED_REMARK}";
binroute's weighbridge sync logs "vehicle refused at weighbridge" with that
remark, {len(stats['refused'])} times), waited at the gate and drove to Hallam Road WTS,
where it queued with another council's trucks; its crew lifted nothing
meanwhile, so the rounds fell behind ("round behind plan") and no
Castlegate tickets came. Northway posted the suspension at 09:48. A new
brake let crane 2 resume at 12:55; {stats['incomplete']} residual rounds closed incomplete
({stats['not_collected']} bins), logged against the known issue for a catch-up. Food and garden
rounds, which tip elsewhere, finished as usual. Nothing in binroute was
changed.
Decoys: release 4.3.0, synced {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (TIP-31, which
changes how the very weighbridge sync matches transactions to vehicles;
LIFT-104, which adds the very "round behind plan" warning that fills the
log, first for MON-R03; ROUTE-287, tip visits from the payload model, in
the planner; a uvicorn bump), rolled back at 10:02 without effect (the
warnings stop, 4.2.3 has none) and synced again at 10:26; a runbook commit
that reads missing weighbridge tickets as the sync or a release and says to
roll back first; RCV 216's breakdown on MON-R03 at 07:38 and the spare
truck; the bank holiday slip and its early reports; Northway's morning
notice of reduced tipping bays (crane 1's planned overhaul).
""",
        )
    finally:
        repo.close()
