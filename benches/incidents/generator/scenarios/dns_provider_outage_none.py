"""order-pricing (Go, three pods; team in Lisbon, Kraków and Montréal):
Brightloom's cart quotes for the web shop and the app. A quote needs the
catalog's prices and the promotions (both in the cluster) and the sales tax
from Taxora, a tax-calculation vendor (api.taxora.com). Taxora's edge
answers with `Connection: close`, so every quote dials a new connection and
resolves the name again; CoreDNS forwards names outside the cluster to the
VPC resolver.

Taxora's public zone is hosted by AnchorDNS, a managed DNS provider. At
10:02 UTC on Tuesday AnchorDNS pushes a faulty configuration to its edge
nameservers in Europe and North America: for a subset of the zones it hosts
they time out or answer SERVFAIL. The VPC resolver cannot refresh
api.taxora.com; whenever CoreDNS's cached answer (60 s TTL) runs out, most
lookups fail ("server misbehaving" in Go) until one gets through. A fifth
to a third of the quotes fail with 503, in bursts; internal names, the database
and other vendors resolve fine; another team's billing-worker, which also
calls Taxora, fails the same way, and so does the platform team's DNS
check for Taxora and for a carrier whose zone is at AnchorDNS. AnchorDNS
posts 27 minutes after the onset, rolls back at 10:58, and lookups recover
by 11:04. Nothing in the repository caused it.

Decoys: the pods' dnsConfig set to ndots 2 (external names skip the
cluster search path), rolled out at 09:41, 21 minutes before the onset
(the start-up lines name it; CoreDNS's NXDOMAIN lines for order-pricing's
search-path lookups stop then, as intended); the morning's commit that adds
the failure's kind ("dns", "connect", "timeout", "status") to the tax quote
error line; a pgx bump; an earlier edit of the Taxora client; a promotions
change; tests and docs; chores; a runbook commit after the onset. App (Go
slog JSON), CoreDNS (CRI container log), ingress-nginx access, the platform
team's DNS checks (logfmt), AnchorDNS's status page (JSON), Argo CD
(logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import cri, logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "order-pricing"
MODULE = "github.com/brightloom/order-pricing"
START, END = utc("2026-11-17 08:50:00"), utc("2026-11-17 11:45:00")
ARGO_START = utc("2026-11-17 08:50:00")
MORNING_DEPLOY = utc("2026-11-17 09:14:00")
DNS_DEPLOY = utc("2026-11-17 09:41:00")
OUTAGE = utc("2026-11-17 10:02:31")
ROLLED_BACK = utc("2026-11-17 10:58:20")
RECOVERED = utc("2026-11-17 11:03:40")
KUBE_DNS = "172.20.0.10"
VPC_RESOLVER = "10.40.0.2"

TAXORA = """package taxora

import (
\t"bytes"
\t"context"
\t"encoding/json"
\t"fmt"
\t"log/slog"
\t"net/http"
\t"time"
)

// Client asks Taxora for the sales tax of a cart. Taxora's edge answers
// with "Connection: close", so each quote dials (and resolves) anew.
type Client struct {
\tbase   string
\tkey    string
\thttp   *http.Client
\tlogger *slog.Logger
}

func New(base, key string, timeout time.Duration, logger *slog.Logger) *Client {
\treturn &Client{base: base, key: key, http: &http.Client{Timeout: timeout}, logger: logger}
}

// Quote returns the tax for the cart's lines; a network error is retried once.
func (c *Client) Quote(ctx context.Context, q QuoteRequest) (*Quote, error) {
\tbody, _ := json.Marshal(q)
\tvar lastErr error
\tfor attempt := 1; attempt <= 2; attempt++ {
\t\treq, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v2/quotes", bytes.NewReader(body))
\t\treq.Header.Set("Authorization", "Bearer "+c.key)
\t\treq.Header.Set("Content-Type", "application/json")
\t\tresp, err := c.http.Do(req)
\t\tif err != nil {
\t\t\tc.logger.Warn("taxora request failed", "attempt", attempt, "err", err)
\t\t\tlastErr = err
\t\t\ttime.Sleep(200 * time.Millisecond)
\t\t\tcontinue
\t\t}
\t\tdefer resp.Body.Close()
\t\tif resp.StatusCode != http.StatusOK {
\t\t\treturn nil, fmt.Errorf("taxora: status %d", resp.StatusCode)
\t\t}
\t\tvar out Quote
\t\treturn &out, json.NewDecoder(resp.Body).Decode(&out)
\t}
\treturn nil, lastErr
}
"""

HANDLER = """package pricing

import (
\t"log/slog"
\t"net/http"
)

// QuoteCart prices a cart: catalog prices, promotions, then Taxora's tax.
func (s *Service) QuoteCart(w http.ResponseWriter, r *http.Request) {
\tcart, err := s.carts.Load(r.Context(), r.PathValue("id"))
\tif err != nil {
\t\thttp.Error(w, "no such cart", http.StatusNotFound)
\t\treturn
\t}
\tlines := s.catalog.Price(r.Context(), cart.Lines)
\tlines = s.promotions.Apply(r.Context(), cart, lines)
\ttax, err := s.tax.Quote(r.Context(), taxRequest(cart, lines))
\tif err != nil {
\t\ts.logger.Error("tax quote failed", "cart", cart.ID, "err", err)
\t\thttp.Error(w, `{"error":"tax_unavailable"}`, http.StatusServiceUnavailable)
\t\treturn
\t}
\twriteQuote(w, cart, lines, tax)
\ts.logger.Info("cart quoted", slog.String("cart", cart.ID), slog.Int("lines", len(lines)), slog.Int64("tax_cents", tax.Cents))
}
"""

CONFIG = """addr: ":8080"
catalog:
  url: http://catalog.catalog.svc.cluster.local:8080
promotions:
  url: http://promotions.promotions.svc.cluster.local:8080
taxora:
  url: https://api.taxora.com
  api_key_env: TAXORA_API_KEY
database:
  host: pricing-db.c7x2kq9vhf1m.eu-west-1.rds.amazonaws.com
  pool_max_conns: 12
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@brightloom.com", 0)
    pawel = Person("Paweł Zieliński", "pawel.zielinski@brightloom.com", 60)
    olivier = Person("Olivier Gagnon", "olivier.gagnon@brightloom.com", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Cart quotes for Brightloom's web shop and app: catalog prices, promotions and sales tax (Taxora).")
    files["go.mod"] = files["go.mod"].replace("\tgithub.com/prometheus/client_golang v1.19.0\n", "\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/prometheus/client_golang v1.19.0\n")
    files["internal/taxora/client.go"] = TAXORA
    files["internal/taxora/types.go"] = "package taxora\n\n// QuoteRequest is one cart's taxable lines and where it ships.\ntype QuoteRequest struct {\n\tCurrency string `json:\"currency\"`\n\tShipTo   Address `json:\"ship_to\"`\n\tLines    []Line  `json:\"lines\"`\n}\n\n// Quote is Taxora's answer.\ntype Quote struct {\n\tID    string `json:\"id\"`\n\tCents int64  `json:\"tax_cents\"`\n}\n"
    files["internal/pricing/handler.go"] = HANDLER
    files["internal/pricing/promotions.go"] = "package pricing\n\n// Apply applies the cart's promotions to its priced lines, best first.\nfunc (p *Promotions) Apply(ctx context.Context, cart *Cart, lines []Line) []Line {\n\tfor _, promo := range p.active(ctx, cart) {\n\t\tlines = promo.apply(lines)\n\t}\n\treturn lines\n}\n"
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", cpu="250m",
                                                  env={"CONFIG_PATH": "/etc/order-pricing/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("OrderPricingQuoteErrors", "More than 2 % of quotes fail: the error's text says which dependency; Taxora's status is at status.taxora.com."),
        ("OrderPricingLatencyHigh", "p99 over 1.5 s: usually Taxora; check the taxora request duration panel."),
    ])
    repo.commit(utc("2026-11-11 10:20:00"), ines, "order-pricing: import", files)
    repo.schedule(chores(random.Random(11401), SERVICE, [ines, pawel, olivier], utc("2026-11-11 10:20:00"), utc("2026-11-17 07:00:00"), 4))
    repo.commit(utc("2026-11-12 14:35:00"), pawel, "taxora: 4 s timeout (was the default, none)\n\nA hung Taxora call held a checkout goroutine forever.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  api_key_env: TAXORA_API_KEY\n", "  api_key_env: TAXORA_API_KEY\n  timeout: 4s\n"),
        "internal/taxora/client.go": repo.edit("internal/taxora/client.go", "func New(base, key string, timeout time.Duration, logger *slog.Logger) *Client {\n",
                                               "// New builds a client; timeout bounds a whole request, dial and DNS included.\nfunc New(base, key string, timeout time.Duration, logger *slog.Logger) *Client {\n"),
        "internal/taxora/client_test.go": "package taxora\n\nimport (\n\t\"context\"\n\t\"log/slog\"\n\t\"net/http\"\n\t\"net/http/httptest\"\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestQuoteTimesOut(t *testing.T) {\n\tsrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }))\n\tdefer srv.Close()\n\tc := New(srv.URL, \"k\", 100*time.Millisecond, slog.Default())\n\tif _, err := c.Quote(context.Background(), QuoteRequest{}); err == nil {\n\t\tt.Fatal(\"want a timeout\")\n\t}\n}\n",
    })
    repo.commit(utc("2026-11-13 11:05:00"), ines, "docs: how a cart is priced", {
        "docs/pricing.md": "# How a cart is priced\n\n1. Catalog prices for each line (catalog, in the cluster).\n2. Promotions, best first (promotions, in the cluster).\n3. Sales tax for the destination from Taxora (api.taxora.com), one call\n   per quote; Taxora closes the connection after each answer.\n\nWithout Taxora we cannot show a total, so the quote fails with 503\n`tax_unavailable` and the shop asks the customer to try again.\n",
    })
    repo.commit(utc("2026-11-16 05:02:00"), bot, "Bump github.com/jackc/pgx/v5 from 5.7.1 to 5.7.2\n\nBumps [github.com/jackc/pgx/v5](https://github.com/jackc/pgx) from 5.7.1 to 5.7.2.\n- [Changelog](https://github.com/jackc/pgx/blob/master/CHANGELOG.md)\n- [Commits](https://github.com/jackc/pgx/compare/v5.7.1...v5.7.2)\n\n---\nupdated-dependencies:\n- dependency-name: github.com/jackc/pgx/v5\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "go.mod": repo.edit("go.mod", "pgx/v5 v5.7.1", "pgx/v5 v5.7.2"),
    })
    repo.commit(utc("2026-11-16 14:20:00"), olivier, "promotions: apply percentage discounts before fixed ones\n\nA 10 % code after a 5 EUR voucher gave less than the other way round,\nand support kept refunding the difference.", {
        "internal/pricing/promotions.go": repo.edit("internal/pricing/promotions.go", "\tfor _, promo := range p.active(ctx, cart) {\n",
                                                    "\tactive := p.active(ctx, cart)\n\tsort.SliceStable(active, func(i, j int) bool { return active[i].percent() && !active[j].percent() })\n\tfor _, promo := range active {\n"),
    })
    repo.commit(utc("2026-11-17 08:40:00"), pawel, "taxora: say which step failed when a tax quote fails\n\nOn-call could not tell a DNS failure from a slow Taxora from a 5xx\nwithout reading the error text. Adds kind=dns|connect|timeout|status.", {
        "internal/pricing/handler.go": repo.edit("internal/pricing/handler.go",
            '\t\ts.logger.Error("tax quote failed", "cart", cart.ID, "err", err)\n',
            '\t\ts.logger.Error("tax quote failed", "cart", cart.ID, "kind", taxora.Kind(err), "err", err)\n'),
        "internal/taxora/kind.go": "package taxora\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"net\"\n\t\"strings\"\n)\n\n// Kind names the step of a Taxora call that failed, for logs and metrics.\nfunc Kind(err error) string {\n\tvar dnsErr *net.DNSError\n\tswitch {\n\tcase errors.As(err, &dnsErr):\n\t\treturn \"dns\"\n\tcase errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), \"Client.Timeout\"):\n\t\treturn \"timeout\"\n\tcase strings.Contains(err.Error(), \"dial tcp\"):\n\t\treturn \"connect\"\n\tdefault:\n\t\treturn \"status\"\n\t}\n}\n",
    })
    morning_head = repo.commit(utc("2026-11-17 08:58:00"), ines, "tests: quote for a cart with mixed tax categories", {
        "internal/pricing/handler_test.go": "package pricing\n\nimport \"testing\"\n\nfunc TestQuoteMixedTaxCategories(t *testing.T) {\n\tsvc := newTestService(t, fakeTaxora{cents: 1234})\n\tgot := quote(t, svc, cartWith(\"books\", \"furniture\"))\n\tif got.TaxCents != 1234 {\n\t\tt.Fatalf(\"tax = %d\", got.TaxCents)\n\t}\n}\n",
    })
    dns_head = repo.commit(utc("2026-11-17 09:29:00"), ines, "k8s: ndots 2 so external names skip the cluster search path\n\nWith the default ndots 5 every lookup of api.taxora.com first tried\nfour search domains (eight NXDOMAIN queries per quote). Names with two\nor more dots are now tried as they are first; the in-cluster names we\nuse are fully qualified in the config.", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "      serviceAccountName: order-pricing\n",
                                         "      serviceAccountName: order-pricing\n      dnsConfig:\n        options:\n          - name: ndots\n            value: \"2\"\n"),
    })
    repo.commit(utc("2026-11-17 12:40:00"), ines, "runbook: a partner's name does not resolve", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## tax quote failed: lookup api.taxora.com … server misbehaving\n\n\"server misbehaving\" is Go's word for SERVFAIL. Check whether only\nexternal names fail (CoreDNS logs, #platform's dns-checks dashboard):\nif api.taxora.com fails from every resolver, including 1.1.1.1, its\nauthoritative DNS is down (Taxora's zone is hosted by AnchorDNS,\nstatus.anchordns.net). Nothing to roll back on our side; tell Taxora's\nsupport and post in #checkout.\n",
    })
    return repo, morning_head, dns_head


def outage(t):
    """Probability that a recursive lookup of a name hosted at AnchorDNS fails."""
    if t < OUTAGE or t >= RECOVERED:
        return 0.0
    if t < OUTAGE + dt.timedelta(minutes=2):
        return 0.35 + 0.35 * (t - OUTAGE).total_seconds() / 120
    if t >= ROLLED_BACK:
        return 0.7 * (1 - (t - ROLLED_BACK).total_seconds() / (RECOVERED - ROLLED_BACK).total_seconds())
    return 0.7


def slog_json(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}" + "Z", "level": level, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def rate(t):
    """Quotes per minute (the late-morning ramp)."""
    h = (t - START).total_seconds() / 3600
    return 9 + 5 * min(1.0, h / 2)


def build_logs(rng, morning_head, dns_head):
    app = Log("order-pricing.log")
    coredns = Log("coredns.log")
    ingress = Log("ingress-nginx-access.log")
    checks = Log("dns-checks.log")
    statuspage = Log("anchordns-status.log")
    argo = Log("argocd-application-controller.log")

    gens = [
        (None, [f"order-pricing-5d8b9c7f64-{hexid(rng, 5)}" for _ in range(3)], None),
        (MORNING_DEPLOY, [f"order-pricing-7c4f6d8b59-{hexid(rng, 5)}" for _ in range(3)], morning_head),
        (DNS_DEPLOY, [f"order-pricing-6b7d5f9c48-{hexid(rng, 5)}" for _ in range(3)], dns_head),
    ]
    pod_ip = {pod: f"10.100.{rng.randint(1, 6)}.{rng.randint(10, 250)}" for _, pods, _ in gens for pod in pods}
    billing_ips = [f"10.100.{rng.randint(1, 6)}.{rng.randint(10, 250)}" for _ in range(2)]
    returns_ips = [f"10.100.{rng.randint(1, 6)}.{rng.randint(10, 250)}" for _ in range(2)]
    coredns_pods = [f"coredns-7db6d8ff4d-{hexid(rng, 5)}" for _ in range(2)]

    def gen_at(slot, t):
        g = 0
        for i, (when, _, _) in enumerate(gens):
            if when is not None and t >= when + dt.timedelta(seconds=12 + 15 * slot):
                g = i
        return g

    for when, sha in ((MORNING_DEPLOY, morning_head), (DNS_DEPLOY, dns_head)):
        t0 = when - dt.timedelta(seconds=31)
        argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="order-pricing", dest_namespace="pricing"))
        argo.add(when, logfmt(when, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="order-pricing", dest_namespace="pricing"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="order-pricing", dest_namespace="pricing",
                                                              comparison_level=1, time_ms=rng.randint(30, 150)))])
    for g in (1, 2):
        when, pods, sha = gens[g]
        for slot, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=2 + 15 * slot + rng.uniform(0, 1))
            app.add(t, slog_json(t, "INFO", "starting order-pricing", version=sha[:7], addr=":8080", pod=pod))
            tt = t + dt.timedelta(milliseconds=rng.randint(40, 90))
            app.add(tt, slog_json(tt, "INFO", "catalog price list loaded", skus=rng.randint(18200, 18400), pod=pod))
            tt = t + dt.timedelta(seconds=10)
            app.add(tt, slog_json(tt, "INFO", "shutting down", signal="terminated", pod=gens[g - 1][1][slot]))

    # --- CoreDNS: per-pod cache of api.taxora.com (60 s TTL), SERVFAIL cached 5 s ---
    cache = {(c, name): [START - dt.timedelta(minutes=5), START - dt.timedelta(minutes=5)] for c in range(2) for name in ("api.taxora.com", "hooks.parcelbird.io")}
    servfail_until = {}
    servfails = {}
    search_domains = {"pricing": ["pricing.svc.cluster.local", "svc.cluster.local", "cluster.local", "eu-west-1.compute.internal"],
                      "billing": ["billing.svc.cluster.local", "svc.cluster.local", "cluster.local", "eu-west-1.compute.internal"],
                      "returns": ["returns.svc.cluster.local", "svc.cluster.local", "cluster.local", "eu-west-1.compute.internal"]}

    def dns_line(t, client_ip, qtype, name, rcode, flags, size, took):
        text = f'[INFO] {client_ip}:{rng.randint(32768, 60999)} - {rng.randint(1, 65535)} "{qtype} IN {name}. udp {len(name) + 18} false 1232" {rcode} {flags} {size} {took:.6f}s'
        coredns.add(t, cri(t, text))

    def lookup(t, client_ip, ns, name, ndots5):
        """One Go lookup (A and AAAA) from a pod; returns (ok, seconds, error kind)."""
        if ndots5:
            for dom in search_domains[ns]:
                for qtype in ("A", "AAAA"):
                    tt = t + dt.timedelta(microseconds=rng.randint(100, 900))
                    if dom.endswith("compute.internal"):
                        dns_line(tt, client_ip, qtype, f"{name}.{dom}", "NXDOMAIN", "qr,rd,ra", 180, rng.uniform(0.0002, 0.0009))
                    else:
                        dns_line(tt, client_ip, qtype, f"{name}.{dom}", "NXDOMAIN", "qr,aa,rd", 160, rng.uniform(0.00004, 0.00015))
                t += dt.timedelta(microseconds=rng.randint(300, 1400))
        c = rng.randrange(2)
        if t < cache[(c, name)][0]:
            return True, 0.001, None
        if servfail_until.get((c, name), START) > t:
            for qtype in ("A", "AAAA"):
                dns_line(t, client_ip, qtype, name, "SERVFAIL", "qr,rd", len(name) + 18, rng.uniform(0.00003, 0.0001))
            minute = t.replace(second=0, microsecond=0)
            servfails[minute] = servfails.get(minute, 0) + 2
            return False, 0.002, "servfail"
        p = outage(t)
        if rng.random() >= p:
            took = ms(rng, 18, 0.4) / 1000 if p == 0 else rng.uniform(0.05, 1.8)
            cache[(c, name)] = [t + dt.timedelta(seconds=took + 60), t]
            return True, took, None
        # the VPC resolver gives up on AnchorDNS's nameservers
        took = rng.uniform(1.2, 4.6)
        done = t + dt.timedelta(seconds=took)
        minute = done.replace(second=0, microsecond=0)
        for qtype in ("A", "AAAA"):
            if took > 2.0 and rng.random() < 0.5:
                coredns.add(done, cri(done, f"[ERROR] plugin/errors: 2 {name}. {qtype}: read udp {rng.choice(['10.100.0.14', '10.100.3.22'])}:{rng.randint(32768, 60999)}->{VPC_RESOLVER}:53: i/o timeout"))
            dns_line(done, client_ip, qtype, name, "SERVFAIL", "qr,rd", len(name) + 18, took + rng.uniform(0, 0.01))
            servfails[minute] = servfails.get(minute, 0) + 1
        servfail_until[(c, name)] = done + dt.timedelta(seconds=5)
        return False, took, ("timeout" if took > 3.8 else "servfail")

    quotes = {}
    failed_quotes = {}
    CITIES = [("PT", "Lisboa"), ("PT", "Porto"), ("ES", "Madrid"), ("FR", "Lyon"), ("DE", "Köln"), ("NL", "Utrecht"), ("US", "Austin"), ("US", "Denver"), ("CA", "Toronto")]
    t = START
    arrivals = []
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt
    for t in arrivals:
        slot = rng.randrange(3)
        g = gen_at(slot, t)
        pod = gens[g][1][slot]
        ip_ = pod_ip[pod]
        cart = f"c_{hexid(rng, 12)}"
        country, city = rng.choice(CITIES)
        lines_n = rng.randint(1, 7)
        pre = ms(rng, 22, 0.4) / 1000     # catalog and promotions, in the cluster
        elapsed = pre
        ok = False
        errs = []
        for attempt in (1, 2):
            good, took, kind = lookup(t + dt.timedelta(seconds=elapsed), ip_, "pricing", "api.taxora.com", g < 2)
            if good:
                elapsed += took + ms(rng, 160, 0.35) / 1000
                ok = True
                break
            if took > 3.8:
                elapsed += 4.0
                err = 'Post "https://api.taxora.com/v2/quotes": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
            else:
                elapsed += took
                err = f'Post "https://api.taxora.com/v2/quotes": dial tcp: lookup api.taxora.com on {KUBE_DNS}:53: server misbehaving'
            tt = t + dt.timedelta(seconds=elapsed)
            app.add(tt, slog_json(tt, "WARN", "taxora request failed", attempt=attempt, err=err, pod=pod))
            errs.append(err)
            elapsed += 0.2
        done = t + dt.timedelta(seconds=elapsed)
        minute = done.replace(second=0, microsecond=0)
        quotes[minute] = quotes.get(minute, 0) + 1
        client = f"10.30.{rng.randint(0, 7)}.{rng.randint(2, 250)}"
        ua = rng.choice(["Brightloom/4.8.2 (iPhone; iOS 18.1)", "Brightloom/4.8.2 (Android 14)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                         "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"])
        stamp = done.strftime("%d/%b/%Y:%H:%M:%S +0000")
        if ok:
            app.add(done, slog_json(done, "INFO", "cart quoted", cart=cart, lines=lines_n, ship_to=country, tax_cents=rng.randint(90, 9800), duration_ms=int(elapsed * 1000), pod=pod))
            status, size = 200, rng.randint(900, 3400)
        else:
            fields = {"cart": cart}
            if g >= 1:
                fields["kind"] = "timeout" if "Client.Timeout" in errs[-1] else "dns"
            fields.update(err=errs[-1], pod=pod)
            app.add(done, slog_json(done, "ERROR", "tax quote failed", **fields))
            status, size = 503, 28
            failed_quotes[minute] = failed_quotes.get(minute, 0) + 1
        ingress.add(done, f'{client} - - [{stamp}] "POST /v1/carts/{cart}/quote HTTP/1.1" {status} {size} "https://www.brightloom.com/cart" "{ua}" {rng.randint(300, 900)} {elapsed + 0.002:.3f} '
                          f'[pricing-order-pricing-80] [] {ip_}:8080 {size} {elapsed:.3f} {status} {hexid(rng, 32)}')

    # other callers of names at AnchorDNS: billing-worker (Taxora, invoices), returns-service (a carrier's webhooks host)
    for t in poisson_times(rng, START, END, 1.2):
        lookup(t, rng.choice(billing_ips), "billing", "api.taxora.com", True)
    for t in poisson_times(rng, START, END, 0.6):
        lookup(t, rng.choice(returns_ips), "returns", "hooks.parcelbird.io", True)
    # cluster-internal NXDOMAIN noise from other workloads
    emit(rng, coredns, START, END, 1.5, [
        (3, lambda t: cri(t, f'[INFO] 10.100.{rng.randint(1, 6)}.{rng.randint(10, 250)}:{rng.randint(32768, 60999)} - {rng.randint(1, 65535)} "AAAA IN redis-sessions.cache.svc.cluster.local.{rng.choice(["web", "checkout"])}.svc.cluster.local. udp 82 false 1232" NXDOMAIN qr,aa,rd 175 0.0000{rng.randint(40, 99)}s')),
        (1, lambda t: cri(t, f'[INFO] 10.100.{rng.randint(1, 6)}.{rng.randint(10, 250)}:{rng.randint(32768, 60999)} - {rng.randint(1, 65535)} "A IN sqs.eu-west-1.amazonaws.com.{rng.choice(["billing", "returns"])}.svc.cluster.local. udp 78 false 1232" NXDOMAIN qr,aa,rd 171 0.0000{rng.randint(40, 99)}s')),
    ])

    emit(rng, app, START, END, 0.5, [
        (2, lambda t: slog_json(t, "INFO", "promotions refreshed", active=rng.randint(38, 44), source="http://promotions.promotions.svc.cluster.local:8080", pod=rng.choice(gens[gen_at(0, t)][1]))),
        (1, lambda t: slog_json(t, "INFO", "db pool stats", total=12, idle=rng.randint(8, 12), acquired=rng.randint(0, 4), host="pricing-db.c7x2kq9vhf1m.eu-west-1.rds.amazonaws.com", pod=rng.choice(gens[gen_at(0, t)][1]))),
    ])

    # --- the platform team's DNS checks ------------------------------------------
    names = [("api.taxora.com", True), ("hooks.parcelbird.io", True), ("api.brightloom.com", False),
             ("pricing-db.c7x2kq9vhf1m.eu-west-1.rds.amazonaws.com", False), ("api.stripe.com", False)]
    t = START + dt.timedelta(seconds=rng.uniform(0, 20))
    n = 0
    while t < END:
        for name, at_anchor in names:
            for resolver in (VPC_RESOLVER, "1.1.1.1"):
                if resolver == "1.1.1.1" and "rds.amazonaws.com" in name:
                    continue
                tt = t + dt.timedelta(milliseconds=rng.randint(5, 400))
                p = outage(tt) if at_anchor else 0.0
                if rng.random() < p:
                    if rng.random() < 0.6:
                        checks.add(tt, logfmt(tt, "warn", "lookup failed", check="dns-external", name=name, type="A", resolver=resolver, rcode="SERVFAIL", rtt_ms=rng.randint(1100, 4600)))
                    else:
                        checks.add(tt, logfmt(tt, "warn", "lookup failed", check="dns-external", name=name, type="A", resolver=resolver, err="i/o timeout", rtt_ms=5000))
                else:
                    checks.add(tt, logfmt(tt, "info", "lookup ok", check="dns-external", name=name, type="A", resolver=resolver, rcode="NOERROR", answers=rng.choice([1, 2, 2, 4]),
                                          rtt_ms=(rng.randint(1, 40) if p == 0 else rng.randint(60, 1900))))
        if n % 5 == 0:
            for zone, servers in (("taxora.com", [f"ns{i}.anchordns.net" for i in (1, 2, 3, 4)]), ("brightloom.com", ["ns-1187.awsdns-20.org", "ns-412.awsdns-51.com"])):
                for ns in servers:
                    tt = t + dt.timedelta(seconds=1, milliseconds=rng.randint(0, 900))
                    p = outage(tt) if zone == "taxora.com" else 0.0
                    if rng.random() < p + (0.25 if p else 0):
                        if rng.random() < 0.55:
                            checks.add(tt, logfmt(tt, "warn", "authoritative check failed", check="dns-authoritative", zone=zone, ns=ns, query="SOA", err="i/o timeout", rtt_ms=3000))
                        else:
                            checks.add(tt, logfmt(tt, "warn", "authoritative check failed", check="dns-authoritative", zone=zone, ns=ns, query="SOA", rcode="SERVFAIL", rtt_ms=rng.randint(8, 40)))
                    else:
                        checks.add(tt, logfmt(tt, "info", "authoritative check ok", check="dns-authoritative", zone=zone, ns=ns, query="SOA", rcode="NOERROR", serial=2026111701 if zone == "taxora.com" else 1, rtt_ms=rng.randint(6, 35)))
        t += dt.timedelta(seconds=60)
        n += 1

    # --- AnchorDNS's status page ---------------------------------------------------
    def post(when, state, body, impact="major"):
        statuspage.add(when, json.dumps({"page": "status.anchordns.net", "incident_id": "q8v3n1k7c2xd", "name": "DNS resolution failures for some zones",
                                     "status": state, "impact": impact, "updated_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                     "components": [{"name": "Authoritative DNS (Europe)", "status": "major_outage" if state in ("investigating", "identified") else "operational"},
                                                    {"name": "Authoritative DNS (North America)", "status": "partial_outage" if state in ("investigating", "identified") else "operational"},
                                                    {"name": "Management API", "status": "operational"}],
                                     "body": body}, separators=(",", ":")))
    statuspage.add(utc("2026-11-17 09:00:00"), json.dumps({"page": "status.anchordns.net", "scheduled_maintenance_id": "m2p7r4t9w1", "name": "Management API maintenance", "status": "completed",
                                                       "updated_at": "2026-11-17T09:00:00.000Z", "components": [{"name": "Management API", "status": "operational"}],
                                                       "body": "Scheduled maintenance of the management API and dashboard is complete. DNS resolution was not affected."}, separators=(",", ":")))
    post(utc("2026-11-17 10:29:40"), "investigating", "We are investigating reports of SERVFAIL responses and timeouts from our authoritative nameservers for a subset of customer zones, mostly from resolvers in Europe and North America.")
    post(utc("2026-11-17 10:51:05"), "identified", "A configuration change deployed to our edge nameservers at 10:02 UTC caused them to fail queries for a subset of zones. We are rolling the change back across all points of presence.")
    post(utc("2026-11-17 11:09:30"), "monitoring", "The rollback completed at 10:58 UTC and our nameservers are answering normally. Resolvers may serve cached failures for a few more minutes. We are monitoring.", impact="minor")
    post(utc("2026-11-17 11:40:00"), "resolved", "This incident has been resolved. Between 10:02 and 11:03 UTC, queries for some zones hosted on AnchorDNS failed with SERVFAIL or timed out. A post-incident report will follow.", impact="none")
    return [app, coredns, ingress, checks, statuspage, argo], (quotes, failed_quotes, servfails)


def build(out_dir):
    rng = random.Random(11400)
    repo, morning_head, dns_head = build_repo()
    try:
        logs, (quotes, failed, servfails) = build_logs(rng, morning_head, dns_head)
        onset = min(t for t, _, text in logs[0].entries if "taxora request failed" in text).replace(microsecond=0)

        def per_sec(counts, rcode=None):
            def fn(t):
                key = t.replace(second=0, microsecond=0)
                return round(sum(counts.get(key - dt.timedelta(minutes=k), 0) for k in range(1, 3)) / 120, 4)
            return fn

        def noerror(t):
            return round(41 + 6 * ((t.minute * 7) % 5) / 5, 3)

        def nxdomain(t):
            return round((3.1 if t < DNS_DEPLOY + dt.timedelta(minutes=1) else 1.4) + 0.2 * ((t.minute * 3) % 4) / 4, 3)

        metrics = {
            "coredns_dns_responses_total.json": query_range([
                ({"rcode": "NOERROR"}, noerror), ({"rcode": "NXDOMAIN"}, nxdomain), ({"rcode": "SERVFAIL"}, per_sec(servfails))], START, END, 60),
            "order_pricing_quotes_failed.json": query_range([({"service": SERVICE, "reason": "tax_unavailable"}, per_sec(failed))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="dns-provider-outage-none", service=SERVICE, onset=onset,
            description=f"""
Cart quotes fail. From {onset.strftime('%H:%M')} UTC a fifth to a third of order-pricing's
quotes fail with 503 tax_unavailable, in bursts: calls to Taxora's tax API
fail before they connect. order-pricing was rolled out at 09:14 (a change to
the tax quote error line) and at 09:41 (pod dnsConfig ndots 2). The
failures stopped at about 11:04 without a change on our side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"SERVFAIL", r"authoritative check failed", r"configuration change deployed to our edge nameservers"],
            fix_files=[],
            explanation="""
No commit in this repository caused it. AnchorDNS, the managed DNS provider
that hosts Taxora's zone, pushed a faulty configuration to its edge
nameservers at 10:02: for some zones they time out or answer SERVFAIL. Go's
"lookup api.taxora.com on …: server misbehaving" (SERVFAIL) and CoreDNS's
SERVFAIL lines for api.taxora.com. and hooks.parcelbird.io. (and i/o
timeouts to the VPC resolver) come from every workload that uses those
names, order-pricing's ndots 2 pods and the ndots 5 pods of billing and
returns alike; the platform's checks fail for the same two names through
1.1.1.1 too, and the authoritative check against ns1-4.anchordns.net
fails, while internal names, the RDS endpoint, api.brightloom.com and
other vendors resolve. AnchorDNS's status page (27 minutes late) names the
change; the failures end when it is rolled back. Decoys: the ndots 2
dnsConfig change rolled out 21 minutes before the onset (it only stops the
search-path NXDOMAIN queries), the commit that adds kind=dns to the error
line, the pgx bump, the earlier timeout edit of the Taxora client, the
promotions change, tests and docs, chores, and the runbook commit written
afterwards.
""",
        )
    finally:
        repo.close()
