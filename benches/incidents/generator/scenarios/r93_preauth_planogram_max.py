"""vendhub (TypeScript on Node 20, Fastify, pino JSON; three pods on Vendel's
EKS cluster in eu-central-1, synced by Argo CD from `main` by hand; the
platform team in Utrecht and one developer in Lisbon) is the back end of
Vendel Automaten, a vending operator with about 290 machines in Utrecht and
Amersfoort: hot drink machines, snack spirals and cold drink machines in
hospitals, stations, the university and office parks. Every machine has a
TapVend TR-300 cashless reader on its MDB bus. vendhub is the readers'
payment host (it passes each tap's pre-authorisation to the acquirer,
Acquiro, and captures what was vended or voids the rest), serves each
reader's configuration, ingests the machines' telemetry and DEX audits,
and plans the depots' restock routes.

A reader fetches its configuration at a nightly check-in (02:00-05:30
local) and keeps it until the next one. A tap pre-authorises the
configured amount; the reader offers it to the machine as the session's
funds (MDB Begin Session) and denies any vend request above it. The amount
was a flat 5.00 EUR for every machine.

Tuesday 3 March 2026, 14:22 CET: PAY-412 makes the pre-authorisation the
highest price in the machine's planogram (5.00 EUR holds annoyed
cardholders and students' prepaid cards were refused outright for a 1.20
snack). The planogram is read from each machine's DEX audit; for the hot
drink machines that can make a drink large, add a shot or oat milk (WMF
1500S, Franke A600) it has only each selection's base price: the coffee
machine adds the options itself (docs/readers.md says so). The tests cover
a snack machine. Released as 2.13.0 and synced at 15:10; nothing changes
until the readers check in that night: "config applied: pre-authorisation
2.40 EUR, was 5.00 EUR".

Wednesday 4 March: 2.14.0 (cut on Tuesday evening after the team's 16:00
deploy cut-off: CASH-233, which logs every vend a reader denies as the
warning that fills the log; ROUTE-88; PAY-415 in the culprit's file; an
mqtt bump) is synced at 06:02 CET. From 06:41, at St. Jacobus hospital,
and through the morning peak, every large cappuccino, latte with oat milk
or coffee with an extra shot costs more than the session's funds: "VEND
REQUEST ... -> VEND DENIED: vend request exceeds session funds (2.80 >
2.40)". Some customers choose a plain drink, the rest walk away and the
authorisation is voided. Acquiro's authorisation latency incident
(07:10-07:55), TapVend firmware 4.8.2 on 40 readers since Monday and a
runbook commit that reads denied vends as an MDB disagreement after a
firmware rollout or a release lead Thijs (on call) to roll back to 2.13.0
at 08:03, which holds the culprit and cannot change what the readers
fetched at night; the warnings go, the denials stay. Noor reads the
journals: every denial is a hot drink machine, price above funds, funds the
machine's highest base price since the night's "config applied". PAY-419
keeps the flat amount for hot drink machines; 2.14.1 is synced at 09:22,
a configuration refresh is sent to the hot drink readers at 09:31 and the
denials stop.

Sources: vendhub (pino JSON), the TapVend readers' session journals (line
format), ingress-nginx access, Argo CD (logfmt), Acquiro's status page
(JSON), support tickets (Freshdesk export, JSON lines), #vendhub-oncall
(Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores, package_lock

SERVICE = "vendhub"
CET = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-03-04 00:30:00"), utc("2026-03-04 09:30:00")


def cet(text):
    """'2026-03-04 06:41:37' in Utrecht (CET, UTC+1) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CET).astimezone(dt.timezone.utc)


DEPLOY_2140 = cet("2026-03-04 06:02:10")
FIRST_DENIAL = cet("2026-03-04 06:41:37")
ROLLBACK = cet("2026-03-04 08:03:50")
FIX_DEPLOY = cet("2026-03-04 09:22:30")
REFRESH = cet("2026-03-04 09:31:10")
ACQUIRO_SLOW = (cet("2026-03-04 07:10:00"), cet("2026-03-04 07:55:00"))


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

DEPS = {
    "@fastify/sensible": "5.5.0",
    "fastify": "4.26.1",
    "mqtt": "5.3.5",
    "pg": "8.11.3",
    "pino": "8.19.0",
    "undici": "6.6.2",
    "zod": "3.22.4",
}

PACKAGE_JSON = """{
  "name": "vendhub",
  "version": "2.12.3",
  "private": true,
  "main": "dist/index.js",
  "scripts": {
    "build": "tsc -p .",
    "start": "node dist/index.js",
    "test": "vitest run",
    "lint": "eslint src"
  },
  "dependencies": {
    "@fastify/sensible": "5.5.0",
    "fastify": "4.26.1",
    "mqtt": "5.3.5",
    "pg": "8.11.3",
    "pino": "8.19.0",
    "undici": "6.6.2",
    "zod": "3.22.4"
  },
  "devDependencies": {
    "@types/node": "20.11.24",
    "@types/pg": "8.11.2",
    "typescript": "5.3.3",
    "vitest": "1.3.1"
  }
}
"""

TSCONFIG = """{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "outDir": "dist",
    "rootDir": "src",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true
  },
  "exclude": ["src/**/*.test.ts"]
}
"""

VERSION_TS = """// Set by the release commit; the image build adds the commit (GIT_COMMIT).
export const VERSION = '2.12.3';
"""

INDEX_TS = """import Fastify from 'fastify';
import sensible from '@fastify/sensible';

import { cashlessRoutes } from './cashless/host';
import { readerConfigRoutes } from './cashless/readerConfig';
import { visitRoutes } from './routing/visits';
import { schedulePlanner } from './routing/planner';
import { startTelemetry } from './telemetry/ingest';
import { settings } from './settings';
import { VERSION } from './version';

async function main() {
  const app = Fastify({ logger: { level: settings.logLevel }, disableRequestLogging: true });
  await app.register(sensible);
  await app.register(cashlessRoutes);
  await app.register(readerConfigRoutes);
  await app.register(visitRoutes);
  app.get('/healthz', async () => ({ ok: true }));

  startTelemetry(app.log);
  schedulePlanner(app.log);
  await app.listen({ host: '0.0.0.0', port: 8080 });
  app.log.info({ version: VERSION, commit: process.env.GIT_COMMIT ?? 'unknown' }, 'vendhub started');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
"""

SETTINGS_TS = """import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Settings = z.object({
  logLevel: z.string().default('info'),
  cashless: z.object({
    acquiroUrl: z.string().url(),
    merchantAccount: z.string(),
    preauthAmountCents: z.number().int().positive(),
    idleTimeoutS: z.number().int().positive(),
    authTimeoutMs: z.number().int().positive(),
  }),
  telemetry: z.object({
    mqttUrl: z.string(),
    intervalMin: z.number().int().positive(),
  }),
  routing: z.object({
    depotsFile: z.string(),
    planAt: z.string(),
  }),
});

export type Settings = z.infer<typeof Settings>;

export const settings: Settings = Settings.parse(
  JSON.parse(readFileSync(process.env.VENDHUB_CONFIG ?? 'config/production.json', 'utf8')),
);
"""

PRODUCTION_JSON = """{
  "logLevel": "info",
  "cashless": {
    "acquiroUrl": "https://terminal-api.acquiro.eu/v3",
    "merchantAccount": "VendelAutomatenNL",
    "preauthAmountCents": 500,
    "idleTimeoutS": 30,
    "authTimeoutMs": 8000
  },
  "telemetry": {
    "mqttUrl": "mqtts://mqtt.vendel.internal:8883",
    "intervalMin": 15
  },
  "routing": {
    "depotsFile": "config/depots.json",
    "planAt": "04:30"
  }
}
"""

DEPOTS_JSON = """{
  "UTR": { "name": "Depot Utrecht Lage Weide", "vans": 9, "opens": "05:30", "shiftMinutes": 480 },
  "AMF": { "name": "Depot Amersfoort De Hoek", "vans": 4, "opens": "06:30", "shiftMinutes": 480 }
}
"""

MACHINES_TS = """import { Pool } from 'pg';

export const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

export type MachineKind = 'HOT' | 'SNACK' | 'COLD';

/** One selection of a machine's planogram, as read from its last DEX audit (PA1). */
export interface Selection {
  selection: number;
  product: string;
  priceCents: number;
}

export interface Machine {
  id: string;
  kind: MachineKind;
  model: string;
  readerSerial: string;
  site: { id: string; name: string; kind: 'hospital' | 'station' | 'campus' | 'office'; language?: 'nl' | 'en' };
  planogram?: { auditedAt: string; selections: Selection[] };
}

const MACHINE_SQL = `
  SELECT m.id, m.kind, m.model, m.reader_serial, row_to_json(s) AS site, p.planogram
    FROM machines m JOIN sites s ON s.id = m.site_id
    LEFT JOIN LATERAL (SELECT json_build_object('auditedAt', audited_at, 'selections', selections) AS planogram
                         FROM planograms WHERE machine_id = m.id ORDER BY audited_at DESC LIMIT 1) p ON true
   WHERE m.reader_serial = $1 AND m.retired_at IS NULL`;

export async function machineByReader(serial: string): Promise<Machine | undefined> {
  const { rows } = await db.query(MACHINE_SQL, [serial]);
  if (rows.length === 0) return undefined;
  const r = rows[0];
  return { id: r.id, kind: r.kind, model: r.model, readerSerial: r.reader_serial, site: r.site, planogram: r.planogram ?? undefined };
}
"""

READER_CONFIG_TS = """import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';

import { machineByReader, type Machine } from '../fleet/machines';
import { settings } from '../settings';

/**
 * What a TapVend TR-300 reader fetches at its nightly check-in
 * (GET /v2/readers/:serial/config) and applies until the next one.
 * preauthAmountCents is what a tap pre-authorises with Acquiro; the reader
 * offers it to the machine as the session's funds (MDB Begin Session).
 */
export interface ReaderConfig {
  revision: string;
  serial: string;
  machineId: string;
  currency: 'EUR';
  preauthAmountCents: number;
  maxVendsPerSession: number;
  idleTimeoutS: number;
  displayLanguage: 'nl' | 'en';
  telemetryIntervalMin: number;
  dexOnDoorClose: boolean;
}

export function buildReaderConfig(machine: Machine): ReaderConfig {
  const body = {
    serial: machine.readerSerial,
    machineId: machine.id,
    currency: 'EUR' as const,
    preauthAmountCents: settings.cashless.preauthAmountCents,
    maxVendsPerSession: 1,
    idleTimeoutS: settings.cashless.idleTimeoutS,
    displayLanguage: machine.site.language ?? 'nl',
    telemetryIntervalMin: settings.telemetry.intervalMin,
    dexOnDoorClose: true,
  };
  return { revision: revisionOf(body), ...body };
}

function revisionOf(body: object): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8);
}

export async function readerConfigRoutes(app: FastifyInstance) {
  app.get<{ Params: { serial: string } }>('/v2/readers/:serial/config', async (req, reply) => {
    const machine = await machineByReader(req.params.serial);
    if (!machine) {
      req.log.warn({ reader: req.params.serial }, 'config requested by unknown reader');
      return reply.code(404).send({ error: 'unknown_reader' });
    }
    const cfg = buildReaderConfig(machine);
    req.log.info(
      { reader: cfg.serial, machine: cfg.machineId, revision: cfg.revision, preauth_cents: cfg.preauthAmountCents },
      'reader config served',
    );
    return cfg;
  });
}
"""

READER_CONFIG_TEST = """import { describe, expect, it } from 'vitest';

import { buildReaderConfig } from './readerConfig';

const machine = {
  id: 'VM-10442',
  kind: 'SNACK' as const,
  model: 'Necta Snakky',
  readerSerial: '30418822',
  site: { id: 'S-031', name: 'Kantoorpark Rijnsweerd, blok C', kind: 'office' as const },
};

describe('buildReaderConfig', () => {
  it('names the reader and the machine', () => {
    const cfg = buildReaderConfig(machine);
    expect(cfg.serial).toBe('30418822');
    expect(cfg.machineId).toBe('VM-10442');
    expect(cfg.currency).toBe('EUR');
  });

  it('changes revision when the body changes', () => {
    const a = buildReaderConfig(machine);
    const b = buildReaderConfig({ ...machine, site: { ...machine.site, language: 'en' } });
    expect(a.revision).not.toBe(b.revision);
  });
});
"""

HOST_TS = """import type { FastifyInstance } from 'fastify';

import { acquiro } from './acquiro';
import { handleEvents, type SessionResult } from './events';

interface AuthRequest {
  serial: string;
  machineId: string;
  sessionId: string;
  amountCents: number;
  scheme: string;
  cardToken: string;
}

export async function cashlessRoutes(app: FastifyInstance) {
  // A tap: pre-authorise the configured amount before the reader opens a session.
  app.post<{ Body: AuthRequest }>('/v2/auth', async (req) => {
    const { serial, machineId, sessionId, amountCents, scheme, cardToken } = req.body;
    const started = Date.now();
    const res = await acquiro.authorise({ reference: sessionId, amountCents, cardToken, terminalId: serial });
    const ctx = { reader: serial, machine: machineId, session: sessionId, amount_cents: amountCents, scheme, acquirer_ms: Date.now() - started };
    if (res.resultCode !== 'Authorised') {
      req.log.info({ ...ctx, reason: res.refusalReason }, 'cashless authorisation refused');
      return { approved: false, reason: res.refusalReason };
    }
    req.log.info({ ...ctx, psp_ref: res.pspReference }, 'cashless authorisation approved');
    return { approved: true, pspReference: res.pspReference };
  });

  // The reader's session result: capture what was vended, void the rest.
  app.post<{ Params: { id: string }; Body: SessionResult }>('/v2/sessions/:id/complete', async (req) => {
    const r = req.body;
    handleEvents(req.log, r);
    const ctx = { reader: r.serial, machine: r.machineId, session: req.params.id, psp_ref: r.pspReference };
    if (r.vended > 0) {
      await acquiro.capture(r.pspReference, r.amountCents);
      req.log.info({ ...ctx, amount_cents: r.amountCents, item: r.item }, 'session completed, captured');
    } else {
      await acquiro.cancel(r.pspReference);
      req.log.info({ ...ctx, end_reason: r.endReason }, 'session ended without vend, authorisation voided');
    }
    return { ok: true };
  });
}
"""

EVENTS_TS = """import type { FastifyBaseLogger } from 'fastify';

/** One MDB event from the reader's session journal. */
export interface SessionEvent {
  type: 'VEND_REQUEST' | 'VEND_APPROVED' | 'VEND_DENIED' | 'VEND_SUCCESS' | 'VEND_FAILURE' | 'SESSION_CANCEL';
  at: string;
  item?: number;
  priceCents?: number;
  reason?: string;
}

export interface SessionResult {
  serial: string;
  machineId: string;
  pspReference: string;
  fundsCents: number;
  vended: number;
  item?: number;
  amountCents: number;
  endReason?: 'VENDED' | 'CANCELLED' | 'TIMEOUT' | 'VEND_FAILURE';
  events?: SessionEvent[];
}

export function handleEvents(log: FastifyBaseLogger, r: SessionResult) {
  for (const e of r.events ?? []) {
    log.debug({ reader: r.serial, event: e.type, item: e.item, price_cents: e.priceCents, reason: e.reason }, 'session event');
  }
}
"""

ACQUIRO_TS = """import { request } from 'undici';

import { settings } from '../settings';

interface AuthoriseRequest {
  reference: string;
  amountCents: number;
  cardToken: string;
  terminalId: string;
}

interface AuthoriseResult {
  resultCode: 'Authorised' | 'Refused' | 'Error';
  pspReference?: string;
  refusalReason?: string;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await request(`${settings.cashless.acquiroUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': process.env.ACQUIRO_API_KEY ?? '' },
    body: JSON.stringify({ merchantAccount: settings.cashless.merchantAccount, ...(body as object) }),
    headersTimeout: settings.cashless.authTimeoutMs,
    bodyTimeout: settings.cashless.authTimeoutMs,
  });
  return (await res.body.json()) as T;
}

export const acquiro = {
  authorise: (r: AuthoriseRequest) =>
    post<AuthoriseResult>('/payments', {
      reference: r.reference,
      amount: { currency: 'EUR', value: r.amountCents },
      paymentMethod: { type: 'scheme', encryptedCard: r.cardToken },
      additionalData: { authorisationType: 'PreAuth', terminalId: r.terminalId },
      shopperInteraction: 'POS',
    }),
  capture: (pspReference: string, amountCents: number) =>
    post(`/payments/${pspReference}/captures`, { amount: { currency: 'EUR', value: amountCents } }),
  cancel: (pspReference: string) => post(`/payments/${pspReference}/cancels`, {}),
};
"""

TELEMETRY_TS = """import mqtt from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';

import { parseDex } from './dex';
import { settings } from '../settings';

// Readers publish telemetry every intervalMin and a DEX audit when a door
// closes; we batch what arrived each minute.
export function startTelemetry(log: FastifyBaseLogger) {
  const client = mqtt.connect(settings.telemetry.mqttUrl, { clientId: `vendhub-${process.env.HOSTNAME}` });
  let machines = new Set<string>();
  let dex = 0;
  let events = 0;
  client.subscribe(['readers/+/telemetry', 'readers/+/dex', 'readers/+/events']);
  client.on('message', (topic, payload) => {
    const [, serial, kind] = topic.split('/');
    machines.add(serial);
    if (kind === 'dex') {
      dex += 1;
      parseDex(payload.toString('latin1'));
    } else if (kind === 'events') {
      events += 1;
    }
  });
  setInterval(() => {
    log.info({ machines: machines.size, dex_audits: dex, events }, 'telemetry batch ingested');
    machines = new Set();
    dex = 0;
    events = 0;
  }, 60_000);
}
"""

DEX_TS = """// EVA-DTS (DEX/UCS) audit records we use: ID1 machine, PA1 selection and
// price, PA2 vends and value since initialisation.
export interface DexSelection {
  selection: number;
  priceCents: number;
  vends: number;
}

export function parseDex(text: string): DexSelection[] {
  const out: DexSelection[] = [];
  let current: DexSelection | undefined;
  for (const line of text.split(/\\r?\\n/)) {
    const f = line.split('*');
    if (f[0] === 'PA1') {
      current = { selection: Number(f[1]), priceCents: Number(f[2]), vends: 0 };
      out.push(current);
    } else if (f[0] === 'PA2' && current) {
      current.vends = Number(f[1]);
    }
  }
  return out;
}
"""

PLANNER_TS = """import type { FastifyBaseLogger } from 'fastify';
import { readFileSync } from 'node:fs';

import { settings } from '../settings';

interface Depot {
  name: string;
  vans: number;
  opens: string;
  shiftMinutes: number;
}

// Every night at planAt: one route per van from each depot, visiting the
// machines whose telemetry says they will run out of something before the
// next visit could come.
export function schedulePlanner(log: FastifyBaseLogger) {
  const depots: Record<string, Depot> = JSON.parse(readFileSync(settings.routing.depotsFile, 'utf8'));
  const [h, m] = settings.routing.planAt.split(':').map(Number);
  setInterval(() => {
    const now = new Date();
    if (now.getHours() !== h || now.getMinutes() !== m) return;
    for (const [code, depot] of Object.entries(depots)) {
      void planDepot(code, depot).then((plan) =>
        log.info({ depot: code, routes: plan.routes, stops: plan.stops, planner_ms: plan.ms }, 'restock routes published'),
      );
    }
  }, 60_000);
}

async function planDepot(code: string, depot: Depot) {
  const started = Date.now();
  const stops = await dueMachines(code, depot);
  return { routes: Math.min(depot.vans, Math.ceil(stops / 16)), stops, ms: Date.now() - started };
}

async function dueMachines(_code: string, _depot: Depot): Promise<number> {
  return 0;
}
"""

VISITS_TS = """import type { FastifyInstance } from 'fastify';

interface Visit {
  machineId: string;
  driver: string;
  itemsLoaded: number;
  cashCollectedCents: number;
}

// The drivers' handhelds post each restock visit when the machine's door closes.
export async function visitRoutes(app: FastifyInstance) {
  app.post<{ Body: Visit }>('/v2/visits', async (req) => {
    const v = req.body;
    req.log.info({ machine: v.machineId, driver: v.driver, items_loaded: v.itemsLoaded, cash_cents: v.cashCollectedCents }, 'restock visit completed');
    return { ok: true };
  });
}
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: vendhub
resources:
  - deployment.yaml
  - service.yaml
images:
  - name: 417262.dkr.ecr.eu-central-1.amazonaws.com/vendhub
    newTag: "2.12.3"
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: vendhub
spec:
  replicas: 3
  selector:
    matchLabels:
      app: vendhub
  template:
    metadata:
      labels:
        app: vendhub
    spec:
      containers:
        - name: vendhub
          image: 417262.dkr.ecr.eu-central-1.amazonaws.com/vendhub
          env:
            - name: VENDHUB_CONFIG
              value: /app/config/production.json
          envFrom:
            - secretRef:
                name: vendhub
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: vendhub
spec:
  selector:
    app: vendhub
  ports:
    - port: 80
      targetPort: 8080
"""

DOCKERFILE = """FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci
COPY src ./src
RUN npm run build

FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /src/dist ./dist
COPY config ./config
ARG GIT_COMMIT=unknown
ENV GIT_COMMIT=$GIT_COMMIT
CMD ["node", "dist/index.js"]
"""

GITLAB_CI = """stages: [test, image]

test:
  stage: test
  image: node:20-alpine
  script:
    - npm ci
    - npm run lint
    - npm test

image:
  stage: image
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
  script:
    - docker build --build-arg GIT_COMMIT=$CI_COMMIT_SHORT_SHA -t $ECR/vendhub:$CI_COMMIT_SHORT_SHA .
    - docker tag $ECR/vendhub:$CI_COMMIT_SHORT_SHA $ECR/vendhub:$(node -p "require('./package.json').version")
    - docker push --all-tags $ECR/vendhub
"""

README = """# vendhub

Vendel Automaten's back end for the machines' TapVend TR-300 readers:

- the cashless host (`src/cashless/host.ts`): pre-authorisations with
  Acquiro on a tap, capture of what was vended, void of the rest;
- the readers' configuration (`src/cashless/readerConfig.ts`), fetched by
  each reader at its nightly check-in;
- telemetry and DEX audits over MQTT (`src/telemetry`);
- the depots' restock routes (`src/routing`), planned at 04:30.

## Running locally

```
npm ci
npm test
VENDHUB_CONFIG=config/local.json npm start
```

## Releasing

A release commit sets the version in `package.json` and `src/version.ts`
and the tag in `deploy/production/kustomization.yaml`. Argo CD's
`vendhub-prod` application tracks `main` without auto-sync: sync it by hand
once the image is pushed. No production syncs after 16:00; a release cut
later goes out before 07:00 the next morning. To roll back, pin the
previous tag on `main` and sync.
"""

READERS_DOC = """# TapVend readers

Every machine has a TapVend TR-300 on its MDB bus as the cashless device
(level 3). The reader reaches us over its LTE-M modem.

## Configuration

At its nightly check-in (a random minute between 02:00 and 05:30) a reader
fetches `GET /v2/readers/:serial/config`, applies it and keeps it until the
next check-in. Sending the reader command `REFRESH_CONFIG` (fleet console,
Readers > Command) makes it fetch again within a few minutes.

## A cashless session

1. A tap: the reader asks us to pre-authorise `preauthAmountCents`; we
   ask Acquiro (`POST /v2/auth`).
2. The reader opens the session with the machine (MDB Begin Session) and
   offers the pre-authorised amount as the session's funds.
3. The customer chooses; the machine sends a Vend Request with the price.
   The reader approves it if it is within the funds and denies it
   otherwise (the machine shows "Niet toegestaan").
4. Vend Success or Vend Failure; the reader ends the session and posts the
   result (`POST /v2/sessions/:id/complete`): we capture what was vended
   and void the rest.

## Prices

We read each machine's planogram (selections and prices, PA1) from its DEX
audit. The hot drink machines with options (WMF 1500S, Franke A600) price a
large cup, an extra shot and oat milk themselves, on top of the selection's
price; the DEX audit has the base prices only. The Necta Kikko machines
have no options.
"""

RUNBOOK = """# vendhub runbook

Owner: #vendhub-oncall. Fleet ops (07:00-19:00) and support call the on-call.

## Readers offline

A reader missed two telemetry intervals. Check the LTE-M coverage map and
the reader's last check-in in the fleet console before sending a driver.

## Restock routes missing

The 04:30 plan did not publish (`restock routes published` missing for a
depot). Rerun it from the fleet console; drivers start at 05:30.
"""

CHANGELOG = "# Changelog\n\n## 2.12.3\n\n- Telemetry: batch the MQTT messages per minute.\n"


def build_repo():
    repo = Repo()
    lotte = Person("Lotte Jansen", "lotte.jansen@vendel.nl", 60)
    noor = Person("Noor El Amrani", "noor.elamrani@vendel.nl", 60)
    thijs = Person("Thijs de Wit", "thijs.dewit@vendel.nl", 60)
    bram = Person("Bram Verhoeven", "bram.verhoeven@vendel.nl", 60)
    rui = Person("Rui Costa", "rui.costa@vendel.nl", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    rc, rct = "src/cashless/readerConfig.ts", "src/cashless/readerConfig.test.ts"
    repo.commit(cet("2026-02-26 10:05:00"), lotte, "vendhub 2.12.3: cashless host, reader config, telemetry, restock routes (moved from the platform monorepo)", {
        "package.json": PACKAGE_JSON,
        "package-lock.json": package_lock("vendhub", DEPS),
        "tsconfig.json": TSCONFIG,
        "src/version.ts": VERSION_TS,
        "src/index.ts": INDEX_TS,
        "src/settings.ts": SETTINGS_TS,
        "src/fleet/machines.ts": MACHINES_TS,
        rc: READER_CONFIG_TS,
        rct: READER_CONFIG_TEST,
        "src/cashless/host.ts": HOST_TS,
        "src/cashless/events.ts": EVENTS_TS,
        "src/cashless/acquiro.ts": ACQUIRO_TS,
        "src/telemetry/ingest.ts": TELEMETRY_TS,
        "src/telemetry/dex.ts": DEX_TS,
        "src/routing/planner.ts": PLANNER_TS,
        "src/routing/visits.ts": VISITS_TS,
        "config/production.json": PRODUCTION_JSON,
        "config/depots.json": DEPOTS_JSON,
        "deploy/production/kustomization.yaml": KUSTOMIZATION,
        "deploy/production/deployment.yaml": DEPLOYMENT,
        "deploy/production/service.yaml": SERVICE_YAML,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": README,
        "docs/readers.md": READERS_DOC,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(93011)
    repo.schedule(chores(rng, SERVICE, [bram, lotte, rui], cet("2026-02-26 12:00:00"), cet("2026-03-03 12:00:00"), 3))
    repo.commit(cet("2026-02-27 09:12:00"), bot, "build(deps): bump fastify from 4.26.1 to 4.26.2", {
        "package.json": repo.edit("package.json", '"fastify": "4.26.1"', '"fastify": "4.26.2"'),
        "package-lock.json": package_lock("vendhub", {**DEPS, "fastify": "4.26.2"}),
    })
    repo.commit(cet("2026-02-27 14:31:00"), bram, "routing: Amersfoort depot opens at 06:00 since the new lease (ROUTE-81)", {
        "config/depots.json": repo.edit("config/depots.json", '"vans": 4, "opens": "06:30"', '"vans": 4, "opens": "06:00"'),
    })
    repo.commit(cet("2026-03-02 11:16:00"), rui, "reader config: English display texts at the stations (PAY-405)\n\nStation customers are often not Dutch speakers; a site without a\nlanguage of its own gets English at a station, Dutch elsewhere.", {
        rc: sub(repo.files[rc],
                "    displayLanguage: machine.site.language ?? 'nl',\n",
                "    displayLanguage: machine.site.language ?? (machine.site.kind === 'station' ? 'en' : 'nl'),\n"),
        rct: sub(repo.files[rct],
                 "  it('changes revision when the body changes', () => {\n",
                 "  it('speaks English at a station unless the site says otherwise', () => {\n    const station = { ...machine, site: { ...machine.site, kind: 'station' as const } };\n    expect(buildReaderConfig(station).displayLanguage).toBe('en');\n    expect(buildReaderConfig({ ...station, site: { ...station.site, language: 'nl' as const } }).displayLanguage).toBe('nl');\n  });\n\n  it('changes revision when the body changes', () => {\n"),
    })
    repo.commit(cet("2026-03-02 16:42:00"), lotte, "telemetry: read PA2 vend counts from DEX audits with EA3 records (TEL-77)", {
        "src/telemetry/dex.ts": sub(repo.files["src/telemetry/dex.ts"],
                                    "    } else if (f[0] === 'PA2' && current) {\n      current.vends = Number(f[1]);\n",
                                    "    } else if (f[0] === 'PA2' && current) {\n      current.vends = Number(f[1]) || 0;\n    } else if (f[0] === 'EA3') {\n      // audit read marker: PA records after it belong to the same audit\n      continue;\n"),
    })
    culprit = repo.commit(cet("2026-03-03 14:22:00"), noor, "cashless: pre-authorise the machine's highest price instead of a flat 5.00 (PAY-412)\n\nA tap pre-authorised 5.00 EUR at every machine. Cardholders see a 5.00\nhold for a 1.20 snack for days (27 complaints in February), and the\nstudent union reports prepaid student cards refused outright at the\nScience Park because the balance is under 5.00.\n\nPre-authorise the highest price in the machine's planogram instead: the\nreader offers it as the session's funds and no selection costs more.\nMachines without a planogram yet keep the flat amount. The readers pick\nthis up at tonight's check-in.", {
        rc: sub(repo.files[rc],
                "    preauthAmountCents: settings.cashless.preauthAmountCents,\n",
                "    preauthAmountCents: preauthAmountCents(machine),\n",
                "function revisionOf(body: object): string {\n",
                "/**\n * The amount a tap pre-authorises: the highest price in the machine's\n * planogram, so that any selection fits in the session's funds without\n * holding 5.00 on the card (PAY-412). Machines we have no planogram for\n * yet keep the flat amount.\n */\nexport function preauthAmountCents(machine: Machine): number {\n  const prices = (machine.planogram?.selections ?? []).map((s) => s.priceCents).filter((p) => p > 0);\n  if (prices.length === 0) return settings.cashless.preauthAmountCents;\n  return Math.max(...prices);\n}\n\nfunction revisionOf(body: object): string {\n"),
        rct: sub(repo.files[rct],
                 "import { buildReaderConfig } from './readerConfig';\n",
                 "import { buildReaderConfig, preauthAmountCents } from './readerConfig';\n",
                 "describe('buildReaderConfig', () => {\n",
                 "const planogram = {\n  auditedAt: '2026-03-02T07:41:00Z',\n  selections: [\n    { selection: 11, product: 'Mars', priceCents: 140 },\n    { selection: 12, product: 'Snickers', priceCents: 140 },\n    { selection: 24, product: 'Lays Naturel', priceCents: 160 },\n    { selection: 31, product: 'Chaudfontaine 50cl', priceCents: 210 },\n  ],\n};\n\ndescribe('preauthAmountCents', () => {\n  it('is the highest price in the planogram', () => {\n    expect(preauthAmountCents({ ...machine, planogram })).toBe(210);\n  });\n\n  it('is the flat amount without a planogram', () => {\n    expect(preauthAmountCents(machine)).toBe(500);\n  });\n});\n\ndescribe('buildReaderConfig', () => {\n"),
    })
    rel_2130 = repo.commit(cet("2026-03-03 15:02:00"), noor, "release 2.13.0", {
        "package.json": repo.edit("package.json", '"version": "2.12.3"', '"version": "2.13.0"'),
        "src/version.ts": repo.edit("src/version.ts", "'2.12.3'", "'2.13.0'"),
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.12.3"', 'newTag: "2.13.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.13.0\n\n- Pre-authorise the machine's highest price instead of 5.00 (PAY-412).\n- English display texts at stations (PAY-405).\n- DEX audits with EA3 records (TEL-77).\n- fastify 4.26.2.\n", 1),
    })
    repo.commit(cet("2026-03-03 16:18:00"), rui, "cashless: log the vends a reader denies or a machine fails, with the reason (CASH-233)\n\nSupport asks why a customer saw \"Niet toegestaan\" and we only had the\nsession events at debug. Warn for VEND_DENIED and VEND_FAILURE.", {
        "src/cashless/events.ts": sub(repo.files["src/cashless/events.ts"],
                                      "    log.debug({ reader: r.serial, event: e.type, item: e.item, price_cents: e.priceCents, reason: e.reason }, 'session event');\n",
                                      "    log.debug({ reader: r.serial, event: e.type, item: e.item, price_cents: e.priceCents, reason: e.reason }, 'session event');\n    if (e.type === 'VEND_DENIED') {\n      log.warn(\n        { reader: r.serial, machine: r.machineId, item: e.item, price_cents: e.priceCents, funds_cents: r.fundsCents, reason: e.reason },\n        'vend denied by reader',\n      );\n    } else if (e.type === 'VEND_FAILURE') {\n      log.warn({ reader: r.serial, machine: r.machineId, item: e.item, reason: e.reason }, 'vend failed at machine, nothing captured');\n    }\n"),
    })
    repo.commit(cet("2026-03-03 16:51:00"), bram, "routing: leave out machines telemetry reports above 70% full (ROUTE-88)", {
        "src/routing/planner.ts": sub(repo.files["src/routing/planner.ts"],
                                      "// next visit could come.\n",
                                      "// next visit could come. Machines above 70% full by their last telemetry\n// are left out even when one selection is low (ROUTE-88).\n"),
        "config/depots.json": repo.edit("config/depots.json", '"UTR": { "name": "Depot Utrecht Lage Weide", "vans": 9, "opens": "05:30", "shiftMinutes": 480 }',
                                        '"UTR": { "name": "Depot Utrecht Lage Weide", "vans": 9, "opens": "05:30", "shiftMinutes": 480, "skipAboveFill": 0.7 }'),
    })
    repo.commit(cet("2026-03-03 17:05:00"), rui, "reader config: receipt link for the reader's QR code (PAY-415)", {
        rc: sub(repo.files[rc],
                "  dexOnDoorClose: boolean;\n}\n",
                "  dexOnDoorClose: boolean;\n  receiptUrl: string;\n}\n",
                "    dexOnDoorClose: true,\n  };\n",
                "    dexOnDoorClose: true,\n    receiptUrl: `https://bon.vendel.nl/r/${machine.id}`,\n  };\n"),
    })
    repo.commit(cet("2026-03-03 17:30:00"), bot, "build(deps): bump mqtt from 5.3.5 to 5.3.6", {
        "package.json": repo.edit("package.json", '"mqtt": "5.3.5"', '"mqtt": "5.3.6"'),
        "package-lock.json": package_lock("vendhub", {**DEPS, "fastify": "4.26.2", "mqtt": "5.3.6"}),
    })
    repo.commit(cet("2026-03-03 17:41:00"), thijs, "runbook: card payments refused and denied vends", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Card payments refused, denied vends

Customers report "Kaart geweigerd" or "Niet toegestaan" at a machine.

- Refusals come from Acquiro or the card's issuer: check the reasons in
  `cashless authorisation refused` and Acquiro's status page. A jump in
  one reason across the fleet is theirs, not ours.
- A vend denied after an approved authorisation is the reader and the
  machine disagreeing over MDB, mostly after a TapVend firmware campaign:
  ask fleet ops which readers it reached and compare.
- If either starts after a vendhub release, roll back first
  (`deploy/production/kustomization.yaml`, then sync in Argo CD) and
  investigate afterwards.
""",
    })
    rel_2140 = repo.commit(cet("2026-03-03 18:10:00"), thijs, "release 2.14.0", {
        "package.json": repo.edit("package.json", '"version": "2.13.0"', '"version": "2.14.0"'),
        "src/version.ts": repo.edit("src/version.ts", "'2.13.0'", "'2.14.0'"),
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.13.0"', 'newTag: "2.14.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- Warn for vends a reader denies or a machine fails (CASH-233).\n- Restock routes leave out machines above 70% full (ROUTE-88).\n- Receipt link in the reader config (PAY-415).\n- mqtt 5.3.6.\n", 1),
    })
    rollback = repo.commit(cet("2026-03-04 08:02:00"), thijs, "deploy: pin vendhub 2.13.0 (rollback of 2.14.0, INC-512)", {
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.14.0"', 'newTag: "2.13.0"'),
    })
    fix = repo.commit(cet("2026-03-04 08:57:00"), noor, "cashless: flat pre-authorisation for hot drink machines again (PAY-419, INC-512)\n\nSince PAY-412 a tap pre-authorised the highest price in the planogram.\nThe hot drink machines price a large cup, an extra shot and oat milk\nthemselves on top of the selection's price, and their DEX audits have\nthe base prices only, so a large cappuccino (2.80) asked for more than\nthe session's funds (2.40) and the reader denied it: every hot drink\nwith an option since the readers' check-in last night.\n\nHot drink machines keep the flat amount; the others keep PAY-412.", {
        rc: sub(repo.files[rc],
                " * planogram, so that any selection fits in the session's funds without\n * holding 5.00 on the card (PAY-412). Machines we have no planogram for\n * yet keep the flat amount.\n */\nexport function preauthAmountCents(machine: Machine): number {\n",
                " * planogram, so that any selection fits in the session's funds without\n * holding 5.00 on the card (PAY-412). Machines we have no planogram for\n * yet keep the flat amount, and so do the hot drink machines: they add\n * their options (large, extra shot, oat milk) to the selection's price\n * themselves and the planogram has the base prices only (INC-512).\n */\nexport function preauthAmountCents(machine: Machine): number {\n  if (machine.kind === 'HOT') return settings.cashless.preauthAmountCents;\n"),
        rct: sub(repo.files[rct],
                 "  it('is the flat amount without a planogram', () => {\n",
                 "  it('is the flat amount for a hot drink machine, whose options cost extra', () => {\n    const hot = { ...machine, kind: 'HOT' as const, model: 'WMF 1500S', planogram: { auditedAt: planogram.auditedAt, selections: [{ selection: 4, product: 'Latte macchiato', priceCents: 240 }] } };\n    expect(preauthAmountCents(hot)).toBe(500);\n  });\n\n  it('is the flat amount without a planogram', () => {\n"),
    })
    rel_2141 = repo.commit(cet("2026-03-04 09:12:00"), noor, "release 2.14.1", {
        "package.json": repo.edit("package.json", '"version": "2.14.0"', '"version": "2.14.1"'),
        "src/version.ts": repo.edit("src/version.ts", "'2.14.0'", "'2.14.1'"),
        "deploy/production/kustomization.yaml": repo.edit("deploy/production/kustomization.yaml", 'newTag: "2.13.0"', 'newTag: "2.14.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.1\n\n- Flat pre-authorisation for hot drink machines again (PAY-419).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_2130": rel_2130, "rel_2140": rel_2140, "rollback": rollback, "fix": fix, "rel_2141": rel_2141}


# ---------------------------------------------------------------------------
# the night and the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def C(text):
    """'06:41:37' on Wednesday 4 March, CET -> epoch seconds."""
    return secs(cet(f"2026-03-04 {text}"))


def hour_cet(x):
    t = at(x).astimezone(CET)
    return t.hour + t.minute / 60 + t.second / 3600


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def eur(cents):
    return f"{cents // 100}.{cents % 100:02d}"


HOT_MENU = [(1, "Koffie", 180), (2, "Koffie verkeerd", 210), (3, "Cappuccino", 220), (4, "Latte macchiato", 240),
            (5, "Espresso", 160), (6, "Warme chocolademelk", 210), (7, "Thee", 140)]
HOT_WEIGHTS = {1: 30, 2: 12, 3: 22, 4: 13, 5: 9, 6: 8, 7: 6}
MILK = {2, 3, 4, 6}
COFFEE = {1, 2, 3, 4, 5}
KIKKO_MENU = [(1, "Koffie", 140), (2, "Koffie melk", 150), (3, "Cappuccino", 170), (4, "Chocolademelk", 160), (5, "Thee", 120), (6, "Heet water", 50)]
SNACKS = [("Mars", 140), ("Snickers", 140), ("Twix", 140), ("KitKat", 140), ("Lay's Naturel", 160), ("Doritos Nacho Cheese", 170),
          ("Tony's Chocolonely Melk", 230), ("Liga Milkbreak", 120), ("Sultana Naturel", 130), ("Kinder Bueno", 160),
          ("Duyvis Borrelnootjes", 195), ("Nutri-Grain Aardbei", 150), ("Snelle Jelle", 140), ("Wrap kip-kerrie", 340), ("Broodje kaas", 280)]
COLDS = [("Coca-Cola 50cl", 250), ("Coca-Cola Zero 50cl", 250), ("Fanta Orange 50cl", 240), ("Spa Blauw 50cl", 190),
         ("Chaudfontaine Rood 50cl", 190), ("Fuze Tea Peach 40cl", 240), ("Red Bull 25cl", 280), ("Appelsientje Appel 33cl", 210),
         ("Arizona Green Tea 50cl", 230)]
OPTIONS = {"groot": 40, "extra shot": 35, "havermelk": 30}
LEVEL = {"hospital": -20, "station": 20, "campus": -10, "office": 0}

SITES = [
    ("S-001", "St. Jacobus Ziekenhuis, hoofdingang", "hospital", "UTR", (4, 3, 2)),
    ("S-002", "St. Jacobus Ziekenhuis, personeelsrestaurant", "hospital", "UTR", (4, 1, 1)),
    ("S-003", "St. Jacobus Ziekenhuis, SEH", "hospital", "UTR", (2, 1, 1)),
    ("S-004", "Ziekenhuis Rijnzicht, Nieuwegein", "hospital", "UTR", (5, 3, 2)),
    ("S-005", "Eemland Ziekenhuis, Amersfoort", "hospital", "AMF", (5, 3, 2)),
    ("S-010", "Utrecht Centraal, hal Jaarbeurszijde", "station", "UTR", (3, 4, 4)),
    ("S-011", "Utrecht Centraal, perron 18/19", "station", "UTR", (1, 2, 2)),
    ("S-012", "Amersfoort Centraal", "station", "AMF", (2, 3, 3)),
    ("S-013", "Utrecht Leidsche Rijn", "station", "UTR", (1, 1, 2)),
    ("S-014", "Utrecht Vaartsche Rijn", "station", "UTR", (1, 1, 1)),
    ("S-020", "Science Park, Educatorium", "campus", "UTR", (5, 4, 3)),
    ("S-021", "Science Park, Kruytgebouw", "campus", "UTR", (3, 2, 1)),
    ("S-022", "Science Park, Minnaertgebouw", "campus", "UTR", (2, 2, 1)),
    ("S-023", "Hogeschool, Padualaan", "campus", "UTR", (4, 3, 2)),
]
OFFICE_PARKS = [("Papendorp", "UTR", ["Orionhuis", "Atlas", "Polaris", "Castor"]), ("Rijnsweerd", "UTR", ["blok C", "blok F", "Bolognalaan"]),
                ("Lage Weide", "UTR", ["Cartesiusweg", "Nijverheidsweg"]), ("Kanaleneiland", "UTR", ["Europalaan Noord", "Europalaan Zuid"]),
                ("Nieuwegein City", "UTR", ["Stadsplein", "Wijkersloot"]), ("Leusderkwartier", "AMF", ["Stichtse Rotonde", "Amsterdamseweg"]),
                ("De Brand", "AMF", ["Piet Mondriaanplein", "Databankweg"]), ("Houten Noord", "UTR", ["Meidoornkade", "Rondweg"])]


def hot_rate(kind, h):
    if kind == "hospital":
        return 0.35 if h < 5.5 else 1.5 if h < 6.5 else 5.0 if h < 9.5 else 3.5
    if kind == "station":
        return 0.05 if h < 5.5 else 2.0 if h < 6.5 else 6.0 if h < 9.0 else 3.5
    if kind == "campus":
        return 0.0 if h < 7.5 else 2.5 if h < 8.5 else 4.5
    return 0.02 if h < 7.0 else 2.5 if h < 8.0 else 5.0 if h < 10.0 else 3.5


def rate(machine, h):
    r = hot_rate(machine["site"]["kind"], h)
    if machine["kind"] == "SNACK":
        return r * (0.5 if machine["site"]["kind"] == "station" else 0.3)
    if machine["kind"] == "COLD":
        return r * (0.35 if machine["site"]["kind"] == "station" else 0.18)
    return r


def build_fleet(rng):
    sites = [{"id": sid, "name": name, "kind": kind, "depot": depot, "counts": counts} for sid, name, kind, depot, counts in SITES]
    n = 30
    for park, depot, buildings in OFFICE_PARKS:
        for b in buildings:
            n += 1
            sites.append({"id": f"S-{n:03d}", "name": f"{park}, {b}", "kind": "office", "depot": depot,
                          "counts": (rng.randint(2, 5), rng.randint(1, 2), rng.randint(0, 1))})
    machines = []
    serials = set()
    ids = set()
    for site in sites:
        for kind, count in zip(("HOT", "SNACK", "COLD"), site["counts"]):
            for _ in range(count):
                while True:
                    mid = f"VM-1{rng.randint(0, 4999):04d}"
                    if mid not in ids:
                        ids.add(mid)
                        break
                while True:
                    serial = f"304{rng.randint(10000, 29999)}"
                    if serial not in serials:
                        serials.add(serial)
                        break
                lvl = LEVEL[site["kind"]]
                if kind == "HOT":
                    model = rng.choices(["WMF 1500S", "Franke A600", "Necta Kikko ES6"], weights=[45, 30, 25])[0]
                    if model.startswith("Necta"):
                        menu = [(s, name, p + lvl // 2) for s, name, p in KIKKO_MENU]
                    else:
                        menu = [(s, name, p + lvl) for s, name, p in HOT_MENU]
                elif kind == "SNACK":
                    model = rng.choice(["Necta Snakky", "Sielaff FK 185", "Azkoyen Vitale S"])
                    picks = rng.sample(SNACKS[:13], 10) + ([SNACKS[13], SNACKS[14]] if site["kind"] == "hospital" else [])
                    menu = [(10 + i + 1 + (i // 6) * 4, name, p + (20 if site["kind"] == "station" else 0)) for i, (name, p) in enumerate(picks)]
                else:
                    model = rng.choice(["Sanden Vendo VDI 100", "Necta Samba Top"])
                    picks = rng.sample(COLDS, 8)
                    menu = [(i + 1, name, p + (20 if site["kind"] == "station" else 0)) for i, (name, p) in enumerate(picks)]
                machines.append({"id": mid, "serial": serial, "kind": kind, "model": model, "site": site, "menu": menu,
                                 "options": kind == "HOT" and not model.startswith("Necta"),
                                 "max": max(p for _, _, p in menu), "fw": "4.8.1",
                                 "cfg_x": C("02:00:00") + rng.uniform(0, 3.5 * 3600),
                                 "rssi": rng.randint(-96, -64)})
    for m in rng.sample(machines, 40):
        m["fw"] = "4.8.2"
    return sites, machines


def build_logs(rng, shas):
    app = Log("vendhub.log")
    journal = Log("tapvend-journal.log")
    ingress = Log("ingress-nginx.log")
    argo = Log("argocd-vendhub.log")
    status = Log("acquiro-status.log")
    tickets = Log("freshdesk-tickets.log")
    slack = Log("slack-vendhub-oncall.log")
    t0, t1 = secs(START), secs(END)
    stats = {}
    sites, machines = build_fleet(rng)
    hot = [m for m in machines if m["kind"] == "HOT"]
    for m in hot:
        m["refresh_x"] = secs(REFRESH) + rng.uniform(25, 560)
    stats["machines"] = len(machines)
    stats["hot"] = len(hot)
    stats["hot_options"] = sum(1 for m in hot if m["options"])

    def funds_at(m, x):
        if x < m["cfg_x"]:
            return 500
        if m["kind"] == "HOT" and x >= m["refresh_x"]:
            return 500
        return m["max"]

    # --- pods and versions --------------------------------------------------
    def pods(rs):
        return [f"vendhub-{rs}-{hexid(rng, 5)}" for _ in range(3)]

    rs_213, rs_214, rs_2141 = "6c9d7f8b4", "58f4b9d6c7", "7b5d4c9f86"
    rollouts = [(t0 - 86400, "2.13.0", shas["rel_2130"], pods(rs_213)),
                (secs(DEPLOY_2140) + 2, "2.14.0", shas["rel_2140"], pods(rs_214)),
                (secs(ROLLBACK) + 2, "2.13.0", shas["rollback"], pods(rs_213)),
                (secs(FIX_DEPLOY) + 2, "2.14.1", shas["rel_2141"], pods(rs_2141))]
    req_no = {}

    def running(x):
        cur = rollouts[0]
        for r in rollouts:
            if r[0] + 45 <= x:
                cur = r
        return cur

    def pino(x, level, msg, pod=None, req=True, **kv):
        cur = running(x)
        pod = pod or rng.choice(cur[3])
        body = {"level": {"debug": 20, "info": 30, "warn": 40, "error": 50}[level], "time": int(x * 1000), "pid": 1, "hostname": pod}
        if req:
            req_no[pod] = req_no.get(pod, rng.randint(4000, 90000)) + rng.randint(1, 9)
            body["reqId"] = f"req-{req_no[pod]:x}"
        body.update(kv)
        body["msg"] = msg
        app.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))
        return pod

    def jr(x, m, module, level, msg):
        t = at(x).astimezone(CET)
        journal.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +0100 {m['serial']} {module} {level} {msg}")

    def ing(x, ipaddr, method, path, status_, rt, ua, size=None):
        t = at(x)
        size = size if size is not None else rng.randint(60, 420)
        ingress.add(t, f'{ipaddr} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status_} {size} "-" "{ua}" '
                       f'{rng.randint(240, 980)} {rt:.3f} [vendhub-vendhub-80] [] 10.31.{rng.randint(0, 15)}.{rng.randint(2, 250)}:8080 {size} '
                       f'{max(0.001, rt - 0.002):.3f} {status_} {hexid(rng, 32)}')

    def reader_ip(m):
        return f"100.72.{int(m['serial'][3:5]) % 64}.{int(m['serial'][5:]) % 250 + 2}"

    def ua(m):
        return f"TapVend-TR300/{m['fw']} (LTE-M)"

    # --- readers: nightly check-in and hourly heartbeat ----------------------
    for m in machines:
        x = m["cfg_x"]
        jr(x, m, "SYS", "I", f"check-in fw={m['fw']} modem=LTE-M rssi={m['rssi'] + rng.randint(-3, 3)}dBm")
        rev = hexid(rng, 8)
        y = x + rng.uniform(0.9, 3.2)
        ing(y, reader_ip(m), "GET", f"/v2/readers/{m['serial']}/config", 200, rng.uniform(0.018, 0.06), ua(m), size=rng.randint(560, 640))
        pino(y - 0.01, "info", "reader config served", reader=m["serial"], machine=m["id"], revision=rev, preauth_cents=m["max"])
        jr(y + 0.4, m, "CFG", "I", f"config fetched (rev {rev}, {rng.randint(560, 640)} bytes)")
        jr(y + 0.5, m, "CFG", "I", f"config applied: pre-authorisation {eur(m['max'])} EUR, was 5.00 EUR (rev {rev})")
        m["rev"] = rev
        hb = t0 + rng.uniform(0, 3600)
        while hb < t1:
            if abs(hb - x) > 90:
                jr(hb, m, "SYS", "I", f"heartbeat fw={m['fw']} rssi={m['rssi'] + rng.randint(-4, 4)}dBm temp={rng.randint(17, 31)}C")
            hb += 3600 + rng.uniform(-2, 2)
    for m in hot:
        x = m["refresh_x"]
        jr(x - rng.uniform(60, 180), m, "SYS", "I", "command REFRESH_CONFIG received")
        rev = hexid(rng, 8)
        ing(x - 2.1, reader_ip(m), "GET", f"/v2/readers/{m['serial']}/config", 200, rng.uniform(0.018, 0.06), ua(m), size=rng.randint(600, 680))
        pino(x - 2.11, "info", "reader config served", reader=m["serial"], machine=m["id"], revision=rev, preauth_cents=500)
        jr(x - 1.6, m, "CFG", "I", f"config fetched (rev {rev}, {rng.randint(600, 680)} bytes)")
        jr(x - 1.5, m, "CFG", "I", f"config applied: pre-authorisation 5.00 EUR, was {eur(m['max'])} EUR (rev {rev})")

    # --- cashless sessions --------------------------------------------------
    first_site = next(s for s in sites if s["id"] == "S-001")
    onset_machine = next(m for m in hot if m["site"] is first_site and m["options"])
    denials = []
    sessions = []  # (x, machine, approved, vended)
    tickets_due = []

    def choose(m, x, allow_options=True):
        menu = m["menu"]
        if m["kind"] == "HOT":
            if m["options"]:
                sel = rng.choices([s for s, _, _ in menu], weights=[HOT_WEIGHTS[s] for s, _, _ in menu])[0]
            else:
                sel = rng.choices([s for s, _, _ in menu], weights=[30, 20, 22, 10, 14, 4])[0]
            base = next(p for s, _, p in menu if s == sel)
            opts = []
            if m["options"] and allow_options:
                if sel != 5 and rng.random() < 0.32:
                    opts.append("groot")
                if sel in COFFEE and rng.random() < 0.10:
                    opts.append("extra shot")
                if sel in MILK and rng.random() < 0.15:
                    opts.append("havermelk")
            return sel, base + sum(OPTIONS[o] for o in opts), opts
        s, _, p = rng.choice(menu)
        return s, p, []

    def run_session(x, m, forced=None):
        funds = funds_at(m, x)
        sid = "S" + hexid(rng, 11).upper()
        scheme = rng.choices(["VISA DEBIT", "MAESTRO", "MC DEBIT", "VISA", "MC", "V PAY", "AMEX"], weights=[30, 14, 22, 10, 12, 9, 1])[0]
        wallet = rng.choices(["contactless", "Apple Pay", "Google Pay"], weights=[60, 28, 12])[0]
        ip_ = reader_ip(m)
        slow = secs(ACQUIRO_SLOW[0]) <= x < secs(ACQUIRO_SLOW[1])
        acq_ms = int(rng.lognormvariate(0, 0.35) * (1250 if slow else 360))
        jr(x, m, "SES", "I", f"card read: {scheme} ({wallet}), requesting pre-authorisation {eur(funds)} EUR")
        if slow and rng.random() < 0.025:
            y = x + 8.05
            ing(y, ip_, "POST", "/v2/auth", 504, 8.004, ua(m), size=0)
            pino(y - 0.002, "error", "cashless authorisation failed", reader=m["serial"], machine=m["id"], session=sid, amount_cents=funds,
                 err={"type": "HeadersTimeoutError", "message": "Headers Timeout Error", "code": "UND_ERR_HEADERS_TIMEOUT"})
            jr(y + 0.1, m, "SES", "W", "authorisation failed: host timeout, showing 'Probeer opnieuw'")
            return ("timeout", y)
        y = x + acq_ms / 1000 + 0.03
        ing(y, ip_, "POST", "/v2/auth", 200, acq_ms / 1000 + 0.021, ua(m))
        refuse = 0.004 + (0.007 if funds >= 500 else 0.002)
        if rng.random() < refuse:
            reason = rng.choices(["Not enough balance", "Expired Card", "Refused", "Transaction Not Permitted", "Issuer Unavailable"],
                                 weights=[60 if funds >= 500 else 25, 12, 15, 6, 3])[0]
            pino(y - 0.004, "info", "cashless authorisation refused", reader=m["serial"], machine=m["id"], session=sid, amount_cents=funds,
                 scheme=scheme, acquirer_ms=acq_ms, reason=reason)
            jr(y + 0.05, m, "SES", "W", f"authorisation refused: {reason}")
            return ("refused", y)
        psp = f"{rng.randint(10**15, 10**16 - 1)}"
        pino(y - 0.004, "info", "cashless authorisation approved", reader=m["serial"], machine=m["id"], session=sid, amount_cents=funds,
             scheme=scheme, acquirer_ms=acq_ms, psp_ref=psp)
        jr(y + 0.05, m, "SES", "I", f"session opened: funds {eur(funds)} EUR, psp {psp}")
        z = y + rng.uniform(3, 14)
        events = []
        end_reason, vended, amount, item = None, 0, 0, None
        if forced is None and rng.random() < 0.022:
            end_reason = rng.choice(["CANCELLED", "TIMEOUT"])
            z = y + (30 if end_reason == "TIMEOUT" else rng.uniform(4, 20))
        else:
            sel, price, opts = forced or choose(m, x)
            if price > funds and x < secs(FIRST_DENIAL) and forced is None:
                sel, price, opts = sel, price - sum(OPTIONS[o] for o in opts), []
            if forced is None and rng.random() < 0.002:
                jr(z, m, "MDB", "W", f"VEND REQUEST item={sel} price={eur(price)} -> VEND DENIED: session expired")
                events.append(("VEND_DENIED", sel, price, "SESSION_EXPIRED"))
                end_reason = "TIMEOUT"
                z += 0.4
            elif price > funds:
                jr(z, m, "MDB", "W", f"VEND REQUEST item={sel} price={eur(price)} -> VEND DENIED: vend request exceeds session funds ({eur(price)} > {eur(funds)})")
                events.append(("VEND_DENIED", sel, price, "EXCEEDS_FUNDS"))
                denials.append((z, m, sel, price, funds, opts))
                if rng.random() < 0.5 and forced is None:
                    z += rng.uniform(4, 12)
                    price -= sum(OPTIONS[o] for o in opts)
                    opts = []
                else:
                    end_reason = "CANCELLED" if rng.random() < 0.7 else "TIMEOUT"
                    z += rng.uniform(3, 9) if end_reason == "CANCELLED" else 30
                    if rng.random() < 0.12 and z > secs(FIRST_DENIAL) + 600:
                        tickets_due.append((z + rng.uniform(60, 900), m, sel, price, opts))
            if end_reason is None:
                jr(z, m, "MDB", "I", f"VEND REQUEST item={sel} price={eur(price)} -> VEND APPROVED")
                events.append(("VEND_APPROVED", sel, price, None))
                if rng.random() < 0.003:
                    z += rng.uniform(6, 12)
                    jr(z, m, "MDB", "W", f"VEND FAILURE item={sel}")
                    events.append(("VEND_FAILURE", sel, price, "VMC_FAILURE"))
                    end_reason = "VEND_FAILURE"
                else:
                    z += rng.uniform(8, 40) if m["kind"] == "HOT" else rng.uniform(3, 6)
                    vended, amount, item = 1, price, sel
                    end_reason = "VENDED"
        if vended:
            jr(z + 0.2, m, "SES", "I", f"session closed: vended item={item}, amount {eur(amount)} EUR")
        elif end_reason == "VEND_FAILURE":
            jr(z + 0.2, m, "SES", "W", "session closed: vend failure, nothing charged")
        else:
            jr(z + 0.2, m, "SES", "I", f"session closed: no vend ({end_reason})")
        c = z + rng.uniform(0.8, 2.6)
        ing(c, ip_, "POST", f"/v2/sessions/{sid}/complete", 200, rng.uniform(0.09, 0.32), ua(m), size=11)
        cur = running(c - 0.1)
        pod = rng.choice(cur[3])
        if cur[1] in ("2.14.0", "2.14.1"):
            for kind, sel, price, reason in events:
                if kind == "VEND_DENIED":
                    pino(c - 0.2, "warn", "vend denied by reader", pod=pod, reader=m["serial"], machine=m["id"], item=sel, price_cents=price,
                         funds_cents=funds, reason=reason)
                elif kind == "VEND_FAILURE":
                    pino(c - 0.2, "warn", "vend failed at machine, nothing captured", pod=pod, reader=m["serial"], machine=m["id"], item=sel,
                         reason=reason)
        if vended:
            pino(c - 0.01, "info", "session completed, captured", pod=pod, reader=m["serial"], machine=m["id"], session=sid, psp_ref=psp,
                 amount_cents=amount, item=item)
        else:
            pino(c - 0.01, "info", "session ended without vend, authorisation voided", pod=pod, reader=m["serial"], machine=m["id"],
                 session=sid, psp_ref=psp, end_reason=end_reason)
        sessions.append((x, m, True, bool(vended)))
        return ("done", c)

    for m in machines:
        peak = 6.0
        x = t0
        while True:
            x += rng.expovariate(peak / 3600)
            if x >= t1 - 60:
                break
            if rng.random() >= rate(m, hour_cet(x)) / peak:
                continue
            if m is onset_machine and abs(x - secs(FIRST_DENIAL)) < 240:
                continue
            res, y = run_session(x, m)
            if res == "timeout" and rng.random() < 0.6:
                run_session(y + rng.uniform(8, 25), m)
    # the first one: a large cappuccino with oat milk at St. Jacobus, before the morning round
    onset_sel = (3, next(p for s, _, p in onset_machine["menu"] if s == 3) + OPTIONS["groot"] + OPTIONS["havermelk"], ["groot", "havermelk"])
    run_session(secs(FIRST_DENIAL) - 6.3, onset_machine, forced=onset_sel)
    denials.sort(key=lambda d: d[0])
    assert abs(denials[0][0] - secs(FIRST_DENIAL)) < 20, (at(denials[0][0]), FIRST_DENIAL)
    assert denials[0][1] is onset_machine
    stats["first_denial"] = denials[0][0]
    stats["denials"] = denials
    stats["onset_machine"] = onset_machine

    # --- telemetry, restock routes and visits ------------------------------------
    x = t0 + 17.2
    while x < t1:
        cur = running(x)
        for k, pod in enumerate(cur[3]):
            h = hour_cet(x)
            dex = 0
            if 5.7 < h < 10.4:
                dex = rng.choices([0, 1, 2], weights=[5, 3, 1])[0]
            pino(x + k * 0.37, "info", "telemetry batch ingested", pod=pod, req=False, machines=rng.randint(4, 9), dex_audits=dex,
                 events=rng.randint(0, 6))
        x += 60 + rng.uniform(-0.05, 0.05)
    plan_x = C("04:30:00")
    for depot, routes, stops in (("UTR", 9, 141), ("AMF", 4, 58)):
        pino(plan_x + rng.uniform(1.5, 6), "info", "restock routes published", req=False, depot=depot, routes=routes, stops=stops,
             planner_ms=rng.randint(2400, 9800))
    drivers = {"UTR": ["d.bakker", "m.visser", "r.smit", "k.meijer", "j.mulder", "s.boer", "e.dekker", "w.vos", "a.peters"],
               "AMF": ["h.hendriks", "f.bos", "p.koster", "t.prins"]}
    by_depot = {d: [m for m in machines if m["site"]["depot"] == d] for d in drivers}
    for depot, names in drivers.items():
        start = C("05:30:00") if depot == "UTR" else C("06:00:00")
        for name in names:
            x = start + rng.uniform(1500, 2700)
            route = rng.sample(by_depot[depot], min(len(by_depot[depot]), 16))
            for m in route:
                if x >= t1 - 120:
                    break
                jr(x, m, "DEX", "I", f"door open, audit read by handheld ({len(m['menu'])} selections)")
                y = x + rng.uniform(300, 900)
                jr(y, m, "DEX", "I", "door closed, audit sent")
                ing(y + 2.4, f"100.73.{rng.randint(0, 40)}.{rng.randint(2, 250)}", "POST", "/v2/visits", 200, rng.uniform(0.03, 0.09),
                    "VendelRoute/3.8.2 (Android 13; Zebra TC26)")
                pino(y + 2.38, "info", "restock visit completed", machine=m["id"], driver=name, items_loaded=rng.randint(6, 48),
                     cash_cents=rng.choice([0, 0, rng.randint(300, 4800)]))
                x = y + rng.uniform(420, 1500)

    # --- the fleet console --------------------------------------------------------
    staff = ["10.20.4.17", "10.20.4.23", "10.20.5.8", "10.20.5.41"]
    x = C("06:50:00")
    while x < t1:
        x += rng.expovariate(1.1 / 60)
        h = hour_cet(x)
        m = rng.choice(machines)
        path = rng.choice([f"/console/api/machines/{m['id']}", f"/console/api/machines/{m['id']}/sessions?limit=50",
                           f"/console/api/readers/{m['serial']}", "/console/api/alerts?state=open"])
        ing(x, rng.choice(staff), "GET", path, 200, rng.uniform(0.02, 0.2), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
            size=rng.randint(900, 24000))
    ing(secs(REFRESH) - 4.0, staff[1], "POST", "/console/api/readers/commands", 202, 0.412,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15", size=64)
    pino(secs(REFRESH) - 4.1, "info", "reader command queued", command="REFRESH_CONFIG", readers=len(hot), user="femke.bos", filter="kind=HOT")

    # --- start-up lines at each rollout ----------------------------------------------
    for when, version, sha, pod_names in rollouts[1:]:
        for k, pod in enumerate(pod_names):
            y = when + 8 + k * 17 + rng.uniform(0, 3)
            pino(y, "info", "Server listening at http://0.0.0.0:8080", pod=pod, req=False)
            pino(y + 0.02, "info", "vendhub started", pod=pod, req=False, version=version, commit=sha[:8])
            pino(y + 0.4, "info", "telemetry subscribed", pod=pod, req=False, topics=3, broker="mqtt.vendel.internal:8883")

    # --- Argo CD ------------------------------------------------------------------------
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/vendhub-prod {extra}'.rstrip())

    x = t0 + 73
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "vendhub", "dedup_ms": 0, "time_ms": rng.randint(48, 160)})
        x += 180 + rng.uniform(0, 1)
    for when, sha, hid, who in ((secs(DEPLOY_2140), shas["rel_2140"], 58, "thijs.dewit@vendel.nl"),
                                (secs(ROLLBACK), shas["rollback"], 59, "thijs.dewit@vendel.nl"),
                                (secs(FIX_DEPLOY), shas["rel_2141"], 60, "thijs.dewit@vendel.nl")):
        argo_line(when - 31.5, "Refreshing app status (spec.source differs)", **{"dest-namespace": "vendhub"})
        argo_line(when - 30.2, "Updated sync status: Synced -> OutOfSync", revision=sha)
        argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "vendhub", "user": who})
        argo_line(when + 1.6, "apps/Deployment vendhub/vendhub configured", revision=sha)
        argo_line(when + 2.1, "Updated health status: Healthy -> Progressing", revision=sha)
        argo_line(when + 66 + rng.uniform(0, 8), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 74 + rng.uniform(0, 4), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    # --- Acquiro's status page ------------------------------------------------------------
    def st(x, incident, state, title, body, components):
        status.add(at(x), json.dumps({"incident_id": incident, "updated_at": iso_ms(x)[:-5] + "Z", "status": state, "impact": "minor",
                                      "title": title, "components": components, "body": body}, ensure_ascii=False))

    st(C("01:58:00"), "acq-2026-0211", "scheduled", "Scheduled maintenance: reporting exports",
       "Settlement report exports will be delayed between 03:00 and 04:00 CET. Payments are not affected.", ["Reporting"])
    st(C("04:02:00"), "acq-2026-0211", "completed", "Scheduled maintenance: reporting exports", "The maintenance has been completed.", ["Reporting"])
    st(C("07:18:00"), "acq-2026-0214", "investigating", "Elevated response times for terminal authorisations",
       "We are investigating increased response times for authorisation requests from terminals in the Netherlands and Belgium. Some requests may time out.",
       ["Terminal API (EU)"])
    st(C("07:41:00"), "acq-2026-0214", "identified", "Elevated response times for terminal authorisations",
       "A degraded node in our EU authorisation cluster has been removed from service. Response times are recovering.", ["Terminal API (EU)"])
    st(C("08:02:00"), "acq-2026-0214", "resolved", "Elevated response times for terminal authorisations",
       "Between 07:10 and 07:55 CET authorisation requests from terminals in NL and BE saw increased response times and occasional timeouts. The issue is resolved.",
       ["Terminal API (EU)"])

    # --- support tickets ---------------------------------------------------------------------
    pending = []

    def ticket(x, m, subject, text, tags):
        pending.append((x, m, subject, text, tags))

    routine = [("Munt niet geaccepteerd", "Mijn 2 euro munt valt er steeds weer uit.", ["munten"]),
               ("Snack blijft hangen", "Mijn Snickers hangt vast in de spiraal, wel betaald.", ["spiraal"]),
               ("Automaat leeg", "Bijna alles is uitverkocht in de automaat bij de ingang.", ["vulling"]),
               ("Geen wisselgeld", "Automaat geeft geen wisselgeld terug.", ["munten"]),
               ("Koffie te koud", "De koffie uit de automaat is lauw.", ["koffie"])]
    for k in range(6):
        x = rng.uniform(C("06:00:00"), t1)
        subj, text, tags = routine[k % len(routine)]
        m = rng.choice([mm for mm in machines if (mm["kind"] == "HOT") == (tags == ["koffie"])])
        ticket(x, m, subj, text, tags)
    texts = [("Niet toegestaan bij koffieautomaat", "Ik wilde een {drink} betalen met mijn pinpas, de automaat zegt 'Niet toegestaan'. Een gewone koffie ging wel.", "nl"),
             ("Kaart geweigerd", "Betalen met mijn telefoon lukt niet bij de koffieautomaat, het scherm zegt niet toegestaan. Er staat genoeg op mijn rekening. Ik wilde een {drink}.", "nl"),
             ("Betaling lukt niet", "Voor een {drink} krijg ik steeds 'Niet toegestaan'. Collega's hebben hetzelfde.", "nl"),
             ("Geld gereserveerd maar geen koffie", "In mijn bank-app staat een reservering van {funds} euro maar ik heb geen {drink} gekregen, scherm zei niet toegestaan.", "nl"),
             ("Card not accepted", "Tried to buy a {drink} with my card, the machine said 'not allowed'. A small coffee worked.", "en")]
    for x, m, sel, price, opts in sorted(tickets_due, key=lambda d: d[0]):
        if x >= t1:
            continue
        name = next(n for s, n, _ in m["menu"] if s == sel).lower()
        drink = " ".join(([("grote" if o == "groot" else None) for o in opts if o == "groot"] or []) + [name]) if "groot" in opts else name
        if "havermelk" in opts:
            drink += " met havermelk"
        if "extra shot" in opts:
            drink += " met extra shot"
        subj, text, lang = rng.choice(texts[:4] if m["site"]["kind"] != "station" else texts)
        if lang == "en":
            drink = drink.replace("grote ", "large ").replace(" met havermelk", " with oat milk").replace(" met extra shot", " with an extra shot")
        ticket(x, m, subj, text.format(drink=drink, funds=eur(price - sum(OPTIONS[o] for o in opts)).replace(".", ",")), ["betalen", "pin"])
    tno = 61180
    for x, m, subject, text, tags in sorted(pending, key=lambda p: p[0]):
        tno += rng.randint(1, 4)
        tickets.add(at(x), json.dumps({"id": tno, "created_at": iso_ms(x)[:-5] + "Z", "source": "portal", "type": "Storing",
                                       "subject": subject, "description_text": text, "priority": 1, "status": 2,
                                       "custom_fields": {"cf_machine": m["id"], "cf_site": m["site"]["name"]}, "tags": tags},
                                      ensure_ascii=False))
    stats["tickets"] = sum(1 for d in tickets_due if d[0] < secs(cet("2026-03-04 09:55:00")))

    # --- #vendhub-oncall ----------------------------------------------------------------------
    users = {"thijs.dewit": "U02TW4K8P", "noor.elamrani": "U03NE7Q2L", "femke.bos (fleet ops)": "U05FB1R6M", "rui.costa": "U04RC9D3S",
             "alertmanager": "B01ALRT5Z", "bram.verhoeven": "U03BV2H8T"}

    def say(x, who, text):
        x += rng.randint(0, 999) / 1000
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "vendhub-oncall", "ts": f"{int(x)}.{t.microsecond:06d}", "user": users[who],
                                 "user_name": who, "text": text}, ensure_ascii=False))

    def no_vend_pct(a, b):
        s = [v for x, m, ok, v in sessions if a <= x < b and ok]
        return round(100 * sum(1 for v in s if not v) / max(1, len(s)))

    den_before = lambda b: sum(1 for d in denials if d[0] < b)
    first = denials[0]
    fw_41 = next(d for d in denials if d[1]["fw"] == "4.8.1" and d[0] > C("07:30:00"))
    big = next(d for d in denials if d[0] > C("08:20:00") and d[3] - d[4] >= 40)
    last = max(d[0] for d in denials)
    stats["last_denial"] = last
    pct_alert = no_vend_pct(C("07:30:00"), C("07:40:00"))
    pct_rb = no_vend_pct(C("08:05:00"), C("08:14:00"))
    refreshed = max(m["refresh_x"] for m in hot)
    stats["pct_alert"] = pct_alert
    say(C("06:04:10"), "thijs.dewit", "2.14.0 synced (Argo 06:02): CASH-233 warns on vends the readers deny or the machines fail, ROUTE-88 (routes skip machines >70% full, from tonight's plan), PAY-415 receipt link in the reader config, mqtt 5.3.6")
    say(C("07:19:30"), "femke.bos (fleet ops)", "Acquiro status page: elevated response times for terminal authorisations NL/BE since 07:10. some readers show 'Probeer opnieuw'")
    say(C("07:40:05"), "alertmanager", f"[FIRING:1] CashlessSessionsWithoutVend vendhub-prod: {pct_alert}% of approved sessions ended without a vend in the last 10m (threshold 5%)")
    say(C("07:44:00"), "thijs.dewit", f"ack. lots of 'vend denied by reader' warnings since 06:41, reason EXCEEDS_FUNDS, {den_before(C('07:44:00'))} so far. that warning is CASH-233, new in 2.14.0 which I synced at 06:02")
    say(C("07:49:00"), "femke.bos (fleet ops)", "support has tickets since 7: 'Niet toegestaan' / kaart geweigerd at the coffee machines, St. Jacobus, Centraal, Papendorp. TapVend's 4.8.2 campaign went to 40 readers on Monday, could it be that?")
    say(C("07:55:00"), "thijs.dewit", "runbook: a vend denied after an approved authorisation is reader and machine disagreeing over MDB, after a firmware campaign or a release. Acquiro is slow but these authorisations are approved. 2.14.0 touched the vend event handling, rolling back to 2.13.0 first. INC-512")
    say(C("08:06:30"), "thijs.dewit", "2.13.0 on all three pods (Argo 08:04)")
    say(C("08:14:00"), "thijs.dewit", f"the warnings are gone (2.13.0 logs session events at debug only) but sessions without a vend haven't moved: {pct_rb}% since the rollback")
    say(C("08:19:00"), "femke.bos (fleet ops)", f"checked the campaign list: denials on 4.8.1 readers too, e.g. {fw_41[1]['id']} ({fw_41[1]['site']['name']}) is 4.8.1. not the firmware")
    say(C("08:22:00"), "thijs.dewit", "paging @noor.elamrani (cashless)")
    say(C("08:31:00"), "noor.elamrani", f"reader journals: apart from the usual few for an expired session, every VEND DENIED this morning is a hot drink machine (WMF or Franke), and every one is price above funds, e.g. {big[1]['id']} item {big[2]} {eur(big[3])} > {eur(big[4])}. the funds were 5.00 until the check-in last night: 'config applied: pre-authorisation {eur(big[4])} EUR, was 5.00 EUR'. that's my PAY-412 in 2.13.0 (synced yesterday 15:10), highest price in the planogram. the DEX planogram has the base prices only, groot / extra shot / havermelk are added by the machine. Kikko machines, snacks and cold drinks are fine")
    say(C("08:34:00"), "thijs.dewit", "so the rollback couldn't help: 2.13.0 has PAY-412, and the readers keep what they fetched at 02:00-05:30 anyway")
    say(C("08:36:30"), "noor.elamrani", "yes. fix: hot drink machines back to the flat 5.00, then REFRESH_CONFIG to the hot drink readers, otherwise they only pick it up tonight")
    say(C("08:58:00"), "noor.elamrani", "PAY-419 up for review")
    say(C("09:13:00"), "thijs.dewit", "approved, 2.14.1 building")
    say(C("09:24:40"), "thijs.dewit", "2.14.1 synced (Argo 09:22)")
    say(C("09:32:00"), "femke.bos (fleet ops)", f"REFRESH_CONFIG sent to the {len(hot)} hot drink readers from the console")
    say(max(C("09:48:00"), refreshed + 90), "noor.elamrani", f"all hot drink readers on 5.00 again by {at(refreshed).astimezone(CET).strftime('%H:%M')}, last denial {at(last).astimezone(CET).strftime('%H:%M:%S')}. {len(denials)} denied vends this morning. closing INC-512 after the lunch peak")
    say(C("09:55:00"), "femke.bos (fleet ops)", f"support is answering the {stats['tickets']} tickets with the standard text, holds are released by the banks within a few days")
    return [app, journal, ingress, argo, status, tickets, slack], stats


def build(out_dir):
    rng = random.Random(93100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_denial"]).replace(microsecond=0)
        culprit_at = cet("2026-03-03 14:22:00")
        age = onset - culprit_at
        hours = age.total_seconds() / 3600
        om = stats["onset_machine"]
        lead = int((onset - DEPLOY_2140).total_seconds() // 60)
        return write_scenario(
            out_dir, name="r93-preauth-planogram-max", service=SERVICE, onset=onset,
            description=f"""
Vendel Automaten's hot drink machines refuse card payments for large and
oat-milk drinks on Wednesday 4 March 2026: from 06:41 CET ({onset.strftime('%H:%M:%S')} UTC) at
St. Jacobus hospital, and through the morning peak at hospitals, stations,
the university and offices, the TapVend readers deny vend requests ("Niet
toegestaan" on the machine) and customers walk away or take a plain drink.
vendhub 2.14.0 had been synced at 06:02 CET; it was rolled back to 2.13.0
at 08:04 without effect. 2.14.1 was synced at 09:22 and a configuration
refresh was sent to the hot drink readers at 09:31; the denials stopped by
09:41. Times in the TapVend journals are the readers' (CET, +01:00).
""",
            logs=logs,
            line_formats={
                "tapvend-journal.log": r'<Date> <Time> <Zone> <Reader> <Module> <Level> <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'vend request exceeds session funds',
                r'config applied: pre-authorisation .* EUR, was',
            ],
            fix_files=["src/cashless/readerConfig.ts"],
            explanation=f"""
The culprit is PAY-412 ("cashless: pre-authorise the machine's highest
price instead of a flat 5.00"), committed on Tuesday 3 March at 14:22 CET
and synced in 2.13.0 at 15:10, {hours:.1f} hours before the onset. A tap
pre-authorises the reader's configured amount and the reader offers it to
the machine as the session's funds, denying any vend request above it. The
amount had been a flat 5.00 EUR; PAY-412 makes it the highest price in the
machine's planogram, read from its DEX audit. The hot drink machines with
options (WMF 1500S, Franke A600; {stats['hot_options']} of {stats['hot']} hot drink machines) add a large cup,
an extra shot or oat milk to the selection's price themselves, and the
DEX audit has the base prices only (docs/readers.md). Nothing changes until
the readers fetch their configuration at the nightly check-in (02:00-05:30:
"config applied: pre-authorisation 2.40 EUR, was 5.00 EUR"); from the first
drink with an option, a large cappuccino with oat milk on {om['id']} at
06:41 CET, the readers deny it: "VEND REQUEST ... -> VEND DENIED: vend
request exceeds session funds (2.80 > 2.40)". {len(stats['denials'])} vends are denied before
the fix reaches the readers. The fix (PAY-419) keeps the flat amount for hot
drink machines, in the culprit's file; a REFRESH_CONFIG command makes the
readers fetch it at once.
Decoys: 2.14.0, synced at 06:02 CET, {lead} minutes before the onset (CASH-233,
which adds the very "vend denied by reader" warning that fills the log;
ROUTE-88 in the restock planner; PAY-415, a receipt link in the culprit's
file; an mqtt bump), rolled back to 2.13.0, which holds the culprit and
cannot change what the readers fetched at night, without effect (the
warnings go, the denials stay); PAY-405 in the culprit's file the day
before; Tuesday evening's runbook commit that reads denied vends after an
approved authorisation as reader and machine disagreeing over MDB after a
firmware campaign or a release, and says to roll back; TapVend firmware
4.8.2 on 40 readers since Monday; Acquiro's authorisation latency incident
from 07:10 to 07:55 CET with a few host timeouts; the routine refusals
("Not enough balance", fewer since PAY-412); a handful of denials for an
expired session the same morning, as on any morning.
""",
        )
    finally:
        repo.close()
