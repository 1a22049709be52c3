"""reads-ingest (Go 1.23, pgx v5; two pods on EKS in eu-west-2, Flux with
image automation from `main`; metering data team in Bristol, a developer in
Kraków) of Brightwell Energy, a UK electricity and gas retailer with about
410,000 customers. Meterlink, the half-hourly data collector (DC), uploads
its flows to Brightwell's SFTP server: register reads (REG_…) every half
hour, and each night after its collection from the DCC the previous day's
half-hourly profile data (HHP_…, about 90 files of 2,000 meters each,
01:40-03:40 UTC). reads-ingest polls the inbound folders, stores the
profile rows in `hh_reads` (primary key mpan, period_start) and moves each
file to processed/ or failed/; one file is one transaction. The 05:00
bill run and the customer portal's usage graphs read `hh_reads`.

A profile row carries the DC's MPAN, the meter serial number (MSN) and the
measurement quantity: AI (active import) or AE (active export). About 12 %
of the meters have solar panels and an export MPAN of their own on the same
device, so one MSN has two MPANs.

On Tuesday 17 November at 13:52 UTC READ-331 resolves each profile row's
supply point from the MSN instead of the DC's MPAN column, because the DC
sends a corrected MPAN up to two days late. The lookup (`SELECT mpan FROM
meter_points WHERE msn = $1 … ORDER BY mpan LIMIT 1`) ignores the
measurement quantity, so an export register's 48 rows get the import MPAN.
The tests only have import meters. It ships at 16:48 with the docs commit
after it. Register reads and on-demand reads (one register each, still by
MPAN) are fine through the evening.

Wednesday 18 November, 01:42 UTC: the first HHP file of the night holds
both registers of solar meters, and its INSERT … SELECT FROM unnest(…) ON
CONFLICT (mpan, period_start) DO UPDATE has two rows for the same key:
PostgreSQL refuses it ("ON CONFLICT DO UPDATE command cannot affect row a
second time"), the file is rolled back and moved to failed/. Every HHP file
fails. Renovate had automerged a pgx bump at 00:31 and Flux had rolled it
out at 00:52; the on-call pins the previous image at 02:21 (Tuesday's
build, which holds READ-331): no change. At 02:55 she finds pairs of
import and export rows under one MPAN, READ-331 is reverted at 03:12, the
revert is rolled out at 03:31 and the failed files are replayed by 04:20,
before the bill run.

Sources: reads-ingest (slog JSON), PostgreSQL (with HINT and STATEMENT
lines), the SFTP server (OpenSSH internal-sftp via syslog RFC 3164), Flux
controllers (JSON), GitHub Actions job logs, #metering-ops (Slack export,
JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "reads-ingest"
START, END = utc("2026-11-17 22:00:00"), utc("2026-11-18 04:45:00")
CULPRIT_AT = utc("2026-11-17 13:52:00")
DEPLOY_TUE = utc("2026-11-17 16:48:20")
RENOVATE_AT = utc("2026-11-18 00:31:00")
DEPLOY_PGX = utc("2026-11-18 00:52:40")
PIN = utc("2026-11-18 02:21:10")
REVERT_AT = utc("2026-11-18 03:12:00")
DEPLOY_FIX = utc("2026-11-18 03:31:30")
HHP_FIRST = utc("2026-11-18 01:41:50")
REPLAY = utc("2026-11-18 03:36:00")

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/brightwell-energy/reads-ingest

go 1.23

require (
\tgithub.com/jackc/pgx/v5 v5.7.1
\tgithub.com/pkg/sftp v1.13.6
\tgithub.com/prometheus/client_golang v1.20.4
\tgolang.org/x/crypto v0.28.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

MAIN_GO = """package main

import (
\t"context"
\t"log/slog"
\t"os"
\t"os/signal"
\t"syscall"

\t"github.com/brightwell-energy/reads-ingest/internal/config"
\t"github.com/brightwell-energy/reads-ingest/internal/inbound"
\t"github.com/brightwell-energy/reads-ingest/internal/profile"
\t"github.com/brightwell-energy/reads-ingest/internal/register"
\t"github.com/jackc/pgx/v5/pgxpool"
)

var (
\tversion = "dev"
\tcommit  = "none"
)

func main() {
\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil))
\tcfg := config.MustLoad(os.Getenv("CONFIG_PATH"))
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
\tdefer stop()
\tpool, err := pgxpool.New(ctx, cfg.DatabaseURL)
\tif err != nil {
\t\tlog.Error("database", "err", err)
\t\tos.Exit(1)
\t}
\tlog.Info("reads-ingest starting", "version", version, "commit", commit)
\tpoller := inbound.NewPoller(cfg.SFTP, log)
\tpoller.Handle("REG_", register.NewLoader(pool, log))
\tpoller.Handle("HHP_", profile.NewLoader(pool, cfg.Profile, log))
\tif err := poller.Run(ctx); err != nil {
\t\tlog.Error("poller stopped", "err", err)
\t\tos.Exit(1)
\t}
}
"""

PROFILE_LOADER = """package profile

import (
\t"context"
\t"fmt"
\t"log/slog"
\t"time"

\t"github.com/brightwell-energy/reads-ingest/internal/config"
\t"github.com/jackc/pgx/v5"
\t"github.com/jackc/pgx/v5/pgxpool"
)

// Loader stores one HHP file (the DC's half-hourly profile data for one
// day) in hh_reads. One file is one transaction: a file either goes to
// processed/ whole or to failed/ whole, so a replay never half-applies.
type Loader struct {
\tpool     *pgxpool.Pool
\tresolver *Resolver
\tbatch    int
\tlog      *slog.Logger
}

func NewLoader(pool *pgxpool.Pool, cfg config.Profile, log *slog.Logger) *Loader {
\treturn &Loader{pool: pool, resolver: NewResolver(pool), batch: cfg.BatchRows, log: log}
}

const upsert = `INSERT INTO hh_reads (mpan, period_start, kwh, quality, source_file)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::text[], $5::text[])
ON CONFLICT (mpan, period_start) DO UPDATE
SET kwh = EXCLUDED.kwh, quality = EXCLUDED.quality, source_file = EXCLUDED.source_file`

func (l *Loader) Load(ctx context.Context, name string, rows []Row) error {
\tstart := time.Now()
\ttx, err := l.pool.Begin(ctx)
\tif err != nil {
\t\treturn err
\t}
\tdefer tx.Rollback(ctx)
\tvar b batch
\tunknown := 0
\tfor _, row := range rows {
\t\tmpan, err := l.resolver.SupplyPoint(ctx, row)
\t\tif err == ErrUnknown {
\t\t\tunknown++
\t\t\tcontinue
\t\t}
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\tb.add(mpan, row, name)
\t\tif b.len() >= l.batch {
\t\t\tif err := b.flush(ctx, tx); err != nil {
\t\t\t\treturn fmt.Errorf("upsert hh_reads: %w", err)
\t\t\t}
\t\t}
\t}
\tif err := b.flush(ctx, tx); err != nil {
\t\treturn fmt.Errorf("upsert hh_reads: %w", err)
\t}
\tif err := tx.Commit(ctx); err != nil {
\t\treturn err
\t}
\tl.log.Info("profile file stored", "file", name, "rows", len(rows), "unknown_mpan", unknown, "took", time.Since(start).Round(time.Millisecond).String())
\treturn nil
}

func (b *batch) flush(ctx context.Context, tx pgx.Tx) error {
\tif b.len() == 0 {
\t\treturn nil
\t}
\t_, err := tx.Exec(ctx, upsert, b.mpan, b.period, b.kwh, b.quality, b.file)
\t*b = batch{}
\treturn err
}
"""

RESOLVE_V1 = """package profile

import (
\t"context"
\t"errors"

\t"github.com/jackc/pgx/v5/pgxpool"
)

// ErrUnknown: the row's supply point is not one of ours (a change of
// supplier the DC has not caught up with). The row is skipped and counted.
var ErrUnknown = errors.New("unknown supply point")

// Row is one half-hour of one register, as the DC's HHP flow has it.
type Row struct {
\tMPAN        string // the DC's supply point
\tMSN         string // meter serial number
\tQuantity    string // AI active import, AE active export
\tPeriodStart string
\tKWh         string
\tQuality     string // A actual, E estimated by the DC, N no data
}

type Resolver struct {
\tstore *Store
\tseen  map[string]bool
}

func NewResolver(pool *pgxpool.Pool) *Resolver {
\treturn &Resolver{store: &Store{pool: pool}, seen: map[string]bool{}}
}

// SupplyPoint returns the MPAN a profile row is stored under: the DC's
// MPAN, checked against our register of meter points.
func (r *Resolver) SupplyPoint(ctx context.Context, row Row) (string, error) {
\tif ok, cached := r.seen[row.MPAN]; cached {
\t\tif !ok {
\t\t\treturn "", ErrUnknown
\t\t}
\t\treturn row.MPAN, nil
\t}
\tok, err := r.store.MPANExists(ctx, row.MPAN)
\tif err != nil {
\t\treturn "", err
\t}
\tr.seen[row.MPAN] = ok
\tif !ok {
\t\treturn "", ErrUnknown
\t}
\treturn row.MPAN, nil
}
"""

STORE_V1 = """package profile

import (
\t"context"

\t"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct {
\tpool *pgxpool.Pool
}

func (s *Store) MPANExists(ctx context.Context, mpan string) (bool, error) {
\tvar ok bool
\terr := s.pool.QueryRow(ctx,
\t\t`SELECT EXISTS (SELECT 1 FROM meter_points WHERE mpan = $1 AND supply_end IS NULL)`, mpan).Scan(&ok)
\treturn ok, err
}
"""

RESOLVE_TEST_V1 = """package profile

import "testing"

func TestRowKeepsDCMPAN(t *testing.T) {
\tr := newTestResolver(t, map[string]string{"1900012345678": "21L4412345"})
\tgot, err := r.SupplyPoint(ctxT(t), Row{MPAN: "1900012345678", MSN: "21L4412345", Quantity: "AI"})
\tif err != nil || got != "1900012345678" {
\t\tt.Fatalf("got %q, %v", got, err)
\t}
}
"""

CONFIG = """database_url_env: DATABASE_URL
sftp:
  host: sftp-dc.brightwell.internal
  user: readsingest
  inbound: /inbound
  poll_interval: 30s
profile:
  batch_rows: 5000
register:
  batch_rows: 2000
"""

VALUES = """image:
  repository: 118277405213.dkr.ecr.eu-west-2.amazonaws.com/reads-ingest
  tag: main-0000000  # {"$imagepolicy": "flux-system:reads-ingest:tag"}
replicaCount: 2
env:
  CONFIG_PATH: /etc/reads-ingest/production.yaml
resources:
  requests: { cpu: 500m, memory: 512Mi }
  limits: { memory: 1Gi }
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
      postgres:
        image: postgres:16
        env: { POSTGRES_PASSWORD: test }
        ports: ["5432:5432"]
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
      - run: make image push TAG=main-${GITHUB_SHA::7}-$(date +%s)
"""

RENOVATE = """{
  "extends": ["config:recommended"],
  "schedule": ["after 10pm every weekday"],
  "packageRules": [
    {"matchUpdateTypes": ["patch"], "automerge": true}
  ]
}
"""

RUNBOOK_ALERTS = [
    ("HHProfileFilesFailing", "HHP files are landing in failed/. Look at the error in the \"profile file failed\" line; a file is one transaction, so nothing of it was stored. Once fixed, replay with `kubectl -n metering exec deploy/reads-ingest -- reads-ingest replay failed/hhp`. Everything must be in before the 05:00 bill run, or the bill run estimates."),
    ("RegisterReadsStale", "No REG file for an hour. Usually Meterlink's side: check their status page and the SFTP server's log for their sessions."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


RESOLVE_V2 = sub(
    RESOLVE_V1,
    "// SupplyPoint returns the MPAN a profile row is stored under: the DC's\n// MPAN, checked against our register of meter points.\nfunc (r *Resolver) SupplyPoint(ctx context.Context, row Row) (string, error) {\n\tif ok, cached := r.seen[row.MPAN]; cached {\n\t\tif !ok {\n\t\t\treturn \"\", ErrUnknown\n\t\t}\n\t\treturn row.MPAN, nil\n\t}\n\tok, err := r.store.MPANExists(ctx, row.MPAN)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n\tr.seen[row.MPAN] = ok\n\tif !ok {\n\t\treturn \"\", ErrUnknown\n\t}\n\treturn row.MPAN, nil\n}\n",
    "// SupplyPoint returns the MPAN a profile row is stored under. The DC's\n// MPAN column lags a corrected MPAN (meter point merges, registration\n// fixes) by up to two days and those rows were skipped as unknown; the\n// meter serial is what the device reports, so resolve the supply point\n// from the MSN and fall back to the DC's MPAN (READ-331).\nfunc (r *Resolver) SupplyPoint(ctx context.Context, row Row) (string, error) {\n\tif mpan, cached := r.byMSN[row.MSN]; cached {\n\t\treturn mpan, nil\n\t}\n\tmpan, err := r.store.MPANForMSN(ctx, row.MSN)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n\tif mpan == \"\" {\n\t\tok, err := r.store.MPANExists(ctx, row.MPAN)\n\t\tif err != nil {\n\t\t\treturn \"\", err\n\t\t}\n\t\tif !ok {\n\t\t\treturn \"\", ErrUnknown\n\t\t}\n\t\tmpan = row.MPAN\n\t}\n\tif mpan != row.MPAN {\n\t\tr.FromMSN++\n\t}\n\tr.byMSN[row.MSN] = mpan\n\treturn mpan, nil\n}\n",
    "type Resolver struct {\n\tstore *Store\n\tseen  map[string]bool\n}",
    "type Resolver struct {\n\tstore   *Store\n\tbyMSN   map[string]string\n\tFromMSN int // rows whose MPAN came from the MSN, not the DC\n}",
    "return &Resolver{store: &Store{pool: pool}, seen: map[string]bool{}}",
    "return &Resolver{store: &Store{pool: pool}, byMSN: map[string]string{}}",
)

STORE_V2 = STORE_V1.rstrip("\n") + """

// MPANForMSN returns the live supply point of the meter with this serial
// number, or "" if we have none.
func (s *Store) MPANForMSN(ctx context.Context, msn string) (string, error) {
\tvar mpan string
\terr := s.pool.QueryRow(ctx,
\t\t`SELECT mpan FROM meter_points WHERE msn = $1 AND supply_end IS NULL ORDER BY mpan LIMIT 1`, msn).Scan(&mpan)
\tif err == pgx.ErrNoRows {
\t\treturn "", nil
\t}
\treturn mpan, err
}
"""
STORE_V2 = sub(STORE_V2, '\t"context"\n\n\t"github.com/jackc/pgx/v5/pgxpool"\n', '\t"context"\n\n\t"github.com/jackc/pgx/v5"\n\t"github.com/jackc/pgx/v5/pgxpool"\n')


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Pryce", "hannah.pryce@brightwell.energy", 0)
    ollie = Person("Oliver Tanner", "oliver.tanner@brightwell.energy", 0)
    kasia = Person("Katarzyna Nowak", "katarzyna.nowak@brightwell.energy", 60)
    priya = Person("Priya Raman", "priya.raman@brightwell.energy", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/reads-ingest/main.go": MAIN_GO,
        "internal/profile/loader.go": PROFILE_LOADER,
        "internal/profile/resolve.go": RESOLVE_V1,
        "internal/profile/store.go": STORE_V1,
        "internal/profile/resolve_test.go": RESOLVE_TEST_V1,
        "config/production.yaml": CONFIG,
        "deploy/values-production.yaml": VALUES,
        ".github/workflows/ci.yml": CI,
        "renovate.json": RENOVATE,
        "README.md": "# reads-ingest\n\nLoads Meterlink's (our half-hourly data collector) flows from the SFTP\nserver into the meter data database: REG_ register reads every half hour,\nHHP_ half-hourly profile data every night. The bill run and the portal's\nusage graphs read `hh_reads`.\n\n## Running locally\n\n```\ndocker compose up -d postgres sftp\ngo run ./cmd/reads-ingest\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-12 09:30:00"), hannah, "reads-ingest: SFTP poller, REG and HHP loaders", files)
    repo.schedule(chores(random.Random(48101), SERVICE, [hannah, ollie], utc("2026-11-12 10:30:00"), utc("2026-11-16 16:00:00"), 3))
    repo.commit(utc("2026-11-13 11:20:00"), kasia, "profile: keep the DC's quality flag (A/E/N) in hh_reads (READ-318)", {
        "internal/profile/loader.go": repo.edit("internal/profile/loader.go", "// day) in hh_reads.", "// day) in hh_reads, with the DC's quality flag."),
    })
    repo.commit(utc("2026-11-16 10:05:00"), ollie, "register: count unknown MPANs per REG file (READ-322)", {
        "docs/flows.md": "# Meterlink flows\n\n- `REG_MLDC_<date>_<hhmm>.csv`: register reads, every 30 min.\n- `HHP_MLDC_<date>_<seq>.csv`: half-hourly profile data of the previous\n  day, ~90 files of 2,000 meters each between 01:30 and 04:00 UTC.\n\nColumns of HHP: mpan, msn, measurement_quantity (AI/AE), period_start,\nkwh, quality. Unknown MPANs are counted per file and skipped.\n",
    })
    repo.commit(utc("2026-11-16 15:10:00"), bot, "fix(deps): update module golang.org/x/crypto to v0.29.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/crypto v0.28.0", "golang.org/x/crypto v0.29.0"),
    })
    repo.commit(utc("2026-11-17 09:40:00"), ollie, "profile: log the file, rows and meters when a profile file fails (READ-335)\n\nLast week's failed file only said \"upsert hh_reads: timeout\"; we had to\nlist failed/ to find which one.", {
        "internal/profile/loader.go": repo.edit("internal/profile/loader.go", "\tl.log.Info(\"profile file stored\"", "\t// failures are logged by the poller with the file name, rows and meters\n\tl.log.Info(\"profile file stored\""),
        "docs/runbook.md": repo.edit("docs/runbook.md", "Look at the error in the \"profile file failed\" line;", "Look at the error in the \"profile file failed, rolled back\" line (file, rows, meters);"),
    })
    culprit = repo.commit(CULPRIT_AT, kasia, "profile: resolve the supply point from the meter serial (READ-331)\n\nMeterlink's HHP flow carries the MPAN as it was when they last synced\nwith us, up to two days behind a corrected MPAN (meter point merges,\nregistration fixes). Those rows were skipped as unknown: 1.8 % of last\nweek's profile rows, and the bill run estimated those days. The MSN is\nwhat the device reports, so look the supply point up by MSN and fall\nback to the DC's MPAN when we do not know the meter.", {
        "internal/profile/resolve.go": RESOLVE_V2,
        "internal/profile/store.go": STORE_V2,
    })
    repo.commit(utc("2026-11-17 14:35:00"), kasia, "profile: test that a corrected MPAN is taken from the MSN (READ-331)", {
        "internal/profile/resolve_test.go": RESOLVE_TEST_V1 + "\nfunc TestCorrectedMPANFromMSN(t *testing.T) {\n\tr := newTestResolver(t, map[string]string{\"1900012345699\": \"21L4412345\"})\n\tgot, err := r.SupplyPoint(ctxT(t), Row{MPAN: \"1900012345678\", MSN: \"21L4412345\", Quantity: \"AI\"})\n\tif err != nil || got != \"1900012345699\" {\n\t\tt.Fatalf(\"got %q, %v\", got, err)\n\t}\n}\n",
    })
    repo.commit(utc("2026-11-17 15:05:00"), hannah, "config: profile upsert batches 5000 -> 2000 rows (READ-336)\n\nThe 5,000-row unnest took 6-9 s on Sunday night while the portal's\nusage queries ran; smaller statements keep each one well under the\nstatement_timeout.", {
        "config/production.yaml": repo.edit("config/production.yaml", "profile:\n  batch_rows: 5000\n", "profile:\n  batch_rows: 2000\n"),
    })
    docs = repo.commit(utc("2026-11-17 16:22:00"), ollie, "docs: the HHP flow's measurement quantities and quality flags", {
        "docs/flows.md": repo.files["docs/flows.md"] + "\n## Quality flags\n\n- `A` actual, from the meter's profile log\n- `E` estimated by Meterlink (a gap of up to 2 h filled from the\n  neighbouring periods)\n- `N` no data: the DCC returned nothing for the period\n\nExport meters (solar) have a second register, AE, with its own export\nMPAN; both registers come in the same file, one after the other.\n",
    })
    pgx = repo.commit(RENOVATE_AT, bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.2", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.7.1", "github.com/jackc/pgx/v5 v5.7.2"),
    })
    fix = repo.commit(REVERT_AT, priya, "Revert \"profile: resolve the supply point from the meter serial (READ-331)\"\n\nThis reverts commit " + culprit + ".\n\nA meter with solar export has two MPANs on one MSN; the lookup gave the\nimport MPAN to the AE register too, so each HHP file had two rows per\n(mpan, period_start) and PostgreSQL refused the upsert (21000). Every\nHHP file of 18 November failed. INC-1187.", {
        "internal/profile/resolve.go": RESOLVE_V1,
        "internal/profile/store.go": STORE_V1,
    })
    repo.commit(utc("2026-11-18 04:32:00"), priya, "runbook: replay of 18 November's HHP files (INC-1187)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 21000 on hh_reads\n\n\"ON CONFLICT DO UPDATE command cannot affect row a second time\" means one\nfile produced two rows for one (mpan, period_start). Check how rows are\nmapped to MPANs before replaying.\n",
    })
    return repo, {"culprit": culprit, "docs": docs, "pgx": pgx, "fix": fix}


# ---------------------------------------------------------------------------
# the night


def build_logs(rng, shas):
    app, pg, sftp, flux, gha, slack = (Log("reads-ingest.log"), Log("postgresql.log"), Log("sftp-dc.log"),
                                       Log("flux.log"), Log("github-actions.log"), Log("slack-metering-ops.log"))
    stats = {"stored": [], "failed": []}

    def inwin(t):
        return START <= t < END

    epochs = [
        (utc("2026-11-17 16:48:20"), "reads-ingest-6c9f8d7b54-", ["qk2vx", "t8mzl"], "2.14.0", shas["docs"]),
        (DEPLOY_PGX, "reads-ingest-7b5d9c4f86-", ["h2xwp", "n9rkt"], "2.14.1", shas["pgx"]),
        (PIN, "reads-ingest-6c9f8d7b54-", ["b4lmq", "w7ctz"], "2.14.0", shas["docs"]),
        (DEPLOY_FIX, "reads-ingest-58d7f6c9b4-", ["d3vhr", "k6psf"], "2.14.2", shas["fix"]),
    ]

    def epoch(t):
        cur = epochs[0]
        for e in epochs:
            if e[0] <= t:
                cur = e
        return cur

    def fixed(t):
        return t >= DEPLOY_FIX

    def stamp(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def slog(t, level, msg, pod=None, **kv):
        if not inwin(t):
            return
        e = epoch(t)
        body = {"time": stamp(t), "level": level, "msg": msg}
        body.update(kv)
        body["pod"] = pod or e[1] + rng.choice(e[2])
        app.add(t, json.dumps(body, separators=(",", ":")))

    pgpids = [rng.randint(40000, 60000) for _ in range(12)]

    def plog(t, level, msg, who="reads_ingest@meterdata", pid=None):
        if not inwin(t):
            return
        t = t.astimezone(dt.timezone.utc)
        s = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
        w = f"{who} " if who else ""
        pg.add(t, f"{s} [{pid or rng.choice(pgpids)}] {w}{level}:  {msg}")

    def syslog(t, prog, pid, msg):
        if not inwin(t):
            return
        sftp.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} sftp-dc-01 {prog}[{pid}]: {msg}")

    # --- pod starts
    for e0, prefix, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            t0 = e0 - dt.timedelta(seconds=25 - k * 9)
            slog(t0, "INFO", "reads-ingest starting", pod=prefix + pod, version=ver, commit=sha[:7])
            slog(t0 + dt.timedelta(milliseconds=420), "INFO", "sftp connected", pod=prefix + pod, host="sftp-dc.brightwell.internal", user="readsingest")
    for e0, prefix, pods, ver, sha in epochs[:-1]:
        nxt = epochs[epochs.index((e0, prefix, pods, ver, sha)) + 1][0]
        for pod in pods:
            slog(nxt + dt.timedelta(seconds=rng.randint(2, 8)), "INFO", "received SIGTERM, finishing the current file", pod=prefix + pod)

    # --- register reads: a REG file every 30 minutes
    t = utc("2026-11-17 22:00:00")
    while t < END:
        up = t + dt.timedelta(minutes=4, seconds=rng.randint(5, 50))
        name = f"REG_MLDC_{up.strftime('%Y%m%d_%H%M')}.csv"
        rows = rng.randint(5200, 7900)
        sid = rng.randint(20000, 39999)
        syslog(up, "sshd", sid, f"Accepted publickey for meterlink from 185.220.14.21 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q8Zt0F3mXc1Wk2d7pLr9aYbN4vHs6eJg5TfUiO0xCkA")
        syslog(up + dt.timedelta(milliseconds=300), "internal-sftp", sid + 1, "session opened for local user meterlink from [185.220.14.21]")
        syslog(up + dt.timedelta(milliseconds=600), "internal-sftp", sid + 1, f'open "/inbound/reg/{name}" flags WRITE,CREATE,TRUNCATE mode 0640')
        syslog(up + dt.timedelta(seconds=2), "internal-sftp", sid + 1, f'close "/inbound/reg/{name}" bytes read 0 written {rows * 71}')
        syslog(up + dt.timedelta(seconds=2, milliseconds=200), "internal-sftp", sid + 1, "session closed for local user meterlink from [185.220.14.21]")
        pick = up + dt.timedelta(seconds=rng.randint(3, 30))
        slog(pick, "INFO", "file picked up", file=name, kind="register", bytes=rows * 71)
        done = pick + dt.timedelta(milliseconds=rng.randint(900, 2400))
        slog(done, "INFO", "register reads stored", file=name, rows=rows, stored=rows - rng.randint(0, 9), unknown_mpan=rng.randint(0, 9), took=f"{(done - pick).total_seconds():.3f}s")
        t += dt.timedelta(minutes=30)

    # --- the poller's SFTP sessions (listing every 30 s would be noise; one session per pod start and per move)
    def moved(t, name, where):
        pid = rng.randint(40000, 49999)
        syslog(t, "internal-sftp", pid, f'rename old "/inbound/hhp/{name}" new "/{where}/hhp/{name}"')

    # --- on-demand reads from the portal and installs (webhook), all night at a low rate
    for when in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(1300)):
        mpan = f"{rng.choice(['10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'])}00{rng.randint(10000000000, 99999999999)}"[:13]
        if rng.random() < 0.05:
            slog(when, "WARN", "on-demand read failed", mpan=mpan, dc_status=rng.choice(["DSP_TIMEOUT", "DEVICE_NOT_RESPONDING", "DEVICE_NOT_RESPONDING"]), request_id=hexid(rng, 12))
        else:
            slog(when, "INFO", "on-demand read stored", mpan=mpan, register="AI", read_kwh=f"{rng.uniform(800, 48000):.1f}", requested_by=rng.choice(["portal", "portal", "portal", "app", "install"]), request_id=hexid(rng, 12))

    # --- HHP files: about 90 between 01:40 and 03:40
    files = []
    t = HHP_FIRST
    seq = 1
    while t < utc("2026-11-18 03:41:00"):
        files.append((t, seq))
        seq += 1
        t += dt.timedelta(seconds=rng.randint(62, 98))
    stats["files"] = len(files)
    dc_sid = rng.randint(20000, 39999)
    syslog(HHP_FIRST - dt.timedelta(seconds=3), "sshd", dc_sid, f"Accepted publickey for meterlink from 185.220.14.24 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q8Zt0F3mXc1Wk2d7pLr9aYbN4vHs6eJg5TfUiO0xCkA")
    syslog(HHP_FIRST - dt.timedelta(seconds=2), "internal-sftp", dc_sid + 1, "session opened for local user meterlink from [185.220.14.24]")
    failed_files = []
    busy_until = HHP_FIRST
    for up, seq in files:
        name = f"HHP_MLDC_20261117_{seq:04d}.csv"
        meters = 2000 if seq < len(files) else rng.randint(600, 1500)
        export = int(meters * rng.uniform(0.105, 0.135))
        rows = (meters + export) * 48
        syslog(up, "internal-sftp", dc_sid + 1, f'open "/inbound/hhp/{name}" flags WRITE,CREATE,TRUNCATE mode 0640')
        syslog(up + dt.timedelta(seconds=rng.randint(3, 7)), "internal-sftp", dc_sid + 1, f'close "/inbound/hhp/{name}" bytes read 0 written {rows * 58}')
        pick = max(up + dt.timedelta(seconds=rng.randint(8, 30)), busy_until + dt.timedelta(seconds=1))
        slog(pick, "INFO", "profile file picked up", file=name, rows=rows, meters=meters)
        if fixed(pick):
            done = pick + dt.timedelta(seconds=rng.uniform(9, 16))
            slog(done, "INFO", "profile file stored", file=name, rows=rows, unknown_mpan=rng.randint(0, 40), took=f"{(done - pick).total_seconds():.3f}s")
            moved(done + dt.timedelta(milliseconds=150), name, "processed")
            stats["stored"].append((done, rows))
            stats.setdefault("first_ok_seq", seq)
        else:
            # the first batch that holds a solar meter's AE rows fails
            nbatch = rng.randint(1, 3)
            done = pick + dt.timedelta(seconds=rng.uniform(1.2, 3.5) * nbatch)
            pid = rng.choice(pgpids)
            plog(done - dt.timedelta(milliseconds=6), "ERROR", "ON CONFLICT DO UPDATE command cannot affect row a second time", pid=pid)
            plog(done - dt.timedelta(milliseconds=6), "HINT", "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.", pid=pid)
            plog(done - dt.timedelta(milliseconds=6), "STATEMENT", "INSERT INTO hh_reads (mpan, period_start, kwh, quality, source_file)\n\tSELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::text[], $5::text[])\n\tON CONFLICT (mpan, period_start) DO UPDATE\n\tSET kwh = EXCLUDED.kwh, quality = EXCLUDED.quality, source_file = EXCLUDED.source_file", pid=pid)
            slog(done, "ERROR", "profile file failed, rolled back", file=name, rows=rows, meters=meters,
                 err="upsert hh_reads: ERROR: ON CONFLICT DO UPDATE command cannot affect row a second time (SQLSTATE 21000)", moved_to="failed/hhp/")
            moved(done + dt.timedelta(milliseconds=140), name, "failed")
            failed_files.append((name, rows, meters))
            stats.setdefault("failed_at", []).append((done, seq))
            stats["failed"].append(done)
        busy_until = done
    syslog(files[-1][0] + dt.timedelta(seconds=12), "internal-sftp", dc_sid + 1, "session closed for local user meterlink from [185.220.14.24]")
    stats["first_fail"] = stats["failed"][0]

    # --- the replay of failed/ after the fix
    t = max(REPLAY, busy_until + dt.timedelta(seconds=5))
    slog(t - dt.timedelta(seconds=2), "INFO", "replay requested", pod="reads-ingest-58d7f6c9b4-d3vhr", dir="failed/hhp", files=len(failed_files), user="priya.raman")
    for name, rows, meters in failed_files:
        syslog(t, "internal-sftp", rng.randint(40000, 49999), f'rename old "/failed/hhp/{name}" new "/inbound/hhp/{name}"')
        slog(t + dt.timedelta(seconds=1), "INFO", "profile file picked up", pod="reads-ingest-58d7f6c9b4-d3vhr", file=name, rows=rows, meters=meters, replay=True)
        done = t + dt.timedelta(seconds=rng.uniform(10, 17))
        slog(done, "INFO", "profile file stored", pod="reads-ingest-58d7f6c9b4-d3vhr", file=name, rows=rows, unknown_mpan=rng.randint(0, 40), took=f"{(done - t).total_seconds():.3f}s")
        moved(done + dt.timedelta(milliseconds=150), name, "processed")
        stats["stored"].append((done, rows))
        t = done + dt.timedelta(milliseconds=400)
    stats["replayed"] = t
    slog(t, "INFO", "replay finished", pod="reads-ingest-58d7f6c9b4-d3vhr", dir="failed/hhp", files=len(failed_files), failed=0)

    # --- PostgreSQL routine
    t = START + dt.timedelta(seconds=rng.randint(10, 200))
    while t < END:
        plog(t, "LOG", "checkpoint starting: time", who=None, pid=1187)
        bufs = rng.randint(2000, 9000) + (40000 if stats["first_fail"] < t < stats["first_fail"] + dt.timedelta(hours=3) and fixed(t) else 0)
        plog(t + dt.timedelta(seconds=rng.randint(150, 270)), "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 6)} recycled; write={rng.uniform(150, 269):.3f} s, sync={rng.uniform(0.002, 0.09):.3f} s, total={rng.uniform(150, 270):.3f} s; sync files={rng.randint(20, 90)}, longest={rng.uniform(0.001, 0.02):.3f} s, average={rng.uniform(0.001, 0.004):.3f} s; distance={rng.randint(20000, 90000)} kB, estimate={rng.randint(60000, 99000)} kB; lsn=4A/{hexid(rng, 8).upper()}, redo lsn=4A/{hexid(rng, 8).upper()}", who=None, pid=1187)
        t += dt.timedelta(minutes=5)
    for _ in range(70):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(t, "LOG", f"duration: {rng.uniform(1000, 2900):.3f} ms  execute <unnamed>: SELECT date_trunc('day', period_start) AS day, sum(kwh) FROM hh_reads WHERE mpan = $1 AND period_start >= $2 AND period_start < $3 GROUP BY 1 ORDER BY 1", who="portal_ro@meterdata")
    for _ in range(14):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(t, "LOG", f"automatic vacuum of table \"meterdata.public.{rng.choice(['on_demand_reads', 'register_reads', 'ingest_files'])}\": index scans: 1\n\tpages: 0 removed, {rng.randint(4000, 90000)} remain, {rng.randint(100, 3000)} scanned\n\ttuples: {rng.randint(100, 8000)} removed, {rng.randint(100000, 9000000)} remain, 0 are dead but not yet removable", who=None, pid=rng.randint(60000, 64000))
    for _ in range(9):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(t, "LOG", "could not receive data from client: Connection reset by peer", who="portal_ro@meterdata")
    plog(utc("2026-11-18 02:58:40"), "LOG", "duration: 8412.551 ms  statement: SELECT m.msn, r.mpan, count(*) FROM hh_reads r JOIN meter_points m USING (mpan) WHERE r.period_start >= '2026-11-16' AND r.period_start < '2026-11-17' GROUP BY 1, 2 HAVING count(*) > 48 LIMIT 20", who="priya.raman@meterdata")

    # --- Flux
    def flog(t, controller, level, msg, **kv):
        if not (utc("2026-11-17 16:00:00") <= t < END):
            return
        body = {"level": level, "ts": stamp(t), "msg": msg, "controller": controller}
        body.update(kv)
        flux.add(t, json.dumps(body, separators=(",", ":")))

    def tag(sha, t):
        return f"main-{sha[:7]}-{int(t.timestamp())}"

    def rollout(t, sha, built, auto=True):
        tg = tag(sha, built)
        if auto:
            flog(t - dt.timedelta(seconds=70), "imagepolicy", "info", f"Latest image tag for '118277405213.dkr.ecr.eu-west-2.amazonaws.com/reads-ingest' resolved to {tg}", name="reads-ingest", namespace="flux-system")
            flog(t - dt.timedelta(seconds=64), "imageupdateautomation", "info", f"pushed commit '{hexid(rng, 7)}' to branch 'main'\nAutomated image update\n\nFiles:\n- apps/metering/reads-ingest/values.yaml\nObjects:\n- HelmRelease reads-ingest\nImages:\n- 118277405213.dkr.ecr.eu-west-2.amazonaws.com/reads-ingest:{tg}", name="fleet", namespace="flux-system")
        fleet = hexid(rng, 40)
        flog(t - dt.timedelta(seconds=40), "gitrepository", "info", f"stored artifact for commit '{'Automated image update' if auto else 'reads-ingest: pin image (INC-1187)'}'", name="fleet", namespace="flux-system", revision=f"main@sha1:{fleet}")
        flog(t - dt.timedelta(seconds=33), "helmrelease", "info", f"release out-of-sync with desired state: image.tag changed to {tg}", name="reads-ingest", namespace="metering")
        flog(t - dt.timedelta(seconds=31), "helmrelease", "info", "running 'upgrade' action with timeout of 5m0s", name="reads-ingest", namespace="metering")
        flog(t + dt.timedelta(seconds=12), "helmrelease", "info", f"release in-sync with desired state: Helm upgrade succeeded for release metering/reads-ingest.v{rollout.rev} with chart reads-ingest@0.9.3", name="reads-ingest", namespace="metering")
        rollout.rev += 1
    rollout.rev = 41

    rollout(DEPLOY_TUE, shas["docs"], utc("2026-11-17 16:31:05"))
    rollout(DEPLOY_PGX, shas["pgx"], utc("2026-11-18 00:41:22"))
    flog(PIN - dt.timedelta(seconds=75), "imageupdateautomation", "info", "ImageUpdateAutomation suspended", name="fleet", namespace="flux-system", user="priya.raman")
    rollout(PIN, shas["docs"], utc("2026-11-17 16:31:05"), auto=False)
    flog(DEPLOY_FIX - dt.timedelta(seconds=95), "imageupdateautomation", "info", "ImageUpdateAutomation resumed", name="fleet", namespace="flux-system", user="priya.raman")
    rollout(DEPLOY_FIX, shas["fix"], utc("2026-11-18 03:20:40"))
    t = utc("2026-11-17 16:00:00") + dt.timedelta(seconds=rng.randint(0, 60))
    while t < END:
        flog(t, "kustomization", "info", "server-side apply completed", name="apps", namespace="flux-system", revision=f"main@sha1:{hexid(random.Random(int(t.timestamp()) // 3600), 40)}", output={"HelmRelease/metering/reads-ingest": "unchanged", "HelmRelease/metering/usage-api": "unchanged"})
        t += dt.timedelta(minutes=10, seconds=rng.randint(-5, 5))

    # --- GitHub Actions: the automerged pgx bump's run and the revert's
    def job(t0, sha, title, steps):
        t = t0
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z ##[group]Run {title} ({sha[:7]})")
        for line, secs in steps:
            t += dt.timedelta(seconds=secs, milliseconds=rng.randint(0, 999))
            gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z {line}")
        return t

    for t0, sha, title, built in [(utc("2026-11-17 16:23:10"), shas["docs"], "ci / image", utc("2026-11-17 16:31:05")),
                                  (RENOVATE_AT + dt.timedelta(seconds=40), shas["pgx"], "ci / image", utc("2026-11-18 00:41:22")),
                                  (REVERT_AT + dt.timedelta(seconds=50), shas["fix"], "ci / image", utc("2026-11-18 03:20:40"))]:
        if not inwin(t0):
            # only the night's runs are in the export
            continue
        job(t0, sha, title, [
            ("Current runner version: '2.320.0'", 1), ("##[endgroup]", 0), ("go: downloading github.com/jackc/pgx/v5 v5.7.2" if sha == shas["pgx"] else "go: downloading github.com/jackc/pgx/v5 v5.7.1", 38),
            ("ok  \tgithub.com/brightwell-energy/reads-ingest/internal/inbound\t0.412s", 61), ("ok  \tgithub.com/brightwell-energy/reads-ingest/internal/profile\t1.902s", 3),
            ("ok  \tgithub.com/brightwell-energy/reads-ingest/internal/register\t0.388s", 2), ("#14 [build 6/6] RUN CGO_ENABLED=0 go build -trimpath -ldflags \"-X main.commit=" + sha[:7] + "\" -o /out/reads-ingest ./cmd/reads-ingest", 140),
            (f"#17 pushing 118277405213.dkr.ecr.eu-west-2.amazonaws.com/reads-ingest:{tag(sha, built)} done", 60),
            ("Cleaning up orphan processes", 2),
        ])
    gha.add(RENOVATE_AT + dt.timedelta(seconds=3), f"{(RENOVATE_AT + dt.timedelta(seconds=3)).strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z renovate: automerged PR #214 fix(deps): update module github.com/jackc/pgx/v5 to v5.7.2 (branch renovate/github.com-jackc-pgx-v5-5.x, checks passed)")

    # --- Slack
    users = {"alertmanager": "B01ALRT2Q", "priya.raman": "U03PR8K2M", "hannah.pryce": "U02HP5N1T", "katarzyna.nowak": "U04KN7D3R",
             "dan.whitlock (billing)": "U05DW1B6S"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "metering-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    ff = stats["first_fail"]
    say(utc("2026-11-17 22:14:30"), "hannah.pryce", "handing over to Priya for the night. 2.14.0 went out at 16:48 (MSN lookup for HHP, smaller upsert batches), nothing else planned")
    say(ff + dt.timedelta(minutes=10, seconds=5), "alertmanager", "[FIRING:1] HHProfileFilesFailing metering/reads-ingest 6 HHP files in failed/ in 10m")
    say(ff + dt.timedelta(minutes=14), "priya.raman", "ack. every HHP file tonight is failing on the upsert: 'ON CONFLICT DO UPDATE command cannot affect row a second time'. REG files are fine")
    say(ff + dt.timedelta(minutes=19), "priya.raman", "only change since Tuesday afternoon is renovate's pgx 5.7.2, automerged 00:31 and rolled out 00:52. pgx changed something in how arrays are encoded? pinning the 2.14.0 image")
    say(PIN + dt.timedelta(minutes=2, seconds=30), "priya.raman", f"2.14.0 pods up, next file HHP_MLDC_20261117_{next(q for w, q in stats['failed_at'] if w > PIN + dt.timedelta(seconds=20)):04d} failed the same way. so not pgx")
    say(PIN + dt.timedelta(minutes=9), "priya.raman", "the HINT says duplicate constrained values in one statement, i.e. two rows with the same (mpan, period_start) in one batch. Meterlink sending duplicates? checking one failed file")
    say(utc("2026-11-18 02:55:40"), "priya.raman", "the file has no duplicate mpans. but it has both AI and AE rows for the solar meters, different MPANs, same MSN. and 2.14.0 has READ-331 which looks the MPAN up by MSN… the export rows get the import MPAN")
    say(utc("2026-11-18 03:01:10"), "priya.raman", "@katarzyna.nowak @hannah.pryce FYI reverting READ-331, the fallback to the DC's MPAN is the old behaviour anyway. will replay failed/ after")
    say(utc("2026-11-18 03:06:30"), "dan.whitlock (billing)", "bill run is 05:00, 9,800 accounts bill today. if the HH reads aren't in by 04:45 I'll hold it")
    say(DEPLOY_FIX + dt.timedelta(minutes=1, seconds=40), "priya.raman", f"revert is out (2.14.2), files from _{stats['first_ok_seq']:04d} on are stored. replaying the failed ones now")
    say(stats["replayed"] + dt.timedelta(minutes=2), "priya.raman", f"replay done, {len(failed_files)} files, 0 failures. completeness for the 17th at 99.1 %, the usual. Dan, go ahead with the bill run")
    say(stats["replayed"] + dt.timedelta(minutes=4), "dan.whitlock (billing)", "thanks, leaving it at 05:00")
    say(utc("2026-11-18 04:36:00"), "priya.raman", "INC-1187 written up. the Sunday-night statement timeouts were real, so the batch size change stays. READ-331 needs the measurement quantity in the lookup")
    return [app, pg, sftp, flux, gha, slack], stats


def build(out_dir):
    rng = random.Random(48100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert utc("2026-11-18 01:42:00") <= onset <= utc("2026-11-18 01:45:00"), onset

        def rows_stored(t):
            return sum(r for when, r in stats["stored"] if t - dt.timedelta(minutes=5) < when <= t)

        def failed_files(t):
            return sum(1 for when in stats["failed"] if when <= t)

        mstart = utc("2026-11-17 23:00:00")
        metrics = {
            "reads_ingest_hh_rows_stored_5m.json": query_range(
                [({"job": "reads-ingest", "namespace": "metering", "flow": "HHP"}, rows_stored)], mstart, END, 60),
            "reads_ingest_profile_files_failed_total.json": query_range(
                [({"job": "reads-ingest", "namespace": "metering"}, failed_files)], mstart, END, 60),
        }
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r48-hh-profile-msn-lookup", service=SERVICE, onset=onset,
            description=f"""
Brightwell Energy's half-hourly meter data for 17 November does not load:
from {onset.strftime('%H:%M:%S')} UTC on Wednesday 18 November every HHP file Meterlink (the
data collector) uploads fails in reads-ingest and goes to failed/, while
register reads load as usual. A Renovate pgx bump had been rolled out at
00:52; pinning the previous image at 02:21 did not help. A revert is
rolled out at 03:31 and the {stats['files']} files are in by
{stats['replayed'].strftime('%H:%M')}, before the 05:00 bill run.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"ON CONFLICT DO UPDATE command cannot affect row a second time",
                r"profile file failed, rolled back",
            ],
            fix_files=["internal/profile/resolve.go", "internal/profile/store.go"],
            explanation=f"""
The culprit is READ-331 ("profile: resolve the supply point from the
meter serial"), committed on Tuesday 17 November at 13:52 UTC, {hours:.1f} hours
before the onset, and rolled out at 16:48 with the docs commit after it
(image main-{shas['docs'][:7]}). It looks each HHP row's MPAN up by the meter
serial with `ORDER BY mpan LIMIT 1`, ignoring the measurement quantity, so
a solar meter's export (AE) register gets the import MPAN and each file's
upsert holds two rows per (mpan, period_start): PostgreSQL refuses the
statement ("ON CONFLICT DO UPDATE command cannot affect row a second
time", HINT "Ensure that no rows proposed for insertion within the same
command have duplicate constrained values") and reads-ingest logs
"profile file failed, rolled back" for every file. Register and on-demand
reads (one register, by MPAN) are unaffected, so nothing shows until the
first HHP file of the night. The fix is the revert of resolve.go and
store.go.
Decoys: Renovate's automerged pgx v5.7.2 bump, rolled out 50 minutes
before the onset and pinned back at 02:21 to Tuesday's image without
effect (it holds the culprit); READ-336, the upsert batch size 5000 ->
2000 in config, the same afternoon; READ-335, which names the "profile
file failed" line in the runbook; the docs commit that describes the AE
register; the x/crypto bump; on-demand reads the DCC does not answer
(DSP_TIMEOUT); the portal's slow usage queries; Priya's own duplicate
check query.
""",
        )
    finally:
        repo.close()
