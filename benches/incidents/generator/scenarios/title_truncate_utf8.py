"""listing-sync (Go 1.22, zap, franz-go consumer, gRPC client of the search
team's indexer; three pods on Kubernetes, released by a Jenkins pipeline
that sets the image to the HEAD of main; team in Berlin, Bengaluru and São
Paulo): Tradewell's marketplace. listing-sync reads merchants' listing
updates from the `listings.updated` topic, normalises them (title,
description, price) and sends them to search-indexer in batches of
`UpsertBatch` calls; a batch that fails three times goes to the
`listings.updated.dlq` topic.

On Wednesday 18 November at 11:48 UTC a commit caps titles at 150 bytes for
the search index (SEO-stuffed titles of 400 characters made the
highlighter slow). It slices the string by bytes, `t[:MaxTitleBytes]`.
Every title on the marketplace so far is English or German and the long ones
are ASCII, so nothing changes when the 12:31 release ships it (with a grpc
patch bump and a docs commit, whose sha the release names). At 15:06 the
merchant-onboarding team starts the bulk import of the first Japanese
seller's catalogue, 18,240 listings whose titles mix kana/kanji (3 bytes
each) with ASCII: cut at byte 150, most of the long ones end in half a
character. Go's protobuf marshaller refuses a string field that is not
valid UTF-8, so every UpsertBatch that holds one fails on the client
("grpc: error while marshaling: string field contains invalid UTF-8"), the
whole batch (British listings too) goes to the dead-letter topic after
three attempts, and search stops seeing new listings and price changes.
The onboarding team pauses the import at 15:41 at the on-call's request;
the backlog drains by 15:55; the fix (cut on a rune boundary) is released
at 16:31 and the dead letters are replayed.

Decoys: google.golang.org/grpc 1.64.0 -> 1.64.1 by Dependabot in the same
release (the error is gRPC's); a config change released at 14:38, 28
minutes before the onset, that raises the indexer batch size to 64 and the
call timeout to 3 s (same client, same words); the morning's commit that
logs the partition and offsets of a failed batch (the incident's lines);
an earlier edit of the same title.go (non-breaking spaces); a description
change in the same package; docs; chores. App (zap production JSON, epoch
seconds, with stacktraces), search-indexer (Spring Boot, logback),
merchant-onboarding's import job (Python logging), Jenkins release console
(timestamper)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import python_logging, spring
from skeletons import chores, readme, runbook

SERVICE = "listing-sync"
MODULE = "github.com/tradewell/listing-sync"
START, END = utc("2026-11-18 12:20:00"), utc("2026-11-18 16:50:00")
MORNING_RELEASE = utc("2026-11-18 09:41:10")
RELEASE = utc("2026-11-18 12:31:20")
CONFIG_RELEASE = utc("2026-11-18 14:38:05")
IMPORT_START = utc("2026-11-18 15:06:48")
IMPORT_PAUSE = utc("2026-11-18 15:41:30")
BACKLOG_DONE = utc("2026-11-18 15:55:10")
FIX_RELEASE = utc("2026-11-18 16:31:40")
REPLAY = utc("2026-11-18 16:36:00")
PARTITIONS = 12

TITLE_GO = """package normalize

import (
\t"strings"
\t"unicode"
)

// Title collapses runs of whitespace (tabs and line breaks pasted from
// spreadsheets) into single spaces and trims the ends.
func Title(s string) string {
\treturn strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
"""

TITLE_TEST = """package normalize

import "testing"

func TestTitleCollapsesWhitespace(t *testing.T) {
\tgot := Title("  Oak  dining\\ttable\\n 180cm ")
\tif got != "Oak dining table 180cm" {
\t\tt.Fatalf("Title = %q", got)
\t}
}
"""

DESCRIPTION_GO = """package normalize

import (
\t"html"
\t"strings"
)

// Description strips the few HTML tags merchants' feeds still send.
func Description(s string) string {
\tr := strings.NewReplacer("<br>", "\\n", "<br/>", "\\n", "<p>", "", "</p>", "\\n")
\treturn strings.TrimSpace(r.Replace(s))
}

var _ = html.UnescapeString
"""

BATCHER_GO = """package sync

import (
\t"context"
\t"time"

\t"go.uber.org/zap"

\tindexerv1 "github.com/tradewell/listing-sync/gen/indexer/v1"
\t"github.com/tradewell/listing-sync/internal/normalize"
)

// Batcher collects listing updates per partition and sends them to
// search-indexer. A batch that fails MaxAttempts times goes to the DLQ.
type Batcher struct {
\tclient      indexerv1.IndexServiceClient
\tdlq         DeadLetters
\tlog         *zap.Logger
\tSize        int
\tTimeout     time.Duration
\tMaxAttempts int
}

func (b *Batcher) flush(ctx context.Context, batch *Batch) error {
\treq := &indexerv1.UpsertBatchRequest{}
\tfor _, l := range batch.Listings {
\t\treq.Listings = append(req.Listings, &indexerv1.Listing{
\t\t\tId:          l.ID,
\t\t\tMerchantId:  l.MerchantID,
\t\t\tTitle:       normalize.Title(l.Title),
\t\t\tDescription: normalize.Description(l.Description),
\t\t\tPriceMinor:  l.PriceMinor,
\t\t\tCurrency:    l.Currency,
\t\t})
\t}
\tvar err error
\tfor attempt := 1; attempt <= b.MaxAttempts; attempt++ {
\t\tcctx, cancel := context.WithTimeout(ctx, b.Timeout)
\t\tstart := time.Now()
\t\t_, err = b.client.UpsertBatch(cctx, req)
\t\tcancel()
\t\tif err == nil {
\t\t\tb.log.Info("batch indexed", zap.Int("count", len(req.Listings)), zap.Int64("took_ms", time.Since(start).Milliseconds()))
\t\t\treturn nil
\t\t}
\t\tb.log.Error("upsert batch failed", zap.Int("attempt", attempt), zap.Error(err))
\t\ttime.Sleep(time.Duration(attempt) * time.Second)
\t}
\tb.log.Warn("batch sent to dead-letter topic", zap.Int("count", len(req.Listings)))
\treturn b.dlq.Send(ctx, batch)
}
"""

CONFIG = """# listing-sync, production
kafka:
  brokers: [kafka-0.kafka:9092, kafka-1.kafka:9092, kafka-2.kafka:9092]
  topic: listings.updated
  group: listing-sync
  dlq_topic: listings.updated.dlq
indexer:
  address: search-indexer.search.svc:9090
  batch_size: 50
  flush_interval: 30s
  timeout: 2s
  max_attempts: 3
"""

PROTO = """syntax = "proto3";

package indexer.v1;

option go_package = "github.com/tradewell/listing-sync/gen/indexer/v1;indexerv1";

// Owned by the search team; vendored from search-indexer/proto.
service IndexService {
  rpc UpsertBatch(UpsertBatchRequest) returns (UpsertBatchResponse);
}

message Listing {
  string id = 1;
  string merchant_id = 2;
  string title = 3;
  string description = 4;
  int64 price_minor = 5;
  string currency = 6;
}

message UpsertBatchRequest { repeated Listing listings = 1; }
message UpsertBatchResponse { int32 accepted = 1; }
"""


def go_mod(grpc="v1.64.0"):
    return f"""module {MODULE}

go 1.22

require (
\tgithub.com/twmb/franz-go v1.17.1
\tgo.uber.org/zap v1.27.0
\tgoogle.golang.org/grpc {grpc}
\tgoogle.golang.org/protobuf v1.34.2
\tgopkg.in/yaml.v3 v3.0.1
)
"""


def go_sum(grpc="v1.64.0"):
    h = {"v1.64.0": "KH3VH9NVenTYBfMqf1qpP1pmj6mDOjYbxG0ImQaWd9Q=", "v1.64.1": "LKaa3N1sYqzG8N/gPY8jvT4ys5f4J5a+7jvW3ey7BTE="}[grpc]
    return (
        "github.com/twmb/franz-go v1.17.1 h1:0LwPsbbJeJ9R91DPUHSEd4su82WJWcTY1Zzbgbg4CeQ=\n"
        "go.uber.org/zap v1.27.0 h1:aJMhYGrd5QSmlpLMr2MftRKl7t8J8PTZPA732ud/XR8=\n"
        f"google.golang.org/grpc {grpc} h1:{h}\n"
        "google.golang.org/protobuf v1.34.2 h1:6xV6lTsCfpGD21XK49h7MhtcApnLqkfYgPcdHftf6hg=\n"
        "gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=\n"
    )


def repo_files():
    return {
        "go.mod": go_mod(),
        "go.sum": go_sum(),
        "cmd/listing-sync/main.go": f"""package main

import (
\t"os"

\t"go.uber.org/zap"

\t"{MODULE}/internal/config"
\t"{MODULE}/internal/sync"
)

var version = "dev"

func main() {{
\tlog, _ := zap.NewProduction()
\tcfg, err := config.Load(os.Getenv("CONFIG_PATH"))
\tif err != nil {{
\t\tlog.Fatal("config load failed", zap.Error(err))
\t}}
\tlog.Info("starting listing-sync", zap.String("version", version), zap.Int("batch_size", cfg.Indexer.BatchSize))
\tif err := sync.Run(cfg, log); err != nil {{
\t\tlog.Fatal("consumer stopped", zap.Error(err))
\t}}
}}
""",
        "internal/normalize/title.go": TITLE_GO,
        "internal/normalize/title_test.go": TITLE_TEST,
        "internal/normalize/description.go": DESCRIPTION_GO,
        "internal/sync/batcher.go": BATCHER_GO,
        "proto/indexer/v1/indexer.proto": PROTO,
        "config/production.yaml": CONFIG,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: listing-sync\n  namespace: catalog\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: listing-sync}\n  template:\n    metadata:\n      labels: {app: listing-sync}\n    spec:\n      containers:\n        - name: listing-sync\n          image: registry.tradewell.io/listing-sync:latest\n          env:\n            - {name: CONFIG_PATH, value: /etc/listing-sync/production.yaml}\n          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n            limits: {memory: 256Mi}\n",
        "Jenkinsfile": "pipeline {\n  agent any\n  stages {\n    stage('test') { steps { sh 'go test ./...' } }\n    stage('image') { steps { sh 'make image VERSION=$GIT_COMMIT' } }\n    stage('release') {\n      when { branch 'main' }\n      input { message 'Release main to production?' }\n      steps { sh 'kubectl -n catalog set image deployment/listing-sync listing-sync=registry.tradewell.io/listing-sync:$GIT_COMMIT && kubectl -n catalog rollout status deployment/listing-sync' }\n    }\n  }\n}\n",
        "Makefile": "build:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n\nproto:\n\tbuf generate proto\n\nimage:\n\tdocker build --build-arg VERSION=$(VERSION) -t registry.tradewell.io/listing-sync:$(VERSION) .\n",
        "Dockerfile": "FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$VERSION\" -o /out/listing-sync ./cmd/listing-sync\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/listing-sync /listing-sync\nENTRYPOINT [\"/listing-sync\"]\n",
        "README.md": readme(SERVICE, "Reads merchants' listing updates from Kafka, normalises them and sends them to search-indexer.", "make test\nCONFIG_PATH=config/production.yaml go run ./cmd/listing-sync"),
    }


def build_repo():
    jonas = Person("Jonas Weber", "jonas.weber@tradewell.io", 60)
    priya = Person("Priya Raman", "priya.raman@tradewell.io", 330)
    mariana = Person("Mariana Costa", "mariana.costa@tradewell.io", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("ListingSyncDLQ", "Batches are going to `listings.updated.dlq`: the `upsert batch failed` lines say why. Replay with `make replay-dlq` once fixed."),
        ("ListingSyncLag", "Consumer lag of group listing-sync over 20k: is search-indexer slow (its ingest stats) or are batches failing?"),
    ])
    repo.commit(utc("2026-11-12 09:30:00"), jonas, "listing-sync: import from the catalog monorepo", files)
    repo.schedule(chores(random.Random(17101), SERVICE, [jonas, priya, mariana], utc("2026-11-12 09:30:00"), utc("2026-11-17 17:00:00"), 4))
    repo.commit(utc("2026-11-13 10:05:00"), priya, "normalize: treat non-breaking spaces as whitespace in titles\n\nunicode.IsSpace already covers U+00A0; test it, merchants paste them from Excel.", {
        "internal/normalize/title_test.go": TITLE_TEST + '\nfunc TestTitleNonBreakingSpace(t *testing.T) {\n\tif got := Title("Oak\\u00a0table"); got != "Oak table" {\n\t\tt.Fatalf("Title = %q", got)\n\t}\n}\n',
        "internal/normalize/title.go": repo.edit("internal/normalize/title.go", "// spreadsheets) into single spaces and trims the ends.\n", "// spreadsheets, non-breaking spaces included) into single spaces and trims\n// the ends.\n"),
    })
    repo.commit(utc("2026-11-16 14:20:00"), mariana, "sync: commit offsets only after the batch is indexed or dead-lettered", {
        "internal/sync/batcher.go": repo.edit("internal/sync/batcher.go", "// search-indexer. A batch that fails MaxAttempts times goes to the DLQ.\n",
                                              "// search-indexer. A batch that fails MaxAttempts times goes to the DLQ.\n// Offsets are committed by the caller once flush returns nil.\n"),
    })
    repo.commit(utc("2026-11-17 11:40:00"), priya, "normalize: unescape HTML entities in descriptions", {
        "internal/normalize/description.go": repo.edit("internal/normalize/description.go", "\treturn strings.TrimSpace(r.Replace(s))\n}\n\nvar _ = html.UnescapeString\n",
                                                       "\treturn strings.TrimSpace(html.UnescapeString(r.Replace(s)))\n}\n"),
    })
    batcher = repo.edit("internal/sync/batcher.go", '\t\tb.log.Error("upsert batch failed", zap.Int("attempt", attempt), zap.Error(err))\n',
                        '\t\tb.log.Error("upsert batch failed", zap.Int32("partition", batch.Partition), zap.Int64("first_offset", batch.FirstOffset),\n'
                        '\t\t\tzap.Int64("last_offset", batch.LastOffset), zap.Int("count", len(req.Listings)), zap.Int("attempt", attempt), zap.Error(err))\n')
    batcher = batcher.replace('\tb.log.Warn("batch sent to dead-letter topic", zap.Int("count", len(req.Listings)))\n',
                              '\tb.log.Warn("batch sent to dead-letter topic", zap.Int32("partition", batch.Partition), zap.Int64("first_offset", batch.FirstOffset), zap.Int("count", len(req.Listings)))\n')
    morning = repo.commit(utc("2026-11-18 09:12:00"), priya, "sync: log partition and offsets of a failed batch\n\nA failed batch logged only the error; finding it in the DLQ meant\nguessing which partition it came from.", {
        "internal/sync/batcher.go": batcher,
    })
    title = repo.edit("internal/normalize/title.go", "\n)\n\n// Title", "\n)\n\n// MaxTitleBytes is the longest title search-indexer gets (its keyword\n// field is limited in bytes).\nconst MaxTitleBytes = 150\n\n// Title")
    title = title.replace("func Title(s string) string {\n\treturn strings.Join(strings.FieldsFunc(s, unicode.IsSpace), \" \")\n}\n",
                          "func Title(s string) string {\n\tt := strings.Join(strings.FieldsFunc(s, unicode.IsSpace), \" \")\n\tif len(t) > MaxTitleBytes {\n\t\tt = strings.TrimSpace(t[:MaxTitleBytes])\n\t}\n\treturn t\n}\n")
    test = repo.edit("internal/normalize/title_test.go", 'import "testing"\n', 'import (\n\t"strings"\n\t"testing"\n)\n')
    culprit = repo.commit(utc("2026-11-18 11:48:00"), jonas, "normalize: cap titles at 150 bytes for the search index\n\nSEO-stuffed titles of 300-400 characters make the indexer's highlighter\nslow and look bad in the result list; search asked us to send at most\n150 bytes (their keyword field is limited by bytes, not characters).", {
        "internal/normalize/title.go": title,
        "internal/normalize/title_test.go": test + '\nfunc TestTitleCappedAt150Bytes(t *testing.T) {\n\tlong := strings.Repeat("Handmade oak table ", 20)\n\tif got := Title(long); len(got) > MaxTitleBytes {\n\t\tt.Fatalf("len(Title) = %d", len(got))\n\t}\n}\n',
    })
    repo.commit(utc("2026-11-18 12:02:00"), bot, "build(deps): bump google.golang.org/grpc from 1.64.0 to 1.64.1\n\nBumps google.golang.org/grpc from 1.64.0 to 1.64.1.\n- Release notes: https://github.com/grpc/grpc-go/releases/tag/v1.64.1\n\nSigned-off-by: dependabot[bot] <support@github.com>", {
        "go.mod": go_mod("v1.64.1"),
        "go.sum": go_sum("v1.64.1"),
    }, committer=Person("GitHub", "noreply@github.com", 0))
    release_head = repo.commit(utc("2026-11-18 12:19:00"), jonas, "docs: how a listing reaches search", {
        "docs/search-pipeline.md": "# From merchant to search\n\n1. The merchant API writes the listing and publishes `listings.updated`.\n2. listing-sync normalises title, description and price and calls\n   search-indexer's `UpsertBatch` (gRPC, batches of `indexer.batch_size`).\n3. Titles are cut to 150 bytes (`normalize.MaxTitleBytes`).\n4. A batch that fails three times goes to `listings.updated.dlq`.\n",
    })
    config = repo.commit(utc("2026-11-18 14:29:00"), mariana, "config: indexer batch size 64, call timeout 3s\n\nsearch-indexer handles 64 documents per call as fast as 50 (their bulk\nsize); the 2s timeout cut a few calls during their segment merges.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  batch_size: 50\n  flush_interval: 30s\n  timeout: 2s\n", "  batch_size: 64\n  flush_interval: 30s\n  timeout: 3s\n"),
    })
    fix = repo.commit(utc("2026-11-18 16:18:00"), jonas, "normalize: cut titles on a rune boundary\n\nt[:150] split multi-byte characters; the Japanese seller's titles then\nfailed proto marshalling (invalid UTF-8) and took whole batches with them.", {
        "internal/normalize/title.go": repo.edit("internal/normalize/title.go", "\t\tt = strings.TrimSpace(t[:MaxTitleBytes])\n",
                                                 "\t\tcut := MaxTitleBytes\n\t\tfor cut > 0 && !utf8.RuneStart(t[cut]) {\n\t\t\tcut--\n\t\t}\n\t\tt = strings.TrimSpace(t[:cut])\n").replace("\t\"unicode\"\n)", "\t\"unicode\"\n\t\"unicode/utf8\"\n)"),
        "internal/normalize/title_test.go": repo.edit("internal/normalize/title_test.go", '\t"testing"\n)', '\t"testing"\n\t"unicode/utf8"\n)') + '\nfunc TestTitleCutOnRuneBoundary(t *testing.T) {\n\tlong := strings.Repeat("有田焼 Arita ", 20)\n\tif got := Title(long); !utf8.ValidString(got) {\n\t\tt.Fatalf("invalid UTF-8: %q", got)\n\t}\n}\n',
    })
    return repo, culprit, morning, release_head, config, fix


# ---------------------------------------------------------------------------
# logs

def zap(t, level, caller, msg, **fields):
    body = {"level": level, "ts": round(t.timestamp(), 6), "logger": "sync", "caller": caller, "msg": msg}
    stack = fields.pop("stacktrace", None)
    body.update(fields)
    if stack:
        body["stacktrace"] = stack
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


STACK = ("github.com/tradewell/listing-sync/internal/sync.(*Batcher).flush\n\t/src/internal/sync/batcher.go:53\n"
         "github.com/tradewell/listing-sync/internal/sync.(*Consumer).handle\n\t/src/internal/sync/consumer.go:88\n"
         "github.com/tradewell/listing-sync/internal/sync.Run.func2\n\t/src/internal/sync/run.go:61")
MARSHAL_ERR = "rpc error: code = Internal desc = grpc: error while marshaling: string field contains invalid UTF-8"


def pod_names(rng):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    rs = "".join(rng.choice(alphabet) for _ in range(10))
    return [f"listing-sync-{rs}-{''.join(rng.choice(alphabet) for _ in range(5))}" for _ in range(3)]


def build_logs(rng, morning, release_head, config, fix):
    app = Log("listing-sync.log")
    indexer = Log("search-indexer.log")
    importer = Log("merchant-import.log")
    jenkins = Log("jenkins-release.log")

    releases = [(MORNING_RELEASE, morning, 50, "2s"), (RELEASE, release_head, 50, "2s"), (CONFIG_RELEASE, config, 64, "3s"), (FIX_RELEASE, fix, 64, "3s")]
    build_no = {MORNING_RELEASE: 412, RELEASE: 415, CONFIG_RELEASE: 417, FIX_RELEASE: 421}
    pods_at = []
    for when, sha, size, _ in releases:
        pods = pod_names(rng)
        pods_at.append((when, pods, size))
        # Jenkins console
        n = build_no[when]
        lines = [
            (-96, f"Build listing-sync/main #{n}"),
            (-95, f"Started by user {'Priya Raman' if when == MORNING_RELEASE else 'Jonas Weber' if when in (RELEASE, FIX_RELEASE) else 'Mariana Costa'}"),
            (-94, f"Checking out Revision {sha} (refs/remotes/origin/main)"),
            (-93, f"Commit message: \"{ {MORNING_RELEASE: 'sync: log partition and offsets of a failed batch', RELEASE: 'docs: how a listing reaches search', CONFIG_RELEASE: 'config: indexer batch size 64, call timeout 3s', FIX_RELEASE: 'normalize: cut titles on a rune boundary'}[when] }\""),
            (-90, "[Pipeline] stage (test)"),
            (-88, "+ go test ./..."),
            (-41, "ok  \tgithub.com/tradewell/listing-sync/internal/normalize\t0.012s"),
            (-40, "ok  \tgithub.com/tradewell/listing-sync/internal/sync\t0.231s"),
            (-39, "[Pipeline] stage (image)"),
            (-12, f"Successfully tagged registry.tradewell.io/listing-sync:{sha}"),
            (-6, "[Pipeline] stage (release)"),
            (-5, "Release main to production?"),
            (-4, "Approved by " + ("Jonas Weber" if when != CONFIG_RELEASE else "Mariana Costa")),
            (-2, f"+ kubectl -n catalog set image deployment/listing-sync listing-sync=registry.tradewell.io/listing-sync:{sha}"),
            (-1, "deployment.apps/listing-sync image updated"),
            (0, "+ kubectl -n catalog rollout status deployment/listing-sync"),
            (22, "Waiting for deployment \"listing-sync\" rollout to finish: 1 of 3 updated replicas are available..."),
            (38, "Waiting for deployment \"listing-sync\" rollout to finish: 2 of 3 updated replicas are available..."),
            (51, "deployment \"listing-sync\" successfully rolled out"),
            (52, "[Pipeline] End of Pipeline"),
            (53, "Finished: SUCCESS"),
        ]
        for off, text in lines:
            t = when + dt.timedelta(seconds=off, milliseconds=rng.randint(0, 999))
            jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")
        if when >= START:
            for i, pod in enumerate(pods):
                ts = when + dt.timedelta(seconds=8 + 15 * i, milliseconds=rng.randint(0, 900))
                app.add(ts, zap(ts, "info", "listing-sync/main.go:27", "starting listing-sync", pod=pod, version=sha, batch_size=size))
                ts2 = ts + dt.timedelta(seconds=2, milliseconds=rng.randint(0, 500))
                app.add(ts2, zap(ts2, "info", "sync/run.go:44", "partitions assigned", pod=pod, topic="listings.updated", partitions=sorted(rng.sample(range(PARTITIONS), 4))))

    def current(t):
        cur = pods_at[0]
        for p in pods_at:
            if t >= p[0] + dt.timedelta(seconds=30):
                cur = p
        return cur

    offsets = {p: rng.randint(4_100_000, 4_900_000) for p in range(PARTITIONS)}
    dlq_sizes = []  # (time, count)
    indexed = []  # (time, count)

    def jp_share(t):
        if IMPORT_START + dt.timedelta(seconds=12) <= t < BACKLOG_DONE:
            return 0.45
        return 0.0

    def do_batch(t, full):
        _, pods, size = current(t)
        pod = rng.choice(pods)
        p = rng.randrange(PARTITIONS)
        count = size if full else rng.randint(6, size - 1)
        first = offsets[p]
        offsets[p] += count
        last = offsets[p] - 1
        # How many listings in the batch carry a title cut inside a character
        bad = 0
        if jp_share(t) and t < FIX_RELEASE:
            jp = sum(1 for _ in range(count) if rng.random() < jp_share(t))
            bad = sum(1 for _ in range(jp) if rng.random() < 0.21)
        if not bad:
            took = ms(rng, 38 if count < 40 else 55, 0.35)
            e = t + dt.timedelta(milliseconds=took)
            app.add(e, zap(e, "info", "sync/batcher.go:49", "batch indexed", pod=pod, partition=p, first_offset=first, last_offset=last, count=count, took_ms=took))
            indexed.append((e, count))
            return
        e = t + dt.timedelta(milliseconds=rng.randint(1, 4))
        for attempt in (1, 2, 3):
            app.add(e, zap(e, "error", "sync/batcher.go:53", "upsert batch failed", pod=pod, partition=p, first_offset=first, last_offset=last, count=count, attempt=attempt,
                           error=MARSHAL_ERR, stacktrace=STACK))
            e += dt.timedelta(seconds=attempt, milliseconds=rng.randint(1, 6))
        app.add(e, zap(e, "warn", "sync/batcher.go:58", "batch sent to dead-letter topic", pod=pod, topic="listings.updated.dlq", partition=p, first_offset=first, count=count))
        dlq_sizes.append((e, count))

    # steady merchant updates: time-flushed partial batches
    for t in poisson_times(rng, START, END, 4.5):
        do_batch(t, full=False)
    # the import's burst: full batches while its events are in the topic
    for t in poisson_times(rng, IMPORT_START + dt.timedelta(seconds=10), BACKLOG_DONE, 4):
        do_batch(t, full=True)

    # consumer lag warnings from the pods during the backlog
    for t in poisson_times(rng, IMPORT_START + dt.timedelta(minutes=4), BACKLOG_DONE, 0.7):
        _, pods, _ = current(t)
        app.add(t, zap(t, "warn", "sync/lag.go:31", "consumer lag above threshold", pod=rng.choice(pods), group="listing-sync", lag=rng.randint(9000, 21000), threshold=5000))

    # DLQ replay after the fix
    t = REPLAY
    _, pods, _ = current(t)
    total = sum(c for _, c in dlq_sizes)
    app.add(t, zap(t, "info", "sync/replay.go:22", "replaying dead-letter topic", pod=pods[0], topic="listings.updated.dlq", messages=total))
    done = t + dt.timedelta(minutes=6, seconds=rng.randint(0, 40))
    app.add(done, zap(done, "info", "sync/replay.go:57", "dead-letter replay finished", pod=pods[0], replayed=total, failed=0))

    # search-indexer ingest stats per pod per minute
    for i in range(2):
        ipod = f"search-indexer-{i}"
        tick = START.replace(second=0) + dt.timedelta(seconds=7 * i)
        while tick < END:
            window = [c for (e, c) in indexed if tick - dt.timedelta(seconds=60) <= e < tick]
            batches = len(window) // 2 + (rng.randint(0, 1) if window else 0)
            docs = sum(window) // 2 + (rng.randint(0, 12) if batches else 0)
            if tick >= REPLAY and tick < done:
                docs += total // 14
                batches += total // 14 // 64
            at = tick + dt.timedelta(milliseconds=rng.randint(0, 40))
            indexer.add(at, spring(at, "INFO", "ingest-stats-1", "c.t.search.indexer.IngestStats", f"[{ipod}] ingest last 60s: source=listing-sync batches={batches} docs={docs} rejected=0 refresh_ms={rng.randint(140, 320)}", pid=1))
            tick += dt.timedelta(seconds=60)
        emit(rng, indexer, START, END, 0.25, [
            (3, lambda t, ipod=ipod: spring(t, "INFO", "merge-sched-2", "o.a.lucene.index.MergeScheduler", f"[{ipod}] merged {rng.randint(4, 10)} segments into _{hexid(rng, 3)} ({rng.randint(40, 300)} MB) in {rng.randint(900, 6000)} ms", pid=1)),
            (1, lambda t, ipod=ipod: spring(t, "WARN", "grpc-default-executor-3", "c.t.search.indexer.UpsertService", f"[{ipod}] slow UpsertBatch: {rng.randint(1100, 1900)} ms for 50 docs (segment merge in progress)", pid=1)),
        ])

    # merchant-onboarding's import job
    def imp(t, level, msg):
        t = t + dt.timedelta(milliseconds=rng.randint(1, 999))
        importer.add(t, python_logging(t, level, "onboarding.bulk_import", msg))
    imp(IMPORT_START - dt.timedelta(seconds=40), "INFO", "job bulk-import-m40771 picked up by worker onboarding-worker-2")
    imp(IMPORT_START - dt.timedelta(seconds=31), "INFO", "validated feed s3://tradewell-merchant-feeds/m40771/catalogue-2026-11-18.csv: 18240 rows, 0 rejected, locale=ja-JP, currency=JPY")
    imp(IMPORT_START, "INFO", "bulk import started merchant=m40771 name='Arita Kobo' rows=18240 locale=ja-JP target_topic=listings.updated")
    published = 0
    t = IMPORT_START
    while published < 11800 and t < IMPORT_PAUSE:
        t += dt.timedelta(seconds=rng.randint(80, 120))
        if t >= IMPORT_PAUSE:
            break
        published += 500
        imp(t, "INFO", f"published {published}/18240 listings (merchant=m40771)")
    imp(IMPORT_PAUSE, "WARNING", f"bulk import paused by operator anna.lindqvist after {published}/18240 rows (reason: 'listing-sync incident, asked in #inc-listing-sync')")
    imp(IMPORT_PAUSE + dt.timedelta(seconds=1), "INFO", "job bulk-import-m40771 state=PAUSED")
    emit(rng, importer, START, END, 0.12, [
        (3, lambda t: python_logging(t, "INFO", "onboarding.feeds", f"feed check merchant=m{rng.randint(10000, 39999)} rows_changed={rng.randint(0, 80)} published={rng.randint(0, 80)}")),
        (1, lambda t: python_logging(t, "INFO", "onboarding.scheduler", "no bulk jobs queued")),
    ])
    return [app, indexer, importer, jenkins], dlq_sizes, indexed


def build(out_dir):
    rng = random.Random(17100)
    repo, culprit, morning, release_head, config, fix = build_repo()
    try:
        logs, dlq_sizes, indexed = build_logs(rng, morning, release_head, config, fix)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "upsert batch failed" in text).replace(microsecond=0)

        def rate(events, window=300):
            def fn(t):
                total = sum(c for e, c in events if t - dt.timedelta(seconds=window) < e <= t)
                return round(total / window, 3)
            return fn

        def lag(t):
            if t < IMPORT_START:
                return 120 + (t.minute * 37) % 90
            if t < BACKLOG_DONE:
                ramp = min(1.0, (t - IMPORT_START).total_seconds() / 900)
                down = 1.0 if t < IMPORT_PAUSE else max(0.0, 1 - (t - IMPORT_PAUSE).total_seconds() / (BACKLOG_DONE - IMPORT_PAUSE).total_seconds())
                return int(200 + 18500 * ramp * down)
            return 110 + (t.minute * 41) % 100

        metrics = {
            "kafka_consumergroup_lag.json": query_range([({"consumergroup": "listing-sync", "topic": "listings.updated"}, lag)], START, END, 60),
            "listing_sync_dlq_messages_rate.json": query_range([({"namespace": "catalog", "topic": "listings.updated.dlq"}, rate(dlq_sizes))], START, END, 60),
            "listing_sync_indexed_listings_rate.json": query_range([({"namespace": "catalog", "app": "listing-sync"}, rate(indexed))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="title-truncate-utf8", service=SERVICE, onset=onset,
            description=f"""
Search stops showing new listings and price changes. From {onset.strftime('%H:%M')} UTC on
18 November listing-sync's batches to search-indexer fail and go to the
dead-letter topic; consumer lag climbs. listing-sync was released at 09:41,
12:31 and 14:38 (Jenkins); the merchant-onboarding team started a bulk
import at 15:06.
""",
            logs=logs,
            metrics=metrics,
            repo=repo,
            culprit=culprit,
            root_cause=[r"error while marshaling: string field contains invalid"],
            fix_files=["internal/normalize/title.go"],
            explanation=f"""
The culprit is "normalize: cap titles at 150 bytes for the search index"
(internal/normalize/title.go), committed at 11:48 and released at 12:31 in
the Jenkins build that names the later docs commit. It cuts a title with
t[:MaxTitleBytes], by bytes. The marketplace's long titles were ASCII, so
nothing changed for two and a half hours; at 15:06 the onboarding team's
bulk import of a Japanese seller's catalogue (kana/kanji, 3 bytes each,
mixed with ASCII) starts, and titles cut inside a character are not valid
UTF-8. Go's protobuf marshaller refuses them on the client: "upsert batch
failed ... grpc: error while marshaling: string field contains invalid
UTF-8", three attempts, then the whole batch (other merchants' listings
with it) goes to listings.updated.dlq. The import is the trigger, not the
cause: its titles are valid. The fix cuts on a rune boundary.
Decoys: the Dependabot grpc 1.64.0 -> 1.64.1 bump in the same release (the
error text is gRPC's, but the bump ran for hours without a failure); the
batch size 64 / timeout 3s config released at 14:38, {int((onset - CONFIG_RELEASE).total_seconds() // 60)} minutes before the
onset (same client and words); the morning commit that logs partition and
offsets of a failed batch; the non-breaking-space edit of title.go; the
description change in the same package; the docs commit the release names;
search-indexer's slow-merge warnings; chores; the fix after the onset.
""",
        )
    finally:
        repo.close()
