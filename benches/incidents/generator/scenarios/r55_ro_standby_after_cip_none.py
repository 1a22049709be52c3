"""glasshouse-control (Go 1.22, one systemd service on the site server
fen-ctl-01, deployed by a GitHub Actions workflow that runs an Ansible
playbook; a team of three in Cambridgeshire and Wrocław) of Fenmoor
Growers, 6 ha of sweet peppers on rockwool in four irrigation sections
(S1-S4). It runs the climate and the fertigation: each section gets an
irrigation round (250 ml/m2, 3.75 m3) whenever the outside radiation
summed since its last round passes 90 J/cm2. A round needs the mix tank
MT-1 (6 m3, where the A/B stock and acid are dosed) filled to a level
first; the transfer pump P-TR1 fills it from the clean water tank CWT-1
(180 m3), and the fertigation PLC blocks P-TR1 (dry-run interlock) when
CWT-1 is below 8 %. Everything goes through plcbridge (Rust, Modbus TCP to
the fertigation PLC). The rainwater basin has been empty since June, so
CWT-1 is filled by RO-1, a reverse osmosis unit on the borehole that
Purelink Water Systems owns and services; only its fault contact is wired
to the PLC (docs/water.md). The mains top-up valve V-MAINS is manual.
Sensors (the CWT-1 level, slab water content, drain) come over LoRaWAN
through ChirpStack; alarms go to the growers' phones through
alert-notifier (SMS and push).

Tuesday 7 July 2026, a hot, clear day. Purelink's technician does RO-1's
quarterly clean in place: at 06:10 UTC he switches RO-1 from AUTO to
SERVICE (CWT-1 at 88 %, enough for the morning), the CIP completes at
09:05, and after the rinse he leaves the unit in STANDBY at 09:22 ("check
permeate conductivity, then switch to AUTO"), which his service report,
e-mailed at 09:41 to the maintenance mailbox, says; the maintenance
manager is on leave (auto-reply). The fault contact stays OK. CWT-1 falls
with every round: the CLEAN_WATER_LOW alarm (20 %) at about 10:03 is
acknowledged by the head grower, who expects the RO to catch up. At 10:12
glasshouse-control 3.8.0 goes out (FC-318: fill MT-1 to 80 % before a
round instead of 50 %, in the very refill code; FC-315 of the day before:
the "mix tank refill timeout" error with the tank levels; FC-321: the
forecast's cloud cover shortens the first round's sum; an x/net bump).
At 10:29 CWT-1 passes 8 %, plcbridge reports P-TR1 blocked while it is
refilling MT-1 (71 %), and from 10:41 every round is aborted after
waiting 10 minutes for the mix tank; the slabs dry out on the hottest
day of the year. The on-call reads "mix tank refill timeout
mix_tank_pct=71 target_pct=80" as FC-318 and rolls back to 3.7.4 at
11:02: 3.7.4 runs one round from what is left in MT-1 (it only needs 50
%), and the next ones are aborted ("mix tank not ready"). A developer
points at the interlock in plcbridge's log, the site technician finds
RO-1 in STANDBY since 09:22, switches it to AUTO at 11:15 (15 minutes'
start-up flush to drain) and opens V-MAINS at 11:19; the maintenance
mailbox has the service report. The interlock clears at 12 % at 11:35,
rounds resume, the head grower cuts the dose until the tank recovers;
3.8.0 is deployed again at 12:45. Nothing in this repository caused it.

Sources: glasshouse-control (Go slog JSON), plcbridge (Rust tracing fmt,
line format), RO-1's event log (Purelink HMI export, line format),
ChirpStack's event log (JSON), alert-notifier (Python logging), the
Ansible deploy log, the maintenance mailbox's message trace (JSON),
#glasshouse-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "glasshouse-control"
SIM_START = utc("2026-07-07 03:30:00")
START, END = utc("2026-07-07 08:15:00"), utc("2026-07-07 13:15:00")
RO_LOG_FROM = utc("2026-07-07 04:00:00")
CIP_START = utc("2026-07-07 06:10:32")
CIP_DONE = utc("2026-07-07 09:05:40")
STANDBY = utc("2026-07-07 09:22:14")
REPORT = utc("2026-07-07 09:41:37")
RELEASE = utc("2026-07-07 10:12:09")
ROLLBACK = utc("2026-07-07 11:02:31")
RO_AUTO = utc("2026-07-07 11:15:30")
RO_PROD = RO_AUTO + dt.timedelta(minutes=15, seconds=10)
MAINS_OPEN = utc("2026-07-07 11:19:05")
REDEPLOY = utc("2026-07-07 12:45:20")
DOSE_CUT = utc("2026-07-07 11:44:30")   # the head grower: 200 ml/m2 until CWT-1 recovers
RO_EXPORT = utc("2026-07-07 12:05:00")
CWT_M3, MT_M3 = 180.0, 6.0
RO_M3H, MAINS_M3H, PTR_M3H, ROUND_M3H = 24.0, 20.0, 50.0, 75.0
ROUND_M3 = 3.75
SECTIONS = ["S1", "S2", "S3", "S4"]
DRY_RUN, DRY_RUN_CLEAR = 8.0, 12.0


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def go(text):
    """Go source written with four-space indents -> gofmt's tabs."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        n = (len(line) - len(stripped)) // 4
        out.append("\t" * n + line[n * 4:] if n else line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/fenmoor/glasshouse-control

go 1.22

require (
	github.com/eclipse/paho.mqtt.golang v1.4.3
	github.com/prometheus/client_golang v1.19.1
	golang.org/x/net v0.26.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

SITE_YAML = """site: fenmoor
plcbridge: http://127.0.0.1:7400
sections:
  S1: {area_m2: 15000, valve: V-S1}
  S2: {area_m2: 15000, valve: V-S2}
  S3: {area_m2: 15000, valve: V-S3}
  S4: {area_m2: 15000, valve: V-S4}
irrigation:
  radiation_sum_j_cm2: 90
  dose_ml_m2: 250
  one_round_at_a_time: true
mix_tank:
  ready_pct: 50          # MT-1 level before a round starts
  wait: 10m
alarms:
  clean_water_low_pct: 20
  slab_wc_low_pct: 55
  notifier: http://127.0.0.1:7500/alarms
forecast:
  provider: skyline
  url: https://api.skylineagri.co.uk/v1/forecast/point
  every: 1h
"""

MIXTANK_V1 = go('''package fertigation

import (
    "context"
    "fmt"
    "log/slog"
    "time"

    "github.com/fenmoor/glasshouse-control/internal/plc"
)

// ErrNotReady means MT-1 did not reach the level a round needs in time.
var ErrNotReady = fmt.Errorf("mix tank not ready")

// WaitReady asks the PLC to fill MT-1 (P-TR1 from CWT-1, A/B and acid
// dosed on the way) and waits until it holds cfg.ReadyPct.
func WaitReady(ctx context.Context, p *plc.Client, cfg MixTankConfig, log *slog.Logger) error {
    deadline := time.Now().Add(cfg.Wait)
    if err := p.Write(ctx, plc.MixTankFillTarget, cfg.ReadyPct*10); err != nil {
        return err
    }
    for time.Now().Before(deadline) {
        st, err := p.FertStatus(ctx)
        if err != nil {
            return err
        }
        if st.MixTankPct >= float64(cfg.ReadyPct) {
            return nil
        }
        time.Sleep(5 * time.Second)
    }
    return ErrNotReady
}
''')

ROUNDS_V1 = go('''package fertigation

import (
    "context"
    "log/slog"
    "time"

    "github.com/fenmoor/glasshouse-control/internal/alarms"
    "github.com/fenmoor/glasshouse-control/internal/plc"
)

// Scheduler gives each section a round when the outside radiation summed
// since its last round passes cfg.RadiationSum (J/cm2). One round at a time.
type Scheduler struct {
    cfg    Config
    plc    *plc.Client
    alarms *alarms.Client
    log    *slog.Logger
    sums   map[string]float64
}

func (s *Scheduler) Tick(ctx context.Context, radiation float64, every time.Duration) {
    for _, sec := range s.cfg.Sections {
        s.sums[sec.Name] += radiation * every.Seconds() / 10000
        if s.sums[sec.Name] < s.cfg.RadiationSum {
            continue
        }
        s.log.Info("round requested", "section", sec.Name, "rad_sum", round1(s.sums[sec.Name]))
        if err := WaitReady(ctx, s.plc, s.cfg.MixTank, s.log); err != nil {
            s.log.Warn("round aborted", "section", sec.Name, "reason", err.Error())
            s.alarms.Raise(ctx, "IRRIGATION_ABORTED", sec.Name, err.Error())
            continue
        }
        s.sums[sec.Name] = 0
        s.run(ctx, sec)
    }
}
''')

RUNBOOK_ALERTS = [
    ("IRRIGATION_ABORTED", "A section's round did not start or was stopped. Look at the `round aborted` and `round stopped by plc` lines; the growers can start a manual round from the fertigation panel."),
    ("CLEAN_WATER_LOW", "CWT-1 below 20 %. In summer the midday demand is above RO-1's 24 m3/h and the tank recovers in the evening; below 8 % the PLC blocks P-TR1. See docs/water.md."),
]

WATER_MD = """# Water supply

- **Rainwater basin** (4,000 m3): first choice. Empty since mid June 2026.
- **Borehole + RO-1** (Purelink Water Systems, owned and serviced by
  Purelink, quarterly CIP): permeate 24 m3/h into the clean water tank
  CWT-1 (180 m3). RO-1 runs in AUTO and starts when CWT-1 is below 85 %.
  Only its fault contact (DI 14, `ro1_fault`) is wired to the fertigation
  PLC; its mode and production are on its own panel in the water room.
- **Mains** (Anglian Water, 20 m3/h): manual top-up valve V-MAINS into
  CWT-1, for emergencies (the abstraction licence and the bill).

CWT-1's level: the PLC's level transmitter LT-CWT1 (for the interlock)
and a LoRaWAN ultrasonic sensor (`cwt1-level`, for the dashboard and
CLEAN_WATER_LOW at 20 %). The PLC's dry-run interlock blocks the transfer
pump P-TR1 below 8 % and releases it above 12 %; without P-TR1 the mix
tank MT-1 cannot be filled and no round can run.
"""

CI_YML = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.22'
      - run: go test ./...
"""

DEPLOY_YML = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version: { description: "release to install (tag)", required: true }
jobs:
  deploy:
    runs-on: [self-hosted, fenmoor]
    steps:
      - uses: actions/checkout@v4
      - run: ansible-playbook -i deploy/inventory.ini deploy/playbook.yml -e version=${{ inputs.version }} -e commit=${GITHUB_SHA::7}
"""

PLAYBOOK = """- hosts: fen-ctl-01
  become: true
  tasks:
    - name: Download release {{ version }} (commit {{ commit }})
      get_url:
        url: "https://github.com/fenmoor/glasshouse-control/releases/download/{{ version }}/glasshouse-control-linux-amd64"
        dest: /opt/glasshouse-control/bin/glasshouse-control-{{ version }}
        mode: "0755"
    - name: Link current release
      file:
        src: /opt/glasshouse-control/bin/glasshouse-control-{{ version }}
        dest: /opt/glasshouse-control/bin/glasshouse-control
        state: link
      notify: restart glasshouse-control
    - name: Site config
      copy: { src: ../config/site.yaml, dest: /etc/glasshouse-control/site.yaml }
      notify: restart glasshouse-control
  handlers:
    - name: restart glasshouse-control
      systemd: { name: glasshouse-control, state: restarted }
"""


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Price", "hannah.price@fenmoorgrowers.co.uk", 60)
    callum = Person("Callum Reid", "callum.reid@fenmoorgrowers.co.uk", 60)
    marek = Person("Marek Nowak", "marek.nowak@fenmoorgrowers.co.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    mt = "internal/fertigation/mixtank.go"
    files = {
        "go.mod": GO_MOD,
        "cmd/glasshouse-control/main.go": go('''package main

import (
    "context"
    "log/slog"
    "os"
    "os/signal"

    "github.com/fenmoor/glasshouse-control/internal/app"
    "github.com/fenmoor/glasshouse-control/internal/config"
)

var version, commit = "dev", "none"

func main() {
    log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
    cfg := config.MustLoad(os.Getenv("SITE_CONFIG"))
    ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
    defer stop()
    log.Info("starting glasshouse-control", "version", version, "commit", commit, "site", cfg.Site)
    if err := app.Run(ctx, cfg, log); err != nil {
        log.Error("stopped", "err", err)
        os.Exit(1)
    }
}
'''),
        mt: MIXTANK_V1,
        "internal/fertigation/rounds.go": ROUNDS_V1,
        "internal/plc/client.go": go('''package plc

// Client talks to plcbridge (http://127.0.0.1:7400), which polls the
// fertigation PLC over Modbus TCP.
type Client struct{ base string }

const MixTankFillTarget = "HR310"

type FertStatus struct {
    CleanWaterPct float64 `json:"cwt1_pct"`
    MixTankPct    float64 `json:"mt1_pct"`
    TransferPump  string  `json:"p_tr1"`
    RO1Fault      bool    `json:"ro1_fault"`
}
'''),
        "internal/weather/forecast.go": go('''package weather

// Skyline Agri's point forecast, fetched hourly: radiation, temperature,
// wind and cloud cover for the next 48 h.
type Forecast struct {
    Run      string  `json:"run"`
    TMax     float64 `json:"tmax"`
    RadMax   float64 `json:"rad_max"`
    Cloud    []int   `json:"cloud_cover"`
}
'''),
        "internal/alarms/client.go": go('''package alarms

// Client posts alarms to alert-notifier, which sends them to the growers'
// phones (SMS and push) and takes acknowledgements.
type Client struct{ url string }
'''),
        "config/site.yaml": SITE_YAML,
        "docs/water.md": WATER_MD,
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
        ".github/workflows/ci.yml": CI_YML,
        ".github/workflows/deploy.yml": DEPLOY_YML,
        "deploy/playbook.yml": PLAYBOOK,
        "deploy/inventory.ini": "[site]\nfen-ctl-01 ansible_host=10.40.0.10 ansible_user=deploy\n",
        "README.md": "# glasshouse-control\n\nClimate and fertigation for Fenmoor Growers' glasshouse (S1-S4), through\nplcbridge on fen-ctl-01. See docs/water.md for the water supply and\ndocs/runbook.md for the alarms.\n\n## Running locally\n\n```\nSITE_CONFIG=config/site.yaml go run ./cmd/glasshouse-control\n```\n\n## Deploying\n\nRun the `deploy` workflow with a release tag; it installs the release on\nfen-ctl-01 with Ansible and restarts the service.\n",
    }
    repo.commit(utc("2026-06-29 08:00:00"), hannah, "glasshouse-control: climate and fertigation through plcbridge", files)
    crng = random.Random(55203)
    repo.schedule(chores(crng, SERVICE, [hannah, callum, marek], utc("2026-06-29 10:00:00"), utc("2026-07-01 16:00:00"), 2)
                  + chores(crng, SERVICE, [callum, hannah], utc("2026-07-06 07:30:00"), utc("2026-07-06 15:00:00"), 1))
    repo.commit(utc("2026-06-30 13:10:00"), callum, "weather: Skyline forecast client with a retry (FC-305)", {
        "internal/weather/forecast.go": repo.files["internal/weather/forecast.go"] + go('''
// Fetch retries once after 5 s: Skyline answers 503 for a minute when a
// new model run is published.
func Fetch(url string) (*Forecast, error) { return fetch(url, 2) }
'''),
    })
    repo.commit(utc("2026-07-01 05:12:00"), bot, "build(deps): bump github.com/eclipse/paho.mqtt.golang from 1.4.3 to 1.5.0", {
        "go.mod": sub(repo.files["go.mod"], "paho.mqtt.golang v1.4.3", "paho.mqtt.golang v1.5.0"),
    })
    repo.commit(utc("2026-07-02 12:00:00"), hannah, "climate: keep a screen gap when humidity is high at night (FC-309)", {
        "internal/climate/screens.go": go('''package climate

// ScreenGap opens the energy screen a few percent at night when the
// humidity deficit drops below 2 g/m3, to let moisture out.
func ScreenGap(hd float64) int {
    if hd >= 2 {
        return 0
    }
    return int(2+(2-hd)*3) // 2-8 %
}
'''),
    })
    tue = repo.commit(utc("2026-07-03 14:30:00"), marek, "fertigation: per-section EC from the crop plan (FC-311), 3.7.4\n\nS3 and S4 were replanted in week 24 and need a lower EC than S1/S2.", {
        "config/site.yaml": sub(repo.files["config/site.yaml"], "  S1: {area_m2: 15000, valve: V-S1}\n  S2: {area_m2: 15000, valve: V-S2}\n  S3: {area_m2: 15000, valve: V-S3}\n  S4: {area_m2: 15000, valve: V-S4}\n",
                                "  S1: {area_m2: 15000, valve: V-S1, ec: 3.2}\n  S2: {area_m2: 15000, valve: V-S2, ec: 3.2}\n  S3: {area_m2: 15000, valve: V-S3, ec: 2.8}\n  S4: {area_m2: 15000, valve: V-S4, ec: 2.8}\n"),
    })
    repo.commit(utc("2026-07-06 09:40:00"), callum, "mixtank: log a refill timeout with the tank levels (FC-315)\n\n\"mix tank not ready\" said nothing about why; on 1 July it was a\nblocked P-TR1 strainer and it took an hour to see that the mix tank\nwas not rising.", {
        mt: sub(repo.files[mt], go('''    return ErrNotReady
}'''), go('''    st, _ := p.FertStatus(ctx)
    log.Error("mix tank refill timeout", "mix_tank_pct", st.MixTankPct, "target_pct", cfg.ReadyPct,
        "clean_water_pct", st.CleanWaterPct, "p_tr1", st.TransferPump, "waited", cfg.Wait)
    return ErrRefillTimeout
}''')),
        "internal/fertigation/errors.go": go('''package fertigation

import "fmt"

// ErrRefillTimeout: MT-1 did not reach the level in time (FC-315).
var ErrRefillTimeout = fmt.Errorf("mix tank refill timeout")
'''),
    })
    repo.commit(utc("2026-07-06 12:15:00"), hannah, "runbook: irrigation rounds aborting", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Rounds aborting one after the other\n\nAlmost always the mix tank refill: a blocked strainer on P-TR1 (1 July)\nor a dosing channel in fault. Check the `mix tank refill timeout` lines\n(is MT-1 rising at all?) and ask the growers to look at the strainer.\nIf it starts right after a deploy, roll back with the deploy workflow\n(previous release tag) first.\n",
    })
    repo.commit(utc("2026-07-06 15:05:00"), bot, "build(deps): bump golang.org/x/net from 0.26.0 to 0.27.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.26.0", "golang.org/x/net v0.27.0"),
    })
    repo.commit(utc("2026-07-07 06:30:00"), marek, "mixtank: fill MT-1 to 80 % before a round (was 50 %) (FC-318)\n\nA 3.75 m3 round from a half-full 6 m3 tank relies on P-TR1 keeping up\nduring the round; twice last week the PLC stopped a round at MT-1\nlow-low when the A/B dosing slowed the refill.", {
        "config/site.yaml": sub(repo.files["config/site.yaml"], "  ready_pct: 50          # MT-1 level before a round starts\n", "  ready_pct: 80          # MT-1 level before a round starts (FC-318)\n"),
        mt: sub(repo.files[mt], "// dosed on the way) and waits until it holds cfg.ReadyPct.", "// dosed on the way) and waits until it holds cfg.ReadyPct, 80 % since\n// FC-318 so that a round never relies on P-TR1 keeping up."),
    })
    head = repo.commit(utc("2026-07-07 07:50:00"), callum, "scheduler: shorter first round on clear mornings from the forecast's cloud cover (FC-321), 3.8.0\n\nOn clear mornings the slabs dry before the first 90 J/cm2; start the\nfirst round at 60 J/cm2 when Skyline forecasts under 20 % cloud.", {
        "internal/fertigation/rounds.go": sub(repo.files["internal/fertigation/rounds.go"], "\t\tif s.sums[sec.Name] < s.cfg.RadiationSum {\n",
                                              "\t\tif s.sums[sec.Name] < s.threshold(sec.Name) {\n") + go('''
// threshold is the radiation sum for a section's next round: 60 J/cm2 for
// the first round of a clear morning (forecast cloud cover under 20 %).
func (s *Scheduler) threshold(section string) float64 {
    if s.roundsToday[section] == 0 && s.forecast.CloudBelow(20, 3) {
        return 60
    }
    return s.cfg.RadiationSum
}
'''),
        "internal/weather/forecast.go": repo.files["internal/weather/forecast.go"] + go('''
// CloudBelow reports whether the forecast cloud cover stays below pct for
// the next hours.
func (f *Forecast) CloudBelow(pct, hours int) bool {
    for i := 0; i < hours && i < len(f.Cloud); i++ {
        if f.Cloud[i] >= pct {
            return false
        }
    }
    return true
}
'''),
    })
    after = repo.commit(utc("2026-07-07 12:20:00"), hannah, "docs: RO-1 after a service visit, and where to look first when rounds abort", {
        "docs/water.md": repo.files["docs/water.md"] + "\n## After Purelink's service visit\n\nA CIP ends with RO-1 in STANDBY unless the technician sets AUTO (7 July:\nleft in STANDBY at 10:22 BST, found at 12:15). The fault contact stays\nOK in STANDBY, so nothing here sees it: after a visit, check the panel\nsays AUTO and producing, and watch CWT-1.\n",
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Rounds aborting one after the other\n\nAlmost always the mix tank refill:",
                               "## Rounds aborting one after the other\n\nFirst look at `clean_water_pct` and plcbridge's interlock lines: below 8 %\nthe PLC blocks P-TR1 and no refill can succeed (7 July: RO-1 left in\nSTANDBY). Otherwise it is usually the mix tank refill:"),
    })
    return repo, {"tue": tue, "head": head, "after": after}


# ---------------------------------------------------------------------------
# the day


def hours(x):
    t = at(x)
    return t.hour + t.minute / 60 + t.second / 3600


def radiation(x):
    h = hours(x)
    s = math.sin(math.pi * (h - 3.85) / 16.5)
    base = 0.0 if s <= 0 else 830.0 * s ** 1.35
    if h > 11.2:   # fair-weather cumulus from late morning
        base *= 1.0 - 0.18 * max(0.0, math.sin(x / 211.0) * math.sin(x / 67.0))
    return base


def outside_temp(x):
    h = hours(x)
    f = min(1.0, max(0.0, (h - 4.0) / 10.0))
    return 14.0 + 15.0 * math.sin(math.pi / 2 * f)


def simulate(rng, shas):
    epochs = [(secs(utc("2026-07-03 16:05:00")), "3.7.4", shas["tue"]), (secs(RELEASE) + 1.2, "3.8.0", shas["head"]),
              (secs(ROLLBACK) + 1.1, "3.7.4", shas["tue"]), (secs(REDEPLOY) + 1.3, "3.8.0", shas["after"])]

    def code(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    ev = {"rounds": [], "ptr": [], "interlock": [], "lowlow": [], "series": [], "ro": [], "status": [], "slab": {s: [] for s in SECTIONS},
          "alarms": [], "first_abort": None, "starts": [(e[0] - 1.1, e) for e in epochs[1:]]}
    cwt = 0.915 * CWT_M3
    mt = 0.84 * MT_M3
    ro_mode = "AUTO"
    ro_running = False
    ptr_on = False
    blocked = False
    sums = {s: rng.uniform(10, 80) for s in SECTIONS}
    wc = {s: 61.0 + rng.uniform(-1.0, 1.0) for s in SECTIONS}
    drain = {s: 0.0 for s in SECTIONS}
    queue = []
    active = None        # ("wait", section, since, target) or ("round", section, since, delivered)
    low_alarm = False
    x = secs(SIM_START)
    end = secs(END)
    while x < end:
        R = radiation(x)
        # RO-1
        if x >= secs(CIP_START) and ro_mode == "AUTO" and x < secs(RO_AUTO):
            ro_mode = "SERVICE"
        if x >= secs(STANDBY) and ro_mode == "SERVICE":
            ro_mode = "STANDBY"
        if x >= secs(RO_AUTO) and ro_mode == "STANDBY":
            ro_mode = "AUTO"
        pct = 100.0 * cwt / CWT_M3
        if ro_mode == "AUTO" and (x < secs(CIP_START) or x >= secs(RO_PROD)):
            if not ro_running and pct < 85.0:
                ro_running = True
                ev["ro"].append((x, "start", pct))
            elif ro_running and pct > 95.0:
                ro_running = False
                ev["ro"].append((x, "stop", pct))
        elif ro_running:
            ro_running = False
        inflow = (RO_M3H if ro_running else 0.0) + (MAINS_M3H if x >= secs(MAINS_OPEN) else 0.0)
        # dry-run interlock on P-TR1
        if not blocked and pct < DRY_RUN:
            blocked = True
            ev["interlock"].append((x, "on", pct))
        elif blocked and pct > DRY_RUN_CLEAR:
            blocked = False
            ev["interlock"].append((x, "off", pct))
        # MT-1 fill: the PLC refills below 40 % (or below the requested target) up to 90 %
        want = active is not None and active[0] == "wait" and 100.0 * mt / MT_M3 < active[3]
        mpct = 100.0 * mt / MT_M3
        if not ptr_on and (mpct < 40.0 or want) and not blocked:
            ptr_on = True
            ev["ptr"].append((x, "start", mpct))
        elif ptr_on and (mpct >= 90.0 or blocked):
            ptr_on = False
            ev["ptr"].append((x, "blocked" if blocked else "stop", mpct))
        transfer = PTR_M3H / 3600.0 if ptr_on else 0.0
        transfer = min(transfer, cwt)
        # the radiation sums and the queue (glasshouse-control's scheduler)
        for s in SECTIONS:
            sums[s] += R / 10000.0
            if sums[s] >= 90.0 and s not in queue and not (active and active[1] == s):
                queue.append(s)
        out = 0.0
        if active is None and queue:
            s = queue.pop(0)
            version = code(x)[1]
            target = 80.0 if version == "3.8.0" else 50.0
            active = ("wait", s, x, target, sums[s], version)
            ev["rounds"].append((x, "requested", s, sums[s], version))
        if active and active[0] == "wait":
            _, s, since, target, rsum, version = active
            if 100.0 * mt / MT_M3 >= target:
                ev["rounds"].append((x, "started", s, target, version))
                active = ("round", s, x, 0.0, rsum, version)
                sums[s] = 0.0
            elif x - since >= 600:
                ev["rounds"].append((x, "aborted", s, (100.0 * mt / MT_M3, target, 100.0 * cwt / CWT_M3), version))
                if ev["first_abort"] is None and x > secs(START):
                    ev["first_abort"] = x
                active = None
        elif active and active[0] == "round":
            _, s, since, delivered, rsum, version = active
            step = ROUND_M3H / 3600.0
            dose_m3 = ROUND_M3 if since < secs(DOSE_CUT) else ROUND_M3 * 0.8
            delivered += step
            out = step
            if 100.0 * (mt - step) / MT_M3 < 10.0:
                ev["rounds"].append((x, "stopped", s, delivered, version))
                ev["lowlow"].append((x, s))
                if ev["first_abort"] is None and x > secs(START):
                    ev["first_abort"] = x
                wc[s] += delivered / ROUND_M3 * 2.2
                active = None
                out = 0.0
            elif delivered >= dose_m3:
                ev["rounds"].append((x, "done", s, delivered, version))
                wc[s] += 2.2 * delivered / ROUND_M3
                if wc[s] > 63.0:
                    drain[s] += (wc[s] - 63.0) * 9.0
                    wc[s] = 63.0
                active = None
            else:
                active = ("round", s, since, delivered, rsum, version)
        mt = max(0.0, min(MT_M3, mt + transfer - out))
        cwt = max(0.0, min(CWT_M3, cwt - transfer + inflow / 3600.0))
        for s in SECTIONS:
            wc[s] -= R * 0.0000019 * (1.0 + 0.04 * SECTIONS.index(s))
        # alarms
        if not low_alarm and pct < 20.0:
            low_alarm = True
            ev["alarms"].append((x, "raise", "CLEAN_WATER_LOW", None, pct))
        elif low_alarm and pct > 25.0:
            low_alarm = False
            ev["alarms"].append((x, "clear", "CLEAN_WATER_LOW", None, pct))
        if int(x) % 60 == 0:
            ev["series"].append((int(x), 100.0 * cwt / CWT_M3, 100.0 * mt / MT_M3, dict(wc), ro_mode, ro_running, blocked, ptr_on, R))
        x += 1.0
    ev["epochs"] = epochs
    return ev


def build_logs(rng, shas):
    app, bridge, ro, cs, notif, ansible, mail, slack, caddy = (Log("glasshouse-control.log"), Log("plcbridge.log"), Log("ro1-event-log.log"),
                                                              Log("chirpstack-events.log"), Log("alert-notifier.log"), Log("ansible-deploy.log"),
                                                              Log("maintenance-mailbox-trace.log"), Log("slack-glasshouse-ops.log"), Log("caddy-ops-dashboard.log"))
    ev = simulate(rng, shas)
    t_start, t_end = secs(START), secs(END)
    series = ev["series"]
    at_min = {r[0]: r for r in series}

    def state(x):
        return at_min.get(int(x // 60) * 60) or series[-1]

    def jlog(x, level, msg, **kv):
        if t_start <= x < t_end:
            t = at(x)
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level, "msg": msg}
            body.update(kv)
            app.add(t, json.dumps(body, separators=(",", ":")))

    def blog(x, level, target, msg):
        if t_start <= x < t_end:
            t = at(x)
            bridge.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {level:>5} {target}: {msg}")

    # --- glasshouse-control: starts, rounds, status, climate, forecast
    for x0, (first, version, sha) in ev["starts"]:
        jlog(x0, "INFO", "starting glasshouse-control", version=version, commit=sha[:7], site="fenmoor")
        jlog(x0 + 0.06, "INFO", "plcbridge connected", url="http://127.0.0.1:7400", plc="fert-plc", sections=4)
        jlog(x0 + 0.3, "INFO", "mqtt subscribed", broker="tcp://127.0.0.1:1883", topic="application/fenmoor-water/device/+/event/up")
    counts = {"rounds": 0, "aborted": 0}
    ec = {"S1": 3.2, "S2": 3.2, "S3": 2.8, "S4": 2.8}
    for (x, kind, s, val, version) in ev["rounds"]:
        if kind == "requested":
            jlog(x + 0.01, "INFO", "round requested", section=s, rad_sum=round(val, 1))
            st = state(x)
            if st[2] < (80.0 if version == "3.8.0" else 50.0):
                jlog(x + 0.05, "INFO", "waiting for mix tank", section=s, mix_tank_pct=round(st[2], 1), target_pct=80 if version == "3.8.0" else 50)
        elif kind == "started":
            counts["rounds"] += 1
            jlog(x + 0.03, "INFO", "round started", section=s, dose_ml_m2=250 if x < secs(DOSE_CUT) else 200, ec_target=ec[s])
        elif kind == "done":
            jlog(x + 0.4, "INFO", "round done", section=s, volume_m3=round(val + rng.uniform(-0.03, 0.03), 2), ec=round(ec[s] + rng.uniform(-0.08, 0.06), 2),
                 ph=round(rng.uniform(5.5, 5.8), 2), took=f"{int(val / (ROUND_M3H / 3600.0)) // 60}m{int(val / (ROUND_M3H / 3600.0)) % 60}s")
        elif kind == "stopped":
            counts["aborted"] += 1
            jlog(x + 0.6, "WARN", "round stopped by plc", section=s, plc_reason="MT-1 low-low", delivered_ml_m2=round(val / 15.0 * 1000))
        elif kind == "aborted":
            counts["aborted"] += 1
            mpct, target, cpct = val
            if version == "3.8.0":
                jlog(x + 0.02, "ERROR", "mix tank refill timeout", mix_tank_pct=round(mpct, 1), target_pct=int(target), clean_water_pct=round(cpct, 1),
                     p_tr1="blocked" if cpct < DRY_RUN_CLEAR else "running", waited="10m0s")
                jlog(x + 0.03, "WARN", "round aborted", section=s, reason="mix tank refill timeout")
            else:
                jlog(x + 0.02, "WARN", "round aborted", section=s, reason="mix tank not ready")
    jlog(secs(DOSE_CUT), "INFO", "setting changed", key="irrigation.dose_ml_m2", old=250, new=200, by="tom.ashby", via="panel")
    # status every 5 minutes
    x = t_start + 31.0
    while x < t_end:
        st = state(x)
        jlog(x, "INFO", "fertigation status", clean_water_pct=round(st[1], 1), mix_tank_pct=round(st[2], 1),
             p_tr1="blocked" if st[6] else ("running" if st[7] else "idle"), ro1_fault=False, v_mains="open" if x >= secs(MAINS_OPEN) else "closed")
        x += 300.0
    # climate every 2 minutes per section
    x = t_start + 7.0
    while x < t_end:
        R = radiation(x)
        To = outside_temp(x)
        for k, s in enumerate(SECTIONS):
            air = To + 2.2 + R * 0.0032 + rng.gauss(0, 0.15) + 0.2 * k
            vents = max(0, min(100, round((air - 22.0 - R * 0.002) / 3.0 * 100 + rng.gauss(0, 2))))
            jlog(x + k * 0.004, "INFO", "climate", section=s, air=round(air, 1), rh=round(max(45, 78 - (air - 20) * 2.1 + rng.gauss(0, 1))),
                 co2=rng.randint(405, 430), rad=round(R), vents=vents, screen=0)
        x += 60.0
    # forecast hourly
    h = at(t_start).replace(minute=4, second=0, microsecond=0) + dt.timedelta(hours=1)
    while secs(h) < t_end:
        x = secs(h) + rng.uniform(0.2, 1.5)
        ver = "3.7.4"
        for e in ev["epochs"]:
            if x >= e[0]:
                ver = e[1]
        kv = dict(provider="skyline", run="2026-07-07T06:00Z" if h.hour < 12 else "2026-07-07T09:00Z", tmax=30.6, rad_max=rng.choice([842, 851, 860]))
        if ver == "3.8.0":
            kv["cloud_next_3h"] = rng.choice([5, 10, 15])
        jlog(x, "INFO", "forecast updated", **kv)
        h += dt.timedelta(hours=1)
    for x, kind, code, s, val in ev["alarms"]:
        if kind == "raise":
            jlog(x + 0.02, "WARN", "alarm raised", code=code, value=round(val - 0.05, 1), limit=20)
        else:
            jlog(x + 0.02, "INFO", "alarm cleared", code=code, value=round(val, 1))

    # slab water content alarms (from the LoRaWAN sensors, evaluated on each uplink below)
    # --- plcbridge
    started = [(x, s) for (x, k, s, v, ver) in ev["rounds"] if k == "started"]
    for (x, kind, pct) in ev["ptr"]:
        if kind == "start":
            blog(x + 0.2, "INFO", "plcbridge::fert", f"transfer pump P-TR1 started mt_pct={pct:.1f}")
        elif kind == "stop":
            blog(x + 0.2, "INFO", "plcbridge::fert", f"transfer pump P-TR1 stopped mt_pct={pct:.1f}")
        else:
            blog(x + 0.35, "WARN", "plcbridge::fert", f"transfer pump P-TR1 stopped by interlock mt_pct={pct:.1f}")
    for (x, kind, pct) in ev["interlock"]:
        if kind == "on":
            blog(x + 0.3, "WARN", "plcbridge::fert", f"interlock active: transfer pump P-TR1 blocked, clean water tank CWT-1 below dry-run level level_pct={pct - 0.05:.1f} limit_pct={DRY_RUN:.1f}")
        else:
            blog(x + 0.3, "INFO", "plcbridge::fert", f"interlock cleared: clean water tank CWT-1 above {DRY_RUN_CLEAR:.0f} % level_pct={pct:.1f}, transfer pump P-TR1 released")
    for (x, kind, s, val, version) in ev["rounds"]:
        if kind == "started":
            blog(x + 0.25, "INFO", "plcbridge::fert", f"valve section {s} opened valve=V-{s}")
        elif kind == "done":
            blog(x + 0.2, "INFO", "plcbridge::fert", f"valve section {s} closed volume_m3={val:.2f}")
        elif kind == "stopped":
            blog(x + 0.2, "WARN", "plcbridge::fert", f"mix tank MT-1 low-low, round stopped section={s} mt_pct=9.9")
            blog(x + 0.3, "INFO", "plcbridge::fert", f"valve section {s} closed volume_m3={val:.2f}")
    x = t_start + 11.0
    while x < t_end:
        st = state(x)
        blog(x + rng.uniform(0, 0.004), "DEBUG", "plcbridge::fert", f"fert status cwt1_pct={st[1] + rng.gauss(0, 0.05):.1f} mt1_pct={st[2]:.1f} "
             f"p_tr1={'blocked' if st[6] else ('on' if st[7] else 'off')} ec={3.0 + rng.gauss(0, 0.04):.2f} ph={5.6 + rng.gauss(0, 0.03):.2f} flow_m3h={rng.uniform(70, 78) if any(r[0] <= x < r[0] + 180 for r in started) else 0.0:.1f}")
        x += 30.0
    m = int(t_start // 60) * 60 + 60
    while m < t_end:
        blog(m + 0.5 + rng.uniform(0, 0.05), "INFO", "plcbridge::poll", f"poll cycle plc=fert-plc reads={rng.randint(118, 122)} writes={rng.randint(1, 6)} errors=0 p99_ms={rng.randint(9, 31)}")
        if m % 900 == 0:
            st = state(m)
            blog(m + 0.9, "INFO", "plcbridge::fert", f"di snapshot ro1_fault=0 v_mains={'open' if m >= secs(MAINS_OPEN) else 'closed'} p_tr1_thermal=0 ec_alarm=0 cwt1_pct={st[1]:.1f}")
        m += 60
    blog(secs(utc("2026-07-07 09:12:40")), "WARN", "plcbridge::modbus", "request timed out plc=fert-plc fn=read_holding addr=300 count=40 timeout_ms=1000, retrying")
    blog(secs(utc("2026-07-07 12:31:07")), "WARN", "plcbridge::modbus", "request timed out plc=fert-plc fn=read_holding addr=300 count=40 timeout_ms=1000, retrying")

    # --- RO-1's event log (the HMI's export, taken by Darius at 12:05)
    def rlog(x, code, text):
        if secs(RO_LOG_FROM) <= x < secs(RO_EXPORT):
            t = at(x)
            ro.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} | RO-1 | {code} | {text}")

    hh = secs(RO_LOG_FROM)
    while hh < secs(RO_EXPORT):
        st = state(hh) if hh >= secs(SIM_START) else series[0]
        if st[5]:
            rlog(hh + 1.0, "INF 0101", f"Production: permeate {rng.uniform(23.6, 24.4):.1f} m3/h, recovery 75 %, conductivity {rng.randint(34, 41)} uS/cm, feed pressure {rng.uniform(11.4, 12.1):.1f} bar")
        else:
            rlog(hh + 1.0, "INF 0100", f"Status: mode {st[4]}, production off, CWT-1 demand {'yes' if st[1] < 85 else 'no'}")
        hh += 1800.0
    for (x, kind, pct) in ev["ro"]:
        if kind == "start":
            rlog(x, "EVT 0102", "Production started: permeate to CWT-1 (CWT-1 below start level)")
        else:
            rlog(x, "EVT 0103", "Production paused: CWT-1 above stop level")
    cx = secs(CIP_START)
    rlog(cx - 64.0, "EVT 0701", "User PURELINK-SVC logged in (panel)")
    rlog(cx, "EVT 0412", "Operating mode AUTO -> SERVICE (user: PURELINK-SVC)")
    rlog(cx + 0.5, "EVT 0103", "Production stopped: mode SERVICE")
    rlog(cx + 33.0, "EVT 0610", "CIP started: program 3 (alkaline + acid), operator PURELINK-SVC")
    steps = [("low pressure flush", 0), ("alkaline recirculation, 35 C, pH 11.5", 6), ("alkaline soak", 48), ("rinse", 78), ("acid recirculation, pH 2.5", 92),
             ("rinse", 140), ("final flush", 158)]
    for k, (name, minute) in enumerate(steps):
        rlog(cx + 34.0 + minute * 60.0, "EVT 0611", f"CIP step {k + 1}/7: {name}")
    rlog(secs(CIP_DONE), "EVT 0619", "CIP complete: program 3, 2 h 54 min, permeate conductivity 52 uS/cm")
    rlog(secs(CIP_DONE) + 1.0, "EVT 0620", "Rinse to drain started (15 min)")
    rlog(secs(CIP_DONE) + 901.0, "EVT 0621", "Rinse to drain finished, permeate conductivity 39 uS/cm")
    rlog(secs(STANDBY), "EVT 0413", "Operating mode SERVICE -> STANDBY (user: PURELINK-SVC)")
    rlog(secs(STANDBY) + 0.4, "WRN 0520", "Production stopped: mode STANDBY. Restart in AUTO required")
    rlog(secs(STANDBY) + 71.0, "EVT 0702", "User PURELINK-SVC logged out")
    rlog(secs(RO_AUTO) - 38.0, "EVT 0701", "User OPERATOR logged in (panel)")
    rlog(secs(RO_AUTO), "EVT 0414", "Operating mode STANDBY -> AUTO (user: OPERATOR)")
    rlog(secs(RO_AUTO) + 1.0, "EVT 0622", "Start-up flush to drain after CIP (15 min)")
    rlog(secs(RO_PROD) + 600.0, "INF 0101", f"Production: permeate 24.2 m3/h, recovery 75 %, conductivity 36 uS/cm, feed pressure 11.9 bar")
    rlog(secs(utc("2026-07-07 05:12:44")), "WRN 0331", "Antiscalant dosing tank low (18 %)")

    # --- ChirpStack: the CWT-1 level every 10 min, slabs and drain every 15 min
    dev = {"cwt1-level": ("24e124713c41a0d2", "EM500-UDL"), **{f"slab-{s.lower()}": (f"a84041000181{k:04x}", "WET150-LoRa") for k, s in enumerate(SECTIONS)},
           **{f"drain-{s.lower()}": (f"70b3d57ed005{k:04x}", "DrainGauge-LW") for k, s in enumerate(SECTIONS)}}
    fcnt = {name: rng.randint(10000, 60000) for name in dev}

    def up(x, name, obj):
        if not t_start <= x < t_end:
            return
        fcnt[name] += 1
        eui, profile = dev[name]
        t = at(x)
        cs.add(t, json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                              "deviceInfo": {"tenantName": "Fenmoor", "applicationName": "fenmoor-water", "deviceProfileName": profile, "deviceName": name, "devEui": eui},
                              "fCnt": fcnt[name], "fPort": 85, "object": obj,
                              "rxInfo": [{"gatewayId": "24e124fffef0a7c3", "rssi": rng.randint(-104, -82), "snr": round(rng.uniform(3.0, 9.5), 1)}]},
                             separators=(",", ":")))

    slab_alarm = {s: False for s in SECTIONS}
    prev_drain = {s: 0.0 for s in SECTIONS}
    x = t_start + 41.0
    while x < t_end:
        st = state(x)
        up(x, "cwt1-level", {"distance": round(3200 - st[1] * 29.0 + rng.gauss(0, 4)), "level_pct": round(st[1] + rng.gauss(0, 0.15), 1), "battery": 92})
        x += 600.0
    for k, s in enumerate(SECTIONS):
        x = t_start + 120.0 + k * 97.0
        while x < t_end:
            st = state(x)
            w = st[3][s]
            up(x, f"slab-{s.lower()}", {"wc_pct": round(w + rng.gauss(0, 0.2), 1), "ec_mScm": round(3.6 + (62.0 - w) * 0.09 + rng.gauss(0, 0.05), 2), "temp_c": round(22.0 + radiation(x) * 0.006, 1)})
            if w < 55.0 and not slab_alarm[s]:
                slab_alarm[s] = True
                ev["alarms"].append((x + 2.0, "raise", "SLAB_WC_LOW", s, w))
                jlog(x + 2.0, "WARN", "alarm raised", code="SLAB_WC_LOW", section=s, value=round(w, 1), limit=55)
            elif w > 57.0 and slab_alarm[s]:
                slab_alarm[s] = False
                ev["alarms"].append((x + 2.0, "clear", "SLAB_WC_LOW", s, w))
                jlog(x + 2.0, "INFO", "alarm cleared", code="SLAB_WC_LOW", section=s, value=round(w, 1))
            x += 900.0
        x = t_start + 300.0 + k * 53.0
        while x < t_end:
            drained = sum(1 for (rx, kind, ss, _, _) in ev["rounds"] if ss == s and kind == "done" and x - 900 <= rx < x)
            up(x, f"drain-{s.lower()}", {"drain_l_m2_15min": round(drained * 0.07 + rng.uniform(0, 0.01), 3), "drain_ec_mScm": round(4.1 + rng.gauss(0, 0.1), 2)})
            x += 900.0

    # --- alert-notifier (Python logging): SMS and push to the growers
    def nlog(x, level, msg):
        if t_start <= x < t_end:
            t = at(x)
            notif.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level} [notifier] {msg}")

    sms_to = "tom.ashby, darius.kowalczyk"
    for (x, kind, s, val, version) in ev["rounds"]:
        if kind in ("aborted", "stopped") and t_start <= x < t_end:
            reason = "MT-1 low-low" if kind == "stopped" else ("mix tank refill timeout" if version == "3.8.0" else "mix tank not ready")
            nlog(x + 0.4, "WARNING", f"alarm IRRIGATION_ABORTED {s} raised ({reason}) -> push growers; sms {sms_to}")
            nlog(x + 1.3, "INFO", f"twilio sms queued sid=SM{hexid(rng, 32)} to=+44770090{rng.choice(['0123', '0461'])}")
    for (x, kind, code, s, val) in sorted(ev["alarms"], key=lambda a: a[0]):
        what = f"{code} {s}" if s else code
        if kind == "raise":
            nlog(x + 0.4, "WARNING", f"alarm {what} raised (value {val - 0.05:.1f}) -> push growers; sms {sms_to}")
            nlog(x + 1.2, "INFO", f"twilio sms queued sid=SM{hexid(rng, 32)} to=+447700900123")
        else:
            nlog(x + 0.4, "INFO", f"alarm {what} cleared (value {val:.1f})")
    low = [a for a in ev["alarms"] if a[2] == "CLEAN_WATER_LOW" and a[1] == "raise"][0]
    nlog(low[0] + 352.0, "INFO", "alarm CLEAN_WATER_LOW acknowledged by tom.ashby (sms reply 'OK')")
    x = t_start + 17.0
    while x < t_end:
        nlog(x, "INFO", "escalation check: 0 alarms unacknowledged for 15 min")
        x += 900.0
    nlog(secs(utc("2026-07-07 08:47:10")), "WARNING", "twilio delivery status undelivered sid=SM" + hexid(rng, 32) + " to=+447700900877 error=30003 (unreachable handset)")

    # --- Ansible deploy log
    def alog(x, text):
        t = at(x)
        ansible.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} p={pid} u=deploy n=ansible | {text}")

    def deploy(x0, version, sha, who):
        nonlocal pid
        pid = rng.randint(30000, 60000)
        alog(x0 - 58.0, f"ansible-playbook -i deploy/inventory.ini deploy/playbook.yml -e version={version} -e commit={sha[:7]} (workflow deploy, {who})")
        alog(x0 - 57.5, "PLAY [fen-ctl-01] **************************************************************")
        alog(x0 - 57.4, "TASK [Gathering Facts] *********************************************************")
        alog(x0 - 55.1, "ok: [fen-ctl-01]")
        alog(x0 - 55.0, f"TASK [Download release {version} (commit {sha[:7]})] ****************************")
        alog(x0 - 41.2, "changed: [fen-ctl-01]")
        alog(x0 - 41.1, "TASK [Link current release] ****************************************************")
        alog(x0 - 40.6, "changed: [fen-ctl-01]")
        alog(x0 - 40.5, "TASK [Site config] *************************************************************")
        alog(x0 - 39.7, "changed: [fen-ctl-01]")
        alog(x0 - 1.2, "RUNNING HANDLER [restart glasshouse-control] ***********************************")
        alog(x0 + 0.4, "changed: [fen-ctl-01]")
        alog(x0 + 0.5, "PLAY RECAP *********************************************************************")
        alog(x0 + 0.5, "fen-ctl-01                 : ok=5    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")

    pid = 0
    deploy(secs(utc("2026-07-03 16:04:58")), "3.7.4", shas["tue"], "marek-nowak")
    deploy(secs(RELEASE), "3.8.0", shas["head"], "callum-reid")
    deploy(secs(ROLLBACK), "3.7.4", shas["tue"], "hannah-price")
    deploy(secs(REDEPLOY), "3.8.0", shas["after"], "hannah-price")

    # --- maintenance mailbox message trace
    def mlog(t, sender, to, subject, preview, status="Delivered"):
        mail.add(t, json.dumps({"Received": t.strftime("%Y-%m-%dT%H:%M:%S") + "Z", "SenderAddress": sender, "RecipientAddress": to, "Subject": subject,
                                "Status": status, "Size": rng.randint(18000, 240000), "MessageTraceId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                                "Preview": preview}, ensure_ascii=False))

    mbox = "maintenance@fenmoorgrowers.co.uk"
    mlog(utc("2026-07-07 06:02:11"), "noreply@purelinkwater.co.uk", mbox, "Purelink visit today: RO-1 quarterly CIP (SR-24117)",
         "Our engineer Gary Holt will arrive between 06:45 and 07:15 for the quarterly clean in place of RO-1. Please make sure CWT-1 is full; the unit will not produce for about 3 hours.")
    mlog(utc("2026-07-07 07:48:40"), "accounts@hortisupply.co.uk", mbox, "Invoice HS-771402 (calcium nitrate, 40 x 25 kg)", "Please find attached invoice HS-771402. Payment terms 30 days.")
    mlog(REPORT, "gary.holt@purelinkwater.co.uk", mbox, "Service report SR-24117: RO-1 quarterly CIP completed",
         "CIP program 3 completed 10:05, rinse to drain to 10:20, permeate conductivity 39 uS/cm. Membranes OK, antiscalant tank 18 % (please reorder). Unit left in STANDBY: please check permeate conductivity is below 50 uS/cm and switch to AUTO on the panel. Gary")
    mlog(REPORT + dt.timedelta(seconds=3), mbox, "gary.holt@purelinkwater.co.uk", "Automatic reply: Service report SR-24117: RO-1 quarterly CIP completed",
         "I'm on leave until Monday 13 July. For urgent site matters call Darius Kowalczyk on 07700 900461. Neil Barker, Maintenance Manager")
    mlog(utc("2026-07-07 10:31:05"), "scouting@cropwatch-ea.co.uk", mbox, "Scouting report week 28: Fenmoor", "Thrips pressure moderate in S2, aphid hotspots S4 row 31-36. Full report attached.")
    mlog(utc("2026-07-07 11:26:42"), "darius.kowalczyk@fenmoorgrowers.co.uk", "gary.holt@purelinkwater.co.uk", "RE: Service report SR-24117: RO-1 quarterly CIP completed",
         "Gary, RO-1 was in STANDBY until 12:15, nobody saw your mail (Neil is away). Clean water tank ran down to 8 %, the dry-run cut-out, and no irrigation for an hour in the heat. Next time please set AUTO or phone me. Darius")
    mlog(utc("2026-07-07 12:02:19"), "gary.holt@purelinkwater.co.uk", "darius.kowalczyk@fenmoorgrowers.co.uk", "RE: RE: Service report SR-24117: RO-1 quarterly CIP completed",
         "Sorry Darius. Our procedure leaves the unit in STANDBY after CIP until the site checks conductivity; I should have called. I'll ask for the site contact to be added to the job sheet.")

    # --- Slack #glasshouse-ops
    users = {"tom.ashby (head grower)": "U02TA4K7P", "jess.marlow (grower)": "U03JM8F2Q", "darius.kowalczyk (site tech)": "U02DK5N1R",
             "hannah.price": "U04HP2B6S", "callum.reid": "U04CR9H3T", "marek.nowak": "U05MN7D8V"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "glasshouse-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fa = ev["first_abort"]
    il = [x for x, k, p in ev["interlock"] if k == "on"][0]
    ilc = [x for x, k, p in ev["interlock"] if k == "off"]
    rb = [(x, k, s, v) for (x, k, s, v, ver) in ev["rounds"] if x > secs(ROLLBACK) and k in ("started", "stopped", "aborted") and ver == "3.7.4"]
    rb_start, rb_start_sec = [(x, s) for (x, k, s, v) in rb if k == "started"][0]
    rb_abort, rb_abort_sec = [(x, s) for (x, k, s, v) in rb if k == "aborted"][0]
    assert secs(ROLLBACK) < rb_start < secs(RO_AUTO) - 60 < rb_abort < secs(utc("2026-07-07 11:30:00")), (at(rb_start), at(rb_abort))
    assert ilc and secs(utc("2026-07-07 11:30:00")) < ilc[0] < secs(DOSE_CUT) - 200, ilc
    cwt_at = lambda x: state(x)[1]
    say(utc("2026-07-07 08:21:00"), "tom.ashby (head grower)", "30 degrees forecast, full sun till mid afternoon. First rounds just after six. Purelink is here for the RO clean, should be done around 10")
    say(at(low[0] + 340), "tom.ashby (head grower)", f"CWT low alarm ({low[4]:.0f} %), expected with the RO off for the clean. It'll catch up this afternoon")
    say(RELEASE - dt.timedelta(minutes=2, seconds=40), "callum.reid", "deploying glasshouse-control 3.8.0: MT-1 filled to 80 % before a round (FC-318), refill timeout logging (FC-315), shorter first round on clear mornings (FC-321), x/net bump")
    say(RELEASE + dt.timedelta(minutes=2), "callum.reid", "3.8.0 running, rounds going through")
    say(at(fa + 320), "jess.marlow (grower)", "IRRIGATION ABORTED texts for S4 and S1. Slabs in S4 feel light already, it's 28 outside. What's going on with the fertigation?")
    say(at(fa + 470), "hannah.price", f"looking. glasshouse-control: 'mix tank refill timeout' mix_tank_pct={state(fa)[2]:.0f} target_pct=80. 80 is new since 10:12 (FC-318), and MT-1 is stuck just under it. runbook says strainer on P-TR1 or a deploy")
    say(at(fa + 560), "jess.marlow (grower)", "strainer on P-TR1 is clean, Darius changed it last week")
    say(at(fa + 690), "hannah.price", "rolling back to 3.7.4 then, the 80 % target is the only thing that changed in the mix tank")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=10), "hannah.price", "3.7.4 running")
    say(ROLLBACK + dt.timedelta(minutes=3, seconds=30), "callum.reid", f"MT-1 isn't 'slow to fill', it hasn't moved since {at(il).strftime('%H:%M')} UTC. plcbridge: 'interlock active: transfer pump P-TR1 blocked, clean water tank CWT-1 below dry-run level'. clean_water_pct={state(il)[1]:.0f} in the status lines. there's no water to fill it with")
    say(ROLLBACK + dt.timedelta(minutes=5, seconds=20), "tom.ashby (head grower)", f"CWT-1 at {cwt_at(secs(ROLLBACK) + 320):.0f} %?? The RO should have been producing again since about 10. @darius.kowalczyk can you look at the RO")
    rb_end = [(x, k) for (x, k, s_, v, ver) in ev["rounds"] if x > rb_start and s_ == rb_start_sec and k in ("done", "stopped")][0]
    how = "and it went through" if rb_end[1] == "done" else "and it ran almost to the end before the PLC stopped it at MT-1 low-low"
    say(at(max(rb_start + 200, rb_end[0] + 25)), "hannah.price", f"3.7.4 started {rb_start_sec} from the {state(rb_start)[2]:.0f} % left in MT-1 {how}. that's the last of it: MT-1 is at {state(rb_end[0] + 20)[2]:.0f} % now and can't be refilled")
    say(RO_AUTO - dt.timedelta(seconds=50), "darius.kowalczyk (site tech)", "RO-1 panel says STANDBY. Event log: SERVICE -> STANDBY at 10:22 BST by PURELINK-SVC, nothing since. Fault contact is fine so the PLC never knew. Switching to AUTO")
    say(RO_AUTO + dt.timedelta(minutes=1), "darius.kowalczyk (site tech)", "AUTO. It does a 15 min flush to drain after a CIP before it produces. Opening V-MAINS to get water in now")
    say(MAINS_OPEN + dt.timedelta(minutes=1), "darius.kowalczyk (site tech)", "V-MAINS open, 20 m3/h")
    say(at(rb_abort + 40), "marek.nowak", f"and {rb_abort_sec} aborted on 3.7.4 too, 'mix tank not ready'. FC-318 only waits for a fuller tank, it doesn't change how MT-1 is filled")
    say(utc("2026-07-07 11:25:50"), "darius.kowalczyk (site tech)", "found Gary's service report in the maintenance mailbox, 10:41: 'Unit left in STANDBY: please check permeate conductivity ... and switch to AUTO'. Neil's on leave, auto-reply. Nobody read it")
    say(utc("2026-07-07 11:28:30"), "hannah.price", "so nothing in glasshouse-control. leaving 3.7.4 on until the tank is back, then 3.8.0 again")
    if ilc:
        say(at(ilc[0] + 90), "callum.reid", f"interlock cleared at {at(ilc[0]).strftime('%H:%M')} UTC (CWT-1 above 12 %), P-TR1 running, rounds starting")
    say(DOSE_CUT + dt.timedelta(seconds=40), "tom.ashby (head grower)", "cut the dose to 200 ml/m2 on the panel until CWT-1 is above 30 %, the RO and the mains can't keep up with the backlog otherwise")
    low_sec = min(SECTIONS, key=lambda sec: min(r[3][sec] for r in series if r[0] <= secs(utc("2026-07-07 12:10:00"))))
    low_wc = min(r[3][low_sec] for r in series if r[0] <= secs(utc("2026-07-07 12:10:00")))
    say(utc("2026-07-07 12:10:00"), "tom.ashby (head grower)", f"Rounds going again. {low_sec} got down to {low_wc:.0f} % WC, we'll see flower drop next week. Let the scheduler catch up, no manual rounds, the tank can't take it yet")
    say(REDEPLOY - dt.timedelta(minutes=1, seconds=30), "hannah.price", "deploying 3.8.0 again plus the runbook/water.md notes")
    say(REDEPLOY + dt.timedelta(minutes=3), "hannah.price", "3.8.0 running. Darius is asking Purelink to set AUTO (or phone him) after a CIP. postmortem Thursday")
    # --- Caddy in front of the growers' dashboard (ops.fenmoor.local): two
    # panel PCs poll the status, the growers' phones over WireGuard
    def hit(x, ip, method, uri, status, size, ua, dur):
        x += rng.random() * 0.001
        if t_start <= x < t_end:
            caddy.add(at(x), json.dumps({"level": "info", "ts": round(x, 6), "logger": "http.log.access.log0", "msg": "handled request",
                                         "request": {"remote_ip": ip, "remote_port": str(rng.randint(40000, 65000)), "client_ip": ip, "proto": "HTTP/1.1",
                                                     "method": method, "host": "ops.fenmoor.local", "uri": uri, "headers": {"User-Agent": [ua]}},
                                         "bytes_read": 0 if method == "GET" else rng.randint(40, 90), "user_id": "", "duration": dur, "size": size,
                                         "status": status, "resp_headers": {"Content-Type": ["application/json" if uri.startswith("/api") else "text/html; charset=utf-8"]}},
                                        separators=(",", ":")))

    panel_ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
    for ip, off in (("10.40.0.31", 3.1), ("10.40.0.32", 17.8)):
        x = t_start + off
        while x < t_end:
            hit(x, ip, "GET", "/api/status", 200, rng.randint(1790, 1860), panel_ua, round(rng.uniform(0.002, 0.009), 6))
            x += 30.0 + rng.uniform(-0.05, 0.05)
    phones = {"10.99.0.11": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
              "10.99.0.12": "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
              "10.99.0.14": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"}
    busy = [(fa, fa + 3600), (low[0], low[0] + 600)]
    x = t_start
    while x < t_end:
        rate = 1 / 240.0 if not any(a <= x < b for a, b in busy) else 1 / 45.0
        x += rng.expovariate(rate)
        ip = rng.choice(list(phones))
        page = rng.choice(["/", "/sections/S1", "/sections/S2", "/sections/S3", "/sections/S4", "/water", "/alarms"])
        hit(x, ip, "GET", page, 200, rng.randint(5200, 9800), phones[ip], round(rng.uniform(0.004, 0.02), 6))
        hit(x + 0.3, ip, "GET", "/api/status", 200, rng.randint(1790, 1860), phones[ip], round(rng.uniform(0.002, 0.009), 6))
        if page == "/water":
            hit(x + 0.35, ip, "GET", "/api/water?hours=12", 200, rng.randint(14000, 16000), phones[ip], round(rng.uniform(0.01, 0.04), 6))
    hit(secs(DOSE_CUT) - 0.4, "10.40.0.32", "POST", "/api/settings/irrigation.dose_ml_m2", 200, 48, panel_ua, 0.011)
    hit(low[0] + 351.0, "10.99.0.11", "POST", "/api/alarms/CLEAN_WATER_LOW/ack", 200, 31, phones["10.99.0.11"], 0.006)
    hit(secs(utc("2026-07-07 09:03:12")), "10.99.0.14", "GET", "/favicon.ico", 404, 0, phones["10.99.0.14"], 0.0004)

    stats = {"first_abort": fa, "interlock": il, "ev": ev}
    return [app, bridge, ro, cs, notif, ansible, mail, slack, caddy], stats


def build(out_dir):
    rng = random.Random(55238)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        ev = stats["ev"]
        onset = at(stats["first_abort"]).replace(microsecond=0)
        assert utc("2026-07-07 10:30:00") <= onset <= utc("2026-07-07 10:48:00"), onset
        assert secs(RELEASE) < stats["interlock"] < stats["first_abort"], (at(stats["interlock"]), onset)
        series = ev["series"]
        idx = {r[0]: r for r in series}

        def cwt(t):
            r = idx.get(int(t.timestamp()))
            return round(r[1], 2) if r else None

        def wc(s):
            return lambda t: round(idx[int(t.timestamp())][3][s], 2) if int(t.timestamp()) in idx else None

        def aborted(t):
            return sum(1 for (x, k, s, v, ver) in ev["rounds"] if k in ("aborted", "stopped") and secs(START) <= x <= t.timestamp())

        metrics = {
            "fenmoor_clean_water_tank_level_percent.json": query_range([({"tank": "CWT-1", "site": "fenmoor", "job": "chirpstack-exporter"}, cwt)], START, END, 60),
            "fenmoor_slab_water_content_percent.json": query_range([({"section": s, "site": "fenmoor", "job": "chirpstack-exporter"}, wc(s)) for s in SECTIONS], START, END, 60),
            "glasshouse_irrigation_rounds_aborted_total.json": query_range([({"site": "fenmoor", "job": "glasshouse-control"}, aborted)], START, END, 60),
        }
        aborts = [x for (x, k, s, v, ver) in ev["rounds"] if k in ("aborted", "stopped") and x >= stats["first_abort"]]
        mt_il = [r[2] for r in series if r[0] >= stats["interlock"]][0]
        ack = [a[0] for a in ev["alarms"] if a[2] == "CLEAN_WATER_LOW" and a[1] == "raise"][0] + 352.0
        return write_scenario(
            out_dir, name="r55-ro-standby-after-cip-none", service=SERVICE, onset=onset,
            description=f"""
Fenmoor Growers' irrigation stops on Tuesday 7 July, a hot clear day: from
{onset.strftime('%H:%M:%S')} UTC every irrigation round is aborted because the mix tank
cannot be filled, {len(aborts)} rounds in all until about {at(aborts[-1]).strftime('%H:%M')}; the slabs dry out and
the growers get IRRIGATION_ABORTED texts. A glasshouse-control release
had gone out at 10:12; it was rolled back at 11:02, after which one round
ran and the next were aborted, and deployed again at 12:45.
""",
            logs=logs,
            line_formats={
                "plcbridge.log": r'<Time>\s+<Level> <Target>: <Content>',
                "ro1-event-log.log": r'<Date> <Time> \| <Unit> \| <Code> \| <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'Operating mode SERVICE -> STANDBY',
                r'transfer pump .*blocked, clean water tank .*below dry-run level',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Purelink's technician cleaned RO-1 (the reverse
osmosis unit that fills the clean water tank CWT-1 while the rainwater
basin is empty) from 06:10 UTC and left it in STANDBY at 09:22 (RO-1's
event log: "Operating mode SERVICE -> STANDBY (user: PURELINK-SVC)",
"Production stopped: mode STANDBY. Restart in AUTO required"); his
service report went to a maintenance mailbox whose owner is on leave, and
only RO-1's fault contact, which stays OK, reaches the PLC. CWT-1 fell
with every round; the CLEAN_WATER_LOW alarm was acknowledged as expected.
At {at(stats['interlock']).strftime('%H:%M:%S')} CWT-1 passed 8 % and the PLC's dry-run interlock blocked
the transfer pump (plcbridge: "interlock active: transfer pump P-TR1
blocked, clean water tank CWT-1 below dry-run level") with MT-1 at {mt_il:.0f} %,
so the mix tank could not be filled and every round was aborted after its
10-minute wait. 3.8.0's 80 % target (FC-318) made the first of them fail
one round earlier than 3.7.4 would have: after the rollback 3.7.4 ran one
round from the {mt_il:.0f} % left and aborted the next ones ("mix tank not
ready"). It ended when the site technician switched RO-1 to AUTO at 11:15
and opened the mains top-up at 11:19; nothing in this repository changes
(the docs commit afterwards only records it).
Decoys: the 10:12 release 3.8.0, {round((onset - at(secs(RELEASE))).total_seconds() / 60)} minutes before the onset, with FC-318
(MT-1 filled to 80 % before a round, in the very refill code), FC-315 of
the day before (adds the very "mix tank refill timeout" error), FC-321
(forecast cloud cover shortens the first round's sum) and an x/net bump,
rolled back at 11:02 without lasting effect (one round from the {mt_il:.0f} %
left in MT-1, then "mix tank not ready") and deployed again at 12:45; the
runbook commit that blames the P-TR1 strainer and says to roll back after
a deploy; the paho bump, EC, screen and forecast commits; the
CLEAN_WATER_LOW alarm acknowledged at {at(ack).strftime('%H:%M')}; plcbridge's healthy
"ro1_fault=0" snapshots; routine Modbus timeouts, an undelivered SMS, an
antiscalant warning.
""",
        )
    finally:
        repo.close()
