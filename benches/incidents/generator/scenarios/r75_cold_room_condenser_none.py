"""stockline (Go 1.23, log/slog JSON; three pods on the Carrowmere Regional
Blood Service's on-premises RKE2 cluster, reconciled by Argo CD from
`deploy/production` of its own repository, a release being a commit that
bumps the image tag and a manual sync; team in Carrowmere, UTC+1 in
summer) of the Carrowmere Regional Blood Service (CRBS). stockline takes
the fourteen hospitals' orders for blood components (their transfusion
laboratories order through the portal or by EDI from their LIMS),
allocates units from the Distribution Hub's stock first-expiry-first-out,
prints pick lists, checks each unit scanned at the pick bench and books
the vans. Red cells are kept at 2-6 °C: a few dozen in the issue room
(CR-1) and about 1,000 in Cold Room 2 (CR-2), whose condensing unit CDU-2
sits on the roof. Thermavant, the temperature monitoring vendor, watches
the probes and calls stockline's webhook with an alarm; by the SOP (and
SL-439, Tuesday) a location with an active temperature ALARM is put on
hold, its units cannot be allocated or scanned, and only QA lifts the hold
after assessing the excursion.

Friday 14 August 2026, the fourth day of a heatwave (34 °C on the roof),
the afternoon when the hospitals top up their stock for the weekend. At
14:02 UTC condenser fan 2 of CDU-2 trips on motor overload (a P3 alarm in
the building management system and an automatic helpdesk ticket; estates
are busy with a failed air handler in the laboratory building); the
condensing pressure climbs and at 14:41 the compressor trips on high
pressure and locks out (P1, manual reset). CR-2 warms: Thermavant's
pre-alarm at 5.5 °C (an e-mail to the supervisors, who are on the floor),
then at 15:13 ALARM HIGH (above 6.0 °C for 10 minutes): stockline places
the hold on DH-CR2; pick benches cannot scan the units picked from CR-2,
and as the issue room's few dozen units of each group run out, red cell
order line after order line is short ("order line short") and
backordered, while platelets and plasma go out as usual. Hospitals call.

At 14:48 Liam had synced stockline 6.3.0: SL-441 allocates FEFO across
locations (the very allocation), SL-445 adds the very "order line short"
warning (6.2.4 logs "order partially allocated" at INFO), SL-447 moves
Friday's 17:00 van cut-off, and Renovate's pgx bump. The runbook
(Thursday) reads orders short with stock on the screen as an allocation
bug after a release and says to roll back; it also says a location hold
clears itself with the alarm. Liam reverts the release at 15:52 without
effect (the pods load the active hold at start-up). Dani walks into CR-2
at 16:03 and finds it warm and the compressor silent; Liam finds the
"location hold placed" line. Estates reset the compressor at 16:22, it
trips again at 16:27 (fan 2 seized); QA releases CR-2's O RhD negative and
A RhD negative units for issue under a concession at 16:48; the
refrigeration contractor replaces the fan motor and CDU-2 runs again at
17:38; the air alarm clears at about 17:58, the product simulant's at
18:35; QA releases the hold at 18:42 (product simulant at most about
8 °C) and the backorders are allocated; 6.3.0 is synced again at 18:55.
Nothing in stockline is changed.

Sources: stockline (slog JSON), the hospital order gateway (nginx access),
Thermavant's alarm and reading export (semicolon separated, line format),
the building management system (syslog RFC 3164), Argo CD (logrus text),
the estates helpdesk export (JSON lines), #distribution-ops (Teams export,
JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import nginx_access, syslog3164
from skeletons import chores

SERVICE = "stockline"
START, END = utc("2026-08-14 12:30:00"), utc("2026-08-14 19:30:00")
FAN_FAULT = utc("2026-08-14 14:02:13")
TRIP1 = utc("2026-08-14 14:41:07")
SYNC_630 = utc("2026-08-14 14:48:20")
ROLLBACK = utc("2026-08-14 15:52:10")
DANI_CR2 = utc("2026-08-14 16:03:00")
RESET = utc("2026-08-14 16:22:30")
TRIP2 = utc("2026-08-14 16:27:10")
QA_PARTIAL = utc("2026-08-14 16:48:30")
CONTRACTOR = utc("2026-08-14 17:14:00")
FIXED = utc("2026-08-14 17:38:20")
QA_RELEASE = utc("2026-08-14 18:42:15")
REAPPLY = utc("2026-08-14 18:55:30")

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module git.crbs.local/distribution/stockline

go 1.23

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/jackc/pgx/v5 v5.7.2
	gopkg.in/yaml.v3 v3.0.1
)
"""

ALLOCATE_V1 = """// Package allocate picks units for an order line: the product and group
// asked for (or a compatible group where the hospital allows it), the
// earliest expiry first, from the locations that may issue.
package allocate

import (
	"context"
	"log/slog"

	"git.crbs.local/distribution/stockline/internal/stock"
)

type Line struct {
	Order     string
	Hospital  string
	Product   string
	Group     string
	Requested int
}

type Allocator struct {
	Stock *stock.Store
	Log   *slog.Logger
}

// Allocate reserves up to Requested units and backorders the rest.
func (a *Allocator) Allocate(ctx context.Context, l Line) (int, error) {
	locs, err := a.Stock.IssuingLocations(ctx, l.Product)
	if err != nil {
		return 0, err
	}
	got := 0
	for _, loc := range locs { // issue room first, then the cold rooms
		units, err := a.Stock.Earliest(ctx, loc, l.Product, l.Group, l.Requested-got)
		if err != nil {
			return got, err
		}
		got += a.Stock.Reserve(ctx, l.Order, units)
		if got == l.Requested {
			break
		}
	}
	if got < l.Requested {
		a.Stock.Backorder(ctx, l.Order, l.Product, l.Group, l.Requested-got)
		a.Log.Info("order partially allocated", "order", l.Order, "hospital", l.Hospital, "product", l.Product, "group", l.Group,
			"requested", l.Requested, "allocated", got)
		return got, nil
	}
	a.Log.Info("order line allocated", "order", l.Order, "product", l.Product, "group", l.Group, "requested", l.Requested, "allocated", got)
	return got, nil
}
"""

HOLDS_V1 = """// Package holds keeps locations that may not issue: a cold room with a
// temperature alarm, a fridge under maintenance.
package holds

import (
	"context"
	"log/slog"
	"time"
)

type Hold struct {
	Location string
	Reason   string
	AlarmID  string
	Since    time.Time
}

type Store interface {
	Place(ctx context.Context, h Hold) (units int, err error)
	Active(ctx context.Context) ([]Hold, error)
	Release(ctx context.Context, location, by, ref string) (units int, err error)
}

type Service struct {
	Store Store
	Log   *slog.Logger
}

// OnTemperatureEvent is called by the Thermavant webhook.
func (s *Service) OnTemperatureEvent(ctx context.Context, ev Event) error {
	if ev.State == "ALARM" || ev.State == "WARNING" {
		units, err := s.Store.Place(ctx, Hold{Location: ev.Location, Reason: "temperature_alarm", AlarmID: ev.AlarmID, Since: ev.At})
		if err != nil {
			return err
		}
		s.Log.Warn("location hold placed", "location", ev.Location, "reason", "temperature_alarm", "alarm_id", ev.AlarmID, "units", units)
		return nil
	}
	if ev.State == "CLEARED" {
		units, err := s.Store.Release(ctx, ev.Location, "thermavant", ev.AlarmID)
		if err != nil {
			return err
		}
		s.Log.Info("location hold released", "location", ev.Location, "by", "thermavant", "units", units)
	}
	return nil
}
"""

RUNBOOK = """# stockline runbook

Owner: Distribution Systems (#distribution-ops). Dashboards: Grafana >
Distribution > stockline. Releases and rollbacks: Argo CD, application
`stockline` (manual sync); roll back by reverting the release commit.

## Order gateway errors

Hospitals' LIMS retry EDI orders for an hour. A 5xx rate above 2 % for
five minutes pages; look at the database first.

## Van booking failures

The courier API (Swiftline) answers 429 above 5 bookings a second; the
booking is retried from the outbox.
"""

RUNBOOK_SHORT = """
## Orders short while the stock screen shows units

Almost always the allocator, not the stock:

- if it starts after a stockline release, revert the release commit and
  sync (allocation changes are the usual cause), then tell the
  distribution supervisor;
- a group the hospital may not substitute (check the hospital's profile);
- a location hold: holds come from Thermavant and clear by themselves
  when the temperature alarm clears.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    liam = Person("Liam Cartwright", "liam.cartwright@crbs.org.uk", 60)
    nadia = Person("Nadia Hussain", "nadia.hussain@crbs.org.uk", 60)
    ravi = Person("Ravi Menon", "ravi.menon@crbs.org.uk", 60)
    bot = Person("renovate[bot]", "renovate@git.crbs.local", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/stockline/main.go": "package main\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"net/http\"\n\t\"os\"\n\n\t\"git.crbs.local/distribution/stockline/internal/api\"\n\t\"git.crbs.local/distribution/stockline/internal/config\"\n\t\"git.crbs.local/distribution/stockline/internal/holds\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil))\n\tcfg := config.MustLoad(os.Getenv(\"STOCKLINE_CONFIG\"))\n\tlog.Info(\"starting stockline\", \"version\", version, \"commit\", commit)\n\th := holds.New(cfg, log)\n\tactive, _ := h.Store.Active(context.Background())\n\tfor _, x := range active {\n\t\tlog.Warn(\"active location hold\", \"location\", x.Location, \"reason\", x.Reason, \"since\", x.Since)\n\t}\n\tlog.Error(\"server stopped\", \"err\", http.ListenAndServe(cfg.Listen, api.New(cfg, h, log)))\n}\n",
        "internal/allocate/allocate.go": ALLOCATE_V1,
        "internal/allocate/allocate_test.go": "package allocate\n\nimport \"testing\"\n\nfunc TestIssueRoomFirst(t *testing.T) {\n\ta, s := newTestAllocator(t)\n\ts.Add(\"DH-CR1\", \"RBC\", \"O_NEG\", 2, \"2026-09-01\")\n\ts.Add(\"DH-CR2\", \"RBC\", \"O_NEG\", 4, \"2026-08-28\")\n\tgot, _ := a.Allocate(ctx, Line{Order: \"HO-1\", Product: \"RBC\", Group: \"O_NEG\", Requested: 3})\n\tif got != 3 || s.Reserved(\"DH-CR1\") != 2 {\n\t\tt.Fatalf(\"got %d, CR1 reserved %d\", got, s.Reserved(\"DH-CR1\"))\n\t}\n}\n",
        "internal/holds/holds.go": HOLDS_V1,
        "internal/holds/webhook.go": "package holds\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\t\"time\"\n)\n\n// Event is Thermavant's alarm webhook body (state WARNING, ALARM or CLEARED).\ntype Event struct {\n\tAlarmID  string    `json:\"alarm_id\"`\n\tProbe    string    `json:\"probe\"`\n\tLocation string    `json:\"location\"`\n\tState    string    `json:\"state\"`\n\tValue    float64   `json:\"value\"`\n\tAt       time.Time `json:\"at\"`\n}\n\nfunc (s *Service) Webhook(w http.ResponseWriter, r *http.Request) {\n\tvar ev Event\n\tif err := json.NewDecoder(r.Body).Decode(&ev); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusBadRequest)\n\t\treturn\n\t}\n\ts.Log.Info(\"temperature event received\", \"location\", ev.Location, \"probe\", ev.Probe, \"state\", ev.State, \"value\", ev.Value, \"alarm_id\", ev.AlarmID)\n\tif err := s.OnTemperatureEvent(r.Context(), ev); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t\treturn\n\t}\n\tw.WriteHeader(http.StatusNoContent)\n}\n",
        "internal/orders/api.go": "package orders\n\n// POST /api/v2/orders from the hospital portal and the EDI gateway; each\n// line goes to the allocator, the order is answered with what was\n// allocated and what is backordered.\n",
        "internal/dispatch/vans.go": "package dispatch\n\n// Vans leave at fixed times per route; an order allocated before the\n// route's cut-off goes on that van.\n",
        "config/vans.yaml": "# Routes and cut-offs (local time)\nnorth:\n  departures: [\"09:00\", \"13:00\", \"17:00\"]\n  cutoff_minutes: 30\nsouth:\n  departures: [\"09:30\", \"13:30\", \"17:30\"]\n  cutoff_minutes: 30\neast:\n  departures: [\"10:00\", \"14:00\", \"18:00\"]\n  cutoff_minutes: 30\n",
        "config/stockline.yaml": "listen: \":8080\"\ndatabase: postgresql://stockline@dist-db-01.crbs.local/stockline\nlocations:\n  DH-CR1: {kind: red_cells, issue_order: 1, name: Issue room}\n  DH-CR2: {kind: red_cells, issue_order: 2, name: Cold Room 2}\n  DH-PA1: {kind: platelets, issue_order: 1, name: Platelet agitators}\n  DH-FZ1: {kind: plasma, issue_order: 1, name: Freezer 1}\n  DH-FZ2: {kind: plasma, issue_order: 2, name: Freezer 2}\nthermavant:\n  webhook_secret_env: THERMAVANT_WEBHOOK_SECRET\n",
        "deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stockline\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: stockline\n  template:\n    metadata:\n      labels:\n        app: stockline\n    spec:\n      containers:\n        - name: stockline\n          image: registry.crbs.local/distribution/stockline\n          ports:\n            - containerPort: 8080\n",
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n",
        "deploy/production/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: distribution\nresources:\n  - ../base\nimages:\n  - name: registry.crbs.local/distribution/stockline\n    newTag: \"6.2.3\"\n",
        ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: [self-hosted, crbs]\n    steps:\n      - uses: actions/checkout@v3\n      - run: go vet ./... && go test ./...\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# stockline\n\nHospital orders, allocation, pick lists and vans for the CRBS Distribution\nHub.\n\nReleases: bump `newTag` in `deploy/production/kustomization.yaml` and sync\n`stockline` in Argo CD. Roll back by reverting the release commit.\n",
        "CHANGELOG.md": "# Changelog\n\n## 6.2.3\n\n- SL-428 EDI order acknowledgements carry the backordered quantity\n",
    }
    repo.commit(utc("2026-08-07 08:40:00"), liam, "stockline 6.2.3", files)
    crng = random.Random(75208)
    repo.schedule(chores(crng, SERVICE, [nadia, ravi], utc("2026-08-07 09:00:00"), utc("2026-08-07 16:00:00"), 1)
                  + chores(crng, SERVICE, [ravi, liam], utc("2026-08-10 08:00:00"), utc("2026-08-12 16:00:00"), 2))
    repo.commit(utc("2026-08-10 12:10:00"), ravi, "vans: east route leaves at 18:30 on Fridays (SL-433)", {
        "config/vans.yaml": sub(repo.files["config/vans.yaml"], "east:\n  departures: [\"10:00\", \"14:00\", \"18:00\"]\n  cutoff_minutes: 30\n",
                                "east:\n  departures: [\"10:00\", \"14:00\", \"18:00\"]\n  friday_departures: [\"10:00\", \"14:00\", \"18:30\"]\n  cutoff_minutes: 30\n"),
    })
    repo.commit(utc("2026-08-11 09:20:00"), nadia, "holds: hold a location on Thermavant's ALARM only, and only QA lifts it (SL-439)\n\nThe pre-alarm (WARNING at 5.5 °C) put CR-2 on hold for every long door\nopening in July, 14 times; QA-SOP-041 holds a location on the alarm and\nreleases it after QA's assessment, not when the alarm clears.", {
        "internal/holds/holds.go": sub(repo.files["internal/holds/holds.go"],
                                       "\tif ev.State == \"ALARM\" || ev.State == \"WARNING\" {\n",
                                       "\tif ev.State == \"WARNING\" {\n\t\ts.Log.Info(\"temperature pre-alarm, no hold\", \"location\", ev.Location, \"probe\", ev.Probe, \"alarm_id\", ev.AlarmID)\n\t\treturn nil\n\t}\n\tif ev.State == \"ALARM\" {\n\t\tif s.active(ctx, ev.Location) {\n\t\t\ts.Log.Info(\"temperature alarm, hold already active\", \"location\", ev.Location, \"probe\", ev.Probe, \"alarm_id\", ev.AlarmID)\n\t\t\treturn nil\n\t\t}\n",
                                       "\tif ev.State == \"CLEARED\" {\n\t\tunits, err := s.Store.Release(ctx, ev.Location, \"thermavant\", ev.AlarmID)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\ts.Log.Info(\"location hold released\", \"location\", ev.Location, \"by\", \"thermavant\", \"units\", units)\n\t}\n",
                                       "\tif ev.State == \"CLEARED\" {\n\t\ts.Log.Info(\"temperature alarm cleared, hold remains until QA release\", \"location\", ev.Location, \"probe\", ev.Probe, \"alarm_id\", ev.AlarmID)\n\t}\n"),
        "internal/holds/release.go": "package holds\n\nimport (\n\t\"context\"\n\t\"strings\"\n)\n\n// QARelease lifts a hold (all of it, or only some groups under a\n// concession) with QA's reference; called from the admin API.\nfunc (s *Service) QARelease(ctx context.Context, location, by, ref string, groups []string) error {\n\tif len(groups) > 0 {\n\t\tunits, err := s.Store.(interface {\n\t\t\tReleaseGroups(context.Context, string, []string, string, string) (int, error)\n\t\t}).ReleaseGroups(ctx, location, groups, by, ref)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\ts.Log.Warn(\"location hold partially released\", \"location\", location, \"groups\", strings.Join(groups, \",\"), \"units\", units, \"by\", by, \"ref\", ref)\n\t\treturn nil\n\t}\n\tunits, err := s.Store.Release(ctx, location, by, ref)\n\tif err != nil {\n\t\treturn err\n\t}\n\ts.Log.Info(\"location hold released\", \"location\", location, \"units\", units, \"by\", by, \"ref\", ref)\n\treturn nil\n}\n",
    })
    rel624 = repo.commit(utc("2026-08-11 14:30:00"), liam, "release 6.2.4", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "6.2.3"', 'newTag: "6.2.4"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 6.2.4\n\n- SL-433 east van 18:30 on Fridays\n- SL-439 temperature holds on ALARM only, lifted by QA\n",
    })
    repo.commit(utc("2026-08-12 08:55:00"), ravi, "allocate: earliest expiry across the issuing locations, not issue room first (SL-441)\n\nCR-1 is restocked from CR-2 twice a day and holds the freshest units by\nthe afternoon; picking it first left older units in CR-2 to expire (41\nred cells outdated in July).", {
        "internal/allocate/allocate.go": sub(repo.files["internal/allocate/allocate.go"],
                                             "\tgot := 0\n\tfor _, loc := range locs { // issue room first, then the cold rooms\n\t\tunits, err := a.Stock.Earliest(ctx, loc, l.Product, l.Group, l.Requested-got)\n\t\tif err != nil {\n\t\t\treturn got, err\n\t\t}\n\t\tgot += a.Stock.Reserve(ctx, l.Order, units)\n\t\tif got == l.Requested {\n\t\t\tbreak\n\t\t}\n\t}\n",
                                             "\t// earliest expiry first over every location that may issue (SL-441)\n\tunits, err := a.Stock.EarliestAcross(ctx, locs, l.Product, l.Group, l.Requested)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\tgot := a.Stock.Reserve(ctx, l.Order, units)\n"),
        "internal/allocate/allocate_test.go": sub(repo.files["internal/allocate/allocate_test.go"], "func TestIssueRoomFirst(t *testing.T) {", "func TestEarliestExpiryAcrossLocations(t *testing.T) {",
                                                  "\tif got != 3 || s.Reserved(\"DH-CR1\") != 2 {", "\tif got != 3 || s.Reserved(\"DH-CR2\") != 3 {",
                                                  "\t\tt.Fatalf(\"got %d, CR1 reserved %d\", got, s.Reserved(\"DH-CR1\"))", "\t\tt.Fatalf(\"got %d, CR2 reserved %d\", got, s.Reserved(\"DH-CR2\"))"),
    })
    repo.commit(utc("2026-08-12 13:40:00"), nadia, "holds: tests for the webhook's WARNING, ALARM and CLEARED (SL-439)", {
        "internal/holds/holds_test.go": "package holds\n\nimport \"testing\"\n\nfunc TestWarningDoesNotHold(t *testing.T) {\n\ts, store := newTestService(t)\n\t_ = s.OnTemperatureEvent(ctx, Event{Location: \"DH-CR2\", State: \"WARNING\"})\n\tif store.Held(\"DH-CR2\") {\n\t\tt.Fatal(\"held on a pre-alarm\")\n\t}\n}\n\nfunc TestClearedKeepsHoldForQA(t *testing.T) {\n\ts, store := newTestService(t)\n\t_ = s.OnTemperatureEvent(ctx, Event{Location: \"DH-CR2\", State: \"ALARM\"})\n\t_ = s.OnTemperatureEvent(ctx, Event{Location: \"DH-CR2\", State: \"CLEARED\"})\n\tif !store.Held(\"DH-CR2\") {\n\t\tt.Fatal(\"hold lifted without QA\")\n\t}\n}\n",
    })
    repo.commit(utc("2026-08-13 10:25:00"), liam, "runbook: orders short while the stock screen shows units", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_SHORT,
    })
    repo.commit(utc("2026-08-13 15:10:00"), ravi, "allocate: warn when an order line is short, with what was available (SL-445)\n\nThe supervisors want shortfalls in the Distribution alerts channel;\nINFO lines are not forwarded.", {
        "internal/allocate/allocate.go": sub(repo.files["internal/allocate/allocate.go"],
                                             "\t\ta.Log.Info(\"order partially allocated\", \"order\", l.Order, \"hospital\", l.Hospital, \"product\", l.Product, \"group\", l.Group,\n\t\t\t\"requested\", l.Requested, \"allocated\", got)\n",
                                             "\t\ta.Log.Warn(\"order line short\", \"order\", l.Order, \"hospital\", l.Hospital, \"product\", l.Product, \"group\", l.Group,\n\t\t\t\"requested\", l.Requested, \"allocated\", got, \"backordered\", l.Requested-got, \"available\", a.Stock.Available(ctx, locs, l.Product, l.Group))\n"),
    })
    repo.commit(utc("2026-08-14 05:10:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.5", {
        "go.mod": sub(repo.files["go.mod"], "github.com/jackc/pgx/v5 v5.7.2", "github.com/jackc/pgx/v5 v5.7.5"),
    })
    repo.commit(utc("2026-08-14 11:35:00"), nadia, "vans: Friday cut-off for the 17:00 north van 30 -> 45 minutes (SL-447)\n\nThe north van waits for late weekend top-ups every Friday.", {
        "config/vans.yaml": sub(repo.files["config/vans.yaml"], "north:\n  departures: [\"09:00\", \"13:00\", \"17:00\"]\n  cutoff_minutes: 30\n",
                                "north:\n  departures: [\"09:00\", \"13:00\", \"17:00\"]\n  cutoff_minutes: 30\n  friday_cutoff_minutes: 45\n"),
    })
    rel630 = repo.commit(utc("2026-08-14 12:50:00"), liam, "release 6.3.0", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "6.2.4"', 'newTag: "6.3.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 6.3.0\n\n- SL-441 earliest expiry first across locations\n- SL-445 'order line short' warning\n- SL-447 Friday cut-off for the 17:00 north van\n- pgx 5.7.5\n",
    })
    revert = repo.commit(utc("2026-08-14 15:50:30"), liam, f"Revert \"release 6.3.0\"\n\nThis reverts commit {rel630}.\n\nRed cell order lines short since 16:16 local, after 6.3.0 (SL-441\nchanged the allocation). Runbook: revert.", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "6.3.0"', 'newTag: "6.2.4"'),
    })
    again = repo.commit(utc("2026-08-14 18:52:40"), liam, f"Reapply \"release 6.3.0\"\n\nThis reverts commit {revert}.\n\nThe shortfalls were Cold Room 2's temperature hold (CDU-2 condenser fan\nand high-pressure trip), released by QA at 19:42 local; 6.3.0 was not\ninvolved.", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "6.2.4"', 'newTag: "6.3.0"'),
    })
    repo.commit(utc("2026-08-14 19:12:00"), liam, "runbook: a location hold from a temperature alarm", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               "- a location hold: holds come from Thermavant and clear by themselves\n  when the temperature alarm clears.\n",
                               "- a location hold: look for \"location hold placed\" and \"active location\n  hold\" in the log and call the distribution supervisor. Since SL-439\n  only QA lifts a hold (QA-SOP-041), not the alarm clearing; a revert\n  does not lift it either.\n"),
    })
    return repo, {"rel624": rel624, "rel630": rel630, "revert": revert, "again": again}


# ---------------------------------------------------------------------------
# the physical world: CR-2's temperatures

def compressor_on(t):
    if t < TRIP1:
        return True
    if t < RESET:
        return False
    if t < TRIP2:
        return True
    return t >= FIXED


def simulate(rng):
    """Per-10-second air (door, rear) and product simulant temperatures of
    CR-2 from 12:00 to END."""
    t = utc("2026-08-14 12:00:00")
    air, prod = 3.9, 4.1
    out = {}
    cycle = 0.0
    door = 0.0
    while t <= END:
        if compressor_on(t):
            target = 3.8 + 0.35 * math.sin(cycle)
            cycle += 2 * math.pi / 108  # an 18-minute cycle
            if t > FAN_FAULT and t < TRIP1:
                target += 0.004 * (t - FAN_FAULT).total_seconds() / 60  # less capacity on one fan
            air += (target - air) * 0.02
        else:
            air += (11.5 - air) * 0.013 / 6
        if rng.random() < 1 / 36:  # a door opening every six minutes or so
            door = rng.uniform(0.15, 0.45)
        air_door = air + 0.3 + door
        door *= 0.85
        prod += (air - prod) / (45 * 6)
        out[t] = (air_door + rng.uniform(-0.05, 0.05), air - 0.2 + rng.uniform(-0.05, 0.05), prod)
        t += dt.timedelta(seconds=10)
    return out


def alarms(temps, probe_idx, limit=6.0, warn=5.5):
    """Thermavant's logic on one probe: WARNING when above `warn` for 5 min,
    ALARM when above `limit` for 10 min, CLEARED after 10 min at or below."""
    events = []
    state = "OK"
    above_w = above_a = below = None
    armed = True
    for t in sorted(temps):
        v = temps[t][probe_idx]
        if v > warn:
            above_w = above_w or t
        else:
            above_w = None
        if v > limit:
            above_a = above_a or t
            below = None
        else:
            above_a = None
            below = below or t
        if v <= warn - 0.2:
            armed = True
        if state == "OK" and armed and above_w and t - above_w >= dt.timedelta(minutes=5):
            state = "WARNING"
            events.append((t, "WARNING", v))
        if state in ("OK", "WARNING") and above_a and t - above_a >= dt.timedelta(minutes=10):
            state = "ALARM"
            events.append((t, "ALARM", v))
        if state == "ALARM" and below and t - below >= dt.timedelta(minutes=10):
            state = "OK"
            armed = False
            events.append((t, "CLEARED", v))
        if state == "WARNING" and v <= warn - 0.2 and not above_w:
            state = "OK"
    return events


# ---------------------------------------------------------------------------
# the logs

SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
RS = {"6.2.4": "5f7c9d8b46", "6.3.0": "7d9c6b5f88"}
GROUPS = [("O_POS", 35), ("A_POS", 30), ("O_NEG", 12), ("B_POS", 8), ("A_NEG", 7), ("AB_POS", 3), ("B_NEG", 3), ("AB_NEG", 2)]
HOSPITALS = {"RCH": "Royal Carrowmere Hospital", "HGH": "Hexworth General", "SPH": "St Piran's", "WVH": "Wealdon Valley",
             "MCH": "Marsh Cross", "CCH": "Carrowmere Children's", "NDH": "North Dene", "KTH": "Kettleby", "BRH": "Bramhope",
             "LWH": "Lowmarsh", "ASH": "Ashcombe", "TVH": "Tarrow Vale", "PMH": "Penmere", "ORH": "Orwell Road"}
HOSP_IP = {h: f"10.{80 + i}.{i % 7 + 2}.{20 + i * 3}" for i, h in enumerate(HOSPITALS)}


def iso9(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{(t.microsecond * 7) % 1000:03d}Z"


def build_logs(rng, shas):
    app, gw, tv, bms, argo, helpdesk, chat = (Log("stockline.log"), Log("orders-gateway-access.log"), Log("thermavant-export.log"),
                                              Log("bms-syslog.log"), Log("argocd-application-controller.log"), Log("estates-helpdesk.log"),
                                              Log("teams-distribution-ops.log"))
    stats = {"short": [], "events": []}
    temps = simulate(random.Random(75211))
    ev_door = alarms(temps, 0)
    ev_rear = alarms(temps, 1)
    ev_prod = alarms(temps, 2)
    alarm_at = [t for t, s, _ in ev_door if s == "ALARM"][0]
    cleared = [t for t, s, _ in ev_door if s == "CLEARED" and t > FIXED][0]
    stats["alarm_at"], stats["cleared"] = alarm_at, cleared
    stats["prod_cleared"] = [t for t, s, _ in ev_prod if s == "CLEARED"][0]
    stats["temps"] = temps
    HOLD = alarm_at + dt.timedelta(seconds=1, milliseconds=420)
    stats["hold"] = HOLD

    def temp_at(t, i):
        k = t.replace(second=(t.second // 10) * 10, microsecond=0)
        return temps.get(k, temps[max(temps)])[i]

    # ---- pods
    gens = [(START - dt.timedelta(days=3), "6.2.4", shas["rel624"]), (SYNC_630, "6.3.0", shas["rel630"]),
            (ROLLBACK, "6.2.4", shas["revert"]), (REAPPLY, "6.3.0", shas["again"])]
    pods = []
    for i in range(3):
        lst = []
        for k, (at, ver, sha) in enumerate(gens):
            start = at if k == 0 else at + dt.timedelta(seconds=14 + 21 * i + rng.uniform(0, 4))
            lst.append({"from": start, "pod": f"stockline-{RS[ver]}-{''.join(rng.choice(SUFFIX) for _ in range(5))}", "ver": ver, "sha": sha})
        pods.append(lst)

    def pod_at(t, i=None):
        i = rng.randrange(3) if i is None else i
        cur = pods[i][0]
        for g in pods[i]:
            if g["from"] <= t:
                cur = g
        return cur

    def version_at(t):
        return pod_at(t, 0)["ver"]

    def slog(t, level, msg, i=None, **attrs):
        if START <= t < END:
            body = {"time": iso9(t), "level": level, "msg": msg}
            body.update(attrs)
            body["pod"] = pod_at(t, i)["pod"]
            app.add(t, json.dumps(body, separators=(",", ":")))

    for i in range(3):
        for k, g in enumerate(pods[i]):
            if k == 0:
                continue
            slog(g["from"], "INFO", "starting stockline", i, version=g["ver"], commit=g["sha"][:7])
            slog(g["from"] + dt.timedelta(milliseconds=380), "INFO", "database ready", i, host="dist-db-01.crbs.local", pool_max=20)
            if g["from"] > HOLD and g["from"] < QA_RELEASE:
                slog(g["from"] + dt.timedelta(milliseconds=420), "WARN", "active location hold", i, location="DH-CR2", reason="temperature_alarm",
                     since=HOLD.strftime("%Y-%m-%dT%H:%M:%SZ"))
            slog(g["from"] + dt.timedelta(milliseconds=510), "INFO", "listening", i, addr=":8080")
            prev = pods[i][k - 1]
            slog(g["from"] + dt.timedelta(seconds=6), "INFO", "shutting down", i, signal="terminated", was=prev["pod"])

    # ---- stock, receipts, orders and stock positions in one pass, in time order
    cr2 = {"O_POS": 470, "A_POS": 405, "O_NEG": 150, "B_POS": 104, "A_NEG": 68, "AB_POS": 26, "B_NEG": 17, "AB_NEG": 5}
    cr1 = {"O_POS": 21, "A_POS": 16, "O_NEG": 30, "B_POS": 4, "A_NEG": 4, "AB_POS": 1, "B_NEG": 1, "AB_NEG": 0}
    restock_to = {"O_POS": 46, "A_POS": 38, "O_NEG": 40, "B_POS": 10, "A_NEG": 8, "AB_POS": 3, "B_NEG": 3, "AB_NEG": 0}
    RESTOCK = utc("2026-08-14 14:20:40")
    backorders = []

    def held(t, g):
        if HOLD <= t < QA_RELEASE:
            return not (g in ("O_NEG", "A_NEG") and t >= QA_PARTIAL)
        return False

    def available(t, g):
        return cr1[g] + (0 if held(t, g) else cr2[g])

    def take(t, g, n):
        got = 0
        # 6.3.0: earliest expiry across locations (mostly CR-2); 6.2.4: issue room first
        for loc in (("cr2", "cr1") if version_at(t) == "6.3.0" else ("cr1", "cr2")):
            pool = cr2 if loc == "cr2" else cr1
            if loc == "cr2" and held(t, g):
                continue
            k = min(n - got, pool[g])
            pool[g] -= k
            got += k
        return got

    timeline = []
    t = START
    while True:
        t += dt.timedelta(minutes=rng.uniform(18, 26))
        if t >= END:
            break
        timeline.append((t, "receipt", None))
    t = START + dt.timedelta(seconds=rng.uniform(0, 50))
    while t < END:
        timeline.append((t, "position", None))
        t += dt.timedelta(minutes=15)
    t = START
    forced_rare = utc("2026-08-14 15:03:12")
    while True:
        t += dt.timedelta(minutes=rng.expovariate(0.55 if t < utc("2026-08-14 17:30:00") else 0.35))
        if t >= END:
            break
        timeline.append((t, "order", None))
    timeline.append((forced_rare, "order", "rare"))
    timeline.append((HOLD, "hold", None))
    timeline.append((RESTOCK, "restock", None))
    timeline.sort(key=lambda e: (e[0], e[1]))
    n = 4120
    for t, kind, extra in timeline:
        if kind == "hold":
            stats["units_held"] = sum(cr2.values())
            stats["apos_screen"] = cr1["A_POS"] + cr2["A_POS"]
            continue
        if kind == "restock":
            moved = 0
            for g, target in restock_to.items():
                k = max(0, min(target - cr1[g], cr2[g]))
                cr1[g] += k
                cr2[g] -= k
                moved += k
            slog(t, "INFO", "issue room restocked", location="DH-CR1", source="DH-CR2", units=moved, by="dh.picker3")
            continue
        if kind == "receipt":
            g = rng.choices([x for x, _ in GROUPS], [w for _, w in GROUPS])[0]
            k = rng.randint(8, 22)
            cr2[g] += k
            slog(t, "INFO", "units received into stock", location="DH-CR2", product="RBC", group=g, units=k, batch=f"PB-260814-{rng.randint(100, 199)}")
            continue
        if kind == "position":
            for g in ("O_NEG", "O_POS", "A_NEG", "A_POS", "B_POS"):
                slog(t, "INFO", "stock position", product="RBC", group=g, available=available(t, g), held=(cr2[g] if held(t, g) else 0))
            slog(t, "INFO", "stock position", product="PLT", group="ALL", available=rng.randint(96, 128), held=0)
            continue
        order = f"HO-260814-{n:04d}"
        n += 1
        hosp = rng.choice(list(HOSPITALS))
        prio = rng.choices(["routine", "urgent", "emergency"], [84, 13, 3])[0]
        nlines = rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]
        lines = []
        for k in range(nlines):
            product = rng.choices(["RBC", "PLT", "FFP", "CRYO"], [58, 18, 19, 5])[0]
            group = rng.choices([x for x, _ in GROUPS], [w for _, w in GROUPS])[0]
            req = rng.choice([1, 2, 2, 3, 4, 4, 6]) if product == "RBC" else rng.choice([1, 1, 2, 2, 3, 4])
            if product in ("FFP", "CRYO"):
                group = group.split("_")[0]
            lines.append((product, group, req))
        if extra == "rare":
            hosp, prio = "RCH", "urgent"
            lines[0] = ("RBC", "AB_NEG", 7)
        channel = rng.choice(["portal", "edi", "edi"])
        ip = HOSP_IP[hosp]
        tg = t - dt.timedelta(milliseconds=90)
        gw.add(tg, nginx_access(tg, ip, "POST", "/api/v2/orders", 201, rng.randint(380, 900), rng.uniform(0.05, 0.2),
                                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/127.0 Safari/537.36" if channel == "portal" else f"{hosp}-LIMS-EDI/4.2",
                                upstream_rt=rng.uniform(0.04, 0.18)))
        slog(t, "INFO", "order received", order=order, hospital=hosp, priority=prio, lines=nlines, channel=channel)
        allocated_any = False
        for k, (product, group, req) in enumerate(lines):
            tl = t + dt.timedelta(milliseconds=30 + 22 * k)
            if product != "RBC":
                slog(tl, "INFO", "order line allocated", order=order, product=product, group=group, requested=req, allocated=req)
                allocated_any = True
                continue
            avail = available(tl, group)
            got = take(tl, group, req)
            if extra == "rare" and k == 0:
                stats["rare"] = (req, got)
            if got < req:
                if version_at(tl) == "6.3.0":
                    slog(tl, "WARN", "order line short", order=order, hospital=hosp, product=product, group=group, requested=req, allocated=got,
                         backordered=req - got, available=avail)
                else:
                    slog(tl, "INFO", "order partially allocated", order=order, hospital=hosp, product=product, group=group, requested=req, allocated=got)
                backorders.append({"t": tl, "order": order, "hospital": hosp, "group": group, "n": req - got})
                stats["short"].append((tl, group, req - got, hosp))
            else:
                slog(tl, "INFO", "order line allocated", order=order, product=product, group=group, requested=req, allocated=got)
            if got:
                allocated_any = True
            stats["events"].append((tl, "short" if got < req else "full"))
        if allocated_any:
            tp = t + dt.timedelta(seconds=rng.uniform(20, 90))
            slog(tp, "INFO", "pick list printed", order=order, printer="DH-PICK-0" + str(rng.randint(1, 3)))
            ts = tp + dt.timedelta(minutes=rng.uniform(6, 16))
            rbc = [l for l in lines if l[0] == "RBC"]
            if rbc and tp < HOLD <= ts:
                for product, group, req in rbc:
                    slog(ts, "WARN", "unit scan refused: location on hold", order=order, din=f"G041726{rng.randint(310000, 349999):06d}",
                         location="DH-CR2", reason="temperature_alarm", bench=f"B{rng.randint(1, 4)}")
            else:
                slog(ts, "INFO", "units scanned for dispatch", order=order, units=sum(l[2] for l in lines), bench=f"B{rng.randint(1, 4)}",
                     box=f"TB-{rng.randint(100, 999)}")
        if channel == "edi":
            tot = sum(l[2] for l in lines)
            bo = sum(b["n"] for b in backorders if b["order"] == order)
            slog(t + dt.timedelta(milliseconds=180), "INFO", "edi acknowledgement sent", order=order, hospital=hosp, message="ORR^O02",
                 allocated=tot - bo, backordered=bo)
        tq = t + dt.timedelta(minutes=rng.uniform(1, 20))
        if tq < END:
            gw.add(tq, nginx_access(tq, ip, "GET", f"/api/v2/orders/{order}", 200, rng.randint(600, 1400), rng.uniform(0.01, 0.05), f"{hosp}-LIMS-EDI/4.2",
                                    upstream_rt=rng.uniform(0.008, 0.04)))
        if prio == "emergency":
            slog(t + dt.timedelta(seconds=rng.uniform(40, 120)), "INFO", "dispatch booked", order=order, courier="blue-light", eta_min=rng.randint(15, 40))

    # the hold and its releases
    slog(HOLD - dt.timedelta(milliseconds=1400), "INFO", "temperature event received", 1, location="DH-CR2", probe="DH-CR2-A1", state="ALARM",
         value=round(temp_at(alarm_at, 0), 1), alarm_id="TV-88412")
    units_held = stats["units_held"]
    slog(HOLD, "WARN", "location hold placed", 1, location="DH-CR2", reason="temperature_alarm", alarm_id="TV-88412", units=units_held)
    partial_units = 150 + 68 - rng.randint(20, 30)

    # backorders allocated after QA's release
    t = QA_RELEASE + dt.timedelta(seconds=4)
    n_bo = 0
    for bo in backorders:
        if bo["t"] < HOLD - dt.timedelta(minutes=1) or bo["group"] in ("AB_NEG",):
            continue
        if bo["group"] in ("O_NEG", "A_NEG") and bo["t"] < QA_PARTIAL:
            tb = QA_PARTIAL + dt.timedelta(seconds=3 + n_bo * 0.7)
        elif bo["t"] < QA_RELEASE:
            tb = t
            t += dt.timedelta(seconds=rng.uniform(0.8, 3.5))
        else:
            continue
        slog(tb, "INFO", "backorder allocated", order=bo["order"], hospital=bo["hospital"], product="RBC", group=bo["group"], units=bo["n"])
        n_bo += 1
    stats["backorders"] = n_bo

    # vans
    for at, route, count in ((utc("2026-08-14 13:00:00"), "south", 14), (utc("2026-08-14 13:00:00"), "east", 11),
                             (utc("2026-08-14 16:00:00"), "north", 19), (utc("2026-08-14 16:30:00"), "south", 17),
                             (utc("2026-08-14 17:30:00"), "east", 12), (utc("2026-08-14 19:00:00"), "north", 6)):
        slog(at + dt.timedelta(seconds=rng.uniform(5, 60)), "INFO", "van departed", route=route, orders=count + rng.randint(-3, 3), boxes=count + rng.randint(0, 6))

    # webhook events from Thermavant for every probe state change
    for probe, idx, evs in (("DH-CR2-A1", 0, ev_door), ("DH-CR2-A2", 1, ev_rear), ("DH-CR2-P1", 2, ev_prod)):
        for t, state, v in evs:
            te = t + dt.timedelta(seconds=1, milliseconds=rng.randint(0, 400))
            if probe == "DH-CR2-A1" and state == "ALARM":
                continue  # logged above with the hold
            wi = rng.randrange(3)
            slog(te - dt.timedelta(milliseconds=3), "INFO", "temperature event received", wi, location="DH-CR2", probe=probe, state=state, value=round(v, 1),
                 alarm_id=f"TV-{88400 + idx * 7 + (1 if state == 'CLEARED' else 0)}")
            if state == "WARNING":
                slog(te, "INFO", "temperature pre-alarm, no hold", wi, location="DH-CR2", probe=probe, alarm_id=f"TV-{88400 + idx * 7}")
            elif state == "ALARM":
                slog(te, "INFO", "temperature alarm, hold already active", wi, location="DH-CR2", probe=probe, alarm_id=f"TV-{88400 + idx * 7}")
            elif state == "CLEARED":
                slog(te, "INFO", "temperature alarm cleared, hold remains until QA release", wi, location="DH-CR2", probe=probe, alarm_id=f"TV-{88400 + idx * 7}")
    slog(QA_PARTIAL, "WARN", "location hold partially released", location="DH-CR2", groups="O_NEG,A_NEG", units=partial_units, by="m.ellery",
         ref="QA-EXC-2026-118")
    slog(QA_RELEASE, "INFO", "location hold released", location="DH-CR2", units=units_held - partial_units + rng.randint(20, 40), by="m.ellery", ref="QA-EXC-2026-118")

    # gateway routine: LIMS polling stock availability
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 8))
        if t >= END:
            break
        h = rng.choice(list(HOSPITALS))
        gw.add(t, nginx_access(t, HOSP_IP[h], "GET", f"/api/v2/availability?product={rng.choice(['RBC', 'PLT', 'FFP'])}", 200, rng.randint(900, 1600),
                               rng.uniform(0.01, 0.06), f"{h}-LIMS-EDI/4.2", upstream_rt=rng.uniform(0.008, 0.05)))
    t = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t < END:
        gw.add(t, nginx_access(t, "10.70.1.15", "POST", "/hooks/thermavant", 204, 0, rng.uniform(0.005, 0.02), "Thermavant-Webhook/2.3", upstream_rt=rng.uniform(0.004, 0.018)))
        t += dt.timedelta(minutes=30)
    for (probe, idx, evs) in (("DH-CR2-A1", 0, ev_door), ("DH-CR2-A2", 1, ev_rear), ("DH-CR2-P1", 2, ev_prod)):
        for tt, state, v in evs:
            te = tt + dt.timedelta(seconds=1)
            gw.add(te, nginx_access(te, "10.70.1.15", "POST", "/hooks/thermavant", 204, 0, rng.uniform(0.01, 0.04), "Thermavant-Webhook/2.3", upstream_rt=rng.uniform(0.008, 0.03)))

    # ---- Thermavant export
    probes = [("DH-CR1-A1", "Issue room air", lambda t: 4.0 + 0.3 * math.sin(t.timestamp() / 500) + rng.uniform(-0.1, 0.1)),
              ("DH-CR1-P1", "Issue room product", lambda t: 4.2 + 0.1 * math.sin(t.timestamp() / 900)),
              ("DH-CR2-A1", "Cold Room 2 air (door)", lambda t: temp_at(t, 0)),
              ("DH-CR2-A2", "Cold Room 2 air (rear)", lambda t: temp_at(t, 1)),
              ("DH-CR2-P1", "Cold Room 2 product simulant", lambda t: temp_at(t, 2)),
              ("DH-PA1-A1", "Platelet agitator 1", lambda t: 22.1 + rng.uniform(-0.3, 0.3)),
              ("DH-PA2-A1", "Platelet agitator 2", lambda t: 22.4 + rng.uniform(-0.3, 0.3)),
              ("DH-FZ1-A1", "Freezer 1", lambda t: -34.8 + rng.uniform(-0.8, 0.8)),
              ("DH-FZ2-A1", "Freezer 2", lambda t: -35.6 + rng.uniform(-0.8, 0.8)),
              ("DH-DSP-AMB", "Dispatch area ambient", lambda t: 23.0 + 2.5 * min(1, max(0, (t - START).total_seconds() / 14400)) + rng.uniform(-0.3, 0.3))]
    state_of = {}
    for probe, idx, evs in (("DH-CR2-A1", 0, ev_door), ("DH-CR2-A2", 1, ev_rear), ("DH-CR2-P1", 2, ev_prod)):
        state_of[probe] = evs

    def status(probe, t):
        s = "OK"
        for at, st, _ in state_of.get(probe, []):
            if at <= t:
                s = {"WARNING": "WARNING", "ALARM": "ALARM", "CLEARED": "OK"}[st]
        return s

    def tvlog(t, probe, kind, text):
        if START <= t < END:
            tv.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')};{probe};{kind};{text}")

    t = START
    while t < END:
        for probe, name, fn in probes:
            tvlog(t + dt.timedelta(seconds=2), probe, "READING", f"{fn(t):.1f} °C;{status(probe, t)}")
        t += dt.timedelta(minutes=5)
    names = {p: nm for p, nm, _ in probes}
    for probe, idx, evs in (("DH-CR2-A1", 0, ev_door), ("DH-CR2-A2", 1, ev_rear), ("DH-CR2-P1", 2, ev_prod)):
        for at, st, v in evs:
            if st == "WARNING":
                tvlog(at, probe, "WARNING HIGH", f"{names[probe]} {v:.1f} °C above 5.5 °C for 5 min")
                tvlog(at + dt.timedelta(seconds=4), probe, "NOTIFY", "email dist-supervisors@crbs.org.uk")
            elif st == "ALARM":
                tvlog(at, probe, "ALARM HIGH", f"{names[probe]} {v:.1f} °C above 6.0 °C for 10 min")
                tvlog(at + dt.timedelta(seconds=3), probe, "NOTIFY", "webhook https://stockline.crbs.local/hooks/thermavant 204")
                tvlog(at + dt.timedelta(seconds=4), probe, "NOTIFY", "email dist-supervisors@crbs.org.uk, qa-duty@crbs.org.uk")
                tvlog(at + dt.timedelta(seconds=5), probe, "NOTIFY", "sms +44 7700 900418 (distribution supervisor)")
            else:
                tvlog(at, probe, "ALARM CLEARED", f"{names[probe]} {v:.1f} °C at or below 6.0 °C for 10 min")
    tvlog(DANI_CR2 + dt.timedelta(minutes=1, seconds=10), "DH-CR2-A1", "ACK", "acknowledged by d.whitcombe: compressor silent, estates called")
    tvlog(QA_PARTIAL - dt.timedelta(minutes=2), "DH-CR2-P1", "COMMENT", "m.ellery: product simulant {:.1f} °C, O neg and A neg released under concession QA-EXC-2026-118".format(temp_at(QA_PARTIAL, 2)))
    peak_prod = max(v[2] for t, v in temps.items() if t <= QA_RELEASE)
    above = [t for t, v in temps.items() if v[0] > 6.0 and TRIP1 < t < QA_RELEASE]
    stats["peak_prod"] = peak_prod
    stats["peak_air"] = max(v[0] for t, v in temps.items() if t <= QA_RELEASE)
    stats["above_min"] = round((above[-1] - above[0]).total_seconds() / 60)
    tvlog(QA_RELEASE - dt.timedelta(minutes=1), "DH-CR2-P1", "COMMENT", f"m.ellery: excursion assessed, product simulant max {peak_prod:.1f} °C, accepted (QA-EXC-2026-118)")

    # ---- BMS
    def b(t, tag, pid, msg):
        if START <= t < END:
            bms.add(t, syslog3164(t, "bms-sup01", tag, pid, msg))

    def discharge(t):
        if t < FAN_FAULT:
            return 16.8 + rng.uniform(-0.4, 0.4)
        if t < TRIP1:
            return 17.0 + 8.0 * (t - FAN_FAULT).total_seconds() / (TRIP1 - FAN_FAULT).total_seconds() + rng.uniform(-0.3, 0.3)
        if RESET <= t < TRIP2:
            return 21.0 + 4.0 * (t - RESET).total_seconds() / (TRIP2 - RESET).total_seconds()
        if t >= FIXED:
            return 17.4 + rng.uniform(-0.4, 0.4)
        return 9.5 + rng.uniform(-0.3, 0.3)  # stopped: standing pressure

    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        amb = 31.0 + 3.6 * math.sin(math.pi * min(1, max(0, (t - START).total_seconds() / 21600))) + rng.uniform(-0.3, 0.3)
        b(t, "bmstrend", 1877, f"TREND DH-ROOF ambient {amb:.1f} degC")
        b(t + dt.timedelta(milliseconds=210), "bmstrend", 1877, f"TREND CDU-1 run={'ON'} suction {2.9 + rng.uniform(-0.1, 0.1):.1f} bar discharge {17.1 + rng.uniform(-0.5, 0.5):.1f} bar")
        on = compressor_on(t)
        b(t + dt.timedelta(milliseconds=420), "bmstrend", 1877,
          f"TREND CDU-2 run={'ON' if on else 'OFF'} suction {(3.0 if on else 6.1) + rng.uniform(-0.1, 0.1):.1f} bar discharge {discharge(t):.1f} bar fan1={'ON'} fan2={'ON' if t < FAN_FAULT or t >= FIXED else 'FAULT'}")
        b(t + dt.timedelta(milliseconds=630), "bmstrend", 1877, f"TREND AHU-3 supply {13.5 + rng.uniform(-0.5, 3.5):.1f} degC status={'FAULT' if utc('2026-08-14 12:50:00') < t < utc('2026-08-14 16:40:00') else 'RUN'}")
        t += dt.timedelta(minutes=5)
    b(utc("2026-08-14 12:51:40"), "bmsalarm", 2211, "ALARM P2 AHU-3 (Laboratory building): supply fan VSD fault")
    b(FAN_FAULT, "bmsalarm", 2211, "ALARM P3 CDU-2 (Cold Room 2): condenser fan 2 motor overload trip")
    b(utc("2026-08-14 14:30:15"), "bmsalarm", 2211, "ALARM P3 CDU-2 (Cold Room 2): discharge pressure high warning")
    b(TRIP1, "bmsalarm", 2211, "ALARM P1 CDU-2 (Cold Room 2): compressor 1 high pressure trip (manual reset required)")
    b(TRIP1 + dt.timedelta(seconds=2), "bmsalarm", 2211, "EVENT CDU-2 (Cold Room 2): compressor 1 locked out")
    b(RESET, "bmsalarm", 2211, "EVENT CDU-2 (Cold Room 2): compressor 1 HP lockout reset at panel by s.pearce")
    b(RESET + dt.timedelta(seconds=25), "bmsalarm", 2211, "RETURN CDU-2 (Cold Room 2): compressor 1 running")
    b(TRIP2, "bmsalarm", 2211, "ALARM P1 CDU-2 (Cold Room 2): compressor 1 high pressure trip (manual reset required)")
    b(TRIP2 + dt.timedelta(seconds=2), "bmsalarm", 2211, "EVENT CDU-2 (Cold Room 2): compressor 1 locked out")
    b(utc("2026-08-14 16:40:05"), "bmsalarm", 2211, "RETURN AHU-3 (Laboratory building): supply fan running")
    b(utc("2026-08-14 17:21:30"), "bmsalarm", 2211, "EVENT CDU-2 (Cold Room 2): isolated for maintenance by polar.refrigeration")
    b(FIXED - dt.timedelta(seconds=40), "bmsalarm", 2211, "EVENT CDU-2 (Cold Room 2): compressor 1 HP lockout reset at panel by polar.refrigeration")
    b(FIXED, "bmsalarm", 2211, "RETURN CDU-2 (Cold Room 2): compressor 1 running")
    b(FIXED + dt.timedelta(seconds=6), "bmsalarm", 2211, "RETURN CDU-2 (Cold Room 2): condenser fan 2 running")
    b(utc("2026-08-14 13:15:00"), "bmsalarm", 2211, "EVENT Generator 1: weekly no-load test started")
    b(utc("2026-08-14 13:35:00"), "bmsalarm", 2211, "EVENT Generator 1: weekly no-load test complete")

    # ---- Argo CD
    def alog(t, level, msg, **kv):
        if START <= t < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=argocd/stockline {extra}'.rstrip())

    for at, sha in ((SYNC_630, shas["rel630"]), (ROLLBACK, shas["revert"]), (REAPPLY, shas["again"])):
        alog(at - dt.timedelta(seconds=2), "info", f"Initiated sync to '{sha}'", dest_namespace="distribution", dest_server="https://kubernetes.default.svc", initiated_by="liam.cartwright")
        alog(at + dt.timedelta(milliseconds=400), "info", "Applying resource Deployment/stockline in cluster: https://kubernetes.default.svc, namespace: distribution")
        alog(at + dt.timedelta(seconds=1), "info", "Updated sync status: OutOfSync -> Synced", dest_namespace="distribution")
        alog(at + dt.timedelta(seconds=2), "info", "Updated health status: Healthy -> Progressing", dest_namespace="distribution")
        alog(at + dt.timedelta(seconds=84), "info", "Updated health status: Progressing -> Healthy", dest_namespace="distribution")
        alog(at + dt.timedelta(seconds=84), "info", "sync/terminate complete", dest_namespace="distribution", revision=sha)
    t = START + dt.timedelta(seconds=rng.uniform(0, 179))
    pending_since = utc("2026-08-14 12:52:00")
    while t < END:
        rev = shas["rel624"]
        for at, sha in ((SYNC_630, shas["rel630"]), (ROLLBACK, shas["revert"]), (REAPPLY, shas["again"])):
            if at <= t:
                rev = sha
        if pending_since < t < SYNC_630 or utc("2026-08-14 18:53:10") < t < REAPPLY:
            alog(t, "info", "Comparing app state", dest_namespace="distribution", sync_status="OutOfSync", revision=rev)
        alog(t, "info", "Reconciliation completed", dest_namespace="distribution", revision=rev, time_ms=rng.randint(35, 190))
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    # ---- estates helpdesk
    def ticket(t, tid, state, priority, summary, note, who="system"):
        if START <= t < END:
            helpdesk.add(t, json.dumps({"updated": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": tid, "state": state, "priority": priority,
                                        "site": "Distribution Hub", "summary": summary, "note": note, "by": who}, ensure_ascii=False))

    ticket(utc("2026-08-14 12:52:10"), "EST-26-08812", "New", "P2", "AHU-3 supply fan VSD fault (Laboratory building)", "Auto-raised from BMS alarm.")
    ticket(utc("2026-08-14 13:05:00"), "EST-26-08812", "In progress", "P2", "AHU-3 supply fan VSD fault (Laboratory building)", "On site, VSD tripped on overtemperature; lab rooms warming.", "s.pearce")
    ticket(FAN_FAULT + dt.timedelta(seconds=9), "EST-26-08817", "New", "P3", "CDU-2 condenser fan 2 motor overload trip (Cold Room 2)", "Auto-raised from BMS alarm.")
    ticket(TRIP1 + dt.timedelta(seconds=10), "EST-26-08819", "New", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Auto-raised from BMS alarm. Manual reset required.")
    ticket(utc("2026-08-14 14:55:00"), "EST-26-08819", "Assigned", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Assigned to s.pearce (on AHU-3).", "helpdesk")
    ticket(utc("2026-08-14 16:08:00"), "EST-26-08819", "In progress", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Distribution called. Going to the roof.", "s.pearce")
    ticket(RESET + dt.timedelta(minutes=1), "EST-26-08819", "In progress", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Fan 2 seized, motor hot. Reset HP lockout, compressor running on fan 1 only.", "s.pearce")
    ticket(TRIP2 + dt.timedelta(minutes=2), "EST-26-08819", "In progress", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Tripped again on HP after 5 min. Not resetting again. Calling Polar Refrigeration (contract PR-4471, 4 h response).", "s.pearce")
    ticket(utc("2026-08-14 16:41:00"), "EST-26-08819", "Waiting contractor", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Polar Refrigeration ETA 18:15 local, bringing a fan motor.", "s.pearce")
    ticket(CONTRACTOR, "EST-26-08819", "Contractor on site", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Polar engineer on site.", "helpdesk")
    ticket(FIXED + dt.timedelta(minutes=3), "EST-26-08819", "Resolved", "P1", "CDU-2 compressor 1 high pressure trip (Cold Room 2)", "Condenser fan 2 motor replaced (bearing seized), condenser coil cleaned, compressor running, discharge 17.6 bar.", "polar.refrigeration")
    ticket(FIXED + dt.timedelta(minutes=4), "EST-26-08817", "Resolved", "P3", "CDU-2 condenser fan 2 motor overload trip (Cold Room 2)", "See EST-26-08819.", "s.pearce")

    # ---- #distribution-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        if START <= t < END:
            chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "distribution-ops",
                                    "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    def local(t):
        return (t + dt.timedelta(hours=1)).strftime("%H:%M")

    shorts = sorted(stats["short"])
    onset = HOLD
    stats["onset"] = onset
    first_apos = [x[0] for x in shorts if x[0] >= HOLD and x[1] == "A_POS"][0]
    say(utc("2026-08-14 12:41:00"), "Dani Whitcombe", "Friday top-ups coming in. Estates are all on AHU-3 in the lab building, the lab is at 27 degrees.")
    say(SYNC_630 - dt.timedelta(minutes=3), "Liam Cartwright", "Syncing stockline 6.3.0: SL-441 (FEFO across CR-1 and CR-2), SL-445 (short lines as warnings), SL-447 north van cut-off, pgx.")
    say(SYNC_630 + dt.timedelta(minutes=3), "Liam Cartwright", "6.3.0 running 3/3.")
    say(forced_rare + dt.timedelta(minutes=2), "Dani Whitcombe", f"RCH wants {stats['rare'][0]} AB neg red cells, we had {stats['rare'][1]}. Backordered, normal for AB neg.")
    say(first_apos + dt.timedelta(minutes=8), "Dani Whitcombe", f"Red cell lines going short since about {local(first_apos)}, A pos and B neg, pick bench can't scan some units. The stock screen says A pos {stats['apos_screen']} in stock, but the allocator gives them nothing. RCH on the phone about their weekend top-up.")
    say(first_apos + dt.timedelta(minutes=14), "Liam Cartwright", f"Looking. 6.3.0 went out at {local(SYNC_630)} and SL-441 changed exactly how we pick across CR-1 and CR-2. The new 'order line short' warnings started with it.")
    say(first_apos + dt.timedelta(minutes=20), "Ravi Menon", "SL-441 passed the FEFO tests, but they only have two locations with stock. Could EarliestAcross skip a location?")
    say(ROLLBACK - dt.timedelta(minutes=3), "Liam Cartwright", "Runbook: short after a release, revert. Reverting release 6.3.0.")
    say(ROLLBACK + dt.timedelta(minutes=3), "Liam Cartwright", "6.2.4 running 3/3.")
    say(ROLLBACK + dt.timedelta(minutes=8), "Dani Whitcombe", "Still short. Now other groups too, platelets and plasma fine, only red cells.")
    say(DANI_CR2, "Dani Whitcombe", f"Went into CR-2 to pick by hand: it's warm, the display says {temp_at(DANI_CR2, 0):.1f}, the compressor is silent. Thermavant alarm e-mails since {local(alarm_at)}, we were on the floor. Called estates.")
    say(DANI_CR2 + dt.timedelta(minutes=3), "Liam Cartwright", f"That's it: stockline placed 'location hold placed location=DH-CR2 reason=temperature_alarm units={units_held}' at {local(HOLD)}, and the 6.2.4 pods loaded the 'active location hold' at start-up. Only CR-1 is issuable. Not 6.3.0.")
    say(DANI_CR2 + dt.timedelta(minutes=6), "Mark Ellery", "QA: the hold stays until I have assessed the excursion. Send me the probe data. Emergency O neg from CR-1 only for now.")
    say(RESET + dt.timedelta(minutes=2), "Sam Pearce", "Estates: CDU-2 on the roof, condenser fan 2 seized, compressor locked out on high pressure. Reset it, running on one fan.")
    say(TRIP2 + dt.timedelta(minutes=3), "Sam Pearce", "Tripped again after 5 minutes, 34 degrees up here and one fan can't reject the heat. Calling Polar Refrigeration, ETA 18:15.")
    say(QA_PARTIAL + dt.timedelta(seconds=40), "Mark Ellery", f"Product simulant {temp_at(QA_PARTIAL, 2):.1f} C. Releasing CR-2's O neg and A neg under concession QA-EXC-2026-118 for issue now, keep the door shut. Rest stays held.")
    say(QA_PARTIAL + dt.timedelta(minutes=4), "Dani Whitcombe", "O neg and A neg backorders allocated. Telling the hospitals the rest comes tonight.")
    say(CONTRACTOR + dt.timedelta(minutes=2), "Sam Pearce", "Polar on site.")
    say(FIXED + dt.timedelta(minutes=2), "Sam Pearce", "New fan motor on CDU-2, coil cleaned, compressor running, discharge pressure normal.")
    say(cleared + dt.timedelta(minutes=1), "Dani Whitcombe", f"Thermavant air alarm cleared at {local(cleared)}, product probe still in alarm. Hold still on, waiting for QA.")
    say(QA_RELEASE + dt.timedelta(seconds=50), "Mark Ellery", f"Excursion assessed: air up to {stats['peak_air']:.1f} C, product simulant max {peak_prod:.1f} C, about {stats['above_min'] // 60} h {stats['above_min'] % 60} min above 6. Accepted, hold released (QA-EXC-2026-118).")
    say(QA_RELEASE + dt.timedelta(minutes=6), "Dani Whitcombe", f"All backorders allocated, {stats['backorders']} lines. Extra van at 20:00 local for RCH, WVH and HGH.")
    say(REAPPLY - dt.timedelta(minutes=3), "Liam Cartwright", "Syncing 6.3.0 again, it was not involved. Runbook fix coming: holds are only lifted by QA since SL-439.")
    return [app, gw, tv, bms, argo, helpdesk, chat], stats


def build(out_dir):
    rng = random.Random(75200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        hold = stats["hold"]
        assert TRIP1 < onset <= hold < onset + dt.timedelta(seconds=1) < ROLLBACK, (hold, onset)
        assert SYNC_630 + dt.timedelta(minutes=15) < onset < SYNC_630 + dt.timedelta(minutes=45), onset
        assert FIXED < stats["cleared"] < QA_RELEASE, stats["cleared"]
        assert stats["prod_cleared"] < QA_RELEASE - dt.timedelta(minutes=3), stats["prod_cleared"]
        assert stats["peak_prod"] < 10.0, stats["peak_prod"]
        temps = stats["temps"]
        events = stats["events"]

        def temp(i):
            def fn(t):
                return round(temps[t][i], 2) if t in temps else None
            return fn

        def per5(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=5) < at <= t)
            return fn

        metrics = {
            "thermavant_probe_celsius.json": query_range(
                [({"job": "thermavant-exporter", "probe": p, "location": "DH-CR2"}, temp(i)) for i, p in enumerate(("DH-CR2-A1", "DH-CR2-A2", "DH-CR2-P1"))],
                START, END, 60),
            "stockline_rbc_order_lines_per_5m.json": query_range(
                [({"job": "stockline", "outcome": "allocated"}, per5("full")), ({"job": "stockline", "outcome": "short"}, per5("short"))],
                START, END, 60),
        }
        after = len([s for s in stats["short"] if s[0] >= hold])
        return write_scenario(
            out_dir, name="r75-cold-room-condenser-none", service=SERVICE, onset=onset,
            description=f"""
The Carrowmere Regional Blood Service's Distribution Hub cannot fill the
hospitals' red cell orders on Friday 14 August, the afternoon of the
weekend top-ups in a heatwave: from {onset.strftime('%H:%M:%S')} UTC the pick benches cannot
scan red cells from Cold Room 2, and soon stockline allocates red cell
order lines short ("order line short") and backorders them, more and more
of them; the hospitals call; platelets and plasma go out as usual. stockline 6.3.0 (allocation
across locations, a new shortfall warning) had been synced at 14:48; its
revert at 15:52 did not help. Red cell orders were allocated again from
18:42.
""",
            logs=logs,
            line_formats={"thermavant-export.log": r'<Date> <Time>;<Probe>;<Kind>;<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'high pressure trip',
                        r'ALARM HIGH',
                        r'location hold placed'],
            fix_files=[],
            explanation=f"""
No commit caused this. Cold Room 2 (DH-CR2), where the Distribution Hub
kept {stats['units_held']} red cells that afternoon, lost its cooling: in the heatwave
condenser fan 2 of its roof condensing unit CDU-2 tripped on motor
overload at 14:02 (its bearing had seized; BMS "condenser fan 2 motor
overload trip", an automatic P3 ticket while estates were on a failed air
handler), and at 14:41 the compressor tripped on high pressure and
locked out ("compressor 1 high pressure trip (manual reset required)").
The room warmed; Thermavant raised ALARM HIGH at {stats['alarm_at'].strftime('%H:%M:%S')} (above 6.0 °C for
10 minutes) and called stockline's webhook, which by the SOP (SL-439)
placed the hold ("location hold placed location=DH-CR2
reason=temperature_alarm"): only the issue room's few dozen units could be
allocated, and {after} red cell order lines were short until QA's release. Estates'
reset at 16:22 tripped again at 16:27; QA released O and A RhD negative
under a concession at 16:48; the contractor replaced the fan motor and
the compressor ran again at 17:38; the air alarm cleared at {stats['cleared'].strftime('%H:%M')},
the product simulant's at {stats['prod_cleared'].strftime('%H:%M')}, and QA released the hold at
18:42 (product simulant at most {stats['peak_prod']:.1f} °C); the backorders were
allocated. Nothing in stockline was changed; 6.3.0 was
synced again at 18:55.
Decoys: stockline 6.3.0, synced {round((onset - SYNC_630).total_seconds() / 60)} minutes before the onset (SL-441,
earliest expiry across locations, in the very allocation; SL-445, which
adds the very "order line short" warning; SL-447, a van cut-off in
config; Renovate's pgx bump); the revert to 6.2.4 at 15:52, without effect
(the pods load the "active location hold" at start-up and log "order
partially allocated" instead); Tuesday's SL-439, which changed when a
temperature alarm holds a location; Thursday's runbook commit that reads
short orders with stock on the screen as an allocation bug after a
release and says to revert, and says holds clear with the alarm; an AB
RhD negative order short at 15:03 (normal for AB negative); AHU-3's fault
in the laboratory building; Thermavant's pre-alarm at 5.5 °C, which no
longer holds.
""",
        )
    finally:
        repo.close()
