"""dispatch (Go 1.23, log/slog text handler, two pods on GKE in
europe-west1, released by a GitHub Actions workflow that runs `kubectl set
image` and can roll back to the previous ReplicaSet; team in Dublin, a
contractor in Porto) of Skyfare, a drone delivery company flying groceries
and prescriptions from three hubs in Dublin's west and north
(Blanchardstown BLN, Lucan LCN, Swords SWD). dispatch plans each mission's
route through the hub's corridors, files its operational intent with the
U-space service provider Corvus (4D volumes per leg), launches the drone,
books the battery swap at the hub's station and tells the customer.
Corvus checks every new intent against other operators' intents and against
UAS geographical zones and constraints from the Irish Aviation Authority's
common information service; an intersecting intent is refused with 409.
dispatch retries a refused intent three times (20 s apart) and then puts
the order back for a courier; it has never handled Corvus's
`constraint_update` notifications (it logs them as ignored).

Tuesday 19 May 2026, a state visit: the guest's programme at Farmleigh (in
Phoenix Park, east of the Blanchardstown hub) is moved forward that
morning, and at 08:31 UTC the IAA publishes a short-notice temporary UAS
geographical zone, EIR-TGZ-26-118 (Phoenix Park and Castleknock, SFC to
400 ft, restricted, 09:31-17:00 local). From 08:31 Corvus refuses every
intent whose legs cross it: most of BLN's routes to the east and south-east
and LCN's to the north-east ("intersects UAS geographical zone
EIR-TGZ-26-118"). SWD is unaffected. Orders pile up, slots are missed and
customers are offered a courier.

At 08:04 a release had gone out: DSP-221 (BLN's routes to the east go
along the Liffey corridor, after noise complaints in Castleknock), DSP-224
(the lateral buffer of the leg volumes 20 -> 15 m), DSP-219 of the day
before (Corvus's refusals logged with the conflict's type and id, so those
lines are new), a go-redis bump. The on-call rolls it back at 08:52: the
refusals go on in the old wording ("corvus PUT operational_intent
failed"); the release is redeployed at 09:04. At 09:10 the IAA posts the
notice on its drone site; ops see the zone on Corvus's map, draw it as a
no-fly area in dispatch's admin at 09:21 (data, not code) and the routes
go around it; addresses inside it go to couriers. The zone is still in
force when the logs end at 10:30.

Sources: dispatch (slog text), Envoy egress access (to Corvus), Corvus's
event feed for the operator (JSON lines), the swap stations' controllers
(syslog RFC 3164), notifier (pino JSON), the deploy workflow (GitHub
Actions), #ops-dublin (Slack export, JSON lines), the IAA's drone notices
(JSON, as fetched by the ops bot)."""

import bisect
import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import envoy_access, pino, syslog3164
from skeletons import chores, runbook

SERVICE = "dispatch"
START, END = utc("2026-05-19 07:10:00"), utc("2026-05-19 10:30:00")
RELEASE = utc("2026-05-19 08:04:10")
ZONE = utc("2026-05-19 08:31:02")
ROLLBACK = utc("2026-05-19 08:52:30")
REDEPLOY = utc("2026-05-19 09:04:40")
NOTICE = utc("2026-05-19 09:10:15")
NOFLY = utc("2026-05-19 09:21:05")
ZONE_ID = "EIR-TGZ-26-118"

HUBS = {"BLN": 0.95, "LCN": 0.70, "SWD": 0.75}


def crosses_zone(hub, bearing, dist):
    if hub == "BLN":
        return 60 <= bearing <= 170 and dist > 1800
    if hub == "LCN":
        return 15 <= bearing <= 80 and dist > 2500
    return False


# ---------------------------------------------------------------------------
# the repository

CORRIDORS_V1 = """package routing

// Corridors out of each hub, agreed with the councils. A route leaves the
// hub along the corridor nearest its bearing, then flies straight.
var Corridors = map[string][]Corridor{
\t"BLN": {{Name: "n3", Bearing: 300}, {Name: "navan-rd", Bearing: 90}, {Name: "canal", Bearing: 200}},
\t"LCN": {{Name: "river", Bearing: 60}, {Name: "n4", Bearing: 270}},
\t"SWD": {{Name: "m1", Bearing: 0}, {Name: "estuary", Bearing: 110}},
}
"""

VOLUMES_V1 = """package intents

// Each leg of a route becomes one 4D volume: the leg's polyline buffered
// laterally, 30-130 m AGL, between the leg's earliest and latest times.
const LateralBufferM = 20

func LegVolumes(r Route) []Volume4D {
\tvols := make([]Volume4D, 0, len(r.Legs))
\tfor _, leg := range r.Legs {
\t\tvols = append(vols, Volume4D{Outline: buffer(leg.Line, LateralBufferM), AltLoM: 30, AltHiM: 130, Start: leg.Earliest, End: leg.Latest})
\t}
\treturn vols
}
"""

CORVUS_V1 = """package ussp

import (
\t"context"
\t"fmt"
\t"log/slog"
)

// PutIntent files or updates an operational intent with Corvus.
func (c *Corvus) PutIntent(ctx context.Context, in Intent) (*Ref, error) {
\tresp, err := c.put(ctx, "/uss/v1/operational_intents/"+in.ID, in)
\tif err != nil {
\t\treturn nil, err
\t}
\tif resp.StatusCode != 200 && resp.StatusCode != 201 {
\t\tslog.Warn("corvus PUT operational_intent failed", "intent", in.ID, "status", resp.StatusCode)
\t\treturn nil, fmt.Errorf("corvus: %d", resp.StatusCode)
\t}
\treturn decodeRef(resp)
}
"""

NOTIFY = """package ussp

import "log/slog"

// OnNotification handles Corvus's callbacks. Only our own intents' state
// changes matter to dispatch.
func OnNotification(n Notification) {
\tswitch n.Kind {
\tcase "op_intent_update":
\t\thandleIntentUpdate(n)
\tdefault:
\t\tslog.Info("ussp notification ignored", "kind", n.Kind, "subscription", n.Subscription)
\t}
}
"""

GOMOD = "module github.com/skyfare/dispatch\n\ngo 1.23\n\nrequire (\n\tgithub.com/redis/go-redis/v9 v9.6.1\n\tgithub.com/paulmach/orb v0.11.1\n)\n"

DEPLOY_YML = """name: deploy
on:
  workflow_dispatch:
    inputs:
      action: { type: choice, options: [deploy, rollback] }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/deploy.sh ${{ inputs.action }}
"""

RUNBOOK_ALERTS = [
    ("IntentsRefused", "Corvus answers 409 when an intent conflicts with another operator's intent. dispatch retries three times; if a hub sees many, ask Corvus's ops desk who is flying there."),
    ("SwapStationFault", "A bay reports a fault: the station takes it out of rotation. Call the station vendor if two bays are out."),
]


def build_repo():
    repo = Repo()
    ciara = Person("Ciara Byrne", "ciara.byrne@skyfare.ie", 60)
    eoin = Person("Eoin Walsh", "eoin.walsh@skyfare.ie", 60)
    rui = Person("Rui Costa", "rui.costa@contractors.skyfare.ie", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GOMOD,
        "internal/routing/corridors.go": CORRIDORS_V1,
        "internal/intents/volumes.go": VOLUMES_V1,
        "internal/ussp/corvus.go": CORVUS_V1,
        "internal/ussp/notifications.go": NOTIFY,
        "config/hubs.yaml": "hubs:\n  BLN: { station: BLN-SW1, drones: 8 }\n  LCN: { station: LCN-SW1, drones: 6 }\n  SWD: { station: SWD-SW1, drones: 6 }\nintents:\n  retries: 3\n  retry_interval: 20s\n",
        ".github/workflows/deploy.yml": DEPLOY_YML,
        "README.md": "# dispatch\n\nRoutes, Corvus intents, launches and swaps for Skyfare's drones.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-05-12 09:00:00"), ciara, "dispatch: routes, Corvus intents, launches", files)
    repo.schedule(chores(random.Random(46201), SERVICE, [eoin, rui], utc("2026-05-12 10:00:00"), utc("2026-05-15 16:00:00"), 3))
    repo.commit(utc("2026-05-14 10:20:00"), rui, "intents: volumes start at 30 m AGL, not 20 (DSP-208)", {
        "internal/intents/volumes.go": repo.edit("internal/intents/volumes.go", "// laterally, 30-130 m AGL, between", "// laterally, 30-130 m AGL (DSP-208: 30, the winch's lowest hold), between"),
    })
    prev = repo.commit(utc("2026-05-15 14:05:00"), eoin, "swap: book the station bay when the drone turns for home (DSP-212)", {
        "config/hubs.yaml": repo.edit("config/hubs.yaml", "intents:\n", "swap:\n  book_on: return\nintents:\n"),
    })
    repo.commit(utc("2026-05-18 10:40:00"), ciara, "ussp: log Corvus refusals with the conflict's type and id (DSP-219)\n\nLast week's 409s at LCN took an hour to pin on a survey operator's intent.", {
        "internal/ussp/corvus.go": repo.edit("internal/ussp/corvus.go",
            '\t\tslog.Warn("corvus PUT operational_intent failed", "intent", in.ID, "status", resp.StatusCode)\n',
            '\t\tc := decodeConflict(resp)\n\t\tslog.Warn("corvus rejected operational intent", "intent", in.ID, "status", resp.StatusCode, "conflict_type", c.Type, "conflict_id", c.ID, "reason", c.Reason)\n'),
    })
    repo.commit(utc("2026-05-18 15:30:00"), bot, "Bump github.com/redis/go-redis/v9 from 9.6.1 to 9.6.2", {
        "go.mod": repo.edit("go.mod", "go-redis/v9 v9.6.1", "go-redis/v9 v9.6.2"),
    })
    repo.commit(utc("2026-05-19 07:05:00"), eoin, "routing: BLN's eastbound routes along the Liffey corridor (DSP-221)\n\nNoise complaints from Castleknock about the navan-rd corridor.", {
        "internal/routing/corridors.go": repo.edit("internal/routing/corridors.go", '{Name: "navan-rd", Bearing: 90}', '{Name: "liffey", Bearing: 110}'),
    })
    head = repo.commit(utc("2026-05-19 07:38:00"), rui, "intents: lateral buffer 20 -> 15 m per leg volume (DSP-224)\n\nNavigation error on the new GNSS modules is under 3 m (95 %); the wider\nbuffer made LCN's river legs touch the survey operator's standing intent.", {
        "internal/intents/volumes.go": repo.edit("internal/intents/volumes.go", "const LateralBufferM = 20", "const LateralBufferM = 15"),
    })
    repo.commit(utc("2026-05-19 10:02:00"), ciara, "runbook: Corvus 409s can also be airspace restrictions; check the map", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Refusals for a geographical zone\n\nIf the conflict type is `constraint`, the IAA has published a zone.\nDraw it as a no-fly area in admin until dispatch reads constraints.\n",
    })
    return repo, {"head": head, "prev": prev}


# ---------------------------------------------------------------------------
# the logs


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_logs(rng, shas, prev_sha):
    app = Log("dispatch.log")
    envoy = Log("envoy-egress-access.log")
    feed = Log("corvus-event-feed.log")
    stations = Log("swap-stations.log")
    notifier = Log("notifier.log")
    gha = Log("github-actions-deploy.log")
    slack = Log("slack-ops-dublin.log")
    iaa = Log("iaa-drone-notices.log")
    stats = {"rejects": [], "launch": []}

    def new_wording(t):
        return RELEASE <= t < ROLLBACK or t >= REDEPLOY

    def slog(t, level, msg, **kw):
        parts = [f"time={iso(t)}", f"level={level}", f'msg="{msg}"']
        for k, v in kw.items():
            s = str(v)
            parts.append(f'{k}="{s}"' if (" " in s or s == "") else f"{k}={s}")
        app.add(t, " ".join(parts))

    def corvus_call(t, method, path, status, ms_):
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        envoy.add(t + dt.timedelta(milliseconds=ms_), envoy_access(t, method, path, status, "-", "34.107.12.44:443", ms_, rid, "api.corvus-uspace.ie"))

    def push(t, order, template):
        notifier.add(t, pino(t, "info", "push sent", pid=1, hostname=rng.choice(["notifier-7d9f8c6b5-x2lqp", "notifier-7d9f8c6b5-m8wzt"]), order=order, template=template, provider="fcm" if rng.random() < 0.6 else "apns"))

    def feed_event(t, kind, **kw):
        body = {"time": iso(t), "type": kind}
        body.update(kw)
        feed.add(t, json.dumps(body, separators=(",", ":")))

    # service starts
    for t0, sha in [(RELEASE, shas["head"]), (ROLLBACK, prev_sha), (REDEPLOY, shas["head"])]:
        for i in range(2):
            ts = t0 + dt.timedelta(seconds=20 + 15 * i + rng.uniform(0, 2))
            slog(ts, "INFO", "starting dispatch", version=sha[:12], corvus="https://api.corvus-uspace.ie")
            slog(ts + dt.timedelta(milliseconds=410), "INFO", "corvus subscription active", area="skyfare-dublin", expires="1h")

    # missions
    n = 0
    plans = []
    for hub, rate in HUBS.items():
        t = START
        while True:
            t += dt.timedelta(seconds=rng.expovariate(rate / 60))
            if t > END - dt.timedelta(minutes=15):
                break
            n += 1
            plans.append((t, hub, n))
    plans.sort()
    for t, hub, k in plans:
        bearing = rng.randint(0, 359)
        dist = rng.randint(900, 6200)
        order = f"SF-{rng.randint(300000, 399999)}"
        mid = f"{hub}-{k:05d}"
        intent = f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-a{hexid(rng, 3)}-{hexid(rng, 12)}"
        drone = f"SKY-{hub}-{rng.randint(1, 8 if hub == 'BLN' else 6):02d}"
        blocked = t >= ZONE and crosses_zone(hub, bearing, dist)
        if t >= NOFLY and blocked:
            inside = rng.random() < 0.25
            if inside:
                slog(t, "INFO", "order to courier", order=order, hub=hub, reason="destination inside no-fly area PHX-TEMP")
                push(t + dt.timedelta(seconds=1), order, "courier_instead")
                continue
            slog(t, "INFO", "route planned", mission=mid, order=order, hub=hub, corridor="detour", distance_m=int(dist * 1.35), avoid="PHX-TEMP")
            blocked = False
        else:
            corridor = {"BLN": "liffey" if 70 < bearing < 160 and t >= RELEASE and not (ROLLBACK <= t < REDEPLOY) else "navan-rd" if 45 < bearing < 160 else rng.choice(["n3", "canal"]), "LCN": "river" if bearing < 180 else "n4", "SWD": "m1" if bearing < 60 or bearing > 300 else "estuary"}[hub]
            slog(t, "INFO", "route planned", mission=mid, order=order, hub=hub, corridor=corridor, distance_m=dist, bearing=bearing)
        tp = t + dt.timedelta(milliseconds=rng.randint(200, 900))
        if blocked:
            for attempt in range(4):
                ms_ = rng.randint(90, 260)
                corvus_call(tp, "PUT", f"/uss/v1/operational_intents/{intent}", 409, ms_)
                tr = tp + dt.timedelta(milliseconds=ms_ + 3)
                stats["rejects"].append(tr)
                if new_wording(tr):
                    slog(tr, "WARN", "corvus rejected operational intent", intent=intent, status=409, conflict_type="constraint", conflict_id=ZONE_ID, reason=f"intersects UAS geographical zone {ZONE_ID} (RESTRICTED, authorisation required)")
                else:
                    slog(tr, "WARN", "corvus PUT operational_intent failed", intent=intent, status=409)
                feed_event(tr, "operational_intent.rejected", intent=intent, uss="skyfare", code="CONFLICT_CONSTRAINT", constraint=ZONE_ID)
                if attempt < 3:
                    slog(tr + dt.timedelta(milliseconds=2), "INFO", "intent retry scheduled", mission=mid, attempt=attempt + 1, retry_in="20s")
                    tp = tr + dt.timedelta(seconds=20)
            slog(tr + dt.timedelta(milliseconds=5), "ERROR", "mission unplannable, order back to courier queue", mission=mid, order=order, hub=hub, attempts=4)
            push(tr + dt.timedelta(seconds=1), order, "slot_missed_courier_offer")
            continue
        # a rare ordinary conflict with another operator's intent (routine)
        if rng.random() < 0.03:
            ms_ = rng.randint(90, 200)
            corvus_call(tp, "PUT", f"/uss/v1/operational_intents/{intent}", 409, ms_)
            tr = tp + dt.timedelta(milliseconds=ms_ + 3)
            if new_wording(tr):
                slog(tr, "WARN", "corvus rejected operational intent", intent=intent, status=409, conflict_type="operational_intent", conflict_id=f"{hexid(rng, 8)}-{hexid(rng, 4)}", reason="intersects operational intent of USS aerovista (Accepted)")
            else:
                slog(tr, "WARN", "corvus PUT operational_intent failed", intent=intent, status=409)
            slog(tr + dt.timedelta(milliseconds=2), "INFO", "intent retry scheduled", mission=mid, attempt=1, retry_in="20s")
            tp = tr + dt.timedelta(seconds=20)
        ms_ = rng.randint(110, 380)
        corvus_call(tp, "PUT", f"/uss/v1/operational_intents/{intent}", 201, ms_)
        slog(tp + dt.timedelta(milliseconds=ms_ + 4), "INFO", "intent accepted", mission=mid, intent=intent, volumes=4, state="Accepted")
        tl = tp + dt.timedelta(seconds=rng.uniform(25, 60))
        corvus_call(tl - dt.timedelta(seconds=2), "PUT", f"/uss/v1/operational_intents/{intent}", 200, rng.randint(90, 300))
        slog(tl, "INFO", "launch", mission=mid, drone=drone, hub=hub, soc=rng.randint(94, 100))
        push(tl + dt.timedelta(milliseconds=300), order, "on_its_way")
        stats["launch"].append(tl)
        flight = 2 * dist / 17.5 + rng.uniform(130, 190)
        td = tl + dt.timedelta(seconds=flight / 2)
        slog(td, "INFO", "parcel lowered", mission=mid, drone=drone, winch_s=rng.randint(45, 80))
        push(td + dt.timedelta(seconds=1), order, "delivered")
        tland = tl + dt.timedelta(seconds=flight)
        if tland < END:
            slog(tland, "INFO", "landed", mission=mid, drone=drone, flight_s=int(flight))
            corvus_call(tland + dt.timedelta(seconds=1), "DELETE", f"/uss/v1/operational_intents/{intent}", 200, rng.randint(80, 240))
            bay = rng.randint(1, 4)
            ts = tland + dt.timedelta(seconds=rng.uniform(40, 80))
            stations.add(ts, syslog3164(ts, f"{hub.lower()}-sw1", "swapd", 812, f"bay {bay}: swap complete drone={drone} pack_in=P{rng.randint(2000, 2999)} soc_in={rng.randint(30, 60)} pack_out=P{rng.randint(2000, 2999)} soc_out={rng.randint(96, 100)} t={rng.randint(34, 50)}s"))

    # the zone: Corvus's feed and the constraint notification dispatch ignores
    feed_event(ZONE - dt.timedelta(seconds=1), "constraint.published", constraint=ZONE_ID, source="IAA CIS", type="UAS_GEOGRAPHICAL_ZONE", restriction="RESTRICTED", name="Phoenix Park / Castleknock - state visit", lower="SFC", upper="400ft AGL", valid_from="2026-05-19T08:31:00Z", valid_to="2026-05-19T16:00:00Z")
    for i in range(2):
        tn = ZONE + dt.timedelta(milliseconds=400 + 30 * i)
        corvus_call(tn - dt.timedelta(milliseconds=2), "GET", f"/uss/v1/constraints/{ZONE_ID}", 200, rng.randint(40, 90))
    slog(ZONE + dt.timedelta(milliseconds=520), "INFO", "ussp notification ignored", kind="constraint_update", subscription="skyfare-dublin")
    for t in [START + dt.timedelta(minutes=11), utc("2026-05-19 09:47:30")]:
        feed_event(t, "constraint.updated", constraint="EIR-TGZ-26-097", source="IAA CIS", type="UAS_GEOGRAPHICAL_ZONE", restriction="PROHIBITED", name="Dublin Airport CTR core", note="periodic republication")
        slog(t + dt.timedelta(milliseconds=300), "INFO", "ussp notification ignored", kind="constraint_update", subscription="skyfare-dublin")
    feed_event(NOFLY + dt.timedelta(seconds=40), "operator.note", uss="skyfare", text="no-fly area PHX-TEMP drawn by operator around EIR-TGZ-26-118")

    # routine: subscription renewals, Corvus heartbeat
    t = START + dt.timedelta(seconds=30)
    while t < END:
        feed_event(t, "uss.heartbeat", uss="skyfare", status="OK", intents_active=rng.randint(6, 15))
        t += dt.timedelta(minutes=5)
    # swap stations noise
    for h in HUBS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 120))
        while t < END:
            stations.add(t, syslog3164(t, f"{h.lower()}-sw1", "chargerd", 640, f"rack temp {rng.uniform(24, 31):.1f}C packs_ready={rng.randint(5, 11)} packs_charging={rng.randint(2, 6)}"))
            t += dt.timedelta(minutes=2)
    tf = utc("2026-05-19 07:52:11")
    stations.add(tf, syslog3164(tf, "lcn-sw1", "swapd", 812, "bay 3: gripper fault E214 (pack not seated), bay out of rotation"))
    stations.add(tf + dt.timedelta(minutes=14), syslog3164(tf + dt.timedelta(minutes=14), "lcn-sw1", "swapd", 812, "bay 3: self-test passed, back in rotation"))

    # GitHub Actions
    def gl(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    for t0, action, sha, user in [(RELEASE - dt.timedelta(seconds=75), "deploy", shas["head"], "eoin-walsh"), (ROLLBACK - dt.timedelta(seconds=50), "rollback", shas["head"], "ciara-byrne"), (REDEPLOY - dt.timedelta(seconds=75), "deploy", shas["head"], "eoin-walsh")]:
        gl(t0, "Current runner version: '2.323.0'")
        gl(t0 + dt.timedelta(seconds=1), f"##[group]Run ./scripts/deploy.sh {action}")
        gl(t0 + dt.timedelta(seconds=1, milliseconds=3), f"Triggered by {user} (workflow_dispatch), ref main at {sha[:7]}")
        if action == "deploy":
            gl(t0 + dt.timedelta(seconds=3), f"deployment.apps/dispatch image updated: europe-docker.pkg.dev/skyfare-prod/apps/dispatch:{sha[:12]}")
        else:
            gl(t0 + dt.timedelta(seconds=3), f"deployment.apps/dispatch rolled back (to revision with image dispatch:{prev_sha[:12]})")
        gl(t0 + dt.timedelta(seconds=40), 'deployment "dispatch" successfully rolled out')
        gl(t0 + dt.timedelta(seconds=41), "##[endgroup]")

    # IAA notice, posted late
    iaa.add(NOTICE, json.dumps({"fetched": iso(NOTICE), "id": "IAA-DN-2026-0412", "title": f"Temporary UAS Geographical Zone {ZONE_ID} - Phoenix Park and Castleknock (State Visit)", "valid": "19 May 2026 09:31-17:00 IST", "limits": "SFC-400ft AGL", "text": "UAS operations are not permitted within the zone without the authorisation of An Garda Siochana. The zone was published to U-space service providers at 09:31 IST."}, ensure_ascii=False))
    iaa.add(utc("2026-05-19 07:30:00"), json.dumps({"fetched": "2026-05-19T07:30:00.000Z", "id": "IAA-DN-2026-0398", "title": "Temporary UAS Geographical Zone EIR-TGZ-26-112 - Aviva Stadium (concert)", "valid": "23 May 2026 16:00-23:59 IST", "limits": "SFC-400ft AGL", "text": "Restricted."}))

    # Slack
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "channel": "ops-dublin", "user_name": who, "text": text}, ensure_ascii=False))

    say("2026-05-19 07:54:30", "Aoife Kelly (ops)", "LCN bay 3 gripper fault, station took it out, drones swapping on bays 1,2,4")
    say("2026-05-19 08:02:15", "Eoin Walsh", "deploying dispatch: Liffey corridor for BLN (DSP-221), 15 m leg buffer (DSP-224), Corvus refusal logging, go-redis bump")
    say("2026-05-19 08:05:20", "Eoin Walsh", "out, both pods up")
    say("2026-05-19 08:39:40", "Aoife Kelly (ops)", "BLN has a pile of orders stuck in 'planning', some LCN too. customers getting the courier offer")
    say("2026-05-19 08:44:05", "Ciara Byrne", "Corvus is refusing intents with 409, conflict type constraint. Only BLN and LCN. Started half an hour after the release, and the release changed BLN's routes and the volume buffer")
    say("2026-05-19 08:50:50", "Ciara Byrne", "rolling back to be safe")
    say("2026-05-19 08:56:10", "Aoife Kelly (ops)", "still failing, BLN eastbound all stuck")
    say("2026-05-19 08:58:30", "Ciara Byrne", "rollback didn't help, same 409s (old log line so no reason shown). it's not the corridor change, the old navan-rd routes are refused too")
    say("2026-05-19 09:03:00", "Eoin Walsh", "redeploying the release, we want the refusal reasons back")
    say("2026-05-19 09:08:45", "Ciara Byrne", f"reason is 'intersects UAS geographical zone {ZONE_ID}'. Corvus's event feed has constraint.published at 08:31 UTC from IAA CIS: Phoenix Park / Castleknock, state visit, until 17:00 local")
    say("2026-05-19 09:12:20", "Aoife Kelly (ops)", "IAA just posted it on the drone notices page. Farmleigh. Nobody told us, it's a short-notice zone")
    say("2026-05-19 09:16:00", "Ciara Byrne", "dispatch ignores constraint_update notifications, so it keeps routing through it. Drawing the zone as a no-fly area in admin")
    say("2026-05-19 09:22:40", "Aoife Kelly (ops)", "PHX-TEMP in place, BLN routing around it, addresses inside go to couriers")
    say("2026-05-19 09:40:10", "Aoife Kelly (ops)", "no refusals since 09:21, backlog cleared. Zone is in force until 17:00 local, keep PHX-TEMP till then")
    say("2026-05-19 10:05:30", "Ciara Byrne", "runbook updated. ticket DSP-230: read Corvus constraints into the router")
    return [app, envoy, feed, stations, notifier, gha, slack, iaa], stats


def build(out_dir):
    rng = random.Random(46200)
    repo, shas = build_repo()
    try:
        prev_sha = shas["prev"]
        logs, stats = build_logs(rng, shas, prev_sha)
        rej = sorted(stats["rejects"])
        assert rej and ZONE < rej[0] < ZONE + dt.timedelta(minutes=3), rej[:1]
        onset = rej[0].replace(microsecond=0)
        launches = sorted(stats["launch"])

        def per_min(ev):
            def fn(t):
                return bisect.bisect_right(ev, t) - bisect.bisect_right(ev, t - dt.timedelta(minutes=1))
            return fn

        metrics = {
            "dispatch_corvus_intent_refusals_per_min.json": query_range([({"job": "dispatch", "status": "409"}, per_min(rej))], START, END, 60),
            "dispatch_launches_per_min.json": query_range([({"job": "dispatch"}, per_min(launches))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r46-state-visit-uas-zone-none", service=SERVICE, onset=onset,
            description=f"""
Skyfare's drones in west Dublin stop launching on many routes on Tuesday
19 May: from {onset.strftime('%H:%M:%S')} UTC the U-space service provider Corvus
refuses the operational intents of most of the Blanchardstown hub's
eastbound routes and some of Lucan's (409), dispatch retries and gives
the orders back to couriers ({len(rej)} refusals). A release (BLN's
routes along the Liffey corridor, a narrower leg volume buffer, refusal
logging, a go-redis bump) had gone out at 08:04; rolling it back at 08:52
did not help and it was redeployed at 09:04. Ops draw a no-fly area in
dispatch's admin at 09:21 and the routes go around it.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"intersects UAS geographical zone",
                r"constraint\.published",
                r"Temporary UAS Geographical Zone .* Phoenix Park and Castleknock",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The Irish Aviation Authority published a
short-notice temporary UAS geographical zone, {ZONE_ID} (Phoenix Park and
Castleknock, a state visit at Farmleigh, SFC to 400 ft, restricted), to
the U-space service providers at 08:31 UTC ("constraint.published" in
Corvus's event feed). Corvus refuses every intent whose legs cross it:
"corvus rejected operational intent ... conflict_type=constraint
conflict_id={ZONE_ID} reason=\\"intersects UAS geographical zone ...\\"".
dispatch has never acted on constraint notifications ("ussp notification
ignored kind=constraint_update", as for the airport's routine
republications), so it keeps routing through the zone. Ops draw the zone
as a no-fly area in dispatch's admin at 09:21 (data, not code) and the
refusals stop; the IAA's notice is posted at 09:10. Nothing in the
repository is changed for it (a runbook note follows).
Decoys: the release at 08:04, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with DSP-221
(BLN's eastbound routes along the Liffey corridor, towards the park),
DSP-224 (the leg volumes' lateral buffer 20 -> 15 m, in the file that
builds what Corvus refuses), DSP-219 of the day before (the very
"corvus rejected operational intent" line with the conflict's type and
id) and the go-redis bump; the rollback at 08:52 without effect (the
refusals go on as "corvus PUT operational_intent failed", and the old
navan-rd routes are refused too) and the redeploy at 09:04; DSP-208, a
harmless change to the volumes file; DSP-212 (swap bookings); routine
409s for another operator's intent; the airport zone's periodic
republication; the Aviva Stadium zone notice for Saturday; a swap bay's
gripper fault at LCN before the onset.
""",
        )
    finally:
        repo.close()
