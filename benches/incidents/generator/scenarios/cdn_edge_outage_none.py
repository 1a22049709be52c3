"""storefront-web: the CDN provider has an incident in its European locations
(FRA, AMS, CDG, WAW): their edges answer 5xx without contacting the origin for
about 45 minutes. Shoppers in Europe get error pages or half-loaded pages
whose script chunks fail to load; the origin sees fewer requests, all fine.
Nothing in this repository caused it, though the same morning's deploy split
the JavaScript bundle into new chunks (the browsers' errors say
"ChunkLoadError"), and a Cache-Control change for HTML pages rolled out 35
minutes before the onset. Cloudflare-style JSON edge logs, origin
ingress-nginx access, the app's pino log (with browser error reports),
synthetic checks (logfmt), the provider's status page updates (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, pino
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "storefront-web"
DEPLOY = utc("2026-12-09 10:18:00")
CONFIG_DEPLOY = utc("2026-12-09 11:02:00")
ONSET = utc("2026-12-09 11:37:14")
RECOVERED = utc("2026-12-09 12:21:40")
START, END = utc("2026-12-09 09:45:00"), utc("2026-12-09 12:45:00")
BAD_COLOS = ["FRA", "AMS", "CDG", "WAW"]
GOOD_COLOS = ["LHR", "MAD", "IAD", "ORD", "SJC", "SIN"]
DEPS = {"next": "14.1.0", "react": "18.2.0", "react-dom": "18.2.0", "pino": "8.19.0"}

NEXT_CONFIG = """/** @type {import('next').NextConfig} */
module.exports = {
  assetPrefix: process.env.ASSET_PREFIX || '',
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [{ key: 'Cache-Control', value: 'public, max-age=0, must-revalidate' }],
      },
    ];
  },
};
"""


def build_repo():
    lucia = Person("Lucía Fernández", "lucia.fernandez@mercado-verde.eu", 60)
    jonas = Person("Jonas Becker", "jonas.becker@mercado-verde.eu", 60)
    elif_ = Person("Elif Yilmaz", "elif.yilmaz@mercado-verde.eu", 180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "The shop's web front end (Next.js), served through the CDN.", DEPS)
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["next.config.js"] = NEXT_CONFIG
    files["src/pages/api/rum.js"] = "// Browsers post their uncaught errors here; we log them for the dashboards.\nexport default function handler(req, res) {\n  req.log.error({ type: req.body.type, message: req.body.message, page: req.body.page, country: req.headers['cf-ipcountry'] }, 'client error');\n  res.status(204).end();\n}\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=6, memory="512Mi", cpu="500m", env={"ASSET_PREFIX": "https://static.mercado-verde.eu"})
    files["docs/runbook.md"] = runbook(SERVICE, [("StorefrontErrorRate", "Edge 5xx above 1 %: compare the edge's status with the origin's; check the CDN provider's status page.")])
    repo.commit(utc("2026-12-03 08:30:00"), jonas, "storefront-web: import", files)
    repo.schedule(chores(random.Random(5601), SERVICE, [lucia, jonas, elif_], utc("2026-12-03 08:30:00"), ONSET, 5))
    repo.commit(utc("2026-12-09 06:45:00"), bot, "fix(deps): update dependency next to v14.1.4", {
        "package.json": repo.edit("package.json", '"next": "14.1.0"', '"next": "14.1.4"'),
        "package-lock.json": repo.edit("package-lock.json", "14.1.0", "14.1.4", count=2),
    })
    repo.commit(utc("2026-12-09 09:21:00"), lucia, "build: split framework and vendor chunks so a release does not bust the whole cache", {
        "next.config.js": repo.edit("next.config.js", "  poweredByHeader: false,\n",
                                    "  poweredByHeader: false,\n  webpack(config, { isServer }) {\n    if (!isServer) {\n"
                                    "      config.optimization.splitChunks.cacheGroups.framework = { test: /[\\\\/]node_modules[\\\\/](react|react-dom|scheduler)[\\\\/]/, name: 'framework', priority: 40, enforce: true };\n"
                                    "      config.optimization.splitChunks.cacheGroups.vendor = { test: /[\\\\/]node_modules[\\\\/]/, name: 'vendor', priority: 20 };\n"
                                    "    }\n    return config;\n  },\n"),
    })
    head = repo.commit(utc("2026-12-09 09:58:00"), elif_, "rum: report the chunk URL with ChunkLoadError", {
        "src/pages/api/rum.js": repo.edit("src/pages/api/rum.js", "page: req.body.page,", "page: req.body.page, url: req.body.url,"),
    })
    config = repo.commit(utc("2026-12-09 10:47:00"), jonas, "headers: let the CDN serve stale HTML for 60 s while revalidating", {
        "next.config.js": repo.edit("next.config.js", "'public, max-age=0, must-revalidate'", "'public, max-age=0, s-maxage=30, stale-while-revalidate=60'"),
    })
    repo.commit(utc("2026-12-09 12:35:00"), lucia, "docs: release checklist mentions the CDN purge", {
        "docs/release.md": "# Releasing\n\n1. Merge to main; Argo rolls it out.\n2. Static chunks are immutable; HTML is revalidated, no purge needed.\n",
    })
    return repo, head, config


def build_logs(rng, head, config):
    edge = Log("cdn-http-requests.log")
    nginx = Log("ingress-nginx-access.log")
    app = Log("storefront-web.log")
    synth = Log("synthetics.log")
    status = Log("cdn-status-page.log")
    broken = lambda t: ONSET <= t < RECOVERED  # noqa: E731
    pages = ["/", "/c/fruit", "/c/vegetables", "/c/bakery", "/p/organic-bananas-1kg", "/p/sourdough-loaf", "/basket", "/search?q=avocado"]
    # The 10:18 deploy split the bundle, so the chunk names change with it.
    before_split = ["main-3f9a0c1e7b22d410", "pages/_app-91d0ab2e", "pages/c/[slug]-6e1f40b7", "7812-a41f0c9e2d"]
    after_split = ["framework-8f2ab1c4d9e07a31", "vendor-1c7e90d2fa4b3386", "pages/_app-5be2c8a1", "pages/c/[slug]-0ad93f12", "7812-a41f0c9e2d"]

    def chunks_at(t):
        return before_split if t < DEPLOY else after_split

    def old_browser_error(t):
        chunk = rng.choice(chunks_at(t))
        return pino(t, "error", "client error", pid=1, hostname=rng.choice(pods_at(t)), type="ChunkLoadError", message=f"Loading chunk {chunk} failed.",
                    url=f"https://static.mercado-verde.eu/_next/static/chunks/{chunk}.js", page=rng.choice(pages), country=rng.choice(["DE", "US", "ES"]))

    def colo_for(country):
        return {"DE": "FRA", "NL": "AMS", "FR": "CDG", "PL": "WAW", "GB": "LHR", "ES": "MAD", "US": rng.choice(["IAD", "ORD", "SJC"]), "SG": "SIN"}[country]

    generations = [[f"storefront-web-{prefix}{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(6)] for prefix in ("5f2a", "7d6c", "6b91")]

    def pods_at(t):
        return generations[0] if t < DEPLOY else generations[1] if t < CONFIG_DEPLOY else generations[2]
    for t in poisson_times(rng, START, END, 70):
        country = rng.choices(["DE", "NL", "FR", "PL", "GB", "ES", "US", "SG"], weights=[30, 12, 14, 8, 14, 10, 10, 2])[0]
        colo = colo_for(country)
        asset = rng.random() < 0.6
        uri = f"/_next/static/chunks/{rng.choice(chunks_at(t))}.js" if asset else rng.choice(pages)
        host = "static.mercado-verde.eu" if asset else "www.mercado-verde.eu"
        ray = f"{hexid(rng, 16)}-{colo}"
        client = ip(rng, "84.1" + str(rng.randint(10, 99)))
        record = {"EdgeStartTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "RayID": ray, "ClientCountry": country.lower(), "ClientIP": client,
                  "ClientRequestHost": host, "ClientRequestMethod": "GET", "ClientRequestURI": uri, "EdgeColoCode": colo}
        if colo in BAD_COLOS and broken(t) and rng.random() < 0.8:
            record.update({"EdgeResponseStatus": rng.choice([500, 502, 503]), "CacheCacheStatus": "unknown", "OriginResponseStatus": 0,
                           "EdgeResponseBytes": 2310, "OriginResponseDurationMs": 0})
            edge.add(t, json.dumps(record, separators=(",", ":")))
            if asset and rng.random() < 0.5:
                at = t + dt.timedelta(milliseconds=rng.randint(200, 900))
                pod = rng.choice(pods_at(at))
                chunk = uri.rsplit("/", 1)[1][:-3]
                app.add(at, pino(at, "error", "client error", pid=1, hostname=pod, type="ChunkLoadError",
                                 message=f"Loading chunk {chunk} failed.", url=f"https://{host}{uri}", page=rng.choice(pages), country=country))
            continue
        hit = asset and rng.random() < 0.97 or (not asset and rng.random() < 0.4)
        took = ms(rng, 60)
        record.update({"EdgeResponseStatus": 200, "CacheCacheStatus": "hit" if hit else "miss", "OriginResponseStatus": 0 if hit else 200,
                       "EdgeResponseBytes": rng.randint(9000, 180000) if asset else rng.randint(30000, 90000), "OriginResponseDurationMs": 0 if hit else took})
        edge.add(t, json.dumps(record, separators=(",", ":")))
        if not hit:
            at = t + dt.timedelta(milliseconds=5)
            nginx.add(at, nginx_access(at, ip(rng, "172.68"), "GET", uri, 200, record["EdgeResponseBytes"], took / 1000, "Mozilla/5.0", upstream_rt=(took - 2) / 1000))
            if not asset:
                app.add(at, pino(at, "info", "request completed", pid=1, hostname=rng.choice(pods_at(t)), req={"method": "GET", "url": uri}, res={"statusCode": 200}, responseTime=took - 3))
    # Browser errors that happen every day: ad blockers, old Safari.
    emit(rng, app, START, END, 0.6, [
        (3, lambda t: pino(t, "error", "client error", pid=1, hostname=rng.choice(pods_at(t)), type="TypeError", message="Cannot read properties of undefined (reading 'push')", page=rng.choice(pages), country=rng.choice(["DE", "FR", "GB"]))),
        (1, old_browser_error),
    ])
    for when, version in [(DEPLOY, head[:7]), (CONFIG_DEPLOY, config[:7])]:
        for i, pod in enumerate(pods_at(when)):
            t = when + dt.timedelta(seconds=12 * i)
            app.add(t, pino(t, "info", "started storefront-web", pid=1, hostname=pod, version=version, port=3000))
    probes = [("aws-eu-central-1", "Frankfurt", "FRA"), ("aws-us-east-1", "N. Virginia", "IAD"), ("aws-ap-southeast-1", "Singapore", "SIN"), ("aws-eu-west-2", "London", "LHR")]
    t = START
    while t < END:
        for location, city, colo in probes:
            for check, url in [("home", "https://www.mercado-verde.eu/"), ("framework-js", "https://static.mercado-verde.eu/_next/static/chunks/framework-8f2ab1c4d9e07a31.js")]:
                at = t + dt.timedelta(seconds=rng.randint(0, 50), milliseconds=rng.randint(0, 999))
                if colo in BAD_COLOS and broken(at):
                    synth.add(at, logfmt(at, "error", "check failed", check=check, location=location, url=url, status=rng.choice([502, 503]), colo=colo, took=f"{ms(rng, 40)}ms"))
                else:
                    synth.add(at, logfmt(at, "info", "check passed", check=check, location=location, url=url, status=200, colo=colo, took=f"{ms(rng, 90)}ms"))
        t += dt.timedelta(minutes=1)
    updates = [
        (utc("2026-12-09 11:52:03"), "investigating", "Elevated error rates in Europe", "We are investigating elevated error rates for requests served from some European locations."),
        (utc("2026-12-09 12:06:41"), "identified", "Elevated error rates in Europe", "The issue has been identified as a configuration change to our edge software in FRA, AMS, CDG and WAW. A rollback is in progress."),
        (utc("2026-12-09 12:24:55"), "monitoring", "Elevated error rates in Europe", "The rollback has completed and error rates have returned to normal. We are monitoring."),
    ]
    for when, state, name, body in updates:
        status.add(when, json.dumps({"created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "incident": {"id": "k7x2qv9m1r3s", "name": name, "impact": "major"},
                                     "status": state, "body": body, "affected_components": ["CDN (Europe)"]}, separators=(",", ":")))
    return [edge, nginx, app, synth, status]


def build(out_dir):
    rng = random.Random(5600)
    repo, head, config = build_repo()
    try:
        def edge_5xx(region):
            def fn(t):
                if region == "europe" and ONSET <= t < RECOVERED:
                    return 0.41
                return 0.0008
            return fn

        def origin_rps(t):
            base = 9.5 + (t.minute % 10) / 10
            return round(base * 0.55, 2) if ONSET <= t < RECOVERED else base

        metrics = {
            "cdn_edge_5xx_ratio.json": query_range([({"zone": "mercado-verde.eu", "region": r}, edge_5xx(r)) for r in ("europe", "north_america", "asia")], START, END, 60),
            "origin_requests_per_second.json": query_range([({"service": SERVICE, "ingress": "storefront"}, origin_rps)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="cdn-edge-outage-none", service=SERVICE, onset=ONSET,
            description="""
CDN edge outage. From 11:37 shoppers in Germany, the Netherlands, France and
Poland get 5xx pages and pages whose script chunks fail to load (browser
reports: ChunkLoadError). The edge logs show 5xx from FRA, AMS, CDG and WAW
with no origin request; the origin serves what reaches it with 200, at a
lower rate. The Frankfurt synthetic checks fail; the others pass. The CDN
provider posts an incident at 11:52 and rolls back an edge change; recovered
at 12:21. The storefront's deploys that day: a bundle split at 10:18 and a
Cache-Control change at 11:02.
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Elevated error rates in Europe", r"check failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the errors are the CDN's own (5xx at
the edge with no origin request, only in four European locations, while the
origin answers 200), and they end when the provider rolls back its edge
change. Decoys: the bundle split into framework and vendor chunks deployed at
10:18 (the browsers' errors say ChunkLoadError), the commit that adds the
chunk URL to those reports, the stale-while-revalidate change rolled out 35
minutes before the onset, the Next.js patch bump, a docs commit about the CDN
after the onset.
""",
        )
    finally:
        repo.close()
