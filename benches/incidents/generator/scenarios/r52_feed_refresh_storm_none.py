"""feed-server (Go 1.23, zap and pgx; 6 to 12 pods on EKS behind an HPA,
deployed by a GitHub Actions workflow with kustomize; team in Amsterdam,
Cape Town and Toronto) of Fernwave, a podcast host with about 38,000
shows. It serves every show's RSS feed, https://feeds.fernwave.fm/shows/
<slug>.xml, rendered from the catalogue's Aurora PostgreSQL reader with an
in-process cache of 4,000 feeds for 60 s, behind Cloudflare (a cache rule
keeps feeds at the edge for 60 s; Cloudflare's cache key includes the
query string). Apple Podcasts, Spotify, Overcast, Pocket Casts and the
other directories and apps poll the feeds, most with conditional
requests; about 93% are answered at the edge. publish-api (Node) purges a
show's feed on publish, warms it through the origin and pings the
directories.

Tuesday 20 October 17:10 UTC: Driftwood, an independent iOS podcast app,
releases 6.2.0 on the App Store without a phased release. Its new refresh
engine (Alamofire instead of URLSession) re-downloads every subscribed
feed each time the app is woken in the background and adds a cache-buster
(`?_=<epoch ms>`) to each request, because some hosts' CDNs had served it
stale feeds. Phones update overnight; on Wednesday morning in the US
Driftwood 6.2.0's requests climb past 2,000 a second, each a cache miss at
Cloudflare and a render at the origin.

Wednesday 21 October: at 12:21 feed-server's release 2026.10.21-1 goes
out (FEED-312: <podcast:transcript> per episode, a join on the
transcripts in the very render path; FEED-311 of the evening before,
which logs "feed render timed out" with the query timings; FEED-309, the
reader pool 20 -> 30; a pgx bump). From 12:45 the reader's CPU is
saturated and renders time out: the origin answers 503, feeds purged on
publish cannot be fetched by Apple or Spotify, new episodes do not appear.
The HPA scales to 12 pods, which doubles the reader's connections. The
on-call rolls back to Monday's image at 13:16 (the lines go back to
"request failed: context deadline exceeded"; nothing else changes).
Cloudflare's analytics show the cache-busting Driftwood requests; at
14:03 the platform team's cache rule (in the Cloudflare Terraform, not
this repo) ignores the query string for feeds, and the origin recovers in
two minutes. Driftwood's status page posts at 14:35, 1 h 50 min after the
onset; 6.2.1 goes to Apple's expedited review and Driftwood turns the
background refresh off remotely at 15:05. The release goes out again at
14:50. Nothing in feed-server caused it.

Sources: feed-server (zap console encoder, tab-separated, line format),
Cloudflare Logpush for feeds.fernwave.fm (http_requests, JSON, sampled
1:10,000), the Aurora PostgreSQL reader's log, publish-api (pino JSON),
GitHub Actions deploy runs, Driftwood's status page (Statuspage JSON, as
polled), #inc-feeds (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "feed-server"
START, END = utc("2026-10-21 11:30:00"), utc("2026-10-21 15:10:00")
RELEASE = utc("2026-10-21 12:21:10")        # new pods serving
HPA_MAX = utc("2026-10-21 12:56:40")
ROLLBACK = utc("2026-10-21 13:16:30")
CF_RULE = utc("2026-10-21 14:03:30")
DW_STATUS = utc("2026-10-21 14:35:12")
REDEPLOY = utc("2026-10-21 14:50:20")
DW_REMOTE_OFF = utc("2026-10-21 15:05:00")
SAMPLE = 1e-4
PODS_A = ["feed-server-6f7d9c8b5-2lq8w", "feed-server-6f7d9c8b5-7xkzp", "feed-server-6f7d9c8b5-c4m2n",
          "feed-server-6f7d9c8b5-hr9tb", "feed-server-6f7d9c8b5-p6vds", "feed-server-6f7d9c8b5-wz3jf"]
PODS_B = ["feed-server-84c5bd7f9-5ntgk", "feed-server-84c5bd7f9-9dq2x", "feed-server-84c5bd7f9-fk7vm",
          "feed-server-84c5bd7f9-jm4rs", "feed-server-84c5bd7f9-qs8lh", "feed-server-84c5bd7f9-xb2cw"]
PODS_B_HPA = ["feed-server-84c5bd7f9-2gv7d", "feed-server-84c5bd7f9-6kcwq", "feed-server-84c5bd7f9-bh5tz",
              "feed-server-84c5bd7f9-ln8xr", "feed-server-84c5bd7f9-rt3mp", "feed-server-84c5bd7f9-zw6kq"]
PODS_C = ["feed-server-6f7d9c8b5-3jw9r", "feed-server-6f7d9c8b5-8pnx4", "feed-server-6f7d9c8b5-dk6ht",
          "feed-server-6f7d9c8b5-gq2vz", "feed-server-6f7d9c8b5-mx7cs", "feed-server-6f7d9c8b5-s9bfl",
          "feed-server-6f7d9c8b5-tc4kp", "feed-server-6f7d9c8b5-v2hwn", "feed-server-6f7d9c8b5-wl5qd",
          "feed-server-6f7d9c8b5-xf8mj", "feed-server-6f7d9c8b5-z3rgb", "feed-server-6f7d9c8b5-zn7pq"]
PODS_D = ["feed-server-84c5bd7f9-4hs6v", "feed-server-84c5bd7f9-7cwqm", "feed-server-84c5bd7f9-b8zrx",
          "feed-server-84c5bd7f9-ft2nk", "feed-server-84c5bd7f9-kq9jd", "feed-server-84c5bd7f9-nv5tl"]

SHOWS = ["the-daily-grind", "mornings-with-maya", "true-crime-tuesdays", "second-serve", "the-long-table", "dirt-road-diaries",
         "quiet-hours", "build-log", "after-the-whistle", "open-ledger", "the-night-shift", "small-print", "signal-and-noise",
         "the-garden-path", "cold-open", "half-court", "the-slow-read", "field-notes-radio", "minor-chords", "the-margin",
         "coffee-and-code", "late-checkout", "the-paper-trail", "ridgeline", "backstage-pass", "weekend-kitchen",
         "the-undercard", "local-history-hour", "kids-ask-why", "deep-water", "pitch-and-putt", "the-commute",
         "thirty-minute-mba", "stand-up-sit-down", "the-long-game", "night-market", "two-guys-one-mic", "the-wild-card"]

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/fernwave/feed-server

go 1.23

require (
\tgithub.com/hashicorp/golang-lru/v2 v2.0.7
\tgithub.com/jackc/pgx/v5 v5.6.0
\tgo.uber.org/zap v1.27.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

HANDLER = """package httpapi

import (
\t"context"
\t"crypto/sha256"
\t"encoding/hex"
\t"net/http"
\t"strings"
\t"time"

\t"go.uber.org/zap"

\t"github.com/fernwave/feed-server/internal/cache"
\t"github.com/fernwave/feed-server/internal/render"
)

type Handler struct {
\tRender  *render.Renderer
\tCache   *cache.Feeds
\tTimeout time.Duration
\tLog     *zap.Logger
}

// ServeHTTP serves /shows/{slug}.xml. Query strings are ignored here; the
// edge caches by URL.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tslug := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/shows/"), ".xml")
\tbody, ok := h.Cache.Get(slug)
\tif !ok {
\t\tctx, cancel := context.WithTimeout(r.Context(), h.Timeout)
\t\tdefer cancel()
\t\tvar err error
\t\tbody, err = h.Render.Feed(ctx, slug)
\t\tif err != nil {
\t\t\th.Log.Error("request failed", zap.String("path", r.URL.Path), zap.Int("status", http.StatusServiceUnavailable), zap.Error(err))
\t\t\thttp.Error(w, "feed temporarily unavailable", http.StatusServiceUnavailable)
\t\t\treturn
\t\t}
\t\th.Cache.Add(slug, body)
\t}
\tsum := sha256.Sum256(body)
\tetag := `"` + hex.EncodeToString(sum[:12]) + `"`
\tw.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
\tw.Header().Set("Cache-Control", "public, max-age=60, stale-if-error=86400")
\tw.Header().Set("ETag", etag)
\tif r.Header.Get("If-None-Match") == etag {
\t\tw.WriteHeader(http.StatusNotModified)
\t\treturn
\t}
\tw.Write(body)
}
"""

RENDER = """package render

import (
\t"bytes"
\t"context"
\t"text/template"

\t"github.com/fernwave/feed-server/internal/store"
)

type Renderer struct {
\tStore *store.Store
\ttmpl  *template.Template
}

func New(s *store.Store) *Renderer {
\treturn &Renderer{Store: s, tmpl: template.Must(template.ParseFS(templates, "templates/feed.xml.tmpl"))}
}

// Feed renders a show's RSS: the channel and up to 3,000 episodes.
func (r *Renderer) Feed(ctx context.Context, slug string) ([]byte, error) {
\tshow, err := r.Store.Show(ctx, slug)
\tif err != nil {
\t\treturn nil, err
\t}
\teps, err := r.Store.Episodes(ctx, show.ID, 3000)
\tif err != nil {
\t\treturn nil, err
\t}
\tvar buf bytes.Buffer
\terr = r.tmpl.Execute(&buf, map[string]any{"Show": show, "Episodes": eps})
\treturn buf.Bytes(), err
}
"""

STORE = """package store

import (
\t"context"

\t"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct{ Pool *pgxpool.Pool }

const episodesSQL = `SELECT e.id, e.guid, e.title, e.published_at, e.duration_s, e.enclosure_url, e.enclosure_bytes,
       e.description_html, e.explicit, e.season, e.number
  FROM episodes e
 WHERE e.show_id = $1 AND e.published_at <= now() AND e.deleted_at IS NULL
 ORDER BY e.published_at DESC
 LIMIT $2`

func (s *Store) Episodes(ctx context.Context, showID int64, limit int) ([]Episode, error) {
\trows, err := s.Pool.Query(ctx, episodesSQL, showID, limit)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn scanEpisodes(rows)
}
"""

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>{{.Show.Title}}</title>
  <link>{{.Show.Website}}</link>
  <itunes:image href="{{.Show.ArtworkURL}}"/>
  {{range .Episodes}}<item>
    <title>{{.Title}}</title>
    <guid isPermaLink="false">{{.GUID}}</guid>
    <pubDate>{{.PubDate}}</pubDate>
    <enclosure url="{{.EnclosureURL}}" length="{{.EnclosureBytes}}" type="audio/mpeg"/>
    <itunes:duration>{{.DurationS}}</itunes:duration>
  </item>
  {{end}}
</channel>
</rss>
"""

CONFIG = """addr: ":8080"
render_timeout: 5s
cache:
  entries: 4000
  ttl: 60s
catalogue:
  dsn_env: CATALOGUE_READER_DSN
  max_conns: 20
  min_conns: 4
"""

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: feed-server
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: feed-server }
  minReplicas: 6
  maxReplicas: 8
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
"""

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      image_tag: { description: "image tag to deploy (default: this commit)", required: false }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "arn:aws:iam::590183746221:role/gha-feed-server", aws-region: us-east-1 }
      - run: make image push TAG=${{ inputs.image_tag || github.sha }}
      - run: cd deploy/k8s && kustomize edit set image feed-server=590183746221.dkr.ecr.us-east-1.amazonaws.com/feed-server:${{ inputs.image_tag || github.sha }} && kubectl apply -k . && kubectl -n feeds rollout status deploy/feed-server --timeout=10m
"""

RUNBOOK_ALERTS = [
    ("FeedOrigin5xx", "feed-server answers 5xx to Cloudflare. Directories retry, but feeds purged on publish are unavailable until the origin answers. Check the catalogue reader's CPU and connections (RDS console, `catalogue-reader-1`)."),
    ("FeedRenderLatency", "p99 render over 2 s. Usually one huge show (daily shows with 3,000 episodes); see the slow render lines."),
]


def build_repo():
    repo = Repo()
    anneke = Person("Anneke de Vries", "anneke.devries@fernwave.fm", 120)
    sipho = Person("Sipho Ndlovu", "sipho.ndlovu@fernwave.fm", 120)
    marcus = Person("Marcus Chen", "marcus.chen@fernwave.fm", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    h, rnd, st, cfg = "internal/httpapi/handler.go", "internal/render/render.go", "internal/store/store.go", "config/production.yaml"
    tmpl = "internal/render/templates/feed.xml.tmpl"
    files = {
        "go.mod": GO_MOD,
        "cmd/feed-server/main.go": "package main\n\n// main wires config, the catalogue pool, the renderer, the feed cache and\n// the handler; logs with zap's console encoder and the pod name.\nfunc main() {\n\trun()\n}\n",
        h: HANDLER,
        rnd: RENDER,
        st: STORE,
        tmpl: TEMPLATE,
        "internal/cache/cache.go": "package cache\n\n// Feeds is an LRU of rendered feeds keyed by show slug, entries expire\n// after the configured TTL.\ntype Feeds struct{}\n",
        cfg: CONFIG,
        "deploy/k8s/hpa.yaml": HPA,
        "deploy/k8s/kustomization.yaml": "namespace: feeds\nresources:\n  - deployment.yaml\n  - service.yaml\n  - hpa.yaml\nimages:\n  - name: feed-server\n    newName: 590183746221.dkr.ecr.us-east-1.amazonaws.com/feed-server\n",
        ".github/workflows/deploy.yml": DEPLOY_WF,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.23.1' }\n      - run: go vet ./...\n      - run: go test ./...\n",
        "README.md": "# feed-server\n\nServes every Fernwave show's RSS feed at https://feeds.fernwave.fm/shows/<slug>.xml\nfrom the catalogue reader, behind Cloudflare. Cloudflare's configuration\n(cache rules, WAF) lives in the platform team's `infra-edge` Terraform.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-10-14 08:20:00"), anneke, "feed-server: RSS feeds from the catalogue reader, cached in process", files)
    repo.schedule(chores(random.Random(52201), SERVICE, [anneke, sipho, marcus], utc("2026-10-14 09:00:00"), utc("2026-10-20 14:00:00"), 3))
    repo.commit(utc("2026-10-15 18:30:00"), marcus, "render: <itunes:image> per episode when it has its own art (FEED-296)", {
        tmpl: repo.edit(tmpl, "    <itunes:duration>{{.DurationS}}</itunes:duration>\n", "    <itunes:duration>{{.DurationS}}</itunes:duration>\n    {{if .ArtworkURL}}<itunes:image href=\"{{.ArtworkURL}}\"/>{{end}}\n"),
    })
    repo.commit(utc("2026-10-16 08:10:00"), anneke, "httpapi: weak ETag match for If-None-Match (FEED-301)\n\nCloudflare turns our strong ETag into a weak one when it compresses the\nfeed, so Overcast's and Apple's conditional requests never matched and\ngot the whole feed.", {
        h: repo.edit(h, "\tif r.Header.Get(\"If-None-Match\") == etag {\n", "\tif inm := strings.TrimPrefix(r.Header.Get(\"If-None-Match\"), \"W/\"); inm == etag {\n"),
    })
    monday = repo.commit(utc("2026-10-19 11:05:00"), sipho, "hpa: max 12 pods, scale at 60% CPU (FEED-305)\n\nPublishing peaks on the hour render a few hundred feeds at once.", {
        "deploy/k8s/hpa.yaml": repo.edit("deploy/k8s/hpa.yaml", "  maxReplicas: 8\n", "  maxReplicas: 12\n").replace("averageUtilization: 70", "averageUtilization: 60"),
    })
    repo.commit(utc("2026-10-20 14:10:00"), marcus, "config: catalogue reader pool 20 -> 30 conns per pod (FEED-309)\n\nOn-the-hour publish peaks queue on the pool (pgxpool acquire waits in\nthe traces).", {
        cfg: repo.edit(cfg, "  max_conns: 20\n", "  max_conns: 30\n"),
    })
    repo.commit(utc("2026-10-20 16:40:00"), anneke, "render: log slow and timed-out renders with the show and query timings (FEED-311)\n\nA 503 only said \"request failed: context deadline exceeded\"; we could\nnot tell a huge show from a slow reader.", {
        rnd: repo.edit(rnd, "\teps, err := r.Store.Episodes(ctx, show.ID, 3000)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n",
                       "\tstart := time.Now()\n\teps, err := r.Store.Episodes(ctx, show.ID, 3000)\n\tqueryMs := time.Since(start).Milliseconds()\n\tif ctx.Err() == context.DeadlineExceeded {\n\t\tr.Log.Error(\"feed render timed out\", zap.String(\"show\", slug), zap.Int64(\"query_ms\", queryMs), zap.Int64(\"elapsed_ms\", time.Since(start).Milliseconds()))\n\t\treturn nil, ctx.Err()\n\t}\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tif queryMs > 1000 {\n\t\tr.Log.Warn(\"feed render slow\", zap.String(\"show\", slug), zap.Int64(\"query_ms\", queryMs), zap.Int(\"episodes\", len(eps)))\n\t}\n").replace(
            "import (\n\t\"bytes\"\n\t\"context\"\n\t\"text/template\"\n", "import (\n\t\"bytes\"\n\t\"context\"\n\t\"text/template\"\n\t\"time\"\n\n\t\"go.uber.org/zap\"\n").replace(
            "\tStore *store.Store\n\ttmpl  *template.Template\n", "\tStore *store.Store\n\tLog   *zap.Logger\n\ttmpl  *template.Template\n"),
    })
    repo.commit(utc("2026-10-21 06:10:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.1", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.6.0", "github.com/jackc/pgx/v5 v5.7.1"),
    })
    repo.commit(utc("2026-10-21 07:55:00"), sipho, "render: <podcast:transcript> for episodes with transcripts (FEED-312)\n\nApple Podcasts and Podcast Index show creators' own transcripts when the\nfeed links them; transcripts live in episode_transcripts (one per\nformat).", {
        st: repo.edit(st, "       e.description_html, e.explicit, e.season, e.number\n  FROM episodes e\n",
                      "       e.description_html, e.explicit, e.season, e.number,\n       t.url AS transcript_url, t.mime_type AS transcript_type\n  FROM episodes e\n  LEFT JOIN episode_transcripts t ON t.episode_id = e.id AND t.format = 'srt'\n"),
        tmpl: repo.edit(tmpl, "    <itunes:duration>{{.DurationS}}</itunes:duration>\n", "    <itunes:duration>{{.DurationS}}</itunes:duration>\n    {{if .TranscriptURL}}<podcast:transcript url=\"{{.TranscriptURL}}\" type=\"{{.TranscriptType}}\"/>{{end}}\n"),
    })
    repo.commit(utc("2026-10-21 08:40:00"), anneke, "runbook: FeedOrigin5xx, roll back the last release first", {
        "docs/runbook.md": repo.edit("docs/runbook.md", "Check the catalogue reader's CPU and connections (RDS console, `catalogue-reader-1`).",
                                     "First roll back the last release (`gh workflow run deploy -f image_tag=<previous>`): nearly every origin 5xx so far came with a render change. Then check the catalogue reader's CPU and connections (RDS console, `catalogue-reader-1`)."),
    })
    head = repo.commit(utc("2026-10-21 09:58:00"), sipho, "ci: Go 1.23.2 in CI and the image", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "go-version: '1.23.1'", "go-version: '1.23.2'"),
    })
    deployed_monday = repo._git("rev-list", "-1", "--before=2026-10-19T15:30:00Z", "HEAD")
    return repo, {"monday": monday, "deployed_monday": deployed_monday, "head": head}


# ---------------------------------------------------------------------------
# the morning


def lerp(points, t):
    xs = [(utc(f"2026-10-21 {hm}:00"), v) for hm, v in points]
    if t <= xs[0][0]:
        return xs[0][1]
    for (t0, v0), (t1, v1) in zip(xs, xs[1:]):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0).total_seconds() / (t1 - t0).total_seconds()
    return xs[-1][1]


def driftwood_rps(t):
    """Edge requests per second from Driftwood 6.2.0."""
    v = lerp([("11:30", 260), ("12:00", 900), ("12:30", 1820), ("12:50", 2500), ("13:15", 3250), ("13:45", 3800), ("14:30", 3950), ("15:05", 4000), ("15:10", 1100)], t)
    return v


def origin_rps(t):
    d = driftwood_rps(t)
    if t >= CF_RULE + dt.timedelta(seconds=40):
        d = min(d, 240)   # one miss per feed per minute at the edge
    return 95 + d


def capacity(t):
    if ROLLBACK <= t < ROLLBACK + dt.timedelta(minutes=3):
        return 1850       # cold in-process caches on the new pods
    if t >= HPA_MAX:
        return 2280       # twice the connections on the reader
    return 2400


def error_fraction(t):
    return max(0.0, 1 - capacity(t) / origin_rps(t))


def code_era(t):
    """'new' (2026.10.21-1: FEED-311 lines) or 'old' (Monday's image)."""
    return "new" if RELEASE <= t < ROLLBACK or t >= REDEPLOY else "old"


def pods_at(t):
    if t < RELEASE:
        return PODS_A
    if t < ROLLBACK:
        return PODS_B + (PODS_B_HPA if t >= HPA_MAX else [])
    if t < REDEPLOY:
        return PODS_C if t < CF_RULE + dt.timedelta(minutes=9) else PODS_C[:6]
    return PODS_D


def build_logs(rng, shas):
    app, cf, pg, pub, gha, status, slack = (Log("feed-server.log"), Log("cloudflare-feeds.log"), Log("aurora-catalogue-reader.log"),
                                            Log("publish-api.log"), Log("github-actions-deploy.log"), Log("driftwood-status.log"), Log("slack-inc-feeds.log"))
    stats = {"errors": []}

    def zlog(t, level, caller, msg, pod, **fields):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            body = {"pod": pod}
            body.update(fields)
            app.add(t, f"{stamp}\t{level}\t{caller}\t{msg}\t{json.dumps(body, separators=(', ', ': '))}")

    # --- feed-server: per-pod cache stats every minute; errors and slow renders
    t = START
    while t < END:
        pods = pods_at(t)
        o = origin_rps(t)
        e = error_fraction(t)
        per_pod = o * 60 / len(pods)
        hit = 0.62 if o < 400 else max(0.22, 0.62 - (o - 400) / 6000)
        for pod in pods:
            tt = t + dt.timedelta(seconds=rng.uniform(0, 59))
            zlog(tt, "INFO", "cache/cache.go:88", "feed cache stats", pod, entries=4000 if o > 400 else rng.randint(3100, 3900),
                 hits=int(per_pod * hit * rng.uniform(0.9, 1.1)), misses=int(per_pod * (1 - hit) * rng.uniform(0.9, 1.1)),
                 evictions=int(per_pod * (1 - hit) * (0.96 if o > 400 else 0.2) * rng.uniform(0.9, 1.1)))
        # errors: zap's sampler keeps the first 100 a second and every 100th after; the file keeps what reached the aggregator
        n_err = int(e * o * 60 / 400) if e > 0 else 0
        for _ in range(min(n_err, 36)):
            tt = t + dt.timedelta(seconds=rng.uniform(0, 60))
            if not START <= tt < END:
                continue
            pod = rng.choice(pods_at(tt))
            show = rng.choice(SHOWS) if rng.random() < 0.5 else f"show-{rng.randint(10000, 99999)}"
            stats["errors"].append(tt)
            if code_era(tt) == "new":
                qms = rng.randint(4700, 4999)
                zlog(tt, "ERROR", "render/render.go:41", "feed render timed out", pod, show=show, query_ms=qms, elapsed_ms=5000 + rng.randint(0, 6))
            else:
                zlog(tt, "ERROR", "httpapi/handler.go:38", "request failed", pod, path=f"/shows/{show}.xml", status=503,
                     error=rng.choice(["context deadline exceeded", "failed to connect to `user=feeds_ro database=catalogue`: context deadline exceeded",
                                       "context deadline exceeded", "timeout: context deadline exceeded"]))
        if code_era(t) == "new":
            slow = int(max(0, o - 1700) / 40) if t < CF_RULE + dt.timedelta(minutes=2) else 0
            for _ in range(min(slow, 10) + (1 if rng.random() < 0.3 else 0)):
                tt = t + dt.timedelta(seconds=rng.uniform(0, 60))
                zlog(tt, "WARN", "render/render.go:48", "feed render slow", rng.choice(pods_at(tt)), show=rng.choice(SHOWS),
                     query_ms=rng.randint(1001, 4600) if slow else rng.randint(1001, 1400), episodes=rng.choice([3000, 2431, 1877, 912, 408]))
        t += dt.timedelta(minutes=1)

    # starts
    def starts(t0, pods, version, sha):
        for k, pod in enumerate(pods):
            tt = t0 - dt.timedelta(seconds=50 - k * 7)
            zlog(tt, "INFO", "feed-server/main.go:52", "starting feed-server", pod, version=version, commit=sha[:12], go="go1.23.2" if version != "2026.10.19-2" else "go1.23.1")
            zlog(tt + dt.timedelta(milliseconds=rng.randint(300, 700)), "INFO", "feed-server/main.go:71", "catalogue pool ready", pod,
                 max_conns=30 if version != "2026.10.19-2" else 20, host="catalogue-reader-1.cluster-ro-cq8v2x1mz0tb.us-east-1.rds.amazonaws.com")
            zlog(tt + dt.timedelta(seconds=1), "INFO", "feed-server/main.go:88", "listening", pod, addr=":8080")

    starts(RELEASE, PODS_B, "2026.10.21-1", shas["head"])
    starts(HPA_MAX + dt.timedelta(seconds=55), PODS_B_HPA, "2026.10.21-1", shas["head"])
    starts(ROLLBACK, PODS_C, "2026.10.19-2", shas["deployed_monday"])
    starts(REDEPLOY, PODS_D, "2026.10.21-1", shas["head"])
    for pod in PODS_C[6:]:
        zlog(CF_RULE + dt.timedelta(minutes=9, seconds=rng.randint(0, 30)), "INFO", "feed-server/main.go:97", "shutting down", pod, reason="SIGTERM")

    # --- Cloudflare Logpush, sampled 1:10,000
    colos = ["IAD", "IAD", "EWR", "ORD", "ATL", "DFW", "LAX", "SJC", "SEA", "YYZ", "LHR", "AMS", "FRA", "SYD"]
    directories = [
        (15, "iTMS", "apple"), (12, "Spotify/1.0", "spotify"),
        (8, None, "overcast"), (7, "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)", "pocketcasts"),
        (6, "PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)", "app"),
        (5, None, "driftwood61"), (4, "Amazon Music Podcast", "amazon"),
        (3, None, "feedly"), (6, "AppleCoreMedia/1.0.0.22H124 (iPhone; U; CPU OS 18_6_2 like Mac OS X; en_us)", "app"),
        (4, "Castro 2026.9 (Build 1204)", "app"), (30, None, "misc"),
    ]
    misc_uas = ["Mozilla/5.0 (compatible; Podbean/FeedUpdate 2.1; +http://www.podbean.com/)", "iVoox/2.0", "Podchaser-Parser",
                "TuneIn-Podcast-Fetcher/1.0", "Deezer Podcasting", "Player FM/1.0 (+https://player.fm/)", "gPodder/3.11.4 (+http://gpodder.org/) Linux",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"]

    def ray():
        return hexid(rng, 16)

    def cf_line(t, ip, uri, ua, edge, cache, origin_status, origin_ms, size):
        if START <= t < END:
            cf.add(t, json.dumps({"CacheCacheStatus": cache, "ClientCountry": "us" if rng.random() < 0.7 else rng.choice(["ca", "gb", "au", "de"]),
                                  "ClientIP": ip, "ClientRequestHost": "feeds.fernwave.fm", "ClientRequestMethod": "GET", "ClientRequestURI": uri,
                                  "ClientRequestUserAgent": ua, "EdgeColoCode": rng.choice(colos), "EdgeResponseBytes": size, "EdgeResponseStatus": edge,
                                  "EdgeStartTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "OriginResponseDurationMs": origin_ms,
                                  "OriginResponseStatus": origin_status, "RayID": ray()}, separators=(",", ":")))

    def feed_size():
        return rng.randint(18000, 2400000)

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1500 * SAMPLE))
        kind = None
        pick = rng.uniform(0, 100)
        for w, ua, k in directories:
            pick -= w
            if pick <= 0:
                kind = (ua, k)
                break
        ua, k = kind or directories[-1][1:]
        if k == "overcast":
            ua = f"Overcast/1.0 Podcast Sync ({rng.randint(1, 4000)} subscribers; feed-id={rng.randint(100000, 3999999)}; +http://overcast.fm/)"
        elif k == "feedly":
            ua = f"Feedly/1.0 (+http://www.feedly.com/fetcher.html; {rng.randint(1, 40)} subscribers; like FeedFetcher-Google)"
        elif k == "driftwood61":
            ua = f"Driftwood/{rng.choice(['6104', '6104', '6102'])} CFNetwork/{rng.choice(['1568.200.51', '1568.300.101'])} Darwin/{rng.choice(['24.1.0', '24.2.0'])}"
        elif k == "misc":
            ua = rng.choice(misc_uas)
        slug = rng.choice(SHOWS) if rng.random() < 0.35 else f"show-{rng.randint(10000, 99999)}"
        ip = f"{rng.randint(17, 209)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        x = rng.random()
        e = error_fraction(t)
        if x < 0.55:
            cf_line(t, ip, f"/shows/{slug}.xml", ua, 304 if k in ("apple", "overcast", "pocketcasts", "spotify") and rng.random() < 0.7 else 200, "hit", 0, 0, feed_size())
        elif x < 0.93:
            # revalidated at the origin; on an origin error, stale-if-error serves the old copy
            if rng.random() < e:
                cf_line(t, ip, f"/shows/{slug}.xml", ua, 200, "stale", 503, 5000 + rng.randint(0, 40), feed_size())
            else:
                cf_line(t, ip, f"/shows/{slug}.xml", ua, 304 if k in ("apple", "overcast", "pocketcasts") and rng.random() < 0.6 else 200, "revalidated", 304, rng.randint(12, 180) + int(3000 * e), 0 if rng.random() < 0.4 else feed_size())
        else:
            # a miss: just purged on publish, or a cold long-tail feed
            if rng.random() < e:
                cf_line(t, ip, f"/shows/{slug}.xml", ua, 503, "miss", 503, 5000 + rng.randint(0, 40), 191)
            else:
                cf_line(t, ip, f"/shows/{slug}.xml", ua, 200, "miss", 200, rng.randint(30, 400) + int(3000 * e), feed_size())

    t = START
    while t < END:
        rate = driftwood_rps(t) * SAMPLE
        t += dt.timedelta(seconds=rng.expovariate(rate))
        if t >= END:
            break
        ip = f"{rng.choice([98, 73, 174, 47, 108, 172, 24, 71])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ios = rng.choice(["18.6.2", "18.6.2", "18.7", "18.5", "26.0.1"])
        build = "6204"
        ua = f"Driftwood/6.2.0 (com.driftwoodapp.ios; build:{build}; iOS {ios}) Alamofire/5.9.1"
        slug = rng.choice(SHOWS) if rng.random() < 0.4 else f"show-{rng.randint(10000, 99999)}"
        ms_epoch = int(t.timestamp() * 1000) - rng.randint(80, 900)
        uri = f"/shows/{slug}.xml?_={ms_epoch}"
        if t >= CF_RULE:
            hit = rng.random() < 0.94
            cf_line(t, ip, uri, ua, 200, "hit" if hit else "miss", 0 if hit else 200, 0 if hit else rng.randint(30, 300), feed_size())
        elif rng.random() < error_fraction(t):
            cf_line(t, ip, uri, ua, 503, "miss", 503, 5000 + rng.randint(0, 40), 191)
        else:
            cf_line(t, ip, uri, ua, 200, "miss", 200, rng.randint(30, 400) + int(4000 * error_fraction(t)) + int(driftwood_rps(t) / 20), feed_size())

    # --- Aurora PostgreSQL reader
    clients = {}

    def plog(t, pid, level, msg):
        if START <= t < END:
            c = clients.setdefault(pid, f"10.40.{rng.randint(10, 14)}.{rng.randint(2, 250)}({rng.randint(30000, 65000)})")
            pg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC:{c}:feeds_ro@catalogue:[{pid}]:{level}:  {msg}")

    ep_sql = ("execute stmtcache_{h}: SELECT e.id, e.guid, e.title, e.published_at, e.duration_s, e.enclosure_url, e.enclosure_bytes, "
              "e.description_html, e.explicit, e.season, e.number{extra} FROM episodes e{join} WHERE e.show_id = $1 AND e.published_at <= now() "
              "AND e.deleted_at IS NULL ORDER BY e.published_at DESC LIMIT $2")
    t = START
    while t < END:
        o = origin_rps(t)
        load = o / capacity(t)
        n_slow = int(max(0.0, load - 0.7) * 20) + (1 if rng.random() < 0.25 else 0)
        e = error_fraction(t)
        for _ in range(min(n_slow, 12)):
            tt = t + dt.timedelta(seconds=rng.uniform(0, 60))
            new = code_era(tt) == "new"
            sql = ep_sql.format(h=hexid(rng, 16), extra=(", t.url AS transcript_url, t.mime_type AS transcript_type" if new else ""),
                                join=(" LEFT JOIN episode_transcripts t ON t.episode_id = e.id AND t.format = 'srt'" if new else ""))
            pid = rng.randint(20000, 32000)
            plog(tt, pid, "LOG", f"duration: {rng.uniform(1000, 4990) if e > 0 else rng.uniform(1000, 1900):.3f} ms  {sql}")
            plog(tt, pid, "DETAIL", f"parameters: $1 = '{rng.randint(1000, 41000)}', $2 = '3000'")
        for _ in range(min(int(e * 60), 10)):
            tt = t + dt.timedelta(seconds=rng.uniform(0, 60))
            new = code_era(tt) == "new"
            pid = rng.randint(20000, 32000)
            plog(tt, pid, "ERROR", "canceling statement due to user request")
            plog(tt, pid, "STATEMENT", ep_sql.format(h=hexid(rng, 16), extra=(", t.url AS transcript_url, t.mime_type AS transcript_type" if new else ""),
                                                     join=(" LEFT JOIN episode_transcripts t ON t.episode_id = e.id AND t.format = 'srt'" if new else "")).split(": ", 1)[1])
        t += dt.timedelta(minutes=1)
    for pod_group, t0 in ((PODS_B_HPA, HPA_MAX + dt.timedelta(seconds=55)),):
        for k in range(len(pod_group) * 4):
            tt = t0 + dt.timedelta(seconds=rng.uniform(0, 40))
            plog(tt, rng.randint(20000, 32000), "LOG", "connection authorized: user=feeds_ro database=catalogue application_name=feed-server SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")

    # --- publish-api (pino): publishes, purge, warm, directory pings
    t = START
    while t < END:
        minute = t.minute
        rate = 2.2 + (9 if minute < 2 else 0) + (3 if 29 <= minute < 31 else 0)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        if t >= END:
            break
        show = rng.choice(SHOWS) if rng.random() < 0.4 else f"show-{rng.randint(10000, 99999)}"
        ep = f"ep_{hexid(rng, 10)}"
        hn = f"publish-api-{rng.choice(['7b9c5d8f6-4kq2x', '7b9c5d8f6-m8r3w', '7b9c5d8f6-t2v9z'])}"

        def p(tt, level, msg, **kw):
            if START <= tt < END:
                pub.add(tt, pino(tt, level, msg, pid=1, hostname=hn, **kw))

        p(t, "info", "episode published", show=show, episode=ep, scheduled=rng.random() < 0.7)
        p(t + dt.timedelta(milliseconds=rng.randint(150, 400)), "info", "cloudflare purge ok", show=show, files=[f"https://feeds.fernwave.fm/shows/{show}.xml"])
        tw = t + dt.timedelta(milliseconds=rng.randint(450, 700))
        e = error_fraction(tw)
        if rng.random() < e:
            p(tw + dt.timedelta(seconds=5), "warn", "feed warm failed", show=show, status=503, elapsed_ms=5000 + rng.randint(2, 60), attempt=1)
            if rng.random() < e:
                p(tw + dt.timedelta(seconds=35), "warn", "feed warm failed", show=show, status=503, elapsed_ms=5000 + rng.randint(2, 60), attempt=2)
                p(tw + dt.timedelta(seconds=36), "error", "feed not warmed, directories not notified", show=show, episode=ep)
                continue
            tw += dt.timedelta(seconds=31)
        ms_ = rng.randint(40, 600) + int(4000 * e)
        p(tw + dt.timedelta(milliseconds=ms_), "info", "feed warmed", show=show, status=200, elapsed_ms=ms_)
        p(tw + dt.timedelta(milliseconds=ms_ + rng.randint(100, 400)), "info", "directories notified", show=show, websub="pubsubhubbub.appspot.com", podping=True)

    # --- GitHub Actions deploy runs
    def gh(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(t_done, actor, sha, number, tag, pods_new):
        t0 = t_done - dt.timedelta(seconds=170)
        gh(t0, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha} image_tag={tag}")
        gh(t0 + dt.timedelta(seconds=2), "Current runner version: '2.320.0'")
        gh(t0 + dt.timedelta(seconds=5), f"HEAD is now at {sha[:7]}")
        if tag == sha:
            gh(t0 + dt.timedelta(seconds=84), f"#14 pushing 590183746221.dkr.ecr.us-east-1.amazonaws.com/feed-server:{sha} done")
        else:
            gh(t0 + dt.timedelta(seconds=9), f"image 590183746221.dkr.ecr.us-east-1.amazonaws.com/feed-server:{tag} already exists, skipping build")
        gh(t0 + dt.timedelta(seconds=96), "deployment.apps/feed-server configured")
        gh(t0 + dt.timedelta(seconds=97), "horizontalpodautoscaler.autoscaling/feed-server unchanged")
        gh(t0 + dt.timedelta(seconds=98), "Waiting for deployment \"feed-server\" rollout to finish: 0 of 6 updated replicas are available...")
        gh(t_done, "deployment \"feed-server\" successfully rolled out")
        gh(t_done + dt.timedelta(seconds=1), "##[endgroup]")

    run(utc("2026-10-19 15:31:40"), "sipho-ndlovu", shas["deployed_monday"], 208, shas["deployed_monday"], PODS_A)
    run(RELEASE, "sipho-ndlovu", shas["head"], 209, shas["head"], PODS_B)
    run(ROLLBACK, "joost-verbeek", shas["head"], 210, shas["deployed_monday"], PODS_C)
    run(REDEPLOY, "sipho-ndlovu", shas["head"], 211, shas["head"], PODS_D)

    # --- Driftwood's status page (Statuspage API, as the team's status bot polls it)
    def sp(t, **body):
        if START <= t < END:
            status.add(t, json.dumps({"polled_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "page": "status.driftwoodapp.com", **body}, ensure_ascii=False))

    t = START
    inc = "k7r2m9xq4wzd"
    while t < END:
        if t < DW_STATUS:
            sp(t, indicator="none", description="All Systems Operational", incidents=[])
        else:
            sp(t, indicator="minor", description="Minor Service Outage", incidents=[inc])
        t += dt.timedelta(minutes=10)
    sp(DW_STATUS, event="incident.created", incident={"id": inc, "name": "Driftwood 6.2.0 refreshes feeds too often", "status": "identified", "impact": "minor",
                                                   "created_at": DW_STATUS.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                   "body": "We've found a bug in Driftwood 6.2.0 for iOS, released yesterday: the new background refresh re-downloads every subscribed feed each time the app is woken in the background, with a cache-busting parameter, instead of checking whether the feed changed. This puts heavy load on podcast hosts and their CDNs. A fix (6.2.1) has been submitted to Apple for expedited review. We're sorry to the hosts affected."},
       components=[{"name": "iOS app", "status": "degraded_performance"}])
    sp(DW_REMOTE_OFF + dt.timedelta(seconds=40), event="incident.updated", incident={"id": inc, "status": "monitoring",
                                                                                     "body": "We have turned off background refresh for 6.2.0 through our remote configuration; feeds still refresh when you open the app. 6.2.1 is in review with Apple."})

    # --- Slack #inc-feeds
    users = {"alertmanager": "B01ALRT7F", "joost.verbeek": "U02JV3N8K", "anneke.devries": "U02AD6P1M", "sipho.ndlovu": "U03SN9Q4T", "marcus.chen": "U03MC2W7X",
             "farah.haddad (platform)": "U04FH5Z2R", "lena.okonkwo (creator support)": "U05LO8B3Y"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "inc-feeds", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = min(stats["errors"])
    stats["first_error"] = first
    say(utc("2026-10-21 12:16:30"), "sipho.ndlovu", "deploying feed-server 2026.10.21-1: <podcast:transcript> (FEED-312), slow/timed-out render logging (FEED-311), reader pool 30 (FEED-309), pgx 5.7.1, Go 1.23.2")
    say(RELEASE + dt.timedelta(minutes=2), "sipho.ndlovu", "rolled out, 6/6 healthy. Podcast Index validator happy with the transcript tags")
    say(first + dt.timedelta(minutes=5), "alertmanager", "[FIRING:1] FeedOrigin5xx feeds/feed-server origin 5xx ratio > 2% for 3m")
    say(first + dt.timedelta(minutes=7), "joost.verbeek", "ack. feed-server 503s, 'feed render timed out' everywhere, query_ms ~5000. catalogue-reader-1 CPU at 98%")
    say(first + dt.timedelta(minutes=10), "anneke.devries", "12:21 release added the transcripts LEFT JOIN to the episodes query, every render. that's my first guess")
    say(HPA_MAX + dt.timedelta(minutes=3), "joost.verbeek", "HPA went to 12 pods, reader connections doubled, not better")
    say(HPA_MAX + dt.timedelta(minutes=9), "lena.okonkwo (creator support)", "creators: new episodes not showing in Apple Podcasts or Spotify, Podcasts Connect says 'feed could not be fetched' for some")
    say(ROLLBACK - dt.timedelta(minutes=3), "joost.verbeek", "runbook says roll back first. rolling back to Monday's image (2026.10.19-2)")
    say(ROLLBACK + dt.timedelta(minutes=4), "joost.verbeek", "rolled back. still 503, lines now say 'request failed: context deadline exceeded'. reader still pegged")
    say(ROLLBACK + dt.timedelta(minutes=9), "marcus.chen", "morning. EXPLAIN on the transcript join: 0.3 ms per feed with the index, not it. origin requests are ~30x a normal Wednesday, cache stats show misses and evictions through the roof. who is fetching?")
    say(ROLLBACK + dt.timedelta(minutes=14), "joost.verbeek", "not a publish peak, publish-api is at its normal 2-3 a minute")
    say(utc("2026-10-21 13:39:00"), "farah.haddad (platform)", "Cloudflare analytics for feeds.fernwave.fm: hit ratio 93% -> 27% since 11:00. Top UA by requests: 'Driftwood/6.2.0 (com.driftwoodapp.ios; build:6204; iOS 18.6.2) Alamofire/5.9.1', ~70% of all requests, every one with ?_=<timestamp>, every one a MISS")
    say(utc("2026-10-21 13:42:00"), "anneke.devries", "Driftwood 6.1 was plain URLSession ('Driftwood/6104 CFNetwork'), no query string and If-None-Match. 6.2.0 came out yesterday evening per the App Store")
    say(utc("2026-10-21 13:46:00"), "farah.haddad (platform)", "PR in infra-edge: cache rule for feeds.fernwave.fm/shows/*.xml, cache key ignores the query string, edge TTL 60s. applying")
    say(CF_RULE + dt.timedelta(seconds=30), "farah.haddad (platform)", "rule is live")
    say(CF_RULE + dt.timedelta(minutes=4), "joost.verbeek", "origin 5xx gone, reader CPU 35%, 6 pods again soon")
    say(CF_RULE + dt.timedelta(minutes=9), "lena.okonkwo (creator support)", "emailed Driftwood support and pinged their developer on Mastodon with the UA and the query param")
    say(DW_STATUS + dt.timedelta(minutes=3), "joost.verbeek", "Driftwood status page, just now: '6.2.0 refreshes feeds too often ... with a cache-busting parameter', 6.2.1 in expedited review")
    say(REDEPLOY - dt.timedelta(minutes=3), "sipho.ndlovu", "re-deploying 2026.10.21-1, it wasn't the release")
    say(REDEPLOY + dt.timedelta(minutes=2), "sipho.ndlovu", "out, healthy")
    say(utc("2026-10-21 14:58:00"), "anneke.devries", "re-warming the feeds of episodes published 12:45-14:05 and re-sending podping/WebSub for them")
    say(DW_REMOTE_OFF + dt.timedelta(minutes=3), "farah.haddad (platform)", "Driftwood turned background refresh off remotely, their requests are dropping. keeping the cache rule; postmortem tomorrow")
    return [app, cf, pg, pub, gha, status, slack], stats


def build(out_dir):
    rng = random.Random(52200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_error"].replace(microsecond=0)
        assert utc("2026-10-21 12:40:00") <= onset <= utc("2026-10-21 12:52:00"), onset

        def cap_ratio(t):
            return min(99.0, 18 + 80 * origin_rps(t) / capacity(t))

        metrics = {
            "cloudflare_feeds_requests_per_second.json": query_range(
                [({"zone": "fernwave.fm", "host": "feeds.fernwave.fm", "cache_status": "hit"}, lambda t: round(1500 * 0.55 + (driftwood_rps(t) * 0.94 if t >= CF_RULE else 0))),
                 ({"zone": "fernwave.fm", "host": "feeds.fernwave.fm", "cache_status": "revalidated"}, lambda t: round(1500 * 0.38 * (1 - error_fraction(t)))),
                 ({"zone": "fernwave.fm", "host": "feeds.fernwave.fm", "cache_status": "stale"}, lambda t: round(1500 * 0.38 * error_fraction(t))),
                 ({"zone": "fernwave.fm", "host": "feeds.fernwave.fm", "cache_status": "miss"}, lambda t: round(1500 * 0.07 + (driftwood_rps(t) if t < CF_RULE else driftwood_rps(t) * 0.06)))],
                START, END, 60),
            "feed_server_http_responses_per_second.json": query_range(
                [({"job": "feed-server", "code": "200"}, lambda t: round(origin_rps(t) * (1 - error_fraction(t)) * 0.8)),
                 ({"job": "feed-server", "code": "304"}, lambda t: round(origin_rps(t) * (1 - error_fraction(t)) * 0.2)),
                 ({"job": "feed-server", "code": "503"}, lambda t: round(origin_rps(t) * error_fraction(t)))],
                START, END, 60),
            "rds_catalogue_reader_cpu_percent.json": query_range(
                [({"dbinstance_identifier": "catalogue-reader-1"}, lambda t: round(cap_ratio(t), 1))],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="r52-feed-refresh-storm-none", service=SERVICE, onset=onset,
            description=f"""
Fernwave's RSS feeds fail on Wednesday 21 October: from {onset.strftime('%H:%M:%S')} UTC
feed-server's renders time out and the origin answers 503 to Cloudflare;
feeds purged on publish cannot be fetched by Apple Podcasts or Spotify
and new episodes do not appear. A feed-server release had gone out at
12:21; a rollback at 13:16 did not help. The 503s stop at about 14:05
after a Cloudflare cache rule change by the platform team.
""",
            logs=logs, line_formats={"feed-server.log": r'<Time>\t<Level>\t<Caller>\t<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'com\.driftwoodapp\.ios.*Alamofire',
                r're-downloads every subscribed feed',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Driftwood, an iOS podcast app, released 6.2.0 the
evening before without a phased release; its new refresh engine
re-downloads every subscribed feed whenever the app is woken in the
background and adds a cache-busting query string (?_=<epoch ms>). As
phones updated overnight and the US woke up, Driftwood 6.2.0's requests
("Driftwood/6.2.0 (com.driftwoodapp.ios; build:6204; ...) Alamofire/5.9.1"
in Cloudflare's log, every one a MISS) passed 2,400 a second; Cloudflare's
cache key includes the query string, so each was a render at the origin,
and the catalogue reader's CPU saturated: renders time out and the origin
answers 503. It ends when the platform team's Cloudflare cache rule (in
the infra-edge Terraform, not this repo) ignores the query string for
feeds at 14:03; Driftwood's status page says so at 14:35 ("the new
background refresh re-downloads every subscribed feed each time the app
is woken in the background, with a cache-busting parameter"), and its
remote switch and 6.2.1 end the traffic.
Decoys: the 12:21 release 2026.10.21-1, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
FEED-312 (a LEFT JOIN on the transcripts in the very episodes query of
every render), FEED-311 of the evening before (adds the very "feed render
timed out" and "feed render slow" lines), FEED-309 (reader pool 20 -> 30
per pod) and the pgx bump, rolled back at 13:16 without effect (the lines
go back to "request failed: context deadline exceeded") and released
again at 14:50; FEED-305 (HPA max 12), whose scale-up doubles the
reader's connections; FEED-301 (ETag matching) in the handler; the
runbook commit that says to roll back first; publish-api's failed feed
warms and its normal on-the-hour publish peaks.
""",
        )
    finally:
        repo.close()
