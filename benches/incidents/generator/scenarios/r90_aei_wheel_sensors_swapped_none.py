"""wagontrack (Go 1.22, log/slog JSON; Ironbark Rail's wagon tracking, the
same service a month after `r90-consist-platform-axles`) reads the AEI tag
readers at the gates of Ironbark's yards and keeps each yard's inventory:
a passage into the yard that matches a train due there is an arrival, a
passage out that matches a closed train list is a departure; anything else
is a movement in or out of the yard (a transfer cut, a light engine), and
the wagons are added to or removed from the inventory all the same. Every
wagon's location goes to the customers' portal, which e-mails "arrived" and
"departed" notices, and the shunters' handhelds scan against the inventory.

Islington (Adelaide) has two gates: ISL-N on Road 1, the arrival and
departure road to the main line, and ISL-S to the intermodal terminal. A
reader decides the direction from the order in which its two wheel sensors,
clamped to the rail 2.45 m apart, see the first axle: at ISL-N, WS1 on the
main line side, WS2 on the yard side. It is woken by whichever approach
track circuit is occupied first, and logs a direction check when the two
disagree.

Monday 13 July 2026 (ACST, UTC+9:30): 4.3.0 (released at 14:05) is to go out
during the night's possession of Road 1, when no train can pass ISL-N. It
holds YARD-311: the direction from the wheel sensor order and each site's
inbound_first in sites.yaml, no longer from the reader's setup menu (ISL-S's
new reader, fitted the other way round, had its setting reset by a firmware
upgrade on 2 July and recorded three hours of passages backwards, INC-2344),
with a runbook section that reads reversed passages as a wrong orientation
in sites.yaml or a release, and says to roll back; also a Dockerfile Go
bump and YARD-314. Friday's 4.2.3 holds YARD-301, which warns for every
wagon of a departure read that is not in the inventory.

Meridian Track's possession of Road 1 (23:28-03:58) replaces 330 m of rail;
the track gang unclamps ISL-N's wheel sensors and clamps them to the new
rail, each where the other had been (the reader logs both sensors open from
00:12 and restored at 03:21). Tom, on call, promotes 4.3.0 at 03:12. From
the first train after the possession, 3PA7 from Perth at 04:41, every
passage through ISL-N comes out the wrong way round: 3PA7's 88 wagons are
read as leaving the yard, go out of the inventory (or rather, never in it:
"departure read: wagon not in yard inventory"), show "departed Islington"
on the portal and their customers get departure e-mails; the shunters'
scans on Road 1 are refused; the 05:35 departure 2AM5 is read as a movement
into the yard and stays in the inventory, never departed. The yard
supervisor calls at 05:31; Tom rolls back to 4.2.3 at 06:05 (the runbook,
and 4.3.0 changed the very direction logic) without effect: 9MA3 at 06:22
is read as a departure as well. He sees ISL-S right all along, and the
yard supervisor names the overnight rail replacement; the reader's log has
the direction check on every passage since 04:41 and Meridian's works record
the sensors refitted by the track gang. Ironbark's wayside technician finds
the heads transposed at 08:20 under a work-on-track authority, swaps them
back, a light engine reads IN at 08:27; the yard checks every road from
08:45, and 4.3.0 goes out again at 09:15. Nothing in wagontrack is changed.

Sources: wagontrack (slog JSON), the Islington AEI readers (vendor log,
line format), ingress-nginx access (handhelds and portal), Meridian's
possession and work-on-track records (JSON lines), Islington yard
control's shift log (line format), wayside work orders (JSON lines), Flux
(JSON), #opsys-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores
from scenarios import r90_consist_platform_axles as june

SERVICE = "wagontrack"
ACST = dt.timezone(dt.timedelta(hours=9, minutes=30))
AEST = dt.timezone(dt.timedelta(hours=10))
START, END = utc("2026-07-13 11:30:00"), utc("2026-07-14 01:00:00")


def adl(text):
    """'2026-07-14 04:41:00' in Adelaide (ACST, UTC+9:30) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ACST).astimezone(dt.timezone.utc)


def mel(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=AEST).astimezone(dt.timezone.utc)


POSSESSION = (adl("2026-07-13 23:28:00"), adl("2026-07-14 03:58:00"))
SENSORS_OFF = adl("2026-07-14 00:12:31")
SENSORS_ON = adl("2026-07-14 03:21:07")
DEPLOY_430 = adl("2026-07-14 03:14:05")
ROLLBACK = adl("2026-07-14 06:05:20")
TECH_FIX = adl("2026-07-14 08:24:10")
REDEPLOY = adl("2026-07-14 09:15:30")

sub = june.sub

# ---------------------------------------------------------------------------
# the repository

AEI_PASSAGE = """package aei

import (
	"strconv"
	"strings"
	"time"

	"git.ironbark.com.au/opsys/wagontrack/internal/yard"
)

// startPassage reads a START record,
//
//	ISL-N PASS 3318 START dir=IN seq=WS1-WS2 wake=MAIN
//
// dir is the reader's own verdict, from the direction setting in its setup
// menu; seq is the order its two wheel sensors saw the first axle; wake is
// the approach circuit that woke it.
func startPassage(f []string) *yard.Passage {
	p := &yard.Passage{Site: f[0], At: time.Now()}
	for _, kv := range f[4:] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "dir":
			p.Dir = v
		case "seq":
			p.Seq = v
		case "wake":
			p.Wake = v
		}
	}
	return p
}

// parseTag reads a TAG record,
//
//	ISL-N PASS 3318 TAG 012 L id="RQTY 51288-K" eq=WAGON axles=4 len=184
func parseTag(f []string) yard.Tag {
	t := yard.Tag{Seq: f[4], Side: f[5]}
	rest := strings.Join(f[6:], " ")
	if i := strings.Index(rest, `id="`); i >= 0 {
		if j := strings.Index(rest[i+4:], `"`); j >= 0 {
			t.ID = rest[i+4 : i+4+j]
		}
	}
	return t
}

func finish(p *yard.Passage, f []string) {
	for _, kv := range f[4:] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "vehicles":
			p.Vehicles = atoi(v)
		case "axles":
			p.Axles = atoi(v)
		}
	}
	p.Unread = 2*p.Vehicles - len(p.Tags)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
"""

YARD_PASSAGE = """package yard

import (
	"log/slog"
	"time"
)

// Passage is one train or movement passing a yard gate reader.
type Passage struct {
	Site     string
	Dir      string // IN or OUT
	Seq      string // WS1-WS2 or WS2-WS1
	Wake     string // MAIN or YARD
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
	slog.Info("aei passage", "site", p.Site, "dir", p.Dir, "vehicles", p.Vehicles,
		"axles", p.Axles, "tags", len(p.Tags), "unread_tags", p.Unread)
	switch p.Dir {
	case "IN":
		y.arrive(site, p)
	case "OUT":
		y.depart(site, p)
	default:
		slog.Warn("aei passage without a direction", "site", p.Site)
	}
}
"""

INVENTORY = """package yard

import "log/slog"

// arrive handles a read into the yard: the train due at this yard whose
// wagons these are, or, if none matches, a movement into the yard (a
// transfer cut, a light engine). Either way the wagons join the inventory
// on the gate's road and their customers are told.
func (y *Yards) arrive(site Site, p Passage) {
	wagons := p.Wagons()
	train := y.expectedArrival(site.Yard, wagons)
	switch {
	case train != "":
		slog.Info("train arrived yard", "yard", site.Yard, "train", train, "wagons", len(wagons), "road", site.Road)
	case len(wagons) > 0:
		slog.Warn("arrival read matched no expected train; treated as a movement into the yard", "site", site.ID,
			"vehicles", p.Vehicles, "wagons", len(wagons), "already_in_yard", y.inv.Count(site.Yard, wagons))
	default:
		slog.Info("shunt movement", "yard", site.Yard, "site", site.ID, "dir", "IN", "vehicles", p.Vehicles)
	}
	for _, w := range wagons {
		y.inv.Add(site.Yard, site.Road, w)
		y.locations.Arrived(w, site.Yard, p.At)
	}
	y.notices.Arrived(site.Yard, train, wagons)
}

// depart handles a read out of the yard: the train whose list was closed
// at this yard, or, if none matches, a movement out of the yard. Either way
// the wagons leave the inventory and their customers are told.
func (y *Yards) depart(site Site, p Passage) {
	wagons := p.Wagons()
	train := y.readyToDepart(site.Yard, wagons)
	switch {
	case train != "":
		slog.Info("departure read matches train list", "train", train, "site", site.ID, "wagons", len(wagons), "unread_tags", p.Unread)
		slog.Info("train departed yard", "yard", site.Yard, "train", train, "wagons", len(wagons))
	case len(wagons) > 0:
		slog.Warn("departure read matched no train list; treated as a movement out of the yard", "site", site.ID,
			"vehicles", p.Vehicles, "wagons", len(wagons))
	default:
		slog.Info("shunt movement", "yard", site.Yard, "site", site.ID, "dir", "OUT", "vehicles", p.Vehicles)
	}
	for _, w := range wagons {
		if !y.inv.Remove(site.Yard, w) {
			slog.Debug("departure read: wagon not in yard inventory", "yard", site.Yard, "wagon", w)
		}
		y.locations.Departed(w, site.Yard, p.At)
	}
	y.notices.Departed(site.Yard, train, wagons)
}
"""

SITES_JULY = """# AEI readers at Ironbark's yard gates. A reader reports IN for a movement
# into the yard. Meridian's own AEI sites come through the WCM feed.
sites:
  - id: DYN-W1
    yard: DYN
    road: A1
    name: Dynon west lead (Western line)
  - id: DYN-N1
    yard: DYN
    road: A2
    name: Dynon north lead (North East line)
  - id: ISL-N
    yard: ISL
    road: R1
    name: Islington north gate (Road 1, arrival and departure road)
  - id: ISL-S
    yard: ISL
    road: T1
    name: Islington south gate (intermodal terminal)
  - id: KEW-E1
    yard: KEW
    road: A1
    name: Kewdale east gate
"""

TRACKS_ISL = """# Islington yard: usable length per road (metres), for the train lists.
roads:
  R1: 1850
  A3: 1210
  A4: 690
  A5: 640
  T1: 720
  T2: 720
"""


def build_repo():
    base = june.build_repo()[0]
    try:
        tree = dict(base.files)
    finally:
        base.close()
    repo = Repo()
    liam = Person("Liam Nguyen", "liam.nguyen@ironbark.com.au", 600)
    priya = Person("Priya Raman", "priya.raman@ironbark.com.au", 600)
    aroha = Person("Aroha Ngata", "aroha.ngata@ironbark.com.au", 720)
    marco = Person("Marco Bellini", "marco.bellini@ironbark.com.au", 480)
    tom = Person("Tom Reyes", "tom.reyes@ironbark.com.au", 570)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    tree["cmd/wagontrack/version.go"] = tree["cmd/wagontrack/version.go"].replace('"3.8.1"', '"4.2.2"')
    tree["deploy/kustomization.yaml"] = tree["deploy/kustomization.yaml"].replace('newTag: "3.8.1"', 'newTag: "4.2.2"')
    tree["CHANGELOG.md"] = "# Changelog\n\n## 4.2.2\n\n- Portal: ETA per wagon from Meridian's running data (PORT-15).\n\n## 4.2.0\n\n- TCL v3 only (v2 retired by Meridian on 1 July).\n"
    tree["internal/aei/passage.go"] = AEI_PASSAGE
    tree["internal/yard/passage.go"] = YARD_PASSAGE
    tree["internal/yard/inventory.go"] = INVENTORY
    tree["config/sites.yaml"] = SITES_JULY
    tree["config/tracks-isl.yaml"] = TRACKS_ISL
    for path in [p for p in tree if p.startswith(".github/") or p in (".editorconfig", ".gitignore", "renovate.json")]:
        del tree[path]
    for path in [p for p in tree if p.startswith("docs/adr/")]:
        del tree[path]

    ip, inv, sites = "internal/aei/passage.go", "internal/yard/inventory.go", "config/sites.yaml"
    repo.commit(mel("2026-07-06 09:05:00"), liam, "wagontrack 4.2.2: yard gates, TCL v3 consists, WCM feed, portal (history squashed on the move to the opsys group)", tree)
    rng = random.Random(90021)
    repo.schedule(chores(rng, SERVICE, [aroha, marco, priya], mel("2026-07-06 12:00:00"), mel("2026-07-13 12:00:00"), 3))
    repo.commit(mel("2026-07-07 08:32:00"), bot, "build(deps): bump github.com/jackc/pgx/v5 from 5.6.0 to 5.7.1", {
        "go.mod": repo.edit("go.mod", "github.com/jackc/pgx/v5 v5.6.0", "github.com/jackc/pgx/v5 v5.7.1"),
    })
    repo.commit(mel("2026-07-08 13:10:00"), aroha, "register: leave out classes the fleet team has retired (REG-51)", {
        "internal/register/register.go": repo.edit("internal/register/register.go", "WHERE retired IS NULL`", "WHERE retired IS NULL AND code <> ''`"),
    })
    repo.commit(mel("2026-07-09 14:20:00"), priya, "yard: warn for each wagon of a departure read that is not in the yard inventory (YARD-301)\n\nOn 2 July ISL-S recorded passages backwards for three hours (INC-2344) and\nall we logged was debug. A wagon leaving a yard it was never in is worth a\nwarning.", {
        inv: sub(repo.files[inv],
                 "\t\t\tslog.Debug(\"departure read: wagon not in yard inventory\", \"yard\", site.Yard, \"wagon\", w)\n",
                 "\t\t\tslog.Warn(\"departure read: wagon not in yard inventory\", \"yard\", site.Yard, \"site\", site.ID, \"wagon\", w)\n"),
    })
    rel_423 = repo.commit(mel("2026-07-10 11:02:00"), priya, "release 4.2.3", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"4.2.2"', '"4.2.3"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "4.2.2"', 'newTag: "4.2.3"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.2.3\n\n- Warn for each wagon of a departure read not in the yard inventory (YARD-301).\n- Retired classes left out of the register (REG-51).\n- pgx 5.7.1.\n", 1),
    })
    repo.commit(mel("2026-07-10 15:31:00"), marco, "portal: departure notices name the train (PORT-18)", {
        "internal/portal/notices.go": "package portal\n\n// departedText is the e-mail line for a wagon that left a yard.\nfunc departedText(wagon, yard, train, at string) string {\n\tif train == \"\" {\n\t\treturn wagon + \" departed \" + yard + \" at \" + at\n\t}\n\treturn wagon + \" departed \" + yard + \" on train \" + train + \" at \" + at\n}\n",
    })
    repo.commit(mel("2026-07-13 09:40:00"), liam, "aei: direction from the wheel sensor order and the site's inbound_first, not the reader's setting (YARD-311)\n\nThe readers' IN/OUT comes from a setting in their setup menu. ISL-S's\nreader was replaced in June, fitted with WS2 on the main line side, and\nits firmware upgrade on 2 July reset the setting: three hours of passages\nbackwards (INC-2344). Take the direction from the order the wheel sensors\nfired and each site's inbound_first in sites.yaml, which we control, and\nwarn when the reader disagrees.", {
        ip: sub(repo.files[ip],
                "import (\n\t\"strconv\"\n\t\"strings\"\n\t\"time\"\n\n\t\"git.ironbark.com.au/opsys/wagontrack/internal/yard\"\n)\n",
                "import (\n\t\"log/slog\"\n\t\"strconv\"\n\t\"strings\"\n\t\"time\"\n\n\t\"git.ironbark.com.au/opsys/wagontrack/internal/config\"\n\t\"git.ironbark.com.au/opsys/wagontrack/internal/yard\"\n)\n",
                "// the approach circuit that woke it.\nfunc startPassage(f []string) *yard.Passage {\n",
                "// the approach circuit that woke it. The direction is ours (YARD-311):\n// IN when the site's inbound_first sensor fired first.\nfunc startPassage(f []string, sites map[string]config.Site) *yard.Passage {\n",
                "\t\tcase \"dir\":\n\t\t\tp.Dir = v\n",
                "\t\tcase \"dir\":\n\t\t\tp.ReaderDir = v\n",
                "\treturn p\n}\n\n// parseTag",
                "\tp.Dir = direction(sites[p.Site], p.Seq)\n\tif p.ReaderDir != \"\" && p.ReaderDir != p.Dir {\n\t\tslog.Warn(\"reader direction differs from wheel sensor order\", \"site\", p.Site, \"reader\", p.ReaderDir, \"seq\", p.Seq, \"dir\", p.Dir)\n\t}\n\treturn p\n}\n\n// direction is IN when the site's inbound_first wheel sensor fired first.\nfunc direction(s config.Site, seq string) string {\n\tfirst, _, _ := strings.Cut(seq, \"-\")\n\tif first == s.InboundFirst {\n\t\treturn \"IN\"\n\t}\n\treturn \"OUT\"\n}\n\n// parseTag"),
        "internal/aei/listen.go": sub(repo.files["internal/aei/listen.go"], "\t\t\tp = startPassage(f)\n", "\t\t\tp = startPassage(f, yards.Sites())\n"),
        "internal/yard/passage.go": sub(repo.files["internal/yard/passage.go"],
                                        "\tDir      string // IN or OUT\n",
                                        "\tDir      string // IN or OUT, from the wheel sensors and the site (YARD-311)\n\tReaderDir string // the reader's own IN or OUT\n"),
        sites: sub(repo.files[sites],
                   "# AEI readers at Ironbark's yard gates. A reader reports IN for a movement\n# into the yard. Meridian's own AEI sites come through the WCM feed.\n",
                   "# AEI readers at Ironbark's yard gates. inbound_first is the wheel sensor\n# on the main line side: the one a movement into the yard reaches first\n# (YARD-311; check it against the site drawing when a reader is replaced).\n# Meridian's own AEI sites come through the WCM feed.\n",
                   "    name: Dynon west lead (Western line)\n", "    name: Dynon west lead (Western line)\n    inbound_first: WS1\n",
                   "    name: Dynon north lead (North East line)\n", "    name: Dynon north lead (North East line)\n    inbound_first: WS1\n",
                   "    name: Islington north gate (Road 1, arrival and departure road)\n", "    name: Islington north gate (Road 1, arrival and departure road)\n    inbound_first: WS1\n",
                   "    name: Islington south gate (intermodal terminal)\n", "    name: Islington south gate (intermodal terminal)\n    inbound_first: WS2   # reader replaced June 2026, WS2 on the main line side\n",
                   "    name: Kewdale east gate\n", "    name: Kewdale east gate\n    inbound_first: WS1\n"),
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Passages the wrong way round (arrivals recorded as departures)

Symptoms: "departure read: wagon not in yard inventory" for a whole train,
"arrival read matched no expected train", the handhelds refusing scans on
the arrival road, customers told a wagon departed when it arrived.

Since 4.3.0 (YARD-311) the direction comes from the wheel sensor order and
the site's `inbound_first` in `config/sites.yaml`. If one site is reversed,
its `inbound_first` is wrong: check it against the site drawing and fix it
there. Before 4.3.0 it was the reader's direction setting (ISL-S, 2 July,
INC-2344: ask the vendor to set it). If it started after a release, roll
back first (`deploy/kustomization.yaml`, promote). Then have the yard run a
yard check on the affected roads to correct the inventory.
""",
    })
    repo.commit(mel("2026-07-13 10:18:00"), bot, "build(deps): bump golang from 1.22.4 to 1.22.5", {
        "Dockerfile": repo.edit("Dockerfile", "FROM golang:1.22 AS build", "FROM golang:1.22.5 AS build"),
    })
    repo.commit(mel("2026-07-13 11:36:00"), aroha, "yard: Islington road A4 is 710 m after the terminal's extension (YARD-314)", {
        "config/tracks-isl.yaml": repo.edit("config/tracks-isl.yaml", "  A4: 690\n", "  A4: 710\n"),
    })
    rel_430 = repo.commit(mel("2026-07-13 14:05:00"), liam, "release 4.3.0\n\nTo be promoted during tonight's possession of Islington Road 1\n(23:28-03:58 ACST), when no passage can reach ISL-N.", {
        "cmd/wagontrack/version.go": repo.edit("cmd/wagontrack/version.go", '"4.2.3"', '"4.3.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "4.2.3"', 'newTag: "4.3.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 4.3.0\n\n- Direction from the wheel sensor order and each site's inbound_first (YARD-311).\n- Departure notices name the train (PORT-18).\n- Islington road A4 710 m (YARD-314).\n- Go 1.22.5.\n", 1),
    })
    rollback = repo.commit(adl("2026-07-14 06:02:00"), tom, "deploy: pin wagontrack 4.2.3 (rollback of 4.3.0, INC-2417)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "4.3.0"', 'newTag: "4.2.3"'),
    })
    again = repo.commit(adl("2026-07-14 09:12:00"), tom, "deploy: wagontrack 4.3.0 again (INC-2417 was ISL-N's wheel sensors, not the release)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "4.2.3"', 'newTag: "4.3.0"'),
    })
    return repo, {"rel_423": rel_423, "rel_430": rel_430, "rollback": rollback, "again": again}


# ---------------------------------------------------------------------------
# the night at Islington

secs, at, go_time, uuid4 = june.secs, june.at, june.go_time, june.uuid4


def A(text):
    """'14 04:41:07' (day of July, Adelaide time) -> epoch seconds."""
    day, clock = text.split(" ")
    return secs(adl(f"2026-07-{int(day):02d} {clock}"))


def iso(x, tz=ACST, digits=3):
    t = at(x).astimezone(tz)
    z = t.strftime("%z")
    frac = f".{t.microsecond:06d}"[:digits + 1] if digits else ""
    return t.strftime("%Y-%m-%dT%H:%M:%S") + frac + z[:3] + ":" + z[3:]


def build_logs(rng, shas):
    app = Log("wagontrack.log")
    aei = Log("aei-islington.log")
    ingress = Log("ingress-nginx.log")
    access = Log("meridian-track-access.log")
    yc = Log("islington-yard-control.log")
    wo = Log("wayside-workorders.log")
    flux = Log("flux.log")
    slack = Log("slack-opsys-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    fleet = june.Fleet(rng)

    def version_at(x):
        if x < secs(DEPLOY_430) + 25:
            return "4.2.3"
        if x < secs(ROLLBACK) + 25:
            return "4.3.0"
        if x < secs(REDEPLOY) + 25:
            return "4.2.3"
        return "4.3.0"

    def jl(x, level, msg, **kv):
        body = {"time": go_time(x, rng), "level": level, "msg": msg}
        body.update(kv)
        app.add(at(x), json.dumps(body, separators=(",", ":")))

    def reader(x, site, level, msg):
        t = at(x)
        aei.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {site} {level} {msg}")

    # --- the trains through the gates ----------------------------------------
    trains = {}

    def train(code, locos, counts):
        trains[code] = {"units": june.make_train(rng, fleet, locos, counts)}
        t = trains[code]
        t["wagons"] = [n for c, n in t["units"] if c not in ("IB", "SH")]
        return t

    train("9MA1", 2, {"RQTY": 38, "RRXY": 8, "RQAY": 3})
    train("2AP4", 2, {"RQTY": 44, "RRXY": 10})
    train("6AM8", 2, {"RQTY": 36, "RRXY": 6, "RQAY": 2})
    train("3PA7", 2, {"RQTY": 62, "RRXY": 14, "RQAY": 6})
    train("2AM5", 2, {"RQTY": 45, "RRXY": 12, "RQAY": 4})
    train("9MA3", 2, {"RQTY": 50, "RRXY": 10, "RQAY": 4})
    train("4AP1", 3, {"RQTY": 48, "RRXY": 12})
    train("5MA6", 2, {"RQTY": 40, "RRXY": 8})
    train("1AP9", 2, {"RQTY": 42, "RRXY": 10, "RQAY": 3})

    swapped = (secs(SENSORS_ON), secs(TECH_FIX))
    passage_no = {"ISL-N": 3307, "ISL-S": 1412}
    events = []  # (x, site, true_dir, units, train, kind)
    for code, site, when, d in [("9MA1", "ISL-N", "13 21:41:12", "IN"), ("2AP4", "ISL-N", "13 22:14:40", "OUT"), ("6AM8", "ISL-N", "13 22:52:05", "OUT"),
                                ("3PA7", "ISL-N", "14 04:41:07", "IN"), ("2AM5", "ISL-N", "14 05:35:44", "OUT"), ("9MA3", "ISL-N", "14 06:22:18", "IN"),
                                ("4AP1", "ISL-N", "14 07:10:31", "OUT"), ("5MA6", "ISL-N", "14 08:52:50", "IN"), ("1AP9", "ISL-N", "14 09:44:02", "OUT")]:
        events.append((A(when), site, d, trains[code]["units"], code, "train"))
    for when, d in [("13 21:08:40", "OUT"), ("13 23:04:10", "IN"), ("14 05:18:26", "OUT"), ("14 07:38:55", "IN"), ("14 08:27:31", "IN"),
                    ("14 08:31:47", "OUT"), ("14 10:06:12", "OUT")]:
        events.append((A(when), "ISL-N", d, [("SH", fleet.take("SH"))] + ([("IB", fleet.take("IB")), ("IB", fleet.take("IB"))] if when in ("14 05:18:26", "14 07:38:55") else []), None, "light"))
    shuttle = 21
    for when, d in [("13 21:25:10", "IN"), ("13 22:31:40", "OUT"), ("14 00:40:22", "IN"), ("14 01:51:09", "OUT"), ("14 03:36:30", "IN"),
                    ("14 05:02:48", "OUT"), ("14 06:41:15", "IN"), ("14 07:52:00", "OUT"), ("14 09:31:27", "IN")]:
        n = rng.randint(20, 30)
        units = [("SH", fleet.take("SH"))] + [("RQTY", fleet.take("RQTY")) for _ in range(n)]
        events.append((A(when), "ISL-S", d, units, f"PS{shuttle}", "shuttle"))
        shuttle += 1 if d == "OUT" else 0
    events.sort(key=lambda e: e[0])

    onset = None
    misreads = []
    inventory_out = {}   # train -> wagons that the yard believes departed / never arrived
    for x, site, true_dir, units, code, kind in events:
        n = passage_no[site]
        passage_no[site] += 1
        x += rng.uniform(0, 0.999)
        if site == "ISL-N":
            wake = "MAIN" if true_dir == "IN" else "YARD"
            first = "WS1" if true_dir == "IN" else "WS2"
            if swapped[0] < x < swapped[1]:
                first = "WS2" if first == "WS1" else "WS1"
            read_dir = "IN" if first == "WS1" else "OUT"
        else:
            wake = "MAIN" if true_dir == "IN" else "YARD"
            first = "WS2" if true_dir == "IN" else "WS1"
            read_dir = true_dir
        seq = f"{first}-{'WS2' if first == 'WS1' else 'WS1'}"
        speed = rng.randint(18, 24) if kind == "train" else rng.randint(6, 12)
        reader(x, site, "I", f"PASS {n} START dir={read_dir} seq={seq} wake={wake}")
        if read_dir != true_dir:
            reader(x + 1.6, site, "W", f"PASS {n} direction check: woken from {wake} approach but wheel sensors give {read_dir} ({seq})")
            if onset is None:
                onset = x + 1.6
            misreads.append((x, code or "light engine", true_dir, read_dir))
        y = x + 2.1
        per_m = 3.6 / speed
        tags = unread = 0
        for i, (cls, num) in enumerate(units, 1):
            ckind, axles, bogies, plats, length, tare = june.CLASSES[cls]
            for side in ("L", "R"):
                if rng.random() < 0.006:
                    unread += 1
                    continue
                tags += 1
                plat = f" plat={'A' if side == 'L' else 'ABC'[plats - 1]}/{plats}" if plats > 1 else ""
                reader(y + (0.0 if side == "L" else length / 1000 * per_m * 0.8), site, "I",
                       f'PASS {n} TAG {i:03d} {side} id="{num}" eq={ckind} axles={axles}{plat} len={length // 100}')
            y += length / 1000 * per_m
        axles = sum(june.physical_axles(units))
        reader(y + 0.8, site, "I", f"PASS {n} END vehicles={len(units)} axles={axles} tags={tags}/{2 * len(units)} speed={speed}kph")
        if unread:
            reader(y + 0.81, site, "W", f"PASS {n} {unread} tag(s) not read")
        z = y + rng.uniform(1.0, 2.5)
        wagons = [num for cls, num in units if cls not in ("IB", "SH")]
        yard = "ISL"
        jl(z, "INFO", "aei passage", site=site, dir=read_dir, vehicles=len(units), axles=axles, tags=tags, unread_tags=unread)
        if kind == "light" or not wagons:
            jl(z + 0.02, "INFO", "shunt movement", yard=yard, site=site, dir=read_dir, vehicles=len(units))
            continue
        if read_dir == true_dir:
            if kind == "shuttle":
                if read_dir == "IN":
                    jl(z + 0.02, "INFO", "train arrived yard", yard=yard, train=code, wagons=len(wagons), road="T1")
                else:
                    jl(z + 0.02, "INFO", "departure read matches train list", train=code, site=site, wagons=len(wagons), unread_tags=unread)
                    jl(z + 0.05, "INFO", "train departed yard", yard=yard, train=code, wagons=len(wagons))
            elif read_dir == "IN":
                jl(z + 0.02, "INFO", "train arrived yard", yard=yard, train=code, wagons=len(wagons), road="R1")
            else:
                jl(z + 0.02, "INFO", "departure read matches train list", train=code, site=site, wagons=len(wagons), unread_tags=unread)
                jl(z + 0.05, "INFO", "train departed yard", yard=yard, train=code, wagons=len(wagons))
            jl(z + 0.3, "INFO", "customer notices queued", kind="arrived" if read_dir == "IN" else "departed", yard=yard,
               wagons=len(wagons), customers=rng.randint(3, 14))
            continue
        # the wrong way round
        if read_dir == "OUT":
            jl(z + 0.02, "WARN", "departure read matched no train list; treated as a movement out of the yard", site=site, vehicles=len(units), wagons=len(wagons))
            for k, w in enumerate(wagons):
                jl(z + 0.03 + k * 0.0007, "WARN", "departure read: wagon not in yard inventory", yard=yard, site=site, wagon=w)
            jl(z + 0.3, "INFO", "customer notices queued", kind="departed", yard=yard, wagons=len(wagons), customers=rng.randint(9, 16))
            inventory_out[code] = (wagons, z)
            jl(x + 1800 + rng.uniform(20, 60), "WARN", "expected arrival not read at a gate", yard=yard, train=code,
               due={"3PA7": "04:40", "9MA3": "06:20"}[code], meridian_status="ARRIVED")
        else:
            jl(z + 0.02, "WARN", "arrival read matched no expected train; treated as a movement into the yard", site=site,
               vehicles=len(units), wagons=len(wagons), already_in_yard=len(wagons))
            jl(z + 0.3, "INFO", "customer notices queued", kind="arrived", yard=yard, wagons=len(wagons), customers=rng.randint(8, 15))
            jl(x + 1800 + rng.uniform(20, 60), "WARN", "train not departed: no departure read", yard=yard, train=code,
               planned={"2AM5": "05:30", "4AP1": "07:05"}[code], meridian_status="DEPARTED")
    assert onset and A("14 04:41:00") < onset < A("14 04:41:12"), onset
    stats["onset"] = onset
    stats["misreads"] = misreads
    stats["trains"] = trains

    # reader status, and the wheel sensors open while the rail was out
    for site in ("ISL-N", "ISL-S"):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            ws = "ws1=OK ws2=OK"
            if site == "ISL-N" and secs(SENSORS_OFF) < x < secs(SENSORS_ON):
                ws = "ws1=OPEN ws2=OPEN"
            reader(x, site, "I", f"STATUS rf=OK {ws} presence=OK temp={rng.randint(3, 12)}C uptime={int((x - t0) / 3600) + (218 if site == 'ISL-N' else 302)}h")
            x += 300 + rng.uniform(-1, 1)
    reader(secs(SENSORS_OFF), "ISL-N", "W", "WS1 open circuit")
    reader(secs(SENSORS_OFF) + 41.3, "ISL-N", "W", "WS2 open circuit")
    reader(secs(SENSORS_ON) - 48.2, "ISL-N", "I", "WS2 signal restored")
    reader(secs(SENSORS_ON), "ISL-N", "I", "WS1 signal restored")
    reader(A("14 08:18:02"), "ISL-N", "W", "WS1 open circuit")
    reader(A("14 08:18:09"), "ISL-N", "W", "WS2 open circuit")
    reader(secs(TECH_FIX) - 6.5, "ISL-N", "I", "WS1 signal restored")
    reader(secs(TECH_FIX), "ISL-N", "I", "WS2 signal restored")

    # --- the handhelds and the portal ----------------------------------------
    def ingress_line(x, method, path, status, rt, ua, ipaddr):
        t = at(x)
        ingress.add(t, f'{ipaddr} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {rng.randint(180, 4800) if status < 400 else rng.randint(60, 140)} "-" "{ua}" {rng.randint(300, 900)} {rt:.3f} [opsys-wagontrack-80] [] 10.244.{rng.randint(1, 6)}.{rng.randint(2, 250)}:8080 {rng.randint(180, 4800)} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    def hh(x, yard_, net, status, path=None):
        ingress_line(x, "POST", path or f"/yard/v1/yards/{yard_}/scans", status, rng.uniform(0.01, 0.06),
                     f"YardHand/5.3.0 (Zebra TC58; Android 13; HH-{rng.randint(11, 48)})", f"10.{net}.{rng.randint(4, 9)}.{rng.randint(2, 250)}")

    def day_rate(x, night, day):
        h = at(x).astimezone(ACST).hour
        return day if 6 <= h < 22 else night

    for yard_, net, night, day in (("DYN", 31, 1.4, 3.0), ("ISL", 32, 1.0, 2.2), ("KEW", 33, 0.9, 1.8)):
        x = t0
        while x < t1:
            x += rng.expovariate(day_rate(x, night, day) / 60)
            hh(x, yard_, net, 201 if rng.random() > 0.004 else 404)
    # shunters breaking up 3PA7 (and later 9MA3) on Road 1: every scan refused until the yard check
    rejected = 0
    for code, start_at in (("3PA7", A("14 05:01:30")), ("9MA3", A("14 06:46:00"))):
        wagons, _ = inventory_out[code]
        x = start_at
        k = 0
        while x < A("14 08:44:00") and k < len(wagons) * 3:
            x += rng.expovariate(2.6 / 60)
            w = wagons[k % len(wagons)] if rng.random() < 0.8 else rng.choice(wagons)
            k += 1
            hh(x, "ISL", 32, 404)
            jl(x + 0.01, "WARN", "scan rejected: wagon not in yard inventory", yard="ISL", wagon=w, handheld=f"HH-{rng.randint(11, 48)}")
            rejected += 1
    stats["rejected"] = rejected
    for x in sorted(rng.uniform(t0, t1) for _ in range(7)):
        jl(x, "WARN", "scan rejected: wagon not in yard inventory", yard=rng.choice(["DYN", "KEW", "ISL"]), wagon=fleet.take("RQTY"), handheld=f"HH-{rng.randint(11, 48)}")
    # the yard check, road by road, from 08:45
    x = A("14 08:45:10")
    checked = {}
    n3pa7 = len(inventory_out["3PA7"][0])
    for road, n_added, n_removed in (("R1", len(inventory_out["9MA3"][0]), 0), ("A3", n3pa7 - 32, len(trains["2AM5"]["wagons"])),
                                     ("A4", 32, len(trains["4AP1"]["wagons"])), ("A5", rng.randint(1, 3), rng.randint(0, 2)), ("T2", 0, 1)):
        jl(x, "INFO", "yard check started", yard="ISL", road=road, user="k.doherty")
        count = n_added + rng.randint(4, 30)
        for _ in range(count):
            x += rng.uniform(3, 9)
            hh(x, "ISL", 32, 201, path=f"/yard/v1/yards/ISL/yardcheck/{road}")
        x += rng.uniform(20, 60)
        jl(x, "INFO", "yard check reconciled", yard="ISL", road=road, scanned=count, added=n_added, removed=n_removed)
        checked[road] = (n_added, n_removed)
        x += rng.uniform(60, 180)
    stats["yardcheck_end"] = x
    portal_ua = june.__dict__.get("PORTAL_UA") or ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
                                                   "python-requests/2.32.3", "IronbarkPortal/2.5 (integration; C0412)"]
    all_wagons = [w for t in trains.values() for w in t["wagons"]]
    x = t0
    while x < t1:
        x += rng.expovariate(day_rate(x, 1.8, 5.0) / 60)
        path = f"/api/v2/wagons/{rng.choice(all_wagons).replace(' ', '%20')}/location" if rng.random() < 0.6 else f"/api/v2/shipments/SH{rng.randint(2700000, 2714999)}"
        ingress_line(x, "GET", path, 200 if rng.random() > 0.01 else 404, rng.uniform(0.008, 0.09), rng.choice(portal_ua),
                     f"{rng.choice([49, 101, 110, 120, 203])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")

    # --- routine wagontrack lines ---------------------------------------------
    x = t0 + 23.8
    while x < t1:
        jl(x, "INFO", "location batch published", topic="wagon-locations", wagons=rng.randint(20, 240), lag_ms=rng.randint(40, 900))
        x += 60 + rng.uniform(-0.2, 0.2)
    x = t0 + 311
    while x < t1:
        jl(x, "INFO", "wagon register refreshed", classes=42, wagons=2216)
        x += 600 + rng.uniform(0.1, 2.5)
    x = t0 + 940
    while x < t1:
        jl(x, "INFO", "tcl token refreshed", expires_in=3600)
        x += 3300 + rng.uniform(0, 3)
    sites_w = ["LAR", "GHP", "ARA", "HRS", "SVT", "MBG", "TLB", "BDT", "NTH", "KAL", "BEN", "CHT"]
    others = ["5MP1", "6MA4", "2MP9", "7MA2", "3MS6", "2SM1", "1PM2", "3PM7", "6AP3", "2PA8", "5PM3"]
    for x in sorted(rng.uniform(t0, t1) for _ in range(110)):
        ax = rng.choice([168, 180, 194, 216, 228, 244, 254, 270, 312])
        jl(x, "INFO", "wcm passage", train=rng.choice(others), site=rng.choice(sites_w), km=round(rng.uniform(40, 600), 3), axles=ax,
           max_temp_c=rng.randint(8, 40), alarms=0)
    tcl = 260713402
    for x, code, yard_, ents, wag, ax in sorted([(A("13 21:32:10"), "2AP4", "ISL", 66, 54, 244), (A("13 22:08:44"), "6AM8", "ISL", 50, 44, 214),
                                                (secs(mel("2026-07-14 04:20:31")), "2MP9", "DYN", 88, 60, 300), (A("14 04:51:02"), "2AM5", "ISL", 87, 61, 300),
                                                (A("14 06:25:40"), "4AP1", "ISL", 75, 60, 282), (A("14 08:59:12"), "1AP9", "ISL", 74, 55, 268)]):
        length = rng.randint(1050, 1480)
        who = ("r.lim" if x > A("14 00:00:00") else "k.doherty") if yard_ == "ISL" else rng.choice(["m.kaur", "j.forde"])
        jl(x - rng.uniform(2, 4), "INFO", "train list closed", yard=yard_, train=code, wagons=wag, length_m=length, user=who)
        tcl += rng.randint(5, 60)
        jl(x + rng.uniform(0.3, 1.1), "INFO", "consist lodged", train=code, tcl_ref=f"C{tcl}", amendment=False, entries=ents, wagons=wag, axles=ax,
           length_m=length, gross_t=rng.randint(2400, 4300), dg_entries=rng.randint(0, 8))
    for when, version, sha in [(DEPLOY_430, "4.3.0", shas["rel_430"]), (ROLLBACK, "4.2.3", shas["rel_423"]), (REDEPLOY, "4.3.0", shas["rel_430"])]:
        for k in range(2):
            pod = f"wagontrack-{hexid(rng, 9)}-{hexid(rng, 5)}"
            y = secs(when) + 14 + k * 21 + rng.uniform(0, 3)
            jl(y, "INFO", "wagontrack starting", version=version, commit=sha[:8], pod=pod)
            jl(y + 0.4, "INFO", "wcm consumer joined", group="wagontrack", topic="wcm.passages.IBRK", partitions=rng.choice([2, 3]))
            jl(y + 0.5, "INFO", "aei listener ready", addr=":7070")
            jl(y + 0.9, "INFO", "wagon register refreshed", classes=42, wagons=2216)
    readers = {"DYN-W1": "10.31.2.11", "DYN-N1": "10.31.2.12", "ISL-N": "10.32.2.11", "ISL-S": "10.32.2.14", "KEW-E1": "10.33.2.11"}
    for when in (DEPLOY_430, ROLLBACK, REDEPLOY):
        for k, (site, addr) in enumerate(readers.items()):
            jl(secs(when) + 44 + k * 0.7 + rng.uniform(0, 0.5), "INFO", "aei reader connected", site=site, remote=f"{addr}:{rng.randint(40000, 60000)}")

    # --- Meridian's possession and work-on-track records -----------------------
    def acc(x, record, event, text, **kv):
        body = {"ts": iso(x, digits=0), "record": record, "event": event, "location": "Islington Road 1", "text": text}
        body.update(kv)
        access.add(at(x), json.dumps(body, ensure_ascii=False))

    P = "P26-0713-ISL1"
    acc(A("13 16:00:00"), P, "NOTICE", "Possession confirmed for 23:30 Mon 13 Jul to 04:00 Tue 14 Jul: Islington Road 1 km 2.200-2.750 incl. points 101A/B. Works: rail replacement 60 kg/m, 330 m, and resurfacing. Operator trains to use Road 1 outside the possession only.", pic="M. Okonkwo")
    acc(secs(POSSESSION[0]), P, "GRANTED", "Possession granted to Protection Officer M. Okonkwo. Protection: points 101 secured reverse, signals ISL12 and ISL14 at stop, track circuits T101 and T102 isolated.", pic="M. Okonkwo")
    acc(A("13 23:41:00"), P, "WORKS_STARTED", "Track gang on site (Rail Works crew 4, 11 staff). Rail-road excavator and welding plant on track.")
    acc(A("14 00:09:00"), P, "PROGRESS", "Rail cut at km 2.385 and 2.715. Removing rail. Interface assets noted: Ironbark AEI site ISL-N, two wheel sensors at km 2.41.")
    acc(A("14 01:58:00"), P, "PROGRESS", "New rail in place, 2 thermit welds complete, resurfacing first pass.")
    acc(A("14 03:24:00"), P, "WORKS_COMPLETE", "Works complete. 330 m of 60 kg/m rail replaced km 2.385-2.715, 2 welds, resurfaced 2 passes. Ironbark AEI ISL-N wheel sensors unclamped and refitted to the new rail by track gang, cables reconnected at the junction box. Track circuits T101, T102 tested OK.")
    acc(A("14 03:49:00"), P, "TRACK_CERTIFIED", "Road 1 certified for normal speed (25 km/h yard limit) by track examiner J. Sullivan.")
    acc(secs(POSSESSION[1]), P, "HANDBACK", "Possession handed back, Road 1 open to traffic.", pic="M. Okonkwo")
    W = "WOTA-26-11873"
    acc(A("14 08:04:30"), W, "GRANTED", "Work on track authority granted to Ironbark wayside technician G. Pappas, Road 1 km 2.38-2.44, 08:05-08:30, lookout working. No movements on Road 1.", pic="G. Pappas")
    acc(A("14 08:29:10"), W, "RELINQUISHED", "Authority relinquished, Road 1 clear.", pic="G. Pappas")

    # --- Islington yard control -------------------------------------------------
    def ycl(x, who, train_, text):
        t = at(x).astimezone(ACST)
        yc.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S')} ACST | {who} | {train_} | {text}")

    out3 = at(inventory_out["3PA7"][1]).astimezone(ACST).strftime("%H:%M")
    yc_entries = [
        (A("13 21:43:10"), "YC K.Doherty", "9MA1", "Arrived Road 1 21:41, 49 wagons. Breaking up onto A3/A4 after 22:00"),
        (A("13 22:15:30"), "YC K.Doherty", "2AP4", "Departed Road 1 22:14 for Perth"),
        (A("13 22:53:00"), "YC K.Doherty", "6AM8", "Departed Road 1 22:52 for Melbourne"),
        (A("13 23:25:00"), "YC K.Doherty", "-", "Road 1 under possession 23:30-04:00 (rail replacement). Arrivals to hold at Dry Creek. Terminal via south gate only"),
        (A("14 03:59:30"), "YC R.Lim", "-", "Road 1 handed back 03:58"),
        (A("14 04:44:10"), "YC R.Lim", "3PA7", "Arrived Road 1 04:41 (held Dry Creek 03:40-04:30), 82 wagons. Break-up from 05:00 onto A3/A4/T2"),
        (A("14 05:12:00"), "YC R.Lim", "3PA7", "Shunters: handhelds refuse every wagon on Road 1, 'not in yard inventory'. Working from the paper list"),
        (A("14 05:29:40"), "YC R.Lim", "3PA7", f"wagontrack shows 3PA7's wagons 'departed Islington {out3}'. Customer service says customers are getting departure e-mails. Calling systems on-call"),
        (A("14 05:37:20"), "YC R.Lim", "2AM5", "Departed Road 1 05:35 for Melbourne, 61 wagons"),
        (A("14 06:24:00"), "YC R.Lim", "9MA3", "Arrived Road 1 06:22, 64 wagons"),
        (A("14 06:38:00"), "YC R.Lim", "-", "Told on-call: Road 1 had the rail replaced overnight, where the ISL-N reader's wheel sensors are"),
        (A("14 07:11:40"), "YC R.Lim", "4AP1", "Departed Road 1 07:10 for Perth, 60 wagons"),
        (A("14 08:02:00"), "YC K.Doherty", "-", "Road 1 blocked 08:05-08:30 for Ironbark wayside technician (WOTA). 5MA6 to hold at Dry Creek"),
        (A("14 08:30:10"), "YC K.Doherty", "-", "Test move SH light engine in and out over ISL-N: read correctly. Road 1 open"),
        (A("14 08:45:00"), "YC K.Doherty", "-", "Yard check of R1, A3, A4, A5, T2 started with handhelds"),
        (A("14 08:54:20"), "YC K.Doherty", "5MA6", "Arrived Road 1 08:52, 48 wagons. Handhelds accept them"),
        (stats["yardcheck_end"] + 60, "YC K.Doherty", "-", "Yard check complete, wagontrack inventory agrees with the roads"),
        (A("14 09:45:30"), "YC K.Doherty", "1AP9", "Departed Road 1 09:44, departure confirmed in wagontrack"),
    ]
    for x, who, train_, text in yc_entries:
        ycl(x, who, train_, text)

    # --- wayside work orders -----------------------------------------------------
    def wol(x, status, text, **kv):
        body = {"ts": iso(x, digits=0), "wo": "WO-88213", "asset": "AEI-ISL-N", "status": status, "text": text}
        body.update(kv)
        wo.add(at(x), json.dumps(body, ensure_ascii=False))

    wol(A("14 06:52:40"), "NEW", "ISL-N AEI reports every passage in the wrong direction since the first train after last night's rail replacement on Road 1 (INC-2417). Reader's direction check fires on each passage. Check wheel sensors WS1/WS2.", priority="P1", raised_by="tom.reyes")
    wol(A("14 07:03:15"), "ASSIGNED", "Assigned to G. Pappas (wayside, Adelaide). ETA 07:55. Needs WOTA on Road 1.", assignee="g.pappas")
    wol(A("14 07:56:02"), "ON_SITE", "On site at ISL-N. Waiting for WOTA.")
    wol(A("14 08:21:30"), "FINDING", "WS1 and WS2 transposed: WS1 head clamped on the yard side at km 2.412, WS2 on the main side, after the rail replacement. Heads swapped back, clamp torque and 2.45 m spacing checked, cable glands resealed.")
    wol(A("14 08:29:50"), "TESTED", "Test moves SH 1904 in and out: reader IN/OUT correct, no direction check warning. Reader status OK.")
    wol(A("14 08:33:00"), "CLOSED", "Closed. Recommend Meridian's track gangs call Ironbark wayside before disturbing ISL-N sensors.")

    # --- Flux --------------------------------------------------------------------
    def fl(x, controller, msg, **kv):
        kind = {"kustomization": ("kustomize.toolkit.fluxcd.io", "Kustomization"), "gitrepository": ("source.toolkit.fluxcd.io", "GitRepository")}[controller]
        body = {"level": "info", "ts": at(x).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at(x).microsecond // 1000:03d}Z", "msg": msg,
                "controller": controller, "controllerGroup": kind[0], "controllerKind": kind[1],
                kind[1]: {"name": "wagontrack", "namespace": "flux-system"}, "namespace": "flux-system", "name": "wagontrack",
                "reconcileID": uuid4(rng)}
        body.update(kv)
        flux.add(at(x), json.dumps(body, separators=(",", ":")))

    revs = [(t0 - 1, shas["rel_423"]), (secs(DEPLOY_430) - 40, shas["rel_430"]), (secs(ROLLBACK) - 30, shas["rollback"]),
            (secs(REDEPLOY) - 35, shas["again"])]
    messages = {shas["rel_430"]: "release 4.3.0", shas["rollback"]: "deploy: pin wagontrack 4.2.3 (rollback of 4.3.0, INC-2417)",
                shas["again"]: "deploy: wagontrack 4.3.0 again (INC-2417 was ISL-N's wheel sensors, not the release)"}

    def rev_at(x):
        r = revs[0][1]
        for when, sha in revs:
            if when <= x:
                r = sha
        return r

    x = t0 + 402.7
    while x < t1:
        fl(x, "kustomization", f"Reconciliation finished in {rng.uniform(0.9, 2.2):.4f}s, next run in 10m0s", revision=f"production@sha1:{rev_at(x)}")
        x += 600 + rng.uniform(0.01, 0.4)
    for when, sha in revs[1:]:
        when += rng.uniform(0, 0.9)
        fl(when, "gitrepository", f"stored artifact for commit '{messages[sha].splitlines()[0]}'", revision=f"production@sha1:{sha}")
        fl(when + 38.6, "kustomization", "server-side apply completed", revision=f"production@sha1:{sha}", output={"Deployment/opsys/wagontrack": "configured"})
        fl(when + 39.1, "kustomization", f"Reconciliation finished in {rng.uniform(1.8, 2.6):.4f}s, next run in 10m0s", revision=f"production@sha1:{sha}")

    # --- Slack #opsys-oncall ----------------------------------------------------
    users = {"tom.reyes": "U07TR3C5N", "liam.nguyen": "U04LN2Q7W", "priya.raman": "U03PR8K2D", "rachel.lim (islington yard)": "U06RL8W2E",
             "gus.pappas (wayside)": "U05GP4T1S", "kerry.doherty (islington yard)": "U06KD2H7L", "customer.service": "U02CS9V4Q"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "opsys-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    n3 = len(trains["3PA7"]["wagons"])
    say(A("13 14:12:00"), "liam.nguyen", "4.3.0 is tagged (YARD-311 direction from the wheel sensors and sites.yaml, PORT-18, YARD-314, Go 1.22.5). @tom.reyes as agreed, promote it during tonight's Road 1 possession at Islington, nothing passes ISL-N between 23:30 and 04:00")
    say(A("14 03:16:30"), "tom.reyes", "4.3.0 promoted and running (Flux 03:14). ISL-S shuttle at 03:36 will be the first passage on the new direction code, ISL-N after the possession")
    say(A("14 03:40:00"), "tom.reyes", "PS23 in at ISL-S 03:36 read IN, arrived on T1. going back to bed")
    say(A("14 05:31:10"), "rachel.lim (islington yard)", f"@tom.reyes wagontrack thinks 3PA7 departed Islington at {out3}. it arrived on Road 1 at 04:41. every scan on Road 1 says 'not in yard inventory', {n3} wagons. and customer service says customers are getting 'departed Islington' e-mails")
    say(A("14 05:44:00"), "tom.reyes", f"looking. wagontrack logs 3PA7 at ISL-N ({out3}) as dir=OUT: 'departure read matched no train list; treated as a movement out of the yard' and {n3} × 'departure read: wagon not in yard inventory'. direction is exactly what YARD-311 changed in 4.3.0 at 03:14")
    say(A("14 05:52:00"), "tom.reyes", "sites.yaml has ISL-N inbound_first: WS1, same as the reader was set up. runbook says roll back if it started after a release. 2AM5 just went out at 05:35 and we logged it as an arrival. rolling back to 4.2.3 (INC-2417)")
    say(A("14 06:08:00"), "tom.reyes", "4.2.3 running on both pods since 06:05")
    say(A("14 06:27:30"), "rachel.lim (islington yard)", "9MA3 arrived 06:22, same thing: 'departed Islington'")
    say(A("14 06:31:00"), "tom.reyes", "so not 4.3.0: 4.2.3 takes the reader's own dir, and the reader says OUT too. and ISL-S has been right all night (PS23 in at 03:36 and out at 05:02). only ISL-N, only since the possession. @rachel.lim did anything happen at ISL-N overnight?")
    say(A("14 06:36:40"), "rachel.lim (islington yard)", "Meridian replaced the rail on Road 1 under the possession, 23:30-04:00. that's right where the reader's wheel sensors are clamped")
    say(A("14 06:47:00"), "tom.reyes", "the reader log has it: every ISL-N passage since 04:41 'direction check: woken from MAIN approach but wheel sensors give OUT (WS2-WS1)', the other way for departures. WS1/WS2 open circuit from 00:12 to 03:21, and Meridian's works record says the track gang unclamped and refitted the sensors. I think WS1 and WS2 are swapped. raising a P1 with wayside")
    say(A("14 07:05:00"), "gus.pappas (wayside)", "on my way, 07:55 at the gate. need a WOTA on Road 1, asking Meridian")
    say(A("14 08:22:10"), "gus.pappas (wayside)", "confirmed: WS1 head is on the yard side, WS2 on the main side. whoever refitted them swapped them. swapping back now")
    say(A("14 08:31:20"), "gus.pappas (wayside)", "SH 1904 in and out: IN and OUT, no direction check warning. all yours")
    say(A("14 08:40:00"), "tom.reyes", "thanks Gus. @kerry.doherty can the yard run a yard check on R1, A3, A4, A5 and T2? 3PA7 and 9MA3 are missing from the inventory, 2AM5 and 4AP1 are still in it")
    say(A("14 08:42:30"), "kerry.doherty (islington yard)", "starting now with two handhelds")
    say(A("14 09:05:00"), "customer.service", "we're sending corrections to the customers who got 'departed Islington' for 3PA7 and 9MA3, and a note to 2AM5/4AP1's customers that the departure was real")
    say(A("14 09:17:00"), "tom.reyes", "yard check reconciled R1 and A3 so far. 4.3.0 promoted again at 09:15, the release was never the problem. nothing to change in wagontrack; postmortem with Meridian about interface assets in possessions")
    say(stats["yardcheck_end"] + 90, "kerry.doherty (islington yard)", "yard check done, inventory matches the roads")
    say(A("14 09:46:30"), "tom.reyes", "1AP9 out at 09:44 read OUT and departed on 4.3.0. closing INC-2417")
    return [app, aei, ingress, access, yc, wo, flux, slack], stats


def build(out_dir):
    rng = random.Random(90200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        n3 = len(stats["trains"]["3PA7"]["wagons"])
        return write_scenario(
            out_dir, name="r90-aei-wheel-sensors-swapped-none", service=SERVICE, onset=onset,
            description=f"""
Ironbark Rail's Islington yard (Adelaide) loses track of its trains on
Tuesday 14 July 2026: from 04:41 ACST ({onset.strftime('%H:%M:%S')} UTC on the 13th), when 3PA7
from Perth arrives on Road 1, wagontrack records it as a movement out of
the yard ({n3} wagons "not in yard inventory", customers told they departed),
the shunters' handhelds refuse its wagons, and the departures that follow
are recorded as arrivals. wagontrack 4.3.0 had been deployed at 03:14 ACST
during Meridian Track's overnight possession of Road 1; it was rolled back
to 4.2.3 at 06:05 without effect. Passages were right again from 08:27,
the yard checked its roads from 08:45 and 4.3.0 was deployed again at
09:15. Times in the Meridian, yard control and work order logs are ACST
(+09:30).
""",
            logs=logs,
            line_formats={
                "aei-islington.log": r'<Date> <Time> <Reader> <Level> <Content>',
                "islington-yard-control.log": r'<Date> <Time> ACST \| <Desk> \| <Train> \| <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'direction check: woken from .* approach but wheel sensors give',
                r'wheel sensors unclamped and refitted',
                r'transposed: .* head clamped on the yard side',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Meridian Track's possession of Islington Road 1
(23:28-03:58 ACST) replaced 330 m of rail at the yard's north gate, where
Ironbark's AEI reader ISL-N has its two wheel sensors clamped to the rail;
the track gang unclamped them (the reader logs both open circuit from 00:12
to 03:21) and refitted them transposed: WS1, which must be on the main line
side, on the yard side. The reader takes the direction from the order the
sensors fire, so from the first train after the possession every passage
through ISL-N is the wrong way round, and the reader says so itself:
"direction check: woken from MAIN approach but wheel sensors give OUT".
wagontrack does with the reads what it is built to do: 3PA7's {n3} wagons are
a movement out of the yard (every one "departure read: wagon not in yard
inventory", departure e-mails to customers, handheld scans refused on Road
1), 2AM5 and 4AP1 are a movement into it, 9MA3 goes like 3PA7. Meridian's
works record notes the sensors "unclamped and refitted to the new rail by
track gang"; Ironbark's wayside technician finds WS1 and WS2 transposed at
08:20, swaps them back, and passages are right from 08:27. Nothing in
wagontrack was changed; the yard check corrected the inventory.
Decoys: release 4.3.0, deployed at 03:14 during the possession, 87 minutes
before the onset and before any train had passed ISL-N on it (YARD-311,
direction from the wheel sensor order and sites.yaml instead of the
reader's setting, the very direction logic; PORT-18 in the departure
notices; YARD-314; a Go bump), rolled back to 4.2.3 at 06:05 without effect
(the reader's own setting says OUT as well) and deployed again at 09:15;
YARD-301 in Friday's 4.2.3, which adds the very "departure read: wagon not
in yard inventory" warning that fills the log; the runbook section that
reads reversed passages as a wrong inbound_first in sites.yaml or a
release and says to roll back; INC-2344 on 2 July, a reader setting reset
at ISL-S; ISL-S reading right all night.
""",
        )
    finally:
        repo.close()
