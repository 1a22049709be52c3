"""booking-api (Go on Kubernetes behind ingress-nginx, Helm, PostgreSQL) of
Kattegat Line, a Danish ferry operator (Grenaa-Varberg, Frederikshavn-Laeso).
Customers book on the web or in the app; a booking is PENDING_PAYMENT
until the payment provider Vallo says it is paid. Payment is on Vallo's
hosted payment page; the redirect back tells the customer "authorised",
but as Vallo's integration guide asks, the booking is only confirmed (and
the boarding pass issued) when Vallo's AUTHORISATION webhook notification
arrives at POST /webhooks/vallo. The port gates scan the boarding pass
and ask booking-api whether the booking may board.

On Friday 31 July, the first day of the Danish holiday weekend, Vallo's
notification delivery for the EU stalls at 06:49 UTC (a change of theirs
to the delivery queue). Payments are authorised normally, but no
notification reaches booking-api for almost two hours: every booking made
after 06:49 stays PENDING_PAYMENT, customers see "confirming your
payment" and get no boarding pass, and the drive-up customers who book on
their phones in the queue at Grenaa and Frederikshavn are refused at the
gate (PENDING_PAYMENT). Nothing in booking-api's repository caused it.

Humans: at 06:27 booking-api had been released (Helm revision 42) with
the change that moves notification processing to an outbox (SL-1432), a
vallo-go bump and a sweeper that warns about bookings waiting for their
notification (SL-1429). The on-call blames the outbox and rolls back to
revision 41 at 07:14, without effect (and the sweeper's warnings stop,
because the rollback removes the sweeper). A test notification sent from
Vallo's Customer Area at 07:24 arrives and is answered 200; the on-call
opens a ticket with Vallo and at 07:33 turns on the reconciler that polls
Vallo for pending bookings (PAYMENTS_RECONCILE_PENDING, revision 44): the
pending bookings are confirmed and the gates let them through. Vallo's
status page posts the incident at 07:48, an hour late; at 08:41 the
backlog is delivered and booking-api logs the late notifications. The
release is rolled out again at 09:12.

Decoys: the outbox release 27 minutes before the onset, which changes the
notification handler and bumps the Vallo client; the sweeper commit that
logs the very symptom ("booking waiting for payment notification"); its
disappearance after the rollback; a genuine late notification before the
onset with the same words; docs, tests and chores. Sources: booking-api
(zap JSON, epoch timestamps), ingress-nginx access log, the gate
controllers (syslog RFC 5424), the deploy workflow (GitHub Actions with
Helm), Vallo's status page (JSON) and #drift / #havn (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, poisson_times, query_range, utc, write_scenario
from formats import syslog5424
from skeletons import chores, readme, runbook

SERVICE = "booking-api"
START, END = utc("2026-07-31 05:00:00"), utc("2026-07-31 09:40:00")
RELEASE = utc("2026-07-31 06:27:40")
STALL = utc("2026-07-31 06:49:10")
ROLLBACK = utc("2026-07-31 07:14:20")
TEST_NOTIFICATION = utc("2026-07-31 07:24:31")
RECONCILE_ON = utc("2026-07-31 07:33:05")
STATUS_POSTED = utc("2026-07-31 07:48:12")
BACKLOG = utc("2026-07-31 08:41:30")
RERELEASE = utc("2026-07-31 09:12:10")
CEST = dt.timedelta(hours=2)
MOD = "github.com/kattegatline/booking-api"

# ---------------------------------------------------------------------------
# the repository

NOTIFY_GO = """package payments

import (
\t"encoding/json"
\t"net/http"
\t"time"

\t"go.uber.org/zap"

\t"github.com/kattegatline/booking-api/internal/bookings"
\tvallo "github.com/valloio/vallo-go/v3"
)

// NotificationHandler takes Vallo's webhook notifications. A booking is only
// confirmed here: the redirect from the payment page is not final.
type NotificationHandler struct {
\tBookings *bookings.Store
\tHMACKey  []byte
\tLog      *zap.Logger
}

func (h *NotificationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tvar req vallo.NotificationRequest
\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {
\t\thttp.Error(w, "bad request", http.StatusBadRequest)
\t\treturn
\t}
\tfor _, item := range req.NotificationItems {
\t\tn := item.NotificationRequestItem
\t\tif !vallo.ValidHMAC(n, h.HMACKey) {
\t\t\th.Log.Warn("notification HMAC invalid, ignored", zap.String("psp", n.PspReference))
\t\t\tcontinue
\t\t}
\t\tif lag := time.Since(n.EventDate); lag > 10*time.Minute {
\t\t\th.Log.Warn("late notification: received "+lag.Round(time.Second).String()+" after the event",
\t\t\t\tzap.String("event", n.EventCode), zap.String("psp", n.PspReference), zap.String("booking", n.MerchantReference))
\t\t}
\t\th.handle(r.Context(), n)
\t}
\tw.Write([]byte("[accepted]"))
}
"""

HANDLE_GO = """package payments

import (
\t"context"

\t"go.uber.org/zap"

\tvallo "github.com/valloio/vallo-go/v3"
)

func (h *NotificationHandler) handle(ctx context.Context, n vallo.NotificationRequestItem) {
\tif n.EventCode != "AUTHORISATION" {
\t\treturn
\t}
\tif !n.Success {
\t\th.Bookings.PaymentRefused(ctx, n.MerchantReference, n.Reason)
\t\th.Log.Info("payment refused", zap.String("booking", n.MerchantReference), zap.String("reason", n.Reason))
\t\treturn
\t}
\tconfirmed, err := h.Bookings.Confirm(ctx, n.MerchantReference, n.PspReference)
\tif err != nil {
\t\th.Log.Error("confirm booking failed", zap.String("booking", n.MerchantReference), zap.Error(err))
\t\treturn
\t}
\tif !confirmed {
\t\th.Log.Info("notification for booking already confirmed, ignored", zap.String("booking", n.MerchantReference))
\t\treturn
\t}
\th.Log.Info("booking confirmed", zap.String("booking", n.MerchantReference), zap.String("psp", n.PspReference), zap.String("via", "notification"))
}
"""

RECONCILE_GO = """package payments

import (
\t"context"
\t"time"

\t"go.uber.org/zap"

\t"github.com/kattegatline/booking-api/internal/bookings"
\tvallo "github.com/valloio/vallo-go/v3"
)

// Reconciler asks Vallo about bookings still waiting for a notification. Off
// by default (PAYMENTS_RECONCILE_PENDING): it is for when notifications fail.
type Reconciler struct {
\tBookings *bookings.Store
\tClient   *vallo.Client
\tEvery    time.Duration
\tLog      *zap.Logger
}

func (r *Reconciler) Run(ctx context.Context) {
\tt := time.NewTicker(r.Every)
\tdefer t.Stop()
\tfor {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn
\t\tcase <-t.C:
\t\t}
\t\tpending, _ := r.Bookings.AwaitingNotification(ctx, 2*time.Minute)
\t\tfor _, b := range pending {
\t\t\tp, err := r.Client.Payments.Get(ctx, b.PaymentSession)
\t\t\tif err != nil || p.Status != vallo.StatusAuthorised {
\t\t\t\tcontinue
\t\t\t}
\t\t\tif ok, _ := r.Bookings.Confirm(ctx, b.Ref, p.PspReference); ok {
\t\t\t\tr.Log.Info("booking confirmed by payment status poll (no notification received)", zap.String("booking", b.Ref), zap.String("psp", p.PspReference))
\t\t\t}
\t\t}
\t}
}
"""

SCAN_GO = """package gate

import (
\t"net/http"

\t"go.uber.org/zap"

\t"github.com/kattegatline/booking-api/internal/bookings"
)

type ScanHandler struct {
\tBookings *bookings.Store
\tLog      *zap.Logger
}

func (h *ScanHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tscan, err := decodeScan(r)
\tif err != nil {
\t\thttp.Error(w, "bad scan", http.StatusBadRequest)
\t\treturn
\t}
\tb, err := h.Bookings.ForPass(r.Context(), scan.Pass)
\tif err != nil {
\t\twriteResult(w, http.StatusNotFound, "UNKNOWN_PASS")
\t\treturn
\t}
\tif b.Status != bookings.Confirmed {
\t\th.Log.Info("gate scan refused", zap.String("gate", scan.Gate), zap.String("booking", b.Ref), zap.String("status", string(b.Status)))
\t\twriteResult(w, http.StatusConflict, string(b.Status))
\t\treturn
\t}
\th.Log.Info("gate scan accepted", zap.String("gate", scan.Gate), zap.String("booking", b.Ref))
\twriteResult(w, http.StatusOK, "BOARD")
}
"""

CONFIG_YAML = """http:
  addr: ":8080"
database:
  url_env: BOOKING_DATABASE_URL
  max_conns: 30
vallo:
  api: https://checkout-live.vallo.example/v71
  merchant_account: KattegatLineDK
  hmac_key_env: VALLO_HMAC_KEY
  session_expiry: 30m
payments:
  reconcile_pending: ${PAYMENTS_RECONCILE_PENDING:-false}
  reconcile_every: 30s
"""

VALUES = """image:
  repository: europe-north1-docker.pkg.dev/kattegatline/apps/booking-api
  tag: ""
replicas: 3
env:
  PAYMENTS_RECONCILE_PENDING: "false"
ingress:
  host: api.kattegatline.dk
  paths: ["/v1", "/webhooks"]
resources:
  requests: {cpu: 250m, memory: 256Mi}
  limits: {memory: 512Mi}
"""

DEPLOY_YML = """name: deploy
on:
  workflow_dispatch:
    inputs:
      action: {type: choice, options: [release, rollback, set-env], default: release}
      revision: {type: string, required: false}
      env: {type: string, required: false}
jobs:
  deploy:
    runs-on: ubuntu-22.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: azure/setup-helm@v4
      - run: gcloud container clusters get-credentials prod-eu-north1 --region europe-north1
      - if: inputs.action == 'release'
        run: helm upgrade --install booking-api deploy/helm/booking-api -n booking -f deploy/helm/booking-api/values.yaml --set image.tag=sha-${GITHUB_SHA::7} --wait --timeout 5m
      - if: inputs.action == 'rollback'
        run: helm rollback booking-api ${{ inputs.revision }} -n booking --wait
      - if: inputs.action == 'set-env'
        run: helm upgrade booking-api deploy/helm/booking-api -n booking --reuse-values --set ${{ inputs.env }} --wait
"""


def build_repo():
    mads = Person("Mads Kjær", "mads.kjaer@kattegatline.dk", 120)
    sofie = Person("Sofie Lind", "sofie.lind@kattegatline.dk", 120)
    rahul = Person("Rahul Iyer", "rahul.iyer@kattegatline.dk", 330)
    jonas = Person("Jonas Brandt", "jonas.brandt@kattegatline.dk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("booking-api", "Bookings, Vallo payments and the port gates' scan endpoint for Kattegat Line.", "go run ./cmd/booking-api -config config/local.yaml"),
        "docs/runbook.md": runbook("booking-api", [
            ("BookingsPendingHigh", "Bookings stay PENDING_PAYMENT until Vallo's AUTHORISATION notification arrives.\nCheck /webhooks/vallo in the ingress log and Vallo's status page."),
            ("GateRefusalsHigh", "Look at the refused bookings' status. The ticket office can board a paid booking by hand."),
        ]),
        "go.mod": f"module {MOD}\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/valloio/vallo-go/v3 v3.4.0\n\tgo.uber.org/zap v1.27.0\n)\n",
        "cmd/booking-api/main.go": f"package main\n\nimport (\n\t\"{MOD}/internal/app\"\n)\n\nfunc main() {{ app.Run() }}\n",
        "internal/payments/notify.go": NOTIFY_GO,
        "internal/payments/handle.go": HANDLE_GO,
        "internal/payments/reconcile.go": RECONCILE_GO,
        "internal/gate/scan.go": SCAN_GO,
        "config/production.yaml": CONFIG_YAML,
        "deploy/helm/booking-api/values.yaml": VALUES,
        ".github/workflows/deploy.yml": DEPLOY_YML,
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-go@v5\n        with: {go-version: '1.22'}\n      - run: go test ./...\n",
    }
    repo.commit(utc("2026-07-27 07:30:00"), mads, "booking-api: bookings, Vallo payments, gate scans", files)
    repo.schedule(chores(random.Random(30201), "booking-api", [mads, sofie, rahul, jonas], utc("2026-07-27 07:30:00"), utc("2026-07-30 08:00:00"), 4))
    repo.commit(utc("2026-07-28 09:15:00"), sofie, "gate: log the sailing of an accepted scan (SL-1410)", {
        "internal/gate/scan.go": repo.edit("internal/gate/scan.go", 'zap.String("booking", b.Ref))\n\twriteResult(w, http.StatusOK', 'zap.String("booking", b.Ref), zap.String("sailing", b.Sailing))\n\twriteResult(w, http.StatusOK'),
        "docs/gates.md": "# Gate scans\n\nThe gate controllers at Grenaa and Frederikshavn POST each boarding pass to\n/v1/gate/scan. Only CONFIRMED bookings board; the gate shows\nCONTACT TICKET OFFICE otherwise.\n",
    })
    repo.commit(utc("2026-07-28 13:40:00"), jonas, "bookings: vehicle length bands for the Laeso route (SL-1404)", {
        "config/production.yaml": repo.edit("config/production.yaml", "payments:\n", "vehicle_bands:\n  LAE: [5.0, 6.0, 8.0, 12.0]\npayments:\n"),
    })
    released41 = repo.commit(utc("2026-07-29 11:50:00"), mads, "payments: create the payment session once more on a Vallo 502 (SL-1419)", {
        "internal/payments/session.go": "package payments\n\nimport (\n\t\"context\"\n\t\"errors\"\n\n\tvallo \"github.com/valloio/vallo-go/v3\"\n)\n\n// CreateSession asks Vallo for a hosted payment page session, once more on a 502.\nfunc (s *Sessions) CreateSession(ctx context.Context, req vallo.SessionRequest) (*vallo.Session, error) {\n\tsess, err := s.Client.Sessions.Create(ctx, req)\n\tvar apiErr *vallo.APIError\n\tif errors.As(err, &apiErr) && apiErr.Status == 502 {\n\t\tsess, err = s.Client.Sessions.Create(ctx, req)\n\t}\n\treturn sess, err\n}\n",
    })
    repo.commit(utc("2026-07-29 14:20:00"), rahul, "tests: notification HMAC fixtures from Vallo's docs", {
        "internal/payments/notify_test.go": "package payments\n\nimport \"testing\"\n\nfunc TestValidHMACFixture(t *testing.T) {\n\tn := fixture(t, \"testdata/authorisation.json\")\n\tif !validFixtureHMAC(n) {\n\t\tt.Fatal(\"fixture HMAC should be valid\")\n\t}\n}\n",
        "internal/payments/testdata/authorisation.json": '{"live":"false","notificationItems":[{"NotificationRequestItem":{"eventCode":"AUTHORISATION","success":"true","merchantReference":"KL4Q7TX","pspReference":"V8P2J6K4X9QZL1M3","eventDate":"2026-07-01T10:00:00+02:00","additionalData":{"hmacSignature":"Jm2p9vJt3xY1y0b1mW0Wq1tZB3f0y2pC0Xz8pW3v6uA="}}}]}\n',
    })
    repo.commit(utc("2026-07-30 08:40:00"), sofie, "payments: warn about bookings waiting for their payment notification (SL-1429)\n\nThe ticket office asks why a paid booking has no boarding pass. Every\nminute, log the bookings whose payment the redirect said was authorised\nmore than 5 minutes ago and that have no notification yet, and say so\nwhen the gate refuses one of them.", {
        "internal/payments/sweeper.go": "package payments\n\nimport (\n\t\"context\"\n\t\"time\"\n\n\t\"go.uber.org/zap\"\n\n\t\"github.com/kattegatline/booking-api/internal/bookings\"\n)\n\n// Sweeper logs bookings that wait too long for Vallo's notification.\ntype Sweeper struct {\n\tBookings *bookings.Store\n\tAfter    time.Duration\n\tLog      *zap.Logger\n}\n\nfunc (s *Sweeper) Run(ctx context.Context) {\n\tt := time.NewTicker(time.Minute)\n\tdefer t.Stop()\n\tfor {\n\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\tcase <-t.C:\n\t\t}\n\t\tpending, _ := s.Bookings.AwaitingNotification(ctx, s.After)\n\t\tfor _, b := range pending {\n\t\t\ts.Log.Warn(\"booking waiting for payment notification\", zap.String(\"booking\", b.Ref),\n\t\t\t\tzap.Duration(\"since_redirect\", time.Since(b.RedirectAt)), zap.String(\"session\", b.PaymentSession))\n\t\t}\n\t}\n}\n",
        "internal/gate/scan.go": repo.edit("internal/gate/scan.go",
            '\t\th.Log.Info("gate scan refused", zap.String("gate", scan.Gate), zap.String("booking", b.Ref), zap.String("status", string(b.Status)))\n',
            '\t\th.Log.Warn("gate scan refused", zap.String("gate", scan.Gate), zap.String("booking", b.Ref), zap.String("status", string(b.Status)),\n\t\t\tzap.Bool("redirect_authorised", b.RedirectAuthorised), zap.Bool("notification_received", b.PspReference != ""))\n'),
    })
    repo.commit(utc("2026-07-30 11:15:00"), bot, "Bump github.com/valloio/vallo-go/v3 from 3.4.0 to 3.5.1", {
        "go.mod": repo.edit("go.mod", "vallo-go/v3 v3.4.0", "vallo-go/v3 v3.5.1"),
    })
    repo.commit(utc("2026-07-30 14:05:00"), mads, "payments: process Vallo notifications through the outbox (SL-1432)\n\nVallo retries a notification that is not answered within 10 s and on\nFriday afternoons confirming a booking (boarding pass PDF, email) takes\nlonger. Store the notification in the outbox table and answer\n[accepted] at once; a worker confirms the booking.", {
        "internal/payments/notify.go": repo.edit("internal/payments/notify.go", "\t\th.handle(r.Context(), n)\n", "\t\tif err := h.Outbox.Put(r.Context(), \"vallo.notification\", n); err != nil {\n\t\t\th.Log.Error(\"outbox put failed\", zap.String(\"psp\", n.PspReference), zap.Error(err))\n\t\t\thttp.Error(w, \"retry\", http.StatusServiceUnavailable)\n\t\t\treturn\n\t\t}\n\t\th.Log.Info(\"notification queued to outbox\", zap.String(\"event\", n.EventCode), zap.String(\"psp\", n.PspReference), zap.String(\"booking\", n.MerchantReference))\n").replace(
            "\tHMACKey  []byte\n", "\tHMACKey  []byte\n\tOutbox   *outbox.Outbox\n").replace('\t"github.com/kattegatline/booking-api/internal/bookings"\n', '\t"github.com/kattegatline/booking-api/internal/bookings"\n\t"github.com/kattegatline/booking-api/internal/outbox"\n'),
        "internal/outbox/outbox.go": "package outbox\n\nimport (\n\t\"context\"\n\t\"encoding/json\"\n\t\"time\"\n\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n\t\"go.uber.org/zap\"\n)\n\n// Outbox is a table of events that a worker processes after the request\n// that stored them has been answered.\ntype Outbox struct {\n\tDB  *pgxpool.Pool\n\tLog *zap.Logger\n}\n\nfunc (o *Outbox) Put(ctx context.Context, kind string, payload any) error {\n\tbody, err := json.Marshal(payload)\n\tif err != nil {\n\t\treturn err\n\t}\n\t_, err = o.DB.Exec(ctx, `INSERT INTO outbox (kind, payload, created_at) VALUES ($1, $2, now())`, kind, body)\n\treturn err\n}\n\n// Work processes events in order, every interval.\nfunc (o *Outbox) Work(ctx context.Context, every time.Duration, handle func(context.Context, string, []byte) error) {\n\tfor ctx.Err() == nil {\n\t\tn, err := o.drain(ctx, handle)\n\t\tif err != nil {\n\t\t\to.Log.Error(\"outbox drain failed\", zap.Error(err))\n\t\t} else if n > 0 {\n\t\t\to.Log.Info(\"outbox drained\", zap.Int(\"events\", n))\n\t\t}\n\t\ttime.Sleep(every)\n\t}\n}\n",
        "db/migrations/0031_outbox.sql": "CREATE TABLE outbox (\n  id bigserial PRIMARY KEY,\n  kind text NOT NULL,\n  payload jsonb NOT NULL,\n  created_at timestamptz NOT NULL,\n  done_at timestamptz\n);\nCREATE INDEX outbox_pending ON outbox (id) WHERE done_at IS NULL;\n",
    })
    head = repo.commit(utc("2026-07-31 05:55:00"), mads, "docs: the notification outbox in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Notification outbox\n\nSince SL-1432 /webhooks/vallo only stores the notification; the outbox\nworker confirms the booking. `outbox drained` lines show it working.\n",
    })
    return repo, released41, head


# ---------------------------------------------------------------------------
# logs


def zap(t, level, caller, msg, **fields):
    body = {"level": level, "ts": round(t.timestamp(), 6), "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def ingress(t, client, method, path, status, size, rt, ua, upstream, req_id, req_len=None):
    stamp = t.astimezone(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    ups = f"{upstream} {size} {rt - 0.001 if rt > 0.001 else rt:.3f} {status}" if upstream else "- - - -"
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {req_len or 300 + len(path)} {rt:.3f} '
            f'[booking-booking-api-8080] [] {ups} {req_id}')


def build_logs(rng, released41, head):
    app = Log("booking-api.log")
    ngx = Log("ingress-nginx.log")
    gates = Log("gate-controllers.log")
    deploy = Log("deploy-workflow.log")
    statuslog = Log("vallo-status.log")
    chat = Log("chat.log")
    stats = {"pending": [], "confirmed": [], "refused": []}
    symptoms = []

    def hexid(n):
        return "".join(rng.choice("0123456789abcdef") for _ in range(n))

    # --- releases: (time, helm revision, sha, sweeper and outbox?, reconcile on?)
    releases = [
        (START - dt.timedelta(days=2), 41, released41, False, False),
        (RELEASE, 42, head, True, False),
        (ROLLBACK, 43, released41, False, False),
        (RECONCILE_ON, 44, released41, False, True),
        (RERELEASE, 45, head, True, True),
    ]

    def release_at(t):
        current = releases[0]
        for r in releases:
            if t >= r[0] + dt.timedelta(seconds=35):
                current = r
        return current

    pods = [f"booking-api-7f9c6d5b84-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]
    pod_sets = [(START - dt.timedelta(days=2), pods)]
    for when, rev, sha, new, reconcile in releases[1:]:
        rs = {42: "6d8b7c9f45", 43: "7f9c6d5b84", 44: "5c7d9b8f63", 45: "8b6f4d7c92"}[rev]
        new_pods = []
        for k in range(3):
            tk = when + dt.timedelta(seconds=8 + 12 * k + rng.uniform(0, 2))
            pod = f"booking-api-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            new_pods.append(pod)
            version = "2026.07.31-1" if sha == head else "2026.07.29-2"
            app.add(tk, zap(tk, "info", "app/run.go:48", "starting booking-api", pod=pod, version=version, commit=sha[:7], go="go1.22.5", reconcile_pending=reconcile))
            app.add(tk + dt.timedelta(milliseconds=180), zap(tk + dt.timedelta(milliseconds=180), "info", "app/run.go:77", "database pool ready", pod=pod, max_conns=30))
            if new:
                app.add(tk + dt.timedelta(milliseconds=190), zap(tk + dt.timedelta(milliseconds=190), "info", "outbox/outbox.go:41", "outbox worker started", pod=pod, every="500ms"))
                app.add(tk + dt.timedelta(milliseconds=195), zap(tk + dt.timedelta(milliseconds=195), "info", "app/run.go:92", "notification sweeper started", pod=pod, after="5m0s"))
            if reconcile:
                app.add(tk + dt.timedelta(milliseconds=200), zap(tk + dt.timedelta(milliseconds=200), "info", "app/run.go:101", "reconciler started", pod=pod, every="30s"))
            app.add(tk + dt.timedelta(milliseconds=240), zap(tk + dt.timedelta(milliseconds=240), "info", "app/run.go:120", "listening", pod=pod, addr=":8080"))
            old = pod_sets[-1][1][k]
            app.add(tk + dt.timedelta(seconds=4), zap(tk + dt.timedelta(seconds=4), "info", "app/run.go:131", "shutting down, draining connections", pod=old))
        pod_sets.append((when + dt.timedelta(seconds=35), new_pods))

    def pod_at(t):
        current = pod_sets[0][1]
        for when, ps in pod_sets:
            if t >= when:
                current = ps
        return rng.choice(current)

    # --- deploy workflow (GitHub Actions log)
    def gha(t, text):
        t = t.astimezone(dt.timezone.utc)
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    for when, rev, sha, new, reconcile in releases[1:]:
        t0 = when - dt.timedelta(seconds=41, microseconds=rng.randint(0, 999999))
        run = {42: 10212, 43: 10219, 44: 10221, 45: 10234}[rev]
        action = {42: "release", 43: "rollback", 44: "set-env", 45: "release"}[rev]
        actor = {42: "mads-kjaer", 43: "mads-kjaer", 44: "mads-kjaer", 45: "sofie-lind"}[rev]
        gha(t0, "Requested labels: ubuntu-22.04")
        gha(t0 + dt.timedelta(seconds=1), "Job defined at: kattegatline/booking-api/.github/workflows/deploy.yml@refs/heads/main")
        gha(t0 + dt.timedelta(seconds=1.2), f"Run {run}: deploy ({action}) triggered by {actor} via workflow_dispatch on refs/heads/main")
        gha(t0 + dt.timedelta(seconds=6), "##[group]Run actions/checkout@v4")
        gha(t0 + dt.timedelta(seconds=8), f"HEAD is now at {head[:7]} docs: the notification outbox in the runbook")
        gha(t0 + dt.timedelta(seconds=8.1), "##[endgroup]")
        gha(t0 + dt.timedelta(seconds=22), "Fetching cluster endpoint and auth data.")
        gha(t0 + dt.timedelta(seconds=23), "kubeconfig entry generated for prod-eu-north1.")
        if action == "release":
            gha(t0 + dt.timedelta(seconds=24), f"##[group]Run helm upgrade --install booking-api deploy/helm/booking-api -n booking -f deploy/helm/booking-api/values.yaml --set image.tag=sha-{sha[:7]} --wait --timeout 5m")
            if reconcile:
                gha(t0 + dt.timedelta(seconds=24.1), "  (values: env.PAYMENTS_RECONCILE_PENDING=true kept from revision 44)")
        elif action == "rollback":
            gha(t0 + dt.timedelta(seconds=24), "##[group]Run helm rollback booking-api 41 -n booking --wait")
        else:
            gha(t0 + dt.timedelta(seconds=24), "##[group]Run helm upgrade booking-api deploy/helm/booking-api -n booking --reuse-values --set env.PAYMENTS_RECONCILE_PENDING=true --wait")
        done = when + dt.timedelta(seconds=rng.uniform(52, 70))
        if action == "rollback":
            gha(done, "Rollback was a success! Happy Helming!")
        else:
            gha(done, 'Release "booking-api" has been upgraded. Happy Helming!')
            gha(done + dt.timedelta(milliseconds=3), "NAME: booking-api")
            gha(done + dt.timedelta(milliseconds=4), f"LAST DEPLOYED: {(done).strftime('%a %b %d %H:%M:%S %Y')}")
            gha(done + dt.timedelta(milliseconds=5), "NAMESPACE: booking")
            gha(done + dt.timedelta(milliseconds=6), "STATUS: deployed")
            gha(done + dt.timedelta(milliseconds=7), f"REVISION: {rev}")
        gha(done + dt.timedelta(milliseconds=40), "##[endgroup]")
        gha(done + dt.timedelta(seconds=2), "Cleaning up orphan processes")

    # --- bookings and payments
    used = set()

    def ref():
        while True:
            r = "KL" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5))
            if r not in used:
                used.add(r)
                return r

    def psp():
        return "V" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(15))

    def client_ip():
        return rng.choice([f"87.{rng.randint(48, 63)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"80.{rng.randint(160, 167)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"2.{rng.randint(104, 111)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"94.{rng.randint(18, 19)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def ua():
        return rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                           "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
                           "KattegatLine/6.4.0 (iOS 17.5.1)", "KattegatLine/6.4.0 (Android 14)",
                           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"])

    VALLO_IPS = ["185.73.41.12", "185.73.41.13", "185.73.42.20"]
    waiting = []  # bookings authorised at redirect without a notification: [ref, redirect_t, session, confirmed_at]
    bookings_by_ref = {}

    def booking_rate(t):
        h = (t + CEST).hour + (t + CEST).minute / 60
        return 1.2 if h < 8 else (3.4 if h < 10 else 4.2)

    def notification_arrival(paid_t):
        if paid_t < STALL - dt.timedelta(seconds=8):
            return paid_t + dt.timedelta(seconds=rng.uniform(2, 14))
        return None  # stalled: delivered with the backlog

    t = START
    while t < END:
        step = min(END, t + dt.timedelta(minutes=5))
        for w in poisson_times(rng, t, step, booking_rate(t)):
            r = ref()
            client, agent = client_ip(), ua()
            route = rng.choice(["GRE-VAR", "VAR-GRE", "FDH-LAE", "LAE-FDH", "GRE-VAR", "FDH-LAE"])
            req = hexid(32)
            tt = rng.uniform(0.03, 0.09)
            app.add(w, zap(w, "info", "bookings/create.go:64", "booking created", pod=pod_at(w), booking=r, route=route, date=f"2026-{rng.choice(['07-31', '08-01', '08-02', '08-0' + str(rng.randint(3, 9)), '08-1' + str(rng.randint(0, 9))])}", vehicle=rng.choice(["CAR", "CAR", "CAR", "CAMPER", "MC", "NONE"]), status="PENDING_PAYMENT"))
            ngx.add(w + dt.timedelta(seconds=tt), ingress(w + dt.timedelta(seconds=tt), client, "POST", "/v1/bookings", 201, rng.randint(700, 1400), tt, agent, f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", req))
            ts = w + dt.timedelta(seconds=rng.uniform(3, 40))
            sess = "CS" + "".join(rng.choice("0123456789ABCDEF") for _ in range(16))
            vt = rng.randint(180, 420)
            app.add(ts, zap(ts, "info", "payments/session.go:31", "payment session created", pod=pod_at(ts), booking=r, session=sess, amount=rng.choice([38500, 52900, 61900, 74900, 89500, 14900, 24900]), currency="DKK", vallo_ms=vt))
            ngx.add(ts + dt.timedelta(milliseconds=vt + 15), ingress(ts + dt.timedelta(milliseconds=vt + 15), client, "POST", f"/v1/bookings/{r}/payment-session", 201, rng.randint(300, 420), (vt + 15) / 1000, agent, f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
            if rng.random() < 0.12:
                continue  # abandoned on the payment page
            paid = ts + dt.timedelta(seconds=rng.uniform(35, 160))
            success = rng.random() > 0.05
            redirect = paid + dt.timedelta(seconds=rng.uniform(1, 4))
            if not START < redirect < END:
                continue
            app.add(redirect, zap(redirect, "info", "payments/redirect.go:38", "payment redirect", pod=pod_at(redirect), booking=r, result="authorised" if success else "refused", session=sess))
            ngx.add(redirect + dt.timedelta(milliseconds=22), ingress(redirect + dt.timedelta(milliseconds=22), client, "GET", f"/v1/bookings/{r}/payment-result?sessionId={sess}&sessionResult={hexid(24)}", 200, rng.randint(800, 1200), 0.022, agent, f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
            pref = psp()
            b = {"ref": r, "redirect": redirect, "session": sess, "psp": pref, "paid": paid, "success": success, "route": route}
            bookings_by_ref[r] = b
            arr = notification_arrival(paid)
            if arr is None:
                arr = BACKLOG + dt.timedelta(seconds=rng.uniform(20, 900))
                b["late"] = True
            b["arr"] = arr
            if success:
                waiting.append(b)
        t = step

    # one genuine late notification before the onset: Vallo retried it after a timeout on their side
    early = [b for b in bookings_by_ref.values() if utc("2026-07-31 05:30:00") < b["paid"] < utc("2026-07-31 05:40:00") and b["success"]][0]
    early["arr"] = early["paid"] + dt.timedelta(minutes=11, seconds=14)

    # reconciler (from revision 44): confirms bookings still waiting by polling Vallo
    t = RECONCILE_ON + dt.timedelta(seconds=35 + 30)
    while t < END:
        for b in waiting:
            if "confirmed" not in b and b["redirect"] < t - dt.timedelta(minutes=2) and b["arr"] > t:
                pod = pod_at(t)
                done = t + dt.timedelta(milliseconds=rng.randint(150, 600))
                app.add(done, zap(done, "info", "payments/reconcile.go:41", "booking confirmed by payment status poll (no notification received)", pod=pod, booking=b["ref"], psp=b["psp"]))
                app.add(done + dt.timedelta(milliseconds=500), zap(done + dt.timedelta(milliseconds=500), "info", "passes/issue.go:52", "boarding pass issued", pod=pod, booking=b["ref"], channel="email+wallet"))
                b["confirmed"] = done
                stats["confirmed"].append(done)
        t += dt.timedelta(seconds=30)

    # --- notifications arriving
    notifications = [(b["arr"], b) for b in bookings_by_ref.values()]
    for arr, b in sorted(notifications, key=lambda x: (x[0], x[1]["ref"])):
        if arr >= END:
            continue
        rel = release_at(arr)
        pod = pod_at(arr)
        vip = rng.choice(VALLO_IPS)
        tt = rng.uniform(0.004, 0.012) if rel[3] else rng.uniform(0.08, 0.4)
        lag = (arr - b["paid"]).total_seconds()
        if lag > 600:
            m, s = divmod(int(lag), 60)
            h, m = divmod(m, 60)
            dur = (f"{h}h{m}m{s}s" if h else f"{m}m{s}s")
            app.add(arr, zap(arr, "warn", "payments/notify.go:36", f"late notification: received {dur} after the event", pod=pod, event="AUTHORISATION", psp=b["psp"], booking=b["ref"]))
        confirmed_already = "confirmed" in b
        if rel[3]:
            app.add(arr + dt.timedelta(milliseconds=3), zap(arr + dt.timedelta(milliseconds=3), "info", "payments/notify.go:41", "notification queued to outbox", pod=pod, event="AUTHORISATION", psp=b["psp"], booking=b["ref"]))
            done = arr + dt.timedelta(milliseconds=rng.randint(300, 900))
        else:
            done = arr + dt.timedelta(seconds=tt - 0.002)
        if not b["success"]:
            app.add(done, zap(done, "info", "payments/handle.go:17", "payment refused", pod=pod, booking=b["ref"], reason=rng.choice(["Refused", "CVC Declined", "Not enough balance", "3D Not Authenticated"])))
        elif confirmed_already and b["confirmed"] <= arr:
            app.add(done, zap(done, "info", "payments/handle.go:26", "notification for booking already confirmed, ignored", pod=pod, booking=b["ref"]))
        else:
            app.add(done, zap(done, "info", "payments/handle.go:29", "booking confirmed", pod=pod, booking=b["ref"], psp=b["psp"], via="notification"))
            app.add(done + dt.timedelta(milliseconds=rng.randint(200, 600)), zap(done + dt.timedelta(milliseconds=rng.randint(600, 700)), "info", "passes/issue.go:52", "boarding pass issued", pod=pod, booking=b["ref"], channel="email+wallet"))
            b["confirmed"] = done
            stats["confirmed"].append(done)
        ngx.add(arr + dt.timedelta(seconds=tt), ingress(arr + dt.timedelta(seconds=tt), vip, "POST", "/webhooks/vallo", 200, 10, tt, "Vallo-Notifications/2.3", f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32), req_len=rng.randint(1500, 1900)))

    # sweeper (only in releases 42 and 45)
    t = START + dt.timedelta(seconds=17.3)
    while t < END:
        rel = release_at(t)
        if rel[3]:
            for b in waiting:
                c = b.get("confirmed")
                if b["redirect"] < t - dt.timedelta(minutes=5) and (c is None or c > t):
                    since = (t - b["redirect"]).total_seconds()
                    m, s = divmod(int(since), 60)
                    app.add(t, zap(t, "warn", "payments/sweeper.go:31", "booking waiting for payment notification", pod=pod_at(t), booking=b["ref"], since_redirect=f"{m}m{s}s", session=b["session"]))
                    symptoms.append(t)
        for b in waiting:
            c = b.get("confirmed")
            if b["redirect"] < t - dt.timedelta(minutes=5) and (c is None or c > t) and b["redirect"] > t - dt.timedelta(minutes=6):
                stats["pending"].append(t)
        t += dt.timedelta(seconds=60)

    # --- the gates at Grenaa and Frederikshavn
    def gate_line(t, host, procid, msgid, msg, pri=134):
        gates.add(t, syslog5424(t, pri, host, "gated", procid, msgid, msg))

    gate_hosts = {"GRE": [("gate-gre-l1", 1412), ("gate-gre-l2", 1388), ("gate-gre-l3", 1440)], "FDH": [("gate-fdh-l1", 2207), ("gate-fdh-l2", 2231)]}
    # drive-up bookings: made in the queue within an hour of the sailing, scanned shortly after
    driveups = [b for b in bookings_by_ref.values() if b["success"] and b["route"] in ("GRE-VAR", "FDH-LAE") and rng.random() < 0.35]
    for b in driveups:
        port = b["route"][:3]
        first = b["redirect"] + dt.timedelta(seconds=rng.uniform(60, 600))
        if first >= END:
            continue
        host, procid = rng.choice(gate_hosts[port])
        t = first
        for attempt in range(4):
            c = b.get("confirmed")
            rel = release_at(t)
            tt = rng.randint(18, 60)
            passid = b.get("pass") or "".join(rng.choice("0123456789") for _ in range(12))
            b["pass"] = passid
            if c is not None and c <= t:
                app.add(t, zap(t, "info", "gate/scan.go:33", "gate scan accepted", pod=pod_at(t), gate=host[5:].upper(), booking=b["ref"], sailing=f"{b['route']}-{(t + CEST).strftime('%Y%m%d')}"))
                ngx.add(t + dt.timedelta(milliseconds=tt), ingress(t + dt.timedelta(milliseconds=tt), f"10.{20 if port == 'GRE' else 21}.0.{10 + int(host[-1])}", "POST", "/v1/gate/scan", 200, 41, tt / 1000, "gated/3.2.1", f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
                gate_line(t + dt.timedelta(milliseconds=tt + 4), host, procid, "SCAN", f"pass={passid} booking={b['ref']} result=BOARD display=\"GOD TUR\" rtt_ms={tt}")
                stats.setdefault("gate_ok", []).append(t)
                break
            if rel[3]:
                app.add(t, zap(t, "warn", "gate/scan.go:29", "gate scan refused", pod=pod_at(t), gate=host[5:].upper(), booking=b["ref"], status="PENDING_PAYMENT", redirect_authorised=True, notification_received=False))
            else:
                app.add(t, zap(t, "info", "gate/scan.go:29", "gate scan refused", pod=pod_at(t), gate=host[5:].upper(), booking=b["ref"], status="PENDING_PAYMENT"))
            ngx.add(t + dt.timedelta(milliseconds=tt), ingress(t + dt.timedelta(milliseconds=tt), f"10.{20 if port == 'GRE' else 21}.0.{10 + int(host[-1])}", "POST", "/v1/gate/scan", 409, 52, tt / 1000, "gated/3.2.1", f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
            gate_line(t + dt.timedelta(milliseconds=tt + 4), host, procid, "SCAN", f"pass={passid} booking={b['ref']} result=REJECT reason=PENDING_PAYMENT display=\"KONTAKT BILLETKONTORET\" rtt_ms={tt}", pri=132)
            stats["refused"].append(t)
            t = t + dt.timedelta(seconds=rng.uniform(90, 400))
            if t >= END:
                break
        else:
            gate_line(t, host, procid, "MANUAL", f"booking={b['ref']} boarded by ticket office override (user={rng.choice(['gre.billet1', 'gre.billet2'] if port == 'GRE' else ['fdh.billet1'])})")

    # routine gate lines: passes booked days ago, heartbeats
    for port, hosts in gate_hosts.items():
        for host, procid in hosts:
            w = START + dt.timedelta(seconds=rng.uniform(0, 60))
            while w < END:
                gate_line(w, host, procid, "HEARTBEAT", f"host=api.kattegatline.dk reachable rtt_ms={rng.randint(11, 38)} queue=0", pri=135)
                w += dt.timedelta(seconds=120)
            for w in poisson_times(rng, START, END, 1.1 if port == "GRE" else 1.6):
                passid = "".join(rng.choice("0123456789") for _ in range(12))
                bref = ref()
                tt = rng.randint(15, 55)
                r = rng.random()
                if r < 0.985:
                    app.add(w, zap(w, "info", "gate/scan.go:33", "gate scan accepted", pod=pod_at(w), gate=host[5:].upper(), booking=bref, sailing=f"{'GRE-VAR' if port == 'GRE' else 'FDH-LAE'}-{(w + CEST).strftime('%Y%m%d')}"))
                    ngx.add(w + dt.timedelta(milliseconds=tt), ingress(w + dt.timedelta(milliseconds=tt), f"10.{20 if port == 'GRE' else 21}.0.{10 + int(host[-1])}", "POST", "/v1/gate/scan", 200, 41, tt / 1000, "gated/3.2.1", f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
                    gate_line(w + dt.timedelta(milliseconds=tt + 4), host, procid, "SCAN", f"pass={passid} booking={bref} result=BOARD display=\"GOD TUR\" rtt_ms={tt}")
                else:
                    reason = rng.choice(["CANCELLED", "OTHER_SAILING"])
                    app.add(w, zap(w, "info", "gate/scan.go:29", "gate scan refused", pod=pod_at(w), gate=host[5:].upper(), booking=bref, status=reason))
                    ngx.add(w + dt.timedelta(milliseconds=tt), ingress(w + dt.timedelta(milliseconds=tt), f"10.{20 if port == 'GRE' else 21}.0.{10 + int(host[-1])}", "POST", "/v1/gate/scan", 409, 48, tt / 1000, "gated/3.2.1", f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
                    gate_line(w + dt.timedelta(milliseconds=tt + 4), host, procid, "SCAN", f"pass={passid} booking={bref} result=REJECT reason={reason} display=\"KONTAKT BILLETKONTORET\" rtt_ms={tt}", pri=132)
            for w in poisson_times(rng, START, END, 0.02):
                gate_line(w, host, procid, "DEVICE", rng.choice(["barcode read failed (3 attempts), waiting for rescan", "printer: paper low", "barrier: loop 2 occupied > 45 s"]), pri=132)

    # --- other API traffic
    def api_rate(t):
        h = (t + CEST).hour
        return 28 if h >= 8 else 12

    t = START
    while t < END:
        step = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, step, api_rate(t)):
            k = rng.random()
            if k < 0.45:
                path, size, rt = f"/v1/departures?route={rng.choice(['GRE-VAR', 'VAR-GRE', 'FDH-LAE', 'LAE-FDH'])}&date=2026-{rng.choice(['07-31', '08-01', '08-02', '08-07', '08-14'])}", rng.randint(2400, 7800), rng.uniform(0.015, 0.08)
            elif k < 0.7:
                path, size, rt = f"/v1/bookings/{ref()}", rng.randint(900, 2100), rng.uniform(0.006, 0.03)
            elif k < 0.85:
                path, size, rt = "/v1/prices/quote", rng.randint(400, 900), rng.uniform(0.02, 0.12)
            else:
                path, size, rt = f"/v1/bookings/{ref()}/boarding-pass.pkpass", rng.randint(28000, 36000), rng.uniform(0.03, 0.1)
            method = "POST" if "quote" in path else "GET"
            status = 200
            if rng.random() < 0.01:
                status, size = 404, 43
            elif rng.random() < 0.003:
                status, size = 499, 0
            ngx.add(w + dt.timedelta(seconds=rt), ingress(w + dt.timedelta(seconds=rt), client_ip(), method, path, status, size, rt, ua(), f"10.8.{rng.randint(1, 4)}.{rng.randint(10, 60)}:8080", hexid(32)))
        t = step
    for w in poisson_times(rng, START, END, 0.05):
        app.add(w, zap(w, "warn", "payments/session.go:44", "vallo session create retried after 502", pod=pod_at(w), vallo_ms=rng.randint(900, 2400)))
    for w in poisson_times(rng, START, END, 0.03):
        app.add(w, zap(w, "error", "bookings/quote.go:88", "price quote failed", pod=pod_at(w), error="context deadline exceeded (Client.Timeout exceeded while awaiting headers) calling tariff-service"))
    # the outbox worker's routine (releases 42 and 45)
    t = RELEASE + dt.timedelta(minutes=1)
    while t < END:
        if release_at(t)[3]:
            n = sum(1 for a, b in notifications if t - dt.timedelta(minutes=5) < a <= t)
            app.add(t, zap(t, "info", "outbox/outbox.go:58", "outbox stats", pod=pod_at(t), processed_5m=n, pending=0, oldest_pending="0s"))
        t += dt.timedelta(minutes=5)

    # the test notification from Vallo's Customer Area
    tn = TEST_NOTIFICATION
    app.add(tn, zap(tn, "info", "payments/handle.go:12", "notification ignored", pod=pod_at(tn), event="TEST", psp="TEST_NOTIFICATION_8812", booking="testMerchantRef1"))
    ngx.add(tn + dt.timedelta(milliseconds=160), ingress(tn + dt.timedelta(milliseconds=160), "185.73.41.13", "POST", "/webhooks/vallo", 200, 10, 0.160, "Vallo-Notifications/2.3", "10.8.2.31:8080", hexid(32), req_len=1544))

    # --- Vallo's status page (JSON incident updates)
    def st(t, kind, title, state, body, components):
        statuslog.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "incident": title, "type": kind, "status": state, "impact": "minor" if kind == "incident" else "maintenance",
                                  "body": body, "components": components, "id": hexid(12)}, ensure_ascii=False))

    st(utc("2026-07-31 05:12:40"), "maintenance", "Customer Area scheduled maintenance", "completed", "The scheduled maintenance has been completed.", ["Customer Area"])
    st(utc("2026-07-31 06:30:02"), "incident", "Elevated refusals for a Danish issuer", "resolved", "Refusals for cards of one Danish issuer have returned to normal levels. The issuer has confirmed a fault on their side.", ["Card payments (DK)"])
    st(STATUS_POSTED, "incident", "Delayed webhook notifications", "investigating", "We are investigating delays in the delivery of webhook notifications to merchants in the EU region. Payment processing and authorisation are not affected.", ["Webhooks (EU)"])
    st(utc("2026-07-31 08:16:44"), "incident", "Delayed webhook notifications", "identified", "A change to our notification delivery queue stopped the delivery of notifications from 06:49 UTC. We are rolling the change back. Notifications are not lost and will be delivered.", ["Webhooks (EU)"])
    st(utc("2026-07-31 08:42:05"), "incident", "Delayed webhook notifications", "monitoring", "The change has been rolled back and the backlog of notifications is being delivered. New notifications are delivered normally.", ["Webhooks (EU)"])
    st(utc("2026-07-31 09:06:30"), "incident", "Delayed webhook notifications", "resolved", "All delayed notifications have been delivered. We will publish a post-incident review.", ["Webhooks (EU)"])

    # --- chat
    def say(hhmmss, channel, who, text):
        t = utc(f"2026-07-31 {hhmmss}")
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC [{channel}] {who}: {text}")

    say("06:24:50", "drift", "Mads Kjær", f"releasing booking-api {head[:7]} (rev 42): notification outbox (SL-1432), pending-notification warnings (SL-1429), vallo-go 3.5.1")
    say("06:30:15", "drift", "Mads Kjær", "rev 42 out, notifications going through the outbox fine")
    say("06:31:40", "drift", "Sofie Lind", "Vallo status says a Danish issuer had refusals this morning, resolved. not us")
    say("07:03:20", "havn", "Lene Sørensen (Grenaa billetkontor)", "drive-up customers paid on their phones in the queue but the gate says KONTAKT BILLETKONTORET, booking shows awaiting payment. 4 cars so far")
    say("07:05:45", "havn", "Kasper Holm (Frederikshavn)", "same here for the 07:40 to Læsø, customers show us the card payment on the phone")
    say("07:07:10", "drift", "alertmanager", "[FIRING:1] BookingsPendingHigh (pending_payment_over_5m=23)")
    say("07:08:30", "drift", "Mads Kjær", "no AUTHORISATION notification since 06:49, every booking after that waits. that's 20 min after rev 42 moved the notification handling to the outbox. rolling back to rev 41")
    say("07:16:05", "drift", "Mads Kjær", "rev 43 (= 41) on all pods. the pending warnings are gone but that is only because 41 has no sweeper")
    say("07:19:40", "havn", "Lene Sørensen (Grenaa billetkontor)", "still refused at the gate. boarding paid ones by hand from the payment receipt")
    say("07:21:10", "drift", "Sofie Lind", "ingress has no POST /webhooks/vallo at all since 06:49. not 4xx, not 5xx, nothing arrives")
    say("07:24:55", "drift", "Mads Kjær", "sent a test notification from the Vallo Customer Area: arrived, 200, 160 ms. our endpoint is fine")
    say("07:29:30", "drift", "Mads Kjær", "opened Vallo ticket #884120: no notifications since 06:49 UTC, payments are authorised. status page still green")
    say("07:31:50", "drift", "Mads Kjær", "turning on PAYMENTS_RECONCILE_PENDING (rev 44), it polls Vallo for the waiting bookings")
    say("07:36:40", "drift", "Mads Kjær", "reconciler confirmed 142 waiting bookings, boarding passes going out")
    say("07:38:15", "havn", "Kasper Holm (Frederikshavn)", "gates letting the drive-ups through again")
    say("07:49:30", "drift", "Sofie Lind", "Vallo status page: 'Delayed webhook notifications', investigating. an hour after it started")
    say("08:19:00", "drift", "Mads Kjær", "Vallo: a change to their notification delivery queue, rolling it back. reply on #884120 says the same")
    say("08:44:20", "drift", "Sofie Lind", "backlog arriving, 'late notification' warnings with 1h50m lag, all for bookings the reconciler already confirmed")
    say("09:10:40", "drift", "Sofie Lind", "re-releasing rev 42's commit (rev 45), reconciler stays on over the weekend")
    say("09:16:20", "drift", "Sofie Lind", "rev 45 out, notifications through the outbox, no pending bookings")
    return [app, ngx, gates, deploy, statuslog, chat], symptoms, stats, early["arr"].strftime("%H:%M")


def build(out_dir):
    rng = random.Random(30200)
    repo, released41, head = build_repo()
    try:
        logs, symptoms, stats, early_at = build_logs(rng, released41, head)
        onset = min(s for s in symptoms if s > STALL).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset
        assert not [s for s in symptoms if RELEASE < s < STALL], "sweeper warnings before the stall"

        def rate(kind):
            return lambda t: sum(1 for x in stats[kind] if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"booking_api_payments_5m.json": query_range([
            ({"job": "booking-api", "event": "booking_confirmed"}, rate("confirmed")),
            ({"job": "booking-api", "event": "gate_refused_pending_payment"}, rate("refused")),
        ], START, END, 60)}
        return write_scenario(
            out_dir, name="r30-payment-webhook-delay-none", service=SERVICE, onset=onset,
            description=f"""
Kattegat Line's bookings stay PENDING_PAYMENT from about 06:49 UTC on
Friday 31 July (the first warnings at {onset.strftime('%H:%M')}): customers pay, but get no
boarding pass, and drive-up customers who booked in the queue are refused
at the Grenaa and Frederikshavn gates. booking-api had been released at
06:27 (Helm revision 42, the notification outbox); the on-call rolled it
back at 07:14 without effect, turned on the reconciler at 07:33, and
released it again at 09:12.

Story: the payment provider Vallo stopped delivering webhook
notifications for the EU at 06:49 after a change to its delivery queue;
its status page said so at 07:48 and the backlog arrived at 08:41.
Nothing in booking-api caused it. Decoys: the outbox release 27 minutes
before, the sweeper commit that logs waiting bookings, the vallo-go bump.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"delays in the delivery of webhook notifications",
                r"late notification: received .* after the event",
            ],
            fix_files=[],
            explanation=f"""
No commit in booking-api caused this. A booking is confirmed (and its
boarding pass issued) only when Vallo's AUTHORISATION webhook
notification arrives. At 06:49 UTC a change to Vallo's notification
delivery queue stopped the delivery of notifications to EU merchants;
payments went on being authorised. From then on no POST /webhooks/vallo
reaches the ingress at all (no 4xx or 5xx: nothing), every booking stays
PENDING_PAYMENT, and the drive-up customers at the gates are refused.
A test notification from Vallo's Customer Area at 07:24 arrives and is
answered 200. Vallo's status page posts "Delayed webhook notifications"
at 07:48 ("We are investigating delays in the delivery of webhook
notifications to merchants in the EU region"), an hour late, and at
08:41 the backlog arrives: booking-api logs "late notification: received
...h...m...s after the event" for each, up to two hours late. The right answer is that nothing in this
repository did it (fix_files is empty); the workaround was the existing
reconciler (PAYMENTS_RECONCILE_PENDING) at 07:33.
Decoys: the 06:27 release (revision 42), {(onset - RELEASE).total_seconds() // 60:.0f} minutes before the first
warning, which moves notification processing to an outbox table
(SL-1432, notify.go) and bumps github.com/valloio/vallo-go to 3.5.1;
the commit the day before (SL-1429) that logs "booking waiting for
payment notification" every minute and the refused gate scans with
"notification_received":false, the very symptom; the rollback to
revision 41 at 07:14, after which those warnings stop only because
revision 41 has no sweeper, while the gates go on refusing; a genuine
late notification at {early_at} with the same words; Vallo's resolved
refusal incident for a Danish issuer at 06:30; tariff-service timeouts
and Vallo 502 retries on session creation; docs, tests and chores.
""",
        )
    finally:
        repo.close()
