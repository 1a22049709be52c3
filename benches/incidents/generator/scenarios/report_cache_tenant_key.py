"""ledgerly-app (PHP 8.3, Symfony 7 with Doctrine, PHP-FPM behind Apache
httpd on two VMs, Redis for the cache pools, deployed with Deployer from
GitHub Actions; team in Warsaw, Lisbon, London and São Paulo): Ledgerly's
bookkeeping app for small accounting firms' clients. Every firm is a tenant
on its own subdomain (acme.ledgerly.io); the tenant comes from the host
name, never from the query string.

On Monday afternoon a commit caches report JSON (aged receivables, profit
and loss, VAT return) in Redis for five minutes, because the bigger firms'
reports take three to six seconds. The cache key is the path and the query
string: the tenant is not in it. The reports page asks for the same query
as every other tenant (`?as_of=<today>&currency=EUR`), so from Tuesday's
10:02 Deployer release on, a firm that opens a report within five minutes
of another firm gets that firm's customers and invoices. Clicking one of
the strange invoices is refused by the tenant voter (403), and firms open
urgent tickets ("we see another company's customers"). The on-call rolls
back at 10:41; Deployer's release names the HEAD of main, a later docs
commit.

Decoys: the commit in the same release that makes the tenant voter log
every denial with both tenants (its "Tenant isolation: access denied" lines
are new from the deploy on and are the incident's most visible line); a
Renovate doctrine/orm bump the same morning; the docs commit the release
names; an invoice PDF change two days before; chores; the fix after the
onset. Monolog JSON (app, security, request channels), Apache httpd access
(vhost combined with %D) and error log (proxy_fcgi), GitHub Actions with
Deployer output, support tickets (Zendesk webhook JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "ledgerly-app"
START, END = utc("2026-06-09 08:40:00"), utc("2026-06-09 11:15:00")
DEPLOY = utc("2026-06-09 10:02:40")
ROLLBACK = utc("2026-06-09 10:41:12")
PREV_RELEASE, NEW_RELEASE = "20260608142210", "20260609100240"
HOSTS = ["web-1", "web-2"]

CONTROLLER = """<?php

namespace App\\Controller;

use App\\Report\\ReportBuilder;
use App\\Tenant\\TenantContext;
use Psr\\Log\\LoggerInterface;
use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;
use Symfony\\Component\\HttpFoundation\\JsonResponse;
use Symfony\\Component\\HttpFoundation\\Request;
use Symfony\\Component\\Routing\\Attribute\\Route;

#[Route('/api/reports')]
final class ReportController extends AbstractController
{
    public function __construct(
        private readonly ReportBuilder $reports,
        private readonly TenantContext $tenant,
        private readonly LoggerInterface $logger,
    ) {
    }

    #[Route('/{name}', methods: ['GET'])]
    public function show(string $name, Request $request): JsonResponse
    {
        $started = microtime(true);
        $report = $this->reports->build($name, $this->tenant->current(), $request->query->all());
        $this->logger->info('report generated', [
            'report' => $name,
            'tenant_id' => $this->tenant->current()->getId(),
            'ms' => (int) ((microtime(true) - $started) * 1000),
        ]);

        return new JsonResponse($report);
    }
}
"""

VOTER = """<?php

namespace App\\Security;

use App\\Entity\\TenantOwned;
use App\\Tenant\\TenantContext;
use Symfony\\Component\\Security\\Core\\Authentication\\Token\\TokenInterface;
use Symfony\\Component\\Security\\Core\\Authorization\\Voter\\Voter;

/** Every tenant-owned entity is visible only inside its own tenant. */
final class TenantVoter extends Voter
{
    public function __construct(private readonly TenantContext $tenant)
    {
    }

    protected function supports(string $attribute, mixed $subject): bool
    {
        return $subject instanceof TenantOwned && in_array($attribute, ['VIEW', 'EDIT'], true);
    }

    protected function voteOnAttribute(string $attribute, mixed $subject, TokenInterface $token): bool
    {
        return $subject->getTenant()->getId() === $this->tenant->current()->getId();
    }
}
"""

CACHE_YAML = """framework:
    cache:
        app: cache.adapter.redis
        default_redis_provider: '%env(REDIS_URL)%'
        pools:
            cache.bank_rates:
                default_lifetime: 3600
"""


def repo_files():
    return {
        "composer.json": '{\n    "name": "ledgerly/app",\n    "type": "project",\n    "require": {\n        "php": ">=8.3",\n        "doctrine/doctrine-bundle": "^2.12",\n        "doctrine/orm": "3.2.0",\n        "symfony/framework-bundle": "7.1.*",\n        "symfony/security-bundle": "7.1.*",\n        "symfony/monolog-bundle": "^3.10",\n        "predis/predis": "^2.2",\n        "dompdf/dompdf": "^3.0"\n    }\n}\n',
        "composer.lock": '{\n    "content-hash": "5d1b0c6f3c2e9a4b7e8f0a1d2c3b4a59",\n    "packages": [\n        {"name": "doctrine/orm", "version": "3.2.0"},\n        {"name": "symfony/framework-bundle", "version": "v7.1.1"}\n    ]\n}\n',
        "src/Controller/ReportController.php": CONTROLLER,
        "src/Security/TenantVoter.php": VOTER,
        "src/Report/ReportBuilder.php": "<?php\n\nnamespace App\\Report;\n\n/** Aged receivables, profit and loss, VAT return: one query per report, per tenant. */\nfinal class ReportBuilder\n{\n}\n",
        "src/Tenant/TenantContext.php": "<?php\n\nnamespace App\\Tenant;\n\n/** The current tenant, resolved from the request's host name (acme.ledgerly.io). */\nfinal class TenantContext\n{\n}\n",
        "src/Invoice/PdfRenderer.php": "<?php\n\nnamespace App\\Invoice;\n\nfinal class PdfRenderer\n{\n    public const FOOTER = '{{ firm.name }} · {{ firm.address }}';\n}\n",
        "config/packages/cache.yaml": CACHE_YAML,
        "config/packages/monolog.yaml": "monolog:\n    handlers:\n        main:\n            type: stream\n            path: '%kernel.logs_dir%/%kernel.environment%.log'\n            level: info\n            formatter: monolog.formatter.json\n",
        "deploy.php": "<?php\n\nnamespace Deployer;\n\nrequire 'recipe/symfony.php';\n\nset('repository', 'git@github.com:ledgerly/ledgerly-app.git');\nset('keep_releases', 5);\n\nhost('web-1')->set('deploy_path', '/var/www/ledgerly');\nhost('web-2')->set('deploy_path', '/var/www/ledgerly');\n\nafter('deploy:symlink', 'php-fpm:reload');\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: deployphp/action@v1\n        with:\n          dep: deploy production\n          private-key: ${{ secrets.DEPLOY_KEY }}\n",
        "README.md": readme(SERVICE, "Ledgerly: bookkeeping for accounting firms' clients, one tenant per firm subdomain.", "composer install\nsymfony server:start"),
    }


def build_repo():
    marta = Person("Marta Kowalczyk", "marta.kowalczyk@ledgerly.io", 120)
    tomas = Person("Tomás Ribeiro", "tomas.ribeiro@ledgerly.io", 60)
    priya = Person("Priya Shah", "priya.shah@ledgerly.io", 60)
    ana = Person("Ana Costa", "ana.costa@ledgerly.io", -180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("Http5xxRate", "More than 1 % 5xx on the vhosts for 5 minutes: Apache error log, then var/log/prod.log on both web hosts."),
        ("Rollback", "`dep rollback production` switches the `current` symlink back to the previous release and reloads PHP-FPM."),
    ])
    repo.commit(utc("2026-06-04 09:10:00"), marta, "ledgerly-app: import from the monorepo", files)
    repo.schedule(chores(random.Random(15101), SERVICE, [marta, tomas, priya, ana], utc("2026-06-04 09:10:00"), utc("2026-06-08 12:00:00"), 3))
    repo.commit(utc("2026-06-07 13:30:00"), ana, "invoices: PDF footer shows the firm's VAT number", {
        "src/Invoice/PdfRenderer.php": repo.edit("src/Invoice/PdfRenderer.php", "{{ firm.address }}'", "{{ firm.address }} · VAT {{ firm.vat_number }}'"),
    })
    culprit = repo.commit(utc("2026-06-08 15:12:00"), tomas, "reports: cache report JSON for five minutes\n\nAged receivables takes 3-6 s for the bigger firms and the reports page\nasks for it again on every tab switch. Cache the built report in the\napp pool (Redis) for 300 s, keyed by the request.", {
        "src/Controller/ReportController.php": repo.edit("src/Controller/ReportController.php",
            "        $started = microtime(true);\n        $report = $this->reports->build($name, $this->tenant->current(), $request->query->all());\n        $this->logger->info('report generated', [\n            'report' => $name,\n            'tenant_id' => $this->tenant->current()->getId(),\n            'ms' => (int) ((microtime(true) - $started) * 1000),\n        ]);\n",
            "        $key = 'report.'.sha1($request->getPathInfo().'?'.$request->getQueryString());\n"
            "        $hit = true;\n"
            "        $report = $this->cache->get($key, function (ItemInterface $item) use ($name, $request, &$hit) {\n"
            "            $hit = false;\n"
            "            $item->expiresAfter(300);\n"
            "            $started = microtime(true);\n"
            "            $report = $this->reports->build($name, $this->tenant->current(), $request->query->all());\n"
            "            $this->logger->info('report generated', [\n"
            "                'report' => $name,\n"
            "                'tenant_id' => $this->tenant->current()->getId(),\n"
            "                'ms' => (int) ((microtime(true) - $started) * 1000),\n"
            "            ]);\n\n"
            "            return $report;\n"
            "        });\n"
            "        if ($hit) {\n"
            "            $this->logger->info('report served from cache', ['report' => $name, 'key' => $key, 'tenant_id' => $this->tenant->current()->getId()]);\n"
            "        }\n").replace(
            "        private readonly LoggerInterface $logger,\n",
            "        private readonly LoggerInterface $logger,\n        private readonly CacheInterface $cache,\n").replace(
            "use Symfony\\Component\\Routing\\Attribute\\Route;\n",
            "use Symfony\\Component\\Routing\\Attribute\\Route;\nuse Symfony\\Contracts\\Cache\\CacheInterface;\nuse Symfony\\Contracts\\Cache\\ItemInterface;\n"),
    })
    voter = repo.commit(utc("2026-06-08 16:48:00"), marta, "security: log tenant isolation denials\n\nA 403 from the tenant voter left no trace. Log the subject, its tenant\nand the user's tenant at warning on the security channel, so that a\nmisrouted link or a probing user shows up in the logs.", {
        "src/Security/TenantVoter.php": repo.edit("src/Security/TenantVoter.php",
            "        return $subject->getTenant()->getId() === $this->tenant->current()->getId();\n",
            "        $current = $this->tenant->current();\n"
            "        if ($subject->getTenant()->getId() === $current->getId()) {\n"
            "            return true;\n"
            "        }\n"
            "        $this->logger->warning(sprintf('Tenant isolation: access denied to %s %d of tenant %d for user %d of tenant %d',\n"
            "            (new \\ReflectionClass($subject))->getShortName(), $subject->getId(), $subject->getTenant()->getId(),\n"
            "            $token->getUser()?->getId() ?? 0, $current->getId()));\n\n"
            "        return false;\n").replace(
            "    public function __construct(private readonly TenantContext $tenant)\n",
            "    public function __construct(\n        private readonly TenantContext $tenant,\n        private readonly LoggerInterface $securityLogger,\n    )\n").replace(
            "use Symfony\\Component\\Security\\Core\\Authentication",
            "use Psr\\Log\\LoggerInterface;\nuse Symfony\\Component\\Security\\Core\\Authentication"),
    })
    repo.commit(utc("2026-06-09 06:14:00"), bot, "fix(deps): update dependency doctrine/orm to v3.2.1", {
        "composer.json": repo.edit("composer.json", '"doctrine/orm": "3.2.0"', '"doctrine/orm": "3.2.1"'),
        "composer.lock": repo.edit("composer.lock", '{"name": "doctrine/orm", "version": "3.2.0"}', '{"name": "doctrine/orm", "version": "3.2.1"}').replace("5d1b0c6f3c2e9a4b7e8f0a1d2c3b4a59", "a07e3c91d4f25b6e8c0d1f2a3b4c5d6e"),
    })
    head = repo.commit(utc("2026-06-09 09:31:00"), priya, "docs: month-end close checklist for firms", {
        "docs/month-end.md": "# Month-end close\n\n1. Reconcile every bank feed to the statement balance.\n2. Run aged receivables and chase anything over 60 days.\n3. Lock the period (Settings > Periods) before the VAT return.\n",
    })
    repo.commit(utc("2026-06-09 11:26:00"), tomas, "reports: put the tenant in the report cache key\n\nThe key was the path and query string only; every tenant asks for the\nsame query, so firms were served each other's reports (incident\n2026-06-09).", {
        "src/Controller/ReportController.php": repo.edit("src/Controller/ReportController.php",
            "$key = 'report.'.sha1($request->getPathInfo().'?'.$request->getQueryString());",
            "$key = sprintf('report.%d.%s', $this->tenant->current()->getId(), sha1($request->getPathInfo().'?'.$request->getQueryString()));"),
    })
    return repo, culprit, voter, head


def monolog(t, level, channel, msg, context=None, extra=None):
    levels = {"DEBUG": 100, "INFO": 200, "NOTICE": 250, "WARNING": 300, "ERROR": 400, "CRITICAL": 500}
    t = t.astimezone(dt.timezone.utc)
    body = {"message": msg, "context": context or {}, "level": levels[level], "level_name": level, "channel": channel,
            "datetime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00", "extra": extra or {}}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def apache_access(t, vhost, client, method, path, status, size, ua, referer, micros):
    stamp = t.astimezone(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return f'{vhost} {client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "{referer}" "{ua}" {micros}'


def apache_error(t, module, level, pid, client, msg):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%a %b %d %H:%M:%S.") + f"{t.microsecond:06d} {t.year}"
    return f"[{stamp}] [{module}:{level}] [pid {pid}:tid {pid + 17}] [client {client}] {msg}"


def gha(t, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}"


FIRMS = ["acme-accounting", "brightbooks", "kowalski-biuro", "nordtax", "greenleaf-cpa", "oakridge-partners", "ledgerwise", "sunrise-contabil",
         "harbour-ledger", "pennywise-ltd", "mosaic-fiscal", "tallyhouse", "northstar-books", "bluepeak-tax", "cedar-and-co", "fieldstone",
         "quartz-accounts", "riverbank-cpa", "summit-fiscal", "lisboa-contas", "meridian-books", "juniper-tax", "kestrel-ledger", "alder-audit"]
REPORTS = ["aged-receivables", "profit-and-loss", "vat-return"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0"]


def build_logs(rng, culprit, voter, head):
    app = Log("prod.log")
    access = Log("apache-access.log")
    errors = Log("apache-error.log")
    deploy = Log("deploy.log")
    tickets = Log("support-tickets.log")

    firms = []
    for i, slug in enumerate(FIRMS):
        tenant_id = rng.randint(100, 1999)
        users = [rng.randint(1000, 29999) for _ in range(rng.randint(2, 6))]
        invoices = [rng.randint(10000, 99999) for _ in range(40)]
        weight = rng.choice([1, 1, 2, 3, 5])
        firms.append({"slug": slug, "tenant": tenant_id, "users": users, "invoices": invoices, "weight": weight,
                      "client": f"{rng.choice(['81', '85', '89', '94', '176', '188'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                      "ua": rng.choice(UAS), "big": weight >= 3})
    fpm = {h: rng.randint(21000, 29000) for h in HOSTS}

    def new_code(t):
        return DEPLOY + dt.timedelta(seconds=8) <= t < ROLLBACK + dt.timedelta(seconds=6)

    def request(t, firm, method, path, status, took_ms, size, referer="-", host=None):
        host = host or rng.choice(HOSTS)
        rid = hexid(rng, 12)
        end = t + dt.timedelta(milliseconds=took_ms)
        access.add(end, apache_access(end, f"{firm['slug']}.ledgerly.io", firm["client"], method, path, status, size, firm["ua"], referer, took_ms * 1000 + rng.randint(0, 999)))
        return rid, end, host

    cache = {}
    leaked = []
    today = "2026-06-09"
    for t in poisson_times(rng, START, END, 14):
        firm = weighted_firm(rng, firms)
        user = rng.choice(firm["users"])
        kind = rng.choices(["dashboard", "invoices", "invoice", "report", "bank", "pdf"], [4, 3, 3, 3, 2, 1])[0]
        extra_base = {"tenant": firm["slug"], "user_id": user}
        if kind == "report":
            name = rng.choices(REPORTS, [5, 3, 1])[0]
            query = f"as_of={today}&currency=EUR" if rng.random() < 0.85 else f"as_of={today}&currency=EUR&group_by=customer"
            path = f"/api/reports/{name}?{query}"
            rid, end, host = None, None, None
            if new_code(t):
                key = "report." + hexid(random.Random(path), 40)
                entry = cache.get(key)
                if entry and entry[1] > t:
                    took = ms(rng, 35, 0.4)
                    rid, end, host = request(t, firm, "GET", path, 200, took, entry[2], f"https://{firm['slug']}.ledgerly.io/reports")
                    app.add(end, monolog(end, "INFO", "app", "report served from cache", {"report": name, "key": key, "tenant_id": firm["tenant"]}, {"request_id": rid, "host": host, **extra_base}))
                    if entry[0] is not firm:
                        leaked.append((end, firm, entry[0], name))
                    continue
                took = ms(rng, 4200 if firm["big"] else 900, 0.35)
                size = rng.randint(40000, 160000) if firm["big"] else rng.randint(6000, 30000)
                cache[key] = (firm, t + dt.timedelta(milliseconds=took) + dt.timedelta(seconds=300), size)
            else:
                took = ms(rng, 4200 if firm["big"] else 900, 0.35)
                size = rng.randint(40000, 160000) if firm["big"] else rng.randint(6000, 30000)
            rid, end, host = request(t, firm, "GET", path, 200, took, size, f"https://{firm['slug']}.ledgerly.io/reports")
            app.add(end, monolog(end, "INFO", "app", "report generated", {"report": name, "tenant_id": firm["tenant"], "ms": took - rng.randint(5, 30)}, {"request_id": rid, "host": host, **extra_base}))
            continue
        if kind == "dashboard":
            took = ms(rng, 180, 0.4)
            request(t, firm, "GET", "/api/dashboard", 200, took, rng.randint(3000, 9000), f"https://{firm['slug']}.ledgerly.io/")
        elif kind == "invoices":
            took = ms(rng, 140, 0.4)
            request(t, firm, "GET", f"/api/invoices?status={rng.choice(['open', 'overdue', 'draft'])}&page=1", 200, took, rng.randint(4000, 22000), f"https://{firm['slug']}.ledgerly.io/invoices")
        elif kind == "invoice":
            took = ms(rng, 90, 0.4)
            request(t, firm, "GET", f"/api/invoices/{rng.choice(firm['invoices'])}", 200, took, rng.randint(1500, 4000), f"https://{firm['slug']}.ledgerly.io/invoices")
        elif kind == "bank":
            took = ms(rng, 260, 0.5)
            rid, end, host = request(t, firm, "POST", "/api/bank-feeds/sync", 202, took, 64, f"https://{firm['slug']}.ledgerly.io/bank")
            app.add(end, monolog(end, "INFO", "app", "bank feed sync queued", {"feed": f"bf_{hexid(rng, 8)}", "tenant_id": firm["tenant"]}, {"request_id": rid, "host": host, **extra_base}))
        else:
            inv = rng.choice(firm["invoices"])
            took = ms(rng, 650, 0.4)
            rid, end, host = request(t, firm, "GET", f"/invoices/{inv}/pdf", 200, took, rng.randint(40000, 90000), f"https://{firm['slug']}.ledgerly.io/invoices/{inv}")
            app.add(end, monolog(end, "INFO", "app", "invoice pdf rendered", {"invoice_id": inv, "tenant_id": firm["tenant"], "ms": took - 8}, {"request_id": rid, "host": host, **extra_base}))

    # --- what the leaked reports lead to ------------------------------------------------------------
    opened = set()
    for when, firm, owner, name in leaked:
        n = rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
        t = when
        for _ in range(n):
            t = t + dt.timedelta(seconds=rng.randint(4, 40))
            inv = rng.choice(owner["invoices"])
            user = rng.choice(firm["users"])
            host = rng.choice(HOSTS)
            rid = hexid(rng, 12)
            took = ms(rng, 60, 0.3)
            extra = {"request_id": rid, "host": host, "tenant": firm["slug"], "user_id": user}
            e = t + dt.timedelta(milliseconds=took - 5)
            app.add(e, monolog(e, "WARNING", "security", f"Tenant isolation: access denied to Invoice {inv} of tenant {owner['tenant']} for user {user} of tenant {firm['tenant']}", {}, extra))
            app.add(e + dt.timedelta(milliseconds=2), monolog(e + dt.timedelta(milliseconds=2), "ERROR", "request",
                    f'Uncaught PHP Exception Symfony\\Component\\HttpKernel\\Exception\\AccessDeniedHttpException: "Access Denied." at /var/www/ledgerly/releases/{NEW_RELEASE}/vendor/symfony/security-http/Firewall/ExceptionListener.php line 126',
                    {"exception": {"class": "Symfony\\Component\\HttpKernel\\Exception\\AccessDeniedHttpException", "message": "Access Denied.", "code": 0, "file": f"/var/www/ledgerly/releases/{NEW_RELEASE}/vendor/symfony/security-http/Firewall/ExceptionListener.php:126"}}, extra))
            end = t + dt.timedelta(milliseconds=took)
            access.add(end, apache_access(end, f"{firm['slug']}.ledgerly.io", firm["client"], "GET", f"/api/invoices/{inv}", 403, 112, firm["ua"], f"https://{firm['slug']}.ledgerly.io/reports", took * 1000 + rng.randint(0, 999)))
        if firm["slug"] not in opened and rng.random() < 0.5:
            opened.add(firm["slug"])
            e = when + dt.timedelta(minutes=rng.randint(3, 14), seconds=rng.randint(0, 59))
            subject = rng.choice([
                f"{name.replace('-', ' ').title()} shows customers that are not ours",
                "We are seeing another company's invoices in our reports",
                "URGENT: report contains another firm's client data",
                "Wrong data in reports - names we don't know",
            ])
            tickets.add(e, json.dumps({"event": "ticket.created", "ticket_id": rng.randint(184000, 184999), "created_at": e.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                       "requester_org": firm["slug"], "priority": "urgent", "channel": rng.choice(["web", "email", "chat"]),
                                       "subject": subject, "tags": ["reports", "data"]}, separators=(",", ":"), ensure_ascii=False))

    # routine tickets
    for t in poisson_times(rng, START, END, 0.08):
        firm = weighted_firm(rng, firms)
        tickets.add(t, json.dumps({"event": "ticket.created", "ticket_id": rng.randint(184000, 184999), "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                   "requester_org": firm["slug"], "priority": rng.choice(["normal", "low"]), "channel": rng.choice(["web", "email"]),
                                   "subject": rng.choice(["Bank feed for Millennium BCP not syncing", "How do I lock May?", "Can I change the invoice numbering?", "VAT return: reverse charge line"]),
                                   "tags": ["howto"]}, separators=(",", ":")))

    # --- routine app lines ------------------------------------------------------------------------
    emit(rng, app, START, END, 1.2, [
        (3, lambda t: monolog(t, "INFO", "messenger", "Message App\\Message\\SyncBankFeed handled by App\\MessageHandler\\SyncBankFeedHandler", {"class": "App\\Message\\SyncBankFeed", "handler": "App\\MessageHandler\\SyncBankFeedHandler"}, {"host": "worker-1"})),
        (1, lambda t: monolog(t, "WARNING", "app", "bank feed returned no transactions", {"feed": f"bf_{hexid(rng, 8)}", "provider": rng.choice(["gocardless", "saltedge"])}, {"host": "worker-1"})),
        (1, lambda t: monolog(t, "INFO", "security", "Authenticator successful!", {"authenticator": "App\\Security\\LoginFormAuthenticator"}, {"host": rng.choice(HOSTS)})),
    ])
    for t in poisson_times(rng, START, END, 0.05):
        e = t
        errors.add(e, apache_error(e, "proxy_fcgi", "error", fpm[rng.choice(HOSTS)], f"{rng.randint(80, 190)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}:{rng.randint(30000, 65000)}",
                                   "AH01071: Got error 'PHP message: PHP Deprecated:  Creation of dynamic property Dompdf\\\\Css\\\\Style::$_parent_font_size is deprecated in /var/www/ledgerly/releases/vendor/dompdf/dompdf/src/Css/Style.php on line 1012'"))

    # --- deploys ----------------------------------------------------------------------------------
    def deployer(t0, run_id, revision, release, rollback=False):
        t = t0
        lines = [f"##[group]Run deployphp/action@v1", f"Run dep {'rollback' if rollback else 'deploy'} production -v"]
        if not rollback:
            lines += ["task deploy:info", f"[web-1] info deploying main (release {release})", f"[web-2] info deploying main (release {release})",
                      "task deploy:setup", "task deploy:lock", "task deploy:release", "task deploy:update_code",
                      f"[web-1] run git rev-parse main", f"[web-1] {revision}", "task deploy:shared", "task deploy:writable",
                      "task deploy:vendors", "[web-1] run composer install --no-dev --prefer-dist --no-progress --no-interaction --optimize-autoloader",
                      "[web-1] Generating optimized autoload files", "[web-2] Generating optimized autoload files",
                      "task deploy:cache:clear", "task deploy:cache:warmup", "task deploy:symlink", "task php-fpm:reload",
                      "[web-1] run sudo systemctl reload php8.3-fpm", "[web-2] run sudo systemctl reload php8.3-fpm",
                      "task deploy:unlock", "task deploy:cleanup", "task deploy:success", "[web-1] info successfully deployed!", "[web-2] info successfully deployed!"]
        else:
            lines += ["task rollback", f"[web-1] rolled back to release {release}", f"[web-2] rolled back to release {release}",
                      "task php-fpm:reload", "[web-1] run sudo systemctl reload php8.3-fpm", "[web-2] run sudo systemctl reload php8.3-fpm"]
        lines.append("##[endgroup]")
        for text in lines:
            deploy.add(t, gha(t, text))
            t += dt.timedelta(milliseconds=rng.randint(300, 9000) if "composer" in text or "vendors" in text else rng.randint(80, 900))
        return t

    deployer(DEPLOY - dt.timedelta(seconds=54), 9512, head, NEW_RELEASE)
    deployer(ROLLBACK - dt.timedelta(seconds=6), 9513, culprit, PREV_RELEASE, rollback=True)
    for h in HOSTS:
        for when in (DEPLOY, ROLLBACK):
            e = when + dt.timedelta(milliseconds=rng.randint(100, 800))
            errors.add(e, f"[{e.strftime('%a %b %d %H:%M:%S.')}{e.microsecond:06d} {e.year}] [core:notice] [pid {fpm[h] - 20000}:tid {fpm[h] - 19990}] AH00094: Command line: '/usr/sbin/apache2'")
    return [app, access, errors, deploy, tickets]


def weighted_firm(rng, firms):
    return rng.choices(firms, [f["weight"] for f in firms])[0]


def build(out_dir):
    rng = random.Random(15100)
    repo, culprit, voter, head = build_repo()
    try:
        logs = build_logs(rng, culprit, voter, head)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "Tenant isolation" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="report-cache-tenant-key", service=SERVICE, onset=onset,
            description=f"""
Accounting firms report seeing other firms' customers and invoices in their
reports. From {onset.strftime('%H:%M')} UTC the app returns 403s on invoice pages opened
from the reports page and urgent support tickets arrive ("another company's
invoices in our reports"). ledgerly-app's release was deployed with
Deployer at 10:02 (the deploy names a docs commit); the on-call rolled back
to Monday's release at 10:41 and the reports stopped mixing tenants.
""",
            logs=logs, repo=repo, culprit=culprit,
            root_cause=[r"report served from cache", r"Tenant isolation: access denied to Invoice"],
            fix_files=["src/Controller/ReportController.php"],
            explanation="""
The culprit is Monday's "reports: cache report JSON for five minutes"
(src/Controller/ReportController.php): the cache key is
'report.'.sha1(path.'?'.query), without the tenant, which comes from the
host name. Every firm's reports page asks for the same query
(as_of=<today>&currency=EUR), so from the 10:02 release on a firm opening a
report within five minutes of another firm is served that firm's report
("report served from cache" under one tenant for a key another tenant
generated). Users who click the strange invoices are refused by the tenant
voter ("Tenant isolation: access denied to Invoice ... of tenant A for user
... of tenant B", AccessDeniedHttpException, 403 in the Apache log), and
firms open urgent tickets. The rollback at 10:41 ends it; the fix puts the
tenant id in the key. Decoys: "security: log tenant isolation denials"
(same release; it only makes the voter log, and its lines are the
incident's most visible ones), the doctrine/orm 3.2.1 bump that morning,
the docs commit the Deployer release names, the invoice PDF footer change
two days before, chores, and the fix after the onset.
""",
        )
    finally:
        repo.close()
