"""timed-tickets (Node 20, Express, pg, pino; four pods behind
ingress-nginx in the `tickets` namespace, synced to production by hand in
Argo CD; team in Oslo, Lisbon and Buenos Aires): the timed-entry ticket
shop of the Nordlys Museum of Art in Oslo. Visitors pick a 15-minute entry
slot, get a hold on it, and pay through Nets Easy, whose webhook confirms
the order.

ingress-nginx keeps idle upstream connections for 60 s (the platform
team's upstream-keepalive-timeout). Since INC-57 in 2024 the server kept
its own keep-alive at 65 s so that nginx, not Node, closes an idle
connection. On Wednesday 11 February at 15:52 UTC a pen-test follow-up
(SEC-88, slowloris) sets keepAliveTimeout 5 s, headersTimeout 10 s and
requestTimeout 30 s in src/server.js. From then on Node closes idle
upstream connections after 5 s, and now and then nginx writes a request
onto a connection Node is closing: "upstream prematurely closed connection
while reading response header from upstream" or "recv() failed (104:
Connection reset by peer)". nginx retries GETs on another pod (the access
log shows "502, 200"), but not POSTs: holds, orders and Nets' webhooks get
502. Staging, with little traffic, never showed it.

The release is synced on Thursday 12 February at 08:24 (its revision is
the 08:05 hold-length config commit). 502s start with the first new pod
and grow with the traffic when the Tidewater exhibition's tickets go on
sale at 09:00 UTC (10:00 in Oslo). The on-call rolls the release back in
Argo CD at 09:31 and the errors stop; the fix restores the 65 s keep-alive.

Decoys: the 08:05 hold-length change (config, named by the sync, 20
minutes before the onset); the commit to the same file that logs client
connection errors (its "client connection error ... ECONNRESET" lines are
new with the release and vanish with the rollback); a pg bump; a release
runbook that talks about 502s and the ingress; a test commit; older
waiting-room and webhook commits. App (pino JSON), ingress-nginx controller
(access log, error log and klog in one stream), PostgreSQL, Argo CD
(logrus text), #tickets-oncall and #visitor-services (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, nginx_error, pino, postgres
from skeletons import chores, k8s_service, readme, runbook

SERVICE = "timed-tickets"
START, END = utc("2026-02-12 07:10:00"), utc("2026-02-12 10:05:00")
SYNC = utc("2026-02-12 08:24:38")
ON_SALE = utc("2026-02-12 09:00:00")
ALERT = utc("2026-02-12 09:04:30")
ROLLBACK = utc("2026-02-12 09:31:12")
HOST = "tickets.nordlysmuseum.no"
UPSTREAM = "tickets-timed-tickets-80"
RACE_P = 0.03

PACKAGE_JSON = """{
  "name": "timed-tickets",
  "version": "2.14.0",
  "private": true,
  "main": "src/index.js",
  "scripts": {
    "start": "node src/index.js",
    "test": "node --test test/"
  },
  "dependencies": {
    "express": "4.21.2",
    "pg": "8.13.0",
    "pino": "9.5.0",
    "pino-http": "10.3.0",
    "zod": "3.24.1"
  }
}
"""

SERVER_JS = """'use strict';
const http = require('node:http');
const { createApp } = require('./app');

function startServer({ log, config, db }) {
  const app = createApp({ log, config, db });
  const server = http.createServer(app);

  // Longer than ingress-nginx's upstream keep-alive (INC-57, 2024).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  server.listen(config.port, '0.0.0.0', () => {
    log.info({ port: config.port, version: process.env.VERSION || 'dev' }, 'timed-tickets listening');
  });

  process.on('SIGTERM', () => {
    log.info('SIGTERM received, closing server');
    server.close(() => {
      log.info('server closed');
      db.end().finally(() => process.exit(0));
    });
  });
  return server;
}

module.exports = { startServer };
"""

INDEX_JS = """'use strict';
const pino = require('pino');
const config = require('./config');
const { createPool } = require('./db');
const { startServer } = require('./server');

const log = pino({ base: { pid: process.pid, hostname: process.env.HOSTNAME } });
const db = createPool(config.database, log);
startServer({ log, config, db });
require('./sweeper').start({ log, db, config });
"""

APP_JS = """'use strict';
const express = require('express');
const pinoHttp = require('pino-http');
const holds = require('./routes/holds');
const orders = require('./routes/orders');
const slots = require('./routes/slots');
const webhooks = require('./routes/webhooks');

function createApp({ log, config, db }) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  // Only errors: the ingress logs every request already.
  app.use(pinoHttp({ logger: log, autoLogging: { ignore: (req) => true } }));
  app.use(express.json({ limit: '64kb' }));
  app.get('/healthz', (req, res) => res.json({ ok: true }));
  app.use('/api/v1/exhibitions', slots({ db, config }));
  app.use('/api/v1/holds', holds({ db, config, log }));
  app.use('/api/v1/orders', orders({ db, config, log }));
  app.use('/api/v1/payments', webhooks({ db, config, log }));
  return app;
}

module.exports = { createApp };
"""

HOLDS_JS = """'use strict';
const express = require('express');
const { z } = require('zod');

const body = z.object({ slotId: z.string(), tickets: z.array(z.object({ type: z.string(), count: z.number().int().min(1).max(10) })) });

module.exports = ({ db, config, log }) => {
  const router = express.Router();
  router.post('/', async (req, res) => {
    const input = body.parse(req.body);
    const count = input.tickets.reduce((n, t) => n + t.count, 0);
    const hold = await db.tx(async (c) => {
      const slot = await c.one('SELECT id, capacity, held, sold FROM slots WHERE id = $1 FOR UPDATE', [input.slotId]);
      if (slot.capacity - slot.held - slot.sold < count) return null;
      await c.none('UPDATE slots SET held = held + $2 WHERE id = $1', [slot.id, count]);
      return c.one(`INSERT INTO holds (slot_id, tickets, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3)) RETURNING id, expires_at`,
        [slot.id, JSON.stringify(input.tickets), config.holds.minutes]);
    });
    if (!hold) return res.status(409).json({ error: 'slot_full' });
    log.info({ holdId: hold.id, slotId: input.slotId, tickets: count, expiresAt: hold.expires_at }, 'hold created');
    res.status(201).json(hold);
  });
  return router;
};
"""

CONFIG_JSON = """{
  "port": 3000,
  "database": { "max": 10, "idleTimeoutMillis": 30000 },
  "holds": { "minutes": 10, "sweepEverySeconds": 60 },
  "waitingRoom": { "enabled": true, "tokenHeader": "x-queue-token" },
  "nets": { "checkoutUrl": "https://checkout.dibspayment.eu", "webhookAuthHeader": "authorization" }
}
"""

INGRESS_YAML = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: timed-tickets
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: "64k"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "60"
    nginx.ingress.kubernetes.io/limit-rps: "40"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [tickets.nordlysmuseum.no]
      secretName: tickets-tls
  rules:
    - host: tickets.nordlysmuseum.no
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: timed-tickets
                port:
                  number: 80
"""

DEPLOYMENT_YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: timed-tickets
  labels:
    app: timed-tickets
spec:
  replicas: 4
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: timed-tickets
  template:
    metadata:
      labels:
        app: timed-tickets
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: timed-tickets
          image: registry.nordlysmuseum.no/web/timed-tickets:main
          ports:
            - containerPort: 3000
          env:
            - name: NODE_ENV
              value: production
            - name: CONFIG_FILE
              value: /app/config/production.json
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 384Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 3000
            periodSeconds: 5
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]
"""


def repo_files():
    return {
        "package.json": PACKAGE_JSON,
        "package-lock.json": '{\n  "name": "timed-tickets",\n  "version": "2.14.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "node_modules/express": { "version": "4.21.2" },\n    "node_modules/pg": { "version": "8.13.0" },\n    "node_modules/pino": { "version": "9.5.0" },\n    "node_modules/pino-http": { "version": "10.3.0" },\n    "node_modules/zod": { "version": "3.24.1" }\n  }\n}\n',
        "src/index.js": INDEX_JS,
        "src/server.js": SERVER_JS,
        "src/app.js": APP_JS,
        "src/config.js": "'use strict';\nconst fs = require('node:fs');\n\nmodule.exports = JSON.parse(fs.readFileSync(process.env.CONFIG_FILE || 'config/production.json', 'utf8'));\n",
        "src/db.js": "'use strict';\nconst { Pool } = require('pg');\n\nfunction createPool(options, log) {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'timed-tickets', ...options });\n  pool.on('error', (err) => log.error({ err }, 'idle postgres client error'));\n  return require('./tx')(pool);\n}\n\nmodule.exports = { createPool };\n",
        "src/routes/holds.js": HOLDS_JS,
        "src/routes/slots.js": "'use strict';\nconst express = require('express');\n\nmodule.exports = ({ db }) => {\n  const router = express.Router();\n  router.get('/:slug/slots', async (req, res) => {\n    const rows = await db.any('SELECT id, starts_at, capacity - held - sold AS remaining FROM slots WHERE exhibition = $1 AND starts_at::date = $2 ORDER BY starts_at', [req.params.slug, req.query.date]);\n    res.set('cache-control', 'no-store').json(rows);\n  });\n  return router;\n};\n",
        "src/routes/orders.js": "'use strict';\nconst express = require('express');\nconst nets = require('../nets');\n\nmodule.exports = ({ db, config, log }) => {\n  const router = express.Router();\n  router.post('/', async (req, res) => {\n    const hold = await db.one('SELECT * FROM holds WHERE id = $1 AND expires_at > now()', [req.body.holdId]);\n    const order = await db.one('INSERT INTO orders (hold_id, email, amount_nok) VALUES ($1, $2, $3) RETURNING id, amount_nok', [hold.id, req.body.email, req.body.amountNok]);\n    const payment = await nets.createPayment(config.nets, order);\n    log.info({ orderId: order.id, holdId: hold.id, amountNok: order.amount_nok, paymentId: payment.paymentId }, 'order created');\n    res.status(201).json({ orderId: order.id, checkoutUrl: payment.hostedPaymentPageUrl });\n  });\n  router.get('/:id', async (req, res) => res.json(await db.one('SELECT id, status, tickets FROM orders WHERE id = $1', [req.params.id])));\n  return router;\n};\n",
        "src/routes/webhooks.js": "'use strict';\nconst express = require('express');\n\nmodule.exports = ({ db, config, log }) => {\n  const router = express.Router();\n  router.post('/nets/webhook', async (req, res) => {\n    if (req.get(config.nets.webhookAuthHeader) !== process.env.NETS_WEBHOOK_SECRET) return res.sendStatus(401);\n    const { event, data } = req.body;\n    if (event === 'payment.charge.created.v2') {\n      const order = await db.one(\"UPDATE orders SET status = 'paid' WHERE payment_id = $1 RETURNING id\", [data.paymentId]);\n      log.info({ orderId: order.id, paymentId: data.paymentId }, 'payment confirmed');\n    }\n    res.sendStatus(200);\n  });\n  return router;\n};\n",
        "src/sweeper.js": "'use strict';\n\n// Releases expired holds; one pod at a time (advisory lock).\nfunction start({ log, db, config }) {\n  setInterval(async () => {\n    const got = await db.one('SELECT pg_try_advisory_lock(4242) AS ok');\n    if (!got.ok) return;\n    try {\n      const released = await db.result(\"WITH x AS (DELETE FROM holds WHERE expires_at < now() RETURNING slot_id, tickets) UPDATE slots s SET held = held - (SELECT count(*) FROM x WHERE x.slot_id = s.id) WHERE id IN (SELECT slot_id FROM x)\");\n      log.info({ released: released.rowCount }, 'expired holds released');\n    } finally {\n      await db.none('SELECT pg_advisory_unlock(4242)');\n    }\n  }, config.holds.sweepEverySeconds * 1000);\n}\n\nmodule.exports = { start };\n",
        "src/tx.js": "'use strict';\n\nmodule.exports = (pool) => ({\n  async tx(fn) {\n    const client = await pool.connect();\n    try {\n      await client.query('BEGIN');\n      const out = await fn(wrap(client));\n      await client.query('COMMIT');\n      return out;\n    } catch (err) {\n      await client.query('ROLLBACK');\n      throw err;\n    } finally {\n      client.release();\n    }\n  },\n  ...wrap(pool),\n  end: () => pool.end(),\n});\n\nfunction wrap(q) {\n  return {\n    any: async (sql, args) => (await q.query(sql, args)).rows,\n    one: async (sql, args) => (await q.query(sql, args)).rows[0],\n    none: async (sql, args) => { await q.query(sql, args); },\n    result: (sql, args) => q.query(sql, args),\n  };\n}\n",
        "src/nets.js": "'use strict';\n\nasync function createPayment(cfg, order) {\n  const res = await fetch('https://api.dibspayment.eu/v1/payments', {\n    method: 'POST',\n    headers: { authorization: process.env.NETS_SECRET_KEY, 'content-type': 'application/json' },\n    body: JSON.stringify({ order: { items: [], amount: order.amount_nok * 100, currency: 'NOK', reference: order.id }, checkout: { integrationType: 'HostedPaymentPage', returnUrl: `https://tickets.nordlysmuseum.no/orders/${order.id}` } }),\n    signal: AbortSignal.timeout(8000),\n  });\n  if (!res.ok) throw new Error(`nets create payment: ${res.status}`);\n  return res.json();\n}\n\nmodule.exports = { createPayment };\n",
        "config/production.json": CONFIG_JSON,
        "test/holds.test.js": "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\n\ntest('a hold never takes more than the remaining capacity', async () => {\n  assert.ok(true);\n});\n",
        "k8s/deployment.yaml": DEPLOYMENT_YAML,
        "k8s/service.yaml": k8s_service(SERVICE, 3000),
        "k8s/ingress.yaml": INGRESS_YAML,
        "Dockerfile": "FROM node:20.18-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY src ./src\nCOPY config ./config\nUSER node\nCMD [\"node\", \"src/index.js\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n      - run: npm ci\n      - run: npm test\n  image:\n    if: github.ref == 'refs/heads/main'\n    needs: test\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t registry.nordlysmuseum.no/web/timed-tickets:${{ github.sha }} . && docker push registry.nordlysmuseum.no/web/timed-tickets:${{ github.sha }}\n",
        "README.md": readme(SERVICE, "Timed-entry tickets for the Nordlys Museum of Art: slots, holds, orders and Nets Easy payments.", "npm ci\nnpm test\nCONFIG_FILE=config/production.json npm start").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Merges to `main` are built by CI and synced to staging by Argo CD at once. Production (`timed-tickets-prod`) is synced by hand in Argo CD, normally in the morning before the shop gets busy."),
    }


def build_repo():
    ingrid = Person("Ingrid Solberg", "ingrid.solberg@nordlysmuseum.no", 60)
    rui = Person("Rui Carvalho", "rui.carvalho@nordlysmuseum.no", 0)
    camila = Person("Camila Ferreyra", "camila.ferreyra@nordlysmuseum.no", -180)
    jonas = Person("Jonas Eriksen", "jonas.eriksen@nordlysmuseum.no", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("Ingress5xxHigh", "More than 1 % of requests to tickets.nordlysmuseum.no/api answered 5xx for 5 minutes. Look at the ingress-nginx controller's error lines for the upstream, then the app's errors. Roll back in Argo CD (History and rollback) if a sync just happened."),
        ("HoldsBacklog", "Expired holds not released: the sweeper takes an advisory lock; check that one pod holds it and that PostgreSQL answers."),
    ])
    repo.commit(utc("2026-02-05 09:30:00"), ingrid, "timed-tickets: move to its own repository", files)
    repo.schedule(chores(random.Random(21104), SERVICE, [ingrid, rui, camila, jonas], utc("2026-02-05 09:30:00"), utc("2026-02-10 17:00:00"), 4))
    repo.commit(utc("2026-02-06 14:10:00"), rui, "slots: remaining places per 15-minute slot in the list", {
        "src/routes/slots.js": repo.edit("src/routes/slots.js", "SELECT id, starts_at, capacity - held - sold AS remaining", "SELECT id, starts_at, ends_at, capacity - held - sold AS remaining"),
    })
    repo.commit(utc("2026-02-09 13:20:00"), camila, "holds: require the waiting-room token when the room is on\n\nFor the Tidewater sale the waiting room lets visitors in at a fixed rate;\na hold without a valid token is refused, so nobody skips the queue.", {
        "src/routes/holds.js": repo.edit("src/routes/holds.js", "  router.post('/', async (req, res) => {\n", "  router.post('/', async (req, res) => {\n    if (config.waitingRoom.enabled && !req.get(config.waitingRoom.tokenHeader)) return res.status(403).json({ error: 'queue_token_required' });\n"),
    })
    previous = repo.commit(utc("2026-02-10 11:45:00"), jonas, "webhooks: answer 200 to a repeated Nets charge event\n\nNets retries a webhook until it gets a 2xx; a second charge.created for a\npaid order no longer fails on the UPDATE.", {
        "src/routes/webhooks.js": repo.edit("src/routes/webhooks.js", "\"UPDATE orders SET status = 'paid' WHERE payment_id = $1 RETURNING id\"", "\"UPDATE orders SET status = 'paid' WHERE payment_id = $1 RETURNING id, (xmax <> 0) AS repeated\""),
    })
    repo.commit(utc("2026-02-11 09:40:00"), rui, "server: log client connection errors\n\nSEC-88 follow-up: we had no trace of malformed or reset client\nconnections. Log them (code, remote address) and answer 400 when the\nsocket is still writable.", {
        "src/server.js": repo.edit("src/server.js", "  server.listen(config.port", "  server.on('clientError', (err, socket) => {\n    log.warn({ err: { code: err.code, message: err.message }, remote: socket.remoteAddress }, 'client connection error');\n    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');\n  });\n\n  server.listen(config.port"),
    })
    repo.commit(utc("2026-02-11 11:15:00"), renovate, "fix(deps): update dependency pg to v8.13.1", {
        "package.json": repo.edit("package.json", '"pg": "8.13.0"', '"pg": "8.13.1"'),
        "package-lock.json": repo.edit("package-lock.json", '"node_modules/pg": { "version": "8.13.0" }', '"node_modules/pg": { "version": "8.13.1" }'),
    })
    culprit = repo.commit(utc("2026-02-11 15:52:00"), ingrid, "server: bound keep-alive, header and request time (SEC-88)\n\nThe January pen test held sockets open for minutes with slow headers\n(slowloris). Close idle keep-alive sockets after 5 s, give a client 10 s\nto send its headers and 30 s for the whole request.", {
        "src/server.js": repo.edit("src/server.js", "  // Longer than ingress-nginx's upstream keep-alive (INC-57, 2024).\n  server.keepAliveTimeout = 65_000;\n  server.headersTimeout = 66_000;\n",
                                   "  // SEC-88: do not let a client hold a socket open (slowloris).\n  server.keepAliveTimeout = 5_000;\n  server.headersTimeout = 10_000;\n  server.requestTimeout = 30_000;\n"),
    })
    repo.commit(utc("2026-02-11 17:30:00"), camila, "docs: Tidewater sale day runbook", {
        "docs/sale-day.md": "# Sale day: Tidewater (12 February, 10:00 Oslo time)\n\n- Sync production in Argo CD before 09:30 Oslo time, not during the sale.\n- The waiting room admits 300 visitors a minute; raise it only with #visitor-services.\n- Watch: Grafana > timed-tickets > Sale (holds/min, 409 slot_full, 5xx at the\n  ingress). A 502 or 504 at the ingress with no error in the app log means the\n  request never reached a pod: check the ingress-nginx controller's error lines.\n- Roll back in Argo CD (History and rollback) rather than pushing a fix during the sale.\n",
    })
    repo.commit(utc("2026-02-12 07:45:00"), rui, "test: a hold that expires at the slot's start is released", {
        "test/holds.test.js": repo.files["test/holds.test.js"] + "\ntest('a hold expiring at the slot start is swept', async () => {\n  assert.equal(1, 1);\n});\n",
    })
    head = repo.commit(utc("2026-02-12 08:05:00"), jonas, "config: holds last 12 minutes for the Tidewater sale\n\nNets' 3-D Secure step takes long on some banks; visitors lost their hold\nwhile paying in yesterday's member pre-sale.", {
        "config/production.json": repo.edit("config/production.json", '"minutes": 10', '"minutes": 12'),
    })
    repo.commit(utc("2026-02-12 10:48:00"), ingrid, "server: keep-alive longer than the ingress's again (INC-112)\n\nWith a 5 s keep-alive Node closed idle connections that ingress-nginx\nstill reuses for up to 60 s; POSTs that raced the close got 502. Keep\nheaders and request time bounded for SEC-88.", {
        "src/server.js": repo.edit("src/server.js", "  // SEC-88: do not let a client hold a socket open (slowloris).\n  server.keepAliveTimeout = 5_000;\n  server.headersTimeout = 10_000;\n",
                                   "  // Longer than ingress-nginx's upstream keep-alive (60 s), or nginx reuses\n  // a socket Node is closing and answers 502 (INC-57, INC-112).\n  server.keepAliveTimeout = 65_000;\n  // SEC-88: bound how long a client may take to send a request.\n  server.headersTimeout = 66_000;\n"),
    })
    return repo, culprit, head, previous


# ---------------------------------------------------------------------------
# logs

UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0",
]
NETS_UA = "Nets-Webhook/2.0"
EXHIBITIONS = ["tidewater", "collection", "collection", "sculpture-garden"]


def ingress_access(rng, t, client, method, path, status, size, ua, req_len, rt, upstreams, referer="-", proto="HTTP/2.0"):
    """ingress-nginx's upstreaminfo log format."""
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    addrs = ", ".join(u[0] for u in upstreams) if upstreams else "-"
    lens = ", ".join(str(u[1]) for u in upstreams) if upstreams else "-"
    times = ", ".join(f"{u[2]:.3f}" for u in upstreams) if upstreams else "-"
    codes = ", ".join(str(u[3]) for u in upstreams) if upstreams else "-"
    return (f'{client} - - [{stamp}] "{method} {path} {proto}" {status} {size} "{referer}" "{ua}" {req_len} {rt:.3f} '
            f'[{UPSTREAM}] [] {addrs} {lens} {times} {codes} {hexid(rng, 32)}')


def visitor_ip(rng):
    return rng.choice([f"84.{rng.randint(208, 215)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"46.{rng.randint(9, 15)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"77.{rng.randint(16, 19)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"2001:4610:{rng.randint(0x1000, 0xffff):x}::{rng.randint(1, 0xffff):x}"])


def build_logs(rng, culprit, head, previous):
    app = Log("timed-tickets.log")
    ingress = Log("ingress-nginx-controller.log")
    pg = Log("postgresql.log")
    argo = Log("argocd-application-controller.log")
    chat = Log("chat.log")
    stats = {"race": [], "bad": [], "req": []}

    # ---- pods: old version, new version at the sync, old version again at the rollback
    def pods(rs, suffixes, ips, up_times, version, down_times):
        return [{"name": f"timed-tickets-{rs}-{s}", "ip": ip, "up": u, "down": d, "version": version, "pid": 1}
                for s, ip, u, d in zip(suffixes, ips, up_times, down_times)]

    def roll(start, step):
        ups = [start + dt.timedelta(seconds=step * i + rng.randint(0, 6)) for i in range(4)]
        downs = [u + dt.timedelta(seconds=rng.randint(2, 4)) for u in ups]
        return ups, downs

    new_up, old_down = roll(SYNC + dt.timedelta(seconds=22), 29)
    back_up, new_down = roll(ROLLBACK + dt.timedelta(seconds=20), 28)
    old = pods("6b8d9f7c5d", ["k2x9p", "mq7tr", "w4hzn", "c8vjd"], ["10.42.1.23", "10.42.2.41", "10.42.3.17", "10.42.0.56"],
               [utc("2026-02-10 13:02:11")] * 4, previous, old_down)
    new = pods("7f4c8b6d9", ["h5rkt", "p2wqz", "x7mnb", "d3lsv"], ["10.42.2.88", "10.42.0.73", "10.42.1.102", "10.42.3.64"],
               new_up, head, new_down)
    back = pods("6b8d9f7c5d", ["r9tkc", "z6fpq", "n3wgd", "b7xhm"], ["10.42.3.91", "10.42.1.117", "10.42.2.130", "10.42.0.95"],
                back_up, previous, [END + dt.timedelta(hours=1)] * 4)
    all_pods = old + new + back

    def ready(t):
        return [p for p in all_pods if p["up"] <= t < p["down"]]

    # start-up and shutdown lines
    for p in new + back:
        t = p["up"] - dt.timedelta(seconds=rng.uniform(2.5, 4))
        app.add(t, pino(t, "info", "timed-tickets listening", pid=1, hostname=p["name"], port=3000, version=p["version"][:7]))
        for i in range(2):
            c = t + dt.timedelta(milliseconds=120 + 40 * i)
            port = rng.randint(40000, 60000)
            pg.add(c, postgres(c, rng.randint(20000, 29999), "LOG", f"connection received: host={p['ip']} port={port}"))
            pg.add(c + dt.timedelta(milliseconds=4), postgres(c + dt.timedelta(milliseconds=4), rng.randint(20000, 29999), "LOG", "connection authorized: user=tickets database=tickets application_name=timed-tickets", "tickets@tickets"))
    for p in old + new:
        t = p["down"] - dt.timedelta(seconds=10)
        app.add(t, pino(t, "info", "SIGTERM received, closing server", pid=1, hostname=p["name"]))
        t2 = p["down"] + dt.timedelta(milliseconds=rng.randint(300, 1400))
        app.add(t2, pino(t2, "info", "server closed", pid=1, hostname=p["name"]))
        for i in range(rng.randint(2, 4)):
            d = t2 + dt.timedelta(milliseconds=20 + i * 3)
            pg.add(d, postgres(d, rng.randint(20000, 29999), "LOG", f"disconnection: session time: {rng.randint(0, 47)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d} user=tickets database=tickets host={p['ip']} port={rng.randint(40000, 60000)}", "tickets@tickets"))

    # ---- traffic
    def rate(t):
        """API requests per minute at the ingress."""
        base = 7.0 + 5.0 * max(0.0, min(1.0, (t - START).total_seconds() / 7200))
        if t >= ON_SALE:
            x = (t - ON_SALE).total_seconds() / 60
            base += 95 * (2.718281828 ** (-x / 17.0)) * min(1.0, x / 1.5 + 0.2)
        return base

    def arrivals():
        out, t, peak = [], START, 110.0
        while True:
            t = t + dt.timedelta(seconds=rng.expovariate(peak / 60))
            if t >= END:
                return out
            if rng.random() < rate(t) / peak:
                out.append(t)

    order_seq = [418_220]
    hold_seq = [902_114]
    pending_payments = []

    def upstream_call(t, method):
        """Picks pods the way the ingress does; returns the upstream list and
        whether the request failed at the ingress."""
        live = ready(t)
        first = rng.choice(live)
        racy = first["version"] == head and rng.random() < RACE_P
        return first, racy, live

    for t in arrivals():
        sale = t >= ON_SALE
        kind = rng.choices(["slots", "hold", "order", "order_get", "list"], weights=[46, 18, 12, 18, 6] if sale else [50, 12, 9, 17, 12])[0]
        client = visitor_ip(rng)
        ua = rng.choice(UAS)
        exhibition = "tidewater" if sale and rng.random() < 0.9 else rng.choice(EXHIBITIONS)
        if kind == "slots":
            method, path, status, size, req_len, mean = "GET", f"/api/v1/exhibitions/{exhibition}/slots?date=2026-02-{rng.choice([12, 13, 14, 15, 21, 22])}", 200, rng.randint(2100, 4800), rng.randint(410, 520), 18
        elif kind == "list":
            method, path, status, size, req_len, mean = "GET", "/api/v1/exhibitions", 200, 1873, rng.randint(380, 460), 9
        elif kind == "order_get":
            method, path, status, size, req_len, mean = "GET", f"/api/v1/orders/{rng.randint(417_900, order_seq[0])}", 200, rng.randint(600, 1400), rng.randint(420, 500), 7
        elif kind == "hold":
            full = sale and rng.random() < min(0.35, max(0.0, (t - ON_SALE).total_seconds() / 3600))
            method, path, status, size, req_len, mean = "POST", "/api/v1/holds", 409 if full else 201, 23 if full else 112, rng.randint(690, 760), 24
        else:
            method, path, status, size, req_len, mean = "POST", "/api/v1/orders", 201, 161, rng.randint(720, 820), 310
        pod, racy, live = upstream_call(t, method)
        stats["req"].append(t)
        referer = f"https://{HOST}/{exhibition}" if kind != "order_get" else f"https://{HOST}/orders"
        if racy:
            stats["race"].append(t)
            closed = rng.random() < 0.7
            conn = rng.randint(1_800_000, 2_400_000)
            wpid = rng.choice([38, 39, 40, 41])
            err_t = t + dt.timedelta(milliseconds=rng.randint(1, 3))
            text = ("upstream prematurely closed connection while reading response header from upstream" if closed
                    else "recv() failed (104: Connection reset by peer) while reading response header from upstream")
            ingress.add(err_t, nginx_error(err_t, "error", wpid, conn, f'{text}, client: {client}, server: {HOST}, request: "{method} {path.split("?")[0] if method == "POST" else path} HTTP/2.0", upstream: "http://{pod["ip"]}:3000{path}", host: "{HOST}", referrer: "{referer}"'))
            if method == "GET":
                others = [p for p in live if p is not pod] or live
                second = rng.choice(others)
                dur = ms(rng, mean, 0.5) / 1000
                e = err_t + dt.timedelta(seconds=dur)
                ingress.add(e, ingress_access(rng, e, client, method, path, status, size, ua, req_len, dur + 0.002,
                                              [(f"{pod['ip']}:3000", 0, 0.001, 502), (f"{second['ip']}:3000", size, dur, status)], referer))
            else:
                stats["bad"].append(t)
                ingress.add(err_t, ingress_access(rng, err_t, client, method, path, 502, 150, ua, req_len, 0.002,
                                                  [(f"{pod['ip']}:3000", 0, 0.001, 502)], referer))
            continue
        dur = ms(rng, mean, 0.5) / 1000
        if sale and kind == "hold":
            dur += rng.uniform(0, 0.12)
        e = t + dt.timedelta(seconds=dur)
        ingress.add(e, ingress_access(rng, e, client, method, path, status, size, ua, req_len, dur + 0.001,
                                      [(f"{pod['ip']}:3000", size, dur, status)], referer))
        if kind == "hold" and status == 201:
            hold_seq[0] += 1
            slot = f"{exhibition[:3]}-2026-02-{rng.choice([14, 15, 21, 22])}T{rng.choice(['10', '11', '12', '13', '14', '15'])}{rng.choice(['00', '15', '30', '45'])}"
            minutes = 12 if pod["version"] == head else 10
            app.add(e, pino(e, "info", "hold created", pid=1, hostname=pod["name"], holdId=hold_seq[0], slotId=slot,
                            tickets=rng.choice([1, 2, 2, 2, 3, 4]), expiresAt=(e + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{e.microsecond // 1000:03d}Z"))
            if sale and rng.random() < 0.04:
                app.add(e, pino(e, "warn", "slot nearly full", pid=1, hostname=pod["name"], slotId=slot, remaining=rng.randint(1, 9)))
        elif kind == "order":
            order_seq[0] += 1
            pay = hexid(rng, 32)
            app.add(e, pino(e, "info", "order created", pid=1, hostname=pod["name"], orderId=order_seq[0], holdId=hold_seq[0] - rng.randint(0, 30),
                            amountNok=rng.choice([180, 180, 360, 360, 460, 540]), paymentId=pay))
            if rng.random() < 0.86:
                pending_payments.append((e + dt.timedelta(seconds=rng.uniform(40, 240)), order_seq[0], pay))
        elif kind == "hold" and status == 409:
            app.add(e, pino(e, "info", "slot full", pid=1, hostname=pod["name"], slotId=f"tid-2026-02-14T{rng.choice(['11', '12', '13'])}{rng.choice(['00', '15', '30', '45'])}"))

    # Nets webhooks (POST, retried by Nets on failure)
    for when, order_id, pay in sorted(pending_payments):
        tries = 0
        t = when
        while t < END and tries < 4:
            tries += 1
            pod, racy, live = upstream_call(t, "POST")
            stats["req"].append(t)
            path = "/api/v1/payments/nets/webhook"
            client = f"20.{rng.choice([50, 82, 91])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            if racy:
                stats["race"].append(t)
                stats["bad"].append(t)
                err_t = t + dt.timedelta(milliseconds=rng.randint(1, 3))
                text = ("upstream prematurely closed connection while reading response header from upstream" if rng.random() < 0.7
                        else "recv() failed (104: Connection reset by peer) while reading response header from upstream")
                ingress.add(err_t, nginx_error(err_t, "error", rng.choice([38, 39, 40, 41]), rng.randint(1_800_000, 2_400_000),
                                               f'{text}, client: {client}, server: {HOST}, request: "POST {path} HTTP/1.1", upstream: "http://{pod["ip"]}:3000{path}", host: "{HOST}"'))
                ingress.add(err_t, ingress_access(rng, err_t, client, "POST", path, 502, 150, NETS_UA, 1184, 0.002, [(f"{pod['ip']}:3000", 0, 0.001, 502)], proto="HTTP/1.1"))
                t = t + dt.timedelta(seconds=rng.uniform(55, 70) * tries)
                continue
            dur = ms(rng, 14, 0.4) / 1000
            e = t + dt.timedelta(seconds=dur)
            ingress.add(e, ingress_access(rng, e, client, "POST", path, 200, 0, NETS_UA, 1184, dur + 0.001, [(f"{pod['ip']}:3000", 0, dur, 200)], proto="HTTP/1.1"))
            app.add(e, pino(e, "info", "payment confirmed", pid=1, hostname=pod["name"], orderId=order_id, paymentId=pay))
            break

    # the sweeper (one pod holds the advisory lock)
    t = START + dt.timedelta(seconds=rng.randint(5, 55))
    while t < END:
        live = ready(t)
        leader = min(live, key=lambda p: p["up"])
        released = rng.randint(0, 2) if t < ON_SALE else rng.randint(2, 19)
        app.add(t, pino(t, "info", "expired holds released", pid=1, hostname=leader["name"], released=released))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(2, 40))

    # the clientError logging that ships with the release (decoy)
    for p in new:
        for t in poisson_times(rng, p["up"], p["down"], 0.09):
            code = rng.choice(["ECONNRESET", "ECONNRESET", "ECONNRESET", "HPE_INVALID_EOF_STATE"])
            msg = "read ECONNRESET" if code == "ECONNRESET" else "Parse Error: Invalid EOF state"
            app.add(t, pino(t, "warn", "client connection error", pid=1, hostname=p["name"], err={"code": code, "message": msg},
                            remote=rng.choice(["10.42.0.12", "10.42.2.9", "10.42.1.15"])))

    # ingress-nginx controller's own lines: another team's ingress changes at 07:52
    t = utc("2026-02-12 07:52:13") + dt.timedelta(microseconds=402115)
    ingress.add(t, klog(t, "I", 7, "store.go:440", '"Found valid IngressClass" ingress="tickets/timed-tickets-admin" ingressclass="nginx"'))
    ingress.add(t, klog(t, "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"tickets", Name:"timed-tickets-admin", UID:"5b1f0c7e-2a41-4d0b-9e3a-7c1d2f8e6a90", APIVersion:"networking.k8s.io/v1", ResourceVersion:"88172301", FieldPath:""}): type: \'Normal\' reason: \'Sync\' Scheduled for sync'))
    t += dt.timedelta(milliseconds=940)
    ingress.add(t, klog(t, "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"'))
    t += dt.timedelta(milliseconds=310)
    ingress.add(t, klog(t, "I", 7, "controller.go:213", '"Backend successfully reloaded"'))
    ingress.add(t, klog(t, "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"Pod", Namespace:"ingress-nginx", Name:"ingress-nginx-controller-5d8b7c9f6-tq4xw", UID:"e03d9a2b-7f15-4c8e-b1a6-2d9c4e7f8a31", APIVersion:"v1", ResourceVersion:"88172290", FieldPath:""}): type: \'Normal\' reason: \'RELOAD\' NGINX reload triggered due to a change in configuration'))
    for t in poisson_times(rng, START, END, 0.02):
        ingress.add(t, nginx_error(t, "warn", rng.choice([38, 39, 40, 41]), rng.randint(1_500_000, 2_400_000),
                                   f'limiting requests, excess: 40.{rng.randint(100, 999)} by zone "ingress-limit-req-zone-tickets-timed-tickets", client: {visitor_ip(rng)}, server: {HOST}, request: "GET /api/v1/exhibitions/tidewater/slots?date=2026-02-14 HTTP/2.0", host: "{HOST}"'))

    # ---- PostgreSQL background
    t = START + dt.timedelta(seconds=rng.randint(20, 200))
    while t < END:
        pg.add(t, postgres(t, 61, "LOG", "checkpoint starting: time"))
        c = t + dt.timedelta(seconds=rng.uniform(150, 170))
        bufs = rng.randint(200, 3200) if t < ON_SALE else rng.randint(2400, 9000)
        pg.add(c, postgres(c, 61, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={rng.uniform(150, 160):.3f} s, sync=0.0{rng.randint(1, 9)}1 s, total={rng.uniform(150, 161):.3f} s; sync files={rng.randint(20, 90)}, longest=0.00{rng.randint(1, 9)} s, average=0.001 s; distance={rng.randint(2000, 30000)} kB, estimate={rng.randint(9000, 32000)} kB"))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, ON_SALE, ON_SALE + dt.timedelta(minutes=35), 0.5):
        d = rng.uniform(205, 880)
        pid = rng.randint(20000, 29999)
        pg.add(t, postgres(t, pid, "LOG", f"duration: {d:.3f} ms  execute <unnamed>: SELECT id, capacity, held, sold FROM slots WHERE id = $1 FOR UPDATE", "tickets@tickets"))
        pg.add(t, postgres(t, pid, "DETAIL", f"parameters: $1 = 'tid-2026-02-14T{rng.choice(['11', '12', '13', '14'])}{rng.choice(['00', '15', '30', '45'])}'", "tickets@tickets"))
    for t in poisson_times(rng, START, END, 0.03):
        pid = rng.randint(30000, 39999)
        table = rng.choice(["holds", "orders", "slots"])
        pg.add(t, postgres(t, pid, "LOG", f'automatic vacuum of table "tickets.public.{table}": index scans: {rng.randint(0, 1)}'))
        pg.add(t, postgres(t, pid, "DETAIL", f"pages: 0 removed, {rng.randint(40, 900)} remain, {rng.randint(3, 90)} scanned ({rng.uniform(1, 30):.2f}% of total)\n\ttuples: {rng.randint(10, 900)} removed, {rng.randint(1000, 90000)} remain, 0 are dead but not yet removable"))
    for t in poisson_times(rng, START, END, 0.012):
        d = rng.uniform(1200, 4100)
        pg.add(t, postgres(t, rng.randint(20000, 29999), "LOG", f"duration: {d:.3f} ms  statement: SELECT date_trunc('hour', created_at) AS h, count(*), sum(amount_nok) FROM orders WHERE created_at >= current_date GROUP BY 1 ORDER BY 1", "grafana@tickets"))

    # ---- Argo CD
    def lr(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}"]
        parts += [f"{k}={json.dumps(v) if (' ' in str(v) or not str(v)) else v}" for k, v in kv.items()]
        return " ".join(parts)

    app_name = "argocd/timed-tickets-prod"
    for t in [START + dt.timedelta(minutes=m, seconds=rng.randint(0, 50)) for m in range(0, 175, 3)]:
        argo.add(t, lr(t, "info", "Reconciliation completed", application=app_name, **{"dedup_ms": 0, "dest-name": "", "dest-namespace": "tickets", "dest-server": "https://kubernetes.default.svc", "diff_ms": rng.randint(3, 19), "fields.level": 0, "git_ms": rng.randint(20, 160), "health_ms": rng.randint(0, 3), "live_ms": rng.randint(1, 6), "settings_ms": 0, "sync_ms": 0, "time_ms": rng.randint(60, 340)}))
    for when, rev, label, note in ((SYNC, head, "jonas.eriksen@nordlysmuseum.no", "sync"), (ROLLBACK, previous, "jonas.eriksen@nordlysmuseum.no", "rollback")):
        sid = f"{rng.randint(10, 99):05d}-{''.join(rng.choice('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') for _ in range(5))}"
        t = when
        if note == "rollback":
            argo.add(t, lr(t, "info", f"Rollback to history id 38 (revision {rev})", application=app_name, initiatedBy=label))
        argo.add(t, lr(t, "info", f"Initiated sync to revision {rev}", application=app_name, initiatedBy=label))
        t1 = t + dt.timedelta(seconds=1)
        argo.add(t1, lr(t1, "info", "Tasks (dry-run)", application=app_name, syncId=sid, tasks=f"[Sync/0 resource apps/Deployment:tickets/timed-tickets nil->obj (,,), Sync/0 resource /Service:tickets/timed-tickets nil->obj (,,), Sync/0 resource networking.k8s.io/Ingress:tickets/timed-tickets nil->obj (,,)]"))
        t2 = t + dt.timedelta(seconds=2)
        argo.add(t2, lr(t2, "info", "Applying resource Deployment/timed-tickets in cluster: https://kubernetes.default.svc, namespace: tickets", application=app_name, syncId=sid))
        argo.add(t2, lr(t2, "info", "Adding resource result, status: 'Synced', phase: 'Running', message: 'deployment.apps/timed-tickets configured'", application=app_name, kind="Deployment", name="timed-tickets", namespace="tickets", phase="Sync", syncId=sid))
        argo.add(t2, lr(t2, "info", "Adding resource result, status: 'Synced', phase: 'Running', message: 'service/timed-tickets unchanged'", application=app_name, kind="Service", name="timed-tickets", namespace="tickets", phase="Sync", syncId=sid))
        argo.add(t2, lr(t2, "info", "Adding resource result, status: 'Synced', phase: 'Running', message: 'ingress.networking.k8s.io/timed-tickets unchanged'", application=app_name, kind="Ingress", name="timed-tickets", namespace="tickets", phase="Sync", syncId=sid))
        t3 = t + dt.timedelta(seconds=3)
        argo.add(t3, lr(t3, "info", f"sync/terminate complete", application=app_name, duration="2.81s", syncId=sid))
        argo.add(t3, lr(t3, "info", "Updated health status: Healthy -> Progressing", application=app_name, **{"dest-namespace": "tickets", "type": "Normal", "reason": "ResourceUpdated"}))
        t4 = t + dt.timedelta(seconds=128 + rng.randint(0, 8))
        argo.add(t4, lr(t4, "info", "Updated health status: Progressing -> Healthy", application=app_name, **{"dest-namespace": "tickets", "type": "Normal", "reason": "ResourceUpdated"}))
        argo.add(t4, lr(t4, "info", f"Updated sync status: {'OutOfSync' if note == 'sync' else 'Synced'} -> {'Synced' if note == 'sync' else 'OutOfSync'}", application=app_name, **{"dest-namespace": "tickets", "type": "Normal", "reason": "ResourceUpdated"}))

    # ---- chat
    def say(t, channel, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #{channel} <{who}> {text}")
    say(utc("2026-02-12 08:21:05"), "tickets-oncall", "Jonas Eriksen", f"syncing timed-tickets-prod to {head[:7]} before the sale (hold 12 min for the sale, pg bump, yesterday's fixes)")
    say(utc("2026-02-12 08:28:40"), "tickets-oncall", "Jonas Eriksen", "sync done, 4/4 pods ready, staging has had it since yesterday")
    say(utc("2026-02-12 09:00:20"), "visitor-services", "Marte Lie", "Tidewater is on sale! waiting room open")
    say(ALERT, "tickets-oncall", "alertmanager", "[FIRING:1] Ingress5xxHigh tickets.nordlysmuseum.no/api (5xx ratio 1.6% over 5m, status=502)")
    say(utc("2026-02-12 09:06:48"), "visitor-services", "Marte Lie", "two people on Instagram say checkout shows 'Something went wrong' and they lost their place. Is it Nets?")
    say(utc("2026-02-12 09:09:30"), "tickets-oncall", "Jonas Eriksen", "looking. 502s at the ingress on POST /holds and /orders, nothing in the app log for them. GETs look fine")
    say(utc("2026-02-12 09:14:02"), "tickets-oncall", "Camila Ferreyra", "Nets dashboard shows a few failed webhook deliveries to us too (502). Their API is fine")
    say(utc("2026-02-12 09:22:45"), "tickets-oncall", "Jonas Eriksen", "pods look healthy, CPU 40%, DB fine, no restarts. ingress error log has 'upstream prematurely closed connection' and some 'connection reset by peer', spread over all four pods")
    say(utc("2026-02-12 09:30:50"), "tickets-oncall", "Jonas Eriksen", f"rolling back timed-tickets-prod to {previous[:7]} (Tuesday's release) in Argo CD")
    say(utc("2026-02-12 09:41:15"), "tickets-oncall", "Jonas Eriksen", "no 502 since 09:33. keeping the rollback; sale continues")
    say(utc("2026-02-12 09:44:30"), "visitor-services", "Marte Lie", "thank you, the complaints stopped. 5 visitors asked us to check their orders, all fine")
    say(utc("2026-02-12 09:58:10"), "tickets-oncall", "Jonas Eriksen", "INC-112 opened. Something in this morning's release; we'll find which change before syncing again")
    return [app, ingress, pg, argo, chat], stats


def build(out_dir):
    rng = random.Random(21100)
    repo, culprit, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, head, previous)
        onset = min(stats["race"]).replace(microsecond=0)

        def per_minute(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
            return fn

        all_req = per_minute(stats["req"])
        bad = per_minute(stats["bad"])
        metrics = {
            "nginx_ingress_controller_requests.json": query_range([
                ({"ingress": "timed-tickets", "namespace": "tickets", "status": "2xx"}, lambda t: max(0, all_req(t) - bad(t))),
                ({"ingress": "timed-tickets", "namespace": "tickets", "status": "502"}, bad),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="keepalive-timeout-checkout", service=SERVICE, onset=onset,
            description=f"""
Checkout fails now and then on the morning of the Tidewater ticket sale.
From {onset.strftime('%H:%M')} UTC on 12 February the ingress answers 502 to a few per cent of
POSTs to /api/v1/holds, /api/v1/orders and Nets' payment webhook; visitors
see "Something went wrong" and lose their place; the app logs nothing for
them. timed-tickets was synced to production at 08:24; the sale opened at
09:00 UTC. The on-call rolled back in Argo CD at 09:31 and the 502s
stopped.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"upstream prematurely closed connection while reading response header from upstream",
                        r"Connection reset by peer\) while reading response header from upstream"],
            fix_files=["src/server.js"],
            explanation=f"""
The culprit is the 11 February 15:52 commit "server: bound keep-alive,
header and request time (SEC-88)". It replaces the 65 s keep-alive (longer
than ingress-nginx's 60 s upstream keep-alive, set after INC-57) with 5 s,
so Node closes idle upstream connections that nginx still reuses. When nginx
writes a request onto a connection Node is closing, it logs "upstream
prematurely closed connection while reading response header from upstream"
or "recv() failed (104: Connection reset by peer) while reading response
header from upstream"; it retries GETs on another pod ("502, 200" in the
access log) but answers 502 to POSTs: holds, orders and Nets' webhooks. The
errors come only from the new pods' addresses, from the 08:24 sync (about
{int((onset - utc('2026-02-11 15:52:00')).total_seconds() // 3600)} h after the commit; the sync's revision is the later hold-length
commit) and stop with the 09:31 rollback. The fix sets keepAliveTimeout
back above 60 s in src/server.js.
Decoys: the 08:05 hold-length config change (12 minutes), which the sync
names, 20 minutes before the onset; the same release's commit to the same
file that logs client connection errors ("client connection error",
ECONNRESET: new lines that come and go with the release); the pg bump; the
sale-day runbook that talks about 502s at the ingress; a test; the older
waiting-room token and webhook commits; rate-limit warnings at the ingress
(limit-rps) before and during the sale; slow SELECT ... FOR UPDATE on slots
during the sale rush; chores.
""",
        )
    finally:
        repo.close()
