"""stopdisplay-hub (Go 1.23; one VM, sdhub-01, under systemd, next to the
Mosquitto broker on mqtt-01; deployed by a GitHub Actions workflow over
ssh; team in Galashiels and Edinburgh) of Teviot & Tweed Buses, a rural
bus operator in the Scottish Borders. The hub reads the operator's
GTFS-Realtime trip updates (built from the buses' AVL units) every 30 s,
renders the next departures for each of the 112 stop display signs and
publishes each changed board, retained and at QoS 1, to
`signs/<id>/board` on the broker; a sign acknowledges the board it shows
on `signs/<id>/ack`. 68 are mains-powered LED signs in the towns; 44 are
Inkwell EP-13S e-paper signs at village stops without mains, on a 20 W
solar panel and a 24 Ah LiFePO4 battery, all over LTE-M. The EP-13S
firmware stays connected and shows a new board within seconds while its
battery is above 30 % (a display heater keeps the e-paper above 0 degC,
a front light lights it at night); below 30 % it enters power save
(modem off, wakes every 10 minutes, takes its queued boards, acks the
latest, sleeps), below 12 % hibernate (every 60 minutes). Those modes,
and the batteries, are Inkwell's: they are in Inkwell's portal, not in
the hub.

January 2026 has been overcast in the Borders since the 10th
(anticyclonic gloom), with frost at night: the panels yield 3 to 9 Wh a
day against 38 to 47 Wh of heater, front light and modem. Three signs in
shaded valleys have been in power save since the weekend (a field
engineer "fixed" Town Yetholm's on Monday by power-cycling it), Chesters
is hibernating. On Monday 19 January at 16:25 stopdisplay-hub 2.9.0 goes
out: SD-213 tracks acks by board version instead of comparing the last
ack with the last publish (which never counted a sign overdue while its
board kept changing), SD-211 logs each overdue sign (the very warning
that fills the log), an x/net bump, a systemd restart policy.

Tuesday 20 January, from 06:0x UTC, as the night drains them, EP-13S
signs cross 30 % one after another ("Low battery: entering power save
mode (SoC 29%)" in Inkwell's event export): their boards wait up to ten
minutes in the broker, the hub logs "sign ack overdue" and, at each
wake, "sign ack caught up ... behind=7", and passengers at village stops
read times that are up to ten minutes old ("Due" for a bus that has
gone). A driver reports Denholm's sign at 06:52. The on-call follows the
runbook (SD-210: stale signs are the cellular network or the broker; roll
back after a deploy): the SIMs and the broker are fine, and he rolls back
to 2.8.1 at 08:07; the fleet line's ack_overdue count halves (2.8.1
counts differently), the signs do not change. A developer sees that
only EP-13S signs are affected, a field engineer finds Denholm's in
POWER SAVE at 28 %, the Inkwell event export shows the power save and
hibernate entries, and Inkwell confirms the energy deficit and pushes a
winter profile (front light off at night, heater setpoint -5 degC) at
10:15; 2.9.0 is deployed again at 10:41, batteries are swapped over the
following days. Nothing in the repository caused it or fixes it.

Sources: stopdisplay-hub (slog text through journald, line format),
Mosquitto's log on mqtt-01 (epoch timestamps, line format), Inkwell
portal event and status export (JSON lines), GitHub Actions deploy runs,
field service tickets (JSON lines), #passenger-info-ops (Teams export,
JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "stopdisplay-hub"
START, END = utc("2026-01-20 04:30:00"), utc("2026-01-20 11:40:00")
MON_DEPLOY = utc("2026-01-19 16:25:10")   # 2.9.0
ROLLBACK = utc("2026-01-20 08:07:30")     # 2.8.1
PROFILE = utc("2026-01-20 10:15:00")      # Inkwell pushes the winter profile
REDEPLOY = utc("2026-01-20 10:41:40")     # 2.9.0 again
SUNRISE = utc("2026-01-20 08:24:00")
SERVICE_START = utc("2026-01-20 05:28:00")

VILLAGES = ["Denholm, The Green", "Ancrum, Cross", "Bonchester Bridge", "Town Yetholm, Main St", "Kirk Yetholm", "Morebattle",
            "Ettrickbridge", "Lilliesleaf", "Bowden", "Gattonside", "Clovenfords", "Walkerburn", "Stow, Station Rd", "Fountainhall",
            "Heriot", "Oxton", "Westruther", "Greenlaw, Square", "Gordon", "Smailholm", "Ednam", "Sprouston", "Birgham", "Swinton",
            "Leitholm", "Eccles", "Chirnside", "Allanton", "Reston", "Ayton", "Coldingham", "Cockburnspath", "Cranshaws",
            "Longformacus", "Newcastleton", "Teviothead", "Hobkirk", "Chesters", "Camptown", "Oxnam", "Crailing", "Eckford", "Heiton",
            "Maxton"]
TOWNS = [("Galashiels", 12), ("Hawick", 12), ("Kelso", 8), ("Peebles", 8), ("Jedburgh", 6), ("Selkirk", 6), ("Melrose", 4),
         ("Tweedbank", 2), ("Duns", 4), ("Eyemouth", 4), ("Earlston", 2)]
TOWN_STOPS = ["Interchange", "Bank St", "High St", "Station Rd", "Hospital", "Academy", "Market Sq", "Library", "Church St",
              "Bridge St", "Tesco", "Park"]

# EP-13S signs that were in power save before the morning (the weekend's
# shaded valleys) and the one hibernating since Monday.
PRE_SAVE = {"Town Yetholm, Main St": 15.4, "Bonchester Bridge": 19.2, "Ettrickbridge": 26.1}
PRE_HIBERNATE = {"Chesters": 10.6}
# the morning's crossings of 30 % (UTC), first to last
WAVE = [("Denholm, The Green", "06:02"), ("Ancrum, Cross", "06:19"), ("Hobkirk", "06:31"), ("Oxnam", "06:44"),
        ("Newcastleton", "06:52"), ("Camptown", "07:03"), ("Morebattle", "07:12"), ("Kirk Yetholm", "07:21"),
        ("Teviothead", "07:29"), ("Crailing", "07:38"), ("Lilliesleaf", "07:46"), ("Westruther", "07:55"), ("Eckford", "08:04"),
        ("Longformacus", "08:11"), ("Cranshaws", "08:19"), ("Heriot", "08:33"), ("Bowden", "08:47"), ("Oxton", "09:02"),
        ("Fountainhall", "09:18"), ("Smailholm", "09:36"), ("Heiton", "09:58"), ("Gordon", "10:26")]
SLOW_ACK = ["Teviothead", "Cranshaws", "Hawick, Hospital"]


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

GO_MOD = """module github.com/ttbuses/stopdisplay-hub

go 1.23

require (
	github.com/MobilityData/gtfs-realtime-bindings/golang/gtfs v1.0.0
	github.com/eclipse/paho.golang v0.21.0
	golang.org/x/net v0.33.0
	google.golang.org/protobuf v1.36.1
	gopkg.in/yaml.v3 v3.0.1
)
"""

MAIN = go('''package main

import (
    "context"
    "log/slog"
    "os"
    "os/signal"
    "syscall"
    "time"

    "github.com/ttbuses/stopdisplay-hub/internal/boards"
    "github.com/ttbuses/stopdisplay-hub/internal/broker"
    "github.com/ttbuses/stopdisplay-hub/internal/config"
    "github.com/ttbuses/stopdisplay-hub/internal/feed"
    "github.com/ttbuses/stopdisplay-hub/internal/signs"
)

var version, commit = "dev", "none"

func main() {
    log := slog.New(slog.NewTextHandler(os.Stdout, nil))
    cfg := config.MustLoad(os.Getenv("CONFIG_PATH"))
    ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
    defer stop()

    registry, err := signs.LoadRegistry(cfg.Signs.RegistryPath)
    if err != nil {
        log.Error("sign registry", "err", err)
        os.Exit(1)
    }
    log.Info("starting stopdisplay-hub", "version", version, "commit", commit, "signs", registry.Len())
    session := signs.NewSession(registry, cfg.Signs, log)
    pub, err := broker.Connect(ctx, cfg.Broker, session, log)
    if err != nil {
        log.Error("broker", "err", err)
        os.Exit(1)
    }
    renderer := boards.NewRenderer(registry, cfg.Boards)
    fetcher := feed.NewFetcher(cfg.Feed, log)

    tick := time.NewTicker(cfg.Feed.Every)
    sweep := time.NewTicker(15 * time.Second)
    fleet := time.NewTicker(5 * time.Minute)
    for {
        select {
        case <-ctx.Done():
            return
        case <-tick.C:
            snapshot, err := fetcher.Fetch(ctx)
            if err != nil {
                log.Warn("gtfs-rt fetch failed", "err", err)
                continue
            }
            start := time.Now()
            changed := renderer.Changed(snapshot, time.Now())
            for _, b := range changed {
                pub.Publish(ctx, b)
                session.Published(b.SignID, b.Version, time.Now())
            }
            log.Info("boards published", "signs", registry.Len(), "changed", len(changed), "took", time.Since(start).Round(time.Millisecond))
        case now := <-sweep.C:
            session.Sweep(now)
        case now := <-fleet.C:
            c := session.Counts(now)
            log.Info("fleet", "connected", c.Connected, "ack_overdue", c.Overdue, "offline", c.Offline)
        }
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
    Feed   Feed   `yaml:"feed"`
    Broker Broker `yaml:"broker"`
    Signs  Signs  `yaml:"signs"`
    Boards Boards `yaml:"boards"`
}

type Feed struct {
    TripUpdatesURL string        `yaml:"trip_updates_url"`
    Every          time.Duration `yaml:"every"`
}

type Broker struct {
    URL      string `yaml:"url"`
    ClientID string `yaml:"client_id"`
    Username string `yaml:"username"`
    QoS      byte   `yaml:"qos"`
}

type Signs struct {
    RegistryPath string        `yaml:"registry_path"`
    AckTimeout   time.Duration `yaml:"ack_timeout"`
    OfflineAfter time.Duration `yaml:"offline_after"`
}

type Boards struct {
    Departures int           `yaml:"departures"`
    CountdownWithin time.Duration `yaml:"countdown_within"`
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

PROD_YAML = """feed:
  trip_updates_url: https://rt.ttbuses.net/gtfs-rt/trip-updates
  every: 30s
broker:
  url: mqtts://mqtt-01.tt-buses.internal:8883
  client_id: stopdisplay-hub-sdhub-01
  username: stopdisplay-hub
  qos: 1
signs:
  registry_path: /etc/stopdisplay-hub/signs.csv
  ack_timeout: 90s
  offline_after: 20m
boards:
  departures: 4
  countdown_within: 30m
"""

SESSION_V1 = go('''package signs

import (
    "log/slog"
    "sync"
    "time"

    "github.com/ttbuses/stopdisplay-hub/internal/config"
)

// Session keeps, for every sign, what the hub last published to it and
// when the sign last acknowledged a board. A sign acks the board it shows
// by publishing its version to signs/<id>/ack.
type Session struct {
    mu     sync.Mutex
    cfg    config.Signs
    states map[string]*state
    log    *slog.Logger
}

type state struct {
    sign          Sign
    connected     bool
    lastSeen      time.Time
    lastPublished time.Time
    lastVersion   uint64
    lastAcked     time.Time
    offline       bool
}

type Counts struct {
    Connected, Overdue, Offline int
}

func NewSession(reg *Registry, cfg config.Signs, log *slog.Logger) *Session {
    s := &Session{cfg: cfg, states: map[string]*state{}, log: log}
    for _, sign := range reg.All() {
        s.states[sign.ID] = &state{sign: sign}
    }
    return s
}

func (s *Session) Published(id string, version uint64, now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    if st := s.states[id]; st != nil {
        st.lastPublished, st.lastVersion = now, version
    }
}

func (s *Session) Acked(id string, version uint64, now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    if st := s.states[id]; st != nil {
        st.lastAcked, st.lastSeen = now, now
    }
}

// Connected is called from the broker's $SYS client events.
func (s *Session) Connected(id string, up bool, now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    st := s.states[id]
    if st == nil {
        return
    }
    st.connected, st.lastSeen = up, now
    if up && st.offline {
        st.offline = false
        s.log.Info("sign back online", "sign", id, "stop", st.sign.StopName)
    }
}

func (s *Session) overdue(st *state, now time.Time) bool {
    return st.lastAcked.Before(st.lastPublished) && now.Sub(st.lastPublished) > s.cfg.AckTimeout
}

// Sweep marks signs offline that have not been seen for OfflineAfter.
func (s *Session) Sweep(now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    for _, st := range s.states {
        if !st.connected && !st.offline && now.Sub(st.lastSeen) > s.cfg.OfflineAfter {
            st.offline = true
            s.log.Warn("sign offline", "sign", st.sign.ID, "stop", st.sign.StopName, "last_seen", st.lastSeen.UTC().Format(time.RFC3339))
        }
    }
}

func (s *Session) Counts(now time.Time) Counts {
    s.mu.Lock()
    defer s.mu.Unlock()
    var c Counts
    for _, st := range s.states {
        if st.connected {
            c.Connected++
        }
        if s.overdue(st, now) {
            c.Overdue++
        }
        if st.offline {
            c.Offline++
        }
    }
    return c
}
''')

REGISTRY = go('''package signs

import (
    "encoding/csv"
    "os"
)

// Sign is one stop display from the asset register's export (signs.csv):
// id, stop code, stop name, model (LX-4 mains LED, EP-13S solar e-paper).
type Sign struct {
    ID, StopCode, StopName, Model string
}

type Registry struct{ signs []Sign }

func LoadRegistry(path string) (*Registry, error) {
    f, err := os.Open(path)
    if err != nil {
        return nil, err
    }
    defer f.Close()
    rows, err := csv.NewReader(f).ReadAll()
    if err != nil {
        return nil, err
    }
    reg := &Registry{}
    for _, r := range rows[1:] {
        reg.signs = append(reg.signs, Sign{ID: r[0], StopCode: r[1], StopName: r[2], Model: r[3]})
    }
    return reg, nil
}

func (r *Registry) All() []Sign { return r.signs }
func (r *Registry) Len() int     { return len(r.signs) }
''')

RENDER = go('''package boards

import (
    "fmt"
    "sort"
    "time"

    "github.com/ttbuses/stopdisplay-hub/internal/config"
    "github.com/ttbuses/stopdisplay-hub/internal/feed"
    "github.com/ttbuses/stopdisplay-hub/internal/signs"
)

// Board is what one sign shows: its next departures, "Due", "n min" within
// CountdownWithin, the clock time after that.
type Board struct {
    SignID  string
    Version uint64
    Lines   []string
}

type Renderer struct {
    reg     *signs.Registry
    cfg     config.Boards
    last    map[string]string
    version map[string]uint64
}

func NewRenderer(reg *signs.Registry, cfg config.Boards) *Renderer {
    return &Renderer{reg: reg, cfg: cfg, last: map[string]string{}, version: map[string]uint64{}}
}

// Changed renders every sign's board and returns those that differ from
// what was last published.
func (r *Renderer) Changed(snap *feed.Snapshot, now time.Time) []Board {
    var out []Board
    for _, sign := range r.reg.All() {
        deps := snap.Departures(sign.StopCode)
        sort.Slice(deps, func(i, j int) bool { return deps[i].Expected.Before(deps[j].Expected) })
        lines := make([]string, 0, r.cfg.Departures)
        for i := 0; i < len(deps) && i < r.cfg.Departures; i++ {
            lines = append(lines, fmt.Sprintf("%-4s %-16s %s", deps[i].Route, deps[i].Headsign, r.when(deps[i].Expected, now)))
        }
        key := fmt.Sprint(lines)
        if r.last[sign.ID] == key {
            continue
        }
        r.last[sign.ID] = key
        r.version[sign.ID]++
        out = append(out, Board{SignID: sign.ID, Version: r.version[sign.ID], Lines: lines})
    }
    return out
}

func (r *Renderer) when(t, now time.Time) string {
    d := t.Sub(now)
    switch {
    case d < time.Minute:
        return "Due"
    case d < r.cfg.CountdownWithin:
        return fmt.Sprintf("%d min", int(d.Minutes()))
    default:
        return t.Format("15:04")
    }
}
''')

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version: { description: "release version, e.g. 2.9.0", required: true }
      ref: { description: "commit to deploy (default: main)", required: false }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
        with: { ref: "${{ inputs.ref || 'main' }}" }
      - uses: actions/setup-go@v5
        with: { go-version: '1.23' }
      - run: go build -trimpath -ldflags "-X main.version=${{ inputs.version }} -X main.commit=$(git rev-parse --short HEAD)" -o dist/stopdisplay-hub ./cmd/stopdisplay-hub
      - run: scp dist/stopdisplay-hub deploy@sdhub-01.tt-buses.internal:/opt/stopdisplay-hub/bin/stopdisplay-hub.new
      - run: ssh deploy@sdhub-01.tt-buses.internal 'sudo mv /opt/stopdisplay-hub/bin/stopdisplay-hub.new /opt/stopdisplay-hub/bin/stopdisplay-hub && sudo systemctl restart stopdisplay-hub && systemctl status --no-pager stopdisplay-hub'
"""

UNIT = """[Unit]
Description=Teviot & Tweed stop display hub
After=network-online.target

[Service]
User=sdhub
Environment=CONFIG_PATH=/etc/stopdisplay-hub/production.yaml
ExecStart=/opt/stopdisplay-hub/bin/stopdisplay-hub
Restart=always

[Install]
WantedBy=multi-user.target
"""

MOSQUITTO_CONF = """# mqtt-01: the stop display broker (Mosquitto 2.0)
per_listener_settings false
listener 8883
cafile /etc/mosquitto/certs/ca.crt
certfile /etc/mosquitto/certs/mqtt-01.crt
keyfile /etc/mosquitto/certs/mqtt-01.key
allow_anonymous false
password_file /etc/mosquitto/passwd
acl_file /etc/mosquitto/acl
persistence true
persistence_location /var/lib/mosquitto/
autosave_interval 1800
max_queued_messages 1000
max_keepalive 600
log_dest file /var/log/mosquitto/mosquitto.log
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
"""

RUNBOOK_ALERTS = [
    ("SignsOffline", "More than 5 signs offline (no connection for 20 minutes). Check the broker on mqtt-01 (`systemctl status mosquitto`, /var/log/mosquitto/mosquitto.log) and the SIMs in the Vodafone IoT portal."),
    ("FeedStale", "The trip updates feed is more than 2 minutes old: every sign falls back to timetable times. See the rtpi runbook."),
]


def build_repo():
    repo = Repo()
    fiona = Person("Fiona Laidlaw", "fiona.laidlaw@ttbuses.co.uk", 0)
    craig = Person("Craig Hastie", "craig.hastie@ttbuses.co.uk", 0)
    euan = Person("Euan Scott", "euan.scott@ttbuses.co.uk", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    session = "internal/signs/session.go"
    files = {
        "go.mod": GO_MOD,
        "cmd/stopdisplay-hub/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        session: SESSION_V1,
        "internal/signs/registry.go": REGISTRY,
        "internal/boards/render.go": RENDER,
        "internal/feed/fetch.go": go('package feed\n\nimport (\n    "context"\n    "log/slog"\n    "time"\n\n    "github.com/ttbuses/stopdisplay-hub/internal/config"\n)\n\n// Departure is one predicted (or, without a prediction, scheduled) departure\n// from a stop.\ntype Departure struct {\n    Route, Headsign string\n    Expected        time.Time\n    Realtime        bool\n}\n\n// Snapshot is one fetch of the trip updates feed joined with the timetable.\ntype Snapshot struct {\n    byStop map[string][]Departure\n}\n\nfunc (s *Snapshot) Departures(stopCode string) []Departure {\n    return append([]Departure(nil), s.byStop[stopCode]...)\n}\n\ntype Fetcher struct {\n    cfg config.Feed\n    log *slog.Logger\n}\n\nfunc NewFetcher(cfg config.Feed, log *slog.Logger) *Fetcher { return &Fetcher{cfg: cfg, log: log} }\n\n// Fetch reads the GTFS-RT trip updates; see README for the timetable join.\nfunc (f *Fetcher) Fetch(ctx context.Context) (*Snapshot, error) {\n    return &Snapshot{byStop: map[string][]Departure{}}, nil\n}\n'),
        "internal/broker/publish.go": go('package broker\n\nimport (\n    "context"\n    "log/slog"\n\n    "github.com/ttbuses/stopdisplay-hub/internal/boards"\n    "github.com/ttbuses/stopdisplay-hub/internal/config"\n    "github.com/ttbuses/stopdisplay-hub/internal/signs"\n)\n\n// Publisher publishes boards to signs/<id>/board (retained, QoS 1) and feeds\n// acks (signs/+/ack) and client events ($SYS) into the session.\ntype Publisher struct {\n    cfg     config.Broker\n    session *signs.Session\n    log     *slog.Logger\n}\n\nfunc Connect(ctx context.Context, cfg config.Broker, session *signs.Session, log *slog.Logger) (*Publisher, error) {\n    return &Publisher{cfg: cfg, session: session, log: log}, nil\n}\n\nfunc (p *Publisher) Publish(ctx context.Context, b boards.Board) {}\n'),
        "config/production.yaml": PROD_YAML,
        "deploy/systemd/stopdisplay-hub.service": UNIT,
        "deploy/mosquitto/mosquitto.conf": MOSQUITTO_CONF,
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.23' }\n      - run: go vet ./...\n      - run: go test ./...\n",
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "README.md": "# stopdisplay-hub\n\nDepartures for Teviot & Tweed's stop display signs: reads the GTFS-RT\ntrip updates every 30 s, renders each sign's board and publishes the\nchanged ones to `signs/<id>/board` (retained, QoS 1) on mqtt-01. Signs ack\nthe board they show on `signs/<id>/ack`.\n\n## Running locally\n\n```\ngo test ./...\nCONFIG_PATH=config/local.yaml go run ./cmd/stopdisplay-hub\n```\n\n## Deploying\n\nThe `deploy` workflow (Actions, manual) builds the binary and restarts\nthe systemd unit on sdhub-01. To roll back, run it with an older `ref`.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-01-14 09:50:00"), fiona, "stopdisplay-hub: boards for the stop display signs over MQTT", files)
    crng = random.Random(57203)
    repo.schedule(chores(crng, SERVICE, [fiona, craig, euan], utc("2026-01-14 11:00:00"), utc("2026-01-15 17:00:00"), 2)
                  + chores(crng, SERVICE, [craig, euan], utc("2026-01-16 09:00:00"), utc("2026-01-16 16:00:00"), 1))
    repo.commit(utc("2026-01-14 15:30:00"), craig, "boards: show 'Cancelled' for cancelled departures (SD-205)", {
        "internal/boards/render.go": sub(repo.files["internal/boards/render.go"],
                                         go('            lines = append(lines, fmt.Sprintf("%-4s %-16s %s", deps[i].Route, deps[i].Headsign, r.when(deps[i].Expected, now)))\n'),
                                         go('            when := r.when(deps[i].Expected, now)\n            if deps[i].Cancelled {\n                when = "Cancelled"\n            }\n            lines = append(lines, fmt.Sprintf("%-4s %-16s %s", deps[i].Route, deps[i].Headsign, when))\n')),
        "internal/feed/fetch.go": sub(repo.files["internal/feed/fetch.go"], go("    Realtime        bool\n"), go("    Realtime        bool\n    Cancelled       bool\n")),
    })
    repo.commit(utc("2026-01-15 11:10:00"), bot, "build(deps): bump github.com/eclipse/paho.golang from 0.21.0 to 0.22.0", {
        "go.mod": sub(repo.files["go.mod"], "github.com/eclipse/paho.golang v0.21.0", "github.com/eclipse/paho.golang v0.22.0"),
    })
    repo.commit(utc("2026-01-15 14:45:00"), fiona, "docs: the sign fleet", {
        "docs/sign-fleet.md": "# The sign fleet\n\n| Model | Where | Power | Link |\n|---|---|---|---|\n| Lumen LX-4 (LED, 68) | town stops | mains (street lighting feed) | LTE-M, Vodafone IoT SIM |\n| Inkwell EP-13S (e-paper, 44) | village stops | 20 W solar panel, 24 Ah LiFePO4 | LTE-M, Vodafone IoT SIM |\n\nBoth connect to mqtt-01 with a persistent session (clean start off) and\nsubscribe to `signs/<id>/board` at QoS 1, so a board published while a\nsign is away is delivered when it reconnects. Both ack the board they show.\n\nThe EP-13S were sized by Inkwell for year-round operation (site survey,\nMarch 2024). Inkwell's portal has their telemetry; ask Fiona or Euan for\naccess.\n",
    })
    fri = repo.commit(utc("2026-01-16 10:20:00"), craig, "boards: order departures by expected time, then route (SD-207)", {
        "internal/boards/render.go": sub(repo.files["internal/boards/render.go"],
                                         go("        sort.Slice(deps, func(i, j int) bool { return deps[i].Expected.Before(deps[j].Expected) })\n"),
                                         go("        sort.SliceStable(deps, func(i, j int) bool {\n            if !deps[i].Expected.Equal(deps[j].Expected) {\n                return deps[i].Expected.Before(deps[j].Expected)\n            }\n            return deps[i].Route < deps[j].Route\n        })\n")),
    })
    repo.commit(utc("2026-01-19 09:30:00"), euan, "runbook: stale signs (SD-210)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Signs showing old times\n\nA sign that does not ack its boards shows whatever it last received.\n\n- One sign: raise a field service ticket (FS) to power-cycle it at the\n  cabinet isolator.\n- Several at once: it is the link. Check the broker on mqtt-01 and the\n  SIMs in the Vodafone IoT portal (Connectivity > Sessions) for an\n  outage in the area, and Vodafone's status page.\n- Right after a stopdisplay-hub deploy: roll back (deploy workflow with\n  the previous `ref`) and check the acks come back.\n",
    })
    repo.commit(utc("2026-01-19 11:45:00"), craig, "signs: log overdue acks per sign (SD-211)\n\nThe fleet line only had a count; Morag asked which stops were stale.", {
        session: sub(repo.files[session],
                     go("    lastAcked     time.Time\n    offline       bool\n}\n"),
                     go("    lastAcked     time.Time\n    offline       bool\n    warnedAt      time.Time\n}\n"),
                     go('''// Sweep marks signs offline that have not been seen for OfflineAfter.
func (s *Session) Sweep(now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    for _, st := range s.states {
'''), go('''// Sweep marks signs offline that have not been seen for OfflineAfter and
// logs signs whose acks are overdue (again every 10 minutes while they are).
func (s *Session) Sweep(now time.Time) {
    s.mu.Lock()
    defer s.mu.Unlock()
    for _, st := range s.states {
        if s.overdue(st, now) && now.Sub(st.warnedAt) > 10*time.Minute {
            st.warnedAt = now
            s.log.Warn("sign ack overdue", "sign", st.sign.ID, "stop", st.sign.StopName, "model", st.sign.Model,
                "version", st.lastVersion, "overdue", now.Sub(st.lastPublished).Round(time.Second))
        }
''')),
    })
    repo.commit(utc("2026-01-19 13:20:00"), fiona, "signs: track acks by board version, not by publish time (SD-213)\n\nA sign counted as overdue only when its last board was more than 90 s\nold, so a sign that never acked was never overdue while its board kept\nchanging (every minute at a busy stop). Keep the unacked versions and\ntheir publish times; a sign is overdue when the oldest is older than\nack_timeout.", {
        session: sub(repo.files[session],
                     go("    lastPublished time.Time\n    lastVersion   uint64\n    lastAcked     time.Time\n"),
                     go("    pending       []published\n    lastAcked     time.Time\n    wasOverdue    bool\n"),
                     go("type Counts struct {\n"), go("type published struct {\n    version uint64\n    at      time.Time\n}\n\ntype Counts struct {\n"),
                     go("        st.lastPublished, st.lastVersion = now, version\n"), go("        st.pending = append(st.pending, published{version, now})\n"),
                     go("        st.lastAcked, st.lastSeen = now, now\n"), go('''        st.lastAcked, st.lastSeen = now, now
        n := 0
        for n < len(st.pending) && st.pending[n].version <= version {
            n++
        }
        if st.wasOverdue && n == len(st.pending) && n > 0 {
            s.log.Info("sign ack caught up", "sign", id, "version", version, "behind", n, "late", now.Sub(st.pending[0].at).Round(time.Second))
        }
        st.pending = st.pending[n:]
        if len(st.pending) == 0 {
            st.wasOverdue = false
        }
'''),
                     go("    return st.lastAcked.Before(st.lastPublished) && now.Sub(st.lastPublished) > s.cfg.AckTimeout\n"),
                     go("    return len(st.pending) > 0 && now.Sub(st.pending[0].at) > s.cfg.AckTimeout\n"),
                     go('''        if s.overdue(st, now) && now.Sub(st.warnedAt) > 10*time.Minute {
            st.warnedAt = now
            s.log.Warn("sign ack overdue", "sign", st.sign.ID, "stop", st.sign.StopName, "model", st.sign.Model,
                "version", st.lastVersion, "overdue", now.Sub(st.lastPublished).Round(time.Second))
        }
'''), go('''        if s.overdue(st, now) && (!st.wasOverdue || now.Sub(st.warnedAt) > 10*time.Minute) {
            st.wasOverdue, st.warnedAt = true, now
            s.log.Warn("sign ack overdue", "sign", st.sign.ID, "stop", st.sign.StopName, "model", st.sign.Model,
                "version", st.pending[0].version, "unacked", len(st.pending), "overdue", now.Sub(st.pending[0].at).Round(time.Second))
        }
''')),
        "internal/signs/session_test.go": go('''package signs

import (
    "io"
    "log/slog"
    "testing"
    "time"

    "github.com/ttbuses/stopdisplay-hub/internal/config"
)

func TestOverdueWhileBoardKeepsChanging(t *testing.T) {
    reg := &Registry{signs: []Sign{{ID: "EP-0101", StopName: "Denholm, The Green", Model: "EP-13S"}}}
    s := NewSession(reg, config.Signs{AckTimeout: 90 * time.Second, OfflineAfter: 20 * time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil)))
    t0 := time.Date(2026, 1, 19, 7, 0, 0, 0, time.UTC)
    for i := 0; i < 5; i++ {
        s.Published("EP-0101", uint64(i+1), t0.Add(time.Duration(i)*time.Minute))
    }
    if c := s.Counts(t0.Add(4*time.Minute + 10*time.Second)); c.Overdue != 1 {
        t.Fatalf("overdue = %d, want 1", c.Overdue)
    }
    s.Acked("EP-0101", 5, t0.Add(5*time.Minute))
    if c := s.Counts(t0.Add(5 * time.Minute)); c.Overdue != 0 {
        t.Fatalf("overdue = %d after ack, want 0", c.Overdue)
    }
}
'''),
    })
    repo.commit(utc("2026-01-19 14:10:00"), bot, "build(deps): bump golang.org/x/net from 0.33.0 to 0.34.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.33.0", "golang.org/x/net v0.34.0"),
    })
    mon = repo.commit(utc("2026-01-19 15:40:00"), euan, "deploy: restart on failure with a 5 s backoff, not in a tight loop", {
        "deploy/systemd/stopdisplay-hub.service": sub(repo.files["deploy/systemd/stopdisplay-hub.service"], "Restart=always\n", "Restart=on-failure\nRestartSec=5s\nStartLimitIntervalSec=300\nStartLimitBurst=10\n"),
    })
    after = repo.commit(utc("2026-01-20 11:22:00"), fiona, "runbook: solar signs in winter (SD-219)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Solar (EP-13S) signs stale in winter\n\nBefore rolling anything back, check the signs' power in Inkwell's portal\n(Events: \"entering power save mode\"). Below 30 % the EP-13S wakes every\n10 minutes and shows boards up to 10 minutes old; below 12 % every hour.\nThe hub cannot change that: ask Inkwell for the winter profile and raise\nFS tickets for battery swaps. On 20 January 2026 ten days of overcast\nweather put more than half of the 44 signs into power save.\n",
    })
    return repo, {"mon": mon, "prev": fri, "after": after}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def hm(text):
    return secs(utc(f"2026-01-20 {text}:00"))


def build_logs(rng, shas, prev_sha):
    hub = Log("stopdisplay-hub.log")
    mq = Log("mosquitto.log")
    ink = Log("inkwell-portal-export.log")
    gha = Log("github-actions-deploy.log")
    fs = Log("field-service-tickets.log")
    teams = Log("teams-passenger-info-ops.log")
    t0, t1 = secs(START), secs(END)
    stats = {"overdue_gauge": {}, "connected": {}, "first_wave_warn": None}

    # --- the signs
    signs = []
    for i, name in enumerate(VILLAGES):
        signs.append({"id": f"EP-{101 + i:04d}", "stop": name, "model": "EP-13S", "serial": f"IW13S-24{rng.choice('ABC')}{rng.randint(1000, 9999)}",
                      "code": f"69000{rng.randint(10000, 99999)}", "rural": True})
    k = 0
    for town, n in TOWNS:
        for j in range(n):
            signs.append({"id": f"LX-{201 + k:04d}", "stop": f"{town}, {TOWN_STOPS[j % len(TOWN_STOPS)]}", "model": "LX-4",
                          "code": f"69000{rng.randint(10000, 99999)}", "rural": False})
            k += 1
    by_stop = {s["stop"]: s for s in signs}

    # --- the EP-13S batteries: SoC and mode over the morning
    wave = {name: hm(t) for name, t in WAVE}

    def night_rate():
        return rng.uniform(1.15, 1.6)

    for s in signs:
        if s["model"] != "EP-13S":
            continue
        rn, rd = night_rate(), rng.uniform(0.15, 0.55)
        s["rn"], s["rd"] = rn, rd
        if s["stop"] in PRE_HIBERNATE:
            s["soc0"], s["mode0"] = PRE_HIBERNATE[s["stop"]], "HIBERNATE"
        elif s["stop"] in PRE_SAVE:
            s["soc0"], s["mode0"] = PRE_SAVE[s["stop"]], "POWER_SAVE"
        elif s["stop"] in wave:
            tc = wave[s["stop"]] + rng.uniform(-40, 40)
            if tc <= secs(SUNRISE):
                s["soc0"] = 29.95 + rn * (tc - t0) / 3600
            else:
                s["soc0"] = 29.95 + rn * (secs(SUNRISE) - t0) / 3600 + rd * (tc - secs(SUNRISE)) / 3600
            s["mode0"] = "NORMAL"
        else:
            s["soc0"], s["mode0"] = rng.uniform(41, 74), "NORMAL"
        s["solar24"] = rng.uniform(3.0, 9.2)
        s["load24"] = rng.uniform(38.0, 47.0)

    def soc_at(s, x):
        """Integrate the drain from t0 to x in 60 s steps with the mode's factor."""
        return s["soc_track"][min(len(s["soc_track"]) - 1, max(0, int((x - t0) // 60)))]

    for s in signs:
        if s["model"] != "EP-13S":
            continue
        soc, mode = s["soc0"], s["mode0"]
        track, modes = [], [(t0 - 86400, mode)]
        x = t0
        while x <= t1 + 120:
            rate = s["rn"] if x < secs(SUNRISE) else s["rd"]
            if x >= secs(PROFILE) + 300 and mode == "NORMAL":
                rate *= 0.6
            factor = {"NORMAL": 1.0, "POWER_SAVE": 0.55, "HIBERNATE": 0.2}[mode]
            soc -= rate * factor / 60.0
            track.append(soc)
            if mode == "NORMAL" and soc < 30.0:
                mode = "POWER_SAVE"
                modes.append((x, mode))
            elif mode == "POWER_SAVE" and soc < 12.0:
                mode = "HIBERNATE"
                modes.append((x, mode))
            x += 60
        s["soc_track"], s["modes"] = track, modes

    def mode_at(s, x):
        if s["model"] != "EP-13S":
            return "MAINS"
        cur = s["modes"][0][1]
        for a, m in s["modes"]:
            if x >= a:
                cur = m
        return cur

    # --- connections: (up, down, how it ended) per sign; wakes in power save and hibernate
    conns = {}
    for s in signs:
        iv = []
        x = t0 - 7200
        if s["model"] == "EP-13S" and s["mode0"] != "NORMAL":
            x += rng.uniform(0, 600 if s["mode0"] == "POWER_SAVE" else 3600)
        while x < t1 + 600:
            m = mode_at(s, x)
            if m in ("NORMAL", "MAINS"):
                nxt = min([c for c, _ in s.get("modes", []) if c > x] + [t1 + 3600])
                a_ = x
                while True:
                    gap_at = a_ + rng.expovariate(1 / (3600 * (8 if m == "NORMAL" else 10)))
                    if gap_at < nxt:
                        iv.append((a_, gap_at, "gap"))
                        a_ = gap_at + rng.uniform(25, 80)
                        continue
                    iv.append((a_, nxt + rng.uniform(2, 6), "clean"))
                    break
                x = nxt + 600 - rng.uniform(0, 40)
                continue
            period = 600 if m == "POWER_SAVE" else 3600
            up = x + rng.uniform(-15, 15)
            iv.append((up, up + rng.uniform(17, 34), "clean"))
            x += period
        conns[s["id"]] = iv

    def connected(sid, x):
        for a, b, _ in conns[sid]:
            if a <= x < b:
                return True
            if a > x:
                return False
        return False

    def next_up(sid, x):
        for a, b, _ in conns[sid]:
            if a <= x < b:
                return x
            if a > x:
                return a
        return None

    # --- hub versions over the morning
    epochs = [(t0 - 86400, "2.9.0", shas["mon"]), (secs(ROLLBACK), "2.8.1", prev_sha), (secs(REDEPLOY), "2.9.0", shas["mon"])]

    def version_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    pids = {0: 1184, 1: 23517, 2: 24980}

    def pid_at(x):
        i = 0
        for k_, e in enumerate(epochs):
            if x >= e[0]:
                i = k_
        return pids[i]

    def hl(x, level, msg, **kv):
        if not t0 <= x < t1:
            return
        t = at(x)
        parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f"msg={json.dumps(msg) if ' ' in msg else msg}"]
        for key, v in kv.items():
            v = str(v)
            parts.append(f"{key}={json.dumps(v) if (' ' in v or '=' in v or ',' in v or v == '') else v}")
        hub.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 sdhub-01 stopdisplay-hub[{pid_at(x)}]: " + " ".join(parts))

    def ml(x, msg):
        if t0 <= x < t1:
            mq.add(at(x), f"{int(x)}: {msg}")

    def cgnat():
        return f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    # mosquitto: connections of the signs
    for s in signs:
        keep = 300 if s["model"] == "EP-13S" else 60
        ivs = conns[s["id"]]
        for n, (a, b, how) in enumerate(ivs):
            addr = f"{cgnat()}:{rng.randint(20000, 60999)}"
            ml(a, f"New connection from {addr} on port 8883.")
            if n > 0 and ivs[n - 1][2] == "gap":
                ml(a + rng.uniform(0.1, 0.6), f"Client {s['id']} already connected, closing old connection.")
            ml(a + rng.uniform(0.7, 1.4), f"New client connected from {addr} as {s['id']} (p5, c0, k{keep}, u'{s['id']}').")
            if how == "clean" and b < t1:
                ml(b, f"Client {s['id']} disconnected.")
    x = t0 + (1800 - (t0 % 1800)) + 11
    while x < t1:
        ml(x, "Saving in-memory database to /var/lib/mosquitto/mosquitto.db.")
        x += 1800

    # --- the hub: cycles every 30 s, boards, acks, sweeps
    restarts = [secs(ROLLBACK), secs(REDEPLOY)]
    down = [(r - 0.4, r + 2.2) for r in restarts]
    for r, (ver, sha) in zip(restarts, [("2.8.1", prev_sha), ("2.9.0", shas["mon"])]):
        ml(r - 0.3, "Client stopdisplay-hub-sdhub-01 disconnected.")
        port = rng.randint(40000, 60000)
        ml(r + 1.1, f"New connection from 10.20.4.11:{port} on port 8883.")
        ml(r + 1.2, f"New client connected from 10.20.4.11:{port} as stopdisplay-hub-sdhub-01 (p5, c1, k30, u'stopdisplay-hub').")
        hl(r + 0.6, "INFO", "starting stopdisplay-hub", version=ver, commit=sha[:7], signs=len(signs))
        hl(r + 1.3, "INFO", "connected to broker", url="mqtts://mqtt-01.tt-buses.internal:8883", client_id="stopdisplay-hub-sdhub-01")

    def service_p(s, x):
        if x < secs(SERVICE_START):
            return 0.004
        return 0.26 if s["rural"] else 0.5

    state = {s["id"]: {"pending": [], "last_pub": None, "last_pub_v": 0, "last_ack": None, "was_over": False, "warned": -1e18,
                       "offline": False, "last_seen": t0 - 30, "version": rng.randint(15000, 29000)} for s in signs}
    acks = []    # (x, sid, version)
    wake_ack = {}
    warm = t0 - 7200     # the hub has been running; replay from two hours before the window
    cycle = warm + 4.6
    while cycle < t1:
        if any(a <= cycle < b for a, b in down):
            cycle += 30
            continue
        entities = 0 if cycle < secs(SERVICE_START) - 600 else int(18 + 22 * min(1.0, (cycle - secs(SERVICE_START)) / 5400) + rng.randint(-3, 3))
        hl(cycle, "INFO", "gtfs-rt fetched", entities=entities, age=f"{rng.randint(4, 27)}s")
        changed = 0
        restart_burst = any(0 < cycle - r < 31 for r in restarts)
        for s in signs:
            if restart_burst or rng.random() < service_p(s, cycle):
                st = state[s["id"]]
                st["version"] += 1
                pub = cycle + rng.uniform(0.01, 0.12)
                st["pending"].append((st["version"], pub))
                st["last_pub"], st["last_pub_v"] = pub, st["version"]
                changed += 1
                # when does the sign ack it (or a later one)?
                up = next_up(s["id"], pub)
                if up is None:
                    continue
                if up == pub:
                    lat = rng.uniform(1.5, 11.0)
                    if s["stop"] in SLOW_ACK and rng.random() < 0.06:
                        lat = rng.uniform(95, 210)
                    acks.append((pub + lat, s["id"], st["version"]))
                else:
                    if (s["id"], up) not in wake_ack:
                        wake_ack[(s["id"], up)] = up + rng.uniform(2.5, 8.0)
                    acks.append((wake_ack[(s["id"], up)], s["id"], st["version"]))
        took = rng.randint(38, 96) if changed < 90 else rng.randint(140, 260)
        hl(cycle + took / 1000 + 0.15, "INFO", "boards published", signs=len(signs), changed=changed, took=f"{took}ms")
        cycle += 30

    # process acks and sweeps in time order
    acks.sort()
    # an ack of a later version supersedes; only the latest queued board is acked at a wake
    ack_by_sign = {}
    for x, sid, v in acks:
        ack_by_sign.setdefault(sid, []).append((x, v))
    merged = []
    for sid, lst in ack_by_sign.items():
        lst.sort()
        i = 0
        while i < len(lst):
            j = i
            while j + 1 < len(lst) and abs(lst[j + 1][0] - lst[i][0]) < 0.5:
                j += 1
            merged.append((lst[j][0], sid, max(v for _, v in lst[i:j + 1])))
            i = j + 1
    merged.sort()

    # re-run the session: publishes (from state pending lists) and acks
    events = []
    for s in signs:
        for v, p in state[s["id"]]["pending"]:
            events.append((p, 0, s["id"], v))
    for x, sid, v in merged:
        events.append((x, 1, sid, v))
    # tickers run from each process start: sweeps every 15 s, the fleet line every 5 min
    starts = [warm - 3.3] + [r + 0.6 for r in restarts]
    ends = [r + 0.6 for r in restarts] + [t1]
    for a_, b_ in zip(starts, ends):
        sweep = a_ + 15
        while sweep < b_:
            events.append((sweep, 2, "", 0))
            sweep += 15
        fleet = a_ + 300
        while fleet < b_:
            events.append((fleet, 3, "", 0))
            fleet += 300
    for r in restarts:
        events.append((r, 4, "", 0))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    sess = {s["id"]: {"pending": [], "last_pub": -1e18, "last_ack": -1e18, "was_over": False, "warned": -1e18,
                      "offline": False, "last_seen": warm, "version": 0} for s in signs}

    def is_over(ss, x, ver):
        if ver == "2.8.1":
            return ss["last_ack"] < ss["last_pub"] and x - ss["last_pub"] > 90
        return bool(ss["pending"]) and x - ss["pending"][0][1] > 90

    conn_prev = {s["id"]: connected(s["id"], warm) for s in signs}
    for x, kind, sid, v in events:
        ver = version_at(x)[1]
        if kind == 0:
            ss = sess[sid]
            ss["pending"].append((v, x))
            ss["last_pub"] = x
        elif kind == 1:
            ss = sess[sid]
            ss["last_ack"] = x
            ss["last_seen"] = x
            n = 0
            while n < len(ss["pending"]) and ss["pending"][n][0] <= v:
                n += 1
            if ver == "2.9.0" and ss["was_over"] and n == len(ss["pending"]) and n > 0:
                hl(x + 0.01, "INFO", "sign ack caught up", sign=sid, version=v, behind=n, late=f"{int(x - ss['pending'][0][1])}s")
            ss["pending"] = ss["pending"][n:]
            if not ss["pending"]:
                ss["was_over"] = False
        elif kind == 2:
            for s in signs:
                sid2 = s["id"]
                ss = sess[sid2]
                up = connected(sid2, x)
                if up and not conn_prev[sid2]:
                    ss["last_seen"] = x
                    if ss["offline"]:
                        ss["offline"] = False
                        hl(x + 0.02, "INFO", "sign back online", sign=sid2, stop=s["stop"])
                if up:
                    ss["last_seen"] = x
                conn_prev[sid2] = up
                if ver == "2.9.0" and is_over(ss, x, ver) and (not ss["was_over"] or x - ss["warned"] > 600):
                    ss["was_over"], ss["warned"] = True, x
                    hl(x + 0.03, "WARN", "sign ack overdue", sign=sid2, stop=s["stop"], model=s["model"], version=ss["pending"][0][0],
                       unacked=len(ss["pending"]), overdue=f"{int(x - ss['pending'][0][1])}s")
                    if s["stop"] in wave and stats["first_wave_warn"] is None and mode_at(s, x) == "POWER_SAVE":
                        stats["first_wave_warn"] = x
                if not up and not ss["offline"] and x - ss["last_seen"] > 1200:
                    ss["offline"] = True
                    hl(x + 0.04, "WARN", "sign offline", sign=sid2, stop=s["stop"], last_seen=at(ss["last_seen"]).strftime("%Y-%m-%dT%H:%M:%SZ"))
        elif kind == 3:
            if any(a <= x < b for a, b in down) or x < t0:
                continue
            nconn = sum(1 for s in signs if connected(s["id"], x))
            nover = sum(1 for s in signs if is_over(sess[s["id"]], x, ver))
            noff = sum(1 for s in signs if sess[s["id"]]["offline"])
            stats["overdue_gauge"][int(x // 60) * 60] = nover
            stats["connected"][int(x // 60) * 60] = (sum(1 for s in signs if s["model"] == "EP-13S" and connected(s["id"], x)),
                                                    sum(1 for s in signs if s["model"] == "LX-4" and connected(s["id"], x)))
            hl(x, "INFO", "fleet", connected=nconn, ack_overdue=nover, offline=noff)
        elif kind == 4:
            for ss in sess.values():
                ss.update({"pending": [], "last_pub": -1e18, "last_ack": -1e18, "was_over": False, "warned": -1e18})

    # routine hub noise
    for _ in range(5):
        x = rng.uniform(t0, t1)
        hl(x, "WARN", "gtfs-rt fetch failed", err="Get \"https://rt.ttbuses.net/gtfs-rt/trip-updates\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
    for _ in range(3):
        x = rng.uniform(t0, t1)
        hl(x, "WARN", "ack for unknown version", sign=rng.choice(["LX-0231", "LX-0247"]), version=rng.randint(100, 999))

    # --- Inkwell portal export: status reports and events of the EP-13S
    def soc_v(soc):
        return round(12.35 + 0.0125 * soc + rng.uniform(-0.02, 0.02), 2)

    def temp(x):
        h = (x - t0) / 3600
        return round(-4.4 + max(0.0, h - 3.5) * 0.9 + rng.uniform(-0.6, 0.6), 1)

    def inkline(x, s, kind, **kv):
        if not t0 <= x < t1:
            return
        t = at(x)
        body = {"received_at": f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", "device_id": s["id"], "serial": s["serial"],
                "site": s["stop"], "kind": kind}
        body.update(kv)
        ink.add(t, json.dumps(body, ensure_ascii=False))

    profile_at = {}
    for s in signs:
        if s["model"] != "EP-13S":
            continue
        # events at mode changes
        for a, m in s["modes"][1:]:
            soc = soc_at(s, a)
            if m == "POWER_SAVE":
                inkline(a + rng.uniform(0.5, 3), s, "event", code="PWR_SAVE_ENTER", severity="warning",
                        message=f"Low battery: entering power save mode (SoC {int(soc)}%)", soc_pct=int(soc), batt_v=soc_v(soc))
            else:
                inkline(a + rng.uniform(0.5, 3), s, "event", code="PWR_HIBERNATE_ENTER", severity="critical",
                        message=f"Battery critical: entering hibernate mode (SoC {int(soc)}%)", soc_pct=int(soc), batt_v=soc_v(soc))
        # the winter profile, when Inkwell pushes it: at the next connection after 10:15
        for a, b, _ in conns[s["id"]]:
            if b > secs(PROFILE):
                px = max(a, secs(PROFILE) + rng.uniform(10, 200)) + rng.uniform(2, 6)
                if px < b + 1 or mode_at(s, a + 1) != "NORMAL":
                    profile_at[s["id"]] = px
                    inkline(px, s, "event", code="CONFIG_APPLIED", severity="info",
                            message="Configuration profile 'winter-2026' applied (front light off 22:00-06:00, heater setpoint -5 C, refresh 120 s)")
                    break
        # status: every 15 min while normal, at every wake otherwise
        report_times = []
        for a, b, _ in conns[s["id"]]:
            if mode_at(s, a + 1) == "NORMAL":
                x = max(a, t0) + rng.uniform(0, 900)
                while x < min(b, t1):
                    report_times.append(x)
                    x += 900
            else:
                report_times.append(a + rng.uniform(3, 9))
        heater = True
        for x in sorted(report_times):
            soc = soc_at(s, x)
            m = mode_at(s, x)
            tc = temp(x)
            setpoint = -5.0 if x >= profile_at.get(s["id"], 1e18) else 0.0
            heater = tc < setpoint and m != "HIBERNATE"
            solar_w = 0.0 if x < secs(SUNRISE) else round(rng.uniform(0.2, 2.4), 1)
            inkline(x, s, "status", mode=m, soc_pct=round(soc, 1), batt_v=soc_v(soc), solar_w=solar_w, solar_wh_24h=round(s["solar24"] + rng.uniform(-0.2, 0.2), 1),
                    load_wh_24h=round(s["load24"] * (1.0 if m == "NORMAL" else 0.62) + rng.uniform(-0.3, 0.3), 1), panel_temp_c=tc,
                    heater="on" if heater else "off", rsrp_dbm=rng.randint(-118, -92), fw="4.1.7")
        # heater switching (routine)
        for _ in range(rng.randint(0, 2)):
            x = rng.uniform(t0, t1)
            inkline(x, s, "event", code="HEATER", severity="info", message=f"Display heater {'on' if rng.random() < 0.6 else 'off'} (panel {temp(x)} C)")

    # --- GitHub Actions deploy runs
    def gh(x, text):
        t = at(x)
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(x_start, number, actor, version, sha, ref_note, pid):
        gh(x_start, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) version={version}{ref_note}")
        gh(x_start + 2.9, f"HEAD is now at {sha[:7]}")
        gh(x_start + 4.0, f"+ go build -trimpath -ldflags \"-X main.version={version} -X main.commit={sha[:7]}\" -o dist/stopdisplay-hub ./cmd/stopdisplay-hub")
        gh(x_start + 31.2, "+ scp dist/stopdisplay-hub deploy@sdhub-01.tt-buses.internal:/opt/stopdisplay-hub/bin/stopdisplay-hub.new")
        gh(x_start + 34.8, "+ ssh deploy@sdhub-01.tt-buses.internal 'sudo mv ... && sudo systemctl restart stopdisplay-hub && systemctl status --no-pager stopdisplay-hub'")
        restart_at = at(x_start + 36.0)
        gh(x_start + 36.6, "● stopdisplay-hub.service - Teviot & Tweed stop display hub")
        gh(x_start + 36.7, f"     Active: active (running) since {restart_at.strftime('%a %Y-%m-%d %H:%M:%S')} UTC; 531ms ago")
        gh(x_start + 36.8, f"   Main PID: {pid} (stopdisplay-hub)")
        gh(x_start + 37.0, "##[endgroup]")

    run(secs(MON_DEPLOY) - 36, 44, "euan-scott", "2.9.0", shas["mon"], "", 1184)
    run(secs(ROLLBACK) - 36, 45, "euan-scott", "2.8.1", prev_sha, f" ref={prev_sha[:7]}", 23517)
    run(secs(REDEPLOY) - 36, 46, "euan-scott", "2.9.0", shas["mon"], "", 24980)

    # --- field service tickets
    def ticket(t, tid, event, **kv):
        body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": tid, "event": event}
        body.update(kv)
        fs.add(t, json.dumps(body, ensure_ascii=False))

    yet = by_stop["Town Yetholm, Main St"]
    den = by_stop["Denholm, The Green"]
    ticket(utc("2026-01-19 09:12:40"), "FS-5521", "created", asset=yet["id"], site=yet["stop"], priority="P3", by="morag.elliot",
           summary="Sign showing old times since Saturday (passenger phoned)")
    ticket(utc("2026-01-19 14:06:15"), "FS-5521", "visit", engineer="callum.rutherford", note="Sign powered, display showing Saturday afternoon's board. Power-cycled at the cabinet isolator; sign came up and showed current times.")
    ticket(utc("2026-01-19 14:09:02"), "FS-5521", "closed", resolution="Rebooted")
    ticket(utc("2026-01-20 07:05:31"), "FS-5530", "created", asset=den["id"], site=den["stop"], priority="P2", by="morag.elliot",
           summary="Driver on the 68: sign showed the 06:10 as Due at 06:48")
    ticket(utc("2026-01-20 08:26:48"), "FS-5531", "created", asset=by_stop["Morebattle"]["id"], site="Morebattle", priority="P3", by="morag.elliot",
           summary="Sign times 8 minutes behind (driver)")
    den_soc = soc_at(den, hm("09:00"))
    ticket(utc("2026-01-20 09:03:10"), "FS-5530", "visit", engineer="callum.rutherford",
           note=f"Service menu: POWER SAVE, battery {soc_v(den_soc):.1f} V, SoC {int(den_soc)} %, heater on, panel frosted. No sun since the 10th. Not rebooted.")
    for n, stop in enumerate(["Chesters", "Town Yetholm, Main St", "Bonchester Bridge"]):
        ticket(utc("2026-01-20 11:04:20") + dt.timedelta(seconds=40 * n), f"FS-55{34 + n}", "created", asset=by_stop[stop]["id"], site=stop,
               priority="P2", by="euan.scott", summary="Battery swap (Inkwell: energy deficit, hibernate/power save)")

    # --- Teams #passenger-info-ops
    def say(x, who, text):
        t = at(x + rng.uniform(0, 0.9))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "passenger-info-ops",
                                 "from": who, "body": text}, ensure_ascii=False))

    first = stats["first_wave_warn"]
    say(secs(MON_DEPLOY) - 300, "Euan Scott", "deploying stopdisplay-hub 2.9.0: acks tracked by board version (SD-213), a warning per overdue sign (SD-211), x/net bump, systemd restart backoff")
    say(secs(MON_DEPLOY) + 180, "Euan Scott", "2.9.0 out. a few 'sign ack overdue' already, Yetholm, Bonchester and Ettrickbridge, the valley ones")
    say(hm("06:53"), "Morag Elliot (control)", "Driver on the 68 says the sign at Denholm Green showed the 06:10 as Due when he passed at 06:48. Raised FS-5530")
    say(hm("07:29"), "Morag Elliot (control)", "Ancrum and Hobkirk too, both a few minutes behind")
    n_over = sum(1 for s in signs if any(m == "POWER_SAVE" and a < hm("07:33") for a, m in s.get("modes", [])[1:]) or s["stop"] in PRE_SAVE)
    say(hm("07:34"), "Euan Scott", f"looking. stopdisplay-hub has 'sign ack overdue' for about {n_over} signs since {at(first).strftime('%H:%M')}, then 'sign ack caught up ... behind=' when they come back. 2.9.0 went out yesterday 16:25 with SD-213, ack tracking by version, and SD-211 which is this warning")
    say(hm("07:44"), "Euan Scott", "runbook says it's the link: mosquitto shows those signs connecting every ~10 min for half a minute and disconnecting. Vodafone IoT portal: every SIM attached, sessions normal, no alarms in the Borders")
    say(hm("07:57"), "Euan Scott", "runbook again: right after a deploy, roll back. rolling back to 2.8.1 (deploy #45, ref " + prev_sha[:7] + ")")
    before_rb = [v for k_, v in sorted(stats["overdue_gauge"].items()) if k_ < secs(ROLLBACK)][-1]
    after_rb = [v for k_, v in sorted(stats["overdue_gauge"].items()) if k_ > secs(ROLLBACK)][:2]
    say(secs(ROLLBACK) + 640, "Euan Scott", f"2.8.1 running since 08:07. fleet line ack_overdue went from {before_rb} to {after_rb[0]}, then {after_rb[1]}. maybe it was the version tracking after all")
    say(hm("08:21"), "Morag Elliot (control)", "Denholm and Ancrum still showing old times, and now Morebattle. FS-5531")
    say(hm("08:29"), "Fiona Laidlaw", "2.8.1 only calls a sign overdue when its last board is more than 90 s old, so a sign whose board changes every minute never counts. that's what SD-213 fixed; the signs are no better. every overdue sign is an EP-13S, none of the LX-4s. they ack only when they connect, every ~10 min, like Yetholm and co. since the weekend")
    say(hm("08:41"), "Euan Scott", "Callum is on his way past Denholm, asked him to look at the sign before anyone reboots it")
    say(hm("09:04"), "Callum Rutherford (field)", f"Denholm: service menu says POWER SAVE, battery {soc_v(den_soc):.1f} V, SoC {int(den_soc)} %. Heater on, panel frosted, -3 on the van. Hasn't seen sun since the 10th")
    n_save = sum(1 for s in signs if any(m == "POWER_SAVE" and a < hm("09:12") for a, m in s.get("modes", [])[1:]))
    say(hm("09:13"), "Fiona Laidlaw", f"Inkwell portal event export: 'Low battery: entering power save mode' for {n_save} signs since {at(min(a for s in signs for a, m in s.get('modes', [])[1:] if m == 'POWER_SAVE')).strftime('%H:%M')} this morning, plus the three from the weekend, and Chesters hibernating since Monday ('entering hibernate mode'). solar_wh_24h 3-9 Wh, load_wh_24h 38-47 Wh. power save = wakes every 10 min, hibernate every 60. nothing we do changes that")
    say(hm("09:20"), "Euan Scott", "raising it with Inkwell support (P2). Yetholm's 'reboot fixed it' on Monday was just the reboot making it fetch once")
    say(hm("09:51"), "Euan Scott", "Inkwell: the Borders EP-13S fleet has been in energy deficit since ~10 Jan (overcast, and heater on below 0 degC). They recommend their winter profile: front light off 22:00-06:00, heater setpoint -5 C, refresh 120 s, and can push it now. Signs go back to normal mode above 35 %. Hibernating ones need a battery swap or a sunny week")
    say(hm("10:12"), "Euan Scott", "approved, Inkwell pushing 'winter-2026' to all 44 EP-13S")
    say(secs(REDEPLOY) - 150, "Euan Scott", "redeploying 2.9.0, the rollback did nothing for the signs and 2.9.0 counts overdue properly")
    say(hm("10:49"), "Morag Elliot (control)", "website and app banner up: 'Live times at some village stops may be up to 10 minutes old'. Drivers told")
    say(hm("11:06"), "Callum Rutherford (field)", "battery swaps booked for Chesters, Town Yetholm and Bonchester Bridge (FS-5534..5536), 3 charged batteries in Hawick stores")
    say(hm("11:24"), "Fiona Laidlaw", "SD-219: runbook section for solar signs in winter. closing the incident as external (weather/power), review on Thursday")

    stats["signs"] = signs
    stats["n_wave"] = sum(1 for s in signs if any(m == "POWER_SAVE" for _, m in s.get("modes", [])[1:]))
    stats["n_hib"] = sum(1 for s in signs if s.get("mode0") == "HIBERNATE" or any(m == "HIBERNATE" for _, m in s.get("modes", [])[1:]))
    return [hub, mq, ink, gha, fs, teams], stats


def build(out_dir):
    rng = random.Random(57200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas, shas["prev"])
        onset = at(stats["first_wave_warn"]).replace(microsecond=0)
        assert utc("2026-01-20 05:58:00") <= onset <= utc("2026-01-20 06:15:00"), onset
        gauge, conn = stats["overdue_gauge"], stats["connected"]

        def last(series, idx=None):
            def fn(t):
                m = int(t.timestamp() // 60) * 60
                keys = [k for k in series if k <= m]
                if not keys:
                    return None
                v = series[max(keys)]
                return v if idx is None else v[idx]
            return fn

        metrics = {
            "stopdisplay_signs_ack_overdue.json": query_range(
                [({"__name__": "stopdisplay_signs_ack_overdue", "instance": "sdhub-01:9102", "job": "stopdisplay-hub"}, last(gauge))], START, END, 60),
            "stopdisplay_signs_connected.json": query_range(
                [({"__name__": "stopdisplay_signs_connected", "instance": "sdhub-01:9102", "job": "stopdisplay-hub", "model": "EP-13S"}, last(conn, 0)),
                 ({"__name__": "stopdisplay_signs_connected", "instance": "sdhub-01:9102", "job": "stopdisplay-hub", "model": "LX-4"}, last(conn, 1))],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="r57-solar-sign-gloom-none", service=SERVICE, onset=onset,
            description=f"""
Stop display signs at Teviot & Tweed's village stops show departure
times up to ten minutes old on Tuesday 20 January: from {onset.strftime('%H:%M:%S')} UTC
one e-paper sign after another stops acknowledging its boards for minutes
at a time (stopdisplay-hub: "sign ack overdue", then "sign ack caught
up"), and drivers and passengers report stale signs. A stopdisplay-hub
release had gone out the afternoon before; it was rolled back at 08:07
without effect on the signs and deployed again at 10:41. The town LED
signs, the feed and the broker were fine.
""",
            logs=logs,
            line_formats={
                "stopdisplay-hub.log": r'<Date> <Host> <Proc>\[<Pid>\]: time=<Time> level=<Level> <Content>',
                "mosquitto.log": r'<Time>: <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'entering power save mode',
                r'entering hibernate mode',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Three weeks of overcast January weather in the
Borders (no sun since the 10th, frost at night) left the Inkwell EP-13S
solar e-paper signs in an energy deficit: 3-9 Wh a day from the panel
against 38-47 Wh for the display heater, the front light and the modem.
As their batteries fell below 30 % in the night and morning, their
firmware entered power save ("Low battery: entering power save mode
(SoC 29%)" in Inkwell's portal export, {stats['n_wave']} signs in the window besides
the three that had been in power save since the weekend), in which the
modem wakes every 10 minutes and takes the boards queued in the broker;
below 12 % hibernate ("Battery critical: entering hibernate mode",
every 60 minutes). The hub published every board as before; the signs
acked only at their wakes ("sign ack overdue", "sign ack caught up ...
behind=..."), and showed boards up to ten minutes old. Only EP-13S signs
were affected; the mains LX-4 signs, the feed, the broker and the SIMs
were fine. The remedy was Inkwell's winter profile (pushed from its
portal at 10:15) and battery swaps: nothing in this repository.
Decoys: the 2.9.0 release the afternoon before (SD-213, ack tracking by
board version, in the very session code; SD-211, which adds the very
"sign ack overdue" warning; an x/net bump; a systemd restart policy),
rolled back at 08:07 to 2.8.1, whose older overdue count (last ack
before last publish and the last publish 90 s old) halves the fleet
line's ack_overdue while the signs stay stale, and deployed again at
10:41; the runbook commit (SD-210) that blames the cellular link and
says to roll back after a deploy; the docs commit that says the signs
were sized for year-round operation; SD-205 and SD-207 to the boards,
the paho bump; Monday's field ticket that "fixed" Town Yetholm's sign by
power-cycling it; routine slow acks from signs in poor coverage
(Teviothead, Cranshaws, Hawick Hospital), LX-4 keepalive timeouts, feed
fetch timeouts and acks for unknown versions.
""",
        )
    finally:
        repo.close()
