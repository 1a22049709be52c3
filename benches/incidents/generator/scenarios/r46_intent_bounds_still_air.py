"""flight-ops (Python 3.12, FastAPI and structlog JSON, three pods on EKS in
eu-north-1, synced by Argo CD from `main`; team in Helsinki, a contractor in
Lisbon and one in Krakow) of Lumo Air, a drone delivery company flying
parcels and pharmacy orders from three hubs around Helsinki (Espoo Kera ESP,
Vantaa Tikkurila VAN, Helsinki Kalasatama KAL). Every mission is flown
inside an operational intent filed with the U-space service provider
AirGrid: flight-ops plans the route, files the intent (a 4D volume with a
time_start and a time_end), activates it at launch and ends it at landing.
AirGrid's conformance monitoring compares the drone's network telemetry
with the intent and marks it Nonconforming when the aircraft is outside it,
in space or in time. flight-ops answers a Nonconforming intent with a
ten-minute launch hold at the hub (an old rule from the pilot phase).
Weather gates close a hub's launches when the gust passes the limit; the
drones swap batteries at the hubs' swap stations after each landing;
customers book delivery slots and get push notifications.

On Wednesday 4 March at 09:52 UTC FOPS-318 ("intents: time bounds from the
planner's ETA, not a fixed 30-minute block") shortens the intents: at the
lunch peak AirGrid had refused new intents at the Kalasatama hub for
conflicts with its own, half-empty, 30-minute blocks. time_end is now the
launch plus the planner's ETA plus 15 %; the planner's ETA flies both legs
at the 18 m/s cruise airspeed, in still air. It ships in Wednesday's 16:30
sync (Argo names a later docs commit). Thursday morning is calm (3-4 m/s)
and every mission lands inside its bounds.

Thursday 5 March: the wind rises from the west-south-west through the
day. At 12:15 a release goes out: FOPS-331 (gust limit 12 -> 10.5 m/s, the
hub anemometer preferred over the forecast), FOPS-327 (AirGrid's
conformance notifications logged with the intent's state and reason, so
those lines are new), an httpx bump and a runbook commit. From about 12:45
the return legs into the headwind outlast the intents: AirGrid marks them
Nonconforming ("aircraft outside intent time bounds"), the hubs go into
launch holds, slots slip and customers get "delayed" pushes; VAN's gate
also closes on gusts over 10.5. The on-call rolls the release back at
13:08 (the conformance lines fall back to a generic "ussp notification
received", VAN's gate reopens at the old limit), without effect, and
re-syncs it at 13:24. The flight-ops lead compares the intents' time_end
with the drones' flight times, ops restrict ESP and KAL to short routes at
13:36, and the revert of FOPS-318 is synced at 13:55. The in-flight
missions land by about 14:10; the logs end at 14:45.

Sources: flight-ops (structlog JSON), fleet-gateway (logfmt, the drones'
telemetry), ingress-nginx access (customers' tracking, AirGrid callbacks),
Argo CD application controller (logrus text), #flight-ops (Slack export,
JSON lines)."""

import bisect
import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "flight-ops"
START, END = utc("2026-03-05 10:45:00"), utc("2026-03-05 14:45:00")
WED_SYNC = utc("2026-03-04 16:30:12")
RELEASE = utc("2026-03-05 12:15:20")
ROLLBACK = utc("2026-03-05 13:08:40")
RESYNC = utc("2026-03-05 13:24:10")
WORKAROUND = utc("2026-03-05 13:36:30")
FIX = utc("2026-03-05 13:55:15")
CRUISE = 18.0
WIND_FROM = 250.0

HUBS = {
    "ESP": {"name": "Espoo Kera", "wind": 1.05, "gust": 1.12, "rate": 0.36, "ip": "10.60.1"},
    "VAN": {"name": "Vantaa Tikkurila", "wind": 0.85, "gust": 1.48, "rate": 0.30, "ip": "10.60.2"},
    "KAL": {"name": "Helsinki Kalasatama", "wind": 1.0, "gust": 1.15, "rate": 0.40, "ip": "10.60.3"},
}

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "flight-ops"
version = "0.41.0"
requires-python = ">=3.12"
dependencies = ["fastapi==0.115.6", "uvicorn==0.32.1", "httpx==0.27.0", "structlog==24.4.0", "pydantic==2.10.3", "pyyaml==6.0.2"]

[project.optional-dependencies]
test = ["pytest==8.3.4", "respx==0.21.1"]
"""

BOUNDS_V1 = '''"""Time bounds of a mission's operational intent (AirGrid U-space)."""
from datetime import datetime, timedelta

BLOCK = timedelta(minutes=30)


def time_bounds(launch_at: datetime, plan) -> tuple[datetime, datetime]:
    """A fixed 30-minute block from two minutes before launch: every mission
    we fly fits in it, with wind, a hold over the drop point and a go-around."""
    start = launch_at - timedelta(minutes=2)
    return start, start + BLOCK
'''

PLANNER = '''"""Route planning: straight legs out and back, both at cruise airspeed."""
from dataclasses import dataclass

CRUISE_MS = 18.0
CLIMB_S, WINCH_S, DESCENT_S = 40, 60, 45


@dataclass
class Plan:
    hub: str
    distance_m: int
    bearing_deg: int

    @property
    def eta_seconds(self) -> int:
        return CLIMB_S + WINCH_S + DESCENT_S + round(2 * self.distance_m / CRUISE_MS)
'''

INTENTS = '''"""Operational intents with AirGrid: file, activate, end."""
import structlog

from flightops.intents.bounds import time_bounds
from flightops.ussp.client import AirGrid

log = structlog.get_logger("flightops.intents")


async def file_intent(mission, launch_at, ussp: AirGrid):
    start, end = time_bounds(launch_at, mission.plan)
    ref = await ussp.put_intent(mission.volume(start, end))
    log.info("intent submitted", mission=mission.id, intent=ref.id, time_start=start, time_end=end, eta_s=mission.plan.eta_seconds)
    return ref
'''

NOTIFY_V1 = '''"""Callbacks from AirGrid (POST /uss/v1/operational_intents)."""
import structlog

from flightops.hubs import holds

log = structlog.get_logger("flightops.ussp")


async def on_notification(body):
    intent = body["operational_intent"]
    log.info("ussp notification received", kind=body["kind"], intent=intent["id"])
    if intent["state"] == "Nonconforming":
        # pilot phase rule (OPS-12): stop launching until someone has looked
        await holds.launch_hold(intent["hub"], minutes=10, reason="intent_nonconforming")
'''

GATE_V1 = '''"""Wind gate: a hub launches only while the gust is under the limit."""
from flightops.weather import forecast


def gate_open(hub, limits) -> tuple[bool, float]:
    gust = forecast.gust_ms(hub)
    return gust < limits.gust_ms, gust
'''

HUBS_YAML = """hubs:
  ESP: { name: Espoo Kera, station: ESP-S1, drones: 6 }
  VAN: { name: Vantaa Tikkurila, station: VAN-S1, drones: 6 }
  KAL: { name: Helsinki Kalasatama, station: KAL-S1, drones: 7 }
wind:
  gust_limit_ms: 12.0
  forecast: fmi-harmonie
"""

RUNBOOK_ALERTS = [
    ("HubLaunchHold", "A hub stops launching for ten minutes after AirGrid marks one of its intents Nonconforming. Look at the drone's telemetry in fleet-gateway; a lost link or a GNSS glitch is the usual cause."),
    ("WindGateClosed", "Gusts over the limit at the hub. Nothing to do; missions wait and customers are told their slot may slip."),
]


def build_repo():
    repo = Repo()
    aino = Person("Aino Virtanen", "aino.virtanen@lumoair.fi", 120)
    mikko = Person("Mikko Laine", "mikko.laine@lumoair.fi", 120)
    joana = Person("Joana Ferreira", "joana.ferreira@contractors.lumoair.fi", 0)
    pawel = Person("Pawel Nowak", "pawel.nowak@contractors.lumoair.fi", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    bounds = "flightops/intents/bounds.py"
    files = {
        "pyproject.toml": PYPROJECT,
        bounds: BOUNDS_V1,
        "flightops/planning/planner.py": PLANNER,
        "flightops/intents/__init__.py": INTENTS,
        "flightops/ussp/notifications.py": NOTIFY_V1,
        "flightops/weather/gate.py": GATE_V1,
        "config/hubs.yaml": HUBS_YAML,
        "tests/test_bounds.py": "from datetime import datetime, timezone\n\nfrom flightops.intents.bounds import time_bounds\n\n\ndef test_block_is_thirty_minutes():\n    s, e = time_bounds(datetime(2026, 3, 1, 12, tzinfo=timezone.utc), None)\n    assert (e - s).total_seconds() == 1800\n",
        "README.md": "# flight-ops\n\nMissions, operational intents with AirGrid, weather gates and hub holds\nfor Lumo Air's delivery drones.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-27 08:30:00"), aino, "flight-ops: missions, AirGrid intents, wind gates", files)
    repo.schedule(chores(random.Random(46101), SERVICE, [mikko, joana], utc("2026-02-27 10:00:00"), utc("2026-03-03 15:00:00"), 3))
    repo.commit(utc("2026-03-02 09:10:00"), pawel, "swap stations: release the pack only after the new one reports seated (FOPS-305)", {
        "config/hubs.yaml": repo.edit("config/hubs.yaml", "  forecast: fmi-harmonie\n", "  forecast: fmi-harmonie\nswap:\n  seat_confirm_s: 5\n"),
    })
    repo.commit(utc("2026-03-03 13:40:00"), joana, "planner: winch time 60 s (measured median 58 s) (FOPS-311)", {
        "flightops/planning/planner.py": repo.edit("flightops/planning/planner.py", "CLIMB_S, WINCH_S, DESCENT_S = 40, 60, 45", "CLIMB_S, WINCH_S, DESCENT_S = 40, 60, 45  # winch: median 58 s over February"),
    })
    culprit = repo.commit(utc("2026-03-04 09:52:00"), aino, "intents: time bounds from the planner's ETA, not a fixed 30-minute block (FOPS-318)\n\nAt the lunch peak AirGrid refused new KAL intents for conflicts with our\nown 30-minute blocks, most of them empty after the drone had landed.\nBound each intent by what the mission needs: the planner's ETA plus 15 %.\nA 3 km mission now holds 9 minutes of airspace instead of 30.", {
        bounds: '''"""Time bounds of a mission's operational intent (AirGrid U-space)."""
from datetime import datetime, timedelta

MARGIN = 1.15


def time_bounds(launch_at: datetime, plan) -> tuple[datetime, datetime]:
    """From two minutes before launch to the planner's ETA plus 15 % (FOPS-318)."""
    start = launch_at - timedelta(minutes=2)
    return start, launch_at + timedelta(seconds=plan.eta_seconds * MARGIN)
''',
        "tests/test_bounds.py": "from datetime import datetime, timezone\n\nfrom flightops.intents.bounds import time_bounds\nfrom flightops.planning.planner import Plan\n\n\ndef test_bounds_follow_the_eta():\n    launch = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)\n    s, e = time_bounds(launch, Plan('KAL', 3000, 90))\n    assert (e - launch).total_seconds() == Plan('KAL', 3000, 90).eta_seconds * 1.15\n",
    })
    repo.commit(utc("2026-03-04 11:25:00"), pawel, "swap stations: log the pack's cycle count on each swap (FOPS-320)", {
        "config/hubs.yaml": repo.edit("config/hubs.yaml", "  seat_confirm_s: 5\n", "  seat_confirm_s: 5\n  log_cycles: true\n"),
    })
    repo.commit(utc("2026-03-04 13:20:00"), joana, "intents: docstring, name the two-minute lead (FOPS-322)", {
        bounds: repo.edit(bounds, "MARGIN = 1.15\n", "MARGIN = 1.15\nLEAD = timedelta(minutes=2)  # AirGrid wants the volume active before take-off\n").replace("    start = launch_at - timedelta(minutes=2)\n", "    start = launch_at - LEAD\n"),
    })
    wed = repo.commit(utc("2026-03-04 15:05:00"), mikko, "docs: intent lifecycle with AirGrid (Accepted, Activated, Ended, Nonconforming)", {
        "docs/intents.md": "# Operational intents\n\nfiled (Accepted) at planning, Activated at launch, Ended at landing.\nAirGrid marks an intent Nonconforming when the drone's telemetry is\noutside its volume or its time bounds; we hold the hub's launches for 10\nminutes (OPS-12). Contingent is set by AirGrid after 5 minutes\nnonconforming.\n",
    })
    repo.commit(utc("2026-03-05 07:20:00"), bot, "Update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-03-05 08:45:00"), mikko, "ussp: log conformance notifications with the intent's state and reason (FOPS-327)\n\nOn Tuesday an intent went Nonconforming for a GNSS glitch and all we had\nwas \"ussp notification received\".", {
        "flightops/ussp/notifications.py": repo.edit("flightops/ussp/notifications.py",
            '    log.info("ussp notification received", kind=body["kind"], intent=intent["id"])\n    if intent["state"] == "Nonconforming":\n',
            '    if intent["state"] != "Nonconforming":\n        log.info("ussp notification received", kind=body["kind"], intent=intent["id"])\n    else:\n        log.warning(f"operational intent Nonconforming: {body[\'reason\']}", intent=intent["id"], hub=intent["hub"], drone=intent["uas_id"], time_end=intent["time_end"])\n'),
    })
    repo.commit(utc("2026-03-05 10:30:00"), pawel, "weather: gust limit 12 -> 10.5 m/s; prefer the hub anemometer when fresher than 10 min (FOPS-331)\n\nThe manufacturer's new limit for the winch (service bulletin SB-2026-02).", {
        "config/hubs.yaml": repo.edit("config/hubs.yaml", "  gust_limit_ms: 12.0\n", "  gust_limit_ms: 10.5\n  anemometer_max_age_s: 600\n"),
        "flightops/weather/gate.py": repo.edit("flightops/weather/gate.py", "from flightops.weather import forecast\n\n\ndef gate_open(hub, limits) -> tuple[bool, float]:\n    gust = forecast.gust_ms(hub)\n",
            "from flightops.weather import anemometer, forecast\n\n\ndef gate_open(hub, limits) -> tuple[bool, float]:\n    reading = anemometer.latest(hub)\n    gust = reading.gust_ms if reading and reading.age_s < limits.anemometer_max_age_s else forecast.gust_ms(hub)\n"),
    })
    thu = repo.commit(utc("2026-03-05 11:50:00"), mikko, "runbook: a Nonconforming intent is usually a link or GNSS problem", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Intent Nonconforming\n\nCheck the drone's link quality and satellites in fleet-gateway. If one\ndrone repeats it, ground it for a check. The hub hold lifts by itself.\n",
    })
    fix = repo.commit(utc("2026-03-05 13:44:00"), aino, "Revert \"intents: time bounds from the planner's ETA, not a fixed 30-minute block (FOPS-318)\"\n\nThe ETA is still air: into today's 8-9 m/s headwind the return legs take\n30-50 % longer and AirGrid marks the intents Nonconforming. Back to the\n30-minute block until the planner uses the wind (FOPS-335).", {
        bounds: BOUNDS_V1,
        "tests/test_bounds.py": files["tests/test_bounds.py"],
    })
    return repo, {"culprit": culprit, "wed": wed, "thu": thu, "fix": fix}


# ---------------------------------------------------------------------------
# the logs


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def isos(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def mean_wind(t):
    m = (t - START).total_seconds() / 60
    return 3.2 + 5.6 / (1 + math.exp(-(m - 108) / 20))


def version_at(t, shas):
    if t < RELEASE:
        return shas["wed"]
    if t < ROLLBACK:
        return shas["thu"]
    if t < RESYNC:
        return shas["wed"]
    if t < FIX:
        return shas["thu"]
    return shas["fix"]


def build_logs(rng, shas):
    app = Log("flight-ops.log")
    fleet = Log("fleet-gateway.log")
    nginx = Log("ingress-nginx-access.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-flight-ops.log")
    stats = {"nonconf": [], "launch": [], "gust": {h: [] for h in HUBS}, "defer": 0}
    pods = {}

    def pod(t):
        v = version_at(t, shas)
        return rng.choice(pods.setdefault(v, [f"flight-ops-{hexid(rng, 9)[:9]}-{hexid(rng, 5)}" for _ in range(3)]))

    def jlog(t, level, logger, event, **fields):
        body = {"event": event}
        body.update(fields)
        body.update({"level": level, "logger": logger, "pod": pod(t), "timestamp": iso(t)})
        app.add(t, json.dumps(body, separators=(", ", ": "), default=str))

    def flog(t, level, msg, **fields):
        parts = [f"ts={iso(t)}", f"level={level}", f'msg="{msg}"' if " " in msg else f"msg={msg}"]
        for k, v in fields.items():
            s = str(v)
            parts.append(f'{k}="{s}"' if " " in s else f"{k}={s}")
        fleet.add(t, " ".join(parts))

    def access(t, client, method, path, status, size, rt, ua):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        nginx.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {rng.randint(60, 900)} {rt:.3f} [flight-ops-flight-ops-80] [] 10.0.{rng.randint(20, 90)}.{rng.randint(2, 250)}:8000 {size} {rt:.3f} {status} {hexid(rng, 32)}')

    def gust_limit(t):
        return 12.0 if version_at(t, shas) == shas["wed"] else 10.5

    # --- pod starts
    for t0 in (RELEASE, ROLLBACK, RESYNC, FIX):
        v = version_at(t0 + dt.timedelta(seconds=1), shas)
        for i in range(3):
            ts = t0 + dt.timedelta(seconds=8 + 17 * i + rng.uniform(0, 3))
            jlog(ts, "info", "flightops.main", "starting flight-ops", version=v[:10], airgrid="https://api.airgrid.eu/uss/v1")
            jlog(ts + dt.timedelta(milliseconds=340), "info", "flightops.ussp", "airgrid subscription renewed", subscription=f"sub-{hexid(rng, 8)}", area="lumo-helsinki", expires_in_s=3600)

    # --- wind gates every 5 minutes per hub
    open_state = {h: True for h in HUBS}
    t = START + dt.timedelta(seconds=20)
    while t < END:
        for h, cfg in HUBS.items():
            mean = mean_wind(t) * cfg["wind"] + rng.uniform(-0.4, 0.4)
            gust = mean * cfg["gust"] + rng.uniform(-0.5, 0.7)
            stats["gust"][h].append((t, gust))
            lim = gust_limit(t)
            ok = gust < lim
            tt = t + dt.timedelta(milliseconds=rng.randint(10, 900))
            src = "anemometer" if version_at(t, shas) != shas["wed"] else "forecast"
            if ok != open_state[h]:
                jlog(tt, "warning" if not ok else "info", "flightops.weather", f"wind gate {'closed' if not ok else 'reopened'}", hub=h, mean_ms=round(mean, 1), gust_ms=round(gust, 1), limit_ms=lim, source=src)
                open_state[h] = ok
            else:
                jlog(tt, "info", "flightops.weather", "wind gate evaluated", hub=h, open=ok, mean_ms=round(mean, 1), gust_ms=round(gust, 1), dir_deg=int(WIND_FROM + rng.uniform(-12, 12)), limit_ms=lim, source=src)
        t += dt.timedelta(minutes=5)

    def gate_is_open(h, t):
        g = stats["gust"][h]
        i = bisect.bisect_right([x[0] for x in g], t) - 1
        return i < 0 or g[i][1] < gust_limit(g[i][0])

    # --- missions, event driven
    events = []
    seq = [0]

    def push(t, kind, obj):
        seq[0] += 1
        heapq.heappush(events, (t, seq[0], kind, obj))

    n = 0
    for h, cfg in HUBS.items():
        t = START + dt.timedelta(minutes=rng.uniform(0, 2))
        while t < END - dt.timedelta(minutes=20):
            rate = cfg["rate"] * (1.3 if utc("2026-03-05 10:30:00") < t < utc("2026-03-05 12:30:00") else 1.0)
            t += dt.timedelta(seconds=rng.expovariate(rate / 60))
            n += 1
            m = {"id": f"M-{260305}-{h}-{n:04d}", "hub": h, "order": f"O{rng.randint(4410000, 4489999)}",
                 "dist": rng.randint(1200, 6600), "bearing": rng.randint(0, 359), "drone": f"LA-{h}-{rng.randint(1, 6):02d}",
                 "customer": f"{rng.choice(['85.76', '91.152', '188.238', '37.33', '176.93'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                 "intent": f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}",
                 "slot": (t + dt.timedelta(minutes=15)).strftime("%H:%M")}
            push(t, "plan", m)

    hold_until = {h: START for h in HUBS}
    restricted = set()

    def wind_aloft(t):
        return mean_wind(t) * 1.2

    def fly(m, t):
        w = wind_aloft(t) * HUBS[m["hub"]]["wind"]
        to = math.radians(m["bearing"] - (WIND_FROM + 180))
        tail = w * math.cos(to)
        cross = w * math.sin(to)
        gs_out = CRUISE + tail - cross * cross / (2 * CRUISE)
        gs_back = CRUISE - tail - cross * cross / (2 * CRUISE)
        winch = rng.uniform(48, 88)
        out = m["dist"] / gs_out
        back = m["dist"] / gs_back
        return gs_out, gs_back, out, winch, back, w

    while events:
        t, _, kind, m = heapq.heappop(events)
        h = m["hub"]
        if kind == "launch" and t > END - dt.timedelta(minutes=5):
            continue
        if kind == "plan":
            eta = 40 + 60 + 45 + round(2 * m["dist"] / CRUISE)
            m["eta"] = eta
            if t >= WORKAROUND and t < FIX and h in ("ESP", "KAL") and m["dist"] > 4000:
                jlog(t, "info", "flightops.missions", "mission reassigned to courier", mission=m["id"], order=m["order"], hub=h, distance_m=m["dist"], reason="ops restriction max_route_m=4000")
                jlog(t + dt.timedelta(milliseconds=80), "info", "flightops.notify", "customer notified", order=m["order"], template="courier_delivery", channel="push")
                continue
            jlog(t, "info", "flightops.missions", "mission planned", mission=m["id"], order=m["order"], hub=h, drone=m["drone"], distance_m=m["dist"], bearing_deg=m["bearing"], eta_s=eta, slot=m["slot"])
            push(t + dt.timedelta(seconds=rng.uniform(20, 50)), "launch", m)
        elif kind == "launch":
            if t < hold_until[h] or not gate_is_open(h, t):
                why = "launch_hold" if t < hold_until[h] else "wind_gate"
                nxt = (hold_until[h] if why == "launch_hold" else t + dt.timedelta(minutes=5)) + dt.timedelta(seconds=rng.uniform(5, 60))
                if not m.get("deferred"):
                    stats["defer"] += 1
                    jlog(t, "info", "flightops.missions", "launch deferred", mission=m["id"], hub=h, reason=why)
                    jlog(t + dt.timedelta(milliseconds=60), "info", "flightops.notify", "customer notified", order=m["order"], template="delayed", channel="push")
                m["deferred"] = True
                push(nxt, "launch", m)
                continue
            if t < FIX:
                start, end = t - dt.timedelta(minutes=2), t + dt.timedelta(seconds=m["eta"] * 1.15)
            else:
                start = t - dt.timedelta(minutes=2)
                end = start + dt.timedelta(minutes=30)
            m["end"] = end
            ts = t - dt.timedelta(seconds=rng.uniform(14, 20))
            jlog(ts, "info", "flightops.intents", "intent submitted", mission=m["id"], intent=m["intent"], time_start=isos(start), time_end=isos(end), eta_s=m["eta"])
            jlog(ts + dt.timedelta(milliseconds=rng.randint(180, 600)), "info", "flightops.ussp", "airgrid PUT operational_intent", intent=m["intent"], status=201, state="Accepted", ovn=hexid(rng, 16), ms=rng.randint(110, 420))
            jlog(t - dt.timedelta(seconds=2), "info", "flightops.ussp", "airgrid PUT operational_intent", intent=m["intent"], status=200, state="Activated", ovn=hexid(rng, 16), ms=rng.randint(90, 380))
            soc = rng.randint(93, 99)
            jlog(t, "info", "flightops.missions", "launch", mission=m["id"], drone=m["drone"], hub=h, battery_soc=soc)
            jlog(t + dt.timedelta(milliseconds=70), "info", "flightops.notify", "customer notified", order=m["order"], template="out_for_delivery", channel="push")
            stats["launch"].append(t)
            gs_out, gs_back, out, winch, back, w = fly(m, t)
            t_drop = t + dt.timedelta(seconds=40 + out)
            t_land = t_drop + dt.timedelta(seconds=winch + back + 45)
            # telemetry every 60 s
            tt = t + dt.timedelta(seconds=rng.uniform(5, 30))
            late_logged = False
            while tt < t_land:
                if tt < t_drop - dt.timedelta(seconds=winch / 2):
                    phase, gs = "OUTBOUND", gs_out
                elif tt < t_drop + dt.timedelta(seconds=winch):
                    phase, gs = "DELIVERY", 0.3
                else:
                    phase, gs = "RETURN", gs_back
                if tt > t + dt.timedelta(seconds=40) and tt < t_land - dt.timedelta(seconds=45) or phase == "DELIVERY":
                    frac = (tt - t).total_seconds() / (t_land - t).total_seconds()
                    flog(tt, "info", "telemetry", drone=m["drone"], mission=m["id"], phase=phase, gs_ms=f"{gs + rng.uniform(-0.6, 0.6):.1f}", wind_est=f"{w + rng.uniform(-0.8, 0.8):.1f}/{int(WIND_FROM + rng.uniform(-15, 15))}", alt_agl_m=60 if phase != "DELIVERY" else 38, soc=int(soc - 45 * frac), link="lte", rsrp=rng.randint(-104, -78))
                if tt > end and not late_logged:
                    flog(tt + dt.timedelta(milliseconds=5), "warn", "airborne past intent end", drone=m["drone"], mission=m["id"], intent=m["intent"], time_end=isos(end), phase=phase)
                    late_logged = True
                tt += dt.timedelta(seconds=60 + rng.uniform(-2, 2))
            flog(t_drop, "info", "parcel released", drone=m["drone"], mission=m["id"], winch_s=int(winch))
            jlog(t_drop + dt.timedelta(seconds=2), "info", "flightops.missions", "parcel delivered", mission=m["id"], order=m["order"])
            jlog(t_drop + dt.timedelta(seconds=2, milliseconds=90), "info", "flightops.notify", "customer notified", order=m["order"], template="delivered", channel="push")
            # customer tracking
            tc = t + dt.timedelta(seconds=rng.uniform(5, 40))
            while tc < t_drop + dt.timedelta(seconds=30):
                access(tc, m["customer"], "GET", f"/v1/orders/{m['order']}/tracking", 200, rng.randint(380, 520), rng.uniform(0.008, 0.04), rng.choice(["LumoAir/4.12.0 (iOS 19.3)", "LumoAir/4.12.0 (Android 15)", "LumoAir/4.11.2 (Android 14)"]))
                tc += dt.timedelta(seconds=rng.uniform(30, 70))
            flight_s = (t_land - t).total_seconds()
            if t_land > end:
                tn = end + dt.timedelta(seconds=rng.uniform(20, 40))
                push(tn, "nonconf", m)
            push(t_land, "land", dict(m, flight_s=flight_s, soc=soc))
        elif kind == "nonconf":
            stats["nonconf"].append(t)
            access(t, "185.104.32.17", "POST", "/uss/v1/operational_intents", 204, 0, rng.uniform(0.004, 0.02), "AirGrid-USS/3.8")
            tl = t + dt.timedelta(milliseconds=rng.randint(5, 30))
            if version_at(t, shas) == shas["wed"]:
                jlog(tl, "info", "flightops.ussp", "ussp notification received", kind="op_intent_update", intent=m["intent"])
            else:
                jlog(tl, "warning", "flightops.ussp", "operational intent Nonconforming: aircraft outside intent time bounds", intent=m["intent"], hub=h, drone=m["drone"], time_end=isos(m["end"]))
            if hold_until[h] < t:
                hold_until[h] = t + dt.timedelta(minutes=10)
                jlog(tl + dt.timedelta(milliseconds=12), "warning", "flightops.hubs", "launch hold", hub=h, minutes=10, reason="intent_nonconforming", until=isos(hold_until[h]))
        elif kind == "land":
            flog(t, "info", "landed", drone=m["drone"], mission=m["id"], flight_s=int(m["flight_s"]), soc=int(m["soc"] - 45))
            jlog(t + dt.timedelta(seconds=1), "info", "flightops.missions", "landed", mission=m["id"], drone=m["drone"], flight_s=int(m["flight_s"]))
            jlog(t + dt.timedelta(seconds=1, milliseconds=400), "info", "flightops.ussp", "airgrid PUT operational_intent", intent=m["intent"], status=200, state="Ended", ovn=hexid(rng, 16), ms=rng.randint(90, 380))
            access(t + dt.timedelta(seconds=2), "185.104.32.17", "POST", "/uss/v1/operational_intents", 204, 0, rng.uniform(0.004, 0.02), "AirGrid-USS/3.8")
            jlog(t + dt.timedelta(seconds=2, milliseconds=rng.randint(5, 30)), "info", "flightops.ussp", "ussp notification received", kind="op_intent_update", intent=m["intent"])
            ts = t + dt.timedelta(seconds=rng.uniform(50, 90))
            jlog(ts, "info", "flightops.swap", "battery swapped", station=f"{h}-S1", drone=m["drone"], pack_in=f"BP-{rng.randint(1000, 1999)}", soc_in=int(m["soc"] - 45), pack_out=f"BP-{rng.randint(1000, 1999)}", soc_out=rng.randint(95, 100), cycles=rng.randint(120, 410), swap_s=rng.randint(36, 52))

    # --- fleet-gateway noise: link reconnects
    for _ in range(40):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        d = f"LA-{rng.choice(list(HUBS))}-{rng.randint(1, 6):02d}"
        flog(t, "info", "mqtt client connected", client=d, broker="mqtt-0.fleet.lumoair.internal", keepalive=30)
    t = START + dt.timedelta(seconds=12)
    while t < END:
        flog(t, "info", "stats", connected=19, msgs_per_s=f"{rng.uniform(30, 60):.1f}", lag_ms=rng.randint(40, 180))
        t += dt.timedelta(minutes=1)
    # --- nginx: ops console and probes
    t = START + dt.timedelta(seconds=3)
    while t < END:
        access(t, "10.60.0.12", "GET", "/ops/v1/hubs", 200, rng.randint(2800, 3400), rng.uniform(0.01, 0.05), "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15")
        t += dt.timedelta(seconds=rng.uniform(20, 40))
    for _ in range(60):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        access(t, rng.choice(["85.76.10.4", "91.152.77.3"]), "POST", "/v1/orders", 201, rng.randint(600, 900), rng.uniform(0.05, 0.2), "LumoAir/4.12.0 (iOS 19.3)")
    jlog(WORKAROUND, "warning", "flightops.hubs", "ops restriction set", hubs="ESP,KAL", max_route_m=4000, by="sanna.heikkinen")
    jlog(FIX + dt.timedelta(minutes=21), "info", "flightops.hubs", "ops restriction cleared", hubs="ESP,KAL", by="sanna.heikkinen")

    # --- Argo CD
    def argo_line(t, level, msg, **kw):
        extra = " ".join(f"{k}={v}" for k, v in kw.items())
        argo.add(t, f'time="{isos(t)}" level={level} msg="{msg}" application=argocd/flight-ops {extra}'.rstrip())

    t = START + dt.timedelta(minutes=1)
    while t < END:
        argo_line(t, "info", "Reconciliation completed", **{"dedup_ms": 0, "diff_ms": rng.randint(3, 20), "time_ms": rng.randint(60, 200)})
        t += dt.timedelta(minutes=3)
    for t0, sha, how in [(RELEASE, shas["thu"], "automated sync"), (ROLLBACK, shas["wed"], "rollback"), (RESYNC, shas["thu"], "sync"), (FIX, shas["fix"], "automated sync")]:
        s = t0 - dt.timedelta(seconds=6)
        if how == "rollback":
            argo_line(s, "info", f"Initiated rollback to history id 41 (revision '{sha}')", user="mikko.laine")
        elif how == "sync":
            argo_line(s, "info", f"Initiated sync to '{sha}'", user="mikko.laine")
        else:
            argo_line(s, "info", f"Initiated automated sync to '{sha}'")
        argo_line(s + dt.timedelta(seconds=1), "info", "Applying resource Deployment/flight-ops in cluster: https://172.20.0.1:443, namespace: flight-ops")
        argo_line(s + dt.timedelta(seconds=58), "info", f"Sync operation to {sha} succeeded", dest_namespace="flight-ops")
        argo_line(s + dt.timedelta(seconds=59), "info", "Updated health status: Progressing -> Healthy")

    # --- Slack
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "channel": "flight-ops", "user_name": who, "text": text}, ensure_ascii=False))

    say("2026-03-05 11:02:10", "Sanna Heikkinen (ops)", "FMI says wind rising to 8-9 m/s WSW this afternoon, gusts 11-12 inland. Let's keep an eye on VAN")
    say("2026-03-05 12:12:40", "Pawel Nowak", "syncing FOPS-331 (gust limit 10.5 per SB-2026-02, anemometer first) with FOPS-327 and the httpx bump")
    say("2026-03-05 12:17:05", "Pawel Nowak", "out, 3/3 pods healthy")
    first = min(stats["nonconf"])
    say((first + dt.timedelta(minutes=6)).strftime("%Y-%m-%d %H:%M:%S"), "Sanna Heikkinen (ops)", "ESP went into a launch hold, AirGrid says Nonconforming. Drones look fine on the map")
    say((first + dt.timedelta(minutes=14)).strftime("%Y-%m-%d %H:%M:%S"), "Sanna Heikkinen (ops)", "holds at KAL now too. slots slipping, customer care is getting calls")
    say("2026-03-05 13:01:40", "Mikko Laine", "looking. Started right after the 12:15 sync (gate change + new conformance logging). Rolling it back to rule it out")
    say("2026-03-05 13:10:20", "Mikko Laine", "rolled back to yesterday's revision. VAN gate reopened (old 12 m/s limit), but still holds at ESP and KAL")
    say("2026-03-05 13:18:30", "Sanna Heikkinen (ops)", "another hold at KAL. It's not the gate")
    say("2026-03-05 13:23:55", "Pawel Nowak", "the 10.5 limit is a manufacturer requirement, I'd like it back. Re-syncing")
    say("2026-03-05 13:29:45", "Aino Virtanen", "the reason AirGrid gives is time bounds, not the volume. the drones are still flying back when time_end passes. time_end is ETA+15% since my FOPS-318 yesterday, and the ETA is still air. with 9 m/s headwind on the return leg that's not enough")
    say("2026-03-05 13:34:10", "Sanna Heikkinen (ops)", "ok, restricting ESP and KAL to routes under 4 km until the fix, the long ones go to couriers")
    say("2026-03-05 13:44:30", "Aino Virtanen", "revert of FOPS-318 is on main, 30-minute blocks again. The wind-aware ETA comes as FOPS-335")
    say("2026-03-05 13:57:00", "Mikko Laine", "fix synced. new intents have 30 min bounds; the ones already in the air may still go Nonconforming")
    last = max(stats["nonconf"])
    say("2026-03-05 14:16:20", "Sanna Heikkinen (ops)", f"no holds since {(last + dt.timedelta(hours=2)).strftime('%H:%M')} local. lifting the route restriction")
    say("2026-03-05 14:40:05", "Mikko Laine", "postmortem tomorrow. AirGrid sent a conformance warning email for the operator, answering them")
    return [app, fleet, nginx, argo, slack], stats


def build(out_dir):
    rng = random.Random(46100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        nonconf = sorted(stats["nonconf"])
        assert nonconf, "no nonconforming intents"
        onset = nonconf[0].replace(microsecond=0)
        assert RELEASE + dt.timedelta(minutes=20) < onset < ROLLBACK - dt.timedelta(minutes=10), onset
        launches = sorted(stats["launch"])

        def per_min(ev):
            def fn(t):
                return bisect.bisect_right(ev, t) - bisect.bisect_right(ev, t - dt.timedelta(minutes=1))
            return fn

        def gust(h):
            g = stats["gust"][h]
            keys = [x[0] for x in g]

            def fn(t):
                i = bisect.bisect_right(keys, t) - 1
                return round(g[i][1], 2) if i >= 0 else None
            return fn

        metrics = {
            "airgrid_intents_nonconforming_per_min.json": query_range([({"job": "flight-ops", "ussp": "airgrid"}, per_min(nonconf))], START, END, 60),
            "flightops_launches_per_min.json": query_range([({"job": "flight-ops"}, per_min(launches))], START, END, 60),
            "hub_wind_gust_ms.json": query_range([({"job": "flight-ops", "hub": h}, gust(h)) for h in HUBS], START, END, 60),
        }
        hours = (onset - utc("2026-03-04 09:52:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r46-intent-bounds-still-air", service=SERVICE, onset=onset,
            description=f"""
Lumo Air's delivery drones around Helsinki keep going into launch holds on
Thursday 5 March: from {onset.strftime('%H:%M:%S')} UTC AirGrid, the U-space
service provider, marks the operational intents of missions still flying
back to the hub Nonconforming, and flight-ops stops each hub's launches
for ten minutes each time ({len(nonconf)} intents by the end); slots slip,
customers get "delayed" pushes, long routes go to couriers. A release
(gust limit 12 -> 10.5 m/s, conformance logging, an httpx bump) had gone
out at 12:15; rolling it back at 13:08 did not help and it was re-synced
at 13:24. A fix is synced at 13:55; the last missions in the air land by
about 14:10.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"operational intent Nonconforming: aircraft outside intent time bounds",
                r"airborne past intent end",
            ],
            fix_files=["flightops/intents/bounds.py"],
            explanation=f"""
The culprit is FOPS-318 ("intents: time bounds from the planner's ETA, not
a fixed 30-minute block"), committed on Wednesday 4 March at 09:52 UTC and
synced at 16:30 with the docs commit after it, {hours:.0f} hours before the
onset. time_end becomes the launch plus the planner's ETA plus 15 %, and
the ETA flies both legs at the 18 m/s cruise airspeed in still air.
Harmless in Thursday morning's 3-4 m/s, but as the west-south-west wind
rises to 8-9 m/s the return legs into it take 30-50 % longer, the drones
are still in the air when time_end passes ("airborne past intent end" in
fleet-gateway) and AirGrid marks the intents Nonconforming ("operational
intent Nonconforming: aircraft outside intent time bounds"), each one
putting the hub into a ten-minute launch hold. The fix reverts FOPS-318
in flightops/intents/bounds.py (and its test), synced at 13:55.
Decoys: the 12:15 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, whose sync
names the runbook commit: FOPS-331 lowers the gust limit to 10.5 m/s and
reads the hub anemometer (VAN's gate closes on gusts that afternoon,
"wind gate closed", deferring launches too), FOPS-327 adds the very
"operational intent Nonconforming" warning (before it the line was
"ussp notification received"), an httpx bump, a runbook commit that calls
a Nonconforming intent a link or GNSS problem; the rollback at 13:08,
without effect (the warnings become "ussp notification received", VAN's
gate reopens at 12 m/s), and the re-sync at 13:24; FOPS-322, a harmless
change to the culprit's file; the winch time note in the planner
(FOPS-311); the swap station commits (FOPS-305, FOPS-320); the docs commit
on the intent lifecycle; routine "launch deferred" lines for the wind
gate and the ops restriction to routes under 4 km at 13:36.
""",
        )
    finally:
        repo.close()
