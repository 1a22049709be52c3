"""idcheck (Go 1.23, zap JSON; three pods on OpenShift, reconciled by Argo
CD from `deploy/production` of its own repository, a release being a
commit that bumps the image tag; team in Lindmark, UTC+2 in summer) of the
Lindmark Revenue Service (LRS). First-time users of LRS Online, the
e-filing portal, prove who they are before their LRS-ID account may file:
the LRS ID app reads the chip of their Lindmark passport or national ID
card over NFC (PACE with the MRZ or the card's CAN) and sends the Document
Security Object (SOD), DG1 and DG2 with a selfie to idcheck, which does
passive authentication (the SOD is signed by a document signer certificate,
DSC, issued by one of Lindmark's Country Signing CAs, CSCA; the data
groups' hashes must match the SOD), then a face match, and tells
lrsid-register, the registration service, the result. Without it the
filer waits five working days for an activation letter by post.

The trust anchors are the CSCA certificates in the CSCA master list that
the Lindmark Document Authority (LDA, which issues passports and ID cards)
publishes at pkd.lda.lm; idcheck's trustsync polls it every 15 minutes
(IDV-201, since Thursday; hourly before), checks the signature of LDA's
master list signer and replaces its trust store. Lindmark has three
CSCAs: 01 (2014; its key signed DSCs until March 2019, its certificate is
valid until 2029), 02 (2019; signed until February 2024, valid until
2034) and 03 (since January 2024). Documents are valid for ten years.

Monday 11 May 2026, the second week of the filing season. Over the
weekend LDA moved its PKI publication to a new service (bulletin at 06:58
UTC); at 07:04 it publishes master list 31, which holds only CSCA 03:
the new service exports the CSCAs whose private key usage period is
still running, and 01's and 02's ended in 2019 and 2024 although every
passport and ID card they signed for is valid for years. At their next
15-minute poll (07:16-07:17) idcheck's pods replace their trust store
("CSCA removed from trust store" for 01 and 02), and from then on every
document issued before February 2024, four in five, fails passive
authentication; those filers get the activation letter instead.

At 06:46 Argo CD had synced idcheck 3.4.0: IDV-208 validates the DSC at
the SOD's signing time (the chain model, for 2016 ID cards whose DSCs had
expired) in the very verification; IDV-211 adds the very "passive
authentication failed" warning with the DSC issuer; Renovate's pkcs7
module bump (the CMS parser of both SOD and master list). The LRS ID app
6.2.0 is in a phased rollout since 06:00. The runbook (Friday) reads PA
failures as incomplete NFC reads or a release, and says to roll back.
Nora reverts the release at 07:52: the pods restart, load master list 31
at start-up and fail the same documents with Go's "x509: certificate
signed by unknown authority". Ola (mobile) finds complete reads on both
app versions; Emil sees that every failure's DSC is from CSCA 01 or 02,
every success from 03, and the 07:16 removal lines; LDA confirms, and
Hanne (security) refuses to pin the old list against the issuing
authority's. LDA publishes list 32 with all three CSCAs at 09:01; Nora
triggers trustsync on each pod at 09:04; the registration service invites
the failed filers to try again and 3.4.0 is re-applied at 09:41. Nothing
in idcheck is changed.

Sources: idcheck (zap JSON), lrsid-register (log4j2 pattern, line
format), ingress-nginx access, the app's telemetry (JSON lines), Argo CD
(logrus text), LDA's partner bulletin (JSON lines), Alertmanager
notifications (JSON), #lrs-id-ops (Teams export, JSON lines), contact
centre tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores

SERVICE = "idcheck"
START, END = utc("2026-05-11 05:30:00"), utc("2026-05-11 10:30:00")
SYNC_340 = utc("2026-05-11 06:46:20")     # Argo CD syncs 3.4.0
BULLETIN = utc("2026-05-11 06:58:05")     # LDA: new publication service
ML31 = utc("2026-05-11 07:04:50")         # master list 31 (CSCA 03 only)
REVERT = utc("2026-05-11 07:52:30")       # Argo CD syncs the revert (3.3.2)
ML32 = utc("2026-05-11 09:01:40")         # master list 32 (all three)
REFRESH = utc("2026-05-11 09:04:10")      # manual trustsync refresh
REINVITE = utc("2026-05-11 09:21:00")     # lrsid-register re-invites the failed
RESYNC = utc("2026-05-11 09:41:15")       # 3.4.0 again

CSCA = {
    "01": "SERIALNUMBER=01,CN=CSCA Lindmark,O=Lindmark Document Authority,C=LM",
    "02": "SERIALNUMBER=02,CN=CSCA Lindmark,O=Lindmark Document Authority,C=LM",
    "03": "SERIALNUMBER=03,CN=CSCA Lindmark,O=Lindmark Document Authority,C=LM",
}
SKI = {"01": "4a1c9e07d2b3f5a8", "02": "9e33b0c4a71f28d6", "03": "c205d7e19b4a6f30"}

# ---------------------------------------------------------------------------
# the repository

GO_MOD = """module gitlab.lrs.internal/lrs-id/idcheck

go 1.23

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/jackc/pgx/v5 v5.7.2
	github.com/smallstep/pkcs7 v0.1.1
	go.uber.org/zap v1.27.0
	gopkg.in/yaml.v3 v3.0.1
)
"""

CONFIG = """# idcheck production settings
listen: ":8080"
trustsync:
  url: https://pkd.lda.lm/masterlist/LM_CSCA_ML.ml
  interval: 1h
  # LDA's master list signer is issued by CSCA 03; pinned by fingerprint
  signer_ca_sha256: 6f0b3c2a91d4e87f5a0c3d1e9b7a2f64c8e05d3b1a9f7e2c4d6b8a0f3e5c7d91
facematch:
  url: https://api.facematch.example.eu/v3/compare
  timeout: 4s
  threshold: 0.62
register:
  callback: http://lrsid-register.lrs-id.svc:8080/internal/identity-results
"""

VERIFY_V1 = """// Package pa does passive authentication of an eMRTD chip (ICAO 9303 part
// 11): the SOD's signature by the document signer (DSC), the DSC's chain to
// a Lindmark CSCA in the trust store, and the data groups' hashes.
package pa

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

var ErrHashMismatch = errors.New("pa: data group hash does not match the SOD")

type Result struct {
	DSC       *x509.Certificate
	DocIssued string
}

func Verify(store *TrustStore, sod []byte, groups map[int][]byte) (*Result, error) {
	p7, err := pkcs7.Parse(sod)
	if err != nil {
		return nil, fmt.Errorf("pa: SOD: %w", err)
	}
	if len(p7.Certificates) != 1 {
		return nil, fmt.Errorf("pa: SOD carries %d certificates, want 1", len(p7.Certificates))
	}
	dsc := p7.Certificates[0]
	if _, err := dsc.Verify(x509.VerifyOptions{Roots: store.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		return nil, err
	}
	if err := p7.Verify(); err != nil {
		return nil, fmt.Errorf("pa: SOD signature: %w", err)
	}
	hashes, err := parseLDSSecurityObject(p7.Content)
	if err != nil {
		return nil, err
	}
	for dg, data := range groups {
		if !bytes.Equal(hashes.sum(data), hashes.ByGroup[dg]) {
			return nil, ErrHashMismatch
		}
	}
	return &Result{DSC: dsc, DocIssued: dateOfIssue(groups)}, nil
}
"""

TRUSTSTORE = """package pa

import (
	"crypto/x509"
	"sync"
)

// TrustStore holds the CSCA certificates; trustsync replaces them.
type TrustStore struct {
	mu    sync.RWMutex
	cscas []*x509.Certificate
	pool  *x509.CertPool
}

func (s *TrustStore) Pool() *x509.CertPool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pool
}

// Replace installs the given CSCAs and returns the ones it had before.
func (s *TrustStore) Replace(cscas []*x509.Certificate) []*x509.Certificate {
	pool := x509.NewCertPool()
	for _, c := range cscas {
		pool.AddCert(c)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cscas
	s.cscas, s.pool = cscas, pool
	return old
}
"""

SYNC = """// Package trustsync keeps the trust store in step with the Lindmark
// Document Authority's CSCA master list (ICAO 9303 part 12): a CMS
// SignedData signed by LDA's master list signer, whose content is the list
// of CSCA certificates.
package trustsync

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"time"

	"go.uber.org/zap"

	"gitlab.lrs.internal/lrs-id/idcheck/internal/pa"
)

type Syncer struct {
	URL      string
	Interval time.Duration
	SignerCA *x509.Certificate
	Store    *pa.TrustStore
	Log      *zap.Logger

	etag string
	seq  int
}

func (s *Syncer) Run(ctx context.Context) {
	if err := s.Refresh(ctx); err != nil {
		s.Log.Error("master list refresh failed", zap.Error(err))
	}
	tick := time.NewTicker(s.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := s.Refresh(ctx); err != nil {
				s.Log.Error("master list refresh failed", zap.Error(err))
			}
		}
	}
}

func (s *Syncer) Refresh(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return err
	}
	if s.etag != "" {
		req.Header.Set("If-None-Match", s.etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		s.Log.Debug("master list unchanged", zap.Int("seq", s.seq))
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", s.URL, resp.Status)
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	ml, err := ParseMasterList(raw, s.SignerCA)
	if err != nil {
		return fmt.Errorf("master list rejected: %w", err)
	}
	old := s.Store.Replace(ml.CSCAs)
	s.Log.Info("trust store updated from master list", zap.Int("seq", ml.Seq), zap.Int("was", s.seq), zap.Int("cscas", len(ml.CSCAs)), zap.String("signed_by", ml.Signer.Subject.String()))
	for _, c := range missing(old, ml.CSCAs) {
		s.Log.Warn("CSCA removed from trust store", zap.String("subject", c.Subject.String()), zap.String("ski", fmt.Sprintf("%x", c.SubjectKeyId)), zap.Int("seq", ml.Seq))
	}
	for _, c := range missing(ml.CSCAs, old) {
		if s.seq != 0 {
			s.Log.Info("CSCA added to trust store", zap.String("subject", c.Subject.String()), zap.String("ski", fmt.Sprintf("%x", c.SubjectKeyId)), zap.Int("seq", ml.Seq))
		}
	}
	s.etag, s.seq = resp.Header.Get("ETag"), ml.Seq
	return nil
}
"""

RUNBOOK = """# idcheck runbook

Owner: #lrs-id-ops. Dashboards: Grafana > LRS-ID > idcheck.

## Face match errors

The vendor answers 429 above 40 requests/s; idcheck retries once. A
vendor outage sends filers to the activation letter; nothing to do here.

## Trust store

trustsync reloads the CSCA master list from LDA (pkd.lda.lm). It changes
when LDA adds a CSCA, about once every five years.
"""

RUNBOOK_PA = """
## Passive authentication failures (alert: IdcheckVerificationSuccessLow)

A failed passive authentication is almost always one of:

- an incomplete chip read (the phone moved): the hashes do not match the
  SOD. Look at `nfc_read_completed` in the app telemetry and the app
  version; a new app release is the usual suspect;
- a document we cannot read (foreign passports are not supported);
- an idcheck release: if the failures start after a release, revert the
  release commit and let Argo CD sync it, then tell #lrs-id-ops.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    nora = Person("Nora Eide", "nora.eide@lrs.lm", 120)
    emil = Person("Emil Brekke", "emil.brekke@lrs.lm", 120)
    tor = Person("Tor Haug", "tor.haug@lrs.lm", 120)
    bot = Person("renovate[bot]", "renovate@gitlab.lrs.internal", 0)
    files = {
        "go.mod": GO_MOD,
        "cmd/idcheck/main.go": "package main\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\t\"os\"\n\n\t\"go.uber.org/zap\"\n\n\t\"gitlab.lrs.internal/lrs-id/idcheck/internal/api\"\n\t\"gitlab.lrs.internal/lrs-id/idcheck/internal/config\"\n\t\"gitlab.lrs.internal/lrs-id/idcheck/internal/pa\"\n\t\"gitlab.lrs.internal/lrs-id/idcheck/internal/trustsync\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\tlog, _ := zap.NewProduction()\n\tcfg := config.MustLoad(os.Getenv(\"IDCHECK_CONFIG\"))\n\tlog.Info(\"starting idcheck\", zap.String(\"version\", version), zap.String(\"commit\", commit))\n\tstore := &pa.TrustStore{}\n\tsyncer := &trustsync.Syncer{URL: cfg.Trustsync.URL, Interval: cfg.Trustsync.Interval, SignerCA: cfg.SignerCA(), Store: store, Log: log}\n\tgo syncer.Run(context.Background())\n\tlog.Fatal(\"server stopped\", zap.Error(http.ListenAndServe(cfg.Listen, api.New(cfg, store, syncer, log))))\n}\n",
        "internal/pa/verify.go": VERIFY_V1,
        "internal/pa/truststore.go": TRUSTSTORE,
        "internal/pa/verify_test.go": "package pa\n\nimport \"testing\"\n\nfunc TestVerifyGoodSpecimen(t *testing.T) {\n\tstore := specimenStore(t, \"testdata/csca-specimen.pem\")\n\tif _, err := Verify(store, readFile(t, \"testdata/sod-specimen.bin\"), specimenGroups(t)); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n\nfunc TestVerifyTamperedDG1(t *testing.T) {\n\tstore := specimenStore(t, \"testdata/csca-specimen.pem\")\n\tgroups := specimenGroups(t)\n\tgroups[1][10] ^= 0xff\n\tif _, err := Verify(store, readFile(t, \"testdata/sod-specimen.bin\"), groups); err != ErrHashMismatch {\n\t\tt.Fatalf(\"err = %v, want ErrHashMismatch\", err)\n\t}\n}\n",
        "internal/trustsync/sync.go": SYNC,
        "internal/trustsync/masterlist.go": "package trustsync\n\nimport (\n\t\"crypto/x509\"\n\t\"encoding/asn1\"\n\t\"fmt\"\n\n\t\"github.com/smallstep/pkcs7\"\n)\n\ntype MasterList struct {\n\tSeq    int\n\tSigner *x509.Certificate\n\tCSCAs  []*x509.Certificate\n}\n\n// ParseMasterList checks the CMS signature against the pinned signer CA and\n// returns the CSCA certificates (CscaMasterList ::= SEQUENCE { version, certList SET OF Certificate }).\nfunc ParseMasterList(raw []byte, signerCA *x509.Certificate) (*MasterList, error) {\n\tp7, err := pkcs7.Parse(raw)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tif err := p7.VerifyWithChain(poolOf(signerCA)); err != nil {\n\t\treturn nil, fmt.Errorf(\"signature: %w\", err)\n\t}\n\tvar body struct {\n\t\tVersion  int\n\t\tCertList []asn1.RawValue `asn1:\"set\"`\n\t}\n\tif _, err := asn1.Unmarshal(p7.Content, &body); err != nil {\n\t\treturn nil, err\n\t}\n\tml := &MasterList{Signer: p7.GetOnlySigner(), Seq: sequenceOf(p7)}\n\tfor _, rv := range body.CertList {\n\t\tc, err := x509.ParseCertificate(rv.FullBytes)\n\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\tml.CSCAs = append(ml.CSCAs, c)\n\t}\n\treturn ml, nil\n}\n",
        "internal/facematch/client.go": "package facematch\n\n// Client compares the chip's DG2 portrait with the selfie through the vendor's API.\ntype Client struct {\n\tURL       string\n\tThreshold float64\n}\n",
        "config/idcheck.yaml": CONFIG,
        "deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: idcheck\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: idcheck\n  template:\n    metadata:\n      labels:\n        app: idcheck\n    spec:\n      containers:\n        - name: idcheck\n          image: registry.lrs.internal/lrs-id/idcheck\n          ports:\n            - containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: 8080\n",
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\nconfigMapGenerator:\n  - name: idcheck-config\n    files:\n      - idcheck.yaml=../../config/idcheck.yaml\n",
        "deploy/base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: idcheck\nspec:\n  selector:\n    app: idcheck\n  ports:\n    - port: 8080\n",
        "deploy/production/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: lrs-id\nresources:\n  - ../base\nimages:\n  - name: registry.lrs.internal/lrs-id/idcheck\n    newTag: \"3.3.0\"\n",
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev COMMIT=none\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o /out/idcheck ./cmd/idcheck\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/idcheck /idcheck\nENTRYPOINT [\"/idcheck\"]\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  image: golang:1.23\n  script:\n    - go vet ./...\n    - go test ./...\n\nimage:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - docker build --build-arg VERSION=$CI_COMMIT_TAG --build-arg COMMIT=$CI_COMMIT_SHORT_SHA -t $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# idcheck\n\nIdentity verification for LRS-ID: passive authentication of Lindmark\npassports and ID cards read by the LRS ID app, face match, result to\nlrsid-register.\n\nReleases: bump `newTag` in `deploy/production/kustomization.yaml`; Argo CD\nsyncs `main` to `lrs-id`. Roll back by reverting the release commit.\n",
        "CHANGELOG.md": "# Changelog\n\n## 3.3.0\n\n- IDV-190 residence permit cards (TD1) accepted\n",
    }
    repo.commit(utc("2026-05-05 07:40:00"), nora, "idcheck 3.3.0", files)
    crng = random.Random(74203)
    repo.schedule(chores(crng, SERVICE, [emil, tor], utc("2026-05-05 08:00:00"), utc("2026-05-06 15:00:00"), 2)
                  + chores(crng, SERVICE, [nora, emil], utc("2026-05-07 06:00:00"), utc("2026-05-08 14:00:00"), 2))
    repo.commit(utc("2026-05-06 12:10:00"), emil, "facematch: timeout 4s -> 6s (IDV-199)\n\nThe vendor's p99 on Monday mornings is 4.6 s; those filers got the letter.", {
        "config/idcheck.yaml": sub(repo.files["config/idcheck.yaml"], "  timeout: 4s\n", "  timeout: 6s\n"),
    })
    repo.commit(utc("2026-05-07 09:25:00"), nora, "trustsync: poll the master list every 15 minutes (IDV-201)\n\nWhen LDA adds a CSCA, documents signed under it fail for up to an hour\nuntil the next poll. The conditional GET is cheap.", {
        "config/idcheck.yaml": sub(repo.files["config/idcheck.yaml"], "  interval: 1h\n", "  interval: 15m\n"),
    })
    rel332 = repo.commit(utc("2026-05-07 12:40:00"), nora, "release 3.3.2", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "3.3.0"', 'newTag: "3.3.2"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.3.2\n\n- IDV-199 face match timeout 6 s\n- IDV-201 trustsync every 15 minutes\n",
    })
    repo.commit(utc("2026-05-08 08:40:00"), tor, "runbook: passive authentication failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_PA,
    })
    repo.commit(utc("2026-05-08 12:05:00"), emil, "pa: validate the document signer at the SOD's signing time (IDV-208)\n\nSome 2016 ID cards carry DSCs that expired in April while the cards are\nvalid until November: x509.Verify checks validity now and refused them.\nICAO 9303 allows the chain model; we now find the CSCA by the DSC's\nauthority key identifier and check the DSC at the SOD's signing time.", {
        "internal/pa/verify.go": sub(repo.files["internal/pa/verify.go"],
                                     "\tif _, err := dsc.Verify(x509.VerifyOptions{Roots: store.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {\n\t\treturn nil, err\n\t}\n",
                                     "\tcsca := store.ByKeyID(dsc.AuthorityKeyId)\n\tif csca == nil {\n\t\treturn nil, &NoAnchorError{Issuer: dsc.Issuer.String(), AKI: dsc.AuthorityKeyId}\n\t}\n\tif err := dsc.CheckSignatureFrom(csca); err != nil {\n\t\treturn nil, fmt.Errorf(\"pa: DSC not signed by %s: %w\", csca.Subject, err)\n\t}\n\tif at := signingTime(p7); at.Before(dsc.NotBefore) || at.After(dsc.NotAfter) {\n\t\treturn nil, fmt.Errorf(\"pa: SOD signed at %s outside the DSC's validity\", at)\n\t}\n"),
        "internal/pa/truststore.go": repo.files["internal/pa/truststore.go"] + "\n// ByKeyID finds the CSCA whose subject key identifier is aki.\nfunc (s *TrustStore) ByKeyID(aki []byte) *x509.Certificate {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n\tfor _, c := range s.cscas {\n\t\tif string(c.SubjectKeyId) == string(aki) {\n\t\t\treturn c\n\t\t}\n\t}\n\treturn nil\n}\n",
        "internal/pa/errors.go": "package pa\n\nimport \"fmt\"\n\n// NoAnchorError: no CSCA in the trust store issued the document signer.\ntype NoAnchorError struct {\n\tIssuer string\n\tAKI    []byte\n}\n\nfunc (e *NoAnchorError) Error() string {\n\treturn fmt.Sprintf(\"pa: no CSCA in trust store for DSC issuer %s (AKI %x)\", e.Issuer, e.AKI)\n}\n",
    })
    repo.commit(utc("2026-05-11 04:10:00"), bot, "fix(deps): update module github.com/smallstep/pkcs7 to v0.2.1", {
        "go.mod": sub(repo.files["go.mod"], "github.com/smallstep/pkcs7 v0.1.1", "github.com/smallstep/pkcs7 v0.2.1"),
    })
    repo.commit(utc("2026-05-11 06:12:00"), emil, "pa: log why passive authentication failed, with the DSC's issuer (IDV-211)\n\nThe session line only had result=PA_FAILED and the error; the support\nteam wants the reason and the document's date of issue.", {
        "internal/api/sessions.go": "package api\n\nimport (\n\t\"errors\"\n\n\t\"go.uber.org/zap\"\n\n\t\"gitlab.lrs.internal/lrs-id/idcheck/internal/pa\"\n)\n\nfunc (h *handler) logPAFailure(sess *Session, err error) {\n\treason := \"other\"\n\tvar noAnchor *pa.NoAnchorError\n\tswitch {\n\tcase errors.As(err, &noAnchor):\n\t\treason = \"no CSCA in trust store for the document signer's issuer\"\n\tcase errors.Is(err, pa.ErrHashMismatch):\n\t\treason = \"data group hash mismatch\"\n\t}\n\th.log.Warn(\"passive authentication failed\", zap.String(\"session\", sess.ID), zap.String(\"doc_type\", sess.DocType),\n\t\tzap.String(\"doc_issued\", sess.DocIssued), zap.String(\"dsc_issuer\", sess.DSCIssuer), zap.String(\"reason\", reason), zap.Error(err))\n}\n",
    })
    rel340 = repo.commit(utc("2026-05-11 06:31:00"), nora, "release 3.4.0", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "3.3.2"', 'newTag: "3.4.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.4.0\n\n- IDV-208 DSC checked at the SOD's signing time (chain model)\n- IDV-211 reason and DSC issuer of a failed passive authentication\n- pkcs7 v0.2.1\n",
    })
    revert = repo.commit(utc("2026-05-11 07:50:10"), nora, f"Revert \"release 3.4.0\"\n\nThis reverts commit {rel340}.\n\nPassive authentication failures since 09:18 local, runbook: revert.", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "3.4.0"', 'newTag: "3.3.2"'),
    })
    again = repo.commit(utc("2026-05-11 09:39:00"), nora, f"Reapply \"release 3.4.0\"\n\nThis reverts commit {revert}.\n\nThe failures were LDA's master list 31 (CSCA 01 and 02 missing), fixed\nwith list 32 at 11:01 local; 3.4.0 was not involved.", {
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "3.3.2"', 'newTag: "3.4.0"'),
    })
    repo.commit(utc("2026-05-11 10:12:00"), tor, "runbook: a CSCA removed from the trust store", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf the failures are documents of one CSCA (`dsc_issuer`), look for\n\"CSCA removed from trust store\": LDA's master list dropped it. Call\nLDA's PKI duty officer; do not pin an older list without the security\nofficer.\n",
    })
    return repo, {"rel332": rel332, "rel340": rel340, "revert": revert, "again": again}


# ---------------------------------------------------------------------------
# the logs

SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
RS = {"3.3.2": "6c8f7d9b54", "3.4.0": "7b5d4c8f69"}


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def csca_of(issued):
    if issued < dt.date(2019, 3, 1):
        return "01"
    if issued < dt.date(2024, 2, 1):
        return "02"
    return "03"


def build_logs(rng, shas):
    idc, reg, ingress, tele, argo, bulletin, alerts, chat, tickets = (
        Log("idcheck.log"), Log("lrsid-register.log"), Log("ingress-nginx-access.log"), Log("lrs-id-app-telemetry.log"),
        Log("argocd-application-controller.log"), Log("lda-partner-bulletin.log"), Log("alertmanager-notifications.log"),
        Log("teams-lrs-id-ops.log"), Log("contact-centre-tickets.log"))
    stats = {"fail_anchor": [], "ok": [], "sessions": 0, "letters": 0, "failed_regs": []}
    sha_of = {"3.3.2": shas["rel332"], "3.4.0": shas["rel340"]}

    def zlog(t, level, caller, msg, **fields):
        if START <= t < END:
            body = {"level": level, "ts": iso_ms(t), "caller": caller, "msg": msg}
            body.update(fields)
            idc.add(t, json.dumps(body, separators=(",", ":")))

    def rlog(t, level, thread, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            reg.add(t, f"{stamp} {level:<5} [{thread}] {logger} - {msg}")

    # ---- idcheck pods and their trust stores
    gens = [(START - dt.timedelta(days=4), "3.3.2", shas["rel332"]), (SYNC_340, "3.4.0", shas["rel340"]),
            (REVERT, "3.3.2", shas["revert"]), (RESYNC, "3.4.0", shas["again"])]
    replicas = []
    for i in range(3):
        lst = []
        for k, (at, ver, sha) in enumerate(gens):
            start = at if k == 0 else at + dt.timedelta(seconds=22 + 19 * i + rng.uniform(0, 4))
            lst.append({"from": start, "pod": f"idcheck-{RS[ver]}-{''.join(rng.choice(SUFFIX) for _ in range(5))}", "ver": ver, "sha": sha})
        replicas.append(lst)

    def ml_at(t):
        if t < ML31:
            return 30
        if t < ML32:
            return 31
        return 32

    # trust store changes per replica: list of (time, seq)
    store_changes = []
    for i in range(3):
        ch = []
        for k, g in enumerate(replicas[i]):
            end = replicas[i][k + 1]["from"] if k + 1 < len(replicas[i]) else END + dt.timedelta(hours=1)
            if k == 0:
                # started days ago; its polls keep their phase
                t = g["from"] + dt.timedelta(seconds=rng.uniform(0, 899))
                ch.append((START - dt.timedelta(hours=1), 30, False))
            else:
                t = g["from"] + dt.timedelta(seconds=1.4)
                seq = ml_at(t)
                ch.append((t, seq, False))
                zlog(g["from"], "info", "idcheck/main.go:24", "starting idcheck", version=g["ver"], commit=g["sha"][:7], pod=g["pod"])
                zlog(t, "info", "trustsync/sync.go:79", "trust store updated from master list", seq=seq, was=0, cscas=1 if seq == 31 else 3,
                     signed_by="CN=Master List Signer Lindmark 2026,O=Lindmark Document Authority,C=LM", pod=g["pod"])
                zlog(g["from"] + dt.timedelta(seconds=1.9), "info", "api/server.go:41", "listening", addr=":8080", pod=g["pod"])
                t += dt.timedelta(minutes=15)
            cur = ch[-1][1]
            while t < end:
                if REFRESH - dt.timedelta(minutes=3) < t < REFRESH + dt.timedelta(seconds=40 * i + 5) and ml_at(t) == 32 and cur == 31:
                    pass
                seq = ml_at(t)
                if seq != cur:
                    ch.append((t, seq, True))
                    cur = seq
                t += dt.timedelta(minutes=15, milliseconds=rng.randint(0, 30))
        # the manual refresh at 09:04
        rt = REFRESH + dt.timedelta(seconds=25 * i + rng.uniform(0, 3))
        before = [c for c in ch if c[0] < rt]
        if before and before[-1][1] == 31:
            later = [c for c in ch if c[0] >= rt]
            ch = before + [(rt, 32, True, "manual")] + [c for c in later if c[1] != 32]
        store_changes.append(sorted(ch, key=lambda c: c[0]))

    def replica_at(i, t):
        cur = replicas[i][0]
        for g in replicas[i]:
            if g["from"] <= t:
                cur = g
        return cur

    def seq_at(i, t):
        cur = 30
        for c in store_changes[i]:
            if c[0] <= t:
                cur = c[1]
        return cur

    stats["pickup"] = []
    for i in range(3):
        for c in store_changes[i]:
            if not c[2]:
                continue
            t, seq = c[0], c[1]
            g = replica_at(i, t)
            prev = seq_at(i, t - dt.timedelta(milliseconds=1))
            if len(c) > 3:
                zlog(t - dt.timedelta(milliseconds=400), "info", "api/admin.go:33", "manual trustsync refresh", user="nora.eide", pod=g["pod"])
            zlog(t, "info", "trustsync/sync.go:79", "trust store updated from master list", seq=seq, was=prev, cscas=1 if seq == 31 else 3,
                 signed_by="CN=Master List Signer Lindmark 2026,O=Lindmark Document Authority,C=LM", pod=g["pod"])
            if seq == 31:
                for n in ("01", "02"):
                    zlog(t + dt.timedelta(milliseconds=1), "warn", "trustsync/sync.go:81", "CSCA removed from trust store", subject=CSCA[n], ski=SKI[n], seq=seq, pod=g["pod"])
                stats["pickup"].append(t)
            elif prev == 31:
                for n in ("01", "02"):
                    zlog(t + dt.timedelta(milliseconds=1), "info", "trustsync/sync.go:85", "CSCA added to trust store", subject=CSCA[n], ski=SKI[n], seq=seq, pod=g["pod"])
        for k, g in enumerate(replicas[i][:-1]):
            stop = replicas[i][k + 1]["from"] + dt.timedelta(seconds=10)
            zlog(stop, "info", "idcheck/main.go:31", "shutting down", signal="terminated", pod=g["pod"])

    # ---- sessions
    def rate(t):
        m = (t - START).total_seconds() / 60
        pts = [(0, 1.2), (60, 1.5), (120, 4.0), (300, 4.5)]
        for (m0, r0), (m1, r1) in zip(pts, pts[1:]):
            if m0 <= m <= m1:
                return r0 + (r1 - r0) * (m - m0) / (m1 - m0)
        return 4.5

    def app_version(t):
        share = 0.0 if t < utc("2026-05-11 06:00:00") else min(0.14, (t - utc("2026-05-11 06:00:00")).total_seconds() / 3600 * 0.035)
        return "6.2.0" if rng.random() < share else "6.1.4"

    devices = ["Android 15; SM-S921B", "Android 14; Pixel 7", "iOS 18.4.1; iPhone15,2", "iOS 18.4.1; iPhone16,1", "Android 14; SM-A546B",
               "iOS 17.7; iPhone12,1", "Android 15; Pixel 8a", "Android 13; moto g84 5G"]
    events = []
    reg_threads = [f"http-nio-8080-exec-{k}" for k in range(1, 25)]
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(4.5 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 4.5:
            continue
        stats["sessions"] += 1
        i = rng.randrange(3)
        g = replica_at(i, t)
        seq = seq_at(i, t)
        sid = "s_" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(12))
        regid = "R-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        doc = "P" if rng.random() < 0.55 else "ID"
        days = rng.randint(0, 3650 - 3)
        issued = dt.date(2026, 5, 8) - dt.timedelta(days=days)
        csca = csca_of(issued)
        ver = g["ver"]
        av = app_version(t)
        dev = rng.choice(devices)
        ua = f"LRS-ID/{av} ({dev})"
        client = f"{rng.choice(['85.164', '91.208', '178.232', '46.15', '213.52', '195.88', '84.202'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        # registration started a minute or two before
        t0 = t - dt.timedelta(seconds=rng.uniform(50, 160))
        rlog(t0, "INFO", rng.choice(reg_threads), "l.l.register.RegistrationController", f"Registration {regid} created (e-mail confirmed, method app)")
        ingress.add(t0, nginx_access(t0, client, "POST", "/register/v1/registrations", 201, 412, rng.uniform(0.04, 0.12), ua, upstream_rt=rng.uniform(0.03, 0.1)))
        # the app reads the chip; an incomplete read is retried on the phone
        tr = t - dt.timedelta(seconds=rng.uniform(8, 30))
        if rng.random() < 0.09:
            tfail = tr - dt.timedelta(seconds=rng.uniform(5, 20))
            tele.add(tfail, json.dumps({"ts": iso_ms(tfail), "event": "nfc_read_failed", "app_version": av, "device": dev, "doc_type": doc, "error": rng.choice(["TagLostException", "PACE mutual authentication failed (wrong CAN)", "read timeout DG2"])}, separators=(",", ":")))
        tele.add(tr, json.dumps({"ts": iso_ms(tr), "event": "nfc_read_completed", "app_version": av, "device": dev, "doc_type": doc, "read_ms": rng.randint(2400, 7800), "dgs": [1, 2, 14] if doc == "P" else [1, 2, 11, 14]}, separators=(",", ":")))
        ingress.add(t, nginx_access(t, client, "POST", "/idcheck/v1/sessions", 201, 96, rng.uniform(0.01, 0.04), ua, upstream_rt=rng.uniform(0.008, 0.03)))
        tc = t + dt.timedelta(seconds=rng.uniform(0.5, 1.5))
        rlog(t + dt.timedelta(milliseconds=60), "INFO", rng.choice(reg_threads), "l.l.register.IdentityStep", f"Registration {regid}: identity session {sid} started (app {av})")
        zlog(tc, "info", "api/sessions.go:88", "chip data received", session=sid, doc_type=doc, sod_bytes=rng.randint(1800, 2600), app_version=av, pod=g["pod"])
        # passive authentication
        hash_bad = rng.random() < 0.015
        dsc_expired = doc == "ID" and issued < dt.date(2016, 12, 1)
        anchored = seq != 31 or csca == "03"
        pa_ms = rng.randint(9, 40)
        tp = tc + dt.timedelta(milliseconds=pa_ms)
        error = None
        if not anchored:
            error = "x509: certificate signed by unknown authority" if ver == "3.3.2" else f"pa: no CSCA in trust store for DSC issuer {CSCA[csca]} (AKI {SKI[csca]})"
            reason = "no CSCA in trust store for the document signer's issuer"
            stats["fail_anchor"].append((tp, ver))
        elif hash_bad:
            error = "pa: data group hash does not match the SOD"
            reason = "data group hash mismatch"
        elif dsc_expired and ver == "3.3.2":
            error = "x509: certificate has expired or is not yet valid: current time " + tp.strftime("%Y-%m-%dT%H:%M:%SZ") + " is after 2026-04-30T23:59:59Z"
            reason = "other"
        if error:
            if ver == "3.4.0":
                zlog(tp, "warn", "api/sessions.go:131", "passive authentication failed", session=sid, doc_type=doc, doc_issued=issued.isoformat(),
                     dsc_issuer=CSCA[csca], reason=reason, error=error, pod=g["pod"])
            zlog(tp + dt.timedelta(milliseconds=2), "info", "api/sessions.go:152", "session finished", session=sid, result="PA_FAILED", error=error, ms=pa_ms + rng.randint(2, 9), pod=g["pod"])
            ingress.add(tc, nginx_access(tc, client, "PUT", f"/idcheck/v1/sessions/{sid}/chip", 422, 118, (pa_ms + 12) / 1000, ua, upstream_rt=(pa_ms + 8) / 1000))
            tele.add(tp + dt.timedelta(seconds=0.4), json.dumps({"ts": iso_ms(tp + dt.timedelta(seconds=0.4)), "event": "verification_result", "app_version": av, "device": dev, "doc_type": doc, "result": "document_not_verified"}, separators=(",", ":")))
            events.append((tp, "pa_failed"))
            rlog(tp + dt.timedelta(milliseconds=80), "WARN", "idcheck-callback-1", "l.l.register.IdentityStep", f"Registration {regid}: app verification failed (PA_FAILED), activation letter offered")
            if not anchored:
                stats["failed_regs"].append(regid)
            if rng.random() < 0.7:
                tl = tp + dt.timedelta(seconds=rng.uniform(20, 150))
                rlog(tl, "INFO", rng.choice(reg_threads), "l.l.register.ActivationLetters", f"Registration {regid}: activation letter queued (address from population register, batch {tl.strftime('%Y%m%d')}-{'A' if tl.hour < 10 else 'B'})")
                ingress.add(tl, nginx_access(tl, client, "POST", f"/register/v1/registrations/{regid}/activation-letter", 202, 88, rng.uniform(0.1, 0.3), ua, upstream_rt=rng.uniform(0.09, 0.28)))
                stats["letters"] += 1
            continue
        dsc_serial = f"{rng.getrandbits(32):08x}"
        zlog(tp, "info", "api/sessions.go:104", "passive authentication ok", session=sid, doc_type=doc, dsc_issuer=CSCA[csca], dsc_serial=dsc_serial, pod=g["pod"])
        ingress.add(tc, nginx_access(tc, client, "PUT", f"/idcheck/v1/sessions/{sid}/chip", 200, 64, (pa_ms + 12) / 1000, ua, upstream_rt=(pa_ms + 8) / 1000))
        events.append((tp, "pa_ok"))
        stats["ok"].append((tp, csca))
        # selfie and face match
        tf = tp + dt.timedelta(seconds=rng.uniform(6, 25))
        fm_ms = rng.randint(700, 2600)
        score = min(0.99, rng.gauss(0.86, 0.08))
        if rng.random() < 0.006:
            zlog(tf + dt.timedelta(milliseconds=6000), "error", "facematch/client.go:57", "face match failed", session=sid, error="context deadline exceeded (Client.Timeout exceeded while awaiting headers)", pod=g["pod"])
            zlog(tf + dt.timedelta(milliseconds=6003), "info", "api/sessions.go:152", "session finished", session=sid, result="FACEMATCH_UNAVAILABLE", ms=6010, pod=g["pod"])
            ingress.add(tf, nginx_access(tf, client, "POST", f"/idcheck/v1/sessions/{sid}/selfie", 503, 102, 6.02, ua, upstream_rt=6.01))
            rlog(tf + dt.timedelta(milliseconds=6100), "WARN", "idcheck-callback-1", "l.l.register.IdentityStep", f"Registration {regid}: app verification failed (FACEMATCH_UNAVAILABLE), retry offered")
            continue
        ok = score >= 0.62
        zlog(tf + dt.timedelta(milliseconds=fm_ms), "info", "facematch/client.go:71", "face match", session=sid, score=round(score, 3), threshold=0.62, ms=fm_ms, pod=g["pod"])
        zlog(tf + dt.timedelta(milliseconds=fm_ms + 3), "info", "api/sessions.go:152", "session finished", session=sid, result="VERIFIED" if ok else "FACE_MISMATCH", ms=fm_ms + rng.randint(20, 60), pod=g["pod"])
        ingress.add(tf, nginx_access(tf, client, "POST", f"/idcheck/v1/sessions/{sid}/selfie", 200 if ok else 422, 88, (fm_ms + 30) / 1000, ua, upstream_rt=(fm_ms + 25) / 1000))
        tv = tf + dt.timedelta(milliseconds=fm_ms + 90)
        if ok:
            rlog(tv, "INFO", "idcheck-callback-1", "l.l.register.IdentityStep", f"Registration {regid}: identity verified ({'passport' if doc == 'P' else 'ID card'}), LRS-ID account activated")
            tele.add(tv + dt.timedelta(seconds=0.3), json.dumps({"ts": iso_ms(tv + dt.timedelta(seconds=0.3)), "event": "verification_result", "app_version": av, "device": dev, "doc_type": doc, "result": "verified"}, separators=(",", ":")))
        else:
            rlog(tv, "WARN", "idcheck-callback-1", "l.l.register.IdentityStep", f"Registration {regid}: app verification failed (FACE_MISMATCH), new selfie offered")
            tele.add(tv + dt.timedelta(seconds=0.3), json.dumps({"ts": iso_ms(tv + dt.timedelta(seconds=0.3)), "event": "verification_result", "app_version": av, "device": dev, "doc_type": doc, "result": "face_not_matched"}, separators=(",", ":")))
    stats["events"] = events

    # registration service routine lines
    t = START + dt.timedelta(seconds=rng.uniform(0, 59))
    while t < END:
        rlog(t, "INFO", "scheduling-1", "l.l.register.PopulationRegisterClient", f"population register health: ok ({rng.randint(40, 160)} ms)")
        t += dt.timedelta(minutes=5)
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 150))
        if t >= END:
            break
        regid = "R-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        r = rng.random()
        if r < 0.45:
            rlog(t, "INFO", rng.choice(reg_threads), "l.l.register.RegistrationController", f"Registration {regid} created (e-mail confirmed, method letter)")
            rlog(t + dt.timedelta(seconds=rng.uniform(5, 40)), "INFO", rng.choice(reg_threads), "l.l.register.ActivationLetters", f"Registration {regid}: activation letter queued (address from population register, batch {t.strftime('%Y%m%d')}-{'A' if t.hour < 10 else 'B'})")
        elif r < 0.75:
            rlog(t, "INFO", rng.choice(reg_threads), "l.l.register.ActivationLetters", f"Registration {regid}: activation code accepted, LRS-ID account activated")
        elif r < 0.9:
            rlog(t, "WARN", rng.choice(reg_threads), "l.l.register.RegistrationController", f"Registration refused: personal number {rng.randint(10, 31):02d}{rng.randint(1, 12):02d}{rng.randint(40, 99)}-***** already has an LRS-ID account")
        else:
            rlog(t, "WARN", rng.choice(reg_threads), "l.l.register.PopulationRegisterClient", f"Registration {regid}: no address in the population register (emigrated), letter not possible")
    # batch A of the activation letters goes to the print provider at 08:00 UTC
    rlog(utc("2026-05-11 08:00:02"), "INFO", "scheduling-2", "l.l.register.ActivationLetters", f"Letter batch 20260511-A sent to print provider: {stats['letters'] // 2 + 61} letters")
    # re-invitations after the fix
    failed = stats["failed_regs"]
    rlog(REINVITE, "INFO", "main", "l.l.register.jobs.ReinviteJob", f"Re-inviting registrations with PA_FAILED between 2026-05-11T07:16:00Z and 2026-05-11T09:04:00Z: {len(failed)}")
    rlog(REINVITE + dt.timedelta(seconds=38), "INFO", "main", "l.l.register.jobs.ReinviteJob", f"Re-invitation e-mails sent: {len(failed)}, of which {int(len(failed) * 0.7)} have a letter queued (kept)")
    stats["reinvited"] = len(failed)

    # ingress routine: portal login page checks and app config
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(3 / 60))
        if t >= END:
            break
        av = app_version(t)
        ua = f"LRS-ID/{av} ({rng.choice(devices)})"
        client = f"{rng.choice(['85.164', '91.208', '178.232', '46.15', '213.52'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        r = rng.random()
        if r < 0.5:
            ingress.add(t, nginx_access(t, client, "GET", "/app/v1/config", 200, 1822, rng.uniform(0.002, 0.01), ua, upstream_rt=rng.uniform(0.001, 0.008)))
        elif r < 0.8:
            ingress.add(t, nginx_access(t, client, "GET", f"/register/v1/registrations/R-{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(6))}", 200, 655, rng.uniform(0.01, 0.05), ua, upstream_rt=rng.uniform(0.008, 0.04)))
        else:
            ingress.add(t, nginx_access(t, client, "POST", "/register/v1/registrations", 409, 140, rng.uniform(0.02, 0.08), ua, upstream_rt=rng.uniform(0.02, 0.07)))

    # ---- Argo CD
    def alog(t, level, msg, **kv):
        if START <= t < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=openshift-gitops/idcheck {extra}'.rstrip())

    for at, sha in ((SYNC_340, shas["rel340"]), (REVERT, shas["revert"]), (RESYNC, shas["again"])):
        alog(at - dt.timedelta(seconds=2), "info", f"Initiated automated sync to '{sha}'", dest_namespace="lrs-id", dest_server="https://kubernetes.default.svc")
        alog(at + dt.timedelta(milliseconds=400), "info", "Applying resource Deployment/idcheck in cluster: https://kubernetes.default.svc, namespace: lrs-id")
        alog(at + dt.timedelta(seconds=1), "info", "Updated sync status: OutOfSync -> Synced", dest_namespace="lrs-id")
        alog(at + dt.timedelta(seconds=2), "info", "Updated health status: Healthy -> Progressing", dest_namespace="lrs-id")
        alog(at + dt.timedelta(seconds=78), "info", "Updated health status: Progressing -> Healthy", dest_namespace="lrs-id")
        alog(at + dt.timedelta(seconds=78), "info", "sync/terminate complete", dest_namespace="lrs-id", revision=sha)
    t = START + dt.timedelta(seconds=rng.uniform(0, 179))
    while t < END:
        rev = shas["rel332"]
        for at, sha in ((SYNC_340, shas["rel340"]), (REVERT, shas["revert"]), (RESYNC, shas["again"])):
            if at <= t:
                rev = sha
        alog(t, "info", "Reconciliation completed", dest_namespace="lrs-id", revision=rev, time_ms=rng.randint(40, 210))
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    # ---- LDA's partner bulletin
    def notice(t, nid, kind, title, body):
        bulletin.add(t, json.dumps({"published": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": nid, "category": kind, "title": title, "body": body}, ensure_ascii=False))

    notice(utc("2026-05-11 05:45:00"), "LDA-PKI-2026-0412", "crl", "CRL published: CSCA Lindmark 03", "CRL number 118 for CSCA 03, next update 2026-05-18T05:45:00Z.")
    notice(utc("2026-05-11 05:45:20"), "LDA-PKI-2026-0413", "crl", "CRL published: CSCA Lindmark 02", "CRL number 204 for CSCA 02, next update 2026-05-18T05:45:00Z.")
    notice(utc("2026-05-11 05:45:40"), "LDA-PKI-2026-0414", "crl", "CRL published: CSCA Lindmark 01", "CRL number 331 for CSCA 01, next update 2026-05-18T05:45:00Z.")
    notice(BULLETIN, "LDA-PKI-2026-0415", "service", "PKI publication moved to PKI-PUB 2", "Since the maintenance of 9-10 May the CSCA master list, the CRLs and the DSC list are published by the new publication service PKI-PUB 2. The URLs are unchanged.")
    notice(ML31, "LDA-PKI-2026-0416", "masterlist", "CSCA master list 31 published", "Master list 31 replaces master list 30. Signed by Master List Signer Lindmark 2026.")
    notice(utc("2026-05-11 07:40:10"), "LDA-PKI-2026-0417", "dsclist", "DSC list 212 published", "Document signer certificate list 212: 2 DSCs added (DS LM 2026-05), 0 revoked.")
    notice(ML32, "LDA-PKI-2026-0418", "masterlist", "CSCA master list 32 published", "Master list 32 replaces master list 31, which omitted CSCA 01 and CSCA 02. Passports and ID cards issued under CSCA 01 and 02 remain valid. Relying parties should load master list 32 without delay.")
    notice(utc("2026-05-11 09:58:30"), "LDA-PKI-2026-0419", "incident", "Incident LDA-INC-0511: master list 31 incomplete", "PKI-PUB 2 exported only CSCA certificates whose private key usage period had not ended. CSCA 01 (key used until 2019) and CSCA 02 (until 2024) were left out of master list 31 (07:04-09:01 UTC). Corrected in master list 32; the export rule has been fixed.")

    # ---- Alertmanager
    anchor = sorted(stats["fail_anchor"])
    onset = anchor[0][0]
    stats["onset"] = onset

    def success_rate(t):
        win = [k for at, k in events if t - dt.timedelta(minutes=5) < at <= t]
        return (sum(1 for k in win if k == "pa_ok") / len(win)) if win else None

    fire = None
    t = onset
    while t < onset + dt.timedelta(minutes=30):
        r = success_rate(t)
        if r is not None and r < 0.8:
            below_since = t if fire is None else fire
            fire = below_since
            if t - below_since >= dt.timedelta(minutes=5):
                break
        else:
            fire = None
        t += dt.timedelta(seconds=30)
    firing_at = t + dt.timedelta(seconds=12)
    stats["alert"] = firing_at
    rate_then = success_rate(t)

    def am(t, status, name, severity, summary, starts):
        alerts.add(t, json.dumps({"receiver": "teams-lrs-id-ops", "status": status, "labels": {"alertname": name, "namespace": "lrs-id", "severity": severity},
                                  "annotations": {"summary": summary}, "startsAt": starts.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "endsAt": t.strftime("%Y-%m-%dT%H:%M:%SZ") if status == "resolved" else "0001-01-01T00:00:00Z"}, separators=(",", ":")))

    am(utc("2026-05-11 06:02:40"), "firing", "IdcheckFacematchLatencyHigh", "warning", "face match p95 3.9 s (threshold 3.5 s)", utc("2026-05-11 05:57:40"))
    am(utc("2026-05-11 06:14:10"), "resolved", "IdcheckFacematchLatencyHigh", "warning", "face match p95 2.1 s (threshold 3.5 s)", utc("2026-05-11 05:57:40"))
    am(firing_at, "firing", "IdcheckVerificationSuccessLow", "page", f"passive authentication success {rate_then:.0%} over 5m (threshold 80%)", firing_at - dt.timedelta(minutes=5))
    resolved = REFRESH + dt.timedelta(minutes=8, seconds=12)
    am(resolved, "resolved", "IdcheckVerificationSuccessLow", "page", f"passive authentication success {success_rate(resolved) or 0.97:.0%} over 5m (threshold 80%)", firing_at - dt.timedelta(minutes=5))
    am(REVERT + dt.timedelta(seconds=40), "firing", "KubeDeploymentReplicasMismatch", "warning", "idcheck has 2/3 available replicas", REVERT + dt.timedelta(seconds=10))
    am(REVERT + dt.timedelta(seconds=100), "resolved", "KubeDeploymentReplicasMismatch", "warning", "idcheck has 3/3 available replicas", REVERT + dt.timedelta(seconds=10))

    # ---- #lrs-id-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": iso_ms(t), "channel": "lrs-id-ops", "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    pick = sorted(stats["pickup"])
    after_revert = [a for a, v in anchor if v == "3.3.2" and a > REVERT]
    stats["after_revert"] = after_revert[0]
    say(utc("2026-05-11 05:52:00"), "Nora Eide", "Morning. idcheck 3.4.0 after stand-up: IDV-208 (chain model, the 2016 ID cards with expired DSCs), IDV-211 (reason and DSC issuer in the PA warning), pkcs7 0.2.1.")
    say(utc("2026-05-11 06:05:30"), "Ola Sand", "LRS ID app 6.2.0 staged rollout started: 20% on Google Play, phased release on iOS.")
    say(SYNC_340 - dt.timedelta(minutes=2), "Nora Eide", "Release 3.4.0 merged, Argo CD syncing.")
    say(SYNC_340 + dt.timedelta(minutes=4), "Nora Eide", "3.4.0 running 3/3. First 2016 ID card went through.")
    say(firing_at + dt.timedelta(seconds=5), "Alertmanager", f"[FIRING] IdcheckVerificationSuccessLow (page): passive authentication success {rate_then:.0%} over 5m")
    say(firing_at + dt.timedelta(minutes=2), "Nora Eide", f"Looking. 'passive authentication failed' with reason 'no CSCA in trust store for the document signer's issuer' since {(onset + dt.timedelta(hours=2)).strftime('%H:%M')}. IDV-208 changed exactly how we find the CSCA (by AKI now). Could the AKI lookup miss for some documents?")
    say(firing_at + dt.timedelta(minutes=6), "Emil Brekke", "IDV-208 passed the specimen tests, but the specimen is under CSCA 03. Or pkcs7 0.2.1 reads the AKI differently.")
    say(firing_at + dt.timedelta(minutes=10), "Ingrid Vik", "Contact centre: new users calling, the app says 'your document could not be verified'. 9 calls so far. Passports and ID cards both.")
    say(firing_at + dt.timedelta(minutes=13), "Ola Sand", "App telemetry: nfc_read_completed normal, read times normal; document_not_verified on 6.1.4 and 6.2.0 alike. Not the app.")
    say(REVERT - dt.timedelta(minutes=3), "Nora Eide", "Runbook: failures after a release, revert. Reverting release 3.4.0.")
    say(REVERT + dt.timedelta(minutes=2, seconds=30), "Nora Eide", "3.3.2 running 3/3.")
    say(max(after_revert[0] + dt.timedelta(seconds=90), REVERT + dt.timedelta(minutes=4, seconds=40)), "Nora Eide", "Still failing on 3.3.2: session finished result=PA_FAILED error='x509: certificate signed by unknown authority'. So not IDV-208 and not pkcs7.")
    say(utc("2026-05-11 08:09:40"), "Emil Brekke", f"Every failure since {(onset + dt.timedelta(hours=2)).strftime('%H:%M')} is a document issued before February 2024, every success since then 2024 or later. 3.4.0's warnings named the DSC issuer: SERIALNUMBER=01 or 02, never 03.")
    say(utc("2026-05-11 08:14:20"), "Emil Brekke", f"trustsync at {(pick[0] + dt.timedelta(hours=2)).strftime('%H:%M:%S')}-{(pick[-1] + dt.timedelta(hours=2)).strftime('%H:%M:%S')}: 'trust store updated from master list' seq 31 was 30 cscas 1, and 'CSCA removed from trust store' for 01 and 02. The pods since the revert loaded list 31 at start-up, cscas 1. LDA's bulletin at 08:58: publication moved to a new service over the weekend.")
    say(utc("2026-05-11 08:18:00"), "Tor Haug", "Can we pin list 30? trustsync has no pin, we would have to ship the file in the image.")
    say(utc("2026-05-11 08:22:30"), "Hanne Rud", "No. Which CSCAs are trusted is LDA's decision; we don't put anchors back ourselves without their confirmation. Call their PKI duty officer.")
    say(utc("2026-05-11 08:35:10"), "Emil Brekke", "LDA PKI duty: their new publication service exports only CSCAs whose private key usage period is still running; 01's ended 2019, 02's 2024. The documents are valid, it is a mistake. They regenerate the list with all three, about 30 minutes.")
    say(utc("2026-05-11 08:40:00"), "Ingrid Vik", "We tell callers to choose the activation letter or to try the app again this afternoon.")
    say(ML32 + dt.timedelta(minutes=1, seconds=30), "Emil Brekke", "LDA published master list 32.")
    say(REFRESH + dt.timedelta(minutes=1, seconds=30), "Nora Eide", "Triggered trustsync on the three pods: list 32, cscas 3, CSCA 01 and 02 added. Verifications pass again.")
    say(REINVITE + dt.timedelta(minutes=1), "Emil Brekke", f"lrsid-register re-invited the {stats['reinvited']} filers whose verification failed between 09:16 and 11:04; letters already queued go out anyway.")
    say(RESYNC - dt.timedelta(minutes=2), "Nora Eide", "Reapplying release 3.4.0, it was not involved.")
    say(RESYNC + dt.timedelta(minutes=3), "Nora Eide", "3.4.0 running again, list 32 loaded at start-up.")
    say(utc("2026-05-11 10:14:00"), "Tor Haug", "Runbook updated. Follow-up IDV-215: page when trustsync removes a CSCA.")

    # ---- contact centre
    def ticket(t, tid, summary, notes, state="Open"):
        tickets.add(t, json.dumps({"id": tid, "created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "queue": "LRS-ID", "state": state, "summary": summary, "notes": notes}, ensure_ascii=False))

    ticket(utc("2026-05-11 06:21:30"), "CC-2026-051101", "Activation letter not received", "Caller registered on 4 May, no letter yet. Address checked in population register.")
    ticket(onset + dt.timedelta(minutes=9), "CC-2026-051117", "App cannot verify passport", "Passport issued 2021. App reads the chip, then 'your document could not be verified'. Tried three times.")
    ticket(onset + dt.timedelta(minutes=14), "CC-2026-051119", "ID card not accepted", "National ID card from 2018. Same message. Husband's ID card from 2025 worked on the same phone.")
    ticket(onset + dt.timedelta(minutes=31), "CC-2026-051124", "Verification fails", "Caller has to file before 31 May, does not want to wait for a letter.")
    ticket(utc("2026-05-11 09:31:00"), "CC-2026-051119", "ID card not accepted", "Caller tried again after the re-invitation e-mail: verified.", state="Closed")
    ticket(utc("2026-05-11 10:02:00"), "CC-2026-051142", "Face match", "Caller's selfie not matched three times, glasses; advised to try without.")
    return [idc, reg, ingress, tele, argo, bulletin, alerts, chat, tickets], stats


def build(out_dir):
    rng = random.Random(74200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert ML31 < min(stats["pickup"]) <= onset < stats["alert"] < REVERT, (stats["pickup"], onset, stats["alert"])
        assert all(a < REFRESH + dt.timedelta(minutes=2) for a, _ in stats["fail_anchor"])
        events = stats["events"]

        def per_min(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        metrics = {"idcheck_passive_auth_per_minute.json": query_range(
            [({"job": "idcheck", "result": "ok"}, per_min("pa_ok")), ({"job": "idcheck", "result": "failed"}, per_min("pa_failed"))], START, END, 60)}
        failed = len(stats["fail_anchor"])
        return write_scenario(
            out_dir, name="r74-csca-master-list-dropped-none", service=SERVICE, onset=onset,
            description=f"""
New users of LRS Online, the Lindmark Revenue Service's e-filing portal,
cannot verify their identity with the LRS ID app on Monday 11 May: from
{onset.strftime('%H:%M:%S')} UTC idcheck fails passive authentication for most Lindmark
passports and ID cards read by the app, and the filers are sent to an
activation letter by post. idcheck 3.4.0 (document signer checked at
signing time, a new failure warning, a pkcs7 bump) had been synced at
06:46; its revert at 07:52 did not help. Verifications passed again from
09:04; 3.4.0 was synced again at 09:41.
""",
            logs=logs,
            line_formats={"lrsid-register.log": r'<Date> <Time> <Level>\s+\[<Thread>\] <Logger> - <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'CSCA removed from trust store',
                        r'which omitted CSCA'],
            fix_files=[],
            explanation=f"""
No commit caused this. The Lindmark Document Authority (LDA), which
issues passports and ID cards, moved its PKI publication to a new service
over the weekend (bulletin at 06:58), and at 07:04 published CSCA master
list 31 with only CSCA 03: the new service exported the CSCAs whose
private key usage period was still running, leaving out CSCA 01 and 02,
under which every document issued before February 2024 was signed and
which are valid for years. idcheck's trustsync loads LDA's list every 15
minutes and at {min(stats['pickup']).strftime('%H:%M:%S')}-{max(stats['pickup']).strftime('%H:%M:%S')} replaced the pods' trust stores ("trust
store updated from master list" seq 31, cscas 1; "CSCA removed from
trust store" for 01 and 02); from then on every such document failed
passive authentication ({failed} sessions), while documents issued since
2024 passed. LDA published master list 32 with all three CSCAs at
{ML32.strftime('%H:%M')} ("Master list 32 replaces master list 31, which omitted CSCA 01
and CSCA 02"); a manual trustsync refresh at {REFRESH.strftime('%H:%M')} loaded it. Nothing in
idcheck was changed; 3.4.0 was synced again.
Decoys: release 3.4.0, synced {round((onset - SYNC_340).total_seconds() / 60)} minutes before the onset (IDV-208, which
finds the CSCA by the DSC's key identifier and checks it at signing time,
in the very verification; IDV-211, which adds the very "passive
authentication failed" warning and its "no CSCA in trust store" reason;
Renovate's pkcs7 bump, the CMS parser of both SOD and master list); its
revert at 07:52, without effect (the pods loaded list 31 at start-up and
fail with "x509: certificate signed by unknown authority"); Thursday's
IDV-201, which makes trustsync poll every 15 minutes; Friday's runbook
commit that reads PA failures as incomplete NFC reads or a release and
says to revert; the LRS ID app 6.2.0 staged rollout; routine NFC read
errors, hash mismatches, face mismatches, a face match timeout and a
latency alert.
""",
        )
    finally:
        repo.close()
