"""kyc-gateway (Go, team in Dublin, Singapore and Austin): Orbitpay's identity
checks for new customers. It runs in three AWS regions (eu-west-1, us-east-1,
ap-southeast-1); each region calls the identity vendor Veridoc's API
(api.veridoc.io, anycast, with a point of presence in each region) to submit
document checks and read their results.

At 07:02 UTC on Tuesday a small network (AS64510) leaks routes learned from
one of its transit providers to another (AS64499), which accepts them. Among
the leaked routes is a more specific prefix of Veridoc's anycast range;
networks that peer with AS64499 in Singapore, among them the path from
ap-southeast-1, now send Veridoc's traffic through the leaking network,
across the Pacific and back. Round trips go from 30 ms to 280 ms, and the
congested links drop 30-60 % of packets. In ap-southeast-1 kyc-gateway's
calls to Veridoc time out in the TLS handshake, at the dial or while
awaiting headers, and the ones that succeed take seconds; sign-ups in Asia
stall. eu-west-1 and us-east-1, on the same build, are fine. The platform
team's network probes show the same from ap-southeast-1 only, with a longer
AS path. Veridoc posts on its status page 39 minutes after the onset and
names a route leak at 07:58; AS64499 filters the leak at 08:09 and the
paths return. Nothing in the repository caused it.

Decoys: the Veridoc client's request timeout cut from 15 s to 8 s, with the
phase of a failure added to its log line, rolled out region by region from
06:31, ap-southeast-1 first (31 minutes before the onset; the start-up
lines name it); a golang.org/x/net bump the same morning; an earlier edit
of the same client (connection reuse); tests; a docs page on the regional
rollout order; chores; a runbook commit after the onset. App logs per
region (zap JSON), network probes (logfmt), Veridoc's status page (JSON),
Argo CD (logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "kyc-gateway"
MODULE = "github.com/orbitpay/kyc-gateway"
START, END = utc("2026-10-20 05:45:00"), utc("2026-10-20 08:40:00")
REGIONS = ["ap-southeast-1", "eu-west-1", "us-east-1"]
ROLLOUT = {"ap-southeast-1": utc("2026-10-20 06:31:00"), "eu-west-1": utc("2026-10-20 06:46:00"), "us-east-1": utc("2026-10-20 07:01:00")}
LEAK = utc("2026-10-20 07:02:40")
LEAK_FULL = utc("2026-10-20 07:05:30")
FILTERED = utc("2026-10-20 08:09:10")
PATHS_BACK = utc("2026-10-20 08:12:40")
VERIDOC_IP = "203.0.113.40"

CLIENT = """package veridoc

import (
\t"bytes"
\t"context"
\t"encoding/json"
\t"fmt"
\t"log/slog"
\t"net"
\t"net/http"
\t"time"
)

// Client submits document checks to Veridoc and reads their results.
type Client struct {
\tbase   string
\tkey    string
\thttp   *http.Client
\tlogger *slog.Logger
}

func New(base, key string, timeout time.Duration, logger *slog.Logger) *Client {
\ttransport := &http.Transport{
\t\tDialContext:         (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
\t\tTLSHandshakeTimeout: 5 * time.Second,
\t\tMaxIdleConnsPerHost: 2,
\t\tIdleConnTimeout:     90 * time.Second,
\t}
\treturn &Client{base: base, key: key, http: &http.Client{Timeout: timeout, Transport: transport}, logger: logger}
}

// Submit sends a check; network errors are retried once.
func (c *Client) Submit(ctx context.Context, chk Check) (*Submitted, error) {
\tbody, _ := json.Marshal(chk)
\tvar lastErr error
\tfor attempt := 1; attempt <= 2; attempt++ {
\t\treq, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v2/checks", bytes.NewReader(body))
\t\treq.Header.Set("Authorization", "Bearer "+c.key)
\t\treq.Header.Set("Content-Type", "application/json")
\t\tresp, err := c.http.Do(req)
\t\tif err != nil {
\t\t\tc.logger.Warn("veridoc request failed", "attempt", attempt, "error", err)
\t\t\tlastErr = err
\t\t\tcontinue
\t\t}
\t\tdefer resp.Body.Close()
\t\tif resp.StatusCode >= 300 {
\t\t\treturn nil, fmt.Errorf("veridoc: status %d", resp.StatusCode)
\t\t}
\t\tvar out Submitted
\t\treturn &out, json.NewDecoder(resp.Body).Decode(&out)
\t}
\treturn nil, lastErr
}
"""

CONFIG = """addr: ":8080"
veridoc:
  base_url: https://api.veridoc.io
  api_key_env: VERIDOC_API_KEY
  timeout: 15s
checks:
  poll_interval: 20s
"""


def build_repo():
    aoife = Person("Aoife Brennan", "aoife.brennan@orbitpay.com", 60)
    weiling = Person("Tan Wei Ling", "weiling.tan@orbitpay.com", 480)
    marcus = Person("Marcus Reyes", "marcus.reyes@orbitpay.com", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Identity checks for new Orbitpay customers through Veridoc, in every region we serve.")
    files["go.mod"] = files["go.mod"].replace("\tgithub.com/prometheus/client_golang v1.19.0\n", "\tgithub.com/prometheus/client_golang v1.19.0\n\tgolang.org/x/net v0.29.0\n")
    files["internal/veridoc/client.go"] = CLIENT
    files["internal/veridoc/types.go"] = "package veridoc\n\n// Check is one document check for an applicant.\ntype Check struct {\n\tApplicant string `json:\"applicant_ref\"`\n\tDocument  string `json:\"document_type\"`\n\tCountry   string `json:\"issuing_country\"`\n\tFront     string `json:\"front_upload_id\"`\n\tBack      string `json:\"back_upload_id,omitempty\"`\n\tSelfie    string `json:\"selfie_upload_id\"`\n}\n\n// Submitted is Veridoc's answer to a new check.\ntype Submitted struct {\n\tID     string `json:\"id\"`\n\tStatus string `json:\"status\"`\n}\n"
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", cpu="250m",
                                                  env={"CONFIG_PATH": "/etc/kyc/production.yaml", "AWS_REGION": "$(REGION)"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("KycVendorErrors", "More than 5 % of Veridoc calls fail in a region: check status.veridoc.io and the vendor's shared Slack channel."),
        ("KycChecksPendingTooLong", "Checks pending over 10 min: Veridoc's queue; ask them in the shared channel."),
    ])
    repo.commit(utc("2026-10-14 09:15:00"), aoife, "kyc-gateway: import", files)
    repo.schedule(chores(random.Random(11201), SERVICE, [aoife, weiling, marcus], utc("2026-10-14 09:15:00"), utc("2026-10-20 02:00:00"), 4))
    repo.commit(utc("2026-10-15 13:30:00"), aoife, "veridoc: keep up to 32 idle connections per host\n\nWith 2, bursts of sign-ups opened a new TLS connection per check.", {
        "internal/veridoc/client.go": repo.edit("internal/veridoc/client.go", "MaxIdleConnsPerHost: 2,", "MaxIdleConnsPerHost: 32,"),
    })
    repo.commit(utc("2026-10-16 15:05:00"), marcus, "tests: Submit retries once on a network error", {
        "internal/veridoc/client_test.go": "package veridoc\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"net/http\"\n\t\"net/http/httptest\"\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestSubmitRetriesOnce(t *testing.T) {\n\tcalls := 0\n\tsrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tcalls++\n\t\tif calls == 1 {\n\t\t\thj, _ := w.(http.Hijacker)\n\t\t\tconn, _, _ := hj.Hijack()\n\t\t\tconn.Close()\n\t\t\treturn\n\t\t}\n\t\tw.Write([]byte(`{\"id\":\"chk_1\",\"status\":\"pending\"}`))\n\t}))\n\tdefer srv.Close()\n\tc := New(srv.URL, \"k\", time.Second, slog.Default())\n\tif _, err := c.Submit(context.Background(), Check{}); err != nil || calls != 2 {\n\t\tt.Fatalf(\"err=%v calls=%d\", err, calls)\n\t}\n}\n",
    })
    repo.commit(utc("2026-10-19 08:40:00"), weiling, "docs: regional rollout order", {
        "docs/rollout.md": "# Rollout\n\nArgo CD syncs `main` to the three regions one after another, 15 minutes\napart: ap-southeast-1, then eu-west-1, then us-east-1. Each region calls\nVeridoc's nearest point of presence (api.veridoc.io is anycast).\n\nTo hold a rollout, suspend the next region's Application in Argo CD.\n",
    })
    repo.commit(utc("2026-10-20 03:12:00"), bot, "build(deps): bump golang.org/x/net from 0.29.0 to 0.30.0\n\nBumps [golang.org/x/net](https://github.com/golang/net) from 0.29.0 to 0.30.0.\n- [Commits](https://github.com/golang/net/compare/v0.29.0...v0.30.0)\n\n---\nupdated-dependencies:\n- dependency-name: golang.org/x/net\n  dependency-type: direct:production\n  update-type: version-update:semver-minor\n", {
        "go.mod": repo.edit("go.mod", "golang.org/x/net v0.29.0", "golang.org/x/net v0.30.0"),
    })
    head = repo.commit(utc("2026-10-20 05:41:00"), weiling, "veridoc: 8 s request timeout (was 15 s), log which phase failed\n\nA hung submit held the sign-up screen for 15 s and then the retry\nanother 15. Veridoc's p99 is 1.2 s. Failures now say whether the dial,\nthe TLS handshake or the wait for headers timed out.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 15s\n", "  timeout: 8s\n"),
        "internal/veridoc/client.go": repo.edit("internal/veridoc/client.go",
            '\t\t\tc.logger.Warn("veridoc request failed", "attempt", attempt, "error", err)\n',
            '\t\t\tc.logger.Warn("veridoc request failed", "attempt", attempt, "phase", phaseOf(err), "error", err)\n').replace('\t"net/http"\n\t"time"\n', '\t"net/http"\n\t"strings"\n\t"time"\n')
        + "\n// phaseOf names the step of the request that failed, for the logs.\nfunc phaseOf(err error) string {\n\tmsg := err.Error()\n\tswitch {\n\tcase strings.Contains(msg, \"dial tcp\"):\n\t\treturn \"dial\"\n\tcase strings.Contains(msg, \"TLS handshake\"):\n\t\treturn \"tls_handshake\"\n\tcase strings.Contains(msg, \"awaiting headers\"):\n\t\treturn \"awaiting_headers\"\n\tdefault:\n\t\treturn \"transfer\"\n\t}\n}\n",
    })
    repo.commit(utc("2026-10-20 09:35:00"), aoife, "runbook: Veridoc unreachable from one region", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Veridoc failing from one region only\n\nIf one region's calls time out (dial, TLS handshake) and the others are\nfine on the same build, look at the network probes first: a longer AS\npath or loss from that region only is an internet routing problem\n(route leak, transit outage), not us. Tell Veridoc in the shared channel\nwith the probe's traceroute; the app's sign-up screen already offers\n\"verify later\".\n",
    })
    return repo, head


def leak(t):
    """How much of ap-southeast-1's path to Veridoc goes through the leak."""
    if t < LEAK or t >= PATHS_BACK:
        return 0.0
    if t < LEAK_FULL:
        return 0.3 + 0.7 * (t - LEAK).total_seconds() / (LEAK_FULL - LEAK).total_seconds()
    if t >= FILTERED:
        return max(0.0, 1.0 - (t - FILTERED).total_seconds() / (PATHS_BACK - FILTERED).total_seconds())
    return 1.0


def zap(t, level, caller, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def lf(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S')}Z", f"level={level}", f'msg="{msg}"']
    for k, v in fields.items():
        v = str(v)
        parts.append(f'{k}="{v}"' if (" " in v or v == "") else f"{k}={v}")
    return " ".join(parts)


COUNTRIES = {"ap-southeast-1": ["SG", "MY", "ID", "PH", "TH", "VN", "AU"], "eu-west-1": ["IE", "GB", "DE", "FR", "ES", "NL", "PL"], "us-east-1": ["US", "US", "CA", "MX", "BR"]}
RATE = {"ap-southeast-1": 7.0, "eu-west-1": 6.0, "us-east-1": 3.0}  # checks per minute at this hour
BASE_RTT = {"ap-southeast-1": 31, "eu-west-1": 9, "us-east-1": 7}


def build_logs(rng, head, prev_version):
    apps = {r: Log(f"kyc-gateway-{r}.log") for r in REGIONS}
    probes = Log("netprobe.log")
    status = Log("veridoc-status.log")
    argo = Log("argocd-application-controller.log")
    pods = {r: {0: [f"kyc-gateway-6d5f8b7c9-{hexid(rng, 5)}" for _ in range(3)], 1: [f"kyc-gateway-7b9c6d4f5-{hexid(rng, 5)}" for _ in range(3)]} for r in REGIONS}
    fails = {r: {} for r in REGIONS}

    for r in REGIONS:
        when = ROLLOUT[r]
        app = apps[r]
        t0 = when - dt.timedelta(seconds=45)
        argo.add(t0, f'time="{t0.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Initiated automated sync to \'{head}\'" application=kyc-gateway-{r} dest-namespace=kyc dest-server=https://{r}.eks.orbitpay.internal')
        argo.add(when, f'time="{when.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="sync/0 resources done" application=kyc-gateway-{r} dest-namespace=kyc')
        argo.add(when, f'time="{when.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Sync operation to {head} succeeded" application=kyc-gateway-{r} dest-namespace=kyc')
        for i, pod in enumerate(pods[r][1]):
            t = when + dt.timedelta(seconds=6 + 20 * i + rng.uniform(0, 2))
            app.add(t, zap(t, "info", "kyc-gateway/main.go:31", "starting kyc-gateway", version=head[:7], region=r, addr=":8080", pod=pod))
            app.add(t, zap(t, "info", "veridoc/client.go:29", "veridoc client ready", base_url="https://api.veridoc.io", timeout="8s", region=r, pod=pod))
            tt = t + dt.timedelta(seconds=9)
            app.add(tt, zap(tt, "info", "kyc-gateway/main.go:44", "shutting down", signal="terminated", region=r, pod=pods[r][0][i]))
    for t in poisson_times(rng, START, END, 0.12):
        r = rng.choice(REGIONS)
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Reconciliation completed" application=kyc-gateway-{r} dedup_ms=0 git_ms={rng.randint(20, 160)} time_ms={rng.randint(60, 400)}')

    def attempt(r, t, timeout):
        """One Veridoc call from region r at t: (ok, seconds, error text or None)."""
        bad = leak(t) if r == "ap-southeast-1" else 0.0
        if bad == 0.0:
            if rng.random() < 0.002:
                return False, rng.uniform(0.05, 0.3), "http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=\"\""
            return True, ms(rng, 420 + 6 * BASE_RTT[r], 0.35) / 1000, None
        if rng.random() < 0.58 * bad:
            kind = rng.choices(["dial", "tls", "headers", "reset"], weights=[3, 5, 3, 1])[0]
            if kind == "dial":
                return False, 3.0, f"Post \"https://api.veridoc.io/v2/checks\": dial tcp {VERIDOC_IP}:443: i/o timeout"
            if kind == "tls":
                return False, 3.0 * rng.random() * 0.2 + 5.0, "Post \"https://api.veridoc.io/v2/checks\": net/http: TLS handshake timeout"
            if kind == "headers":
                return False, timeout, "Post \"https://api.veridoc.io/v2/checks\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            return False, rng.uniform(1.0, 4.0), f"Post \"https://api.veridoc.io/v2/checks\": read tcp 10.{rng.choice([61, 62, 63])}.{rng.randint(0, 63)}.{rng.randint(2, 250)}:{rng.randint(32768, 60999)}->{VERIDOC_IP}:443: read: connection reset by peer"
        return True, min(timeout - 0.1, (ms(rng, 420, 0.35) + 6 * 280 * bad + rng.expovariate(1 / 900.0) * bad) / 1000), None

    def phase(err):
        if "dial tcp" in err:
            return "dial"
        if "TLS handshake" in err:
            return "tls_handshake"
        if "awaiting headers" in err:
            return "awaiting_headers"
        return "transfer"

    for r in REGIONS:
        app = apps[r]
        for t in poisson_times(rng, START, END, RATE[r]):
            new = t >= ROLLOUT[r] + dt.timedelta(seconds=50)
            pod = rng.choice(pods[r][1 if new else 0])
            timeout = 8.0 if new else 15.0
            applicant = f"apl_{hexid(rng, 12)}"
            rid = hexid(rng, 16)
            country = rng.choice(COUNTRIES[r])
            elapsed = 0.0
            ok = False
            for n in (1, 2):
                good, took, err = attempt(r, t + dt.timedelta(seconds=elapsed), timeout)
                elapsed += took
                if good:
                    ok = True
                    break
                tt = t + dt.timedelta(seconds=elapsed)
                fields = {"attempt": n}
                if new:
                    fields["phase"] = phase(err)
                fields.update(error=err, region=r, pod=pod, request_id=rid)
                app.add(tt, zap(tt, "warn", "veridoc/client.go:47", "veridoc request failed", **fields))
                minute = tt.replace(second=0, microsecond=0)
                fails[r][minute] = fails[r].get(minute, 0) + 1
            done = t + dt.timedelta(seconds=elapsed + rng.uniform(0.002, 0.01))
            if ok:
                app.add(done, zap(done, "info", "checks/handler.go:88", "check submitted", applicant=applicant, country=country, document=rng.choice(["passport", "id_card", "id_card", "driving_licence"]),
                                  vendor_ref=f"chk_{hexid(rng, 20)}", took=f"{int(elapsed * 1000)}ms", region=r, pod=pod, request_id=rid))
                status_code = 201
            else:
                app.add(done, zap(done, "error", "checks/handler.go:81", "submitting check failed", applicant=applicant, country=country,
                                  error=err if not new else f"veridoc: {err}", took=f"{int(elapsed * 1000)}ms", region=r, pod=pod, request_id=rid))
                status_code = 502
            app.add(done, zap(done, "info", "server/log.go:22", "request", method="POST", path="/v1/applicants/{id}/checks", status=status_code,
                              duration_ms=int(elapsed * 1000) + rng.randint(2, 9), region=r, pod=pod, request_id=rid))
        # webhooks from Veridoc (results) arrive over the internet too; polls for pending ones
        for t in poisson_times(rng, START, END, RATE[r] * 0.9):
            bad = leak(t) if r == "ap-southeast-1" else 0.0
            pod = rng.choice(pods[r][1 if t >= ROLLOUT[r] + dt.timedelta(seconds=50) else 0])
            if rng.random() < 0.6 * bad:
                continue  # the webhook did not get through; Veridoc retries later
            result = rng.choices(["approved", "approved", "approved", "rejected", "review"], k=1)[0]
            app.add(t, zap(t, "info", "checks/webhook.go:54", "check result received", vendor_ref=f"chk_{hexid(rng, 20)}", result=result, region=r, pod=pod))
        emit(rng, app, START, END, 0.5, [
            (3, lambda t, r=r: zap(t, "info", "server/log.go:22", "request", method="GET", path="/v1/applicants/{id}", status=200, duration_ms=rng.randint(2, 14), region=r, pod=rng.choice(pods[r][1 if t >= ROLLOUT[r] else 0]), request_id=hexid(rng, 16))),
            (1, lambda t, r=r: zap(t, "info", "checks/poller.go:40", "polled pending checks", pending=rng.randint(0, 12), region=r, pod=rng.choice(pods[r][1 if t >= ROLLOUT[r] else 0]))),
        ])

    # the platform team's network probes: one HTTPS probe a minute per region,
    # a traceroute every ten minutes and whenever the path changes
    prev_path = {r: None for r in REGIONS}
    normal_path = {"ap-southeast-1": ("16509 64496", 8), "eu-west-1": ("16509 64496", 7), "us-east-1": ("16509 64496", 7)}
    leak_path = ("16509 64499 64510 64496", 17)
    for r in REGIONS:
        off = rng.uniform(0, 50)
        t = START + dt.timedelta(seconds=off)
        n = 0
        while t < END:
            bad = leak(t) if r == "ap-southeast-1" else 0.0
            base = BASE_RTT[r]
            rtt = int(base + (280 - base) * (1.0 if bad > 0.5 else bad) + rng.uniform(-2, 4))
            loss = int(min(95, max(0, rng.gauss(45, 10) * bad)))
            fields = {"probe": "veridoc-api", "region": r, "target": "api.veridoc.io:443", "ip": VERIDOC_IP}
            if bad and rng.random() < 0.55 * bad:
                ph = rng.choice(["tls_handshake", "tls_handshake", "connect", "ttfb"])
                probes.add(t, lf(t, "warn", "probe failed", **fields, phase=ph, err={"tls_handshake": "tls handshake timeout after 5s", "connect": "connect timeout after 3s", "ttfb": "no response headers after 8s"}[ph],
                                 rtt_ms=rtt, loss_pct=loss))
            else:
                probes.add(t, lf(t, "info", "probe ok", **fields, connect_ms=rtt + rng.randint(0, 3), tls_ms=2 * rtt + rng.randint(2, 9) + (rng.randint(200, 2500) if bad else 0),
                                 ttfb_ms=3 * rtt + rng.randint(60, 140) + (rng.randint(300, 3000) if bad else 0), rtt_ms=rtt, loss_pct=loss))
            path = leak_path if bad > 0.5 else normal_path[r]
            if n % 10 == 0 or path != prev_path[r]:
                tt = t + dt.timedelta(seconds=2)
                if prev_path[r] is not None and path != prev_path[r]:
                    probes.add(tt, lf(tt, "warn", "path changed", probe="veridoc-traceroute", region=r, target=VERIDOC_IP, hops=path[1], as_path=path[0],
                                      prev_hops=prev_path[r][1], prev_as_path=prev_path[r][0], last_hop_rtt_ms=rtt))
                else:
                    probes.add(tt, lf(tt, "info", "path unchanged", probe="veridoc-traceroute", region=r, target=VERIDOC_IP, hops=path[1], as_path=path[0], last_hop_rtt_ms=rtt))
                prev_path[r] = path
            t += dt.timedelta(seconds=60)
            n += 1
        # a second target, Orbitpay's own card processor, as a control
        t = START + dt.timedelta(seconds=rng.uniform(0, 50))
        while t < END:
            rtt = {"ap-southeast-1": 4, "eu-west-1": 3, "us-east-1": 2}[r] + rng.randint(0, 2)
            probes.add(t, lf(t, "info", "probe ok", probe="cards-api", region=r, target="api.cardrail.net:443", ip=f"198.51.100.{ {'ap-southeast-1': 21, 'eu-west-1': 37, 'us-east-1': 53}[r] }",
                             connect_ms=rtt, tls_ms=2 * rtt + rng.randint(2, 8), ttfb_ms=3 * rtt + rng.randint(30, 90), rtt_ms=rtt, loss_pct=0))
            t += dt.timedelta(seconds=120)

    def post(when, state, title, body, components):
        status.add(when, json.dumps({"page": "status.veridoc.io", "incident_id": "x3k9v2m8q1tz", "name": title, "status": state, "impact": "major" if state != "resolved" else "none",
                                     "updated_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "components": components, "body": body}, separators=(",", ":")))

    status.add(utc("2026-10-20 06:00:00"), json.dumps({"page": "status.veridoc.io", "scheduled_maintenance_id": "m7q2w9e4r1", "name": "Dashboard maintenance", "status": "completed",
                                                       "updated_at": "2026-10-20T06:00:00.000Z", "components": [{"name": "Dashboard", "status": "operational"}],
                                                       "body": "The scheduled maintenance of the customer dashboard has been completed. The API was not affected."}, separators=(",", ":")))
    apac = [{"name": "API (Asia-Pacific)", "status": "partial_outage"}, {"name": "Webhooks", "status": "degraded_performance"}]
    post(utc("2026-10-20 07:41:55"), "investigating", "Elevated latency and errors for API requests from Asia-Pacific",
         "We are investigating elevated latency, timeouts and connection errors for API requests from some customers in Asia-Pacific. Other regions are not affected.", apac)
    post(utc("2026-10-20 07:58:30"), "identified", "Elevated latency and errors for API requests from Asia-Pacific",
         "We have identified the cause: a route leak by a third-party network is diverting traffic for part of our anycast address range from some networks in Singapore through a congested path outside the region. Our systems are healthy; requests that reach us are served normally. We have contacted the networks involved and are withdrawing the affected prefix from the Singapore point of presence to steer traffic back.", apac)
    post(utc("2026-10-20 08:24:10"), "monitoring", "Elevated latency and errors for API requests from Asia-Pacific",
         "The upstream transit provider has filtered the leaked routes since 08:09 UTC and traffic from Singapore is reaching our Singapore point of presence directly again. Latency and error rates are back to normal. We are monitoring.",
         [{"name": "API (Asia-Pacific)", "status": "operational"}, {"name": "Webhooks", "status": "operational"}])
    return [apps["ap-southeast-1"], apps["eu-west-1"], apps["us-east-1"], probes, status, argo], fails


def build(out_dir):
    rng = random.Random(11200)
    repo, head = build_repo()
    try:
        logs, fails = build_logs(rng, head, None)
        onset = min(t for t, _, text in logs[0].entries if t >= LEAK and "veridoc request failed" in text).replace(microsecond=0)

        def rtt(r):
            def fn(t):
                bad = leak(t) if r == "ap-southeast-1" else 0.0
                return round((BASE_RTT[r] + (280 - BASE_RTT[r]) * (1.0 if bad > 0.5 else bad) + (t.minute % 3)) / 1000, 4)
            return fn

        def loss(r):
            def fn(t):
                bad = leak(t) if r == "ap-southeast-1" else 0.0
                return round(0.45 * bad + (0.02 * ((t.minute * 13) % 5) / 5 if bad else 0), 3)
            return fn

        def errors(r):
            def fn(t):
                key = t.replace(second=0, microsecond=0)
                total = sum(fails[r].get(key - dt.timedelta(minutes=k), 0) for k in range(5))
                return round(total / 300, 4)
            return fn

        metrics = {
            "netprobe_rtt_seconds.json": query_range([({"probe": "veridoc-api", "region": r, "target": "api.veridoc.io:443"}, rtt(r)) for r in REGIONS], START, END, 60),
            "netprobe_packet_loss_ratio.json": query_range([({"probe": "veridoc-api", "region": r, "target": "api.veridoc.io:443"}, loss(r)) for r in REGIONS], START, END, 60),
            "kyc_veridoc_request_errors_per_second.json": query_range([({"app": SERVICE, "region": r}, errors(r)) for r in REGIONS], START, END, 60),
        }
        return write_scenario(
            out_dir, name="bgp-route-leak-none", service=SERVICE, onset=onset,
            description=f"""
Sign-ups stall in Asia. From {onset.strftime('%H:%M')} UTC kyc-gateway's calls to Veridoc's
API from ap-southeast-1 time out (dial, TLS handshake, awaiting headers) or
take seconds; about a third of check submissions there fail with 502.
eu-west-1 and us-east-1 run the same build and are fine. kyc-gateway was
rolled out region by region from 06:31, ap-southeast-1 first (Veridoc
request timeout 15 s -> 8 s, the failure's phase in the log line). The
errors stopped at about 08:12 without a change on our side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"route leak by a third-party network", r"path changed", r"veridoc request failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused it. A route leak (AS64510 leaking
routes through AS64499) diverted the path from ap-southeast-1 to part of
Veridoc's anycast range through a congested path outside the region: the
network probes from ap-southeast-1 alone show the round trip going from 31
to 280 ms, 30-60 % loss and a longer AS path ("path changed", 8 -> 17
hops), while the control target and the other regions stay normal; the
app's "veridoc request failed" warnings (dial, TLS handshake and
header timeouts, resets) appear only in ap-southeast-1, on the same build
that is healthy in eu-west-1 and us-east-1. Veridoc's status page (posted
39 minutes after the onset) names the route leak; the errors end when the
transit provider filters it at 08:09. Decoys: the timeout and failure-phase
change to the Veridoc client rolled out to ap-southeast-1 first, 31 minutes
before the onset (the start-up lines name it), the x/net bump the same
morning, the earlier connection-reuse edit of the same client, tests, the
rollout-order docs, chores, and the runbook commit written afterwards.
""",
        )
    finally:
        repo.close()
