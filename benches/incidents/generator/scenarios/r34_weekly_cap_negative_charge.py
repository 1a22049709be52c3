"""ticketing-backend (Python) of Aldwick Metro, the city's bus and tram
operator: contactless tap-in/tap-out on the validators, the fare engine
that closes journeys, fare capping per service day and per week (Monday to
Sunday), the nightly settlement that sends each card's deferred charge for
the day to the acquirer (Payvia), debt recovery, the deny list the
validators sync every two minutes, and the journey-history API of the app.

On Thursday 19 November at 09:47 UTC Priya Raman commits TIX-655: caps are
apportioned per journey so that the app can show which journey was capped.
The new `apportion()` takes the week to date from the journey history's
full fares (`history.week_fares`) instead of what was charged, so for a
card whose full fares since Monday already exceed the weekly cap (25.00),
the first journey of the day gets WEEK_CAP - week_fares, a negative amount,
and the day's charge is negative. Nothing charges during the day: the fare
engine only prices journeys; the amounts are computed by the settlement
CronJob at 03:30 local (02:30 UTC). The release is deployed at 13:40 UTC
by the deploy-production workflow, whose lines name a later docs commit.

Friday 20 November 02:30 UTC: the settlement for Thursday sends about 3.6 %
of the cards (the heavy riders: full fares over 25.00 by Wednesday night)
with negative amounts; Payvia answers 422 errorCode 137 "Invalid amount
specified". Existing code treats every charge that is not approved as a
debt and puts the token on the deny list. The on-call (paged at 02:41)
sees a settlement config change rolled out at 01:58 (TIX-671: batch size
500 -> 250, acquirer timeout 10 s -> 20 s, merged from Toronto ahead of the
run) and reverts it at 02:56; the rerun of the rejected charges fails the
same way. From 03:45 UTC (first trams) the validators refuse those cards:
"CARD DENIED" for riders with money on their cards, through the morning
peak, until the day on-call sees negative amounts, pauses debt->deny for
acquirer validation errors, removes the tokens (05:26) and ships a revert
of TIX-655 (05:41); the rerun at 05:52 is approved.

Decoys: the TIX-671 config rollout 32 minutes before the onset (settlement,
reverted without effect); TIX-640, which logs the acquirer's errorCode and
message for rejected charges (the very failure line); an httpx bump; a
later harmless commit to capping.py; tests, docs and chores; every night's
ordinary declines (Not enough balance, Expired card), which also open debts
and add tokens to the deny list; 429 throttling; tap-outs without tap-in."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores, readme, runbook

SERVICE = "ticketing-backend"
START, END = utc("2026-11-19 11:20:00"), utc("2026-11-20 07:20:00")
DEPLOY = utc("2026-11-19 13:40:11")
CONFIG_DEPLOY = utc("2026-11-20 01:58:20")
SETTLE = utc("2026-11-20 02:30:00")
REVERT_CONFIG = utc("2026-11-20 02:56:05")
RERUN = utc("2026-11-20 03:04:40")
FIRST_TRAMS = utc("2026-11-20 03:45:00")
UNDENY = utc("2026-11-20 05:26:00")
FIX_DEPLOY = utc("2026-11-20 05:41:30")
RERUN2 = utc("2026-11-20 05:52:10")

CAPPING_PY = '''"""Fare capping: a card pays at most DAY_CAP per service day and WEEK_CAP
per week (Monday to Sunday, service days starting at 04:30 local)."""

from decimal import Decimal

DAY_CAP_MINOR = 700
WEEK_CAP_MINOR = 2500


def day_charge(fares_minor, week_charged_minor):
    """What a card pays for a service day: its fares, capped by the day cap
    and by what is left of the week cap after what was charged this week."""
    full = sum(fares_minor)
    capped = min(full, DAY_CAP_MINOR)
    left_in_week = max(0, WEEK_CAP_MINOR - week_charged_minor)
    return min(capped, left_in_week)
'''

CHARGES_PY = '''"""Builds the deferred charge of each card for a closed service day."""

from ticketing.fares import capping
from ticketing.journeys import history


def build_charge(card, service_day):
    journeys = history.closed_journeys(card, service_day)
    fares = [j.fare_minor for j in journeys]
    week = history.week_charged(card, service_day)
    amount = capping.day_charge(fares, week)
    return Charge(card=card, service_day=service_day, amount_minor=amount, journeys=journeys)
'''

ACQUIRER_PY = '''"""Payvia client for deferred (MIT) charges against the card's first-tap
authorisation."""

import httpx

from ticketing.settlement import debt


class Rejected(Exception):
    pass


def submit(client, charge, log):
    resp = client.post("/v68/payments", json=charge.payload(), timeout=SETTINGS.acquirer_timeout)
    if resp.status_code == 200 and resp.json()["resultCode"] == "Authorised":
        return resp.json()["pspReference"]
    if resp.status_code == 200:
        log.info("deferred charge declined card=%s refusal=%s", charge.card, resp.json().get("refusalReason"))
    else:
        log.warning("deferred charge rejected by acquirer card=%s status=%s", charge.card, resp.status_code)
    # Anything not approved is a debt: the token goes on the deny list until
    # debt recovery succeeds (scheme rules for transit, MTT).
    debt.open(charge, reason="charge_not_approved")
    return None
'''

VALUES_YAML = '''image:
  repository: registry.aldwick-metro.internal/ticketing-backend
  tag: latest

fareEngine:
  replicas: 4
gateway:
  replicas: 3
  denylistDeltaSeconds: 300
journeyApi:
  replicas: 3

settlement:
  schedule: "30 3 * * *"   # 03:30 Europe/Berlin: after the last night bus, before the first trams
  timeZone: Europe/Berlin
  batchSize: 500
  acquirerTimeoutSeconds: 10
  debtToDenylist: true
debtRecovery:
  schedule: "5 * * * *"
'''


def build_repo():
    hanne = Person("Hanne Vogel", "hanne.vogel@aldwick-metro.eu", 60)
    tomas = Person("Tomás Ribeiro", "tomas.ribeiro@aldwick-metro.eu", 0)
    priya = Person("Priya Raman", "priya.raman@aldwick-metro.eu", 330)
    owen = Person("Owen Carter", "owen.carter@aldwick-metro.eu", -300)
    lukas = Person("Lukas Brandt", "lukas.brandt@aldwick-metro.eu", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme(SERVICE, "Aldwick Metro's contactless ticketing backend: validator gateway, fare engine,\nsettlement and debt recovery, deny list, journey-history API.", "make dev\nmake test"),
        "docs/runbook.md": runbook(SERVICE, [
            ("SettlementRejectRate", "More than 2 % of a night's deferred charges not approved. Declines (refusal\nreasons) are normal at ~1 %; rejections (4xx from Payvia) are not."),
            ("DenylistGrowth", "Deny list deltas add more than 200 tokens in 10 minutes. Check settlement and\ndebt recovery before the first trams (04:45 local)."),
        ]),
        "pyproject.toml": '[project]\nname = "ticketing-backend"\nversion = "2026.11"\nrequires-python = ">=3.12"\ndependencies = [\n  "httpx==0.27.0",\n  "psycopg[binary]==3.2.3",\n  "fastapi==0.115.4",\n  "structlog==24.4.0",\n]\n',
        "ticketing/__init__.py": "",
        "ticketing/fares/__init__.py": "",
        "ticketing/fares/capping.py": CAPPING_PY,
        "ticketing/fares/table.py": '"""Fares in minor units (cents)."""\n\nSINGLE_MINOR = 210\nTRANSFER_WINDOW_MINUTES = 60\nMAX_FARE_MINOR = 420  # incomplete journeys (no tap-out)\n',
        "ticketing/settlement/__init__.py": "",
        "ticketing/settlement/charges.py": CHARGES_PY,
        "ticketing/settlement/acquirer.py": ACQUIRER_PY,
        "ticketing/settlement/worker.py": '"""settlement CronJob: one deferred charge per card for the closed service day,\nsent in batches to Payvia."""\n\n\ndef main():\n    run(batch_size=SETTINGS.batch_size)\n',
        "ticketing/settlement/debt.py": '"""Debts: a charge that was not approved. The token is denied until debt\nrecovery re-presents the charge successfully."""\n\n\ndef open(charge, reason):\n    store.insert_debt(charge, reason)\n    if SETTINGS.debt_to_denylist:\n        denylist.add(charge.card, reason="debt")\n',
        "ticketing/journeys/__init__.py": "",
        "ticketing/journeys/history.py": '"""Journey history, shared by settlement and the journey-history API."""\n\n\ndef closed_journeys(card, service_day):\n    return db.fetch_journeys(card, service_day)\n\n\ndef week_charged(card, service_day):\n    """What was charged to the card since the week\'s Monday, before service_day."""\n    return db.sum_charged(card, week_start(service_day), service_day)\n',
        "ticketing/gateway/denylist.py": '"""Deny list: full list nightly, deltas every denylistDeltaSeconds."""\n',
        "ticketing/api/journeys.py": '"""GET /v1/journeys: the app\'s journey history, by service day."""\n',
        "deploy/values-production.yaml": VALUES_YAML,
        ".github/workflows/deploy-production.yml": "name: deploy-production\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: [self-hosted, prod]\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t registry.aldwick-metro.internal/ticketing-backend:${GITHUB_SHA::8} .\n      - run: docker push registry.aldwick-metro.internal/ticketing-backend:${GITHUB_SHA::8}\n      - run: helm upgrade --install ticketing-backend deploy/chart -f deploy/values-production.yaml --set image.tag=${GITHUB_SHA::8} --wait --timeout 10m\n",
        "tests/test_capping.py": "from ticketing.fares.capping import day_charge\n\n\ndef test_day_cap():\n    assert day_charge([210] * 5, 0) == 700\n\n\ndef test_week_cap_left():\n    assert day_charge([210] * 5, 2100) == 400\n",
    }
    repo.commit(utc("2026-11-13 09:10:00"), hanne, "ticketing-backend: gateway, fare engine, settlement, deny list, journey API", files)
    repo.schedule(chores(random.Random(34101), SERVICE, [tomas, hanne, priya], utc("2026-11-13 10:00:00"), utc("2026-11-19 08:00:00"), 4))
    repo.commit(utc("2026-11-16 10:25:00"), tomas, "journey-api: page history by service day, not by calendar day", {
        "ticketing/api/journeys.py": repo.files["ticketing/api/journeys.py"] + "\n# Pages are service days (04:30 to 04:30 local), so a night bus after\n# midnight shows under the evening it started.\n",
    })
    repo.commit(utc("2026-11-17 13:05:00"), hanne, "gateway: publish deny list deltas every 2 min (was 5)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", "denylistDeltaSeconds: 300", "denylistDeltaSeconds: 120"),
        "ticketing/gateway/denylist.py": repo.files["ticketing/gateway/denylist.py"] + "\n# Validators poll every 2 min; a delta carries the version it applies to.\n",
    })
    repo.commit(utc("2026-11-18 10:20:00"), lukas, "settlement: log Payvia's errorCode and message for rejected charges (TIX-640)\n\nA rejected charge was logged with the HTTP status only; Payvia support\nasks for the errorCode, the message and the amount we sent.", {
        "ticketing/settlement/acquirer.py": repo.edit("ticketing/settlement/acquirer.py",
            '        log.warning("deferred charge rejected by acquirer card=%s status=%s", charge.card, resp.status_code)\n',
            '        body = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}\n'
            '        log.warning(\n'
            '            "deferred charge rejected by acquirer card=%s service_day=%s amount_minor=%s status=%s errorCode=%s message=%r",\n'
            '            charge.card, charge.service_day, charge.amount_minor, resp.status_code, body.get("errorCode"), body.get("message"),\n'
            '        )\n'),
    })
    repo.commit(utc("2026-11-19 07:05:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    culprit = repo.commit(utc("2026-11-19 09:47:00"), priya, "capping: apportion day and week caps per journey (TIX-655)\n\nThe app shows each journey's charged amount; until now only the day's\ntotal was capped, so the history showed full fares and a separate cap\nline. Each journey now gets what it actually costs after the day and\nweek caps, and the day's charge is the sum.", {
        "ticketing/fares/capping.py": CAPPING_PY + '''

def apportion(journeys, week_fares_minor):
    """Sets journey.charged_minor on each journey of a service day (in tap-in
    order) so that the day cap and the week cap land on the journey that
    reaches them. Returns the day's charge."""
    total = 0
    for journey in journeys:
        fare = journey.fare_minor
        if total + fare > DAY_CAP_MINOR:
            fare = DAY_CAP_MINOR - total
        if week_fares_minor + total + fare > WEEK_CAP_MINOR:
            fare = WEEK_CAP_MINOR - week_fares_minor - total
        journey.charged_minor = fare
        total += fare
    return total
''',
        "ticketing/settlement/charges.py": CHARGES_PY.replace(
            "    fares = [j.fare_minor for j in journeys]\n    week = history.week_charged(card, service_day)\n    amount = capping.day_charge(fares, week)\n",
            "    week = history.week_fares(card, service_day)\n    amount = capping.apportion(journeys, week)\n    history.store_charged(journeys)\n"),
        "ticketing/journeys/history.py": repo.files["ticketing/journeys/history.py"] + '\n\ndef week_fares(card, service_day):\n    """The fares of the card\'s journeys since the week\'s Monday, before service_day."""\n    return db.sum_fares(card, week_start(service_day), service_day)\n\n\ndef store_charged(journeys):\n    db.update_charged(journeys)\n',
        "tests/test_capping.py": repo.files["tests/test_capping.py"] + "\n\ndef test_apportion_day_cap():\n    js = [J(210) for _ in range(5)]\n    assert apportion(js, 0) == 700\n    assert [j.charged_minor for j in js] == [210, 210, 210, 70, 0]\n",
    })
    repo.commit(utc("2026-11-19 11:10:00"), tomas, "test: apportion when the week cap is reached mid-day", {
        "tests/test_capping.py": repo.files["tests/test_capping.py"] + "\n\ndef test_apportion_week_cap_mid_day():\n    js = [J(210) for _ in range(3)]\n    assert apportion(js, 2200) == 300\n",
    })
    repo.commit(utc("2026-11-19 12:55:00"), hanne, "capping: type hints, docstrings", {
        "ticketing/fares/capping.py": repo.files["ticketing/fares/capping.py"].replace("def day_charge(fares_minor, week_charged_minor):", "def day_charge(fares_minor: list[int], week_charged_minor: int) -> int:").replace("def apportion(journeys, week_fares_minor):", "def apportion(journeys: list, week_fares_minor: int) -> int:"),
    })
    head = repo.commit(utc("2026-11-19 13:22:00"), tomas, "docs: capping and the journey history in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Capping\n\nDay cap 7.00, week cap 25.00 (Monday to Sunday). Since TIX-655 each journey\ncarries its charged amount; the app shows it from the morning after.\n",
    })
    config = repo.commit(utc("2026-11-20 01:52:00"), owen, "settlement: batch size 250, acquirer timeout 20 s (TIX-671)\n\nLast night's run got 429s from Payvia from batch 40 on and three\ntimeouts at 10 s. Smaller batches and a longer timeout before tonight's\nrun.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", "  batchSize: 500\n  acquirerTimeoutSeconds: 10\n", "  batchSize: 250\n  acquirerTimeoutSeconds: 20\n"),
    })
    revert_config = repo.commit(utc("2026-11-20 02:53:00"), lukas, 'Revert "settlement: batch size 250, acquirer timeout 20 s (TIX-671)"\n\nThis reverts commit ' + config + ".\nSettlement rejecting charges since the rollout.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", "  batchSize: 250\n  acquirerTimeoutSeconds: 20\n", "  batchSize: 500\n  acquirerTimeoutSeconds: 10\n"),
    })
    fix = repo.commit(utc("2026-11-20 05:36:00"), hanne, 'Revert "capping: apportion day and week caps per journey (TIX-655)"\n\nThis reverts commit ' + culprit + ".\napportion() takes the week to date from full fares, not from what was\ncharged: cards over the week cap in full fares got negative charges,\nPayvia rejected them (137 Invalid amount specified) and debt recovery\ndenied the cards.", {
        "ticketing/fares/capping.py": CAPPING_PY.replace("def day_charge(fares_minor, week_charged_minor):", "def day_charge(fares_minor: list[int], week_charged_minor: int) -> int:"),
        "ticketing/settlement/charges.py": CHARGES_PY,
    })
    return repo, culprit, head, config, revert_config, fix


# ---------------------------------------------------------------------------
# logs


def pylog(t, level, pid, logger, run, msg):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level:<7} {pid} {logger} [{run}] {msg}"


def structlog_json(t, level, event, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z", "level": level, "event": event}
    body.update(fields)
    return json.dumps(body, separators=(", ", ": "), ensure_ascii=False)


def gha(t, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}"


def activity(t):
    """Relative tap activity by local (UTC+1) hour: 0 at night, 1 at the peaks."""
    h = (t + dt.timedelta(hours=1)).hour + (t.minute / 60)
    if 1.0 <= h < 4.75:
        return 0.0
    if 4.75 <= h < 6.0:
        return 0.15
    if 6.5 <= h < 9.0 or 16.0 <= h < 18.5:
        return 1.0
    if 0.0 <= h < 1.0 or h >= 22.0:
        return 0.12
    return 0.45


def token(rng):
    return "tk_" + hexid(rng, 20)


def build_logs(rng, culprit, head, config, revert_config, fix):
    settle, gw, fe, api, deploy, chat = (Log("settlement.log"), Log("validator-gateway.log"), Log("fare-engine.log"),
                                         Log("journey-api-access.log"), Log("deploy-production.log"), Log("chat.log"))
    rejected, declined, approved = [], [], []
    denied_tokens = []
    deny_adds = []  # (time, n)
    deny_removes = []

    # --- deploys (GitHub Actions, self-hosted runner, helm)
    for when, sha, actor, run_id in ((DEPLOY, head, "hanne-vogel", 11904417233), (CONFIG_DEPLOY, config, "owen-carter", 11911028410),
                                     (REVERT_CONFIG, revert_config, "lukas-brandt", 11911390077), (FIX_DEPLOY, fix, "hanne-vogel", 11912675501)):
        lines = [
            (0.0, f"Requested labels: self-hosted, prod"),
            (0.4, f"Job defined at: aldwick-metro/ticketing-backend/.github/workflows/deploy-production.yml@refs/heads/main"),
            (0.5, f"Triggered by workflow_dispatch (actor: {actor}), run {run_id}"),
            (2.1, "##[group]Run actions/checkout@v4"),
            (3.8, f"HEAD is now at {sha[:7]}"),
            (3.9, f"Checked out main at {sha}"),
            (4.0, "##[endgroup]"),
            (4.2, f"##[group]Run docker build -t registry.aldwick-metro.internal/ticketing-backend:{sha[:8]} ."),
            (61.7, f"Successfully tagged registry.aldwick-metro.internal/ticketing-backend:{sha[:8]}"),
            (75.3, f"{sha[:8]}: digest: sha256:{hexid(rng, 64)} size: 2417"),
            (75.4, "##[endgroup]"),
            (75.6, f"##[group]Run helm upgrade --install ticketing-backend deploy/chart -f deploy/values-production.yaml --set image.tag={sha[:8]} --wait --timeout 10m"),
            (161.2, f'Release "ticketing-backend" has been upgraded. Happy Helming!'),
            (161.3, "NAME: ticketing-backend"),
            (161.4, f"LAST DEPLOYED: {(when + dt.timedelta(seconds=76)).strftime('%a %b %d %H:%M:%S %Y')}"),
            (161.5, "NAMESPACE: ticketing"),
            (161.6, "STATUS: deployed"),
            (161.7, f"REVISION: {212 + [DEPLOY, CONFIG_DEPLOY, REVERT_CONFIG, FIX_DEPLOY].index(when)}"),
            (161.8, "##[endgroup]"),
            (162.4, "Cleaning up orphan processes"),
        ]
        for s, text in lines:
            deploy.add(when + dt.timedelta(seconds=s), gha(when + dt.timedelta(seconds=s), text))
        for k in range(4):
            st = when + dt.timedelta(seconds=95 + k * 14 + rng.uniform(0, 4))
            fe.add(st, structlog_json(st, "info", "fare engine starting", version=sha[:8], fare_table="2026-09", pod=f"fare-engine-{hexid(rng, 9)}-{hexid(rng, 5)}"))
        for k in range(3):
            st = when + dt.timedelta(seconds=98 + k * 16 + rng.uniform(0, 4))
            gw.add(st, logfmt(st, "info", "validator gateway starting", version=sha[:8], pod=f"gateway-{hexid(rng, 9)}-{hexid(rng, 5)}", denylist_delta_s=120))

    # --- settlement runs
    run_no = [0]

    def settlement_run(start, cards, retry_only, buggy, batch_size, timeout_s):
        run_no[0] += 1
        run = f"run-{start.strftime('%Y%m%d')}-{run_no[0]}"
        pid = rng.randint(7, 40)
        version = {SETTLE: config, RERUN: revert_config, RERUN2: fix}[start]
        t = start + dt.timedelta(seconds=rng.uniform(1.5, 3))
        settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.worker", run, f"settlement worker starting version={version[:8]} service_day=2026-11-19 mode={'retry-rejected' if retry_only else 'full'} batch_size={batch_size} acquirer_timeout={timeout_s}s"))
        t += dt.timedelta(seconds=0.4)
        settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.worker", run, f"{len(cards)} cards with closed journeys for service day 2026-11-19"))
        nb = (len(cards) + batch_size - 1) // batch_size
        counts = {"approved": 0, "declined": 0, "rejected": 0}
        total_minor = 0
        for b in range(nb):
            batch = cards[b * batch_size:(b + 1) * batch_size]
            if not retry_only and rng.random() < 0.03:
                t += dt.timedelta(seconds=rng.uniform(0.2, 1))
                settle.add(t, pylog(t, "WARNING", pid, "ticketing.settlement.acquirer", run, f"acquirer throttled (429), retrying batch {b + 1} in 2s"))
                t += dt.timedelta(seconds=2)
            bstart = t
            a = d = r = 0
            for card, amount, wk in batch:
                t += dt.timedelta(milliseconds=rng.uniform(15, 45))
                if buggy and amount < 0:
                    r += 1
                    rejected.append(t)
                    settle.add(t, pylog(t, "WARNING", pid, "ticketing.settlement.acquirer", run,
                                        f"deferred charge rejected by acquirer card={card} service_day=2026-11-19 amount_minor={amount} status=422 errorCode=137 message='Invalid amount specified'"))
                    settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.debt", run, f"debt opened card={card} amount_minor={amount} reason=charge_not_approved; token queued for deny list"))
                    denied_tokens.append(card)
                    deny_adds.append(t)
                elif not retry_only and rng.random() < 0.011:
                    d += 1
                    declined.append(t)
                    refusal = rng.choice(["Not enough balance", "Not enough balance", "Not enough balance", "Expired Card", "Refused", "Withdrawal count exceeded", "Blocked Card"])
                    settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.acquirer", run, f"deferred charge declined card={card} refusal={refusal}"))
                    settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.debt", run, f"debt opened card={card} amount_minor={amount if amount > 0 else 210} reason=charge_not_approved; token queued for deny list"))
                    deny_adds.append(t)
                else:
                    a += 1
                    approved.append(t)
                    total_minor += amount if amount > 0 else 0
            counts["approved"] += a
            counts["declined"] += d
            counts["rejected"] += r
            t += dt.timedelta(seconds=rng.uniform(0.3, 1.2))
            settle.add(t, pylog(t, "INFO", pid, "ticketing.settlement.worker", run, f"batch {b + 1}/{nb}: {len(batch)} charges submitted, {a} approved, {d} declined, {r} rejected, took {(t - bstart).total_seconds():.1f}s"))
        t += dt.timedelta(seconds=1.1)
        level = "WARNING" if counts["rejected"] else "INFO"
        settle.add(t, pylog(t, level, pid, "ticketing.settlement.worker", run,
                            f"settlement finished service_day=2026-11-19 cards={len(cards)} approved={counts['approved']} declined={counts['declined']} rejected={counts['rejected']} amount_minor_total={total_minor} in {(t - start).total_seconds():.0f}s"))
        return t

    cards = []
    for _ in range(9000):
        wk = rng.choice([0, 210, 420, 630, 840, 1260, 1470, 1890, 2100]) if rng.random() < 0.968 else rng.randint(2520, 4620)
        n = rng.choice([1, 2, 2, 2, 2, 3, 4]) if wk < 2520 else rng.choice([3, 4, 5, 6])
        fares = [210] * n
        if wk >= 2520:
            amount = 0
            total = 0
            for f in fares:
                if total + f > 700:
                    f = 700 - total
                if wk + total + f > 2500:
                    f = 2500 - wk - total
                total += f
            amount = total
        else:
            amount = min(sum(fares), 700, max(0, 2500 - wk))
        cards.append((token(rng), amount, wk))
    end1 = settlement_run(SETTLE, cards, False, True, 250, 20)
    bad = [c for c in cards if c[1] < 0]
    settlement_run(RERUN, bad, True, True, 500, 10)
    fixed = [(c, rng.choice([210, 280, 400, 490]), wk) for c, _, wk in bad]
    settlement_run(RERUN2, fixed, True, False, 500, 10)

    # debt recovery, hourly at :05 local (re-presents older debts)
    t = START.replace(minute=5, second=0) + dt.timedelta(hours=1)
    while t < END:
        if SETTLE <= t < SETTLE + dt.timedelta(minutes=40):
            t += dt.timedelta(hours=1)
            continue
        pid = rng.randint(7, 40)
        run = f"debt-{t.strftime('%Y%m%d%H')}"
        tried = rng.randint(20, 60)
        rec = rng.randint(3, tried // 2)
        st = t + dt.timedelta(seconds=2)
        settle.add(st, pylog(st, "INFO", pid, "ticketing.settlement.recovery", run, f"debt recovery: {tried} debts re-presented, {rec} recovered, {tried - rec} still declined"))
        if rec:
            deny_removes.append((st, rec))
        if rng.random() < 0.3:
            e = st + dt.timedelta(seconds=1)
            settle.add(e, pylog(e, "ERROR", pid, "ticketing.settlement.recovery", run, f"debt {rng.randint(880000, 899999)}: card token {token(rng)} unknown to acquirer (token deleted by issuer), closing as unrecoverable"))
        t += dt.timedelta(hours=1)

    # --- gateway: deny list deltas every 2 min, tap batches per minute, denied taps
    pending_adds = sorted(deny_adds)
    version = 48211
    entries = 14880
    t = START.replace(second=0) + dt.timedelta(minutes=1)
    idx = 0
    last = START
    while t < END:
        add = 0
        while idx < len(pending_adds) and pending_adds[idx] <= t:
            add += 1
            idx += 1
        add += rng.choice([0, 0, 0, 1, 1, 2]) if activity(t) > 0 else 0
        rem = sum(n for w, n in deny_removes if last < w <= t)
        if last < UNDENY <= t:
            rem += len(denied_tokens)
        rem += rng.choice([0, 0, 1])
        version += 1
        entries += add - rem
        gw.add(t, logfmt(t, "info", "deny list delta published", version=version, added=add, removed=rem, entries=entries, bytes=48 + 24 * (add + rem)))
        last = t
        t += dt.timedelta(seconds=120)

    denied_set = denied_tokens
    t = START.replace(second=0)
    while t < END:
        act = activity(t)
        online = int(80 + 820 * min(1, act * 1.6)) if act > 0 else rng.randint(6, 14)
        gw.add(t + dt.timedelta(seconds=30), logfmt(t + dt.timedelta(seconds=30), "info", "validator sync", online=online, at_latest_denylist=online - rng.randint(0, 9), behind=rng.randint(0, 9)))
        if act > 0:
            taps = int(rng.gauss(1900 * act, 60 * act + 5))
            denied = 0
            if FIRST_TRAMS <= t < UNDENY + dt.timedelta(minutes=3):
                for w in poisson_times(rng, t, t + dt.timedelta(minutes=1), 6.5 * act):
                    denied += 1
                    gw.add(w, logfmt(w, "info", "tap denied at validator", token=rng.choice(denied_set), validator=f"{rng.choice(['TRM', 'BUS'])}-{rng.randint(1000, 2999)}", line=rng.choice(["T1", "T2", "T3", "T4", "12", "24", "31", "N5"]), list_reason="debt"))
            for w in poisson_times(rng, t, t + dt.timedelta(minutes=1), 0.25 * act):
                denied += 1
                gw.add(w, logfmt(w, "info", "tap denied at validator", token=token(rng), validator=f"{rng.choice(['TRM', 'BUS'])}-{rng.randint(1000, 2999)}", line=rng.choice(["T1", "T2", "T3", "12", "24"]), list_reason=rng.choice(["debt", "debt", "lost_stolen", "issuer_block"])))
            gw.add(t + dt.timedelta(seconds=58), logfmt(t + dt.timedelta(seconds=58), "info", "tap batches received", window_s=60, validators=online, taps=taps, denied_at_validator=denied))
        t += dt.timedelta(minutes=1)
    for w in poisson_times(rng, START, END, 0.04):
        if activity(w) > 0:
            gw.add(w, logfmt(w, "warn", "validator clock drift", validator=f"BUS-{rng.randint(1000, 2999)}", drift_s=rng.choice([-41, -12, 17, 33, 65, 94])))
    for w in poisson_times(rng, START, END, 0.01):
        gw.add(w, logfmt(w, "error", "tap batch rejected: bad signature", validator=f"TRM-{rng.randint(1000, 2999)}", batch=hexid(rng, 12), key_id="val-2026-q4"))
    for w in poisson_times(rng, START, END, 0.02):
        if activity(w) > 0:
            gw.add(w, logfmt(w, "warn", "validator offline", validator=f"BUS-{rng.randint(1000, 2999)}", last_seen_s=rng.randint(300, 1800), apn="aldwick.m2m"))

    # --- fare engine: per-minute journey summaries and routine warnings
    t = START.replace(second=0) + dt.timedelta(seconds=5)
    while t < END:
        act = activity(t)
        if act > 0:
            closed = int(rng.gauss(820 * act, 30 * act + 3))
            fe.add(t, structlog_json(t, "info", "journeys closed", window_s=60, closed=closed, capped_day=int(closed * rng.uniform(0.04, 0.07)),
                                     capped_week=int(closed * rng.uniform(0.01, 0.03)) if t.weekday() >= 3 else int(closed * 0.004), incomplete=int(closed * rng.uniform(0.01, 0.02))))
            for w in poisson_times(rng, t, t + dt.timedelta(minutes=1), 0.6 * act):
                fe.add(w, structlog_json(w, "warning", "tap-out without matching tap-in, charging single fare", token=token(rng), validator=f"TRM-{rng.randint(1000, 2999)}", fare_minor=210))
        else:
            fe.add(t, structlog_json(t, "info", "journeys closed", window_s=60, closed=0, capped_day=0, capped_week=0, incomplete=0))
        t += dt.timedelta(minutes=1)
    # end of service day: incomplete journeys charged max fare
    eod = utc("2026-11-20 00:30:00")
    fe.add(eod, structlog_json(eod, "info", "service day closing", service_day="2026-11-19", open_journeys=rng.randint(900, 1300)))
    fe.add(eod + dt.timedelta(seconds=41), structlog_json(eod + dt.timedelta(seconds=41), "warning", "incomplete journeys charged maximum fare", service_day="2026-11-19", count=rng.randint(880, 1200), fare_minor=420))
    for w in poisson_times(rng, START, END, 0.01):
        fe.add(w, structlog_json(w, "error", "validator tap with future timestamp, clamped", validator=f"BUS-{rng.randint(1000, 2999)}", skew_s=rng.randint(300, 4000)))

    # --- journey API access (sampled 1:20 at the ingress)
    for w in poisson_times(rng, START, END, 3.0):
        act = activity(w)
        if rng.random() > max(0.1, act):
            continue
        k = rng.random()
        if k < 0.7:
            path, status = f"/v1/journeys?service_day=2026-11-{rng.choice(['18', '19', '20'])}", 200
        elif k < 0.85:
            path, status = "/v1/cards/me/caps", 200
        elif k < 0.95:
            path, status = f"/v1/journeys/{hexid(rng, 12)}", rng.choice([200, 200, 404])
        else:
            path, status = "/v1/cards", rng.choice([200, 401])
        rt = rng.lognormvariate(0, 0.4) * 0.045
        api.add(w, nginx_access(w, f"10.60.{rng.randint(0, 7)}.{rng.randint(2, 250)}", "GET", path, status, rng.randint(300, 9000) if status == 200 else 120, rt, "AldwickMetro/5.14.2 (iOS 18.1)" if rng.random() < 0.55 else "AldwickMetro/5.14.1 (Android 15)", upstream_rt=rt - 0.001))
    for w in poisson_times(rng, FIRST_TRAMS + dt.timedelta(minutes=40), UNDENY, 1.2):
        rt = rng.lognormvariate(0, 0.4) * 0.05
        api.add(w, nginx_access(w, f"10.60.{rng.randint(0, 7)}.{rng.randint(2, 250)}", "GET", "/v1/cards/me/status", 200, 412, rt, "AldwickMetro/5.14.2 (iOS 18.1)", upstream_rt=rt - 0.001))

    # --- chat (#ticketing-oncall)
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')}Z] #ticketing-oncall <{who}> {text}")

    first_bad = min(rejected)
    say("2026-11-19 13:38:50", "Hanne Vogel", f"deploying main ({head[:8]}): TIX-655 per-journey caps, httpx bump, runbook")
    say("2026-11-19 13:45:02", "Hanne Vogel", "2026.11.19 out, fare engine and gateway healthy")
    say("2026-11-20 01:50:40", "Owen Carter", "merging TIX-671 (settlement batch 250, Payvia timeout 20s) so tonight's run doesn't hit the 429s again, deploying now")
    say("2026-11-20 02:01:55", "Owen Carter", "deployed, cron picks it up at 03:30 Berlin. logging off")
    say("2026-11-20 02:41:10", "alertmanager", "[FIRING:1] SettlementRejectRate (service_day=2026-11-19 rejected=3.6%)")
    say("2026-11-20 02:44:30", "Lukas Brandt", "ack. Payvia answering 422 errorCode 137 'Invalid amount specified' on a few % of charges since the run started at 02:30. only change tonight is TIX-671 (batch size/timeout), 32 min before. reverting it")
    say("2026-11-20 02:59:40", "Lukas Brandt", "TIX-671 reverted, rerunning the rejected charges with --retry-rejected")
    say("2026-11-20 03:09:15", "Lukas Brandt", "rerun rejects the very same cards, same 137. opened a P2 with Payvia (did they change amount validation?). cards are in debt -> deny list, debt recovery will retry hourly. handing over at 06:00")
    say("2026-11-20 03:40:20", "Lukas Brandt", "Payvia: no changes on their side, 137 is a field validation error on our request")
    say("2026-11-20 04:57:33", "Marta Sowa (customer service)", "lots of calls since 5am: riders refused at validators on T2 and buses 12/24, 'CARD DENIED', they say their cards work everywhere else")
    say("2026-11-20 05:04:10", "Hanne Vogel", f"on it. deny list got {len(denied_tokens)} tokens reason=debt from the 02:30 settlement, all the rejected ones")
    say("2026-11-20 05:15:48", "Hanne Vogel", "the rejected charges have negative amounts (amount_minor=-420, -1260...). all cards whose full fares this week are over the week cap. TIX-655's apportion() takes week_fares, not what was charged")
    say("2026-11-20 05:22:05", "Hanne Vogel", "pausing debt->deny for acquirer validation errors and removing the tokens from the deny list (next delta)")
    say("2026-11-20 05:27:30", "Hanne Vogel", "delta published, validators picking it up. reverting TIX-655")
    say("2026-11-20 05:45:12", "Hanne Vogel", f"revert {fix[:8]} deployed. rerunning rejected charges")
    say("2026-11-20 05:55:40", "Hanne Vogel", "rerun approved, no rejections. postmortem tomorrow; app history for those cards shows negative amounts until the backfill")
    return [settle, gw, fe, api, deploy, chat], first_bad, rejected, declined, approved


def build(out_dir):
    rng = random.Random(34100)
    repo, culprit, head, config, revert_config, fix = build_repo()
    try:
        logs, first_bad, rejected, declined, approved = build_logs(rng, culprit, head, config, revert_config, fix)
        onset = first_bad.replace(microsecond=0)
        assert dt.timedelta(minutes=20) <= onset - CONFIG_DEPLOY <= dt.timedelta(minutes=40), onset - CONFIG_DEPLOY

        def per_min(series):
            series = sorted(series)
            import bisect
            return lambda t: bisect.bisect_right(series, t) - bisect.bisect_right(series, t - dt.timedelta(minutes=1))
        metrics = {"settlement_charges.json": query_range([
            ({"job": "settlement", "result": "approved"}, per_min(approved)),
            ({"job": "settlement", "result": "declined"}, per_min(declined)),
            ({"job": "settlement", "result": "rejected"}, per_min(rejected)),
        ], utc("2026-11-20 02:00:00"), utc("2026-11-20 06:30:00"), 60)}
        return write_scenario(
            out_dir, name="r34-weekly-cap-negative-charge", service=SERVICE, onset=onset,
            description=f"""
Aldwick Metro riders are refused at bus and tram validators ("CARD DENIED")
on Friday 20 November from the first trams (03:45 UTC) through the morning
peak. The first symptom is at {onset.strftime('%H:%M:%S')} UTC: the nightly settlement of
Thursday's deferred charges gets 422 from the acquirer (Payvia) for about
3.6 % of the cards, and every charge not approved opens a debt that puts the
card on the deny list the validators sync. A settlement config change
(TIX-671) had been rolled out at 01:58; the on-call reverted it at 02:56
without effect. The day on-call removed the tokens from the deny list at
05:26 and deployed a revert at 05:41.

Sources: settlement CronJob (Python logging, line format), validator
gateway (logfmt), fare engine (structlog JSON), journey API ingress access
(nginx), the deploy-production workflow (GitHub Actions with helm), and
#ticketing-oncall (chat export).
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"settlement.log": r"<Date> <Time> <Level>\s+<Pid> <Logger> \[<Run>\] <Content>"},
            root_cause=[
                r"deferred charge rejected by acquirer .*Invalid amount specified",
                r"Invalid amount specified",
            ],
            fix_files=["ticketing/fares/capping.py", "ticketing/settlement/charges.py"],
            explanation=f"""
The culprit is TIX-655, "capping: apportion day and week caps per journey"
({culprit[:10]}, Thursday 09:47 UTC, {round((onset - utc('2026-11-19 09:47:00')).total_seconds() / 3600, 1)} h before the onset). The new
apportion() is given history.week_fares() - the week's full fares - where
day_charge() was given what had been charged. For a card whose full fares
since Monday exceed the week cap (2500), the first journey of the day gets
WEEK_CAP - week_fares - 0, a negative amount, and the day's charge is
negative. Nothing uses it until the settlement CronJob at 02:30 UTC, when
Payvia answers 422 errorCode 137 "Invalid amount specified" for those
cards (amount_minor is negative in every rejected line); the existing debt
code opens a debt for every charge not approved and adds the token to the
deny list, so from the first trams the validators refuse those riders.
The revert of TIX-655 (and of the call site in charges.py) fixes it.
Decoys: TIX-671 (batch size 250, Payvia timeout 20 s), rolled out at 01:58,
{round((onset - CONFIG_DEPLOY).total_seconds() / 60)} minutes before the onset, and reverted at 02:56 without effect (the
rerun rejects the same cards); TIX-640 (Wednesday), which added the
errorCode and message to the rejected-charge line; the httpx bump; the
deploy at 13:40, which names a later docs commit; a type-hints commit to
capping.py; the test commit; chores; every night's declines (Not enough
balance, Expired Card...) that also open debts and deny tokens; 429
throttling; tap-outs without tap-in; incomplete journeys at max fare;
validator clock drift and bad signatures.
""",
        )
    finally:
        repo.close()
