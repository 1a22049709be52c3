"""musterpoint is Solenne Cruises' e-muster service on Solenne Aurora (the
ship of `r108-cabin-folio-cache-voyage`, two weeks later). Before a ship
sails, every guest must attend the muster drill: on embarkation day they
watch the safety video in the app and then report to their assembly
station (A to H), where crew with handheld scanners scan their SeaPass
cards. The handhelds upload their scans over the crew Wi-Fi to musterpoint,
which counts each station and the ship, and the bridge closes the drill at
100 % (or after a manual count of the missing). The ship cannot sail
before.

Friday 18 December 2026: musterpoint 5.4.0 (MUS-88, the handhelds upload
their scans in batches every 10 s instead of one by one; MUS-90, a "station
silent" warning when a station gets no scans for 90 s during a drill; a
FastAPI bump) is deployed in the evening. Saturday 19 December, 14:05 EST:
the staff captain's office moves the drill from 16:15 to 16:00 for an
earlier sailaway (config commit, synced 19:22 UTC). A runbook commit on
Friday says a station stuck at a low count after a musterpoint release is
the release: roll back.

Saturday, 15:48 EST (20:48 UTC): a chilled-water valve on a fan coil unit
above the deck 5 IT closet IDF 5-3 (fire zone 3) starts to leak; the IAMS
leak detector in the closet alarms in the engine control room ("LEAK
DETECTOR IDF 5-3 WATER DETECTED"); the engineer on watch, busy with
departure preparations, acknowledges it (the detector had alarmed on
condensation twice that month). The drill starts at 16:00 EST. At
16:09:41 water reaches the access switch: its uplink goes down on the core
switch ("Interface TenGigabitEthernet1/1/5, changed state to down"), the
eleven access points it powers leave the Wi-Fi controller (heartbeat
timeout) and the handhelds of stations C (Aurora Theatre) and D (Horizon
Lounge) keep their scans in their offline queues. musterpoint warns
"station silent" for C and D from 21:11 UTC; the ship's count stops at
about 88 %. The on-call developer (Marcus), following the runbook, rolls
back to 5.3.2 at 21:31 UTC without effect (C and D stay silent, there is no
warning any more); the ship's IT officer sees the uplink down on the core
switch, the electro-technical officer goes to IDF 5-3, finds water on the
switch and the fan coil valve leaking, isolates the valve and patches the
APs to a spare switch; the APs rejoin at 22:01, the handhelds upload their
queues and the drill is closed at 22:08 UTC after a manual count; sailaway
is 25 minutes late and 5.4.0 is synced again the next morning. Nothing in
musterpoint is changed.

Sources: musterpoint (Python logging), core switch (syslog RFC 3164, IOS
messages), Wi-Fi controller (JSON), IAMS alarm printer (line format), Argo
CD (logfmt), #aurora-ship-it (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from skeletons import chores, k8s_deployment, k8s_service, python_service, runbook

SERVICE = "musterpoint"
START, END = utc("2026-12-19 19:00:00"), utc("2026-12-19 22:40:00")
EST = dt.timezone(dt.timedelta(hours=-5))


def est(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=EST).astimezone(dt.timezone.utc)


UPLOADS_PY = '''"""Scans from the handhelds at the assembly stations. A handheld keeps a
scan in its offline queue until musterpoint has acknowledged it, so a scan
is never lost when the Wi-Fi drops; it is only late."""

import logging

from fastapi import APIRouter
from pydantic import BaseModel

from musterpoint import drill

log = logging.getLogger("musterpoint.uploads")
router = APIRouter()


class Scan(BaseModel):
    card: str
    station: str
    scanned_at: str


@router.post("/v1/handhelds/{handheld}/scans")
def upload(handheld: str, scan: Scan):
    accepted = drill.current().record(scan.card, scan.station, scan.scanned_at)
    log.info("scan accepted handheld=%s station=%s new=%s", handheld, scan.station, accepted)
    return {"ack": [scan.card]}
'''

STATIONS_YAML = """# Assembly stations of Solenne Aurora (SOLAS muster list rev. 14)
stations:
  A: {name: "Seaside Dining (deck 4 fwd)", fire_zone: 1, handhelds: 6}
  B: {name: "Casino (deck 4 mid)", fire_zone: 2, handhelds: 6}
  C: {name: "Aurora Theatre (deck 5 fwd)", fire_zone: 3, handhelds: 6}
  D: {name: "Horizon Lounge (deck 5 mid)", fire_zone: 3, handhelds: 6}
  E: {name: "Atrium (deck 5 aft)", fire_zone: 4, handhelds: 6}
  F: {name: "Pool Deck fwd (deck 11)", fire_zone: 2, handhelds: 6}
  G: {name: "Pool Deck aft (deck 11)", fire_zone: 4, handhelds: 6}
  H: {name: "Sky Lounge (deck 12)", fire_zone: 5, handhelds: 6}
drill:
  start: "16:15"
  close_at_percent: 100
"""


def build_repo():
    marcus = Person("Marcus Hale", "marcus.hale@solenne.cruises", -300)
    kelsey = Person("Kelsey Park", "kelsey.park@solenne.cruises", -300)
    ana = Person("Ana Villanueva", "ana.villanueva@solenne.cruises", 480)
    office = Person("Aurora Staff Captain's Office", "staffcaptain.aurora@solenne.cruises", -300)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    rng = random.Random(108201)
    shas = {}
    files = python_service(SERVICE, "musterpoint", "e-muster for Solenne ships: safety video in the app, SeaPass scans at the assembly stations, the drill's count for the bridge.")
    files.update({
        "musterpoint/uploads.py": UPLOADS_PY,
        "musterpoint/drill.py": '"""The running drill: who is accounted for, per station and for the ship."""\n\nimport logging\nimport threading\n\nlog = logging.getLogger("musterpoint.drill")\n_current = None\n\n\nclass Drill:\n    def __init__(self, drill_id, manifest):\n        self.id = drill_id\n        self.expected = manifest\n        self.accounted = {}\n        self._lock = threading.Lock()\n\n    def record(self, card, station, scanned_at):\n        with self._lock:\n            if card in self.accounted:\n                return False\n            self.accounted[card] = (station, scanned_at)\n            return True\n\n\ndef current():\n    return _current\n',
        "config/stations.yaml": STATIONS_YAML,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8000, replicas=2, memory="384Mi", env={"STATIONS": "config/stations.yaml"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8000),
        "k8s/kustomization.yaml": 'resources:\n  - deployment.yaml\n  - service.yaml\nimages:\n  - name: registry.internal/musterpoint\n    newName: harbor.aurora.ship.local/shipside/musterpoint\n    newTag: "5.3.1"\n',
        "CHANGELOG.md": "# Changelog\n\n## 5.3.1\n\n- Bridge view: missing guests by cabin.\n",
        "docs/runbook.md": runbook(SERVICE, [
            ("MusterDrillSlow", "The ship's count is under 90 % 25 minutes after the drill started. Look at\nthe stations' counts on the bridge view; a station far behind is usually\nguests at the wrong station (the crew there redirect them)."),
        ]),
    })
    repo.commit(est("2026-12-07 10:10:00"), marcus, "musterpoint: e-muster service for Aurora", files)
    repo.schedule(chores(rng, SERVICE, [marcus, kelsey, ana], est("2026-12-07 12:00:00"), est("2026-12-18 16:00:00"), 4))
    repo.commit(est("2026-12-09 14:22:00"), ana, "drill: bridge view lists missing guests by cabin and deck (MUS-81)", {
        "musterpoint/bridge.py": '"""The bridge view: per station counts and the missing guests by deck."""\n\nfrom musterpoint import drill\n\n\ndef summary():\n    d = drill.current()\n    return {"drill": d.id, "accounted": len(d.accounted), "expected": len(d.expected)}\n',
    })
    shas["rel_532"] = repo.commit(est("2026-12-10 16:40:00"), ana, "release 5.3.2", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "5.3.1"', 'newTag: "5.3.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 5.3.2\n\n- Missing guests by cabin and deck (MUS-81).\n"),
    })
    repo.commit(est("2026-12-16 11:05:00"), marcus, "uploads: handhelds send their scans in batches every 10 s (MUS-88)\n\nAt the peak of a drill 48 handhelds sent a request per scan and the\nAPs in the theatre retried a lot; one request per 10 s per handheld.", {
        "musterpoint/uploads.py": repo.edit("musterpoint/uploads.py", '''class Scan(BaseModel):
    card: str
    station: str
    scanned_at: str


@router.post("/v1/handhelds/{handheld}/scans")
def upload(handheld: str, scan: Scan):
    accepted = drill.current().record(scan.card, scan.station, scan.scanned_at)
    log.info("scan accepted handheld=%s station=%s new=%s", handheld, scan.station, accepted)
    return {"ack": [scan.card]}
''', '''class Scan(BaseModel):
    card: str
    station: str
    scanned_at: str


class Batch(BaseModel):
    scans: list[Scan]
    queued: int = 0


@router.post("/v1/handhelds/{handheld}/batches")
def upload_batch(handheld: str, batch: Batch):
    d = drill.current()
    new = sum(d.record(s.card, s.station, s.scanned_at) for s in batch.scans)
    station = batch.scans[0].station if batch.scans else "-"
    log.info("batch received handheld=%s station=%s scans=%d new=%d", handheld, station, len(batch.scans), new)
    return {"ack": [s.card for s in batch.scans]}
'''),
    })
    repo.commit(est("2026-12-17 10:30:00"), kelsey, "drill: warn when a station gets no scans for 90 s during a drill (MUS-90)", {
        "musterpoint/watch.py": '"""During a drill, a station whose handhelds send nothing for 90 s is\nworth a look from the bridge: the crew there may have a problem."""\n\nimport logging\nimport time\n\nlog = logging.getLogger("musterpoint.watch")\nSILENT_AFTER_S = 90\n\n\ndef check(drill, last_scan_by_station):\n    now = time.time()\n    for station, last in last_scan_by_station.items():\n        if now - last > SILENT_AFTER_S and drill.percent(station) < 100:\n            log.warning("station silent station=%s last_scan_s=%d accounted=%d/%d", station, now - last,\n                        drill.count(station), drill.expected_at(station))\n',
    })
    repo.commit(est("2026-12-17 15:10:00"), bot, "chore(deps): update dependency fastapi to v0.110.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"fastapi==0.110.0"', '"fastapi==0.110.3"'),
    })
    repo.commit(est("2026-12-18 11:25:00"), kelsey, "runbook: a station stuck during a drill", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## MusterStationSilent

"station silent" for a station during a drill: its handhelds have sent no
scans for 90 s. The handhelds keep scans offline, so nothing is lost.

- If it starts after a musterpoint release (the batch uploads of 5.4.0 are
  new), roll back to the previous release: the handhelds fall back to
  single uploads.
- Otherwise ask the station's crew on the radio whether they are scanning.
""",
    })
    shas["rel_540"] = repo.commit(est("2026-12-18 14:50:00"), marcus, "release 5.4.0", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "5.3.2"', 'newTag: "5.4.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 5.4.0\n\n- Batch uploads from the handhelds (MUS-88).\n- Station silent warning (MUS-90).\n- FastAPI 0.110.3.\n"),
    })
    shas["drill_time"] = repo.commit(est("2026-12-19 14:05:00"), office, "stations: drill at 16:00 for the 17:00 sailaway (Captain's order 12/19)", {
        "config/stations.yaml": repo.edit("config/stations.yaml", 'start: "16:15"', 'start: "16:00"'),
    })
    shas["rollback"] = repo.commit(est("2026-12-19 16:29:00"), marcus, "deploy: pin musterpoint 5.3.2 (rollback of 5.4.0, INC-2317)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "5.4.0"', 'newTag: "5.3.2"'),
    })
    return repo, shas


STATIONS = "ABCDEFGH"
DOWN_STATIONS = "CD"


def build_logs(rng, shas):
    app = Log("musterpoint.log")
    core = Log("core-switch.log")
    wlc = Log("wifi-controller.log")
    iams = Log("iams-alarms.log")
    argo = Log("argocd-musterpoint.log")
    slack = Log("slack-aurora-ship-it.log")
    stats = {"first_silent": None}

    def U(text):
        return utc(f"2026-12-19 {text}" if text.count(":") == 2 else f"2026-12-19 {text}:00")

    SYNC_CFG, SYNC_RB = U("19:22:31"), U("21:31:20")
    DRILL = U("21:00:00")
    LEAK, UPLINK_DOWN, UPLINK_UP = U("20:48:12"), U("21:09:41"), U("21:59:20")
    DRILL_CLOSED = U("22:08:30")

    def version_at(t):
        return "5.3.2" if t >= SYNC_RB + dt.timedelta(seconds=40) else "5.4.0"

    def lg(t, level, logger, msg):
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} {logger}: {msg}")

    def sw(t, msg, host="aurora-core-sw1"):
        core.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {rng.randint(100000, 999999)}: {t.strftime('%b %d %H:%M:%S')}.{t.microsecond // 1000:03d} UTC: {msg}")

    def wl(t, level, event, **fields):
        body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "host": "aurora-wlc-01", "level": level, "event": event}
        body.update(fields)
        wlc.add(t, json.dumps(body, separators=(",", ":")))

    seq = [4400]

    def ia(t, tag, state, text):
        seq[0] += 1
        iams.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S')} #A{seq[0]} {tag:<16} {state:<5} {text}")

    # --- deploys -----------------------------------------------------------------------------
    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=musterpoint"]
        parts += [f"{k}={v}" if " " not in str(v) else f'{k}="{v}"' for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        al(START + dt.timedelta(seconds=x + rng.uniform(0, 2)), "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "shipside"})
    for sync, sha, ver, hid in ((SYNC_CFG, shas["drill_time"], "5.4.0", 44), (SYNC_RB, shas["rollback"], "5.3.2", 45)):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "shipside"})
        al(sync + dt.timedelta(seconds=5.2), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=41.0), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "shipside"})
        for i in range(2):
            s = sync + dt.timedelta(seconds=8 + 12 * i + rng.uniform(0, 3))
            lg(s, "INFO", "musterpoint.main", f"starting musterpoint version={ver} ship=AURORA stations=8 handhelds=48")
            lg(s + dt.timedelta(seconds=0.6), "INFO", "musterpoint.drill", f"drill schedule: D-1219 at 16:00 EST, manifest voyage AU1219 ({2904} guests)")
            lg(s + dt.timedelta(seconds=0.9), "INFO", "uvicorn.error", "Application startup complete.")

    # --- IAMS alarms ----------------------------------------------------------------------------
    routine = [("FO-PURIF-2", "ALARM", "FO PURIFIER 2 SLUDGE DISCHARGE FAIL"), ("GALLEY-EXH-5", "ALARM", "GALLEY EXHAUST DUCT TEMP HIGH 5A"),
               ("GW-TK-3", "ALARM", "GREY WATER TANK 3 LEVEL HIGH"), ("AC-AHU-7-2", "ALARM", "AHU 7-2 FILTER DIFF PRESSURE HIGH"),
               ("BILGE-WELL-14", "ALARM", "BILGE WELL 14 LEVEL HIGH"), ("SHORE-PWR", "INFO", "SHORE POWER CONNECTION STATUS CHECK OK")]
    for t in poisson_times(rng, START, END, 0.18):
        tag, state, text = rng.choice(routine)
        ia(t, tag, state, text)
        if state == "ALARM":
            ia(t + dt.timedelta(seconds=rng.uniform(20, 120)), tag, "ACK", text)
            ia(t + dt.timedelta(seconds=rng.uniform(200, 900)), tag, "NORM", text)
    ia(U("19:30:00"), "DEPARTURE", "INFO", "DEPARTURE PREPARATION LIST STARTED BY 2/E")
    ia(LEAK, "LEAK-IDF-5-3", "ALARM", "LEAK DETECTOR IDF 5-3 WATER DETECTED")
    ia(LEAK + dt.timedelta(seconds=74), "LEAK-IDF-5-3", "ACK", "LEAK DETECTOR IDF 5-3 WATER DETECTED")
    ia(U("21:09:52"), "FCU-5-3-02", "ALARM", "FAN COIL 5-3-02 CONDENSATE TRAY LEVEL HIGH")
    ia(U("21:10:30"), "FCU-5-3-02", "ACK", "FAN COIL 5-3-02 CONDENSATE TRAY LEVEL HIGH")
    ia(U("21:46:02"), "CHW-V-5-3", "INFO", "CHILLED WATER VALVE FZ3 DECK 5 CLOSED LOCALLY")
    ia(U("21:52:40"), "LEAK-IDF-5-3", "NORM", "LEAK DETECTOR IDF 5-3 WATER DETECTED")
    ia(U("21:53:15"), "FCU-5-3-02", "NORM", "FAN COIL 5-3-02 CONDENSATE TRAY LEVEL HIGH")

    # --- core switch --------------------------------------------------------------------------------
    noise = [
        lambda: f"%DOT1X-5-SUCCESS: Authentication successful for client ({hexid(rng, 4)}.{hexid(rng, 4)}.{hexid(rng, 4)}) on Interface Gi{rng.randint(1, 4)}/0/{rng.randint(1, 48)}",
        lambda: f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: 10.20.0.{rng.randint(10, 30)}] [localport: 22]",
        lambda: f"%ILPOWER-7-DETECT: Interface Gi{rng.randint(1, 4)}/0/{rng.randint(1, 48)}: Power Device detected: IEEE PD",
        lambda: f"%DHCP_SNOOPING-4-DHCP_SNOOPING_DENY: DHCP packet dropped on untrusted port Gi{rng.randint(1, 4)}/0/{rng.randint(1, 48)}, vlan {rng.choice([210, 220, 310])}",
    ]
    for t in poisson_times(rng, START, END, 0.9):
        sw(t, rng.choice(noise)())
    sw(UPLINK_DOWN, "%LINK-3-UPDOWN: Interface TenGigabitEthernet1/1/5, changed state to down")
    sw(UPLINK_DOWN + dt.timedelta(seconds=1), "%LINEPROTO-5-UPDOWN: Line protocol on Interface TenGigabitEthernet1/1/5, changed state to down")
    sw(U("21:56:10"), "%LINK-3-UPDOWN: Interface TenGigabitEthernet1/1/7, changed state to up")
    sw(U("21:56:11"), "%LINEPROTO-5-UPDOWN: Line protocol on Interface TenGigabitEthernet1/1/7, changed state to up")
    sw(U("21:57:30"), "%SYS-5-CONFIG_I: Configured from console by netops on vty0 (10.20.0.14)")

    # --- Wi-Fi controller -------------------------------------------------------------------------
    aps = {s: [f"AP-D{'05' if s in 'CDE' else ('04' if s in 'AB' else '11')}-FZ{ {'A': 1, 'B': 2, 'C': 3, 'D': 3, 'E': 4, 'F': 2, 'G': 4, 'H': 5}[s]}-{i:02d}" for i in range(1, 5)] for s in STATIONS}
    fz3 = aps["C"] + aps["D"] + ["AP-D05-FZ3-09", "AP-D05-FZ3-10", "AP-D05-FZ3-11"]
    for x in range(0, int((END - START).total_seconds()), 300):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 10))
        up = 148 if UPLINK_DOWN < t < UPLINK_UP + dt.timedelta(minutes=3) else 159
        wl(t, "info", "SUMMARY", aps_joined=up, aps_total=159, clients=rng.randint(2400, 4200))
    for t in poisson_times(rng, START, END, 1.6):
        wl(t, "info", "CLIENT_ROAM", client=f"{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}", ssid=rng.choice(["AURORA-GUEST", "AURORA-CREW"]),
           from_ap=rng.choice(sum(aps.values(), [])), to_ap=rng.choice(sum(aps.values(), [])))
    for i, ap in enumerate(fz3):
        t = UPLINK_DOWN + dt.timedelta(seconds=30 + i * 0.4 + rng.uniform(0, 2))
        wl(t, "error", "AP_DISJOIN", ap=ap, reason="heartbeat timeout", switch="aurora-idf-5-3")
    for i, ap in enumerate(fz3):
        t = UPLINK_UP + dt.timedelta(seconds=95 + i * 6 + rng.uniform(0, 5))
        wl(t, "info", "AP_JOIN", ap=ap, image="17.9.5", switch="aurora-idf-5-3b")

    # --- musterpoint ---------------------------------------------------------------------------------
    for t in poisson_times(rng, START, DRILL, 12.0):
        lg(t, "INFO", "musterpoint.video", f"safety video completed guest=G{rng.randint(1000000, 9999999)} station={rng.choice(STATIONS)} via={rng.choice(['app', 'app', 'stateroom_tv'])}")
    for s in STATIONS:
        for h in range(1, 7):
            hh = f"HH-{s}{h:02d}"
            for t in poisson_times(rng, START, END, 0.5):
                if s in DOWN_STATIONS and UPLINK_DOWN < t < UPLINK_UP + dt.timedelta(minutes=2):
                    continue
                lg(t, "INFO", "musterpoint.handhelds", f"heartbeat handheld={hh} battery={rng.randint(38, 100)}% queue=0 rssi=-{rng.randint(48, 71)}")
    expected = {s: 363 for s in STATIONS}
    counts = {s: 0 for s in STATIONS}
    last_scan = {s: DRILL for s in STATIONS}
    queued = {s: 0 for s in STATIONS}
    t = DRILL - dt.timedelta(minutes=5)
    warned = {}
    progress_at = DRILL
    while t < END:
        t = t + dt.timedelta(seconds=10)
        for s in STATIONS:
            m = (t - (DRILL - dt.timedelta(minutes=5))).total_seconds() / 60
            share = min(1.0, max(0.0, m / 30)) if m < 30 else 1.0
            target = int(expected[s] * (0.985 * min(1.0, share * 1.15)))
            new = max(0, target - counts[s] - queued[s])
            if s in DOWN_STATIONS and UPLINK_DOWN <= t < UPLINK_UP + dt.timedelta(minutes=2, seconds=30):
                queued[s] += new
                if version_at(t) == "5.4.0" and (t - last_scan[s]).total_seconds() > 90 and (s not in warned or (t - warned[s]).total_seconds() >= 60):
                    warned[s] = t
                    wt = t + dt.timedelta(seconds=rng.uniform(0, 2))
                    lg(wt, "WARNING", "musterpoint.watch", f"station silent station={s} last_scan_s={int((t - last_scan[s]).total_seconds())} accounted={counts[s]}/{expected[s]}")
                    if stats["first_silent"] is None:
                        stats["first_silent"] = wt
                continue
            new += queued[s]
            queued[s] = 0
            if new == 0:
                continue
            for h in range(1, 7):
                n = new // 6 + (1 if h <= new % 6 else 0)
                if n == 0:
                    continue
                bt = t + dt.timedelta(seconds=rng.uniform(0, 9))
                if version_at(bt) == "5.4.0":
                    lg(bt, "INFO", "musterpoint.uploads", f"batch received handheld=HH-{s}{h:02d} station={s} scans={n} new={n}")
                else:
                    for _ in range(min(n, 4)):
                        lg(bt, "INFO", "musterpoint.uploads", f"scan accepted handheld=HH-{s}{h:02d} station={s} new=True")
            counts[s] += new
            last_scan[s] = t
        if t >= progress_at and t < DRILL_CLOSED:
            progress_at = t + dt.timedelta(minutes=1)
            total = sum(counts.values())
            per = " ".join(f"{s}={counts[s]}" for s in STATIONS)
            lg(t + dt.timedelta(seconds=0.5), "INFO", "musterpoint.drill", f"drill progress drill=D-1219 accounted={total}/2904 ({100 * total / 2904:.1f}%) {per}")
    lg(DRILL - dt.timedelta(seconds=2), "INFO", "musterpoint.drill", "drill started drill=D-1219 by bridge (staff captain)")
    lg(U("21:40:12"), "INFO", "musterpoint.drill", "manual count entered station=C by station leader: 331 present")
    lg(U("21:41:30"), "INFO", "musterpoint.drill", "manual count entered station=D by station leader: 344 present")
    lg(DRILL_CLOSED, "INFO", "musterpoint.drill", "drill closed drill=D-1219 by bridge: accounted 2896/2904, 8 missing found in cabins")
    for t in poisson_times(rng, START, END, 0.05):
        lg(t, "WARNING", "musterpoint.uploads", f"unknown card rejected handheld=HH-{rng.choice(STATIONS)}0{rng.randint(1, 6)} card=04{hexid(rng, 4).upper()}****** (crew card)")

    # --- Slack --------------------------------------------------------------------------------------
    users = {"marcus.hale": "U02MH3", "joel.lindqvist": "U07JL2", "rafael.costa": "U07RC5", "bridge.aurora": "U07BR1", "alertmanager": "B01AM2"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "aurora-ship-it", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}))

    say("19:24", "marcus.hale", "drill time change synced (16:00 EST), musterpoint still 5.4.0 from last night")
    say("21:01", "bridge.aurora", "muster drill D-1219 started 16:00")
    say("21:13", "alertmanager", "[FIRING] MusterStationSilent aurora: stations C, D silent during drill")
    say("21:16", "bridge.aurora", "C (theatre) and D (Horizon) stuck at ~200 each on the bridge view, crew on the radio say they are scanning. sailaway 17:00")
    say("21:19", "marcus.hale", "C and D: no batches since 21:09. the handhelds' heartbeats stopped too. runbook says roll back if after a release, 5.4.0 batch uploads are new. rolling back to 5.3.2 (INC-2317)")
    say("21:27", "joel.lindqvist", "IT officer here. WLC shows 11 APs in FZ3 deck 5 gone at 16:10 (heartbeat timeout), all on idf-5-3. core sw1 Te1/1/5 down at 16:09:41")
    say("21:34", "marcus.hale", "5.3.2 synced 21:31, no scans from C/D either. not the release")
    say("21:36", "bridge.aurora", "manual count ordered for C and D, paper lists")
    say("21:38", "rafael.costa", "ETO: going to IDF 5-3. ECR had a leak alarm from that closet at 15:48, acked as condensation")
    say("21:47", "rafael.costa", "water dripping on the access switch from the fan coil above, valve leaking. chilled water valve closed, switch dead. patching APs to the spare (idf-5-3b) on Te1/1/7")
    say("22:02", "joel.lindqvist", "APs rejoining on idf-5-3b, 11/11")
    say("22:04", "marcus.hale", "C and D handhelds uploading their offline queues, counts jumping. nothing was lost")
    say("22:09", "bridge.aurora", "drill closed 17:08, 8 missing found in cabins. sailaway 17:25")
    say("22:15", "marcus.hale", "will put 5.4.0 back tomorrow morning, it wasn't it. runbook needs a 'check the WLC' line")
    # the alarm printer numbers its lines in time order
    iams.entries.sort(key=lambda e: (e[0], e[1]))
    iams.entries = [(w, i, f"{text.split(' #A')[0]} #A{4401 + i} {text.split(' #A')[1].split(' ', 1)[1]}") for i, (w, _, text) in enumerate(iams.entries)]
    return [app, core, wlc, iams, argo, slack], stats


def build(out_dir):
    rng = random.Random(108300)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_silent"].replace(microsecond=0)
        assert utc("2026-12-19 21:10:30") < onset < utc("2026-12-19 21:13:00"), onset
        return write_scenario(
            out_dir, name="r108-muster-idf-leak-none", service=SERVICE, onset=onset,
            description=f"""
During Solenne Aurora's pre-departure muster drill on Saturday 19 December
2026 (16:00 EST, 21:00 UTC), musterpoint stops getting scans from assembly
stations C (Aurora Theatre) and D (Horizon Lounge) and warns "station
silent" from {onset.strftime('%H:%M:%S')} UTC; the ship's count stops at about 88 %.
musterpoint 5.4.0 had been deployed the evening before and a drill time
change synced at 19:22 UTC; a rollback to 5.3.2 at 21:31 had no effect.
The scans arrived at 22:03 and the drill was closed at 22:08 UTC. Times
in every log are UTC, the IAMS alarm printer's too.
""",
            logs=logs,
            line_formats={"iams-alarms.log": r'<Date> <Time> #<Seq> <Tag>\s+<State>\s+<Content>'},
            repo=repo, culprit="none",
            root_cause=[
                r'LEAK DETECTOR .*WATER DETECTED',
                r'Interface .* changed state to down',
                r'AP_DISJOIN',
            ],
            fix_files=[],
            explanation="""
Nothing in musterpoint: a chilled-water valve on a fan coil unit above the
deck 5 IT closet IDF 5-3 leaks (IAMS "LEAK DETECTOR IDF 5-3 WATER
DETECTED" at 20:48 UTC, acknowledged as condensation), the water reaches
the access switch at 21:09:41 (its uplink "changed state to down" on the
core switch) and the eleven access points of fire zone 3 on deck 5 leave
the Wi-Fi controller ("AP_DISJOIN ... heartbeat timeout"), so the
handhelds of assembly stations C and D keep their scans offline. The
electro-technical officer closes the valve and patches the APs to a spare
switch; the queued scans arrive at 22:03.
Decoys: release 5.4.0, deployed the evening before (MUS-88, batch
uploads, and MUS-90, which adds the very "station silent" warning; a
FastAPI bump); the staff captain's drill time change, synced 1 h 48 before
the onset (the deploy marker nearest the onset); a runbook section that
says to roll back when a station is silent after a release; the rollback
to 5.3.2, without effect; routine engine room alarms.
""",
        )
    finally:
        repo.close()
