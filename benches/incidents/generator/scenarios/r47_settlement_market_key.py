"""settlement-engine (Go 1.23, franz-go, pgx; three pods on EKS in
eu-west-1, Argo CD with auto-sync from `main`; team in Malta, a developer in
Belgrade and one in Porto) of Oxbow Bet, a Malta-licensed online sportsbook.
When the results feed confirms a market's result, settlement-engine grades
every open bet on it (singles, and accumulators whose last leg it is),
marks them WON/LOST/VOID and publishes one settlement event per bet to the
Kafka topic `wallet.settlements` (48 partitions). The wallet team's
wallet-credit consumer (Spring Boot, 12 pods, 4 partitions each) credits the
winnings to the customers' balances, one partition at a time in order, at
about 250 credits a second per partition. Events were keyed by customer id,
so a customer's credits stay in order and a big market spreads over all 48
partitions.

On Monday 19 October at 10:12 UTC SET-318 keys the events by market id
instead, so that finance's GGR reporter can sum a market on one consumer
and close it when it sees the market's last event. Every bet of a market
now lands on one partition. Nothing shows on Monday night (Serie A, a few
thousand bets per market) or for Tuesday's early Champions League games
(the Brugge and Sporting match result markets lift one partition's lag to
two minutes at 18:38, under the wallet's three-minute warning).

Tuesday 20 October, 19:00 UTC kickoffs: six Champions League games. At
full time (20:53-20:56) their markets settle: Real Madrid v Liverpool's
match result alone has 300,000 bets, and with the market as the key it
and the over/under and both-teams-to-score markets that hash to the same
partition queue behind one consumer. From 20:57 the wallet warns that
partitions 19, 7 and 33 are minutes behind; bets show WON in the app but
balances are not credited for up to half an hour, withdrawals of winnings
are refused for insufficient funds and support's chat fills up.

At 20:24 a hotfix had gone out (SET-324: bet builder legs of players not in
the matchday squad are voided, after the early games' bet builders failed
to settle; SET-321, which logs settled bets with no wallet credit after
three minutes; a franz-go bump). The on-call scales wallet-credit to 24
pods per the runbook (no effect: a partition has one consumer), then rolls
settlement-engine back in Argo CD to Monday's revision at 21:09 (the
"unpaid settled bets" warnings vanish, the lag does not). Lag per partition
and the keys on partition 19 lead to SET-318; the backlog drains by itself
by about 21:22 and the author's revert is synced at 21:33, before
Wednesday's games.

Sources: settlement-engine (zap JSON), wallet-credit (Spring Boot console
format), ingress-nginx access for api.oxbow.bet, Argo CD (logfmt),
Kubernetes events (JSON), #sportsbook-ops (Slack export, JSON lines)."""

import bisect
import datetime as dt
import json
import random
import zlib

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import json_line, nginx_access, spring
from skeletons import chores, runbook

SERVICE = "settlement-engine"
START, END = utc("2026-10-20 17:00:00"), utc("2026-10-20 22:00:00")
HOTFIX = utc("2026-10-20 20:24:10")       # new pods serving
SCALE = utc("2026-10-20 21:04:30")
ROLLBACK = utc("2026-10-20 21:09:15")
FIX = utc("2026-10-20 21:33:20")
PARTITIONS = 48
RATE = 250                                 # wallet credits per second per partition
WARN_AGE = 180
MSTART = utc("2026-10-20 18:30:00")

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/oxbowbet/settlement-engine

go 1.23

require (
\tgithub.com/jackc/pgx/v5 v5.6.0
\tgithub.com/twmb/franz-go v1.17.1
\tgo.uber.org/zap v1.27.0
\tgolang.org/x/sync v0.7.0
\tgopkg.in/yaml.v3 v3.0.1
)
"""

MAIN_GO = """package main

import (
\t"context"
\t"os"
\t"os/signal"

\t"github.com/oxbowbet/settlement-engine/internal/config"
\t"github.com/oxbowbet/settlement-engine/internal/publish"
\t"github.com/oxbowbet/settlement-engine/internal/settle"
\t"go.uber.org/zap"
)

var version = "dev"

func main() {
\tlog, _ := zap.NewProduction()
\tcfg := config.MustLoad(os.Getenv("CONFIG_PATH"))
\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
\tdefer stop()
\tpub := publish.New(cfg.Kafka, log)
\teng := settle.NewEngine(cfg, pub, log)
\tlog.Info("settlement-engine starting", zap.String("version", version))
\tif err := eng.Run(ctx); err != nil {
\t\tlog.Fatal("engine stopped", zap.Error(err))
\t}
}
"""

PUBLISHER_V1 = """package publish

import (
\t"context"
\t"encoding/json"
\t"strconv"
\t"time"

\t"github.com/oxbowbet/settlement-engine/internal/config"
\t"github.com/twmb/franz-go/pkg/kgo"
\t"go.uber.org/zap"
)

// Settlement is one graded bet, as wallet-credit reads it from
// wallet.settlements.
type Settlement struct {
\tBetID      int64  `json:"bet_id"`
\tCustomerID int64  `json:"customer_id"`
\tMarketID   int64  `json:"market_id"`
\tOutcome    string `json:"outcome"`
\tPayout     int64  `json:"payout_minor"`
\tCurrency   string `json:"currency"`
\tVersion    int    `json:"result_version"`
}

type Publisher struct {
\tclient *kgo.Client
\ttopic  string
\tlog    *zap.Logger
}

func New(cfg config.Kafka, log *zap.Logger) *Publisher {
\tclient, err := kgo.NewClient(
\t\tkgo.SeedBrokers(cfg.Brokers...),
\t\tkgo.ProducerLinger(cfg.Linger),
\t\tkgo.ProducerBatchMaxBytes(cfg.BatchMaxBytes),
\t\tkgo.RequiredAcks(kgo.AllISRAcks()),
\t)
\tif err != nil {
\t\tpanic(err)
\t}
\treturn &Publisher{client: client, topic: cfg.SettlementsTopic, log: log}
}

// key keeps one customer's credits in order: wallet-credit applies a
// partition's records one by one.
func key(s Settlement) []byte {
\treturn []byte(strconv.FormatInt(s.CustomerID, 10))
}

// Market publishes one market's settlements and waits for the acks.
func (p *Publisher) Market(ctx context.Context, marketID int64, batch []Settlement) error {
\tstart := time.Now()
\tparts := map[int32]bool{}
\trecords := make([]*kgo.Record, 0, len(batch))
\tfor _, s := range batch {
\t\tvalue, _ := json.Marshal(s)
\t\trecords = append(records, &kgo.Record{Topic: p.topic, Key: key(s), Value: value})
\t}
\tresults := p.client.ProduceSync(ctx, records...)
\tfor _, r := range results {
\t\tif r.Err == nil {
\t\t\tparts[r.Record.Partition] = true
\t\t}
\t}
\tp.log.Info("published settlement batch",
\t\tzap.Int64("market_id", marketID), zap.Int("events", len(records)),
\t\tzap.Int("partitions", len(parts)), zap.Duration("took", time.Since(start)))
\treturn results.FirstErr()
}
"""

PUBLISHER_TEST_V1 = """package publish

import "testing"

func TestKeyIsCustomer(t *testing.T) {
\ta := Settlement{BetID: 1, CustomerID: 42, MarketID: 7}
\tb := Settlement{BetID: 2, CustomerID: 42, MarketID: 8}
\tif string(key(a)) != string(key(b)) {
\t\tt.Fatal("one customer's settlements must share a key")
\t}
}
"""

ENGINE = """package settle

import (
\t"context"
\t"time"

\t"github.com/oxbowbet/settlement-engine/internal/config"
\t"github.com/oxbowbet/settlement-engine/internal/publish"
\t"go.uber.org/zap"
)

// Engine grades the open bets of a market when the results feed confirms
// its result, marks them in the bets database and publishes them.
type Engine struct {
\tcfg   config.Config
\tpub   *publish.Publisher
\tbets  *BetStore
\tlog   *zap.Logger
}

func NewEngine(cfg config.Config, pub *publish.Publisher, log *zap.Logger) *Engine {
\treturn &Engine{cfg: cfg, pub: pub, bets: NewBetStore(cfg.Database), log: log}
}

func (e *Engine) settleMarket(ctx context.Context, r Result) error {
\tstart := time.Now()
\topen, err := e.bets.OpenOn(ctx, r.MarketID)
\tif err != nil {
\t\treturn err
\t}
\tbatch := make([]publish.Settlement, 0, len(open))
\tfor _, b := range open {
\t\tbatch = append(batch, grade(b, r))
\t}
\tif err := e.bets.MarkSettled(ctx, batch); err != nil {
\t\treturn err
\t}
\te.log.Info("market settled", zap.Int64("market_id", r.MarketID), zap.String("event", r.EventName),
\t\tzap.String("market", r.MarketName), zap.Int("bets", len(batch)), zap.Duration("took", time.Since(start)))
\treturn e.pub.Market(ctx, r.MarketID, batch)
}
"""

BETBUILDER = """package settle

import "fmt"

// A bet builder (same-game multi) wins when every leg wins. Player legs
// are graded from the lineup and the match events.
func gradeBuilder(b Bet, r Result, lineup Lineup) (string, error) {
\tfor _, leg := range b.Legs {
\t\tif leg.PlayerID != 0 && !lineup.Has(leg.PlayerID) {
\t\t\treturn "", fmt.Errorf("cannot settle bet builder leg: player %d not in lineup", leg.PlayerID)
\t\t}
\t\tif !legWon(leg, r) {
\t\t\treturn "LOST", nil
\t\t}
\t}
\treturn "WON", nil
}
"""

CONFIG = """kafka:
  brokers:
    - b-1.oxbow-msk.eu-west-1.amazonaws.com:9098
    - b-2.oxbow-msk.eu-west-1.amazonaws.com:9098
    - b-3.oxbow-msk.eu-west-1.amazonaws.com:9098
  settlements_topic: wallet.settlements
  linger: 5ms
  batch_max_bytes: 1048576
results:
  topic: results.confirmed
  group: settlement-engine
database:
  max_conns: 20
"""

VALUES = """image:
  repository: 312907455218.dkr.ecr.eu-west-1.amazonaws.com/settlement-engine
replicaCount: 3
env:
  CONFIG_PATH: /etc/settlement-engine/production.yaml
resources:
  requests: { cpu: "1", memory: 1Gi }
  limits: { memory: 2Gi }
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
        with: { go-version: "1.23" }
      - run: go test ./...
  image:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: make image push TAG=${GITHUB_SHA::7}
"""

RUNBOOK_ALERTS = [
    ("ResultsConsumerLag", "results.confirmed is not being consumed. Check the pods' logs for database errors; settlement is idempotent per (market, result_version), restarting is safe."),
    ("UnsettledBetsAfterResult", "Bets still OPEN 15 minutes after their market's result. Usually bet builders whose legs the engine cannot grade; the trading desk can void a leg by hand in the back office."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    marta = Person("Marta Camilleri", "marta.camilleri@oxbow.bet", 120)
    dragan = Person("Dragan Petrović", "dragan.petrovic@oxbow.bet", 120)
    luis = Person("Luís Ferreira", "luis.ferreira@oxbow.bet", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    pub = "internal/publish/publisher.go"
    files = {
        "go.mod": GO_MOD,
        "cmd/settlement-engine/main.go": MAIN_GO,
        pub: PUBLISHER_V1,
        "internal/publish/publisher_test.go": PUBLISHER_TEST_V1,
        "internal/settle/engine.go": ENGINE,
        "internal/settle/betbuilder.go": BETBUILDER,
        "config/production.yaml": CONFIG,
        "deploy/values-production.yaml": VALUES,
        ".github/workflows/ci.yml": CI,
        "README.md": "# settlement-engine\n\nGrades open bets when a market's result is confirmed and publishes one\nsettlement per bet to `wallet.settlements`; wallet-credit (wallet team)\ncredits the winnings.\n\n## Running locally\n\n```\ndocker compose up -d kafka postgres\ngo run ./cmd/settlement-engine\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-10-14 08:50:00"), marta, "settlement-engine: results consumer, grading and the wallet publisher", files)
    repo.schedule(chores(random.Random(47101), SERVICE, [marta, luis], utc("2026-10-14 10:00:00"), utc("2026-10-16 16:00:00"), 3))
    repo.commit(utc("2026-10-14 13:20:00"), luis, "betbuilder: grade player legs from the confirmed lineup (SET-296)", {
        "internal/settle/betbuilder.go": sub(BETBUILDER, "// are graded from the lineup and the match events.", "// are graded from the confirmed lineup (results feed) and the match events."),
    })
    repo.commit(utc("2026-10-15 09:10:00"), dragan, "results: skip duplicate result messages by (market, result_version) (SET-305)", {
        "config/production.yaml": repo.edit("config/production.yaml", "  group: settlement-engine\n", "  group: settlement-engine\n  dedupe_window: 24h\n"),
    })
    repo.commit(utc("2026-10-15 15:40:00"), marta, "config: wallet.settlements linger 5ms -> 10ms (SET-309)\n\nFewer, fuller produce requests on big markets; MSK's request rate\nwarning fired twice on Saturday.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  linger: 5ms\n", "  linger: 10ms\n"),
    })
    repo.commit(utc("2026-10-16 11:05:00"), bot, "fix(deps): update module golang.org/x/sync to v0.8.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/sync v0.7.0", "golang.org/x/sync v0.8.0"),
    })
    repo.commit(utc("2026-10-16 14:30:00"), luis, "runbook: WalletSettlementLag (SET-311)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## WalletSettlementLag\n\nwallet-credit is behind on wallet.settlements: customers see settled bets\nwithout the winnings in their balance. On a busy evening this is load:\nscale wallet-credit (`kubectl -n wallet scale deploy/wallet-credit\n--replicas=24`, up to the 48 partitions) and tell support. Nothing to do in\nsettlement-engine; the events are already published.\n",
    })
    repo.commit(utc("2026-10-19 07:05:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.1", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.6.0", "github.com/jackc/pgx/v5 v5.7.1"),
    })
    culprit = repo.commit(utc("2026-10-19 10:12:00"), dragan, "publish: key wallet.settlements by market id (SET-318)\n\nFinance's GGR reporter sums stakes and payouts per market and today has\nto read all 48 partitions and hold every open market in memory until it\nguesses the market is done. With the market as the key, one market's\nsettlements are on one partition, in order, and the last one carries\nlast_in_market so the reporter can close the market.\n\nA customer's credits for one market stay in order as before; wallet-credit\ndoes not need a customer's credits across markets in order (each credit\nis its own balance transaction).", {
        pub: sub(PUBLISHER_V1,
                 "\tVersion    int    `json:\"result_version\"`\n}",
                 "\tVersion    int    `json:\"result_version\"`\n\tLast       bool   `json:\"last_in_market,omitempty\"`\n}",
                 "// key keeps one customer's credits in order: wallet-credit applies a\n// partition's records one by one.\nfunc key(s Settlement) []byte {\n\treturn []byte(strconv.FormatInt(s.CustomerID, 10))\n}",
                 "// key puts a market's settlements on one partition, in order, so the GGR\n// reporter can close a market when it sees last_in_market (SET-318).\nfunc key(s Settlement) []byte {\n\treturn []byte(strconv.FormatInt(s.MarketID, 10))\n}",
                 "\tfor _, s := range batch {\n",
                 "\tif len(batch) > 0 {\n\t\tbatch[len(batch)-1].Last = true\n\t}\n\tfor _, s := range batch {\n"),
    })
    repo.commit(utc("2026-10-19 10:40:00"), dragan, "publish: test that a market's settlements share a key (SET-318)", {
        "internal/publish/publisher_test.go": "package publish\n\nimport \"testing\"\n\nfunc TestKeyIsMarket(t *testing.T) {\n\ta := Settlement{BetID: 1, CustomerID: 42, MarketID: 7}\n\tb := Settlement{BetID: 2, CustomerID: 43, MarketID: 7}\n\tif string(key(a)) != string(key(b)) {\n\t\tt.Fatal(\"one market's settlements must share a key\")\n\t}\n}\n",
    })
    monday = repo.commit(utc("2026-10-19 13:55:00"), luis, "ci: cache Go modules between jobs", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "        with: { go-version: \"1.23\" }\n", "        with: { go-version: \"1.23\", cache: true }\n"),
    })
    repo.commit(utc("2026-10-19 17:30:00"), marta, "settle: warn about settled bets without a wallet credit after 3 minutes (SET-321)\n\nSupport hears about missing winnings before we do. The engine already\nconsumes wallet.credits.confirmed for the bet status PAID; a minute's\ncheck logs what is still unpaid.", {
        "internal/settle/engine.go": repo.edit("internal/settle/engine.go", "\treturn e.pub.Market(ctx, r.MarketID, batch)\n}\n",
                                               "\treturn e.pub.Market(ctx, r.MarketID, batch)\n}\n\n// checkUnpaid runs every minute: bets settled more than three minutes ago\n// with no credit confirmed by wallet-credit.\nfunc (e *Engine) checkUnpaid(ctx context.Context) {\n\tn, oldest, err := e.bets.UnpaidSince(ctx, time.Now().Add(-3*time.Minute))\n\tif err != nil || n == 0 {\n\t\treturn\n\t}\n\te.log.Warn(\"unpaid settled bets: settled more than 3m ago without a wallet credit\",\n\t\tzap.Int(\"bets\", n), zap.Int64(\"oldest_market_id\", oldest.MarketID), zap.Time(\"oldest_settled_at\", oldest.SettledAt))\n}\n"),
    })
    repo.commit(utc("2026-10-20 08:05:00"), bot, "fix(deps): update module github.com/twmb/franz-go to v1.18.0", {
        "go.mod": repo.edit("go.mod", "github.com/twmb/franz-go v1.17.1", "github.com/twmb/franz-go v1.18.0"),
    })
    repo.commit(utc("2026-10-20 09:30:00"), luis, "publish: client id from POD_NAME so MSK's metrics name the pod", {
        pub: repo.edit(pub, "\t\tkgo.SeedBrokers(cfg.Brokers...),\n", "\t\tkgo.SeedBrokers(cfg.Brokers...),\n\t\tkgo.ClientID(\"settlement-engine-\" + os.Getenv(\"POD_NAME\")),\n").replace("\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"os\"\n"),
    })
    head = repo.commit(utc("2026-10-20 19:58:00"), luis, "betbuilder: void player legs when the player is not in the matchday squad (SET-324)\n\nBrugge v Atalanta: 1,912 bet builders with a leg on a player who was\nruled out after the lineup was published could not be settled. The\nbet rules say such a leg is void and the bet is settled on the others.", {
        "internal/settle/betbuilder.go": repo.edit("internal/settle/betbuilder.go",
                                                   "\t\tif leg.PlayerID != 0 && !lineup.Has(leg.PlayerID) {\n\t\t\treturn \"\", fmt.Errorf(\"cannot settle bet builder leg: player %d not in lineup\", leg.PlayerID)\n\t\t}\n",
                                                   "\t\tif leg.PlayerID != 0 && !lineup.Has(leg.PlayerID) {\n\t\t\tcontinue // void leg (bet rules 7.4): settled on the other legs\n\t\t}\n").replace("import \"fmt\"\n\n", ""),
    })
    fix = repo.commit(utc("2026-10-20 21:24:00"), dragan, "Revert \"publish: key wallet.settlements by market id (SET-318)\"\n\nThis reverts commit " + culprit + ".\n\nWith the market as the key, all 300k settlements of Real Madrid v\nLiverpool's match result went to one partition, which one wallet-credit\nconsumer drains at ~250/s: winnings were up to half an hour late. Back to\nthe customer id; the GGR reporter needs another way to close a market.", {
        pub: sub(repo.files[pub],
                 "\tVersion    int    `json:\"result_version\"`\n\tLast       bool   `json:\"last_in_market,omitempty\"`\n}",
                 "\tVersion    int    `json:\"result_version\"`\n}",
                 "// key puts a market's settlements on one partition, in order, so the GGR\n// reporter can close a market when it sees last_in_market (SET-318).\nfunc key(s Settlement) []byte {\n\treturn []byte(strconv.FormatInt(s.MarketID, 10))\n}",
                 "// key keeps one customer's credits in order: wallet-credit applies a\n// partition's records one by one.\nfunc key(s Settlement) []byte {\n\treturn []byte(strconv.FormatInt(s.CustomerID, 10))\n}",
                 "\tif len(batch) > 0 {\n\t\tbatch[len(batch)-1].Last = true\n\t}\n\tfor _, s := range batch {\n",
                 "\tfor _, s := range batch {\n"),
    })
    return repo, {"culprit": culprit, "monday": monday, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the evening

# (home, away, kickoff, popularity: match result bets at full time)
MATCHES = [
    ("Club Brugge", "Atalanta", utc("2026-10-20 16:45:00"), 31000, 47),
    ("Sporting CP", "Bayer Leverkusen", utc("2026-10-20 16:45:00"), 26000, 49),
    ("Real Madrid", "Liverpool", utc("2026-10-20 19:00:00"), 300000, 50),
    ("Bayern München", "Arsenal", utc("2026-10-20 19:00:00"), 142000, 51),
    ("Paris Saint-Germain", "Inter", utc("2026-10-20 19:00:00"), 121000, 48),
    ("Manchester City", "Borussia Dortmund", utc("2026-10-20 19:00:00"), 128000, 53),
    ("Juventus", "Atlético Madrid", utc("2026-10-20 19:00:00"), 74000, 52),
    ("PSV", "Celtic", utc("2026-10-20 19:00:00"), 39000, 51),
]
FT_MARKETS = [("Match Result", 1.0), ("Total Goals Over/Under 2.5", 0.46), ("Both Teams To Score", 0.34),
              ("Double Chance", 0.12), ("Correct Score", 0.21), ("Asian Handicap", 0.09), ("Anytime Goalscorer", 0.28),
              ("Total Corners Over/Under 9.5", 0.07), ("Bet Builder", 0.11)]
HT_MARKETS = [("Half-Time Result", 0.11), ("First Half Goals Over/Under 0.5", 0.05)]
# the partition each big market's id hashes to (chosen ids, see market_id())
WANT = {("Real Madrid", "Match Result"): 19, ("Manchester City", "Total Goals Over/Under 2.5"): 19,
        ("Bayern München", "Both Teams To Score"): 19, ("Paris Saint-Germain", "Match Result"): 7,
        ("Juventus", "Total Goals Over/Under 2.5"): 7, ("Bayern München", "Match Result"): 33,
        ("Club Brugge", "Match Result"): 41}


def partition_of(key):
    return zlib.crc32(str(key).encode()) % PARTITIONS


def build_markets(rng):
    used = set()
    markets = []
    eid = 4811020
    for home, away, ko, pop, minutes in MATCHES:
        eid += rng.randint(3, 40)
        ft = ko + dt.timedelta(minutes=45 + 15 + 45 + 2 + (minutes - 47), seconds=rng.randint(0, 50))
        ht = ko + dt.timedelta(minutes=47, seconds=rng.randint(0, 50))
        for name, share, when in [(n, s, ft) for n, s in FT_MARKETS] + [(n, s, ht) for n, s in HT_MARKETS]:
            want = WANT.get((home, name))
            while True:
                mid = rng.randint(180000000, 189999999)
                if mid in used:
                    continue
                p = partition_of(mid)
                if want is not None and p != want:
                    continue
                if want is None and share * pop > 20000 and p in (19, 7, 33):
                    continue
                break
            used.add(mid)
            bets = int(pop * share * rng.uniform(0.92, 1.08))
            markets.append({"id": mid, "event": f"{home} v {away}", "event_id": eid, "name": name, "bets": bets,
                            "result_at": when + dt.timedelta(seconds=rng.randint(25, 70)), "partition": partition_of(mid), "home": home})
    return markets


def build_logs(rng, shas):
    app, wallet, ingress, argo, events, slack = (Log("settlement-engine.log"), Log("wallet-credit.log"), Log("ingress-nginx.log"),
                                                Log("argocd.log"), Log("k8s-events.log"), Log("slack-sportsbook-ops.log"))
    stats = {}

    def inwin(t):
        return START <= t < END

    def fixed(t):
        return t >= FIX

    # --- settlement work: (time, market, bets)
    markets = build_markets(rng)
    # routine markets of other sports: tennis, basketball, esports, ice hockey
    routine = []
    sports = [("tennis", "Match Winner", 300, 2600), ("basketball", "Money Line", 500, 9000), ("esports", "Map 1 Winner", 80, 1400),
              ("ice-hockey", "Match Result (regular time)", 300, 5200), ("table-tennis", "Match Winner", 20, 240), ("football", "Match Result", 200, 7000)]
    t = START - dt.timedelta(minutes=10)
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 26.0))
        sport, name, lo, hi = rng.choice(sports)
        mid = rng.randint(180000000, 189999999)
        routine.append({"id": mid, "event": f"{sport} event {rng.randint(4700000, 4819999)}", "event_id": 0, "name": name,
                        "bets": int(rng.uniform(lo, hi)), "result_at": t, "partition": partition_of(mid), "sport": sport})
    allm = sorted(markets + routine, key=lambda m: m["result_at"])

    # --- per partition queue: every market's bets arrive at its publish time
    arrivals = {p: [] for p in range(PARTITIONS)}   # (time, count)
    for m in allm:
        m["settled_at"] = m["result_at"] + dt.timedelta(milliseconds=300 + m["bets"] // 40 + rng.randint(0, 400))
        m["published_at"] = m["settled_at"] + dt.timedelta(milliseconds=200 + m["bets"] // 120 + rng.randint(0, 300))
        if fixed(m["published_at"]):
            share = m["bets"] / PARTITIONS
            for p in range(PARTITIONS):
                arrivals[p].append((m["published_at"], share))
            m["parts"] = min(PARTITIONS, m["bets"])
        else:
            arrivals[m["partition"]].append((m["published_at"], m["bets"]))
            m["parts"] = 1
    # background credits (bonus releases, cash-outs settled) spread everywhere
    sim_start = START - dt.timedelta(minutes=10)
    total_s = int((END - sim_start).total_seconds())
    lag = {p: [0.0] * total_s for p in range(PARTITIONS)}
    age = {p: [0.0] * total_s for p in range(PARTITIONS)}
    credited = {p: [0.0] * total_s for p in range(PARTITIONS)}
    for p in range(PARTITIONS):
        arr = sorted(arrivals[p])
        queue = []  # [time, remaining]
        i = 0
        for s in range(total_s):
            now = sim_start + dt.timedelta(seconds=s)
            while i < len(arr) and arr[i][0] <= now:
                queue.append([arr[i][0], arr[i][1]])
                i += 1
            cap = RATE * rng.uniform(0.9, 1.1)
            if SCALE <= now < SCALE + dt.timedelta(seconds=22):
                cap = 0  # rebalance
            done = 0.0
            while queue and cap > 0:
                take = min(cap, queue[0][1])
                queue[0][1] -= take
                cap -= take
                done += take
                if queue[0][1] <= 0.5:
                    queue.pop(0)
            credited[p][s] = done + rng.uniform(2, 6)
            lag[p][s] = sum(q[1] for q in queue)
            age[p][s] = (now - queue[0][0]).total_seconds() if queue else 0.0

    def idx(t):
        return max(0, min(total_s - 1, int((t - sim_start).total_seconds())))

    stats.update(lag=lag, age=age, credited=credited, idx=idx, markets=markets)

    # --- settlement-engine (zap JSON, three pods)
    pods_by_epoch = [
        (utc("2026-10-19 15:21:40"), "settlement-engine-7b9d4c6f58-", ["4kq2x", "9mzt7", "hw3rc"], shas["monday"], "1.30.0"),
        (HOTFIX, "settlement-engine-5c8f7d9b46-", ["2xvlp", "n7q4d", "tb8ks"], shas["head"], "1.31.0"),
        (ROLLBACK, "settlement-engine-7b9d4c6f58-", ["c6wr2", "p3mfj", "z9hxb"], shas["monday"], "1.30.0"),
        (FIX, "settlement-engine-6d4b8c7f95-", ["fj2q8", "k5tnw", "r8dzl"], shas["fix"], "1.31.1"),
    ]

    def epoch(t):
        return pods_by_epoch[max(0, bisect.bisect_right([e[0] for e in pods_by_epoch], t) - 1)]

    def zlog(t, level, msg, caller, **fields):
        if not inwin(t):
            return
        e = epoch(t)
        body = {"level": level, "ts": round(t.timestamp(), 3), "caller": caller, "msg": msg, "pod": e[1] + rng.choice(e[2])}
        body.update(fields)
        app.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    for e0, prefix, pods, sha, version in pods_by_epoch[1:]:
        for k, pod in enumerate(pods):
            t0 = e0 - dt.timedelta(seconds=20 - k * 6)
            app.add(t0, json.dumps({"level": "info", "ts": round(t0.timestamp(), 3), "caller": "settlement-engine/main.go:27", "msg": "settlement-engine starting", "pod": prefix + pod, "version": f"{version}+{sha[:7]}"}, separators=(",", ":")))
            app.add(t0 + dt.timedelta(milliseconds=840), json.dumps({"level": "info", "ts": round((t0 + dt.timedelta(milliseconds=840)).timestamp(), 3), "caller": "settle/consumer.go:58", "msg": "joined consumer group", "pod": prefix + pod, "group": "settlement-engine", "topic": "results.confirmed", "partitions": 4}, separators=(",", ":")))

    for m in allm:
        if not inwin(m["result_at"]):
            continue
        zlog(m["result_at"], "info", "result confirmed", "settle/consumer.go:91", market_id=m["id"], event=m["event"], market=m["name"], result_version=1)
        zlog(m["settled_at"], "info", "market settled", "settle/engine.go:41", market_id=m["id"], event=m["event"], market=m["name"], bets=m["bets"], took=f"{(m['settled_at'] - m['result_at']).total_seconds():.3f}s")
        zlog(m["published_at"], "info", "published settlement batch", "publish/publisher.go:71", market_id=m["id"], events=m["bets"], partitions=m["parts"], took=f"{(m['published_at'] - m['settled_at']).total_seconds():.3f}s")
    # bet builders of the early games that cannot be settled (before the hotfix)
    for m in markets:
        if m["name"] == "Bet Builder" and m["result_at"] < HOTFIX and inwin(m["result_at"]):
            for k in range(rng.randint(14, 22)):
                t = m["result_at"] + dt.timedelta(milliseconds=rng.randint(200, 900))
                zlog(t, "error", "bet not settled", "settle/engine.go:58", market_id=m["id"], bet_id=rng.randint(90000000, 99999999),
                     error=f"cannot settle bet builder leg: player {rng.choice([48213, 51907, 50442, 47781])} not in lineup")
    for t in [utc("2026-10-20 18:53:00"), utc("2026-10-20 19:08:00")]:
        zlog(t + dt.timedelta(seconds=rng.randint(0, 30)), "warn", "open bets after result", "settle/sweep.go:33", markets=2, bets=1912, oldest_event="Club Brugge v Atalanta")
    zlog(HOTFIX + dt.timedelta(seconds=41), "info", "resettled bets after void legs", "settle/engine.go:77", bets=1912, markets=2)
    # SET-321: unpaid check every minute, only in the 1.31.x pods
    t = HOTFIX + dt.timedelta(seconds=30)
    while t < END:
        e = epoch(t)
        if e[4].startswith("1.31"):
            worst = max(range(PARTITIONS), key=lambda p: age[p][idx(t)])
            # bets settled more than 3 minutes ago, still queued
            n = 0
            for p in range(PARTITIONS):
                if age[p][idx(t)] > 180:
                    fresh = sum(b for (tt, b) in arrivals[p] if t - dt.timedelta(minutes=3) < tt <= t)
                    n += max(0, int(lag[p][idx(t)] - fresh))
            if n > 0:
                om = max((m for m in markets if m["partition"] == worst and m["published_at"] <= t), key=lambda m: m["bets"], default=None)
                if om:
                    zlog(t, "warn", "unpaid settled bets: settled more than 3m ago without a wallet credit", "settle/engine.go:66",
                         bets=n, oldest_market_id=om["id"], oldest_settled_at=om["settled_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z")
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-200, 200))
    # noise: results feed reconnects, database pool, a resettlement
    for _ in range(6):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        zlog(t, "info", "result corrected, resettling", "settle/consumer.go:104", market_id=rng.randint(180000000, 189999999), result_version=2, bets=rng.randint(40, 900))
    for _ in range(9):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        zlog(t, "warn", "slow query", "settle/store.go:112", query="OpenOn", took=f"{rng.uniform(1.1, 2.8):.3f}s")

    # --- wallet-credit (Spring Boot), 12 pods, 4 partitions each; 24 after SCALE
    def wpods(t):
        n = 24 if t >= SCALE else 12
        names = [f"wallet-credit-7f6d9c8b4-{hexid(random.Random(4710 + i), 5)}" for i in range(24)]
        return names[:n]

    def assignment(t):
        pods = wpods(t)
        per = PARTITIONS // len(pods)
        return {p: pods[p // per] for p in range(PARTITIONS)}

    def wlog(t, level, thread, logger, msg, pod):
        if inwin(t):
            wallet.add(t, f"{pod} wallet-credit " + spring(t, level, thread, logger, msg))

    t = START + dt.timedelta(seconds=12)
    while t < END:
        asg = assignment(t)
        pods = wpods(t)
        for pod in pods:
            parts = sorted(p for p, q in asg.items() if q == pod)
            tt = t + dt.timedelta(milliseconds=rng.randint(0, 4000))
            n = int(sum(credited[p][s] for p in parts for s in range(idx(tt) - 60, idx(tt))))
            wlog(tt, "INFO", "credit-stats", "c.o.wallet.credit.CreditStats", f"credited {n} settlements in 60s (partitions {parts})", pod)
        t += dt.timedelta(seconds=60)
    t = START + dt.timedelta(seconds=5)
    first_warn = None
    while t < END:
        asg = assignment(t)
        for p in range(PARTITIONS):
            a = age[p][idx(t)]
            if a > WARN_AGE:
                tt = t + dt.timedelta(milliseconds=rng.randint(0, 900))
                first_warn = first_warn or tt
                wlog(tt, "WARN", f"ntainer#0-{p % 4}-C-1", "c.o.wallet.credit.LagWatch",
                     f"settlement credits behind on wallet.settlements-{p}: record age {int(a)}s, {int(lag[p][idx(t)])} records to go", asg[p])
        t += dt.timedelta(seconds=30)
    stats["first_warn"] = first_warn
    # routine: insufficient funds on a few withdrawals, bonus credits, one DB retry
    for _ in range(40):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        wlog(t, "INFO", f"ntainer#0-{rng.randint(0, 3)}-C-1", "c.o.wallet.credit.BonusCredit", f"bonus wallet credit applied customer={rng.randint(1000000, 4999999)} amount={rng.choice([500, 1000, 2000])} campaign=UCL-MD3", rng.choice(wpods(t)))
    for _ in range(5):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        wlog(t, "WARN", f"ntainer#0-{rng.randint(0, 3)}-C-1", "o.s.k.l.DefaultErrorHandler", "Backoff FixedBackOff{interval=500, currentAttempts=1, maxAttempts=3} exhausted for wallet.settlements: org.springframework.dao.CannotAcquireLockException: could not serialize access due to concurrent update", rng.choice(wpods(t)))
    # rebalance when scaled
    for pod in wpods(SCALE + dt.timedelta(seconds=1)):
        t = SCALE + dt.timedelta(seconds=rng.uniform(2, 6))
        wlog(t, "INFO", "ntainer#0-0-C-1", "o.s.k.l.KafkaMessageListenerContainer", "wallet-credit: partitions revoked: [...]" if pod in wpods(SCALE - dt.timedelta(seconds=1)) else "Started wallet-credit in 11.84 seconds (process running for 12.9)", pod)
        parts = sorted(p for p, q in assignment(SCALE + dt.timedelta(seconds=1)).items() if q == pod)
        wlog(t + dt.timedelta(seconds=18), "INFO", "ntainer#0-0-C-1", "o.s.k.l.KafkaMessageListenerContainer", f"wallet-credit: partitions assigned: {['wallet.settlements-%d' % p for p in parts]}", pod)

    # --- ingress-nginx access: the app's API
    uas = ["OxbowBet/5.12.0 (iPhone; iOS 18.0.1)", "OxbowBet/5.12.0 (Android 14; SM-S921B)", "OxbowBet/5.11.2 (Android 13; Pixel 7)",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"]
    customers = [rng.randint(1000000, 4999999) for _ in range(1800)]

    def total_lag(t):
        return sum(lag[p][idx(t)] for p in range(PARTITIONS))

    def req(t, path, method, status, size, mean_rt):
        rt = max(0.003, rng.lognormvariate(0, 0.5) * mean_rt)
        ingress.add(t, nginx_access(t, f"{rng.randint(31, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", method, path, status, size, rt, rng.choice(uas), upstream_rt=rt - 0.001))

    t = START
    withdraw_refused = []
    while t < END:
        in_play = any(ko <= t < ko + dt.timedelta(minutes=115) for _, _, ko, _, _ in MATCHES)
        behind = total_lag(t) > 20000
        rate = 14 + (12 if in_play else 0) + (18 if behind else 0)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        x = rng.random()
        c = rng.choice(customers)
        if x < 0.30 + (0.12 if behind else 0):
            req(t, "/api/v2/wallet/balance", "GET", 200, rng.randint(180, 240), 0.018)
        elif x < 0.50:
            req(t, f"/api/v2/bets?status={'settled' if behind and rng.random() < 0.6 else rng.choice(['open', 'settled'])}&limit=20", "GET", 200, rng.randint(1800, 9000), 0.045)
        elif x < 0.66:
            req(t, f"/api/v2/events/live?sport=football", "GET", 200, rng.randint(14000, 42000), 0.031)
        elif x < 0.80:
            req(t, "/api/v2/betslip/place", "POST", rng.choice([201] * 12 + [409, 422]), rng.randint(400, 900), 0.21 if in_play else 0.09)
        elif x < 0.87:
            req(t, f"/api/v2/cashout/{rng.randint(700000000, 799999999)}", "POST", rng.choice([200] * 8 + [409]), rng.randint(300, 500), 0.12)
        elif x < 0.93 + (0.05 if behind else 0):
            refused = behind and rng.random() < 0.55 or rng.random() < 0.04
            if refused:
                withdraw_refused.append(t)
            req(t, "/api/v2/withdrawals", "POST", 422 if refused else 201, 96 if refused else rng.randint(300, 420), 0.16)
        else:
            req(t, "/api/v2/account/limits", "GET", 200, rng.randint(500, 700), 0.02)
    stats["withdraw_refused"] = withdraw_refused

    # --- Argo CD
    def alog(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/settlement-engine"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "info", "Reconciliation completed", **{"dest-namespace": "sportsbook", "dest-server": '"https://kubernetes.default.svc"', "time_ms": rng.randint(40, 140)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, rev, auto=True):
        alog(t, "info", f"Initiated automated sync to '{sha}'" if auto else f"Initiated sync to '{sha}'", **{"dest-namespace": "sportsbook"})
        alog(t + dt.timedelta(seconds=1), "info", f"Updated sync status: OutOfSync -> Synced", revision=sha)
        alog(t + dt.timedelta(seconds=2), "info", "apps/Deployment sportsbook/settlement-engine configured", revision=sha)
        alog(t + dt.timedelta(seconds=44), "info", "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=45), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=rev)

    argo.add(utc("2026-10-19 15:20:30"), f'time="2026-10-19T15:20:30Z" level=info msg="Initiated automated sync to \'{shas["monday"]}\'" application=argocd/settlement-engine dest-namespace=sportsbook')
    argo.add(utc("2026-10-19 15:21:15"), f'time="2026-10-19T15:21:15Z" level=info msg="Sync operation to {shas["monday"]} succeeded" application=argocd/settlement-engine revision={shas["monday"]} historyID=41')
    sync(HOTFIX - dt.timedelta(seconds=46), shas["head"], 42)
    alog(ROLLBACK - dt.timedelta(seconds=48), "info", f"Rollback to history ID 41 ({shas['monday']}); automated sync disabled", user="ana.vella@oxbow.bet")
    sync(ROLLBACK - dt.timedelta(seconds=46), shas["monday"], 43, auto=False)
    alog(FIX - dt.timedelta(seconds=50), "info", "automated sync enabled", user="ana.vella@oxbow.bet")
    sync(FIX - dt.timedelta(seconds=46), shas["fix"], 44)

    # --- Kubernetes events
    def kev(t, ns, kind, name, reason, msg, comp):
        events.add(t, json.dumps({"metadata": {"name": f"{name}.{hexid(rng, 16)}", "namespace": ns, "creationTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")},
                                  "involvedObject": {"kind": kind, "name": name, "namespace": ns}, "reason": reason, "message": msg,
                                  "source": {"component": comp}, "firstTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "count": 1, "type": "Normal"}, separators=(",", ":")))

    for e0, prefix, pods, sha, version in pods_by_epoch[1:]:
        kev(e0 - dt.timedelta(seconds=44), "sportsbook", "Deployment", "settlement-engine", "ScalingReplicaSet", f"Scaled up replica set {prefix[:-1]} to 3", "deployment-controller")
        for pod in pods:
            kev(e0 - dt.timedelta(seconds=rng.randint(20, 40)), "sportsbook", "Pod", prefix + pod, "Started", "Started container settlement-engine", "kubelet")
        kev(e0 + dt.timedelta(seconds=6), "sportsbook", "Deployment", "settlement-engine", "ScalingReplicaSet", "Scaled down replica set to 0", "deployment-controller")
    kev(SCALE, "wallet", "Deployment", "wallet-credit", "ScalingReplicaSet", "Scaled up replica set wallet-credit-7f6d9c8b4 to 24 from 12", "deployment-controller")
    for pod in wpods(SCALE + dt.timedelta(seconds=1))[12:]:
        kev(SCALE + dt.timedelta(seconds=rng.randint(8, 14)), "wallet", "Pod", pod, "Started", "Started container wallet-credit", "kubelet")

    # --- Slack
    users = {"alertmanager": "B01ALRT7Q", "ana.vella": "U03AV1M2K", "luis.ferreira": "U04LF8P2R", "dragan.petrovic": "U05DP3B9S",
             "marta.camilleri": "U02MC6K1T", "joseph.borg (support)": "U06JB2S4U", "kirsty.grech (trading)": "U07KG9T5V", "nikola.wallet": "U05NW7W3X"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "sportsbook-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    peak_p = max(range(PARTITIONS), key=lambda p: max(age[p]))
    peak_age = int(max(age[peak_p]))
    drained = max((sim_start + dt.timedelta(seconds=s) for s in range(total_s) if any(age[p][s] > 60 for p in range(PARTITIONS))), default=None)
    stats.update(peak_p=peak_p, peak_age=peak_age, drained=drained)
    fw = first_warn
    behind_now = sorted(p for p in range(PARTITIONS) if age[p][idx(SCALE + dt.timedelta(minutes=2))] > 60)
    say(utc("2026-10-20 17:34:10"), "kirsty.grech (trading)", "HT Brugge/Atalanta and Sporting/Leverkusen settled, all fine")
    early = [s_ for s_ in range(idx(utc("2026-10-20 18:30:00")), idx(utc("2026-10-20 18:50:00")))]
    ep = max(range(PARTITIONS), key=lambda p: max(age[p][s_] for s_ in early))
    ea = int(max(age[ep][s_] for s_ in early))
    stats["early"] = (ep, ea)
    say(utc("2026-10-20 18:44:20"), "nikola.wallet", f"wallet.settlements lag blip on p{ep} at FT of the early games, oldest record {ea}s, gone again. below the 3m alert. keeping an eye on it for the 21:00s")
    say(utc("2026-10-20 18:52:30"), "joseph.borg (support)", "customers asking about Brugge bet builders still open, ~40 chats")
    say(utc("2026-10-20 18:55:05"), "luis.ferreira", "known: player legs on Onyedika (ruled out after the lineup) can't be graded. Fix is SET-324, void the leg as per rules 7.4, PR up")
    say(utc("2026-10-20 20:21:40"), "luis.ferreira", "merging SET-324 (bet builder void legs), Argo will sync. Ships Marta's unpaid-bets warning and the franz-go bump too")
    say(utc("2026-10-20 20:26:15"), "luis.ferreira", "1.31.0 is out, 1,912 Brugge/Sporting bet builders resettled")
    say(fw + dt.timedelta(seconds=40), "alertmanager", "[FIRING:1] WalletSettlementLag wallet/wallet-credit record age > 3m on wallet.settlements")
    say(fw + dt.timedelta(minutes=2, seconds=10), "joseph.borg (support)", "chat queue exploding: Real Madrid/Liverpool winners say bet shows WON but balance not updated, some can't withdraw ('insufficient funds')")
    say(fw + dt.timedelta(minutes=3, seconds=30), "ana.vella", "ack, on it. settlement-engine shows the markets settled and published right at FT. settlement-engine is also warning 'unpaid settled bets' since FT")
    say(fw + dt.timedelta(minutes=5), "ana.vella", "runbook says scale wallet-credit, doing it 12 -> 24")
    say(SCALE + dt.timedelta(minutes=2, seconds=20), "nikola.wallet", f"scaled pods are idle, the lag is on {len(behind_now)} partition(s) only: {', '.join(str(p) for p in behind_now)}. Each partition has one consumer, more pods don't help. Others are at 0")
    say(SCALE + dt.timedelta(minutes=3, seconds=10), "ana.vella", "the 20:24 hotfix (1.31.0) is the only change today and has the franz-go bump. rolling settlement-engine back to Monday's 1.30.0 in Argo")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=20), "ana.vella", "1.30.0 back. the unpaid warnings are gone but wallet's lag on 19 hasn't moved, so that was only the new warning")
    say(ROLLBACK + dt.timedelta(minutes=4, seconds=40), "nikola.wallet", "kcat on wallet.settlements-19: every key since FT is the same market id 18xxxxxxx, Real Madrid v Liverpool Match Result. then Man City O/U and Bayern BTTS. the keys used to be customer ids")
    say(ROLLBACK + dt.timedelta(minutes=6, seconds=10), "dragan.petrovic", "that's SET-318 (Monday, key by market for the GGR reporter). my bad, didn't think about 300k bets on one market. it's in 1.30.0 too, so the rollback kept it. reverting")
    say(ROLLBACK + dt.timedelta(minutes=7), "ana.vella", f"nothing to re-key for what's published; p{peak_p} drains at ~250/s, should be clear around {drained.strftime('%H:%M') if drained else '?'}. support: winnings are coming, nothing lost")
    say(utc("2026-10-20 21:25:30"), "dragan.petrovic", "revert merged, re-enable auto-sync when you're ready")
    say(FIX + dt.timedelta(seconds=50), "ana.vella", "1.31.1 synced (revert + SET-324 back). all partitions at 0")
    say(FIX + dt.timedelta(minutes=3), "marta.camilleri", "the GGR reporter can go back to its old way; we'll find another way to close markets. postmortem tomorrow")
    say(FIX + dt.timedelta(minutes=6), "joseph.borg (support)", "chats calming down, sending the 'winnings delayed' macro to everyone who asked")
    return [app, wallet, ingress, argo, events, slack], stats


def build(out_dir):
    rng = random.Random(47100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_warn"].replace(microsecond=0)
        assert utc("2026-10-20 20:50:00") <= onset <= utc("2026-10-20 21:00:00"), onset
        assert stats["peak_age"] > 900, stats["peak_age"]
        assert stats["drained"] < FIX, stats["drained"]
        lag, age, credited, idx = stats["lag"], stats["age"], stats["credited"], stats["idx"]
        top = sorted(range(PARTITIONS), key=lambda p: -max(lag[p]))[:4]
        metrics = {
            "kafka_consumergroup_lag_topk.json": query_range(
                [({"consumergroup": "wallet-credit", "topic": "wallet.settlements", "partition": str(p)}, lambda t, p=p: int(lag[p][idx(t)])) for p in top[:3]]
                + [({"consumergroup": "wallet-credit", "topic": "wallet.settlements"}, lambda t: int(sum(lag[p][idx(t)] for p in range(PARTITIONS))))],
                MSTART, END, 60),
            "wallet_credit_records_per_second.json": query_range(
                [({"job": "wallet-credit", "namespace": "wallet"}, lambda t: round(sum(credited[p][s] for p in range(PARTITIONS) for s in range(idx(t) - 60, idx(t))) / 60, 1))],
                MSTART, END, 60),
            "withdrawals_refused_per_min.json": query_range(
                [({"job": "payments-api", "reason": "insufficient_funds"}, lambda t: sum(1 for x in stats["withdraw_refused"] if t - dt.timedelta(minutes=1) < x <= t))],
                MSTART, END, 60),
        }
        hours = (onset - utc("2026-10-19 10:12:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r47-settlement-market-key", service=SERVICE, onset=onset,
            description=f"""
Oxbow Bet's winnings are credited late on a Champions League Tuesday,
20 October: from {onset.strftime('%H:%M:%S')} UTC, three minutes after the first 19:00 game ends,
the wallet's consumer of wallet.settlements warns that partitions
{', '.join(str(p) for p in top[:3])} are minutes behind (up to {stats['peak_age'] // 60} minutes). Bets show WON, balances
are not credited, withdrawals of winnings are refused for insufficient
funds and support's chat fills up. A settlement-engine hotfix had gone out
at 20:24; scaling wallet-credit at 21:04 and rolling the hotfix back at
21:09 did not help. The backlog drains by itself by about
{stats['drained'].strftime('%H:%M')}; a revert is synced at 21:33.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"settlement credits behind on wallet\.settlements",
                r"published settlement batch",
            ],
            fix_files=["internal/publish/publisher.go"],
            explanation=f"""
The culprit is SET-318 ("publish: key wallet.settlements by market id"),
committed on Monday 19 October at 10:12 UTC and synced by Argo CD at
15:20 with the CI commit after it, {hours:.0f} hours before the onset. It
changes the record key of every settlement event from the customer id to
the market id, so all bets of a market go to one of the 48 partitions,
which one wallet-credit consumer drains at about 250 a second. Harmless
for small markets (the early games' match results lift one partition to
about two minutes at 18:38), but at the 19:00 games' full time Real
Madrid v Liverpool's match result (300,000 bets) and the big over/under
and both-teams-to-score markets that hash to the same partitions are
"published settlement batch" with "partitions":1, and wallet-credit
warns "settlement credits behind on wallet.settlements-N: record age
...s, ... records to go" for three partitions while the others are at 0.
The fix is the revert of publisher.go (key by customer id again).
Decoys: the 20:24 hotfix 1.31.0 {round((onset - HOTFIX).total_seconds() / 60)} minutes before the onset (SET-324 in
the settlement code, bet builder legs voided; SET-321, which adds the very
"unpaid settled bets" warning; the franz-go bump, a Kafka client change),
rolled back in Argo CD at 21:09 to Monday's revision, which already holds
the culprit (the warnings vanish, the lag stays); a harmless commit to
publisher.go (client id from POD_NAME); the linger change in the
producer's config (SET-309); the runbook commit that says to scale
wallet-credit, done at 21:04 without effect; the pgx and x/sync bumps;
the early games' bet builders that could not be settled; routine slow
queries, resettlements and the wallet's serialization retries.
""",
        )
    finally:
        repo.close()
