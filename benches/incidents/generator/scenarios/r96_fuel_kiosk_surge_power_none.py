"""berthdesk (TypeScript, NestJS; Saltmere Marinas' visitor side, the same
service twelve weeks after `r96-gate-codes-issued-at-booking`) issues the
visitors' gate codes and the berth holders' fobs in Tessel Cloud, takes the
fuel dock's forecourt controller's sales and publishes the marinas' tide
gauge readings for the web site and the VHF info line.

At Saltmere the east pontoons' gates (E, F and G, fitted in September), the
tide gauge, the forecourt controller and the fuel dock's camera hang off a
PoE switch in the fuel kiosk, on the quay at the head of the east
pontoons; the kiosk reaches the office over a 5 GHz bridge, and a 1500 VA
UPS with a network card carries the switch and everything on it. The
gates' TA-40 controllers are powered over PoE and their strikes are fail
secure: without power a gate stays locked (it opens from inside with the
handle).

Wednesday 28 October 2026 (GMT): a south-easterly gale on a spring tide.
The Environment Agency has a flood alert out for the Hamble; high water is
07:38 (4.58 m predicted), the gauge reads about 0.7 m above the
prediction at high water with its wave flag set from 07:05, and waves
break over the fuel quay from 07:00 (the fuel dock is closed). At 07:42 seawater gets into the
kiosk's floor cable duct, the kiosk board's RCD trips and the UPS goes on
battery; the kiosk lights go out, which the harbour office puts down to
spray. Nobody reads the UPS's syslog. 3.4.0 goes out at 07:58 (TIDE-27,
the Saltmere gauge read over Modbus TCP every minute, the very gauge
reading code, with a new "tide gauge unreachable" error; FUEL-52, which
adds the "forecourt controller heartbeat missed" warning; a pg bump; winter
rates) after Thursday's runbook section that reads the east side going
offline as the kiosk bridge (INC-143, its dish moved in a gale) or, after
a release, the release. 3.3.2 (Thursday) holds GATE-71, which warns when
a code is queued for offline controllers.

At 08:18:40 the UPS runs flat and turns its output off: the bridge loses
the kiosk, Tessel has SM-GATE-E, F and G offline at 08:19, the gauge and
the forecourt controller go silent. Berth holders coming down to check
their boats in the gale cannot get through E, F and G; the office lends
the master key. Sam (on call) sees three things 3.4.0 touched fail at
once and rolls back to 3.3.2 at 08:49: the tide error changes its
wording, the heartbeat warnings stop, nothing comes back. The runbook's
other suspect, the bridge (it had dropped for 40 s in a gust at 06:21),
sends facilities to the kiosk once the waves ease; meanwhile Sam reads the
site syslog: the kiosk UPS on battery since 07:42, low battery at 08:12,
output off at 08:18:40, the bridge's peer lost twelve seconds later. Rob
(facilities) finds the kiosk floor wet, the RCD tripped and the UPS flat;
the electrician isolates the duct's floor box and resets the RCD at
10:52; the switch, the gates, the gauge and the forecourt are back by
10:56, the queued codes are applied and 3.4.0 is deployed again at 11:30.
Nothing in berthdesk is changed.

Sources: berthdesk (nestjs-pino JSON), Caddy access log (JSON), Tessel
Cloud's event log export (line format), the Saltmere site syslog (RFC
3164: the kiosk UPS's network card, the kiosk and office switches, the
office end of the bridge, the firewall), the tide gauge logger's export
(line format), the harbour office's desk diary (line format), facilities
work orders (JSON lines), GitHub Actions deploy runs, #berthdesk (Teams
export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores
from scenarios import r96_gate_codes_issued_at_booking as august

SERVICE = "berthdesk"
BST = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-10-28 05:00:00"), utc("2026-10-28 12:30:00")


def bst(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BST).astimezone(dt.timezone.utc)


sub = august.sub

# ---------------------------------------------------------------------------
# the repository

DEPS = dict(august.DEPS, **{
    "@nestjs/common": "10.4.4", "@nestjs/core": "10.4.4", "@nestjs/platform-express": "10.4.4", "@nestjs/schedule": "4.1.1",
    "axios": "1.7.7", "pino": "9.4.0", "csv-parse": "5.5.6", "stripe": "16.12.0",
})


def package_json(version, deps):
    return august.package_json(version, deps)


def package_lock(version, deps):
    return august.package_lock(version, deps)


MARINAS = """{
  "SM": {
    "name": "Saltmere Marina",
    "doorGroup": "SM-PONTOONS",
    "gates": ["SM-GATE-A", "SM-GATE-B", "SM-GATE-C", "SM-GATE-D", "SM-GATE-E", "SM-GATE-F", "SM-GATE-G"],
    "tideGauge": "http://10.20.8.21/api/level",
    "fuelDock": { "hours": "08:00-18:00" }
  },
  "PQ": {
    "name": "Pennock Quay",
    "doorGroup": "PQ-PONTOONS",
    "gates": ["PQ-GATE-1", "PQ-GATE-2"],
    "tideGauge": "http://10.30.4.15/api/level",
    "sill": { "heightCdM": 1.6, "minimumDepthM": 1.5 }
  }
}
"""

GATES_DOC_EAST = """
## The east pontoons (E, F, G)

Gates E, F and G (September 2026) are TA-40s powered over PoE from the
switch in the fuel kiosk, which also carries Saltmere's tide gauge, the
forecourt controller and the fuel dock camera. The kiosk reaches the
office over a 5 GHz bridge (fk-bridge to ap-east-bridge) and everything in
it runs from a 1500 VA UPS. The gates' strikes are fail secure: without
power the gate stays locked and opens from inside with the handle.
"""


def build_repo():
    # the tree as it stood after 3.3.0: August's berthdesk with GATE-64 and
    # the autumn's changes, history squashed
    old, _ = august.build_repo()
    tree = dict(old.files)
    old.close()
    tree.pop(".editorconfig", None)
    tree.pop("docs/oncall.md", None)
    tree["package.json"] = package_json("3.3.0", DEPS)
    tree["package-lock.json"] = package_lock("3.3.0", DEPS)
    tree["config/marinas.json"] = MARINAS
    tree["docs/gates.md"] = sub(tree["docs/gates.md"], "Saltmere (door group SM-PONTOONS: gates A, B, C and D)",
                                "Saltmere (door group SM-PONTOONS: gates A to G)") + GATES_DOC_EAST
    tree["CHANGELOG.md"] = "# Changelog\n\n## 3.3.0\n\n- History squashed after a Stripe test key was found in an old commit (SEC-12); see the archived repository for 1.x-3.2.\n"

    repo = Repo()
    megan_b = Person("Megan Hale", "megan.hale@saltmeremarinas.co.uk", 60)
    sam_b = Person("Sam Okafor", "sam.okafor@saltmeremarinas.co.uk", 60)
    kasia_b = Person("Kasia Wróbel", "kasia@wrobel.dev", 120)
    megan = Person("Megan Hale", "megan.hale@saltmeremarinas.co.uk", 0)
    sam = Person("Sam Okafor", "sam.okafor@saltmeremarinas.co.uk", 0)
    ollie = Person("Ollie Pryce", "ollie.pryce@saltmeremarinas.co.uk", 0)
    kasia = Person("Kasia Wróbel", "kasia@wrobel.dev", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    repo.commit(bst("2026-10-19 09:10:00"), megan_b, "berthdesk 3.3.0 (history squashed, SEC-12)", tree)
    rng = random.Random(96027)
    repo.schedule(chores(rng, SERVICE, [sam_b, megan_b], bst("2026-10-19 12:00:00"), bst("2026-10-23 17:00:00"), 2))
    deps = dict(DEPS)
    repo.commit(bst("2026-10-20 10:30:00"), sam_b, "gate: warn when a code is queued for offline controllers, naming them (GATE-71)\n\nTessel takes a change for a controller that is offline and applies it\nwhen the controller is back; we logged queued: 1 and nobody saw it. The\noffice wants to know when a visitor's code is not on a gate yet.", {
        "src/gate/tessel.client.ts": sub(repo.files["src/gate/tessel.client.ts"],
                                         "  async addUser(doorGroup: string, user: TesselUser): Promise<{ id: string; queued: number; requestId: string }> {\n",
                                         "  async addUser(doorGroup: string, user: TesselUser): Promise<{ id: string; queued: string[]; requestId: string }> {\n",
                                         "      return { id: res.data.id, queued: res.data.queued_controllers ?? 0, requestId: res.headers['x-request-id'] };\n",
                                         "      return { id: res.data.id, queued: res.data.queued_for ?? [], requestId: res.headers['x-request-id'] };\n"),
        "src/gate/gate-codes.service.ts": sub(repo.files["src/gate/gate-codes.service.ts"],
                                              "    this.log.log({ ref: booking.ref, doorGroup, validFrom, validTo, queued: user.queued, requestId: user.requestId }, 'gate code issued');\n",
                                              "    this.log.log({ ref: booking.ref, doorGroup, validFrom, validTo, queued: user.queued.length, requestId: user.requestId }, 'gate code issued');\n    if (user.queued.length) {\n      this.log.warn({ ref: booking.ref, doorGroup, controllers: user.queued.join(',') }, 'gate code queued: controller offline');\n    }\n"),
    })
    repo.commit(bst("2026-10-20 15:00:00"), sam_b, "release 3.3.1", {
        "package.json": package_json("3.3.1", deps),
        "package-lock.json": package_lock("3.3.1", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.3.1\n\n- Warn when a gate code is queued for offline controllers (GATE-71).\n"),
    })
    repo.commit(bst("2026-10-21 12:00:00"), kasia_b, "fuel: winter hours for the fuel dock in config (FUEL-49)", {
        "config/marinas.json": sub(repo.files["config/marinas.json"], '"fuelDock": { "hours": "08:00-18:00" }',
                                   '"fuelDock": { "hours": "08:00-18:00", "winterHours": "09:00-16:00", "winterFrom": "11-01", "winterTo": "03-31" }'),
    })
    repo.commit(bst("2026-10-22 09:40:00"), megan_b, "runbook: the east side offline", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## East side offline (gates E, F, G, the Saltmere gauge, the fuel dock)

Everything in the fuel kiosk reaches the office over the 5 GHz bridge
(ap-east-bridge in the office, fk-bridge on the kiosk roof). When gates E,
F and G show offline in Tessel and the gauge or the forecourt stop at the
same time, it is almost always the bridge: in INC-143 (March) a gale moved
the kiosk dish and the link dropped for hours.

- Check ap-east-bridge's page: signal and whether it sees fk-bridge.
- Ask facilities to check the kiosk dish's alignment when it is safe to
  go on the fuel quay.
- If it started right after a berthdesk release, roll the release back
  first (`deploy` with the previous tag), then look at the bridge.

The gates keep their users while offline (see docs/gates.md); codes issued
meanwhile are queued by Tessel.
""",
    })
    rel_332 = repo.commit(bst("2026-10-22 14:20:00"), sam_b, "release 3.3.2", {
        "package.json": package_json("3.3.2", deps),
        "package-lock.json": package_lock("3.3.2", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.3.2\n\n- Fuel dock winter hours (FUEL-49).\n- Runbook: the east side offline.\n"),
    })
    deps = dict(deps, **{"modbus-serial": "8.0.17"})
    repo.commit(utc("2026-10-26 10:15:00"), ollie, "tide: read Saltmere's gauge over Modbus TCP, every minute (TIDE-27)\n\nThe gauge logger's HTTP page times out for up to a minute while it writes\nits hourly file, and the VHF info line then read the prediction. Its\nModbus TCP server answers from memory: holding registers 0-1 are the\nlevel above chart datum in mm. Read it every minute for the haul-out\ncrane's tide window.", {
        "src/tide/tide.service.ts": """import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import axios from 'axios';
import ModbusRTU from 'modbus-serial';
import marinas from '../../config/marinas.json';
import { predictedLevel } from './predictions';

/**
 * Polls the marinas' tide gauges; the web site and the VHF info line read
 * the latest level. A reading older than 10 minutes is not used for the
 * sill advisory (TIDE-21): the predictions with a 0.3 m margin are.
 * Saltmere's gauge is read over Modbus TCP (TIDE-27).
 */
@Injectable()
export class TideService {
  private readonly log = new Logger(TideService.name);
  readonly latest = new Map<string, { levelCdM: number; at: Date }>();

  @Cron('* * * * *')
  async poll(): Promise<void> {
    for (const [code, marina] of Object.entries(marinas)) {
      try {
        const level = marina.tideGauge.startsWith('modbus://') ? await readModbus(marina.tideGauge) : await readHttp(marina.tideGauge);
        this.latest.set(code, { levelCdM: level, at: new Date() });
        this.log.log({ gauge: code, levelCdM: level, predictedCdM: predictedLevel(code, new Date()) }, 'tide reading');
      } catch (err) {
        this.log.error({ gauge: code, err }, 'tide gauge unreachable');
      }
    }
  }
}

async function readHttp(url: string): Promise<number> {
  const res = await axios.get(url, { timeout: 5000 });
  return Number(res.data.level_cd_m);
}

/** modbus://10.20.8.21:502/1: unit 1, holding registers 0-1, mm above chart datum. */
async function readModbus(url: string): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  const client = new ModbusRTU();
  client.setTimeout(4000);
  await client.connectTCP(hostname, { port: Number(port || 502) });
  try {
    client.setID(Number(pathname.slice(1) || 1));
    const { data } = await client.readHoldingRegisters(0, 2);
    return ((data[0] << 16) | data[1]) / 1000;
  } finally {
    client.close(() => undefined);
  }
}
""",
        "config/marinas.json": sub(repo.files["config/marinas.json"], '"tideGauge": "http://10.20.8.21/api/level"', '"tideGauge": "modbus://10.20.8.21:502/1"'),
        "package.json": package_json("3.3.2", deps),
        "package-lock.json": package_lock("3.3.2", deps),
    })
    repo.commit(utc("2026-10-27 10:30:00"), kasia, "forecourt: take the controller's heartbeat and warn when it has been silent for 3 minutes (FUEL-52)\n\nThe forecourt controller has posted /api/forecourt/heartbeat every minute\nsince it was installed and we answered 404. A silent controller means\naccount sales are not reaching us; the fuel dock found out from a berth\nholder's statement in September.", {
        "src/fuel/forecourt-heartbeat.ts": """import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

const SILENT_AFTER_S = 180;

@Injectable()
export class ForecourtHeartbeat {
  private readonly log = new Logger(ForecourtHeartbeat.name);
  private last = Date.now();

  beat(): void {
    this.last = Date.now();
  }

  @Cron('* * * * *')
  check(): void {
    const silentS = Math.round((Date.now() - this.last) / 1000);
    if (silentS > SILENT_AFTER_S) {
      this.log.warn({ site: 'SM', silentForS: silentS }, 'forecourt controller heartbeat missed');
    }
  }
}
""",
        "src/fuel/forecourt.controller.ts": sub(repo.files["src/fuel/forecourt.controller.ts"],
                                                "import { Db } from '../db';\n",
                                                "import { Db } from '../db';\nimport { ForecourtHeartbeat } from './forecourt-heartbeat';\n",
                                                "  constructor(private readonly db: Db) {}\n",
                                                "  constructor(private readonly db: Db, private readonly heartbeat: ForecourtHeartbeat) {}\n\n  @Post('heartbeat')\n  beat() {\n    this.heartbeat.beat();\n    return { ok: true };\n  }\n"),
        "src/app.module.ts": sub(repo.files["src/app.module.ts"],
                                 "const jobs = process.env.RUN_JOBS === '1' ? [GateCodesJob, GateCodeRetryJob] : [];\n",
                                 "const jobs = process.env.RUN_JOBS === '1' ? [GateCodesJob, GateCodeRetryJob, ForecourtHeartbeat] : [];\n",
                                 "import { ForecourtController } from './fuel/forecourt.controller';\n",
                                 "import { ForecourtHeartbeat } from './fuel/forecourt-heartbeat';\nimport { ForecourtController } from './fuel/forecourt.controller';\n"),
    })
    deps = dict(deps, pg="8.13.1")
    repo.commit(utc("2026-10-27 16:02:00"), bot, "fix(deps): update dependency pg to v8.13.1", {
        "package.json": package_json("3.3.2", deps),
        "package-lock.json": package_lock("3.3.2", deps),
    })
    repo.commit(utc("2026-10-28 07:40:00"), sam, "config: winter visitor rates from 1 November", {
        "config/rates.json": sub(repo.files["config/rates.json"],
                                 '  "peak": [{ "from": "2026-07-01", "to": "2026-08-31" }],\n',
                                 '  "peak": [{ "from": "2026-07-01", "to": "2026-08-31" }],\n  "winter": { "from": "2026-11-01", "to": "2027-03-31", "perMetreNight": { "SM": 3.10, "PQ": 2.80 } },\n'),
    })
    rel_340 = repo.commit(utc("2026-10-28 07:50:00"), sam, "release 3.4.0", {
        "package.json": package_json("3.4.0", deps),
        "package-lock.json": package_lock("3.4.0", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.4.0\n\n- Saltmere's tide gauge read over Modbus TCP, every minute (TIDE-27).\n- Forecourt controller heartbeat; warn after 3 silent minutes (FUEL-52).\n- Winter visitor rates from 1 November.\n- pg 8.13.1.\n"),
    })
    repo.commit(utc("2026-10-28 11:52:00"), megan, "runbook: east side offline: look at the fuel kiosk's UPS first (INC-318)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               "- Check ap-east-bridge's page: signal and whether it sees fk-bridge.\n",
                               "- Look at the site syslog for ups-fuelkiosk first: if it went on battery,\n  the kiosk has lost its mains (INC-318: a surge tide flooded the floor\n  duct and tripped the RCD; the UPS lasted 36 minutes). Call facilities.\n- Check ap-east-bridge's page: signal and whether it sees fk-bridge.\n"),
    })
    return repo, {"rel_332": rel_332, "rel_340": rel_340}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def G(text):
    """GMT (= UTC) '08:18:40' on Wednesday 28 October -> epoch seconds."""
    return secs(utc(f"2026-10-28 {text}"))


DEPLOY_340 = G("07:56:40")
ROLLBACK = G("08:47:10")
REDEPLOY = G("11:29:50")
ON_BATTERY = G("07:42:13")
LOW_BATTERY = G("08:12:41")
OUTPUT_OFF = G("08:18:40")
PEER_LOST = G("08:18:52")
RCD_RESET = G("10:52:30")
UPS_ON = G("10:53:12")
SWITCH_UP = G("10:53:58")
PEER_BACK = G("10:54:21")
FLAP = (G("06:21:38"), G("06:22:19"))
HW = G("07:38:00")
TODAY = dt.date(2026, 10, 28)
UAS = august.UAS
OFFICE_IP = august.OFFICE_IP


def kiosk_up(x):
    return not (OUTPUT_OFF <= x < SWITCH_UP + 20)


def bridge_up(x):
    return kiosk_up(x) and not (FLAP[0] <= x < FLAP[1]) and not (OUTPUT_OFF <= x < PEER_BACK)


def predicted(x):
    return 2.55 + 2.03 * math.cos(2 * math.pi * (x - HW) / (12.42 * 3600))


def surge(x):
    """Surge residual: builds to +0.66 m at high water, eases after."""
    h = (x - HW) / 3600
    return 0.58 * math.exp(-(h / 3.2) ** 2) + 0.08


def build_logs(rng, shas):
    app = Log("berthdesk.log")
    caddy = Log("caddy-access.log")
    tessel = Log("tessel-events.log")
    syslog = Log("saltmere-syslog.log")
    gauge = Log("tide-gauge-saltmere.log")
    diary = Log("harbour-office-diary.log")
    wo = Log("facilities-workorders.log")
    gha = Log("github-actions-deploy.log")
    teams = Log("teams-berthdesk.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    diary_lines = []

    releases = [(t0 - 1, "3.3.2", shas["rel_332"]), (DEPLOY_340, "3.4.0", shas["rel_340"]),
                (ROLLBACK, "3.3.2", shas["rel_332"]), (REDEPLOY, "3.4.0", shas["rel_340"])]
    containers = {}
    for k, (when, version, sha) in enumerate(releases):
        containers[k] = {"sm-app-2": (when + (0 if k == 0 else 22.1), hexid(rng, 12)), "sm-app-1": (when + (0 if k == 0 else 47.6), hexid(rng, 12))}

    def version_at(x, host="sm-app-1"):
        v = releases[0][1]
        for k, (when, version, sha) in enumerate(releases):
            if containers[k][host][0] <= x:
                v = version
        return v

    def container(x, host):
        cid = containers[0][host][1]
        for k in containers:
            if containers[k][host][0] <= x:
                cid = containers[k][host][1]
        return cid

    req_ids = {}

    def pino(x, level, host, msg, context=None, **kv):
        body = {"level": {"info": 30, "warn": 40, "error": 50}[level], "time": int(round(x * 1000)), "pid": 1, "hostname": container(x, host)}
        if context:
            body["context"] = context
        body.update(kv)
        body["msg"] = msg
        app.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def caddy_line(x, method, uri, status, dur, size, ip, ua, read=0):
        body = {"level": "info", "ts": round(x, 7), "logger": "http.log.access.log0", "msg": "handled request",
                "request": {"remote_ip": ip, "remote_port": str(rng.randint(1024, 65535)), "client_ip": ip,
                            "proto": rng.choice(["HTTP/2.0", "HTTP/2.0", "HTTP/1.1"]), "method": method, "host": "book.saltmeremarinas.co.uk", "uri": uri,
                            "headers": {"User-Agent": [ua]}},
                "bytes_read": read, "user_id": "", "duration": round(dur, 9), "size": size, "status": status,
                "resp_headers": {"Content-Type": ["application/json; charset=utf-8"], "Server": ["Caddy"]}}
        caddy.add(at(x), json.dumps(body, separators=(",", ":")))

    def request(x, method, url, status, rt_ms, ip, ua, host=None, size=None, read=0):
        host = host or rng.choice(["sm-app-1", "sm-app-2"])
        key = container(x, host)
        req_ids[key] = req_ids.get(key, 0) + 1
        y = x + rt_ms / 1000
        pino(y, "info", host, "request completed",
             req={"id": req_ids[key], "method": method, "url": url, "remoteAddress": f"::ffff:10.0.1.{2 if host == 'sm-app-1' else 3}"},
             res={"statusCode": status}, responseTime=rt_ms)
        caddy_line(y + 0.0004, method, url, status, rt_ms / 1000 + 0.0006, size or rng.randint(180, 2400), ip, ua, read=read)
        return host

    def public_ip():
        return rng.choice([f"86.{rng.randint(128, 191)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"82.{rng.randint(0, 47)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"2a00:23c{rng.randint(4, 8)}:{hexid(rng, 4)}:{hexid(rng, 4)}::{hexid(rng, 3)}",
                           f"90.{rng.randint(192, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def rate_poisson(start, end, per_hour_fn):
        out, x = [], start
        peak = max(per_hour_fn(start + i * 600) for i in range(int((end - start) / 600) + 1))
        while True:
            x += rng.expovariate(peak / 3600)
            if x >= end:
                return out
            if rng.random() < per_hour_fn(x) / peak:
                out.append(x)

    def hour(x):
        return at(x).hour + at(x).minute / 60

    # --- the tide gauge's own export -----------------------------------------
    readings = {}
    x = t0 - (t0 % 60)
    while x < t1:
        pred = predicted(x)
        waves = 0.08 + 0.27 * math.exp(-((x - HW) / 3600 / 0.8) ** 2) + rng.uniform(-0.02, 0.03)
        level = pred + surge(x) + rng.uniform(-0.03, 0.03)
        readings[int(x)] = (level, pred, waves)
        if kiosk_up(x) and not (OUTPUT_OFF - 60 < x < UPS_ON + 60):
            qc = "WAVES" if waves > 0.25 else "OK"
            if qc == "WAVES" and "waves_from" not in stats:
                stats["waves_from"] = x
            t = at(x)
            gauge.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} SALTMERE-TG1 level_cd={level:.3f} m pred={pred:.3f} m resid={level - pred:+.3f} m wave_sd={waves:.2f} m qc={qc}")
        x += 60
    gauge.add(at(UPS_ON + 71), f"{at(UPS_ON + 71).strftime('%Y-%m-%d %H:%M:%S')} SALTMERE-TG1 logger restart: power-on reset, clock from RTC, last record 2026-10-28 08:18:00")
    peak = max((v[0], k) for k, v in readings.items() if HW - 600 < k < HW + 900)
    stats["peak"] = (peak[1], peak[0], readings[peak[1]][1])

    # --- site syslog (RFC 3164, UTC) ------------------------------------------
    def sl(x, host, tag, msg, pid=None):
        t = at(x)
        proc = f"{tag}[{pid}]" if pid else tag
        syslog.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {proc}: {msg}")

    # office end of the bridge: signal reports every 15 minutes, worse in the gale
    x = t0 + 240
    while x < t1:
        if bridge_up(x):
            sig = -61 - int(6 * math.exp(-((x - HW) / 3600 / 1.6) ** 2)) + rng.randint(-3, 2)
            sl(x, "ap-east-bridge", "wireless", f"peer fk-bridge signal {sig} dBm, ccq {rng.randint(88, 99)}%, tx {rng.choice([780, 866, 866, 702])} Mbps")
        x += 900 + rng.uniform(-1, 1)
    sl(FLAP[0], "ap-east-bridge", "wireless", "peer fk-bridge lost (beacon timeout, last signal -79 dBm)")
    sl(FLAP[1], "ap-east-bridge", "wireless", "peer fk-bridge connected (signal -64 dBm)")
    sl(PEER_LOST, "ap-east-bridge", "wireless", "peer fk-bridge lost (beacon timeout, last signal -63 dBm)")
    for k in range(1, 9):
        sl(PEER_LOST + k * 900 + rng.uniform(0, 3), "ap-east-bridge", "wireless", "no peer: scanning for fk-bridge")
    sl(PEER_BACK, "ap-east-bridge", "wireless", "peer fk-bridge connected (signal -62 dBm)")
    # the kiosk switch
    x = t0 + 1500
    while x < t1:
        if kiosk_up(x):
            sl(x, "sw-fuelkiosk", "switch", f"PoE budget: {rng.uniform(61, 66):.1f} W of 120 W used, 6 ports powered, temp {rng.randint(21, 27)} C")
        x += 3600 + rng.uniform(-2, 2)
    sl(FLAP[0] + 1.3, "sw-fuelkiosk", "switch", "port 8 (fk-bridge) STP topology change")
    sl(SWITCH_UP, "sw-fuelkiosk", "switch", "cold start: system booted, firmware 2.6.3")
    for k, (port, name, watts) in enumerate([(1, "sm-gate-e", 7.1), (2, "sm-gate-f", 7.3), (3, "sm-gate-g", 6.9), (4, "tide-gauge", 4.2), (5, "forecourt", 11.8), (6, "cam-fueldock", 9.6)]):
        sl(SWITCH_UP + 9 + k * 0.6, "sw-fuelkiosk", "switch", f"port {port} ({name}) PoE power on, class {3 if watts > 7 else 2}, {watts} W")
        sl(SWITCH_UP + 12 + k * 0.6, "sw-fuelkiosk", "switch", f"port {port} ({name}) link up 100M full")
    sl(SWITCH_UP + 14.1, "sw-fuelkiosk", "switch", "port 8 (fk-bridge) link up 1G full")
    # the kiosk UPS's network card
    sl(G("05:31:00"), "ups-fuelkiosk", "ups", "UPS: Passed a self-test.")
    sl(G("05:31:00") + 0.4, "ups-fuelkiosk", "ups", "UPS: Battery capacity 100%, runtime 41 min at 16% load.")
    sl(ON_BATTERY, "ups-fuelkiosk", "ups", "UPS: Switched to battery: input power failure.")
    sl(ON_BATTERY + 0.2, "ups-fuelkiosk", "ups", "UPS: Input voltage 0.0 VAC, output 230.1 VAC, load 16%, runtime 41 min.")
    for m, (cap, rt) in enumerate([(82, 33), (63, 25), (44, 17), (26, 10)], 1):
        sl(ON_BATTERY + m * 360 + rng.uniform(0, 2), "ups-fuelkiosk", "ups", f"UPS: On battery {m * 6} min, capacity {cap}%, runtime {rt} min.")
    sl(LOW_BATTERY, "ups-fuelkiosk", "ups", "UPS: Low battery: runtime below the 5 min threshold.")
    sl(OUTPUT_OFF - 60, "ups-fuelkiosk", "ups", "UPS: Low battery shutdown in 60 s.")
    sl(OUTPUT_OFF, "ups-fuelkiosk", "ups", "UPS: Output turned off: battery exhausted.")
    sl(UPS_ON - 28, "ups-fuelkiosk", "nmc", "System: Network management card cold start.")
    sl(UPS_ON - 20, "ups-fuelkiosk", "ups", "UPS: Input power restored, 236.4 VAC.")
    sl(UPS_ON, "ups-fuelkiosk", "ups", "UPS: Output turned on.")
    sl(UPS_ON + 0.5, "ups-fuelkiosk", "ups", "UPS: Battery capacity 3%, charging.")
    sl(UPS_ON + 1800 + rng.uniform(0, 5), "ups-fuelkiosk", "ups", "UPS: Battery capacity 58%, charging.")
    sl(UPS_ON + 3600 + rng.uniform(0, 5), "ups-fuelkiosk", "ups", "UPS: Battery capacity 81%, charging.")
    # the office: firewall DHCP, switch, NAS
    for x in rate_poisson(t0, t1, lambda x: 6 if 7 <= hour(x) < 17 else 2):
        mac = ":".join(hexid(rng, 2) for _ in range(6))
        sl(x, "fw-saltmere", "dhcpd", f"DHCPACK on 10.20.1.{rng.randint(20, 120)} to {mac} via igb1", pid=41877)
    for x in rate_poisson(t0, t1, lambda x: 1.5):
        sl(x, "sw-office", "switch", f"port {rng.randint(1, 16)} link {rng.choice(['up 1G full', 'down'])}")
    sl(G("05:30:05"), "nas-office", "synology", "[Backup] task 'office-daily' finished, 12.4 GB")
    sl(G("06:00:02"), "fw-saltmere", "configd.py", "[cron] running 'update_tables' for aliases", pid=312)

    # --- Tessel event log (GMT) ------------------------------------------------
    def tl(x, controller, event, text):
        t = at(x)
        tessel.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S')} | {controller} | {event} | {text}")

    WEST = ["SM-GATE-A", "SM-GATE-B", "SM-GATE-C", "SM-GATE-D"]
    EAST = ["SM-GATE-E", "SM-GATE-F", "SM-GATE-G"]
    PQ = ["PQ-GATE-1", "PQ-GATE-2"]
    holders = [f"BH-SM-{n:04d}" for n in rng.sample(range(1, 1250), 402)]
    pq_holders = [f"BH-PQ-{n:04d}" for n in rng.sample(range(1, 600), 150)]
    staff = [f"ST-{n:03d}" for n in range(1, 44)]
    offline_from = {g: OUTPUT_OFF + 60 + rng.uniform(0.5, 9) for g in EAST}
    online_at = {g: SWITCH_UP + 33 + rng.uniform(0, 40) for g in EAST}
    stats["offline_from"] = min(offline_from.values())
    for g in WEST + EAST + PQ:
        x = t0 + rng.uniform(0, 120)
        while x < t1:
            busy = 1 + 1.2 * math.exp(-((x - HW - 1800) / 3600 / 1.5) ** 2)  # berth holders checking lines in the gale
            rate = (0.05 if hour(x) < 6.5 else 0.32 * busy) * (0.5 if g in PQ else 1.0)
            x += rng.expovariate(rate / 60)
            if x >= t1:
                break
            if g in EAST and offline_from[g] - 60 <= x < online_at[g]:
                continue
            r = rng.random()
            if r < 0.01:
                tl(x, g, "ACCESS", "denied: unknown PIN")
            elif r < 0.03:
                tl(x, g, "DOOR", f"held open {rng.randint(31, 95)} s")
            elif r < 0.2:
                tl(x, g, "ACCESS", "granted: exit button")
            elif r < 0.3:
                tl(x, g, "ACCESS", f"granted: user {rng.choice(staff)} (fob) entry")
            elif r < 0.36 and g not in PQ:
                tl(x, g, "ACCESS", f"granted: user V-SM-{rng.randint(26100, 26480)} (PIN) entry")
            else:
                tl(x, g, "ACCESS", f"granted: user {rng.choice(holders if g not in PQ else pq_holders)} (fob) entry")
    store = {"SM": 611, "PQ": 239}
    store_timeline = [(t0 - 1, 611)]
    for g in EAST:
        tl(offline_from[g], g, "COMMS", "controller offline (no heartbeat for 60 s)")

    # --- berthdesk ---------------------------------------------------------------
    def sm_tide(x):
        """One poll of Saltmere's gauge from sm-app-1 at x."""
        v = version_at(x)
        ok = kiosk_up(x - 1) and bridge_up(x)
        key = int(x - (x % 60))
        lvl, pred, _ = readings.get(key, (predicted(x) + surge(x), predicted(x), 0))
        if ok:
            pino(x + rng.uniform(0.03, 0.2), "info", "sm-app-1", "tide reading", "TideService", gauge="SM", levelCdM=round(lvl, 2), predictedCdM=round(pred, 2))
            return
        if v == "3.4.0":
            err_msg = "connect EHOSTUNREACH 10.20.8.21:502" if not kiosk_up(x - 1) else "Timed out"
            y = x + (3.05 if "EHOST" in err_msg else 4.0) + rng.uniform(0, 0.1)
            pino(y, "error", "sm-app-1", "tide gauge unreachable", "TideService", gauge="SM",
                 err={"type": "PortNotOpenError" if "EHOST" in err_msg else "TransactionTimedOutError", "message": err_msg,
                      "stack": f"{'PortNotOpenError' if 'EHOST' in err_msg else 'TransactionTimedOutError'}: {err_msg}\n    at Socket.<anonymous> (/app/node_modules/modbus-serial/ports/tcpport.js:136:28)\n    at readModbus (/app/dist/src/tide/tide.service.js:58:18)\n    at async TideService.poll (/app/dist/src/tide/tide.service.js:27:31)"})
        else:
            err_msg = "connect EHOSTUNREACH 10.20.8.21:80" if not kiosk_up(x - 1) else "timeout of 5000ms exceeded"
            y = x + (3.05 if "EHOST" in err_msg else 5.0) + rng.uniform(0, 0.1)
            pino(y, "warn", "sm-app-1", "tide gauge poll failed", "TideService", gauge="SM", err=f"AxiosError: {err_msg}")

    x = t0 + 60
    while x < t1:
        v = version_at(x)
        period = 60 if v == "3.4.0" else 120
        if int(x) % period == 0:
            sm_tide(x)
            lvl = 2.05 + 1.6 * math.cos(2 * math.pi * (x - G("08:01:00")) / (12.42 * 3600)) + 0.55 * math.exp(-((x - G("08:01:00")) / 3600 / 3) ** 2)
            pred_pq = 2.05 + 1.6 * math.cos(2 * math.pi * (x - G("08:01:00")) / (12.42 * 3600))
            pino(x + rng.uniform(0.25, 0.5), "info", "sm-app-1", "tide reading", "TideService", gauge="PQ", levelCdM=round(lvl + rng.uniform(-0.03, 0.03), 2), predictedCdM=round(pred_pq, 2))
        x += 60
    # forecourt heartbeats: the controller posts every minute; 404 until FUEL-52
    hb_ip = OFFICE_IP["SM"]
    x = t0 + 17.3
    while x < t1:
        if kiosk_up(x) and bridge_up(x):
            status = 201 if version_at(x, "sm-app-2") == "3.4.0" else 404
            request(x, "POST", "/api/forecourt/heartbeat", status, rng.randint(2, 6), hb_ip, "TokheimForecourt/4.2", size=16 if status == 201 else 92, read=118)
        x += 60 + rng.uniform(-0.05, 0.05)
    last_hb = max(x for x in (t0 + 17.3 + 60 * k for k in range(500)) if x < OUTPUT_OFF)
    stats["last_hb"] = last_hb
    # FUEL-52's check, on sm-app-1 while 3.4.0 runs
    x = t0 + 60
    while x < t1:
        if version_at(x) == "3.4.0" and x - containers[1]["sm-app-1"][0] > 180:
            silent = None
            if OUTPUT_OFF <= x < SWITCH_UP + 60:
                silent = x - last_hb
            if silent and silent > 180:
                pino(x + rng.uniform(0.001, 0.01), "warn", "sm-app-1", "forecourt controller heartbeat missed", "ForecourtHeartbeat", site="SM", silentForS=int(round(silent)))
        x += 60
    # gate codes: today's arrivals and tomorrow's at confirmation; the 06:00 run
    seq = [26481]

    def new_ref():
        seq[0] += 1
        return f"SM-{seq[0]}"

    def issue(x, host, ref, arrive, nights):
        valid_from = f"{arrive.isoformat()}T12:00:00.000+{'01' if arrive < dt.date(2026, 10, 25) else '00'}:00"
        valid_to = f"{(arrive + dt.timedelta(days=nights)).isoformat()}T14:00:00.000+00:00"
        queued = [g for g in EAST if offline_from[g] <= x + 0.4 < online_at[g]]
        y = x + rng.uniform(0.4, 0.9)
        store["SM"] += 1
        store_timeline.append((y, store["SM"]))
        for k, g in enumerate(WEST + EAST):
            if g in queued:
                continue
            tl(y + 0.1 + k * rng.uniform(0.05, 0.3), g, "SYNC", f"user V-{ref} added (valid {arrive.strftime('%d/%m/%Y')} 12:00 to {(arrive + dt.timedelta(days=nights)).strftime('%d/%m/%Y')} 14:00), store {store['SM']}/1000")
        if queued:
            pending_east.append((y, ref))
        pino(y + 0.3, "info", host, "gate code issued", "GateCodesService", ref=ref, doorGroup="SM-PONTOONS", validFrom=valid_from, validTo=valid_to,
             queued=len(queued), requestId=f"tsl-{hexid(rng, 8)}-{hexid(rng, 4)}")
        if queued:
            pino(y + 0.31, "warn", host, "gate code queued: controller offline", "GateCodesService", ref=ref, doorGroup="SM-PONTOONS", controllers=",".join(queued))
        return y + 0.35

    pending_east = []
    boats = list(august.BOATS)
    rng.shuffle(boats)
    # 06:00 run
    y = G("06:00:00") + 0.1
    for i in range(7):
        y += rng.uniform(0.3, 0.7)
        ref = f"SM-{rng.randint(26050, 26420)}"
        store["SM"] -= 1
        store_timeline.append((y, store["SM"]))
        for k, g in enumerate(WEST + EAST):
            tl(y + 0.2 + k * 0.1, g, "SYNC", f"user V-{ref} removed, store {store['SM']}/1000")
        pino(y + 0.5, "info", "sm-app-1", "gate code revoked", "GateCodesService", ref=ref, doorGroup="SM-PONTOONS")
    for i in range(3):
        ref = f"SM-{rng.randint(26300, 26470)}"
        y = issue(y + 0.6, "sm-app-1", ref, TODAY + dt.timedelta(days=1), rng.choice([1, 2, 3]))
        pino(y + 0.4, "info", "sm-app-1", "booking e-mail sent", "Mailer", ref=ref, template="gate-code")
    pino(y + 0.6, "info", "sm-app-1", "gate codes daily run", "GateCodesJob", removed=7, issued=3, failed=0)
    for h, m in [(h, m) for h in range(5, 13) for m in (0, 15, 30, 45)]:
        x = G(f"{h:02d}:{m:02d}:00")
        if t0 < x < t1:
            pino(x + 0.05, "info", "sm-app-1", "gate code retry run", "GateCodeRetryJob", pending=0, issued=0)
    # bookings (quiet season, a gale)
    bookings = rate_poisson(t0, t1, lambda x: 0.4 if hour(x) < 7 else (2.2 if hour(x) < 9 else 2.8))
    forced = {G("08:26:40"): False, G("08:41:20"): True, G("09:26:05"): True}  # arriving today, during the outage
    bookings += list(forced)
    for x in sorted(bookings):
        desk = 8 <= hour(x) and rng.random() < 0.35
        r = rng.random()
        arrive = TODAY if r < 0.2 else (TODAY + dt.timedelta(days=1) if r < 0.35 else TODAY + dt.timedelta(days=rng.randint(2, 40)))
        if x in forced:
            arrive, desk = TODAY, forced[x]
        nights = rng.choice([1, 1, 2, 2, 3, 7])
        ref = new_ref()
        host = rng.choice(["sm-app-1", "sm-app-2"])
        boat = boats[seq[0] % len(boats)]
        loa = round(rng.uniform(7.8, 14.2), 1)
        ip, ua = public_ip(), rng.choice(UAS)
        if not desk:
            for k in range(rng.randint(1, 2)):
                request(x - rng.uniform(60, 300) + k * 25, "GET", f"/api/availability?marina=SM&arrive={arrive.isoformat()}&nights={nights}&loa={loa}", 200, rng.randint(15, 90), ip, ua)
            request(x - rng.uniform(20, 50), "POST", "/api/bookings", 201, rng.randint(30, 80), ip, ua, read=rng.randint(380, 600))
            pino(x - 0.05, "info", host, "stripe event", "StripeWebhookController", type="payment_intent.succeeded", id=f"evt_3Q{hexid(rng, 22)}")
        pino(x, "info", host, "booking confirmed", "BookingsService", ref=ref, marina="SM", arrive=arrive.isoformat(), nights=nights, boat=boat, loaM=loa, source="desk" if desk else "web")
        if arrive <= TODAY + dt.timedelta(days=1):
            y = issue(x, host, ref, arrive, nights)
            gate = "included"
        else:
            y = x + rng.uniform(0.01, 0.04)
            pino(y, "info", host, "gate code deferred to the day before arrival", "GateCodesService", ref=ref, arrive=arrive.isoformat())
            gate = "day before arrival"
        y += rng.uniform(0.3, 1.0)
        pino(y, "info", host, "booking e-mail sent", "Mailer", ref=ref, template="booking-confirmation", gateCode=gate)
        if desk:
            request(x - 0.08, "POST", "/api/desk/bookings", 201, int((y - x) * 1000) + 12, OFFICE_IP["SM"], august.OFFICE_UA, host=host, read=420)
            diary_lines.append((x + rng.uniform(30, 90), "JH", "DESK", f"'{boat}' ({loa} m) booked {nights} night(s) from {arrive.strftime('%d/%m')}, {ref}"))
        else:
            request(x - 0.06, "POST", "/webhooks/stripe", 201, int((y - x) * 1000) + 5, "3.18.12.63", "Stripe/1.0 (+https://stripe.com/docs/webhooks)", host=host, read=3300)
    # hourly status from each controller
    store_timeline.sort()

    def users_at(x):
        n = store_timeline[0][1]
        for when, c in store_timeline:
            if when > x:
                break
            n = c
        return n

    for k, g in enumerate(WEST + EAST + PQ):
        x = t0 + 70 + k * 6.1
        while x < t1:
            if not (g in EAST and offline_from[g] - 60 <= x < online_at[g]):
                tl(x, g, "STATUS", f"online, users {239 if g in PQ else users_at(x)}/1000, fw 3.4.12, PoE {rng.uniform(47.5, 48.4):.1f} V, enclosure {rng.randint(8, 14)} C")
            x += 3600 + rng.uniform(-2, 2)
    # queued codes applied when the east gates come back
    for g in EAST:
        tl(online_at[g], g, "COMMS", f"controller online, {len(pending_east)} queued changes applied, 0 offline events uploaded")
        tl(online_at[g] + 1.2, g, "STATUS", f"online, users {users_at(online_at[g])}/1000, fw 3.4.12, PoE {rng.uniform(47.5, 48.4):.1f} V, enclosure {rng.randint(8, 14)} C")
    stats["pending_east"] = len(pending_east)
    stats["online"] = max(online_at.values())
    # web: tide widget (busy in a gale) and availability searches
    for x in rate_poisson(t0, t1, lambda x: 90 if 6 <= hour(x) < 11 else 40):
        code = "SM" if rng.random() < 0.75 else "PQ"
        request(x, "GET", f"/api/tide/{code}", 200, rng.randint(2, 9), public_ip(), rng.choice(UAS), size=rng.randint(310, 360))
    for x in rate_poisson(t0, t1, lambda x: 30 if 7 <= hour(x) < 12 else 8):
        d = TODAY + dt.timedelta(days=rng.randint(0, 60))
        request(x, "GET", f"/api/availability?marina={'SM' if rng.random() < 0.7 else 'PQ'}&arrive={d.isoformat()}&nights={rng.choice([1, 2, 2, 3, 7])}&loa={round(rng.uniform(7.5, 15), 1)}",
                200, rng.randint(15, 120), public_ip(), rng.choice(UAS))
    # starts at each deploy
    for k, (when, version, sha) in enumerate(releases[1:], 1):
        for host in ("sm-app-2", "sm-app-1"):
            y = containers[k][host][0] + rng.uniform(2.1, 3.4)
            pino(y, "info", host, "Starting Nest application...", "NestFactory")
            pino(y + 0.3, "info", host, "Nest application successfully started", "NestApplication")
            pino(y + 0.32, "info", host, "berthdesk started", "Bootstrap", version=version, commit=sha[:7], jobs=host == "sm-app-1")

    # --- GitHub Actions -------------------------------------------------------------
    def gh(x, text):
        t = at(x + rng.uniform(0, 0.09))
        gha.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    runs = [(DEPLOY_340, "v3.4.0", shas["rel_340"], "push", 11508823314), (ROLLBACK, "v3.3.2", shas["rel_332"], "workflow_dispatch", 11509371172),
            (REDEPLOY, "v3.4.0", shas["rel_340"], "workflow_dispatch", 11512040597)]
    for when, tag, sha, trigger, run_id in runs:
        x = when - 116.0
        gh(x, "Requested labels: ubuntu-24.04")
        gh(x + 0.01, f"Job defined at: saltmere-marinas/berthdesk/.github/workflows/deploy.yml@refs/{'tags/' + tag if trigger == 'push' else 'heads/main'}")
        gh(x + 0.02, "Waiting for a runner to pick up this job...")
        gh(x + 2.9, f"Job is about to start running on the runner: GitHub Actions {rng.randint(10, 60)} (hosted)")
        gh(x + 3.8, "##[group]Run actions/checkout@v4")
        gh(x + 5.1, f"HEAD is now at {sha[:7]} release {tag[1:]}")
        gh(x + 5.2, "##[endgroup]")
        gh(x + 5.3, f"##[group]Run docker build --build-arg GIT_SHA=$(git rev-parse --short HEAD) -t ghcr.io/saltmere-marinas/berthdesk:{tag} .")
        gh(x + 58.7, f"#14 naming to ghcr.io/saltmere-marinas/berthdesk:{tag} done")
        gh(x + 58.8, "##[endgroup]")
        gh(x + 58.9, f"##[group]Run docker push ghcr.io/saltmere-marinas/berthdesk:{tag}")
        gh(x + 72.4, f"{tag}: digest: sha256:{hexid(rng, 64)} size: 2204")
        gh(x + 72.5, "##[endgroup]")
        gh(x + 72.6, f"##[group]Run ./deploy/deploy.sh {tag}")
        for host, off in (("sm-app-2", 22.1), ("sm-app-1", 47.6)):
            y = when + off - 5.4
            gh(y, " Container berthdesk-app-1  Recreate")
            gh(y + 3.8, " Container berthdesk-app-1  Recreated")
            gh(y + 4.1, " Container berthdesk-app-1  Starting")
            gh(y + 5.0, " Container berthdesk-app-1  Started")
        gh(when + 69.8, "##[endgroup]")
        gh(when + 70.1, f"Deployed berthdesk {tag} ({sha[:7]}) to sm-app-2, sm-app-1 [run {run_id}, {trigger} by samokafor]")
        gh(when + 70.6, "Cleaning up orphan processes")

    # --- facilities work orders ----------------------------------------------------
    def w(x, number, status, location, summary, **kv):
        body = {"ts": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "wo": number, "site": "Saltmere", "location": location, "status": status, "summary": summary}
        body.update(kv)
        wo.add(at(x), json.dumps(body, ensure_ascii=False))

    w(G("06:48:00"), "WO-2287", "open", "D pontoon", "D-19 cleat loose, berth holder reports in the gale", priority="P3", reported_by="night security")
    w(G("07:15:00"), "WO-2288", "open", "Boatyard", "Travel hoist: lifts cancelled today (wind over 25 kn)", priority="P3", reported_by="M. Reid")
    w(G("08:05:00"), "WO-2287", "in progress", "D pontoon", "D-19 cleat: temporary lashing, replacement when the wind drops", assigned="R. Tanner")
    w(G("09:47:40"), "WO-2291", "open", "Fuel kiosk", "No power in the fuel kiosk: RCD tripped, seawater in the floor cable duct, UPS flat", priority="P1", reported_by="R. Tanner")
    w(G("09:58:10"), "WO-2291", "assigned", "Fuel kiosk", "Hythe Electrical called out, ETA 10:30", assigned="Hythe Electrical")
    w(G("10:36:30"), "WO-2291", "in progress", "Fuel kiosk", "Electrician on site")
    w(G("10:52:50"), "WO-2291", "in progress", "Fuel kiosk", "Floor box isolated and duct pumped out; insulation test on kiosk circuits OK; RCD reset 10:52, UPS charging")
    w(G("11:21:00"), "WO-2291", "completed", "Fuel kiosk", "Power restored. Follow-up WO-2292", labour_h=1.2)
    w(G("11:23:30"), "WO-2292", "open", "Fuel kiosk", "Seal the floor cable duct under the kiosk door; move the UPS off the floor onto the shelf", priority="P2", reported_by="Hythe Electrical")

    # --- harbour office diary (GMT) ----------------------------------------------
    def d(x, who, ch, text):
        diary.add(at(x), f"{at(x).strftime('%d/%m/%Y %H:%M')} [{who}] {ch} | {text}")

    pk = stats["peak"]
    entries = [
        (G("05:40:00"), "NS", "DESK", "Night security: SE gale all night. Checked lines on E, F and G at 04:30, doubled up E-7 and F-22. EA flood alert for the Hamble estuary for the 07:38 HW"),
        (G("06:32:00"), "JH", "WX", "SE 7 to 8, gusting 9. HW 07:38 4.6 m predicted, Met Office surge +0.5 to +0.7 m. LW 13:52"),
        (G("06:50:00"), "JH", "DESK", "Travel hoist lifts cancelled (wind). Boatyard informed the 3 owners"),
        (G("07:04:00"), "JH", "FUEL", "Fuel dock closed today: waves breaking over the fuel quay"),
        (G("07:31:00"), "JH", "VHF80", "Securite: Saltmere fuel quay closed, waves overtopping, keep clear"),
        (G("07:46:00"), "MR", "DESK", "Fuel kiosk lights went out, spray all over the quay. Will look when the tide drops"),
        (G("08:24:00"), "JH", "PHONE", "Mr Haines (F-12): fob does nothing at F gate, keypad dark"),
        (G("08:27:00"), "JH", "PHONE", "E-30: E gate won't open, keypad dark"),
        (G("08:29:00"), "JH", "DESK", "G-4 came to the office: G gate dead too. Reported on Teams"),
        (G("08:35:00"), "JH", "DESK", "Master key for E/F/G signed out to berth holders at the office (E-30, F-12, G-4)"),
        (G("09:06:00"), "JH", "DESK", "Rob (facilities) to check the kiosk bridge dish when the waves drop"),
        (G("09:45:00"), "MR", "DESK", "Rob: kiosk flooded through the cable duct, RCD tripped, UPS dead. Electrician called (WO-2291)"),
        (G("10:57:00"), "JH", "DESK", "E, F and G gates working again. Master key back"),
        (G("11:10:00"), "JH", "VHF80", "Securite: fuel quay remains closed today"),
        (G("12:05:00"), "JH", "WX", "SE 6 to 7 easing. Next HW 19:57"),
    ]
    diary_lines.extend(entries)
    for x in sorted(rng.uniform(G("06:40:00"), G("12:20:00")) for _ in range(12)):
        diary_lines.append((x, rng.choice(["JH", "MR"]), "VHF80", f"'{rng.choice(boats)}' {rng.choice(['checking lines on', 'staying on board,', 'asks about the fuel dock,', 'asks about the hoist,'])} {rng.choice('ABCDEFG')}-{rng.randint(2, 40)}"))
    for x, who, ch, text in diary_lines:
        d(x, who, ch, text)

    # --- #berthdesk (Teams) ------------------------------------------------------
    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "channel": "berthdesk", "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    say(G("06:24:00"), "Megan Hale", "east bridge dropped for ~40 s at 06:21 in a gust, back on its own. keeping an eye on it (INC-143 was a day like this)")
    say(G("07:59:00"), "Sam Okafor", "berthdesk 3.4.0 is out (07:58): Saltmere gauge over Modbus every minute (TIDE-27), forecourt heartbeat (FUEL-52), winter rates, pg 8.13.1")
    say(G("08:31:00"), "Jess Hartley", "E, F and G gates are dead since about 08:20, fobs do nothing and the keypads are dark. berth holders want to check their boats. was there a release this morning?")
    say(G("08:36:00"), "Sam Okafor", "3.4.0 at 07:58. berthdesk has 'tide gauge unreachable' (Modbus, EHOSTUNREACH) since 08:19, 'forecourt controller heartbeat missed' since 08:22 and 'gate code queued: controller offline' for E/F/G. two of those are new in 3.4.0. runbook says roll back first, doing that")
    say(G("08:40:00"), "Jess Hartley", "lending the master key to the E/F/G berth holders meanwhile")
    say(G("08:50:00"), "Sam Okafor", "3.3.2 back on both hosts (08:49). tide now says 'tide gauge poll failed' EHOSTUNREACH on port 80, the heartbeat warning is gone because 3.3.2 doesn't check. gates still offline in Tessel")
    say(G("08:57:00"), "Sam Okafor", "so not 3.4.0: the gate controllers don't talk to berthdesk at all, and the gauge doesn't answer on HTTP either. Tessel has SM-GATE-E, F and G offline since 08:19, A-D and Pennock fine. runbook's other suspect is the kiosk bridge")
    say(G("09:01:00"), "Megan Hale", "ap-east-bridge: peer fk-bridge lost at 08:18:52, scanning since. dish moved in the gale like INC-143?")
    say(G("09:04:00"), "Megan Hale", "@Rob Tanner can you look at the fuel kiosk dish when it's safe on the quay?")
    say(G("09:09:00"), "Rob Tanner", "not yet, waves still coming over the fuel quay. after half nine when the tide's dropped a bit")
    say(G("09:19:00"), "Sam Okafor", f"reading the site syslog: ups-fuelkiosk 'Switched to battery: input power failure' at 07:42:13, low battery at 08:12, 'Output turned off: battery exhausted' at 08:18:40. the bridge lost its peer 12 s after that. the kiosk has had no mains since 07:42, it's not the dish")
    say(G("09:23:00"), "Sam Okafor", f"the gauge logged {pk[1]:.2f} m at {at(pk[0]).strftime('%H:%M')} against {pk[2]:.2f} predicted, wave flag since {at(stats['waves_from']).strftime('%H:%M')}, and the diary has waves over the fuel quay and the kiosk lights out at 07:45. @Rob Tanner look for water in the kiosk / a tripped RCD rather than the dish")
    say(G("09:42:00"), "Rob Tanner", "in the kiosk: floor's wet, seawater came in through the cable duct under the door. RCD for the kiosk board tripped, UPS dead flat. not resetting it wet, calling Hythe Electrical (WO-2291)")
    say(G("09:47:00"), "Tom Reeve", "thanks. Jess, keep the master key going for E/F/G. Sam, anything to do in berthdesk?")
    say(G("09:49:00"), "Sam Okafor", f"no. codes issued meanwhile are queued in Tessel ({sum(1 for y, _ in pending_east if y < G('09:49:00'))} so far) and go to E/F/G when they're back. I'll put 3.4.0 back once the kiosk is up")
    say(G("10:53:00"), "Rob Tanner", "electrician isolated the floor box, pumped the duct, insulation test fine, RCD reset 10:52. UPS charging")
    say(G("10:57:00"), "Sam Okafor", f"switch up 10:54, bridge back 10:54:21, Tessel has E, F, G online ({at(stats['online']).strftime('%H:%M:%S')}) with the queued codes applied, gauge reading again, forecourt heartbeats back")
    say(G("11:31:00"), "Sam Okafor", "3.4.0 deployed again (11:30), Modbus readings fine. nothing to change in berthdesk. INC-318")
    say(G("11:40:00"), "Rob Tanner", "follow-up WO-2292: seal the duct, get the UPS off the floor")
    say(G("11:53:00"), "Megan Hale", "runbook: UPS first for the east side (pushed)")
    return [app, caddy, tessel, syslog, gauge, diary, wo, gha, teams], stats


def build(out_dir):
    rng = random.Random(96200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(PEER_LOST).replace(microsecond=0)
        pk = stats["peak"]
        return write_scenario(
            out_dir, name="r96-fuel-kiosk-surge-power-none", service=SERVICE, onset=onset,
            description="""
Saltmere Marina's east side goes dark on Wednesday 28 October 2026 in a
south-easterly gale: from 08:18 GMT (= UTC) the pontoon gates E, F and G
are offline in Tessel and stay locked (berth holders are lent the master
key), the Saltmere tide gauge stops answering and the fuel dock's
forecourt controller goes silent. berthdesk 3.4.0 had been deployed at
07:58; it was rolled back to 3.3.2 at 08:49 without effect. Power was
restored at the fuel kiosk at 10:52, everything was back by 10:56 and
3.4.0 was deployed again at 11:30. All times are GMT (UTC).
""",
            logs=logs,
            line_formats={
                "tessel-events.log": r'<Date> <Time> \| <Controller> \| <Event> \| <Content>',
                "tide-gauge-saltmere.log": r'<Date> <Time> <Station> <Content>',
                "harbour-office-diary.log": r'<Date> <Time> \[<Who>\] <Channel> \| <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'UPS: Switched to battery: input power failure',
                r'UPS: Output turned off: battery exhausted',
                r'RCD tripped, seawater in the floor cable duct',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A south-easterly gale on a spring tide put {pk[1] - pk[2]:.2f} m
of surge on the 07:38 high water (the gauge read {pk[1]:.2f} m at {at(pk[0]).strftime('%H:%M')} against
{pk[2]:.2f} m predicted) and waves broke over the fuel quay. At 07:42 seawater
got into the fuel kiosk's floor cable duct and the kiosk board's RCD
tripped; the kiosk's UPS ("UPS: Switched to battery: input power failure"
at 07:42:13) carried the PoE switch, gates E, F and G, the tide gauge, the
forecourt controller and the bridge to the office for 36 minutes, then
turned its output off ("UPS: Output turned off: battery exhausted" at
08:18:40). Everything behind the kiosk switch went at once: the bridge
lost its peer, Tessel had the three controllers offline (fail-secure
gates, locked), berthdesk's gauge polls got EHOSTUNREACH and the
forecourt's heartbeats stopped. Facilities found the kiosk floor wet and
the RCD tripped (work order WO-2291, "RCD tripped, seawater in the floor
cable duct, UPS flat"); the electrician isolated the floor box and reset
the RCD at 10:52 and everything was back by 10:56. Nothing in berthdesk was
changed.
Decoys: release 3.4.0, deployed at 07:58, 21 minutes before the onset
(TIDE-27, Saltmere's gauge over Modbus TCP every minute, the very gauge
reading code, whose "tide gauge unreachable" error fills the log; FUEL-52,
which adds the very "forecourt controller heartbeat missed" warning; winter
rates in config/rates.json; a pg bump), rolled back to 3.3.2 at 08:49
without effect (the tide error changes its wording, the heartbeat warnings
stop because 3.3.2 has no check) and deployed again at 11:30; GATE-71 in
3.3.2, which adds the "gate code queued: controller offline" warning; the
runbook section that reads the east side offline as the kiosk bridge's
dish (INC-143) or a release; the bridge's real 40-second drop in a gust at
06:21; the kiosk lights going out at 07:45, put down to spray; a passed
UPS self-test at 05:31.
""",
        )
    finally:
        repo.close()
