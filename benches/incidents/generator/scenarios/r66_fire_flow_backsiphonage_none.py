"""ami-events (Go 1.22, log/slog JSON; two pods on the city's on-prem RKE2
cluster, synced by Argo CD from `main`; AMI apps team in Brackett
Springs, Missouri, and a contractor in Recife) of Brackett Springs
Municipal Utilities (BSMU). Tessera NetMetrix, the fixed-network AMI
head-end, pushes the meters' priority alarms every minute (leak,
reverse flow, tamper, empty pipe, low battery, high flow); ami-events
applies the utility's rules and opens work orders in WorkSphere (the
work management system another team runs, 30 creates a minute per
client) and customer notices through the notify service (email, SMS and
a printed letter). A reverse-flow alarm of 5 gallons or more means a
possible cross-connection (a failed or missing backflow preventer): a
BACKFLOW-INSPECT work order and a BACKFLOW_POSSIBLE notice that asks the
customer to have the assembly tested within 10 days.

Thursday 23 July 2026, 97 F. At 18:52 UTC (13:52 CDT) the fire department
is dispatched to Ridgeway Pallet & Lumber on Industrial Parkway, in
pressure zone 3 (PZ-3: Hilltop booster pump station and Ridgeview tank);
it goes to a 4th alarm by 19:18, and the engines draw up to 6,000 gpm from
seven hydrants on the Parkway's 12-inch main on top of the afternoon's
irrigation demand. Hilltop BPS starts its third pump, the tank falls fast,
and the high ground at the far end of PZ-3 loses pressure: Crestwood
Heights falls below 20 psi at 19:1x and to about 6 psi, Hilltop Road to
about 15. Water drains back out of premises into the main
(backsiphonage), and their T-5 meters report REVERSE_FLOW with 5-60
gallons. From 19:19 ami-events raises a reverse-flow alert, a
BACKFLOW-INSPECT work order and a BACKFLOW_POSSIBLE notice for each, up
to 40 a minute: WorkSphere answers 429, customers in the zone with no
water get emails about their backflow preventers, and the contact centre
fills with calls. After a roof collapse at 20:31 the fire department goes
defensive with master streams and the zone dips again.

ami-events 2.9.0 had been synced at 19:04 (AE-141 takes the reverse-flow
volume from the alarm's reverse_volume_gal instead of the register delta,
in the very rule; AE-143 adds the very "reverse flow alert raised"
warning; AE-140 retries WorkSphere 429s with backoff; AE-139 a leak
window; an x/net bump). The runbook (AE-137, three days before) says an
alert spike after a deploy is a rule regression: roll back. The on-call
rolls back to 2.8.3 at 19:34, without effect (the alerts go on as "alert
created type=REVERSE_FLOW", the 429s fail straight to the outbox). The
control room posts the fire and PZ-3's pressures (the SCADA alarm journal
has had "pressure Low Low" since 19:17 and the operator's fire flow note);
every alert is a PZ-3 premise; water quality calls it backsiphonage from
the pressure loss, issues a precautionary boil water advisory for upper
PZ-3 and asks for the notices to stop. The on-call suppresses PZ-3
reverse-flow alerts through the admin API at 19:57 (an ops action, no
commit), the control room opens the PZ-2 intertie at 20:01, WorkSphere's
admin cancels the work orders, the fire is under control at 21:31 and
2.9.0 is synced again at 22:24. Nothing in ami-events caused it.

Sources: ami-events (slog JSON), ingress-nginx access (the head-end's
pushes and the admin API), the SCADA alarm and event journal (exported
from the historian, line format), a 1-minute trend export of PZ-3's
pressure, flow and tank tags from the historian (CSV), the county's CAD
active-incidents feed (JSON lines), notify (pino JSON), Argo CD (logrus
text), #water-ops (Teams export, JSON lines), contact centre service
requests (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores

SERVICE = "ami-events"
START, END = utc("2026-07-23 17:20:00"), utc("2026-07-23 23:15:00")
RELEASE = utc("2026-07-23 19:04:40")
ROLLBACK = utc("2026-07-23 19:34:20")
SUPPRESS = utc("2026-07-23 19:57:30")
INTERTIE = utc("2026-07-23 20:01:10")
RESYNC = utc("2026-07-23 22:24:10")
THRESHOLD_GAL = 5.0
WO_PER_MIN = 30

GO_MOD = """module git.bsmu.local/ami/ami-events

go 1.22

require (
\tgithub.com/prometheus/client_golang v1.19.1
\tgolang.org/x/net v0.26.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

REVERSE_V1 = """package rules

import (
\t"context"
\t"log/slog"
\t"time"

\t"git.bsmu.local/ami/ami-events/internal/hes"
)

// ReverseFlow opens a BACKFLOW-INSPECT work order and sends the customer a
// BACKFLOW_POSSIBLE notice when a meter reports water running back into
// the main: a failed or missing backflow preventer at the premise.
type ReverseFlow struct {
\tThresholdGal float64
\tDedupe       Deduper
\tSink         Sink
\tLog          *slog.Logger
}

func (r *ReverseFlow) Evaluate(ctx context.Context, a hes.Alarm, p Premise) error {
\tvol := a.RegisterDeltaGal() // reverse volume since the last forward read
\tif vol < r.ThresholdGal {
\t\tr.Log.Info("reverse flow below threshold", "meter", a.Meter, "pz", p.Zone)
\t\treturn nil
\t}
\tif r.Dedupe.Seen(a.Meter, "REVERSE_FLOW", 24*time.Hour) {
\t\tr.Log.Info("reverse flow repeat within dedupe window", "meter", a.Meter, "pz", p.Zone)
\t\treturn nil
\t}
\tr.Log.Info("alert created", "type", "REVERSE_FLOW", "meter", a.Meter, "premise", p.ID, "pz", p.Zone)
\tif err := r.Sink.WorkOrder(ctx, "BACKFLOW-INSPECT", p); err != nil {
\t\treturn err
\t}
\treturn r.Sink.Notice(ctx, "BACKFLOW_POSSIBLE", p)
}
"""

WORKSPHERE_V1 = """package worksphere

import (
\t"context"
\t"fmt"
\t"net/http"
\t"time"
)

// Client creates work orders through WorkSphere's REST API. The API allows
// 30 creates a minute per client id.
type Client struct {
\tBase    string
\tHTTP    *http.Client
\tTimeout time.Duration
}

func (c *Client) Create(ctx context.Context, wo WorkOrder) (string, error) {
\tresp, err := c.post(ctx, "/api/v3/workorders", wo)
\tif err != nil {
\t\treturn "", err
\t}
\tif resp.StatusCode != http.StatusCreated {
\t\treturn "", fmt.Errorf("worksphere: %s", resp.Status)
\t}
\treturn decodeID(resp)
}
"""

RULES_YAML = """# ami-events rules (reloaded on SIGHUP)
reverse_flow:
  threshold_gal: 5          # state cross-connection programme: any reverse flow of 5 gal
  dedupe_hours: 24
  work_order: BACKFLOW-INSPECT
  notice: BACKFLOW_POSSIBLE
leak:
  continuous_flow_hours: 24
  notice: LEAK_POSSIBLE
  renotify_days: 7
tamper:
  min_magnet_seconds: 0
  work_order: METER-TAMPER
empty_pipe:
  action: note
low_battery:
  work_order: ENDPOINT-BATTERY
  batch: daily
high_flow:
  gpm: 25
  minutes: 120
  notice: HIGH_USAGE
"""

RUNBOOK_V1 = """# ami-events runbook

Owner: AMI apps (#ami-ops); control room and water quality in #water-ops.
Dashboards: Grafana > AMI > ami-events. Argo CD app `ami-events` (ns `ami`).

## AmiEventsBackflowAlertsHigh

More than 10 reverse-flow alerts in 10 minutes. Each one opens a
BACKFLOW-INSPECT work order and sends a notice. Check the cross-connection
team's queue in WorkSphere.

## AmiEventsWorkSphereErrors

Work order creates failing. WorkSphere is run by the enterprise apps team
(#worksphere); failed creates wait in the outbox (`GET /v1/admin/outbox`)
and are retried every 15 minutes.

## AmiEventsNoAlarms

No push from NetMetrix for 10 minutes. Check Tessera's status page.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    kevin = Person("Kevin Osei", "kevin.osei@brackettsprings.gov", -300)
    tomas = Person("Tomás Herrera", "tomas.herrera@brackettsprings.gov", -300)
    ana = Person("Ana Lima", "ana.lima@arrecifetech.com.br", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/ami-events/main.go": "package main\n\nimport (\n\t\"log/slog\"\n\t\"os\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil))\n\tlog.Info(\"starting ami-events\", \"version\", version, \"commit\", commit)\n\tif err := run(log); err != nil {\n\t\tlog.Error(\"stopped\", \"err\", err)\n\t\tos.Exit(1)\n\t}\n}\n",
        "internal/hes/alarms.go": "// Package hes receives NetMetrix's alarm pushes (POST /v1/hes/alarms,\n// one batch a minute, HMAC-signed).\npackage hes\n\ntype Alarm struct {\n\tMeter            string  `json:\"meter_number\"`\n\tType             string  `json:\"type\"`\n\tAt               string  `json:\"detected_at\"`\n\tRegisterGal      float64 `json:\"register_gal\"`\n\tPrevForwardGal   float64 `json:\"prev_forward_register_gal\"`\n\tReverseVolumeGal float64 `json:\"reverse_volume_gal\"`\n}\n\nfunc (a Alarm) RegisterDeltaGal() float64 { return a.PrevForwardGal - a.RegisterGal }\n",
        "internal/rules/engine.go": "package rules\n\n// Engine routes each alarm to its rule, after the premise lookup (GIS:\n// premise, pressure zone, crew district) and the zone suppressions\n// created through the admin API.\n",
        "internal/rules/reverse_flow.go": REVERSE_V1,
        "internal/rules/leak.go": "package rules\n\n// Leak: continuous flow for the configured hours -> LEAK_POSSIBLE notice,\n// at most once in renotify_days.\n",
        "internal/rules/tamper.go": "package rules\n\n// Tamper: magnet or cut-wire alarms -> METER-TAMPER work order.\n",
        "internal/worksphere/client.go": WORKSPHERE_V1,
        "internal/notify/client.go": "// Package notify asks the notify service (platform team) to send a\n// templated notice by the customer's channels: email, SMS, letter.\npackage notify\n",
        "internal/gis/zones.go": "// Package gis loads premise -> pressure zone and crew district from the\n// GIS export every night at 02:00.\npackage gis\n",
        "internal/admin/suppressions.go": "// Package admin: POST /v1/admin/suppressions {zone, types, until, reason}\n// stops alerts of those types in a zone (main breaks, planned shutdowns).\npackage admin\n",
        "config/rules.yaml": RULES_YAML,
        "deploy/k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ami-events\n  namespace: ami\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: ami-events\n          image: registry.bsmu.local/ami/ami-events\n          ports:\n            - containerPort: 8080\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  stage: test\n  image: golang:1.22\n  script:\n    - go vet ./...\n    - go test ./...\n\nbuild:\n  stage: build\n  script:\n    - docker build -t registry.bsmu.local/ami/ami-events:$CI_COMMIT_SHORT_SHA .\n    - docker push registry.bsmu.local/ami/ami-events:$CI_COMMIT_SHORT_SHA\n",
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$(cat VERSION) -X main.commit=$(git rev-parse --short HEAD)\" -o /ami-events ./cmd/ami-events\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /ami-events /ami-events\nCOPY config /config\nENTRYPOINT [\"/ami-events\"]\n",
        "VERSION": "2.8.0\n",
        "README.md": "# ami-events\n\nNetMetrix alarm pushes -> BSMU's rules -> WorkSphere work orders and\ncustomer notices. Synced to RKE2 (`ami` namespace) by Argo CD from `main`.\n\n## Running locally\n\n```\ngo run ./cmd/ami-events -config config/rules.yaml\n```\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 2.8.0\n\n- high-flow notices after 2 h\n",
    }
    repo.commit(utc("2026-07-13 14:30:00"), kevin, "ami-events: move to the ami group, 2.8.0", files)
    crng = random.Random(66203)
    repo.schedule(chores(crng, SERVICE, [kevin, tomas], utc("2026-07-13 16:00:00"), utc("2026-07-17 21:00:00"), 3)
                  + chores(crng, SERVICE, [ana], utc("2026-07-22 12:00:00"), utc("2026-07-22 18:00:00"), 1))
    repo.commit(utc("2026-07-14 16:10:00"), ana, "tamper: ignore magnet events shorter than 5 s (AE-130)", {
        "internal/rules/tamper.go": repo.files["internal/rules/tamper.go"] + "\n// AE-130: a magnet held for less than 5 s is a meter reader's wand, not tampering.\nconst minMagnetSeconds = 5\n",
        "config/rules.yaml": sub(repo.files["config/rules.yaml"], "min_magnet_seconds: 0", "min_magnet_seconds: 5"),
    })
    repo.commit(utc("2026-07-15 15:00:00"), tomas, "reverse_flow: document the state rule behind the threshold (AE-131)", {
        "internal/rules/reverse_flow.go": sub(repo.files["internal/rules/reverse_flow.go"],
                                              "// the main: a failed or missing backflow preventer at the premise.\n",
                                              "// the main: a failed or missing backflow preventer at the premise.\n// The threshold (config reverse_flow.threshold_gal, 5 gal) is the\n// cross-connection programme's: smaller volumes are thermal expansion.\n"),
    })
    prev = repo.commit(utc("2026-07-16 14:55:00"), kevin, "release 2.8.3", {
        "VERSION": "2.8.3\n",
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.8.3\n\n- AE-130 tamper ignores meter readers' wands\n"),
    })
    repo.commit(utc("2026-07-20 15:40:00"), tomas, "runbook: an alert spike right after a deploy is a rule regression (AE-137)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Each one opens a\nBACKFLOW-INSPECT work order and sends a notice. Check the cross-connection\nteam's queue in WorkSphere.\n",
                               "Each one opens a\nBACKFLOW-INSPECT work order and sends a notice. Check the cross-connection\nteam's queue in WorkSphere.\n\nIf the spike starts within an hour of a sync, it is almost certainly a rule\nregression (2.7.1's tamper rule opened 300 work orders in May): roll back in\nArgo CD first (History and rollback -> previous), then investigate. Every\nwrong notice is a letter we have to retract.\n"),
    })
    repo.commit(utc("2026-07-21 06:10:00"), bot, "Bump golang.org/x/net from 0.26.0 to 0.27.0\n\nBumps [golang.org/x/net](https://github.com/golang/net) from 0.26.0 to 0.27.0.\n- [Commits](https://github.com/golang/net/compare/v0.26.0...v0.27.0)\n\nSigned-off-by: dependabot[bot] <support@github.com>", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.26.0", "golang.org/x/net v0.27.0"),
    })
    repo.commit(utc("2026-07-21 13:20:00"), ana, "worksphere: retry 429 and 503 with backoff (AE-140)\n\nWorkSphere's nightly reindex answers 503 for a minute; creates failed to\nthe outbox and waited 15 minutes.", {
        "internal/worksphere/client.go": sub(repo.files["internal/worksphere/client.go"],
                                             "func (c *Client) Create(ctx context.Context, wo WorkOrder) (string, error) {\n\tresp, err := c.post(ctx, \"/api/v3/workorders\", wo)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n",
                                             "var backoff = []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}\n\nfunc (c *Client) Create(ctx context.Context, wo WorkOrder) (string, error) {\n\tresp, err := c.post(ctx, \"/api/v3/workorders\", wo)\n\tfor i := 0; err == nil && (resp.StatusCode == 429 || resp.StatusCode == 503) && i < len(backoff); i++ {\n\t\tc.Log.Warn(\"worksphere rate limited, retrying\", \"status\", resp.StatusCode, \"attempt\", i+1, \"backoff_ms\", backoff[i].Milliseconds())\n\t\ttime.Sleep(backoff[i])\n\t\tresp, err = c.post(ctx, \"/api/v3/workorders\", wo)\n\t}\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n"),
    })
    repo.commit(utc("2026-07-22 15:30:00"), kevin, "reverse_flow: volume from the alarm's reverse_volume_gal (AE-141)\n\nNetMetrix 7.4 sends the reverse volume itself; the register delta was\nwrong when a forward read was missed.", {
        "internal/rules/reverse_flow.go": sub(repo.files["internal/rules/reverse_flow.go"],
                                              "\tvol := a.RegisterDeltaGal() // reverse volume since the last forward read\n",
                                              "\tvol := a.ReverseVolumeGal // AE-141: NetMetrix 7.4 reports it per event\n"),
    })
    repo.commit(utc("2026-07-22 19:05:00"), ana, "reverse_flow: log each alert with premise, zone and volume (AE-143)\n\nThe cross-connection team asks for the volume on every inspection.", {
        "internal/rules/reverse_flow.go": sub(repo.files["internal/rules/reverse_flow.go"],
                                              "\tr.Log.Info(\"alert created\", \"type\", \"REVERSE_FLOW\", \"meter\", a.Meter, \"premise\", p.ID, \"pz\", p.Zone)\n",
                                              "\tr.Log.Warn(\"reverse flow alert raised\", \"meter\", a.Meter, \"premise\", p.ID, \"pz\", p.Zone,\n\t\t\"reverse_gal\", vol, \"threshold_gal\", r.ThresholdGal, \"work_order\", \"BACKFLOW-INSPECT\", \"notice\", \"BACKFLOW_POSSIBLE\")\n"),
    })
    repo.commit(utc("2026-07-23 14:20:00"), tomas, "config: leak notices after 18 h of continuous flow (AE-139)\n\nCustomer service: a 24 h window catches a running toilet a day late.", {
        "config/rules.yaml": sub(repo.files["config/rules.yaml"], "continuous_flow_hours: 24", "continuous_flow_hours: 18"),
    })
    rel = repo.commit(utc("2026-07-23 18:51:00"), kevin, "release 2.9.0", {
        "VERSION": "2.9.0\n",
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.9.0\n\n- AE-139 leak window 18 h\n- AE-140 WorkSphere retries on 429/503\n- AE-141 reverse-flow volume from the alarm\n- AE-143 reverse-flow alerts logged with volume\n- golang.org/x/net 0.27.0\n"),
    })
    repo.commit(utc("2026-07-23 22:33:00"), tomas, "runbook: reverse-flow storms in one zone are pressure events (fire flow, main breaks)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## AmiEventsWorkSphereErrors",
                               "If the alerts are all in one pressure zone, ask the control room first\n(#water-ops): a fire, a main break or a pump station trip that drops the\nzone's pressure makes water run back out of premises (backsiphonage) and\nevery meter with a drop-back reports it. Suppress the zone's REVERSE_FLOW\nalerts (`POST /v1/admin/suppressions`), do not roll back. 23 July: fire at\nRidgeway Pallet, PZ-3.\n\n## AmiEventsWorkSphereErrors"),
    })
    return repo, {"prev": prev, "release": rel}


# ---------------------------------------------------------------------------
# the afternoon


def ramp(t, a, b, v0, v1):
    if t <= a:
        return v0
    if t >= b:
        return v1
    return v0 + (v1 - v0) * (t - a).total_seconds() / (b - a).total_seconds()


STEPS = [("19:03:30", "19:08:00", 0, 1500), ("19:11:30", "19:15:00", 1500, 3000), ("19:19:00", "19:24:00", 3000, 4500),
         ("19:33:00", "19:39:00", 4500, 6000), ("20:33:00", "20:38:00", 6000, 7900), ("21:05:00", "21:12:00", 7900, 6200),
         ("21:33:00", "21:52:00", 6200, 0)]


def fire_flow(t):
    value = 0.0
    for a, b, v0, v1 in STEPS:
        a, b = utc(f"2026-07-23 {a}"), utc(f"2026-07-23 {b}")
        if t >= a:
            value = ramp(t, a, b, v0, v1)
    return value


def intertie(t):
    return ramp(t, INTERTIE, INTERTIE + dt.timedelta(minutes=8), 0.0, 1.0) if t < utc("2026-07-23 22:05:00") else \
        ramp(t, utc("2026-07-23 22:05:00"), utc("2026-07-23 22:10:00"), 1.0, 0.0)


def tank_level(t):
    """Ridgeview tank, feet."""
    level = 30.4
    marks = [(START, 0.8), (utc("2026-07-23 19:06:00"), -7.2), (INTERTIE, -4.1), (utc("2026-07-23 21:48:00"), 3.6)]
    for i, (a, rate) in enumerate(marks):
        b = marks[i + 1][0] if i + 1 < len(marks) else END
        if t <= a:
            break
        span = (min(t, b) - a).total_seconds() / 3600
        level += rate * span
    return level


def wobble(t, period_s, phase):
    return math.sin(2 * math.pi * (t - START).total_seconds() / period_s + phase)


def pressures(t):
    f = fire_flow(t)
    i = intertie(t)
    tank = (30.4 - tank_level(t)) * 0.43 * 0.5
    crest = 47.0 - 0.0068 * f + 7.0 * i - tank + 1.6 * wobble(t, 420, 0.3)
    hill = 56.5 - 0.0068 * f + 4.0 * i - tank + 1.4 * wobble(t, 510, 1.1)
    ind = 71.0 - 0.0055 * f - tank + 1.1 * wobble(t, 380, 2.0)
    disch = 95.5 - 0.0035 * f + 0.8 * wobble(t, 300, 0.7)
    return {"PZ3_CRESTWOOD_PT205": max(crest, 1.2), "PZ3_HILLTOP_PT201": max(hill, 2.0), "PZ3_INDPKWY_PT210": ind, "HT_BPS_PT301": disch}


def bps_flow(t):
    pumps3 = t >= utc("2026-07-23 19:06:12") and t < utc("2026-07-23 22:30:00")
    base = 2350 + 120 * wobble(t, 900, 0.2)
    return base + (2900 if pumps3 else 0) * min(1.0, fire_flow(t) / 3000 + 0.35) if pumps3 else base


def iso_ns(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{(t.microsecond * 7) % 1000:03d}Z"


def build_logs(rng, shas):
    app, ing, scada, trend, cad, notify, argo, teams, sr = (Log("ami-events.log"), Log("ingress-nginx-access.log"), Log("scada-alarm-journal.log"),
                                                           Log("historian-pz3-trend.log"), Log("cad-active-incidents.log"), Log("notify.log"),
                                                           Log("argocd.log"), Log("teams-water-ops.log"), Log("service-requests.log"))
    stats = {"onset": None, "rf_alerts": [], "notices": 0, "suppressed": 0, "wo_429": 0, "parked": 0, "wo_ok": 0, "repeat": 0}

    epochs = [(START - dt.timedelta(days=7), "2.8.3", shas["prev"], ["ami-events-6d8f9c7b54-4kq2x", "ami-events-6d8f9c7b54-r7wmn"])]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def alog(t, level, msg, pod=None, **kv):
        if START <= t < END:
            body = {"time": iso_ns(t), "level": level, "msg": msg}
            body.update(kv)
            body["pod"] = pod or rng.choice(epoch_at(t)[3])
            app.add(t, json.dumps(body, separators=(",", ":")))

    def ingress(t, client, method, path, status, size, rt, ua, upstream=None, length=None):
        if START <= t < END:
            upstream = upstream or rng.choice(["10.42.3.17:8080", "10.42.5.41:8080"])
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            ing.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {length or rng.randint(300, 900)} {rt:.3f} '
                       f'[ami-ami-events-8080] [] {upstream} {size} {max(rt - 0.001, 0.001):.3f} {status} {hexid(rng, 32)}')

    def jlog(t, area, tag, kind, cond, text):
        if START <= t < END:
            scada.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} | {area} | {tag} | {kind} | {cond} | {text}")

    def cadlog(t, **kv):
        if START <= t < END:
            body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
            body.update(kv)
            cad.add(t, json.dumps(body))

    notify_pods = ["notify-5c9f7b6d8-2xkqp", "notify-5c9f7b6d8-m8tzs"]

    def nlog(t, level, msg, **kv):
        if START <= t < END:
            notify.add(t, pino(t, level, msg, hostname=rng.choice(notify_pods), pid=1, **kv))

    # --- Argo CD
    def argolog(t, msg, level="info", **kv):
        if START <= t < END:
            parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/ami-events"]
            parts += [f"{k}={v}" for k, v in kv.items()]
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        argolog(t, "Reconciliation completed", **{"dest-namespace": "ami", "time_ms": rng.randint(30, 140)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, version, pods, auto=True, user=None):
        extra = {"user": user} if user else {}
        argolog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "ami"}, **extra)
        argolog(t + dt.timedelta(seconds=2), "apps/Deployment ami/ami-events configured", revision=sha)
        argolog(t + dt.timedelta(seconds=48), "Updated health status: Progressing -> Healthy", revision=sha)
        argolog(t + dt.timedelta(seconds=49), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)
        old = epoch_at(t)
        for k, pod in enumerate(pods):
            up = t + dt.timedelta(seconds=9 + 19 * k + rng.uniform(0, 2))
            epochs.append((up, version, sha, pods[:k + 1] + old[3][k + 1:]))
            alog(up, "INFO", "starting ami-events", pod=pod, version=version, commit=sha[:8], go="go1.22.5")
            alog(up + dt.timedelta(milliseconds=180), "INFO", "rules loaded", pod=pod, file="/config/rules.yaml", reverse_flow_threshold_gal=THRESHOLD_GAL,
                 leak_continuous_flow_hours=18 if version == "2.9.0" else 24, suppressions=1 if up > SUPPRESS else 0)
            alog(up + dt.timedelta(milliseconds=420), "INFO", "gis zones loaded", pod=pod, premises=97412, zones=7, export="gis-premises-20260723T0700Z.json")
            alog(up + dt.timedelta(milliseconds=600), "INFO", "listening", pod=pod, addr=":8080")
            alog(up + dt.timedelta(seconds=1, milliseconds=300), "INFO", "SIGTERM received, draining", pod=old[3][k])
        epochs.append((t + dt.timedelta(seconds=9 + 19 * len(pods) + 3), version, sha, pods))

    pods_290 = ["ami-events-7b4c5d9f86-8xq2v", "ami-events-7b4c5d9f86-tz5lm"]
    pods_283 = ["ami-events-6d8f9c7b54-h3n9p", "ami-events-6d8f9c7b54-w2ckd"]
    pods_290b = ["ami-events-7b4c5d9f86-b6rjt", "ami-events-7b4c5d9f86-q9vxs"]
    sync(RELEASE, shas["release"], 41, "2.9.0", pods_290)
    argolog(ROLLBACK - dt.timedelta(seconds=5), f"Rollback to history ID 40 ({shas['prev']}); automated sync disabled", user="tomas.herrera@brackettsprings.gov")
    sync(ROLLBACK, shas["prev"], 42, "2.8.3", pods_283, auto=False, user="tomas.herrera@brackettsprings.gov")
    argolog(RESYNC - dt.timedelta(seconds=6), "automated sync enabled", user="tomas.herrera@brackettsprings.gov")
    sync(RESYNC, shas["release"], 43, "2.9.0", pods_290b)

    # --- SCADA historian trend export (1-minute averages)
    trend.add(START - dt.timedelta(seconds=1), "timestamp,tag,value,units,quality")
    t = START
    while t < END:
        p = pressures(t)
        rows = [("PZ3_CRESTWOOD_PT205", p["PZ3_CRESTWOOD_PT205"] + rng.uniform(-0.3, 0.3), "psi"),
                ("PZ3_HILLTOP_PT201", p["PZ3_HILLTOP_PT201"] + rng.uniform(-0.3, 0.3), "psi"),
                ("PZ3_INDPKWY_PT210", p["PZ3_INDPKWY_PT210"] + rng.uniform(-0.3, 0.3), "psi"),
                ("HT_BPS_PT301", p["HT_BPS_PT301"] + rng.uniform(-0.3, 0.3), "psi"),
                ("HT_BPS_FIT301", bps_flow(t) + rng.uniform(-25, 25), "gpm"),
                ("RV_TK_LT101", tank_level(t) + rng.uniform(-0.03, 0.03), "ft"),
                ("PZ2_NORTHRIDGE_PT104", 61.5 - (3.0 * intertie(t)) + rng.uniform(-0.6, 0.6), "psi")]
        for k, (tag, value, unit) in enumerate(rows):
            trend.add(t + dt.timedelta(milliseconds=k), f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{tag},{value:.2f},{unit},Good")
        t += dt.timedelta(minutes=1)

    # --- SCADA alarm and event journal: threshold crossings from the model
    limits = [("PZ3", "PZ3_CRESTWOOD_PT205", "Crestwood Heights pressure", [("LO", 30.0), ("LOLO", 20.0)]),
              ("PZ3", "PZ3_HILLTOP_PT201", "Hilltop Rd pressure", [("LO", 35.0), ("LOLO", 20.0)]),
              ("PZ3", "PZ3_INDPKWY_PT210", "Industrial Pkwy pressure", [("LO", 40.0)])]
    state = {(tag, cond): False for _, tag, _, conds in limits for cond, _ in conds}
    t = START
    lolo_first = None
    while t < END:
        p = pressures(t)
        for area, tag, label, conds in limits:
            v = p[tag]
            for cond, lim in conds:
                key = (tag, cond)
                name = "Low Low" if cond == "LOLO" else "Low"
                if not state[key] and v < lim:
                    state[key] = True
                    shown = f"{v:.1f}" if f"{v:.1f}" != f"{lim:.1f}" else f"{v:.2f}"
                    jlog(t, area, tag, "ALM", cond, f"{label} {name}, {shown} psi (limit {lim:.1f} psi)")
                    jlog(t + dt.timedelta(seconds=rng.uniform(20, 90)), area, tag, "ACK", cond, f"{label} {name} acknowledged by r.dunn")
                    if cond == "LOLO":
                        stats.setdefault("lolo", {}).setdefault(tag, t)
                        if lolo_first is None:
                            lolo_first = t
                elif state[key] and v > lim + 3.0:
                    state[key] = False
                    jlog(t, area, tag, "RTN", cond, f"{label} {name} returned to normal, {v:.1f} psi")
        t += dt.timedelta(seconds=10)
    stats["lolo_first"] = lolo_first
    # tank rate of change and level
    t = START
    roc_on, lo_on = False, False
    while t < END:
        rate = (tank_level(t) - tank_level(t - dt.timedelta(minutes=5))) * 12
        lvl = tank_level(t)
        if not roc_on and rate < -4.0:
            roc_on = True
            jlog(t, "RIDGEVIEW_TK", "RV_TK_LT101", "ALM", "ROC", f"Ridgeview tank level falling fast, {rate:.1f} ft/h (limit -4.0 ft/h)")
        elif roc_on and rate > -2.0:
            roc_on = False
            jlog(t, "RIDGEVIEW_TK", "RV_TK_LT101", "RTN", "ROC", f"Ridgeview tank level rate returned to normal, {rate:.1f} ft/h")
        if not lo_on and lvl < 20.0:
            lo_on = True
            jlog(t, "RIDGEVIEW_TK", "RV_TK_LT101", "ALM", "LO", f"Ridgeview tank level Low, {lvl:.1f} ft (limit 20.0 ft)")
        elif lo_on and lvl > 21.5:
            lo_on = False
            jlog(t, "RIDGEVIEW_TK", "RV_TK_LT101", "RTN", "LO", f"Ridgeview tank level Low returned to normal, {lvl:.1f} ft")
        t += dt.timedelta(seconds=30)
    jlog(utc("2026-07-23 19:06:12"), "HILLTOP_BPS", "HT_BPS_P3", "EVT", "RUN", "Pump 3 started (auto, discharge pressure low)")
    jlog(utc("2026-07-23 19:36:40"), "SYSTEM", "OPER", "NOTE", "-", "Operator note (r.dunn): Fire flow from hydrants on Industrial Pkwy, BSFD 4th alarm at Ridgeway Pallet. FD water supply officer estimates 6000 gpm. HT BPS P3 to HAND.")
    jlog(utc("2026-07-23 19:37:05"), "HILLTOP_BPS", "HT_BPS_P3", "EVT", "MODE", "Pump 3 mode AUTO -> HAND (r.dunn)")
    jlog(INTERTIE - dt.timedelta(seconds=130), "PZ2", "PZ2_V322", "EVT", "CMD", "Intertie valve V-3-22 open command (r.dunn)")
    jlog(INTERTIE, "PZ2", "PZ2_V322", "EVT", "POS", "Intertie valve V-3-22 OPEN")
    low_local = (stats["lolo"]["PZ3_CRESTWOOD_PT205"] - dt.timedelta(hours=5)).strftime("%H:%M")
    jlog(utc("2026-07-23 19:55:20"), "SYSTEM", "OPER", "NOTE", "-", f"Operator note (a.moss): PZ-3 above 900 ft under 20 psi since {low_local} CDT. Precautionary boil water advisory for Crestwood Heights and Hilltop, sampling after restoration.")
    jlog(utc("2026-07-23 20:34:10"), "SYSTEM", "OPER", "NOTE", "-", "Operator note (r.dunn): roof collapse at Ridgeway, FD defensive with master streams, flow up again. Asked FD to shut down lines not in use.")
    jlog(utc("2026-07-23 21:33:30"), "SYSTEM", "OPER", "NOTE", "-", "Operator note (r.dunn): fire under control, FD releasing hydrants one by one.")
    jlog(utc("2026-07-23 22:04:50"), "PZ2", "PZ2_V322", "EVT", "CMD", "Intertie valve V-3-22 close command (r.dunn)")
    jlog(utc("2026-07-23 22:07:00"), "PZ2", "PZ2_V322", "EVT", "POS", "Intertie valve V-3-22 CLOSED")
    jlog(utc("2026-07-23 22:29:30"), "HILLTOP_BPS", "HT_BPS_P3", "EVT", "MODE", "Pump 3 mode HAND -> AUTO (r.dunn)")
    jlog(utc("2026-07-23 22:30:05"), "HILLTOP_BPS", "HT_BPS_P3", "EVT", "STOP", "Pump 3 stopped (auto, tank level rising)")
    # routine SCADA traffic across the system
    sites = [("NORTHSIDE_BPS", "NS_BPS_P1", "Pump 1"), ("NORTHSIDE_BPS", "NS_BPS_P2", "Pump 2"), ("WELLFIELD", "WF_W07_P", "Well 7 pump"),
             ("WELLFIELD", "WF_W11_P", "Well 11 pump"), ("SOUTH_RES", "SR_BPS_P2", "Pump 2")]
    for area, tag, label in sites:
        t = START + dt.timedelta(minutes=rng.uniform(0, 40))
        running = rng.random() < 0.5
        while t < END:
            running = not running
            jlog(t, area, tag, "EVT", "RUN" if running else "STOP", f"{label} {'started' if running else 'stopped'} (auto, {'level call' if running else 'level satisfied'})")
            t += dt.timedelta(minutes=rng.uniform(25, 70))
    t = START + dt.timedelta(minutes=rng.uniform(0, 10))
    while t < END:
        jlog(t, "WTP", "WTP_CL2_AIT401", "EVT", "SAMPLE", f"Finished water free chlorine {rng.uniform(1.05, 1.35):.2f} mg/L, turbidity {rng.uniform(0.03, 0.07):.3f} NTU")
        t += dt.timedelta(minutes=15)
    for when, area, tag, kind, cond, text in [
        ("17:41:20", "PRV_14", "PRV14_RTU", "ALM", "COMM", "PRV-14 Maple Hill RTU communication failure"),
        ("17:44:05", "PRV_14", "PRV14_RTU", "RTN", "COMM", "PRV-14 Maple Hill RTU communication restored"),
        ("18:02:10", "WELLFIELD", "WF_W07_DOOR", "ALM", "INTRUSION", "Well 7 house door open"),
        ("18:02:40", "WELLFIELD", "WF_W07_DOOR", "ACK", "INTRUSION", "Well 7 house door open acknowledged by r.dunn (operator rounds)"),
        ("18:19:55", "WELLFIELD", "WF_W07_DOOR", "RTN", "INTRUSION", "Well 7 house door closed"),
        ("18:47:12", "PZ1", "PZ1_RES_LT001", "ALM", "HI", "Central reservoir level High, 31.2 ft (limit 31.0 ft)"),
        ("19:02:31", "PZ1", "PZ1_RES_LT001", "RTN", "HI", "Central reservoir level High returned to normal, 30.6 ft"),
        ("20:51:00", "PRV_14", "PRV14_RTU", "ALM", "COMM", "PRV-14 Maple Hill RTU communication failure"),
        ("20:53:40", "PRV_14", "PRV14_RTU", "RTN", "COMM", "PRV-14 Maple Hill RTU communication restored")]:
        jlog(utc(f"2026-07-23 {when}"), area, tag, kind, cond, text)

    # --- CAD feed: the county's active incidents (routine calls and the fire)
    streets = ["N MAIN ST", "E 12TH ST", "CEDAR BLUFF RD", "HARMON AVE", "RIVERSIDE DR", "S LAKEVIEW BLVD", "MAPLE HILL RD", "US 63 / AIRPORT RD",
               "WESTWOOD DR", "PRAIRIE RIDGE PKWY", "OLD TOWN SQ", "SOUTHGATE DR"]
    t = START
    n = 71150
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7.0 / 3600))
        n += rng.randint(1, 4)
        typ = rng.choice(["MEDICAL", "MEDICAL", "MEDICAL", "MVA NO INJURY", "FIRE ALARM COMMERCIAL", "GRASS FIRE", "LIFT ASSIST", "MVA INJURY"])
        where = f"{rng.randint(1, 39)}00 BLK {rng.choice(streets)}"
        cadlog(t, agency="BSFD", incident=f"F26-00{n}", type=typ, status="DISPATCHED", location=where, units=rng.choice(["M2", "M4,E3", "E6", "M1", "E2,M3", "T1"]))
        cadlog(t + dt.timedelta(minutes=rng.uniform(18, 55)), agency="BSFD", incident=f"F26-00{n}", type=typ, status="CLOSED", location=where, units="")
    fire = "F26-0071188"
    loc = "2200 BLK INDUSTRIAL PKWY (RIDGEWAY PALLET & LUMBER)"
    for when, status, alarm, units in [("18:52:31", "DISPATCHED", "1ST ALARM", "E4,E7,T2,BC1"), ("18:58:40", "WORKING FIRE", "1ST ALARM", "E4,E7,T2,BC1,M2"),
                                       ("19:01:12", "WORKING FIRE", "2ND ALARM", "E4,E7,T2,BC1,M2,E2,E6,T1"), ("19:09:05", "WORKING FIRE", "3RD ALARM", "E4,E7,T2,BC1,M2,E2,E6,T1,E1,E3,BC2"),
                                       ("19:18:22", "WORKING FIRE", "4TH ALARM", "E4,E7,T2,BC1,M2,E2,E6,T1,E1,E3,BC2,E5,T3,MA-ASHFORD E11,MA-ASHFORD T11"),
                                       ("20:31:48", "DEFENSIVE OPERATIONS", "4TH ALARM", "E4,E7,T2,BC1,M2,E2,E6,T1,E1,E3,BC2,E5,T3,MA-ASHFORD E11,MA-ASHFORD T11,MA-COLE CO E21"),
                                       ("21:31:15", "UNDER CONTROL", "4TH ALARM", "E4,E7,T2,BC1,M2,E2,E6,T1,E1,E3,BC2,E5,T3,MA-ASHFORD E11,MA-ASHFORD T11,MA-COLE CO E21"),
                                       ("22:41:00", "OVERHAUL", "4TH ALARM", "E4,T2,BC1,E6")]:
        cadlog(utc(f"2026-07-23 {when}"), agency="BSFD", incident=fire, type="STRUCTURE FIRE", status=status, alarm=alarm, location=loc, units=units)

    # --- premises of upper PZ-3 and the reverse-flow model
    premises = []
    for k in range(4800):
        crest = k < 2100
        prone = rng.random() < 0.16
        premises.append({"id": f"P-03{rng.randint(10000, 99999)}", "meter": f"00{rng.randint(61000000, 64399999)}", "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}",
                         "tag": "PZ3_CRESTWOOD_PT205" if crest else "PZ3_HILLTOP_PT201", "offset": rng.uniform(-4, 6), "prone": prone,
                         "threshold": rng.uniform(6, 24), "armed": True, "events": 0, "empty": False, "upper": True})
    alarms = []  # (detected_at, meter, type, extra dict, premise)
    t = START
    while t < END:
        p = pressures(t)
        for pr in premises:
            local = p[pr["tag"]] + pr["offset"]
            if pr["prone"]:
                if pr["armed"] and local < pr["threshold"]:
                    pr["armed"] = False
                    pr["events"] += 1
                    vol = round(min(85.0, rng.lognormvariate(2.6, 0.6)), 1)
                    if rng.random() < 0.09:
                        vol = round(rng.uniform(1.2, 4.8), 1)
                    alarms.append((t + dt.timedelta(seconds=rng.uniform(60, 200)), pr["meter"], "REVERSE_FLOW", {"reverse_volume_gal": vol}, pr))
                elif not pr["armed"] and local > pr["threshold"] + 6:
                    pr["armed"] = True
            if pr["tag"] == "PZ3_CRESTWOOD_PT205" and not pr["empty"] and local < 2.5 and rng.random() < 0.3:
                pr["empty"] = True
                alarms.append((t + dt.timedelta(seconds=rng.uniform(60, 240)), pr["meter"], "EMPTY_PIPE", {}, pr))
        t += dt.timedelta(seconds=20)
    # refill: air in the pipes of the premises that went empty
    for pr in premises:
        if pr["empty"] and rng.random() < 0.8:
            alarms.append((utc("2026-07-23 21:47:00") + dt.timedelta(seconds=rng.uniform(0, 2400)), pr["meter"], "AIR_IN_PIPE", {}, pr))

    # routine alarms city-wide
    zones = ["PZ-1", "PZ-2", "PZ-3", "PZ-4", "PZ-5", "PZ-6", "PZ-7"]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1.6 / 60))
        typ = rng.choices(["LEAK", "LOW_BATTERY", "TAMPER", "EMPTY_PIPE", "HIGH_FLOW", "REVERSE_FLOW"], [0.8, 0.5, 0.05, 0.1, 0.12, 0.03])[0]
        pr = {"id": f"P-{rng.randint(1, 7):02d}{rng.randint(10000, 99999)}", "meter": rng.choice([f"00{rng.randint(61000000, 64399999)}", f"2{rng.randint(10000000, 29999999)}"]),
              "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}"}
        pr["zone"] = zones[int(pr["id"][3]) - 1] if pr["id"][3].isdigit() and 1 <= int(pr["id"][3]) <= 7 else "PZ-1"
        extra = {"reverse_volume_gal": round(rng.choice([rng.uniform(0.4, 3.5), rng.uniform(0.4, 3.5), rng.uniform(5.2, 9.0)]), 1)} if typ == "REVERSE_FLOW" else {}
        alarms.append((t, pr["meter"], typ, extra, pr))
    alarms.sort(key=lambda a: a[0])

    # --- the head-end pushes a batch a minute; ami-events evaluates
    wo_minute = {}
    outbox = 0
    seen_rf = set()
    wo_seq = [118200]
    ua_nmx = "NetMetrix-AlarmPush/7.4.2"

    def wo_try(t):
        key = t.replace(second=0, microsecond=0)
        used = wo_minute.get(key, 0)
        if used < WO_PER_MIN:
            wo_minute[key] = used + 1
            return True
        return False

    def work_order(t, template, pr, pod):
        nonlocal outbox
        ver = epoch_at(t)[1]
        tries = [0, 2, 6, 14] if ver == "2.9.0" else [0]
        for k, delay in enumerate(tries):
            tt = t + dt.timedelta(seconds=delay, milliseconds=rng.randint(40, 180))
            if wo_try(tt):
                wo_seq[0] += rng.randint(1, 3)
                alog(tt, "INFO", "work order created", pod=pod, wo=f"WO-26-{wo_seq[0]}", template=template, premise=pr["id"], crew="DIST-EAST" if pr.get("zone", "PZ-3") in ("PZ-3", "PZ-4") else "DIST-WEST")
                stats["wo_ok"] += 1
                return
            stats["wo_429"] += 1
            stats.setdefault("first_429", tt)
            if ver == "2.9.0" and k + 1 < len(tries):
                alog(tt, "WARN", "worksphere rate limited, retrying", pod=pod, status=429, attempt=k + 1, backoff_ms=(tries[k + 1] - tries[k]) * 1000 if k + 1 < len(tries) else 0, premise=pr["id"])
            else:
                outbox += 1
                stats["parked"] += 1
                alog(tt, "ERROR", "work order create failed", pod=pod, status=429, template=template, premise=pr["id"],
                     err="worksphere: 429 Too Many Requests: client ami-events over 30 creates/min")
                alog(tt + dt.timedelta(milliseconds=3), "WARN", "parked in outbox", pod=pod, kind="work_order", premise=pr["id"], outbox_depth=outbox)
                return

    def notice(t, template, pr, pod):
        alog(t, "INFO", "customer notice requested", pod=pod, notice=template, account=pr["account"], channels="email,letter" if rng.random() < 0.7 else "sms,letter")
        tt = t + dt.timedelta(milliseconds=rng.randint(200, 1500))
        chan = rng.choice(["email", "email", "sms"])
        nlog(tt, "info", "notification sent", template=template, channel=chan, account=pr["account"], providerId=hexid(rng, 20))
        nlog(tt + dt.timedelta(milliseconds=rng.randint(20, 90)), "info", "letter queued", template=template, account=pr["account"], batch=f"print-{t.strftime('%Y%m%d')}-2")
        if template == "BACKFLOW_POSSIBLE":
            stats["notices"] += 1
            stats.setdefault("notice_times", []).append(t)

    def evaluate(t, meter, typ, extra, pr):
        pod = rng.choice(epoch_at(t)[3])
        ver = epoch_at(t)[1]
        zone = pr.get("zone", "PZ-3")
        if typ == "REVERSE_FLOW":
            vol = extra["reverse_volume_gal"]
            if zone == "PZ-3" and t >= SUPPRESS:
                alog(t, "INFO", "alert suppressed by zone rule", pod=pod, type="REVERSE_FLOW", meter=meter, premise=pr["id"], pz=zone, suppression="sup-7f3a21")
                stats["suppressed"] += 1
                return
            if vol < THRESHOLD_GAL:
                alog(t, "INFO", "reverse flow below threshold", pod=pod, meter=meter, pz=zone)
                return
            if meter in seen_rf:
                alog(t, "INFO", "reverse flow repeat within dedupe window", pod=pod, meter=meter, pz=zone)
                stats["repeat"] += 1
                return
            seen_rf.add(meter)
            if ver == "2.9.0":
                alog(t, "WARN", "reverse flow alert raised", pod=pod, meter=meter, premise=pr["id"], pz=zone, reverse_gal=vol, threshold_gal=THRESHOLD_GAL,
                     work_order="BACKFLOW-INSPECT", notice="BACKFLOW_POSSIBLE")
            else:
                alog(t, "INFO", "alert created", pod=pod, type="REVERSE_FLOW", meter=meter, premise=pr["id"], pz=zone)
            if pr.get("upper"):
                stats["rf_alerts"].append(t)
                if stats["onset"] is None:
                    stats["onset"] = t
            work_order(t + dt.timedelta(milliseconds=5), "BACKFLOW-INSPECT", pr, pod)
            notice(t + dt.timedelta(milliseconds=rng.randint(200, 600)), "BACKFLOW_POSSIBLE", pr, pod)
        elif typ == "LEAK":
            if rng.random() < 0.55:
                alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="notice")
                notice(t + dt.timedelta(milliseconds=rng.randint(100, 400)), "LEAK_POSSIBLE", pr, pod)
            else:
                alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="none", reason="notified within 7 days")
        elif typ == "TAMPER":
            alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="work_order")
            work_order(t + dt.timedelta(milliseconds=5), "METER-TAMPER", pr, pod)
        elif typ == "LOW_BATTERY":
            alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="daily_batch")
        elif typ == "HIGH_FLOW":
            alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="watch", minutes=rng.randint(5, 60))
        else:  # EMPTY_PIPE, AIR_IN_PIPE
            alog(t, "INFO", "alarm evaluated", pod=pod, type=typ, meter=meter, premise=pr["id"], pz=zone, action="note")

    for pr in premises:
        pr["zone"] = "PZ-3"
    t = START + dt.timedelta(seconds=rng.uniform(0, 50))
    i = 0
    while t < END:
        batch = []
        while i < len(alarms) and alarms[i][0] <= t:
            batch.append(alarms[i])
            i += 1
        bid = f"nmx-{t.strftime('%H%M')}-{hexid(rng, 6)}"
        rt = 0.004 + 0.0025 * len(batch) + rng.uniform(0, 0.01)
        ingress(t, "52.14.201.77", "POST", "/v1/hes/alarms", 202, 23, rt, ua_nmx, length=300 + 210 * len(batch))
        pod = rng.choice(epoch_at(t)[3])
        alog(t + dt.timedelta(milliseconds=2), "INFO", "alarm batch received", pod=pod, batch=bid, alarms=len(batch))
        tt = t + dt.timedelta(milliseconds=5)
        for a in batch:
            tt += dt.timedelta(milliseconds=rng.randint(8, 40))
            evaluate(tt, *a[1:])
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-400, 400))

    # admin API calls
    ingress(SUPPRESS - dt.timedelta(milliseconds=40), "10.20.1.44", "POST", "/v1/admin/suppressions", 201, 212, 0.019, "curl/8.5.0")
    alog(SUPPRESS, "INFO", "suppression created", pod=epoch_at(SUPPRESS)[3][0], id="sup-7f3a21", pz="PZ-3", types="REVERSE_FLOW", until="2026-07-25T17:00:00Z",
         by="tomas.herrera", reason="fire flow pressure loss, precautionary BWA upper PZ-3")
    for when in ("19:31:10", "19:47:40", "20:12:05", "21:58:20"):
        tt = utc(f"2026-07-23 {when}")
        ingress(tt, "10.20.1.44", "GET", "/v1/admin/outbox?kind=work_order", 200, rng.randint(900, 24000), 0.011, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")
    tt = utc("2026-07-23 20:14:30")
    ingress(tt, "10.20.1.44", "DELETE", "/v1/admin/outbox?kind=work_order&template=BACKFLOW-INSPECT&pz=PZ-3", 200, 64, 0.041, "curl/8.5.0")
    alog(tt, "INFO", "outbox entries discarded", pod=epoch_at(tt)[3][0], kind="work_order", template="BACKFLOW-INSPECT", pz="PZ-3", count=stats["parked"], by="tomas.herrera")
    # outbox retries every 15 minutes (before the discard)
    for when in ("19:45:00", "20:00:00"):
        tt = utc(f"2026-07-23 {when}")
        alog(tt, "INFO", "outbox retry run", pod=epoch_at(tt)[3][0], kind="work_order", pending=max(stats["parked"] - 3, 0), retried=0, reason="paused: rate limited in the last 5 min")

    # notify's own routine traffic (other services' notices)
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(2.2 / 60))
        tmpl = rng.choice(["BILL_READY", "BILL_READY", "PAYMENT_RECEIVED", "AUTOPAY_FAILED", "OUTAGE_PLANNED", "PAPERLESS_CONFIRM"])
        nlog(t, "info", "notification sent", template=tmpl, channel=rng.choice(["email", "email", "sms"]), account=f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}", providerId=hexid(rng, 20))
    for _ in range(6):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        nlog(tt, "warn", "email bounced", template="BILL_READY", reason="550 5.1.1 mailbox unavailable", account=f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}")

    # --- Teams #water-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "water-ops",
                                 "from": who, "body": text}, ensure_ascii=False))

    onset = stats["onset"]
    rf = stats["rf_alerts"]

    def alerts_between(a, b):
        return sum(1 for x in rf if a <= x < b)

    notices_before = sum(1 for x in stats.get("notice_times", []) if x < SUPPRESS)
    stats["notices_before_suppress"] = notices_before
    say(utc("2026-07-23 17:44:30"), "Ray Dunn", "afternoon from the control room. 97F, 41 MGD, all tanks filling, Hilltop BPS on 2 pumps")
    say(utc("2026-07-23 18:48:50"), "Kevin Osei", "syncing ami-events 2.9.0 at 2: AE-141 reverse-flow volume from the alarm payload, AE-143 reverse-flow alerts logged with volume, AE-140 WorkSphere retries, AE-139 leak window 18 h, x/net bump")
    say(utc("2026-07-23 19:02:10"), "Ray Dunn", "BSFD has a working fire at Ridgeway Pallet & Lumber on Industrial Pkwy, 2nd alarm. watching PZ-3")
    say(RELEASE + dt.timedelta(minutes=1, seconds=40), "Kevin Osei", "2.9.0 healthy in Argo")
    fire_at = next(x for x in rf if alerts_between(x - dt.timedelta(minutes=10), x + dt.timedelta(seconds=1)) > 10)
    fire_at = fire_at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1, seconds=15)
    say(fire_at, "Alertmanager", f"[FIRING:1] AmiEventsBackflowAlertsHigh ami-events: {alerts_between(fire_at - dt.timedelta(minutes=10), fire_at)} reverse-flow alerts in 10 min (threshold 10)")
    mins = int((onset - RELEASE).total_seconds() // 60)
    say(fire_at + dt.timedelta(minutes=1, seconds=40), "Tomás Herrera", f"ack. started {mins} min after 2.9.0, and AE-141 changed where the reverse-flow volume comes from. runbook says roll back first")
    say(max(stats["first_429"] + dt.timedelta(minutes=3), fire_at + dt.timedelta(minutes=2, seconds=30)), "Linda Park", "WorkSphere here: ami-events is over its 30/min limit, lots of 429s. dozens of BACKFLOW-INSPECT work orders for DIST-EAST in 10 minutes")
    say(ROLLBACK - dt.timedelta(minutes=3, seconds=30), "Kevin Osei", "AE-141 reads the same number the register delta gave, I checked three of them. but ok, roll back and we look")
    say(ROLLBACK - dt.timedelta(seconds=50), "Tomás Herrera", "rolling back to 2.8.3 in Argo (history 40)")
    say(ROLLBACK + dt.timedelta(minutes=4, seconds=30), "Tomás Herrera", "2.8.3 running. still coming, now 'alert created type=REVERSE_FLOW', and 429s go straight to the outbox")
    say(utc("2026-07-23 19:40:30"), "Jordan Ellis", "customer service: call queue at 38. Crestwood Heights and Hilltop callers: no water upstairs, low pressure. a few ask why we emailed them about their backflow preventer")
    say(utc("2026-07-23 19:43:10"), "Ray Dunn", "FYI fire is 4th alarm, FD pulling ~6,000 gpm off 7 hydrants on Industrial Pkwy. Hilltop BPS on 3 pumps, Ridgeview falling 7 ft/h, Crestwood Heights at 6 psi (under 20 since {stats['lolo']['PZ3_CRESTWOOD_PT205'].strftime('%H:%M')}), Hilltop Rd under 20 since {stats['lolo']['PZ3_HILLTOP_PT201'].strftime('%H:%M')}. going to open the PZ-2 intertie")
    say(utc("2026-07-23 19:46:40"), "Tomás Herrera", f"every reverse-flow alert since {onset.strftime('%H:%M')} is a PZ-3 premise, Crestwood and Hilltop, 5-80 gal. the meters are right, water is running back out of houses")
    say(utc("2026-07-23 19:50:15"), "Angela Moss", "water quality: that's backsiphonage from the pressure loss, not failed backflow preventers. under 20 psi means a precautionary boil water advisory for upper PZ-3, I'm issuing it. please stop the backflow notices for PZ-3 now")
    say(SUPPRESS + dt.timedelta(seconds=50), "Tomás Herrera", f"suppression sup-7f3a21 for PZ-3 REVERSE_FLOW created via the admin API. {notices_before} backflow notices went out before it")
    say(utc("2026-07-23 20:09:40"), "Linda Park", "we'll bulk-cancel the BACKFLOW-INSPECT work orders for PZ-3 created since 14:15 CDT")
    say(utc("2026-07-23 20:15:05"), "Tomás Herrera", "discarded the parked BACKFLOW-INSPECT creates in the outbox too")
    say(utc("2026-07-23 20:21:30"), "Jordan Ellis", "BWA for Crestwood Heights and Hilltop out by reverse 911 and social. correction email and letter to the backflow notice recipients drafted, letters pulled from tonight's print batch")
    say(utc("2026-07-23 20:36:00"), "Ray Dunn", "roof collapsed, FD defensive with master streams, pressure dropping again, asked FD to shut down unused lines")
    say(utc("2026-07-23 21:34:20"), "Ray Dunn", "fire under control, FD releasing hydrants. pressures coming back")
    say(utc("2026-07-23 21:59:10"), "Ray Dunn", "PZ-3 normal. closing the intertie at 22:05, Ridgeview refilling. expect air/empty pipe alarms on the hill as it refills")
    say(RESYNC - dt.timedelta(minutes=1), "Tomás Herrera", "re-enabling auto-sync, 2.9.0 back. the suppression stays until water quality lifts the BWA (samples tomorrow)")
    say(utc("2026-07-23 22:34:00"), "Kevin Osei", "runbook updated: a reverse-flow storm in one zone means ask the control room first, suppress the zone, no rollback")

    # --- contact centre
    crest_texts = [("PRESSURE", "No water pressure upstairs, Crestwood Heights"), ("PRESSURE", "Water barely trickling, Summit Ridge Ct"),
                   ("NO WATER", "No water at all, Crestwood Heights Dr"), ("PRESSURE", "Low pressure, sprinklers won't run, Hilltop Rd"),
                   ("NO WATER", "Water stopped 2:30pm"), ("PRESSURE", "Very low pressure since 2:15"), ("NOTICE", "Got an email saying water flowed back from my property and my backflow preventer may have failed?"),
                   ("NOTICE", "Email about backflow test within 10 days - is this a scam?"), ("NOTICE", "Text message about backflow, we don't have irrigation"),
                   ("WATER QUALITY", "Heard about boil water advisory, does it include Overlook Ln?"), ("WATER QUALITY", "Is our water safe to drink"),
                   ("NOTICE", "Why would I need a backflow test, I rent"), ("WATER QUALITY", "Boil advisory - how long?"),
                   ("WATER QUALITY", "Water is cloudy/milky after pressure came back"), ("WATER QUALITY", "Brown water after outage"), ("PRESSURE", "Air sputtering from faucets")]
    times = [19.35, 19.41, 19.44, 19.47, 19.52, 19.58, 19.61, 19.72, 19.78, 20.4, 20.5, 20.6, 20.9, 21.95, 22.05, 22.1]
    for k, ((cat, text), h) in enumerate(zip(crest_texts, times)):
        tt = utc("2026-07-23 00:00:00") + dt.timedelta(hours=h, seconds=rng.randint(0, 90))
        sr.add(tt, json.dumps({"opened": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "sr": f"SR-26-{602200 + k * rng.randint(2, 9)}", "channel": rng.choice(["phone", "phone", "portal"]),
                               "category": cat, "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}", "pz": "PZ-3", "summary": text}))
    for h, cat, text in [(17.6, "Billing", "High bill question"), (18.1, "Account", "Start service 8/1"), (18.6, "Billing", "Autopay failed"),
                         (19.9, "Billing", "Payment arrangement"), (21.2, "Account", "Transfer service")]:
        tt = utc("2026-07-23 00:00:00") + dt.timedelta(hours=h, seconds=rng.randint(0, 90))
        sr.add(tt, json.dumps({"opened": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "sr": f"SR-26-{602100 + rng.randint(0, 90)}", "channel": "phone",
                               "category": cat, "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}", "pz": rng.choice(["PZ-1", "PZ-2", "PZ-5"]), "summary": text}))
    return [app, ing, scada, trend, cad, notify, argo, teams, sr], stats


def build(out_dir):
    rng = random.Random(66200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert RELEASE < onset < RELEASE + dt.timedelta(minutes=25), onset
        rf = stats["rf_alerts"]
        peak = max(sum(1 for x in rf if m <= x < m + dt.timedelta(minutes=1)) for m in {x.replace(second=0, microsecond=0) for x in rf})

        def per_min(t):
            return sum(1 for x in rf if t - dt.timedelta(minutes=1) < x <= t)

        def crest(t):
            return round(pressures(t)["PZ3_CRESTWOOD_PT205"], 2)

        metrics = {
            "ami_events_reverse_flow_alerts_per_min.json": query_range([({"job": "ami-events", "pz": "PZ-3"}, per_min)], START, END, 60),
            "scada_pz3_crestwood_pressure_psi.json": query_range([({"job": "historian-exporter", "tag": "PZ3_CRESTWOOD_PT205"}, crest)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r66-fire-flow-backsiphonage-none", service=SERVICE, onset=onset,
            description=f"""
On Thursday 23 July, from {onset.strftime('%H:%M:%S')} UTC, ami-events raises a
reverse-flow alert, a BACKFLOW-INSPECT work order and a customer
BACKFLOW_POSSIBLE notice for hundreds of premises in pressure zone 3, up
to {peak} a minute; WorkSphere answers 429 and customers without water get
emails about their backflow preventers. ami-events 2.9.0 had been
synced at 19:04. A rollback to 2.8.3 at 19:34 changes nothing; a zone
suppression at 19:57 stops the notices; the alarms end when the zone's
pressure comes back at about 21:50.
""",
            logs=logs,
            line_formats={"scada-alarm-journal.log": r'<Time> \| <Area> \| <Tag> \| <Kind> \| <Cond> \| <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'pressure Low Low',
                r'Fire flow from hydrants on',
            ],
            fix_files=[],
            explanation=f"""
Nothing in ami-events caused this. A 4th-alarm fire at Ridgeway Pallet &
Lumber on Industrial Parkway drew up to 6,000 gpm (7,900 after the roof
collapse) from hydrants in pressure zone 3 on a 97 F afternoon; Hilltop
BPS and Ridgeview tank could not hold the zone's high ground, Crestwood
Heights fell to about 6 psi and Hilltop Road to about 15 (the SCADA
journal's "pressure Low Low" alarms from {stats['lolo_first'].strftime('%H:%M')} and the operator's
"Fire flow from hydrants on Industrial Pkwy" note), and water ran back
out of premises into the main (backsiphonage). Their meters reported
REVERSE_FLOW of 5-80 gallons, and ami-events did what its rule says:
{len(rf)} reverse-flow alerts, BACKFLOW-INSPECT work orders (WorkSphere's
30/min limit answered {stats['wo_429']} creates with 429) and {stats['notices_before_suppress']} BACKFLOW_POSSIBLE
notices until the zone suppression at 19:57 ({stats['suppressed']} alerts suppressed
after it). Mitigation was operational: the suppression through the admin
API, the PZ-2 intertie, the precautionary boil water advisory, cancelled
work orders and a correction to the customers.
Decoys: release 2.9.0 synced 15 minutes before the first alert (AE-141,
the reverse-flow volume from the alarm payload in the very rule; AE-143,
which adds the very "reverse flow alert raised" warning; AE-140,
WorkSphere retries in the failing client; AE-139, the leak window; the
x/net bump), rolled back without effect (the alerts continue as "alert
created type=REVERSE_FLOW", the 429s go to the outbox); the runbook
commit that reads an alert spike after a deploy as a rule regression;
the earlier comment-only change to the rule; routine reverse-flow alarms
before the fire and the empty-pipe and air-in-pipe alarms as the zone
refills.
""",
        )
    finally:
        repo.close()
