"""web-bff: the internal catalog SDK is upgraded to a new major version whose
listProducts() returns a page object instead of an array; the tests mock the
SDK, so CI passes, and after the deploy every page that lists products throws
TypeError. winston text log with Node stack traces, nginx access log, the
catalog service's logfmt (healthy), the GitHub Actions deploy job."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "web-bff"
DEPLOY = utc("2026-12-01 10:20:11")
ONSET = utc("2026-12-01 10:20:44")
DEPS = {"express": "^4.19.2", "winston": "^3.13.0", "@shopfront/catalog-client": "^2.4.1", "@shopfront/session": "^1.8.0"}
DEV_DEPS = {"eslint": "^8.57.0"}

HOME = """'use strict';
const catalog = require('../clients/catalog');

async function home(req, res) {
  const products = await catalog.listProducts({ collection: 'featured', limit: 24 });
  res.json({
    hero: await catalog.hero(req.locale),
    featured: products.map((p) => ({ id: p.id, name: p.name, price: p.price })),
  });
}

module.exports = { home };
"""


def package_json(deps, dev):
    dep_lines = ",\n".join(f'    "{k}": "{v}"' for k, v in deps.items())
    dev_lines = ",\n".join(f'    "{k}": "{v}"' for k, v in dev.items())
    return ('{\n  "name": "web-bff",\n  "version": "1.0.0",\n  "private": true,\n  "main": "src/index.js",\n'
            '  "scripts": {\n    "start": "node src/index.js",\n    "test": "node --test test/",\n    "lint": "eslint src"\n  },\n'
            f'  "dependencies": {{\n{dep_lines}\n  }},\n  "devDependencies": {{\n{dev_lines}\n  }}\n}}\n')


def build_repo():
    jade = Person("Jade Okoye", "jade.okoye@shopfront.io", 0)
    max_ = Person("Max Hoffmann", "max.hoffmann@shopfront.io", 60)
    lucia = Person("Lucía Gómez", "lucia.gomez@shopfront.io", -180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "Backend for the storefront web app: aggregates catalog, cart and session APIs.", DEPS)
    files["package.json"] = package_json(DEPS, DEV_DEPS)
    files["package-lock.json"] = package_lock(SERVICE, {**DEPS, **DEV_DEPS})
    files["src/routes/home.js"] = HOME
    files["src/routes/category.js"] = "'use strict';\nconst catalog = require('../clients/catalog');\n\nasync function category(req, res) {\n  const products = await catalog.listProducts({ category: req.params.slug, limit: 48 });\n  res.json({ products: products.map((p) => ({ id: p.id, name: p.name, price: p.price })) });\n}\n\nmodule.exports = { category };\n"
    files["src/clients/catalog.js"] = "'use strict';\nconst { CatalogClient } = require('@shopfront/catalog-client');\n\nmodule.exports = new CatalogClient({ baseUrl: process.env.CATALOG_URL });\n"
    files["test/home.test.js"] = "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { mock } = require('node:test');\nconst catalog = require('../src/clients/catalog');\nconst { home } = require('../src/routes/home');\n\ntest('home lists featured products', async () => {\n  mock.method(catalog, 'listProducts', async () => [{ id: 1, name: 'Mug', price: 900 }]);\n  mock.method(catalog, 'hero', async () => ({}));\n  let body;\n  await home({ locale: 'en' }, { json: (b) => { body = b; } });\n  assert.strictEqual(body.featured.length, 1);\n});\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=6, memory="384Mi", env={"CATALOG_URL": "http://catalog.shopfront.svc.cluster.local"})
    files[".github/workflows/deploy.yml"] = "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t registry.internal/web-bff:${{ github.sha }} .\n      - run: kubectl set image deployment/web-bff web-bff=registry.internal/web-bff:${{ github.sha }}\n"
    files["docs/runbook.md"] = runbook(SERVICE, [("BffErrorRate", "5xx above 1 %: the BFF only aggregates; check the catalog and cart services, then our last deploy.")])
    repo.commit(utc("2026-11-26 10:00:00"), max_, "web-bff: import", files)
    repo.schedule(chores(random.Random(2001), SERVICE, [jade, max_, lucia], utc("2026-11-26 10:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-30 15:10:00"), lucia, "home: recently viewed strip", {
        "src/routes/home.js": repo.edit("src/routes/home.js", "    featured:", "    recentlyViewed: req.session?.recent ?? [],\n    featured:"),
    })
    repo.commit(utc("2026-11-30 16:30:00"), jade, "docs: caching of the home payload at the CDN", {
        "docs/caching.md": "# Caching\n\n`/api/home` is cached for 60 s per locale at the CDN; `recentlyViewed` is\nfilled client-side from the session endpoint.\n",
    })
    repo.commit(utc("2026-12-01 08:14:00"), bot, "Update dependency eslint to v8.57.1", {
        "package.json": package_json(DEPS, {"eslint": "^8.57.1"}),
        "package-lock.json": package_lock(SERVICE, {**DEPS, "eslint": "^8.57.1"}),
    })
    new_deps = dict(DEPS, **{"@shopfront/catalog-client": "^3.0.0"})
    culprit = repo.commit(utc("2026-12-01 10:02:00"), max_,
                          "Update @shopfront/catalog-client to v3\n\nRenovate PR #412. v3 drops the deprecated v1 endpoints; CI is green.", {
                              "package.json": package_json(new_deps, {"eslint": "^8.57.1"}),
                              "package-lock.json": package_lock(SERVICE, {**new_deps, "eslint": "^8.57.1"}),
                          })
    repo.commit(utc("2026-12-01 10:09:00"), jade, "tests: category route", {
        "test/category.test.js": "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { mock } = require('node:test');\nconst catalog = require('../src/clients/catalog');\nconst { category } = require('../src/routes/category');\n\ntest('category lists products', async () => {\n  mock.method(catalog, 'listProducts', async () => [{ id: 2 }]);\n  let body;\n  await category({ params: { slug: 'mugs' } }, { json: (b) => { body = b; } });\n  assert.strictEqual(body.products.length, 1);\n});\n",
    })
    head = repo.commit(utc("2026-12-01 10:15:00"), lucia, "Dockerfile: node 20.11-alpine", {
        "Dockerfile": repo.edit("Dockerfile", "FROM node:20-alpine", "FROM node:20.11-alpine"),
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("web-bff.log")
    nginx = Log("nginx-access.log")
    catalog = Log("catalog.log")
    deploy = Log("github-actions-deploy.log")
    start, end = utc("2026-12-01 08:50:00"), utc("2026-12-01 11:00:00")
    uas = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15", "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0 Mobile", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0"]

    def w(t, level, msg):
        return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {level}: {msg}"

    for t in poisson_times(rng, start, end, 9):
        route = rng.choices(["/api/home", "/api/category/{}", "/api/product/{}", "/api/cart", "/api/session"], weights=[5, 4, 6, 3, 3])[0]
        slug = rng.choice(["mugs", "teapots", "kettles", "cups", "gift-sets"])
        path = route.format(slug if "category" in route else rng.randint(1000, 99999))
        lists = route in ("/api/home", "/api/category/{}")
        client = ip(rng, "10.8")
        if lists:
            took = ms(rng, 40)
            catalog.add(t, logfmt(t, "info", "list products", collection="featured" if route == "/api/home" else slug, limit=24 if route == "/api/home" else 48, returned=rng.randint(10, 48), duration=f"{took}ms"))
        if lists and t >= ONSET:
            fn, line = ("home", 9) if route == "/api/home" else ("category", 6)
            app.add(t, w(t, "error", f"GET {path} failed TypeError: products.map is not a function\n"
                          f"    at {fn} (/app/src/routes/{fn}.js:{line}:{rng.choice([24, 31])})\n"
                          "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)"))
            app.add(t, w(t, "info", f"GET {path} 500 {ms(rng, 50)}ms"))
            nginx.add(t, nginx_access(t, client, "GET", path, 500, 35, 0.06, rng.choice(uas), upstream_rt=0.058))
            continue
        took = ms(rng, 70)
        app.add(t, w(t, "info", f"GET {path} 200 {took}ms"))
        nginx.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(800, 30000), took / 1000 + 0.002, rng.choice(uas), upstream_rt=took / 1000))
    emit(rng, app, start, end, 0.7, [
        (3, lambda t: w(t, "info", f"session cache hit ratio {rng.uniform(0.91, 0.97):.2f}")),
        (1, lambda t: w(t, "warn", f"cart service slow: {ms(rng, 900)}ms for GET /carts/{hexid(rng, 10)}")),
        (1, lambda t: w(t, "info", "catalog client: refreshed hero banners for 6 locales")),
    ])
    emit(rng, catalog, start, end, 1.5, [
        (3, lambda t: logfmt(t, "info", "get product", id=rng.randint(1000, 99999), duration=f"{ms(rng, 8)}ms")),
        (1, lambda t: logfmt(t, "info", "search index refreshed", docs=rng.randint(41000, 41200))),
    ])
    for i in range(6):
        t = DEPLOY + dt.timedelta(seconds=5 * i + 8)
        app.add(t, w(t, "info", f"web-bff {head[:7]} listening on :3000 (node v20.11.1)"))

    def gha(t, text):
        return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}"

    t0 = DEPLOY - dt.timedelta(minutes=3, seconds=40)
    for offset, text in ((0, "##[group]Run actions/checkout@v4"), (2, f"HEAD is now at {head[:7]} Dockerfile: node 20.11-alpine"),
                         (3, "##[endgroup]"), (5, f"##[group]Run docker build -t registry.internal/web-bff:{head} ."),
                         (170, f"#12 naming to registry.internal/web-bff:{head} done"), (171, "##[endgroup]"),
                         (200, f"##[group]Run kubectl set image deployment/web-bff web-bff=registry.internal/web-bff:{head}"),
                         (201, "deployment.apps/web-bff image updated"), (202, "##[endgroup]"),
                         (240, "Waiting for deployment \"web-bff\" rollout to finish: 3 of 6 updated replicas are available..."),
                         (262, "deployment \"web-bff\" successfully rolled out")):
        t = t0 + dt.timedelta(seconds=offset)
        deploy.add(t, gha(t, text))
    return [app, nginx, catalog, deploy]


def build(out_dir):
    rng = random.Random(1201)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-12-01 08:50:00"), utc("2026-12-01 11:00:00")

        def ratio(t):
            return 0.003 + 0.001 * (t.minute % 3) + (0.41 if t >= ONSET else 0.0)

        metrics = {"nginx_5xx_ratio.json": query_range([({"service": SERVICE}, ratio)], start, end, 30)}
        return write_scenario(
            out_dir, name="bad-dependency-upgrade", service=SERVICE, onset=ONSET,
            description="""
Bad dependency upgrade. @shopfront/catalog-client goes from 2.4 to 3.0, whose
listProducts() returns a page ({items, nextCursor}) rather than an array. The unit
tests mock the SDK, so CI passes. After the 10:20 deploy (the job names the later
Dockerfile commit) the home and category endpoints throw TypeError; the catalog
service itself is healthy.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"products\.map is not a function"],
            fix_files=["package.json", "package-lock.json"],
            explanation="""
The culprit bumps @shopfront/catalog-client in package.json and package-lock.json.
Decoys: an eslint bump touching the same two files that morning, a change to
src/routes/home.js (where the TypeError is thrown) the day before, the Dockerfile
commit the deploy names, tests, docs. The fix pins the SDK back to ^2.4.1 (adapting
the routes to v3 is the follow-up).
""",
        )
    finally:
        repo.close()
