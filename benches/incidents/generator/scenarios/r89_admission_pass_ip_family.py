"""onsale-api (Go 1.23, slog JSON; 24 pods on EKS in eu-west-2 behind two
CloudFront distributions, synced by Argo CD from `main`; team in London,
Cardiff and Kraków) is the on-sale core of Tixora, a UK concert ticketing
platform: the virtual waiting room (`queue.tixora.co.uk/q/...`: join, poll,
admit, rejoin), seat holds and orders (`api.tixora.co.uk/v2/...`), with the
Paylane authorisation at order time; the ticketing team's ticket-issuer
captures the payments and issues the tickets. For a high-demand on-sale the
waiting room opens an hour before, randomises the queue at the on-sale time
and admits fans at a rate set by the on-sale ops lead. An admitted fan gets
an admission pass (a signed token, 20 minutes) which the seat map, holds
and orders of a queued event require; when a hold is refused with a
`pass_*` error the web app tells the fan the session has expired and sends
them back to the waiting room, at the back of the queue.

The two hosts are two CloudFront distributions. The queue distribution has
IPv6 on (CloudFront's default); the API distribution has had IPv6 off since
2022, because the box-office partners' API keys are tied to IPv4 allow-lists
in the WAF. A browser on a dual-stack network (BT, Sky and EE broadband, EE
mobile) reaches the queue over IPv6 and the API over IPv4.

Tuesday 9 June 2026, 14:37 UTC: BOT-231 (the bot team) binds each admission
pass to the fan's network: the pass records the /24 (IPv4) or /48 (IPv6) of
the address that was admitted, from the CloudFront-Viewer-Address header,
and a hold is refused when the request's address is outside it ("admission
pass refused: client address outside pass network", 403
`pass_address_mismatch`). At the 5 June on-sale passes harvested by
residential browsers had been replayed from datacenter proxies. The /24 and
/48 are meant to tolerate CGNAT and privacy addresses; the tests bind and
check IPv4 against IPv4 and IPv6 against IPv6. A pass issued to an IPv6
address can never match an IPv4 one. Shipped in 4.18.0 on Wednesday; no
queued on-sale runs until Friday (non-queued events need no pass).

Thursday: the war-room runbook (403 pass refusals in the first minutes are
bots, expected; roll back if the release before the on-sale changed holds),
HOLD-412 (6-minute holds for queued on-sales), HOLD-415 (every refused hold
logged with its reason, the "hold refused" line that fills the log), an
x/net bump; Friday 06:41 OPS-77 (admit 1,800 a minute) and 4.19.0, synced
at 07:18 (its start-up lines name the release commit).

Friday 12 June, 09:00 BST (08:00 UTC): general sale of Halcyon Bay's 2027
stadium dates. From the first admitted fans' holds, about half of the fans
(the dual-stack ones) are refused and sent back to the queue; the bot team
reads the refusals as bots; Paylane's 3-D Secure latency alert fires at the
same time; the ops lead lowers the admission rate; the on-call rolls back to
4.18.0 (which has BOT-231): the "hold refused" lines go, the pass refusals
stay. Support finds the fans are on BT, Sky and EE; Tom sees that every
fan's refusal has an IPv6 pass_net and an IPv4 client_net, and the CloudFront
logs show /admit over IPv6 and /holds never; BOT-236 (skip the check when
the families differ) ships as 4.19.1 at 08:56 and the refusals fall to the
IPv4 replays of the bots.

Sources: onsale-api (slog JSON; the pods on one node), CloudFront real-time
logs of the two distributions (tab-separated, epoch seconds; 1% sample,
filtered to the waiting room's join/admit/rejoin and to holds; line
format), ticket-issuer (Spring Boot), PgBouncer, Argo CD (logfmt),
#onsale-warroom (Slack export, JSON lines), support tickets (Zendesk
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, weighted, write_scenario
from formats import spring
from skeletons import chores

SERVICE = "onsale-api"
START, END = utc("2026-06-12 06:25:00"), utc("2026-06-12 09:35:00")
PREQUEUE = utc("2026-06-12 07:00:00")
SYNC_419 = utc("2026-06-12 07:18:06")
ONSALE = utc("2026-06-12 08:00:00")
RATE_DOWN = utc("2026-06-12 08:11:42")
ROLLBACK = utc("2026-06-12 08:24:18")
FIX_SYNC = utc("2026-06-12 08:56:31")
RATE_UP = utc("2026-06-12 09:04:09")
QUEUE = "hbay27-uk"
DATES = [("HBAY27-WEM1", "Wembley Stadium, Fri 25 Jun 2027"), ("HBAY27-WEM2", "Wembley Stadium, Sat 26 Jun 2027"),
         ("HBAY27-MAN1", "Etihad Stadium, Tue 29 Jun 2027"), ("HBAY27-CDF1", "Principality Stadium, Fri 2 Jul 2027")]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def gsub(text, *pairs):
    return sub(text, *[go(p) for p in pairs])


def go(text):
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        n = (len(line) - len(stripped)) // 4
        out.append("\t" * n + line[n * 4:] if n else line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/tixora/onsale-api

go 1.23

require (
	github.com/prometheus/client_golang v1.22.0
	github.com/redis/go-redis/v9 v9.7.0
	github.com/jackc/pgx/v5 v5.7.4
	golang.org/x/net v0.39.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

MAIN = go('''package main

import (
    "context"
    "log/slog"
    "net/http"
    "os"
    "os/signal"
    "syscall"
    "time"

    "github.com/tixora/onsale-api/internal/config"
    "github.com/tixora/onsale-api/internal/holds"
    "github.com/tixora/onsale-api/internal/httpapi"
    "github.com/tixora/onsale-api/internal/orders"
    "github.com/tixora/onsale-api/internal/pass"
    "github.com/tixora/onsale-api/internal/waitroom"
)

var (
    version = "dev"
    commit  = "unknown"
)

func main() {
    host, _ := os.Hostname()
    log := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("pod", host)
    cfg, err := config.Load(os.Getenv("CONFIG_PATH"))
    if err != nil {
        log.Error("config load failed", "err", err)
        os.Exit(1)
    }
    log.Info("starting onsale-api", "version", version, "commit", commit, "addr", cfg.Addr)

    signer, err := pass.NewSigner(cfg.Pass.KeyID, os.Getenv("PASS_SIGNING_KEY"), cfg.Pass.TTL)
    if err != nil {
        log.Error("pass signer", "err", err)
        os.Exit(1)
    }
    store := holds.NewStore(cfg.Holds, log)
    room := waitroom.New(cfg.Waitroom, store.Redis(), signer, log)
    pay := orders.NewPaylane(cfg.Paylane, log)
    srv := &http.Server{Addr: cfg.Addr, Handler: httpapi.New(cfg, room, store, signer, pay, log), ReadHeaderTimeout: 5 * time.Second}

    go func() {
        if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
            log.Error("server stopped", "err", err)
            os.Exit(1)
        }
    }()
    stop := make(chan os.Signal, 1)
    signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
    <-stop
    log.Info("shutting down: draining connections")
    ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
    defer cancel()
    _ = srv.Shutdown(ctx)
}
''')

CONFIG_GO = go('''package config

import (
    "os"
    "time"

    "gopkg.in/yaml.v3"
)

type Config struct {
    Addr     string   `yaml:"addr"`
    Waitroom Waitroom `yaml:"waitroom"`
    Pass     Pass     `yaml:"pass"`
    Holds    Holds    `yaml:"holds"`
    Paylane  Paylane  `yaml:"paylane"`
}

type Waitroom struct {
    // AdmitPerMinute is the default admission rate; the on-sale ops lead can
    // change it for a running queue in the admin (it is kept in Redis).
    AdmitPerMinute int           `yaml:"admit_per_minute"`
    PreQueue       time.Duration `yaml:"pre_queue"`
    StatusEvery    time.Duration `yaml:"status_every"`
}

type Pass struct {
    KeyID string        `yaml:"key_id"`
    TTL   time.Duration `yaml:"ttl"`
}

type Holds struct {
    RedisAddr string        `yaml:"redis_addr"`
    PoolSize  int           `yaml:"pool_size"`
    TTL       time.Duration `yaml:"ttl"`
    MaxSeats  int           `yaml:"max_seats"`
}

type Paylane struct {
    BaseURL string        `yaml:"base_url"`
    Timeout time.Duration `yaml:"timeout"`
    SlowAt  time.Duration `yaml:"slow_at"`
}

func Load(path string) (*Config, error) {
    cfg := &Config{Addr: ":8080"}
    raw, err := os.ReadFile(path)
    if err != nil {
        return nil, err
    }
    return cfg, yaml.Unmarshal(raw, cfg)
}
''')

CLIENTIP = go('''// Package clientip finds the fan's address behind CloudFront and the ALB.
package clientip

import (
    "net/http"
    "net/netip"
    "strings"
)

// From returns the viewer's address as CloudFront saw it. Both distributions
// (queue.tixora.co.uk and api.tixora.co.uk) add CloudFront-Viewer-Address
// ("ip:port", the IPv6 address unbracketed); the ALB's X-Forwarded-For is the
// fallback for the box-office partners, who call the ALB directly.
func From(r *http.Request) netip.Addr {
    if v := r.Header.Get("CloudFront-Viewer-Address"); v != "" {
        if i := strings.LastIndexByte(v, ':'); i > 0 {
            if a, err := netip.ParseAddr(v[:i]); err == nil {
                return a.Unmap()
            }
        }
    }
    if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
        first, _, _ := strings.Cut(xff, ",")
        if a, err := netip.ParseAddr(strings.TrimSpace(first)); err == nil {
            return a.Unmap()
        }
    }
    if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
        return ap.Addr().Unmap()
    }
    return netip.Addr{}
}
''')

PASS_GO = go('''// Package pass issues and checks admission passes: the token the waiting
// room gives a fan when their turn comes, which the seat map, holds and
// orders of a queued event require.
package pass

import (
    "crypto/hmac"
    "crypto/rand"
    "crypto/sha256"
    "encoding/base64"
    "encoding/json"
    "errors"
    "strings"
    "time"
)

type Pass struct {
    ID      string    `json:"jti"`
    Queue   string    `json:"q"`
    Fan     string    `json:"fan"`
    Expires time.Time `json:"exp"`
}

var (
    ErrMissing   = errors.New("missing")
    ErrMalformed = errors.New("malformed")
    ErrSignature = errors.New("bad signature")
    ErrQueue     = errors.New("issued for another queue")
    ErrExpired   = errors.New("expired")
)

// Code is the error code the web app gets with the 403 (`pass_<code>`); on
// any of them it sends the fan back to the waiting room.
func Code(err error) string {
    switch {
    case errors.Is(err, ErrMissing):
        return "missing"
    case errors.Is(err, ErrExpired):
        return "expired"
    case errors.Is(err, ErrQueue):
        return "wrong_queue"
    default:
        return "invalid"
    }
}

type Signer struct {
    KeyID string
    key   []byte
    ttl   time.Duration
    now   func() time.Time
}

func NewSigner(keyID, key string, ttl time.Duration) (*Signer, error) {
    if len(key) < 32 {
        return nil, errors.New("PASS_SIGNING_KEY must be at least 32 bytes")
    }
    return &Signer{KeyID: keyID, key: []byte(key), ttl: ttl, now: time.Now}, nil
}

// Issue signs a pass for a fan admitted from queue.
func (s *Signer) Issue(queue, fan string) (string, Pass) {
    p := Pass{ID: newID(), Queue: queue, Fan: fan, Expires: s.now().Add(s.ttl).Truncate(time.Second)}
    body, _ := json.Marshal(p)
    payload := base64.RawURLEncoding.EncodeToString(body)
    return s.KeyID + "." + payload + "." + s.sign(payload), p
}

// Verify checks a pass presented to an event of queue.
func (s *Signer) Verify(token, queue string) (Pass, error) {
    if token == "" {
        return Pass{}, ErrMissing
    }
    parts := strings.Split(token, ".")
    if len(parts) != 3 || parts[0] != s.KeyID {
        return Pass{}, ErrMalformed
    }
    if !hmac.Equal([]byte(parts[2]), []byte(s.sign(parts[1]))) {
        return Pass{}, ErrSignature
    }
    var p Pass
    body, err := base64.RawURLEncoding.DecodeString(parts[1])
    if err != nil || json.Unmarshal(body, &p) != nil {
        return Pass{}, ErrMalformed
    }
    if p.Queue != queue {
        return p, ErrQueue
    }
    if s.now().After(p.Expires) {
        return p, ErrExpired
    }
    return p, nil
}

func (s *Signer) sign(payload string) string {
    mac := hmac.New(sha256.New, s.key)
    mac.Write([]byte(payload))
    return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func newID() string {
    b := make([]byte, 9)
    _, _ = rand.Read(b)
    return "pa_" + base64.RawURLEncoding.EncodeToString(b)
}
''')

PASS_TEST = go('''package pass

import (
    "errors"
    "testing"
    "time"
)

func signer(t *testing.T) *Signer {
    s, err := NewSigner("k202605", "0123456789abcdef0123456789abcdef", 20*time.Minute)
    if err != nil {
        t.Fatal(err)
    }
    return s
}

func TestIssueAndVerify(t *testing.T) {
    s := signer(t)
    token, issued := s.Issue("hbay27-uk", "f_1")
    p, err := s.Verify(token, "hbay27-uk")
    if err != nil || p.ID != issued.ID {
        t.Fatalf("Verify = %+v, %v", p, err)
    }
}

func TestOtherQueue(t *testing.T) {
    s := signer(t)
    token, _ := s.Issue("hbay27-uk", "f_1")
    if _, err := s.Verify(token, "lumen26-uk"); !errors.Is(err, ErrQueue) {
        t.Fatalf("err = %v", err)
    }
}

func TestExpired(t *testing.T) {
    s := signer(t)
    token, _ := s.Issue("hbay27-uk", "f_1")
    s.now = func() time.Time { return time.Now().Add(21 * time.Minute) }
    if _, err := s.Verify(token, "hbay27-uk"); !errors.Is(err, ErrExpired) {
        t.Fatalf("err = %v", err)
    }
}
''')

WAITROOM = go('''// Package waitroom is the virtual waiting room of a queued on-sale: fans
// join from the pre-queue, the queue is randomised at the on-sale time and
// fans are admitted at the queue's rate; an admitted fan calls /admit and
// gets the admission pass.
package waitroom

import (
    "encoding/json"
    "log/slog"
    "net/http"

    "github.com/redis/go-redis/v9"

    "github.com/tixora/onsale-api/internal/config"
    "github.com/tixora/onsale-api/internal/pass"
)

type Room struct {
    cfg    config.Waitroom
    rdb    *redis.ClusterClient
    passes *pass.Signer
    log    *slog.Logger
}

func New(cfg config.Waitroom, rdb *redis.ClusterClient, passes *pass.Signer, log *slog.Logger) *Room {
    return &Room{cfg: cfg, rdb: rdb, passes: passes, log: log}
}

// Admit hands the pass to a fan whose turn has come.
func (q *Room) Admit(w http.ResponseWriter, r *http.Request) {
    queue := r.PathValue("queue")
    fan, ok := q.admitted(r.Context(), queue, r.Header.Get("X-Tixora-Queue-Ticket"))
    if !ok {
        http.Error(w, `{"error":"not_admitted"}`, http.StatusConflict)
        return
    }
    token, p := q.passes.Issue(queue, fan)
    w.Header().Set("Content-Type", "application/json")
    _ = json.NewEncoder(w).Encode(map[string]any{"pass": token, "expires": p.Expires})
}
''')

HOLDS_GO = go('''// Package holds keeps seat holds in Redis: a hold takes a section's seats for
// TTL, an order turns it into a sale, and an expired hold gives the seats back.
package holds

import (
    "context"
    "errors"
    "log/slog"
    "time"

    "github.com/redis/go-redis/v9"

    "github.com/tixora/onsale-api/internal/config"
)

var ErrSeatTaken = errors.New("seat taken")

type Store struct {
    cfg config.Holds
    rdb *redis.ClusterClient
    log *slog.Logger
}

func NewStore(cfg config.Holds, log *slog.Logger) *Store {
    rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{cfg.RedisAddr}, PoolSize: cfg.PoolSize})
    log.Info("redis pool ready", "addr", cfg.RedisAddr, "pool_size", cfg.PoolSize)
    return &Store{cfg: cfg, rdb: rdb, log: log}
}

func (s *Store) Redis() *redis.ClusterClient { return s.rdb }

type Hold struct {
    ID      string
    Event   string
    Section string
    Seats   []string
    Expires time.Time
}

// TTL is how long a hold keeps its seats.
func (s *Store) TTL(queued bool) time.Duration {
    return s.cfg.TTL
}

// Take holds seats of one section atomically (all or none).
func (s *Store) Take(ctx context.Context, event, section string, seats []string, fan string, queued bool) (Hold, error) {
    h := Hold{ID: newHoldID(), Event: event, Section: section, Seats: seats, Expires: time.Now().Add(s.TTL(queued))}
    ok, err := takeScript.Run(ctx, s.rdb, seatKeys(event, section, seats), h.ID, fan, int(s.TTL(queued).Seconds())).Bool()
    if err != nil {
        return Hold{}, err
    }
    if !ok {
        return Hold{}, ErrSeatTaken
    }
    return h, nil
}
''')

API_GO = go('''package httpapi

import (
    "encoding/json"
    "errors"
    "log/slog"
    "net/http"

    "github.com/tixora/onsale-api/internal/config"
    "github.com/tixora/onsale-api/internal/holds"
    "github.com/tixora/onsale-api/internal/orders"
    "github.com/tixora/onsale-api/internal/pass"
    "github.com/tixora/onsale-api/internal/waitroom"
)

type API struct {
    cfg    *config.Config
    room   *waitroom.Room
    holds  *holds.Store
    passes *pass.Signer
    pay    *orders.Paylane
    events *Events
    log    *slog.Logger
}

func New(cfg *config.Config, room *waitroom.Room, store *holds.Store, passes *pass.Signer, pay *orders.Paylane, log *slog.Logger) http.Handler {
    a := &API{cfg: cfg, room: room, holds: store, passes: passes, pay: pay, events: LoadEvents(), log: log}
    mux := http.NewServeMux()
    mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
    mux.HandleFunc("POST /q/{queue}/join", room.Join)
    mux.HandleFunc("GET /q/{queue}/status", room.Status)
    mux.HandleFunc("POST /q/{queue}/admit", room.Admit)
    mux.HandleFunc("POST /q/{queue}/rejoin", room.Rejoin)
    mux.HandleFunc("POST /v2/events/{event}/holds", a.createHold)
    mux.HandleFunc("POST /v2/holds/{hold}/order", a.placeOrder)
    return mux
}

type holdRequest struct {
    Section string   `json:"section"`
    Seats   []string `json:"seats"`
}

func (a *API) createHold(w http.ResponseWriter, r *http.Request) {
    event, ok := a.events.Get(r.PathValue("event"))
    if !ok {
        writeError(w, http.StatusNotFound, "unknown_event")
        return
    }
    var req holdRequest
    if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Seats) == 0 || len(req.Seats) > a.cfg.Holds.MaxSeats {
        writeError(w, http.StatusBadRequest, "bad_request")
        return
    }
    fan := r.Header.Get("X-Tixora-Fan")
    if event.Queue != "" {
        p, err := a.passes.Verify(r.Header.Get("X-Tixora-Pass"), event.Queue)
        if err != nil {
            a.log.Warn("admission pass refused: "+err.Error(), "queue", event.Queue, "event", event.ID, "pass", p.ID)
            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))
            return
        }
        fan = p.Fan
    }
    h, err := a.holds.Take(r.Context(), event.ID, req.Section, req.Seats, fan, event.Queue != "")
    if errors.Is(err, holds.ErrSeatTaken) {
        a.log.Info("seats no longer available", "event", event.ID, "section", req.Section, "seats", len(req.Seats))
        writeError(w, http.StatusConflict, "seat_taken")
        return
    }
    if err != nil {
        a.log.Error("hold failed", "event", event.ID, "err", err)
        writeError(w, http.StatusServiceUnavailable, "try_again")
        return
    }
    a.log.Info("hold created", "event", event.ID, "hold", h.ID, "section", h.Section, "seats", len(h.Seats), "ttl_s", int(a.holds.TTL(event.Queue != "").Seconds()), "queued", event.Queue != "")
    writeJSON(w, http.StatusCreated, h)
}

func writeError(w http.ResponseWriter, status int, code string) {
    writeJSON(w, status, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
    w.Header().Set("Content-Type", "application/json")
    w.WriteHeader(status)
    _ = json.NewEncoder(w).Encode(v)
}
''')

PAYLANE = go('''package orders

import (
    "context"
    "log/slog"
    "net/http"
    "time"

    "github.com/tixora/onsale-api/internal/config"
)

// Paylane authorises the order's amount; ticket-issuer (ticketing team)
// captures it when the tickets are issued.
type Paylane struct {
    cfg    config.Paylane
    client *http.Client
    log    *slog.Logger
}

func NewPaylane(cfg config.Paylane, log *slog.Logger) *Paylane {
    return &Paylane{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, log: log}
}

func (p *Paylane) Authorise(ctx context.Context, order Order) (Authorisation, error) {
    started := time.Now()
    auth, err := p.post(ctx, "/v3/payments/authorisations", authorisationRequest(order))
    if took := time.Since(started); took > p.cfg.SlowAt {
        p.log.Warn("payment authorisation slow", "psp", "paylane", "order", order.ID, "took_ms", took.Milliseconds(), "three_ds", auth.ThreeDS)
    }
    return auth, err
}
''')

PROD_YAML = """addr: ":8080"

waitroom:
  admit_per_minute: 1200
  pre_queue: 60m
  status_every: 60s

pass:
  key_id: k202606
  ttl: 20m

holds:
  redis_addr: onsale-holds.x7rk2q.clustercfg.euw2.cache.amazonaws.com:6379
  pool_size: 200
  ttl: 10m
  max_seats: 6

paylane:
  base_url: https://api.paylane.eu
  timeout: 15s
  slow_at: 4s
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: onsale-api
  labels:
    app: onsale-api
spec:
  replicas: 24
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      app: onsale-api
  template:
    metadata:
      labels:
        app: onsale-api
    spec:
      serviceAccountName: onsale-api
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: onsale-api
      containers:
        - name: onsale-api
          image: 482193047716.dkr.ecr.eu-west-2.amazonaws.com/onsale-api
          ports:
            - containerPort: 8080
          env:
            - name: CONFIG_PATH
              value: /etc/onsale/production.yaml
          envFrom:
            - secretRef:
                name: onsale-api
          volumeMounts:
            - name: config
              mountPath: /etc/onsale
          resources:
            requests:
              cpu: "1"
              memory: 512Mi
            limits:
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 5
      volumes:
        - name: config
          configMap:
            name: onsale-api-config
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: onsale
resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
  - name: onsale-api-config
    files:
      - ../config/production.yaml
images:
  - name: 482193047716.dkr.ecr.eu-west-2.amazonaws.com/onsale-api
    newTag: "4.17.0"
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: onsale-api
spec:
  selector:
    app: onsale-api
  ports:
    - port: 80
      targetPort: 8080
"""

DOCKERFILE = """FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -ldflags "-X main.version=$VERSION -X main.commit=$COMMIT" -o /out/onsale-api ./cmd/onsale-api

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/onsale-api /onsale-api
ENTRYPOINT ["/onsale-api"]
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    services:
      redis:
        image: redis:7.2
        ports: ["6379:6379"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'
      - run: go vet ./...
      - run: go test -race ./...
  image:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: docker build --build-arg VERSION=$(cat VERSION) --build-arg COMMIT=${{ github.sha }} -t onsale-api:${{ github.sha }} .
"""

README = """# onsale-api

The on-sale core of Tixora: the virtual waiting room, seat holds and orders.

- `queue.tixora.co.uk/q/<queue>/...` (CloudFront `E2QUEUE7K4H1`): join, status,
  admit, rejoin. A queued on-sale opens its pre-queue an hour before the
  on-sale time, randomises the queue then and admits fans at the queue's
  rate (`admit_per_minute`, changed live in the on-sale admin).
- `api.tixora.co.uk/v2/...` (CloudFront `E1API93XW2P0`): seat holds and
  orders. A queued event's holds need the fan's admission pass
  (`X-Tixora-Pass`); on a `pass_*` error the web app sends the fan back to
  the waiting room.
- Orders are authorised with Paylane; ticket-issuer (ticketing team)
  captures them when it issues the tickets.

## Running locally

```
docker run -d -p 6379:6379 redis:7.2
go test ./...
CONFIG_PATH=config/production.yaml go run ./cmd/onsale-api
```

## Deploying

A release commit sets `VERSION` and the image tag in `k8s/kustomization.yaml`;
Argo CD (`onsale-prod`) syncs `main`. See `docs/runbook.md`.
"""

RUNBOOK = """# onsale-api runbook

Owner: #onsale. Dashboards: Grafana > On-sale > Waiting room, Holds, Orders.

## HoldLatencyHigh

p99 of POST holds above 500 ms. Usually Redis: check the onsale-holds
cluster's EngineCPUUtilization. Lower the queue's admission rate in the
on-sale admin if it is a queued on-sale.

## PaylaneAuthLatencyHigh

Paylane's authorisations take longer than 4 s at p99. At the start of a big
on-sale this is 3-D Secure challenges; check status.paylane.eu.
"""

PASSES_DOC = """# Admission passes

When a fan's turn comes the waiting room issues an admission pass: an
HMAC-signed token (`<kid>.<payload>.<mac>`) with the queue, the fan and an
expiry (20 minutes). The seat map, holds and orders of a queued event
require it in `X-Tixora-Pass`. A pass that is missing, expired, signed with
another key or issued for another queue is refused with 403 `pass_<code>`,
and the web app sends the fan back to the waiting room.

Keys are rotated monthly (`pass.key_id`); passes signed with the previous key
are refused, so rotate between on-sales.
"""


def build_repo():
    repo = Repo()
    priya = Person("Priya Raman", "priya.raman@tixora.co.uk", 60)
    tom = Person("Tom Ashworth", "tom.ashworth@tixora.co.uk", 60)
    marta = Person("Marta Kowalczyk", "marta.kowalczyk@tixora.co.uk", 120)
    femi = Person("Femi Adeyemi", "femi.adeyemi@tixora.co.uk", 60)
    gareth = Person("Gareth Lloyd", "gareth.lloyd@tixora.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    ps, api, hd, prod = "internal/pass/pass.go", "internal/httpapi/api.go", "internal/holds/holds.go", "config/production.yaml"
    repo.commit(utc("2026-06-03 08:52:00"), priya, "onsale-api: waiting room, seat holds and orders", {
        "go.mod": GO_MOD,
        "VERSION": "4.16.2\n",
        "cmd/onsale-api/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        "internal/clientip/clientip.go": CLIENTIP,
        ps: PASS_GO,
        "internal/pass/pass_test.go": PASS_TEST,
        "internal/waitroom/waitroom.go": WAITROOM,
        hd: HOLDS_GO,
        api: API_GO,
        "internal/orders/paylane.go": PAYLANE,
        prod: PROD_YAML,
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/service.yaml": SERVICE_YAML,
        "k8s/kustomization.yaml": KUSTOMIZATION.replace('newTag: "4.17.0"', 'newTag: "4.16.2"'),
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "docs/passes.md": PASSES_DOC,
        "CHANGELOG.md": "# Changelog\n\n## 4.16.2\n\n- Paylane timeout 15 s.\n",
    })
    rng = random.Random(89011)
    repo.schedule(chores(rng, SERVICE, [tom, marta], utc("2026-06-03 10:00:00"), utc("2026-06-08 16:00:00"), 2))
    repo.commit(utc("2026-06-04 12:10:00"), marta, "holds: answer 409 seat_taken before touching Redis when a seat is sold (HOLD-402)", {
        hd: gsub(repo.files[hd], "// Take holds seats of one section atomically (all or none).\n",
                "// Take holds seats of one section atomically (all or none). The script\n// answers false at once for a seat that is sold or held (HOLD-402).\n"),
    })
    repo.commit(utc("2026-06-05 07:04:00"), bot, "fix(deps): update module github.com/redis/go-redis/v9 to v9.7.3", {
        "go.mod": repo.edit("go.mod", "github.com/redis/go-redis/v9 v9.7.0", "github.com/redis/go-redis/v9 v9.7.3"),
    })
    repo.commit(utc("2026-06-05 14:31:00"), priya, "release 4.17.0", {
        "VERSION": "4.17.0\n",
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.16.2"', 'newTag: "4.17.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.17.0\n\n- Sold seats answered before Redis is touched (HOLD-402).\n- go-redis 9.7.3.\n", 1),
    })
    repo.commit(utc("2026-06-08 09:20:00"), tom, "orders: send the event's merchant descriptor to Paylane (PAY-318)\n\nBank statements showed TIXORA*ONSALE for every event; promoters want\ntheir own descriptor (22 characters).", {
        "internal/orders/paylane.go": gsub(repo.files["internal/orders/paylane.go"], "// Paylane authorises the order's amount;",
                                          "// Paylane authorises the order's amount with the event's statement\n// descriptor (PAY-318);"),
    })
    culprit = repo.commit(utc("2026-06-09 14:37:00"), femi, "pass: bind admission passes to the fan's network (BOT-231)\n\nAt the 5 June on-sale passes admitted to residential browsers were\nreplayed from datacenter proxies: one pass placed holds from 31\naddresses. A pass now records the network of the address it was admitted\nfrom (the /24 of an IPv4 address, since mobile CGNAT moves a fan within\nits pool; the /48 of an IPv6 one, since privacy addresses change within\nthe customer's prefix) and a hold from outside that network is refused\nwith pass_address_mismatch.", {
        ps: gsub(repo.files[ps],
                '    "errors"\n    "strings"\n    "time"\n)\n',
                '    "errors"\n    "net/netip"\n    "strings"\n    "time"\n)\n',
                '    Fan     string    `json:"fan"`\n    Expires time.Time `json:"exp"`\n}\n',
                '    Fan     string    `json:"fan"`\n    Net     string    `json:"net,omitempty"`\n    Expires time.Time `json:"exp"`\n}\n',
                '    ErrExpired   = errors.New("expired")\n)\n',
                '    ErrExpired   = errors.New("expired")\n    ErrAddress   = errors.New("client address outside pass network")\n)\n',
                '    case errors.Is(err, ErrQueue):\n        return "wrong_queue"\n',
                '    case errors.Is(err, ErrQueue):\n        return "wrong_queue"\n    case errors.Is(err, ErrAddress):\n        return "address_mismatch"\n',
                "// Issue signs a pass for a fan admitted from queue.\nfunc (s *Signer) Issue(queue, fan string) (string, Pass) {\n    p := Pass{ID: newID(), Queue: queue, Fan: fan, Expires: s.now().Add(s.ttl).Truncate(time.Second)}\n",
                "// Issue signs a pass for a fan admitted from queue at address client; the\n// pass is bound to the client's network (BOT-231).\nfunc (s *Signer) Issue(queue, fan string, client netip.Addr) (string, Pass) {\n    p := Pass{ID: newID(), Queue: queue, Fan: fan, Net: Network(client).String(), Expires: s.now().Add(s.ttl).Truncate(time.Second)}\n",
                "// Verify checks a pass presented to an event of queue.\nfunc (s *Signer) Verify(token, queue string) (Pass, error) {\n",
                "// Verify checks a pass presented to an event of queue from address client.\nfunc (s *Signer) Verify(token, queue string, client netip.Addr) (Pass, error) {\n",
                "    if s.now().After(p.Expires) {\n        return p, ErrExpired\n    }\n    return p, nil\n}\n",
                "    if s.now().After(p.Expires) {\n        return p, ErrExpired\n    }\n    if p.Net != \"\" && Network(client).String() != p.Net {\n        return p, ErrAddress\n    }\n    return p, nil\n}\n\n"
                "// Network is the network a pass is bound to: the /24 of an IPv4 address\n// (a mobile carrier's CGNAT moves a fan between addresses of one pool) and\n// the /48 of an IPv6 one (privacy addresses change within the prefix the\n// customer is delegated).\nfunc Network(a netip.Addr) netip.Prefix {\n    bits := 24\n    if a.Is6() {\n        bits = 48\n    }\n    p, _ := a.Prefix(bits)\n    return p\n}\n"),
        "internal/pass/pass_test.go": gsub(repo.files["internal/pass/pass_test.go"],
                                          'import (\n    "errors"\n    "testing"\n    "time"\n)\n',
                                          'import (\n    "errors"\n    "net/netip"\n    "testing"\n    "time"\n)\n\nvar fanAddr = netip.MustParseAddr("203.0.113.7")\n',
                                          'token, issued := s.Issue("hbay27-uk", "f_1")\n    p, err := s.Verify(token, "hbay27-uk")\n',
                                          'token, issued := s.Issue("hbay27-uk", "f_1", fanAddr)\n    p, err := s.Verify(token, "hbay27-uk", fanAddr)\n',
                                          'token, _ := s.Issue("hbay27-uk", "f_1")\n    if _, err := s.Verify(token, "lumen26-uk"); !errors.Is(err, ErrQueue) {\n',
                                          'token, _ := s.Issue("hbay27-uk", "f_1", fanAddr)\n    if _, err := s.Verify(token, "lumen26-uk", fanAddr); !errors.Is(err, ErrQueue) {\n',
                                          'token, _ := s.Issue("hbay27-uk", "f_1")\n    s.now = func() time.Time { return time.Now().Add(21 * time.Minute) }\n    if _, err := s.Verify(token, "hbay27-uk"); !errors.Is(err, ErrExpired) {\n',
                                          'token, _ := s.Issue("hbay27-uk", "f_1", fanAddr)\n    s.now = func() time.Time { return time.Now().Add(21 * time.Minute) }\n    if _, err := s.Verify(token, "hbay27-uk", fanAddr); !errors.Is(err, ErrExpired) {\n')
        + go('''
func TestBoundToNetwork(t *testing.T) {
    s := signer(t)
    for _, tc := range []struct {
        admitted, later string
        ok              bool
    }{
        {"203.0.113.7", "203.0.113.7", true},
        {"203.0.113.7", "203.0.113.201", true},   // CGNAT pool
        {"203.0.113.7", "198.51.100.23", false},  // replayed from elsewhere
        {"2001:db8:4a1:10::5", "2001:db8:4a1:ff00::9", true}, // privacy address
        {"2001:db8:4a1:10::5", "2001:db8:77::1", false},
    } {
        token, _ := s.Issue("hbay27-uk", "f_1", netip.MustParseAddr(tc.admitted))
        _, err := s.Verify(token, "hbay27-uk", netip.MustParseAddr(tc.later))
        if (err == nil) != tc.ok {
            t.Errorf("%s then %s: err = %v", tc.admitted, tc.later, err)
        }
    }
}
'''),
        "internal/waitroom/waitroom.go": gsub(repo.files["internal/waitroom/waitroom.go"],
                                             '    "github.com/tixora/onsale-api/internal/config"\n',
                                             '    "github.com/tixora/onsale-api/internal/clientip"\n    "github.com/tixora/onsale-api/internal/config"\n',
                                             "    token, p := q.passes.Issue(queue, fan)\n",
                                             "    token, p := q.passes.Issue(queue, fan, clientip.From(r))\n"),
        api: gsub(repo.files[api],
                 '    "github.com/tixora/onsale-api/internal/config"\n',
                 '    "github.com/tixora/onsale-api/internal/clientip"\n    "github.com/tixora/onsale-api/internal/config"\n',
                 '        p, err := a.passes.Verify(r.Header.Get("X-Tixora-Pass"), event.Queue)\n        if err != nil {\n',
                 '        client := clientip.From(r)\n        p, err := a.passes.Verify(r.Header.Get("X-Tixora-Pass"), event.Queue, client)\n        if errors.Is(err, pass.ErrAddress) {\n'
                 '            a.log.Warn("admission pass refused: "+err.Error(), "queue", event.Queue, "event", event.ID, "pass", p.ID,\n'
                 '                "pass_net", p.Net, "client_net", pass.Network(client).String(), "fan", p.Fan)\n'
                 '            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))\n            return\n        }\n        if err != nil {\n'),
        "docs/passes.md": repo.files["docs/passes.md"].replace(
            "Keys are rotated monthly",
            "Since BOT-231 a pass is also bound to the network it was admitted from:\nthe /24 of an IPv4 address, the /48 of an IPv6 one. A hold from an address\noutside it is refused with `pass_address_mismatch`: a pass replayed from\nanother machine (at the 5 June on-sale, datacenter proxies replayed passes\nharvested by residential browsers).\n\nKeys are rotated monthly"),
    })
    rel_418 = repo.commit(utc("2026-06-10 08:47:00"), priya, "release 4.18.0", {
        "VERSION": "4.18.0\n",
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.17.0"', 'newTag: "4.18.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.18.0\n\n- Admission passes bound to the fan's network (BOT-231).\n- Merchant descriptor per event (PAY-318).\n", 1),
    })
    repo.commit(utc("2026-06-10 15:20:00"), femi, "pass: name the signing key in refused passes (BOT-233)\n\nAfter a key rotation the refusals of passes signed with the old key\nlooked like forgeries.", {
        ps: gsub(repo.files[ps], "type Pass struct {\n", "type Pass struct {\n    KeyID   string    `json:\"-\"`\n",
                "    if p.Queue != queue {\n", "    p.KeyID = parts[0]\n    if p.Queue != queue {\n"),
        api: gsub(repo.files[api],
                 '"pass", p.ID,\n                "pass_net", p.Net,', '"pass", p.ID, "kid", p.KeyID,\n                "pass_net", p.Net,',
                 '"event", event.ID, "pass", p.ID)\n', '"event", event.ID, "pass", p.ID, "kid", p.KeyID)\n'),
    })
    repo.commit(utc("2026-06-11 09:40:00"), gareth, "runbook: the on-sale war room", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## On-sale war room (queued on-sales)

Before: check the queue's admission rate (`OPS-` ticket), the release that
will run, the Paylane status page and the onsale-holds Redis cluster.

### OnsaleHoldRefusalsHigh (more than 20% of POST holds answered 403)

403 `pass_*` in the first minutes of an on-sale are the bots: passes
replayed from other machines (`pass_address_mismatch`, BOT-231), expired or
forged passes. Expected; the bot team watches them. Do not roll back for
them.

### Sales pace below forecast

1. Seat contention: many 409 `seat_taken` and Redis latency mean too many
   fans for the seats on sale; lower the admission rate in the on-sale admin.
2. Paylane: PaylaneAuthLatencyHigh, status.paylane.eu.
3. If the release before the on-sale changed holds, roll back in Argo CD
   (`onsale-prod`, History and rollback) and tell #onsale.
""",
    })
    repo.commit(utc("2026-06-11 13:02:00"), marta, "holds: 6-minute holds for queued on-sales (HOLD-412)\n\nAt the 5 June on-sale 31% of the holds expired unpaid after 10 minutes\nwhile fans in the queue waited for those seats.", {
        hd: gsub(repo.files[hd], "// TTL is how long a hold keeps its seats.\nfunc (s *Store) TTL(queued bool) time.Duration {\n    return s.cfg.TTL\n}\n",
                "// TTL is how long a hold keeps its seats: shorter for a queued on-sale,\n// where other fans wait for the seats (HOLD-412).\nfunc (s *Store) TTL(queued bool) time.Duration {\n    if queued && s.cfg.QueuedTTL > 0 {\n        return s.cfg.QueuedTTL\n    }\n    return s.cfg.TTL\n}\n"),
        "internal/config/config.go": gsub(repo.files["internal/config/config.go"], "    TTL       time.Duration `yaml:\"ttl\"`\n    MaxSeats",
                                         "    TTL       time.Duration `yaml:\"ttl\"`\n    QueuedTTL time.Duration `yaml:\"queued_ttl\"`\n    MaxSeats"),
        prod: repo.edit(prod, "  ttl: 10m\n  max_seats: 6\n", "  ttl: 10m\n  queued_ttl: 6m\n  max_seats: 6\n"),
    })
    repo.commit(utc("2026-06-11 14:31:00"), marta, "holds: log every refused hold with its reason (HOLD-415)\n\nThe hold dashboards only had status codes; for the postmortem of 5 June\nwe could not tell seat_taken from bad requests.", {
        api: gsub(repo.files[api],
                 '            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))\n            return\n        }\n        fan = p.Fan\n',
                 '            a.refused(event.ID, http.StatusForbidden, "pass_"+pass.Code(err), len(req.Seats))\n            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))\n            return\n        }\n        fan = p.Fan\n',
                 '            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))\n            return\n        }\n        if err != nil {\n',
                 '            a.refused(event.ID, http.StatusForbidden, "pass_"+pass.Code(err), len(req.Seats))\n            writeError(w, http.StatusForbidden, "pass_"+pass.Code(err))\n            return\n        }\n        if err != nil {\n',
                 '        a.log.Info("seats no longer available", "event", event.ID, "section", req.Section, "seats", len(req.Seats))\n',
                 '        a.refused(event.ID, http.StatusConflict, "seat_taken", len(req.Seats))\n',
                 "func writeError(",
                 "// refused logs a hold that was not created, with the code the web app gets.\nfunc (a *API) refused(event string, status int, reason string, seats int) {\n    a.log.Info(\"hold refused\", \"event\", event, \"status\", status, \"reason\", reason, \"seats\", seats)\n}\n\nfunc writeError("),
    })
    repo.commit(utc("2026-06-11 16:12:00"), bot, "fix(deps): update module golang.org/x/net to v0.40.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.39.0", "golang.org/x/net v0.40.0"),
    })
    repo.commit(utc("2026-06-12 06:41:00"), gareth, "waitroom: admit 1,800 a minute for the HBAY27 stadium on-sale (OPS-77)\n\nFour stadium dates, 212,000 tickets; the promoter's forecast is 1,350\norders a minute. Holds Redis was load-tested at 2,400 holds a minute.", {
        prod: repo.edit(prod, "  admit_per_minute: 1200\n", "  admit_per_minute: 1800\n"),
    })
    rel_419 = repo.commit(utc("2026-06-12 07:14:00"), priya, "release 4.19.0", {
        "VERSION": "4.19.0\n",
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.18.0"', 'newTag: "4.19.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.19.0\n\n- 6-minute holds for queued on-sales (HOLD-412).\n- Refused holds logged with their reason (HOLD-415).\n- Signing key named in refused passes (BOT-233).\n- Admission 1,800 a minute (OPS-77).\n- x/net 0.40.0.\n", 1),
    })
    fix = repo.commit(utc("2026-06-12 08:48:00"), femi, "pass: check the network only within one address family (BOT-236)\n\nqueue.tixora.co.uk is dual-stack on CloudFront, api.tixora.co.uk is\nIPv4 only (the partners' WAF allow-lists). A browser on a dual-stack\nnetwork is admitted over IPv6 and holds over IPv4, so since BOT-231 every\nsuch fan's hold was refused (pass_net a /48, client_net a /24) and the\nfan sent back to the queue: half the fans at the HBAY27 on-sale. The\nreplays we saw were IPv4 to IPv4; keep the check for those.", {
        ps: gsub(repo.files[ps],
                "    if p.Net != \"\" && Network(client).String() != p.Net {\n        return p, ErrAddress\n    }\n",
                "    if p.Net != \"\" && sameFamily(p.Net, client) && Network(client).String() != p.Net {\n        return p, ErrAddress\n    }\n",
                "// Network is the network",
                "// sameFamily reports whether the pass's network and the client address\n// are both IPv4 or both IPv6: the queue host is dual-stack and the API\n// host IPv4 only, so a fan admitted over IPv6 holds over IPv4 (BOT-236).\nfunc sameFamily(net string, client netip.Addr) bool {\n    p, err := netip.ParsePrefix(net)\n    return err == nil && p.Addr().Is4() == client.Is4()\n}\n\n// Network is the network"),
        "internal/pass/pass_test.go": gsub(repo.files["internal/pass/pass_test.go"],
                                          '        {"2001:db8:4a1:10::5", "2001:db8:77::1", false},\n',
                                          '        {"2001:db8:4a1:10::5", "2001:db8:77::1", false},\n        {"2001:db8:4a1:10::5", "203.0.113.7", true}, // dual-stack: queue over IPv6, API over IPv4\n'),
    })
    rel_4191 = repo.commit(utc("2026-06-12 08:52:00"), tom, "release 4.19.1", {
        "VERSION": "4.19.1\n",
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.19.0"', 'newTag: "4.19.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.19.1\n\n- Pass network checked only within one address family (BOT-236).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_418": rel_418, "rel_419": rel_419, "fix": fix, "rel_4191": rel_4191}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def hm(x):
    return at(x).strftime("%H:%M")


def bst(x):
    return (at(x) + dt.timedelta(hours=1)).strftime("%H:%M")


def h4(rng):
    return format(rng.randint(0x1000, 0xFFFF), "x")


def h4any(rng):
    return format(rng.randint(1, 0xFFFF), "x")


# name, ASN, share of fans, share on a dual-stack network, IPv4 maker, IPv6 /32 or /29 base
ISPS = [
    ("BT", 2856, 0.27, 0.86, lambda r: f"86.{r.randint(128, 191)}.{r.randint(0, 255)}.{r.randint(1, 254)}" if r.random() < 0.7 else f"81.{r.randint(128, 159)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
     lambda r: f"2a00:23c{r.choice('4567')}"),
    ("Sky", 5607, 0.18, 0.92, lambda r: f"2.{r.randint(96, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}" if r.random() < 0.6 else f"90.{r.randint(192, 223)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
     lambda r: f"2a02:c7{r.choice('cf')}"),
    ("Virgin Media", 5089, 0.18, 0.0, lambda r: f"82.{r.randint(0, 47)}.{r.randint(0, 255)}.{r.randint(1, 254)}" if r.random() < 0.5 else f"86.{r.randint(0, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}", None),
    ("EE", 12576, 0.13, 0.78, lambda r: f"31.{r.randint(94, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}", lambda r: "2a01:4c8"),
    ("Vodafone UK", 25135, 0.08, 0.07, lambda r: f"5.{r.randint(64, 71)}.{r.randint(0, 255)}.{r.randint(1, 254)}", lambda r: "2a04:4a43"),
    ("Three UK", 206067, 0.07, 0.0, lambda r: f"92.{r.randint(40, 41)}.{r.randint(0, 255)}.{r.randint(1, 254)}", None),
    ("TalkTalk", 13285, 0.06, 0.04, lambda r: f"92.{r.randint(0, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}", lambda r: f"2a02:8{r.choice('0123')}1{r.randint(0, 9)}"),
    ("O2 UK", 35228, 0.03, 0.0, lambda r: f"82.132.{r.randint(0, 255)}.{r.randint(1, 254)}", None),
]
DATACENTRES = [(16276, lambda r: f"51.{r.randint(68, 91)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
               (24940, lambda r: f"95.216.{r.randint(0, 255)}.{r.randint(1, 254)}"),
               (14061, lambda r: f"167.99.{r.randint(0, 255)}.{r.randint(1, 254)}"),
               (9009, lambda r: f"185.{r.choice([156, 195, 236])}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
               (16509, lambda r: f"18.130.{r.randint(0, 255)}.{r.randint(1, 254)}")]
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 19_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.5 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 19_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.4 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Linux; Android 16; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Mobile Safari/537.36",
       "Mozilla/5.0 (Linux; Android 15; SM-S931B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Mobile Safari/537.36",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.5 Safari/605.1.15",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:139.0) Gecko/20100101 Firefox/139.0"]
BOT_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/136.0.0.0 Safari/537.36"]
EDGES = ["LHR61-P2", "LHR61-P5", "LHR50-P3", "MAN51-P1", "MAN51-P2", "LHR3-P1", "DUB56-P1", "EDI50-C1"]
OTHER_EVENTS = ["MRLW26-O2A", "KLOE26-BRX", "FOLK26-BAR", "NGHT26-RSH", "CMDY26-HAM", "ORCH26-RAH", "DNCE26-MAN", "INDI26-LDS", "JAZZ26-RSH", "TRIB26-O2F"]
SECTIONS = {"HBAY27-WEM1": ["101", "102", "104", "110", "118", "124", "501", "506", "520", "PITCH-A", "PITCH-B"],
            "HBAY27-WEM2": ["103", "105", "112", "120", "126", "503", "512", "524", "PITCH-A", "PITCH-B"],
            "HBAY27-MAN1": ["N1", "N3", "E2", "E5", "S1", "S4", "W2", "PITCH"],
            "HBAY27-CDF1": ["L1-6", "L1-12", "L2-30", "L3-51", "L3-58", "PITCH-F", "PITCH-R"]}


def build_logs(rng, shas):
    app = Log("onsale-api.log")
    cfq = Log("cloudfront-rt-queue.log")
    cfa = Log("cloudfront-rt-api.log")
    issuer = Log("ticket-issuer.log")
    pgb = Log("pgbouncer.log")
    argo = Log("argocd-onsale-api.log")
    slack = Log("slack-onsale-warroom.log")
    zendesk = Log("zendesk-tickets.log")
    t0, t1 = secs(START), secs(END)
    onsale = secs(ONSALE)
    stats = {"fan_refusals": [], "bot_refusals": [], "rejoins": [], "orders": [], "hbay_orders": [], "examples": []}

    # --- pods on node ip-10-40-37-112 and their versions
    epochs = [(t0 - 86400 * 2, "onsale-api-6f7d9c5b84-q8hzr", "4.18.0", shas["rel_418"]),
              (secs(SYNC_419) + 24.3, "onsale-api-7b4c8d6f95-tm2xk", "4.19.0", shas["rel_419"]),
              (secs(ROLLBACK) + 22.8, "onsale-api-6f7d9c5b84-wd7nl", "4.18.0", shas["rel_418"]),
              (secs(FIX_SYNC) + 26.1, "onsale-api-5c9e7f8a63-jx4pv", "4.19.1", shas["rel_4191"])]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def slog(x, level, msg, pod=None, **kv):
        if not t0 <= x < t1:
            return
        t = at(x)
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 999):03d}Z", "level": level, "msg": msg,
                "pod": pod or epoch_at(x)[1]}
        body.update(kv)
        app.add(t, json.dumps(body, separators=(",", ":")))

    for i, (x0, pod, ver, sha) in enumerate(epochs[1:], 1):
        old = epochs[i - 1][1]
        slog(x0 + 7.9, "INFO", "shutting down: draining connections", pod=old)
        slog(x0, "INFO", "starting onsale-api", pod=pod, version=ver, commit=sha[:7], addr=":8080")
        slog(x0 + 0.041, "INFO", "redis pool ready", pod=pod, addr="onsale-holds.x7rk2q.clustercfg.euw2.cache.amazonaws.com:6379", pool_size=200)

    # --- CloudFront real-time logs (1% sample)
    def rt(log, x, ip, asn, method, host, path, status, nbytes, ua, result="Miss", ttfb=None):
        if not t0 <= x < t1:
            return
        ver = "IPv6" if ":" in ip else "IPv4"
        taken = ttfb if ttfb is not None else rng.uniform(0.012, 0.09)
        log.add(at(x), "\t".join([f"{x:.3f}", ip, ver, str(rng.randint(1024, 65535)), str(asn), "GB", f"{taken:.3f}", str(status), str(nbytes),
                                  method, "https", host, path, rng.choice(EDGES), edge_id(),
                                  f"{taken + rng.uniform(0.0005, 0.004):.3f}", "HTTP/2.0", ua.replace(" ", "%20"), result if status < 400 else "Error"]))

    def edge_id():
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(54)) + "=="

    def v6addr(base):
        return f"{base}:{h4(rng)}:{h4(rng)}:{h4any(rng)}:{h4any(rng)}:{h4any(rng)}:{h4any(rng)}"

    def net_of(addr):
        if ":" in addr:
            parts = addr.split(":")
            return f"{parts[0]}:{parts[1]}:{parts[2]}::/48"
        a, b, c, _ = addr.split(".")
        return f"{a}.{b}.{c}.0/24"

    def make_fan():
        isp = weighted(rng, [(i[2], i) for i in ISPS])
        name, asn, _, ds, v4, v6 = isp
        addr4 = v4(rng)
        addr6 = v6addr(v6(rng)) if v6 and rng.random() < ds else None
        return {"isp": name, "asn": asn, "v4": addr4, "v6": addr6, "ua": rng.choice(UAS), "id": "f_" + hexid(rng, 12)}

    def hold_id():
        return "h_" + "".join(rng.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(12))

    def pass_id():
        return "pa_" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(12))

    def seats_n():
        return weighted(rng, [(14, 1), (52, 2), (9, 3), (19, 4), (3, 5), (3, 6)])

    price = {"HBAY27-WEM1": (8950, 18500), "HBAY27-WEM2": (8950, 18500), "HBAY27-MAN1": (7950, 16500), "HBAY27-CDF1": (7450, 15500)}

    def order(x, event, seats, queued):
        """An order on a created hold: most are paid, some holds run out."""
        ver = epoch_at(x)[2]
        ttl = 360 if (queued and ver.startswith("4.19")) else 600
        if rng.random() < (0.86 if queued else 0.74):
            y = x + min(ttl - 5, rng.lognormvariate(4.7, 0.45))
            lo, hi = price.get(event, (2850, 6500))
            each = rng.choice([lo, lo, (lo + hi) // 2, hi])
            amount = each * seats + 275 * seats
            slow = 8 * 60 <= y - onsale <= 8 * 60 + 290 and rng.random() < 0.16
            auth_ms = rng.randint(4100, 9800) if slow else int(rng.lognormvariate(6.4, 0.45))
            if slow:
                slog(y + auth_ms / 1000 - 0.002, "WARN", "payment authorisation slow", psp="paylane", order_ref=f"TX-{rng.randint(40000000, 49999999)}", took_ms=auth_ms, three_ds=True)
            oid = f"TX-{rng.randint(40000000, 49999999)}"
            slog(y + auth_ms / 1000, "INFO", "order placed", order=oid, event=event, tickets=seats, amount_pence=amount, psp="paylane",
                 psp_ref=f"PL{hexid(rng, 14).upper()}", auth_ms=auth_ms, three_ds=rng.random() < 0.34)
            stats["orders"].append((y + auth_ms / 1000, event, seats, amount))
            if queued:
                stats["hbay_orders"].append((y + auth_ms / 1000, seats, amount))
        else:
            slog(x + ttl + rng.uniform(0.1, 1.9), "INFO", "hold released", event=event, reason="expired", seats=seats)

    def hold_attempt(x, fan, event, queued, sample, attempt=1):
        """A hold request on this node's pod; returns True if a hold was created."""
        ver = epoch_at(x)[2]
        seats = fan.setdefault("seats", seats_n())
        section = rng.choice(SECTIONS.get(event, ["STALLS", "CIRCLE", "BALCONY", "STANDING"]))
        taken = rng.random() < (0.23 if queued else 0.09)
        status = 409 if taken else 201
        if taken:
            if ver.startswith("4.19"):
                slog(x, "INFO", "hold refused", event=event, status=409, reason="seat_taken", seats=seats)
            else:
                slog(x, "INFO", "seats no longer available", event=event, section=section, seats=seats)
        else:
            slog(x, "INFO", "hold created", event=event, hold=hold_id(), section=section, seats=seats,
                 ttl_s=360 if (queued and ver.startswith("4.19")) else 600, queued=queued)
        if sample:
            rt(cfa, x - rng.uniform(0.02, 0.08), fan["v4"], fan["asn"], "POST", "api.tixora.co.uk", f"/v2/events/{event}/holds", status,
               {201: 412, 409: 27}[status], fan["ua"])
        if taken:
            if attempt < 3 and rng.random() < 0.8:
                hold_attempt(x + rng.uniform(4, 25), fan, event, queued, sample, attempt + 1)
            return False
        order(x, event, seats, queued)
        return True

    def refuse(x, event, pass_net, client_net, fan_id, sample_ip=None, asn=None, ua=None, kind="fan"):
        ver = epoch_at(x)[2]
        seats = rng.choice([2, 2, 4, 6]) if kind == "bot" else seats_n()
        kv = {"queue": QUEUE, "event": event, "pass": pass_id()}
        if ver.startswith("4.19"):
            kv["kid"] = "k202606"
        kv.update({"pass_net": pass_net, "client_net": client_net, "fan": fan_id})
        slog(x, "WARN", "admission pass refused: client address outside pass network", **kv)
        if ver.startswith("4.19"):
            slog(x + 0.00004, "INFO", "hold refused", event=event, status=403, reason="pass_address_mismatch", seats=seats)
        if sample_ip:
            rt(cfa, x - rng.uniform(0.02, 0.08), sample_ip, asn, "POST", "api.tixora.co.uk", f"/v2/events/{event}/holds", 403, 36, ua)
        stats["bot_refusals" if kind == "bot" else "fan_refusals"].append(x)

    # baseline: other events on general sale, not queued
    x = t0 - 700
    while True:
        x += rng.expovariate(2.6 / 60.0)
        if x >= t1:
            break
        fan = make_fan()
        hold_attempt(x, fan, rng.choice(OTHER_EVENTS), False, rng.random() < 0.24)

    # the queue: pre-queue from 07:00, randomised and admitting from 08:00
    def admit_rate(x):
        if x < secs(RATE_DOWN):
            return 1800
        if x < secs(RATE_UP):
            return 1200
        return 1800

    fix_live = epochs[3][0]
    x = onsale + 2.0
    admitted_here = []
    while True:
        x += rng.expovariate(admit_rate(x) / 24 / 60.0)
        if x >= t1:
            break
        admitted_here.append(x)
    for x in admitted_here:
        sample = rng.random() < 0.24
        event = weighted(rng, [(34, "HBAY27-WEM1"), (27, "HBAY27-WEM2"), (22, "HBAY27-MAN1"), (17, "HBAY27-CDF1")])
        if rng.random() < 0.04:
            # a pass admitted to a residential browser, replayed by a bot farm
            isp = weighted(rng, [(i[2], i) for i in ISPS])
            home = isp[4](rng)
            if sample:
                rt(cfq, x, home, isp[1], "POST", "queue.tixora.co.uk", f"/q/{QUEUE}/admit", 200, 684, rng.choice(UAS))
            y = x + rng.uniform(1.2, 4.5)
            for _ in range(rng.choice([1, 1, 2, 3])):
                asn, mk = rng.choice(DATACENTRES)
                ip_ = mk(rng)
                refuse(y, event, net_of(home), net_of(ip_), "f_" + hexid(rng, 12), ip_ if rng.random() < 0.24 else None, asn, rng.choice(BOT_UAS), kind="bot")
                y += rng.uniform(0.05, 0.9)
            continue
        fan = make_fan()
        admitted_from = fan["v6"] or fan["v4"]
        if sample:
            rt(cfq, x, admitted_from, fan["asn"], "POST", "queue.tixora.co.uk", f"/q/{QUEUE}/admit", 200, 684, fan["ua"])
        y = x + max(6.0, rng.lognormvariate(3.75, 0.5))
        if fan["v6"] and y < fix_live:
            refuse(y, event, net_of(fan["v6"]), net_of(fan["v4"]), fan["id"], fan["v4"] if sample else None, fan["asn"], fan["ua"])
            if len(stats["examples"]) < 40:
                stats["examples"].append((y, fan["isp"], net_of(fan["v6"]), net_of(fan["v4"])))
            r = y + rng.uniform(1.5, 6.0)
            stats["rejoins"].append(r)
            if sample:
                rt(cfq, r, fan["v6"], fan["asn"], "POST", "queue.tixora.co.uk", f"/q/{QUEUE}/rejoin", 200, 212, fan["ua"])
            continue
        hold_attempt(y, fan, event, True, sample)

    # a pass that outlived its 20 minutes
    for x in (secs(utc("2026-06-12 08:23:51")), secs(utc("2026-06-12 08:41:07")), secs(utc("2026-06-12 09:12:40"))):
        kv = {"queue": QUEUE, "event": rng.choice(list(SECTIONS)), "pass": pass_id()}
        if epoch_at(x)[2].startswith("4.19"):
            kv["kid"] = "k202606"
        slog(x, "WARN", "admission pass refused: expired", **kv)
        if epoch_at(x)[2].startswith("4.19"):
            slog(x + 0.00004, "INFO", "hold refused", event=kv["event"], status=403, reason="pass_expired", seats=2)

    # joins to the waiting room (1% sample), from fans and from bots the edge refuses
    def join_rate(x):        # per minute, all fans
        m = (x - secs(PREQUEUE)) / 60.0
        if m < 0:
            return 0.0
        if m < 60:
            return 900.0 + 21000.0 * (0.93 ** m)
        return 900.0 * max(0.3, 1 - (m - 60) / 120)

    x = secs(PREQUEUE) + 0.4
    joins = 0
    while True:
        x += rng.expovariate(max(join_rate(x), 1.0) / 100 / 60.0)
        if x >= t1:
            break
        if rng.random() < 0.07:
            asn, mk = rng.choice(DATACENTRES)
            rt(cfq, x, mk(rng), asn, "POST", "queue.tixora.co.uk", f"/q/{QUEUE}/join", 403, 191, rng.choice(BOT_UAS))
            continue
        fan = make_fan()
        rt(cfq, x, fan["v6"] or fan["v4"], fan["asn"], "POST", "queue.tixora.co.uk", f"/q/{QUEUE}/join", 201, 233, fan["ua"])
        joins += 1
    stats["joins_sampled"] = joins

    # waitroom status, every minute, from the pod that leads the queue's scheduler
    waiting = 0.0
    admitted_total = 0.0
    rejoins_sorted = sorted(stats["rejoins"])
    x = secs(PREQUEUE)
    slog(x + 0.31, "INFO", "pre-queue open", queue=QUEUE, onsale_at="2026-06-12T08:00:00Z", events=len(DATES))
    j = 0
    last = x
    while x < t1:
        x += 60
        if x >= t1:
            break
        steps = 60
        for k in range(steps):
            xx = last + k
            waiting += join_rate(xx) / 60.0
            if xx >= onsale:
                a = admit_rate(xx) / 60.0
                waiting -= a
                admitted_total += a
        while j < len(rejoins_sorted) and rejoins_sorted[j] < x:
            j += 1
            waiting += 24          # a refused fan joins again, at the back
        last = x
        phase = "admitting" if x >= onsale else "pre_queue"
        if x >= onsale and x - 60 < onsale:
            slog(onsale + 0.021, "INFO", "queue randomised", queue=QUEUE, waiting=int(waiting))
        slog(x + 0.4, "INFO", "waitroom status", queue=QUEUE, phase=phase, waiting=int(waiting), admitted_total=int(admitted_total),
             admit_per_minute=admit_rate(x) if x >= onsale else 0, rejoined_total=j * 24)
    for x, old, new, who in ((secs(RATE_DOWN), 1800, 1200, "gareth.lloyd"), (secs(RATE_UP), 1200, 1800, "gareth.lloyd")):
        slog(x, "INFO", "admission rate changed", queue=QUEUE, **{"from": old, "to": new}, by=f"admin:{who}")
    stats["rejoined_total"] = int(len(stats["rejoins"]) * 24)

    fan_ref = sorted(stats["fan_refusals"])
    bot_ref = sorted(stats["bot_refusals"])
    stats["first_refusal"] = min(fan_ref[0], bot_ref[0])
    stats["first_fan_refusal"] = fan_ref[0]
    fan_first_holds = len([1 for x in admitted_here if x < fix_live])
    stats["fan_share"] = len([x for x in fan_ref if x < fix_live]) / max(1, fan_first_holds)

    # --- ticket-issuer (ticketing team): captures and issues, every 20 s
    def spr(x, level, thread, logger, msg):
        if t0 <= x < t1:
            issuer.add(at(x), spring(at(x), level, thread, logger, msg))

    hb = sorted(stats["hbay_orders"])
    others = sorted((o[0], o[2], o[3]) for o in stats["orders"] if not o[1].startswith("HBAY27"))
    c = t0 + 11.37
    k = kk = 0
    sold = 0
    pace = []
    while c < t1:
        lo = c - 40
        n = tickets = amount = 0
        while k < len(hb) and hb[k][0] < c - 20:
            if hb[k][0] >= lo - 20:
                n += 1
                tickets += hb[k][1]
                amount += hb[k][2]
            k += 1
        if n:
            scale = 24 * rng.uniform(0.95, 1.05)
            nn, tt, aa = int(n * scale), int(tickets * scale), amount * scale / 100
            sold += tt
            pace.append((c, nn))
            spr(c, "INFO", f"capture-pool-{rng.randint(1, 8)}", "c.t.issuer.capture.CaptureBatchJob",
                f"Captured {nn} payments for {QUEUE} (GBP {aa:,.2f}), issued {tt} tickets in {rng.uniform(1.2, 3.9):.2f} s")
        if int((c - t0) // 20) % 3 == 0:
            n2 = t2 = a2 = 0
            while kk < len(others) and others[kk][0] < c - 20:
                n2 += 1
                t2 += others[kk][1]
                a2 += others[kk][2]
                kk += 1
            if n2:
                s2 = 24 * rng.uniform(0.9, 1.1)
                spr(c + 0.6, "INFO", f"capture-pool-{rng.randint(1, 8)}", "c.t.issuer.capture.CaptureBatchJob",
                    f"Captured {int(n2 * s2)} payments for {rng.randint(6, 10)} events (GBP {a2 * s2 / 100:,.2f}), issued {int(t2 * s2)} tickets in {rng.uniform(0.4, 1.1):.2f} s")
        c += 20 + rng.uniform(-0.05, 0.05)
    x = onsale + 60.8
    while x < t1:
        last = sum(n for cc, n in pace if x - 60 <= cc < x)
        total = sum(n for cc, n in pace if cc < x)
        spr(x, "INFO" if last >= 1100 else "WARN", "scheduling-1", "c.t.issuer.pace.SalesPaceReporter",
            f"Sales pace {QUEUE}: {last} orders in the last minute (forecast 1,350), {total:,} orders since 08:00")
        x += 60
    stats["pace"] = pace
    for x in (t0 + 1303.1, t0 + 3103.4, t0 + 4903.2, t0 + 6703.0, t0 + 8503.7, t0 + 10303.3):
        spr(x, "INFO", "scheduling-2", "c.t.issuer.paylane.TokenCache", "Paylane access token refreshed, expires in 3600 s")
    for x in sorted(rng.uniform(onsale + 200, t1) for _ in range(9)):
        spr(x, "WARN", f"capture-pool-{rng.randint(1, 8)}", "c.t.issuer.capture.PaylaneCaptureClient",
            f"Capture of order TX-{rng.randint(40000000, 49999999)} retried after Paylane 502 Bad Gateway (attempt 2 of 5)")

    # --- PgBouncer in front of the orders database
    def pg(x, msg):
        if t0 <= x < t1:
            t = at(x)
            pgb.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} UTC [1] {msg}")

    orders_sorted = sorted(o[0] for o in stats["orders"])
    x = t0 + 23.411
    while x < t1:
        n = len([1 for o in orders_sorted if x - 60 <= o < x]) * 24
        xacts = int(38 + n / 60 * 5.2 + rng.uniform(-4, 4))
        queries = int(xacts * rng.uniform(4.6, 5.1))
        pg(x, f"LOG stats: {xacts} xacts/s, {queries} queries/s, 0 client parses/s, 0 server parses/s, 0 binds/s, in {queries * rng.randint(180, 220)} B/s, "
              f"out {queries * rng.randint(900, 1100)} B/s, xact {rng.randint(1700, 2600) + n // 40} us, query {rng.randint(380, 520)} us, wait {rng.randint(8, 60)} us")
        x += 60
    for x0, pod, ver, sha in epochs[1:]:
        for i in range(4):
            y = x0 + 0.2 + i * 0.013
            pg(y, f"LOG C-0x55d1c{hexid(rng, 7)}: onsale/onsale@10.40.37.{rng.randint(20, 250)}:{rng.randint(40000, 60999)} login attempt: db=onsale user=onsale tls=TLSv1.3/TLS_AES_256_GCM_SHA384")
        for i in range(4):
            y = x0 + 8.1 + i * 0.009
            pg(y, f"LOG C-0x55d1c{hexid(rng, 7)}: onsale/onsale@10.40.37.{rng.randint(20, 250)}:{rng.randint(40000, 60999)} closing because: client close request (age={rng.randint(1900, 90000)}s)")

    # --- Argo CD
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/onsale-prod {extra}'.rstrip())

    x = t0 + 41
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "onsale", "time_ms": rng.randint(61, 190)})
        x += 180 + rng.uniform(0, 1)
    for kind, when, sha, hid, who, cm in (("auto", secs(SYNC_419), shas["rel_419"], 133, None, "7g2hm4c8tb"),
                                          ("rollback", secs(ROLLBACK), shas["rel_418"], 134, "priya.raman@tixora.co.uk", "b95f4k2d7c"),
                                          ("enable", secs(FIX_SYNC), shas["rel_4191"], 135, "priya.raman@tixora.co.uk", "7g2hm4c8tb")):
        objs = [f"/ConfigMap onsale/onsale-api-config-{cm} created", "apps/Deployment onsale/onsale-api configured"]
        if kind == "rollback":
            argo_line(when - 2.4, f"Rollback to history ID 132 ({sha}); automated sync disabled", user=who)
            argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "onsale", "user": who})
        elif kind == "enable":
            argo_line(when - 3.1, "automated sync enabled", user=who)
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "onsale"})
        else:
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "onsale"})
        for j, obj in enumerate(objs):
            argo_line(when + 1.7 + j * 0.2, obj, revision=sha)
        argo_line(when + 2.3, "Updated health status: Healthy -> Progressing", revision=sha)
        argo_line(when + 96 + rng.uniform(0, 15), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 112 + rng.uniform(0, 5), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    # --- #onsale-warroom
    users = {"gareth.lloyd": "U04GL2H7P", "priya.raman": "U03PR8K1D", "tom.ashworth": "U03TA5N2Q", "femi.adeyemi": "U05FA9C3R",
             "alertmanager": "B02ALRT7M", "lucy.marsh (comms)": "U06LM4T8S", "zoe.bright (support)": "U06ZB2W5K", "marta.kowalczyk": "U04MK7V1J"}

    def say(x, who, text):
        if isinstance(x, dt.datetime):
            x = secs(x)
        x += rng.randint(0, 999) / 1000
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "onsale-warroom", "ts": f"{int(x)}.{t.microsecond:06d}", "user": users[who],
                                 "user_name": who, "text": text}, ensure_ascii=False))

    def pace_at(x):
        return sum(n for cc, n in pace if x - 60 <= cc < x)

    share = round(stats["fan_share"] * 100)
    ex = stats["examples"]
    e1 = next(e for e in ex if e[1] == "BT")
    e2 = next(e for e in ex if e[1] == "EE")
    fan_before_fix = len([x for x in fan_ref if x < fix_live])
    bots_after = len([x for x in bot_ref if fix_live <= x < secs(FIX_SYNC) + 200])
    say(utc("2026-06-12 06:44:00"), "gareth.lloyd", "Morning all. HBAY27 general sale 09:00 BST, four stadium dates, 212k tickets. Pre-queue opens 08:00, admission 1,800/min (OPS-77, merged). Promoter forecast 1,350 orders/min")
    say(secs(SYNC_419) + 150, "priya.raman", "4.19.0 synced: HOLD-412 (6-min holds for queued on-sales), HOLD-415 (refused holds logged with their reason), BOT-233, x/net, OPS-77's admission rate. 4.18.0 (BOT-231 pass binding, PAY-318) has been in since Wednesday")
    say(utc("2026-06-12 07:31:00"), "femi.adeyemi", "bot team ready. edge is already refusing datacenter joins at the queue. first on-sale with BOT-231, replayed passes will get pass_address_mismatch")
    say(utc("2026-06-12 07:58:30"), "gareth.lloyd", "queue at ~339k, randomising at 09:00:00")
    say(onsale + 125, "alertmanager", "[FIRING:1] OnsaleHoldRefusalsHigh onsale-api: 43% of POST /v2/events/*/holds answered 403 (5m)")
    say(onsale + 170, "femi.adeyemi", "those are pass_address_mismatch, BOT-231 doing its job: passes replayed from other machines. expected in the first minutes, see the runbook")
    say(onsale + 262, "alertmanager", "[FIRING:1] PaylaneAuthLatencyHigh paylane authorisation p99 > 4s")
    say(onsale + 330, "tom.ashworth", "Paylane: 3DS challenge volume, their status page says degraded for card authentication. orders still going through")
    say(onsale + 495, "lucy.marsh (comms)", "Twitter is full of fans who chose seats and got 'Your session has expired, you have been returned to the waiting room' - back of the queue, 300k+ ahead of them. hundreds of posts in 5 minutes")
    say(onsale + 540, "alertmanager", "[RESOLVED] PaylaneAuthLatencyHigh paylane authorisation p99 > 4s")
    say(onsale + 600, "gareth.lloyd", f"sales pace {pace_at(onsale + 600):,}/min against 1,350 forecast. holds Redis is fine (CPU 31%). lowering admission to 1,200/min in case it's seat contention")
    say(secs(RATE_DOWN) + 20, "gareth.lloyd", "admission 1,200/min")
    say(utc("2026-06-12 08:15:10"), "priya.raman", "the runbook says roll back if the release before the on-sale changed holds, and 4.19.0 did (HOLD-412 6-minute holds, HOLD-415). rolling back onsale-prod to history 132 (4.18.0)")
    say(utc("2026-06-12 08:16:30"), "femi.adeyemi", "fine by me, 4.18.0 has BOT-231 so the bots stay out")
    say(secs(ROLLBACK) + 30, "priya.raman", "rollback started, auto-sync off")
    say(secs(ROLLBACK) + 250, "priya.raman", "4.18.0 running everywhere. the 'hold refused' lines are gone (that was HOLD-415), but the pass refusals haven't changed: still about half of the holds on HBAY27")
    say(utc("2026-06-12 08:29:40"), "zoe.bright (support)", "we're at 140 tickets, nearly all 'sent back to the queue after picking seats'. agents asked a few: BT, Sky and EE broadband, one on EE 5G. two on Virgin Media say they got through fine")
    say(utc("2026-06-12 08:31:20"), "femi.adeyemi", "these can't all be bots, half the admitted fans? the refused ones had ordinary bot scores at the queue")
    say(utc("2026-06-12 08:35:50"), "tom.ashworth", f"every fan's pass_address_mismatch has an IPv6 pass_net and an IPv4 client_net: pass_net={e1[2]} client_net={e1[3]}, pass_net={e2[2]} client_net={e2[3]}. queue.tixora.co.uk is dual-stack on CloudFront, api.tixora.co.uk has IPv6 off (partner allow-lists). a dual-stack browser is admitted over IPv6 and holds over IPv4, so the /48 never matches the /24")
    say(utc("2026-06-12 08:37:40"), "tom.ashworth", "cloudfront rt logs agree: /admit and /rejoin come in over IPv6 for about half the fans, /holds never does. the bot replays are IPv4 to IPv4")
    say(utc("2026-06-12 08:39:10"), "femi.adeyemi", "mine, BOT-231 (Tuesday, in 4.18.0 since Wednesday). the tests bind v4 to v4 and v6 to v6, never across. fix: check only within one family, keep it for v4-to-v4 replays. 10 min")
    say(utc("2026-06-12 08:40:30"), "gareth.lloyd", "keeping admission at 1,200 until it's out. comms: fans sent back keep their place? (WR-88 can't do that today)")
    say(utc("2026-06-12 08:49:20"), "femi.adeyemi", "BOT-236 merged")
    say(utc("2026-06-12 08:53:00"), "tom.ashworth", "4.19.1 tagged. @priya.raman re-enabling auto-sync on onsale-prod?")
    say(secs(FIX_SYNC) + 20, "priya.raman", "auto-sync on, 4.19.1 rolling out")
    say(secs(FIX_SYNC) + 200, "priya.raman", f"4.19.1 running. fans' pass refusals gone; what's left is IPv4 datacenter replays ({bots_after} on this node since it restarted) and seat_taken")
    say(utc("2026-06-12 09:03:30"), "gareth.lloyd", f"sales pace {pace_at(secs(utc('2026-06-12 09:03:30'))):,}/min at 1,200 admission. back to 1,800")
    say(secs(RATE_UP) + 15, "alertmanager", "[RESOLVED] OnsaleHoldRefusalsHigh onsale-api: 43% of POST /v2/events/*/holds answered 403 (5m)")
    say(utc("2026-06-12 09:09:00"), "zoe.bright (support)", "new tickets down to a trickle. macro for the 'sent back to the queue' ones is out")
    say(utc("2026-06-12 09:21:00"), "gareth.lloyd", f"about {stats['rejoined_total']:,} fans were sent back to the queue between 09:00 and 09:57 BST ({fan_before_fix:,} fans refused on this node alone). promoter informed. postmortem Monday; WR-88 (keep the place of a fan refused at the hold) goes up the list")

    # --- support tickets
    subjects = ["Sent back to the queue after choosing seats", "Kicked out of checkout into the waiting room again", "Session expired when I picked my seats??",
                "Lost my place in the queue - Halcyon Bay", "Halcyon Bay Wembley - returned to waiting room", "Why was I put at the back of the queue"]
    bodies = ["I waited since 8am, got in at 9:0{m}, picked 2 seats in block {b} and it said my session had expired and put me back in the queue with 310,000 people ahead.",
              "Got through the queue on my laptop (BT broadband), chose seats, 'session expired', back to the queue. My partner on his phone on 4G got through and bought tickets.",
              "Third time now. Selected seats, straight back to the waiting room. I'm on Sky fibre, Chrome.",
              "This happened on my iPhone on EE 5G. Chose 4 seats for Cardiff and was returned to the waiting room. Is my place lost?",
              "Your site put me back in the queue after choosing seats for Manchester. Virgin Media customer, but I used my work VPN? Not sure if that matters.",
              "Selected pitch standing x2 and it said my session expired. Now I'm at the back. Please reinstate my place.",
              "Was at the front of the queue and got kicked back out when I clicked reserve. On BT, Safari on a Mac."]
    x = onsale + 190
    n = 0
    while x < t1:
        rate = 5.5 if x < secs(FIX_SYNC) + 300 else 0.9
        x += rng.expovariate(rate / 60.0)
        if x >= t1:
            break
        n += 1
        body = rng.choice(bodies).format(m=rng.randint(1, 9), b=rng.choice(["110", "118", "501", "520", "N3", "L1-12"]))
        zendesk.add(at(x), json.dumps({"id": 5531201 + n * 3 + rng.randint(0, 2), "created_at": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "web",
                                       "subject": rng.choice(subjects), "description": body, "tags": ["hbay27", "onsale", "queue"], "status": "new"}, ensure_ascii=False))
    for text, subj in (("Can I change the name on my ticket for Marlowe at the O2 Academy?", "Name change"), ("Where is my confirmation email for Folk at the Barbican?", "No confirmation email"),
                       ("I was charged twice? I see two pending payments for the same order", "Charged twice"), ("Is there step-free access at Principality Stadium?", "Accessibility")):
        x = rng.uniform(t0, t1)
        zendesk.add(at(x), json.dumps({"id": 5531000 + rng.randint(1, 199), "created_at": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "web",
                                       "subject": subj, "description": text, "tags": ["general"], "status": "new"}, ensure_ascii=False))
    stats["tickets"] = n
    return [app, cfq, cfa, issuer, pgb, argo, slack, zendesk], stats


def build(out_dir):
    rng = random.Random(89100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_refusal"]).replace(microsecond=0)
        assert ONSALE < onset < ONSALE + dt.timedelta(seconds=90), onset
        culprit_at = utc("2026-06-09 14:37:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        share = round(stats["fan_share"] * 100)
        return write_scenario(
            out_dir, name="r89-admission-pass-ip-family", service=SERVICE, onset=onset,
            description=f"""
Tixora's general sale of Halcyon Bay's 2027 stadium dates goes wrong on
Friday 12 June 2026: from 09:00 BST (08:00 UTC) the waiting room admits
fans, and from {onset.strftime('%H:%M:%S')} UTC about {share}% of the admitted fans have their
first seat hold refused with 403 and are sent back to the back of the
queue; sales run at half the forecast. onsale-api 4.19.0 had been synced at
07:18; admission was lowered to 1,200 a minute at 08:11 and 4.19.0 rolled
back to 4.18.0 at 08:24 without effect. 4.19.1 was synced at 08:56; the
refusals stopped and admission went back to 1,800 at 09:04.
""",
            logs=logs,
            line_formats={
                "cloudfront-rt-queue.log": r'<Timestamp>\t<ClientIp>\t<IpVersion>\t<Port>\t<Asn>\t<Country>\t<Ttfb>\t<Content>',
                "cloudfront-rt-api.log": r'<Timestamp>\t<ClientIp>\t<IpVersion>\t<Port>\t<Asn>\t<Country>\t<Ttfb>\t<Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'admission pass refused: client address outside pass network',
            ],
            fix_files=["internal/pass/pass.go"],
            explanation=f"""
The culprit is BOT-231 ("pass: bind admission passes to the fan's
network"), committed on Tuesday 9 June at 14:37 UTC and shipped in 4.18.0
on Wednesday, {hours:.1f} hours before the onset. It records in each
admission pass the /24 (IPv4) or /48 (IPv6) of the address the fan was
admitted from and refuses a hold from an address outside it. The waiting
room (queue.tixora.co.uk) is a dual-stack CloudFront distribution, the API
(api.tixora.co.uk) has IPv6 off, so a browser on a dual-stack network (BT,
Sky, EE) is admitted over IPv6 and places its hold over IPv4: a /48 is
compared with a /24 and never matches. No queued on-sale ran between
Wednesday and Friday (only a queued event's holds need a pass). From the
first holds of the 08:00 UTC on-sale every such fan is refused ("admission
pass refused: client address outside pass network", pass_net an IPv6 /48,
client_net an IPv4 /24, {len(stats['fan_refusals'])} fans on this node before the fix) and sent
back to the queue. The fix (BOT-236) checks the network only within one
address family, in the culprit's file.
Decoys: 4.19.0, synced 42 minutes before the onset (HOLD-412, 6-minute
holds for queued on-sales; HOLD-415, which adds the "hold refused" line
that doubles every refusal; BOT-233 in the culprit's file; OPS-77, 1,800
admissions a minute; an x/net bump), rolled back to 4.18.0, which keeps
the culprit (the "hold refused" lines go, the refusals stay); the runbook
commit that reads 403 pass refusals as bots and says to roll back a
release that changed holds; the bots' real pass replays (IPv4 to IPv4),
refused by the same line before and after the fix; Paylane's 3-D Secure
latency alert at 08:04; the admission rate lowered to 1,200 for seat
contention; seat_taken 409s; a go-redis bump and a Paylane descriptor
change earlier in the week.
""",
        )
    finally:
        repo.close()
