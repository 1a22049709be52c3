"""waitlist-service (Go 1.23, net/http with crewjam/saml's samlsp, pgx;
three pods on Harju University's OpenShift cluster, synced by OpenShift
GitOps (Argo CD) from a GitOps repository that CI bumps on each release
tag; the registration systems team in Espoo). It runs the course
registration waitlists: when seats free up in a full course
implementation, the next waitlisted students get an offer by email and
accept it at waitlist.harju.fi, which signs them in with the university's
SAML IdP (login.harju.fi). The IdP is Shibboleth IdP 5 on two nodes
(idp1, idp2), run by the IAM team, behind the network team's BIG-IP
virtual server. Shibboleth keeps a login's Spring Web Flow conversation
in the node's container session, so the virtual server has always had
cookie persistence; the IdP's own SSO session is client-side and works
on either node.

Wednesday 21 January: registration for period III closed at midnight,
and at 08:00 EET (06:00 UTC) the offer round gives 1,412 freed seats to
waitlisted students, to be accepted by 16:00. The network team's
standard change C2601-0087 ("LB template harmonisation, wave 3")
re-declares four virtual servers with AS3 between 07:46 and 07:48 EET
with the new standard HTTPS template: no persistence and a OneConnect
profile, which balances each request on its own. login.harju.fi is one
of the four (the design document lists the IdP as an exception; the
wave list did not). From 05:47 UTC a fresh password login continues on
the other node half of the time at each step ("No flow execution could
be found with key 'e1s1'", the IdP's "Stale Request" page), so about
three in four fail; sign-ins with an IdP session from earlier that
morning still work. Canvas, Sisu and every other SP are hit alike.

waitlist-service 2.14.0 had been synced at 05:31 UTC (WL-318: sign
AuthnRequests with the new 2026 SP key, the old certificate expiring on
the 25th; WL-320, which records each AuthnRequest and logs those with no
response after five minutes, the very "SAML login abandoned" warning
that now fills the log; WL-316's offer mail; a pgx bump). The runbook
(last Thursday) says that logins failing right after the SP key switch
mean the IdP lacks the new certificate: roll back. The on-call rolls
back to 2.13.2 at 06:24 UTC without effect (the warnings stop, the ACS
still sees few responses). The service desk opens a major incident for
login.harju.fi; the IAM team finds the stale requests on both nodes
since 07:47 EET and no change of their own; the network team finds
login.harju.fi in the wave and re-declares it with cookie persistence
and without OneConnect at 07:04 UTC. Logins work again; 2.14.0 is
synced again at 07:22 and the registry office extends the offers to
noon the next day. Nothing in waitlist-service caused it.

Sources: waitlist-service (slog JSON), the OpenShift router (HAProxy
httplog through rsyslog), the IdP nodes' idp-process.log (logback, line
format), the IdP's audit log (both nodes), the BIG-IP pair's syslog
(/var/log/ltm and mcpd's audit), Argo CD (logrus text), #waitlist-service and the
major incident (Teams export, JSON lines), TOPdesk incidents and changes
(JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "waitlist-service"
START, END = utc("2026-01-21 03:30:00"), utc("2026-01-21 08:30:00")
RELEASE = utc("2026-01-21 05:31:14")     # Argo syncs 2.14.0
LB_CHANGE = utc("2026-01-21 05:47:09")   # AS3 wave 3 re-declares /IAM/login/serviceMain
OFFERS = utc("2026-01-21 06:00:00")      # offer round (08:00 EET)
ROLLBACK = utc("2026-01-21 06:24:40")    # Argo rollback to 2.13.2, auto-sync off
LB_FIX = utc("2026-01-21 07:04:21")      # login re-declared with cookie persistence, no OneConnect
RESYNC = utc("2026-01-21 07:22:30")      # auto-sync on again, 2.14.0
EXTEND = utc("2026-01-21 07:27:45")      # registry office extends the round's deadline

IDP = "https://login.harju.fi/idp/shibboleth"
OUR_SP = "https://waitlist.harju.fi/saml/metadata"
OTHER_SPS = [
    ("http://harju.instructure.com/saml2", 5.0),
    ("https://sisu.harju.fi/shibboleth", 3.0),
    ("https://intra.harju.fi/saml", 1.6),
    ("https://library.harju.fi/shibboleth", 0.7),
    ("https://harju.zoom.us", 0.8),
    ("https://gradebridge.harju.fi/saml/metadata", 0.2),
    ("https://webmail-legacy.harju.fi/shibboleth", 0.3),
    ("https://lab-booking.harju.fi/saml2/metadata", 0.3),
]
NODES = ["idp1", "idp2"]

FIRST = ["aino", "eetu", "elias", "emma", "helmi", "ilona", "jenna", "joel", "juho", "kalle", "lauri", "linnea", "matias", "milla",
         "niilo", "oona", "otto", "pinja", "roope", "sara", "siiri", "toni", "venla", "veeti", "wilma", "ahmed", "li", "maria", "lucas",
         "sofia", "daniel", "anna", "mohammed", "nora", "alex", "hugo"]
LAST = ["virtanen", "korhonen", "makinen", "nieminen", "hamalainen", "laine", "heikkinen", "koskinen", "jarvinen", "lehtonen",
        "saarinen", "salminen", "heinonen", "niemi", "kinnunen", "salonen", "turunen", "tuominen", "rantanen", "karjalainen", "jokinen",
        "mattila", "savolainen", "lahtinen", "ahonen", "nguyen", "ali", "garcia", "chen", "rossi"]
IMPLEMENTATIONS = ["MAT-A1302", "MAT-A1503", "FYS-A1130", "TIE-A1110", "TIE-C2110", "KEM-A1250", "SAH-A1250", "KON-C3004", "TAL-A1030",
                   "TUO-A1010", "KIE-1002", "KIE-1204", "BIO-C2020", "RAK-A3002", "YMP-E1010", "TIE-E4620", "MAT-C2190", "FYS-C0310",
                   "TAL-C2050", "KIE-2310"]

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module git.harju.fi/registration/waitlist-service

go 1.23

require (
\tgithub.com/crewjam/saml v0.4.14
\tgithub.com/jackc/pgx/v5 v5.7.1
\tgopkg.in/yaml.v3 v3.0.1
)
"""

CONFIG_V1 = """listen: ":8080"
base_url: https://waitlist.harju.fi
sis:
  base_url: https://sis-api.harju.fi/v2
  timeout: 15s
saml:
  idp_metadata_url: https://login.harju.fi/idp/shibboleth
  entity_id: https://waitlist.harju.fi/saml/metadata
  key_file: /etc/waitlist/saml/sp-2024.key
  cert_file: /etc/waitlist/saml/sp-2024.crt
  sign_requests: true
offers:
  round_at: "08:00"          # Europe/Helsinki, after a registration period closes
  accept_hours: 8
mail:
  smtp: relay.harju.fi:25
  from: "Harju University Registration <registration@harju.fi>"
"""

SP_V1 = """package sso

import (
\t"context"
\t"crypto/rsa"
\t"crypto/tls"
\t"crypto/x509"
\t"fmt"
\t"log/slog"
\t"net/http"
\t"net/url"
\t"time"

\t"github.com/crewjam/saml/samlsp"

\t"git.harju.fi/registration/waitlist-service/internal/config"
)

// New builds the SAML service provider for the university IdP
// (login.harju.fi). Students and staff sign in here to accept offers and
// manage waitlists.
func New(ctx context.Context, cfg config.SAML, baseURL string, log *slog.Logger) (*samlsp.Middleware, error) {
\tkeyPair, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
\tif err != nil {
\t\treturn nil, fmt.Errorf("sp key pair: %w", err)
\t}
\tkeyPair.Leaf, err = x509.ParseCertificate(keyPair.Certificate[0])
\tif err != nil {
\t\treturn nil, err
\t}
\tidpURL, _ := url.Parse(cfg.IdPMetadataURL)
\tfetchCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
\tdefer cancel()
\tidp, err := samlsp.FetchMetadata(fetchCtx, http.DefaultClient, *idpURL)
\tif err != nil {
\t\treturn nil, fmt.Errorf("idp metadata: %w", err)
\t}
\troot, _ := url.Parse(baseURL)
\tm, err := samlsp.New(samlsp.Options{
\t\tURL:         *root,
\t\tEntityID:    cfg.EntityID,
\t\tKey:         keyPair.PrivateKey.(*rsa.PrivateKey),
\t\tCertificate: keyPair.Leaf,
\t\tIDPMetadata: idp,
\t\tSignRequest: cfg.SignRequests,
\t})
\tif err != nil {
\t\treturn nil, err
\t}
\tlog.Info("IdP metadata loaded", "entity", idp.EntityID, "sso_url", idp.IDPSSODescriptors[0].SingleSignOnServices[0].Location,
\t\t"signing_cert", keyPair.Leaf.Subject.CommonName, "not_after", keyPair.Leaf.NotAfter.Format(time.DateOnly))
\tm.OnError = func(w http.ResponseWriter, r *http.Request, err error) {
\t\tlog.Warn("SAML response rejected", "err", err)
\t\thttp.Error(w, "Sign-in failed, please try again.", http.StatusForbidden)
\t}
\treturn m, nil
}
"""

TRACKER = """package sso

import (
\t"context"
\t"log/slog"
\t"time"

\t"github.com/jackc/pgx/v5/pgxpool"
)

// RoundTrips records each AuthnRequest we send and whether a response came
// back (WL-320): a login that is lost at the IdP never reaches our ACS and
// used to leave no trace in our log.
type RoundTrips struct {
\tDB       *pgxpool.Pool
\tLog      *slog.Logger
\tIdP      string
\tAbandonAfter time.Duration
}

func (r *RoundTrips) Started(ctx context.Context, requestID, relay string) {
\t_, _ = r.DB.Exec(ctx, `insert into saml_round_trips (request_id, relay, started_at) values ($1, $2, now())`, requestID, relay)
\tr.Log.Info("SAML login started", "request_id", requestID, "relay", relay, "idp", r.IdP)
}

func (r *RoundTrips) Completed(ctx context.Context, requestID string) {
\t_, _ = r.DB.Exec(ctx, `update saml_round_trips set completed_at = now() where request_id = $1`, requestID)
}

// Sweep logs the round trips that got no response within AbandonAfter, once.
func (r *RoundTrips) Sweep(ctx context.Context) {
\trows, err := r.DB.Query(ctx, `update saml_round_trips set swept = true
\t\twhere completed_at is null and not swept and started_at < now() - $1::interval
\t\treturning request_id, relay, started_at`, r.AbandonAfter.String())
\tif err != nil {
\t\tr.Log.Error("round-trip sweep failed", "err", err)
\t\treturn
\t}
\tdefer rows.Close()
\tfor rows.Next() {
\t\tvar id, relay string
\t\tvar started time.Time
\t\tif rows.Scan(&id, &relay, &started) == nil {
\t\t\tr.Log.Warn("SAML login abandoned: no response from IdP", "request_id", id, "relay", relay, "idp", r.IdP,
\t\t\t\t"started", started.UTC().Format(time.RFC3339), "age", time.Since(started).Round(time.Second).String())
\t\t}
\t}
}
"""

OFFERS_GO = """package offers

import (
\t"context"
\t"log/slog"
\t"time"
)

// Round gives the seats freed since the last round to the next waitlisted
// students; each offer must be accepted within AcceptHours.
func (s *Service) Round(ctx context.Context, round string) error {
\tseats, err := s.repo.FreedSeats(ctx, round)
\tif err != nil {
\t\treturn err
\t}
\tdeadline := s.clock.Now().Add(time.Duration(s.cfg.AcceptHours) * time.Hour)
\ts.log.Info("offer round started", "round", round, "seats", len(seats), "deadline", deadline.Format(time.RFC3339))
\tfor _, seat := range seats {
\t\toffer, err := s.repo.OfferNext(ctx, seat, deadline)
\t\tif err != nil {
\t\t\ts.log.Error("offer failed", "implementation", seat.Implementation, "err", err)
\t\t\tcontinue
\t\t}
\t\ts.log.Info("offer created", "offer", offer.ID, "student", offer.Student, "implementation", seat.Implementation)
\t\ts.mail.Queue(offer)
\t}
\treturn s.mail.Flush(ctx)
}

// Accept enrols the student in the SIS and closes the offer.
func (s *Service) Accept(ctx context.Context, offerID, student string) error {
\toffer, err := s.repo.Offer(ctx, offerID, student)
\tif err != nil {
\t\treturn err
\t}
\treg, err := s.sis.Enrol(ctx, student, offer.Implementation)
\tif err != nil {
\t\treturn err
\t}
\ts.log.Info("offer accepted", "offer", offerID, "student", student, "implementation", offer.Implementation, "registration", reg)
\treturn s.repo.Close(ctx, offerID, "accepted")
}
"""

MAIL_V1 = """package offers

// offerMail is the text of the offer email (fi/sv/en).
const offerMail = `{{.Greeting}}

A seat is free for you in {{.Implementation}}. Accept it at
https://waitlist.harju.fi/offers/{{.ID}} before the deadline; after that
the seat goes to the next student on the waitlist.
`
"""

MAIL_V2 = """package offers

// offerMail is the text of the offer email (fi/sv/en). The deadline is
// spelled out in Helsinki time (WL-316: students read "16:00" as their
// own time zone on exchange).
const offerMail = `{{.Greeting}}

A seat is free for you in {{.Implementation}}. Accept it at
https://waitlist.harju.fi/offers/{{.ID}} by {{.Deadline.Format "Monday 2 January at 15:04"}}
(Helsinki time); after that the seat goes to the next student on the
waitlist.
`
"""

RUNBOOK_V1 = """# waitlist-service runbook

Owner: registration systems team (#waitlist-service in Teams).
Dashboards: Grafana > Registration > Waitlists.

## Offer round

After a registration period closes the round runs at 08:00 (Helsinki):
freed seats go to the next students, offers by email, 8 hours to accept.
Expect a peak of sign-ins and accepts in the first hour. If the round
failed, run it again from the admin page; offers already made are kept.

## SIS enrolment errors

`SIS enrolment failed` with 409: the student is already registered in
the implementation (the SIS UI); close the offer from the admin page.
"""

RUNBOOK_KEY = """
## SP signing key rollover (WL-318, January 2026)

Our SP certificate sp-2024 expires on 25 January. Since WL-312 our
metadata lists sp-2026 next to it and IAM has loaded it (14 January).
WL-318 switches the AuthnRequest signing key to sp-2026.

If sign-ins fail right after the switch (students stuck at the IdP,
few responses at /saml/acs), the IdP does not have our new certificate:
roll back in Argo CD to the previous release and ask IAM (#iam) to
reload our metadata.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    olli = Person("Olli Kinnunen", "olli.kinnunen@harju.fi", 120)
    hanna = Person("Hanna Saarinen", "hanna.saarinen@harju.fi", 120)
    tuomas = Person("Tuomas Rantanen", "tuomas.rantanen@harju.fi", 120)
    bot = Person("Renovate Bot", "renovate-bot@harju.fi", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/waitlist-service/main.go": "package main\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"net/http\"\n\t\"os\"\n\n\t\"git.harju.fi/registration/waitlist-service/internal/config\"\n\t\"git.harju.fi/registration/waitlist-service/internal/server\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With(\"pod\", os.Getenv(\"HOSTNAME\"))\n\tcfg := config.MustLoad(os.Getenv(\"CONFIG\"))\n\tlog.Info(\"waitlist-service starting\", \"version\", version, \"commit\", commit)\n\tsrv, err := server.New(context.Background(), cfg, log)\n\tif err != nil {\n\t\tlog.Error(\"start failed\", \"err\", err)\n\t\tos.Exit(1)\n\t}\n\tlog.Info(\"listening\", \"addr\", cfg.Listen)\n\t_ = http.ListenAndServe(cfg.Listen, srv)\n}\n",
        "internal/config/config.go": "package config\n\nimport (\n\t\"os\"\n\t\"time\"\n\n\t\"gopkg.in/yaml.v3\"\n)\n\ntype SAML struct {\n\tIdPMetadataURL string `yaml:\"idp_metadata_url\"`\n\tEntityID       string `yaml:\"entity_id\"`\n\tKeyFile        string `yaml:\"key_file\"`\n\tCertFile       string `yaml:\"cert_file\"`\n\tSignRequests   bool   `yaml:\"sign_requests\"`\n}\n\ntype Config struct {\n\tListen  string `yaml:\"listen\"`\n\tBaseURL string `yaml:\"base_url\"`\n\tSIS     struct {\n\t\tBaseURL string        `yaml:\"base_url\"`\n\t\tTimeout time.Duration `yaml:\"timeout\"`\n\t} `yaml:\"sis\"`\n\tSAML   SAML `yaml:\"saml\"`\n\tOffers struct {\n\t\tRoundAt     string `yaml:\"round_at\"`\n\t\tAcceptHours int    `yaml:\"accept_hours\"`\n\t} `yaml:\"offers\"`\n}\n\nfunc MustLoad(path string) Config {\n\tvar c Config\n\tb, err := os.ReadFile(path)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tif err := yaml.Unmarshal(b, &c); err != nil {\n\t\tpanic(err)\n\t}\n\treturn c\n}\n",
        "internal/sso/sp.go": SP_V1,
        "internal/offers/offers.go": OFFERS_GO,
        "internal/offers/mail.go": MAIL_V1,
        "internal/sis/client.go": "package sis\n\n// Client enrols students through the SIS registration API\n// (sis-api.harju.fi/v2/registrations).\ntype Client struct{ BaseURL string }\n",
        "config/production.yaml": CONFIG_V1,
        "deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: waitlist-service\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.harju.fi/registration/waitlist-service\n          env:\n            - {name: CONFIG, value: /etc/waitlist/config.yaml}\n          volumeMounts:\n            - {name: saml-keys, mountPath: /etc/waitlist/saml, readOnly: true}\n      volumes:\n        - name: saml-keys\n          secret: {secretName: waitlist-saml-keys}\n",
        ".gitlab-ci.yml": "stages: [test, release]\n\ntest:\n  image: golang:1.23\n  script: [go vet ./..., go test ./...]\n\nrelease:\n  stage: release\n  rules: [{if: $CI_COMMIT_TAG}]\n  script:\n    - ko build ./cmd/waitlist-service --tags ${CI_COMMIT_TAG#v}\n    - ./ci/bump-gitops.sh waitlist-service ${CI_COMMIT_TAG#v}\n",
        "README.md": "# waitlist-service\n\nCourse registration waitlists at Harju University: offers of freed seats,\nacceptance at https://waitlist.harju.fi with the university IdP (SAML),\nenrolment in the SIS.\n\nRelease tags `vX.Y.Z` build the image and bump it in the GitOps repository;\nOpenShift GitOps (Argo CD) syncs `waitlist-prod`.\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 2.13.0\n\n- Waitlist position on the student's page (WL-301).\n",
    }
    repo.commit(utc("2026-01-12 08:30:00"), olli, "waitlist-service 2.13.0", files)
    crng = random.Random(61203)
    repo.schedule(chores(crng, SERVICE, [olli, hanna, tuomas], utc("2026-01-12 09:00:00"), utc("2026-01-16 14:00:00"), 3)
                  + chores(crng, SERVICE, [tuomas], utc("2026-01-19 08:00:00"), utc("2026-01-19 13:00:00"), 1))
    repo.commit(utc("2026-01-13 10:15:00"), tuomas, "offers: a decline link in the offer email (WL-309)", {
        "internal/offers/mail.go": sub(repo.files["internal/offers/mail.go"], "the seat goes to the next student on the waitlist.\n`",
                                       "the seat goes to the next student on the waitlist. Not interested? Decline at\nhttps://waitlist.harju.fi/offers/{{.ID}}/decline so the next student gets it sooner.\n`"),
    })
    repo.commit(utc("2026-01-14 09:05:00"), hanna, "sso: publish the 2026 SP certificate in our metadata next to the 2024 one (WL-312)\n\nsp-2024 expires on 25 January. IAM loads SP metadata by hand; with both\ncertificates in it they can load it now and we switch the signing key\nlater (WL-318).", {
        "internal/sso/sp.go": sub(SP_V1, "\tlog.Info(\"IdP metadata loaded\"",
                                  "\tif cfg.NextCertFile != \"\" {\n\t\tif next, err := loadCert(cfg.NextCertFile); err == nil {\n\t\t\textraMetadataCerts = append(extraMetadataCerts, next) // served next to ours by metadataHandler\n\t\t}\n\t}\n\tlog.Info(\"IdP metadata loaded\"",
                                  "\treturn m, nil\n}\n",
                                  "\treturn m, nil\n}\n\n// extraMetadataCerts are published as signing certificates in our SP\n// metadata besides the one we sign with, for key rollovers (WL-312).\nvar extraMetadataCerts []*x509.Certificate\n\nfunc loadCert(path string) (*x509.Certificate, error) {\n\tb, err := os.ReadFile(path)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tblock, _ := pem.Decode(b)\n\tif block == nil {\n\t\treturn nil, fmt.Errorf(\"%s: no PEM block\", path)\n\t}\n\treturn x509.ParseCertificate(block.Bytes)\n}\n",
                                  "\t\"crypto/x509\"\n",
                                  "\t\"crypto/x509\"\n\t\"encoding/pem\"\n",
                                  "\t\"net/url\"\n",
                                  "\t\"net/url\"\n\t\"os\"\n"),
        "internal/config/config.go": sub(repo.files["internal/config/config.go"], "\tCertFile       string `yaml:\"cert_file\"`\n",
                                         "\tCertFile       string `yaml:\"cert_file\"`\n\tNextCertFile   string `yaml:\"next_cert_file\"`\n"),
        "config/production.yaml": sub(CONFIG_V1, "  cert_file: /etc/waitlist/saml/sp-2024.crt\n",
                                      "  cert_file: /etc/waitlist/saml/sp-2024.crt\n  next_cert_file: /etc/waitlist/saml/sp-2026.crt\n"),
    })
    rel2132 = repo.commit(utc("2026-01-14 13:40:00"), olli, "release 2.13.2", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.13.2\n\n- Decline link in the offer email (WL-309).\n- 2026 SP certificate in our SAML metadata (WL-312).\n"),
    })
    repo.commit(utc("2026-01-15 12:20:00"), hanna, "runbook: SP signing key rollover", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_KEY,
    })
    repo.commit(utc("2026-01-19 10:40:00"), tuomas, "offers: deadline in Helsinki time in the offer email (WL-316)", {
        "internal/offers/mail.go": sub(MAIL_V2, "waitlist.\n`", "waitlist. Not interested? Decline at\nhttps://waitlist.harju.fi/offers/{{.ID}}/decline so the next student gets it sooner.\n`"),
    })
    repo.commit(utc("2026-01-20 07:05:00"), bot, "fix(deps): update module github.com/jackc/pgx/v5 to v5.7.2", {
        "go.mod": sub(repo.files["go.mod"], "github.com/jackc/pgx/v5 v5.7.1", "github.com/jackc/pgx/v5 v5.7.2"),
    }, committer=olli)
    repo.commit(utc("2026-01-20 11:20:00"), tuomas, "sso: record SAML round trips, log logins with no response after five minutes (WL-320)\n\nWhen a student gives up at the IdP we never hear of it: the ACS is\nnever called. Record each AuthnRequest (saml_round_trips) and log the\nones still without a response five minutes later.", {
        "internal/sso/tracker.go": TRACKER,
        "migrations/0014_saml_round_trips.sql": "create table saml_round_trips (\n  request_id text primary key,\n  relay text not null,\n  started_at timestamptz not null,\n  completed_at timestamptz,\n  swept boolean not null default false\n);\ncreate index on saml_round_trips (started_at) where completed_at is null and not swept;\n",
    })
    repo.commit(utc("2026-01-20 13:05:00"), hanna, "sso: sign AuthnRequests with the 2026 SP key (WL-318)\n\nsp-2024 expires on Sunday. IAM loaded our metadata with both\ncertificates on 14 January (WL-312), so the IdP already trusts sp-2026.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"],
                                      "  key_file: /etc/waitlist/saml/sp-2024.key\n  cert_file: /etc/waitlist/saml/sp-2024.crt\n  next_cert_file: /etc/waitlist/saml/sp-2026.crt\n",
                                      "  key_file: /etc/waitlist/saml/sp-2026.key\n  cert_file: /etc/waitlist/saml/sp-2026.crt\n  next_cert_file: /etc/waitlist/saml/sp-2024.crt   # still in our metadata until IAM drops it\n"),
    })
    repo.commit(utc("2026-01-20 14:10:00"), olli, "docs: the offer round, step by step", {
        "docs/offer-round.md": "# The offer round\n\n1. The registration period closes (SIS, midnight).\n2. 08:00: seats freed by cancellations and lapsed confirmations are offered\n   to the next students on each waitlist (`offer round started`, one\n   `offer created` per seat), emails through relay.harju.fi.\n3. Students sign in with the university IdP and accept; the SIS\n   enrolment is immediate (`offer accepted`).\n4. Offers not accepted by the deadline go to the next student at the next\n   round.\n",
    })
    rel2140 = repo.commit(utc("2026-01-21 05:20:00"), olli, "release 2.14.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- AuthnRequests signed with the 2026 SP key (WL-318).\n- SAML round trips recorded, abandoned logins logged (WL-320).\n- Offer email: deadline in Helsinki time (WL-316).\n- pgx 5.7.2.\n"),
    })
    repo.commit(utc("2026-01-21 10:15:00"), tuomas, "runbook: logins lost at the IdP are not always our key (WL-324)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "If sign-ins fail right after the switch (students stuck at the IdP,\nfew responses at /saml/acs), the IdP does not have our new certificate:\nroll back in Argo CD to the previous release and ask IAM (#iam) to\nreload our metadata.\n",
                               "If sign-ins fail right after the switch, ask IAM (#iam) what the IdP\nlogs before rolling back: a signature it cannot verify is an error the\nIdP logs and shows. \"Stale Request\" pages (`No flow execution could be\nfound`) mean the login went to the other IdP node: on 21 January the\nBIG-IP's persistence for login.harju.fi had been removed (C2601-0087).\n"),
    })
    return repo, {"rel2132": rel2132, "rel2140": rel2140}


# ---------------------------------------------------------------------------
# Wednesday morning


def build_logs(rng, shas):
    app, router, idp1, idp2, audit, ltm, argo, teams, topdesk = (
        Log("waitlist-service.log"), Log("openshift-router.log"), Log("idp1-process.log"), Log("idp2-process.log"), Log("idp-audit.log"),
        Log("bigip-syslog.log"), Log("argocd-application-controller.log"), Log("teams-waitlist.log"), Log("topdesk.log"))
    idplogs = {"idp1": idp1, "idp2": idp2}
    stats = {"first_fail": None, "fails": [], "by_min": {}, "stale_by_min": {}, "ok_after_fix": None, "oks": [], "stale_before": 0, "accepted": 0}

    def rs(n):
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))

    epochs = [(utc("2026-01-14 12:02:00"), "2.13.2", shas["rel2132"], rs(10)), (RELEASE, "2.14.0", shas["rel2140"], rs(10)),
              (ROLLBACK, "2.13.2", shas["rel2132"], None), (RESYNC, "2.14.0", shas["rel2140"], None)]
    pods = []
    for i, (t0, ver, sha, h) in enumerate(epochs):
        if h is None:
            h = epochs[0][3] if ver == "2.13.2" else epochs[1][3]
        pods.append([f"waitlist-service-{h}-{rs(5)}" for _ in range(3)])

    def epoch_at(t):
        cur = 0
        for i, e in enumerate(epochs):
            if t >= e[0] + dt.timedelta(seconds=40):
                cur = i
        return cur

    def ver_at(t):
        return epochs[epoch_at(t)][1]

    def pod_at(t):
        return rng.choice(pods[epoch_at(t)])

    def alog(t, level, msg, pod=None, **kv):
        if START <= t < END:
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(100, 999)}Z", "level": level, "msg": msg,
                    "pod": pod or pod_at(t)}
            body.update(kv)
            app.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    routers = [f"router-default-6f9c4d7b8-{rs(5)}" for _ in range(2)]
    ips = {}

    def rlog(t, client, method, path, status, size, tr, pod):
        if not (START <= t < END):
            return
        if pod not in ips:
            ips[pod] = f"10.131.{rng.randint(2, 30)}.{rng.randint(10, 250)}"
        accept = t - dt.timedelta(milliseconds=tr)
        stamp = accept.strftime("%d/%b/%Y:%H:%M:%S.") + f"{accept.microsecond // 1000:03d}"
        conn = rng.randint(30, 140)
        router.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+00:00 {rng.choice(routers)} haproxy[{rng.choice([207, 209])}]: "
                      f"{client}:{rng.randint(20000, 65000)} [{stamp}] fe_sni~ be_secure:registration:waitlist-service/pod:{pod}:waitlist-service:http:{ips[pod]}:8080 "
                      f"0/0/{rng.randint(0, 2)}/{max(1, tr - 2)}/{tr} {status} {size} - - ---- {conn}/{conn - rng.randint(0, 20)}/{rng.randint(0, 9)}/{rng.randint(0, 4)}/0 0/0 "
                      f"\"{method} {path} HTTP/1.1\"")

    def ilog(node, t, client, level, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            idplogs[node].add(t, f"{stamp} - {client} - {level} [{logger}] - {msg}")

    def alog_idp(node, t, binding, sp, user, attrs):
        if START <= t < END:
            audit.add(t, f"{t.strftime('%Y%m%dT%H%M%SZ')}|{binding}|_{hexid(rng, 32)}|{sp}|http://shibboleth.net/ns/profiles/saml2/sso/browser|{IDP}|"
                         f"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST|_{hexid(rng, 32)}|{user}|urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport|"
                         f"{attrs}|AAdzZWNyZXQx{hexid(rng, 24)}|_{hexid(rng, 32)}|{node}")

    def client_ip():
        return rng.choice([f"193.166.{rng.randint(80, 95)}.{rng.randint(2, 250)}", f"193.166.{rng.randint(80, 95)}.{rng.randint(2, 250)}",
                           f"85.76.{rng.randint(0, 255)}.{rng.randint(2, 250)}", f"91.155.{rng.randint(0, 255)}.{rng.randint(2, 250)}",
                           f"84.249.{rng.randint(0, 255)}.{rng.randint(2, 250)}", f"176.93.{rng.randint(0, 255)}.{rng.randint(2, 250)}",
                           f"2001:708:{rng.randint(10, 99)}:{hexid(rng, 4)}::{hexid(rng, 3)}"])

    def bump(key, t):
        m = t.replace(second=0, microsecond=0)
        stats["by_min"][(m, key)] = stats["by_min"].get((m, key), 0) + 1

    def broken(t):
        return LB_CHANGE <= t < LB_FIX

    def idp_login(t, client, user, sp, has_session, attrs, ours=False):
        """One SAML SSO at the IdP. Returns (ok, t_done). Without persistence
        each request of a password login goes to either node."""
        a = rng.choice(NODES)
        if has_session:
            td = t + dt.timedelta(milliseconds=rng.randint(60, 240))
            alog_idp(a, td, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", sp, user, attrs)
            return True, td
        # GET .../SSO?execution=e1s1 (the login page), then the POST of the form
        tg = t + dt.timedelta(milliseconds=rng.randint(40, 160))
        b = rng.choice(NODES) if broken(tg) else a
        if b != a:
            ilog(b, tg, client, "WARN", "org.springframework.webflow.mvc.servlet.FlowHandlerAdapter:?",
                 "Flow execution restoration failed, rendering error view 'stale': No flow execution could be found with key 'e1s1' -- perhaps this "
                 "executing flow has ended or expired? This could happen if your users are relying on browser history (typically via the back button) "
                 "that references ended flows.")
            m = tg.replace(second=0, microsecond=0)
            stats["stale_by_min"][m] = stats["stale_by_min"].get(m, 0) + 1
            return False, tg
        tp = tg + dt.timedelta(seconds=rng.uniform(6, 40))
        c = rng.choice(NODES) if broken(tp) else a
        if c != a:
            ilog(c, tp, client, "WARN", "org.springframework.webflow.mvc.servlet.FlowHandlerAdapter:?",
                 "Flow execution restoration failed, rendering error view 'stale': No flow execution could be found with key 'e1s1' -- perhaps this "
                 "executing flow has ended or expired? This could happen if your users are relying on browser history (typically via the back button) "
                 "that references ended flows.")
            m = tp.replace(second=0, microsecond=0)
            stats["stale_by_min"][m] = stats["stale_by_min"].get(m, 0) + 1
            return False, tp
        if rng.random() < 0.04:   # a typo, then the right password on the same flow
            ilog(a, tp, client, "INFO", "net.shibboleth.idp.authn.impl.LDAPCredentialValidator:?", f"Credential Validator ldap: Login by '{user}' failed")
            tp += dt.timedelta(seconds=rng.uniform(5, 15))
        ilog(a, tp + dt.timedelta(milliseconds=90), client, "INFO", "net.shibboleth.idp.authn.impl.LDAPCredentialValidator:?",
             f"Credential Validator ldap: Login by '{user}' succeeded")
        td = tp + dt.timedelta(milliseconds=rng.randint(150, 400))
        alog_idp(a, td, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", sp, user, attrs)
        return True, td

    # --- waitlist-service pod starts
    for i in range(1, len(epochs)):
        t0, ver, sha, _ = epochs[i]
        for k, pod in enumerate(pods[i]):
            t = t0 + dt.timedelta(seconds=k * 11 + rng.uniform(0, 2))
            alog(t, "INFO", "waitlist-service starting", pod=pod, version=ver, commit=sha[:12])
            cert = "waitlist.harju.fi SP 2026" if ver == "2.14.0" else "waitlist.harju.fi SP 2024"
            after = "2028-01-20" if ver == "2.14.0" else "2026-01-25"
            alog(t + dt.timedelta(milliseconds=rng.randint(180, 420)), "INFO", "IdP metadata loaded", pod=pod, entity=IDP,
                 sso_url="https://login.harju.fi/idp/profile/SAML2/Redirect/SSO", signing_cert=cert, not_after=after)
            if ver == "2.14.0":
                alog(t + dt.timedelta(milliseconds=500), "INFO", "round-trip sweeper started", pod=pod, every="1m0s", abandon_after="5m0s")
            alog(t + dt.timedelta(milliseconds=560), "INFO", "listening", pod=pod, addr=":8080")
        for k, pod in enumerate(pods[i - 1]):
            alog(t0 + dt.timedelta(seconds=k * 11 + 14), "INFO", "shutting down", pod=pod, signal="terminated")

    # --- students
    students = []
    for i in range(2600):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        students.append({"uid": f"{f[:6]}{l[:1]}{rng.randint(1, 99)}", "num": f"{rng.randint(100000, 999999)}{rng.choice('ABCDEFHJKLMNPRSTUVWXY')}",
                         "ip": client_ip(), "sess_at": None})
    # some have an IdP session from earlier this morning (Canvas, Sisu)
    for s in students:
        if rng.random() < 0.22:
            s["sess_at"] = START - dt.timedelta(hours=1)

    offers = {}
    round_seats = 1412
    offer_students = rng.sample(range(len(students)), round_seats)
    t_round = OFFERS + dt.timedelta(milliseconds=310)

    def sweep_line(t_start, req, relay):
        """WL-320's sweeper (2.14.0 only): five minutes later, or at the
        first sweep after 2.14.0 is back."""
        if ver_at(t_start) != "2.14.0":
            return
        ts = t_start + dt.timedelta(minutes=5, seconds=rng.uniform(1, 60))
        if ver_at(ts) != "2.14.0":
            ts = RESYNC + dt.timedelta(seconds=rng.uniform(101, 112))
        age = int((ts - t_start).total_seconds())
        alog(ts, "WARN", "SAML login abandoned: no response from IdP", request_id=req, relay=relay, idp="login.harju.fi",
             started=t_start.strftime("%Y-%m-%dT%H:%M:%SZ"), age=f"{age // 60}m{age % 60}s")
        bump("abandoned", ts)

    def sp_login(t, s, relay, then=None):
        """Our SP: the redirect to the IdP, the IdP, and (if it worked) the ACS."""
        pod = pod_at(t)
        rlog(t, s["ip"], "GET", f"/saml/login?relay={relay.replace('/', '%2F')}", 302, 0, rng.randint(3, 12), pod)
        req = "id-" + hexid(rng, 40)
        if ver_at(t) == "2.14.0":
            alog(t + dt.timedelta(milliseconds=4), "INFO", "SAML login started", pod=pod, request_id=req, relay=relay, idp="login.harju.fi")
        bump("started", t)
        has_session = s["sess_at"] is not None and s["sess_at"] <= t
        ok, td = idp_login(t + dt.timedelta(milliseconds=300), s["ip"], s["uid"], OUR_SP, has_session,
                           "uid,mail,eduPersonPrincipalName,eduPersonAffiliation,funetEduPersonStudentID", ours=True)
        if not ok:
            stats["fails"].append(t)
            sweep_line(t, req, relay)
            return False, td
        s["sess_at"] = td if s["sess_at"] is None else min(s["sess_at"], td)
        ta = td + dt.timedelta(milliseconds=rng.randint(200, 600))
        pa = pod_at(ta)
        rlog(ta, s["ip"], "POST", "/saml/acs", 302, 0, rng.randint(12, 40), pa)
        if rng.random() < 0.004:
            alog(ta, "WARN", "SAML response rejected", pod=pa,
                 err=f"`InResponseTo` does not match any of the possible request IDs (expected [{'id-' + hexid(rng, 40)}])")
            return False, ta
        alog(ta, "INFO", "SAML login ok", pod=pa, uid=s["uid"], affiliation="student", request_id=req)
        bump("completed", ta)
        stats["oks"].append(ta)
        return True, ta

    def visit_offer(t, idx, attempt):
        s = students[idx]
        off = offers[idx]
        relay = f"/offers/{off['id']}"
        pod = pod_at(t)
        rlog(t, s["ip"], "GET", relay, 302, 0, rng.randint(2, 8), pod)
        ok, tl = sp_login(t + dt.timedelta(milliseconds=60), s, relay)
        if not ok:
            if attempt < 5 and rng.random() < 0.66:
                return [(tl + dt.timedelta(seconds=rng.uniform(15, 140)), idx, attempt + 1)]
            if rng.random() < 0.55:
                back = max(tl, LB_FIX) + dt.timedelta(seconds=rng.expovariate(1 / 1800.0) + 30)
                return [(back, idx, attempt + 1)]
            return []
        tv = tl + dt.timedelta(milliseconds=rng.randint(150, 500))
        pv = pod_at(tv)
        rlog(tv, s["ip"], "GET", relay, 200, rng.randint(6200, 7400), rng.randint(20, 60), pv)
        r = rng.random()
        if r < 0.86 and not off["done"]:
            tc = tv + dt.timedelta(seconds=rng.uniform(4, 50))
            pc = pod_at(tc)
            reg = f"REG-{rng.randint(8000000, 8999999)}"
            alog(tc + dt.timedelta(milliseconds=rng.randint(180, 700)), "INFO", "offer accepted", pod=pc, offer=off["id"], student=s["num"],
                 implementation=off["impl"], registration=reg)
            rlog(tc + dt.timedelta(milliseconds=rng.randint(190, 720)), s["ip"], "POST", f"{relay}/accept", 303, 0, rng.randint(190, 720), pc)
            off["done"] = True
            stats["accepted"] += 1
        elif r < 0.93 and not off["done"]:
            tc = tv + dt.timedelta(seconds=rng.uniform(4, 50))
            pc = pod_at(tc)
            alog(tc, "INFO", "offer declined", pod=pc, offer=off["id"], student=s["num"], implementation=off["impl"])
            rlog(tc + dt.timedelta(milliseconds=30), s["ip"], "POST", f"{relay}/decline", 303, 0, 30, pc)
            off["done"] = True
        return []

    # the offer round
    freed_cancel = 311
    round_pod = pods[1][0]
    alog(t_round, "INFO", "offer round started", pod=round_pod, round="2025-26/III", seats=round_seats, cancellations=freed_cancel,
         lapsed_confirmations=round_seats - freed_cancel, deadline="2026-01-21T16:00:00+02:00")
    tt = t_round
    for k, idx in enumerate(offer_students):
        tt += dt.timedelta(milliseconds=rng.randint(12, 40))
        oid = f"OF-{26031000 + k * 7 + rng.randint(0, 6)}"
        impl = rng.choice(IMPLEMENTATIONS)
        offers[idx] = {"id": oid, "impl": impl, "done": False}
        alog(tt, "INFO", "offer created", pod=round_pod, offer=oid, student=students[idx]["num"], implementation=impl)
    alog(tt + dt.timedelta(seconds=19.4), "INFO", "offer emails sent", pod=round_pod, round="2025-26/III", count=round_seats, relay="relay.harju.fi:25", failed=0)
    t_mail = tt + dt.timedelta(seconds=19.4)

    queue = []
    for idx in offer_students:
        if rng.random() < 0.83:
            when = t_mail + dt.timedelta(seconds=rng.expovariate(1 / 2400.0) + rng.uniform(20, 90))
            queue.append((when, idx, 1))
    queue.sort()
    while queue:
        t, idx, attempt = queue.pop(0)
        if t >= END:
            continue
        for item in visit_offer(t, idx, attempt):
            queue.append(item)
        queue.sort()

    # other sign-ins to waitlist-service: waitlist positions, coordinators
    def base_rate(t):
        h = t.hour + t.minute / 60
        return 0.25 if h < 4.5 else 0.6 if h < 5.5 else 1.1
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(base_rate(t) / 60.0))
        if t >= END:
            break
        s = rng.choice(students)
        relay = rng.choice(["/me/waitlists", "/me/waitlists", "/me/waitlists", "/admin/implementations"])
        rlog(t, s["ip"], "GET", relay, 302, 0, rng.randint(2, 8), pod_at(t))
        ok, tl = sp_login(t + dt.timedelta(milliseconds=50), s, relay)
        if ok:
            rlog(tl + dt.timedelta(milliseconds=300), s["ip"], "GET", relay, 200, rng.randint(4000, 12000), rng.randint(15, 80), pod_at(tl))
        elif rng.random() < 0.5:
            t2 = tl + dt.timedelta(seconds=rng.uniform(20, 90))
            ok2, tl2 = sp_login(t2, s, relay)

    # other SPs at the IdP
    def other_rate(t):
        h = t.hour + t.minute / 60
        if h < 4.5:
            return 1.4
        if h < 5.25:
            return 3.5
        if h < 5.75:
            return 6.5
        return 9.0
    others = [f"{rng.choice(FIRST)[:6]}{rng.choice(LAST)[:1]}{rng.randint(1, 99)}" for _ in range(5000)]
    sp_names = [x[0] for x in OTHER_SPS]
    sp_w = [x[1] for x in OTHER_SPS]
    t = START
    oq = []
    while True:
        t += dt.timedelta(seconds=rng.expovariate(other_rate(t) / 60.0))
        if t >= END:
            break
        oq.append((t, rng.randrange(len(others)), rng.choices(sp_names, sp_w)[0], 1, rng.random() < 0.3))
    oq.sort()
    while oq:
        t, u, sp, attempt, sess = oq.pop(0)
        if t >= END:
            continue
        ok, td = idp_login(t, client_ip(), others[u], sp, sess, "uid,mail,eduPersonPrincipalName,eduPersonAffiliation")
        if not ok and attempt < 4 and rng.random() < 0.6:
            oq.append((td + dt.timedelta(seconds=rng.uniform(10, 120)), u, sp, attempt + 1, False))
            oq.sort()

    # the odd stale request of a normal morning (back button, an old tab)
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ilog(rng.choice(NODES), tx, client_ip(), "WARN", "org.springframework.webflow.mvc.servlet.FlowHandlerAdapter:?",
             "Flow execution restoration failed, rendering error view 'stale': No flow execution could be found with key "
             f"'{rng.choice(['e1s1', 'e2s1', 'e1s2'])}' -- perhaps this executing flow has ended or expired? This could happen if your users are relying "
             "on browser history (typically via the back button) that references ended flows.")
        if tx < LB_CHANGE:
            stats["stale_before"] += 1

    # IdP routine lines
    for node, off in (("idp1", 4.2), ("idp2", 37.9)):
        t = START + dt.timedelta(minutes=off)
        while t < END:
            nxt = t + dt.timedelta(hours=1)
            ilog(node, t, "-", "INFO", "org.opensaml.saml.metadata.resolver.impl.AbstractReloadingMetadataResolver:?",
                 f"Metadata Resolver FileBackedHTTPMetadataResolver HakaMetadata: Next refresh cycle for metadata provider "
                 f"'https://haka.funet.fi/metadata/haka-metadata.xml' will occur on '{nxt.strftime('%Y-%m-%dT%H:%M:%S.')}{rng.randint(100, 999)}Z' "
                 f"('{(nxt + dt.timedelta(hours=2)).strftime('%Y-%m-%dT%H:%M:%S')}+02:00' local)")
            t = nxt + dt.timedelta(seconds=rng.uniform(-20, 20))
        for _ in range(4):
            tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
            ilog(node, tx, client_ip(), "WARN", "org.opensaml.saml.common.binding.security.impl.MessageReplaySecurityHandler:?",
                 f"Message Handler:  Replay detected of message '_{hexid(rng, 32)}' from issuer 'http://harju.instructure.com/saml2'")
        for _ in range(3):
            tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
            ilog(node, tx, client_ip(), "WARN", "org.opensaml.saml.saml2.binding.decoding.impl.HTTPRedirectDeflateDecoder:?",
                 "SAML message from relying party 'https://lab-booking.harju.fi/saml2/metadata' used a deprecated signature algorithm (rsa-sha1)")

    # --- waitlist-service routine
    t = START.replace(minute=0) + dt.timedelta(minutes=10)
    while t < END:
        alog(t + dt.timedelta(seconds=rng.uniform(0.1, 2)), "INFO", "SIS sync done", changes=rng.randint(0, 40) if t < OFFERS else rng.randint(30, 160),
             took_ms=rng.randint(900, 4200))
        t += dt.timedelta(minutes=10)
    for _ in range(5):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        rlog(tx, f"{rng.randint(40, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}", "GET",
             rng.choice(["/wp-login.php", "/.env", "/.git/config"]), 404, 19, rng.randint(1, 4), pod_at(tx))
    for _ in range(3):
        tx = OFFERS + dt.timedelta(seconds=rng.uniform(600, (END - OFFERS).total_seconds()))
        alog(tx, "WARN", "SIS enrolment failed", student=rng.choice(students)["num"], implementation=rng.choice(IMPLEMENTATIONS), status=409,
             err="already registered")
    alog(EXTEND, "INFO", "offer deadline extended", round="2025-26/III", deadline="2026-01-22T12:00:00+02:00", by="pmakela3",
         open_offers=sum(1 for o in offers.values() if not o["done"]))

    # --- BIG-IP
    def blog(t, host, sev, proc, msg):
        if START <= t < END:
            ltm.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {sev} {proc}: {msg}")

    for _ in range(60):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        blog(tx, "lb-dc1-a", "warning", f"tmm{rng.choice(['', '1', '2', '3'])}[22017]",
             f"01260013:4: SSL Handshake failed for TCP {rng.choice(['85.76', '91.155', '84.249', '176.93'])}.{rng.randint(0, 255)}.{rng.randint(2, 250)}:{rng.randint(20000, 65000)} -> "
             f"193.166.80.{rng.choice([10, 12, 14, 21])}:443")
    t = START + dt.timedelta(minutes=rng.uniform(3, 20))
    while t < END:
        blog(t, "lb-dc1-a", "notice", "mcpd[6712]", "01070638:5: Pool /Common/pool_printing member /Common/10.20.30.41:631 monitor status down. "
             "[ /Common/tcp: down; last error: No successful responses received before deadline. @2026/01/21 " + t.strftime("%H:%M:%S") + " ]  "
             f"[ was up for 0hr:{rng.randint(10, 50)}mins:{rng.randint(1, 59)}sec ]")
        blog(t + dt.timedelta(seconds=rng.uniform(20, 60)), "lb-dc1-a", "notice", "mcpd[6712]",
             "01070727:5: Pool /Common/pool_printing member /Common/10.20.30.41:631 monitor status up. [ /Common/tcp: up ]  [ was down for 0hr:0mins:"
             f"{rng.randint(20, 60)}sec ]")
        t += dt.timedelta(minutes=rng.uniform(25, 70))
    tmpl = ("01070417:5: AUDIT - client restjavad, user svc-as3-pipeline - transaction #{tx} - object 0 - modify {{ ltm virtual {vs} {{ persist none "
            "profiles replace-all-with {{ /Common/f5-tcp-progressive {{ context all }} /Common/http {{ context all }} /Common/oneconnect {{ context all }} "
            "{ssl} {{ context clientside }} }} }} }} [Status=Command OK]")
    wave = [(utc("2026-01-21 05:46:31"), "/Web/www/serviceMain", "/Web/www/clientssl_www"),
            (utc("2026-01-21 05:46:52"), "/Library/finna/serviceMain", "/Library/finna/clientssl_finna"),
            (LB_CHANGE, "/IAM/login/serviceMain", "/IAM/login/clientssl_login"),
            (utc("2026-01-21 05:47:40"), "/Intra/intra/serviceMain", "/Intra/intra/clientssl_intra")]
    txn = 4813219
    for tw, vs, ssl in wave:
        txn += 1
        blog(tw, "lb-dc1-a", "notice", "mcpd[6712]", tmpl.format(tx=f"{txn}-3", vs=vs, ssl=ssl))
        blog(tw + dt.timedelta(seconds=1), "lb-dc1-b", "notice", "mcpd[6698]", f"0107168e:5: Mcpd has received the transaction from peer device /Common/lb-dc1-a.net.harju.fi for config sync, transaction #{txn}")
    txn += 1
    blog(LB_FIX, "lb-dc1-a", "notice", "mcpd[6712]",
         f"01070417:5: AUDIT - client restjavad, user svc-as3-pipeline - transaction #{txn}-3 - object 0 - modify {{ ltm virtual /IAM/login/serviceMain {{ "
         "persist replace-all-with { /Common/cookie { default yes } } profiles replace-all-with { /Common/f5-tcp-progressive { context all } "
         "/Common/http { context all } /IAM/login/clientssl_login { context clientside } } } } [Status=Command OK]")
    blog(LB_FIX + dt.timedelta(seconds=1), "lb-dc1-b", "notice", "mcpd[6698]", f"0107168e:5: Mcpd has received the transaction from peer device /Common/lb-dc1-a.net.harju.fi for config sync, transaction #{txn}")
    blog(utc("2026-01-21 04:02:18"), "lb-dc1-a", "notice", "mcpd[6712]",
         "01070417:5: AUDIT - client tmsh, user jmattila - transaction #4813102-2 - object 0 - modify { ltm pool /Common/pool_printing { description \"cups, monitor flaps, INC2601-1202\" } } [Status=Command OK]")

    # --- Argo CD
    def arlog(t, msg, level="info", **kv):
        if START <= t < END:
            parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=openshift-gitops/waitlist-prod"]
            parts += [f"{k}={v}" for k, v in kv.items()]
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        arlog(t, "Reconciliation completed", **{"dest-namespace": "registration", "time_ms": rng.randint(40, 190)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))
    gitops = {"2.13.2": hexid(rng, 40), "2.14.0": hexid(rng, 40)}

    def sync(t, ver, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        rev = gitops[ver]
        arlog(t, f"Initiated {'automated ' if auto else ''}sync to '{rev}'", **{"dest-namespace": "registration"}, **extra)
        arlog(t + dt.timedelta(seconds=2), "apps/Deployment registration/waitlist-service configured", revision=rev,
              image=f"registry.harju.fi/registration/waitlist-service:{ver}")
        arlog(t + dt.timedelta(seconds=48), "Updated health status: Progressing -> Healthy", revision=rev)
        arlog(t + dt.timedelta(seconds=49), f"Sync operation to {rev} succeeded", revision=rev, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=14), "2.14.0", 31)
    arlog(ROLLBACK - dt.timedelta(seconds=18), "Rollback to history ID 30 (2.13.2); automated sync disabled", user="tuomas.rantanen@harju.fi")
    sync(ROLLBACK - dt.timedelta(seconds=14), "2.13.2", 32, auto=False, user="tuomas.rantanen@harju.fi")
    arlog(RESYNC - dt.timedelta(seconds=18), "automated sync enabled", user="tuomas.rantanen@harju.fi")
    sync(RESYNC - dt.timedelta(seconds=14), "2.14.0", 33)

    stats["first_fail"] = min(x for x in stats["fails"] if x >= LB_CHANGE)
    stats["ok_after_fix"] = min(x for x in stats["oks"] if x >= LB_FIX)
    write_chat(rng, teams, topdesk, stats)
    return [app, router, idp1, idp2, audit, ltm, argo, teams, topdesk], stats


def write_chat(rng, teams, topdesk, stats):
    def say(t, channel, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": channel,
                                 "from": who, "body": text}, ensure_ascii=False))

    W, MI = "waitlist-service", "MI login.harju.fi"
    m = dt.timedelta(minutes=1)
    say(RELEASE - 3 * m, W, "Olli Kinnunen", "syncing 2.14.0 before the 08:00 offer round: WL-318 AuthnRequests signed with the 2026 SP key (IAM has our metadata with both certs since the 14th), WL-320 SAML round-trip logging, WL-316 deadline in the offer mail, pgx 5.7.2")
    say(RELEASE + 4 * m, W, "Olli Kinnunen", "2.14.0 healthy on 3 pods, test sign-in with my account went through")
    say(OFFERS + 1 * m, W, "Olli Kinnunen", "offer round 2025-26/III done: 1412 offers, emails sent")
    alert = utc("2026-01-21 06:09:40")
    started = sum(v for (mm, k), v in stats["by_min"].items() if k == "started" and alert - 10 * m <= mm < alert)
    completed = sum(v for (mm, k), v in stats["by_min"].items() if k == "completed" and alert - 10 * m <= mm < alert)
    say(alert, W, "Alertmanager", f"[FIRING:1] WaitlistSamlCompletionLow: {round(100 * completed / started)}% of SAML logins completed in the last 10 min (threshold 70%)")
    say(utc("2026-01-21 06:11:20"), W, "Tuomas Rantanen", "ack. the log is full of 'SAML login abandoned: no response from IdP' (the new WL-320 line). the runbook: sign-ins failing right after the key switch = IdP doesn't have our new cert")
    say(utc("2026-01-21 06:14:05"), W, "Hanna Saarinen", "IAM loaded the metadata on the 14th, I tested with the 2026 key against idp-test. and a signature error would be an error page at the IdP, not nothing at all?")
    say(utc("2026-01-21 06:17:30"), W, "Laura Niemi (Service Desk)", "students calling about waitlist offers: after clicking the link they get a login.harju.fi page saying 'Stale Request'. also two calls about Canvas login")
    say(utc("2026-01-21 06:19:50"), W, "Tuomas Rantanen", "the offer round started at 08:00, everyone signs in at once, and our release is 50 min old. rolling back to 2.13.2 in Argo to rule it out, auto-sync off")
    say(ROLLBACK + 2 * m, W, "Tuomas Rantanen", "2.13.2 running (old key). no more 'abandoned' lines but /saml/acs still gets a fraction of the /saml/login redirects")
    say(utc("2026-01-21 06:33:10"), MI, "Laura Niemi (Service Desk)", "Major incident opened: students and staff cannot sign in at login.harju.fi (Canvas, Sisu, waitlists), 'Stale Request' page. People already signed in this morning are fine. 60+ calls.")
    say(utc("2026-01-21 06:36:40"), MI, "Kari Ahonen (IAM)", "both IdP nodes log 'No flow execution could be found with key e1s1' (the Stale Request page) since 07:47, hundreds, most password logins. nothing deployed on the IdP since 9 December. that error means the login continued on the other node: is the BIG-IP persistence for login.harju.fi still there?")
    say(utc("2026-01-21 06:38:15"), W, "Tuomas Rantanen", "IAM sees stale requests on the IdP since 07:47, not signature errors. probably not our key. leaving 2.13.2 until it is clear")
    say(utc("2026-01-21 06:52:30"), MI, "Jari Mattila (Network)", "standard change C2601-0087 (LB template harmonisation wave 3) re-declared www, finna, login and intra with the new HTTPS template between 07:46 and 07:48: no persistence, OneConnect. login was not supposed to be in the wave, the IdP is on the exception list in the design doc. re-declaring login with cookie persistence and without OneConnect now")
    say(LB_FIX + 1 * m, MI, "Jari Mattila (Network)", "login.harju.fi re-declared at 09:04: cookie persistence, no OneConnect")
    say(LB_FIX + 3 * m, MI, "Kari Ahonen (IAM)", "no stale requests since 09:04, password logins succeeding on both nodes")
    say(LB_FIX + 8 * m, W, "Tuomas Rantanen", "/saml/acs completions back to normal since 09:04 on 2.13.2. it was never the release. re-enabling auto-sync at 09:22 so 2.14.0 goes out again before the 2024 cert expires")
    say(RESYNC + 2 * m, W, "Tuomas Rantanen", "2.14.0 back, sign-ins completing with the 2026 key")
    say(EXTEND + 1 * m, W, "Päivi Mäkelä (Registry Office)", "offers of round 2025-26/III extended to tomorrow 12:00, message to the students with an open offer going out")
    say(utc("2026-01-21 07:55:00"), MI, "Laura Niemi (Service Desk)", "MI resolved 09:04. Cause: C2601-0087 removed session persistence from login.harju.fi. Problem record P2601-0012 for the change process (Network, IAM).")
    say(utc("2026-01-21 08:10:00"), W, "Olli Kinnunen", "postmortem Friday. for us: runbook fix (WL-324), and ask IAM for an alert on the IdP's stale-request rate")

    def td(t, record):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        record = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.000+0000"), **record}
        topdesk.add(t, json.dumps(record, ensure_ascii=False))

    td(utc("2026-01-21 04:41:00"), {"number": "I2601-2204", "type": "incident", "caller": "Roope Heikkinen", "category": "Studies",
                                    "briefDescription": "Sisu shows wrong credits for TIE-A1110", "status": "Logged", "operatorGroup": "Study Services"})
    td(utc("2026-01-21 05:44:50"), {"number": "C2601-0087", "type": "change", "changeType": "Standard change", "briefDescription":
                                    "LB template harmonisation, wave 3: www, finna, login, intra to the standard HTTPS template (AS3)",
                                    "plannedStart": "2026-01-21T07:30:00+02:00", "plannedEnd": "2026-01-21T08:00:00+02:00", "status": "In progress",
                                    "implementer": "Jari Mattila", "operatorGroup": "Network services"})
    td(utc("2026-01-21 05:49:30"), {"number": "C2601-0087", "type": "change", "changeType": "Standard change", "briefDescription":
                                    "LB template harmonisation, wave 3: www, finna, login, intra to the standard HTTPS template (AS3)",
                                    "status": "Implemented", "progress": "AS3 declarations applied 07:46-07:48, health monitors green on all four",
                                    "implementer": "Jari Mattila", "operatorGroup": "Network services"})
    calls = [("06:08:20", "Wilma Laine", "Cannot accept waitlist offer", "I clicked the link in the offer email, login page says Stale Request."),
             ("06:10:45", "Elias Nguyen", "Kirjautuminen ei onnistu", "Kirjautumissivu sanoo 'Stale Request' kun yritän hyväksyä kurssipaikan."),
             ("06:13:05", "Sara Koskinen", "Login error", "Web Login Service - Stale Request. Tried three times, offer deadline is today."),
             ("06:15:30", "Mikko Ahonen", "Canvas login fails", "Cannot log in to Canvas from home, Stale Request."),
             ("06:21:10", "Linnea Salonen", "Waitlist offer", "I got a seat offer but cannot log in, please keep my seat."),
             ("06:26:40", "Hugo Rossi", "Sisu login", "Stale Request when logging in to Sisu, worked on the second try.")]
    for hhmmss, who, short, text in calls:
        td(utc(f"2026-01-21 {hhmmss}"), {"number": f"I2601-{2210 + calls.index((hhmmss, who, short, text)) * 3}", "type": "incident", "caller": who,
                                         "category": "Accounts and sign-in", "briefDescription": short, "request": text, "status": "Logged",
                                         "operatorGroup": "Service Desk"})
    td(utc("2026-01-21 06:33:00"), {"number": "I2601-2231", "type": "incident", "caller": "Laura Niemi", "category": "Accounts and sign-in",
                                    "briefDescription": "MAJOR: sign-in at login.harju.fi fails ('Stale Request') for Canvas, Sisu, waitlists",
                                    "status": "In progress", "operatorGroup": "IAM"})
    td(utc("2026-01-21 07:08:00"), {"number": "I2601-2231", "type": "incident", "caller": "Laura Niemi", "category": "Accounts and sign-in",
                                    "briefDescription": "MAJOR: sign-in at login.harju.fi fails ('Stale Request') for Canvas, Sisu, waitlists",
                                    "status": "Resolved", "action": "Network services restored cookie persistence on the login.harju.fi virtual server (removed by C2601-0087 at 07:47). Sign-ins work.",
                                    "operatorGroup": "Network services"})


def build(out_dir):
    rng = random.Random(61200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert LB_CHANGE <= onset <= LB_CHANGE + dt.timedelta(minutes=10), onset
        assert stats["ok_after_fix"] is not None
        by_min = stats["by_min"]

        def per_min(key):
            def fn(t):
                mm = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return by_min.get((mm, key), 0)
            return fn

        def stale(t):
            mm = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
            return stats["stale_by_min"].get(mm, 0)

        metrics = {
            "waitlist_saml_round_trips_1m.json": query_range(
                [({"job": "waitlist-service", "namespace": "registration", "stage": k}, per_min(k)) for k in ("started", "completed")], START, END, 60),
            "shibboleth_idp_stale_requests_1m.json": query_range(
                [({"job": "idp-log-exporter", "service": "login.harju.fi"}, stale)], START, END, 60),
        }
        nfail = sum(1 for x in stats["fails"] if LB_CHANGE <= x < LB_FIX)
        return write_scenario(
            out_dir, name="r61-idp-lb-persistence-none", service=SERVICE, onset=onset,
            description=f"""
Students cannot accept their waitlist offers on Wednesday 21 January:
from {onset.strftime('%H:%M:%S')} UTC most sign-ins to waitlist.harju.fi through the
university IdP never come back to the service ({nfail} of them until 07:04),
and at 06:00 the offer round sends 1,412 students to sign in. Students
report a "Stale Request" page at login.harju.fi; Canvas and Sisu sign-ins
fail too. waitlist-service 2.14.0 had been synced at 05:31 and was rolled
back at 06:24 without effect; sign-ins work again from 07:04, and 2.14.0
was synced again at 07:22.
""",
            logs=logs,
            line_formats={
                "idp1-process.log": r'<Date> <Time> - <Client> - <Level> \[<Logger>\] - <Content>',
                "idp2-process.log": r'<Date> <Time> - <Client> - <Level> \[<Logger>\] - <Content>',
                "idp-audit.log": r'<Time>\|<Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'No flow execution could be found with key',
                r'ltm virtual /IAM/login/serviceMain \{ persist none',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The network team's standard change C2601-0087
("LB template harmonisation, wave 3") re-declared four BIG-IP virtual
servers with AS3 at 05:46-05:48 UTC with the new standard HTTPS
template, no persistence and a OneConnect profile ("AUDIT - client
restjavad, user svc-as3-pipeline ... modify {{ ltm virtual
/IAM/login/serviceMain {{ persist none profiles replace-all-with {{ ...
/Common/oneconnect ..."), login.harju.fi among them although the design
document lists the IdP as an exception. Shibboleth keeps a login's
conversation in the node's container session, so from 05:47 each
request of a password login was balanced on its own and continued on
the other node half of the time: "No flow execution could be found with
key 'e1s1'" on idp1 and idp2 (the "Stale Request" page), about three in
four fresh logins failing for every SP, while sign-ins with an IdP
session from earlier worked. waitlist-service only saw AuthnRequests
that never came back ("SAML login abandoned: no response from IdP").
The network team re-declared login.harju.fi with cookie persistence and
without OneConnect at 07:04 and sign-ins worked; nothing in
waitlist-service was changed to fix it.
Decoys: the 05:31 release 2.14.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
WL-318 (AuthnRequests signed with the new 2026 SP key, which the runbook
blames for lost sign-ins), WL-320 (which records round trips and adds
the very "SAML login abandoned" warning), WL-316 (the offer mail) and a
pgx bump, rolled back at 06:24 without effect and synced again at 07:22;
the runbook commit on the key rollover and WL-312, which published the
new certificate; the 06:00 offer round (1,412 "offer created" lines and
the sign-in peak it brings); the other three virtual servers of the
same wave, which are stateless and fine; the odd stale request of a
normal morning, replayed Canvas messages, a SHA-1 signature warning, a
flapping printer pool, SSL handshake failures, InResponseTo mismatches
and SIS 409s.
""",
        )
    finally:
        repo.close()
