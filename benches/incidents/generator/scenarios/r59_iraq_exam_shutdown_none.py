"""arena-sessions (Go 1.22; three pods on GKE in me-central1, deployed
continuously by Argo CD: CI builds an image for every push to `main` and
Argo CD Image Updater writes the new tag back; team in Amman, Cairo and
Istanbul, all UTC+3) of Qamar Interactive, whose 5v5 mobile battle game
Oasis Arena is played mostly in the Middle East, Iraq being its largest
market. The matchmaker (another service) forms matches; arena-sessions
allocates a game server for each from the Agones fleet in me-central1,
tracks who is connected from the game servers' events, keeps a player's
slot for a reconnect window after a disconnect, marks a ranked player who
does not come back as a leaver and applies the leaver penalty (MMR and a
ranked ban that grows with each offence), abandons a match whose team
falls below three connected players for a minute, and asks the matchmaker
to backfill casual matches. The live-ops console can suppress penalties
for a region or country and a time window (used for server maintenance).

Iraq's Ministry of Communications cuts the country's internet nationwide
on ministerial exam mornings, 06:00-08:00 Baghdad time (03:00-05:00 UTC),
except the Kurdistan Region, whose networks stay up; the 2026 sixth-grade
preparatory exams start on Sunday 14 June. Nobody at Qamar is told. At
02:59:52 UTC Earthlink's subscribers go dark, then ScopeSky, Asiacell and
Zain's by 03:01. Every federal-Iraq player in a match (165) times out at the
game servers ("Client 4 timed out (no packets for 10.0s)"), arena-sessions
logs each disconnect, two minutes later marks each ranked one a leaver and
applies a penalty, and 16 of the 60 matches running in me-central1 are
abandoned; the anti-cheat team's lag-switch rule flags 132 of the players
for review. From 03:04 matches in me-central1 only have players from elsewhere
and from Kurdistan (Korek, IQ Networks, Newroz), and the ranked pool is a
third smaller. Cloudflare Radar's notification about Iraq (to the NOC
channel) comes at 03:24; NetBlocks posts at 03:19.

The on-call finds the alert at 03:08, sees the night's automatic deploy at
02:31 (a Renovate bump of the Agones SDK) and Thursday's release 3.18.0
(SES-311 cut the ranked reconnect window from 180 s to 120 s; SES-309 logs
each leaver penalty, the very line that filled the log; SES-312 backfills
casual leavers), follows the runbook ("abandon spike: game server crashes
or our reconnect settings; roll back") and rolls back to 3.17.4 at 03:22.
The abandon rate is normal afterwards, so the rollback seems to have
helped; the spike had ended at 03:04. At 05:00 Iraq comes back, logins
from Iraqi networks surge, players with a second or third offence find
their ranked ban, and support gets tickets in Arabic about the exam
shutdown; the product manager remembers last June's exam season. The
on-call sees every leaver of the spike was in Iraq outside Kurdistan.
Live-ops pardons the 03:00-03:10 penalties for Iraq at 05:26 with the
existing admin endpoint, schedules a penalty suppression window for Iraq
on every exam day in the live-ops console, and the deploy is synced again
at 05:41. Nothing in arena-sessions caused it or changes for it.

Sources: arena-sessions (slog JSON), the me-central1 game servers (Unity
dedicated server logs with the Agones game server name, line format),
the API gateway (ingress-nginx JSON access log with GeoIP2 country and
network), matchmaker (logfmt), anti-cheat (Logback), Argo CD (logrus
text), the NOC webhook relay (JSON: Cloudflare Radar notifications),
#live-oncall (Slack export, JSON lines), Zendesk tickets (webhook JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "arena-sessions"
START, END = utc("2026-06-14 01:30:00"), utc("2026-06-14 06:30:00")
NIGHT_SYNC = utc("2026-06-14 02:31:04")
ROLLBACK = utc("2026-06-14 03:22:40")
PARDON = utc("2026-06-14 05:26:30")
RESYNC = utc("2026-06-14 05:41:10")
REGION = "me-central1"

# network, country, share of the region's players, cut, restored (None: stays up)
NETWORKS = [
    ("Earthlink Telecommunications Equipment Trading & Services DMCC", "IQ", 0.115, "02:59:52", "05:00:41", "37.238"),
    ("Asiacell Communications PJSC", "IQ", 0.095, "03:00:31", "05:01:55", "5.62"),
    ("Atheer Telecom Iraq Limited", "IQ", 0.085, "03:01:08", "05:02:36", "151.236"),
    ("ScopeSky Communication and Internet Ltd.", "IQ", 0.028, "03:00:05", "05:00:58", "185.117"),
    ("Korek Telecom Company LLC", "IQ", 0.030, None, None, "185.33"),
    ("Newroz Telecom Ltd.", "IQ", 0.016, None, None, "149.40"),
    ("IQ Networks", "IQ", 0.014, None, None, "37.236"),
    ("Saudi Telecom Company JSC", "SA", 0.150, None, None, "95.218"),
    ("Mobily (Etihad Etisalat)", "SA", 0.075, None, None, "188.54"),
    ("Zain Saudi Arabia", "SA", 0.040, None, None, "176.47"),
    ("Kuwait Telecommunications Company", "KW", 0.055, None, None, "37.39"),
    ("Orange Jordan", "JO", 0.040, None, None, "176.29"),
    ("Umniah Mobile Company PLC", "JO", 0.028, None, None, "46.185"),
    ("Telecom Egypt", "EG", 0.050, None, None, "41.44"),
    ("Emirates Integrated Telecommunications Company PJSC", "AE", 0.040, None, None, "94.204"),
    ("Syrian Telecom", "SY", 0.030, None, None, "5.0"),
    ("Ooredoo Q.S.C.", "QA", 0.020, None, None, "37.208"),
    ("Batelco", "BH", 0.018, None, None, "37.131"),
    ("Omantel", "OM", 0.016, None, None, "5.36"),
    ("Ogero", "LB", 0.015, None, None, "185.89"),
]
MAPS = ["Dunes_02", "Oasis_Ruins", "Canyon_Gate", "Salt_Flats", "Citadel_01"]


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def secs(t):
    return t.timestamp()


def day(hms):
    return secs(utc(f"2026-06-14 {hms}"))


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


def dur(seconds):
    """Go's time.Duration String() for whole and fractional seconds."""
    seconds = round(seconds, 1)
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    sec = f"{s:.1f}".rstrip("0").rstrip(".") if s != int(s) else str(int(s))
    if h:
        return f"{h}h{m}m{sec}s"
    if m:
        return f"{m}m{sec}s"
    return f"{sec}s"


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/qamar-interactive/arena-sessions

go 1.22

require (
	agones.dev/agones v1.41.0
	github.com/prometheus/client_golang v1.19.1
	github.com/redis/go-redis/v9 v9.5.3
	google.golang.org/grpc v1.64.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

CONFIG_GO = go('''package config

import (
    "os"
    "time"

    "gopkg.in/yaml.v3"
)

type Config struct {
    Addr       string     `yaml:"addr"`
    Region     string     `yaml:"region"`
    Sessions   Sessions   `yaml:"sessions"`
    Penalties  Penalties  `yaml:"penalties"`
    Redis      Redis      `yaml:"redis"`
    Agones     Agones     `yaml:"agones"`
    Matchmaker Matchmaker `yaml:"matchmaker"`
}

type Sessions struct {
    ReconnectWindow map[string]time.Duration `yaml:"reconnect_window"` // by mode
    Abandon         struct {
        MinConnectedPerTeam int           `yaml:"min_connected_per_team"`
        Grace               time.Duration `yaml:"grace"`
    } `yaml:"abandon"`
}

type Step struct {
    MMR int           `yaml:"mmr"`
    Ban time.Duration `yaml:"ban"`
}

type Penalties struct {
    Ladder       []Step        `yaml:"ladder"`
    OffenceDecay time.Duration `yaml:"offence_decay"`
    // Suppression windows (region, country, from, to) come from the live-ops
    // console at run time, not from this file.
    SuppressionURL string `yaml:"suppression_url"`
}

type Redis struct {
    Addr string `yaml:"addr"`
}

type Agones struct {
    Allocator string `yaml:"allocator"`
    Namespace string `yaml:"namespace"`
}

type Matchmaker struct {
    BackfillAddr string `yaml:"backfill_addr"`
}

func Load(path string) (*Config, error) {
    raw, err := os.ReadFile(path)
    if err != nil {
        return nil, err
    }
    cfg := &Config{Addr: ":8080"}
    return cfg, yaml.Unmarshal(raw, cfg)
}
''')

PROD_YAML = """addr: ":8080"
region: me-central1
sessions:
  reconnect_window:
    ranked: 180s
    casual: 60s
  abandon:
    min_connected_per_team: 3
    grace: 60s
penalties:
  ladder:
    - { mmr: -25, ban: 30m }
    - { mmr: -25, ban: 2h }
    - { mmr: -50, ban: 24h }
  offence_decay: 168h
  suppression_url: http://liveops-config.liveops.svc:8080/v1/suppressions/penalties
redis:
  addr: sessions-redis.arena.svc:6379
agones:
  allocator: agones-allocator.agones-system.svc:443
  namespace: gameservers
matchmaker:
  backfill_addr: matchmaker.arena.svc:50504
"""

MAIN = go('''package main

import (
    "log/slog"
    "net/http"
    "os"

    "github.com/qamar-interactive/arena-sessions/internal/allocate"
    "github.com/qamar-interactive/arena-sessions/internal/api"
    "github.com/qamar-interactive/arena-sessions/internal/config"
    "github.com/qamar-interactive/arena-sessions/internal/sessions"
)

var version, commit = "dev", "none"

func main() {
    log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
    cfg, err := config.Load(os.Getenv("CONFIG_PATH"))
    if err != nil {
        log.Error("config", "err", err)
        os.Exit(1)
    }
    log.Info("starting arena-sessions", "version", version, "commit", commit, "addr", cfg.Addr)
    alloc, err := allocate.New(cfg.Agones, log)
    if err != nil {
        log.Error("agones allocator", "err", err)
        os.Exit(1)
    }
    tracker := sessions.NewTracker(cfg, log)
    go tracker.ReportStats()
    mux := http.NewServeMux()
    api.Register(mux, alloc, tracker, log)
    if err := http.ListenAndServe(cfg.Addr, mux); err != nil {
        log.Error("server stopped", "err", err)
        os.Exit(1)
    }
}
''')

TRACKER_V1 = go('''package sessions

import (
    "context"
    "log/slog"
    "sync"
    "time"

    "github.com/qamar-interactive/arena-sessions/internal/config"
)

// Tracker follows who is connected to each running match, from the game
// servers' events (POST /internal/v1/matches/{id}/events). A player who
// disconnects keeps the slot for the mode's reconnect window; one who does
// not come back is a leaver. A team with fewer than
// min_connected_per_team players for the abandon grace ends the match.
type Tracker struct {
    cfg       *config.Config
    log       *slog.Logger
    penalties *Penalties
    mu        sync.Mutex
    matches   map[string]*Match
}

func NewTracker(cfg *config.Config, log *slog.Logger) *Tracker {
    return &Tracker{cfg: cfg, log: log, penalties: NewPenalties(cfg.Penalties, log), matches: map[string]*Match{}}
}

func (t *Tracker) Disconnected(ctx context.Context, m *Match, p *Player, reason string) {
    window := t.cfg.Sessions.ReconnectWindow[m.Mode]
    t.log.Info("player disconnected", "match", m.ID, "player", p.ID, "mode", m.Mode, "reason", reason, "country", p.Country, "window", window)
    t.mu.Lock()
    p.DisconnectedAt = time.Now()
    t.mu.Unlock()
    time.AfterFunc(window, func() { t.windowExpired(context.Background(), m, p) })
    t.checkTeam(m, p.Team)
}

func (t *Tracker) Reconnected(m *Match, p *Player) {
    t.mu.Lock()
    away := time.Since(p.DisconnectedAt)
    p.DisconnectedAt = time.Time{}
    t.mu.Unlock()
    t.log.Info("player reconnected", "match", m.ID, "player", p.ID, "after", away.Round(100*time.Millisecond))
}

func (t *Tracker) windowExpired(ctx context.Context, m *Match, p *Player) {
    t.mu.Lock()
    gone := !p.DisconnectedAt.IsZero()
    t.mu.Unlock()
    if !gone {
        return
    }
    t.log.Warn("reconnect window expired, player marked as leaver", "match", m.ID, "player", p.ID, "mode", m.Mode,
        "window", t.cfg.Sessions.ReconnectWindow[m.Mode])
    if m.Mode == "ranked" {
        t.penalties.Apply(ctx, m, p)
    }
}

func (t *Tracker) checkTeam(m *Match, team string) {
    min, grace := t.cfg.Sessions.Abandon.MinConnectedPerTeam, t.cfg.Sessions.Abandon.Grace
    if m.Connected(team) >= min {
        return
    }
    time.AfterFunc(grace, func() {
        if n := m.Connected(team); n < min && m.Running() {
            t.log.Warn("match abandoned: team below minimum", "match", m.ID, "team", team, "connected", n, "min", min)
            m.Abandon()
        }
    })
}

// ReportStats logs the region's running matches and connected players every minute.
func (t *Tracker) ReportStats() {
    for range time.Tick(time.Minute) {
        t.mu.Lock()
        matches, players := len(t.matches), 0
        for _, m := range t.matches {
            players += m.ConnectedAll()
        }
        t.mu.Unlock()
        t.log.Info("session stats", "region", t.cfg.Region, "active_matches", matches, "players_connected", players)
    }
}
''')

PENALTIES_V1 = go('''package sessions

import (
    "context"
    "log/slog"

    "github.com/qamar-interactive/arena-sessions/internal/config"
)

// Penalties applies the leaver ladder: the n-th offence within
// offence_decay costs Ladder[n].MMR and bans the player from ranked for
// Ladder[n].Ban, unless a live-ops suppression window covers the match's
// region or the player's country.
type Penalties struct {
    cfg         config.Penalties
    log         *slog.Logger
    suppression *Suppressions
    store       *Store
}

func NewPenalties(cfg config.Penalties, log *slog.Logger) *Penalties {
    return &Penalties{cfg: cfg, log: log, suppression: NewSuppressions(cfg.SuppressionURL), store: NewStore()}
}

func (p *Penalties) Apply(ctx context.Context, m *Match, pl *Player) {
    if p.suppression.Covers(m.Region, pl.Country, m.StartedAt) {
        return
    }
    n := p.store.RecordOffence(ctx, pl.ID, p.cfg.OffenceDecay)
    step := p.cfg.Ladder[min(n, len(p.cfg.Ladder))-1]
    p.store.AdjustMMR(ctx, pl.ID, step.MMR)
    p.store.Ban(ctx, pl.ID, "ranked", step.Ban)
}

// Pardon undoes a penalty (admin endpoint, live-ops).
func (p *Penalties) Pardon(ctx context.Context, playerID, matchID, by, batch string) error {
    if err := p.store.UndoOffence(ctx, playerID, matchID); err != nil {
        return err
    }
    p.log.Info("leaver penalty pardoned", "player", playerID, "match", matchID, "by", by, "batch", batch)
    return nil
}
''')

RUNBOOK_V1 = """# arena-sessions runbook

Owner: #team-arena. Dashboards: Grafana > Arena > Sessions, Arena > Fleet.

## ArenaAllocationFailures

GameServerAllocation answers UnAllocated: the fleet has no Ready game
servers. Check the fleet autoscaler's buffer and the node pool (platform,
#gke-platform).

## RankedAbandonRateHigh

More than 10 % of ranked matches in a region abandoned over 10 minutes.
Look at the game servers' logs for crashes first.
"""


def build_repo():
    repo = Repo()
    omar = Person("Omar Khalil", "omar.khalil@qamar.games", 180)
    nour = Person("Nour El-Sayed", "nour.elsayed@qamar.games", 180)
    ahmet = Person("Ahmet Yılmaz", "ahmet.yilmaz@qamar.games", 180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    updater = Person("argocd-image-updater", "noreply@argoproj.io", 0)
    tr = "internal/sessions/tracker.go"
    files = {
        "go.mod": GO_MOD,
        "cmd/arena-sessions/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        tr: TRACKER_V1,
        "internal/sessions/penalties.go": PENALTIES_V1,
        "internal/allocate/agones.go": go('''package allocate

import (
    "context"
    "log/slog"

    allocationv1 "agones.dev/agones/pkg/apis/allocation/v1"

    "github.com/qamar-interactive/arena-sessions/internal/config"
)

// Allocator asks Agones' allocator service for a Ready game server of the
// mode's fleet in our region.
type Allocator struct {
    cfg config.Agones
    log *slog.Logger
}

func New(cfg config.Agones, log *slog.Logger) (*Allocator, error) {
    log.Info("agones allocator client ready", "endpoint", cfg.Allocator)
    return &Allocator{cfg: cfg, log: log}, nil
}

func (a *Allocator) Allocate(ctx context.Context, matchID, mode string) (*allocationv1.GameServerAllocation, error) {
    gsa := &allocationv1.GameServerAllocation{}
    gsa.Spec.Selectors = []allocationv1.GameServerSelector{{LabelSelector: fleetSelector(mode)}}
    return a.send(ctx, gsa)
}
'''),
        "config/production.yaml": PROD_YAML,
        "deploy/overlays/production/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: arena\nresources:\n  - ../../base\nconfigMapGenerator:\n  - name: arena-sessions-config\n    files: [../../../config/production.yaml]\n",
        "deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: arena-sessions\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: arena-sessions }\n  template:\n    metadata:\n      labels: { app: arena-sessions }\n    spec:\n      containers:\n        - name: arena-sessions\n          image: me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions\n          env:\n            - { name: CONFIG_PATH, value: /etc/arena/production.yaml }\n          volumeMounts:\n            - { name: config, mountPath: /etc/arena }\n      volumes:\n        - name: config\n          configMap: { name: arena-sessions-config }\n",
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n",
        "deploy/argocd/application.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: arena-sessions\n  namespace: argocd\n  annotations:\n    argocd-image-updater.argoproj.io/image-list: app=me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions\n    argocd-image-updater.argoproj.io/app.update-strategy: latest\n    argocd-image-updater.argoproj.io/app.allow-tags: regexp:^main-[0-9a-f]{7}$\n    argocd-image-updater.argoproj.io/write-back-method: git\nspec:\n  project: arena\n  source:\n    repoURL: git@github.com:qamar-interactive/arena-sessions.git\n    path: deploy/overlays/production\n    targetRevision: main\n  destination: { server: https://kubernetes.default.svc, namespace: arena }\n  syncPolicy:\n    automated: { prune: true, selfHeal: true }\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n    paths-ignore: ['docs/**', '**.md']\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        with: { fetch-depth: 0 }\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.22' }\n      - run: go test ./...\n      - if: github.ref == 'refs/heads/main'\n        run: make image push VERSION=$(git describe --tags) TAG=main-${GITHUB_SHA::7}\n",
        "Makefile": "IMAGE := me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions\n\nimage:\n\tdocker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(TAG) -t $(IMAGE):$(TAG) .\n\npush:\n\tdocker push $(IMAGE):$(TAG)\n",
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nARG COMMIT=none\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o /out/arena-sessions ./cmd/arena-sessions\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/arena-sessions /arena-sessions\nENTRYPOINT [\"/arena-sessions\"]\n",
        "renovate.json": '{\n  "extends": ["config:recommended"],\n  "schedule": ["after 1am and before 4am"],\n  "timezone": "UTC",\n  "packageRules": [{"matchUpdateTypes": ["minor", "patch"], "automerge": true}]\n}\n',
        "README.md": "# arena-sessions\n\nOasis Arena's match sessions in one region: allocates game servers\n(Agones), tracks who is connected, reconnect windows, leavers and their\npenalties, abandoned matches, casual backfill.\n\nEvery push to `main` is built and deployed (Argo CD Image Updater).\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 3.17.0\n\n- Penalty suppression windows from the live-ops console.\n",
    }
    repo.commit(utc("2026-06-08 06:30:00"), omar, "arena-sessions: own repository (from the game-backend monorepo at 3.17.0)", files)
    crng = random.Random(59203)
    repo.schedule(chores(crng, SERVICE, [omar, nour, ahmet], utc("2026-06-08 07:00:00"), utc("2026-06-10 13:00:00"), 3))

    repo.commit(utc("2026-06-09 08:20:00"), nour, "tests: a player back inside the window is not a leaver (SES-301)", {
        "internal/sessions/tracker_test.go": go('''package sessions

import (
    "context"
    "testing"
    "time"
)

func TestReconnectInsideWindowIsNotALeaver(t *testing.T) {
    tr, clock := newTestTracker(t, map[string]time.Duration{"ranked": time.Minute})
    m, p := tr.startTestMatch("ranked"), "p_test1"
    tr.Disconnected(context.Background(), m, m.Player(p), "timeout")
    clock.Advance(40 * time.Second)
    tr.Reconnected(m, m.Player(p))
    clock.Advance(time.Minute)
    if tr.penalties.store.Offences(p) != 0 {
        t.Fatal("penalised a player who came back")
    }
}
'''),
    })
    repo.commit(utc("2026-06-10 09:10:00"), ahmet, "allocate: retry a GameServerAllocation once when the fleet answers UnAllocated (SES-303)", {
        "internal/allocate/agones.go": sub(repo.files["internal/allocate/agones.go"], go('''    return a.send(ctx, gsa)
}'''), go('''    res, err := a.send(ctx, gsa)
    if err == nil && res.Status.State == allocationv1.GameServerAllocationUnAllocated {
        // the fleet autoscaler adds a Ready server within a few seconds
        time.Sleep(2 * time.Second)
        res, err = a.send(ctx, gsa)
    }
    return res, err
}'''), '\t"log/slog"\n', '\t"log/slog"\n\t"time"\n'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.17.4\n\n- SES-303: retry an UnAllocated allocation once.\n"),
    })
    repo._git("tag", "v3.17.4", repo.shas[-1])
    v3174 = repo.commit(utc("2026-06-10 09:24:00"), updater, "build: automatic update of arena-sessions", {
        "deploy/overlays/production/.argocd-source-arena-sessions.yaml": "kustomize:\n  images:\n  - me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions:main-" + repo.shas[-1][:7] + "\n",
    })
    cfgp = "config/production.yaml"
    repo.commit(utc("2026-06-11 07:45:00"), omar, "sessions: ranked reconnect window 180s -> 120s (SES-311)\n\nA team plays 4v5 for three minutes before a leaver counts; players hate\nit more than losing the leaver's slot. 92 % of ranked reconnects in May\nwere within 90 s (Grafana, Arena > Sessions > reconnect delay).", {
        cfgp: sub(repo.files[cfgp], "    ranked: 180s\n", "    ranked: 120s\n"),
    })
    repo.commit(utc("2026-06-11 08:30:00"), nour, "penalties: log each leaver penalty with its MMR, ban and offence (SES-309)\n\nSupport could not tell a player why they were banned from ranked.", {
        "internal/sessions/penalties.go": sub(repo.files["internal/sessions/penalties.go"], go('''    p.store.Ban(ctx, pl.ID, "ranked", step.Ban)
}'''), go('''    p.store.Ban(ctx, pl.ID, "ranked", step.Ban)
    p.log.Info("leaver penalty applied", "match", m.ID, "player", pl.ID, "country", pl.Country,
        "mmr_delta", step.MMR, "ranked_ban", step.Ban, "offence", n)
}''')),
    })
    repo.commit(utc("2026-06-11 09:15:00"), ahmet, "sessions: ask the matchmaker to backfill a casual leaver's slot (SES-312)", {
        tr: sub(repo.files[tr], go('''    if m.Mode == "ranked" {
        t.penalties.Apply(ctx, m, p)
    }
}'''), go('''    if m.Mode == "ranked" {
        t.penalties.Apply(ctx, m, p)
        return
    }
    if m.Running() {
        t.log.Info("backfill requested", "match", m.ID, "team", p.Team, "slots", 1)
        t.backfill.Request(ctx, m.ID, p.Team, 1)
    }
}'''), go('''    penalties *Penalties
'''), go('''    penalties *Penalties
    backfill  *Backfill
'''), go('''    return &Tracker{cfg: cfg, log: log, penalties: NewPenalties(cfg.Penalties, log), matches: map[string]*Match{}}'''),
            go('''    return &Tracker{cfg: cfg, log: log, penalties: NewPenalties(cfg.Penalties, log), backfill: NewBackfill(cfg.Matchmaker),
        matches: map[string]*Match{}}''')),
        "internal/sessions/backfill.go": go('''package sessions

import (
    "context"

    "github.com/qamar-interactive/arena-sessions/internal/config"
)

// Backfill creates a backfill ticket on the matchmaker (Open Match) for a
// casual match's empty slots.
type Backfill struct {
    addr string
}

func NewBackfill(cfg config.Matchmaker) *Backfill { return &Backfill{addr: cfg.BackfillAddr} }

func (b *Backfill) Request(ctx context.Context, matchID, team string, slots int) error {
    return b.create(ctx, matchID, team, slots)
}
'''),
    })
    repo.commit(utc("2026-06-11 10:05:00"), omar, "release 3.18.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.18.0\n\n- SES-311: ranked reconnect window 120 s.\n- SES-309: leaver penalties logged.\n- SES-312: casual backfill for leavers.\n"),
    })
    repo._git("tag", "v3.18.0", repo.shas[-1])
    v3180 = repo.commit(utc("2026-06-11 10:17:00"), updater, "build: automatic update of arena-sessions", {
        "deploy/overlays/production/.argocd-source-arena-sessions.yaml": "kustomize:\n  images:\n  - me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions:main-" + repo.shas[-1][:7] + "\n",
    })
    repo.commit(utc("2026-06-11 11:40:00"), nour, "runbook: abandon-rate spikes (SES-315)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
### What an abandon spike usually is

- Game servers crashing or being evicted (fleet dashboard: Shutdown
  without a match end; node pool pre-emptions).
- Our reconnect or heartbeat settings: players who would have come back
  counted as leavers. If a change to `sessions:` or the Agones SDK went out
  in the last hours, roll back arena-sessions first (Argo CD: disable
  auto-sync, History and Rollback), then look.
- Penalties from a spike can be pardoned in bulk from the live-ops
  console (`POST /admin/v1/penalties/pardon`).
""",
    })
    repo.commit(utc("2026-06-11 12:55:00"), ahmet, "docs: reconnect windows, leavers and the penalty ladder", {
        "docs/leavers.md": """# Leavers

- A disconnected player keeps the slot for the mode's reconnect window
  (ranked 120 s, casual 60 s). The game servers report a disconnect after
  10 s without packets.
- Not back in time: a leaver. Ranked: the n-th offence in 7 days costs
  25/25/50 MMR and a 30 min / 2 h / 24 h ranked ban. Casual: the slot is
  backfilled.
- A team with fewer than 3 connected players for 60 s ends the match
  (abandoned; no MMR change for those who stayed).
- Live-ops can suppress penalties for a region or a country over a time
  window (server maintenance, a provider outage) and pardon in bulk.
""",
    })
    repo.commit(utc("2026-06-14 02:14:00"), bot, "fix(deps): update module agones.dev/agones to v1.42.0", {
        "go.mod": sub(repo.files["go.mod"], "agones.dev/agones v1.41.0", "agones.dev/agones v1.42.0"),
    })
    night = repo.commit(utc("2026-06-14 02:21:00"), updater, "build: automatic update of arena-sessions", {
        "deploy/overlays/production/.argocd-source-arena-sessions.yaml": "kustomize:\n  images:\n  - me-central1-docker.pkg.dev/qamar-prod/arena/arena-sessions:main-" + repo.shas[-1][:7] + "\n",
    })
    renovate_sha = repo.shas[-2]
    versions = {
        "v3174": ("v3.17.4", "main-" + repo._git("rev-parse", "v3.17.4")[:7]),
        "v3180": ("v3.18.0", "main-" + repo._git("rev-parse", "v3.18.0")[:7]),
        "night": (repo._git("describe", "--tags", renovate_sha), "main-" + renovate_sha[:7]),
    }
    # after the incident: the runbook learns about exam shutdowns
    repo.commit(utc("2026-06-14 06:12:00"), omar, "runbook: national internet shutdowns (Iraq's exam season)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
### A country drops off at once

Iraq cuts its internet nationwide on ministerial exam mornings in June and
July (06:00-08:00 Baghdad, 03:00-05:00 UTC; not the Kurdistan Region).
Every Iraqi player in a match times out at the same minute. Check the
gateway's requests by country and NetBlocks / Cloudflare Radar before
rolling anything back; live-ops schedules a penalty suppression window
for IQ on exam days and pardons what was applied.
""",
    })
    return repo, {"v3174": v3174, "v3180": v3180, "night": night, "renovate": renovate_sha, "versions": versions}


# ---------------------------------------------------------------------------
# the morning

B32 = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CUT = {n[0]: (day(n[3]), day(n[4])) for n in NETWORKS if n[3]}
NET = {n[0]: n for n in NETWORKS}


def online_share(x):
    return 1.0 - sum(n[2] for n in NETWORKS if n[0] in CUT and CUT[n[0]][0] <= x < CUT[n[0]][1])


def concurrency(x):
    """Matches running in me-central1 with every network up (04:30-09:30 Baghdad)."""
    a, b = day("01:30:00"), day("06:30:00")
    f = (x - a) / (b - a)
    return 60 + 36 * f * f + 8 * f


def build_logs(rng, shas):
    sess, ds, gw, mm, ac, argo, noc, slack, zd = (Log("arena-sessions.log"), Log("gameservers-me-central1.log"), Log("gateway-access.log"),
                                                  Log("matchmaker.log"), Log("anti-cheat.log"), Log("argocd-application-controller.log"),
                                                  Log("noc-webhook-relay.log"), Log("slack-live-oncall.log"), Log("zendesk-tickets.log"))
    t0, t1 = secs(START), secs(END)
    stats = {"cut_timeouts": [], "leavers": [], "penalised": [], "abandoned": [], "starts": {}, "reviews": 0, "cut_reviews": 0, "backfills": []}

    def player():
        return "p_" + "".join(rng.choice(B32) for _ in range(8))

    # --- arena-sessions pods and versions
    def rs_pods(rs):
        return [f"arena-sessions-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]

    vers = shas["versions"]
    night_pods = rs_pods("6f9d4c7b8")
    epochs = [(t0 - 86400 * 3, rs_pods("58c7b9d64"), vers["v3180"]), (secs(NIGHT_SYNC) + 13, night_pods, vers["night"]),
              (secs(ROLLBACK) + 11, rs_pods("7b5f8d96c"), vers["v3174"]), (secs(RESYNC) + 12, rs_pods("6f9d4c7b8"), vers["night"])]

    def epoch(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0] + 30:
                cur = e
        return cur

    def v318(x):
        return epoch(x)[2][0].startswith("v3.18")

    def window(x, mode):
        return 60.0 if mode == "casual" else (120.0 if v318(x) else 180.0)

    def slog_time(x):
        t = at(x)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 999):03d}Z"

    def slog(x, level, msg, **kv):
        if not t0 <= x < t1:
            return
        body = {"time": slog_time(x), "level": level, "msg": msg}
        body.update(kv)
        sess.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    for e in epochs[1:]:
        x0, pods, (ver, commit) = e
        for k, pod in enumerate(pods):
            st = x0 + k * 24 + rng.uniform(0, 3)
            slog(st, "INFO", "starting arena-sessions", version=ver, commit=commit, addr=":8080", pod=pod)
            slog(st + 0.04, "INFO", "agones allocator client ready", endpoint="agones-allocator.agones-system.svc:443", pod=pod)
            slog(st + 0.05, "INFO", "config loaded", ranked_reconnect_window="2m0s" if ver.startswith("v3.18") else "3m0s",
                 casual_reconnect_window="1m0s", abandon_grace="1m0s", pod=pod)

    # --- game servers
    def dlog(x, gs, level, comp, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        ds.add(t, f"[{gs}] {t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{level}] [{comp}] {msg}")

    # --- anti-cheat (Logback)
    def aclog(x, level, thread, logger, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        ac.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    # --- matches
    def start_rate(x):
        return concurrency(x) * online_share(x) / 14.5

    fleets = {"ranked": "oasis-ranked-me-k7v2q", "casual": "oasis-casual-me-p4m8x"}
    prior = {}
    running = []    # (start, end, players connected timeline) for stats
    x = t0 - 1500
    starts = []
    while x < t1:
        lam = start_rate(x) / 60.0
        x += rng.expovariate(lam)
        starts.append(x)
    for s in starts:
        if s >= t1:
            break
        mode = "ranked" if rng.random() < 0.68 else "casual"
        mid = "m_" + hexid(rng, 16)
        gs = f"{fleets[mode]}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
        D = rng.uniform(660, 1140) if mode == "ranked" else rng.uniform(480, 840)
        nets = [n for n in NETWORKS if not (n[0] in CUT and CUT[n[0]][0] <= s < CUT[n[0]][1])]
        weights = [(n[2], n) for n in nets]
        players = []
        for k in range(10):
            total = sum(w for w, _ in weights)
            r = rng.uniform(0, total)
            for w, n in weights:
                r -= w
                if r <= 0:
                    break
            ipa = f"{n[5]}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            players.append({"id": player(), "net": n[0], "country": n[1], "ip": ipa, "port": rng.randint(30000, 62000),
                            "team": "A" if k < 5 else "B", "client": k + 1})
        stats["starts"].setdefault(mode, []).append(s)
        slog(s, "INFO", "match allocated", match=mid, mode=mode, region=REGION, gameserver=gs, players=10, pod=rng.choice(epoch(s)[1]))
        dlog(s + rng.uniform(0.4, 0.9), gs, "Info", "Match", f"Match {mid} started: 10 players, mode={mode}, map={rng.choice(MAPS)}")
        # each player's disconnect, if any: (ds time, reason, back at or None, cut?)
        events = []
        for p in players:
            ev = None
            r = rng.random()
            if r < 0.025:
                ev = (s + rng.uniform(60, D - 30), "quit", None, False)
            elif r < 0.058:
                back = rng.uniform(12, 95) if rng.random() < 0.62 else None
                t_out = s + rng.uniform(60, D - 30)
                ev = (t_out, "timeout", None if back is None else t_out + back, False)
            if p["net"] in CUT:
                c = CUT[p["net"]][0]
                if s < c < s + D and not (ev and ev[1] == "quit" and ev[0] < c):
                    ev = (c + rng.uniform(0.2, 2.2) + 10.0, "timeout", None, True)
            if ev:
                events.append((ev[0], p, ev[1], ev[2], ev[3]))
        events.sort(key=lambda e: e[0])
        # abandonment: a team under 3 connected for 60 s
        end = s + D
        abandon = None
        for team in ("A", "B"):
            changes = []
            for t_, p, reason, back, cut in events:
                if p["team"] == team:
                    changes.append((t_, -1))
                    if back is not None:
                        changes.append((back, +1))
            changes.sort()
            conn = 5
            below_since = None
            for t_, d in changes:
                if below_since is not None and t_ >= below_since + 60:
                    break
                conn += d
                if conn < 3 and below_since is None:
                    below_since = t_
                elif conn >= 3:
                    below_since = None
            if below_since is not None and below_since + 60 < end and (abandon is None or below_since + 60 < abandon[0]):
                abandon = (below_since + 60, team, 5 + sum(d for t_, d in changes if t_ <= below_since + 60))
        if abandon:
            end = abandon[0]
        for t_, p, reason, back, cut in events:
            if t_ >= end:
                continue
            if reason == "timeout":
                dlog(t_, gs, "Warning", "Transport", f"Client {p['client']} timed out (no packets for 10.0s) endpoint={p['ip']}:{p['port']} player={p['id']}")
            else:
                dlog(t_, gs, "Info", "Transport", f"Client {p['client']} disconnected (quit) player={p['id']}")
            if cut:
                stats["cut_timeouts"].append((t_, p["id"], p["net"], mode))
            w = window(t_, mode)
            pod = rng.choice(epoch(t_)[1])
            slog(t_ + rng.uniform(0.03, 0.12), "INFO", "player disconnected", match=mid, player=p["id"], mode=mode, reason=reason,
                 country=p["country"], window=dur(w), pod=pod)
            if back is not None and back < end and back - t_ < w:
                dlog(back, gs, "Info", "Transport", f"Client {p['client']} reconnected endpoint={p['ip']}:{rng.randint(30000, 62000)} player={p['id']}")
                slog(back + rng.uniform(0.03, 0.12), "INFO", "player reconnected", match=mid, player=p["id"], after=dur(back - t_), pod=pod)
                continue
            # telemetry gap (ranked, no packets for 30 s)
            if reason == "timeout" and mode == "ranked":
                gx = t_ - 10.0 + 30.0 + rng.uniform(0.1, 1.2)
                if gx < (back or 1e18):
                    aclog(gx, "WARN", f"gap-detector-{rng.randint(1, 4)}", "c.q.anticheat.rules.LagSwitchRule",
                          f"LS-2 telemetry gap {30.0 + rng.uniform(0.0, 1.1):.1f}s in ranked match={mid} player={p['id']} last_rtt={rng.randint(38, 140)}ms verdict=REVIEW")
                    if t0 <= gx < t1:
                        stats["reviews"] += 1
                        stats["cut_reviews"] += 1 if cut else 0
            ex = t_ + w + rng.uniform(0.0, 0.05)
            slog(ex, "WARN", "reconnect window expired, player marked as leaver", match=mid, player=p["id"], mode=mode, window=dur(w), pod=pod)
            stats["leavers"].append((ex, p["id"], p["country"], p["net"], mode, cut))
            if mode == "ranked":
                n = min(3, prior.setdefault(p["id"], rng.choice([0] * 16 + [1] * 3 + [2])) + 1)
                mmr, ban = [(-25, 1800), (-25, 7200), (-50, 86400)][n - 1]
                if v318(ex):
                    slog(ex + 0.002, "INFO", "leaver penalty applied", match=mid, player=p["id"], country=p["country"], mmr_delta=mmr,
                         ranked_ban=dur(ban), offence=n, pod=pod)
                stats["penalised"].append((ex, p["id"], p["country"], p["net"], mid, n, ban, cut))
            elif v318(ex) and ex < end:
                slog(ex + 0.002, "INFO", "backfill requested", match=mid, team=p["team"], slots=1, pod=pod)
                stats["backfills"].append(ex)
        if abandon:
            slog(end, "WARN", "match abandoned: team below minimum", match=mid, team=abandon[1], connected=abandon[2], min=3,
                 pod=rng.choice(epoch(end)[1]))
            dlog(end + rng.uniform(0.05, 0.3), gs, "Warning", "Match", f"Match {mid} aborted by backend: abandoned (team {abandon[1]} below minimum)")
            slog(end + 0.01, "INFO", "match closed", match=mid, mode=mode, reason="abandoned", mmr_updates=0, pod=rng.choice(epoch(end)[1]))
            if t0 <= end < t1:
                stats["abandoned"].append((end, mid, mode))
        else:
            winner = rng.choice("AB")
            dlog(end, gs, "Info", "Match", f"Match {mid} ended: winner={winner} duration={dur(end - s)}")
            slog(end + rng.uniform(0.05, 0.2), "INFO", "match closed", match=mid, mode=mode, reason="completed", winner=winner,
                 duration=dur(end - s), mmr_updates=10 if mode == "ranked" else 0, pod=rng.choice(epoch(end)[1]))
        dlog(end + rng.uniform(2.0, 4.0), gs, "Info", "Agones", "SDK Shutdown() called, exiting")
        away = [(t_, min(end, back) if back is not None and back - t_ < window(t_, mode) else end) for t_, p, reason, back, cut in events if t_ < end]
        running.append((s, end, away))

    # session stats every minute (one pod)
    x = t0 + rng.uniform(5, 55)
    while x < t1:
        live_m = [r for r in running if r[0] <= x < r[1]]
        n = len(live_m)
        conn = sum(10 - sum(1 for a, b in r[2] if a <= x < b) for r in live_m)
        slog(x, "INFO", "session stats", region=REGION, active_matches=n, players_connected=conn, pod=epoch(x)[1][0])
        x += 60 + rng.uniform(-0.02, 0.02)

    # pardons by live-ops for the spike's Iraqi penalties
    pard = [p for p in stats["penalised"] if p[7]]
    for k, (ex, pid, country, net, mid, n, ban, cut) in enumerate(sorted(pard)):
        slog(secs(PARDON) + k * 0.041 + rng.uniform(0, 0.01), "INFO", "leaver penalty pardoned", player=pid, match=mid, by="liveops:yousef.haddad",
             batch="pardon-20260614-iq-exam", pod=epoch(secs(PARDON))[1][0])
    slog(secs(PARDON) + 540, "INFO", "penalty suppressions loaded", count=15, next="2026-06-15T02:55:00Z/2026-06-15T05:15:00Z country=IQ",
         pod=epoch(secs(PARDON) + 540)[1][0])
    stats["pardoned"] = len(pard)

    # anti-cheat routine and the review queue
    x = t0 + rng.uniform(1, 20)
    while x < t1:
        n = sum(1 for r in running if r[0] <= x < r[1])
        for c in (1, 2):
            aclog(x + c * 0.31, "INFO", f"telemetry-consumer-{c}", "c.q.anticheat.ingest.BatchConsumer",
                  f"ingested {int(n * 10 * 60 * 4.1 / 2 * rng.uniform(0.95, 1.05))} events from {int(n * 5 * rng.uniform(0.97, 1.0))} sessions, lag {rng.randint(180, 900)}ms")
        x += 60 + rng.uniform(-0.05, 0.05)
    spike = sorted(t for t, _, _, m in stats["cut_timeouts"] if m == "ranked")
    if spike:
        q = spike[min(len(spike) - 1, 100)] + 30
        aclog(q, "WARN", "review-router", "c.q.anticheat.review.ReviewQueue", "review queue 100 pending (threshold 100), auto-escalation to bans paused")
        aclog(day("05:48:20"), "INFO", "review-admin", "c.q.anticheat.review.ReviewQueue",
              f"bulk dismissed {stats['cut_reviews']} reviews (batch=iq-exam-20260614, by=lina.farouk), auto-escalation resumed")

    # --- matchmaker pools
    def mlog(x, level, msg, **kv):
        if not t0 <= x < t1:
            return
        t = at(x)
        parts = [f"ts={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f"msg={json.dumps(msg) if ' ' in msg else msg}"]
        parts += [f"{k}={json.dumps(str(v)) if ' ' in str(v) else v}" for k, v in kv.items()]
        mm.add(t, " ".join(parts))

    x = t0 + rng.uniform(0, 30)
    while x < t1:
        for mode, share in (("ranked", 0.68), ("casual", 0.32)):
            made = sum(1 for s in stats["starts"].get(mode, []) if x - 30 <= s < x)
            tickets = int(concurrency(x) * online_share(x) * 1.9 * share * rng.uniform(0.85, 1.15))
            wait = int(rng.uniform(18, 45) / max(0.4, online_share(x)) ** (2.2 if mode == "ranked" else 1.0))
            mlog(x, "info", "pool stats", pool=f"{REGION}/{mode}", tickets=tickets, oldest_wait=f"{wait}s", matches_30s=made)
        x += 30
    for b in stats["backfills"]:
        mlog(b + rng.uniform(0.02, 0.1), "info", "backfill ticket created", pool=f"{REGION}/casual", slots=1)
    bans = {}
    for ex, pid, country, net, mid, n, ban, cut in stats["penalised"]:
        bans[pid] = (ex + ban, net, cut)

    # --- gateway access (ingress-nginx JSON with GeoIP2)
    paths = [(0.18, ("POST", "/v1/auth/session", 200, "arena-auth-8080")), (0.27, ("POST", "/v1/matchmaking/tickets", 201, "arena-matchmaker-8080")),
             (0.25, ("GET", "/v1/matchmaking/tickets/{id}", 200, "arena-matchmaker-8080")), (0.16, ("GET", "/v1/profile/me", 200, "arena-profile-8080")),
             (0.09, ("GET", "/v1/store/offers", 200, "arena-store-8080")), (0.05, ("POST", "/v1/friends/presence", 204, "arena-social-8080"))]
    devices = ["Android 13; SM-A145F", "Android 14; SM-A155F", "Android 12; Redmi 10C", "Android 14; Infinix X6833B", "Android 13; TECNO KI7",
               "iOS 17.5.1; iPhone12,1", "iOS 18.5; iPhone14,7", "Android 14; SM-S921B", "Android 13; vivo 1938"]

    def glog(x, net, method, uri, status, upstream):
        if not t0 <= x < t1:
            return
        n = NET[net]
        t = at(x)
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "remote_addr": f"{n[5]}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                "country": n[1], "asn_org": n[0], "method": method, "uri": uri.replace("{id}", "tk_" + hexid(rng, 10)), "status": status,
                "bytes_sent": rng.randint(90, 900) if status < 400 else 112, "request_time": round(rng.uniform(0.004, 0.06), 3), "upstream": upstream,
                "user_agent": f"OasisArena/{rng.choice(['2.9.4', '2.9.4', '2.9.4', '2.9.3'])} ({rng.choice(devices)})", "request_id": hexid(rng, 32)}
        gw.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    x = t0
    while x < t1:
        x += rng.expovariate(concurrency(x) * online_share(x) * 0.34 / 60.0)
        nets = [n for n in NETWORKS if not (n[0] in CUT and CUT[n[0]][0] <= x < CUT[n[0]][1])]
        total = sum(n[2] for n in nets)
        r = rng.uniform(0, total)
        for n in nets:
            r -= n[2]
            if r <= 0:
                break
        method, uri, status, up = pick(rng, paths)
        glog(x, n[0], method, uri, status, up)
    # Iraq comes back: logins and queueing, some into a ranked ban
    surge = 0
    for net, (c, rst) in CUT.items():
        for _ in range(int(2600 * NET[net][2])):
            y = rst + rng.expovariate(1 / 170.0)
            glog(y, net, "POST", "/v1/auth/session", 200, "arena-auth-8080")
            surge += 1
            if rng.random() < 0.5:
                glog(y + rng.uniform(2, 20), net, "GET", "/v1/profile/me", 200, "arena-profile-8080")
    for pid, (until, net, cut) in bans.items():
        if not cut:
            continue
        rst = CUT[net][1]
        y = rst + rng.uniform(40, 900)
        if y < until:
            glog(y, net, "POST", "/v1/matchmaking/tickets", 403, "arena-matchmaker-8080")
            mlog(y + 0.01, "warn", "ticket rejected: ranked ban active", player=pid, pool=f"{REGION}/ranked", ban_left=dur(int(until - y)))
    stats["surge"] = surge

    # --- Argo CD
    def alog(x, msg, **kv):
        if not t0 <= x < t1:
            return
        parts = [f'time="{at(x).strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f"msg={json.dumps(msg)}", "application=argocd/arena-sessions"]
        parts += [f"{k}={json.dumps(v) if ' ' in str(v) else v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    x = t0 + rng.uniform(10, 170)
    while x < t1:
        alog(x, "Reconciliation completed", **{"dest-namespace": "arena", "dest-server": "https://kubernetes.default.svc", "fields.level": 0, "time_ms": rng.randint(60, 190)})
        x += 180 + rng.uniform(-0.5, 1.5)
    alog(secs(NIGHT_SYNC) - 610, "Refreshing app status (controller refresh requested), level (2)", **{"dest-namespace": "arena"})
    alog(secs(NIGHT_SYNC) - 3, "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(NIGHT_SYNC), f"Initiated automated sync to '{shas['night']}'", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationStarted"})
    alog(secs(NIGHT_SYNC) + 1, f"Sync operation to {shas['night']} succeeded", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationCompleted"})
    alog(secs(NIGHT_SYNC) + 2, "Updated health status: Healthy -> Progressing", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(NIGHT_SYNC) + 86, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(ROLLBACK) - 45, "Updated application spec: automated sync policy removed", **{"dest-namespace": "arena", "initiator": "omar.khalil@qamar.games"})
    alog(secs(ROLLBACK), f"Initiated rollback to revision '{shas['v3174']}' (history id 17)", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationStarted", "initiator": "omar.khalil@qamar.games"})
    alog(secs(ROLLBACK) + 1, f"Sync operation to {shas['v3174']} succeeded", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationCompleted"})
    alog(secs(ROLLBACK) + 2, "Updated health status: Healthy -> Progressing", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(ROLLBACK) + 84, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(ROLLBACK) + 88, "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(RESYNC) - 25, "Updated application spec: automated sync policy enabled (prune=true, selfHeal=true)", **{"dest-namespace": "arena", "initiator": "omar.khalil@qamar.games"})
    alog(secs(RESYNC), f"Initiated automated sync to '{shas['night']}'", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationStarted"})
    alog(secs(RESYNC) + 1, f"Sync operation to {shas['night']} succeeded", **{"dest-namespace": "arena", "type": "Normal", "reason": "OperationCompleted"})
    alog(secs(RESYNC) + 2, "Updated health status: Healthy -> Progressing", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(RESYNC) + 85, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "arena", "type": "Normal", "reason": "ResourceUpdated"})

    # --- NOC webhook relay (Cloudflare Radar notifications and others)
    def relay(x, source, body):
        if not t0 <= x < t1:
            return
        noc.add(at(x), json.dumps({"received_at": at(x).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at(x).microsecond // 1000:03d}Z",
                                   "source": source, **body}, ensure_ascii=False))

    relay(day("01:52:40"), "cloudflare-radar", {"alert_type": "traffic_anomalies_alert", "location": "LB", "status": "ended",
                                                "text": "Cloudflare Radar: traffic anomaly for Lebanon ended (started 2026-06-13T23:05:00Z, power outage)"})
    relay(day("02:40:12"), "statuspage", {"page": "Google Cloud", "component": "Cloud Monitoring", "status": "resolved",
                                          "text": "Delayed metric ingestion in asia-northeast1 has been resolved"})
    relay(day("03:24:11"), "cloudflare-radar", {"alert_type": "traffic_anomalies_alert", "location": "IQ", "status": "started",
                                                "text": "Cloudflare Radar: traffic anomaly detected for Iraq, started 2026-06-14T03:00:00Z, HTTP requests 84% below expected; "
                                                        "verified outage, nationwide, cause: government directed (exams)"})
    relay(day("05:19:02"), "cloudflare-radar", {"alert_type": "traffic_anomalies_alert", "location": "IQ", "status": "ended",
                                                "text": "Cloudflare Radar: traffic anomaly for Iraq ended (started 2026-06-14T03:00:00Z)"})
    return [sess, ds, gw, mm, ac, argo, noc, slack, zd], stats


def pick(rng, weighted_list):
    total = sum(w for w, _ in weighted_list)
    r = rng.uniform(0, total)
    for w, v in weighted_list:
        r -= w
        if r <= 0:
            return v
    return weighted_list[-1][1]


def chat(rng, slack, zd, stats, onset):
    users = {"alertmanager": "B02AM7QX1", "omar.khalil": "U03OK4M2P", "nour.elsayed": "U04NE8R5T", "ahmet.yilmaz": "U05AY1K9C",
             "yousef.haddad (live-ops)": "U02YH6D3L", "rana.saleh (support)": "U06RS2N7W", "lina.farouk (anti-cheat)": "U07LF5Q8B"}

    def say(t, who, text):
        if isinstance(t, float):
            t = at(t)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "live-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    cut = sorted(stats["cut_timeouts"])
    spike_end = max(t for t, *_ in stats["abandoned"] if t < day("03:10:00"))
    ab_spike = sum(1 for t, mid, mode in stats["abandoned"] if onset.timestamp() <= t < day("03:10:00"))
    ab_ranked = sum(1 for t, mid, mode in stats["abandoned"] if onset.timestamp() <= t < day("03:10:00") and mode == "ranked")
    ranked_running = max(1, sum(1 for s in stats["starts"]["ranked"] if day("02:45:00") <= s < day("03:00:00")))
    pen_spike = sum(1 for p in stats["penalised"] if p[7])
    say(utc("2026-06-11 10:24:00"), "omar.khalil", "3.18.0 is out: SES-311 ranked reconnect window 120s, SES-309 penalty logging, SES-312 casual backfill")
    say(utc("2026-06-11 13:02:00"), "nour.elsayed", "runbook has a section on abandon spikes now (SES-315)")
    say(onset + dt.timedelta(minutes=6, seconds=4), "alertmanager",
        f"[FIRING:1] RankedAbandonRateHigh region=me-central1: {round(100 * ab_ranked / (ranked_running * 0.9))}% of ranked matches abandoned (10m)")
    say(onset + dt.timedelta(minutes=8), "omar.khalil", "ack")
    say(onset + dt.timedelta(minutes=12), "omar.khalil", f"the me-central1 game servers log a wave of 'Client N timed out (no packets for 10.0s)' at 03:00, then arena-sessions 'reconnect window expired, player marked as leaver' and 'leaver penalty applied' two minutes later. {ab_spike} matches abandoned. no game server crashed, the fleet is fine")
    say(onset + dt.timedelta(minutes=15), "omar.khalil", "Argo synced an automatic update at 02:31: Renovate merged the Agones SDK bump at 02:14. and Thursday's 3.18.0 cut the ranked reconnect window to 120s. the runbook says roll back if sessions: or the Agones SDK changed. rolling back to 3.17.4 (history 17), auto-sync off")
    say(ROLLBACK + dt.timedelta(minutes=2, seconds=10), "omar.khalil", "3.17.4 running, ranked reconnect window 3m again")
    say(ROLLBACK + dt.timedelta(minutes=9), "omar.khalil", "abandon rate back to normal since the rollback. leaving it on 3.17.4, will go through it with the team at 09:00")
    say(ROLLBACK + dt.timedelta(minutes=14), "lina.farouk (anti-cheat)", f"anti-cheat: our lag-switch rule LS-2 flagged {stats['cut_reviews']} ranked players between 03:00 and 03:03, the review queue passed 100 and auto-escalation paused itself. nobody gets banned until we know what this was")
    say(utc("2026-06-14 03:52:20"), "omar.khalil", "the ranked pool in me-central1 is about a third smaller than a usual Sunday morning and waits are longer. people put off by the abandons?")
    say(utc("2026-06-14 05:06:40"), "rana.saleh (support)", "support: tickets from Iraq coming in, mostly in Arabic: the internet was cut at 6 for the ministerial exams, came back at 8, and they lost MMR, got a leaver mark or can't queue ranked")
    say(utc("2026-06-14 05:08:15"), "yousef.haddad (live-ops)", "the exam shutdowns. Iraq cuts the internet every exam morning in June and July, 6 to 8 Baghdad time, except Kurdistan. we had the same abandon spike last June, before arena-sessions had its own team")
    say(utc("2026-06-14 05:11:30"), "nour.elsayed", "NetBlocks posted at 06:19 Baghdad time: nationwide shutdown for the exams. and the NOC relay has a Cloudflare Radar notification for Iraq from 03:24 that nobody read")
    say(utc("2026-06-14 05:16:50"), "omar.khalil", f"checked: all {len(cut)} timeouts between 03:00 and 03:02 are players in Iraq on Earthlink, ScopeSky, Asiacell and Zain (Atheer); Korek, Newroz and IQ Networks players stayed in their matches. the gateway has no requests from those four networks from 03:00 until 05:00. the spike was over at {at(spike_end).strftime('%H:%M')}, before my rollback. the rollback did nothing")
    say(utc("2026-06-14 05:20:05"), "yousef.haddad (live-ops)", "pardoning every leaver penalty applied in me-central1 between 03:00 and 03:10 to players in IQ, from the live-ops console")
    say(PARDON + dt.timedelta(minutes=2), "yousef.haddad (live-ops)", f"pardoned {stats['pardoned']}. next: a penalty suppression window for IQ, 02:55-05:15 UTC, on every exam day until 2 July (ministry calendar)")
    say(RESYNC - dt.timedelta(seconds=50), "omar.khalil", "turning auto-sync back on: 3.18.0 + the Agones bump again, they had nothing to do with it")
    say(RESYNC + dt.timedelta(minutes=2), "omar.khalil", "synced, healthy")
    say(utc("2026-06-14 05:49:10"), "lina.farouk (anti-cheat)", f"dismissed the {stats['cut_reviews']} LS-2 reviews, auto-escalation back on. we'll add country outages to LS-2's suppressions on our side")
    say(utc("2026-06-14 05:58:40"), "yousef.haddad (live-ops)", "suppression windows for IQ scheduled for every exam day. arena-sessions picked them up")
    say(utc("2026-06-14 06:13:00"), "omar.khalil", f"runbook section for national shutdowns added. {pen_spike} penalties, {ab_spike} abandoned matches. postmortem Tuesday")

    def ticket(t, tid, subject, desc, country, platform="android"):
        zd.add(t, json.dumps({"type": "ticket.created", "ticket": {"id": tid, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "subject": subject,
                                                                    "description": desc, "via": "mobile_sdk", "tags": ["oasis-arena"],
                                                                    "custom_fields": {"country": country, "platform": platform, "app_version": "2.9.4"}}},
                             ensure_ascii=False))

    ticket(utc("2026-06-14 02:05:12"), 918402, "Gems not received", "I bought 500 gems and did not get them", "SA", "ios")
    ticket(utc("2026-06-14 03:44:51"), 918417, "Match ended, my team had 2 players", "We were winning and the match was abandoned because the other players left. I lost my win", "KW")
    ticket(utc("2026-06-14 05:03:37"), 918431, "حظر من الرانك", "قطعوا النت بسبب الامتحانات الوزارية وطلعت من المباراة وانحظرت من الرانك ساعتين", "IQ")
    ticket(utc("2026-06-14 05:05:02"), 918433, "Leaver penalty not my fault", "Internet was shut down in all of Iraq for the exams at 6am. I got a leaver penalty and lost 25 points", "IQ")
    ticket(utc("2026-06-14 05:07:48"), 918436, "خسرت نقاط", "خسرت نقاط بسبب انقطاع الانترنت في العراق، مو ذنبي", "IQ")
    ticket(utc("2026-06-14 05:12:20"), 918440, "ليش انحظرت؟", "الانترنت كان مقطوع بكل العراق من الساعة ٦ الى ٨، ليش انحظرت من الرانك؟", "IQ")
    ticket(utc("2026-06-14 05:18:09"), 918445, "Banned 24h??", "Banned from ranked for 24 hours?? The whole country had no internet from 6 to 8", "IQ")
    ticket(utc("2026-06-14 05:31:44"), 918452, "Leaver mark", "I have a leaver mark on my profile from this morning, the internet was cut for exams", "IQ", "ios")


def build(out_dir):
    rng = random.Random(59200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        cut = sorted(stats["cut_timeouts"])
        onset = at(cut[0][0]).replace(microsecond=0)
        assert utc("2026-06-14 03:00:00") <= onset <= utc("2026-06-14 03:00:20"), onset
        chat(rng, logs[7], logs[8], stats, onset)
        sess_log = logs[0]

        def connected(t):
            x = t.timestamp()
            best = None
            for when, _, text in sess_log.entries:
                if '"msg":"session stats"' in text and when.timestamp() <= x:
                    best = text
            return json.loads(best)["players_connected"] if best else None

        abandoned = sorted(t for t, _, _ in stats["abandoned"])

        def abandoned_10m(t):
            x = t.timestamp()
            return sum(1 for a in abandoned if x - 600 < a <= x)

        metrics = {
            "arena_sessions_players_connected.json": query_range(
                [({"job": "arena-sessions", "region": REGION}, connected)], START, END, 60),
            "arena_sessions_matches_abandoned_increase10m.json": query_range(
                [({"job": "arena-sessions", "region": REGION}, abandoned_10m)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r59-iraq-exam-shutdown-none", service=SERVICE, onset=onset,
            description=f"""
Oasis Arena's ranked and casual matches in me-central1 lose players all at
once on Sunday 14 June: from {onset.strftime('%H:%M:%S')} UTC the game servers time out
{len(cut)} clients within two minutes, arena-sessions marks them leavers and
penalises the ranked ones, {len([a for a in stats['abandoned'] if onset.timestamp() <= a[0] < day('03:10:00')])} matches are abandoned and the
anti-cheat flags the players for lag switching. An automatic deploy
(an Agones SDK bump) had gone out at 02:31; arena-sessions was rolled back
at 03:22, by which time the spike had ended. Players come back from
05:00; the penalties were pardoned at 05:26 and the deploy synced again
at 05:41.
""",
            logs=logs,
            line_formats={"gameservers-me-central1.log": r'\[<GameServer>\] <Date> <Time> \[<Level>\] \[<Component>\] <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'Client .* timed out \(no packets for',
                r'traffic anomaly detected for Iraq',
                r'player disconnected',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Iraq's government cut the internet nationwide for
the ministerial exams at 06:00 Baghdad time (03:00 UTC), as it does on
exam mornings in June and July, except in the Kurdistan Region: Earthlink
at 02:59:52, ScopeSky, Asiacell and Zain (Atheer) by 03:01. Every player
of those networks in a match in me-central1 timed out at the game servers
("Client N timed out (no packets for 10.0s)"), arena-sessions logged the
disconnects ("player disconnected ... reason=timeout country=IQ"), marked
them leavers when their window expired and penalised the ranked ones;
{stats['pardoned']} penalties, {len([a for a in stats['abandoned'] if onset.timestamp() <= a[0] < day('03:10:00')])} abandoned matches, {stats['cut_reviews']} lag-switch reviews. Players on
Korek, Newroz and IQ Networks (Kurdistan) and everyone outside Iraq
stayed; the gateway has no requests from the four federal networks
between 03:00 and 05:00, and Cloudflare Radar's notification ("traffic
anomaly detected for Iraq ... government directed (exams)") reached the
NOC relay at 03:24. Nothing in this repository is changed for it: live-ops
pardoned the penalties with the existing admin endpoint and scheduled
penalty suppression windows for Iraq on exam days in the live-ops
console; the anti-cheat team dismissed its reviews.
Decoys: the automatic deploy synced at 02:31, {round((onset - NIGHT_SYNC).total_seconds() / 60)} minutes before the onset
(Renovate's Agones SDK bump, the game servers' SDK), whose start lines
name the bump; Thursday's 3.18.0 (SES-311, ranked reconnect window 180 s
-> 120 s in the very leaver code's config; SES-309, which adds the very
"leaver penalty applied" line; SES-312, casual backfill); the runbook
commit that says an abandon spike is game server crashes or our
reconnect settings and to roll back; the rollback to 3.17.4 at 03:22,
after the spike had ended at {at(max(t for t, *_ in stats['abandoned'] if t < day('03:10:00'))).strftime('%H:%M')}, which seems to have helped; the
smaller ranked pool and longer waits until 05:00; the surge of logins
from Iraq at 05:00 and the ranked bans it meets; routine quits and
mobile timeouts with reconnects, routine LS-2 reviews, a Lebanese power
outage ended in the relay, a support ticket about gems.
""",
        )
    finally:
        repo.close()
