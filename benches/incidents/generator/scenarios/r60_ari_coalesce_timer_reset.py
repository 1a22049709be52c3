"""channel-sync (Go 1.23; three pods on AKS in westeurope behind an Envoy
egress sidecar, synced by Argo CD from `deploy/values-production.yaml` on
`main`, where a release bot writes the image tag; team in Copenhagen,
Kraków and Porto) is Corvina Hotels' own channel manager for its 24 hotels:
pms-core (the chain's PMS, another team) publishes every availability,
rate and restriction change ("ARI") to the Kafka topic `pms.ari-changes`,
keyed by property; channel-sync reads the current ARI of the changed room
types and dates from pms-core's ARI API and pushes them to Booking.com
(OTA_HotelAvailNotif / OTA_HotelRateAmountNotif) and Expedia (AR API).
The OTAs keep their own copy of each hotel's availability, sell from it
and decrement it with each booking they take; only our pushes set it
again. Reservations come back the other way through res-intake into
pms-core, which accepts an OTA reservation even when the room type is sold
out and flags it as an overbooking. The chain's own website reads pms-core
live.

Thursday 17 September 2026, 12:05 UTC: CM-412 ("coalesce a property's
changes and push once it has been quiet for 60 s"): Booking.com throttles
channel-sync every morning when the revenue management system publishes
the day's prices for every hotel, one message per change. The new
Coalescer keeps a property's pending changes and a timer; every Add does
`b.timer.Reset(c.quiet)`, so the push happens 60 s after the property's
LAST change. With the usual one change every few minutes per hotel it
pushes 60-200 s after the first change, and the test (three changes in
ten seconds give one push) passes. Release 3.19.0 (whose start line names
the release commit, not the culprit) runs from Thursday afternoon.

Wednesday 23 September: 3.20.0 is synced at 07:24 (CM-431: Retry-After on
429 in the OTA client; CM-428: "Booking.com rate limited ARI push", the
warning that appears at 08:01 when the RMS's 08:00 publication is pushed
for every hotel at once, as it is every morning; CM-433, in the culprit's
file: a pending-changes gauge and the "ari changes pending" warning for a
property whose oldest change has waited more than five minutes; CM-435,
Expedia timeout 15 s). At 08:00 UTC (10:00 in Berlin) Marlow Vey announces
the Lantern Tour 2027 with two nights at Berlin's Olympiastadion (18 and
19 June 2027) and one in Hamburg (22 June); fans book hotels at once. At
BER-MIT, BER-CHA, BER-OST, HAM-HBF and HAM-HAF changes now come every few
seconds, every one resets the property's timer, and nothing is pushed for
them: Booking.com and Expedia keep selling the concert nights from the
availability they had at 08:00, at 08:00's prices (a revenue manager's
price rise at 08:11 is stuck in the same queue), while pms-core sells out
and flags every further OTA reservation as an overbooking (onset). The
on-call sees the 429 warnings from the new release and Booking.com's
alert, reads the runbook commit of the day before (overbookings after a
spike are the OTA's own lag; roll back a release that touches the push
path) and rolls back to 3.19.0 at 08:29, which holds the culprit: the
restart drops the pending changes, the pending warnings (CM-433) are
gone, and the overbookings go on. The revenue managers close the concert
nights in the Booking.com and Expedia extranets from 08:41; the OTAs'
bookings stop, the streams go quiet, and channel-sync pushes at last
("ari pushed ... waited=12m..."). A developer, seeing the pushes-per-
property graph flat for the Berlin hotels since 08:01 and the pending
gauge that climbed until the rollback, reads the Coalescer; the Berlin and
Hamburg hotels are resynced by hand at 08:58 and CM-437 (a push at most
90 s after a property's first pending change) is synced at 09:38. The
hotels then relocate the overbooked guests.

Sources: channel-sync (slog text through `kubectl logs --prefix`; line
format), pms-core (Log4j2 pattern; line format), the Envoy egress sidecar's
access log (OTA calls), Argo CD application controller (logrus text),
Alertmanager notifications (JSON), Paritywatch rate-shopping alerts
(webhook JSON), #cm-oncall (Slack export, JSON lines)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "channel-sync"
START, END = utc("2026-09-23 05:30:00"), utc("2026-09-23 10:45:00")
SYNC_320 = utc("2026-09-23 07:24:31")      # Argo CD syncs 3.20.0
RMS_PUBLISH = utc("2026-09-23 08:00:02")   # the RMS's daily price publication
ANNOUNCE = utc("2026-09-23 08:00:00")      # the tour announcement
PRICE_RISE = utc("2026-09-23 08:11:20")    # Berlin's revenue manager raises the concert nights
ROLLBACK = utc("2026-09-23 08:29:12")      # back to 3.19.0
RESYNC = utc("2026-09-23 08:58:05")        # manual resync of the concert hotels
FIX_SYNC = utc("2026-09-23 09:38:40")      # 3.20.1 (CM-437)
QUIET = 60.0
MAX_WAIT = 90.0

# code, city, rooms, UTC offset (h), Booking.com hotel id, Expedia hotel id
PROPERTIES = [
    ("CPH-NYH", "Copenhagen", 210, 2, 1183402, 21734410), ("CPH-VES", "Copenhagen", 262, 2, 1183417, 21734462),
    ("AAR-CEN", "Aarhus", 148, 2, 2041786, 30558113), ("HAM-HBF", "Hamburg", 204, 2, 1566120, 18122960),
    ("HAM-HAF", "Hamburg", 176, 2, 3207714, 41880231), ("BER-MIT", "Berlin", 312, 2, 1420058, 16390722),
    ("BER-CHA", "Berlin", 186, 2, 2688415, 33015587), ("BER-OST", "Berlin", 240, 2, 3390162, 45120994),
    ("MUC-SEN", "Munich", 280, 2, 1619930, 19002318), ("FRA-MES", "Frankfurt", 332, 2, 1502277, 17655104),
    ("CGN-DOM", "Cologne", 168, 2, 2250391, 28840712), ("DUS-KOE", "Düsseldorf", 158, 2, 2960548, 37201846),
    ("AMS-ZUI", "Amsterdam", 228, 2, 1857302, 24418630), ("AMS-CEN", "Amsterdam", 190, 2, 1203316, 15501987),
    ("VIE-CON", "Vienna", 420, 2, 1330775, 16003428), ("VIE-MAR", "Vienna", 158, 2, 2718890, 33270051),
    ("PRG-OLD", "Prague", 172, 2, 2402115, 29861405), ("KRK-KAZ", "Kraków", 138, 2, 3305520, 44012736),
    ("WAW-SRO", "Warsaw", 258, 2, 2875006, 35566019), ("LIS-BAI", "Lisbon", 198, 1, 2133598, 26617440),
    ("OPO-RIB", "Porto", 148, 1, 3123677, 40339858), ("ZRH-WES", "Zurich", 182, 2, 1760254, 22980177),
    ("BRU-GRP", "Brussels", 170, 2, 2509934, 31007664), ("STO-NOR", "Stockholm", 240, 2, 1974431, 25560318),
]
PROP = {p[0]: p for p in PROPERTIES}
ROOM_TYPES = [("DBL", 0.52), ("TWN", 0.26), ("SUP", 0.16), ("STE", 0.06)]
# the tour: hotel -> (concert nights, peak attempts a minute, rooms already sold or blocked per night)
RUSH = {
    "BER-MIT": (("2027-06-18", "2027-06-19"), 15.0, 0.58),
    "BER-CHA": (("2027-06-18", "2027-06-19"), 11.0, 0.48),
    "BER-OST": (("2027-06-18", "2027-06-19"), 12.5, 0.55),
    "HAM-HBF": (("2027-06-22",), 8.5, 0.46),
    "HAM-HAF": (("2027-06-22",), 6.5, 0.44),
}
OLD_BAR = {"BER-MIT": 189, "BER-CHA": 164, "BER-OST": 149, "HAM-HBF": 159, "HAM-HAF": 172}
NEW_BAR = {"BER-MIT": 389, "BER-CHA": 349, "BER-OST": 319, "HAM-HBF": 299, "HAM-HAF": 329}
STOPSELL = {"BER-MIT": "08:41:10", "BER-OST": "08:42:35", "BER-CHA": "08:43:50", "HAM-HBF": "08:46:05", "HAM-HAF": "08:47:20"}


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def day(hms):
    return secs(utc(f"2026-09-23 {hms}"))


def go(text):
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        n = (len(line) - len(stripped)) // 4
        out.append("\t" * n + line[n * 4:] if n else line)
    return "\n".join(out)


def dur(seconds):
    """Go's time.Duration String() of a duration rounded to the millisecond."""
    ms_total = int(round(seconds * 1000))
    if ms_total < 1000:
        return f"{ms_total}ms"
    h, rem = divmod(ms_total, 3600_000)
    m, rem = divmod(rem, 60_000)
    s_int, ms_part = divmod(rem, 1000)
    sec = f"{s_int}.{ms_part:03d}".rstrip("0").rstrip(".") if ms_part else str(s_int)
    if h:
        return f"{h}h{m}m{sec}s"
    if m:
        return f"{m}m{sec}s"
    return f"{sec}s"


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module github.com/corvina-hotels/channel-sync

go 1.23

require (
\tgithub.com/prometheus/client_golang v1.20.4
\tgithub.com/segmentio/kafka-go v0.4.47
\tgopkg.in/yaml.v3 v3.0.1
)
"""

CONFIG_GO = go('''package config

import (
    "os"
    "time"

    "gopkg.in/yaml.v3"
)

type Config struct {
    Addr       string     `yaml:"addr"`
    AdminAddr  string     `yaml:"admin_addr"`
    Kafka      Kafka      `yaml:"kafka"`
    PMS        PMS        `yaml:"pms"`
    Booking    Channel    `yaml:"booking"`
    Expedia    Channel    `yaml:"expedia"`
    Properties string     `yaml:"properties_file"`
}

type Kafka struct {
    Brokers []string `yaml:"brokers"`
    Topic   string   `yaml:"topic"`
    Group   string   `yaml:"group"`
}

type PMS struct {
    ARIURL  string        `yaml:"ari_url"`
    Timeout time.Duration `yaml:"timeout"`
}

type Channel struct {
    Endpoint string        `yaml:"endpoint"`
    Timeout  time.Duration `yaml:"timeout"`
    Attempts int           `yaml:"attempts"`
}

func Load(path string) (*Config, error) {
    raw, err := os.ReadFile(path)
    if err != nil {
        return nil, err
    }
    cfg := &Config{Addr: ":8080", AdminAddr: ":8081"}
    return cfg, yaml.Unmarshal(raw, cfg)
}
''')

PROD_YAML = """addr: ":8080"
admin_addr: ":8081"
kafka:
  brokers: [kafka-0.kafka.pms.svc:9092, kafka-1.kafka.pms.svc:9092, kafka-2.kafka.pms.svc:9092]
  topic: pms.ari-changes
  group: channel-sync
pms:
  ari_url: http://pms-core.pms.svc:8080/internal/ari
  timeout: 5s
booking:
  endpoint: https://supply-xml.booking.com/hotels/ota
  timeout: 10s
  attempts: 4
expedia:
  endpoint: https://services.expediapartnercentral.com/eqc/ar
  timeout: 10s
  attempts: 4
properties_file: /etc/channel-sync/properties.yaml
"""


def properties_yaml():
    out = ["# Corvina property code -> OTA hotel ids. Room type and rate plan mappings",
           "# live in pms-core (ARI API answers with the OTA codes).", "properties:"]
    for code, city, rooms, tz, bid, eid in PROPERTIES:
        out.append(f"  {code}: {{ booking: {bid}, expedia: {eid} }}   # {city}, {rooms} rooms")
    return "\n".join(out) + "\n"


MAIN = go('''package main

import (
    "context"
    "log/slog"
    "net/http"
    "os"
    "os/signal"
    "syscall"

    "github.com/corvina-hotels/channel-sync/internal/admin"
    "github.com/corvina-hotels/channel-sync/internal/ari"
    "github.com/corvina-hotels/channel-sync/internal/config"
    "github.com/corvina-hotels/channel-sync/internal/ota"
)

var version, commit = "dev", "none"

func main() {
    log := slog.New(slog.NewTextHandler(os.Stdout, nil))
    cfg, err := config.Load(os.Getenv("CONFIG_PATH"))
    if err != nil {
        log.Error("config", "err", err)
        os.Exit(1)
    }
    log.Info("starting channel-sync", "version", version, "commit", commit, "topic", cfg.Kafka.Topic)
    ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
    defer stop()

    channels, err := ota.NewChannels(cfg, log)
    if err != nil {
        log.Error("ota channels", "err", err)
        os.Exit(1)
    }
    pusher := ari.NewPusher(cfg.PMS, channels, log)
    consumer := ari.NewConsumer(cfg.Kafka, pusher, log)
    go admin.Serve(cfg.AdminAddr, pusher, log)
    go http.ListenAndServe(cfg.Addr, metricsAndHealth())
    if err := consumer.Run(ctx); err != nil {
        log.Error("consumer stopped", "err", err)
        os.Exit(1)
    }
}
''')

CHANGE_GO = go('''package ari

import "time"

// Change is one message of pms.ari-changes: something about a property's
// availability, rates or restrictions changed for a room type and a range
// of stay dates. We push what pms-core says now, not the change itself.
type Change struct {
    Property string    `json:"property"`
    Kind     string    `json:"kind"` // availability | rate | restriction
    RoomType string    `json:"room_type"`
    From     string    `json:"from"` // stay dates, inclusive
    To       string    `json:"to"`
    Source   string    `json:"source"` // reservation, cancellation, rms, ...
    At       time.Time `json:"at"`
}
''')

CONSUMER_V1 = go('''package ari

import (
    "context"
    "encoding/json"
    "log/slog"
    "time"

    "github.com/segmentio/kafka-go"

    "github.com/corvina-hotels/channel-sync/internal/config"
)

// Consumer reads pms.ari-changes (keyed by property, so one property's
// changes arrive in order on one partition) and pushes each change.
type Consumer struct {
    reader *kafka.Reader
    pusher *Pusher
    log    *slog.Logger
}

func NewConsumer(cfg config.Kafka, pusher *Pusher, log *slog.Logger) *Consumer {
    r := kafka.NewReader(kafka.ReaderConfig{Brokers: cfg.Brokers, Topic: cfg.Topic, GroupID: cfg.Group, CommitInterval: time.Second})
    return &Consumer{reader: r, pusher: pusher, log: log}
}

func (c *Consumer) Run(ctx context.Context) error {
    for {
        msg, err := c.reader.ReadMessage(ctx)
        if err != nil {
            return err
        }
        var ch Change
        if err := json.Unmarshal(msg.Value, &ch); err != nil {
            c.log.Warn("ari change undecodable", "partition", msg.Partition, "offset", msg.Offset, "err", err)
            continue
        }
        c.log.Info("ari change", "property", ch.Property, "kind", ch.Kind, "room_type", ch.RoomType,
            "from", ch.From, "to", ch.To, "source", ch.Source)
        c.pusher.Push(ctx, ch.Property, []Change{ch}, 0)
    }
}
''')

PUSHER_GO = go('''package ari

import (
    "context"
    "log/slog"
    "time"

    "github.com/corvina-hotels/channel-sync/internal/config"
    "github.com/corvina-hotels/channel-sync/internal/ota"
)

// Pusher reads the current ARI of the changed room types and dates from
// pms-core and sends it to every channel the property is mapped to.
type Pusher struct {
    pms      *pmsClient
    channels []ota.Channel
    log      *slog.Logger
}

func NewPusher(cfg config.PMS, channels []ota.Channel, log *slog.Logger) *Pusher {
    return &Pusher{pms: newPMSClient(cfg), channels: channels, log: log}
}

func (p *Pusher) Push(ctx context.Context, property string, changes []Change, waited time.Duration) {
    snapshot, err := p.pms.Snapshot(ctx, property, span(changes))
    if err != nil {
        p.log.Error("ari snapshot failed", "property", property, "changes", len(changes), "err", err)
        return
    }
    for _, ch := range p.channels {
        start := time.Now()
        res, err := ch.Send(ctx, property, snapshot)
        if err != nil {
            p.log.Error("ari push failed", "property", property, "channel", ch.Name(), "changes", len(changes), "err", err)
            continue
        }
        pushes.WithLabelValues(property, ch.Name()).Inc()
        p.log.Info("ari pushed", "property", property, "channel", ch.Name(), "messages", res.Messages,
            "changes", len(changes), "waited", waited.Round(time.Millisecond), "status", res.Status,
            "duration", time.Since(start).Round(time.Millisecond))
    }
}

// Resync pushes a property's whole horizon (admin endpoint, nightly job).
func (p *Pusher) Resync(ctx context.Context, property string) {
    p.Push(ctx, property, []Change{{Property: property, Kind: "resync", From: today(), To: horizon()}}, 0)
}
''')

COALESCE_V1 = go('''package ari

import (
    "context"
    "log/slog"
    "sync"
    "time"
)

// Coalescer collects a property's changes and hands them to the pusher as
// one batch once the property has been quiet for `quiet` (CM-412).
// Booking.com throttles us when every change is its own message: the RMS
// publishes a few dozen price changes per hotel at once every morning.
type Coalescer struct {
    quiet   time.Duration
    pusher  *Pusher
    log     *slog.Logger
    mu      sync.Mutex
    pending map[string]*batch
}

type batch struct {
    changes []Change
    first   time.Time
    timer   *time.Timer
}

func NewCoalescer(quiet time.Duration, pusher *Pusher, log *slog.Logger) *Coalescer {
    return &Coalescer{quiet: quiet, pusher: pusher, log: log, pending: map[string]*batch{}}
}

// Add queues a change; the property is pushed `quiet` after its last change.
func (c *Coalescer) Add(ch Change) {
    c.mu.Lock()
    defer c.mu.Unlock()
    b, ok := c.pending[ch.Property]
    if !ok {
        b = &batch{first: time.Now()}
        c.pending[ch.Property] = b
        property := ch.Property
        b.timer = time.AfterFunc(c.quiet, func() { c.flush(property) })
    } else {
        b.timer.Reset(c.quiet)
    }
    b.changes = append(b.changes, ch)
}

func (c *Coalescer) flush(property string) {
    c.mu.Lock()
    b := c.pending[property]
    delete(c.pending, property)
    c.mu.Unlock()
    if b == nil {
        return
    }
    c.pusher.Push(context.Background(), property, b.changes, time.Since(b.first))
}
''')

COALESCE_TEST = go('''package ari

import (
    "testing"
    "time"
)

func TestChangesWithinQuietWindowArePushedOnce(t *testing.T) {
    fake := &fakePusher{}
    c := NewCoalescer(200*time.Millisecond, fake.Pusher(), testLogger(t))
    for i := 0; i < 3; i++ {
        c.Add(Change{Property: "CPH-NYH", Kind: "rate", RoomType: "DBL", From: "2026-10-01", To: "2026-10-01"})
        time.Sleep(30 * time.Millisecond)
    }
    time.Sleep(400 * time.Millisecond)
    if got := fake.Pushes("CPH-NYH"); got != 1 {
        t.Fatalf("pushes = %d, want 1", got)
    }
    if got := fake.Changes("CPH-NYH"); got != 3 {
        t.Fatalf("changes = %d, want 3", got)
    }
}

func TestPropertiesAreCoalescedSeparately(t *testing.T) {
    fake := &fakePusher{}
    c := NewCoalescer(100*time.Millisecond, fake.Pusher(), testLogger(t))
    c.Add(Change{Property: "CPH-NYH", Kind: "availability", RoomType: "DBL", From: "2026-10-01", To: "2026-10-02"})
    c.Add(Change{Property: "AMS-ZUI", Kind: "availability", RoomType: "TWN", From: "2026-10-01", To: "2026-10-01"})
    time.Sleep(300 * time.Millisecond)
    if fake.Pushes("CPH-NYH") != 1 || fake.Pushes("AMS-ZUI") != 1 {
        t.Fatal("want one push per property")
    }
}
''')

BOOKING_V1 = go('''package ota

import (
    "context"
    "fmt"
    "log/slog"
    "net/http"
)

// Booking sends OTA_HotelAvailNotifRQ and OTA_HotelRateAmountNotifRQ to
// Booking.com's supply XML endpoint, one request per message type.
type Booking struct {
    endpoint string
    ids      map[string]int
    client   *http.Client
    retry    Retry
    log      *slog.Logger
}

func (b *Booking) Name() string { return "booking.com" }

func (b *Booking) Send(ctx context.Context, property string, s Snapshot) (Result, error) {
    id, ok := b.ids[property]
    if !ok {
        return Result{}, fmt.Errorf("no Booking.com hotel id for %s", property)
    }
    res := Result{}
    for _, msg := range buildMessages(id, s) {
        status, err := b.retry.Do(ctx, func() (*http.Response, error) { return b.post(ctx, msg) })
        if err != nil {
            return res, err
        }
        res.Messages++
        res.Status = status
    }
    return res, nil
}
''')

RETRY_V1 = go('''package ota

import (
    "context"
    "fmt"
    "log/slog"
    "net/http"
    "time"
)

// Retry retries a request on 429 and 5xx: a fixed 2 s between attempts.
type Retry struct {
    Attempts int
    Channel  string
    Log      *slog.Logger
}

func (r Retry) Do(ctx context.Context, send func() (*http.Response, error)) (int, error) {
    var last int
    for attempt := 1; attempt <= r.Attempts; attempt++ {
        resp, err := send()
        if err != nil {
            return 0, err
        }
        resp.Body.Close()
        last = resp.StatusCode
        if last < 300 {
            return last, nil
        }
        if last != http.StatusTooManyRequests && last < 500 {
            return last, fmt.Errorf("%s answered %d", r.Channel, last)
        }
        r.Log.Warn("ari push failed", "channel", r.Channel, "status", last, "attempt", attempt, "retry_in", "2s")
        select {
        case <-ctx.Done():
            return last, ctx.Err()
        case <-time.After(2 * time.Second):
        }
    }
    return last, fmt.Errorf("%s: giving up after %d attempts (last status %d)", r.Channel, r.Attempts, last)
}
''')

RUNBOOK_V1 = """# channel-sync runbook

Owner: #team-connectivity (on-call: #cm-oncall). Dashboards: Grafana ›
Connectivity › channel-sync, › OTA pushes.

## ChannelSyncOtaErrors

More than 5 % of pushes to a channel failed over 5 minutes. Check the
channel's status page (Booking.com connectivity status, Expedia Partner
Central notices) and our egress (Envoy sidecar `egress` logs).

## Consumer lag

`kafka_consumergroup_lag{group="channel-sync"}` over 500 for 10 minutes:
the pods are stuck on a slow channel. Restarting a pod is safe: the
consumer group resumes from the committed offsets.

## Resync a hotel

`curl -X POST channel-sync-admin.connectivity.svc:8081/admin/resync?property=CPH-NYH`
pushes the property's whole horizon (730 days) to every channel. The
nightly job does every hotel at 01:30 UTC.
"""

ARI_DOC = """# How ARI changes reach the OTAs

1. pms-core writes every availability, rate and restriction change to
   `pms.ari-changes`, keyed by property (reservations, cancellations,
   modifications, room status, RMS prices, manual changes).
2. channel-sync's consumer logs each change (`ari change`) and hands it to
   the Coalescer.
3. The Coalescer pushes a property's changes together once the property
   has been quiet for 60 s (`coalesce.quiet`), so the RMS's morning
   publication is one push per hotel and channel instead of a few dozen.
4. The pusher reads the current ARI for the changed room types and dates
   from pms-core and sends it: Booking.com (one request per message type),
   Expedia (one AR request). Each push logs `ari pushed` with the number of
   changes and how long the first of them waited.

A change therefore reaches the OTAs about a minute after a hotel's last
change. The OTAs apply our messages asynchronously; Booking.com usually
within seconds.
"""


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Berg", "jonas.berg@corvinahotels.com", 120)
    kasia = Person("Katarzyna Nowak", "katarzyna.nowak@corvinahotels.com", 120)
    tiago = Person("Tiago Ramos", "tiago.ramos@corvinahotels.com", 60)
    mette = Person("Mette Lund", "mette.lund@corvinahotels.com", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    rbot = Person("corvina-release-bot", "release-bot@corvinahotels.com", 0)
    cons, co, cfgp = "internal/ari/consumer.go", "internal/ari/coalesce.go", "config/production.yaml"
    files = {
        "go.mod": GO_MOD,
        "cmd/channel-sync/main.go": MAIN,
        "internal/config/config.go": CONFIG_GO,
        "internal/ari/change.go": CHANGE_GO,
        cons: CONSUMER_V1,
        "internal/ari/pusher.go": PUSHER_GO,
        "internal/ari/metrics.go": 'package ari\n\nimport (\n\t"github.com/prometheus/client_golang/prometheus"\n\t"github.com/prometheus/client_golang/prometheus/promauto"\n)\n\nvar pushes = promauto.NewCounterVec(prometheus.CounterOpts{Name: "channel_sync_ari_pushes_total"}, []string{"property", "channel"})\n',
        "internal/ota/booking.go": BOOKING_V1,
        "internal/ota/expedia.go": go('''package ota

import (
    "context"
    "fmt"
    "log/slog"
    "net/http"
)

// Expedia sends one AR (availability and rates) request per push.
type Expedia struct {
    endpoint string
    ids      map[string]int
    client   *http.Client
    retry    Retry
    log      *slog.Logger
}

func (e *Expedia) Name() string { return "expedia" }

func (e *Expedia) Send(ctx context.Context, property string, s Snapshot) (Result, error) {
    id, ok := e.ids[property]
    if !ok {
        return Result{}, fmt.Errorf("no Expedia hotel id for %s", property)
    }
    body := buildAR(id, s)
    status, err := e.retry.Do(ctx, func() (*http.Response, error) { return e.post(ctx, body) })
    return Result{Messages: 1, Status: status}, err
}
'''),
        "internal/ota/retry.go": RETRY_V1,
        "internal/admin/resync.go": go('''package admin

import (
    "log/slog"
    "net/http"

    "github.com/corvina-hotels/channel-sync/internal/ari"
)

// Serve exposes POST /admin/resync?property=XXX-YYY on the admin port.
func Serve(addr string, pusher *ari.Pusher, log *slog.Logger) {
    mux := http.NewServeMux()
    mux.HandleFunc("POST /admin/resync", func(w http.ResponseWriter, r *http.Request) {
        property := r.URL.Query().Get("property")
        log.Info("resync requested", "property", property, "by", r.Header.Get("X-Forwarded-User"))
        go pusher.Resync(r.Context(), property)
        w.WriteHeader(http.StatusAccepted)
    })
    http.ListenAndServe(addr, mux)
}
'''),
        cfgp: PROD_YAML,
        "config/properties.yaml": properties_yaml(),
        "deploy/values-production.yaml": "image:\n  repository: corvinacr.azurecr.io/connectivity/channel-sync\n  tag: \"3.18.2\"\nreplicaCount: 3\nconfig:\n  fromFile: config/production.yaml\n",
        "deploy/argocd/application.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: channel-sync\n  namespace: argocd\nspec:\n  project: connectivity\n  source:\n    repoURL: git@github.com:corvina-hotels/channel-sync.git\n    path: deploy/chart\n    targetRevision: main\n    helm:\n      valueFiles: [../values-production.yaml]\n  destination: { server: https://kubernetes.default.svc, namespace: connectivity }\n  syncPolicy:\n    automated: { prune: true, selfHeal: true }\n",
        "deploy/chart/Chart.yaml": "apiVersion: v2\nname: channel-sync\nversion: 1.4.0\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with: { go-version: '1.23' }\n      - run: go test ./...\n",
        ".github/workflows/release.yml": "name: release\non:\n  push:\n    tags: ['v*']\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: make image push VERSION=${GITHUB_REF_NAME#v}\n      - run: ./scripts/bump-values.sh ${GITHUB_REF_NAME#v}   # commits deploy/values-production.yaml as corvina-release-bot\n",
        "Makefile": "IMAGE := corvinacr.azurecr.io/connectivity/channel-sync\n\nimage:\n\tdocker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$$(git rev-parse --short HEAD) -t $(IMAGE):$(VERSION) .\n\npush:\n\tdocker push $(IMAGE):$(VERSION)\n",
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nARG COMMIT=none\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o /out/channel-sync ./cmd/channel-sync\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/channel-sync /channel-sync\nENTRYPOINT [\"/channel-sync\"]\n",
        "README.md": "# channel-sync\n\nCorvina Hotels' channel manager: pushes availability, rates and\nrestrictions (ARI) from pms-core to Booking.com and Expedia.\nReservations come back through res-intake (another repository).\n\nTags `v*` build an image; the release bot writes the tag to\n`deploy/values-production.yaml` and Argo CD syncs it.\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 3.18.2\n\n- Expedia: retry 503 from the AR endpoint.\n",
    }
    repo.commit(utc("2026-09-14 07:40:00"), jonas, "channel-sync: own repository (from the connectivity monorepo at 3.18.2)", files)
    crng = random.Random(60103)
    repo.schedule(chores(crng, SERVICE, [jonas, kasia, tiago], utc("2026-09-14 08:00:00"), utc("2026-09-21 15:00:00"), 3))

    repo.commit(utc("2026-09-15 09:05:00"), tiago, "expedia: send closed-to-departure as its own restriction (CM-402)", {
        "internal/ota/expedia.go": sub(repo.files["internal/ota/expedia.go"], "\tbody := buildAR(id, s)\n",
                                       "\tbody := buildAR(id, s, withCTD(s.Restrictions))\n"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## Unreleased\n\n- CM-402: Expedia closed-to-departure.\n"),
    })
    repo.commit(utc("2026-09-16 12:30:00"), kasia, "tests: golden OTA_HotelAvailNotifRQ for a two-night change (CM-406)", {
        "internal/ota/booking_test.go": go('''package ota

import "testing"

func TestAvailNotifTwoNights(t *testing.T) {
    s := Snapshot{Rooms: []RoomARI{{Code: "DBL", Date: "2026-10-01", Avail: 4}, {Code: "DBL", Date: "2026-10-02", Avail: 3}}}
    got := string(buildMessages(1183402, s)[0].Body)
    assertGolden(t, "testdata/avail_two_nights.xml", got)
}
'''),
        "internal/ota/testdata/avail_two_nights.xml": '<OTA_HotelAvailNotifRQ xmlns="http://www.opentravel.org/OTA/2003/05" Version="3.000">\n  <AvailStatusMessages HotelCode="1183402">\n    <AvailStatusMessage BookingLimit="4">\n      <StatusApplicationControl Start="2026-10-01" End="2026-10-01" InvTypeCode="DBL"/>\n    </AvailStatusMessage>\n    <AvailStatusMessage BookingLimit="3">\n      <StatusApplicationControl Start="2026-10-02" End="2026-10-02" InvTypeCode="DBL"/>\n    </AvailStatusMessage>\n  </AvailStatusMessages>\n</OTA_HotelAvailNotifRQ>\n',
    })
    culprit = repo.commit(utc("2026-09-17 12:05:00"), kasia, "ari: coalesce a property's changes and push once it has been quiet for 60 s (CM-412)\n\nBooking.com answers 429 every morning when the RMS publishes the day's\nprices: a few dozen changes per hotel within a minute, each its own\nmessage. Collect a property's changes and push them together when the\nproperty has been quiet for a minute; the pusher reads the current ARI\nanyway, so a batch is as correct as the single changes.", {
        co: COALESCE_V1,
        "internal/ari/coalesce_test.go": COALESCE_TEST,
        cons: sub(repo.files[cons],
                  "// changes arrive in order on one partition) and pushes each change.\ntype Consumer struct {\n\treader *kafka.Reader\n\tpusher *Pusher\n",
                  "// changes arrive in order on one partition) and hands each change to\n// the Coalescer.\ntype Consumer struct {\n\treader *kafka.Reader\n\tbatch  *Coalescer\n",
                  "func NewConsumer(cfg config.Kafka, pusher *Pusher, log *slog.Logger) *Consumer {",
                  "func NewConsumer(cfg config.Kafka, batch *Coalescer, log *slog.Logger) *Consumer {",
                  "return &Consumer{reader: r, pusher: pusher, log: log}",
                  "return &Consumer{reader: r, batch: batch, log: log}",
                  "\t\tc.pusher.Push(ctx, ch.Property, []Change{ch}, 0)\n",
                  "\t\tc.batch.Add(ch)\n"),
        "cmd/channel-sync/main.go": sub(repo.files["cmd/channel-sync/main.go"],
                                        "\tconsumer := ari.NewConsumer(cfg.Kafka, pusher, log)\n",
                                        "\tbatch := ari.NewCoalescer(cfg.Coalesce.Quiet, pusher, log)\n\tconsumer := ari.NewConsumer(cfg.Kafka, batch, log)\n"),
        "internal/config/config.go": sub(repo.files["internal/config/config.go"],
                                         "\tProperties string     `yaml:\"properties_file\"`\n}\n",
                                         "\tProperties string     `yaml:\"properties_file\"`\n\tCoalesce   Coalesce   `yaml:\"coalesce\"`\n}\n\n// Coalesce: a property's changes are pushed once it has been quiet this long.\ntype Coalesce struct {\n\tQuiet time.Duration `yaml:\"quiet\"`\n}\n"),
        cfgp: sub(repo.files[cfgp], "properties_file:", "coalesce:\n  quiet: 60s\nproperties_file:"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "- CM-402: Expedia closed-to-departure.\n",
                            "- CM-402: Expedia closed-to-departure.\n- CM-412: a property's changes are pushed together after a quiet minute.\n"),
    })
    repo.commit(utc("2026-09-17 13:20:00"), jonas, "release 3.19.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "## Unreleased\n", "## 3.19.0\n"),
    })
    repo._git("tag", "v3.19.0", repo.shas[-1])
    v319_release = repo.shas[-1]
    v319 = repo.commit(utc("2026-09-17 13:27:00"), rbot, "deploy: channel-sync 3.19.0", {
        "deploy/values-production.yaml": sub(repo.files["deploy/values-production.yaml"], 'tag: "3.18.2"', 'tag: "3.19.0"'),
    })
    repo.commit(utc("2026-09-18 08:45:00"), kasia, "docs: how ARI changes reach the OTAs", {"docs/ari.md": ARI_DOC})
    repo.commit(utc("2026-09-21 05:12:00"), bot, "fix(deps): update module github.com/segmentio/kafka-go to v0.4.48", {
        "go.mod": sub(repo.files["go.mod"], "kafka-go v0.4.47", "kafka-go v0.4.48"),
    })
    repo.commit(utc("2026-09-22 09:10:00"), tiago, "ota: honour Retry-After on 429 instead of a fixed 2 s (CM-431)\n\nBooking.com sends Retry-After: 5-20 with its 429s; retrying after 2 s\nonly earns another 429.", {
        "internal/ota/retry.go": sub(RETRY_V1,
                                     "// Retry retries a request on 429 and 5xx: a fixed 2 s between attempts.",
                                     "// Retry retries a request on 429 and 5xx: after the response's\n// Retry-After when it has one (Booking.com sends 5-20 s), 2 s otherwise.",
                                     "\t\tr.Log.Warn(\"ari push failed\", \"channel\", r.Channel, \"status\", last, \"attempt\", attempt, \"retry_in\", \"2s\")\n",
                                     "\t\twait := retryAfter(resp, 2*time.Second)\n\t\tif last == http.StatusTooManyRequests && r.OnThrottle != nil {\n\t\t\tr.OnThrottle(attempt, wait)\n\t\t} else {\n\t\t\tr.Log.Warn(\"ari push failed\", \"channel\", r.Channel, \"status\", last, \"attempt\", attempt, \"retry_in\", wait)\n\t\t}\n",
                                     "\t\tcase <-time.After(2 * time.Second):\n",
                                     "\t\tcase <-time.After(wait):\n",
                                     "\tChannel  string\n\tLog      *slog.Logger\n}\n",
                                     "\tChannel  string\n\tLog      *slog.Logger\n\t// OnThrottle, when set, logs a 429 instead of the generic warning.\n\tOnThrottle func(attempt int, wait time.Duration)\n}\n\nfunc retryAfter(resp *http.Response, def time.Duration) time.Duration {\n\tif s, err := strconv.Atoi(resp.Header.Get(\"Retry-After\")); err == nil && s > 0 {\n\t\treturn time.Duration(s) * time.Second\n\t}\n\treturn def\n}\n",
                                     '\t"net/http"\n\t"time"\n', '\t"net/http"\n\t"strconv"\n\t"time"\n'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## Unreleased\n\n- CM-431: Retry-After on 429.\n"),
    })
    repo.commit(utc("2026-09-22 09:55:00"), tiago, "booking: warn with the property and Retry-After when Booking.com rate-limits a push (CM-428)", {
        "internal/ota/booking.go": sub(repo.files["internal/ota/booking.go"],
                                       "\tfor _, msg := range buildMessages(id, s) {\n",
                                       "\tretry := b.retry\n\tretry.OnThrottle = func(attempt int, wait time.Duration) {\n\t\tb.log.Warn(\"Booking.com rate limited ARI push\", \"property\", property, \"hotel_id\", id,\n\t\t\t\"attempt\", attempt, \"retry_after\", wait)\n\t}\n\tfor _, msg := range buildMessages(id, s) {\n",
                                       "\t\tstatus, err := b.retry.Do(", "\t\tstatus, err := retry.Do(",
                                       '\t"net/http"\n)', '\t"net/http"\n\t"time"\n)'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "- CM-431: Retry-After on 429.\n", "- CM-431: Retry-After on 429.\n- CM-428: Booking.com throttling logged per property.\n"),
    })
    repo.commit(utc("2026-09-22 13:40:00"), kasia, "ari: pending-changes gauge, and a warning when a property's changes wait over 5 minutes (CM-433)\n\nReview comment on CM-412: we cannot see what is waiting. A property is\npushed a minute after its last change, so five minutes means the push\nitself is stuck (a channel down, pms-core slow).", {
        co: sub(repo.files[co],
                "func NewCoalescer(quiet time.Duration, pusher *Pusher, log *slog.Logger) *Coalescer {\n\treturn &Coalescer{quiet: quiet, pusher: pusher, log: log, pending: map[string]*batch{}}\n}\n",
                "func NewCoalescer(quiet time.Duration, pusher *Pusher, log *slog.Logger) *Coalescer {\n\tc := &Coalescer{quiet: quiet, pusher: pusher, log: log, pending: map[string]*batch{}}\n\tgo c.watch(time.Minute, 5*time.Minute)\n\treturn c\n}\n\n// watch exports the pending changes per property and warns about a\n// property whose oldest change has waited longer than `stale`.\nfunc (c *Coalescer) watch(every, stale time.Duration) {\n\tfor range time.Tick(every) {\n\t\tc.mu.Lock()\n\t\tfor property, b := range c.pending {\n\t\t\tpendingChanges.WithLabelValues(property).Set(float64(len(b.changes)))\n\t\t\tif age := time.Since(b.first); age > stale {\n\t\t\t\tc.log.Warn(\"ari changes pending\", \"property\", property, \"pending\", len(b.changes), \"oldest\", age.Round(time.Second))\n\t\t\t}\n\t\t}\n\t\tc.mu.Unlock()\n\t}\n}\n",
                "\tdelete(c.pending, property)\n", "\tdelete(c.pending, property)\n\tpendingChanges.WithLabelValues(property).Set(0)\n"),
        "internal/ari/metrics.go": sub(repo.files["internal/ari/metrics.go"], "var pushes = promauto.NewCounterVec(prometheus.CounterOpts{Name: \"channel_sync_ari_pushes_total\"}, []string{\"property\", \"channel\"})\n",
                                       "var pushes = promauto.NewCounterVec(prometheus.CounterOpts{Name: \"channel_sync_ari_pushes_total\"}, []string{\"property\", \"channel\"})\n\n// pending changes per property, set by the Coalescer's watch loop\nvar pendingChanges = promauto.NewGaugeVec(prometheus.GaugeOpts{Name: \"channel_sync_ari_pending_changes\"}, []string{\"property\"})\n"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "- CM-428: Booking.com throttling logged per property.\n",
                            "- CM-428: Booking.com throttling logged per property.\n- CM-433: pending changes gauge and warning.\n"),
    })
    repo.commit(utc("2026-09-22 15:05:00"), mette, "runbook: overbookings and Booking.com throttling", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## PmsOverbooking

pms-core flagged OTA reservations for a sold-out room type. Almost always
the OTA's side: Booking.com and Expedia apply our messages asynchronously
and lag 10-30 minutes under load (a sale, a big event on sale), and they
sell from their own copy meanwhile. We push within about a minute of a
hotel's last change (docs/ari.md).

1. Check `Booking.com rate limited ARI push` / `ari push failed` in the
   logs: while we are throttled, nothing we send lands.
2. If a channel-sync release went out in the last hours and touched the
   push path (`internal/ota`, `internal/ari`), roll it back in Argo CD
   (disable auto-sync, History and Rollback) and watch the 429s.
3. Ask the hotel's revenue manager to close the affected dates in the
   OTA extranet while the OTA catches up; open a ticket with the OTA's
   connectivity support with the hotel id and the times.
""",
    })
    repo.commit(utc("2026-09-23 05:58:00"), jonas, "config: Expedia push timeout 10s -> 15s (CM-435)\n\nThe AR endpoint takes 8-12 s for a year of rates at the RMS publication.", {
        cfgp: sub(repo.files[cfgp], "  endpoint: https://services.expediapartnercentral.com/eqc/ar\n  timeout: 10s\n",
                  "  endpoint: https://services.expediapartnercentral.com/eqc/ar\n  timeout: 15s\n"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "- CM-433: pending changes gauge and warning.\n",
                            "- CM-433: pending changes gauge and warning.\n- CM-435: Expedia timeout 15 s.\n"),
    })
    repo.commit(utc("2026-09-23 06:55:00"), jonas, "release 3.20.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "## Unreleased\n", "## 3.20.0\n"),
    })
    repo._git("tag", "v3.20.0", repo.shas[-1])
    v320_release = repo.shas[-1]
    v320 = repo.commit(utc("2026-09-23 07:21:00"), rbot, "deploy: channel-sync 3.20.0", {
        "deploy/values-production.yaml": sub(repo.files["deploy/values-production.yaml"], 'tag: "3.19.0"', 'tag: "3.20.0"'),
    })
    # after the onset: the fix and a runbook that knows
    repo.commit(utc("2026-09-23 09:14:00"), tiago, "ari: push a property's changes at most 90 s after the first one, however busy it is (CM-437)\n\nAdd() reset the property's timer on every change, so a hotel that never\ngoes quiet for a minute is never pushed: from 08:00 this morning the\nBerlin and Hamburg hotels got a change every few seconds after the tour\nannouncement and nothing reached Booking.com or Expedia until the\nrevenue managers closed the dates in the extranets. The timer now fires\nat min(last change + quiet, first change + max_wait).", {
        co: sub(repo.files[co],
                "\t} else {\n\t\tb.timer.Reset(c.quiet)\n\t}\n",
                "\t} else if wait := c.maxWait - time.Since(b.first); wait < c.quiet {\n\t\t// a busy property is never quiet: push no later than max_wait\n\t\t// after its first pending change\n\t\tb.timer.Reset(max(wait, 0))\n\t} else {\n\t\tb.timer.Reset(c.quiet)\n\t}\n",
                "\tquiet   time.Duration\n", "\tquiet   time.Duration\n\tmaxWait time.Duration\n",
                "func NewCoalescer(quiet time.Duration, pusher *Pusher, log *slog.Logger) *Coalescer {\n\tc := &Coalescer{quiet: quiet, pusher: pusher,",
                "func NewCoalescer(quiet, maxWait time.Duration, pusher *Pusher, log *slog.Logger) *Coalescer {\n\tc := &Coalescer{quiet: quiet, maxWait: maxWait, pusher: pusher,"),
        "internal/ari/coalesce_test.go": repo.files["internal/ari/coalesce_test.go"].replace("NewCoalescer(200*time.Millisecond, ", "NewCoalescer(200*time.Millisecond, time.Second, ").replace("NewCoalescer(100*time.Millisecond, ", "NewCoalescer(100*time.Millisecond, time.Second, ") + go('''
func TestBusyPropertyIsPushedWithinMaxWait(t *testing.T) {
    fake := &fakePusher{}
    c := NewCoalescer(100*time.Millisecond, 300*time.Millisecond, fake.Pusher(), testLogger(t))
    deadline := time.Now().Add(time.Second)
    for time.Now().Before(deadline) {
        c.Add(Change{Property: "BER-MIT", Kind: "availability", RoomType: "DBL", From: "2027-06-18", To: "2027-06-19"})
        time.Sleep(20 * time.Millisecond)
    }
    if got := fake.Pushes("BER-MIT"); got < 3 {
        t.Fatalf("pushes = %d during a second of changes every 20ms, want >= 3", got)
    }
}
'''),
        "cmd/channel-sync/main.go": sub(repo.files["cmd/channel-sync/main.go"], "ari.NewCoalescer(cfg.Coalesce.Quiet, pusher, log)",
                                        "ari.NewCoalescer(cfg.Coalesce.Quiet, cfg.Coalesce.MaxWait, pusher, log)"),
        "internal/config/config.go": sub(repo.files["internal/config/config.go"], "\tQuiet time.Duration `yaml:\"quiet\"`\n",
                                         "\tQuiet   time.Duration `yaml:\"quiet\"`\n\tMaxWait time.Duration `yaml:\"max_wait\"`\n"),
        cfgp: sub(repo.files[cfgp], "  quiet: 60s\n", "  quiet: 60s\n  max_wait: 90s\n"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.20.1\n\n- CM-437: a busy property is pushed at most 90 s after its first change.\n"),
    })
    repo._git("tag", "v3.20.1", repo.shas[-1])
    v3201_release = repo.shas[-1]
    v3201 = repo.commit(utc("2026-09-23 09:24:00"), rbot, "deploy: channel-sync 3.20.1", {
        "deploy/values-production.yaml": sub(repo.files["deploy/values-production.yaml"], 'tag: "3.20.0"', 'tag: "3.20.1"'),
    })
    repo.commit(utc("2026-09-23 10:20:00"), mette, "runbook: ARI that does not reach the OTAs", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Almost always\nthe OTA's side:", "Check first that we\npushed at all (`channel_sync_ari_pushes_total` by property, the pending\ngauge); then the OTA's side:")
        + """
## A hotel is not being pushed

Pushes per property flat while `ari change` lines keep coming: resync the
hotel (above). Until 3.20.1 a property with a change every few seconds was
never pushed (CM-437); a restart drops pending changes, resync after one.
""",
        "docs/ari.md": sub(repo.files["docs/ari.md"], "3. The Coalescer pushes a property's changes together once the property\n   has been quiet for 60 s (`coalesce.quiet`), so",
                           "3. The Coalescer pushes a property's changes together once the property\n   has been quiet for 60 s (`coalesce.quiet`), and at most 90 s after its\n   first pending change (`coalesce.max_wait`), so"),
    })
    versions = {
        "v319": ("3.19.0", v319_release[:7], v319),
        "v320": ("3.20.0", v320_release[:7], v320),
        "v3201": ("3.20.1", v3201_release[:7], v3201),
    }
    return repo, {"culprit": culprit, "versions": versions}


# ---------------------------------------------------------------------------
# the morning

# changes a minute per 250 rooms, by local hour
HOURLY = [0.10, 0.07, 0.05, 0.05, 0.06, 0.10, 0.22, 0.40, 0.62, 0.80, 0.92, 0.98,
          1.00, 0.97, 0.95, 0.95, 0.93, 0.90, 0.86, 0.80, 0.70, 0.55, 0.35, 0.18]
KINDS = [(0.38, ("availability", "reservation")), (0.10, ("availability", "cancellation")), (0.08, ("availability", "modification")),
         (0.06, ("availability", "room_status")), (0.24, ("rate", "rms")), (0.04, ("rate", "manual")),
         (0.05, ("restriction", "manual")), (0.05, ("restriction", "rms"))]
CHANNELS = [(0.55, "booking.com"), (0.25, "expedia"), (0.20, "direct")]
PMS_CHANNEL = {"booking.com": "BOOKING_COM", "expedia": "EXPEDIA", "direct": "WEB"}
B32 = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TODAY = dt.date(2026, 9, 23)


def pick(rng, weighted_list):
    total = sum(w for w, _ in weighted_list)
    r = rng.uniform(0, total)
    for w, v in weighted_list:
        r -= w
        if r <= 0:
            return v
    return weighted_list[-1][1]


def local_hour(x, tz):
    return (at(x) + dt.timedelta(hours=tz)).hour + (at(x) + dt.timedelta(hours=tz)).minute / 60.0


def bg_rate(p, x):
    """background changes a minute for a property"""
    code, city, rooms, tz, _, _ = PROP[p]
    h = local_hour(x, tz)
    i = int(h) % 24
    f = h - int(h)
    curve = HOURLY[i] * (1 - f) + HOURLY[(i + 1) % 24] * f
    return rooms / 250.0 * curve * 0.55


def rush_rate(p, x):
    nights, peak, _ = RUSH[p]
    t = x - (secs(ANNOUNCE) + 25 + 14 * list(RUSH).index(p))
    if t <= 0:
        return 0.0
    return peak * (1 - math.exp(-t / 100.0)) * math.exp(-t / 2900.0)


def stay(rng):
    lead = int(min(540, rng.lognormvariate(3.1, 1.2)))
    nights = pick(rng, [(0.42, 1), (0.30, 2), (0.16, 3), (0.08, 4), (0.04, 7)])
    a = TODAY + dt.timedelta(days=lead)
    return a, a + dt.timedelta(days=nights - 1), nights


def build_logs(rng, shas):
    cs, pms, egress, argo, am, parity, slack = (Log("channel-sync.log"), Log("pms-core.log"), Log("envoy-egress.log"),
                                                Log("argocd-application-controller.log"), Log("alertmanager-notifications.log"),
                                                Log("paritywatch-alerts.log"), Log("slack-cm-oncall.log"))
    t0, t1 = secs(START), secs(END)
    sim0 = t0 - 900
    vers = shas["versions"]
    stats = {"overbook": [], "pushes": [], "pending_samples": {}, "first_overbook": None, "rush_booked": {}, "flush_after_stop": {},
             "throttled": 0, "lost_at_rollback": {}, "last_push_before": {}, "warned": []}

    def pods(rs):
        return [f"channel-sync-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]

    # (start, pod names, (version, commit7), has CM-433, has CM-437)
    epochs = [(t0 - 86400 * 5, pods("6c8f7d5b94"), ("3.19.0", vers["v319"][1]), False, False),
              (secs(SYNC_320), pods("7d49b8c6f5"), ("3.20.0", vers["v320"][1]), True, False),
              (secs(ROLLBACK) + 4, pods("6c8f7d5b94"), ("3.19.0", vers["v319"][1]), False, False),
              (secs(FIX_SYNC) + 5, pods("58b6f9c7d2"), ("3.20.1", vers["v3201"][1]), True, True)]
    owner = {p[0]: i % 3 for i, p in enumerate(PROPERTIES)}
    restart_at = []   # (x, pod index, epoch index)
    for ei, e in enumerate(epochs[1:], start=1):
        for k in range(3):
            restart_at.append((e[0] + 8 + k * 27 + rng.uniform(0, 4), k, ei))

    def epoch_of(x, k):
        cur = 0
        for rx, kk, ei in restart_at:
            if kk == k and x >= rx:
                cur = ei
        return cur

    def cslog(x, k, level, msg, **kv):
        if not t0 <= x < t1:
            return
        ei = epoch_of(x, k)
        pod = epochs[ei][1][k]
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        parts = [f"time={stamp}", f"level={level}", f"msg={json.dumps(msg) if (' ' in msg or '=' in msg) else msg}"]
        for key, v in kv.items():
            v = str(v)
            parts.append(f"{key}={json.dumps(v) if (' ' in v or '=' in v or v == '') else v}")
        cs.add(t, f"[pod/{pod}/channel-sync] " + " ".join(parts))

    def pmslog(x, level, thread, logger, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        pms.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    def envoy(x, method, path, status, duration_ms, authority, upstream):
        if not t0 <= x < t1:
            return
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        rx = rng.randint(900, 42000)
        tx = rng.randint(120, 620) if status < 400 else rng.randint(90, 140)
        egress.add(t, f'[{stamp}] "{method} {path} HTTP/1.1" {status} - {rx} {tx} {duration_ms} {max(1, duration_ms - rng.randint(0, 6))} '
                      f'"-" "Go-http-client/1.1" "{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" "{authority}" "{upstream}"')

    # ------------------------------------------------------------------
    # exogenous events
    heap = []
    seq = [0]

    def push_ev(x, kind, data):
        seq[0] += 1
        heapq.heappush(heap, (x, seq[0], kind, data))

    for code, city, rooms, tz, _, _ in PROPERTIES:
        x = sim0
        while True:
            lam = max(bg_rate(code, x), 0.01) / 60.0
            x += rng.expovariate(lam)
            if x >= t1:
                break
            kind, source = pick(rng, KINDS)
            a, b, n = stay(rng)
            push_ev(x, "bg", {"p": code, "kind": kind, "source": source, "from": a.isoformat(), "to": b.isoformat(), "nights": n,
                              "rt": pick(rng, [(w, r) for r, w in ROOM_TYPES])})
    # the RMS's 08:00 publication: a few dozen price and restriction changes per hotel
    for code, city, rooms, tz, _, _ in PROPERTIES:
        base = secs(RMS_PUBLISH) + rng.uniform(0, 26)
        for j in range(rng.randint(16, 38)):
            a, b, n = stay(rng)
            push_ev(base + j * rng.uniform(0.15, 0.5), "bg", {"p": code, "kind": "rate" if rng.random() < 0.85 else "restriction", "source": "rms",
                                                               "from": a.isoformat(), "to": b.isoformat(), "nights": n,
                                                               "rt": pick(rng, [(w, r) for r, w in ROOM_TYPES])})
    # the tour: booking attempts at the concert hotels
    for p in RUSH:
        x = secs(ANNOUNCE)
        peak = RUSH[p][1]
        while x < t1:
            x += rng.expovariate(peak / 60.0)
            if x >= t1:
                break
            if rng.random() >= rush_rate(p, x) / peak:
                continue
            push_ev(x, "attempt", {"p": p, "ch": pick(rng, CHANNELS), "r": rng.random(), "rt": rng.random()})
    for i, p in enumerate(RUSH):
        nights = RUSH[p][0]
        rise = secs(PRICE_RISE) + (0 if p.startswith("BER") else 165) + i * 21
        for j, (rt, _) in enumerate(ROOM_TYPES):
            for k, rp in enumerate(["BAR", "BAR-NRF", "BAR-BB"]):
                push_ev(rise + (j * 3 + k) * 0.7, "bg", {"p": p, "kind": "rate", "source": "manual", "from": nights[0], "to": nights[-1],
                                                         "nights": len(nights), "rt": rt, "plan": rp, "rise": True})
    for p, hms in STOPSELL.items():
        push_ev(day(hms), "stopsell", {"p": p})
    for rx, k, ei in restart_at:
        push_ev(rx, "restart", {"k": k, "ei": ei})
    for i, p in enumerate(RUSH):
        push_ev(secs(RESYNC) + i * 14.0, "resync", {"p": p})
    for ei, e in enumerate(epochs):
        if not e[3]:
            continue
        for rx, k, eei in restart_at:
            if eei != ei:
                continue
            x = rx + 60 + 1.5
            while x < t1:
                push_ev(x, "tick", {"k": k, "ei": ei})
                x += 60.0 + rng.uniform(0.0, 0.004)
    x = t0
    while x <= t1:
        push_ev(x, "sample", {})
        x += 30

    # ------------------------------------------------------------------
    # state
    inv = {}      # (p, rt, night) -> dict(cap, sold, ota: {ch: copy}, closed: {ch: bool})
    for p, (nights, peak, share) in RUSH.items():
        rooms = PROP[p][2]
        for rt, w in ROOM_TYPES:
            cap = max(2, round(rooms * w))
            for n in ("2027-06-17", "2027-06-18", "2027-06-19", "2027-06-20", "2027-06-21", "2027-06-22", "2027-06-23"):
                sold = round(cap * (share if n in nights else rng.uniform(0.18, 0.32)))
                inv[(p, rt, n)] = {"cap": cap, "sold": sold, "ota": {"booking.com": cap - sold, "expedia": cap - sold}, "closed": {}}
    ota_rate = {p: OLD_BAR[p] for p in RUSH}
    cur_rate = {p: OLD_BAR[p] for p in RUSH}
    pend = {}     # p -> {"changes": [...], "first": x, "last": x}
    ota_busy = {"booking.com": [], "expedia": []}

    def rush_nights(p, r):
        if p.startswith("BER"):
            return pick(random.Random(int(r * 1e9)), [(0.30, ["2027-06-18"]), (0.21, ["2027-06-19"]), (0.34, ["2027-06-18", "2027-06-19"]),
                                                     (0.08, ["2027-06-17", "2027-06-18"]), (0.07, ["2027-06-19", "2027-06-20"])])
        return pick(random.Random(int(r * 1e9)), [(0.62, ["2027-06-22"]), (0.20, ["2027-06-21", "2027-06-22"]), (0.18, ["2027-06-22", "2027-06-23"])])

    def version(x, p):
        return epochs[epoch_of(x, owner[p])]

    def deadline(p):
        b = pend[p]
        if b["fix"]:
            return min(b["last"] + QUIET, b["first"] + MAX_WAIT)
        return b["last"] + QUIET

    def add_change(x, p, ch):
        k = owner[p]
        xc = x + rng.uniform(0.04, 0.35)
        cslog(xc, k, "INFO", "ari change", property=p, kind=ch["kind"], room_type=ch["rt"], **{"from": ch["from"], "to": ch["to"]}, source=ch["source"])
        b = pend.get(p)
        if b is None:
            pend[p] = {"changes": [ch], "first": xc, "last": xc, "fix": version(xc, p)[4]}
        else:
            b["changes"].append(ch)
            b["last"] = xc

    def do_flush(p, x, b=None, waited_override=None):
        if b is None:
            b = pend.pop(p)
        k = owner[p]
        waited = x - b["first"] if waited_override is None else waited_override
        kinds = {c["kind"] for c in b["changes"]}
        bmsgs = (1 if kinds & {"availability", "restriction", "resync"} else 0) + (1 if kinds & {"rate", "resync"} else 0)
        snap = {key: max(0, v["cap"] - v["sold"]) for key, v in inv.items() if key[0] == p}
        rate_now = cur_rate.get(p)
        y = x + rng.uniform(0.02, 0.09)      # pms-core snapshot
        ver = version(x, p)
        for chname, authority, paths in (("booking.com", "supply-xml.booking.com", ["/hotels/ota/OTA_HotelAvailNotif", "/hotels/ota/OTA_HotelRateAmountNotif"]),
                                         ("expedia", "services.expediapartnercentral.com", ["/eqc/ar"])):
            start = y
            msgs = bmsgs if chname == "booking.com" else 1
            use = [pa for pa, on in zip(paths, ([kinds & {"availability", "restriction", "resync"}, kinds & {"rate", "resync"}] if chname == "booking.com" else [True])) if on]
            for pa in use:
                attempt = 1
                while True:
                    d = rng.uniform(0.18, 0.75) if chname == "booking.com" else rng.uniform(0.35, 1.6)
                    thr = chname == "booking.com" and day("08:01:00") <= y < day("08:02:10") and rng.random() < (0.42 if attempt == 1 else 0.08)
                    if thr:
                        envoy(y, "POST", pa, 429, int(rng.uniform(8, 40)), authority, f"{rng.choice(['104.18.24.61', '104.18.25.61'])}:443")
                        wait = rng.choice([5, 5, 8, 10, 10, 15, 20])
                        if ver[3]:
                            cslog(y + 0.05, k, "WARN", "Booking.com rate limited ARI push", property=p, hotel_id=PROP[p][4], attempt=attempt,
                                  retry_after=f"{wait}s")
                        else:
                            cslog(y + 0.05, k, "WARN", "ari push failed", channel=chname, status=429, attempt=attempt, retry_in="2s")
                            wait = 2
                        if t0 <= y < t1:
                            stats["throttled"] += 1
                        y += 0.05 + wait
                        attempt += 1
                        continue
                    envoy(y, "POST", pa, 200, int(d * 1000), authority,
                          f"{rng.choice(['104.18.24.61', '104.18.25.61'])}:443" if chname == "booking.com" else f"{rng.choice(['23.214.188.40', '23.214.188.43'])}:443")
                    y += d
                    break
            cslog(y + 0.001, k, "INFO", "ari pushed", property=p, channel=chname, messages=msgs, changes=len(b["changes"]), waited=dur(waited),
                  status=200, duration=dur(y - start))
            if t0 <= y < t1:
                stats["pushes"].append((y, p, chname, waited, len(b["changes"])))
            if p in RUSH:
                push_ev(y, "ota_set", {"p": p, "ch": chname, "snap": snap, "rate": rate_now, "waited": waited, "n": len(b["changes"])})
            y += 0.01

    def handle_attempt(x, d):
        p = d["p"]
        nights = rush_nights(p, d["r"])
        ch = d["ch"]
        order = sorted(ROOM_TYPES, key=lambda rw: (0 if rw[0] == pick(random.Random(int(d["rt"] * 1e9)), [(w, r) for r, w in ROOM_TYPES]) else 1, -rw[1]))
        for rt, _ in order:
            cells = [inv[(p, rt, n)] for n in nights]
            if ch == "direct":
                ok = all(c["cap"] - c["sold"] > 0 for c in cells)
            else:
                ok = all(not c["closed"].get(ch) and c["ota"][ch] > 0 for c in cells)
            if ok:
                break
        else:
            return
        rid = f"{p}-{''.join(rng.choice(B32) for _ in range(6))}"
        thread = f"res-intake-{rng.randint(1, 8)}" if ch != "direct" else f"booking-engine-{rng.randint(1, 24)}"
        amount = (ota_rate[p] if ch != "direct" else cur_rate[p]) * len(nights)
        pmslog(x, "INFO", thread, "c.c.p.r.ReservationService",
               f"Reservation {rid} created: channel={PMS_CHANNEL[ch]} property={p} arrival={nights[0]} nights={len(nights)} roomType={rt} ratePlan=BAR amount={amount:.2f} EUR")
        over = []
        for n, c in zip(nights, cells):
            c["sold"] += 1
            if ch != "direct":
                c["ota"][ch] -= 1
            if c["sold"] > c["cap"]:
                over.append((n, c))
        for n, c in over:
            pmslog(x + 0.004, "WARN", thread, "c.c.p.i.InventoryService",
                   f"Overbooking: {p} {rt} {n} sold {c['sold']} of {c['cap']} (reservation {rid} from {PMS_CHANNEL[ch]})")
            stats["overbook"].append((x, p, rt, n, ch))
            if stats["first_overbook"] is None:
                stats["first_overbook"] = x
        stats["rush_booked"][p] = stats["rush_booked"].get(p, 0) + 1
        add_change(x + rng.uniform(0.03, 0.12), p, {"kind": "availability", "source": "reservation", "rt": rt, "from": nights[0], "to": nights[-1]})

    # ------------------------------------------------------------------
    # the loop
    while heap:
        x = heap[0][0]
        while pend:
            due = min((deadline(p), p) for p in pend)
            if due[0] > x:
                break
            do_flush(due[1], due[0])
        x, _, kind, d = heapq.heappop(heap)
        if kind == "bg":
            p = d["p"]
            if d.get("rise"):
                cur_rate[p] = NEW_BAR[p]
                if d["rt"] == "DBL" and d["plan"] == "BAR":
                    pmslog(x - 0.5, "INFO", f"http-nio-8080-exec-{rng.randint(1, 40)}", "c.c.p.r.RateService",
                           f"Rates updated by {'lena.hoffmann' if p.startswith('BER') else 'jan.petersen'}: {p} {d['from']}..{d['to']} all room types BAR {OLD_BAR[p]:.2f} -> {NEW_BAR[p]:.2f} EUR (override RMS)")
                add_change(x, p, d)
                continue
            src = d["source"]
            if src == "reservation":
                ch = pick(rng, CHANNELS)
                rid = f"{p}-{''.join(rng.choice(B32) for _ in range(6))}"
                thread = f"res-intake-{rng.randint(1, 8)}" if ch != "direct" else f"booking-engine-{rng.randint(1, 24)}"
                pmslog(x, "INFO", thread, "c.c.p.r.ReservationService",
                       f"Reservation {rid} created: channel={PMS_CHANNEL[ch]} property={p} arrival={d['from']} nights={d['nights']} roomType={d['rt']} ratePlan={rng.choice(['BAR', 'BAR', 'BAR-NRF', 'BAR-BB', 'CORP-NOVA', 'PKG-CITY'])} amount={rng.uniform(95, 260) * d['nights']:.2f} EUR")
            elif src == "cancellation":
                ch = pick(rng, CHANNELS)
                pmslog(x, "INFO", f"res-intake-{rng.randint(1, 8)}" if ch != "direct" else f"http-nio-8080-exec-{rng.randint(1, 40)}", "c.c.p.r.ReservationService",
                       f"Reservation {p}-{''.join(rng.choice(B32) for _ in range(6))} cancelled: channel={PMS_CHANNEL[ch]} arrival={d['from']} nights={d['nights']} fee={rng.choice(['0.00', '0.00', '0.00', '112.00'])} EUR")
            elif src == "modification":
                pmslog(x, "INFO", f"res-intake-{rng.randint(1, 8)}", "c.c.p.r.ReservationService",
                       f"Reservation {p}-{''.join(rng.choice(B32) for _ in range(6))} modified: arrival={d['from']} nights={d['nights']} roomType={d['rt']} ({rng.choice(['dates', 'room type', 'guests'])})")
            elif src == "room_status":
                room = f"{rng.randint(1, 7)}{rng.randint(0, 3)}{rng.randint(1, 9)}"
                pmslog(x, "INFO", f"http-nio-8080-exec-{rng.randint(1, 40)}", "c.c.p.h.RoomStatusService",
                       f"Room {p}/{room} set {rng.choice(['OUT_OF_ORDER', 'OUT_OF_ORDER', 'IN_SERVICE'])} from {d['from']} to {d['to']} ({rng.choice(['HVAC', 'plumbing', 'renovation', 'TV', 'deep clean'])})")
            elif src == "manual":
                pmslog(x, "INFO", f"http-nio-8080-exec-{rng.randint(1, 40)}", "c.c.p.r.RateService" if d["kind"] == "rate" else "c.c.p.r.RestrictionService",
                       f"{'Rates' if d['kind'] == 'rate' else 'Restrictions'} updated by {rng.choice(['revenue.cph', 'revenue.dach', 'revenue.benelux', 'revenue.iberia', 'revenue.ceu'])}: {p} {d['from']}..{d['to']} {d['rt']}")
            add_change(x, p, d)
        elif kind == "attempt":
            handle_attempt(x, d)
        elif kind == "ota_set":
            p, chname = d["p"], d["ch"]
            for key, avail in d["snap"].items():
                inv[key]["ota"][chname] = avail
            ota_rate[p] = d["rate"]
        elif kind == "stopsell":
            p = d["p"]
            for key, c in inv.items():
                if key[0] == p and key[2] in RUSH[p][0]:
                    c["closed"]["booking.com"] = True
                    c["closed"]["expedia"] = True
            stats["flush_after_stop"][p] = None
        elif kind == "restart":
            k, ei = d["k"], d["ei"]
            cslog(x - 0.6, k, "ERROR", "consumer stopped", err="fetching message: context canceled")
            lost = [p for p in sorted(pend) if owner[p] == k]
            for p in lost:
                if p in RUSH and ei == 2:
                    stats["lost_at_rollback"][p] = len(pend[p]["changes"])
                del pend[p]
            e = epochs[ei]
            cslog(x + 1.2, k, "INFO", "starting channel-sync", version=e[2][0], commit=e[2][1], topic="pms.ari-changes")
            cslog(x + 1.3, k, "INFO", "ota channels ready", booking="https://supply-xml.booking.com/hotels/ota", expedia="https://services.expediapartnercentral.com/eqc/ar",
                  properties=len(PROPERTIES))
            cslog(x + 4.1 + rng.uniform(0, 1), k, "INFO", "kafka consumer joined group", group="channel-sync", generation=41 + len([r for r in restart_at if r[0] <= x]),
                  partitions=",".join(str(j) for j in range(k * 4, k * 4 + 4)))
        elif kind == "resync":
            p = d["p"]
            cslog(x, owner[p], "INFO", "resync requested", property=p, by="tiago.ramos@corvinahotels.com")
            do_flush(p, x + rng.uniform(0.01, 0.05), {"changes": [{"kind": "resync", "source": "admin", "rt": "", "from": "2026-09-23", "to": "2028-09-21"}],
                                                       "first": x, "last": x, "fix": False}, waited_override=0.0)
        elif kind == "tick":
            k = d["k"]
            ei = epoch_of(x, k)
            if d["ei"] != ei:
                continue
            for p in sorted(pend):
                if owner[p] != k:
                    continue
                b = pend[p]
                if x - b["first"] > 300:
                    cslog(x, k, "WARN", "ari changes pending", property=p, pending=len(b["changes"]), oldest=dur(round(x - b["first"])))
                    if t0 <= x < t1:
                        stats["warned"].append((x, p, len(b["changes"]), x - b["first"]))
        elif kind == "sample":
            for p in list(RUSH) + ["CPH-NYH", "FRA-MES"]:
                stats["pending_samples"].setdefault(p, []).append((x, len(pend[p]["changes"]) if p in pend else 0))
            for p in RUSH:
                cells = [(key, c) for key, c in inv.items() if key[0] == p and key[2] in RUSH[p][0]]
                stats.setdefault("ota_state", {}).setdefault(p, []).append((
                    x,
                    {key[1] + " " + key[2]: (c["cap"] - c["sold"], 0 if c["closed"].get("booking.com") else c["ota"]["booking.com"],
                                             0 if c["closed"].get("expedia") else c["ota"]["expedia"]) for key, c in cells},
                    ota_rate[p], cur_rate[p]))
    # ------------------------------------------------------------------
    # channel-sync's consumer stats, every five minutes per pod
    for k in range(3):
        x = t0 + 40 + k * 97 + rng.uniform(0, 5)
        while x < t1:
            cslog(x, k, "INFO", "consumer stats", partitions=4, lag=rng.choice([0, 0, 0, 0, 1, 2]), commits=rng.randint(180, 420))
            x += 300 + rng.uniform(-0.01, 0.01)

    # pms-core: the morning's check-outs and folios, the ARI API's minute stats
    x = t0
    while x < t1:
        code = pick(rng, [(PROP[c][2] * max(0.05, 1.0 - abs(local_hour(x, PROP[c][3]) - 10.2) / 2.5), c) for c in PROP])
        x += rng.expovariate(sum(PROP[c][2] * max(0.05, 1.0 - abs(local_hour(x, PROP[c][3]) - 10.2) / 2.5) for c in PROP) / 78000.0)
        folio = f"F{rng.randint(4100000, 4999999)}"
        thread = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        pmslog(x, "INFO", thread, "c.c.p.f.FolioService", f"Folio {folio} settled: property={code} amount={rng.uniform(110, 1900):.2f} EUR method={rng.choice(['VISA', 'MASTERCARD', 'MASTERCARD', 'AMEX', 'CITY_LEDGER', 'CASH'])}")
        pmslog(x + rng.uniform(0.05, 0.3), "INFO", thread, "c.c.p.s.StayService", f"Guest checked out: property={code} room={rng.randint(1, 7)}{rng.randint(0, 3)}{rng.randint(1, 9)} folio={folio}")
        if rng.random() < 0.03:
            pmslog(x + 0.4, "WARN", thread, "c.c.p.f.PaymentGateway", f"Card authorisation declined for folio {folio}: 05 Do not honour (retry with another card)")
    x = t0 + rng.uniform(0, 60)
    while x < t1:
        pmslog(x, "INFO", "ari-api-stats", "c.c.p.a.AriApiController", f"ARI API: {rng.randint(8, 30)} snapshots served in the last minute, p95 {rng.randint(18, 64)} ms")
        x += 60 + rng.uniform(-0.05, 0.05)
    return (cs, pms, egress, argo, am, parity, slack), stats, epochs, restart_at, owner


def other_logs(rng, logs, stats, shas, onset):
    cs, pms, egress, argo, am, parity, slack = logs
    t0, t1 = secs(START), secs(END)
    vers = shas["versions"]

    # --- Argo CD
    def alog(x, msg, **kv):
        if not t0 <= x < t1:
            return
        parts = [f'time="{at(x).strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f"msg={json.dumps(msg)}", "application=argocd/channel-sync"]
        parts += [f"{k}={json.dumps(v) if ' ' in str(v) else v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    x = t0 + rng.uniform(10, 170)
    while x < t1:
        alog(x, "Reconciliation completed", **{"dest-namespace": "connectivity", "dest-server": "https://kubernetes.default.svc", "fields.level": 0,
                                               "time_ms": rng.randint(70, 240)})
        x += 180 + rng.uniform(-0.5, 1.5)
    ns = {"dest-namespace": "connectivity"}
    s320 = secs(SYNC_320)
    alog(s320 - 4, "Refreshing app status (spec.source differs), level (3)", **ns)
    alog(s320 - 2, "Updated sync status: Synced -> OutOfSync", **ns, type="Normal", reason="ResourceUpdated")
    alog(s320, f"Initiated automated sync to '{vers['v320'][2]}'", **ns, type="Normal", reason="OperationStarted")
    alog(s320 + 1, f"Sync operation to {vers['v320'][2]} succeeded", **ns, type="Normal", reason="OperationCompleted")
    alog(s320 + 2, "Updated health status: Healthy -> Progressing", **ns, type="Normal", reason="ResourceUpdated")
    alog(s320 + 97, "Updated health status: Progressing -> Healthy", **ns, type="Normal", reason="ResourceUpdated")
    rb = secs(ROLLBACK)
    alog(rb - 51, "Updated application spec: automated sync policy removed", **ns, initiator="jonas.berg@corvinahotels.com")
    alog(rb, f"Initiated rollback to revision '{vers['v319'][2]}' (history id 58)", **ns, type="Normal", reason="OperationStarted",
         initiator="jonas.berg@corvinahotels.com")
    alog(rb + 1, f"Sync operation to {vers['v319'][2]} succeeded", **ns, type="Normal", reason="OperationCompleted")
    alog(rb + 2, "Updated health status: Healthy -> Progressing", **ns, type="Normal", reason="ResourceUpdated")
    alog(rb + 95, "Updated health status: Progressing -> Healthy", **ns, type="Normal", reason="ResourceUpdated")
    alog(rb + 99, "Updated sync status: Synced -> OutOfSync", **ns, type="Normal", reason="ResourceUpdated")
    fx = secs(FIX_SYNC)
    alog(fx - 28, "Updated application spec: automated sync policy enabled (prune=true, selfHeal=true)", **ns, initiator="jonas.berg@corvinahotels.com")
    alog(fx, f"Initiated automated sync to '{vers['v3201'][2]}'", **ns, type="Normal", reason="OperationStarted")
    alog(fx + 1, f"Sync operation to {vers['v3201'][2]} succeeded", **ns, type="Normal", reason="OperationCompleted")
    alog(fx + 2, "Updated health status: Healthy -> Progressing", **ns, type="Normal", reason="ResourceUpdated")
    alog(fx + 96, "Updated health status: Progressing -> Healthy", **ns, type="Normal", reason="ResourceUpdated")

    # --- Alertmanager notifications (webhook bodies, one a line)
    def alert(x, status, name, labels, summary, starts):
        if not t0 <= x < t1:
            return
        body = {"receiver": "cm-oncall", "status": status, "groupKey": f"{{}}:{{alertname=\"{name}\"}}",
                "alerts": [{"status": status, "labels": {"alertname": name, **labels},
                            "annotations": {"summary": summary},
                            "startsAt": at(starts).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                            "endsAt": at(x).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if status == "resolved" else "0001-01-01T00:00:00Z"}]}
        am.add(at(x), json.dumps(body, separators=(",", ":")))

    thr = day("08:01:40")
    alert(day("08:03:41"), "firing", "ChannelSyncOtaErrors", {"channel": "booking.com", "severity": "warning", "service": "channel-sync"},
          f"{stats['throttled']} of the booking.com push requests failed in 5m (429)", thr)
    alert(day("08:09:11"), "resolved", "ChannelSyncOtaErrors", {"channel": "booking.com", "severity": "warning", "service": "channel-sync"},
          "booking.com push requests failing", thr)
    firsts = {}
    for x, p, rt, n, ch in stats["overbook"]:
        firsts.setdefault(p, x)
    counts = {}
    for p, fx0 in sorted(firsts.items(), key=lambda kv: kv[1]):
        fire = fx0 + 150 + rng.uniform(0, 40)
        n5 = sum(1 for x, pp, *_ in stats["overbook"] if pp == p and fire - 300 < x <= fire)
        alert(fire, "firing", "PmsOverbooking", {"property": p, "severity": "critical", "service": "pms-core"},
              f"{n5} OTA reservations over capacity at {p} in the last 5m", fx0)
        last = max(x for x, pp, *_ in stats["overbook"] if pp == p)
        counts[p] = sum(1 for x, pp, *_ in stats["overbook"] if pp == p)
        alert(last + 610 + rng.uniform(0, 60), "resolved", "PmsOverbooking", {"property": p, "severity": "critical", "service": "pms-core"},
              f"OTA reservations over capacity at {p}", fx0)
    stats["firsts"] = firsts
    stats["counts"] = counts
    # a routine one
    alert(day("06:12:09"), "firing", "PmsFolioExportLag", {"severity": "warning", "service": "pms-core", "target": "datev"},
          "Folio export to DATEV behind by 34 min", day("06:07:00"))
    alert(day("06:31:40"), "resolved", "PmsFolioExportLag", {"severity": "warning", "service": "pms-core", "target": "datev"},
          "Folio export to DATEV behind", day("06:07:00"))

    # --- Paritywatch: a scan every 15 minutes over the next 30 days and watched dates
    def pw(x, hotel, check, **kv):
        if not t0 <= x < t1:
            return
        parity.add(at(x), json.dumps({"received_at": at(x).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "source": "paritywatch",
                                      "hotel": hotel, "check": check, **kv}, ensure_ascii=False))

    watch_from = {"BER-MIT": day("08:16:40"), "BER-CHA": day("08:16:40"), "BER-OST": day("08:16:40"),
                  "HAM-HBF": day("08:21:10"), "HAM-HAF": day("08:21:10")}
    x = secs(utc("2026-09-23 05:45:00"))
    scan = 48211
    stats["parity_open"] = []
    while x < t1:
        scan += 1
        y = x + rng.uniform(150, 260)
        for _ in range(rng.randint(0, 3)):
            h = rng.choice([c for c in PROP if c not in RUSH])
            d = (TODAY + dt.timedelta(days=rng.randint(1, 30))).isoformat()
            brand = rng.randint(119, 240)
            pw(y + rng.uniform(0, 30), h, "rate_disparity", stay_date=d, channel=rng.choice(["expedia", "booking.com"]), room="DBL",
               ota=f"EUR {brand - rng.randint(4, 19)}", brand=f"EUR {brand}", note=rng.choice(["member price", "mobile rate", "genius discount"]), scan_id=scan)
        for p in RUSH:
            if y < watch_from[p]:
                continue
            state = [st for st in stats["ota_state"][p] if st[0] <= y][-1]
            _, cells, orate, brate = state
            for night in RUSH[p][0]:
                avail = sum(v[0] for key, v in cells.items() if key.endswith(night))
                bk = sum(v[1] for key, v in cells.items() if key.endswith(night))
                ex = sum(v[2] for key, v in cells.items() if key.endswith(night))
                for chname, open_n in (("booking.com", bk), ("expedia", ex)):
                    if open_n > 0 and avail <= 0:
                        pw(y + rng.uniform(0, 40), p, "availability_mismatch", stay_date=night, channel=chname, ota=f"bookable, EUR {orate}",
                           brand="sold out", scan_id=scan)
                        stats["parity_open"].append((y, p, night, chname))
                    elif open_n > 0 and orate < brate:
                        pw(y + rng.uniform(0, 40), p, "rate_disparity", stay_date=night, channel=chname, room="DBL", ota=f"EUR {orate}",
                           brand=f"EUR {brate}", note="OTA below brand.com", scan_id=scan)
        pw(y + 45, "*", "scan_completed", hotels=len(PROP), checks=rng.randint(5200, 5600), scan_id=scan)
        x += 900
    return counts


def chat(rng, slack, stats, onset):
    users = {"alertmanager": "B03AMGR11", "jonas.berg": "U04JB7K2Q", "tiago.ramos": "U05TR3M8X", "katarzyna.nowak": "U05KN9P4D",
             "mette.lund": "U03ML2H6V", "lena.hoffmann (revenue DACH)": "U06LH5T1C", "jan.petersen (revenue DACH)": "U06JP8W3E",
             "ana.costa (reservations)": "U07AC4R9N"}

    def say(t, who, text):
        if isinstance(t, float):
            t = at(t)
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "cm-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    firsts = stats["firsts"]
    counts = stats["counts"]
    mit_push = min(y for y, p, c, w, n in stats["pushes"] if p == "BER-MIT" and c == "booking.com" and y > day("08:30:00"))
    mit_w = [(w, n) for y, p, c, w, n in stats["pushes"] if p == "BER-MIT" and c == "booking.com" and y == mit_push][0]
    haf = [(y, w, n) for y, p, c, w, n in stats["pushes"] if p == "HAM-HAF" and c == "booking.com" and day("08:05:00") < y < day("08:25:00")]
    after_rb = sorted((min(y for y, p, c, w, n in stats["pushes"] if p == q and c == "booking.com" and y > secs(ROLLBACK)), q) for q in RUSH)
    say(utc("2026-09-23 07:27:10"), "jonas.berg", "3.20.0 synced at 07:24: CM-431 Retry-After on 429s, CM-428 logs Booking.com throttling per property, CM-433 pending-changes gauge, CM-435 Expedia timeout 15s")
    say(utc("2026-09-23 08:03:42"), "alertmanager", f"[FIRING:1] ChannelSyncOtaErrors channel=booking.com: {stats['throttled']} of the booking.com push requests failed in 5m (429)")
    say(utc("2026-09-23 08:05:30"), "jonas.berg", "that's the RMS publication at 08:00, Booking.com throttles it every morning. now it says 'Booking.com rate limited ARI push' with the Retry-After, and the retries go through")
    say(utc("2026-09-23 08:09:12"), "alertmanager", "[RESOLVED] ChannelSyncOtaErrors channel=booking.com")
    order = sorted(firsts.items(), key=lambda kv: kv[1])
    p1 = order[0][0]
    say(secs(PRICE_RISE) - 75, "lena.hoffmann (revenue DACH)", "Marlow Vey announced the Lantern Tour at 10:00, two nights at the Olympiastadion, 18 and 19 June 2027. all three Berlin hotels are getting booked like mad. I'm putting BAR up for both nights now")
    say(order[0][1] + 180, "alertmanager", f"[FIRING:1] PmsOverbooking property={p1}: OTA reservations over capacity at {p1}")
    say(day("08:13:20"), "jan.petersen (revenue DACH)", "same in Hamburg for 22 June, Volksparkstadion. HAM-HBF and HAM-HAF")
    say(day("08:15:05"), "jonas.berg", f"PmsOverbooking for {', '.join(p for p, _ in order[:3])}: pms-core flags OTA reservations for sold-out room types. runbook says that's the OTA lagging behind our updates")
    oldest = max(a for x, p, n, a in stats["warned"] if x < day("08:19:20") and p.startswith("BER"))
    mit_over = sum(1 for x, p, rt, n, ch in stats["overbook"] if p == "BER-MIT" and n == "2027-06-18" and x < day("08:22:00"))
    say(day("08:17:40"), "lena.hoffmann (revenue DACH)", "Booking.com still sells BER-MIT for 18 June at 189. I put it to 389 at 08:11 and our website has 389. and PMS shows DBL sold out")
    say(day("08:19:30"), "jonas.berg", f"we got 429s from Booking.com from 08:01 and now there are 'ari changes pending' warnings for the Berlin hotels, oldest {round(oldest / 60)} minutes. both came with 3.20.0 this morning, which touched internal/ota and internal/ari. runbook: roll back a release that touched the push path")
    say(day("08:22:10"), "lena.hoffmann (revenue DACH)", f"Booking.com extranet: BER-MIT still has rooms to sell for 18 June, our PMS is {mit_over} over. can you do something")
    say(day("08:24:00"), "mette.lund", "agree, roll back 3.20.0 and open a ticket with Booking.com connectivity support, we've seen them lag under load before")
    say(secs(ROLLBACK) - 60, "jonas.berg", "rolling back to 3.19.0 (history 58), auto-sync off")
    say(secs(ROLLBACK) + 150, "jonas.berg", "3.19.0 running. pending warnings gone, no 429s")
    say(after_rb[2][0] + 40, "jonas.berg", f"pushes for {', '.join(q for _, q in after_rb[:3])} are back since the rollback. BER-MIT still nothing. opened Booking.com connectivity ticket 4471203 with the hotel ids")
    say(day("08:36:15"), "ana.costa (reservations)", f"reservations: {sum(1 for x, *_ in stats['overbook'] if x < day('08:36:00'))} overbooked room-nights so far across Berlin and Hamburg, still growing at BER-MIT")
    say(day("08:39:50"), "lena.hoffmann (revenue DACH)", "I'm closing 18/19 June in the Booking.com and Expedia extranets for all three Berlin hotels now, Jan does Hamburg")
    say(mit_push + 50, "tiago.ramos", f"BER-MIT just pushed for the first time since 07:59: 'ari pushed property=BER-MIT channel=booking.com ... changes={mit_w[1]} waited={dur(mit_w[0])}'. channel_sync_ari_pushes_total for BER-MIT is flat from 08:00 until now, and the 3.20.0 pending gauge for BER-MIT climbed to {max(n for x, n in stats['pending_samples']['BER-MIT'] if x < secs(ROLLBACK))} until the rollback. Booking.com did not lag, we never sent anything")
    if haf:
        y, w, n = haf[0]
        say(mit_push + 170, "tiago.ramos", f"and on 3.20.0 already: HAM-HAF pushed at {at(y).strftime('%H:%M:%S')} with changes={n} waited={dur(w)}. the pushes that came after the rollback came when those hotels' bookings slowed down, BER-MIT's only after Lena closed the dates")
    say(mit_push + 420, "tiago.ramos", "found it: Coalescer.Add does b.timer.Reset(quiet) on every change (CM-412, Thursday, in 3.19.0 too). a hotel is pushed 60s after its LAST change, so a hotel with a booking every few seconds is never pushed. the rollback changed nothing except dropping what was pending")
    say(mit_push + 540, "katarzyna.nowak", "oh no. yes. the test only has a burst that stops. it needs a max wait from the first pending change")
    say(secs(RESYNC) - 70, "tiago.ramos", "resyncing BER-MIT BER-CHA BER-OST HAM-HBF HAM-HAF from the admin port, the rollback dropped their pending changes (other dates than the concert nights too)")
    say(secs(RESYNC) + 120, "tiago.ramos", "resync done, Booking.com and Expedia have pms-core's availability and the 389 again")
    say(utc("2026-09-23 09:16:30"), "tiago.ramos", "CM-437: push at most 90s after a property's first pending change, however busy it is. PR up")
    say(utc("2026-09-23 09:25:10"), "jonas.berg", "3.20.1 tagged, auto-sync back on after the release bot's commit")
    say(secs(FIX_SYNC) + 130, "jonas.berg", "3.20.1 running")
    say(utc("2026-09-23 09:55:40"), "ana.costa (reservations)", "final count of overbooked room-nights: " + ", ".join(f"{p} {counts[p]}" for p in RUSH if p in counts) + ". the hotels start calling guests, Booking.com and Expedia asked to relocate or cancel with compensation")
    say(utc("2026-09-23 10:08:00"), "mette.lund", "closing Booking.com ticket 4471203, it was us. postmortem Friday. and the runbook section I wrote yesterday sent us the wrong way, fixing it")


def build(out_dir):
    rng = random.Random(60100)
    repo, shas = build_repo()
    try:
        logs, stats, epochs, restart_at, owner = build_logs(rng, shas)
        onset = at(stats["first_overbook"]).replace(microsecond=0)
        assert day("08:05:00") <= onset.timestamp() <= day("08:20:00"), onset
        counts = other_logs(rng, logs, stats, shas, onset)
        chat(rng, logs[6], stats, onset)

        def pushes_5m(p):
            ys = sorted(y for y, pp, c, w, n in stats["pushes"] if pp == p and c == "booking.com")

            def fn(t):
                x = t.timestamp()
                return sum(1 for y in ys if x - 300 < y <= x)
            return fn

        def pending(p):
            samples = stats["pending_samples"][p]

            def fn(t):
                x = t.timestamp()
                if not (secs(SYNC_320) + 60 <= x < secs(ROLLBACK) or x >= secs(FIX_SYNC) + 60):
                    return None
                best = None
                for sx, n in samples:
                    if sx <= x:
                        best = n
                return best
            return fn

        def overbooked(p):
            xs = sorted(x for x, pp, *_ in stats["overbook"] if pp == p)

            def fn(t):
                return sum(1 for x in xs if x <= t.timestamp())
            return fn

        watched = list(RUSH) + ["CPH-NYH", "FRA-MES"]
        metrics = {
            "channel_sync_ari_pushes_booking_increase5m.json": query_range(
                [({"job": "channel-sync", "property": p, "channel": "booking.com"}, pushes_5m(p)) for p in watched], START, END, 60),
            "channel_sync_ari_pending_changes.json": query_range(
                [({"job": "channel-sync", "property": p}, pending(p)) for p in watched], START, END, 60),
            "pms_overbooked_room_nights.json": query_range(
                [({"job": "pms-core", "property": p}, overbooked(p)) for p in RUSH], START, END, 60),
        }
        total = sum(counts.values())
        mit_push = min(y for y, p, c, w, n in stats["pushes"] if p == "BER-MIT" and c == "booking.com" and y > day("08:30:00"))
        haf = [(y, w, n) for y, p, c, w, n in stats["pushes"] if p == "HAM-HAF" and c == "booking.com" and day("08:05:00") < y < day("08:25:00")][0]
        return write_scenario(
            out_dir, name="r60-ari-coalesce-timer-reset", service=SERVICE, onset=onset,
            description=f"""
Corvina Hotels' Berlin and Hamburg hotels are overbooked through
Booking.com and Expedia on Wednesday 23 September 2026: from
{onset.strftime('%H:%M:%S')} UTC pms-core flags OTA reservations for sold-out room types
on 18-19 June 2027 (Berlin) and 22 June 2027 (Hamburg), the nights of a
stadium tour announced at 08:00 UTC, while the OTAs keep selling at the
prices of 08:00. channel-sync 3.20.0 had been synced at 07:24; it was
rolled back to 3.19.0 at 08:29; the revenue managers closed the nights in
the OTA extranets from 08:41, the hotels were resynced at 08:58 and 3.20.1
was synced at 09:38. {total} room-nights were overbooked.
""",
            logs=list(logs),
            line_formats={
                "channel-sync.log": r'\[pod/<Pod>/<Container>\] time=<Time> level=<Level> <Content>',
                "pms-core.log": r'<Date> <Time> <Level>\s+\[<Thread>\] <Logger> - <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'ari changes pending',
            ],
            fix_files=["internal/ari/coalesce.go"],
            explanation=f"""
The culprit is CM-412 (Thursday 17 September, 12:05 UTC, in 3.19.0 and
3.20.0): the Coalescer pushes a property's changes once it has been quiet
for 60 s, and Add() resets the timer on every change. A hotel that gets a
change every few seconds is never pushed. From 08:00 the tour's bookings
gave BER-MIT, BER-CHA, BER-OST, HAM-HBF and HAM-HAF exactly that; nothing
reached Booking.com or Expedia, which sold the concert nights from their
08:00 copies at 08:00's prices while pms-core sold out, flagged each
further OTA reservation ("Overbooking: ... sold N of M") and 3.20.0's
watch warned every minute ("ari changes pending property=BER-MIT
pending=... oldest=...", the oldest growing past 20 minutes). HAM-HAF's
push at {at(haf[0]).strftime('%H:%M')} waited {dur(haf[1])} ({haf[2]} changes); BER-MIT's first push after 08:01 came at
{at(mit_push).strftime('%H:%M:%S')}, after the extranet close had made the hotel quiet. The fix
(CM-437) pushes at most max_wait after a property's first pending change.
Decoys: 3.20.0, synced 47 minutes before the onset (its start lines name
the release commit), with CM-431 (Retry-After on 429 in the OTA client),
CM-428 (adds the very "Booking.com rate limited ARI push" warning, which
appears at 08:01 with the RMS's daily publication, as the 429s do every
morning) and CM-433 in the culprit's file (adds the very "ari changes
pending" warning and the gauge, harmless), CM-435 (Expedia timeout); the
runbook commit of the day before that calls overbookings the OTA's lag and
says to roll back a release that touched the push path; the rollback to
3.19.0, which holds the culprit: the warnings vanish, the other hotels
push again within minutes because their bookings slowed down, BER-MIT
stays unpushed; the kafka-go bump; the release bot's deploy commits;
Paritywatch's rate and availability alerts; routine rate disparities, a
folio export lag alert.
""",
        )
    finally:
        repo.close()
