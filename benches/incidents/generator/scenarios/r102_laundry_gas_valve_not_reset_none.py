"""hallpass (Northgate Student Living's residents' service, six weeks after
`r102-move-in-keys-shared-queue`, same repository) also runs the halls'
laundry: residents pay for the Spinhaus washers and dryers from a laundry
wallet in the app; hallpass starts a machine through Spinhaus Connect's API
and Spinhaus's webhooks report each cycle's start, end or fault. Every
hall's dryers are gas fired (Spinhaus TD-30G, 30 lb).

At Canal Yard (Edinburgh) the laundry's gas supply has a solenoid valve
(GSV-L1) that the fire alarm's cause and effect closes on any fire alarm;
it is a manual-reset valve, opened again only at its reset button in the
laundry's plant cupboard, and the BMS (a Trend IQ4 outstation) shows its
state. Canal Yard's site technician resets it after each quarterly fire
alarm test; on Thursday 22 October 2026 he is on leave, and the fire
contractor Pyreguard's engineer, who tests the system from 10:00 BST,
resets the panel at 11:34 but not the valve (it is not on Pyreguard's
checklist). From 10:02 every dryer at Canal Yard that starts tries three
ignitions, finds no flame and stops with F31 ("IGNITION FAILURE - NO FLAME
AFTER 3 TRIALS"); hallpass refunds the cycle and, since LAUNDRY-46, logs
"laundry machine fault". Washers, and the dryers at Kelvin Wharf and
Merchant Lofts, are fine.

hallpass 2.16.0 was synced at 09:12 BST (LAUNDRY-44, the dryer's heat
level in the start call, the very call; LAUNDRY-46, which adds the very
warning and the auto-ticket; an httpx bump), 2.16.1 at 09:49 (LAUNDRY-47,
Canal Yard's dryer price), after a runbook commit that reads many dryer
faults right after a release as the start payload and says to roll back.
Callum (on call) rolls back to 2.15.0 at 12:21: the warnings stop, the
refunds and Spinhaus's F31s do not. Priya sees that only Canal Yard's
dryers fault, Eilidh remembers the fire alarm test, the BMS log has "C&E
OUTPUT LAUNDRY GAS VALVE CLOSED" at 10:02 and nothing after; Morag
(Canal Yard's site manager) finds the valve's indicator at CLOSED and
resets it at 13:09; the dryers heat again and 2.16.1 is synced again at
13:31. Nothing in hallpass is changed.

Sources: hallpass web (python-json-logger JSON), Spinhaus Connect's
machine event export (line format, BST), Canal Yard's BMS alarm and event
log (line format, BST), ingress-nginx access, Argo CD (logfmt), #hallpass
(Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, hexid, write_scenario
from scenarios import r102_move_in_keys_shared_queue as sept

SERVICE = "hallpass"
BST = sept.BST
bst = sept.bst
sub = sept.sub
START, END = bst("2026-10-22 08:05:00"), bst("2026-10-22 14:20:00")

SPINHAUS = '''"""Spinhaus Connect: the halls' washers and dryers."""

import httpx
from django.conf import settings


class SpinhausClient:
    def __init__(self):
        self.http = httpx.Client(base_url=settings.SPINHAUS_URL, timeout=10.0,
                                 headers={"Authorization": f"Bearer {settings.SPINHAUS_TOKEN}"})

    def machine(self, machine_id):
        return self.http.get(f"/machines/{machine_id}").raise_for_status().json()

    def start(self, machine_id, program="normal"):
        res = self.http.post(f"/machines/{machine_id}/cycles", json={"program": program})
        return res.raise_for_status().json()
'''

WEBHOOKS = '''import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from hallpass.laundry.models import Cycle
from hallpass.laundry.signatures import verify

log = logging.getLogger("hallpass.laundry")


@csrf_exempt
def spinhaus_event(request):
    event = verify(request)
    cycle = Cycle.objects.get(spinhaus_id=event["cycle_id"])
    if event["type"] == "cycle.finished":
        cycle.finish()
    elif event["type"] == "cycle.aborted":
        cycle.refund(reason=event.get("reason", "aborted"))
        log.info("laundry cycle refunded", extra={"machine": cycle.machine_id, "resident": cycle.resident.ref, "amount": str(cycle.price)})
    return JsonResponse({"ok": True})
'''

RUNBOOK_LAUNDRY = """
## Many laundry faults or refunds

Spinhaus reports a fault with a code (F-codes: the machine's own
controller). One machine faulting is a machine for the hall's maintenance
team (a ticket is raised automatically after LAUNDRY-46).

If many machines fault at once right after a hallpass release, the start
call is the likely cause (LAUNDRY-44 added the dryer's heat level to it):
compare the start payload with Spinhaus's API docs and roll the release back
in Argo CD.
"""


def build_repo():
    repo, shas = sept.build_repo()
    p = sept.PEOPLE
    repo.commit(bst("2026-10-13 11:10:00"), p["tomasz"], "laundry: Spinhaus client and webhooks in their own modules (LAUNDRY-40)", {
        "hallpass/laundry/spinhaus.py": SPINHAUS,
        "hallpass/laundry/webhooks.py": WEBHOOKS,
    })
    shas["rel_2150"] = repo.commit(bst("2026-10-14 15:30:00"), p["priya"], "release 2.15.0", sept.release(repo, "2.15.0", ["LAUNDRY-40: Spinhaus client and webhooks"]))
    repo.commit(bst("2026-10-19 06:50:00"), p["bot"], "chore(deps): update dependency httpx to v0.27.3", {
        "requirements.txt": repo.edit("requirements.txt", "httpx==0.27.2", "httpx==0.27.3"),
    })
    repo.commit(bst("2026-10-20 11:05:00"), p["fraser"], "laundry: start a dryer with the heat level the resident picked (LAUNDRY-44)\n\nThe app has offered low/medium/high since 4.9 but we always started\n'normal', which the TD-30G runs as high: residents' sportswear shrank.", {
        "hallpass/laundry/spinhaus.py": sub(repo.files["hallpass/laundry/spinhaus.py"],
                                            '''    def start(self, machine_id, program="normal"):
        res = self.http.post(f"/machines/{machine_id}/cycles", json={"program": program})''',
                                            '''    def start(self, machine_id, program="normal", heat=None):
        body = {"program": program}
        if heat is not None:
            body["dryer"] = {"heat": heat}  # low | medium | high (TD-30G: 50/60/70 C)
        res = self.http.post(f"/machines/{machine_id}/cycles", json=body)'''),
        "hallpass/laundry/views.py": repo.edit("hallpass/laundry/views.py",
                                               'cycle = SpinhausClient().start(machine_id, program=request.POST.get("program", "normal"))',
                                               'cycle = SpinhausClient().start(machine_id, program=request.POST.get("program", "normal"),\n                                   heat=request.POST.get("heat") if machine.kind == "dryer" else None)'),
    })
    repo.commit(bst("2026-10-20 15:20:00"), p["tomasz"], "laundry: log machine faults and raise a maintenance ticket after three (LAUNDRY-46)\n\nSpinhaus's cycle.aborted carries the machine's fault code; we refunded\nthe cycle and dropped the code, so the halls' teams heard of a broken\nmachine from residents.", {
        "hallpass/laundry/webhooks.py": sub(repo.files["hallpass/laundry/webhooks.py"],
                                            "from hallpass.laundry.signatures import verify\n",
                                            "from hallpass.laundry.signatures import verify\nfrom hallpass.maintenance.tickets import raise_machine_ticket\n",
                                            '''        cycle.refund(reason=event.get("reason", "aborted"))
''',
                                            '''        cycle.refund(reason=event.get("reason", "aborted"))
        fault = event.get("fault") or {}
        if fault:
            log.warning("laundry machine fault", extra={"machine": cycle.machine_id, "hall": cycle.hall_code,
                                                         "fault": fault.get("code"), "fault_text": fault.get("text")})
            if Cycle.objects.faults_last_hour(cycle.machine_id) >= 3:
                raise_machine_ticket(cycle.machine_id, fault)
'''),
        "hallpass/maintenance/tickets.py": repo.files["hallpass/maintenance/tickets.py"] + '''

def raise_machine_ticket(machine_id, fault):
    """One open ticket per machine; later faults are added to it."""
    ticket, created = Ticket.objects.open_for_machine(machine_id, category="laundry",
                                                      text=f"{machine_id}: {fault.get('code')} {fault.get('text')}")
    if created:
        log.info("maintenance ticket created", extra={"ticket": ticket.ref, "hall": ticket.hall.code, "category": "laundry",
                                                       "priority": ticket.priority, "machine": machine_id})
    return ticket
''',
    })
    repo.commit(bst("2026-10-21 10:30:00"), p["callum"], "runbook: many laundry faults or refunds", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_LAUNDRY,
    })
    shas["rel_2160"] = repo.commit(bst("2026-10-21 16:10:00"), p["priya"], "release 2.16.0", sept.release(repo, "2.16.0", [
        "LAUNDRY-44: dryer heat level", "LAUNDRY-46: machine faults logged, tickets after three", "httpx 0.27.3"]))
    repo.commit(bst("2026-10-22 09:31:00"), p["fraser"], "laundry: Canal Yard dryers GBP 2.00 from Monday 26 October (LAUNDRY-47)", {
        "config/laundry-prices.json": '{\n  "KW": {"washer": "3.20", "dryer": "1.80"},\n  "ML": {"washer": "3.20", "dryer": "1.80"},\n  "CY": {"washer": "3.20", "dryer": "1.80", "from": {"2026-10-26": {"dryer": "2.00"}}}\n}\n',
    })
    shas["rel_2161"] = repo.commit(bst("2026-10-22 09:38:00"), p["fraser"], "release 2.16.1", sept.release(repo, "2.16.1", ["LAUNDRY-47: Canal Yard dryer price from 26 October"]))
    return repo, shas


MACHINES = {h: [f"{h}-W{n:02d}" for n in range(1, 13)] + [f"{h}-D{n:02d}" for n in range(1, 9)] for h in ("KW", "ML", "CY")}
VALVE_CLOSED, VALVE_OPEN = bst("2026-10-22 10:02:09"), bst("2026-10-22 13:09:40")
UA_APP = sept.UA_APP


def build_logs(rng, shas):
    web = Log("hallpass-web.log")
    spin = Log("spinhaus-machine-events.log")
    bms = Log("canal-yard-bms.log")
    ingress = Log("ingress-nginx-access.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-hallpass.log")

    def stamp(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def wj(t, level, name, message, **extra):
        body = {"asctime": stamp(t), "levelname": level, "name": name, "message": message}
        body.update(extra)
        web.add(t, json.dumps(body, separators=(", ", ": ")))

    def nginx(t, ip, method, path, status, size, rt, ua):
        ups = f"10.52.{rng.randint(0, 3)}.{rng.randint(10, 250)}:8000"
        ingress.add(t, f'{ip} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" '
                       f'{rng.randint(40, 900)} {rt:.3f} [hallpass-hallpass-web-80] [] {ups} {size} {max(rt - 0.001, 0.001):.3f} {status} {hexid(rng, 32)}')

    def phone_ip():
        return f"{rng.choice(['82', '94', '86', '31'])}.{rng.randint(0, 60)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def sp(t, machine, event, text):
        local = t.astimezone(BST)
        model = "TD-30G 30lb gas dryer" if "-D" in machine else "SW-18 18lb washer"
        spin.add(t, f"{local.strftime('%Y-%m-%d %H:%M:%S')} | {machine} | {model} | {event} | {text}")

    def bm(t, station, kind, text):
        local = t.astimezone(BST)
        bms.add(t, f"{local.strftime('%d/%m/%Y %H:%M:%S')} {station} {kind:<6} {text}")

    def S(text):
        return bst("2026-10-22 " + text)

    def secs(t, s):
        return t + dt.timedelta(seconds=s)

    def version_at(t):
        if t < S("09:12:20"):
            return "2.15.0"
        if t < S("09:49:05"):
            return "2.16.0"
        if t < S("12:21:40"):
            return "2.16.1"
        if t < S("13:31:10"):
            return "2.15.0"
        return "2.16.1"

    # --- the laundry ------------------------------------------------------------
    busy_until = {m: START for h in MACHINES for m in MACHINES[h]}
    faults = {"n": 0, "first": None, "machines": set(), "refunds": 0}
    tickets = {}
    t = START
    while t < END:
        hour = t.astimezone(BST).hour + t.astimezone(BST).minute / 60
        rate = 1.2 + 2.2 * min(1.0, max(0.0, (hour - 8.0) / 3.0))
        t = secs(t, rng.expovariate(rate / 60))
        if t >= END:
            break
        hall = rng.choices(["KW", "ML", "CY"], weights=[1420, 1180, 1510])[0]
        dryer = rng.random() < 0.45
        free = [m for m in MACHINES[hall] if ("-D" in m) == dryer and busy_until[m] <= t]
        if not free:
            continue
        m = rng.choice(free)
        resident = f"R-26-{rng.randint(1000, 99999):05d}"
        ip, ua = phone_ip(), rng.choice(UA_APP)
        price = "1.80" if dryer else "3.20"
        cycle = f"cyc_{hexid(rng, 20)}"
        nginx(t, ip, "POST", f"/api/v1/laundry/machines/{m}/start", 200, 88, rng.uniform(0.4, 1.2), ua)
        extra = {"heat": rng.choice(["low", "medium", "medium", "high"])} if dryer and version_at(t) != "2.15.0" else {}
        wj(secs(t, 0.9), "INFO", "hallpass.laundry", "laundry cycle started", resident=resident, machine=m, price=price, **extra)
        sp(secs(t, 1.4), m, "CYCLE_START", f"cycle {cycle} program={'DRY ' + extra.get('heat', 'normal').upper() if dryer else rng.choice(['COTTON 40', 'MIXED 30', 'QUICK 30', 'COTTON 60'])} paid=app")
        length = (rng.uniform(38, 52) if dryer else rng.uniform(29, 58)) * 60
        running_at_close = dryer and hall == "CY" and t < VALVE_CLOSED < secs(t, length)
        if dryer and hall == "CY" and (VALVE_CLOSED <= t < VALVE_OPEN or running_at_close):
            # three ignition trials, no flame, lockout (a running dryer loses its flame first)
            t_fail = t
            if running_at_close:
                t_fail = secs(VALVE_CLOSED, rng.uniform(2, 20))
                sp(t_fail, m, "WARNING", "W09 FLAME LOST DURING HEATING - REIGNITION")
            for trial in range(1, 4):
                sp(secs(t_fail, 6 + trial * 58 + rng.uniform(0, 3)), m, "WARNING", f"W07 IGNITION TRIAL {trial} FAILED - NO FLAME SENSED")
            ft = secs(t_fail, 6 + 3 * 58 + rng.uniform(4, 9))
            sp(ft, m, "FAULT", "F31 IGNITION FAILURE - NO FLAME AFTER 3 TRIALS")
            sp(secs(ft, 0.4), m, "CYCLE_ABORT", f"cycle {cycle} aborted by machine, credit returned")
            wt = secs(ft, rng.uniform(1.0, 3.5))
            nginx(wt, "35.198.71.12", "POST", "/webhooks/spinhaus", 200, 11, rng.uniform(0.03, 0.09), "Spinhaus-Webhooks/2.3")
            if version_at(wt) != "2.15.0":
                wj(secs(wt, 0.02), "WARNING", "hallpass.laundry", "laundry machine fault", machine=m, hall="CY", fault="F31",
                   fault_text="IGNITION FAILURE - NO FLAME AFTER 3 TRIALS")
            wj(secs(wt, 0.03), "INFO", "hallpass.laundry", "laundry cycle refunded", machine=m, resident=resident, amount=price)
            faults["n"] += 1
            faults["refunds"] += 1
            faults["first"] = faults["first"] or ft
            faults["machines"].add(m)
            tickets[m] = tickets.get(m, 0) + 1
            if tickets[m] == 3 and version_at(wt) != "2.15.0":
                wj(secs(wt, 0.05), "INFO", "hallpass.maintenance", "maintenance ticket created", ticket=f"MT-{rng.randint(46100, 46999)}",
                   hall="CY", category="laundry", priority="P3", machine=m)
            busy_until[m] = secs(ft, 60)
            # the resident complains now and then
            if rng.random() < 0.12:
                x = secs(ft, rng.uniform(60, 400))
                nginx(x, ip, "POST", "/api/v1/maintenance/tickets", 201, 64, rng.uniform(0.08, 0.2), ua)
                wj(secs(x, 0.01), "INFO", "hallpass.maintenance", "maintenance ticket created", ticket=f"MT-{rng.randint(46100, 46999)}",
                   hall="CY", category="laundry", priority="P3")
            continue
        end = secs(t, length)
        busy_until[m] = end
        if end < END:
            sp(end, m, "CYCLE_END", f"cycle {cycle} complete {int(length // 60)} min")
            nginx(secs(end, 1.2), "35.198.71.12", "POST", "/webhooks/spinhaus", 200, 11, rng.uniform(0.03, 0.09), "Spinhaus-Webhooks/2.3")
            wj(secs(end, 1.25), "INFO", "hallpass.laundry", "laundry cycle finished", machine=m, minutes=int(length // 60))
    # machines' routine status
    x = START
    while x < END:
        x = secs(x, rng.uniform(880, 920))
        for hall in MACHINES:
            m = rng.choice(MACHINES[hall])
            sp(x, m, "HEARTBEAT", f"gateway {hall.lower()}-gw-01 rssi=-{rng.randint(48, 71)}dBm fw=3.12.4")

    # --- other traffic ----------------------------------------------------------
    x = START
    while x < END:
        x = secs(x, rng.expovariate(9 / 60))
        r = rng.random()
        if r < 0.12:
            amount = rng.choice(["5.00", "10.00", "15.00", "20.00"])
            nginx(x, phone_ip(), "POST", "/api/v1/laundry/top-up", 200, 27, rng.uniform(0.3, 0.9), rng.choice(UA_APP))
            wj(secs(x, 0.4), "INFO", "hallpass.laundry", "laundry top-up", resident=f"R-26-{rng.randint(1000, 99999):05d}", amount=amount,
               balance=f"{rng.randint(5, 40)}.{rng.choice(['00', '20', '40', '60', '80'])}")
        elif r < 0.2:
            hall = rng.choice(["KW", "ML", "CY"])
            cat = rng.choice(["plumbing", "electrical", "furniture", "heating", "doors", "appliances", "pest control"])
            nginx(x, phone_ip(), "POST", "/api/v1/maintenance/tickets", 201, 64, rng.uniform(0.08, 0.25), rng.choice(UA_APP))
            wj(secs(x, 0.1), "INFO", "hallpass.maintenance", "maintenance ticket created", ticket=f"MT-{rng.randint(46100, 46999)}", hall=hall,
               category=cat, priority=rng.choice(["P3", "P3", "P3", "P2"]))
        elif r < 0.24:
            nginx(x, phone_ip(), "GET", "/api/v1/keys/mine", 200, 1184, rng.uniform(0.02, 0.06), rng.choice(UA_APP))
        else:
            path, size = rng.choice([("/api/v1/me", 912), ("/api/v1/notices", 3310), ("/api/v1/laundry/machines?hall=KW", 2240),
                                     ("/api/v1/laundry/machines?hall=CY", 2301), ("/api/v1/laundry/machines?hall=ML", 2189),
                                     ("/api/v1/maintenance/tickets", 1402), ("/api/v1/events", 5120), ("/api/v1/laundry/wallet", 310)])
            nginx(x, phone_ip(), "GET", path, 200, size + rng.randint(-40, 40), rng.uniform(0.02, 0.15), rng.choice(UA_APP))
    x = START
    while x < END:
        x = secs(x, rng.uniform(280, 320))
        online = {"KW": 20, "ML": 20, "CY": 20}
        wj(x, "INFO", "hallpass.laundry", "spinhaus machines online", kw=online["KW"], ml=online["ML"], cy=online["CY"])

    # deploys
    pods = ["hallpass-web-5f6c8d7b9-2hq7w", "hallpass-web-5f6c8d7b9-m4kzp", "hallpass-web-5f6c8d7b9-x8vtn"]
    for when, ver, sha, how in ((S("09:12:02"), "2.16.0", shas["rel_2160"], "auto"), (S("09:48:47"), "2.16.1", shas["rel_2161"], "auto"),
                                (S("12:21:22"), "2.15.0", shas["rel_2150"], "rollback"), (S("13:30:51"), "2.16.1", shas["rel_2161"], "auto")):
        def al(x, msg, **kv):
            parts = [f'time="{x.strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"', "application=argocd/hallpass", "dest-namespace=hallpass"]
            argo.add(x, " ".join(parts + [f"{k}={v}" for k, v in kv.items()]))
        if how == "auto":
            al(secs(when, -6), f"Initiated automated sync to '{sha}'")
        else:
            al(secs(when, -6), f"Initiated rollback sync to '{sha}' (history id 58)", user="callum.baird")
        al(when, f"Sync operation to {sha} succeeded")
        al(secs(when, 0.3), "Updated sync status: OutOfSync -> Synced")
        al(secs(when, 92), "Updated health status: Progressing -> Healthy")
        for i, pod in enumerate(pods):
            y = secs(when, 18 + i * 14.5)
            wj(y, "INFO", "gunicorn.error", "Starting gunicorn 23.0.0")
            wj(secs(y, 0.02), "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")
            wj(secs(y, 1.3), "INFO", "hallpass", "hallpass started", version=ver, commit=sha[:7], pod=pod)
    x = secs(START, 40)
    while x < END:
        argo.add(x, f'time="{x.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Refreshing app status (controller refresh requested), level (1)" application=argocd/hallpass dest-namespace=hallpass')
        x = secs(x, 180)

    # --- Canal Yard's BMS -------------------------------------------------------
    x = START
    while x < END:
        x = secs(x, rng.uniform(590, 610))
        bm(x, "CY-OS1", "LOG", f"LTHW FLOW TEMP {rng.uniform(68, 72):.1f} DEGC  RETURN {rng.uniform(52, 57):.1f} DEGC")
        bm(secs(x, 2), "CY-OS1", "LOG", f"DHW CALORIFIER TEMP {rng.uniform(60, 63):.1f} DEGC")
        bm(secs(x, 3), "CY-OS2", "LOG", f"AHU-1 SUPPLY TEMP {rng.uniform(18.5, 20.5):.1f} DEGC  FAN {rng.randint(62, 70)} PCT")
        bm(secs(x, 5), "CY-OS2", "LOG", f"LAUNDRY EXTRACT FAN RUNNING  DUCT TEMP {rng.uniform(24, 31) if x < VALVE_CLOSED or x > VALVE_OPEN else rng.uniform(19, 22):.1f} DEGC")
    bm(S("08:31:02"), "CY-OS1", "EVENT", "USER M.ROSS LOGGED IN (FRONT PANEL)")
    bm(S("08:33:40"), "CY-OS1", "EVENT", "USER M.ROSS LOGGED OUT")
    # the quarterly fire alarm test: zone by zone
    zones = [(1, "GROUND FLOOR RECEPTION"), (3, "BLOCK A STAIR"), (5, "BLOCK B STAIR"), (7, "BLOCK C STAIR"), (9, "BLOCK D STAIR"),
             (12, "BASEMENT LAUNDRY"), (14, "PLANT ROOM"), (16, "BIN STORE")]
    bm(S("09:56:30"), "CY-OS1", "EVENT", "FIRE PANEL ON TEST - ARC MONITORING DISABLED BY PYREGUARD")
    x = S("10:02:05")
    for i, (zone, name) in enumerate(zones):
        bm(x, "CY-OS1", "ALARM", f"FIRE ALARM ACTIVE ZONE {zone} {name} (MCP)")
        if i == 0:
            bm(secs(x, 4), "CY-OS1", "ALARM", "C&E OUTPUT LAUNDRY GAS VALVE CLOSED (GSV-L1) ON FIRE ALARM")
            bm(secs(x, 5), "CY-OS2", "ALARM", "C&E OUTPUT AHU-1 SHUTDOWN ON FIRE ALARM")
            bm(secs(x, 6), "CY-OS1", "ALARM", "C&E OUTPUT DOOR HOLD-OPEN RELEASE ALL ZONES")
        else:
            bm(secs(x, 5), "CY-OS2", "ALARM", "C&E OUTPUT AHU-1 SHUTDOWN ON FIRE ALARM")
        bm(secs(x, 48), "CY-OS1", "EVENT", "FIRE ALARM SOUNDERS SILENCED")
        bm(secs(x, 70), "CY-OS1", "EVENT", f"FIRE ALARM RESET ZONE {zone}")
        bm(secs(x, 95), "CY-OS2", "EVENT", "AHU-1 RESTART AFTER FIRE ALARM")
        x = secs(x, rng.uniform(540, 780))
    bm(S("11:34:12"), "CY-OS1", "EVENT", "FIRE PANEL TEST MODE ENDED - ARC MONITORING RESTORED")
    bm(S("11:34:15"), "CY-OS1", "EVENT", "FIRE ALARM SYSTEM NORMAL")
    bm(VALVE_OPEN, "CY-OS1", "EVENT", "LAUNDRY GAS VALVE OPEN (GSV-L1) - MANUAL RESET")
    bm(secs(VALVE_OPEN, -45), "CY-OS1", "EVENT", "USER M.ROSS LOGGED IN (FRONT PANEL)")
    bm(secs(VALVE_OPEN, 120), "CY-OS1", "EVENT", "USER M.ROSS LOGGED OUT")

    # --- #hallpass ------------------------------------------------------------
    def say(x, who, text):
        t = x + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"ts": f"{t.timestamp():.6f}", "channel": "hallpass", "user_name": who, "text": text}, ensure_ascii=False))

    n_by_1215 = faults["n"]
    say(S("09:15:00"), "Priya Nair", "2.16.0 synced (09:12): dryer heat levels (LAUNDRY-44), machine faults logged + auto tickets (LAUNDRY-46), httpx")
    say(S("09:51:00"), "Fraser Duncan", "2.16.1 out with the Canal Yard dryer price for Monday (LAUNDRY-47)")
    say(S("09:58:00"), "Eilidh Grant", "FYI Pyreguard are at Canal Yard this morning for the quarterly fire alarm test, sounders on and off till about half 11. residents have had the email")
    say(S("11:02:00"), "Callum Baird", "a burst of 'laundry machine fault' warnings, F31 on Canal Yard dryers, refunds going out. watching")
    say(S("11:40:00"), "Eilidh Grant", "CY reception: residents say no dryer heats, it runs for 3 min then stops and refunds. 6 tickets already")
    say(S("11:52:00"), "Callum Baird", "runbook says lots of machine faults right after a release = the start payload. LAUNDRY-44 sends the heat level to the dryers since 09:12, the F31s started at 10:0x. rolling back to 2.15.0")
    say(S("12:24:00"), "Callum Baird", "2.15.0 synced 12:21")
    say(S("12:39:00"), "Callum Baird", "no change. Spinhaus still sends F31 on every CY dryer start, refunds continue (the warning line is gone, that's only because 2.15.0 doesn't log it). raised a ticket with Spinhaus")
    say(S("12:44:00"), "Priya Nair", "it's only Canal Yard, and only dryers. KW and ML dryers have run all morning on 2.16.x with heat levels, and the CY washers are fine. F31 is 'ignition failure - no flame', that's gas, not our API")
    say(S("12:47:00"), "Eilidh Grant", "the fire alarm test! the laundry gas shuts off when the alarm goes")
    say(S("12:51:00"), "Priya Nair", "BMS log for CY: 'C&E OUTPUT LAUNDRY GAS VALVE CLOSED (GSV-L1) ON FIRE ALARM' at 10:02:09, first zone of the test, and nothing reopens it. panel reset at 11:34 but the valve is manual reset")
    say(S("12:58:00"), "Morag Ross", "Hamish normally resets it after the tests, he's on leave this week. going down to the laundry cupboard now")
    say(S("13:10:00"), "Morag Ross", "valve indicator was on CLOSED. reset at 13:09, BMS shows it open. trying D03")
    say(S("13:16:00"), "Morag Ross", "D03 is heating, residents back in")
    say(S("13:27:00"), "Callum Baird", "Spinhaus confirm normal ignitions from 13:10. syncing 2.16.1 again, nothing to change on our side")
    say(S("13:40:00"), "Eilidh Grant", "adding 'reset laundry gas valve GSV-L1' to Pyreguard's test checklist and to the CY handover sheet. INC-431")
    return [web, spin, bms, ingress, argo, slack], faults


def build(out_dir):
    rng = random.Random(102200)
    repo, shas = build_repo()
    try:
        logs, faults = build_logs(rng, shas)
        onset = faults["first"].replace(microsecond=0)
        return write_scenario(
            out_dir, name="r102-laundry-gas-valve-not-reset-none", service=SERVICE, onset=onset,
            description=f"""
From {onset.astimezone(BST).strftime('%H:%M:%S')} BST on Thursday 22 October 2026 every dryer started at
Northgate Student Living's Canal Yard (Edinburgh) runs for three minutes,
stops with Spinhaus fault F31 and is refunded; residents raise tickets.
hallpass 2.16.0 had been synced at 09:12 BST and 2.16.1 at 09:49; the on-call
rolled back to 2.15.0 at 12:21 without effect. The dryers heat again from
13:09 and 2.16.1 was synced again at 13:31. Spinhaus's machine export and
Canal Yard's BMS log are in BST (UTC+1), as is the Slack export's text.
""",
            logs=logs,
            line_formats={
                "spinhaus-machine-events.log": r'<Date> <Time> \| <Machine> \| <Model> \| <Event> \| <Content>',
                "canal-yard-bms.log": r'<Date> <Time> <Station> <Kind>\s+<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'LAUNDRY GAS VALVE CLOSED',
                r'IGNITION FAILURE - NO FLAME',
            ],
            fix_files=[],
            explanation=f"""
Nothing in hallpass caused this. Canal Yard's quarterly fire alarm test
(Pyreguard, 10:00-11:34 BST) closed the laundry's gas solenoid valve GSV-L1
through the fire alarm's cause and effect at 10:02 ("C&E OUTPUT LAUNDRY GAS
VALVE CLOSED (GSV-L1) ON FIRE ALARM" in the BMS log); the valve is manual
reset, the site technician who resets it after tests was on leave, and the
panel reset at 11:34 left it closed. Every Canal Yard dryer started after
that failed three ignition trials and stopped with "F31 IGNITION FAILURE -
NO FLAME AFTER 3 TRIALS" ({faults['n']} cycles on {len(faults['machines'])} dryers, all refunded); the
washers and the other halls' dryers were fine. The site manager reset the
valve at 13:09 and the dryers heated again; hallpass was not changed.
Decoys: release 2.16.0, synced {int((onset - bst('2026-10-22 09:12:02')).total_seconds() // 60)} minutes before the onset (LAUNDRY-44,
the dryer's heat level in the very start call; LAUNDRY-46, which adds the
very "laundry machine fault" warning and the auto-tickets; an httpx bump);
2.16.1 (LAUNDRY-47, Canal Yard's dryer price, synced {int((onset - bst('2026-10-22 09:48:47')).total_seconds() // 60)} minutes before);
the runbook commit that reads many faults after a release as the start
payload; the rollback to 2.15.0, which makes the warnings stop but not the
faults or refunds.
""",
        )
    finally:
        repo.close()
