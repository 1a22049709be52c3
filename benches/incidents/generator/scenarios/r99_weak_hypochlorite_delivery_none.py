"""aquadose two weeks later (the same repository as
r99-bather-feedforward-admissions, its history continued): Brookwater
Leisure Trust's supervisory chlorine and pH dosing, one instance per
site on the plant-room PC, reading the Aquatrol DX4 measuring cells over
Modbus TCP and writing the dosing pumps' stroke rates. Since CHEM-128 the
bather feedforward is back, fed by gatekeeper's `in_building`.

Friday 3 April (UK summer time from 29 March, UTC+1; the DX4 logs local
time): at 15:10 BST the chemical supplier's tanker tops up Eastgate's
sodium hypochlorite bulk tank with 1,000 litres from batch HX-2611, on
top of about 300 litres of the previous delivery. The batch is far below
its 14-15 % available chlorine (it sat in the supplier's yard through a
warm week before it was decanted; the supplier recalls it on Saturday),
and the tank's mix holds about 6 %. Goods-in at the site signs the
delivery note; nobody tests the strength. aquadose 2.9.0 goes out to
every site at 16:30 UTC that afternoon: CHEM-131 caps Eastgate's
chlorine pump at 85 % (its new pump heads), CHEM-133 warns when a pump's
output is saturated for five minutes (the very warning that fills the
log on Saturday), an httpx bump.

Overnight the PI makes up for the weak hypochlorite by running the pump
harder. On Easter Saturday the main pool at Eastgate fills up; at 09:55
UTC the chlorine pump sits at its 85 % cap (from 08:53), free chlorine falls, the DX4
warns below 0.60 mg/l, and below 0.50 aquadose closes the main pool
(NOP 4.2: a basin closes below 0.50 and reopens after 15 minutes above
0.80 and a DPD test), lanes-api cancels the lane bookings and gatekeeper
stops selling swims for it. The runbook says an airlock in the dosing
line or, after a release, roll back: the technician bleeds the pump
(primed, dosing), the on-call rolls back to 2.8.3 (pump up to 100 %)
without effect (the saturation warnings go; 100 % of a 6 % solution is
still less than the pool needs). Millbrook, Harlow Road and Riverside run
2.9.0 with normal dose lines; the pump's output at Eastgate had crept up
since Friday afternoon, not since the release; the technician titrates a
sample from the tank (6.1 %) and finds the delivery note; the supplier's
quality notice arrives at 12:56. The suction lance goes into the reserve
IBC (another batch), free chlorine recovers, the pool reopens, 2.9.0 is
deployed again. Nothing in aquadose changed.

Sources: aquadose (Python logging with the site, line format), the DX4's
data and event log (semicolon CSV in BST, line format), gatekeeper (Go,
logfmt), lanes-api (pino JSON), the deploy workflow (GitHub Actions with
Ansible output), the facilities system's chemical deliveries and tests
(JSON lines, with the supplier's notice), #ops-eastgate (Slack export,
JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, hexid, query_range, utc, write_scenario
from formats import logfmt, pino
from scenarios import r99_bather_feedforward_admissions as base
from skeletons import chores

SERVICE = "aquadose"
START, END = utc("2026-04-04 07:00:00"), utc("2026-04-04 15:00:00")
SIM_START = utc("2026-04-03 12:00:00")
DELIVERY = utc("2026-04-03 14:10:00")
RELEASE_FRI = utc("2026-04-03 16:30:10")
ROLLBACK = utc("2026-04-04 11:24:30")
LANCE_SWAP = utc("2026-04-04 12:41:00")
REDEPLOY = utc("2026-04-04 14:06:20")
SITES = base.SITES
BST = dt.timedelta(hours=1)
# basin -> (setpoint, kp, ki per step, ff gain %/in_building, base demand %, demand per bather %)
BASINS = {
    "main": (1.00, 20.0, 2.0, 0.05, 15.0, 0.21),
    "learner": (1.00, 16.0, 1.0, 0.02, 7.0, 0.09),
    "spa": (1.50, 12.0, 0.8, 0.0, 6.0, 0.25),
}
CHANNEL = base.CHANNEL
G = 0.00065
sub = base.sub


def build_repo():
    repo, _ = base.build_repo()
    owen = Person("Owen Pryce", "owen.pryce@brookwater.org.uk", 60)
    aisha = Person("Aisha Mensah", "aisha.mensah@brookwater.org.uk", 60)
    tomasz = Person("Tomasz Wójcik", "tomasz.wojcik@brookwater.org.uk", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    crng = random.Random(99203)
    repo.schedule(chores(crng, SERVICE, [owen, aisha], utc("2026-03-25 09:00:00"), utc("2026-03-27 16:00:00"), 2))
    repo.commit(utc("2026-03-24 10:30:00"), owen, "control: feedforward back on, from in_building, gain checked against 20 and 21 March (CHEM-128)", {
        "config/sites/millbrook.yaml": sub(repo.files["config/sites/millbrook.yaml"], "feedforward: false\n", "feedforward: true\n"),
        "config/sites/eastgate.yaml": sub(repo.files["config/sites/eastgate.yaml"], "feedforward: false\n", "feedforward: true\n"),
        "tests/test_occupancy.py": repo.files["tests/test_occupancy.py"] + "\n\n# 21 March, 14:40: the gala Saturday\nGALA = {\"site\": \"millbrook\", \"count\": 1530, \"in_building\": 388}\n",
    })
    repo.commit(utc("2026-03-30 07:05:00"), bot, "chore(deps): update dependency pytest to v8.3.5", {
        ".github/workflows/ci.yml": sub(repo.files[".github/workflows/ci.yml"], "      - run: pytest -q\n", "      - run: pytest -q -p no:cacheprovider\n"),
    })
    repo.commit(utc("2026-03-31 13:15:00"), tomasz, "dx4: read the sample flow switch with the measurements in one request (CHEM-130)", {
        "aquadose/dx4.py": sub(repo.files["aquadose/dx4.py"], "    async def read(self, basin, retries=1):\n", "    async def read(self, basin, retries=1):\n        # registers 0-7 and discrete input 0 in one round trip (CHEM-130)\n"),
    })
    t283 = repo.commit(utc("2026-04-01 09:20:00"), aisha, "changelog: 2.8.3", {
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 2.8.3\n\n- feedforward from in_building (CHEM-126, CHEM-128)\n- one Modbus request per reading (CHEM-130)\n",
    })
    repo.commit(utc("2026-04-01 15:40:00"), aisha, "config: cap Eastgate's chlorine pump at 85 % (CHEM-131)\n\nThe new Eastgate pump heads are rated for 85 % continuous stroke.", {
        "config/sites/eastgate.yaml": sub(repo.files["config/sites/eastgate.yaml"], "chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100, ff_gain_pct_per_bather: 0.05}", "chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 85, ff_gain_pct_per_bather: 0.05}"),
    })
    repo.commit(utc("2026-04-02 10:10:00"), owen, "loop: warn when a pump's output is saturated for 5 minutes (CHEM-133)", {
        "aquadose/loop.py": sub(repo.files["aquadose/loop.py"], "            await dx4.write(basin, chlorine=out, acid=acid)\n",
                                "            await dx4.write(basin, chlorine=out, acid=acid)\n            saturated = saturated + 1 if out >= cl.max_out else 0\n            if saturated and saturated % 10 == 0:\n                log.warning(\"chlorine pump saturated basin=%s out=%.1f for %d min fcl=%.2f sp=%.2f\", basin, out, saturated // 2, r.free_chlorine, cl.setpoint)\n",
                                "    while True:\n", "    saturated = 0\n    while True:\n"),
    })
    repo.commit(utc("2026-04-02 14:25:00"), owen, "runbook: free chlorine low", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Free chlorine low (DX4 A03) with the pump at its maximum\n\nThe pump is not delivering: an airlock in the dosing line (gas from the\nhypochlorite) or a pump that lost its prime. Bleed the pump at the vent\nvalve. If it started right after a release, roll back with the deploy\nworkflow.\n",
    })
    repo.commit(utc("2026-04-03 08:50:00"), bot, "chore(deps): update dependency httpx to v0.28.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.28.1"', '"httpx==0.28.2"'),
    })
    head = repo.commit(utc("2026-04-03 13:05:00"), tomasz, "docs: Modbus register map of the DX4", {
        "docs/dx4.md": "# Aquatrol DX4 register map\n\n| register | value |\n|---|---|\n| IR 0-1 | free chlorine mg/l (float32) |\n| IR 2-3 | pH |\n| IR 4-5 | redox mV |\n| IR 6-7 | temperature C |\n| DI 0 | sample flow |\n| HR 100 | chlorine pump stroke % |\n| HR 102 | acid pump stroke % |\n",
    })
    after = repo.commit(utc("2026-04-04 13:50:00"), owen, "runbook: test the hypochlorite's strength when the pump saturates (INC-0404)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "valve. If it started right after a release, roll back with the deploy\nworkflow.\n",
                               "valve. Then test the strength of the hypochlorite in the tank (test kit\nin the plant room; 14-15 % when delivered): a weak delivery looks\nexactly like this (4 April, Eastgate, batch HX-2611 at 6 %). Compare\nwith the other sites before you roll back.\n"),
    })
    return repo, {"t283": t283, "head": head, "after": after}


def _hms(t):
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def entry_rate(site, t):
    h = t.hour + t.minute / 60 + 1  # BST
    b = {"millbrook": 0.9, "eastgate": 1.1, "harlow-road": 0.35, "riverside": 0.45}[site]
    if h < 7.5 or h >= 22:
        return 0.0
    return b * (1.8 if h < 9 else 3.4 if h < 13 else 3.8 if h < 16 else 3.0)


def strength(t):
    """Available chlorine of what the pump draws, relative to 14 %."""
    if t < DELIVERY:
        return 1.0
    if t < LANCE_SWAP:
        # the dosing line and the bottom of the tank hold the old delivery for a while
        return max(0.27, 1.0 - 0.73 * (t - DELIVERY).total_seconds() / 10800)
    return min(1.0, 0.27 + 0.73 * (t - LANCE_SWAP).total_seconds() / 420)


def build_logs(rng, shas):
    aq, dx, gk, lanes, deploy, slack, chem = (Log("aquadose-eastgate.log"), Log("dx4-eastgate.log"), Log("gatekeeper.log"), Log("lanes-api.log"),
                                              Log("deploy-workflow.log"), Log("slack-ops-eastgate.log"), Log("chemical-deliveries.log"))
    stats = {"onset": None, "fcl": {}, "out": {}}
    people = {site: [] for site in SITES}
    for site in SITES:
        t = utc("2026-04-04 06:30:00")
        while t < END:
            rate = entry_rate(site, t)
            t += dt.timedelta(seconds=rng.expovariate(max(rate, 0.05) / 60.0))
            if rate <= 0:
                continue
            product = rng.choice([p for w, p in base.PRODUCTS for _ in range(w)])
            stay = {"gym": 65, "class-aqua": 50, "lane-booking": 55}.get(product, 80)
            people[site].append([t, t + dt.timedelta(minutes=max(20, rng.gauss(stay, 15))), product])

    def in_building(site, t):
        return sum(1 for e, x, _ in people[site] if e <= t < x)

    def count_at(site, t):
        return sum(1 for e, _, _ in people[site] if e <= t)

    swim = ("swim-adult", "member-swim", "lane-booking", "swim-junior")

    def bathers_main(t, closed):
        return 0 if closed else int(sum(1 for e, x, p in people["eastgate"] if e <= t < x and p in swim) * 0.7)

    def bathers_learner(t):
        return int(sum(1 for e, x, p in people["eastgate"] if e <= t < x and p in ("swim-junior", "class-aqua")) * 0.5)

    epochs = [(utc("2026-03-30 10:02:00"), "v2.8.3", shas["t283"]), (RELEASE_FRI, "v2.9.0", shas["head"]),
              (ROLLBACK, "v2.8.3", shas["t283"]), (REDEPLOY, "v2.9.0", shas["head"])]

    def version_at(tt):
        cur = epochs[0]
        for e in epochs:
            if tt >= e[0]:
                cur = e
        return cur

    def alog(tt, level, logger, msg):
        if START <= tt < END:
            aq.add(tt, f"{_hms(tt)} {level} [eastgate] {logger}: {msg}")

    def dxlog(tt, ch, kind, text):
        if START <= tt < END:
            dx.add(tt, f"{(tt + BST).strftime('%d/%m/%Y %H:%M:%S')};{ch};{kind};{text}")

    for r_t in (ROLLBACK, REDEPLOY):
        ver, sha = version_at(r_t + dt.timedelta(seconds=1))[1:]
        alog(r_t, "INFO", "aquadose.main", "stopping (SIGTERM)")
        alog(r_t + dt.timedelta(seconds=3.1), "INFO", "aquadose.main", f"starting aquadose version={ver[1:]} commit={sha[:7]} site=eastgate basins=main,learner,spa")
        alog(r_t + dt.timedelta(seconds=3.3), "INFO", "aquadose.dx4", "connected to DX4 10.32.8.20:502 units=1,2,3")

    state = {b: {"fcl": v[0], "i": v[4], "ph": 7.22, "warn": False, "sat": 0} for b, v in BASINS.items()}
    closed = reopen = above_since = None
    t = SIM_START
    step = 0
    inb = 0
    while t < END:
        ver = version_at(t)[1]
        if t >= START and step % 2 == 0:
            inb = in_building("eastgate", t - dt.timedelta(seconds=rng.uniform(1, 20)))
            tp = t + dt.timedelta(seconds=rng.uniform(5, 25))
            alog(tp, "INFO", "aquadose.occupancy", f"bather load updated site=eastgate bathers={inb}")
            if START <= tp < END:
                gk.add(tp, logfmt(tp, "info", "http request", method="GET", path="/v1/sites/eastgate/occupancy", status=200, dur_ms=rng.randint(2, 9), client="aquadose-eastgate", remote="10.32.8.5"))
        elif t < START:
            inb = 40 if (t + BST).hour in range(8, 22) else 0
        read_fail = rng.random() < 0.004
        for b, (sp, kp, ki, gain, dbase, per) in BASINS.items():
            st = state[b]
            tb = t + dt.timedelta(seconds=rng.uniform(0.05, 0.6))
            if b == "main":
                # bathers' pollution lingers: the demand follows the bather load with a lag of three hours
                now = bathers_main(t, closed is not None and reopen is None) if t >= START else (40 if (t + BST).hour in range(8, 22) else 0)
                st["load"] = st.get("load", 30.0) + (now - st.get("load", 30.0)) * 30 / 10800
                demand = dbase + per * st["load"]
            elif b == "learner":
                demand = dbase + per * (bathers_learner(t) if t >= START else 10)
            else:
                demand = dbase + per * 6
            reading = round(st["fcl"] + rng.gauss(0, 0.012), 2)
            if read_fail and b == "main":
                alog(tb, "WARNING", "aquadose.dx4", f"read timed out unit=1 basin={b}, retrying")
            cap = 85.0 if (b == "main" and ver == "v2.9.0") else 100.0
            err = sp - reading
            st["i"] = min(max(st["i"] + ki * err, 0.0), cap)
            p = kp * err
            ff = gain * inb
            out = min(max(ff + p + st["i"], 0.0), cap)
            alog(tb, "INFO", "aquadose.loop", f"dose basin={b} fcl={reading:.2f} sp={sp:.2f} p={p:.1f} i={st['i']:.1f} ff={ff:.1f} out={out:.1f} bathers={inb}")
            if out >= cap:
                st["sat"] += 1
                if st["sat"] % 10 == 0 and ver == "v2.9.0":
                    alog(tb + dt.timedelta(milliseconds=2), "WARNING", "aquadose.loop", f"chlorine pump saturated basin={b} out={out:.1f} for {st['sat'] // 2} min fcl={reading:.2f} sp={sp:.2f}")
            else:
                st["sat"] = 0
            acid = min(max(40 * (st["ph"] - 7.2) + 6 + out * 0.08, 0), 80)
            if step % 2 == 1:
                alog(tb + dt.timedelta(milliseconds=3), "INFO", "aquadose.loop", f"ph basin={b} ph={st['ph']:.2f} sp=7.20 acid={acid:.1f} orp={int(690 + 95 * max(st['fcl'], 0.05) ** 0.5 + rng.gauss(0, 4))} temp={dict(main=28.8, learner=31.0, spa=36.5)[b] + rng.gauss(0, 0.05):.1f}")
            st["ph"] += (out * 0.0007 - acid * 0.0010 + 0.004) * 0.3 + rng.gauss(0, 0.003)
            st["ph"] = min(max(st["ph"], 7.05), 7.5)
            low = 0.60 if b != "spa" else 1.00
            ch = CHANNEL[b]
            if not st["warn"] and reading <= low:
                st["warn"] = True
                dxlog(tb, ch, "ALARM ON", f"A03 Free chlorine low warning;{reading:.2f} mg/l;limit {low:.2f}")
                alog(tb + dt.timedelta(milliseconds=40), "WARNING", "aquadose.dx4", f"DX4 alarm basin={b} alarm=CL_LOW value={reading:.2f} limit={low:.2f}")
                if b == "main" and stats["onset"] is None and t >= START:
                    stats["onset"] = tb
            elif st["warn"] and reading > low + 0.05:
                st["warn"] = False
                dxlog(tb, ch, "ALARM OFF", f"A03 Free chlorine low warning;{reading:.2f} mg/l")
            if not st.get("high") and reading >= (2.0 if b != "spa" else 3.0):
                st["high"] = True
                dxlog(tb, ch, "ALARM ON", f"A01 Free chlorine high warning;{reading:.2f} mg/l;limit {2.0 if b != 'spa' else 3.0:.2f}")
                alog(tb + dt.timedelta(milliseconds=40), "WARNING", "aquadose.dx4", f"DX4 alarm basin={b} alarm=CL_HIGH_WARN value={reading:.2f} limit={2.0 if b != 'spa' else 3.0:.2f}")
            elif st.get("high") and reading < (1.95 if b != "spa" else 2.95):
                st["high"] = False
                dxlog(tb, ch, "ALARM OFF", f"A01 Free chlorine high warning;{reading:.2f} mg/l")
            eff = out * (strength(t) if b in ("main", "learner", "spa") else 1.0)
            st["fcl"] = max(0.05, st["fcl"] + G * (eff - demand))
            if b == "main" and t >= START:
                stats["fcl"][t] = st["fcl"]
                stats["out"][t] = out
                if closed is None and reading < 0.50:
                    closed = tb + dt.timedelta(milliseconds=60)
                    alog(closed, "ERROR", "aquadose.safety", f"basin closed: free chlorine {reading:.2f} mg/l below closure limit 0.50 (NOP 4.2) basin=main")
                elif closed is not None and reopen is None:
                    if reading >= 0.80:
                        above_since = above_since or t
                        if t - above_since >= dt.timedelta(minutes=15) and "reopen_due" not in stats:
                            alog(tb + dt.timedelta(milliseconds=60), "WARNING", "aquadose.safety", f"basin may reopen after a DPD test: free chlorine {reading:.2f} above 0.80 for 15 min basin=main")
                            stats["reopen_due"] = t + dt.timedelta(minutes=5, seconds=rng.randint(0, 50))
                    else:
                        above_since = None
                    if stats.get("reopen_due") and t >= stats["reopen_due"]:
                        reopen = stats["reopen_due"]
        if step % 10 == 0:
            for b in BASINS:
                st = state[b]
                dxlog(t + dt.timedelta(seconds=1), CHANNEL[b], "DATA", f"Cl {st['fcl'] + rng.gauss(0, 0.01):.2f} mg/l;pH {st['ph']:.2f};Redox {int(690 + 95 * max(st['fcl'], 0.05) ** 0.5)} mV;T {dict(main=28.8, learner=31.0, spa=36.5)[b]:.1f} C;Flow OK")
        t += dt.timedelta(seconds=30)
        step += 1
    onset = stats["onset"]
    stats["closed"], stats["reopen"] = closed, reopen
    assert onset and closed and reopen, (onset, closed, reopen)

    # --- gatekeeper
    gates = {"millbrook": ["T1", "T2", "T3", "T4"], "eastgate": ["T1", "T2", "T3"], "harlow-road": ["T1", "T2"], "riverside": ["T1", "T2"]}
    for site in SITES:
        for person in people[site]:
            e, x, product = person
            member = f"M{rng.randint(100000, 999999)}" if product in ("gym", "member-swim", "lane-booking", "class-aqua") else "-"
            media = "card" if member != "-" else rng.choice(["qr", "qr", "ticket"])
            if site == "eastgate" and closed <= e < reopen and product in swim:
                if START <= e < END:
                    gk.add(e, logfmt(e, "info", "entry refused", site=site, gate=rng.choice(gates[site][:2]), reason="BASIN_CLOSED", product=product, basin="main", media=media))
                continue
            if START <= e < END:
                gk.add(e, logfmt(e, "info", "passage", site=site, gate=rng.choice(gates[site]), dir="in", product=product, media=media, member=member))
            if START <= x < END:
                gk.add(x, logfmt(x, "info", "passage", site=site, gate=rng.choice(gates[site]), dir="out", product=product, media=media, member=member))
    for tt in base.poisson_like(rng, START, END, 0.9):
        site = rng.choice(SITES)
        gk.add(tt, logfmt(tt, "info", "entry refused", site=site, gate=rng.choice(gates[site]), reason=rng.choice(["MEMBERSHIP_EXPIRED", "ANTI_PASSBACK", "ANTI_PASSBACK", "TICKET_USED", "UNKNOWN_MEDIA"]), product="-", media=rng.choice(["card", "qr"])))
    tt = START + dt.timedelta(seconds=rng.randint(5, 60))
    while tt < END:
        for site in SITES:
            gk.add(tt + dt.timedelta(milliseconds=rng.randint(1, 40)), logfmt(tt, "info", "occupancy snapshot", site=site, in_building=in_building(site, tt), admitted_today=count_at(site, tt)))
        tt += dt.timedelta(minutes=5)
    tt = START + dt.timedelta(seconds=rng.randint(0, 50))
    while tt < END:
        tp = tt + dt.timedelta(seconds=rng.uniform(0, 3))
        gk.add(tp, logfmt(tp, "info", "http request", method="GET", path="/v1/sites/millbrook/occupancy", status=200, dur_ms=rng.randint(2, 9), client="aquadose-millbrook", remote="10.31.8.5"))
        if rng.random() < 0.25:
            site = rng.choice(SITES)
            gk.add(tp + dt.timedelta(seconds=7), logfmt(tp, "info", "http request", method="GET", path=f"/v1/sites/{site}/passages", status=200, dur_ms=rng.randint(8, 60), client="reception-tablet", remote=f"10.3{SITES.index(site) + 1}.4.{rng.randint(20, 40)}"))
        tt += dt.timedelta(seconds=60)
    gk.add(utc("2026-04-04 08:47:31"), logfmt(utc("2026-04-04 08:47:31"), "warn", "gate offline", site="harlow-road", gate="T1", err="read tcp 10.33.4.11:41210->10.33.2.12:4001: i/o timeout"))
    gk.add(utc("2026-04-04 08:48:09"), logfmt(utc("2026-04-04 08:48:09"), "info", "gate online", site="harlow-road", gate="T1"))

    # --- lanes-api
    hosts = ["lanes-api-5b8f9d7c6-4kq2v", "lanes-api-5b8f9d7c6-wz9hn"]

    def llog(tt, level, msg, **kv):
        if START <= tt < END:
            lanes.add(tt, pino(tt, level, msg, hostname=rng.choice(hosts), pid=1, **kv))

    for tt in base.poisson_like(rng, START, END, 1.5):
        site = rng.choice(SITES)
        slot = (tt + dt.timedelta(hours=rng.randint(1, 72))).replace(minute=rng.choice([0, 30]), second=0, microsecond=0)
        kind = rng.choice(["booking created", "booking created", "booking checked in", "booking checked in", "booking cancelled by customer"])
        llog(tt, "info", kind, reqId=f"req-{hexid(rng, 6)}", site=site, basin="main", lane=rng.randint(1, 6), slot=slot.strftime("%Y-%m-%dT%H:%MZ"), bookingId=f"LB-{rng.randint(500000, 599999)}")
    tt = START
    while tt < END:
        llog(tt + dt.timedelta(seconds=2), "info", "lane plan published", site="eastgate", basin="main", lanes=6, public=4, gala=False)
        tt += dt.timedelta(minutes=15)
    c = closed + dt.timedelta(milliseconds=rng.randint(80, 200))
    llog(c, "warn", "basin closure received", site="eastgate", basin="main", reason="chemistry", source="aquadose", closureId="CL-20260404-01")
    llog(c + dt.timedelta(milliseconds=30), "info", "gatekeeper notified: swim products suspended", site="eastgate", basin="main")
    gk.add(c + dt.timedelta(milliseconds=60), logfmt(c + dt.timedelta(milliseconds=60), "warn", "swim products suspended", site="eastgate", basin="main", reason="chemistry", source="lanes-api"))
    n_cancel = 0
    slot = closed.replace(minute=30 if closed.minute >= 30 else 0, second=0, microsecond=0) + dt.timedelta(minutes=30)
    while slot < utc("2026-04-04 14:00:00"):
        for lane in (1, 2, 3, 4, 5, 6):
            if rng.random() < 0.5:
                n_cancel += 1
                tc = c + dt.timedelta(seconds=1 + n_cancel * 0.4)
                bid = f"LB-{rng.randint(500000, 599999)}"
                llog(tc, "info", "booking cancelled: basin closed", site="eastgate", basin="main", lane=lane, slot=slot.strftime("%Y-%m-%dT%H:%MZ"), bookingId=bid, closureId="CL-20260404-01")
                llog(tc + dt.timedelta(milliseconds=120), "info", "refund issued", bookingId=bid, amount_gbp=rng.choice(["5.40", "5.40", "4.20", "7.00"]), psp="stripe")
        slot += dt.timedelta(minutes=30)
    stats["cancelled"] = n_cancel
    llog(reopen + dt.timedelta(seconds=4), "info", "basin reopened", site="eastgate", basin="main", closureId="CL-20260404-01", by="priya.shah", dpd_free_cl="1.9")
    gk.add(reopen + dt.timedelta(seconds=4.1), logfmt(reopen + dt.timedelta(seconds=4.1), "info", "swim products resumed", site="eastgate", basin="main", source="lanes-api"))

    # --- deploy workflow
    def run(t0, ref, sha, number, user):
        lines = [f"Run #{number} deploy ref={ref} sha={sha} triggered by {user}", f"Checking out {sha}",
                 "ansible-playbook -i deploy/ansible/inventory deploy/ansible/site.yml -e version=" + ref,
                 "PLAY [plantrooms] **************************************************************",
                 "TASK [aquadose : install release] **********************************************"]
        lines += [f"changed: [{s}-plant]" for s in SITES]
        lines += ["TASK [aquadose : link current] *************************************************"] + [f"changed: [{s}-plant]" for s in SITES]
        lines += ["RUNNING HANDLER [aquadose : restart aquadose] **********************************"] + [f"changed: [{s}-plant]" for s in SITES]
        lines += ["PLAY RECAP *********************************************************************"]
        lines += [f"{s}-plant : ok=4 changed=3 unreachable=0 failed=0 skipped=0" for s in SITES]
        lines += [f"Job succeeded ({ref})"]
        tt = t0 - dt.timedelta(seconds=25)
        for line in lines:
            tt += dt.timedelta(milliseconds=rng.randint(200, 2600))
            deploy.add(tt, tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond:06d}0Z {line}")

    run(utc("2026-03-30 10:02:00"), "v2.8.3", shas["t283"], 229, "aisha-mensah")
    run(RELEASE_FRI, "v2.9.0", shas["head"], 233, "owen-pryce")
    run(ROLLBACK, "v2.8.3", shas["t283"], 234, "aisha-mensah")
    run(REDEPLOY, "v2.9.0", shas["head"], 235, "aisha-mensah")

    # --- chemical deliveries and tests (the facilities system), with the supplier's notice
    def cev(tt, **kv):
        chem.add(tt, json.dumps({"at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), **kv}, ensure_ascii=False))

    cev(utc("2026-03-31 09:40:00"), type="delivery", site="millbrook", product="Sodium hypochlorite 14-15%", litres=1200, batch="HX-2594", supplier="Aqualine Chemicals", note="DN-771820", received_by="gemma.hart")
    cev(utc("2026-04-01 13:05:00"), type="delivery", site="riverside", product="Sulphuric acid 15%", litres=600, batch="SA-0411", supplier="Aqualine Chemicals", note="DN-771902", received_by="tom.bailey")
    cev(utc("2026-04-02 10:20:00"), type="delivery", site="harlow-road", product="Sodium hypochlorite 14-15%", litres=800, batch="HX-2594", supplier="Aqualine Chemicals", note="DN-771957", received_by="sam.oduya")
    cev(DELIVERY, type="delivery", site="eastgate", product="Sodium hypochlorite 14-15%", litres=1000, batch="HX-2611", supplier="Aqualine Chemicals", note="DN-772044", received_by="goods-in (reception)", tank_before_litres=300)
    for site in SITES:
        for hh in (7, 10, 13):
            tt = utc(f"2026-04-04 {hh - 1:02d}:0{rng.randint(2, 9)}:00")
            if site == "eastgate" and hh == 10:
                cev(tt, type="dpd_test", site=site, basin="main", free_cl="0.9", total_cl="1.2", ph="7.3", by="priya.shah")
            elif site == "eastgate" and hh == 13:
                cev(tt, type="dpd_test", site=site, basin="main", free_cl="0.2", total_cl="0.7", ph="7.2", by="priya.shah")
            else:
                cev(tt, type="dpd_test", site=site, basin="main", free_cl=rng.choice(["0.9", "1.0", "1.0", "1.1"]), total_cl=rng.choice(["1.1", "1.2", "1.3"]), ph=rng.choice(["7.2", "7.3"]), by="duty manager")
    cev(utc("2026-04-04 12:24:00"), type="tank_test", site="eastgate", tank="sodium hypochlorite bulk", method="titration kit", result="available chlorine 6.1 % - below specification (14-15 %)", by="mark.doyle")
    cev(utc("2026-04-04 12:56:00"), type="supplier_notice", site="all", supplier="Aqualine Chemicals", batch="HX-2611",
        text="Product quality notice: sodium hypochlorite batch HX-2611, delivered 2-3 April, has available chlorine below specification (tests 5.8-6.4 % against 14-15 %) after storage at elevated temperature. Please quarantine remaining stock; replacement deliveries are arranged for Tuesday 7 April.")
    cev(LANCE_SWAP, type="tank_change", site="eastgate", action="suction lance moved to the reserve IBC", batch="HX-2594", by="mark.doyle")

    # --- #ops-eastgate
    users = {"priya.shah (duty manager)": "U04PS1M8", "aisha.mensah": "U02AM7Q9", "owen.pryce": "U02OP3X5", "mark.doyle (maintenance)": "U05MD2K4", "pagerduty": "B01PD2Z0"}

    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": "ops-eastgate", "ts": f"{int(tt.timestamp())}.{tt.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    m = lambda minutes: onset + dt.timedelta(minutes=minutes)
    say(utc("2026-04-04 06:35:00"), "priya.shah (duty manager)", "Easter Saturday, doors at 07:00 BST, fun session with the inflatable 11-13")
    say(utc("2026-04-04 06:06:00") + dt.timedelta(minutes=58), "priya.shah (duty manager)", "08:00 DPD main 1.0, learner 1.0, spa 1.6")
    say(m(2), "pagerduty", "DX4 Eastgate CH1 A03 Free chlorine low warning (0.60 mg/l)")
    say(m(5), "priya.shah (duty manager)", "DPD main 0.6 here too. pool is heaving")
    say(m(8), "aisha.mensah", "looking. aquadose warns 'chlorine pump saturated basin=main out=85.0' since 08:58, an hour before the low alarm. 2.9.0 yesterday capped Eastgate's pump at 85 % (CHEM-131)")
    say(closed + dt.timedelta(minutes=1), "pagerduty", "aquadose Eastgate: basin closed main (free chlorine below closure limit 0.50)")
    say(closed + dt.timedelta(minutes=3), "priya.shah (duty manager)", f"main pool cleared, {n_cancel} lane bookings cancelled, the inflatable session is off. learner pool open")
    say(closed + dt.timedelta(minutes=10), "mark.doyle (maintenance)", "runbook says airlock. bleeding the hypo pump at the vent valve")
    say(closed + dt.timedelta(minutes=31), "mark.doyle (maintenance)", "no air, pump is primed and stroking, the line's full. it is dosing")
    say(ROLLBACK - dt.timedelta(minutes=4), "aisha.mensah", "the runbook says roll back after a release, and 2.9.0 capped this very pump. rolling back to 2.8.3 (100 %)")
    say(ROLLBACK + dt.timedelta(minutes=4), "aisha.mensah", "2.8.3 running, pump at 100 %, the saturation warnings are gone. fcl barely moves")
    say(ROLLBACK + dt.timedelta(minutes=18), "owen.pryce", "Millbrook, Harlow Road and Riverside run 2.9.0 and hold 1.0 with the pump at 30-45 % on a busy Saturday. Eastgate's main pump was at 60 % by Friday evening and 53 % at 07:00 today, usually 25-30. it started before the release went out, around Friday 15:00")
    say(ROLLBACK + dt.timedelta(minutes=26), "mark.doyle (maintenance)", "Friday 15:10 BST: 1,000 l hypo delivered into the bulk tank, batch HX-2611, signed by reception. testing the tank now")
    say(utc("2026-04-04 12:25:00"), "mark.doyle (maintenance)", "titration: 6.1 % available chlorine. should be 14-15. the pump is dosing water, near enough")
    say(utc("2026-04-04 12:35:00"), "owen.pryce", "so not aquadose: 100 % of a 6 % solution is less than the pool needs at Easter. nothing to revert")
    say(LANCE_SWAP + dt.timedelta(minutes=1), "mark.doyle (maintenance)", "lance moved to the reserve IBC (HX-2594, the Millbrook batch). HX-2611 tank quarantined")
    say(utc("2026-04-04 12:58:00"), "owen.pryce", "Aqualine's quality notice just came in: HX-2611 below spec after storage at elevated temperature, 5.8-6.4 %")
    say(utc("2026-04-04 12:58:00") + dt.timedelta(minutes=2), "owen.pryce", "the wound-up PI will overshoot now it has proper hypo. it's capped by the DX4 at 2.5, fine")
    say(reopen - dt.timedelta(minutes=3), "priya.shah (duty manager)", "aquadose says above 0.80 for 15 min. DPD main 1.9, combined 0.3")
    say(reopen + dt.timedelta(minutes=1), "priya.shah (duty manager)", "main pool reopened")
    say(REDEPLOY - dt.timedelta(minutes=3), "aisha.mensah", "redeploying 2.9.0 (the 85 % cap is right for the pump heads). runbook now says test the hypo's strength first")
    say(REDEPLOY + dt.timedelta(minutes=30), "owen.pryce", "postmortem Tuesday: goods-in should test the strength of each delivery; Aqualine's replacement Tuesday")
    return (aq, dx, gk, lanes, deploy, slack, chem), stats, (count_at, in_building), people


def build(out_dir):
    rng = random.Random(99200)
    repo, shas = build_repo()
    try:
        logs, stats, (count_at, in_building), _ = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        closed, reopen = stats["closed"], stats["reopen"]
        fcl, out = stats["fcl"], stats["out"]

        def series(d):
            return lambda t: round(d[t], 3) if t in d else None

        metrics = {
            "aquadose_free_chlorine_mg_l.json": query_range([({"job": "aquadose", "site": "eastgate", "basin": "main"}, series(fcl))], START, END, 60),
            "aquadose_chlorine_pump_output_percent.json": query_range([({"job": "aquadose", "site": "eastgate", "basin": "main"}, series(out))], START, END, 60),
            "gatekeeper_in_building.json": query_range([({"job": "gatekeeper", "site": s}, (lambda t, s=s: in_building(s, t))) for s in SITES], START, END, 300),
        }
        return write_scenario(
            out_dir, name="r99-weak-hypochlorite-delivery-none", service=SERVICE, onset=onset,
            description=f"""
Eastgate's main pool is closed for low free chlorine on Easter Saturday,
4 April: from {onset.strftime('%H:%M:%S')} UTC the Aquatrol DX4 warns free chlorine
below 0.60 mg/l with the hypochlorite pump at its 85 % cap, at {closed.strftime('%H:%M')}
aquadose closes the basin (below 0.50, NOP 4.2), lanes-api cancels
{stats['cancelled']} lane bookings and gatekeeper refuses swim entries. aquadose 2.9.0
had gone out the afternoon before; a rollback to 2.8.3 at {ROLLBACK.strftime('%H:%M')} did not
help. The pool reopened at {reopen.strftime('%H:%M')}. (UK summer time, UTC+1; the DX4
logs local time.)
""",
            logs=list(logs),
            line_formats={
                "aquadose-eastgate.log": r'<Date> <Time> <Level> \[<Site>\] <Logger>: <Content>',
                "dx4-eastgate.log": r'<Date> <Time>;<Channel>;<Kind>;<Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'available chlorine .*below specification',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. On Friday 3 April at 15:10 BST the supplier
topped up Eastgate's sodium hypochlorite tank with 1,000 litres of batch
HX-2611, which had lost most of its strength in storage (about 6 %
available chlorine instead of 14-15 %). The pump needed twice its usual
stroke from Friday afternoon, before the release; on Easter Saturday's
bather load even its maximum was not enough, free chlorine fell and the
pool was closed. The facilities log shows the cause: the delivery
(batch HX-2611), the technician's titration ("available chlorine 6.1 % -
below specification (14-15 %)") and the supplier's quality notice
("available chlorine below specification"). Moving the suction lance to
the reserve IBC ended it; nothing in aquadose changed.
Decoys: 2.9.0, deployed at 16:30 UTC on Friday ({round((onset - RELEASE_FRI).total_seconds() / 3600, 1)} h before the onset)
with CHEM-131 (Eastgate's chlorine pump capped at 85 %, the very pump
that saturates), CHEM-133 (the very "chlorine pump saturated" warning)
and an httpx bump; its deploy names a later DX4 docs commit; the rollback
to 2.8.3 at {ROLLBACK.strftime('%H:%M')}, which lets the pump run at 100 % without
effect (the warnings go, free chlorine barely moves); the runbook
section that blames an airlock and says to roll back after a release;
CHEM-128 (feedforward back on, the bathers in every dose line), CHEM-130
(the Modbus reads); the other sites' normal dose lines on 2.9.0; a
Harlow Road turnstile dropping out; the overshoot to above 2.0 once the
reserve hypochlorite reaches the pool.
""",
        )
    finally:
        repo.close()
