"""sortmaster, the line control service of Greyling Recycling's Kestrel Road
MRF (the same service three weeks after `r112-sorter-rule-order`), also
checks the weighbridge tickets now: it reads the weighbridge PC's export,
sends the councils' tonnages to billing and, from 2.12.0, rejects a ticket
whose net weight is outside what the vehicle can carry (SORT-214) and
queues it for the supervisor.

The weighbridge is a 18 m pit-mounted deck on eight load cells, read by a
Weylan WT-600 indicator; its pit drains to a sump whose pump is watched by
the site BMS. Facilities own the pit and the pump; Weylan services the
weighbridge. Neither is in this repository.

Monday 16 February 2026: 2.12.0 is released and deployed at 14:41 UTC
(SORT-214, which adds the very "net weight implausible" warning; SORT-216,
which reads the export's gross and tare fields instead of net; a PyYAML
bump); Callum's runbook section (Monday) reads rejected tickets after a
release as the plausibility check and says to roll back; Sanjay's config
change at 16:25 narrows the plausibility margin from 10 % to 5 %.

In the night a yellow rain warning brings 31 mm. At 02:14 the pit's sump
pump trips on thermal overload (silt from the yard), the BMS raises "SUMP
PUMP P1 TRIP" and at 04:52 "pit level HIGH" to the facilities mailbox,
unread until eight. The water reaches the deck's junction box at corner 3:
from 07:04 load cell LC3's signal wanders, the WT-600 cannot zero ("zero
out of range") and the gross weights come out 1-4 t heavy; sortmaster
rejects the tickets above a vehicle's payload (the very warning); from
07:31 LC3's signal is out of range and the indicator refuses to weigh.
Trucks queue at the gate, three council rounds are sent to Sittingbourne
WTS and a Revolve collection waits. Marek rolls back to 2.11.1 at 07:52
without effect (the warnings go, the indicator still refuses); Callum
reads the indicator's "LC3 signal out of range", walks to the weighbridge,
finds the pit full of water and the BMS alarm; facilities pump the pit from
08:26, Weylan's engineer dries the junction box, replaces its gland and
re-zeroes; test weights pass at 09:47 and weighing resumes; 2.12.0 is
deployed again at 10:05. Nothing in sortmaster is changed.

Sources: sortmaster (Python logging, line format), the WT-600 indicator's
event log (line format), the weighbridge ticket export (line format), the
site BMS alarm and trend export (CSV, line format, from midnight), the
sorters (syslog RFC 3164), GitLab deploy job traces, #kestrel-mrf-ops
(Teams export, JSON lines)."""

import datetime as dt
import json
import random

from common import Person, Log, poisson_times, utc, write_scenario
from scenarios import r112_sorter_rule_order as sep

SERVICE = "sortmaster"

PLAUSIBLE_PY = '''"""Rejects a weighbridge ticket whose net weight the vehicle cannot carry
(its registered payload from vehicles.yaml, plus a margin), or which is
negative, and queues it for the supervisor (SORT-214): a mistyped tare
billed a council 19 t for a 7 t round in January."""

import logging

log = logging.getLogger("sortmaster.weighbridge")


def plausible(ticket, vehicle, margin):
    limit = vehicle["payload_kg"] * (1 + margin)
    if ticket["net"] < 0 or ticket["net"] > limit:
        log.warning("ticket %s rejected: net weight implausible, %d kg for %s (payload %d kg, margin %d%%); queued for the supervisor",
                    ticket["no"], ticket["net"], ticket["plate"], vehicle["payload_kg"], margin * 100)
        return False
    return True
'''

VEHICLES = """# Registered payloads of the vehicles that tip or load at Kestrel Road.
GN71 KXR: {owner: Swale BC, payload_kg: 12500}
GK19 LVT: {owner: Swale BC, payload_kg: 12500}
GY68 PZA: {owner: Maidstone BC, payload_kg: 11800}
GN22 WOU: {owner: Maidstone BC, payload_kg: 12500}
GJ70 BHE: {owner: Medway Council, payload_kg: 12200}
GK73 RRA: {owner: Medway Council, payload_kg: 12500}
GY21 TFN: {owner: Medway Council, payload_kg: 12200}
GN20 CXD: {owner: Swale BC, payload_kg: 11800}
GX17 ARV: {owner: Revolve Polymers, payload_kg: 24000}
"""


def build_repo():
    repo, shas = sep.build_repo()
    marek, aoife, sanjay, callum, renovate = sep.marek, sep.aoife, sep.sanjay, sep.callum, sep.renovate
    repo.commit(utc("2026-01-27 11:30:00"), marek, "docs: postmortem INC-0412 (PVC in the clear PET)", {
        "docs/postmortems/INC-0412.md": "# INC-0412: PVC-sleeved bottles in the clear PET\n\nSORT-188 sorted each sorter's rules by material code; the OS-2400\nevaluates the list in order and ignores priority. Nothing was pushed\nuntil kerbside rev 41 on Monday. Reverting the recipe did not help: it\nwas compiled by the same code. Fixed in 2.10.2 (SORT-197).\n",
    })
    repo.commit(utc("2026-02-02 10:12:00"), aoife, "recipes: commercial rev 18, film threshold 0.30 -> 0.35", {
        "recipes/commercial.yaml": repo.edit("recipes/commercial.yaml", "rev: 17", "rev: 18").replace("min_fraction: 0.30, eject: film", "min_fraction: 0.35, eject: film"),
    })
    shas["rel_2111"] = sep.release(repo, utc("2026-02-03 14:50:00"), sanjay, "2.11.1", "2.10.2", ["commercial rev 18.", "Postmortem INC-0412."])
    repo.commit(utc("2026-02-11 09:40:00"), sanjay, "weighbridge: vehicles.yaml, the registered payloads", {"config/vehicles.yaml": VEHICLES})
    repo.commit(utc("2026-02-13 15:05:00"), sanjay, "weighbridge: reject tickets with an implausible net weight (SORT-214)\n\nIn January a mistyped stored tare billed Medway 19 t for a 7 t round.\nA ticket whose net is negative or above the vehicle's payload plus a\nmargin goes to the supervisor's queue instead of billing.", {
        "sortmaster/plausible.py": PLAUSIBLE_PY,
        "config/site.yaml": repo.files["config/site.yaml"] + "weighbridge_plausibility_margin: 0.10\n",
    })
    repo.commit(utc("2026-02-16 10:22:00"), marek, "weighbridge: read gross and tare from the export, compute net (SORT-216)", {
        "sortmaster/weighbridge.py": repo.edit("sortmaster/weighbridge.py", '        log.info("ticket %s %s %s net %d kg", t["no"], t["dir"], t["customer"], t["net"])\n',
                                               '        t["net"] = t["gross"] - t["tare"]\n        log.info("ticket %s %s %s net %d kg", t["no"], t["dir"], t["customer"], t["net"])\n'),
    })
    repo.commit(utc("2026-02-16 11:02:00"), renovate, "chore(deps): update dependency pyyaml to v6.0.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pyyaml==6.0.1"', '"pyyaml==6.0.2"'),
    })
    repo.commit(utc("2026-02-16 13:48:00"), callum, "runbook: WeighbridgeTicketsRejected", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## WeighbridgeTicketsRejected

sortmaster rejected weighbridge tickets as implausible (SORT-214).

- Right after a sortmaster release this is the plausibility check or the
  export parser: roll back to the previous release (GitLab, deploy job) and
  re-sync the day's tickets.
- One vehicle only: its stored tare is wrong; ask the weighbridge clerk to
  re-tare it.
- No tickets at all: the weighbridge PC's export share (restart the
  TicketPro export service).
""",
    })
    shas["rel_2120"] = sep.release(repo, utc("2026-02-16 14:30:00"), marek, "2.12.0", "2.11.1", ["Implausible tickets rejected (SORT-214).", "Net computed from gross and tare (SORT-216).", "PyYAML 6.0.2."])
    shas["margin"] = repo.commit(utc("2026-02-16 16:25:00"), sanjay, "config: weighbridge plausibility margin 10 % -> 5 %", {
        "config/site.yaml": repo.edit("config/site.yaml", "weighbridge_plausibility_margin: 0.10", "weighbridge_plausibility_margin: 0.05"),
    })
    shas["rollback"] = repo.commit(utc("2026-02-17 07:50:00"), marek, "deploy: pin sortmaster 2.11.1 (rollback of 2.12.0, INC-0431)", {
        "deploy/inventory.yml": repo.edit("deploy/inventory.yml", "sortmaster_version: 2.12.0", "sortmaster_version: 2.11.1"),
    })
    shas["again"] = repo.commit(utc("2026-02-17 10:02:00"), marek, "deploy: sortmaster 2.12.0 again (INC-0431 was the weighbridge pit)", {
        "deploy/inventory.yml": repo.edit("deploy/inventory.yml", "sortmaster_version: 2.11.1", "sortmaster_version: 2.12.0"),
    })
    return repo, shas


def U(text):
    return utc(f"2026-02-17 {text}" if text.count(":") == 2 else f"2026-02-17 {text}:00")


START, END = U("05:00:00"), U("10:40:00")
PUMP_TRIP, PIT_HIGH = U("02:14:07"), U("04:52:31")
DRIFT, DEAD = U("07:04:12"), U("07:31:40")
PUMPING, FIXED = U("08:26:00"), U("09:47:10")
ROLLBACK, AGAIN = U("07:52:20"), U("10:05:30")


def build_logs(rng, shas):
    app = Log("sortmaster.log")
    ind = Log("wt600-indicator.log")
    wb = Log("weighbridge.log")
    bms = Log("site-bms.log")
    sorters = Log("optisort.log")
    ci = Log("gitlab-deploy.log")
    chat = Log("teams-kestrel-mrf-ops.log")
    stats = {"first_error": None, "rejected": 0, "refused": 0}

    def A(t, level, logger, msg):
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} [{logger}] {msg}")

    def I(t, level, msg):
        ind.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 100000} WT600 {level} {msg}")
        if level in ("ERR", "WARN") and (stats["first_error"] is None or t < stats["first_error"]):
            stats["first_error"] = t

    def B(t, point, text, state):
        bms.add(t, f"{t.strftime('%d/%m/%Y')},{t.strftime('%H:%M:%S')},{point},{text},{state}")

    pids = {"os-1": 1184, "os-2": 1191, "os-3": 1177}

    def S(t, host, msg):
        sorters.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} osd[{pids[host]}]: {msg}")

    # --- BMS: trends every 10 min from midnight, alarms ------------------------------------------
    rain = 0.0
    t = U("00:00:00")
    while t < END:
        h = (t - U("00:00:00")).total_seconds() / 3600
        rate = 5.5 if h < 5.5 else (2.0 if h < 8 else 0.6)
        rain += rate / 6 * rng.uniform(0.7, 1.3)
        if t < PUMP_TRIP:
            level = rng.uniform(0.08, 0.16)
        elif t < PUMPING:
            level = min(0.78, 0.12 + (t - PUMP_TRIP).total_seconds() / 3600 * 0.21)
        else:
            level = max(0.10, 0.78 - (t - PUMPING).total_seconds() / 3600 * 0.9)
        x = t + dt.timedelta(seconds=rng.randint(0, 4))
        B(x, "WX-1", f"rain today {rain:.1f} mm, rate {rate * rng.uniform(0.8, 1.2):.1f} mm/h", "NORMAL")
        B(x, "WB-PIT", f"sump level {level:.2f} m", "HIGH" if level > 0.45 else "NORMAL")
        B(x, "AIR-1", f"compressed air {rng.uniform(7.0, 7.4):.2f} bar", "NORMAL")
        B(x, "HALL-1", f"tipping hall temp {rng.uniform(4.5, 7.5):.1f} C", "NORMAL")
        B(x, "FIRE-1", "fire panel healthy, 0 zones in alarm", "NORMAL")
        t += dt.timedelta(minutes=10)
    B(PUMP_TRIP, "WB-PIT", "SUMP PUMP P1 TRIP (thermal overload)", "ALARM unacknowledged, mailed to facilities@")
    B(PIT_HIGH, "WB-PIT", "pit level HIGH 0.45 m (deck junction boxes at 0.60 m)", "ALARM unacknowledged, mailed to facilities@")
    B(U("06:52:31"), "WB-PIT", "pit level HIGH 0.45 m (deck junction boxes at 0.60 m), repeat", "ALARM unacknowledged, mailed to facilities@")
    B(U("08:19:02"), "WB-PIT", "SUMP PUMP P1 TRIP (thermal overload)", "ALARM acknowledged by c.reid")
    B(U("08:19:40"), "WB-PIT", "pit level HIGH 0.45 m (deck junction boxes at 0.60 m)", "ALARM acknowledged by c.reid")
    B(U("09:31:15"), "WB-PIT", "pit level back to normal", "RETURN")
    B(U("09:40:00"), "WB-PIT", "SUMP PUMP P1 reset at local panel, running", "RETURN")

    # --- WT-600 indicator ---------------------------------------------------------------------
    t = START
    while t < END:
        x = t + dt.timedelta(seconds=rng.uniform(0, 2))
        if t < DRIFT or t >= FIXED:
            I(x, "INFO", f"zero track: deck {rng.randint(-20, 20)} kg, within band")
        elif t < DEAD:
            I(x, "WARN", f"zero track: deck {rng.randint(1100, 2600)} kg, zero out of range (band +-400 kg)")
        else:
            I(x, "ERR", "load cell LC3 signal out of range (-3.12 mV/V), weighing inhibited")
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 1 / 15):
        I(t, "INFO", f"diagnostics: LC1..LC8 excitation 10.0 V, comms ok, temp {rng.randint(3, 8)} C")
    I(DRIFT, "WARN", f"load cell LC3 signal unstable (step {rng.uniform(0.3, 0.6):.2f} mV/V in 2 s)")
    for t in poisson_times(rng, DRIFT, DEAD, 0.6):
        I(t, "WARN", f"load cell LC3 signal unstable (step {rng.uniform(0.1, 0.9):.2f} mV/V in 2 s)")
    I(DEAD, "ERR", "load cell LC3 signal out of range (-3.12 mV/V), weighing inhibited")
    I(U("09:12:40"), "INFO", "service login: weylan-eng (local keypad)")
    I(U("09:38:02"), "INFO", "load cell LC3 signal in range (0.02 mV/V)")
    I(U("09:41:30"), "INFO", "zero set: deck 0 kg (service)")
    I(U("09:45:05"), "INFO", "test weight 10000 kg: reads 10005 kg, within 10 kg")
    I(FIXED, "INFO", "test weight 20000 kg: reads 20005 kg, within 20 kg; weighing enabled")

    # --- tickets --------------------------------------------------------------------------------
    def W(t, text):
        wb.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S')}|{text}")

    payload = {"GN71 KXR": 12500, "GK19 LVT": 12500, "GY68 PZA": 11800, "GN22 WOU": 12500, "GJ70 BHE": 12200,
               "GK73 RRA": 12500, "GY21 TFN": 12200, "GN20 CXD": 11800}
    owner = {"GN71 KXR": "Swale BC", "GK19 LVT": "Swale BC", "GN20 CXD": "Swale BC", "GY68 PZA": "Maidstone BC",
             "GN22 WOU": "Maidstone BC", "GJ70 BHE": "Medway Council", "GK73 RRA": "Medway Council", "GY21 TFN": "Medway Council"}
    stored = {"GN71 KXR": 11820, "GK19 LVT": 11760, "GY68 PZA": 11240, "GN22 WOU": 11900, "GJ70 BHE": 12010,
              "GK73 RRA": 11880, "GY21 TFN": 12030, "GN20 CXD": 11410}
    version = lambda t: "2.11.1" if ROLLBACK <= t < AGAIN else "2.12.0"
    ticket = 106840
    t = U("05:46:00")
    queued = []
    while t < END:
        plate = rng.choice(list(payload))
        cust = owner[plate]
        if DEAD <= t < FIXED:
            stats["refused"] += 1
            W(t, f"-|IN|{plate}|{cust}|Kerbside dry mixed|weigh refused: indicator error E31")
            queued.append(t)
            t += dt.timedelta(minutes=rng.uniform(2.5, 7))
            continue
        ticket += 1
        off = int(rng.randint(900, 1500) + 2400 * (t - DRIFT).total_seconds() / (DEAD - DRIFT).total_seconds() * rng.uniform(0.8, 1.1)) if DRIFT <= t < DEAD else 0
        gross = rng.randint(19600, 24600) + off
        tare = stored[plate]
        net = gross - tare
        W(t, f"T-{ticket}|IN|{plate}|{cust}|Kerbside dry mixed|gross {gross}|stored tare {tare}|net {net}|bay {rng.randint(1, 3)}")
        s = t + dt.timedelta(seconds=rng.uniform(20, 60))
        limit = payload[plate] * 1.05
        if version(s) == "2.12.0" and (net < 0 or net > limit):
            stats["rejected"] += 1
            A(s, "WARNING", "sortmaster.weighbridge", f"ticket T-{ticket} rejected: net weight implausible, {net} kg for {plate} (payload {payload[plate]} kg, margin 5%); queued for the supervisor")
        else:
            A(s, "INFO", "sortmaster.weighbridge", f"ticket T-{ticket} IN {cust} net {net} kg")
        t += dt.timedelta(minutes=rng.uniform(2.5, 7))
    W(U("07:12:00"), "T-106990|OUT-LOAD|GX17 ARV|Revolve Polymers|PET_CLEAR bales|tare 16930|first weigh")
    W(U("09:52:00"), "T-106990|OUT-LOAD|GX17 ARV|Revolve Polymers|PET_CLEAR bales|tare re-weighed 14130 (first weigh void)|gross 31530|net 17400|bales 58")
    # export watch: no ticket for 15 min during opening hours
    t = DEAD + dt.timedelta(minutes=15)
    while t < FIXED:
        A(t + dt.timedelta(seconds=rng.uniform(0, 3)), "WARNING", "sortmaster.weighbridge", f"weighbridge export: no new tickets for {int((t - DEAD).total_seconds() // 60)} min during opening hours")
        t += dt.timedelta(minutes=10)

    # --- sortmaster routine, sorters, purity --------------------------------------------------------
    t = START
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(0, 0.8))
        run = t >= U("06:00:30")
        A(tt + dt.timedelta(milliseconds=600), "INFO", "sortmaster.sorters", f"polled OS-1 OS-2 OS-3: {'running' if run else 'stopped'}, air min 6.{rng.randint(7, 9)} bar")
        if run:
            S(tt, "os-2", f"stats 60s: belt 2.80 m/s, objects {rng.randint(5400, 6100)}, eject rate {rng.randint(30, 41)}/s, air 6.{rng.randint(7, 9)} bar, window index {rng.uniform(0.03, 0.09):.2f}")
            S(tt + dt.timedelta(milliseconds=30), "os-2", f"rule hits 60s: PVC_REJECT={rng.randint(16, 31)} BLACK_REJECT={rng.randint(60, 90)} PET_CLEAR={rng.randint(1180, 1390)} PET_TRAY={rng.randint(280, 360)}")
            S(tt + dt.timedelta(milliseconds=200), "os-1", f"stats 60s: belt 2.80 m/s, objects {rng.randint(13500, 15200)}, eject rate {rng.randint(38, 52)}/s, air 6.{rng.randint(7, 9)} bar, window index {rng.uniform(0.04, 0.09):.2f}")
            S(tt + dt.timedelta(milliseconds=400), "os-3", f"stats 60s: belt 2.80 m/s, objects {rng.randint(3100, 3500)}, eject rate {rng.randint(14, 22)}/s, air 6.{rng.randint(7, 9)} bar, window index {rng.uniform(0.03, 0.08):.2f}")
            if t >= U("06:11:00"):
                A(tt + dt.timedelta(seconds=2), "INFO", "sortmaster.purity", f"QC-PET 10 min: purity {rng.uniform(97.3, 98.1):.1f}%, PVC {rng.uniform(0.15, 0.3):.2f}%")
        else:
            S(tt, "os-2", "idle: belt stopped, air 7.0 bar")
        t += dt.timedelta(minutes=1)
    for host in ("os-1", "os-2", "os-3"):
        S(U("06:00:00") + dt.timedelta(seconds=rng.uniform(0, 2)), host, "line start: belt 2.80 m/s, air 6.9 bar")
    S(U("06:00:02"), "os-2", "recipe 'kerbside' rev 41 active (slot 1), rules in evaluation order: PVC_REJECT, BLACK_REJECT, PET_CLEAR, PET_TRAY")
    for t in poisson_times(rng, START, END, 0.25):
        A(t, "INFO", "sortmaster.bales", f"bale {rng.choice(['1', '2', '3'])}{rng.randint(4300, 4700):06d} {rng.choice(['PET_CLEAR', 'HDPE', 'PAPER', 'OCC', 'PP', 'CANS_AL'])} {rng.randint(240, 800)} kg")

    # --- deploys ------------------------------------------------------------------------------------
    def J(t, text):
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def deploy(t, job, who, ref, sha, ver):
        J(t, f"Running with gitlab-runner 17.7.0 (3153ccc6) on mrf-runner-01 ({job})")
        J(t + dt.timedelta(seconds=1), f"Job deploy:prod triggered by {who} for {ref} ({sha[:8]})")
        J(t + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is {ref})...")
        J(t + dt.timedelta(seconds=6), f"$ ansible-playbook -i deploy/inventory.yml deploy/site.yml -e sortmaster_ref={sha}")
        J(t + dt.timedelta(seconds=21), f"TASK [sortmaster : install sortmaster {ver}] changed: [mrf-ops-01.kestrel.greyling.local]")
        J(t + dt.timedelta(seconds=38), "TASK [sortmaster : restart sortmaster] changed: [mrf-ops-01.kestrel.greyling.local]")
        J(t + dt.timedelta(seconds=40), "mrf-ops-01.kestrel.greyling.local : ok=8    changed=2    unreachable=0    failed=0    skipped=1")
        J(t + dt.timedelta(seconds=41), "Job succeeded")
        s = t + dt.timedelta(seconds=40)
        if s >= START:
            A(s, "INFO", "sortmaster.main", f"sortmaster {ver} starting (rev {sha[:8]})")
            A(s + dt.timedelta(milliseconds=400), "INFO", "sortmaster.main", "connected: OS-1 OS-2 OS-3, QC scanner 10.30.2.21:5020, weighbridge export /srv/weighbridge/export")

    deploy(utc("2026-02-16 14:40:10"), 2392, "Marek Nowak", "v2.12.0", shas["rel_2120"], "2.12.0")
    deploy(utc("2026-02-16 16:31:44"), 2395, "Sanjay Patel", "main", shas["margin"], "2.12.0")
    deploy(ROLLBACK - dt.timedelta(seconds=40), 2401, "Marek Nowak", "v2.11.1", shas["rel_2111"], "2.11.1")
    deploy(AGAIN - dt.timedelta(seconds=40), 2404, "Marek Nowak", "main", shas["again"], "2.12.0")

    # --- Teams ---------------------------------------------------------------------------------------
    def say(hm, who, text):
        x = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        chat.add(x, json.dumps({"createdDateTime": x.strftime("%Y-%m-%dT%H:%M:%S.") + f"{x.microsecond // 1000:03d}Z",
                                "channel": "kestrel-mrf-ops", "from": who, "body": text}, ensure_ascii=False))

    say("05:58", "Dave Kerr", "morning. tipping hall stock from yesterday, line starting 06:00. raining hard, yard is a lake by the gate")
    say("07:18", "Alerts (Grafana)", "[FIRING] WeighbridgeTicketsRejected: 3 tickets rejected as implausible in 15 min")
    say("07:22", "Jo Hammond (weighbridge)", "weighbridge is all over the place this morning. indicator shows 1.8 t with nothing on the deck, won't zero. Swale truck came out 3 t heavier than it went in")
    say("07:27", "Marek Nowak", "2.12.0 went out yesterday with the plausibility check (SORT-214) and the gross/tare parser (SORT-216), margin tightened to 5% at 16:30. looking")
    say("07:35", "Jo Hammond (weighbridge)", "now it says E31 and won't weigh at all. 4 trucks in the queue")
    say("07:44", "Callum Reid", "runbook says roll back after a release. Marek go ahead, I'll look at the indicator log")
    say("07:54", "Marek Nowak", "rolled back to 2.11.1 at 07:52 (INC-0431). no more rejections in our log but there are no tickets at all")
    say("07:58", "Jo Hammond (weighbridge)", "still E31. sending the Medway and Swale rounds to Sittingbourne WTS, Revolve's driver is waiting")
    say("08:06", "Callum Reid", "WT-600 log: 'load cell LC3 signal unstable' from 07:04, then 'LC3 signal out of range' 07:31. that's not us. walking over")
    say("08:21", "Callum Reid", "the weighbridge pit is full of water up to the deck. BMS: sump pump P1 tripped 02:14, pit level HIGH 04:52, both mailed to facilities@ overnight. corner 3 junction box under water")
    say("08:24", "Priya Shah (facilities)", "sorry, the mailbox isn't watched before 8. bringing the portable pump, P1's overload is tripped, probably silt again")
    say("08:30", "Callum Reid", "called Weylan, engineer on his way (ETA 09:10)")
    say("09:49", "Jo Hammond (weighbridge)", "Weylan dried the LC3 junction box, new gland, re-zeroed. test weights 10 t and 20 t pass at 09:47. weighing again")
    say("10:07", "Marek Nowak", "2.12.0 deployed again 10:05. the early tickets 07:04-07:31 were heavy by 1-4 t: queued ones stay out of billing, Jo is re-weighing the ones that passed. nothing to change in sortmaster. INC-0431 action for facilities: pit alarms to the supervisor's phone")
    return [app, ind, wb, bms, sorters, ci, chat], stats


def build(out_dir):
    rng = random.Random(112200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_error"].replace(microsecond=0)
        assert U("07:04:00") <= onset < U("07:10:00"), onset
        return write_scenario(
            out_dir, name="r112-weighbridge-pit-flood-none", service=SERVICE, onset=onset,
            description=f"""
The weighbridge at Greyling Recycling's Kestrel Road MRF weighs wrong from
{onset.strftime('%H:%M:%S')} UTC on Tuesday 17 February 2026 (the indicator cannot zero,
gross weights 1-4 t heavy, sortmaster rejects tickets as implausible) and
refuses to weigh from 07:31 (E31); trucks queue and council rounds are
sent to a transfer station. sortmaster 2.12.0 (the plausibility check) was
deployed the afternoon before and rolled back to 2.11.1 at 07:52 without
effect; weighing resumed at 09:47 and 2.12.0 was deployed again at 10:05.
Times are UTC (GMT); the weighbridge PC and the BMS write day/month/year.
""",
            logs=logs,
            line_formats={
                "sortmaster.log": r'<Date> <Time> <Level> \[<Logger>\] <Content>',
                "wt600-indicator.log": r'<Date> <Time> <Device> <Level> <Content>',
                "weighbridge.log": r'<Date> <Time>\|<Ticket>\|<Content>',
                "site-bms.log": r'<Date>,<Time>,<Point>,<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'SUMP PUMP .*TRIP',
                r'pit level HIGH',
                r'signal out of range',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. In a night of heavy rain the weighbridge pit's sump
pump tripped on thermal overload at 02:14 ("SUMP PUMP P1 TRIP (thermal
overload)") and the pit filled ("pit level HIGH" at 04:52), both alarms
mailed to a facilities mailbox nobody reads before eight. The water
reached the junction box of load cell LC3: from 07:04 its signal wandered
("load cell LC3 signal unstable", the indicator's "zero out of range"),
weights came out 1-4 t heavy and sortmaster rejected {stats['rejected']} tickets as
implausible; from 07:31 "load cell LC3 signal out of range ... weighing
inhibited" and {stats['refused']} weighings were refused. Facilities pumped the pit
and reset the pump, Weylan's engineer dried the junction box and
re-zeroed; test weights passed at 09:47. Nothing in sortmaster changed.
Decoys: release 2.12.0, deployed 16 h before (SORT-214, which adds the very
"net weight implausible" warning; SORT-216, which changes how the export's
weights are read; a PyYAML bump); the plausibility margin narrowed to 5 %
and deployed 14.5 h before; a runbook commit that reads rejected tickets
after a release as the release and says to roll back; the rollback to
2.11.1 without effect (the warnings go, the indicator still refuses); the
export watch's "no new tickets" warnings, which the runbook reads as the
weighbridge PC's export; wet loads genuinely over the narrowed margin,
rejected before the water reached the load cell and after the repair.
""",
        )
    finally:
        repo.close()
