"""seapass-accounts is the onboard account service of Solenne Cruises' ship
Solenne Aurora (2,900 guests, seven-night Caribbean voyages from Port
Everglades, turnaround every Saturday). A guest's SeaPass card (encoded at
check-in with the cabin, the guest and the voyage) pays for everything on
board: the POS interface server (posif) sends each bar, shop and spa charge
to seapass-accounts, which finds the cabin's open folio in the ship's PMS
(CPMS, the vendor's property management system) and posts the charge to it.
The folio ids carry the voyage: AU1128-8412-M is cabin 8412's master folio
on the voyage that sailed on 28 November.

Tuesday 1 December 2026, 10:18 EST: ACC-311 (Dario Mendez) caches the
cabin's folio in the ship's Redis for 12 hours, keyed by the cabin number.
The PMS's folio query takes 600-900 ms at the dinner peak over the ship's
network and the bar terminals time out at 2 s; "a cabin's folio does not
change during a voyage". It does not, until turnaround day: on Saturday the
guests of voyage AU1128 disembark, the PMS closes the voyage at 09:45 EST
(14:45 UTC, every AU1128 folio settled and closed), and the new guests of
AU1205 board from 10:30 with new cards and new folios. Every cabin whose
previous guests charged something in the 12 hours before (Friday night's
bars, Saturday's breakfast coffee) still maps to the old, closed folio:
from 16:25 UTC the new guests' first drinks are declined ("posting refused:
folio AU1128-... status CLOSED" at the PMS, "SEE GUEST SERVICES" at the
bar), and the queue at guest services grows. Cabins whose entry expires
start working on their own, which makes it look random.

Decoys: release 4.12.0, deployed at 07:40 EST that morning (ACC-318, which
logs each PMS rejection at ERROR with the PMS code, the very line that
fills the log; ACC-320, the drinks package entitlement check in the charge
handler; a go-redis bump); ACC-314 on Thursday in the culprit's file (a
histogram of resolve time by source); a PMS timeout change on Friday; a
runbook commit that reads FOLIO_CLOSED on turnaround day as guests whose
check-in is not complete (no folio yet) and says to send them to guest
services. The on-call (Kelsey) follows the runbook, guest services finds
the guests fully checked in, and she rolls back to 4.11.2 at 17:35 UTC,
which holds the culprit, without effect (the Redis cache survives, the
declines are again the old warning). Dario reads the ERROR lines from
before the rollback: the folio is AU1128's while the card is AU1205's, and
`git log internal/folio/resolver.go` shows ACC-311; 4.12.1 (ACC-325) keys
the cache by voyage and cabin, deployed at 18:21 UTC with the old keys
deleted, and the declines stop.

Sources: seapass-accounts (zap JSON), CPMS (line format), posif (syslog RFC
3164), check-in card encoders (logfmt), Argo CD (logfmt), guest services
cases (JSON lines), #aurora-guest-accounts (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from skeletons import chores, go_service, k8s_deployment, k8s_service, runbook

SERVICE = "seapass-accounts"
MODULE = "git.solenne.cruises/shipside/seapass-accounts"
START, END = utc("2026-12-05 11:00:00"), utc("2026-12-05 19:10:00")
EST = dt.timezone(dt.timedelta(hours=-5))


def est(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=EST).astimezone(dt.timezone.utc)


RESOLVER_GO = '''package folio

import (
\t"context"
\t"fmt"

\t"git.solenne.cruises/shipside/seapass-accounts/internal/keys"
\t"git.solenne.cruises/shipside/seapass-accounts/internal/pms"
)

// Folio is the PMS account a charge posts to: one master folio per cabin
// and voyage (AU1128-8412-M), opened at check-in, closed when the voyage
// is closed on turnaround day.
type Folio struct {
\tID     string `json:"id"`
\tCabin  string `json:"cabin"`
\tVoyage string `json:"voyage"`
\tStatus string `json:"status"`
}

// Resolver finds the folio for a SeaPass card: the card's cabin, guest and
// voyage from the key table (written by the encoders at check-in), the
// cabin's open folio from the PMS.
type Resolver struct {
\tKeys *keys.Table
\tPMS  *pms.Client
}

func (r *Resolver) Resolve(ctx context.Context, cardUID string) (*keys.Card, *Folio, error) {
\tcard, err := r.Keys.Lookup(ctx, cardUID)
\tif err != nil {
\t\treturn nil, nil, fmt.Errorf("card %s: %w", cardUID, err)
\t}
\tf, err := r.openFolio(ctx, card)
\tif err != nil {
\t\treturn card, nil, err
\t}
\treturn card, f, nil
}

func (r *Resolver) openFolio(ctx context.Context, card *keys.Card) (*Folio, error) {
\tpf, err := r.PMS.OpenFolio(ctx, card.Cabin)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn &Folio{ID: pf.ID, Cabin: card.Cabin, Voyage: pf.Voyage, Status: pf.Status}, nil
}
'''

HANDLER_GO = '''package charges

import (
\t"encoding/json"
\t"errors"
\t"log/slog"
\t"net/http"

\t"git.solenne.cruises/shipside/seapass-accounts/internal/folio"
\t"git.solenne.cruises/shipside/seapass-accounts/internal/pms"
)

type Request struct {
\tCardUID  string `json:"card_uid"`
\tOutlet   string `json:"outlet"`
\tCheck    string `json:"check"`
\tAmount   int64  `json:"amount_cents"`
\tCurrency string `json:"currency"`
}

type Handler struct {
\tResolver *folio.Resolver
\tPMS      *pms.Client
\tLog      *slog.Logger
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tvar req Request
\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {
\t\thttp.Error(w, "bad request", http.StatusBadRequest)
\t\treturn
\t}
\tcard, f, err := h.Resolver.Resolve(r.Context(), req.CardUID)
\tif err != nil {
\t\th.decline(w, req, "card_unknown", "")
\t\treturn
\t}
\tposting, err := h.PMS.Post(r.Context(), f.ID, req.Outlet, req.Check, req.Amount)
\tvar rej *pms.Rejection
\tif errors.As(err, &rej) {
\t\th.decline(w, req, rej.Reason(), card.Cabin)
\t\treturn
\t}
\tif err != nil {
\t\th.decline(w, req, "pms_unavailable", card.Cabin)
\t\treturn
\t}
\th.Log.Info("charge authorised", "outlet", req.Outlet, "check", req.Check, "cabin", card.Cabin,
\t\t"amount_cents", req.Amount, "posting", posting.ID)
\twriteJSON(w, http.StatusOK, map[string]string{"result": "APPROVED", "posting": posting.ID})
}

func (h *Handler) decline(w http.ResponseWriter, req Request, reason, cabin string) {
\th.Log.Warn("charge declined", "outlet", req.Outlet, "check", req.Check, "cabin", cabin, "reason", reason)
\twriteJSON(w, http.StatusOK, map[string]string{"result": "DECLINED", "text": "SEE GUEST SERVICES", "reason": reason})
}
'''

CONFIG = """addr: ":8080"
pms:
  url: http://cpms-api.aurora.ship.local:8443
  timeout: 2s
redis:
  addr: redis.aurora.ship.local:6379
keys:
  dsn: postgres://seapass@keydb.aurora.ship.local/keys
"""


def build_repo():
    dario = Person("Dario Mendez", "dario.mendez@solenne.cruises", -300)
    kelsey = Person("Kelsey Park", "kelsey.park@solenne.cruises", -300)
    ana = Person("Ana Villanueva", "ana.villanueva@solenne.cruises", 480)
    marcus = Person("Marcus Hale", "marcus.hale@solenne.cruises", -300)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    rng = random.Random(108001)
    shas = {}

    files = go_service(SERVICE, MODULE, "Onboard accounts: SeaPass card charges posted to the cabin's folio in the PMS.")
    files["go.mod"] = files["go.mod"].replace("require (\n", "require (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgithub.com/redis/go-redis/v9 v9.5.1\n")
    files.update({
        "internal/folio/resolver.go": RESOLVER_GO,
        "internal/charges/handler.go": HANDLER_GO,
        "internal/folio/resolver_test.go": 'package folio\n\nimport "testing"\n\nfunc TestResolveUnknownCard(t *testing.T) {\n\tr := &Resolver{Keys: fakeKeys{}, PMS: nil}\n\tif _, _, err := r.Resolve(t.Context(), "04A1B2C3"); err == nil {\n\t\tt.Fatal("want an error for an unknown card")\n\t}\n}\n',
        "config/aurora.yaml": CONFIG,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", env={"CONFIG_PATH": "config/aurora.yaml"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        "k8s/kustomization.yaml": 'resources:\n  - deployment.yaml\n  - service.yaml\nimages:\n  - name: registry.internal/seapass-accounts\n    newName: harbor.aurora.ship.local/shipside/seapass-accounts\n    newTag: "4.10.3"\n',
        "CHANGELOG.md": "# Changelog\n\n## 4.10.3\n\n- posif: retry a posting once on a PMS connection reset.\n",
        "docs/runbook.md": runbook(SERVICE, [
            ("SeapassDeclineRateHigh", "More than 3 % of charges declined for 10 minutes. Look at the `reason` of\n\"charge declined\": card_unknown is the encoders (check-in), pms_unavailable\nis CPMS (ship IT, ext. 4410)."),
            ("SeapassPMSLatencyHigh", "CPMS answers slowly at the dinner peak; the bar terminals give up after\n2 s. Ship IT can restart the CPMS API service between sittings."),
        ]),
    })
    repo.commit(est("2026-11-23 09:40:00"), marcus, "seapass-accounts: charges to the cabin folio, config for Aurora", files)
    repo.schedule(chores(rng, SERVICE, [dario, kelsey, ana], est("2026-11-23 11:00:00"), est("2026-12-04 17:00:00"), 4))
    repo.commit(est("2026-11-25 14:05:00"), ana, "keys: read the voyage from the card record (ACC-302)", {
        "internal/keys/table.go": 'package keys\n\nimport "context"\n\n// Card is a SeaPass card as the encoders wrote it at check-in.\ntype Card struct {\n\tUID     string\n\tCabin   string\n\tGuestID string\n\tVoyage  string\n}\n\ntype Table struct{ /* pgx pool */ }\n\nfunc (t *Table) Lookup(ctx context.Context, uid string) (*Card, error) {\n\treturn t.lookup(ctx, uid)\n}\n',
    })
    shas["rel_4110_prev"] = repo.commit(est("2026-11-25 16:30:00"), ana, "release 4.10.4", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.10.3"', 'newTag: "4.10.4"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.10.4\n\n- Voyage read from the card record (ACC-302).\n"),
    })
    # the culprit
    shas["culprit"] = repo.commit(est("2026-12-01 10:18:00"), dario, "folio: cache the cabin's folio in Redis for 12 h (ACC-311)\n\nThe CPMS folio query takes 600-900 ms at the dinner peak and the bar\nterminals give up at 2 s, so guests see SEE GUEST SERVICES with an open\nfolio. A cabin's folio does not change during a voyage: cache it per\ncabin for 12 h, shared by the three pods.", {
        "internal/folio/resolver.go": repo.edit("internal/folio/resolver.go", '''import (
\t"context"
\t"fmt"
''', '''import (
\t"context"
\t"encoding/json"
\t"fmt"
\t"time"

\t"github.com/redis/go-redis/v9"
''').replace('''type Resolver struct {
\tKeys *keys.Table
\tPMS  *pms.Client
}''', '''type Resolver struct {
\tKeys  *keys.Table
\tPMS   *pms.Client
\tCache *redis.Client
}

// A cabin's folio does not change during a voyage, and the PMS query is
// slow at the dinner peak: keep it for half a day.
const cabinFolioTTL = 12 * time.Hour''').replace('''func (r *Resolver) openFolio(ctx context.Context, card *keys.Card) (*Folio, error) {
\tpf, err := r.PMS.OpenFolio(ctx, card.Cabin)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn &Folio{ID: pf.ID, Cabin: card.Cabin, Voyage: pf.Voyage, Status: pf.Status}, nil
}''', '''func (r *Resolver) openFolio(ctx context.Context, card *keys.Card) (*Folio, error) {
\tkey := "folio:cabin:" + card.Cabin
\tif raw, err := r.Cache.Get(ctx, key).Bytes(); err == nil {
\t\tvar f Folio
\t\tif json.Unmarshal(raw, &f) == nil {
\t\t\treturn &f, nil
\t\t}
\t}
\tpf, err := r.PMS.OpenFolio(ctx, card.Cabin)
\tif err != nil {
\t\treturn nil, err
\t}
\tf := &Folio{ID: pf.ID, Cabin: card.Cabin, Voyage: pf.Voyage, Status: pf.Status}
\tif raw, err := json.Marshal(f); err == nil {
\t\tr.Cache.Set(ctx, key, raw, cabinFolioTTL)
\t}
\treturn f, nil
}'''),
        "internal/folio/resolver_test.go": repo.files["internal/folio/resolver_test.go"] + '\nfunc TestSecondResolveUsesCache(t *testing.T) {\n\tpms := &countingPMS{folio: "AU1128-8412-M"}\n\tr := newTestResolver(t, pms)\n\tr.Resolve(t.Context(), "04A1B2C3")\n\tr.Resolve(t.Context(), "04A1B2C3")\n\tif pms.calls != 1 {\n\t\tt.Fatalf("PMS called %d times, want 1", pms.calls)\n\t}\n}\n',
    })
    repo.commit(est("2026-12-01 13:02:00"), kelsey, "k8s: pass the Redis address to the pods", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", '              value: "config/aurora.yaml"\n', '              value: "config/aurora.yaml"\n            - name: REDIS_ADDR\n              value: "redis.aurora.ship.local:6379"\n'),
    })
    shas["rel_4110"] = repo.commit(est("2026-12-01 16:05:00"), dario, "release 4.11.0", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.10.4"', 'newTag: "4.11.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.11.0\n\n- Cabin folio cached for 12 h (ACC-311).\n"),
    })
    repo.commit(est("2026-12-02 11:20:00"), ana, "posif: accept the spa's outlet codes (ACC-313)", {
        "internal/charges/outlets.go": 'package charges\n\n// Outlets the POS interface may send; anything else is rejected.\nvar Outlets = map[string]bool{\n\t"POOLBAR1": true, "POOLBAR2": true, "ATRIUMBAR": true, "SKYLOUNGE": true,\n\t"CAFE5": true, "SHOPS6": true, "CASINO": true, "SPA11": true, "SPA11RET": true,\n\t"CREWBAR": true, "CREWSHOP": true,\n}\n',
    })
    shas["rel_4111"] = repo.commit(est("2026-12-02 15:10:00"), ana, "release 4.11.1", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.0"', 'newTag: "4.11.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.11.1\n\n- Spa outlet codes (ACC-313).\n"),
    })
    repo.commit(est("2026-12-03 10:44:00"), dario, "folio: histogram of resolve time by source (ACC-314)", {
        "internal/folio/resolver.go": repo.edit("internal/folio/resolver.go", '''const cabinFolioTTL = 12 * time.Hour''', '''const cabinFolioTTL = 12 * time.Hour

var resolveSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
\tName:    "seapass_folio_resolve_seconds",
\tHelp:    "Time to find a card's folio, by source (cache or pms).",
\tBuckets: []float64{0.001, 0.005, 0.02, 0.1, 0.5, 1, 2},
}, []string{"source"})

func init() { prometheus.MustRegister(resolveSeconds) }''').replace('''\t"github.com/redis/go-redis/v9"
''', '''\t"github.com/prometheus/client_golang/prometheus"
\t"github.com/redis/go-redis/v9"
''').replace('''\tkey := "folio:cabin:" + card.Cabin
''', '''\tstart := time.Now()
\tkey := "folio:cabin:" + card.Cabin
''').replace('''\t\tif json.Unmarshal(raw, &f) == nil {
\t\t\treturn &f, nil''', '''\t\tif json.Unmarshal(raw, &f) == nil {
\t\t\tresolveSeconds.WithLabelValues("cache").Observe(time.Since(start).Seconds())
\t\t\treturn &f, nil''').replace('''\t\tr.Cache.Set(ctx, key, raw, cabinFolioTTL)
\t}
''', '''\t\tr.Cache.Set(ctx, key, raw, cabinFolioTTL)
\t}
\tresolveSeconds.WithLabelValues("pms").Observe(time.Since(start).Seconds())
'''),
    })
    shas["rel_4112"] = repo.commit(est("2026-12-03 15:30:00"), dario, "release 4.11.2", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.1"', 'newTag: "4.11.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.11.2\n\n- Folio resolve histogram (ACC-314).\n"),
    })
    repo.commit(est("2026-12-04 09:15:00"), kelsey, "config: CPMS timeout 2 s -> 1.5 s, the bar terminals give up at 2 s", {
        "config/aurora.yaml": repo.edit("config/aurora.yaml", "timeout: 2s", "timeout: 1500ms"),
    })
    repo.commit(est("2026-12-04 11:02:00"), marcus, "charges: check the drinks package entitlement before posting (ACC-320)\n\nGuests on the Premium package were charged for a cocktail over the\npackage's price cap; the PMS posts it at the cap difference now.", {
        "internal/charges/packages.go": 'package charges\n\n// Drinks packages: a drink is covered up to the package\'s cap per drink;\n// the difference over the cap is charged to the folio.\nvar packageCapCents = map[string]int64{"CLASSIC": 1400, "PREMIUM": 1800}\n\nfunc chargeable(pkg string, amount int64) int64 {\n\tcap, ok := packageCapCents[pkg]\n\tif !ok || amount <= cap {\n\t\tif ok {\n\t\t\treturn 0\n\t\t}\n\t\treturn amount\n\t}\n\treturn amount - cap\n}\n',
    })
    repo.commit(est("2026-12-04 13:40:00"), dario, "charges: log PMS rejections at ERROR with the PMS code and the folio (ACC-318)\n\nguest services asks which folio every time a bar declines; the warning\nonly said pms_rejected.", {
        "internal/charges/handler.go": repo.edit("internal/charges/handler.go", '''\tif errors.As(err, &rej) {
\t\th.decline(w, req, rej.Reason(), card.Cabin)''', '''\tif errors.As(err, &rej) {
\t\th.Log.Error("PMS rejected posting", "code", rej.Code, "folio", f.ID, "cabin", card.Cabin,
\t\t\t"card_voyage", card.Voyage, "outlet", req.Outlet, "check", req.Check)
\t\th.decline(w, req, rej.Reason(), card.Cabin)'''),
    })
    repo.commit(est("2026-12-04 14:25:00"), kelsey, "runbook: declines on turnaround day", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Declines on turnaround day (Saturdays)

FOLIO_CLOSED or folio_closed between 10:30 and 16:00 ship time is a new
guest whose check-in is not complete: the folio is opened when guest
services registers a card or a cash deposit. Nothing to do in
seapass-accounts; ask guest services (ext. 3000) to complete the check-in
and the next charge goes through. If declines start right after a
seapass-accounts release, roll back.
""",
    })
    repo.commit(est("2026-12-04 16:50:00"), bot, "fix(deps): update module github.com/redis/go-redis/v9 to v9.5.3", {
        "go.mod": repo.edit("go.mod", "github.com/redis/go-redis/v9 v9.5.1", "github.com/redis/go-redis/v9 v9.5.3"),
    })
    shas["rel_4120"] = repo.commit(est("2026-12-04 17:20:00"), marcus, "release 4.12.0", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.2"', 'newTag: "4.12.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.12.0\n\n- Drinks package entitlement (ACC-320).\n- PMS rejections logged at ERROR (ACC-318).\n- CPMS timeout 1.5 s; go-redis 9.5.3.\n"),
    })
    shas["rollback"] = repo.commit(est("2026-12-05 12:33:00"), kelsey, "deploy: pin seapass-accounts 4.11.2 (rollback of 4.12.0, INC-2291)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.12.0"', 'newTag: "4.11.2"'),
    })
    repo.commit(est("2026-12-05 13:08:00"), dario, "folio: key the cabin folio cache by voyage and cabin (ACC-325, INC-2291)\n\nOn turnaround day a cabin's entry still held the previous voyage's\nfolio, closed at 09:45 when the voyage was closed: the new guests'\ncharges were posted to AU1128 folios and refused. The card knows its\nvoyage; a new voyage is a new key.", {
        "internal/folio/resolver.go": repo.edit("internal/folio/resolver.go", '''\tkey := "folio:cabin:" + card.Cabin
''', '''\t// The voyage is part of the key: on turnaround day the cabin's
\t// previous folio is closed and a new one opened (INC-2291).
\tkey := fmt.Sprintf("folio:%s:cabin:%s", card.Voyage, card.Cabin)
'''),
        "internal/folio/resolver_test.go": repo.files["internal/folio/resolver_test.go"] + '\nfunc TestNewVoyageMissesCache(t *testing.T) {\n\tpms := &countingPMS{folio: "AU1205-8412-M"}\n\tr := newTestResolver(t, pms)\n\tr.Cache.Set(t.Context(), "folio:AU1128:cabin:8412", `{"id":"AU1128-8412-M"}`, 0)\n\t_, f, _ := r.Resolve(t.Context(), "04A1B2C3")\n\tif f.ID != "AU1205-8412-M" {\n\t\tt.Fatalf("folio %s, want the new voyage\'s", f.ID)\n\t}\n}\n',
    })
    shas["rel_4121"] = repo.commit(est("2026-12-05 13:14:00"), dario, "release 4.12.1", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.11.2"', 'newTag: "4.12.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.12.1\n\n- Cabin folio cache keyed by voyage (ACC-325, INC-2291).\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# turnaround day

OLD, NEW = "AU1128", "AU1205"
OUTLETS = [(5, "POOLBAR1"), (4, "POOLBAR2"), (4, "ATRIUMBAR"), (2, "SKYLOUNGE"), (4, "CAFE5"), (2, "SHOPS6"), (1, "SPA11"), (1, "CASINO")]
NAMES = ["Miller", "Nguyen", "Garcia", "Johnson", "Okafor", "Schmidt", "Rossi", "Patel", "Brown", "Dubois", "Kowalski", "Silva",
         "Thompson", "Lee", "Martinez", "Walsh", "Hansen", "Cohen", "Reyes", "Murphy"]


def pick(rng, choices):
    total = sum(w for w, _ in choices)
    x = rng.uniform(0, total)
    for w, v in choices:
        x -= w
        if x <= 0:
            return v
    return choices[-1][1]


def build_logs(rng, shas):
    app = Log("seapass-accounts.log")
    cpms = Log("cpms.log")
    posif = Log("posif.log")
    enc = Log("checkin-encoders.log")
    argo = Log("argocd-seapass-accounts.log")
    cases = Log("guest-services-cases.log")
    slack = Log("slack-aurora-guest-accounts.log")
    stats = {"first_decline": None, "stale_declines": 0}

    def U(text):
        return utc(f"2026-12-05 {text}" if text.count(":") == 2 else f"2026-12-05 {text}:00")

    SYNC_4120, SYNC_RB, SYNC_4121 = U("12:40:12"), U("17:35:40"), U("18:21:05")
    VOYAGE_CLOSE = U("14:45:10")
    CHECKIN_OPEN = U("15:30:00")
    FLUSH = U("18:22:30")

    def version_at(t):
        if t < SYNC_4120 + dt.timedelta(seconds=40):
            return "4.11.2"
        if t < SYNC_RB + dt.timedelta(seconds=40):
            return "4.12.0"
        if t < SYNC_4121 + dt.timedelta(seconds=40):
            return "4.11.2"
        return "4.12.1"

    pods = {}

    def pod(t):
        v = version_at(t)
        key = (v, t > SYNC_RB)
        if key not in pods:
            rs = hexid(rng, 10)
            pods[key] = [f"seapass-accounts-{rs}-{hexid(rng, 5)}" for _ in range(3)]
        return rng.choice(pods[key])

    def aj(t, level, msg, **fields):
        body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": fields.pop("caller", "charges/handler.go:58"), "msg": msg}
        body.update(fields)
        app.add(t, json.dumps(body, separators=(",", ":")))

    def cp(t, comp, level, msg):
        cpms.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{comp}] {level:<5} {msg}")

    def px(t, msg):
        posif.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} aurora-posif01 posif[2217]: {msg}")

    # --- deploys -------------------------------------------------------------------------
    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=seapass-accounts"]
        parts += [f"{k}={v}" if " " not in str(v) else f'{k}="{v}"' for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        al(START + dt.timedelta(seconds=x + rng.uniform(0, 2)), "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "shipside"})
    for sync, sha, ver, hid in ((SYNC_4120, shas["rel_4120"], "4.12.0", 61), (SYNC_RB, shas["rollback"], "4.11.2", 62), (SYNC_4121, shas["rel_4121"], "4.12.1", 63)):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "shipside"})
        al(sync + dt.timedelta(seconds=5.9), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=48.3), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "shipside"})
        for i in range(3):
            s = sync + dt.timedelta(seconds=9 + 11 * i + rng.uniform(0, 3))
            p = pod(s + dt.timedelta(seconds=45))
            aj(s, "info", "starting seapass-accounts", caller="seapass-accounts/main.go:31", version=ver, pod=p)
            aj(s + dt.timedelta(seconds=0.3), "info", "redis connected", caller="seapass-accounts/main.go:47", addr="redis.aurora.ship.local:6379", pod=p)
            aj(s + dt.timedelta(seconds=0.5), "info", "key table ready", caller="keys/table.go:40", cards=rng.randint(5600, 6900), pod=p)
    # the start-up lines of the pods that ran 4.11.2 before the window
    for x in range(0, int((END - START).total_seconds()), 60):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 5))
        aj(t, "info", "pms health", caller="pms/client.go:88", latency_ms=rng.randint(40, 180), pod=pod(t))

    # --- PMS voyage operations ----------------------------------------------------------------
    for x in range(0, int((END - START).total_seconds()), 300):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 20))
        cp(t, "Interface", "INFO", f"IFC heartbeat posif=OK keys=OK callaccounting=OK sessions={rng.randint(9, 24)}")
    cp(U("13:58:02"), "Voyage", "INFO", f"voyage {OLD}: 2431 of 2887 guests disembarked, 318 folios open")
    cp(U("14:31:44"), "Voyage", "INFO", f"voyage {OLD}: 2887 of 2887 guests disembarked, 0 folios with balance")
    cp(VOYAGE_CLOSE, "Voyage", "INFO", f"voyage {OLD} closed by pursers.office: 1163 folios settled and closed, night audit ok")
    cp(VOYAGE_CLOSE + dt.timedelta(seconds=2.4), "Voyage", "INFO", f"voyage {NEW} active: embarkation 2026-12-05, 2912 guests expected, 1158 cabins")

    # --- cabins and the cache ---------------------------------------------------------------------
    cabins = [f"{deck}{n:03d}" for deck in range(6, 12) for n in range(1, 194) if not (deck == 6 and n > 150)]
    rng.shuffle(cabins)
    crew_cabins = [f"{deck}{n:03d}" for deck in (2, 3) for n in range(1, 150)]
    cache = {}  # cabin -> (folio id, expiry)
    for c in cabins:
        if rng.random() < 0.74:
            created = U("01:00:00") + dt.timedelta(seconds=rng.uniform(0, 6.5 * 3600))
            cache[c] = (f"{OLD}-{c}-M", created + dt.timedelta(hours=12))
    cards = {}

    def resolve(t, cabin, voyage):
        """The folio the service posts to, as the cache would give it."""
        entry = cache.get(cabin)
        v = version_at(t)
        if v == "4.12.1":
            key = (voyage, cabin)
            entry = cache.get(key)
            if entry and entry[1] > t:
                return entry[0], False
            fid = f"{voyage}-{cabin}-M"
            cache[key] = (fid, t + dt.timedelta(hours=12))
            cp(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "FolioSvc", "INFO", f"open folio query cabin={cabin} -> {fid} status=OPEN")
            return fid, True
        if entry and entry[1] > t:
            return entry[0], False
        fid = f"{voyage}-{cabin}-M"
        cache[cabin] = (fid, t + dt.timedelta(hours=12))
        cp(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "FolioSvc", "INFO", f"open folio query cabin={cabin} -> {fid} status=OPEN")
        return fid, True

    # crew folios
    for c in crew_cabins:
        cache[c] = (f"CREW-{c}", U("23:59:00") + dt.timedelta(hours=6))

    def charge(t, cabin, voyage, guest, crew=False):
        outlet = ("CREWBAR" if rng.random() < 0.7 else "CREWSHOP") if crew else pick(rng, OUTLETS)
        check = rng.randint(10000, 99999)
        amount = rng.choice([450, 600, 850, 1100, 1350, 1400, 1650, 2200, 3900]) if outlet != "SHOPS6" else rng.randint(1500, 12000)
        uid = cards.setdefault(guest, "04" + hexid(rng, 12).upper())
        p = pod(t)
        px(t, f"REQ outlet={outlet} check={check} card={uid[:6]}****** amount={amount / 100:.2f} USD")
        if crew:
            fid = cache[cabin][0]
        else:
            fid, _ = resolve(t + dt.timedelta(milliseconds=5), cabin, voyage)
        t2 = t + dt.timedelta(milliseconds=rng.randint(60, 240))
        closed = fid.startswith(OLD) and t2 >= VOYAGE_CLOSE
        if rng.random() < 0.004 and not closed:
            cp(t2, "PostingService", "WARN", f"posting refused: folio {fid} credit limit exceeded (limit 2500.00 USD) outlet={outlet} check={check}")
            aj(t2 + dt.timedelta(milliseconds=6), "warn", "charge declined", outlet=outlet, check=str(check), cabin=cabin, reason="credit_limit", pod=p)
            px(t2 + dt.timedelta(milliseconds=12), f"RSP outlet={outlet} check={check} result=DECLINED text=\"SEE GUEST SERVICES\"")
            return
        if closed:
            settled = VOYAGE_CLOSE.strftime("%Y-%m-%dT%H:%M:%SZ")
            cp(t2, "PostingService", "WARN", f"posting refused: folio {fid} status CLOSED (voyage {OLD} closed {settled}) outlet={outlet} check={check}")
            if version_at(t) == "4.12.0":
                aj(t2 + dt.timedelta(milliseconds=5), "error", "PMS rejected posting", caller="charges/handler.go:49", code="FOLIO_CLOSED", folio=fid, cabin=cabin,
                   card_voyage=voyage, outlet=outlet, check=str(check), pod=p)
            aj(t2 + dt.timedelta(milliseconds=6), "warn", "charge declined", outlet=outlet, check=str(check), cabin=cabin, reason="folio_closed", pod=p)
            px(t2 + dt.timedelta(milliseconds=12), f"RSP outlet={outlet} check={check} result=DECLINED text=\"SEE GUEST SERVICES\"")
            if voyage == NEW:
                stats["stale_declines"] += 1
                if stats["first_decline"] is None:
                    stats["first_decline"] = t
            return
        posting = f"P{rng.randint(10000000, 99999999)}"
        cp(t2, "PostingService", "INFO", f"posting accepted: {posting} folio {fid} outlet={outlet} check={check} amount={amount / 100:.2f}")
        aj(t2 + dt.timedelta(milliseconds=6), "info", "charge authorised", outlet=outlet, check=str(check), cabin=cabin, amount_cents=amount, posting=posting, pod=p)
        px(t2 + dt.timedelta(milliseconds=12), f"RSP outlet={outlet} check={check} result=APPROVED posting={posting}")

    old_guests = {c: f"G{rng.randint(1000000, 9999999)}" for c in cabins}
    new_guests = {c: f"G{rng.randint(1000000, 9999999)}" for c in cabins}
    # old guests on the last morning, crew all day
    for t in poisson_times(rng, START, U("14:20:00"), 7.0):
        frac = (t - START).total_seconds() / (U("14:20:00") - START).total_seconds()
        if rng.random() < 1 - 0.8 * frac:
            c = rng.choice(cabins)
            charge(t, c, OLD, old_guests[c])
    for t in poisson_times(rng, START, END, 2.2):
        c = rng.choice(crew_cabins)
        charge(t, c, "CREW", f"C{c}", crew=True)
    # encoders at check-in, and the new guests aboard
    boarded = []
    for t in poisson_times(rng, CHECKIN_OPEN, END, 11.0):
        c = rng.choice(cabins)
        g = new_guests[c]
        uid = cards.setdefault(g, "04" + hexid(rng, 12).upper())
        enc.add(t, f"ts={t.strftime('%Y-%m-%dT%H:%M:%SZ')} level=info encoder=terminal-{rng.choice(['A', 'B', 'C', 'D'])}{rng.randint(1, 12):02d} msg=\"card encoded\" card={uid[:6]}****** cabin={c} voyage={NEW} valid_to=2026-12-12T15:00:00Z folio_opened=true")
        boarded.append((t + dt.timedelta(minutes=rng.uniform(25, 50)), c))
    for t in poisson_times(rng, START, END, 0.25):
        enc.add(t, f"ts={t.strftime('%Y-%m-%dT%H:%M:%SZ')} level=info encoder=crew-office msg=\"card re-encoded\" cabin={rng.choice(crew_cabins)} reason=lost")
    for t in poisson_times(rng, CHECKIN_OPEN, END, 0.4):
        enc.add(t, f"ts={t.strftime('%Y-%m-%dT%H:%M:%SZ')} level=warn encoder=terminal-{rng.choice(['A', 'B', 'C', 'D'])}{rng.randint(1, 12):02d} msg=\"encode retry\" error=\"card not detected\"")
    boarded.sort()

    def guest_rate(t):
        if t < U("16:25:00"):
            return 0.0
        return min(16.0, 2.0 + 14.0 * (t - U("16:25:00")).total_seconds() / 5400)

    for t in poisson_times(rng, U("16:25:00"), END, 16.0):
        if rng.random() > guest_rate(t) / 16.0:
            continue
        aboard = [c for when, c in boarded[:400 + int((t - CHECKIN_OPEN).total_seconds() // 6)] if when < t]
        if not aboard:
            continue
        c = rng.choice(aboard)
        charge(t, c, NEW, new_guests[c])
    # the flush with 4.12.1
    aj(FLUSH, "info", "cache keys deleted", caller="seapass-accounts/tools/flush.go:22", pattern="folio:cabin:*", deleted=sum(1 for k in cache if isinstance(k, str) and k[0] != "C"), pod=pod(FLUSH))

    # --- guest services and Slack -----------------------------------------------------------------
    def case(hm, cid, cabin, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        cases.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "case": cid, "desk": "guest-services-d5", "cabin": cabin,
                                 "category": "onboard_account", "note": text}))

    case("12:05", 77120, "9114", "Departing guest: disputes minibar charge on final statement, removed.")
    case("13:10", 77128, "7046", "Departing guest: wants itemised folio e-mailed, done.")
    case("16:41", 77140, "8412", "New guest: card declined at Pool Bar, says SEE GUEST SERVICES. Check-in complete, card and deposit registered. Advised to retry.")
    case("16:49", 77143, "10122", "New guest: declined at Atrium Bar twice. Folio AU1205 open, no balance. Re-encoded card.")
    case("16:58", 77147, "7133", "Declined at Cafe 5. Re-encoded card, still declined.")
    case("17:06", 77151, "11020", "Declined at pool bar; check-in complete. Queue at desk 40+ guests.")
    case("17:18", 77160, "6088", "Declined at shops, folio open in CPMS, posted manually to AU1205-6088-M.")
    case("17:46", 77172, "9151", "Still declined after the IT rollback, guest upset (drinks package purchased).")
    case("18:02", 77179, "8030", "Guest says card worked at 17:55 after failing at 17:20. No change made by us.")
    users = {"kelsey.park": "U04KP1", "dario.mendez": "U03DM7", "marcus.hale": "U02MH3", "ines.soto": "U05IS9", "alertmanager": "B01AM2"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "aurora-guest-accounts", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}))

    say("12:42", "marcus.hale", "4.12.0 synced on Aurora (drinks package caps ACC-320, PMS rejections logged at ERROR ACC-318)")
    say("14:47", "ines.soto", "purser: voyage AU1128 closed in CPMS, AU1205 active. check-in opens 10:30 ship time")
    say("16:52", "alertmanager", "[FIRING] SeapassDeclineRateHigh aurora: 14.2% of charges declined (10 min)")
    say("16:57", "kelsey.park", "ack. all folio_closed, new guests. runbook says turnaround-day declines are incomplete check-ins. @ines.soto can guest services check?")
    say("17:09", "ines.soto", "they are checked in, cards encoded, folios open in CPMS, AU1205. re-encoding a card doesn't help. desk queue is long")
    say("17:14", "kelsey.park", "new ERROR lines since 4.12.0 this morning ('PMS rejected posting'). runbook: declines after a release -> roll back. rolling back to 4.11.2 (INC-2291)")
    say("17:38", "kelsey.park", "4.11.2 synced 17:35. still declining, now just the 'charge declined' warnings. not 4.12.0")
    say("17:50", "ines.soto", "a guest in 8030 says his card works now, it didn't half an hour ago. random?")
    say("17:58", "dario.mendez", "looking at the 4.12.0 ERROR lines before the rollback: folio=AU1128-8412-M, card_voyage=AU1205. we post new guests' charges to last week's folios. CPMS says 'status CLOSED (voyage AU1128 closed 14:45)'")
    say("18:03", "dario.mendez", "that's my cache, ACC-311 (4.11.0, Tuesday): folio cached per cabin for 12 h, key folio:cabin:<cabin>, no voyage. every cabin whose old guests charged something since last night maps to the closed folio until the entry expires. that's the 'works now' guest")
    say("18:05", "kelsey.park", "ok. fix forward: key by voyage, and delete the folio:cabin:* keys on deploy")
    say("18:24", "dario.mendez", "4.12.1 (ACC-325) synced 18:21, old keys deleted 18:22. charges going through")
    say("18:41", "kelsey.park", "no folio_closed since 18:22. resolving INC-2291. @ines.soto guests can use their cards; postmortem Monday (turnaround fixture in tests)")

    aj(U("11:00:03"), "info", "folio cache", caller="folio/resolver.go:61", entries=rng.randint(850, 880), ttl="12h0m0s", pod=pod(U("11:00:03")))
    return [app, cpms, posif, enc, argo, cases, slack], stats


def build(out_dir):
    rng = random.Random(108100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_decline"].replace(microsecond=0)
        assert utc("2026-12-05 16:25:00") < onset < utc("2026-12-05 16:45:00"), onset
        minutes = int((onset - est("2026-12-01 10:18:00")).total_seconds() // 60)
        age = f"{minutes // 1440} days {minutes % 1440 // 60} h {minutes % 60:02d}"
        return write_scenario(
            out_dir, name="r108-cabin-folio-cache-voyage", service=SERVICE, onset=onset,
            description=f"""
Solenne Aurora's onboard accounts (seapass-accounts) decline the new
guests' SeaPass charges at the bars, shops and cafe ("SEE GUEST SERVICES")
on turnaround day, Saturday 5 December 2026, from {onset.strftime('%H:%M:%S')} UTC
({onset.astimezone(EST).strftime('%H:%M')} ship time, EST), soon after the new guests (voyage AU1205) begin to
board; the previous voyage (AU1128) had been closed in the PMS at 14:45 UTC.
seapass-accounts 4.12.0 had been synced at 12:40 UTC; it was rolled back to
4.11.2 at 17:35 without effect, and 4.12.1 was synced at 18:21 UTC, after
which the declines stopped. Times in every log are UTC.
""",
            logs=logs,
            line_formats={"cpms.log": r'<Date> <Time> \[<Component>\] <Level>\s+<Content>'},
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'posting refused: folio .*status CLOSED',
                r'PMS rejected posting',
            ],
            fix_files=["internal/folio/resolver.go"],
            explanation=f"""
ACC-311 ({shas['culprit'][:10]}, Tuesday 1 December 10:18 EST, released in 4.11.0)
caches a cabin's folio in Redis for 12 h under "folio:cabin:<cabin>",
without the voyage. On turnaround day the PMS closes voyage AU1128 at
14:45 UTC and the new guests board with AU1205 cards and folios; every
cabin whose previous guests charged something in the 12 hours before still
maps to the closed AU1128 folio, and the new guests' charges are refused
("posting refused: folio AU1128-... status CLOSED" in CPMS; "PMS rejected
posting ... folio=AU1128-... card_voyage=AU1205" in 4.12.0;
{stats['stale_declines']} declines), until the entry expires (which makes
some cabins recover on their own). {age} after the commit. ACC-325 (4.12.1)
keys the cache by voyage and cabin.
Decoys: release 4.12.0, synced about four hours before the onset (ACC-318,
which adds the very "PMS rejected posting" ERROR line; ACC-320, the drinks
package entitlement in the charges package; a go-redis bump), rolled back
to 4.11.2, which holds the culprit, without effect (the Redis cache
survives a rollback); ACC-314, a harmless histogram in the culprit's file;
the CPMS timeout change on Friday; a runbook commit that reads turnaround
day declines as incomplete check-ins; the voyage close and the check-in
encoders, which are the trigger, not the cause; routine cases of departing
guests.
""",
        )
    finally:
        repo.close()
