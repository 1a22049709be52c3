"""cfc-flow (Go 1.22, log/slog; Nomad on the site's own servers, deployed
by GitLab CI; team in London, one developer in Kraków) is the warehouse
control software of Pantryline's Hatfield customer fulfilment centre
(HTF1), an online grocer's automated warehouse. Groceries are stored in
bins in two robot grids (ambient and chilled, Cubiq GridOS controllers);
robots bring bins to 16 ambient and 6 chilled pick ports, where pickers
fill order totes. Three programs in one repository: wave-planner releases
waves of orders every 15 minutes, each order's ambient totes to one
ambient port and its chilled totes to one chilled port, for van routes
that leave about 75 minutes later; grid-bridge asks the grids for bins;
tote-router answers the conveyor PLC (Intraflow, OPC UA) for every tote
read at the divert scanner SC-D1 of the recirculation loop (140 tote
positions) that every port's outfeed merges onto: to the marshalling lane
of the tote's route (L01-L12, where dispatch loads the vans), back round
the loop, or to the hospital lane H1. When the loop is full the PLC lets
no outfeed merge, a port's outfeed buffer fills and the port pauses.
Frozen is picked by hand in the freezer and joins at the lane.

Friday 22 May 2026, 10:24 UTC: MARSH-212 "marshalling: hold an order's
totes on the loop until the order is complete". Drivers had left with part
of a multi-tote order when its chilled tote reached the lane after the van
was loaded (MARSH-198). A picked tote now goes round the loop while any
grid tote of its order is not yet picked, and all go to the lane together;
the author tested it on the loop emulator with Tuesday's waves (at most 46
totes held). Shipped in 2.14.0, deployed in the nightly window at 02:10
UTC on Saturday, the Saturday of the late May bank holiday weekend, hot
(BBQ orders: more chilled totes per order). The six chilled ports fall
behind the ambient ports as the morning's waves grow; every ambient tote
whose order's chilled tote is still queued goes round the loop. The held
totes, about 20 until 08:00, climb to 123 by 09:29, and at 09:29:50 UTC the
loop is full: no outfeed can merge, ports pause one after another, the totes
that would complete the held orders are never picked because their ports
are paused, and nothing leaves the loop: a deadlock. Marshalling lanes run
empty and vans wait.

Next to it: hotfix 2.14.1, deployed at 08:55 (WAVE-514, the bank holiday
day code in the transport plan; ROUTE-325, a no-read tote goes round the
loop for a rescan instead of to the hospital lane, in the culprit's file;
ROUTE-327, which adds the very "station outfeed blocked" warning that
fills the log; a gopcua bump, the PLC client), a photo-eye on merge M-A07
reported dirty at 08:31 and cleaned, a runbook committed on Friday that
reads a full loop as full marshalling lanes (dispatch behind) or a dirty
merge photo-eye and says to roll back after a release. The shift calls
the conveyor engineer (photo-eyes fine), dispatch says the lanes are
nearly empty, Tom rolls back to 2.14.0 at 10:18 (the warning stops, the
loop stays full), operators pull 24 totes off the loop at 10:26, which
helps for a few minutes. Tom reads tote-router's loop occupancy line
(held=131 of 138) and the "held on the loop" lines; Priya recognises
MARSH-212; 2.14.2 with hold_incomplete_orders off goes out at 10:49, the
held totes leave for their lanes at their next pass, the ports resume.

Sources: tote-router (slog text), wave-planner (slog JSON), the conveyor
SCADA's event journal (FlowView, line format), the grid controllers
(GridOS, line format), Yardline dispatch events (the transport team's
system, JSON lines), GitLab deploy jobs (timestamped traces), #htf1-ops
(Slack export, JSON lines), CMMS work orders (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario

SERVICE = "cfc-flow"
SIM_START = utc("2026-05-23 04:30:00")
START, END = utc("2026-05-23 06:30:00"), utc("2026-05-23 12:30:00")
CULPRIT_AT = utc("2026-05-22 10:24:00")
DEPLOY_2140 = utc("2026-05-23 02:10:30")   # nightly window (before the other logs)
PE_DIRTY = utc("2026-05-23 08:31:14")      # photo-eye PE-MA07-3 on merge M-A07
PE_CLEAN = utc("2026-05-23 08:47:40")
DEPLOY_2141 = utc("2026-05-23 08:55:20")   # hotfix
ROLLBACK = utc("2026-05-23 10:18:40")      # back to 2.14.0
MANUAL_PULL = utc("2026-05-23 10:26:05")   # operators take totes off the loop
DEPLOY_2142 = utc("2026-05-23 10:49:10")   # hold_incomplete_orders: false
RESTART_S = 14                             # the router answers nothing while it restarts

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/pantryline/cfc-flow

go 1.22

require (
	github.com/gopcua/opcua v0.5.3
	github.com/jackc/pgx/v5 v5.5.5
	github.com/prometheus/client_golang v1.19.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

ROUTE_GO = """package router

import (
	"context"
	"log/slog"
)

// Dest is where a tote leaves the loop: a marshalling lane (L01-L12), the
// hospital lane, or nowhere (it goes round the loop once more).
type Dest string

const (
	DestLoop     Dest = "LOOP"
	DestHospital Dest = "H1"
)

type Decision struct {
	Dest   Dest
	Reason string
}

// Router answers the PLC for every tote read at the divert scanner SC-D1.
type Router struct {
	cfg    Config
	orders OrderStore
	lanes  *LaneMap
	loop   *Loop
	log    *slog.Logger
}

func New(cfg Config, orders OrderStore, lanes *LaneMap, loop *Loop, log *slog.Logger) *Router {
	return &Router{cfg: cfg, orders: orders, lanes: lanes, loop: loop, log: log}
}

// Decide must answer within the PLC's decision window (120 ms); a tote
// without an answer goes round the loop.
func (r *Router) Decide(ctx context.Context, read ScanRead) Decision {
	if read.NoRead {
		r.log.Warn("no-read at divert scanner, tote to hospital lane", "scanner", read.Scanner, "position", read.Position)
		return Decision{Dest: DestHospital, Reason: "no-read"}
	}
	tote, err := r.orders.Tote(ctx, read.ToteID)
	if err != nil {
		r.log.Error("tote lookup failed, tote recirculates", "tote", read.ToteID, "err", err)
		return Decision{Dest: DestLoop, Reason: "lookup failed"}
	}
	switch tote.State {
	case StatePicked, StateOnLoop:
		lane, ok := r.lanes.ForRoute(tote.RouteID)
		if !ok {
			r.log.Warn("no marshalling lane for route, tote to hospital lane", "tote", tote.ID, "route", tote.RouteID)
			return Decision{Dest: DestHospital, Reason: "no lane"}
		}
		if r.lanes.Full(lane) {
			r.log.Info("marshalling lane full, tote recirculates", "tote", tote.ID, "lane", lane)
			return Decision{Dest: DestLoop, Reason: "lane full"}
		}
		r.log.Info("tote routed to marshalling lane", "tote", tote.ID, "order", tote.OrderID, "route", tote.RouteID, "lane", lane)
		return Decision{Dest: Dest(lane), Reason: "route"}
	default:
		r.log.Warn("tote in unexpected state at divert, tote to hospital lane", "tote", tote.ID, "state", tote.State)
		return Decision{Dest: DestHospital, Reason: "state"}
	}
}
"""

LOOP_GO = """package router

import (
	"log/slog"
	"sync"
	"time"
)

// Loop mirrors recirculation loop 1 as the PLC reports it: which totes are
// on it and since when.
type Loop struct {
	mu       sync.Mutex
	capacity int
	onLoop   map[string]time.Time
}

func NewLoop(capacity int) *Loop {
	return &Loop{capacity: capacity, onLoop: map[string]time.Time{}}
}

func (l *Loop) Entered(tote string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onLoop[tote] = at
}

func (l *Loop) Left(tote string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.onLoop, tote)
}

// LogStats writes the loop's occupancy once a minute.
func (l *Loop) LogStats(log *slog.Logger, stop <-chan struct{}) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			l.mu.Lock()
			n := len(l.onLoop)
			l.mu.Unlock()
			log.Info("loop occupancy", "occupied", n, "capacity", l.capacity)
		}
	}
}
"""

STATION_GO = """package router

import (
	"context"
	"log/slog"
)

// Stations handles the PLC's outfeed events of the pick ports: a tote
// leaves a port's outfeed buffer (2 totes) when the merge onto the loop
// has a gap.
type Stations struct {
	orders OrderStore
	loop   *Loop
	log    *slog.Logger
}

func (s *Stations) OnMerged(ctx context.Context, ev MergeEvent) {
	s.loop.Entered(ev.ToteID, ev.At)
	if err := s.orders.SetToteState(ctx, ev.ToteID, StateOnLoop); err != nil {
		s.log.Error("tote state update failed", "tote", ev.ToteID, "err", err)
	}
}
"""

CONFIG_GO = """package router

import "time"

type Config struct {
	PLCEndpoint     string        `yaml:"plc_endpoint"`
	DecisionTimeout time.Duration `yaml:"decision_timeout"`
	LoopCapacity    int           `yaml:"loop_capacity"`
	HospitalLane    string        `yaml:"hospital_lane"`
}
"""

ROUTE_TEST_GO = """package router

import (
	"context"
	"testing"
)

func TestPickedToteGoesToItsRoutesLane(t *testing.T) {
	r := newTestRouter(t, Config{LoopCapacity: 140})
	r.orders.(*fakeOrders).add(Tote{ID: "T100001", OrderID: "O1", RouteID: "R-114", State: StatePicked})
	got := r.Decide(context.Background(), ScanRead{ToteID: "T100001"})
	if got.Dest != "L07" {
		t.Fatalf("dest = %s, want L07", got.Dest)
	}
}

func TestNoReadGoesToHospital(t *testing.T) {
	r := newTestRouter(t, Config{LoopCapacity: 140})
	got := r.Decide(context.Background(), ScanRead{NoRead: true, Scanner: "SC-D1"})
	if got.Dest != DestHospital {
		t.Fatalf("dest = %s, want H1", got.Dest)
	}
}
"""

PROD_YAML = """# cfc-flow, HTF1 production
router:
  plc_endpoint: opc.tcp://plc-loop1.htf1.pantryline.internal:4840
  decision_timeout: 120ms
  loop_capacity: 140
  hospital_lane: H1

waves:
  interval: 15m
  lead_time: 75m
  max_orders: 64
  max_queued_totes: 420
  transport_plan: https://yardline.transport.pantryline.internal/api/v1/plans

grid:
  ambient: https://gridos-amb.htf1.pantryline.internal:7443
  chilled: https://gridos-chl.htf1.pantryline.internal:7443
  request_timeout: 90s
"""

PLANNER_GO = """package waves

import (
	"context"
	"log/slog"
	"time"
)

// Planner releases a wave every Interval: the orders of the routes that
// leave within LeadTime, each order's ambient totes to one ambient port
// and its chilled totes to one chilled port (the least loaded).
type Planner struct {
	cfg       Config
	orders    OrderSource
	ports     PortLoad
	transport TransportPlan
	log       *slog.Logger
}

func (p *Planner) Release(ctx context.Context, now time.Time) error {
	queued, err := p.ports.QueuedTotes(ctx)
	if err != nil {
		return err
	}
	if queued > p.cfg.MaxQueuedTotes {
		p.log.Warn("wave release postponed", "queued_totes", queued, "max", p.cfg.MaxQueuedTotes)
		return nil
	}
	routes, err := p.transport.Departing(ctx, now, now.Add(p.cfg.LeadTime))
	if err != nil {
		return err
	}
	batch, err := p.orders.ForRoutes(ctx, routes, p.cfg.MaxOrders)
	if err != nil {
		return err
	}
	w := NewWave(now, batch)
	for _, o := range batch {
		amb, chl := p.ports.LeastLoaded(ZoneAmbient), p.ports.LeastLoaded(ZoneChilled)
		w.Assign(o, amb, chl)
	}
	p.log.Info("wave released", "wave", w.ID, "orders", len(batch), "ambient_totes", w.AmbientTotes(), "chilled_totes", w.ChilledTotes())
	return p.orders.Save(ctx, w)
}
"""

SCHEDULE_GO = """package waves

import "time"

// DayCode is the transport plan's day code of a delivery date.
func DayCode(d time.Time) string {
	return d.Format("Mon")[:2]
}
"""

GRID_CLIENT_GO = """package grid

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Client asks a GridOS controller for bins at a port.
type Client struct {
	base    string
	http    *http.Client
	timeout time.Duration
}

func (c *Client) RequestBin(ctx context.Context, port string, bin string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v3/ports/%s/bins/%s", c.base, port, bin), nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("gridos: port %s bin %s: %s", port, bin, resp.Status)
	}
	return nil
}
"""

ROUTER_MAIN = """package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/pantryline/cfc-flow/internal/config"
	"github.com/pantryline/cfc-flow/internal/plc"
	"github.com/pantryline/cfc-flow/internal/router"
	"github.com/pantryline/cfc-flow/internal/version"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stdout, nil))
	cfg := config.MustLoad(os.Getenv("CFC_FLOW_CONFIG"))
	log.Info("tote-router starting", "version", version.Version, "commit", version.Commit, "plc", cfg.Router.PLCEndpoint)
	if err := plc.Serve(context.Background(), cfg.Router, log); err != nil {
		log.Error("tote-router stopped", "err", err)
		os.Exit(1)
	}
}
"""

NOMAD_ROUTER = """job "tote-router" {
  datacenters = ["htf1"]
  type        = "service"

  group "router" {
    count = 1

    update {
      max_parallel     = 1
      min_healthy_time = "10s"
      auto_revert      = false
    }

    task "tote-router" {
      driver = "docker"
      config {
        image = "registry.pantryline.internal/cfc-flow/tote-router:${CFC_FLOW_VERSION}"
      }
      env {
        CFC_FLOW_CONFIG = "/etc/cfc-flow/production.yaml"
      }
      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: golang:1.22
  script:
    - go vet ./...
    - go test ./...

build:
  stage: build
  image: docker:26
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - for app in tote-router wave-planner grid-bridge; do docker build --build-arg APP=$app -t registry.pantryline.internal/cfc-flow/$app:$CI_COMMIT_TAG .; docker push registry.pantryline.internal/cfc-flow/$app:$CI_COMMIT_TAG; done

deploy-production:
  stage: deploy
  image: hashicorp/nomad:1.7
  environment: production
  rules:
    - if: $CI_COMMIT_TAG
      when: manual
  script:
    - export CFC_FLOW_VERSION=$CI_COMMIT_TAG
    - for job in tote-router wave-planner grid-bridge; do nomad job run -var version=$CI_COMMIT_TAG deploy/nomad/$job.nomad.hcl; done
"""

RUNBOOK = """# HTF1 cfc-flow runbook

On call: CFC Systems, #htf1-ops. Shift leads call the on-call through
PagerDuty (service "cfc-flow HTF1").

## Ports idle, no bins

Check grid-bridge's log for GridOS errors and the GridOS dashboard. Robot
faults and service robot missions are the grid team's (Cubiq support,
+44 20 3890 1180).

## Waves not released

wave-planner postpones a wave while more than max_queued_totes totes are
queued at the ports ("wave release postponed"); that is flow control, not
a fault.
"""

MARSH_DOC = """# Marshalling

Every port's outfeed merges onto recirculation loop 1 (140 positions). The
divert scanner SC-D1 reads each tote once a lap (about 95 s); tote-router
answers the PLC with the lane of the tote's route (L01-L12), the hospital
lane H1, or LOOP (another lap). A lane holds four dollies (96 totes);
dispatch swaps dollies and loads vans at the docks. Frozen totes are
picked in the freezer and wait at the lane's frozen cage.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    priya = Person("Priya Natarajan", "priya.natarajan@pantryline.co.uk", 60)
    tom = Person("Tom Hargreaves", "tom.hargreaves@pantryline.co.uk", 60)
    kasia = Person("Katarzyna Wróbel", "katarzyna.wrobel@pantryline.co.uk", 120)
    ade = Person("Ade Okonkwo", "ade.okonkwo@pantryline.co.uk", 60)
    sam = Person("Sam Fielding", "sam.fielding@pantryline.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "go.sum": "github.com/gopcua/opcua v0.5.3 h1:K5QQhjK9KQxQW8doHL/Cd8oljUeXWnJJsNgP7mOGlhw=\ngithub.com/gopcua/opcua v0.5.3/go.mod h1:nrVl4/Rs3SDQRhNQ50EbAiI5JSpDrTG6Frx3s4HLnw4=\ngithub.com/jackc/pgx/v5 v5.5.5 h1:amBjrZVmksIdNjxGu/UpDQ7LSvKgz6IZu4bNFPVBXyE=\ngithub.com/jackc/pgx/v5 v5.5.5/go.mod h1:ez9gk+OAat140fv9ErkZDYFWmXLfV+++K0uAOiwgm1A=\n",
        "cmd/tote-router/main.go": ROUTER_MAIN,
        "cmd/wave-planner/main.go": ROUTER_MAIN.replace("tote-router", "wave-planner").replace("internal/plc", "internal/waves").replace("plc.Serve(context.Background(), cfg.Router, log)", "waves.Run(context.Background(), cfg.Waves, log)").replace('"plc", cfg.Router.PLCEndpoint', '"interval", cfg.Waves.Interval').replace("slog.NewTextHandler", "slog.NewJSONHandler"),
        "cmd/grid-bridge/main.go": ROUTER_MAIN.replace("tote-router", "grid-bridge").replace("internal/plc", "internal/grid").replace("plc.Serve(context.Background(), cfg.Router, log)", "grid.Serve(context.Background(), cfg.Grid, log)").replace('"plc", cfg.Router.PLCEndpoint', '"ambient", cfg.Grid.Ambient'),
        "internal/router/route.go": ROUTE_GO,
        "internal/router/loop.go": LOOP_GO,
        "internal/router/station.go": STATION_GO,
        "internal/router/config.go": CONFIG_GO,
        "internal/router/route_test.go": ROUTE_TEST_GO,
        "internal/waves/planner.go": PLANNER_GO,
        "internal/waves/schedule.go": SCHEDULE_GO,
        "internal/grid/client.go": GRID_CLIENT_GO,
        "internal/version/version.go": "package version\n\n// Set by -ldflags at build time.\nvar (\n\tVersion = \"2.13.0\"\n\tCommit  = \"dev\"\n)\n",
        "config/production.yaml": PROD_YAML,
        "deploy/nomad/tote-router.nomad.hcl": NOMAD_ROUTER,
        "deploy/nomad/wave-planner.nomad.hcl": NOMAD_ROUTER.replace("tote-router", "wave-planner").replace('"router"', '"planner"'),
        "deploy/nomad/grid-bridge.nomad.hcl": NOMAD_ROUTER.replace("tote-router", "grid-bridge").replace('"router"', '"bridge"').replace("count = 1", "count = 2"),
        "Dockerfile": "FROM golang:1.22 AS build\nARG APP\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags \"-X github.com/pantryline/cfc-flow/internal/version.Version=${CI_COMMIT_TAG} -X github.com/pantryline/cfc-flow/internal/version.Commit=${CI_COMMIT_SHA}\" -o /out/app ./cmd/${APP}\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "docs/marshalling.md": MARSH_DOC,
        "README.md": "# cfc-flow\n\nWarehouse control for Pantryline's Hatfield CFC (HTF1).\n\n- `cmd/wave-planner`: releases waves of orders to the pick ports.\n- `cmd/grid-bridge`: bin requests to the GridOS controllers (ambient and chilled grids).\n- `cmd/tote-router`: answers the conveyor PLC at the loop's divert scanner.\n\nReleases are tags `vX.Y.Z`; the GitLab pipeline deploys them to the site's\nNomad cluster (a manual job; the nightly window is 02:00-03:30 local).\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.13.0\n\n- WAVE-498 wave size from the port count\n- GRID-226 GridOS API v3\n",
    }
    repo.commit(utc("2026-05-18 08:12:00"), tom, "cfc-flow 2.13.0", files)
    repo.schedule([
        (utc("2026-05-18 15:44:10"), sam, "Add CODEOWNERS",
         lambda r: {"CODEOWNERS": "* @pantryline/cfc-systems\n/internal/waves/ @katarzyna.wrobel\n/internal/grid/ @ade.okonkwo\n"}),
        (utc("2026-05-19 09:02:30"), ade, "golangci: enable errorlint and gocritic",
         lambda r: {".golangci.yml": "linters:\n  enable:\n    - errorlint\n    - gocritic\n    - revive\nrun:\n  timeout: 3m\n"}),
        (utc("2026-05-20 16:31:00"), sam, "docs: loop emulator how-to",
         lambda r: {"docs/emulator.md": "# Loop emulator\n\n`make emulate WAVES=testdata/waves-2026-05-19.json` replays a day's waves\nagainst the PLC emulator (140 positions, 22 ports, 95 s a lap).\n"}),
        (utc("2026-05-21 12:06:40"), kasia, "waves: test for the transport plan's day codes",
         lambda r: {"internal/waves/schedule_test.go": "package waves\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestDayCode(t *testing.T) {\n\tif got := DayCode(time.Date(2026, 5, 23, 0, 0, 0, 0, time.UTC)); got != \"Sa\" {\n\t\tt.Fatalf(\"DayCode = %q\", got)\n\t}\n}\n"}),
    ])
    repo.commit(utc("2026-05-19 13:40:00"), kasia, "waves: slot cut-offs from the transport plan's departure times (WAVE-505)", {
        "internal/waves/planner.go": sub(repo.files["internal/waves/planner.go"],
                                         "\troutes, err := p.transport.Departing(ctx, now, now.Add(p.cfg.LeadTime))\n",
                                         "\t// WAVE-505: the routes' departure times come from Yardline's plan, not the slot table.\n\troutes, err := p.transport.Departing(ctx, now, now.Add(p.cfg.LeadTime))\n"),
    })
    repo.commit(utc("2026-05-20 10:05:00"), ade, "router: log the scanner and position on a no-read (ROUTE-320)", {
        "internal/router/route.go": sub(repo.files["internal/router/route.go"],
                                        "\t\tr.log.Warn(\"no-read at divert scanner, tote to hospital lane\", \"scanner\", read.Scanner, \"position\", read.Position)\n",
                                        "\t\tr.log.Warn(\"no-read at divert scanner, tote to hospital lane\", \"scanner\", read.Scanner, \"position\", read.Position, \"lap\", read.Lap)\n"),
    })
    repo.commit(utc("2026-05-21 15:20:00"), ade, "grid: retry a bin request once on 409 port busy (GRID-230)", {
        "internal/grid/client.go": sub(repo.files["internal/grid/client.go"],
                                       "\tif resp.StatusCode != http.StatusAccepted {\n",
                                       "\tif resp.StatusCode == http.StatusConflict && !retried(ctx) {\n\t\treturn c.RequestBin(withRetry(ctx), port, bin)\n\t}\n\tif resp.StatusCode != http.StatusAccepted {\n"),
    })
    culprit = repo.commit(CULPRIT_AT, priya, "marshalling: hold an order's totes on the loop until the order is complete (MARSH-212)\n\nDrivers leave with part of a multi-tote order when its chilled tote\nreaches the lane after the van has been loaded (14 complaints in April,\nMARSH-198). A picked tote now goes round the loop while any grid tote of\nits order is not yet picked, and all of them go to the lane together.\nFrozen totes join at the lane as before.\n\nTried on the loop emulator with Tuesday's waves: at most 46 totes held.", {
        "internal/router/route.go": sub(repo.files["internal/router/route.go"],
                                        "\t\tif r.lanes.Full(lane) {\n",
                                        "\t\t// MARSH-212: an order's totes go to the lane together. While a grid\n\t\t// tote of the order is not picked, its picked totes go round the loop.\n\t\tif r.cfg.Marshalling.HoldIncompleteOrders {\n\t\t\tpicked, total, err := r.orders.GridTotes(ctx, tote.OrderID)\n\t\t\tif err == nil && picked < total {\n\t\t\t\tif r.loop.Hold(tote.ID, tote.OrderID, read.At) {\n\t\t\t\t\tr.log.Info(\"tote held on the loop until its order is complete\", \"tote\", tote.ID, \"order\", tote.OrderID, \"picked\", picked, \"totes\", total)\n\t\t\t\t} else if r.loop.HeldLongerThan(tote.ID, r.cfg.Marshalling.HoldWarnAfter, read.At) {\n\t\t\t\t\tr.log.Warn(\"tote held on the loop for over 10 minutes, order still incomplete\", \"tote\", tote.ID, \"order\", tote.OrderID, \"picked\", picked, \"totes\", total)\n\t\t\t\t}\n\t\t\t\treturn Decision{Dest: DestLoop, Reason: \"order incomplete\"}\n\t\t\t}\n\t\t\tif n := r.loop.Release(tote.OrderID); n > 0 {\n\t\t\t\tr.log.Info(\"order complete, held totes released to the lane\", \"order\", tote.OrderID, \"held\", n, \"lane\", lane)\n\t\t\t}\n\t\t}\n\t\tif r.lanes.Full(lane) {\n"),
        "internal/router/loop.go": sub(repo.files["internal/router/loop.go"],
                                       "\tonLoop   map[string]time.Time\n}\n",
                                       "\tonLoop   map[string]time.Time\n\theld     map[string]heldTote // MARSH-212: totes waiting for the rest of their order\n}\n\ntype heldTote struct {\n\torder  string\n\tsince  time.Time\n\twarned bool\n}\n",
                                       "\treturn &Loop{capacity: capacity, onLoop: map[string]time.Time{}}\n}\n",
                                       "\treturn &Loop{capacity: capacity, onLoop: map[string]time.Time{}, held: map[string]heldTote{}}\n}\n\n// Hold marks a tote as held for its order; it reports whether the tote was\n// not held before.\nfunc (l *Loop) Hold(tote, order string, at time.Time) bool {\n\tl.mu.Lock()\n\tdefer l.mu.Unlock()\n\tif _, ok := l.held[tote]; ok {\n\t\treturn false\n\t}\n\tl.held[tote] = heldTote{order: order, since: at}\n\treturn true\n}\n\n// HeldLongerThan reports, once per tote, that it has been held longer than d.\nfunc (l *Loop) HeldLongerThan(tote string, d time.Duration, now time.Time) bool {\n\tl.mu.Lock()\n\tdefer l.mu.Unlock()\n\th, ok := l.held[tote]\n\tif !ok || h.warned || now.Sub(h.since) < d {\n\t\treturn false\n\t}\n\th.warned = true\n\tl.held[tote] = h\n\treturn true\n}\n\n// Release forgets the held totes of a complete order; they leave for the\n// lane at their next read.\nfunc (l *Loop) Release(order string) int {\n\tl.mu.Lock()\n\tdefer l.mu.Unlock()\n\tn := 0\n\tfor tote, h := range l.held {\n\t\tif h.order == order {\n\t\t\tdelete(l.held, tote)\n\t\t\tn++\n\t\t}\n\t}\n\treturn n\n}\n",
                                       "\t\t\tn := len(l.onLoop)\n\t\t\tl.mu.Unlock()\n\t\t\tlog.Info(\"loop occupancy\", \"occupied\", n, \"capacity\", l.capacity)\n",
                                       "\t\t\tn, held := len(l.onLoop), len(l.held)\n\t\t\tl.mu.Unlock()\n\t\t\tlog.Info(\"loop occupancy\", \"occupied\", n, \"capacity\", l.capacity, \"held\", held)\n"),
        "internal/router/config.go": sub(repo.files["internal/router/config.go"],
                                         "\tHospitalLane    string        `yaml:\"hospital_lane\"`\n}\n",
                                         "\tHospitalLane    string        `yaml:\"hospital_lane\"`\n\tMarshalling     Marshalling   `yaml:\"marshalling\"`\n}\n\ntype Marshalling struct {\n\t// HoldIncompleteOrders keeps an order's picked totes on the loop until\n\t// every grid tote of the order is picked (MARSH-212).\n\tHoldIncompleteOrders bool          `yaml:\"hold_incomplete_orders\"`\n\tHoldWarnAfter        time.Duration `yaml:\"hold_warn_after\"`\n}\n"),
        "internal/router/route_test.go": repo.files["internal/router/route_test.go"] + "\nfunc TestToteOfIncompleteOrderStaysOnTheLoop(t *testing.T) {\n\tr := newTestRouter(t, Config{LoopCapacity: 140, Marshalling: Marshalling{HoldIncompleteOrders: true}})\n\tr.orders.(*fakeOrders).add(Tote{ID: \"T100001\", OrderID: \"O1\", RouteID: \"R-114\", State: StatePicked})\n\tr.orders.(*fakeOrders).add(Tote{ID: \"T100002\", OrderID: \"O1\", RouteID: \"R-114\", State: StateQueued})\n\tif got := r.Decide(context.Background(), ScanRead{ToteID: \"T100001\"}); got.Dest != DestLoop {\n\t\tt.Fatalf(\"dest = %s, want LOOP\", got.Dest)\n\t}\n\tr.orders.(*fakeOrders).setState(\"T100002\", StatePicked)\n\tif got := r.Decide(context.Background(), ScanRead{ToteID: \"T100001\"}); got.Dest != \"L07\" {\n\t\tt.Fatalf(\"dest = %s, want L07\", got.Dest)\n\t}\n}\n",
        "config/production.yaml": sub(repo.files["config/production.yaml"],
                                      "  hospital_lane: H1\n",
                                      "  hospital_lane: H1\n  marshalling:\n    hold_incomplete_orders: true   # MARSH-212\n    hold_warn_after: 10m\n"),
    })
    repo.commit(utc("2026-05-22 11:52:00"), priya, "docs: marshalling with held totes (MARSH-212)", {
        "docs/marshalling.md": repo.files["docs/marshalling.md"] + "\n## Held totes (MARSH-212)\n\nWith `router.marshalling.hold_incomplete_orders`, a picked tote whose\norder still has a grid tote to pick goes round the loop\n(\"tote held on the loop until its order is complete\") and the order's\ntotes leave for the lane together once the last one is picked. On\nTuesday's waves the emulator held at most 46 totes.\n",
    })
    repo.commit(utc("2026-05-22 14:31:00"), sam, "runbook: loop full, ports paused", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Loop full, ports paused\n\nFlowView raises LOOP1 FULL when all 140 positions are occupied; no outfeed\ncan merge, the outfeed buffers fill and GridOS pauses the ports.\n\n- Nearly always the marshalling lanes are full: dispatch is behind with\n  the dollies and totes for a full lane go round the loop (\"marshalling\n  lane full, tote recirculates\"). Ask the dispatch lead to swap dollies\n  on the full lanes.\n- A dirty or blocked merge photo-eye (PE-Mxxx-3) stops its merge: the\n  conveyor engineer cleans it.\n- If it starts after a cfc-flow release, roll back first (GitLab >\n  cfc-flow > Deployments > production > the previous tag > Re-deploy).\n",
    })
    rel2140 = repo.commit(utc("2026-05-22 15:05:00"), tom, "release 2.14.0", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.13.0"', '"2.14.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- MARSH-212 an order's totes go to the lane together\n- WAVE-505 slot cut-offs from the transport plan\n- GRID-230 one retry on 409 port busy\n- ROUTE-320 no-read scanner and lap in the log\n"),
    })
    repo.commit(utc("2026-05-22 16:40:00"), ade, "router: a no-read tote goes round once more for a rescan (ROUTE-325)\n\nMost no-reads at SC-D1 are a label at an angle; the next lap reads them.\nThe hospital lane took 30-40 good totes a day.", {
        "internal/router/route.go": sub(repo.files["internal/router/route.go"],
                                        "\tif read.NoRead {\n\t\tr.log.Warn(\"no-read at divert scanner, tote to hospital lane\", \"scanner\", read.Scanner, \"position\", read.Position, \"lap\", read.Lap)\n\t\treturn Decision{Dest: DestHospital, Reason: \"no-read\"}\n\t}\n",
                                        "\tif read.NoRead {\n\t\tif read.Lap < 2 {\n\t\t\tr.log.Warn(\"no-read at divert scanner, tote goes round for a rescan\", \"scanner\", read.Scanner, \"position\", read.Position, \"lap\", read.Lap)\n\t\t\treturn Decision{Dest: DestLoop, Reason: \"no-read rescan\"}\n\t\t}\n\t\tr.log.Warn(\"no-read at divert scanner, tote to hospital lane\", \"scanner\", read.Scanner, \"position\", read.Position, \"lap\", read.Lap)\n\t\treturn Decision{Dest: DestHospital, Reason: \"no-read\"}\n\t}\n"),
    })
    repo.commit(utc("2026-05-22 17:15:00"), priya, "router: warn when a port's outfeed cannot merge onto the loop (ROUTE-327)", {
        "internal/router/station.go": sub(repo.files["internal/router/station.go"],
                                          "func (s *Stations) OnMerged(",
                                          "// OnMergeBlocked is the PLC's event for an outfeed whose tote found no\n// gap on the loop; it repeats every 60 s while the outfeed waits.\nfunc (s *Stations) OnMergeBlocked(ctx context.Context, ev MergeEvent) {\n\ts.log.Warn(\"station outfeed blocked, tote cannot merge onto the loop\", \"station\", ev.Station, \"tote\", ev.ToteID, \"waiting_s\", ev.Waiting.Seconds())\n}\n\nfunc (s *Stations) OnMerged("),
    })
    repo.commit(utc("2026-05-23 05:12:00"), bot, "Bump github.com/gopcua/opcua from 0.5.3 to 0.6.0\n\nBumps [github.com/gopcua/opcua](https://github.com/gopcua/opcua) from 0.5.3 to 0.6.0.", {
        "go.mod": sub(repo.files["go.mod"], "github.com/gopcua/opcua v0.5.3", "github.com/gopcua/opcua v0.6.0"),
        "go.sum": sub(repo.files["go.sum"], "github.com/gopcua/opcua v0.5.3 h1:K5QQhjK9KQxQW8doHL/Cd8oljUeXWnJJsNgP7mOGlhw=\ngithub.com/gopcua/opcua v0.5.3/go.mod h1:nrVl4/Rs3SDQRhNQ50EbAiI5JSpDrTG6Frx3s4HLnw4=",
                      "github.com/gopcua/opcua v0.6.0 h1:J7pQ3Lw1y1mJ0kFZs4C4a3s0q7zb2rDqU1Jl6k9c2Zo=\ngithub.com/gopcua/opcua v0.6.0/go.mod h1:Hq0Wl3oZ4tF9vY5vQx1b8H1oWQ3L2n8z2qg6cTfC0mY="),
    })
    repo.commit(utc("2026-05-23 07:48:00"), kasia, "waves: read the transport plan's bank holiday day code (WAVE-514)\n\nOn a bank holiday weekend Yardline's plan marks Monday's routes \"BH\";\nDayCode gave \"Mo\" and Monday's routes were planned with no departure\ntimes. The Sunday waves start planning at 10:00.", {
        "internal/waves/schedule.go": sub(repo.files["internal/waves/schedule.go"],
                                          "// DayCode is the transport plan's day code of a delivery date.\nfunc DayCode(d time.Time) string {\n\treturn d.Format(\"Mon\")[:2]\n}\n",
                                          "// DayCode is the transport plan's day code of a delivery date: \"BH\" on a\n// bank holiday, else the weekday's first two letters.\nfunc DayCode(d time.Time, holidays map[string]bool) string {\n\tif holidays[d.Format(\"2006-01-02\")] {\n\t\treturn \"BH\"\n\t}\n\treturn d.Format(\"Mon\")[:2]\n}\n"),
        "config/production.yaml": sub(repo.files["config/production.yaml"],
                                      "  transport_plan: https://yardline.transport.pantryline.internal/api/v1/plans\n",
                                      "  transport_plan: https://yardline.transport.pantryline.internal/api/v1/plans\n  bank_holidays: [\"2026-05-25\", \"2026-08-31\", \"2026-12-25\", \"2026-12-28\"]\n"),
    })
    rel2141 = repo.commit(utc("2026-05-23 08:21:00"), tom, "release 2.14.1", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.14.0"', '"2.14.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.1\n\n- WAVE-514 bank holiday day code (BH) in the transport plan\n- ROUTE-325 a no-read tote goes round once more for a rescan\n- ROUTE-327 warning for a port outfeed that cannot merge\n- gopcua 0.6.0\n"),
    })
    fix = repo.commit(utc("2026-05-23 10:41:00"), priya, "marshalling: hold_incomplete_orders off in production (MARSH-219)\n\nOn the bank holiday Saturday the chilled ports fell behind; the loop\nfilled with ambient totes held for their orders' chilled totes, no\noutfeed could merge, and the chilled totes that would have released them\nwere never picked. Off until held totes are capped well below the loop's\ncapacity.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "    hold_incomplete_orders: true   # MARSH-212\n", "    hold_incomplete_orders: false  # MARSH-219: filled the loop on 23 May\n"),
        "internal/router/route.go": sub(repo.files["internal/router/route.go"],
                                        "\t\t// tote of the order is not picked, its picked totes go round the loop.\n",
                                        "\t\t// tote of the order is not picked, its picked totes go round the loop.\n\t\t// MARSH-219: held totes can fill the loop and stop the merges that\n\t\t// would complete their orders; off in production until capped.\n"),
    })
    rel2142 = repo.commit(utc("2026-05-23 10:43:30"), tom, "release 2.14.2", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.14.1"', '"2.14.2"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.2\n\n- MARSH-219 hold_incomplete_orders off in production\n"),
    })
    repo.commit(utc("2026-05-23 12:05:00"), sam, "runbook: a loop full of held totes", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- If it starts after a cfc-flow release",
                               "- Check tote-router's \"loop occupancy\" line: if `held` is most of\n  `occupied`, the loop is full of totes waiting for the rest of their\n  orders (MARSH-212, 23 May); turn hold_incomplete_orders off.\n- If it starts after a cfc-flow release"),
    })
    return repo, {"culprit": culprit, "rel2140": rel2140, "rel2141": rel2141, "fix": fix, "rel2142": rel2142}


# ---------------------------------------------------------------------------
# the floor: ports, the loop, the lanes (simulated second by second)

AMB = [f"A{i:02d}" for i in range(1, 17)]
CHL = [f"C{i:02d}" for i in range(1, 7)]
LOOP_CAP = 140
LAP_S = 95
OUTFEED_CAP = 2
LANES = [f"L{i:02d}" for i in range(1, 13)]


def router_version(t):
    if t >= DEPLOY_2142:
        return "2.14.2"
    if t >= ROLLBACK:
        return "2.14.0"
    if t >= DEPLOY_2141:
        return "2.14.1"
    return "2.14.0"


def restarting(t):
    return any(at - dt.timedelta(seconds=3) <= t < at + dt.timedelta(seconds=RESTART_S) for at in (DEPLOY_2141, ROLLBACK, DEPLOY_2142))


def orders_per_wave(t):
    """Saturday of the bank holiday weekend: the morning's waves grow."""
    h = (t - utc("2026-05-23 00:00:00")).total_seconds() / 3600
    if h < 6.5:
        return 40
    if h < 7.5:
        return 44
    if h < 8.5:
        return 48
    return 53


def chilled_totes(rng, t):
    """Hot weather: BBQ slots in the afternoon carry more chilled totes."""
    h = (t - utc("2026-05-23 00:00:00")).total_seconds() / 3600
    heavy = 0.22 if h < 7 else (0.30 if h < 8 else (0.38 if h < 9 else 0.46))
    r = rng.random()
    if r < 0.10:
        return 0
    if r < 0.10 + heavy:
        return 2
    return 1


def ambient_totes(rng):
    return rng.choices([1, 2, 3, 4], [18, 36, 32, 14])[0]


class Tote:
    __slots__ = ("id", "order", "zone", "station", "state", "picked_at", "next_divert", "lap", "held", "held_since", "warned", "noread", "bins")

    def __init__(self, tid, order, zone):
        self.id, self.order, self.zone = tid, order, zone
        self.station = None
        self.state = "queued"
        self.picked_at = None
        self.next_divert = None
        self.lap = 0
        self.held = False
        self.held_since = None
        self.warned = False
        self.noread = False
        self.bins = 0


class Order:
    __slots__ = ("id", "route", "lane", "totes", "picked", "wave", "released_logged", "had_held")

    def __init__(self, oid, route, lane, wave):
        self.id, self.route, self.lane, self.wave = oid, route, lane, wave
        self.totes = []
        self.picked = 0
        self.released_logged = False
        self.had_held = False


class Station:
    __slots__ = ("name", "zone", "queue", "current", "finish", "outfeed", "waiting_since", "last_block_event", "paused", "bins", "busy_s", "refused")

    def __init__(self, name, zone):
        self.name, self.zone = name, zone
        self.queue = []
        self.current = None
        self.finish = None
        self.outfeed = []
        self.waiting_since = None
        self.last_block_event = None
        self.paused = False
        self.bins = 0
        self.busy_s = 0
        self.refused = False


def routes_table():
    """Van routes: one leaves every 5 minutes from 06:30 to 16:00 UTC."""
    out = []
    t = utc("2026-05-23 06:30:00")
    k = 0
    while t < utc("2026-05-23 16:00:00"):
        out.append((f"R-{101 + k}", t, LANES[k % len(LANES)]))
        t += dt.timedelta(minutes=5)
        k += 1
    return out


def simulate(rng, hooks):
    """Runs the floor from SIM_START to END; hooks get the events."""
    stations = {n: Station(n, "amb") for n in AMB}
    stations.update({n: Station(n, "chl") for n in CHL})
    routes = routes_table()
    orders, totes = {}, {}
    loop = []            # totes on the loop
    tote_seq = [418000 + rng.randint(0, 900)]
    order_seq = [90412000 + rng.randint(0, 9000)]
    wave_seq = [0]
    next_wave = SIM_START
    lane_fill = {}      # route -> totes in lane
    planned = set(r[0] for r in routes if r[1] < SIM_START + dt.timedelta(minutes=70))

    def new_tote(order, zone):
        tote_seq[0] += rng.randint(1, 37)
        tote = Tote(f"T{tote_seq[0]}", order, zone)
        totes[tote.id] = tote
        order.totes.append(tote)
        return tote

    def queued(zone):
        return sum(len(s.queue) + (1 if s.current else 0) for s in stations.values() if s.zone == zone)

    def least_loaded(zone):
        cands = [s for s in stations.values() if s.zone == zone]
        return min(cands, key=lambda s: (len(s.queue) + (1 if s.current else 0) + len(s.outfeed), rng.random()))

    t = SIM_START
    step = dt.timedelta(seconds=1)
    while t < END:
        # ---- wave release
        if t >= next_wave:
            q = queued("amb") + queued("chl")
            if q > 420:
                hooks["wave_postponed"](t, q)
                next_wave = t + dt.timedelta(minutes=5)
            else:
                wave_seq[0] += 1
                wid = f"W0523-{wave_seq[0]:02d}"
                per_route = orders_per_wave(t) // 3
                window = [r for r in routes if r[0] not in planned and r[1] < t + dt.timedelta(minutes=85)][:64 // per_route]
                planned.update(r[0] for r in window)
                n = per_route * len(window)
                wave_orders = []
                for i in range(n):
                    rid, dep, lane = window[i % len(window)]
                    order_seq[0] += rng.randint(1, 400)
                    o = Order(f"O{order_seq[0]}", rid, lane, wid)
                    orders[o.id] = o
                    amb = least_loaded("amb")
                    for _ in range(ambient_totes(rng)):
                        tt = new_tote(o, "amb")
                        tt.station = amb.name
                        amb.queue.append(tt)
                    c = chilled_totes(rng, t)
                    if c:
                        chl = least_loaded("chl")
                        for _ in range(c):
                            tt = new_tote(o, "chl")
                            tt.station = chl.name
                            chl.queue.append(tt)
                    wave_orders.append(o)
                hooks["wave_released"](t, wid, wave_orders, window)
                next_wave = SIM_START + dt.timedelta(minutes=15) * ((t - SIM_START) // dt.timedelta(minutes=15) + 1) + dt.timedelta(seconds=rng.randint(0, 20))
        # ---- ports
        for s in stations.values():
            if s.current is not None:
                s.busy_s += 1
                if t >= s.finish:
                    tote = s.current
                    tote.state = "outfeed"
                    tote.picked_at = t
                    tote.order.picked += 1
                    s.outfeed.append(tote)
                    s.current = None
                    hooks["picked"](t, s, tote)
            if s.current is None and s.queue and len(s.outfeed) < OUTFEED_CAP:
                tote = s.queue.pop(0)
                tote.state = "picking"
                mean = 112 if s.zone == "amb" else 96
                s.current = tote
                s.finish = t + dt.timedelta(seconds=max(35, int(rng.lognormvariate(0, 0.35) * mean)))
                tote.bins = max(2, int(rng.gauss(9 if s.zone == "amb" else 7, 2.5)))
                if s.paused:
                    s.paused = False
                    hooks["port_resumed"](t, s)
            elif s.current is None and len(s.outfeed) >= OUTFEED_CAP and not s.paused:
                s.paused = True
                hooks["port_paused"](t, s)
        # ---- merges onto the loop (the PLC gives gaps to the longest waiting outfeed)
        waiting = sorted((s for s in stations.values() if s.outfeed), key=lambda s: (s.outfeed[0].picked_at, s.name))
        for s in waiting:
            if len(loop) < LOOP_CAP:
                tote = s.outfeed.pop(0)
                tote.state = "loop"
                tote.next_divert = t + dt.timedelta(seconds=rng.randint(30, 80))
                tote.lap = 0
                loop.append(tote)
                if s.refused:
                    s.refused = False
                    hooks["merge_ok"](t, s)
                s.waiting_since = None
                s.last_block_event = None
                hooks["merged"](t, s, tote)
            else:
                if s.waiting_since is None:
                    s.waiting_since = t
                waited = (t - s.waiting_since).total_seconds()
                if waited >= 20 and not s.refused:
                    s.refused = True
                    hooks["merge_refused"](t, s, s.outfeed[0], len(loop))
                if waited >= 60 and (s.last_block_event is None or (t - s.last_block_event).total_seconds() >= 60):
                    s.last_block_event = t
                    hooks["outfeed_blocked"](t, s, s.outfeed[0], waited)
        # ---- the divert scanner
        for tote in [x for x in loop if x.next_divert <= t]:
            tote.lap += 1
            dest = hooks["decide"](t, tote, len(loop))
            if dest == "LOOP":
                tote.next_divert = t + dt.timedelta(seconds=LAP_S + rng.randint(-3, 3))
            else:
                loop.remove(tote)
                tote.state = "lane" if dest.startswith("L") else "hospital"
                if dest.startswith("L"):
                    lane_fill[tote.order.route] = lane_fill.get(tote.order.route, 0) + 1
        # ---- operators pull totes off the loop
        if MANUAL_PULL <= t < MANUAL_PULL + dt.timedelta(seconds=180) and (t - MANUAL_PULL).total_seconds() % 7 == 0:
            held = [x for x in loop if x.held]
            if held and hooks["pulled_count"]() < 24:
                tote = held[rng.randrange(len(held))]
                loop.remove(tote)
                tote.state = "hospital"
                hooks["pulled"](t, tote, len(loop))
        hooks["tick"](t, stations, loop, orders, lane_fill, routes)
        t += step
    return orders, totes


# ---------------------------------------------------------------------------
# the logs

PLC = "opc.tcp://plc-loop1.htf1.pantryline.internal:4840"


def ms3(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def slog_value(v):
    text = str(v)
    if text == "" or any(c in text for c in ' "=\\') or not text.isprintable():
        return json.dumps(text)
    return text


def build_logs(shas):
    rng = random.Random(82100)       # cosmetics
    sim_rng = random.Random(82101)   # the floor
    router, planner, scada, gridos, yard, gitlab, slack, cmms = (
        Log("tote-router.log"), Log("wave-planner.log"), Log("flowview-journal.log"), Log("gridos.log"),
        Log("yardline-dispatch.log"), Log("gitlab-deploy-cfc-flow.log"), Log("slack-htf1-ops.log"), Log("cmms-workorders.log"))
    ver_sha = {"2.14.0": shas["rel2140"], "2.14.1": shas["rel2141"], "2.14.2": shas["rel2142"]}
    stats = {"first_refused": None, "first_full": None, "pulled": 0, "held_series": [], "max_held_before": 0,
             "blocked_warns": 0, "held_logs": 0, "routed": 0, "paused_max": 0, "first_paused6": None,
             "last_paused": None, "postponed": 0, "shorts": [], "delays": []}

    def rlog(t, level, msg, jitter=True, **kv):
        if START <= t < END:
            if jitter:
                t = t + dt.timedelta(microseconds=rng.randint(0, 999) * 1000)
            parts = [f"time={ms3(t)}", f"level={level}", f"msg={slog_value(msg)}"]
            parts += [f"{k}={slog_value(v)}" for k, v in kv.items()]
            router.add(t, " ".join(parts))

    def plog(t, level, msg, **kv):
        if START <= t < END:
            t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(100, 999)}Z", "level": level, "msg": msg}
            body.update(kv)
            planner.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def slog_scada(t, cls, area, device, code, text):
        if START <= t < END:
            t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            scada.add(t, f"{stamp} | {cls:<3} | {area:<6} | {device:<9} | {code} | {text}")

    def glog(t, grid, comp, sev, text):
        if START <= t < END:
            t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            gridos.add(t, f"{ms3(t)} {grid} {comp:<12} {sev:<5} {text}")

    def ylog(t, event, message, **kv):
        if START <= t < END:
            t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            body = {"ts": ms3(t), "site": "HTF1", "event": event}
            body.update(kv)
            body["message"] = message
            yard.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    # ---- the router's decisions (the code in the repository, version by version)
    loop_counts = {"diverted": 0, "recirculated": 0, "noread": 0}
    lane_full_until = {}

    def decide(t, tote, occupied):
        ver = router_version(t)
        o = tote.order
        if restarting(t):
            loop_counts["recirculated"] += 1
            slog_scada(t, "ALM", "LOOP1", "SC-D1", 2310, f"Host decision timeout (120 ms), tote {tote.id} recirculated")
            return "LOOP"
        if tote.noread or sim_rng.random() < 0.004:
            loop_counts["noread"] += 1
            slog_scada(t, "EVT", "LOOP1", "SC-D1", 2203, f"No read at divert scanner, lap {tote.lap}")
            pos = sim_rng.randint(1, 140)
            if ver in ("2.14.1", "2.14.2") and tote.lap < 2:
                tote.noread = sim_rng.random() < 0.1
                rlog(t, "WARN", "no-read at divert scanner, tote goes round for a rescan", scanner="SC-D1", position=pos, lap=tote.lap)
                loop_counts["recirculated"] += 1
                return "LOOP"
            rlog(t, "WARN", "no-read at divert scanner, tote to hospital lane", scanner="SC-D1", position=pos, lap=tote.lap)
            loop_counts["diverted"] += 1
            hospital.append((t + dt.timedelta(seconds=sim_rng.randint(150, 420)), tote))
            return "H1"
        if ver != "2.14.2":
            picked, total = o.picked, len(o.totes)
            if picked < total:
                if not tote.held:
                    tote.held, tote.held_since, tote.warned = True, t, False
                    o.had_held = True
                    stats["held_logs"] += 1
                    rlog(t, "INFO", "tote held on the loop until its order is complete", tote=tote.id, order=o.id, picked=picked, totes=total)
                elif not tote.warned and (t - tote.held_since).total_seconds() >= 600:
                    tote.warned = True
                    rlog(t, "WARN", "tote held on the loop for over 10 minutes, order still incomplete", tote=tote.id, order=o.id, picked=picked, totes=total)
                loop_counts["recirculated"] += 1
                return "LOOP"
            if tote.held or o.had_held:
                n = sum(1 for x in o.totes if x.held and x.state == "loop")
                for x in o.totes:
                    x.held = False
                o.had_held = False
                if n:
                    rlog(t, "INFO", "order complete, held totes released to the lane", order=o.id, held=n, lane=o.lane)
        tote.held = False
        full = lane_full_until.get(o.lane)
        if (full and t < full) or sim_rng.random() < (0.05 if DEPLOY_2142 <= t < DEPLOY_2142 + dt.timedelta(minutes=6) else 0.006):
            if not full or t >= full:
                lane_full_until[o.lane] = t + dt.timedelta(seconds=sim_rng.randint(60, 240))
                slog_scada(t, "EVT", "MARSH", o.lane, 6001, "Lane full (96/96), divert inhibited")
            rlog(t, "INFO", "marshalling lane full, tote recirculates", tote=tote.id, lane=o.lane)
            loop_counts["recirculated"] += 1
            return "LOOP"
        stats["routed"] += 1
        rlog(t, "INFO", "tote routed to marshalling lane", tote=tote.id, order=o.id, route=o.route, lane=o.lane)
        loop_counts["diverted"] += 1
        return o.lane

    # ---- port and loop events
    def merge_refused(t, s, tote, occupied):
        if stats["first_refused"] is None:
            stats["first_refused"] = t
        slog_scada(t, "ALM", "LOOP1", f"M-{s.name}", 4102, f"Merge blocked: no gap on loop, outfeed {s.name} waiting ({occupied}/{LOOP_CAP})")

    def merge_ok(t, s):
        slog_scada(t, "RTN", "LOOP1", f"M-{s.name}", 4102, f"Merge blocked cleared, outfeed {s.name}")

    def outfeed_blocked(t, s, tote, waited):
        if router_version(t) in ("2.14.1", "2.14.2") and not restarting(t):
            stats["blocked_warns"] += 1
            rlog(t, "WARN", "station outfeed blocked, tote cannot merge onto the loop", station=s.name, tote=tote.id, waiting_s=int(waited))

    def port_paused(t, s):
        glog(t, "GRID-AMB" if s.zone == "amb" else "GRID-CHL", f"port.{s.name}", "WARN", "Port paused by host: order tote position occupied (outfeed full)")

    def port_resumed(t, s):
        glog(t, "GRID-AMB" if s.zone == "amb" else "GRID-CHL", f"port.{s.name}", "INFO", "Port resumed")

    def picked(t, s, tote):
        s.bins += tote.bins

    def merged(t, s, tote):
        pass

    def wave_released(t, wid, wave_orders, window):
        amb = sum(1 for o in wave_orders for x in o.totes if x.zone == "amb")
        chl = sum(1 for o in wave_orders for x in o.totes if x.zone == "chl")
        plog(t, "INFO", "wave released", wave=wid, orders=len(wave_orders), ambient_totes=amb, chilled_totes=chl,
             routes=",".join(r[0] for r in window), first_departure=window[0][1].strftime("%Y-%m-%dT%H:%M:%SZ") if window else None)

    def wave_postponed(t, q):
        stats["postponed"] += 1
        plog(t, "WARN", "wave release postponed", queued_totes=q, max=420)

    def pulled(t, tote, occupied):
        stats["pulled"] += 1
        pos = sim_rng.randint(1, 140)
        slog_scada(t, "EVT", "LOOP1", "HP-2", 5011, f"Tote {tote.id} removed at hand-off point, position {pos}")
        rlog(t, "WARN", "tote left the loop at the hand-off point, not diverted", tote=tote.id, position=pos)
        hospital.append((utc("2026-05-23 10:52:00") + dt.timedelta(seconds=sim_rng.randint(0, 900)), tote))

    # ---- once a second: alarms, stats, departures
    state = {"high": False, "full": False, "paused_logged": 0, "routes_done": set(), "arrived": set(), "waiting": {}}
    series = []

    hospital = []

    def tick(t, stations, loop, orders, lane_fill, routes):
        if hospital and t.second % 10 == 0:
            for item in [h for h in hospital if h[0] <= t]:
                hospital.remove(item)
                item[1].state = "lane"
        occ = len(loop)
        held = sum(1 for x in loop if x.held)
        paused = sum(1 for s in stations.values() if s.paused)
        if stats["first_full"] is None and occ >= LOOP_CAP:
            stats["first_full"] = t
        if paused >= 6 and stats["first_paused6"] is None:
            stats["first_paused6"] = t
        if paused:
            stats["last_paused"] = t
        stats["paused_max"] = max(stats["paused_max"], paused)
        if not state["high"] and occ >= 126:
            state["high"] = True
            slog_scada(t, "ALM", "LOOP1", "LOOP1", 4001, f"Loop occupancy high ({occ}/{LOOP_CAP})")
        elif state["high"] and occ < 118:
            state["high"] = False
            slog_scada(t, "RTN", "LOOP1", "LOOP1", 4001, f"Loop occupancy high cleared ({occ}/{LOOP_CAP})")
        if not state["full"] and occ >= LOOP_CAP:
            state["full"] = True
            slog_scada(t, "ALM", "LOOP1", "LOOP1", 4002, f"LOOP1 FULL ({occ}/{LOOP_CAP}), merges inhibited")
        elif state["full"] and occ < LOOP_CAP - 4:
            state["full"] = False
            slog_scada(t, "RTN", "LOOP1", "LOOP1", 4002, f"LOOP1 FULL cleared ({occ}/{LOOP_CAP})")
        if t.second == 30 and t.minute % 1 == 0:
            series.append((t, occ, held, paused))
        # router: loop occupancy once a minute (its own ticker, 17 s past)
        if t.second == 17 and not restarting(t):
            if router_version(t) == "2.14.2":
                rlog(t, "INFO", "loop occupancy", occupied=occ, capacity=LOOP_CAP, held=0)
            else:
                rlog(t, "INFO", "loop occupancy", occupied=occ, capacity=LOOP_CAP, held=held)
            if t < utc("2026-05-23 09:30:00"):
                stats["max_held_before"] = max(stats["max_held_before"], held)
        # planner: port queues once a minute
        if t.second == 41:
            qa = sum(len(s.queue) for s in stations.values() if s.zone == "amb")
            qc = sum(len(s.queue) for s in stations.values() if s.zone == "chl")
            plog(t, "INFO", "port queues", ambient_queued=qa, chilled_queued=qc, ambient_ports=len(AMB), chilled_ports=len(CHL), ports_paused=paused)
        # SCADA: loop status every 5 minutes
        if t.second == 5 and t.minute % 5 == 0:
            slog_scada(t, "EVT", "LOOP1", "SC-D1", 1001, f"Loop status: {occ}/{LOOP_CAP} positions occupied; diverted {loop_counts['diverted']}, recirculated {loop_counts['recirculated']}, no-read {loop_counts['noread']} in 5 min")
            loop_counts.update(diverted=0, recirculated=0, noread=0)
        # GridOS: port summaries every 5 minutes
        if t.second == 52 and t.minute % 5 == 4:
            for s in stations.values():
                grid = "GRID-AMB" if s.zone == "amb" else "GRID-CHL"
                util = min(99, round(100 * s.busy_s / 300))
                wait = rng.uniform(2.4, 4.6) if s.bins else 0.0
                glog(t, grid, f"port.{s.name}", "INFO", f"Port summary 5 min: {s.bins} bins presented, mean bin wait {wait:.1f} s, utilisation {util}%")
                s.bins, s.busy_s = 0, 0
        # Yardline: vans, departures, lanes
        for rid, dep, lane in routes:
            if rid in state["routes_done"]:
                continue
            if rid not in state["arrived"] and t >= dep - dt.timedelta(minutes=35):
                state["arrived"].add(rid)
                if t >= START:
                    ylog(t, "van.arrived", f"Van for {rid} on dock", route=rid, dock=f"D{int(lane[1:]):02d}", lane=lane, scheduled_departure=dep.strftime("%H:%M"))
            if t < dep:
                continue
            route_orders = [o for o in orders.values() if o.route == rid]
            planned = sum(len(o.totes) for o in route_orders)
            in_lane = sum(1 for o in route_orders for x in o.totes if x.state == "lane")
            late = (t - dep).total_seconds()
            if planned and in_lane < planned and late < 25 * 60:
                if rid not in state["waiting"]:
                    state["waiting"][rid] = t
                    ylog(t, "route.delayed", f"{rid} held at dock: {planned - in_lane} of {planned} totes not in lane", route=rid, lane=lane, totes_planned=planned, totes_in_lane=in_lane, scheduled_departure=dep.strftime("%H:%M"))
                continue
            state["routes_done"].add(rid)
            frozen = sum(1 for o in route_orders if rng.random() < 0.55)
            delay = int(late // 60)
            if in_lane < planned:
                stats["shorts"].append((t, rid, planned - in_lane))
                ylog(t, "van.departed", f"{rid} departed short: {planned - in_lane} totes follow on the sweeper van", route=rid, dock=f"D{int(lane[1:]):02d}", lane=lane,
                     totes_planned=planned, totes_loaded=in_lane, frozen_bags=frozen, scheduled_departure=dep.strftime("%H:%M"), delay_min=delay)
            else:
                if delay:
                    stats["delays"].append((t, rid, delay))
                ylog(t, "van.departed", f"{rid} departed", route=rid, dock=f"D{int(lane[1:]):02d}", lane=lane,
                     totes_planned=planned, totes_loaded=in_lane, frozen_bags=frozen, scheduled_departure=dep.strftime("%H:%M"), delay_min=delay)
            for o in route_orders:
                for x in o.totes:
                    if x.state == "lane":
                        x.state = "van"
        if t.second == 0 and t.minute % 10 == 0:
            per_lane = {lane: 0 for lane in LANES}
            for o in orders.values():
                for x in o.totes:
                    if x.state == "lane":
                        per_lane[o.lane] += 1
            ylog(t, "lanes.status", "Marshalling lanes", totes=per_lane, total=sum(per_lane.values()))
            stats.setdefault("lanes", {})[t] = per_lane

    hooks = dict(decide=decide, merge_refused=merge_refused, merge_ok=merge_ok, outfeed_blocked=outfeed_blocked,
                 port_paused=port_paused, port_resumed=port_resumed, picked=picked, merged=merged,
                 wave_released=wave_released, wave_postponed=wave_postponed, pulled=pulled,
                 pulled_count=lambda: stats["pulled"], tick=tick)

    # restarts drop the router's held map: every held tote is held afresh at its next read
    orig_decide = hooks["decide"]
    restarted = set()

    def decide_with_restarts(t, tote, occupied):
        for at in (DEPLOY_2141, ROLLBACK, DEPLOY_2142):
            if t >= at and at not in restarted:
                restarted.add(at)
                for x in all_totes.values():
                    x.held = False
                    x.warned = False
        return orig_decide(t, tote, occupied)

    all_totes = {}
    hooks["decide"] = decide_with_restarts
    orig_wave = hooks["wave_released"]

    def wave_track(t, wid, wave_orders, window):
        for o in wave_orders:
            for x in o.totes:
                all_totes[x.id] = x
        orig_wave(t, wid, wave_orders, window)

    hooks["wave_released"] = wave_track
    orders, _ = simulate(sim_rng, hooks)
    stats["series"] = series
    more_logs(rng, stats, ver_sha, rlog, plog, slog_scada, glog, gitlab, slack, cmms)
    return (router, planner, scada, gridos, yard, gitlab, slack, cmms), stats


def more_logs(rng, stats, ver_sha, rlog, plog, slog_scada, glog, gitlab, slack, cmms):
    onset = stats["first_full"]
    lanes = stats["lanes"]

    # ---- restarts of tote-router and wave-planner at each deployment
    for at, ver in ((DEPLOY_2141, "2.14.1"), (ROLLBACK, "2.14.0"), (DEPLOY_2142, "2.14.2")):
        old = router_version(at - dt.timedelta(seconds=1))
        rlog(at - dt.timedelta(milliseconds=2640), "INFO", "shutting down", jitter=False, signal="terminated")
        rlog(at - dt.timedelta(milliseconds=2410), "INFO", "OPC UA session closed", jitter=False, endpoint=PLC)
        slog_scada(at - dt.timedelta(milliseconds=2400), "SYS", "HOST", "OPCUA", "0902", "Host session closed by client tote-router")
        up = at + dt.timedelta(seconds=RESTART_S - 3)
        rlog(up + dt.timedelta(milliseconds=212), "INFO", "tote-router starting", jitter=False, version=ver, commit=ver_sha[ver][:12], plc=PLC)
        rlog(up + dt.timedelta(milliseconds=1187), "INFO", "OPC UA session established", jitter=False, endpoint=PLC, policy="Basic256Sha256", mode="SignAndEncrypt")
        slog_scada(up + dt.timedelta(milliseconds=1100), "SYS", "HOST", "OPCUA", "0901", "Host session opened by tote-router (Basic256Sha256, SignAndEncrypt)")
        rlog(up + dt.timedelta(milliseconds=1530), "INFO", "subscribed to PLC events", jitter=False, items=24, scanner="SC-D1", outfeeds=22, handoff="HP-2")
        plog(at + dt.timedelta(seconds=6), "INFO", "shutting down", signal="terminated", version=old)
        plog(at + dt.timedelta(seconds=RESTART_S + 4), "INFO", "wave-planner starting", version=ver, commit=ver_sha[ver][:12], interval="15m0s")

    # ---- the transport plan for the next three delivery days, every 30 minutes
    t = utc("2026-05-23 06:37:00")
    while t < END:
        ver = router_version(t)
        for day, code, n in (("2026-05-23", "Sa", 228), ("2026-05-24", "Su", 196)):
            plog(t, "INFO", "transport plan loaded", date=day, day_code=code, routes=n)
        if ver == "2.14.0":
            plog(t + dt.timedelta(milliseconds=40), "WARN", "transport plan has no routes for delivery date", date="2026-05-25", day_code="Mo")
        else:
            plog(t + dt.timedelta(milliseconds=40), "INFO", "transport plan loaded", date="2026-05-25", day_code="BH", routes=212)
        t += dt.timedelta(minutes=30)

    # ---- router noise: a slow database a few seconds after 07:12
    for k in range(3):
        tt = utc("2026-05-23 07:12:41") + dt.timedelta(seconds=k * 2 + rng.random())
        rlog(tt, "ERROR", "tote lookup failed, tote recirculates", tote=f"T{rng.randint(418000, 424000)}", err="timeout: context deadline exceeded (acquire conn)")

    # ---- GridOS robots
    def robots(grid, prefix, ids, per_min, total):
        charging = {}
        t = START
        while t < END:
            t += dt.timedelta(seconds=rng.expovariate(per_min / 60))
            rid = f"{prefix}{rng.choice(ids):03d}"
            if rid in charging:
                continue
            batt = rng.randint(24, 34)
            glog(t, grid, f"robot.{rid}", "INFO", f"Robot {rid} to charger CS-{rng.randint(1, 14 if grid == 'GRID-AMB' else 4):02d}, battery {batt}%")
            back = t + dt.timedelta(seconds=rng.randint(1900, 2700))
            charging[rid] = back
            glog(back, grid, f"robot.{rid}", "INFO", f"Robot {rid} charged ({rng.randint(94, 99)}%), back in service")
        t = START + dt.timedelta(seconds=rng.randint(0, 59))
        while t < END:
            n_ch = sum(1 for rid, back in charging.items() if back > t and back - dt.timedelta(seconds=2700) <= t)
            faulted = 1 if grid == "GRID-AMB" and utc("2026-05-23 09:05:12") <= t < utc("2026-05-23 09:19:40") else 0
            glog(t, grid, "fleet", "INFO", f"Fleet: {total - n_ch - faulted}/{total} robots in service, {n_ch} charging, {faulted} faulted")
            t += dt.timedelta(minutes=10)

    robots("GRID-AMB", "R-", list(range(1, 181)), 1.3, 180)
    robots("GRID-CHL", "R-", list(range(501, 541)), 0.35, 40)
    glog(utc("2026-05-23 09:05:12"), "GRID-AMB", "robot.R-143", "ERROR", "Robot R-143 stopped: lift motor overcurrent at cell (41,17); 8 cells around it blocked")
    glog(utc("2026-05-23 09:06:30"), "GRID-AMB", "service", "INFO", "Service mission SM-0523-03 dispatched to cell (41,17)")
    glog(utc("2026-05-23 09:19:40"), "GRID-AMB", "robot.R-143", "INFO", "Robot R-143 towed to service area SA-1; cells around (41,17) unblocked")

    # ---- FlowView routine
    slog_scada(utc("2026-05-23 06:31:09"), "OPR", "SYS", "HMI-2", "0100", "User gprice logged in (Shift lead)")
    slog_scada(utc("2026-05-23 06:44:51"), "OPR", "SYS", "HMI-1", "0100", "User dcole logged in (Maintenance)")
    slog_scada(utc("2026-05-23 07:44:03"), "ALM", "ZONE3", "MTR-Z3-14", "7120", "Motor overtemperature warning (71 C)")
    slog_scada(utc("2026-05-23 07:46:20"), "OPR", "ZONE3", "MTR-Z3-14", "7120", "Alarm acknowledged by dcole")
    slog_scada(utc("2026-05-23 08:02:37"), "RTN", "ZONE3", "MTR-Z3-14", "7120", "Motor overtemperature warning cleared (58 C)")
    slog_scada(PE_DIRTY, "ALM", "LOOP1", "PE-MA07-3", "3117", "Photo-eye signal reserve low (18%), clean lens")
    slog_scada(PE_DIRTY + dt.timedelta(seconds=131), "OPR", "LOOP1", "PE-MA07-3", "3117", "Alarm acknowledged by dcole")
    slog_scada(PE_CLEAN, "RTN", "LOOP1", "PE-MA07-3", "3117", "Photo-eye signal reserve low cleared (92%)")
    slog_scada(MANUAL_PULL - dt.timedelta(seconds=25), "OPR", "LOOP1", "HP-2", "5010", "Manual removal mode ON (user gprice)")
    slog_scada(MANUAL_PULL + dt.timedelta(seconds=190), "OPR", "LOOP1", "HP-2", "5010", "Manual removal mode OFF (user gprice)")
    slog_scada(onset + dt.timedelta(minutes=3, seconds=12), "OPR", "LOOP1", "LOOP1", "4002", "Alarm acknowledged by gprice")

    # ---- GitLab deployment jobs
    job_ids = iter([48120, 48213, 48241, 48266])

    def job(at, tag, sha, who):
        jid = next(job_ids)
        t = at - dt.timedelta(seconds=8)

        def out(dt_s, text):
            tt = t + dt.timedelta(seconds=dt_s, microseconds=rng.randint(0, 9000))
            gitlab.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}Z 00O {text}")

        out(0, f"Running with gitlab-runner 17.0.1 (44feccdf)")
        out(0.01, "  on htf1-runner-01 Zx8Yb2Qc, system ID: s_4f1c6d0e9a2b")
        out(0.5, f"Job {jid} deploy-production for {tag}, started by {who}")
        out(1, "Preparing the \"docker\" executor")
        out(3, "Using docker image sha256:6c1d2a0f9be3 for hashicorp/nomad:1.7.7 with digest hashicorp/nomad@sha256:0f3b7c2a9e41 ...")
        out(4, "Getting source from Git repository")
        out(4.2, "Fetching changes with git depth set to 20...")
        out(5, f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        out(6, "Executing \"step_script\" stage of the job script")
        out(6.1, f"$ export CFC_FLOW_VERSION=$CI_COMMIT_TAG")
        out(6.2, "$ for job in tote-router wave-planner grid-bridge; do nomad job run -var version=$CI_COMMIT_TAG deploy/nomad/$job.nomad.hcl; done")
        base = 7
        for name, group in (("tote-router", "router"), ("wave-planner", "planner"), ("grid-bridge", "bridge")):
            ev, dep, alloc = rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(32)
            stamp = (t + dt.timedelta(seconds=base)).strftime("%Y-%m-%dT%H:%M:%SZ")
            out(base, f"==> {stamp}: Monitoring evaluation \"{ev:08x}\"")
            out(base + 0.1, f"    {stamp}: Evaluation triggered by job \"{name}\"")
            out(base + 0.9, f"    {stamp}: Evaluation within deployment: \"{dep:08x}\"")
            out(base + 1.0, f"    {stamp}: Allocation \"{alloc:08x}\" created: node \"7d3e51aa\", group \"{group}\"")
            out(base + 1.1, f"    {stamp}: Evaluation status changed: \"pending\" -> \"complete\"")
            out(base + 1.2, f"==> {stamp}: Evaluation \"{ev:08x}\" finished with status \"complete\"")
            out(base + 1.3, f"==> {stamp}: Monitoring deployment \"{dep:08x}\"")
            out(base + 13, f"  ✓ Deployment \"{dep:08x}\" successful")
            base += 14
        out(base + 0.5, "Cleaning up project directory and file based variables")
        out(base + 1, "Job succeeded")

    job(DEPLOY_2140, "v2.14.0", ver_sha["2.14.0"], "ade.okonkwo")
    job(DEPLOY_2141, "v2.14.1", ver_sha["2.14.1"], "tom.hargreaves")
    job(ROLLBACK, "v2.14.0", ver_sha["2.14.0"], "tom.hargreaves")
    job(DEPLOY_2142, "v2.14.2", ver_sha["2.14.2"], "tom.hargreaves")

    # ---- #htf1-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "htf1-ops", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    def lane_text(at):
        snap = lanes[max(k for k in lanes if k <= at)]
        low = [(k, v) for k, v in sorted(snap.items()) if v < 15]
        return ", ".join(f"{k} {v}" for k, v in low) + f" totes, {sum(snap.values())} on all twelve lanes"

    def bst(t):
        return (t + dt.timedelta(hours=1)).strftime("%H:%M")

    held_at = {t.replace(second=0): (occ, held) for t, occ, held, _ in stats["series"]}
    alert = stats["first_paused6"] + dt.timedelta(seconds=75)
    look = alert + dt.timedelta(minutes=3)
    occ_d, held_d = held_at[(utc("2026-05-23 10:33:00"))]
    say(utc("2026-05-23 02:31:00"), "ade.okonkwo", "2.14.0 deployed in the window (MARSH-212, WAVE-505, GRID-230, ROUTE-320). Router, planner and bridge restarted, PLC session back in 14 s.")
    say(utc("2026-05-23 06:36:00"), "gemma.price", "Morning all. Bank holiday Saturday, 22 ports staffed, forecast 4,150 orders, chilled heavy with the heat (BBQ slots from 12:00). Freezer team on 6.")
    say(utc("2026-05-23 07:51:00"), "katarzyna.wrobel", "Planner warns 'transport plan has no routes for delivery date 2026-05-25': Yardline's plan marks Monday's routes BH and we look for Mo. Fix is WAVE-514, Monday's waves start planning at 11:00.")
    say(utc("2026-05-23 08:24:00"), "tom.hargreaves", "Cutting 2.14.1 from main for WAVE-514. It also ships ROUTE-325 (no-reads go round once more), ROUTE-327 (outfeed blocked warning) and gopcua 0.6.0. Deploying at 09:55, outside the window, @gemma.price ok?")
    say(utc("2026-05-23 08:26:00"), "gemma.price", "ok, the PLC will recirculate for a few seconds, fine")
    say(PE_DIRTY + dt.timedelta(seconds=95), "darren.cole", "Photo-eye PE-MA07-3 on merge A07 reporting low signal reserve, cleaning it. A07 merging slower meanwhile.")
    say(PE_CLEAN + dt.timedelta(seconds=70), "darren.cole", "PE-MA07-3 cleaned, reserve 92%. WO closed.")
    say(DEPLOY_2141 + dt.timedelta(seconds=110), "tom.hargreaves", "2.14.1 live. Usual host decision timeouts on FlowView during the restart.")
    say(utc("2026-05-23 09:08:00"), "katarzyna.wrobel", "Monday's plan loaded: BH, 212 routes.")
    say(utc("2026-05-23 09:06:00"), "gemma.price", "Robot R-143 down in the ambient grid (lift motor), service mission on the way. A05-A08 a bit slow.")
    say(alert - dt.timedelta(seconds=40), "gemma.price", f"LOOP1 FULL on FlowView since {bst(onset)}, ambient ports pausing one after another, {stats_paused(stats, alert)} paused now. The loop is packed and nothing comes off at the divert.")
    say(alert, "pagerduty", "Triggered: HTF1 ports paused > 5 (cfc-flow HTF1), assigned to tom.hargreaves")
    say(look, "tom.hargreaves", "Looking. tote-router is full of 'station outfeed blocked, tote cannot merge onto the loop': that's the ROUTE-327 warning from this morning, it only says the loop is full. Runbook says full loop = full lanes or a merge photo-eye. @raj.mistry how are the lanes? @darren.cole photo-eyes?")
    say(look + dt.timedelta(minutes=6), "darren.cole", "All 22 merge photo-eyes fine, A07 included (91%). Loop is running at speed, no jams. It's just full and nothing leaves at SC-D1.")
    say(utc("2026-05-23 10:03:00"), "raj.mistry", f"Lanes are the opposite of full: {lane_text(utc('2026-05-23 10:00:00'))}. Vans on D04-D07 waiting for totes that aren't coming down.")
    say(utc("2026-05-23 10:09:00"), "tom.hargreaves", "Things that changed today: 2.14.1 at 09:55 (ROUTE-325 sends no-read totes round again, and the outfeed warning), the A07 photo-eye. Runbook says roll back after a release. Rolling back to 2.14.0.")
    say(utc("2026-05-23 10:10:30"), "helen.brooks", "How long? The 11:30-12:30 slots are at risk already, customer services want to know whether to send delay texts.")
    say(ROLLBACK + dt.timedelta(seconds=95), "tom.hargreaves", "2.14.0 back on. The outfeed warnings are gone from the log (2.14.0 doesn't have them) but FlowView still says LOOP1 FULL and the ports stay paused.")
    say(MANUAL_PULL - dt.timedelta(seconds=50), "gemma.price", "Taking totes off at HP-2 by hand to get the ports going, they'll go to the lanes on cages.")
    say(MANUAL_PULL + dt.timedelta(minutes=5), "gemma.price", f"Pulled {stats['pulled']}. Ports went for a couple of minutes and paused again, loop full again.")
    say(utc("2026-05-23 10:33:40"), "tom.hargreaves", f"tote-router's loop occupancy line says occupied={occ_d} held={held_d}. Nearly all of the loop is totes held for incomplete orders ('tote held on the loop until its order is complete'). Their orders' other totes are chilled ones still queued at the C-ports, and the A-ports can't put anything on the loop because it's full of the held ones. Nothing can ever complete.")
    say(utc("2026-05-23 10:36:10"), "priya.natarajan", "That's MARSH-212, mine, in 2.14.0 since last night, so the rollback couldn't help. The emulator ran Tuesday's waves and never held more than 46. Today the chilled ports are half an hour behind the ambient ones. Turning hold_incomplete_orders off in production: MARSH-219, 2.14.2 = main + that.")
    say(utc("2026-05-23 10:44:20"), "tom.hargreaves", "v2.14.2 tagged, deploying.")
    say(DEPLOY_2142 + dt.timedelta(minutes=4, seconds=30), "tom.hargreaves", "2.14.2 live, held totes leaving for their lanes at their next lap. Loop at " + str(held_at[(DEPLOY_2142 + dt.timedelta(minutes=4)).replace(second=0)][0]) + " and falling.")
    say(utc("2026-05-23 10:56:00"), "gemma.price", "All ports picking again. The 24 pulled totes are going to their lanes on cages.")
    say(utc("2026-05-23 11:12:00"), "raj.mistry", "Lanes filling. Vans leaving 15-25 min late, a few short, the rest follows on the sweeper van at 12:10.")
    say(utc("2026-05-23 11:20:00"), "helen.brooks", "CS sending delay texts for the 11:30-13:00 slots. Incident INC-HTF1-0523 for the review on Tuesday please.")
    say(utc("2026-05-23 12:07:00"), "sam.fielding", "Runbook updated: check `held` in tote-router's loop occupancy line before calling dispatch.")

    # ---- CMMS work orders
    def wo(t, number, status, asset, summary, notes, created=None, assignee="Darren Cole", prio="P3"):
        cmms.add(t, json.dumps({"wo": number, "created": ms3(created or t), "updated": ms3(t), "status": status, "priority": prio,
                                "asset": asset, "assigned_to": assignee, "summary": summary, "notes": notes}, ensure_ascii=False))

    wo(utc("2026-05-23 07:44:40"), "WO-2605-0412", "Open", "MTR-Z3-14", "Zone 3 motor overtemperature warning", "FlowView 7120, 71 C.", prio="P3")
    wo(utc("2026-05-23 08:03:10"), "WO-2605-0412", "Closed", "MTR-Z3-14", "Zone 3 motor overtemperature warning", "Mezzanine 28 C today; cleaned the fan grille, 58 C.", created=utc("2026-05-23 07:44:40"))
    wo(PE_DIRTY + dt.timedelta(seconds=20), "WO-2605-0418", "Open", "PE-MA07-3", "Merge A07 photo-eye low signal reserve", "FlowView 3117, 18%.", prio="P2")
    wo(PE_CLEAN + dt.timedelta(seconds=45), "WO-2605-0418", "Closed", "PE-MA07-3", "Merge A07 photo-eye low signal reserve", "Lens cleaned (cling film residue), reserve 92%.", created=PE_DIRTY + dt.timedelta(seconds=20), prio="P2")
    wo(utc("2026-05-23 09:05:40"), "WO-2605-0421", "Open", "GRID-AMB R-143", "Robot R-143 lift motor overcurrent", "Service mission SM-0523-03.", assignee="Cubiq remote support", prio="P2")
    wo(utc("2026-05-23 09:21:00"), "WO-2605-0421", "Closed", "GRID-AMB R-143", "Robot R-143 lift motor overcurrent", "Towed to SA-1, lift motor to be replaced Tuesday. Fleet 179/180.", created=utc("2026-05-23 09:05:40"), assignee="Cubiq remote support", prio="P2")
    wo(alert + dt.timedelta(seconds=50), "WO-2605-0425", "Open", "LOOP1", "Loop 1 full, ports pausing", "Raised by shift lead: LOOP1 FULL, ambient ports paused.", prio="P1")
    wo(look + dt.timedelta(minutes=7), "WO-2605-0425", "In progress", "LOOP1", "Loop 1 full, ports pausing", "All merge photo-eyes checked (88-94%), loop at speed, no jam, diverts working. Not a conveyor fault: nothing is sent off at SC-D1.", created=alert + dt.timedelta(seconds=50), prio="P1")
    wo(utc("2026-05-23 11:02:00"), "WO-2605-0425", "Closed", "LOOP1", "Loop 1 full, ports pausing", "Cause: WCS held totes on the loop for incomplete orders (cfc-flow MARSH-212), turned off 11:49. No conveyor fault.", created=alert + dt.timedelta(seconds=50), prio="P1")


def stats_paused(stats, at):
    paused = 0
    for t, _, _, p in stats["series"]:
        if t <= at:
            paused = p
    return paused


def build(out_dir):
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(shas)
        onset = stats["first_full"].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        assert utc("2026-05-23 09:10:00") <= onset <= utc("2026-05-23 09:45:00"), onset
        assert DEPLOY_2141 < onset, "the deadlock must come after the hotfix"
        assert stats["max_held_before"] < 135, stats["max_held_before"]
        assert stats["first_paused6"] < ROLLBACK, stats["first_paused6"]
        assert stats["last_paused"] < DEPLOY_2142 + dt.timedelta(minutes=3), stats["last_paused"]
        series = stats["series"]

        def pick(idx):
            def fn(t):
                best = None
                for s in series:
                    if s[0] <= t:
                        best = s
                    else:
                        break
                return best[idx] if best else None
            return fn

        metrics = {
            "cfc_loop_totes.json": query_range([({"__name__": "cfc_loop_totes", "site": "HTF1", "loop": "1", "state": "occupied"}, pick(1)),
                                                ({"__name__": "cfc_loop_totes", "site": "HTF1", "loop": "1", "state": "held"}, pick(2))],
                                               START, END, 60),
            "gridos_ports_paused.json": query_range([({"__name__": "gridos_ports_paused", "site": "HTF1"}, pick(3))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r82-loop-hold-incomplete-orders", service=SERVICE, onset=onset,
            description=f"""
Pantryline's Hatfield CFC (HTF1), an online grocer's automated warehouse,
stops shipping on the Saturday of the late May bank holiday weekend: from
{onset.strftime('%H:%M:%S')} UTC FlowView reports LOOP1 FULL, the tote recirculation
loop that every pick port's outfeed merges onto; the outfeeds cannot
merge, the ambient ports pause one after another, nothing leaves the loop
for the marshalling lanes and vans wait at the docks. cfc-flow 2.14.1 had
been deployed at 08:55; the rollback to 2.14.0 at 10:18 did not help;
2.14.2 went out at 10:49 and the loop drained within minutes.
""",
            logs=list(logs),
            line_formats={
                "flowview-journal.log": r'<Date> <Time> \| <Class>\s*\| <Area>\s*\| <Device>\s*\| <Code> \| <Content>',
                "gridos.log": r'<Timestamp> <Grid> <Component>\s+<Severity>\s+<Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'held on the loop until its order is complete', r'held on the loop for over .* order still incomplete'],
            fix_files=["internal/router/route.go", "config/production.yaml"],
            explanation=f"""
The culprit is MARSH-212 "marshalling: hold an order's totes on the loop
until the order is complete" ({shas['culprit'][:7]}, Friday 22 May 10:24 UTC, {hours:.1f} h
before the onset), shipped in 2.14.0 and deployed in Saturday's nightly
window at 02:10. tote-router sends a picked tote round the recirculation
loop while any grid tote of its order is not yet picked. On the bank
holiday Saturday the six chilled ports fall behind the sixteen ambient
ports (hot weather, more chilled totes per order), so more and more
ambient totes go round waiting for their orders' chilled totes ("tote
held on the loop until its order is complete", then "held on the loop
for over 10 minutes"); tote-router's loop occupancy line shows held
climbing from about 20 to {stats['max_held_before']} before 09:30. At {onset.strftime('%H:%M:%S')} the loop
(140 positions) is full of held totes, no outfeed can merge, the ports
pause, the chilled totes that would complete the held orders are never
picked: a deadlock, while the marshalling lanes run empty. The fix
(MARSH-219, 2.14.2) turns hold_incomplete_orders off in
config/production.yaml; a cap on held totes in route.go is to follow.
Decoys: hotfix 2.14.1, deployed {round((onset - DEPLOY_2141).total_seconds() / 60)} minutes before the onset (WAVE-514, the
transport plan's bank holiday day code; ROUTE-325, which sends a no-read
tote round the loop once more, in the culprit's file; ROUTE-327, which
adds the very "station outfeed blocked, tote cannot merge onto the loop"
warning that fills the log; Dependabot's gopcua 0.6.0, the PLC client);
the rollback to 2.14.0, which holds the culprit, without effect (the
warning stops, the loop stays full); Friday's runbook commit that reads a
full loop as full marshalling lanes or a dirty merge photo-eye and says to
roll back after a release; the photo-eye PE-MA07-3 on merge A07 cleaned
at 08:47; robot R-143's lift motor fault at 09:05; a zone 3 motor
overtemperature warning; a planner warning about Monday's routes; the
operators' manual removal of {stats['pulled']} totes, which helps for a few minutes.
""",
        )
    finally:
        repo.close()
