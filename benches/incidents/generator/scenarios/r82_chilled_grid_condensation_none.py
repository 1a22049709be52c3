"""cfc-flow (Go 1.22, log/slog; Nomad on the site's servers, GitLab CI) is
the warehouse control software of Pantryline's Hatfield CFC (HTF1), the
same online grocer's automated warehouse as r82-loop-hold-incomplete-orders
eight weeks later. grid-bridge asks the two Cubiq GridOS controllers for
bins at the pick ports: 180 robots on the ambient grid, 40 on the chilled
grid, which stands in an insulated enclosure at 3 C with two desiccant
dehumidifiers (DH-1, DH-2) that keep its air dry (dew point below -5 C),
so nothing condenses on the aluminium rails the robots drive on. A rapid
roll door, D-CH2, joins the chilled enclosure to the ambient decant hall.

Saturday 18 July 2026, the hottest and most humid day of the summer
(outside 29 C, dew point 18-19 C). At 07:48 UTC a reach truck clips D-CH2;
its curtain comes out of the guides, the door controller reports fault
E07 and holds the door open. The decant lead raises a P3 work order
("stuck open, after breakfast"). Warm humid air flows into the chilled
enclosure; the dehumidifiers cannot keep up: the enclosure's relative
humidity climbs from 45 % to over 90 %, its air from 3 C to 7 C, its dew
point from -8 C past the rails' 3.3 C at 08:49 (the BMS raises
"condensation risk"; the rails, cooled by the bins, stay cold), and water
condenses on the grid's top rails. From 08:55 the chilled robots' wheels
slip; from 09:04 robots stop with position errors (a robot that slips
loses its place on the grid) and block the cells around them, faster than
the grid technicians and the service vehicle can recover them. The chilled
grid's robots in service fall from 37 to 14, bins reach the six
chilled pick ports ever later, chilled totes queue, waves are postponed,
vans leave late. The ambient grid is fine.

Next to it: cfc-flow 2.22.0, deployed at 08:34 in the weekend window
because Friday night's was taken by the conveyor vendor's PLC update
(GRID-251, chilled bin requests time out after 45 s instead of 90 and are
re-requested once, in the very grid client; GRID-254, which adds the very
"bin request not served within timeout" warning that fills the log;
WAVE-540, chilled totes picked last in a wave; an x/net bump), a runbook
commit (Thursday) that reads chilled ports starved of bins as a stale
grid-bridge session after a release and says to restart grid-bridge and
roll back, and a chilled robot's battery fault in the early morning. Sam,
on call, restarts grid-bridge (09:41) and rolls back to 2.21.3 (09:52)
without effect (the warning becomes 2.21.3's "bin request failed ...
context deadline exceeded"). Cubiq's remote support sees wheel slip and
position errors on chilled robots only and asks whether the grid is wet,
and applies its WET parameter set (half the acceleration) at 10:05; the
facilities engineer finds the BMS's condensation alarm and the door open
since 07:48; D-CH2's curtain is put back at 10:24, the dehumidifiers run
at boost, the dew point falls below the rails at 11:21, the stopped
robots are recovered and their wheels wiped by 11:53, the WET set is
taken off at 12:00 and 2.22.0 is deployed again at 12:06. Nothing in
cfc-flow is changed.

Sources: grid-bridge (slog text), wave-planner (slog JSON), GridOS (line
format), the BMS's 5-minute trend export (line format) and its alarm
journal (syslog RFC 3164), Cubiq support case updates (JSON lines),
Yardline dispatch events (JSON lines), GitLab deploy jobs, #htf1-ops
(Slack export), CMMS work orders (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164

SERVICE = "cfc-flow"
START, END = utc("2026-07-18 06:30:00"), utc("2026-07-18 13:00:00")
DOOR_HIT = utc("2026-07-18 07:48:20")       # reach truck clips D-CH2, curtain out of the guides
DOOR_WO = utc("2026-07-18 07:52:10")
DEPLOY_2220 = utc("2026-07-18 08:34:30")
BRIDGE_RESTART = utc("2026-07-18 09:41:10")
ROLLBACK = utc("2026-07-18 09:52:40")       # to 2.21.3
WET_ON = utc("2026-07-18 10:05:20")         # Cubiq's WET parameter set
DOOR_FIXED = utc("2026-07-18 10:24:30")
DH_BOOST = utc("2026-07-18 10:27:00")
WET_OFF = utc("2026-07-18 12:00:40")
REDEPLOY = utc("2026-07-18 12:06:10")       # 2.22.0 again
RESTART_S = 12
WET_GROWTH, WET_CAP, SLIP_K, STOP_K = 0.06, 1.3, 3.0, 0.3

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/pantryline/cfc-flow

go 1.22

require (
	github.com/gopcua/opcua v0.6.0
	github.com/jackc/pgx/v5 v5.6.0
	github.com/prometheus/client_golang v1.19.1
	golang.org/x/net v0.26.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

GRID_CLIENT_GO = """package grid

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Client asks a GridOS controller for bins at a port. GridOS answers 202
// at once and reports the bin's arrival at the port as an event; a request
// that is not served within the timeout is cancelled.
type Client struct {
	grid    string
	base    string
	http    *http.Client
	events  *Arrivals
	timeout time.Duration
	log     *slog.Logger
}

func (c *Client) RequestBin(ctx context.Context, port, bin string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.post(ctx, port, bin); err != nil {
		return err
	}
	if err := c.events.Wait(ctx, port, bin); err != nil {
		c.log.Warn("bin request failed", "grid", c.grid, "port", port, "bin", bin, "err", err)
		return err
	}
	return nil
}

func (c *Client) post(ctx context.Context, port, bin string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v3/ports/%s/bins/%s", c.base, port, bin), nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusConflict && !retried(ctx) {
		c.log.Info("port busy, retrying once", "grid", c.grid, "port", port)
		return c.post(withRetry(ctx), port, bin)
	}
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("gridos: port %s bin %s: %s", port, bin, resp.Status)
	}
	return nil
}

var ErrNotServed = errors.New("bin request not served")
"""

STATS_GO = """package grid

import (
	"log/slog"
	"time"
)

// LogStats writes each grid's bin requests of the last minute.
func (s *Stats) LogStats(log *slog.Logger, stop <-chan struct{}) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			for _, g := range s.grids() {
				served, failed, p50, p95 := s.take(g)
				log.Info("bin requests", "grid", g, "served", served, "failed", failed, "p50_ms", p50, "p95_ms", p95)
			}
		}
	}
}
"""

PROD_YAML = """# cfc-flow, HTF1 production
router:
  plc_endpoint: opc.tcp://plc-loop1.htf1.pantryline.internal:4840
  decision_timeout: 120ms
  loop_capacity: 140
  hospital_lane: H1
  marshalling:
    hold_incomplete_orders: false  # MARSH-219: filled the loop on 23 May
    max_held: 40
    hold_warn_after: 10m

waves:
  interval: 15m
  lead_time: 75m
  max_orders: 64
  max_queued_totes: 420
  transport_plan: https://yardline.transport.pantryline.internal/api/v1/plans
  bank_holidays: ["2026-08-31", "2026-12-25", "2026-12-28"]

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
		w.Assign(o, p.ports.LeastLoaded(ZoneAmbient), p.ports.LeastLoaded(ZoneChilled))
	}
	p.log.Info("wave released", "wave", w.ID, "orders", len(batch), "ambient_totes", w.AmbientTotes(), "chilled_totes", w.ChilledTotes())
	return p.orders.Save(ctx, w)
}
"""

RUNBOOK = """# HTF1 cfc-flow runbook

On call: CFC Systems, #htf1-ops. Shift leads call the on-call through
PagerDuty (service "cfc-flow HTF1").

## Waves not released

wave-planner postpones a wave while more than max_queued_totes totes are
queued at the ports ("wave release postponed"); that is flow control, not
a fault.

## Loop full, ports paused

Check `held` in tote-router's "loop occupancy" line first (MARSH-212,
23 May). Otherwise the marshalling lanes are full (dispatch) or a merge
photo-eye is dirty (conveyor engineer).
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
    main_go = "package main\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"os\"\n\n\t\"github.com/pantryline/cfc-flow/internal/config\"\n\t\"github.com/pantryline/cfc-flow/internal/{pkg}\"\n\t\"github.com/pantryline/cfc-flow/internal/version\"\n)\n\nfunc main() {{\n\tlog := slog.New(slog.{handler}(os.Stdout, nil))\n\tcfg := config.MustLoad(os.Getenv(\"CFC_FLOW_CONFIG\"))\n\tlog.Info(\"{name} starting\", \"version\", version.Version, \"commit\", version.Commit)\n\tif err := {pkg}.Run(context.Background(), cfg, log); err != nil {{\n\t\tlog.Error(\"{name} stopped\", \"err\", err)\n\t\tos.Exit(1)\n\t}}\n}}\n"
    files = {
        "go.mod": GO_MOD,
        "cmd/tote-router/main.go": main_go.format(pkg="plc", handler="NewTextHandler", name="tote-router"),
        "cmd/wave-planner/main.go": main_go.format(pkg="waves", handler="NewJSONHandler", name="wave-planner"),
        "cmd/grid-bridge/main.go": main_go.format(pkg="grid", handler="NewTextHandler", name="grid-bridge"),
        "internal/grid/client.go": GRID_CLIENT_GO,
        "internal/grid/stats.go": STATS_GO,
        "internal/waves/planner.go": PLANNER_GO,
        "internal/router/route.go": "package router\n\n// Decide answers the PLC for every tote read at the divert scanner SC-D1\n// (see docs/marshalling.md).\n",
        "internal/version/version.go": "package version\n\n// Set by -ldflags at build time.\nvar (\n\tVersion = \"2.21.3\"\n\tCommit  = \"dev\"\n)\n",
        "config/production.yaml": PROD_YAML,
        "deploy/nomad/grid-bridge.nomad.hcl": "job \"grid-bridge\" {\n  datacenters = [\"htf1\"]\n  type        = \"service\"\n\n  group \"bridge\" {\n    count = 2\n\n    task \"grid-bridge\" {\n      driver = \"docker\"\n      config {\n        image = \"registry.pantryline.internal/cfc-flow/grid-bridge:${CFC_FLOW_VERSION}\"\n      }\n      env {\n        CFC_FLOW_CONFIG = \"/etc/cfc-flow/production.yaml\"\n      }\n    }\n  }\n}\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  image: golang:1.22\n  script:\n    - go vet ./...\n    - go test ./...\n\ndeploy-production:\n  stage: deploy\n  image: hashicorp/nomad:1.7\n  environment: production\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: manual\n  script:\n    - export CFC_FLOW_VERSION=$CI_COMMIT_TAG\n    - for job in tote-router wave-planner grid-bridge; do nomad job run -var version=$CI_COMMIT_TAG deploy/nomad/$job.nomad.hcl; done\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# cfc-flow\n\nWarehouse control for Pantryline's Hatfield CFC (HTF1).\n\n- `cmd/wave-planner`: releases waves of orders to the pick ports.\n- `cmd/grid-bridge`: bin requests to the GridOS controllers (ambient and chilled grids).\n- `cmd/tote-router`: answers the conveyor PLC at the loop's divert scanner.\n\nReleases are tags `vX.Y.Z`; the GitLab pipeline deploys them to the site's\nNomad cluster (a manual job). Windows: nightly 02:00-03:30 local, weekends\nalso 09:30-10:00 local.\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.21.3\n\n- MARSH-224 held totes capped at max_held\n- GRID-246 GridOS event stream reconnects with backoff\n",
    }
    repo.commit(utc("2026-07-13 08:40:00"), tom, "cfc-flow 2.21.3", files)
    repo.schedule([
        (utc("2026-07-13 14:02:30"), sam, "docs: GridOS parameter sets (STANDARD, WET, SLOW) as Cubiq described them",
         lambda r: {"docs/gridos.md": "# GridOS notes\n\nCubiq's remote support can switch a grid's robots between parameter sets:\nSTANDARD, WET (half acceleration and deceleration) and SLOW (commissioning).\nOnly Cubiq changes them; we see it as a `config` event in GridOS's log.\n"}),
        (utc("2026-07-14 09:12:00"), ade, "golangci: enable nilerr",
         lambda r: {".golangci.yml": "linters:\n  enable:\n    - errorlint\n    - gocritic\n    - revive\n    - nilerr\nrun:\n  timeout: 3m\n"}),
        (utc("2026-07-17 13:10:00"), sam, "docs: port numbering after the C05/C06 refit",
         lambda r: {"docs/ports.md": "# Ports\n\nAmbient A01-A16 (grid GRID-AMB), chilled C01-C06 (GRID-CHL). C05 and C06\nwere refitted in June (new tote lifts); nothing changed for the software.\n"}),
        (utc("2026-07-17 16:31:00"), kasia, "ci: cache Go modules between jobs",
         lambda r: {".gitlab-ci.yml": r.files[".gitlab-ci.yml"].replace("test:\n  stage: test\n  image: golang:1.22\n", "test:\n  stage: test\n  image: golang:1.22\n  cache:\n    key: go-mod\n    paths: [.go/pkg/mod]\n  variables:\n    GOMODCACHE: $CI_PROJECT_DIR/.go/pkg/mod\n")}),
        (utc("2026-07-18 07:21:00"), ade, "CODEOWNERS: grid-bridge reviews by the grid pair",
         lambda r: {"CODEOWNERS": "* @pantryline/cfc-systems\n/internal/waves/ @katarzyna.wrobel\n/internal/grid/ @ade.okonkwo @sam.fielding\n"}),
    ])
    repo.commit(utc("2026-07-15 10:45:00"), ade, "grid: log GridOS request ids on errors (GRID-249)", {
        "internal/grid/client.go": sub(repo.files["internal/grid/client.go"],
                                       "\t\treturn fmt.Errorf(\"gridos: port %s bin %s: %s\", port, bin, resp.Status)\n",
                                       "\t\treturn fmt.Errorf(\"gridos: port %s bin %s: %s (request %s)\", port, bin, resp.Status, resp.Header.Get(\"X-Request-Id\"))\n"),
    })
    repo.commit(utc("2026-07-16 10:10:00"), ade, "grid: chilled bin requests time out after 45 s and are asked again once (GRID-251)\n\nA chilled bin that GridOS has lost track of (a dig that failed) held its\nport for the full 90 s. Chilled requests now give up after 45 s and are\nrequested once more before the task goes back to the planner.", {
        "internal/grid/client.go": sub(repo.files["internal/grid/client.go"],
                                       "\tif err := c.events.Wait(ctx, port, bin); err != nil {\n\t\tc.log.Warn(\"bin request failed\", \"grid\", c.grid, \"port\", port, \"bin\", bin, \"err\", err)\n\t\treturn err\n\t}\n\treturn nil\n}\n",
                                       "\tif err := c.events.Wait(ctx, port, bin); err != nil {\n\t\tif c.retryNotServed && !retried(ctx) {\n\t\t\treturn c.RequestBin(withRetry(context.WithoutCancel(ctx)), port, bin)\n\t\t}\n\t\tc.log.Warn(\"bin request failed\", \"grid\", c.grid, \"port\", port, \"bin\", bin, \"err\", err)\n\t\treturn err\n\t}\n\treturn nil\n}\n"),
        "config/production.yaml": sub(repo.files["config/production.yaml"],
                                      "  request_timeout: 90s\n",
                                      "  request_timeout: 90s\n  chilled_request_timeout: 45s   # GRID-251\n  retry_not_served: true\n"),
    })
    repo.commit(utc("2026-07-16 14:20:00"), sam, "runbook: chilled ports starved of bins", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Chilled ports starved of bins\n\nUsually grid-bridge's session to GRID-CHL went stale after a restart or a\nrelease: GridOS accepts the requests (202) but the arrival events do not\nreach us, so every request times out.\n\n1. Restart grid-bridge (`nomad alloc restart` on both allocations).\n2. If it started after a cfc-flow release, roll back (GitLab > cfc-flow >\n   Deployments > production > the previous tag > Re-deploy).\n3. Robot faults are Cubiq's (remote support +44 20 3890 1180, portal case).\n",
    })
    repo.commit(utc("2026-07-16 16:05:00"), kasia, "waves: chilled totes picked last in a wave (WAVE-540)\n\nChilled totes waited on the lanes for up to 50 minutes in the heat; picked\nlast they wait about 20.", {
        "internal/waves/planner.go": sub(repo.files["internal/waves/planner.go"],
                                         "\tw := NewWave(now, batch)\n",
                                         "\tw := NewWave(now, batch)\n\tw.ChilledLast = true // WAVE-540: chilled tasks after a wave's ambient ones\n"),
    })
    repo.commit(utc("2026-07-17 05:12:00"), bot, "Bump golang.org/x/net from 0.26.0 to 0.27.0\n\nBumps [golang.org/x/net](https://github.com/golang/net) from 0.26.0 to 0.27.0.", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.26.0", "golang.org/x/net v0.27.0"),
    })
    repo.commit(utc("2026-07-17 11:30:00"), priya, "grid: warn when a bin request is not served within the timeout (GRID-254)\n\nThe shift asks why a port waits; the request id and how long we waited\nare now in the warning.", {
        "internal/grid/client.go": sub(repo.files["internal/grid/client.go"],
                                       "\t\tif c.retryNotServed && !retried(ctx) {\n\t\t\treturn c.RequestBin(",
                                       "\t\tif c.retryNotServed && !retried(ctx) {\n\t\t\tc.log.Warn(\"bin request not served within timeout, requesting again\", \"grid\", c.grid, \"port\", port, \"bin\", bin, \"waited_s\", c.timeout.Seconds())\n\t\t\treturn c.RequestBin("),
    })
    rel2220 = repo.commit(utc("2026-07-17 15:40:00"), tom, "release 2.22.0", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.21.3"', '"2.22.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.22.0\n\n- GRID-251 chilled bin requests: 45 s timeout, asked again once\n- GRID-254 warning for a bin request not served within the timeout\n- GRID-249 GridOS request ids in errors\n- WAVE-540 chilled totes picked last in a wave\n- golang.org/x/net 0.27.0\n"),
    })
    repo.commit(utc("2026-07-18 12:31:00"), sam, "runbook: chilled robots slipping, check the chilled enclosure's dew point", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "3. Robot faults are Cubiq's",
                               "3. If GridOS shows chilled robots stopping with wheel slip or position\n   errors, look at the BMS: a dew point in the chilled enclosure above\n   the rail temperature wets the rails (18 July: D-CH2 held open).\n   Nothing in cfc-flow helps; facilities and Cubiq (WET set) do.\n4. Robot faults are Cubiq's"),
    })
    rel2213 = repo.shas[0]
    return repo, {"rel2213": rel2213, "rel2220": rel2220}


# ---------------------------------------------------------------------------
# the building and the grids (minute by minute)

def lerp(points, t):
    """points: [(utc text, value)]; linear between them, flat outside."""
    pts = [(utc(a), v) for a, v in points]
    if t <= pts[0][0]:
        return pts[0][1]
    for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0).total_seconds() / (t1 - t0).total_seconds()
    return pts[-1][1]


DP_CH = [("2026-07-18 06:00:00", -7.9), ("2026-07-18 07:48:00", -7.8), ("2026-07-18 08:10:00", -3.6), ("2026-07-18 08:30:00", 0.3),
         ("2026-07-18 08:50:00", 3.5), ("2026-07-18 09:15:00", 4.9), ("2026-07-18 09:45:00", 5.9), ("2026-07-18 10:20:00", 6.4),
         ("2026-07-18 10:30:00", 6.2), ("2026-07-18 10:50:00", 4.9), ("2026-07-18 11:10:00", 3.9), ("2026-07-18 11:25:00", 3.2),
         ("2026-07-18 12:00:00", 0.1), ("2026-07-18 13:00:00", -5.6)]
AIR_CH = [("2026-07-18 06:00:00", 3.0), ("2026-07-18 07:48:00", 3.0), ("2026-07-18 08:30:00", 4.6), ("2026-07-18 09:30:00", 6.6),
          ("2026-07-18 10:20:00", 7.3), ("2026-07-18 10:40:00", 5.8), ("2026-07-18 11:10:00", 4.2), ("2026-07-18 11:40:00", 3.4),
          ("2026-07-18 13:00:00", 3.0)]
RAIL = [("2026-07-18 06:00:00", 3.1), ("2026-07-18 07:48:00", 3.1), ("2026-07-18 09:00:00", 3.3), ("2026-07-18 10:20:00", 3.6),
        ("2026-07-18 11:20:00", 3.3), ("2026-07-18 13:00:00", 3.1)]
OAT = [("2026-07-18 06:00:00", 20.8), ("2026-07-18 09:00:00", 25.9), ("2026-07-18 12:00:00", 28.6), ("2026-07-18 13:00:00", 29.2)]
OA_DP = [("2026-07-18 06:00:00", 17.2), ("2026-07-18 10:00:00", 18.4), ("2026-07-18 13:00:00", 18.9)]
HALL = [("2026-07-18 06:00:00", 23.6), ("2026-07-18 10:00:00", 26.4), ("2026-07-18 13:00:00", 27.8)]
HALL_DP = [("2026-07-18 06:00:00", 16.4), ("2026-07-18 10:00:00", 17.6), ("2026-07-18 13:00:00", 18.1)]
DH_OUT = [("2026-07-18 06:00:00", -12.5), ("2026-07-18 07:48:00", -12.4), ("2026-07-18 08:40:00", -4.6), ("2026-07-18 09:30:00", -1.2),
          ("2026-07-18 10:27:00", -0.6), ("2026-07-18 10:45:00", -6.8), ("2026-07-18 11:30:00", -10.9), ("2026-07-18 13:00:00", -12.2)]


def rh(temp, dew):
    a, b = 17.62, 243.12
    return 100 * math.exp(a * dew / (b + dew) - a * temp / (b + temp))


def bridge_version(t):
    if t >= REDEPLOY:
        return "2.22.0"
    if t >= ROLLBACK:
        return "2.21.3"
    if t >= DEPLOY_2220:
        return "2.22.0"
    return "2.21.3"


def bridge_down(t):
    return any(at - dt.timedelta(seconds=2) <= t < at + dt.timedelta(seconds=RESTART_S) for at in (DEPLOY_2220, BRIDGE_RESTART, ROLLBACK, REDEPLOY))


def ms3(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def slog_value(v):
    text = str(v)
    if text == "" or any(c in text for c in ' "=\\') or not text.isprintable():
        return json.dumps(text)
    return text


def build_logs(shas):
    rng = random.Random(82200)
    sim = random.Random(82201)
    bridge, planner, gridos, trend, alarms, cubiq, yard, gitlab, slack, cmms = (
        Log("grid-bridge.log"), Log("wave-planner.log"), Log("gridos.log"), Log("bms-trend-export.log"), Log("bms-alarms.log"),
        Log("cubiq-support-case.log"), Log("yardline-dispatch.log"), Log("gitlab-deploy-cfc-flow.log"), Log("slack-htf1-ops.log"),
        Log("cmms-workorders.log"))
    ver_sha = {"2.21.3": shas["rel2213"], "2.22.0": shas["rel2220"]}
    stats = {"first_slip": None, "first_stop": None, "stops": [], "min_active": 99, "series": [], "timeouts": 0, "failed": 0,
             "stops_before_wet": 0, "max_chl_queue": 0, "postponed": 0, "delays": []}

    def blog(t, level, msg, jitter=True, **kv):
        if START <= t < END:
            if jitter:
                t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            parts = [f"time={ms3(t)}", f"level={level}", f"msg={slog_value(msg)}"] + [f"{k}={slog_value(v)}" for k, v in kv.items()]
            bridge.add(t, " ".join(parts))

    def plog(t, level, msg, **kv):
        if START <= t < END:
            t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(100, 999)}Z", "level": level, "msg": msg}
            body.update(kv)
            planner.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def glog(t, grid, comp, sev, text, jitter=True):
        if START <= t < END:
            if jitter:
                t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            gridos.add(t, f"{ms3(t)} {grid} {comp:<12} {sev:<5} {text}")

    def alarm(t, text, pid=2211):
        if START <= t < END:
            alarms.add(t, syslog3164(t, "bms-htf1", "kelvix-alarmd", pid, text))

    def ylog(t, event, message, **kv):
        if START <= t < END:
            t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
            body = {"ts": ms3(t), "site": "HTF1", "event": event}
            body.update(kv)
            body["message"] = message
            yard.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    # ---- BMS: trends every 5 minutes, alarms on thresholds
    t = START
    alarm_state = {}

    def alarm_edge(t, key, on, text_on, text_off):
        if on and not alarm_state.get(key):
            alarm_state[key] = True
            stats.setdefault("alarm_on", {}).setdefault(key, t)
            alarm(t, f"ALARM ON  {text_on}")
        elif not on and alarm_state.get(key):
            alarm_state[key] = False
            stats.setdefault("alarm_off", {})[key] = t
            alarm(t, f"ALARM OFF {text_off}")

    while t < END:
        dpc, air, rail = lerp(DP_CH, t), lerp(AIR_CH, t), lerp(RAIL, t)
        if t.second == 0 and t.minute % 5 == 0:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S")
            door = "OPEN (FAULT E07)" if DOOR_HIT <= t < DOOR_FIXED else "CLOSED"
            rows = [("HTF1/EXT/OAT", f"{lerp(OAT, t) + sim.uniform(-0.2, 0.2):.1f}", "degC"),
                    ("HTF1/EXT/OA_DEWPT", f"{lerp(OA_DP, t) + sim.uniform(-0.2, 0.2):.1f}", "degC"),
                    ("HTF1/AMB/DECANT/TEMP", f"{lerp(HALL, t) + sim.uniform(-0.15, 0.15):.1f}", "degC"),
                    ("HTF1/AMB/DECANT/DEWPT", f"{lerp(HALL_DP, t) + sim.uniform(-0.15, 0.15):.1f}", "degC"),
                    ("HTF1/CHL/GRID/AIR_TEMP", f"{air + sim.uniform(-0.1, 0.1):.1f}", "degC"),
                    ("HTF1/CHL/GRID/RH", f"{min(99.0, rh(air, dpc)) + sim.uniform(-0.6, 0.6):.1f}", "%RH"),
                    ("HTF1/CHL/GRID/DEWPT", f"{dpc + sim.uniform(-0.1, 0.1):.1f}", "degC"),
                    ("HTF1/CHL/GRID/RAIL_SURF_TEMP", f"{rail + sim.uniform(-0.05, 0.05):.1f}", "degC"),
                    ("HTF1/CHL/DH-1/OUTLET_DEWPT", f"{lerp(DH_OUT, t) + sim.uniform(-0.3, 0.3):.1f}", "degC"),
                    ("HTF1/CHL/DH-2/OUTLET_DEWPT", f"{lerp(DH_OUT, t) + 0.8 + sim.uniform(-0.3, 0.3):.1f}", "degC"),
                    ("HTF1/CHL/DH-1/MODE", "BOOST" if t >= DH_BOOST and t < utc("2026-07-18 12:30:00") else "AUTO", ""),
                    ("HTF1/CHL/D-CH2/STATE", door, "")]
            for point, value, unit in rows:
                status = "ok"
                if point.endswith("GRID/DEWPT") and dpc > rail:
                    status = "alarm"
                elif point.endswith("GRID/RH") and rh(air, dpc) > 70:
                    status = "alarm"
                elif point.endswith("STATE") and door != "CLOSED":
                    status = "fault"
                if START <= t < END:
                    trend.add(t, f"{stamp};{point};{value};{unit};{status}")
        if t.second == 0:
            alarm_edge(t, "rh", rh(air, dpc) > 70, f"CHL-GRID RH high ({rh(air, dpc):.1f} %RH > 70.0)", f"CHL-GRID RH high ({rh(air, dpc):.1f} %RH)")
            alarm_edge(t, "dh1", lerp(DH_OUT, t) > -5, f"CHL-DH-1 process air outlet dew point high ({lerp(DH_OUT, t):.1f} C > -5.0 C)", f"CHL-DH-1 process air outlet dew point high ({lerp(DH_OUT, t):.1f} C)")
            alarm_edge(t, "cond", dpc > rail + 0.1, f"CHL-GRID condensation risk: dew point {dpc:.1f} C above rail surface {rail:.1f} C", f"CHL-GRID condensation risk: dew point {dpc:.1f} C, rail surface {rail:.1f} C")
            alarm_edge(t, "air", air >= 5.05, f"CHL-GRID air temperature high ({air:.1f} C > 5.0 C)", f"CHL-GRID air temperature high ({air:.1f} C)")
            alarm_edge(t, "hall", lerp(HALL, t) >= 27.1, f"AMB-DECANT temperature high ({lerp(HALL, t):.1f} C > 27.0 C)", f"AMB-DECANT temperature high ({lerp(HALL, t):.1f} C)")
        t += dt.timedelta(seconds=60)
    alarm(DOOR_HIT + dt.timedelta(seconds=2), "EVENT     CHL-D-CH2 door fault E07: curtain out of guides, door held open (breakaway)")
    alarm(DOOR_HIT + dt.timedelta(seconds=3), "ALARM ON  CHL-D-CH2 door open > 60 s suppressed while in fault")
    alarm(utc("2026-07-18 10:06:35"), "ACK       CHL-GRID condensation risk by mellis")
    alarm(DOOR_FIXED, "EVENT     CHL-D-CH2 fault E07 cleared, curtain in guides, door closed")
    alarm(DOOR_FIXED + dt.timedelta(seconds=1), "ALARM OFF CHL-D-CH2 door open")
    alarm(DH_BOOST, "EVENT     CHL-DH-1 mode AUTO -> BOOST by mellis")
    alarm(DH_BOOST + dt.timedelta(seconds=20), "EVENT     CHL-DH-2 mode AUTO -> BOOST by mellis")
    alarm(utc("2026-07-18 12:30:00"), "EVENT     CHL-DH-1 mode BOOST -> AUTO by schedule")
    alarm(utc("2026-07-18 12:30:20"), "EVENT     CHL-DH-2 mode BOOST -> AUTO by schedule")

    # ---- the chilled grid: wetness, slips, stops, recoveries; bins to the ports
    faulted = {}                # robot -> (since, cell, mission)
    recovering = []             # (done_at, robot, how)
    charging = {}
    robots = [f"R-{n}" for n in range(501, 541)]
    wet = 0.0
    backlog = 0.0
    chl_queue = 38.0            # chilled totes queued at the ports (planner's view)
    amb_queue = 96.0
    service_free_at = START
    techs_free_at = [START, START]
    mission_no = [3]
    bin_seq = [70000 + sim.randint(0, 900)]
    depart_delay = []
    t = START - dt.timedelta(minutes=30)
    battery_fault = (utc("2026-07-18 06:52:18"), utc("2026-07-18 07:38:40"))
    while t < END:
        dpc, rail = lerp(DP_CH, t), lerp(RAIL, t)
        if dpc > rail:
            wet = min(WET_CAP, wet + WET_GROWTH * (dpc - rail))
        else:
            wet = max(0.0, wet - 0.07)
        wet_set = WET_ON <= t < WET_OFF
        active = [r for r in robots if r not in faulted and r not in charging and not (r == "R-508" and battery_fault[0] <= t < battery_fault[1])]
        slip_rate = SLIP_K * wet * len(active) / 37 * (0.35 if wet_set else 1.0)
        stop_rate = STOP_K * wet * wet * len(active) / 37 * (0.2 if wet_set else 1.0)
        for _ in range(sum(1 for _ in range(20) if sim.random() < slip_rate / 20)):
            r = sim.choice(active)
            ts = t + dt.timedelta(seconds=sim.randint(0, 59))
            if stats["first_slip"] is None:
                stats["first_slip"] = ts
            glog(ts, "GRID-CHL", f"robot.{r}", "WARN", f"Robot {r} wheel slip on {sim.choice('XY')} axis during {sim.choice(['acceleration', 'acceleration', 'deceleration'])} at cell ({sim.randint(1, 38)},{sim.randint(1, 44)}), move repeated")
        for _ in range(sum(1 for _ in range(20) if sim.random() < stop_rate / 20)):
            cands = [r for r in active if r not in faulted]
            if not cands:
                break
            r = sim.choice(cands)
            ts = t + dt.timedelta(seconds=sim.randint(0, 59), milliseconds=sim.randint(0, 999))
            cell = (sim.randint(1, 38), sim.randint(1, 44))
            faulted[r] = (ts, cell)
            stats["stops"].append(ts)
            if ts < WET_ON:
                stats["stops_before_wet"] += 1
            if stats["first_stop"] is None or ts < stats["first_stop"]:
                stats["first_stop"] = ts
            glog(ts, "GRID-CHL", f"robot.{r}", "ERROR", f"Robot {r} stopped: position error at cell ({cell[0]},{cell[1]}), grid marker offset {sim.randint(18, 46)} mm (wheel slip suspected); {sim.choice([4, 6, 8])} cells around it blocked", jitter=False)
        # recoveries: one service vehicle, from 10:30 also two technicians on the grid
        for r, (since, cell) in sorted(faulted.items(), key=lambda kv: kv[1][0]):
            if any(x[1] == r for x in recovering) or since > t - dt.timedelta(minutes=3):
                continue
            if service_free_at <= t:
                mission_no[0] += 1
                dur = dt.timedelta(seconds=sim.randint(480, 780))
                service_free_at = t + dur
                glog(t + dt.timedelta(seconds=5), "GRID-CHL", "service", "INFO", f"Service mission SM-0718-{mission_no[0]:02d} dispatched to cell ({cell[0]},{cell[1]}) for {r}")
                recovering.append((t + dur, r, "service vehicle"))
                continue
            if t >= utc("2026-07-18 10:31:00"):
                for k in range(2):
                    if techs_free_at[k] <= t:
                        dur = dt.timedelta(seconds=sim.randint(360, 600))
                        techs_free_at[k] = t + dur
                        recovering.append((t + dur, r, "technician on the grid"))
                        break
        for item in [x for x in recovering if x[0] <= t]:
            recovering.remove(item)
            done, r, how = item
            faulted.pop(r, None)
            glog(done, "GRID-CHL", f"robot.{r}", "INFO", f"Robot {r} recovered ({how}), wheels wiped, back in service")
        # charging
        for r in list(charging):
            if charging[r] <= t:
                del charging[r]
                glog(t + dt.timedelta(seconds=sim.randint(0, 59)), "GRID-CHL", f"robot.{r}", "INFO", f"Robot {r} charged ({sim.randint(94, 99)}%), back in service")
        if sim.random() < 0.09:
            cands = [r for r in active if r not in charging]
            r = sim.choice(cands)
            charging[r] = t + dt.timedelta(seconds=sim.randint(1800, 2600))
            glog(t + dt.timedelta(seconds=sim.randint(0, 59)), "GRID-CHL", f"robot.{r}", "INFO", f"Robot {r} to charger CS-{sim.randint(1, 4):02d}, battery {sim.randint(24, 34)}%")
        n_active = len([r for r in robots if r not in faulted and r not in charging and not (r == "R-508" and battery_fault[0] <= t < battery_fault[1])])
        if t >= START:
            stats["min_active"] = min(stats["min_active"], n_active)
        capacity = n_active * 0.8 * (1 - 0.012 * len(faulted)) * (0.95 if wet_set else 1.0)
        demand = (27.6 if chl_queue > 40 else 25.2) if chl_queue > 6 else 25.2 * chl_queue / 6
        served = min(capacity, backlog + demand)
        backlog = min(30.0, max(0.0, backlog + demand - served))   # each port asks at most 5 bins ahead
        wait_s = 3.0 + 60 * backlog / max(capacity, 1)
        chl_queue = max(0.0, chl_queue + 3.35 - served / 7.0)
        amb_queue = max(20.0, amb_queue + sim.uniform(-8, 8) * 0.3 + (96 - amb_queue) * 0.1)
        stats["max_chl_queue"] = max(stats["max_chl_queue"], chl_queue)
        # grid-bridge: timeouts and the minute's stats
        ver = bridge_version(t)
        timeout = 45 if ver == "2.22.0" else 90
        p_to = math.exp(-timeout / wait_s) if wait_s > 5 else 0.0
        n_to = sum(1 for _ in range(int(served)) if sim.random() < p_to)
        failed = 0
        if t >= START and not bridge_down(t):
            for _ in range(n_to):
                ts = t + dt.timedelta(seconds=sim.randint(0, 59))
                if bridge_down(ts):
                    continue
                port = f"C{sim.randint(1, 6):02d}"
                bin_seq[0] += sim.randint(1, 90)
                b = f"B{bin_seq[0]}"
                stats["timeouts"] += 1
                if ver == "2.22.0":
                    blog(ts, "WARN", "bin request not served within timeout, requesting again", grid="chilled", port=port, bin=b, waited_s=45)
                    if sim.random() < p_to:
                        failed += 1
                        blog(ts + dt.timedelta(seconds=45), "WARN", "bin request failed", grid="chilled", port=port, bin=b, err="context deadline exceeded")
                else:
                    failed += 1
                    blog(ts, "WARN", "bin request failed", grid="chilled", port=port, bin=b, err="context deadline exceeded")
            stats["failed"] += failed
            p50 = int(1000 * min(wait_s * 0.7, timeout) + sim.randint(-150, 150))
            p95 = int(1000 * min(wait_s * 2.9, timeout * (2 if ver == "2.22.0" else 1)) + sim.randint(-300, 300))
            amb_served = int(sim.gauss(63, 4))
            blog(t + dt.timedelta(seconds=23), "INFO", "bin requests", jitter=False, grid="ambient", served=amb_served, failed=0, p50_ms=int(sim.gauss(2800, 200)), p95_ms=int(sim.gauss(5400, 400)))
            blog(t + dt.timedelta(seconds=23, milliseconds=2), "INFO", "bin requests", jitter=False, grid="chilled", served=int(served), failed=failed, p50_ms=max(900, p50), p95_ms=max(2400, p95))
        if t >= START:
            stats["series"].append((t, n_active, len(faulted), wait_s, chl_queue, lerp(DP_CH, t), served))
        # planner's view, once a minute
        if t >= START:
            plog(t + dt.timedelta(seconds=41), "INFO", "port queues", ambient_queued=int(amb_queue), chilled_queued=int(chl_queue), ambient_ports=16, chilled_ports=6, ports_paused=0)
        depart_delay.append((t, max(0, int((chl_queue - 60) / 3.35))))
        t += dt.timedelta(minutes=1)
    stats["depart_delay"] = depart_delay

    # ---- GridOS: port summaries, fleets, ambient robots, config events
    series = {s[0]: s for s in stats["series"]}
    t = START + dt.timedelta(minutes=4, seconds=52)
    while t < END:
        s = series[t.replace(second=0)]
        for k in range(1, 17):
            glog(t, "GRID-AMB", f"port.A{k:02d}", "INFO", f"Port summary 5 min: {rng.randint(17, 24)} bins presented, mean bin wait {rng.uniform(2.4, 4.4):.1f} s, utilisation {rng.randint(88, 98)}%")
        for k in range(1, 7):
            per_port = s[6] * 5 / 6
            glog(t, "GRID-CHL", f"port.C{k:02d}", "INFO", f"Port summary 5 min: {max(0, int(rng.gauss(per_port, 1.5)))} bins presented, mean bin wait {s[3] * rng.uniform(0.85, 1.15):.1f} s, utilisation {min(99, int(100 * min(1, s[6] / 25.2) * rng.uniform(0.93, 1.0)))}%")
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(seconds=37)
    while t < END:
        s = series[t.replace(second=0)]
        glog(t, "GRID-CHL", "fleet", "INFO", f"Fleet: {s[1]}/40 robots in service, {40 - s[1] - s[2]} charging or in service area, {s[2]} faulted")
        glog(t + dt.timedelta(seconds=3), "GRID-AMB", "fleet", "INFO", f"Fleet: {rng.randint(171, 176)}/180 robots in service, {rng.randint(4, 9)} charging, 0 faulted")
        t += dt.timedelta(minutes=10)
    tt = START
    while tt < END:
        tt += dt.timedelta(seconds=rng.expovariate(1.3 / 60))
        r = f"R-{rng.randint(1, 180):03d}"
        glog(tt, "GRID-AMB", f"robot.{r}", "INFO", f"Robot {r} to charger CS-{rng.randint(1, 14):02d}, battery {rng.randint(24, 34)}%")
        glog(tt + dt.timedelta(seconds=rng.randint(1900, 2700)), "GRID-AMB", f"robot.{r}", "INFO", f"Robot {r} charged ({rng.randint(94, 99)}%), back in service")
    glog(utc("2026-07-18 06:52:18"), "GRID-CHL", "robot.R-508", "ERROR", "Robot R-508 stopped: battery cell voltage imbalance (0.31 V), driving to service area SA-2")
    glog(utc("2026-07-18 07:38:40"), "GRID-CHL", "robot.R-508", "INFO", "Robot R-508 battery replaced, back in service")
    glog(WET_ON, "GRID-CHL", "config", "INFO", "Parameter set WET applied to 40 robots by remote session cubiq-rs-04: acceleration 1.2 -> 0.6 m/s2, deceleration 1.5 -> 0.8 m/s2", jitter=False)
    glog(WET_OFF, "GRID-CHL", "config", "INFO", "Parameter set STANDARD applied to 40 robots by remote session cubiq-rs-04: acceleration 0.6 -> 1.2 m/s2, deceleration 0.8 -> 1.5 m/s2", jitter=False)
    for at in (DEPLOY_2220, BRIDGE_RESTART, ROLLBACK, REDEPLOY):
        for inst, dt_s in (("htf1-nomad-01", 0), ("htf1-nomad-02", 3)):
            for grid in ("GRID-AMB", "GRID-CHL"):
                a = at + dt.timedelta(seconds=dt_s)
                glog(a - dt.timedelta(milliseconds=1500), grid, "api", "INFO", f"Host session grid-bridge/{inst} closed; {rng.randint(2, 9)} open requests cancelled", jitter=False)
                glog(a + dt.timedelta(seconds=RESTART_S - 3, milliseconds=700), grid, "api", "INFO", f"Host session grid-bridge/{inst} opened, event stream subscribed", jitter=False)

    # ---- grid-bridge and wave-planner restarts
    for at, ver, why in ((DEPLOY_2220, "2.22.0", "deploy"), (BRIDGE_RESTART, "2.22.0", "restart"), (ROLLBACK, "2.21.3", "deploy"), (REDEPLOY, "2.22.0", "deploy")):
        for inst, dt_s in (("htf1-nomad-01", 0), ("htf1-nomad-02", 3)):
            a = at + dt.timedelta(seconds=dt_s)
            blog(a - dt.timedelta(milliseconds=1800), "INFO", "shutting down", jitter=False, signal="terminated", alloc=inst)
            up = a + dt.timedelta(seconds=RESTART_S - 4)
            blog(up + dt.timedelta(milliseconds=110), "INFO", "grid-bridge starting", jitter=False, version=ver, commit=ver_sha[ver][:12], alloc=inst)
            blog(up + dt.timedelta(milliseconds=640), "INFO", "GridOS event stream connected", jitter=False, grid="ambient", url="https://gridos-amb.htf1.pantryline.internal:7443", alloc=inst)
            blog(up + dt.timedelta(milliseconds=690), "INFO", "GridOS event stream connected", jitter=False, grid="chilled", url="https://gridos-chl.htf1.pantryline.internal:7443", alloc=inst)
        if why == "deploy":
            old = bridge_version(at - dt.timedelta(seconds=1))
            plog(at + dt.timedelta(seconds=5), "INFO", "shutting down", signal="terminated", version=old)
            plog(at + dt.timedelta(seconds=RESTART_S + 5), "INFO", "wave-planner starting", version=ver, commit=ver_sha[ver][:12], interval="15m0s")
    for k in range(4):
        tt = utc("2026-07-18 07:05:12") + dt.timedelta(minutes=k * 37 + rng.randint(0, 20))
        blog(tt, "INFO", "port busy, retrying once", grid="ambient", port=f"A{rng.randint(1, 16):02d}")

    # ---- the planner's waves and transport plan
    t = utc("2026-07-18 06:30:00")
    wave = 8
    while t < END:
        s = series[t.replace(second=0)]
        queued = int(s[4]) + 96
        if queued > 420:
            stats["postponed"] += 1
            plog(t + dt.timedelta(seconds=9), "WARN", "wave release postponed", queued_totes=queued, max=420)
        else:
            wave += 1
            n = rng.randint(44, 50)
            dep = t + dt.timedelta(minutes=75)
            plog(t + dt.timedelta(seconds=9), "INFO", "wave released", wave=f"W0718-{wave:02d}", orders=n, ambient_totes=int(n * rng.uniform(2.2, 2.5)),
                 chilled_totes=int(n * rng.uniform(0.95, 1.1)), routes=",".join(f"R-{(dep - utc('2026-07-18 06:30:00')).seconds // 300 + 101 + i}" for i in range(3)),
                 first_departure=dep.strftime("%Y-%m-%dT%H:%M:%SZ"))
        t += dt.timedelta(minutes=15)
    t = utc("2026-07-18 06:37:00")
    while t < END:
        for day, code, n in (("2026-07-18", "Sa", 231), ("2026-07-19", "Su", 204), ("2026-07-20", "Mo", 219)):
            plog(t, "INFO", "transport plan loaded", date=day, day_code=code, routes=n)
        t += dt.timedelta(minutes=30)

    # ---- Yardline: one van every 5 minutes
    delay_at = dict(depart_delay)
    t = utc("2026-07-18 06:30:00")
    k = 0
    while t < END:
        rid = f"R-{101 + k}"
        lane = f"L{k % 12 + 1:02d}"
        dock = f"D{k % 12 + 1:02d}"
        d = delay_at.get(t, 0)
        ylog(t - dt.timedelta(minutes=35), "van.arrived", f"Van for {rid} on dock", route=rid, dock=dock, lane=lane, scheduled_departure=t.strftime("%H:%M"))
        planned = rng.randint(52, 70)
        if d >= 3:
            ylog(t, "route.delayed", f"{rid} held at dock: chilled totes not in lane", route=rid, lane=lane, totes_planned=planned, totes_in_lane=planned - rng.randint(6, 22), scheduled_departure=t.strftime("%H:%M"))
            stats["delays"].append((t, rid, d))
        ylog(t + dt.timedelta(minutes=d if d >= 3 else 0), "van.departed", f"{rid} departed", route=rid, dock=dock, lane=lane, totes_planned=planned, totes_loaded=planned,
             frozen_bags=rng.randint(4, 14), scheduled_departure=t.strftime("%H:%M"), delay_min=d if d >= 3 else 0)
        t += dt.timedelta(minutes=5)
        k += 1

    more_logs(rng, stats, ver_sha, cubiq, gitlab, slack, cmms)
    return (bridge, planner, gridos, trend, alarms, cubiq, yard, gitlab, slack, cmms), stats


def more_logs(rng, stats, ver_sha, cubiq, gitlab, slack, cmms):
    series = {s[0]: s for s in stats["series"]}

    def at_min(t):
        return series[t.replace(second=0, microsecond=0)]

    first_stop = stats["first_stop"]

    def local(t):
        return (t + dt.timedelta(hours=1)).strftime("%H:%M")

    last_stop = max(stats["stops"])
    all_back = next(x[0] for x in stats["series"] if x[0] > last_stop and x[2] == 0)
    stats["all_back"] = all_back
    stops_by = lambda t: sum(1 for x in stats["stops"] if x <= t)

    # ---- GitLab deployment jobs
    job_ids = iter([51907, 51944, 51988])

    def job(at, tag, sha, who):
        jid = next(job_ids)
        t = at - dt.timedelta(seconds=8)

        def out(dt_s, text):
            tt = t + dt.timedelta(seconds=dt_s, microseconds=rng.randint(0, 9000))
            gitlab.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}Z 00O {text}")

        out(0, "Running with gitlab-runner 17.1.0 (fe451d5a)")
        out(0.01, "  on htf1-runner-01 Zx8Yb2Qc, system ID: s_4f1c6d0e9a2b")
        out(0.5, f"Job {jid} deploy-production for {tag}, started by {who}")
        out(1, "Preparing the \"docker\" executor")
        out(3, "Using docker image sha256:6c1d2a0f9be3 for hashicorp/nomad:1.7.7 with digest hashicorp/nomad@sha256:0f3b7c2a9e41 ...")
        out(4, "Getting source from Git repository")
        out(4.2, "Fetching changes with git depth set to 20...")
        out(5, f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        out(6, "Executing \"step_script\" stage of the job script")
        out(6.1, "$ export CFC_FLOW_VERSION=$CI_COMMIT_TAG")
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

    job(DEPLOY_2220, "v2.22.0", ver_sha["2.22.0"], "sam.fielding")
    job(ROLLBACK, "v2.21.3", ver_sha["2.21.3"], "sam.fielding")
    job(REDEPLOY, "v2.22.0", ver_sha["2.22.0"], "sam.fielding")

    # ---- Cubiq support case
    def case(t, status, author, text):
        cubiq.add(t, json.dumps({"case": "CS-88123", "updated": ms3(t), "status": status, "severity": "S2", "site": "Pantryline HTF1", "grid": "GRID-CHL",
                                 "author": author, "comment": text}, ensure_ascii=False))

    case(utc("2026-07-18 06:54:30"), "Open", "Gemma Price (Pantryline)", "R-508 stopped with battery cell voltage imbalance, driving to SA-2. Spare battery on site?")
    case(utc("2026-07-18 07:40:10"), "Resolved", "Cubiq remote support", "Battery swapped by site technician, R-508 back in service. Old pack to be returned.")
    t_open = utc("2026-07-18 09:46:30")
    case(t_open, "Open", "Gemma Price (Pantryline)", f"Chilled grid: {stops_by(t_open)} robots stopped since {first_stop.strftime('%H:%M')} UTC with position errors, service vehicle cannot keep up, chilled ports waiting for bins.")
    t_r = utc("2026-07-18 09:58:20")
    case(t_r, "In progress", "Cubiq remote support", f"We see {stops_by(t_r)} stops and many wheel slip warnings since {stats['first_slip'].strftime('%H:%M')} UTC, all on GRID-CHL, on both axes, all over the grid; GRID-AMB has none. Marker offsets 18-46 mm: the wheels lose traction. This looks like a wet grid top (condensation on the rails). Please check the chilled enclosure's humidity and doors. We will apply parameter set WET to GRID-CHL now.")
    case(WET_ON + dt.timedelta(seconds=40), "In progress", "Cubiq remote support", "WET applied 10:05 UTC (half acceleration and deceleration). Expect fewer slips and about 10% fewer bins per hour. Recover stopped robots as usual; wipe the wheels before putting them back.")
    case(utc("2026-07-18 10:29:50"), "In progress", "Gemma Price (Pantryline)", "Facilities found the enclosure door D-CH2 held open since 07:48 UTC (curtain out of its guides), the enclosure at 7 C with its dew point 6 C over rails at 3.5 C. Door closed 10:24, dehumidifiers on boost.")
    case(all_back + dt.timedelta(seconds=150), "In progress", "Gemma Price (Pantryline)", f"All stopped robots recovered, wheels wiped. BMS dew point below the rails since {stats['alarm_off']['cond'].strftime('%H:%M')} UTC.")
    case(WET_OFF + dt.timedelta(seconds=30), "Resolved", "Cubiq remote support", "STANDARD set restored 12:00 UTC. No slips in the last 20 minutes. Root cause: condensation on the grid top after the enclosure door stayed open on a humid day. Recommend an alarm to operations when D-CH2 is open more than 5 minutes.")

    # ---- #htf1-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "htf1-ops", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    first_warn = min((e[0] for e in []), default=None)
    s_945 = at_min(utc("2026-07-18 09:45:00"))
    s_1005 = at_min(utc("2026-07-18 10:05:00"))
    say(utc("2026-07-18 06:34:00"), "gemma.price", "Morning. 29 degrees forecast and sticky. 22 ports staffed, forecast 3,980 orders, lots of chilled again. Freezer team on 6.")
    say(utc("2026-07-18 06:55:10"), "gemma.price", "R-508 in the chilled grid stopped with a battery fault, Cubiq case open, it drove itself to SA-2.")
    say(DOOR_WO + dt.timedelta(seconds=90), "lee.carter", "FYI reach truck clipped D-CH2 (chilled enclosure door) coming out of decant, curtain's come out of the guides and it's stuck open. WO raised for facilities, they'll look after breakfast.")
    say(utc("2026-07-18 08:18:00"), "sam.fielding", "Deploying cfc-flow 2.22.0 at 09:30 local in the weekend window (Friday night's went to Intraflow's PLC update): GRID-251 chilled bin requests give up after 45 s and ask again once, GRID-254 warning when that happens, WAVE-540 chilled totes last in a wave, x/net bump.")
    say(DEPLOY_2220 + dt.timedelta(minutes=2), "sam.fielding", "2.22.0 live on all three jobs.")
    t_w = utc("2026-07-18 09:24:00")
    say(t_w, "gemma.price", f"Chilled ports C02 and C04 standing waiting for bins, the others slow. Bin wait on GridOS about {at_min(t_w)[3]:.0f} s on chilled, ambient normal.")
    say(utc("2026-07-18 09:31:30"), "pagerduty", "Triggered: HTF1 chilled bin requests failing (cfc-flow HTF1), assigned to sam.fielding")
    say(utc("2026-07-18 09:35:40"), "sam.fielding", "Looking. grid-bridge is full of 'bin request not served within timeout, requesting again' for the chilled grid: that's GRID-254 from this morning's release, and GRID-251 halved the chilled timeout. Runbook says chilled ports starved = stale grid-bridge session after a release. Restarting grid-bridge first.")
    say(BRIDGE_RESTART + dt.timedelta(minutes=3), "sam.fielding", "Both grid-bridge allocations restarted, event streams reconnected, still timing out on chilled. Ambient fine.")
    say(utc("2026-07-18 09:46:50"), "gemma.price", f"GridOS says {stops_by(utc('2026-07-18 09:46:00'))} chilled robots have stopped with position errors since {(first_stop + dt.timedelta(hours=1)).strftime('%H:%M')}, service vehicle is one at a time. Opened a Cubiq case. Chilled fleet {s_945[1]}/40 in service.")
    say(utc("2026-07-18 09:49:30"), "sam.fielding", "Runbook step 2: it started after our release, rolling back to 2.21.3 (90 s chilled timeout, no re-request).")
    say(ROLLBACK + dt.timedelta(minutes=3), "sam.fielding", "2.21.3 on. Now it's 'bin request failed ... context deadline exceeded' after 90 s instead of the 45 s warnings. Same failures. It isn't the release.")
    say(utc("2026-07-18 09:59:40"), "gemma.price", "Cubiq on the case: all stops and slips are on the chilled grid, none on ambient, wheels losing traction, they think the grid top is wet and ask us to check humidity and doors in the chilled enclosure. They're putting the chilled robots on the WET set.")
    say(utc("2026-07-18 10:02:00"), "lee.carter", "D-CH2 is still open, nobody's been.")
    say(utc("2026-07-18 10:08:40"), "mark.ellis", f"Facilities. BMS: chilled enclosure air {lerp(AIR_CH, utc('2026-07-18 10:05:00')):.1f} C, dew point {s_1005[5]:.1f} C, rails {lerp(RAIL, utc('2026-07-18 10:05:00')):.1f} C: condensation alarm since {local(stats['alarm_on']['cond'])} local, RH alarm since {local(stats['alarm_on']['rh'])}, DH-1 can't keep up. D-CH2 open since 08:48 local, E07 curtain out of guides (Lee's WO). On my way, dehumidifiers on boost after.")
    say(DOOR_FIXED + dt.timedelta(minutes=1, seconds=30), "mark.ellis", "D-CH2 closed, curtain back in the guides, breakaway reset. DH-1 and DH-2 on boost. The dew point will take the best part of an hour to come under the rails.")
    say(utc("2026-07-18 10:41:00"), "gemma.price", "Fewer stops since the WET set, two techs in harnesses on the chilled grid recovering robots with the service vehicle and wiping wheels.")
    say(utc("2026-07-18 11:27:00"), "mark.ellis", f"Enclosure dew point under the rail temperature again since {local(stats['alarm_off']['cond'])}, air back to 4 C.")
    say(all_back + dt.timedelta(seconds=95), "gemma.price", f"All chilled robots back, chilled ports at full speed. Chilled backlog about {round(at_min(all_back)[4] / 3.9 / 5) * 5} minutes.")
    say(WET_OFF + dt.timedelta(seconds=50), "gemma.price", "Cubiq took the WET set off, case resolved.")
    say(REDEPLOY - dt.timedelta(minutes=1), "sam.fielding", "Redeploying 2.22.0, nothing in cfc-flow was involved.")
    say(REDEPLOY + dt.timedelta(minutes=3), "sam.fielding", "2.22.0 live again.")
    behind = dict(stats["depart_delay"])[utc("2026-07-18 12:40:00")]
    say(utc("2026-07-18 12:44:00"), "helen.brooks", f"Vans leaving late since {local(stats['delays'][0][0])}, still about {behind} min behind, CS texting customers. Review Tuesday: D-CH2 needs an open-door alarm to ops, not just the BMS. Thanks all.")
    say(utc("2026-07-18 12:32:00"), "sam.fielding", "Runbook: chilled robots slipping -> look at the enclosure dew point before touching grid-bridge.")

    # ---- CMMS
    def wo(t, number, status, asset, summary, notes, created=None, assignee="Facilities", prio="P3"):
        cmms.add(t, json.dumps({"wo": number, "created": ms3(created or t), "updated": ms3(t), "status": status, "priority": prio,
                                "asset": asset, "assigned_to": assignee, "summary": summary, "notes": notes}, ensure_ascii=False))

    wo(utc("2026-07-18 06:55:40"), "WO-2607-1188", "Open", "GRID-CHL R-508", "R-508 battery fault", "Cubiq CS-88123.", assignee="Cubiq remote support", prio="P2")
    wo(utc("2026-07-18 07:39:00"), "WO-2607-1188", "Closed", "GRID-CHL R-508", "R-508 battery fault", "Battery swapped, back in service.", created=utc("2026-07-18 06:55:40"), assignee="Cubiq remote support", prio="P2")
    wo(DOOR_WO, "WO-2607-1193", "Open", "D-CH2", "Chilled enclosure door stuck open", "Reach truck contact, curtain out of guides, door will not close. Raised by decant lead.", prio="P3")
    wo(utc("2026-07-18 10:08:10"), "WO-2607-1193", "In progress", "D-CH2", "Chilled enclosure door stuck open", "Raised to P1: condensation in the chilled grid. M. Ellis attending.", created=DOOR_WO, assignee="Mark Ellis", prio="P1")
    wo(DOOR_FIXED + dt.timedelta(seconds=50), "WO-2607-1193", "Closed", "D-CH2", "Chilled enclosure door stuck open", "Curtain reinserted in both guides, breakaway reset, E07 cleared, door cycling normally. Bottom bar scuffed, order spare.", created=DOOR_WO, assignee="Mark Ellis", prio="P1")
    wo(utc("2026-07-18 09:48:20"), "WO-2607-1201", "Open", "GRID-CHL", "Chilled robots stopping with position errors", "Cubiq CS-88123.", assignee="Grid technicians", prio="P1")
    wo(all_back + dt.timedelta(seconds=210), "WO-2607-1201", "Closed", "GRID-CHL", "Chilled robots stopping with position errors", f"{len(stats['stops'])} robots recovered (service vehicle and two technicians), wheels wiped. Cause: condensation on rails, D-CH2 open.", created=utc("2026-07-18 09:48:20"), assignee="Grid technicians", prio="P1")
    wo(utc("2026-07-18 11:05:00"), "WO-2607-1204", "Open", "CHL-DH-1", "Dehumidifier DH-1 check after high load", "Check desiccant wheel and filters after today's load.", prio="P3")


def build(out_dir):
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(shas)
        onset = stats["first_stop"].replace(microsecond=0)
        assert DEPLOY_2220 + dt.timedelta(minutes=25) <= onset <= utc("2026-07-18 09:25:00"), onset
        assert stats["first_slip"] < onset, (stats["first_slip"], onset)
        assert stats["min_active"] <= 26, stats["min_active"]
        assert not [x for x in stats["stops"] if x > utc("2026-07-18 11:40:00")], "stops after the rails dried"
        assert stats["all_back"] < WET_OFF - dt.timedelta(minutes=5), stats["all_back"]
        series = stats["series"]

        def pick(idx, scale=1.0):
            def fn(t):
                best = None
                for s in series:
                    if s[0] <= t:
                        best = s
                    else:
                        break
                return round(best[idx] * scale, 2) if best else None
            return fn

        metrics = {
            "gridos_robots.json": query_range([({"__name__": "gridos_robots", "grid": "GRID-CHL", "state": "in_service"}, pick(1)),
                                               ({"__name__": "gridos_robots", "grid": "GRID-CHL", "state": "faulted"}, pick(2))], START, END, 60),
            "cfc_bin_wait_seconds.json": query_range([({"__name__": "cfc_bin_wait_seconds", "grid": "chilled", "quantile": "0.5"}, pick(3))], START, END, 60),
        }
        hours_rel = round((onset - DEPLOY_2220).total_seconds() / 60)
        return write_scenario(
            out_dir, name="r82-chilled-grid-condensation-none", service=SERVICE, onset=onset,
            description=f"""
Pantryline's Hatfield CFC (HTF1): from {onset.strftime('%H:%M:%S')} UTC on Saturday 18 July
robots of the chilled grid stop with position errors, faster than they
can be recovered; bins reach the chilled pick ports ever later,
grid-bridge's chilled bin requests time out, chilled totes queue, waves are
postponed and vans leave late. The ambient grid is fine. cfc-flow 2.22.0
had been deployed at 08:34; grid-bridge was restarted at 09:41 and rolled
back to 2.21.3 at 09:52 without effect. The chilled grid was back at full
speed at about 11:55 and 2.22.0 was deployed again at 12:06.
""",
            logs=list(logs),
            line_formats={
                "gridos.log": r'<Timestamp> <Grid> <Component>\s+<Severity>\s+<Content>',
                "bms-trend-export.log": r'<Date> <Time>;<Point>;<Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'wheel slip', r'condensation risk: dew point .* above rail surface', r'curtain out of guides, door held open'],
            fix_files=[],
            explanation=f"""
No commit caused this. At 07:48 UTC a reach truck clipped D-CH2, the rapid
roll door between the chilled grid's enclosure and the ambient decant hall;
its curtain came out of the guides and the door controller held it open
(fault E07, "curtain out of guides, door held open"). On the most humid
day of the summer (dew point 18-19 C outside) the enclosure's dew point
climbed past the grid rails' temperature (BMS "condensation risk: dew point
... above rail surface ..." from 08:50), water condensed on the rails, the
chilled robots' wheels slipped from {stats['first_slip'].strftime('%H:%M')} and robots stopped with
position errors from {onset.strftime('%H:%M:%S')}, {len(stats['stops'])} in all, faster than the service vehicle
could recover them: the chilled fleet fell to {stats['min_active']} of 40 robots in service,
bin waits at the chilled ports grew to minutes and grid-bridge's requests
timed out. Cubiq's WET parameter set (10:05), the door closed at 10:24 and
the dehumidifiers on boost ended it; nothing in cfc-flow was changed.
Decoys: release 2.22.0, deployed {hours_rel} minutes before the onset (GRID-251, chilled
bin requests time out after 45 s and are asked again once, in the very
grid client; GRID-254, which adds the very "bin request not served within
timeout" warning that fills the log; WAVE-540, chilled totes last in a
wave; an x/net bump); the grid-bridge restart and the rollback to 2.21.3,
both without effect (the warning becomes "bin request failed ... context
deadline exceeded"); Thursday's runbook commit that reads chilled ports
starved of bins as a stale grid-bridge session after a release and says
to restart and roll back; R-508's battery fault in the early morning;
the decant hall's temperature alarm; Friday night's PLC update.
""",
        )
    finally:
        repo.close()
