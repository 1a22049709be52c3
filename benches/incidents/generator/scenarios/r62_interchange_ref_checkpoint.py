"""edi-hub (Go 1.23, zap; two pods on EKS in eu-central-1, synced by Argo
CD from `main`; team in Hamburg, Gdańsk and Chennai) of Tidewell Line, a
container shipping line. edi-hub exchanges EDIFACT with the terminals and
depots where Tidewell's boxes are picked up and delivered, through the
company's AS2 gateway: COPARN out (release orders for empty pick-ups and
acceptance orders for export deliveries, one message per interchange, made
from booking-api's events), CODECO, COARRI, APERAK and CONTRL in. Only the
holder of the Kubernetes lease `edi/edi-hub-outbound` sends. Each
interchange's control reference (UNB 0020) came from a PostgreSQL sequence.
Four of the eight partners' EDI gateways (Elbkai in Hamburg, Maasvlakte
West in Rotterdam, Deltadok in Antwerp, Westerplatte in Gdańsk) reject an
interchange whose reference they have already received from the same
sender, with a CONTRL `UCI+<ref>+TDWL+<partner>+4+26` (action 4, rejected;
syntax error 26, duplicate detected). A rejected release order is not in
the terminal's system and its truck is turned away at the gate.

Tuesday 17 February 15:22 UTC, EDI-412: one `nextval` per interchange had
been the top wait in Monday's COPARN fan-out after a schedule change, so
the references now come from a counter per partner in the leader's
memory, whose high-water mark is saved every 500 references; "a new
leader resumes from the saved mark". It resumes *at* the mark: every
reference used between the last save and the leader's end is handed out
again. The migration starts each partner at the sequence's last value, so
Wednesday's 2.14.0 (15:10 UTC, the sync names the docs commit after it)
starts cleanly, and nothing restarts edi-hub for 18 hours.

Thursday 19 February 09:37 UTC: 2.15.0 goes out (EDI-420: reefer setpoint
and ventilation segments in the very COPARN builder; EDI-418: a rejected
interchange logged as an error with the CONTRL code texts, the very line
that now fills the log; EDI-419 in the culprit's file, a gauge; a pgx
bump). The new leader resumes each partner at its last checkpoint, and
from 09:40 the four duplicate-checking partners reject every interchange
("interchange rejected by partner ... 26 (duplicate detected)"): dry
boxes as well as reefers; Bremerhaven, Felixstowe, Le Havre and the empty
depot accept the repeated numbers. The on-call reads the runbook (a jump
in rejections after a deploy is our segments: roll back) and rolls back
to 2.14.0 at 10:14, which holds the culprit: a new leader resumes at the
same checkpoints again, Elbkai's wave, which had nearly run out, starts
over, and the lines go back to 2.14's "CONTRL received ... action=4
error=26". Truckers are turned away in Hamburg and Rotterdam. Elbkai's EDI
desk writes that one reference came in three times this morning; Anna, who wrote EDI-412, sees the "resuming from checkpoint"
lines at each leader change and writes EDI-423 (resume after the
checkpoint block), released at 11:08 as 2.15.1; the rejected
interchanges are re-sent with new references from 11:21.

Sources: edi-hub (zap console encoder through `kubectl logs --prefix`,
line format), the AS2 gateway (log4j pattern), booking-api (logfmt), Argo
CD (logrus text), #edi-ops (Slack export, JSON lines), service desk
tickets from hauliers and forwarders (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores

SERVICE = "edi-hub"
START, END = utc("2026-02-19 07:40:00"), utc("2026-02-19 12:10:00")
WED_DEPLOY = utc("2026-02-18 15:10:20")
RELEASE = utc("2026-02-19 09:37:40")     # Argo syncs 2.15.0
ROLLBACK = utc("2026-02-19 10:14:10")    # Argo rollback to 2.14.0
FIX = utc("2026-02-19 11:08:20")         # Argo syncs 2.15.1
RESEND = utc("2026-02-19 11:21:30")
CULPRIT_AT = utc("2026-02-17 15:22:00")
S0 = 481274          # the sequence's last value when migration 0019 ran
CHECKPOINT = 500

# id, name, locode, COPARN per hour, checks duplicates, sends positive CONTRL,
# last reference used before the window, CONTRL delay (s), inbound per hour
PARTNERS = [
    ("ELBKTHAM", "Elbkai Container Terminal", "DEHAM", 84, True, True, 481905, (30, 90), 58),
    ("RTMMAAS", "Maasvlakte West Terminal", "NLRTM", 66, True, True, 481702, (60, 170), 48),
    ("ANRDELTA", "Deltadok Terminal", "BEANR", 44, True, True, 481590, (20, 60), 34),
    ("BREMNKJ", "Nordkaje Terminal Bremerhaven", "DEBRV", 40, False, True, 481640, (30, 120), 30),
    ("GDNWCT", "Westerplatte Container Terminal", "PLGDN", 18, True, True, 481391, (90, 280), 12),
    ("FXTNQY", "North Quay Terminal Felixstowe", "GBFXT", 24, False, True, 481455, (45, 150), 20),
    ("LEHQNORD", "Terminal Quai Nord", "FRLEH", 20, False, True, 481433, (60, 230), 15),
    ("DEHAMDEP", "Leercontainer-Depot Waltershof", "DEHAM", 26, False, False, 481502, None, 18),
]
PMAP = {p[0]: p for p in PARTNERS}
VESSELS = {
    "DEHAM": [("TIDEWELL ALTAIR", "608W"), ("TIDEWELL VEGA", "611W"), ("NORDIC ALBA", "0742N")],
    "NLRTM": [("TIDEWELL ALTAIR", "608W"), ("TIDEWELL CORVUS", "604E"), ("SKAGERRAK BAY", "26007")],
    "BEANR": [("TIDEWELL CORVUS", "604E"), ("TIDEWELL VEGA", "611W")],
    "DEBRV": [("TIDEWELL LYRA", "402W"), ("TIDEWELL ALTAIR", "608W")],
    "PLGDN": [("BALTIC TERN", "0219E"), ("NORDIC ALBA", "0742N")],
    "GBFXT": [("TIDEWELL LYRA", "402W")],
    "FRLEH": [("TIDEWELL CORVUS", "604E")],
}
EQUIPMENT = [(30, "45G1"), (18, "22G1"), (12, "45R1"), (5, "22R1"), (6, "42G1"), (2, "22U1")]

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/tidewell-line/edi-hub

go 1.23

require (
\tgithub.com/jackc/pgx/v5 v5.7.1
\tgithub.com/prometheus/client_golang v1.20.5
\tgo.uber.org/zap v1.27.0
\tgolang.org/x/crypto v0.31.0
\tgopkg.in/yaml.v3 v3.0.1
\tk8s.io/client-go v0.31.3
)
"""

MAIN_GO = """package main

import (
\t"context"
\t"os"
\t"os/signal"
\t"syscall"

\t"github.com/tidewell-line/edi-hub/internal/config"
\t"github.com/tidewell-line/edi-hub/internal/inbound"
\t"github.com/tidewell-line/edi-hub/internal/lease"
\t"github.com/tidewell-line/edi-hub/internal/outbound"
\t"github.com/tidewell-line/edi-hub/internal/store"
\t"github.com/tidewell-line/edi-hub/internal/version"
\t"go.uber.org/zap"
)

func main() {
\tlog, _ := zap.NewProduction(zap.WithCaller(true))
\tlog = log.WithOptions(zap.AddCallerSkip(0))
\tlog.Info("starting edi-hub", zap.String("version", version.Version), zap.String("commit", version.Commit))
\tcfg := config.MustLoad(os.Getenv("EDI_HUB_CONFIG"))
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
\tdefer stop()
\tdb := store.MustOpen(ctx, cfg.DatabaseURL)
\tgo inbound.Serve(ctx, cfg, db, log)
\t// Only the lease holder sends: interchange references and the order of
\t// a booking's messages must come from one place.
\tlease.Run(ctx, "edi", "edi-hub-outbound", log, func(ctx context.Context) {
\t\toutbound.NewSender(cfg, db, log).Run(ctx)
\t})
}
"""

SENDER_V1 = """package outbound

import (
\t"context"
\t"fmt"
\t"time"

\t"github.com/tidewell-line/edi-hub/internal/as2"
\t"github.com/tidewell-line/edi-hub/internal/config"
\t"github.com/tidewell-line/edi-hub/internal/edifact"
\t"github.com/tidewell-line/edi-hub/internal/store"
\t"go.uber.org/zap"
)

// Sender turns booking-api's terminal order events into COPARN interchanges,
// one message per interchange, and hands them to the AS2 gateway.
type Sender struct {
\tcfg   config.Config
\tdb    *store.Store
\tas2   *as2.Client
\tlog   *zap.Logger
}

func NewSender(cfg config.Config, db *store.Store, log *zap.Logger) *Sender {
\treturn &Sender{cfg: cfg, db: db, as2: as2.New(cfg.AS2), log: log}
}

func (s *Sender) Send(ctx context.Context, p config.Partner, order edifact.TerminalOrder) error {
\tseq, err := s.db.NextInterchangeRef(ctx) // SELECT nextval('edi_interchange_ref')
\tif err != nil {
\t\treturn fmt.Errorf("interchange ref: %w", err)
\t}
\tic := edifact.Interchange{
\t\tSender:    s.cfg.SenderID,
\t\tRecipient: p.ID,
\t\tRef:       fmt.Sprintf("%09d", seq),
\t\tPrepared:  time.Now().UTC(),
\t\tMessages:  []edifact.Message{edifact.COPARN(order)},
\t}
\tbody := ic.Encode(p.Syntax)
\tmsgID, err := s.as2.Send(ctx, p.AS2ID, body)
\tif err != nil {
\t\treturn fmt.Errorf("as2 send to %s: %w", p.ID, err)
\t}
\ts.log.Info("interchange sent", zap.String("partner", p.ID), zap.String("ref", ic.Ref), zap.String("type", "COPARN"),
\t\tzap.String("order", order.Kind), zap.String("booking", order.Booking), zap.String("equipment", order.ISOType),
\t\tzap.Int("bytes", len(body)), zap.String("as2_message_id", msgID))
\treturn s.db.RecordInterchange(ctx, p.ID, ic.Ref, order, msgID)
}
"""

CONTRL_V1 = """package inbound

import (
\t"context"

\t"github.com/tidewell-line/edi-hub/internal/edifact"
\t"github.com/tidewell-line/edi-hub/internal/store"
\t"go.uber.org/zap"
)

// handleCONTRL records a partner's syntax and service report for one of our
// interchanges (UCI: action 7 acknowledged, 4 rejected) and tells
// booking-api when an order did not get through.
func handleCONTRL(ctx context.Context, db *store.Store, log *zap.Logger, partner string, m edifact.Message) error {
\tuci := m.Segment("UCI")
\tref, action, code := uci.El(1), uci.El(4), uci.El(5)
\tfields := []zap.Field{zap.String("partner", partner), zap.String("ref", ref), zap.String("action", action)}
\tif code != "" {
\t\tfields = append(fields, zap.String("error", code))
\t}
\tlog.Info("CONTRL received", fields...)
\tif action == "4" {
\t\treturn db.MarkRejected(ctx, partner, ref, "CONTRL", code)
\t}
\treturn db.MarkAcknowledged(ctx, partner, ref)
}
"""

COPARN_V1 = """package edifact

import "fmt"

// TerminalOrder is booking-api's order for a terminal or depot: release
// (empty pick-up) or acceptance (export delivery).
type TerminalOrder struct {
\tKind     string // release | acceptance
\tBooking  string
\tISOType  string
\tQuantity int
\tVessel   string
\tVoyage   string
\tPOL, POD string
\tPickupRef string
}

// COPARN builds the container announcement (SMDG COPARN 2.0 subset the
// terminals agreed to): BGM, RFF+BN, TDT, LOC, EQD, EQN.
func COPARN(o TerminalOrder) Message {
\tfn := "126" // release order
\tif o.Kind == "acceptance" {
\t\tfn = "12"
\t}
\tm := Message{Type: "COPARN", Version: "D:95B:UN:SMDG20"}
\tm.Add("BGM", fn, o.Booking, "9")
\tm.Add("RFF", "BN:"+o.Booking)
\tif o.PickupRef != "" {
\t\tm.Add("RFF", "RE:"+o.PickupRef)
\t}
\tm.Add("TDT", "20", o.Voyage, "1", "", "TDWL:172:20", "", "", ":146:11:"+o.Vessel)
\tm.Add("LOC", "9", o.POL+":139:6")
\tm.Add("LOC", "11", o.POD+":139:6")
\tm.Add("EQD", "CN", "", o.ISOType+":102:5", "", "", "4")
\tm.Add("EQN", fmt.Sprint(o.Quantity))
\treturn m
}
"""

REFALLOC_V1 = """package edifact

import (
\t"context"
\t"fmt"
\t"sync"

\t"go.uber.org/zap"
)

// CheckpointEvery is how often a partner's high-water mark is written.
const CheckpointEvery = 500

// HighWaterStore keeps the last saved interchange reference per partner
// (table edi_interchange_hwm).
type HighWaterStore interface {
\tLoadHighWater(ctx context.Context, partner string) (uint64, error)
\tSaveHighWater(ctx context.Context, partner string, ref uint64) error
}

// RefAllocator hands out interchange control references (UNB 0020) per
// partner from memory. One nextval per interchange was the top wait in the
// COPARN fan-out after a schedule change (EDI-412); the outbound sender only
// runs on the lease holder, so a counter per partner is enough. The
// high-water mark is saved every CheckpointEvery references and a new
// leader resumes from it.
type RefAllocator struct {
\tmu       sync.Mutex
\tstore    HighWaterStore
\tcounters map[string]uint64
\tlog      *zap.Logger
}

func NewRefAllocator(store HighWaterStore, log *zap.Logger) *RefAllocator {
\treturn &RefAllocator{store: store, counters: map[string]uint64{}, log: log.Named("refalloc")}
}

func (a *RefAllocator) Next(ctx context.Context, partner string) (string, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tn, ok := a.counters[partner]
\tif !ok {
\t\thwm, err := a.store.LoadHighWater(ctx, partner)
\t\tif err != nil {
\t\t\treturn "", fmt.Errorf("load high-water mark for %s: %w", partner, err)
\t\t}
\t\ta.log.Info("resuming from checkpoint", zap.String("partner", partner), zap.String("ref", format(hwm)))
\t\tn = hwm
\t}
\tn++
\ta.counters[partner] = n
\tif n%CheckpointEvery == 0 {
\t\tif err := a.store.SaveHighWater(ctx, partner, n); err != nil {
\t\t\treturn "", fmt.Errorf("save high-water mark for %s: %w", partner, err)
\t\t}
\t\ta.log.Info("high-water mark saved", zap.String("partner", partner), zap.String("ref", format(n)))
\t}
\treturn format(n), nil
}

func format(n uint64) string { return fmt.Sprintf("%09d", n) }
"""

REFALLOC_TEST = """package edifact

import (
\t"context"
\t"testing"

\t"go.uber.org/zap"
)

type memStore map[string]uint64

func (m memStore) LoadHighWater(_ context.Context, p string) (uint64, error) { return m[p], nil }
func (m memStore) SaveHighWater(_ context.Context, p string, r uint64) error { m[p] = r; return nil }

func TestSequentialPerPartner(t *testing.T) {
\ta := NewRefAllocator(memStore{"ELBKTHAM": 1000, "RTMMAAS": 2000}, zap.NewNop())
\tfor want := 1001; want <= 1003; want++ {
\t\tif got, _ := a.Next(context.Background(), "ELBKTHAM"); got != format(uint64(want)) {
\t\t\tt.Fatalf("got %s want %d", got, want)
\t\t}
\t}
\tif got, _ := a.Next(context.Background(), "RTMMAAS"); got != "000002001" {
\t\tt.Fatalf("got %s", got)
\t}
}

func TestCheckpointSaved(t *testing.T) {
\ts := memStore{"ELBKTHAM": 499}
\ta := NewRefAllocator(s, zap.NewNop())
\ta.Next(context.Background(), "ELBKTHAM")
\tif s["ELBKTHAM"] != 500 {
\t\tt.Fatalf("high-water mark %d, want 500", s["ELBKTHAM"])
\t}
}
"""

MIGRATION_19 = """-- EDI-412: interchange references per partner from the outbound leader's
-- memory; this table keeps each partner's high-water mark.
CREATE TABLE edi_interchange_hwm (
    partner    text PRIMARY KEY REFERENCES edi_partners (id),
    ref        bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- every partner continues after the last reference the sequence gave out
INSERT INTO edi_interchange_hwm (partner, ref)
SELECT id, (SELECT last_value FROM edi_interchange_ref) FROM edi_partners;
"""

PARTNERS_YAML = """sender_id: TDWL
syntax: UNOA:2
partners:
  - id: ELBKTHAM
    name: Elbkai Container Terminal, Hamburg
    locode: DEHAM
    as2_id: ELBKAI-EDI
    messages: [COPARN]
  - id: RTMMAAS
    name: Maasvlakte West Terminal, Rotterdam
    locode: NLRTM
    as2_id: MVWT-EDI-PROD
    messages: [COPARN]
  - id: ANRDELTA
    name: Deltadok Terminal, Antwerp
    locode: BEANR
    as2_id: DELTADOK
    messages: [COPARN]
  - id: BREMNKJ
    name: Nordkaje Terminal, Bremerhaven
    locode: DEBRV
    as2_id: NKJ-BHV
    messages: [COPARN]
  - id: FXTNQY
    name: North Quay Terminal, Felixstowe
    locode: GBFXT
    as2_id: NQT-FXT
    messages: [COPARN]
  - id: LEHQNORD
    name: Terminal Quai Nord, Le Havre
    locode: FRLEH
    as2_id: TQN-LEH
    messages: [COPARN]
  - id: DEHAMDEP
    name: Leercontainer-Depot Waltershof, Hamburg
    locode: DEHAM
    as2_id: LCD-WALTERSHOF
    messages: [COPARN]
    contrl: false
"""

RUNBOOK = """# edi-hub runbook

Owner: #edi-ops. Dashboards: Grafana › EDI › edi-hub, AS2 gateway.

## EdiAs2SendFailures

The AS2 gateway cannot deliver to a partner (no MDN, HTTP 5xx, certificate
errors). Check the gateway's log for the partner; certificate rollovers are
announced by the terminals' EDI desks (edi-desks@ list).

## EdiInboundBacklog

CODECO/COARRI waiting in `inbound/` for more than 10 minutes. Usually the
database; check the pool gauges.
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: edi-hub
  namespace: edi
spec:
  replicas: 2
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  template:
    spec:
      serviceAccountName: edi-hub   # may get/update leases edi/edi-hub-outbound
      terminationGracePeriodSeconds: 30
      containers:
        - name: edi-hub
          image: 318204566102.dkr.ecr.eu-central-1.amazonaws.com/edi-hub
          env:
            - { name: EDI_HUB_CONFIG, value: /etc/edi-hub/config.yaml }
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Petersen", "jonas.petersen@tidewell-line.com", 60)
    anna = Person("Anna Wiśniewska", "anna.wisniewska@tidewell-line.com", 60)
    karthik = Person("Karthik Raman", "karthik.raman@tidewell-line.com", 330)
    lea = Person("Lea Brandt", "lea.brandt@tidewell-line.com", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/edi-hub/main.go": MAIN_GO,
        "internal/version/version.go": 'package version\n\n// set by -ldflags at build time\nvar (\n\tVersion = "2.13.2"\n\tCommit  = "none"\n)\n',
        "internal/outbound/sender.go": SENDER_V1,
        "internal/outbound/consumer.go": 'package outbound\n\n// Run consumes booking-api\'s terminal.orders topic (one partition per\n// partner) and sends each order in order.\n',
        "internal/inbound/contrl.go": CONTRL_V1,
        "internal/inbound/codeco.go": 'package inbound\n\n// handleCODECO turns gate-in/gate-out reports into equipment events\n// (equipment.events topic) for booking-api and tracking.\n',
        "internal/inbound/server.go": 'package inbound\n\n// Serve accepts interchanges the AS2 gateway forwards (POST /inbound/{partner})\n// and dispatches each message by type: CODECO, COARRI, CONTRL, APERAK.\n',
        "internal/edifact/coparn.go": COPARN_V1,
        "internal/edifact/interchange.go": 'package edifact\n\n// Interchange is one UNB..UNZ envelope. Ref is UNB 0020, the interchange\n// control reference, an..14; partners check it for duplicates per sender.\n',
        "internal/store/postgres.go": 'package store\n\n// NextInterchangeRef: SELECT nextval(\'edi_interchange_ref\').\n// RecordInterchange, MarkAcknowledged, MarkRejected: edi_interchanges.\n',
        "internal/lease/lease.go": 'package lease\n\n// Run holds the Kubernetes lease with client-go leaderelection (15 s lease,\n// 10 s renew deadline, ReleaseOnCancel) and runs fn while it is held.\n',
        "config/partners.yaml": PARTNERS_YAML,
        "migrations/0018_interchange_status.sql": "ALTER TABLE edi_interchanges ADD COLUMN contrl_action text, ADD COLUMN contrl_error text;\n",
        "deploy/production/deployment.yaml": DEPLOYMENT,
        "docs/runbook.md": RUNBOOK,
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /edi-hub ./cmd/edi-hub\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /edi-hub /edi-hub\nENTRYPOINT [\"/edi-hub\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.23'\n      - run: go test ./...\n",
        "README.md": "# edi-hub\n\nEDIFACT with terminals and depots over the AS2 gateway: COPARN release and\nacceptance orders out (from booking-api's `terminal.orders`), CODECO,\nCOARRI, APERAK and CONTRL in. Partners are in `config/partners.yaml`.\n\n## Running locally\n\n```\ndocker compose up -d postgres kafka\ngo run ./cmd/edi-hub\n```\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.13.2\n\n- APERAK texts stored with the order\n",
    }
    repo.commit(utc("2026-02-09 09:30:00"), jonas, "edi-hub: COPARN out, CODECO/COARRI/CONTRL/APERAK in over the AS2 gateway", files)
    crng = random.Random(62103)
    repo.schedule(chores(crng, SERVICE, [jonas, karthik], utc("2026-02-09 11:00:00"), utc("2026-02-10 16:00:00"), 2)
                  + chores(crng, SERVICE, [lea, anna], utc("2026-02-12 08:00:00"), utc("2026-02-13 15:00:00"), 1))
    repo.commit(utc("2026-02-11 08:15:00"), karthik, "inbound: publish COARRI load/discharge events to equipment.events (EDI-398)", {
        "internal/inbound/coarri.go": 'package inbound\n\n// handleCOARRI turns load and discharge reports (EQD with LOC+147 bay\n// positions) into equipment events LOAD/DISC for booking-api and tracking.\n',
    })
    repo.commit(utc("2026-02-13 10:05:00"), bot, "build(deps): bump golang.org/x/crypto from 0.31.0 to 0.33.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/crypto v0.31.0", "golang.org/x/crypto v0.33.0"),
    })
    repo.commit(utc("2026-02-16 13:40:00"), anna, "partners: Westerplatte Container Terminal, Gdańsk, goes live for COPARN (EDI-409)", {
        "config/partners.yaml": sub(repo.files["config/partners.yaml"], "  - id: FXTNQY",
                                    "  - id: GDNWCT\n    name: Westerplatte Container Terminal, Gdansk\n    locode: PLGDN\n    as2_id: WCT-GDN-EDI\n    messages: [COPARN]\n  - id: FXTNQY"),
    })
    culprit = repo.commit(CULPRIT_AT, anna, "refs: interchange references per partner from memory, checkpoint every 500 (EDI-412)\n\n"
                          "One nextval per interchange was the top wait in Monday's COPARN fan-out\n"
                          "after the AE7 schedule change (6,100 order updates in 20 minutes). The\n"
                          "sender only runs on the lease holder, so a counter per partner in memory\n"
                          "is enough; the high-water mark is saved every 500 references and a new\n"
                          "leader resumes from it. Migration 0019 starts every partner at the\n"
                          "sequence's last value.", {
        "internal/edifact/refalloc.go": REFALLOC_V1,
        "migrations/0019_interchange_hwm.sql": MIGRATION_19,
        "internal/outbound/sender.go": sub(SENDER_V1,
                                           "\tas2   *as2.Client\n", "\tas2   *as2.Client\n\trefs  *edifact.RefAllocator\n",
                                           "return &Sender{cfg: cfg, db: db, as2: as2.New(cfg.AS2), log: log}",
                                           "return &Sender{cfg: cfg, db: db, as2: as2.New(cfg.AS2), refs: edifact.NewRefAllocator(db, log), log: log}",
                                           "\tseq, err := s.db.NextInterchangeRef(ctx) // SELECT nextval('edi_interchange_ref')\n",
                                           "\tref, err := s.refs.Next(ctx, p.ID)\n",
                                           "\t\tRef:       fmt.Sprintf(\"%09d\", seq),\n", "\t\tRef:       ref,\n"),
        "internal/store/postgres.go": repo.files["internal/store/postgres.go"] + '\n// LoadHighWater, SaveHighWater: edi_interchange_hwm (EDI-412).\n',
    })
    repo.commit(utc("2026-02-17 16:48:00"), anna, "refalloc: tests for sequential references and checkpoints (EDI-412)", {
        "internal/edifact/refalloc_test.go": REFALLOC_TEST,
    })
    repo.commit(utc("2026-02-18 10:30:00"), jonas, "runbook: CONTRL rejections", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## EdiContrlRejections\n\nA partner rejects our interchanges (CONTRL UCI action 4). Nearly always\nthe content of our messages: a jump right after a deploy means a segment\nwe changed (November's EQD change, EDI-377). Roll back in Argo CD first,\nthen send the terminal's EDI desk an example. Syntax error 26 (duplicate)\nonly happens when a terminal replays our files after a restore on their\nside: ask their EDI desk. One partner alone (GDNWCT's code 21, lower-case\nletters in UNOA) is a data issue for customer service, not an incident.\n",
    })
    wed = repo.commit(utc("2026-02-18 14:50:00"), lea, "docs: COPARN reefer fields per terminal (TMP, RNG, EQD remarks)", {
        "docs/coparn-reefer.md": "# Reefer fields in COPARN\n\n| Terminal | TMP (setpoint) | RNG | Ventilation |\n|---|---|---|---|\n| ELBKTHAM | yes | no | FTX+AAA |\n| RTMMAAS | yes | yes | FTX+AAA |\n| ANRDELTA | yes | no | no |\n| GDNWCT | no | no | no |\n\nSetpoints in Celsius, one decimal (`TMP+2+-18.0:CEL`).\n",
    })
    repo.commit(utc("2026-02-18 16:05:00"), bot, "build(deps): bump github.com/jackc/pgx/v5 from 5.7.1 to 5.7.2", {
        "go.mod": sub(repo.files["go.mod"], "github.com/jackc/pgx/v5 v5.7.1", "github.com/jackc/pgx/v5 v5.7.2"),
    })
    repo.commit(utc("2026-02-18 17:20:00"), anna, "refalloc: export each partner's high-water mark as a gauge (EDI-419)", {
        "internal/edifact/refalloc.go": sub(repo.files["internal/edifact/refalloc.go"],
                                            "\t\"go.uber.org/zap\"\n)\n",
                                            "\t\"github.com/prometheus/client_golang/prometheus\"\n\t\"github.com/prometheus/client_golang/prometheus/promauto\"\n\t\"go.uber.org/zap\"\n)\n\nvar highWater = promauto.NewGaugeVec(prometheus.GaugeOpts{\n\tName: \"edi_interchange_ref_high_water\",\n\tHelp: \"Last saved interchange reference per partner.\",\n}, []string{\"partner\"})\n",
                                            "\t\ta.log.Info(\"high-water mark saved\"",
                                            "\t\thighWater.WithLabelValues(partner).Set(float64(n))\n\t\ta.log.Info(\"high-water mark saved\""),
    })
    repo.commit(utc("2026-02-19 07:55:00"), karthik, "inbound: log rejected interchanges as errors with the CONTRL code texts (EDI-418)\n\n"
                "A rejection was one INFO line with two numbers; the on-call had to look\n"
                "up action and error codes and then the booking in the database.", {
        "internal/edifact/codes.go": 'package edifact\n\n// UN/EDIFACT 0083 (action) and 0085 (syntax error) texts for CONTRL.\nvar Action = map[string]string{"4": "rejected", "7": "acknowledged", "8": "received"}\n\nvar SyntaxError = map[string]string{\n\t"2": "syntax version or level not supported", "7": "interchange recipient not actual recipient",\n\t"12": "invalid value", "13": "missing", "16": "too many constituents", "18": "unspecified error",\n\t"21": "invalid character(s)", "26": "duplicate detected", "28": "references do not match",\n\t"29": "control count does not match number of instances received",\n}\n',
        "internal/inbound/contrl.go": sub(repo.files["internal/inbound/contrl.go"],
                                          "\tlog.Info(\"CONTRL received\", fields...)\n\tif action == \"4\" {\n",
                                          "\tif action == \"4\" {\n\t\torder, _ := db.OrderForInterchange(ctx, partner, ref)\n\t\tlog.Error(\"interchange rejected by partner\", zap.String(\"partner\", partner), zap.String(\"ref\", ref),\n\t\t\tzap.String(\"action\", action+\" (\"+edifact.Action[action]+\")\"), zap.String(\"error\", code+\" (\"+edifact.SyntaxError[code]+\")\"),\n\t\t\tzap.String(\"type\", order.Type), zap.String(\"booking\", order.Booking))\n",
                                          "\treturn db.MarkAcknowledged(ctx, partner, ref)\n",
                                          "\tlog.Info(\"CONTRL received\", fields...)\n\treturn db.MarkAcknowledged(ctx, partner, ref)\n"),
    })
    repo.commit(utc("2026-02-19 08:40:00"), lea, "COPARN: reefer setpoint and ventilation for reefer orders (EDI-420)\n\n"
                "Elbkai and Maasvlakte asked for TMP on reefer releases so that the PTI\n"
                "is done at the right setpoint before the pick-up.", {
        "internal/edifact/coparn.go": sub(repo.files["internal/edifact/coparn.go"],
                                          "\tPickupRef string\n}",
                                          "\tPickupRef string\n\tSetpointC *float64 // reefers only\n\tVentCMH   int\n}",
                                          "\tm.Add(\"EQN\", fmt.Sprint(o.Quantity))\n",
                                          "\tif o.SetpointC != nil {\n\t\tm.Add(\"TMP\", \"2\", fmt.Sprintf(\"%.1f:CEL\", *o.SetpointC))\n\t\tif o.VentCMH > 0 {\n\t\t\tm.Add(\"FTX\", \"AAA\", \"\", \"\", fmt.Sprintf(\"VENT %d CBM/H\", o.VentCMH))\n\t\t}\n\t}\n\tm.Add(\"EQN\", fmt.Sprint(o.Quantity))\n"),
        "internal/edifact/coparn_test.go": 'package edifact\n\nimport (\n\t"strings"\n\t"testing"\n)\n\nfunc TestReeferSetpoint(t *testing.T) {\n\tsp := -18.0\n\tm := COPARN(TerminalOrder{Kind: "release", Booking: "TDW6200001", ISOType: "45R1", Quantity: 1, SetpointC: &sp})\n\tif !strings.Contains(m.String(), "TMP+2+-18.0:CEL") {\n\t\tt.Fatal(m.String())\n\t}\n}\n',
    })
    rel = repo.commit(utc("2026-02-19 09:18:00"), jonas, "release 2.15.0", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.13.2"', '"2.15.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.15.0\n\n- EDI-420 reefer setpoint and ventilation in COPARN\n- EDI-418 rejected interchanges logged with code texts\n- EDI-419 high-water gauge\n- pgx 5.7.2\n\n## 2.14.0\n\n- EDI-412 interchange references per partner (migration 0019)\n- EDI-409 Westerplatte Container Terminal live\n"),
    })
    fix = repo.commit(utc("2026-02-19 10:58:00"), anna, "refalloc: a new leader resumes after the checkpoint block, not at it (EDI-423)\n\n"
                      "The old leader may have used up to 499 references past the saved mark;\n"
                      "resuming at the mark sent them again, and Elbkai, Maasvlakte, Deltadok\n"
                      "and Westerplatte reject duplicates (CONTRL 26). Skip the block and save\n"
                      "the new mark before the first reference.", {
        "internal/edifact/refalloc.go": sub(repo.files["internal/edifact/refalloc.go"],
                                            "\t\ta.log.Info(\"resuming from checkpoint\", zap.String(\"partner\", partner), zap.String(\"ref\", format(hwm)))\n\t\tn = hwm\n",
                                            "\t\t// The previous leader may have used up to CheckpointEvery-1 references\n\t\t// past the mark: skip the block and save before using any (EDI-423).\n\t\tn = hwm + CheckpointEvery\n\t\tif err := a.store.SaveHighWater(ctx, partner, n); err != nil {\n\t\t\treturn \"\", fmt.Errorf(\"save high-water mark for %s: %w\", partner, err)\n\t\t}\n\t\ta.log.Info(\"resuming after checkpoint block\", zap.String(\"partner\", partner), zap.String(\"checkpoint\", format(hwm)), zap.String(\"ref\", format(n)))\n"),
        "internal/edifact/refalloc_test.go": repo.files["internal/edifact/refalloc_test.go"] + '\nfunc TestNewLeaderNeverReuses(t *testing.T) {\n\ts := memStore{"ELBKTHAM": 1000}\n\ta := NewRefAllocator(s, zap.NewNop())\n\tused := map[string]bool{}\n\tfor i := 0; i < 70; i++ {\n\t\tr, _ := a.Next(context.Background(), "ELBKTHAM")\n\t\tused[r] = true\n\t}\n\tb := NewRefAllocator(s, zap.NewNop()) // the next leader\n\tif r, _ := b.Next(context.Background(), "ELBKTHAM"); used[r] {\n\t\tt.Fatalf("reference %s used twice", r)\n\t}\n}\n',
    })
    fixrel = repo.commit(utc("2026-02-19 11:04:00"), jonas, "release 2.15.1", {
        "internal/version/version.go": sub(repo.files["internal/version/version.go"], '"2.15.0"', '"2.15.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.15.1\n\n- EDI-423 a new outbound leader never reuses an interchange reference\n"),
    })
    return repo, {"culprit": culprit, "wed": wed, "release": rel, "fix": fix, "fixrel": fixrel}


# ---------------------------------------------------------------------------
# the morning

ISO_VALUES = {c: v for c, v in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38])}


def container_no(rng, owner="TDWU"):
    serial = f"{rng.randint(0, 999999):06d}"
    code = owner + serial
    total = sum((ISO_VALUES[c] if c.isalpha() else int(c)) * (2 ** i) for i, c in enumerate(code))
    return code + str(total % 11 % 10)


def stamp_iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_logs(rng, shas):
    app, as2, book, argo, slack, tickets = (Log("edi-hub.log"), Log("as2-gateway.log"), Log("booking-api.log"),
                                            Log("argocd.log"), Log("slack-edi-ops.log"), Log("servicedesk-tickets.log"))
    stats = {"rejected": [], "first_dup": None, "resumes": [], "dups": {}, "contrl": []}

    # --- pods and leader changes
    epochs = [
        {"t": WED_DEPLOY, "ver": "2.14.0", "sha": shas["wed"], "pods": ["edi-hub-6d8f7b9c5-4xkzp", "edi-hub-6d8f7b9c5-t7q2m"], "fixed": False},
        {"t": RELEASE, "ver": "2.15.0", "sha": shas["release"], "pods": ["edi-hub-5c7b8d9f4-hq8wn", "edi-hub-5c7b8d9f4-r2vzk"], "fixed": False},
        {"t": ROLLBACK, "ver": "2.14.0", "sha": shas["wed"], "pods": ["edi-hub-6d8f7b9c5-m5jxs", "edi-hub-6d8f7b9c5-w9cdl"], "fixed": False},
        {"t": FIX, "ver": "2.15.1", "sha": shas["fixrel"], "pods": ["edi-hub-7b9f6c8d2-k3pvn", "edi-hub-7b9f6c8d2-z6tqh"], "fixed": True},
    ]
    for e in epochs[1:]:
        e["start0"] = e["t"] + dt.timedelta(seconds=9.4)
        e["ready"] = e["t"] + dt.timedelta(seconds=24.1)
        e["start1"] = e["t"] + dt.timedelta(seconds=27.6)
        e["handover"] = e["t"] + dt.timedelta(seconds=44.2)
        e["acquired"] = e["t"] + dt.timedelta(seconds=45.9)
    epochs[0]["acquired"] = WED_DEPLOY + dt.timedelta(seconds=46)
    epochs[0]["ready"] = WED_DEPLOY + dt.timedelta(seconds=24)
    leader_of = [e["pods"][0] for e in epochs]

    def epoch_at(t, key="acquired"):
        cur = epochs[0]
        for e in epochs:
            if t >= e[key]:
                cur = e
        return cur

    def elog(t, pod, level, caller, msg, **fields):
        if START <= t < END:
            body = f"{stamp_iso(t)}\t{level}\t{caller}\t{msg}"
            if fields:
                body += "\t" + json.dumps(fields, ensure_ascii=False)
            app.add(t, f"[pod/{pod}/edi-hub] {body}")

    def any_pod(t):
        return rng.choice(epoch_at(t, "ready")["pods"])

    # start-up, lease hand-over
    for e in epochs[1:]:
        old = epoch_at(e["t"] - dt.timedelta(seconds=1))
        for k, key in enumerate(("start0", "start1")):
            pod = e["pods"][k]
            t = e[key]
            elog(t, pod, "INFO", "edi-hub/main.go:24", "starting edi-hub", version=e["ver"], commit=e["sha"][:7])
            elog(t + dt.timedelta(milliseconds=212), pod, "INFO", "store/postgres.go:41", "database pool ready", max_conns=10, host="edi-db.cluster-c7kq2mzp1x4t.eu-central-1.rds.amazonaws.com")
            elog(t + dt.timedelta(milliseconds=260), pod, "INFO", "inbound/server.go:33", "inbound listening", addr=":8080")
            elog(t + dt.timedelta(milliseconds=301), pod, "INFO", "leaderelection/leaderelection.go:254", "attempting to acquire leader lease edi/edi-hub-outbound...")
        # the non-leader old pod goes first, then the leader
        elog(e["start1"] - dt.timedelta(seconds=1.1), old["pods"][1], "INFO", "edi-hub/main.go:41", "shutting down", signal="terminated")
        elog(e["handover"], old["pods"][0], "INFO", "edi-hub/main.go:41", "shutting down", signal="terminated")
        elog(e["handover"] + dt.timedelta(milliseconds=38), old["pods"][0], "INFO", "outbound/sender.go:58", "outbound sender stopped", reason="lease released")
        elog(e["acquired"], e["pods"][0], "INFO", "leaderelection/leaderelection.go:268", "successfully acquired lease edi/edi-hub-outbound")
        elog(e["acquired"] + dt.timedelta(milliseconds=6), e["pods"][0], "INFO", "outbound/sender.go:44", "outbound sender started", partitions=len(PARTNERS))

    # --- outbound orders
    def rate_factor(t):
        h = t.hour + t.minute / 60
        return 0.85 + 0.25 * min(1.0, max(0.0, (h - 7.5) / 2.5))

    orders = []
    seqs = {}
    for pid, name, locode, per_h, dup, pos, last, delay, inb in PARTNERS:
        t = START - dt.timedelta(minutes=5)
        while True:
            t = t + dt.timedelta(seconds=rng.expovariate(per_h * rate_factor(t) / 3600.0))
            if t >= END - dt.timedelta(minutes=3):
                break
            orders.append((t, pid))
    orders.sort()

    state = {p[0]: {"n": p[6], "hwm": max(S0, (p[6] // CHECKPOINT) * CHECKPOINT)} for p in PARTNERS}
    seen = {p[0]: (S0, p[6]) for p in PARTNERS}   # refs (S0, last] sent before the window
    extra_seen = {p[0]: set() for p in PARTNERS}
    leader_epoch = [epochs[0]]

    def was_seen(pid, ref):
        lo, hi = seen[pid]
        return ref <= hi or ref in extra_seen[pid]

    def allocate(t, pid, ep):
        st = state[pid]
        if ep is not leader_epoch[0]:
            leader_epoch[0] = ep
            for s in state.values():
                s["n"] = None
        if st["n"] is None:
            if ep["fixed"]:
                n = st["hwm"] + CHECKPOINT
                elog(t, ep["pods"][0], "INFO", "edifact/refalloc.go:58", "refalloc: resuming after checkpoint block", partner=pid, checkpoint=f"{st['hwm']:09d}", ref=f"{n:09d}")
                st["hwm"] = n
            else:
                n = st["hwm"]
                elog(t, ep["pods"][0], "INFO", "edifact/refalloc.go:55", "refalloc: resuming from checkpoint", partner=pid, ref=f"{n:09d}")
            stats["resumes"].append((t, pid, n))
            st["n"] = n
        st["n"] += 1
        if st["n"] % CHECKPOINT == 0:
            st["hwm"] = st["n"]
            elog(t + dt.timedelta(milliseconds=3), ep["pods"][0], "INFO", "edifact/refalloc.go:66", "refalloc: high-water mark saved", partner=pid, ref=f"{st['n']:09d}")
        return st["n"]

    as2_threads = [f"as2-sender-{i}" for i in range(1, 5)]

    def as2_line(t, level, thread, logger, msg):
        if START <= t < END:
            as2.add(t, t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    def blog(t, level, msg, **kv):
        if START <= t < END:
            book.add(t, logfmt(t, level, msg, **kv))

    partner_ref = {p[0]: rng.randint(20000, 90000) for p in PARTNERS}
    contrl_events = []
    sent_log = {}
    booking_seq = [6204100]

    def new_booking():
        booking_seq[0] += rng.randint(1, 9)
        return f"TDW{booking_seq[0]}"

    def send(t, pid, kind, booking, iso, qty, vessel, voyage, resend=False):
        """One COPARN interchange; returns the ref."""
        p = PMAP[pid]
        ep = epoch_at(t)
        # no leader between the old one's release and the new one's acquisition
        for e in epochs[1:]:
            if e["handover"] <= t < e["acquired"]:
                t = e["acquired"] + dt.timedelta(milliseconds=rng.randint(20, 300))
                ep = e
        ref = allocate(t, pid, ep)
        size = rng.randint(640, 980) + (60 if iso.endswith(("R1", "R0")) and ep["ver"] in ("2.15.0", "2.15.1") else 0)
        msgid = f"<edihub-{t.strftime('%Y%m%d%H%M%S')}{t.microsecond // 1000:03d}-{hexid(rng, 8)}@as2.tidewell-line.com>"
        fields = dict(partner=pid, ref=f"{ref:09d}", type="COPARN", order=kind, booking=booking, equipment=iso, bytes=size, as2_message_id=msgid)
        if resend:
            fields["resend_of"] = "contrl-rejected"
        elog(t, ep["pods"][0], "INFO", "outbound/sender.go:71", "interchange sent", **fields)
        th = rng.choice(as2_threads)
        ts = t + dt.timedelta(milliseconds=rng.randint(8, 40))
        as2_line(ts, "INFO", th, "o.o.p.AS2SenderModule", f"sent message {msgid} to {PMAP[pid][0]} as2-to={pid_as2[pid]} size={size + 2310} encrypted=aes256 signed=sha256")
        mdn = ts + dt.timedelta(milliseconds=rng.randint(180, 1400))
        as2_line(mdn, "INFO", th, "o.o.p.AS2SenderModule", f"MDN received for {msgid} from {pid_as2[pid]}: automatic-action/MDN-sent-automatically; processed (MIC matched)")
        sent_log.setdefault((pid, ref), []).append(t)
        dup = was_seen(pid, ref)
        if not dup:
            extra_seen[pid].add(ref)
        if p[7] is None:
            return ref, t
        tc = t + dt.timedelta(seconds=rng.uniform(*p[7]))
        if dup and p[4]:
            contrl_events.append((tc, pid, ref, "4", "26", kind, booking, iso, vessel, voyage, qty, t))
        elif pid == "GDNWCT" and not resend and rng.random() < 0.12:
            contrl_events.append((tc, pid, ref, "4", "21", kind, booking, iso, vessel, voyage, qty, t))
        else:
            contrl_events.append((tc, pid, ref, "7", "", kind, booking, iso, vessel, voyage, qty, t))
        if dup:
            stats["dups"][pid] = stats["dups"].get(pid, 0) + 1
        return ref, t

    pid_as2 = {"ELBKTHAM": "ELBKAI-EDI", "RTMMAAS": "MVWT-EDI-PROD", "ANRDELTA": "DELTADOK", "BREMNKJ": "NKJ-BHV",
               "GDNWCT": "WCT-GDN-EDI", "FXTNQY": "NQT-FXT", "LEHQNORD": "TQN-LEH", "DEHAMDEP": "LCD-WALTERSHOF"}

    def order_for(t, pid):
        p = PMAP[pid]
        locode = p[2]
        kind = "release" if pid == "DEHAMDEP" or rng.random() < 0.55 else "acceptance"
        iso = weighted_iso(rng)
        qty = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 6])
        vessel, voyage = rng.choice(VESSELS.get(locode, VESSELS["DEHAM"]))
        booking = new_booking()
        tb = t - dt.timedelta(milliseconds=rng.randint(300, 2200))
        if rng.random() < 0.5:
            blog(tb - dt.timedelta(seconds=rng.uniform(5, 60)), "info", "booking confirmed", booking=booking, customer=rng.choice(CUSTOMERS), pol=locode, pod=rng.choice(PODS),
                 vessel=vessel, voyage=voyage, equipment=iso, qty=qty)
        blog(tb, "info", "terminal order requested", booking=booking, order=kind, partner=pid, equipment=iso, qty=qty, topic="terminal.orders")
        send(t, pid, kind, booking, iso, qty, vessel, voyage)

    # phase A: everything before the resend
    for t, pid in orders:
        if t < RESEND:
            order_for(t, pid)
    # the resend tool picks up every interchange rejected with 26 so far
    todo = sorted((e for e in contrl_events if e[4] == "26" and e[0] < RESEND), key=lambda e: e[0])
    assert all(e[0] < RESEND - dt.timedelta(minutes=3) for e in contrl_events if e[4] == "26"), "a duplicate after the resend"
    fix_ep = epochs[3]
    elog(RESEND, fix_ep["pods"][0], "INFO", "outbound/resend.go:22", "resend: queued interchanges rejected by CONTRL", since="2026-02-19T09:38:00Z", error="26", count=len(todo), by="anna.wisniewska")
    stream = [(t, 0, pid, None) for t, pid in orders if t >= RESEND]
    tr = RESEND
    for e in todo:
        tr = tr + dt.timedelta(milliseconds=rng.randint(350, 900))
        stream.append((tr, 1, e[1], e))
    stats["resend_done"] = tr
    stats["resend_count"] = len(todo)
    stream.sort(key=lambda x: (x[0], x[1]))
    for t, is_resend, pid, e in stream:
        if is_resend:
            _, _, _, _, _, kind, booking, iso, vessel, voyage, qty, _ = e
            send(t, pid, kind, booking, iso, qty, vessel, voyage, resend=True)
        else:
            order_for(t, pid)
    elog(tr + dt.timedelta(seconds=1), fix_ep["pods"][0], "INFO", "outbound/resend.go:48", "resend: done", count=len(todo))

    # --- CONTRL responses
    rejected = []
    contrl_events.sort(key=lambda e: e[0])
    for tc, pid, ref, action, code, kind, booking, iso, vessel, voyage, qty, sent_at in contrl_events:
        if tc >= END:
            continue
        partner_ref[pid] += 1
        pmsg = f"<{pid_as2[pid]}-{tc.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}>"
        th = f"http-nio-4080-exec-{rng.randint(1, 12)}"
        as2_line(tc, "INFO", th, "o.o.p.AS2ReceiverModule", f"received message {pmsg} from {pid_as2[pid]} size={rng.randint(1900, 2400)}; MDN sent: processed")
        ti = tc + dt.timedelta(milliseconds=rng.randint(30, 140))
        ep = epoch_at(ti, "ready")
        pod = rng.choice(ep["pods"])
        elog(ti, pod, "INFO", "inbound/server.go:61", "interchange received", partner=pid, ref=str(partner_ref[pid]), type="CONTRL", messages=1)
        if action == "4" and ep["ver"] in ("2.15.0", "2.15.1"):
            text = {"26": "duplicate detected", "21": "invalid character(s)"}[code]
            elog(ti + dt.timedelta(milliseconds=4), pod, "ERROR", "inbound/contrl.go:31", "interchange rejected by partner", partner=pid, ref=f"{ref:09d}",
                 action="4 (rejected)", error=f"{code} ({text})", type="COPARN", booking=booking)
        else:
            f = dict(partner=pid, ref=f"{ref:09d}", action=action)
            if code:
                f["error"] = code
            elog(ti + dt.timedelta(milliseconds=4), pod, "INFO", "inbound/contrl.go:27", "CONTRL received", **f)
        stats["contrl"].append((ti, pid, action, code))
        if action == "4":
            blog(ti + dt.timedelta(milliseconds=rng.randint(40, 400)), "warn", "terminal order not accepted", booking=booking, order=kind, partner=pid,
                 reason=f"CONTRL action={action} error={code}", equipment=iso)
            if code == "26":
                rejected.append((ti, pid, ref, kind, booking, iso, vessel, voyage, qty, sent_at))
                if stats["first_dup"] is None:
                    stats["first_dup"] = ti
        elif rng.random() < 0.03:
            ta = ti + dt.timedelta(seconds=rng.uniform(20, 300))
            err = rng.choice([("35", "vessel visit unknown", "vessel/voyage not in the terminal's berth schedule"),
                              ("44", "booking already released", "release order for this booking exists"),
                              ("12", "invalid container number", "check digit"),
                              ("35", "vessel visit unknown", "vessel/voyage not in the terminal's berth schedule")])
            if ta < END:
                elog(ta, any_pod(ta), "WARN", "inbound/aperak.go:40", "APERAK received", partner=pid, booking=booking, code=err[0], text=err[1], detail=err[2])
                blog(ta + dt.timedelta(milliseconds=120), "warn", "terminal order needs attention", booking=booking, partner=pid, reason=f"APERAK {err[0]} {err[1]}")
    stats["rejected"] = rejected

    # --- inbound CODECO / COARRI from the terminals
    for pid, name, locode, per_h, dup, pos, last, delay, inb in PARTNERS:
        t = START
        while True:
            t = t + dt.timedelta(seconds=rng.expovariate(inb / 3600.0))
            if t >= END:
                break
            kind = "CODECO" if pid == "DEHAMDEP" or rng.random() < 0.62 else "COARRI"
            n = rng.choice([1, 1, 1, 2, 3, 4, 8, 12]) if kind == "COARRI" else rng.choice([1, 1, 1, 1, 2])
            partner_ref[pid] += 1
            pmsg = f"<{pid_as2[pid]}-{t.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}>"
            as2_line(t, "INFO", f"http-nio-4080-exec-{rng.randint(1, 12)}", "o.o.p.AS2ReceiverModule", f"received message {pmsg} from {pid_as2[pid]} size={rng.randint(2200, 3600) + n * 420}; MDN sent: processed")
            ti = t + dt.timedelta(milliseconds=rng.randint(30, 160))
            pod = any_pod(ti)
            elog(ti, pod, "INFO", "inbound/server.go:61", "interchange received", partner=pid, ref=str(partner_ref[pid]), type=kind, messages=n)
            for k in range(n):
                if kind == "CODECO":
                    ev = rng.choice(["gate-in", "gate-out", "gate-out", "gate-in"])
                    full = "empty" if (ev == "gate-out" and rng.random() < 0.7) else "full"
                else:
                    ev = rng.choice(["LOAD", "DISC"])
                    full = "full" if rng.random() < 0.8 else "empty"
                elog(ti + dt.timedelta(milliseconds=5 + 3 * k), pod, "INFO", "inbound/events.go:52", "equipment event published", partner=pid,
                     container=container_no(rng, rng.choice(["TDWU", "TDWU", "TDWU", "TGHU", "SEGU"])), event=ev, status=full, location=locode)
            if rng.random() < 0.012:
                elog(ti + dt.timedelta(milliseconds=40), pod, "WARN", "inbound/events.go:77", "equipment event for unknown container skipped", partner=pid,
                     container=container_no(rng, rng.choice(["MSKU", "CMAU", "HLXU"])), reason="not a Tidewell box (co-loader)")

    # --- periodic stats from the leader
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        ep = epoch_at(t)
        if not any(e["handover"] <= t < e["acquired"] for e in epochs[1:]):
            elog(t, ep["pods"][0], "INFO", "outbound/stats.go:19", "outbound stats", window="5m", queued=rng.randint(0, 3), lag_ms=rng.randint(40, 400))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(-200, 200))

    # --- booking-api background: confirmations, customs filings, health
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(2.2 / 60.0))
        if t >= END:
            break
        r = rng.random()
        if r < 0.45:
            blog(t, "info", "booking confirmed", booking=new_booking(), customer=rng.choice(CUSTOMERS), pol=rng.choice(["DEHAM", "NLRTM", "BEANR", "DEBRV", "PLGDN", "GBFXT", "FRLEH"]),
                 pod=rng.choice(PODS), vessel=rng.choice(["TIDEWELL ALTAIR", "TIDEWELL VEGA", "TIDEWELL CORVUS", "TIDEWELL LYRA"]), voyage=rng.choice(["608W", "611W", "604E", "402W"]),
                 equipment=weighted_iso(rng), qty=rng.choice([1, 1, 2, 3, 5]))
        elif r < 0.8:
            auth = rng.choice(["US-CBP-AMS", "US-CBP-AMS", "CA-CBSA-ACI", "EU-ICS2", "UK-CDS"])
            fid = f"{auth.split('-')[0]}{rng.randint(10**8, 10**9 - 1)}"
            blog(t, "info", "customs filing submitted", filing=fid, authority=auth, booking=f"TDW{rng.randint(6150000, 6204100)}", via="customs-gateway")
            tt = t + dt.timedelta(seconds=rng.uniform(20, 240))
            if rng.random() < 0.04:
                blog(tt, "warn", "customs filing rejected", filing=fid, authority=auth, code=rng.choice(["E1003", "V0217", "R-512"]), text=rng.choice(["HS code must be 6 digits", "consignee EORI not valid", "container number already filed on another bill"]))
            else:
                blog(tt, "info", "customs filing accepted", filing=fid, authority=auth, ref=f"{rng.randint(10**9, 10**10 - 1)}")
        else:
            blog(t, "info", "schedule update applied", service=rng.choice(["AE7", "NE2", "BX1"]), vessel=rng.choice(["TIDEWELL ALTAIR", "TIDEWELL VEGA", "TIDEWELL CORVUS", "BALTIC TERN"]),
                 port=rng.choice(["DEHAM", "NLRTM", "BEANR", "PLGDN"]), cutoff_shift_min=rng.choice([0, 0, 0, 30, -60, 120]), source="vessel-schedule-feed")

    # --- Argo CD
    def alog(t, msg, level="info", **kv):
        if START <= t < END:
            parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/edi-hub"]
            parts += [f"{k}={v}" for k, v in kv.items()]
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "edi", "time_ms": rng.randint(40, 190)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        alog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "edi"}, **extra)
        alog(t + dt.timedelta(seconds=2), "apps/Deployment edi/edi-hub configured", revision=sha)
        alog(t + dt.timedelta(seconds=48), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=49), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE, shas["release"], 58)
    alog(ROLLBACK - dt.timedelta(seconds=3), f"Rollback to history ID 57 ({shas['wed']}); automated sync disabled", user="jonas.petersen@tidewell-line.com")
    sync(ROLLBACK, shas["wed"], 59, auto=False, user="jonas.petersen@tidewell-line.com")
    alog(FIX - dt.timedelta(seconds=6), "automated sync enabled", user="anna.wisniewska@tidewell-line.com")
    sync(FIX, shas["fixrel"], 60)

    # --- tickets from hauliers and forwarders
    tick_id = [418220]

    def ticket(t, account, channel, subject, body, priority="normal"):
        if START <= t < END:
            tick_id[0] += rng.randint(1, 4)
            tickets.add(t, json.dumps({"created_at": stamp_iso(t), "ticket": f"CS-{tick_id[0]}", "channel": channel, "account": account,
                                       "priority": priority, "queue": "export-ops", "subject": subject, "description": body}, ensure_ascii=False))

    # routine tickets
    routine = [
        ("Spedition Hollmann GmbH", "email", "VGM für Buchung {b} korrigieren", "Bitte VGM für {b} auf 27.340 kg ändern, Waage war falsch."),
        ("Van Doorn Transport BV", "portal", "Pick-up reference for {b}", "Driver has no pick-up reference for {b}, please resend the release."),
        ("Brightwater Logistics Ltd", "email", "Late gate-in {b}", "Our box for {b} will miss the cut-off by two hours, can it be rolled to the next vessel?"),
        ("Kowalski Trans Sp. z o.o.", "portal", "Zmiana terminu odbioru {b}", "Prosimy o przesunięcie odbioru kontenera dla {b} na jutro."),
        ("Nordic Cold Chain AS", "email", "Setpoint {b}", "Please confirm the setpoint for {b} is -25.0 C before the PTI."),
    ]
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(6.0 / 3600.0))
        if t >= END:
            break
        acc, ch, subj, body = rng.choice(routine)
        b = f"TDW{rng.randint(6150000, 6204100)}"
        ticket(t, acc, ch, subj.format(b=b), body.format(b=b))
    gate_words = {
        "DEHAM": ("Elbkai", "Fahrer am Elbkai-Gate abgewiesen: kein Freistellungsauftrag für Buchung {b} ({iso}). Fahrer wartet, bitte dringend prüfen.",
                  "Export-Container für {b} am Elbkai nicht angenommen: 'keine Buchung im System'."),
        "NLRTM": ("Maasvlakte West", "Driver refused at Maasvlakte West: release for {b} ({iso}) unknown at the terminal. Truck slot lost.",
                  "Export box for {b} refused at Maasvlakte West gate: no acceptance order."),
        "BEANR": ("Deltadok", "Chauffeur geweigerd aan de poort van Deltadok: geen vrijgave voor boeking {b} ({iso}).",
                  "Exportcontainer voor {b} geweigerd bij Deltadok: booking niet gekend."),
        "PLGDN": ("Westerplatte", "Kierowca odprawiony na bramie Westerplatte: brak zlecenia wydania dla {b} ({iso}).",
                  "Kontener eksportowy {b} nie przyjęty na Westerplatte: brak awizacji."),
    }
    hauliers = {"DEHAM": ["Spedition Hollmann GmbH", "Elbe Trucking GmbH", "HTL Hafentransport"], "NLRTM": ["Van Doorn Transport BV", "Maasport Haulage BV"],
                "BEANR": ["Transport Peeters NV", "Scheldt Carriers"], "PLGDN": ["Kowalski Trans Sp. z o.o."]}
    stats["tickets"] = 0
    for ti, pid, ref, kind, booking, iso, vessel, voyage, qty, sent_at in rejected:
        locode = PMAP[pid][2]
        if rng.random() < (0.17 if kind == "release" else 0.07):
            tt = ti + dt.timedelta(minutes=rng.uniform(22, 95))
            if tt < RESEND + dt.timedelta(minutes=25):
                name, rel_txt, acc_txt = gate_words[locode]
                txt = (rel_txt if kind == "release" else acc_txt).format(b=booking, iso=iso)
                ticket(tt, rng.choice(hauliers[locode]), rng.choice(["phone", "email", "portal"]), f"{name}: {'release' if kind == 'release' else 'gate-in'} {booking} refused", txt, "high")
                stats["tickets"] += 1

    # --- Slack #edi-ops
    users = {"alertmanager": "B04ALRT7Q", "jonas.petersen": "U02JP8K3M", "anna.wisniewska": "U03AW5N9R", "karthik.raman": "U04KR2T6X",
             "lea.brandt": "U05LB7H4C", "svenja.kruse (export ops)": "U06SK1D8V"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "edi-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = stats["first_dup"]
    by_p = {}
    for r in rejected:
        by_p[r[1]] = by_p.get(r[1], 0) + 1
    # the reference Elbkai's EDI desk quotes: one they rejected after the rollback
    cands = sorted(ref for (pid, ref), ts in sent_log.items() if pid == "ELBKTHAM" and len(ts) == 3 and max(ts) < ROLLBACK + dt.timedelta(minutes=15))
    qref = cands[0]
    times = sorted(sent_log[("ELBKTHAM", qref)])
    assert times[0] > START, times
    stats["quote"] = (qref, times)
    say(utc("2026-02-19 08:02:10"), "svenja.kruse (export ops)", "Westerplatte rejected two releases again (code 21), both consignees with Polish letters. fixing them by hand")
    say(RELEASE - dt.timedelta(minutes=3), "jonas.petersen", "syncing edi-hub 2.15.0: EDI-420 reefer TMP/vent in COPARN, EDI-418 rejection logging, EDI-419 gauge, pgx 5.7.2")
    say(RELEASE + dt.timedelta(minutes=1, seconds=20), "jonas.petersen", "2.15.0 healthy, new leader sending")
    say(first + dt.timedelta(minutes=9), "alertmanager", "[FIRING:2] EdiContrlRejections edi-hub partner=ELBKTHAM|RTMMAAS CONTRL action 4 > 5 in 10m")
    say(first + dt.timedelta(minutes=11), "jonas.petersen", "ack. 'interchange rejected by partner' from Elbkai and Maasvlakte, Deltadok too now. started right after 2.15.0, and EDI-420 is exactly the COPARN segments. runbook says roll back first")
    say(first + dt.timedelta(minutes=16), "lea.brandt", "TMP is only added for 45R1/22R1 and Elbkai asked for it. but the error says 26 duplicate detected, not a syntax error in a segment?")
    say(first + dt.timedelta(minutes=21), "karthik.raman", "the rejected ones are dry boxes too (45G1, 22G1), no TMP in them. runbook says 26 = the terminal replaying our files")
    say(ROLLBACK - dt.timedelta(minutes=1, seconds=10), "jonas.petersen", "rolling back to 2.14.0 in Argo anyway (history 57) and asking the Elbkai EDI desk whether they restored something")
    say(ROLLBACK + dt.timedelta(minutes=7), "jonas.petersen", "2.14.0 running. the ERROR lines are gone but 'CONTRL received ... action=4 error=26' keeps coming from the same four partners")
    say(ROLLBACK + dt.timedelta(minutes=12), "svenja.kruse (export ops)", "hauliers calling: trucks turned away at Elbkai and Maasvlakte, 'no release order'. can we send the releases by e-mail?")
    say(ROLLBACK + dt.timedelta(minutes=19), "jonas.petersen",
        f"Elbkai EDI desk: 'we received interchange {qref:09d} from TDWL three times today, at {times[0].strftime('%H:%M')}, {times[1].strftime('%H:%M')} and {times[2].strftime('%H:%M')} UTC, with different bookings. our gateway rejects a control reference it already has from the same sender. nothing restored on our side'")
    say(ROLLBACK + dt.timedelta(minutes=26), "anna.wisniewska",
        "that's EDI-412. refalloc saves the high-water mark every 500 refs and a new leader resumes *at* the saved mark ('refalloc: resuming from checkpoint'), so every ref the old leader used after the last save is sent again. Wednesday's deploy started clean from the migration; 2.15.0 and the rollback were the first two leader changes since")
    say(ROLLBACK + dt.timedelta(minutes=29), "anna.wisniewska", "Bremerhaven, Felixstowe, Le Havre and the depot get the same repeated numbers, they just don't check. writing the fix: skip the block on resume")
    say(ROLLBACK + dt.timedelta(minutes=33), "jonas.petersen", "so the rollback restarted the wave. no more restarts until the fix please")
    say(FIX - dt.timedelta(minutes=2), "anna.wisniewska", "EDI-423 merged, release 2.15.1 syncing. this is one more leader change, but the new leader skips to checkpoint+500")
    say(FIX + dt.timedelta(minutes=3), "anna.wisniewska", "new leader: 'resuming after checkpoint block' for every partner, first CONTRLs from Elbkai and Maasvlakte are action 7")
    say(RESEND + dt.timedelta(seconds=30), "anna.wisniewska", f"resending the {stats['resend_count']} interchanges rejected with 26 since 09:38, with new references")
    say(stats["resend_done"] + dt.timedelta(minutes=5), "svenja.kruse (export ops)", "Elbkai and Maasvlakte see the releases again, drivers being called back. postmortem tomorrow")
    stats["by_partner"] = by_p
    return [app, as2, book, argo, slack, tickets], stats


CUSTOMERS = ["Hanseatic Foods GmbH", "Bergmann Maschinenbau AG", "Lindqvist Paper AB", "Rotterdam Fresh Export BV", "Antwerp Chemicals NV",
             "Polfrost Sp. z o.o.", "Norfolk Timber Ltd", "Normandie Lait SA", "Elbe Pharma GmbH", "Vistula Furniture S.A."]
PODS = ["CNSHA", "SGSIN", "USNYC", "USSAV", "BRSSZ", "AEJEA", "INNSA", "CAMTR", "KRPUS", "ZADUR"]


def weighted_iso(rng):
    total = sum(w for w, _ in EQUIPMENT)
    pick = rng.uniform(0, total)
    for w, iso in EQUIPMENT:
        pick -= w
        if pick <= 0:
            return iso
    return EQUIPMENT[-1][1]


def build(out_dir):
    rng = random.Random(62100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_dup"].replace(microsecond=0)
        assert RELEASE < onset < RELEASE + dt.timedelta(minutes=6), onset
        by_p = stats["by_partner"]
        assert set(by_p) == {"ELBKTHAM", "RTMMAAS", "ANRDELTA", "GDNWCT"}, by_p
        contrl = stats["contrl"]

        def rate(pid, action, code=None):
            def fn(t):
                n = sum(1 for ti, p, a, c in contrl if p == pid and a == action and (code is None or c == code) and t - dt.timedelta(minutes=5) < ti <= t)
                return round(n / 300.0, 4)
            return fn

        metrics = {
            "edi_contrl_rejected_rate5m.json": query_range(
                [({"job": "edi-hub", "partner": p, "action": "4"}, rate(p, "4")) for p in ("ELBKTHAM", "RTMMAAS", "ANRDELTA", "GDNWCT", "BREMNKJ")], START, END, 60),
            "edi_contrl_acknowledged_rate5m.json": query_range(
                [({"job": "edi-hub", "partner": p, "action": "7"}, rate(p, "7")) for p in ("ELBKTHAM", "RTMMAAS", "ANRDELTA", "BREMNKJ")], START, END, 60),
        }
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        total = sum(by_p.values())
        return write_scenario(
            out_dir, name="r62-interchange-ref-checkpoint", service=SERVICE, onset=onset,
            description=f"""
Terminals reject Tidewell Line's COPARN release and acceptance orders on
Thursday 19 February: from {onset.strftime('%H:%M:%S')} UTC the EDI gateways of Elbkai
(Hamburg), Maasvlakte West (Rotterdam), Deltadok (Antwerp) and
Westerplatte (Gdańsk) answer edi-hub's interchanges with CONTRL action 4,
and hauliers' trucks are turned away at the gates for want of a release
order. edi-hub 2.15.0 had been synced at 09:37; a rollback to 2.14.0 at
10:14 did not help. 2.15.1 went out at 11:08 and the rejected
interchanges were re-sent from 11:21.
""",
            logs=logs, line_formats={"edi-hub.log": r'\[pod/<Pod>/<Container>\] <Time>\s+<Level>\s+<Caller>\s+<Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'resuming from checkpoint',
                r'interchange rejected by partner.*duplicate detected',
            ],
            fix_files=["internal/edifact/refalloc.go"],
            explanation=f"""
The culprit is EDI-412 ("refs: interchange references per partner from
memory, checkpoint every 500"), committed on Tuesday 17 February at 15:22
UTC and shipped in Wednesday's 2.14.0 (synced at 15:10 with the docs
commit after it), {hours:.1f} hours before the onset. The outbound leader
keeps a counter per partner and saves its high-water mark every 500
references; a new leader resumes *at* the saved mark ("refalloc:
resuming from checkpoint"), so every interchange control reference the
previous leader used after its last save goes out again. Wednesday's
start was clean (migration 0019 seeds every partner with the sequence's
last value) and nothing restarted edi-hub until Thursday's 2.15.0 at
09:37; its new leader repeated references, and the four partners that
check duplicates rejected them ("interchange rejected by partner ...
error 26 (duplicate detected)"; 2.14's "CONTRL received ... action=4
error=26"), {total} interchanges in all, dry boxes as much as reefers. The
rollback at 10:14 was one more leader change and started the waves over.
EDI-423 resumes after the checkpoint block (the same file).
Decoys: the 2.15.0 release, synced {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (EDI-420, reefer
TMP and ventilation in the very COPARN builder; EDI-418, which adds the
very "interchange rejected by partner" line; EDI-419, a gauge, in the
culprit's file; a pgx bump), rolled back to 2.14.0, which holds the
culprit, without effect; the runbook commit that reads rejections after
a deploy as our segments and code 26 as a terminal replaying files;
Wednesday's sync that names the docs commit after the culprit; the AS2
gateway's MDNs, all "processed"; Westerplatte's routine code 21
rejections (Polish letters in UNOA) and the terminals' routine APERAKs;
the x/crypto bump, the COARRI and Westerplatte commits.
""",
        )
    finally:
        repo.close()
