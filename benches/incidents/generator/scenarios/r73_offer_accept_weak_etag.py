"""courier-api (Go 1.23, chi, pgx, Redis; on EKS behind the platform team's
shared ingress-nginx, Argo CD syncing `deploy/prod`; team in Lisbon, one
contractor in São Paulo) of Marmita, a food-delivery platform in Portugal.
courier-api is the API of the courier app (Marmita Estafeta, Android and
iOS): offers, accept and decline, task status, location fixes, and the
courier ops pause rule (three offers declined or let expire within 10
minutes pause the courier for 10 minutes). dispatch-engine (Kotlin, Spring
Boot; another team) decides who gets which order: one order per offer, or
a batch of two or three, always when two orders of one restaurant are ready
within minutes of each other, and across restaurants of a zone when the
zone's load (orders waiting per idle courier) is over 1.3, which in Lisbon
means the lunch and dinner peaks. It re-offers an order or batch whose
offer is declined or expires, and splits a batch into single orders after
three failed offers. merchant-gateway serves the restaurants' tablets.

Tuesday 7 April 2026, 16:40 UTC: DSP-2192 "offers: ETag on GET, If-Match on
accept". Last week dispatch-engine added a third order to a batch while a
courier was looking at it, and the courier accepted a batch they had not
seen. Now GET /v1/offers/{id} answers with an ETag ("<offer>-v<version>")
and accept answers 412 offer_changed when the If-Match the app sends is not
that ETag (the app, since 7.2.0, sends If-Match; 7.1.x sends none and is
not checked). The test calls the handler directly. But the app reaches
courier-api through the platform's ingress-nginx, whose ConfigMap has
`use-gzip: "true"` and `gzip-min-length: "1000"`: nginx compresses a JSON
response of 1000 bytes or more and, when it does, turns a strong ETag into
a weak one (W/"…"). A single-order offer is 600-900 bytes, a batch
1.4-2.4 KB: for every batch the app echoes W/"of_…-v1", which is not the
ETag, and every accept of a batch by a 7.2 app is answered 412 ("offer
accept rejected: If-Match does not match current ETag"). The app reloads
the offer and shows "A oferta foi atualizada"; the courier taps accept
again, 412 again, until they decline or the offer expires.

Released as 3.41.0 and synced on Wednesday 8 April at 08:12 UTC. In the
quiet morning dispatch-engine batches little: around 10:00, when Alvalade
is briefly busy, a few batches fail, are re-offered and split, and nobody
looks. From 11:18 the lunch peak brings batch after batch (two orders of
one restaurant, then, from 11:30, cross-restaurant batches in Alvalade,
Oriente, Avenidas and Campo de Ourique): they fail offer after offer, are
split after three, their food waits on the counters, and the couriers who
were offered them (those waiting nearest to the busy restaurants) reach
three failed offers in ten minutes and are paused, which raises the load
and the batching further.

At 10:55 3.42.0 had been synced: DSP-2205 offer TTL 45 -> 35 s in
`config/production.yaml`; OPS-131 logs pauses at info (the very "courier
paused" line that now fills the log; before, only at debug); DSP-2201, an
accept latency histogram in the culprit's file; golang.org/x/net. The
runbook (Wednesday morning) reads failed accepts as the courier's
connectivity or an old app and says to roll back after a release. Tiago
(on call) suspects the shorter TTL and the pauses and rolls back to 3.41.0
at 11:58: no change (the pause lines go quiet, the pauses do not). Joana
(courier support) sees every complaint is about a batch, and that a courier
who updated from 7.1.4 to 7.2.1 on support's advice has failed since. Inês
finds the 412s: If-Match W/"of_…-v1" against the ETag "of_…-v1", only for
batches, and the ingress's gzip. Tiago rolls back to Monday's 3.40.2 at
12:19, Rita (courier ops) unpauses the paused couriers at 12:24, and the
backlog clears. DSP-2216 (12:48) compares If-Match without the weak prefix;
it ships after lunch.

Sources: courier-api (slog JSON), dispatch-engine (Spring Boot console),
merchant-gateway (Python logging, line format), ingress-nginx access (the
offer and task requests), Argo CD application controller (logrus text),
#dispatch-ops (Slack export, JSON lines), courier support tickets (Zendesk,
JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import spring
from skeletons import chores

SERVICE = "courier-api"
START, END = utc("2026-04-08 08:00:00"), utc("2026-04-08 13:15:00")
CULPRIT_AT = utc("2026-04-07 16:40:00")
REL_341 = utc("2026-04-08 08:12:30")       # Argo sync of 3.41.0 succeeded
REL_342 = utc("2026-04-08 10:55:40")       # 3.42.0
ROLLBACK_341 = utc("2026-04-08 11:58:20")  # Argo rollback to 3.41.0
ROLLBACK_340 = utc("2026-04-08 12:19:10")  # Argo rollback to Monday's 3.40.2
UNPAUSE = utc("2026-04-08 12:24:05")       # courier ops unpause everyone paused
PEAK_FROM = utc("2026-04-08 11:10:00")
N_MORNING, N_LUNCH = 80, 125   # couriers on shift
SAME_P = 0.35                  # two orders of one restaurant: drop-offs close enough to batch
SAME_LOAD = 0.6                # ...and only when couriers are not plentiful

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/marmita/courier-api

go 1.23

require (
\tgithub.com/go-chi/chi/v5 v5.1.0
\tgithub.com/jackc/pgx/v5 v5.7.1
\tgithub.com/prometheus/client_golang v1.20.5
\tgithub.com/redis/go-redis/v9 v9.7.0
\tgolang.org/x/net v0.36.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

MAIN_GO = """package main

import (
\t"log/slog"
\t"net/http"
\t"os"

\t"github.com/go-chi/chi/v5"

\t"github.com/marmita/courier-api/internal/availability"
\t"github.com/marmita/courier-api/internal/config"
\t"github.com/marmita/courier-api/internal/location"
\t"github.com/marmita/courier-api/internal/offers"
\t"github.com/marmita/courier-api/internal/tasks"
)

var version = "dev"
var revision = "unknown"

func main() {
\tslog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: config.LogLevel()})))
\tcfg := config.MustLoad(os.Getenv("COURIER_API_CONFIG"))
\tdeps := config.MustConnect(cfg)
\tpauser := availability.NewPauser(cfg.Availability, deps.Redis, deps.Events)
\tr := chi.NewRouter()
\tr.Use(config.CourierAuth(deps.Tokens))
\t(&offers.Handler{Store: offers.NewStore(deps.DB, cfg.Offers), Pauser: pauser, Dispatch: deps.Dispatch}).Routes(r)
\t(&tasks.Handler{Store: tasks.NewStore(deps.DB), Geofence: cfg.Tasks}).Routes(r)
\t(&location.Handler{Ingest: location.NewIngest(deps.Kafka, cfg.Location)}).Routes(r)
\tslog.Info("courier-api starting", "version", version, "revision", revision, "addr", cfg.HTTP.Addr)
\tif err := http.ListenAndServe(cfg.HTTP.Addr, r); err != nil {
\t\tslog.Error("server stopped", "err", err)
\t\tos.Exit(1)
\t}
}
"""

OFFER_GO = """package offers

import "time"

// Offer is what a courier sees before accepting: one order, or a batch of
// two or three that dispatch-engine grouped (one restaurant, or restaurants
// and drop-offs close together when a zone is busy). Version goes up when
// dispatch-engine changes the offer (an order added to or taken out of a
// batch, a new payout).
type Offer struct {
\tID        string    `json:"id"`
\tCourierID string    `json:"courier_id"`
\tVersion   int       `json:"version"`
\tStops     []Stop    `json:"stops"`
\tPayoutEUR string    `json:"payout_eur"`
\tDistanceM int       `json:"distance_m"`
\tExpiresAt time.Time `json:"expires_at"`
\tState     string    `json:"state"`
\tCreatedAt time.Time `json:"-"`
}

type Stop struct {
\tOrderID        string `json:"order_id"`
\tRestaurantName string `json:"restaurant_name"`
\tPickupAddress  string `json:"pickup_address"`
\tDropoffArea    string `json:"dropoff_area"`
\tItems          int    `json:"items"`
\tReadyAt        string `json:"ready_at"`
\tNotes          string `json:"notes,omitempty"`
}

func (o *Offer) Kind() string {
\tif len(o.Stops) > 1 {
\t\treturn "batch"
\t}
\treturn "single"
}
"""

HANDLER_GO = """package offers

import (
\t"context"
\t"encoding/json"
\t"log/slog"
\t"net/http"
\t"time"

\t"github.com/go-chi/chi/v5"

\t"github.com/marmita/courier-api/internal/availability"
\t"github.com/marmita/courier-api/internal/auth"
)

type Handler struct {
\tStore    *Store
\tPauser   *availability.Pauser
\tDispatch DispatchNotifier
}

func (h *Handler) Routes(r chi.Router) {
\tr.Get("/v1/offers/{id}", h.get)
\tr.Post("/v1/offers/{id}/accept", h.accept)
\tr.Post("/v1/offers/{id}/decline", h.decline)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
\to, err := h.Store.ForCourier(r.Context(), chi.URLParam(r, "id"), auth.CourierID(r))
\tif err != nil {
\t\twriteError(w, statusFor(err), codeFor(err))
\t\treturn
\t}
\tw.Header().Set("Content-Type", "application/json")
\tw.Header().Set("Cache-Control", "no-store")
\tjson.NewEncoder(w).Encode(o)
}

func (h *Handler) decline(w http.ResponseWriter, r *http.Request) {
\tctx := r.Context()
\tcid := auth.CourierID(r)
\to, err := h.Store.ForCourier(ctx, chi.URLParam(r, "id"), cid)
\tif err != nil {
\t\twriteError(w, statusFor(err), codeFor(err))
\t\treturn
\t}
\treason := r.URL.Query().Get("reason")
\th.Store.SetState(ctx, o, "declined")
\th.Dispatch.Declined(ctx, o, cid, reason)
\th.Pauser.Record(ctx, cid, o.ID, "declined")
\tslog.Info("offer declined", "offer_id", o.ID, "courier_id", cid, "orders", len(o.Stops), "reason", reason)
\tw.WriteHeader(http.StatusNoContent)
}

// Expire runs from the store's sweeper for offers past ExpiresAt.
func (h *Handler) Expire(ctx context.Context, o *Offer) {
\th.Store.SetState(ctx, o, "expired")
\th.Dispatch.Expired(ctx, o, o.CourierID)
\th.Pauser.Record(ctx, o.CourierID, o.ID, "expired")
\tslog.Info("offer expired", "offer_id", o.ID, "courier_id", o.CourierID, "orders", len(o.Stops), "ttl_s", int(o.ExpiresAt.Sub(o.CreatedAt)/time.Second))
}
"""

ACCEPT_GO_V1 = """package offers

import (
\t"log/slog"
\t"net/http"
\t"time"

\t"github.com/go-chi/chi/v5"

\t"github.com/marmita/courier-api/internal/auth"
)

// accept turns an offer into the courier's task(s). A courier can only
// accept an offer that is still offered to them and not expired.
func (h *Handler) accept(w http.ResponseWriter, r *http.Request) {
\tctx := r.Context()
\tcid := auth.CourierID(r)
\to, err := h.Store.ForCourier(ctx, chi.URLParam(r, "id"), cid)
\tif err != nil {
\t\twriteError(w, statusFor(err), codeFor(err))
\t\treturn
\t}
\tif o.State != "offered" || time.Now().After(o.ExpiresAt) {
\t\twriteError(w, http.StatusGone, "offer_expired")
\t\treturn
\t}
\ttask, err := h.Store.Accept(ctx, o)
\tif err != nil {
\t\twriteError(w, http.StatusConflict, "offer_taken")
\t\treturn
\t}
\th.Dispatch.Accepted(ctx, o, cid)
\tslog.Info("offer accepted", "offer_id", o.ID, "courier_id", cid, "orders", len(o.Stops), "kind", o.Kind(), "app_version", auth.AppVersion(r))
\twriteJSON(w, http.StatusOK, task)
}
"""

ACCEPT_TEST_V1 = """package offers

import (
\t"net/http"
\t"net/http/httptest"
\t"testing"
)

func TestAcceptExpired(t *testing.T) {
\th, o := newTestHandler(t, offerFixture("of_test01", 1, 2))
\to.ExpiresAt = o.CreatedAt
\tw := httptest.NewRecorder()
\th.accept(w, courierRequest("POST", "/v1/offers/of_test01/accept", "cr_10001"))
\tif w.Code != http.StatusGone {
\t\tt.Fatalf("got %d, want 410", w.Code)
\t}
}

func TestAcceptSingle(t *testing.T) {
\th, _ := newTestHandler(t, offerFixture("of_test02", 1, 1))
\tw := httptest.NewRecorder()
\th.accept(w, courierRequest("POST", "/v1/offers/of_test02/accept", "cr_10001"))
\tif w.Code != http.StatusOK {
\t\tt.Fatalf("got %d, want 200", w.Code)
\t}
}
"""

PAUSE_GO_V1 = """package availability

import (
\t"context"
\t"log/slog"
\t"time"
)

// Courier ops rule CO-7: a courier who declines or lets expire DeclineLimit
// offers within DeclineWindow is paused for PauseFor. dispatch-engine stops
// offering to a paused courier; the app shows the pause and its end.
type Config struct {
\tDeclineLimit  int           `yaml:"decline_limit"`
\tDeclineWindow time.Duration `yaml:"decline_window"`
\tPauseFor      time.Duration `yaml:"pause_for"`
}

type Pauser struct {
\tcfg    Config
\tstore  *Store
\tevents Publisher
}

func NewPauser(cfg Config, rdb RedisClient, events Publisher) *Pauser {
\treturn &Pauser{cfg: cfg, store: &Store{rdb: rdb}, events: events}
}

// Record counts a declined or expired offer against the courier.
func (p *Pauser) Record(ctx context.Context, courierID, offerID, outcome string) {
\tn := p.store.AddNegative(ctx, courierID, time.Now(), p.cfg.DeclineWindow)
\tif n < p.cfg.DeclineLimit {
\t\treturn
\t}
\tuntil := time.Now().Add(p.cfg.PauseFor)
\tp.store.Pause(ctx, courierID, until)
\tp.store.ResetNegatives(ctx, courierID)
\tp.events.Publish(ctx, "courier.paused", map[string]any{"courier_id": courierID, "until": until, "negatives": n})
\tslog.Debug("pause", "courier_id", courierID, "n", n, "last", offerID, "outcome", outcome)
}

// Unpause is courier ops' override (admin API).
func (p *Pauser) Unpause(ctx context.Context, courierID, by string) {
\tp.store.Unpause(ctx, courierID)
\tp.events.Publish(ctx, "courier.unpaused", map[string]any{"courier_id": courierID, "by": by})
\tslog.Info("courier unpaused", "courier_id", courierID, "by", by)
}
"""

CONFIG_YAML = """# courier-api production settings (mounted from the ConfigMap built from this file)
http:
  addr: ":8080"

offers:
  # how long a courier has to accept before the offer expires and
  # dispatch-engine offers it to the next courier
  ttl_seconds: 45

availability:
  # courier ops rule CO-7
  decline_limit: 3
  decline_window: 10m
  pause_for: 10m

location:
  max_accuracy_m: 100
  min_interval: 4s
  topic: courier-locations

tasks:
  arrived_customer_geofence_m: 80
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: courier-api
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "15"
    nginx.ingress.kubernetes.io/limit-rps: "40"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [courier-api.marmita.pt]
      secretName: courier-api-tls
  rules:
    - host: courier-api.marmita.pt
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: courier-api
                port:
                  number: 8080
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: courier-api
  labels:
    app: courier-api
spec:
  replicas: 4
  selector:
    matchLabels:
      app: courier-api
  template:
    metadata:
      labels:
        app: courier-api
    spec:
      containers:
        - name: courier-api
          image: 512804331920.dkr.ecr.eu-west-1.amazonaws.com/courier-api
          ports:
            - containerPort: 8080
          env:
            - name: COURIER_API_CONFIG
              value: /etc/courier-api/production.yaml
          volumeMounts:
            - name: config
              mountPath: /etc/courier-api
          resources:
            requests:
              cpu: 500m
              memory: 256Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
      volumes:
        - name: config
          configMap:
            name: courier-api-config
"""


def kustomization(tag):
    return f"""resources:
  - ../base
configMapGenerator:
  - name: courier-api-config
    files:
      - production.yaml=../../config/production.yaml
images:
  - name: 512804331920.dkr.ecr.eu-west-1.amazonaws.com/courier-api
    newTag: "{tag}"
"""


OFFERS_DOC_V1 = """# Offers API (courier app)

- `GET /v1/offers/{id}`: the offer (stops, payout, distance, expires_at).
- `POST /v1/offers/{id}/accept`: 200 with the task(s); 410 `offer_expired`;
  409 `offer_taken`.
- `POST /v1/offers/{id}/decline?reason=too_far|batch|vehicle|other`: 204.

An offer that is declined or expires counts against the courier's pause
rule (CO-7: 3 in 10 min pause for 10 min).
"""

RUNBOOK = """# courier-api runbook

Owner: #team-courier. Dashboards: Grafana > Couriers > courier-api.

## Location fixes not arriving

Check the `courier-locations` topic's produce rate per platform. A drop on
one platform only is usually the app (ask #team-mobile), on both the
ingress or Kafka.

## Task status stuck

A courier cannot mark picked up / delivered: check the 4xx on
`/v1/tasks/*` in the ingress dashboard; 422 `outside_geofence` means the
courier's fix is further than the geofence from the address.
"""

CI = """name: ci
on:
  push:
    branches: [main]
    tags: ['v*']
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'
      - run: go vet ./... && go test ./...
  image:
    if: startsWith(github.ref, 'refs/tags/v')
    needs: test
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: make image push TAG=${GITHUB_REF_NAME#v}
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    ines = Person("Inês Carvalho", "ines.carvalho@marmita.pt", 60)
    tiago = Person("Tiago Ferreira", "tiago.ferreira@marmita.pt", 60)
    mariana = Person("Mariana Sousa", "mariana.sousa@marmita.pt", 60)
    rui = Person("Rui Almeida", "rui.almeida@marmita.pt", 60)
    lucas = Person("Lucas Oliveira", "lucas.oliveira@contractor.marmita.pt", -180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/courier-api/main.go": MAIN_GO,
        "internal/offers/offer.go": OFFER_GO,
        "internal/offers/handler.go": HANDLER_GO,
        "internal/offers/accept.go": ACCEPT_GO_V1,
        "internal/offers/accept_test.go": ACCEPT_TEST_V1,
        "internal/offers/metrics.go": "package offers\n\nimport \"github.com/prometheus/client_golang/prometheus/promauto\"\nimport \"github.com/prometheus/client_golang/prometheus\"\n\nvar offerOutcomes = promauto.NewCounterVec(prometheus.CounterOpts{Name: \"courier_api_offer_outcomes_total\"}, []string{\"kind\", \"outcome\"})\n",
        "internal/availability/pause.go": PAUSE_GO_V1,
        "internal/tasks/status.go": "package tasks\n\n// Status updates from the app: arrived_restaurant, picked_up,\n// arrived_customer, delivered. arrived_customer needs the courier's fix\n// within the geofence of the drop-off.\n",
        "internal/location/ingest.go": "package location\n\n// Ingest takes the app's location fixes (batched, every 4-5 s while on\n// shift), drops those less accurate than max_accuracy_m and produces them\n// to the courier-locations topic, keyed by courier.\n",
        "config/production.yaml": CONFIG_YAML,
        "deploy/base/deployment.yaml": DEPLOYMENT,
        "deploy/base/ingress.yaml": INGRESS,
        "deploy/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - ingress.yaml\n",
        "deploy/prod/kustomization.yaml": kustomization("3.39.1"),
        "docs/api/offers.md": OFFERS_DOC_V1,
        "docs/runbook.md": RUNBOOK,
        ".github/workflows/ci.yml": CI,
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION REVISION\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=${VERSION} -X main.revision=${REVISION}\" -o /courier-api ./cmd/courier-api\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /courier-api /courier-api\nENTRYPOINT [\"/courier-api\"]\n",
        "README.md": "# courier-api\n\nThe courier app's API: offers, tasks, location fixes, availability.\n\nReleases: tag `vX.Y.Z`; CI builds the image; bump `deploy/prod` and Argo CD\nsyncs it. Roll back with Argo CD's history (courier-prod).\n",
    }
    repo.commit(utc("2026-04-02 09:20:00"), tiago, "courier-api 3.39.1", files)
    crng = random.Random(73003)
    repo.schedule(chores(crng, SERVICE, [mariana, rui], utc("2026-04-02 10:00:00"), utc("2026-04-03 16:00:00"), 2)
                  + chores(crng, SERVICE, [lucas, ines], utc("2026-04-06 08:00:00"), utc("2026-04-07 15:00:00"), 2))
    repo.commit(utc("2026-04-03 10:05:00"), rui, "location: drop fixes less accurate than 100 m (DSP-2171)\n\nIndoor fixes from the app's network provider were putting couriers\ninside restaurants two streets away.", {
        "internal/location/ingest.go": repo.files["internal/location/ingest.go"] + "\n// Since DSP-2171 the accuracy cut is applied here, not in dispatch-engine.\n",
    })
    repo.commit(utc("2026-04-06 08:40:00"), mariana, "tasks: arrived-at-customer geofence 80 -> 120 m (DSP-2180)\n\nTall buildings in Parque das Nações put the fix 100 m off.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "arrived_customer_geofence_m: 80", "arrived_customer_geofence_m: 120"),
    })
    rel340 = repo.commit(utc("2026-04-06 09:35:00"), tiago, "release 3.40.2", {
        "deploy/prod/kustomization.yaml": kustomization("3.40.2"),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 3.40.2\n\n- DSP-2171 location accuracy cut\n- DSP-2180 geofence 120 m\n",
    })
    culprit = repo.commit(CULPRIT_AT, ines, "offers: ETag on GET, If-Match on accept (DSP-2192)\n\nLast Thursday dispatch-engine added a third order to a batch while the\ncourier was looking at it and the courier accepted a batch they had not\nseen. GET now sends the offer's ETag (id and version); accept answers\n412 offer_changed when the app's If-Match is not the current ETag, and\nthe app (7.2.0+) reloads the offer. Apps that send no If-Match (7.1.x)\nare not checked.", {
        "internal/offers/offer.go": sub(repo.files["internal/offers/offer.go"],
                                        "import \"time\"\n",
                                        "import (\n\t\"fmt\"\n\t\"time\"\n)\n",
                                        "func (o *Offer) Kind() string {",
                                        "// ETag identifies this version of the offer (a strong entity tag).\nfunc (o *Offer) ETag() string {\n\treturn fmt.Sprintf(\"\\\"%s-v%d\\\"\", o.ID, o.Version)\n}\n\nfunc (o *Offer) Kind() string {"),
        "internal/offers/handler.go": sub(repo.files["internal/offers/handler.go"],
                                          "\tw.Header().Set(\"Cache-Control\", \"no-store\")\n",
                                          "\tw.Header().Set(\"Cache-Control\", \"no-store\")\n\tw.Header().Set(\"ETag\", o.ETag())\n"),
        "internal/offers/accept.go": sub(repo.files["internal/offers/accept.go"],
                                         "// accept turns an offer into the courier's task(s). A courier can only\n// accept an offer that is still offered to them and not expired.\n",
                                         "// accept turns an offer into the courier's task(s). A courier can only\n// accept an offer that is still offered to them and not expired, and (DSP-2192)\n// only the version they were shown: If-Match must be the offer's ETag.\n",
                                         "\ttask, err := h.Store.Accept(ctx, o)\n",
                                         "\tif ifMatch := r.Header.Get(\"If-Match\"); ifMatch != \"\" && ifMatch != o.ETag() {\n\t\tslog.Warn(\"offer accept rejected: If-Match does not match current ETag\", \"offer_id\", o.ID, \"courier_id\", cid,\n\t\t\t\"if_match\", ifMatch, \"etag\", o.ETag(), \"orders\", len(o.Stops), \"app_version\", auth.AppVersion(r))\n\t\twriteError(w, http.StatusPreconditionFailed, \"offer_changed\")\n\t\treturn\n\t}\n\ttask, err := h.Store.Accept(ctx, o)\n"),
        "internal/offers/accept_test.go": repo.files["internal/offers/accept_test.go"] + "\nfunc TestAcceptIfMatch(t *testing.T) {\n\th, o := newTestHandler(t, offerFixture(\"of_test03\", 2, 2))\n\tfor _, tc := range []struct {\n\t\tifMatch string\n\t\twant    int\n\t}{\n\t\t{o.ETag(), http.StatusOK},\n\t\t{`\"of_test03-v1\"`, http.StatusPreconditionFailed},\n\t\t{\"\", http.StatusOK},\n\t} {\n\t\to.State = \"offered\"\n\t\treq := courierRequest(\"POST\", \"/v1/offers/of_test03/accept\", \"cr_10001\")\n\t\tif tc.ifMatch != \"\" {\n\t\t\treq.Header.Set(\"If-Match\", tc.ifMatch)\n\t\t}\n\t\tw := httptest.NewRecorder()\n\t\th.accept(w, req)\n\t\tif w.Code != tc.want {\n\t\t\tt.Errorf(\"If-Match %q: got %d, want %d\", tc.ifMatch, w.Code, tc.want)\n\t\t}\n\t}\n}\n",
        "docs/api/offers.md": sub(repo.files["docs/api/offers.md"],
                                  "- `POST /v1/offers/{id}/accept`: 200 with the task(s); 410 `offer_expired`;\n  409 `offer_taken`.\n",
                                  "- `POST /v1/offers/{id}/accept`: 200 with the task(s); 410 `offer_expired`;\n  409 `offer_taken`; 412 `offer_changed` when `If-Match` is not the\n  offer's current `ETag` (the app reloads the offer and shows it again).\n",
                                  "An offer that is declined",
                                  "The GET answers with `ETag: \"<offer id>-v<version>\"`. Apps from 7.2.0 send it\nback as `If-Match` on accept (DSP-2192).\n\nAn offer that is declined"),
    })
    repo.commit(utc("2026-04-07 17:25:00"), lucas, "tasks: log the distance when arrived_customer is outside the geofence (DSP-2186)", {
        "internal/tasks/status.go": repo.files["internal/tasks/status.go"] + "\n// outside_geofence answers log the distance and the fix's accuracy.\n",
    })
    rel341 = repo.commit(utc("2026-04-08 07:55:00"), tiago, "release 3.41.0", {
        "deploy/prod/kustomization.yaml": kustomization("3.41.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.41.0\n\n- DSP-2192 ETag on offers, If-Match on accept (412 offer_changed)\n- DSP-2186 geofence distance in logs\n",
    })
    repo.commit(utc("2026-04-08 09:05:00"), bot, "fix(deps): update module golang.org/x/net to v0.38.0", {
        "go.mod": sub(repo.files["go.mod"], "golang.org/x/net v0.36.0", "golang.org/x/net v0.38.0"),
    })
    repo.commit(utc("2026-04-08 08:31:00"), tiago, "runbook: couriers who cannot accept offers", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Couriers cannot accept offers\n\nCourier support forwards \"accept does not work\" / \"a oferta mudou\".\nAlmost always one of:\n\n- the courier's connectivity: the accept POST times out at the ingress\n  (499/504 on `/v1/offers/*/accept`); nothing to do on our side;\n- an old app: 7.0.x and older retry accepts badly; ask the courier to\n  update to the current version from the store;\n- the offer really changed or was taken (409/412 are normal in small\n  numbers at peak: another courier was faster or dispatch-engine re-batched).\n\nIf failures start right after a courier-api release, roll back the release\nin Argo CD (courier-prod > History and rollback) and tell #dispatch-ops.\n",
    })
    repo.commit(utc("2026-04-08 09:40:00"), mariana, "offers: accept latency histogram by offer kind (DSP-2201)", {
        "internal/offers/accept.go": sub(repo.files["internal/offers/accept.go"],
                                         "\th.Dispatch.Accepted(ctx, o, cid)\n",
                                         "\th.Dispatch.Accepted(ctx, o, cid)\n\tacceptLatency.WithLabelValues(o.Kind()).Observe(time.Since(o.CreatedAt).Seconds())\n"),
        "internal/offers/metrics.go": repo.files["internal/offers/metrics.go"] + "\n// seconds from offer to accept, by kind (single, batch)\nvar acceptLatency = promauto.NewHistogramVec(prometheus.HistogramOpts{Name: \"courier_api_offer_accept_seconds\", Buckets: []float64{2, 5, 10, 15, 20, 30, 45}}, []string{\"kind\"})\n",
    })
    repo.commit(utc("2026-04-08 10:02:00"), tiago, "availability: log courier pauses at info (OPS-131)\n\nCourier ops asks in #dispatch-ops who was paused and why; the pause was\nonly logged at debug.", {
        "internal/availability/pause.go": sub(repo.files["internal/availability/pause.go"],
                                              "\tslog.Debug(\"pause\", \"courier_id\", courierID, \"n\", n, \"last\", offerID, \"outcome\", outcome)\n",
                                              "\tslog.Info(\"courier paused: too many declined or expired offers\", \"courier_id\", courierID, \"negatives\", n,\n\t\t\"window\", p.cfg.DeclineWindow.String(), \"until\", until.UTC().Format(time.RFC3339), \"last_offer\", offerID, \"last_outcome\", outcome)\n"),
    })
    repo.commit(utc("2026-04-08 10:14:00"), rui, "config: offer TTL 45 -> 35 s (DSP-2205)\n\nAt peak an order waits a whole TTL for each courier who ignores the\noffer; couriers who accept do so within 15 s (p95, 3.40).", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  ttl_seconds: 45\n", "  ttl_seconds: 35\n"),
    })
    rel342 = repo.commit(utc("2026-04-08 10:41:00"), tiago, "release 3.42.0", {
        "deploy/prod/kustomization.yaml": kustomization("3.42.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.42.0\n\n- DSP-2205 offer TTL 35 s\n- OPS-131 pauses logged at info\n- DSP-2201 accept latency histogram\n- golang.org/x/net 0.38.0\n",
    })
    fix = repo.commit(utc("2026-04-08 12:48:00"), ines, "offers: compare If-Match without the weak prefix (DSP-2216)\n\nThe platform's ingress-nginx gzips responses of 1000 bytes or more\n(use-gzip, gzip-min-length 1000) and nginx turns a strong ETag into a\nweak one when it compresses. Batch offers are 1.4-2.4 KB, so the app got\nW/\"of_...-v1\" and echoed it, and every accept of a batch by a 7.2 app was\nanswered 412 since 3.41.0 (8 April: batches failed and were split, the\ncouriers offered them were paused). The ETag is ours; a proxy's weak\nprefix does not change which version the courier saw.", {
        "internal/offers/accept.go": sub(repo.files["internal/offers/accept.go"],
                                         "\tif ifMatch := r.Header.Get(\"If-Match\"); ifMatch != \"\" && ifMatch != o.ETag() {\n",
                                         "\tif ifMatch := r.Header.Get(\"If-Match\"); ifMatch != \"\" && !matchesETag(ifMatch, o.ETag()) {\n",
                                         "\twriteJSON(w, http.StatusOK, task)\n}\n",
                                         "\twriteJSON(w, http.StatusOK, task)\n}\n\n// matchesETag compares If-Match with the offer's ETag by the opaque tag:\n// ingress-nginx gzips responses over gzip-min-length and nginx weakens a\n// strong ETag (W/\"...\") when it compresses, so the app may echo the weak\n// form of our own tag.\nfunc matchesETag(ifMatch, etag string) bool {\n\tfor _, candidate := range strings.Split(ifMatch, \",\") {\n\t\tc := strings.TrimPrefix(strings.TrimSpace(candidate), \"W/\")\n\t\tif c == \"*\" || c == etag {\n\t\t\treturn true\n\t\t}\n\t}\n\treturn false\n}\n",
                                         "import (\n\t\"log/slog\"\n\t\"net/http\"\n",
                                         "import (\n\t\"log/slog\"\n\t\"net/http\"\n\t\"strings\"\n"),
        "internal/offers/accept_test.go": sub(repo.files["internal/offers/accept_test.go"],
                                              "\t\t{`\"of_test03-v1\"`, http.StatusPreconditionFailed},\n",
                                              "\t\t{`\"of_test03-v1\"`, http.StatusPreconditionFailed},\n\t\t{\"W/\" + o.ETag(), http.StatusOK}, // gzipped by ingress-nginx\n\t\t{`W/\"of_test03-v1\"`, http.StatusPreconditionFailed},\n"),
    })
    repo._due(None)
    return repo, {"culprit": culprit, "rel340": rel340, "rel341": rel341, "rel342": rel342, "fix": fix}


# ---------------------------------------------------------------------------
# Lisbon: zones, restaurants, couriers

ZONES = [
    ("LIS-AVENIDAS", 0.26, ["Burger Gato Saldanha", "Sushi Yama Saldanha", "O Prego da Avenida", "Padaria do Bairro Arroios",
                            "Thai Lotus Avenidas", "Churrasqueira Estefânia", "Salad Garden Picoas", "Pizzaria Forno Velho Picoas"]),
    ("LIS-BAIXA", 0.22, ["Tasca da Sé", "Sushi Kaizen Chiado", "Pizzaria Bella Rua", "Bifanas do Martim", "Casa do Frango Baixa",
                         "Poke Lab Chiado", "Pastelaria Rossio"]),
    ("LIS-ALVALADE", 0.16, ["Padaria do Bairro Alvalade", "Pizzaria Forno Velho", "Cantinho do Roma", "Ramen Oto", "Frango Piri Alvalade",
                            "Gelataria Roma"]),
    ("LIS-CAMPO-OURIQUE", 0.14, ["Tasca do Mercado", "Sushi Kaizen Campo de Ourique", "Burger Gato Ferreira Borges", "Pão de Canela",
                                 "Hamburgueria do Largo"]),
    ("LIS-ORIENTE", 0.13, ["Sushi Yama Oriente", "Burger Gato Parque", "Wok Tejo", "Padaria do Bairro Oriente", "Salad Garden Oriente"]),
    ("LIS-BELEM", 0.09, ["Casa de Pasto Belém", "Pizzaria Restelo", "Poke Lab Belém", "Churrasqueira do Rio"]),
]
STREETS = {"LIS-AVENIDAS": ["Av. da República", "Av. Duque de Ávila", "R. Filipe Folque", "Av. Almirante Reis", "R. Tomás Ribeiro"],
           "LIS-BAIXA": ["R. da Prata", "R. dos Fanqueiros", "R. Garrett", "R. do Crucifixo", "Largo do Intendente"],
           "LIS-ALVALADE": ["Av. da Igreja", "Av. de Roma", "R. Marquesa de Alorna", "Av. Rio de Janeiro"],
           "LIS-CAMPO-OURIQUE": ["R. Ferreira Borges", "R. Coelho da Rocha", "R. 4 de Infantaria", "R. Tomás da Anunciação"],
           "LIS-ORIENTE": ["Alameda dos Oceanos", "R. do Bojador", "Av. D. João II", "R. da Pimenta"],
           "LIS-BELEM": ["R. de Belém", "R. Bartolomeu Dias", "Av. das Descobertas", "R. da Junqueira"]}


def order_rate(t):
    """orders per minute in Lisbon (UTC; local is UTC+1)."""
    h = t.hour + t.minute / 60
    if h < 9.5:
        return 1.2
    if h < 10.75:
        return 1.2 + (h - 9.5) / 1.25 * 1.0
    if h < 11.25:
        return 2.2 + (h - 10.75) / 0.5 * 4.0
    if h < 12.75:
        return 7.6 if h < 12.5 else 6.4
    return 4.8


def build_world(rng):
    restaurants = []
    rid = 2140
    for zone, weight, names in ZONES:
        for k, name in enumerate(names):
            rid += rng.randint(3, 41)
            restaurants.append({"id": f"rs_{rid}", "name": name, "zone": zone, "tablet": f"tb_{rid + 7000}",
                                "addr": f"{rng.choice(STREETS[zone])} {rng.randint(2, 180)}",
                                "pop": rng.choice([1.0, 1.0, 1.3, 1.8, 2.6]) * weight / len(names),
                                "prep": rng.choice([(8, 14), (10, 18), (12, 22), (6, 10)])})
    couriers = []
    cid = 10400
    zone_names = [z for z, _, _ in ZONES]
    zone_w = [w for _, w, _ in ZONES]
    for k in range(N_MORNING + N_LUNCH):
        cid += rng.randint(1, 37)
        android = rng.random() < 0.71
        ver = rng.choices(["7.2.1", "7.2.0", "7.1.4", "7.1.2"], weights=[70, 16, 10, 4])[0]
        if k < N_MORNING:
            start = utc("2026-04-08 06:50:00") + dt.timedelta(minutes=rng.uniform(0, 75))
            end = start + dt.timedelta(hours=rng.uniform(4, 7))
        else:
            start = utc("2026-04-08 09:50:00") + dt.timedelta(minutes=rng.uniform(0, 80))
            end = start + dt.timedelta(hours=rng.uniform(2.5, 4.5))
        if android:
            ua = f"Marmita-Estafeta/{ver} (Android {rng.choice(['13', '14', '14', '15'])}; {rng.choice(['SM-A546B', 'SM-A356B', 'Redmi Note 13', 'moto g54 5G', 'SM-A155F', 'Pixel 7a', 'POCO X6 Pro'])}) okhttp/4.12.0"
        else:
            ua = f"Marmita-Estafeta/{ver} (iOS {rng.choice(['17.7', '18.3', '18.4'])}; {rng.choice(['iPhone13,2', 'iPhone14,5', 'iPhone12,1', 'iPhone15,4'])}) CFNetwork/1568.300.101 Darwin/24.4.0"
        couriers.append({"id": f"cr_{cid}", "zone": rng.choices(zone_names, weights=zone_w)[0], "ver": ver, "ua": ua,
                         "ip": rng.choice(["85.240", "85.243", "94.60", "188.37", "148.63", "2.80", "89.114", "176.79"]) + f".{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                         "start": start, "end": end, "busy_until": START - dt.timedelta(hours=1), "idle_since": start,
                         "neg": [], "paused_until": None, "vehicle": rng.choice(["bike", "bike", "ebike", "scooter", "scooter", "motorbike"])})
    return restaurants, couriers


def version(t):
    if t < REL_341:
        return "3.40.2"
    if t < REL_342:
        return "3.41.0"
    if t < ROLLBACK_341:
        return "3.42.0"
    if t < ROLLBACK_340:
        return "3.41.0"
    return "3.40.2"


def enforced(t):
    return version(t) in ("3.41.0", "3.42.0")


def ttl(t):
    return 35 if version(t) == "3.42.0" else 45


def build_logs(rng, shas):
    api, disp, merch, ingress, argo, slack, zendesk = (
        Log("courier-api.log"), Log("dispatch-engine.log"), Log("merchant-gateway.log"), Log("ingress-nginx-access.log"),
        Log("argocd-application-controller.log"), Log("slack-dispatch-ops.log"), Log("zendesk-courier-support.log"))
    restaurants, couriers = build_world(rng)
    by_zone = {}
    for c in couriers:
        by_zone.setdefault(c["zone"], []).append(c)
    stats = {"fail412": [], "batches": 0, "batch_fail": 0, "splits": 0, "pauses": [], "unassigned": [], "paused_series": [],
             "lone": [], "legit412": None}
    pods = {"3.40.2": ["courier-api-7c9d5f8b4-2xkqp", "courier-api-7c9d5f8b4-h7wzn", "courier-api-7c9d5f8b4-m4rtc", "courier-api-7c9d5f8b4-vq8js"],
            "3.41.0": ["courier-api-5f6b8d9c7-bn2xw", "courier-api-5f6b8d9c7-f9ktl", "courier-api-5f6b8d9c7-jr5mz", "courier-api-5f6b8d9c7-x3dhp"],
            "3.42.0": ["courier-api-86d4c7b59-4lwqz", "courier-api-86d4c7b59-c8npv", "courier-api-86d4c7b59-kt6fr", "courier-api-86d4c7b59-zs2mb"],
            "3.41.0b": ["courier-api-5f6b8d9c7-6hqnv", "courier-api-5f6b8d9c7-d4xzr", "courier-api-5f6b8d9c7-pw9kc", "courier-api-5f6b8d9c7-t2fmg"],
            "3.40.2b": ["courier-api-7c9d5f8b4-8jrvw", "courier-api-7c9d5f8b4-cn5tq", "courier-api-7c9d5f8b4-lq2xd", "courier-api-7c9d5f8b4-w6pzh"]}

    def pod_ip(t):
        v = version(t)
        if v == "3.41.0" and t >= ROLLBACK_341:
            v = "3.41.0b"
        if v == "3.40.2" and t >= ROLLBACK_340:
            v = "3.40.2b"
        return v, f"10.42.{(hash_small(v) % 6) + 1}.{rng.randint(10, 250)}:8080"

    def hash_small(s):
        return sum(ord(ch) for ch in s)

    def alog(t, level, msg, **kv):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 999):03d}Z"
            body = {"time": stamp, "level": level, "msg": msg}
            body.update(kv)
            api.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    def dlog(t, level, thread, logger, msg):
        if START <= t < END:
            disp.add(t, spring(t, level, thread, logger, msg))

    def mlog(t, level, thread, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            merch.add(t, f"{stamp} [{thread}] {level:<7} {logger}: {msg}")

    def nginx(t, c, method, path, status, sent, rt, upstream_len=None, upstream_status=None, req_len=None):
        if not (START <= t < END):
            return
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        _, addr = pod_ip(t)
        urt = max(0.001, rt - rng.uniform(0.0, 0.002))
        ingress.add(t, f'{c["ip"]} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {sent} "-" "{c["ua"]}" '
                       f'{req_len or rng.randint(380, 520)} {rt:.3f} [courier-prod-courier-api-8080] [] {addr} '
                       f'{upstream_len if upstream_len is not None else sent} {urt:.3f} {upstream_status or status} {hexid(rng, 32)}')

    # ---- the orders
    orders = []
    t = START - dt.timedelta(minutes=40)
    seq = 48213000
    rest_w = [r["pop"] for r in restaurants]
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(order_rate(t) / 60))
        if t >= END:
            break
        r = rng.choices(restaurants, weights=rest_w)[0]
        seq += rng.randint(1, 3)
        prep = rng.randint(*r["prep"])
        o = {"id": f"ord_{seq}", "r": r, "zone": r["zone"], "placed": t, "prep": prep, "items": rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6]),
             "ready": t + dt.timedelta(minutes=prep, seconds=rng.randint(20, 80)), "dispatch_at": t + dt.timedelta(minutes=max(1, prep - 6), seconds=rng.randint(0, 50)),
             "assigned": None, "courier": None, "drop": rng.choice(STREETS[r["zone"]]), "waiting_logged": False, "attempts": 0}
        orders.append(o)

    # restaurant side: tablet acceptance
    for o in orders:
        ta = o["placed"] + dt.timedelta(seconds=rng.uniform(20, 95))
        mlog(o["placed"] + dt.timedelta(milliseconds=rng.randint(80, 600)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders",
             f"order {o['id']} pushed to tablet {o['r']['tablet']} ({o['r']['name']}), {o['items']} items")
        mlog(ta, "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders", f"order {o['id']} accepted on tablet {o['r']['tablet']}, prep {o['prep']} min")

    # ---- the dispatch simulation (1 s ticks)
    pending = []       # orders due for dispatch, not yet in an offer
    offers = []        # live offers
    zone_state = {z: {"batching": False, "load": 0.0} for z, _, _ in ZONES}
    next_order = 0
    unit_seq = [0]

    def idle_couriers(zone, t, exclude=()):
        res = []
        for c in by_zone[zone]:
            if c["start"] <= t < c["end"] and c["busy_until"] <= t and not (c["paused_until"] and c["paused_until"] > t) and c["id"] not in exclude and not c.get("offered"):
                res.append(c)
        return res

    def pick_courier(zone, t, exclude):
        cands = idle_couriers(zone, t, exclude)
        if not cands:
            # neighbouring zones lend couriers
            others = [z for z, _, _ in ZONES if z != zone]
            rng.shuffle(others)
            for z in others[:2]:
                cands = idle_couriers(z, t, exclude)
                if cands:
                    break
        if not cands:
            return None
        cands.sort(key=lambda c: c["idle_since"])
        k = rng.choices(range(min(3, len(cands))), weights=[0.6, 0.25, 0.15][:min(3, len(cands))])[0]
        return cands[k]

    def payload_len(unit):
        n = len(unit["orders"])
        if n == 1:
            return rng.randint(612, 884)
        return rng.randint(1420, 1790) if n == 2 else rng.randint(2080, 2410)

    def record_negative(c, t, offer_id, outcome):
        c["neg"] = [x for x in c["neg"] if x > t - dt.timedelta(minutes=10)] + [t]
        if len(c["neg"]) >= 3:
            n = len(c["neg"])
            c["neg"] = []
            c["paused_until"] = t + dt.timedelta(minutes=10)
            stats["pauses"].append((t, c["id"]))
            if version(t) == "3.42.0":
                alog(t + dt.timedelta(milliseconds=3), "INFO", "courier paused: too many declined or expired offers", courier_id=c["id"], negatives=n,
                     window="10m0s", until=c["paused_until"].strftime("%Y-%m-%dT%H:%M:%SZ"), last_offer=offer_id, last_outcome=outcome)
            dlog(t + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "kafka-courier-1", "p.m.dispatch.couriers.CourierStateListener",
                 f"courier {c['id']} ONLINE -> PAUSED until {c['paused_until'].strftime('%H:%M:%S')} (rule CO-7, {n} offers declined or expired in 10 min)")

    def new_offer(unit, t):
        c = pick_courier(unit["zone"], t, unit["tried"])
        if c is None:
            return False
        t = t + dt.timedelta(milliseconds=rng.randint(60, 940))
        unit["attempts"] += 1
        unit["tried"].add(c["id"])
        c["offered"] = True
        oid = "of_" + hexid(rng, 10)
        n = len(unit["orders"])
        off = {"id": oid, "unit": unit, "c": c, "t": t, "ttl": ttl(t), "len": payload_len(unit), "version": unit.get("version", 1)}
        rest = ", ".join(sorted({o["r"]["name"] for o in unit["orders"]}))
        ids = ",".join(o["id"] for o in unit["orders"])
        kind = f"batch {unit['batch']}" if n > 1 else "single"
        dlog(t, "INFO", f"dispatch-{unit['zone'][4:8].lower()}", "p.m.dispatch.offers.OfferService",
             f"offer {oid} to courier {c['id']} ({c['vehicle']}): {n} order{'s' if n > 1 else ''} [{ids}] {kind}, pickup {rest}, attempt {unit['attempts']}, ttl {off['ttl']}s")
        # the app fetches the offer after the push
        tg = t + dt.timedelta(seconds=rng.uniform(1.2, 4.5))
        off["get"] = tg
        plan_outcome(off)
        offers.append(off)
        return True

    def gz(n):
        return int(n * rng.uniform(0.36, 0.44))

    def get_line(off, tg):
        c = off["c"]
        sent = off["len"]
        if sent >= 1000:
            sent = gz(off["len"])
        nginx(tg, c, "GET", f"/v1/offers/{off['id']}", 200, sent, rng.uniform(0.006, 0.03), upstream_len=off["len"])

    def plan_outcome(off):
        """Decides, from the offer's payload and the release running, what the
        courier's taps come to: a list of (time, event) for the tick loop."""
        c = off["c"]
        n = len(off["unit"]["orders"])
        deadline = off["t"] + dt.timedelta(seconds=off["ttl"])
        tg = off["get"]
        events = [(tg, "get")]
        decline_p = 0.04 if n == 1 else 0.10
        think = min(40.0, max(2.0, rng.lognormvariate(2.0, 0.55)))
        td = tg + dt.timedelta(seconds=think)
        if rng.random() < 0.025 or td >= deadline:
            events.append((deadline, "expire"))
        elif rng.random() < decline_p:
            events.append((td, "decline:" + rng.choice(["too_far", "batch", "other"] if n > 1 else ["too_far", "too_far", "vehicle", "other"])))
        else:
            sends_if_match = c["ver"].startswith("7.2")
            weak = off["len"] >= 1000
            if enforced(td) and sends_if_match and weak:
                tries = rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0]
                tt = td
                for k in range(tries):
                    if tt >= deadline:
                        break
                    events.append((tt, "412"))
                    events.append((tt + dt.timedelta(seconds=rng.uniform(0.3, 0.9)), "get"))
                    tt = tt + dt.timedelta(seconds=rng.uniform(2.5, 7.0))
                if rng.random() < 0.35 and tt < deadline:
                    events.append((tt, "decline:other"))
                else:
                    events.append((deadline, "expire"))
            else:
                events.append((td, "accept"))
        off["events"] = sorted(events, key=lambda e: e[0])

    def finish_unit(unit, c, t):
        for o in unit["orders"]:
            o["assigned"] = t
            o["courier"] = c
        c["offered"] = False
        # a courier found after the nearest ones were tried (or paused) comes from further away
        far = unit.get("far") or len(unit["tried"]) > 2
        travel = dt.timedelta(minutes=rng.uniform(6, 12) if far else rng.uniform(3, 8))
        at_rest = t + travel
        last_ready = max(o["ready"] for o in unit["orders"])
        pickup = max(at_rest, last_ready) + dt.timedelta(seconds=rng.randint(30, 150))
        unit["pickup"] = pickup
        deliver = pickup
        for o in unit["orders"]:
            deliver = deliver + dt.timedelta(minutes=rng.uniform(6, 14))
            o["delivered"] = deliver
        c["busy_until"] = deliver + dt.timedelta(minutes=rng.uniform(0.5, 3))
        c["idle_since"] = c["busy_until"]
        for o in unit["orders"]:
            dlog(t + dt.timedelta(milliseconds=rng.randint(10, 80)), "INFO", "kafka-offers-1", "p.m.dispatch.offers.AssignmentService",
                 f"order {o['id']} assigned to courier {c['id']} after {unit['attempts']} offer{'s' if unit['attempts'] > 1 else ''}, {((t - o['dispatch_at']).total_seconds() / 60):.1f} min after dispatch")
            mlog(t + dt.timedelta(milliseconds=rng.randint(150, 700)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.couriers",
                 f"order {o['id']}: courier {c['id']} assigned, eta {max(1, int(travel.total_seconds() // 60))} min")
            counter = max(0, int((pickup - o["ready"]).total_seconds() // 60))
            stats.setdefault("counter", []).append((o["ready"], counter))
            if counter >= 8:
                mlog(pickup - dt.timedelta(seconds=rng.uniform(5, 60)), "WARNING", f"ws-{rng.randint(1, 4)}", "merchant.orders",
                     f"order {o['id']} at {o['r']['name']} waiting on the counter for {counter} min (courier {c['id']} not arrived)")
            mlog(pickup + dt.timedelta(seconds=rng.uniform(0, 40)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders",
                 f"order {o['id']} handed to courier {c['id']} ({counter} min after ready)")
            tstat = o["delivered"]
            alog(tstat, "INFO", "task status", task_id="tk_" + o["id"][4:], order_id=o["id"], courier_id=c["id"], status="delivered",
                 minutes_from_pickup=round((tstat - pickup).total_seconds() / 60, 1))
            nginx(tstat - dt.timedelta(milliseconds=rng.randint(5, 40)), c, "POST", f"/v1/tasks/tk_{o['id'][4:]}/status", 200, 74, rng.uniform(0.008, 0.03), req_len=rng.randint(520, 610))
            # the metric: orders unassigned
        unit["done"] = True

    def unit_failed(unit, t):
        unit["c_prev"] = None
        if len(unit["orders"]) > 1 and unit["attempts"] >= 3:
            stats["splits"] += 1
            dlog(t + dt.timedelta(milliseconds=rng.randint(250, 400)), "WARN", f"dispatch-{unit['zone'][4:8].lower()}", "p.m.dispatch.batching.Batcher",
                 f"batch {unit['batch']} split after {unit['attempts']} failed offers: {', '.join(o['id'] for o in unit['orders'])} offered singly")
            unit["done"] = True
            for o in unit["orders"]:
                unit_seq[0] += 1
                pending_units.append({"orders": [o], "zone": o["zone"], "batch": None, "attempts": 0, "tried": set(unit["tried"]), "done": False,
                                      "next_try": t + dt.timedelta(seconds=rng.uniform(5, 15)), "far": True})
        else:
            unit["next_try"] = t + dt.timedelta(seconds=rng.uniform(5, 15))

    pending_units = []
    batch_seq = [5530]
    tick = START - dt.timedelta(minutes=40)
    orders_iter = sorted(orders, key=lambda o: o["dispatch_at"])
    due = []
    zlog_next = START + dt.timedelta(seconds=rng.randint(5, 60))
    while tick < END:
        # orders reaching their dispatch time
        while next_order < len(orders_iter) and orders_iter[next_order]["dispatch_at"] <= tick:
            due.append(orders_iter[next_order])
            next_order += 1
        # zone load and batching state
        if tick.second == 0:
            for z, _, _ in ZONES:
                waiting = sum(len(u["orders"]) for u in pending_units if not u["done"] and u["zone"] == z) + sum(1 for o in due if o["zone"] == z)
                idle = len(idle_couriers(z, tick))
                upcoming = 0
                for o in orders_iter[next_order:]:
                    if o["dispatch_at"] > tick + dt.timedelta(minutes=10):
                        break
                    upcoming += o["zone"] == z
                soon = sum(1 for c in by_zone[z] if c["start"] <= tick < c["end"] and tick < c["busy_until"] <= tick + dt.timedelta(minutes=10)
                           and not (c["paused_until"] and c["paused_until"] > tick + dt.timedelta(minutes=5)))
                load = (waiting + upcoming) / max(1, idle + soon)
                zs = zone_state[z]
                zs["load"] = load
                stats.setdefault("loads", []).append((tick, z, load, waiting, idle))
                if not zs["batching"] and load > 1.3:
                    zs["batching"] = True
                    dlog(tick + dt.timedelta(milliseconds=rng.randint(0, 400)), "INFO", f"dispatch-{z[4:8].lower()}", "p.m.dispatch.batching.Batcher",
                         f"zone {z}: load {load:.2f} > 1.30, cross-restaurant batching on ({waiting + upcoming} orders due in 10 min, {idle} couriers idle, {soon} free in 10 min)")
                elif zs["batching"] and load < 0.9:
                    zs["batching"] = False
                    dlog(tick + dt.timedelta(milliseconds=rng.randint(0, 400)), "INFO", f"dispatch-{z[4:8].lower()}", "p.m.dispatch.batching.Batcher",
                         f"zone {z}: load {load:.2f} < 0.90, cross-restaurant batching off")
            if tick >= zlog_next:
                zlog_next = tick + dt.timedelta(minutes=5)
                for z, _, _ in ZONES:
                    online = sum(1 for c in by_zone[z] if c["start"] <= tick < c["end"])
                    paused = sum(1 for c in by_zone[z] if c["start"] <= tick < c["end"] and c["paused_until"] and c["paused_until"] > tick)
                    dlog(tick + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "zone-stats", "p.m.dispatch.zones.ZoneStats",
                         f"zone {z}: {online} couriers online ({len(idle_couriers(z, tick))} idle, {paused} paused), "
                         f"{sum(1 for u in pending_units if not u['done'] and u['zone'] == z) + sum(1 for o in due if o['zone'] == z)} orders waiting, load {zone_state[z]['load']:.2f}, batching {'on' if zone_state[z]['batching'] else 'off'}")
        # form units from due orders
        if due:
            still = []
            due.sort(key=lambda o: o["dispatch_at"])
            taken = set()
            for i, o in enumerate(due):
                if o["id"] in taken:
                    continue
                group = [o]
                # same restaurant within 4 min: always batched; cross-restaurant when the zone is busy
                for o2 in orders_iter[next_order:next_order + 40]:
                    if len(group) >= 3:
                        break
                    if o2["dispatch_at"] - o["dispatch_at"] > dt.timedelta(minutes=4):
                        break
                    if o2["id"] in taken or o2["zone"] != o["zone"]:
                        continue
                    same = o2["r"]["id"] == o["r"]["id"] and zone_state[o["zone"]]["load"] >= SAME_LOAD and rng.random() < SAME_P
                    if same or (zone_state[o["zone"]]["batching"] and len(group) < 2 and rng.random() < 0.55):
                        group.append(o2)
                        taken.add(o2["id"])
                for o2 in group[1:]:
                    o2["batched_early"] = True
                if len(group) > 1:
                    batch_seq[0] += rng.randint(1, 4)
                    bid = f"bt_{batch_seq[0]}"
                    stats["batches"] += 1
                    same = len({g['r']['id'] for g in group}) == 1
                    stats.setdefault("batch_log", []).append((tick, same, o["zone"]))
                    dlog(tick + dt.timedelta(milliseconds=rng.randint(0, 50)), "INFO", f"dispatch-{o['zone'][4:8].lower()}", "p.m.dispatch.batching.Batcher",
                         f"batch {bid} formed in {o['zone']}: {', '.join(g['id'] for g in group)} ({'same restaurant' if same else 'cross-restaurant'}, detour {rng.randint(120, 900)} m)")
                    pending_units.append({"orders": group, "zone": o["zone"], "batch": bid, "attempts": 0, "tried": set(), "done": False, "next_try": tick})
                else:
                    pending_units.append({"orders": group, "zone": o["zone"], "batch": None, "attempts": 0, "tried": set(), "done": False, "next_try": tick})
            # orders that joined a batch before their own dispatch time are removed from the iterator's future
            due = []
            if taken:
                orders_iter = orders_iter[:next_order] + [x for x in orders_iter[next_order:] if x["id"] not in taken]
        # offers for waiting units
        for u in pending_units:
            if u["done"] or u.get("live") or u["next_try"] > tick:
                continue
            if new_offer(u, tick):
                u["live"] = True
            else:
                u["next_try"] = tick + dt.timedelta(seconds=10)
                for o in u["orders"]:
                    if not o["waiting_logged"] and tick - o["dispatch_at"] > dt.timedelta(minutes=3):
                        o["waiting_logged"] = True
                        dlog(tick, "WARN", f"dispatch-{u['zone'][4:8].lower()}", "p.m.dispatch.offers.OfferService",
                             f"order {o['id']} waiting for a courier for {(tick - o['dispatch_at']).total_seconds() / 60:.1f} min: no idle courier in {u['zone']} or neighbours")
        # the restaurants' view: food ready, no courier
        if tick.second % 30 == 0:
            for u in pending_units:
                if u["done"]:
                    continue
                for o in u["orders"]:
                    late = (tick - o["ready"]).total_seconds() / 60
                    if late >= 5 and not o.get("late_logged"):
                        o["late_logged"] = True
                        mlog(tick + dt.timedelta(milliseconds=rng.randint(0, 900)), "WARNING", f"ws-{rng.randint(1, 4)}", "merchant.couriers",
                             f"order {o['id']} at {o['r']['name']} ready for {int(late)} min, no courier assigned (tablet {o['r']['tablet']} shows 'a procurar estafeta')")
                        stats["unassigned"].append((tick, o["id"]))
        # offer events
        for off in offers:
            if off.get("closed"):
                continue
            while off["events"] and off["events"][0][0] <= tick:
                when, ev = off["events"].pop(0)
                c = off["c"]
                u = off["unit"]
                n = len(u["orders"])
                if ev == "get":
                    get_line(off, when)
                elif ev == "412" and not enforced(when):
                    # the rollback to 3.40.2 came between two taps: this one goes through
                    off["events"] = []
                    ev = "accept"
                if ev == "412":
                    etag = f'"{off["id"]}-v{off["version"]}"'
                    alog(when + dt.timedelta(milliseconds=rng.randint(3, 12)), "WARN", "offer accept rejected: If-Match does not match current ETag",
                         offer_id=off["id"], courier_id=c["id"], if_match="W/" + etag, etag=etag, orders=n, app_version=c["ver"])
                    nginx(when + dt.timedelta(milliseconds=rng.randint(8, 20)), c, "POST", f"/v1/offers/{off['id']}/accept", 412, 96, rng.uniform(0.006, 0.02), req_len=rng.randint(410, 470))
                    stats["fail412"].append(when)
                    stats.setdefault("fail412_c", []).append((when, c["id"]))
                    if when < PEAK_FROM:
                        stats.setdefault("lone_units", set()).add(id(u))
                if ev == "accept":
                    rt = rng.uniform(0.012, 0.06)
                    alog(when + dt.timedelta(milliseconds=rng.randint(8, 40)), "INFO", "offer accepted", offer_id=off["id"], courier_id=c["id"], orders=n,
                         kind="batch" if n > 1 else "single", app_version=c["ver"])
                    nginx(when + dt.timedelta(seconds=rt), c, "POST", f"/v1/offers/{off['id']}/accept", 200, 182 + 96 * n, rt, req_len=rng.randint(410, 470))
                    off["closed"] = True
                    u["live"] = False
                    finish_unit(u, c, when)
                elif ev.startswith("decline") or ev == "expire":
                    if ev == "expire":
                        alog(when + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "offer expired", offer_id=off["id"], courier_id=c["id"], orders=n, ttl_s=off["ttl"])
                        outcome = "expired"
                    else:
                        reason = ev.split(":", 1)[1]
                        alog(when + dt.timedelta(milliseconds=rng.randint(5, 30)), "INFO", "offer declined", offer_id=off["id"], courier_id=c["id"], orders=n, reason=reason)
                        nginx(when + dt.timedelta(milliseconds=rng.randint(10, 30)), c, "POST", f"/v1/offers/{off['id']}/decline?reason={reason}", 204, 0, rng.uniform(0.006, 0.02))
                        outcome = "declined"
                    dlog(when + dt.timedelta(milliseconds=rng.randint(30, 200)), "INFO", "kafka-offers-1", "p.m.dispatch.offers.OfferService",
                         f"offer {off['id']} {'declined by' if outcome == 'declined' else 'expired for'} courier {c['id']} ({n} order{'s' if n > 1 else ''}{', batch ' + u['batch'] if u['batch'] else ''}), re-offering")
                    off["closed"] = True
                    c["offered"] = False
                    u["live"] = False
                    if n > 1 and enforced(when):
                        stats["batch_fail"] += 1
                    record_negative(c, when, off["id"], outcome)
                    unit_failed(u, when)
                    break
        if tick.second == 30:
            offers = [o for o in offers if not o.get("closed")]
            pending_units = [u for u in pending_units if not u["done"]]
            if tick.minute % 1 == 0:
                paused_now = sum(1 for c in couriers if c["paused_until"] and c["paused_until"] > tick and c["start"] <= tick < c["end"])
                waiting_now = sum(len(u["orders"]) for u in pending_units)
                stats["paused_series"].append((tick, paused_now, waiting_now))
        # courier ops unpause everyone at 12:24
        if tick == UNPAUSE:
            k = 0
            for c in couriers:
                if c["paused_until"] and c["paused_until"] > tick:
                    c["paused_until"] = None
                    k += 1
                    alog(tick + dt.timedelta(milliseconds=40 * k), "INFO", "courier unpaused", courier_id=c["id"], by="ops:rita.matos")
                    dlog(tick + dt.timedelta(milliseconds=40 * k + rng.randint(20, 90)), "INFO", "kafka-courier-1", "p.m.dispatch.couriers.CourierStateListener",
                         f"courier {c['id']} PAUSED -> ONLINE (unpaused by ops:rita.matos)")
            stats["unpaused"] = k
        tick += dt.timedelta(seconds=1)

    # pauses that end by themselves
    for (pt, cid) in stats["pauses"]:
        c = next(x for x in couriers if x["id"] == cid)
        end_at = pt + dt.timedelta(minutes=10)
        if pt + dt.timedelta(minutes=10) <= UNPAUSE or pt > UNPAUSE:
            dlog(end_at + dt.timedelta(milliseconds=rng.randint(20, 900)), "INFO", "kafka-courier-1", "p.m.dispatch.couriers.CourierStateListener",
                 f"courier {cid} PAUSED -> ONLINE (pause ended)")

    # ---- courier-api: starts, location ingest, routine
    for at, ver, key in ((REL_341, "3.41.0", "rel341"), (REL_342, "3.42.0", "rel342"), (ROLLBACK_341, "3.41.0", "rel341"), (ROLLBACK_340, "3.40.2", "rel340")):
        podset = {"rel341": "3.41.0" if at == REL_341 else "3.41.0b", "rel342": "3.42.0", "rel340": "3.40.2b"}[key]
        for k, pod in enumerate(pods[podset]):
            tt = at - dt.timedelta(seconds=70 - 14 * k, milliseconds=rng.randint(0, 900))
            alog(tt, "INFO", "courier-api starting", version=ver, revision=shas[key][:12], addr=":8080", pod=pod)
    t = START + dt.timedelta(seconds=rng.uniform(0, 59))
    while t < END:
        online = sum(1 for c in couriers if c["start"] <= t < c["end"])
        fixes = int(online * rng.uniform(11.5, 13.5))
        alog(t, "INFO", "location fixes ingested", fixes=fixes, couriers=online, dropped_low_accuracy=rng.randint(0, max(1, online // 12)), topic="courier-locations")
        t += dt.timedelta(seconds=60)
    # a real stale offer: dispatch-engine changed the payout while the courier read it (strong ETag, different version)
    legit = utc("2026-04-08 09:23:41") + dt.timedelta(microseconds=412733)
    lc = couriers[7]
    stats["legit412"] = legit
    alog(legit, "WARN", "offer accept rejected: If-Match does not match current ETag", offer_id="of_5c1e09a7d3", courier_id=lc["id"],
         if_match='"of_5c1e09a7d3-v1"', etag='"of_5c1e09a7d3-v2"', orders=1, app_version=lc["ver"])
    nginx(legit + dt.timedelta(milliseconds=11), lc, "POST", "/v1/offers/of_5c1e09a7d3/accept", 412, 96, 0.009)
    nginx(legit + dt.timedelta(milliseconds=640), lc, "GET", "/v1/offers/of_5c1e09a7d3", 200, 803, 0.011)
    alog(legit + dt.timedelta(seconds=4, milliseconds=310), "INFO", "offer accepted", offer_id="of_5c1e09a7d3", courier_id=lc["id"], orders=1, kind="single", app_version=lc["ver"])
    nginx(legit + dt.timedelta(seconds=4, milliseconds=330), lc, "POST", "/v1/offers/of_5c1e09a7d3/accept", 200, 278, 0.021)
    dlog(legit - dt.timedelta(seconds=6), "INFO", "dispatch-aven", "p.m.dispatch.offers.OfferService",
         "offer of_5c1e09a7d3 updated to v2: payout 4.10 -> 4.60 EUR (rain supplement LIS-AVENIDAS)")
    # routine courier-api errors
    for tt, msg, kv in ((utc("2026-04-08 08:41:12"), "task status rejected: outside geofence", {"task_id": "tk_48213102", "status": "arrived_customer", "distance_m": 214, "accuracy_m": 38}),
                        (utc("2026-04-08 09:57:40"), "task status rejected: outside geofence", {"task_id": "tk_48213317", "status": "arrived_customer", "distance_m": 167, "accuracy_m": 64}),
                        (utc("2026-04-08 10:33:05"), "redis: connection pool timeout, retrying", {"op": "AddNegative", "pool_size": 40}),
                        (utc("2026-04-08 12:51:22"), "task status rejected: outside geofence", {"task_id": "tk_48214987", "status": "arrived_customer", "distance_m": 188, "accuracy_m": 22})):
        alog(tt, "WARN", msg, **kv)

    # ---- merchant-gateway routine: tablets and printers
    t = START + dt.timedelta(seconds=rng.uniform(0, 120))
    while t < END:
        h = t.hour + t.minute / 60
        conn = 38 + (3 if h > 10 else 0) - rng.randint(0, 2)
        mlog(t, "INFO", "heartbeat", "merchant.tablets", f"tablets connected: {conn} of 41 (Lisbon), {rng.randint(0, 2)} reconnects in the last 5 min")
        t += dt.timedelta(minutes=5)
    for tt, msg in ((utc("2026-04-08 08:52:10"), "tablet tb_9366 (Gelataria Roma): printer offline (ESC/POS: paper out)"),
                    (utc("2026-04-08 10:18:44"), "tablet tb_9611 (Wok Tejo): websocket closed 1006, reconnecting"),
                    (utc("2026-04-08 12:40:03"), "tablet tb_9282 (Pastelaria Rossio): printer offline (ESC/POS: cover open)")):
        mlog(tt, "WARNING", "ws-2", "merchant.tablets", msg)

    # ---- Argo CD
    def argolog(tt, msg, **kv):
        if START <= tt < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(tt, f'time="{tt.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/courier-prod {extra}'.rstrip())

    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    while t < END:
        argolog(t, "Reconciliation completed", **{"dest-namespace": "couriers", "time_ms": rng.randint(40, 210)})
        t += dt.timedelta(minutes=3, seconds=rng.uniform(0, 1.5))

    def sync(tt, sha, hist, user=None, note=None):
        if note:
            argolog(tt - dt.timedelta(seconds=84), note, user=user)
        who = {"user": user} if user else {}
        argolog(tt - dt.timedelta(seconds=80), f"Initiated {'automated ' if not user else ''}sync to '{sha}'", **{"dest-namespace": "couriers"}, **who)
        argolog(tt - dt.timedelta(seconds=78), "apps/Deployment couriers/courier-api configured", revision=sha)
        argolog(tt - dt.timedelta(seconds=78), "/ConfigMap couriers/courier-api-config created", revision=sha)
        argolog(tt - dt.timedelta(seconds=1), "Updated health status: Progressing -> Healthy", revision=sha)
        argolog(tt, f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(REL_341, shas["rel341"], 212)
    sync(REL_342, shas["rel342"], 213)
    sync(ROLLBACK_341, shas["rel341"], 214, user="tiago.ferreira@marmita.pt", note=f"Rollback to history ID 212 ({shas['rel341']}); automated sync disabled")
    sync(ROLLBACK_340, shas["rel340"], 215, user="tiago.ferreira@marmita.pt", note=f"Rollback to history ID 211 ({shas['rel340']}); automated sync disabled")

    # ---- #dispatch-ops
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": "dispatch-ops", "ts": f"{tt.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    fails = sorted(stats["fail412"])
    failing = sorted({(w, cid) for w, cid in stats["fail412_c"]})
    updated = next(c for c in couriers if c["start"] > utc("2026-04-08 09:50:00") and c["ver"] == "7.2.1"
                   and any(cid == c["id"] and w >= PEAK_FROM for w, cid in failing))
    onset = next(x for x in fails if x >= PEAK_FROM)
    stats["onset"] = onset
    pauses_after = [p for p, _ in stats["pauses"] if p >= onset]
    say(REL_341 - dt.timedelta(minutes=4), "tiago.ferreira", "syncing courier-api 3.41.0: DSP-2192 (ETag on offers, If-Match on accept; 7.2 apps reload a changed offer instead of accepting it blind), DSP-2186 geofence distance in the logs")
    say(REL_341 + dt.timedelta(minutes=3), "tiago.ferreira", "3.41.0 healthy")
    say(utc("2026-04-08 09:05:00"), "rita.matos", "Bom dia. Lunch forecast for Lisbon: +8% on last Wednesday, 231 couriers booked for 11:30-14:00.")
    say(REL_342 - dt.timedelta(minutes=3), "tiago.ferreira", "syncing courier-api 3.42.0 before lunch: DSP-2205 offer TTL 45 -> 35 s, OPS-131 pauses logged at info (Rita, you can grep who got paused now), DSP-2201 accept latency histogram, x/net bump")
    say(REL_342 + dt.timedelta(minutes=2), "tiago.ferreira", "3.42.0 healthy")
    def series_at(tt):
        row = None
        for r in stats["paused_series"]:
            if r[0] <= tt:
                row = r
        return row

    t_rita = next(r[0] for r in stats["paused_series"] if r[0] > onset + dt.timedelta(minutes=5) and r[1] >= 6) + dt.timedelta(seconds=75)
    stats["t_rita"] = t_rita
    r9 = series_at(t_rita)
    say(t_rita, "rita.matos", f"Couriers are calling: they tap accept on a double or triple, get 'A oferta foi atualizada', tap again, same, and then the app says they are paused. {r9[1]} paused right now, {r9[2]} orders waiting for a courier in Lisbon.")
    say(t_rita + dt.timedelta(minutes=3), "joana.pires", "Support is getting the same story in tickets. Paused couriers are angry, they say they did nothing.")
    say(t_rita + dt.timedelta(minutes=6), "tiago.ferreira", "Looking. 3.42.0 went out at 10:55 with the 35 s TTL and the pause logging. Lots of 'courier paused' in courier-api and expired offers. Maybe 35 s is too short at peak and the expiries pause them?")
    say(t_rita + dt.timedelta(minutes=9), "rui.almeida", "p95 accept was 15 s in 3.40, 35 s should be plenty. But the expiries are real, dispatch-engine splits batch after batch")
    say(ROLLBACK_341 - dt.timedelta(minutes=2), "tiago.ferreira", "Runbook says roll back after a release. Rolling courier-api back to 3.41.0 (TTL 45 again).")
    say(ROLLBACK_341 + dt.timedelta(minutes=2), "tiago.ferreira", "3.41.0 is back (history 214)")
    say(ROLLBACK_341 + dt.timedelta(minutes=6), "rita.matos", "No change. Still 'a oferta foi atualizada' and pauses. Restaurants in Saldanha have food on the counter for 8-10 min.")
    say(ROLLBACK_341 + dt.timedelta(minutes=8), "joana.pires", f"Every ticket is about a pedido agrupado (batch). And {updated['id']} was on 7.1.4 yesterday, we told him to update per the runbook, he updated to 7.2.1 before his shift and since then he can't accept batches either. Singles are fine for everyone.")
    say(ROLLBACK_341 + dt.timedelta(minutes=11), "ines.carvalho", "The 412s are from DSP-2192 (mine). Look at the lines: if_match is W/\"of_...-v1\" and the ETag \"of_...-v1\", same version. Something in between makes our ETag weak. Only batches.")
    say(ROLLBACK_341 + dt.timedelta(minutes=14), "ines.carvalho", "It's the ingress: the platform ConfigMap has use-gzip true, gzip-min-length 1000. Single offers are ~700 bytes, batches 1.4-2.4 KB. nginx turns a strong ETag into a weak one when it gzips. In the access log the batch GETs send ~600 bytes for 1.5 KB upstream. The tests never went through nginx.")
    say(ROLLBACK_341 + dt.timedelta(minutes=16), "ines.carvalho", "Every 7.2 courier offered a batch since 08:12 got this; the morning only had a few batches, around 10:00, and they were split. 3.41.0 has it, so the rollback couldn't help. Please roll back to 3.40.2 (Monday), it has no If-Match check.")
    say(ROLLBACK_340 - dt.timedelta(minutes=1), "tiago.ferreira", "rolling back to 3.40.2 (history 211)")
    say(ROLLBACK_340 + dt.timedelta(minutes=3), "rita.matos", "Batches are being accepted again. Unpausing everyone who is still paused.")
    say(UNPAUSE + dt.timedelta(seconds=30), "rita.matos", f"Unpaused {stats.get('unpaused', 0)} couriers. Sending them a push that the pauses were our fault and won't count.")
    say(UNPAUSE + dt.timedelta(minutes=12), "rita.matos", "Waiting orders back to normal, restaurants in Saldanha and Baixa clearing their counters.")
    say(utc("2026-04-08 12:49:30"), "ines.carvalho", "DSP-2216: compare If-Match without the W/ prefix, with a test that goes through the gzip path. I'd ship it after lunch, not now.")
    say(utc("2026-04-08 12:55:00"), "tiago.ferreira", "ok. Argo stays on 3.40.2 with auto-sync off until then. I'll write the postmortem; the runbook's 'ask them to update' made it worse for 7.1 couriers today.")

    # ---- courier support tickets
    def ticket(tt, tid, courier, subject, body, tags):
        zendesk.add(tt, json.dumps({"type": "ticket.created", "ticket": {"id": tid, "created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "via": "courier_app",
                                                                           "requester": courier, "subject": subject, "description": body, "tags": tags}}, ensure_ascii=False))

    ticket(utc("2026-04-08 08:34:10"), 318802, "cr_10512", "Pagamento da semana", "Não recebi o pagamento das entregas de domingo.", ["payouts"])
    ticket(utc("2026-04-08 09:48:55"), 318811, "cr_10733", "Morada errada", "O cliente pôs a morada errada no pedido ord_48213344, tive de ligar.", ["address"])
    lone = [x for x in fails if x < PEAK_FROM]
    stats["lone"] = lone
    if lone:
        ticket(lone[0] + dt.timedelta(minutes=6), 318816, "cr_10644", "Não consigo aceitar", "Aceitei um pedido duplo e apareceu 'A oferta foi atualizada', carreguei outra vez e a oferta desapareceu.", ["offers"])
    texts = [("Oferta mudou", "Aceito o pedido agrupado e diz sempre 'A oferta foi atualizada'. Depois fiquei em pausa 10 minutos sem fazer nada!"),
             ("Pausa injusta", "Fui posto em pausa mas eu tentei aceitar 3 vezes. A app não deixa."),
             ("App não aceita", "Pedido duplo do Sushi Yama, cliquei aceitar várias vezes, nada."),
             ("Pausado", "Estou parado no Saldanha em pausa. Porquê?"),
             ("Erro ao aceitar", "A oferta foi atualizada, a oferta foi atualizada... e expirou."),
             ("Pedidos agrupados", "Os simples aceito bem, os agrupados não dá."),
             ("Já atualizei", "Disseram-me para atualizar a app, atualizei para a 7.2.1 e agora é que não aceito nenhum agrupado."),
             ("Pausa", "Recebi pausa por recusar, mas não recusei nada.")]
    tt = onset + dt.timedelta(minutes=4)
    tid = 318830
    k = 0
    while tt < ROLLBACK_340 + dt.timedelta(minutes=4) and k < len(texts):
        subj, body = texts[k]
        tid += rng.randint(1, 6)
        ticket(tt, tid, rng.choice(failing)[1] if k != 6 else updated["id"], subj, body, ["offers", "pause"] if "paus" in body.lower() else ["offers"])
        tt += dt.timedelta(minutes=rng.uniform(3, 8))
        k += 1
    ticket(utc("2026-04-08 12:58:40"), tid + 9, "cr_10566", "Gorjeta", "O cliente disse que deu gorjeta e não aparece.", ["payouts"])

    return [api, disp, merch, ingress, argo, slack, zendesk], stats


def build(out_dir):
    rng = random.Random(73100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert REL_342 + dt.timedelta(minutes=15) < onset < ROLLBACK_341 - dt.timedelta(minutes=20), onset
        assert 1 <= len(stats.get("lone_units", ())) <= 5, len(stats.get("lone_units", ()))
        assert stats["t_rita"] < ROLLBACK_341 - dt.timedelta(minutes=12), stats["t_rita"]
        assert not [x for x in stats["fail412"] if ROLLBACK_340 + dt.timedelta(seconds=5) < x], "412 after the rollback to 3.40.2"
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        series = stats["paused_series"]

        def at(t, idx):
            best = None
            for row in series:
                if row[0] <= t:
                    best = row
                else:
                    break
            return best[idx] if best else 0

        metrics = {
            "dispatch_orders_waiting.json": query_range([({"job": "dispatch-engine", "city": "LIS"}, lambda t: at(t, 2))], START, END, 60),
            "couriers_paused.json": query_range([({"job": "courier-api", "city": "LIS"}, lambda t: at(t, 1))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r73-offer-accept-weak-etag", service=SERVICE, onset=onset,
            description=f"""
Marmita's Lisbon couriers cannot accept batched offers at the Wednesday
lunch peak (8 April 2026): from {onset.strftime('%H:%M:%S')} UTC accepts of batches fail
("A oferta foi atualizada"), dispatch-engine re-offers and splits batch
after batch, the couriers they were offered to are paused by the decline
rule, and food waits at the restaurants. courier-api 3.42.0 (offer TTL
45 -> 35 s, pause logging) had been synced at 10:55; the rollback to
3.41.0 at 11:58 changed nothing. The rollback to 3.40.2 at 12:19 ended it;
courier ops unpaused the paused couriers at 12:24.
""",
            logs=logs,
            line_formats={"merchant-gateway.log": r'<Date> <Time> \[<Thread>\] <Level>\s+<Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'offer accept rejected: If-Match does not match current ETag'],
            fix_files=["internal/offers/accept.go", "internal/offers/accept_test.go"],
            explanation=f"""
The culprit is DSP-2192 "offers: ETag on GET, If-Match on accept"
({shas['culprit'][:7]}, Tuesday 7 April 16:40 UTC, {hours:.1f} h before the onset), shipped
in 3.41.0, synced on Wednesday at 08:12 (the Argo sync and the start lines
name the release commit). accept answers 412 offer_changed when the app's
If-Match is not the offer's ETag, compared byte for byte. The app reaches
courier-api through the platform's ingress-nginx, which gzips responses of
1000 bytes or more and, when it does, turns the strong ETag into a weak
one: every batched offer (1.4-2.4 KB; single offers are 600-900 bytes) is
echoed back as If-Match W/"of_...-v1", and every accept of a batch by a
7.2 app fails ("offer accept rejected: If-Match does not match current
ETag", if_match W/"..." against the same ETag without W/). In the quiet
morning {len(stats['lone_units'])} batches failed around 10:00 and were split; from the lunch
peak, when dispatch-engine batches most, batches failed and were split
after three offers ({stats['splits']} splits in all), their food waited, and
couriers who had three failed offers in 10 minutes were paused
({len(stats['pauses'])} pauses), which raised the load and the batching. The
rollback to 3.40.2 (no If-Match check) ended it; the fix (DSP-2216)
compares If-Match without the weak prefix in accept.go, with a test.
Decoys: 3.42.0, synced {round((onset - REL_342).total_seconds() / 60)} minutes before the onset (DSP-2205, offer
TTL 45 -> 35 s; OPS-131, which adds the very "courier paused" line that
fills the log; DSP-2201 in the culprit's file; a golang.org/x/net bump),
rolled back to 3.41.0, which holds the culprit, without effect; the
runbook commit of the morning that reads failed accepts as connectivity
or an old app and says to roll back after a release; a real stale-offer
412 at 09:23 (a payout change, strong ETags of two versions); routine
geofence rejections, a Redis pool timeout and tablet printer errors.
""",
        )
    finally:
        repo.close()
