"""wagon-positions (Python 3.12, FastAPI and an asyncio worker, PostgreSQL
with PostGIS; GKE, released from GitLab CI with Helm; team in Budapest,
Vienna and Bratislava): Danubia Rail Freight's wagon positions. Two
telematics vendors push their units' readings to it by webhook (Trakmo
Cloud for the TG-200 units, Senzar for the WX-4 units); it checks each
reading, keeps each wagon's last position, matches wagons to the trains of
the active path catalogue (the timetable) and gives customers and
dispatchers ETAs.

A reading's device time must lie between seven days before and two
minutes after its arrival (units buffer readings while out of coverage).
The TG-200's GNSS module derives the date from GPS's 10-bit week number
with a pivot in its firmware; for firmware before 3.8.2 the pivot runs
out at GPS week 2449, which begins on Sunday 13 December 2026 at 00:00
GPS time, Saturday 23:59:42 UTC. From then those units date their
readings exactly 1024 weeks early (28/29 April 2007); wagon-positions
rejects every one of them as too old, about 4,800 wagons keep their last
position from before midnight and go stale, and their trains get no ETA.
It is the night of the annual timetable change: the 2027 timetable is in
force from 00:00 CET (23:00 UTC), and at 23:22 UTC the team released the
activation of the 2027 path catalogue. The on-call suspects it and rolls
it back at 00:41 (which only brings back the "no path" warnings for
trains of the new timetable), then forward again. Trakmo posts a service
bulletin at 02:40 and corrects the affected units' dates in its cloud
from 03:12; positions recover. Nothing in this repository caused it.

Decoys: the catalogue activation released 37 minutes before the onset,
its rollback and roll-forward; the day's commits for the timetable change
(the catalogue import, its runbook); the afternoon commit that logs the
model and firmware of each rejected reading (every sample line); an
aiokafka bump; the staleness alert change in the evening; Friday's change
to the device-clock tolerance in the validation module; the 23:00-23:22
"no path" warnings of the timetable change itself; WX-4 units replaying
old buffers and clocks a little ahead, rejected before and after. Sources:
app (Python logging), ingress-nginx access (the vendors' webhooks, always
202), Alertmanager notifications (JSON), GitLab CI deploy jobs, Trakmo's
status page (JSON), #ops-night (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "wagon-positions"
START, END = utc("2026-12-12 22:15:00"), utc("2026-12-13 03:40:00")
TIMETABLE = utc("2026-12-12 23:00:00")
RELEASE = utc("2026-12-12 23:22:05")
ROLLOVER = utc("2026-12-12 23:59:42")
ROLLBACK = utc("2026-12-13 00:41:10")
FORWARD = utc("2026-12-13 00:58:30")
BULLETIN = utc("2026-12-13 02:40:12")
CORRECTED = utc("2026-12-13 03:12:00")
PREV_RELEASE = utc("2026-12-12 20:12:30")
SHIFT = dt.timedelta(weeks=1024)

VALIDATE_PY = '''"""Checks a reading before it may move a wagon."""
from datetime import timedelta

from positions.config import settings

MAX_AGE = timedelta(days=7)          # units buffer readings while out of coverage
MAX_AHEAD = timedelta(seconds=30)    # device clocks run a little ahead


class Rejected(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def check(reading, received_at):
    if reading.device_time < received_at - MAX_AGE:
        raise Rejected("too_old")
    if reading.device_time > received_at + MAX_AHEAD:
        raise Rejected("ahead")
    if not (-90 <= reading.lat <= 90 and -180 <= reading.lon <= 180):
        raise Rejected("bad_position")
'''

INGEST_PY = '''import logging
from collections import Counter

from positions import validate
from positions.store import save_position

log = logging.getLogger("positions.ingest")
_rejected = Counter()
_samples = 0


async def handle(readings, received_at):
    global _samples
    for r in readings:
        try:
            validate.check(r, received_at)
        except validate.Rejected as e:
            _rejected[e.reason] += 1
            if _samples < 3:
                _samples += 1
                log.warning("rejected reading: device time outside accepted window wagon=%s unit=%s device_time=%s received=%s reason=%s",
                            r.wagon, r.unit_id, r.device_time.isoformat(), received_at.isoformat(), e.reason)
            continue
        await save_position(r)


def flush_stats(total):
    global _samples
    if _rejected:
        log.info("rejected %d of %d readings in the last 60s (%s)", sum(_rejected.values()), total,
                 ", ".join(f"{k}={v}" for k, v in sorted(_rejected.items())))
    _rejected.clear()
    _samples = 0
'''

TIMETABLE_YAML = """# The path catalogue (RNE PCS export) whose train paths are matched to wagons.
active_catalogue: 2026
catalogues:
  2026:
    file: data/paths-2026.csv
    valid_from: 2025-12-14T00:00:00+01:00
    valid_to: 2026-12-12T23:59:59+01:00
"""

PROD_YAML = """webhooks:
  trakmo:
    path: /v1/webhooks/trakmo
  senzar:
    path: /v1/webhooks/senzar
positions:
  stale_after_minutes: 10
eta:
  min_confidence: 0.6
"""


def repo_files():
    return {
        "pyproject.toml": '[project]\nname = "wagon-positions"\nversion = "2.9.0"\nrequires-python = ">=3.12"\ndependencies = [\n  "fastapi==0.115.5",\n  "uvicorn[standard]==0.32.1",\n  "asyncpg==0.30.0",\n  "aiokafka==0.12.0",\n  "pydantic-settings==2.6.1",\n  "pyyaml==6.0.2",\n]\n',
        "positions/__init__.py": "",
        "positions/validate.py": VALIDATE_PY,
        "positions/ingest.py": INGEST_PY,
        "positions/config.py": 'import yaml\nfrom pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    config_file: str = "config/production.yaml"\n    timetable_file: str = "config/timetable.yaml"\n\n\nsettings = Settings()\nconfig = yaml.safe_load(open(settings.config_file))\ntimetable = yaml.safe_load(open(settings.timetable_file))\n',
        "positions/timetable.py": 'import csv\nimport logging\n\nfrom positions.config import timetable\n\nlog = logging.getLogger("positions.timetable")\n\n\ndef load_active():\n    year = timetable["active_catalogue"]\n    cat = timetable["catalogues"][year]\n    with open(cat["file"]) as f:\n        paths = {row["otn"]: row for row in csv.DictReader(f)}\n    log.info("path catalogue %s loaded: %d paths, valid %s to %s", year, len(paths), cat["valid_from"], cat["valid_to"])\n    return paths\n',
        "positions/eta.py": 'import logging\n\nlog = logging.getLogger("positions.eta")\n\n\ndef eta_for(train, paths, positions):\n    path = paths.get(train.otn)\n    if path is None:\n        log.warning("no path for train=%s running_day=%s in catalogue %s; ETA unavailable", train.otn, train.running_day, train.catalogue)\n        return None\n    return path.eta_from(positions.lead_wagon(train))\n',
        "positions/api.py": 'from fastapi import APIRouter, Request\n\nfrom positions import ingest\n\nrouter = APIRouter()\n\n\n@router.post("/v1/webhooks/{vendor}", status_code=202)\nasync def webhook(vendor: str, request: Request):\n    await ingest.enqueue(vendor, await request.body())\n    return {"accepted": True}\n',
        "config/production.yaml": PROD_YAML,
        "config/timetable.yaml": TIMETABLE_YAML,
        "data/paths-2026.csv": "otn,origin,destination,departure,arrival,days\n47311,Wien Zvbf,Budapest-Ferencvaros,21:40,02:55,1234567\n45127,Hegyeshalom,Bratislava UNS,03:10,04:20,12345\n",
        "chart/values-production.yaml": "image:\n  repository: europe-west3-docker.pkg.dev/danubia-rail/apps/wagon-positions\nreplicas: 3\nresources:\n  requests: {cpu: 500m, memory: 512Mi}\n  limits: {memory: 512Mi}\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  image: python:3.12-slim\n  script:\n    - pip install -e . pytest\n    - pytest -q\n\nbuild:\n  stage: build\n  image: docker:27\n  script:\n    - docker build -t $IMAGE:$CI_COMMIT_SHA .\n    - docker push $IMAGE:$CI_COMMIT_SHA\n\ndeploy:\n  stage: deploy\n  image: alpine/helm:3.16.3\n  environment: production\n  when: manual\n  script:\n    - echo \"deploying $IMAGE:$CI_COMMIT_SHA\"\n    - helm upgrade --install wagon-positions ./chart -n positions -f chart/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait\n",
        "tests/test_validate.py": 'from datetime import datetime, timedelta, timezone\n\nimport pytest\n\nfrom positions import validate\n\n\ndef test_rejects_readings_older_than_seven_days(reading):\n    now = datetime(2026, 6, 1, tzinfo=timezone.utc)\n    reading.device_time = now - timedelta(days=8)\n    with pytest.raises(validate.Rejected):\n        validate.check(reading, now)\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD [\"uvicorn\", \"positions.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]\n",
        "README.md": "# wagon-positions\n\nDanubia Rail Freight's wagon positions and ETAs. Trakmo (TG-200) and\nSenzar (WX-4) push readings by webhook; each wagon's last valid position\nis kept and matched to the trains of the active path catalogue.\n\n## Running locally\n\n```\ndocker compose up -d postgres\npip install -e .\nuvicorn positions.main:app --reload\n```\n\n## Deploying\n\nThe `deploy` job (manual) of a `main` pipeline runs `helm upgrade` with\nthat commit's image.\n",
    }


def build_repo():
    tamas = Person("Tamás Varga", "tamas.varga@danubiarail.eu", 60)
    reka = Person("Réka Molnár", "reka.molnar@danubiarail.eu", 60)
    lukas = Person("Lukas Brandstetter", "lukas.brandstetter@danubiarail.eu", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("WagonPositionsStale", "More than 5 % of wagons without a valid position for the staleness window. Check the vendors' webhooks (ingress), rejected readings in the app log, and the vendors' status pages."),
        ("ReadingsRejected", "More than 10 % of readings rejected. The app logs a per-minute count by reason and three samples a minute."),
    ])
    repo.commit(utc("2026-12-04 09:30:00"), lukas, "wagon-positions: import from the fleet-services monorepo", files)
    repo.schedule(chores(random.Random(20401), SERVICE, [tamas, reka, lukas], utc("2026-12-04 09:30:00"), utc("2026-12-10 16:00:00"), 3))
    repo.commit(utc("2026-12-08 10:10:00"), reka, "eta: dwell times at border stations from the path catalogue", {
        "positions/eta.py": repo.files["positions/eta.py"] + "\n\ndef dwell(path, station):\n    return path.dwell.get(station, 0)\n",
    })
    repo.commit(utc("2026-12-10 13:25:00"), tamas, "timetable: catalogues keyed by timetable year, with validity", {
        "positions/timetable.py": repo.edit("positions/timetable.py", "def load_active():", "def load_active():  # the catalogue named by active_catalogue"),
    })
    repo.commit(utc("2026-12-11 14:05:00"), lukas, "validate: allow device clocks 2 min ahead (was 30 s)\n\nSome WX-4 units run up to 90 s fast after a cold start; their first\nreadings were rejected as 'ahead'.", {
        "positions/validate.py": repo.edit("positions/validate.py", "MAX_AHEAD = timedelta(seconds=30)    # device clocks run a little ahead", "MAX_AHEAD = timedelta(minutes=2)     # device clocks run a little ahead"),
    })
    # ---- the 24 hours before the onset (the timetable change weekend)
    repo.commit(utc("2026-12-12 06:10:00"), renovate, "chore(deps): update dependency aiokafka to v0.12.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"aiokafka==0.12.0"', '"aiokafka==0.12.1"'),
    })
    repo.commit(utc("2026-12-12 09:40:00"), tamas, "timetable: add path catalogue 2027 (RNE PCS export of 11 December)", {
        "data/paths-2027.csv": "otn,origin,destination,departure,arrival,days\n47311,Wien Zvbf,Budapest-Ferencvaros,21:52,03:05,1234567\n45127,Hegyeshalom,Bratislava UNS,03:05,04:12,12345\n47905,Wien Zvbf,Sopron,00:40,02:10,67\n",
        "config/timetable.yaml": repo.edit("config/timetable.yaml", "    valid_to: 2026-12-12T23:59:59+01:00\n", "    valid_to: 2026-12-12T23:59:59+01:00\n  2027:\n    file: data/paths-2027.csv\n    valid_from: 2026-12-13T00:00:00+01:00\n    valid_to: 2027-12-11T23:59:59+01:00\n"),
    })
    logline = repo.commit(utc("2026-12-12 13:30:00"), reka, "validate: log the unit's model and firmware with rejected readings\n\nFriday's rejections of WX-4 buffer replays took an hour to pin to the\nunits' firmware; put model and firmware in the sample lines.", {
        "positions/ingest.py": repo.edit("positions/ingest.py", 'log.warning("rejected reading: device time outside accepted window wagon=%s unit=%s device_time=%s received=%s reason=%s",\n                            r.wagon, r.unit_id, r.device_time.isoformat(), received_at.isoformat(), e.reason)',
                                         'log.warning("rejected reading: device time outside accepted window wagon=%s unit=%s model=%s fw=%s device_time=%s received=%s reason=%s",\n                            r.wagon, r.unit_id, r.model, r.firmware, r.device_time.isoformat(), received_at.isoformat(), e.reason)'),
    })
    repo.commit(utc("2026-12-12 15:50:00"), tamas, "runbook: timetable change night", {
        "docs/timetable-change.md": "# Timetable change night (Fahrplanwechsel)\n\nThe new timetable is in force from Sunday 00:00 CET. Trains of the new\ntimetable have no path in the old catalogue: expect \"no path ... ETA\nunavailable\" warnings until the new catalogue is active.\n\n1. Catalogue of the new year imported and reviewed (Saturday).\n2. After 00:00 CET: set `active_catalogue` to the new year, release.\n3. Check ETAs of the first trains of the new timetable (47905 Wien Zvbf\n   00:40 CET).\n4. Hand over to the night desk.\n",
    })
    repo.commit(utc("2026-12-12 20:05:00"), reka, "config: wagon positions stale after 15 min (was 10)\n\nThe night desk's dashboard flagged parked wagons whose units report\nevery 10 minutes.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  stale_after_minutes: 10\n", "  stale_after_minutes: 15\n"),
    })
    activate = repo.commit(utc("2026-12-12 23:18:00"), tamas, "timetable: activate catalogue 2027 (in force since 00:00 CET)", {
        "config/timetable.yaml": repo.edit("config/timetable.yaml", "active_catalogue: 2026\n", "active_catalogue: 2027\n"),
    })
    prev = repo.shas[-2]
    return repo, {"logline": logline, "activate": activate, "prev": prev}


# ---------------------------------------------------------------------------

def pylog(t, level, logger, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level:<8} {logger}: {msg}"


def ingress(t, client, method, path, status, size, ua, req_len, rt, upstream, req_id):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {req_len} {rt:.3f} '
            f'[positions-wagon-positions-8080] [] {upstream}:8080 {size} {rt - 0.001:.3f} {status} {req_id}')


def uic(rng):
    kind = rng.choice(["31", "33", "37", "81", "84", "21"])
    country = rng.choice(["81", "55", "81", "56", "81", "80"])
    series = rng.choice(["4955", "6655", "6640", "4725", "0692", "5960", "7891"])
    return f"{kind} {country} {series} {rng.randint(100, 999)}-{rng.randint(0, 9)}"


FLEET = 15200
TG_BUGGY = 4810         # TG-200 units on firmware before 3.8.2
TG_FIXED = 1010         # TG-200 units already on 3.8.2/3.8.3
BUGGY_FW = ["3.6.2", "3.7.0", "3.7.4", "3.7.4", "3.7.4"]
FIXED_FW = ["3.8.2", "3.8.3"]


def build_logs(rng, shas):
    app = Log("wagon-positions.log")
    access = Log("ingress-nginx-access.log")
    alerts = Log("alertmanager-notifications.log")
    ci = Log("gitlab-deploy.log")
    status = Log("trakmo-status.log")
    chat = Log("ops-night.log")
    stats = {"rejected": [], "accepted": [], "fresh": []}

    def pods_for(gen):
        return [f"wagon-positions-{gen}-{hexid(rng, 5)}" for _ in range(3)]
    gens = [("7d5f9c6b48", PREV_RELEASE, shas["prev"]), ("5b8c7d4f96", RELEASE, shas["activate"]),
            ("7d5f9c6b48", ROLLBACK, shas["prev"]), ("5b8c7d4f96", FORWARD, shas["activate"])]
    pods = [pods_for(g) for g, _, _ in gens]
    ips = {}
    for ps in pods:
        for p in ps:
            ips[p] = f"10.84.{rng.randint(1, 40)}.{rng.randint(10, 250)}"

    def gen_at(t):
        idx = 0
        for i, (_, when, _) in enumerate(gens):
            if t >= when + dt.timedelta(seconds=25):
                idx = i
        return idx

    def catalogue_at(t):
        return 2027 if gens[gen_at(t)][2] == shas["activate"] else 2026

    for i in range(1, 4):
        g, when, sha = gens[i]
        year = 2027 if sha == shas["activate"] else 2026
        for k, p in enumerate(pods[i]):
            t = when + dt.timedelta(seconds=14 + 9 * k + rng.random())
            app.add(t, pylog(t, "INFO", "uvicorn.error", "Started server process [1]"))
            app.add(t + dt.timedelta(milliseconds=310), pylog(t + dt.timedelta(milliseconds=310), "INFO", "positions.main", f"wagon-positions {sha[:8]} starting on {p}"))
            n = 2211 if year == 2026 else 2304
            valid = "2025-12-14T00:00:00+01:00 to 2026-12-12T23:59:59+01:00" if year == 2026 else "2026-12-13T00:00:00+01:00 to 2027-12-11T23:59:59+01:00"
            app.add(t + dt.timedelta(milliseconds=900), pylog(t + dt.timedelta(milliseconds=900), "INFO", "positions.timetable", f"path catalogue {year} loaded: {n} paths, valid {valid}"))
            app.add(t + dt.timedelta(milliseconds=950), pylog(t + dt.timedelta(milliseconds=950), "INFO", "uvicorn.error", "Application startup complete."))

    # ---- readings, minute by minute
    tg_corrected = lambda t: t >= CORRECTED
    t = START
    stale_tg = 0.0
    while t < END:
        moving = 0.32 if (t.hour >= 22 or t.hour < 5) else 0.4
        # readings a minute per unit: parked every 5 min, moving every 60 s
        per_unit = (1 - moving) / 5 + moving
        tg_b = TG_BUGGY * per_unit * rng.uniform(0.95, 1.05)
        tg_f = TG_FIXED * per_unit * rng.uniform(0.95, 1.05)
        wx = (FLEET - TG_BUGGY - TG_FIXED) * per_unit * rng.uniform(0.95, 1.05)
        total = int(tg_b + tg_f + wx)
        rej = {}
        broken = ROLLOVER <= t + dt.timedelta(seconds=60) and not tg_corrected(t)
        if broken:
            frac = 1.0 if t >= ROLLOVER else (t + dt.timedelta(seconds=60) - ROLLOVER).total_seconds() / 60
            rej["too_old"] = int(tg_b * frac)
        old_replay = rng.random() < 0.12
        if old_replay:
            rej["too_old"] = rej.get("too_old", 0) + rng.randint(3, 40)
        if rng.random() < 0.05:
            rej["ahead"] = rng.randint(1, 4)
        # sample lines (the first three rejections of the minute)
        samples = []
        if broken:
            first = max(t, ROLLOVER)
            for k in range(3):
                ts = first + dt.timedelta(seconds=rng.uniform(0.1, 3) + k * rng.uniform(0.2, 2))
                received = ts
                fw = rng.choice(BUGGY_FW)
                dev = received - SHIFT - dt.timedelta(seconds=rng.uniform(0.2, 4))
                samples.append((ts, uic(rng), f"TG2-{rng.randint(30000, 59999):07d}", "TG-200", fw, dev, received, "too_old"))
        elif old_replay:
            ts = t + dt.timedelta(seconds=rng.uniform(0, 50))
            dev = ts - dt.timedelta(days=rng.uniform(7.05, 11), seconds=rng.uniform(0, 3600))
            samples.append((ts, uic(rng), f"WX4-{hexid(rng, 6).upper()}", "WX-4", rng.choice(["2.1.9", "2.2.0"]), dev, ts, "too_old"))
        elif "ahead" in rej:
            ts = t + dt.timedelta(seconds=rng.uniform(0, 50))
            dev = ts + dt.timedelta(seconds=rng.uniform(125, 200))
            samples.append((ts, uic(rng), f"WX4-{hexid(rng, 6).upper()}", "WX-4", "2.0.4", dev, ts, "ahead"))
        for ts, w, unit, model, fw, dev, rec, reason in samples:
            app.add(ts, pylog(ts, "WARNING", "positions.ingest",
                              f"rejected reading: device time outside accepted window wagon={w} unit={unit} model={model} fw={fw} device_time={dev.strftime('%Y-%m-%dT%H:%M:%S')}+00:00 received={rec.strftime('%Y-%m-%dT%H:%M:%S.%f')}+00:00 reason={reason}"))
            if reason == "too_old" and model == "TG-200":
                stats["rejected"].append(ts)
        tf = t + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
        if rej:
            nrej = sum(rej.values())
            app.add(tf, pylog(tf, "INFO", "positions.ingest", f"rejected {nrej} of {total} readings in the last 60s ({', '.join(f'{k}={v}' for k, v in sorted(rej.items()))})"))
        stats["accepted"].append((t, total - sum(rej.values())))
        # stale wagons: the buggy TG-200 units stop updating; after 15 min they count as stale
        if broken and t >= ROLLOVER:
            silent_for = (t - ROLLOVER).total_seconds() / 60
            target = TG_BUGGY * min(1.0, max(0.0, (silent_for - 10) / 5 * (1 - moving) + (silent_for > 15) * moving))
            stale_tg = max(stale_tg, target)
        elif tg_corrected(t):
            stale_tg = max(0.0, stale_tg - TG_BUGGY * per_unit * 1.1)
        base_stale = rng.randint(140, 260)
        fresh = FLEET - base_stale - int(stale_tg)
        stats["fresh"].append((t, fresh))
        if t.minute % 5 == 0:
            tp = t + dt.timedelta(seconds=30, milliseconds=rng.randint(0, 500))
            app.add(tp, pylog(tp, "INFO", "positions.freshness", f"{FLEET} wagons: {fresh} with a position under 15 min, {FLEET - fresh} stale"))
        t += dt.timedelta(seconds=60)

    # ---- ETAs: trains of the new timetable without a path while catalogue 2026 is active
    for t in poisson_times(rng, TIMETABLE, END, 0.9):
        if catalogue_at(t) == 2026:
            otn = rng.choice(["47905", "47907", "45133", "46211", "47319", "41871", "45141"])
            app.add(t, pylog(t, "WARNING", "positions.eta", f"no path for train={otn} running_day=2026-12-13 in catalogue 2026; ETA unavailable"))
    for t in poisson_times(rng, START, END, 0.3):
        if t >= ROLLOVER + dt.timedelta(minutes=15) and t < CORRECTED + dt.timedelta(minutes=10):
            otn = rng.choice(["47311", "45127", "47905", "46211", "40771", "47319"])
            app.add(t, pylog(t, "WARNING", "positions.eta", f"train={otn}: lead wagon position older than 15 min, ETA withheld"))

    # ---- the vendors' webhooks: always 202
    def post(t, vendor, ua, client, size):
        pod = rng.choice(pods[gen_at(t)])
        access.add(t, ingress(t, client, "POST", f"/v1/webhooks/{vendor}", 202, 17, ua, size, rng.uniform(0.006, 0.03), ips[pod], hexid(rng, 32)))
    t = START + dt.timedelta(seconds=rng.uniform(0, 20))
    while t < END:
        post(t, "trakmo", "Trakmo-Webhooks/3.4 (+https://cloud.trakmo.example)", f"34.107.{rng.randint(0, 255)}.{rng.randint(1, 254)}", rng.randint(180000, 260000))
        t += dt.timedelta(seconds=rng.uniform(18, 22))
    t = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t < END:
        post(t, "senzar", "Senzar-Push/1.9", f"18.197.{rng.randint(0, 255)}.{rng.randint(1, 254)}", rng.randint(300000, 420000))
        t += dt.timedelta(seconds=rng.uniform(28, 32))
    for t in poisson_times(rng, START, END, 2.2):
        pod = rng.choice(pods[gen_at(t)])
        path = rng.choice([f"/v1/trains/{rng.choice(['47311', '45127', '47905', '46211', '40771'])}/eta", f"/v1/wagons/{rng.randint(31000000, 84999999)}/position", "/v1/customers/shipments?status=in_transit"])
        access.add(t, ingress(t, f"10.84.0.{rng.randint(2, 12)}", "GET", path, 200, rng.randint(400, 6000), "danubia-portal/5.2.0", rng.randint(300, 700), rng.uniform(0.008, 0.06), ips[pod], hexid(rng, 32)))

    # ---- Alertmanager notifications
    def alert(t, status_, name, summary, started=None):
        started = started or t
        ends = t if status_ == "resolved" else None
        body = {"receiver": "fleet-night", "status": status_, "groupLabels": {"alertname": name},
                "alerts": [{"status": status_, "labels": {"alertname": name, "severity": "page", "service": SERVICE, "team": "fleet"},
                            "annotations": {"summary": summary, "runbook_url": f"https://gitlab.com/danubia/wagon-positions/-/blob/main/docs/runbook.md#{name.lower()}"},
                            "startsAt": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "endsAt": ends.strftime("%Y-%m-%dT%H:%M:%SZ") if ends else "0001-01-01T00:00:00Z"}],
                "externalURL": "https://alertmanager.danubiarail.eu", "version": "4", "receivedAt": (t + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
        alerts.add(t + dt.timedelta(seconds=1), json.dumps(body, ensure_ascii=False, separators=(",", ":")))
    eta1, rej, stale, eta2 = utc("2026-12-12 23:04:00"), utc("2026-12-13 00:05:30"), utc("2026-12-13 00:17:00"), utc("2026-12-13 00:46:00")
    alert(eta1 + dt.timedelta(seconds=30), "firing", "TrainsWithoutEta", "7 running trains have no ETA", eta1)
    alert(utc("2026-12-12 23:29:30"), "resolved", "TrainsWithoutEta", "7 running trains have no ETA", eta1)
    alert(rej + dt.timedelta(seconds=30), "firing", "ReadingsRejected", "32 % of readings rejected over 5m", rej)
    alert(stale + dt.timedelta(seconds=30), "firing", "WagonPositionsStale", "4,920 of 15,200 wagons without a position for 15 min", stale)
    alert(eta2 + dt.timedelta(seconds=30), "firing", "TrainsWithoutEta", "9 running trains have no ETA", eta2)
    alert(utc("2026-12-13 01:04:00"), "resolved", "TrainsWithoutEta", "9 running trains have no ETA", eta2)
    alert(utc("2026-12-13 03:14:00"), "resolved", "ReadingsRejected", "32 % of readings rejected over 5m", rej)
    alert(utc("2026-12-13 03:31:30"), "resolved", "WagonPositionsStale", "4,920 of 15,200 wagons without a position for 15 min", stale)

    # ---- GitLab CI deploy jobs
    def job(t0, job_id, pipeline, sha, who, revision, duration):
        seq = [0]

        def out(off, text):
            seq[0] += 1
            tt = t0 + dt.timedelta(seconds=off, microseconds=1000 * (41 * seq[0] % 997))
            ci.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}Z 00O {text}")
        out(0, "Running with gitlab-runner 17.6.0 (374d34fd)")
        out(0.1, "  on danubia-gke-runner-1 xY3kq9Lb, system ID: r_k2Pq8sLmN4vT")
        out(3.9, f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        out(4.4, f"Executing \"step_script\" stage of the job script (job {job_id}, pipeline {pipeline}, started by {who})")
        out(4.5, "$ echo \"deploying $IMAGE:$CI_COMMIT_SHA\"")
        out(4.6, f"deploying europe-west3-docker.pkg.dev/danubia-rail/apps/wagon-positions:{sha}")
        out(4.7, "$ helm upgrade --install wagon-positions ./chart -n positions -f chart/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait")
        out(duration - 1, 'Release "wagon-positions" has been upgraded. Happy Helming!')
        out(duration - 0.9, f"REVISION: {revision}")
        out(duration, "Job succeeded")
    job(PREV_RELEASE - dt.timedelta(seconds=5), 5520402, 20402, shas["prev"], "Réka Molnár", 87, 61)
    job(RELEASE - dt.timedelta(seconds=5), 5520817, 20418, shas["activate"], "Tamás Varga", 88, 62)
    job(ROLLBACK - dt.timedelta(seconds=5), 5520899, 20402, shas["prev"], "Lukas Brandstetter", 89, 58)
    job(FORWARD - dt.timedelta(seconds=5), 5520913, 20418, shas["activate"], "Lukas Brandstetter", 90, 60)

    # ---- Trakmo status page
    def st(t, body):
        status.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))
    st(utc("2026-12-10 08:00:00"), {"id": "mnt-2026-1210", "type": "maintenance", "title": "Trakmo Cloud: database maintenance", "status": "completed",
                                    "created_at": "2026-12-10T08:00:00Z", "body": "Planned maintenance of the EU data platform, 02:00-03:00 UTC on 10 December. Webhook delivery may be delayed by up to 10 minutes."})
    st(BULLETIN, {"id": "tsb-2026-031", "type": "incident", "title": "TG-200: wrong dates after the GNSS week number rollover", "status": "identified", "created_at": BULLETIN.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "components": ["TG-200", "Trakmo Cloud"],
                  "body": "Since 13 December 00:00 GPS time (12 December 23:59:42 UTC) TG-200 units with firmware earlier than 3.8.2 report dates 1024 weeks in the past (April 2007). "
                          "Positions, sensors and sequence numbers are correct. Cause: the GNSS module's week number rollover pivot in these firmware versions. "
                          "We will correct the dates of affected units in Trakmo Cloud before delivery; firmware 3.8.3 will be rolled out over the air from 14 December."})
    st(utc("2026-12-13 03:14:40"), {"id": "tsb-2026-031", "type": "incident", "title": "TG-200: wrong dates after the GNSS week number rollover", "status": "monitoring", "created_at": BULLETIN.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                    "body": "Since 03:12 UTC Trakmo Cloud corrects the dates of affected TG-200 units before webhook delivery. Readings rejected since the rollover are not resent; positions update with each unit's next report."})

    # ---- #ops-night
    def say(t, who, text):
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC {who}: {text}")
    say(utc("2026-12-12 23:01:10"), "Tamás Varga", "new timetable in force. 'no path' warnings for the new trains as expected, activating catalogue 2027 now")
    say(utc("2026-12-12 23:26:40"), "Tamás Varga", f"catalogue 2027 released ({shas['activate'][:8]}), 47905 has an ETA. Handing over to Lukas, good night")
    say(utc("2026-12-13 00:09:20"), "Lukas Brandstetter", "ReadingsRejected firing, a third of all readings rejected as too_old since midnight UTC. looking")
    say(utc("2026-12-13 00:21:00"), "Night desk Wien (Petra)", "portal shows thousands of wagons with positions from before 01:00 CET, customers calling about trains at Hegyeshalom")
    say(utc("2026-12-13 00:38:50"), "Lukas Brandstetter", "only thing that changed tonight is the catalogue release at 23:22, rolling it back to be sure")
    say(utc("2026-12-13 00:52:30"), "Lukas Brandstetter", "rollback changed nothing, and new-timetable trains lose their ETA again. rolling forward")
    say(utc("2026-12-13 01:12:10"), "Lukas Brandstetter", "all rejected readings are from Trakmo units. Their dates are in April 2007?! Opened a P1 ticket with Trakmo (TRK-88213)")
    say(utc("2026-12-13 02:44:00"), "Lukas Brandstetter", "Trakmo status page has a bulletin now, fix on their side promised")
    say(utc("2026-12-13 03:20:30"), "Lukas Brandstetter", "readings accepted again since 03:12, positions catching up as the units report")
    return [app, access, alerts, ci, status, chat], stats


def build(out_dir):
    rng = random.Random(20400)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = min(stats["rejected"]).replace(microsecond=0)

        def series(points):
            def fn(t):
                best = None
                for tt, v in points:
                    if tt > t:
                        break
                    best = v
                return best
            return fn

        metrics = {
            "positions_wagons_fresh.json": query_range([({"service": SERVICE, "window": "15m"}, series(stats["fresh"]))], START, END, 60),
            "positions_readings_accepted_per_minute.json": query_range([({"service": SERVICE}, series(stats["accepted"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="gps-week-rollover-none", service=SERVICE, onset=onset,
            description=f"""
On the night of the annual timetable change (the 2027 timetable is in
force from 00:00 CET, 23:00 UTC), from {onset.strftime('%H:%M:%S')} UTC on Saturday 12 December
about a third of the wagons' readings are rejected and about a third of
the fleet keeps a position from before 01:00 CET; trains get no ETA. The
2027 path catalogue was activated in a release at 23:22 UTC, rolled back at
00:41 and forward again at 00:58. Readings are accepted again from 03:12.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"rejected reading: device time outside accepted window", r"GNSS week number rollover"],
            fix_files=[],
            explanation=f"""
Nothing in wagon-positions' repository caused it. The GNSS module of the
TG-200 telematics units (vendor Trakmo) derives the date from GPS's
10-bit week number with a pivot in its firmware; before firmware 3.8.2
the pivot ends at GPS week 2449, which began on 13 December 00:00 GPS
time, 12 December 23:59:42 UTC. From that second those units date their
readings 1024 weeks early (April 2007). wagon-positions rejects readings
more than seven days old, a rule months old, so every reading of about
4,800 wagons is rejected ("rejected reading: device time outside accepted
window ... model=TG-200 fw=3.7.x device_time=2007-04-..."), their positions
go stale and their trains lose ETAs; WX-4 units and TG-200 units already
on 3.8.x are unaffected. Trakmo's bulletin ("wrong dates after the GNSS
week number rollover") is posted 2 h 40 min later, and its cloud corrects
the dates from 03:12. The fix is the vendor's (cloud-side correction,
firmware 3.8.3).
Decoys: the release activating the 2027 path catalogue at 23:22,
{int((onset - RELEASE).total_seconds() // 60)} minutes before the onset, and its rollback and roll-forward
(the rollback only brings back "no path ... ETA unavailable" for trains of
the new timetable, as between 23:00 and 23:22); the timetable change at
00:00 CET itself; the day's catalogue import and runbook; the afternoon
commit that logs model and firmware with rejected readings (every sample
line); the aiokafka bump; the staleness alert change; Friday's
device-clock tolerance change in the validation module; WX-4 buffer
replays and clocks ahead rejected before the onset too; the vendors'
webhooks answered 202 throughout.
""",
        )
    finally:
        repo.close()
