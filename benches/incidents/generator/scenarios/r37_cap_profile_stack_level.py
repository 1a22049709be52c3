"""csms (Go, on Kubernetes, deployed by Argo CD) of Laadkracht, a Dutch EV
charging network operator (about 1,800 charge points, OCPP 1.6J and 2.0.1
over websockets through a separate ocpp-gateway, RFID cards, the app and
roaming tokens from OCPI partners, card pre-authorisation at DC chargers).
Its smart charging allocator keeps sites with a limited grid connection
under their limit: every cycle it reads the site meter and, above a
threshold, sends each charging connector a TxProfile that caps its current.
If a site stays over its limit for two cycles with caps sent, it sheds load
by stopping the newest transactions (RemoteStopTransaction), because over
the contracted capacity the site's main fuse trips.

On Wednesday 16 December at 08:55 UTC SC-214 ("site caps at stack level 10
so they stop replacing fleet schedules") is committed; it ships in the
09:41 sync, whose Argo revision and start lines name the test commit after
it. It does not check the charge point's ChargeProfileMaxStackLevel. The
Ostara AC22 chargers on firmware 5.8.3 (Kralingen, Strijp-S, Papendorp)
accept at most stack level 8 and answer Rejected; firmware 6.1.2 (the
Ypenburg depot, which SC-214 was written for) accepts up to 16. Nothing
shows through the day: Papendorp's morning caps were sent and cleared
before the deploy, and Ypenburg's afternoon caps are accepted at stack
level 10. From 16:46, when Rotterdam Kralingen's residential evening peak
crosses the threshold, every cap profile is Rejected, the site's import
passes 150 kW and the allocator stops the newest sessions, again and
again; Eindhoven Strijp-S follows at 17:05.

At 16:18 a release ships SC-222 (rebalance every 30 s, cap threshold 0.85
-> 0.90), a pgx bump and SC-219, which logs profiles a charge point does
not accept. The on-call rolls that release back at 17:06 without effect
(the new warning disappears, the shedding goes on). At 17:17 the gateway's
call results show every SetChargingProfile to firmware 5.8.3 Rejected at
stack level 10; a GetConfiguration shows ChargeProfileMaxStackLevel=8.
The rollback to yesterday's release at 17:29 ends it.

Sources: csms (zap JSON), ocpp-gateway (zap console encoder, line format),
gridmeter-bridge (logfmt), HAProxy in front of the websockets (syslog RFC
3164), Argo CD application controller (logfmt), support tickets (JSON),
#csms-oncall (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, syslog3164
from skeletons import chores, runbook

SERVICE = "csms"
SIM_START = utc("2026-12-16 04:30:00")
START, END = utc("2026-12-16 08:40:00"), utc("2026-12-16 18:20:00")
DEPLOY_AM = utc("2026-12-16 09:41:10")
DEPLOY_PM = utc("2026-12-16 16:18:30")
ROLLBACK1 = utc("2026-12-16 17:06:40")
ROLLBACK2 = utc("2026-12-16 17:29:30")
READY = dt.timedelta(seconds=38)
SITE_SEED = 37116

# ---------------------------------------------------------------------------
# the repository

PROFILES_GO = '''package smartcharging

import (
\t"time"

\t"git.laadkracht.nl/platform/csms/internal/ocpp16"
)

// capStackLevel is the stack level of the TxProfiles that hold a site under
// its grid connection limit.
const capStackLevel = 1

// capProfileID gives each connector's cap a fixed id, so a new cap replaces
// the previous one and ClearChargingProfile(id) removes it.
func capProfileID(connectorID int) int { return 900000 + connectorID }

// CapProfile limits one running transaction to amps per phase.
func CapProfile(txID, connectorID int, amps float64, now time.Time) ocpp16.SetChargingProfileReq {
\treturn ocpp16.SetChargingProfileReq{
\t\tConnectorID: connectorID,
\t\tProfile: ocpp16.ChargingProfile{
\t\t\tChargingProfileID:      capProfileID(connectorID),
\t\t\tTransactionID:          txID,
\t\t\tStackLevel:             capStackLevel,
\t\t\tChargingProfilePurpose: "TxProfile",
\t\t\tChargingProfileKind:    "Absolute",
\t\t\tChargingSchedule: ocpp16.ChargingSchedule{
\t\t\t\tStartSchedule:          now.UTC(),
\t\t\t\tChargingRateUnit:       "A",
\t\t\t\tChargingSchedulePeriod: []ocpp16.ChargingSchedulePeriod{{StartPeriod: 0, Limit: amps}},
\t\t\t},
\t\t},
\t}
}
'''

ALLOCATOR_GO = '''package smartcharging

import (
\t"context"
\t"time"

\t"go.uber.org/zap"

\t"git.laadkracht.nl/platform/csms/internal/ocpp16"
)

// Allocator keeps every site with a grid connection limit under it. Each
// cycle it reads the site meter; above CapThreshold x limit it caps the
// charging connectors with a TxProfile, below ClearThreshold it clears the
// caps. A site that stays over its limit for ShedAfterCycles with caps sent
// sheds load: the newest transactions are stopped (the main fuse trips
// otherwise).
type Allocator struct {
\tcfg   Config
\tsites SiteStore
\tmeter MeterReader
\tcalls ocpp16.Calls
\tlog   *zap.Logger
}

func (a *Allocator) Run(ctx context.Context) {
\tt := time.NewTicker(a.cfg.RebalanceInterval)
\tdefer t.Stop()
\tfor {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn
\t\tcase now := <-t.C:
\t\t\tfor _, site := range a.sites.Limited(ctx) {
\t\t\t\ta.rebalance(ctx, site, now)
\t\t\t}
\t\t}
\t}
}

func (a *Allocator) capConnectors(ctx context.Context, site *Site, amps float64, now time.Time) {
\tfor _, c := range site.Charging() {
\t\treq := CapProfile(c.TxID, c.ConnectorID, amps, now)
\t\tif _, err := a.calls.SetChargingProfile(ctx, c.ChargePointID, req); err != nil {
\t\t\ta.log.Warn("SetChargingProfile failed", zap.String("cp", c.ChargePointID), zap.Error(err))
\t\t\tcontinue
\t\t}
\t\tc.CappedAt = amps
\t}
}
'''

SMARTCHARGING_YAML = '''# Dynamic load management for sites with a grid connection limit
# (sites.grid_limit_kw in the database).
rebalance_interval: 60s
cap_threshold: 0.85       # cap the charging connectors above this share of the limit
clear_threshold: 0.70     # clear the caps below it
shed_after_cycles: 2      # over the limit this many cycles with caps sent: stop the newest transactions
min_current_a: 6          # IEC 61851-1 minimum
'''

DEPLOYMENT = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: csms
  namespace: csms
spec:
  replicas: 3
  selector:
    matchLabels: { app: csms }
  template:
    metadata:
      labels: { app: csms }
    spec:
      containers:
        - name: csms
          image: registry.laadkracht.nl/platform/csms:main
          args: ["--config=/etc/csms/smartcharging.yaml"]
          env:
            - { name: NATS_URL, value: "nats://nats.ocpp:4222" }
            - { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: csms-db, key: url } } }
          resources:
            requests: { cpu: "1", memory: 1Gi }
            limits: { memory: 1Gi }
'''


def build_repo():
    jeroen = Person("Jeroen Bakker", "jeroen.bakker@laadkracht.nl", 60)
    femke = Person("Femke Jansen", "femke.jansen@laadkracht.nl", 60)
    sanne = Person("Sanne Visser", "sanne.visser@laadkracht.nl", 60)
    ioana = Person("Ioana Popescu", "ioana.popescu@laadkracht.nl", 120)
    tiago = Person("Tiago Almeida", "tiago.almeida@laadkracht.nl", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# csms\n\nLaadkracht's central system: OCPP 1.6J and 2.0.1 message handling (frames\narrive from ocpp-gateway over NATS), authorisation (RFID, app, OCPI tokens),\ntransactions, card pre-authorisation and the smart charging allocator.\n\n```\nmake test\ngo run ./cmd/csms --config config/smartcharging.yaml\n```\n\nReleases are synced to `prod-ams` by Argo CD (app `csms`). ocpp-gateway\n(`cmd/ocpp-gateway`) is its own Argo app and is released separately.\n",
        "docs/runbook.md": runbook("csms", [
            ("CsmsLoadShedding", "The allocator stopped transactions at a site over its grid limit. Check the\nsite's import (gridmeter-bridge) and whether the caps were applied."),
            ("CsmsAuthorizeLatency", "Authorize p99 over 2 s. Usually the OCPI token lookup; see ocpi-bridge."),
        ]),
        "go.mod": "module git.laadkracht.nl/platform/csms\n\ngo 1.23\n\nrequire (\n\tgithub.com/gorilla/websocket v1.5.3\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/nats-io/nats.go v1.37.0\n\tgo.uber.org/zap v1.27.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "cmd/csms/main.go": 'package main\n\n// csms: loads config, connects to NATS and Postgres, starts the OCPP\n// handlers and the smart charging allocator.\nfunc main() { run() }\n',
        "cmd/ocpp-gateway/main.go": 'package main\n\n// ocpp-gateway terminates the charge points\' websockets (wss://ocpp.laadkracht.nl/ocpp/<id>)\n// and relays frames to csms over NATS.\nfunc main() { serve() }\n',
        "internal/ocpp16/types.go": 'package ocpp16\n\nimport "time"\n\ntype ChargingSchedulePeriod struct {\n\tStartPeriod int     `json:"startPeriod"`\n\tLimit       float64 `json:"limit"`\n}\n\ntype ChargingSchedule struct {\n\tStartSchedule          time.Time                `json:"startSchedule"`\n\tChargingRateUnit       string                   `json:"chargingRateUnit"`\n\tChargingSchedulePeriod []ChargingSchedulePeriod `json:"chargingSchedulePeriod"`\n}\n\ntype ChargingProfile struct {\n\tChargingProfileID      int              `json:"chargingProfileId"`\n\tTransactionID          int              `json:"transactionId,omitempty"`\n\tStackLevel             int              `json:"stackLevel"`\n\tChargingProfilePurpose string           `json:"chargingProfilePurpose"`\n\tChargingProfileKind    string           `json:"chargingProfileKind"`\n\tChargingSchedule       ChargingSchedule `json:"chargingSchedule"`\n}\n\ntype SetChargingProfileReq struct {\n\tConnectorID int             `json:"connectorId"`\n\tProfile     ChargingProfile `json:"csChargingProfiles"`\n}\n',
        "internal/ocpp16/calls.go": 'package ocpp16\n\nimport "context"\n\n// Calls sends CSMS-initiated calls through the gateway and waits for the\n// CALLRESULT (30 s).\ntype Calls interface {\n\tSetChargingProfile(ctx context.Context, cp string, req SetChargingProfileReq) (string, error)\n\tClearChargingProfile(ctx context.Context, cp string, id int) (string, error)\n\tRemoteStopTransaction(ctx context.Context, cp string, txID int) (string, error)\n}\n',
        "internal/smartcharging/profiles.go": PROFILES_GO,
        "internal/smartcharging/allocator.go": ALLOCATOR_GO,
        "internal/authorization/authorize.go": 'package authorization\n\n// Authorize answers Authorize.req: our RFID cards and app tokens from Postgres,\n// roaming tokens from the OCPI token cache (ocpi-bridge keeps it in sync).\n',
        "internal/ocpp201/transaction_event.go": 'package ocpp201\n\n// TransactionEvent handles Started/Updated/Ended for 2.0.1 stations.\n',
        "config/smartcharging.yaml": SMARTCHARGING_YAML,
        "deploy/k8s/deployment.yaml": DEPLOYMENT,
        "deploy/k8s/kustomization.yaml": "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: csms-config\n    files: [../../config/smartcharging.yaml]\n",
        "Dockerfile": "FROM golang:1.23-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/csms ./cmd/csms\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/csms /csms\nENTRYPOINT [\"/csms\"]\n",
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.23' }\n      - run: go test ./...\n",
    }
    repo.commit(utc("2026-12-10 09:12:00"), jeroen, "csms: OCPP 1.6J/2.0.1 handlers, authorisation, smart charging allocator, Argo manifests", files)
    repo.schedule(chores(random.Random(37101), SERVICE, [tiago, ioana, femke], utc("2026-12-10 10:00:00"), utc("2026-12-15 16:00:00"), 4))
    repo.commit(utc("2026-12-11 13:40:00"), ioana, "ocpp201: map TransactionEvent stoppedReason to our stop reasons (CSMS-588)", {
        "internal/ocpp201/transaction_event.go": repo.files["internal/ocpp201/transaction_event.go"] + "\n// stoppedReason (EVDisconnected, Local, Remote, PowerLoss, ...) maps onto\n// the 1.6 StopTransaction reasons so reports treat both alike (CSMS-588).\n",
    })
    repo.commit(utc("2026-12-14 10:05:00"), jeroen, "smartcharging: round cap limits down to 0.1 A\n\nOCPP 1.6 gives a schedule period's limit one decimal; a 9.4666 A cap\nwas sent as is.", {
        "internal/smartcharging/profiles.go": repo.edit("internal/smartcharging/profiles.go", "{StartPeriod: 0, Limit: amps}", "{StartPeriod: 0, Limit: roundDown(amps, 1)}").replace(
            'import (\n\t"time"', 'import (\n\t"math"\n\t"time"')
        + "\nfunc roundDown(v float64, decimals int) float64 {\n\tp := math.Pow(10, float64(decimals))\n\treturn math.Floor(v*p) / p\n}\n",
    })
    repo.commit(utc("2026-12-14 15:30:00"), tiago, "ci: go vet and go test -race", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: go test ./...\n", "      - run: go vet ./...\n      - run: go test -race ./...\n"),
    })
    old_release = repo.commit(utc("2026-12-15 10:35:00"), ioana, "ocpp201: log the EV's requested energy from NotifyEVChargingNeeds (SC-207)", {
        "internal/ocpp201/transaction_event.go": repo.files["internal/ocpp201/transaction_event.go"] + "\n// NotifyEVChargingNeeds: the EV's energyAmount and departureTime are logged\n// and kept with the transaction for the allocator (SC-207).\n",
    })
    culprit = repo.commit(utc("2026-12-16 08:55:00"), jeroen, "smartcharging: site caps at stack level 10 so they stop replacing fleet schedules (SC-214)\n\nA site cap was sent as a TxProfile at stack level 1, the level the fleet\nAPI uses for customers' charging schedules. A profile with the same\npurpose and stack level replaces the one on the charge point, so clearing\na cap left the Ypenburg vans without their off-peak schedule. At stack\nlevel 10 the cap takes precedence while it is active, and clearing it\n(by id) brings the fleet's schedule back.", {
        "internal/smartcharging/profiles.go": repo.edit("internal/smartcharging/profiles.go",
            "// capStackLevel is the stack level of the TxProfiles that hold a site under\n// its grid connection limit.\nconst capStackLevel = 1\n",
            "// capStackLevel is the stack level of the TxProfiles that hold a site under\n// its grid connection limit. Fleet customers' schedules (fleet API) use\n// stack levels 1-5; the cap sits above them so it neither replaces them\n// nor loses to them (SC-214).\nconst capStackLevel = 10\n"),
    })
    head1 = repo.commit(utc("2026-12-16 09:22:00"), jeroen, "test: a site cap outranks a fleet schedule and clearing it keeps the schedule", {
        "internal/smartcharging/profiles_test.go": 'package smartcharging\n\nimport (\n\t"testing"\n\t"time"\n)\n\nfunc TestCapOutranksFleetSchedule(t *testing.T) {\n\tcp := newFakeChargePoint(t)\n\tcp.Install(fleetSchedule(3))\n\tcp.Install(CapProfile(41, 1, 10, time.Now()).Profile)\n\tif got := cp.EffectiveLimit(1); got != 10 {\n\t\tt.Fatalf("limit = %v, want the cap", got)\n\t}\n\tcp.Clear(capProfileID(1))\n\tif !cp.Has(fleetSchedule(3).ChargingProfileID) {\n\t\tt.Fatal("fleet schedule removed")\n\t}\n}\n',
    })
    repo.commit(utc("2026-12-16 11:35:00"), femke, "smartcharging: log charging profiles a charge point does not accept (SC-219)\n\nThe allocator ignored the CALLRESULT status of SetChargingProfile; a\nRejected cap was only visible in the gateway trace.", {
        "internal/smartcharging/allocator.go": repo.edit("internal/smartcharging/allocator.go",
            "\t\tif _, err := a.calls.SetChargingProfile(ctx, c.ChargePointID, req); err != nil {\n\t\t\ta.log.Warn(\"SetChargingProfile failed\", zap.String(\"cp\", c.ChargePointID), zap.Error(err))\n\t\t\tcontinue\n\t\t}\n",
            "\t\tstatus, err := a.calls.SetChargingProfile(ctx, c.ChargePointID, req)\n\t\tif err != nil {\n\t\t\ta.log.Warn(\"SetChargingProfile failed\", zap.String(\"cp\", c.ChargePointID), zap.Error(err))\n\t\t\tcontinue\n\t\t}\n\t\tif status != \"Accepted\" {\n\t\t\ta.log.Warn(\"charging profile not accepted by charge point\", zap.String(\"site\", site.ID), zap.String(\"cp\", c.ChargePointID),\n\t\t\t\tzap.Int(\"connectorId\", c.ConnectorID), zap.String(\"status\", status), zap.Float64(\"limitA\", amps), zap.String(\"firmware\", c.Firmware))\n\t\t}\n"),
    })
    repo.commit(utc("2026-12-16 13:10:00"), bot, "build(deps): bump github.com/jackc/pgx/v5 from 5.7.1 to 5.7.2", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.7.1", "github.com/jackc/pgx/v5 v5.7.2"),
    })
    repo.commit(utc("2026-12-16 14:40:00"), tiago, "docs: OCPI 2.2.1 module matrix per partner", {
        "docs/ocpi-modules.md": "# OCPI modules per partner\n\n| partner | via | tokens | sessions | cdrs | commands | tariffs |\n|---|---|---|---|---|---|---|\n| Roamlink hub | hub | pull 15 min | push | push | yes | push |\n| DE-PLG | direct | pull 15 min | push | push | yes | push |\n| BE-MOB | direct | real-time | push | push | no | push |\n",
    })
    head2 = repo.commit(utc("2026-12-16 15:56:00"), sanne, "smartcharging: rebalance every 30 s, cap at 90 % of the grid limit (SC-222)\n\nAt 0.85 Ypenburg is capped from 212 kW although the transformer allows\n250; the vans are late for the 06:30 shift. A 30 s cycle follows arrivals\nclosely enough to cap later.", {
        "config/smartcharging.yaml": repo.edit("config/smartcharging.yaml", "rebalance_interval: 60s\ncap_threshold: 0.85 ", "rebalance_interval: 30s\ncap_threshold: 0.90 "),
    })
    return repo, culprit, old_release, head1, head2


# ---------------------------------------------------------------------------
# the sites the allocator manages

SITES = [
    {"id": "NL-UTR-PAP", "name": "Utrecht Papendorp", "limit": 200, "base": 6.0, "cps": [f"OSTA22-00471{n:02d}" for n in range(1, 31)], "fw": "5.8.3", "maxstack": 8, "kind": "office"},
    {"id": "NL-HAG-YPB", "name": "Den Haag Ypenburg depot", "limit": 250, "base": 5.0, "cps": [f"OSTA22-00612{n:02d}" for n in range(1, 37)], "fw": "6.1.2", "maxstack": 16, "kind": "depot"},
    {"id": "NL-RTM-KRA", "name": "Rotterdam Kralingen Hoflaan", "limit": 150, "base": 4.0, "cps": [f"OSTA22-00481{n:02d}" for n in range(1, 33)], "fw": "5.8.3", "maxstack": 8, "kind": "residential"},
    {"id": "NL-EHV-STR", "name": "Eindhoven Strijp-S garage", "limit": 180, "base": 9.0, "cps": [f"OSTA22-00533{n:02d}" for n in range(1, 37)], "fw": "5.8.3", "maxstack": 8, "kind": "residential_late"},
]


def hm(t):
    return t.hour + t.minute / 60.0


def arrival_rate(kind, t):
    h = hm(t)
    if kind == "office":
        return 0.34 if 5.8 <= h < 7.4 else 0.05 if 7.4 <= h < 8.7 else 0.012
    if kind == "depot":
        return 0.5 if 14.8 <= h < 16.7 else 0.03 if 10 <= h < 14.8 else 0.01
    if kind == "residential":
        return 0.02 if h < 15.7 else 0.14 if h < 16.4 else 0.42 if h < 17.7 else 0.25
    return 0.02 if h < 15.8 else 0.15 if h < 16.45 else 0.45 if h < 17.8 else 0.25


def code_at(t, shas):
    old, head1, head2 = shas
    cur = ("2026.12.15-2", old, 1, 0.85, 60, False)
    for when, v in ((DEPLOY_AM, ("2026.12.16-1", head1, 10, 0.85, 60, False)), (DEPLOY_PM, ("2026.12.16-2", head2, 10, 0.90, 30, True)),
                    (ROLLBACK1, ("2026.12.16-1", head1, 10, 0.85, 60, False)), (ROLLBACK2, ("2026.12.15-2", old, 1, 0.85, 60, False))):
        if t >= when + READY:
            cur = v
    return cur


def zap_json(t, level, logger, caller, msg, **fields):
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "logger": logger, "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def zap_console(t, level, caller, msg, **fields):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return f"{stamp}\t{level}\t{caller}\t{msg}\t{json.dumps(fields, separators=(', ', ': '))}"


def build_logs(rng, culprit, old_release, head1, head2):
    csms, gw, meter, haproxy, argo, tickets, chat = (Log("csms.log"), Log("ocpp-gateway.log"), Log("gridmeter-bridge.log"), Log("haproxy.log"),
                                                     Log("argocd-application-controller.log"), Log("support-tickets.log"), Log("chat.log"))
    shas = (old_release, head1, head2)
    stats = {"import": {s["id"]: [] for s in SITES}, "accepted": [], "rejected": [], "stops": {"Remote-shed": [], "Remote-app": [], "EVDisconnected": [], "Local": []}}
    first_reject, sheds, cap_events = [], [], []

    def c(t, level, logger, caller, msg, **f):
        if t >= START:
            csms.add(t, zap_json(t, level, logger, caller, msg, **f))

    def g(t, level, caller, msg, **f):
        if t >= START:
            gw.add(t, zap_console(t, level, caller, msg, **f))

    def uid():
        return f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"

    def id_tag():
        k = rng.random()
        if k < 0.45:
            return "rfid", f"04{hexid(rng, 4).upper()}******"
        if k < 0.75:
            return "app", f"app:{hexid(rng, 10)}"
        return "ocpi", f"ocpi:{rng.choice(['DE-PLG', 'DE-PLG', 'BE-MOB', 'NL-VLX', 'FR-CHX', 'NL-EVR'])}:{hexid(rng, 6).upper()}…"

    def call(t, cp, action, result, rtt_ms, **payload):
        u = uid()
        g(t, "INFO", "ocpp/outbound.go:74", "call sent", cp=cp, uniqueId=u, action=action, **payload)
        t2 = t + dt.timedelta(milliseconds=rtt_ms)
        res = {"cp": cp, "uniqueId": u, "action": action}
        res.update(result)
        res["rtt_ms"] = rtt_ms
        g(t2, "INFO", "ocpp/outbound.go:121", "call result", **res)
        return t2

    used_tx = set()

    def new_tx(t):
        tx = 4410000 + int((t - SIM_START).total_seconds() / 5)
        while tx in used_tx:
            tx += 1
        used_tx.add(tx)
        return tx

    def start_tx(t, cp, connector, site, auth, tag, remote=False):
        tx = new_tx(t)
        if remote:
            call(t - dt.timedelta(seconds=rng.uniform(4, 9)), cp, "RemoteStartTransaction", {"status": "Accepted"}, rng.randint(180, 900), connectorId=connector)
        where = {"site": site} if site else {}
        c(t, "info", "ocpp16", "ocpp16/transactions.go:58", "transaction started", cp=cp, connectorId=connector, transactionId=tx, **where, auth=auth, idTag=tag, meterStart=rng.randint(100000, 9000000))
        return tx

    def stop_tx(t, cp, tx, site, reason, kwh, started):
        where = {"site": site} if site else {}
        c(t, "info", "ocpp16", "ocpp16/transactions.go:112", "transaction stopped", cp=cp, transactionId=tx, **where, reason=reason, energy_kwh=round(kwh, 2), duration_s=int((t - started).total_seconds()))

    # --- deploys: Argo CD and start lines
    def argo_line(t, msg, **f):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"', "application=argocd/csms"]
        parts += [f"{k}={v}" for k, v in f.items()]
        argo.add(t, " ".join(parts))

    history = {old_release: 141, head1: 142, head2: 143}
    rs_hash = {}
    for when, sha, verb, who in ((DEPLOY_AM, head1, "Initiated automated sync to", None), (DEPLOY_PM, head2, "Initiated automated sync to", None),
                                 (ROLLBACK1, head1, "Initiated rollback to", "sanne.visser@laadkracht.nl"), (ROLLBACK2, old_release, "Initiated rollback to", "sanne.visser@laadkracht.nl")):
        if who is None:
            argo_line(when - dt.timedelta(seconds=1), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "csms"})
        extra = {"dest-namespace": "csms", "dest-server": '"https://kubernetes.default.svc"', "reason": "OperationStarted", "type": "Normal"}
        if who:
            extra["initiatedBy"] = who
        argo_line(when, f"{verb} '{sha}'" + (f" (history id {history[sha]})" if who else ""), **extra)
        ver = code_at(when + READY, shas)
        rs = rs_hash.setdefault(sha, "".join(rng.choice("bcdfghjkmnpqrstvwxz2456789") for _ in range(10)))
        for k in range(3):
            ts = when + dt.timedelta(seconds=9 + 11 * k + rng.uniform(0, 3))
            pod = f"csms-{rs}-{''.join(rng.choice('bcdfghjkmnpqrstvwxz2456789') for _ in range(5))}"
            c(ts, "info", "main", "csms/main.go:41", "csms starting", version=ver[0], commit=ver[1][:12], pod=pod, go="go1.23.4")
            c(ts + dt.timedelta(milliseconds=312), "info", "main", "csms/main.go:67", "connected to NATS", url="nats://nats.ocpp:4222", pod=pod)
            c(ts + dt.timedelta(milliseconds=540), "info", "smartcharging", "smartcharging/allocator.go:52", "allocator started", pod=pod, leader=(k == 0), rebalance_interval=f"{ver[4]}s", cap_threshold=ver[3], clear_threshold=0.7, shed_after_cycles=2)
        done = when + dt.timedelta(seconds=44)
        argo_line(done, f"Sync operation to {sha} succeeded", **{"dest-namespace": "csms", "dest-server": '"https://kubernetes.default.svc"', "reason": "OperationCompleted", "type": "Normal"})
        argo_line(done + dt.timedelta(seconds=1), "Updated health status: Progressing -> Healthy", **{"dest-namespace": "csms"})
        if who:
            argo_line(done + dt.timedelta(seconds=2), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "csms"})
    t = START + dt.timedelta(seconds=71)
    while t < END:
        argo_line(t, "Reconciliation completed", **{"comparison-level": 1, "dest-namespace": "csms", "diff_ms": rng.randint(2, 9), "git_ms": rng.randint(40, 220), "time_ms": rng.randint(110, 420)})
        t += dt.timedelta(seconds=180 + rng.uniform(-4, 4))

    # --- the managed sites, simulated cycle by cycle
    srng = random.Random(SITE_SEED)
    for site in SITES:
        sid, limit, base = site["id"], site["limit"], site["base"]
        free = list(site["cps"])
        srng.shuffle(free)
        sessions = []
        pending = []
        for a in poisson_times(srng, SIM_START, END, 0.5):
            if srng.random() < arrival_rate(site["kind"], a) / 0.5:
                pending.append(a)
        if site["kind"].startswith("residential"):
            for _ in range(srng.randint(6, 9)):
                cp = free.pop()
                st = SIM_START - dt.timedelta(hours=srng.uniform(7, 13))
                leave = SIM_START + dt.timedelta(hours=srng.uniform(1.5, 5)) if srng.random() < 0.6 else END + dt.timedelta(hours=2)
                sessions.append({"cp": cp, "tx": new_tx(st), "start": st, "power": 11.0, "need": 20.0, "got": 20.0, "leave": leave, "sent": None, "actual": 11.0})
        capped = False
        over_cycles = 0
        t = SIM_START
        prev_ver = None
        while t < END:
            ver = code_at(t, shas)
            interval = ver[4]
            if prev_ver is not None and ver[0] != prev_ver[0]:
                # a new leader re-applies the caps of the sites it finds capped
                over_cycles = 0
                if capped:
                    c(t, "info", "smartcharging", "smartcharging/allocator.go:64", "leader elected, re-applying site caps", site=sid, connectors=sum(1 for s in sessions if s["sent"] is not None))
                for s in sessions:
                    s["sent"] = None
            prev_ver = ver
            step = dt.timedelta(seconds=interval)
            # arrivals in (t - step, t]
            while pending and pending[0] <= t:
                a = pending.pop(0)
                if not free:
                    continue
                cp = free.pop()
                power = srng.choice([11.0, 11.0, 11.0, 7.4, 7.4, 3.7]) if site["kind"] != "depot" else 11.0
                need = srng.uniform(28, 55) if site["kind"] == "depot" else srng.uniform(8, 30) if a.hour < 15 else srng.uniform(14, 42)
                if site["kind"] == "office":
                    leave = utc("2026-12-16 15:00:00") + dt.timedelta(minutes=srng.uniform(0, 150))
                elif site["kind"] == "depot":
                    leave = a + dt.timedelta(hours=14)
                else:
                    stays = 0.85 if a.hour >= 15 else 0.25
                    leave = a + dt.timedelta(hours=srng.uniform(10, 16)) if srng.random() < stays else a + dt.timedelta(minutes=srng.uniform(40, 240))
                auth, tag = id_tag() if site["kind"] != "depot" else ("rfid", f"04{hexid(rng, 4).upper()}******")
                if site["kind"] == "depot" and srng.random() < 0.6:
                    auth, tag = "fleet", f"fleet:YPB-{srng.randint(100, 199)}"
                tx = start_tx(a, cp, 1, sid, auth, tag, remote=(auth == "app"))
                sessions.append({"cp": cp, "tx": tx, "start": a, "power": power, "need": need, "got": 0.0, "leave": leave, "sent": None, "actual": power})
            # departures
            for s in list(sessions):
                if s["leave"] <= t:
                    reason = "EVDisconnected" if rng.random() < 0.8 else "Local"
                    stop_tx(s["leave"], s["cp"], s["tx"], sid, reason, s["got"], s["start"])
                    stats["stops"][reason].append(s["leave"])
                    sessions.remove(s)
                    free.append(s["cp"])
            charging = [s for s in sessions if s["got"] < s["need"]]
            demand = sum(s["power"] for s in charging)
            thr = ver[3]
            accepted = ver[2] <= site["maxstack"]
            # what flows now, given the caps in force
            imp = base + sum(min(s["power"], s["actual"]) for s in charging)
            if not capped and imp > thr * limit:
                capped = True
                cap_events.append((t, sid, "cap"))
                c(t, "info", "smartcharging", "smartcharging/allocator.go:118", "site load above cap threshold, capping connectors", site=sid, import_kw=round(imp, 1), limit_kw=limit, cap_threshold=thr, connectors=len(charging))
            elif capped and base + demand < 0.7 * limit:
                capped = False
                over_cycles = 0
                cap_events.append((t, sid, "clear"))
                c(t, "info", "smartcharging", "smartcharging/allocator.go:131", "site load below clear threshold, clearing caps", site=sid, import_kw=round(imp, 1), limit_kw=limit, connectors=len(charging))
                tc = t + dt.timedelta(milliseconds=rng.randint(20, 80))
                for s in sessions:
                    if s["sent"] is not None:
                        tc = call(tc, s["cp"], "ClearChargingProfile", {"status": "Accepted" if accepted or s.get("applied") else "Unknown"}, rng.randint(150, 700), id=900001)
                        s["sent"], s["actual"], s["applied"] = None, s["power"], False
            if capped and charging:
                amps = max(6.0, ((thr * limit - base) * 1000 / 3 / 230) / len(charging))
                amps = int(amps * 10) / 10.0
                tc = t + dt.timedelta(milliseconds=rng.randint(20, 80))
                for s in charging:
                    if s["sent"] is None or abs(s["sent"] - amps) >= 0.5:
                        ok = accepted
                        tc = call(tc, s["cp"], "SetChargingProfile", {"status": "Accepted" if ok else "Rejected"}, rng.randint(160, 640),
                                  connectorId=1, chargingProfileId=900001, transactionId=s["tx"], purpose="TxProfile", stackLevel=ver[2], limit=amps, unit="A")
                        (stats["accepted"] if ok else stats["rejected"]).append(tc)
                        if not ok:
                            first_reject.append(tc)
                            if ver[5]:
                                c(tc + dt.timedelta(milliseconds=2), "warn", "smartcharging", "smartcharging/allocator.go:96", "charging profile not accepted by charge point", site=sid, cp=s["cp"], connectorId=1, status="Rejected", limitA=amps, firmware=f"Ostara AC22 {site['fw']}")
                        s["sent"] = amps
                        if ok:
                            s["actual"] = amps * 3 * 230 / 1000
                            s["applied"] = True
                imp = base + sum(min(s["power"], s["actual"]) for s in charging)
                if imp > limit:
                    over_cycles += 1
                    c(tc + dt.timedelta(milliseconds=40), "warn", "smartcharging", "smartcharging/allocator.go:142", "site import above grid limit with caps in place", site=sid, import_kw=round(imp, 1), limit_kw=limit, cycles=over_cycles)
                    if over_cycles >= 2:
                        newest = sorted(charging, key=lambda s: s["start"], reverse=True)
                        ts = tc + dt.timedelta(milliseconds=rng.randint(100, 300))
                        for s in newest:
                            if imp <= limit * 0.96:
                                break
                            imp -= min(s["power"], s["actual"])
                            c(ts, "warn", "smartcharging", "smartcharging/allocator.go:158", "shedding load: stopping newest transaction", site=sid, cp=s["cp"], transactionId=s["tx"], import_kw=round(imp + min(s["power"], s["actual"]), 1), limit_kw=limit)
                            ts = call(ts, s["cp"], "RemoteStopTransaction", {"status": "Accepted"}, rng.randint(200, 700), transactionId=s["tx"])
                            stop_at = ts + dt.timedelta(seconds=srng.uniform(1.5, 4))
                            stop_tx(stop_at, s["cp"], s["tx"], sid, "Remote", s["got"], s["start"])
                            stats["stops"]["Remote-shed"].append(stop_at)
                            sheds.append((stop_at, sid, s["cp"]))
                            sessions.remove(s)
                            charging.remove(s)
                            free.append(s["cp"])
                            ts = stop_at
                            if srng.random() < 0.35 and stop_at + dt.timedelta(minutes=2) < END:
                                pending.append(stop_at + dt.timedelta(minutes=srng.uniform(2, 7)))
                                pending.sort()
                        over_cycles = 0
                        imp = base + sum(min(s["power"], s["actual"]) for s in charging)
                else:
                    over_cycles = 0
            # energy
            for s in charging:
                s["got"] += min(s["power"], s["actual"]) * interval / 3600.0
            stats["import"][sid].append((t, imp))
            t += step

    # --- site meters (gridmeter-bridge, Modbus TCP, once a minute)
    for site in SITES:
        series = stats["import"][site["id"]]
        t = START + dt.timedelta(seconds=rng.randint(3, 40))
        idx = 0
        while t < END:
            while idx + 1 < len(series) and series[idx + 1][0] <= t:
                idx += 1
            kw = series[idx][1] * rng.uniform(0.985, 1.015)
            amps = kw * 1000 / 3 / 230
            level = "warn" if kw > site["limit"] else "info"
            meter.add(t, logfmt(t, level, "site meter", site=site["id"], meter=f"{site['id'].lower()}-em1", import_kw=f"{kw:.1f}", limit_kw=site["limit"],
                                l1_a=f"{amps * rng.uniform(0.97, 1.03):.0f}", l2_a=f"{amps * rng.uniform(0.97, 1.03):.0f}", l3_a=f"{amps * rng.uniform(0.97, 1.03):.0f}", poll_ms=rng.randint(18, 70)))
            t += dt.timedelta(seconds=60)
    for w in poisson_times(rng, START, END, 0.02):
        meter.add(w, logfmt(w, "warn", "modbus read timeout, using previous value", site="NL-HAG-YPB", meter="nl-hag-ypb-em1", timeout="2s"))

    # --- the rest of the network: sessions at sites without a grid limit
    others = [f"{p}-{n:07d}" for p, n in [(rng.choice(["OSTA22", "OSTA22", "HLX150", "WBX11"]), rng.randint(40000, 69999)) for _ in range(900)]]
    open_tx = []
    for _ in range(60):
        st = START - dt.timedelta(minutes=rng.uniform(10, 400))
        open_tx.append((st, rng.choice(others), new_tx(st), START + dt.timedelta(minutes=rng.uniform(0, 200)), False))

    def net_rate(t):
        h = hm(t)
        return 3.2 if h < 15 else 4.6 if h < 16 else 5.8
    for w in poisson_times(rng, START, END, 6.0):
        if rng.random() > net_rate(w) / 6.0:
            continue
        cp = rng.choice(others)
        auth, tag = id_tag()
        dc = cp.startswith("HLX")
        if dc and rng.random() < 0.3:
            auth, tag = "card", f"preauth:{hexid(rng, 8)}"
            if rng.random() < 0.05:
                c(w, "warn", "payments", "payments/preauth.go:88", "payment pre-authorisation declined", cp=cp, amount_eur="50.00", psp_ref=f"PSP{hexid(rng, 10).upper()}", refusal="Not enough balance")
                continue
            c(w - dt.timedelta(seconds=2), "info", "payments", "payments/preauth.go:71", "payment pre-authorisation approved", cp=cp, amount_eur="50.00", psp_ref=f"PSP{hexid(rng, 10).upper()}")
        if auth == "rfid" and rng.random() < 0.06:
            c(w, "info", "authorization", "authorization/authorize.go:64", "authorize", cp=cp, idTag=tag, status=rng.choice(["Invalid", "Invalid", "Blocked", "Expired"]))
            continue
        tx = start_tx(w, cp, rng.choice([1, 1, 2]), None, auth, tag, remote=(auth == "app"))
        dur = dt.timedelta(minutes=rng.uniform(20, 60)) if dc else dt.timedelta(minutes=rng.lognormvariate(4.6, 0.6))
        open_tx.append((w, cp, tx, w + dur, dc))
    for st, cp, tx, end_at, dc in open_tx:
        if end_at >= END:
            continue
        if rng.random() < 0.12 and not dc:
            call(end_at - dt.timedelta(seconds=5), cp, "RemoteStopTransaction", {"status": "Accepted"}, rng.randint(200, 800), transactionId=tx)
            reason = "Remote"
            stats["stops"]["Remote-app"].append(end_at)
        else:
            reason = rng.choice(["EVDisconnected", "EVDisconnected", "Local"])
            stats["stops"][reason].append(end_at)
        kwh = (end_at - st).total_seconds() / 3600 * (rng.uniform(40, 120) if dc else rng.uniform(3, 10))
        stop_tx(end_at, cp, tx, None, reason, kwh, st)
    # routine faults and noise
    for w in poisson_times(rng, START, END, 0.08):
        cp = rng.choice(others)
        c(w, "warn", "ocpp16", "ocpp16/status.go:44", "connector faulted", cp=cp, connectorId=rng.choice([1, 2]), errorCode=rng.choice(["GroundFailure", "GroundFailure", "EVCommunicationError", "OverCurrentFailure", "ConnectorLockFailure"]), vendorErrorCode=f"E{rng.randint(100, 999)}")
    for w in poisson_times(rng, START, END, 0.05):
        c(w, "warn", "ocpp16", "ocpp16/heartbeat.go:30", "heartbeat overdue", cp=rng.choice(others), last_seen_s=rng.randint(960, 4000))
    for w in poisson_times(rng, START, END, 0.03):
        c(w, "warn", "ocpp16", "ocpp16/meter.go:77", "meter values out of order, dropped", cp=rng.choice(others), transactionId=rng.randint(4380000, 4418000), skew_s=rng.randint(-900, -30))
    t = START + dt.timedelta(seconds=45)
    while t < END:
        c(t, "info", "smartcharging", "smartcharging/allocator.go:77", "allocator cycle summary", sites_limited=len(SITES), window="5m", chargepoints_online=rng.randint(1768, 1781))
        t += dt.timedelta(minutes=5)

    # --- the websocket load balancer: connections that end (cellular drops, reboots)
    for w in poisson_times(rng, START, END, 0.55):
        cp = rng.choice(others + [x for s in SITES for x in s["cps"]])
        opened = w - dt.timedelta(seconds=rng.uniform(600, 90000))
        stamp = opened.strftime("%d/%b/%Y:%H:%M:%S.") + f"{opened.microsecond // 1000:03d}"
        ta = int((w - opened).total_seconds() * 1000)
        state = rng.choice(["CD--", "CD--", "cD--", "SD--", "----"])
        haproxy.add(w, syslog3164(w, f"lb-ocpp-{rng.randint(1, 2)}", "haproxy", 2114, f'{rng.choice(["85.144", "31.20", "62.45", "188.88"])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:{rng.randint(30000, 65000)} [{stamp}] ocpp-wss~ ocpp-gateway/gw-{rng.randint(1, 3)} 0/0/1/4/{ta} 101 187 - - {state} {rng.randint(1790, 1810)}/{rng.randint(1790, 1810)}/{rng.randint(1780, 1800)}/{rng.randint(590, 610)}/0 0/0 "GET /ocpp/{cp} HTTP/1.1"'))
        rec = w + dt.timedelta(seconds=rng.uniform(5, 60))
        if rec < END:
            g(rec, "INFO", "ws/server.go:143", "charge point connected", cp=cp, subprotocol="ocpp1.6", remote=f"10.20.{rng.randint(0, 3)}.{rng.randint(2, 250)}")
            g(rec + dt.timedelta(milliseconds=rng.randint(300, 2000)), "INFO", "ws/relay.go:61", "frame relayed", cp=cp, action="BootNotification" if state == "SD--" else "StatusNotification", dir="in")

    # --- ops console: GetConfiguration during the investigation
    for stamp, cp, value in (("2026-12-16 17:20:41", "OSTA22-0048131", "8"), ("2026-12-16 17:21:26", "OSTA22-0061207", "16")):
        w = utc(stamp)
        c(w - dt.timedelta(milliseconds=30), "info", "opsconsole", "opsconsole/handlers.go:52", "ops console request", user="femke.jansen", cp=cp, action="GetConfiguration")
        call(w, cp, "GetConfiguration", {"configurationKey": [{"key": "ChargeProfileMaxStackLevel", "readonly": True, "value": value},
                                                             {"key": "ChargingScheduleAllowedChargingRateUnit", "readonly": True, "value": "Current"},
                                                             {"key": "MaxChargingProfilesInstalled", "readonly": True, "value": "10" if value == "8" else "20"}]},
             rng.randint(300, 700), key=["ChargeProfileMaxStackLevel", "ChargingScheduleAllowedChargingRateUnit", "MaxChargingProfilesInstalled"])

    # --- support tickets
    def ticket(t, number, channel, subject, text, location=None, evse=None):
        body = {"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": number, "channel": channel, "subject": subject, "description": text}
        if location:
            body["location"] = location
        if evse:
            body["evse"] = evse
        tickets.add(t, json.dumps(body, ensure_ascii=False))

    number = 48201
    for stamp, channel, subject, text, loc in (
            ("2026-12-16 09:48:12", "email", "Factuur klopt niet", "Ik ben twee keer gefactureerd voor een sessie van 14/12.", None),
            ("2026-12-16 11:02:40", "phone", "Pas werkt niet", "Laadpas wordt geweigerd (Invalid), pas is net vervangen.", "Amersfoort Stationsplein"),
            ("2026-12-16 12:31:05", "app", "Payment failed", "Card payment at the fast charger was declined, my card works everywhere else.", "A12 Bodegraven"),
            ("2026-12-16 14:16:55", "phone", "Laadpaal defect", "Paal geeft rood lampje, laadt niet.", "Haarlem Zijlweg"),
            ("2026-12-16 15:40:20", "email", "Roaming card", "My Plugpass card was refused once, worked the second time.", "Leiden Centraal P3")):
        number += rng.randint(1, 9)
        ticket(utc(stamp), number, channel, subject, text, loc)
    names = {s["id"]: s["name"] for s in SITES}
    for stop_at, sid, cp in sheds:
        if rng.random() < 0.45:
            w = stop_at + dt.timedelta(minutes=rng.uniform(2, 12))
            if w < END:
                number += rng.randint(1, 6)
                ticket(w, number, rng.choice(["phone", "phone", "app", "chat"]), rng.choice(["Laden stopt vanzelf", "Charging stopped", "Sessie afgebroken", "Laden gestopt na paar minuten"]),
                       rng.choice(["Na een paar minuten stopte het laden, app zegt sessie beëindigd.", "Charging stopped by itself after 5 minutes, restarted and it stopped again.", "Sessie gestopt terwijl de auto nog lang niet vol was.", "Auto laadt niet meer, in de app staat 'gestopt door operator'."]),
                       names[sid], f"NL*LDK*E{cp[-7:]}*1")

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #csms-oncall <{who}> {text}")

    n_shed = len([s for s in sheds if s[0] < ROLLBACK2 + dt.timedelta(minutes=2)])
    ypb_cap = min(t for t, sid, kind in cap_events if sid == "NL-HAG-YPB" and kind == "cap" and t > START)
    pap_clear = max(t for t, sid, kind in cap_events if sid == "NL-UTR-PAP" and kind == "clear")
    assert START < pap_clear < DEPLOY_AM, pap_clear
    first = min(first_reject)
    say("2026-12-16 09:38:30", "jeroen.bakker", f"releasing csms main ({head1[:8]}): SC-214 site caps at stack level 10 + its test. Ypenburg keeps the fleet schedules now")
    say("2026-12-16 09:45:10", "jeroen.bakker", f"2026.12.16-1 out, allocator leader elected, caps none right now (Papendorp cleared at {pap_clear.strftime('%H:%M')})")
    say("2026-12-16 15:27:05", "jeroen.bakker", f"Ypenburg capped since {ypb_cap.strftime('%H:%M')}, profiles accepted at stack 10 and the fleet's off-peak schedule is still installed under it 👍")
    say("2026-12-16 16:15:40", "sanne.visser", f"releasing {head2[:8]}: SC-222 rebalance every 30 s + cap threshold 0.90, SC-219 log non-accepted profiles, pgx 5.7.2")
    say("2026-12-16 16:21:05", "sanne.visser", "2026.12.16-2 out")
    say("2026-12-16 16:52:40", "grafana", "[FIRING:1] CsmsLoadShedding (site=NL-RTM-KRA severity=page)")
    say("2026-12-16 16:55:30", "lotte.deboer", "Kralingen Hoflaan: drivers calling, charging stops by itself after a few minutes")
    say("2026-12-16 16:59:10", "sanne.visser", f"allocator is shedding at Kralingen: import over 150 kW with caps in place. and 'charging profile not accepted by charge point' warnings since {first.strftime('%H:%M')}, that's SC-219 from my release. 0.90 and the 30 s cycle came with it")
    say("2026-12-16 17:04:55", "sanne.visser", "rolling csms back to 2026.12.16-1 (history 142)")
    say("2026-12-16 17:08:15", "sanne.visser", "rolled back, 60 s and 0.85 again")
    say("2026-12-16 17:10:40", "grafana", "[FIRING:2] CsmsLoadShedding (site=NL-EHV-STR severity=page)")
    say("2026-12-16 17:11:50", "sanne.visser", "still shedding, Kralingen and now Strijp-S. the not-accepted warnings are gone, but the old code doesn't log them at all")
    say("2026-12-16 17:13:05", "ruben.noc", "can we switch shedding off at Kralingen? people are really angry")
    say("2026-12-16 17:14:10", "sanne.visser", "no: 150 kW contracted with Stedin, main fuse 3x250 A. over that we trip the whole site")
    say("2026-12-16 17:17:45", "femke.jansen", "gateway trace: every SetChargingProfile to Kralingen and Strijp-S comes back Rejected, stackLevel 10. Ypenburg accepts. Kralingen and Strijp are Ostara fw 5.8.3, Ypenburg 6.1.2")
    say("2026-12-16 17:22:05", "femke.jansen", "GetConfiguration on OSTA22-0048131: ChargeProfileMaxStackLevel 8 (readonly). a Ypenburg one says 16")
    say("2026-12-16 17:23:30", "jeroen.bakker", "that's SC-214 from this morning, caps went from stack level 1 to 10 and I never looked at ChargeProfileMaxStackLevel. Papendorp is 5.8.3 too but its caps were cleared before the deploy. sorry")
    say("2026-12-16 17:26:10", "sanne.visser", "rolling back to yesterday's 2026.12.15-2 (history 141), SC-214 and SC-222 both out")
    say("2026-12-16 17:32:20", "sanne.visser", "on 2026.12.15-2. Kralingen and Strijp-S caps accepted at stack 1, import under the limit")
    say("2026-12-16 17:41:00", "lotte.deboer", f"{n_shed} sessions were stopped by the allocator; we're sending those drivers a push to re-plug and a goodwill credit")
    say("2026-12-16 17:55:30", "jeroen.bakker", "revert PR up. next try caps at min(10, ChargeProfileMaxStackLevel) from the BootNotification config snapshot, and the allocator will stop trusting a cap it did not get Accepted for")
    info = {"pap_clear": pap_clear, "ypb_cap": ypb_cap}
    return [csms, gw, meter, haproxy, argo, tickets, chat], first_reject, sheds, stats, info


def build(out_dir):
    rng = random.Random(37100)
    repo, culprit, old_release, head1, head2 = build_repo()
    try:
        logs, first_reject, sheds, stats, info = build_logs(rng, culprit, old_release, head1, head2)
        onset = min(first_reject).replace(microsecond=0)
        assert utc("2026-12-16 16:43:00") <= onset <= utc("2026-12-16 16:50:00"), onset
        first_shed = min(s[0] for s in sheds)
        assert onset < first_shed <= utc("2026-12-16 16:58:30"), first_shed
        strijp = min(s[0] for s in sheds if s[1] == "NL-EHV-STR")
        assert utc("2026-12-16 17:00:00") <= strijp <= utc("2026-12-16 17:10:30"), strijp
        assert all(s[0] < ROLLBACK2 + dt.timedelta(minutes=2) for s in sheds), max(sheds)

        def per_min(series, minutes=1):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        def import_at(sid):
            series = stats["import"][sid]
            def fn(t):
                best = None
                for when, v in series:
                    if when <= t:
                        best = v
                    else:
                        break
                return round(best, 1) if best is not None else None
            return fn
        mstart = utc("2026-12-16 14:00:00")
        metrics = {
            "site_import_kw.json": query_range(
                [({"site": s["id"], "__name__": "site_grid_import_kw"}, import_at(s["id"])) for s in SITES]
                + [({"site": s["id"], "__name__": "site_grid_limit_kw"}, (lambda lim: (lambda t: lim))(s["limit"])) for s in SITES],
                mstart, END, 60),
            "ocpp_set_charging_profile_results.json": query_range([
                ({"action": "SetChargingProfile", "status": "Accepted"}, per_min(stats["accepted"], 5)),
                ({"action": "SetChargingProfile", "status": "Rejected"}, per_min(stats["rejected"], 5)),
            ], mstart, END, 60),
            "csms_transactions_stopped.json": query_range([
                ({"reason": "Remote", "initiator": "allocator"}, per_min(stats["stops"]["Remote-shed"], 5)),
                ({"reason": "Remote", "initiator": "app"}, per_min(stats["stops"]["Remote-app"], 5)),
                ({"reason": "EVDisconnected", "initiator": "chargepoint"}, per_min(stats["stops"]["EVDisconnected"], 5)),
                ({"reason": "Local", "initiator": "chargepoint"}, per_min(stats["stops"]["Local"], 5)),
            ], mstart, END, 60),
        }
        hours = (onset - utc("2026-12-16 08:55:00")).total_seconds() / 3600
        n_shed = len(sheds)
        return write_scenario(
            out_dir, name="r37-cap-profile-stack-level", service=SERVICE, onset=onset,
            description=f"""
Laadkracht's smart charging starts stopping drivers' sessions at the
Rotterdam Kralingen residential hub on Wednesday 16 December: from
{onset.strftime('%H:%M:%S')} UTC, as the evening peak passes the site's cap threshold,
the site's import climbs over its 150 kW grid limit although the
allocator has sent its caps, and it sheds load by stopping the newest
transactions, again and again; Eindhoven Strijp-S follows at about
{strijp.strftime('%H:%M')} ({n_shed} sessions stopped in all). A release with a faster rebalance
cycle, a higher cap threshold and new logging of non-accepted profiles
had gone out at 16:18; rolling it back at 17:06 did not help. The
rollback to the previous day's release at 17:29 ends it.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "ocpp-gateway.log": r'<Time>\t<Level>\t<Caller>\t<Content>',
            },
            root_cause=[
                r"charging profile not accepted by charge point",
                r'"action": "SetChargingProfile", "status": "Rejected"',
                r"ChargeProfileMaxStackLevel",
            ],
            fix_files=["internal/smartcharging/profiles.go"],
            explanation=f"""
The culprit is SC-214 ("smartcharging: site caps at stack level 10 so
they stop replacing fleet schedules"), committed at 08:55 UTC and synced
at 09:41, {hours:.1f} hours before the onset, in a release whose Argo revision
and start lines name the test commit after it. It sends every site cap
(a TxProfile) at stack level 10 instead of 1 without looking at the
charge point's ChargeProfileMaxStackLevel. Ostara AC22 chargers on
firmware 5.8.3 accept at most 8 and answer SetChargingProfile with
Rejected; the allocator does not check the CALLRESULT status, believes
the caps are in place and, with the site over its grid limit for two
cycles, stops the newest transactions. Nothing needs a cap at a 5.8.3
site between the deploy and the evening peak (Papendorp's morning caps
were cleared at {info['pap_clear'].strftime('%H:%M')}, before it; Ypenburg, on 6.1.2, accepts stack 10),
so the first Rejected comes at Kralingen at the onset and Strijp-S
follows. The fix reverts the stack level in
internal/smartcharging/profiles.go (the rollback to 2026.12.15-2 ends
it); GetConfiguration shows ChargeProfileMaxStackLevel 8.
Decoys: the 16:18 release, {round((onset - DEPLOY_PM).total_seconds() / 60)} minutes before the onset (SC-222:
rebalance 60 s -> 30 s and cap threshold 0.85 -> 0.90 in
config/smartcharging.yaml; the pgx 5.7.2 bump; SC-219, which adds the
very "charging profile not accepted by charge point" warning), rolled
back at 17:06 without effect (the warning stops, the shedding goes on);
the test commit the 09:41 sync names; the round-down commit to the
culprit's file two days before; the NotifyEVChargingNeeds and OCPI
module docs commits; Ypenburg's caps accepted all afternoon; routine
faulted connectors, invalid cards, declined pre-authorisations, overdue
heartbeats, cellular websocket drops and Modbus read timeouts.
""",
        )
    finally:
        repo.close()
