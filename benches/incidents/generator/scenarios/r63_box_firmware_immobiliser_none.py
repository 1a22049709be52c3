"""trip-engine (Python 3.12, FastAPI and SQLAlchemy; three pods on EKS,
synced by Argo CD from `main`; team in Vienna and Porto) of Karvo, a
free-floating car-sharing operator in Vienna. It runs a rental from start
to bill: at the start it has the car's Telvanta CB-4 box unlock the doors
and enable the start (the box releases the immobiliser over the car's CAN
bus), watches for ignition, prices the trip by the minute at the end and
takes the damage reports (with photos) customers file before and after a
trip.

Friday 5 June 2026. The box vendor Telvanta runs its over-the-air
campaign CB4-4.12.0-EU-W2 on its own schedule (the contract leaves box
firmware to the vendor): from 08:30 UTC batches of 100 parked boxes
install 4.12.0 ("CAN stack update, lower sleep current") and reboot. On
the Renault Zoe (CAN gateway 0x6A2) 4.12.0 gets no answer to the start
enable request: the doors open, the dashboard says "key not detected" and
the car does not start. From the first rental of an updated Zoe (about 08:55)
every Zoe rental on 4.12.0 fails: trip-engine logs "start enable failed
... error=CAN_NO_RESPONSE", then "no ignition 6 min after start",
customers end the rental after a few minutes (billed, then credited),
file damage reports with photos of the dashboard and call customer care.
Polos, Ibizas, ID.3s and 500es on 4.12.0 are fine.

At 08:24 trip-engine 2.31.0 had gone out: RENT-521 sends unlock and
enable as one `unlock_and_enable` command to boxes on 4.10 or newer (the
very start sequence), RENT-519 adds the very "start enable failed"
warning, RENT-517 rounds parking minutes, a pydantic bump; a runbook
commit says cars that open but do not start have a flat 12 V battery or
a customer who does not press the brake. The on-call rolls back to
2.30.2 at 09:58 (two commands again); the failures go on. The fleet team
sees that every failing car is a Zoe on 4.12.0 and that the bridge logs
"firmware update applied" for each just before; Telvanta pauses the
campaign at 10:41 and pushes 4.11.3 back to the updated Zoes from 10:55;
the last is back by 11:38. 2.31.0 is synced again at 11:52. Nothing in
trip-engine caused it.

Sources: trip-engine (Python logging with the pod, line format),
telematics-bridge (Go, logfmt), Telvanta's fleet portal notifications
(JSON), ingress-nginx access, Argo CD (logrus text), #fleet-ops-wien
(Slack export, JSON lines), customer care tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores

SERVICE = "trip-engine"
START, END = utc("2026-06-05 07:35:00"), utc("2026-06-05 12:10:00")
RELEASE = utc("2026-06-05 08:24:30")
CAMPAIGN = utc("2026-06-05 08:30:00")
ROLLBACK = utc("2026-06-05 09:58:10")
PAUSE = utc("2026-06-05 10:41:00")
DOWNGRADE = utc("2026-06-05 10:55:00")
RESYNC = utc("2026-06-05 11:52:20")
FLEET = 1400
MODELS = ["VW Polo", "Seat Ibiza", "Renault Zoe", "Fiat 500e", "VW ID.3", "Skoda Fabia"]

PYPROJECT = """[project]
name = "trip-engine"
version = "2.30.2"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.111.1",
  "uvicorn==0.30.3",
  "sqlalchemy==2.0.31",
  "psycopg[binary]==3.2.1",
  "httpx==0.27.0",
  "pydantic==2.8.0",
  "boto3==1.34.144",
]
"""

START_PY = '''"""Rental start: unlock the doors, enable the start (the box releases the
immobiliser over CAN), then wait for ignition."""

import logging

from trips import bridge

log = logging.getLogger("trips.start")

NO_IGNITION_WARN_S = 360


async def start_rental(rental, vehicle):
    unlock = await bridge.command(vehicle.box_id, "unlock", rental_id=rental.id)
    if unlock.result != "ok":
        log.warning("rental start failed: unlock result=%s rental=%s vehicle=%s", unlock.result, rental.id, vehicle.plate)
        return False
    enable = await bridge.command(vehicle.box_id, "enable_start", rental_id=rental.id)
    if enable.result != "ok":
        log.warning("rental start incomplete: enable_start result=%s rental=%s vehicle=%s", enable.result, rental.id, vehicle.plate)
    return True
'''

BILLING_PY = '''"""Trip price: driving and parking minutes, rounded up, at the tariff of
the rental's start."""

import math


def minutes(seconds):
    return max(1, math.ceil(seconds / 60))
'''

RUNBOOK = """# trip-engine runbook

Owner: #team-trips. Dashboards: Grafana > Trips > trip-engine.

## RentalStartFailures

Unlocks failing: see vehicle-commands' runbook and telematics-bridge.

## NoIgnitionAfterStart

Customers open the car but do not drive off. Usually a customer who does
not know the car (EV: press the brake, then START). Customer care walks
them through it.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    lena = Person("Lena Hofbauer", "lena.hofbauer@karvo.at", 120)
    rui = Person("Rui Carvalho", "rui.carvalho@karvo.at", 60)
    tobias = Person("Tobias Reiter", "tobias.reiter@karvo.at", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "trips/__init__.py": "",
        "trips/main.py": 'import logging\nimport os\n\nfrom fastapi import FastAPI\n\nlog = logging.getLogger("trips.main")\napp = FastAPI(title="trip-engine")\nlog.info("starting trip-engine version=%s commit=%s", os.environ.get("VERSION"), os.environ.get("COMMIT"))\n',
        "trips/start.py": START_PY,
        "trips/bridge.py": '"""telematics-bridge client: POST /commands and wait for the box\'s ack."""\n\nimport httpx\n\nBRIDGE = "http://telematics-bridge.fleet.svc:8080"\nTIMEOUT_S = 20\n',
        "trips/billing.py": BILLING_PY,
        "trips/damage.py": '"""Damage reports with photos (S3), before and after a trip, to fleet-ops."""\n\nMAX_PHOTOS = 12\n',
        "trips/ignition.py": '"""Ignition and trip events from telematics-bridge (topic fleet.trip-events)."""\n',
        "config/settings.yaml": "bridge:\n  timeout_s: 20\nbilling:\n  tariff: vienna-2026-04\n  parking_rounding: per_minute\nstart:\n  no_ignition_warn_s: 360\n",
        "tests/test_billing.py": "from trips.billing import minutes\n\n\ndef test_rounds_up():\n    assert minutes(61) == 2\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["uvicorn", "trips.main:app", "--host", "0.0.0.0"]\n',
        "deploy/production/values.yaml": "image:\n  repository: 604118220931.dkr.ecr.eu-central-1.amazonaws.com/trip-engine\nreplicas: 3\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# trip-engine\n\nRental start (unlock, start enable, ignition), trip pricing and damage\nreports for the Karvo app.\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.30.2\n\n- RENT-508 damage photos up to 12\n",
    }
    repo.commit(utc("2026-05-28 07:50:00"), lena, "trip-engine: rental start, pricing, damage reports", files)
    crng = random.Random(63203)
    repo.schedule(chores(crng, SERVICE, [lena, rui], utc("2026-05-28 09:00:00"), utc("2026-05-29 15:00:00"), 2)
                  + chores(crng, SERVICE, [tobias, rui], utc("2026-06-01 06:00:00"), utc("2026-06-02 15:00:00"), 1))
    prev = repo.commit(utc("2026-06-01 12:10:00"), lena, "release 2.30.2", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.30.2 (hotfix)\n\n- damage photo upload content type\n"),
    })
    repo.commit(utc("2026-06-03 09:05:00"), bot, "chore(deps): update dependency pydantic to v2.8.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pydantic==2.8.0"', '"pydantic==2.8.2"'),
    })
    repo.commit(utc("2026-06-03 14:20:00"), tobias, "billing: round parking minutes per trip, not per stop (RENT-517)", {
        "trips/billing.py": repo.files["trips/billing.py"] + '\n\ndef parking_minutes(stops):\n    """RENT-517: customers were billed a started minute for every stop."""\n    return minutes(sum(s.seconds for s in stops)) if stops else 0\n',
        "config/settings.yaml": sub(repo.files["config/settings.yaml"], "  parking_rounding: per_minute\n", "  parking_rounding: per_trip\n"),
    })
    repo.commit(utc("2026-06-04 08:40:00"), rui, "start: log failed start enables with model, firmware and the box's error (RENT-519)", {
        "trips/start.py": sub(repo.files["trips/start.py"],
            '        log.warning("rental start incomplete: enable_start result=%s rental=%s vehicle=%s", enable.result, rental.id, vehicle.plate)\n',
            '        log.warning("start enable failed rental=%s vehicle=%s model=%r fw=%s error=%s",\n                    rental.id, vehicle.plate, vehicle.model, vehicle.firmware, enable.error)\n'),
    })
    repo.commit(utc("2026-06-04 12:30:00"), tobias, "runbook: cars that open but do not start", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Car opens but does not start\n\nAlmost always the car, not us: a flat 12 V battery after a long park (the\nbox can still open the doors) or an EV whose customer does not press the\nbrake. Open a field-service task for the car and move the customer.\nAfter a trip-engine release that touched the start sequence, roll back\nfirst.\n",
    })
    repo.commit(utc("2026-06-04 15:05:00"), rui, "start: unlock and enable in one command for boxes on 4.10+ (RENT-521)\n\n"
                "One round trip less at every start (p50 1.9 s). The CB-4 takes\n"
                "`unlock_and_enable` since firmware 4.10.", {
        "trips/start.py": sub(repo.files["trips/start.py"],
            '    unlock = await bridge.command(vehicle.box_id, "unlock", rental_id=rental.id)\n',
            '    if vehicle.firmware_at_least("4.10"):\n        both = await bridge.command(vehicle.box_id, "unlock_and_enable", rental_id=rental.id)\n        if both.result == "ok":\n            return True\n        if both.unlocked:\n            log.warning("start enable failed rental=%s vehicle=%s model=%r fw=%s error=%s",\n                        rental.id, vehicle.plate, vehicle.model, vehicle.firmware, both.error)\n            return True\n    unlock = await bridge.command(vehicle.box_id, "unlock", rental_id=rental.id)\n'),
    })
    rel = repo.commit(utc("2026-06-05 08:12:00"), lena, "release 2.31.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.30.2"', 'version = "2.31.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.31.0\n\n- RENT-521 unlock_and_enable for boxes on 4.10+\n- RENT-519 failed start enables logged\n- RENT-517 parking minutes per trip\n- pydantic 2.8.2\n"),
    })
    after = repo.commit(utc("2026-06-05 11:44:00"), tobias, "runbook: box firmware campaigns (RENT-526)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Box firmware campaigns\n\nTelvanta updates the CB-4 boxes over the air on its own schedule (fleet\nportal > Campaigns). 5 June: 4.12.0 broke the start enable on the Zoe\n(CAN_NO_RESPONSE). If failures are one model on one firmware, ask\n#team-fleet to have Telvanta pause the campaign; a rollback of\ntrip-engine does not help.\n",
    })
    return repo, {"prev": prev, "release": rel, "after": after}


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def build_logs(rng, shas):
    app, bridge, portal, ingress, argo_log, slack, tickets = (Log("trip-engine.log"), Log("telematics-bridge.log"), Log("telvanta-portal.log"),
                                                              Log("ingress-nginx.log"), Log("argocd.log"), Log("slack-fleet-ops-wien.log"),
                                                              Log("customer-care-tickets.log"))
    stats = {"first": None, "fails": 0}
    boxes = []
    for i in range(FLEET):
        boxes.append({"id": f"CB4-{41000 + i * 7 + rng.randint(0, 6):07d}",
                      "plate": f"W-{rng.randint(100, 999)}{rng.choice('ABCDEFGHKLMNPRSTUVZ')}{rng.choice('ABCDEFGHKLMNPRSTUVZ')}",
                      "model": MODELS[i % len(MODELS)], "fw": "4.11.3" if rng.random() < 0.9 else "4.10.8", "updated": None, "down": None,
                      "rssi": rng.randint(-97, -71)})
    epochs = [
        (utc("2026-06-01 12:30:00"), "2.30.2", shas["prev"], ["trip-engine-6d9f8c7b5-2lxkq", "trip-engine-6d9f8c7b5-8vtnr", "trip-engine-6d9f8c7b5-qz4wm"]),
        (RELEASE, "2.31.0", shas["release"], ["trip-engine-84c7b6d9f-5hjxp", "trip-engine-84c7b6d9f-c2mzt", "trip-engine-84c7b6d9f-w9rkd"]),
        (ROLLBACK, "2.30.2", shas["prev"], ["trip-engine-6d9f8c7b5-4ntgs", "trip-engine-6d9f8c7b5-jq7fv", "trip-engine-6d9f8c7b5-x3dlb"]),
        (RESYNC, "2.31.0", shas["after"], ["trip-engine-5b8d9c6f7-7wqkz", "trip-engine-5b8d9c6f7-dm2hx", "trip-engine-5b8d9c6f7-r8pvn"]),
    ]

    def epoch(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0] + dt.timedelta(seconds=35):
                cur = e
        return cur

    def tlog(t, level, logger, msg, key=None):
        if START <= t < END:
            pods = epoch(t)[3]
            pod = pods[key % 3] if key is not None else rng.choice(pods)
            app.add(t, f"{stamp(t)} {level} [{pod}] {logger}: {msg}")

    def blog(t, level, msg, **kv):
        if START <= t < END:
            bridge.add(t, logfmt(t, level, msg, **kv))

    def plog(t, event, **kv):
        body = {"created": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "event": event, "tenant": "karvo-at"}
        body.update(kv)
        portal.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    for t0, ver, sha, pods in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=12 + k * 9 + rng.uniform(0, 2))
            app.add(t, f"{stamp(t)} INFO [{pod}] trips.main: starting trip-engine version={ver} commit={sha[:7]}")
            t2 = t + dt.timedelta(seconds=1.1)
            app.add(t2, f"{stamp(t2)} INFO [{pod}] uvicorn.error: Application startup complete.")

    # the OTA campaign: batches of 100 parked boxes every 15 minutes until the pause
    order = list(range(FLEET))
    rng.shuffle(order)
    plog(utc("2026-06-03 10:00:00"), "campaign.scheduled", campaign="CB4-4.12.0-EU-W2", firmware="4.12.0", starts="2026-06-05T08:30:00Z",
         batch_size=100, interval_min=15, release_notes="CAN stack update (ISO-TP timing), lower sleep current, LTE-M band 20 roaming fixes")
    plog(CAMPAIGN, "campaign.started", campaign="CB4-4.12.0-EU-W2", firmware="4.12.0", boxes=1400)
    bt, n = CAMPAIGN, 0
    while bt < PAUSE:
        plog(bt + dt.timedelta(seconds=2), "campaign.batch_dispatched", campaign="CB4-4.12.0-EU-W2", batch=n + 1, boxes=100)
        for i in order[n * 100:(n + 1) * 100]:
            b = boxes[i]
            tu = bt + dt.timedelta(seconds=rng.uniform(240, 780))
            if tu >= PAUSE:
                continue
            b["updated"] = tu
            blog(tu - dt.timedelta(seconds=rng.uniform(60, 90)), "info", "firmware download complete", box=b["id"], version="4.12.0", bytes=1835008)
            blog(tu - dt.timedelta(seconds=rng.uniform(20, 30)), "info", "session closed", box=b["id"], reason="reboot")
            blog(tu, "info", "session connected", box=b["id"], reason="boot", fw="4.12.0", rssi=b["rssi"])
            blog(tu + dt.timedelta(milliseconds=rng.randint(300, 900)), "info", "firmware update applied", box=b["id"], **{"from": b["fw"], "to": "4.12.0"}, campaign="CB4-4.12.0-EU-W2")
        bt += dt.timedelta(minutes=15)
        n += 1
    plog(PAUSE, "campaign.paused", campaign="CB4-4.12.0-EU-W2", by="support@telvanta.com", note="paused on customer request, ticket TV-88213")
    zoes = sorted((b for b in boxes if b["updated"] and b["model"] == "Renault Zoe"), key=lambda b: b["updated"])
    plog(DOWNGRADE - dt.timedelta(minutes=3), "campaign.created", campaign="CB4-4.11.3-ROLLBACK-ZOE", firmware="4.11.3", boxes=len(zoes),
         note="4.12.0: start enable on Renault ZE50 CAN gateway gets no response, fix in 4.12.1")
    for k, b in enumerate(zoes):
        td = DOWNGRADE + dt.timedelta(seconds=k * (2580 / max(1, len(zoes))) + rng.uniform(0, 30))
        b["down"] = td
        blog(td - dt.timedelta(seconds=25), "info", "session closed", box=b["id"], reason="reboot")
        blog(td, "info", "session connected", box=b["id"], reason="boot", fw="4.11.3", rssi=b["rssi"])
        blog(td + dt.timedelta(milliseconds=500), "info", "firmware update applied", box=b["id"], **{"from": "4.12.0", "to": "4.11.3"}, campaign="CB4-4.11.3-ROLLBACK-ZOE")
    plog(DOWNGRADE + dt.timedelta(minutes=44), "campaign.completed", campaign="CB4-4.11.3-ROLLBACK-ZOE", boxes=len(zoes))

    def fw(b, t):
        if b["down"] and t >= b["down"]:
            return "4.11.3"
        if b["updated"] and t >= b["updated"]:
            return "4.12.0"
        return b["fw"]

    def nginx(t, method, path, status, rt):
        if START <= t < END:
            ingress.add(t, nginx_access(t, f"100.64.{rng.randint(0, 63)}.{rng.randint(2, 250)}", method, path, status, rng.randint(90, 900), rt,
                                        rng.choice(["Karvo/5.19.0 (iOS 18.5; iPhone15,3)", "Karvo/5.19.0 (Android 15; Pixel 8)", "Karvo/5.18.2 (Android 14; SM-A546B)"]),
                                        upstream_rt=rt - 0.001))

    def rate(t):
        h = t.hour + t.minute / 60
        return 7.0 if h < 8.5 else (9.0 if h < 11 else 8.0)

    rid = [6120400]
    t = START
    tickets_n = [0]
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(rate(t) / 60.0))
        if t >= END:
            break
        rid[0] += rng.randint(1, 3)
        rental = f"R-{rid[0]}"
        key = rid[0]
        b = rng.choice(boxes)
        f = fw(b, t)
        new = epoch(t)[1] == "2.31.0"
        broken = b["model"] == "Renault Zoe" and f == "4.12.0"
        tlog(t, "INFO", "trips.api", f"rental started rental={rental} vehicle={b['plate']} model={b['model']!r} tariff=vienna-2026-04", key)
        nginx(t + dt.timedelta(seconds=2.2), "POST", f"/v2/rentals/{rental}/start", 200, rng.uniform(1.6, 3.9))
        tc = t + dt.timedelta(milliseconds=rng.randint(20, 60))
        cmds = ["unlock_and_enable"] if new and f >= "4.10" else ["unlock", "enable_start"]
        for c in cmds:
            cid = hexid(rng, 12)
            blog(tc, "info", "command delivered", box=b["id"], cmd=c, id=cid, qos=1)
            lat = rng.randint(800, 2100)
            tc += dt.timedelta(milliseconds=lat)
            if broken and c != "unlock":
                blog(tc, "warn", "command ack", box=b["id"], cmd=c, id=cid, result="error", error="CAN_NO_RESPONSE", ecu="0x6A2", latency_ms=lat + 1500, doors="unlocked")
                blog(tc + dt.timedelta(milliseconds=2), "warn", "box reported start_enable failed", box=b["id"], fw=f, error="CAN_NO_RESPONSE", ecu="0x6A2", retries=3)
            else:
                blog(tc, "info", "command ack", box=b["id"], cmd=c, id=cid, result="ok", latency_ms=lat)
        if not broken:
            ti = tc + dt.timedelta(seconds=rng.uniform(25, 240))
            blog(ti, "info", "ignition on", box=b["id"])
            tlog(ti + dt.timedelta(milliseconds=80), "INFO", "trips.ignition", f"trip driving rental={rental} seconds_to_ignition={int((ti - t).total_seconds())}", key)
            continue
        if stats["first"] is None:
            stats["first"] = tc
        stats["fails"] += 1
        if new:
            tlog(tc + dt.timedelta(milliseconds=30), "WARNING", "trips.start", f"start enable failed rental={rental} vehicle={b['plate']} model='Renault Zoe' fw={f} error=CAN_NO_RESPONSE", key)
        else:
            tlog(tc + dt.timedelta(milliseconds=30), "WARNING", "trips.start", f"rental start incomplete: enable_start result=error rental={rental} vehicle={b['plate']}", key)
        # the customer taps "start car" again
        for k in range(rng.randint(0, 2)):
            tr = tc + dt.timedelta(seconds=rng.uniform(40, 150) * (k + 1))
            cid = hexid(rng, 12)
            blog(tr, "info", "command delivered", box=b["id"], cmd="enable_start", id=cid, qos=1)
            blog(tr + dt.timedelta(seconds=3.4), "warn", "command ack", box=b["id"], cmd="enable_start", id=cid, result="error", error="CAN_NO_RESPONSE", ecu="0x6A2", latency_ms=3400, doors="unlocked")
            nginx(tr + dt.timedelta(seconds=3.5), "POST", f"/v2/rentals/{rental}/enable-start", 502, 3.51)
        if tc + dt.timedelta(seconds=360) < END:
            tlog(t + dt.timedelta(seconds=360), "WARNING", "trips.ignition", f"no ignition 6 min after start rental={rental} vehicle={b['plate']}", key)
        te = t + dt.timedelta(seconds=rng.uniform(240, 720))
        mins = int((te - t).total_seconds() // 60) + 1
        if rng.random() < 0.35:
            rep = f"D-{rng.randint(420000, 429999)}"
            np_ = rng.randint(1, 4)
            tlog(te - dt.timedelta(seconds=50), "INFO", "trips.damage", f"damage report created report={rep} rental={rental} vehicle={b['plate']} photos={np_} category=malfunction stage=during_trip", key)
            for p in range(np_):
                nginx(te - dt.timedelta(seconds=48 - p * 3), "POST", f"/v2/damage-reports/{rep}/photos", 201, rng.uniform(0.4, 1.5))
        tlog(te, "INFO", "trips.billing", f"trip ended rental={rental} minutes={mins} driving=0 parking={mins} amount_eur={mins * 0.38:.2f}", key)
        nginx(te + dt.timedelta(seconds=1.8), "POST", f"/v2/rentals/{rental}/end", 200, rng.uniform(1.2, 2.4))
        if rng.random() < 0.4:
            tickets_n[0] += 1
            tt = te + dt.timedelta(seconds=rng.uniform(60, 600))
            if tt < END:
                tickets.add(tt, json.dumps({"created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": f"CC-{771200 + tickets_n[0] * 3}", "channel": rng.choice(["app", "phone", "app"]),
                                            "subject": rng.choice(["Auto springt nicht an", "Car won't start", "ZOE: Schlüssel nicht erkannt", "Auto offen aber fährt nicht"]),
                                            "rental": rental, "vehicle": b["plate"], "tags": ["start_failure"]}, ensure_ascii=False))
            tlog(tt + dt.timedelta(seconds=rng.uniform(30, 300)), "INFO", "trips.billing", f"goodwill credit issued rental={rental} amount_eur={mins * 0.38:.2f} reason=car_did_not_start", key)

    # routine: trip ends of rentals started before, damage reports before trips, stats
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(1700)):
        key = rng.randint(6100000, 6120300)
        b = rng.choice(boxes)
        if rng.random() < 0.8:
            d, p = rng.randint(4, 38), rng.randint(0, 12)
            cid = hexid(rng, 12)
            blog(t, "info", "command delivered", box=b["id"], cmd="lock", id=cid, qos=1)
            blog(t + dt.timedelta(seconds=1.4), "info", "command ack", box=b["id"], cmd="lock", id=cid, result="ok", latency_ms=1400)
            tlog(t + dt.timedelta(seconds=1.5), "INFO", "trips.billing", f"trip ended rental=R-{key} minutes={d + p} driving={d} parking={p} amount_eur={(d + p) * 0.38:.2f}", key)
            nginx(t + dt.timedelta(seconds=1.6), "POST", f"/v2/rentals/R-{key}/end", 200, rng.uniform(1.2, 2.4))
        else:
            rep = f"D-{rng.randint(420000, 429999)}"
            np_ = rng.randint(2, 12)
            tlog(t, "INFO", "trips.damage", f"damage report created report={rep} rental=R-{key} vehicle={b['plate']} photos={np_} category={rng.choice(['scratch', 'dent', 'dirty', 'scratch'])} stage={rng.choice(['before_trip', 'after_trip'])}", key)
            for p in range(np_):
                nginx(t + dt.timedelta(seconds=1 + p * 1.3), "POST", f"/v2/damage-reports/{rep}/photos", 201, rng.uniform(0.4, 1.5))
    t = START
    while t < END:
        blog(t + dt.timedelta(seconds=0.3), "info", "mqtt stats", sessions_online=FLEET - rng.randint(25, 60), sessions_total=FLEET, msgs_in_1m=rng.randint(1450, 1700))
        t += dt.timedelta(minutes=1)

    def argo(t, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"'] + [f"{k}={v}" for k, v in kv.items()]
        argo_log.add(t, " ".join(parts))
    t = START
    while t < END:
        argo(t, "Reconciliation completed", application="argocd/trip-engine", **{"dest-namespace": "trips", "time_ms": rng.randint(90, 240)})
        t += dt.timedelta(minutes=3)
    for when, sha, who, op in ((RELEASE, shas["release"], "lena.hofbauer", "sync"), (ROLLBACK, shas["prev"], "tobias.reiter", "rollback"), (RESYNC, shas["after"], "tobias.reiter", "sync")):
        argo(when, f"Initiated manual {op} to {sha}", application="argocd/trip-engine", user=who)
        argo(when + dt.timedelta(seconds=3), "Updated sync status: OutOfSync -> Synced", application="argocd/trip-engine")
        argo(when + dt.timedelta(seconds=55), "Updated health status: Progressing -> Healthy", application="argocd/trip-engine")

    def chat(t, user, text):
        slack.add(t, json.dumps({"type": "message", "channel": "fleet-ops-wien", "ts": f"{t.timestamp():.6f}", "user_name": user, "text": text}, ensure_ascii=False))
    first = stats["first"]
    chat(utc("2026-06-05 07:52:10"), "markus.steiner (fleet ops)", "morning. 3 cars in 1100 need cleaning, tasks open")
    chat(RELEASE + dt.timedelta(minutes=2), "lena.hofbauer", "trip-engine 2.31.0 synced: RENT-521 unlock_and_enable in one command on 4.10+ boxes, RENT-519 start enable logging, RENT-517 parking rounding")
    chat(first + dt.timedelta(minutes=14), "sabine.gruber (customer care)", "several calls: car opens but does not start, dashboard says key not detected. all ZOEs so far?")
    chat(first + dt.timedelta(minutes=21), "markus.steiner (fleet ops)", "runbook says flat 12V or brake pedal. sending field service to W-... ZOEs, moving customers")
    chat(ROLLBACK - dt.timedelta(minutes=4), "tobias.reiter", "lots of 'start enable failed' since the release, RENT-521 changed the start sequence. rolling back to 2.30.2")
    chat(ROLLBACK + dt.timedelta(minutes=9), "tobias.reiter", "2.30.2 out, two commands again, ZOEs still fail: 'enable_start result=error'. not the combined command")
    chat(ROLLBACK + dt.timedelta(minutes=16), "jakob.wimmer (field service)", "ZOE in 1070: battery 12.6 V, doors open, immobiliser does not release. service tool start enable fails too")
    chat(ROLLBACK + dt.timedelta(minutes=22), "ines.moser (team-fleet)", "bridge: every failing box is a ZOE on 4.12.0, 'firmware update applied' minutes before each. Telvanta OTA campaign CB4-4.12.0-EU-W2 started 08:30, we did not know. other models on 4.12.0 are fine")
    chat(ROLLBACK + dt.timedelta(minutes=30), "ines.moser (team-fleet)", "Telvanta support called (TV-88213), asked them to pause the campaign and roll the ZOEs back")
    chat(PAUSE + dt.timedelta(minutes=2), "ines.moser (team-fleet)", "campaign paused. they confirm: 4.12.0 CAN timing vs the ZE50 gateway, rollback campaign to 4.11.3 for the ZOEs from 10:55")
    chat(DOWNGRADE + dt.timedelta(minutes=47), "ines.moser (team-fleet)", "all updated ZOEs back on 4.11.3, start enables ok")
    chat(RESYNC + dt.timedelta(minutes=3), "tobias.reiter", "2.31.0 synced again with a runbook section on box firmware campaigns. care is crediting the failed rentals")
    return [app, bridge, portal, ingress, argo_log, slack, tickets], stats


def build(out_dir):
    rng = random.Random(63200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert utc("2026-06-05 08:35:00") <= onset <= utc("2026-06-05 09:10:00"), onset
        return write_scenario(
            out_dir, name="r63-box-firmware-immobiliser-none", service=SERVICE, onset=onset,
            description=f"""
On Friday 5 June Karvo customers open Renault Zoes that then do not start
("key not detected"): from {onset.strftime('%H:%M:%S')} UTC trip-engine's start
enables fail, customers end the rentals after a few minutes, file damage
reports and call customer care. trip-engine 2.31.0, which changed the
start sequence, had gone out at 08:24; a rollback to 2.30.2 at 09:58 did
not help. The failures ended as the Zoes were back on box firmware 4.11.3
(10:55-11:38); 2.31.0 was synced again at 11:52.
""",
            logs=logs, line_formats={"trip-engine.log": r'<Date> <Time> <Level> \[<Pod>\] <Logger>: <Content>'},
            repo=repo, culprit="none",
            root_cause=[r'firmware update applied', r'box reported start_enable failed'],
            fix_files=[],
            explanation="""
Nothing in trip-engine caused it. The box vendor Telvanta's over-the-air
campaign CB4-4.12.0-EU-W2, started at 08:30 UTC on its own schedule,
updates parked CB-4 boxes to 4.12.0 ("firmware update applied ... to=4.12.0");
on the Renault Zoe the new CAN stack gets no answer from the car's
gateway to the start enable ("box reported start_enable failed ...
error=CAN_NO_RESPONSE ecu=0x6A2"): doors open, the immobiliser stays on.
Every other model on 4.12.0 starts. It ends when Telvanta pauses the
campaign and pushes 4.11.3 back to the Zoes.

Decoys: trip-engine 2.31.0 synced half an hour before the first failure
(RENT-521, one unlock_and_enable command on 4.10+ boxes in the very
start sequence; RENT-519, which adds the very "start enable failed"
warning; RENT-517's parking rounding; a pydantic bump), rolled back to
2.30.2 without effect (the failures go on under 2.30's "rental start
incomplete" line); a runbook commit that blames flat 12 V batteries and
the brake pedal and says to roll back after a start sequence change; the
damage reports and credits that follow.
""",
        )
    finally:
        repo.close()
