"""rinkops (Riverbend Centre's ice plant service, four weeks after
`r103-brine-setpoint-word-order`; the same repository) gives the Polar
Systems RC-900 plant controller the brine supply setpoint of each ice use
and polls its status block. The machine room has two ammonia detectors
(AT-301 by the compressors, AT-302 by the door) wired to the RC-900 and to
the fire alarm panel: at 25 ppm (level 1) the emergency exhaust fan EF-3
and the strobes come on; at 150 ppm (level 2) the RC-900 trips every
compressor and cuts the machine room's power except ventilation and
detection (emergency shutdown, ESD), and the fire alarm panel's
supervisory signal calls the fire department.

Saturday 21 February 2026 (Saskatoon, CST = UTC-6): Keewatin Refrigeration's
technician does the quarterly service from 12:30 to 14:40 and drains the
oil from compressor C2's oil pot; the drain valve is left not fully seated
(sludge on the seat) and without its cap plug. It weeps: the BMS trend of
AT-301 reads 1-3 ppm from mid-afternoon, 8-15 ppm in the evening. The
game (Ridgebacks vs Moose Jaw Ironmen, 19:00) runs on game ice. At 17:36
PST Priya (Vancouver) pushes release 2.19.0, deployed at 19:38 CST: a
pymodbus 3.9.2 -> 3.10.0 bump, ICE-168 (status polled every 10 s instead
of 30 s), ICE-171 (an error when no compressor runs while a profile is
active, the very error that will appear) and a figure skating profile
change. At 19:52 AT-301 passes 25 ppm (level 1: EF-3, strobes); when C2's
oil return opens at 20:05 the weep grows and at 20:09:41 AT-301 reaches
152 ppm: ESD. rinkops logs "plant controller state ESD" (as every release
has) and ICE-171's new error; the brine warms. The on-call (Jordan) reads
the runbook written after INC-311 ("plant not cooling after a rinkops
deploy: roll back first"), suspects the faster polling and the Modbus
library and rolls back to 2.18.0 at 20:34 without effect (the new error
goes, the ESD stays). The building operator (Kelsey) has the fire
department on site from 20:21; they find the leak at C2's oil pot drain
valve at 20:51, close and plug it; the exhaust clears the room, Keewatin's
on-call technician resets the ESD at 21:46 and the compressors run again
at 21:48. The third period is played on soft ice. 2.19.0 is deployed
again at 22:12; nothing in rinkops is changed.

Sources: rinkops (Python logging, line format), the RC-900 event log
(syslog RFC 3164), the BMS trend export (CSV, line format), the fire alarm
panel's event history (through its network gateway), the scoreboard
controller (logfmt), the deploy workflow (GitHub Actions raw log),
#arena-ops (Slack export, JSON lines), facilities work orders (JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, write_scenario
from scenarios import r103_brine_setpoint_word_order as jan

SERVICE = "rinkops"
CST, UTC = jan.CST, jan.UTC
cst, sub, secs, at, iso_z = jan.cst, jan.sub, jan.secs, jan.at, jan.iso_z
PLANT_IP, OPS_IP = jan.PLANT_IP, jan.OPS_IP


def F(text):
    """'21 20:09:41' (day of February 2026, Saskatoon time) -> epoch seconds."""
    day, clock = text.split(" ")
    return secs(cst(f"2026-02-{int(day):02d} {clock}"))


T0, T1 = F("21 17:00:00"), F("21 23:30:00")
SERVICE_START, SERVICE_END = F("21 12:31:00"), F("21 14:38:00")
DEPLOY_219 = F("21 19:38:25")
LEVEL1 = F("21 19:52:14")
OIL_RETURN = F("21 20:05:30")
ESD = F("21 20:09:41")
FD_ARRIVE = F("21 20:21:00")
ROLLBACK_DEPLOY = F("21 20:34:10")
LEAK_FOUND = F("21 20:51:30")
LEVEL1_CLEAR = F("21 21:24:10")
ESD_RESET = F("21 21:46:20")
RESTART = F("21 21:48:05")
REDEPLOY = F("21 22:12:30")
PUCK = F("21 19:02:40")

RUNBOOK_INC311 = """
## Plant not cooling after a rinkops deploy (INC-311)

On 23 January a rinkops release wrote every setpoint as 0.0 (register
word order) and the ice softened for three hours while the writer
confirmed -7.0. If the plant stops cooling or the controller's state
changes soon after a rinkops deploy: roll back rinkops first (deploy
workflow, previous tag), then compare the HMI's Brine Supply SP with the
brine_sp in rinkops's status lines. The RC-900 logs every Modbus setpoint
change with the value it received.
"""


def build_repo():
    repo, shas = jan.build_repo()
    p = jan.people()
    sophie, owen, priya, bot = p["sophie"], p["owen"], p["priya"], p["bot"]
    jordan = Person("Jordan Whitehawk", "jordan.whitehawk@riverbendcentre.ca", -360)
    sp, st, al, prof = "rinkops/plant/setpoints.py", "rinkops/plant/status.py", "rinkops/alerts.py", "config/profiles.yaml"
    shas["ice152"] = repo.commit(cst("2026-01-26 10:20:00"), priya, "tests: pin the RC-900's register order for a setpoint (ICE-152)\n\nICE-141's round trip went through the same converter both ways and\ncould not see the word order (INC-311).", {
        "tests/test_setpoints.py": sub(repo.files["tests/test_setpoints.py"],
                                       "from rinkops.plant.setpoints import SetpointWriter\n",
                                       "from rinkops.plant.setpoints import SetpointWriter, encode_real\n") +
        "\n\ndef test_registers_low_word_first():\n    # RC-900 manual 4.3.2: CDAB. -7.0 is 0xC0E00000.\n    assert encode_real(-7.0) == [0x0000, 0xC0E0]\n    assert encode_real(-5.5) == [0x0000, 0xC0B0]\n",
    })
    shas["ice158"] = repo.commit(cst("2026-01-28 11:05:00"), sophie, "plant: client converters with word_order=\"little\" for the RC-900 (ICE-158)\n\nICE-141 again, with the word order spelled out; ICE-152's test pins it.", {
        sp: sub(repo.files[sp],
                "from pymodbus.client import AsyncModbusTcpClient\nfrom pymodbus.constants import Endian\nfrom pymodbus.payload import BinaryPayloadBuilder, BinaryPayloadDecoder\n",
                "from pymodbus.client import AsyncModbusTcpClient\nfrom pymodbus.client.mixin import ModbusClientMixin\n",
                "def encode_real(value: float) -> list[int]:\n    builder = BinaryPayloadBuilder(byteorder=Endian.BIG, wordorder=Endian.LITTLE)\n    builder.add_32bit_float(value)\n    return builder.to_registers()\n\n\ndef decode_real(registers: list[int]) -> float:\n    decoder = BinaryPayloadDecoder.fromRegisters(registers, byteorder=Endian.BIG, wordorder=Endian.LITTLE)\n    return round(decoder.decode_32bit_float(), 2)\n",
                "FLOAT32 = ModbusClientMixin.DATATYPE.FLOAT32\n\n\ndef encode_real(value: float) -> list[int]:\n    # low word first (CDAB); pinned by tests/test_setpoints.py (INC-311)\n    return ModbusClientMixin.convert_to_registers(value, FLOAT32, word_order=\"little\")\n\n\ndef decode_real(registers: list[int]) -> float:\n    return round(ModbusClientMixin.convert_from_registers(registers, FLOAT32, word_order=\"little\"), 2)\n"),
    })
    repo.commit(cst("2026-01-28 14:30:00"), owen, "release 2.16.0", jan.release_files(repo, "2.15.1", "2.16.0", [
        "Register converters with the RC-900's word order (ICE-158, ICE-152).",
    ]))
    shas["runbook"] = repo.commit(cst("2026-01-29 09:50:00"), owen, "runbook: plant not cooling after a rinkops deploy (INC-311 postmortem)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_INC311,
    })
    repo.commit(cst("2026-02-03 15:12:00"), bot, "build(deps): bump actions/checkout from 3 to 4", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "actions/checkout@v3", "actions/checkout@v4"),
        ".github/workflows/deploy.yml": repo.edit(".github/workflows/deploy.yml", "actions/checkout@v3", "actions/checkout@v4"),
    })
    repo.commit(cst("2026-02-05 13:44:00"), jordan, "calendar: log bookings whose ice profile is unknown instead of failing the sync (EVT-97)", {
        "rinkops/schedule/calendar.py": sub(repo.files["rinkops/schedule/calendar.py"],
                                            "        self.bookings = [Booking(**b) for b in r.json()[\"bookings\"]]\n",
                                            "        self.bookings = []\n        for b in r.json()[\"bookings\"]:\n            if b.get(\"ice_profile\") not in (\"standard\", \"game\", \"figure\", \"event_floor\"):\n                log.warning(\"booking %s has unknown ice profile %r; using standard\", b.get(\"id\"), b.get(\"ice_profile\"))\n                b[\"ice_profile\"] = \"standard\"\n            self.bookings.append(Booking(**b))\n"),
    })
    shas["rel_218"] = repo.commit(cst("2026-02-12 10:40:00"), owen, "release 2.18.0", jan.release_files(repo, "2.16.0", "2.18.0", [
        "Unknown ice profiles in the calendar fall back to standard (EVT-97).",
    ]))
    shas["bump"] = repo.commit(cst("2026-02-18 03:12:00"), bot, "build(deps): bump pymodbus from 3.9.2 to 3.10.0\n\nBumps [pymodbus](https://github.com/pymodbus-dev/pymodbus) from 3.9.2 to 3.10.0.\n- [Release notes](https://github.com/pymodbus-dev/pymodbus/releases)\n- [Changelog](https://github.com/pymodbus-dev/pymodbus/blob/dev/CHANGELOG.rst)", {
        "pyproject.toml": repo.edit("pyproject.toml", "pymodbus==3.9.2", "pymodbus==3.10.0"),
    })
    shas["ice168"] = repo.commit(cst("2026-02-19 14:02:00"), owen, "status: poll the plant every 10 s instead of 30 s (ICE-168)\n\nThe new machine room dashboard shows compressor staging; 30 s misses\nshort cycles. The RC-900 allows four Modbus/TCP clients and answers a\nread of 24 registers in about 15 ms.", {
        st: sub(repo.files[st], "    def __init__(self, client, every: float = 30.0):\n", "    def __init__(self, client, every: float = 10.0):\n"),
    })
    shas["ice171"] = repo.commit(cst("2026-02-20 11:26:00"), priya, "alerts: error when no compressor runs under an active profile (ICE-171)\n\nAfter INC-311 we want to hear about a plant that has stopped, not only\nabout warm ice half an hour later. Once a minute after 2 min.", {
        al: sub(repo.files[al],
                "            else:\n                self.warm_min = 0\n",
                "            else:\n                self.warm_min = 0\n            if s is not None and p is not None and s.c1 == 0 and s.c2 == 0 and s.c3 == 0:\n                self.idle_min = getattr(self, \"idle_min\", 0) + 1\n                if self.idle_min >= 2:\n                    log.error(\n                        \"no compressor running for %d min under profile %s: state=%s brine_supply=%.1f brine_sp=%.1f\",\n                        self.idle_min, p.name, s.state, s.brine_supply, s.brine_sp,\n                    )\n            else:\n                self.idle_min = 0\n"),
    })
    shas["figure"] = repo.commit(cst("2026-02-21 10:12:00"), owen, "profiles: figure brine supply -5.0 -> -5.3 (skating club's competition next weekend)", {
        prof: sub(repo.files[prof], "  figure:\n    brine_supply: -5.0\n", "  figure:\n    brine_supply: -5.3\n"),
        "README.md": repo.edit("README.md", "| figure | -5.0 | -3.5 |", "| figure | -5.3 | -3.5 |"),
    })
    shas["rel_219"] = repo.commit(cst("2026-02-21 19:31:00"), priya, "release 2.19.0", jan.release_files(repo, "2.18.0", "2.19.0", [
        "pymodbus 3.10.0.",
        "Status polled every 10 s (ICE-168).",
        "Error when no compressor runs under an active profile (ICE-171).",
        "Figure skating brine supply -5.3.",
    ]))
    return repo, shas


def plant_model(rng):
    """Brine supply and ice surface on game ice, the ESD from 20:09:41 to
    21:48, samples every 10 s from T0 - 1 h."""
    step = 10.0
    floods = [F("21 17:40:00"), F("21 18:45:00"), F("21 19:43:00"), F("21 20:47:00"), F("21 22:10:00")]
    B, I, sp = -7.0, -5.85, -7.0
    out = []
    x = T0 - 3600
    load = 0.9
    c2 = False
    while x < T1:
        crowd = F("21 17:30:00") <= x < F("21 21:40:00")
        L = 0.05 * max(0.1, 1 - 0.19 * (B + 6.0)) + (0.01 if crowd else 0) + (0.02 if any(f <= x < f + 1200 for f in floods) else 0)
        running = not (ESD <= x < RESTART)
        if running:
            err = B - sp
            want = min(1.0, max(0.25, 0.62 + 1.3 * (err + 0.05)))
            load += max(-0.04, min(0.04, want - load))
            if RESTART <= x < RESTART + 2400:
                c2 = x >= RESTART + 185
                c3 = RESTART + 370 <= x
            elif not c2 and load >= 0.99 and err > 0.3:
                c2, c3 = True, False
            elif c2 and load < 0.45:
                c2, c3 = False, False
            else:
                c3 = False
            cooling = 0.07 * (load + (1 if c2 else 0) + (1 if c3 else 0))
        else:
            load, c2, c3, cooling = 0.0, False, False, 0.0
        B += (L - cooling) * step / 60.0
        bump = sum(0.85 * step / 180.0 for f in floods if f <= x < f + 180)
        I += (B + 1.1 - I) * step / 2400.0 + bump
        out.append((x, B, B + 8.0 * L + rng.gauss(0, 0.01), I, sp, load, c2, c3, running))
        x += step
    return out


def nh3_ppm(x):
    """AT-301 (by the compressors) in ppm: the weep from mid-afternoon,
    level 1 at 19:52, the jump when C2's oil return opens at 20:05, the
    exhaust and the plug."""
    if x < F("21 14:50:00"):
        return 0.0
    if x < LEVEL1 - 600:
        return min(15.0, 0.4 + (x - F("21 14:50:00")) / 3600 * 2.6)
    if x < OIL_RETURN:
        return 15.0 + (x - (LEVEL1 - 600)) / 600 * 11.0 if x < LEVEL1 else 26.0 + (x - LEVEL1) / 60 * 0.5
    if x < LEAK_FOUND:
        peak = 26.0 + (OIL_RETURN - LEVEL1) / 60 * 0.5
        if x < ESD + 120:
            return peak + (x - OIL_RETURN) / (ESD - OIL_RETURN) * (152.0 - peak)
        return max(60.0, 152.0 + 40.0 * (1 - math.exp(-(x - ESD - 120) / 600)) - (x - ESD - 120) / 60 * 1.2)
    top = 152.0 + 40.0 * (1 - math.exp(-(LEAK_FOUND - ESD - 120) / 600)) - (LEAK_FOUND - ESD - 120) / 60 * 1.2
    return max(0.0, top * math.exp(-(x - LEAK_FOUND) / 900))


def build_logs(rng, shas):
    samples = plant_model(rng)

    def S_at(x):
        i = int((x - (T0 - 3600)) // 10)
        return samples[max(0, min(i, len(samples) - 1))]

    app = Log("rinkops.log")
    plant = Log("rc900-plant.log")
    bms = Log("bms-trends.log")
    facp = Log("fire-panel.log")
    board = Log("scoreboard.log")
    gha = Log("deploy-workflow.log")
    slack = Log("arena-ops-slack.log")
    wo = Log("work-orders.log")
    stats = {}

    # --- rinkops ----------------------------------------------------------------------------
    def R(x, level, logger, msg):
        app.add(at(x), f"{iso_z(x)} {level:<7} [{logger}] {msg}")

    versions = [(T0 - 1, "2.18.0", shas["rel_218"], 30.0), (DEPLOY_219, "2.19.0", shas["rel_219"], 10.0),
                (ROLLBACK_DEPLOY, "2.18.0", shas["rel_218"], 30.0), (REDEPLOY, "2.19.0", shas["rel_219"], 10.0)]

    def version_at(x):
        cur = versions[0]
        for v in versions:
            if v[0] <= x:
                cur = v
        return cur

    for when, version, sha, _ in versions[1:]:
        R(when + 4.1, "INFO", "rinkops.main", f"rinkops {version} starting (commit {sha[:7]})")
        R(when + 4.5, "INFO", "rinkops.main", "profiles loaded: standard game figure event_floor (/app/config/profiles.yaml)")
        R(when + 4.6, "INFO", "rinkops.main", f"modbus connected to plant controller {PLANT_IP}:502 unit 1")
        R(when + 5.4, "INFO", "rinkops.calendar", "calendar synced: 7 bookings in 48 h")
        R(when + 5.5, "INFO", "rinkops.schedule", "active profile game (no write at start-up)")
        R(when + 5.7, "INFO", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")

    x = T0 + 3.4
    last_minute, warm, idle, running_v = None, 0, 0, None
    while x < T1:
        v = version_at(x)
        if any(d <= x < d + 6 for d, *_ in versions[1:]):
            x += 6
            continue
        s = S_at(x)
        _, B, Br, I, sp, load, c2, c3, running = s
        n = (load > 0) + c2 + c3
        state = "RUN" if running else "ESD"
        suction = 1.8 + 0.08 * (B + 7.0) if n else 3.4 + 0.05 * (B + 7.0)
        discharge = 10.5 + 0.3 * n if n else 4.0
        R(x, "INFO", "rinkops.plant.status",
          f"plant status state={state} brine_supply={B + rng.gauss(0, 0.02):.2f} brine_return={Br:.2f} brine_sp={sp:.1f} "
          f"ice_surface={I + rng.gauss(0, 0.03):.2f} c1={int(round(load * 100))}% c2={100 if c2 else 0}% c3={100 if c3 else 0}% "
          f"suction={suction:.1f}bar discharge={discharge:.1f}bar")
        if state == "ESD":
            stats.setdefault("onset", x)
        minute = int((x - T0) // 60)
        if minute != last_minute:
            last_minute = minute
            if v is not running_v:
                running_v, warm, idle = v, 0, 0
            if state == "ESD":
                R(x + 0.01, "ERROR", "rinkops.alerts", "plant controller state ESD")
            warm = warm + 1 if I > -5.5 + 1.0 else 0
            if warm >= 5:
                R(x + 0.02, "WARNING", "rinkops.alerts",
                  f"ice surface above target for {warm} min: surface={I:.1f} target=-5.5 profile=game brine_sp={sp:.1f} brine_supply={B:.1f}")
            idle = idle + 1 if n == 0 else 0
            if v[1] == "2.19.0" and idle >= 2:
                R(x + 0.03, "ERROR", "rinkops.alerts",
                  f"no compressor running for {idle} min under profile game: state={state} brine_supply={B:.1f} brine_sp={sp:.1f}")
        x += v[3] + rng.uniform(-0.05, 0.05)
    x = T0 + 57.0
    while x < T1:
        R(x, "INFO", "rinkops.calendar", "calendar synced: 7 bookings in 48 h")
        x += 300 + rng.uniform(-0.3, 0.3)
    x = T0 + 9.0
    while x < T1:
        R(x, "INFO", "uvicorn.access", f'10.20.1.14:{rng.randint(40000, 60999)} - "GET /metrics HTTP/1.1" 200')
        if rng.random() < 0.6:
            R(x + rng.uniform(1, 14), "INFO", "uvicorn.access", f'10.20.3.{rng.choice([21, 22, 40, 41])}:{rng.randint(40000, 60999)} - "GET /api/plant HTTP/1.1" 200')
        x += 15 + rng.uniform(-0.2, 0.2)
    for x in sorted(rng.uniform(T0, T1) for _ in range(7)):
        R(x, "WARNING", "rinkops.plant.status", "status poll failed: Modbus Error: [Connection] ModbusTcpClient 10.20.4.30:502: Connection unexpectedly closed 0.000 seconds into read of 8 bytes without response from slave before it closed connection; reconnecting")

    # --- RC-900 -----------------------------------------------------------------------------
    def P(x, msg):
        t = at(x)
        plant.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} rc900-plant RC900[1]: {msg}")

    x = F("21 12:00:17")
    while x < T1:
        s = S_at(max(x, T0 - 3590))
        amb = -17.0 + 4.0 * math.sin((at(x).astimezone(CST).hour - 9) / 24 * 2 * math.pi) + rng.gauss(0, 0.4)
        P(x, f"LOG 0100 hourly: ambient {amb:.1f} degC, brine supply {s[1]:.1f} degC, SP {s[4]:.1f}, ice surface {s[3]:.1f} degC, runtime C1 {42479 + int((x - F('21 12:00:00')) / 3600)} h")
        x += 3600
    P(F("21 12:31:40"), "EVT 0002 HMI login KEEWATIN1 (level 3)")
    P(F("21 12:33:05"), "EVT 0325 C2 locked out for service by HMI user KEEWATIN1")
    P(F("21 13:47:30"), "EVT 0612 C2 oil pot heater off (service)")
    P(F("21 14:21:10"), "EVT 0612 C2 oil pot heater on")
    P(F("21 14:35:40"), "EVT 0326 C2 service lockout removed by HMI user KEEWATIN1")
    P(F("21 14:38:15"), "EVT 0003 HMI logout KEEWATIN1")
    P(F("21 14:30:02"), f"EVT 1207 Brine Supply SP changed -6.0 -> -7.0 degC by Modbus/TCP {OPS_IP}")
    P(F("21 14:30:02") + 0.04, f"EVT 1208 Ice Surface Target changed -4.5 -> -5.5 degC by Modbus/TCP {OPS_IP}")
    for x in (F("21 12:04:00"), F("21 15:20:00")):
        P(x + rng.uniform(0, 50), "EVT 0320 C2 start (lag): brine supply -6.6 above SP -7.0 + 0.3, C1 at 100%")
        P(x + 900 + rng.uniform(0, 200), "EVT 0321 C2 stop (lag): C1 below 45%")
    prev = samples[0]
    for smp in samples[1:]:
        if smp[6] and not prev[6]:
            P(smp[0], f"EVT 0320 C2 start (lag): brine supply {smp[1]:.1f} above SP -7.0 + 0.3, C1 at 100%")
        elif prev[6] and not smp[6]:
            P(smp[0], "EVT 0321 C2 trip (ESD)" if ESD <= smp[0] < RESTART else "EVT 0321 C2 stop (lag): C1 below 45%")
        if smp[7] and not prev[7]:
            P(smp[0], f"EVT 0330 C3 start (lag): brine supply {smp[1]:.1f} above SP -7.0 + 1.0, C1 at 100%")
        elif prev[7] and not smp[7]:
            P(smp[0], "EVT 0331 C3 stop (lag): C1 below 60%")
        prev = smp
    P(OIL_RETURN, "EVT 0614 C2 oil return solenoid open (level low)")
    P(OIL_RETURN + 95, "EVT 0615 C2 oil return solenoid closed")
    P(LEVEL1, f"ALM 0451 NH3 AT-301 LEVEL 1 {nh3_ppm(LEVEL1 + 1):.0f} ppm: machine room emergency exhaust EF-3 on, strobes on")
    P(LEVEL1 + 0.3, "EVT 0460 Emergency exhaust EF-3 running (NH3)")
    P(ESD - 50, f"ALM 0452 NH3 AT-302 LEVEL 1 {31:.0f} ppm: machine room emergency exhaust EF-3 on, strobes on")
    P(ESD, f"ESD 0901 NH3 AT-301 LEVEL 2 {152:.0f} ppm: refrigeration emergency shutdown, compressors tripped, machine room power off except ventilation and detection")
    P(ESD + 0.2, "EVT 0311 C1 trip (ESD)")
    P(ESD + 0.3, "EVT 0702 Brine pump P-1B stopped (ESD)")
    P(ESD + 0.5, "EVT 0903 Fire alarm panel supervisory output active (NH3 level 2)")
    P(F("21 20:22:40"), "EVT 0704 Brine pump P-1B started by HMI user KOSTAPCHUK (ESD bypass: brine circulation)")
    P(LEVEL1_CLEAR, f"ALM 0451 NH3 AT-301 LEVEL 1 cleared {nh3_ppm(LEVEL1_CLEAR):.0f} ppm")
    P(LEVEL1_CLEAR - 420, "ALM 0452 NH3 AT-302 LEVEL 1 cleared 12 ppm")
    P(ESD_RESET - 40, "EVT 0002 HMI login KEEWATIN2 (level 3)")
    P(ESD_RESET, f"ESD 0902 Emergency shutdown reset by HMI user KEEWATIN2 (NH3 AT-301 {nh3_ppm(ESD_RESET):.0f} ppm, AT-302 {nh3_ppm(ESD_RESET) * 0.22:.0f} ppm)")
    P(RESTART, f"EVT 0310 C1 start (lead): brine supply {S_at(RESTART)[1]:.1f} above SP -7.0 + 0.3")
    P(F("21 22:06:00"), "EVT 0003 HMI logout KEEWATIN2")
    P(F("21 21:55:10"), "EVT 0461 Emergency exhaust EF-3 stopped by HMI user KEEWATIN2")
    for x in sorted(rng.uniform(F("21 12:00:00"), T1) for _ in range(8)):
        P(x, f"EVT 0520 Condenser fan F{rng.choice([1, 2])} speed {rng.choice([20, 25, 30, 35])}% (head pressure {rng.uniform(9.8, 10.9):.1f} bar)")

    # --- BMS trend export ----------------------------------------------------------------------
    def T(x, point, value, units, status="{ok}"):
        t = at(x)
        bms.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}.000Z,RBC:{point},{value},{units},{status}")

    x = T0
    while x < T1:
        ppm = nh3_ppm(x)
        T(x, "MechRoom/NH3_AT301", f"{ppm + (rng.uniform(0, 0.4) if ppm else 0):.1f}", "ppm", "{alarm}" if ppm >= 25 else "{ok}")
        T(x + 0.1, "MechRoom/NH3_AT302", f"{ppm * 0.22 + (rng.uniform(0, 0.3) if ppm else 0):.1f}", "ppm", "{alarm}" if ppm * 0.22 >= 25 else "{ok}")
        T(x + 0.2, "MechRoom/EF3_Status", "On" if LEVEL1 <= x < F("21 21:55:10") else "Off", "-")
        T(x + 0.3, "MechRoom/SpaceTemp", f"{(9.0 if LEVEL1 <= x < F('21 21:55:10') else 16.5) + rng.gauss(0, 0.3):.1f}", "C")
        T(x + 0.4, "Bowl/SpaceTemp", f"{(8.5 if x < F('21 17:30:00') else 11.5) + rng.gauss(0, 0.2):.1f}", "C")
        T(x + 0.5, "Bowl/RH", f"{(38 if x < F('21 17:30:00') else 46) + rng.gauss(0, 1):.0f}", "%")
        T(x + 0.6, "Bowl/DewPoint", f"{(-5.2 if x < F('21 17:30:00') else 0.1) + rng.gauss(0, 0.2):.1f}", "C")
        x += 300

    # --- fire alarm panel ------------------------------------------------------------------
    def A(x, text):
        t = at(x)
        facp.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} FACP-1 {text}")

    A(F("21 17:12:30"), "TROUBLE ZONE 044 DUCT DETECTOR AHU-2 DIRTY")
    A(F("21 18:40:00"), "SYSTEM NORMAL DAILY TEST OK")
    A(LEVEL1 + 1.2, "SUPERVISORY ZONE 031 AMMONIA DET LVL1 MECH RM ACTIVE")
    A(ESD + 1.1, "SUPERVISORY ZONE 032 AMMONIA DET LVL2 MECH RM ACTIVE")
    A(ESD + 1.6, "CENTRAL STATION SIGNAL SENT ACCT 4471 SUPV ZONE 032")
    A(F("21 20:13:05"), "ACKNOWLEDGE BY USER 02 (OPERATOR)")
    A(F("21 20:13:20"), "SIGNAL SILENCED BY USER 02 (OPERATOR)")
    A(F("21 21:31:40"), "SUPERVISORY ZONE 032 AMMONIA DET LVL2 MECH RM CLEAR")
    A(LEVEL1_CLEAR + 1.0, "SUPERVISORY ZONE 031 AMMONIA DET LVL1 MECH RM CLEAR")
    A(F("21 21:40:10"), "SYSTEM RESET BY USER 07 (FIRE DEPT)")
    A(F("21 21:40:12"), "SYSTEM NORMAL")

    # --- scoreboard ---------------------------------------------------------------------------
    def Bd(x, msg, **kv):
        parts = [f"ts={iso_z(x)}", "level=info", "ctl=centrehung-1", f"msg={json.dumps(msg)}"]
        parts += [f"{k}={json.dumps(v) if isinstance(v, str) and (' ' in v or '=' in v) else v}" for k, v in kv.items()]
        board.add(at(x), " ".join(parts))

    x = T0 + 41
    while x < T1:
        Bd(x, "heartbeat", modules=24, faults=0, temp_c=round(rng.uniform(27, 33), 1), brightness=85 if F("21 17:30:00") <= x < F("21 22:00:00") else 40)
        x += 300
    items = ["sponsor/prairie-credit-union", "sponsor/northline-ford", "promo/50-50-draw", "sponsor/saskatoon-coop", "promo/family-pack", "sponsor/wheatland-energy"]
    x = F("21 17:30:05")
    while x < F("21 18:35:00"):
        Bd(x, "playlist item", item=rng.choice(items), zone="main")
        x += 45 + rng.uniform(-2, 2)
    periods = [(1, PUCK), (2, F("21 20:02:30")), (3, F("21 20:58:50"))]
    score = [0, 0]
    for period, start in periods:
        x = start
        Bd(x, "clock start", period=period, clock="20:00")
        clock = 1200.0
        while clock > 0:
            run = min(clock, rng.uniform(20, 110))
            x += run
            clock -= run
            if clock <= 0:
                Bd(x, "clock expired", period=period)
                if period < 3:
                    Bd(x + 3, "clock set", period="INT", clock="18:00")
                break
            Bd(x, "clock stop", period=period, clock=f"{int(clock // 60)}:{int(clock % 60):02d}")
            if rng.random() < 0.06:
                score[0 if rng.random() < 0.5 else 1] += 1
                Bd(x + 2, "goal", home=score[0], away=score[1])
            x += rng.uniform(25, 70) if not (period == 3 and rng.random() < 0.08) else rng.uniform(120, 240)
            Bd(x, "clock start", period=period, clock=f"{int(clock // 60)}:{int(clock % 60):02d}")
    Bd(F("21 20:16:30"), "message shown", text="Please remain in your seats. Fire crews are attending a mechanical room alarm; the game continues.", zone="ribbon")

    # --- deploy workflow ------------------------------------------------------------------------
    def W(x, text):
        t = at(x)
        gha.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z {text}")

    def run(x, number, version, sha, actor, trigger):
        W(x, f"##[group]Run deploy #{number} ({trigger}) on arena-ops-01")
        W(x + 0.3, f"Deploying rinkops {version} ({sha}) requested by {actor}")
        W(x + 1.1, "##[endgroup]")
        W(x + 2.0, f"#8 naming to ghcr.io/riverbend-centre/rinkops:{version} done")
        W(x + 7.4, "Container deploy-rinkops-1  Recreate")
        W(x + 8.9, "Container deploy-rinkops-1  Recreated")
        W(x + 9.6, "Container deploy-rinkops-1  Starting")
        W(x + 10.2, "Container deploy-rinkops-1  Started")
        W(x + 10.5, f"deployed rinkops {version} on arena-ops-01")

    run(secs(cst("2026-02-12 10:52:00")), 141, "2.18.0", shas["rel_218"], "owen-bergstrom", "push tag v2.18.0")
    run(DEPLOY_219 - 10.5, 146, "2.19.0", shas["rel_219"], "priya-natarajan", "push tag v2.19.0")
    run(ROLLBACK_DEPLOY - 10.5, 147, "2.18.0", shas["rel_218"], "jordan-whitehawk", "workflow_dispatch tag=2.18.0")
    run(REDEPLOY - 10.5, 148, "2.19.0", shas["rel_219"], "jordan-whitehawk", "workflow_dispatch tag=2.19.0")

    # --- work orders -----------------------------------------------------------------------------
    def order(x, num, status, text, **kv):
        body = {"ts": iso_z(x), "work_order": f"WO-{num}", "asset": kv.pop("asset", "ICE-PLANT"), "status": status, "text": text}
        body.update(kv)
        wo.add(at(x), json.dumps(body, ensure_ascii=False))

    order(F("21 14:52:10"), 20417, "closed", "Quarterly PM (Keewatin, D. Pruden): oil drained from C2 oil pot (2.4 L, dark), C1/C3 oil levels OK, oil filters C1-C3 changed, AT-301/AT-302 bump test passed. C2 back in service 14:35.", priority="P4", raised_by="keewatin")
    order(F("21 17:20:00"), 20422, "open", "Duct detector AHU-2 dirty (fire panel trouble). Clean Monday.", priority="P4", raised_by="kelsey.ostapchuk", asset="AHU-2")
    order(F("21 19:56:30"), 20425, "open", "Ammonia level 1 alarm machine room 19:52, EF-3 and strobes on. Machine room door closed, nobody enters. Called Marcel and Keewatin's 24 h line.", priority="P1", raised_by="kelsey.ostapchuk")
    order(F("21 20:58:40"), 20425, "in_progress", "Fire dept hazmat entry with SCBA 20:38. Leak found 20:51 at C2 oil pot drain valve: valve not fully seated (sludge on seat), no cap plug fitted, weeping liquid. Valve closed, plugged by fire crew under Keewatin's phone guidance.", priority="P1", raised_by="kelsey.ostapchuk")
    order(F("21 21:52:30"), 20425, "closed", "Keewatin (on call, R. Dubois) on site 21:20: drain valve seat cleaned, re-seated, capped. ESD reset 21:46, C1 running 21:48. Keewatin to review oil drain procedure (cap plug, leak check after service).", priority="P1", raised_by="kelsey.ostapchuk")

    # --- #arena-ops -----------------------------------------------------------------------------
    users = {"jordan.whitehawk": "U05JW2T8K", "kelsey.ostapchuk (bldg ops)": "U04KO6G1R", "marcel.lavoie": "U01ML2C9Q", "dana.kowalchuk": "U03DK5V2X",
             "priya.natarajan": "U02PN3D8W", "owen.bergstrom": "U02OB4K7P", "jamie.macleod (game ops)": "U03JM1F6Z"}

    def say(when, who, text):
        x = F(when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "arena-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    s2030 = S_at(F("21 20:30:00"))
    s2130 = S_at(F("21 21:30:00"))
    say("21 17:05:00", "dana.kowalchuk", "Tonight: Ridgebacks vs Moose Jaw Ironmen 7 pm, doors 5:30, 5,200 sold (family pack night)")
    say("21 17:14:00", "kelsey.ostapchuk (bldg ops)", "fire panel trouble: duct detector on AHU-2 dirty. not urgent, WO for Monday")
    say("21 19:40:00", "priya.natarajan", "rinkops 2.19.0 deployed (10 s status polling for the machine room dashboard, and an error when the compressors are all off)")
    say("21 19:54:00", "kelsey.ostapchuk (bldg ops)", "ammonia level 1 in the machine room, strobes and the exhaust fan are on. door's closed, nobody goes in. calling Marcel and Keewatin")
    say("21 20:11:00", "kelsey.ostapchuk (bldg ops)", "level 2 now. the plant shut itself down, fire panel called the fire department")
    say("21 20:14:00", "jordan.whitehawk", "on call. rinkops: 'plant controller state ESD' and 'no compressor running' since 20:10. 2.19.0 went out at 19:38 with 10 s polling and pymodbus 3.10")
    say("21 20:19:00", "jordan.whitehawk", "runbook (INC-311): plant stops after a rinkops deploy -> roll back first. Could the polling have tripped the controller? rolling back to 2.18.0")
    say("21 20:22:00", "kelsey.ostapchuk (bldg ops)", "fire trucks here. I've restarted the brine pump from the HMI (Marcel on the phone) so the slab keeps circulating")
    say("21 20:29:00", "marcel.lavoie", "@jordan.whitehawk rinkops doesn't trip anything, it can't. ESD is the ammonia detectors: AT-301 went to level 2. The RC-900 log says ESD 0901 NH3 AT-301 LEVEL 2. There is a leak in the machine room")
    say("21 20:36:00", "jordan.whitehawk", f"2.18.0 running since 20:34. the new error is gone, state still ESD, brine {s2030[1]:.1f} and rising. ok, not us. the BMS trend has AT-301 at 1-3 ppm since about 3 pm and 10-15 ppm before the game")
    say("21 20:41:00", "marcel.lavoie", "Keewatin did the quarterly this afternoon and drained C2's oil pot. I bet it's that drain valve. told the fire captain")
    say("21 20:53:00", "kelsey.ostapchuk (bldg ops)", "fire crew found it: C2 oil pot drain valve weeping, not seated and no cap plug. closed and plugged. exhaust running")
    say("21 20:57:00", "jamie.macleod (game ops)", "league says keep playing, 3rd period starts 20:59. ice crew did a short flood")
    say("21 21:33:00", "kelsey.ostapchuk (bldg ops)", f"level 2 cleared, fire dept reset the panel at 21:40. brine {s2130[1]:.1f}. Keewatin on site")
    say("21 21:49:00", "marcel.lavoie", "ESD reset 21:46, C1 running 21:48, C2 and C3 coming on. the ice will be hard again by morning, tomorrow's 8 am minor hockey is fine")
    say("21 22:13:00", "jordan.whitehawk", "2.19.0 deployed again (22:12), nothing to change in rinkops. INC-322 is the ammonia leak at C2's oil pot drain valve after the service")
    say("21 22:20:00", "owen.bergstrom", "thanks. for the runbook: 'state=ESD' in rinkops means the RC-900's safety chain (NH3 detectors, E-stop buttons), never a setpoint. I'll add a section")
    stats["samples"] = samples
    return [app, plant, bms, facp, board, gha, slack, wo], stats


def build(out_dir):
    rng = random.Random(103200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert ESD <= secs(onset) < ESD + 15, onset
        return write_scenario(
            out_dir, name="r103-ammonia-oil-drain-leak-none", service=SERVICE, onset=onset,
            description=f"""
Riverbend Centre (Saskatoon, CST = UTC-6), Saturday 21 February 2026,
second period of the 19:00 game: at 20:09:41 CST ({onset.strftime('%H:%M:%S')} UTC, rinkops's
first status line with state=ESD) the ice plant controller stops every
compressor and rinkops logs "plant controller state ESD" and "no compressor
running"; the brine warms and the third period is played on soft ice.
rinkops 2.19.0 had been deployed at 19:38; it was rolled back to 2.18.0 at
20:34 without effect. The compressors ran again from 21:48 and 2.19.0 was
deployed again at 22:12.
""",
            logs=logs,
            line_formats={
                "rinkops.log": r'<Time> <Level>\s+\[<Logger>\] <Content>',
                "bms-trends.log": r'<Time>,RBC:<Point>,<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'NH3 .*refrigeration emergency shutdown',
                r'AMMONIA DET .* MECH RM ACTIVE',
                r'oil pot drain valve',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Keewatin Refrigeration's technician drained the oil
from compressor C2's oil pot during the quarterly service (12:30-14:40
CST) and left the drain valve not fully seated and without its cap plug;
it wept ammonia into the machine room (the BMS trend of AT-301: 1-3 ppm
from 15:00, 10-15 ppm before the game). At 19:52 AT-301 passed 25 ppm
(level 1: exhaust fan EF-3, strobes, fire panel supervisory zone 031);
when C2's oil return opened at 20:05 the leak grew and at 20:09:41 AT-301
read 152 ppm: "ESD 0901 NH3 AT-301 LEVEL 2 152 ppm: refrigeration
emergency shutdown", the fire panel's zone 032 called the fire department.
rinkops only reports the state (state=ESD) it polls; it cannot trip the
safety chain. The fire crew found the leak at C2's oil pot drain valve at
20:51, Keewatin reset the ESD at 21:46 and the compressors ran from 21:48.
Nothing in rinkops was changed.
Decoys: release 2.19.0, deployed at 19:38, 31 minutes before the onset
(pymodbus 3.9.2 -> 3.10.0, the Modbus library; ICE-168, status polled
every 10 s instead of 30 s, the very connection to the controller;
ICE-171, which adds the very "no compressor running" error that appears
at the onset; a figure skating profile change from the morning), rolled
back to 2.18.0 at 20:34 without effect (the new error goes, "plant
controller state ESD" and the warm ice warnings stay) and deployed again
at 22:12; the runbook section from the INC-311 postmortem that says to
roll back rinkops first when the plant stops after a deploy; January's
word order incident and ICE-158, which rewrote the setpoint encoding;
the fire panel's duct detector trouble; the brine pump restarted by hand.
""",
        )
    finally:
        repo.close()
