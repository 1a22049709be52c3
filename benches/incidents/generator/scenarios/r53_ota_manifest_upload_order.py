"""ota-publisher (Go 1.23; three pods on EKS in eu-central-1, deployed by a
manual GitHub Actions workflow running `helm upgrade`; team in Berlin,
Lisbon and Montréal) of Lingotide, a localization SaaS: customers' string
files come in from their repositories through webhooks, are machine
translated, matched against translation memory and reviewed by translators
in the workbench. ota-publisher serves the result over the air: when a
customer publishes a release of a distribution, it writes one JSON bundle
per locale to S3 (`v3/<dist>/<release>/<locale>.json`, immutable) and then
`v3/<dist>/manifest.json` (max-age 10 s), which names the current release.
CloudFront (ota.lingotide.net, with an origin shield in Frankfurt) serves
them to the customers' mobile apps, whose Lingotide SDK reads the manifest
at a cold start and fetches its locale's bundle when the release changed.
The platform team's CloudFront config caches 404s for 300 s (2025, to keep
the retired v2 SDK paths off S3). The SDK, on a failed bundle download,
keeps the release it has and does not try that release again.

On Monday 19 October at 14:22 UTC OTA-219 makes publishing concurrent: a
38-locale release took 2.5 minutes and the dashboard's publish call timed
out. Locales are built and uploaded through an errgroup, eight at a time,
and the manifest, which "only needs the release number and the locale
list", is one more goroutine in the same group instead of the last
upload. It goes out at 15:41 with the docs commit after it. For most
distributions a publish now takes well under a second and the manifest
is ahead of the bundles for a fraction of it; mid-sized ones (Pendl, 11
locales, Wednesday 16:12; Kantu, 14 locales, 16:47) have a locale asked
for in that gap, a NoSuchKey in S3's log, a few users' worth of failures
and a ticket about "some users on old strings".

Wednesday 21 October 17:00 UTC (19:00 in Berlin) Rydo, a ride-hailing
app, launches its Ride Pass campaign: its CI publishes release 42 (38
locales, 14,000 keys, about 25 s of building) and the manifest is in S3
half a second after the start. Within seconds the shield and the edges serve the
new manifest, riders' apps ask for their locale's bundle, S3 answers
NoSuchKey for every locale not uploaded yet and CloudFront keeps that 404
for five minutes: riders get "ridepass.banner.title" instead of text and
their SDKs stay on release 41. A release had gone out at 16:31 (OTA-233,
which logs the SDKs' bundle fetch failures, the very warning that now
fills the log; OTA-235, S3 put timeout and retries; an aws-sdk-go-v2 bump;
OTA-224 in the culprit's file); the on-call rolls it back at 17:23 to
Monday's revision, which holds the culprit, and asks Rydo to publish
again: release 43 at 17:41 has the same 404s (without the warnings, the
old code does not log them). The S3 access log shows CloudFront's GETs
of `v3/d_7hq2kx/43/pl.json` answered NoSuchKey seconds before the
publisher's PUT of it, and the manifest's PUT first; the author of OTA-219
writes the manifest after `g.Wait()` (OTA-240), deployed at 18:36, and
Rydo's release 44 at 18:52 reaches every rider.

Sources: ota-publisher (Go slog text through `kubectl logs --prefix`, line
format), CloudFront real-time logs (tab-separated, 1 % sampling),
S3 server access log of lt-ota-prod (the on-call's Athena query: PUTs,
errors and Rydo's prefix), GitHub Actions deploy runs, #inc-ota (Slack
export, JSON lines), Zendesk tickets (webhook JSON)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "ota-publisher"
START, END = utc("2026-10-21 15:50:00"), utc("2026-10-21 19:12:00")
MON_DEPLOY = utc("2026-10-19 15:41:30")
RELEASE = utc("2026-10-21 16:30:40")       # 1.32.0 pods start
PUB42 = utc("2026-10-21 17:00:00")
ROLLBACK = utc("2026-10-21 17:23:20")      # 1.31.0 pods start again
PUB43 = utc("2026-10-21 17:41:00")
FIXED = utc("2026-10-21 18:36:10")          # 1.32.1 pods start
PUB44 = utc("2026-10-21 18:52:00")
ERR_TTL = 300.0
RYDO = "d_7hq2kx"
BUCKET = "lt-ota-prod"
ACCOUNT = "514238807651"
OWNER = "8f6c1d2e0b7a4c93a1e5d6f70b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
CF_DOMAIN = "d2k9x7qv3l8m1p.cloudfront.net"

# Rydo's locales in build order (the release's list is sorted) and the share
# of riders using each.
RYDO_LOCALES = [
    ("ar", 0.03), ("bg", 0.01), ("cs", 0.02), ("da", 0.01), ("de", 0.13), ("el", 0.02), ("en", 0.14),
    ("es", 0.09), ("et", 0.003), ("fi", 0.01), ("fil", 0.002), ("fr", 0.10), ("he", 0.005), ("hi", 0.005),
    ("hr", 0.01), ("hu", 0.02), ("id", 0.003), ("it", 0.07), ("ja", 0.003), ("ko", 0.002), ("lt", 0.005),
    ("lv", 0.004), ("ms", 0.001), ("nb", 0.01), ("nl", 0.04), ("pl", 0.07), ("pt-PT", 0.03), ("ro", 0.04),
    ("ru", 0.02), ("sk", 0.01), ("sl", 0.005), ("sv", 0.02), ("th", 0.002), ("tr", 0.03), ("uk", 0.03),
    ("vi", 0.004), ("zh-Hans", 0.005), ("zh-Hant", 0.002),
]
EDGES = [("FRA56-P4", "DE", 0.14), ("FRA60-P1", "DE", 0.08), ("AMS58-P2", "NL", 0.07), ("LHR61-P3", "GB", 0.09),
         ("CDG55-P3", "FR", 0.09), ("MAD56-P2", "ES", 0.08), ("MXP63-P3", "IT", 0.07), ("WAW51-P2", "PL", 0.08),
         ("VIE50-P1", "AT", 0.04), ("OTP50-P1", "RO", 0.04), ("PRG50-P1", "CZ", 0.03), ("ARN54-C1", "SE", 0.04),
         ("IST50-P1", "TR", 0.05), ("ATH50-C1", "GR", 0.02), ("LIS50-P1", "PT", 0.02), ("BUD50-P1", "HU", 0.02)]
PREF = {"de": ["FRA56-P4", "FRA60-P1", "VIE50-P1"], "fr": ["CDG55-P3"], "es": ["MAD56-P2"], "it": ["MXP63-P3"],
        "pl": ["WAW51-P2"], "nl": ["AMS58-P2"], "pt-PT": ["LIS50-P1"], "ro": ["OTP50-P1"], "cs": ["PRG50-P1"],
        "hu": ["BUD50-P1"], "el": ["ATH50-C1"], "sv": ["ARN54-C1"], "tr": ["IST50-P1"], "sk": ["PRG50-P1", "VIE50-P1"],
        "en": ["LHR61-P3", "FRA56-P4", "AMS58-P2", "CDG55-P3"], "uk": ["WAW51-P2", "FRA56-P4"], "ru": ["FRA56-P4", "WAW51-P2"]}


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def go(text):
    """Go source written with four-space indents -> gofmt's tabs."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        n = (len(line) - len(stripped)) // 4
        out.append("\t" * n + line[n * 4:] if n else line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/lingotide/ota-publisher

go 1.23

require (
	github.com/aws/aws-sdk-go-v2 v1.32.2
	github.com/aws/aws-sdk-go-v2/config v1.28.0
	github.com/aws/aws-sdk-go-v2/service/s3 v1.65.3
	github.com/aws/aws-sdk-go-v2/service/sqs v1.36.2
	github.com/jackc/pgx/v5 v5.7.0
	github.com/prometheus/client_golang v1.20.5
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

    awsconfig "github.com/aws/aws-sdk-go-v2/config"
    "github.com/aws/aws-sdk-go-v2/service/s3"
    "github.com/jackc/pgx/v5/pgxpool"

    "github.com/lingotide/ota-publisher/internal/config"
    "github.com/lingotide/ota-publisher/internal/events"
    "github.com/lingotide/ota-publisher/internal/publish"
    "github.com/lingotide/ota-publisher/internal/queue"
)

var version, commit = "dev", "none"

func main() {
    log := slog.New(slog.NewTextHandler(os.Stdout, nil))
    cfg := config.MustLoad(os.Getenv("CONFIG_PATH"))
    ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
    defer stop()

    awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
    if err != nil {
        log.Error("aws config", "err", err)
        os.Exit(1)
    }
    db, err := pgxpool.New(ctx, os.Getenv(cfg.Database.DSNEnv))
    if err != nil {
        log.Error("database", "err", err)
        os.Exit(1)
    }
    pub := publish.New(cfg.Publish, s3.NewFromConfig(awsCfg), publish.NewStore(db), log)
    ev := events.NewHandler(cfg.Events, log)
    go ev.Run(ctx)
    go queue.Consume(ctx, awsCfg, cfg.Queue, pub, log)

    mux := http.NewServeMux()
    mux.Handle("POST /v1/sdk-events", ev)
    mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
    log.Info("starting ota-publisher", "version", version, "commit", commit, "addr", cfg.Addr)
    if err := http.ListenAndServe(cfg.Addr, mux); err != nil {
        log.Error("server stopped", "err", err)
        os.Exit(1)
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
    Addr     string   `yaml:"addr"`
    Publish  Publish  `yaml:"publish"`
    Events   Events   `yaml:"events"`
    Queue    Queue    `yaml:"queue"`
    Database Database `yaml:"database"`
}

type Publish struct {
    Bucket               string        `yaml:"bucket"`
    PutTimeout           time.Duration `yaml:"put_timeout"`
    BundleCacheControl   string        `yaml:"bundle_cache_control"`
    ManifestCacheControl string        `yaml:"manifest_cache_control"`
}

type Events struct {
    FlushEvery time.Duration `yaml:"flush_every"`
}

type Queue struct {
    URL string `yaml:"url"`
}

type Database struct {
    DSNEnv   string `yaml:"dsn_env"`
    MaxConns int    `yaml:"max_conns"`
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
publish:
  bucket: lt-ota-prod
  put_timeout: 10s
  bundle_cache_control: "public, max-age=31536000, immutable"
  manifest_cache_control: "public, max-age=10"
events:
  flush_every: 60s
queue:
  url: https://sqs.eu-central-1.amazonaws.com/514238807651/ota-publish-requests
database:
  dsn_env: OTA_DATABASE_URL
  max_conns: 20
"""

PUBLISHER_V1 = go('''package publish

import (
    "bytes"
    "context"
    "encoding/json"
    "fmt"
    "log/slog"
    "time"

    "github.com/aws/aws-sdk-go-v2/aws"
    "github.com/aws/aws-sdk-go-v2/service/s3"

    "github.com/lingotide/ota-publisher/internal/config"
)

// Publisher turns an approved release of a distribution into the objects the
// SDKs read through the CDN: one bundle per locale at
// v3/<dist>/<release>/<locale>.json and v3/<dist>/manifest.json, which names
// the current release.
type Publisher struct {
    cfg   config.Publish
    s3    *s3.Client
    store *Store
    log   *slog.Logger
}

type Release struct {
    Dist     string
    Project  string
    Number   int
    Snapshot int64
    Locales  []string
}

type Manifest struct {
    Release     int       `json:"release"`
    Locales     []string  `json:"locales"`
    PublishedAt time.Time `json:"published_at"`
}

func New(cfg config.Publish, client *s3.Client, store *Store, log *slog.Logger) *Publisher {
    return &Publisher{cfg: cfg, s3: client, store: store, log: log}
}

func (p *Publisher) Publish(ctx context.Context, rel Release) error {
    start := time.Now()
    for _, locale := range rel.Locales {
        if err := p.publishLocale(ctx, rel, locale); err != nil {
            return fmt.Errorf("locale %s: %w", locale, err)
        }
    }
    if err := p.putManifest(ctx, rel); err != nil {
        return fmt.Errorf("manifest: %w", err)
    }
    p.log.Info("release published", "dist", rel.Dist, "release", rel.Number, "locales", len(rel.Locales),
        "took", time.Since(start).Round(time.Millisecond))
    return nil
}

func (p *Publisher) publishLocale(ctx context.Context, rel Release, locale string) error {
    entries, err := p.store.Approved(ctx, rel.Project, locale, rel.Snapshot)
    if err != nil {
        return err
    }
    body, err := BuildBundle(locale, entries)
    if err != nil {
        return err
    }
    return p.put(ctx, bundleKey(rel, locale), body, p.cfg.BundleCacheControl)
}

func (p *Publisher) putManifest(ctx context.Context, rel Release) error {
    body, err := json.Marshal(Manifest{Release: rel.Number, Locales: rel.Locales, PublishedAt: time.Now().UTC()})
    if err != nil {
        return err
    }
    return p.put(ctx, manifestKey(rel.Dist), body, p.cfg.ManifestCacheControl)
}

func (p *Publisher) put(ctx context.Context, key string, body []byte, cacheControl string) error {
    ctx, cancel := context.WithTimeout(ctx, p.cfg.PutTimeout)
    defer cancel()
    _, err := p.s3.PutObject(ctx, &s3.PutObjectInput{
        Bucket:       aws.String(p.cfg.Bucket),
        Key:          aws.String(key),
        Body:         bytes.NewReader(body),
        ContentType:  aws.String("application/json"),
        CacheControl: aws.String(cacheControl),
    })
    return err
}

func bundleKey(rel Release, locale string) string {
    return fmt.Sprintf("v3/%s/%d/%s.json", rel.Dist, rel.Number, locale)
}

func manifestKey(dist string) string {
    return fmt.Sprintf("v3/%s/manifest.json", dist)
}
''')

BUNDLE_V1 = go('''package publish

import (
    "encoding/json"
    "sort"
)

// Entry is one approved translation; plural keys carry their CLDR forms.
type Entry struct {
    Key    string
    Value  string
    Plural map[string]string
}

// BuildBundle renders a locale's entries as the SDK's bundle format v3.
func BuildBundle(locale string, entries []Entry) ([]byte, error) {
    sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
    strs := make(map[string]any, len(entries))
    for _, e := range entries {
        if e.Plural != nil {
            strs[e.Key] = e.Plural
            continue
        }
        strs[e.Key] = e.Value
    }
    return json.Marshal(map[string]any{"format": 3, "locale": locale, "strings": strs})
}
''')

STORE = go('''package publish

import (
    "context"

    "github.com/jackc/pgx/v5/pgxpool"
)

type Store struct{ db *pgxpool.Pool }

func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// Approved returns a locale's approved translations as of the release's snapshot.
func (s *Store) Approved(ctx context.Context, project, locale string, snapshot int64) ([]Entry, error) {
    rows, err := s.db.Query(ctx, `SELECT key, value, plural FROM approved_translations($1, $2, $3)`, project, locale, snapshot)
    if err != nil {
        return nil, err
    }
    defer rows.Close()
    var out []Entry
    for rows.Next() {
        var e Entry
        if err := rows.Scan(&e.Key, &e.Value, &e.Plural); err != nil {
            return nil, err
        }
        out = append(out, e)
    }
    return out, rows.Err()
}
''')

EVENTS_V1 = go('''package events

import (
    "context"
    "encoding/json"
    "log/slog"
    "net/http"
    "sync/atomic"
    "time"

    "github.com/prometheus/client_golang/prometheus"
    "github.com/prometheus/client_golang/prometheus/promauto"

    "github.com/lingotide/ota-publisher/internal/config"
)

var sdkEvents = promauto.NewCounterVec(prometheus.CounterOpts{
    Name: "ota_sdk_events_total",
    Help: "Events reported by the SDKs.",
}, []string{"dist", "type", "status"})

// Event is what the SDKs post in batches to /v1/sdk-events.
type Event struct {
    Type        string `json:"type"`
    Dist        string `json:"dist"`
    Release     int    `json:"release"`
    Locale      string `json:"locale"`
    Status      int    `json:"status"`
    KeptRelease int    `json:"kept_release"`
    SDK         string `json:"sdk"`
}

type Handler struct {
    cfg config.Events
    log *slog.Logger
    n   atomic.Int64
}

func NewHandler(cfg config.Events, log *slog.Logger) *Handler {
    return &Handler{cfg: cfg, log: log}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    var batch struct {
        Events []Event `json:"events"`
    }
    if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
        http.Error(w, "bad batch", http.StatusBadRequest)
        return
    }
    for _, e := range batch.Events {
        sdkEvents.WithLabelValues(e.Dist, e.Type, statusLabel(e.Status)).Inc()
        h.observe(e)
    }
    h.n.Add(int64(len(batch.Events)))
    w.WriteHeader(http.StatusAccepted)
}

func (h *Handler) observe(e Event) {}

// Run logs how many events this pod took every flush interval.
func (h *Handler) Run(ctx context.Context) {
    t := time.NewTicker(h.cfg.FlushEvery)
    defer t.Stop()
    for {
        select {
        case <-ctx.Done():
            return
        case <-t.C:
            h.log.Info("sdk events ingested", "events", h.n.Swap(0), "window", h.cfg.FlushEvery)
            h.flush()
        }
    }
}

func (h *Handler) flush() {}

func statusLabel(status int) string {
    if status == 0 {
        return "none"
    }
    return http.StatusText(status)
}
''')

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "arn:aws:iam::514238807651:role/gha-ota-publisher-deploy", aws-region: eu-central-1 }
      - run: make image push TAG=${GITHUB_SHA::7}
      - run: aws eks update-kubeconfig --name lt-prod-euc1
      - run: helm upgrade --install ota-publisher ./chart -n ota -f deploy/values-production.yaml --set image.tag=${GITHUB_SHA::7} --wait --timeout 5m
"""

ROLLBACK_WF = """name: rollback
on:
  workflow_dispatch:
    inputs:
      revision: { description: "helm revision to roll back to", required: true }
jobs:
  rollback:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "arn:aws:iam::514238807651:role/gha-ota-publisher-deploy", aws-region: eu-central-1 }
      - run: aws eks update-kubeconfig --name lt-prod-euc1
      - run: helm rollback ota-publisher ${{ inputs.revision }} -n ota --wait
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
      - run: go test ./...
"""

VALUES = """replicaCount: 3
image:
  repository: 514238807651.dkr.ecr.eu-central-1.amazonaws.com/ota-publisher
serviceAccount:
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::514238807651:role/ota-publisher-prod
resources:
  requests: { cpu: 500m, memory: 512Mi }
  limits: { memory: 1Gi }
configFile: config/production.yaml
"""

RUNBOOK_ALERTS = [
    ("OtaPublishFailures", "A publish failed (the dashboard shows \"publish failed\"). The message is retried from the ota-publish-requests queue three times; check the S3 put errors in the pod logs."),
    ("OtaCdn4xxRate", "More than 5 % of ota.lingotide.net answers are 4xx for 5 minutes. A share of 4xx is normal: SDK 2.x apps still ask for the retired v2 paths (cached 404s, 300 s, platform's CloudFront config)."),
]


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Keller", "jonas.keller@lingotide.com", 120)
    marta = Person("Marta Figueiredo", "marta.figueiredo@lingotide.com", 60)
    elodie = Person("Élodie Tremblay", "elodie.tremblay@lingotide.com", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    pub = "internal/publish/publisher.go"
    files = {
        "go.mod": GO_MOD,
        "cmd/ota-publisher/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        pub: PUBLISHER_V1,
        "internal/publish/bundle.go": BUNDLE_V1,
        "internal/publish/store.go": STORE,
        "internal/events/handler.go": EVENTS_V1,
        "internal/queue/consumer.go": go('package queue\n\nimport (\n    "context"\n    "log/slog"\n\n    "github.com/aws/aws-sdk-go-v2/aws"\n\n    "github.com/lingotide/ota-publisher/internal/config"\n    "github.com/lingotide/ota-publisher/internal/publish"\n)\n\n// Consume takes publish requests from the dashboard (ota-publish-requests) one\n// at a time per pod and deletes each message once its release is published.\nfunc Consume(ctx context.Context, awsCfg aws.Config, cfg config.Queue, pub *publish.Publisher, log *slog.Logger) {\n    // long-polls cfg.URL; see README\n}\n'),
        "config/production.yaml": PROD_YAML,
        "deploy/values-production.yaml": VALUES,
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        ".github/workflows/rollback.yml": ROLLBACK_WF,
        "Makefile": "TAG ?= dev\n\nimage:\n\tdocker build --build-arg VERSION=$(TAG) -t 514238807651.dkr.ecr.eu-central-1.amazonaws.com/ota-publisher:$(TAG) .\n\npush:\n\tdocker push 514238807651.dkr.ecr.eu-central-1.amazonaws.com/ota-publisher:$(TAG)\n\ntest:\n\tgo test ./...\n",
        "README.md": "# ota-publisher\n\nOver-the-air string bundles for the Lingotide SDKs. A publish request from\nthe dashboard (SQS `ota-publish-requests`) becomes one bundle per locale and\na manifest in S3 (`lt-ota-prod`), served by CloudFront at\nota.lingotide.net. The SDKs post their events to `/v1/sdk-events`.\n\n## Running locally\n\n```\ndocker compose up -d postgres localstack\nCONFIG_PATH=config/local.yaml go run ./cmd/ota-publisher\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-10-15 09:30:00"), jonas, "ota-publisher: bundles and manifests for the v3 SDKs", files)
    crng = random.Random(53103)
    repo.schedule(chores(crng, SERVICE, [jonas, marta, elodie], utc("2026-10-15 11:00:00"), utc("2026-10-16 18:00:00"), 2)
                  + chores(crng, SERVICE, [marta, elodie], utc("2026-10-19 08:00:00"), utc("2026-10-20 12:00:00"), 1))
    repo.commit(utc("2026-10-16 13:20:00"), elodie, "bundle: leave out keys whose approved translation is empty (OTA-211)\n\nThe SDK shows an empty string instead of falling back to the source\nlanguage when the key is in the bundle.", {
        "internal/publish/bundle.go": repo.edit("internal/publish/bundle.go", go("    for _, e := range entries {\n        if e.Plural != nil {"),
                                                 go("    for _, e := range entries {\n        if e.Value == \"\" && e.Plural == nil {\n            continue\n        }\n        if e.Plural != nil {")),
    })
    repo.commit(utc("2026-10-16 15:05:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.1", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.7.0", "github.com/jackc/pgx/v5 v5.7.1"),
    })
    repo.commit(utc("2026-10-19 08:10:00"), jonas, "ci: go vet and staticcheck on pull requests", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: go test ./...\n", "      - run: go vet ./...\n      - uses: dominikh/staticcheck-action@v1\n        with: { version: '2024.1.1' }\n      - run: go test ./...\n"),
    })
    culprit = repo.commit(utc("2026-10-19 14:22:00"), marta, "publish: build and upload a release's locales concurrently (OTA-219)\n\nPublishing Rydo's 38 locales takes about three minutes, one locale after\nthe other; the dashboard's publish call gives up after 60 s and\ncustomers press Publish again. Build and upload the locales through an\nerrgroup, publish.concurrency (8) at a time. The manifest only needs the\nrelease number and the locale list, so it goes into the same group\ninstead of waiting for the bundles.", {
        pub: sub(repo.files[pub], go('''func (p *Publisher) Publish(ctx context.Context, rel Release) error {
    start := time.Now()
    for _, locale := range rel.Locales {
        if err := p.publishLocale(ctx, rel, locale); err != nil {
            return fmt.Errorf("locale %s: %w", locale, err)
        }
    }
    if err := p.putManifest(ctx, rel); err != nil {
        return fmt.Errorf("manifest: %w", err)
    }
'''), go('''func (p *Publisher) Publish(ctx context.Context, rel Release) error {
    start := time.Now()
    g, ctx := errgroup.WithContext(ctx)
    g.SetLimit(p.cfg.Concurrency)
    // The manifest needs only the release number and the locale list.
    g.Go(func() error {
        if err := p.putManifest(ctx, rel); err != nil {
            return fmt.Errorf("manifest: %w", err)
        }
        return nil
    })
    for _, locale := range rel.Locales {
        g.Go(func() error {
            if err := p.publishLocale(ctx, rel, locale); err != nil {
                return fmt.Errorf("locale %s: %w", locale, err)
            }
            return nil
        })
    }
    if err := g.Wait(); err != nil {
        return err
    }
'''), '\t"github.com/aws/aws-sdk-go-v2/service/s3"\n\n', '\t"github.com/aws/aws-sdk-go-v2/service/s3"\n\t"golang.org/x/sync/errgroup"\n\n'),
        "internal/config/config.go": repo.edit("internal/config/config.go", go("    PutTimeout           time.Duration `yaml:\"put_timeout\"`\n"),
                                               go("    PutTimeout           time.Duration `yaml:\"put_timeout\"`\n    Concurrency          int           `yaml:\"concurrency\"`\n")),
        "config/production.yaml": repo.edit("config/production.yaml", "  put_timeout: 10s\n", "  put_timeout: 10s\n  concurrency: 8\n"),
        "go.mod": repo.edit("go.mod", "\tgithub.com/prometheus/client_golang v1.20.5\n", "\tgithub.com/prometheus/client_golang v1.20.5\n\tgolang.org/x/sync v0.8.0\n"),
    })
    mon = repo.commit(utc("2026-10-19 15:02:00"), marta, "docs: how the SDKs pick up a release", {
        "docs/sdk-refresh.md": "# How the SDKs pick up a release\n\n- At a cold start (and every 15 minutes in the foreground) the SDK reads\n  `v3/<dist>/manifest.json` (CloudFront: max-age 10 s).\n- If the manifest names a newer release, it downloads\n  `v3/<dist>/<release>/<locale>.json` for the device's locale and swaps\n  the strings in at the next screen.\n- If that download fails, the SDK keeps the strings it has and reports\n  `bundle_fetch_failed` to `/v1/sdk-events`; it does not try the same\n  release again (SDK 3.x), so a broken release cannot make every app\n  retry at once. The next release is tried normally.\n- Customers can trigger a refresh with a silent push (`lingotide:refresh`).\n",
    })
    repo.commit(utc("2026-10-20 08:50:00"), jonas, "tests: a publish writes every locale's bundle and the manifest", {
        "internal/publish/publisher_test.go": go('''package publish

import (
    "context"
    "testing"
)

func TestPublishWritesEveryObject(t *testing.T) {
    s3 := newFakeS3(t)
    p := newTestPublisher(t, s3)
    rel := Release{Dist: "d_test01", Project: "p1", Number: 7, Locales: []string{"de", "fr", "pl"}}
    if err := p.Publish(context.Background(), rel); err != nil {
        t.Fatal(err)
    }
    for _, key := range []string{"v3/d_test01/7/de.json", "v3/d_test01/7/fr.json", "v3/d_test01/7/pl.json", "v3/d_test01/manifest.json"} {
        if !s3.Has(key) {
            t.Errorf("missing %s", key)
        }
    }
}
'''),
    })
    repo.commit(utc("2026-10-20 10:05:00"), marta, "publish: log a release's bytes with \"release published\" (OTA-224)", {
        pub: sub(repo.files[pub],
                 go('''    p.log.Info("release published", "dist", rel.Dist, "release", rel.Number, "locales", len(rel.Locales),
        "took", time.Since(start).Round(time.Millisecond))'''),
                 go('''    p.log.Info("release published", "dist", rel.Dist, "release", rel.Number, "locales", len(rel.Locales),
        "bytes", p.bytes.Swap(0), "took", time.Since(start).Round(time.Millisecond))'''),
                 go("    log   *slog.Logger\n}\n\ntype Release"), go("    log   *slog.Logger\n    bytes atomic.Int64\n}\n\ntype Release"),
                 go("    ctx, cancel := context.WithTimeout(ctx, p.cfg.PutTimeout)\n    defer cancel()\n"),
                 go("    ctx, cancel := context.WithTimeout(ctx, p.cfg.PutTimeout)\n    defer cancel()\n    p.bytes.Add(int64(len(body)))\n"),
                 '\t"log/slog"\n\t"time"\n', '\t"log/slog"\n\t"sync/atomic"\n\t"time"\n'),
    })
    repo.commit(utc("2026-10-20 13:30:00"), elodie, "runbook: customers who see old strings after a publish (OTA-226)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Customer sees old strings after publishing\n\nAlmost always the apps have not refreshed yet: the SDK reads the manifest\nat a cold start and every 15 minutes, CloudFront keeps it 10 s. Ask the\ncustomer to relaunch the app or send a `lingotide:refresh` silent push.\nIf CloudFront answers 403 for the distribution's paths, check the bucket\npolicy and the OAC first (platform, #platform-help).\n",
    })
    repo.commit(utc("2026-10-20 19:10:00"), elodie, "events: log the SDKs' bundle fetch failures per minute (OTA-233)\n\nThe failures were only a counter; support had no way to see which\nrelease and locale a customer's riders failed on.", {
        "internal/events/handler.go": sub(repo.files["internal/events/handler.go"], go("func (h *Handler) observe(e Event) {}\n"), go('''type failureKey struct {
    dist, locale          string
    release, status, kept int
}

func (h *Handler) observe(e Event) {
    if e.Type != "bundle_fetch_failed" {
        return
    }
    h.mu.Lock()
    h.failures[failureKey{e.Dist, e.Locale, e.Release, e.Status, e.KeptRelease}]++
    h.mu.Unlock()
}
'''),
            go("func (h *Handler) flush() {}\n"), go('''func (h *Handler) flush() {
    h.mu.Lock()
    failures := h.failures
    h.failures = map[failureKey]int{}
    h.mu.Unlock()
    for k, n := range failures {
        h.log.Warn("sdk reported bundle fetch failures", "dist", k.dist, "release", k.release, "locale", k.locale,
            "status", k.status, "count", n, "kept_release", k.kept, "window", h.cfg.FlushEvery)
    }
}
'''),
            go("    n   atomic.Int64\n}\n"), go("    n   atomic.Int64\n\n    mu       sync.Mutex\n    failures map[failureKey]int\n}\n"),
            go("    return &Handler{cfg: cfg, log: log}\n"), go("    return &Handler{cfg: cfg, log: log, failures: map[failureKey]int{}}\n"),
            '\t"net/http"\n\t"sync/atomic"\n', '\t"net/http"\n\t"sync"\n\t"sync/atomic"\n'),
    })
    repo.commit(utc("2026-10-21 07:05:00"), bot, "fix(deps): update aws-sdk-go-v2 monorepo", {
        "go.mod": sub(repo.files["go.mod"], "github.com/aws/aws-sdk-go-v2 v1.32.2", "github.com/aws/aws-sdk-go-v2 v1.32.3",
                      "github.com/aws/aws-sdk-go-v2/config v1.28.0", "github.com/aws/aws-sdk-go-v2/config v1.28.1",
                      "github.com/aws/aws-sdk-go-v2/service/s3 v1.65.3", "github.com/aws/aws-sdk-go-v2/service/s3 v1.66.1"),
    })
    wed = repo.commit(utc("2026-10-21 14:10:00"), elodie, "publish: S3 put timeout 10s -> 20s, 5 attempts (OTA-235)\n\nTwo publishes failed on Tuesday with a put timeout during S3's\nSlowDown answers; the SDK's default is 3 attempts.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  put_timeout: 10s\n", "  put_timeout: 20s\n  put_attempts: 5\n"),
        "internal/config/config.go": repo.edit("internal/config/config.go", go("    PutTimeout           time.Duration `yaml:\"put_timeout\"`\n"),
                                               go("    PutTimeout           time.Duration `yaml:\"put_timeout\"`\n    PutAttempts          int           `yaml:\"put_attempts\"`\n")),
        "cmd/ota-publisher/main.go": repo.edit("cmd/ota-publisher/main.go", go("    pub := publish.New(cfg.Publish, s3.NewFromConfig(awsCfg), publish.NewStore(db), log)\n"),
                                               go("    s3Client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {\n        o.RetryMaxAttempts = cfg.Publish.PutAttempts\n    })\n    pub := publish.New(cfg.Publish, s3Client, publish.NewStore(db), log)\n")),
    })
    fix = repo.commit(utc("2026-10-21 18:26:00"), marta, "publish: write the manifest after every bundle is uploaded (OTA-240)\n\nOTA-219 put the manifest into the same errgroup as the locales, so it\nwas in S3 seconds before the bundles it names. Apps that read it asked\nfor bundles S3 did not have yet; CloudFront keeps a 404 for 300 s and\nthe SDK does not retry a failed release. Rydo's releases 42 and 43 (38\nlocales, ~25 s of uploads) failed that way for a large part of its\nriders. Upload the manifest once g.Wait() returns, and test the order.", {
        pub: sub(repo.files[pub], go("    g, ctx := errgroup.WithContext(ctx)\n"), go("    g, gctx := errgroup.WithContext(ctx)\n"),
                 go("            if err := p.publishLocale(ctx, rel, locale); err != nil {\n"), go("            if err := p.publishLocale(gctx, rel, locale); err != nil {\n"),
                 go('''    // The manifest needs only the release number and the locale list.
    g.Go(func() error {
        if err := p.putManifest(ctx, rel); err != nil {
            return fmt.Errorf("manifest: %w", err)
        }
        return nil
    })
    for _, locale'''), go('''    for _, locale'''), go('''    if err := g.Wait(); err != nil {
        return err
    }
'''), go('''    if err := g.Wait(); err != nil {
        return err
    }
    // Only now: apps read the manifest and then ask for the bundles it names.
    if err := p.putManifest(ctx, rel); err != nil {
        return fmt.Errorf("manifest: %w", err)
    }
''')),
        "internal/publish/publisher_test.go": repo.files["internal/publish/publisher_test.go"] + go('''
func TestManifestIsWrittenLast(t *testing.T) {
    s3 := newFakeS3(t)
    p := newTestPublisher(t, s3)
    rel := Release{Dist: "d_test01", Project: "p1", Number: 8, Locales: []string{"de", "fr", "pl", "ro"}}
    if err := p.Publish(context.Background(), rel); err != nil {
        t.Fatal(err)
    }
    if keys := s3.Order(); keys[len(keys)-1] != "v3/d_test01/manifest.json" {
        t.Fatalf("manifest not last: %v", keys)
    }
}
'''),
    })
    return repo, {"culprit": culprit, "mon": mon, "wed": wed, "fix": fix}


# ---------------------------------------------------------------------------
# the evening


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def build_logs(rng, shas):
    app, cf, s3, gha, slack, zd = (Log("ota-publisher.log"), Log("cloudfront-ota-realtime.log"), Log("s3-access-lt-ota-prod.log"),
                                   Log("github-actions-deploy.log"), Log("slack-inc-ota.log"), Log("zendesk-tickets.log"))
    stats = {"fail": {}, "cf4xx": {}, "cftotal": {}, "race": [], "nosuchkey_rydo": []}
    t_start, t_end = secs(START), secs(END)

    # --- pods and versions
    pods_mon = ["ota-publisher-6b8f7c5d9-9qjxw", "ota-publisher-6b8f7c5d9-kt4mz", "ota-publisher-6b8f7c5d9-v2hnd"]
    pods_wed = ["ota-publisher-7d9c6b8f4-x2k4q", "ota-publisher-7d9c6b8f4-m8tzn", "ota-publisher-7d9c6b8f4-r5wvh"]
    pods_rb = ["ota-publisher-6b8f7c5d9-4lfsp", "ota-publisher-6b8f7c5d9-wz7cq", "ota-publisher-6b8f7c5d9-h9drb"]
    pods_fix = ["ota-publisher-5f4d8c9b7-c6tkn", "ota-publisher-5f4d8c9b7-p3xvm", "ota-publisher-5f4d8c9b7-zl8qw"]
    epochs = [(secs(START) - 86400 * 2, pods_mon, "1.31.0", shas["mon"]), (secs(RELEASE), pods_wed, "1.32.0", shas["wed"]),
              (secs(ROLLBACK), pods_rb, "1.31.0", shas["mon"]), (secs(FIXED), pods_fix, "1.32.1", shas["fix"])]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def logs_failures(x):
        return epoch_at(x)[2] != "1.31.0"

    def slog(x, pod, level, msg, **kv):
        if not t_start <= x < t_end:
            return
        t = at(x)
        parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f"msg={json.dumps(msg) if ' ' in msg else msg}"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f"{k}={json.dumps(v) if (' ' in v or '=' in v or v == '') else v}")
        app.add(t, f"[pod/{pod}/ota-publisher] " + " ".join(parts))

    # pod starts
    for x0, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            tx = x0 + k * 14 + rng.uniform(0, 3)
            slog(tx, pod, "INFO", "starting ota-publisher", version=ver, commit=sha[:7], addr=":8080")
            slog(tx + 0.4, pod, "INFO", "consuming publish requests", queue="ota-publish-requests")

    # --- CloudFront and S3 helpers
    def enc_ua(ua):
        return ua.replace(" ", "%20").replace(";", "%3B")

    def reqid():
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "".join(rng.choice(alphabet) for _ in range(54)) + "=="

    def client_ip(country):
        firsts = {"DE": [84, 91, 178, 217], "NL": [77, 145, 213], "GB": [81, 86, 109, 151], "FR": [78, 90, 176, 92], "ES": [83, 88, 95],
                  "IT": [79, 93, 151, 2], "PL": [83, 89, 178, 31], "AT": [80, 178, 213], "RO": [86, 89, 188], "CZ": [46, 89, 109],
                  "SE": [78, 83, 90], "TR": [78, 85, 176], "GR": [94, 79, 176], "PT": [85, 94, 148], "HU": [84, 89, 178]}
        return f"{rng.choice(firsts[country])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    edge_w = [w for _, _, w in EDGES]

    def cf_line(x, edge, country, path, status, size, result, ua, ttfb, taken, ctype="application/json"):
        if not t_start <= x < t_end:
            return
        minute = int(x // 60) * 60
        stats["cftotal"][minute] = stats["cftotal"].get(minute, 0) + 1
        if 400 <= status < 500:
            stats["cf4xx"][minute] = stats["cf4xx"].get(minute, 0) + 1
        fields = [f"{x:.3f}", client_ip(country), f"{ttfb:.3f}", str(status), str(size), "GET", "https", CF_DOMAIN, path, str(rng.randint(190, 380)),
                  edge, reqid(), "ota.lingotide.net", f"{taken:.3f}", "HTTP/2.0", "IPv4", enc_ua(ua), "-", "-", result, "TLSv1.3", result,
                  ctype if status == 200 else "application/xml", str(size if status == 200 else 298), result, country, "/v3/*"]
        cf.add(at(x), "\t".join(fields))

    def s3_line(x, remote, requester, op, key, status, err, sent, size, total_ms, ua):
        if not t_start <= x < t_end:
            return
        t = at(x)
        method = "PUT" if "PUT" in op else "GET"
        hostid = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(76))
        turn = max(1, int(total_ms * rng.uniform(0.3, 0.8))) if total_ms != "-" else "-"
        s3.add(t, f'{OWNER} {BUCKET} [{t.strftime("%d/%b/%Y:%H:%M:%S")} +0000] {remote} {requester} {hexid(rng, 16).upper()} {op} {key} '
                  f'"{method} /{key} HTTP/1.1" {status} {err} {sent} {size} {total_ms} {turn} "-" "{ua}" - {hostid}= SigV4 '
                  f'TLS_AES_128_GCM_SHA256 AuthHeader {BUCKET}.s3.eu-central-1.amazonaws.com TLSv1.3 - -')

    def shield_ip():
        return f"{rng.choice(['3.172.', '130.176.', '64.252.'])}{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def sdk_ua(x):
        ver = epoch_at(x)[2]
        if ver == "1.31.0":
            return "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.65.3 m/E,W"
        return "aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.66.1 m/E,W"

    sessions = {}

    def requester(x):
        # IRSA: one web-identity session per pod, renewed hourly
        key = (epoch_at(x)[2], epoch_at(x)[0], int(x // 3600))
        if key not in sessions:
            sessions[key] = f"aws-go-sdk-{int(x) - rng.randint(60, 3000)}{rng.randint(100000000, 999999999)}"
        return f"arn:aws:sts::{ACCOUNT}:assumed-role/ota-publisher-prod/{sessions[key]}"

    # --- a publish: the objects' PUTs under the code that runs at that time
    def publish(x0, dist, number, locales, build, put, size, by, pod=None):
        """Returns (manifest_put, manifest_avail, {locale: (put_at, avail)}, done)."""
        pod = pod or rng.choice(epoch_at(x0)[1])
        code = epoch_at(x0)[2]
        slog(x0 + rng.uniform(0.05, 0.2), pod, "INFO", "publish requested", dist=dist, release=number, locales=len(locales), by=by)
        begin = x0 + rng.uniform(0.25, 0.45)
        slots = [begin] * 8
        heapq.heapify(slots)
        loc = {}
        ends = []
        total_bytes = 0
        man = None
        if code != "1.32.1":   # OTA-219: the manifest is one more goroutine in the group, submitted first
            s = heapq.heappop(slots)
            d = rng.uniform(0.04, 0.11)
            man = (s + 0.002, s + d)
            heapq.heappush(slots, s + d)
            ends.append(s + d)
        for L in locales:
            s = heapq.heappop(slots)
            b = rng.uniform(*build)
            d = rng.uniform(*put)
            loc[L] = (s + b, s + b + d, int(size * rng.uniform(0.92, 1.06)))
            heapq.heappush(slots, s + b + d)
            ends.append(s + b + d)
            total_bytes += loc[L][2]
        if man is None:
            last = max(ends)
            d = rng.uniform(0.04, 0.11)
            man = (last + 0.003, last + 0.003 + d)
            ends.append(man[1])
        man_size = 60 + 9 * len(locales)
        total_bytes += man_size
        ua = sdk_ua(x0)
        s3_line(man[0], f"10.31.{rng.randint(16, 31)}.{rng.randint(2, 250)}", requester(man[0]), "REST.PUT.OBJECT", f"v3/{dist}/manifest.json", 200, "-", "-", man_size, int((man[1] - man[0]) * 1000), ua)
        for L, (p_at, avail, sz) in loc.items():
            s3_line(p_at, f"10.31.{rng.randint(16, 31)}.{rng.randint(2, 250)}", requester(p_at), "REST.PUT.OBJECT", f"v3/{dist}/{number}/{L}.json", 200, "-", "-", sz, int((avail - p_at) * 1000), ua)
        done = max(ends) + rng.uniform(0.01, 0.05)
        kv = dict(dist=dist, release=number, locales=len(locales))
        if code != "1.31.0":
            kv["bytes"] = total_bytes
        kv["took"] = f"{done - x0:.3f}s" if done - x0 >= 1 else f"{int((done - x0) * 1000)}ms"
        slog(done, pod, "INFO", "release published", **kv)
        return man, loc, done

    # --- Rydo: manifest revalidations by the shield every ~10 s
    rydo_publishes = []
    manifest_gets = []
    x = t_start - 10 + rng.uniform(0, 10)
    while x < t_end:
        manifest_gets.append(x)
        x += 10 + rng.uniform(0.05, 0.9)

    total_w = sum(w for _, _, w in EDGES)

    def p_edge(L):
        pref = PREF.get(L)
        probs = {e: (0.25 if pref else 1.0) * w / total_w for e, _, w in EDGES}
        if pref:
            for e in pref:
                probs[e] += 0.75 / len(pref)
        return probs

    loc_w = dict(RYDO_LOCALES)
    edge_country = {e: c for e, c, _ in EDGES}

    def rydo_bundle_rate(x, px):
        return 35.0 * math.exp(-(x - px) / 5400.0)

    rydo_rel = {"current": 41, "intervals": {}, "t_edge": {}}
    releases = []   # (px, number, t_shield, t_edge{e}, avail{L}, edge404{(e,L)}: (f, f+TTL))

    def rydo_publish(px, number, by):
        man, loc, done = publish(px, RYDO, number, [L for L, _ in RYDO_LOCALES], (2.8, 6.6), (0.12, 0.45), 372000, by)
        t_shield = min(g for g in manifest_gets if g >= man[1])
        t_edge = {e: t_shield + rng.uniform(0.2, 10.0) for e, _, _ in EDGES}
        edge404 = {}
        s3_events = []
        for L, w in RYDO_LOCALES:
            probs = p_edge(L)
            firsts = {}
            for e, _, _ in EDGES:
                lam = rydo_bundle_rate(t_edge[e], px) * w * probs[e]
                firsts[e] = t_edge[e] + rng.expovariate(lam)
            s_L = min(firsts.values())
            avail = loc[L][1]
            if s_L < avail:
                s3_events.append((s_L, L, 404))
                stats["race"].append((number, L, s_L, avail))
                for e, f in firsts.items():
                    if s_L <= f < s_L + ERR_TTL:
                        edge404[(e, L)] = (f, f + ERR_TTL)
                later = []
                for e, f in firsts.items():
                    if (e, L) in edge404:
                        lam = rydo_bundle_rate(f + ERR_TTL, px) * w * probs[e]
                        later.append(f + ERR_TTL + rng.expovariate(lam))
                    else:
                        later.append(f)
                s3_events.append((min(v for v in later if v >= s_L + ERR_TTL), L, 200))
            else:
                s3_events.append((s_L, L, 200))
        for x_, L, status in s3_events:
            key = f"v3/{RYDO}/{number}/{L}.json"
            if status == 404:
                stats["nosuchkey_rydo"].append(x_)
                s3_line(x_, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", key, 404, "NoSuchKey", 298, "-", rng.randint(5, 14), "Amazon CloudFront")
            else:
                s3_line(x_, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", key, 200, "-", loc[L][2], loc[L][2], rng.randint(18, 60), "Amazon CloudFront")
        releases.append({"px": px, "number": number, "t_shield": t_shield, "t_edge": t_edge, "avail": {L: v[1] for L, v in loc.items()},
                         "put": {L: v[0] for L, v in loc.items()}, "size": {L: v[2] for L, v in loc.items()}, "man": man, "edge404": edge404, "done": done})
        return releases[-1]

    r42 = rydo_publish(secs(PUB42), 42, "api:ci-rydo-mobile")
    r43 = rydo_publish(secs(PUB43), 43, "dashboard:wojciech.nowak@rydo.eu")
    r44 = rydo_publish(secs(PUB44), 44, "dashboard:wojciech.nowak@rydo.eu")

    for g in manifest_gets:
        changed = any(r["t_shield"] == g for r in releases)
        nloc = len(RYDO_LOCALES)
        if changed:
            s3_line(g, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", f"v3/{RYDO}/manifest.json", 200, "-", 60 + 9 * nloc, 60 + 9 * nloc, rng.randint(6, 20), "Amazon CloudFront")
        else:
            s3_line(g, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", f"v3/{RYDO}/manifest.json", 304, "-", "-", 60 + 9 * nloc, rng.randint(4, 12), "Amazon CloudFront")

    def rydo_release_at(x, e):
        """The release a device at edge e sees in the manifest at x."""
        cur = {"number": 41, "px": secs(utc("2026-10-15 16:02:00"))}
        for r in releases:
            if x >= r["t_edge"][e]:
                cur = r
        return cur

    # --- Rydo traffic in the 1 % sample: manifests and bundles
    rydo_uas = [("Rydo/7.14.0 (Android 14; lingotide-sdk-android/3.6.1)", 0.42), ("Rydo/7.14.0 (Android 13; lingotide-sdk-android/3.6.1)", 0.14),
                ("Rydo/7.13.2 (Android 12; lingotide-sdk-android/3.5.4)", 0.06), ("Rydo/7.14.0 (iOS 18.0.1; lingotide-sdk-ios/3.6.0)", 0.28),
                ("Rydo/7.14.0 (iOS 17.6.1; lingotide-sdk-ios/3.6.0)", 0.10)]

    def pick(choices):
        r = rng.random() * sum(w for _, w in choices)
        for v, w in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][0]

    def edge_for(L):
        probs = p_edge(L)
        return pick(list(probs.items()))

    x = t_start
    while x < t_end:
        x += rng.expovariate(0.24)
        L = pick(RYDO_LOCALES)
        e = edge_for(L)
        cf_line(x, e, edge_country[e], f"/v3/{RYDO}/manifest.json", 200, 60 + 9 * len(RYDO_LOCALES), rng.choice(["Hit"] * 30 + ["RefreshHit"]), pick(rydo_uas), rng.uniform(0.001, 0.004), rng.uniform(0.001, 0.012))

    fails = {}   # (release, locale, minute) -> expected count
    for r in releases:
        px = r["px"]
        x = px
        while x < t_end:
            rate = 0.01 * (rydo_bundle_rate(x, px) + 0.2)
            x += rng.expovariate(rate)
            L = pick(RYDO_LOCALES)
            e = edge_for(L)
            if rydo_release_at(x, e) is not r:
                continue
            path = f"/v3/{RYDO}/{r['number']}/{L}.json"
            iv = r["edge404"].get((e, L))
            if iv and iv[0] <= x < iv[1]:
                first = abs(x - iv[0]) < 0.5
                cf_line(x, e, edge_country[e], path, 404, 298, "Error", pick(rydo_uas), rng.uniform(0.012, 0.04) if first else rng.uniform(0.001, 0.003), rng.uniform(0.013, 0.05) if first else rng.uniform(0.001, 0.004))
            else:
                sz = r["size"][L]
                cf_line(x, e, edge_country[e], path, 200, sz, rng.choice(["Hit"] * 12 + ["Miss"]), pick(rydo_uas), rng.uniform(0.001, 0.006), rng.uniform(0.03, 0.4))
        # expected failures per minute and locale
        for (e, L), (f, f2) in r["edge404"].items():
            probs = p_edge(L)
            m = int(f // 60) * 60
            while m < f2:
                lo, hi = max(m, f), min(m + 60, f2)
                if hi > lo:
                    lam = rydo_bundle_rate(lo, px) * loc_w[L] * probs[e]
                    fails[(r["number"], L, m)] = fails.get((r["number"], L, m), 0) + lam * (hi - lo)
                m += 60
    # previous release's bundles: new installs before 17:00
    x = t_start
    while x < secs(PUB42):
        x += rng.expovariate(0.002)
        L = pick(RYDO_LOCALES)
        e = edge_for(L)
        cf_line(x, e, edge_country[e], f"/v3/{RYDO}/41/{L}.json", 200, 368000 + rng.randint(-20000, 20000), "Hit", pick(rydo_uas), rng.uniform(0.001, 0.006), rng.uniform(0.03, 0.4))

    # --- other customers: distributions, their traffic and publishes
    names = ["pendl", "kantu", "fernhill-bank", "mova-health", "stadtwerk-app", "brisk-fitness", "tandemly", "quarto-news", "hoplite-games",
             "nordpass-rail", "cinnamon-recipes", "velora-shop", "aurum-invest", "parkly", "lumen-learn", "tidepool-weather", "sprig-garden",
             "orbit-taxi", "canto-music", "kite-insurance", "marlo-pets", "bodega-delivery", "vesta-energy", "polka-kids", "ridgeway-hotels",
             "zephyr-air", "lagom-home", "scout-jobs"]
    dists = []
    for i, n in enumerate(names):
        d = "d_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))
        nloc = {"pendl": 11, "kantu": 14}.get(n, rng.choice([2, 3, 3, 4, 5, 6, 8, 9, 12]))
        pool = ["de", "fr", "es", "it", "nl", "pl", "pt-BR", "sv", "da", "ja", "ko", "zh-Hans", "tr", "cs", "ro", "fi", "nb", "en"]
        locs = sorted(rng.sample(pool, nloc))
        dists.append({"name": n, "dist": d, "locales": locs, "w": rng.uniform(0.2, 2.0) if n not in ("pendl", "kantu") else 3.0,
                      "release": rng.randint(3, 180), "size": rng.randint(8000, 90000)})
    other_uas = [f"{n.split('-')[0].capitalize()}/{rng.randint(2, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)} ({rng.choice(['Android 14', 'iOS 18.0.1', 'Android 13', 'iOS 17.6.1'])}; lingotide-sdk-{rng.choice(['android/3.6.1', 'ios/3.6.0', 'flutter/1.9.2'])})" for n in names]
    dw = [(i, d["w"]) for i, d in enumerate(dists)]
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.2)
        i = pick(dw)
        d = dists[i]
        e = pick([(e, w) for e, _, w in EDGES])
        if rng.random() < 0.85:
            cf_line(x, e, edge_country[e], f"/v3/{d['dist']}/manifest.json", 200, 60 + 9 * len(d["locales"]), "Hit", other_uas[i], rng.uniform(0.001, 0.004), rng.uniform(0.001, 0.01))
        else:
            cf_line(x, e, edge_country[e], f"/v3/{d['dist']}/{d['release']}/{rng.choice(d['locales'])}.json", 200, d["size"], "Hit", other_uas[i], rng.uniform(0.001, 0.005), rng.uniform(0.01, 0.2))

    # publishes of other customers through the evening
    pub_times = []
    x = t_start + rng.uniform(60, 200)
    while x < t_end - 120:
        pub_times.append(x)
        x += rng.expovariate(1 / 330.0) + 40
    by_name = {d["name"]: d for d in dists}
    forced = {secs(utc("2026-10-21 16:12:40")): "pendl", secs(utc("2026-10-21 16:47:10")): "kantu"}
    plan = [(x, None) for x in pub_times if all(abs(x - f) > 90 for f in forced) and not any(abs(x - secs(p)) < 120 for p in (PUB42, PUB43, PUB44))]
    plan += [(f, n) for f, n in forced.items()]
    plan.sort()
    small_fail = []   # (x, dist, release, locale, count)
    for x0, forced_name in plan:
        d = by_name[forced_name] if forced_name else dists[pick([(i, 1.0) for i in range(2, len(dists))])]
        d["release"] += 1
        mid = forced_name is not None
        man, loc, done = publish(x0, d["dist"], d["release"], d["locales"], (0.5, 1.6) if mid else (0.05, 0.35), (0.04, 0.15), d["size"],
                                 rng.choice(["dashboard", "api:ci", "cli"]) + (":" + rng.choice(["github-actions", "bitrise", "gitlab-ci"]) if rng.random() < 0.5 else ""))
        t_shield = man[1] + (rng.uniform(0.3, 0.6) if mid else rng.uniform(0, 10))
        rate = d["w"] * 0.6
        hits = []
        for L in d["locales"]:
            s_L = t_shield + rng.uniform(0.1, 1.5) + rng.expovariate(rate / len(d["locales"]) * 3)
            if s_L < loc[L][1]:
                hits.append((L, s_L))
        if mid and not hits:
            L = max(d["locales"], key=lambda L: loc[L][1])
            hits.append((L, loc[L][1] - rng.uniform(0.2, 0.5)))
        for L, s_L in hits:
            s3_line(s_L, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", f"v3/{d['dist']}/{d['release']}/{L}.json", 404, "NoSuchKey", 298, "-", rng.randint(5, 14), "Amazon CloudFront")
            n_fail = max(1, int(rate * 300 / len(d["locales"]) * rng.uniform(0.5, 1.4)))
            small_fail.append((s_L, d["dist"], d["release"], L, n_fail, d["release"] - 1))
            for _ in range(max(0, int(n_fail * 0.01 + rng.random()))):
                xx = s_L + rng.uniform(0, ERR_TTL)
                e = pick([(e, w) for e, _, w in EDGES])
                cf_line(xx, e, edge_country[e], f"/v3/{d['dist']}/{d['release']}/{L}.json", 404, 298, "Error", rng.choice(other_uas), 0.002, 0.002)
        stats.setdefault("small_races", []).append((at(x0), d["name"], len(hits)))

    # --- legacy SDK 2.x paths: 404 NoSuchKey at the shield every ~5 minutes per path
    legacy = [f"v2/pk_{hexid(rng, 12)}/{rng.choice(['de', 'fr', 'es', 'it', 'nl', 'pl', 'en', 'pt'])}.json" for _ in range(14)]
    for path in legacy:
        x = t_start - rng.uniform(0, 300)
        while x < t_end:
            s3_line(x, shield_ip(), "svc:cloudfront.amazonaws.com", "REST.GET.OBJECT", path, 404, "NoSuchKey", 298, "-", rng.randint(4, 12), "Amazon CloudFront")
            x += ERR_TTL + rng.expovariate(1 / 25.0)
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.012)
        e = pick([(e, w) for e, _, w in EDGES])
        cf_line(x, e, edge_country[e], "/" + rng.choice(legacy), 404, 298, "Error", rng.choice(["Stadtwerk/4.2.1 (Android 9; lingotide-sdk-android/2.8.3)", "Parkly/3.1.0 (iOS 14.8; lingotide-sdk-ios/2.9.0)", "Velora/5.0.4 (Android 10; lingotide-sdk-android/2.8.3)"]), 0.002, 0.002)

    # --- SDK event ingestion: per pod per minute, and (1.32.x) the failure warnings
    fail_events = []   # (x, dist, release, locale, count, kept)
    for (number, L, m), v in fails.items():
        n = int(round(v * rng.uniform(0.85, 1.12)))
        if n:
            fail_events.append((m + 30, RYDO, number, L, n, 41 if number == 42 else 42))
    for (s_L, dist, number, L, n, kept) in small_fail:
        fail_events.append((s_L + 60, dist, number, L, n, kept))
    for (x0, pods, ver, sha), nxt in zip(epochs, epochs[1:] + [(t_end + 1, None, None, None)]):
        for k, pod in enumerate(pods):
            phase = x0 + 60 + k * 14
            x = phase
            while x < min(nxt[0], t_end):
                if x >= t_start:
                    base = int(rng.uniform(900, 1500) * (1 + sum(1 for r in releases if r["px"] <= x < r["px"] + 1800)))
                    slog(x + rng.uniform(0, 0.01), pod, "INFO", "sdk events ingested", events=base, window="1m0s")
                    if ver != "1.31.0":
                        for (fx, dist, number, L, n, kept) in fail_events:
                            if x - 60 <= fx < x:
                                share = n // 3 + (1 if k < n % 3 else 0)
                                share = max(0, int(share * rng.uniform(0.8, 1.2)))
                                if share:
                                    slog(x + rng.uniform(0.01, 0.05), pod, "WARN", "sdk reported bundle fetch failures", dist=dist, release=number,
                                         locale=L, status=404, count=share, kept_release=kept, window="1m0s")
                x += 60
    stats["fail_events"] = fail_events

    # routine warnings: events for deleted distributions, queue redeliveries
    for _ in range(16):
        x = rng.uniform(t_start, t_end)
        slog(x, rng.choice(epoch_at(x)[1]), "WARN", "sdk event for unknown distribution", dist="d_" + hexid(rng, 6), sdk=rng.choice(["android/3.4.0", "ios/3.5.2"]))
    for _ in range(4):
        x = rng.uniform(t_start, t_end)
        slog(x, rng.choice(epoch_at(x)[1]), "WARN", "publish request redelivered", dist=rng.choice(dists)["dist"], receive_count=2)

    # --- GitHub Actions
    def gh(x, text):
        t = at(x)
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def deploy_run(x0, number, actor, sha, revision, pods_note):
        gh(x0, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha}")
        gh(x0 + 1.5, "Current runner version: '2.320.0'")
        gh(x0 + 4.1, f"HEAD is now at {sha[:7]}")
        gh(x0 + 71.3, f"#14 pushing {ACCOUNT}.dkr.ecr.eu-central-1.amazonaws.com/ota-publisher:{sha[:7]} done")
        gh(x0 + 74.0, f"+ helm upgrade --install ota-publisher ./chart -n ota -f deploy/values-production.yaml --set image.tag={sha[:7]} --wait --timeout 5m")
        gh(x0 + 118.6, "Release \"ota-publisher\" has been upgraded. Happy Helming!")
        gh(x0 + 118.7, f"NAME: ota-publisher  NAMESPACE: ota  STATUS: deployed  REVISION: {revision}")
        gh(x0 + 118.9, f"deployment \"ota-publisher\" successfully rolled out ({pods_note})")
        gh(x0 + 119.2, "##[endgroup]")

    deploy_run(secs(MON_DEPLOY) - 75, 213, "marta-figueiredo", shas["mon"], 57, "3 of 3 updated replicas are available")
    deploy_run(secs(RELEASE) - 76, 214, "elodie-tremblay", shas["wed"], 58, "3 of 3 updated replicas are available")
    xr = secs(ROLLBACK) - 40
    gh(xr, "##[group]Run rollback #9 (workflow_dispatch by jonas-keller) revision=57")
    gh(xr + 3.2, "+ helm rollback ota-publisher 57 -n ota --wait")
    gh(xr + 47.9, "Rollback was a success! Happy Helming!")
    gh(xr + 48.3, "NAME: ota-publisher  NAMESPACE: ota  STATUS: deployed  REVISION: 59")
    gh(xr + 48.5, "##[endgroup]")
    deploy_run(secs(FIXED) - 76, 215, "marta-figueiredo", shas["fix"], 60, "3 of 3 updated replicas are available")

    # --- Slack #inc-ota
    users = {"alertmanager": "B02ALRT7Q", "jonas.keller": "U02JK8D4M", "marta.figueiredo": "U03MF2L9P", "elodie.tremblay": "U04ET6Q1R",
             "nadia.amrani (CSM)": "U05NA3W8S", "ravi.menon (platform)": "U02RM7K2T", "wojciech.nowak (Rydo)": "U07WN4H6X"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "inc-ota", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    r42f = min(stats["nosuchkey_rydo"])
    say(RELEASE - dt.timedelta(minutes=3), "elodie.tremblay", "deploying ota-publisher 1.32.0: SDK fetch failure logging (OTA-233), S3 put timeout 20s / 5 attempts (OTA-235), aws-sdk-go-v2 bump, bytes in 'release published' (OTA-224)")
    say(RELEASE + dt.timedelta(minutes=2, seconds=30), "elodie.tremblay", "1.32.0 out, publishes going through")
    say(PUB42 + dt.timedelta(minutes=4, seconds=10), "alertmanager", "[FIRING:1] OtaCdn4xxRate ota.lingotide.net 4xx > 5% (5m)")
    say(PUB42 + dt.timedelta(minutes=5, seconds=30), "nadia.amrani (CSM)", "Rydo in our shared channel: Ride Pass campaign went live 19:00 CEST, lots of riders see 'ridepass.banner.title' and 'ridepass.cta.subscribe' instead of text. They published release 42 from CI at 17:00")
    raced42 = [L for n, L, _, _ in stats["race"] if n == 42]
    raced43 = [L for n, L, _, _ in stats["race"] if n == 43]
    top = sorted(raced42, key=lambda L: -loc_w[L])
    fine = [L for L, _ in sorted(RYDO_LOCALES, key=lambda lw: -lw[1]) if L not in raced42][:3]
    say(PUB42 + dt.timedelta(minutes=7), "jonas.keller", f"on it. ota-publisher logs 'sdk reported bundle fetch failures' status=404 for d_7hq2kx release 42: {', '.join(top[:6])} and more. {'/'.join(fine)} not")
    say(PUB42 + dt.timedelta(minutes=10), "jonas.keller", "aws s3 ls s3://lt-ota-prod/v3/d_7hq2kx/42/ shows all 38 bundles, and they load fine with curl through CloudFront now. the 404s are tapering off but Rydo says riders still see the keys")
    say(PUB42 + dt.timedelta(minutes=13), "jonas.keller", "that warning only exists since 1.32.0 (OTA-233) and 1.32.0 went out 30 min before Rydo's publish, with the S3 put retries change and an aws-sdk bump. rolling back to helm revision 57 (Monday's) before anyone publishes again")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=30), "jonas.keller", "rolled back, 1.31.0 running")
    say(ROLLBACK + dt.timedelta(minutes=3), "nadia.amrani (CSM)", "Rydo says riders who saw the keys still see them after restarting the app")
    say(ROLLBACK + dt.timedelta(minutes=5), "jonas.keller", "docs/sdk-refresh.md: the SDK keeps its strings after a failed download and doesn't try that release again. a new release should get them. @nadia.amrani can Rydo publish once more?")
    say(PUB43 - dt.timedelta(minutes=1), "wojciech.nowak (Rydo)", "publishing release 43 now, same strings")
    say(PUB43 + dt.timedelta(minutes=3, seconds=40), "alertmanager", "[FIRING:1] OtaCdn4xxRate ota.lingotide.net 4xx > 5% (5m)")
    say(PUB43 + dt.timedelta(minutes=4, seconds=20), "jonas.keller", "404s again in CloudFront for /v3/d_7hq2kx/43/*, on 1.31.0. so it's not 1.32.0")
    gaps43 = {L: (x_, av) for n, L, x_, av in stats["race"] if n == 43 and av - x_ >= 5}
    ex43 = max(gaps43, key=lambda L: loc_w[L])
    r43g = gaps43[ex43][0]
    r43p = r43["put"][ex43]
    say(PUB43 + dt.timedelta(minutes=6), "marta.figueiredo", "joining. pulling the S3 access log for the prefix")
    say(PUB43 + dt.timedelta(minutes=14), "marta.figueiredo", f"S3 got CloudFront's GET for v3/d_7hq2kx/43/{ex43}.json -> NoSuchKey at {at(r43g).strftime('%H:%M:%S')}, our PUT of it came at {at(r43p).strftime('%H:%M:%S')}. the manifest PUT is the first object of the publish. that's OTA-219, mine, Monday: the manifest goes into the errgroup with the locales and no longer waits for them. Rydo's locales take ~{round(r43['done'] - r43['px'])}s, so for that long the manifest names bundles that aren't there")
    say(PUB43 + dt.timedelta(minutes=16), "ravi.menon (platform)", "and the ota distribution caches 404s for 300s (our TF, for the v2 SDK paths), at the shield and the edges. we can lower it, but the order is the bug")
    say(PUB43 + dt.timedelta(minutes=18), "jonas.keller", "Pendl's ticket from 16:40 ('some users still on old strings') is the same thing then, 11 locales. 1.31.0 has OTA-219 too, it went out Monday 15:41")
    say(utc("2026-10-21 18:27:00"), "marta.figueiredo", "OTA-240 merged: manifest after g.Wait(), with a test for the order. deploying")
    say(FIXED + dt.timedelta(minutes=1, seconds=30), "marta.figueiredo", "1.32.1 out. @nadia.amrani please ask Rydo to publish again")
    say(PUB44 + dt.timedelta(minutes=1), "wojciech.nowak (Rydo)", "release 44 published")
    say(PUB44 + dt.timedelta(minutes=6), "jonas.keller", "44: manifest PUT after the last locale, no NoSuchKey, no fetch failures reported")
    say(PUB44 + dt.timedelta(minutes=12), "wojciech.nowak (Rydo)", "riders who had the keys have the banner text now. thanks")
    say(PUB44 + dt.timedelta(minutes=15), "jonas.keller", "postmortem tomorrow 10:00 CEST. ravi will look at the 404 caching on /v3/*")

    # --- Zendesk tickets
    def ticket(t, tid, prio, org, subject, desc, status="new"):
        zd.add(t, json.dumps({"event": "ticket.created", "ticket": {"id": tid, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "priority": prio, "status": status,
                                                                     "organization": org, "subject": subject, "description": desc, "tags": ["ota"] if "OTA" in subject or "string" in desc else []}}, ensure_ascii=False))

    ticket(utc("2026-10-21 16:02:11"), 48112, "low", "Fernhill Bank", "Glossary import: CSV with semicolons", "Our glossary CSV uses ';' as separator, the import says 0 terms. Is there an option?")
    ticket(utc("2026-10-21 16:40:37"), 48117, "normal", "Pendl", "Some users still on old strings after publishing", "We published a release at 16:12 UTC, most users got the new texts but some Android and iOS users still have the old ones after restarting the app. Is there a cache?")
    ticket(utc("2026-10-21 17:06:02"), 48121, "urgent", "Rydo", "OTA: campaign strings show as keys in production", "Release 42 published 17:00 UTC. Many riders see ridepass.banner.title / ridepass.cta.subscribe. Campaign is live with push. Please help asap.")
    ticket(utc("2026-10-21 17:31:45"), 48124, "normal", "Rydo", "OTA: SDK does not retry failed release?", "Riders who saw keys still see them after force-quit. Is there a way to force the SDK to re-download release 42?")
    ticket(utc("2026-10-21 18:05:20"), 48130, "low", "Tandemly", "Machine translation for Icelandic", "Do you support is as an MT target? The workbench shows no suggestions.")
    stats["fails"] = fails
    stats["r42"] = r42
    stats["r42_first"] = r42f
    return [app, cf, s3, gha, slack, zd], stats


def build(out_dir):
    rng = random.Random(53100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["r42_first"]).replace(microsecond=0)
        assert utc("2026-10-21 17:00:00") <= onset <= utc("2026-10-21 17:00:30"), onset
        races42 = [L for n, L, _, _ in stats["race"] if n == 42]
        races43 = [L for n, L, _, _ in stats["race"] if n == 43]
        races44 = [L for n, L, _, _ in stats["race"] if n == 44]
        assert not races44 and len(races42) >= 8 and len(races43) >= 8, (races42, races43, races44)
        culprit_at = utc("2026-10-19 14:22:00")
        fails = stats["fails"]
        cf4, cft = stats["cf4xx"], stats["cftotal"]

        def fail_rate(t, number=None):
            m = int(t.timestamp() // 60) * 60 - 60
            return round(sum(v for (n, L, mm), v in fails.items() if mm == m and (number is None or n == number)) / 60.0, 3)

        def cf_ratio(t):
            # CloudWatch's 4xx rate over all requests of the distribution (not the 1 % sample)
            m = int(t.timestamp() // 60) * 60 - 60
            x = m + 30
            bundles = sum(35.0 * math.exp(-(x - secs(p)) / 5400.0) for p in (PUB42, PUB43, PUB44) if secs(p) <= x and x < secs(p) + 10000)
            failed = sum(v for (n, L, mm), v in fails.items() if mm == m) / 60.0
            total = 24.0 + 20.0 + 1.2 + 0.2 + bundles
            return round(100.0 * (1.2 + failed) / total * (1 + 0.04 * math.sin(x / 97.0)), 3)

        metrics = {
            "aws_cloudfront_4xx_error_rate_average.json": query_range(
                [({"distribution_id": "E2Q7OTA4LT9K3M", "region": "Global", "job": "cloudwatch-exporter"}, cf_ratio)], START, END, 60),
            "ota_sdk_bundle_fetch_failures_rate1m.json": query_range(
                [({"dist": RYDO, "type": "bundle_fetch_failed", "status": "Not Found"}, fail_rate)], START, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r53-ota-manifest-upload-order", service=SERVICE, onset=onset,
            description=f"""
Rydo's riders see string keys instead of text on Wednesday 21 October: Rydo
publishes release 42 of its over-the-air strings (38 locales) at 17:00 UTC
for a campaign, and from {onset.strftime('%H:%M:%S')} CloudFront answers 404 for the new
bundles of {len(races42)} locales for about five minutes; the riders' SDKs stay on
release 41 ("ridepass.banner.title"). An ota-publisher release had gone
out at 16:31; it was rolled back at 17:23 and Rydo's release 43 at 17:41
failed the same way. A fix was deployed at 18:36 and release 44 at 18:52
reached every rider.
""",
            logs=logs, line_formats={"ota-publisher.log": r'\[pod/<Pod>/<Container>\] time=<Time> level=<Level> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'REST\.GET\.OBJECT .*NoSuchKey',
                r'sdk reported bundle fetch failures',
            ],
            fix_files=["internal/publish/publisher.go"],
            explanation=f"""
The culprit is OTA-219 ("publish: build and upload a release's locales
concurrently"), committed on Monday 19 October at 14:22 UTC and deployed at
15:41 with the docs commit after it, {hours:.1f} hours before the onset. It
builds and uploads the locales through an errgroup, eight at a time, and
puts the manifest into the same group ("needs only the release number
and the locale list") instead of after the bundles, so the manifest is
in S3 first and names bundles that are not there yet. For most
distributions that gap is a fraction of a second; Rydo's 38 locales take
about 25 s. At 17:00 the shield and the edges serve the new manifest
within seconds, CloudFront asks S3 for locales not uploaded yet
(S3: "REST.GET.OBJECT v3/d_7hq2kx/42/<locale>.json ... 404 NoSuchKey"
seconds before the publisher's PUT of the same key), caches the 404 for
300 s, and the SDKs, which never retry a failed release, stay on 41
("sdk reported bundle fetch failures ... status=404"). The fix uploads
the manifest after g.Wait() (a revert of the culprit touches the same
file).
Decoys: the 16:31 release 1.32.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (OTA-233,
which adds the very "sdk reported bundle fetch failures" warning; OTA-235,
S3 put timeout and attempts in the config and main.go; an aws-sdk-go-v2
bump; OTA-224, bytes in "release published", in the culprit's file),
rolled back at 17:23 to Monday's revision, which holds the culprit: the
warnings vanish, release 43 at 17:41 fails alike; the runbook commit
that blames the apps' refresh and the bucket policy; the docs commit on
the SDK's refresh; the tests commit that checks every object is written
(not their order); OTA-211 to the bundle code, the pgx bump and the CI
commit; the routine 404 NoSuchKey of SDK 2.x apps on the retired v2
paths, cached 300 s, and the platform's 300 s error caching (not in this
repo); Pendl's 16:12 and Kantu's 16:47 publishes, whose 404s went
unnoticed but for a ticket (Kantu's are the first "sdk reported bundle
fetch failures" lines); routine SDK events for deleted distributions.
""",
        )
    finally:
        repo.close()
