"""feed-importer (Go 1.22, pgx v5, one replica on Kubernetes, deployed by a
GitHub Actions workflow with kustomize; team in Stockholm, Berlin and
Vancouver): Koppla's marketplace imports its suppliers' product feeds into
PostgreSQL. Each supplier's feed runs on its own schedule, at the supplier's
morning: the European suppliers send BMEcat with a short description, the
Australian and Asian suppliers the "csv-v2" template, which has none, so the
importer builds the listing card's summary by cutting the long description
to 140 characters.

On Tuesday 19 May a performance commit rewrites textutil.Truncate to stop
converting the string to []rune (pprof blamed it for 14 % of the CPU of the
380k-row feeds). It counts runes with utf8.RuneCountInString but then
slices the string by bytes, s[:n-1], so a cut can land inside a multi-byte
character. The European feeds never reach Truncate (their short
descriptions are used as they are), and the Australian csv-v2 feed is
English; everything imports fine after the 15:02 release. At 00:30 UTC on
20 May, 09:30 in Kyoto, the first Japanese csv-v2 feed arrives: nearly every
cut lands inside a three-byte character, and PostgreSQL rejects the COPY
("invalid byte sequence for encoding "UTF8": 0xe3 0xe2 0x80", COPY
listing_staging, column summary). The importer retries three times and
gives up; the Korean and Taiwanese suppliers' feeds fail the same way, and
their morning price and assortment updates never reach the marketplace.
Ten hours and 42 minutes after the commit, nine and a half after the
rollout.

Decoys: a config change rolled out at 23:58, 32 minutes before the onset,
that cuts the COPY batch from 5000 to 2000 rows (the same COPY, and its
rollout restarts the importer with the config commit as its version); the
pgx v5.5.5 -> v5.6.0 bump the same morning (the driver that runs the COPY);
the commit that logs supplier, format and attempt on a failed import (the
incident's own lines, and the release's version); a benchmark for Truncate;
a docs page on the feed formats; chores. App (Go slog text), PostgreSQL,
Alertmanager notifications (JSON), the GitHub Actions deploy job, a metric of
each supplier's last successful import."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores, k8s_service, readme, runbook

SERVICE = "feed-importer"
START, END = utc("2026-05-19 22:30:00"), utc("2026-05-20 02:05:00")
RELEASE = utc("2026-05-19 15:02:10")
CONFIG_DEPLOY = utc("2026-05-19 23:58:20")
COLUMNS = ["supplier_id", "sku", "title", "summary", "description", "price_minor", "currency", "stock", "feed_run_id"]
COPY_SQL = 'copy "listing_staging" ( ' + ", ".join(f'"{c}"' for c in COLUMNS) + " ) from stdin binary;"

TRUNCATE_OLD = """package textutil

// Truncate shortens s to at most n characters, ending in an ellipsis when it
// cuts. The listing card shows 140.
func Truncate(s string, n int) string {
\tr := []rune(s)
\tif len(r) <= n {
\t\treturn s
\t}
\treturn string(r[:n-1]) + "…"
}
"""

TRUNCATE_NEW = """package textutil

import (
\t"strings"
\t"unicode/utf8"
)

// Truncate shortens s to at most n characters, ending in an ellipsis when it
// cuts. The listing card shows 140. Counts runes without copying them: the
// big feeds call this for every row.
func Truncate(s string, n int) string {
\tif utf8.RuneCountInString(s) <= n {
\t\treturn s
\t}
\treturn strings.TrimSpace(s[:n-1]) + "…"
}
"""

TRUNCATE_FIXED = """package textutil

import (
\t"strings"
\t"unicode/utf8"
)

// Truncate shortens s to at most n characters, ending in an ellipsis when it
// cuts. The listing card shows 140. Walks runes without copying them (the
// big feeds call this for every row) and cuts on a rune boundary.
func Truncate(s string, n int) string {
\tif utf8.RuneCountInString(s) <= n {
\t\treturn s
\t}
\tcut, count := 0, 0
\tfor i := range s {
\t\tif count == n-1 {
\t\t\tcut = i
\t\t\tbreak
\t\t}
\t\tcount++
\t}
\treturn strings.TrimSpace(s[:cut]) + "…"
}
"""

LISTING = """package importer

import (
\t"github.com/koppla/feed-importer/internal/feeds"
\t"github.com/koppla/feed-importer/internal/textutil"
)

const summaryLen = 140

// listingRow maps a feed item to a row of listing_staging.
func listingRow(supplierID int64, runID string, it feeds.Item) []any {
\tsummary := it.ShortDescription
\tif summary == "" {
\t\tsummary = textutil.Truncate(it.Description, summaryLen)
\t}
\treturn []any{supplierID, it.SKU, it.Title, summary, it.Description, it.PriceMinor, it.Currency, it.Stock, runID}
}
"""

IMPORTER = """package importer

import (
\t"context"
\t"fmt"
\t"log/slog"
\t"time"

\t"github.com/jackc/pgx/v5"
\t"github.com/jackc/pgx/v5/pgxpool"

\t"github.com/koppla/feed-importer/internal/feeds"
)

type Importer struct {
\tDB        *pgxpool.Pool
\tLog       *slog.Logger
\tBatchRows int
}

// Run imports one supplier's feed: COPY into listing_staging in batches, then
// merge into listings, all in one transaction so a bad feed changes nothing.
func (im *Importer) Run(ctx context.Context, s feeds.Supplier) error {
\tvar err error
\tfor attempt := 1; attempt <= 3; attempt++ {
\t\tif err = im.run(ctx, s); err == nil {
\t\t\treturn nil
\t\t}
\t\tim.Log.Warn("import attempt failed, retrying", "supplier", s.Slug, "err", err)
\t\ttime.Sleep(time.Duration(attempt) * 30 * time.Second)
\t}
\tim.Log.Error("feed import failed", "supplier", s.Slug, "err", err)
\treturn err
}

func (im *Importer) copyBatch(ctx context.Context, tx pgx.Tx, rows [][]any) error {
\t_, err := tx.CopyFrom(ctx, pgx.Identifier{"listing_staging"}, columns, pgx.CopyFromRows(rows))
\tif err != nil {
\t\treturn fmt.Errorf("copy listing_staging: %w", err)
\t}
\treturn nil
}
"""

CONFIG = """listen: ":9090"
database:
  max_conns: 8
import:
  copy_batch_rows: 5000
  merge_statement_timeout: 120s
suppliers_source: "postgres"   # schedules live in suppliers.feed_schedule
"""


def repo_files():
    return {
        "go.mod": "module github.com/koppla/feed-importer\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgithub.com/prometheus/client_golang v1.19.1\n\tgithub.com/robfig/cron/v3 v3.0.1\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "go.sum": "github.com/jackc/pgx/v5 v5.5.5 h1:amBjrZVmksIdNjxGu/UNkNKbbUdD4Ttwh6ni1uYTX8=\ngithub.com/jackc/pgx/v5 v5.5.5/go.mod h1:ez9gk+OAat140fv9ErkZDYFWmXLfV+++K0uAOiwgm1A=\ngithub.com/robfig/cron/v3 v3.0.1 h1:WdRxkvbJztn8LMz/QEvLN5sBU+xKpSqwwUO1Pjr4qDs=\n",
        "cmd/feed-importer/main.go": 'package main\n\nimport (\n\t"log/slog"\n\t"os"\n)\n\nvar version = "dev"\n\nfunc main() {\n\tlog := slog.New(slog.NewTextHandler(os.Stdout, nil))\n\tcfg := mustLoadConfig(os.Getenv("CONFIG_PATH"))\n\tlog.Info("feed-importer starting", "version", version, "copy_batch_rows", cfg.Import.CopyBatchRows)\n\trunScheduler(cfg, log)\n}\n',
        "internal/importer/importer.go": IMPORTER,
        "internal/importer/listing.go": LISTING,
        "internal/textutil/truncate.go": TRUNCATE_OLD,
        "internal/textutil/truncate_test.go": 'package textutil\n\nimport "testing"\n\nfunc TestTruncate(t *testing.T) {\n\tif got := Truncate("short", 140); got != "short" {\n\t\tt.Fatalf("got %q", got)\n\t}\n\tlong := "Handwoven linen runner, stonewashed for a soft hand. " + "Each piece is slightly different. Machine wash at 40 degrees, line dry, iron damp. Made in Portugal."\n\tif got := Truncate(long, 40); len([]rune(got)) != 40 {\n\t\tt.Fatalf("len = %d", len([]rune(got)))\n\t}\n}\n',
        "internal/feeds/bmecat.go": "package feeds\n\n// BMEcat 2005: ARTICLE_DETAILS/DESCRIPTION_SHORT -> Item.ShortDescription,\n// DESCRIPTION_LONG -> Item.Description.\n",
        "internal/feeds/csv.go": "package feeds\n\n// csv-v2: sku;title;description;price;currency;stock;images (no short description).\n",
        "config/production.yaml": CONFIG,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: feed-importer\nspec:\n  replicas: 1\n  strategy:\n    type: Recreate\n  selector:\n    matchLabels:\n      app: feed-importer\n  template:\n    metadata:\n      labels:\n        app: feed-importer\n    spec:\n      containers:\n        - name: feed-importer\n          image: europe-north1-docker.pkg.dev/koppla/apps/feed-importer\n          env:\n            - name: CONFIG_PATH\n              value: /config/production.yaml\n          volumeMounts:\n            - name: config\n              mountPath: /config\n          resources:\n            requests:\n              cpu: \"1\"\n              memory: 1Gi\n            limits:\n              memory: 1Gi\n      volumes:\n        - name: config\n          configMap:\n            name: feed-importer-config\n",
        "k8s/service.yaml": k8s_service(SERVICE, 9090),
        "k8s/kustomization.yaml": "resources:\n  - deployment.yaml\n  - service.yaml\nconfigMapGenerator:\n  - name: feed-importer-config\n    files:\n      - ../config/production.yaml\n",
        "Dockerfile": 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags "-X main.version=$VERSION" -o /out/feed-importer ./cmd/feed-importer\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/feed-importer /feed-importer\nENTRYPOINT ["/feed-importer"]\n',
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v3\n      - run: docker build --build-arg VERSION=${GITHUB_SHA::12} -t europe-north1-docker.pkg.dev/koppla/apps/feed-importer:${{ github.sha }} .\n      - run: docker push europe-north1-docker.pkg.dev/koppla/apps/feed-importer:${{ github.sha }}\n      - run: cd k8s && kustomize edit set image europe-north1-docker.pkg.dev/koppla/apps/feed-importer:${{ github.sha }} && kubectl apply -k .\n      - run: kubectl -n catalog rollout status deployment/feed-importer --timeout=5m\n",
        "README.md": readme(SERVICE, "Imports Koppla's suppliers' product feeds (BMEcat, csv-v2) into the catalogue database.", "make test\nCONFIG_PATH=config/production.yaml go run ./cmd/feed-importer").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Releases are run by hand with the `deploy` workflow (GitHub Actions)."),
    }


def build_repo():
    linnea = Person("Linnea Berg", "linnea.berg@koppla.se", 120)
    jonas = Person("Jonas Krüger", "jonas.kruger@koppla.se", 120)
    dylan = Person("Dylan Cheng", "dylan.cheng@koppla.se", -420)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("FeedImportFailed", "A supplier's import failed three times in a row. The transaction rolled back, so the catalogue still has the previous feed; the error is in the `feed import failed` line. Rerun with `POST /admin/suppliers/{slug}/import` once fixed."),
        ("FeedImportStale", "No successful import for a supplier in 26 h: check the supplier's SFTP drop and our schedule."),
    ])
    repo.commit(utc("2026-05-13 07:30:00"), linnea, "feed-importer: import", files)
    repo.schedule(chores(random.Random(16201), SERVICE, [linnea, jonas, dylan], utc("2026-05-13 07:30:00"), utc("2026-05-18 16:00:00"), 3))
    repo.commit(utc("2026-05-15 09:20:00"), jonas, "feeds: read BMEcat DESCRIPTION_SHORT as the card summary", {
        "internal/feeds/bmecat.go": repo.files["internal/feeds/bmecat.go"] + "// Suppliers keep DESCRIPTION_SHORT within 140 characters (onboarding checks it).\n",
    })
    repo.commit(utc("2026-05-18 17:10:00"), dylan, "docs: supplier feed formats", {
        "docs/feeds.md": "# Supplier feeds\n\n| format | who | short description |\n|---|---|---|\n| bmecat-2005 | European suppliers (SFTP, XML) | DESCRIPTION_SHORT |\n| csv-v2 | Australia and Asia (SFTP, UTF-8 CSV) | none: cut from the description |\n\nSchedules are per supplier, at their local morning (suppliers.feed_schedule).\nA failed feed changes nothing: COPY into listing_staging and the merge run\nin one transaction.\n",
    })
    repo.commit(utc("2026-05-19 06:05:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.6.0", {
        "go.mod": repo.edit("go.mod", "pgx/v5 v5.5.5", "pgx/v5 v5.6.0"),
        "go.sum": repo.edit("go.sum", "github.com/jackc/pgx/v5 v5.5.5 h1:amBjrZVmksIdNjxGu/UNkNKbbUdD4Ttwh6ni1uYTX8=\ngithub.com/jackc/pgx/v5 v5.5.5/go.mod h1:ez9gk+OAat140fv9ErkZDYFWmXLfV+++K0uAOiwgm1A=",
                          "github.com/jackc/pgx/v5 v5.6.0 h1:SWJzexBzPL5jb0GEsrPMLIsi/3jOo7RHlzTjcAeDrPY=\ngithub.com/jackc/pgx/v5 v5.6.0/go.mod h1:DNZ/vlrUnhWCoFGxHAG8U2ljioxukquj7utPDgtQdTw="),
    })
    culprit = repo.commit(utc("2026-05-19 13:48:00"), linnea, "textutil: truncate without converting to []rune\n\npprof on the 380k-row nordhaus feed: 14 % of CPU and most of the\nallocations are runtime.stringtoslicerune under Truncate. Count the\nrunes instead of copying them.", {
        "internal/textutil/truncate.go": TRUNCATE_NEW,
    })
    repo.commit(utc("2026-05-19 14:20:00"), jonas, "textutil: benchmark Truncate on a long description", {
        "internal/textutil/truncate_test.go": repo.files["internal/textutil/truncate_test.go"] + '\nfunc BenchmarkTruncate(b *testing.B) {\n\td := "Linnebordstablett i stentvättat linne, vävd i Portugal. " + "Varje exemplar är unikt; tvättas i 40 grader och stryks fuktig. "\n\tfor i := 0; i < b.N; i++ {\n\t\tTruncate(d+d+d, 140)\n\t}\n}\n',
    })
    head = repo.commit(utc("2026-05-19 14:35:00"), jonas, "importer: log supplier, format and attempt when an import fails", {
        "internal/importer/importer.go": repo.edit("internal/importer/importer.go",
            '\t\tim.Log.Warn("import attempt failed, retrying", "supplier", s.Slug, "err", err)\n',
            '\t\tim.Log.Warn("import attempt failed, retrying", "supplier", s.Slug, "format", s.Format, "attempt", attempt, "err", err)\n').replace(
            '\tim.Log.Error("feed import failed", "supplier", s.Slug, "err", err)\n',
            '\tim.Log.Error("feed import failed", "supplier", s.Slug, "format", s.Format, "attempts", 3, "err", err)\n'),
    })
    config = repo.commit(utc("2026-05-19 23:36:00"), dylan, "config: COPY in batches of 2000 rows\n\nDuring the APAC window the merge of a 5000-row batch held row locks on\nlistings for 20+ s and the storefront's stock updates queued behind it.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  copy_batch_rows: 5000\n", "  copy_batch_rows: 2000\n"),
    })
    repo.commit(utc("2026-05-20 03:41:00"), linnea, "textutil: cut on a rune boundary\n\ns[:n-1] counts bytes, not runes: a Japanese, Korean or Chinese\ndescription was cut inside a character and PostgreSQL refused the COPY\n(invalid byte sequence for encoding UTF8). Every csv-v2 feed from Asia\nfailed from 00:30.", {
        "internal/textutil/truncate.go": TRUNCATE_FIXED,
        "internal/textutil/truncate_test.go": repo.files["internal/textutil/truncate_test.go"] + '\nfunc TestTruncateMultibyte(t *testing.T) {\n\tif got := Truncate("有田焼の手描きの小皿。", 5); !utf8.ValidString(got) {\n\t\tt.Fatalf("invalid UTF-8: %q", got)\n\t}\n}\n',
    })
    return repo, culprit, head, config


# ---------------------------------------------------------------------------
# feeds

JA = ["有田焼の手描き小皿です。", "職人が一点ずつ絵付けしました。", "電子レンジと食洗機に対応しています。", "贈り物にも最適な木箱入りです。", "釉薬の色合いは一点ごとに異なります。",
      "京都の窯元で焼成しています。", "直径約十五センチ、重さ約二百グラム。", "和食にも洋食にも合うシンプルなデザインです。", "天然素材のため、色や形に個体差があります。"]
KO = ["전통 방식으로 만든 옻칠 쟁반입니다.", "천연 원목을 사용하여 가볍고 튼튼합니다.", "식기세척기 사용은 피해 주세요.", "선물용 상자에 담아 보내 드립니다.", "크기는 약 삼십 센티미터입니다.",
      "장인이 하나하나 손으로 마감했습니다."]
ZH = ["阿里山高山烏龍茶，手工採摘。", "茶湯金黃，香氣清雅持久。", "真空包裝，每包一百五十克。", "建議以攝氏九十五度熱水沖泡。", "產地直送，新鮮保證。", "適合送禮與自用。"]
EN = ["Stonewashed linen in a relaxed weave.", "Cut and sewn in our Byron Bay studio.", "Machine wash cold, line dry, warm iron.", "Pre-washed so it will not shrink further.",
      "Natural fibres soften with every wash.", "Queen size 230 x 250 cm with two pillowcases.", "Oeko-Tex certified dyes."]

SUPPLIERS = [
    # slug, id, format, language, rows, schedule minutes after the hour in UTC, hours (UTC)
    ("nordhaus", 1042, "bmecat-2005", None, (360000, 392000), 5, range(0, 24)),
    ("stilla-textil", 1107, "bmecat-2005", None, (4200, 4900), 20, range(0, 24)),
    ("hem-och-ljus", 1133, "bmecat-2005", None, (1800, 2300), 35, range(0, 24, 2)),
    ("atelier-brun", 1190, "bmecat-2005", None, (900, 1200), 50, range(1, 24, 2)),
    ("vaxjo-glas", 1204, "bmecat-2005", None, (300, 420), 40, range(0, 24)),
    ("keramik-lund", 1211, "bmecat-2005", None, (650, 800), 10, range(0, 24)),
    ("wohnwerk-kassel", 1228, "bmecat-2005", None, (12000, 13500), 25, range(0, 24, 3)),
    ("maison-coton", 1236, "bmecat-2005", None, (2100, 2500), 55, range(0, 24)),
    ("olsen-mobler", 1249, "bmecat-2005", None, (5200, 5600), 15, range(1, 24, 2)),
    ("tessuti-como", 1257, "bmecat-2005", None, (1500, 1800), 45, range(0, 24)),
    ("bondi-linen", 2011, "csv-v2", "en", (1100, 1300), 30, [23, 0, 1]),
    ("kyoto-tojiki", 3004, "csv-v2", "ja", (1800, 2100), 30, [0, 1]),
    ("seoul-living", 3017, "csv-v2", "ko", (2400, 2700), 45, [0, 1]),
    ("taipei-tea-house", 3025, "csv-v2", "zh", (600, 700), 0, [1]),
    ("osaka-kagu", 3031, "csv-v2", "ja", (900, 1100), 15, [1]),
]


def description(rng, lang):
    pool = {"ja": JA, "ko": KO, "zh": ZH, "en": EN}[lang]
    prefix = rng.choice(["", "", f"{rng.choice(['AR', 'KT', 'SL', 'TT'])}-{rng.randint(100, 999)} "])
    text = prefix
    want = rng.randint(170, 320) if lang != "en" else rng.randint(150, 420)
    while len(text) < want:
        text += rng.choice(pool) + ("" if lang in ("ja", "zh") else " ")
    return text.strip()


def truncate_buggy(s, n):
    """textutil.Truncate after the culprit: counts runes, slices bytes."""
    if len(s) <= n:
        return s.encode()
    return s.encode()[: n - 1].strip() + "…".encode()


def invalid_bytes(b):
    """PostgreSQL's report_invalid_encoding: the bytes of the first invalid sequence."""
    i = 0
    while i < len(b):
        c = b[i]
        need = 1 if c < 0x80 else 2 if c >> 5 == 0b110 else 3 if c >> 4 == 0b1110 else 4
        chunk = b[i:i + need]
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            return " ".join(f"0x{x:02x}" for x in b[i:i + min(need, len(b) - i)])
        i += need
    return None


def build_logs(rng, culprit, head, config):
    app = Log("feed-importer.log")
    pg = Log("postgres.log")
    alerts = Log("alertmanager-notifications.log")
    deploy = Log("github-actions-deploy.log")
    last_success = {}
    failures = []

    def stamp(t):
        t = t.astimezone(dt.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def slog(t, level, msg, **fields):
        quoted = json.dumps(msg, ensure_ascii=False) if any(c in msg for c in ' ="') else msg
        parts = [f"time={stamp(t)}", f"level={level}", f"msg={quoted}"]
        for k, v in fields.items():
            text = str(v)
            if text == "" or any(c in text for c in ' "=\\'):
                text = json.dumps(text, ensure_ascii=False)
            parts.append(f"{k}={text}")
        app.add(t, " ".join(parts))

    def gh(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}.{t.microsecond:06d}0Z {text}")

    # --- deploys -----------------------------------------------------------------------------------
    image = "europe-north1-docker.pkg.dev/koppla/apps/feed-importer"
    for when, sha, subject, batch in ((RELEASE, head, "importer: log supplier, format and attempt when an import fails", 5000),
                                      (CONFIG_DEPLOY, config, "config: COPY in batches of 2000 rows", 2000)):
        t = when - dt.timedelta(seconds=200)
        gh(t, "##[group]Run actions/checkout@v3")
        gh(t + dt.timedelta(seconds=2), f"HEAD is now at {sha[:7]} {subject}")
        gh(t + dt.timedelta(seconds=3), "##[endgroup]")
        gh(t + dt.timedelta(seconds=4), f"##[group]Run docker build --build-arg VERSION=${{GITHUB_SHA::12}} -t {image}:{sha} .")
        gh(t + dt.timedelta(seconds=97), f"#14 naming to {image}:{sha} done")
        gh(t + dt.timedelta(seconds=98), "##[endgroup]")
        gh(t + dt.timedelta(seconds=99), f"##[group]Run docker push {image}:{sha}")
        gh(t + dt.timedelta(seconds=131), f"{sha}: digest: sha256:{hexid(rng, 64)} size: 1159")
        gh(t + dt.timedelta(seconds=132), "##[endgroup]")
        gh(t + dt.timedelta(seconds=133), f"##[group]Run cd k8s && kustomize edit set image {image}:{sha} && kubectl apply -k .")
        cm = hexid(rng, 10)
        gh(t + dt.timedelta(seconds=135), f"configmap/feed-importer-config-{cm} {'created' if batch == 2000 else 'unchanged'}")
        gh(t + dt.timedelta(seconds=135, milliseconds=80), "service/feed-importer unchanged")
        gh(t + dt.timedelta(seconds=135, milliseconds=160), "deployment.apps/feed-importer configured")
        gh(t + dt.timedelta(seconds=136), "##[endgroup]")
        gh(t + dt.timedelta(seconds=137), "##[group]Run kubectl -n catalog rollout status deployment/feed-importer --timeout=5m")
        gh(t + dt.timedelta(seconds=138), 'Waiting for deployment "feed-importer" rollout to finish: 0 of 1 updated replicas are available...')
        gh(when + dt.timedelta(seconds=6), 'deployment "feed-importer" successfully rolled out')
        gh(when + dt.timedelta(seconds=7), "##[endgroup]")
        if when >= START:
            slog(when - dt.timedelta(seconds=1), "INFO", "shutting down", reason="SIGTERM", inflight=0)
            slog(when, "INFO", "feed-importer starting", version=sha[:12], go="go1.22.3", copy_batch_rows=batch)
            slog(when + dt.timedelta(milliseconds=180), "INFO", "database pool ready", host="10.61.0.3", database="koppla", max_conns=8)
            slog(when + dt.timedelta(milliseconds=230), "INFO", "schedules loaded", suppliers=412, next_run=(when + dt.timedelta(minutes=7)).strftime("%Y-%m-%dT%H:%M:00Z"))

    # --- PostgreSQL background ---------------------------------------------------------------------
    t = START.replace(minute=(START.minute // 5) * 5, second=0) + dt.timedelta(minutes=5)
    while t < END:
        pid = 66
        pg.add(t, postgres(t, pid, "LOG", "checkpoint starting: time"))
        e = t + dt.timedelta(seconds=rng.randint(120, 270), milliseconds=rng.randint(0, 999))
        bufs = rng.randint(2000, 30000)
        pg.add(e, postgres(e, pid, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 131072 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 9)} recycled; write={rng.uniform(100, 269):.3f} s, sync={rng.uniform(0.001, 0.09):.3f} s, total={rng.uniform(100, 270):.3f} s; sync files={rng.randint(20, 90)}, longest={rng.uniform(0.001, 0.03):.3f} s, average={rng.uniform(0.001, 0.005):.3f} s; distance={rng.randint(30000, 260000)} kB, estimate={rng.randint(200000, 280000)} kB; lsn=4C/{hexid(rng, 8).upper()}, redo lsn=4C/{hexid(rng, 8).upper()}"))
        t += dt.timedelta(minutes=5)
    for t in sorted(START + dt.timedelta(seconds=rng.randint(0, int((END - START).total_seconds()))) for _ in range(26)):
        table = rng.choice(["listings", "listing_staging", "stock_levels", "price_history"])
        pg.add(t, postgres(t, rng.randint(30000, 49999), "LOG", f'automatic vacuum of table "koppla.public.{table}": index scans: {rng.randint(0, 1)}\n'
                           f"\tpages: 0 removed, {rng.randint(20000, 900000)} remain, {rng.randint(100, 9000)} scanned ({rng.uniform(0.1, 9):.2f}% of total)\n"
                           f"\ttuples: {rng.randint(100, 90000)} removed, {rng.randint(100000, 9000000)} remain, 0 are dead but not yet removable\n"
                           f"\tavg read rate: {rng.uniform(1, 40):.3f} MB/s, avg write rate: {rng.uniform(1, 20):.3f} MB/s"))
    # the storefront's stock updates: slow ones show up in the log
    for t in sorted(START + dt.timedelta(seconds=rng.randint(0, int((END - START).total_seconds()))) for _ in range(40)):
        pid = rng.randint(30000, 49999)
        pg.add(t, postgres(t, pid, "LOG", f"duration: {rng.uniform(1000, 2600):.3f} ms  execute <unnamed>: UPDATE stock_levels SET available = available - $1 WHERE listing_id = $2 AND available >= $1", user_db="storefront@koppla"))

    # --- imports -----------------------------------------------------------------------------------
    def batch_rows(t):
        return 2000 if t >= CONFIG_DEPLOY else 5000

    runs = []
    day0 = utc("2026-05-19 00:00:00")
    for slug, sid, fmt, lang, (lo, hi), minute, hours in SUPPLIERS:
        for day in (day0, day0 + dt.timedelta(days=1)):
            for hour in hours:
                t = day + dt.timedelta(hours=hour, minutes=minute, seconds=rng.randint(0, 4), milliseconds=rng.randint(0, 999))
                if START <= t < END - dt.timedelta(minutes=3):
                    runs.append((t, slug, sid, fmt, lang, rng.randint(lo, hi)))
    runs.sort()
    for t0, slug, sid, fmt, lang, rows in runs:
        run_id = hexid(rng, 12)
        slog(t0, "INFO", "feed import started", supplier=slug, supplier_id=sid, format=fmt, run_id=run_id)
        fetch = dt.timedelta(seconds=rng.uniform(1.5, 9.0) * (20 if rows > 100000 else 1))
        t = t0 + fetch
        slog(t, "INFO", "feed fetched", supplier=slug, source=f"sftp://sftp.koppla.se/in/{slug}/", bytes=rows * rng.randint(1400, 2600), items=rows)
        items_bad = None
        if lang and lang != "en" and t0 >= RELEASE:
            # find the first row whose summary is not valid UTF-8
            for n in range(1, rows + 1):
                d = description(rng, lang)
                if len(d) > 140:
                    bad = invalid_bytes(truncate_buggy(d, 140))
                    if bad:
                        items_bad = (n, bad)
                        break
        if items_bad is None:
            per = batch_rows(t)
            batches = (rows + per - 1) // per
            took_copy = rows / rng.uniform(9000, 14000)
            t += dt.timedelta(seconds=took_copy)
            slog(t, "INFO", "listings copied", supplier=slug, rows=rows, batches=batches, took=f"{took_copy:.3f}s")
            took_merge = rows / rng.uniform(7000, 11000) + rng.uniform(0.2, 0.9)
            t += dt.timedelta(seconds=took_merge)
            upd = int(rows * rng.uniform(0.02, 0.2))
            ins = int(rows * rng.uniform(0.0, 0.01))
            slog(t, "INFO", "listings merged", supplier=slug, inserted=ins, updated=upd, unchanged=rows - ins - upd, took=f"{took_merge:.3f}s")
            if took_merge > 1.0:
                pg.add(t, postgres(t, rng.randint(30000, 49999), "LOG", f"duration: {took_merge * 1000:.3f} ms  execute <unnamed>: INSERT INTO listings (supplier_id, sku, title, summary, description, price_minor, currency, stock) SELECT supplier_id, sku, title, summary, description, price_minor, currency, stock FROM listing_staging WHERE feed_run_id = $1 ON CONFLICT (supplier_id, sku) DO UPDATE SET title = EXCLUDED.title, summary = EXCLUDED.summary, description = EXCLUDED.description, price_minor = EXCLUDED.price_minor, stock = EXCLUDED.stock WHERE listings IS DISTINCT FROM EXCLUDED", user_db="importer@koppla"))
            slog(t + dt.timedelta(milliseconds=4), "INFO", "feed import finished", supplier=slug, run_id=run_id, took=f"{(t - t0).total_seconds():.3f}s")
            last_success[slug] = last_success.get(slug, []) + [t]
            continue
        line, bad = items_bad
        for attempt in (1, 2, 3):
            pid = rng.randint(30000, 49999)
            t += dt.timedelta(milliseconds=rng.randint(40, 260))
            err = f'ERROR: invalid byte sequence for encoding "UTF8": {bad} (SQLSTATE 22021)'
            pg.add(t, postgres(t, pid, "ERROR", f'invalid byte sequence for encoding "UTF8": {bad}', user_db="importer@koppla"))
            pg.add(t, postgres(t, pid, "CONTEXT", f"COPY listing_staging, line {line}, column summary", user_db="importer@koppla"))
            pg.add(t, postgres(t, pid, "STATEMENT", COPY_SQL, user_db="importer@koppla"))
            failures.append(t)
            t += dt.timedelta(milliseconds=rng.randint(2, 9))
            if attempt < 3:
                slog(t, "WARN", "import attempt failed, retrying", supplier=slug, format=fmt, attempt=attempt, err=f"copy listing_staging: {err}")
                t += dt.timedelta(seconds=30 * attempt)
                slog(t, "INFO", "feed fetched", supplier=slug, source=f"sftp://sftp.koppla.se/in/{slug}/", bytes=rows * rng.randint(1400, 2600), items=rows)
            else:
                slog(t, "ERROR", "feed import failed", supplier=slug, format=fmt, attempts=3, err=f"copy listing_staging: {err}")
                a_t = t + dt.timedelta(seconds=rng.randint(35, 75))
                alerts.add(a_t, json.dumps({"receiver": "catalog-oncall", "status": "firing", "groupKey": '{}:{alertname="FeedImportFailed"}',
                                            "alerts": [{"status": "firing", "labels": {"alertname": "FeedImportFailed", "severity": "page", "team": "catalog", "supplier": slug, "format": fmt},
                                                        "annotations": {"summary": f"Feed import for {slug} failed after 3 attempts",
                                                                        "runbook_url": "https://github.com/koppla/feed-importer/blob/main/docs/runbook.md#feedimportfailed"},
                                                        "startsAt": stamp(t), "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "https://prometheus.koppla.internal/graph?g0.expr=increase%28koppla_feed_import_failures_total%5B10m%5D%29+%3E+0"}],
                                            "externalURL": "https://alertmanager.koppla.internal", "version": "4", "receivedAt": stamp(a_t)}, ensure_ascii=False, separators=(",", ":")))

    # stock-only deltas from the suppliers' APIs, every minute (numbers, no text)
    t = START + dt.timedelta(seconds=rng.randint(10, 50))
    while t < END:
        for slug, sid, fmt, lang, _, _, _ in SUPPLIERS:
            if rng.random() < 0.4:
                tt = t + dt.timedelta(milliseconds=rng.randint(0, 9000))
                slog(tt, "INFO", "stock delta applied", supplier=slug, rows=rng.randint(1, 400), took=f"{rng.uniform(0.01, 0.3):.3f}s")
        if rng.random() < 0.08:
            tt = t + dt.timedelta(milliseconds=rng.randint(0, 9000))
            slog(tt, "WARN", "stock delta skipped", supplier=rng.choice(["maison-coton", "tessuti-como", "vaxjo-glas"]), reason="unknown sku", sku=f"{rng.randint(100000, 999999)}")
        t += dt.timedelta(minutes=1)
    # a resolved stale-feed alert earlier in the evening, the usual kind
    a_t = START + dt.timedelta(minutes=23, seconds=11)
    alerts.add(a_t, json.dumps({"receiver": "catalog-oncall", "status": "resolved", "groupKey": '{}:{alertname="FeedImportStale"}',
                                "alerts": [{"status": "resolved", "labels": {"alertname": "FeedImportStale", "severity": "ticket", "team": "catalog", "supplier": "vaxjo-glas", "format": "bmecat-2005"},
                                            "annotations": {"summary": "No successful import for vaxjo-glas in 26h"}, "startsAt": "2026-05-19T14:02:00.000Z", "endsAt": stamp(a_t - dt.timedelta(minutes=1)),
                                            "generatorURL": "https://prometheus.koppla.internal/graph"}], "externalURL": "https://alertmanager.koppla.internal", "version": "4", "receivedAt": stamp(a_t)}, separators=(",", ":")))
    return [app, pg, alerts, deploy], failures, last_success


def build(out_dir):
    rng = random.Random(16200)
    repo, culprit, head, config = build_repo()
    try:
        logs, failures, last_success = build_logs(rng, culprit, head, config)
        onset = min(failures).replace(microsecond=0)
        base = {"nordhaus": utc("2026-05-19 22:05:30"), "stilla-textil": utc("2026-05-19 22:20:40"), "bondi-linen": utc("2026-05-19 01:30:50"),
                "kyoto-tojiki": utc("2026-05-19 01:30:40"), "seoul-living": utc("2026-05-19 01:45:50"), "taipei-tea-house": utc("2026-05-19 01:00:30")}

        def age(slug):
            def fn(t):
                done = [s for s in last_success.get(slug, []) if s <= t] + [base[slug]]
                return round((t - max(done)).total_seconds())
            return fn

        metrics = {
            "koppla_feed_last_success_age_seconds.json": query_range(
                [({"__name__": "koppla_feed_last_success_age_seconds", "supplier": slug, "job": "feed-importer"}, age(slug)) for slug in base],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="utf8-summary-truncation", service=SERVICE, onset=onset, metrics=metrics,
            description=f"""
Asian suppliers' morning feeds fail to import. From {onset.strftime('%H:%M')} UTC on 20 May the feed
importer's runs for the Japanese, then the Korean and Taiwanese suppliers
fail three times each and give up; their price and assortment updates do
not reach the marketplace. The European feeds and the Australian supplier's
import fine. feed-importer was released at 15:02 on 19 May and restarted at
23:58 for a COPY batch-size config change.
""",
            logs=logs, repo=repo, culprit=culprit,
            root_cause=[r"invalid byte sequence for encoding", r"COPY listing_staging, line .*column summary"],
            fix_files=["internal/textutil/truncate.go"],
            explanation="""
The culprit is "textutil: truncate without converting to []rune"
(internal/textutil/truncate.go), committed at 13:48 on 19 May and shipped in
the 15:02 release, whose version is the later logging commit. Truncate now
counts runes but slices bytes (s[:n-1]), so a cut can fall inside a
multi-byte character. Only csv-v2 feeds, which have no short description,
reach Truncate; the Australian one is English and imports fine. At 00:30
the first Japanese feed arrives, nearly every cut lands inside a three-byte
character, and PostgreSQL refuses the COPY: "invalid byte sequence for
encoding "UTF8"", CONTEXT "COPY listing_staging, line N, column summary".
The importer retries, gives up ("feed import failed") and the Korean and
Taiwanese feeds fail the same way. The fix cuts on a rune boundary.

Decoys: the COPY batch-size change (5000 -> 2000 rows) rolled out at 23:58,
32 minutes before the onset, whose restart names the config commit; the pgx
v5.6.0 bump that morning (the driver that runs the COPY); the commit that
logs supplier, format and attempt (the failing lines' own fields, and the
release's version); the Truncate benchmark; the feed-formats docs page;
slow stock updates in the PostgreSQL log; chores; the fix after.
""",
        )
    finally:
        repo.close()
