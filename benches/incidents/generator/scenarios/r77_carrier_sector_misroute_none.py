"""ali-bridge (Go 1.22, log/slog JSON; a systemd service on two RHEL 9 VMs
in the 911 centre's server room, released by a manual GitLab CI job that
runs Ansible in the change board's nightly window, 04:00-05:00 Central;
the same four-person systems team in the county's IT department, UTC-5 in
summer) of Tamarack County Emergency Communications (TCEC), the county's
911 centre. ali-bridge takes the ALI spill the Vantage 911 phone system
sends for every answered 911 call (NENA fixed layout: callback number,
class of service, for a wireless call the carrier's pseudo-ANI (ESRK) and
the cell site and sector that ESRK stands for, later the Phase II fix from
a rebid) and turns it into the location of the CAD call in Halden CAD 9.
A long-standing check (CAD-904, 2024) warns when a wireless Phase II fix is
more than 5 km from the cell site the ALI record names: a sign of a bad
fix, so the call-taker confirms the location by voice.

Wireless 911 calls are routed by the carrier: each sector of each cell
site has ESRKs provisioned to one PSAP (through the selective router), and
the ALI database holds, for each ESRK, that sector's site and address.
Cordia Wireless' site TAM-0042 "Harmon Gap", 4.5 km inside the county's
east line, has ESRKs 615-555-0141/0142/0143 for its sectors A, B and C,
routed to TCEC.

Thursday 10 September 2026. Overnight Cordia replaces the equipment of
its site BRN-0117 "Pike Ridge" in Brannock County, 11 km east of Harmon
Gap, beside Interstate 67; its maintenance notice said no 911 impact. The
site comes back on air at 10:52 UTC (05:52 Central), but in the rehome
the sectors 2 and 3 of BRN-0117 were provisioned with the ESRKs of
TAM-0042's sectors B and C: every 911 call from those sectors, the
interstate from mile 119 to mile 130, reaches TCEC with an ALI record for
Harmon Gap. The first arrives at 11:2x UTC; call-takers hear "I-67
eastbound at mile 12x", transfer the caller to Brannock County's ECC
(*82) and think of it as a border call. ali-bridge warns for each one
that the fix is 7-15 km from the cell site in the ALI record.

At 12:47 UTC a multi-vehicle pileup in fog at mile 126 eastbound brings
dozens of 911 calls within minutes, nearly all of them to TCEC; each
takes a call-taker two to four minutes to locate and transfer while
Brannock's lines are busy with the rest; TCEC's own 911 calls wait in the
queue (answer times over a minute, abandoned calls called back).

At 09:24 UTC Priya had deployed ali-bridge 4.15.0 in the window: CAD-1231
asks for the Phase II rebid 20 s after answer (call-takers did it by
hand), the very step that plots the interstate callers; CAD-1234 adds the
very "wireless location outside county boundary" warning that fills the
log; CAD-1229 replaces the county boundary with the GIS office's August
survey, the very polygon of that check; Dependabot's orb 0.11.2, the
geometry library. The runbook (Tuesday) reads out-of-county wireless
locations as bad Phase II fixes or a boundary error and says to roll
back after a release. The supervisors, seeing CAD plot call after call
outside the county, suspect the new rebid and boundary; the change board
approves a rollback to 4.14.2 (13:22 UTC): the warning stops, the calls
do not, and call-takers rebid by hand again. Gloria, the 911 coordinator,
sees that every one of them carries pANI 615-555-0142 or -0143, that
ali-bridge's far-from-site warnings put the fixes 7-15 km east of Harmon
Gap, and that before 05:52 those ESRKs only ever came from within 4 km of
it; Brannock's supervisor says they get few of the pileup's calls. She
opens a trouble ticket with Cordia's E911 NOC (13:41), which finds the
BRN-0117 provisioning and re-routes the two sectors to Brannock with new
ESRKs at 14:19 UTC; from 14:21 the interstate's calls go to Brannock.
4.15.0 goes back in Friday's window; nothing in ali-bridge is changed.

Sources: ali-bridge (slog JSON), the Vantage 911 phone system's call
records and queue statistics (line format), Halden CAD's interface journal
(pipe separated, line format), the GitLab deploy jobs (runner timestamps),
#tcec-911-ops (Teams export, JSON lines), the carrier trouble tickets
(ServiceNow vendor tickets, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "ali-bridge"
START, END = utc("2026-09-10 09:00:00"), utc("2026-09-10 15:30:00")
DEPLOY = utc("2026-09-10 09:24:10")      # ali-bridge 4.15.0 on alibridge-01
SITE_BACK = utc("2026-09-10 10:52:00")   # BRN-0117 back on air, misprovisioned
PILEUP = utc("2026-09-10 12:47:20")
ROLLBACK = utc("2026-09-10 13:22:40")    # ali-bridge 4.14.2 again
TICKET = utc("2026-09-10 13:41:00")
REROUTED = utc("2026-09-10 14:19:30")    # Cordia re-routes sectors 2 and 3 of BRN-0117
CDT = dt.timedelta(hours=-5)

HARMON = (36.2318, -86.2103)             # TAM-0042 Harmon Gap
PIKE = (36.2402, -86.0887)               # BRN-0117 Pike Ridge
COUNTY_EAST_LON = -86.160

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module gitlab.tcec.local/systems/ali-bridge

go 1.22

require (
	github.com/paulmach/orb v0.11.1
	github.com/prometheus/client_golang v1.20.2
	gopkg.in/yaml.v3 v3.0.1
)
"""

CONFIG = """# ali-bridge production configuration (alibridge-01 / alibridge-02)
vantage:
  # one TCP stream of ALI spills per answering position
  positions: [CT01, CT02, CT03, CT04, CT05, CT06, CT07, CT08]
  listen: 0.0.0.0:5020
cad:
  intake_api: https://halden-cad-app01.tcec.local:8443/intake/v2
rebid:
  # manual: the call-taker presses REBID; Vantage sends a new spill
  mode: manual
geo:
  boundary: gis/county_boundary.geojson
  site_check_km: 5
"""

SPILL = """package ali

import (
	"fmt"
	"strconv"
	"strings"
)

// Spill is one ALI record from Vantage in the NENA fixed layout.
type Spill struct {
	Position  string
	Callback  string
	COS       string // RESD, BUSN, VOIP, WPH1, WPH2, ...
	PANI      string // ESRK for wireless calls
	ESN       int
	Carrier   string
	Site      string // cell site id from the ALI record (wireless)
	Sector    string
	SiteLat   float64
	SiteLon   float64
	Lat, Lon  float64 // Phase II fix (WPH2)
	UncM      int
	Address   string
	IsRebid   bool
}

// Parse reads the 512-byte spill; fields are fixed columns (see docs/vantage-spill.md).
func Parse(pos string, raw []byte) (*Spill, error) {
	if len(raw) < 512 {
		return nil, fmt.Errorf("short spill from %s: %d bytes", pos, len(raw))
	}
	field := func(a, b int) string { return strings.TrimSpace(string(raw[a:b])) }
	s := &Spill{Position: pos, Callback: field(0, 10), COS: field(14, 18), PANI: field(20, 30), Carrier: field(64, 80)}
	s.ESN, _ = strconv.Atoi(field(34, 38))
	if strings.HasPrefix(s.COS, "WPH") {
		s.Site, s.Sector = field(96, 104), field(104, 106)
		s.SiteLat, _ = strconv.ParseFloat(field(140, 150), 64)
		s.SiteLon, _ = strconv.ParseFloat(field(150, 161), 64)
	}
	if s.COS == "WPH2" {
		s.Lat, _ = strconv.ParseFloat(field(170, 180), 64)
		s.Lon, _ = strconv.ParseFloat(field(180, 191), 64)
		s.UncM, _ = strconv.Atoi(field(191, 197))
	} else {
		s.Address = field(200, 280)
	}
	return s, nil
}
"""

SITECHECK = """package geo

import "math"

// FarFromSite reports whether a Phase II fix is more than limitKm from the
// cell site named in the ALI record (CAD-904): usually a poor fix, so the
// call-taker confirms the location by voice.
func FarFromSite(siteLat, siteLon, lat, lon, limitKm float64) (float64, bool) {
	km := Haversine(siteLat, siteLon, lat, lon)
	return km, km > limitKm
}

func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	dLat := (lat2 - lat1) * math.Pi / 180
	dLon := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*math.Pi/180)*math.Cos(lat2*math.Pi/180)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}
"""

BOUNDARY = """package geo

import (
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// Boundary is the county polygon from the GIS office.
type Boundary struct{ poly orb.Polygon }

func LoadBoundary(path string) (*Boundary, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, err
	}
	return &Boundary{poly: fc.Features[0].Geometry.(orb.Polygon)}, nil
}

func (b *Boundary) Contains(lat, lon float64) bool {
	return planar.PolygonContains(b.poly, orb.Point{lon, lat})
}
"""

HANDLER = """package ali

import (
	"context"
	"log/slog"
	"math"
	"strings"

	"gitlab.tcec.local/systems/ali-bridge/internal/cad"
	"gitlab.tcec.local/systems/ali-bridge/internal/geo"
)

type Handler struct {
	CAD     *cad.Client
	Log     *slog.Logger
	SiteKm  float64
	Bounds  *geo.Boundary
}

func (h *Handler) OnSpill(ctx context.Context, s *Spill) error {
	h.Log.Info("ali spill", "pos", s.Position, "cos", s.COS, "pani", s.PANI, "esn", s.ESN, "carrier", s.Carrier, "site", s.Site, "sector", s.Sector, "rebid", s.IsRebid)
	if s.COS == "WPH2" {
		if km, far := geo.FarFromSite(s.SiteLat, s.SiteLon, s.Lat, s.Lon, h.SiteKm); far {
			h.Log.Warn("wireless fix far from the cell site in the ALI record", "pos", s.Position, "pani", s.PANI, "site", s.Site, "sector", s.Sector, "km", round1(km), "unc_m", s.UncM)
		}
	}
	plot, err := h.CAD.Locate(ctx, s.Position, s.Callback, s.location())
	if err != nil {
		h.Log.Error("cad locate failed", "pos", s.Position, "err", err)
		return err
	}
	h.Log.Info("cad call located", "pos", s.Position, "call", plot.CallID, "plot", plot.Kind)
	return nil
}

// location is what CAD plots: the Phase II fix, the cell site and sector
// for Phase I, or the civic address.
func (s *Spill) location() cad.Location {
	switch {
	case s.COS == "WPH2":
		return cad.Location{Kind: "PHASE2", Lat: s.Lat, Lon: s.Lon, UncM: s.UncM}
	case strings.HasPrefix(s.COS, "WPH"):
		return cad.Location{Kind: "PHASE1", Lat: s.SiteLat, Lon: s.SiteLon, Text: s.Site + " SECTOR " + s.Sector}
	default:
		return cad.Location{Kind: "CIVIC", Text: s.Address}
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
"""

CAD_CLIENT = """package cad

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Client calls Halden CAD's intake API (v2) with the county's client certificate.
type Client struct {
	BaseURL string
	HTTP    *http.Client
}

type Location struct {
	Kind     string  `json:"kind"` // CIVIC, PHASE1, PHASE2
	Lat, Lon float64 `json:"lat,omitempty"`
	UncM     int     `json:"unc_m,omitempty"`
	Text     string  `json:"text,omitempty"`
}

type Plot struct {
	CallID string `json:"call_id"`
	Kind   string `json:"kind"`
}

// Locate sets the location of the call the position has answered.
func (c *Client) Locate(ctx context.Context, position, callback string, loc Location) (*Plot, error) {
	body, _ := json.Marshal(map[string]any{"position": position, "callback": callback, "location": loc})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/calls/locate", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("intake api: %s", resp.Status)
	}
	var plot Plot
	return &plot, json.NewDecoder(resp.Body).Decode(&plot)
}
"""

MAIN = """package main

import (
	"log/slog"
	"os"

	"gitlab.tcec.local/systems/ali-bridge/internal/app"
)

var version = "dev"
var commit = "none"

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	log.Info("ali-bridge starting", "version", version, "commit", commit)
	if err := app.Run(os.Getenv("ALI_BRIDGE_CONFIG"), log); err != nil {
		log.Error("ali-bridge stopped", "err", err)
		os.Exit(1)
	}
}
"""

SPILL_TEST = """package ali

import "testing"

func TestParseWPH1(t *testing.T) {
	raw := fixture(t, "wph1_harmon_gap.txt")
	s, err := Parse("CT01", raw)
	if err != nil {
		t.Fatal(err)
	}
	if s.COS != "WPH1" || s.Site != "TAM-0042" || s.Sector != "B" {
		t.Fatalf("got %+v", s)
	}
}
"""

RUNBOOK = """# ali-bridge runbook

Owner: TCEC systems. Vantage questions: the 911 coordinator (Gloria Fenn).

## No spills from a position

The position's ALI stream from Vantage is down: "cpe links" shows fewer
than the staffed positions. Restart the position's ALI controller port in
the Vantage admin tool; CAD calls of that position get no location until
then, the call-taker types it in.

## CAD intake API errors

Halden CAD's intake API is down or slow: ali-bridge retries for 60 s and
then drops the location. Call Halden support (24/7) and tell the floor.
"""

RUNBOOK_OOC = """
## Wireless locations outside the county

A wireless caller's Phase II fix outside the county boundary is almost
always one of:

- a poor fix (uncertainty over 300 m, or a fix far from the cell site in
  the ALI record): rebid once and confirm the location by voice;
- a boundary data error after a GIS update (`gis/county_boundary.geojson`).

Border calls are normal near the county lines: transfer the caller to the
neighbouring PSAP (*82 Brannock ECC, *83 Wilcox County 911).

If many appear after an ali-bridge release, roll back first (GitLab >
ali-bridge > Deployments, redeploy the previous tag, with the change
board's emergency approval) and tell the floor supervisor.
"""

GITLAB_CI = """stages: [test, deploy]

test:
  image: golang:1.22
  script:
    - go vet ./...
    - go test ./...

deploy-production:
  stage: deploy
  when: manual
  tags: [tcec-deploy]
  script:
    - ansible-playbook -i deploy/inventory.ini deploy/site.yml -e ali_bridge_ref=$CI_COMMIT_REF_NAME -e ali_bridge_commit=$CI_COMMIT_SHORT_SHA
"""


def polygon(source, points):
    coords = ",\n      ".join(f"[{lon:.4f}, {lat:.4f}]" for lat, lon in points)
    return ('{"type": "FeatureCollection", "features": [{"type": "Feature",\n'
            f'  "properties": {{"name": "Tamarack County", "fips": "47199", "source": "{source}"}},\n'
            '  "geometry": {"type": "Polygon", "coordinates": [[\n'
            f"      {coords}\n"
            "  ]]}}]}\n")


BOUNDARY_OLD = [(36.4431, -86.7488), (36.4402, -86.5120), (36.4389, -86.3311), (36.4210, -86.1608), (36.3120, -86.1597),
                (36.2201, -86.1602), (36.1135, -86.1611), (36.0212, -86.1655), (36.0180, -86.3470), (36.0221, -86.5502),
                (36.0507, -86.7021), (36.1933, -86.7532), (36.3351, -86.7610), (36.4431, -86.7488)]
BOUNDARY_NEW = [(36.4431, -86.7488), (36.4402, -86.5120), (36.4389, -86.3311), (36.4210, -86.1608), (36.3120, -86.1597),
                (36.2201, -86.1602), (36.1135, -86.1611), (36.0212, -86.1655), (36.0196, -86.2580), (36.0180, -86.3470),
                (36.0221, -86.5502), (36.0398, -86.6240), (36.0507, -86.7021), (36.1933, -86.7532), (36.3351, -86.7610),
                (36.4431, -86.7488)]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    keisha = Person("Keisha Ortiz", "keisha.ortiz@tamarackcounty.gov", -300)
    marcus = Person("Marcus Bell", "marcus.bell@tamarackcounty.gov", -300)
    priya = Person("Priya Raman", "priya.raman@tamarackcounty.gov", -300)
    dana = Person("Dana Whitfield", "dana.whitfield@tamarackcounty.gov", -300)
    bot = Person("dependabot[bot]", "dependabot@gitlab.tcec.local", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/ali-bridge/main.go": MAIN,
        "internal/ali/spill.go": SPILL.replace("COS: field(14, 18)", "COS: field(14, 17)"),
        "internal/ali/handler.go": HANDLER,
        "internal/ali/spill_test.go": SPILL_TEST,
        "internal/geo/sitecheck.go": SITECHECK,
        "internal/geo/boundary.go": BOUNDARY,
        "internal/cad/client.go": CAD_CLIENT,
        "gis/county_boundary.geojson": polygon("TC GIS 2019-03", BOUNDARY_OLD),
        "config/production.yaml": CONFIG,
        "deploy/site.yml": "- hosts: ali_bridge\n  become: true\n  serial: 1\n  tasks:\n    - name: binary\n      get_url:\n        url: \"https://gitlab.tcec.local/systems/ali-bridge/-/releases/{{ ali_bridge_ref }}/downloads/ali-bridge-linux-amd64\"\n        dest: /opt/ali-bridge/ali-bridge\n        mode: \"0755\"\n    - name: configuration\n      copy:\n        src: ../config/\n        dest: /etc/ali-bridge/\n    - name: boundary\n      copy:\n        src: ../gis/\n        dest: /etc/ali-bridge/gis/\n    - name: restart\n      systemd:\n        name: ali-bridge\n        state: restarted\n",
        "deploy/inventory.ini": "[ali_bridge]\nalibridge-02.tcec.local\nalibridge-01.tcec.local\n",
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# ali-bridge\n\nALI spills from the Vantage 911 phone system into the location of the\nHalden CAD call: civic addresses, wireless Phase I (cell site and sector)\nand Phase II (rebid) fixes, with a check of each fix against the cell\nsite and the county boundary.\n\nDeployed with the manual `deploy-production` job in GitLab in the change\nboard's nightly window (04:00-05:00 Central). See `docs/runbook.md`.\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.14.1\n\n- CAD-1211 cad: retry the intake API for 60 s\n",
    }
    repo.commit(utc("2026-09-01 15:00:00"), priya, "ali-bridge 4.14.1", files)
    crng = random.Random(77292)
    repo.schedule(chores(crng, SERVICE, [marcus, dana], utc("2026-09-01 16:00:00"), utc("2026-09-04 20:00:00"), 2)
                  + chores(crng, SERVICE, [keisha, marcus], utc("2026-09-07 13:00:00"), utc("2026-09-09 20:00:00"), 1))
    repo.commit(utc("2026-09-02 19:40:00"), marcus, "ali: class of service from the Vantage 7 spill layout (CAD-1219)\n\nVantage 7.3 moved the COS into columns 14-18; the old parser read\n'WPH' and dropped the digit for a day on the test system.", {
        "internal/ali/spill.go": sub(repo.files["internal/ali/spill.go"], "COS: field(14, 17)", "COS: field(14, 18)"),
        "docs/vantage-spill.md": "# Vantage 7 ALI spill (NENA fixed layout, 512 bytes)\n\n| columns | field |\n|---|---|\n| 0-10 | callback number |\n| 14-18 | class of service |\n| 20-30 | pANI / ESRK |\n| 34-38 | ESN |\n| 64-80 | carrier |\n| 96-104 | cell site id |\n| 104-106 | sector |\n| 140-161 | cell site lat, lon |\n| 170-197 | Phase II lat, lon, uncertainty (m) |\n| 200-280 | civic address |\n",
    })
    rel4142 = repo.commit(utc("2026-09-03 20:10:00"), priya, "release 4.14.2", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.14.2\n\n- CAD-1219 class of service from the Vantage 7 layout\n"),
    })
    repo.commit(utc("2026-09-08 16:10:00"), marcus, "gis: county boundary from the GIS office's August survey (CAD-1229)\n\nThe 2019 polygon cut the Caney Fork bend in the south-west; two addresses\non Caney Fork Rd plotted outside the county.", {
        "gis/county_boundary.geojson": polygon("TC GIS 2026-08", BOUNDARY_NEW),
    })
    repo.commit(utc("2026-09-08 19:30:00"), priya, "runbook: wireless locations outside the county", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_OOC,
    })
    repo.commit(utc("2026-09-09 14:20:00"), keisha, "rebid: ask Vantage for Phase II 20 s after answer for WPH1 calls (CAD-1231)\n\nCall-takers forget to press REBID on busy nights; most carriers have the\nPhase II fix 15-20 s after the call is delivered.", {
        "internal/ali/rebid.go": "package ali\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\n// AutoRebid asks Vantage for a rebid of a WPH1 call after delay (CAD-1231).\nfunc (h *Handler) AutoRebid(ctx context.Context, s *Spill, delay time.Duration, rebid func(pos string) error) {\n\tif s.COS != \"WPH1\" || s.IsRebid {\n\t\treturn\n\t}\n\ttime.AfterFunc(delay, func() {\n\t\th.Log.Info(\"rebid requested\", \"pos\", s.Position, \"pani\", s.PANI, \"source\", \"auto\")\n\t\tif err := rebid(s.Position); err != nil {\n\t\t\th.Log.Warn(\"rebid failed\", \"pos\", s.Position, \"err\", err)\n\t\t}\n\t})\n}\n",
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  # manual: the call-taker presses REBID; Vantage sends a new spill\n  mode: manual\n",
                                      "  # auto: ali-bridge asks Vantage for a rebid of a WPH1 call after delay\n  # (CAD-1231); the call-taker can still press REBID\n  mode: auto\n  delay: 20s\n"),
    })
    repo.commit(utc("2026-09-09 16:45:00"), keisha, "geo: warn when a wireless fix is outside the county boundary (CAD-1234)\n\nThe floor wants to see out-of-county wireless calls in the log for the\nmonthly transfer report.", {
        "internal/ali/handler.go": sub(repo.files["internal/ali/handler.go"],
                                       "\tplot, err := h.CAD.Locate(",
                                       "\tif s.COS == \"WPH2\" && h.Bounds != nil && !h.Bounds.Contains(s.Lat, s.Lon) {\n\t\th.Log.Warn(\"wireless location outside county boundary\", \"pos\", s.Position, \"pani\", s.PANI, \"lat\", s.Lat, \"lon\", s.Lon, \"unc_m\", s.UncM)\n\t}\n\tplot, err := h.CAD.Locate("),
    })
    repo.commit(utc("2026-09-09 21:00:00"), bot, "Bump github.com/paulmach/orb from 0.11.1 to 0.11.2", {
        "go.mod": sub(repo.files["go.mod"], "github.com/paulmach/orb v0.11.1", "github.com/paulmach/orb v0.11.2"),
    })
    rel4150 = repo.commit(utc("2026-09-10 08:58:00"), priya, "release 4.15.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.15.0\n\n- CAD-1231 automatic Phase II rebid 20 s after answer\n- CAD-1234 warning for wireless fixes outside the county\n- CAD-1229 county boundary from GIS 2026-08\n- orb 0.11.2\n"),
    })
    repo.commit(utc("2026-09-10 15:05:00"), priya, "runbook: misrouted wireless calls are the carrier's", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nMany callers somewhere else while the ALI names one of our cell sites is\na carrier routing error, not ali-bridge: compare the pANI (ESRK) with the\ncarrier's site list, look for \"wireless fix far from the cell site in\nthe ALI record\", and have the 911 coordinator call the carrier's E911\nNOC (10 September: Cordia BRN-0117 with TAM-0042's ESRKs).\n",
    })
    return repo, {"rel4142": rel4142, "rel4150": rel4150}


# ---------------------------------------------------------------------------
# the logs

CORDIA_SITES = {  # site: (lat, lon, sectors {sector: pani})
    "TAM-0011": (36.1622, -86.5104, {"A": "6155550111", "B": "6155550112", "C": "6155550113"}),
    "TAM-0017": (36.2875, -86.6170, {"A": "6155550171", "B": "6155550172", "C": "6155550173"}),
    "TAM-0023": (36.0944, -86.3921, {"A": "6155550231", "B": "6155550232", "C": "6155550233"}),
    "TAM-0031": (36.3702, -86.4388, {"A": "6155550311", "B": "6155550312", "C": "6155550313"}),
    "TAM-0042": (36.2318, -86.2103, {"A": "6155550141", "B": "6155550142", "C": "6155550143"}),
    "TAM-0058": (36.2120, -86.3355, {"A": "6155550581", "B": "6155550582", "C": "6155550583"}),
}
OTHER_SITES = {
    "RM-4471": (36.1830, -86.4620, "RIDGELINE MOBILE", "6155551471"),
    "RM-4480": (36.3310, -86.2850, "RIDGELINE MOBILE", "6155551480"),
    "TS-22019": (36.1205, -86.6010, "TRISTAR WIRELESS", "6155552019"),
    "TS-22031": (36.2702, -86.5020, "TRISTAR WIRELESS", "6155552031"),
}
STREETS = ["N MAPLE ST", "E CHURCH ST", "HARMON GAP RD", "OLD HICKORY BLVD", "S JEFFERSON ST", "LEBANON PIKE", "CEDAR BLUFF RD",
           "W MAIN ST", "FOUNTAIN AVE", "HIGHWAY 46", "RIVERSIDE DR", "BELL RD", "TULIP GROVE LN", "MILL CREEK PKWY", "OAKWOOD AVE"]
LOCAL_TYPES = [("S", "TRAFFIC HAZARD"), ("S", "SUSPICIOUS PERSON"), ("F", "SICK PERSON"), ("F", "FALL"), ("F", "BREATHING PROBLEM"),
               ("S", "DISTURBANCE"), ("M", "THEFT"), ("M", "ALARM BURGLARY"), ("F", "MVC WITH INJURIES"), ("S", "MVC NO INJURIES"),
               ("F", "CHEST PAIN"), ("S", "DOMESTIC"), ("F", "FIRE ALARM RESIDENTIAL"), ("S", "WELFARE CHECK")]


def km_between(a, b):
    lat1, lon1 = a
    lat2, lon2 = b
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def go_time(t):
    frac = f"{t.microsecond * 1000 + (t.microsecond * 7919) % 1000:09d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def local(t):
    return (t + CDT).strftime("%H:%M")


def build_logs(rng, shas):
    ali = Log("ali-bridge.log")
    cpe = Log("vantage-cpe.log")
    cad = Log("halden-cad-journal.log")
    deploy = Log("gitlab-deploy.log")
    chat = Log("teams-tcec-911-ops.log")
    tickets = Log("carrier-tickets.log")
    stats = {"misrouted": [], "abandoned": [], "far": [], "ooc": [], "local_waits": []}

    def version(t):
        return "4.15.0" if DEPLOY <= t < ROLLBACK else "4.14.2"

    def alog(t, level, msg, **attrs):
        if START <= t < END:
            body = {"time": go_time(t), "level": level, "msg": msg}
            body.update(attrs)
            ali.add(t, json.dumps(body, separators=(",", ":")))

    def clog(t, host, kind, call, msg):
        if START <= t < END:
            cpe.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {host} {kind:<4} {call:<9} {msg}")

    def jlog(t, ref, msg):
        if START <= t < END:
            cad.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} | {ref:<10} | {msg}")

    # ---- ali-bridge starts (deploy, rollback) and the deploy jobs
    def start(t, ver, sha):
        alog(t - dt.timedelta(seconds=1.2), "INFO", "ali-bridge stopping", signal="terminated")
        alog(t, "INFO", "ali-bridge starting", version=ver, commit=sha[:8])
        alog(t + dt.timedelta(milliseconds=40), "INFO", "config loaded", path="/etc/ali-bridge/production.yaml", rebid="auto" if ver == "4.15.0" else "manual", site_check_km=5)
        alog(t + dt.timedelta(milliseconds=75), "INFO", "county boundary loaded", path="/etc/ali-bridge/gis/county_boundary.geojson",
             source="TC GIS 2026-08" if ver == "4.15.0" else "TC GIS 2019-03", vertices=16 if ver == "4.15.0" else 14)
        alog(t + dt.timedelta(milliseconds=300), "INFO", "cad intake api reachable", url="https://halden-cad-app01.tcec.local:8443/intake/v2", ms=rng.randint(8, 30))
        for k in range(8):
            alog(t + dt.timedelta(milliseconds=600 + 35 * k), "INFO", "vantage position connected", pos=f"CT0{k + 1}", peer=f"10.20.6.{31 + k}:4{k + 1}01")

    start(DEPLOY, "4.15.0", shas["rel4150"])
    start(ROLLBACK, "4.14.2", shas["rel4142"])

    def job(at, number, ref, sha):
        lines = [(0, f"Running with gitlab-runner 17.2.1 (3a5c2b0e) on tcec-deploy-01 job {number}"),
                 (1, f"Triggered by priya.raman: manual job deploy-production, ref {ref}, commit {sha}"),
                 (3, f"Checking out {sha[:8]} as detached HEAD (ref is {ref})..."),
                 (5, f"$ ansible-playbook -i deploy/inventory.ini deploy/site.yml -e ali_bridge_ref={ref} -e ali_bridge_commit={sha[:8]}"),
                 (8, "PLAY [ali_bridge] **************************************************************")]
        off = 9
        for host in ("alibridge-02.tcec.local", "alibridge-01.tcec.local"):
            for task in ("binary", "configuration", "boundary", "restart"):
                lines.append((off, f"TASK [{task}] " + "*" * (75 - len(task))))
                off += 2.5 if task != "binary" else 6
                lines.append((off, f"changed: [{host}]"))
                off += 0.5
        lines += [(off + 1, "PLAY RECAP *********************************************************************"),
                  (off + 1.1, "alibridge-01.tcec.local    : ok=4    changed=4    unreachable=0    failed=0"),
                  (off + 1.2, "alibridge-02.tcec.local    : ok=4    changed=4    unreachable=0    failed=0"),
                  (off + 2, "Job succeeded")]
        return lines

    for at, number, ref, sha in ((DEPLOY, 41102, "v4.15.0", shas["rel4150"]), (ROLLBACK, 41177, "v4.14.2", shas["rel4142"])):
        lines = job(at, number, ref, sha)
        restart_off = [o for o, text in lines if text.startswith("changed: [alibridge-01")][-1]
        base = at - dt.timedelta(seconds=restart_off)
        for off, text in lines:
            t = base + dt.timedelta(seconds=off)
            deploy.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z 00O {text}")

    # ---- the calls
    def local_rate(t):
        h = (t + CDT).hour
        return {4: 10, 5: 12, 6: 20, 7: 30, 8: 34, 9: 36, 10: 36}.get(h, 36)

    calls = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(36 / 3600))
        if t >= END:
            break
        if rng.random() < local_rate(t) / 36:
            calls.append({"t": t, "kind": "local", "id": len(calls)})
    # legitimate border calls (the Brannock and Wilcox lines), a few a morning
    for at in ("2026-09-10 09:47:12", "2026-09-10 10:31:40", "2026-09-10 14:52:05"):
        calls.append({"t": utc(at), "kind": "border"})
    # a poor Phase II fix (the reason for the site check), before the carrier's change
    calls.append({"t": utc("2026-09-10 10:08:33"), "kind": "badfix"})

    # the misrouted sectors: commuters on I-67 from 05:52 Central, the pileup, the queue behind it
    def mis_rate(t):
        if t < PILEUP:
            m = (t + CDT).hour * 60 + (t + CDT).minute
            return 1.5 if m < 6 * 60 + 30 else 3.5
        s = (t - PILEUP).total_seconds()
        if s < 720:
            return 300.0
        if s < 1500:
            return 90.0
        if s < 3000:
            return 20.0
        return 7.0

    t = SITE_BACK
    while True:
        t += dt.timedelta(seconds=rng.expovariate(300 / 3600))
        if t >= REROUTED:
            break
        if rng.random() < mis_rate(t) / 300:
            calls.append({"t": t, "kind": "mis", "pileup": t >= PILEUP, "id": len(calls)})
    calls.sort(key=lambda c: c["t"])

    def staffed(t):
        return 4 if (t + CDT).hour < 7 else 6

    free = {f"CT0{k}": START - dt.timedelta(minutes=5) for k in range(1, 9)}
    seq = [410]
    queue_samples = []  # (answered_at, arrival) for metrics
    inc_no = {"F": 41702, "S": 88977, "M": 51491}
    brannock_busy_until = [START]

    def mile_point(mile):
        # I-67 in Brannock County: mile 119 at the county line to mile 130
        f = (mile - 119) / 11
        return (36.2205 + 0.0420 * f + rng.uniform(-0.0015, 0.0015), -86.1420 + 0.1250 * f + rng.uniform(-0.0015, 0.0015))

    pending = list(calls)
    k = 0
    while k < len(pending):
        c = pending[k]
        k += 1
        arrive = c["t"]
        if c["kind"] == "mis" and arrive >= REROUTED:
            continue  # the redial goes to Brannock now
        seq[0] += 1
        cid = f"0910-{seq[0]:04d}"
        c["cid"] = cid
        n = staffed(arrive)
        positions = [f"CT0{i}" for i in range(1, n + 1)]
        pos = min(positions, key=lambda p: (free[p], p))
        answer = max(arrive + dt.timedelta(seconds=rng.uniform(2, 6)), free[pos] + dt.timedelta(seconds=rng.uniform(1, 4)))
        wait = (answer - arrive).total_seconds()
        kind = c["kind"]
        # the caller's number, ESRK and what ALI says
        cbn = f"615{rng.randint(200, 989)}{rng.randint(1000, 9999)}"
        if kind == "mis":
            sector = rng.choice(["B", "B", "C"])
            site = "TAM-0042"
            pani = CORDIA_SITES[site][2][sector]
            carrier = "CORDIA WIRELESS"
            mile = 126 + rng.uniform(-0.6, 0.4) if c.get("pileup") and rng.random() < 0.8 else rng.uniform(119.2, 129.8)
            fix = mile_point(mile)
            cos = "WPH1" if rng.random() < 0.8 else "WPH2"
        elif kind == "border":
            site, sector = "TAM-0042", "B"
            pani = CORDIA_SITES[site][2][sector]
            carrier = "CORDIA WIRELESS"
            base = CORDIA_SITES[site]
            fix = (base[0] + rng.uniform(-0.004, 0.004), base[1] + rng.uniform(0.0520, 0.0540))
            cos = "WPH2"
            mile = None
        elif kind == "badfix":
            site, sector = "TAM-0011", "C"
            pani = CORDIA_SITES[site][2][sector]
            carrier = "CORDIA WIRELESS"
            base = CORDIA_SITES[site]
            fix = (base[0] + 0.052, base[1] - 0.041)
            cos = "WPH2"
            mile = None
        else:
            r = rng.random()
            mile = None
            if r < 0.7:
                if rng.random() < 0.7:
                    site = rng.choice(sorted(CORDIA_SITES))
                    sector = rng.choice("ABC")
                    pani = CORDIA_SITES[site][2][sector]
                    base = CORDIA_SITES[site][:2]
                    carrier = "CORDIA WIRELESS"
                else:
                    site = rng.choice(sorted(OTHER_SITES))
                    sector = rng.choice(["1", "2", "3"])
                    base = OTHER_SITES[site][:2]
                    carrier = OTHER_SITES[site][2]
                    pani = OTHER_SITES[site][3][:-1] + sector
                fix = (base[0] + rng.uniform(-0.025, 0.025), base[1] + rng.uniform(-0.03, 0.03))
                if site == "TAM-0042":
                    fix = (fix[0], min(fix[1], COUNTY_EAST_LON - 0.004))
                cos = "WPH1" if rng.random() < 0.3 else "WPH2"
            else:
                site, sector, pani, carrier, fix = None, None, cbn, rng.choice(["TAMARACK TEL", "TAMARACK TEL", "COMCAST VOIP"]), None
                cos = rng.choice(["RESD", "RESD", "BUSN", "VOIP"])
        # abandoned while queued
        patience = max(12.0, rng.expovariate(1 / 70))
        if wait > patience and kind in ("local", "mis"):
            t_ab = arrive + dt.timedelta(seconds=patience)
            clog(arrive, "vcpe-a", "CDR", cid, f"RING trunk=911T-{rng.randint(1, 12):02d} pani={pani} cbn={cbn} cos={cos} queue=911-ALL")
            clog(t_ab, "vcpe-a", "CDR", cid, f"ABANDON queue=911-ALL waited={int(patience)}s")
            jlog(t_ab + dt.timedelta(milliseconds=200), cid, f"CALL_ABANDON cbn={cbn} cos={cos} waited={int(patience)}s")
            stats["abandoned"].append({"t": t_ab, "kind": kind, "id": c.get("id")})
            queue_samples.append((arrive, t_ab))
            if kind == "local" or rng.random() < 0.5:
                # redial (the pileup's callers) or a call-back by a call-taker
                pending.append(dict(c, t=t_ab + dt.timedelta(seconds=rng.uniform(20, 90)), redial=True))
                pending.sort(key=lambda x: x["t"])
            continue
        ring_trunk = rng.randint(1, 12)
        clog(arrive, "vcpe-a", "CDR", cid, f"RING trunk=911T-{ring_trunk:02d} pani={pani} cbn={cbn} cos={cos} queue=911-ALL")
        clog(answer, "vcpe-a", "CDR", cid, f"ANSWER pos={pos} waited={int(wait)}s")
        if kind == "local":
            stats["local_waits"].append((answer, wait))
        queue_samples.append((arrive, answer))
        jlog(answer + dt.timedelta(milliseconds=rng.randint(300, 700)), cid, f"CALL_ANSWER pos={pos} line=911 cos={cos} cbn={cbn}")
        ver = version(answer)
        spill_at = answer + dt.timedelta(milliseconds=rng.randint(600, 1400))
        esn = {"TAM-0042": 133, "TAM-0011": 104, "TAM-0017": 112, "TAM-0023": 121, "TAM-0031": 115, "TAM-0058": 127}.get(site, 100 + rng.randint(0, 40))
        attrs = dict(pos=pos, cos=cos, pani=pani, esn=esn, carrier=carrier, site=site or "", sector=sector or "")
        alog(spill_at, "INFO", "ali spill", **attrs, rebid=False)

        def located(t, plot):
            alog(t + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "cad call located", pos=pos, call=cid, plot=plot)

        def phase2(t, source):
            unc = rng.randint(6, 48) if kind != "badfix" else 2140
            if source != "initial":
                alog(t - dt.timedelta(seconds=rng.uniform(1.5, 3.0)), "INFO", "rebid requested", pos=pos, pani=pani, source=source)
                clog(t - dt.timedelta(seconds=1.2), "vcpe-a", "ALI", cid, f"REBID pos={pos} pani={pani}")
                alog(t, "INFO", "ali spill", **dict(attrs, cos="WPH2"), rebid=True)
            site_ll = CORDIA_SITES[site][:2] if site in CORDIA_SITES else OTHER_SITES[site][:2]
            km = km_between(site_ll, fix)
            if km > 5:
                alog(t + dt.timedelta(milliseconds=3), "WARN", "wireless fix far from the cell site in the ALI record", pos=pos, pani=pani, site=site, sector=sector,
                     km=round(km, 1), unc_m=unc)
                stats["far"].append({"t": t, "kind": kind, "km": km})
            if ver == "4.15.0" and fix[1] > COUNTY_EAST_LON:
                alog(t + dt.timedelta(milliseconds=5), "WARN", "wireless location outside county boundary", pos=pos, pani=pani, lat=round(fix[0], 5), lon=round(fix[1], 5), unc_m=unc)
                stats["ooc"].append(t)
            located(t, "PHASE2")

        if cos in ("RESD", "BUSN", "VOIP"):
            located(spill_at, "CIVIC")
        elif cos == "WPH2":
            phase2(spill_at, "initial")
        else:
            located(spill_at, "PHASE1")
            if ver == "4.15.0":
                phase2(answer + dt.timedelta(seconds=20 + rng.uniform(1.5, 3.5)), "auto")
            elif kind == "mis" or rng.random() < 0.85:
                phase2(answer + dt.timedelta(seconds=rng.uniform(12, 45)), "manual")
        # what the call-taker does
        if kind in ("mis", "border"):
            county, code, ecc = "BRANNOCK", "*82", "BRANNOCK ECC"
            if kind == "mis":
                note = f"caller on I-67 EB MM {mile:.0f}, {county} CO" + (", MULTI-VEH MVC IN FOG" if c.get("pileup") else "")
            else:
                note = f"caller at county line, {county} CO side"
            locate_s = rng.uniform(25, 55)
            jlog(answer + dt.timedelta(seconds=locate_s), cid, f'CALL_NOTE text="{note}" by={pos}')
            x0 = answer + dt.timedelta(seconds=locate_s + rng.uniform(3, 8))
            surge = PILEUP <= x0 < PILEUP + dt.timedelta(minutes=50)
            ring = rng.uniform(40, 150) if surge else rng.uniform(8, 22)
            clog(x0, "vcpe-a", "XFER", cid, f"TRANSFER pos={pos} code={code} to={ecc.replace(' ', '_')}")
            x1 = x0 + dt.timedelta(seconds=ring)
            clog(x1, "vcpe-a", "XFER", cid, f"TRANSFER_ANSWERED to={ecc.replace(' ', '_')} rang={int(ring)}s")
            done = x1 + dt.timedelta(seconds=rng.uniform(8, 20))
            clog(done, "vcpe-a", "CDR", cid, f"RELEASE pos={pos} held={int((done - answer).total_seconds())}s")
            jlog(done + dt.timedelta(milliseconds=300), cid, f"CALL_CLOSE disp=XFER {ecc}")
            if kind == "mis":
                stats["misrouted"].append({"t": arrive, "answer": answer, "cid": cid, "pani": pani, "mile": mile, "km": km_between(HARMON, fix), "pileup": c.get("pileup"), "pos": pos})
        else:
            handle = rng.uniform(70, 210)
            done = answer + dt.timedelta(seconds=handle)
            if kind == "local" and rng.random() < 0.72:
                agency, typ = rng.choice(LOCAL_TYPES)
                inc_no[agency] += 1
                inc = f"{agency}26-0{inc_no[agency]}"
                loc = f"{rng.randint(100, 4800)} {rng.choice(STREETS)}"
                jlog(answer + dt.timedelta(seconds=handle * 0.55), inc, f'INC_CREATE call={cid} type="{typ}" pri={rng.choice([2, 3] if agency == "F" else [3, 3, 4])} loc="{loc}" pos={pos}')
            clog(done, "vcpe-a", "CDR", cid, f"RELEASE pos={pos} held={int(handle)}s")
            jlog(done + dt.timedelta(milliseconds=300), cid, f"CALL_CLOSE disp={'INCIDENT' if kind == 'local' else 'NO INCIDENT'}")
        free[pos] = done + dt.timedelta(seconds=rng.uniform(5, 25))

    # ---- Vantage: queue statistics a minute, position links, admin lines
    t = START + dt.timedelta(seconds=30)
    while t < END:
        waiting = [a for a, b in queue_samples if a <= t < b]
        longest = max([(t - a).total_seconds() for a in waiting], default=0)
        n = staffed(t)
        clog(t, "vcpe-a", "ACD", "-", f"QUEUE 911-ALL waiting={len(waiting)} longest={int(longest)}s staffed={n}")
        t += dt.timedelta(seconds=60)
    t = START + dt.timedelta(seconds=rng.uniform(0, 299))
    while t < END:
        n = staffed(t)
        alog(t, "INFO", "cpe links", up=8, staffed=n, spills_queued=0)
        t += dt.timedelta(seconds=300)
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 1300))
        if t >= END:
            break
        r = rng.random()
        if r < 0.4:
            clog(t, "vcpe-a", "SYS", "-", f"NTP sync ok offset={rng.uniform(-0.003, 0.003):+.4f}s")
        elif r < 0.7:
            clog(t, "vcpe-a", "SYS", "-", f"TRUNK 911T-{rng.randint(1, 12):02d} test call ok")
        else:
            clog(t, "vcpe-a", "SYS", "-", f"ADMIN line 7700 call from {rng.randint(6152000000, 6159899999)} to pos CT0{rng.randint(1, 6)}")

    # ---- #tcec-911-ops (Teams export)
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                "channelIdentity": {"channelName": "tcec-911-ops"}, "from": {"user": {"displayName": who}},
                                "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    mis = stats["misrouted"]
    early = [m for m in mis if m["t"] < PILEUP]
    surge = [m for m in mis if PILEUP <= m["t"] < PILEUP + dt.timedelta(minutes=15)]
    waits = [w for a, w in stats["local_waits"] if PILEUP <= a < PILEUP + dt.timedelta(minutes=40)]
    ab = [a for a in stats["abandoned"] if a["t"] >= PILEUP]
    say(DEPLOY - dt.timedelta(minutes=10), "Priya Raman", "Window: deploying ali-bridge 4.15.0 (automatic Phase II rebid 20 s after answer, out-of-county warning, the new county boundary from GIS, orb bump).")
    say(DEPLOY + dt.timedelta(minutes=3), "Priya Raman", "4.15.0 up on alibridge-01, 8/8 positions connected. Test call from CT02 rebid by itself after 20 s and plotted. Done.")
    say(early[0]["answer"] + dt.timedelta(minutes=4), "Tom Kessler", f"FYI a call on Harmon Gap tower from I-67 EB at mile {early[0]['mile']:.0f}, that's Brannock, transferred *82.")
    if len(early) > 2:
        say(early[2]["answer"] + dt.timedelta(minutes=3), "Tom Kessler", f"{len(early[:3])} of those this morning now, all I-67 in Brannock on Harmon Gap. Commuters near the line I guess. Handing over to days.")
    say(PILEUP + dt.timedelta(minutes=2, seconds=30), "Renee Hall", "Pileup on I-67 EB around mile 126 in the fog, BRANNOCK County. We're getting flooded with it, all on Harmon Gap tower. Transferring *82, Brannock's lines are busy.")
    say(PILEUP + dt.timedelta(minutes=8), "Renee Hall", f"{len(surge)} calls on the pileup in 8 min. Queue is backing up, our own 911 calls waiting up to {int(max(waits or [60]))} s. All hands on phones.")
    say(PILEUP + dt.timedelta(minutes=11), "Renee Hall", "CAD keeps plotting these way outside the county and ali-bridge says 'wireless location outside county boundary' for every one. Is the new auto-rebid / boundary from this morning putting them in the wrong place? ALI says Harmon Gap.")
    say(PILEUP + dt.timedelta(minutes=14), "Janet Cole", "Paging ali-bridge on-call.")
    say(PILEUP + dt.timedelta(minutes=19), "Keisha Ortiz", "Here. The out-of-county warning and the 20 s auto-rebid are 4.15.0 from this morning, and the boundary file changed with it (CAD-1229). Runbook says roll back after a release. The plots look like real fixes to me (unc 10-40 m) but I can't rule out the boundary.")
    say(PILEUP + dt.timedelta(minutes=24), "Renee Hall", "Brannock's supervisor (Dale Pruitt) on the admin line: they have only a handful of calls on the pileup, expected dozens. Their callers say they got 'another county' first.")
    say(PILEUP + dt.timedelta(minutes=29), "Keisha Ortiz", "Asking Janet for an emergency change to roll back ali-bridge to 4.14.2.")
    say(PILEUP + dt.timedelta(minutes=31), "Janet Cole", "Approved.")
    say(ROLLBACK + dt.timedelta(minutes=2), "Priya Raman", "4.14.2 running on alibridge-01 since " + local(ROLLBACK) + ", 8/8 positions. Rebid is manual again.")
    say(ROLLBACK + dt.timedelta(minutes=7), "Renee Hall", "No change. Still pileup calls on Harmon Gap, and now we press REBID by hand again. The warning is gone but CAD still plots them in Brannock.")
    first_far = [f for f in stats["far"] if f["kind"] == "mis"][0]
    say(utc("2026-09-10 13:36:20"), "Gloria Fenn", f"This isn't ali-bridge. Every one of these has pANI 615-555-0142 or -0143: Cordia's Harmon Gap (TAM-0042) sectors B and C. ali-bridge's 'wireless fix far from the cell site in the ALI record' warnings put the callers {min(m['km'] for m in mis):.0f}-{max(m['km'] for m in mis):.0f} km east of that tower, first one at {local(first_far['t'])}. Before that those ESRKs only came from within 5 km of the tower. Cordia is routing some other site's sectors with Harmon Gap's ESRKs. Calling Cordia's E911 NOC.")
    say(utc("2026-09-10 13:44:50"), "Gloria Fenn", "Cordia had a maintenance notice last week for BRN-0117 Pike Ridge (Brannock, right on I-67), equipment replacement overnight, 'no 911 impact expected'. Ticket CW-E911-558214 open, they're looking.")
    say(utc("2026-09-10 14:03:30"), "Gloria Fenn", "Cordia confirms: BRN-0117 came back on air at 05:52 with sectors 2 and 3 provisioned with TAM-0042's ESRKs. They're re-routing those sectors to Brannock with new ESRKs now, 15-20 min.")
    say(utc("2026-09-10 14:05:10"), "Janet Cole", "Thanks Gloria. Renee, tell the floor: I-67 callers on Harmon Gap keep going to Brannock *82 until Cordia is done. I'll report it to the state 911 board.")
    say(REROUTED + dt.timedelta(minutes=3), "Gloria Fenn", f"Cordia: re-route done at {local(REROUTED)}. Brannock's test call from a deputy's phone at mile 125 went to Brannock ECC with ESRK 615-555-0872.")
    say(REROUTED + dt.timedelta(minutes=14), "Renee Hall", f"Nothing from I-67 on Harmon Gap since {local(REROUTED)}. Queue back to normal. {len(mis)} misrouted calls today, {len(set(a['id'] for a in ab if a['kind'] == 'local'))} of our own callers hung up in the queue during the pileup, all called back.")
    say(utc("2026-09-10 14:46:00"), "Keisha Ortiz", "So 4.15.0 wasn't it. It goes back in tomorrow's window unchanged; Priya is adding a runbook note on misrouted wireless calls.")
    say(utc("2026-09-10 14:58:40"), "Janet Cole", "Agreed. After-action review Monday with Cordia and Brannock.")

    # ---- carrier trouble tickets (ServiceNow vendor tickets)
    def ticket(t, number, state, short, note, by, opened=TICKET):
        tickets.add(t, json.dumps({"number": number, "vendor": "Cordia Wireless E911 NOC", "opened_at": opened.strftime("%Y-%m-%d %H:%M:%S"),
                                   "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"), "state": state, "short_description": short,
                                   "work_note": note, "updated_by": by}, ensure_ascii=False))

    short = "Wireless 911 misroute to Tamarack County PSAP (TAM-0042 ESRKs)"
    ticket(TICKET, "CW-E911-558214", "Open", short, f"Opened by TCEC (Gloria Fenn): since about {local(mis[0]['answer'])} CDT 911 calls from I-67 EB mile 119-130 in Brannock County arrive at Tamarack PSAP with pANI 6155550142/6155550143 (TAM-0042 Harmon Gap sectors B, C); Phase II fixes {min(m['km'] for m in mis):.0f}-{max(m['km'] for m in mis):.0f} km east of TAM-0042. About {len([m for m in mis if m['t'] < TICKET])} calls so far, mass-casualty MVC on I-67 at MM 126.", "gloria.fenn@tamarackcounty.gov")
    ticket(utc("2026-09-10 14:01:40"), "CW-E911-558214", "Work in Progress", short, "Cordia E911 NOC: confirmed. BRN-0117 Pike Ridge equipment replacement completed 05:52 CDT (MOP-2026-0907-114). In the rehome sectors 2 and 3 of BRN-0117 were provisioned with the ESRKs of TAM-0042 sectors B and C. Correcting the routing: new ESRKs 6155550871/6155550872 to Brannock ECC; ALI records follow.", "e911-noc@cordiawireless.example")
    ticket(REROUTED + dt.timedelta(seconds=40), "CW-E911-558214", "Resolved", short, f"Cordia E911 NOC: routing for BRN-0117 sectors 2 and 3 corrected at {local(REROUTED)} CDT; test calls from MM 124 and 127 delivered to Brannock ECC with the new ESRKs. RCA to follow.", "e911-noc@cordiawireless.example")
    ticket(utc("2026-09-10 14:40:10"), "CW-E911-558214", "Closed", short, f"TCEC: confirmed, no call with pANI 6155550142/0143 from outside the county since {local(REROUTED)} CDT.", "gloria.fenn@tamarackcounty.gov")

    stats["queue_samples"] = queue_samples
    return [ali, cpe, cad, deploy, chat, tickets], stats


def build(out_dir):
    rng = random.Random(77200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        mis = stats["misrouted"]
        onset = mis[0]["answer"].replace(microsecond=0)
        assert SITE_BACK < onset < PILEUP - dt.timedelta(minutes=40), onset
        assert not [m for m in mis if m["t"] >= REROUTED]
        assert [f for f in stats["far"] if f["kind"] == "badfix" and f["t"] < onset]
        samples = stats["queue_samples"]

        def waiting(t):
            return sum(1 for a, b in samples if a <= t < b)

        def answer_p90(t):
            ws = sorted((b - a).total_seconds() for a, b in samples if t - dt.timedelta(minutes=5) < b <= t)
            if not ws:
                return None
            return ws[min(len(ws) - 1, int(0.9 * len(ws)))]

        metrics = {
            "vantage_911_queue_waiting.json": query_range([({"job": "vantage-snmp", "queue": "911-ALL"}, waiting)], START, END, 60),
            "vantage_911_answer_seconds_p90_5m.json": query_range([({"job": "vantage-snmp", "queue": "911-ALL", "quantile": "0.9"}, answer_p90)], START, END, 60),
        }
        pile = [m for m in mis if m["t"] >= PILEUP]
        return write_scenario(
            out_dir, name="r77-carrier-sector-misroute-none", service=SERVICE, onset=onset,
            description=f"""
Tamarack County 911 (TCEC) is flooded with 911 calls about a pileup on
I-67 in the neighbouring Brannock County on Thursday 10 September, while
its own callers wait in the queue. The calls from that stretch of the
interstate arrive with ALI records of the county's own Harmon Gap cell
site; the first came at {onset.strftime('%H:%M:%S')} UTC ({local(onset)} Central), the pileup's
from 12:47 UTC. Call-takers locate each caller and transfer them to
Brannock's ECC. ali-bridge 4.15.0 (automatic Phase II rebid, an
out-of-county warning, a new county boundary) had been deployed at 09:24
UTC; its rollback to 4.14.2 at 13:22 did not help. The calls went to
Brannock again from 14:21 UTC.
""",
            logs=logs,
            line_formats={"vantage-cpe.log": r'<Date> <Time> <Host> <Kind>\s+<Call>\s+<Content>',
                          "halden-cad-journal.log": r'<Date> <Time> \| <Ref>\s*\| <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'wireless fix far from the cell site in the ALI record',
                        r'provisioned with the ESRKs of'],
            fix_files=[],
            explanation=f"""
No commit caused this. Cordia Wireless replaced the equipment of its site
BRN-0117 "Pike Ridge" in Brannock County overnight and, in the rehome,
provisioned its sectors 2 and 3 with the ESRKs of TAM-0042 "Harmon Gap"
sectors B and C, which route to Tamarack County's PSAP. From 05:52 Central
every 911 call from I-67 between mile 119 and 130 reached TCEC with an
ALI record for Harmon Gap; ali-bridge's long-standing check logged each
one as "wireless fix far from the cell site in the ALI record" ({min(m['km'] for m in mis):.0f}-{max(m['km'] for m in mis):.0f} km
east of it), and Cordia's ticket says the sectors were "provisioned with
the ESRKs of TAM-0042". {len(mis)} calls were misrouted, {len(pile)} of them after the
12:47 pileup; TCEC's queue backed up and local callers hung up. Cordia
re-routed the two sectors at 14:19 UTC. Nothing in ali-bridge was changed.
Decoys: ali-bridge 4.15.0, deployed at 09:24 UTC in the window (CAD-1231,
the automatic Phase II rebid that plots the interstate callers; CAD-1234,
which adds the very "wireless location outside county boundary" warning
that fills the log; CAD-1229, the new county boundary, the very polygon of
that check; Dependabot's orb 0.11.2, the geometry library) and its deploy
and start lines; the rollback to 4.14.2 at 13:22 UTC without effect (the
warning stops, the calls do not, rebids are manual again); Tuesday's
runbook commit that reads out-of-county wireless locations as poor fixes
or a boundary error and says to roll back after a release; legitimate
border calls transferred to Brannock; a poor Phase II fix
(2.1 km uncertainty) that trips the far-from-site check before the
carrier's change; abandoned calls and call-backs.
""",
        )
    finally:
        repo.close()
