"""cellarman (the same Go service four weeks later, now 4.x: recipe steps,
jacket setpoints, crash slots, the chiller's Modbus gauge, and since
August the carbonation of the bright tanks: CO2 through a stone, metered
by a mass flow controller, and each bright tank's head pressure) at Pine
Marten Brewing in Bend, Oregon. All of the brewery's CO2 comes from one
6-ton bulk tank in the yard, owned, filled and watched by the gas
supplier Cascadia Gas & Welding (telemetry every hour, automatic delivery
at 30 %): through a vaporizer and a regulator it feeds the plant's CO2
header at 90 psi, which serves the bottling line's filler (counter
pressure, pre-evacuation purge), the keg filler, the bright tanks' head
pressure and stones, and the CO2 pushes of transfers. The utilities PLC
(UTIL1) logs the header.

Monday 24 August: the bulk tank reports 25 % and Cascadia schedules
delivery DN-448213 for Tuesday. Tuesday 10:05 PDT Cascadia's portal
reschedules it to Thursday, "product allocation": an ethanol plant that
supplies its Pasco terminal is down and Cascadia rations CO2 to its
customers; the notice goes to purchasing's shared inbox, which nobody
reads on Tuesday. Tuesday 17:30 PDT cellarman 4.2.0 goes out: CEL-260
replaces the stepwise carbonation with a PI loop on the stone's flow (the
very carbonation code), CEL-262 warns "BBT head pressure below setpoint"
(the very warning that fills the log on Wednesday), CEL-258 a recipe, a
pgx bump. A runbook commit the same day reads carbonation falling behind
or head pressure low right after a release as the release (roll back) and
otherwise as a clogged stone.

Wednesday 26 August: bottling (Trailhead Pale from BBT2) and kegging
start at 06:30 and draw CO2 at the day rate (the telemetry had said
"CRITICAL LEVEL" on Tuesday morning). The tank runs out of liquid at
about 08:00; the header holds until the tank's vapour is spent, then falls: UTIL1
"CO2 header pressure LOW" at 80 psi, the filler stops at 55 psi ("CO2
supply pressure low"), the keg filler aborts its purges, the stones' flow
goes to zero, the bright tanks' head pressure sags and a transfer from FV06
to BBT4 slows to a trickle. Kenji (on call) sees 4.2.0's new warnings and
CEL-260 and rolls back to 4.1.3 at 08:41: the head pressure warnings go,
the carbonation lines still show no flow, the filler stays down. Jess
(packaging) reads "CO2 supply pressure low" on the filler's HMI, Rafael
(maintenance) finds the bulk tank's gauge at empty and its pressure
under 30 psi, Aimee (purchasing) finds Cascadia's Tuesday notice. A manifold of
cylinders feeds the filler from 09:50 at a reduced speed; Cascadia sends
an emergency load at 13:30 and the header is back at 90 psi by 13:55;
4.2.0 is deployed again at 14:20. Nothing in cellarman is changed.

Sources: cellarman (Go slog text), the utilities PLC (UTIL1, local time,
line format), Cascadia's telemetry portal export (JSON lines, from
Monday), the bottling line (syslog RFC 3164), kegtrack (pino JSON), the
cellar server's journal (journalctl short-iso), #cellar-ops (Slack export,
JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores
from scenarios.r104_shift_window_crash_slots import (CONTROLLER_GO, CRASH_V1, GLYCOL_MD, GO_MOD, MAIN_GO, RECIPE_HAZY,
                                                     RUNBOOK_MD, SLOTS_GO, sub)

SERVICE = "cellarman"
PDT = dt.timezone(dt.timedelta(hours=-7))


def pdt(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PDT).astimezone(dt.timezone.utc)


START, END = pdt("2026-08-26 05:30:00"), pdt("2026-08-26 14:40:00")
RELEASE = pdt("2026-08-25 17:30:20")
ROLLBACK = pdt("2026-08-26 08:41:10")
MANIFOLD = pdt("2026-08-26 09:50:00")
DELIVERY = pdt("2026-08-26 13:30:00")
RESTORED = pdt("2026-08-26 13:55:00")
REDEPLOY = pdt("2026-08-26 14:20:30")
PROD_START = pdt("2026-08-26 06:30:00")

CARB_V1 = """package ferment

import (
\t"context"
\t"time"
)

// Carbonation: a bright tank's beer is brought to its recipe's volumes of
// CO2 through the stone; the mass flow controller's setpoint goes up in
// steps while the dissolved CO2 (inline sensor) is below target.
func (c *Controller) carbonate(ctx context.Context, t *Tank) error {
\tif t.Step != StepCarbonate {
\t\treturn nil
\t}
\tgap := t.Recipe.TargetVols - t.Vols
\tflow := 1.0
\tif gap > 0.3 {
\t\tflow = 3.0
\t}
\tif err := c.plc.WriteStoneFlow(ctx, t.ID, flow); err != nil {
\t\treturn err
\t}
\tc.log.Info("carbonation step", "tank", t.ID, "vols", t.Vols, "target_vols", t.Recipe.TargetVols, "stone_flow_kgh", t.StoneFlow, "flow_setpoint_kgh", flow)
\tif t.Behind(time.Now()) {
\t\tc.log.Warn("carbonation behind schedule", "tank", t.ID, "vols", t.Vols, "expected_vols", t.ExpectedVols(time.Now()), "stone_flow_kgh", t.StoneFlow)
\t}
\treturn nil
}
"""


def build_repo():
    repo = Repo()
    dana = Person("Dana Kowalski", "dana@pinemartenbrewing.com", -420)
    kenji = Person("Kenji Watanabe", "kenji@pinemartenbrewing.com", -420)
    ines = Person("Ines Moreau", "ines.moreau@pinemartenbrewing.com", 120)
    owen = Person("Owen Pratt", "owen@pinemartenbrewing.com", -420)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    config = ("# cellarman production config (cellar-srv01)\nplc:\n  endpoint: opc.tcp://plc-cellar01.brewery.lan:4840\n  security_policy: Basic256Sha256\n"
              "database_url: postgres://cellarman@cellar-srv01.brewery.lan/cellarman\ncrash:\n  slots: 2\n  shift_window: {days: Mon-Fri, opens: \"06:00\", closes: \"14:00\", tz: America/Los_Angeles}\n"
              "glycol:\n  chiller_modbus: tcp://ch1-gw.brewery.lan:502\n  supply_limit_f: 30.0\ncarbonation:\n  stone_max_kgh: 3.0\n  behind_after_h: 2\nalarms:\n  deviation_f: 1.0\n")
    files = {
        "go.mod": GO_MOD.replace("pgx/v5 v5.6.0", "pgx/v5 v5.6.1"),
        "VERSION": "4.1.2\n",
        "cmd/cellarman/main.go": MAIN_GO,
        "internal/ferment/controller.go": CONTROLLER_GO,
        "internal/ferment/crash.go": CRASH_V1,
        "internal/ferment/slots.go": SLOTS_GO,
        "internal/ferment/carbonation.go": CARB_V1,
        "internal/ferment/bright.go": "package ferment\n\n// Bright tanks hold finished beer under CO2 head pressure (recipe\n// head_psi, 12-14 psi) until packaging; the PLC's regulator keeps it.\n",
        "internal/glycol/chiller.go": "package glycol\n\n// Poll reads CH1 over Modbus every minute (GLY-14).\n",
        "internal/plc/opcua.go": "package plc\n\n// Conn writes setpoints to the cellar PLC (OPC UA) and reads temperatures,\n// valves, the densitometer, dissolved CO2 and head pressures.\n",
        "config/cellarman.yaml": config,
        "config/recipes/hazy-hydrant.yaml": RECIPE_HAZY + "target_vols: 2.5\nhead_psi: 12\n",
        "config/recipes/trailhead-pale.yaml": "name: Trailhead Pale\nstyle: American Pale Ale\nsteps:\n  - {step: ferment, setpoint_f: 66.0}\n  - {step: crash, setpoint_f: 33.0}\n  - {step: carbonate, setpoint_f: 33.0}\ntarget_vols: 2.6\nhead_psi: 12\nterminal_plato: 2.8\n",
        "config/recipes/obsidian-porter.yaml": "name: Obsidian Porter\nstyle: Porter\nsteps:\n  - {step: ferment, setpoint_f: 66.0}\n  - {step: crash, setpoint_f: 34.0}\n  - {step: carbonate, setpoint_f: 34.0}\ntarget_vols: 2.3\nhead_psi: 11\nterminal_plato: 4.2\n",
        "docs/glycol.md": GLYCOL_MD,
        "docs/runbook.md": RUNBOOK_MD,
        "deploy/compose.yaml": "services:\n  cellarman:\n    image: registry.gitlab.com/pinemartenbrewing/cellarman:${VERSION}\n    restart: unless-stopped\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\ntest:\n  image: golang:1.22\n  script: [go vet ./..., go test ./...]\ndeploy:\n  stage: deploy\n  when: manual\n  tags: [cellar-srv01]\n  script: [sudo /usr/local/bin/deploy-cellarman $VERSION $CI_COMMIT_SHORT_SHA $GITLAB_USER_LOGIN $CI_PIPELINE_ID]\n",
        "README.md": "# cellarman\n\nFermentation cellar control for Pine Marten Brewing: recipe steps per\nbatch, jacket setpoints and carbonation over OPC UA, crash scheduling\nwithin the glycol loop's limits.\n",
    }
    repo.commit(utc("2026-08-14 16:30:00"), dana, "cellarman 4.1: carbonation of the bright tanks through the stones (CEL-240)", files)
    crng = random.Random(104203)
    repo.schedule(chores(crng, SERVICE, [dana, ines], utc("2026-08-17 09:00:00"), utc("2026-08-18 23:00:00"), 2)
                  + chores(crng, SERVICE, [kenji], utc("2026-08-20 16:00:00"), utc("2026-08-21 23:00:00"), 1))
    repo.commit(utc("2026-08-18 17:45:00"), ines, "carbonation: skip a tank whose dissolved CO2 sensor reads 0 (CEL-249)", {
        "internal/ferment/carbonation.go": sub(repo.files["internal/ferment/carbonation.go"], "\tgap := t.Recipe.TargetVols - t.Vols\n",
                                               "\tif t.Vols == 0 {\n\t\tc.log.Warn(\"dissolved CO2 sensor reads 0, skipping\", \"tank\", t.ID)\n\t\treturn nil\n\t}\n\tgap := t.Recipe.TargetVols - t.Vols\n"),
    })
    v413 = repo.commit(utc("2026-08-19 21:10:00"), kenji, "release 4.1.3", {"VERSION": "4.1.3\n"})
    repo.commit(utc("2026-08-20 18:20:00"), dana, "docs: utilities the cellar depends on", {
        "docs/utilities.md": "# Utilities\n\n- **CO2**: one 6-ton bulk tank in the yard, owned and filled by Cascadia Gas &\n  Welding. Their telemetry orders a delivery at 30 %; alerts go to\n  purchasing@. Header 90 psi (UTIL1), filler needs 55 psi, keg filler 45 psi.\n- **Air**: two screw compressors, 120 psi header (UTIL1).\n- **Glycol**: see glycol.md.\n",
    })
    repo.commit(utc("2026-08-24 15:10:00"), dana, "carbonation: PI control of the stone's flow (CEL-260)\n\nThe steps overshot on the small BBTs and took 14 h on the big ones; a PI\nloop on the dissolved CO2 gets Trailhead to 2.6 vols in about 9 h.", {
        "internal/ferment/carbonation.go": sub(repo.files["internal/ferment/carbonation.go"],
                                               "\tgap := t.Recipe.TargetVols - t.Vols\n\tflow := 1.0\n\tif gap > 0.3 {\n\t\tflow = 3.0\n\t}\n",
                                               "\tgap := t.Recipe.TargetVols - t.Vols\n\tc.carbI[t.ID] += gap * c.cfg.Carbonation.Ki\n\tflow := clamp(gap*c.cfg.Carbonation.Kp+c.carbI[t.ID], 0, c.cfg.Carbonation.StoneMaxKgh)\n"),
        "config/cellarman.yaml": sub(repo.files["config/cellarman.yaml"], "  stone_max_kgh: 3.0\n", "  stone_max_kgh: 3.0\n  kp: 6.0\n  ki: 0.05\n"),
    })
    repo.commit(utc("2026-08-24 21:30:00"), ines, "bright: warn when a bright tank's head pressure is below its setpoint (CEL-262)", {
        "internal/ferment/bright.go": repo.files["internal/ferment/bright.go"] + "\nfunc (c *Controller) checkHeadPressure(t *Tank) {\n\tif t.HeadPsi < t.Recipe.HeadPsi-2 {\n\t\tc.log.Warn(\"BBT head pressure below setpoint\", \"tank\", t.ID, \"psi\", t.HeadPsi, \"setpoint_psi\", t.Recipe.HeadPsi)\n\t}\n}\n",
    })
    repo.commit(utc("2026-08-25 16:05:00"), kenji, "runbook: CarbonationBehind and BBT head pressure", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## CarbonationBehind\n\nA bright tank is more than 0.2 vols behind its carbonation schedule, or\nits head pressure is low. Right after a cellarman release this is almost\nalways the carbonation controller (CEL-260 is new): roll back in GitLab.\nOtherwise the stone is clogged: the cellar pulls and soaks it.\n",
    })
    repo.commit(utc("2026-08-25 18:40:00"), owen, "recipes: Obsidian Porter 2.2 vols, head 10 psi (CEL-258)", {
        "config/recipes/obsidian-porter.yaml": sub(repo.files["config/recipes/obsidian-porter.yaml"], "target_vols: 2.3\nhead_psi: 11\n", "target_vols: 2.2\nhead_psi: 10\n"),
    })
    v420 = repo.commit(utc("2026-08-25 23:55:00"), kenji, "release 4.2.0", {
        "VERSION": "4.2.0\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.2.0\n\n- PI control of the carbonation stones (CEL-260).\n- Warning when a BBT's head pressure is low (CEL-262).\n- Obsidian Porter carbonation (CEL-258).\n",
    })
    repo.commit(utc("2026-08-26 10:00:00"), bot, "fix(deps): update module github.com/prometheus/client_golang to v1.20.2", {
        "go.mod": sub(repo.files["go.mod"], "client_golang v1.19.1", "client_golang v1.20.2"),
    })
    after = repo.commit(utc("2026-08-26 21:15:00"), kenji, "runbook: check the CO2 header before rolling back", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Right after a cellarman release this is almost\nalways the carbonation controller (CEL-260 is new): roll back in GitLab.\n",
                               "First check the CO2 header on UTIL1 and the\nstone's flow: no flow at full setpoint is no CO2 (26 Aug: the bulk tank ran\ndry, Cascadia had postponed the delivery). Otherwise the stone is clogged.\n"),
    })
    return repo, {"v413": v413, "v420": v420, "after": after}


# ---------------------------------------------------------------------------
# CO2: the bulk tank and the header


def co2_model():
    """Bulk tank level (kg) per minute from Monday noon, the day's draw, the
    header pressure; returns dict minute -> (level_kg, tank_psi, header_psi)."""
    out = {}
    level = 810.0
    t = pdt("2026-08-24 12:00:00")
    empty_at = None
    tank_psi = 290.0
    while t <= END:
        lt = t.astimezone(PDT)
        day = 6 <= lt.hour < 15 and lt.weekday() < 5
        draw = (38.0 if day else 9.0) / 60.0
        if t >= PROD_START and t < DELIVERY:
            draw = 44.0 / 60.0
        if t >= DELIVERY and level < 100:
            level += 5100.0
        level = max(0.0, level - draw)
        if level == 0.0 and empty_at is None:
            empty_at = t
        if level > 0:
            tank_psi = 290.0 + (5 if level > 1000 else 0)
            header = 90.0
        else:
            mins = (t - empty_at).total_seconds() / 60
            raw = 290.0 - 55.0 * mins
            header = 90.0 if raw > 100 else max(17.0 + 1.5 * ((int(mins) * 7919) % 13) / 13, 90.0 - 4.0 * (mins - 3.5))
            tank_psi = max(header + 4.0, raw)
        if t >= DELIVERY:
            mins = (t - DELIVERY).total_seconds() / 60
            tank_psi = min(295.0, 22.0 + 12.0 * mins)
            header = 90.0 if t >= RESTORED else min(90.0, 18.0 + 3.0 * max(0.0, mins - 1))
        out[t] = (level, tank_psi, header)
        t += dt.timedelta(minutes=1)
    return out, empty_at


def build_logs(rng, shas, co2, empty_at):
    app, util, portal, line, keg, journal, slack = (Log("cellarman.log"), Log("util1-plc.log"), Log("cascadia-telemetry.log"),
                                                    Log("bottling-line.log"), Log("kegtrack.log"), Log("cellar-srv01-journal.log"),
                                                    Log("slack-cellar-ops.log"))
    stats = {}

    def at(t):
        key = t.replace(second=0, microsecond=0)
        return co2.get(key, co2[min(co2)])

    epochs = [(RELEASE, "4.2.0", shas["v420"]), (ROLLBACK, "4.1.3", shas["v413"]), (REDEPLOY, "4.2.0", shas["v420"])]

    def version_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0] + dt.timedelta(seconds=14):
                cur = e
        return cur[1]

    def is_down(t):
        return any(e[0] <= t < e[0] + dt.timedelta(seconds=14) for e in epochs[1:])

    F = "internal/ferment/"
    srcline = {"starting cellarman": "cmd/cellarman/main.go:22", "tank status": F + "controller.go:71", "carbonation step": F + "carbonation.go:24",
               "carbonation behind schedule": F + "carbonation.go:27", "BBT head pressure below setpoint": F + "bright.go:9",
               "glycol loop": "internal/glycol/chiller.go:27", "transfer progress": F + "transfer.go:40", "transfer flow low": F + "transfer.go:46",
               "http request": "internal/api/http.go:31", "gravity reading": "internal/plc/density.go:44", "crash slots restored": F + "controller.go:34",
               "opc ua session established": "internal/plc/opcua.go:61", "opc ua publish response late": "internal/plc/opcua.go:118",
               "shift window": F + "controller.go:35", "chiller modbus connected": "internal/glycol/chiller.go:14"}

    def fmtv(v):
        if isinstance(v, float):
            return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"
        s = str(v)
        if s == "" or any(c in s for c in ' "='):
            return json.dumps(s)
        return s

    def clog(t, level, msg, **kv):
        if not (START <= t < END) or is_down(t):
            return
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        parts = [f"time={stamp}", f"level={level}", f"source=/src/{srcline.get(msg, F + 'controller.go:60')}", f"msg={fmtv(msg)}"]
        parts += [f"{k}={fmtv(v)}" for k, v in kv.items()]
        app.add(t, " ".join(parts))

    for t0, ver, sha in epochs[1:]:
        t = t0 + dt.timedelta(seconds=14, milliseconds=rng.randint(100, 900))
        clog(t, "INFO", "starting cellarman", version=ver, commit=sha[:8])
        clog(t + dt.timedelta(milliseconds=640), "INFO", "opc ua session established", endpoint="opc.tcp://plc-cellar01.brewery.lan:4840", policy="Basic256Sha256")
        clog(t + dt.timedelta(milliseconds=700), "INFO", "crash slots restored", in_use=1, size=2)
        clog(t + dt.timedelta(milliseconds=702), "INFO", "shift window", days="Mon-Fri", opens="06:00", closes="14:00", tz="America/Los_Angeles")
        clog(t + dt.timedelta(milliseconds=910), "INFO", "chiller modbus connected", addr="ch1-gw.brewery.lan:502", unit=1)

    tanks = {"FV01": ("Three Sisters Pils", "B26-141", "lager", 32.0), "FV02": ("Hazy Hydrant IPA", "B26-150", "ferment", 68.0),
             "FV03": ("Cinder Cone Red", "B26-147", "ferment", 66.0), "FV04": ("Trailhead Pale", "B26-152", "ferment", 66.0),
             "FV05": ("Sunriver Kolsch", "B26-148", "crash", 34.0), "FV06": ("Lava Tube Stout", "B26-144", "condition", 34.0),
             "FV08": ("Juniper Gose", "B26-149", "ferment", 64.0), "FV09": ("Three Sisters Pils", "B26-151", "ferment", 50.0),
             "FV11": ("Hazy Hydrant IPA", "B26-146", "condition", 33.0), "FV12": ("Trailhead Pale", "B26-153", "ferment", 66.0),
             "FV13": ("Three Sisters Pils", "B26-145", "lager", 32.0), "FV14": ("Obsidian Porter", "B26-143", "condition", 34.0)}
    t = START + dt.timedelta(seconds=17)
    while t < END:
        for i, (tid, (beer, batch, step, sp)) in enumerate(tanks.items()):
            temp = sp + rng.gauss(0.15, 0.08) if step != "crash" else max(34.0, 48.0 - (t - START).total_seconds() / 3600 * 2.2)
            clog(t + dt.timedelta(milliseconds=40 * i), "INFO", "tank status", tank=tid, beer=beer, batch=batch, step=step,
                 temp_f=round(temp, 1), setpoint_f=sp, valve_pct=rng.randint(8, 40) if step != "crash" else 100)
        for i, (tid, beer, batch, sp) in enumerate([("BBT1", "Hazy Hydrant IPA", "B26-138", 33.0), ("BBT2", "Trailhead Pale", "B26-139", 33.0),
                                                     ("BBT3", "Obsidian Porter", "B26-140", 34.0)]):
            clog(t + dt.timedelta(milliseconds=600 + 40 * i), "INFO", "tank status", tank=tid, beer=beer, batch=batch, step="bright" if tid != "BBT3" else "carbonate",
                 temp_f=round(sp + rng.gauss(0.1, 0.05), 1), setpoint_f=sp, valve_pct=rng.randint(5, 20))
        t += dt.timedelta(minutes=3)

    # head pressure (4.2.0 only warns), carbonation of BBT3 every 5 min
    vols = 1.62
    t = START + dt.timedelta(seconds=29)
    first_warn = None
    behind_since = None
    while t < END:
        _, _, header = at(t)
        avail = max(0.0, min(1.0, (header - 25.0) / 40.0))
        flow_sp = 3.0 if version_at(t) == "4.1.3" else round(min(3.0, max(0.0, (2.2 - vols) * 6.0 + 0.6)), 2)
        flow = round(flow_sp * avail * rng.uniform(0.97, 1.01), 2)
        vols = min(2.2, vols + flow * 0.0022)
        expected = min(2.2, 1.62 + (t - START).total_seconds() / 3600 * 0.075)
        clog(t, "INFO", "carbonation step", tank="BBT3", vols=round(vols, 2), target_vols=2.2, stone_flow_kgh=flow, flow_setpoint_kgh=flow_sp)
        if expected - vols > 0.2 or (flow_sp > 0.5 and flow < 0.2 * flow_sp):
            clog(t + dt.timedelta(milliseconds=2), "WARN", "carbonation behind schedule", tank="BBT3", vols=round(vols, 2), expected_vols=round(expected, 2), stone_flow_kgh=flow)
            behind_since = behind_since or t
        if version_at(t) == "4.2.0":
            for tid, sp in (("BBT1", 12.0), ("BBT2", 12.0), ("BBT3", 10.0)):
                psi = min(sp + rng.gauss(0.1, 0.1), header * 0.3 + rng.gauss(0, 0.2)) if header < 60 else sp + rng.gauss(0.1, 0.1)
                if tid == "BBT2" and PROD_START <= t and header < 60:
                    psi -= 1.5
                if psi < sp - 2:
                    clog(t + dt.timedelta(milliseconds=5), "WARN", "BBT head pressure below setpoint", tank=tid, psi=round(psi, 1), setpoint_psi=sp)
                    first_warn = first_warn or t
        t += dt.timedelta(minutes=5)
    stats["first_warn"] = first_warn

    # transfer FV06 -> BBT4 by CO2 push, 07:40 - ...
    t = pdt("2026-08-26 07:40:00")
    moved = 0.0
    clog(t, "INFO", "transfer started", source="FV06", dest="BBT4", beer="Lava Tube Stout", batch="B26-144", bbl=58, push="co2")
    while t < END and moved < 58:
        if t >= pdt("2026-08-26 09:21:00"):
            clog(t, "INFO", "transfer paused", source="FV06", dest="BBT4", bbl=round(moved, 1), user="maya.r", reason="valve closed at HMI")
            break
        _, _, header = at(t)
        rate = 0.95 * max(0.0, min(1.0, (header - 20.0) / 40.0)) + (0.05 if header < 40 else 0)
        moved += rate * 2
        clog(t + dt.timedelta(seconds=30), "INFO", "transfer progress", source="FV06", dest="BBT4", bbl=round(moved, 1), flow_bbl_min=round(rate, 2))
        if rate < 0.4:
            clog(t + dt.timedelta(seconds=30, milliseconds=2), "WARN", "transfer flow low", source="FV06", dest="BBT4", flow_bbl_min=round(rate, 2), expected_bbl_min=0.9)
        t += dt.timedelta(minutes=2)

    # glycol gauge every minute, tablets, OPC UA noise
    t = START + dt.timedelta(seconds=41)
    while t < END:
        if version_at(t) == "4.2.0" or True:
            sup = round(25.1 + rng.gauss(0, 0.15) + (0.8 if pdt("2026-08-26 12:00:00") < t else 0), 1)
            clog(t, "INFO", "glycol loop", supply_f=sup, return_f=round(sup + rng.uniform(2.2, 3.4), 1), chiller_cap_pct=rng.randint(38, 62))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 40))
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(700)):
        path = rng.choice(["/api/tanks", "/api/tanks", "/api/tanks/BBT3", "/api/batches/open", "/api/glycol", "/api/carbonation"])
        clog(t, "INFO", "http request", method="GET", path=path, status=200, dur_ms=rng.randint(3, 40), client=rng.choice(["10.20.3.41", "10.20.3.42", "10.20.3.57"]))
    for tid, plato in (("FV02", 9.1), ("FV03", 5.2), ("FV04", 11.4), ("FV08", 4.9), ("FV09", 8.3), ("FV12", 12.0)):
        t = START + dt.timedelta(minutes=rng.uniform(0, 20))
        while t < END:
            plato = max(2.4, plato - rng.uniform(0.03, 0.08))
            clog(t, "INFO", "gravity reading", tank=tid, plato=round(plato, 2), source="densitometer", sample="inline")
            t += dt.timedelta(minutes=rng.uniform(18, 24))
    for _ in range(9):
        clog(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())), "WARN", "opc ua publish response late",
             latency_ms=rng.randint(1200, 3400), subscription=rng.choice([7, 8]))

    # --- UTIL1 (local time)
    def ul(t, level, text):
        if START <= t < END:
            lt = t.astimezone(PDT)
            util.add(t, f"{lt.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 100000} PDT UTIL1 {level:<4} {text}")

    t = START
    low = stop = False
    first_low = None
    while t < END:
        level, tank_psi, header = at(t)
        if t.minute % 5 == 0:
            ul(t + dt.timedelta(seconds=2), "VAL", f"CO2 header {header + rng.gauss(0, 0.3):.1f} psi | air header {118 + rng.gauss(0, 1.2):.1f} psi | CO2 dewpoint -58 F")
        if header < 80.0 and not low:
            low = True
            first_low = first_low or t
            ul(t + dt.timedelta(seconds=7), "ALM", f"CO2 header pressure LOW {header:.1f} psi (lo 80.0)")
        if header < 50.0 and not stop:
            stop = True
            ul(t + dt.timedelta(seconds=9), "ALM", f"CO2 header pressure LOW LOW {header:.1f} psi (lolo 50.0)")
        if header > 85.0 and low:
            low = stop = False
            ul(t + dt.timedelta(seconds=7), "RTN", f"CO2 header pressure normal {header:.1f} psi")
        t += dt.timedelta(minutes=1)
    for _ in range(10):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ul(tx, "EVT", rng.choice(["air compressor AC2 load", "air compressor AC2 unload", "air dryer D1 purge cycle", "glycol pump P1 runtime 11842 h"]))
    stats["first_low"] = first_low

    # --- Cascadia telemetry portal export (JSON lines, from Monday)
    def pt(t, kind, **kv):
        body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "account": "PMB-BEND-01", "asset": "CGW-BT-2231", "product": "CO2 liquid", "event": kind}
        body.update(kv)
        portal.add(t, json.dumps(body))

    t = pdt("2026-08-24 12:00:00")
    crit = False
    while t < END:
        level, tank_psi, _ = at(t)
        pct = round(level / 6000 * 100, 1)
        pt(t + dt.timedelta(seconds=rng.randint(5, 40)), "reading", level_pct=pct, pressure_psi=round(tank_psi), capacity_lb=13200)
        if pct < 5 and not crit and t < DELIVERY:
            crit = True
            stats["critical"] = t + dt.timedelta(seconds=50)
            pt(t + dt.timedelta(seconds=50), "alert", severity="critical", message=f"CRITICAL LEVEL {pct}% on CGW-BT-2231 (Pine Marten Brewing, Bend OR)", notified="purchasing@pinemartenbrewing.com")
        t += dt.timedelta(hours=1)
    pt(pdt("2026-08-24 12:00:55"), "alert", severity="warning", message=f"LOW LEVEL {round(at(pdt('2026-08-24 12:00:00'))[0] / 60, 1)}% on CGW-BT-2231 (Pine Marten Brewing, Bend OR)", notified="purchasing@pinemartenbrewing.com")
    pt(pdt("2026-08-24 12:14:10"), "delivery", delivery="DN-448213", status="confirmed", window="2026-08-25 08:00-12:00 PDT", quantity_lb=11000, ordered="2026-08-20 (auto, 30% reorder point)")
    pt(pdt("2026-08-25 10:05:31"), "delivery", delivery="DN-448213", status="rescheduled",
       message="Delivery DN-448213 rescheduled from 2026-08-25 to 2026-08-27: product allocation (supply constraint at source plant). Contact your CSR for critical needs.",
       notified="purchasing@pinemartenbrewing.com")
    pt(pdt("2026-08-26 09:12:40"), "delivery", delivery="DN-448391", status="emergency order", requested_by="aimee.l@pinemartenbrewing.com", quantity_lb=11000, eta="2026-08-26 13:30 PDT")
    pt(DELIVERY + dt.timedelta(minutes=38), "delivery", delivery="DN-448391", status="delivered", quantity_lb=11240, driver="R. Dunn")

    # --- bottling line (syslog 3164, UTC)
    def sl(t, host, tag, pid, msg):
        if START <= t < END:
            lt = t.astimezone(dt.timezone.utc)
            line.add(t, f"{lt.strftime('%b')} {lt.day:>2} {lt.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}")

    sl(pdt("2026-08-26 05:41:00"), "bl1-filler", "filler", 2231, "state CIP -> SETUP operator=jess.t")
    sl(pdt("2026-08-26 06:12:30"), "bl1-filler", "filler", 2231, "product source BBT2 Trailhead Pale B26-139 selected")
    sl(PROD_START, "bl1-filler", "filler", 2231, "state SETUP -> RUN speed_setpoint=200bpm")
    running = True
    t = PROD_START + dt.timedelta(seconds=60)
    first_stop = None
    manifold = False
    while t < pdt("2026-08-26 14:10:00"):
        _, _, header = at(t)
        supply = header if t < MANIFOLD or t >= RESTORED else 72.0 + rng.gauss(0, 0.5)
        if t >= MANIFOLD and not manifold and t < RESTORED:
            manifold = True
            sl(t - dt.timedelta(minutes=3), "bl1-filler", "filler", 2231, "CO2 supply source changed: cylinder manifold (operator=rafael.m)")
        if running and supply < 55.0:
            running = False
            first_stop = first_stop or t
            sl(t, "bl1-filler", "filler", 2231, f"CO2 supply pressure low {supply:.1f}psi < 55.0psi, filler stopped")
            sl(t + dt.timedelta(seconds=1), "bl1-filler", "filler", 2231, "state RUN -> FAULT reason=\"CO2 SUPPLY LOW\"")
        elif not running and supply >= 60.0:
            running = True
            sl(t, "bl1-filler", "filler", 2231, "state FAULT -> RUN speed_setpoint=" + ("140bpm" if t < RESTORED else "200bpm"))
        if running:
            speed = 200 if (t < MANIFOLD or t >= RESTORED) else 140
            n = int(speed * rng.uniform(0.94, 0.99))
            sl(t, "bl1-fhi", "fhi", 911, f"window=60s inspected={n} low_fill={rng.choice([0, 0, 1, 1, 2])} high_fill={rng.choice([0, 0, 0, 1])} no_cap=0 rejected={rng.choice([0, 1, 1, 2])}")
            sl(t + dt.timedelta(seconds=1), "bl1-filler", "filler", 2231, f"speed={speed}bpm bowl_pressure={28.1 + rng.gauss(0, 0.2):.1f}psi co2_supply={supply:.1f}psi product_temp={31.4 + rng.gauss(0, 0.1):.1f}F")
            if rng.random() < 0.5:
                sl(t + dt.timedelta(seconds=rng.uniform(5, 50)), "bl1-pack", "packer", 617, "case complete sku=THP-12-24")
        elif t.minute % 10 == 0:
            sl(t, "bl1-filler", "filler", 2231, f"FAULT active: CO2 SUPPLY LOW co2_supply={supply:.1f}psi")
        t += dt.timedelta(seconds=60)
    stats["first_stop"] = first_stop

    # --- kegtrack
    def kl(t, level, msg, **kv):
        if START <= t < END:
            body = {"level": {"info": 30, "warn": 40, "error": 50}[level], "time": int(t.timestamp() * 1000), "pid": 1, "hostname": "kegtrack-6d5f8", "msg": msg}
            body.update(kv)
            keg.add(t, json.dumps(body, separators=(",", ":")))

    t = pdt("2026-08-26 06:05:00")
    while t < pdt("2026-08-26 14:30:00"):
        kid = f"PMB-{rng.randint(1000, 4999):05d}"
        _, _, header = at(t)
        kl(t, "info", "keg scanned", keg=kid, station="washer-1", size=rng.choice(["1/2bbl", "1/2bbl", "1/6bbl"]), cycles=rng.randint(12, 240))
        if header < 45.0:
            kl(t + dt.timedelta(seconds=rng.uniform(20, 40)), "error", "keg fill aborted: CO2 purge pressure low", keg=kid, station="filler-1", purge_psi=round(header * 0.8, 1), min_psi=36)
            t += dt.timedelta(seconds=rng.uniform(200, 400))
            continue
        kl(t + dt.timedelta(seconds=rng.uniform(70, 95)), "info", "keg washed", keg=kid, station="washer-1", result="pass")
        if rng.random() < 0.9:
            kl(t + dt.timedelta(seconds=rng.uniform(150, 200)), "info", "keg filled", keg=kid, station="filler-1", beer="Hazy Hydrant IPA", source="BBT1", batch="B26-138", fill_s=round(rng.uniform(41, 47), 1))
        else:
            kl(t + dt.timedelta(seconds=rng.uniform(10, 30)), "warn", "keg set aside", keg=kid, station="washer-1", reason=rng.choice(["spear leak", "dent", "unknown tag"]))
        t += dt.timedelta(seconds=rng.uniform(75, 130))

    # --- journal
    def jn(t, ident, pid, msg):
        if START <= t < END:
            journal.add(t, f"{t.astimezone(PDT).strftime('%Y-%m-%dT%H:%M:%S')}-0700 cellar-srv01 {ident}[{pid}]: {msg}")

    for t0, ver, sha, who, pipe, rb in ((ROLLBACK, "4.1.3", shas["v413"], "kenji.watanabe", 9107, True), (REDEPLOY, "4.2.0", shas["v420"], "kenji.watanabe", 9112, False)):
        pid = rng.randint(30000, 60000)
        jn(t0 - dt.timedelta(seconds=9), "sudo", pid - 1, f"gitlab-runner : PWD=/home/gitlab-runner/builds ; USER=root ; COMMAND=/usr/local/bin/deploy-cellarman {ver} {sha[:8]} {who} {pipe}")
        jn(t0 - dt.timedelta(seconds=8), "deploy-cellarman", pid, f"{'rolling back cellarman to' if rb else 'deploying cellarman'} {ver} ({sha[:8]}) requested by {who} via pipeline {pipe}")
        jn(t0, "systemd", 1, "Stopping cellarman.service - cellarman (docker compose)...")
        jn(t0 + dt.timedelta(seconds=3), "systemd", 1, "Stopped cellarman.service - cellarman (docker compose).")
        jn(t0 + dt.timedelta(seconds=4), "systemd", 1, "Started cellarman.service - cellarman (docker compose).")
        jn(t0 + dt.timedelta(seconds=16), "deploy-cellarman", pid, f"cellarman {ver} healthy (/healthz 200)")
    t = START + dt.timedelta(minutes=rng.uniform(0, 5))
    while t < END:
        jn(t, "CRON", rng.randint(100000, 200000), "(root) CMD (/usr/local/bin/pg-wal-ship)")
        t += dt.timedelta(minutes=15)
    jn(pdt("2026-08-26 08:29:40"), "sshd", 41822, "Accepted publickey for kenji from 10.20.1.77 port 51544 ssh2: ED25519 SHA256:QmKx3Ez0yJvW4Rr2cT8bN1uQ5fLhD7aS9pGiVw6oYtE")

    # --- Slack
    users = {"alertmanager": "B04ALRT1", "maya.r": "U02MAYA7", "kenji.watanabe": "U02KENJ3", "dana.kowalski": "U02DANA5",
             "rafael.m (maintenance)": "U03RAFA2", "jess.t (packaging)": "U04JESS8", "aimee.l (purchasing)": "U05AIME6"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "cellar-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fs = first_stop.astimezone(PDT)
    say(pdt("2026-08-26 06:31:00"), "jess.t (packaging)", "line 1 running Trailhead Pale from BBT2, kegging Hazy from BBT1")
    say(first_warn + dt.timedelta(minutes=6), "alertmanager", "[FIRING:2] CarbonationBehind cellarman BBT3 / BBT head pressure low BBT1,BBT2")
    say(fs + dt.timedelta(minutes=2), "jess.t (packaging)", "filler down, fault CO2 SUPPLY LOW. kegging says purge pressure low too")
    say(pdt("2026-08-26 08:27:00"), "kenji.watanabe", "ack. BBT head pressure warnings are CEL-262 from last night and BBT3's stone flow dropped, CEL-260 rewrote that loop. runbook: roll back after a release")
    say(ROLLBACK - dt.timedelta(minutes=1), "kenji.watanabe", "rolling back to 4.1.3")
    say(ROLLBACK + dt.timedelta(minutes=4), "kenji.watanabe", "4.1.3 up. head pressure warnings gone (no CEL-262), but BBT3 shows flow_setpoint 3.0 and stone_flow 0.0. it is asking for CO2 and getting none")
    say(pdt("2026-08-26 08:49:00"), "rafael.m (maintenance)", "UTIL1 says CO2 header 18 psi. walked out to the bulk tank: gauge on E, tank pressure under 30 psi, no frost on the vaporizer. it's empty")
    say(pdt("2026-08-26 08:56:00"), "aimee.l (purchasing)", f"found it. Cascadia moved our delivery DN-448213 from Tuesday to Thursday yesterday morning, 'product allocation'. portal said CRITICAL LEVEL yesterday at {stats['critical'].astimezone(PDT).strftime('%H:%M')}. both went to the purchasing inbox, I was out. calling them now")
    say(pdt("2026-08-26 09:14:00"), "aimee.l (purchasing)", "Cascadia: an ethanol plant feeding their Pasco terminal is down, everybody is on allocation. emergency load for us ETA 13:30")
    say(pdt("2026-08-26 09:20:00"), "maya.r", "closing the FV06 -> BBT4 transfer valve until we have gas. BBT head pressure is sagging, nobody open a BBT")
    say(MANIFOLD + dt.timedelta(minutes=2), "rafael.m (maintenance)", "6-cylinder manifold on the filler only, 72 psi. jess you can run at 140")
    say(pdt("2026-08-26 10:05:00"), "kenji.watanabe", "nothing in cellarman to fix. I'll put 4.2.0 back once we have CO2 so the carbonation isn't fighting an empty header")
    say(DELIVERY + dt.timedelta(minutes=5), "rafael.m (maintenance)", "Cascadia truck is filling the bulk tank")
    say(RESTORED + dt.timedelta(minutes=2), "rafael.m (maintenance)", "header back at 90. filler back on house CO2, manifold off")
    say(REDEPLOY + dt.timedelta(minutes=2), "kenji.watanabe", "4.2.0 deployed again. BBT3 stone flowing, head pressures back at setpoint")
    say(REDEPLOY + dt.timedelta(minutes=9), "aimee.l (purchasing)", "telemetry alerts now also go to #cellar-ops, and we're asking Cascadia for a 40% reorder point while allocation lasts")
    return [app, util, portal, line, keg, journal, slack], stats


def build(out_dir):
    rng = random.Random(104200)
    repo, shas = build_repo()
    try:
        co2, empty_at = co2_model()
        logs, stats = build_logs(rng, shas, co2, empty_at)
        onset = min(stats["first_low"], stats["first_warn"]).replace(microsecond=0)
        assert pdt("2026-08-26 07:55:00") <= onset <= pdt("2026-08-26 08:30:00"), onset.astimezone(PDT)
        assert stats["first_stop"] < ROLLBACK

        def hdr(t):
            v = co2.get(t)
            return None if v is None else round(v[2], 1)

        def lvl(t):
            v = co2.get(t)
            return None if v is None else round(v[0] / 6000 * 100, 1)

        metrics = {
            "util_co2_header_pressure_psi.json": query_range([({"job": "util1", "instance": "util1-plc.brewery.lan", "header": "co2"}, hdr)], START, END, 60),
            "cascadia_bulk_tank_level_percent.json": query_range([({"job": "cascadia-telemetry", "asset": "CGW-BT-2231"}, lvl)], START, END, 300),
        }
        return write_scenario(
            out_dir, name="r104-co2-allocation-shortfall-none", service=SERVICE, onset=onset,
            description=f"""
Pine Marten Brewing's bottling line, keg filler and bright tanks lose their
CO2 on Wednesday 26 August 2026: from {onset.astimezone(PDT).strftime('%H:%M:%S')} PDT ({onset.strftime('%H:%M:%S')} UTC) the plant's
CO2 header falls below 80 psi, the filler stops with "CO2 SUPPLY LOW" at
{fs_local(stats)}, kegs abort their purge, BBT3's carbonation stone gets no flow and a
CO2-pushed transfer stalls. cellarman 4.2.0 (carbonation control and a
head pressure warning) had been deployed at 17:30 PDT the evening before;
it was rolled back to 4.1.3 at 08:41 without effect. The filler ran on
cylinders from 09:50; the header was back at 90 psi at 13:55 and 4.2.0 was
deployed again at 14:20. Bend is on PDT (UTC-7); UTIL1's log and the
server's journal are in local time, the other logs in UTC.
""",
            logs=logs,
            line_formats={"util1-plc.log": r'<Date> <Time> PDT <Unit> <Level>\s+<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'rescheduled from .* product allocation',
                r'CRITICAL LEVEL',
                r'header pressure LOW',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The brewery's CO2 bulk tank, which the gas supplier
Cascadia Gas & Welding owns, watches and fills, ran dry: the delivery
scheduled for Tuesday (DN-448213) was rescheduled to Thursday because
Cascadia had put its customers on allocation (an ethanol plant that
supplies its terminal was down), and the portal's notice ("rescheduled
from 2026-08-25 to 2026-08-27: product allocation") and its "CRITICAL
LEVEL" alert went to purchasing's inbox. On Wednesday morning production
drew the last liquid at {empty_at.astimezone(PDT).strftime('%H:%M')} PDT; the header fell ("CO2 header
pressure LOW" on UTIL1), the filler stopped ("CO2 supply pressure low ...
filler stopped"), the keg filler aborted its purges, BBT3's stone got no
CO2 and the bright tanks' head pressure sagged. Cylinders on the filler
and an emergency load fixed it; nothing in cellarman was changed.
Decoys: release 4.2.0, deployed {round((onset - RELEASE).total_seconds() / 3600, 1)} hours before the onset, with
CEL-260 (PI control of the carbonation stone, the very carbonation code
whose "carbonation behind schedule" warning fills the log) and CEL-262
(adds the very "BBT head pressure below setpoint" warning), CEL-258 (a
recipe's carbonation), rolled back to 4.1.3 at 08:41 without effect (the
head pressure warnings go, the stone still gets no flow) and deployed again
at 14:20; the runbook commit that reads carbonation behind or head
pressure low after a release as the release; docs/utilities.md, which
says the supplier's telemetry orders CO2 by itself; a Renovate bump the
same night; a CO2-pushed transfer that stalls; OPC UA late publish
warnings and kegs set aside at the washer.
""",
        )
    finally:
        repo.close()


def fs_local(stats):
    return stats["first_stop"].astimezone(PDT).strftime("%H:%M")
