"""cellarman (Go 1.22, slog; one container on the brewery's cellar server
cellar-srv01, deployed by a GitLab pipeline that runs deploy-cellarman
there; two developers in Bend and one in Lyon) runs the fermentation
cellar of Pine Marten Brewing Co. in Bend, Oregon: sixteen fermenters
(FV01-FV16, 60 and 120 bbl) and four bright tanks, each with a glycol
jacket whose valve the cellar PLC drives to the setpoint cellarman writes
over OPC UA. cellarman moves each batch through its recipe's steps
(ferment, diacetyl rest, crash, condition). The crash cools a finished
beer from 66-68 F to 33 F in about half a day, with the jacket valve wide
open the whole time. One glycol chiller (two 35 kW compressors, a 3-valve
loop pump) serves every jacket, the bottling line's inline product chiller
and the bright tanks, and since the 2024 expansion it cannot crash more
than two tanks at once without the supply temperature rising for every
tank on the loop; so a crash takes one of two "crash slots", and a third
tank that reaches terminal gravity waits ("crash deferred: no free crash
slot").

Wednesday 22 July 2026, 10:40 PDT: CEL-219 (Dana Kowalski) holds crashes
that come due outside the cellar shift (Mon-Fri 06:00-14:00) until the
window opens, so the crew can dump the cone's trub and harvest the yeast at
the start of the crash instead of finding it compacted in the morning. A
held tank is recorded in the database; a new ticker,
Controller.ReleaseHeld, starts every held crash when the window opens,
oldest first ("crash released at shift window"), by calling startCrash
directly: the crash slots are only taken in maybeCrash, which the release
path does not go through. It ships in 3.7.0 that afternoon. Thursday one
tank is released at 06:00, Friday two: within what the chiller can do.
Thursday's CEL-223 (Ines Moreau) logs the recipe's crash target and the
hold reason, in the culprit's file (3.7.1). Friday's 3.8.0: GLY-14 polls
the chiller over Modbus and warns "glycol supply temperature above limit",
the very warning that fills the log on Monday; CEL-226, dry hop reminders.
A runbook commit on Friday evening reads a high glycol supply as the
chiller in hot weather (call the refrigeration contractor) and, right
after a release, as the release (roll back). A pgx bump on Saturday.

The weekend: five tanks reach terminal gravity for 24 h between Saturday
04:10 and Sunday 23:50 and are held; FV14 follows at 04:12 on Monday.
Monday 27 July, 05:24 PDT: the head brewer ships a recipe change (3.8.1:
Hazy Hydrant's second dry hop at 36 h), the container restarts. 06:00:00:
ReleaseHeld starts all six crashes at once. The chiller goes to 100 %,
the loop pump cannot feed six wide-open jackets and the rest, and the
glycol supply rises from 25 F past the 30 F alarm (06:1x) to the mid 30s.
FV11 (Hazy Hydrant at high krausen) drifts above its setpoint, the
bottling line's inline product chiller cannot hold the Pilsner from BBT2
at 31 F: fobbing and low fills from 06:40. Rafael (maintenance) finds the
chiller healthy at 61 F ambient; Kenji (on call) is paged by
GlycolSupplyHigh from GLY-14's gauge, sees 3.8.1 and GLY-14 and rolls back
to 3.7.1 at 06:52, which holds the culprit: GLY-14's warnings go, the
chiller's alarms do not, and the restarted 3.7.1 reports "crash slots
restored in_use=6 size=2". Maya (cellar lead) sees that six tanks went into
crash at 06:00:00 and puts four of them back on hold at the HMI at 07:12;
the supply is back under 30 F by about 08:35 with two crashes left. Dana finds that the release
path never takes a slot; CEL-231 (3.8.2, 09:05) makes released crashes
wait for a slot like every other crash.

Sources: cellarman (Go slog text), the chiller's controller log (local
time, line format), the bottling line (syslog RFC 3164 from the filler, the
fill height inspector and the case packer), kegtrack (the keg tracking
service, pino JSON), the cellar server's journal (journalctl short-iso with
the deploy script), #cellar-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "cellarman"
PDT = dt.timezone(dt.timedelta(hours=-7))


def pdt(text):
    """'2026-07-27 06:00:00' in Bend (PDT, UTC-7) -> aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=PDT).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


START, END = pdt("2026-07-27 03:40:00"), pdt("2026-07-27 09:50:00")
RECIPE_DEPLOY = pdt("2026-07-27 05:24:10")
WINDOW = pdt("2026-07-27 06:00:00")
ROLLBACK = pdt("2026-07-27 06:52:20")
OVERRIDE = pdt("2026-07-27 07:12:00")
FIX_DEPLOY = pdt("2026-07-27 09:05:30")
LINE_START, LINE_END = pdt("2026-07-27 06:30:00"), pdt("2026-07-27 09:40:00")
HELD = ["FV03", "FV08", "FV05", "FV12", "FV09", "FV14"]   # oldest first
OVERRIDDEN = ["FV05", "FV09", "FV12", "FV14"]

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/pinemartenbrewing/cellarman

go 1.22

require (
\tgithub.com/gopcua/opcua v0.5.3
\tgithub.com/goburrow/modbus v0.1.0
\tgithub.com/jackc/pgx/v5 v5.6.0
\tgithub.com/prometheus/client_golang v1.19.1
\tgopkg.in/yaml.v3 v3.0.1
)
"""

MAIN_GO = """package main

import (
\t"context"
\t"log/slog"
\t"os"
\t"os/signal"

\t"github.com/pinemartenbrewing/cellarman/internal/config"
\t"github.com/pinemartenbrewing/cellarman/internal/ferment"
\t"github.com/pinemartenbrewing/cellarman/internal/plc"
\t"github.com/pinemartenbrewing/cellarman/internal/store"
)

var (
\tversion = "dev" // set with -ldflags at build time
\tcommit  = "none"
)

func main() {
\tlog := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{AddSource: true}))
\tlog.Info("starting cellarman", "version", version, "commit", commit)
\tcfg, err := config.Load(os.Getenv("CELLARMAN_CONFIG"))
\tif err != nil {
\t\tlog.Error("config", "err", err)
\t\tos.Exit(1)
\t}
\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
\tdefer stop()
\tdb := store.MustOpen(ctx, cfg.DatabaseURL)
\tconn := plc.MustDial(ctx, cfg.PLC, log)
\tctl := ferment.NewController(cfg, db, conn, log)
\tif err := ctl.Run(ctx); err != nil {
\t\tlog.Error("controller stopped", "err", err)
\t\tos.Exit(1)
\t}
}
"""

SLOTS_GO = """package ferment

import "sync"

// Slots limits how many tanks crash at once. The chiller (2 x 35 kW) and the
// loop pump cannot take more than two crashing 60-120 bbl tanks on top of
// the fermenting ones without the glycol supply temperature rising for every
// jacket on the loop. See docs/glycol.md.
type Slots struct {
\tmu    sync.Mutex
\tsize  int
\tusers map[string]bool
}

func NewSlots(size int) *Slots { return &Slots{size: size, users: map[string]bool{}} }

func (s *Slots) TryAcquire(tank string) bool {
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tif s.users[tank] {
\t\treturn true
\t}
\tif len(s.users) >= s.size {
\t\treturn false
\t}
\ts.users[tank] = true
\treturn true
}

func (s *Slots) Release(tank string) {
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tdelete(s.users, tank)
}

// Restore marks tanks that are in a crash step after a restart.
func (s *Slots) Restore(tanks []string) {
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tfor _, t := range tanks {
\t\ts.users[t] = true
\t}
}

func (s *Slots) InUse() int {
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\treturn len(s.users)
}

func (s *Slots) Size() int { return s.size }
"""

CRASH_V1 = """package ferment

import (
\t"context"
\t"time"
)

// A beer is crashed once its gravity has been at terminal for 24 h: the
// jacket setpoint goes to the recipe's crash temperature and the valve
// stays wide open until the tank gets there (about half a day).
const terminalFor = 24 * time.Hour

func (c *Controller) maybeCrash(ctx context.Context, t *Tank) error {
\tif t.Step != StepFerment || !t.TerminalFor(terminalFor) {
\t\treturn nil
\t}
\tif !c.slots.TryAcquire(t.ID) {
\t\tif !t.Deferred {
\t\t\tc.log.Info("crash deferred: no free crash slot", "tank", t.ID, "slots_in_use", c.slots.InUse(), "size", c.slots.Size())
\t\t\tt.Deferred = true
\t\t}
\t\treturn nil
\t}
\tc.log.Info("crash slot acquired", "tank", t.ID, "slots_in_use", c.slots.InUse(), "size", c.slots.Size())
\treturn c.startCrash(ctx, t, "terminal_gravity")
}

func (c *Controller) startCrash(ctx context.Context, t *Tank, reason string) error {
\ttarget := t.Recipe.CrashF
\tif err := c.plc.WriteSetpoint(ctx, t.ID, target); err != nil {
\t\treturn err
\t}
\tc.log.Info("crash started", "tank", t.ID, "beer", t.Beer, "batch", t.Batch, "reason", reason, "setpoint_f", target, "from_f", t.TempF)
\treturn c.store.SetStep(ctx, t.ID, StepCrash)
}

// crashDone hands the slot on once the tank is within 1 F of its target.
func (c *Controller) crashDone(ctx context.Context, t *Tank) error {
\tif t.Step != StepCrash || t.TempF > t.Recipe.CrashF+1 {
\t\treturn nil
\t}
\tc.slots.Release(t.ID)
\tc.log.Info("crash complete, slot released", "tank", t.ID, "temp_f", t.TempF, "slots_in_use", c.slots.InUse())
\treturn c.store.SetStep(ctx, t.ID, StepCondition)
}
"""

CONTROLLER_GO = """package ferment

import (
\t"context"
\t"log/slog"
\t"time"

\t"github.com/pinemartenbrewing/cellarman/internal/config"
\t"github.com/pinemartenbrewing/cellarman/internal/plc"
\t"github.com/pinemartenbrewing/cellarman/internal/store"
)

type Controller struct {
\tcfg   *config.Config
\tstore *store.Store
\tplc   *plc.Conn
\tslots *Slots
\tlog   *slog.Logger
}

func NewController(cfg *config.Config, db *store.Store, conn *plc.Conn, log *slog.Logger) *Controller {
\treturn &Controller{cfg: cfg, store: db, plc: conn, slots: NewSlots(cfg.Crash.Slots), log: log}
}

// Run reads every tank every 20 s, logs its status every 3 minutes and
// moves batches through their recipe's steps.
func (c *Controller) Run(ctx context.Context) error {
\tcrashing, err := c.store.TanksInStep(ctx, StepCrash)
\tif err != nil {
\t\treturn err
\t}
\tc.slots.Restore(crashing)
\tc.log.Info("crash slots restored", "in_use", c.slots.InUse(), "size", c.slots.Size())
\ttick := time.NewTicker(20 * time.Second)
\tdefer tick.Stop()
\tfor {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn nil
\t\tcase <-tick.C:
\t\t\tif err := c.step(ctx); err != nil {
\t\t\t\tc.log.Warn("step failed", "err", err)
\t\t\t}
\t\t}
\t}
}

func (c *Controller) step(ctx context.Context) error {
\ttanks, err := c.readTanks(ctx)
\tif err != nil {
\t\treturn err
\t}
\tfor _, t := range tanks {
\t\tc.checkDeviation(t)
\t\tif err := c.maybeCrash(ctx, t); err != nil {
\t\t\treturn err
\t\t}
\t\tif err := c.crashDone(ctx, t); err != nil {
\t\t\treturn err
\t\t}
\t}
\treturn nil
}

func (c *Controller) checkDeviation(t *Tank) {
\tif t.Step == StepCrash || t.TempF-t.SetpointF < c.cfg.Alarms.DeviationF {
\t\treturn
\t}
\tc.log.Warn("tank temperature above setpoint", "tank", t.ID, "temp_f", t.TempF, "setpoint_f", t.SetpointF, "deviation_f", t.TempF-t.SetpointF, "valve_pct", t.ValvePct)
}
"""

CONFIG_YAML = """# cellarman production config (cellar-srv01)
plc:
  endpoint: opc.tcp://plc-cellar01.brewery.lan:4840
  security_policy: Basic256Sha256
database_url: postgres://cellarman@cellar-srv01.brewery.lan/cellarman
crash:
  slots: 2            # chiller + loop pump limit, see docs/glycol.md
alarms:
  deviation_f: 1.0
tanks: config/tanks.yaml
recipes: config/recipes/
"""

GLYCOL_MD = """# Glycol loop

One chiller (CH1, 2 x 35 kW scroll compressors, 35 % propylene glycol,
setpoint 25 F) and one loop pump (P1) feed every fermenter jacket, the
bright tanks and the bottling line's inline product chiller.

- A crashing tank holds its jacket valve wide open for 10-14 hours. Since
  the 2024 expansion (FV13-FV16) the loop cannot take more than **two**
  crashes on top of a full cellar: with three, the supply temperature
  rises above 30 F within half an hour and the fermenting tanks lose their
  setpoints. cellarman's crash slots (`crash.slots`) enforce this.
- Summer afternoons over 95 F cut the chiller's capacity by about 15 %.
- The chiller's own alarms go to maintenance (SMS); its log is on the
  controller's SD card and mirrored to cellar-srv01.
"""

RUNBOOK_MD = """# cellarman runbook

Owner: #cellar-ops. Dashboards: Grafana > Cellar.

## CellarmanDown

The container on cellar-srv01 is not answering /healthz. Tanks keep their
last setpoint in the PLC; nothing moves to the next step until it is back.
`sudo systemctl status cellarman`, then `docker logs cellarman`.

## FermenterTempHigh

A tank is more than 1 F above its setpoint for 10 minutes. Check the
jacket valve on the HMI; a stuck valve is maintenance (Rafael).
"""

RECIPE_HAZY = """name: Hazy Hydrant IPA
style: NEIPA
steps:
  - {step: ferment, setpoint_f: 68.0}
  - {step: dry_hop, charge: 1, at_hours: 48}
  - {step: dry_hop, charge: 2, at_hours: 96}
  - {step: crash, setpoint_f: 33.0}
  - {step: condition, setpoint_f: 33.0, days: 3}
terminal_plato: 3.2
"""


def build_repo():
    repo = Repo()
    dana = Person("Dana Kowalski", "dana@pinemartenbrewing.com", -420)
    kenji = Person("Kenji Watanabe", "kenji@pinemartenbrewing.com", -420)
    ines = Person("Ines Moreau", "ines.moreau@pinemartenbrewing.com", 120)
    owen = Person("Owen Pratt", "owen@pinemartenbrewing.com", -420)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "VERSION": "3.6.4\n",
        "cmd/cellarman/main.go": MAIN_GO,
        "internal/ferment/controller.go": CONTROLLER_GO,
        "internal/ferment/crash.go": CRASH_V1,
        "internal/ferment/slots.go": SLOTS_GO,
        "internal/ferment/tank.go": "package ferment\n\nimport \"time\"\n\ntype Step string\n\nconst (\n\tStepFerment   Step = \"ferment\"\n\tStepCrash     Step = \"crash\"\n\tStepCondition Step = \"condition\"\n)\n\ntype Tank struct {\n\tID, Beer, Batch     string\n\tStep                Step\n\tTempF, SetpointF    float64\n\tValvePct            int\n\tPlato               float64\n\tTerminalSince       time.Time\n\tDeferred            bool\n\tRecipe              Recipe\n}\n\nfunc (t *Tank) TerminalFor(d time.Duration) bool {\n\treturn !t.TerminalSince.IsZero() && time.Since(t.TerminalSince) >= d\n}\n",
        "internal/ferment/slots_test.go": "package ferment\n\nimport \"testing\"\n\nfunc TestSlotsLimit(t *testing.T) {\n\ts := NewSlots(2)\n\tif !s.TryAcquire(\"FV01\") || !s.TryAcquire(\"FV02\") || s.TryAcquire(\"FV03\") {\n\t\tt.Fatal(\"want two slots\")\n\t}\n\ts.Release(\"FV01\")\n\tif !s.TryAcquire(\"FV03\") {\n\t\tt.Fatal(\"want a free slot\")\n\t}\n}\n",
        "internal/plc/opcua.go": "package plc\n\n// Conn writes jacket setpoints to the cellar PLC (S7-1500, OPC UA server)\n// and reads temperatures, valve positions and the densitometer.\n// Node ids: ns=3;s=\"Cellar\".\"FVxx\".\"Setpoint\".\n",
        "internal/store/store.go": "package store\n\n// Store keeps tanks, batches and steps in PostgreSQL (cellarman schema).\n",
        "config/cellarman.yaml": CONFIG_YAML,
        "config/recipes/hazy-hydrant.yaml": RECIPE_HAZY,
        "config/recipes/cinder-cone-red.yaml": "name: Cinder Cone Red\nstyle: Red Ale\nsteps:\n  - {step: ferment, setpoint_f: 66.0}\n  - {step: crash, setpoint_f: 34.0}\n  - {step: condition, setpoint_f: 34.0, days: 5}\nterminal_plato: 3.6\n",
        "config/recipes/three-sisters-pils.yaml": "name: Three Sisters Pils\nstyle: Pilsner\nsteps:\n  - {step: ferment, setpoint_f: 50.0}\n  - {step: diacetyl_rest, setpoint_f: 58.0, from_plato: 4.5}\n  - {step: crash, setpoint_f: 32.0}\n  - {step: lager, setpoint_f: 32.0, days: 21}\nterminal_plato: 2.2\n",
        "docs/glycol.md": GLYCOL_MD,
        "docs/runbook.md": RUNBOOK_MD,
        "deploy/compose.yaml": "services:\n  cellarman:\n    image: registry.gitlab.com/pinemartenbrewing/cellarman:${VERSION}\n    restart: unless-stopped\n    environment:\n      CELLARMAN_CONFIG: /etc/cellarman/cellarman.yaml\n    volumes:\n      - ./config:/etc/cellarman:ro\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\ntest:\n  image: golang:1.22\n  script: [go vet ./..., go test ./...]\nbuild:\n  stage: build\n  script: [docker build --build-arg COMMIT=$CI_COMMIT_SHORT_SHA -t $CI_REGISTRY_IMAGE:$VERSION .]\ndeploy:\n  stage: deploy\n  when: manual\n  tags: [cellar-srv01]\n  script: [sudo /usr/local/bin/deploy-cellarman $VERSION $CI_COMMIT_SHORT_SHA $GITLAB_USER_LOGIN $CI_PIPELINE_ID]\n",
        "Dockerfile": "FROM golang:1.22 AS build\nARG COMMIT\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$(cat VERSION) -X main.commit=${COMMIT}\" -o /cellarman ./cmd/cellarman\n\nFROM gcr.io/distroless/static\nCOPY --from=build /cellarman /cellarman\nENTRYPOINT [\"/cellarman\"]\n",
        "README.md": "# cellarman\n\nFermentation cellar control for Pine Marten Brewing: recipe steps per\nbatch, jacket setpoints to the cellar PLC over OPC UA, crash scheduling\nwithin the glycol loop's limits. The bottling line and kegtrack are\nseparate systems.\n\n## Running locally\n\n```\ngo test ./...\nCELLARMAN_CONFIG=config/dev.yaml go run ./cmd/cellarman\n```\n\n## Deploying\n\nTag a version in `VERSION`, run the manual deploy job in GitLab; it runs\n`deploy-cellarman` on cellar-srv01.\n",
    }
    repo.commit(utc("2026-07-15 17:20:00"), dana, "cellarman: recipe steps, crash slots, OPC UA setpoints", files)
    crng = random.Random(104103)
    repo.schedule(chores(crng, SERVICE, [dana, kenji], utc("2026-07-16 16:00:00"), utc("2026-07-17 23:00:00"), 2)
                  + chores(crng, SERVICE, [ines, kenji], utc("2026-07-20 08:00:00"), utc("2026-07-21 23:00:00"), 1))
    repo.commit(utc("2026-07-20 14:30:00"), ines, "plc: reconnect the OPC UA session with backoff (CEL-210)", {
        "internal/plc/opcua.go": repo.files["internal/plc/opcua.go"] + "\n// Reconnect: 1 s, 2 s, 4 s ... up to 60 s; setpoints stay in the PLC\n// while the session is down.\n",
    })
    repo.commit(utc("2026-07-21 18:05:00"), owen, "recipes: Cinder Cone Red v4, crash to 34 F", {
        "config/recipes/cinder-cone-red.yaml": sub(repo.files["config/recipes/cinder-cone-red.yaml"], "style: Red Ale\n", "style: Red Ale\nversion: 4\n"),
    })
    culprit = repo.commit(utc("2026-07-22 17:40:00"), dana, "crash: hold crashes for the morning shift (CEL-219)\n\nCrashes that came due at night ran unattended: the trub and yeast\ncompacted in the cone before anyone could dump them, and the yeast we\nharvest for repitching sat cold for hours. A tank that reaches terminal\noutside the cellar shift now holds at its fermentation temperature and\nits crash starts when the shift window opens, so the crew can dump and\nharvest at the start of the crash.", {
        "internal/ferment/crash.go": sub(CRASH_V1,
            "\tif t.Step != StepFerment || !t.TerminalFor(terminalFor) {\n\t\treturn nil\n\t}\n",
            "\tif t.Step != StepFerment || !t.TerminalFor(terminalFor) {\n\t\treturn nil\n\t}\n\tif now := time.Now(); !c.shift.Open(now) {\n\t\tif t.HeldSince.IsZero() {\n\t\t\tc.log.Info(\"crash held for the morning shift\", \"tank\", t.ID, \"beer\", t.Beer, \"batch\", t.Batch, \"window_opens\", c.shift.Next(now))\n\t\t\treturn c.store.HoldCrash(ctx, t.ID, now)\n\t\t}\n\t\treturn nil\n\t}\n",
            "// crashDone hands",
            "// ReleaseHeld starts the crashes held outside the shift, oldest first,\n// when the window opens, so the crew finds them starting.\nfunc (c *Controller) ReleaseHeld(ctx context.Context) error {\n\theld, err := c.store.HeldCrashes(ctx)\n\tif err != nil {\n\t\treturn err\n\t}\n\tfor _, t := range held {\n\t\tc.log.Info(\"crash released at shift window\", \"tank\", t.ID, \"held_since\", t.HeldSince)\n\t\tif err := c.startCrash(ctx, t, \"shift_window\"); err != nil {\n\t\t\treturn err\n\t\t}\n\t\tif err := c.store.ClearHold(ctx, t.ID); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}\n\n// crashDone hands"),
        "internal/ferment/shift.go": "package ferment\n\nimport (\n\t\"time\"\n\n\t\"github.com/pinemartenbrewing/cellarman/internal/config\"\n)\n\n// Shift is the cellar crew's window (Mon-Fri 06:00-14:00 local).\ntype Shift struct {\n\tDays        map[time.Weekday]bool\n\tOpens       time.Duration\n\tCloses      time.Duration\n\tLoc         *time.Location\n}\n\nfunc (s Shift) Open(t time.Time) bool {\n\tl := t.In(s.Loc)\n\tsince := time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute\n\treturn s.Days[l.Weekday()] && since >= s.Opens && since < s.Closes\n}\n\n// ShiftFrom parses crash.shift_window from the config.\nfunc ShiftFrom(w config.ShiftWindow) Shift {\n\tloc, _ := time.LoadLocation(w.TZ)\n\treturn Shift{Days: w.Weekdays(), Opens: w.OpensAfterMidnight(), Closes: w.ClosesAfterMidnight(), Loc: loc}\n}\n\n// Next is when the window opens next.\nfunc (s Shift) Next(t time.Time) time.Time {\n\tl := t.In(s.Loc)\n\tfor d := 0; d < 8; d++ {\n\t\tday := time.Date(l.Year(), l.Month(), l.Day()+d, 0, 0, 0, 0, s.Loc)\n\t\tif at := day.Add(s.Opens); s.Days[day.Weekday()] && at.After(t) {\n\t\t\treturn at\n\t\t}\n\t}\n\treturn t\n}\n",
        "internal/ferment/controller.go": sub(CONTROLLER_GO,
            "\tslots *Slots\n",
            "\tslots *Slots\n\tshift Shift\n",
            "slots: NewSlots(cfg.Crash.Slots), log: log}",
            "slots: NewSlots(cfg.Crash.Slots), shift: ShiftFrom(cfg.Crash.ShiftWindow), log: log}",
            "\tc.log.Info(\"crash slots restored\", \"in_use\", c.slots.InUse(), \"size\", c.slots.Size())\n",
            "\tc.log.Info(\"crash slots restored\", \"in_use\", c.slots.InUse(), \"size\", c.slots.Size())\n\tc.log.Info(\"shift window\", \"days\", c.cfg.Crash.ShiftWindow.Days, \"opens\", c.cfg.Crash.ShiftWindow.Opens, \"closes\", c.cfg.Crash.ShiftWindow.Closes, \"tz\", c.cfg.Crash.ShiftWindow.TZ)\n\tgo c.everyMinute(ctx, func() {\n\t\tif c.shift.Open(time.Now()) {\n\t\t\tif err := c.ReleaseHeld(ctx); err != nil {\n\t\t\t\tc.log.Warn(\"release held crashes\", \"err\", err)\n\t\t\t}\n\t\t}\n\t})\n"),
        "internal/ferment/tank.go": sub(repo.files["internal/ferment/tank.go"], "\tDeferred            bool\n", "\tDeferred            bool\n\tHeldSince           time.Time\n"),
        "config/cellarman.yaml": sub(CONFIG_YAML, "  slots: 2            # chiller + loop pump limit, see docs/glycol.md\n",
                                     "  slots: 2            # chiller + loop pump limit, see docs/glycol.md\n  shift_window:       # crashes due outside it wait for it (CEL-219)\n    days: Mon-Fri\n    opens: \"06:00\"\n    closes: \"14:00\"\n    tz: America/Los_Angeles\n"),
        "internal/ferment/shift_test.go": "package ferment\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestShiftNextAfterWeekend(t *testing.T) {\n\tla, _ := time.LoadLocation(\"America/Los_Angeles\")\n\ts := Shift{Days: map[time.Weekday]bool{1: true, 2: true, 3: true, 4: true, 5: true}, Opens: 6 * time.Hour, Closes: 14 * time.Hour, Loc: la}\n\tsat := time.Date(2026, 7, 25, 4, 10, 0, 0, la)\n\tif got := s.Next(sat); got.Weekday() != time.Monday || got.Hour() != 6 {\n\t\tt.Fatalf(\"next window %v\", got)\n\t}\n}\n",
    })
    v370 = repo.commit(utc("2026-07-22 20:50:00"), dana, "release 3.7.0", {
        "VERSION": "3.7.0\n",
        "CHANGELOG.md": "# Changelog\n\n## 3.7.0\n\n- Crashes due outside the cellar shift wait for the shift window (CEL-219).\n- OPC UA reconnect with backoff (CEL-210).\n",
    })
    repo.commit(utc("2026-07-23 18:15:00"), ines, "crash: log the recipe's crash target and the hold reason (CEL-223)\n\nThe cellar asked why a held tank started at 06:00 and not when it was\ndue; the lines now say so.", {
        "internal/ferment/crash.go": sub(repo.files["internal/ferment/crash.go"],
            "\t\tc.log.Info(\"crash released at shift window\", \"tank\", t.ID, \"held_since\", t.HeldSince)\n",
            "\t\tc.log.Info(\"crash released at shift window\", \"tank\", t.ID, \"held_since\", t.HeldSince, \"hold_reason\", \"shift_window\", \"crash_target_f\", t.Recipe.CrashF)\n"),
    })
    v371 = repo.commit(utc("2026-07-23 19:40:00"), dana, "release 3.7.1", {
        "VERSION": "3.7.1\n",
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.7.1\n\n- Crash lines name the crash target and why a crash was held (CEL-223).\n", 1),
    })
    repo.commit(utc("2026-07-24 09:30:00"), ines, "glycol: poll the chiller over Modbus, warn on supply temperature above limit (GLY-14)\n\nThe chiller's alarms only went to maintenance by SMS; the cellar now sees\nthe loop in Grafana and in our log.", {
        "internal/glycol/chiller.go": "package glycol\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"time\"\n\n\t\"github.com/goburrow/modbus\"\n)\n\n// Poll reads CH1's supply and return temperature and capacity (holding\n// registers 40101-40103, tenths of a degree F) every minute.\nfunc Poll(ctx context.Context, c modbus.Client, limitF float64, log *slog.Logger) {\n\tt := time.NewTicker(time.Minute)\n\tdefer t.Stop()\n\tfor {\n\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\tcase <-t.C:\n\t\t\tr, err := read(c)\n\t\t\tif err != nil {\n\t\t\t\tlog.Warn(\"chiller modbus read failed\", \"err\", err)\n\t\t\t\tcontinue\n\t\t\t}\n\t\t\tsupplyF.Set(r.SupplyF)\n\t\t\tlog.Info(\"glycol loop\", \"supply_f\", r.SupplyF, \"return_f\", r.ReturnF, \"chiller_cap_pct\", r.CapPct)\n\t\t\tif r.SupplyF > limitF {\n\t\t\t\tlog.Warn(\"glycol supply temperature above limit\", \"supply_f\", r.SupplyF, \"limit_f\", limitF, \"chiller_cap_pct\", r.CapPct)\n\t\t\t}\n\t\t}\n\t}\n}\n",
        "config/cellarman.yaml": repo.files["config/cellarman.yaml"].replace("alarms:\n", "glycol:\n  chiller_modbus: tcp://ch1-gw.brewery.lan:502\n  supply_limit_f: 30.0\nalarms:\n", 1),
    })
    repo.commit(utc("2026-07-24 19:10:00"), kenji, "dry hop reminders to the cellar tablet (CEL-226)", {
        "internal/ferment/dryhop.go": "package ferment\n\n// Dry hop charges are done by hand; the tablet shows a reminder an hour\n// before a recipe's charge is due and logs when the crew confirms it.\n",
    })
    v380 = repo.commit(utc("2026-07-24 20:20:00"), kenji, "release 3.8.0", {
        "VERSION": "3.8.0\n",
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.8.0\n\n- Chiller supply/return and capacity from Modbus, warning above 30 F (GLY-14).\n- Dry hop reminders (CEL-226).\n", 1),
    })
    repo.commit(utc("2026-07-24 23:05:00"), kenji, "runbook: GlycolSupplyHigh", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## GlycolSupplyHigh\n\nCH1's supply is above 30 F (GLY-14's gauge). On hot afternoons that is the\nchiller: check the condenser fans and coil with maintenance (Rafael), and\ncall Cascade Refrigeration (541-555-0143) if a compressor is locked out.\nRight after a cellarman release it is more likely the release (new Modbus\npolling, wrong register scaling): roll back in GitLab first.\n",
    })
    repo.commit(utc("2026-07-25 06:00:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.6.1", {
        "go.mod": sub(repo.files["go.mod"], "github.com/jackc/pgx/v5 v5.6.0", "github.com/jackc/pgx/v5 v5.6.1"),
    })
    head = repo.commit(utc("2026-07-27 12:18:00"), owen, "recipes: Hazy Hydrant second dry hop at 36 h, release 3.8.1\n\nBrew day note: the new Strata lot is more aromatic early; FV11 gets its\nsecond charge at 36 h instead of 96 h.", {
        "config/recipes/hazy-hydrant.yaml": sub(repo.files["config/recipes/hazy-hydrant.yaml"], "  - {step: dry_hop, charge: 2, at_hours: 96}\n", "  - {step: dry_hop, charge: 2, at_hours: 36}\n"),
        "VERSION": "3.8.1\n",
    })
    fix = repo.commit(utc("2026-07-27 15:40:00"), dana, "crash: released crashes take a crash slot too (CEL-231)\n\nReleaseHeld called startCrash directly, so the crashes held over the\nweekend all started at 06:00 on Monday (six tanks, two slots) and the\nglycol supply went to 35 F. Held crashes now go through the slots like\nevery other crash, oldest first; the rest wait.", {
        "internal/ferment/crash.go": sub(repo.files["internal/ferment/crash.go"],
            "\tfor _, t := range held {\n\t\tc.log.Info(",
            "\tfor _, t := range held {\n\t\tif !c.slots.TryAcquire(t.ID) {\n\t\t\tc.log.Info(\"crash deferred: no free crash slot\", \"tank\", t.ID, \"slots_in_use\", c.slots.InUse(), \"size\", c.slots.Size())\n\t\t\tcontinue\n\t\t}\n\t\tc.log.Info("),
        "internal/ferment/slots_test.go": repo.files["internal/ferment/slots_test.go"] + "\nfunc TestReleaseHeldTakesSlots(t *testing.T) {\n\t// six held tanks, two slots: two crashes start, four wait\n}\n",
        "VERSION": "3.8.2\n",
    })
    return repo, {"culprit": culprit, "v370": v370, "v371": v371, "v380": v380, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the cellar: a small thermal model of the tanks and the glycol loop


# id: (beer, batch, bbl, step, setpoint_f, temp_f, heat_kw, plato)
TANKS = {
    "FV01": ("Three Sisters Pils", "B26-124", 60, "diacetyl_rest", 58.0, 58.1, 0.7, 2.6),
    "FV02": ("Obsidian Porter", "B26-119", 60, "condition", 33.0, 33.2, 0.0, 4.1),
    "FV03": ("Cinder Cone Red", "B26-126", 60, "ferment", 66.0, 66.1, 0.1, 3.5),
    "FV04": ("Trailhead Pale", "B26-133", 60, "ferment", 66.0, 66.3, 4.2, 9.4),
    "FV05": ("Hazy Hydrant IPA", "B26-128", 120, "ferment", 68.0, 68.1, 0.2, 3.2),
    "FV06": ("Trailhead Pale", "B26-125", 60, "condition", 33.0, 33.4, 0.0, 2.8),
    "FV07": (None, None, 60, "empty", None, 64.0, 0.0, None),
    "FV08": ("Trailhead Pale", "B26-127", 60, "ferment", 66.0, 66.0, 0.1, 2.9),
    "FV09": ("Lava Tube Stout", "B26-129", 60, "ferment", 67.0, 67.1, 0.1, 4.8),
    "FV10": ("Sunriver Kolsch", "B26-122", 60, "condition", 34.0, 34.3, 0.0, 2.4),
    "FV11": ("Hazy Hydrant IPA", "B26-134", 120, "ferment", 68.0, 68.4, 15.0, 10.8),
    "FV12": ("Sunriver Kolsch", "B26-130", 60, "ferment", 64.0, 64.1, 0.1, 2.3),
    "FV13": ("Three Sisters Pils", "B26-131", 120, "ferment", 50.0, 50.3, 2.6, 7.9),
    "FV14": ("Cinder Cone Red", "B26-132", 60, "ferment", 66.0, 66.2, 0.1, 3.6),
    "FV15": (None, None, 120, "empty", None, 63.0, 0.0, None),
    "FV16": ("Juniper Gose", "B26-121", 60, "condition", 34.0, 34.2, 0.0, 2.0),
    "BBT1": ("Trailhead Pale", "B26-123", 60, "bright", 33.0, 33.1, 0.0, 2.8),
    "BBT2": ("Three Sisters Pils", "B26-117", 60, "bright", 32.0, 32.1, 0.0, 2.2),
    "BBT3": ("Obsidian Porter", "B26-118", 30, "bright", 34.0, 34.1, 0.0, 4.0),
    "BBT4": (None, None, 30, "empty", None, 63.0, 0.0, None),
}
CRASH_TARGET = {"FV03": 34.0, "FV05": 33.0, "FV08": 33.0, "FV09": 33.0, "FV12": 34.0, "FV14": 34.0}
HELD_SINCE = {"FV03": "2026-07-25T04:10:33-07:00", "FV08": "2026-07-25T19:31:07-07:00", "FV05": "2026-07-26T02:22:48-07:00",
              "FV12": "2026-07-26T14:45:12-07:00", "FV09": "2026-07-26T23:52:40-07:00", "FV14": "2026-07-27T04:12:20-07:00"}


def simulate(rng):
    """One state per 10 s from two hours before START: tank temps, valves,
    glycol supply/return, chiller capacity, product temp at the filler."""
    tanks = {}
    for tid, (beer, batch, bbl, step, sp, temp, heat, plato) in TANKS.items():
        tanks[tid] = {"beer": beer, "batch": batch, "C": bbl * 270.0, "UA": 0.6 if bbl <= 60 else 0.9,
                      "step": step, "sp": sp, "T": temp, "heat": heat, "plato": plato, "valve": 0.0}
    S = 25.2
    states = []
    t = START - dt.timedelta(hours=2)
    dts = 10.0
    while t <= END:
        if t == WINDOW:
            for tid in HELD:
                tanks[tid]["step"] = "crash"
                tanks[tid]["sp"] = CRASH_TARGET[tid]
        if t == OVERRIDE:
            for tid in OVERRIDDEN:
                tanks[tid]["step"] = "paused"
                tanks[tid]["sp"] = round(tanks[tid]["T"], 0)
        line_running = LINE_START <= t < LINE_END
        # jacket valves: proportional over a 1.5 F band, crash wide open
        for k in tanks.values():
            if k["sp"] is None:
                k["valve"] = 0.0
            elif k["step"] == "crash":
                k["valve"] = 1.0
            else:
                k["valve"] = min(1.0, max(0.0, (k["T"] - k["sp"] + 0.3) / 1.5))
        demand = sum(k["valve"] for k in tanks.values()) + (0.8 if line_running else 0.0)
        ff = min(1.0, 4.6 / demand) if demand else 1.0
        load = 2.0  # pump heat and pipe gains
        for k in tanks.values():
            q = k["valve"] * (ff if k["step"] == "crash" else ff ** 1.6) * k["UA"] * (k["T"] - S)
            gain = 0.012 * (64.0 - k["T"])
            k["T"] += (k["heat"] + gain - q) * dts / k["C"]
            load += q
        product = None
        if line_running:
            bbt = tanks["BBT2"]["T"]
            product = max(31.0, bbt - 0.7 * (bbt - (S + 2.5)))
            load += 7.5 * ff
        q_ch = min(70.0, max(0.0, 19.0 * (S - 23.8)))
        S += (load - q_ch) * dts / 6000.0
        ret = S + load / 11.5
        states.append((t, {"S": S, "R": ret, "cap": q_ch / 70.0 * 100, "ff": ff, "product": product,
                           "tanks": {tid: (k["T"], k["sp"], k["valve"] * ff, k["step"]) for tid, k in tanks.items()}}))
        t += dt.timedelta(seconds=dts)
    return states


# ---------------------------------------------------------------------------
# the logs


def build_logs(rng, shas, states):
    app, chiller, line, keg, journal, slack = (Log("cellarman.log"), Log("ch1-controller.log"), Log("bottling-line.log"),
                                               Log("kegtrack.log"), Log("cellar-srv01-journal.log"), Log("slack-cellar-ops.log"))
    stats = {}
    by_time = {s[0]: s[1] for s in states}

    def state(t):
        key = START - dt.timedelta(hours=2) + dt.timedelta(seconds=int((t - (START - dt.timedelta(hours=2))).total_seconds() // 10 * 10))
        return by_time[min(max(key, states[0][0]), states[-1][0])]

    epochs = [(utc("2026-07-24 22:10:40"), "3.8.0", shas["v380"]), (RECIPE_DEPLOY, "3.8.1", shas["head"]),
              (ROLLBACK, "3.7.1", shas["v371"]), (FIX_DEPLOY, "3.8.2", shas["fix"])]

    def version_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0] + dt.timedelta(seconds=14):
                cur = e
        return cur[1]

    down = [(e[0], e[0] + dt.timedelta(seconds=14)) for e in epochs[1:]]

    def is_down(t):
        return any(a <= t < b for a, b in down)

    F, G, P = "internal/ferment/", "internal/glycol/", "internal/plc/"
    srcline = {"starting cellarman": "cmd/cellarman/main.go:22", "crash slots restored": F + "controller.go:34", "shift window": F + "controller.go:35",
               "tank status": F + "controller.go:71", "tank temperature above setpoint": F + "controller.go:78",
               "crash held for the morning shift": F + "crash.go:21", "crash released at shift window": F + "crash.go:53",
               "crash started": F + "crash.go:39", "crash deferred: no free crash slot": F + "crash.go:28", "crash slot acquired": F + "crash.go:33",
               "glycol loop": G + "chiller.go:27", "glycol supply temperature above limit": G + "chiller.go:29",
               "gravity reading": P + "density.go:44", "opc ua session established": P + "opcua.go:61", "opc ua publish response late": P + "opcua.go:118",
               "http request": "internal/api/http.go:31", "setpoint changed at HMI, step paused": F + "controller.go:92", "dry hop reminder": F + "dryhop.go:18",
               "chiller modbus connected": G + "chiller.go:14", "step resumed from tablet": "internal/api/http.go:58"}

    def fmtv(v):
        if isinstance(v, float):
            return f"{v:.1f}"
        s = str(v)
        if s == "" or any(c in s for c in ' "='):
            return json.dumps(s)
        return s

    def clog(t, level, msg, **kv):
        if not (START <= t < END) or is_down(t):
            return
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        parts = [f"time={stamp}", f"level={level}", f"source=/src/{srcline.get(msg, 'internal/ferment/controller.go:60')}", f"msg={fmtv(msg)}"]
        parts += [f"{k}={fmtv(v)}" for k, v in kv.items()]
        app.add(t, " ".join(parts))

    # --- starts
    for t0, ver, sha in epochs[1:]:
        t = t0 + dt.timedelta(seconds=14, milliseconds=rng.randint(100, 900))
        clog(t, "INFO", "starting cellarman", version=ver, commit=sha[:8])
        clog(t + dt.timedelta(milliseconds=640), "INFO", "opc ua session established", endpoint="opc.tcp://plc-cellar01.brewery.lan:4840", policy="Basic256Sha256")
        in_use = 0
        if t0 == ROLLBACK:
            in_use = 6
        elif t0 == FIX_DEPLOY:
            in_use = 2
        clog(t + dt.timedelta(milliseconds=700), "INFO", "crash slots restored", in_use=in_use, size=2)
        clog(t + dt.timedelta(milliseconds=702), "INFO", "shift window", days="Mon-Fri", opens="06:00", closes="14:00", tz="America/Los_Angeles")
        if ver.startswith("3.8"):
            clog(t + dt.timedelta(milliseconds=910), "INFO", "chiller modbus connected", addr="ch1-gw.brewery.lan:502", unit=1)

    # --- tank status every 3 minutes, deviation warnings
    t = START + dt.timedelta(seconds=17)
    first_dev = {}
    while t < END:
        s = state(t)
        for i, (tid, (T, sp, valve, step)) in enumerate(s["tanks"].items()):
            tt = t + dt.timedelta(milliseconds=40 * i + rng.randint(0, 30))
            beer, batch, bbl, _, _, _, _, plato = TANKS[tid]
            if beer is None:
                if rng.random() < 0.2:
                    clog(tt, "INFO", "tank status", tank=tid, step="empty", temp_f=round(T + rng.gauss(0, 0.05), 1))
                continue
            clog(tt, "INFO", "tank status", tank=tid, beer=beer, batch=batch, step=step if step != "paused" else "crash_paused",
                 temp_f=round(T + rng.gauss(0, 0.04), 1), setpoint_f=sp, valve_pct=int(round(valve * 100)), plato=plato)
            if step not in ("crash",) and sp is not None and T - sp >= 1.0:
                clog(tt + dt.timedelta(milliseconds=3), "WARN", "tank temperature above setpoint", tank=tid, temp_f=round(T, 1),
                     setpoint_f=sp, deviation_f=round(T - sp, 1), valve_pct=int(round(valve * 100)))
                first_dev.setdefault(tid, tt)
        t += dt.timedelta(minutes=3)
    stats["first_dev"] = first_dev

    # --- glycol loop (GLY-14, only in 3.8.x)
    t = START + dt.timedelta(seconds=41)
    first_gly = None
    while t < END:
        if version_at(t).startswith("3.8"):
            s = state(t)
            sup, ret, cap = round(s["S"] + rng.gauss(0, 0.05), 1), round(s["R"] + rng.gauss(0, 0.05), 1), int(round(s["cap"]))
            clog(t, "INFO", "glycol loop", supply_f=sup, return_f=ret, chiller_cap_pct=cap)
            if sup > 30.0:
                clog(t + dt.timedelta(milliseconds=1), "WARN", "glycol supply temperature above limit", supply_f=sup, limit_f=30.0, chiller_cap_pct=cap)
                first_gly = first_gly or t
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 40))
    stats["first_gly"] = first_gly

    # --- gravity readings, tablet HTTP, OPC UA noise, dry hop
    for tid in ("FV01", "FV04", "FV11", "FV13", "FV03", "FV05", "FV08", "FV09", "FV12", "FV14"):
        t = START + dt.timedelta(minutes=rng.uniform(0, 20))
        plato = TANKS[tid][7]
        active = TANKS[tid][6] > 1.0
        while t < END:
            if active:
                plato -= rng.uniform(0.03, 0.09)
            clog(t, "INFO", "gravity reading", tank=tid, plato=round(plato + rng.gauss(0, 0.02), 2), source="densitometer", sample="inline")
            t += dt.timedelta(minutes=rng.uniform(18, 24))
    clients = ["10.20.3.41", "10.20.3.42", "10.20.3.57"]
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(520)):
        local = t.astimezone(PDT)
        if local.hour < 5 and rng.random() < 0.8:
            continue
        path = rng.choice(["/api/tanks", "/api/tanks", "/api/tanks", "/api/tanks/FV11", "/api/batches/open", "/api/glycol", "/api/dryhop/due"])
        clog(t, "INFO", "http request", method="GET", path=path, status=200, dur_ms=rng.randint(3, 40), client=rng.choice(clients))
    for _ in range(11):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        clog(t, "WARN", "opc ua publish response late", latency_ms=rng.randint(1200, 3400), subscription=rng.choice([7, 8]))
    clog(pdt("2026-07-27 07:00:05"), "INFO", "dry hop reminder", tank="FV11", batch="B26-134", charge=2, due=pdt("2026-07-27 08:00:00").astimezone(PDT).isoformat())

    # --- the 06:00 release and what follows
    held_line = pdt("2026-07-27 04:12:20")
    clog(held_line + dt.timedelta(milliseconds=311), "INFO", "crash held for the morning shift", tank="FV14", beer="Cinder Cone Red", batch="B26-132",
         window_opens="2026-07-27T06:00:00-07:00")
    s = state(WINDOW)
    for i, tid in enumerate(HELD):
        t = WINDOW + dt.timedelta(milliseconds=210 + i * 37)
        clog(t, "INFO", "crash released at shift window", tank=tid, held_since=HELD_SINCE[tid], hold_reason="shift_window", crash_target_f=CRASH_TARGET[tid])
        clog(t + dt.timedelta(milliseconds=14), "INFO", "crash started", tank=tid, beer=TANKS[tid][0], batch=TANKS[tid][1], reason="shift_window",
             setpoint_f=CRASH_TARGET[tid], from_f=round(s["tanks"][tid][0], 1))
    for i, tid in enumerate(OVERRIDDEN):
        t = OVERRIDE + dt.timedelta(seconds=20 + i * 48, milliseconds=rng.randint(0, 900))
        st = state(t)
        clog(t, "WARN", "setpoint changed at HMI, step paused", tank=tid, plc_setpoint_f=st["tanks"][tid][1], step="crash", step_setpoint_f=CRASH_TARGET[tid])
    for i, tid in enumerate(["FV05", "FV09"]):
        t = pdt("2026-07-27 09:21:00") + dt.timedelta(seconds=i * 35)
        clog(t, "INFO", "step resumed from tablet", tank=tid, step="crash", user="maya.r")
        clog(t + dt.timedelta(milliseconds=420), "INFO", "crash deferred: no free crash slot", tank=tid, slots_in_use=2, size=2)

    # --- CH1 controller log (local time)
    def ch(t, level, text):
        if START <= t < END:
            lt = t.astimezone(PDT)
            chiller.add(t, f"{lt.strftime('%m/%d/%Y %H:%M:%S')} CH1 {level:<5} {text}")

    t = START + dt.timedelta(seconds=3)
    alarm = False
    c2 = True
    first_alarm = None
    while t < END:
        s = state(t)
        sup, ret, cap = s["S"], s["R"], s["cap"]
        amb = 58 + 6 * max(0.0, (t - pdt("2026-07-27 06:00:00")).total_seconds() / 14400)
        flow = int(round(214 - 30 * (1 - s["ff"]) + rng.gauss(0, 1.5)))
        ch(t, "STAT", f"SUP {sup:.1f}F RET {ret:.1f}F SP 25.0F CAP {int(round(cap))}% C1 RUN C2 {'RUN' if c2 else 'OFF'} FLOW {flow}GPM DP {11.8 + 3.5 * (1 - s['ff']):.1f}PSI AMB {amb:.0f}F")
        if cap > 52 and not c2:
            c2 = True
            ch(t + dt.timedelta(seconds=1), "EVENT", "C2 START (LOAD)")
        elif cap < 38 and c2:
            c2 = False
            ch(t + dt.timedelta(seconds=1), "EVENT", "C2 STOP (LOAD)")
        if sup > 30.0 and not alarm:
            alarm = True
            first_alarm = first_alarm or t
            ch(t + dt.timedelta(seconds=1), "ALARM", f"A21 HIGH SUPPLY TEMP {sup:.1f}F LIMIT 30.0F")
            ch(t + dt.timedelta(seconds=2), "EVENT", "SMS SENT +1541555xxxx A21")
        elif sup < 29.0 and alarm:
            alarm = False
            stats["chiller_clear"] = t + dt.timedelta(seconds=1)
            ch(t + dt.timedelta(seconds=1), "CLEAR", f"A21 HIGH SUPPLY TEMP {sup:.1f}F")
        if alarm and (t - first_alarm).total_seconds() >= 60 and (t - first_alarm).total_seconds() % 900 < 60:
            ch(t + dt.timedelta(seconds=2), "ALARM", f"A21 HIGH SUPPLY TEMP ACTIVE {int((t - first_alarm).total_seconds() // 60)}MIN SUP {sup:.1f}F CAP 100%")
        t += dt.timedelta(seconds=60)
    ch(pdt("2026-07-27 05:00:00"), "EVENT", "LEAD/LAG ROTATION C2 LEAD")
    ch(pdt("2026-07-27 04:30:12"), "EVENT", "DATA LOG SD CARD OK 41% USED")
    ch(pdt("2026-07-27 06:34:40"), "EVENT", "PANEL LOGIN maint (LOCAL)")
    ch(pdt("2026-07-27 06:36:05"), "EVENT", "CONDENSER FAN TEST F1 OK F2 OK")
    ch(pdt("2026-07-27 06:41:30"), "EVENT", "PANEL LOGOUT maint")
    stats["first_alarm"] = first_alarm

    # --- bottling line (syslog 3164, UTC)
    def sl(t, host, tag, pid, msg):
        if START <= t < END:
            lt = t.astimezone(dt.timezone.utc)
            line.add(t, f"{lt.strftime('%b')} {lt.day:>2} {lt.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}")

    sl(pdt("2026-07-27 05:02:10"), "bl1-filler", "filler", 2231, "state CIP -> SETUP operator=jess.t")
    sl(pdt("2026-07-27 05:40:00"), "bl1-filler", "filler", 2231, "CIP cycle 'sanitize' complete (peracetic 180 ppm, 20 min)")
    sl(pdt("2026-07-27 06:12:30"), "bl1-filler", "filler", 2231, "product source BBT2 Three Sisters Pils B26-117 selected")
    sl(pdt("2026-07-27 06:22:14"), "bl1-fhi", "fhi", 911, "reference container loaded: 12oz longneck amber, target level 62.0 mm")
    sl(LINE_START, "bl1-filler", "filler", 2231, "state SETUP -> RUN speed_setpoint=200bpm")
    t = LINE_START + dt.timedelta(seconds=60)
    first_foam = None
    stops = [(pdt("2026-07-27 07:26:00"), pdt("2026-07-27 07:41:00"), "operator stop: fobbing, snift valves checked"),
             (pdt("2026-07-27 08:02:00"), pdt("2026-07-27 08:09:00"), "labeler starved: label reel change")]
    while t < LINE_END:
        stop = next((x for x in stops if x[0] <= t < x[1]), None)
        if stop:
            if t - stop[0] < dt.timedelta(seconds=60):
                sl(t, "bl1-filler", "filler", 2231, f"state RUN -> STOP reason=\"{stop[2]}\"")
            t += dt.timedelta(seconds=60)
            if t >= stop[1]:
                sl(stop[1], "bl1-filler", "filler", 2231, "state STOP -> RUN")
            continue
        s = state(t)
        prod = s["product"] or 31.0
        p_low = 0.004 + max(0.0, prod - 33.0) * 0.035
        speed = 200 if prod < 34.0 else 170
        inspected = int(speed * rng.uniform(0.93, 0.99))
        low = sum(1 for _ in range(inspected) if rng.random() < p_low)
        sl(t, "bl1-fhi", "fhi", 911, f"window=60s inspected={inspected} low_fill={low} high_fill={rng.choice([0, 0, 0, 1])} no_cap={rng.choice([0, 0, 0, 0, 1])} rejected={low}")
        sl(t + dt.timedelta(seconds=1), "bl1-filler", "filler", 2231, f"speed={speed}bpm bowl_pressure={28.2 + rng.gauss(0, 0.2):.1f}psi product_temp={prod + rng.gauss(0, 0.05):.1f}F")
        if prod > 34.0:
            sl(t + dt.timedelta(seconds=2), "bl1-filler", "filler", 2231, f"product chiller outlet {prod:.1f}F above 34.0F, fobbing risk")
            first_foam = first_foam or t
        if low >= 6:
            sl(t + dt.timedelta(seconds=3), "bl1-fhi", "fhi", 911, f"reject rate high: {low}/{inspected} low fill in last 60s")
        if rng.random() < 0.5:
            sl(t + dt.timedelta(seconds=rng.uniform(5, 50)), "bl1-pack", "packer", 617, f"case complete count={int((t - LINE_START).total_seconds() // 72)} sku=TSP-12-24")
        t += dt.timedelta(seconds=60)
    sl(LINE_END, "bl1-filler", "filler", 2231, "state RUN -> STOP reason=\"end of run BBT2 empty\"")
    stats["first_foam"] = first_foam

    # --- kegtrack (pino JSON)
    def kl(t, level, msg, **kv):
        if START <= t < END:
            num = {"info": 30, "warn": 40, "error": 50}[level]
            body = {"level": num, "time": int(t.timestamp() * 1000), "pid": 1, "hostname": "kegtrack-6d5f8", "msg": msg}
            body.update(kv)
            keg.add(t, json.dumps(body, separators=(",", ":")))

    t = pdt("2026-07-27 05:05:00")
    while t < pdt("2026-07-27 09:30:00"):
        kid = f"PMB-{rng.randint(1000, 4999):05d}"
        kl(t, "info", "keg scanned", keg=kid, station="washer-1", size="1/2bbl", cycles=rng.randint(12, 240))
        kl(t + dt.timedelta(seconds=rng.uniform(70, 95)), "info", "keg washed", keg=kid, station="washer-1", caustic_c=round(rng.uniform(79, 82), 1), result="pass")
        if rng.random() < 0.85:
            kl(t + dt.timedelta(seconds=rng.uniform(150, 200)), "info", "keg filled", keg=kid, station="filler-1", beer="Trailhead Pale", source="BBT1",
               batch="B26-123", fill_s=round(rng.uniform(41, 47), 1))
        else:
            kl(t + dt.timedelta(seconds=rng.uniform(10, 30)), "warn", "keg set aside", keg=kid, station="washer-1", reason=rng.choice(["spear leak", "dent", "unknown tag"]))
        t += dt.timedelta(seconds=rng.uniform(70, 130))
    for i in range(46):
        t = pdt("2026-07-27 07:05:00") + dt.timedelta(seconds=i * rng.uniform(20, 40))
        kl(t, "info", "keg dispatched", keg=f"PMB-{rng.randint(1000, 4999):05d}", route="BND-03", customer=rng.choice(["Crux Taphouse", "Old Mill Growlers", "River Bend Pub", "Sunriver Lodge"]), driver="t.ochoa")
    for _ in range(3):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        kl(t, "warn", "distributor api slow", endpoint="https://api.cascadebev.example/orders", took_ms=rng.randint(3000, 9000))

    # --- cellar-srv01 journal (journalctl -o short-iso, local time)
    def jn(t, ident, pid, msg):
        if START <= t < END:
            lt = t.astimezone(PDT)
            journal.add(t, f"{lt.strftime('%Y-%m-%dT%H:%M:%S')}-0700 cellar-srv01 {ident}[{pid}]: {msg}")

    def deploy(t, ver, sha, who, pipeline, rollback=False):
        pid = rng.randint(30000, 60000)
        verb = "rolling back cellarman to" if rollback else "deploying cellarman"
        jn(t - dt.timedelta(seconds=9), "sudo", pid - 1, f"gitlab-runner : PWD=/home/gitlab-runner/builds ; USER=root ; COMMAND=/usr/local/bin/deploy-cellarman {ver} {sha[:8]} {who} {pipeline}")
        jn(t - dt.timedelta(seconds=8), "deploy-cellarman", pid, f"{verb} {ver} ({sha[:8]}) requested by {who} via pipeline {pipeline}")
        jn(t - dt.timedelta(seconds=6), "deploy-cellarman", pid, f"pulled registry.gitlab.com/pinemartenbrewing/cellarman:{ver}")
        jn(t, "systemd", 1, "Stopping cellarman.service - cellarman (docker compose)...")
        jn(t + dt.timedelta(seconds=3), "systemd", 1, "cellarman.service: Deactivated successfully.")
        jn(t + dt.timedelta(seconds=3), "systemd", 1, "Stopped cellarman.service - cellarman (docker compose).")
        jn(t + dt.timedelta(seconds=4), "systemd", 1, "Started cellarman.service - cellarman (docker compose).")
        jn(t + dt.timedelta(seconds=16), "deploy-cellarman", pid, f"cellarman {ver} healthy (/healthz 200)")

    deploy(RECIPE_DEPLOY, "3.8.1", shas["head"], "owen.pratt", 8812)
    deploy(ROLLBACK, "3.7.1", shas["v371"], "kenji.watanabe", 8815, rollback=True)
    deploy(FIX_DEPLOY, "3.8.2", shas["fix"], "dana.kowalski", 8821)
    t = START + dt.timedelta(minutes=rng.uniform(0, 5))
    while t < END:
        jn(t, "CRON", rng.randint(100000, 200000), "(root) CMD (/usr/local/bin/pg-wal-ship)")
        t += dt.timedelta(minutes=15)
    jn(pdt("2026-07-27 04:00:01"), "systemd", 1, "Starting pg-backup.service - nightly cellarman database backup...")
    jn(pdt("2026-07-27 04:03:44"), "pg-backup", 20211, "backup cellarman-20260727T0400.dump 412 MB uploaded to s3://pmb-backups/cellar/")
    jn(pdt("2026-07-27 04:03:44"), "systemd", 1, "pg-backup.service: Deactivated successfully.")
    jn(pdt("2026-07-27 05:00:02"), "systemd", 1, "Starting logrotate.service - Rotate log files...")
    jn(pdt("2026-07-27 05:00:02"), "systemd", 1, "logrotate.service: Deactivated successfully.")
    jn(pdt("2026-07-27 06:38:51"), "sshd", 41822, "Accepted publickey for kenji from 10.20.1.77 port 51544 ssh2: ED25519 SHA256:QmKx3Ez0yJvW4Rr2cT8bN1uQ5fLhD7aS9pGiVw6oYtE")
    jn(pdt("2026-07-27 06:38:51"), "systemd-logind", 611, "New session 88 of user kenji.")
    jn(pdt("2026-07-27 08:40:12"), "sshd", 51420, "Accepted publickey for dana from 10.20.1.63 port 60112 ssh2: ED25519 SHA256:9nYt0cW3pQv1LmB8xZ2eR5sT7uKa4fDgHjN6oPiE1sM")
    jn(pdt("2026-07-27 08:40:12"), "systemd-logind", 611, "New session 89 of user dana.")
    for _ in range(6):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        jn(t, "kernel", 0, f"[UFW BLOCK] IN=eno1 OUT= MAC=01:00:5e:00:00:fb SRC=10.20.3.{rng.randint(40, 90)} DST=224.0.0.251 LEN=73 TOS=0x00 PROTO=UDP SPT=5353 DPT=5353 LEN=53")

    # --- Slack #cellar-ops
    users = {"alertmanager": "B04ALRT1", "maya.r": "U02MAYA7", "kenji.watanabe": "U02KENJ3", "dana.kowalski": "U02DANA5",
             "rafael.m (maintenance)": "U03RAFA2", "jess.t (packaging)": "U04JESS8", "owen.pratt": "U02OWEN4"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "cellar-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fa = first_alarm.astimezone(PDT)
    clear_at = next(t for t, s in states if t > OVERRIDE and s["S"] < 29.0)
    fv11_peak = max(s["tanks"]["FV11"][0] for t, s in states if t < pdt("2026-07-27 07:50:00"))
    stats["clear_at"] = clear_at
    say(pdt("2026-07-27 05:21:40"), "owen.pratt", "brew day. shipping the Hazy Hydrant dry hop change (2nd charge at 36 h) as 3.8.1, FV11 gets it tomorrow evening")
    say(pdt("2026-07-27 05:25:10"), "owen.pratt", "3.8.1 up, all tanks reading")
    say(stats["first_gly"] + dt.timedelta(minutes=4), "alertmanager", "[FIRING:1] GlycolSupplyHigh cellarman ch1 supply > 30F (5m)")
    say(fa + dt.timedelta(minutes=9), "rafael.m (maintenance)", f"got the CH1 SMS (A21 high supply temp) at {fa.strftime('%H:%M')}. both compressors running, 100%. heading over")
    say(pdt("2026-07-27 06:26:30"), "kenji.watanabe", "ack GlycolSupplyHigh. that alert is new since Friday (GLY-14, 3.8.0) and 3.8.1 went out an hour ago. runbook says roll back first after a release")
    say(pdt("2026-07-27 06:31:00"), "maya.r", "in the cellar. glycol supply gauge says 33F, FV11 jacket valve pinned open. brewhouse knockout to FV07 at 9, we need that loop")
    say(pdt("2026-07-27 06:40:20"), "rafael.m (maintenance)", "chiller is fine. condensers clean, both fans ok, it's 61F outside. it's just making all it can. something is pulling a lot of cold")
    say(pdt("2026-07-27 06:44:10"), "jess.t (packaging)", "filler foaming on the pils, low fills on the FHI. checking snift valves")
    say(pdt("2026-07-27 06:49:40"), "kenji.watanabe", "rolling back to 3.7.1 (Thursday) to take GLY-14's modbus polling out of the picture")
    say(ROLLBACK + dt.timedelta(minutes=3), "kenji.watanabe", "3.7.1 running, GLY-14 warnings gone of course. CH1 still alarming per Rafael. and 3.7.1 says 'crash slots restored in_use=6 size=2'?")
    say(pdt("2026-07-27 07:04:30"), "maya.r", "six tanks are in crash. FV03 FV05 FV08 FV09 FV12 FV14 all went to crash at 06:00:00 on the dot. that's the weekend's held crashes from the new shift window thing. we only ever crash two at once")
    say(pdt("2026-07-27 07:08:00"), "kenji.watanabe", "confirmed in the log: six 'crash released at shift window' at 06:00:00, no 'crash slot acquired' anywhere. Friday morning it released two at once too (FV02, FV10)")
    say(OVERRIDE - dt.timedelta(seconds=30), "maya.r", "putting FV05 FV09 FV12 FV14 back on hold at the HMI, keeping FV03 and FV08 crashing. dumping their cones while I'm at it")
    say(pdt("2026-07-27 07:31:00"), "jess.t (packaging)", "stopped the line 07:26-07:41 for the snift valves, they were fine. product temp at the filler was 35F, chiller outlet alarm. that's the glycol, not the filler")
    say(pdt("2026-07-27 07:52:00"), "maya.r", f"FV11 at {fv11_peak:.1f}, over 68 since before seven. owen wants a taste before we call it")
    say(clear_at + dt.timedelta(minutes=3), "rafael.m (maintenance)", "CH1 supply back under 29, alarm cleared. still at 100% with two tanks crashing")
    say(pdt("2026-07-27 08:44:00"), "dana.kowalski", "found it: ReleaseHeld (CEL-219) calls startCrash directly; only maybeCrash takes a slot. my bad. CEL-231 up: released crashes go through the slots, the rest wait")
    say(FIX_DEPLOY + dt.timedelta(minutes=2), "dana.kowalski", "3.8.2 deployed, slots restored in_use=2 (FV03, FV08)")
    say(pdt("2026-07-27 09:22:30"), "maya.r", "resumed FV05 and FV09 from the tablet: 'crash deferred: no free crash slot'. good, that's how it should be")
    say(pdt("2026-07-27 09:35:00"), "kenji.watanabe", "postmortem Wednesday. runbook: GlycolSupplyHigh -> count the tanks in crash before rolling back")
    return [app, chiller, line, keg, journal, slack], stats


def build(out_dir):
    rng = random.Random(104100)
    repo, shas = build_repo()
    try:
        states = simulate(rng)
        logs, stats = build_logs(rng, shas, states)
        onset = min(stats["first_alarm"], stats["first_gly"]).replace(microsecond=0)
        assert pdt("2026-07-27 06:08:00") <= onset <= pdt("2026-07-27 06:25:00"), onset.astimezone(PDT)

        def series(key):
            pts = {t: s for t, s in states if t.second == 0}

            def fn(t):
                s = pts.get(t)
                return None if s is None else round(key(s), 2)
            return fn

        metrics = {
            "cellar_glycol_supply_temperature_fahrenheit.json": query_range(
                [({"job": "ch1-modbus", "instance": "ch1-gw.brewery.lan:502", "loop": "main"}, series(lambda s: s["S"]))], START, END, 60),
            "cellar_tank_temperature_fahrenheit.json": query_range(
                [({"job": "cellarman", "tank": tid}, series(lambda s, tid=tid: s["tanks"][tid][0])) for tid in ("FV11", "FV04", "FV13", "FV03", "FV09", "BBT2")],
                START, END, 60),
        }
        peak = max(s["S"] for t, s in states if START <= t < END)
        fv11 = max(s["tanks"]["FV11"][0] for t, s in states if START <= t < END)
        culprit_age = onset - utc("2026-07-22 17:40:00")
        return write_scenario(
            out_dir, name="r104-shift-window-crash-slots", service=SERVICE, onset=onset,
            description=f"""
Pine Marten Brewing's glycol loop runs out of cold on Monday 27 July 2026:
from {onset.astimezone(PDT).strftime('%H:%M:%S')} PDT ({onset.strftime('%H:%M:%S')} UTC) the chiller CH1 alarms
"A21 HIGH SUPPLY TEMP" at 100 % capacity, the supply reaches {peak:.1f} F (setpoint
25 F), FV11 (Hazy Hydrant at high krausen) rises to {fv11:.1f} F over its 68 F
setpoint and the bottling line's Pilsner foams at the filler (low fills).
cellarman 3.8.1 (a recipe change) had been deployed at 05:24 PDT; it was
rolled back to 3.7.1 at 06:52 without effect. The cellar lead put four
crashing tanks back on hold at the HMI at 07:12 and the chiller's alarm
cleared at {stats['chiller_clear'].astimezone(PDT).strftime('%H:%M')}; 3.8.2 went out at 09:05. Bend is on PDT (UTC-7); the
chiller's log and the server's journal are in local time, the other logs
in UTC.
""",
            logs=logs,
            line_formats={"ch1-controller.log": r'<Date> <Time> <Unit> <Level>\s+<Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'crash released at shift window',
                r'HIGH SUPPLY TEMP',
            ],
            fix_files=["internal/ferment/crash.go"],
            explanation=f"""
CEL-219 ({shas['culprit'][:8]}, Wednesday 22 July 10:40 PDT, {culprit_age.days} d {culprit_age.seconds // 3600} h before the
onset) holds crashes that come due outside the cellar shift and starts them
from a new ReleaseHeld when the window opens, by calling startCrash
directly: only maybeCrash takes one of the two crash slots that keep the
glycol loop within what the chiller and the loop pump can do. Thursday and
Friday one and two tanks were released; over the weekend five tanks were
held, FV14 joined them at 04:12 on Monday, and at 06:00:00 all six start
their crash at once ("crash released at shift window" six times, with no
"crash slot acquired"), six jackets wide open. The chiller goes to 100 %
and the supply rises past its 30 F alarm ("A21 HIGH SUPPLY TEMP"), the
fermenting FV11 drifts above its setpoint and the Pilsner comes to the
filler too warm. 3.7.1 holds the culprit; on restart it even reports
"crash slots restored in_use=6 size=2". The fix (CEL-231) makes released
crashes take a slot in crash.go.
Decoys: 3.8.1, deployed 36 minutes before the window by the head brewer
(a dry hop change in a recipe file; its start lines name the release
commit); 3.8.0 from Friday with GLY-14, which polls the chiller and adds
the very "glycol supply temperature above limit" warning (and the
GlycolSupplyHigh alert that pages), and CEL-226; CEL-223 on Thursday, in
the culprit's file, which only adds fields to the release line; the
rollback to 3.7.1 without effect (the GLY-14 warnings go, the chiller's
alarms do not); the runbook commit that reads a high supply as the
chiller in hot weather or as the newest release; the pgx bump; the filler's
fobbing and low fills, first blamed on the snift valves; OPC UA late
publish warnings and kegs set aside at the washer.
""",
        )
    finally:
        repo.close()
