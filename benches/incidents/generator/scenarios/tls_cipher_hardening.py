"""terminal-gateway (Go, three pods behind an AWS NLB with TCP passthrough;
team in Dublin, Lisbon and Cape Town): Tillpoint's card terminals in about
420 independent cafés, bakeries and shops across the UK and Ireland send
their authorisations to terminals.tillpoint.io over mutual TLS; the gateway
forwards them to the acquirer. Its TLS config lists the cipher suites
explicitly, because the older Verano T2 terminals on firmware 4.x only offer
CBC suites, which Go no longer enables by default.

On Monday afternoon a commit answers the quarterly PCI ASV scan, which had
flagged the CBC and RSA key-exchange suites: it keeps only the AEAD
(GCM, ChaCha20) ECDHE suites, on the belief, from the fleet dashboard, that
every T2 runs firmware 5.2 since September's campaign. About fifty T2s
(seasonal and rarely powered shops that missed the campaign) still run
4.9.3. Tuesday's release, synced by hand in Argo CD at 09:18 UTC, ships
everything on main: the Argo sync and the start-up lines name a later
metrics commit. From the first new pod on, every handshake from a 4.9.3
terminal fails ("tls: no cipher suite supported by both client and
server"); the terminals retry, fall back to offline mode, store small
payments and decline the rest with Z3 (unable to go online); shops ring
support. At 10:01 the on-call syncs back to Thursday's revision and the
terminals come back online and upload their stored payments.

Decoys: a commit that reloads the serving certificate when cert-manager
renews it, to the same file, the day before (shares "tls", "certificate",
"handshake"); a commit that logs each terminal's model and firmware, which
ships in the same release; a golang.org/x/crypto bump that morning; the
later metrics commit the deploy names; an acquirer timeout change and docs
earlier in the week; chores. App (zap JSON, with net/http's error log
through zap), the terminal vendor's TMS device events (JSON), Argo CD
(logfmt), support desk tickets (JSON)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "terminal-gateway"
MODULE = "github.com/tillpoint/terminal-gateway"
START, END = utc("2026-10-13 07:30:00"), utc("2026-10-13 11:00:00")
DEPLOY = utc("2026-10-13 09:18:20")
ROLLBACK = utc("2026-10-13 10:02:50")
FLOOR_LIMIT = 3000   # offline floor limit, pence

SERVER_GO = """package tlsconf

import (
\t"crypto/tls"
\t"crypto/x509"
\t"errors"
\t"os"
)

// Server is the terminals' listener config: mutual TLS against the terminal
// CA, TLS 1.2 or later. The suites are listed because Go no longer enables
// the CBC ones by default and the Verano T2 on firmware 4.x offers nothing
// else (docs/terminals.md).
func Server(certFile, keyFile, caFile string) (*tls.Config, error) {
\tcert, err := tls.LoadX509KeyPair(certFile, keyFile)
\tif err != nil {
\t\treturn nil, err
\t}
\tcaPEM, err := os.ReadFile(caFile)
\tif err != nil {
\t\treturn nil, err
\t}
\tpool := x509.NewCertPool()
\tif !pool.AppendCertsFromPEM(caPEM) {
\t\treturn nil, errors.New("tlsconf: no certificates in the terminal CA bundle")
\t}
\treturn &tls.Config{
\t\tMinVersion:   tls.VersionTLS12,
\t\tCertificates: []tls.Certificate{cert},
\t\tClientAuth:   tls.RequireAndVerifyClientCert,
\t\tClientCAs:    pool,
\t\tCipherSuites: []uint16{
\t\t\ttls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
\t\t\ttls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
\t\t\ttls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
\t\t\ttls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
\t\t\ttls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
\t\t\ttls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
\t\t\t// Verano T2, firmware 4.x
\t\t\ttls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
\t\t\ttls.TLS_RSA_WITH_AES_128_CBC_SHA,
\t\t},
\t}, nil
}
"""

HANDLER_GO = """package authz

import (
\t"encoding/json"
\t"net/http"
\t"time"

\t"go.uber.org/zap"

\t"github.com/tillpoint/terminal-gateway/internal/acquirer"
)

// Handler takes a terminal's authorisation request (POST /v1/authorisations)
// and forwards it to the acquirer.
type Handler struct {
\tAcquirer *acquirer.Client
\tLog      *zap.Logger
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tterminal := r.TLS.PeerCertificates[0].Subject.CommonName
\tvar req Request
\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {
\t\thttp.Error(w, "bad request", http.StatusBadRequest)
\t\treturn
\t}
\tstarted := time.Now()
\tres, err := h.Acquirer.Authorise(r.Context(), req.toAcquirer(terminal))
\tif err != nil {
\t\th.Log.Error("acquirer call failed", zap.String("terminal", terminal), zap.Error(err))
\t\twriteResponse(w, Response{Result: "unavailable", Code: "91"})
\t\treturn
\t}
\tfields := []zap.Field{zap.String("terminal", terminal), zap.String("merchant", req.Merchant), zap.Int64("amount_minor", req.AmountMinor),
\t\tzap.String("currency", req.Currency), zap.Int64("acquirer_ms", time.Since(started).Milliseconds()), zap.String("rrn", res.RRN)}
\tif res.Approved {
\t\th.Log.Info("authorisation approved", fields...)
\t} else {
\t\th.Log.Info("authorisation declined", append(fields, zap.String("issuer_code", res.Code))...)
\t}
\twriteResponse(w, responseFrom(res))
}
"""

MAIN_GO = """package main

import (
\t"net/http"
\t"os"
\t"time"

\t"go.uber.org/zap"
\t"go.uber.org/zap/zapcore"

\t"github.com/tillpoint/terminal-gateway/internal/acquirer"
\t"github.com/tillpoint/terminal-gateway/internal/authz"
\t"github.com/tillpoint/terminal-gateway/internal/config"
\t"github.com/tillpoint/terminal-gateway/internal/tlsconf"
)

var version = "dev"

func main() {
\tzc := zap.NewProductionConfig()
\tzc.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
\tbase, _ := zc.Build()
\tlog := base.With(zap.String("pod", os.Getenv("POD_NAME")))
\tcfg, err := config.Load(os.Getenv("CONFIG_PATH"))
\tif err != nil {
\t\tlog.Fatal("config load failed", zap.Error(err))
\t}
\tlog.Info("starting terminal-gateway", zap.String("version", version))
\ttlsCfg, err := tlsconf.Server(cfg.TLS.Cert, cfg.TLS.Key, cfg.TLS.TerminalCA)
\tif err != nil {
\t\tlog.Fatal("tls config", zap.Error(err))
\t}
\tmux := http.NewServeMux()
\tmux.Handle("POST /v1/authorisations", &authz.Handler{Acquirer: acquirer.New(cfg.Acquirer), Log: log})
\tmux.Handle("POST /v1/advices", &authz.AdviceHandler{Acquirer: acquirer.New(cfg.Acquirer), Log: log})
\tstdlog, _ := zap.NewStdLogAt(log.Named("http"), zap.WarnLevel)
\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, TLSConfig: tlsCfg, ErrorLog: stdlog, ReadHeaderTimeout: 10 * time.Second}
\tlog.Info("listening", zap.String("addr", cfg.Addr))
\tlog.Fatal("server stopped", zap.Error(srv.ListenAndServeTLS("", "")))
}
"""

CONFIG = """addr: ":8443"
tls:
  cert: /etc/tls/serving/tls.crt
  key: /etc/tls/serving/tls.key
  terminal_ca: /etc/tls/terminal-ca/ca.crt
acquirer:
  url: https://api.northbank-acquiring.co.uk/v3
  merchant_group: TILLPOINT01
  timeout: 4s
"""

TERMINALS_MD = """# Terminals

The gateway serves two terminal models, both from Verano:

| Model | Firmware | Notes |
|---|---|---|
| T5 | 2.x | countertop and portable, TLS 1.2/1.3, AEAD suites |
| T2 | 4.x, 5.x | portable; 5.2 adds the GCM suites |

Terminals connect to terminals.tillpoint.io:443 (NLB, TCP passthrough to
the pods' :8443) with a client certificate from the terminal CA. Each
authorisation is one short connection.

When a terminal cannot reach the gateway it goes offline: it stores
payments up to the floor limit (GBP/EUR 30) and declines the rest with Z3
("unable to go online"). Stored payments are sent as advices
(POST /v1/advices) once it is back online.

Firmware is pushed from the Verano TMS in campaigns; the fleet dashboard
(Grafana > Terminals > Firmware) counts terminals that checked in during
the last seven days.
"""


def build_repo():
    aoife = Person("Aoife Brennan", "aoife.brennan@tillpoint.io", 60)
    tomas = Person("Tomás Ferreira", "tomas.ferreira@tillpoint.io", 60)
    naledi = Person("Naledi Khumalo", "naledi.khumalo@tillpoint.io", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "The terminals' front door: mutual-TLS authorisations from Tillpoint's card terminals, forwarded to the acquirer.", port=8443)
    files["go.mod"] = files["go.mod"].replace("\tgithub.com/prometheus/client_golang v1.19.0\n",
                                              "\tgithub.com/prometheus/client_golang v1.19.0\n\tgo.uber.org/zap v1.27.0\n\tgolang.org/x/crypto v0.27.0\n")
    files["cmd/terminal-gateway/main.go"] = MAIN_GO
    files["internal/tlsconf/server.go"] = SERVER_GO
    files["internal/authz/handler.go"] = HANDLER_GO
    files["internal/acquirer/client.go"] = ("package acquirer\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\t\"time\"\n)\n\n"
                                            "// Client calls the acquirer's authorisation API over its own mutual TLS.\ntype Client struct {\n\tbase string\n\thttp *http.Client\n}\n\n"
                                            "func New(cfg Config) *Client {\n\treturn &Client{base: cfg.URL, http: &http.Client{Timeout: cfg.Timeout}}\n}\n\n"
                                            "// Authorise sends one authorisation and returns the issuer's answer.\nfunc (c *Client) Authorise(ctx context.Context, req Request) (*Result, error) {\n\treturn c.post(ctx, \"/authorisations\", req)\n}\n\n"
                                            "var _ = time.Second\n")
    files["config/production.yaml"] = CONFIG
    files["docs/terminals.md"] = TERMINALS_MD
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8443, replicas=3, memory="256Mi", cpu="250m",
                                                  env={"CONFIG_PATH": "/etc/terminal-gateway/production.yaml"}).replace(
        "            httpGet:\n              path: /healthz\n              port: 8443\n", "            httpGet:\n              path: /healthz\n              port: 9090\n")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("TerminalAuthorisationsLow", "Authorisations per minute below the usual curve for the time of day: check the acquirer's status, then the gateway's error log."),
        ("AcquirerErrors", "More than 1 % of acquirer calls fail: northbank-acquiring status page, then #payments-partners."),
    ])
    repo.commit(utc("2026-10-06 10:05:00"), aoife, "terminal-gateway: import", files)
    repo.schedule(chores(random.Random(13101), SERVICE, [aoife, tomas, naledi], utc("2026-10-06 10:05:00"), utc("2026-10-12 10:00:00"), 4))
    repo.commit(utc("2026-10-07 13:40:00"), naledi, "acquirer: 4 s timeout, the terminal gives up at 5 s", {
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 4s\n", "  timeout: 4s  # the terminals time out at 5 s\n"),
    })
    thursday = repo.commit(utc("2026-10-08 08:20:00"), tomas, "authz: answer 91 when the acquirer cannot be reached\n\nThe terminal showed a generic error and the cashier retried the card;\nwith 91 it shows 'Issuer unavailable' and the shop can take cash.", {
        "internal/authz/handler.go": repo.edit("internal/authz/handler.go", "\t\twriteResponse(w, Response{Result: \"unavailable\", Code: \"91\"})\n",
                                               "\t\t// 91: issuer or switch inoperative; the terminal says so instead of a generic error\n\t\twriteResponse(w, Response{Result: \"unavailable\", Code: \"91\"})\n"),
    })
    repo.commit(utc("2026-10-09 14:15:00"), aoife, "docs: offline mode and advices", {
        "docs/terminals.md": repo.files["docs/terminals.md"] + "\n## Advices\n\nAn advice carries a payment the terminal approved offline. The gateway\nforwards it to the acquirer as a completion; the acquirer may still\ndecline it (the shop then bears the loss below the floor limit).\n",
    })
    repo.commit(utc("2026-10-12 11:20:00"), aoife, "tls: reload the serving certificate when cert-manager renews it\n\nThe gateway read its certificate once at start. After cert-manager\nrenewed it on 2 October the pods kept serving the old one until the\nnext deploy; had nobody deployed, terminals' handshakes would have\nfailed when it expired on the 30th. Reload on change via GetCertificate.", {
        "internal/tlsconf/server.go": repo.edit("internal/tlsconf/server.go",
            "\tcert, err := tls.LoadX509KeyPair(certFile, keyFile)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n",
            "\treloader, err := newCertReloader(certFile, keyFile)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n").replace(
            "\t\tCertificates: []tls.Certificate{cert},\n", "\t\tGetCertificate: reloader.GetCertificate,\n"),
        "internal/tlsconf/reload.go": "package tlsconf\n\nimport (\n\t\"crypto/tls\"\n\t\"os\"\n\t\"sync\"\n\t\"time\"\n)\n\n// certReloader serves the current key pair and re-reads it when the\n// mounted secret changes (cert-manager renews 30 days before expiry).\ntype certReloader struct {\n\tmu       sync.RWMutex\n\tcert     *tls.Certificate\n\tcertFile string\n\tkeyFile  string\n\tmod      time.Time\n}\n\nfunc newCertReloader(certFile, keyFile string) (*certReloader, error) {\n\tr := &certReloader{certFile: certFile, keyFile: keyFile}\n\treturn r, r.load()\n}\n\nfunc (r *certReloader) load() error {\n\tcert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)\n\tif err != nil {\n\t\treturn err\n\t}\n\tst, _ := os.Stat(r.certFile)\n\tr.mu.Lock()\n\tr.cert, r.mod = &cert, st.ModTime()\n\tr.mu.Unlock()\n\treturn nil\n}\n\nfunc (r *certReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {\n\tif st, err := os.Stat(r.certFile); err == nil && st.ModTime().After(r.mod) {\n\t\t_ = r.load()\n\t}\n\tr.mu.RLock()\n\tdefer r.mu.RUnlock()\n\treturn r.cert, nil\n}\n",
    })
    culprit = repo.commit(utc("2026-10-12 15:02:00"), tomas, "tls: only AEAD cipher suites (PCI ASV finding)\n\nThe quarterly ASV scan flagged TLS_RSA_WITH_AES_128_CBC_SHA and\nTLS_ECDHE_RSA_WITH_AES_128_CBC_SHA on terminals.tillpoint.io:443\n(CBC mode, no forward secrecy for the RSA one). They were only there\nfor the T2 on firmware 4.x; the fleet dashboard shows every T2 on 5.2\nsince September's campaign, and 5.2 offers ECDHE-RSA-AES128-GCM-SHA256.", {
        "internal/tlsconf/server.go": repo.edit("internal/tlsconf/server.go",
            "\t\t\ttls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,\n\t\t\t// Verano T2, firmware 4.x\n\t\t\ttls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,\n\t\t\ttls.TLS_RSA_WITH_AES_128_CBC_SHA,\n",
            "\t\t\ttls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,\n").replace(
            "// Server is the terminals' listener config: mutual TLS against the terminal\n// CA, TLS 1.2 or later. The suites are listed because Go no longer enables\n// the CBC ones by default and the Verano T2 on firmware 4.x offers nothing\n// else (docs/terminals.md).\n",
            "// Server is the terminals' listener config: mutual TLS against the terminal\n// CA, TLS 1.2 or later, AEAD suites with forward secrecy only (PCI ASV).\n"),
    })
    repo.commit(utc("2026-10-12 17:40:00"), naledi, "authz: log the terminal's model and firmware with each authorisation\n\nSupport asks which firmware a shop's terminal runs at least once a day;\nthe client certificate carries both (OU=model, serialNumber=firmware).", {
        "internal/authz/handler.go": repo.edit("internal/authz/handler.go",
            "\tterminal := r.TLS.PeerCertificates[0].Subject.CommonName\n",
            "\tsubject := r.TLS.PeerCertificates[0].Subject\n\tterminal := subject.CommonName\n").replace(
            "zap.String(\"rrn\", res.RRN)}\n", "zap.String(\"rrn\", res.RRN),\n\t\tzap.String(\"model\", first(subject.OrganizationalUnit)), zap.String(\"firmware\", subject.SerialNumber)}\n"),
    })
    repo.commit(utc("2026-10-13 06:10:00"), bot, "Bump golang.org/x/crypto from 0.27.0 to 0.28.0\n\nBumps [golang.org/x/crypto](https://github.com/golang/crypto) from 0.27.0 to 0.28.0.\n- [Commits](https://github.com/golang/crypto/compare/v0.27.0...v0.28.0)\n\n---\nupdated-dependencies:\n- dependency-name: golang.org/x/crypto\n  dependency-type: direct:production\n  update-type: version-update:semver-minor\n", {
        "go.mod": repo.edit("go.mod", "golang.org/x/crypto v0.27.0", "golang.org/x/crypto v0.28.0"),
    })
    head = repo.commit(utc("2026-10-13 08:41:00"), aoife, "metrics: authorisation latency by acquirer", {
        "internal/authz/metrics.go": "package authz\n\nimport \"github.com/prometheus/client_golang/prometheus\"\n\nvar acquirerSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{\n\tName:    \"terminal_gateway_acquirer_seconds\",\n\tHelp:    \"Acquirer authorisation latency.\",\n\tBuckets: []float64{.1, .2, .4, .8, 1.5, 3, 5},\n}, []string{\"acquirer\", \"result\"})\n\nfunc init() { prometheus.MustRegister(acquirerSeconds) }\n",
    })
    repo.commit(utc("2026-10-13 12:05:00"), tomas, "tls: put the CBC suites back for the T2 on firmware 4.9\n\nReverts the suite list of the ASV change: 52 T2s still run 4.9.3 and\ncould not complete a handshake from 09:18 to 10:03 (see the incident\ndoc). The ASV finding gets an exception until the firmware campaign\nreaches them.", {
        "internal/tlsconf/server.go": repo.edit("internal/tlsconf/server.go",
            "\t\t\ttls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,\n",
            "\t\t\ttls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,\n\t\t\t// Verano T2, firmware 4.x: until every T2 runs 5.2 (TERM-318)\n\t\t\ttls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,\n\t\t\ttls.TLS_RSA_WITH_AES_128_CBC_SHA,\n"),
    })
    return repo, culprit, thursday, head


TOWNS = ["Leeds", "Bristol", "Cork", "Galway", "Brighton", "York", "Bath", "Norwich", "Cardiff", "Belfast", "Kilkenny", "Whitby", "Harrogate", "Totnes",
         "Stroud", "Hebden Bridge", "Margate", "Dingle", "Keswick", "St Ives"]
SHOPS = ["The Daily Grind", "Crumb & Co", "Little Loaf", "Bean There", "The Corner Larder", "Salt & Sourdough", "Two Saucers", "Harbour Bakes",
         "The Pantry", "Oat & Ember", "Tidy Cup", "Marlow's Deli", "Kettle Black", "Flour Power", "The Book Nook", "Seaside Scoops"]


def fleet(rng):
    merchants = []
    for i in range(260):
        town = rng.choice(TOWNS)
        merchants.append((f"M-{10100 + 3 * i + rng.randint(0, 2)}", f"{rng.choice(SHOPS)}, {town}", town in ("Cork", "Galway", "Kilkenny", "Dingle")))
    terms = []
    for i in range(420):
        r = rng.random()
        if r < 0.125:
            model, fw = "T2", "4.9.3"
        elif r < 0.42:
            model, fw = "T2", "5.2.0"
        else:
            model, fw = "T5", rng.choice(["2.3.1", "2.4.0", "2.4.0"])
        merchant, shop, eur = merchants[i if i < len(merchants) else rng.randrange(len(merchants))]
        terms.append({"id": f"V{model}-{rng.randint(100000, 999999):07d}", "model": model, "fw": fw, "merchant": merchant, "shop": shop,
                      "ip": f"{rng.choice([81, 86, 90, 92, 109, 151, 176, 188, 213])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}",
                      "eur": eur, "weight": rng.lognormvariate(0, 0.6)})
    return terms


def zlog(t, level, msg, caller, pod, logger=None, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"}
    if logger:
        body["logger"] = logger
    body["caller"] = caller
    body["msg"] = msg
    body["pod"] = pod
    body.update(fields)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def rate(t):
    """Card payments per minute across the fleet: the morning coffee ramp (BST is UTC+1)."""
    h = (t - START).total_seconds() / 3600
    return 7 + 8 * min(1.0, h / 1.6) - 1.5 * max(0.0, h - 2.6)


def build_logs(rng, culprit, thursday, head):
    app = Log("terminal-gateway.log")
    tms = Log("verano-tms-events.log")
    argo = Log("argocd-application-controller.log")
    tickets = Log("support-tickets.log")

    gens = [
        (None, [f"terminal-gateway-6c9d7b5f48-{hexid(rng, 5)}" for _ in range(3)], thursday, False),
        (DEPLOY, [f"terminal-gateway-7f4b8d9c56-{hexid(rng, 5)}" for _ in range(3)], head, True),
        (ROLLBACK, [f"terminal-gateway-6c9d7b5f48-{hexid(rng, 5)}" for _ in range(3)], thursday, False),
    ]

    def gen_at(slot, t):
        g = 0
        for i, (when, _, _, _) in enumerate(gens):
            if when is not None and t >= when + dt.timedelta(seconds=9 + 22 * slot):
                g = i
        return g

    # --- Argo CD: the release captain syncs by hand; the rollback too ----------
    for when, sha, who in ((DEPLOY, head, "aoife.brennan@tillpoint.io"), (ROLLBACK, thursday, "naledi.khumalo@tillpoint.io")):
        t0 = when - dt.timedelta(seconds=36)
        argo.add(t0, logfmt(t0, "info", f"Initiated sync to '{sha}'", application="terminal-gateway", dest_namespace="payments", user=who))
        tt = t0 + dt.timedelta(seconds=2)
        argo.add(tt, logfmt(tt, "info", "Updating operation state. phase: Running -> Running, message: 'one or more tasks are running'", application="terminal-gateway"))
        argo.add(when + dt.timedelta(seconds=60), logfmt(when + dt.timedelta(seconds=60), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded",
                                                         application="terminal-gateway", dest_namespace="payments"))
    emit(rng, argo, START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="terminal-gateway", dest_namespace="payments",
                                                         comparison_level=1, time_ms=rng.randint(30, 140)))])

    # --- start-up and shutdown lines ---------------------------------------------
    for g in (1, 2):
        when, pods, sha, _ = gens[g]
        for slot, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=22 * slot + rng.uniform(0, 1))
            app.add(t, zlog(t, "info", "starting terminal-gateway", "terminal-gateway/main.go:31", pod, version=sha[:7]))
            tt = t + dt.timedelta(milliseconds=rng.randint(3, 9))
            if g == 1:
                app.add(tt, zlog(tt, "info", "serving certificate loaded", "tlsconf/reload.go:33", pod, subject="terminals.tillpoint.io", not_after="2026-12-29T11:02:17Z"))
            tt += dt.timedelta(milliseconds=rng.randint(1, 4))
            app.add(tt, zlog(tt, "info", "listening", "terminal-gateway/main.go:43", pod, addr=":8443"))
            old = gens[g - 1][1][slot]
            tt = t + dt.timedelta(seconds=9 + rng.uniform(0, 1))
            app.add(tt, zlog(tt, "info", "shutting down", "terminal-gateway/main.go:52", old, signal="terminated", in_flight=rng.randint(0, 2)))

    # --- card payments ---------------------------------------------------------------
    terms = fleet(rng)
    weights = [term["weight"] for term in terms]
    offline = {}          # terminal id -> payments stored offline
    failing_since = {}
    approved = {}         # (minute, model) -> count, for metrics
    first_ticket = {}

    def record(minute, model):
        approved[(minute, model)] = approved.get((minute, model), 0) + 1

    def tms_event(t, term, event, **details):
        body = {"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"],
                "model": f"Verano {term['model']}", "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": event}
        if details:
            body["details"] = details
        tms.add(t, json.dumps(body, separators=(",", ":")))

    arrivals = []
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt
    for t in arrivals:
        term = rng.choices(terms, weights=weights)[0]
        amount = max(120, int(rng.lognormvariate(math.log(640), 0.75)))
        if rng.random() < 0.08:
            amount = rng.randint(3000, 14000)
        currency = "EUR" if term["eur"] else "GBP"
        slot = rng.randrange(3)
        g = gen_at(slot, t)
        pod = gens[g][1][slot]
        strict = gens[g][3]
        logs_model = g == 1
        port = rng.randint(49152, 65535)
        if strict and term["fw"].startswith("4."):
            # three attempts, each to whichever pod the NLB picks; all new pods refuse the suites
            tt = t
            for attempt in range(3):
                s2 = rng.randrange(3)
                g2 = gen_at(s2, tt)
                if not gens[g2][3]:
                    # this attempt reached a pod that still has the old suites (mid-rollout)
                    g, pod, logs_model, t = g2, gens[g2][1][s2], g2 == 1, tt
                    break
                th = tt + dt.timedelta(milliseconds=rng.randint(20, 60))
                app.add(th, zlog(th, "warn", f"http: TLS handshake error from {term['ip']}:{rng.randint(49152, 65535)}: tls: no cipher suite supported by both client and server",
                                 "http/server.go:3487", gens[g2][1][s2], logger="http"))
                tt += dt.timedelta(seconds=rng.uniform(2.5, 4.0))
            else:
                tms_event(tt, term, "HOST_CONNECTION_FAILED", host="terminals.tillpoint.io:443", reason="TLS alert received: handshake_failure", attempts=3)
                if term["id"] not in failing_since:
                    failing_since[term["id"]] = tt
                    tms_event(tt + dt.timedelta(milliseconds=300), term, "OFFLINE_MODE_ENTERED", reason="host unreachable")
                if amount <= FLOOR_LIMIT:
                    offline.setdefault(term["id"], []).append(amount)
                    tms_event(tt + dt.timedelta(seconds=1), term, "TXN_STORED_OFFLINE", amountMinor=amount, currency=currency, stored=len(offline[term["id"]]))
                else:
                    tms_event(tt + dt.timedelta(seconds=1), term, "TXN_DECLINED_OFFLINE", amountMinor=amount, currency=currency, responseCode="Z3", display="DECLINED - UNABLE TO GO ONLINE")
                if term["merchant"] not in first_ticket and (amount > FLOOR_LIMIT or len(offline.get(term["id"], [])) > 1) and rng.random() < 0.6:
                    first_ticket[term["merchant"]] = tt + dt.timedelta(minutes=rng.uniform(2, 9))
                continue
        took = ms(rng, 340, 0.35)
        done = t + dt.timedelta(milliseconds=took + rng.randint(20, 70))
        fields = {"terminal": term["id"], "merchant": term["merchant"], "amount_minor": amount, "currency": currency, "acquirer_ms": took,
                  "rrn": f"{rng.randint(10**11, 10**12 - 1)}"}
        if logs_model:
            fields.update(model=term["model"], firmware=term["fw"])
        if rng.random() < 0.045:
            fields["issuer_code"] = rng.choice(["51", "05", "05", "54", "65"])
            app.add(done, zlog(done, "info", "authorisation declined", "authz/handler.go:41", pod, **fields))
        else:
            app.add(done, zlog(done, "info", "authorisation approved", "authz/handler.go:39", pod, **fields))
            record(done.replace(second=0, microsecond=0), term["model"])
        if term["id"] in offline and not strict:
            stored = offline.pop(term["id"])
            tt = done + dt.timedelta(milliseconds=rng.randint(200, 900))
            tms_event(tt - dt.timedelta(milliseconds=150), term, "OFFLINE_MODE_EXITED", storedTransactions=len(stored))
            app.add(tt, zlog(tt, "info", "offline advices accepted", "authz/advice.go:52", pod, terminal=term["id"], merchant=term["merchant"], count=len(stored), total_minor=sum(stored)))
            tms_event(tt + dt.timedelta(milliseconds=80), term, "OFFLINE_BATCH_UPLOADED", count=len(stored), totalMinor=sum(stored))
            failing_since.pop(term["id"], None)

    # Rare acquirer hiccups, on any day.
    for t in poisson_times(rng, START, END, 0.02):
        slot = rng.randrange(3)
        pod = gens[gen_at(slot, t)][1][slot]
        term = rng.choice(terms)
        app.add(t, zlog(t, "error", "acquirer call failed", "authz/handler.go:30", pod, terminal=term["id"],
                        error='Post "https://api.northbank-acquiring.co.uk/v3/authorisations": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'))

    # Internet noise on a public TLS port, every day: scanners without a client certificate.
    for t in poisson_times(rng, START, END, 0.35):
        slot = rng.randrange(3)
        pod = gens[gen_at(slot, t)][1][slot]
        src = f"{rng.choice([45, 162, 185, 193, 205, 194, 167, 89])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}:{rng.randint(1024, 65535)}"
        err = rng.choice(["tls: client didn't provide a certificate", "tls: client didn't provide a certificate", "EOF", "EOF",
                          "tls: first record does not look like a TLS handshake", f"read tcp 10.40.{rng.randint(1, 3)}.{rng.randint(10, 250)}:8443->{src}: read: connection reset by peer",
                          "tls: unsupported SSLv2 handshake received"])
        app.add(t, zlog(t, "warn", f"http: TLS handshake error from {src}: {err}", "http/server.go:3487", pod, logger="http"))

    # The terminal vendor's TMS: what the devices report on a normal morning.
    emit(rng, tms, START, END, 1.1, [
        (4, lambda t: (lambda term: json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"], "model": f"Verano {term['model']}",
                                                "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": "CONFIG_CHECK", "details": {"result": "up to date"}}, separators=(",", ":")))(rng.choice(terms))),
        (2, lambda t: (lambda term: json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"], "model": f"Verano {term['model']}",
                                                "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": "BATTERY_LOW", "details": {"level": rng.randint(5, 15)}}, separators=(",", ":")))(rng.choice(terms))),
        (1, lambda t: (lambda term: json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"], "model": f"Verano {term['model']}",
                                                "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": "PAPER_OUT"}, separators=(",", ":")))(rng.choice(terms))),
        (1, lambda t: (lambda term: json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"], "model": f"Verano {term['model']}",
                                                "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": "REBOOT", "details": {"reason": rng.choice(["power on", "power on", "user"])}}, separators=(",", ":")))(rng.choice(terms))),
        (1, lambda t: (lambda term: json.dumps({"eventTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "deviceSerial": term["id"], "model": f"Verano {term['model']}",
                                                "firmware": term["fw"], "merchantRef": term["merchant"], "eventType": "WIFI_RECONNECTED", "details": {"rssi": -rng.randint(55, 82)}}, separators=(",", ":")))(rng.choice(terms))),
    ])

    # --- the support desk (ticket numbers in order of creation) ---------------------
    by_merchant = {term["merchant"]: term for term in terms}
    subjects = ["Card machine keeps saying declined Z3", "Terminal won't go online, customers' cards declined", "Card reader 'unable to go online' since this morning",
                "Payments declining on the small grey machine, the other one works", "Card machine offline - is there an outage?", "Z3 declined on every card over 30"]
    raised = []
    for merchant, when in first_ticket.items():
        if when > ROLLBACK + dt.timedelta(minutes=4):
            continue
        term = by_merchant[merchant]
        raised.append((when, {"channel": rng.choice(["phone", "phone", "chat", "email"]), "requester": f"{merchant} {term['shop']}", "subject": rng.choice(subjects),
                              "priority": "high", "tags": ["terminal", "offline"]}))
    for when in poisson_times(rng, START, END, 0.06):
        raised.append((when, {"channel": "email", "requester": f"M-{rng.randint(10100, 10880)}",
                              "subject": rng.choice(["Where is my payout for Friday?", "Need a second terminal for the weekend market", "Receipt paper order", "Change of bank account"]),
                              "priority": "normal", "tags": ["account"]}))
    n = 48107
    for when, body in sorted(raised, key=lambda item: item[0]):
        n += rng.randint(1, 3)
        tickets.add(when, json.dumps({"created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": n, **body}, ensure_ascii=False, separators=(",", ":")))
    return [app, tms, argo, tickets], approved


def build(out_dir):
    rng = random.Random(13100)
    repo, culprit, thursday, head = build_repo()
    try:
        logs, approved = build_logs(rng, culprit, thursday, head)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "no cipher suite" in text).replace(microsecond=0)

        def per_sec(model):
            def fn(t):
                key = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return round(sum(approved.get((key - dt.timedelta(minutes=k), model), 0) for k in range(5)) / 300, 4)
            return fn

        # rate(terminal_gateway_authorisations_total{result="approved"}[5m]) by model (the terminal id says the model: VT2-, VT5-)
        metrics = {
            "terminal_gateway_authorisations_approved.json": query_range(
                [({"service": SERVICE, "result": "approved", "model": m}, per_sec(m)) for m in ("T5", "T2")], START, END, 60),
        }
        return write_scenario(
            out_dir, name="tls-cipher-hardening", service=SERVICE, onset=onset,
            description=f"""
Card terminals in some shops cannot take payments. From {onset.strftime('%H:%M')} UTC ({(onset + dt.timedelta(hours=1)).strftime('%H:%M')} in the
UK) shops ring support: their terminal declines cards with Z3 ("unable to
go online") or stores them offline; most of their other terminals work.
terminal-gateway's Tuesday release was synced in Argo CD at 09:18 (the
start-up lines name a metrics commit). The on-call synced back to
Thursday's revision at 10:02 and the terminals came back online.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"no cipher suite supported by both client and server", r"TLS alert received: handshake_failure"],
            fix_files=["internal/tlsconf/server.go"],
            explanation="""
The culprit is Monday's "tls: only AEAD cipher suites (PCI ASV finding)"
(internal/tlsconf/server.go): it drops the two CBC suites that the Verano
T2 on firmware 4.9.3 offers, believing every T2 runs 5.2. It reached
production with Tuesday's 09:18 release, whose Argo sync and start-up lines
name the later metrics commit. From the first new pod on, handshakes from
the 4.9.3 terminals fail with "http: TLS handshake error from ...: tls: no
cipher suite supported by both client and server" (net/http's error log
through zap), the terminals' TMS events say "TLS alert received:
handshake_failure" and then offline mode, Z3 declines and stored payments;
T5s and T2s on 5.2 keep approving. The rollback to Thursday's revision at
10:02 ends it and the terminals upload their stored payments; the fix
puts the two suites back. Decoys: the certificate reload commit to the
same file the day before (its words: tls, certificate, handshake), the
commit that logs model and firmware with each authorisation (shipped in
the same release), the x/crypto bump that morning, the metrics commit the
deploy names, an acquirer timeout comment and docs earlier, chores, and the
daily handshake errors from internet scanners (EOF, no client
certificate).
""",
        )
    finally:
        repo.close()
