"""plant-gateway (Go 1.22, grid-x/modbus, paho MQTT; a systemd service on
the site's industrial PC, released by a GitHub Actions workflow that runs
Ansible over the site VPN; team in Sydney and Bengaluru): the edge
gateway of Southern Cross Renewables' Wattle Flats Solar Farm in New South
Wales (110 MW, 40 central inverters, connected to the distribution
network's 66 kV line from Yass). It polls the inverters over Modbus TCP
(SunSpec) every 2 s and the connection-point meter every second, publishes
the readings to the cloud, and writes the export limit: the market desk's
curtailment when prices are negative, else 100 %.

On Thursday 19 November (AEDT, UTC+11) a thunderstorm crosses the area in
the afternoon. The meter logs two short voltage sags that the inverters
ride through; at 04:12:07 UTC (15:12 local) lightning damages an insulator
on the network operator's 66 kV line: the line trips, recloses onto the
fault, trips again and locks out. The farm's incomer breaker opens on
undervoltage, all 40 inverters disconnect (SunSpec events GRID_DISCONNECT
and AC_UNDER_VOLT) and wait in standby for the grid; output is zero. The
inverters' controllers are powered from the DC side in daylight and the
site's network and SCADA from the UPS, so the gateway keeps polling and
reporting. The network operator posts the outage at 04:49; its crew
restores the line at 05:13, the control room closes the breaker at 05:16
and the inverters reconnect and ramp. Nothing in this repository caused it.

Decoys: the 03:46 release, 26 minutes before the onset, that reads the
inverters' status and event registers in one request, logs every state
change with its event flags (the trip's lines carry its words) and bumps
the Modbus library; the on-call's rollback at 04:31, which changes
nothing; a market schedule poll change (config) in the same release; a
docs commit on the event flags the day before. plant-gateway (slog text
via `journalctl -o short-iso-precise`, line format), connection-point
meter events, SCADA alarm journal, the network operator's outage feed
(JSON), the inverters' event logs (vendor portal export), the edge PC's
syslog (cron, NUT, sshd), deploy workflow (GitHub Actions with Ansible),
#wf-software and #roc-ops (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "plant-gateway"
START, END = utc("2026-11-19 01:30:00"), utc("2026-11-19 05:45:00")
CURTAIL = (utc("2026-11-19 02:00:00"), utc("2026-11-19 03:35:00"))
DEPLOY = utc("2026-11-19 03:44:10")
TRIP = utc("2026-11-19 04:12:07") + dt.timedelta(milliseconds=406)
ROLLBACK = utc("2026-11-19 04:29:20")
FEED_POST = utc("2026-11-19 04:49:12")
LINE_BACK = utc("2026-11-19 05:13:41")
CB_CLOSE = utc("2026-11-19 05:16:02")
HOST = "wf-edge-01"
N_INV = 40

READER_GO = """package sunspec

import (
\t"context"
\t"fmt"
\t"log/slog"
\t"time"

\t"github.com/grid-x/modbus"
)

// Model 103 (three-phase inverter) offsets from its start register.
const (
\toffW    = 14 // W, with W_SF at 15
\toffSt   = 38 // operating state
\toffEvt1 = 40 // event bitfield 1 (32 bits)
)

type Reading struct {
\tInverter string
\tWatts    float64
\tState    State
\tEvents   Events
\tAt       time.Time
}

type Reader struct {
\tName   string
\tClient modbus.Client
\tBase   uint16 // model 103's first register after its header
\tlog    *slog.Logger
}

func (r *Reader) Read(ctx context.Context) (Reading, error) {
\tpower, err := r.Client.ReadHoldingRegisters(r.Base+offW, 2)
\tif err != nil {
\t\treturn Reading{}, fmt.Errorf("read power: %w", err)
\t}
\tstatus, err := r.Client.ReadHoldingRegisters(r.Base+offSt, 4)
\tif err != nil {
\t\treturn Reading{}, fmt.Errorf("read status: %w", err)
\t}
\treturn Reading{
\t\tInverter: r.Name,
\t\tWatts:    scaled(power[0:2], power[2:4]),
\t\tState:    State(be16(status[0:2])),
\t\tEvents:   Events(be32(status[4:8])),
\t\tAt:       time.Now(),
\t}, nil
}
"""

EVENTS_GO = """package sunspec

import "strings"

type State uint16

var stateNames = map[State]string{1: "OFF", 2: "SLEEPING", 3: "STARTING", 4: "MPPT", 5: "THROTTLED", 6: "SHUTTING_DOWN", 7: "FAULT", 8: "STANDBY"}

func (s State) String() string { return stateNames[s] }

// Events is model 103's Evt1.
type Events uint32

var eventNames = []string{"GROUND_FAULT", "DC_OVER_VOLT", "AC_DISCONNECT", "DC_DISCONNECT", "GRID_DISCONNECT", "CABINET_OPEN",
\t"MANUAL_SHUTDOWN", "OVER_TEMP", "OVER_FREQUENCY", "UNDER_FREQUENCY", "AC_OVER_VOLT", "AC_UNDER_VOLT", "BLOWN_STRING_FUSE",
\t"UNDER_TEMP", "MEMORY_LOSS", "HW_TEST_FAILURE"}

func (e Events) String() string {
\tvar out []string
\tfor i, name := range eventNames {
\t\tif e&(1<<i) != 0 {
\t\t\tout = append(out, name)
\t\t}
\t}
\treturn strings.Join(out, "|")
}
"""

LIMIT_GO = """package control

import (
\t"context"
\t"log/slog"
\t"time"

\t"github.com/southerncross-re/plant-gateway/internal/market"
\t"github.com/southerncross-re/plant-gateway/internal/sunspec"
)

// ExportLimit writes WMaxLimPct (model 123) to every inverter: the market
// desk's curtailment when there is one, else 100 %. The network's 100 MW
// export limit at the connection point is kept by the inverters' own
// plant controller mode; this loop only curtails.
type ExportLimit struct {
\tInverters []*sunspec.Writer
\tSchedule  *market.Schedule
\tlog       *slog.Logger
\tcurrent   float64
}

func (l *ExportLimit) Run(ctx context.Context) {
\ttick := time.NewTicker(30 * time.Second)
\tdefer tick.Stop()
\tfor {
\t\tpct, source, price := l.Schedule.LimitNow()
\t\tif pct != l.current {
\t\t\tfor _, inv := range l.Inverters {
\t\t\t\tinv.SetLimitPct(ctx, pct)
\t\t\t}
\t\t\tl.log.Info("export limit applied", "limit_pct", pct, "source", source, "price_aud_mwh", price)
\t\t\tl.current = pct
\t\t}
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn
\t\tcase <-tick.C:
\t\t}
\t}
}
"""

SITE_YAML = """site: WFSF
name: Wattle Flats Solar Farm
inverters:
  first_address: 10.40.1.101
  count: 40
  port: 502
  unit_id: 1
poll:
  inverters_every: 2s
  meter_every: 1s
  timeout: 1500ms
meter:
  address: 10.40.0.21:502
market:
  url: https://marketdesk.southerncross-re.com.au/api/v1/sites/WFSF/schedule
  poll_every: 300s
uplink:
  broker: ssl://a3f7kq2m9xw1pd-ats.iot.ap-southeast-2.amazonaws.com:8883
  topic: sites/WFSF/telemetry
"""


def repo_files():
    return {
        "go.mod": "module github.com/southerncross-re/plant-gateway\n\ngo 1.22\n\nrequire (\n\tgithub.com/eclipse/paho.mqtt.golang v1.4.3\n\tgithub.com/grid-x/modbus v0.0.0-20240503115206-582f2ab60a18\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "go.sum": "github.com/eclipse/paho.mqtt.golang v1.4.3 h1:2kwcUGn8seMUfWndX0hGbvH8r7crgcJguQNCyp70xik=\ngithub.com/grid-x/modbus v0.0.0-20240503115206-582f2ab60a18 h1:uN1XvYt1HnS0Y7Jx1YgT6oKQmA3hM7cQZtUwQbq1Pq0=\ngopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=\n",
        "cmd/plant-gateway/main.go": "package main\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"os\"\n\t\"os/signal\"\n\t\"syscall\"\n\n\t\"github.com/southerncross-re/plant-gateway/internal/site\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\t// journald adds the time; leave it out of the line.\n\tlog := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: dropTime}))\n\tcfg, err := site.Load(os.Getenv(\"SITE_CONFIG\"))\n\tif err != nil {\n\t\tlog.Error(\"config\", \"err\", err)\n\t\tos.Exit(1)\n\t}\n\tlog.Info(\"plant-gateway starting\", \"version\", version, \"commit\", commit, \"site\", cfg.Site, \"inverters\", cfg.Inverters.Count)\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)\n\tdefer stop()\n\tsite.Run(ctx, cfg, log)\n\tlog.Info(\"shutting down\", \"signal\", \"terminated\")\n}\n\nfunc dropTime(groups []string, a slog.Attr) slog.Attr {\n\tif a.Key == slog.TimeKey && len(groups) == 0 {\n\t\treturn slog.Attr{}\n\t}\n\treturn a\n}\n",
        "internal/sunspec/reader.go": READER_GO,
        "internal/sunspec/events.go": EVENTS_GO,
        "internal/sunspec/writer.go": "package sunspec\n\nimport (\n\t\"context\"\n\n\t\"github.com/grid-x/modbus\"\n)\n\n// Writer sets model 123's WMaxLimPct (and enables it).\ntype Writer struct {\n\tClient modbus.Client\n\tBase   uint16\n}\n\nfunc (w *Writer) SetLimitPct(ctx context.Context, pct float64) error {\n\t_, err := w.Client.WriteMultipleRegisters(w.Base+3, 1, u16(uint16(pct*10)))\n\tif err != nil {\n\t\treturn err\n\t}\n\t_, err = w.Client.WriteMultipleRegisters(w.Base+7, 1, u16(1))\n\treturn err\n}\n",
        "internal/control/limit.go": LIMIT_GO,
        "internal/market/schedule.go": "package market\n\n// Schedule is the market desk's curtailment plan for the site, polled from\n// its API; a missing or stale plan means no curtailment.\ntype Schedule struct {\n\tURL string\n}\n\nfunc (s *Schedule) LimitNow() (pct float64, source string, price float64) {\n\treturn 100, \"default\", 0\n}\n",
        "internal/site/site.go": "package site\n\n// Run starts the pollers, the uplink and the export limit loop, and logs\n// a poll summary every minute.\n",
        "config/wattle-flats.yaml": SITE_YAML,
        "deploy/ansible/deploy.yml": "- hosts: edge\n  become: true\n  roles:\n    - plant-gateway\n",
        "deploy/ansible/inventory/wattle-flats.ini": "[edge]\nwf-edge-01 ansible_host=10.40.0.10\n",
        "deploy/ansible/roles/plant-gateway/tasks/main.yml": "- name: copy binary\n  ansible.builtin.get_url:\n    url: \"https://artifacts.southerncross-re.com.au/plant-gateway/{{ version }}/plant-gateway-linux-amd64\"\n    dest: /opt/plant-gateway/bin/plant-gateway\n    mode: \"0755\"\n  notify: restart plant-gateway\n- name: site config\n  ansible.builtin.copy:\n    src: \"{{ playbook_dir }}/../../config/wattle-flats.yaml\"\n    dest: /etc/plant-gateway/site.yaml\n  notify: restart plant-gateway\n",
        "deploy/ansible/roles/plant-gateway/handlers/main.yml": "- name: restart plant-gateway\n  ansible.builtin.systemd:\n    name: plant-gateway\n    state: restarted\n",
        ".github/workflows/deploy-edge.yml": "name: deploy-edge\non:\n  workflow_dispatch:\n    inputs:\n      version:\n        required: true\njobs:\n  deploy:\n    runs-on: [self-hosted, site-vpn]\n    steps:\n      - uses: actions/checkout@v4\n      - run: ansible-playbook -i deploy/ansible/inventory/wattle-flats.ini deploy/ansible/deploy.yml -e version=${{ inputs.version }}\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n      - run: go test ./...\n",
        "CHANGELOG.md": "# Changelog\n\n## v1.13.2\n\n- Uplink: reconnect with backoff after the 4G router's nightly reboot.\n",
        "README.md": readme(SERVICE, "Edge gateway for Wattle Flats Solar Farm: inverter and meter polling (SunSpec over Modbus TCP), telemetry uplink, export limit.", "go test ./...\nSITE_CONFIG=config/wattle-flats.yaml go run ./cmd/plant-gateway").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Releases are tagged, built by CI and installed on the site's industrial PC by the `deploy-edge` workflow (Ansible over the site VPN). Tell the ROC before a release: the gateway restarts and the plant runs on its last limit for a few seconds."),
    }


def build_repo():
    jack = Person("Jack Nguyen", "jack.nguyen@southerncross-re.com.au", 660)
    mia = Person("Mia Hollis", "mia.hollis@southerncross-re.com.au", 660)
    arjun = Person("Arjun Iyer", "arjun.iyer@southerncross-re.com.au", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PlantOutputLow", "Export below 20 % of the forecast for 10 minutes outside curtailment. Look at the poll summary (states, fault count, meter voltage) and call the ROC: they see the switchyard."),
        ("GatewayDown", "No telemetry from WFSF for 5 minutes: the site VPN, then `systemctl status plant-gateway` on wf-edge-01."),
    ])
    repo.commit(utc("2026-11-13 23:10:00"), jack, "plant-gateway: move from the ops monorepo", files)
    repo.schedule(chores(random.Random(21404), SERVICE, [jack, mia, arjun], utc("2026-11-13 23:10:00"), utc("2026-11-18 03:00:00"), 4))
    repo.commit(utc("2026-11-16 01:20:00"), mia, "uplink: reconnect with backoff after the router's nightly reboot", {
        "internal/site/site.go": repo.files["internal/site/site.go"] + "\n// The uplink reconnects with backoff (1 s to 60 s); readings are buffered\n// for 10 minutes meanwhile.\n",
        "CHANGELOG.md": repo.files["CHANGELOG.md"],
    })
    repo.commit(utc("2026-11-18 05:30:00"), jack, "docs: inverter event flags and what the ROC does about them", {
        "docs/events.md": "# Inverter events (SunSpec Evt1)\n\nThe inverters report model 103's Evt1 bits; the gateway names them.\n\n| Flag | Usually means | ROC |\n|---|---|---|\n| GRID_DISCONNECT | the inverter left the grid (anti-islanding, grid out of range) | check the meter's voltage and the 66 kV incomer |\n| AC_UNDER_VOLT / AC_OVER_VOLT | grid voltage out of the inverter's range | as above; after a network fault the inverters wait 60 s, then ramp |\n| OVER_TEMP | derating or stop on temperature | check the inverter room's HVAC |\n| GROUND_FAULT | insulation fault on the DC side | send a technician, do not reset remotely |\n\nA state of FAULT that clears by itself to STANDBY and then MPPT within a few\nminutes is the inverter's own protection working.\n",
    })
    repo.commit(utc("2026-11-18 22:40:00"), mia, "sunspec: log inverter state changes with their event flags\n\nThe poll summary only counts states; when an inverter faults we want the\nevent flags in the log without asking the ROC for a SCADA export.", {
        "internal/sunspec/reader.go": repo.edit("internal/sunspec/reader.go", "\treturn Reading{\n", "\treading := Reading{\n").replace(
            "\t\tAt:       time.Now(),\n\t}, nil\n}\n",
            "\t\tAt:       time.Now(),\n\t}\n\tif r.last != nil && r.last.State != reading.State {\n\t\tr.log.Info(\"inverter state changed\", \"inverter\", r.Name, \"from\", r.last.State, \"to\", reading.State, \"events\", reading.Events)\n\t}\n\tr.last = &reading\n\treturn reading, nil\n}\n").replace(
            "\tlog    *slog.Logger\n}\n", "\tlog    *slog.Logger\n\tlast   *Reading\n}\n"),
    })
    repo.commit(utc("2026-11-18 23:55:00"), bot, "Bump github.com/grid-x/modbus from v0.0.0-20240503115206-582f2ab60a18 to v0.0.0-20251022093117-5b2e3f1c0a4d\n\nBumps [github.com/grid-x/modbus](https://github.com/grid-x/modbus) from v0.0.0-20240503115206-582f2ab60a18 to v0.0.0-20251022093117-5b2e3f1c0a4d.\n- [Commits](https://github.com/grid-x/modbus/commits)", {
        "go.mod": repo.edit("go.mod", "v0.0.0-20240503115206-582f2ab60a18", "v0.0.0-20251022093117-5b2e3f1c0a4d"),
        "go.sum": repo.edit("go.sum", "github.com/grid-x/modbus v0.0.0-20240503115206-582f2ab60a18 h1:uN1XvYt1HnS0Y7Jx1YgT6oKQmA3hM7cQZtUwQbq1Pq0=", "github.com/grid-x/modbus v0.0.0-20251022093117-5b2e3f1c0a4d h1:8dVb2PqKc3TnR0y6Yx1oM4wQ7zLh5sJ9uAeFgBiCkDo="),
    })
    repo.commit(utc("2026-11-19 00:50:00"), jack, "sunspec: read power, status and events in one request\n\nTwo requests per inverter every 2 s was 80 requests a cycle; the cycle\ntook 1.4 s on the slow inverters. Read W through Evt1 (offsets 14-41) in\none request.", {
        "internal/sunspec/reader.go": repo.edit("internal/sunspec/reader.go", "\tpower, err := r.Client.ReadHoldingRegisters(r.Base+offW, 2)\n\tif err != nil {\n\t\treturn Reading{}, fmt.Errorf(\"read power: %w\", err)\n\t}\n\tstatus, err := r.Client.ReadHoldingRegisters(r.Base+offSt, 4)\n\tif err != nil {\n\t\treturn Reading{}, fmt.Errorf(\"read status: %w\", err)\n\t}\n",
                                               "\t// One request from W to the end of Evt1.\n\tblock, err := r.Client.ReadHoldingRegisters(r.Base+offW, offEvt1+2-offW)\n\tif err != nil {\n\t\treturn Reading{}, fmt.Errorf(\"read status block: %w\", err)\n\t}\n\tpower := block[0:4]\n\tstatus := block[(offSt-offW)*2 : (offEvt1+2-offW)*2]\n"),
    })
    repo.commit(utc("2026-11-19 03:10:00"), arjun, "market: poll the curtailment schedule every 60 s (was 300 s)\n\nThe market desk now revises the plan at 5-minute dispatch boundaries; we\nwere up to five minutes late to start and to end a curtailment.", {
        "config/wattle-flats.yaml": repo.edit("config/wattle-flats.yaml", "  poll_every: 300s", "  poll_every: 60s"),
    })
    head = repo.commit(utc("2026-11-19 03:25:00"), jack, "release v1.14.0", {
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## v1.14.0\n\n- Inverter state changes are logged with their event flags.\n- Power, status and events in one Modbus request per inverter.\n- Market schedule polled every 60 s.\n- grid-x/modbus updated.\n"),
    })
    repo.commit(utc("2026-11-19 06:35:00"), mia, "docs: what a network trip looks like from the gateway\n\nThis afternoon's 66 kV trip: the poll summary shows the meter's voltage\nat 0 and every inverter in FAULT, then STANDBY, with GRID_DISCONNECT and\nAC_UNDER_VOLT. Nothing to do on the gateway; the ROC and the network\noperator restore the connection.", {
        "docs/events.md": repo.files["docs/events.md"] + "\n## A network trip (19 November)\n\nMeter voltage 0, incomer CB-Q01 open on undervoltage, all inverters\nFAULT -> STANDBY with GRID_DISCONNECT|AC_UNDER_VOLT. They reconnect 60 s\nafter the incomer closes.\n",
    })
    previous = repo._git("rev-list", "-1", f"--before={int(utc('2026-11-18 04:00:00').timestamp())}", "HEAD")
    return repo, head, previous


# ---------------------------------------------------------------------------
# logs

def irradiance_factor(t):
    """Clear-sky share of rated output at the time (afternoon, falling), with
    the storm's clouds from about 03:50."""
    hours = (t - utc("2026-11-19 01:30:00")).total_seconds() / 3600
    clear = max(0.0, 0.93 - 0.075 * hours)
    if t >= utc("2026-11-19 03:50:00"):
        clear *= 0.55 + 0.25 * ((int(t.timestamp()) // 97) % 3) / 2
    return clear


def build_logs(rng, head, previous):
    gw = Log("plant-gateway.log")
    meter = Log("poc-meter.log")
    scada = Log("scada-alarms.log")
    feed = Log("dnsp-outages.log")
    inv_log = Log("inverter-events.log")
    host_log = Log("wf-edge-01-syslog.log")
    deploy = Log("deploy.log")
    chat = Log("chat.log")
    series = []

    pids = {"old": 1843, "new": 52117, "back": 55391}
    restart_new = DEPLOY + dt.timedelta(seconds=112)
    restart_back = ROLLBACK + dt.timedelta(seconds=71)

    def which(t):
        if t < restart_new:
            return "old"
        if t < restart_back:
            return "new"
        return "back"

    def j(t, pid, text):
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00"
        gw.add(t, f"{stamp} {HOST} plant-gateway[{pid}]: {text}")

    def slog(t, level, msg, **kv):
        parts = [f"level={level}", f"msg={json.dumps(msg)}"]
        for k, v in kv.items():
            sv = str(v)
            quoted = " " in sv or sv == "" or '"' in sv
            parts.append(f"{k}={json.dumps(sv) if quoted else sv}")
        j(t, pids[which(t)], " ".join(parts))

    # ---- inverter states over the afternoon
    inverters = [f"INV-{i:02d}" for i in range(1, N_INV + 1)]
    reconnect = {inv: CB_CLOSE + dt.timedelta(seconds=60 + rng.uniform(0, 25)) for inv in inverters}
    standby_at = {inv: TRIP + dt.timedelta(seconds=rng.uniform(22, 40)) for inv in inverters}
    mppt_at = {inv: reconnect[inv] + dt.timedelta(seconds=rng.uniform(8, 20)) for inv in inverters}
    derate = {"INV-09": (utc("2026-11-19 03:57:41"), utc("2026-11-19 04:05:12")), "INV-33": (utc("2026-11-19 02:41:10"), utc("2026-11-19 02:44:55"))}

    def state(inv, t):
        if TRIP <= t < standby_at[inv]:
            return "FAULT", "GRID_DISCONNECT|AC_UNDER_VOLT"
        if standby_at[inv] <= t < reconnect[inv]:
            return "STANDBY", "GRID_DISCONNECT|AC_UNDER_VOLT" if t < CB_CLOSE else ""
        if reconnect[inv] <= t < mppt_at[inv]:
            return "STARTING", ""
        if CURTAIL[0] <= t < CURTAIL[1] + dt.timedelta(seconds=30):
            return "THROTTLED", ""
        if inv in derate and derate[inv][0] <= t < derate[inv][1]:
            return "THROTTLED", "OVER_TEMP"
        return "MPPT", ""

    def limit_pct(t):
        return 20.0 if CURTAIL[0] + dt.timedelta(seconds=40) <= t < CURTAIL[1] + dt.timedelta(seconds=30) else 100.0

    def ramp(inv, t):
        if t < mppt_at[inv]:
            return 0.0
        return min(1.0, (t - mppt_at[inv]).total_seconds() / 600)

    def inv_mw(inv, t):
        st, _ = state(inv, t)
        if st in ("FAULT", "STANDBY", "STARTING"):
            return 0.0
        base = 2.75 * irradiance_factor(t) * (0.96 + 0.04 * ((hash_str(inv) % 7) / 7))
        if t >= CB_CLOSE:
            base *= ramp(inv, t)
        if st == "THROTTLED":
            base = min(base, 2.75 * (0.2 if limit_pct(t) < 100 else 0.7))
        return base

    # state-change lines (only the v1.14.0 build logs them)
    last = {inv: state(inv, START)[0] for inv in inverters}
    t = START
    while t < END:
        for k, inv in enumerate(inverters):
            tt = t + dt.timedelta(milliseconds=35 * k + rng.randint(0, 20))
            st, ev = state(inv, tt)
            if st != last[inv]:
                if which(tt) == "new":
                    slog(tt, "WARN" if st == "FAULT" else "INFO", "inverter state changed", inverter=inv, **{"from": last[inv]}, to=st, events=ev)
                last[inv] = st
        t += dt.timedelta(seconds=2)

    # poll summaries, one a minute
    t = START + dt.timedelta(seconds=rng.randint(1, 30))
    while t < END:
        counts = {"MPPT": 0, "THROTTLED": 0, "STARTING": 0, "STANDBY": 0, "FAULT": 0}
        for inv in inverters:
            counts[state(inv, t)[0]] += 1
        ac = sum(inv_mw(inv, t) for inv in inverters)
        down = TRIP <= t < LINE_BACK
        v = 0.0 if down else round(66.2 + rng.uniform(-0.6, 0.7), 1)
        export = 0.0 if TRIP <= t < CB_CLOSE else max(0.0, ac * 0.985 - 0.12)
        comm_err = 1 if rng.random() < 0.05 else 0
        if TRIP <= t < CB_CLOSE:
            export_s = "0.00"
        else:
            export_s = f"{export:.2f}"
        slog(t, "INFO", "poll summary", inverters=N_INV, mppt=counts["MPPT"], throttled=counts["THROTTLED"], starting=counts["STARTING"],
             standby=counts["STANDBY"], fault=counts["FAULT"], comm_err=comm_err, ac_mw=f"{ac:.2f}", export_mw=export_s,
             v_poc_kv=f"{v:.1f}", limit_pct=f"{limit_pct(t):.0f}")
        series.append((t, ac, export, v))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-15, 15))

    # flaky comms to INV-27 (a known bad patch lead), before and after
    for t in poisson_times(rng, START, END, 1 / 11):
        port = rng.randint(40000, 60000)
        slog(t, "WARN", "modbus read failed", inverter="INV-27", addr="10.40.1.127:502", unit=1,
             err=f"read {'status block' if which(t) == 'new' else rng.choice(['power', 'status'])}: read tcp 10.40.0.10:{port}->10.40.1.127:502: i/o timeout")

    # export limit changes (market desk)
    for when, pct, price, src in ((CURTAIL[0] + dt.timedelta(seconds=41), 20, -38.42, "market-desk"), (CURTAIL[1] + dt.timedelta(seconds=28), 100, 31.7, "default")):
        slog(when, "INFO", "export limit applied", limit_pct=pct, source=src, price_aud_mwh=price)
    def market_now(t):
        if CURTAIL[0] <= t < CURTAIL[1]:
            return 20, f"{rng.uniform(-52, -11):.2f}"
        return 100, f"{rng.uniform(18, 95):.2f}"

    t = START + dt.timedelta(seconds=17)
    while t < END:
        step = 60 if which(t) == "new" else 300
        pct, price = market_now(t)
        slog(t, "INFO", "market schedule refreshed", intervals=12, limit_now_pct=pct, price_now_aud_mwh=price)
        t += dt.timedelta(seconds=step, milliseconds=rng.randint(-40, 40))

    # starts and stops (release, rollback)
    for when, kind, version, sha in ((restart_new, "new", "v1.14.0", head), (restart_back, "back", "v1.13.2", previous)):
        stop_t = when - dt.timedelta(seconds=1, milliseconds=rng.randint(100, 400))
        prev_kind = "old" if kind == "new" else "new"
        j(stop_t, pids[prev_kind], 'level=INFO msg="shutting down" signal=terminated')
        j(stop_t + dt.timedelta(milliseconds=180), 1, "Stopping plant-gateway.service - Wattle Flats plant gateway...")
        j(stop_t + dt.timedelta(milliseconds=420), 1, "plant-gateway.service: Deactivated successfully.")
        j(stop_t + dt.timedelta(milliseconds=430), 1, "Stopped plant-gateway.service - Wattle Flats plant gateway.")
        j(when - dt.timedelta(milliseconds=300), 1, "Started plant-gateway.service - Wattle Flats plant gateway.")
        slog(when, "INFO", "plant-gateway starting", version=version, commit=sha[:7], site="WFSF", inverters=N_INV)
        slog(when + dt.timedelta(milliseconds=1900), "INFO", "sunspec discovery complete", inverters=N_INV, models="1,103,120,121,122,123,160")
        slog(when + dt.timedelta(milliseconds=2300), "INFO", "uplink connected", broker="a3f7kq2m9xw1pd-ats.iot.ap-southeast-2.amazonaws.com:8883", client_id="wfsf-edge-01")
        slog(when + dt.timedelta(milliseconds=2400), "INFO", "market schedule refreshed", intervals=12, limit_now_pct=100, price_now_aud_mwh=f"{rng.uniform(24, 61):.2f}")
        slog(when + dt.timedelta(milliseconds=2500), "INFO", "export limit applied", limit_pct=100, source="default", price_aud_mwh=0)


    # uplink: a batch every 30 s (the readings keep flowing while the plant is off)
    t = START + dt.timedelta(seconds=rng.randint(2, 29), milliseconds=rng.randint(0, 999))
    while t < END:
        if not (restart_new - dt.timedelta(seconds=2) <= t < restart_new + dt.timedelta(seconds=3) or restart_back - dt.timedelta(seconds=2) <= t < restart_back + dt.timedelta(seconds=3)):
            records = 7 * (N_INV + 1) + 15 + rng.randint(-3, 3)
            slog(t, "INFO", "uplink published", records=records, bytes=records * rng.randint(212, 231), queued=0)
        t += dt.timedelta(seconds=15, milliseconds=rng.randint(-20, 20))

    # ---- the inverters' own event logs (exported from the vendor portal)
    def iev(t, inv, code, level, text):
        inv_log.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')};{inv};{code};{level};{text}")

    for k, inv in enumerate(inverters):
        off = dt.timedelta(milliseconds=40 * k + rng.randint(0, 30))
        iev(CURTAIL[0] + dt.timedelta(seconds=41) + off, inv, "7113", "Info", "Active power limitation by external setpoint: 20.0 %")
        iev(CURTAIL[1] + dt.timedelta(seconds=28) + off, inv, "7114", "Info", "Active power limitation ended")
        iev(TRIP + dt.timedelta(milliseconds=120) + off, inv, "3501", "Error", "Grid voltage too low (L1-N 0.0 V); disconnecting from grid")
        iev(TRIP + dt.timedelta(milliseconds=180) + off, inv, "3401", "Error", "Grid disconnected")
        iev(standby_at[inv], inv, "3001", "Info", "Waiting for grid voltage")
        iev(LINE_BACK + dt.timedelta(milliseconds=200) + off, inv, "3002", "Info", "Grid voltage detected on AC side, contactor open (upstream breaker)")
        iev(CB_CLOSE + dt.timedelta(milliseconds=300) + off, inv, "3003", "Info", "Grid voltage and frequency in range; reconnection delay 60 s")
        iev(reconnect[inv], inv, "3004", "Info", "Grid connected")
        iev(mppt_at[inv], inv, "7201", "Info", "Power ramp-up after grid fault: 10 %/min")
    for inv, (a, b) in derate.items():
        iev(a, inv, "6402", "Warning", "Derating due to temperature (IGBT 92 C)")
        iev(b, inv, "6403", "Info", "Derating ended")
    for t in poisson_times(rng, START, END, 1 / 13):
        iev(t, "INV-27", "9012", "Warning", "Modbus TCP: connection reset by peer")

    # ---- the edge PC's syslog (cron, NUT, sshd for the Ansible runs, chrony)
    def sl(t, tag, pid, msg):
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        host_log.add(t, f"{stamp} {HOST} {tag}[{pid}]: {msg}" if pid else f"{stamp} {HOST} {tag}: {msg}")

    t = START.replace(minute=30)
    while t < END:
        cp = rng.randint(60000, 65000)
        sl(t + dt.timedelta(seconds=1), "CRON", cp, "pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)")
        sl(t + dt.timedelta(seconds=1), "CRON", cp + 1, "(root) CMD (/usr/local/bin/push-node-metrics >/dev/null 2>&1)")
        sl(t + dt.timedelta(seconds=2), "CRON", cp, "pam_unix(cron:session): session closed for user root")
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 1 / 17):
        sl(t, "chronyd", 712, f"Selected source 10.40.0.1 (gps-ntp.wfsf.local)" if rng.random() < 0.2 else f"System clock wrong by 0.00{rng.randint(1, 9)}{rng.randint(100, 999)} seconds")
    for when in (DEPLOY, ROLLBACK):
        sp = rng.randint(30000, 39000)
        sl(when + dt.timedelta(seconds=3), "sshd", sp, f"Accepted publickey for deploy from 10.8.0.5 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:Jq3mV0u8fHk2tC9yLwXr6pN4bZs1eQ7aGd5oUiT0vYc")
        sl(when + dt.timedelta(seconds=3), "sshd", sp, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)")
        sl(when + dt.timedelta(seconds=10), "sudo", None, "  deploy : PWD=/home/deploy ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-" + hexid(rng, 32) + " ; /usr/bin/python3")
        sl(when + dt.timedelta(seconds=111), "systemd", 1, "Stopping plant-gateway.service - Wattle Flats plant gateway...")
        sl(when + dt.timedelta(seconds=112), "systemd", 1, "Started plant-gateway.service - Wattle Flats plant gateway.")
        sl(when + dt.timedelta(seconds=113), "sshd", sp, "pam_unix(sshd:session): session closed for user deploy")
    sl(TRIP + dt.timedelta(seconds=3, milliseconds=200), "upsmon", 904, "UPS ups1@localhost on battery")
    sl(TRIP + dt.timedelta(seconds=3, milliseconds=210), "upssched", 18890, "Executing command: onbatt")
    sl(utc("2026-11-19 04:52:44"), "upsmon", 904, "UPS ups1@localhost: battery charge 49 %")
    sl(CB_CLOSE + dt.timedelta(seconds=4, milliseconds=300), "upsmon", 904, "UPS ups1@localhost on line power")
    sl(CB_CLOSE + dt.timedelta(seconds=4, milliseconds=320), "upssched", 21417, "Executing command: online")

    # ---- connection-point meter events
    def ev(t, seq, text):
        meter.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} UTC PQM-POC EV{seq:06d} {text}")

    seq = [18214]

    def nxt():
        seq[0] += 1
        return seq[0]

    t = START.replace(minute=35)
    while t < END:
        exp = [e for (x, a, e, vv) in series if t - dt.timedelta(minutes=5) < x <= t]
        mwh = sum(exp) / 60 * 1000
        meter.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}000 UTC PQM-POC INT {t.strftime('%H:%M')} kWh_exp={mwh:.1f} kWh_imp={0.0 if mwh > 0 else rng.uniform(9, 16):.1f} PF={rng.uniform(0.97, 0.99) if mwh > 0 else 0:.3f}")
        t += dt.timedelta(minutes=5)
    ev(utc("2026-11-19 04:06:41") + dt.timedelta(milliseconds=233), nxt(), "VOLTAGE SAG L1 min=88.2% Un dur=0.040s")
    ev(utc("2026-11-19 04:09:12") + dt.timedelta(milliseconds=871), nxt(), "VOLTAGE SAG L1,L2 min=79.4% Un dur=0.060s")
    ev(TRIP - dt.timedelta(milliseconds=92), nxt(), "VOLTAGE SAG L1,L2,L3 min=31.7% Un dur=0.092s")
    ev(TRIP, nxt(), "VOLTAGE INTERRUPTION START L1,L2,L3 (all phases below 10% Un)")
    ev(TRIP + dt.timedelta(seconds=2, milliseconds=510), nxt(), "VOLTAGE INTERRUPTION END dur=2.510s")
    ev(TRIP + dt.timedelta(seconds=2, milliseconds=510), nxt(), "VOLTAGE SAG L1,L2,L3 min=27.9% Un dur=0.118s")
    ev(TRIP + dt.timedelta(seconds=2, milliseconds=628), nxt(), "VOLTAGE INTERRUPTION START L1,L2,L3 (all phases below 10% Un)")
    ev(TRIP + dt.timedelta(seconds=3), nxt(), "AUX SUPPLY LOST, running on battery")
    ev(LINE_BACK, nxt(), f"VOLTAGE INTERRUPTION END dur={(LINE_BACK - TRIP).total_seconds() - 2.628:.3f}s")
    ev(LINE_BACK + dt.timedelta(seconds=1), nxt(), "VOLTAGE RESTORED L1=100.4% L2=100.1% L3=100.6% Un")
    ev(CB_CLOSE + dt.timedelta(seconds=4), nxt(), "AUX SUPPLY RESTORED")

    # ---- SCADA alarm journal
    def al(t, prio, area, obj, state_, text, ack="UNACK"):
        scada.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S.')}{t.microsecond // 1000:03d} UTC | P{prio} | {area:<16} | {obj:<18} | {state_:<7} | {text} | {ack}")

    al(utc("2026-11-19 01:47:12"), 3, "WEATHER STATION", "WS-01", "ALARM", "AMBIENT TEMPERATURE HIGH 38.1 C", "ACK")
    al(utc("2026-11-19 02:41:10"), 3, "INVERTERS", "INV-33", "ALARM", "DERATING (TEMPERATURE)", "ACK")
    al(utc("2026-11-19 02:44:55"), 3, "INVERTERS", "INV-33", "NORMAL", "DERATING (TEMPERATURE)", "ACK")
    al(CURTAIL[0] + dt.timedelta(seconds=42), 4, "PLANT CONTROL", "PPC", "EVENT", "EXPORT LIMIT 20 % (EXTERNAL SETPOINT)", "ACK")
    al(CURTAIL[1] + dt.timedelta(seconds=29), 4, "PLANT CONTROL", "PPC", "EVENT", "EXPORT LIMIT 100 % (EXTERNAL SETPOINT)", "ACK")
    al(DEPLOY + dt.timedelta(seconds=111), 4, "COMMS", "WF-EDGE-01", "ALARM", "GATEWAY HEARTBEAT LOST", "ACK")
    al(DEPLOY + dt.timedelta(seconds=116), 4, "COMMS", "WF-EDGE-01", "NORMAL", "GATEWAY HEARTBEAT LOST", "ACK")
    al(utc("2026-11-19 03:52:30"), 3, "WEATHER STATION", "LD-01", "ALARM", "LIGHTNING: STORM WITHIN 30 km", "ACK")
    al(utc("2026-11-19 03:57:41"), 3, "INVERTERS", "INV-09", "ALARM", "DERATING (TEMPERATURE)", "ACK")
    al(utc("2026-11-19 04:04:58"), 2, "WEATHER STATION", "LD-01", "ALARM", "LIGHTNING: STORM WITHIN 10 km - STOP OUTDOOR WORK", "ACK")
    al(utc("2026-11-19 04:05:12"), 3, "INVERTERS", "INV-09", "NORMAL", "DERATING (TEMPERATURE)", "ACK")
    al(utc("2026-11-19 04:09:31"), 3, "WEATHER STATION", "WS-01", "ALARM", "WIND GUST 17.8 m/s", "ACK")
    al(utc("2026-11-19 04:09:33"), 3, "TRACKERS", "NCU-ALL", "EVENT", "WIND STOW COMMANDED", "ACK")
    al(TRIP + dt.timedelta(milliseconds=12), 1, "66kV SWITCHYARD", "CB-Q01 INCOMER", "ALARM", "27 UNDERVOLTAGE PROTECTION OPERATED")
    al(TRIP + dt.timedelta(milliseconds=61), 1, "66kV SWITCHYARD", "CB-Q01 INCOMER", "ALARM", "CIRCUIT BREAKER TRIPPED (OPEN)")
    al(TRIP + dt.timedelta(milliseconds=64), 1, "66kV SWITCHYARD", "BUS-66", "ALARM", "BUS VOLTAGE LOST")
    for k, inv in enumerate(inverters):
        al(TRIP + dt.timedelta(milliseconds=180 + 11 * k + rng.randint(0, 9)), 2, "INVERTERS", inv, "ALARM", "GRID FAULT / DISCONNECTED")
    al(TRIP + dt.timedelta(seconds=3, milliseconds=5), 2, "AUXILIARY", "AUX TX-A", "ALARM", "AUXILIARY SUPPLY LOST")
    al(TRIP + dt.timedelta(seconds=3, milliseconds=40), 2, "AUXILIARY", "UPS-1", "ALARM", "UPS ON BATTERY")
    al(utc("2026-11-19 04:14:02"), 2, "PLANT CONTROL", "PPC", "ALARM", "NO EXPORT - PLANT OFFLINE")
    al(utc("2026-11-19 04:52:44"), 2, "AUXILIARY", "UPS-1", "ALARM", "UPS BATTERY BELOW 50 %")
    al(LINE_BACK + dt.timedelta(milliseconds=300), 1, "66kV SWITCHYARD", "LINE-VT", "NORMAL", "66kV LINE VOLTAGE PRESENT")
    al(CB_CLOSE - dt.timedelta(seconds=3), 1, "66kV SWITCHYARD", "CB-Q01 INCOMER", "EVENT", "CLOSE COMMAND FROM ROC (operator r.kaur)", "ACK")
    al(CB_CLOSE, 1, "66kV SWITCHYARD", "CB-Q01 INCOMER", "NORMAL", "CIRCUIT BREAKER CLOSED", "ACK")
    al(CB_CLOSE + dt.timedelta(milliseconds=40), 1, "66kV SWITCHYARD", "CB-Q01 INCOMER", "NORMAL", "27 UNDERVOLTAGE PROTECTION RESET", "ACK")
    al(CB_CLOSE + dt.timedelta(seconds=4), 2, "AUXILIARY", "UPS-1", "NORMAL", "UPS ON BATTERY", "ACK")
    for inv in inverters:
        al(reconnect[inv], 2, "INVERTERS", inv, "NORMAL", "GRID FAULT / DISCONNECTED", "ACK")
    al(utc("2026-11-19 05:31:10"), 3, "TRACKERS", "NCU-ALL", "EVENT", "WIND STOW RELEASED", "ACK")

    # ---- the network operator's outage feed
    def post(t, status, body, restored=None, incident="INC-2611-4471", kind="Unplanned", start="2026-11-19T15:12:00+11:00", customers=1187, localities=("Wattle Flats", "Binalong", "Bowning")):
        rec = {"published_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "network": "Riverina Networks", "incident": incident, "type": kind,
               "status": status, "region": "Southern Tablelands", "localities": list(localities),
               "customers_affected": customers, "start_local": start, "etr_local": None if restored else "2026-11-19T17:30:00+11:00",
               "restored_local": restored, "message": body}
        feed.add(t, json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
    post(utc("2026-11-19 02:15:09"), "Completed", "Planned maintenance completed at Binalong zone substation.", "2026-11-19T13:10:00+11:00",
         incident="PLN-2611-0932", kind="Planned", start="2026-11-19T09:00:00+11:00", customers=214, localities=("Binalong",))
    post(FEED_POST, "Crew dispatched", "Unplanned outage. The 66kV line Yass - Wattle Flats tripped at 3:12 pm and locked out after an unsuccessful reclose. Storm activity in the area; crews are patrolling the line.")
    post(utc("2026-11-19 05:03:40"), "Crew on site", "Unplanned outage. Crews found a lightning-damaged insulator near Bowning and are isolating the section; supply will be restored by switching.")
    post(utc("2026-11-19 05:22:18"), "Restored", "Supply restored at 4:13 pm by switching around the damaged section. Repairs to follow under a planned outage.", "2026-11-19T16:13:00+11:00")

    # ---- deploys (GitHub Actions running Ansible)
    def gha(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    for when, version in ((DEPLOY, head), (ROLLBACK, previous)):
        seq2 = [0]

        def g(off, text):
            seq2[0] += 1
            gha(when + dt.timedelta(seconds=off, milliseconds=27 * seq2[0]), text)
        g(0, f"##[group]Run ansible-playbook -i deploy/ansible/inventory/wattle-flats.ini deploy/ansible/deploy.yml -e version={version}")
        g(2, "")
        g(2, "PLAY [edge] ********************************************************************")
        g(3, "")
        g(3, "TASK [Gathering Facts] *********************************************************")
        g(9, "ok: [wf-edge-01]")
        g(9, "")
        g(9, "TASK [plant-gateway : copy binary] *********************************************")
        g(104, "changed: [wf-edge-01]")
        g(104, "")
        g(104, "TASK [plant-gateway : site config] *********************************************")
        g(108, "changed: [wf-edge-01]")
        g(108, "")
        g(108, "RUNNING HANDLER [plant-gateway : restart plant-gateway] ************************")
        g(111, "changed: [wf-edge-01]")
        g(111, "")
        g(111, "PLAY RECAP *********************************************************************")
        g(111, "wf-edge-01                 : ok=4    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        g(112, "##[endgroup]")

    # ---- chat
    def say(t, channel, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #{channel} <{who}> {text}")
    say(utc("2026-11-19 01:58:40"), "roc-ops", "Ravneet Kaur (ROC)", "WFSF to 20 % from 13:00 local per market desk (negative prices)")
    say(utc("2026-11-19 03:36:10"), "roc-ops", "Ravneet Kaur (ROC)", "WFSF curtailment ended, back to 100 %")
    say(utc("2026-11-19 03:41:30"), "wf-software", "Jack Nguyen", f"releasing plant-gateway v1.14.0 ({head[:7]}) to WFSF: one Modbus read per inverter, state changes with event flags in the log, market poll 60 s. ROC informed")
    say(utc("2026-11-19 03:48:05"), "wf-software", "Jack Nguyen", "v1.14.0 running, 40/40 inverters read, cycle 0.6 s (was 1.4 s)")
    say(utc("2026-11-19 04:05:30"), "roc-ops", "Ravneet Kaur (ROC)", "lightning within 10 km of WFSF, outdoor work stopped")
    say(utc("2026-11-19 04:14:40"), "wf-software", "alertmanager", "[FIRING:1] PlantOutputLow site=WFSF (export 0.0 MW, forecast 61 MW)")
    say(utc("2026-11-19 04:15:55"), "roc-ops", "Ravneet Kaur (ROC)", "WFSF offline, incomer CB-Q01 open, calling Riverina's control room")
    say(utc("2026-11-19 04:17:20"), "wf-software", "Mia Hollis", "all 40 inverters FAULT then STANDBY in the new state lines, GRID_DISCONNECT|AC_UNDER_VOLT on every one. 25 minutes after v1.14.0, which changed how we read status and events")
    say(utc("2026-11-19 04:21:05"), "wf-software", "Jack Nguyen", "the combined read decodes the same flags in the unit test. but let's not guess: rolling back to v1.13.2")
    say(utc("2026-11-19 04:32:40"), "wf-software", "Jack Nguyen", "v1.13.2 running since 04:31, inverters still in STANDBY, export 0")
    say(utc("2026-11-19 04:36:15"), "roc-ops", "Ravneet Kaur (ROC)", "Riverina confirm the line is out, crew patrolling. no ETR yet. Do not touch CB-Q01")
    say(utc("2026-11-19 05:15:20"), "roc-ops", "Ravneet Kaur (ROC)", "Riverina restored by switching 16:13 local, permission to close CB-Q01 received. closing")
    say(utc("2026-11-19 05:19:50"), "wf-software", "Mia Hollis", "inverters STARTING/MPPT again, ramping. leaving v1.13.2 on until tomorrow, then v1.14.0 again")
    say(utc("2026-11-19 05:34:30"), "roc-ops", "Ravneet Kaur (ROC)", "WFSF back at 100 %, 64 MW. lost ~62 minutes of generation")
    return [gw, meter, scada, feed, inv_log, host_log, deploy, chat], {"series": series, "trip": TRIP}


def hash_str(text):
    return sum(ord(c) * (i + 1) for i, c in enumerate(text))


def build(out_dir):
    rng = random.Random(21400)
    repo, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, head, previous)
        series = stats["series"]
        onset = TRIP.replace(microsecond=0)

        def nearest(idx):
            def fn(t):
                best = min(series, key=lambda s: abs((s[0] - t).total_seconds()))
                return round(best[idx], 2)
            return fn

        metrics = {
            "plant_export_mw.json": query_range([({"site": "WFSF", "source": "plant-gateway"}, nearest(2))], START, END, 60),
            "poc_voltage_kv.json": query_range([({"site": "WFSF", "meter": "PQM-POC"}, nearest(3))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="grid-feeder-trip-none", service=SERVICE, onset=onset,
            description=f"""
Wattle Flats Solar Farm stops exporting in the afternoon. From {onset.strftime('%H:%M')} UTC on
19 November (15:12 in New South Wales) every inverter reports a fault and
then stands by, and the plant exports nothing. plant-gateway v1.14.0 had
been released to the site at 03:46 (status and event reads); the on-call
rolled it back at 04:31 without effect. The plant reconnects from 05:16.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"plant-gateway.log": r'<Time> <Host> <Proc>\[<Pid>\]: <Content>'},
            root_cause=[r"UNDERVOLTAGE PROTECTION OPERATED",
                        r"VOLTAGE INTERRUPTION START",
                        r"locked out after an unsuccessful reclose"],
            fix_files=[],
            explanation=f"""
Nothing in plant-gateway's repository caused it. Lightning damaged an
insulator on the network operator's 66 kV line from Yass: the line tripped,
reclosed onto the fault and locked out at 04:12 UTC. The connection-point
meter logs "VOLTAGE INTERRUPTION START" (after two sags the inverters rode
through), SCADA logs the incomer's "27 UNDERVOLTAGE PROTECTION OPERATED"
and "CIRCUIT BREAKER TRIPPED", every inverter leaves the grid with
GRID_DISCONNECT and AC_UNDER_VOLT and waits in standby, and the gateway's
poll summary shows the meter's voltage at 0. Riverina Networks' outage feed
(04:49, 37 minutes later) says the line "tripped ... and locked out after an
unsuccessful reclose"; supply is restored by switching at 05:13, the ROC
closes the incomer at 05:16 and the inverters reconnect a minute later.
Decoys: the v1.14.0 release {int((onset - (DEPLOY + dt.timedelta(seconds=112))).total_seconds() // 60)} minutes before the onset, which reads
power, status and events in one Modbus request, logs each state change with
its event flags (the trip's lines come from it) and bumps grid-x/modbus,
with a market poll change (config); the rollback to v1.13.2 at 04:31,
which changes nothing; the docs commit on event flags the day before;
INV-27's routine Modbus timeouts; the curtailment and temperature derating
earlier in the afternoon; the docs commit after the incident; chores.
""",
        )
    finally:
        repo.close()
