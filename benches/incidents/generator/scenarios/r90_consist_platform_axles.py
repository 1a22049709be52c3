"""wagontrack (Go 1.22, log/slog JSON; two pods on Ironbark Rail's AKS
cluster in australiaeast, synced by Flux from `main`; the operations
systems team in Melbourne, Perth and Auckland) is the wagon tracking system
of Ironbark Rail, a freight operator running intermodal and steel trains
between Melbourne, Adelaide, Perth and Sydney on Meridian Track's network.
It reads the AEI (automatic equipment identification) tag readers at the
gates of Ironbark's yards (Dynon in Melbourne, Islington in Adelaide,
Kewdale in Perth), keeps each yard's inventory and every wagon's last known
location for the customers' portal, lodges each train's consist with
Meridian's Train Consist Lodgement API (TCL) before it departs, and takes
Meridian's wayside condition monitoring feed (WCM: the hot box detectors'
passage reports and alarms for Ironbark's trains), mapping a hot bearing
alarm's axle number to the wagon the crew has to look at.

Meridian's train management compares each train's lodged consist with the
axles its detectors count; when they differ the train may have left
something behind, so network control stops it at the next loop for the
crew to examine it, and asks the operator for a corrected consist.

TCL v3 (mandatory from 1 July) wants an articulated wagon lodged as one
entry per platform, so that dangerous goods are placed on the platform
that carries them. Tuesday 9 June 2026, 10:41 AEST: CON-212 splits each
articulated wagon into platform entries and gives every platform
`c.Axles / c.Platforms` axles, tare and length. Ironbark's only articulated
wagons are the RRXY 2-packs (3 bogies, 6 axles: 3 + 3); its tests cover
them and a single wagon. Released in 3.7.0 that afternoon; 3.7.1
(REG-44, the register cached for 10 minutes) on Wednesday.

Thursday 11 June: the fleet team adds 24 leased RQAY 3-pack articulated
skeletal wagons to the wagon register (8 axles on 4 bogies, 3 platforms);
8 / 3 is 2 in Go's integer division, so each RQAY is lodged with 6 axles.

Friday 12 June: 3.8.0 at 14:32 AEST (HBD-77, alarm notices with the
position from the rear, in the very alarm mapping; WCM-31, which logs
Meridian's axle count mismatches as the warning that fills the log; CON-216,
platform tare rounded to 10 kg in the culprit's function; YARD-141; an x/net
bump), after Thursday's runbook commit that reads an axle count mismatch as
a register error or a detector miscount. Ararat's detector miscounts one
axle of 1PM2 at 12:38 in the rain. 2MP9, the 15:20 Melbourne-Perth with ten
RQAY, is lodged at 14:38 with 292 axles; Lara's detector counts 312 at
16:02 and network control stops it at Gheringhap loop for examination. Dan
(on call) suspects 3.8.0 and the new register entries, checks the RQAY
class with fleet, and rolls back to 3.7.1 at 17:03; 7MA2 (three RQAY) and
4MB3 (four RQAY, lodged by 3.7.1 at 17:12) are short by 6 and 8. A warm
bearing alarm at Maroona on 2MP9's axle 187 is mapped from the short
consist to a wagon five places behind the one the crew finds. Priya reads
2 axles per RQAY in every difference and the integer division in
vehicles.go; CON-219 (3.8.1, 19:22) shares the bogies out to the platforms
and checks the sum; the three consists are amended and the next detectors
agree.

Sources: wagontrack (slog JSON), Meridian WCM feed (line format), the Dynon
AEI readers (vendor log, line format), Meridian network control events
(JSON lines), Ironbark Train Control's log (line format), ingress-nginx
access (portal API and yard handhelds), Flux (kustomize and source
controllers, JSON), #opsys-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "wagontrack"
AEST = dt.timezone(dt.timedelta(hours=10))
START, END = utc("2026-06-12 02:30:00"), utc("2026-06-12 10:30:00")


def local(text):
    """'2026-06-12 16:02:00' in Melbourne (AEST, UTC+10) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=AEST).astimezone(dt.timezone.utc)


DEPLOY_380 = local("2026-06-12 14:32:06")
ROLLBACK = local("2026-06-12 17:03:40")
FIX_DEPLOY = local("2026-06-12 19:22:14")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module git.ironbark.com.au/opsys/wagontrack

go 1.22

require (
	github.com/jackc/pgx/v5 v5.5.5
	github.com/segmentio/kafka-go v0.4.47
	golang.org/x/net v0.25.0
	golang.org/x/oauth2 v0.20.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

VERSION = """package main

// version is set by the release commit; the image build adds the commit.
var version = "3.6.4"
"""

MAIN = """package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"git.ironbark.com.au/opsys/wagontrack/internal/aei"
	"git.ironbark.com.au/opsys/wagontrack/internal/config"
	"git.ironbark.com.au/opsys/wagontrack/internal/consist"
	"git.ironbark.com.au/opsys/wagontrack/internal/hbd"
	"git.ironbark.com.au/opsys/wagontrack/internal/portal"
	"git.ironbark.com.au/opsys/wagontrack/internal/register"
	"git.ironbark.com.au/opsys/wagontrack/internal/wcm"
	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

var commit = "unknown"

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: config.LogLevel()}))
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	cfg, err := config.Load(os.Getenv("WAGONTRACK_CONFIG"))
	if err != nil {
		log.Error("config", "err", err)
		os.Exit(1)
	}
	log.Info("wagontrack starting", "version", version, "commit", commit, "pod", os.Getenv("HOSTNAME"))

	reg := register.New(cfg.FleetDB)
	yards := yard.New(cfg.Yards, reg)
	lodger := consist.NewLodger(cfg.TCL, reg)
	mapper := hbd.NewMapper(lodger)
	go aei.Listen(ctx, cfg.AEI, yards)
	go wcm.Consume(ctx, cfg.WCM, mapper)
	go yards.ServeHandhelds(ctx, cfg.Handhelds)
	go lodger.Run(ctx, yards.TrainLists())
	portal.Serve(ctx, cfg.Portal, yards)
}
"""

REGISTER = """package register

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Class is a locomotive or wagon class as the fleet team keeps it in the
// wagon register (fleetdb): axles of the whole vehicle, its bogies, the
// platforms of an articulated wagon (1 otherwise), length over couplers
// and tare.
type Class struct {
	Code      string
	Kind      string // LOCO or WAGON
	Axles     int
	Bogies    int
	Platforms int
	LengthMM  int
	TareKg    int
}

type Classes map[string]Class

type Register struct {
	db *pgxpool.Pool
	mu sync.Mutex
}

func New(db *pgxpool.Pool) *Register { return &Register{db: db} }

const classesSQL = `SELECT code, kind, axles, bogies, platforms, length_mm, tare_kg FROM wagon_classes WHERE retired IS NULL`

// Classes reads the classes from fleetdb.
func (r *Register) Classes(ctx context.Context) (Classes, error) {
	rows, err := r.db.Query(ctx, classesSQL)
	if err != nil {
		return nil, fmt.Errorf("wagon register: %w", err)
	}
	defer rows.Close()
	out := Classes{}
	for rows.Next() {
		var c Class
		if err := rows.Scan(&c.Code, &c.Kind, &c.Axles, &c.Bogies, &c.Platforms, &c.LengthMM, &c.TareKg); err != nil {
			return nil, err
		}
		out[c.Code] = c
	}
	return out, rows.Err()
}
"""

VEHICLES = """package consist

import (
	"fmt"

	"git.ironbark.com.au/opsys/wagontrack/internal/register"
	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

// Vehicle is one entry of a TCL consist, counted from the leading
// locomotive.
type Vehicle struct {
	Position int    `json:"position"`
	Kind     string `json:"kind"` // LOCO, WAGON
	Number   string `json:"number"`
	Class    string `json:"class"`
	Axles    int    `json:"axles"`
	LengthMM int    `json:"length_mm"`
	TareKg   int    `json:"tare_kg"`
	GrossKg  int    `json:"gross_kg"`
	DG       []DG   `json:"dangerous_goods,omitempty"`
}

// DG is a dangerous goods entry: UN number, class and the container.
type DG struct {
	UN        string `json:"un"`
	Class     string `json:"class"`
	Container string `json:"container"`
}

// vehicles turns a closed train list into TCL entries, with axles, length
// and tare from the wagon register.
func vehicles(list yard.TrainList, classes register.Classes) ([]Vehicle, error) {
	var out []Vehicle
	for _, u := range list.Units {
		c, ok := classes[u.Class]
		if !ok {
			return nil, fmt.Errorf("%s: class %s is not in the wagon register", u.Number, u.Class)
		}
		out = append(out, Vehicle{
			Position: len(out) + 1,
			Kind:     c.Kind,
			Number:   u.Number,
			Class:    u.Class,
			Axles:    c.Axles,
			LengthMM: c.LengthMM,
			TareKg:   c.TareKg,
			GrossKg:  c.TareKg + u.LoadKg(),
			DG:       dgOf(u.Containers),
		})
	}
	return out, nil
}

func dgOf(containers []yard.Container) []DG {
	var out []DG
	for _, k := range containers {
		for _, d := range k.DG {
			out = append(out, DG{UN: d.UN, Class: d.Class, Container: k.Number})
		}
	}
	return out
}

// Totals are the consist's header figures.
func Totals(vs []Vehicle) (axles, lengthMM, grossKg int) {
	for _, v := range vs {
		axles += v.Axles
		lengthMM += v.LengthMM
		grossKg += v.GrossKg
	}
	return
}
"""

VEHICLES_TEST = """package consist

import (
	"testing"

	"git.ironbark.com.au/opsys/wagontrack/internal/register"
	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

var classes = register.Classes{
	"IB":   {Code: "IB", Kind: "LOCO", Axles: 6, Bogies: 2, Platforms: 1, LengthMM: 22000, TareKg: 132000},
	"RQTY": {Code: "RQTY", Kind: "WAGON", Axles: 4, Bogies: 2, Platforms: 1, LengthMM: 18440, TareKg: 19800},
	"RRXY": {Code: "RRXY", Kind: "WAGON", Axles: 6, Bogies: 3, Platforms: 2, LengthMM: 32640, TareKg: 27600},
}

func TestVehiclesFromRegister(t *testing.T) {
	list := yard.TrainList{Train: "2MP9", Units: []yard.Unit{
		{Number: "IB 4419", Class: "IB"},
		{Number: "RQTY 51288-K", Class: "RQTY"},
		{Number: "RRXY 30442-M", Class: "RRXY"},
	}}
	vs, err := vehicles(list, classes)
	if err != nil {
		t.Fatal(err)
	}
	axles, length, _ := Totals(vs)
	if axles != 16 || length != 73080 {
		t.Fatalf("axles %d length %d", axles, length)
	}
}

func TestUnknownClass(t *testing.T) {
	list := yard.TrainList{Train: "2MP9", Units: []yard.Unit{{Number: "RZZY 1-A", Class: "RZZY"}}}
	if _, err := vehicles(list, classes); err == nil {
		t.Fatal("want an error for a class not in the register")
	}
}
"""

LODGE = """package consist

import (
	"context"
	"log/slog"
	"time"

	"git.ironbark.com.au/opsys/wagontrack/internal/register"
	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

// Lodger lodges a consist with Meridian's TCL API when a yard closes a
// train list (about 45 minutes before departure), and amends it when the
// list changes. The lodged entries are kept for the alarm mapping.
type Lodger struct {
	tcl     *Client
	reg     *register.Register
	lodged  map[string][]Vehicle
}

func NewLodger(cfg Config, reg *register.Register) *Lodger {
	return &Lodger{tcl: NewClient(cfg), reg: reg, lodged: map[string][]Vehicle{}}
}

func (l *Lodger) Run(ctx context.Context, lists <-chan yard.TrainList) {
	for list := range lists {
		if err := l.lodge(ctx, list); err != nil {
			slog.Error("consist not lodged", "train", list.Train, "err", err)
		}
	}
}

func (l *Lodger) lodge(ctx context.Context, list yard.TrainList) error {
	classes, err := l.reg.Classes(ctx)
	if err != nil {
		return err
	}
	vs, err := vehicles(list, classes)
	if err != nil {
		return err
	}
	axles, length, gross := Totals(vs)
	ref, err := l.tcl.Lodge(ctx, Message{Train: list.Train, Date: list.Date, Origin: list.Yard,
		Departure: list.Departure.Format(time.RFC3339), Vehicles: vs, Amendment: list.Amendment})
	if err != nil {
		return err
	}
	l.lodged[list.Train] = vs
	slog.Info("consist lodged", "train", list.Train, "tcl_ref", ref, "amendment", list.Amendment,
		"entries", len(vs), "wagons", list.Wagons(), "axles", axles, "length_m", length/1000,
		"gross_t", gross/1000, "dg_entries", countDG(vs))
	return nil
}

// Lodged is the consist as lodged for a train, for the alarm mapping.
func (l *Lodger) Lodged(train string) []Vehicle { return l.lodged[train] }

func countDG(vs []Vehicle) (n int) {
	for _, v := range vs {
		n += len(v.DG)
	}
	return
}
"""

TCL = """package consist

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2/clientcredentials"
)

// Config is Meridian's TCL endpoint and the operator's client credentials.
type Config struct {
	BaseURL      string `yaml:"base_url"`
	TokenURL     string `yaml:"token_url"`
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"-"`
	Operator     string `yaml:"operator"`
}

// Message is a TCL consist (v2 and v3 take the same header; v3 wants
// articulated wagons per platform).
type Message struct {
	Operator  string    `json:"operator"`
	Train     string    `json:"train"`
	Date      string    `json:"date"`
	Origin    string    `json:"origin"`
	Departure string    `json:"departure"`
	Amendment bool      `json:"amendment"`
	Vehicles  []Vehicle `json:"vehicles"`
}

type Client struct {
	cfg  Config
	http *http.Client
}

func NewClient(cfg Config) *Client {
	cc := clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: cfg.TokenURL}
	h := cc.Client(context.Background())
	h.Timeout = 20 * time.Second
	return &Client{cfg: cfg, http: h}
}

// Lodge posts a consist and returns Meridian's reference.
func (c *Client) Lodge(ctx context.Context, m Message) (string, error) {
	m.Operator = c.cfg.Operator
	body, _ := json.Marshal(m)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.BaseURL+"/tcl/consists", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("TCL-Version", "2")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("tcl: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Ref    string   `json:"reference"`
		Errors []string `json:"errors"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("tcl: %s: %v", resp.Status, out.Errors)
	}
	return out.Ref, nil
}
"""

WCM_FEED = """package wcm

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/segmentio/kafka-go"

	"git.ironbark.com.au/opsys/wagontrack/internal/hbd"
)

// Passage is one detector passage of one of our trains as Meridian's WCM
// feed sends it: the axles the detector counted, the axles lodged in the
// consist, Meridian's axle check and any bearing alarms.
type Passage struct {
	Site        string      `json:"site"`
	Km          float64     `json:"km"`
	Train       string      `json:"train"`
	Axles       int         `json:"axles"`
	LodgedAxles int         `json:"lodged_axles"`
	AxleCheck   string      `json:"axle_check"` // OK, MISMATCH, NO_CONSIST
	MaxTempC    int         `json:"max_temp_c"`
	Alarms      []hbd.Alarm `json:"alarms"`
}

func Consume(ctx context.Context, cfg Config, mapper *hbd.Mapper) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: cfg.Brokers, Topic: cfg.Topic, GroupID: "wagontrack"})
	defer r.Close()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		var p Passage
		if err := json.Unmarshal(m.Value, &p); err != nil {
			slog.Warn("wcm message not understood", "offset", m.Offset, "err", err)
			continue
		}
		handle(p, mapper)
	}
}

func handle(p Passage, mapper *hbd.Mapper) {
	slog.Info("wcm passage", "train", p.Train, "site", p.Site, "km", p.Km, "axles", p.Axles,
		"max_temp_c", p.MaxTempC, "alarms", len(p.Alarms))
	if p.AxleCheck == "MISMATCH" {
		slog.Debug("wcm axle check", "train", p.Train, "site", p.Site, "check", p.AxleCheck)
	}
	for _, a := range p.Alarms {
		mapper.Notify(p.Train, p.Site, a)
	}
}
"""

HBD = """package hbd

import (
	"log/slog"

	"git.ironbark.com.au/opsys/wagontrack/internal/consist"
)

// Alarm is a hot box detector alarm: the axle counted from the front of the
// train as it passed, the side, the bearing temperature and Meridian's level
// (WARM: examine at the next loop; HOT: stop now).
type Alarm struct {
	Axle  int    `json:"axle"`
	Side  string `json:"side"`
	TempC int    `json:"temp_c"`
	Level string `json:"level"`
}

type Mapper struct{ lodger *consist.Lodger }

func NewMapper(l *consist.Lodger) *Mapper { return &Mapper{lodger: l} }

// Notify maps an alarm's axle to a vehicle of the consist as lodged, which
// is also what the driver's train list shows, and tells Train Control.
func (m *Mapper) Notify(train, site string, a Alarm) {
	vs := m.lodger.Lodged(train)
	seen := 0
	for _, v := range vs {
		if a.Axle <= seen+v.Axles {
			slog.Warn("hbd alarm mapped to vehicle", "train", train, "site", site, "axle", a.Axle, "side", a.Side,
				"alarm_level", a.Level, "temp_c", a.TempC, "vehicle", v.Number, "position", v.Position, "axle_in_vehicle", a.Axle-seen)
			sendToTrainControl(train, site, a, v, a.Axle-seen)
			return
		}
		seen += v.Axles
	}
	slog.Error("hbd alarm beyond the lodged consist", "train", train, "site", site, "axle", a.Axle, "lodged_axles", seen)
	sendToTrainControl(train, site, a, consist.Vehicle{}, 0)
}
"""

NOTICE = """package hbd

import (
	"fmt"

	"git.ironbark.com.au/opsys/wagontrack/internal/consist"
	"git.ironbark.com.au/opsys/wagontrack/internal/notify"
)

func sendToTrainControl(train, site string, a Alarm, v consist.Vehicle, axleInVehicle int) {
	text := fmt.Sprintf("%s %s bearing alarm at %s: axle %d %s side, %d C", train, a.Level, site, a.Axle, a.Side, a.TempC)
	if v.Number != "" {
		text += fmt.Sprintf(" -> %s (vehicle %d), axle %d", v.Number, v.Position, axleInVehicle)
	}
	notify.TrainControl(train, text)
}
"""

AEI = """package aei

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"strings"

	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

// Listen takes the readers' passage reports (one TCP connection per reader,
// one record per line: START, TAG..., END) and hands each finished passage
// to the yards. START carries the reader's direction (dir=IN|OUT, from its
// setup menu), the order the wheel sensors fired (seq=WS1-WS2) and the
// approach circuit that woke it.
func Listen(ctx context.Context, cfg Config, yards *yard.Yards) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		slog.Error("aei listen", "err", err)
		return
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go read(conn, yards)
	}
}

func read(conn net.Conn, yards *yard.Yards) {
	defer conn.Close()
	var p *yard.Passage
	s := bufio.NewScanner(conn)
	for s.Scan() {
		// DYN-W1 PASS 1187 START dir=OUT seq=WS2-WS1 wake=YARD
		f := strings.Fields(s.Text())
		if len(f) < 4 || f[1] != "PASS" {
			continue
		}
		switch f[3] {
		case "START":
			p = startPassage(f)
		case "TAG":
			if p != nil {
				p.Tags = append(p.Tags, parseTag(f))
			}
		case "END":
			if p != nil {
				finish(p, f)
				yards.Passage(*p)
				p = nil
			}
		}
	}
}
"""

YARD = """package yard

import (
	"log/slog"
	"time"
)

// Passage is one train or shunt passing a yard gate reader.
type Passage struct {
	Site     string
	Dir      string // IN or OUT
	Vehicles int
	Axles    int
	Tags     []Tag
	Unread   int
	At       time.Time
}

// Passage records arrivals and departures at the yard gates and moves the
// wagons in or out of the yard's inventory.
func (y *Yards) Passage(p Passage) {
	site := y.sites[p.Site]
	train := y.match(site, p)
	slog.Info("aei passage", "site", p.Site, "dir", p.Dir, "train", train, "vehicles", p.Vehicles,
		"axles", p.Axles, "tags", len(p.Tags), "unread_tags", p.Unread)
	switch {
	case p.Dir == "OUT" && train != "":
		y.depart(site, train, p)
	case p.Dir == "IN" && train != "":
		y.arrive(site, train, p)
	default:
		y.shunt(site, p)
	}
}
"""

SITES = """# AEI readers at Ironbark's yard gates. A reader reports IN for a movement
# into the yard. Meridian's own AEI sites come through the WCM feed.
sites:
  - id: DYN-W1
    yard: DYN
    name: Dynon west lead (Western line)
  - id: DYN-N1
    yard: DYN
    name: Dynon north lead (North East line)
  - id: ISL-N
    yard: ISL
    name: Islington north gate
  - id: ISL-S
    yard: ISL
    name: Islington south gate
  - id: KEW-E1
    yard: KEW
    name: Kewdale east gate
"""

PRODUCTION = """log_level: info
tcl:
  base_url: https://api.meridiantrack.com.au
  token_url: https://login.meridiantrack.com.au/oauth2/token
  client_id: ironbark-wagontrack
  operator: IBRK
wcm:
  brokers: [wcm-kafka-1.meridiantrack.net:9093, wcm-kafka-2.meridiantrack.net:9093]
  topic: wcm.passages.IBRK
aei:
  addr: ":7070"
yards:
  DYN:
    tracks: config/tracks-dyn.yaml
  ISL:
    tracks: config/tracks-isl.yaml
  KEW:
    tracks: config/tracks-kew.yaml
"""

TRACKS_DYN = """# Dynon yard: usable length per road (metres), for the train lists.
roads:
  A1: 1820
  A2: 1790
  A3: 1540
  B1: 980
  B2: 960
  "12": 640
  "13": 640
  "14": 580
  "15": 520
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: opsys
resources:
  - deployment.yaml
  - service.yaml
images:
  - name: ironbark.azurecr.io/opsys/wagontrack
    newTag: "3.6.4"
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: wagontrack
spec:
  replicas: 2
  selector:
    matchLabels:
      app: wagontrack
  template:
    metadata:
      labels:
        app: wagontrack
    spec:
      containers:
        - name: wagontrack
          image: ironbark.azurecr.io/opsys/wagontrack
          env:
            - name: WAGONTRACK_CONFIG
              value: /etc/wagontrack/production.yaml
          ports:
            - containerPort: 8080
            - containerPort: 7070
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: wagontrack
spec:
  selector:
    app: wagontrack
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: aei
      port: 7070
      targetPort: 7070
"""

DOCKERFILE = """FROM golang:1.22 AS build
WORKDIR /src
COPY . .
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -ldflags "-X main.commit=${COMMIT}" -o /wagontrack ./cmd/wagontrack

FROM gcr.io/distroless/static-debian12
COPY --from=build /wagontrack /wagontrack
COPY config /etc/wagontrack
ENTRYPOINT ["/wagontrack"]
"""

GITLAB_CI = """stages: [test, image, promote]

test:
  stage: test
  image: golang:1.22
  script:
    - go vet ./...
    - go test ./...

image:
  stage: image
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
  script:
    - docker build --build-arg COMMIT=$CI_COMMIT_SHORT_SHA -t ironbark.azurecr.io/opsys/wagontrack:$CI_COMMIT_SHORT_SHA .
    - docker push ironbark.azurecr.io/opsys/wagontrack:$CI_COMMIT_SHORT_SHA
    - docker tag ironbark.azurecr.io/opsys/wagontrack:$CI_COMMIT_SHORT_SHA ironbark.azurecr.io/opsys/wagontrack:$(sed -n 's/^var version = "\\(.*\\)"/\\1/p' cmd/wagontrack/version.go)
    - docker push --all-tags ironbark.azurecr.io/opsys/wagontrack

promote:
  stage: promote
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      when: manual
  script:
    - git push "https://oauth2:${PROMOTE_TOKEN}@git.ironbark.com.au/opsys/wagontrack.git" HEAD:production
"""

README = """# wagontrack

Ironbark Rail's wagon tracking:

- AEI passages at our yard gates (`internal/aei`, `internal/yard`): arrivals,
  departures, yard inventory, the handhelds' scans.
- Consists lodged with Meridian Track's TCL API when a yard closes a train
  list (`internal/consist`).
- Meridian's WCM feed (`internal/wcm`): hot box detector passages of our
  trains; bearing alarms mapped to the vehicle (`internal/hbd`) and sent to
  Train Control.
- Wagon locations for the customers' portal (`internal/portal`).

## Running locally

```
go test ./...
WAGONTRACK_CONFIG=config/local.yaml go run ./cmd/wagontrack
```

## Releasing

A release commit sets `version` and the tag in `deploy/kustomization.yaml`.
Once the image is pushed, the pipeline's `promote` job fast-forwards the
`production` branch, which Flux (`wagontrack` Kustomization) applies within
a minute. To roll back, pin the previous tag in `deploy/kustomization.yaml`
on `main` and run `promote`.
"""

RUNBOOK = """# wagontrack runbook

Owner: #opsys-oncall. Train Control (24/7) calls the on-call.

## Consist not lodged

TCL answered an error or timed out; the yard cannot give the train its
departure. Check `consist not lodged` for Meridian's error; lodge again from
the yard's train list screen once fixed.

## Portal shows stale locations

The AEI listener lost a reader; check the reader's connection in the
wayside dashboard.
"""

TCL_DOC = """# TCL v3

Meridian Track's Train Consist Lodgement API, version 3, is mandatory from
1 July 2026 (v2 accepted until then). What changes for us:

- Articulated wagons are lodged as one entry per platform (`RRXY 30442-M/A`,
  `/B`), so that dangerous goods sit on the platform that carries them and
  the DG segregation check works per platform.
- The header carries the train's DG emergency contact.
- Tare and gross in kg, rounded to 10 kg.

Meridian checks the lodged axles against the axles its detectors count at
the first detector after departure and at every detector after that.
"""

CHANGELOG = "# Changelog\n\n## 3.6.4\n\n- Portal: wagon locations from Meridian's AEI sites too.\n"


def build_repo():
    repo = Repo()
    liam = Person("Liam Nguyen", "liam.nguyen@ironbark.com.au", 600)
    priya = Person("Priya Raman", "priya.raman@ironbark.com.au", 600)
    marco = Person("Marco Bellini", "marco.bellini@ironbark.com.au", 480)
    aroha = Person("Aroha Ngata", "aroha.ngata@ironbark.com.au", 720)
    dan = Person("Dan Whitaker", "dan.whitaker@ironbark.com.au", 600)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    veh, vt = "internal/consist/vehicles.go", "internal/consist/vehicles_test.go"
    repo.commit(local("2026-06-03 09:12:00"), liam, "wagontrack: AEI yard gates, TCL consists, WCM feed, portal locations", {
        "go.mod": GO_MOD,
        "cmd/wagontrack/main.go": MAIN,
        "cmd/wagontrack/version.go": VERSION,
        "internal/register/register.go": REGISTER,
        "internal/consist/vehicles.go": VEHICLES,
        "internal/consist/vehicles_test.go": VEHICLES_TEST,
        "internal/consist/lodge.go": LODGE,
        "internal/consist/tcl.go": TCL,
        "internal/wcm/feed.go": WCM_FEED,
        "internal/hbd/mapping.go": HBD,
        "internal/hbd/notice.go": NOTICE,
        "internal/aei/listen.go": AEI,
        "internal/yard/passage.go": YARD,
        "config/sites.yaml": SITES,
        "config/production.yaml": PRODUCTION,
        "config/tracks-dyn.yaml": TRACKS_DYN,
        "deploy/kustomization.yaml": KUSTOMIZATION,
        "deploy/deployment.yaml": DEPLOYMENT,
        "deploy/service.yaml": SERVICE_YAML,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(90011)
    repo.schedule(chores(rng, SERVICE, [aroha, marco, priya], local("2026-06-03 12:00:00"), local("2026-06-11 17:00:00"), 3))
    repo.commit(local("2026-06-04 08:40:00"), bot, "build(deps): bump github.com/jackc/pgx/v5 from 5.5.5 to 5.6.0", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.5.5", "github.com/jackc/pgx/v5 v5.6.0"),
    })
    repo.commit(local("2026-06-05 11:26:00"), aroha, "yard: train list length check uses the road's usable length (YARD-128)", {
        "config/tracks-dyn.yaml": repo.edit("config/tracks-dyn.yaml", "# Dynon yard: usable length per road (metres), for the train lists.\n",
                                            "# Dynon yard: usable length per road (metres, clear of the fouling points),\n# for the train lists' length check (YARD-128).\n"),
    })
    repo.commit(local("2026-06-08 15:02:00"), priya, "docs: what TCL v3 changes for us", {
        "docs/tcl-v3.md": TCL_DOC,
    })
    culprit = repo.commit(local("2026-06-09 10:41:00"), liam, "consist: lodge articulated wagons as one entry per platform (CON-212)\n\nTCL v3, mandatory from 1 July, wants an articulated wagon as one vehicle\nentry per platform so that dangerous goods sit on the platform that\ncarries them. Split each articulated wagon into its platforms (/A, /B,\n...) and share its axles, length and tare out to them; DG entries go with\nthe platform of their container's slot. The header totals do not change;\nlodge with TCL-Version 3.", {
        veh: sub(repo.files[veh],
                 "// Vehicle is one entry of a TCL consist, counted from the leading\n// locomotive.\n",
                 "// Vehicle is one entry of a TCL consist, counted from the leading\n// locomotive: a locomotive, a wagon or (TCL v3) one platform of an\n// articulated wagon.\n",
                 "\tKind     string `json:\"kind\"` // LOCO, WAGON\n",
                 "\tKind     string `json:\"kind\"` // LOCO, WAGON, PLATFORM\n",
                 """		out = append(out, Vehicle{
			Position: len(out) + 1,
			Kind:     c.Kind,
			Number:   u.Number,
			Class:    u.Class,
			Axles:    c.Axles,
			LengthMM: c.LengthMM,
			TareKg:   c.TareKg,
			GrossKg:  c.TareKg + u.LoadKg(),
			DG:       dgOf(u.Containers),
		})
	}
	return out, nil
}
""",
                 """		if c.Platforms <= 1 {
			out = append(out, Vehicle{
				Position: len(out) + 1,
				Kind:     c.Kind,
				Number:   u.Number,
				Class:    u.Class,
				Axles:    c.Axles,
				LengthMM: c.LengthMM,
				TareKg:   c.TareKg,
				GrossKg:  c.TareKg + u.LoadKg(),
				DG:       dgOf(u.Containers),
			})
			continue
		}
		// TCL v3: an articulated wagon is one entry per platform.
		for p := 0; p < c.Platforms; p++ {
			tare := c.TareKg / c.Platforms
			out = append(out, Vehicle{
				Position: len(out) + 1,
				Kind:     "PLATFORM",
				Number:   fmt.Sprintf("%s/%c", u.Number, 'A'+p),
				Class:    u.Class,
				Axles:    c.Axles / c.Platforms,
				LengthMM: c.LengthMM / c.Platforms,
				TareKg:   tare,
				GrossKg:  tare + u.PlatformLoadKg(p),
				DG:       dgOf(u.PlatformContainers(p)),
			})
		}
	}
	return out, nil
}
"""),
        "internal/consist/tcl.go": repo.edit("internal/consist/tcl.go", 'req.Header.Set("TCL-Version", "2")', 'req.Header.Set("TCL-Version", "3")'),
        vt: repo.files[vt] + """
func TestArticulatedWagonPerPlatform(t *testing.T) {
	list := yard.TrainList{Train: "7MA2", Units: []yard.Unit{
		{Number: "IB 4407", Class: "IB"},
		{Number: "RRXY 30442-M", Class: "RRXY"},
	}}
	vs, err := vehicles(list, classes)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[1].Number != "RRXY 30442-M/A" || vs[2].Number != "RRXY 30442-M/B" {
		t.Fatalf("entries %+v", vs)
	}
	axles, length, _ := Totals(vs)
	if axles != 6+6 || length != 22000+32640 {
		t.Fatalf("axles %d length %d: the platforms must add up to the wagon", axles, length)
	}
}
""",
    })
    rel_370 = repo.commit(local("2026-06-09 14:55:00"), liam, "release 3.7.0", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"3.6.4"', '"3.7.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "3.6.4"', 'newTag: "3.7.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.7.0\n\n- TCL v3: articulated wagons lodged per platform (CON-212).\n- Train list length check against usable road length (YARD-128).\n", 1),
    })
    repo.commit(local("2026-06-10 11:20:00"), aroha, "register: cache the wagon classes for 10 minutes (REG-44)\n\nEvery consist, passage and scan read wagon_classes from fleetdb; the\nclasses change a few times a year. The fleet team's changes show within\nten minutes.", {
        "internal/register/register.go": sub(repo.files["internal/register/register.go"],
                                             "import (\n\t\"context\"\n\t\"fmt\"\n\t\"sync\"\n",
                                             "import (\n\t\"context\"\n\t\"fmt\"\n\t\"log/slog\"\n\t\"sync\"\n\t\"time\"\n",
                                             "type Register struct {\n\tdb *pgxpool.Pool\n\tmu sync.Mutex\n}\n",
                                             "type Register struct {\n\tdb      *pgxpool.Pool\n\tmu      sync.Mutex\n\tcached  Classes\n\tfetched time.Time\n}\n\nconst cacheFor = 10 * time.Minute\n",
                                             "// Classes reads the classes from fleetdb.\nfunc (r *Register) Classes(ctx context.Context) (Classes, error) {\n",
                                             "// Classes are the classes from fleetdb, at most ten minutes old.\nfunc (r *Register) Classes(ctx context.Context) (Classes, error) {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\tif r.cached != nil && time.Since(r.fetched) < cacheFor {\n\t\treturn r.cached, nil\n\t}\n\tc, err := r.load(ctx)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tr.cached, r.fetched = c, time.Now()\n\tslog.Info(\"wagon register refreshed\", \"classes\", len(c))\n\treturn c, nil\n}\n\nfunc (r *Register) load(ctx context.Context) (Classes, error) {\n"),
    })
    rel_371 = repo.commit(local("2026-06-10 16:05:00"), aroha, "release 3.7.1", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"3.7.0"', '"3.7.1"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "3.7.0"', 'newTag: "3.7.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.7.1\n\n- Wagon classes cached for 10 minutes (REG-44).\n", 1),
    })
    repo.commit(local("2026-06-11 09:34:00"), dan, "runbook: axle count mismatch reported by Meridian", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Axle count mismatch (Meridian stops a train for examination)

Meridian's train management compares the axles in our lodged consist with
the axles its detectors count. When they differ, network control stops the
train at the next loop, the crew walks it to confirm it is complete, and
Meridian asks for a corrected consist.

Causes we have seen:

- A wagon with the wrong class in the wagon register (a re-classed or
  newly leased wagon): ask the fleet team to check the class in fleetdb,
  then lodge an amendment from the yard's train list screen.
- A detector miscounting (wet rail, a failing wheel sensor): one axle or
  two, at one site only; the next detector agrees. Meridian raises it
  with their wayside team.

If mismatches start after a wagontrack release, roll back first
(`deploy/kustomization.yaml`), then investigate.
""",
    })
    repo.commit(local("2026-06-11 13:15:00"), priya, "consist: round platform tare and gross to 10 kg (CON-216)\n\nTCL v3 validates masses as multiples of 10 kg; an RRXY platform's tare\nis 13,800 and passes, but a leased class with an odd tare would be\nrefused at lodgement.", {
        veh: sub(repo.files[veh],
                 "\t\t\ttare := c.TareKg / c.Platforms\n",
                 "\t\t\ttare := round10(c.TareKg / c.Platforms)\n",
                 "\t\t\t\tGrossKg:  tare + u.PlatformLoadKg(p),\n",
                 "\t\t\t\tGrossKg:  tare + round10(u.PlatformLoadKg(p)),\n",
                 "func dgOf(containers []yard.Container) []DG {\n",
                 "// round10 rounds a mass to the 10 kg TCL v3 accepts.\nfunc round10(kg int) int { return (kg + 5) / 10 * 10 }\n\nfunc dgOf(containers []yard.Container) []DG {\n"),
    })
    repo.commit(local("2026-06-11 16:40:00"), marco, "hbd: alarm notices give the position from the rear and the axle within the vehicle (HBD-77)\n\nOn a 1,500 m train the crew walks from the rear for an alarm in the back\nhalf; give them both counts, as the driver's train list has them.", {
        "internal/hbd/mapping.go": sub(repo.files["internal/hbd/mapping.go"],
                                       "\tvs := m.lodger.Lodged(train)\n\tseen := 0\n",
                                       "\tvs := m.lodger.Lodged(train)\n\tseen := 0\n\tlast := 0\n\tif len(vs) > 0 {\n\t\tlast = vs[len(vs)-1].Position\n\t}\n",
                                       "\"vehicle\", v.Number, \"position\", v.Position, \"axle_in_vehicle\", a.Axle-seen)\n",
                                       "\"vehicle\", v.Number, \"position\", v.Position, \"from_rear\", last-v.Position+1, \"axle_in_vehicle\", a.Axle-seen)\n"),
        "internal/hbd/notice.go": sub(repo.files["internal/hbd/notice.go"],
                                      "\t\ttext += fmt.Sprintf(\" -> %s (vehicle %d), axle %d\", v.Number, v.Position, axleInVehicle)\n",
                                      "\t\ttext += fmt.Sprintf(\" -> %s (vehicle %d from the front), axle %d of the vehicle\", v.Number, v.Position, axleInVehicle)\n"),
    })
    repo.commit(local("2026-06-12 09:10:00"), priya, "wcm: warn when Meridian reports an axle count mismatch, with lodged and counted axles (WCM-31)\n\nA mismatch stops the train; so far we only learned of it from Train\nControl's phone call. Log it where the on-call looks.", {
        "internal/wcm/feed.go": sub(repo.files["internal/wcm/feed.go"],
                                    "\t\tslog.Debug(\"wcm axle check\", \"train\", p.Train, \"site\", p.Site, \"check\", p.AxleCheck)\n",
                                    "\t\tslog.Warn(\"track manager reports axle count mismatch\", \"train\", p.Train, \"site\", p.Site,\n\t\t\t\"lodged\", p.LodgedAxles, \"counted\", p.Axles, \"diff\", p.Axles-p.LodgedAxles)\n"),
    })
    repo.commit(local("2026-06-12 09:47:00"), bot, "build(deps): bump golang.org/x/net from 0.25.0 to 0.26.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.25.0", "golang.org/x/net v0.26.0"),
    })
    repo.commit(local("2026-06-12 10:52:00"), aroha, "yard: Dynon road 14 is 620 m since the buffer stop moved (YARD-141)", {
        "config/tracks-dyn.yaml": repo.edit("config/tracks-dyn.yaml", '  "14": 580\n', '  "14": 620\n'),
    })
    rel_380 = repo.commit(local("2026-06-12 14:18:00"), liam, "release 3.8.0", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"3.7.1"', '"3.8.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "3.7.1"', 'newTag: "3.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.8.0\n\n- Alarm notices with the position from the rear (HBD-77).\n- Warn on Meridian's axle count mismatches (WCM-31).\n- Platform masses rounded to 10 kg (CON-216).\n- Dynon road 14 620 m (YARD-141).\n- golang.org/x/net 0.26.0.\n", 1),
    })
    rollback = repo.commit(local("2026-06-12 17:02:00"), dan, "deploy: pin wagontrack 3.7.1 (rollback of 3.8.0, INC-2291)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "3.8.0"', 'newTag: "3.7.1"'),
    })
    fix = repo.commit(local("2026-06-12 18:57:00"), priya, "consist: share an articulated wagon's axles out by bogie, not by integer division (CON-219)\n\nSince CON-212 every platform got c.Axles / c.Platforms axles. For the\nRRXY 2-packs that is 6 / 2 = 3, but the RQAY 3-packs the fleet team added\non Thursday have 8 axles on 4 bogies: 8 / 3 = 2, so each RQAY was lodged\nwith 6 axles and every train carrying them was short by 2 per RQAY\n(2MP9 316 lodged / 336 counted, 7MA2 -6, 4MB3 -8) and stopped for\nexamination; alarm mapping behind them was off by as much.\nEach platform takes the bogie at its leading end and the last one its\ntrailing bogie too; length and tare keep the remainder on the last\nplatform. The platforms of a wagon must add up to the class or the\nconsist is not lodged.", {
        veh: sub(repo.files[veh],
                 "\t\t// TCL v3: an articulated wagon is one entry per platform.\n\t\tfor p := 0; p < c.Platforms; p++ {\n\t\t\ttare := round10(c.TareKg / c.Platforms)\n",
                 "\t\t// TCL v3: an articulated wagon is one entry per platform.\n\t\tif c.Bogies != c.Platforms+1 || c.Axles%c.Bogies != 0 {\n\t\t\treturn nil, fmt.Errorf(\"%s: class %s: %d axles on %d bogies for %d platforms is not articulated\", u.Number, u.Class, c.Axles, c.Bogies, c.Platforms)\n\t\t}\n\t\tperBogie := c.Axles / c.Bogies\n\t\tfor p := 0; p < c.Platforms; p++ {\n\t\t\taxles, length, tare := perBogie, c.LengthMM/c.Platforms, c.TareKg/c.Platforms\n\t\t\tif p == c.Platforms-1 {\n\t\t\t\taxles += perBogie\n\t\t\t\tlength += c.LengthMM % c.Platforms\n\t\t\t\ttare += c.TareKg % c.Platforms\n\t\t\t}\n\t\t\ttare = round10(tare)\n",
                 "\t\t\t\tAxles:    c.Axles / c.Platforms,\n\t\t\t\tLengthMM: c.LengthMM / c.Platforms,\n",
                 "\t\t\t\tAxles:    axles,\n\t\t\t\tLengthMM: length,\n"),
        vt: sub(repo.files[vt],
                "\t\"RRXY\": {Code: \"RRXY\", Kind: \"WAGON\", Axles: 6, Bogies: 3, Platforms: 2, LengthMM: 32640, TareKg: 27600},\n",
                "\t\"RRXY\": {Code: \"RRXY\", Kind: \"WAGON\", Axles: 6, Bogies: 3, Platforms: 2, LengthMM: 32640, TareKg: 27600},\n\t\"RQAY\": {Code: \"RQAY\", Kind: \"WAGON\", Axles: 8, Bogies: 4, Platforms: 3, LengthMM: 47900, TareKg: 36900},\n") + """
func TestThreePackAddsUp(t *testing.T) {
	list := yard.TrainList{Train: "2MP9", Units: []yard.Unit{{Number: "RQAY 00107-T", Class: "RQAY"}}}
	vs, err := vehicles(list, classes)
	if err != nil {
		t.Fatal(err)
	}
	axles, length, _ := Totals(vs)
	if axles != 8 || length != 47900 {
		t.Fatalf("RQAY lodged with %d axles, %d mm", axles, length)
	}
	if vs[0].Axles != 2 || vs[1].Axles != 2 || vs[2].Axles != 4 {
		t.Fatalf("platform axles %d %d %d", vs[0].Axles, vs[1].Axles, vs[2].Axles)
	}
}
""",
    })
    rel_381 = repo.commit(local("2026-06-12 19:08:00"), priya, "release 3.8.1", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"3.8.0"', '"3.8.1"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "3.7.1"', 'newTag: "3.8.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.8.1\n\n- Articulated wagons' axles shared out by bogie; platforms must add up to the class (CON-219).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_370": rel_370, "rel_371": rel_371, "rel_380": rel_380,
                  "rollback": rollback, "fix": fix, "rel_381": rel_381}


# ---------------------------------------------------------------------------
# the afternoon


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def L(text):
    """Local (AEST) '16:02:41' on 12 June -> epoch seconds."""
    return secs(local(f"2026-06-12 {text}"))


def iso_local(x, tz=AEST, digits=3):
    t = at(x).astimezone(tz)
    frac = f"{t.microsecond:06d}"[:digits]
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if digits else "") + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:]


def go_time(x, rng):
    t = at(x)
    nanos = f"{t.microsecond:06d}{rng.randint(0, 999):03d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{nanos}" if nanos else "") + "Z"


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


CLASSES = {
    # kind, axles, bogies, platforms, length mm, tare kg
    "IB": ("LOCO", 6, 2, 1, 22000, 132000),
    "SH": ("LOCO", 4, 2, 1, 14600, 74000),
    "RQTY": ("WAGON", 4, 2, 1, 18440, 19800),
    "RRXY": ("WAGON", 6, 3, 2, 32640, 27600),
    "RQAY": ("WAGON", 8, 4, 3, 47900, 36900),
    "RKSY": ("WAGON", 4, 2, 1, 15200, 22400),
}
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def check_letter(code, n):
    s = sum((i + 2) * int(d) for i, d in enumerate(f"{n:05d}")) + sum(ord(c) for c in code)
    return LETTERS[s % len(LETTERS)]


class Fleet:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.pools = {"RQTY": (51000, 52400), "RRXY": (30100, 30700), "RKSY": (71000, 71600), "IB": (4401, 4460), "SH": (1901, 1912)}
        self.rqay = list(range(101, 125))
        rng.shuffle(self.rqay)

    def take(self, cls):
        if cls == "RQAY":
            n = self.rqay.pop()
        else:
            lo, hi = self.pools[cls]
            if cls == "SH":
                return f"SH {self.rng.randint(lo, hi)}"
            while True:
                n = self.rng.randint(lo, hi)
                if (cls, n) not in self.used:
                    break
        self.used.add((cls, n))
        if cls in ("IB", "SH"):
            return f"{cls} {n}"
        return f"{cls} {n:05d}-{check_letter(cls, n)}"


def make_train(rng, fleet, locos, counts, front_rqay=False):
    units = [("IB", fleet.take("IB")) for _ in range(locos)]
    wagons = []
    for cls, n in counts.items():
        wagons += [(cls, fleet.take(cls)) for _ in range(n)]
    rng.shuffle(wagons)
    if front_rqay:
        rqay = [w for w in wagons if w[0] == "RQAY"]
        rest = [w for w in wagons if w[0] != "RQAY"]
        front = rqay + rest[:int(len(rest) * 0.4)]
        rng.shuffle(front)
        wagons = front + rest[int(len(rest) * 0.4):]
    return units + wagons


def physical_axles(units):
    return [CLASSES[c][1] for c, _ in units]


def lodged_entries(units, fixed=False):
    """The TCL entries wagontrack lodges: (number, class, axles, length mm)."""
    out = []
    for cls, num in units:
        kind, axles, bogies, plats, length, tare = CLASSES[cls]
        if plats <= 1:
            out.append((num, cls, axles, length))
            continue
        for p in range(plats):
            if fixed:
                a = axles // bogies + (axles // bogies if p == plats - 1 else 0)
            else:
                a = axles // plats
            out.append((f"{num}/{'ABC'[p]}", cls, a, length // plats))
    return out


def load_kg(rng, cls):
    if cls in ("IB", "SH"):
        return 0
    tare = CLASSES[cls][5]
    per = {"RQTY": (14000, 52000), "RRXY": (30000, 84000), "RQAY": (42000, 118000), "RKSY": (48000, 74000)}[cls]
    return tare + rng.randint(*per)


WEST = [("LAR", 52.614), ("GHP", 84.102), ("CRS", 141.377), ("MRN", 222.905), ("ARA", 248.330), ("STA", 278.611),
        ("HRS", 334.208), ("DIM", 368.874), ("NHL", 415.702), ("SVT", 461.980)]
NE = [("BRD", 78.412), ("BEN", 196.037), ("WAN", 236.215), ("CHT", 268.814)]
SA = [("MBG", 75.218), ("TLB", 99.640), ("KEI", 230.411), ("BDT", 290.087)]
WA = [("NTH", 96.705), ("MRK", 262.990), ("SXC", 369.512), ("KAL", 598.104)]
SITE_NAMES = {"LAR": "Lara", "GHP": "Gheringhap", "CRS": "Cressy", "MRN": "Maroona", "ARA": "Ararat", "STA": "Stawell",
              "HRS": "Horsham", "DIM": "Dimboola", "NHL": "Nhill", "SVT": "Serviceton", "BRD": "Broadford", "BEN": "Benalla",
              "WAN": "Wangaratta", "CHT": "Chiltern", "MBG": "Murray Bridge", "TLB": "Tailem Bend", "KEI": "Keith",
              "BDT": "Bordertown", "NTH": "Northam", "MRK": "Merredin", "SXC": "Southern Cross", "KAL": "Kalgoorlie"}


def build_logs(rng, shas):
    app = Log("wagontrack.log")
    feed = Log("meridian-wcm-feed.log")
    aei = Log("aei-dynon.log")
    nc = Log("meridian-network-control.log")
    tc = Log("ironbark-train-control.log")
    ingress = Log("ingress-nginx.log")
    flux = Log("flux.log")
    slack = Log("slack-opsys-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    fleet = Fleet(rng)

    def version_at(x):
        if x < secs(DEPLOY_380) + 25:
            return "3.7.1"
        if x < secs(ROLLBACK) + 25:
            return "3.8.0"
        if x < secs(FIX_DEPLOY) + 25:
            return "3.7.1"
        return "3.8.1"

    def jl(x, level, msg, **kv):
        body = {"time": go_time(x, rng), "level": level, "msg": msg}
        body.update(kv)
        app.add(at(x), json.dumps(body, separators=(",", ":")))

    # --- the trains ----------------------------------------------------------
    trains = {}

    def train(code, locos, counts, front_rqay=False):
        units = make_train(rng, fleet, locos, counts, front_rqay)
        loads = {num: load_kg(rng, cls) for cls, num in units}
        trains[code] = {"units": units, "loads": loads}
        return trains[code]

    train("5MP1", 2, {"RQTY": 36, "RRXY": 12})
    train("6MA4", 2, {"RQTY": 30, "RRXY": 8})
    train("3MS6", 2, {"RKSY": 44})
    train("2MP9", 2, {"RQTY": 40, "RRXY": 14, "RQAY": 10}, front_rqay=True)
    train("7MA2", 2, {"RQTY": 28, "RRXY": 8, "RQAY": 3}, front_rqay=True)
    train("4MB3", 2, {"RQTY": 34, "RRXY": 6, "RQAY": 4}, front_rqay=True)
    train("9AM4", 2, {"RQTY": 30, "RRXY": 6})
    train("1PM2", 3, {"RQTY": 44, "RRXY": 10})
    train("2SM1", 2, {"RQTY": 38, "RRXY": 6})
    train("3PM7", 2, {"RQTY": 40, "RRXY": 12})
    train("6AP3", 2, {"RQTY": 32, "RRXY": 9})
    train("3AM9", 2, {"RQTY": 36, "RRXY": 7})
    train("5PM3", 3, {"RQTY": 48, "RRXY": 10})
    train("2PA8", 2, {"RQTY": 40, "RRXY": 8})

    for code, t in trains.items():
        t["phys"] = sum(physical_axles(t["units"]))
        t["lodged_buggy"] = lodged_entries(t["units"])
        t["lodged_fixed"] = lodged_entries(t["units"], fixed=True)
        t["vehicles"] = len(t["units"])
        t["wagons"] = sum(1 for c, _ in t["units"] if c != "IB")
        t["rqay"] = sum(1 for c, _ in t["units"] if c == "RQAY")
        t["length_m"] = sum(CLASSES[c][4] for c, _ in t["units"]) // 1000
        t["gross_t"] = sum(t["loads"][n] for _, n in t["units"]) // 1000 + sum(CLASSES["IB"][5] for c, _ in t["units"] if c == "IB") // 1000
        t["dg"] = rng.randint(0, 9) if t["wagons"] > 30 else 0
        # every consist in this window is lodged since CON-212 (3.7.0): articulated per platform
        t["lodged"] = sum(e[2] for e in t["lodged_buggy"])
        t["lodged_ok"] = sum(e[2] for e in t["lodged_fixed"])
        assert t["lodged_ok"] == t["phys"], code
        assert (t["phys"] - t["lodged"]) == 2 * t["rqay"], code
    stats["trains"] = trains

    # the warm bearing on 2MP9: a single RQTY behind all ten RQAY, axle 3, right side;
    # the short consist maps it to another single RQTY further back
    t29 = trains["2MP9"]
    units = t29["units"]
    last_rqay = max(i for i, (c, _) in enumerate(units) if c == "RQAY")
    warm = None
    for j in range(last_rqay + 4, len(units)):
        if units[j][0] != "RQTY":
            continue
        axle = sum(physical_axles(units[:j])) + 3
        seen = 0
        for k, (num, cls, a, _) in enumerate(t29["lodged_buggy"]):
            if axle <= seen + a:
                mapped = (k, num, cls, axle - seen)
                break
            seen += a
        if mapped[2] == "RQTY" and "/" not in mapped[1] and j >= 40:
            warm = {"pos": j + 1, "wagon": units[j][1], "axle": axle, "entry": mapped[0] + 1, "mapped": mapped[1], "mapped_axle": mapped[3],
                    "mapped_wagon_pos": next(i for i, (_, n) in enumerate(units) if n == mapped[1]) + 1}
            break
    assert warm, "no warm bearing candidate"
    stats["warm"] = warm

    # --- passages at Meridian's detectors (the WCM feed) ----------------------
    def outbound(code, dep, route, v, delays=None, noise=70):
        delays = delays or {}
        extra, out = 0.0, []
        for site, km in route:
            extra += delays.get(site, 0)
            out.append((dep + km / v * 3600 + extra + rng.uniform(-noise, noise), site, km))
        return out

    def inbound(code, arr, route, v, noise=70):
        return [(arr - km / v * 3600 + rng.uniform(-noise, noise), site, km) for site, km in route]

    passes = []  # (x, train, site, km, dir)
    for x, s, km in outbound("5MP1", L("09:40:00"), WEST, 74):
        passes.append((x, "5MP1", s, km, "DN"))
    for x, s, km in outbound("6MA4", L("11:10:00"), WEST, 73):
        passes.append((x, "6MA4", s, km, "DN"))
    for x, s, km in outbound("3MS6", L("13:05:00"), NE, 75):
        passes.append((x, "3MS6", s, km, "DN"))
    for x, s, km in inbound("9AM4", L("13:58:00"), WEST, 72):
        passes.append((x, "9AM4", s, km, "UP"))
    for x, s, km in inbound("1PM2", L("16:05:00"), WEST, 74):
        passes.append((x, "1PM2", s, km, "UP"))
    for x, s, km in inbound("2SM1", L("15:05:00"), NE, 76):
        passes.append((x, "2SM1", s, km, "UP"))
    for x, s, km in inbound("3PM7", L("21:20:00"), WEST, 74):
        passes.append((x, "3PM7", s, km, "UP"))
    for x, s, km in outbound("7MA2", L("16:45:00"), WEST, 73, noise=40):
        passes.append((x, "7MA2", s, km, "DN"))
    for x, s, km in outbound("4MB3", L("17:40:00"), NE, 76, noise=40):
        passes.append((x, "4MB3", s, km, "DN"))
    # other lines: trains out of Islington (ACST) and Kewdale (AWST)
    for x, s, km in outbound("6AP3", secs(utc("2026-06-12 04:40:00")), SA, 70):
        passes.append((x, "6AP3", s, km, "DN"))
    for x, s, km in outbound("3AM9", secs(utc("2026-06-12 09:50:00")), SA, 70):
        passes.append((x, "3AM9", s, km, "UP"))
    for x, s, km in outbound("5PM3", secs(utc("2026-06-12 00:30:00")), WA, 72):
        passes.append((x, "5PM3", s, km, "UP"))
    for x, s, km in outbound("2PA8", secs(utc("2026-06-12 06:15:00")), WA, 71):
        passes.append((x, "2PA8", s, km, "DN"))
    # 2MP9, set by the afternoon's events
    p29 = {"LAR": L("16:02:41"), "GHP": L("17:01:16"), "CRS": L("17:47:02"), "MRN": L("18:31:22"),
           "ARA": L("19:14:48"), "STA": L("19:41:09"), "HRS": L("20:26:37")}
    for s, km in WEST:
        if s in p29:
            passes.append((p29[s] + 0.207, "2MP9", s, km, "DN"))
    passes = [p for p in passes if t0 < p[0] < t1]
    passes.sort()

    AMEND = L("19:26:40")
    amended = {"2MP9": AMEND, "7MA2": AMEND + 22.4, "4MB3": AMEND + 41.9}
    ara_fault = None
    first_mismatch = None
    mismatches = []

    def lodged_now(code, x):
        t = trains[code]
        if code in amended and x > amended[code]:
            return t["lodged_ok"]
        return t["lodged"]

    site_last = {}
    for x, code, site, km, direction in passes:
        t = trains[code]
        counted = t["phys"]
        lodged = lodged_now(code, x)
        if code == "1PM2" and site == "ARA":
            counted -= 1
            ara_fault = x
        speed = rng.randint(62, 96) if code != "2MP9" or site not in ("GHP", "ARA") else rng.randint(24, 38)
        maxt = rng.randint(18, 44)
        alarms = []
        if code == "2MP9" and site == "MRN":
            alarms = [(warm["axle"], "R", 71)]
            maxt = 71
        if code == "6MA4" and site == "HRS":
            j = next(i for i, (c, _) in enumerate(t["units"]) if c == "RQTY" and i > 20)
            ax = sum(physical_axles(t["units"][:j])) + 2
            alarms = [(ax, "L", 68)]
            maxt = 68
            stats["warm6"] = (ax, t["units"][j][1], j + 1, x)
        check = "OK" if counted == lodged else "MISMATCH"
        content = (f"km={km:.3f} train={code} dir={direction} speed={speed} axles={counted} lodged={lodged} "
                   f"check={check} max_temp={maxt}C alarms={len(alarms)}")
        if check == "MISMATCH":
            content += f" axle count discrepancy: consist lodged {lodged}, detector counted {counted}"
            mismatches.append((x, code, site, lodged, counted))
            if code != "1PM2" and first_mismatch is None:
                first_mismatch = x
        feed.add(at(x), f"{iso_local(x)} WCM HBD {site} {content}")
        for ax, side, temp in alarms:
            feed.add(at(x + 0.004), f"{iso_local(x + 0.004)} WCM HBD {site} km={km:.3f} train={code} dir={direction} axle={ax} side={side} bearing={temp}C ambient={rng.randint(7, 11)}C level=WARM hot box alarm: warm bearing, examine at next loop")
        site_last[site] = x
        y = x + rng.uniform(0.6, 2.4)
        jl(y, "INFO", "wcm passage", train=code, site=site, km=km, axles=counted, max_temp_c=maxt, alarms=len(alarms))
        if check == "MISMATCH" and version_at(y).startswith("3.8"):
            jl(y + 0.0004, "WARN", "track manager reports axle count mismatch", train=code, site=site, lodged=lodged, counted=counted, diff=counted - lodged)
        for ax, side, temp in alarms:
            entries = t["lodged_buggy"] if not (code in amended and x > amended[code]) else t["lodged_fixed"]
            seen = 0
            for k, (num, cls, a, _) in enumerate(entries):
                if ax <= seen + a:
                    kv = dict(train=code, site=site, axle=ax, side=side, alarm_level="WARM", temp_c=temp, vehicle=num, position=k + 1)
                    if version_at(y).startswith("3.8"):
                        kv["from_rear"] = len(entries) - k
                    kv["axle_in_vehicle"] = ax - seen
                    jl(y + 0.01, "WARN", "hbd alarm mapped to vehicle", **kv)
                    if code == "6MA4":
                        stats["warm6_entry"] = k + 1
                    jl(y + 0.03, "INFO", "alarm notice sent to train control", train=code, site=site, vehicle=num)
                    break
                seen += a
    assert first_mismatch and abs(first_mismatch - L("16:02:41")) < 1
    stats["first_mismatch"] = first_mismatch
    stats["mismatches"] = mismatches
    stats["ara_fault"] = ara_fault

    # site heartbeats
    for site, km in WEST + NE + SA + WA:
        x = t0 + rng.uniform(0, 900)
        while x < t1:
            status = "OK"
            note = ""
            if site == "ARA" and ara_fault and ara_fault < x < L("15:10:00"):
                status = "FAULT_SUSPECTED"
                note = " axle counter: short count reported by operator, wayside technician dispatched"
            feed.add(at(x), f"{iso_local(x)} WCM SITE {site} status={status} rail_temp={rng.randint(6, 15)}C comms=OK{note}")
            x += 900 + rng.uniform(-3, 3)
    feed.add(at(L("15:12:30")), f"{iso_local(L('15:12:30'))} WCM SITE ARA status=OK axle counter tested with test wheel, 0 errors; fault not found, returned to service")

    # --- AEI readers at Dynon -------------------------------------------------
    def reader(x, site, level, msg):
        t = at(x)
        aei.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {site} {level} {msg}")

    passage_no = {"DYN-W1": 1181, "DYN-N1": 864}

    def aei_passage(x, site, direction, units, code=None, speed=None):
        n = passage_no[site]
        passage_no[site] += 1
        x += rng.uniform(0, 0.999)
        speed = speed or rng.randint(12, 19)
        wake = "YARD" if direction == "OUT" else "MAIN"
        seq = "WS2-WS1" if direction == "OUT" else "WS1-WS2"
        reader(x, site, "I", f"PASS {n} START dir={direction} seq={seq} wake={wake}")
        y = x + 1.2
        tags = 0
        unread = 0
        per_m = 3.6 / speed
        for i, (cls, num) in enumerate(units, 1):
            kind, axles, bogies, plats, length, tare = CLASSES[cls]
            for side in ("L", "R"):
                if rng.random() < 0.006:
                    unread += 1
                    continue
                tags += 1
                plat = f" plat={'A' if side == 'L' else 'ABC'[plats - 1]}/{plats}" if plats > 1 else ""
                reader(y + (0.0 if side == "L" else length / 1000 * per_m * 0.8), site, "I",
                       f'PASS {n} TAG {i:03d} {side} id="{num}" eq={kind} axles={axles}{plat} len={length // 100}')
            y += length / 1000 * per_m
        axles = sum(physical_axles(units))
        reader(y + 0.8, site, "I", f"PASS {n} END vehicles={len(units)} axles={axles} tags={tags}/{2 * len(units)} speed={speed}kph")
        if unread:
            reader(y + 0.81, site, "W", f"PASS {n} {unread} tag(s) not read")
        z = y + rng.uniform(1.0, 2.5)
        jl(z, "INFO", "aei passage", site=site, dir=direction, train=code or "", vehicles=len(units), axles=axles, tags=tags, unread_tags=unread)
        return z, axles, tags, unread

    for site in ("DYN-W1", "DYN-N1"):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            reader(x, site, "I", f"STATUS rf=OK ws1=OK ws2=OK presence=OK temp={rng.randint(9, 16)}C uptime={int((x - t0) / 3600) + 412}h")
            x += 300 + rng.uniform(-1, 1)

    departures = [("3MS6", "DYN-N1", L("13:08:20")), ("2MP9", "DYN-W1", L("15:24:07")), ("7MA2", "DYN-W1", L("16:48:31")),
                  ("4MB3", "DYN-N1", L("17:43:12"))]
    arrivals = [("9AM4", "DYN-W1", L("13:53:40")), ("2SM1", "DYN-N1", L("15:01:05")), ("1PM2", "DYN-W1", L("16:00:52"))]
    roads = {"9AM4": "A2", "2SM1": "A1", "1PM2": "A1"}
    gate = [(x, "dep", code, site) for code, site, x in departures] + [(x, "arr", code, site) for code, site, x in arrivals]
    # shunts over the gates: transfer cuts, light engines
    for _ in range(14):
        gate.append((rng.uniform(t0 + 600, t1 - 600), "shunt", None, rng.choice(["DYN-W1", "DYN-N1"])))
    for x, kind, code, site in sorted(gate):
        if kind == "dep":
            t = trains[code]
            z, axles, tags, unread = aei_passage(x, site, "OUT", t["units"], code)
            t["dep_unread"] = unread
            jl(z + 0.02, "INFO", "departure read matches train list", train=code, site=site, wagons=t["wagons"], locos=t["vehicles"] - t["wagons"], unread_tags=unread)
            jl(z + 0.05, "INFO", "train departed yard", yard="DYN", train=code, wagons=t["wagons"])
        elif kind == "arr":
            t = trains[code]
            z, axles, tags, unread = aei_passage(x, site, "IN", t["units"], code)
            jl(z + 0.05, "INFO", "train arrived yard", yard="DYN", train=code, wagons=t["wagons"], road=roads[code])
        else:
            n = rng.randint(0, 14)
            units = [("SH", fleet.take("SH"))] + [(c, fleet.take(c)) for c in rng.choices(["RQTY", "RRXY"], weights=[5, 1], k=n)]
            direction = rng.choice(["IN", "OUT"])
            z, *_ = aei_passage(x, site, direction, units, speed=rng.randint(6, 11))
            jl(z + 0.03, "INFO", "shunt movement", yard="DYN", site=site, dir=direction, vehicles=len(units))

    # --- consists lodged ------------------------------------------------------
    lodgements = [("6AP3", "ISL", secs(utc("2026-06-12 03:55:10")), "s.costa"), ("2MP9", "DYN", L("14:38:20"), "m.kaur"),
                  ("7MA2", "DYN", L("16:05:12"), "m.kaur"), ("4MB3", "DYN", L("17:12:30"), "j.forde"),
                  ("2PA8", "KEW", secs(utc("2026-06-12 05:31:40")), "t.mcgregor"), ("3AM9", "ISL", secs(utc("2026-06-12 09:05:51")), "r.lim")]
    tcl_no = 260612301

    def lodge(x, code, yard, amendment=False, fixed=False, who=None):
        nonlocal tcl_no
        t = trains[code]
        entries = t["lodged_fixed"] if fixed else t["lodged_buggy"]
        if not amendment:
            jl(x - rng.uniform(2, 4), "INFO", "train list closed", yard=yard, train=code, wagons=t["wagons"], length_m=t["length_m"], user=who)
        tcl_no += rng.randint(3, 40)
        jl(x + rng.uniform(0.3, 1.1), "INFO", "consist lodged", train=code, tcl_ref=f"C{tcl_no}", amendment=amendment,
           entries=len(entries), wagons=t["wagons"], axles=sum(e[2] for e in entries), length_m=t["length_m"], gross_t=t["gross_t"], dg_entries=t["dg"])

    calls = [(x, code, yard, False, False, who) for code, yard, x, who in lodgements]
    calls.append((L("17:09:05"), "7MA2", "DYN", True, False, None))
    calls += [(x, code, "DYN", True, True, None) for code, x in amended.items()]
    for x, code, yard, amendment, fixed, who in sorted(calls):
        lodge(x, code, yard, amendment=amendment, fixed=fixed, who=who)

    # --- routine wagontrack lines ---------------------------------------------
    x = t0 + 11.3
    while x < t1:
        jl(x, "INFO", "location batch published", topic="wagon-locations", wagons=rng.randint(40, 260), lag_ms=rng.randint(40, 900))
        x += 60 + rng.uniform(-0.2, 0.2)
    x = t0 + 143
    while x < t1:
        jl(x, "INFO", "wagon register refreshed", classes=42, wagons=2208)
        x += 600 + rng.uniform(0.1, 2.5)
    x = t0 + 1710
    while x < t1:
        jl(x, "INFO", "tcl token refreshed", expires_in=3600)
        x += 3300 + rng.uniform(0, 3)
    for x in sorted(rng.uniform(t0, t1) for _ in range(9)):
        jl(x, "WARN", "scan rejected: wagon not in yard inventory", yard=rng.choice(["DYN", "ISL", "KEW"]), wagon=fleet.take(rng.choice(["RQTY", "RRXY"])), handheld=f"HH-{rng.randint(11, 48)}")
    for x in sorted(rng.uniform(t0, t1) for _ in range(4)):
        jl(x, "WARN", "portal request for unknown wagon", wagon=f"RQTY {rng.randint(10000, 99999)}-{rng.choice(LETTERS)}", customer=rng.choice(["C0412", "C0177", "C0930"]))

    # pod starts at each rollout
    for when, version, sha in [(DEPLOY_380, "3.8.0", shas["rel_380"]), (ROLLBACK, "3.7.1", shas["rel_371"]), (FIX_DEPLOY, "3.8.1", shas["rel_381"])]:
        for k, pod in enumerate([f"wagontrack-{hexid(rng, 9)[:9]}-{hexid(rng, 5)}", f"wagontrack-{hexid(rng, 9)[:9]}-{hexid(rng, 5)}"]):
            y = secs(when) + 14 + k * 21 + rng.uniform(0, 3)
            jl(y, "INFO", "wagontrack starting", version=version, commit=sha[:8], pod=pod)
            jl(y + 0.4, "INFO", "wcm consumer joined", group="wagontrack", topic="wcm.passages.IBRK", partitions=rng.choice([2, 3]))
            jl(y + 0.5, "INFO", "aei listener ready", addr=":7070")
            jl(y + 0.9, "INFO", "wagon register refreshed", classes=42, wagons=2208)

    # --- Meridian network control --------------------------------------------
    def ncev(x, train, event, location, text, desk="NC West"):
        nc.add(at(x), json.dumps({"ts": iso_local(x, digits=0), "desk": desk, "operator": "IBRK", "train": train, "event": event,
                                  "location": location, "text": text}, ensure_ascii=False))

    for x, code, site, km, direction in passes:
        if site in ("GHP", "ARA", "SVT", "BEN", "CHT", "TLB", "KAL", "BDT", "MRK"):
            desk = "NC North East" if site in ("BEN", "CHT") else ("NC SA" if site in ("TLB", "BDT") else ("NC WA" if site in ("KAL", "MRK") else "NC West"))
            ncev(x + rng.uniform(-40, 40), code, "PASSED", SITE_NAMES[site], f"{code} passed {SITE_NAMES[site]}", desk=desk)
    for code, site, x in departures:
        ncev(x - rng.uniform(120, 240), code, "DEPARTED", "Dynon", f"{code} departed Dynon", desk="NC West" if site == "DYN-W1" else "NC North East")
    for code, site, x in arrivals:
        ncev(x + rng.uniform(300, 500), code, "ARRIVED", "Dynon", f"{code} arrived Dynon", desk="NC West" if site == "DYN-W1" else "NC North East")
    for code, yard, x, who in lodgements:
        ncev(x + rng.uniform(1, 3), code, "CONSIST_LODGED", {"DYN": "Dynon", "ISL": "Islington", "KEW": "Kewdale"}[yard], f"Consist lodged by operator (TCL v3), {code}")
    t = trains["1PM2"]
    ncev(ara_fault + 35, "1PM2", "AXLE_DISCREPANCY", "Ararat HBD", f"Detector count {t['phys'] - 1}, consist {t['lodged']}. Short by one axle; driver reports train complete, rear of train confirmed by EOT. Treat as detector fault pending next detector.")
    ncev(ara_fault + 1390, "1PM2", "AXLE_DISCREPANCY_CLEARED", "Maroona HBD", "Maroona counted the lodged axles. Ararat HBD axle counter fault suspected, wayside maintenance notified.")
    t = trains["2MP9"]
    ncev(L("16:04:10"), "2MP9", "AXLE_DISCREPANCY", "Lara HBD", f"Detector count {t['phys']}, consist {t['lodged']} ({t['phys'] - t['lodged']:+d}). Train to stop at Gheringhap Loop for examination. Operator to confirm train complete and lodge corrected consist.")
    ncev(L("16:14:35"), "2MP9", "STOPPED", "Gheringhap Loop", "2MP9 stopped in loop for examination")
    ncev(L("16:52:10"), "2MP9", "EXAMINATION_COMPLETE", "Gheringhap Loop", f"Driver reports train complete, {t['vehicles']} vehicles, no defects. Consist under query, operator investigating.")
    ncev(L("16:58:02"), "2MP9", "PROCEED", "Gheringhap Loop", "2MP9 authorised to proceed. Corrected consist required before Serviceton.")
    t = trains["7MA2"]
    ncev(L("17:29:30"), "7MA2", "AXLE_DISCREPANCY", "Lara HBD", f"Detector count {t['phys']}, consist {t['lodged']} ({t['phys'] - t['lodged']:+d}). Operator reports consist data fault affecting RQAY wagons, departure AEI read complete. Examination waived by NC West, train may proceed. Consist under query.")
    t = trains["4MB3"]
    x4 = next(m[0] for m in mismatches if m[1] == "4MB3")
    ncev(x4 + 95, "4MB3", "AXLE_DISCREPANCY", "Broadford HBD", f"Detector count {t['phys']}, consist {t['lodged']} ({t['phys'] - t['lodged']:+d}). Known operator consist fault (RQAY). Proceed, consist under query.", desk="NC North East")
    ncev(p29["MRN"] + 70, "2MP9", "HBD_ALARM", "Maroona HBD", f"WARM alarm axle {warm['axle']} R, 71C. Examine at Ararat Loop.")
    ncev(L("18:52:40"), "2MP9", "STOPPED", "Ararat Loop", "2MP9 stopped for bearing examination")
    ncev(L("19:11:20"), "2MP9", "EXAMINATION_COMPLETE", "Ararat Loop", f"Crew found warm bearing on axle {warm['axle']} (counted from the leading loco), within limits. Proceed at 60 km/h to Horsham for assessment.")
    ncev(L("19:12:05"), "2MP9", "PROCEED", "Ararat Loop", "2MP9 authorised to proceed, 60 km/h")
    for code, x in amended.items():
        t = trains[code]
        ncev(x + rng.uniform(20, 60), code, "CONSIST_AMENDED", "TCL", f"Amended consist lodged: {t['lodged_ok']} axles. Axle discrepancy query closed.", desk="NC West" if code != "4MB3" else "NC North East")

    # --- Ironbark Train Control's log -----------------------------------------
    def tcl_(x, desk, train, text):
        tc.add(at(x), f"{iso_local(x, digits=0)} [{desk}] {train} | {text}")

    w6 = stats["warm6"]
    tc_entries = [
        (L("12:41:00"), "TC2", "5MP1", "Crew change Ararat completed, on time"),
        (ara_fault + 80, "TC2", "1PM2", f"Meridian NC: Ararat HBD counted one axle short. Driver confirms EOT armed and train complete. Meridian treating as detector fault"),
        (L("13:10:00"), "TC1", "3MS6", "Departed Dynon 13:05, 44 RKSY, on time"),
        (L("13:59:00"), "TC2", "9AM4", f"Arrived Dynon 13:58, road {roads['9AM4']}"),
        (L("14:40:00"), "TC2", "2MP9", f"Consist lodged 14:38: {trains['2MP9']['wagons']} wagons incl. 10 RQAY (new 3-packs, first run)"),
        (w6[3] + 95, "TC2", "6MA4", f"Meridian: WARM alarm Horsham axle {w6[0]} L. wagontrack: {w6[1]}, vehicle {stats['warm6_entry']}. Crew to examine at Dimboola"),
        (w6[3] + 1900, "TC2", "6MA4", f"Crew examined {w6[1]}: bearing warm to touch, within limits, proceed. Bad order at Islington for bearing change"),
        (L("15:06:00"), "TC1", "2SM1", f"Arrived Dynon 15:05, road {roads['2SM1']}"),
        (L("15:21:00"), "TC2", "2MP9", "Departed Dynon 15:20"),
        (L("16:06:31"), "TC2", "2MP9", f"Meridian NC: axle discrepancy at Lara HBD, lodged {trains['2MP9']['lodged']} counted {trains['2MP9']['phys']}. Stop at Gheringhap Loop for examination. Driver to walk the train. Calling systems on-call"),
        (L("16:07:00"), "TC2", "1PM2", f"Arrived Dynon 16:05, road {roads['1PM2']}"),
        (L("16:53:00"), "TC2", "2MP9", "Driver: train complete, all vehicles present, no defects. 44 min delay"),
        (L("16:46:00"), "TC2", "7MA2", "Departed Dynon 16:45"),
        (L("17:30:40"), "TC2", "7MA2", f"Meridian: axle discrepancy at Lara ({trains['7MA2']['phys'] - trains['7MA2']['lodged']:+d}), examination waived, proceed. Consist under query"),
        (L("17:41:00"), "TC1", "4MB3", "Departed Dynon 17:40"),
        (p29["MRN"] + 120, "TC2", "2MP9", f"Meridian: WARM alarm Maroona axle {warm['axle']} R, 71C. wagontrack: {warm['mapped']}, vehicle {warm['entry']}, axle {warm['mapped_axle']}. Crew to examine at Ararat Loop"),
        (x4 + 160, "TC1", "4MB3", f"Meridian NE: axle discrepancy at Broadford ({trains['4MB3']['phys'] - trains['4MB3']['lodged']:+d}), proceed, consist under query"),
        (L("18:58:30"), "TC2", "2MP9", f"Crew at Ararat Loop: {warm['mapped']} bearings cold. Counting axles from the loco, axle {warm['axle']} is on {warm['wagon']} (wagon {warm['pos'] - 2} behind the locos), warm to touch, within limits"),
        (L("19:12:30"), "TC2", "2MP9", "Proceeding 60 km/h to Horsham for bearing assessment"),
        (L("19:29:00"), "TC2", "2MP9", "Systems: corrected consists lodged for 2MP9, 7MA2, 4MB3 (wagontrack 3.8.1). Meridian query closed"),
        (L("20:05:00"), "TC2", "3PM7", "On time at Ararat"),
    ]
    for x, desk, train_, text in tc_entries:
        tcl_(x, desk, train_, text)

    # --- ingress: the customers' portal API and the yards' handhelds ------------
    def ingress_line(x, method, path, status, rt, upstream, ua, ipaddr):
        t = at(x)
        ingress.add(t, f'{ipaddr} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {rng.randint(180, 4800)} "-" "{ua}" {rng.randint(300, 900)} {rt:.3f} [{upstream}] [] 10.244.{rng.randint(1, 6)}.{rng.randint(2, 250)}:8080 {rng.randint(180, 4800)} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    all_wagons = [num for t in trains.values() for c, num in t["units"] if c != "IB"]
    portal_ua = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                 "python-requests/2.32.3", "IronbarkPortal/2.4 (integration; C0412)"]
    x = t0
    while x < t1:
        x += rng.expovariate(5.5 / 60)
        r = rng.random()
        if r < 0.55:
            path = f"/api/v2/wagons/{rng.choice(all_wagons).replace(' ', '%20')}/location"
        elif r < 0.85:
            path = f"/api/v2/shipments/SH{rng.randint(2600000, 2612999)}"
        else:
            path = f"/api/v2/trains/{rng.choice(list(trains))}/eta"
        status = 200 if rng.random() > 0.01 else 404
        ingress_line(x, "GET", path, status, rng.uniform(0.008, 0.09), "opsys-wagontrack-80", rng.choice(portal_ua),
                     f"{rng.choice([49, 101, 110, 120, 203])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
    for yard_, rate, net in (("DYN", 3.0, 31), ("ISL", 1.6, 32), ("KEW", 1.2, 33)):
        x = t0
        while x < t1:
            x += rng.expovariate(rate / 60)
            status = 201 if rng.random() > 0.004 else 404
            ingress_line(x, "POST", f"/yard/v1/yards/{yard_}/scans", status, rng.uniform(0.01, 0.06), "opsys-wagontrack-80",
                         f"YardHand/5.2.1 (Zebra TC58; Android 13; HH-{rng.randint(11, 48)})", f"10.{net}.{rng.randint(4, 9)}.{rng.randint(2, 250)}")

    # --- Flux ------------------------------------------------------------------
    def fl(x, controller, msg, **kv):
        kind = {"kustomization": ("kustomize.toolkit.fluxcd.io", "Kustomization"), "gitrepository": ("source.toolkit.fluxcd.io", "GitRepository")}[controller]
        body = {"level": "info", "ts": at(x).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at(x).microsecond // 1000:03d}Z", "msg": msg,
                "controller": controller, "controllerGroup": kind[0], "controllerKind": kind[1],
                kind[1]: {"name": "wagontrack", "namespace": "flux-system"}, "namespace": "flux-system", "name": "wagontrack",
                "reconcileID": uuid4(rng)}
        body.update(kv)
        flux.add(at(x), json.dumps(body, separators=(",", ":")))

    revs = [(t0 - 1, shas["rel_371"]), (secs(DEPLOY_380) - 40, shas["rel_380"]), (secs(ROLLBACK) - 30, shas["rollback"]),
            (secs(FIX_DEPLOY) - 35, shas["rel_381"])]
    messages = {shas["rel_380"]: "release 3.8.0", shas["rollback"]: "deploy: pin wagontrack 3.7.1 (rollback of 3.8.0, INC-2291)",
                shas["rel_381"]: "release 3.8.1"}

    def rev_at(x):
        r = revs[0][1]
        for when, sha in revs:
            if when <= x:
                r = sha
        return r

    x = t0 + 217.4
    while x < t1:
        fl(x, "kustomization", f"Reconciliation finished in {rng.uniform(0.9, 2.2):.4f}s, next run in 10m0s", revision=f"production@sha1:{rev_at(x)}")
        x += 600 + rng.uniform(0.01, 0.4)
    for when, sha in revs[1:]:
        when += rng.uniform(0, 0.9)
        fl(when, "gitrepository", f"stored artifact for commit '{messages[sha]}'", revision=f"production@sha1:{sha}")
        fl(when + 38.6, "kustomization", "server-side apply completed", revision=f"production@sha1:{sha}", output={"Deployment/opsys/wagontrack": "configured"})
        fl(when + 39.1, "kustomization", f"Reconciliation finished in {rng.uniform(1.8, 2.6):.4f}s, next run in 10m0s", revision=f"production@sha1:{sha}")

    # --- Slack #opsys-oncall ----------------------------------------------------
    users = {"liam.nguyen": "U04LN2Q7W", "priya.raman": "U03PR8K2D", "dan.whitaker": "U02DW5M1A", "kath.oconnell (fleet)": "U05KO3H9T",
             "sandra.kelly (train control)": "U06SK4J8B", "marco.bellini": "U04MB6R1C", "aroha.ngata": "U05AN1T7P"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "opsys-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    t29, t72, t43 = trains["2MP9"], trains["7MA2"], trains["4MB3"]
    d29, d72, d43 = t29["phys"] - t29["lodged"], t72["phys"] - t72["lodged"], t43["phys"] - t43["lodged"]
    tags29 = "every tag read" if not t29["dep_unread"] else f"{2 * t29['vehicles'] - t29['dep_unread']} of {2 * t29['vehicles']} tags read, every wagon identified"
    say(L("12:52:00"), "sandra.kelly (train control)", "FYI Meridian had Ararat HBD count 1PM2 one axle short at 12:44, train complete per EOT, they think it's their detector (wet rail). no action for us")
    say(L("13:41:00"), "kath.oconnell (fleet)", "reminder: the 24 leased RQAY 3-pack skels (RQAY 00101-00124) are in the register since yesterday 11:20, first ones are loading on 2MP9 today. 8 axles, 4 bogies, 3 platforms, 47.9 m")
    say(L("14:35:00"), "liam.nguyen", "wagontrack 3.8.0 is out (Flux 14:32): HBD-77 alarm notices with the position from the rear, WCM-31 warns on Meridian's axle count mismatches, CON-216 platform masses rounded to 10 kg, YARD-141 road 14, x/net 0.26.0")
    say(L("16:09:40"), "sandra.kelly (train control)", f"@dan.whitaker Meridian NC has 2MP9 stopping at Gheringhap Loop for examination: axle count discrepancy at Lara HBD, consist lodged {t29['lodged']}, detector counted {t29['phys']}. Driver will walk the train (1.7 km). Anything wrong with our consist?")
    say(L("16:14:00"), "dan.whitaker", f"looking. wagontrack has 'track manager reports axle count mismatch' for 2MP9 at LAR, lodged {t29['lodged']} counted {t29['phys']} diff {d29}. that warning is new in 3.8.0 (WCM-31), which went out at 14:32, and 2MP9's consist was lodged at 14:38 by 3.8.0")
    say(L("16:21:00"), "dan.whitaker", f"runbook: a wrong class in the register or a detector miscount. Ararat miscounted 1PM2 earlier but that was 1 axle; this is {d29} at Lara. the register got the RQAY yesterday. @kath.oconnell can you double check the RQAY class in fleetdb?")
    say(L("16:33:00"), "kath.oconnell (fleet)", "RQAY in fleetdb: 8 axles, 4 bogies, 3 platforms, 47900 mm, tare 36900. same as the lessor's datasheet")
    say(L("16:41:00"), "dan.whitaker", f"2MP9's departure read at DYN-W1: {t29['vehicles']} vehicles, {t29['phys']} axles, {tags29}. so the train is complete and {t29['phys']} is right, our lodged {t29['lodged']} is short. 3.8.0 touched the platform split (CON-216 rounding) and the alarm mapping (HBD-77). 7MA2 was lodged at 16:05, also by 3.8.0")
    say(L("16:55:00"), "sandra.kelly (train control)", "2MP9 examined, complete, no defects, 44 min lost. Meridian wants a corrected consist before Serviceton")
    say(L("17:00:30"), "dan.whitaker", "rolling back to 3.7.1 (pinning the tag in deploy/, promote), then re-lodging 7MA2 before it reaches Lara. INC-2291")
    say(L("17:10:00"), "dan.whitaker", f"3.7.1 running on both pods. re-lodged 7MA2 as an amendment: {t72['lodged']} axles, same as 3.8.0 lodged. can't tell yet if that's right")
    say(L("17:32:00"), "sandra.kelly (train control)", f"7MA2 discrepancy at Lara too: lodged {t72['lodged']}, counted {t72['phys']}. NC West waived the examination after I told them it's our data, it's running under query")
    say(L("17:36:00"), "dan.whitaker", "so the rollback didn't change the consist. the warnings have gone from our log with 3.7.1 but Meridian's feed still has the discrepancies. paging @priya.raman (TCL)")
    say(L("17:58:00"), "priya.raman", "here, on the train home. give me 20 min")
    say(L("18:21:00"), "priya.raman", f"2MP9 {d29} short with {t29['rqay']} RQAY, 7MA2 {d72} short with {t72['rqay']} RQAY. 5MP1 and 6MA4 (RRXY 2-packs only) matched at every detector today. 2 axles per RQAY")
    say(L("18:34:00"), "sandra.kelly (train control)", f"another one on 2MP9: WARM alarm at Maroona, axle {warm['axle']} R, 71C. wagontrack says {warm['mapped']} vehicle {warm['entry']} axle {warm['mapped_axle']}. crew examining at Ararat Loop")
    say(x4 + 200, "dan.whitaker", f"4MB3 at Broadford: lodged {t43['lodged']} counted {t43['phys']}, {t43['rqay']} RQAY. lodged at 17:12 by 3.7.1")
    say(L("18:59:30"), "sandra.kelly (train control)", f"crew at Ararat: {warm['mapped']} bearings cold. counting axles from the loco, axle {warm['axle']} is on {warm['wagon']}, {warm['mapped_wagon_pos'] - warm['pos']} wagons ahead of it, warm, within limits")
    say(L("19:02:00"), "priya.raman", f"found it. CON-212 (Tuesday, 3.7.0) lodges an articulated wagon as one entry per platform with Axles: c.Axles / c.Platforms. RRXY 6/2 = 3, fine. RQAY 8/3 = 2 in Go's integer division, so each RQAY goes to Meridian with 6 axles. the 10 RQAY ahead of axle {warm['axle']} are 20 axles short, which is why the alarm mapped {warm['mapped_wagon_pos'] - warm['pos']} wagons back. it's been in since Tuesday, nothing had 3-packs until today")
    say(L("19:06:00"), "liam.nguyen", "mine, sorry. the tests only had an RRXY and a single. 3.8.0 was a red herring then")
    say(L("19:09:00"), "priya.raman", "CON-219: each platform takes its leading bogie, the last one both, so 2+2+4; and the consist isn't lodged if the platforms don't add up to the class. 3.8.1 building")
    say(L("19:28:00"), "priya.raman", f"3.8.1 live at 19:22. amended 2MP9, 7MA2 and 4MB3: {t29['lodged_ok']} / {t72['lodged_ok']} / {t43['lodged_ok']} axles, Meridian has closed the queries")
    say(L("20:29:00"), "sandra.kelly (train control)", "2MP9 matched at Stawell and Horsham, bearing assessed at Horsham, continuing at line speed. 7MA2 and 4MB3 matched too. thanks all")
    return [app, feed, aei, nc, tc, ingress, flux, slack], stats


def build(out_dir):
    rng = random.Random(90100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_mismatch"]).replace(microsecond=0)
        assert local("2026-06-12 16:02:30") < onset < local("2026-06-12 16:03:00"), onset
        culprit_at = local("2026-06-09 10:41:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        tr = stats["trains"]
        t29, t72, t43 = tr["2MP9"], tr["7MA2"], tr["4MB3"]
        warm = stats["warm"]
        return write_scenario(
            out_dir, name="r90-consist-platform-axles", service=SERVICE, onset=onset,
            description=f"""
Ironbark Rail's Melbourne-Perth intermodal 2MP9 is stopped by Meridian
Track's network control at Gheringhap Loop on Friday 12 June 2026: at
16:02 AEST ({onset.strftime('%H:%M:%S')} UTC) Lara's hot box detector counts {t29['phys']} axles where the
lodged consist has {t29['lodged']}, and the crew walks the train. 7MA2 and 4MB3, which
left Dynon later, are short in their consists as well. wagontrack 3.8.0 had
been deployed at 14:32 AEST; it was rolled back to 3.7.1 at 17:03 without
effect. A fix (3.8.1) was deployed at 19:22 and the three consists were
amended at 19:26; the next detectors agreed. Times in the Meridian feed,
network control and Train Control logs are AEST (+10:00).
""",
            logs=logs,
            line_formats={
                "meridian-wcm-feed.log": r'<Time> <System> <Kind> <Site> <Content>',
                "aei-dynon.log": r'<Date> <Time> <Reader> <Level> <Content>',
                "ironbark-train-control.log": r'<Time> \[<Desk>\] <Train> \| <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'axle count discrepancy: consist lodged',
                r'track manager reports axle count mismatch',
            ],
            fix_files=["internal/consist/vehicles.go"],
            explanation=f"""
The culprit is CON-212 ("consist: lodge articulated wagons as one entry per
platform"), committed on Tuesday 9 June at 10:41 AEST and deployed in 3.7.0
that afternoon, {hours:.1f} hours before the onset. For TCL v3 it splits an
articulated wagon into one consist entry per platform and gives each
platform `c.Axles / c.Platforms` axles. The RRXY 2-packs (6 axles, 3 + 3)
come out right, and they are all the articulated wagons Ironbark had until
Thursday, when the fleet team added 24 leased RQAY 3-packs (8 axles on 4
bogies): 8 / 3 is 2 in Go's integer division, so every RQAY is lodged with
6 axles. The first train to carry them, 2MP9 with {t29['rqay']} RQAY, is lodged with
{t29['lodged']} axles; Meridian's detectors count {t29['phys']} ("axle count discrepancy: consist
lodged {t29['lodged']}, detector counted {t29['phys']}" from Lara on, and wagontrack's "track manager
reports axle count mismatch" while 3.8.0 runs), and network control stops
it for examination. 7MA2 ({t72['rqay']} RQAY, {t72['phys'] - t72['lodged']} short) and 4MB3 ({t43['rqay']} RQAY, {t43['phys'] - t43['lodged']} short, lodged by 3.7.1
after the rollback) follow. A warm bearing alarm on 2MP9's axle {warm['axle']} is mapped
from the short consist to {warm['mapped']}, {warm['mapped_wagon_pos'] - warm['pos']} wagons behind the wagon the crew finds
({warm['wagon']}). The fix (CON-219) shares the axles out by bogie (2 + 2 + 4)
and refuses a consist whose platforms do not add up to the class, in the
culprit's file.
Decoys: 3.8.0, deployed 90 minutes before the onset (HBD-77, the position
from the rear in the very alarm mapping; WCM-31, which adds the very "track
manager reports axle count mismatch" warning; CON-216, platform masses
rounded to 10 kg in the culprit's function; YARD-141 and an x/net bump),
rolled back to 3.7.1, which holds the culprit, without effect (the warning
goes, Meridian's discrepancies do not); 3.7.1's REG-44, the wagon register
cached for 10 minutes; Thursday's runbook commit that reads a mismatch as
a wrong class in the register or a detector miscount and says to roll back
after a release; the fleet team's new RQAY register entries, which are
right; Ararat's detector counting 1PM2 one axle short at 12:44 (wet rail, a
real detector fault); a genuine warm bearing on 6MA4 at Horsham, mapped
correctly.
""",
        )
    finally:
        repo.close()
