"""terminal-gateway (Go 1.23, zap JSON; four pods on Corrig Lotteries' EKS
cluster in eu-west-2, synced by Argo CD from `main`; the retail systems
team in London, Leeds and Porto) is the front end that the national
lottery's 4,200 retailer terminals (Altaris T7, with a built-in 80 mm
thermal ticket printer) keep a TLS session with: sign-on, sales (passed to
wager-engine), validations (passed to prize-engine), the terminals' status
reports, and the print acknowledgement. A wager the host has accepted is
only the player's once the terminal has printed the ticket: the terminal
sends PRINT_ACK, or CANCEL with reason PRINT_FAIL and the printer's fault
code when the print fails; a wager without either within
`print_ack_timeout` is cancelled by the gateway.

The T7's printer finds the cut position of each ticket from a black mark
printed on the back of the roll, under a reflective sensor at the edge of
the paper path: it feeds up to 300 mm looking for the mark (about 15 s)
and reports E31 when it does not find it. The security rolls (pre-printed
backs) come from the converter Thermopak; Swiftline delivers them to the
retailers with the weekly scratchcard deliveries.

Lot TP-2648 is converted on 24 November with the back-print plate shifted
on part of the reels: the black mark lies 6 mm in from the edge of the
roll, at the edge of the sensor's window, so the T7 finds it on some
tickets and not on others. Swiftline delivers TP-2648 to the retailers of
routes N3, N4 and M2 on Thursday 3 and Friday 4 December (everyone else
gets TP-2611 or no paper); the retailers put the new boxes on the shelf.

terminal-gateway 5.8.0 is deployed in the maintenance window at 23:40 on
Friday: RET-233 (print_ack_timeout 30 s -> 12 s: a jammed printer held the
retailer's queue for 30 s), RET-236 (a warning for every wager cancelled
automatically, the line that fills the log), TGW-402 and an x/crypto bump,
after Thursday's runbook commit that reads a rise in print-failure
cancellations as a terminal software rollout or the gateway's print timer.
Wednesday's 5.7.2 (TGW-388) decodes the printers' fault codes in the
status reports. Overnight the terminal team installs terminal app 12.4.0
on a 10% canary ring.

Saturday 5 December (GMT): a £9.8M Lotto rollover. As shops open and
change rolls, the terminals of TP-2648 retailers start to fail prints with
E31 after the mark search; since the search takes ~15 s, 5.8.0's 12 s
timer cancels the wager first ("wager auto-cancelled" reason=ACK_TIMEOUT)
and the terminal's PRINT_FAIL E31 follows. The print-failure cancellation
alert fires at 09:40. Callum (on call) sees the new timer's reason in the
new warning, the terminal team's canary and the runbook, and rolls back to
5.7.2 at 10:35 without effect: the cancellations are now the terminals'
own PRINT_FAIL E31. The TMS shows every terminal's first E31 minutes after
a roll change; helpdesk tickets mention new boxes of paper; a field
engineer at one retailer swaps the printer to no effect and finds the new
roll's black mark 6 mm in from the edge; Swiftline's manifest puts
TP-2648 on N3, N4 and M2, where nearly every E31 terminal is. Retail ops
broadcasts to every terminal at 12:05 not to load TP-2648; retailers go
back to older rolls, Thermopak recalls the lot, the cancellations fall, and
5.8.0 is deployed again at 13:30. Nothing in terminal-gateway is changed.

Sources: terminal-gateway (zap JSON, one pod of four), the Altaris TMS's
device events (line format), Swiftline's delivery manifest (CSV lines,
line format), the retail helpdesk's tickets (JSON lines), the field
service jobs (JSON lines), HAProxy in front of the gateway (syslog RFC
3164), Argo CD application controller (logfmt), #retail-oncall (Slack
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "terminal-gateway"
START, END = utc("2026-12-04 22:30:00"), utc("2026-12-05 14:30:00")

DEPLOY_580 = utc("2026-12-04 23:40:12")
ROLLBACK = utc("2026-12-05 10:35:08")
BROADCAST = utc("2026-12-05 12:05:00")
REDEPLOY = utc("2026-12-05 13:30:16")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module gitlab.corriglotteries.com/retail/terminal-gateway

go 1.23

require (
	go.uber.org/zap v1.27.0
	golang.org/x/crypto v0.28.0
	golang.org/x/net v0.30.0
	google.golang.org/grpc v1.67.1
	gopkg.in/yaml.v3 v3.0.1
)
"""

VERSION = """package main

// version is set by the release commit.
var version = "5.7.1"
"""

MAIN = """package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/zap"

	"gitlab.corriglotteries.com/retail/terminal-gateway/internal/config"
	"gitlab.corriglotteries.com/retail/terminal-gateway/internal/session"
	"gitlab.corriglotteries.com/retail/terminal-gateway/internal/status"
	"gitlab.corriglotteries.com/retail/terminal-gateway/internal/validate"
	"gitlab.corriglotteries.com/retail/terminal-gateway/internal/wager"
)

var commit = "unknown"

func main() {
	log := zap.Must(config.Logger())
	defer log.Sync()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	cfg, err := config.Load(os.Getenv("TGW_CONFIG"))
	if err != nil {
		log.Fatal("config", zap.Error(err))
	}
	log.Info("terminal-gateway starting", zap.String("version", version), zap.String("commit", commit),
		zap.String("pod", os.Getenv("HOSTNAME")), zap.Duration("print_ack_timeout", cfg.PrintAckTimeout))

	sales := wager.New(cfg.WagerEngine, cfg.PrintAckTimeout, log)
	checks := validate.New(cfg.PrizeEngine, log)
	reports := status.New(log)
	session.Serve(ctx, cfg.Listen, cfg.TLS, session.Handlers{Sell: sales.Sell, Print: sales.Print,
		Validate: checks.Validate, Status: reports.Report}, log)
}
"""

CONFIG_GO = """package config

import (
	"os"
	"time"

	"go.uber.org/zap"
	"gopkg.in/yaml.v3"
)

type Config struct {
	Listen          string        `yaml:"listen"`
	TLS             TLS           `yaml:"tls"`
	WagerEngine     string        `yaml:"wager_engine"`
	PrizeEngine     string        `yaml:"prize_engine"`
	PrintAckTimeout time.Duration `yaml:"print_ack_timeout"`
	IdleTimeout     time.Duration `yaml:"idle_timeout"`
}

type TLS struct {
	Cert     string `yaml:"cert"`
	Key      string `yaml:"key"`
	ClientCA string `yaml:"client_ca"`
}

func Load(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	return c, yaml.Unmarshal(b, &c)
}

func Logger() (*zap.Logger, error) {
	cfg := zap.NewProductionConfig()
	cfg.EncoderConfig.TimeKey = "ts"
	cfg.EncoderConfig.EncodeTime = zapISO8601
	return cfg.Build()
}
"""

PRODUCTION = """# terminal-gateway, production (games-prod, namespace retail)
listen: ":7443"
tls:
  cert: /etc/tgw/tls/tls.crt
  key: /etc/tgw/tls/tls.key
  client_ca: /etc/tgw/terminal-ca/ca.crt   # Altaris T7 device certificates
wager_engine: wager-engine.games.svc:9090
prize_engine: http://prize-engine.games.svc/v2/validations
# A wager the host accepted is cancelled if the terminal neither confirms
# the print (PRINT_ACK) nor cancels it within this time.
print_ack_timeout: 30s
idle_timeout: 90s
"""

PRINT = """package wager

import (
	"context"
	"time"

	"go.uber.org/zap"
)

// Print handles the terminal's answer after printing a ticket: PRINT_ACK,
// or CANCEL with reason PRINT_FAIL and the printer's fault code. The player
// only owns a wager once its ticket is printed.
func (s *Sales) Print(ctx context.Context, term Terminal, m PrintMsg) {
	p, ok := s.pending.Take(m.Wager)
	if !ok {
		s.log.Info("print message for a wager no longer pending", zap.String("term", term.ID),
			zap.String("wager", m.Wager), zap.String("kind", m.Kind), zap.String("printer", m.Printer))
		return
	}
	switch m.Kind {
	case "PRINT_ACK":
		s.log.Debug("print confirmed", zap.String("term", term.ID), zap.String("wager", m.Wager))
		s.engine.Confirm(ctx, p.Wager)
	case "CANCEL":
		s.log.Info("cancel accepted", zap.String("term", term.ID), zap.String("ret", term.Retailer),
			zap.String("wager", m.Wager), zap.String("reason", m.Reason), zap.String("printer", m.Printer))
		s.engine.Cancel(ctx, p.Wager, m.Reason)
	}
}

// expire cancels the wagers whose print was not confirmed in time.
func (s *Sales) expire(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, p := range s.pending.OlderThan(now.Add(-s.ackTimeout)) {
				s.log.Info("cancel accepted", zap.String("term", p.Terminal), zap.String("ret", p.Retailer),
					zap.String("wager", p.Wager), zap.String("reason", "ACK_TIMEOUT"), zap.String("printer", ""))
				s.engine.Cancel(ctx, p.Wager, "ACK_TIMEOUT")
			}
		}
	}
}
"""

STATUS = """package status

import "go.uber.org/zap"

// Report is a terminal's status report: printer, paper, door, app version.
type Report struct {
	Terminal string `json:"term"`
	Retailer string `json:"ret"`
	App      string `json:"app"`
	Printer  string `json:"printer"` // OK or a fault code (E12, E20, E27, E31, ...)
	Paper    string `json:"paper"`   // OK, LOW, OUT
}

type Reports struct{ log *zap.Logger }

func New(log *zap.Logger) *Reports { return &Reports{log: log} }

func (r *Reports) Report(rep Report) {
	if rep.Printer != "OK" {
		r.log.Info("terminal status", zap.String("term", rep.Terminal), zap.String("ret", rep.Retailer),
			zap.String("printer", rep.Printer), zap.String("paper", rep.Paper), zap.String("app", rep.App))
	}
}
"""

SESSION = """package session

import (
	"context"
	"crypto/tls"
	"net"

	"go.uber.org/zap"
)

// Serve accepts the terminals' TLS sessions (client certificates from the
// Altaris device CA) and dispatches their messages.
func Serve(ctx context.Context, addr string, cfg TLSConfig, h Handlers, log *zap.Logger) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: cfg.Pool(), Certificates: cfg.Certs()}
	ln, err := tls.Listen("tcp", addr, tc)
	if err != nil {
		log.Fatal("listen", zap.Error(err))
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go handle(ctx, c.(*tls.Conn), h, log)
	}
}

func handle(ctx context.Context, c *tls.Conn, h Handlers, log *zap.Logger) {
	defer c.Close()
	_ = net.Conn(c)
}
"""

VALUES = """# terminal-gateway on games-prod (Argo CD application terminal-gateway)
image:
  repository: 411922060317.dkr.ecr.eu-west-2.amazonaws.com/retail/terminal-gateway
  tag: "5.7.1"
replicas: 4
service:
  type: LoadBalancer   # HAProxy on the retail network edge in front
resources:
  requests:
    cpu: "1"
    memory: 1Gi
"""

DOCKERFILE = """FROM golang:1.23 AS build
WORKDIR /src
COPY . .
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -ldflags "-X main.commit=${COMMIT}" -o /tgw ./cmd/terminal-gateway

FROM gcr.io/distroless/static-debian12
COPY --from=build /tgw /tgw
COPY config /etc/tgw
ENTRYPOINT ["/tgw"]
"""

GITLAB_CI = """stages: [test, image]

test:
  stage: test
  image: golang:1.23
  script:
    - go vet ./...
    - go test ./...

image:
  stage: image
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - docker build --build-arg COMMIT=$CI_COMMIT_SHORT_SHA -t $ECR/retail/terminal-gateway:$CI_COMMIT_TAG .
    - docker push $ECR/retail/terminal-gateway:$CI_COMMIT_TAG
"""

README = """# terminal-gateway

The retailer terminals' front end: TLS sessions from the Altaris T7
terminals (device certificates), sign-on, sales to wager-engine,
validations to prize-engine, status reports and print acknowledgements.

## Releasing

Tag `vX.Y.Z`; set `image.tag` in `deploy/values-production.yaml`. Releases
go out in the nightly maintenance window (23:30-05:30, terminals closed
for sales) unless the duty manager approves an emergency change. To roll
back, set the previous tag there; Argo CD (`terminal-gateway`) syncs it.
"""

RUNBOOK = """# terminal-gateway runbook

Owner: retail systems (#retail-oncall). Retail operations and the helpdesk
are in the same channel on Saturdays.

## Terminals offline

Check HAProxy's backend and the terminals' session count on the
dashboard. A whole region offline is usually the retail network (BT
Redcare ticket via the NOC).

## Sales latency

wager-engine's latency; check its dashboard before ours.
"""

CHANGELOG = "# Changelog\n\n## 5.7.1\n\n- Idle sessions closed after 90 s without a heartbeat (TGW-380).\n"


def build_repo():
    repo = Repo()
    callum = Person("Callum Reid", "callum.reid@corriglotteries.com", 0)
    ines = Person("Inês Carvalho", "ines.carvalho@corriglotteries.com", 0)
    harry = Person("Harry Okoye", "harry.okoye@corriglotteries.com", 0)
    fatima = Person("Fatima Shah", "fatima.shah@corriglotteries.com", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    pr, prod = "internal/wager/print.go", "config/production.yaml"
    repo.commit(utc("2026-11-27 09:40:00"), fatima, "terminal-gateway 5.7.1 (history before the move to GitLab is in the SVN archive)", {
        "go.mod": GO_MOD,
        "cmd/terminal-gateway/main.go": MAIN,
        "cmd/terminal-gateway/version.go": VERSION,
        "internal/config/config.go": CONFIG_GO,
        "internal/wager/print.go": PRINT,
        "internal/status/report.go": STATUS,
        "internal/session/session.go": SESSION,
        "config/production.yaml": PRODUCTION,
        "deploy/values-production.yaml": VALUES,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(92021)
    repo.schedule(chores(rng, SERVICE, [ines, harry, fatima], utc("2026-11-27 12:00:00"), utc("2026-12-03 17:00:00"), 3))
    repo.commit(utc("2026-11-30 08:20:00"), bot, "build(deps): bump golang.org/x/net from 0.30.0 to 0.31.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.30.0", "golang.org/x/net v0.31.0"),
    })
    repo.commit(utc("2026-12-02 14:20:00"), ines, "status: decode the printers' fault codes in status reports (TGW-388)\n\nThe T7 sends a bare code (E31); the helpdesk asks what it means every\ntime. Names from the Altaris T7 service manual, section 7.3.", {
        "internal/status/report.go": sub(repo.files["internal/status/report.go"],
                                         "type Reports struct{ log *zap.Logger }\n",
                                         "// printerFaults are the T7 printer's fault codes (service manual 7.3).\nvar printerFaults = map[string]string{\n\t\"E12\": \"PAPER_OUT\",\n\t\"E20\": \"HEAD_OPEN\",\n\t\"E27\": \"PAPER_JAM\",\n\t\"E31\": \"BLACK_MARK_NOT_FOUND\",\n\t\"E44\": \"CUTTER_JAM\",\n\t\"E52\": \"HEAD_OVERHEAT\",\n}\n\ntype Reports struct{ log *zap.Logger }\n",
                                         "\tif rep.Printer != \"OK\" {\n\t\tr.log.Info(\"terminal status\", zap.String(\"term\", rep.Terminal), zap.String(\"ret\", rep.Retailer),\n\t\t\tzap.String(\"printer\", rep.Printer), zap.String(\"paper\", rep.Paper), zap.String(\"app\", rep.App))\n\t}\n",
                                         "\tif rep.Printer != \"OK\" {\n\t\tr.log.Warn(\"printer fault reported\", zap.String(\"term\", rep.Terminal), zap.String(\"ret\", rep.Retailer),\n\t\t\tzap.String(\"code\", rep.Printer), zap.String(\"fault\", printerFaults[rep.Printer]), zap.String(\"paper\", rep.Paper),\n\t\t\tzap.String(\"app\", rep.App))\n\t}\n"),
    })
    rel_572 = repo.commit(utc("2026-12-02 16:05:00"), fatima, "release 5.7.2", {
        "cmd/terminal-gateway/version.go": repo.edit("cmd/terminal-gateway/version.go", '"5.7.1"', '"5.7.2"'),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.7.1"', 'tag: "5.7.2"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.7.2\n\n- Printer fault codes decoded in status reports (TGW-388).\n- x/net 0.31.0.\n", 1),
    })
    repo.commit(utc("2026-12-03 10:30:00"), callum, "runbook: print-failure cancellations", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Print-failure cancellations (alert: above 2% of sales for 10 minutes)

A wager is cancelled when the terminal reports the print failed (CANCEL
PRINT_FAIL with the printer's code) or confirms nothing within
`print_ack_timeout` (ACK_TIMEOUT). A few in a thousand is normal: paper
running out mid-ticket (E12), jams (E27).

A network-wide rise has so far always been software:

- a terminal app rollout (check the TMS rollout calendar with the terminal
  team; they can halt a ring);
- our print acknowledgement handling or timer (`print_ack_timeout` in
  `config/production.yaml`): if it started after a terminal-gateway
  release, roll back first (`deploy/values-production.yaml`).

Single retailers with repeated printer faults: the helpdesk books a field
engineer (Altaris field service, 4 h on Saturdays).
""",
    })
    repo.commit(utc("2026-12-03 15:40:00"), harry, "wager: print acknowledgement timeout 30 s -> 12 s (RET-233)\n\nA T7 prints a ticket in 2-4 s. When the printer jams and the terminal\nsends nothing, the retailer's queue waits the full 30 s before the sale\nis cancelled and the terminal can sell again. 12 s is three times the\nslowest print we measured (a 10-board ticket).", {
        prod: repo.edit(prod, "print_ack_timeout: 30s\n", "print_ack_timeout: 12s   # RET-233: three times the slowest print (10 boards, 3.9 s)\n"),
    })
    repo.commit(utc("2026-12-04 10:15:00"), ines, "wager: warn for every wager cancelled automatically, with the reason (RET-236)\n\nRetail ops asked how many sales the printers cost us; cancellations\nwere logged at info with the terminal's own cancels.", {
        pr: sub(repo.files[pr],
                "\tcase \"CANCEL\":\n\t\ts.log.Info(\"cancel accepted\", zap.String(\"term\", term.ID), zap.String(\"ret\", term.Retailer),\n\t\t\tzap.String(\"wager\", m.Wager), zap.String(\"reason\", m.Reason), zap.String(\"printer\", m.Printer))\n",
                "\tcase \"CANCEL\":\n\t\ts.log.Warn(\"wager auto-cancelled\", zap.String(\"term\", term.ID), zap.String(\"ret\", term.Retailer),\n\t\t\tzap.String(\"wager\", m.Wager), zap.String(\"reason\", m.Reason), zap.String(\"printer\", m.Printer))\n",
                "\t\t\t\ts.log.Info(\"cancel accepted\", zap.String(\"term\", p.Terminal), zap.String(\"ret\", p.Retailer),\n\t\t\t\t\tzap.String(\"wager\", p.Wager), zap.String(\"reason\", \"ACK_TIMEOUT\"), zap.String(\"printer\", \"\"))\n",
                "\t\t\t\ts.log.Warn(\"wager auto-cancelled\", zap.String(\"term\", p.Terminal), zap.String(\"ret\", p.Retailer),\n\t\t\t\t\tzap.String(\"wager\", p.Wager), zap.String(\"reason\", \"ACK_TIMEOUT\"), zap.Duration(\"waited\", s.ackTimeout))\n"),
    })
    repo.commit(utc("2026-12-04 11:02:00"), fatima, "session: rotate TLS session ticket keys every 12 h (TGW-402)\n\nPen test finding PT-2026-31: session ticket keys lived as long as the pod.", {
        "internal/session/session.go": sub(repo.files["internal/session/session.go"],
                                           "\tln, err := tls.Listen(\"tcp\", addr, tc)\n",
                                           "\tgo rotateTicketKeys(ctx, tc, 12*time.Hour, log)\n\tln, err := tls.Listen(\"tcp\", addr, tc)\n",
                                           "import (\n\t\"context\"\n\t\"crypto/tls\"\n\t\"net\"\n",
                                           "import (\n\t\"context\"\n\t\"crypto/tls\"\n\t\"net\"\n\t\"time\"\n"),
    })
    repo.commit(utc("2026-12-04 11:40:00"), bot, "build(deps): bump golang.org/x/crypto from 0.28.0 to 0.29.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/crypto v0.28.0", "golang.org/x/crypto v0.29.0"),
    })
    rel_580 = repo.commit(utc("2026-12-04 14:30:00"), fatima, "release 5.8.0\n\nFor tonight's maintenance window.", {
        "cmd/terminal-gateway/version.go": repo.edit("cmd/terminal-gateway/version.go", '"5.7.2"', '"5.8.0"'),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.7.2"', 'tag: "5.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 5.8.0\n\n- Print acknowledgement timeout 12 s (RET-233).\n- Automatic cancellations logged as warnings with the reason (RET-236).\n- TLS session ticket keys rotated every 12 h (TGW-402).\n- x/crypto 0.29.0.\n", 1),
    })
    rollback = repo.commit(utc("2026-12-05 10:32:00"), callum, "deploy: pin terminal-gateway 5.7.2 (rollback of 5.8.0, INC-5630)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.8.0"', 'tag: "5.7.2"'),
    })
    again = repo.commit(utc("2026-12-05 13:27:00"), callum, "deploy: terminal-gateway 5.8.0 again (INC-5630 was paper lot TP-2648, not the release)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.7.2"', 'tag: "5.8.0"'),
    })
    return repo, {"rel_572": rel_572, "rel_580": rel_580, "rollback": rollback, "again": again}


# ---------------------------------------------------------------------------
# Saturday


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def S(clock, day=5):
    """'09:30:00' on Saturday 5 December (GMT = UTC) -> epoch seconds."""
    return secs(utc(f"2026-12-{day:02d} {clock}"))


def iso_z(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


NORTH = [f"N{i}" for i in range(1, 7)]
MIDLANDS = [f"M{i}" for i in range(1, 6)]
SOUTH = [f"S{i}" for i in range(1, 9)]
WEST = [f"W{i}" for i in range(1, 5)]
ROUTES = NORTH + MIDLANDS + SOUTH + WEST
BAD_ROUTES = ("N3", "N4", "M2")
BAD_LOT, OLD_LOT = "TP-2648", "TP-2611"


class Terminal:
    def __init__(self, rng, i):
        self.id = f"T0{rng.randint(10000, 99999)}"
        self.ret = f"R{rng.randint(20000, 59999)}"
        self.route = rng.choice(ROUTES)
        self.app = "12.4.0" if rng.random() < 0.1 else "12.3.7"
        self.h24 = rng.random() < 0.05
        self.open = S("00:00:00") if self.h24 else S("06:00:00") + rng.lognormvariate(0, 0.6) * 2400
        self.close_fri = S("21:40:00", 4) + rng.uniform(0, 4800)
        self.rate = rng.uniform(0.05, 0.4)
        self.delivered = None
        self.bad_from = None
        self.fixed_at = None
        self.old_stock = rng.random() < 0.86


def build_logs(rng, shas):
    gw = Log("terminal-gateway.log")
    tms = Log("altaris-tms-events.log")
    manifest = Log("swiftline-deliveries.log")
    desk = Log("retail-helpdesk.log")
    fs = Log("field-service-jobs.log")
    haproxy = Log("haproxy.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-retail-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    def version_at(x):
        if x < secs(DEPLOY_580) + 30:
            return "5.7.2"
        if x < secs(ROLLBACK) + 30:
            return "5.8.0"
        if x < secs(REDEPLOY) + 30:
            return "5.7.2"
        return "5.8.0"

    callers = {"sell accepted": "wager/sell.go:61", "wager auto-cancelled": "wager/print.go:31", "cancel accepted": "wager/print.go:31",
               "print message for a wager no longer pending": "wager/print.go:18", "printer fault reported": "status/report.go:33",
               "terminal status": "status/report.go:22", "validations": "validate/stats.go:31", "terminal signed on": "session/signon.go:40",
               "terminal signed off": "session/signon.go:71", "session closed": "session/session.go:88", "print outcomes": "wager/stats.go:29",
               "host pool": "session/pool.go:52", "terminal-gateway starting": "terminal-gateway/main.go:31",
               "session ticket keys rotated": "session/tickets.go:24", "broadcast message delivered": "session/broadcast.go:40"}

    def g(x, level, msg, **kv):
        body = {"level": level, "ts": iso_z(x), "caller": callers.get(msg, "session/session.go:120"), "msg": msg}
        body.update(kv)
        gw.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def tm(x, term, text, node=None):
        t = at(x)
        node = node or f"TMS0{1 + (int(term.id[2:]) % 3)}"
        tms.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {node} {term.id} {term.ret} app={term.app} {text}")

    terminals = [Terminal(rng, i) for i in range(1040)]
    for term in terminals:
        if term.route in BAD_ROUTES:
            term.delivered = (BAD_LOT, rng.uniform(S("09:30:00", 3), S("17:30:00", 3)) if term.route == "N3"
                              else rng.uniform(S("09:00:00", 4), S("17:45:00", 4)))
        elif rng.random() < 0.4:
            term.delivered = (OLD_LOT, rng.uniform(S("09:00:00", 3), S("17:45:00", 4)))

    # --- Swiftline's manifest (Thursday and Friday) -----------------------------
    for term in sorted((tt for tt in terminals if tt.delivered), key=lambda tt: tt.delivered[1]):
        lot, x = term.delivered
        t = at(x)
        boxes = rng.choice([1, 1, 2, 2, 3])
        signer = rng.choice(["A.Patel", "J.Hughes", "S.Ali", "M.Kowalski", "L.Evans", "P.Singh", "D.Walsh", "K.Brown"])
        manifest.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},SWL,{term.route},{term.ret},CONSUMABLES,thermal rolls lot {lot} x{boxes * 12} ({boxes} box),delivered,signed {signer}")
        if rng.random() < 0.7:
            manifest.add(t + dt.timedelta(seconds=5), f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},SWL,{term.route},{term.ret},INSTANTS,{rng.randint(2, 9)} packs game {rng.choice([1142, 1147, 1151, 1153])},delivered,signed {signer}")

    # --- each terminal's morning ---------------------------------------------------
    sells, fails, cancels = [], [], []   # (x, term, wager)
    roll_changes = {}
    first_e31 = {}

    def wager_id():
        return f"W{rng.randint(10 ** 11, 10 ** 12 - 1)}"

    def profile(x):
        if x < S("06:00:00"):
            return 0.15 if x < S("00:30:00") else 0.05
        if x < S("08:00:00"):
            return 0.5
        if x < S("10:00:00"):
            return 0.85
        return 1.0

    for term in terminals:
        # a roll change on Saturday (most busy shops change one), sometimes two
        change = None
        if rng.random() < 0.55:
            lo = max(term.open + 600, S("06:40:00"))
            change = rng.triangular(lo, S("13:50:00"), max(lo, S("10:15:00")))
        roll_changes[term.id] = change
        if change is not None and term.delivered and term.delivered[0] == BAD_LOT and rng.random() < 0.82:
            term.bad_from = change
        # the 24-hour garages on those routes change rolls in the night
        if term.h24 and term.route in BAD_ROUTES and change is not None:
            change = rng.uniform(S("01:00:00"), S("05:00:00"))
            roll_changes[term.id] = change
            if term.bad_from is not None:
                term.bad_from = change

    bad = [tt for tt in terminals if tt.bad_from is not None]
    stats["bad_terminals"] = len(bad)

    # when a bad terminal is put right: the helpdesk's advice from 11:50, the broadcast at 12:05
    for term in bad:
        if term.old_stock:
            base = max(term.bad_from + rng.uniform(1800, 5400), S("11:50:00") + rng.uniform(0, 600)) if term.bad_from < S("11:50:00") else term.bad_from + rng.uniform(900, 2400)
            term.fixed_at = max(base, secs(BROADCAST) + rng.uniform(180, 2400)) if term.bad_from < secs(BROADCAST) else term.bad_from + rng.uniform(300, 1500)
        else:
            term.fixed_at = rng.uniform(S("13:40:00"), S("16:30:00"))   # Swiftline's emergency delivery

    def active(term, x):
        return term.h24 or x < term.close_fri or x >= term.open

    def terminal_day(term):
        """Sales at one terminal from the start of the logs. The gateway logs a
        sale at debug; only the failed prints reach this log."""
        x = t0
        change = roll_changes[term.id]
        consecutive = 0
        episodes = 0
        while True:
            x += rng.expovariate(term.rate * profile(x) / 60)
            if x >= t1:
                break
            if not active(term, x):
                x = term.open
                continue
            if change is not None and x > change:
                roll_change(term, change)
                x = max(x, change + 90)
                change = None
                continue
            is_bad = term.bad_from is not None and term.bad_from <= x and (term.fixed_at is None or x < term.fixed_at)
            tries = 1
            while True:
                sells.append((x, term))
                if not (is_bad and rng.random() < 0.5):
                    consecutive = 0
                    if is_bad and rng.random() < 0.12:
                        # printed, but cut across the ticket: the barcode is split
                        tm(x + 3.1, term, f"PRINTER ticket cut {rng.randint(18, 60)} mm from the mark position (mark weak)")
                    break
                print_fail(term, x, wager_id(), "E31", search=True)
                consecutive += 1
                x += rng.uniform(17, 45)
                if consecutive >= 3:
                    # the terminal locks sales; the retailer reloads the roll
                    episodes += 1
                    y = x + rng.uniform(5, 20)
                    tm(y, term, "SALES locked: printer fault E31 (3 consecutive)")
                    y += rng.uniform(30, 200)
                    tm(y, term, "DOOR opened")
                    y += rng.uniform(15, 60)
                    tm(y, term, "DOOR closed, roll loaded, mark search")
                    found = rng.random() < 0.55
                    y += rng.uniform(1.5, 5) if found else rng.uniform(14.2, 16.4)
                    if found:
                        tm(y, term, f"PRINTER mark found after {rng.randint(20, 180)} mm feed")
                    else:
                        tm(y, term, "PRINTER E31 black mark not found after 300 mm feed")
                        status_report(term, y + 0.4, "E31")
                        y += rng.uniform(60, 180)
                        tm(y, term, "DOOR opened")
                        y += rng.uniform(15, 60)
                        tm(y, term, "DOOR closed, roll loaded, mark search")
                        y += rng.uniform(1.5, 5)
                        tm(y, term, f"PRINTER mark found after {rng.randint(120, 290)} mm feed")
                    if episodes in (1, 2) and term.id not in called:
                        helpdesk_call(term, y + rng.uniform(60, 400))
                    consecutive = 0
                    x = y + rng.uniform(10, 60)
                    break
                tries += 1
                if tries > 3:
                    break

    def weighted(choices):
        total = sum(w for w, _ in choices)
        r = rng.uniform(0, total)
        for w, v in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][1]

    def status_report(term, y, code, paper="OK"):
        if version_at(y) != "":
            g(y, "warn", "printer fault reported", term=term.id, ret=term.ret, code=code,
              fault={"E12": "PAPER_OUT", "E20": "HEAD_OPEN", "E27": "PAPER_JAM", "E31": "BLACK_MARK_NOT_FOUND", "E44": "CUTTER_JAM"}[code],
              paper=paper, app=term.app)

    def print_fail(term, x, w, code, search=False):
        """The print of wager w accepted at x fails with code; the terminal
        sends CANCEL PRINT_FAIL when the printer gives up."""
        took = rng.uniform(14.2, 16.4) if search else rng.uniform(2.0, 6.0)
        if search:
            tm(x + took - 0.3, term, "PRINTER E31 black mark not found after 300 mm feed")
            first_e31.setdefault(term.id, x + took - 0.3)
        else:
            tm(x + took - 0.3, term, {"E12": "PAPER out (E12) during print", "E27": "PRINTER E27 paper jam at cutter", "E20": "PRINTER E20 head open during print"}[code])
        cancels.append((x, term, code))
        timeout = 12 if version_at(x) == "5.8.0" else 30
        if took > timeout:
            g(x + timeout + rng.uniform(0.01, 0.9), "warn", "wager auto-cancelled", term=term.id, ret=term.ret, wager=w, reason="ACK_TIMEOUT", waited=float(timeout))
            g(x + took, "info", "print message for a wager no longer pending", term=term.id, wager=w, kind="CANCEL", printer=code)
        elif version_at(x + took) == "5.8.0":
            g(x + took, "warn", "wager auto-cancelled", term=term.id, ret=term.ret, wager=w, reason="PRINT_FAIL", printer=code)
        else:
            g(x + took, "info", "cancel accepted", term=term.id, ret=term.ret, wager=w, reason="PRINT_FAIL", printer=code)
        status_report(term, x + took + 0.3, code, paper="OUT" if code == "E12" else "OK")

    def roll_change(term, x):
        if rng.random() < 0.4:
            # the roll runs out mid-ticket
            print_fail(term, x, wager_id(), "E12")
            y = x + rng.uniform(20, 90)
        else:
            tm(x - rng.uniform(300, 2400), term, "PAPER low")
            y = x
        tm(y, term, "DOOR opened")
        y += rng.uniform(20, 75)
        tm(y, term, "DOOR closed, roll loaded, mark search")
        if term.bad_from is not None and abs(term.bad_from - x) < 1:
            found = rng.random() < 0.6
        else:
            found = True
        if found:
            tm(y + rng.uniform(1.5, 5), term, f"PRINTER mark found after {rng.randint(8, 150)} mm feed")
        else:
            tm(y + rng.uniform(13, 17), term, "PRINTER E31 black mark not found after 300 mm feed")
            first_e31.setdefault(term.id, y + 15)
            status_report(term, y + 15.5, "E31")

    called = set()
    helpdesk_calls = []

    def helpdesk_call(term, y):
        called.add(term.id)
        helpdesk_calls.append((y, term))

    for term in terminals:
        terminal_day(term)

    # baseline printer trouble not about paper: jams, head open, a dirty sensor
    for _ in range(22):
        term = rng.choice([tt for tt in terminals if tt.bad_from is None])
        x = rng.uniform(max(term.open, S("06:30:00")), t1 - 60)
        print_fail(term, x, wager_id(), rng.choice(["E27", "E27", "E20"]))
    dirty = rng.choice([tt for tt in terminals if tt.bad_from is None and tt.route not in BAD_ROUTES and tt.open < S("07:00:00")])
    x = S("07:12:40")
    print_fail(dirty, x, wager_id(), "E31", search=True)
    tm(x + 300, dirty, "DOOR opened")
    tm(x + 420, dirty, "DOOR closed, roll loaded, mark search")
    tm(x + 423, dirty, "PRINTER mark found after 12 mm feed")
    stats["dirty"] = dirty

    # --- validations: a summary every 5 minutes (single validations are debug) ---
    x = t0 + 300.1
    while x < t1:
        busy = 0.1 if S("00:00:00") <= x < S("06:30:00") else (0.6 if x < S("09:00:00") else 1.0)
        n = int(rng.gauss(150, 15) * busy) + (4 if x < S("00:00:00") else 0)
        paid = int(n * rng.uniform(0.3, 0.36))
        g(x + 0.05, "info", "validations", window="5m", total=n, paid=paid, not_winner=n - paid - int(n * 0.03), other=int(n * 0.03),
          manual_entry=int(n * rng.uniform(0.01, 0.03)), p99_ms=rng.randint(30, 90))
        x += 300

    # --- sign-ons, sign-offs, sessions ------------------------------------------
    for term in terminals:
        if not term.h24:
            if term.close_fri > t0:
                g(term.close_fri, "info", "terminal signed off", term=term.id, ret=term.ret, reason="END_OF_DAY")
                tm(term.close_fri + 0.4, term, "SIGNOFF end of day")
            g(term.open - rng.uniform(30, 200), "info", "terminal signed on", term=term.id, ret=term.ret, app=term.app,
              session=hexid(rng, 12), resumed=rng.random() < 0.7)
            tm(term.open - rng.uniform(20, 180), term, "SIGNON ok")
    # terminal app 12.4.0 canary ring 1 overnight
    for term in terminals:
        if term.app == "12.4.0":
            x = rng.uniform(S("02:00:00"), S("03:30:00"))
            tm(x, term, "APP 12.4.0 installed (ring 1), reboot scheduled")
            tm(x + rng.uniform(60, 300), term, "APP reboot complete, 12.4.0 running")
    x = t0 + 41
    while x < t1:
        online = sum(1 for tt in terminals if tt.h24 or (tt.open <= x and x >= S("05:00:00")) or (x < S("00:00:00") and tt.close_fri > x))
        g(x, "info", "host pool", wager_engine_ok=3, prize_engine_ok=3, terminals_online=online, pod="terminal-gateway-2")
        x += 300 + rng.uniform(-0.5, 0.5)
    for _ in range(26):
        term = rng.choice(terminals)
        x = rng.uniform(max(t0, term.open), t1)
        g(x, "info", "session closed", term=term.id, reason=rng.choice(["IDLE_TIMEOUT", "IDLE_TIMEOUT", "PEER_RESET"]), idle_s=rng.randint(91, 400))

    # per-5-minute print outcome summary
    sell_times = sorted(s[0] for s in sells)
    cancel_list = sorted(cancels, key=lambda c: c[0])
    x = t0 + 300.2
    si = ci = 0
    alert = None
    window = []
    while x < t1:
        n_s = 0
        while si < len(sell_times) and sell_times[si] < x:
            n_s += 1
            si += 1
        by = {"E12": 0, "E31": 0, "other": 0}
        while ci < len(cancel_list) and cancel_list[ci][0] < x - 20:
            code = cancel_list[ci][2]
            by[code if code in by else "other"] += 1
            ci += 1
        g(x, "info", "print outcomes", window="5m", sold=n_s, cancelled=sum(by.values()), paper_out=by["E12"], mark=by["E31"], other=by["other"])
        window.append((x, n_s, sum(by.values())))
        last2 = window[-2:]
        tot_s = sum(w[1] for w in last2)
        tot_c = sum(w[2] for w in last2)
        if alert is None and x > S("07:00:00") and tot_s > 600 and tot_c / tot_s > 0.02:
            alert = x + 37.4   # the alert rule's evaluation after the window closes
        x += 300
    stats["alert"] = alert
    stats["first_e31_sat"] = min(v for k, v in first_e31.items() if v > S("06:00:00"))

    # the pods
    def start(x, version, sha, timeout):
        g(x, "info", "terminal-gateway starting", version=version, commit=sha[:8], pod="terminal-gateway-2", print_ack_timeout=float(timeout))
        g(x + 0.8, "info", "host pool", wager_engine_ok=3, prize_engine_ok=3, terminals_online=0, pod="terminal-gateway-2")

    start(secs(DEPLOY_580) + 52, "5.8.0", shas["rel_580"], 12)
    start(secs(ROLLBACK) + 49, "5.7.2", shas["rel_572"], 30)
    start(secs(REDEPLOY) + 47, "5.8.0", shas["rel_580"], 12)
    g(secs(DEPLOY_580) + 53.2, "info", "session ticket keys rotated", next_in="12h")
    g(secs(REDEPLOY) + 48.2, "info", "session ticket keys rotated", next_in="12h")
    g(secs(DEPLOY_580) + 53.2 + 43200, "info", "session ticket keys rotated", next_in="12h")
    g(secs(BROADCAST) + 40, "info", "broadcast message delivered", id="MSG-20261205-02", terminals=sum(1 for tt in terminals if tt.h24 or tt.open < secs(BROADCAST)))
    t = at(secs(BROADCAST) - 12)
    tms.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} TMS01 - - app=- MESSAGE MSG-20261205-02 queued for 4211 terminals by a.patel: DO NOT LOAD PAPER ROLLS FROM BOXES LABELLED LOT TP-2648. USE OLDER STOCK. NO OLDER STOCK: CALL HELPDESK")
    t = at(secs(BROADCAST) + 74)
    tms.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} TMS01 - - app=- MESSAGE MSG-20261205-02 displayed on 4167 of 4211 terminals (44 offline)")
    # the bad terminals go back to old stock
    for term in bad:
        if term.fixed_at < t1:
            tm(term.fixed_at - rng.uniform(60, 200), term, "DOOR opened")
            tm(term.fixed_at - rng.uniform(5, 40), term, "DOOR closed, roll loaded, mark search")
            tm(term.fixed_at, term, f"PRINTER mark found after {rng.randint(8, 140)} mm feed")

    # --- HAProxy (syslog) -------------------------------------------------------------
    x = t0
    while x < t1:
        x += rng.expovariate((0.5 if x < S("06:00:00") else 4.0) / 60)
        if x >= t1:
            break
        t = at(x)
        term = rng.choice(terminals)
        src = f"10.{rng.randint(64, 95)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}"
        dur = rng.randint(60000, 9000000)
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        haproxy.add(t, f"{stamp} edge-lb-01 haproxy[2114]: {src}:{rng.randint(30000, 60999)} [{t.strftime('%d/%b/%Y:%H:%M:%S')}.{t.microsecond // 1000:03d}] "
                       f"terminals~ tgw/tgw-{rng.randint(0, 3)} 1/0/{dur} {rng.randint(20000, 900000)} -- {rng.randint(900, 1400)}/{rng.randint(900, 1400)}/{rng.randint(200, 380)}/{rng.randint(40, 100)}/0 0/0")
    for x in (secs(ROLLBACK) + 20, secs(REDEPLOY) + 20, secs(DEPLOY_580) + 20):
        t = at(x)
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        for k in range(4):
            haproxy.add(at(x + k * 22), f"{stamp} edge-lb-01 haproxy[2114]: Server tgw/tgw-{k} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 3 active and 0 backup servers left.")
            haproxy.add(at(x + k * 22 + 18), f"{stamp} edge-lb-01 haproxy[2114]: Server tgw/tgw-{k} is UP, reason: Layer4 check passed, check duration: 1ms. 4 active and 0 backup servers online.")

    # --- Argo CD -----------------------------------------------------------------------
    def argo_line(x, msg, **kv):
        parts = [f"ts={iso_z(x)}", "level=info", f'msg="{msg}"'] + [f"{k}={v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    for app, ns in (("terminal-gateway", "retail"), ("retail-portal", "retail")):
        x = t0 + rng.uniform(0, 180)
        while x < t1:
            argo_line(x, "Reconciliation completed", application=f"argocd/{app}", comparison_level=1, dest_namespace=ns,
                      diff_ms=rng.randint(2, 9), git_ms=rng.randint(90, 300), time_ms=rng.randint(150, 420))
            x += 180 + rng.uniform(0, 12)
    for when, sha in ((DEPLOY_580, shas["rel_580"]), (ROLLBACK, shas["rollback"]), (REDEPLOY, shas["again"])):
        x = secs(when)
        argo_line(x, f"Initiated automated sync to '{sha}'", application="terminal-gateway", dest_namespace="retail")
        argo_line(x + 2, "Applying resource Deployment/terminal-gateway in cluster: https://172.20.0.1:443, namespace: retail", application="terminal-gateway")
        argo_line(x + 3, f"sync/1 resources done, sync to {sha[:7]} succeeded", application="terminal-gateway", dest_namespace="retail")

    # --- helpdesk tickets -----------------------------------------------------------
    texts = [
        "Printer error after changing the paper roll, sales keep cancelling",
        "Tickets not printing, terminal says printer fault, customer charged?",
        "Terminal locked: printer fault E31. Reloaded the roll, same again",
        "Tickets coming out cut in the middle, barcode split",
        "Printer feeds a long strip of blank paper then error",
        "Sales cancelled three times in a row, queue out the door, Lotto rollover",
        "New box of paper from this week, printer will not find the start of the ticket",
        "Printer fault after new roll, cleaned the sensor as advised, no better",
    ]
    def tkt(x, ret, text, cat):
        desk.add(at(x), json.dumps({"created": iso_z(x)[:19] + "Z", "ticket": f"RH-{int(x) % 100000 + 410000}", "retailer": ret,
                                    "category": cat, "summary": text, "advice": advice(x, text)}, ensure_ascii=False))

    def advice(x, text):
        if "paper" not in text.lower() and "printer" not in text.lower() and "print" not in text.lower() and "cut" not in text.lower():
            return "resolved on call"
        if x < S("11:50:00"):
            return rng.choice(["clean mark sensor with swab, reload roll", "power cycle terminal, reload roll", "field engineer booked (4h)"])
        return "use paper from an older box; do not load lot TP-2648; emergency delivery if none"

    for y, term in sorted(helpdesk_calls, key=lambda c: c[0]):
        if y < t1:
            text = rng.choice(texts)
            if rng.random() < 0.25:
                text = rng.choice(texts[6:])
            tkt(y, term.ret, text, "Terminal")
    for x, text, cat in [(S("23:05:00", 4), "Scratchcard pack activation refused, pack 1151-0042217", "Instants"),
                         (S("07:31:00"), "Terminal will not sign on, certificate error", "Terminal"),
                         (S("08:44:00"), "Customer dispute over Starball prize amount", "Validation"),
                         (S("10:12:00"), "Paper low warning stays on with a new roll", "Terminal"),
                         (S("12:48:00"), "Instants pack not delivered (driver left note)", "Instants")]:
        tkt(x, f"R{rng.randint(20000, 59999)}", text, cat)
    stats["helpdesk_calls"] = len([c for c in helpdesk_calls if c[0] < S("11:50:00")])

    # --- field service --------------------------------------------------------------
    def job(x, jid, ret, term, status, note, engineer="G.Marsh"):
        fs.add(at(x), json.dumps({"ts": iso_z(x)[:19] + "Z", "job": jid, "retailer": ret, "terminal": term, "engineer": engineer,
                                  "status": status, "note": note}, ensure_ascii=False))

    early = sorted((c for c in helpdesk_calls if c[0] < S("09:45:00")), key=lambda c: c[0])
    key_term = early[0][1]
    stats["key_term"] = key_term
    job(early[0][0] + 300, "FS-77812", key_term.ret, key_term.id, "BOOKED", "printer fault E31 repeated, sales cancelled; SLA 4h")
    job(S("10:49:00"), "FS-77812", key_term.ret, key_term.id, "ARRIVED", "on site")
    job(S("11:07:00"), "FS-77812", key_term.ret, key_term.id, "NOTE", "printer mechanism swapped (T7-PRN-80 s/n 88-41172 for 88-40307); E31 persists with the roll in use")
    job(S("11:19:00"), "FS-77812", key_term.ret, key_term.id, "NOTE", f"loaded a roll from the shop's older box (lot {OLD_LOT}): mark found, 20 test tickets OK. Roll in use is lot {BAD_LOT} (delivered Friday): black mark printed 6 mm in from the roll edge, outside the sensor window; {OLD_LOT} mark is at the edge")
    job(S("11:24:00"), "FS-77812", key_term.ret, key_term.id, "CLOSED", f"no fault in terminal; consumable. Retailer using {OLD_LOT}. Reported to retail ops")
    others = [c for c in early[1:6]]
    for i, (y, term) in enumerate(others):
        jid = f"FS-778{13 + i}"
        job(y + 400, jid, term.ret, term.id, "BOOKED", "printer fault after roll change; SLA 4h")
        if i < 2:
            job(S("11:40:00") + i * 900, jid, term.ret, term.id, "ARRIVED", "on site", engineer=rng.choice(["R.Doyle", "T.Barker"]))
            job(S("11:58:00") + i * 900, jid, term.ret, term.id, "CLOSED", f"mark sensor cleaned, no change; old roll lot {OLD_LOT} prints fine; advised per retail ops broadcast", engineer="R.Doyle" if i == 0 else "T.Barker")
        else:
            job(S("12:20:00") + i * 60, jid, term.ret, term.id, "CANCELLED", f"retailer resolved: paper from older box (lot {BAD_LOT} withdrawn)")
    for i in range(4):
        term = rng.choice([tt for tt in terminals if tt.bad_from is None])
        y = rng.uniform(S("07:00:00"), S("13:00:00"))
        job(y, f"FS-7775{i}", term.ret, term.id, "NOTE", rng.choice(["scanner window cracked, replaced", "customer display flicker, cable reseated",
                                                                      "PSU replaced", "touch calibration"]), engineer=rng.choice(["R.Doyle", "T.Barker", "K.Ahmed"]))

    # --- #retail-oncall ------------------------------------------------------------
    users = {"callum.reid": "U03CR5T8M", "asha.patel (retail ops)": "U02AP4L2K", "jonas.berg (terminals)": "U04JB7N1V",
             "gary.marsh (field service)": "U06GM2C9X", "swiftline.desk": "U07SW1D3E", "pagerduty": "U01PD0000", "fatima.shah": "U02FS8Q4R"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "retail-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    bad_terms_by_1146 = [tt for tt in terminals if tt.id in first_e31 and first_e31[tt.id] < S("11:46:00") and first_e31[tt.id] > S("06:00:00")]
    got_bad = [tt for tt in bad_terms_by_1146 if tt.delivered and tt.delivered[0] == BAD_LOT]
    stats["e31_terms"] = (len(bad_terms_by_1146), len(got_bad))
    say(secs(DEPLOY_580) + 240, "fatima.shah", "terminal-gateway 5.8.0 is out (Argo 23:40): RET-233 print ack timeout 30s -> 12s, RET-236 warnings for automatic cancels, TGW-402 ticket key rotation, x/crypto")
    say(S("02:41:00"), "jonas.berg (terminals)", "terminal app 12.4.0 ring 1 (10%) installing tonight, reboots before 04:00. ring 2 Tuesday")
    say(alert + 55, "pagerduty", "[P2] terminal-gateway: print-failure cancellations above 2% of sales for 10 min (INC-5630) - assigned to callum.reid")
    say(alert + 420, "callum.reid", "looking. the log is full of 'wager auto-cancelled' reason=ACK_TIMEOUT, that's the 12 s timer from RET-233 in last night's 5.8.0")
    say(alert + 980, "asha.patel (retail ops)", f"helpdesk has had {stats['helpdesk_calls'] // 2 + 9} calls since 08:00: printer errors, tickets not printing, sales cancelled. rollover day, queues. mostly north and midlands")
    say(alert + 1300, "callum.reid", "runbook says terminal app rollout or our timer. @jonas.berg (terminals) did 12.4.0 go out?")
    say(alert + 1700, "jonas.berg (terminals)", "12.4.0 on ring 1 only (10%). TMS has E31 (black mark not found) on 12.3.7 and 12.4.0 terminals alike, so I doubt it's the app")
    say(alert + 2300, "callum.reid", "E31 from the terminals arrives a few seconds after our 12 s cancel ('print message for a wager no longer pending'). rolling back to 5.7.2 anyway to take the timer out of it, duty manager approved")
    say(secs(ROLLBACK) + 150, "callum.reid", "5.7.2 on all four pods (10:36)")
    say(S("10:58:00"), "callum.reid", "no change. the cancels are now 'cancel accepted' reason=PRINT_FAIL printer=E31 from the terminals themselves, same rate. the mark search takes ~15 s and fails, so 5.8.0 just cancelled them 3 s earlier")
    say(S("11:04:00"), "asha.patel (retail ops)", "helpdesk: several retailers say it started with a new box of paper")
    say(S("11:12:00"), "callum.reid", "TMS agrees: on every E31 terminal I checked, the first E31 comes minutes after 'DOOR closed, roll loaded'. looks like the paper")
    say(S("11:26:00"), "gary.marsh (field service)", f"engineer at {key_term.ret}: swapped the printer, still E31 with their roll. a roll from the shop's older box ({OLD_LOT}) works, 20 test tickets. the new roll is {BAD_LOT}, black mark printed 6 mm in from the edge")
    say(S("11:37:00"), "swiftline.desk", f"lot {BAD_LOT} went out Thursday (route N3) and Friday (N4, M2) with the consumables. other routes got {OLD_LOT}")
    say(S("11:46:00"), "callum.reid", f"of the {len(bad_terms_by_1146)} terminals on this pod with E31 today, {len(got_bad)} are at retailers that had {BAD_LOT} delivered. it's the lot")
    say(S("11:58:00"), "asha.patel (retail ops)", f"broadcasting to all terminals at 12:05: do not load rolls from boxes labelled {BAD_LOT}, use older stock, call the helpdesk for an emergency delivery. calling Thermopak")
    say(S("12:41:00"), "asha.patel (retail ops)", f"Thermopak QA: the back-print plate shifted on part of {BAD_LOT} during conversion on 24 Nov. lot recalled, Swiftline doing emergency deliveries of {OLD_LOT} this afternoon")
    say(S("13:12:00"), "callum.reid", "E31 down to a trickle, cancellations back under 0.5%. putting 5.8.0 back, the release was never the problem (emergency change approved)")
    say(secs(REDEPLOY) + 160, "callum.reid", "5.8.0 running again. nothing to change in terminal-gateway. INC-5630 stays open for the retailers without old stock; postmortem with retail ops and Thermopak on Monday")
    return [gw, tms, manifest, desk, fs, haproxy, argo, slack], stats


def build(out_dir):
    rng = random.Random(92200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["alert"]).replace(microsecond=0)
        n, m = stats["e31_terms"]
        return write_scenario(
            out_dir, name="r92-ticket-paper-black-mark-none", service=SERVICE, onset=onset,
            description=f"""
Retailers of Corrig Lotteries' national lottery cannot sell reliably on
the morning of Saturday 5 December 2026, a £9.8M Lotto rollover: their
terminals' printers fail tickets and the sales are cancelled. The
print-failure cancellation alert (above 2% of sales for 10 minutes) fires
at {onset.strftime('%H:%M')} GMT ({onset.strftime('%H:%M:%S')} UTC). terminal-gateway 5.8.0, deployed in Friday's
maintenance window at 23:40, was rolled back to 5.7.2 at 10:35 without
effect. From 12:05 retailers were told by a terminal broadcast not to load
paper rolls of lot {BAD_LOT}; the cancellations fell and 5.8.0 was deployed
again at 13:30. The gateway log is one pod of four.
""",
            logs=logs,
            line_formats={
                "altaris-tms-events.log": r'<Date> <Time> <Node> <Terminal> <Retailer> app=<App> <Content>',
                "swiftline-deliveries.log": r'<Time>,<Carrier>,<Route>,<Retailer>,<Item>,<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'black mark not found after',
                r'black mark printed .* in from the roll edge',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The converter Thermopak printed part of paper lot
{BAD_LOT} with its back-print plate shifted: the black mark that the Altaris
T7 printers use to find each ticket's cut position lies 6 mm in from the
edge of the roll, at the edge of the printer's mark sensor window.
Swiftline delivered the lot to the retailers of routes N3 (Thursday), N4
and M2 (Friday); as they load the new rolls on Saturday morning their
printers feed 300 mm looking for the mark, about 15 s, and fail with E31
("black mark not found after 300 mm feed" in the TMS), on some tickets
and not others; every failed print cancels its wager. terminal-gateway
does what it is built to do: with 5.8.0's 12 s timer the wager is
cancelled before the terminal's PRINT_FAIL E31 arrives ("wager
auto-cancelled" reason=ACK_TIMEOUT, then "print message for a wager no
longer pending"), with 5.7.2's 30 s the terminal's own PRINT_FAIL cancels
it ("cancel accepted" reason=PRINT_FAIL printer=E31). A field engineer
swaps a printer to no effect and finds the roll's black mark printed 6 mm
in from the roll edge, an older roll printing fine; {m} of the {n}
terminals on the pod with E31 by 11:46 are at retailers that had {BAD_LOT}
delivered. Retail ops tells every terminal not to load {BAD_LOT}, Thermopak
recalls the lot, and the cancellations fall as retailers go back to older
rolls. Nothing in terminal-gateway was changed.
Decoys: release 5.8.0, deployed in Friday's maintenance window 10 hours
before (RET-233, print_ack_timeout 30 s -> 12 s, whose ACK_TIMEOUT reason
fills the log because the mark search takes longer; RET-236, which adds
the very "wager auto-cancelled" warning; TGW-402; an x/crypto bump),
rolled back to 5.7.2 without effect and deployed again; 5.7.2's TGW-388,
which names the E31 fault in the gateway's log; the runbook section that
reads a network-wide rise in print-failure cancellations as a terminal app
rollout or the gateway's timer and says to roll back; the terminal team's
12.4.0 canary ring overnight; a dirty mark sensor at one terminal at 07:12;
routine jams and paper-out cancels.
""",
        )
    finally:
        repo.close()
