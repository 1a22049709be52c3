"""hooks-dispatcher (Go, on two VMs behind HAProxy): delivers customers'
webhooks. An afternoon commit gives deliveries that get a redirect or a 4xx a
distinct error (so they are not retried), and returns that error before the
response body is closed. Each such delivery leaves its connection, and its
file descriptor, open. Non-2xx answers are routine (a few customers' endpoints
answer 410 or 404 all day), so the count of open descriptors climbs by a few
hundred an hour from the 16:42 rollout until it reaches the unit's
LimitNOFILE of 4096 in the middle of the night: from 02:13 the process can no
longer accept connections or dial out ("too many open files"), HAProxy marks
both servers down and event submissions get 503. The on-call engineer
restarts the units at 02:44 (service back, descriptors climb again) and rolls
back at 03:06. Decoys: an earlier edit of the same file (idle connections per
host 2 -> 16), a golang.org/x/net bump, and the commit the rollout names,
which lowers the delivery timeout from 10 s to 5 s. Go `log` with file names
(line format), HAProxy (syslog RFC 3164), systemd and the deploy script
(syslog RFC 3164)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, readme, runbook

SERVICE = "hooks-dispatcher"
DEPLOY = utc("2026-12-20 16:42:00")
RESTART = utc("2026-12-21 02:44:10")
ROLLBACK = utc("2026-12-21 03:06:30")
START, END = utc("2026-12-20 15:30:00"), utc("2026-12-21 03:25:00")
HOSTS = ["hooks-1", "hooks-2"]
LIMIT = 4096
BASE_FDS = 41

DISPATCH = """package dispatch

import (
\t"bytes"
\t"context"
\t"fmt"
\t"io"
\t"net/http"
\t"time"
)

// Client delivers one event to one endpoint; the retry queue decides what happens next.
type Client struct {
\tHTTP    *http.Client
\tTimeout time.Duration
}

func NewClient(timeout time.Duration) *Client {
\ttransport := &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second}
\treturn &Client{HTTP: &http.Client{Transport: transport}, Timeout: timeout}
}

func (c *Client) Deliver(ctx context.Context, url string, body []byte, signature string) error {
\tctx, cancel := context.WithTimeout(ctx, c.Timeout)
\tdefer cancel()
\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
\tif err != nil {
\t\treturn err
\t}
\treq.Header.Set("Content-Type", "application/json")
\treq.Header.Set("X-Hooks-Signature", signature)
\tresp, err := c.HTTP.Do(req)
\tif err != nil {
\t\treturn err
\t}
\tdefer resp.Body.Close()
\tio.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
\tif resp.StatusCode/100 != 2 {
\t\treturn fmt.Errorf("endpoint answered %d", resp.StatusCode)
\t}
\treturn nil
}
"""

CONFIG = """listen: ":8080"
queue_dsn: "postgres://hooks@hooks-db.internal:5432/hooks"
workers: 32
delivery:
  timeout: 10s
  max_attempts: 8
  backoff: 30s
"""

UNIT = """[Unit]
Description=hooks-dispatcher
After=network-online.target

[Service]
User=hooks
ExecStart=/opt/hooks-dispatcher/bin/hooks-dispatcher -config /etc/hooks-dispatcher/production.yaml
Restart=on-failure
LimitNOFILE=4096

[Install]
WantedBy=multi-user.target
"""


def build_repo():
    dana = Person("Dana Whitfield", "dana@relaypost.io", -360)
    kofi = Person("Kofi Mensah", "kofi@relaypost.io", 0)
    lea = Person("Léa Fontaine", "lea@relaypost.io", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "go.mod": "module github.com/relaypost/hooks-dispatcher\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgolang.org/x/net v0.24.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "cmd/hooks-dispatcher/main.go": "package main\n\nimport (\n\t\"flag\"\n\t\"log\"\n\n\t\"github.com/relaypost/hooks-dispatcher/internal/app\"\n)\n\nvar version = \"dev\"\n\nfunc main() {\n\tlog.SetFlags(log.LstdFlags | log.Lshortfile)\n\tpath := flag.String(\"config\", \"production.yaml\", \"config file\")\n\tflag.Parse()\n\tlog.Printf(\"hooks-dispatcher %s starting\", version)\n\tlog.Fatal(app.Run(*path))\n}\n",
        "internal/dispatch/client.go": DISPATCH,
        "internal/dispatch/client_test.go": "package dispatch\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\t\"net/http/httptest\"\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestDeliverNon2xxIsError(t *testing.T) {\n\tsrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) }))\n\tdefer srv.Close()\n\tif err := NewClient(time.Second).Deliver(context.Background(), srv.URL, []byte(\"{}\"), \"sig\"); err == nil {\n\t\tt.Fatal(\"want an error for 410\")\n\t}\n}\n",
        "config/production.yaml": CONFIG,
        "deploy/hooks-dispatcher.service": UNIT,
        "deploy/deploy.sh": "#!/bin/sh\n# Rolls the release out to each host in turn: copy, restart, wait for /healthz.\nset -eu\nfor host in hooks-1 hooks-2; do\n  rsync -a dist/ \"$host\":/opt/hooks-dispatcher/\n  ssh \"$host\" sudo systemctl restart hooks-dispatcher\n  ./deploy/wait-healthy.sh \"$host\"\ndone\n",
        "Makefile": "build:\n\tgo build -ldflags \"-X main.version=$$(git rev-parse --short HEAD)\" -o dist/bin/hooks-dispatcher ./cmd/hooks-dispatcher\n\ntest:\n\tgo test ./...\n",
        "README.md": readme(SERVICE, "Delivers customers' webhooks with retries and signatures.", "make test\ngo run ./cmd/hooks-dispatcher -config config/production.yaml").replace(
            "rolled out by Argo CD to `prod-eu-1`", "rolled out to hooks-1 and hooks-2 by `deploy/deploy.sh`"),
        "docs/runbook.md": runbook(SERVICE, [("HooksBackendDown", "HAProxy has no healthy hooks server: check the app log on each host and `systemctl status hooks-dispatcher`.")]),
    }
    repo.commit(utc("2026-12-15 15:00:00"), dana, "hooks-dispatcher: import", files)
    repo.schedule(chores(random.Random(7101), SERVICE, [dana, kofi, lea], utc("2026-12-15 15:00:00"), DEPLOY, 5))
    repo.commit(utc("2026-12-18 10:30:00"), lea, "dispatch: keep 16 idle connections per host (big customers get bursts)", {
        "internal/dispatch/client.go": repo.edit("internal/dispatch/client.go", "MaxIdleConnsPerHost: 2", "MaxIdleConnsPerHost: 16"),
    })
    repo.commit(utc("2026-12-20 08:04:00"), bot, "Bump golang.org/x/net from 0.24.0 to 0.25.0", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.24.0", "golang.org/x/net v0.25.0"),
    })
    client = repo.files["internal/dispatch/client.go"]
    culprit = repo.commit(utc("2026-12-20 15:12:00"), dana, "dispatch: do not retry deliveries that get a redirect or a 4xx (other than 408/429)", {
        "internal/dispatch/client.go": client.replace(
            "\tdefer resp.Body.Close()\n\tio.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))\n\tif resp.StatusCode/100 != 2 {\n",
            "\tif permanent(resp.StatusCode) {\n\t\treturn &PermanentError{Status: resp.StatusCode, Location: resp.Header.Get(\"Location\")}\n\t}\n"
            "\tdefer resp.Body.Close()\n\tio.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))\n\tif resp.StatusCode/100 != 2 {\n",
        ) + "\n// PermanentError is an answer retrying will not change; the queue drops the delivery.\ntype PermanentError struct {\n\tStatus   int\n\tLocation string\n}\n\n"
            "func (e *PermanentError) Error() string { return fmt.Sprintf(\"endpoint answered %d (not retried)\", e.Status) }\n\n"
            "func permanent(status int) bool {\n\tif status == http.StatusRequestTimeout || status == http.StatusTooManyRequests {\n\t\treturn false\n\t}\n\treturn status/100 == 3 || status/100 == 4\n}\n",
        "internal/dispatch/client_test.go": repo.edit("internal/dispatch/client_test.go", "\tif err := NewClient", "\tvar perm *PermanentError\n\tif err := NewClient").replace(
            "err == nil {\n\t\tt.Fatal(\"want an error for 410\")", "!errors.As(err, &perm) {\n\t\tt.Fatalf(\"want a PermanentError for 410, got %v\", err)").replace("import (\n\t\"context\"", "import (\n\t\"context\"\n\t\"errors\""),
    })
    head = repo.commit(utc("2026-12-20 16:20:00"), kofi, "config: delivery timeout 10s -> 5s (slow endpoints hold workers)", {
        "config/production.yaml": repo.edit("config/production.yaml", "timeout: 10s", "timeout: 5s"),
    })
    return repo, culprit, head


ENDPOINTS = [
    ("https://hooks.brightcart.example/relaypost", 0.0),
    ("https://api.tallyfox.example/webhooks/in", 0.0),
    ("https://events.moorings.example/rp", 0.0),
    ("https://old.pennyworth.example/hooks", 1.0),   # decommissioned: 410 all day
    ("https://ops.kestrel.example/webhook", 0.35),    # 404 on a removed path for some events
    ("http://notify.larkspur.example/in", 1.0),       # http -> https redirect
]


def fds(t, host):
    """Open descriptors of one host's process: leaks from the rollout to each restart."""
    if t < DEPLOY:
        return BASE_FDS
    since = DEPLOY + dt.timedelta(seconds=40 if host == "hooks-1" else 95)
    if t >= ROLLBACK + dt.timedelta(seconds=40 if host == "hooks-1" else 95):
        return BASE_FDS
    if t >= RESTART:
        since = RESTART + dt.timedelta(seconds=0 if host == "hooks-1" else 50)
    if t < since:
        return BASE_FDS
    rate = 7.1 if host == "hooks-1" else 7.0   # leaked per minute
    return min(LIMIT, BASE_FDS + int((t - since).total_seconds() / 60 * rate))


def build_logs(rng, culprit, head):
    app = {h: Log(f"{h}-app.log") for h in HOSTS}
    haproxy = Log("haproxy.log")
    journal = Log("journal.log")
    old = "d41f0a9"

    def start(host, t, version):
        journal.add(t, syslog3164(t, host, "systemd", 1, "Stopping hooks-dispatcher.service - hooks-dispatcher..."))
        journal.add(t, syslog3164(t, host, "systemd", 1, "Started hooks-dispatcher.service - hooks-dispatcher."))
        t2 = t + dt.timedelta(milliseconds=180)
        app[host].add(t2, f"{t2.strftime('%Y/%m/%d %H:%M:%S')} main.go:16: hooks-dispatcher {version} starting")
        t3 = t2 + dt.timedelta(milliseconds=240)
        app[host].add(t3, f"{t3.strftime('%Y/%m/%d %H:%M:%S')} app.go:58: listening on :8080, 32 workers, delivery timeout {'5s' if version == head[:7] else '10s'}")

    def deploy(t, version, who):
        journal.add(t, syslog3164(t, "deploy-1", "deploy.sh", 30211, f"release {version} by {who}: rolling to hooks-1 hooks-2"))
        for i, host in enumerate(HOSTS):
            start(host, t + dt.timedelta(seconds=40 + 55 * i), version)
        done = t + dt.timedelta(seconds=150)
        journal.add(done, syslog3164(done, "deploy-1", "deploy.sh", 30211, f"release {version}: hooks-1 hooks-2 healthy"))

    deploy(DEPLOY, head[:7], "kofi")
    for i, host in enumerate(HOSTS):
        t = RESTART + dt.timedelta(seconds=50 * i)
        journal.add(t, syslog3164(t, host, "sudo", None, "   oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/systemctl restart hooks-dispatcher"))
        start(host, t, head[:7])
    deploy(ROLLBACK, old, "oncall")

    exhausted = {h: False for h in HOSTS}
    # Deliveries that fail: logged by the workers (successes are counted, not logged).
    for host in HOSTS:
        for t in poisson_times(rng, START, END, 9.0):
            url, p_fail = rng.choice(ENDPOINTS)
            if fds(t, host) >= LIMIT:
                app[host].add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} worker.go:71: delivery {hexid(rng, 12)} to {url} failed (attempt {rng.randint(1, 8)}/8): "
                                 f"Post \"{url}\": dial tcp: lookup {url.split('/')[2]}: dial udp 10.0.0.2:53: socket: too many open files")
                continue
            if rng.random() >= p_fail:
                continue
            status = 410 if "pennyworth" in url else 404 if "kestrel" in url else 301
            if t >= DEPLOY and not (RESTART <= t < RESTART + dt.timedelta(seconds=50)):
                app[host].add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} worker.go:64: delivery {hexid(rng, 12)} to {url} dropped: endpoint answered {status} (not retried)")
            else:
                app[host].add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} worker.go:71: delivery {hexid(rng, 12)} to {url} failed (attempt {rng.randint(1, 8)}/8): endpoint answered {status}")
        for t in poisson_times(rng, START, END, 0.2):
            app[host].add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} queue.go:112: vacuumed {rng.randint(200, 3000)} delivered events older than 72h")
        # The accept loop once the limit is reached: net/http logs it and backs off.
        t = START
        while t < END:
            t += dt.timedelta(seconds=rng.uniform(1.0, 4.0))
            if fds(t, host) >= LIMIT:
                if not exhausted[host]:
                    exhausted[host] = True
                app[host].add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} server.go:3255: http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in {rng.choice([5, 10, 20, 40, 80, 160, 320, 640, 1000])}ms")
    # Event submissions from customers' systems through HAProxy.
    for t in poisson_times(rng, START, END, 14):
        client = f"{rng.choice(['34.89', '52.17', '18.194', '3.121'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        up = [h for h in HOSTS if fds(t, h) < LIMIT]
        if not up:
            line = f"{client}:{rng.randint(30000, 65000)} [{stamp}] hooks_in hooks_in/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- {rng.randint(20, 90)}/{rng.randint(20, 90)}/0/0/0 0/0 \"POST /v1/events HTTP/1.1\""
        else:
            host = rng.choice(up)
            took = rng.randint(3, 25)
            line = f"{client}:{rng.randint(30000, 65000)} [{stamp}] hooks_in hooks_back/{host} 0/0/1/{took}/{took + 1} 202 184 - - ---- {rng.randint(2, 12)}/{rng.randint(2, 12)}/0/0/0 0/0 \"POST /v1/events HTTP/1.1\""
        haproxy.add(t, syslog3164(t, "lb-1", "haproxy", 1187, line))
    # HAProxy health checks: DOWN when a host stops accepting, UP after a restart.
    for host in HOSTS:
        state = True
        t = START
        while t < END:
            t += dt.timedelta(seconds=2)
            healthy = fds(t, host) < LIMIT
            if healthy != state:
                state = healthy
                if healthy:
                    msg = f"Server hooks_back/{host} is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
                else:
                    msg = f"Server hooks_back/{host} is DOWN, reason: Layer4 timeout, check duration: 2001ms. {sum(1 for h in HOSTS if h != host and fds(t, h) < LIMIT)} active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
                haproxy.add(t, syslog3164(t, "lb-1", "haproxy", 1187, msg))
                if not any(fds(t, h) < LIMIT for h in HOSTS):
                    haproxy.add(t, syslog3164(t, "lb-1", "haproxy", 1187, "backend hooks_back has no server available!"))
    for t in poisson_times(rng, START, END, 0.05):
        host = rng.choice(HOSTS)
        journal.add(t, syslog3164(t, host, "CRON", rng.randint(20000, 29999), "(root) CMD (/usr/local/bin/node-exporter-textfile.sh)"))
    return [app["hooks-1"], app["hooks-2"], haproxy, journal]


def build(out_dir):
    rng = random.Random(7100)
    repo, culprit, head = build_repo()
    try:
        logs = build_logs(rng, culprit, head)
        onset = min(t for t, _, text in logs[0].entries + logs[1].entries if "too many open files" in text).replace(microsecond=0)
        metrics = {
            "process_open_fds.json": query_range([({"job": SERVICE, "instance": f"{h}:8080"}, lambda t, h=h: fds(t, h)) for h in HOSTS], START, END, 60),
            "haproxy_backend_active_servers.json": query_range([({"backend": "hooks_back", "proxy": "lb-1"}, lambda t: sum(1 for h in HOSTS if fds(t, h) < LIMIT))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="fd-leak-webhooks", service=SERVICE, onset=onset,
            description=f"""
Both hooks-dispatcher hosts stop accepting connections. From {onset.strftime('%H:%M')} the app
logs "accept4: too many open files" and deliveries fail to dial; HAProxy marks
hooks-1 DOWN, then hooks-2 a few minutes later, and answers event submissions
with 503. Last deploy:
16:42 the day before (deploy.sh names the delivery-timeout config commit).
The on-call engineer restarted both units at 02:44 and rolled back at 03:06.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "hooks-1-app.log": r"<Date> <Time> <File>: <Content>",
                "hooks-2-app.log": r"<Date> <Time> <File>: <Content>",
            },
            root_cause=[r"accept4: too many open files", r"socket: too many open files"],
            fix_files=["internal/dispatch/client.go"],
            explanation="""
The culprit returns a PermanentError for 3xx/4xx answers before `defer
resp.Body.Close()`, so every such delivery leaks its connection and its
descriptor. Non-2xx answers come from the same few endpoints all day (a
decommissioned 410, a 404 path, an http->https redirect); after the rollout
their lines read "dropped ... (not retried)" and process_open_fds climbs
about 7 a minute on each host until LimitNOFILE=4096. A restart clears it for
a while; the rollback ends it. Decoys: the idle-connections-per-host edit of
the same file two days before, the x/net bump, the delivery-timeout config
commit the deploy names (rolled out with the culprit). The fix closes the body
on every path (move the defer above the early return).
""",
        )
    finally:
        repo.close()
