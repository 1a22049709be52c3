"""netcontrol (Python 3.12; Stadtwerke Wendelstadt's district heating network
control, the same service two weeks after `r101-critical-point-stale-age`)
sets the differential pressure of HKW Nord's main pumps from the worst of
nine critical points and the supply temperature from the outdoor
temperature. The plant's own PLC holds the network's static pressure: its
pressure holding keeps the return at the pumps' suction at about 2.9 bar
with make-up water (two softener lines of 20 m3/h each, one of them out
for a resin change this weekend, and a 100 m3 tank kept at 60 %); when the suction pressure falls below 2.2 bar the PLC's
suction pressure protection caps the pumps' differential pressure, whatever
netcontrol asks. Section N-7, the DN300 pair along Hafenstraße that feeds
Nordhafen, is pre-insulated pipe with moisture surveillance wires; its
monitor has warned of low insulation resistance (150-250 kOhm) every hour
since a joint repair in 2024, a known nuisance.

Friday 13 February: 4.10.0 (NET-431, which warns "pump setpoint at maximum,
worst point below target", the very warning that will fill the log; NET-433,
faster loop gains after the January incident) is synced at 13:25. A
Renovate asyncua bump is merged and the image automation deploys 4.10.1 on
Sunday at 02:12 UTC. On Sunday 15 February at 02:49 UTC a corroded weld in
N-7's supply pipe, about 412 m from the valve chamber at Hafenstraße, starts
to leak: the plant warns of make-up water above its limit from 02:51 and
the leak monitor alarms "moisture alarm supply wire" at 02:58; the night
operator takes the first for the refill after a softener regeneration and
the second for N-7's old nuisance. The leak (about 30 m3/h, 55 from 04:35,
70 from 05:30) is more than the one softener line gives; the tank empties
at 05:42, the return pressure falls, and from 05:53 the suction pressure
protection caps the pumps at about 6 bar, then 5.2, while the Sunday
morning load rises. netcontrol raises its setpoint to
the maximum and warns, Nordhafen's substations fall below 0.5 bar from about
05:56 and tenants call. The on-call developer, paged by DpWorstPointLow,
reads the new warning and the gains change against the runbook ("roll back
after a release") and rolls back to 4.9.0 at 06:18 without effect (the
warning goes, the DP_LOW alarms stay). At 06:12 the fire brigade reports
steam from the road in Hafenstraße; the network master matches it to N-7's
leak monitor (412 m from MS-N7A) and the make-up water, the crew closes
N-7's valves at 06:58, Nordhafen is fed round the Kesselberg ring, the
pressure holding recovers, and 4.10.1 is synced again at 08:05. Nothing in
netcontrol is changed.

Sources: netcontrol (Python logging through `kubectl logs --prefix`, line
format), the RTU gateway (syslog RFC 5424, with the leak monitors), the
plant SCADA's event and value log (line format), Argo CD (logrus text),
#fw-leitwarte (Slack export, JSON lines), customer service tickets (JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Person, Log, utc, write_scenario
from scenarios import r101_critical_point_stale_age as jan

SERVICE = jan.SERVICE
sub, secs, at, smooth = jan.sub, jan.secs, jan.at, jan.smooth
START, END = utc("2026-02-15 00:30:00"), utc("2026-02-15 08:40:00")
REL_4100 = utc("2026-02-13 13:25:30")
REL_4101 = utc("2026-02-15 02:12:20")
LEAK = utc("2026-02-15 02:49:00")
ROLLBACK = utc("2026-02-15 06:18:30")
VALVES = utc("2026-02-15 06:58:00")
RESYNC = utc("2026-02-15 08:05:10")


def build_repo():
    repo, shas = jan.build_repo()
    jana = Person("Jana Petersen", "jana.petersen@sw-wendelstadt.de", 60)
    tobias = Person("Tobias Lindqvist", "tobias.lindqvist@sw-wendelstadt.de", 60)
    murat = Person("Murat Aydın", "murat.aydin@sw-wendelstadt.de", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    automation = Person("image-automation", "image-automation@sw-wendelstadt.de", 0)
    dp = "netcontrol/dp_control.py"
    repo.commit(utc("2026-02-02 10:20:00"), tobias, "dp control: metric and alert when fewer critical points are used than configured (NET-422)", {
        dp: sub(repo.files[dp], "            used += 1\n", "            used += 1\n        CRITICAL_POINTS_USED.set(used)\n",
                "log = logging.getLogger(__name__)\n", "from prometheus_client import Gauge\n\nlog = logging.getLogger(__name__)\nCRITICAL_POINTS_USED = Gauge(\"netcontrol_critical_points_used\", \"critical points the loop used in its last cycle\")\n"),
    })
    repo.commit(utc("2026-02-03 14:05:00"), jana, "runbook: Nordhafen and the worst point after INC-2026-004", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Nordhafen substations alarm DP_LOW\n", "## Nordhafen substations alarm DP_LOW\n\nFirst look at netcontrol's `dp control:` line: `used=` must be 9/9 (alert\nCriticalPointsMissing). In January (INC-2026-004) a release made the loop\nignore Nordhafen; if the worst point falls below target within a day of a\nnetcontrol release, roll back first and ask questions after.\n\nOlder notes:\n"),
    })
    shas["rel490"] = repo.commit(utc("2026-02-05 09:30:00"), tobias, "release 4.9.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.8.1"', 'version = "4.9.0"'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "netcontrol:4.8.1\n          env:\n            - {name: VERSION, value: \"4.8.1\"}",
                                         "netcontrol:4.9.0\n          env:\n            - {name: VERSION, value: \"4.9.0\"}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.9.0\n\n- netcontrol_critical_points_used and the CriticalPointsMissing alert (NET-422).\n"),
    })
    repo.commit(utc("2026-02-09 08:12:00"), bot, "chore(deps): update dependency pyyaml to v6.0.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pyyaml==6.0.2"', '"pyyaml==6.0.3"'),
    })
    repo.commit(utc("2026-02-10 13:40:00"), murat, "docs: pressure holding and make-up water belong to the plant", {
        "docs/plant.md": "# The plant and netcontrol\n\nnetcontrol writes two setpoints to HKW Nord's PLC: the pumps'\ndifferential pressure and the supply temperature. Everything else is the\nplant's: the pressure holding (return at the suction about 2.9 bar, make-up\nwater from two softener lines, 20 m3/h each, a 100 m3 tank kept at 60 %), the pumps'\nsuction pressure protection (below 2.2 bar the PLC caps the differential\npressure, whatever netcontrol asks) and the boilers. Their alarms are in\nthe plant SCADA, not in netcontrol.\n",
    })
    repo.commit(utc("2026-02-12 11:30:00"), murat, "dp control: warn when the pumps are at the maximum and the worst point is still below target (NET-431)", {
        dp: sub(repo.files[dp], "        self.plant.write_dp_setpoint(self.setpoint)\n",
                "        self.plant.write_dp_setpoint(self.setpoint)\n        if self.setpoint >= self.hi and margin < self.target_margin:\n            if now - self._last_max_warning >= 60:\n                self._last_max_warning = now\n                log.warning(\"pump setpoint at maximum, worst point below target: %s dp=%.2f bar setpoint=%.2f bar\",\n                            cp.substation, reading.value, self.setpoint)\n",
                "        self._stale_logged = {}\n", "        self._stale_logged = {}\n        self._last_max_warning = 0.0\n"),
    })
    repo.commit(utc("2026-02-12 15:45:00"), tobias, "dp control: faster gains for the morning ramp (NET-433)\n\nINC-2026-004 follow-up: the loop lagged the Saturday ramp by 0.1 bar for\nhalf an hour. kp 0.8 -> 1.2, ki 0.05 -> 0.08, tried on the January data.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  kp: 0.8\n  ki: 0.05\n", "  kp: 1.2\n  ki: 0.08\n"),
    })
    shas["rel4100"] = repo.commit(utc("2026-02-13 13:10:00"), tobias, "release 4.10.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.9.0"', 'version = "4.10.0"'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "netcontrol:4.9.0\n          env:\n            - {name: VERSION, value: \"4.9.0\"}",
                                         "netcontrol:4.10.0\n          env:\n            - {name: VERSION, value: \"4.10.0\"}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.10.0\n\n- Warning when the pumps are at the maximum and the worst point is below target (NET-431).\n- Faster loop gains (NET-433).\n"),
    })
    repo.commit(utc("2026-02-15 01:40:00"), bot, "chore(deps): update dependency asyncua to v1.1.6", {
        "pyproject.toml": repo.edit("pyproject.toml", '"asyncua==1.1.5"', '"asyncua==1.1.6"'),
    })
    shas["rel4101"] = repo.commit(utc("2026-02-15 02:05:00"), automation, "deploy: netcontrol 4.10.1 (asyncua 1.1.6)", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.10.0"', 'version = "4.10.1"'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "netcontrol:4.10.0\n          env:\n            - {name: VERSION, value: \"4.10.0\"}",
                                         "netcontrol:4.10.1\n          env:\n            - {name: VERSION, value: \"4.10.1\"}"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the night


def leak_rate(x):
    """m3/h lost from N-7's supply pipe."""
    if x < secs(LEAK):
        return 0.0
    if x >= secs(VALVES):
        return 25.0 * max(0.0, 1 - (x - secs(VALVES)) / 600.0)   # the section drains
    return 30.0 + 25.0 * smooth(x, secs(utc("2026-02-15 04:20:00")), secs(utc("2026-02-15 04:50:00"))) \
        + 15.0 * smooth(x, secs(utc("2026-02-15 05:20:00")), secs(utc("2026-02-15 05:40:00")))


def load(x):
    up = smooth(x, secs(utc("2026-02-15 05:05:00")), secs(utc("2026-02-15 06:35:00")))
    down = smooth(x, secs(utc("2026-02-15 07:10:00")), secs(utc("2026-02-15 08:40:00")))
    return 0.50 + 0.42 * up - 0.12 * down + 0.01 * math.sin(x / 380.0)


def build_logs(rng, shas):
    app, gw, scada, argo, slack, tickets = (Log("netcontrol.log"), Log("rtu-gateway.log"), Log("hkw-nord-scada.log"),
                                            Log("argocd-application-controller.log"), Log("slack-fw-leitwarte.log"),
                                            Log("kundenservice-tickets.log"))
    t0, t1 = secs(START), secs(END)
    stats = {"dp_low": [], "makeup_alarm": None}

    # pressure at the suction, falling after the tank is empty, back after the valves close
    tank_empty = None
    tank, press = 62.0, 2.92
    series = {}
    x = t0
    capacity = 20.0     # softener line 1; line 2 is out for a resin change
    while x < t1 + 60:
        demand = leak_rate(x) + 0.8
        makeup = capacity if tank < 61.5 else min(capacity, demand)
        tank = min(62.0, tank + (makeup - demand) / 60.0)
        if tank <= 0.0:
            tank = 0.0
            if x < secs(VALVES):
                press = max(1.55, press - 0.012 * (demand - capacity) / 10.0 - 0.004)
        if x >= secs(VALVES):
            press = min(2.92, press + 0.04)
        series[int(x)] = (tank, demand, makeup, press)
        x += 60.0

    def hyd(xx):
        k = int(t0 + ((xx - t0) // 60) * 60)
        return series.get(k, series[max(series)])

    def cap(xx):
        """The PLC's cap on the pumps' differential pressure (bar), or None."""
        press = hyd(xx)[3]
        if press >= 2.2:
            return None
        return max(5.2, 6.0 - (2.2 - press) * 1.5)

    def pump(xx):
        L = load(xx)
        need = 4.45 + 2.6 * L * L          # what the loop wants: the worst point at 0.8 bar
        c = cap(xx)
        actual = need if c is None else min(need, c)
        asked = need if c is None else 10.0 if need > c + 0.05 else need
        return asked, actual, need

    def dp_at(xx, k):
        asked, actual, need = pump(xx)
        L = load(xx)
        closed = xx >= secs(VALVES)
        extra = 0.25 * L * L if closed and k >= 0.2 else 0.0     # Nordhafen round the Kesselberg ring
        return max(0.04, 0.80 + (actual - need) - extra)

    # --- netcontrol
    epochs = [(secs(REL_4100), "netcontrol-5b8c7d6f4-x9wqt", "4.10.0", shas["rel4100"]),
              (secs(REL_4101), "netcontrol-7f6d9c8b5-lk3vz", "4.10.1", shas["rel4101"]),
              (secs(ROLLBACK), "netcontrol-66c9b7d4f-p2dxs", "4.9.0", shas["rel490"]),
              (secs(RESYNC), "netcontrol-7f6d9c8b5-h4tmc", "4.10.1", shas["rel4101"])]

    def pod_at(xx):
        cur = epochs[0]
        for e in epochs:
            if xx >= e[0]:
                cur = e
        return cur

    def pylog(xx, level, logger, msg):
        t = at(xx)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"[pod/{pod_at(xx)[1]}/netcontrol] {stamp} {level} {logger}: {msg}")

    restarts = [e[0] for e in epochs[1:]]

    def down(xx):
        return any(r <= xx < r + 15.0 for r in restarts)

    for start_x, pod, version, sha in epochs[1:]:
        xs = start_x + 13.0
        pylog(xs, "INFO", "netcontrol.main", f"starting netcontrol version={version} image=registry.fw.internal/netcontrol:{version} config_revision={sha[:7]}")
        pylog(xs + 0.4, "INFO", "netcontrol.telemetry", "mqtt connected to rtu-gateway.fw.internal:8883, subscribed fw/substations/+/values fw/substations/+/alarm")
        pylog(xs + 0.8, "INFO", "netcontrol.plant", "opc ua session open opc.tcp://hkw-nord-plc.fw.internal:4840")
        pylog(xs + 1.1, "INFO", "netcontrol.dp_control", "dp control: max reading age fibre=60s lte=900s, 9 critical points")

    x = t0 + 8.1
    while x < t1:
        if not down(x):
            asked, actual, need = pump(x)
            name, dpw = ("SST-4519", dp_at(x, 0.40) + rng.gauss(0, 0.012))
            pylog(x + rng.uniform(0, 0.2), "INFO", "netcontrol.dp_control",
                  f"dp control: worst point {name} dp={dpw:.2f} bar margin={dpw - 0.5:.2f} used=9/9 setpoint={asked:.2f} bar")
            if asked >= 10.0 and pod_at(x)[2] != "4.9.0":
                pylog(x + 0.3, "WARNING", "netcontrol.dp_control",
                      f"pump setpoint at maximum, worst point below target: {name} dp={dpw:.2f} bar setpoint=10.00 bar")
        x += 60.0
    x = t0 + 121.0
    while x < t1:
        if not down(x):
            outdoor = -2.8 - 0.6 * smooth(x, t0, secs(utc("2026-02-15 06:30:00"))) + rng.gauss(0, 0.15)
            pylog(x, "INFO", "netcontrol.supply_curve", f"supply curve: outdoor {outdoor:.1f} C -> supply setpoint {95 + (-outdoor) * 1.3:.1f} C")
        x += 300.0
    for h in range(1, 9):
        xx = secs(utc(f"2026-02-15 0{h}:00:00")) + 40.2 + rng.uniform(0, 3)
        pylog(xx, "INFO", "netcontrol.weather", "weather: MOSMIX 10338 updated, next 3 h " + str([round(-3.0 - 0.2 * i + rng.uniform(-0.4, 0.4), 1) for i in range(3)]))
    for _ in range(8):
        xx = rng.uniform(t0, t1)
        pylog(xx, "WARNING", "netcontrol.telemetry", f"mqtt message for unknown substation SST-{rng.choice([4599, 3902, 4600])} on fw/substations/+/values, ignored")

    # --- RTU gateway
    def gwlog(xx, sev, proc, msgid, text):
        t = at(xx)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        gw.add(t, f"<{128 + sev}>1 {stamp} rtu-gw-01 rtugw {proc} {msgid} - {text}")

    def alarm(xx, name, code, text):
        gwlog(xx, 4, 2211, "ALARM", f"{name} {code} raised: {text}")
        pylog(xx + rng.uniform(0.05, 0.4), "WARNING", "netcontrol.telemetry", f"substation alarm: {name} {code} {text}")

    def clear(xx, name, code):
        gwlog(xx, 5, 2211, "ALARM", f"{name} {code} cleared")
        pylog(xx + rng.uniform(0.05, 0.4), "INFO", "netcontrol.telemetry", f"substation alarm cleared: {name} {code}")

    lte_k = dict(jan.LTE_POINTS)
    others_k = {name: rng.uniform(0.02, 0.16) for name in jan.LTE_OTHER}
    for name in [n for n, _ in jan.LTE_POINTS] + jan.LTE_OTHER:
        k = lte_k.get(name, others_k.get(name))
        phase = rng.uniform(12, 55)
        base = secs(utc("2026-02-15 00:25:00"))
        state = set()
        i = 0
        while True:
            interval = base + 300 * i
            xx = interval + 300 + phase + rng.uniform(-4, 6)
            i += 1
            if xx >= t1:
                break
            if xx < t0:
                continue
            # beyond SST-4519 the points differ a little; a dip is deeper the further out
            dp = max(0.03, dp_at(interval + 150, k) + (0.40 - k) * 0.35 + rng.gauss(0, 0.015))
            secondary = 68.0 - max(0.0, 0.5 - dp) * 42 + rng.gauss(0, 0.4)
            gwlog(xx, 6, 2208, "MQTT", f"rx {name} interval_start={at(interval).strftime('%Y-%m-%dT%H:%M:%SZ')} dp_mean={dp:.2f}bar sec_supply={secondary:.1f}C rssi=-{rng.randint(78, 99)}dBm")
            if dp < 0.50 and "DP_LOW" not in state:
                state.add("DP_LOW")
                xa = interval + rng.uniform(60, 240)
                alarm(xa, name, "DP_LOW", f"differential pressure {min(dp, 0.495) - rng.uniform(0, 0.03):.2f} bar below minimum 0.50 bar")
                stats["dp_low"].append(xa)
            elif dp > 0.56 and "DP_LOW" in state:
                state.discard("DP_LOW")
                clear(xx - rng.uniform(30, 120), name, "DP_LOW")
            if dp < 0.36 and "SEC_SUPPLY_LOW" not in state:
                state.add("SEC_SUPPLY_LOW")
                alarm(xx - rng.uniform(10, 90), name, "SEC_SUPPLY_LOW", f"secondary supply {secondary:.1f} C, setpoint 68.0 C, primary valve 100 %")
            elif dp > 0.45 and "SEC_SUPPLY_LOW" in state:
                state.discard("SEC_SUPPLY_LOW")
                clear(xx - rng.uniform(30, 120), name, "SEC_SUPPLY_LOW")

    x = t0 + 30.0
    while x < t1:
        gwlog(x + rng.uniform(0, 0.3), 6, 2204, "IEC104", f"stats: {rng.choice([1851, 1851, 1850])} stations connected, {rng.choice([2, 3])} link down, rx {rng.randint(10990, 11260)} ASDU/min")
        x += 60.0
    # leak monitors: hourly measurements; N-7's supply wire is a known low reading
    monitors = [("LEAKMON-N3", "MS-N3A Bahnhofstraße"), ("LEAKMON-N5", "MS-N5B Speicherweg"), ("LEAKMON-N7", "MS-N7A Hafenstraße"), ("LEAKMON-K2", "MS-K2A Kesselberg")]
    first_leakmon = secs(LEAK) + 9 * 60 + 12
    for mon, chamber in monitors:
        x = t0 + rng.uniform(60, 3000)
        while x < t1:
            leaking = mon == "LEAKMON-N7" and x > first_leakmon
            for wire in ("supply", "return"):
                if mon == "LEAKMON-N7" and wire == "supply":
                    if leaking:
                        gwlog(x, 3, 2215, "LEAKMON", f"{mon} moisture alarm {wire} wire: insulation {rng.uniform(0.5, 1.2):.1f} kOhm (alarm below 5 kOhm), location approx 412 m from {chamber}")
                    else:
                        gwlog(x, 4, 2215, "LEAKMON", f"{mon} {wire} wire insulation {rng.uniform(150, 250):.0f} kOhm below warning level 500 kOhm, loop {rng.uniform(18.2, 18.6):.1f} Ohm ok")
                else:
                    gwlog(x, 6, 2215, "LEAKMON", f"{mon} {wire} wire insulation {rng.choice(['>10', '>10', '8.4', '>10'])} MOhm, loop {rng.uniform(11, 24):.1f} Ohm ok")
            x += 3600.0
    gwlog(first_leakmon, 3, 2215, "LEAKMON", "LEAKMON-N7 moisture alarm supply wire: insulation 0.9 kOhm (alarm below 5 kOhm), location approx 412 m from MS-N7A Hafenstraße")
    for _ in range(22):
        x = rng.uniform(t0, t1)
        st = f"SST-{rng.randint(1001, 3420)}"
        code, text = rng.choice([("DOOR_OPEN", "substation door contact open"), ("MBUS_READ_FAIL", "heat meter M-Bus readout failed (no answer from primary address 1)"),
                                 ("FILTER_DP_HIGH", "strainer differential pressure 0.41 bar above 0.35 bar")])
        alarm(x, st, code, text)
        if code != "MBUS_READ_FAIL":
            clear(x + rng.uniform(120, 1500), st, code)
    for name, t_text in (("SST-3812", "05:41:10"), ("SST-3815", "05:44:52")):
        xx = secs(utc(f"2026-02-15 {t_text}"))
        alarm(xx, name, "STATIC_PRESSURE_LOW", "supply static pressure 1.9 bar below 2.2 bar (evaporation risk at 100 C, high point Kesselberg)")
        clear(secs(VALVES) + rng.uniform(1500, 2400), name, "STATIC_PRESSURE_LOW")

    # --- plant SCADA
    def sc(xx, tag, level, text):
        t = at(xx)
        scada.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z;HKW-Nord;{tag};{level};{text}")

    makeup_alarm = False
    capped = False
    x = t0 + 15.0
    while x < t1:
        tank, demand, makeup, press = hyd(x)
        asked, actual, need = pump(x)
        L = load(x)
        mode = "remote/netcontrol"
        sc(x, "P200", "INFO", f"dp setpoint {asked:.2f} bar ({mode}), actual {actual + rng.gauss(0, 0.03):.2f} bar, P-201 speed {52 + 30 * (actual - 5.2) / 3.4 + rng.gauss(0, 0.4):.1f} %")
        flow = 1420 * L + rng.gauss(0, 8)
        sc(x + 0.4, "VL", "INFO", f"supply {98.8 + rng.gauss(0, 0.3):.1f} C return {48.5 + 4 * L + rng.gauss(0, 0.3):.1f} C flow {flow:.0f} m3/h heat {flow * (50.3 - 4 * L) * 1.16 / 1000:.1f} MW")
        shown = makeup + rng.uniform(-0.3, 0.3) if makeup > 3 else rng.uniform(0.3, 1.6)
        sc(x + 0.7, "DH", "INFO", f"pressure holding: return {press + rng.gauss(0, 0.01):.2f} bar, make-up water {shown:.1f} m3/h, tank {tank:.0f} %")
        if makeup > 12 and not makeup_alarm and x > secs(LEAK) + 120:
            makeup_alarm = True
            stats["makeup_alarm"] = x + 1.1
            sc(x + 1.1, "DH", "WARNING", f"make-up water flow {shown:.1f} m3/h above limit 12.0 m3/h for 2 min")
        elif makeup_alarm and makeup < 8 and x > secs(VALVES):
            makeup_alarm = False
            sc(x + 1.1, "DH", "INFO", "make-up water flow back below limit 12.0 m3/h")
        c = cap(x)
        if c is not None and not capped:
            capped = True
            stats.setdefault("capped_at", x)
            sc(x + 1.4, "P200", "WARNING", f"suction pressure {press:.2f} bar below 2.20 bar: suction pressure protection limits dp to {c:.2f} bar")
        elif c is None and capped:
            capped = False
            sc(x + 1.4, "P200", "INFO", "suction pressure protection released")
        x += 60.0
    # repeat the make-up warning every 15 minutes while it lasts
    x = stats["makeup_alarm"] + 900
    while x < secs(VALVES) + 120:
        tank, demand, makeup, press = hyd(x)
        sc(x, "DH", "WARNING", f"make-up water flow {makeup:.1f} m3/h above limit 12.0 m3/h (tank {tank:.0f} %)")
        x += 900
    sc(secs(utc("2026-02-15 03:44:00")), "WT2", "WARNING", "softener line 2 start refused: maintenance lock (resin change) set by wartung-wt")
    low = next(k for k in sorted(series) if series[k][0] < 15.0)
    empty = next(k for k in sorted(series) if series[k][0] <= 0.0)
    sc(low + 20.5, "DH", "WARNING", "make-up tank level 15 % below warning level")
    sc(empty + 20.5, "DH", "ERROR", "make-up tank empty, make-up limited to softener output 20 m3/h")
    sc(secs(utc("2026-02-15 05:58:00")), "K3", "INFO", "peak boiler K3 start requested (heat demand 86 MW > base 80 MW)")
    sc(secs(VALVES) - 300, "NET", "INFO", "operator kmeyer: section N-7 isolation in progress (V-N7-1, V-N7-2), field crew on site")
    sc(secs(VALVES), "NET", "WARNING", "section N-7 isolated: V-N7-1 closed, V-N7-2 closed; Nordhafen fed via ring K2")
    for _ in range(4):
        xx = rng.uniform(t0, secs(LEAK))
        sc(xx, "WT1", "INFO", rng.choice(["make-up water softener regeneration started", "RO unit flush cycle complete", "water treatment conductivity 4.0 uS/cm"]))

    # --- Argo CD
    def ar(xx, level, msg, **kv):
        t = at(xx)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=argocd/netcontrol {extra}'.rstrip())

    x = t0 + 95.0
    while x < t1:
        ar(x + rng.uniform(0, 2), "info", "Refreshing app status (controller refresh requested)", dedup_ms=rng.randint(0, 3), diff_ms=rng.randint(8, 40))
        x += 180.0
    ar(secs(REL_4101) - 18.0, "info", f"Initiated automated sync to '{shas['rel4101']}'", dest_namespace="fernwaerme")
    ar(secs(REL_4101) - 9.0, "info", "deployment.apps/netcontrol configured", dest_namespace="fernwaerme")
    ar(secs(REL_4101) + 24.0, "info", f"Sync operation to {shas['rel4101']} succeeded", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) - 20.0, "info", f"Initiated rollback to history id 47 ({shas['rel490']}) by tlindqvist", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) - 11.0, "info", "configmap/netcontrol-config-4hd8c2m9kt configured; deployment.apps/netcontrol configured", dest_namespace="fernwaerme")
    ar(secs(ROLLBACK) + 22.0, "info", f"Sync operation to {shas['rel490']} succeeded (auto-sync disabled by rollback)", dest_namespace="fernwaerme")
    ar(secs(RESYNC) - 28.0, "info", f"Initiated sync to '{shas['rel4101']}' by tlindqvist (auto-sync re-enabled)", dest_namespace="fernwaerme")
    ar(secs(RESYNC) + 23.0, "info", f"Sync operation to {shas['rel4101']} succeeded", dest_namespace="fernwaerme")

    # --- tickets
    def ticket(hms, tid, channel, address, subject, text):
        t = utc(f"2026-02-15 {hms}")
        tickets.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": f"KS-{tid}", "channel": channel, "category": "Fernwärme",
                                   "address": address, "subject": subject, "text": text}, ensure_ascii=False))

    ticket("01:12:40", 89102, "portal", "Lindenallee 2", "Jahresabrechnung", "Verbrauch 2025 höher als 2024, bitte prüfen.")
    for i, (hms, ch, addr, subj, text) in enumerate([
            ("06:04:15", "phone", "Lotsenstraße 40", "Heizung kalt", "Sonntag früh, Heizkörper kalt, 18 Grad."),
            ("06:11:02", "phone", "Kaistraße 12", "Kein Warmwasser", "Warmwasser nur lauwarm."),
            ("06:12:30", "phone", "Hafenstraße 77", "Dampf aus der Straße", "Anwohnerin: vor dem Haus steigt Dampf aus dem Asphalt und einem Schacht, Feuerwehr ist da."),
            ("06:26:45", "portal", "Lotsenstraße 8", "Heizung", "Heizkörper kalt seit ca. 6:30."),
            ("06:39:20", "phone", "Am Holzhafen 21", "Warmwasser", "Hausmeister meldet Warmwasser 42 Grad."),
            ("07:05:51", "phone", "Hafenstraße 64", "Keine Heizung", "Seit kurzem kalt, Straße ist gesperrt."),
            ("07:48:10", "portal", "Lotsenstraße 52", "Heizung wieder ok", "Heizung geht wieder.")]):
        ticket(hms, 89103 + i, ch, addr, subj, text)

    # --- Slack
    users = {"alertmanager": "B01ALRT9X", "kai.meyer (Leitwarte)": "U01KM3P8D", "tobias.lindqvist": "U02TL5N8R",
             "kundenservice-bot": "B03KS2D7W", "sven.albers (Netzmeister)": "U01SA9F3T", "jana.petersen": "U02JP7M3Q"}

    def say(t, who, text):
        if isinstance(t, str):
            t = utc(f"2026-02-15 {t}")
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "fw-leitwarte", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    ma = at(stats["makeup_alarm"])
    say("01:05:00", "kai.meyer (Leitwarte)", "Nachtschicht: -3 C, Last 50 %, ruhig. Renovate hat asyncua gebumpt, Image-Automation deployt 4.10.1 nachts, ok laut Tobias")
    say(ma + dt.timedelta(minutes=4), "kai.meyer (Leitwarte)", f"Nachspeisung {hyd(stats['makeup_alarm'])[2]:.0f} m3/h über Grenzwert. WT1 hatte um 02:10 regeneriert, vermutlich Nachfüllen danach. Beobachte")
    say(at(first_leakmon + 180), "kai.meyer (Leitwarte)", "LEAKMON-N7 Feuchtealarm Vorlaufader. N-7 meldet seit der Muffenreparatur 2024 dauernd, Ticket NB-1187 offen. Quittiert")
    say("03:46:00", "kai.meyer (Leitwarte)", f"Nachspeisung weiter 20 m3/h am Anschlag, Behälter {hyd(secs(utc('2026-02-15 03:45:00')))[0]:.0f} %. Enthärter 2 lässt sich nicht starten, Wartungssperre Harzwechsel bis Montag")
    say(at(low + 200), "kai.meyer (Leitwarte)", "Nachspeisebehälter unter 15 %, fällt schneller. Rufe Sven an")
    say(at(stats["capped_at"] + 40), "alertmanager", "[FIRING:1] PlantSuctionPressureLow HKW-Nord P200 suction pressure < 2.2 bar")
    say(at(stats["capped_at"] + 330), "alertmanager", "[FIRING:1] DpWorstPointLow netcontrol worst point SST-4519 below target for 5m")
    say(at(stats["capped_at"] + 540), "tobias.lindqvist", "bin dran (Rufbereitschaft). netcontrol steht auf 10 bar und warnt 'pump setpoint at maximum, worst point below target' (neu in 4.10.0, NET-431). 4.10.0 hat auch die schnelleren Gains (NET-433), und um 02:12 kam 4.10.1 mit asyncua")
    say("06:05:00", "kundenservice-bot", "2 neue Störungsmeldungen Fernwärme: Lotsenstraße 40, Kaistraße 12")
    say("06:08:00", "tobias.lindqvist", "Runbook: worst point unter Ziel innerhalb eines Tages nach Release -> erst zurückrollen. Rolle auf 4.9.0 zurück")
    say("06:13:00", "kai.meyer (Leitwarte)", "Feuerwehr ruft an: Dampf aus der Fahrbahn Hafenstraße Höhe Kaistraße, aus einem Schacht auch. Sven fährt hin")
    say(ROLLBACK + dt.timedelta(minutes=2), "tobias.lindqvist", "4.9.0 läuft. Warnung weg, aber DP_LOW in Nordhafen bleibt, Soll immer noch 10 bar")
    say("06:24:00", "sven.albers (Netzmeister)", "Das ist nicht netcontrol. P200 wird von der Saugdruckabsicherung auf 6 bar begrenzt, der Rücklauf hat 1.6 bar, Nachspeisebehälter leer. Das Netz verliert um die 70 m3/h, wir speisen 20")
    say("06:29:00", "sven.albers (Netzmeister)", "LEAKMON-N7 sagt 412 m ab MS-N7A, das ist genau Hafenstraße/Kaistraße wo es dampft. Seit 02:58 Alarm, Nachspeisung seit 02:51 hoch. Leck in N-7 Vorlauf. Ich schiebe N-7 ab, Nordhafen dann über den Ring K2")
    say(at(secs(VALVES) + 60), "sven.albers (Netzmeister)", "V-N7-1 und V-N7-2 zu. Straße gesperrt, Baugrube morgen früh")
    say("07:20:00", "kai.meyer (Leitwarte)", "Nachspeisung 2 m3/h, Behälter füllt sich, Saugdruck 2.3 bar, Begrenzung weg")
    say("07:40:00", "tobias.lindqvist", "Nordhafen über K2 bei 0.6-0.7 bar, netcontrol regelt normal. In netcontrol war nichts, ich synce 4.10.1 wieder")
    say(at(secs(RESYNC) + 90), "tobias.lindqvist", "4.10.1 läuft wieder (auto-sync an)")
    say("08:15:00", "sven.albers (Netzmeister)", "Postmortem: Feuchtealarm N-7 darf nicht mehr als Dauerstörung quittiert werden, NB-1187 endlich erledigen. Nachspeisung > 12 m3/h zusammen mit LEAKMON-Alarm = Leck, Netzmeister anrufen")
    return [app, gw, scada, argo, slack, tickets], stats


def build(out_dir):
    rng = random.Random(101200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["makeup_alarm"]).replace(microsecond=0)
        assert utc("2026-02-15 02:49:00") < onset < utc("2026-02-15 03:00:00"), onset
        first_dp_low = at(min(stats["dp_low"])) if stats["dp_low"] else None
        assert first_dp_low and utc("2026-02-15 05:35:00") < first_dp_low < utc("2026-02-15 06:10:00"), first_dp_low
        return write_scenario(
            out_dir, name="r101-supply-pipe-leak-none", service=SERVICE, onset=onset,
            description=f"""
Stadtwerke Wendelstadt's district heating, Sunday 15 February 2026: from
{onset.strftime('%H:%M:%S')} UTC HKW Nord's pressure holding feeds far more make-up
water than usual; from {first_dp_low.strftime('%H:%M')} Nordhafen's substations fall below their
minimum differential pressure while netcontrol asks for the pumps'
maximum, and tenants call. netcontrol 4.10.1 had been deployed at 02:12 (a
Renovate bump) and 4.10.0 on Friday; it was rolled back to 4.9.0 at 06:18
without effect. Section N-7 was isolated at 06:58, and 4.10.1 was synced
again at 08:05.
""",
            logs=logs,
            line_formats={
                "netcontrol.log": r'\[pod/<Pod>/<Container>\] <Date> <Time> <Level> <Logger>: <Content>',
                "hkw-nord-scada.log": r'<Time>;<Plant>;<Tag>;<Level>;<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'make-up water flow .*above limit',
                r'moisture alarm supply wire',
            ],
            fix_files=[],
            explanation="""
Nothing in netcontrol caused this. A corroded weld in section N-7's supply
pipe (Hafenstraße, 412 m from the valve chamber MS-N7A) starts to leak at
02:49: the plant warns "make-up water flow ... above limit 12.0 m3/h" from
02:51 and N-7's leak monitor alarms "moisture alarm supply wire ... location
approx 412 m from MS-N7A" from 02:58. The leak (30, then 55 and 70 m3/h) is
more than the one softener line in service gives (20 m3/h), the make-up
tank runs dry, the return pressure
falls and the plant's suction pressure protection caps the pumps at about
6 bar; at the Sunday morning ramp the worst point falls below target,
netcontrol asks for 10 bar in vain and Nordhafen's substations alarm
DP_LOW. The field crew closes N-7's valves at 06:58 and Nordhafen is fed
round the Kesselberg ring. No change to netcontrol fixes it.
Decoys: 4.10.1, deployed by the image automation at 02:12, 39 minutes
before the onset (a Renovate asyncua bump; the start-up lines and Argo CD
name it); Friday's 4.10.0 (NET-431, which adds the very "pump setpoint at
maximum, worst point below target" warning; NET-433, faster gains in the
config); the rollback to 4.9.0 at 06:18, after which the warning is gone
and the alarms stay; the runbook section written after the January
incident that says to roll back first when the worst point falls within a
day of a release; N-7's hourly low insulation warnings, a nuisance since
2024, and the night operator who took the alarms for it and for a
softener regeneration; routine substation alarms, unknown substation
messages and Renovate bumps.
""",
        )
    finally:
        repo.close()
