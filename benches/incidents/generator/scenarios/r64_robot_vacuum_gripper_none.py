"""robot-dispatch (Go 1.23, slog JSON; two pods on EKS in eu-west-2, synced
by Argo CD from `main`; team in Manchester and Kraków) of Pillwise, an
online pharmacy dispensing from a warehouse in Warrington. Once a
pharmacist has checked a prescription (pv-queue), robot-dispatch sends
an output request for its packs to one of the two pick-and-pack robots
(Medimat MX-4, R1 and R2, over the vendor's TCP protocol), chooses the
robot that holds the stock, and when a robot answers that a pack could
not be output it asks the other robot, or holds the order for a manual
pick from the shelves. The packs go down the conveyor to the pack
benches (packline), which print the courier labels; Royal Mail collects
at 12:30, DPD at 17:30.

Wednesday 25 February: at 09:31 UTC Argo CD syncs robot-dispatch 2.6.0
(RD-211 sends fridge lines to R2 only, in the very router; RD-214 of the
day before logs each incomplete output with the missing packs, the very
warning of the incident; RD-209 shortens the output timeout from 60 to
45 s; an x/net bump). From about 09:57 R1's gripper, whose suction cup has
torn at its lip, reaches its vacuum only on a second try now and then;
from 10:07 it fails three times in a row on more and more picks: the
robot aborts the pick ("vacuum not reached"), marks the location
"check" after three failures, and answers the output request as
incomplete. Packs it had lifted sometimes drop inside the robot. robot-
dispatch moves the missing packs to R2 when R2 has them, else it holds the
order for a manual pick; R2 queues up, the manual-pick list grows, and
orders miss the 12:30 Royal Mail collection.

The on-call reads Tuesday's runbook commit (incomplete outputs right
after a deploy mean a malformed output request, as in January's RD-188;
roll back) and rolls back to 2.5.3 at 10:41: the warnings stop (2.5.3
logs only a status line), the incompletes do not. A picker hears R1
hissing and finds packs on its floor; the robot log's "vacuum not
reached" lines are all R1's; Medimat's remote service sees R1's vacuum
at -0.25 to -0.35 bar where it should reach -0.6, and its engineer, on
site at 12:02, replaces the torn suction cup and the clogged vacuum
filter (R1 out of service 12:06-12:31). R1 then re-checks its blocked
locations, the held orders are picked, and 2.6.0 is synced again at
13:10. Nothing in robot-dispatch caused it.

Sources: robot-dispatch (slog JSON), the robots' controller log (the
vendor's format, line format), packline (Python logging, line format),
pv-queue (pino JSON), Medimat's service portal (ticket updates, JSON),
Argo CD (logfmt), #warehouse-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "robot-dispatch"
START, END = utc("2026-02-25 08:30:00"), utc("2026-02-25 13:40:00")
RELEASE = utc("2026-02-25 09:31:20")
DEGRADE = utc("2026-02-25 09:49:00")
FAILING = utc("2026-02-25 10:02:00")
ROLLBACK = utc("2026-02-25 10:41:40")
ENGINEER = utc("2026-02-25 12:02:00")
R1_DOWN = utc("2026-02-25 12:06:30")
R1_UP = utc("2026-02-25 12:31:10")
REDEPLOY = utc("2026-02-25 13:10:20")
RM_COLLECTION = utc("2026-02-25 12:30:00")

GTINS = ["05017007023913", "05012617019284", "05016695029717", "05012727831046", "05017007025535", "05012617016412",
         "05014438000318", "05000456019187", "05016695035107", "05012617028514", "05017007027614", "05014438003913",
         "05012727835129", "05016695020127", "05000283612402", "05012617033709", "05000456021555", "05016695041238"]
FRIDGE = {"05000456021555", "05016695041238"}


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


GO_MOD = """module github.com/pillwise/robot-dispatch

go 1.23

require (
	github.com/jackc/pgx/v5 v5.7.2
	golang.org/x/net v0.34.0
	github.com/prometheus/client_golang v1.20.5
)
"""

ROUTER = '''package dispatch

import (
	"context"
	"log/slog"
)

// Route picks the robot for an order's packs: the one that holds all of
// them, else R1 for what it has and R2 for the rest.
func (d *Dispatcher) Route(ctx context.Context, o Order) []Request {
	stock := d.stock.For(o.GTINs())
	if r := stock.HoldingAll(); r != "" {
		return []Request{{Robot: r, Order: o.ID, Packs: o.Packs}}
	}
	return stock.Split(o)
}

// Complete handles a robot's output response. Packs the robot could not
// output are asked of the other robot, or the order is held for a manual pick.
func (d *Dispatcher) Complete(ctx context.Context, resp OutputResponse) {
	slog.InfoContext(ctx, "output response", "robot", resp.Robot, "order", resp.Order, "status", resp.Status, "packs", resp.Output, "took_ms", resp.TookMS)
	if resp.Status == StatusComplete {
		return
	}
	missing := resp.Missing()
	if other := d.stock.OtherHolding(resp.Robot, missing); other != "" {
		d.send(ctx, Request{Robot: other, Order: resp.Order, Packs: missing})
		return
	}
	d.holdForManualPick(ctx, resp.Order, missing)
}
'''

CONFIG = """robots:
  R1:
    addr: 10.80.4.21:6050
  R2:
    addr: 10.80.4.22:6050
output_timeout_s: 60
manual_pick_queue: manual-pick
"""

RUNBOOK_ALERTS = [
    ("RobotOutputsIncomplete", "More than 5 % of robot outputs incomplete over 15 minutes. Look at robot-dispatch's output lines and the robot console; a robot in 'Error' state needs the warehouse techs."),
    ("ManualPickBacklog", "More than 30 orders waiting for a manual pick. Tell the shift lead; pickers take them from the shelves in aisle M."),
]


def build_repo():
    repo = Repo()
    ravi = Person("Ravi Chauhan", "ravi.chauhan@pillwise.co.uk", 0)
    marta = Person("Marta Zielińska", "marta.zielinska@pillwise.co.uk", 60)
    kacper = Person("Kacper Wróbel", "kacper.wrobel@pillwise.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/robot-dispatch/main.go": 'package main\n\nimport (\n\t"log/slog"\n\t"os"\n\n\t"github.com/pillwise/robot-dispatch/internal/dispatch"\n)\n\nvar version, commit = "dev", "none"\n\nfunc main() {\n\tslog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))\n\tslog.Info("robot-dispatch starting", "version", version, "commit", commit)\n\tdispatch.Run(os.Getenv("CONFIG"))\n}\n',
        "internal/dispatch/router.go": ROUTER,
        "internal/dispatch/robot.go": 'package dispatch\n\n// Medimat MX-4 output protocol: one TCP connection per robot, an\n// OutputRequest per order, an OutputResponse with Status Complete or\n// Incomplete and the packs output.\n\nconst (\n\tStatusComplete   = "Complete"\n\tStatusIncomplete = "Incomplete"\n)\n',
        "internal/dispatch/manual.go": 'package dispatch\n\nimport (\n\t"context"\n\t"log/slog"\n)\n\nfunc (d *Dispatcher) holdForManualPick(ctx context.Context, order string, packs []Pack) {\n\tslog.WarnContext(ctx, "order held for manual pick", "order", order, "packs", len(packs))\n\td.queue.Push(ctx, "manual-pick", order, packs)\n}\n',
        "internal/dispatch/router_test.go": 'package dispatch\n\nimport "testing"\n\nfunc TestRouteHoldingAll(t *testing.T) {\n\td := newTestDispatcher(map[string][]string{"R1": {"a", "b"}, "R2": {"b"}})\n\tif got := d.Route(nil, order("a", "b")); got[0].Robot != "R1" {\n\t\tt.Fatalf("got %v", got)\n\t}\n}\n',
        "config/production.yaml": CONFIG,
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /robot-dispatch ./cmd/robot-dispatch\n\nFROM gcr.io/distroless/static\nCOPY --from=build /robot-dispatch /robot-dispatch\nENTRYPOINT [\"/robot-dispatch\"]\n",
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: robot-dispatch\n  namespace: fulfilment\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: robot-dispatch\n          image: 318274496210.dkr.ecr.eu-west-2.amazonaws.com/robot-dispatch\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.23'\n      - run: go test ./...\n",
        "README.md": "# robot-dispatch\n\nSends checked prescriptions' packs to the Medimat robots R1 and R2 and\nholds orders for a manual pick when neither can output a pack.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-18 10:00:00"), ravi, "robot-dispatch: route orders to the Medimat robots, manual pick fallback", files)
    crng = random.Random(64203)
    repo.schedule(chores(crng, SERVICE, [ravi, kacper], utc("2026-02-18 11:00:00"), utc("2026-02-19 17:00:00"), 2)
                  + chores(crng, SERVICE, [marta], utc("2026-02-23 09:00:00"), utc("2026-02-24 12:00:00"), 1))
    repo.commit(utc("2026-02-19 15:10:00"), kacper, "stock: refresh the robots' stock every 30 s instead of 120 s (RD-203)", {
        "config/production.yaml": repo.files["config/production.yaml"] + "stock_refresh_s: 30\n",
    })
    rel253 = repo.commit(utc("2026-02-20 11:30:00"), ravi, "release 2.5.3", {
        "CHANGELOG.md": "# Changelog\n\n## 2.5.3\n\n- RD-203 stock refresh 30 s\n",
    })
    repo.commit(utc("2026-02-23 14:05:00"), marta, "robot: output timeout 60 s -> 45 s (RD-209)\n\nA hung output held an order for a minute before we asked the other\nrobot; the robots answer in 20-40 s.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "output_timeout_s: 60\n", "output_timeout_s: 45\n"),
    })
    repo.commit(utc("2026-02-24 10:20:00"), kacper, "dispatch: log incomplete outputs with the missing packs (RD-214)\n\nThe status line says Incomplete but not which packs, so the shift lead\ncould not tell a stock problem from a robot one.", {
        "internal/dispatch/router.go": sub(repo.files["internal/dispatch/router.go"],
                                           "\tmissing := resp.Missing()\n",
                                           "\tmissing := resp.Missing()\n\tslog.WarnContext(ctx, \"robot output incomplete\", \"robot\", resp.Robot, \"order\", resp.Order, \"missing\", GTINs(missing), \"reason\", resp.Reason)\n"),
    })
    repo.commit(utc("2026-02-24 15:40:00"), ravi, "runbook: incomplete robot outputs", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Incomplete robot outputs\n\nIf incomplete outputs jump right after a robot-dispatch deploy, our\noutput request is malformed (January: RD-188 sent the wrong SourceId and\nR2 answered Incomplete for every fridge line): roll back in Argo CD\nfirst. Otherwise check the robot console for an Error state.\n",
    })
    repo.commit(utc("2026-02-25 06:05:00"), bot, "fix(deps): update module golang.org/x/net to v0.35.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.34.0", "golang.org/x/net v0.35.0"),
    })
    repo.commit(utc("2026-02-25 08:48:00"), marta, "router: fridge lines only from R2 (RD-211)\n\nR1's fridge module is being emptied for its service on 3 March.", {
        "internal/dispatch/router.go": sub(repo.files["internal/dispatch/router.go"],
                                           "\tstock := d.stock.For(o.GTINs())\n",
                                           "\tif o.HasFridgeLine() {\n\t\t// R1's fridge is emptied for its service (3 March)\n\t\treturn d.fridgeFromR2(o)\n\t}\n\tstock := d.stock.For(o.GTINs())\n"),
        "internal/dispatch/router_test.go": repo.files["internal/dispatch/router_test.go"] + '\nfunc TestFridgeFromR2(t *testing.T) {\n\td := newTestDispatcher(map[string][]string{"R1": {"f"}, "R2": {"f"}})\n\tif got := d.Route(nil, fridgeOrder("f")); got[0].Robot != "R2" {\n\t\tt.Fatalf("got %v", got)\n\t}\n}\n',
    })
    head = repo.commit(utc("2026-02-25 09:12:00"), ravi, "release 2.6.0", {
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.6.0\n\n- RD-209 output timeout 45 s\n- RD-211 fridge lines from R2\n- RD-214 log incomplete outputs\n- x/net 0.35.0\n",
    })
    after = repo.commit(utc("2026-02-25 13:02:00"), ravi, "runbook: incomplete outputs from one robot are the robot (25 Feb)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "If incomplete outputs jump right after a robot-dispatch deploy,",
                               "First see which robot answers Incomplete and why (`reason`, and the\nrobot log's GRP lines): one robot with \"vacuum not reached\" or dropped\npacks is its gripper (25 Feb: R1's torn suction cup), call Medimat\nservice. If incomplete outputs jump on both robots right after a deploy,"),
    })
    return repo, {"rel253": rel253, "head": head, "after": after}


def build_logs(rng, shas):
    app, robot, pack, pvq, portal, argo, slack = (Log("robot-dispatch.log"), Log("robot-controller.log"), Log("packline.log"), Log("pv-queue.log"),
                                                  Log("medimat-service-portal.log"), Log("argocd.log"), Log("slack-warehouse-ops.log"))
    stats = {"first": None, "incomplete": [], "vac": []}
    pods_old = ["robot-dispatch-5c8d7b6f9-7gkqp", "robot-dispatch-5c8d7b6f9-xr2mn"]
    pods_new = ["robot-dispatch-7f6c9b8d4-h4lzs", "robot-dispatch-7f6c9b8d4-p9wqc"]
    pods_rb = ["robot-dispatch-5c8d7b6f9-b6ktv", "robot-dispatch-5c8d7b6f9-n3jdz"]
    pods_re = ["robot-dispatch-7f6c9b8d4-d8rxm", "robot-dispatch-7f6c9b8d4-s2fvh"]
    epochs = [(utc("2026-02-20 11:52:00"), pods_old, "2.5.3", shas["rel253"]), (RELEASE, pods_new, "2.6.0", shas["head"]),
              (ROLLBACK, pods_rb, "2.5.3", shas["rel253"]), (REDEPLOY, pods_re, "2.6.0", shas["after"])]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def dlog(t, level, msg, **kv):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
            body = {"time": stamp, "level": level, "msg": msg}
            body.update(kv)
            app.add(t, json.dumps(body, separators=(",", ":")))

    for t0, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=k * 16 + rng.uniform(0, 2))
            dlog(t, "INFO", "robot-dispatch starting", version=ver, commit=sha[:7], pod=pod)
            dlog(t + dt.timedelta(milliseconds=230), "INFO", "robot connected", robot="R1", addr="10.80.4.21:6050", pod=pod)
            dlog(t + dt.timedelta(milliseconds=260), "INFO", "robot connected", robot="R2", addr="10.80.4.22:6050", pod=pod)

    def rlog(t, module, msg):
        if START <= t < END:
            robot.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S.')}{t.microsecond // 1000:03d} [{module:<5}] {msg}")

    def plog(t, level, logger, msg, bench="-"):
        if START <= t < END:
            pack.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} [{logger}] [{bench}] {msg}")

    def qlog(t, level, msg, **kv):
        if START <= t < END:
            pvq.add(t, pino(t, level, msg, hostname=rng.choice(["pv-queue-6d8f7c9b5-2lmxq", "pv-queue-6d8f7c9b5-vk9tz"]), **kv))

    def r1_state(t):
        return "OutOfService" if R1_DOWN <= t < R1_UP else "Ready"

    def p_vac_fail(t):
        """Chance that one vacuum attempt of R1's gripper fails."""
        if t < DEGRADE or t >= R1_UP:
            return 0.002
        if t < FAILING:
            return 0.18
        x = min(1.0, (t - FAILING).total_seconds() / 3600)
        return 0.45 + 0.3 * x

    vac_by_min = {}
    inc_by_min = {}
    blocked = []
    manual = []
    t = START
    while t < END:
        for unit in ("R1", "R2"):
            st = r1_state(t) if unit == "R1" else "Ready"
            vac = rng.uniform(-0.66, -0.58) if (unit == "R2" or t < DEGRADE or t >= R1_UP) else (rng.uniform(-0.46, -0.38) if t < FAILING else rng.uniform(-0.36, -0.24))
            rlog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "SYS", f"{unit} state={st} fridge={rng.uniform(4.2, 5.6):.1f}C vacuum_idle={vac:.2f}bar picks_last_5min={rng.randint(14, 40)} queue={rng.randint(0, 5) if unit == 'R1' or t < FAILING or t >= R1_UP else rng.randint(6, 19)}")
        t += dt.timedelta(minutes=5)

    seq = 5120400
    t = START - dt.timedelta(minutes=2)
    pharmacists = ["fadeyemi", "hmurphy", "kpatel", "jthornton"]
    bench_free = {f"bench-{n:02d}": START for n in range(1, 15)}
    jobs = []
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7.0 / 60.0))
        if t >= END:
            break
        seq += 1
        order = f"PW-{seq}"
        n = 1 if rng.random() < 0.62 else (2 if rng.random() < 0.7 else 3)
        gtins = rng.sample(GTINS, n)
        qlog(t - dt.timedelta(seconds=rng.uniform(1, 3)), "info", "clinical check completed", order=order, pharmacist=rng.choice(pharmacists), items=n, took_s=rng.randint(25, 240))
        fridge = any(g in FRIDGE for g in gtins)
        if fridge and epoch_at(t)[2] == "2.6.0":
            unit = "R2"
        elif R1_DOWN <= t < R1_UP:
            unit = "R2"
        else:
            unit = "R1" if rng.random() < 0.52 else "R2"
        req = f"{rng.randint(100000, 999999)}"
        dlog(t, "INFO", "output request sent", robot=unit, order=order, request=req, packs=n)
        rlog(t + dt.timedelta(milliseconds=rng.randint(40, 200)), "OUT", f"{unit} OutputRequest {req} received order={order} packs={n} target=conveyor")
        cur = t + dt.timedelta(seconds=rng.uniform(2, 8))
        if unit == "R2" and FAILING <= t < R1_UP + dt.timedelta(minutes=10):
            cur += dt.timedelta(seconds=rng.uniform(20, 140))  # R2 takes R1's work too
        missing = []
        for g in gtins:
            loc = f"{unit}-{rng.randint(1, 9)}{rng.choice('ABCDEFG')}{rng.randint(10, 99)}"
            if unit == "R1" and (R1_DOWN > cur >= DEGRADE or cur >= R1_UP):
                tries = 0
                ok = False
                while tries < 3:
                    tries += 1
                    cur += dt.timedelta(seconds=rng.uniform(3, 7))
                    if rng.random() >= p_vac_fail(cur):
                        ok = True
                        break
                    level = rng.uniform(-0.37, -0.22)
                    rlog(cur, "GRP", f"R1 gripper vacuum not reached: {level:.2f} bar (min -0.45 bar) location={loc} gtin={g} attempt={tries}/3")
                    m = cur.replace(second=0, microsecond=0)
                    vac_by_min[m] = vac_by_min.get(m, 0) + 1
                    stats["vac"].append(cur)
                if not ok:
                    rlog(cur + dt.timedelta(milliseconds=300), "GRP", f"R1 pick aborted location={loc} gtin={g}: location set to CHECK after 3 failed picks")
                    blocked.append((cur, loc, g))
                    missing.append(g)
                    continue
                if rng.random() < (0.04 if cur >= FAILING and cur < R1_UP else 0.0):
                    rlog(cur + dt.timedelta(seconds=rng.uniform(1, 3)), "GRP", f"R1 pack lost during transport gtin={g} from={loc}: light barrier not passed, pack counted as missing")
                    missing.append(g)
                    continue
            cur += dt.timedelta(seconds=rng.uniform(4, 12))
            rlog(cur, "OUT", f"{unit} picked gtin={g} from={loc}")
        cur += dt.timedelta(seconds=rng.uniform(8, 20))
        status = "Incomplete" if missing else "Complete"
        rlog(cur, "OUT", f"{unit} OutputRequest {req} {status.lower()} packs_out={n - len(missing)}/{n}")
        ver = epoch_at(cur)[2]
        dlog(cur + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "output response", robot=unit, order=order, status=status, packs=n - len(missing), took_ms=int((cur - t).total_seconds() * 1000))
        if missing:
            te = cur + dt.timedelta(milliseconds=rng.randint(90, 140))
            if ver == "2.6.0":
                dlog(te, "WARN", "robot output incomplete", robot=unit, order=order, missing=missing, reason="pick_failed")
            if stats["first"] is None and START <= te:
                stats["first"] = te
            m = te.replace(second=0, microsecond=0)
            inc_by_min[m] = inc_by_min.get(m, 0) + 1
            stats["incomplete"].append(te)
            other = "R2" if unit == "R1" else "R1"
            if rng.random() < 0.55:
                req2 = f"{rng.randint(100000, 999999)}"
                dlog(te + dt.timedelta(milliseconds=30), "INFO", "output request sent", robot=other, order=order, request=req2, packs=len(missing), retry_of=req)
                rlog(te + dt.timedelta(milliseconds=200), "OUT", f"{other} OutputRequest {req2} received order={order} packs={len(missing)} target=conveyor")
                c2 = te + dt.timedelta(seconds=rng.uniform(60, 200))
                rlog(c2, "OUT", f"{other} OutputRequest {req2} complete packs_out={len(missing)}/{len(missing)}")
                dlog(c2 + dt.timedelta(milliseconds=40), "INFO", "output response", robot=other, order=order, status="Complete", packs=len(missing), took_ms=int((c2 - te).total_seconds() * 1000))
                jobs.append((c2, order, n))
            else:
                dlog(te + dt.timedelta(milliseconds=30), "WARN", "order held for manual pick", order=order, packs=len(missing))
                qlog(te + dt.timedelta(seconds=1), "warn", "exception raised", order=order, source="robot-dispatch", reason="manual_pick", queue="manual-pick")
                manual.append((te, order, n))
        else:
            jobs.append((cur, order, n))

    # manual picks: two pickers from the shelves, about 3 minutes an order
    mp = utc("2026-02-25 10:20:00")
    for te, order, n in sorted(manual):
        mp = max(mp, te + dt.timedelta(minutes=4)) + dt.timedelta(seconds=rng.uniform(60, 160))
        if mp >= END:
            break
        qlog(mp, "info", "exception resolved", order=order, resolution="manual_pick", picker=rng.choice(["amoss", "tokafor"]))
        jobs.append((mp + dt.timedelta(seconds=30), order, n))

    for tout, order, n in sorted(jobs):
        bench = min(bench_free, key=lambda b: (bench_free[b], b))
        ts = max(tout + dt.timedelta(seconds=rng.uniform(40, 110)), bench_free[bench])
        if ts >= END:
            continue
        plog(ts, "INFO", "packline.bench", f"tote opened order={order} items={n}", bench)
        cur = ts
        for _ in range(n):
            cur += dt.timedelta(seconds=rng.uniform(4, 14))
            plog(cur, "INFO", "packline.bench", f"pack scanned order={order} match=ok", bench)
        cur += dt.timedelta(seconds=rng.uniform(3, 8))
        carrier, service = ("royal-mail", "tracked-24") if rng.random() < 0.35 else ("dpd", "next-day")
        if carrier == "royal-mail" and cur >= RM_COLLECTION:
            plog(cur, "INFO", "packline.labels", f"collection missed, label dated tomorrow order={order} carrier=royal-mail", bench)
        took = max(60, int(rng.lognormvariate(0, 0.5) * 400))
        plog(cur + dt.timedelta(milliseconds=took), "INFO", "packline.labels", f"label created order={order} carrier={carrier} service={service} took={took}ms", bench)
        bench_free[bench] = cur + dt.timedelta(seconds=rng.uniform(5, 25))

    # R1 out of service and the location check after the repair
    rlog(R1_DOWN, "SYS", "R1 state change Ready -> OutOfService by user=medimat-svc (service intervention)")
    rlog(R1_DOWN + dt.timedelta(minutes=14), "GRP", "R1 gripper head: suction cup replaced (part 4410-118), vacuum filter replaced (part 4410-207)")
    rlog(R1_UP - dt.timedelta(minutes=2), "GRP", "R1 gripper vacuum test: -0.64 bar reached in 180 ms (min -0.45 bar) OK")
    rlog(R1_UP, "SYS", "R1 state change OutOfService -> Ready by user=medimat-svc")
    cur = R1_UP + dt.timedelta(minutes=3)
    rlog(cur, "STOCK", f"R1 location check started: {len(blocked)} locations in CHECK")
    for tb, loc, g in blocked:
        cur += dt.timedelta(seconds=rng.uniform(8, 20))
        rlog(cur, "STOCK", f"R1 location {loc} checked: gtin={g} packs found, location released")
    rlog(cur + dt.timedelta(seconds=5), "STOCK", f"R1 location check finished: {len(blocked)} released")

    # routine robot noise
    for _ in range(6):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        rlog(tx, "OUT", f"R2 conveyor photo eye CV-3 blocked for 4.1 s, cleared")
    for _ in range(3):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        dlog(tx, "WARN", "stock refresh slow", robot=rng.choice(["R1", "R2"]), took_ms=rng.randint(2100, 3900))

    # pv-queue depth
    mm = START
    while mm < END:
        open_m = sum(1 for te, *_ in manual if te <= mm) - sum(1 for te, *_ in manual if te + dt.timedelta(minutes=9) <= mm and mm >= utc("2026-02-25 10:25:00"))
        qlog(mm + dt.timedelta(seconds=rng.uniform(0, 3)), "info", "queue depth", queue="manual-pick", open=max(0, open_m))
        qlog(mm + dt.timedelta(seconds=rng.uniform(3, 6)), "info", "queue depth", queue="clinical_check", open=rng.randint(8, 40))
        mm += dt.timedelta(minutes=5)

    # --- Medimat service portal
    def ticket(t, status, text, who):
        portal.add(t, json.dumps({"updated_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": "MSP-2026-011873", "customer": "Pillwise Warrington",
                                  "system": "MX-4 R1 (SN 4MX-21-0387)", "priority": "P1" if status != "resolved" else "P1", "status": status,
                                  "by": who, "text": text}, ensure_ascii=False))

    ticket(utc("2026-02-25 11:08:40"), "new", "Robot R1 dropping packs and aborting picks since ~10:00, many locations in CHECK. Picker hears hissing from the gripper.", "jkowalczyk@pillwise.co.uk")
    ticket(utc("2026-02-25 11:21:15"), "in_progress", "Remote session: R1 gripper vacuum reaches -0.25 to -0.35 bar (nominal -0.60, min -0.45), vacuum not reached on most first attempts since about 10:05. Likely suction cup wear or leak; engineer dispatched, ETA 12:00.", "Medimat Remote Service (L. Fischer)")
    ticket(utc("2026-02-25 12:33:30"), "in_progress", "On site: suction cup torn at the lip, vacuum filter clogged with carton dust. Both replaced, vacuum test -0.64 bar OK. R1 back in service 12:31, location check running.", "Medimat Field Service (G. Owens)")
    ticket(utc("2026-02-25 13:06:00"), "resolved", "Location check finished, all locations released. Recommend filter change every 3 months (last: October).", "Medimat Field Service (G. Owens)")

    # --- Argo CD
    def alog(t, msg, level="info", **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/robot-dispatch"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        if START <= t < END:
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "fulfilment", "time_ms": rng.randint(40, 160)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        alog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "fulfilment"}, **extra)
        alog(t + dt.timedelta(seconds=2), "apps/Deployment fulfilment/robot-dispatch configured", revision=sha)
        alog(t + dt.timedelta(seconds=31), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=32), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=15), shas["head"], 31)
    alog(ROLLBACK - dt.timedelta(seconds=17), f"Rollback to history ID 30 ({shas['rel253']}); automated sync disabled", user="ravi.chauhan@pillwise.co.uk")
    sync(ROLLBACK - dt.timedelta(seconds=15), shas["rel253"], 32, auto=False, user="ravi.chauhan@pillwise.co.uk")
    alog(REDEPLOY - dt.timedelta(seconds=17), "automated sync enabled", user="ravi.chauhan@pillwise.co.uk")
    sync(REDEPLOY - dt.timedelta(seconds=15), shas["after"], 33)

    # --- Slack
    users = {"alertmanager": "B02ALRT9K", "ravi.chauhan": "U02RC4K8N", "marta.zielinska": "U03MZ5W1R", "kacper.wrobel": "U04KW8D2X",
             "jkowalczyk (shift lead)": "U05JK2P6L", "amoss (picker)": "U06AM3Q9F", "fadeyemi (pharmacist)": "U04FA6M1C"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "warehouse-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say(RELEASE - dt.timedelta(minutes=3), "ravi.chauhan", "robot-dispatch 2.6.0 syncing: fridge lines from R2 only (RD-211), 45 s output timeout, incomplete-output logging, x/net")
    say(RELEASE + dt.timedelta(minutes=2), "ravi.chauhan", "2.6.0 healthy, outputs flowing")
    say(FAILING + dt.timedelta(minutes=13), "alertmanager", "[FIRING:1] RobotOutputsIncomplete robot-dispatch: 7.9% of outputs incomplete (15m)")
    say(FAILING + dt.timedelta(minutes=16), "ravi.chauhan", "ack. 'robot output incomplete' warnings since 10:08, reason=pick_failed. 2.6.0 went out at 09:31 and changed the router. runbook says a jump after a deploy is our output request")
    say(FAILING + dt.timedelta(minutes=25), "jkowalczyk (shift lead)", "manual pick list is growing, 2 pickers on it. R2's queue is long")
    say(ROLLBACK - dt.timedelta(minutes=1), "ravi.chauhan", "rolling back to 2.5.3 in Argo per runbook")
    say(ROLLBACK + dt.timedelta(minutes=6), "ravi.chauhan", "2.5.3 running. warnings gone (2.5.3 doesn't have RD-214) but 'output response ... status=Incomplete' keeps coming. so not the release?")
    say(utc("2026-02-25 10:55:10"), "kacper.wrobel", "every Incomplete is robot=R1. R2 is clean. and the robot log has lots of 'R1 gripper vacuum not reached' from 09:57, with R1 locations going to CHECK")
    say(utc("2026-02-25 11:01:30"), "amoss (picker)", "R1 is hissing when the gripper goes down, there are 6 or 7 packs lying on the floor of the robot")
    say(utc("2026-02-25 11:09:00"), "jkowalczyk (shift lead)", "opened P1 with Medimat, MSP-2026-011873")
    say(utc("2026-02-25 11:23:00"), "jkowalczyk (shift lead)", "Medimat remote: R1 vacuum -0.25 to -0.35 bar, should be -0.6. engineer on the way, ETA 12:00")
    say(utc("2026-02-25 11:48:00"), "fadeyemi (pharmacist)", "Royal Mail collection 12:30 - anything not labelled by then goes tomorrow. prioritising RM orders on manual pick")
    say(R1_DOWN - dt.timedelta(minutes=1), "jkowalczyk (shift lead)", "engineer here, R1 out of service from now. everything goes to R2")
    say(R1_UP + dt.timedelta(minutes=2), "jkowalczyk (shift lead)", "torn suction cup and a clogged vacuum filter. replaced, R1 back, location check running")
    say(utc("2026-02-25 13:08:00"), "ravi.chauhan", "R1 clean since 12:31. re-enabling auto-sync, 2.6.0 goes out again with a runbook note. it was never the release")
    stats["vac_by_min"], stats["inc_by_min"] = vac_by_min, inc_by_min
    return [app, robot, pack, pvq, portal, argo, slack], stats


def build(out_dir):
    rng = random.Random(64200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert utc("2026-02-25 09:50:00") <= onset <= utc("2026-02-25 10:10:00"), onset
        inc = stats["inc_by_min"]

        def per15(t):
            return sum(v for m, v in inc.items() if t - dt.timedelta(minutes=15) < m <= t)

        metrics = {
            "robot_dispatch_outputs_incomplete_15m.json": query_range([({"job": "robot-dispatch", "robot": "R1"}, per15), ({"job": "robot-dispatch", "robot": "R2"}, lambda t: 0)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r64-robot-vacuum-gripper-none", service=SERVICE, onset=onset,
            description=f"""
Orders pile up for manual picks at an online pharmacy's warehouse on
Wednesday 25 February: from {onset.strftime('%H:%M:%S')} UTC robot outputs come back
incomplete, robot-dispatch sends the missing packs to the other robot or
holds the orders for a manual pick, the manual-pick list grows and orders
miss the 12:30 Royal Mail collection. robot-dispatch 2.6.0 had been
synced at 09:31; a rollback to 2.5.3 at 10:41 did not help. One robot
was out of service for a repair from 12:06 to 12:31.
""",
            logs=logs,
            line_formats={
                "robot-controller.log": r'<Date> <Time> \[<Module>\s*\] <Content>',
                "packline.log": r'<Date> <Time> <Level> \[<Logger>\] \[<Bench>\] <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'gripper vacuum not reached',
                r'pick aborted .*location set to CHECK after',
                r'suction cup torn',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. R1's gripper suction cup had torn at its lip and
its vacuum filter was clogged with carton dust: from 09:57 the gripper
reached its vacuum only on a second try now and then ("R1 gripper vacuum
not reached: -0.3x bar (min -0.45 bar) ... attempt=1/3"), from 10:07 it
failed three times in a row on more and more picks ("R1 pick aborted ...
location set to CHECK after 3 failed picks", and packs lost during
transport), and R1 answered those outputs Incomplete; R2 was clean.
Medimat's remote service saw R1's vacuum at -0.25 to -0.35 bar; its
engineer replaced the suction cup and the filter ("suction cup torn at
the lip, vacuum filter clogged") and R1 released its blocked locations
after 12:31. Nothing in robot-dispatch is changed for it.
Decoys: 2.6.0, synced at 09:31, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, which holds
RD-211 (fridge lines only from R2, in the very router), RD-214 (the day
before: the very "robot output incomplete" warning), RD-209 (output
timeout 60 -> 45 s) and an x/net bump; the rollback to 2.5.3 at 10:41,
after which the warning vanishes and 2.5.3's "output response ...
status=Incomplete" lines go on; the runbook commit that reads incomplete
outputs after a deploy as a malformed output request; the orders held for
manual picks and R2's long queue (symptoms); routine lines (R2's photo
eye, slow stock refreshes, Royal Mail labels dated tomorrow after 12:30).
""",
        )
    finally:
        repo.close()
