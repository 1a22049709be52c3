"""clinic-reminders (Go, team in Amsterdam, Lisbon and Bengaluru): a chain of
dental clinics sends appointment reminders and booking confirmations by SMS
through Kestrel SMS's v1 Messages API (POST /v1/messages, form-encoded).
Kestrel deprecated v1 in May and announced its retirement for 3 November
2026, 14:00 UTC; since then every v1 response carries `Deprecation`,
`Sunset` and `Link` headers, and clinic-reminders' HTTP client has logged
them ("upstream API deprecated", once an hour per pod and endpoint) for
months. Kestrel ran a 30-minute brownout on 27 October (the team took it
for a blip and made the client log the provider's error code). A v2
migration was started on a branch and never merged. At 14:00:00 v1 starts
answering 410 Gone ("The v1 Messages API was retired on 2026-11-03"):
every reminder and confirmation fails, booking-api's confirmation calls
get 502, until the team finishes the v2 branch and deploys it at 15:31.
Nothing in the repository's recent history caused it. Decoys: a refactor
of the Kestrel client behind a Sender interface the day before, the commit
that logs the provider's error code (its fields are on the failure lines),
reminder template and scheduler test commits, an x/net bump the 13:34
start-up lines name, a sender-ID change to the same client rolled out with
it, 26 minutes before the onset, the unmerged v2 branch, and a runbook
commit after the onset. App (Go slog text), Envoy egress access,
ingress-nginx access, booking-api (pino JSON), the deploy workflow (GitHub
Actions), Kestrel's status page (JSON, with the maintenance posted weeks
before)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, nginx_access, pino
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "clinic-reminders"
MODULE = "github.com/smilecare-nl/clinic-reminders"
START, END = utc("2026-11-03 10:30:00"), utc("2026-11-03 16:10:00")
DEPLOY = utc("2026-11-03 13:34:00")
SUNSET = utc("2026-11-03 14:00:00")
FIX_DEPLOY = utc("2026-11-03 15:31:00")
REQUEUE = utc("2026-11-03 15:37:20")
KESTREL = "api.kestrelsms.com"
DEPRECATION = "@1777852800"
SUNSET_HEADER = "Tue, 03 Nov 2026 14:00:00 GMT"
LINK = '<https://docs.kestrelsms.com/migrate/v1-to-v2>; rel="sunset"'
RETIRED = "The v1 Messages API was retired on 2026-11-03. Use POST /v2/messages; see https://docs.kestrelsms.com/migrate/v1-to-v2"
CLINICS = ["ams-centrum", "ams-zuid", "utr-oudegracht", "rtd-blaak", "dh-centrum", "ein-stratum", "hlm-centrum", "lei-breestraat",
           "gro-noorderplantsoen", "nij-centrum", "arn-sonsbeek", "zwl-centrum", "amf-centrum", "bre-ginneken"]

KESTREL_GO = """package sms

import (
\t"context"
\t"fmt"
\t"net/http"
\t"net/url"
\t"strings"
)

// Kestrel sends SMS through Kestrel's Messages API.
type Kestrel struct {
\tBaseURL    string
\tAccountSID string
\tToken      string
\tFrom       string
\tHTTP       *http.Client
}

func (k *Kestrel) Send(ctx context.Context, to, body string) (string, error) {
\tform := url.Values{"To": {to}, "From": {k.From}, "Body": {body}}
\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, k.BaseURL+"/v1/messages", strings.NewReader(form.Encode()))
\tif err != nil {
\t\treturn "", err
\t}
\treq.SetBasicAuth(k.AccountSID, k.Token)
\treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
\tresp, err := k.HTTP.Do(req)
\tif err != nil {
\t\treturn "", err
\t}
\tdefer resp.Body.Close()
\tif resp.StatusCode >= 300 {
\t\treturn "", fmt.Errorf("kestrel: %s", resp.Status)
\t}
\treturn messageSID(resp)
}
"""

DEPRECATION_GO = """package httpx

import (
\t"log/slog"
\t"net/http"
\t"sync"
\t"time"
)

// DeprecationLogger is an http.RoundTripper that logs the Deprecation and
// Sunset headers (RFC 9745, RFC 8594) an upstream sends, at most once an
// hour per host and path, so they show up in the logs before the date.
type DeprecationLogger struct {
\tNext http.RoundTripper
\tLog  *slog.Logger

\tmu   sync.Mutex
\tseen map[string]time.Time
}

func (d *DeprecationLogger) RoundTrip(req *http.Request) (*http.Response, error) {
\tresp, err := d.Next.RoundTrip(req)
\tif err != nil || (resp.Header.Get("Deprecation") == "" && resp.Header.Get("Sunset") == "") {
\t\treturn resp, err
\t}
\tkey := req.URL.Host + req.URL.Path
\td.mu.Lock()
\tdefer d.mu.Unlock()
\tif d.seen == nil {
\t\td.seen = map[string]time.Time{}
\t}
\tif time.Since(d.seen[key]) > time.Hour {
\t\td.seen[key] = time.Now()
\t\td.Log.Warn("upstream API deprecated", "host", req.URL.Host, "path", req.URL.Path,
\t\t\t"deprecation", resp.Header.Get("Deprecation"), "sunset", resp.Header.Get("Sunset"), "link", resp.Header.Get("Link"))
\t}
\treturn resp, err
}
"""

SCHEDULER_GO = """package reminders

import (
\t"context"
\t"log/slog"
\t"time"
)

// Scheduler sends the reminders that are due, once a minute: 48 h and 2 h
// before each appointment.
type Scheduler struct {
\tStore  *Store
\tSender Sender
\tLog    *slog.Logger
}

func (s *Scheduler) Tick(ctx context.Context, now time.Time) {
\tdue, err := s.Store.Due(ctx, now)
\tif err != nil {
\t\ts.Log.Error("loading due reminders failed", "err", err)
\t\treturn
\t}
\tsent, failed := 0, 0
\tfor _, r := range due {
\t\tif r.AppointmentCancelled {
\t\t\tcontinue
\t\t}
\t\tif err := s.send(ctx, r); err != nil {
\t\t\tfailed++
\t\t\tcontinue
\t\t}
\t\tsent++
\t}
\ts.Log.Info("reminder batch done", "due", len(due), "sent", sent, "failed", failed)
}
"""

CONFIG = """addr: ":8080"
kestrel:
  base_url: https://api.kestrelsms.com
  account_sid: ${KESTREL_ACCOUNT_SID}
  from: "+3197010254310"
  timeout: 5s
reminders:
  offsets: [48h, 2h]
  quiet_hours: "21:00-08:00"
"""


def build_repo():
    jeroen = Person("Jeroen de Vries", "jeroen.devries@smilecare.nl", 60)
    ana = Person("Ana Ribeiro", "ana.ribeiro@smilecare.nl", 0)
    priya = Person("Priya Raghavan", "priya.raghavan@smilecare.nl", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Appointment reminders and booking confirmations for SmileCare's clinics, sent by SMS through Kestrel.")
    files["go.mod"] = f"module {MODULE}\n\ngo 1.23\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/prometheus/client_golang v1.20.5\n\tgolang.org/x/net v0.30.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n"
    files["internal/sms/kestrel.go"] = KESTREL_GO
    files["internal/sms/parse.go"] = ("package sms\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\nfunc messageSID(resp *http.Response) (string, error) {\n"
                                      "\tvar body struct {\n\t\tSID string `json:\"sid\"`\n\t}\n\terr := json.NewDecoder(resp.Body).Decode(&body)\n\treturn body.SID, err\n}\n")
    files["internal/httpx/deprecation.go"] = DEPRECATION_GO
    files["internal/reminders/scheduler.go"] = SCHEDULER_GO
    files["internal/reminders/templates.go"] = ("package reminders\n\n// Templates by kind; clinics' names and times are filled in per reminder.\nvar Templates = map[string]string{\n"
                                                "\t\"48h\":          \"Herinnering: uw afspraak bij SmileCare {{.Clinic}} is op {{.Day}} om {{.Time}}. Verzetten? {{.Link}}\",\n"
                                                "\t\"2h\":           \"Tot straks! Uw afspraak bij SmileCare {{.Clinic}} is om {{.Time}}.\",\n"
                                                "\t\"confirmation\": \"Uw afspraak bij SmileCare {{.Clinic}} op {{.Day}} om {{.Time}} is bevestigd.\",\n}\n")
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="128Mi", cpu="100m", env={"CONFIG_PATH": "/app/config/production.yaml"})
    files[".github/workflows/deploy.yml"] = ("name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n"
                                            "      - uses: actions/checkout@v4\n      - run: docker build --build-arg VERSION=${{ github.sha }} -t registry.internal/clinic-reminders:${{ github.sha }} .\n"
                                            "      - run: docker push registry.internal/clinic-reminders:${{ github.sha }}\n"
                                            "      - run: kubectl -n reminders set image deployment/clinic-reminders clinic-reminders=registry.internal/clinic-reminders:${{ github.sha }}\n"
                                            "      - run: kubectl -n reminders rollout status deployment/clinic-reminders --timeout=5m\n")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("ReminderSendFailures", "More than 5 % of reminders failing: read the `sms send failed` lines (status and Kestrel's error code) and status.kestrelsms.com."),
        ("ReminderBacklog", "Due reminders not sent for 10 minutes: check the scheduler's `reminder batch done` lines and the database."),
    ])
    repo.commit(utc("2026-10-27 09:40:00"), jeroen, "clinic-reminders: move out of the bookings monorepo", files)
    repo.schedule(chores(random.Random(11201), SERVICE, [jeroen, ana, priya], utc("2026-10-27 09:40:00"), DEPLOY, 3))
    repo.commit(utc("2026-10-28 10:20:00"), ana,
        "sms: log Kestrel's error code and message when a send fails\n\nYesterday's failures (14:00-14:30) only said \"kestrel: 410 Gone\"; we could\nnot tell what Kestrel meant.", {
        "internal/sms/kestrel.go": repo.edit("internal/sms/kestrel.go", "\tif resp.StatusCode >= 300 {\n\t\treturn \"\", fmt.Errorf(\"kestrel: %s\", resp.Status)\n\t}\n",
            "\tif resp.StatusCode >= 300 {\n\t\treturn \"\", decodeError(resp)\n\t}\n").replace("\t\"fmt\"\n", ""),
        "internal/sms/errors.go": "package sms\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\n// Error is Kestrel's error body: {\"error\":{\"code\":...,\"message\":...}}.\n"
            "type Error struct {\n\tStatus  int\n\tCode    string `json:\"code\"`\n\tMessage string `json:\"message\"`\n}\n\n"
            "func (e *Error) Error() string { return e.Message }\n\nfunc decodeError(resp *http.Response) error {\n\tvar body struct {\n\t\tError Error `json:\"error\"`\n\t}\n"
            "\t_ = json.NewDecoder(resp.Body).Decode(&body)\n\tbody.Error.Status = resp.StatusCode\n\treturn &body.Error\n}\n",
    })
    base_for_branch = repo.shas[-1]
    repo.commit(utc("2026-10-30 14:20:00"), jeroen, "reminders: texts for the hygiene recall campaign", {
        "internal/reminders/templates.go": repo.edit("internal/reminders/templates.go", "\t\"confirmation\":",
            "\t\"recall\":       \"Het is tijd voor uw halfjaarlijkse controle bij SmileCare {{.Clinic}}. Plan online: {{.Link}}\",\n\t\"confirmation\":"),
    })
    repo.commit(utc("2026-11-02 10:05:00"), ana, "sms: put the Kestrel client behind a Sender interface", {
        "internal/sms/sender.go": "package sms\n\nimport \"context\"\n\n// Sender sends one SMS and returns the provider's message id.\ntype Sender interface {\n\tSend(ctx context.Context, to, body string) (string, error)\n}\n\nvar _ Sender = (*Kestrel)(nil)\n",
        "internal/sms/kestrel.go": repo.edit("internal/sms/kestrel.go", "// Kestrel sends SMS through Kestrel's Messages API.\n",
                                             "// Kestrel sends SMS through Kestrel's Messages API. Use it through Sender so\n// tests and the dry-run mode can replace it.\n"),
    })
    repo.commit(utc("2026-11-02 16:30:00"), priya, "tests: the scheduler skips reminders for cancelled appointments", {
        "internal/reminders/scheduler_test.go": "package reminders\n\nimport (\n\t\"context\"\n\t\"testing\"\n\t\"time\"\n)\n\n"
            "func TestTickSkipsCancelled(t *testing.T) {\n\tsender := &fakeSender{}\n\ts := &Scheduler{Store: storeWith(Reminder{AppointmentCancelled: true}), Sender: sender, Log: discard()}\n"
            "\ts.Tick(context.Background(), time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC))\n\tif sender.calls != 0 {\n\t\tt.Fatalf(\"sent %d reminders for a cancelled appointment\", sender.calls)\n\t}\n}\n",
    })
    sender_id = repo.commit(utc("2026-11-03 12:31:00"), jeroen,
        "sms: send as \"SmileCare\" (alphanumeric sender ID) instead of the long number\n\nPatients reply to the number and nobody reads the replies. Kestrel\n"
        "registered the sender ID for NL last week (ticket KST-88213).", {
        "config/production.yaml": repo.edit("config/production.yaml", "  from: \"+3197010254310\"\n", "  from: \"SmileCare\"\n"),
        "internal/sms/kestrel.go": repo.edit("internal/sms/kestrel.go", "\tFrom       string\n",
                                             "\t// From is the sender: a number, or an alphanumeric sender ID (at most\n\t// 11 characters) registered with Kestrel per country.\n\tFrom       string\n"),
    })
    head = repo.commit(utc("2026-11-03 12:47:00"), bot, "Bump golang.org/x/net from 0.30.0 to 0.31.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.30.0", "golang.org/x/net v0.31.0"),
    })
    fix = repo.commit(utc("2026-11-03 15:18:00"), priya,
        "sms: move to Kestrel's v2 Messages API\n\nKestrel retired v1 today at 14:00 UTC (announced in May; the Sunset header\n"
        "has been in our logs since). v2 takes JSON and a bearer token.", {
        "internal/sms/kestrel.go": repo.edit("internal/sms/kestrel.go", "\tform := url.Values{\"To\": {to}, \"From\": {k.From}, \"Body\": {body}}\n"
            "\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, k.BaseURL+\"/v1/messages\", strings.NewReader(form.Encode()))\n",
            "\tpayload, _ := json.Marshal(map[string]string{\"to\": to, \"from\": k.From, \"text\": body})\n"
            "\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, k.BaseURL+\"/v2/messages\", bytes.NewReader(payload))\n").replace(
            "\treq.SetBasicAuth(k.AccountSID, k.Token)\n\treq.Header.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")\n",
            "\treq.Header.Set(\"Authorization\", \"Bearer \"+k.Token)\n\treq.Header.Set(\"Content-Type\", \"application/json\")\n").replace(
            "\t\"net/url\"\n\t\"strings\"\n", "").replace("import (\n\t\"context\"\n", "import (\n\t\"bytes\"\n\t\"context\"\n\t\"encoding/json\"\n"),
        "internal/sms/parse.go": repo.edit("internal/sms/parse.go", "SID string `json:\"sid\"`", "SID string `json:\"id\"`"),
    })
    repo.commit(utc("2026-11-03 15:52:00"), ana, "runbook: Kestrel API versions and the Sunset warnings", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## upstream API deprecated\n\nThe HTTP client logs the `Deprecation` and `Sunset` headers upstreams send. Each one\n"
            "needs a ticket with the sunset date: Kestrel's v1 Messages API was retired on\n3 November 2026 at 14:00 UTC after six months of these warnings, and every send\n"
            "failed with 410 until we moved to v2. Kestrel's changelog: docs.kestrelsms.com/changelog.\n",
    })
    # The v2 migration a developer started after the brownout and left on a branch.
    main_head = repo.shas[-1]
    repo._git("checkout", "-q", "-b", "kestrel-v2", base_for_branch)
    repo.commit(utc("2026-10-29 11:05:00"), priya, "WIP: Kestrel v2 messages (JSON body, bearer token)", {
        "internal/sms/kestrel_v2.go": "package sms\n\n// KestrelV2 will replace Kestrel before v1's sunset (see the Sunset header).\n// TODO: error body changed (errors[]), delivery callbacks, tests.\n"
            "type KestrelV2 struct {\n\tBaseURL string\n\tToken   string\n\tFrom    string\n}\n",
    })
    repo._git("checkout", "-q", "main")
    assert repo._git("rev-parse", "HEAD") == main_head
    return repo, sender_id, head, fix


def slog_text(t, level, msg, **fields):
    def value(v):
        text = str(v)
        if text == "" or any(c in text for c in ' "=\\') or not text.isprintable():
            return json.dumps(text, ensure_ascii=False)
        return text
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    parts = [f"time={stamp}", f"level={level}", f"msg={value(msg)}"] + [f"{k}={value(v)}" for k, v in fields.items()]
    return " ".join(parts)


def build_logs(rng, sender_id, head, fix):
    app = Log("clinic-reminders.log")
    egress = Log("envoy-egress-access.log")
    ingress = Log("ingress-nginx-access.log")
    booking = Log("booking-api.log")
    deploy = Log("deploy-workflow.log")
    status = Log("kestrel-status.log")

    def gha(t, text):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond * 10 + rng.randint(0, 9):07d}Z {text}"

    gens = [(START - dt.timedelta(hours=40), None, [f"clinic-reminders-6c8f7d9b5-{hexid(rng, 5)}" for _ in range(3)])]
    for when, sha, rs, actor, subject in ((DEPLOY, head, "7b94d6c1f", "jeroen-dv", "Bump golang.org/x/net from 0.30.0 to 0.31.0"),
                                          (FIX_DEPLOY, fix, "5d2e8a7c3", "priya-r", "sms: move to Kestrel's v2 Messages API")):
        t0 = when - dt.timedelta(seconds=118)
        lines = [(0, f"Requested by {actor} (workflow_dispatch) on main"), (1, "##[group]Run actions/checkout@v4"),
                 (3, f"HEAD is now at {sha[:7]} {subject}"), (4, "##[endgroup]"),
                 (5, f"##[group]Run docker build --build-arg VERSION={sha} -t registry.internal/clinic-reminders:{sha} ."),
                 (71, f"#14 naming to registry.internal/clinic-reminders:{sha} done"), (72, "##[endgroup]"),
                 (73, f"##[group]Run docker push registry.internal/clinic-reminders:{sha}"), (88, f"{sha}: digest: sha256:{hexid(rng, 64)} size: 1365"), (89, "##[endgroup]"),
                 (90, f"##[group]Run kubectl -n reminders set image deployment/clinic-reminders clinic-reminders=registry.internal/clinic-reminders:{sha}"),
                 (91, "deployment.apps/clinic-reminders image updated"), (92, "##[endgroup]"),
                 (92.5, "##[group]Run kubectl -n reminders rollout status deployment/clinic-reminders --timeout=5m"),
                 (93, "Waiting for deployment \"clinic-reminders\" rollout to finish: 1 out of 3 new replicas have been updated..."),
                 (113, "Waiting for deployment \"clinic-reminders\" rollout to finish: 2 out of 3 new replicas have been updated..."),
                 (133, "Waiting for deployment \"clinic-reminders\" rollout to finish: 1 old replicas are pending termination..."),
                 (141, "deployment \"clinic-reminders\" successfully rolled out"), (141.5, "##[endgroup]")]
        for offset, text in lines:
            t = t0 + dt.timedelta(seconds=offset + rng.uniform(0, 0.4))
            deploy.add(t, gha(t, text))
        pods = [f"clinic-reminders-{rs}-{hexid(rng, 5)}" for _ in range(3)]
        for i, pod in enumerate(pods):
            t = when - dt.timedelta(seconds=25) + dt.timedelta(seconds=20 * i + rng.uniform(0.5, 2))
            app.add(t, slog_text(t, "INFO", "starting clinic-reminders", version=sha[:7], addr=":8080", pod=pod))
            app.add(t + dt.timedelta(milliseconds=31), slog_text(t + dt.timedelta(milliseconds=31), "INFO", "connected to postgres", host="reminders-db.internal", pod=pod))
        gens.append((when, sha, pods))

    def pod_at(t):
        for when, _, pods in reversed(gens):
            if t >= when + dt.timedelta(seconds=20):
                return rng.choice(pods), when
        return rng.choice(gens[0][2]), gens[0][0]

    # Each pod logs the Deprecation/Sunset headers at most once an hour per endpoint.
    last_warn = {}
    for _, _, pods in gens:
        for pod in pods:
            last_warn[pod] = START - dt.timedelta(minutes=rng.uniform(0, 59))

    def v1_response(t, pod, status_code):
        if pod in last_warn and t - last_warn[pod] > dt.timedelta(hours=1) and t < FIX_DEPLOY + dt.timedelta(seconds=60):
            last_warn[pod] = t
            e = t + dt.timedelta(milliseconds=1)
            app.add(e, slog_text(e, "WARN", "upstream API deprecated", host=KESTREL, path="/v1/messages",
                                 deprecation=DEPRECATION, sunset=SUNSET_HEADER, link=LINK, pod=pod))

    for _, _, pods in gens[1:]:
        for pod in pods:
            last_warn[pod] = START - dt.timedelta(hours=2)

    sent, failed = {}, {}
    failed_ids = []
    phones = [f"+316{rng.randint(10000000, 99999999)}" for _ in range(3000)]

    def send(t, pod, kind, rid):
        """One SMS through the egress proxy; returns (ok, seconds)."""
        new_api = t >= FIX_DEPLOY + dt.timedelta(seconds=20) and pod in gens[-1][2]
        took = ms(rng, 180, 0.35)
        path = "/v2/messages" if new_api else "/v1/messages"
        minute = int(t.timestamp()) // 60 * 60
        if not new_api and t >= SUNSET:
            took = ms(rng, 40, 0.3)
            egress.add(t, envoy_access(t, "POST", path, 410, "-", "34.141.88.17:443", took, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", KESTREL))
            v1_response(t, pod, 410)
            e = t + dt.timedelta(milliseconds=took + 2)
            app.add(e, slog_text(e, "ERROR", "sms send failed", kind=kind, reminder_id=rid, clinic=rng.choice(CLINICS), status=410,
                                 provider_code="api_version_retired", err=RETIRED, pod=pod))
            failed[minute] = failed.get(minute, 0) + 1
            return False, took
        code = 201 if not new_api else 202
        egress.add(t, envoy_access(t, "POST", path, code, "-", "34.141.88.17:443", took, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", KESTREL))
        if not new_api:
            v1_response(t, pod, code)
        sent[minute] = sent.get(minute, 0) + 1
        return True, took

    # The scheduler: each pod's leader tick once a minute sends the reminders that are due.
    t = START + dt.timedelta(seconds=rng.uniform(0, 5))
    while t < END:
        pod, _ = pod_at(t)
        hour = t.hour + t.minute / 60
        due = max(0, int(rng.gauss(7 if 11 <= hour < 17 else 4, 2)))
        ok = bad = 0
        s = t
        for _ in range(due):
            rid = f"rem_{hexid(rng, 12)}"
            good, took = send(s, pod, rng.choice(["48h", "48h", "2h"]), rid)
            s += dt.timedelta(milliseconds=took + rng.randint(5, 30))
            if good:
                ok += 1
            else:
                bad += 1
                failed_ids.append(rid)
        app.add(s, slog_text(s, "INFO", "reminder batch done", due=due, sent=ok, failed=bad, took_ms=int((s - t).total_seconds() * 1000), pod=pod))
        t += dt.timedelta(minutes=1, milliseconds=rng.randint(-200, 200))

    # booking-api asks for a confirmation SMS when a patient books.
    for t in poisson_times(rng, START, END, 2.2):
        pod, _ = pod_at(t)
        rid = f"cnf_{hexid(rng, 12)}"
        good, took = send(t + dt.timedelta(milliseconds=3), pod, "confirmation", rid)
        total = (took + 6) / 1000
        e = t + dt.timedelta(seconds=total)
        code = 202 if good else 502
        ingress.add(e, nginx_access(e, f"10.52.{rng.randint(1, 6)}.{rng.randint(10, 240)}", "POST", "/v1/confirmations", code, 64 if good else 118, total, "booking-api/3.21.0 (undici)", upstream_rt=total - 0.001))
        booking_id = f"bk_{hexid(rng, 10)}"
        if good:
            booking.add(e, pino(e, "info", "booking confirmed", pid=1, hostname=f"booking-api-5f7c9b8d6-{rng.choice(['x2k9p', 'q8v4m', 'h7n3c'])}", booking=booking_id, clinic=rng.choice(CLINICS), sms="queued"))
        else:
            booking.add(e, pino(e, "warn", "confirmation SMS request failed; booking kept, patient not notified", pid=1,
                                hostname=f"booking-api-5f7c9b8d6-{rng.choice(['x2k9p', 'q8v4m', 'h7n3c'])}", booking=booking_id, status=502, upstream="clinic-reminders"))
            failed_ids.append(rid)
    emit(rng, booking, START, END, 1.5, [
        (4, lambda t: pino(t, "info", "availability served", pid=1, hostname="booking-api-5f7c9b8d6-x2k9p", clinic=rng.choice(CLINICS), slots=rng.randint(0, 40), ms=ms(rng, 35))),
        (1, lambda t: pino(t, "info", "booking cancelled", pid=1, hostname="booking-api-5f7c9b8d6-q8v4m", booking=f"bk_{hexid(rng, 10)}", by="patient")),
    ])
    # The clinics' dashboard and health checks.
    for t in poisson_times(rng, START, END, 1.2):
        took = ms(rng, 20, 0.4) / 1000
        ingress.add(t, nginx_access(t, f"10.52.9.{rng.randint(10, 60)}", "GET", f"/v1/reminders?clinic={rng.choice(CLINICS)}&day=2026-11-04", 200, rng.randint(900, 6000), took, "clinic-dashboard/1.8", upstream_rt=took))
    emit(rng, app, START, END, 0.2, [
        (3, lambda t: slog_text(t, "INFO", "reminder skipped", reason="appointment cancelled", reminder_id=f"rem_{hexid(rng, 12)}", pod=pod_at(t)[0])),
        (1, lambda t: slog_text(t, "WARN", "patient has no mobile number", appointment=f"apt_{hexid(rng, 10)}", clinic=rng.choice(CLINICS), pod=pod_at(t)[0])),
    ])
    # Other egress through the same proxy.
    for t in poisson_times(rng, START, END, 2):
        host, path = rng.choice([("o4508123.ingest.sentry.io", "/api/42/envelope/"), ("hooks.slack.com", "/services/T0/B0/x"), ("api.kestrelsms.com", "/v1/accounts/AC7f3e/balance")])
        code = 200
        if host == KESTREL and t >= SUNSET:
            code = 410
        egress.add(t, envoy_access(t, "POST" if "balance" not in path else "GET", path, code, "-", "34.141.88.17:443" if host == KESTREL else "35.186.224.25:443",
                                   ms(rng, 90), f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", host))

    # The requeue after the fix.
    app.add(REQUEUE, slog_text(REQUEUE, "INFO", "requeued failed reminders", count=len(failed_ids), since="2026-11-03T14:00:00Z", requested_by="priya.raghavan", pod=gens[-1][2][0]))

    # Kestrel's status page (Statuspage JSON as the incident channel pasted it).
    posts = [
        (utc("2026-05-04 09:00:00"), "Deprecation: v1 Messages API", "scheduled", "notice",
         "The v1 Messages API (POST /v1/messages, form-encoded) is deprecated. It will be retired on 3 November 2026 at 14:00 UTC; from then v1 requests return 410 Gone. v1 responses carry Deprecation and Sunset headers. Migration guide: https://docs.kestrelsms.com/migrate/v1-to-v2"),
        (utc("2026-10-06 08:00:00"), "Scheduled: retirement of the v1 Messages API", "scheduled", "maintenance",
         "Reminder: v1 will be retired on 3 November 2026 at 14:00 UTC. A 30-minute brownout (v1 returns 410 Gone) is scheduled for 27 October 2026, 14:00-14:30 UTC."),
        (utc("2026-10-27 14:30:40"), "Scheduled: retirement of the v1 Messages API", "in_progress", "maintenance",
         "The v1 brownout has ended; v1 requests are served again until 3 November 2026, 14:00 UTC. Accounts that received 410 responses during the brownout still use v1."),
        (SUNSET + dt.timedelta(seconds=12), "Scheduled: retirement of the v1 Messages API", "in_progress", "maintenance",
         "The v1 Messages API is being retired. v1 requests now return 410 Gone with error code api_version_retired."),
        (SUNSET + dt.timedelta(minutes=21, seconds=5), "Scheduled: retirement of the v1 Messages API", "completed", "maintenance",
         "The v1 Messages API has been retired. Use POST /v2/messages; see the migration guide."),
    ]
    for t, name, state, kind, body in posts:
        status.add(t, json.dumps({"incident": name, "kind": kind, "status": state, "updated_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "components": [{"name": "Messages API v1", "status": "major_outage" if t >= SUNSET else "operational"},
                                                 {"name": "Messages API v2", "status": "operational"}], "body": body}, ensure_ascii=False))
    return [app, egress, ingress, booking, deploy, status], sent, failed


def build(out_dir):
    rng = random.Random(11200)
    repo, sender_id, head, fix = build_repo()
    try:
        logs, sent, failed = build_logs(rng, sender_id, head, fix)
        onset = min(t for t, _, text in logs[0].entries if "sms send failed" in text).replace(microsecond=0)

        def per_min(table):
            return lambda t: table.get(int(t.timestamp()) // 60 * 60, 0)

        metrics = {
            "reminders_sms_per_minute.json": query_range(
                [({"service": SERVICE, "outcome": "sent"}, per_min(sent)), ({"service": SERVICE, "outcome": "failed"}, per_min(failed))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="upstream-api-deprecation-none", service=SERVICE, onset=onset,
            description=f"""
Patients get no SMS. From {onset.strftime('%H:%M')} every appointment reminder and booking
confirmation clinic-reminders sends fails; booking-api's confirmation calls
get 502. clinic-reminders was deployed at 13:34 (start-up lines name an
x/net bump, shipped with a sender-ID change). The team deployed a change
to the SMS client at 15:31 and requeued the failed reminders.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Messages API was retired", r"upstream API deprecated"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: Kestrel SMS retired its v1
Messages API on the date it had announced in May, 3 November 2026 at 14:00
UTC, and v1 answers 410 Gone (api_version_retired) from that second. The
service's own HTTP client had logged Kestrel's Deprecation and Sunset
headers ("upstream API deprecated", sunset Tue, 03 Nov 2026 14:00:00 GMT)
every hour for months, and Kestrel's status page had announced the date
and a brownout on 27 October. The fix is the v2 migration (new code the
team should have shipped before the date), not the revert of any commit.
Decoys: the commit after the brownout that logs Kestrel's error code (its
fields are on the failure lines), the Sender interface refactor of the
same client the day before, template and scheduler test commits, the x/net
bump the 13:34 start-up lines name, the sender-ID change to the same
client and config rolled out with it 26 minutes before the onset (sends
succeed with it until 14:00), the unmerged kestrel-v2 branch, and the
runbook commit after the onset.
""",
        )
    finally:
        repo.close()
