"""vendhub (TypeScript on Node 20, Fastify, pino JSON; Vendel Automaten's
back end, the same service as in `r93-preauth-planogram-max` three months
later) is the payment host of the machines' TapVend readers, serves their
configuration, ingests telemetry, DEX audits and the machines' events, and
plans the depots' restock routes; the drivers' handhelds post every restock
visit to it.

The cold drink machines are spiral glass-fronts (Sielaff FK 185 and Necta
Samba Top Cold) whose 33 cl cans stand in can spirals under the tray above.
When the spiral turns, the can falls past the drop sensor; if the sensor
sees nothing the machine turns once more, reports a vend failure (the
reader charges nothing) and, after two failures in a row, blocks the
selection.

Lowlands Beverage Partners moves Fizz Cola and Fizz Cola Zero 33 cl from
the standard can (115 mm high, 66 mm across) to the sleek can (146 mm, 58
mm) from week 26; Vendel's purchasing enters the new GTINs in the depot's
WMS as the same articles on Wednesday 24 June 2026, and the first pallets
reach depot Utrecht that afternoon. Nobody tells fleet ops. Thursday 25
June (a heatwave, 33 C) the drivers load the sleek cans into the can
spirals of the cold drink machines on their routes; once the standard cans
still at the front of a spiral are sold, a sleek can tips forward, wedges
against the tray above and never reaches the drop sensor: "selection 31:
vend failed, no product detected by drop sensor", the selection is blocked
after the second, and the handhelds had recorded the new GTIN as the same
article.

vendhub 2.31.0 (cut on Wednesday after the 16:00 cut-off: CASH-301, the
authorisation voided at once on a vend failure, in the very vend failure
handling; OPS-52, which warns for every selection a machine blocks and opens
a technician job, the line that fills the log; ROUTE-112, a warning for
every GTIN a driver scans that is not in the planogram; a fastify bump) is
synced at 06:52 CEST. The first failure is at 07:04 at St. Jacobus hospital.
Lotte (on call) follows Tuesday's runbook (vend failures after a release:
roll back) and rolls back to 2.30.2 at 09:12 without effect; fleet ops
unblocks the blocked selections from the console, and they fail and block
again; the heat (cabinet temperature alarms at the stations) and a snack
machine's broken spiral motor are blamed in turn. Bram sees that every
failure is a Fizz Cola selection of a cold drink machine restocked that
morning, with the new GTIN in the visit; the depot names the sleek cans; a
technician at Ziekenhuis Rijnzicht finds them wedged in the spirals. Fleet ops
has the drivers move the sleek cans to the 50 cl bottle spirals with the
tall spacer and the depot holds the rest; 2.31.0 is synced again at 11:41.
Nothing in vendhub is changed.

Sources: vendhub (pino JSON), the TapVend readers' journals (line format),
ingress-nginx access, depot Utrecht's WMS transaction log (line format),
field service work orders (JSON lines), Argo CD (logfmt), support tickets
(Freshdesk export, JSON lines), #vendhub-oncall (Slack export, JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores, package_lock
from scenarios import r93_preauth_planogram_max as march

SERVICE = "vendhub"
CEST = dt.timezone(dt.timedelta(hours=2))
START, END = utc("2026-06-25 03:30:00"), utc("2026-06-25 10:30:00")
WMS_START = utc("2026-06-24 10:00:00")


def cest(text):
    """'2026-06-25 08:02:00' in Utrecht (CEST, UTC+2) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CEST).astimezone(dt.timezone.utc)


DEPLOY_2310 = cest("2026-06-25 06:52:20")
UNBLOCK = cest("2026-06-25 08:51:30")
ROLLBACK = cest("2026-06-25 09:12:40")
REDEPLOY = cest("2026-06-25 11:41:10")
ARTICLE_CHANGE = cest("2026-06-24 09:12:44")
TOLD = cest("2026-06-25 09:58:00").timestamp()

sub = march.sub

# ---------------------------------------------------------------------------
# the repository

MACHINE_EVENTS_TS = """import type { FastifyBaseLogger } from 'fastify';

/**
 * Events the machine (VMC) raises, as the reader reads them from its DEX
 * event records (EA1) after a vend failure or every 15 minutes:
 * VEND_FAIL (with the VMC's text), SEL_BLOCKED, TEMP_HIGH, DOOR_OPEN,
 * DOOR_CLOSE, COIN_JAM.
 */
export interface MachineEvent {
  serial: string;
  machineId: string;
  code: string;
  selection?: number;
  text?: string;
  at: string;
}

export function handleMachineEvent(log: FastifyBaseLogger, e: MachineEvent) {
  log.info({ reader: e.serial, machine: e.machineId, code: e.code, selection: e.selection, text: e.text }, 'machine event');
}
"""

VISITS_TS = """import type { FastifyInstance } from 'fastify';

import { articleOf, planogramOf } from '../fleet/planograms';

interface LoadedSelection {
  selection: number;
  gtin: string;
  units: number;
}

interface Visit {
  machineId: string;
  driver: string;
  route: string;
  loaded: LoadedSelection[];
  cashCollectedCents: number;
}

// The drivers' handhelds post each restock visit when the machine's door
// closes. A scanned GTIN that is not the planogram's but belongs to the same
// article (a new pack, a promotion) is loaded as that article.
export async function visitRoutes(app: FastifyInstance) {
  app.post<{ Body: Visit }>('/v2/visits', async (req) => {
    const v = req.body;
    const planogram = await planogramOf(v.machineId);
    let substitutions = 0;
    for (const l of v.loaded) {
      const planned = planogram.get(l.selection);
      if (planned && planned.gtin !== l.gtin && (await articleOf(l.gtin)) === planned.article) {
        substitutions += 1;
      }
    }
    req.log.info(
      { machine: v.machineId, driver: v.driver, route: v.route, items_loaded: v.loaded.reduce((n, l) => n + l.units, 0), substitutions, cash_cents: v.cashCollectedCents },
      'restock visit completed',
    );
    return { ok: true };
  });
}
"""

PLANOGRAMS_TS = """import { db } from './machines';

export interface PlannedSelection {
  selection: number;
  article: string;
  gtin: string;
}

export async function planogramOf(machineId: string): Promise<Map<number, PlannedSelection>> {
  const { rows } = await db.query('SELECT selection, article, gtin FROM planogram_selections WHERE machine_id = $1', [machineId]);
  return new Map(rows.map((r) => [r.selection, { selection: r.selection, article: r.article, gtin: r.gtin }]));
}

// The article a GTIN belongs to, from the WMS article master (synced nightly).
export async function articleOf(gtin: string): Promise<string | undefined> {
  const { rows } = await db.query('SELECT article FROM article_gtins WHERE gtin = $1', [gtin]);
  return rows[0]?.article;
}
"""

RUNBOOK_VEND_FAILURES = """
## Vend failures

A vend failure is the machine reporting that it could not deliver after
an approved vend request: the reader charges nothing and the session ends.
A few a day across the fleet are normal (a product hanging in a spiral).

- Many machines at once: reader and machine disagreeing over MDB timing,
  mostly after a TapVend firmware campaign or a vendhub release. If it
  starts after a release, roll back first (`deploy/production/kustomization.yaml`,
  then sync in Argo CD).
- One machine: a spiral motor or drop sensor fault. Fleet ops unblocks
  the selection from the console once; if it blocks again, send a
  technician.
- In hot weather the compressors of the machines in the sun (station
  halls) run flat out; a machine above its setpoint for an hour blocks its
  perishables, not its drinks.
"""


def build_repo():
    base = march.build_repo()[0]
    try:
        tree = dict(base.files)
    finally:
        base.close()
    repo = Repo()
    lotte = Person("Lotte Jansen", "lotte.jansen@vendel.nl", 120)
    noor = Person("Noor El Amrani", "noor.elamrani@vendel.nl", 120)
    thijs = Person("Thijs de Wit", "thijs.dewit@vendel.nl", 120)
    bram = Person("Bram Verhoeven", "bram.verhoeven@vendel.nl", 120)
    rui = Person("Rui Costa", "rui.costa@vendel.nl", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    for path in ("package.json", "src/version.ts"):
        tree[path] = tree[path].replace("2.14.1", "2.30.1")
    tree["deploy/production/kustomization.yaml"] = tree["deploy/production/kustomization.yaml"].replace('newTag: "2.14.1"', 'newTag: "2.30.1"')
    tree["package.json"] = tree["package.json"].replace('"fastify": "4.26.2"', '"fastify": "4.27.0"').replace('"pino": "8.19.0"', '"pino": "9.1.0"')
    deps = {**march.DEPS, "fastify": "4.27.0", "mqtt": "5.3.6", "pino": "9.1.0"}
    tree["package-lock.json"] = package_lock("vendhub", deps)
    tree["CHANGELOG.md"] = "# Changelog\n\n## 2.30.1\n\n- Telemetry: machine events from the VMC's DEX event records (TEL-88).\n\n## 2.30.0\n\n- Restock visits with the GTIN scanned per selection (ROUTE-104).\n"
    tree["src/telemetry/machineEvents.ts"] = MACHINE_EVENTS_TS
    tree["src/routing/visits.ts"] = VISITS_TS
    tree["src/fleet/planograms.ts"] = PLANOGRAMS_TS
    tree["config/depots.json"] = tree["config/depots.json"].replace('"skipAboveFill": 0.7 }', '"skipAboveFill": 0.7, "coldRestockBelow": 0.25 }').replace(
        '"opens": "06:00", "shiftMinutes": 480 }', '"opens": "06:00", "shiftMinutes": 480, "coldRestockBelow": 0.25 }')
    for path in [p for p in tree if p.startswith(".github/") or p in (".editorconfig", ".gitignore", "renovate.json")]:
        del tree[path]
    for path in [p for p in tree if p.startswith("docs/adr/")]:
        del tree[path]

    ev, vis, host = "src/cashless/events.ts", "src/routing/visits.ts", "src/cashless/host.ts"
    repo.commit(cest("2026-06-16 09:40:00"), lotte, "vendhub 2.30.1 (history squashed on the move to the vendel/platform group)", tree)
    rng = random.Random(93021)
    repo.schedule(chores(rng, SERVICE, [bram, noor, rui], cest("2026-06-16 12:00:00"), cest("2026-06-23 17:00:00"), 3))
    repo.commit(cest("2026-06-17 08:31:00"), bot, "build(deps): bump pg from 8.11.3 to 8.12.0", {
        "package.json": repo.edit("package.json", '"pg": "8.11.3"', '"pg": "8.12.0"'),
        "package-lock.json": package_lock("vendhub", {**deps, "pg": "8.12.0"}),
    })
    repo.commit(cest("2026-06-18 14:10:00"), bram, "routing: restock cold drink machines below 40% in the heat (ROUTE-109)\n\nThe KNMI forecasts 30+ C from Monday; cold drink machines at the\nstations ran out by noon last summer. Plan them from 40% instead of 25%\nuntil the heat is over.", {
        "config/depots.json": repo.files["config/depots.json"].replace('"coldRestockBelow": 0.25', '"coldRestockBelow": 0.4'),
    })
    rel_2302 = repo.commit(cest("2026-06-19 11:20:00"), rui, "release 2.30.2", {
        "package.json": repo.edit("package.json", '"version": "2.30.1"', '"version": "2.30.2"'),
        "src/version.ts": repo.edit("src/version.ts", "'2.30.1'", "'2.30.2'"),
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.30.1"', 'newTag: "2.30.2"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.30.2\n\n- Cold drink machines restocked below 40% in the heat (ROUTE-109).\n- pg 8.12.0.\n", 1),
    })
    repo.commit(cest("2026-06-22 15:45:00"), lotte, "telemetry: machine events carry the VMC's selection (TEL-91)", {
        "src/telemetry/machineEvents.ts": sub(repo.files["src/telemetry/machineEvents.ts"],
                                              " * DOOR_CLOSE, COIN_JAM.\n */\n",
                                              " * DOOR_CLOSE, COIN_JAM. The selection is the VMC's (EA1 field 4), not the\n * planogram row (TEL-91).\n */\n"),
    })
    repo.commit(cest("2026-06-23 10:12:00"), thijs, "runbook: vend failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_VEND_FAILURES,
    })
    repo.commit(cest("2026-06-24 11:05:00"), rui, "cashless: void the authorisation as soon as the machine reports a vend failure (CASH-301)\n\nThe reader ends the session after a vend failure only when its idle\ntimeout runs out (30 s); the hold stays on the card meanwhile and a\ncustomer who taps again gets a second one. Void on the VEND_FAILURE\nevent, which the reader posts at once.", {
        ev: sub(repo.files[ev],
                "export function handleEvents(log: FastifyBaseLogger, r: SessionResult) {\n",
                "/** Whether the session's result must be voided now rather than at its end (CASH-301). */\nexport function voidNow(r: SessionResult): boolean {\n  return (r.events ?? []).some((e) => e.type === 'VEND_FAILURE') && r.vended === 0;\n}\n\nexport function handleEvents(log: FastifyBaseLogger, r: SessionResult) {\n"),
        host: sub(repo.files[host],
                  "import { handleEvents, type SessionResult } from './events';\n",
                  "import { handleEvents, voidNow, type SessionResult } from './events';\n",
                  "    } else {\n      await acquiro.cancel(r.pspReference);\n      req.log.info({ ...ctx, end_reason: r.endReason }, 'session ended without vend, authorisation voided');\n    }\n",
                  "    } else if (voidNow(r)) {\n      await acquiro.cancel(r.pspReference);\n      req.log.info({ ...ctx, end_reason: 'VEND_FAILURE' }, 'vend failure, authorisation voided at once');\n    } else {\n      await acquiro.cancel(r.pspReference);\n      req.log.info({ ...ctx, end_reason: r.endReason }, 'session ended without vend, authorisation voided');\n    }\n"),
    })
    repo.commit(cest("2026-06-24 13:40:00"), thijs, "telemetry: warn and open a technician job when a machine blocks a selection (OPS-52)\n\nA blocked selection was an info line nobody reads; fleet ops found out\nfrom the fill rate the next day. Warn, and open a job in Fieldflow for\nthe depot's technicians.", {
        "src/telemetry/machineEvents.ts": sub(repo.files["src/telemetry/machineEvents.ts"],
                                              "import type { FastifyBaseLogger } from 'fastify';\n",
                                              "import type { FastifyBaseLogger } from 'fastify';\n\nimport { openJob } from '../fleet/fieldflow';\n",
                                              "  log.info({ reader: e.serial, machine: e.machineId, code: e.code, selection: e.selection, text: e.text }, 'machine event');\n",
                                              "  log.info({ reader: e.serial, machine: e.machineId, code: e.code, selection: e.selection, text: e.text }, 'machine event');\n  if (e.code === 'SEL_BLOCKED') {\n    log.warn({ reader: e.serial, machine: e.machineId, selection: e.selection }, 'machine blocked selection after vend failures');\n    void openJob(e.machineId, `Selection ${e.selection} blocked after vend failures`).then((job) =>\n      log.info({ machine: e.machineId, selection: e.selection, job }, 'technician job opened'),\n    );\n  }\n"),
        "src/fleet/fieldflow.ts": "import { request } from 'undici';\n\n// Fieldflow, the technicians' work order system.\nexport async function openJob(machineId: string, summary: string): Promise<string> {\n  const res = await request(`${process.env.FIELDFLOW_URL}/api/jobs`, {\n    method: 'POST',\n    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.FIELDFLOW_TOKEN}` },\n    body: JSON.stringify({ asset: machineId, summary, source: 'vendhub', priority: 'normal' }),\n  });\n  const body = (await res.body.json()) as { id: string };\n  return body.id;\n}\n",
    })
    repo.commit(cest("2026-06-24 15:20:00"), bram, "visits: warn for a scanned GTIN that is not the planogram's (ROUTE-112)\n\nThe planogram audit wants to know where drivers load something else\nthan planned. Same-article substitutions are still loaded as the\narticle.", {
        vis: sub(repo.files[vis],
                 "      if (planned && planned.gtin !== l.gtin && (await articleOf(l.gtin)) === planned.article) {\n        substitutions += 1;\n      }\n",
                 "      if (planned && planned.gtin !== l.gtin) {\n        const article = await articleOf(l.gtin);\n        req.log.warn(\n          { machine: v.machineId, selection: l.selection, planned_gtin: planned.gtin, scanned_gtin: l.gtin, article, same_article: article === planned.article },\n          'restock: scanned GTIN not in planogram',\n        );\n        if (article === planned.article) substitutions += 1;\n      }\n"),
    })
    repo.commit(cest("2026-06-24 15:55:00"), bot, "build(deps): bump fastify from 4.27.0 to 4.28.1", {
        "package.json": repo.edit("package.json", '"fastify": "4.27.0"', '"fastify": "4.28.1"'),
        "package-lock.json": package_lock("vendhub", {**deps, "pg": "8.12.0", "fastify": "4.28.1"}),
    })
    rel_2310 = repo.commit(cest("2026-06-24 16:40:00"), thijs, "release 2.31.0", {
        "package.json": repo.edit("package.json", '"version": "2.30.2"', '"version": "2.31.0"'),
        "src/version.ts": repo.edit("src/version.ts", "'2.30.2'", "'2.31.0'"),
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.30.2"', 'newTag: "2.31.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.31.0\n\n- Void the authorisation at once on a vend failure (CASH-301).\n- Warn and open a technician job for a blocked selection (OPS-52).\n- Warn for a scanned GTIN not in the planogram (ROUTE-112).\n- fastify 4.28.1.\n", 1),
    })
    rollback = repo.commit(cest("2026-06-25 09:10:00"), lotte, "deploy: pin vendhub 2.30.2 (rollback of 2.31.0, INC-548)", {
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.31.0"', 'newTag: "2.30.2"'),
    })
    redeploy = repo.commit(cest("2026-06-25 11:38:00"), lotte, "deploy: vendhub 2.31.0 again (INC-548 was the sleek cans, not 2.31.0)", {
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.30.2"', 'newTag: "2.31.0"'),
    })
    return repo, {"rel_2302": rel_2302, "rel_2310": rel_2310, "rollback": rollback, "redeploy": redeploy}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def L(text, day="2026-06-25"):
    """'08:02:14' in Utrecht on Thursday 25 June (CEST) -> epoch seconds."""
    return secs(cest(f"{day} {text}"))


def hour(x):
    t = at(x).astimezone(CEST)
    return t.hour + t.minute / 60 + t.second / 3600


def hm(x):
    return at(x).astimezone(CEST).strftime("%H:%M")


iso_ms = march.iso_ms
eur = march.eur

GTIN_OLD = {31: "8714800012420", 32: "8714800012444"}
GTIN_NEW = {31: "8714800012437", 32: "8714800012451"}
ARTICLE = {31: ("FIZZ-033", "Fizz Cola blik 33cl"), 32: ("FIZZ-Z033", "Fizz Cola Zero blik 33cl")}
COLD_CANS = [(31, "Fizz Cola 33cl", 190), (32, "Fizz Cola Zero 33cl", 190), (33, "Fanta Orange 33cl", 190), (34, "Red Bull 25cl", 290)]
COLD_BOTTLES = [(35, "Spa Blauw 50cl", 200), (36, "Chaudfontaine Rood 50cl", 200), (37, "Fuze Tea Peach 40cl", 250), (38, "Fizz Cola 50cl", 260)]
COLD_WEIGHTS = {31: 22, 32: 14, 33: 8, 34: 9, 35: 17, 36: 9, 37: 11, 38: 10}


def rate(m, h):
    kind = m["site"]["kind"]
    if m["kind"] == "COLD":
        if kind == "station":
            return 1.5 if h < 6 else 8.0 if h < 9 else 12.0
        if kind == "campus":
            return 0.0 if h < 8 else 5.0
        if kind == "hospital":
            return 1.0 if h < 7 else 4.0 if h < 9 else 7.0
        return 0.1 if h < 7.5 else 4.0 if h < 9 else 7.0
    base = march.hot_rate(kind, h) * (0.35 if kind != "campus" else 0.25)
    if m["kind"] == "SNACK":
        return base * 0.7
    return base


def build_fleet(rng):
    sites = [{"id": sid, "name": name, "kind": kind, "depot": depot, "counts": counts} for sid, name, kind, depot, counts in march.SITES]
    n = 30
    for park, depot, buildings in march.OFFICE_PARKS:
        for b in buildings:
            n += 1
            sites.append({"id": f"S-{n:03d}", "name": f"{park}, {b}", "kind": "office", "depot": depot,
                          "counts": (rng.randint(2, 5), rng.randint(1, 2), rng.randint(0, 2))})
    machines, ids, serials = [], set(), set()
    for site in sites:
        for kind, count in zip(("HOT", "SNACK", "COLD"), site["counts"]):
            for _ in range(count):
                while True:
                    mid = f"VM-1{rng.randint(0, 4999):04d}"
                    if mid not in ids:
                        ids.add(mid)
                        break
                while True:
                    serial = f"304{rng.randint(10000, 29999)}"
                    if serial not in serials:
                        serials.add(serial)
                        break
                lvl = march.LEVEL[site["kind"]]
                up = 20 if site["kind"] == "station" else 0
                if kind == "HOT":
                    model = rng.choices(["WMF 1500S", "Franke A600", "Necta Kikko ES6"], weights=[45, 30, 25])[0]
                    menu = [(s, name, p + (lvl // 2 if model.startswith("Necta") else lvl)) for s, name, p in
                            (march.KIKKO_MENU if model.startswith("Necta") else march.HOT_MENU)]
                elif kind == "SNACK":
                    model = rng.choice(["Necta Snakky", "Sielaff FK 185", "Azkoyen Vitale S"])
                    picks = rng.sample(march.SNACKS[:13], 10)
                    menu = [(10 + i + 1 + (i // 6) * 4, name, p + up) for i, (name, p) in enumerate(picks)]
                else:
                    model = rng.choice(["Sielaff FK 185 Cold", "Necta Samba Top Cold"])
                    cans = list(COLD_CANS) if rng.random() < 0.9 else [c for c in COLD_CANS if c[0] != 32]
                    menu = [(s, name, p + up) for s, name, p in cans + COLD_BOTTLES]
                machines.append({"id": mid, "serial": serial, "kind": kind, "model": model, "site": site, "menu": menu,
                                 "fw": rng.choice(["4.8.2", "4.9.0", "4.9.0"]), "rssi": rng.randint(-96, -64)})
    return sites, machines


def build_logs(rng, shas):
    app = Log("vendhub.log")
    journal = Log("tapvend-journal.log")
    ingress = Log("ingress-nginx.log")
    wms = Log("wms-depot-utrecht.log")
    fieldflow = Log("fieldflow-workorders.log")
    argo = Log("argocd-vendhub.log")
    tickets = Log("freshdesk-tickets.log")
    slack = Log("slack-vendhub-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    sites, machines = build_fleet(rng)
    cold = [m for m in machines if m["kind"] == "COLD"]

    # --- pods and versions --------------------------------------------------
    def pods(rs):
        return [f"vendhub-{rs}-{hexid(rng, 5)}" for _ in range(3)]

    rs_2302, rs_2310 = "5d8c7b9f4", "79fb6c5d48"
    pods_2310 = pods(rs_2310)
    rollouts = [(t0 - 86400, "2.30.2", shas["rel_2302"], pods(rs_2302)),
                (secs(DEPLOY_2310) + 2, "2.31.0", shas["rel_2310"], pods_2310),
                (secs(ROLLBACK) + 2, "2.30.2", shas["rollback"], pods(rs_2302)),
                (secs(REDEPLOY) + 2, "2.31.0", shas["redeploy"], pods(rs_2310))]
    req_no = {}

    def running(x):
        cur = rollouts[0]
        for r in rollouts:
            if r[0] + 45 <= x:
                cur = r
        return cur

    def is_231(x):
        return running(x)[1] == "2.31.0"

    def pino(x, level, msg, pod=None, req=True, **kv):
        cur = running(x)
        pod = pod or rng.choice(cur[3])
        body = {"level": {"debug": 20, "info": 30, "warn": 40, "error": 50}[level], "time": int(x * 1000), "pid": 1, "hostname": pod}
        if req:
            req_no[pod] = req_no.get(pod, rng.randint(4000, 90000)) + rng.randint(1, 9)
            body["reqId"] = f"req-{req_no[pod]:x}"
        body.update(kv)
        body["msg"] = msg
        app.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))
        return pod

    def jr(x, m, module, level, msg):
        t = at(x).astimezone(CEST)
        journal.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +0200 {m['serial']} {module} {level} {msg}")

    def ing(x, ipaddr, method, path, status_, rt, ua, size=None):
        t = at(x)
        size = size if size is not None else rng.randint(60, 420)
        ingress.add(t, f'{ipaddr} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status_} {size} "-" "{ua}" '
                       f'{rng.randint(240, 980)} {rt:.3f} [vendhub-vendhub-80] [] 10.31.{rng.randint(0, 15)}.{rng.randint(2, 250)}:8080 {size} '
                       f'{max(0.001, rt - 0.002):.3f} {status_} {hexid(rng, 32)}')

    def reader_ip(m):
        return f"100.72.{int(m['serial'][3:5]) % 64}.{int(m['serial'][5:]) % 250 + 2}"

    def ua(m):
        return f"TapVend-TR300/{m['fw']} (LTE-M)"

    def machine_event(x, m, code, selection=None, text=None):
        """The reader reads the VMC's DEX event records and posts them."""
        jr(x, m, "VMC", "W" if code in ("VEND_FAIL", "SEL_BLOCKED", "TEMP_HIGH") else "I",
           f"event {code}" + (f" selection {selection}" if selection is not None else "") + (f": {text}" if text else ""))
        y = x + rng.uniform(0.6, 2.2)
        ing(y, reader_ip(m), "POST", f"/v2/readers/{m['serial']}/events", 202, rng.uniform(0.01, 0.04), ua(m), size=2)
        kv = {"reader": m["serial"], "machine": m["id"], "code": code}
        if selection is not None:
            kv["selection"] = selection
        if text:
            kv["text"] = text
        pod = pino(y - 0.005, "info", "machine event", **kv)
        if code == "SEL_BLOCKED" and is_231(y):
            pino(y - 0.003, "warn", "machine blocked selection after vend failures", pod=pod, reader=m["serial"], machine=m["id"], selection=selection)
            job = open_job(y + rng.uniform(0.2, 0.6), m, f"Selection {selection} blocked after vend failures", "vendhub")
            pino(y + 0.7, "info", "technician job opened", pod=pod, machine=m["id"], selection=selection, job=job)

    # --- Fieldflow --------------------------------------------------------------
    job_seq = [20461]
    jobs = {}

    def ff(x, event, job, **kv):
        body = {"ts": iso_ms(x), "event": event, "job": job}
        body.update(kv)
        fieldflow.add(at(x), json.dumps(body, ensure_ascii=False))

    def open_job(x, m, summary, source, user=None):
        job_seq[0] += rng.randint(1, 3)
        job = f"FF-{job_seq[0]}"
        kv = {"asset": m["id"], "site": m["site"]["name"], "summary": summary, "source": source, "priority": "normal"}
        if user:
            kv["created_by"] = user
        ff(x, "job.created", job, **kv)
        jobs.setdefault(m["id"], []).append(job)
        return job

    # --- restock visits -----------------------------------------------------------
    drivers = {"UTR": ["d.bakker", "m.visser", "r.smit", "k.meijer", "j.mulder", "s.boer", "e.dekker", "w.vos", "a.peters"],
               "AMF": ["h.hendriks", "f.bos", "p.koster", "t.prins", "l.maas"]}
    visits = {}  # machine id -> (x, driver, route)
    for depot, names in drivers.items():
        pool = [m for m in machines if m["site"]["depot"] == depot]
        cold_pool = [m for m in pool if m["kind"] == "COLD"]
        other = [m for m in pool if m["kind"] != "COLD"]
        rng.shuffle(cold_pool)
        rng.shuffle(other)
        per = (len(cold_pool) + len(names) - 1) // len(names)
        for k, name in enumerate(names):
            route = f"{depot}-{k + 1:02d}"
            # heat plan: cold drink machines first; the stations only after the rush hour
            mine = cold_pool[k * per:(k + 1) * per]
            early = [m for m in mine if m["site"]["kind"] != "station"]
            late = [m for m in mine if m["site"]["kind"] == "station"]
            rest = other[k * 6:(k + 1) * 6]
            rng.shuffle(early)
            rng.shuffle(rest)
            x = (L("05:30:00") if depot == "UTR" else L("06:00:00")) + rng.uniform(1200, 2400)
            for m in early + rest + late:
                if m["site"]["kind"] == "station" and x < L("09:00:00"):
                    x = L("09:00:00") + rng.uniform(0, 1200)
                if x > t1 - 600 or m["id"] in visits:
                    continue
                visits[m["id"]] = (x, name, route)
                x += rng.uniform(600, 1100) + rng.uniform(200, 600)

    # --- the spirals -----------------------------------------------------------------
    # standard cans left at the front of each Fizz Cola spiral, then sleek cans
    # from the Utrecht depot (Amersfoort still has the standard ones)
    spiral = {}
    for m in cold:
        for s, _, _ in m["menu"]:
            if s in (31, 32):
                spiral[(m["id"], s)] = {"front_std": rng.randint(1, 7), "sleek": False, "wedged": False, "blocked": False,
                                        "fails": 0, "fixed_x": None, "visit_std": rng.choice([0, 0, 0, 1, 1, 2])}
    affected = []
    for m in cold:
        v = visits.get(m["id"])
        if v and v[0] < TOLD and m["site"]["depot"] == "UTR" and any((m["id"], s) in spiral for s in (31, 32)):
            affected.append(m)
    affected.sort(key=lambda m: visits[m["id"]][0])
    # technicians and drivers put them right from 10:20, the stations first
    FIX_START = L("10:20:00")
    order = sorted(affected, key=lambda m: (m["site"]["kind"] != "station", visits[m["id"]][0]))
    fix_at = {}
    x = FIX_START
    for m in order:
        fix_at[m["id"]] = x
        x += rng.uniform(240, 600)
    tech_m = min((m for m in affected if m["site"]["kind"] == "hospital"), key=lambda m: visits[m["id"]][0])
    fix_at[tech_m["id"]] = L("09:49:00")
    stats["affected"] = affected

    # a snack machine at the Educatorium with a broken spiral motor since Wednesday
    edu = next(m for m in machines if m["kind"] == "SNACK" and m["site"]["id"] == "S-020")
    motor_sel = edu["menu"][5][0]
    motor = {"blocked": True, "fails": 0}

    def visit(m, x):
        """The driver's visit: door open, load, door close, handheld post."""
        name, route = visits[m["id"]][1], visits[m["id"]][2]
        machine_event(x, m, "DOOR_OPEN")
        jr(x + 2, m, "DEX", "I", f"door open, audit read by handheld ({len(m['menu'])} selections)")
        y = x + rng.uniform(420, 900)
        loaded = rng.randint(18, 64)
        subs = []
        if m["kind"] == "COLD":
            for s in (31, 32):
                st = spiral.get((m["id"], s))
                if not st:
                    continue
                st["front_std"] = st["visit_std"]
                if m["site"]["depot"] == "UTR" and x < TOLD:
                    st["sleek"] = True
                    subs.append(s)
                if st["blocked"] or st["wedged"]:
                    st["blocked"] = st["wedged"] = False
        machine_event(y, m, "DOOR_CLOSE")
        jr(y + 1.5, m, "DEX", "I", "door closed, audit sent")
        z = y + rng.uniform(3, 9)
        ing(z, f"100.73.{rng.randint(0, 40)}.{rng.randint(2, 250)}", "POST", "/v2/visits", 200, rng.uniform(0.04, 0.12),
            "VendelRoute/4.1.0 (Android 13; Zebra TC26)")
        pod = None
        if is_231(z):
            for s in subs:
                pod = pino(z - 0.03, "warn", "restock: scanned GTIN not in planogram", pod=pod, machine=m["id"], selection=s,
                           planned_gtin=GTIN_OLD[s], scanned_gtin=GTIN_NEW[s], article=ARTICLE[s][0], same_article=True)
        pino(z - 0.01, "info", "restock visit completed", pod=pod, machine=m["id"], driver=name, route=route, items_loaded=loaded,
             substitutions=len(subs), cash_cents=rng.choice([0, 0, rng.randint(300, 5200)]))
        return z

    # --- sessions ------------------------------------------------------------------------
    fails = []          # (x, machine, selection, kind)
    sessions = []       # (x, machine, approved, vended, failed)
    tickets_due = []

    def available(m, s, x):
        if m is edu and s == motor_sel and motor["blocked"]:
            return False
        st = spiral.get((m["id"], s))
        if st and st["blocked"]:
            return False
        return True

    def choose(m, x):
        menu = [e for e in m["menu"] if available(m, e[0], x)]
        if m["kind"] == "COLD":
            sel = rng.choices([s for s, _, _ in menu], weights=[COLD_WEIGHTS[s] for s, _, _ in menu])[0]
        else:
            sel = rng.choice(menu)[0]
        price = next(p for s, _, p in menu if s == sel)
        return sel, price

    # the odd product hanging in a spiral, as on any morning
    hanging = {m["id"]: L(t) for m, t in zip(rng.sample([m for m in machines if m["kind"] == "SNACK" and m["site"]["kind"] in ("hospital", "station")], 2),
                                             ("05:41:00", "06:24:00"))}

    def deliver(m, sel, x):
        """True if the product reached the drop sensor; the VMC's text otherwise."""
        if m is edu and sel == motor_sel:
            return "spiral motor did not reach home position"
        if m["id"] in hanging and x >= hanging[m["id"]]:
            del hanging[m["id"]]
            return "no product detected by drop sensor"
        st = spiral.get((m["id"], sel))
        if st:
            if st["fixed_x"] is not None and x >= st["fixed_x"]:
                return True
            if st["wedged"]:
                return "no product detected by drop sensor"
            if st["front_std"] > 0:
                st["front_std"] -= 1
                return True
            if st["sleek"]:
                if rng.random() < 0.75:
                    st["wedged"] = True
                    return "no product detected by drop sensor"
                return True
        if rng.random() < 0.0015 and m["kind"] != "HOT":
            return "no product detected by drop sensor"
        return True

    def run_session(x, m):
        sid = "S" + hexid(rng, 11).upper()
        scheme = rng.choices(["VISA DEBIT", "MAESTRO", "MC DEBIT", "VISA", "MC", "V PAY", "AMEX"], weights=[30, 10, 26, 10, 12, 11, 1])[0]
        wallet = rng.choices(["contactless", "Apple Pay", "Google Pay"], weights=[55, 32, 13])[0]
        funds = 500 if m["kind"] == "HOT" else max(p for _, _, p in m["menu"])
        ip_ = reader_ip(m)
        acq_ms = int(rng.lognormvariate(0, 0.35) * 340)
        jr(x, m, "SES", "I", f"card read: {scheme} ({wallet}), requesting pre-authorisation {eur(funds)} EUR")
        y = x + acq_ms / 1000 + 0.03
        ing(y, ip_, "POST", "/v2/auth", 200, acq_ms / 1000 + 0.021, ua(m))
        if rng.random() < 0.008:
            reason = rng.choices(["Not enough balance", "Expired Card", "Refused", "Issuer Unavailable"], weights=[40, 20, 30, 10])[0]
            pino(y - 0.004, "info", "cashless authorisation refused", reader=m["serial"], machine=m["id"], session=sid, amount_cents=funds,
                 scheme=scheme, acquirer_ms=acq_ms, reason=reason)
            jr(y + 0.05, m, "SES", "W", f"authorisation refused: {reason}")
            return
        psp = f"{rng.randint(10**15, 10**16 - 1)}"
        pino(y - 0.004, "info", "cashless authorisation approved", reader=m["serial"], machine=m["id"], session=sid, amount_cents=funds,
             scheme=scheme, acquirer_ms=acq_ms, psp_ref=psp)
        jr(y + 0.05, m, "SES", "I", f"session opened: funds {eur(funds)} EUR, psp {psp}")
        z = y + rng.uniform(3, 12)
        if rng.random() < 0.02:
            end_reason = rng.choice(["CANCELLED", "TIMEOUT"])
            z = y + (30 if end_reason == "TIMEOUT" else rng.uniform(4, 20))
            jr(z, m, "SES", "I", f"session closed: no vend ({end_reason})")
            c = z + rng.uniform(0.8, 2.6)
            ing(c, ip_, "POST", f"/v2/sessions/{sid}/complete", 200, rng.uniform(0.09, 0.3), ua(m), size=11)
            pino(c - 0.01, "info", "session ended without vend, authorisation voided", reader=m["serial"], machine=m["id"], session=sid,
                 psp_ref=psp, end_reason=end_reason)
            sessions.append((x, m, True, False, False))
            return
        sel, price = choose(m, x)
        st = spiral.get((m["id"], sel))
        jr(z, m, "MDB", "I", f"VEND REQUEST item={sel} price={eur(price)} -> VEND APPROVED")
        got = deliver(m, sel, z)
        if got is True:
            z += rng.uniform(3, 7)
            if st:
                st["fails"] = 0
            jr(z + 0.2, m, "SES", "I", f"session closed: vended item={sel}, amount {eur(price)} EUR")
            c = z + rng.uniform(0.8, 2.6)
            ing(c, ip_, "POST", f"/v2/sessions/{sid}/complete", 200, rng.uniform(0.09, 0.3), ua(m), size=11)
            pino(c - 0.01, "info", "session completed, captured", reader=m["serial"], machine=m["id"], session=sid, psp_ref=psp,
                 amount_cents=price, item=sel)
            sessions.append((x, m, True, True, False))
            return
        # the spiral turned twice and nothing crossed the drop sensor
        z += rng.uniform(9, 14)
        jr(z, m, "MDB", "W", f"VEND FAILURE item={sel}")
        jr(z + 0.2, m, "SES", "W", "session closed: vend failure, nothing charged")
        kind = "sleek" if st and st["sleek"] else ("motor" if m is edu else "random")
        fails.append((z, m, sel, kind))
        machine_event(z + rng.uniform(0.5, 1.5), m, "VEND_FAIL", sel, f"vend failed, {got}")
        c = z + rng.uniform(0.8, 2.0)
        ing(c, ip_, "POST", f"/v2/sessions/{sid}/complete", 200, rng.uniform(0.09, 0.3), ua(m), size=11)
        pod = None
        if is_231(c):
            pod = pino(c - 0.02, "warn", "vend failed at machine, nothing captured", reader=m["serial"], machine=m["id"], item=sel, reason="VMC_FAILURE")
            pino(c - 0.01, "info", "vend failure, authorisation voided at once", pod=pod, reader=m["serial"], machine=m["id"], session=sid,
                 psp_ref=psp, end_reason="VEND_FAILURE")
        else:
            pino(c - 0.01, "info", "session ended without vend, authorisation voided", reader=m["serial"], machine=m["id"], session=sid,
                 psp_ref=psp, end_reason="VEND_FAILURE")
        sessions.append((x, m, True, False, True))
        if kind == "sleek" and rng.random() < 0.09 and z > secs(DEPLOY_2310) + 1200:
            tickets_due.append((z + rng.uniform(60, 900), m, sel))
        counter = st if st else motor
        counter["fails"] = counter.get("fails", 0) + 1
        if counter["fails"] >= 2:
            counter["blocked"] = True
            counter["fails"] = 0
            machine_event(z + rng.uniform(2.0, 3.5), m, "SEL_BLOCKED", sel, "blocked after 2 vend failures")

    # events in time order: sessions, visits, unblock, fixes
    agenda = []
    for m in machines:
        peak = 12.5
        x = t0
        while True:
            x += rng.expovariate(peak / 3600)
            if x >= t1 - 60:
                break
            if rng.random() < rate(m, hour(x)) / peak:
                agenda.append((x, 1, "session", m))
    for mid, (x, name, route) in visits.items():
        if x < t1 - 60:
            agenda.append((x, 0, "visit", next(m for m in machines if m["id"] == mid)))
    agenda.append((secs(UNBLOCK), 0, "unblock", None))
    for mid, x in fix_at.items():
        agenda.append((x, 0, "fix", next(m for m in machines if m["id"] == mid)))
    agenda.append((L("10:41:00"), 0, "motor_fix", edu))
    agenda.sort(key=lambda a: (a[0], a[1], a[2], a[3]["id"] if a[3] else ""))
    unblocked = []
    for x, _, kind, m in agenda:
        if kind == "session":
            run_session(x, m)
        elif kind == "visit":
            visit(m, x)
        elif kind == "unblock":
            for (mid, s), st in spiral.items():
                if st["blocked"]:
                    st["blocked"] = False
                    unblocked.append((mid, s))
            if motor["blocked"]:
                motor["blocked"] = False
                unblocked.append((edu["id"], motor_sel))
            for k, (mid, s) in enumerate(unblocked):
                mm = next(mm for mm in machines if mm["id"] == mid)
                jr(x + 20 + k * 0.9 + rng.uniform(0, 40), mm, "SYS", "I", f"command UNBLOCK_SELECTION received (selection {s})")
        elif kind == "fix":
            for s in (31, 32):
                st = spiral.get((m["id"], s))
                if st:
                    st["fixed_x"] = x + 600
                    st["blocked"] = st["wedged"] = False
                    st["fails"] = 0
            machine_event(x, m, "DOOR_OPEN")
            machine_event(x + rng.uniform(420, 800), m, "DOOR_CLOSE")
        elif kind == "motor_fix":
            motor["blocked"] = False
            motor["fixed"] = True
            machine_event(x, m, "DOOR_OPEN")
            machine_event(x + 1320, m, "DOOR_CLOSE")

    sleek_fails = [f for f in fails if f[3] == "sleek"]
    sleek_fails.sort(key=lambda f: f[0])
    assert sleek_fails[0][0] > secs(DEPLOY_2310) + 300, at(sleek_fails[0][0])
    assert all(f[0] > secs(DEPLOY_2310) for f in fails if f[3] == "sleek")
    stats["first_fail"] = sleek_fails[0][0]
    stats["sleek_fails"] = sleek_fails
    stats["fails"] = fails
    stats["unblocked"] = unblocked
    first_m = sleek_fails[0][1]
    stats["first_machine"] = first_m

    # --- the readers' hourly heartbeat and the heat -------------------------------------
    for m in machines:
        hb = t0 + rng.uniform(0, 3600)
        while hb < t1:
            jr(hb, m, "SYS", "I", f"heartbeat fw={m['fw']} rssi={m['rssi'] + rng.randint(-4, 4)}dBm temp={rng.randint(24, 38)}C")
            hb += 3600 + rng.uniform(-2, 2)
    sunny = [m for m in cold if m["site"]["kind"] == "station"] + rng.sample([m for m in cold if m["site"]["kind"] != "station"], 3)
    for m in sunny:
        x = L("09:05:00") + rng.uniform(0, 5400)
        while x < t1:
            machine_event(x, m, "TEMP_HIGH", None, f"cabinet {rng.randint(9, 13)}C above setpoint 6C")
            x += rng.uniform(1500, 3000)

    # --- telemetry batches, routes, the console ------------------------------------------
    x = t0 + 23.4
    while x < t1:
        for k, pod in enumerate(running(x)[3]):
            h = hour(x)
            dex = rng.choices([0, 1, 2], weights=[5, 3, 1])[0] if 6.0 < h < 12.4 else 0
            pino(x + k * 0.37, "info", "telemetry batch ingested", pod=pod, req=False, machines=rng.randint(4, 9), dex_audits=dex,
                 events=rng.randint(0, 7))
        x += 60 + rng.uniform(-0.05, 0.05)
    staff = ["10.20.4.17", "10.20.4.23", "10.20.5.8", "10.20.5.41"]
    x = L("07:05:00")
    while x < t1:
        x += rng.expovariate(1.0 / 60)
        m = rng.choice(machines)
        path = rng.choice([f"/console/api/machines/{m['id']}", f"/console/api/machines/{m['id']}/events?limit=50",
                           f"/console/api/readers/{m['serial']}", "/console/api/alerts?state=open", "/console/api/routes/today"])
        ing(x, rng.choice(staff), "GET", path, 200, rng.uniform(0.02, 0.2), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            size=rng.randint(900, 24000))
    ing(secs(UNBLOCK) - 3.2, staff[1], "POST", "/console/api/readers/commands", 202, 0.388,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", size=64)
    pino(secs(UNBLOCK) - 3.3, "info", "reader command queued", command="UNBLOCK_SELECTION", readers=len(unblocked), user="femke.bos",
         filter="blocked selections")

    for when, version, sha, pod_names in rollouts[1:]:
        for k, pod in enumerate(pod_names):
            y = when + 8 + k * 17 + rng.uniform(0, 3)
            pino(y, "info", "Server listening at http://0.0.0.0:8080", pod=pod, req=False)
            pino(y + 0.02, "info", "vendhub started", pod=pod, req=False, version=version, commit=sha[:8])
            pino(y + 0.4, "info", "telemetry subscribed", pod=pod, req=False, topics=3, broker="mqtt.vendel.internal:8883")

    # --- Argo CD -------------------------------------------------------------------------
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/vendhub-prod {extra}'.rstrip())

    x = t0 + 101
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "vendhub", "dedup_ms": 0, "time_ms": rng.randint(48, 160)})
        x += 180 + rng.uniform(0, 1)
    for when, sha, hid, who in ((secs(DEPLOY_2310), shas["rel_2310"], 131, "thijs.dewit@vendel.nl"),
                                (secs(ROLLBACK), shas["rollback"], 132, "lotte.jansen@vendel.nl"),
                                (secs(REDEPLOY), shas["redeploy"], 133, "lotte.jansen@vendel.nl")):
        argo_line(when - 31.5, "Refreshing app status (spec.source differs)", **{"dest-namespace": "vendhub"})
        argo_line(when - 30.2, "Updated sync status: Synced -> OutOfSync", revision=sha)
        argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "vendhub", "user": who})
        argo_line(when + 1.6, "apps/Deployment vendhub/vendhub configured", revision=sha)
        argo_line(when + 2.1, "Updated health status: Healthy -> Progressing", revision=sha)
        argo_line(when + 66 + rng.uniform(0, 8), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 74 + rng.uniform(0, 4), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    # --- depot Utrecht's WMS -----------------------------------------------------------------
    def w(x, txn, user, text):
        t = at(x).astimezone(CEST)
        wms.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S')} CEST UTR-DC {txn:<5} {user:<12} | {text}")

    W = lambda s: L(s, "2026-06-24")
    w(W("09:12:44"), "ART", "i.dekker", "ARTICLE FIZZ-033 Fizz Cola blik 33cl: new GTIN 8714800012437 (sleek can 330 ml, h 146 mm, d 58 mm) replaces 8714800012420 (standard can 330 ml, h 115 mm, d 66 mm) from delivery 2026-06-24, supplier notice LBP-2026-017")
    w(W("09:13:31"), "ART", "i.dekker", "ARTICLE FIZZ-Z033 Fizz Cola Zero blik 33cl: new GTIN 8714800012451 (sleek can 330 ml, h 146 mm, d 58 mm) replaces 8714800012444 (standard can 330 ml, h 115 mm, d 66 mm) from delivery 2026-06-24, supplier notice LBP-2026-017")
    suppliers = [("Lowlands Beverage Partners", 4500982211, [("FIZZ-033", "Fizz Cola blik 33cl", "8714800012437", 60, "A-12-03"),
                                                             ("FIZZ-Z033", "Fizz Cola Zero blik 33cl", "8714800012451", 36, "A-12-04"),
                                                             ("FIZZ-050", "Fizz Cola PET 50cl", "8714800013014", 24, "A-13-01"),
                                                             ("FANTA-033", "Fanta Orange blik 33cl", "5449000011527", 12, "A-12-05")]),
                 ("Spadel Nederland", 4500982187, [("SPA-050", "Spa Blauw PET 50cl", "5410013108009", 40, "A-14-01"),
                                                   ("CHAUD-050", "Chaudfontaine Rood PET 50cl", "5449000236647", 20, "A-14-02")]),
                 ("Snackgroothandel Midden", 4500982240, [("MARS-051", "Mars 51g", "5000159407236", 18, "B-02-01"),
                                                          ("SNICK-050", "Snickers 50g", "5000159461122", 18, "B-02-02"),
                                                          ("LAYS-040", "Lay's Naturel 40g", "8710398503017", 24, "B-04-03"),
                                                          ("TONY-047", "Tony's Chocolonely Melk 47g", "8717677330048", 10, "B-03-06")])]
    x = W("13:48:00")
    for supplier, po, lines in suppliers:
        w(x, "GR", "g.vanleeuwen", f"goods receipt PO {po} {supplier}: {len(lines)} lines, delivery note {rng.randint(800000, 899999)}")
        for k, (art, name, gtin, qty, loc) in enumerate(lines, 1):
            x += rng.uniform(40, 160)
            w(x, "GR", "g.vanleeuwen", f"PO {po} line {k}: {art} {name}, GTIN {gtin}, {qty} tray, bb {rng.choice(['2027-01-31', '2027-02-28', '2027-03-31', '2026-12-31'])}")
        for k, (art, name, gtin, qty, loc) in enumerate(lines, 1):
            x += rng.uniform(90, 300)
            w(x, "PUT", "o.kaya", f"{art} {qty} tray to {loc}")
        x += rng.uniform(600, 1500)
    w(W("15:02:10"), "CNT", "o.kaya", "cycle count A-12-03 FIZZ-033: 60 tray (GTIN 8714800012437), 0 tray (GTIN 8714800012420), no difference")
    w(W("15:04:40"), "CNT", "o.kaya", "cycle count A-12-04 FIZZ-Z033: 36 tray (GTIN 8714800012451), 0 tray (GTIN 8714800012444), no difference")
    for k in range(14):
        x = W("15:30:00") + k * rng.uniform(200, 500)
        art, name = rng.choice([("MARS-051", "Mars 51g"), ("LAYS-040", "Lay's Naturel 40g"), ("SPA-050", "Spa Blauw PET 50cl"),
                                ("WRAP-KK", "Wrap kip-kerrie"), ("BROOD-KAAS", "Broodje kaas")])
        w(x, "RET", rng.choice(drivers["UTR"]), f"return from van: {art} {name}, {rng.randint(1, 9)} pcs, reason {rng.choice(['expired', 'damaged', 'expired', 'recall check'])}")
    w(W("17:40:00"), "RPL", "system", "replenishment for 2026-06-25: 9 routes UTR, heat plan ROUTE-109 (cold drink machines below 40%)")
    arts = [("FIZZ-033", "Fizz Cola blik 33cl", "A-12-03", "8714800012437"), ("FIZZ-Z033", "Fizz Cola Zero blik 33cl", "A-12-04", "8714800012451"),
            ("FIZZ-050", "Fizz Cola PET 50cl", "A-13-01", None), ("FANTA-033", "Fanta Orange blik 33cl", "A-12-05", None),
            ("SPA-050", "Spa Blauw PET 50cl", "A-14-01", None), ("CHAUD-050", "Chaudfontaine Rood PET 50cl", "A-14-02", None),
            ("RB-025", "Red Bull blik 25cl", "A-12-06", None), ("FUZE-040", "Fuze Tea Peach PET 40cl", "A-13-04", None),
            ("MARS-051", "Mars 51g", "B-02-01", None), ("SNICK-050", "Snickers 50g", "B-02-02", None), ("LAYS-040", "Lay's Naturel 40g", "B-04-03", None),
            ("KOFFIE-BON", "Koffiebonen 1 kg", "C-01-01", None), ("MELK-POED", "Melkpoeder topping 750 g", "C-01-03", None),
            ("BEKER-9OZ", "Bekers 9oz", "C-02-01", None)]
    for k, name in enumerate(drivers["UTR"]):
        x = L("05:02:00") + k * rng.uniform(280, 420)
        w(x, "PICK", name, f"pick list route UTR-{k + 1:02d}: {rng.randint(11, 16)} stops, {rng.randint(5, 9)} cold drink machines")
        for art, aname, loc, gtin in arts:
            x += rng.uniform(12, 40)
            qty = rng.randint(1, 6) if art.startswith(("FIZZ", "SPA", "FANTA", "RB", "CHAUD", "FUZE")) else rng.randint(1, 3)
            w(x, "PICK", name, f"route UTR-{k + 1:02d} {art} {aname} {qty} tray from {loc}" + (f" (GTIN {gtin})" if gtin else ""))
        w(x + rng.uniform(60, 200), "LOAD", name, f"route UTR-{k + 1:02d} loaded, van {rng.choice(['V-07', 'V-09', 'V-11', 'V-12', 'V-14', 'V-15', 'V-18', 'V-21', 'V-22'])}")
    w(L("10:12:30"), "BLOCK", "g.vanleeuwen", "stock A-12-03 FIZZ-033 (GTIN 8714800012437): blocked for vending routes, ops request INC-548")
    w(L("10:12:58"), "BLOCK", "g.vanleeuwen", "stock A-12-04 FIZZ-Z033 (GTIN 8714800012451): blocked for vending routes, ops request INC-548")
    w(L("10:31:00"), "TRF", "g.vanleeuwen", "transfer request AMF-DC to UTR-DC: FIZZ-033 20 tray, FIZZ-Z033 12 tray (GTIN 8714800012420/8714800012444, standard can)")

    # --- Fieldflow: the motor job, OPS-52's jobs, the technicians ---------------------------
    ff(L("16:21:00", "2026-06-24"), "job.created", "FF-20455", asset=edu["id"], site=edu["site"]["name"],
       summary=f"Selection {motor_sel} blocked twice, spiral motor?", source="console", created_by="femke.bos", priority="normal")
    ff(L("07:48:00"), "job.assigned", "FF-20455", technician="m.yilmaz", planned=f"{hm(L('10:30:00'))}")
    ff(L("10:41:00"), "job.note", "FF-20455", technician="m.yilmaz", note=f"Spiral motor selection {motor_sel} does not reach home position, replaced motor, test vends OK")
    ff(L("11:04:00"), "job.closed", "FF-20455", technician="m.yilmaz", resolution="motor replaced")
    tech_site = tech_m["site"]["name"].split(",")[0]
    stats["tech_site"] = tech_m["site"]["name"]
    cen_job = (jobs.get(tech_m["id"]) or [None])[0]
    if cen_job is None:
        cen_job = open_job(L("09:22:00"), tech_m, "Selections 31 and 32 fail and block, many machines", "console", user="femke.bos")
    ff(L("09:24:10"), "job.assigned", cen_job, technician="m.yilmaz", planned="09:45")
    ff(L("09:50:12"), "job.note", cen_job, technician="m.yilmaz",
       note="Sel 31 and 32 (Fizz Cola and Zero 33cl): the new sleek cans tip forward in the can spiral and wedge against the tray above, nothing reaches the drop sensor. Standard cans fit these spirals. Driver loaded them at 07:xx from the depot's new stock. Moved the sleek cans to spiral 38 (50cl) with the tall spacer, test vends OK. Sel 31/32 empty.".replace("07:xx", hm(visits[tech_m["id"]][0])))
    ff(L("09:51:00"), "job.closed", cen_job, technician="m.yilmaz", resolution="product does not fit spiral")
    techs = ["m.yilmaz", "s.dijkstra", "r.brouwer"]
    for k, m in enumerate(sorted(affected, key=lambda m: fix_at[m["id"]])):
        x = fix_at[m["id"]]
        if m is tech_m or x > t1:
            continue
        job = (jobs.get(m["id"]) or [None])[0]
        if job is None:
            job = open_job(x - rng.uniform(900, 2400), m, "Sleek cans in can spirals (INC-548)", "console", user="femke.bos")
        who = techs[k % 3] if m["site"]["kind"] != "office" else visits[m["id"]][1]
        ff(x + 560, "job.note", job, technician=who, note=rng.choice([
            f"Sleek cans wedged in sel 31/32 as at {tech_site}, moved to the 50cl spiral with the tall spacer",
            f"Same as {tech_site}: sleek cans tip forward against the tray above. Took them out, sel 31/32 empty until standard cans come",
            "Sleek cans tip forward in the can spiral, moved to spiral 38, test vend OK"]))
        ff(x + 600, "job.closed", job, technician=who, resolution="product does not fit spiral")

    # --- support tickets --------------------------------------------------------------------
    pending = []
    routine = [("Munt niet geaccepteerd", "Mijn 2 euro munt valt er steeds weer uit.", ["munten"], "SNACK"),
               ("Automaat leeg", "Bijna alle drankjes zijn op in de automaat, het is 30 graden.", ["vulling"], "COLD"),
               ("Drinken niet koud", "Het flesje water was lauw.", ["koeling"], "COLD"),
               ("Snack blijft hangen", "Mijn Mars hangt vast in de spiraal, geld wel afgeschreven.", ["spiraal"], "SNACK")]
    for k in range(5):
        subj, text, tags, kind = routine[k % len(routine)]
        pending.append((rng.uniform(L("06:30:00"), t1), rng.choice([m for m in machines if m["kind"] == kind]), subj, text, tags))
    texts = [("Cola niet gekregen", "Ik koos Fizz Cola, de automaat draaide maar er kwam niets uit. Geld is niet afgeschreven geloof ik."),
             ("Fizz Cola niet beschikbaar", "Bij de automaat staat Fizz Cola op 'niet beschikbaar' terwijl ik de blikjes zie staan."),
             ("Niets uit de automaat", "Twee keer geprobeerd een cola te kopen, spiraal draait, blikje blijft hangen."),
             ("Blikje vast", "Het blikje cola staat scheef in de automaat en valt niet.")]
    for x, m, sel in tickets_due:
        subj, text = rng.choice(texts)
        pending.append((x, m, subj, text, ["spiraal", "koude dranken"]))
    tno = 67410
    for x, m, subj, text, tags in sorted(pending, key=lambda p: p[0]):
        if x >= t1:
            continue
        tno += rng.randint(1, 4)
        tickets.add(at(x), json.dumps({"id": tno, "created_at": iso_ms(x)[:-5] + "Z", "source": "portal", "type": "Storing",
                                       "subject": subj, "description_text": text, "priority": 1, "status": 2,
                                       "custom_fields": {"cf_machine": m["id"], "cf_site": m["site"]["name"]}, "tags": tags},
                                      ensure_ascii=False))

    # --- #vendhub-oncall ----------------------------------------------------------------------
    users = {"lotte.jansen": "U02LJ6M1Q", "noor.elamrani": "U03NE7Q2L", "femke.bos (fleet ops)": "U05FB1R6M", "bram.verhoeven": "U03BV2H8T",
             "alertmanager": "B01ALRT5Z", "thijs.dewit": "U02TW4K8P", "gert.vanleeuwen (depot UTR)": "U06GL3K9D", "mehmet.yilmaz (techniek)": "U06MY8P4C"}

    def say(x, who, text):
        x += rng.randint(0, 999) / 1000
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "vendhub-oncall", "ts": f"{int(x)}.{t.microsecond:06d}", "user": users[who],
                                 "user_name": who, "text": text}, ensure_ascii=False))

    def fail_pct(a, b):
        s = [r for r in sessions if a <= r[0] < b]
        return round(100 * sum(1 for r in s if r[4]) / max(1, sum(1 for r in s if r[3] or r[4])), 1)

    sleek_before = lambda b: sum(1 for f in sleek_fails if f[0] < b)
    fixed_by = lambda b: sum(1 for m in affected if fix_at[m["id"]] + 600 <= b)
    pct_alert = fail_pct(L("08:21:00"), L("08:36:00"))
    stats["pct_alert"] = pct_alert
    fm = first_m
    n_machines_fail = len({f[1]["id"] for f in sleek_fails if f[0] < L("09:36:00")})
    refail = sum(1 for f in sleek_fails if secs(UNBLOCK) < f[0] < L("09:21:00"))
    others = sum(1 for f in fails if f[3] == "random" and stats["first_fail"] <= f[0] < L("09:36:00"))
    oneoffs = f" and {others} one-off{'s' if others != 1 else ''}" if others else ""
    say(L("06:54:30"), "thijs.dewit", "2.31.0 synced (Argo 06:52): CASH-301 voids at once on a vend failure, OPS-52 warns and opens a Fieldflow job for a blocked selection, ROUTE-112 warns for a scanned GTIN not in the planogram, fastify 4.28.1")
    say(L("07:21:00"), "femke.bos (fleet ops)", f"heat plan: ROUTE-109 put {sum(1 for m in cold if m['id'] in visits)} cold drink machines on today's routes. KNMI code orange from 12:00")
    say(L("08:36:10"), "alertmanager", f"[FIRING:1] VendFailureRate vendhub-prod: {pct_alert}% of cashless vends failed at the machine in the last 15m (threshold 1%)")
    say(L("08:40:00"), "lotte.jansen", f"ack. {sleek_before(L('08:40:00'))} vend failures since {hm(stats['first_fail'])} with 'no product detected by drop sensor', and 'machine blocked selection after vend failures' with a Fieldflow job for each. both are new in 2.31.0 (OPS-52), and CASH-301 changed what we do on a vend failure")
    say(L("08:45:00"), "femke.bos (fleet ops)", f"fleet console: {len(unblocked)} selections blocked right now. runbook says unblock once, doing that now")
    say(L("08:52:30"), "femke.bos (fleet ops)", f"UNBLOCK_SELECTION sent for {len(unblocked)} selections")
    say(L("08:58:00"), "lotte.jansen", "runbook: many machines at once after a release is MDB timing, roll back. rolling back to 2.30.2. INC-548")
    say(L("09:15:30"), "lotte.jansen", "2.30.2 on all three pods (Argo 09:13)")
    say(L("09:21:00"), "femke.bos (fleet ops)", f"they block again, {refail} failures on the unblocked selections already. Educatorium snack sel {motor_sel} too but that's the motor job from yesterday")
    say(L("09:24:30"), "lotte.jansen", "failures go on with 2.30.2, so not the release's MDB handling? TEMP_HIGH at the station machines, is it the heat?")
    say(L("09:29:00"), "femke.bos (fleet ops)", "a warm machine blocks its perishables, not its drinks, and the cans are in spirals. but it's only the cold drink machines")
    say(L("09:36:00"), "bram.verhoeven", f"apart from the Educatorium motor{oneoffs}, every vend failure since {hm(stats['first_fail'])} is selection 31 or 32 of a cold drink machine: Fizz Cola and Fizz Cola Zero 33cl. {n_machines_fail} machines, all on this morning's Utrecht routes and each visited before its first failure (first one {fm['id']} at {fm['site']['name']}, visit {hm(visits[fm['id']][0])}, failure {hm(stats['first_fail'])}). the visits before the rollback have 'restock: scanned GTIN not in planogram' for 31/32: 8714800012437 instead of 8714800012420, same article. nothing from Amersfoort")
    say(L("09:39:30"), "noor.elamrani", "and the failures are the machine's own: the spiral turns twice and nothing crosses the drop sensor, the reader charges nothing. nothing in the MDB exchange is off")
    say(L("09:43:00"), "gert.vanleeuwen (depot UTR)", "Fizz Cola and Zero 33cl come in the new sleek can since yesterday's delivery, purchasing put the new GTINs on the same articles (LBP-2026-017). taller and thinner than the old can. Amersfoort still has the old cans")
    say(L("09:51:00"), "mehmet.yilmaz (techniek)", f"at {tech_m['site']['name']}: the sleek cans tip forward in the can spirals and wedge against the tray above, nothing reaches the drop sensor. moved them to spiral 38 with the tall spacer, test vends OK")
    say(L("09:58:00"), "femke.bos (fleet ops)", f"drivers told: no sleek cans in the can spirals, move them to a 50cl spiral with the tall spacer or take them out. depot blocks the sleek stock for routes and asks Amersfoort for standard cans. technicians and drivers go through the {len(affected)} machines from this morning")
    say(L("10:06:00"), "lotte.jansen", "so not 2.31.0. I'll sync it again when it's quiet, OPS-52's jobs were the useful part")
    say(L("10:58:00"), "femke.bos (fleet ops)", f"{fixed_by(L('10:58:00'))} of {len(affected)} machines done")
    say(L("11:43:30"), "lotte.jansen", "2.31.0 synced again (Argo 11:41). INC-548: supplier packaging change, nothing in vendhub")
    say(L("12:14:00"), "femke.bos (fleet ops)", f"{fixed_by(L('12:14:00'))} of {len(affected)} done. purchasing asks Lowlands whether vending customers can keep the standard can")
    return [app, journal, ingress, wms, fieldflow, argo, tickets, slack], stats


def build(out_dir):
    rng = random.Random(93200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_fail"]).replace(microsecond=0)
        fm = stats["first_machine"]
        first = hm(stats["first_fail"])
        lead = int((onset - DEPLOY_2310).total_seconds() // 60)
        return write_scenario(
            out_dir, name="r93-sleek-can-spiral-jam-none", service=SERVICE, onset=onset,
            description=f"""
Vendel Automaten's cold drink machines in and around Utrecht fail to
deliver Fizz Cola on Thursday 25 June 2026, in a heatwave: from {first} CEST
({onset.strftime('%H:%M:%S')} UTC), at {fm['site']['name']}, the machines turn the spiral and
report a vend failure (the customer is not charged), then block the
selection; more machines follow through the morning. vendhub 2.31.0 had
been synced at 06:52 CEST; it was rolled back to 2.30.2 at 09:13 without
effect, and synced again at 11:41. Fleet ops unblocked the selections at
08:51. Technicians and drivers put the machines right from 09:49. Times in
the TapVend journals and the depot's WMS are local (CEST, +02:00); the WMS
log starts the day before.
""",
            logs=logs,
            line_formats={
                "tapvend-journal.log": r'<Date> <Time> <Zone> <Reader> <Module> <Level> <Content>',
                "wms-depot-utrecht.log": r'<Date> <Time> <Zone> <Site> <Txn>\s+<User>\s+\| <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'no product detected by drop sensor',
                r'new GTIN .* \(sleek can',
                r'sleek cans tip forward in the can spiral',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Lowlands Beverage Partners moved Fizz Cola and Fizz
Cola Zero 33 cl to the sleek can (146 mm high, 58 mm across, the standard
can is 115 mm by 66 mm); Vendel's purchasing entered the new GTINs as the
same articles in the depot's WMS on Wednesday ("new GTIN ... (sleek can
330 ml, h 146 mm, d 58 mm) replaces ... (standard can ...)") and the first
pallets reached depot Utrecht that afternoon; Amersfoort still had the
standard cans. On Thursday's routes the drivers loaded the sleek cans into
the can spirals of {len(stats['affected'])} cold drink machines (the handhelds record the new
GTIN as the same article). Once the standard cans left at the front were
sold, a sleek can tipped forward and wedged against the tray above, and
the machine reported "vend failed, no product detected by drop sensor" and
blocked the selection after the second: {len(stats['sleek_fails'])} failures from {first} CEST,
every one on selection 31 or 32 of a cold drink machine restocked from
Utrecht that morning. A technician at {stats['tech_site']} found the sleek cans
wedged ("the new sleek cans tip forward in the can spiral and wedge against
the tray above"); the drivers moved them to the 50 cl spirals with the tall
spacer and the depot blocked the stock. Nothing in vendhub was changed.
Decoys: release 2.31.0, synced at 06:52 CEST, {lead} minutes before the onset
(CASH-301, the authorisation voided at once on a vend failure, in the very
vend failure handling; OPS-52, which adds the very "machine blocked
selection after vend failures" warning and a technician job for each;
ROUTE-112, a warning for each scanned GTIN not in the planogram; a fastify
bump), rolled back to 2.30.2 at 09:13 without effect and synced again at
11:41; Tuesday's runbook commit that reads vend failures at many machines
after a release as MDB timing and says to roll back; 2.30.2's ROUTE-109,
which put more cold drink machines on the routes in the heat; the heat
itself (cabinet temperature alarms at the station machines); a snack
machine's broken spiral motor at the Educatorium (a real fault, blocked
since Wednesday, failing again when fleet ops unblocked everything); fleet
ops' mass unblock, after which the wedged selections failed and blocked
again; routine single vend failures before the onset.
""",
        )
    finally:
        repo.close()
