"""esim-orchestrator (Go 1.23, on Nomad, deployed by a GitLab CI job that
runs `nomad job run`) of Nordlys Mobil, a Norwegian mobile operator: the
service between the operator's BSS (the order API of the billing stack)
and the SM-DP+ of its eSIM vendor. When a customer buys a plan with an
eSIM in the app, a shop or the web shop, the BSS calls POST /v1/orders;
the orchestrator takes a profile (ICCID) of the tariff's profile type
from its pool of profiles reserved in advance on the SM-DP+ (ES2+
DownloadOrder in batches, because DownloadOrder is slow at peak), confirms
it with ES2+ ConfirmOrder, and answers the activation code
(LPA:1$smdp.nordlys.no$<matching id>) that the BSS shows as a QR code and
mails. Smartwatches get their profile through the device vendor's
entitlement server, which calls the orchestrator's ODSA endpoint; those
answers are signed with a key in the operator's HSM. A replenishment loop
checks each profile type's pool every 15 minutes and reserves a batch
when the pool is below its low watermark.

On Tuesday 13 October at 10:55 UTC a commit (ESIM-412) moves the
watermarks and batch sizes from the Nomad job's environment into
config/profile_types.yaml, per profile type. The struct field for the low
watermark is tagged `yaml:"lowWatermark"`, while the YAML (and the
docs) spell the key low_watermark; yaml.v3 ignores the unknown key, so
every profile type's low watermark is 0 and the loop never reserves
another batch (`available < 0` is never true). Nothing fails: the
consumer pool still had about 1,000 reserved profiles. Tuesday's 14:05
deploy ships it (the job's image tag and the start lines name a later
test commit). Through Tuesday afternoon, evening and night and Wednesday
morning the pool drains with ordinary sales; at 09:47 UTC (11:47 in Oslo)
on Wednesday the last consumer profile is taken and every order of a
consumer tariff fails ("no reserved profile available", 503 to the BSS),
in the app, the shops and the web shop.

The on-call first suspects the morning's profile-type change (ESIM-430,
the new MOBIL_FRI_5G tariff mapped to the consumer profile type and a
longer ES2+ timeout; deployed 09:19, 28 minutes before) and reverts the
Nomad job to the previous version at 09:58, without effect. At 10:14 they
reserve 1,000 profiles by hand (esimctl pool reserve) and orders go
through again; then the pool check lines ("low_watermark=0 ...
action=none") lead to the struct tag.

Decoys: the ESIM-430 profile-type deploy 28 minutes before the onset,
touching the culprit's YAML; the commit that logs pool misses (the
failure line is new in Tuesday's release); a doc-comment commit to
config.go after the culprit; a pgx bump; an HSM session commit and an
ODSA commit on Monday; lone pool misses of a retired watch profile type;
ES2+ ConfirmOrder refusals, HSM re-logins, Nomad and BSS routine.
Sources: esim-orchestrator (slog text via Nomad's log shipping), the BSS
order API (Spring Boot), the Nomad clients (journald short-iso wrapping
hclog), the GitLab deploy jobs' traces (with timestamps) and the
#esim-ops channel (chat export)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "esim-orchestrator"
START, END = utc("2026-10-13 12:40:00"), utc("2026-10-14 10:50:00")
DEPLOY1 = utc("2026-10-13 14:05:12")
DECOY_DEPLOY = utc("2026-10-14 09:19:08")
TARGET = utc("2026-10-14 09:47:00")   # the consumer pool is sized to run dry here
REVERT = utc("2026-10-14 09:58:20")
MANUAL = utc("2026-10-14 10:14:05")
OSLO = dt.timedelta(hours=2)
CONS, B2B, WEAR, WEAR0 = "NLM_CONS_5G_V2", "NLM_B2B_5G_V2", "NLM_WEAR_V1", "NLM_WEAR_V0"

# ---------------------------------------------------------------------------
# the repository

CONFIG_GO_OLD = '''package pool

import (
	"os"
	"strconv"
)

// Settings for the replenishment loop, from the Nomad job's environment.
type Settings struct {
	LowWatermark int
	BatchSize    int
}

func SettingsFromEnv() Settings {
	return Settings{
		LowWatermark: atoi(os.Getenv("POOL_LOW_WATERMARK"), 500),
		BatchSize:    atoi(os.Getenv("POOL_BATCH_SIZE"), 1000),
	}
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}
'''

CONFIG_GO_NEW = '''package pool

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// ProfileType is one entry of config/profile_types.yaml.
type ProfileType struct {
	Name         string   `yaml:"name"`
	Tariffs      []string `yaml:"tariffs"`
	Retired      bool     `yaml:"retired"`
	LowWatermark int      `yaml:"lowWatermark"`
	BatchSize    int      `yaml:"batch_size"`
}

type File struct {
	ProfileTypes []ProfileType `yaml:"profile_types"`
}

func Load(path string) (File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	var f File
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	for i, pt := range f.ProfileTypes {
		if pt.BatchSize == 0 {
			f.ProfileTypes[i].BatchSize = 1000
		}
	}
	return f, nil
}

// ForTariff returns the profile type a tariff's eSIMs are taken from.
func (f File) ForTariff(tariff string) (ProfileType, bool) {
	for _, pt := range f.ProfileTypes {
		for _, t := range pt.Tariffs {
			if t == tariff {
				return pt, true
			}
		}
	}
	return ProfileType{}, false
}
'''

PROFILE_TYPES_OLD = '''# Which SM-DP+ profile type each tariff's eSIMs are taken from.
profile_types:
  - name: NLM_CONS_5G_V2
    tariffs: [MOBIL_5GB, MOBIL_20GB, MOBIL_UBEGRENSET, UNG_UBEGRENSET, KONTANT_ESIM]
  - name: NLM_B2B_5G_V2
    tariffs: [BEDRIFT_S, BEDRIFT_M, BEDRIFT_L, BEDRIFT_DATA]
  - name: NLM_WEAR_V1
    tariffs: [KLOKKE_TVILLING]
  - name: NLM_WEAR_V0
    tariffs: [KLOKKE_TVILLING_2022]
    retired: true
'''

PROFILE_TYPES_NEW = '''# Which SM-DP+ profile type each tariff's eSIMs are taken from, and how
# many profiles the orchestrator keeps reserved on the SM-DP+ for it.
profile_types:
  - name: NLM_CONS_5G_V2
    tariffs: [MOBIL_5GB, MOBIL_20GB, MOBIL_UBEGRENSET, UNG_UBEGRENSET, KONTANT_ESIM]
    low_watermark: 500
    batch_size: 1000
  - name: NLM_B2B_5G_V2
    tariffs: [BEDRIFT_S, BEDRIFT_M, BEDRIFT_L, BEDRIFT_DATA]
    low_watermark: 300
    batch_size: 500
  - name: NLM_WEAR_V1
    tariffs: [KLOKKE_TVILLING]
    low_watermark: 200
    batch_size: 500
  - name: NLM_WEAR_V0
    tariffs: [KLOKKE_TVILLING_2022]
    retired: true
'''

REPLENISH_OLD = '''package pool

import (
	"context"
	"log/slog"
	"time"
)

// Replenisher keeps a reserve of profiles per profile type on the SM-DP+.
type Replenisher struct {
	Store    *Store
	SMDP     Reserver
	Settings Settings
	Types    []string
}

func (r *Replenisher) Run(ctx context.Context) {
	tick := time.NewTicker(15 * time.Minute)
	defer tick.Stop()
	for {
		for _, pt := range r.Types {
			r.check(ctx, pt)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (r *Replenisher) check(ctx context.Context, profileType string) {
	available, err := r.Store.CountAvailable(ctx, profileType)
	if err != nil {
		slog.Error("pool count failed", "profile_type", profileType, "err", err)
		return
	}
	slog.Info("pool level", "profile_type", profileType, "available", available, "threshold", r.Settings.LowWatermark)
	if available >= r.Settings.LowWatermark {
		return
	}
	r.reserve(ctx, profileType, r.Settings.BatchSize)
}
'''

REPLENISH_NEW = '''package pool

import (
	"context"
	"log/slog"
	"time"
)

// Replenisher keeps a reserve of profiles per profile type on the SM-DP+.
type Replenisher struct {
	Store *Store
	SMDP  Reserver
	Types []ProfileType
}

func (r *Replenisher) Run(ctx context.Context) {
	for _, pt := range r.Types {
		slog.Info("pool watermarks loaded", "profile_type", pt.Name, "low_watermark", pt.LowWatermark, "batch_size", pt.BatchSize, "retired", pt.Retired)
	}
	tick := time.NewTicker(15 * time.Minute)
	defer tick.Stop()
	for {
		for _, pt := range r.Types {
			if !pt.Retired {
				r.check(ctx, pt)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (r *Replenisher) check(ctx context.Context, pt ProfileType) {
	available, err := r.Store.CountAvailable(ctx, pt.Name)
	if err != nil {
		slog.Error("pool count failed", "profile_type", pt.Name, "err", err)
		return
	}
	action := "none"
	if available < pt.LowWatermark {
		action = "reserve"
	}
	slog.Info("pool check", "profile_type", pt.Name, "available", available, "low_watermark", pt.LowWatermark, "batch_size", pt.BatchSize, "action", action)
	if action == "reserve" {
		r.reserve(ctx, pt.Name, pt.BatchSize)
	}
}
'''

RESERVE_GO = '''package pool

import (
	"context"
	"log/slog"
	"time"
)

// Reserver is the SM-DP+ side of a reservation (ES2+ DownloadOrder per profile).
type Reserver interface {
	DownloadOrder(ctx context.Context, profileType string) (iccid string, err error)
}

func (r *Replenisher) reserve(ctx context.Context, profileType string, n int) {
	started := time.Now()
	reserved := 0
	for i := 0; i < n; i++ {
		iccid, err := r.SMDP.DownloadOrder(ctx, profileType)
		if err != nil {
			slog.Warn("DownloadOrder failed", "profile_type", profileType, "err", err)
			continue
		}
		if err := r.Store.AddAvailable(ctx, profileType, iccid); err != nil {
			slog.Error("pool insert failed", "iccid", iccid, "err", err)
			continue
		}
		reserved++
	}
	slog.Info("reserved profiles from SM-DP+", "profile_type", profileType, "requested", n, "reserved", reserved, "took", time.Since(started).Round(time.Second))
}
'''

STORE_GO = '''package pool

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var ErrPoolEmpty = errors.New("no reserved profile available")

type Store struct{ DB *pgxpool.Pool }

func (s *Store) CountAvailable(ctx context.Context, profileType string) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, `SELECT count(*) FROM profiles WHERE profile_type = $1 AND state = 'AVAILABLE'`, profileType).Scan(&n)
	return n, err
}

// Take marks one reserved profile as taken by an order and returns its ICCID.
func (s *Store) Take(ctx context.Context, profileType, orderID string) (string, error) {
	var iccid string
	err := s.DB.QueryRow(ctx, `UPDATE profiles SET state = 'TAKEN', order_id = $2, taken_at = now()
		WHERE iccid = (SELECT iccid FROM profiles WHERE profile_type = $1 AND state = 'AVAILABLE'
		               ORDER BY reserved_at LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING iccid`, profileType, orderID).Scan(&iccid)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrPoolEmpty
	}
	return iccid, err
}

func (s *Store) AddAvailable(ctx context.Context, profileType, iccid string) error {
	_, err := s.DB.Exec(ctx, `INSERT INTO profiles (iccid, profile_type, state, reserved_at) VALUES ($1, $2, 'AVAILABLE', now())`, iccid, profileType)
	return err
}
'''

HANDLER_OLD = '''package orders

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"git.nordlys.no/esim/esim-orchestrator/internal/es2plus"
	"git.nordlys.no/esim/esim-orchestrator/internal/pool"
)

type Handler struct {
	Pool  *pool.Store
	Types pool.File
	SMDP  *es2plus.Client
}

type orderRequest struct {
	OrderID string `json:"order_id"`
	MSISDN  string `json:"msisdn"`
	Tariff  string `json:"tariff"`
	Channel string `json:"channel"`
}

func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	var req orderRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	pt, ok := h.Types.ForTariff(req.Tariff)
	if !ok {
		http.Error(w, "unknown tariff", http.StatusUnprocessableEntity)
		return
	}
	iccid, err := h.Pool.Take(r.Context(), pt.Name, req.OrderID)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	ac, err := h.SMDP.ConfirmOrder(r.Context(), iccid, req.OrderID)
	if err != nil {
		slog.Warn("ConfirmOrder failed", "order_id", req.OrderID, "iccid", iccid, "err", err)
		http.Error(w, "sm-dp+ error", http.StatusBadGateway)
		return
	}
	slog.Info("order confirmed", "order_id", req.OrderID, "profile_type", pt.Name, "iccid", iccid, "channel", req.Channel)
	json.NewEncoder(w).Encode(map[string]string{"iccid": iccid, "activation_code": ac})
}
'''


def gitlab_ci():
    return """stages: [test, build, deploy]

test:
  stage: test
  image: golang:1.23
  script:
    - go vet ./...
    - go test ./...

build:
  stage: build
  image: gcr.io/kaniko-project/executor:debug
  script:
    - /kaniko/executor --destination registry.nordlys.no/esim/esim-orchestrator:$CI_COMMIT_SHA
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy-prod:
  stage: deploy
  image: hashicorp/nomad:1.8.4
  environment: production
  script:
    - nomad job run -var "image_tag=$CI_COMMIT_SHA" -var "release=$RELEASE" deploy/esim-orchestrator.nomad.hcl
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      when: manual
"""


def nomad_job(env_pool=True):
    pool_env = '      POOL_LOW_WATERMARK = "500"\n      POOL_BATCH_SIZE    = "1000"\n' if env_pool else ""
    return f'''variable "image_tag" {{ type = string }}
variable "release" {{ type = string }}

job "esim-orchestrator" {{
  datacenters = ["osl1"]
  type        = "service"

  update {{
    max_parallel     = 1
    min_healthy_time = "20s"
    healthy_deadline = "3m"
    auto_revert      = true
  }}

  group "api" {{
    count = 3

    network {{
      port "http" {{ to = 8080 }}
    }}

    service {{
      name = "esim-orchestrator"
      port = "http"
      check {{
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }}
    }}

    task "esim-orchestrator" {{
      driver = "docker"
      config {{
        image = "registry.nordlys.no/esim/esim-orchestrator:${{var.image_tag}}"
        ports = ["http"]
      }}
      env {{
        RELEASE            = var.release
        GIT_SHA            = var.image_tag
        SMDP_ES2_URL       = "https://es2.smdp.nordlys.no/gsma/rsp2/es2plus"
        HSM_PKCS11_MODULE  = "/usr/safenet/lunaclient/lib/libCryptoki2_64.so"
{pool_env}      }}
      template {{
        data        = "{{{{ with secret \\"kv/esim/orchestrator\\" }}}}DB_URL={{{{ .Data.data.db_url }}}}{{{{ end }}}}"
        destination = "secrets/env"
        env         = true
      }}
      resources {{
        cpu    = 1000
        memory = 512
      }}
    }}
  }}
}}
'''


def build_repo():
    ingrid = Person("Ingrid Solberg", "ingrid.solberg@nordlys.no", 120)
    marta = Person("Marta Kowalska", "marta.kowalska@nordlys.no", 120)
    rahul = Person("Rahul Menon", "rahul.menon@nordlys.no", 330)
    ole = Person("Ole Haugen", "ole.haugen@nordlys.no", 120)
    bot = Person("renovate[bot]", "renovate@nordlys.no", 0)
    repo = Repo()
    files = {
        "README.md": readme("esim-orchestrator", "Between the BSS order API and the SM-DP+: takes a reserved eSIM profile for an\norder, confirms it with ES2+ ConfirmOrder and returns the activation code; serves\nthe ODSA companion-device endpoint for the device vendor's entitlement server.", "docker compose up -d postgres smdp-sim\ngo run ./cmd/esim-orchestrator"),
        "docs/runbook.md": runbook("esim-orchestrator", [
            ("EsimOrdersFailing", "Look at the orchestrator's errors by msg. ES2+ trouble shows as ConfirmOrder\nwarnings and 502s; pool trouble as 500s on /v1/orders."),
            ("SmdpSlow", "ES2+ latency above 2 s: check the vendor's status page and the mTLS\ncertificate's expiry; the pool keeps orders working for a while."),
        ]),
        "go.mod": "module git.nordlys.no/esim/esim-orchestrator\n\ngo 1.23\n\nrequire (\n\tgithub.com/ThalesGroup/crypto11 v1.2.6\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/prometheus/client_golang v1.20.4\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "cmd/esim-orchestrator/main.go": 'package main\n\nimport (\n\t"context"\n\t"log/slog"\n\t"net/http"\n\t"os"\n\n\t"git.nordlys.no/esim/esim-orchestrator/internal/app"\n)\n\nfunc main() {\n\tslog.SetDefault(slog.New(slog.NewTextHandler(os.Stdout, nil)))\n\tslog.Info("esim-orchestrator starting", "release", os.Getenv("RELEASE"), "git_sha", os.Getenv("GIT_SHA"), "alloc", os.Getenv("NOMAD_SHORT_ALLOC_ID"))\n\ta, err := app.New(context.Background())\n\tif err != nil {\n\t\tslog.Error("start failed", "err", err)\n\t\tos.Exit(1)\n\t}\n\thttp.ListenAndServe(":8080", a.Routes())\n}\n',
        "internal/pool/config.go": CONFIG_GO_OLD,
        "internal/pool/replenish.go": REPLENISH_OLD,
        "internal/pool/reserve.go": RESERVE_GO,
        "internal/pool/store.go": STORE_GO,
        "internal/orders/handler.go": HANDLER_OLD,
        "internal/es2plus/client.go": 'package es2plus\n\n// Client calls the SM-DP+\'s ES2+ interface (GSMA SGP.22) over mutual TLS.\ntype Client struct {\n\tBaseURL string\n\tTimeout int // seconds\n}\n',
        "internal/hsm/signer.go": 'package hsm\n\nimport "github.com/ThalesGroup/crypto11"\n\n// Signer signs ODSA responses with the entitlement key in the Luna HSM.\ntype Signer struct {\n\tctx *crypto11.Context\n}\n',
        "config/profile_types.yaml": PROFILE_TYPES_OLD,
        "config/es2plus.yaml": "smdp_address: smdp.nordlys.no\nfunction_requester_identifier: nordlys-esim-orch\nconfirm_order_timeout_seconds: 5\ndownload_order_timeout_seconds: 10\nrelease_flag: true\n",
        "deploy/esim-orchestrator.nomad.hcl": nomad_job(True),
        ".gitlab-ci.yml": gitlab_ci(),
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/esim-orchestrator ./cmd/esim-orchestrator\n\nFROM registry.nordlys.no/base/lunaclient:10.7\nCOPY --from=build /out/esim-orchestrator /usr/local/bin/\nCOPY config /etc/esim-orchestrator\nENTRYPOINT [\"/usr/local/bin/esim-orchestrator\"]\n",
    }
    repo.commit(utc("2026-10-08 07:40:00"), ingrid, "esim-orchestrator: orders, profile pool, ES2+ client, ODSA endpoint", files)
    repo.schedule(chores(random.Random(32101), SERVICE, [ingrid, rahul, ole], utc("2026-10-08 07:40:00"), utc("2026-10-13 06:00:00"), 3))
    repo.commit(utc("2026-10-09 11:20:00"), rahul, "es2plus: unique functionCallIdentifier per request, log ES2+ status codes", {
        "internal/es2plus/client.go": repo.files["internal/es2plus/client.go"] + '\n// Status is ES2+ header.functionExecutionStatus.\ntype Status struct {\n\tStatus      string `json:"status"`\n\tSubjectCode string `json:"subjectCode"`\n\tReasonCode  string `json:"reasonCode"`\n}\n',
    })
    repo.commit(utc("2026-10-12 08:35:00"), marta, "hsm: keep one logged-in PKCS#11 session per worker, re-login on CKR_USER_NOT_LOGGED_IN", {
        "internal/hsm/signer.go": repo.files["internal/hsm/signer.go"] + '\n// Sessions are pooled by crypto11 (MaxSessions); a session that the HSM\n// logged out is logged in again once before the signature is retried.\nconst MaxSessions = 8\n',
    })
    repo.commit(utc("2026-10-12 12:10:00"), rahul, "odsa: companion devices take a profile of the tariff's profile type (ESIM-401)", {
        "internal/orders/handler.go": repo.edit("internal/orders/handler.go", "type orderRequest struct {", "// Companion-device (watch) orders from the ODSA endpoint use the same path\n// with channel \"odsa\".\ntype orderRequest struct {"),
    })
    repo.commit(utc("2026-10-13 05:12:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.2", {
        "go.mod": repo.edit("go.mod", "pgx/v5 v5.7.1", "pgx/v5 v5.7.2"),
    })
    old_release = repo.shas[-1]
    culprit = repo.commit(utc("2026-10-13 10:55:00"), marta, "pool: per-profile-type watermarks and batch sizes in profile_types.yaml (ESIM-412)\n\nOne POOL_LOW_WATERMARK for every profile type reserved 1000 watch\nprofiles at a time and left the consumer pool short before campaigns.\nThe watermark and batch size now live next to each profile type; the\nNomad job's POOL_* variables go away.", {
        "internal/pool/config.go": CONFIG_GO_NEW,
        "internal/pool/replenish.go": REPLENISH_NEW,
        "config/profile_types.yaml": PROFILE_TYPES_NEW,
        "deploy/esim-orchestrator.nomad.hcl": nomad_job(False),
    })
    repo.commit(utc("2026-10-13 11:40:00"), ingrid, "pool: doc comments for ProfileType and ForTariff", {
        "internal/pool/config.go": repo.edit("internal/pool/config.go", "// ProfileType is one entry of config/profile_types.yaml.\n",
                                             "// ProfileType is one entry of config/profile_types.yaml: the SM-DP+ profile\n// type, the tariffs whose eSIMs come from it, and how many profiles the\n// replenisher keeps reserved (it reserves BatchSize more when fewer than\n// LowWatermark are left). Retired types are never replenished.\n"),
    })
    repo.commit(utc("2026-10-13 12:20:00"), ole, "orders: log pool misses with profile type, tariff and channel; answer 503 (ESIM-418)\n\nCustomer service only saw 'internal error' in the BSS when a retired\nwatch tariff was ordered.", {
        "internal/orders/handler.go": repo.edit("internal/orders/handler.go",
            "\tif err != nil {\n\t\thttp.Error(w, \"internal error\", http.StatusInternalServerError)\n\t\treturn\n\t}\n",
            "\tif errors.Is(err, pool.ErrPoolEmpty) {\n\t\tslog.Error(\"no reserved profile available\", \"order_id\", req.OrderID, \"profile_type\", pt.Name, \"tariff\", req.Tariff, \"channel\", req.Channel)\n\t\tw.Header().Set(\"Retry-After\", \"30\")\n\t\thttp.Error(w, `{\"error\":\"profile_pool_empty\"}`, http.StatusServiceUnavailable)\n\t\treturn\n\t}\n\tif err != nil {\n\t\tslog.Error(\"profile take failed\", \"order_id\", req.OrderID, \"err\", err)\n\t\thttp.Error(w, \"internal error\", http.StatusInternalServerError)\n\t\treturn\n\t}\n").replace("\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"errors\"\n"),
    })
    head1 = repo.commit(utc("2026-10-13 13:30:00"), rahul, "test: replenisher reserves a batch below the low watermark", {
        "internal/pool/replenish_test.go": 'package pool\n\nimport (\n\t"context"\n\t"testing"\n)\n\nfunc TestReserveBelowWatermark(t *testing.T) {\n\tstore, smdp := newFakeStore(120), &fakeSMDP{}\n\tr := &Replenisher{Store: store, SMDP: smdp, Types: []ProfileType{{Name: "T", LowWatermark: 500, BatchSize: 10}}}\n\tr.check(context.Background(), r.Types[0])\n\tif smdp.orders != 10 {\n\t\tt.Fatalf("reserved %d, want 10", smdp.orders)\n\t}\n}\n',
    })
    repo.commit(utc("2026-10-14 06:55:00"), ole, "docs: runbook for pool misses and the esimctl reserve command", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Pool misses\n\n`no reserved profile available` for a retired profile type is expected (old\nwatch firmware). For a live type, reserve by hand:\n`esimctl pool reserve --profile-type TYPE --count 1000`.\n",
    })
    head2 = repo.commit(utc("2026-10-14 09:12:00"), ole, "profile types: MOBIL_FRI_5G on NLM_CONS_5G_V2; ES2+ ConfirmOrder timeout 5s -> 8s (ESIM-430)\n\nThe Fri 5G campaign starts at noon; ConfirmOrder took up to 6 s in\nlast Friday's peak.", {
        "config/profile_types.yaml": repo.edit("config/profile_types.yaml", "UNG_UBEGRENSET, KONTANT_ESIM]", "UNG_UBEGRENSET, KONTANT_ESIM, MOBIL_FRI_5G]"),
        "config/es2plus.yaml": repo.edit("config/es2plus.yaml", "confirm_order_timeout_seconds: 5", "confirm_order_timeout_seconds: 8"),
    })
    return repo, culprit, old_release, head1, head2


# ---------------------------------------------------------------------------
# logs


def slog_line(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"']
    for k, v in fields.items():
        v = str(v)
        parts.append(f'{k}="{v}"' if (" " in v or "=" in v or v == "") else f"{k}={v}")
    return " ".join(parts)


def spring(t, level, thread, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return f"{stamp} {level:>5} 1 --- [bss-order-api] [{thread:>15}] {logger:<42} : {msg}"


def journald(t, host, pid, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 {host} nomad[{pid}]: {text}"


def hclog(t, level, name, msg):
    t = t.astimezone(dt.timezone.utc)
    lvl = f"[{level}]"
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {lvl:<7} {name}: {msg}"


def gitlab(t, text, stream="00O"):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}"


TARIFFS = {
    CONS: [(30, "MOBIL_UBEGRENSET"), (25, "MOBIL_20GB"), (14, "MOBIL_5GB"), (12, "UNG_UBEGRENSET"), (8, "KONTANT_ESIM")],
    B2B: [(4, "BEDRIFT_M"), (3, "BEDRIFT_S"), (2, "BEDRIFT_L"), (1, "BEDRIFT_DATA")],
}
NODES = [("nmd-c1", 1288, "10.70.4.11"), ("nmd-c2", 1301, "10.70.4.12"), ("nmd-c3", 1279, "10.70.4.13")]


def build_logs(rng, culprit, old_release, head1, head2):
    app, bss, nomad, ci, chat = (Log("esim-orchestrator.log"), Log("bss-order-api.log"), Log("nomad-clients.log"),
                                 Log("gitlab-deploy-jobs.log"), Log("chat.log"))
    stats = {"ok": [], "fail": [], "pool": []}
    failures = []
    pre_misses = []

    def w(rnd, choices):
        total = sum(c[0] for c in choices)
        x = rnd.uniform(0, total)
        for wt, v in choices:
            x -= wt
            if x <= 0:
                return v
        return choices[-1][1]

    # ---- deploys: (when, sha, release, version index, job version)
    deploys = [
        (DEPLOY1, head1, "2026.10.13-1", 1, 41, "ingrid.solberg", "deploy"),
        (DECOY_DEPLOY, head2, "2026.10.14-1", 2, 42, "ole.haugen", "deploy"),
        (REVERT, head1, "2026.10.13-1", 1, 43, "ole.haugen", "revert"),
    ]
    allocs = {"cur": [(hexid(rng, 8), NODES[i]) for i in range(3)]}
    initial = [a for a, _ in allocs["cur"]]

    def version_at(t):
        v = 0
        for when, _, _, idx, _, _, _ in deploys:
            if t >= when + dt.timedelta(seconds=60):
                v = idx
        return v

    # pool state
    pool = {CONS: None, B2B: 3380, WEAR: 742}

    # --- consumer / b2b order arrivals
    def cons_rate(t):
        h = (t + OSLO).hour + (t + OSLO).minute / 60
        if 0 <= h < 6:
            return 0.05
        if 6 <= h < 8:
            return 0.45
        if 8 <= h < 12:
            return 1.55
        if 12 <= h < 17:
            return 1.35
        if 17 <= h < 22:
            return 1.1
        return 0.35

    def b2b_rate(t):
        h = (t + OSLO).hour
        return 0.22 if 8 <= h < 17 else 0.01

    def wear_rate(t):
        h = (t + OSLO).hour
        return 0.09 if 8 <= h < 23 else 0.01

    orders = []
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=5))
        for x in poisson_times(rng, t, nxt, cons_rate(t)):
            orders.append((x, CONS))
        for x in poisson_times(rng, t, nxt, b2b_rate(t)):
            orders.append((x, B2B))
        for x in poisson_times(rng, t, nxt, wear_rate(t)):
            orders.append((x, WEAR))
        t = nxt
    # lone orders of the retired watch tariff
    for x in [utc("2026-10-13 13:21:44"), utc("2026-10-13 17:02:09"), utc("2026-10-13 20:48:31"), utc("2026-10-14 07:36:55")]:
        orders.append((x, WEAR0))
    orders.sort()
    pool[CONS] = sum(1 for x, pt in orders if pt == CONS and x < TARGET)

    # ---- deploy job traces, Nomad events, start lines
    def deploy(when, sha, release, idx, jobv, user, kind):
        job = 8812040 + jobv * 17
        t0 = when - dt.timedelta(seconds=44)
        lines = []
        if kind == "deploy":
            lines += [
                (0.0, f"Running with gitlab-runner 17.4.1 (b92ee590)", "00O"),
                (0.1, "  on nordlys-ops-runner-2 zKx3PqaB, system ID: s_4a1f0e9c2b7d", "00O"),
                (0.9, f"section_start:{int(t0.timestamp())}:prepare_executor", "00O+"),
                (1.0, "Preparing the \"docker\" executor", "00O"),
                (3.2, "Using docker image sha256:7d0e1c hashicorp/nomad:1.8.4 ...", "00O"),
                (5.8, "Getting source from Git repository", "00O"),
                (6.4, f"Fetching changes with git depth set to 20...", "00O"),
                (7.9, f"Checking out {sha[:8]} as detached HEAD (ref is main)...", "00O"),
                (8.6, "Executing \"step_script\" stage of the job script", "00O"),
                (8.7, f"$ nomad job run -var \"image_tag=$CI_COMMIT_SHA\" -var \"release=$RELEASE\" deploy/esim-orchestrator.nomad.hcl", "00O"),
            ]
        else:
            lines += [
                (0.0, f"Running with gitlab-runner 17.4.1 (b92ee590)", "00O"),
                (0.1, "  on nordlys-ops-runner-2 zKx3PqaB, system ID: s_4a1f0e9c2b7d", "00O"),
                (8.6, "Executing \"step_script\" stage of the job script", "00O"),
                (8.7, f"$ nomad job revert -verbose esim-orchestrator {jobv - 2}", "00O"),
            ]
        ev = hexid(rng, 8) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12)
        dep = hexid(rng, 8) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12)
        ts = lambda s: (t0 + dt.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines += [
            (9.9, f"==> {ts(9.9)}: Monitoring evaluation \"{ev[:8]}\"", "00O"),
            (9.9, f"    {ts(9.9)}: Evaluation triggered by job \"esim-orchestrator\"", "00O"),
            (10.9, f"    {ts(10.9)}: Evaluation within deployment: \"{dep[:8]}\"", "00O"),
            (10.9, f"    {ts(10.9)}: Allocation \"{hexid(rng, 8)}\" created: node \"{hexid(rng, 8)}\", group \"api\"", "00O"),
            (10.9, f"    {ts(10.9)}: Evaluation status changed: \"pending\" -> \"complete\"", "00O"),
            (11.0, f"==> {ts(11.0)}: Evaluation \"{ev[:8]}\" finished with status \"complete\"", "00O"),
            (11.1, f"==> {ts(11.1)}: Monitoring deployment \"{dep[:8]}\"", "00O"),
            (138.0, f"  ✓ Deployment \"{dep[:8]}\" successful", "00O"),
            (138.1, f"    {ts(138.1)}", "00O"),
            (138.1, f"    ID          = {dep[:8]}", "00O"),
            (138.1, f"    Job ID      = esim-orchestrator", "00O"),
            (138.1, f"    Job Version = {jobv}", "00O"),
            (138.1, f"    Status      = successful", "00O"),
            (138.1, f"    Description = Deployment completed successfully", "00O"),
            (138.2, f"    Deployed", "00O"),
            (138.2, f"    Task Group  Desired  Placed  Healthy  Unhealthy  Progress Deadline", "00O"),
            (138.2, f"    api         3        3       3        0          {(t0 + dt.timedelta(minutes=10)).strftime('%Y-%m-%dT%H:%M:%SZ')}", "00O"),
            (139.0, f"Cleaning up project directory and file based variables", "00O"),
            (139.8, f"Job succeeded", "00O"),
        ]
        ci.add(t0 - dt.timedelta(seconds=0.01), gitlab(t0 - dt.timedelta(seconds=0.01), f"--- job {job} deploy-prod (pipeline {1402200 + jobv * 3}, {user}, ref main, sha {sha}, RELEASE={release}) ---", "00O"))
        for off, text, stream in lines:
            x = t0 + dt.timedelta(seconds=off)
            ci.add(x, gitlab(x, text, stream))
        # rolling update: one alloc at a time
        new = []
        for k, (old_alloc, node) in enumerate(allocs["cur"]):
            base = t0 + dt.timedelta(seconds=12 + 40 * k)
            nalloc = hexid(rng, 8)
            host, pid, _ = node
            for off, lvl, name, msg in [
                (0.0, "INFO", "client.alloc_runner.task_runner", f"Task event: alloc_id={old_alloc}-{hexid(rng, 4)} task=esim-orchestrator type=Killing msg=\"Sent interrupt. Waiting 5s before force killing\" failed=false"),
                (1.2, "INFO", "client.driver_mgr.docker", f"stopped container: container_id={hexid(rng, 64)} driver=docker"),
                (1.4, "INFO", "client.alloc_runner.task_runner", f"Task event: alloc_id={old_alloc}-{hexid(rng, 4)} task=esim-orchestrator type=Killed msg=\"Task successfully killed\" failed=false"),
                (2.0, "INFO", "client.alloc_runner.task_runner", f"Task event: alloc_id={nalloc}-{hexid(rng, 4)} task=esim-orchestrator type=Received msg=\"Task received by client\" failed=false"),
                (2.6, "INFO", "client.alloc_runner.task_runner", f"Task event: alloc_id={nalloc}-{hexid(rng, 4)} task=esim-orchestrator type=\"Driver\" msg=\"Downloading image\" failed=false"),
                (6.9, "INFO", "client.driver_mgr.docker", f"created container: driver=docker container_id={hexid(rng, 64)}"),
                (7.3, "INFO", "client.driver_mgr.docker", f"started container: driver=docker container_id={hexid(rng, 64)}"),
                (7.4, "INFO", "client.alloc_runner.task_runner", f"Task event: alloc_id={nalloc}-{hexid(rng, 4)} task=esim-orchestrator type=Started msg=\"Task started by client\" failed=false"),
                (30.2, "INFO", "client.alloc_runner", f"alloc health: alloc_id={nalloc}-{hexid(rng, 4)} healthy=true"),
            ]:
                x = base + dt.timedelta(seconds=off)
                nomad.add(x, journald(x, host, pid, hclog(x, lvl, name, msg)))
            x = base + dt.timedelta(seconds=7.9)
            app.add(x, slog_line(x, "INFO", "esim-orchestrator starting", release=release, git_sha=sha, alloc=nalloc, node=host))
            x2 = x + dt.timedelta(milliseconds=340)
            app.add(x2, slog_line(x2, "INFO", "connected to database", host="pg-esim.service.osl1.consul", pool_max=20, alloc=nalloc))
            x3 = x2 + dt.timedelta(milliseconds=210)
            app.add(x3, slog_line(x3, "INFO", "hsm ready", slot=0, label="NLM_ODSA_HA", sessions=8, alloc=nalloc))
            if idx >= 1:
                for j, (ptn, lw, bs, ret) in enumerate([(CONS, 0, 1000, "false"), (B2B, 0, 500, "false"), (WEAR, 0, 500, "false"), (WEAR0, 0, 1000, "true")]):
                    x4 = x3 + dt.timedelta(milliseconds=15 + j)
                    app.add(x4, slog_line(x4, "INFO", "pool watermarks loaded", profile_type=ptn, low_watermark=lw, batch_size=bs, retired=ret, alloc=nalloc))
            new.append((nalloc, node))
        allocs["cur"] = new
        return t0

    # initial allocs were started Monday (no lines); deploys
    for d in deploys:
        deploy(*d)

    # ---- replenishment checks every 15 min (the leader alloc runs them)
    t = START + dt.timedelta(seconds=421.3)
    while t < END:
        v = version_at(t)
        for j, ptn in enumerate([CONS, B2B, WEAR]):
            x = t + dt.timedelta(milliseconds=12 + 9 * j)
            if v == 0:
                app.add(x, ("OLD", x, ptn))
            else:
                app.add(x, ("NEW", x, ptn))
        t += dt.timedelta(minutes=15)

    # ---- order processing
    taken = {CONS: 0, B2B: 0, WEAR: 0}
    manual_done = MANUAL + dt.timedelta(seconds=96)
    ES2_REFUSE = [("8.2.1", "3.9"), ("8.1", "4.2"), ("1.2", "2.2")]
    alloc_timeline = []
    # rebuild the alloc timeline from the app start lines (entries carry alloc names)
    for when, _, text in sorted(app.entries, key=lambda e: e[0]):
        if isinstance(text, str) and 'msg="esim-orchestrator starting"' in text:
            alloc_timeline.append((when, text.split("alloc=")[1].split()[0]))

    def live_allocs(t):
        cur = list(initial)
        for when, a in alloc_timeline:
            if when <= t:
                cur = cur[1:] + [a]
        return cur

    pending_downloads = []
    for at, ptn in orders:
        v = version_at(at)
        alloc = rng.choice(live_allocs(at))
        order_id = f"SO-{rng.randint(70100000, 70999999)}"
        msisdn = f"+47 4{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(100, 999)}"
        if ptn == WEAR0:
            tariff, channel = "KLOKKE_TVILLING_2022", "odsa"
        elif ptn == WEAR:
            tariff, channel = "KLOKKE_TVILLING", "odsa"
        else:
            tariff = w(rng, TARIFFS[ptn])
            if ptn == CONS and at >= DECOY_DEPLOY + dt.timedelta(seconds=60) and rng.random() < 0.08:
                tariff = "MOBIL_FRI_5G" if version_at(at) == 2 else tariff
            channel = w(rng, [(55, "app"), (25, "webshop"), (20, "retail")]) if ptn == CONS else "bedrift-portal"
        thread = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        bss.add(at, spring(at, "INFO", thread, "n.n.bss.order.OrderSubmissionService", f"Order {order_id} submitted channel={channel} tariff={tariff} simType=ESIM"))
        x = at + dt.timedelta(milliseconds=rng.randint(20, 80))
        app.add(x, slog_line(x, "INFO", "order received", order_id=order_id, tariff=tariff, channel=channel, alloc=alloc))
        cap = pool[ptn] if ptn in pool else 0
        if ptn == CONS and at >= manual_done:
            cap += 1000
        if ptn == WEAR0 or taken.get(ptn, 0) >= cap:
            y = x + dt.timedelta(milliseconds=rng.randint(3, 12))
            if v >= 1:
                app.add(y, slog_line(y, "ERROR", "no reserved profile available", order_id=order_id, profile_type=ptn, tariff=tariff, channel=channel, alloc=alloc))
                status, body = 503, '{"error":"profile_pool_empty"}'
            else:
                status, body = 500, "internal error"
            z = y + dt.timedelta(milliseconds=rng.randint(4, 20))
            bss.add(z, spring(z, "ERROR", thread, "n.n.bss.order.EsimProvisioningClient", f"eSIM provisioning failed for order {order_id}: HTTP {status} from esim-orchestrator body={body}"))
            bss.add(z, spring(z + dt.timedelta(milliseconds=1), " WARN", thread, "n.n.bss.order.OrderSubmissionService", f"Order {order_id} set to PROVISIONING_FAILED, customer told to retry"))
            if ptn == CONS:
                failures.append(y)
                stats["fail"].append(at)
            else:
                pre_misses.append(y)
            continue
        taken[ptn] = taken.get(ptn, 0) + 1
        stats["pool"].append((x, ptn))
        iccid = f"894702{rng.randint(0, 9)}{rng.randint(100000000000, 999999999999)}"
        tout = 8 if version_at(at) == 2 else 5
        lat = ms(rng, 620, 0.45)
        if (DECOY_DEPLOY < at < REVERT) or utc("2026-10-14 08:30:00") < at < utc("2026-10-14 10:40:00"):
            lat = ms(rng, 900, 0.5)
        y = x + dt.timedelta(milliseconds=lat + 12)
        if rng.random() < 0.006:
            sc, rc = ES2_REFUSE[rng.randrange(len(ES2_REFUSE))]
            app.add(y, slog_line(y, "WARN", "ConfirmOrder failed", order_id=order_id, iccid=iccid, err=f"es2plus: Failed subjectCode={sc} reasonCode={rc}", alloc=alloc))
            bss.add(y, spring(y + dt.timedelta(milliseconds=5), "ERROR", thread, "n.n.bss.order.EsimProvisioningClient", f"eSIM provisioning failed for order {order_id}: HTTP 502 from esim-orchestrator body=sm-dp+ error"))
            continue
        if lat > tout * 1000:
            app.add(y, slog_line(y, "WARN", "ConfirmOrder failed", order_id=order_id, iccid=iccid, err="context deadline exceeded", alloc=alloc))
            continue
        app.add(y, slog_line(y, "INFO", "order confirmed", order_id=order_id, profile_type=ptn, iccid=iccid, channel=channel, es2_ms=lat, alloc=alloc))
        if ptn == WEAR:
            app.add(y + dt.timedelta(milliseconds=8), slog_line(y + dt.timedelta(milliseconds=8), "INFO", "odsa response signed", order_id=order_id, key="odsa-2026", alloc=alloc))
        z = y + dt.timedelta(milliseconds=rng.randint(10, 40))
        bss.add(z, spring(z, "INFO", thread, "n.n.bss.order.EsimProvisioningClient", f"eSIM provisioned for order {order_id} iccid={iccid[:6]}…{iccid[-4:]} ({lat + 40} ms)"))
        if ptn == CONS:
            stats["ok"].append(at)
        # download progress notifications from the SM-DP+ (ES2+ HandleDownloadProgressInfo)
        if rng.random() < 0.86:
            d1 = z + dt.timedelta(seconds=rng.uniform(40, 900))
            if d1 < END:
                app.add(d1, slog_line(d1, "INFO", "download progress", iccid=iccid, step="BPP_DOWNLOAD", result="Executed-Success", alloc=rng.choice(live_allocs(d1))))
                d2 = d1 + dt.timedelta(seconds=rng.uniform(4, 25))
                if rng.random() < 0.01:
                    app.add(d2, slog_line(d2, "WARN", "download progress", iccid=iccid, step="BPP_INSTALLATION", result="Failed", reason="8.2.6/3.10 Profile ICCID - Already in Use", alloc=rng.choice(live_allocs(d2))))
                else:
                    app.add(d2, slog_line(d2, "INFO", "download progress", iccid=iccid, step="BPP_INSTALLATION", result="Executed-Success", alloc=rng.choice(live_allocs(d2))))

    # customers retrying after a failure (the app's "try again")
    for f in list(stats["fail"]):
        if rng.random() < 0.55 and f + dt.timedelta(minutes=3) < END:
            r = f + dt.timedelta(seconds=rng.uniform(30, 240))
            alloc = rng.choice(live_allocs(r))
            order_id = f"SO-{rng.randint(70100000, 70999999)}"
            thread = f"http-nio-8080-exec-{rng.randint(1, 40)}"
            bss.add(r, spring(r, "INFO", thread, "n.n.bss.order.OrderSubmissionService", f"Order {order_id} submitted channel=app tariff=MOBIL_UBEGRENSET simType=ESIM"))
            if r < manual_done:
                y = r + dt.timedelta(milliseconds=40)
                app.add(y, slog_line(y, "INFO", "order received", order_id=order_id, tariff="MOBIL_UBEGRENSET", channel="app", alloc=alloc))
                app.add(y + dt.timedelta(milliseconds=6), slog_line(y + dt.timedelta(milliseconds=6), "ERROR", "no reserved profile available", order_id=order_id, profile_type=CONS, tariff="MOBIL_UBEGRENSET", channel="app", alloc=alloc))
                bss.add(y + dt.timedelta(milliseconds=15), spring(y + dt.timedelta(milliseconds=15), "ERROR", thread, "n.n.bss.order.EsimProvisioningClient", f"eSIM provisioning failed for order {order_id}: HTTP 503 from esim-orchestrator body={{\"error\":\"profile_pool_empty\"}}"))
                failures.append(y)
                stats["fail"].append(r)
            else:
                y = r + dt.timedelta(milliseconds=700)
                iccid = f"894702{rng.randint(0, 9)}{rng.randint(100000000000, 999999999999)}"
                app.add(y, slog_line(y, "INFO", "order confirmed", order_id=order_id, profile_type=CONS, iccid=iccid, channel="app", es2_ms=ms(rng, 800, 0.4), alloc=alloc))
                bss.add(y, spring(y + dt.timedelta(milliseconds=20), "INFO", thread, "n.n.bss.order.EsimProvisioningClient", f"eSIM provisioned for order {order_id} iccid={iccid[:6]}…{iccid[-4:]} ({rng.randint(700, 1500)} ms)"))
                stats["ok"].append(r)

    # ---- resolve the pool-check placeholders now that the takes are known
    takes = sorted(stats["pool"])
    base_pool = {CONS: pool[CONS], B2B: pool[B2B], WEAR: pool[WEAR]}
    resolved = []
    for i, (when, seq, text) in enumerate(app.entries):
        if isinstance(text, tuple):
            kind, x, ptn = text
            used = sum(1 for o in takes if o[1] == ptn and o[0] < x)
            avail = base_pool[ptn] - used + (1000 if (ptn == CONS and x >= manual_done) else 0)
            alloc = live_allocs(x)[0]
            if kind == "OLD":
                text = slog_line(x, "INFO", "pool level", profile_type=ptn, available=avail, threshold=500, alloc=alloc)
            else:
                lw, bs = 0, {CONS: 1000, B2B: 500, WEAR: 500}[ptn]
                text = slog_line(x, "INFO", "pool check", profile_type=ptn, available=avail, low_watermark=lw, batch_size=bs, action="none", alloc=alloc)
            stats.setdefault("level", []).append((x, ptn, avail))
        resolved.append((when, seq, text))
    app.entries = resolved

    # manual reservation
    alloc = live_allocs(MANUAL)[1]
    app.add(MANUAL, slog_line(MANUAL, "INFO", "manual reservation requested", profile_type=CONS, count=1000, by="ole.haugen", via="esimctl", alloc=alloc))
    app.add(manual_done, slog_line(manual_done, "INFO", "reserved profiles from SM-DP+", profile_type=CONS, requested=1000, reserved=1000, took="1m36s", alloc=alloc))

    # ---- routine noise
    for x in poisson_times(rng, START, END, 0.02):
        a = rng.choice(live_allocs(x))
        app.add(x, slog_line(x, "WARN", "hsm session logged out, logging in again", slot=0, label="NLM_ODSA_HA", rv="CKR_USER_NOT_LOGGED_IN", alloc=a))
    for x in poisson_times(rng, START, END, 0.012):
        a = rng.choice(live_allocs(x))
        app.add(x, slog_line(x, "WARN", "notification for unknown iccid ignored", iccid=f"894702{rng.randint(0, 9)}{rng.randint(100000000000, 999999999999)}", notification="HandleDownloadProgressInfo", alloc=a))
    for x in poisson_times(rng, START, END, 0.008):
        a = rng.choice(live_allocs(x))
        app.add(x, slog_line(x, "ERROR", "odsa request rejected", reason="invalid companion_terminal_eid", status=400, alloc=a))
    t = START + dt.timedelta(seconds=33)
    while t < END:
        a = rng.choice(live_allocs(t))
        app.add(t, slog_line(t, "INFO", "es2plus mtls certificate ok", not_after="2027-03-01T00:00:00Z", days_left=(utc("2027-03-01 00:00:00") - t).days, alloc=a))
        t += dt.timedelta(hours=1)
    for x in poisson_times(rng, START, END, 0.5):
        thread = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        k = rng.random()
        if k < 0.5:
            bss.add(x, spring(x, "INFO", thread, "n.n.bss.catalog.TariffController", f"GET /api/v2/tariffs channel={rng.choice(['app', 'webshop', 'retail'])} -> 200 ({ms(rng, 30)} ms)"))
        elif k < 0.8:
            bss.add(x, spring(x, "INFO", thread, "n.n.bss.order.OrderQueryController", f"GET /api/v2/orders/SO-{rng.randint(70100000, 70999999)} -> 200"))
        elif k < 0.93:
            bss.add(x, spring(x, " WARN", thread, "n.n.bss.credit.CreditCheckClient", f"credit check slow for customer {rng.randint(1000000, 9999999)}: {ms(rng, 2600)} ms"))
        else:
            bss.add(x, spring(x, "ERROR", thread, "n.n.bss.porting.NumberPortingClient", f"porting request NP-{rng.randint(400000, 499999)} rejected by donor operator: code=E102 subscriber data mismatch"))
    t = START + dt.timedelta(seconds=51)
    while t < END:
        bss.add(t, spring(t, "INFO", "scheduling-1", "n.n.bss.invoice.InvoiceRunScheduler", f"invoice batch poll: {rng.randint(0, 4)} runs pending"))
        t += dt.timedelta(minutes=10)
    for host, pid, _ in NODES:
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            nomad.add(t, journald(t, host, pid, hclog(t, "INFO", "client.gc", f"garbage collection skipped because no terminal allocations: reason=\"number of allocations ({rng.randint(9, 14)}) is over the limit (50)\"")))
            t += dt.timedelta(minutes=5, seconds=rng.uniform(-3, 3))
        for x in poisson_times(rng, START, END, 0.01):
            nomad.add(x, journald(x, host, pid, hclog(x, "WARN", "client.driver_mgr.docker", f"RemoveImage on non-referenced counted image id: image_id=sha256:{hexid(rng, 64)}")))
        for x in poisson_times(rng, START, END, 0.004):
            nomad.add(x, journald(x, host, pid, hclog(x, "ERROR", "client.rpc", f"error performing RPC to server: error=\"rpc error: EOF\" rpc=Node.GetClientAllocs server=10.70.1.{rng.randint(10, 12)}:4647")))
    for x in [utc("2026-10-14 03:12:40")]:
        for host, pid, _ in NODES:
            nomad.add(x, journald(x, host, pid, hclog(x, "INFO", "agent", "reloading configuration")))

    # ---- chat
    def say(stamp, who, text):
        x = utc(stamp)
        chat.add(x, f"{x.strftime('%Y-%m-%d %H:%M:%S')} UTC #esim-ops {who}: {text}")

    say("2026-10-13 14:02:30", "Ingrid Solberg", f"deploying esim-orchestrator 2026.10.13-1 ({head1[:8]}): per-type pool watermarks (ESIM-412), pool miss logging (ESIM-418), pgx bump")
    say("2026-10-13 14:09:05", "Ingrid Solberg", "3/3 healthy, orders flowing")
    say("2026-10-13 17:04:12", "Rahul Menon", "'no reserved profile available' for NLM_WEAR_V0 is the 2022 watch tariff, retired, expected. nice to see it logged now")
    say("2026-10-14 09:10:40", "Ole Haugen", "ESIM-430: adding MOBIL_FRI_5G to the consumer profile type before the noon campaign, and ConfirmOrder timeout 8s. deploying")
    say("2026-10-14 09:21:30", "Ole Haugen", "2026.10.14-1 out, healthy")
    say("2026-10-14 09:51:02", "alertmanager", "[FIRING:1] EsimOrdersFailing (esim-orchestrator, ratio 1.00, profile_type=NLM_CONS_5G_V2)")
    say("2026-10-14 09:52:40", "Kari Lunde (kundeservice)", "shops report eSIM orders failing for every consumer plan since ~11:45, 'prøv igjen senere'")
    say("2026-10-14 09:54:15", "Ole Haugen", "only NLM_CONS_5G_V2 fails, 503 no reserved profile available. that's the profile type I touched at 09:19. reverting the job to version 41")
    say("2026-10-14 10:00:30", "Ole Haugen", "reverted (job version 43 = 41's spec). still 503 on every consumer order")
    say("2026-10-14 10:06:50", "Ingrid Solberg", "pool check says available=0 for consumer. the replenisher should have reserved a batch hours ago, why action=none?")
    say("2026-10-14 10:12:20", "Ole Haugen", "reserving by hand per runbook: esimctl pool reserve --profile-type NLM_CONS_5G_V2 --count 1000")
    say("2026-10-14 10:16:45", "Ole Haugen", "1000 reserved, orders going through again. B2B at 3000-ish and watch at 600-ish, fine for today")
    say("2026-10-14 10:24:10", "Marta Kowalska", "low_watermark=0 in every pool check since yesterday's deploy. my ESIM-412: the struct tag says lowWatermark, the yaml says low_watermark. yaml.v3 drops unknown keys silently. sorry")
    say("2026-10-14 10:31:55", "Marta Kowalska", "fix MR with KnownFields(true) so it fails at start next time. keeping an eye on the consumer pool until it's out")
    say("2026-10-14 10:42:00", "Kari Lunde (kundeservice)", "customers who got the error are being called back")
    return [app, bss, nomad, ci, chat], failures, stats, pre_misses


def build(out_dir):
    rng = random.Random(32100)
    repo, culprit, old_release, head1, head2 = build_repo()
    try:
        logs, failures, stats, pre_misses = build_logs(rng, culprit, old_release, head1, head2)
        onset = min(failures).replace(microsecond=0)
        assert dt.timedelta(minutes=20) <= onset - DECOY_DEPLOY <= dt.timedelta(minutes=40), onset
        assert len(pre_misses) >= 3, pre_misses

        def per5(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)
        levels = stats["level"]

        def level(ptn):
            def fn(t):
                last = [a for x, p, a in levels if p == ptn and x <= t]
                return last[-1] if last else None
            return fn
        metrics = {
            "esim_orders_5m.json": query_range([
                ({"job": "esim-orchestrator", "profile_type": CONS, "outcome": "confirmed"}, per5(stats["ok"])),
                ({"job": "esim-orchestrator", "profile_type": CONS, "outcome": "pool_empty"}, per5(stats["fail"])),
            ], utc("2026-10-14 05:00:00"), END, 60),
            "esim_pool_available.json": query_range([
                ({"job": "esim-orchestrator", "profile_type": p}, level(p)) for p in (CONS, B2B, WEAR)
            ], START, END, 300),
        }
        hours = (onset - utc("2026-10-13 10:55:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r32-pool-watermark-yaml-tag", service=SERVICE, onset=onset,
            description=f"""
Nordlys Mobil cannot sell eSIMs on consumer tariffs from {onset.strftime('%H:%M:%S')} UTC on
Wednesday 14 October (11:47 in Oslo): every order the BSS sends to
esim-orchestrator for a consumer plan is answered 503, in the app, the
shops and the web shop; business and watch orders go through.
esim-orchestrator was deployed on Tuesday at 14:05 and on Wednesday at
09:19 (a profile-type change); the on-call reverted the Wednesday job
version at 09:58 and reserved 1,000 profiles by hand at 10:14.

Story: Tuesday's 10:55 commit ESIM-412 moves the pool watermarks into
profile_types.yaml with a struct tag that does not match the YAML key, so
every low watermark is 0 and the pool of reserved consumer profiles is
never replenished; it runs dry with Wednesday morning's sales. Decoys:
the profile-type deploy 28 minutes before, the pool-miss logging commit,
a doc commit to config.go, a pgx bump, lone misses of a retired type.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "nomad-clients.log": r"<Date> <Host> <Proc>\[<Pid>\]: <Time> \[<Level>\]\s+<Component>: <Content>",
                "gitlab-deploy-jobs.log": r"<Time> <Stream> <Content>",
            },
            root_cause=[
                r"pool watermarks loaded",
                r"pool check.*action=none",
                r"no reserved profile available",
            ],
            fix_files=["internal/pool/config.go"],
            explanation=f"""
The culprit is "pool: per-profile-type watermarks and batch sizes in
profile_types.yaml (ESIM-412)" (Tuesday 10:55 UTC, about {hours:.0f} hours
before the onset), shipped by Tuesday's 14:05 GitLab deploy job
(`nomad job run`, job version 41), whose trace and start lines name the
later test commit ("test: replenisher reserves a batch below the low
watermark"). The new ProfileType struct tags LowWatermark as
`yaml:"lowWatermark"` while config/profile_types.yaml says
low_watermark: yaml.v3 ignores the unknown key, every profile type's
low watermark is 0, and the replenisher, which reserves a batch from the
SM-DP+ only when available < low watermark, never does (at start it logs
"pool watermarks loaded ... low_watermark=0", and every 15 minutes
"pool check ... low_watermark=0 ... action=none", where the old release
logged "pool level ... threshold=500"). The consumer pool (about 1,000
profiles) drains with Tuesday's and Wednesday morning's sales and is
empty at {onset.strftime('%H:%M:%S')}: every consumer order fails with "no
reserved profile available" (503 "profile_pool_empty" in the BSS). The
manual reservation at 10:14 ends it; the fix is the struct tag
(internal/pool/config.go), reverting the culprit also works.
Decoys: the ESIM-430 deploy at 09:19, {round((onset - DECOY_DEPLOY).total_seconds() / 60)} minutes before the onset, which
maps the new MOBIL_FRI_5G tariff to the very profile type that runs dry
in config/profile_types.yaml (the culprit's file) and raises the ES2+
ConfirmOrder timeout; it is reverted at 09:58 without effect. The
ESIM-418 commit that logs pool misses and answers 503 (the failure line
is new in Tuesday's release); the doc-comment commit to config.go right
after the culprit; the pgx bump; Monday's HSM session and ODSA commits;
Wednesday's runbook commit; the lone "no reserved profile available"
lines for the retired NLM_WEAR_V0 type (expected, said so in the
channel); ConfirmOrder refusals and timeouts, HSM re-logins, unknown
ICCID notifications, ODSA 400s, BSS credit-check and porting errors,
Nomad RPC and GC noise.
""",
        )
    finally:
        repo.close()
