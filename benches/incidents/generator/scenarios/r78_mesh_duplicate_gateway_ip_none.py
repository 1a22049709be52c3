"""fms-gateway (Go 1.23, zerolog JSON; one active instance on kal-fms-gw01
in the Kalari mine's site data centre under systemd, released by a manual
GitLab CI job running Ansible; Fleet Systems team in Perth and Brisbane, a
systems engineer on site) of Redbank Iron. Kalari is the open-pit iron ore
mine of `r78-payload-register-tare`. The haul trucks' onboard units (OBUs,
10.60.1.0/24 on VLAN 60) reach the site network over a Meshline mesh:
trailer nodes in the pit (MT-07 ... MT-14), fixed nodes on the rim and at
the crusher (FN-01 ... FN-04), and a radio on every truck; the mesh is one
layer-2 segment whose default gateway, 10.60.0.1, is the SVI of the
network team's core switch pit-core-01. fms-gateway takes the OBUs' 1 Hz
telemetry (UDP), publishes it on MQTT for cycle-tracker and PitLogic's
adapter, relays PitLogic's assignments to the in-cab displays and waits
for their acks, and tells PitLogic when a truck has gone quiet, so that
the optimiser stops counting on it.

Wednesday 29 April, day shift (AWST, UTC+8). At 00:20 UTC the comms
technician moves trailer MT-09 from the 1180 ramp to the 1150 bench for
SH04's new cut (a planned change; the south ramp is thin for half an
hour). At 01:05 fms-gateway 4.12.0 is deployed: GW-318 resends an
unacknowledged assignment with backoff (2, 4, 8 s) in the very relay;
GW-321 adds the very "assignment not acknowledged" warning; GW-316 marks a
truck stale after 30 s without telemetry instead of 60 s (config); a
golang.org/x/net bump. The runbook (Tuesday) reads trucks losing comms
as a trailer node (battery, line of sight, a node just moved) or a
gateway release, and says to roll back first.

At 01:12 the comms technician allowlists the Meshline radio of WC-07, a
contractor's (Tjalka Civil) new water cart, whose telematics unit the
contractor's installer fitted the day before and configured with the
address 10.60.0.1/20: the mesh's gateway address went into the IP field.
WC-07 leaves the workshop at 01:35; its unit announces 10.60.0.1 and then
ARPs every minute. pit-core-01 logs "%IP-4-DUPADDR: Duplicate address
10.60.0.1 on Vlan60, sourced by 0011.d7e2.40af" each time and the NMS's
arpwatch "flip flop" on 10.60.0.1; the trucks that hear the cart first
through the mesh point their gateway at the water cart until the next
refresh corrects them, a minute to five later. Their uplink is gone
(telemetry and acks are dropped by the cart), while the downlink from
the core still works: operators see the same assignment three times,
fms-gateway marks them stale and PitLogic takes them out of the
optimisation. The drops follow the water cart along the ramps and the
west haul road.

The shift supervisor asks for the release to be rolled back; fms-gateway
is redeployed at 4.11.3 at 02:18 without effect (its "assignment delivery
failed after 3 attempts" wording, stale after 60 s). The comms technician
finds the trucks' radios connected with good signal; the site systems
engineer pings a "lost" truck from the core switch but not from the
gateway; the network engineer finds the DUPADDR lines and the flip
flops; Meshline Commander shows the MAC behind WC-07. The cart is parked
and its unit switched off at 03:02; the installer sets 10.60.7.31 at the
workshop, WC-07 goes back to watering at 04:05 and 4.12.0 is deployed
again at 04:18. Nothing in fms-gateway is changed.

Sources: fms-gateway (zerolog JSON), PitLogic dispatch server log
(pipe-separated, line format), the network syslog server (RFC 3164:
pit-core-01's IOS messages and the NMS's arpwatch), Meshline Commander
events (JSON lines), GitLab deploy jobs (runner timestamps, line format),
the change and incident records (ServiceNow export, JSON lines),
#kalari-pit-control (Teams export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "fms-gateway"
START, END = utc("2026-04-29 00:00:00"), utc("2026-04-29 05:00:00")
MT09_OFF, MT09_ON = utc("2026-04-29 00:21:10"), utc("2026-04-29 00:49:30")
DEPLOY_4120 = utc("2026-04-29 01:05:32")
ALLOWLIST = utc("2026-04-29 01:12:05")
UNIT_ON = utc("2026-04-29 01:35:08")       # WC-07's ignition: radio and telematics unit power up
ROLLBACK = utc("2026-04-29 02:18:44")
UNIT_OFF = utc("2026-04-29 03:02:31")      # fuse pulled
UNIT_FIXED = utc("2026-04-29 03:44:10")    # unit on 10.60.7.31 at the workshop
WC_BACK = utc("2026-04-29 04:05:00")
REDEPLOY = utc("2026-04-29 04:18:20")
CART_MAC = "0011.d7e2.40af"
CART_MAC_ARP = "0:11:d7:e2:40:af"
CORE_MAC = "00a3.d11e.0041"
CORE_MAC_ARP = "0:a3:d1:1e:0:41"
CART_RADIO = "00:30:1a:52:7c:41"

NODES = ["FN-01", "FN-02", "FN-03", "FN-04", "MT-07", "MT-08", "MT-09", "MT-11", "MT-12", "MT-14"]
EDGES = {("FN-01", "FN-02"), ("FN-01", "FN-04"), ("FN-02", "FN-03"), ("FN-03", "MT-08"), ("MT-08", "MT-09"),
         ("MT-09", "MT-11"), ("MT-09", "MT-12"), ("MT-11", "FN-04"), ("MT-12", "MT-07"), ("MT-07", "MT-14")}
ADJ = {n: set() for n in NODES}
for a, b in EDGES:
    ADJ[a].add(b)
    ADJ[b].add(a)

# loader -> (loader node, dump, haul path of nodes, loader's dump name)
CYCLES = {
    "SH01": ("MT-11", "CR1", ["MT-11", "MT-09", "MT-08", "FN-03", "FN-02"]),
    "SH02": ("MT-12", "WD-W", ["MT-12", "MT-07", "MT-14"]),
    "SH03": ("MT-11", "ROM1", ["MT-11", "FN-04", "FN-01"]),
    "SH04": ("MT-09", "WD-N", ["MT-09", "MT-11", "FN-04"]),
    "FL01": ("FN-01", "CR1", ["FN-01", "FN-02"]),
}
WATER_ROUTE = ["FN-02", "FN-03", "MT-08", "MT-09", "MT-12", "MT-07", "MT-14", "MT-07", "MT-12", "MT-09", "MT-08", "FN-03", "FN-02", "FN-01"]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def go(text):
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        n = (len(line) - len(stripped)) // 4
        out.append("\t" * n + line[n * 4:] if n else line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module gitlab.redbankiron.com.au/fleet/fms-gateway

go 1.23

require (
	github.com/eclipse/paho.mqtt.golang v1.4.3
	github.com/rs/zerolog v1.33.0
	golang.org/x/net v0.28.0
	google.golang.org/protobuf v1.34.2
	gopkg.in/yaml.v3 v3.0.1
)
"""

MAIN = go('''package main

import (
    "context"
    "os"
    "os/signal"
    "syscall"

    "github.com/rs/zerolog"

    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/mqttpub"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/pitlogic"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/relay"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/telemetry"
)

var version, commit = "dev", "none"

func main() {
    log := zerolog.New(os.Stdout).With().Timestamp().Logger()
    cfg := config.MustLoad(os.Getenv("FMS_GATEWAY_CONFIG"))
    ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
    defer stop()

    pub := mqttpub.MustConnect(cfg.MQTT, log)
    pl := pitlogic.New(cfg.PitLogic, log)
    tracker := telemetry.NewTracker(cfg.Telemetry, pl, log)
    log.Info().Str("version", version).Str("commit", commit).Str("listen", cfg.Telemetry.Listen).Msg("fms-gateway starting")
    go relay.New(cfg.Relay, tracker, pl, log).Run(ctx)
    if err := telemetry.Listen(ctx, cfg.Telemetry, tracker, pub, log); err != nil {
        log.Fatal().Err(err).Msg("telemetry listener stopped")
    }
}
''')

CONFIG_GO = go('''package config

import (
    "os"
    "time"

    "gopkg.in/yaml.v3"
)

type Config struct {
    Telemetry Telemetry `yaml:"telemetry"`
    Relay     Relay     `yaml:"relay"`
    PitLogic  PitLogic  `yaml:"pitlogic"`
    MQTT      MQTT      `yaml:"mqtt"`
}

type Telemetry struct {
    Listen     string        `yaml:"listen"`
    StaleAfter time.Duration `yaml:"stale_after"`
    StatsEvery time.Duration `yaml:"stats_every"`
}

type Relay struct {
    Listen   string        `yaml:"listen"`
    Attempts int           `yaml:"attempts"`
    Interval time.Duration `yaml:"interval"`
}

type PitLogic struct {
    URL string `yaml:"url"`
}

type MQTT struct {
    Broker   string `yaml:"broker"`
    ClientID string `yaml:"client_id"`
}

func MustLoad(path string) *Config {
    raw, err := os.ReadFile(path)
    if err != nil {
        panic(err)
    }
    cfg := &Config{}
    if err := yaml.Unmarshal(raw, cfg); err != nil {
        panic(err)
    }
    return cfg
}
''')

GATEWAY_YAML = """telemetry:
  listen: 10.20.5.11:7400
  stale_after: 60s
  stats_every: 60s
relay:
  listen: 10.20.5.11:7401
  attempts: 3
  interval: 2s
pitlogic:
  url: http://kal-pitlogic01:8700/external/v1/
mqtt:
  broker: tcp://kal-mqtt01:1883
  client_id: fms-gateway-gw01
"""

TRACKER = go('''package telemetry

import (
    "sync"
    "time"

    "github.com/rs/zerolog"

    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/pitlogic"
)

// Tracker remembers when each OBU was last heard and through which mesh
// node (the OBU reports its radio's parent node and RSSI), and tells PitLogic
// when a truck goes quiet for StaleAfter and when it is heard again.
type Tracker struct {
    cfg  config.Telemetry
    pl   *pitlogic.Client
    log  zerolog.Logger
    mu   sync.Mutex
    seen map[string]*unit
}

type unit struct {
    last  time.Time
    node  string
    rssi  int
    stale bool
}

func NewTracker(cfg config.Telemetry, pl *pitlogic.Client, log zerolog.Logger) *Tracker {
    return &Tracker{cfg: cfg, pl: pl, log: log, seen: map[string]*unit{}}
}

func (t *Tracker) Heard(truck, node string, rssi int, buffered int, at time.Time) {
    t.mu.Lock()
    defer t.mu.Unlock()
    u, ok := t.seen[truck]
    if !ok {
        u = &unit{}
        t.seen[truck] = u
    }
    if u.stale {
        u.stale = false
        t.log.Info().Str("truck", truck).Dur("gap", at.Sub(u.last)).Int("buffered", buffered).Str("node", node).Msg("truck telemetry resumed")
        t.pl.CommsRestored(truck)
    }
    u.last, u.node, u.rssi = at, node, rssi
}

// Sweep runs every second.
func (t *Tracker) Sweep(now time.Time) {
    t.mu.Lock()
    defer t.mu.Unlock()
    for truck, u := range t.seen {
        if !u.stale && now.Sub(u.last) > t.cfg.StaleAfter {
            u.stale = true
            t.log.Warn().Str("truck", truck).Dur("last_seen", now.Sub(u.last)).Str("last_node", u.node).Int("last_rssi", u.rssi).Msg("truck telemetry stale")
            t.pl.CommsLost(truck)
        }
    }
}

func (t *Tracker) LastSeen(truck string) (time.Time, string) {
    t.mu.Lock()
    defer t.mu.Unlock()
    if u, ok := t.seen[truck]; ok {
        return u.last, u.node
    }
    return time.Time{}, ""
}
''')

RELAY_V1 = go('''package relay

import (
    "context"
    "time"

    "github.com/rs/zerolog"

    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/pitlogic"
    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/telemetry"
)

// Relay sends PitLogic's assignments to the in-cab displays over UDP and
// waits for the display's ack; PitLogic hears about the result.
type Relay struct {
    cfg     config.Relay
    tracker *telemetry.Tracker
    pl      *pitlogic.Client
    log     zerolog.Logger
    conn    *udpConn
}

func New(cfg config.Relay, tracker *telemetry.Tracker, pl *pitlogic.Client, log zerolog.Logger) *Relay {
    return &Relay{cfg: cfg, tracker: tracker, pl: pl, log: log}
}

func (r *Relay) Run(ctx context.Context) {
    for a := range r.pl.Assignments(ctx) {
        go r.deliver(ctx, a)
    }
}

func (r *Relay) deliver(ctx context.Context, a pitlogic.Assignment) {
    start := time.Now()
    for attempt := 1; attempt <= r.cfg.Attempts; attempt++ {
        if err := r.conn.Send(a.Truck, a.Encode()); err == nil {
            if r.conn.WaitAck(ctx, a.ID, r.cfg.Interval) {
                r.log.Info().Str("truck", a.Truck).Str("assignment", a.ID).Str("to", a.Destination).Int("attempt", attempt).
                    Dur("ack", time.Since(start)).Msg("assignment relayed")
                r.pl.Acked(a.ID)
                return
            }
        }
    }
    r.log.Warn().Str("truck", a.Truck).Str("assignment", a.ID).Int("attempts", r.cfg.Attempts).Msg("assignment delivery failed after 3 attempts")
    r.pl.Failed(a.ID)
}
''')

RUNBOOK = """# fms-gateway runbook

Owner: Fleet Systems (Perth). Site: the systems engineer on shift; the mesh
belongs to the network team (comms technician on site).

## Truck stale / NO COMMS in PitLogic

fms-gateway marks a truck stale when its OBU has not been heard for
`telemetry.stale_after`. The OBU keeps its positions and replays them when
it is heard again ("buffered").

## Restarting

`sudo systemctl restart fms-gateway` on kal-fms-gw01. The OBUs do not need
anything; assignments in flight are resent by PitLogic.
"""

MESH_DOC = """# The pit network, as fms-gateway sees it

- Trucks' OBUs: 10.60.1.0/24 (HT2xx = .1-.22, HT3xx = .31-.42), static.
- Ancillary equipment (dozers, graders, water carts): 10.60.7.0/24, static,
  issued by the network team with the radio.
- VLAN 60 is one layer-2 segment over the Meshline mesh (trailer nodes MT-xx,
  fixed nodes FN-xx). Default gateway 10.60.0.1 (pit-core-01).
- kal-fms-gw01 is 10.20.5.11 in the server VLAN; the OBUs send telemetry to
  udp/7400 and receive assignments from udp/7401.
- The mesh is the network team's: Meshline Commander on kal-nms01.
"""


def build_repo():
    repo = Repo()
    mei = Person("Mei Tan", "mei.tan@redbankiron.com.au", 480)
    lachlan = Person("Lachlan Price", "lachlan.price@redbankiron.com.au", 480)
    priya = Person("Priya Nair", "priya.nair@redbankiron.com.au", 600)
    callum = Person("Callum O'Brien", "callum.obrien@redbankiron.com.au", 480)
    bot = Person("renovate[bot]", "renovate-bot@redbankiron.com.au", 0)
    relay = "internal/relay/relay.go"
    cfg = "config/gateway.yaml"
    files = {
        "go.mod": GO_MOD,
        "cmd/fms-gateway/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        "internal/telemetry/tracker.go": TRACKER,
        "internal/telemetry/listener.go": go('package telemetry\n\nimport (\n    "context"\n\n    "github.com/rs/zerolog"\n\n    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"\n    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/mqttpub"\n)\n\n// Listen reads the OBUs\' datagrams (protobuf obu.v3.Frame) on cfg.Listen,\n// feeds the tracker and publishes each frame on obu/<truck>/<kind>.\n// It logs a summary every StatsEvery.\nfunc Listen(ctx context.Context, cfg config.Telemetry, t *Tracker, pub *mqttpub.Publisher, log zerolog.Logger) error {\n    return serve(ctx, cfg, t, pub, log)\n}\n'),
        relay: RELAY_V1,
        "internal/relay/udp.go": go('package relay\n\n// udpConn sends assignment datagrams to the OBUs (10.60.1.x:7401) and\n// matches their acks by assignment id.\ntype udpConn struct{}\n'),
        "internal/pitlogic/client.go": go('package pitlogic\n\nimport (\n    "github.com/rs/zerolog"\n\n    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"\n)\n\n// Client is PitLogic\'s external interface: assignments to relay, their\n// acks and failures, and comms lost/restored for the optimiser.\ntype Client struct {\n    cfg config.PitLogic\n    log zerolog.Logger\n}\n\nfunc New(cfg config.PitLogic, log zerolog.Logger) *Client { return &Client{cfg: cfg, log: log} }\n'),
        "internal/mqttpub/publisher.go": go('package mqttpub\n\nimport (\n    mqtt "github.com/eclipse/paho.mqtt.golang"\n    "github.com/rs/zerolog"\n\n    "gitlab.redbankiron.com.au/fleet/fms-gateway/internal/config"\n)\n\ntype Publisher struct {\n    c   mqtt.Client\n    log zerolog.Logger\n}\n\nfunc MustConnect(cfg config.MQTT, log zerolog.Logger) *Publisher {\n    opts := mqtt.NewClientOptions().AddBroker(cfg.Broker).SetClientID(cfg.ClientID).SetAutoReconnect(true)\n    c := mqtt.NewClient(opts)\n    if t := c.Connect(); t.Wait() && t.Error() != nil {\n        panic(t.Error())\n    }\n    return &Publisher{c: c, log: log}\n}\n'),
        cfg: GATEWAY_YAML,
        "deploy/ansible/site.yml": "- hosts: fms_gateway\n  become: true\n  tasks:\n    - name: binary\n      copy: { src: ../../build/fms-gateway, dest: /opt/fms-gateway/fms-gateway, mode: '0755' }\n      notify: restart fms-gateway\n    - name: config\n      copy: { src: ../../config/gateway.yaml, dest: /etc/fms-gateway/gateway.yaml }\n      notify: restart fms-gateway\n  handlers:\n    - name: restart fms-gateway\n      systemd: { name: fms-gateway, state: restarted }\n",
        "deploy/ansible/inventory.ini": "[fms_gateway]\nkal-fms-gw01 ansible_host=10.20.5.11\n",
        "deploy/fms-gateway.service": "[Unit]\nDescription=fms-gateway\nAfter=network-online.target\n\n[Service]\nUser=fmsgw\nEnvironment=FMS_GATEWAY_CONFIG=/etc/fms-gateway/gateway.yaml\nExecStart=/opt/fms-gateway/fms-gateway\nStandardOutput=append:/var/log/fms-gateway/gateway.json\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  image: golang:1.23\n  script:\n    - go vet ./...\n    - go test ./...\n\nbuild:\n  stage: build\n  image: golang:1.23\n  script:\n    - CGO_ENABLED=0 go build -ldflags \"-X main.version=$(cat VERSION) -X main.commit=$CI_COMMIT_SHA\" -o build/fms-gateway ./cmd/fms-gateway\n  artifacts:\n    paths: [build/]\n\ndeploy_kalari:\n  stage: deploy\n  when: manual\n  tags: [kalari-site]\n  script:\n    - ansible-playbook -i deploy/ansible/inventory.ini deploy/ansible/site.yml\n",
        "VERSION": "4.10.2\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# fms-gateway\n\nThe haul trucks' onboard units talk to the site over the pit mesh; this is\ntheir end on the site network: telemetry in (udp/7400) and onto MQTT,\nPitLogic's assignments out to the in-cab displays (udp/7401), and comms\nlost/restored for PitLogic's optimiser.\n\nDeploy: run the manual `deploy_kalari` job of a pipeline on `main`.\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.10.2\n\n- GW-296 MQTT client id per host\n",
    }
    repo.commit(utc("2026-04-21 02:00:00"), mei, "fms-gateway 4.10.2", files)
    crng = random.Random(78203)
    repo.schedule(chores(crng, SERVICE, [mei, priya, lachlan], utc("2026-04-21 03:00:00"), utc("2026-04-23 08:00:00"), 2)
                  + chores(crng, SERVICE, [priya, lachlan], utc("2026-04-27 00:00:00"), utc("2026-04-28 08:00:00"), 1))
    repo.commit(utc("2026-04-22 03:30:00"), mei, "telemetry: count frames per mesh node in the minute stats (GW-301)", {
        "internal/telemetry/listener.go": sub(repo.files["internal/telemetry/listener.go"], "// It logs a summary every StatsEvery.\n", "// It logs a summary every StatsEvery, with the frames per mesh node.\n"),
    })
    repo.commit(utc("2026-04-23 06:10:00"), bot, "fix(deps): update module github.com/eclipse/paho.mqtt.golang to v1.5.0", {
        "go.mod": sub(repo.files["go.mod"], "github.com/eclipse/paho.mqtt.golang v1.4.3", "github.com/eclipse/paho.mqtt.golang v1.5.0"),
    })
    repo.commit(utc("2026-04-24 02:45:00"), lachlan, "relay: PitLogic 9.2 assignment ids are strings (GW-305)", {
        "internal/pitlogic/client.go": repo.files["internal/pitlogic/client.go"] + go('\n// Assignment is one PitLogic assignment; since 9.2 its id is a string (A-48213).\ntype Assignment struct {\n    ID          string\n    Truck       string\n    Destination string\n}\n'),
    })
    rel4113 = repo.commit(utc("2026-04-27 01:20:00"), mei, "release 4.11.3", {
        "VERSION": "4.11.3\n",
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.11.3\n\n- GW-301 frames per mesh node in the stats\n- GW-305 string assignment ids (PitLogic 9.2)\n- paho.mqtt.golang 1.5.0\n",
    })
    repo.commit(utc("2026-04-27 07:00:00"), priya, "docs: the pit network as fms-gateway sees it", {"docs/mesh.md": MESH_DOC})
    repo.commit(utc("2026-04-28 02:10:00"), lachlan, "config: a truck is stale after 30 s without telemetry (GW-316)\n\nPitLogic's optimiser kept assigning trucks that had been quiet for a\nminute; dispatch asked for half that.", {
        cfg: sub(repo.files[cfg], "  stale_after: 60s\n", "  stale_after: 30s\n"),
    })
    repo.commit(utc("2026-04-28 05:40:00"), lachlan, "relay: resend an unacknowledged assignment with backoff (GW-318)\n\nThree sends two seconds apart all fall into the same radio shadow on the\nramps. Send at 0, 2, 6 and 14 s instead.", {
        relay: sub(repo.files[relay],
                   go("    for attempt := 1; attempt <= r.cfg.Attempts; attempt++ {\n        if err := r.conn.Send(a.Truck, a.Encode()); err == nil {\n            if r.conn.WaitAck(ctx, a.ID, r.cfg.Interval) {"),
                   go("    wait := r.cfg.Interval\n    for attempt := 1; attempt <= r.cfg.Attempts; attempt++ {\n        if err := r.conn.Send(a.Truck, a.Encode()); err == nil {\n            if r.conn.WaitAck(ctx, a.ID, wait) {"),
                   go("                return\n            }\n        }\n    }\n"),
                   go("                return\n            }\n        }\n        wait *= 2\n    }\n")),
        cfg: sub(repo.files[cfg], "  attempts: 3\n", "  attempts: 4\n"),
    })
    repo.commit(utc("2026-04-28 07:30:00"), priya, "runbook: trucks losing comms", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Several trucks losing comms\n\nAlmost always the mesh: a trailer node with a flat battery, a node that\nwas just moved (line of sight to its neighbours), or trucks in the\nshadow of a pit wall. Ask the comms technician to check the trailer\nnodes in Meshline Commander. If it started after an fms-gateway release,\nroll back first (re-run `deploy_kalari` of the previous pipeline).\n",
    })
    repo.commit(utc("2026-04-28 08:15:00"), mei, "relay: warn when an assignment is not acknowledged, with the truck's last telemetry (GW-321)\n\nDispatch asks why a truck never got its assignment; the line now says\nwhen we last heard the truck and through which mesh node.", {
        relay: sub(repo.files[relay],
                   go('    r.log.Warn().Str("truck", a.Truck).Str("assignment", a.ID).Int("attempts", r.cfg.Attempts).Msg("assignment delivery failed after 3 attempts")\n'),
                   go('    last, node := r.tracker.LastSeen(a.Truck)\n    r.log.Warn().Str("truck", a.Truck).Str("assignment", a.ID).Str("to", a.Destination).Int("attempts", r.cfg.Attempts).\n        Dur("last_seen", time.Since(last)).Str("last_node", node).Msg("assignment not acknowledged")\n')),
    })
    repo.commit(utc("2026-04-29 00:05:00"), bot, "fix(deps): update module golang.org/x/net to v0.29.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.28.0", "golang.org/x/net v0.29.0"),
    })
    rel4120 = repo.commit(utc("2026-04-29 00:41:00"), mei, "release 4.12.0", {
        "VERSION": "4.12.0\n",
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.12.0\n\n- GW-316 stale after 30 s\n- GW-318 assignment resends with backoff\n- GW-321 'assignment not acknowledged' with the truck's last telemetry\n- golang.org/x/net 0.29.0\n",
    })
    repo.commit(utc("2026-04-29 04:40:00"), callum, "runbook: trucks that lose comms near one vehicle", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf the drops move around the pit with one vehicle and Commander shows the\nradios connected, ask the network team for pit-core-01's log: a\n\"%IP-4-DUPADDR\" for 10.60.0.1 means a device on the mesh uses the\ngateway's address (29 April: a contractor's water cart). Rolling back\nfms-gateway does not help.\n",
    })
    return repo, {"rel4113": rel4113, "rel4120": rel4120}


# ---------------------------------------------------------------------------
# the pit


def build_logs(rng, shas):
    gw, disp, net, mesh, ci, snow, chat = (Log("fms-gateway.log"), Log("pitlogic-dispatch.log"), Log("network-syslog.log"),
                                           Log("meshline-commander.log"), Log("gitlab-deploy-jobs.log"), Log("servicenow-records.log"),
                                           Log("teams-kalari-pit-control.log"))
    stats = {"outages": [], "stale": [], "ack_fail": [], "dupaddr": [], "affected": set(), "reporting": {}}

    def iso(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def zl(t, level, msg, **fields):
        if START <= t < END:
            body = {"level": level, "time": iso(t)}
            body.update(fields)
            body["message"] = msg
            gw.add(t, json.dumps(body, separators=(",", ":")))

    def pl(t, level, module, unit, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            disp.add(t, f"{stamp}|{level:<5}|{module}|{unit}|{msg}")

    def sys3164(t, host, tag, msg):
        if START <= t < END:
            net.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}: {msg}")

    ios_lines = []

    def ios(t, msg):
        ios_lines.append((t, msg))

    def flush_ios():
        for seq, (t, msg) in enumerate(sorted(ios_lines), start=88413):
            sys3164(t, "pit-core-01", str(seq), f"{t.strftime('%b %d %H:%M:%S.')}{t.microsecond // 1000:03d} UTC: {msg}")

    def cmdr(t, severity, event, node, **fields):
        if START <= t < END:
            body = {"ts": iso(t), "severity": severity, "event": event, "node": node}
            body.update(fields)
            mesh.add(t, json.dumps(body, separators=(",", ":")))

    def version_at(t):
        if t < DEPLOY_4120:
            return "4.11.3"
        if t < ROLLBACK:
            return "4.12.0"
        if t < REDEPLOY:
            return "4.11.3"
        return "4.12.0"

    def stale_after(t):
        return 30 if version_at(t) == "4.12.0" else 60

    # ---- trucks: node timelines and cycle events
    trucks = [f"HT2{i:02d}" for i in range(1, 23)] + [f"HT3{i:02d}" for i in range(1, 13)]
    ip_of = {tid: f"10.60.1.{int(tid[3:]) + (0 if tid.startswith('HT2') else 30)}" for tid in trucks}
    segs = {tid: [] for tid in trucks}       # (t0, t1, node)
    events = {tid: [] for tid in trucks}     # (t, kind, data)
    weights = [("SH01", 0.22), ("SH02", 0.24), ("SH03", 0.18), ("SH04", 0.24), ("FL01", 0.12)]

    def pick(choices):
        r = rng.random() * sum(w for _, w in choices)
        for v, w in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][0]

    for tid in trucks:
        t = START - dt.timedelta(minutes=40) + dt.timedelta(seconds=rng.uniform(0, 1800))
        node = rng.choice(NODES)
        aid = [rng.randint(48100, 48900)]
        while t < END:
            loader = pick(weights)
            lnode, dump, path = CYCLES[loader]
            events[tid].append((t, "assign_loader", {"loader": loader, "from": node}))
            back = list(reversed(path))
            route = ([node] if node != back[0] else []) + back
            for n in route:
                d = dt.timedelta(seconds=rng.uniform(90, 260))
                segs[tid].append((t, t + d, n))
                t += d
            events[tid].append((t, "arrive", {"loader": loader}))
            q = dt.timedelta(seconds=rng.uniform(40, 420))
            ld = dt.timedelta(seconds=rng.uniform(130, 230))
            segs[tid].append((t, t + q + ld, lnode))
            t += q + ld
            events[tid].append((t, "loaded", {"loader": loader, "dump": dump}))
            events[tid].append((t + dt.timedelta(seconds=rng.uniform(1, 4)), "assign_dump", {"dump": dump}))
            for n in path[1:] or path:
                d = dt.timedelta(seconds=rng.uniform(120, 300))
                segs[tid].append((t, t + d, n))
                t += d
            dd = dt.timedelta(seconds=rng.uniform(50, 90))
            segs[tid].append((t, t + dd, path[-1]))
            t += dd
            events[tid].append((t, "dumped", {"dump": dump}))
            node = path[-1]

    def node_at(tid, t):
        for t0, t1, n in segs[tid]:
            if t0 <= t < t1:
                return n
        return segs[tid][-1][2]

    # ---- WC-07's route: fill at the standpipe (FN-01), water the ramps and the west road
    cart = []
    t = UNIT_ON + dt.timedelta(seconds=30)
    cart.append((UNIT_ON, t, "FN-01"))
    while t < END:
        for n in WATER_ROUTE:
            d = dt.timedelta(seconds=rng.uniform(200, 380))
            cart.append((t, t + d, n))
            t += d
        d = dt.timedelta(seconds=rng.uniform(420, 600))
        cart.append((t, t + d, "FN-01"))
        t += d

    def cart_node(t):
        if UNIT_OFF <= t < WC_BACK:
            return "FN-01" if t >= UNIT_FIXED - dt.timedelta(minutes=20) else "MT-12"
        for t0, t1, n in cart:
            if t0 <= t < t1:
                return n
        return "FN-01"

    # ---- outages: routine shadows, MT-09's move, and the duplicate gateway address
    outages = {tid: [] for tid in trucks}
    for tid in trucks:
        x = START + dt.timedelta(seconds=rng.uniform(0, 5400))
        while x < END:
            outages[tid].append((x, x + dt.timedelta(seconds=rng.choice([rng.uniform(8, 28), rng.uniform(12, 40), rng.uniform(25, 52)])), "shadow"))
            x += dt.timedelta(seconds=rng.uniform(3600, 9000))
        for t0, t1, n in segs[tid]:
            if n in ("MT-09", "MT-08") and t1 > MT09_OFF and t0 < MT09_ON:
                a = max(t0, MT09_OFF) + dt.timedelta(seconds=rng.uniform(5, 40))
                if rng.random() < 0.55 and a < min(t1, MT09_ON):
                    outages[tid].append((a, a + dt.timedelta(seconds=rng.uniform(20, 95)), "mt09"))
    arp_events = []
    x = UNIT_ON + dt.timedelta(seconds=44)
    while x < UNIT_OFF:
        arp_events.append(x)
        x += dt.timedelta(seconds=rng.uniform(55, 66))
    for a in arp_events:
        cn = cart_node(a)
        for tid in trucks:
            n = node_at(tid, a)
            p = 0.85 if n == cn else (0.45 if n in ADJ[cn] else 0.0)
            if rng.random() < p:
                s0 = a + dt.timedelta(seconds=rng.uniform(0.3, 2.5))
                # once the cart's unit is off, the OBU's probe of the cart's MAC fails
                # and its broadcast ARP gets the core's answer
                s1 = min(s0 + dt.timedelta(seconds=rng.uniform(55, 300)), UNIT_OFF + dt.timedelta(seconds=rng.uniform(4, 50)))
                outages[tid].append((s0, s1, "dup"))
                stats["affected"].add(tid)
    merged = {}
    for tid in trucks:
        ivs = sorted(outages[tid])
        out = []
        for a, b, why in ivs:
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b), out[-1][2] if out[-1][2] == "dup" else why)
            else:
                out.append((a, b, why))
        merged[tid] = out
        stats["outages"].extend((a, b, why, tid) for a, b, why in out)

    def down(tid, t):
        for a, b, _ in merged[tid]:
            if a <= t < b:
                return (a, b)
        return None

    # ---- fms-gateway: stale / resumed, comms to PitLogic
    for tid in trucks:
        for a, b, why in merged[tid]:
            gap = (b - a).total_seconds()
            thr = stale_after(a + dt.timedelta(seconds=30))
            if gap <= thr:
                continue
            ts = a + dt.timedelta(seconds=thr + rng.uniform(0.1, 0.99))
            node = node_at(tid, a)
            rssi = rng.randint(-74, -55) if why != "mt09" else rng.randint(-89, -82)
            zl(ts, "warn", "truck telemetry stale", truck=tid, last_seen=int((ts - a).total_seconds() * 1000), last_node=node, last_rssi=rssi)
            pl(ts + dt.timedelta(milliseconds=rng.randint(40, 300)), "WARN", "COMMS", tid, f"comms lost (fms-gateway), last heard via {node} - excluded from optimisation")
            stats["stale"].append((ts, tid, why, node))
            tb = b + dt.timedelta(milliseconds=rng.randint(100, 900))
            zl(tb, "info", "truck telemetry resumed", truck=tid, gap=int(gap * 1000), buffered=int(gap), node=node_at(tid, b))
            pl(tb + dt.timedelta(milliseconds=rng.randint(40, 300)), "INFO", "COMMS", tid, "comms restored (fms-gateway)")

    # ---- assignments and cycle events
    aid = [48211]
    cycle_events = sorted(((t, tid, kind, data) for tid in trucks for t, kind, data in events[tid]), key=lambda e: (e[0], e[1], e[2]))
    for t, tid, kind, data in cycle_events:
        if not (START <= t < END):
            continue
        o = down(tid, t)
        if kind in ("assign_loader", "assign_dump"):
            aid[0] += rng.randint(1, 3)
            a_id = f"A-{aid[0]}"
            dest = data.get("loader") or data.get("dump")
            if kind == "assign_loader":
                pl(t, "INFO", "ASSIGN", tid, f"assignment {a_id} {dest} ({'WASTE' if dest in ('SH02', 'SH04') else 'ORE'}) from {data['from']}")
            else:
                pl(t, "INFO", "ASSIGN", tid, f"assignment {a_id} {dest}")
            ver = version_at(t)
            if o is None or (o[1] - t).total_seconds() < 1.5:
                ack = rng.uniform(0.18, 0.9)
                x = t + dt.timedelta(seconds=ack + 0.05)
                zl(x, "info", "assignment relayed", truck=tid, assignment=a_id, to=dest, attempt=1, ack=int(ack * 1000))
                pl(x + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "ACK", tid, f"assignment {a_id} acknowledged")
                continue
            # delivered downlink, ack lost: retries
            if ver == "4.12.0":
                fail_at = t + dt.timedelta(seconds=30)
                ok_attempt = None
                for k, off in enumerate((0, 2, 6, 14), start=1):
                    if t + dt.timedelta(seconds=off) >= o[1]:
                        ok_attempt = (k, off)
                        break
                if ok_attempt:
                    k, off = ok_attempt
                    ack = off + rng.uniform(0.2, 0.9)
                    x = t + dt.timedelta(seconds=ack)
                    zl(x, "info", "assignment relayed", truck=tid, assignment=a_id, to=dest, attempt=k, ack=int(ack * 1000))
                    pl(x + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "ACK", tid, f"assignment {a_id} acknowledged")
                    continue
                last = (fail_at - o[0]).total_seconds()
                zl(fail_at, "warn", "assignment not acknowledged", truck=tid, assignment=a_id, to=dest, attempts=4, last_seen=int(last * 1000), last_node=node_at(tid, o[0]))
            else:
                fail_at = t + dt.timedelta(seconds=6.2)
                if o[1] <= fail_at:
                    ack = (o[1] - t).total_seconds() + rng.uniform(0.2, 0.6)
                    x = t + dt.timedelta(seconds=ack)
                    zl(x, "info", "assignment relayed", truck=tid, assignment=a_id, to=dest, attempt=3 if ack > 4 else 2, ack=int(ack * 1000))
                    pl(x + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "ACK", tid, f"assignment {a_id} acknowledged")
                    continue
                zl(fail_at, "warn", "assignment delivery failed after 3 attempts", truck=tid, assignment=a_id)
            stats["ack_fail"].append((fail_at, tid, o))
            pl(fail_at + dt.timedelta(milliseconds=rng.randint(30, 200)), "WARN", "ASSIGN", tid, f"assignment {a_id} not acknowledged by fms-gateway, truck set NO COMMS, reassigning on restore")
            if rng.random() < 0.3 and UNIT_ON < t < UNIT_OFF:
                pl(fail_at + dt.timedelta(seconds=rng.uniform(40, 140)), "INFO", "NOTE", tid, rng.choice([
                    f"dispatcher note: operator on ch2, display shows the assignment {4 if ver == '4.12.0' else 3} times, waiting",
                    "dispatcher note: operator called, parked at loader waiting for assignment",
                    f"dispatcher note: sent to {dest} by voice",
                ]))
        elif kind == "arrive":
            late = "" if o is None or (o[1] - t).total_seconds() < 2 else f" (late {int((o[1] - t).total_seconds())}s, buffered)"
            pl(t if not late else o[1] + dt.timedelta(seconds=rng.uniform(0.5, 2)), "INFO", "ARRIVE", tid, f"arrived {data['loader']}{late}")
        elif kind == "loaded":
            rated = 227 if tid.startswith("HT2") else 290
            tonnes = round(rated * rng.gauss(1.02, 0.025), 1)
            late = "" if o is None or (o[1] - t).total_seconds() < 2 else f" (late {int((o[1] - t).total_seconds())}s, buffered)"
            pl(t if not late else o[1] + dt.timedelta(seconds=rng.uniform(0.5, 2)), "INFO", "LOAD", tid, f"LOADED at {data['loader']} payload {tonnes}t passes={rng.randint(4, 7)} src=OBU{late}")
        elif kind == "dumped":
            late = "" if o is None or (o[1] - t).total_seconds() < 2 else f" (late {int((o[1] - t).total_seconds())}s, buffered)"
            pl(t if not late else o[1] + dt.timedelta(seconds=rng.uniform(0.5, 2)), "INFO", "DUMP", tid, f"DUMPED at {data['dump']}{late}")

    # ---- fms-gateway: minute stats, start-up, noise
    def reporting(t):
        return sum(1 for tid in trucks if down(tid, t) is None)

    x = START + dt.timedelta(seconds=rng.uniform(1, 50))
    while x < END:
        rep = reporting(x)
        stats["reporting"][int(x.timestamp()) // 60] = rep
        per_node = {}
        for tid in trucks:
            if down(tid, x) is None:
                n = node_at(tid, x)
                per_node[n] = per_node.get(n, 0) + 60
        anc = rng.randint(9, 12) + (1 if (UNIT_FIXED <= x or x < UNIT_ON) and x >= WC_BACK else 0)
        zl(x, "info", "telemetry stats", window="1m0s", frames=rep * 60 + anc * 12 + rng.randint(-30, 30), trucks=rep, ancillary=anc,
           late=rng.choice([0, 0, 0, 1, 2, 4]), dup=rng.choice([0, 0, 1, 3]), nodes=dict(sorted(per_node.items())))
        zl(x + dt.timedelta(milliseconds=rng.randint(5, 60)), "info", "mqtt publish stats", window="1m0s", published=rep * 60 + rng.randint(-20, 20), dropped=0, broker="kal-mqtt01:1883")
        x += dt.timedelta(seconds=60, milliseconds=rng.randint(-150, 150))

    def startup(t, ver, sha):
        zl(t - dt.timedelta(seconds=2.1), "info", "shutting down", signal="terminated")
        zl(t, "info", "fms-gateway starting", version=ver, commit=sha, listen="10.20.5.11:7400")
        zl(t + dt.timedelta(milliseconds=380), "info", "mqtt connected", broker="tcp://kal-mqtt01:1883", client_id="fms-gateway-gw01")
        zl(t + dt.timedelta(milliseconds=520), "info", "relay listening", listen="10.20.5.11:7401", attempts=4 if ver == "4.12.0" else 3)
        zl(t + dt.timedelta(milliseconds=610), "info", "stale detection", stale_after="30s" if ver == "4.12.0" else "1m0s")

    startup(DEPLOY_4120, "4.12.0", shas["rel4120"])
    startup(ROLLBACK, "4.11.3", shas["rel4113"])
    startup(REDEPLOY, "4.12.0", shas["rel4120"])
    for _ in range(14):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        zl(x, "warn", "duplicate frame dropped", truck=rng.choice(trucks), seq=rng.randint(100000, 999999))
    for _ in range(6):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        zl(x, "warn", "obu clock skew", truck=rng.choice(trucks), skew_ms=rng.choice([1200, 2400, -1800, 3100]))
    for _ in range(3):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        zl(x, "warn", "frame from unknown unit", src=f"10.60.7.{rng.randint(10, 29)}:7400", kind="position")

    # ---- PitLogic: loaders, fleet notes
    for k in ("SH01", "SH02", "SH03", "SH04", "FL01"):
        x = START + dt.timedelta(minutes=rng.uniform(3, 10))
        while x < END:
            pl(x, "INFO", "LOADER", k, f"loader {k} dig rate {rng.randint(3900, 5600) if k != 'FL01' else rng.randint(1500, 2200)} t/h hang {rng.randint(0, 6)}min")
            x += dt.timedelta(minutes=30, seconds=rng.uniform(-30, 30))
    pl(utc("2026-04-29 02:27:40"), "INFO", "NOTE", "ALL", "dispatcher note: trucks dropping NO COMMS at SH04/SH02/WD-W, voice dispatch for affected trucks")
    pl(UNIT_OFF + dt.timedelta(minutes=4), "INFO", "NOTE", "ALL", "dispatcher note: all trucks reporting, back to auto dispatch")
    pl(utc("2026-04-29 02:55:10"), "INFO", "NOTE", "WC-07", "dispatcher note: WC-07 told to park at MT-12 bay and isolate telematics (network team)")

    # ---- network syslog: pit-core-01 (IOS) and kal-nms01 (arpwatch)
    cart_arps = []
    x = UNIT_ON + dt.timedelta(seconds=44)
    for a in arp_events:
        cart_arps.append(a)
    for i, a in enumerate(cart_arps):
        ios(a + dt.timedelta(milliseconds=rng.randint(20, 200)), f"%IP-4-DUPADDR: Duplicate address 10.60.0.1 on Vlan60, sourced by {CART_MAC}")
        stats["dupaddr"].append(a)
        sys3164(a + dt.timedelta(milliseconds=rng.randint(300, 900)), "kal-nms01", f"arpwatch[{1187}]",
                f"flip flop 10.60.0.1 {CART_MAC_ARP} ({CORE_MAC_ARP}) vlan60" if i else f"changed ethernet address 10.60.0.1 {CART_MAC_ARP} ({CORE_MAC_ARP}) vlan60")
        back = a + dt.timedelta(seconds=rng.uniform(18, 45))
        sys3164(back, "kal-nms01", "arpwatch[1187]", f"flip flop 10.60.0.1 {CORE_MAC_ARP} ({CART_MAC_ARP}) vlan60")
    sys3164(UNIT_FIXED + dt.timedelta(seconds=40), "kal-nms01", "arpwatch[1187]", f"new station 10.60.7.31 {CART_MAC_ARP} vlan60")
    # routine
    x = START + dt.timedelta(seconds=rng.uniform(10, 200))
    while x < END:
        r = rng.random()
        if r < 0.45:
            ios(x, f"%SEC-6-IPACCESSLOGP: list MESH-IN denied udp 10.60.{rng.choice([1, 7])}.{rng.randint(1, 42)}({rng.choice([5353, 1900, 137])}) -> {rng.choice(['224.0.0.251', '239.255.255.250', '10.60.15.255'])}({rng.choice([5353, 1900, 137])}), 1 packet")
        elif r < 0.6:
            ios(x, f"%DHCP_SNOOPING-5-DHCP_SNOOPING_UNTRUSTED_PORT: DHCP_SNOOPING drop message on untrusted port, message type: DHCPOFFER, MAC sa: {rng.choice(['a0b3.cc41.9e02', '3c52.8211.7f40'])}")
        elif r < 0.72:
            sys3164(x, "kal-nms01", "arpwatch[1187]", f"new station 10.20.9.{rng.randint(20, 220)} {rng.choice(['0:50:56:', '0:c:29:'])}{rng.randint(10, 99)}:{rng.randint(10, 99)}:{rng.randint(10, 99)} vlan20")
        elif r < 0.84:
            ios(x, f"%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet1/0/{rng.choice([31, 33])}, changed state to {rng.choice(['down', 'up'])}")
        else:
            ios(x, "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: svc-backup] [Source: 10.20.4.30] [localport: 22] at " + x.strftime("%H:%M:%S UTC %a %b %d %Y"))
        x += dt.timedelta(seconds=rng.uniform(60, 420))
    ios(utc("2026-04-29 02:41:12"), "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: diyer] [Source: 10.20.4.88] [localport: 22] at 02:41:12 UTC Wed Apr 29 2026")
    ios(utc("2026-04-29 04:31:50"), "%SYS-5-CONFIG_I: Configured from console by diyer on vty0 (10.20.4.88)")
    flush_ios()

    # ---- Meshline Commander
    def roam_events():
        for tid in trucks:
            prev = None
            for t0, t1, n in segs[tid]:
                if n != prev and prev is not None and START <= t0 < END:
                    if n == "MT-09" and MT09_OFF <= t0 < MT09_ON:
                        n2 = "MT-08"
                    else:
                        n2 = n
                    cmdr(t0 + dt.timedelta(seconds=rng.uniform(0, 6)), "info", "PARENT_CHANGE", f"{tid}", parent=n2, previous=prev, rssi=rng.randint(-78, -54))
                prev = n

    roam_events()
    cmdr(MT09_OFF, "warning", "NODE_OFFLINE", "MT-09", reason="power", by="jmurray")
    cmdr(MT09_ON, "info", "NODE_ONLINE", "MT-09", peers=["MT-08", "MT-11", "MT-12"], rssi_best=-62, location="1150 RL south cut")
    for _ in range(30):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        n = rng.choice(["MT-07", "MT-14", "MT-08", "FN-03"])
        cmdr(x, "warning", "LINK_RSSI_LOW", n, peer=rng.choice(sorted(ADJ[n])), rssi=rng.randint(-86, -80))
    for n in NODES:
        x = START + dt.timedelta(minutes=rng.uniform(0, 30))
        while x < END:
            if not (n == "MT-09" and MT09_OFF <= x < MT09_ON):
                volts = round(rng.uniform(25.2, 27.9), 1) if n.startswith("MT") else None
                fields = {"clients": rng.randint(1, 9), "uptime_h": rng.randint(40, 900) if n != "MT-09" or x < MT09_OFF else int((x - MT09_ON).total_seconds() // 3600)}
                if volts:
                    fields["battery_v"] = volts
                cmdr(x, "info", "NODE_HEALTH", n, **fields)
            x += dt.timedelta(minutes=30)
    cmdr(ALLOWLIST, "info", "ALLOWLIST_CHANGED", "mesh", by="jmurray", added=CART_RADIO, label="WC-07 Tjalka water cart", change="CHG0041311")
    cmdr(UNIT_ON + dt.timedelta(seconds=21), "info", "NODE_JOINED", "WC-07", parent="FN-01", rssi=-57, model="ML-4", serial="ML4-22817")
    cmdr(UNIT_ON + dt.timedelta(seconds=44.4), "info", "CLIENT_NEW", "WC-07", mac="00:11:d7:e2:40:af", ip="10.60.0.1", vendor="Aquamine Pty Ltd")
    prev = "FN-01"
    for t0, t1, n in cart:
        if t0 >= UNIT_OFF:
            break
        if n != prev:
            cmdr(t0 + dt.timedelta(seconds=rng.uniform(0, 6)), "info", "PARENT_CHANGE", "WC-07", parent=n, previous=prev, rssi=rng.randint(-72, -52))
        prev = n
    cmdr(UNIT_OFF + dt.timedelta(seconds=3), "info", "CLIENT_GONE", "WC-07", mac="00:11:d7:e2:40:af")
    cmdr(UNIT_FIXED, "info", "CLIENT_NEW", "WC-07", mac="00:11:d7:e2:40:af", ip="10.60.7.31", vendor="Aquamine Pty Ltd")
    cmdr(WC_BACK + dt.timedelta(seconds=12), "info", "PARENT_CHANGE", "WC-07", parent="FN-02", previous="FN-01", rssi=-60)

    # ---- GitLab deploy jobs
    def gl(t, text, stream="00O"):
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def deploy(t0, job, pipeline, who, ver, sha):
        x = t0 - dt.timedelta(seconds=31)
        gl(x, f"Running with gitlab-runner 17.3.1 (66269445) on kal-site-runner01 (job {job}, pipeline {pipeline}, {ver}, {sha[:8]}, triggered by {who})")
        gl(x + dt.timedelta(seconds=2.4), f"$ ansible-playbook -i deploy/ansible/inventory.ini deploy/ansible/site.yml")
        gl(x + dt.timedelta(seconds=4.0), "PLAY [fms_gateway] *************************************************************")
        gl(x + dt.timedelta(seconds=9.8), "TASK [binary] ******************************************************************")
        gl(x + dt.timedelta(seconds=13.1), "changed: [kal-fms-gw01]")
        gl(x + dt.timedelta(seconds=13.4), "TASK [config] ******************************************************************")
        gl(x + dt.timedelta(seconds=15.2), "changed: [kal-fms-gw01]")
        gl(x + dt.timedelta(seconds=15.6), "RUNNING HANDLER [restart fms-gateway] ******************************************")
        gl(x + dt.timedelta(seconds=31.4), "changed: [kal-fms-gw01]")
        gl(x + dt.timedelta(seconds=31.9), "kal-fms-gw01               : ok=3    changed=3    unreachable=0    failed=0    skipped=0")
        gl(x + dt.timedelta(seconds=32.3), "Job succeeded")

    deploy(DEPLOY_4120, 91842, 20417, "Mei Tan", "4.12.0", shas["rel4120"])
    deploy(ROLLBACK, 91868, 20391, "Mei Tan", "4.11.3", shas["rel4113"])
    deploy(REDEPLOY, 91901, 20417, "Mei Tan", "4.12.0", shas["rel4120"])

    # ---- ServiceNow records
    def rec(t, body):
        snow.add(t, json.dumps(body, ensure_ascii=False))

    rec(utc("2026-04-29 00:19:40"), {"sys_updated_on": "2026-04-29 00:19:40", "number": "CHG0041302", "type": "standard", "state": "Implement",
                                     "assignment_group": "Kalari Network & Comms", "assigned_to": "Jake Murray",
                                     "short_description": "Relocate mesh trailer MT-09 from 1180 RL south ramp to 1150 RL (SH04 cut)", "planned_start": "2026-04-29 00:15:00", "planned_end": "2026-04-29 01:15:00"})
    rec(utc("2026-04-29 00:55:02"), {"sys_updated_on": "2026-04-29 00:55:02", "number": "CHG0041302", "state": "Review", "close_notes": "MT-09 at 1150 RL, peers MT-08/MT-11/MT-12"})
    rec(utc("2026-04-29 00:58:31"), {"sys_updated_on": "2026-04-29 00:58:31", "number": "CHG0041297", "type": "normal", "state": "Implement",
                                     "assignment_group": "Fleet Systems", "assigned_to": "Mei Tan",
                                     "short_description": "fms-gateway 4.12.0 (GW-316, GW-318, GW-321)", "risk": "Low", "backout_plan": "redeploy 4.11.3 (pipeline 20391)"})
    rec(utc("2026-04-29 01:11:50"), {"sys_updated_on": "2026-04-29 01:11:50", "number": "CHG0041311", "type": "standard", "state": "Implement",
                                     "assignment_group": "Kalari Network & Comms", "assigned_to": "Jake Murray",
                                     "short_description": "Mesh allowlist: Tjalka Civil water cart WC-07 radio ML4-22817 (contractor install 28/04)",
                                     "description": "Radio and telematics unit fitted by Tjalka's installer on 28/04. Add radio MAC to Commander allowlist."})
    rec(utc("2026-04-29 01:56:12"), {"sys_updated_on": "2026-04-29 01:56:12", "number": "INC0087714", "priority": "2 - High", "state": "New",
                                     "assignment_group": "Fleet Systems", "caller": "Rob Kerr",
                                     "short_description": "Haul trucks dropping to NO COMMS in PitLogic, south ramp and west road"})
    rec(utc("2026-04-29 02:47:30"), {"sys_updated_on": "2026-04-29 02:47:30", "number": "INC0087714", "state": "In Progress", "assignment_group": "Kalari Network & Comms",
                                     "work_notes": "pit-core-01 DUPADDR 10.60.0.1 on Vlan60 sourced by 0011.d7e2.40af since 01:35 UTC. Reassigned from Fleet Systems."})
    rec(utc("2026-04-29 03:25:00"), {"sys_updated_on": "2026-04-29 03:25:00", "number": "INC0087714", "state": "Resolved",
                                     "close_notes": "Contractor telematics unit on WC-07 configured with the VLAN 60 gateway address 10.60.0.1. Unit isolated 03:02 UTC, readdressed 10.60.7.31. fms-gateway not at fault."})

    # ---- Teams #kalari-pit-control
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": iso(t), "channel": "kalari-pit-control",
                                "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    def local(t):
        return (t + dt.timedelta(hours=8)).strftime("%H:%M")

    dup_stale = sorted(s for s in stats["stale"] if s[2] == "dup")
    first = dup_stale[0]
    say(utc("2026-04-29 00:17:10"), "Jake Murray (comms)", "Moving MT-09 from the 1180 ramp down to 1150 for the SH04 cut now (CHG0041302). South ramp coverage thin for half an hour")
    say(MT09_ON + dt.timedelta(minutes=3), "Jake Murray (comms)", "MT-09 back up at 1150, peers MT-08, MT-11, MT-12, -62 dBm")
    say(DEPLOY_4120 - dt.timedelta(minutes=4), "Mei Tan", "Deploying fms-gateway 4.12.0: assignment resends with backoff (GW-318), 'assignment not acknowledged' warning with last telemetry (GW-321), stale after 30 s (GW-316), x/net")
    say(DEPLOY_4120 + dt.timedelta(minutes=2), "Mei Tan", "4.12.0 running on gw01, 34 trucks reporting")
    say(ALLOWLIST + dt.timedelta(minutes=2), "Jake Murray (comms)", "Allowlisted Tjalka's new water cart WC-07 on the mesh (CHG0041311), their installer fitted the radio and telematics yesterday")
    def names(items, n):
        out = []
        for s in items:
            if s[1] not in out:
                out.append(s[1])
        return out[:n]

    two = [s for s in dup_stale if s[0] < first[0] + dt.timedelta(minutes=3)]
    say(first[0] + dt.timedelta(minutes=3, seconds=20), "Shane Dunn (dispatch)", f"{', '.join(names(two, 3))} dropped to NO COMMS around {first[3]}. operators say their screens are fine")
    later = [s for s in dup_stale if first[0] + dt.timedelta(minutes=9) < s[0] < first[0] + dt.timedelta(minutes=20)]
    if later:
        say(later[-1][0] + dt.timedelta(minutes=1), "Shane Dunn (dispatch)", f"more: {', '.join(names(later, 4))} near {later[-1][3]}. they come back after a few minutes and drop again. drivers say they got the same assignment 4 times")
    say(utc("2026-04-29 01:58:30"), "Rob Kerr (day SS)", f"@Mei Tan trucks losing comms all over the south ramp and the west road since about {local(first[0])}, voice dispatching. fms-gateway went in at {local(DEPLOY_4120)}. Runbook says roll back first?")
    say(utc("2026-04-29 02:03:40"), "Mei Tan", "'assignment not acknowledged' is GW-321's new line and stale is 30 s since GW-316, so we see more of them. But trucks really are going quiet. Rolling back to 4.11.3 to rule it out")
    say(utc("2026-04-29 02:05:10"), "Jake Murray (comms)", "checking MT-09 since it moved this morning. Battery 26.8 V, peers fine")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=30), "Mei Tan", "4.11.3 running")
    still = [s for s in dup_stale if ROLLBACK < s[0] < ROLLBACK + dt.timedelta(minutes=12)]
    say((still[-1][0] if still else ROLLBACK + dt.timedelta(minutes=9)) + dt.timedelta(minutes=1), "Shane Dunn (dispatch)", f"still dropping on 4.11.3: {', '.join(names(still, 4))}. gateway now says 'assignment delivery failed'")
    pick_t = still[-1] if still else dup_stale[len(dup_stale) // 2]
    say(utc("2026-04-29 02:33:20"), "Jake Murray (comms)", f"Commander: {pick_t[1]} is connected to {pick_t[3]} at -61 dBm the whole time it's 'lost', no roam, no packet loss on the mesh links. Not RF")
    say(utc("2026-04-29 02:38:50"), "Callum O'Brien", f"From pit-core-01 (same VLAN) I can ping {pick_t[1]}'s OBU {ip_of[pick_t[1]]} while it's NO COMMS, from gw01 I can't. Its replies don't come back through the gateway. @Deepa Iyer can you look at the core?")
    say(utc("2026-04-29 02:45:10"), "Deepa Iyer (network)", f"pit-core-01 is logging %IP-4-DUPADDR: Duplicate address 10.60.0.1 on Vlan60, sourced by {CART_MAC} about once a minute since {local(UNIT_ON)}, and arpwatch on nms01 has 10.60.0.1 flip flopping between our MAC and that one. Something on the mesh is using the gateway's address")
    say(utc("2026-04-29 02:50:30"), "Jake Murray (comms)", "Commander client table: 00:11:d7:e2:40:af is behind WC-07, Tjalka's water cart I allowlisted at 09:12. Aquamine telematics unit. It's been watering the south ramp and the west road all morning, which is where the trucks drop")
    say(utc("2026-04-29 02:53:00"), "Rob Kerr (day SS)", "Calling WC-07 to park at the MT-12 bay now")
    say(UNIT_OFF + dt.timedelta(seconds=50), "Jake Murray (comms)", "WC-07 parked, pulled the fuse on the telematics unit")
    say(UNIT_OFF + dt.timedelta(minutes=6), "Shane Dunn (dispatch)", "All 34 reporting, nobody dropped since 11:03. Back to auto dispatch")
    say(utc("2026-04-29 03:21:00"), "Deepa Iyer (network)", "No DUPADDR since 11:02. Tjalka's installer typed 10.60.0.1/20 as the unit's address, the gateway copied into the IP field. It should be 10.60.7.31. I'll look at ARP inspection on VLAN 60 so this can't happen again")
    say(UNIT_FIXED + dt.timedelta(minutes=2), "Jake Murray (comms)", "Installer fixed it at the workshop, WC-07's unit on 10.60.7.31")
    say(WC_BACK + dt.timedelta(minutes=3), "Jake Murray (comms)", "WC-07 back out watering, no DUPADDR, no drops")
    say(REDEPLOY - dt.timedelta(minutes=2), "Mei Tan", "Deploying 4.12.0 again, nothing in fms-gateway to change. Callum is adding the DUPADDR check to the runbook")
    return [gw, disp, net, mesh, ci, snow, chat], stats


def build(out_dir):
    rng = random.Random(78200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        dup_stale = sorted(s for s in stats["stale"] if s[2] == "dup")
        onset = dup_stale[0][0].replace(microsecond=0)
        assert UNIT_ON < onset < UNIT_ON + dt.timedelta(minutes=12), onset
        assert not [s for s in stats["stale"] if s[2] == "dup" and s[0] > UNIT_OFF + dt.timedelta(minutes=6)]
        pre = [s for s in stats["stale"] if s[0] < onset]
        assert pre, "no stale lines before the onset"
        n_aff = len(stats["affected"])

        def reporting(t):
            v = stats["reporting"].get(int(t.timestamp()) // 60)
            return v if v is not None else stats["reporting"].get(int(t.timestamp()) // 60 - 1)

        metrics = {"fms_gateway_trucks_reporting.json": query_range(
            [({"job": "fms-gateway", "instance": "kal-fms-gw01:9102"}, reporting)], START + dt.timedelta(minutes=2), END - dt.timedelta(minutes=1), 60)}
        return write_scenario(
            out_dir, name="r78-mesh-duplicate-gateway-ip-none", service=SERVICE, onset=onset,
            description=f"""
Haul trucks at Redbank Iron's Kalari mine drop to NO COMMS in PitLogic on
Wednesday 29 April: from {onset.strftime('%H:%M:%S')} UTC fms-gateway stops hearing trucks
near the crusher, on the south ramp and on the west haul road for one to
five minutes at a time,
their assignments are not acknowledged and dispatch works them by voice.
fms-gateway 4.12.0 (stale after 30 s, assignment resends, a new warning)
had been deployed at 01:05; redeploying 4.11.3 at 02:18 did not help. The
drops stopped at 03:02; 4.12.0 was deployed again at 04:18.
""",
            logs=logs,
            line_formats={
                "pitlogic-dispatch.log": r'<Date> <Time>\|<Level>\s*\|<Module>\|<Unit>\|<Content>',
                "gitlab-deploy-jobs.log": r'<Time> <Stream> <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'Duplicate address .* sourced by',
                r'flip flop',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A contractor's installer fitted a telematics unit
to Tjalka Civil's new water cart WC-07 and gave it the address
10.60.0.1/20, the default gateway of VLAN 60, the mesh segment of the
trucks' onboard units (the core switch pit-core-01's SVI). The comms
technician allowlisted its mesh radio at 01:12 (CHG0041311); WC-07 left
the workshop at 01:35 and its unit announced 10.60.0.1 and then ARPed
every minute: pit-core-01 logged "%IP-4-DUPADDR: Duplicate address
10.60.0.1 on Vlan60, sourced by {CART_MAC}" each time ({len(stats['dupaddr'])} times), the
NMS's arpwatch "flip flop 10.60.0.1" between the core's MAC and the
cart's. Trucks near the cart pointed their gateway at it until the next
refresh: their telemetry and acks went to the water cart while the
core's downlink still reached them, so fms-gateway marked the trucks near
the cart stale one to five minutes at a time (all {n_aff} of them at one time
or another, a few at a time, as the cart and the trucks moved): "truck
telemetry stale", "assignment not acknowledged". The cart was parked and its
unit switched off at 03:02; the drops stopped; the installer set
10.60.7.31. Nothing in fms-gateway was changed; 4.12.0 was deployed
again.
Decoys: fms-gateway 4.12.0, deployed {round((onset - DEPLOY_4120).total_seconds() / 60)} minutes before the onset
(GW-318, assignment resends with backoff in the very relay; GW-321,
which adds the very "assignment not acknowledged" warning; GW-316,
stale after 30 s instead of 60 in config/gateway.yaml, which turns the
routine radio shadows into stale lines; a golang.org/x/net bump),
redeployed at 4.11.3 at 02:18 without effect (its "assignment delivery
failed after 3 attempts" wording, stale after 60 s); Tuesday's runbook
commit that reads trucks losing comms as a trailer node or a gateway
release and says to roll back first; trailer MT-09 moved that morning
(a planned change, with its own short drops on the south ramp); the
allowlist change of the same morning as the cart (the mesh let it in,
it did not cause it); routine radio shadows, RSSI warnings, duplicate
frames and clock skew; the paho.mqtt.golang bump and GW-305.
""",
        )
    finally:
        repo.close()
