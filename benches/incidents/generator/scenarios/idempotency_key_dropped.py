"""tickets-checkout (Node/TypeScript, team in London, Porto and Bucharest): a
cinema chain's checkout charges card payments through Finch Payments
(POST /v1/charges through the pod's Envoy egress, 8 s route timeout). The
hand-written Finch client retried timeouts and 409/5xx with one
Idempotency-Key per order (`order-<id>-charge`), so a retry after a slow
charge got the first charge back (`idempotent_replayed`), as it did once
that morning. On Thursday a shared HTTP client (retries, timeouts, metrics)
was added for the seat-map calls; on Friday morning a refactor moved the
Finch calls onto it with `idempotent: true`, which makes the client set
`Idempotency-Key: randomUUID()` inside its attempt loop: every retry carries
a new key. Rolled out at 10:20 (the start-up lines name a later tests
commit), it is harmless while Finch answers in half a second. From 17:41 to
17:58 Finch's Charges API is slow (its status page posts it at 17:49 and
says requests completed); charges that outlast the 8 s timeout are retried
with a new key and Finch charges the card again, two or three times. The
webhook handler sees charges the order does not reference, finance-recon's
15-minute run pages on duplicate charges from 17:47, customers write in.
The fix (18:47, rolled out 18:58) derives the key from the order once per
charge. Decoys: a decline-code change to the same Finch client three days
before, a docs page on payments and idempotency, the shared client's own
commit the day before, a tests commit the 10:20 start-up lines name, a
statement-descriptor change to the Finch client and an undici bump rolled
out at 17:10 (31 minutes before the onset; the start-up lines name the
bump), the provider's own latency incident, and a runbook commit after the
onset. App (pino JSON), Envoy egress access, ingress-nginx access, Finch's
API request log (JSON), Finch's status page (JSON), finance-recon (Python
logging), support tickets (JSON), Argo CD (logfmt)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, logfmt, nginx_access, pino, python_logging
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "tickets-checkout"
START, END = utc("2026-12-11 09:00:00"), utc("2026-12-11 19:30:00")
DEPLOY = utc("2026-12-11 10:20:00")
DECOY_DEPLOY = utc("2026-12-11 17:10:00")
BLIP_START = utc("2026-12-11 17:40:52")
BLIP_END = utc("2026-12-11 17:58:30")
FIX_DEPLOY = utc("2026-12-11 18:58:00")
MORNING_REPLAY = utc("2026-12-11 09:47:13")
FINCH = "api.finchpay.com"
FINCH_IP = "52.214.63.18:443"
TIMEOUT_S = 8.0
SITES = ["LDN-LEI", "LDN-ANG", "LDN-GRW", "MAN-PRN", "BHM-BRS", "LDS-TRN", "BRS-HRB", "GLA-BCH", "EDI-OMN", "CRD-CAP",
         "NCL-GRN", "NOT-VCT", "LPL-ONE", "SHF-MDW", "BTN-CHR"]
DEPS = {"fastify": "^4.28.1", "pino": "^9.4.0", "pg": "^8.13.0", "prom-client": "^15.1.3", "undici": "^6.19.8"}

FINCH_TS = """import { request } from 'undici';
import { config } from '../config';
import { logger } from '../log';

export interface ChargeRequest {
  orderId: string;
  amountMinor: number;
  currency: string;
  paymentMethod: string;
  site: string;
}

export interface Charge {
  id: string;
  status: 'succeeded' | 'requires_action' | 'failed';
}

const RETRYABLE = new Set([409, 429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// createCharge charges the order's payment method. Every attempt sends the
// same Idempotency-Key, so when a slow charge is retried Finch answers with
// the first charge instead of charging the card again (docs/payments.md).
export async function createCharge(req: ChargeRequest): Promise<Charge> {
  const key = `order-${req.orderId}-charge`;
  const body = new URLSearchParams({
    amount: String(req.amountMinor),
    currency: req.currency,
    payment_method: req.paymentMethod,
    confirm: 'true',
    'metadata[order_id]': req.orderId,
  }).toString();
  for (let attempt = 1; ; attempt++) {
    const res = await request(`${config.finch.baseUrl}/v1/charges`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.finch.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': key,
      },
      body,
      headersTimeout: config.finch.timeoutMs,
    });
    if (res.statusCode < 300) {
      return (await res.body.json()) as Charge;
    }
    if (!RETRYABLE.has(res.statusCode) || attempt >= 3) {
      throw await finchError(res);
    }
    await res.body.dump();
    logger.warn({ order: req.orderId, attempt, status: res.statusCode, idempotency_key: key }, 'finch charge attempt failed, retrying');
    await sleep(250 * 2 ** (attempt - 1));
  }
}
"""

FINCH_ERRORS_TS = """import type { Dispatcher } from 'undici';

export class FinchError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function finchError(res: Dispatcher.ResponseData): Promise<FinchError> {
  const body = (await res.body.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  return new FinchError(res.statusCode, body.error?.code ?? 'unknown', body.error?.message ?? `finch: ${res.statusCode}`);
}
"""

PAY_TS = """import { createCharge } from '../payments/finch';
import { FinchError } from '../payments/errors';
import { orders } from '../db/orders';
import { logger } from '../log';

// POST /api/v1/orders/:id/pay
export async function pay(orderId: string, paymentMethod: string) {
  const order = await orders.get(orderId);
  logger.info({ order: order.id, site: order.site, amount_minor: order.amountMinor }, 'payment started');
  const started = Date.now();
  try {
    const charge = await createCharge({ orderId: order.id, amountMinor: order.amountMinor, currency: 'gbp', paymentMethod, site: order.site });
    await orders.markPaid(order.id, charge.id);
    logger.info({ order: order.id, charge: charge.id, took_ms: Date.now() - started }, 'charge succeeded');
    return { status: 'paid', charge: charge.id };
  } catch (err) {
    if (err instanceof FinchError && err.status === 402) {
      logger.warn({ order: order.id, code: err.code }, 'charge declined');
      return { status: 'declined', code: err.code };
    }
    await orders.markPaymentFailed(order.id);
    logger.error({ order: order.id, err: String(err), took_ms: Date.now() - started }, 'charge failed');
    throw err;
  }
}
"""

WEBHOOKS_TS = """import { orders } from '../db/orders';
import { logger } from '../log';
import { verify } from './signature';

// POST /webhooks/finch: Finch posts charge events; we only confirm what
// pay() already recorded. Anything else is left for finance-recon.
export async function onFinchEvent(raw: Buffer, signature: string) {
  const event = verify(raw, signature);
  if (event.type !== 'charge.succeeded') return;
  const charge = event.data.object;
  const order = await orders.get(charge.metadata.order_id);
  if (order.chargeId && order.chargeId !== charge.id) {
    logger.warn({ order: order.id, charge: charge.id, order_charge: order.chargeId }, 'charge.succeeded for a charge the order does not reference; leaving it for reconciliation');
  }
}
"""

HTTP_CLIENT_TS = """import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { logger } from '../log';
import { upstreamSeconds } from '../metrics';

const RETRYABLE = new Set([409, 429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
  retries?: number;
}

export class HttpError extends Error {
  constructor(readonly client: string, readonly status: number, readonly body: unknown) {
    super(`${client}: ${status}`);
  }
}

// HttpClient is the one way we call other services: timeouts, retries with
// backoff on 409/429/5xx, a request id per attempt and a latency histogram.
export class HttpClient {
  constructor(
    private readonly name: string,
    private readonly baseUrl: string,
    private readonly defaults: { headers?: Record<string, string>; timeoutMs: number; retries: number },
  ) {}

  get<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, opts);
  }

  post<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, opts);
  }

  private async send<T>(method: 'GET' | 'POST', path: string, opts: RequestOptions): Promise<T> {
    const retries = opts.retries ?? this.defaults.retries;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { ...this.defaults.headers, ...opts.headers, 'x-request-id': randomUUID() };
      const end = upstreamSeconds.startTimer({ client: this.name, method });
      const res = await request(this.baseUrl + path, { method, headers, body: opts.body, headersTimeout: this.defaults.timeoutMs });
      end({ status: String(res.statusCode) });
      if (res.statusCode < 300) {
        return (await res.body.json()) as T;
      }
      if (!RETRYABLE.has(res.statusCode) || attempt > retries) {
        throw new HttpError(this.name, res.statusCode, await res.body.json().catch(() => null));
      }
      await res.body.dump();
      logger.warn({ client: this.name, method, path, attempt, status: res.statusCode, request_id: headers['x-request-id'] }, 'request failed, retrying');
      await sleep(200 * 2 ** (attempt - 1));
    }
  }
}
"""

SEATS_TS = """import { HttpClient } from '../http/client';
import { config } from '../config';

const seatMap = new HttpClient('seat-map', config.seatMap.baseUrl, { timeoutMs: 1500, retries: 2 });

export function holdSeats(screening: string, seats: string[], cart: string) {
  return seatMap.post<{ hold: string; expires_at: string }>(`/v1/screenings/${screening}/holds`, {
    body: JSON.stringify({ seats, cart }),
    headers: { 'content-type': 'application/json' },
  });
}
"""

CONFIG = """{
  "port": 3000,
  "finch": {
    "baseUrl": "http://127.0.0.1:9001",
    "timeoutMs": 10000
  },
  "seatMap": {
    "baseUrl": "http://seat-map.cinema.svc.cluster.local"
  },
  "holdMinutes": 8
}
"""

DOCS = """# Payments

tickets-checkout charges cards through Finch Payments (`POST /v1/charges`,
form-encoded, through the pod's Envoy egress on 127.0.0.1:9001; Envoy's
route timeout for api.finchpay.com is 8 s).

## Idempotency

A charge can succeed at Finch after we gave up waiting for it. Every charge
request therefore carries an `Idempotency-Key` that is the same for every
attempt at paying one order (`order-<order id>-charge`). A retry with the
same key gets the first charge back (`idempotent_replayed: true` in Finch's
request log) or a 409 while the first attempt is still running; it never
charges again. Finch keeps keys for 24 hours.

## Reconciliation

finance-recon compares Finch's charges with our orders every 15 minutes and
pages #payments-oncall when an order has more than one succeeded charge.
"""


def build_repo():
    hannah = Person("Hannah Okafor", "hannah.okafor@cinewave.co.uk", 0)
    rui = Person("Rui Tavares", "rui.tavares@cinewave.co.uk", 0)
    andrei = Person("Andrei Popescu", "andrei.popescu@cinewave.co.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "Checkout for Cinewave's web and app bookings: seat holds, orders and card payments through Finch.", DEPS)
    del files["src/index.js"]
    files["package.json"] = files["package.json"].replace('"main": "src/index.js"', '"main": "dist/index.js"').replace(
        '"start": "node src/index.js",\n    "test": "node --test test/"', '"build": "tsc -p .",\n    "start": "node dist/index.js",\n    "test": "tsc -p . && node --test dist/test/"').replace(
        '  }\n}\n', '  },\n  "devDependencies": {\n    "@types/node": "^20.16.10",\n    "typescript": "^5.6.2"\n  }\n}\n')
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["Dockerfile"] = ("FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package.json package-lock.json tsconfig.json ./\nRUN npm ci\nCOPY src ./src\nRUN npm run build\n\n"
                           "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\n"
                           "ARG VERSION=dev\nENV VERSION=$VERSION\nCMD [\"node\", \"dist/index.js\"]\n")
    files["tsconfig.json"] = '{\n  "compilerOptions": {\n    "target": "ES2022",\n    "module": "commonjs",\n    "outDir": "dist",\n    "strict": true,\n    "esModuleInterop": true\n  },\n  "include": ["src", "test"]\n}\n'
    files["src/index.ts"] = ("import { buildServer } from './server';\nimport { config } from './config';\nimport { logger } from './log';\n\n"
                             "buildServer().listen({ port: config.port, host: '0.0.0.0' }).then(() => {\n"
                             "  logger.info({ version: process.env.VERSION ?? 'dev', port: config.port }, 'started tickets-checkout');\n});\n")
    files["src/log.ts"] = "import pino from 'pino';\n\nexport const logger = pino({ base: { pid: process.pid, hostname: process.env.HOSTNAME } });\n"
    files["src/config.ts"] = "import raw from '../config/production.json';\n\nexport const config = {\n  ...raw,\n  finch: { ...raw.finch, secretKey: process.env.FINCH_SECRET_KEY ?? '' },\n};\n"
    files["src/payments/finch.ts"] = FINCH_TS.replace("import { logger } from '../log';\n", "import { logger } from '../log';\nimport { finchError } from './errors';\n")
    files["src/payments/errors.ts"] = FINCH_ERRORS_TS
    files["src/payments/webhooks.ts"] = WEBHOOKS_TS
    files["src/checkout/pay.ts"] = PAY_TS
    files["config/production.json"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=3, memory="384Mi", cpu="250m", env={"NODE_ENV": "production"})
    files["k8s/envoy-egress.yaml"] = ("# Egress listener 127.0.0.1:9001 -> api.finchpay.com:443\nroutes:\n  - match: { prefix: \"/\" }\n"
                                      "    route:\n      cluster: finch\n      host_rewrite_literal: api.finchpay.com\n      timeout: 8s\n")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("CheckoutErrorRateHigh", "More than 2 % of POST /pay failing: look at `charge failed` lines and status.finchpay.com."),
        ("SeatHoldFailures", "seat-map unreachable: holds fail and the seat picker shows everything as taken."),
    ])
    repo.commit(utc("2026-12-07 09:31:00"), hannah, "tickets-checkout: split out of the web monolith", files)
    repo.schedule(chores(random.Random(12101), SERVICE, [hannah, rui, andrei], utc("2026-12-07 09:31:00"), DEPLOY, 3))
    repo.commit(utc("2026-12-08 14:12:00"), rui, "payments: map Finch decline codes to the messages the app shows", {
        "src/payments/errors.ts": repo.edit("src/payments/errors.ts", "export async function finchError",
            "// What the app shows for Finch's decline codes; anything else is 'payment_failed'.\nexport const DECLINE_MESSAGES: Record<string, string> = {\n"
            "  card_declined: 'Your card was declined. Try another card.',\n  insufficient_funds: 'Your card was declined (insufficient funds).',\n"
            "  expired_card: 'Your card has expired.',\n  incorrect_cvc: 'The security code is incorrect.',\n};\n\nexport async function finchError"),
        "src/payments/finch.ts": repo.edit("src/payments/finch.ts", "    if (!RETRYABLE.has(res.statusCode) || attempt >= 3) {\n",
                                           "    // 402 is a decline: never retried, mapped to a message by the caller.\n    if (!RETRYABLE.has(res.statusCode) || attempt >= 3) {\n"),
    })
    repo.commit(utc("2026-12-09 11:24:00"), hannah, "docs: how payments, idempotency keys and reconciliation fit together", {"docs/payments.md": DOCS})
    repo.commit(utc("2026-12-10 15:02:00"), andrei,
        "http: a shared client with timeouts, retries and a latency histogram; seat-map uses it first\n\n"
        "Each upstream had its own retry loop. Finch and the loyalty service move\nover in follow-ups.", {
        "src/http/client.ts": HTTP_CLIENT_TS,
        "src/seats/client.ts": SEATS_TS,
        "src/metrics.ts": "import { Histogram } from 'prom-client';\n\nexport const upstreamSeconds = new Histogram({\n  name: 'upstream_request_duration_seconds',\n"
                          "  help: 'Calls to other services',\n  labelNames: ['client', 'method', 'status'],\n  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],\n});\n",
    })
    culprit = repo.commit(utc("2026-12-11 09:52:00"), andrei,
        "payments: move the Finch calls onto the shared http client\n\n"
        "Drops the hand-written retry loop in finch.ts. The client gets an\n`idempotent` option that adds an Idempotency-Key header, so any POST can\n"
        "opt in (loyalty next).", {
        "src/http/client.ts": repo.edit("src/http/client.ts", "  retries?: number;\n}\n",
            "  retries?: number;\n  // idempotent adds an Idempotency-Key header, for upstreams that deduplicate\n  // retried POSTs (Finch).\n  idempotent?: boolean;\n}\n").replace(
            "'x-request-id': randomUUID() };\n",
            "'x-request-id': randomUUID() };\n      if (opts.idempotent) {\n        headers['idempotency-key'] = randomUUID();\n      }\n"),
        "src/payments/finch.ts": "import { HttpClient } from '../http/client';\nimport { config } from '../config';\n\n"
            "export interface ChargeRequest {\n  orderId: string;\n  amountMinor: number;\n  currency: string;\n  paymentMethod: string;\n  site: string;\n}\n\n"
            "export interface Charge {\n  id: string;\n  status: 'succeeded' | 'requires_action' | 'failed';\n}\n\n"
            "const finch = new HttpClient('finch', config.finch.baseUrl, {\n  headers: { authorization: `Bearer ${config.finch.secretKey}` },\n"
            "  timeoutMs: config.finch.timeoutMs,\n  retries: 2,\n});\n\n"
            "// createCharge charges the order's payment method. The client retries\n// timeouts and 409/5xx and sends an Idempotency-Key (docs/payments.md).\n"
            "// 402 is a decline: never retried, mapped to a message by the caller.\n"
            "export function createCharge(req: ChargeRequest): Promise<Charge> {\n  const body = new URLSearchParams({\n    amount: String(req.amountMinor),\n"
            "    currency: req.currency,\n    payment_method: req.paymentMethod,\n    confirm: 'true',\n    'metadata[order_id]': req.orderId,\n  }).toString();\n"
            "  return finch.post<Charge>('/v1/charges', {\n    body,\n    headers: { 'content-type': 'application/x-www-form-urlencoded' },\n    idempotent: true,\n  });\n}\n",
        "src/checkout/pay.ts": repo.edit("src/checkout/pay.ts", "import { FinchError } from '../payments/errors';\n", "import { HttpError } from '../http/client';\n").replace(
            "    if (err instanceof FinchError && err.status === 402) {\n      logger.warn({ order: order.id, code: err.code }, 'charge declined');\n      return { status: 'declined', code: err.code };\n",
            "    if (err instanceof HttpError && err.status === 402) {\n      const code = (err.body as { error?: { code?: string } })?.error?.code ?? 'unknown';\n"
            "      logger.warn({ order: order.id, code }, 'charge declined');\n      return { status: 'declined', code };\n"),
    })
    tests = repo.commit(utc("2026-12-11 10:06:00"), hannah, "tests: pay() against a stubbed Finch (paid, declined, 5xx then paid)", {
        "test/pay.test.ts": "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { MockAgent, setGlobalDispatcher } from 'undici';\nimport { pay } from '../src/checkout/pay';\n\n"
            "const agent = new MockAgent();\nagent.disableNetConnect();\nsetGlobalDispatcher(agent);\nconst finch = agent.get('http://127.0.0.1:9001');\n\n"
            "test('paid', async () => {\n  finch.intercept({ path: '/v1/charges', method: 'POST' }).reply(200, { id: 'ch_1', status: 'succeeded' });\n"
            "  assert.equal((await pay('CW-TEST1', 'pm_card_visa')).status, 'paid');\n});\n\n"
            "test('declined', async () => {\n  finch.intercept({ path: '/v1/charges', method: 'POST' }).reply(402, { error: { code: 'card_declined' } });\n"
            "  assert.deepEqual(await pay('CW-TEST2', 'pm_card_declined'), { status: 'declined', code: 'card_declined' });\n});\n\n"
            "test('5xx then paid', async () => {\n  finch.intercept({ path: '/v1/charges', method: 'POST' }).reply(503, {});\n"
            "  finch.intercept({ path: '/v1/charges', method: 'POST' }).reply(200, { id: 'ch_3', status: 'succeeded' });\n"
            "  assert.equal((await pay('CW-TEST3', 'pm_card_visa')).status, 'paid');\n});\n",
    })
    repo.commit(utc("2026-12-11 16:38:00"), rui,
        "payments: put the cinema in the charge's statement descriptor\n\nBank statements said only CINEWAVE; support gets calls about unknown\n"
        "charges. Finch appends the suffix: CINEWAVE* LDN-LEI.", {
        "src/payments/finch.ts": repo.edit("src/payments/finch.ts", "    confirm: 'true',\n", "    confirm: 'true',\n    statement_descriptor_suffix: req.site,\n"),
        "config/production.json": repo.edit("config/production.json", "    \"timeoutMs\": 10000\n", "    \"timeoutMs\": 10000,\n    \"statementDescriptor\": \"CINEWAVE\"\n"),
    })
    bump = repo.commit(utc("2026-12-11 16:52:00"), bot, "Bump undici from 6.19.8 to 6.21.0", {
        "package.json": repo.edit("package.json", '"undici": "^6.19.8"', '"undici": "^6.21.0"'),
        "package-lock.json": repo.edit("package-lock.json", "6.19.8", "6.21.0", count=2),
    })
    fix = repo.commit(utc("2026-12-11 18:47:00"), hannah,
        "payments: one Idempotency-Key per order, not per attempt\n\n"
        "The shared client set a new random key on every attempt, so each retry of\na slow charge was a new charge at Finch. During Finch's 17:40 latency\n"
        "incident orders were charged two or three times. The caller passes the key\nnow; Finch charges use order-<id>-charge again, as before 09:52.", {
        "src/http/client.ts": repo.edit("src/http/client.ts",
            "  // idempotent adds an Idempotency-Key header, for upstreams that deduplicate\n  // retried POSTs (Finch).\n  idempotent?: boolean;\n",
            "  // idempotencyKey is sent as Idempotency-Key on every attempt, for upstreams\n  // that deduplicate retried POSTs (Finch). It must be the same for every\n"
            "  // attempt: derive it from what is being done, never per request.\n  idempotencyKey?: string;\n").replace(
            "      if (opts.idempotent) {\n        headers['idempotency-key'] = randomUUID();\n      }\n",
            "      if (opts.idempotencyKey) {\n        headers['idempotency-key'] = opts.idempotencyKey;\n      }\n"),
        "src/payments/finch.ts": repo.edit("src/payments/finch.ts", "    idempotent: true,\n", "    idempotencyKey: `order-${req.orderId}-charge`,\n"),
    })
    repo.commit(utc("2026-12-11 19:21:00"), rui, "runbook: duplicate charges (finance-recon pages), refunds and the idempotency key", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## DuplicateCharges\n\nfinance-recon found orders with more than one succeeded charge. Check Finch's\n"
            "request log for the order: the retried charges must share one `idempotency_key`\n(`order-<id>-charge`). If they do not, the key changed in our code (11 Dec:\n"
            "a new key per attempt). Refund the extra charges from finance-recon's report\n(`recon refund --duplicates --window ...`) and tell support.\n",
    })
    return repo, culprit, tests, bump, fix


def order_id(rng):
    return "CW-" + "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(6))


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def rate(t):
    """Checkouts per minute: quiet morning, lunch, the Friday evening rush."""
    h = t.hour + t.minute / 60
    base = 0.8 + 1.2 * math.exp(-((h - 12.8) / 1.2) ** 2) + 7.5 / (1 + math.exp(-(h - 16.8) * 1.6))
    if h > 19.0:
        base *= 1 - 0.3 * (h - 19.0)
    return base


def build_logs(rng, culprit, tests, bump, fix):
    app = Log("tickets-checkout.log")
    egress = Log("envoy-egress-access.log")
    ingress = Log("ingress-nginx-access.log")
    finch = Log("finch-request-log.log")
    status = Log("finch-status.log")
    recon = Log("finance-recon.log")
    support = Log("support-tickets.log")
    argo = Log("argocd-application-controller.log")

    gens = [(START - dt.timedelta(hours=20), None, [f"tickets-checkout-5f7c9d8b6-{hexid(rng, 5)}" for _ in range(3)])]
    for when, sha, rs in ((DEPLOY, tests, "7b6d4c9f8"), (DECOY_DEPLOY, bump, "64c8f7b5d"), (FIX_DEPLOY, fix, "9d5e7f6c4")):
        a = when - dt.timedelta(seconds=37)
        argo.add(a, logfmt(a, "info", f"Initiated automated sync to '{sha}'", application=SERVICE, dest_namespace="cinema"))
        b = when + dt.timedelta(seconds=96)
        argo.add(b, logfmt(b, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application=SERVICE, dest_namespace="cinema"))
        pods = [f"tickets-checkout-{rs}-{hexid(rng, 5)}" for _ in range(3)]
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=25 * i + rng.uniform(2, 5))
            app.add(t, pino(t, "info", "started tickets-checkout", version=sha[:7], port=3000, pid=1, hostname=pod))
            s = t + dt.timedelta(seconds=6)
            app.add(s, pino(s, "info", "received SIGTERM, draining", pid=1, hostname=gens[-1][2][i]))
        gens.append((when, sha, pods))
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.uniform(170, 190))
        argo.add(t, logfmt(t, "info", "Reconciliation completed", application=SERVICE, dest_namespace="cinema", comparison_level=1, time_ms=rng.randint(35, 180)))

    def pod_at(t):
        for k in range(len(gens) - 1, -1, -1):
            if t >= gens[k][0] + dt.timedelta(seconds=60):
                return rng.choice(gens[k][2]), k
        return rng.choice(gens[0][2]), 0

    def finch_latency(t):
        if BLIP_START <= t < BLIP_END:
            frac = (t - BLIP_START).total_seconds() / (BLIP_END - BLIP_START).total_seconds()
            scale = 7.2 * math.sin(math.pi * min(1.0, 0.15 + frac * 0.85)) + 1.2
            return min(38.0, rng.lognormvariate(math.log(scale), 0.55))
        return ms(rng, 420, 0.35) / 1000

    charges = []          # (time, order, charge id, amount) of every succeeded charge at Finch
    dupes = {}            # order -> list of charges
    order_state = {}

    def finch_request(t, key, order, amount, replay_of=None, latency=None):
        """One request as Finch's request log shows it; returns (charge, latency)."""
        took = latency if latency is not None else finch_latency(t)
        req = "req_" + hexid(rng, 14)
        if replay_of == "in_progress":
            finch.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "request_id": req, "method": "POST", "path": "/v1/charges",
                                     "status": 409, "idempotency_key": key, "error": {"code": "idempotency_key_in_use", "message": "A request with this idempotency key is still being processed."},
                                     "duration_ms": 31, "source_ip": "34.89.120.7"}, separators=(",", ":")))
            return None, 0.031
        if replay_of:
            finch.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "request_id": req, "method": "POST", "path": "/v1/charges",
                                     "status": 200, "idempotency_key": key, "idempotent_replayed": True, "charge": replay_of, "amount": amount, "currency": "gbp",
                                     "metadata": {"order_id": order}, "duration_ms": 12, "source_ip": "34.89.120.7"}, separators=(",", ":")))
            return replay_of, 0.012
        ch = "ch_" + hexid(rng, 24)
        finch.add(t, json.dumps({"created": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "request_id": req, "method": "POST", "path": "/v1/charges",
                                 "status": 200, "idempotency_key": key, "idempotent_replayed": False, "charge": ch, "amount": amount, "currency": "gbp",
                                 "metadata": {"order_id": order}, "duration_ms": int(took * 1000), "source_ip": "34.89.120.7"}, separators=(",", ":")))
        charges.append((t + dt.timedelta(seconds=took), order, ch, amount))
        dupes.setdefault(order, []).append(ch)
        return ch, took

    def envoy(t, status, flags, took):
        egress.add(t, envoy_access(t, "POST", "/v1/charges", status, flags, FINCH_IP, int(took * 1000), uuid(rng), FINCH))

    webhooks = []

    def checkout(t, forced_latencies=None):
        pod, gen = pod_at(t)
        order = order_id(rng)
        site = rng.choice(SITES)
        seats = weighted_seats(rng)
        amount = seats * rng.choice([1150, 1295, 1395, 1495, 1695]) + rng.choice([0, 0, 150, 295])
        app.add(t, pino(t, "info", "payment started", order=order, site=site, amount_minor=amount, pid=1, hostname=pod))
        t_req = t + dt.timedelta(milliseconds=rng.randint(3, 9))
        if rng.random() < 0.035 and forced_latencies is None:
            took = ms(rng, 380, 0.3) / 1000
            key = f"order-{order}-charge" if gen in (0, 3) else uuid(rng)
            finch.add(t_req, json.dumps({"created": t_req.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t_req.microsecond // 1000:03d}Z", "request_id": "req_" + hexid(rng, 14),
                                         "method": "POST", "path": "/v1/charges", "status": 402, "idempotency_key": key,
                                         "error": {"code": rng.choice(["card_declined", "card_declined", "insufficient_funds", "expired_card"])},
                                         "duration_ms": int(took * 1000), "source_ip": "34.89.120.7"}, separators=(",", ":")))
            envoy(t_req, 402, "-", took)
            e = t_req + dt.timedelta(seconds=took, milliseconds=3)
            app.add(e, pino(e, "warn", "charge declined", order=order, code="card_declined", pid=1, hostname=pod))
            ingress.add(e, nginx_access(e, f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "POST", f"/api/v1/orders/{order}/pay", 200, 96,
                                        (e - t).total_seconds() + 0.004, ua(rng), upstream_rt=(e - t).total_seconds()))
            return
        derived = gen in (0, 3)
        key = f"order-{order}-charge"
        attempt = 1
        first_charge = None
        first_done = None
        final = None
        while True:
            if derived and first_charge is not None:
                # Same key: Finch answers 409 while the first is running, then replays it.
                if t_req < first_done:
                    _, took = finch_request(t_req, key, order, amount, replay_of="in_progress")
                    envoy(t_req, 409, "-", took)
                    status_code = 409
                else:
                    ch, took = finch_request(t_req, key, order, amount, replay_of=first_charge)
                    envoy(t_req, 200, "-", took)
                    final = ch
                    t_req += dt.timedelta(seconds=took)
                    break
            else:
                k = key if derived else uuid(rng)
                lat = forced_latencies.pop(0) if forced_latencies else None
                ch, took = finch_request(t_req, k, order, amount, latency=lat)
                if first_charge is None:
                    first_charge, first_done = ch, t_req + dt.timedelta(seconds=took)
                webhooks.append((t_req + dt.timedelta(seconds=took + rng.uniform(0.8, 2.5)), order, ch))
                if took < TIMEOUT_S:
                    envoy(t_req, 200, "-", took)
                    final = ch
                    t_req += dt.timedelta(seconds=took)
                    break
                envoy(t_req, 504, "UT", TIMEOUT_S)
                took = TIMEOUT_S
                status_code = 504
            t_fail = t_req + dt.timedelta(seconds=took, milliseconds=2)
            if (derived and attempt >= 3) or (not derived and attempt > 2):
                t_req = t_fail
                break
            if gen == 0:
                app.add(t_fail, pino(t_fail, "warn", "finch charge attempt failed, retrying", order=order, attempt=attempt, status=status_code,
                                     idempotency_key=key, pid=1, hostname=pod))
                t_req = t_fail + dt.timedelta(milliseconds=250 * 2 ** (attempt - 1))
            else:
                app.add(t_fail, pino(t_fail, "warn", "request failed, retrying", client="finch", method="POST", path="/v1/charges", attempt=attempt,
                                     status=status_code, request_id=uuid(rng), pid=1, hostname=pod))
                t_req = t_fail + dt.timedelta(milliseconds=200 * 2 ** (attempt - 1))
            attempt += 1
        e = t_req + dt.timedelta(milliseconds=rng.randint(4, 12))
        client = f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if final:
            order_state[order] = (final, e)
            app.add(e, pino(e, "info", "charge succeeded", order=order, charge=final, took_ms=int((e - t).total_seconds() * 1000), pid=1, hostname=pod))
            ingress.add(e, nginx_access(e, client, "POST", f"/api/v1/orders/{order}/pay", 200, 118, (e - t).total_seconds() + 0.003, ua(rng), upstream_rt=(e - t).total_seconds()))
        else:
            order_state[order] = (None, e)
            app.add(e, pino(e, "error", "charge failed", order=order, err="HttpError: finch: 504", took_ms=int((e - t).total_seconds() * 1000), pid=1, hostname=pod))
            ingress.add(e, nginx_access(e, client, "POST", f"/api/v1/orders/{order}/pay", 502, 87, (e - t).total_seconds() + 0.003, ua(rng), upstream_rt=(e - t).total_seconds()))

    # Checkouts, thinned from a Poisson process at the peak rate.
    for t in poisson_times(rng, START, END, 9.5):
        if t.replace(second=0, microsecond=0) == MORNING_REPLAY.replace(second=0, microsecond=0):
            continue
        if rng.random() < rate(t) / 9.5:
            checkout(t)
    checkout(MORNING_REPLAY, forced_latencies=[8.41])

    # Finch's webhooks for every succeeded charge, through the ingress.
    for when, order, ch in webhooks:
        if when >= END:
            continue
        ingress.add(when, nginx_access(when, f"3.{rng.randint(248, 251)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "POST", "/webhooks/finch", 200, 2,
                                       ms(rng, 9, 0.4) / 1000, "Finch/1.0 (+https://finchpay.com/docs/webhooks)", upstream_rt=0.008))
        recorded, recorded_at = order_state.get(order, (None, None))
        if recorded is not None and recorded_at < when and recorded != ch:
            pod, _ = pod_at(when)
            e = when + dt.timedelta(milliseconds=6)
            app.add(e, pino(e, "warn", "charge.succeeded for a charge the order does not reference; leaving it for reconciliation",
                            order=order, charge=ch, order_charge=recorded, pid=1, hostname=pod))

    # Other routes on the app: seat holds, order creation.
    for t in poisson_times(rng, START, END, 14):
        if rng.random() > rate(t) / 9.5:
            continue
        pod, _ = pod_at(t)
        client = f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        took = ms(rng, 35, 0.5) / 1000
        if rng.random() < 0.5:
            path = f"/api/v1/screenings/{rng.randint(810000, 829999)}/holds"
        else:
            path = "/api/v1/orders"
        code = 201 if rng.random() > 0.02 else 409
        ingress.add(t, nginx_access(t, client, "POST", path, code, rng.randint(140, 420), took + 0.002, ua(rng), upstream_rt=took))
        if code == 409:
            app.add(t, pino(t, "info", "seat hold conflict", seats_taken=rng.randint(1, 3), pid=1, hostname=pod))

    # Finch's status page.
    def incident(t, state, text):
        status.add(t, json.dumps({"updated_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "incident": "fnc-inc-2026-1211-1", "component": "Charges API (EU)",
                                  "impact": "minor", "status": state, "body": text}, separators=(",", ":")))
    incident(utc("2026-12-11 17:49:12"), "investigating", "We are investigating elevated latency on the Charges API in the EU region. Some requests are taking longer than usual to complete.")
    incident(utc("2026-12-11 18:03:40"), "monitoring", "A fix has been applied to an overloaded database shard and latency has returned to normal. We are monitoring.")
    incident(utc("2026-12-11 18:24:05"), "resolved", "Between 17:40 and 17:58 UTC some Charges API requests in the EU region took up to 40 seconds. "
             "All requests were processed; requests retried with the same Idempotency-Key were not charged twice.")

    # finance-recon: every 15 minutes, the quarter hour before.
    q = START.replace(minute=0) + dt.timedelta(minutes=15)
    while q + dt.timedelta(minutes=2) < END:
        run = q + dt.timedelta(minutes=2, seconds=rng.uniform(3, 9))
        window = [(ct, o, ch, a) for ct, o, ch, a in charges if q - dt.timedelta(minutes=15) <= ct < q]
        orders_in = sorted({o for _, o, _, _ in window})
        label = f"{(q - dt.timedelta(minutes=15)).strftime('%H:%M')}-{q.strftime('%H:%M')}"
        recon.add(run, python_logging(run, "INFO", "recon.finch", f"window {label}: fetched {len(window)} succeeded charges from Finch, {len(orders_in)} orders"))
        bad = []
        for o in orders_in:
            chs = dupes.get(o, [])
            if len(chs) > 1 and any(ch in chs[1:] for _, oo, ch, _ in window if oo == o):
                bad.append(o)
        e = run + dt.timedelta(seconds=rng.uniform(0.8, 2.0))
        total = 0
        for o in bad:
            chs = dupes[o]
            amount = next(a for _, oo, _, a in charges if oo == o)
            total += amount * (len(chs) - 1)
            state = "paid" if order_state.get(o, (None, None))[0] else "payment_failed"
            e += dt.timedelta(milliseconds=rng.randint(20, 90))
            recon.add(e, python_logging(e, "WARNING", "recon.match", f"DUPLICATE order {o}: {len(chs)} succeeded charges for one order ({', '.join(chs)}), "
                                                                          f"{len(chs)} x {amount / 100:.2f} GBP, order status {state}"))
        e += dt.timedelta(milliseconds=200)
        if bad:
            recon.add(e, python_logging(e, "ERROR", "recon.alert", f"window {label}: {len(bad)} orders with duplicate charges, {total / 100:,.2f} GBP over-charged; paging #payments-oncall"))
        else:
            recon.add(e, python_logging(e, "INFO", "recon.match", f"window {label}: {len(window)} charges match {len(orders_in)} orders"))
        q += dt.timedelta(minutes=15)

    # Customers write in.
    def ticket(t, subject, tags):
        support.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": rng.randint(884000, 889999), "channel": rng.choice(["web", "email", "app"]),
                                   "subject": subject, "tags": tags}, ensure_ascii=False, separators=(",", ":")))
    routine = [("Can I change my seats?", ["booking", "seats"]), ("Promo code not accepted", ["promo"]), ("Refund for cancelled screening", ["refund"]),
               ("Didn't receive my e-ticket", ["tickets", "email"]), ("Accessibility seating request", ["accessibility"])]
    for t in poisson_times(rng, START, END, 0.06):
        ticket(t, *rng.choice(routine))
    twice = ["Charged twice for my tickets", "I've been charged 3 times for one booking!!", "Two payments taken for the same order",
             "Payment failed but my card was charged", "Double charge on my card tonight", "Why have you taken £{} twice?"]
    for t in poisson_times(rng, utc("2026-12-11 17:50:30"), END, 0.9):
        subject = rng.choice(twice)
        ticket(t, subject.format(rng.choice(["23.00", "27.90", "34.50", "41.85", "46.00"])), ["payments", "charged-twice"])
    return [app, egress, ingress, finch, status, recon, support, argo], charges, dupes


def weighted_seats(rng):
    return rng.choice([1, 2, 2, 2, 2, 3, 4, 4, 5])


def ua(rng):
    return rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                       "Cinewave/5.8.2 (iPhone; iOS 18.1; Scale/3.00)", "Cinewave/5.8.1 (Android 14; Pixel 8)",
                       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"])


def build(out_dir):
    rng = random.Random(12100)
    repo, culprit, tests, bump, fix = build_repo()
    try:
        logs, charges, dupes = build_logs(rng, culprit, tests, bump, fix)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "request failed, retrying" in text and t >= BLIP_START).replace(microsecond=0)

        def dup_series(t):
            q = t.replace(minute=t.minute // 15 * 15, second=0, microsecond=0)
            lo = q - dt.timedelta(minutes=15)
            seen = {}
            for ct, o, ch, _ in charges:
                if lo <= ct < q:
                    seen[o] = max(seen.get(o, 0), dupes[o].index(ch) + 1)
            return sum(1 for o, n in seen.items() if n > 1)

        def p99(t):
            if BLIP_START <= t < BLIP_END + dt.timedelta(seconds=30):
                frac = (t - BLIP_START).total_seconds() / (BLIP_END - BLIP_START).total_seconds()
                return round(min(8.0, 1.5 + 9 * math.sin(math.pi * min(1.0, 0.15 + frac * 0.85))), 3)
            return round(0.9 + 0.15 * math.sin(t.timestamp() / 900), 3)

        metrics = {
            "finance_recon_duplicate_orders.json": query_range([({"job": "finance-recon", "provider": "finch"}, dup_series)], START, END, 60),
            "upstream_request_duration_seconds_p99.json": query_range([({"client": "finch", "service": SERVICE}, p99)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="idempotency-key-dropped", service=SERVICE, onset=onset,
            description=f"""
Customers charged two or three times. From {onset.strftime('%H:%M')} on Friday evening Finch
Payments' Charges API is slow (its status page says so at 17:49); charges
time out at Envoy's 8 s route timeout and tickets-checkout retries them.
finance-recon pages #payments-oncall from 17:47 with orders that have more
than one succeeded charge, and support gets "charged twice" tickets from
17:50. tickets-checkout was deployed at 10:20 (start-up lines name a tests
commit) and at 17:10 (an undici bump); the team deployed a payments change
at 18:58.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"succeeded charges for one order", r"charge\.succeeded for a charge the order does not reference"],
            fix_files=["src/http/client.ts", "src/payments/finch.ts"],
            explanation="""
The culprit moves the Finch charge onto the shared HTTP client with
`idempotent: true`, which sets Idempotency-Key to a new randomUUID() inside
the client's attempt loop: every retry of a charge is a new charge at Finch.
Before it, every attempt sent order-<id>-charge, and a retry after a slow
charge was answered with 409 and then the first charge (idempotent_replayed,
09:47 that morning). It did nothing visible until Finch's latency incident
(17:41-17:58): charges that outlasted Envoy's 8 s timeout were completed by
Finch and charged again on retry, with a different idempotency_key each time
in Finch's request log. The webhook handler logs charges the order does not
reference, finance-recon finds the duplicates. The fix sends one key per
order (src/http/client.ts, src/payments/finch.ts). Decoys: the decline-code
change to the Finch client three days before, the docs page on idempotency,
the shared client's own commit the day before (no key yet), the tests commit
the 10:20 start-up lines name (shipped with the culprit), the
statement-descriptor change to finch.ts and the undici bump rolled out at
17:10, 31 minutes before the onset, Finch's own incident (the trigger, not
the cause: its retries with one key were safe), and a runbook commit after
the onset.
""",
        )
    finally:
        repo.close()
