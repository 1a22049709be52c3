"""lanekeeper (TypeScript on Node 20; Rinsewell Express Car Wash's pay lanes,
the same service two weeks after `r98-gate-release-escape-lane`) takes the
pay stations' sales and the lane cameras' plate reads: a wash club member's
plate, read at 0.80 confidence or better, opens the gate at once. When the
read is below that (or the plate is not a member's) the kiosk shows the
packages, and a member taps "Wash Club" and types a phone number, which
takes most of a minute. The lane cameras (PlateSight PS-310, two per site,
infrared) send their syslog through the site gateways; they run a
self-test every 15 minutes that measures the image's contrast and the
infrared light reflected back from the camera window, and warn "lens
obstruction suspected, clean the window" when the window is dirty.

Friday 4 September 2026 (Phoenix is on MST, UTC-7, all year): 5.7.0 goes
out at 15:10 MST with MEM-91 (plate lookups ignore spaces, dashes and case,
the very matching), LPR-33 (reads below the confidence threshold logged at
warn with the camera's reason, the very warning that will fill the log)
and KSK-152; Thursday's runbook section (with MEM-91) reads a drop in
recognition after a release as the release and says to roll back. The
Phoenix sites run
5.7.0 through their evening trade without trouble and close at 20:00.
From 20:36 the NWS has a Dust Storm Warning for the East Valley; a haboob
crosses the metro area from the southeast (Chandler 20:41, Mesa 20:47,
Glendale 21:02) with winds over 50 mph and a few drops of rain behind it.
The cameras log scene changes and a power blip, then every Phoenix camera's
self-test warns of an obstructed window all night (contrast 0.1-0.3, was
0.6). Saturday: the Dallas sites open at 07:00 CDT and recognise members
as always; a Renovate undici bump is synced by Argo CD at 05:34 MST (no
new image). The Phoenix sites open at 07:00 MST and about half of their
members' reads fall below 0.80 (LOW_CONTRAST, NO_PLATE): members queue at
the keypads, the lines reach the street, and everyone's car is brown. The
on-call (Jorge) sees the new LPR-33 warning and MEM-91 and rolls back to
5.6.2 at 07:52 without effect (the warnings go, the keypad lookups stay);
he sees Dallas recognising members as always on 5.7.0, Tyler (in Phoenix)
mentions the haboob, and the cameras' self-tests have said so since 21:00.
The managers
clean the camera windows (08:24-08:49), reads recover to about 90 % (the
rest are dusty plates, which an attendant wipes), and 5.7.0 goes out again
at 09:14. Nothing in lanekeeper is changed.

Sources: lanekeeper (pino JSON), the lane cameras (syslog RFC 3164 through
the site gateways), the pay stations (kiosk fleet log, line format),
ingress-nginx access, the operations team's weather alert feed (NWS
alerts, JSON lines), Argo CD (logrus text), #wash-ops (Slack export, JSON
lines), facilities work orders (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, write_scenario
from skeletons import chores
from scenarios import r98_gate_release_escape_lane as aug

SERVICE = "lanekeeper"
MST = dt.timezone(dt.timedelta(hours=-7))
CDT = aug.CDT
sub = aug.sub


def mst(text):
    """'2026-09-05 07:01:00' in Phoenix (MST, UTC-7) -> aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=MST).astimezone(dt.timezone.utc)


def cdt(text):
    return aug.cdt(text)


START, END = mst("2026-09-04 18:00:00"), mst("2026-09-05 10:40:00")
DEPLOY_570 = mst("2026-09-04 15:10:20")
RENOVATE_SYNC = mst("2026-09-05 05:34:40")
ROLLBACK_SYNC = mst("2026-09-05 07:52:10")
REDEPLOY_SYNC = mst("2026-09-05 09:14:30")

# ---------------------------------------------------------------------------
# the repository

PLATE_READ_OLD = """interface PlateRead {
  plate: string;
  state: string;
  confidence: number;
  camera: string;
}
"""

PLATE_READ_NEW = """interface PlateRead {
  plate: string;
  state: string;
  confidence: number;
  reason: string; // the camera's: OK, LOW_CONTRAST, PARTIAL, NO_PLATE
  camera: string;
}
"""

KEYPAD_ROUTE = """
  // A member the camera did not recognise taps Wash Club and types the
  // phone number on the account.
  app.post<{ Params: { site: string; lane: string }; Body: { phone: string } }>(
    '/kiosk/v2/sites/:site/lanes/:lane/member-lookup',
    async (req, reply) => {
      const { site } = req.params;
      const lane = Number(req.params.lane);
      const member = await deps.members.byPhone(req.body.phone);
      if (!member?.active) {
        return reply.code(404).send({ error: 'no active membership' });
      }
      req.log.info({ site, lane, memberId: member.id, club: member.club, phoneLast4: req.body.phone.slice(-4) }, 'member found by phone');
      const order: Order = {
        id: orderId(site),
        site,
        lane,
        saleId: `S-${site}-${member.id}-${Date.now()}`,
        plate: member.plates[0] ?? '',
        pkg: member.club,
        opts: member.opts,
        tender: 'member',
        amountCents: 0,
        memberId: member.id,
      };
      await completeSale(deps, order);
      return { orderId: order.id, welcome: member.firstName };
    },
  );
"""

BY_PHONE = """
  async byPhone(phone: string): Promise<(Member & { plates: string[] }) | null> {
    const { rows } = await this.pool.query(
      `SELECT m.id, m.club, m.opts, m.status = 'active' AS active, m.first_name,
              array_remove(array_agg(p.plate), NULL) AS plates
         FROM members m LEFT JOIN member_plates p ON p.member_id = m.id
        WHERE m.phone = $1 GROUP BY m.id`,
      [phone.replace(/\\D/g, '')],
    );
    if (!rows[0]) {
      return null;
    }
    const r = rows[0];
    return { id: r.id, club: r.club, opts: r.opts ?? '', active: r.active, firstName: r.first_name, plates: r.plates };
  }
}
"""

RUNBOOK_LPR = """
## Member plates not recognised after a release

Since MEM-91 (5.7.0) plates are matched without spaces, dashes and case,
on both sides. If the share of members recognised at the lane drops at
several sites at once, it is lanekeeper, not the cameras (a camera fails
one lane at a time): check the "member recognised" rate in Grafana and
roll back the release first (pin the previous tag in
`deploy/values-production.yaml`). A single lane: check that camera's view
with the site manager.
"""


def build_repo():
    base, _ = aug.build_repo()
    try:
        tree = dict(base.files)
    finally:
        base.close()
    megan = Person("Megan Castillo", "megan.castillo@rinsewell.com", -300)
    tyler = Person("Tyler Brandt", "tyler.brandt@rinsewell.com", -420)
    jorge = Person("Jorge Villarreal", "jorge.villarreal@rinsewell.com", -360)
    aga = Person("Agnieszka Wójcik", "agnieszka.wojcik@rinsewell.com", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    for path in [p for p in tree if p.startswith(".github/") and p != ".github/workflows/ci.yml"]:
        del tree[path]
    for path in (".editorconfig", ".gitignore", "renovate.json", "docs/oncall.md", "docs/architecture.md"):
        tree.pop(path, None)
    tree["package.json"] = tree["package.json"].replace('"version": "5.5.1"', '"version": "5.6.2"').replace('"pino": "8.19.0"', '"pino": "8.21.0"').replace('"fastify": "4.26.2"', '"fastify": "4.28.1"')
    tree["src/version.ts"] = tree["src/version.ts"].replace("'5.5.1'", "'5.6.2'")
    tree["deploy/values-production.yaml"] = tree["deploy/values-production.yaml"].replace('tag: "5.5.1"', 'tag: "5.6.2"')
    tree["CHANGELOG.md"] = "# Changelog\n\n## 5.6.2\n\n- Loader tablet: handheld sales first in the list (LDR-38).\n\n## 5.6.0\n\n- Member keypad lookup by phone number at the kiosk (KSK-147).\n- Labor Day promotions.\n\n## 5.5.1\n\n- Orders go to the tunnel on the loader's Send again: revert of OPS-212 (INC-1187).\n"
    tree["src/kiosk/routes.ts"] = sub(tree["src/kiosk/routes.ts"],
                                      "      return { orderId: order.id, welcome: member.firstName };\n    },\n  );\n",
                                      "      return { orderId: order.id, welcome: member.firstName };\n    },\n  );\n" + KEYPAD_ROUTE)
    tree["src/lanes/members.ts"] = sub(tree["src/lanes/members.ts"], "    return member;\n  }\n}\n", "    return member;\n  }\n" + BY_PHONE)
    tree["renovate.json"] = '{\n  "extends": ["config:recommended"],\n  "packageRules": [{"matchUpdateTypes": ["minor", "patch"], "matchDepTypes": ["dependencies"], "automerge": true}]\n}\n'

    repo = Repo()
    shas = {}
    kr, mem = "src/kiosk/routes.ts", "src/lanes/members.ts"
    shas["base"] = repo.commit(cdt("2026-08-31 09:05:00"), megan, "lanekeeper 5.6.2: move to the rinsewell-tech org (history before this is in wash-platform/archive)", tree)
    repo.schedule(chores(random.Random(98021), SERVICE, [aga, megan, jorge], cdt("2026-08-31 12:00:00"), cdt("2026-09-04 12:00:00"), 3))
    repo.commit(cdt("2026-08-31 14:12:00"), jorge, "loader: tablet shows the car's colour and make from the lane camera (LDR-41)", {
        "src/loader/routes.ts": sub(repo.files["src/loader/routes.ts"],
                                    "// The loader tablet at the tunnel entrance: the staged orders with the\n// plate and vehicle the kiosk camera saw,",
                                    "// The loader tablet at the tunnel entrance: the staged orders with the\n// plate, colour and make the kiosk camera saw (LDR-41),"),
    })
    repo.commit(cdt("2026-09-01 10:40:00"), bot, "build(deps): bump pg from 8.11.3 to 8.12.0", {
        "package.json": repo.edit("package.json", '"pg": "8.11.3"', '"pg": "8.12.0"'),
        "package-lock.json": repo.edit("package-lock.json", '"version": "8.11.3",\n      "resolved": "https://registry.npmjs.org/pg/-/pg-8.11.3.tgz"',
                                       '"version": "8.12.0",\n      "resolved": "https://registry.npmjs.org/pg/-/pg-8.12.0.tgz"'),
    })
    repo.commit(cdt("2026-09-03 09:30:00"), aga, "members: match plates without spaces, dashes and case (MEM-91)\n\nOklahoma and Louisiana plates were stored as members typed them\n('KHT-482', '123 ABC'); the cameras read them without. 41 members at the\nDallas sites never matched.", {
        mem: sub(repo.files[mem],
                 "export interface Member {",
                 "// Plates as the cameras read them: no spaces or dashes, upper case\n// (MEM-91). member_plates.plate_norm is filled by migration 0031.\nexport function normalisePlate(plate: string): string {\n  return plate.replace(/[\\s-]/g, '').toUpperCase();\n}\n\nexport interface Member {",
                 "    const key = `${state}:${plate}`;", "    const key = `${state}:${normalisePlate(plate)}`;",
                 "        WHERE p.plate = $1 AND p.state = $2`,\n      [plate, state],",
                 "        WHERE p.plate_norm = $1 AND p.state = $2`,\n      [normalisePlate(plate), state],"),
        "db/migrations/0031_member_plates_plate_norm.sql": "ALTER TABLE member_plates ADD COLUMN plate_norm text;\nUPDATE member_plates SET plate_norm = upper(regexp_replace(plate, '[ -]', '', 'g'));\nALTER TABLE member_plates ALTER COLUMN plate_norm SET NOT NULL;\nCREATE INDEX member_plates_plate_norm_state ON member_plates (plate_norm, state);\n",
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_LPR,
    })
    repo.commit(cdt("2026-09-03 15:22:00"), megan, "kiosk: log plate reads below the confidence threshold at warn, with the camera's reason (LPR-33)\n\nThe kiosks fall back to the keypad and we never see why; the cameras send\na reason (LOW_CONTRAST, PARTIAL, NO_PLATE) with every read.", {
        kr: sub(repo.files[kr], PLATE_READ_OLD, PLATE_READ_NEW,
                "      if (read.confidence < 0.8) {\n        return reply.code(204).send();\n      }\n",
                "      if (read.confidence < 0.8) {\n        req.log.warn(\n          { site, lane, conf: read.confidence, reason: read.reason, camera: read.camera },\n          'plate read below confidence threshold; kiosk offers the member keypad',\n        );\n        return reply.code(204).send();\n      }\n"),
    })
    repo.commit(cdt("2026-09-04 10:15:00"), tyler, "kiosk: Wash Club keypad button on the first screen (KSK-152)", {
        kr: sub(repo.files[kr], "  // A member the camera did not recognise taps Wash Club and types the\n  // phone number on the account.\n",
                "  // A member the camera did not recognise taps Wash Club (on the first\n  // screen since KSK-152) and types the phone number on the account.\n"),
    })
    shas["rel_570"] = repo.commit(cdt("2026-09-04 17:05:00"), megan, "release 5.7.0", aug.release_files(repo, "5.6.2", "5.7.0", [
        "Plates matched without spaces, dashes and case (MEM-91).",
        "Plate reads below the confidence threshold logged at warn with the camera's reason (LPR-33).",
        "Wash Club keypad button on the first screen (KSK-152); camera colour and make on the loader tablet (LDR-41); pg 8.12.0.",
    ]))
    shas["renovate"] = repo.commit(mst("2026-09-05 05:31:00"), renovate, "fix(deps): update dependency undici to v6.19.8", {
        "package.json": repo.edit("package.json", '"undici": "6.11.1"', '"undici": "6.19.8"'),
        "package-lock.json": repo.edit("package-lock.json", '"version": "6.11.1",\n      "resolved": "https://registry.npmjs.org/undici/-/undici-6.11.1.tgz"',
                                       '"version": "6.19.8",\n      "resolved": "https://registry.npmjs.org/undici/-/undici-6.19.8.tgz"'),
    })
    shas["rollback"] = repo.commit(mst("2026-09-05 07:49:00"), jorge, "deploy: pin lanekeeper 5.6.2 (rollback of 5.7.0, INC-1203)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.7.0"', 'tag: "5.6.2"'),
    })
    shas["again"] = repo.commit(mst("2026-09-05 09:11:00"), jorge, "deploy: lanekeeper 5.7.0 again (INC-1203 was dust on the Phoenix lane cameras, not the release)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.6.2"', 'tag: "5.7.0"'),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# Friday evening and Saturday morning

secs, at, iso_z = aug.secs, aug.at, aug.iso_z


def P(text):
    """'04 20:41:00' (day of September, Phoenix time) -> epoch seconds."""
    day, clock = text.split(" ")
    return secs(mst(f"2026-09-{int(day):02d} {clock}" + (":00" if len(clock) == 5 else "")))


SITES = {
    # name, local zone, open/close (local hours), rate scale, seed, gateway net, cameras' pid
    "PHX04": {"name": "Mesa - Southern Ave", "tz": MST, "scale": 0.9, "seed": 9841, "net": "10.32.4", "storm": "04 20:47:10", "pid": 733},
    "PHX06": {"name": "Chandler - Ray Rd", "tz": MST, "scale": 0.85, "seed": 9842, "net": "10.32.6", "storm": "04 20:41:30", "pid": 688},
    "PHX12": {"name": "Glendale - Bell Rd", "tz": MST, "scale": 0.8, "seed": 9843, "net": "10.32.12", "storm": "04 21:02:40", "pid": 702},
    "DFW07": {"name": "Frisco - Preston Rd", "tz": CDT, "scale": 0.85, "seed": 9844, "net": "10.31.7", "storm": None, "pid": 1184},
    "DFW14": {"name": "Plano - Coit Rd", "tz": CDT, "scale": 0.8, "seed": 9845, "net": "10.31.14", "storm": None, "pid": 1122},
}
# when each Phoenix manager cleaned each lane camera's window on Saturday
CLEANED = {("PHX04", 1): "05 08:24:10", ("PHX04", 2): "05 08:27:40", ("PHX06", 1): "05 08:33:05", ("PHX06", 2): "05 08:35:50",
           ("PHX12", 1): "05 08:46:20", ("PHX12", 2): "05 08:49:30"}
# how badly the dust took each window (the self-test's contrast afterwards)
DUST = {("PHX04", 1): 0.12, ("PHX04", 2): 0.16, ("PHX06", 1): 0.11, ("PHX06", 2): 0.14, ("PHX12", 1): 0.21, ("PHX12", 2): 0.29}

# cars per hour by local clock hour, Friday evening and Saturday morning
FRI = [(17.0, 68), (18.0, 74), (19.0, 58), (19.6, 40), (19.97, 30)]
SAT = [(7.0, 22), (7.5, 55), (8.0, 80), (9.0, 104), (10.0, 112), (11.0, 112)]
SAT_DFW = [(7.0, 10), (7.5, 26), (8.0, 48), (9.0, 78), (10.0, 96), (11.0, 104), (12.0, 104), (13.0, 100)]


def curve(points, h):
    if h <= points[0][0]:
        return points[0][1]
    for (h0, r0), (h1, r1) in zip(points, points[1:]):
        if h0 <= h <= h1:
            return r0 + (r1 - r0) * (h - h0) / (h1 - h0)
    return points[-1][1]


def local_hours(x, tz):
    t = at(x).astimezone(tz)
    return t.hour + t.minute / 60 + t.second / 3600


def windows(site):
    """(open, close, curve) epoch-second windows of trade inside the logs."""
    if site.startswith("PHX"):
        return [(secs(START), P("04 19:58:00"), FRI), (P("05 07:00:00"), secs(END) - 300, SAT)]
    return [(secs(START), secs(cdt("2026-09-04 19:58:00")), FRI), (secs(cdt("2026-09-05 07:00:00")), secs(END) - 300, SAT_DFW)]


def camera_state(site, lane, x):
    storm = SITES[site]["storm"]
    if not storm or x < P(storm) + 600:
        return "clean"
    if x < P(CLEANED[(site, lane)]):
        return "dusty"
    return "plates"  # window cleaned, the plates still dusty


def read_quality(r, state, site, lane):
    """(conf, reason, misread) of one plate read."""
    u = r.random()
    if state == "clean":
        if u < 0.012:
            return 0.0, "NO_PLATE", False
        if u < 0.03:
            return round(r.uniform(0.42, 0.79), 2), r.choice(["PARTIAL", "LOW_CONTRAST"]), False
        return round(r.uniform(0.88, 0.99), 2), "OK", False
    if state == "dusty":
        bad = 0.5 - (DUST[(site, lane)] - 0.12) * 1.2
        if u < 0.08:
            return 0.0, "NO_PLATE", False
        if u < 0.08 + bad:
            return round(r.uniform(0.22, 0.79), 2), "LOW_CONTRAST", False
        return round(r.uniform(0.80, 0.93), 2), "OK", r.random() < 0.06
    if u < 0.02:
        return 0.0, "NO_PLATE", False
    if u < 0.09:
        return round(r.uniform(0.38, 0.79), 2), r.choice(["LOW_CONTRAST", "LOW_CONTRAST", "PARTIAL"]), False
    return round(r.uniform(0.84, 0.97), 2), "OK", False


def simulate(site):
    spec = SITES[site]
    r = random.Random(spec["seed"])
    cars = []
    for a, b, pts in windows(site):
        x = a + r.uniform(20, 120)
        while x < b:
            cars.append({"arrive": x, "member": r.random() < 0.58, "u": [r.random() for _ in range(6)]})
            x += r.expovariate(curve(pts, local_hours(x, spec["tz"])) * spec["scale"] / 3600)
    free = {1: 0.0, 2: 0.0}
    for car in cars:
        lane = 1 if free[1] <= free[2] else 2
        car["lane"] = lane
        car["conf"], car["reason"], car["misread"] = read_quality(r, camera_state(site, lane, car["arrive"]), site, lane)
        recognised = car["member"] and car["conf"] >= 0.8 and not car["misread"]
        if car["member"]:
            if recognised:
                pay = r.uniform(7, 13)
            elif r.random() < 0.05:
                car["gave_up"] = True
                pay = r.uniform(40, 80)
            else:
                car["keypad"] = True
                pay = r.uniform(38, 95)
        else:
            pay = r.uniform(28, 72)
        car["recognised"] = recognised
        start = max(car["arrive"], free[lane])
        car["read_at"] = start + r.uniform(1.0, 2.5)
        car["gate"] = start + pay
        free[lane] = car["gate"] + 7
        car["wait"] = start - car["arrive"]
    cars.sort(key=lambda c: c["gate"])
    last = 0.0
    free_at = 0.0
    for car in cars:
        car["gate"] = max(car["gate"], last + 4.0)
        last = car["gate"]
        entry = max(car["gate"] + r.uniform(24, 40), free_at)
        car["entry"] = entry
        car["tap"] = entry - r.uniform(4, 9)
        free_at = entry + r.uniform(23.5, 27.5)
    return cars


PODS = [
    (None, "5.7.0", "rel_570", ["lanekeeper-7c5f8d9b6d-m4kzp", "lanekeeper-7c5f8d9b6d-rj8tw"]),
    (ROLLBACK_SYNC, "5.6.2", None, ["lanekeeper-5b9d47c6f8-2hnxq", "lanekeeper-5b9d47c6f8-v7kcd"]),
    (REDEPLOY_SYNC, "5.7.0", "rel_570", ["lanekeeper-7c5f8d9b6d-b9q2s", "lanekeeper-7c5f8d9b6d-xw5lh"]),
]
COMMIT_562 = "3f1c9e07b2d4"  # 5.6.2's image was built in the old wash-platform repository
SITE_POD = {"PHX04": 0, "PHX06": 1, "PHX12": 0, "DFW07": 1, "DFW14": 0}
TABLET_UA = aug.TABLET_UA
STATE = {"PHX": "AZ", "DFW": "TX"}


def pods_at(x):
    cur = PODS[0]
    for p in PODS[1:]:
        if x >= secs(p[0]) + 30:
            cur = p
    return cur


def syslog(x, host, tag, pid, msg):
    t = at(x)
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}"


def build_logs(rng, shas):
    lk = Log("lanekeeper.log")
    cams = Log("lane-cameras.log")
    kiosk = Log("paystations.log")
    ingress = Log("ingress-nginx.log")
    wx = Log("weather-alerts.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-wash-ops.log")
    wo = Log("facilities-workorders.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    def L(x, level, msg, site=None, pod=None, req=None, **kv):
        p = pods_at(x)
        host = p[3][SITE_POD[site] if site else (pod or 0)]
        body = {"level": {"info": 30, "warn": 40, "error": 50}[level], "time": int(x * 1000), "pid": 1, "hostname": host}
        if req:
            since = secs(p[0]) + 20 if p[0] else secs(DEPLOY_570) + 20
            body["reqId"] = f"req-{int((x - since) * 1.05) + rng.randint(0, 3):x}"
        if site:
            body["site"] = site
        body.update({k: v for k, v in kv.items() if v is not None})
        body["msg"] = msg
        lk.add(at(x), json.dumps(body, separators=(",", ":")))

    def K(x, site, lane, thread, level, logger, text):
        kiosk.add(at(x), f"{iso_z(x)} {site}-PS{lane} [{thread}] {level} {logger} - {text}")

    def ING(x, method, path, status, rt, ua, client, size=None):
        t = at(x)
        size = size if size is not None else rng.randint(60, 420)
        up = f"10.40.{rng.randint(1, 3)}.{rng.randint(10, 250)}:8080"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" '
                       f'{rng.randint(180, 900)} {rt:.3f} [wash-lanekeeper-80] [] {up} {size} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    def lpr33(x):
        return pods_at(x)[1] == "5.7.0"

    cam_pid = {}
    for site, spec in SITES.items():
        for lane in (1, 2):
            cam_pid[(site, lane)] = spec["pid"] + lane * 7

    # --- the cars -------------------------------------------------------------------
    member_seq = iter(rng.sample(range(100000, 199999), 4000))
    sims = {}
    for site, spec in SITES.items():
        cars = simulate(site)
        sims[site] = cars
        st = STATE[site[:3]]
        sale_no = rng.randint(551000, 559000)
        veh = rng.randint(150000, 320000)
        threads = {1: rng.randint(9, 30), 2: rng.randint(9, 30)}
        kip = {1: f"{spec['net']}.31", 2: f"{spec['net']}.32"}
        for car in cars:
            u = car["u"]
            lane = car["lane"]
            kua = f"RinsewellKiosk/3.13.0 (PayStation; {site}-PS{lane})"
            plate = aug.tx_plate(rng) if u[2] > 0.05 else aug.other_plate(rng)[0]
            pstate = st if u[2] > 0.05 else rng.choice(["CA", "NM", "NV", "UT", "CO"] if st == "AZ" else ["OK", "LA", "AR", "NM"])
            sale_no += rng.randint(1, 3)
            sale = f"S{site[3:]}-{sale_no}"
            order = f"{site}-{int(car['gate']) % 100000:05d}{rng.randint(0, 999):03d}"
            opts = "R" if u[3] < 0.04 else "B" if u[3] < 0.07 else ""
            mid = f"M-{next(member_seq)}" if car["member"] else None
            club = ("DLX" if u[4] < 0.3 else "ULT" if u[4] < 0.75 else "CER") if car["member"] else None
            # the camera's read
            r = car["read_at"]
            conf, reason = car["conf"], car["reason"]
            shown = "-" if reason == "NO_PLATE" else (aug.misread(rng, plate) if car["misread"] else plate)
            cams.add(at(r), syslog(r, f"{site.lower()}-lpr{lane}", "psd", cam_pid[(site, lane)],
                                   f"read lane={lane} plate={shown} state={pstate if shown != '-' else '-'} conf={conf:.2f} reason={reason} ms={rng.randint(24, 48) if reason == 'OK' else rng.randint(52, 96)}"))
            if car["recognised"]:
                ING(r + 0.35, "POST", f"/kiosk/v2/sites/{site}/lanes/{lane}/plate", 200, 0.12 + u[0] * 0.1, kua, kip[lane])
                L(r + 0.12, "info", "member recognised", site=site, req=True, lane=lane, plate=plate, memberId=mid, club=club, conf=conf)
                K(r + 0.4, site, lane, threads[lane], "INFO", "Lpr", f"read {plate} {pstate} conf={conf:.2f}: member {mid} club {club}, gate open")
            else:
                ING(r + 0.05, "POST", f"/kiosk/v2/sites/{site}/lanes/{lane}/plate", 204, 0.008 + u[0] * 0.02, kua, kip[lane], size=0)
                if conf < 0.8 and lpr33(r):
                    L(r + 0.03, "warn", "plate read below confidence threshold; kiosk offers the member keypad", site=site, req=True, lane=lane,
                      conf=conf, reason=reason, camera=f"{site.lower()}-lpr{lane}")
                seen = f"read {shown} {pstate} conf={conf:.2f}" if shown != "-" else f"read conf={conf:.2f} ({reason})"
                if conf < 0.8 and shown != "-":
                    seen = f"read conf={conf:.2f} ({reason})"
                K(r + 0.1, site, lane, threads[lane], "INFO", "Lpr", f"{seen}: no member, showing packages")
            g = car["gate"]
            if car.get("keypad"):
                phone = f"{rng.randint(0, 9999):04d}"
                ING(g - 0.3, "POST", f"/kiosk/v2/sites/{site}/lanes/{lane}/member-lookup", 200, 0.21 + u[0] * 0.15, kua, kip[lane])
                L(g - 0.45, "info", "member found by phone", site=site, req=True, lane=lane, memberId=mid, club=club, phoneLast4=phone)
                K(g + 0.2, site, lane, threads[lane], "INFO", "Member", f"keypad lookup ***-***-{phone}: member {mid} club {club}, gate open")
                tender, amount, pkg = "member", 0.0, club
            elif car["recognised"]:
                tender, amount, pkg = "member", 0.0, club
            else:
                pkg = next(p for lim, p in [(0.3, "EXP"), (0.55, "DLX"), (0.88, "ULT"), (1.0, "CER")] if u[5] < lim)
                if car.get("gave_up"):
                    pkg = club
                amount = {"EXP": 10.0, "DLX": 16.0, "ULT": 22.0, "CER": 28.0}[pkg]
                brand = rng.choice(["VISA", "VISA", "VISA", "MC", "MC", "AMEX", "DISC"])
                ING(g - 0.2, "POST", f"/kiosk/v2/sites/{site}/sales", 200, 0.15 + u[0] * 0.1, kua, kip[lane])
                K(g + 0.2, site, lane, threads[lane], "INFO", "Sale", f"sale {sale} {pkg} ${amount:.2f} {brand} ****{rng.randint(0, 9999):04d} approved auth {hexid(rng, 6).upper()}, gate open")
                tender = "card"
            L(g - 0.3, "info", "sale completed", site=site, lane=lane, saleId=sale, orderId=order, package=pkg, opts=opts or "-", tender=tender, amount=f"{amount:.2f}")
            L(g + 0.05, "info", "order staged for loader", site=site, orderId=order, lane=lane)
            ING(car["tap"] - 0.08, "POST", f"/loader/v1/sites/{site}/orders/{order}/send", 200, 0.08 + u[1] * 0.05, TABLET_UA, f"{spec['net']}.41")
            L(car["tap"] + 0.04, "info", "order released to tunnel", site=site, orderId=order, trigger="loader", pos=1)
            veh += 1
            L(car["entry"] + 0.05, "info", "vehicle loaded", site=site, vehicle=veh, orderId=order)
            car.update({"plate": plate, "member_id": mid})

    # --- the cameras' own routine: self-tests every 15 minutes, the storm ------------
    storm_pid = {}
    for (site, lane), pid in cam_pid.items():
        host = f"{site.lower()}-lpr{lane}"
        x = t0 - (t0 % 900) + 900 + SITES[site]["pid"] % 40 + lane * 3.7
        base_c = rng.uniform(0.58, 0.66)
        while x < t1:
            state = camera_state(site, lane, x)
            if (site, lane) in storm_pid and x > storm_pid[(site, lane)][0]:
                pid = storm_pid[(site, lane)][1]
            temp = rng.randint(24, 31) if 8 * 3600 < (x % 86400) < 15 * 3600 else rng.randint(33, 44)
            if state == "dusty":
                c = max(0.06, DUST[(site, lane)] + rng.uniform(-0.02, 0.02))
                msg = (f"selftest contrast={c:.2f} sharpness={c * 1.4 + rng.uniform(0, 0.04):.2f} ir_backscatter={int(310 - c * 600 + rng.randint(-15, 15))}% "
                       f"housing={temp}C: WARN lens obstruction suspected, clean the window")
            else:
                c = base_c + rng.uniform(-0.02, 0.02) - (0.05 if state == "plates" else 0)
                msg = f"selftest contrast={c:.2f} sharpness={c * 1.3 + rng.uniform(0, 0.05):.2f} ir_backscatter={rng.randint(88, 112)}% housing={temp}C: ok"
            cams.add(at(x), syslog(x, host, "psd", pid, msg))
            x += 900 + rng.uniform(-0.5, 0.5)
        if SITES[site]["storm"]:
            s0 = P(SITES[site]["storm"])
            for k in range(rng.randint(4, 7)):
                y = s0 + k * rng.uniform(60, 170) + lane * 11
                if site == "PHX04" and P("04 20:52:00") < y < P("04 20:53:10"):
                    continue
                cams.add(at(y), syslog(y, host, "psd", pid, f"tamper: scene change {rng.randint(55, 94)}% in 2 s (vibration or obstruction)"))
            cams.add(at(s0 + 420 + lane * 5), syslog(s0 + 420 + lane * 5, host, "psd", pid, f"ir illuminator: backscatter {rng.randint(240, 320)}% of reference, exposure at limit"))
            cl = P(CLEANED[(site, lane)])
            cams.add(at(cl - 140), syslog(cl - 140, host, "psd", pid, f"tamper: scene change {rng.randint(60, 90)}% in 2 s (vibration or obstruction)"))
            c = rng.uniform(0.55, 0.61)
            cams.add(at(cl + 35), syslog(cl + 35, host, "psd", pid, f"selftest (manual) contrast={c:.2f} sharpness={c * 1.3:.2f} ir_backscatter={rng.randint(95, 108)}% housing={rng.randint(33, 38)}C: ok"))
    # a power blip at Mesa during the storm: both cameras reboot
    blip = P("04 20:52:14")
    for lane in (1, 2):
        host, pid = f"phx04-lpr{lane}", cam_pid[("PHX04", lane)]
        new = 211 + lane * 4
        cams.add(at(blip + lane * 0.4), syslog(blip + lane * 0.4, host, "psd", pid, "poe: input voltage dropped, link down"))
        cams.add(at(blip + 48 + lane), syslog(blip + 48 + lane, host, "psd", new, "PlateSight PS-310 firmware 5.2.1 starting, IR on"))
        cams.add(at(blip + 51 + lane), syslog(blip + 51 + lane, host, "psd", new, f"syslog to 10.32.4.1, plate events to https://phx04-ps{lane}.sites.rinsewell.internal:8450/lpr"))
        storm_pid[("PHX04", lane)] = (blip, new)
    # the PHX04 self-tests after the reboot carry the new pid
    fixed = []
    for when, n, text in cams.entries:
        for lane in (1, 2):
            tag = f"phx04-lpr{lane} psd[{cam_pid[('PHX04', lane)]}]: selftest"
            if tag in text and when.timestamp() > blip + 45:
                text = text.replace(f"psd[{cam_pid[('PHX04', lane)]}]", f"psd[{211 + lane * 4}]")
            rd = f"phx04-lpr{lane} psd[{cam_pid[('PHX04', lane)]}]: "
            if rd in text and when.timestamp() > blip + 45:
                text = text.replace(f"psd[{cam_pid[('PHX04', lane)]}]", f"psd[{211 + lane * 4}]")
        fixed.append((when, n, text))
    cams.entries = fixed

    # --- kiosks' routine -------------------------------------------------------------
    for site, spec in SITES.items():
        for lane in (1, 2):
            for a, b, _ in windows(site):
                if b <= t0:
                    continue
                if a > t0:
                    K(a - rng.uniform(600, 900), site, lane, 1, "INFO", "Boot", "PayStation 3.13.0 started, EMV terminal Ingenico Lane/3000 ready, gate arm closed")
                for _ in range(rng.randint(1, 4)):
                    K(a + rng.uniform(300, b - a - 300), site, lane, rng.randint(9, 30), "WARN", "Card",
                      f"declined {rng.choice(['05 do not honor', '51 insufficient funds', '54 expired card'])}, customer retrying")
                K(b + rng.uniform(120, 400), site, lane, 1, "INFO", "Boot", "lane closed by manager, gate arm locked")
            if site == "PHX04":
                K(P("04 20:52:20") + lane, site, lane, 1, "WARN", "Power", "mains lost, on UPS")
                K(P("04 20:53:02") + lane, site, lane, 1, "INFO", "Power", "mains restored after 42 s")
        # loader tablets poll their queue while the site is open
        for a, b, _ in windows(site):
            if b <= t0:
                continue
            x = max(t0, a - 600) + rng.uniform(0, 60)
            while x < min(t1, b + 900):
                ING(x, "GET", f"/loader/v1/sites/{site}/queue", 200, 0.004 + rng.random() * 0.01, TABLET_UA, f"{spec['net']}.41")
                x += 60 + rng.uniform(-2, 2)

    # --- lanekeeper's routine and restarts -------------------------------------------
    for pod in (0, 1):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            L(x, "info", "tunnel controllers", pod=pod, connected=12, sites=12)
            x += 600 + rng.uniform(-3, 3)
    for _ in range(8):
        x = P("05 05:00:00") + rng.uniform(0, 19000)
        L(x, "warn", "member lookup slow", pod=rng.randint(0, 1), ms=rng.randint(640, 1700))
    for when, ver, key, pods in PODS[1:]:
        w = secs(when)
        for k, pod in enumerate(pods):
            s = w + 22 + k * 19.5
            commit = shas[key][:12] if key else COMMIT_562
            lk.add(at(s), json.dumps({"level": 30, "time": int(s * 1000), "pid": 1, "hostname": pod, "version": ver, "commit": commit,
                                      "sites": 12, "msg": "lanekeeper started"}, separators=(",", ":")))
            for site in ("DFW03", "DFW05", "DFW07", "DFW09", "DFW11", "DFW14", "DFW16", "PHX02", "PHX04", "PHX06", "PHX09", "PHX12"):
                net = f"10.3{'1' if site.startswith('DFW') else '2'}.{int(site[3:])}.20"
                lk.add(at(s + 0.4), json.dumps({"level": 30, "time": int((s + 0.4) * 1000), "pid": 1, "hostname": pod, "site": site,
                                                "host": net, "msg": "tunnel controller connected"}, separators=(",", ":")))

    # --- the weather alert feed ------------------------------------------------------
    def alert(when, kind, mtype, event, severity, area, sent, expires, headline, sites, desc=None):
        x = P(when) if when[0] == "0" else secs(cdt(when))
        body = {"ts": iso_z(x), "source": "api.weather.gov", "id": f"urn:oid:2.49.0.1.840.0.{hexid(rng, 40)}.001.1", "messageType": mtype,
                "event": event, "severity": severity, "areaDesc": area, "sent": sent, "expires": expires, "headline": headline, "sites": sites}
        if desc:
            body["description"] = desc
        wx.add(at(x), json.dumps(body, ensure_ascii=False))

    alert("04 19:53:40", "adv", "Alert", "Blowing Dust Advisory", "Minor", "Southeast Valley/Queen Creek; Northwest Pinal County",
          "2026-09-04T19:52:00-07:00", "2026-09-04T21:00:00-07:00", "Blowing Dust Advisory issued September 4 at 7:52PM MST until September 4 at 9:00PM MST by NWS Phoenix AZ", ["PHX06"])
    alert("04 20:06:10", "svr", "Alert", "Severe Thunderstorm Warning", "Severe", "Pinal, AZ; Maricopa, AZ",
          "2026-09-04T20:05:00-07:00", "2026-09-04T20:45:00-07:00", "Severe Thunderstorm Warning issued September 4 at 8:05PM MST until September 4 at 8:45PM MST by NWS Phoenix AZ", ["PHX06"],
          "At 804 PM MST, a severe thunderstorm was located near San Tan Valley, moving northwest at 30 mph. HAZARD...60 mph wind gusts. IMPACT...Expect damage to roofs, siding, and trees.")
    alert("04 20:37:30", "dsw", "Alert", "Dust Storm Warning", "Severe", "Central Maricopa County; Southeast Valley/Queen Creek; Tempe; Mesa; Chandler; Gilbert",
          "2026-09-04T20:36:00-07:00", "2026-09-04T21:30:00-07:00", "Dust Storm Warning issued September 4 at 8:36PM MST until September 4 at 9:30PM MST by NWS Phoenix AZ", ["PHX04", "PHX06"],
          "At 835 PM MST, a wall of dust was along a line extending from Gilbert to Chandler Heights, moving northwest at 35 mph. HAZARD...Less than one quarter mile visibility with strong wind in excess of 50 mph. SOURCE...Radar and public reports. IMPACT...Dangerous life-threatening travel. Locations impacted include Phoenix, Mesa, Chandler, Gilbert and Tempe.")
    alert("04 20:58:50", "dsw", "Update", "Dust Storm Warning", "Severe", "Central Maricopa County; Northwest Valley; Glendale; Peoria",
          "2026-09-04T20:58:00-07:00", "2026-09-04T21:45:00-07:00", "Dust Storm Warning issued September 4 at 8:58PM MST until September 4 at 9:45PM MST by NWS Phoenix AZ", ["PHX04", "PHX06", "PHX12"],
          "At 857 PM MST, the wall of dust was along a line extending from Sun City to Tempe, moving northwest at 35 mph. HAZARD...Less than one quarter mile visibility with strong wind in excess of 50 mph. Locations impacted include Phoenix, Glendale, Peoria, Mesa and Tempe.")
    alert("04 21:47:10", "dsw", "Cancel", "Dust Storm Warning", "Severe", "Central Maricopa County; Northwest Valley",
          "2026-09-04T21:46:00-07:00", "2026-09-04T21:46:00-07:00", "The Dust Storm Warning has been cancelled. Light rain behind the dust; visibility improving.", ["PHX04", "PHX06", "PHX12"])
    alert("2026-09-05 04:02:20", "heat", "Alert", "Heat Advisory", "Moderate", "Dallas; Collin; Denton; Tarrant",
          "2026-09-05T04:00:00-05:00", "2026-09-05T20:00:00-05:00", "Heat Advisory issued September 5 at 4:00AM CDT until September 5 at 8:00PM CDT by NWS Fort Worth TX", ["DFW07", "DFW14"])
    alert("05 05:12:00", "heat", "Alert", "Excessive Heat Warning", "Severe", "Greater Phoenix; Tempe; Mesa; Chandler; Glendale",
          "2026-09-05T03:11:00-07:00", "2026-09-05T20:00:00-07:00", "Excessive Heat Warning issued September 5 at 3:11AM MST until September 5 at 8:00PM MST by NWS Phoenix AZ", ["PHX04", "PHX06", "PHX12"])

    # --- facilities work orders ------------------------------------------------------
    def order_(when, num, site, status, text, **kv):
        x = P(when)
        body = {"ts": iso_z(x), "work_order": f"WO-{num}", "site": site, "status": status, "text": text}
        body.update(kv)
        wo.add(at(x), json.dumps(body, ensure_ascii=False))

    order_("04 21:12:30", 55797, "PHX04", "closed", "Power blip during the dust storm at 20:52; tunnel controller UPS on battery 42 s, back on mains. Manager locked up at 21:05.", priority="P3", raised_by="marcus.bell")
    order_("05 07:41:10", 55808, "PHX04", "open", "Line out to Southern Ave: members not recognised at both pay lanes, using the keypad. Raised with wash-tech (INC-1203).", priority="P2", raised_by="marcus.bell")
    order_("05 08:29:40", 55812, "PHX04", "closed", "Lane camera windows (lane 1 and 2) coated with dust and dried mud spots from last night's storm. Cleaned from the ladder with glass cleaner at 08:24 and 08:27.", priority="P2", raised_by="marcus.bell")
    order_("05 08:38:20", 55815, "PHX06", "closed", "Lane camera windows coated with dust after the storm, both lanes cleaned 08:33 / 08:35. Canopy lights dusty too.", priority="P2", raised_by="jen.okafor")
    order_("05 08:52:45", 55819, "PHX12", "closed", "Lane camera windows coated with dust (lane 2 less, under the canopy). Cleaned 08:46 / 08:49.", priority="P2", raised_by="victor.ruiz")
    order_("05 09:31:00", 55824, "ALL-PHX", "open", "Add the lane camera windows to the opening checklist after dust storms and monsoon rain (ladder, glass cleaner, microfiber).", priority="P4", raised_by="rosa.delgado")

    # --- Argo CD ------------------------------------------------------------------------
    def A(x, level, msg, **kv):
        t = at(x)
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}", "application=argocd/lanekeeper"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f"{k}={json.dumps(v) if any(c in v for c in ' =:/') else v}")
        argo.add(t, " ".join(parts))

    revs = [(t0 - 1, shas["rel_570"]), (secs(RENOVATE_SYNC) - 8, shas["renovate"]), (secs(ROLLBACK_SYNC) - 8, shas["rollback"]), (secs(REDEPLOY_SYNC) - 8, shas["again"])]

    def rev_at(x):
        cur = revs[0][1]
        for when, sha in revs:
            if when <= x:
                cur = sha
        return cur

    x = t0 + rng.uniform(0, 180)
    while x < t1:
        A(x, "info", "Refreshing app status (normal refresh requested), level (1)")
        A(x + 0.21, "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: wash)")
        A(x + 0.38, "info", "Update successful", revision=rev_at(x)[:7])
        x += 180 + rng.uniform(-1, 1)
    for (when, sha), restart in zip(revs[1:], (False, True, True)):
        kv = {"dest-namespace": "wash", "dest-server": "https://kubernetes.default.svc"}
        A(when, "info", f"Initiated automated sync to '{sha}'", **kv, reason="OperationStarted", type="Normal")
        A(when + 4.2, "info", f"Sync operation to {sha} succeeded", **kv, reason="OperationCompleted", type="Normal")
        if restart:
            A(when + 4.6, "info", "Updated health status: Healthy -> Progressing", **{"dest-namespace": "wash", "reason": "ResourceUpdated", "type": "Normal"})
            A(when + 71.3, "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "wash", "reason": "ResourceUpdated", "type": "Normal"})

    # --- figures for the humans -------------------------------------------------------
    def rate_(site, a, b):
        ms = [c for c in sims[site] if c["member"] and a <= c["read_at"] < b]
        return round(100 * sum(c["recognised"] for c in ms) / max(1, len(ms))), len(ms)

    phx_fail = [c for site in ("PHX04", "PHX06", "PHX12") for c in sims[site] if c["member"] and not c["recognised"] and c["read_at"] >= P("05 07:00:00")]
    stats["onset"] = min(c["read_at"] for c in phx_fail)
    fri = {site: rate_(site, t0, P("04 20:00:00")) for site in SITES}
    early = {site: rate_(site, P("05 07:00:00"), P("05 08:05:00")) for site in SITES}
    late = {site: rate_(site, P("05 08:55:00"), t1) for site in SITES}
    stats.update(fri=fri, early=early, late=late)

    # --- #wash-ops ------------------------------------------------------------------
    users = {"rosa.delgado": "U04RD8N3K", "marcus.bell (PHX04)": "U06MB2Q7R", "jen.okafor (PHX06)": "U06JO5V1S", "victor.ruiz (PHX12)": "U06VR9C4T",
             "jorge.villarreal": "U04JV9X2L", "tyler.brandt": "U02TB6H1B", "megan.castillo": "U01MC3J8Q", "dana.pruitt": "U03DP7K2A"}

    def say(when, who, text):
        x = P(when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "wash-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("04 18:06:00", "rosa.delgado", "Phoenix: NWS has storms and blowing dust possible from about 8 pm. Managers: if there's lightning within 10 miles before close, close the lanes early")
    say("04 20:39:20", "rosa.delgado", "Dust storm warning for the East Valley, 50+ mph. everyone's closed by now, lock up and go home, don't wait for it")
    say("04 20:59:40", "marcus.bell (PHX04)", "power blipped at Mesa while locking up, UPS held, everything came back. can't see across Southern")
    say("05 05:08:00", "dana.pruitt", "Dallas open, normal Saturday so far. Labor Day weekend, expect it busy")
    say("05 07:14:30", "marcus.bell (PHX04)", "Mesa: the lane cameras aren't recognising members, about half of them end up on the keypad. line is out to Southern Ave")
    say("05 07:18:50", "jen.okafor (PHX06)", "Chandler same")
    say("05 07:24:10", "jorge.villarreal", f"on call, looking. lanekeeper warns 'plate read below confidence threshold' on every Phoenix lane since opening, conf 0.2-0.7, reason LOW_CONTRAST or NO_PLATE. that warning is new in 5.7.0 (LPR-33), and 5.7.0 also changed plate matching (MEM-91). members recognised since 7: Mesa {early['PHX04'][0]} %, Chandler {early['PHX06'][0]} %")
    say("05 07:31:40", "victor.ruiz (PHX12)", "Glendale too. and every car in the valley is brown this morning, line of 30")
    say("05 07:38:30", "jorge.villarreal", "runbook: recognition dropping at several sites at once after a release is lanekeeper, roll back first. 5.7.0 is the only release this week. rolling back to 5.6.2 (INC-1203)")
    say("05 07:53:40", "jorge.villarreal", "5.6.2 running on both pods (Argo 07:52)")
    say("05 08:02:10", "rosa.delgado", "still half the members on the keypad at Mesa and Chandler")
    say("05 08:04:50", "jorge.villarreal", f"yes. 5.6.2 just doesn't log those reads; the kiosks still fall back to the keypad. and Dallas has recognised members normally all morning on 5.7.0 (DFW07 {early['DFW07'][0]} %, DFW14 {early['DFW14'][0]} %), and Phoenix was fine on 5.7.0 last night ({fri['PHX04'][0]} % at Mesa before close). MEM-91 can't be it")
    say("05 08:07:20", "tyler.brandt", "there was a haboob through the whole valley last night around 8:45, my car is brown. I'd look at the cameras")
    say("05 08:12:00", "jorge.villarreal", "the cameras say so themselves: every Phoenix lane camera's self-test warns 'lens obstruction suspected, clean the window' since 21:00 last night (contrast 0.1-0.3, was 0.6, IR backscatter 3x), Mesa's rebooted in a power blip at 20:52. the Dallas cameras are ok. @rosa.delgado can the managers clean the camera windows?")
    say("05 08:14:40", "rosa.delgado", "on it. ladder and glass cleaner, one lane at a time, the other lane keeps selling")
    say("05 08:28:10", "marcus.bell (PHX04)", "Mesa both lanes cleaned, the windows were caked with dust and mud spots")
    say("05 08:37:30", "jen.okafor (PHX06)", "Chandler done")
    say("05 08:51:20", "victor.ruiz (PHX12)", "Glendale done")
    say("05 09:04:10", "jorge.villarreal", f"self-tests ok since the cleaning, recognition back up: Mesa {late['PHX04'][0]} %, Chandler {late['PHX06'][0]} %, Glendale {late['PHX12'][0]} %. what's left is dusty plates (LOW_CONTRAST on the read itself)")
    say("05 09:06:40", "rosa.delgado", "putting an attendant with a spray bottle and a towel at the pay lanes for plates that don't read")
    say("05 09:12:30", "jorge.villarreal", "5.7.0 again (Argo 09:14), nothing to change in lanekeeper. INC-1203: the dust storm on the lane cameras. facilities are adding the camera windows to the opening checklist after storms")
    say("05 09:44:00", "rosa.delgado", "lines are back to normal at all three")
    return (lk, cams, kiosk, ingress, wx, argo, slack, wo), stats


def build(out_dir):
    rng = random.Random(98200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert P("05 07:00:00") < secs(onset) < P("05 07:10:00"), onset
        early, late = stats["early"], stats["late"]
        return write_scenario(
            out_dir, name="r98-haboob-lane-cameras-none", service=SERVICE, onset=onset,
            description=f"""
Rinsewell Express Car Wash's Phoenix sites open at 07:00 MST on Saturday
5 September 2026 ({onset.strftime('%H:%M:%S')} UTC is the first failed member read) and
their lane cameras recognise about half of the wash club members they
used to (Mesa {early['PHX04'][0]} %, Chandler {early['PHX06'][0]} %, Glendale {early['PHX12'][0]} % until 08:05); members queue
at the kiosks' keypads and the lines reach the street. The Dallas sites
are unaffected. lanekeeper 5.7.0 had been deployed on Friday at 15:10 MST;
it was rolled back to 5.6.2 at 07:52 without effect. Recognition was back
(Mesa {late['PHX04'][0]} %) after 08:24-08:49 and 5.7.0 was deployed again at 09:14.
Phoenix is on MST (UTC-7) all year, Dallas on CDT (UTC-5); the logs are UTC.
""",
            logs=list(logs),
            line_formats={
                "paystations.log": r'<Time> <Kiosk> \[<Thread>\] <Level> <Logger> - <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'lens obstruction suspected',
                r'Dust Storm Warning',
                r'camera windows .*coated with dust',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. On Friday evening a haboob (NWS Dust Storm Warning
from 20:36 MST, winds over 50 mph, a little rain behind it) crossed the
Phoenix metro area after the sites had closed, and coated the lane cameras'
windows with dust and mud spots: from 21:00 every Phoenix lane
camera's self-test warns "lens obstruction suspected, clean the window"
(contrast 0.1-0.3 against 0.6, infrared backscatter three times the
reference), all night. When the sites open on Saturday about half of the
members' reads come back below lanekeeper's 0.80 threshold (LOW_CONTRAST,
NO_PLATE), the kiosks offer the keypad, members type their phone numbers
and the lines grow. lanekeeper does what it is built to do. The Dallas
sites recognise members as always on the same release, and the Phoenix
sites had done so on it the evening before. The managers clean the camera
windows (work orders: "coated with dust and dried mud spots"), the
self-tests pass and recognition recovers; the dusty plates that remain are
wiped at the lane. Nothing in lanekeeper was changed.
Decoys: release 5.7.0, deployed at 15:10 MST the day before, 15.9 hours
before the onset (MEM-91, which changes plate matching, the very lookup;
LPR-33, which adds the very "plate read below confidence threshold"
warning that fills the log; KSK-152, the keypad button), rolled back to
5.6.2 at 07:52 without effect (the warning goes, the keypad lookups stay)
and deployed again at 09:14; the runbook section from Thursday that reads
a drop in recognition at several sites after a release as lanekeeper and
says to roll back; a Renovate undici bump auto-merged and synced by Argo
CD at 05:34 MST, 87 minutes before the onset (no new image); the Mesa
power blip during the storm; heat warnings for both cities.
""",
        )
    finally:
        repo.close()
