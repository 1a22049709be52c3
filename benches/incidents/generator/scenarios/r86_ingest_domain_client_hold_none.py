"""trip-ingest (Go 1.23, zerolog; three pods on EKS in eu-west-2, synced by
Argo CD from `main`; team in London and Lisbon) takes the trips of Fairmile
Drive, Fairmile Insurance's usage-based car insurance, and queues them for
drivescore's scoring: the Fairmile Drive app's DriveSDK uploads each trip to
`api.fairmile.co.uk/v2/trips`, and the Telvix TX-2 dongles in the customers'
OBD ports upload a trip batch at ignition off to
`ingest.fmdrive.net/dongle/v1/batches`, the host in their Telvix config
profile since the product launched in 2021 as "fmdrive". The dongles also
keep an MQTT session to the vendor's Telvix Connect, which forwards their
device events (trips closed, upload errors, power) to trip-ingest's webhook
on api.fairmile.co.uk. A dongle that cannot upload keeps the trips and
retries 1, 3 and 7 minutes later, then at its next trip.

fmdrive.net was registered in 2021 by the launch team at Namewell, a
registrar outside the company's Route 53 Domains, with the Digital Ventures
card and the notice address drive-launch@fairmile.co.uk, a distribution
list deleted in 2024. Its auto-renew failed on 28 April (the card had
expired in March); the registry expiry date was 5 May; every notice
bounced. On Tuesday 12 May 2026 at 09:00 UTC Namewell's suspension run puts
the domain on clientHold, and the .net zone stops delegating it: resolvers
answer NXDOMAIN for ingest.fmdrive.net as their cached delegation runs out.
The dongles' SIM provider resolves through six resolver nodes that cap
cached records at an hour, so from 09:04 one node after another answers
NXDOMAIN, and a growing share of the dongles report "UPLOAD_ERROR dns:
ingest.fmdrive.net: NXDOMAIN" to Telvix Connect and keep their trips; the
platform team's synthetic check fails from Frankfurt at 09:09, London and
Dublin later. Phones upload to api.fairmile.co.uk as always.

trip-ingest 2.31.0 was synced at 08:31: ING-149 verifies an HMAC signature
on every dongle batch (two new dongles whose keys are not synced get 401),
ING-151 logs the upload errors the dongles report through Telvix (the very
warning that fills the log), ING-152 raises the dongle ingress's body
limit; Monday's runbook commit says to roll back after a release and check
Telvix. Telvix had a broker maintenance 09:00-09:30. Sam, on call, rolls
back to 2.30.2 at 09:46: the warnings stop, the dongle uploads keep
falling. Aisha reads the error the dongles give; Kwame finds NXDOMAIN
from the .net servers, `clientHold` and the 5 May expiry in whois, and the
bounced Namewell notices in the mail trace; IT recreates the notice
address to get into the Namewell account, the domain is renewed at 10:31
and the hold lifted at 10:34; the resolvers' negative caches run out by
10:50, the dongles upload again and flush what they kept at their next
trips, and 2.31.0 is synced again at 11:02. Nothing in trip-ingest is
changed.

Sources: trip-ingest (zerolog JSON), ingress-nginx access (both hosts),
Telvix Connect fleet event export (pipe-separated, line format), synthetic
checks (logfmt), Argo CD (logfmt), #drive-incident (Slack export, JSON
lines), the mail trace of Namewell's messages (Exchange Online CSV)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "trip-ingest"
START, END = utc("2026-05-12 07:50:00"), utc("2026-05-12 11:35:00")
RELEASE = utc("2026-05-12 08:31:04")
HOLD = utc("2026-05-12 09:00:41")
DELEGATION_GONE = utc("2026-05-12 09:01:30")
ROLLBACK = utc("2026-05-12 09:46:20")
RENEWED = utc("2026-05-12 10:31:08")
DELEGATION_BACK = utc("2026-05-12 10:34:40")
RESYNC = utc("2026-05-12 11:02:30")
HOST = "ingest.fmdrive.net"


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

GO_MOD = """module github.com/fairmile/trip-ingest

go 1.23

require (
	github.com/aws/aws-sdk-go-v2 v1.36.3
	github.com/aws/aws-sdk-go-v2/config v1.29.9
	github.com/aws/aws-sdk-go-v2/service/sqs v1.38.1
	github.com/prometheus/client_golang v1.21.1
	github.com/rs/zerolog v1.34.0
	golang.org/x/net v0.37.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

MAIN = go('''package main

import (
    "context"
    "net/http"
    "os"
    "os/signal"

    "github.com/rs/zerolog"

    "github.com/fairmile/trip-ingest/internal/config"
    "github.com/fairmile/trip-ingest/internal/dongle"
    "github.com/fairmile/trip-ingest/internal/phone"
    "github.com/fairmile/trip-ingest/internal/queue"
    "github.com/fairmile/trip-ingest/internal/telvix"
)

var version, commit = "dev", "none"

func main() {
    zerolog.TimeFieldFormat = "2006-01-02T15:04:05.000Z07:00"
    log := zerolog.New(os.Stdout).With().Timestamp().Logger()
    cfg := config.MustLoad(os.Getenv("CONFIG_PATH"))
    ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
    defer stop()

    q := queue.New(ctx, cfg.Queue, log)
    stats := queue.NewStats(log)
    go stats.Run(ctx)

    mux := http.NewServeMux()
    mux.Handle("POST /v2/trips", phone.NewHandler(cfg.Phone, q, stats, log))
    mux.Handle("POST /dongle/v1/batches", dongle.NewHandler(cfg.Dongle, q, stats, log))
    mux.Handle("POST /telvix/v1/events", telvix.NewWebhook(cfg.Telvix, stats, log))
    mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
    log.Info().Str("version", version).Str("commit", commit).Str("addr", cfg.Addr).Msg("starting trip-ingest")
    if err := http.ListenAndServe(cfg.Addr, mux); err != nil {
        log.Fatal().Err(err).Msg("server stopped")
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
    Addr   string `yaml:"addr"`
    Phone  Phone  `yaml:"phone"`
    Dongle Dongle `yaml:"dongle"`
    Telvix Telvix `yaml:"telvix"`
    Queue  Queue  `yaml:"queue"`
}

type Phone struct {
    MaxBody int64 `yaml:"max_body"`
}

type Dongle struct {
    MaxBody int64 `yaml:"max_body"`
}

type Telvix struct {
    WebhookSecretEnv string `yaml:"webhook_secret_env"`
}

type Queue struct {
    URL          string        `yaml:"url"`
    BatchTimeout time.Duration `yaml:"batch_timeout"`
}

func MustLoad(path string) *Config {
    raw, err := os.ReadFile(path)
    if err != nil {
        panic(err)
    }
    cfg := &Config{Addr: ":8080"}
    if err := yaml.Unmarshal(raw, cfg); err != nil {
        panic(err)
    }
    return cfg
}
''')

PROD_YAML = """addr: ":8080"
phone:
  max_body: 2097152
dongle:
  max_body: 4194304
telvix:
  webhook_secret_env: TELVIX_WEBHOOK_SECRET
queue:
  url: https://sqs.eu-west-2.amazonaws.com/611204873390/score-trips
  batch_timeout: 2s
"""

DONGLE = go('''package dongle

import (
    "io"
    "net/http"

    "github.com/rs/zerolog"

    "github.com/fairmile/trip-ingest/internal/config"
    "github.com/fairmile/trip-ingest/internal/queue"
)

// Handler takes the trip batches the Telvix TX-2 dongles upload at ignition
// off (ingest.fmdrive.net, the host in the dongles' Telvix config profile).
// A batch holds every trip the dongle has not uploaded yet.
type Handler struct {
    cfg   config.Dongle
    q     *queue.Queue
    stats *queue.Stats
    log   zerolog.Logger
}

func NewHandler(cfg config.Dongle, q *queue.Queue, stats *queue.Stats, log zerolog.Logger) *Handler {
    return &Handler{cfg: cfg, q: q, stats: stats, log: log}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
    if err != nil {
        http.Error(w, "batch too large", http.StatusRequestEntityTooLarge)
        return
    }
    batch, err := decodeBatch(body)
    if err != nil {
        h.stats.Rejected("dongle")
        http.Error(w, err.Error(), http.StatusBadRequest)
        return
    }
    for _, trip := range batch.Trips {
        h.q.Publish(r.Context(), queue.Trip{ID: trip.ID, Source: "dongle", Device: batch.Device, Body: trip.Raw})
    }
    h.stats.Upload("dongle", len(batch.Trips))
    w.WriteHeader(http.StatusAccepted)
}
''')

PHONE = go('''package phone

import (
    "encoding/json"
    "io"
    "net/http"

    "github.com/rs/zerolog"

    "github.com/fairmile/trip-ingest/internal/config"
    "github.com/fairmile/trip-ingest/internal/queue"
)

// Handler takes one trip per request from the Fairmile Drive app (DriveSDK),
// on api.fairmile.co.uk.
type Handler struct {
    cfg   config.Phone
    q     *queue.Queue
    stats *queue.Stats
    log   zerolog.Logger
}

func NewHandler(cfg config.Phone, q *queue.Queue, stats *queue.Stats, log zerolog.Logger) *Handler {
    return &Handler{cfg: cfg, q: q, stats: stats, log: log}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
    if err != nil {
        http.Error(w, "trip too large", http.StatusRequestEntityTooLarge)
        return
    }
    var trip struct {
        ID string `json:"trip_id"`
    }
    if err := json.Unmarshal(body, &trip); err != nil || trip.ID == "" {
        h.stats.Rejected("phone")
        http.Error(w, "bad trip", http.StatusBadRequest)
        return
    }
    if dup := h.q.Publish(r.Context(), queue.Trip{ID: trip.ID, Source: "phone", Body: body}); dup {
        w.WriteHeader(http.StatusConflict)
        return
    }
    h.stats.Upload("phone", 1)
    w.WriteHeader(http.StatusCreated)
}
''')

TELVIX = go('''package telvix

import (
    "encoding/json"
    "net/http"

    "github.com/rs/zerolog"

    "github.com/fairmile/trip-ingest/internal/config"
    "github.com/fairmile/trip-ingest/internal/queue"
)

// Event is one device event forwarded by Telvix Connect (the dongles' MQTT
// session to the vendor), heartbeats excluded.
type Event struct {
    Device   string `json:"device"`
    Firmware string `json:"fw"`
    Type     string `json:"type"`
    Detail   string `json:"detail"`
    Attempt  int    `json:"attempt"`
    Buffered int    `json:"buffered"`
}

type Webhook struct {
    cfg   config.Telvix
    stats *queue.Stats
    log   zerolog.Logger
}

func NewWebhook(cfg config.Telvix, stats *queue.Stats, log zerolog.Logger) *Webhook {
    return &Webhook{cfg: cfg, stats: stats, log: log}
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    if !verified(r, h.cfg) {
        w.WriteHeader(http.StatusUnauthorized)
        return
    }
    var events []Event
    if err := json.NewDecoder(r.Body).Decode(&events); err != nil {
        w.WriteHeader(http.StatusBadRequest)
        return
    }
    for _, e := range events {
        h.stats.Event(e.Type)
    }
    w.WriteHeader(http.StatusNoContent)
}
''')

QUEUE_STATS = go('''package queue

import (
    "context"
    "sync"
    "time"

    "github.com/rs/zerolog"
)

// Stats logs what a pod took in over the last minute.
type Stats struct {
    mu       sync.Mutex
    uploads  map[string]int
    trips    map[string]int
    rejected map[string]int
    events   map[string]int
    log      zerolog.Logger
}

func NewStats(log zerolog.Logger) *Stats {
    return &Stats{uploads: map[string]int{}, trips: map[string]int{}, rejected: map[string]int{}, events: map[string]int{}, log: log}
}

func (s *Stats) Upload(source string, trips int) {
    s.mu.Lock()
    s.uploads[source]++
    s.trips[source] += trips
    s.mu.Unlock()
}

func (s *Stats) Rejected(source string) { s.mu.Lock(); s.rejected[source]++; s.mu.Unlock() }

func (s *Stats) Event(kind string) { s.mu.Lock(); s.events[kind]++; s.mu.Unlock() }

func (s *Stats) Run(ctx context.Context) {
    t := time.NewTicker(time.Minute)
    defer t.Stop()
    for {
        select {
        case <-ctx.Done():
            return
        case <-t.C:
            s.flush()
        }
    }
}

func (s *Stats) flush() {
    s.mu.Lock()
    defer s.mu.Unlock()
    s.log.Info().Str("window", "1m0s").Int("phone_uploads", s.uploads["phone"]).Int("dongle_uploads", s.uploads["dongle"]).
        Int("dongle_trips", s.trips["dongle"]).Int("rejected", s.rejected["phone"]+s.rejected["dongle"]).Msg("uploads")
    s.log.Info().Str("window", "1m0s").Int("trip_closed", s.events["TRIP_CLOSED"]).Int("upload_error", s.events["UPLOAD_ERROR"]).
        Int("upload_ok", s.events["UPLOAD_OK"]).Int("other", s.other()).Msg("telvix events")
    s.uploads, s.trips, s.rejected, s.events = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
}

func (s *Stats) other() int {
    n := 0
    for k, v := range s.events {
        if k != "TRIP_CLOSED" && k != "UPLOAD_ERROR" && k != "UPLOAD_OK" {
            n += v
        }
    }
    return n
}
''')

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: trip-ingest
  labels:
    app: trip-ingest
spec:
  replicas: 3
  selector:
    matchLabels:
      app: trip-ingest
  template:
    metadata:
      labels:
        app: trip-ingest
    spec:
      serviceAccountName: trip-ingest
      containers:
        - name: trip-ingest
          image: registry.fairmile.internal/drive/trip-ingest
          ports:
            - containerPort: 8080
          env:
            - name: CONFIG_PATH
              value: /etc/trip-ingest/production.yaml
          envFrom:
            - secretRef:
                name: trip-ingest
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 5
"""

INGRESS_API = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: trip-ingest-api
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [api.fairmile.co.uk]
      secretName: api-fairmile-tls
  rules:
    - host: api.fairmile.co.uk
      http:
        paths:
          - path: /v2/trips
            pathType: Prefix
            backend:
              service: {name: trip-ingest, port: {number: 8080}}
          - path: /telvix/v1/events
            pathType: Prefix
            backend:
              service: {name: trip-ingest, port: {number: 8080}}
"""

INGRESS_DONGLE = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: trip-ingest-dongle
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
    nginx.ingress.kubernetes.io/proxy-body-size: "4m"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [ingest.fmdrive.net]
      secretName: ingest-fmdrive-tls
  rules:
    - host: ingest.fmdrive.net
      http:
        paths:
          - path: /dongle/v1/batches
            pathType: Prefix
            backend:
              service: {name: trip-ingest-dongle, port: {number: 8080}}
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: drive
resources:
  - deployment.yaml
  - service.yaml
  - ingress-api.yaml
  - ingress-dongle.yaml
configMapGenerator:
  - name: trip-ingest-config
    files: [../config/production.yaml]
images:
  - name: registry.fairmile.internal/drive/trip-ingest
    newTag: "2.30.1"
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: trip-ingest
spec:
  selector:
    app: trip-ingest
  ports:
    - port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: trip-ingest-dongle
spec:
  selector:
    app: trip-ingest
  ports:
    - port: 8080
"""

DOCS_DONGLES = """# Dongles

Telvix TX-2 (firmware 4.7/4.8), Kiteline IoT SIMs. Each dongle is
provisioned by Telvix with our config profile `fairmile-drive-v3`:

- upload URL `https://ingest.fmdrive.net/dongle/v1/batches` (the launch
  domain; changing it means a config profile push by Telvix to every
  dongle, planned for the v4 profile);
- device key for the batch signature (since ING-149, synced from the
  Telvix device API);
- events to Telvix Connect over MQTT (`mqtt.eu1.telvix.io`), forwarded to
  `https://api.fairmile.co.uk/telvix/v1/events`.

A dongle uploads at ignition off; if that fails it keeps the trips and
retries 1, 3 and 7 minutes later, then at its next trip (it keeps up to 400
trips). Telvix Connect's portal shows each device's last upload error.
"""

RUNBOOK = """# trip-ingest runbook

Owner: #drive-oncall. Dashboards: Grafana > Drive > Ingest.

## PhoneUploadErrors

5xx on `/v2/trips`: check the SQS publish errors in the pod logs and the
queue's `score-trips` permissions.
"""

README = """# trip-ingest

Takes trips from the Fairmile Drive app (`POST /v2/trips` on
api.fairmile.co.uk) and from the Telvix dongles (`POST /dongle/v1/batches`
on ingest.fmdrive.net), and Telvix Connect's device events
(`POST /telvix/v1/events`), and queues the trips for drivescore.

## Running locally

```
make test
CONFIG_PATH=config/production.yaml go run ./cmd/trip-ingest
```

## Deploying

A release commit sets the image tag in `k8s/kustomization.yaml`; Argo CD
(`trip-ingest-prod`) syncs `main`.
"""

CI = """name: ci
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
        with:
          go-version: '1.23'
      - run: go vet ./...
      - run: go test ./...
"""

DOCKERFILE = """FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
ARG VERSION=dev
ARG COMMIT=none
RUN CGO_ENABLED=0 go build -ldflags "-X main.version=$VERSION -X main.commit=$COMMIT" -o /out/trip-ingest ./cmd/trip-ingest

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/trip-ingest /trip-ingest
ENTRYPOINT ["/trip-ingest"]
"""


def build_repo():
    repo = Repo()
    aisha = Person("Aisha Bello", "aisha.bello@fairmile.co.uk", 60)
    sam = Person("Sam Adeyemi", "sam.adeyemi@fairmile.co.uk", 60)
    kwame = Person("Kwame Mensah", "kwame.mensah@fairmile.co.uk", 60)
    ines = Person("Inês Carvalho", "ines.carvalho@fairmile.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    repo.commit(utc("2026-05-06 09:40:00"), aisha, "trip-ingest: phone trips, dongle batches and Telvix events", {
        "go.mod": GO_MOD,
        "cmd/trip-ingest/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        "internal/dongle/handler.go": DONGLE,
        "internal/phone/handler.go": PHONE,
        "internal/telvix/webhook.go": TELVIX,
        "internal/queue/stats.go": QUEUE_STATS,
        "config/production.yaml": PROD_YAML,
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/service.yaml": SERVICE_YAML,
        "k8s/ingress-api.yaml": INGRESS_API,
        "k8s/ingress-dongle.yaml": INGRESS_DONGLE,
        "k8s/kustomization.yaml": KUSTOMIZATION,
        "docs/dongles.md": DOCS_DONGLES,
        "docs/runbook.md": RUNBOOK,
        "README.md": README,
        "Dockerfile": DOCKERFILE,
        "Makefile": "build:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n",
        ".github/workflows/ci.yml": CI,
    })
    rng = random.Random(86021)
    repo.schedule(chores(rng, SERVICE, [sam, ines], utc("2026-05-06 12:00:00"), utc("2026-05-11 16:00:00"), 2))
    repo.commit(utc("2026-05-07 06:12:00"), bot, "Bump github.com/aws/aws-sdk-go-v2/service/sqs from 1.38.1 to 1.38.3", {
        "go.mod": repo.edit("go.mod", "github.com/aws/aws-sdk-go-v2/service/sqs v1.38.1", "github.com/aws/aws-sdk-go-v2/service/sqs v1.38.3"),
    })
    repo.commit(utc("2026-05-07 13:25:00"), ines, "phone: accept DriveSDK 5.4's trip schema (ING-146)", {
        "internal/phone/handler.go": repo.edit("internal/phone/handler.go", go('        ID string `json:"trip_id"`\n'), go('        ID     string `json:"trip_id"`\n        Schema int    `json:"schema"` // 3 (SDK 5.3) or 4 (SDK 5.4: segments)\n')),
    })
    rel_2302 = repo.commit(utc("2026-05-08 13:30:00"), aisha, "release 2.30.2", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.30.1"', 'newTag: "2.30.2"'),
    })
    repo.commit(utc("2026-05-11 09:15:00"), aisha, "dongle: verify the batch signature with the device key (ING-149)\n\nTX-2 firmware 4.8 signs each batch (X-Telvix-Signature, HMAC-SHA256 over\nthe body with the device key). Keys are synced from the Telvix device\nAPI every 15 minutes; a batch without a valid signature gets 401 and the\ndongle keeps it.", {
        "internal/dongle/handler.go": sub(repo.files["internal/dongle/handler.go"],
                                         go("    batch, err := decodeBatch(body)\n"),
                                         go("    if !h.keys.Verify(r.Header.Get(\"X-Telvix-Device\"), r.Header.Get(\"X-Telvix-Signature\"), body) {\n        h.log.Warn().Str(\"device\", r.Header.Get(\"X-Telvix-Device\")).Msg(\"dongle batch signature mismatch\")\n        h.stats.Rejected(\"dongle\")\n        w.WriteHeader(http.StatusUnauthorized)\n        return\n    }\n    batch, err := decodeBatch(body)\n"),
                                         go("    log   zerolog.Logger\n}\n"), go("    log   zerolog.Logger\n    keys  *KeyStore\n}\n")),
        "internal/dongle/keys.go": go('''package dongle

import (
    "crypto/hmac"
    "crypto/sha256"
    "encoding/hex"
    "sync"
)

// KeyStore holds the dongles' batch keys, synced from the Telvix device API.
type KeyStore struct {
    mu   sync.RWMutex
    keys map[string][]byte
}

func (k *KeyStore) Verify(device, signature string, body []byte) bool {
    k.mu.RLock()
    key, ok := k.keys[device]
    k.mu.RUnlock()
    if !ok {
        return false
    }
    mac := hmac.New(sha256.New, key)
    mac.Write(body)
    want, err := hex.DecodeString(signature)
    return err == nil && hmac.Equal(mac.Sum(nil), want)
}
'''),
    })
    repo.commit(utc("2026-05-11 13:50:00"), sam, "telvix: log the upload errors the dongles report (ING-151)\n\nThey were only counted; support had to open the Telvix portal to see why\na customer's trips were missing.", {
        "internal/telvix/webhook.go": sub(repo.files["internal/telvix/webhook.go"],
                                         go("    for _, e := range events {\n        h.stats.Event(e.Type)\n    }\n"),
                                         go("    for _, e := range events {\n        h.stats.Event(e.Type)\n        if e.Type == \"UPLOAD_ERROR\" {\n            h.log.Warn().Str(\"device\", e.Device).Str(\"fw\", e.Firmware).Str(\"error\", e.Detail).\n                Int(\"attempt\", e.Attempt).Int(\"buffered_trips\", e.Buffered).Msg(\"dongle reported upload failure\")\n        }\n    }\n")),
    })
    repo.commit(utc("2026-05-11 15:30:00"), sam, "runbook: dongle uploads drop", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## DongleUploadRateLow

Dongle batches are well below the same time last week.

1. Telvix Connect: https://status.telvix.io. Their broker maintenance
   delays events, not uploads, but a firmware or profile push can stop
   uploads for a while.
2. If a trip-ingest release went out in the last hours, roll it back in
   Argo CD first (`trip-ingest-prod`, History and Rollback), then look.
3. 401 on `/dongle/v1/batches`: the device keys (ING-149) are not synced;
   check the key sync's last run.
4. 413: a dongle with a large backlog; raise the dongle ingress's
   proxy-body-size.
""",
    })
    repo.commit(utc("2026-05-12 06:05:00"), bot, "Bump golang.org/x/net from 0.37.0 to 0.38.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.37.0", "golang.org/x/net v0.38.0"),
    })
    repo.commit(utc("2026-05-12 07:22:00"), kwame, "ingress: 8m body limit for dongle batches (ING-152)\n\nA dongle that was offline for a week uploads a batch larger than 4m and\ngets 413 at every attempt (TX2-3C0D91 since Friday).", {
        "k8s/ingress-dongle.yaml": repo.edit("k8s/ingress-dongle.yaml", 'proxy-body-size: "4m"', 'proxy-body-size: "8m"'),
        "config/production.yaml": repo.edit("config/production.yaml", "dongle:\n  max_body: 4194304\n", "dongle:\n  max_body: 8388608\n"),
    })
    rel_2310 = repo.commit(utc("2026-05-12 08:12:00"), aisha, "release 2.31.0", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "2.30.2"', 'newTag: "2.31.0"'),
    })
    return repo, {"rel_2302": rel_2302, "rel_2310": rel_2310}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def interp(x, points):
    pts = [(secs(utc(f"2026-05-12 {hm}:00")), v) for hm, v in points]
    if x <= pts[0][0]:
        return pts[0][1]
    for (a, va), (b, vb) in zip(pts, pts[1:]):
        if x <= b:
            return va + (vb - va) * (x - a) / (b - a)
    return pts[-1][1]


def build_logs(rng, shas):
    app = Log("trip-ingest.log")
    ingress = Log("ingress-nginx.log")
    telvix = Log("telvix-connect-events.log")
    synth = Log("synthetic-checks.log")
    argo = Log("argocd-trip-ingest.log")
    slack = Log("slack-drive-incident.log")
    trace = Log("mail-trace-namewell.log")
    t0, t1 = secs(START), secs(END)
    stats = {"dns_errors": [], "uploads": {}, "recovered": []}

    # --- the dongle fleet and the SIM provider's resolver nodes
    devices = []
    seen = set()
    while len(devices) < 4620:
        d = "TX2-" + hexid(rng, 6).upper()
        if d not in seen:
            seen.add(d)
            devices.append((d, "4.8.2" if rng.random() < 0.81 else "4.7.9", rng.randrange(6)))
    node_fail = [secs(DELEGATION_GONE) + off for off in (157, 655, 1104, 2013, 2470, 3108)]
    node_back = [secs(DELEGATION_BACK) + rng.uniform(30, 900) for _ in range(6)]

    def resolvable(node, x):
        return not (node_fail[node] <= x < node_back[node])

    # --- pods and versions
    pods_old = ["trip-ingest-7c9d5f6b8-4kxqm", "trip-ingest-7c9d5f6b8-h2wzt", "trip-ingest-7c9d5f6b8-r8vnc"]
    pods_new = ["trip-ingest-5b8f7c4d9-9tq2w", "trip-ingest-5b8f7c4d9-lm6xk", "trip-ingest-5b8f7c4d9-zc4rp"]
    pods_rb = ["trip-ingest-7c9d5f6b8-b5jtd", "trip-ingest-7c9d5f6b8-q7cxs", "trip-ingest-7c9d5f6b8-w3hnf"]
    pods_re = ["trip-ingest-5b8f7c4d9-6fzkv", "trip-ingest-5b8f7c4d9-p8dmq", "trip-ingest-5b8f7c4d9-x4rgl"]
    epochs = [(t0 - 86400 * 4, pods_old, "2.30.2", shas["rel_2302"]), (secs(RELEASE) + 20, pods_new, "2.31.0", shas["rel_2310"]),
              (secs(ROLLBACK) + 18, pods_rb, "2.30.2", shas["rel_2302"]), (secs(RESYNC) + 21, pods_re, "2.31.0", shas["rel_2310"])]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def zl(x, level, msg, **kv):
        if not t0 <= x < t1:
            return
        body = {"level": level, "time": iso_ms(x)}
        body.update(kv)
        body["message"] = msg
        app.add(at(x), json.dumps(body, separators=(",", ":")))

    for x0, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            zl(x0 + k * 9 + rng.uniform(0, 2), "info", "starting trip-ingest", pod=pod, version=ver, commit=sha[:7], addr=":8080")

    counters = {}

    def count(x, key, n=1):
        pod = rng.choice(epoch_at(x)[1])
        minute = int(x // 60) * 60
        c = counters.setdefault((pod, minute), {})
        c[key] = c.get(key, 0) + n
        return pod

    # --- ingress-nginx
    def ingress_line(x, ip, method, path, proto, status, ua, req_len, rt, upstream):
        if not t0 <= x < t1:
            return
        t = at(x)
        body = {201: 64, 202: 31, 204: 0, 401: 0, 413: 176, 409: 47}[status]
        if status == 413:   # refused by nginx itself (proxy-body-size), no upstream
            upstream_part = "- - - -"
        else:
            upstream_part = f"10.42.{rng.randint(8, 15)}.{rng.randint(2, 250)}:8080 {body} {max(0.001, rt - 0.001):.3f} {status}"
        ingress.add(t, f'{ip} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} {proto}" {status} {body} "-" "{ua}" {req_len} {rt:.3f} [{upstream}] [] {upstream_part} {hexid(rng, 32)}')

    def sim_ip():
        return f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    ios = ["FairmileDrive/6.14.0 (iPhone; iOS 26.5) DriveSDK/5.4.0", "FairmileDrive/6.14.0 (iPhone; iOS 26.4.2) DriveSDK/5.4.0", "FairmileDrive/6.13.1 (iPhone; iOS 26.4.2) DriveSDK/5.3.1"]
    android = ["FairmileDrive/6.14.0 (Android 16; Pixel 9) DriveSDK/5.4.0", "FairmileDrive/6.14.0 (Android 15; SM-S931B) DriveSDK/5.4.0", "FairmileDrive/6.13.1 (Android 14; SM-A556B) DriveSDK/5.3.1"]

    def phone_rate(x):
        return interp(x, [("07:50", 16.0), ("08:30", 17.0), ("09:30", 11.0), ("10:30", 9.0), ("11:35", 10.0)])

    def dongle_rate(x):
        return interp(x, [("07:50", 9.5), ("08:20", 10.5), ("09:30", 7.0), ("10:30", 6.0), ("11:35", 6.5)])

    x = t0
    while True:
        x += rng.expovariate(phone_rate(x) / 60.0)
        if x >= t1:
            break
        ua = rng.choice(ios) if rng.random() < 0.57 else rng.choice(android)
        status = 201 if rng.random() > 0.005 else 409
        ingress_line(x, f"{rng.choice([31, 82, 86, 92, 109, 148, 176, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                     "POST", "/v2/trips", "HTTP/2.0", status, ua, rng.randint(38000, 980000), rng.uniform(0.04, 0.32), "drive-trip-ingest-8080")
        if status == 201:
            count(x, "phone_uploads")

    # --- Telvix Connect's export and the dongles' uploads
    def tvx(x, device, fw, content):
        if not t0 <= x < t1:
            return
        t = at(x)
        telvix.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} | {device} | fw {fw} | {content}")

    webhook_events = []   # (x, type, device, fw, detail, attempt, buffered)
    pending = {}          # device -> trips kept
    failed_attempts = {}  # device -> failed attempts since the last good upload
    by_id = {d: (d, fw, node) for d, fw, node in devices}
    rtc_reset = [devices[11], devices[12]]
    big_backlog = ("TX2-3C0D91", "4.7.9", 2)
    new_keys = [("TX2-9A17E4", "4.8.2", 4), ("TX2-9A1802", "4.8.2", 1)]
    keys_synced_at = secs(utc("2026-05-12 08:47:12"))
    pending[big_backlog[0]] = 210
    failed_attempts[big_backlog[0]] = 96

    def attempt_outcome(dev, x):
        d, fw, node = dev
        if not resolvable(node, x):
            return "dns", f"dns: {HOST}: NXDOMAIN"
        if dev in rtc_reset:
            return "tls", "tls: x509: certificate has expired or is not yet valid (device clock 2000-01-01)"
        if dev == big_backlog and x < secs(RELEASE) + 30:
            return "413", "http 413 Request Entity Too Large"
        if dev in new_keys and epoch_at(x)[2] == "2.31.0" and x < keys_synced_at:
            return "401", "http 401 Unauthorized"
        return "ok", None

    def trip_end(x, dev):
        d, fw, node = dev
        km = round(rng.lognormvariate(2.2, 0.75), 1)
        tvx(x, d, fw, f"TRIP_CLOSED distance={km}km duration={int(km * rng.uniform(70, 160))}s")
        webhook_events.append((x + rng.uniform(1, 6), "TRIP_CLOSED", d, fw, "", 0, 0))
        pending[d] = pending.get(d, 0) + 1
        first = x + rng.uniform(3, 25)
        retries = (first, first + 60 + rng.uniform(0, 2), first + 180 + rng.uniform(0, 2), first + 420 + rng.uniform(0, 2))
        for n, a in enumerate(retries, 1):
            kind, detail = attempt_outcome(dev, a)
            if kind == "ok":
                trips = pending.pop(d)
                fails = failed_attempts.pop(d, 0)
                ingress_line(a, sim_ip(), "POST", "/dongle/v1/batches", "HTTP/1.1", 202, f"Telvix-TX2/{fw}", 2400 + trips * rng.randint(9000, 26000), rng.uniform(0.02, 0.11) + 0.002 * trips, "drive-trip-ingest-dongle-8080")
                count(a, "dongle_uploads")
                count(a, "dongle_trips", trips)
                if fails:
                    tvx(a + 0.3, d, fw, f"UPLOAD_OK after {fails} failed attempts: {trips} trips uploaded (http 202)")
                    webhook_events.append((a + rng.uniform(1, 6), "UPLOAD_OK", d, fw, "", 0, 0))
                    stats["recovered"].append(a)
                return
            failed_attempts[d] = failed_attempts.get(d, 0) + 1
            if kind in ("401", "413"):
                code = int(kind)
                ingress_line(a, sim_ip(), "POST", "/dongle/v1/batches", "HTTP/1.1", code, f"Telvix-TX2/{fw}", 2400 + pending[d] * 18000 + rng.randint(0, 900), rng.uniform(0.003, 0.02), "drive-trip-ingest-dongle-8080")
                if kind == "401":
                    zl(a + 0.001, "warn", "dongle batch signature mismatch", pod=count(a, "rejected"), device=d)
            if kind == "dns":
                stats["dns_errors"].append(a)
            tvx(a + 0.05, d, fw, f"UPLOAD_ERROR {detail} (attempt {n}, {pending[d]} trips buffered)")
            webhook_events.append((a + rng.uniform(1, 6), "UPLOAD_ERROR", d, fw, detail, n, pending[d]))

    special_trips = [(secs(utc("2026-05-12 08:04:37")), big_backlog), (secs(utc("2026-05-12 08:52:19")), big_backlog),
                     (secs(utc("2026-05-12 08:36:02")), new_keys[0]), (secs(utc("2026-05-12 08:41:55")), new_keys[1]),
                     (secs(utc("2026-05-12 09:26:40")), new_keys[0])]
    trip_times = []
    x = t0 - 600
    while True:
        x += rng.expovariate(dongle_rate(max(x, t0)) / 60.0)
        if x >= t1:
            break
        r = rng.random()
        dev = rng.choice(rtc_reset) if r < 0.004 else devices[rng.randrange(len(devices))]
        trip_times.append((x, dev))
    trip_times += special_trips
    trip_times.sort(key=lambda item: item[0])
    for x, dev in trip_times:
        trip_end(x, dev)

    # routine device events: power, GNSS, unplugged; the broker failover during Telvix's maintenance
    for _ in range(70):
        x = rng.uniform(t0, t1)
        d, fw, node = devices[rng.randrange(len(devices))]
        kind = rng.choice(["LOW_VOLTAGE", "LOW_VOLTAGE", "GNSS_COLD_START", "UNPLUGGED", "PLUGGED_IN"])
        content = {"LOW_VOLTAGE": f"LOW_VOLTAGE battery {rng.uniform(11.4, 11.9):.1f} V, entering deep sleep",
                   "GNSS_COLD_START": f"GNSS_COLD_START fix after {rng.randint(28, 95)} s",
                   "UNPLUGGED": "UNPLUGGED from OBD port",
                   "PLUGGED_IN": "PLUGGED_IN to OBD port"}[kind]
        tvx(x, d, fw, content)
        webhook_events.append((x + rng.uniform(1, 6), kind, d, fw, "", 0, 0))
    for _ in range(164):
        x = secs(utc("2026-05-12 09:07:40")) + rng.uniform(0, 290)
        d, fw, node = devices[rng.randrange(len(devices))]
        tvx(x, d, fw, f"MQTT_RECONNECT broker mqtt.eu1.telvix.io, offline {rng.randint(8, 95)} s")
        webhook_events.append((x + rng.uniform(1, 6), "MQTT_RECONNECT", d, fw, "", 0, 0))

    # --- the webhook: Telvix Connect posts every 15 s
    webhook_events.sort(key=lambda e: e[0])
    x = t0 + rng.uniform(0, 15)
    j = 0
    while x < t1:
        batch = []
        while j < len(webhook_events) and webhook_events[j][0] <= x:
            batch.append(webhook_events[j])
            j += 1
        ingress_line(x, "34.241.118.20", "POST", "/telvix/v1/events", "HTTP/1.1", 204, "TelvixConnect-Webhooks/2.6", 240 + 180 * len(batch), rng.uniform(0.004, 0.03), "drive-trip-ingest-8080")
        ver = epoch_at(x)[2]
        for (_, kind, d, fw, detail, attempt, buffered) in batch:
            pod = count(x, "ev_" + kind)
            if kind == "UPLOAD_ERROR" and ver == "2.31.0":
                zl(x + rng.uniform(0.002, 0.02), "warn", "dongle reported upload failure", pod=pod, device=d, fw=fw, error=detail, attempt=attempt, buffered_trips=buffered)
        x += 15 + rng.uniform(-0.3, 0.3)

    # per-minute stats of each pod
    minute = int(t0 // 60) * 60 + 60
    while minute < t1:
        pods = epoch_at(minute)[1]
        for k, pod in enumerate(pods):
            c = counters.get((pod, minute - 60), {})
            xx = minute + 2.1 + k * 0.37
            zl(xx, "info", "uploads", pod=pod, window="1m0s", phone_uploads=c.get("phone_uploads", 0), dongle_uploads=c.get("dongle_uploads", 0),
               dongle_trips=c.get("dongle_trips", 0), rejected=c.get("rejected", 0))
            other = sum(v for key, v in c.items() if key.startswith("ev_") and key not in ("ev_TRIP_CLOSED", "ev_UPLOAD_ERROR", "ev_UPLOAD_OK"))
            zl(xx + 0.001, "info", "telvix events", pod=pod, window="1m0s", trip_closed=c.get("ev_TRIP_CLOSED", 0), upload_error=c.get("ev_UPLOAD_ERROR", 0),
               upload_ok=c.get("ev_UPLOAD_OK", 0), other=other)
        minute += 60
    for _ in range(3):
        x = rng.uniform(t0, t1)
        zl(x, "warn", "sqs publish retried", pod=rng.choice(epoch_at(x)[1]), queue="score-trips", attempt=2, err="operation error SQS: SendMessageBatch, https response error StatusCode: 500, RequestID: " + hexid(rng, 8) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12) + ", InternalError: We encountered an internal error. Please try again.")

    # --- synthetic checks from three probes
    probe_fail = {"Frankfurt": secs(utc("2026-05-12 09:09:03")), "London": secs(utc("2026-05-12 09:27:31")), "Dublin": secs(utc("2026-05-12 09:46:12"))}
    probe_back = {p: secs(DELEGATION_BACK) + rng.uniform(120, 900) for p in probe_fail}
    stats["probe_fail"] = probe_fail
    for p, off in (("London", 7.1), ("Frankfurt", 19.4), ("Dublin", 33.8)):
        x = t0 + off
        while x < t1:
            for job, target in (("dongle-ingest", f"https://{HOST}/healthz"), ("phone-ingest", "https://api.fairmile.co.uk/healthz")):
                xx = x + (0.0 if job == "dongle-ingest" else 1.2)
                if job == "dongle-ingest" and probe_fail[p] <= xx < probe_back[p]:
                    synth.add(at(xx), f'ts={iso_ms(xx)} level=error probe={p} job={job} target={target} msg="check failed" err="Get \\"{target}\\": dial tcp: lookup {HOST} on 127.0.0.53:53: no such host" duration_seconds={rng.uniform(0.004, 0.03):.3f}')
                else:
                    synth.add(at(xx), f'ts={iso_ms(xx)} level=info probe={p} job={job} target={target} msg="check succeeded" status=200 duration_seconds={rng.uniform(0.03, 0.16):.3f}')
            x += 60 + rng.uniform(-0.2, 0.2)

    # --- Argo CD
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/trip-ingest-prod {extra}'.rstrip())

    x = t0 + 11
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "drive", "time_ms": rng.randint(40, 150)})
        x += 180 + rng.uniform(0, 1)
    objs = ["/ConfigMap drive/trip-ingest-config-7k2h9fm4bt created", "apps/Deployment drive/trip-ingest configured", "networking.k8s.io/Ingress drive/trip-ingest-dongle configured"]
    argo_line(secs(RELEASE), f"Initiated automated sync to '{shas['rel_2310']}'", **{"dest-namespace": "drive"})
    for j, o in enumerate(objs):
        argo_line(secs(RELEASE) + 1.5 + j * 0.2, o, revision=shas["rel_2310"])
    argo_line(secs(RELEASE) + 41, "Updated health status: Progressing -> Healthy", revision=shas["rel_2310"])
    argo_line(secs(RELEASE) + 47, f"Sync operation to {shas['rel_2310']} succeeded", revision=shas["rel_2310"], historyID=34)
    argo_line(secs(ROLLBACK) - 2, f"Rollback to history ID 33 ({shas['rel_2302']}); automated sync disabled", user="sam.adeyemi@fairmile.co.uk")
    argo_line(secs(ROLLBACK), f"Initiated sync to '{shas['rel_2302']}'", **{"dest-namespace": "drive", "user": "sam.adeyemi@fairmile.co.uk"})
    for j, o in enumerate(["apps/Deployment drive/trip-ingest configured", "networking.k8s.io/Ingress drive/trip-ingest-dongle configured"]):
        argo_line(secs(ROLLBACK) + 1.5 + j * 0.2, o, revision=shas["rel_2302"])
    argo_line(secs(ROLLBACK) + 39, "Updated health status: Progressing -> Healthy", revision=shas["rel_2302"])
    argo_line(secs(ROLLBACK) + 45, f"Sync operation to {shas['rel_2302']} succeeded", revision=shas["rel_2302"], historyID=35)
    argo_line(secs(RESYNC) - 2, "automated sync enabled", user="sam.adeyemi@fairmile.co.uk")
    argo_line(secs(RESYNC), f"Initiated automated sync to '{shas['rel_2310']}'", **{"dest-namespace": "drive"})
    for j, o in enumerate(["apps/Deployment drive/trip-ingest configured", "networking.k8s.io/Ingress drive/trip-ingest-dongle configured"]):
        argo_line(secs(RESYNC) + 1.5 + j * 0.2, o, revision=shas["rel_2310"])
    argo_line(secs(RESYNC) + 40, "Updated health status: Progressing -> Healthy", revision=shas["rel_2310"])
    argo_line(secs(RESYNC) + 46, f"Sync operation to {shas['rel_2310']} succeeded", revision=shas["rel_2310"], historyID=36)

    # --- the mail trace of Namewell's messages (Exchange Online, message trace report)
    def mail(when, recipient, status, subject, size):
        x = secs(utc(when)) + rng.uniform(0, 0.999)
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"
        mid = f"<{hexid(rng, 12)}.{hexid(rng, 8)}@mail.namewell.com>"
        trace.add(t, f'{stamp},notices@namewell.com,{recipient}##Receive, {status},"{subject}",{size},{mid},{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)},198.51.100.{rng.randint(20, 40)},Incoming,Default Connector,Normal')

    mail("2026-04-05 09:00:12", "drive-launch@fairmile.co.uk", "Fail", "Renewal reminder: fmdrive.net expires on 2026-05-05", 21877)
    mail("2026-04-05 09:00:13", "marketing-web@fairmile.co.uk", "Deliver", "Renewal reminder: fairmiledrive.com expires on 2026-06-02 (auto-renew on)", 21541)
    mail("2026-04-21 09:00:09", "drive-launch@fairmile.co.uk", "Fail", "Renewal reminder: fmdrive.net expires in 14 days", 21760)
    mail("2026-04-28 06:00:31", "drive-launch@fairmile.co.uk", "Fail", "Auto-renewal failed: fmdrive.net (payment declined: card expired)", 23094)
    mail("2026-05-03 09:00:10", "marketing-web@fairmile.co.uk", "Deliver", "Renewal reminder: fairmiledrive.com expires in 30 days (auto-renew on)", 21536)
    mail("2026-05-04 09:00:08", "drive-launch@fairmile.co.uk", "Fail", "Final reminder: fmdrive.net expires tomorrow", 21903)
    mail("2026-05-06 00:12:44", "drive-launch@fairmile.co.uk", "Fail", "Expired: fmdrive.net expired on 2026-05-05; renew within 7 days to avoid suspension", 22415)
    mail("2026-05-11 09:00:17", "drive-launch@fairmile.co.uk", "Fail", "fmdrive.net will be suspended tomorrow", 22240)
    mail("2026-05-12 09:00:41", "drive-launch@fairmile.co.uk", "Fail", "Domain suspended: fmdrive.net has expired and is on hold", 22876)
    mail("2026-05-12 10:17:05", "drive-launch@fairmile.co.uk", "Deliver", "Password reset for your Namewell account", 14230)
    mail("2026-05-12 10:31:22", "drive-launch@fairmile.co.uk", "Deliver", "Receipt: fmdrive.net renewed for 2 years", 19662)
    mail("2026-05-12 10:34:51", "drive-launch@fairmile.co.uk", "Deliver", "fmdrive.net is active again", 17120)

    # --- Slack #drive-incident
    users = {"alertmanager": "B03ALRT2K", "telvix-status (rss)": "B04RSS7TV", "aisha.bello": "U02AB6K9P", "sam.adeyemi": "U03SA2Q5M",
             "kwame.mensah (platform)": "U02KM8R1D", "laura.mitchell (IT)": "U05LM3T7C"}

    def say(when, who, text):
        x = secs(utc(when)) if isinstance(when, str) else when
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "drive-incident", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first_dns = min(stats["dns_errors"])
    say("2026-05-12 08:14:00", "aisha.bello", "releasing trip-ingest 2.31.0: ING-149 batch signatures on dongle uploads, ING-151 logs the upload errors the dongles report through Telvix, ING-152 8m body limit for dongle batches (Kwame's), x/net 0.38.0")
    say("2026-05-12 08:33:00", "aisha.bello", "2.31.0 synced, 3/3 healthy. the two dongles activated this morning (TX2-9A17E4, TX2-9A1802) get 401 until the key sync picks them up")
    say("2026-05-12 08:53:00", "aisha.bello", "key sync ran at 08:47, both upload now. TX2-3C0D91 got its 212-trip backlog in with the 8m limit")
    say("2026-05-12 09:00:30", "telvix-status (rss)", "Telvix Connect: Scheduled maintenance in progress - MQTT broker eu-1, 09:00-09:30 UTC. Devices may reconnect; event delivery may be delayed by a few minutes.")
    say("2026-05-12 09:21:10", "alertmanager", "[FIRING:1] DongleUploadRateLow trip-ingest dongle batches 46% below last Tuesday (15m)")
    say("2026-05-12 09:24:00", "sam.adeyemi", f"on it. trip-ingest has 'dongle reported upload failure' warnings since {at(first_dns).strftime('%H:%M')} (new in 2.31.0, ING-151), and Telvix has its broker maintenance right now, lots of MQTT_RECONNECTs in their portal")
    say("2026-05-12 09:32:00", "sam.adeyemi", "Telvix maintenance is over (09:30) and dongle uploads keep dropping, about a third of normal now. phones normal. runbook: release in the last hours -> roll back first. 2.31.0 changed the dongle path (ING-149 signatures, the ingress body limit). rolling back to 2.30.2")
    say(secs(ROLLBACK) + 70, "sam.adeyemi", "rolled back to history 33 (2.30.2), auto-sync off. the warnings are gone")
    say("2026-05-12 09:55:00", "sam.adeyemi", "no better. almost no dongle batch arrives now. no 401s or 413s in the ingress log, the batches just don't arrive")
    say("2026-05-12 09:58:00", "aisha.bello", f"the ING-151 warnings before the rollback had error=\"dns: {HOST}: NXDOMAIN\". the dongles can't resolve our host. Telvix's portal says the same for every failing device")
    say("2026-05-12 10:03:00", "kwame.mensah (platform)", f"dig {HOST} @1.1.1.1 -> NXDOMAIN. asking our Route 53 zone directly (ns-1187.awsdns-20.org) answers fine. dig +trace: a.gtld-servers.net says NXDOMAIN for fmdrive.net, the delegation is gone. whois: Registrar Namewell, Registry Expiry Date 2026-05-05T23:59:59Z, Domain Status: clientHold. it's not in our Route 53 Domains. who has the Namewell account?")
    say("2026-05-12 10:06:00", "sam.adeyemi", "synthetics agree: dongle-ingest fails 'no such host' from Frankfurt since 09:09, London since 09:27, Dublin since 09:46. phone-ingest green everywhere")
    say("2026-05-12 10:11:00", "kwame.mensah (platform)", "mail trace for namewell.com: the fmdrive.net notices to drive-launch@fairmile.co.uk all bounced (the list was deleted in 2024): reminders since 5 April, auto-renewal failed 28 April (card expired), expired 5 May, 'Domain suspended' today 09:00:41. fairmiledrive.com's go to marketing-web@ and are fine")
    say("2026-05-12 10:14:00", "laura.mitchell (IT)", "the Namewell login is drive-launch@ too. recreating it as a shared mailbox to get the password reset")
    say("2026-05-12 10:32:30", "laura.mitchell (IT)", "renewed fmdrive.net for 2 years on the IT card at 10:31. Namewell says the hold is lifted within minutes")
    say("2026-05-12 10:37:00", "kwame.mensah (platform)", "dig +trace shows the delegation again. resolvers that cached the NXDOMAIN keep it up to 15 minutes (the .net SOA's negative TTL)")
    last_back = max(node_back)
    say(last_back + 150, "sam.adeyemi", "dongle batches back to normal. the dongles flush what they kept at their next trip (TX-2 keeps 400), so the rest arrives through the day")
    say(secs(RESYNC) + 60, "sam.adeyemi", "auto-sync back on, 2.31.0 again")
    say(secs(RESYNC) + 420, "kwame.mensah (platform)", "fmdrive.net moves to Route 53 Domains with auto-renew this week and goes into the domain expiry monitor. postmortem Thursday")
    stats["first_dns"] = first_dns
    stats["node_fail"] = node_fail
    stats["node_back"] = node_back
    return [app, ingress, telvix, synth, argo, slack, trace], stats


def build(out_dir):
    rng = random.Random(86200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_dns"]).replace(microsecond=0)
        assert HOLD < onset < HOLD + dt.timedelta(minutes=8), onset
        n_dns = len(stats["dns_errors"])
        return write_scenario(
            out_dir, name="r86-ingest-domain-client-hold-none", service=SERVICE, onset=onset,
            description=f"""
Fairmile Drive's dongles stop uploading trips on Tuesday 12 May 2026: from
{onset.strftime('%H:%M:%S')} UTC a growing share of the Telvix TX-2 dongles report upload
errors to Telvix Connect and keep their trips; by 10:00 almost no dongle
batch reaches trip-ingest, while phone uploads are normal. trip-ingest
2.31.0 had been synced at 08:31; it was rolled back to 2.30.2 at 09:46
without effect. Dongle uploads recovered between 10:35 and 10:50 and 2.31.0
was synced again at 11:02.
""",
            logs=logs,
            line_formats={"telvix-connect-events.log": r'<Date> <Time> \| <Device> \| fw <Firmware> \| <Content>'},
            repo=repo, culprit="none",
            root_cause=[
                r'dns: .*NXDOMAIN',
                r'Domain suspended: .* has expired and is on hold',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. fmdrive.net, the domain of the dongles' upload host
ingest.fmdrive.net, was registered in 2021 at Namewell, outside the
company's Route 53 Domains, with a card that expired in March and a notice
address (drive-launch@fairmile.co.uk) deleted in 2024. Auto-renew failed on
28 April, the domain expired on 5 May, and at 09:00:41 UTC on 12 May
Namewell's suspension run put it on clientHold ("Domain suspended:
fmdrive.net has expired and is on hold", bounced like every notice before
it); the .net zone stopped delegating it. As the resolvers' cached
delegation ran out (the dongles' SIM provider's six nodes from 09:04 to
09:53, the synthetic probes from 09:09), lookups answered NXDOMAIN and the
dongles reported "UPLOAD_ERROR dns: ingest.fmdrive.net: NXDOMAIN" ({n_dns}
failed attempts), keeping their trips. IT recreated the notice address to
get into the account, renewed the domain at 10:31, the hold was lifted at
10:34 and the negative caches ran out by 10:50. Nothing in trip-ingest was
changed.
Decoys: release 2.31.0, synced {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (ING-149, batch
signatures in the very dongle upload path, with real 401s for two dongles
activated that morning until the 08:47 key sync; ING-151, which adds the
very "dongle reported upload failure" warning that fills the log; ING-152,
the dongle ingress's body limit, with a dongle's 413 backlog before it; an
x/net bump), rolled back at 09:46 without effect (the warnings stop, the
uploads keep falling); Monday's runbook commit that reads a drop in dongle
uploads as Telvix or a release and says to roll back first; Telvix
Connect's broker maintenance 09:00-09:30 and its MQTT_RECONNECTs at the
onset; two dongles with a reset clock failing TLS all morning; an SQS
InternalError retry; phone uploads, on api.fairmile.co.uk, unaffected.
""",
        )
    finally:
        repo.close()
