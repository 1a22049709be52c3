"""adserver (Go 1.23, pgx, go-redis; four pods on EKS in eu-west-1 and the
hourly CronJob partner-import, released by a manual GitLab CI job that
runs `helm upgrade`; team in Madrid and Mexico City) of Ondacast, a
Spanish-language podcast network and host with dynamic ad insertion. The
stitcher (the DAI team's Rust service behind the CDN) asks adserver for a
decision for every ad break of every download: adserver picks line items
by flight, geo targeting, frequency caps and pacing from three kinds of
demand: Ondacast's own direct campaigns, Sonarline (a US Hispanic audio ad
network that sells campaigns on Ondacast's inventory, mostly in the US,
Puerto Rico and Mexico) and programmatic deals, with house promos as the
fallback. Sonarline delivers its insertion orders as a JSON-lines file
every hour to Ondacast's drop bucket; partner-import loads the newest file
at :05 and the pods reload their line items. The file spec
(docs/partners/sonarline.md) has `countries` as ISO 3166-1 alpha-2 codes
separated by "|"; the importer warns about codes it does not know and
keeps them (one of Sonarline's line items has targeted "UK" for weeks, so
every import logs one warning).

Over the night of Sunday 1 March Sonarline moves its trafficking to a new
order management system (announced to Ondacast's ad ops on 24 February:
"the IO export keeps its current format"). Its first export, uploaded at
07:58 UTC on Monday 2 March by a new client, writes the countries as
ISO alpha-3 ("USA|PRI", "MEX", "ESP"). partner-import loads it at 08:05 with
a warning per unknown code; from 08:05:4x the pods reload and every
Sonarline line item but the two run-of-network ones is rejected for geo:
Sonarline's delivery falls by 95%, US and Mexican slots go to house
promos, Sonarline's guaranteed campaign for a mobile carrier stops pacing.

At 07:38 Irene had released 2026.03.02-1: ADS-651 takes the listener's
country from the CDN's geo header that the stitcher forwards (GeoLite2
as the fallback), ADS-653 of the evening before logs sampled slots left
to house ads with their rejections per reason, and a go-redis bump. The
new lines show US slots rejecting almost every line item for geo; Irene
rolls back at 08:41 (the lines vanish, nothing else changes). At 09:18 she
reads the import jobs' warnings, the S3 log shows the new uploader, ad ops
find the partner's migration email; at 09:33 the import CronJob is
suspended and the 07:00 file imported by hand, and Sonarline delivers
again from 09:39 (two line items new in the 08:00 file stay broken).
Sonarline answers at 13:14 and uploads a corrected file at 13:58; the
CronJob is resumed for the 14:05 run. Nothing in adserver's repository
changed the behaviour.

Sources: adserver (slog JSON), the import Jobs (`kubectl logs --prefix
--timestamps`, slog JSON), the stitcher (Rust tracing fmt), the drop
bucket's S3 server access log, GitLab CI job logs (with timestamps),
#ads-incidents (Teams export, JSON lines)."""

import bisect
import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "adserver"
START, END = utc("2026-03-02 06:30:00"), utc("2026-03-02 14:30:00")
RELEASE = utc("2026-03-02 07:38:20")
BAD_IMPORT = utc("2026-03-02 08:05:00")
ROLLBACK = utc("2026-03-02 08:41:30")
SUSPEND = utc("2026-03-02 09:33:40")
MANUAL_IMPORT = utc("2026-03-02 09:38:15")
RESUME = utc("2026-03-02 14:01:50")

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module gitlab.ondacast.com/ads/adserver

go 1.23

require (
\tgithub.com/jackc/pgx/v5 v5.7.1
\tgithub.com/oschwald/geoip2-golang v1.11.0
\tgithub.com/prometheus/client_golang v1.20.5
\tgithub.com/redis/go-redis/v9 v9.7.0
\tgithub.com/aws/aws-sdk-go-v2/service/s3 v1.71.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

MAIN_GO = """package main

import (
\t"context"
\t"log/slog"
\t"net/http"
\t"os"

\t"gitlab.ondacast.com/ads/adserver/internal/config"
\t"gitlab.ondacast.com/ads/adserver/internal/decision"
\t"gitlab.ondacast.com/ads/adserver/internal/lineitems"
\t"gitlab.ondacast.com/ads/adserver/internal/partner"
)

var (
\tversion = "dev"
\tcommit  = "none"
)

func main() {
\thost, _ := os.Hostname()
\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("pod", host)
\tcfg, err := config.Load(os.Getenv("ADSERVER_CONFIG"))
\tif err != nil {
\t\tlog.Error("config load failed", "err", err)
\t\tos.Exit(1)
\t}
\tctx := context.Background()
\tswitch os.Args[1] {
\tcase "serve":
\t\tlog.Info("starting adserver", "version", version, "commit", commit, "addr", cfg.Addr)
\t\tstore := lineitems.NewStore(ctx, cfg.Database, log)
\t\tgo store.ReloadEvery(ctx, cfg.ReloadInterval)
\t\terr = http.ListenAndServe(cfg.Addr, decision.NewHandler(cfg, store, log))
\tcase "import":
\t\terr = partner.Run(ctx, cfg, os.Args[2:], log)
\t}
\tif err != nil {
\t\tlog.Error(os.Args[1]+" failed", "err", err)
\t\tos.Exit(1)
\t}
}
"""

REQUEST_GO = """package decision

import (
\t"net"
\t"net/http"
\t"strings"

\t"gitlab.ondacast.com/ads/adserver/internal/geo"
)

// Request is one ad break the stitcher asks us to fill.
type Request struct {
\tShowID   string
\tEpisode  string
\tSlot     string // preroll, midroll-1, midroll-2, postroll
\tListener string // hashed IP + user agent, for frequency caps
\tCountry  string // ISO 3166-1 alpha-2
\tUA       string
}

func parseRequest(r *http.Request, g *geo.DB) Request {
\tq := r.URL.Query()
\tip := net.ParseIP(q.Get("ip"))
\treturn Request{
\t\tShowID:   q.Get("show"),
\t\tEpisode:  q.Get("episode"),
\t\tSlot:     q.Get("slot"),
\t\tListener: q.Get("lid"),
\t\tCountry:  strings.ToUpper(g.Country(ip)),
\t\tUA:       q.Get("ua"),
\t}
}
"""

GEO_GO = """// Package geo finds a listener's country from their address with
// MaxMind's GeoLite2 Country database (refreshed weekly by geoipupdate in
// an init container).
package geo

import (
\t"net"

\t"github.com/oschwald/geoip2-golang"
)

type DB struct{ r *geoip2.Reader }

func Open(path string) (*DB, error) {
\tr, err := geoip2.Open(path)
\treturn &DB{r: r}, err
}

// Country returns the ISO 3166-1 alpha-2 code, or "" when unknown.
func (d *DB) Country(ip net.IP) string {
\tif ip == nil {
\t\treturn ""
\t}
\trec, err := d.r.Country(ip)
\tif err != nil {
\t\treturn ""
\t}
\treturn rec.Country.IsoCode
}
"""

DECIDE_GO = """package decision

import (
\t"slices"
\t"time"

\t"gitlab.ondacast.com/ads/adserver/internal/lineitems"
)

// eligible reports whether a line item may fill this slot, and if not why.
func eligible(li *lineitems.LineItem, req Request, now time.Time, caps CapChecker) (bool, string) {
\tif now.Before(li.FlightStart) || !now.Before(li.FlightEnd) {
\t\treturn false, "flight"
\t}
\tif len(li.Countries) > 0 && !slices.Contains(li.Countries, req.Country) {
\t\treturn false, "geo"
\t}
\tif !li.Slots[req.Slot] {
\t\treturn false, "slot"
\t}
\tif caps.Exceeded(li, req.Listener) {
\t\treturn false, "cap"
\t}
\tif !li.Pacer.Allow(now) {
\t\treturn false, "pacing"
\t}
\treturn true, ""
}

// pick returns the eligible line item with the highest priority, then
// the one furthest behind its pace.
func pick(items []*lineitems.LineItem, req Request, now time.Time, caps CapChecker) (*lineitems.LineItem, map[string]int) {
\tvar best *lineitems.LineItem
\trejected := map[string]int{}
\tfor _, li := range items {
\t\tok, why := eligible(li, req, now, caps)
\t\tif !ok {
\t\t\trejected[why]++
\t\t\tcontinue
\t\t}
\t\tif best == nil || li.Priority < best.Priority || (li.Priority == best.Priority && li.Pacer.Behind(now) > best.Pacer.Behind(now)) {
\t\t\tbest = li
\t\t}
\t}
\treturn best, rejected
}
"""

COUNTRIES_GO = """package partner

// iso3166Alpha2 lists the country codes our line items may target: the
// markets we sell plus the ones partners' campaigns have used.
var iso3166Alpha2 = map[string]bool{
\t"AR": true, "BO": true, "CL": true, "CO": true, "CR": true, "CU": true, "DO": true,
\t"EC": true, "ES": true, "GQ": true, "GT": true, "HN": true, "MX": true, "NI": true,
\t"PA": true, "PE": true, "PR": true, "PY": true, "SV": true, "US": true, "UY": true,
\t"VE": true, "AD": true, "PT": true, "FR": true, "GB": true, "CA": true,
}
"""

SONARLINE_GO = """package partner

import (
\t"bufio"
\t"encoding/json"
\t"io"
\t"strings"
\t"time"
)

// sonarlineIO is one line of Sonarline's insertion-order export
// (docs/partners/sonarline.md).
type sonarlineIO struct {
\tLineItemID  string    `json:"line_item_id"`
\tCampaign    string    `json:"campaign"`
\tAdvertiser  string    `json:"advertiser"`
\tStart       time.Time `json:"flight_start"`
\tEnd         time.Time `json:"flight_end"`
\tGoal        int64     `json:"impressions_goal"`
\tCPM         float64   `json:"cpm_usd"`
\tCountries   string    `json:"countries"` // "US|PR", empty for run of network
\tSlots       string    `json:"slots"`
\tFreqCap     int       `json:"freq_cap_per_day"`
\tCreativeURL string    `json:"creative_url"`
}

func parseSonarline(r io.Reader) ([]LineItemInput, error) {
\tvar out []LineItemInput
\tsc := bufio.NewScanner(r)
\tsc.Buffer(make([]byte, 1<<20), 1<<20)
\tfor sc.Scan() {
\t\tvar io sonarlineIO
\t\tif err := json.Unmarshal(sc.Bytes(), &io); err != nil {
\t\t\treturn nil, err
\t\t}
\t\tin := LineItemInput{
\t\t\tExternalID: "SL-" + io.LineItemID, Partner: "sonarline", Campaign: io.Campaign, Advertiser: io.Advertiser,
\t\t\tStart: io.Start, End: io.End, Goal: io.Goal, CPM: io.CPM, FreqCap: io.FreqCap, CreativeURL: io.CreativeURL,
\t\t\tSlots: strings.Split(io.Slots, "|"),
\t\t}
\t\tif io.Countries != "" {
\t\t\tin.Countries = strings.Split(io.Countries, "|")
\t\t}
\t\tout = append(out, in)
\t}
\treturn out, sc.Err()
}
"""

IMPORTER_GO = """package partner

import (
\t"context"
\t"log/slog"
\t"time"

\t"gitlab.ondacast.com/ads/adserver/internal/config"
)

type LineItemInput struct {
\tExternalID, Partner, Campaign, Advertiser, CreativeURL string
\tStart, End                                             time.Time
\tGoal                                                   int64
\tCPM                                                    float64
\tFreqCap                                                int
\tCountries, Slots                                       []string
}

// Run imports the newest file of each partner (or the one given with
// --file) and upserts its line items. Codes we do not know are kept and
// logged: dropping them would widen a line item's targeting.
func Run(ctx context.Context, cfg config.Config, args []string, log *slog.Logger) error {
\tfor _, p := range cfg.Partners {
\t\tfile, body, err := newestFile(ctx, cfg, p, args)
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\tlog.Info("partner import started", "partner", p.Name, "file", file)
\t\titems, err := parsers[p.Format](body)
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\twarnings := 0
\t\tfor _, in := range items {
\t\t\tfor _, c := range in.Countries {
\t\t\t\tif !iso3166Alpha2[c] {
\t\t\t\t\tlog.Warn("line item targets unknown country code", "partner", p.Name, "line_item", in.ExternalID, "code", c)
\t\t\t\t\twarnings++
\t\t\t\t}
\t\t\t}
\t\t}
\t\tcreated, updated, err := upsert(ctx, cfg, items)
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\tlog.Info("partner import done", "partner", p.Name, "file", file, "line_items", len(items), "created", created, "updated", updated, "warnings", warnings)
\t}
\treturn nil
}
"""

STORE_GO = """package lineitems

import (
\t"context"
\t"log/slog"
\t"time"
)

// ReloadEvery reloads active line items from Postgres; partner imports,
// ad ops' edits and pacing state all arrive this way.
func (s *Store) ReloadEvery(ctx context.Context, every time.Duration) {
\tt := time.NewTicker(every)
\tdefer t.Stop()
\tfor {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn
\t\tcase <-t.C:
\t\t}
\t\tchanged, err := s.reload(ctx)
\t\tif err != nil {
\t\t\ts.log.Error("line items reload failed", "err", err)
\t\t\tcontinue
\t\t}
\t\tif changed > 0 {
\t\t\ts.log.Info("line items reloaded", "active", s.Len(), "changed", changed)
\t\t}
\t}
}

var _ = slog.Default
"""

PACER_GO = """package pacing

import "time"

// Pacer spreads a line item's daily goal over the day with a curve of
// expected traffic by hour.
type Pacer struct {
\tGoal      int64
\tDelivered int64
\tCurve     [24]float64 // cumulative share of the day's traffic by UTC hour
}

func (p *Pacer) expected(now time.Time) float64 {
\th := now.UTC().Hour()
\tfrac := float64(now.UTC().Minute()) / 60
\tprev := 0.0
\tif h > 0 {
\t\tprev = p.Curve[h-1]
\t}
\treturn float64(p.Goal) * (prev + (p.Curve[h]-prev)*frac)
}

func (p *Pacer) Behind(now time.Time) float64 { return p.expected(now) - float64(p.Delivered) }

func (p *Pacer) Allow(now time.Time) bool { return float64(p.Delivered) < p.expected(now)*1.05 }
"""

CONFIG_YAML = """addr: ":8080"
reload_interval: 60s

database:
  url_env: ADSERVER_DB_URL
  max_conns: 12

redis:
  addr: freqcap.ads.svc:6379
  timeout: 20ms

geo:
  geolite2: /var/lib/geoip/GeoLite2-Country.mmdb

programmatic:
  timeout: 60ms

partners:
  - name: sonarline
    format: sonarline-io
    prefix: s3://ondacast-partner-drop/sonarline/io/
  - name: pulso
    format: pulso-csv
    prefix: s3://ondacast-partner-drop/pulso/
"""

VALUES = """image:
  repository: registry.ondacast.com/ads/adserver
  tag: "2026.02.23-1"
replicas: 4
resources:
  requests: { cpu: "1", memory: 768Mi }
  limits: { memory: 768Mi }
partnerImport:
  schedule: "5 * * * *"
  suspend: false
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: golang:1.23
  script:
    - go test ./...

build:
  stage: build
  image: gcr.io/kaniko-project/executor:v1.23.2-debug
  script:
    - /kaniko/executor --destination registry.ondacast.com/ads/adserver:${CI_COMMIT_SHORT_SHA}
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy-production:
  stage: deploy
  image: alpine/helm:3.16.3
  when: manual
  script:
    - helm upgrade --install adserver deploy/chart/adserver -n ads -f deploy/chart/adserver/values-production.yaml --wait --timeout 10m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

rollback-production:
  stage: deploy
  image: alpine/helm:3.16.3
  when: manual
  script:
    - helm rollback adserver ${REVISION} -n ads --wait --timeout 10m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
"""

SONARLINE_DOC = """# Sonarline insertion orders

Sonarline (Miami) sells US Hispanic and Mexican campaigns on our
inventory. Their trafficking system writes one file per hour to
`s3://ondacast-partner-drop/sonarline/io/YYYY/MM/DD/sonarline_io_<UTC hour>.json`,
one JSON object per line with every active line item:

| field | |
|---|---|
| line_item_id | their id; ours is `SL-<id>` |
| flight_start, flight_end | RFC 3339, UTC |
| impressions_goal | for the whole flight |
| countries | ISO 3166-1 alpha-2 codes separated by `\\|`; empty for run of network |
| slots | `preroll\\|midroll` etc. |
| freq_cap_per_day | per listener |

partner-import (CronJob, :05 every hour) loads the newest file. Contacts:
adops@sonarline.com (office hours, Miami), support@sonarline.com.
"""

RUNBOOK_ALERTS = [
    ("AdserverDecisionLatency", "p99 over 40 ms for 10 minutes: the stitcher gives up at 80 ms and stitches without ads. Check Redis (freqcap) latency first."),
    ("ProgrammaticTimeouts", "More than 5% of bid requests time out. Usually one SSP; see the `ssp` field."),
]


def build_repo():
    repo = Repo()
    irene = Person("Irene Soto", "irene.soto@ondacast.com", 60)
    pablo = Person("Pablo Marín", "pablo.marin@ondacast.com", 60)
    rodrigo = Person("Rodrigo Ibarra", "rodrigo.ibarra@ondacast.com", -360)
    bot = Person("renovate[bot]", "renovate@ondacast.com", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/adserver/main.go": MAIN_GO,
        "internal/decision/request.go": REQUEST_GO,
        "internal/decision/decide.go": DECIDE_GO,
        "internal/geo/geo.go": GEO_GO,
        "internal/lineitems/store.go": STORE_GO,
        "internal/pacing/pacer.go": PACER_GO,
        "internal/partner/countries.go": COUNTRIES_GO,
        "internal/partner/sonarline.go": SONARLINE_GO,
        "internal/partner/importer.go": IMPORTER_GO,
        "config/production.yaml": CONFIG_YAML,
        "deploy/chart/adserver/values-production.yaml": VALUES,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/partners/sonarline.md": SONARLINE_DOC,
        "README.md": "# adserver\n\nAd decisions for the stitcher: line items from our direct sales, partner\nnetworks (Sonarline, Pulso) and programmatic deals; flights, geo,\nfrequency caps and pacing.\n\n## Running locally\n\n```\ngo run ./cmd/adserver serve\ngo run ./cmd/adserver import --partner sonarline --file testdata/sonarline_io.json\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-24 09:10:00"), irene, "adserver: decisions, line item store, partner import", files)
    repo.schedule(chores(random.Random(44201), SERVICE, [irene, pablo, rodrigo], utc("2026-02-24 10:00:00"), utc("2026-02-27 16:00:00"), 3))
    repo.commit(utc("2026-02-24 15:30:00"), rodrigo, "pacing: interpolate the expected share within the hour (ADS-640)", {
        "internal/pacing/pacer.go": repo.edit("internal/pacing/pacer.go", "// Pacer spreads a line item's daily goal over the day with a curve of\n// expected traffic by hour.\n",
                                              "// Pacer spreads a line item's daily goal over the day with a curve of\n// expected traffic by hour, interpolated within the hour so that a line\n// item does not sprint at the top of each hour.\n"),
    })
    repo.commit(utc("2026-02-25 10:20:00"), irene, "decision: report rejections per reason from pick (ADS-644)", {
        "internal/decision/decide.go": repo.edit("internal/decision/decide.go", "// pick returns the eligible line item with the highest priority, then\n// the one furthest behind its pace.\n",
                                                 "// pick returns the eligible line item with the highest priority, then\n// the one furthest behind its pace, and how many were rejected for\n// each reason (for the metrics).\n"),
    })
    repo.commit(utc("2026-02-26 08:00:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.2", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.7.1", "github.com/jackc/pgx/v5 v5.7.2"),
    })
    repo.commit(utc("2026-02-26 16:40:00"), rodrigo, "partner: read Sonarline's companion_banner_url (ADS-642)\n\nSonarline started sending companion banners for the apps that show\nthem; we store the URL with the line item.", {
        "internal/partner/sonarline.go": repo.edit("internal/partner/sonarline.go",
            "\tCreativeURL string    `json:\"creative_url\"`\n}",
            "\tCreativeURL string    `json:\"creative_url\"`\n\tBannerURL   string    `json:\"companion_banner_url,omitempty\"`\n}").replace(
            "FreqCap: io.FreqCap, CreativeURL: io.CreativeURL,\n", "FreqCap: io.FreqCap, CreativeURL: io.CreativeURL, BannerURL: io.BannerURL,\n"),
        "internal/partner/importer.go": repo.edit("internal/partner/importer.go", "\tExternalID, Partner, Campaign, Advertiser, CreativeURL string\n",
                                                  "\tExternalID, Partner, Campaign, Advertiser, CreativeURL string\n\tBannerURL                                              string\n"),
        "docs/partners/sonarline.md": repo.edit("docs/partners/sonarline.md", "| freq_cap_per_day | per listener |\n", "| freq_cap_per_day | per listener |\n| companion_banner_url | optional, 640x640 |\n"),
    })
    thursday = repo.commit(utc("2026-02-26 17:00:00"), pablo, "release 2026.02.26-1", {
        "deploy/chart/adserver/values-production.yaml": repo.edit("deploy/chart/adserver/values-production.yaml", 'tag: "2026.02.23-1"', 'tag: "2026.02.26-1"'),
    })
    repo.commit(utc("2026-02-27 11:15:00"), irene, "geo: country from the CDN's client geo header, GeoLite2 as the fallback (ADS-651)\n\nThe stitcher forwards X-Client-Geo-Country from the CDN, which knows\nmobile carriers' ranges better than GeoLite2 Country (Telcel and\nT-Mobile US addresses came out as the wrong country).", {
        "internal/decision/request.go": repo.edit("internal/decision/request.go",
            "\t\tCountry:  strings.ToUpper(g.Country(ip)),\n",
            "\t\tCountry:  country(r, g, ip),\n").replace(
            "func parseRequest(", "// country prefers the CDN's answer, forwarded by the stitcher.\nfunc country(r *http.Request, g *geo.DB, ip net.IP) string {\n\tif c := strings.ToUpper(strings.TrimSpace(r.Header.Get(\"X-Client-Geo-Country\"))); len(c) == 2 && c != \"XX\" {\n\t\treturn c\n\t}\n\treturn strings.ToUpper(g.Country(ip))\n}\n\nfunc parseRequest("),
        "internal/geo/geo.go": repo.edit("internal/geo/geo.go", "// Package geo finds a listener's country from their address with\n// MaxMind's GeoLite2 Country database (refreshed weekly by geoipupdate in\n// an init container).\n",
                                         "// Package geo finds a listener's country from their address with\n// MaxMind's GeoLite2 Country database (refreshed weekly by geoipupdate in\n// an init container). Requests carry the CDN's country when it has one;\n// this is the fallback.\n"),
    })
    repo.commit(utc("2026-02-27 12:30:00"), irene, "test: the header wins over GeoLite2, lowercase and XX handled (ADS-651)", {
        "internal/decision/request_test.go": "package decision\n\nimport (\n\t\"net/http/httptest\"\n\t\"testing\"\n)\n\nfunc TestCountryFromHeader(t *testing.T) {\n\tr := httptest.NewRequest(\"GET\", \"/decide?ip=187.190.1.1\", nil)\n\tr.Header.Set(\"X-Client-Geo-Country\", \"mx\")\n\tif got := country(r, testDB(t), nil); got != \"MX\" {\n\t\tt.Fatalf(\"got %q\", got)\n\t}\n}\n\nfunc TestCountryUnknownHeaderFallsBack(t *testing.T) {\n\tr := httptest.NewRequest(\"GET\", \"/decide\", nil)\n\tr.Header.Set(\"X-Client-Geo-Country\", \"XX\")\n\tif got := country(r, testDB(t), parseIP(\"81.44.1.1\")); got != \"ES\" {\n\t\tt.Fatalf(\"got %q\", got)\n\t}\n}\n",
    })
    repo.commit(utc("2026-02-27 17:05:00"), pablo, "runbook: partner delivery drops and US paid fill", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## PartnerDeliveryDrop\n\nA partner's impressions fall far below the same hour last week. Check\nthat its line items are active (ad ops' console), that the last import\nran (`kubectl -n ads get jobs -l app=partner-import`) and whether their\nflights ended. Sonarline's ad ops answer in Miami office hours.\n\n## PaidFillRateLow\n\nPaid fill for a market below 60%. Usually a large line item that ended\nor paused; check the country we decide with (GeoLite2 freshness, the\nCDN's geo header) if a whole market drops at once.\n",
    })
    repo.commit(utc("2026-03-02 03:40:00"), rodrigo, "decision: log sampled slots left to house ads, with rejections per reason (ADS-653)\n\nOne in a hundred slots that no paid line item fills, so ad ops can see\nwhy a market goes to house promos.", {
        "internal/decision/decide.go": repo.edit("internal/decision/decide.go",
            "import (\n\t\"slices\"\n\t\"time\"\n",
            "import (\n\t\"log/slog\"\n\t\"math/rand/v2\"\n\t\"slices\"\n\t\"time\"\n") + "\n// logUnfilled logs one in a hundred slots that no paid line item takes.\nfunc logUnfilled(log *slog.Logger, req Request, candidates int, rejected map[string]int) {\n\tif rand.IntN(100) != 0 {\n\t\treturn\n\t}\n\tlog.Info(\"slot not filled by paid demand\", \"slot\", req.Slot, \"country\", req.Country, \"show\", req.ShowID, \"candidates\", candidates,\n\t\tslog.Group(\"rejected\", \"geo\", rejected[\"geo\"], \"cap\", rejected[\"cap\"], \"pacing\", rejected[\"pacing\"], \"flight\", rejected[\"flight\"], \"slot\", rejected[\"slot\"]))\n}\n",
    })
    repo.commit(utc("2026-03-02 06:55:00"), bot, "fix(deps): update module github.com/redis/go-redis/v9 to v9.7.1", {
        "go.mod": repo.edit("go.mod", "github.com/redis/go-redis/v9 v9.7.0", "github.com/redis/go-redis/v9 v9.7.1"),
    })
    head = repo.commit(utc("2026-03-02 07:25:00"), irene, "release 2026.03.02-1", {
        "deploy/chart/adserver/values-production.yaml": repo.edit("deploy/chart/adserver/values-production.yaml", 'tag: "2026.02.26-1"', 'tag: "2026.03.02-1"'),
    })
    repo.commit(utc("2026-03-02 11:35:00"), pablo, "alerts: PartnerImportWarnings, more than 10 warnings in one import (ADS-662)", {
        "deploy/chart/adserver/templates/prometheusrule.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: adserver\nspec:\n  groups:\n    - name: adserver-partners\n      rules:\n        - alert: PartnerImportWarnings\n          expr: adserver_partner_import_warnings > 10\n          labels: { severity: ticket }\n          annotations:\n            summary: \"{{ $labels.partner }} import logged {{ $value }} warnings\"\n",
    })
    return repo, {"thursday": thursday, "head": head}


# ---------------------------------------------------------------------------
# the morning's decisions


def lerp(points, h):
    for (a, x), (b, y) in zip(points, points[1:]):
        if a <= h < b:
            return x + (y - x) * (h - a) / (b - a)
    return points[-1][1] if h >= points[-1][0] else points[0][1]


def hours(t):
    return (t - utc("2026-03-02 00:00:00")).total_seconds() / 3600


MARKETS = {
    # slots per minute by UTC hour; shares of direct, sonarline, programmatic
    "ES": ([(6.5, 950), (7.0, 1500), (8.0, 1900), (9.0, 1720), (10.0, 1380), (11.0, 1260), (12.0, 1300), (13.0, 1380), (14.0, 1460), (14.6, 1500)], 0.55, 0.07, 0.21),
    "MX": ([(6.5, 120), (8.0, 85), (10.0, 110), (12.0, 260), (13.0, 430), (14.0, 560), (14.6, 610)], 0.22, 0.31, 0.24),
    "US": ([(6.5, 150), (9.0, 105), (10.0, 150), (11.0, 270), (12.0, 430), (13.0, 570), (14.0, 650), (14.6, 690)], 0.12, 0.46, 0.25),
    "PR": ([(6.5, 10), (10.0, 9), (12.0, 30), (14.6, 55)], 0.10, 0.48, 0.24),
    "CO": ([(6.5, 30), (10.0, 28), (12.0, 90), (14.6, 150)], 0.18, 0.20, 0.30),
    "AR": ([(6.5, 40), (10.0, 45), (12.0, 120), (14.6, 180)], 0.25, 0.02, 0.30),
}
ROS_SHARE = 0.05   # what Sonarline's two run-of-network line items keep


def build_logs(rng, shas):
    app, imports, stitcher, s3, gitlab, teams = (Log("adserver.log"), Log("partner-import.log"), Log("stitcher.log"), Log("s3-partner-drop.log"),
                                                 Log("gitlab-deploy.log"), Log("teams-ads-incidents.log"))
    stats = {"minutes": [], "warnings": {}, "first_reload": None}

    def inwin(t):
        return START <= t < END

    def iso(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def jl(t, level, msg, **kv):
        body = {"time": iso(t), "level": level, "msg": msg}
        body.update(kv)
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    # adserver pods: before the release, the release, after the rollback
    pods = {
        "old": ["adserver-7b9d6c5f48-2kqxz", "adserver-7b9d6c5f48-8mwtn", "adserver-7b9d6c5f48-hc4vr", "adserver-7b9d6c5f48-x7pld"],
        "rel": ["adserver-5c8f7d9b64-4nrjs", "adserver-5c8f7d9b64-9tzkm", "adserver-5c8f7d9b64-fq2wh", "adserver-5c8f7d9b64-v6lbx"],
        "rb": ["adserver-7b9d6c5f48-b3swn", "adserver-7b9d6c5f48-jr8kd", "adserver-7b9d6c5f48-p5mzq", "adserver-7b9d6c5f48-w9ctg"],
    }

    def epoch(t):
        if t < RELEASE + dt.timedelta(seconds=45):
            return "old"
        if t < ROLLBACK + dt.timedelta(seconds=45):
            return "rel"
        return "rb"

    def alog(t, level, msg, pod=None, **kv):
        if inwin(t):
            app.add(t, jl(t, level, msg, pod=pod or rng.choice(pods[epoch(t)]), **kv))

    # --- the import runs: (time, file, bad?, manual)
    runs = []
    for h in range(6, 15):
        t = utc(f"2026-03-02 {h:02d}:05:00")
        if SUSPEND <= t < RESUME:
            continue
        hour_file = f"sonarline_io_20260302T{h:02d}00Z.json"
        bad = 8 <= h < 14
        runs.append((t, hour_file, bad, False))
    runs.append((MANUAL_IMPORT, "sonarline_io_20260302T0700Z.json", False, True))
    runs.sort()

    # Sonarline's line items
    sl_items = []
    ids = rng.sample(range(240101, 240499), 143)
    for i, lid in enumerate(ids):
        if i < 2:
            countries = []
        else:
            countries = rng.choices([["US", "PR"], ["US"], ["MX"], ["US", "MX"], ["ES"], ["CO"], ["US", "PR", "MX"], ["CO", "MX"]], weights=[34, 18, 26, 8, 10, 5, 6, 3])[0]
        sl_items.append({"id": f"SL-{lid}", "countries": countries, "new": i >= 141})
    sl_items[5]["countries"] = ["UK"]          # the line item that has targeted "UK" for weeks
    sl_items[5]["uk"] = True
    alpha3 = {"US": "USA", "PR": "PRI", "MX": "MEX", "ES": "ESP", "CO": "COL", "UK": "GBR"}
    carrier = sl_items[7]
    carrier["countries"] = ["US", "PR"]
    carrier["id"] = "SL-240318"

    broken_from, fixed_at = None, None
    job_pods = {}
    for t, fname, bad, manual in runs:
        name = "partner-import-manual-0938" if manual else f"partner-import-{int(t.timestamp() // 60)}"
        pod = f"{name}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
        job_pods[t] = pod
        start = t + dt.timedelta(seconds=rng.uniform(3.5, 6.0))

        def ilog(tt, level, msg, **kv):
            if inwin(tt):
                stamp = tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond:06d}{rng.randint(100, 999)}Z"
                imports.add(tt, f"[pod/{pod}/import] {stamp} {jl(tt, level, msg, pod=pod, **kv)}")

        tt = start
        key = "sonarline/io/2026/03/02/" + fname
        ilog(tt, "INFO", "starting adserver", version="2026.02.26-1" if epoch(tt) != "rel" else "2026.03.02-1",
             commit=(shas["thursday"] if epoch(tt) != "rel" else shas["head"])[:8], command="import")
        tt += dt.timedelta(milliseconds=rng.randint(300, 600))
        ilog(tt, "INFO", "partner import started", partner="sonarline", file=f"s3://ondacast-partner-drop/{key}")
        items = [x for x in sl_items if (not x["new"]) or bad or t >= RESUME]
        warnings = 0
        tt += dt.timedelta(milliseconds=rng.randint(200, 500))
        for x in items:
            for c in x["countries"]:
                code = alpha3[c] if bad else c
                if code == "UK" or bad:
                    tt += dt.timedelta(microseconds=rng.randint(80, 900))
                    ilog(tt, "WARN", "line item targets unknown country code", partner="sonarline", line_item=x["id"], code=code)
                    warnings += 1
        tt += dt.timedelta(milliseconds=rng.randint(900, 2200))
        created = 2 if t == BAD_IMPORT else 0
        ilog(tt, "INFO", "partner import done", partner="sonarline", file=f"s3://ondacast-partner-drop/{key}", line_items=len(items),
             created=created, updated=len(items) - created, warnings=warnings)
        stats["warnings"][t] = warnings
        if not manual:
            tt += dt.timedelta(milliseconds=rng.randint(100, 300))
            ph = [h for h in (6, 8, 10, 12, 14) if utc(f"2026-03-02 {h:02d}:31:00") <= t]
            pfile = f"pulso_20260302T{ph[-1]:02d}30Z.csv" if ph else "pulso_20260301T2230Z.csv"
            ilog(tt, "INFO", "partner import started", partner="pulso", file=f"s3://ondacast-partner-drop/pulso/{pfile}")
            tt += dt.timedelta(milliseconds=rng.randint(300, 700))
            ilog(tt, "INFO", "partner import done", partner="pulso", file=f"s3://ondacast-partner-drop/pulso/{pfile}", line_items=38, created=0, updated=38, warnings=0)
        run_end = tt + dt.timedelta(milliseconds=rng.randint(20, 80))
        if bad and broken_from is None:
            broken_from = run_end
        if not bad and broken_from is not None and fixed_at is None and t > BAD_IMPORT:
            fixed_at = run_end
        # the pods reload within a minute
        for i, p in enumerate(pods[epoch(run_end)]):
            rt = run_end + dt.timedelta(seconds=rng.uniform(3, 58))
            alog(rt, "INFO", "line items reloaded", pod=p, active=409 + (141 if t < BAD_IMPORT else 143), changed=len(items) + rng.randint(8, 30))
            if bad and t == BAD_IMPORT and (stats["first_reload"] is None or rt < stats["first_reload"]):
                stats["first_reload"] = rt
            if manual and (stats.get("fixed_reload") is None or rt > stats["fixed_reload"]):
                stats["fixed_reload"] = rt
    stats["broken_from"] = stats["first_reload"]

    def sonarline_ok(t):
        return not (stats["first_reload"] <= t < stats["fixed_reload"])

    # --- the decision model per minute
    n_min = int((END - START).total_seconds() // 60)
    minutes = []
    for m in range(n_min):
        t = START + dt.timedelta(minutes=m)
        h = hours(t) + 0.5 / 60
        row = {"t": t, "slots": 0.0, "direct": 0.0, "sonarline": 0.0, "programmatic": 0.0, "house": 0.0, "empty": 0.0, "by": {}}
        # the share of the minute with Sonarline broken
        broken = 0.0
        for s in range(0, 60, 5):
            if not sonarline_ok(t + dt.timedelta(seconds=s)):
                broken += 1 / 12
        for mk, (curve, d, sl, pr) in MARKETS.items():
            slots = lerp(curve, h) * rng.uniform(0.97, 1.03)
            sl_now = sl * (1 - broken * (1 - ROS_SHARE))
            lost = sl - sl_now
            pr_now = pr + 0.2 * lost
            empty = 0.04
            house = max(0.0, 1 - d - sl_now - pr_now - empty)
            row["slots"] += slots
            row["direct"] += slots * d
            row["sonarline"] += slots * sl_now
            row["programmatic"] += slots * pr_now
            row["house"] += slots * house
            row["empty"] += slots * empty
            row["by"][mk] = {"slots": slots, "paid": d + sl_now + pr_now, "sl": sl_now}
        minutes.append(row)
    stats["minutes"] = minutes

    # --- adserver: per-pod stats every minute
    for row in minutes:
        ps = pods[epoch(row["t"] + dt.timedelta(seconds=59))]
        for i, p in enumerate(ps):
            t = row["t"] + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
            share = 1 / len(ps) * rng.uniform(0.93, 1.07)
            extra = {}
            if epoch(t) == "rel":
                extra = {"country_header": int(row["slots"] * share * 0.996), "country_geolite2": int(row["slots"] * share * 0.004) + 1}
            alog(t, "INFO", "decision stats", pod=p, window="60s", requests=int(row["slots"] * share), direct=int(row["direct"] * share),
                 sonarline=int(row["sonarline"] * share), pulso=int(row["slots"] * share * 0.015), programmatic=int(row["programmatic"] * share),
                 house=int(row["house"] * share), empty=int(row["empty"] * share), p99_ms=rng.randint(14, 24), **extra)

    # pacing: the leader pod every 15 minutes, for the day's biggest line items
    paced = [("D-88412", "Banco Horizonte Nómina", 2400000, "direct", False), ("D-88460", "Seguros Atalaya", 900000, "direct", False),
             ("D-88503", "Cervezas del Norte MX", 600000, "direct", False), ("SL-240318", "Movilnet Unlimited Q1", 1200000, "sonarline", True),
             (sl_items[11]["id"], "Autos Familia Spring", 420000, "sonarline", True), (sl_items[23]["id"], "Supermercado Vecino", 380000, "sonarline", True),
             (sl_items[40]["id"], "QuickTax Hispano", 260000, "sonarline", True), ("PG-3307", "Spotlight PMP ES", 1500000, "programmatic", False)]

    def day_share(t):
        # share of the day's traffic since 00:00 UTC (Spain and the Americas)
        return min(1.0, max(0.0, (hours(t) - 4.0) / 20.0)) ** 1.15

    delivered = {}
    t = START + dt.timedelta(minutes=1)
    while t < END:
        for lid, name, goal, kind, is_sl in paced:
            exp = goal * day_share(t)
            if is_sl:
                lost = sum(1 for row in minutes if row["t"] <= t and not sonarline_ok(row["t"] + dt.timedelta(seconds=30)))
                dv = exp * (1 - lost / max(1.0, (hours(t) - 4.0) * 60) * 0.95)
            else:
                dv = exp * rng.uniform(0.97, 1.02)
            dv *= 1 + math.sin(hours(t) * 1.7 + len(lid)) * 0.015 + rng.uniform(-0.01, 0.01)
            delivered[lid] = dv
            pod = pods[epoch(t)][0]
            alog(t + dt.timedelta(milliseconds=rng.randint(0, 400)), "INFO", "pacing", pod=pod, line_item=lid, campaign=name, delivered=int(dv),
                 expected=int(exp), goal=goal, pace=round(dv / exp, 2) if exp else 1.0)
        t += dt.timedelta(minutes=15)

    # ADS-653: sampled slots left to house ads (only while 2026.03.02-1 runs)
    geo_base = {"ES": 70, "MX": 305, "US": 318, "PR": 338, "CO": 340, "AR": 360}
    sl_geo_ok = {mk: sum(1 for x in sl_items if not x["countries"] or mk in x["countries"]) for mk in MARKETS}
    for row in minutes:
        for mk, v in row["by"].items():
            unfilled = v["slots"] * (1 - v["paid"])
            lam = unfilled / 100.0
            n = 0
            L, p = math.exp(-lam), 1.0
            while True:
                p *= rng.random()
                if p <= L:
                    break
                n += 1
            for _ in range(n):
                t = row["t"] + dt.timedelta(seconds=rng.uniform(0, 60))
                if epoch(t) != "rel":
                    continue
                broken = not sonarline_ok(t)
                geo = geo_base[mk] + (143 - sl_geo_ok[mk]) + (sl_geo_ok[mk] - 2 if broken else 0)
                alog(t, "INFO", "slot not filled by paid demand", slot=rng.choice(["preroll", "preroll", "midroll-1", "midroll-2", "postroll"]), country=mk,
                     show=f"sh_{hexid(rng, 8)}", candidates=409 + (141 if t < stats["first_reload"] else 143), rejected={"geo": geo + rng.randint(-3, 3), "cap": rng.randint(1, 14), "pacing": rng.randint(4, 31),
                                                                        "flight": rng.randint(9, 17), "slot": rng.randint(20, 44)})

    # routine: programmatic timeouts, freqcap latency, a direct line item completing
    for _ in range(46):
        t = START + (END - START) * rng.random()
        alog(t, "WARN", "programmatic bid request timed out", ssp=rng.choice(["adswizz", "triton", "adswizz", "magnite"]), timeout_ms=60, deal=f"PG-{rng.choice([3307, 3312, 3340])}")
    for _ in range(7):
        t = START + (END - START) * rng.random()
        alog(t, "WARN", "freqcap lookup slow", redis="freqcap.ads.svc:6379", ms=rng.randint(21, 48))
    alog(utc("2026-03-02 11:48:20"), "INFO", "line item goal reached", line_item="D-88377", campaign="Farmacias Sol Invierno", goal=350000)
    alog(utc("2026-03-02 13:02:41"), "INFO", "line item goal reached", line_item="D-88391", campaign="Editorial Brisa Lanzamiento", goal=180000)

    # pod starts
    def starts(t, ep, version, sha):
        for i, p in enumerate(pods[ep]):
            tt = t + dt.timedelta(seconds=6 + 9 * i, milliseconds=rng.randint(0, 900))
            alog(tt, "INFO", "starting adserver", pod=p, version=version, commit=sha[:8], addr=":8080")
            if version == "2026.03.02-1":
                alog(tt + dt.timedelta(milliseconds=120), "INFO", "geo source", pod=p, header="X-Client-Geo-Country", fallback="GeoLite2-Country 2026-02-27")
            else:
                alog(tt + dt.timedelta(milliseconds=120), "INFO", "geo database loaded", pod=p, db="GeoLite2-Country", build="2026-02-27")
            alog(tt + dt.timedelta(milliseconds=610), "INFO", "line items loaded", pod=p, active=409 + (141 if tt < BAD_IMPORT else 143))

    starts(RELEASE, "rel", "2026.03.02-1", shas["head"])
    starts(ROLLBACK, "rb", "2026.02.26-1", shas["thursday"])

    # --- the stitcher (Rust, tracing fmt)
    st_pods = ["stitcher-6d8b9c7f5-kx2vq", "stitcher-6d8b9c7f5-r7mwd", "stitcher-6d8b9c7f5-zq4tn"]

    def stlog(t, level, target, msg):
        if inwin(t):
            stitcher.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {level:>5} {target}: {msg}")

    for row in minutes:
        for p in st_pods:
            t = row["t"] + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 999))
            share = rng.uniform(0.3, 0.37)
            paid = row["direct"] + row["sonarline"] + row["programmatic"]
            stlog(t, "INFO", "stitcher::stats", f"ad breaks stitched pod={p} window=60s breaks={int(row['slots'] * share)} paid={int(paid * share)} house={int(row['house'] * share)} empty={int(row['empty'] * share)} decision_p99_ms={rng.randint(19, 29)}")
    # one break in 400, sampled, with the line item that filled it
    direct_ids = [f"D-{n}" for n in rng.sample(range(88300, 88560), 40)] + ["D-88412", "D-88460", "D-88503"]
    house_ids = ["H-0007", "H-0011", "H-0012", "H-0019", "H-0023"]
    deal_ids = ["PG-3307", "PG-3312", "PG-3340", "PG-3355"]
    for row in minutes:
        for mk, v in row["by"].items():
            lam = v["slots"] / 400.0
            n, L, p = 0, math.exp(-lam), 1.0
            while True:
                p *= rng.random()
                if p <= L:
                    break
                n += 1
            curve, d, sl, pr = MARKETS[mk]
            for _ in range(n):
                t = row["t"] + dt.timedelta(seconds=rng.uniform(0, 60))
                ok = sonarline_ok(t)
                sl_now = sl if ok else sl * ROS_SHARE
                pr_now = pr + 0.2 * (sl - sl_now)
                x = rng.random()
                if x < d:
                    src, li = "direct", rng.choice(direct_ids)
                elif x < d + sl_now:
                    cands = [it["id"] for it in sl_items if not it["new"] and (mk in it["countries"])] if ok else []
                    src, li = "sonarline", rng.choice(cands + [sl_items[0]["id"], sl_items[1]["id"]] if cands else [sl_items[0]["id"], sl_items[1]["id"]])
                elif x < d + sl_now + pr_now:
                    src, li = "programmatic", rng.choice(deal_ids)
                elif x < 0.96:
                    src, li = "house", rng.choice(house_ids)
                else:
                    stlog(t, "INFO", "stitcher::breaks", f"break left empty pod={rng.choice(st_pods)} episode=ep_{hexid(rng, 12)} slot={rng.choice(['preroll', 'midroll', 'postroll'])} country={mk}")
                    continue
                stlog(t, "INFO", "stitcher::breaks", f"stitched break pod={rng.choice(st_pods)} episode=ep_{hexid(rng, 12)} slot={rng.choice(['preroll', 'preroll', 'midroll', 'postroll'])} country={mk} line_item={li} source={src} creative=cr_{hexid(rng, 10)} duration_ms={rng.choice([15020, 30040, 30040, 30041, 60080])}")
    for _ in range(30):
        t = START + (END - START) * rng.random()
        stlog(t, "WARN", "stitcher::creatives", f"creative fetch slow creative_id=cr_{hexid(rng, 10)} ms={rng.randint(900, 2400)} source=partner-cdn")
    for _ in range(9):
        t = START + (END - START) * rng.random()
        stlog(t, "WARN", "stitcher::decide", f"decision timed out after 80ms, stitching house break episode={hexid(rng, 12)}")

    # --- S3 access log of the drop bucket
    owner = "9a1f3c7e2b6d8f0a4c5e1b7d9f2a6c3e8b0d4f1a7c9e2b5d8f0a3c6e1b4d7f9a"

    def s3line(t, requester, op, key, status, size, ua, ip, total_ms):
        if not inwin(t):
            return
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        method = {"REST.PUT.OBJECT": "PUT", "REST.GET.OBJECT": "GET", "REST.HEAD.OBJECT": "HEAD"}[op]
        rid = hexid(rng, 16).upper()
        s3.add(t, f'{owner} ondacast-partner-drop [{stamp}] {ip} {requester} {rid} {op} {key} "{method} /{key} HTTP/1.1" {status} - '
                  f'{size if method == "GET" else "-"} {size} {total_ms} {max(1, total_ms - rng.randint(2, 20))} "-" "{ua}" - {hexid(rng, 40)}= SigV4 '
                  f'ECDHE-RSA-AES128-GCM-SHA256 AuthHeader ondacast-partner-drop.s3.eu-west-1.amazonaws.com TLSv1.2 - -')

    old_ua = "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0-1057-aws md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69 sonarline-trafficking/1.8"
    new_ua = "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy oms-export/2.0"
    old_req = "arn:aws:sts::381492650127:assumed-role/ondacast-drop-writer/sonarline-trafficking"
    new_req = "arn:aws:sts::381492650127:assumed-role/ondacast-drop-writer/oms-export-prod"
    importer = "arn:aws:sts::604218937551:assumed-role/adserver-partner-import/aws-go-sdk-" + str(int(utc("2026-03-02 05:00:00").timestamp() * 1e9))
    go_ua = "aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/s3#1.71.0"
    for h in range(6, 15):
        new = h >= 8
        put = utc(f"2026-03-02 {h - 1:02d}:58:00") + dt.timedelta(seconds=rng.randint(0, 50))
        if h == 14:
            put = utc("2026-03-02 13:58:31")
        key = f"sonarline/io/2026/03/02/sonarline_io_20260302T{h:02d}00Z.json"
        size = (143 if new else 141) * rng.randint(1290, 1310)
        s3line(put, new_req if new else old_req, "REST.PUT.OBJECT", key, 200, size, new_ua if new else old_ua, "34.205.117.42" if new else "52.44.18.203", rng.randint(60, 140))
    for t, fname, bad, manual in runs:
        key = "sonarline/io/2026/03/02/" + fname
        g = t + dt.timedelta(seconds=rng.uniform(4.5, 6.5))
        s3line(g, importer, "REST.GET.OBJECT", key, 200, (143 if bad else 141) * 1300, go_ua, "10.40.12.87", rng.randint(20, 60))
    for h in (6, 8, 10, 12, 14):
        s3line(utc(f"2026-03-02 {h:02d}:30:00") + dt.timedelta(seconds=rng.randint(2, 40)), "arn:aws:iam::772041193264:user/pulso-sftp-bridge", "REST.PUT.OBJECT",
               f"pulso/pulso_20260302T{h:02d}30Z.csv", 200, rng.randint(8000, 9000), "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/s3.cp", "185.44.76.19", rng.randint(40, 90))
    s3line(utc("2026-03-02 09:14:52"), "arn:aws:sts::604218937551:assumed-role/AWSReservedSSO_Engineer_4f1c2a/irene.soto@ondacast.com", "REST.GET.OBJECT",
           "sonarline/io/2026/03/02/sonarline_io_20260302T0800Z.json", 200, 143 * 1300, "aws-cli/2.22.4 Python/3.12.6 Darwin/24.3.0 exe/arm64 prompt/off command/s3.cp", "81.45.199.12", 48)
    s3line(utc("2026-03-02 09:15:20"), "arn:aws:sts::604218937551:assumed-role/AWSReservedSSO_Engineer_4f1c2a/irene.soto@ondacast.com", "REST.GET.OBJECT",
           "sonarline/io/2026/03/02/sonarline_io_20260302T0700Z.json", 200, 141 * 1300, "aws-cli/2.22.4 Python/3.12.6 Darwin/24.3.0 exe/arm64 prompt/off command/s3.cp", "81.45.199.12", 44)

    # --- GitLab job logs
    def gl(t, text, stream="00O"):
        if inwin(t):
            gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def job(t, job_id, name, sha, lines):
        gl(t, "Running with gitlab-runner 17.8.3 (3a8f5b1c)")
        gl(t + dt.timedelta(milliseconds=12), "  on ondacast-k8s-runner-2 t3_xR9kq, system ID: r_8fK2mZ1pQx4d")
        gl(t + dt.timedelta(milliseconds=400), f'section_start:{int(t.timestamp())}:prepare_executor')
        gl(t + dt.timedelta(milliseconds=410), 'Preparing the "kubernetes" executor')
        gl(t + dt.timedelta(seconds=1.2), 'Using Kubernetes executor with image alpine/helm:3.16.3 ...')
        gl(t + dt.timedelta(seconds=6.8), f"Fetching changes with git depth set to 20...")
        gl(t + dt.timedelta(seconds=7.3), f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        gl(t + dt.timedelta(seconds=7.4), f"Skipping Git submodules setup")
        tt = t + dt.timedelta(seconds=8)
        for off, text in lines:
            gl(tt + dt.timedelta(seconds=off), text)
        end = tt + dt.timedelta(seconds=lines[-1][0] + 0.5)
        gl(end, f"section_end:{int(end.timestamp())}:step_script")
        gl(end + dt.timedelta(milliseconds=300), "Cleaning up project directory and file based variables")
        gl(end + dt.timedelta(seconds=1), "Job succeeded")

    job(RELEASE - dt.timedelta(seconds=10), 918442, "deploy-production", shas["head"], [
        (0, "$ helm upgrade --install adserver deploy/chart/adserver -n ads -f deploy/chart/adserver/values-production.yaml --wait --timeout 10m"),
        (47.2, 'Release "adserver" has been upgraded. Happy Helming!'),
        (47.2, "NAME: adserver"),
        (47.3, "LAST DEPLOYED: Mon Mar  2 07:39:05 2026"),
        (47.3, "NAMESPACE: ads"),
        (47.3, "STATUS: deployed"),
        (47.4, "REVISION: 32"),
    ])
    job(ROLLBACK - dt.timedelta(seconds=10), 918517, "rollback-production", shas["head"], [
        (0, "$ helm rollback adserver ${REVISION} -n ads --wait --timeout 10m"),
        (44.6, "Rollback was a success! Happy Helming!"),
    ])

    # --- Teams #ads-incidents
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": iso(t), "from": {"user": {"displayName": who}},
                                 "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    def at(stamp):
        return next(r for r in minutes if r["t"] >= utc(stamp))

    w_bad = stats["warnings"][BAD_IMPORT]
    r0821 = at("2026-03-02 08:20:00")
    wk = at("2026-03-02 07:50:00")
    us_fill = r0821["by"]["US"]["paid"]
    say("2026-03-02 07:35:10", "Irene Soto", "releasing adserver 2026.03.02-1: ADS-651 country from the CDN geo header (GeoLite2 as fallback), ADS-653 logs sampled slots left to house ads, go-redis 9.7.1")
    say("2026-03-02 07:40:30", "Irene Soto", "2026.03.02-1 out, 4/4 pods. Country from the header on 99.6% of requests")
    say("2026-03-02 08:21:05", "Alertmanager", f"[FIRING:1] PartnerDeliveryDrop partner=sonarline impressions {(1 - r0821['sonarline'] / wk['sonarline']) * 100:.0f}% below the same hour last week for 15m")
    say("2026-03-02 08:22:40", "Alertmanager", f"[FIRING:1] PaidFillRateLow market=US paid fill {us_fill * 100:.0f}% < 60% for 15m")
    say("2026-03-02 08:24:15", "Irene Soto", "looking. ADS-653's new lines: US and MX slots reject nearly every line item for geo since ~08:06. My ADS-651 changed where the country comes from, checking the header values")
    say("2026-03-02 08:33:50", "Irene Soto", "the stitcher forwards X-Client-Geo-Country=US for US listeners, and GeoLite2 agrees for their IPs. Can't see how it would break, but rolling back to 2026.02.26-1 to be sure")
    say("2026-03-02 08:43:05", "Irene Soto", "rolled back (helm rollback, revision 31). The unfilled-slot lines are gone with it")
    say("2026-03-02 08:55:30", "Lucía Benítez", "Sonarline still at almost zero since 08:05, our direct and programmatic are normal. Their guaranteed Movilnet campaign (SL-240318, 1.2M a day) has stopped pacing")
    say("2026-03-02 09:03:20", "Pablo Marín", "08:05 is also when partner-import runs. Anything in its log?")
    say("2026-03-02 09:18:40", "Irene Soto", f"partner-import at 08:05 and 09:05: {w_bad} warnings each, 'line item targets unknown country code' with USA, PRI, MEX, ESP, COL. Every run before has 1 (their UK line item). The 08:00 file says countries \"USA|PRI\" where the 07:00 file says \"US|PR\". And the S3 log: the 07:58 upload came from a different client (aws-sdk-java, oms-export/2.0), the earlier ones from boto3")
    say("2026-03-02 09:24:10", "Lucía Benítez", "Sonarline wrote to adops on 24 Feb (forwarding): \"we will move our trafficking to our new order management system during the maintenance window of Sunday night, 1 March. The IO export keeps its current format.\"")
    say("2026-03-02 09:29:45", "Pablo Marín", "so the new OMS writes ISO alpha-3. Workaround until they fix it: stop the hourly import and load the 07:00 file again. The two line items that are new in the 08:00 file stay broken until then")
    say("2026-03-02 09:33:55", "Irene Soto", "suspending: kubectl -n ads patch cronjob partner-import -p '{\"spec\":{\"suspend\":true}}', then importing sonarline_io_20260302T0700Z.json by hand")
    say("2026-03-02 09:40:40", "Irene Soto", f"manual import done, {stats['warnings'][MANUAL_IMPORT]} warning (UK). Pods reloaded, Sonarline is delivering again")
    say("2026-03-02 09:52:10", "Lucía Benítez", "confirmed, SL line items pacing back up. Emailed Sonarline's ad ops and support, it's 04:52 in Miami")
    say("2026-03-02 10:31:25", "Irene Soto", "redeploy 2026.03.02-1? It wasn't the release")
    say("2026-03-02 10:33:00", "Pablo Marín", "this afternoon, once Sonarline has answered. And ADS-662: an alert when an import logs more than a handful of warnings")
    say("2026-03-02 13:14:30", "Lucía Benítez", "Sonarline (forwarding): \"Our new OMS exports ISO 3166-1 alpha-3 country codes; the mapping to alpha-2 for your feed was missed in the migration. A corrected export will be in your bucket at 14:00 UTC. Apologies for the disruption.\"")
    say("2026-03-02 13:59:40", "Irene Soto", "corrected file is in (1400Z), countries \"US|PR\" again. Resuming the CronJob for the 14:05 run")
    say("2026-03-02 14:07:20", "Irene Soto", f"14:05 import: {stats['warnings'][utc('2026-03-02 14:05:00')]} warning (UK), 143 line items, the two new ones fixed. Follow-up: the import should refuse a file with unknown codes instead of loading it")
    say("2026-03-02 14:21:50", "Pablo Marín", "thanks all. Postmortem tomorrow; ad ops to agree a makegood for SL-240318 with Sonarline")
    return [app, imports, stitcher, s3, gitlab, teams], stats


def build(out_dir):
    rng = random.Random(44200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_reload"].replace(microsecond=0)
        assert BAD_IMPORT < onset < BAD_IMPORT + dt.timedelta(minutes=2), onset
        assert stats["warnings"][BAD_IMPORT] > 150 and stats["warnings"][MANUAL_IMPORT] == 1
        minutes = stats["minutes"]
        by_t = {int(r["t"].timestamp()): r for r in minutes}

        def src(key):
            return lambda t: round(by_t[int(t.timestamp())][key]) if int(t.timestamp()) in by_t else None

        def paid_fill(market=None):
            def f(t):
                r = by_t.get(int(t.timestamp()))
                if r is None:
                    return None
                if market:
                    return round(r["by"][market]["paid"], 3)
                return round((r["direct"] + r["sonarline"] + r["programmatic"]) / r["slots"], 3)
            return f

        metrics = {
            "adserver_impressions_per_minute.json": query_range([({"job": "adserver", "source": k}, src(k)) for k in ("direct", "sonarline", "programmatic", "house")],
                                                                 START, END - dt.timedelta(minutes=1), 60),
            "adserver_paid_fill_ratio.json": query_range([({"job": "adserver", "market": m}, paid_fill(m)) for m in ("ES", "MX", "US")] + [({"job": "adserver", "market": "all"}, paid_fill())],
                                                         START, END - dt.timedelta(minutes=1), 60),
        }
        return write_scenario(
            out_dir, name="r44-partner-country-alpha3-none", service=SERVICE, onset=onset,
            description=f"""
Ondacast's partner network Sonarline stops delivering on Monday 2 March:
from {onset.strftime('%H:%M:%S')} UTC almost none of Sonarline's line items wins an ad break,
US and Mexican listeners get house promos instead of paid ads, the US
market's paid fill halves and Sonarline's guaranteed campaign for a
mobile carrier stops pacing. A release of adserver that takes the
listener's country from the CDN's geo header had gone out at 07:38;
rolling it back at 08:41 did not help. From 09:39, after the hourly
partner import is suspended and an earlier file imported by hand,
Sonarline delivers again; a corrected file from Sonarline is imported
at 14:05.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "partner-import.log": r"\[pod/<Pod>/<Container>\] <Timestamp> <Content>",
            },
            root_cause=[
                r"line item targets unknown country code",
                r"new OMS exports ISO .* country codes",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Sonarline, the partner network, moved its
trafficking to a new order management system over the night of Sunday 1
March, and the new system's first insertion-order export (uploaded at
07:58 UTC by a new client, aws-sdk-java and oms-export/2.0 in the drop
bucket's S3 log) writes the countries as ISO 3166-1 alpha-3 ("USA|PRI",
"MEX") where the file spec and every earlier file have alpha-2. The
08:05 partner import loads it and logs "line item targets unknown country
code" {stats['warnings'][BAD_IMPORT]} times (every earlier run logs one, for a line item that
targets "UK"); the importer keeps unknown codes on purpose, so from the
pods' reload at {onset.strftime('%H:%M:%S')} every Sonarline line item with a country list is
rejected for geo (the listener's country is "US", the line item's
"USA") and only its two run-of-network line items deliver. Suspending
the import and loading the 07:00 file (09:38) brings Sonarline back;
Sonarline confirms at 13:14 ("our new OMS exports ISO 3166-1 alpha-3
country codes") and uploads a corrected file for the 14:05 run.
Decoys: the 07:38 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (GitLab's job checks
out "release 2026.03.02-1"): ADS-651 takes the country from the CDN's
X-Client-Geo-Country header instead of GeoLite2, in the very decision
path that rejects the line items for geo; ADS-653 of the evening before
adds the "slot not filled by paid demand" lines with rejections per
reason, whose geo counts jump at 08:05; a go-redis bump; the rollback at
08:41 without effect (the new lines vanish). Also ADS-642, a harmless
change to the Sonarline parser, the runbook commit that points at the
geo header when a market's fill drops, the pacing and pgx commits, the
routine "UK" warning, programmatic timeouts and two direct line items
reaching their goals.
""",
        )
    finally:
        repo.close()
