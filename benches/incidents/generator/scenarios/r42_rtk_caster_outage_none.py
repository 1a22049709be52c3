"""che-positioning (Go 1.23; two pods on EKS in eu-central-1, synced by
Argo CD; team in Hamburg, Wrocław and Lisbon) of Elbkai Container
Terminal (EKT), a straddle-carrier terminal in the port of Hamburg. Each
of its 24 straddle carriers (SC01-SC24, 1-over-3) has an RTK GNSS
receiver whose corrections come over NTRIP from NordRTK's caster
(mountpoint ELBKAI_RTK, fed by NordRTK's reference station WALT in
Waltershof, under a service contract), and a vehicle-mounted terminal
(VMT) that posts a telegram at every spreader lock and unlock with the
receiver's position, heading, fix type, HPE and correction age.
che-positioning is the terminal's position detection (PDS): it snaps each
put-down and pick-up to a yard slot (or a transfer lane under a quay
crane or at the truck lanes) and confirms the job step to the TOS's
job-dispatch; when the position is not good enough it asks the driver to
pick the slot on the VMT. The vehicles' syslog (gnssd, ntripclient,
wpa_supplicant, vmt-agent) goes to the terminal's log collector.

On Tuesday 6 October at 13:45 UTC the reference station WALT loses mains
power and its UPS runs down; at 13:46:05 the caster drops the mountpoint:
the straddles' NTRIP clients get no more RTCM data and then only
NordRTK's sourcetable ("mountpoint ELBKAI_RTK not in sourcetable"). A
minute later, corrections older than 60 s, the receivers fall back from
RTK fixed (2-4 cm) to SBAS (EGNOS, 0.6-2 m), and from 13:47 every put-down
and pick-up goes to manual confirmation on the VMT: jobs take a minute
longer, drivers pick wrong slots now and then, the quay cranes wait for
straddles and trucks queue at the transfer lanes.

At 13:19 a che-positioning release had been synced (YARD-412:
heading-aware slot snapping, and the put-down threshold 0.35 -> 0.25 m
in config/pds.yaml; YARD-409 of the afternoon before, which logs
unconfirmed put-downs and pick-ups with fix type, HPE and correction
age; a paho.mqtt.golang bump). The on-call rolls it back in Argo CD at
14:09 without effect. At 14:24 yard control sees every vehicle on SBAS
in the fleet status; NordRTK confirms the station's power failure on the
phone at 14:33 and by email at 14:41. The straddle vendor's FleetCare
pushes the state network's VRS mountpoint to the fleet from 14:51, the
vehicles fix RTK again within a minute or two, and manual confirmations
stop by 14:56. The station is back at 15:48. Nothing in che-positioning
caused it.

Sources: che-positioning (Go slog JSON), the straddles' syslog (RFC 5424:
gnssd, ntripclient, wpa_supplicant, vmt-agent), job-dispatch (log4j2
pattern, line format), ingress-nginx access (VMT telegrams and manual
slot picks), Argo CD (application controller, logfmt), NordRTK notices
(email archive, JSON), #ekt-yard-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "che-positioning"
START, END = utc("2026-10-06 12:00:00"), utc("2026-10-06 16:10:00")
RELEASE = utc("2026-10-06 13:19:40")
OUTAGE = utc("2026-10-06 13:46:05")
ROLLBACK = utc("2026-10-06 14:09:30")
FALLBACK = utc("2026-10-06 14:51:10")
STATION_BACK = utc("2026-10-06 15:48:20")
CASTER = "caster.nordrtk.de:2101"
MOUNT = "ELBKAI_RTK"
VRS_CASTER = "vrs.geonord-rtk.de:2101"
VRS_MOUNT = "VRS_HH_MSM"
SCS = [f"SC{i:02d}" for i in range(1, 25)]

# ---------------------------------------------------------------------------
# the repository

GO_MOD = '''module github.com/elbkai/che-positioning

go 1.23

require (
	github.com/eclipse/paho.mqtt.golang v1.4.3
	github.com/prometheus/client_golang v1.20.4
	google.golang.org/grpc v1.67.1
	gopkg.in/yaml.v3 v3.0.1
)
'''

MAIN_GO = '''package main

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/elbkai/che-positioning/internal/dispatch"
	"github.com/elbkai/che-positioning/internal/fleet"
	"github.com/elbkai/che-positioning/internal/pds"
	"github.com/elbkai/che-positioning/internal/telegram"
	"github.com/elbkai/che-positioning/internal/yard"
)

var version, commit = "dev", "none"

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg := pds.MustLoad("/etc/che-positioning/pds.yaml")
	layout := yard.MustLoad("/etc/che-positioning/yard-layout.yaml")
	log.Info("che-positioning starting", "version", version, "commit", commit, "max_putdown_error_m", cfg.MaxPutdownErrorM, "snap", cfg.Snap.Mode)
	p := pds.New(cfg, layout, dispatch.NewClient(os.Getenv("DISPATCH_ADDR")), log)
	go fleet.ReportStatus(p, cfg.FleetStatusInterval, log)
	http.Handle("/v1/telegrams/", telegram.Handler(p, log))
	http.Handle("/v1/", p.API())
	log.Error("server stopped", "err", http.ListenAndServe(":8080", nil))
}
'''

CONFIRM_GO = '''package pds

import (
	"github.com/elbkai/che-positioning/internal/dispatch"
	"github.com/elbkai/che-positioning/internal/telegram"
)

// ConfirmPutdown confirms a put-down from the vehicle's own position when
// it is good enough: the receiver's HPE and the distance to the snapped
// slot's centre both within MaxPutdownErrorM. Otherwise the driver picks
// the slot on the VMT (requestManual), which costs the move 30-90 s.
func (p *PDS) ConfirmPutdown(ev telegram.SpreaderEvent, job dispatch.Job) Result {
	slot, dist := p.snap.Nearest(ev.Position, ev.Heading, job.TargetArea)
	if ev.GNSS.HPE > p.cfg.MaxPutdownErrorM || dist > p.cfg.MaxPutdownErrorM {
		p.log.Warn("putdown not auto-confirmed", "che", ev.CHE, "job", job.ID, "slot", slot.ID)
		return p.requestManual(ev, job, slot)
	}
	p.log.Info("putdown confirmed", "che", ev.CHE, "job", job.ID, "container", job.Container, "slot", slot.ID,
		"dist_m", round2(dist), "fix", ev.GNSS.Fix, "hpe_m", round2(ev.GNSS.HPE))
	return p.confirm(job, slot)
}

// ConfirmPickup: the same for a pick-up, against the slot the job names.
func (p *PDS) ConfirmPickup(ev telegram.SpreaderEvent, job dispatch.Job) Result {
	dist := p.snap.Distance(ev.Position, job.Source)
	if ev.GNSS.HPE > p.cfg.MaxPickupErrorM || dist > p.cfg.MaxPickupErrorM {
		p.log.Warn("pickup not auto-confirmed", "che", ev.CHE, "job", job.ID, "slot", job.Source.ID)
		return p.requestManual(ev, job, job.Source)
	}
	p.log.Info("pickup confirmed", "che", ev.CHE, "job", job.ID, "container", job.Container, "slot", job.Source.ID,
		"dist_m", round2(dist), "fix", ev.GNSS.Fix, "hpe_m", round2(ev.GNSS.HPE))
	return p.confirm(job, job.Source)
}
'''

SNAP_GO = '''package pds

import (
	"math"

	"github.com/elbkai/che-positioning/internal/geo"
	"github.com/elbkai/che-positioning/internal/yard"
)

// Snapper finds the slot whose centre is nearest to the spreader's
// position, among the slots of the job's target area.
type Snapper struct{ layout *yard.Layout }

func (s Snapper) Nearest(pos geo.Point, heading float64, area yard.Area) (yard.Slot, float64) {
	best, bestDist := yard.Slot{}, math.Inf(1)
	for _, slot := range s.layout.Slots(area) {
		if d := geo.Distance(pos, slot.Centre); d < bestDist {
			best, bestDist = slot, d
		}
	}
	return best, bestDist
}
'''

PDS_YAML = '''# Position detection (PDS) for the straddle carriers' spreader events.
# HPE or distance to the slot centre above the threshold: the driver
# confirms the slot on the VMT.
max_putdown_error_m: 0.35
max_pickup_error_m: 0.50
snap:
  mode: nearest          # nearest | heading
fleet_status_interval: 5m
manual_confirmation_timeout: 120s
'''

YARD_YAML = '''# Yard blocks (straddle rows run north-south), transfer lanes under the
# quay cranes and at the truck lanes. Surveyed 2025-11, WGS84 / UTM 32N.
blocks:
  - { id: A01, rows: 12, bays: 40, tiers: 3, kind: import }
  - { id: A02, rows: 12, bays: 40, tiers: 3, kind: import }
  - { id: A03, rows: 12, bays: 36, tiers: 3, kind: import }
  - { id: B01, rows: 12, bays: 40, tiers: 3, kind: export }
  - { id: B02, rows: 12, bays: 40, tiers: 3, kind: export }
  - { id: B07, rows: 14, bays: 44, tiers: 3, kind: export }
  - { id: R01, rows: 8, bays: 30, tiers: 3, kind: reefer }
  - { id: E01, rows: 10, bays: 40, tiers: 3, kind: empty }
transfer_lanes:
  quay: [QC01-TZ, QC02-TZ, QC03-TZ, QC04-TZ, QC05-TZ, QC06-TZ]
  trucks: [TL-01, TL-02, TL-03, TL-04, TL-05, TL-06, TL-07, TL-08]
'''

DEPLOYMENT = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: che-positioning
spec:
  replicas: 2
  selector:
    matchLabels: { app: che-positioning }
  template:
    metadata:
      labels: { app: che-positioning }
    spec:
      containers:
        - name: che-positioning
          image: 418272790364.dkr.ecr.eu-central-1.amazonaws.com/che-positioning:latest
          env:
            - { name: DISPATCH_ADDR, value: "job-dispatch.tos.svc.cluster.local:9090" }
          ports: [{ containerPort: 8080 }]
          volumeMounts: [{ name: config, mountPath: /etc/che-positioning }]
          readinessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 5 }
      volumes:
        - name: config
          configMap: { name: che-positioning-config }
'''

KUSTOMIZATION = '''resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
  - name: che-positioning-config
    files:
      - ../../config/pds.yaml
      - ../../config/yard-layout.yaml
images:
  - name: 418272790364.dkr.ecr.eu-central-1.amazonaws.com/che-positioning
    newTag: main
'''

HANDLER_GO = '''package telegram

import (
	"encoding/json"
	"log/slog"
	"net/http"
)

// SpreaderEvent is what a VMT posts at every spreader lock (pick-up) and
// unlock (put-down): the GNSS receiver's solution at that moment.
type SpreaderEvent struct {
	CHE      string  `json:"che"`
	Job      string  `json:"job"`
	Kind     string  `json:"kind"` // lock | unlock
	Position Point   `json:"pos"`
	Heading  float64 `json:"hdg"`
	GNSS     GNSS    `json:"gnss"`
}

type GNSS struct {
	Fix      string  `json:"fix"` // RTK_FIXED, RTK_FLOAT, DGNSS, SBAS, SINGLE
	HPE      float64 `json:"hpe"`
	CorrAgeS *int    `json:"corr_age"`
	Sats     int     `json:"sats"`
}

func Handler(p Confirmer, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev SpreaderEvent
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			http.Error(w, "bad telegram", http.StatusBadRequest)
			return
		}
		p.Handle(ev)
		w.WriteHeader(http.StatusAccepted)
	})
}
'''

DISPATCH_GO = '''package dispatch

import (
	"context"
	"time"
)

// Client confirms job steps (pick-up, put-down) to the TOS's job-dispatch
// over gRPC.
type Client struct{ conn *grpcConn }

func (c *Client) ConfirmStep(ctx context.Context, job, step, slot string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return c.conn.confirm(ctx, job, step, slot)
}
'''

STATUS_GO = '''package fleet

import (
	"log/slog"
	"time"
)

// ReportStatus logs how many vehicles are online and their GNSS fix types,
// from the last telegram and heartbeat of each.
func ReportStatus(p StatusSource, every time.Duration, log *slog.Logger) {
	for range time.Tick(every) {
		s := p.FleetStatus()
		log.Info("fleet gnss status", "online", s.Online, "rtk_fixed", s.Fix["RTK_FIXED"], "rtk_float", s.Fix["RTK_FLOAT"],
			"dgnss", s.Fix["DGNSS"], "sbas", s.Fix["SBAS"], "single", s.Fix["SINGLE"])
	}
}
'''

CI = '''name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with: { go-version: "1.23" }
      - run: go test ./...
  image:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t $ECR/che-positioning:${{ github.sha }} --build-arg COMMIT=${{ github.sha }} . && docker push $ECR/che-positioning:${{ github.sha }}
'''


def build_repo():
    jonas = Person("Jonas Petersen", "jonas.petersen@elbkai-terminal.de", 120)
    marta = Person("Marta Kowalczyk", "marta.kowalczyk@elbkai-terminal.de", 120)
    tiago = Person("Tiago Almeida", "tiago.almeida@elbkai-terminal.de", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# che-positioning\n\nPosition detection (PDS) for the straddle carriers: the VMTs post a\ntelegram at every spreader lock and unlock, we snap it to a yard slot or\ntransfer lane and confirm the job step to job-dispatch, or ask the driver\nto pick the slot on the VMT.\n\n```\ngo test ./...\ngo run ./cmd/che-positioning\n```\n\nDeployed by Argo CD (app `che-positioning`, manual sync) from `deploy/k8s`.\n",
        "docs/runbook.md": runbook("che-positioning", [
            ("PdsAutoConfirmLow", "Less than 80% of put-downs confirmed automatically over 10 minutes. Check\nthe VMT telegram lag (Wi-Fi) and whether one vehicle or all are affected."),
            ("DispatchConfirmErrors", "job-dispatch refuses or times out step confirmations. Check its pods."),
        ]),
        "go.mod": GO_MOD,
        "cmd/che-positioning/main.go": MAIN_GO,
        "internal/telegram/handler.go": HANDLER_GO,
        "internal/pds/confirm.go": CONFIRM_GO,
        "internal/pds/snap.go": SNAP_GO,
        "internal/dispatch/client.go": DISPATCH_GO,
        "internal/fleet/status.go": STATUS_GO,
        "config/pds.yaml": PDS_YAML,
        "config/yard-layout.yaml": YARD_YAML,
        "deploy/k8s/deployment.yaml": DEPLOYMENT,
        "deploy/k8s/kustomization.yaml": KUSTOMIZATION,
        ".github/workflows/ci.yml": CI,
    }
    repo.commit(utc("2026-09-30 07:30:00"), jonas, "che-positioning: PDS for the straddle fleet (telegrams, slot snapping, job-dispatch confirmations)", files)
    repo.schedule(chores(random.Random(42201), SERVICE, [tiago, marta], utc("2026-09-30 09:00:00"), utc("2026-10-05 07:00:00"), 2))
    repo.commit(utc("2026-10-01 11:10:00"), marta, "yard: east yard blocks B11-B13 (YARD-398)", {
        "config/yard-layout.yaml": repo.edit("config/yard-layout.yaml", "  - { id: R01,", "  - { id: B11, rows: 12, bays: 40, tiers: 3, kind: export }\n  - { id: B12, rows: 12, bays: 40, tiers: 3, kind: export }\n  - { id: B13, rows: 12, bays: 36, tiers: 3, kind: export }\n  - { id: R01,"),
    })
    repo.commit(utc("2026-10-02 08:40:00"), tiago, "telegram: VMT firmware 7.2 sends the twistlock state as tl_state (YARD-401)", {
        "internal/telegram/handler.go": repo.edit("internal/telegram/handler.go", '\tGNSS     GNSS    `json:"gnss"`\n', '\tGNSS     GNSS    `json:"gnss"`\n\tTLState  string  `json:"tl_state"` // firmware >= 7.2: locked | unlocked | fault\n'),
    })
    friday = repo.commit(utc("2026-10-02 09:55:00"), jonas, "dispatch: retry step confirmations on Unavailable, twice with backoff (YARD-403)", {
        "internal/dispatch/client.go": repo.edit("internal/dispatch/client.go", "\treturn c.conn.confirm(ctx, job, step, slot)\n",
                                                 "\tvar err error\n\tfor attempt, wait := 0, 200*time.Millisecond; attempt < 3; attempt, wait = attempt+1, wait*2 {\n\t\tif err = c.conn.confirm(ctx, job, step, slot); !isUnavailable(err) {\n\t\t\treturn err\n\t\t}\n\t\ttime.Sleep(wait)\n\t}\n\treturn err\n"),
    })
    repo.commit(utc("2026-10-04 04:10:00"), bot, "fix(deps): update module github.com/eclipse/paho.mqtt.golang to v1.5.0", {
        "go.mod": repo.edit("go.mod", "github.com/eclipse/paho.mqtt.golang v1.4.3", "github.com/eclipse/paho.mqtt.golang v1.5.0"),
    })
    repo.commit(utc("2026-10-05 06:20:00"), marta, "docs: runbook: manual slot confirmations and slot conflicts", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Manual slot confirmations\n\nWhen a spreader event cannot be confirmed from the position, the VMT shows\nthe driver the candidate slots; the step waits up to 120 s for a choice.\nA wrong choice shows later as a slot conflict or a container not found at\nits slot; yard control corrects the inventory in the TOS.\n",
    })
    repo.commit(utc("2026-10-05 12:45:00"), marta, "pds: log unconfirmed put-downs and pick-ups with fix type, HPE and correction age (YARD-409)\n\nYard control asks why a move went to manual; the slot alone does not\nsay whether the position or the snapping was the problem.", {
        "internal/pds/confirm.go": repo.edit("internal/pds/confirm.go",
            '\t\tp.log.Warn("putdown not auto-confirmed", "che", ev.CHE, "job", job.ID, "slot", slot.ID)\n',
            '\t\tp.log.Warn("putdown not confirmed: position accuracy", "che", ev.CHE, "job", job.ID, "container", job.Container,\n\t\t\t"nearest_slot", slot.ID, "dist_m", round2(dist), "fix", ev.GNSS.Fix, "hpe_m", round2(ev.GNSS.HPE),\n\t\t\t"corr_age_s", ev.GNSS.CorrAgeS, "threshold_m", p.cfg.MaxPutdownErrorM)\n').replace(
            '\t\tp.log.Warn("pickup not auto-confirmed", "che", ev.CHE, "job", job.ID, "slot", job.Source.ID)\n',
            '\t\tp.log.Warn("pickup not confirmed: position accuracy", "che", ev.CHE, "job", job.ID, "container", job.Container,\n\t\t\t"slot", job.Source.ID, "dist_m", round2(dist), "fix", ev.GNSS.Fix, "hpe_m", round2(ev.GNSS.HPE),\n\t\t\t"corr_age_s", ev.GNSS.CorrAgeS, "threshold_m", p.cfg.MaxPickupErrorM)\n'),
    })
    repo.commit(utc("2026-10-06 05:55:00"), jonas, "pds: snap put-downs with the vehicle's heading (YARD-412)\n\nAt B07's corner slots the nearest centre is sometimes the next row's:\nthe straddle straddles a row, so the slot is the one whose row axis is\nparallel to the heading and nearest across it. Three wrong-row\nconfirmations last week (YARD-405).", {
        "internal/pds/snap.go": repo.edit("internal/pds/snap.go",
            "func (s Snapper) Nearest(pos geo.Point, heading float64, area yard.Area) (yard.Slot, float64) {\n\tbest, bestDist := yard.Slot{}, math.Inf(1)\n\tfor _, slot := range s.layout.Slots(area) {\n\t\tif d := geo.Distance(pos, slot.Centre); d < bestDist {\n",
            "func (s Snapper) Nearest(pos geo.Point, heading float64, area yard.Area) (yard.Slot, float64) {\n\tbest, bestDist := yard.Slot{}, math.Inf(1)\n\tfor _, slot := range s.layout.Slots(area) {\n\t\t// A straddle stands over its row: only slots whose row axis is within\n\t\t// 20 degrees of the heading (either way) are candidates (YARD-412).\n\t\tif !geo.Parallel(heading, slot.RowAxis, 20) {\n\t\t\tcontinue\n\t\t}\n\t\tif d := geo.Distance(pos, slot.Centre); d < bestDist {\n"),
    })
    repo.commit(utc("2026-10-06 06:30:00"), jonas, "config: heading snap; put-down threshold 0.25 m (YARD-412)\n\nRTK fixed is 2-4 cm; 0.35 m let a wrong-row snap through at B07.", {
        "config/pds.yaml": repo.edit("config/pds.yaml", "max_putdown_error_m: 0.35\n", "max_putdown_error_m: 0.25\n").replace("  mode: nearest          # nearest | heading\n", "  mode: heading          # nearest | heading\n"),
    })
    head = repo.commit(utc("2026-10-06 08:40:00"), tiago, "test: heading-aware snapping at B07's corner slots (YARD-412)", {
        "internal/pds/snap_test.go": 'package pds\n\nimport "testing"\n\nfunc TestCornerSlotHeading(t *testing.T) {\n\ts := Snapper{layout: testLayout(t)}\n\tslot, _ := s.Nearest(pt(553812.41, 5933120.77), 91.5, area("B07"))\n\tif slot.ID != "B07-14-01/1" {\n\t\tt.Fatalf("got %s", slot.ID)\n\t}\n}\n',
    })
    repo.commit(utc("2026-10-06 16:25:00"), marta, "docs: runbook: fleet on SBAS when the RTK corrections stop", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Every vehicle on SBAS\n\nThe fleet status line shows `sbas` for all vehicles and the VMTs' ntripclient\nlogs the caster's sourcetable instead of data: NordRTK's mountpoint is\ndown. Call NordRTK's NOC; ask FleetCare to switch the fleet to the state\nnetwork's VRS mountpoint until it is back.\n",
    })
    return repo, {"friday": friday, "head": head}


# ---------------------------------------------------------------------------
# the straddles at work

def build_logs(rng, shas):
    app, onboard, dispatch, ingress, argo_out, notices, slack = (Log("che-positioning.log"), Log("sc-onboard.log"), Log("job-dispatch.log"), Log("ingress-nginx-access.log"),
                                                             Log("argocd-application-controller.log"), Log("nordrtk-notices.log"), Log("slack-ekt-yard-ops.log"))
    stats = {"manual": [], "auto": [], "fix": {}, "qc_wait": [], "first_manual_sbas": None, "conflict_times": []}

    def inwin(t):
        return START <= t < END

    def ms3(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def slog(t, level, msg, **kv):
        if inwin(t):
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}" + "Z", "level": level, "msg": msg}
            body.update(kv)
            app.add(t, json.dumps(body, separators=(",", ":")))

    def sys5424(t, host, appname, pid, msg, pri=30):
        if inwin(t):
            onboard.add(t, f"<{pri}>1 {ms3(t)} {host} {appname} {pid} - - {msg}")

    def l4j(t, level, thread, logger, msg):
        if inwin(t):
            dispatch.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')},{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    def access(t, ip_, method, path, status, size, rt, ua):
        if inwin(t):
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            ingress.add(t, f'{ip_} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(380, 520)} {rt:.3f} [tos-che-positioning-8080] [] 10.72.{rng.randint(20, 23)}.{rng.randint(10, 250)}:8080 {size} {rt:.3f} {status} {hexid(rng, 32)}')

    def ju(t):
        return t + dt.timedelta(microseconds=rng.randint(1000, 999000)) if t.microsecond == 0 else t

    # --- which build runs when
    builds = [
        (START - dt.timedelta(days=3), "2026.10.02-1", shas["friday"], 0.35, "nearest", False),
        (RELEASE + dt.timedelta(seconds=38), "2026.10.06-1", shas["head"], 0.25, "heading", True),
        (ROLLBACK + dt.timedelta(seconds=34), "2026.10.02-1", shas["friday"], 0.35, "nearest", False),
    ]

    def build_at(t):
        cur = builds[0]
        for b in builds:
            if t >= b[0]:
                cur = b
        return cur

    for when, version, sha, thr, snap, _ in builds[1:]:
        for k in range(2):
            tt = ju(when + dt.timedelta(seconds=k * 21 + rng.uniform(0, 2)))
            slog(tt, "INFO", "che-positioning starting", version=version, commit=sha[:12], max_putdown_error_m=thr, snap=snap)
            slog(tt + dt.timedelta(milliseconds=rng.randint(30, 90)), "INFO", "yard layout loaded", blocks=11, slots=15174, transfer_lanes=14)
            slog(tt + dt.timedelta(milliseconds=rng.randint(100, 300)), "INFO", "job-dispatch connected", addr="job-dispatch.tos.svc.cluster.local:9090")

    # --- each vehicle's GNSS solution over time
    degrade_at = {sc: OUTAGE + dt.timedelta(seconds=75 + rng.uniform(0, 6)) for sc in SCS}
    refix_at = {}
    push_at = {}
    for i, sc in enumerate(SCS):
        push_at[sc] = FALLBACK + dt.timedelta(seconds=i * 9 + rng.uniform(0, 6))
        refix_at[sc] = push_at[sc] + dt.timedelta(seconds=rng.uniform(4, 9))
    float_until = {sc: refix_at[sc] + dt.timedelta(seconds=rng.uniform(18, 60)) for sc in SCS}

    def fix_at(sc, t, where):
        if degrade_at[sc] <= t < refix_at[sc]:
            return "SBAS", rng.uniform(0.6, 1.9), None
        if refix_at[sc] <= t < float_until[sc]:
            return "RTK_FLOAT", rng.uniform(0.15, 0.45), rng.randint(1, 2)
        near_quay = where.startswith("QC")
        if rng.random() < (0.07 if near_quay else 0.025):
            return "RTK_FLOAT", rng.uniform(0.16, 0.55), rng.randint(1, 3)
        return "RTK_FIXED", rng.uniform(0.012, 0.045), rng.randint(1, 2)

    # --- jobs
    ips = {sc: f"10.70.8.{20 + i}" for i, sc in enumerate(SCS)}
    job_no = [4471200]
    qcs = ["QC02", "QC03", "QC04", "QC05"]  # working AMALIA SCHULTE (QC02, QC03) and NORDIC HAVEN (QC04, QC05)
    drivers_wrong = []

    def slot_name(block=None):
        block = block or rng.choice(["A01", "A02", "A03", "B01", "B02", "B07", "B11", "B12", "R01", "E01"])
        return f"{block}-{rng.randint(1, 12):02d}-{rng.randint(1, 40):02d}/{rng.randint(1, 3)}"

    owners = ["HLXU", "HLBU", "MSCU", "TGHU", "TCLU", "CAIU", "SEGU", "BMOU", "FSCU", "TRHU", "UACU", "HAMU"]

    def box():
        o = rng.choice(owners)
        return f"{o}{rng.randint(0, 9999999):07d}"

    def event(sc, t, kind, job, where, container):
        """One spreader lock/unlock: telegram, PDS decision, maybe a manual pick. Returns when the step is done."""
        b = build_at(t)
        thr = b[3] if kind == "putdown" else 0.50
        new_lines = b[5]
        fix, hpe, age = fix_at(sc, t, where)
        stats["fix"].setdefault(fix, []).append(t)
        # the telegram
        access(t + dt.timedelta(milliseconds=rng.randint(40, 160)), ips[sc], "POST", "/v1/telegrams/spreader", 202, 0, rng.uniform(0.004, 0.02), f"VMT/7.2.1 ({sc})")
        t1 = t + dt.timedelta(milliseconds=rng.randint(60, 220))
        dist = hpe * rng.uniform(0.4, 1.2) if fix != "RTK_FIXED" else rng.uniform(0.01, 0.09)
        is_lane = where.startswith("QC") or where.startswith("TL")
        if hpe <= thr and dist <= thr:
            slog(t1, "INFO", f"{kind} confirmed", che=sc, job=job, container=container, slot=where, dist_m=round(dist, 2), fix=fix, hpe_m=round(hpe, 2))
            stats["auto"].append(t1)
            return t1
        # not good enough: manual
        if new_lines:
            if kind == "putdown":
                slog(t1, "WARN", "putdown not confirmed: position accuracy", che=sc, job=job, container=container, nearest_slot=where, dist_m=round(dist, 2), fix=fix, hpe_m=round(hpe, 2), corr_age_s=age, threshold_m=thr)
            else:
                slog(t1, "WARN", "pickup not confirmed: position accuracy", che=sc, job=job, container=container, slot=where, dist_m=round(dist, 2), fix=fix, hpe_m=round(hpe, 2), corr_age_s=age, threshold_m=thr)
        else:
            slog(t1, "WARN", f"{kind} not auto-confirmed", che=sc, job=job, slot=where)
        if fix == "SBAS" and stats["first_manual_sbas"] is None:
            stats["first_manual_sbas"] = t1
        stats["manual"].append(t1)
        cands = [where] + ([slot_name(where.split("-")[0]) for _ in range(2)] if not is_lane else [])
        slog(t1 + dt.timedelta(milliseconds=3), "INFO", "manual slot confirmation requested", che=sc, job=job, step=kind, candidates=",".join(cands))
        l4j(t1 + dt.timedelta(milliseconds=rng.randint(10, 40)), "INFO", f"grpc-{rng.randint(1, 8)}", "d.e.t.dispatch.JobStepService", f"job {job} step {kind.upper()} awaiting manual slot confirmation on {sc}")
        access(t1 + dt.timedelta(milliseconds=rng.randint(300, 900)), ips[sc], "GET", f"/v1/che/{sc}/slot-candidates?job={job}", 200, rng.randint(280, 420), rng.uniform(0.003, 0.012), f"VMT/7.2.1 ({sc})")
        wait = rng.uniform(22, 80) if not is_lane else rng.uniform(12, 35)
        t2 = t1 + dt.timedelta(seconds=wait)
        chosen = where
        if not is_lane and fix == "SBAS" and rng.random() < 0.035:
            chosen = cands[1]
            drivers_wrong.append((t2, sc, job, container, where, chosen))
        access(t2, ips[sc], "POST", f"/v1/jobs/{job}/slot", 200, 2, rng.uniform(0.01, 0.05), f"VMT/7.2.1 ({sc})")
        slog(t2 + dt.timedelta(milliseconds=rng.randint(5, 20)), "INFO", "manual slot confirmed", che=sc, job=job, step=kind, slot=chosen, by="driver", waited_s=round(wait, 1))
        l4j(t2 + dt.timedelta(milliseconds=rng.randint(25, 60)), "INFO", f"grpc-{rng.randint(1, 8)}", "d.e.t.dispatch.JobStepService", f"job {job} step {kind.upper()} confirmed by driver at {chosen}")
        return t2

    busy_qc_waits = []
    for sc in SCS:
        t = START - dt.timedelta(seconds=rng.uniform(0, 240))
        while t < END:
            job_no[0] += rng.randint(1, 3)
            job = f"J-{job_no[0]}"
            r = rng.random()
            if r < 0.42:
                qc = rng.choice(qcs)
                kind, src, dst = "DSCH", f"{qc}-TZ", slot_name(rng.choice(["A01", "A02", "A03", "R01"]))
            elif r < 0.72:
                qc = rng.choice(qcs)
                kind, src, dst = "LOAD", slot_name(rng.choice(["B01", "B02", "B07", "B11", "B12"])), f"{qc}-TZ"
            elif r < 0.86:
                kind, src, dst = "DLVR", slot_name(rng.choice(["A01", "A02", "A03", "E01"])), f"TL-{rng.randint(1, 8):02d}"
            elif r < 0.96:
                kind, src, dst = "RECV", f"TL-{rng.randint(1, 8):02d}", slot_name(rng.choice(["B01", "B02", "B07", "B11", "E01"]))
            else:
                kind, src, dst = "HOUS", slot_name(), slot_name()
            container = box()
            l4j(t, "INFO", "dispatch-scheduler", "d.e.t.dispatch.JobDispatcher", f"job {job} assigned to {sc}: {kind} {container} {src} -> {dst}")
            t_pick = t + dt.timedelta(seconds=rng.uniform(35, 95))
            done_pick = event(sc, t_pick, "pickup", job, src, container)
            t_put = done_pick + dt.timedelta(seconds=rng.uniform(45, 110))
            if kind == "LOAD":
                late = (t_put - t).total_seconds() - 150
                if late > 45:
                    qcn = dst[:4]
                    l4j(t_put - dt.timedelta(seconds=rng.uniform(1, 5)), "WARN", "qc-monitor", "d.e.t.dispatch.QuayCraneMonitor", f"{qcn} waiting for straddle: {int(late)} s idle (job {job})")
                    stats["qc_wait"].append((t_put, late))
            done_put = event(sc, t_put, "putdown", job, dst, container)
            if kind == "DSCH":
                gap = (done_put - t).total_seconds() - 200
                if gap > 50 and rng.random() < 0.5:
                    l4j(done_put, "WARN", "qc-monitor", "d.e.t.dispatch.QuayCraneMonitor", f"{src[:4]} transfer zone full: {int(gap)} s idle, waiting for straddle (job {job})")
                    stats["qc_wait"].append((done_put, gap))
            l4j(done_put + dt.timedelta(milliseconds=rng.randint(40, 120)), "INFO", "dispatch-scheduler", "d.e.t.dispatch.JobDispatcher", f"job {job} completed by {sc} in {int((done_put - t).total_seconds())} s")
            t = done_put + dt.timedelta(seconds=rng.uniform(5, 40))
    # wrong manual picks surface later as a container not at its slot
    for t2, sc, job, container, where, chosen in drivers_wrong:
        later = t2 + dt.timedelta(minutes=rng.uniform(6, 50))
        stats.setdefault("conflict_times", []).append(later)
        if rng.random() < 0.5:
            l4j(later, "WARN", "dispatch-scheduler", "d.e.t.dispatch.InventoryService", f"slot conflict at {chosen}: occupied by {container} (manual confirmation on {sc}, job {job}), expected at {where}")
        else:
            l4j(later, "WARN", "dispatch-scheduler", "d.e.t.dispatch.InventoryService", f"container {container} not found at {where} (job {job} put it down by manual confirmation at {chosen}); search job created")
    # trucks waiting at the transfer lanes (a Poisson process thinned to the rate of the moment)
    def truck_rate(t):
        return 0.6 if OUTAGE + dt.timedelta(minutes=12) <= t < FALLBACK + dt.timedelta(minutes=25) else 0.06

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.6 / 60))
        if t >= END or rng.random() >= truck_rate(t) / 0.6:
            continue
        w = int(rng.uniform(21, 27) if truck_rate(t) < 0.1 else rng.uniform(22, 47))
        l4j(t, "WARN", "lane-monitor", "d.e.t.dispatch.TruckLaneMonitor", f"truck {rng.choice(['HH', 'PI', 'SE', 'RZ', 'OD', 'STD', 'WL'])}-{rng.choice('ABCDEFGHKLMNPRSTUVWXZ')}{rng.choice('ABCDEFGHKLMNPRSTUVWXZ')} {rng.randint(10, 9999)} at TL-{rng.randint(1, 8):02d} waiting {w} min")

    # --- fleet status every 5 minutes (both pods log it; only the leader's counts)
    t = START.replace(second=0) + dt.timedelta(seconds=rng.uniform(1, 4))
    while t < END:
        counts = {"RTK_FIXED": 0, "RTK_FLOAT": 0, "DGNSS": 0, "SBAS": 0, "SINGLE": 0}
        for sc in SCS:
            if degrade_at[sc] <= t < refix_at[sc]:
                counts["SBAS"] += 1
            elif refix_at[sc] <= t < float_until[sc] or rng.random() < 0.04:
                counts["RTK_FLOAT"] += 1
            else:
                counts["RTK_FIXED"] += 1
        slog(t.replace(microsecond=rng.randint(1000, 999000)), "INFO", "fleet gnss status", online=24, rtk_fixed=counts["RTK_FIXED"], rtk_float=counts["RTK_FLOAT"], dgnss=0, sbas=counts["SBAS"], single=0)
        t += dt.timedelta(minutes=5)

    # --- onboard syslog: gnssd status, transitions, NTRIP, Wi-Fi roaming
    for idx, sc in enumerate(SCS):
        host = sc.lower()
        gpid, npid, wpid, vpid = rng.randint(600, 900), rng.randint(900, 1300), rng.randint(400, 600), rng.randint(1300, 1800)
        # status every 5 minutes
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            if degrade_at[sc] <= t < refix_at[sc]:
                sys5424(t, host, "gnssd", gpid, f"status fix=SBAS sats={rng.randint(17, 23)} hdop={rng.uniform(0.6, 1.1):.1f} hpe={rng.uniform(0.6, 1.9):.2f}m corr_age=- sbas_prn=123")
            elif refix_at[sc] <= t < float_until[sc]:
                sys5424(t, host, "gnssd", gpid, f"status fix=RTK_FLOAT sats={rng.randint(17, 23)} hdop={rng.uniform(0.6, 1.1):.1f} hpe={rng.uniform(0.15, 0.45):.2f}m corr_age=1s")
            else:
                sys5424(t, host, "gnssd", gpid, f"status fix=RTK_FIXED sats={rng.randint(17, 24)} hdop={rng.uniform(0.6, 1.0):.1f} hpe={rng.uniform(0.012, 0.045):.3f}m corr_age=1s")
            t += dt.timedelta(minutes=5, seconds=rng.uniform(-1, 1))
        # routine multipath near the cranes
        t = START
        while t < END:
            t += dt.timedelta(seconds=rng.expovariate(1 / 1500))
            if degrade_at[sc] - dt.timedelta(minutes=2) <= t < float_until[sc] + dt.timedelta(minutes=2) or t >= END:
                continue
            sys5424(t, host, "gnssd", gpid, "fix RTK_FIXED -> RTK_FLOAT (cycle slips on 6 satellites)", pri=28)
            t2 = t + dt.timedelta(seconds=rng.uniform(6, 40))
            sys5424(t2, host, "gnssd", gpid, f"fix RTK_FLOAT -> RTK_FIXED (ambiguities resolved in {(t2 - t).total_seconds():.0f} s)")
        # Wi-Fi roaming, and the NTRIP session it sometimes breaks
        t = START
        while t < END:
            t += dt.timedelta(seconds=rng.expovariate(1 / 420))
            ap = f"24:a4:3c:{rng.randint(16, 99):02x}:{rng.randint(16, 255):02x}:{rng.randint(16, 255):02x}"
            sys5424(t, host, "wpa_supplicant", wpid, f"wlan0: CTRL-EVENT-CONNECTED - Connection to {ap} completed [id=0 id_str=yard]")
            if rng.random() < 0.12 and not (OUTAGE - dt.timedelta(minutes=1) <= t < push_at[sc] + dt.timedelta(minutes=1)):
                sys5424(t + dt.timedelta(seconds=rng.uniform(1, 3)), host, "ntripclient", npid, f"connection to {CASTER if t < FALLBACK else VRS_CASTER} lost: EOF, reconnecting in 2 s", pri=28)
                caster, mount = (CASTER, MOUNT) if t < FALLBACK else (VRS_CASTER, VRS_MOUNT)
                sys5424(t + dt.timedelta(seconds=rng.uniform(4, 6)), host, "ntripclient", npid, f"connected to {caster}/{mount}: ICY 200 OK")
        # the outage: no data, then the sourcetable, retried with backoff
        t = OUTAGE + dt.timedelta(seconds=15 + rng.uniform(0, 1.5))
        sys5424(t, host, "ntripclient", npid, f"no RTCM data for 15 s from {CASTER}/{MOUNT}, reconnecting", pri=28)
        backoff = 10
        while t < push_at[sc]:
            t += dt.timedelta(seconds=rng.uniform(0.05, 0.3))
            sys5424(t, host, "ntripclient", npid, f"{CASTER} answered SOURCETABLE 200 OK: mountpoint {MOUNT} not in sourcetable, retry in {backoff} s", pri=27)
            t += dt.timedelta(seconds=backoff)
            backoff = min(60, backoff * 2)
        sys5424(degrade_at[sc], host, "gnssd", gpid, "fix RTK_FIXED -> SBAS: corrections older than 60 s (last RTCM 1005/1077 from station 0512)", pri=28)
        # the fallback pushed by FleetCare
        sys5424(push_at[sc], host, "vmt-agent", vpid, f"config update from FleetCare (rev 2291): gnss.ntrip.caster={VRS_CASTER} mountpoint={VRS_MOUNT}, restarting ntripclient")
        sys5424(push_at[sc] + dt.timedelta(seconds=1.2), host, "ntripclient", npid + 1000, f"started, caster {VRS_CASTER}/{VRS_MOUNT}, sending GGA every 10 s")
        sys5424(refix_at[sc] - dt.timedelta(seconds=1.5), host, "ntripclient", npid + 1000, f"connected to {VRS_CASTER}/{VRS_MOUNT}: ICY 200 OK")
        sys5424(refix_at[sc], host, "gnssd", gpid, "fix SBAS -> RTK_FLOAT (corrections from station 0000, virtual)")
        sys5424(float_until[sc], host, "gnssd", gpid, f"fix RTK_FLOAT -> RTK_FIXED (ambiguities resolved in {(float_until[sc] - refix_at[sc]).total_seconds():.0f} s)")

    # --- yard control UI polling the fleet page, and scrapers
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.uniform(28, 32))
        access(t, "10.70.1.23", "GET", "/v1/fleet/status", 200, rng.randint(3100, 3400), rng.uniform(0.002, 0.01), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0")

    # --- Argo CD
    def argo(t, msg, **kv):
        if not inwin(t):
            return
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"', "application=argocd/che-positioning"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f'{k}="{v}"' if (" " in v or ":" in v) else f"{k}={v}")
        argo_log.append((t, " ".join(parts)))

    argo_log = []
    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    revision = shas["friday"]
    while t < END:
        if RELEASE - dt.timedelta(minutes=4) < t < RELEASE:
            argo(t, "Refreshing app status (normal refresh requested), level (2)", **{"dest-namespace": "tos"})
        argo(t, "Reconciliation completed", **{"comparison-level": 1, "dest-namespace": "tos", "diff_ms": rng.randint(2, 9), "git_ms": rng.randint(40, 210), "time_ms": rng.randint(110, 420)})
        t += dt.timedelta(seconds=180 + rng.uniform(-3, 3))
    argo(RELEASE - dt.timedelta(seconds=2), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "tos"})
    argo(RELEASE, f"Initiated sync to '{shas['head']}'", **{"dest-namespace": "tos", "dest-server": "https://kubernetes.default.svc", "reason": "OperationStarted", "type": "Normal", "user": "jonas.petersen"})
    argo(RELEASE + dt.timedelta(seconds=4), "Applying resource ConfigMap/che-positioning-config-7h2k9fbt5d in cluster: https://kubernetes.default.svc, namespace: tos", **{"dest-namespace": "tos"})
    argo(RELEASE + dt.timedelta(seconds=4), "Applying resource Deployment/che-positioning in cluster: https://kubernetes.default.svc, namespace: tos", **{"dest-namespace": "tos"})
    argo(RELEASE + dt.timedelta(seconds=61), f"Sync operation to {shas['head']} succeeded", **{"dest-namespace": "tos", "dest-server": "https://kubernetes.default.svc", "reason": "OperationCompleted", "type": "Normal"})
    argo(RELEASE + dt.timedelta(seconds=62), "Updated health status: Progressing -> Healthy", **{"dest-namespace": "tos"})
    argo(ROLLBACK, f"Initiated rollback to history id 41 ({shas['friday']})", **{"dest-namespace": "tos", "dest-server": "https://kubernetes.default.svc", "reason": "OperationStarted", "type": "Normal", "user": "svenja.brandt"})
    argo(ROLLBACK + dt.timedelta(seconds=4), "Applying resource ConfigMap/che-positioning-config-4c8mb9t6f2 in cluster: https://kubernetes.default.svc, namespace: tos", **{"dest-namespace": "tos"})
    argo(ROLLBACK + dt.timedelta(seconds=4), "Applying resource Deployment/che-positioning in cluster: https://kubernetes.default.svc, namespace: tos", **{"dest-namespace": "tos"})
    argo(ROLLBACK + dt.timedelta(seconds=57), f"Rollback operation to {shas['friday']} succeeded", **{"dest-namespace": "tos", "dest-server": "https://kubernetes.default.svc", "reason": "OperationCompleted", "type": "Normal"})
    argo(ROLLBACK + dt.timedelta(seconds=58), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "tos"})
    for tt, line in argo_log:
        argo_out.add(tt, line)

    # --- NordRTK's notices (the NOC's emails, as archived)
    def mail(t, subject, body):
        notices.add(t, json.dumps({"received": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "from": "noc@nordrtk.de", "to": "gnss-contacts@elbkai-terminal.de", "subject": subject, "body": body}, ensure_ascii=False))

    mail(utc("2026-09-29 09:12:40"), "[NordRTK] Planned maintenance: caster software update, 8 October 2026 05:00-05:30 UTC",
         "Dear customer, on Thursday 8 October 2026 between 05:00 and 05:30 UTC we will update the caster software of caster.nordrtk.de. Mountpoints will be unavailable for up to 5 minutes during this window. No action is needed; NTRIP clients reconnect automatically. NordRTK Network Operations")
    mail(utc("2026-10-06 14:41:20"), "[NordRTK] Incident: reference station WALT offline, mountpoints ELBKAI_RTK and HH_WALT_MSM unavailable",
         "Dear customer, since 13:45 UTC our reference station WALT (Hamburg-Waltershof) is without mains power after a fault in the building's supply; the station's UPS was exhausted at 13:46 UTC and the mountpoints ELBKAI_RTK and HH_WALT_MSM are no longer served by caster.nordrtk.de. A technician is on the way with a generator. As a workaround, rovers can use a network RTK (VRS) service. We will inform you when the station is back. NordRTK Network Operations")
    mail(utc("2026-10-06 15:56:05"), "[NordRTK] Resolved: reference station WALT back online",
         "Dear customer, the reference station WALT is running on a generator since 15:48 UTC and the mountpoints ELBKAI_RTK and HH_WALT_MSM are served again. Mains power is expected to be restored tomorrow; we will keep the station on the generator until then. We apologise for the disruption. NordRTK Network Operations")

    # --- #ekt-yard-ops (Slack)
    users = {"jonas.petersen": "U03JPT8KQ", "svenja.brandt": "U02SVB4RM", "henrik.lange": "U04HLG2XN", "marta.kowalczyk": "U05MKW7PD", "alertmanager": "B01ALRT7Q"}

    def say(stamp, who, text):
        w = utc(stamp) if isinstance(stamp, str) else stamp.replace(microsecond=0)
        slack.add(w, json.dumps({"type": "message", "ts": f"{int(w.timestamp())}.{rng.randint(100, 999999):06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    onset = stats["first_manual_sbas"]
    manual = sorted(stats["manual"])
    auto = sorted(stats["auto"])

    def ratio(t, minutes=10):
        a = sum(1 for x in auto if t - dt.timedelta(minutes=minutes) < x <= t)
        m = sum(1 for x in manual if t - dt.timedelta(minutes=minutes) < x <= t)
        return a / (a + m) if a + m else 1.0

    alert_t = next(t for t in (onset + dt.timedelta(seconds=30 * k) for k in range(1, 60)) if ratio(t) < 0.8) + dt.timedelta(seconds=60)
    say("2026-10-06 13:14:50", "jonas.petersen", "syncing che-positioning 2026.10.06-1: YARD-412 heading-aware snapping + put-down threshold 0.25 m (B07 corner slots), YARD-409 logging of unconfirmed moves, paho bump")
    say("2026-10-06 13:22:30", "jonas.petersen", "2026.10.06-1 on both pods, put-downs confirming")
    say(alert_t, "alertmanager", f"[FIRING:1] PdsAutoConfirmLow tos/che-positioning (severity=page) auto-confirmed put-downs {ratio(alert_t) * 100:.0f}% over 10m")
    say(alert_t + dt.timedelta(seconds=95), "svenja.brandt", "yard control: every straddle is asking the drivers to pick the slot, all blocks, quay and truck lanes. QC03 and QC05 waiting for straddles. Is this the new snapping from lunchtime?")
    say(alert_t + dt.timedelta(seconds=260), "jonas.petersen", "the threshold went from 0.35 to 0.25 m today, and the warnings say hpe above threshold... but hpe 1.2 m would fail 0.35 too. rolling back to Friday's anyway so we know")
    say("2026-10-06 14:11:40", "svenja.brandt", "rolled back in Argo (history 41, 2026.10.02-1). pods up")
    n_conf = len([x for x in stats["conflict_times"] if x < utc("2026-10-06 14:16:05")])
    say("2026-10-06 14:16:05", "svenja.brandt", "no change, still manual on every move. drivers are getting slow with it" + (f", {n_conf} slot conflicts / missing boxes already" if n_conf > 1 else ", and the first slot conflict" if n_conf else ""))
    say("2026-10-06 14:24:30", "henrik.lange", "fleet status in the PDS log says sbas=24 since 13:50, rtk_fixed=0. The VMTs' ntripclient: 'caster.nordrtk.de:2101 answered SOURCETABLE 200 OK: mountpoint ELBKAI_RTK not in sourcetable' since 13:46. Our corrections are gone, not the software. Calling NordRTK")
    say("2026-10-06 14:33:10", "henrik.lange", "NordRTK NOC: WALT has no mains power since 13:45, UPS ran out at 13:46, technician with a generator on the way, no ETA. they suggest a VRS service meanwhile")
    say("2026-10-06 14:38:45", "henrik.lange", "asked FleetCare to push the state network's VRS mountpoint (the survey team has an account) to all 24 straddles")
    say("2026-10-06 14:42:00", "svenja.brandt", "NordRTK's email just came in, 14:41")
    say("2026-10-06 14:50:55", "henrik.lange", "FleetCare pushing config rev 2291 (VRS_HH_MSM) now, vehicle by vehicle")
    last_refix = max(float_until.values())
    say(last_refix + dt.timedelta(seconds=50), "henrik.lange", "all 24 on RTK_FIXED again via VRS")
    say(last_refix + dt.timedelta(minutes=3, seconds=10), "svenja.brandt", f"auto-confirming again. {len(drivers_wrong)} moves went to a wrong slot by manual pick, yard planners are correcting the inventory")
    say("2026-10-06 15:57:30", "henrik.lange", "NordRTK: WALT back on a generator since 15:48. we stay on VRS until tonight's shift change, then FleetCare switches back")
    say("2026-10-06 16:08:40", "jonas.petersen", "so not 2026.10.06-1: syncing it again tomorrow morning. follow-ups: alert on the fleet status (sbas > 3), a second caster configured on the VMTs, runbook entry (Marta)")
    return [app, onboard, dispatch, ingress, argo_out, notices, slack], stats, onset, drivers_wrong, degrade_at, refix_at, float_until


def build(out_dir):
    rng = random.Random(42200)
    repo, shas = build_repo()
    try:
        logs, stats, onset, wrong, degrade_at, refix_at, float_until = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert utc("2026-10-06 13:47:15") <= onset <= utc("2026-10-06 13:48:30"), onset

        def per5(series):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)

        def fixcount(kind):
            def fn(t):
                n = 0
                for sc in SCS:
                    if degrade_at[sc] <= t < refix_at[sc]:
                        k = "SBAS"
                    elif refix_at[sc] <= t < float_until[sc]:
                        k = "RTK_FLOAT"
                    else:
                        k = "RTK_FIXED"
                    n += k == kind
                return n
            return fn

        waits = sorted(stats["qc_wait"])

        def qc_wait(t):
            return round(sum(w for x, w in waits if t - dt.timedelta(minutes=5) < x <= t))

        metrics = {
            "che_gnss_fix_type_vehicles.json": query_range([({"job": "che-positioning", "fix": k}, fixcount(k)) for k in ("RTK_FIXED", "RTK_FLOAT", "SBAS")], START, END, 30),
            "pds_step_confirmations_5m.json": query_range([({"job": "che-positioning", "by": "pds"}, per5(stats["auto"])), ({"job": "che-positioning", "by": "driver"}, per5(stats["manual"]))], START, END, 60),
            "qc_idle_waiting_for_straddle_seconds_5m.json": query_range([({"job": "job-dispatch"}, qc_wait)], START, END, 60),
        }
        n_manual = len([x for x in stats["manual"] if onset <= x < FALLBACK + dt.timedelta(minutes=6)])
        return write_scenario(
            out_dir, name="r42-rtk-caster-outage-none", service=SERVICE, onset=onset,
            description=f"""
Elbkai Container Terminal's straddle carriers lose automatic position
detection on the afternoon of Tuesday 6 October: from {onset.strftime('%H:%M:%S')} UTC
che-positioning confirms almost no put-down or pick-up from the vehicles'
positions and asks the drivers to pick every slot on their terminals
({n_manual} manual confirmations until 14:57, {len(wrong)} of them wrong
slots); jobs slow down, the quay cranes wait for straddles and trucks
queue at the transfer lanes. A che-positioning release with new slot
snapping and a tighter put-down threshold had been synced at 13:19;
rolling it back at 14:09 did not help. Automatic confirmations resume
from 14:52.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "job-dispatch.log": r'<Time> <Level>\s+\[<Thread>\] <Logger> - <Content>',
            },
            root_cause=[
                r"not in sourcetable",
                r"no RTCM data for",
                r"fix RTK_FIXED -> SBAS: corrections older than",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. NordRTK's reference station WALT, whose
corrections reach the straddles over NTRIP as the mountpoint ELBKAI_RTK,
lost mains power at 13:45 UTC and its UPS ran out at 13:46: the caster
stopped sending RTCM data ("no RTCM data for 15 s") and then answered the
vehicles' reconnects with its sourcetable ("mountpoint ELBKAI_RTK not in
sourcetable"). A minute later, with corrections older than 60 s, every
receiver fell back from RTK fixed to SBAS ("fix RTK_FIXED -> SBAS"), HPE
0.6-1.9 m against a 0.25 m (0.35 m before the release) put-down and
0.5 m pick-up threshold, so che-positioning sent every spreader event
to manual confirmation on the VMT; the fleet status line shows sbas=24.
FleetCare's push of the state network's VRS mountpoint from 14:51 ends
it; NordRTK's email comes at 14:41 and the station is back at 15:48.
Decoys: che-positioning 2026.10.06-1 synced at 13:19, {round((onset - RELEASE).total_seconds() / 60)} minutes before the
onset: YARD-412 (heading-aware snapping in internal/pds/snap.go and the
put-down threshold 0.35 -> 0.25 m in config/pds.yaml), YARD-409 of the
afternoon before (the "putdown not confirmed: position accuracy" and
"pickup not confirmed" warnings with fix, HPE and correction age that
the incident is first logged with) and a paho.mqtt.golang bump; the
tighter threshold can only matter for RTK float put-downs (HPE 0.25-0.35
m), not for SBAS's metres. The Argo CD rollback at 14:09 changes nothing
but the wording ("putdown not auto-confirmed"). Also NordRTK's notice of
a planned caster maintenance for 8 October, the routine cycle slips
near the quay cranes and Wi-Fi roaming reconnects, the slot conflicts
and search jobs that the wrong manual picks cause, and the runbook
commit written after the incident.
""",
        )
    finally:
        repo.close()
