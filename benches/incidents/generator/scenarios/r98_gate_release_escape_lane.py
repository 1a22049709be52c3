"""lanekeeper (TypeScript on Node 20, Fastify and pino; two pods on EKS in
us-east-2, synced by Argo CD from `main`; the wash technology team in
Dallas, Phoenix, Monterrey and Kraków) runs the pay lanes of Rinsewell
Express Car Wash, a chain of express exterior tunnels in Dallas-Fort Worth
and Phoenix. Each site has two pay lanes with a pay station (kiosk) and a
licence plate camera each: a wash club member's plate opens the gate arm
at once, everyone else buys a package at the kiosk. The lanes' gate arms
sit at the merge and are interlocked, so cars reach the stacking lane in
the order their gates opened. At the tunnel entrance a loader guides each
car onto the conveyor and sends away, through the escape lane, any car the
tunnel cannot take (lifted trucks, roof boxes, dual rear wheels), voiding
its sale on the loader tablet. The Hydraflex TC-500 tunnel controller
takes wash orders (package and options, such as R: retract the top brush
for a roof or ladder rack) over its remote order interface and hands them
out first in, first out, to the vehicles its tire switch sees; a vehicle
with no order queued gets the default package (Express). The protocol has
no command to take one order out of the queue (only the HMI's Queue >
Clear, which drops them all); the controller drops an order still queued
480 s after it arrived. Two sites (Frisco DFW07 and Plano DFW14) have a
TunnelEye verify camera that compares each loaded vehicle's front plate
with its order's.

Until Wednesday lanekeeper staged each paid order until the loader tapped
Send for the car being loaded, so the controller's queue held an order
only for the car at the entrance, and a void took the order out of the
staging list. On slow Saturdays cars went through with no order (a loader
who had not tapped in time) and got Express. Wednesday 19 August 2026,
09:20 CDT: OPS-212 releases each order to the controller as soon as its
gate opens ("gate order is tunnel order: the merge is interlocked"); it
goes out in 5.4.0 that afternoon. A loader's void still only takes the
order out of the (now empty) staging list; the old guard for a void after
Send warns "voided order was already released to the tunnel; clear it at
the controller", which nobody reads. A voided car's order stays queued and
the next car takes it: every car after it gets the package of the car in
front, until the tunnel is idle long enough for the extra order to expire
(on weekdays within a few cars) or someone clears the queue.

Thursday: a runbook section reads ORDER/PLATE MISMATCH as the verify camera
misreading and says to clear the queue at the HMI and roll back after a
release; 5.4.1. Friday: 5.5.0 (TUN-88, which logs the verify camera's
mismatches at warn, the very warning that fills the log; TUN-90, which
sends an ORDER again when the controller does not ACK in 2 s, in the
culprit's function; a Fastify bump). Saturday 22 August: marketing's
MKT-77 (Ultimate at the Deluxe price until 1 pm) is synced at 08:03 and
restarts the pods. From 08:39 a void at Frisco shifts the queue, then
Garland (09:08), Plano (09:21) and Arlington (09:46); at 10:14 an F-250
with a ladder rack, which had asked for the retract option, is washed as
the car in front and the top brush bends its rack (E-stop). Clearing the
queue at the HMI helps once the cars already in the stacking lane are
through (they take Express or the orders of cars behind them), until the
next void; Tyler (on call) suspects
TUN-90's resend and rolls back to 5.4.1 at 10:27, which holds OPS-212:
the lanekeeper warnings stop, the controller's mismatches do not. Megan
sees every run start at a loader void and the warning above it; OPS-212
is reverted (5.5.1, 11:36), the managers clear the queues and loaders tap
Send again.

Sources: lanekeeper (pino JSON), the four sites' tunnel controllers
(Hydraflex TC-500 log with local times, line format), the pay stations
(kiosk fleet log, line format), ingress-nginx access (kiosks and loader
tablets), Argo CD (application controller, logrus text), #wash-ops (Slack
export, JSON lines), customer care tickets (Zendesk export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, write_scenario
from skeletons import chores

SERVICE = "lanekeeper"
CDT = dt.timezone(dt.timedelta(hours=-5))


def cdt(text):
    """'2026-08-22 08:39:00' in Dallas (CDT, UTC-5) -> aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CDT).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


START, END = cdt("2026-08-22 06:00:00"), cdt("2026-08-22 12:40:00")
PROMO_SYNC = cdt("2026-08-22 08:03:10")
ROLLBACK_SYNC = cdt("2026-08-22 10:27:20")
FIX_SYNC = cdt("2026-08-22 11:36:05")

# ---------------------------------------------------------------------------
# the repository

PACKAGE_JSON = """{
  "name": "lanekeeper",
  "version": "5.3.2",
  "private": true,
  "main": "dist/index.js",
  "scripts": {
    "build": "tsc -p .",
    "start": "node dist/index.js",
    "test": "vitest run",
    "lint": "eslint src test"
  },
  "dependencies": {
    "fastify": "4.26.2",
    "pg": "8.11.3",
    "pino": "8.19.0",
    "undici": "6.11.1",
    "yaml": "2.4.1"
  },
  "devDependencies": {
    "@types/node": "20.11.30",
    "@types/pg": "8.11.4",
    "typescript": "5.4.3",
    "vitest": "1.4.0"
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
  "include": ["src"]
}
"""

VERSION_TS = """// Set by the release commit; the image build writes the commit into COMMIT.
export const version = '5.3.2';
export const commit = process.env.COMMIT ?? 'unknown';
"""

INDEX_TS = """import Fastify from 'fastify';
import { loadConfig } from './config';
import { Kiosks } from './kiosk/kiosks';
import { kioskRoutes } from './kiosk/routes';
import { Members } from './lanes/members';
import { Promotions } from './lanes/promotions';
import { loaderRoutes } from './loader/routes';
import { TunnelClient } from './tunnel/client';
import { watchTunnelEvents } from './tunnel/events';
import { Release } from './tunnel/release';
import { commit, version } from './version';

const cfg = loadConfig(process.env.LANEKEEPER_CONFIG ?? '/etc/lanekeeper');
const app = Fastify({
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  disableRequestLogging: true,
});

const tunnels = new Map(cfg.sites.map((s) => [s.id, new TunnelClient(s, app.log)]));
const release = new Release(tunnels, app.log);
const deps = {
  cfg,
  release,
  kiosks: new Kiosks(cfg, app.log),
  members: new Members(cfg.membersDb, app.log),
  promotions: new Promotions(cfg.promotions),
  log: app.log,
};

app.register(kioskRoutes, deps);
app.register(loaderRoutes, deps);
app.get('/healthz', async () => ({ ok: true }));

for (const tunnel of tunnels.values()) {
  watchTunnelEvents(tunnel, app.log);
  tunnel.connect();
}

app.listen({ port: 8080, host: '0.0.0.0' }).then(() => {
  app.log.info({ version, commit, sites: cfg.sites.length }, 'lanekeeper started');
});
"""

DEPS_TS = """import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Kiosks } from './kiosk/kiosks';
import type { Members } from './lanes/members';
import type { Promotions } from './lanes/promotions';
import type { Release } from './tunnel/release';

export interface Deps {
  cfg: Config;
  release: Release;
  kiosks: Kiosks;
  members: Members;
  promotions: Promotions;
  log: FastifyBaseLogger;
}
"""

CONFIG_TS = """import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Site {
  id: string;
  name: string;
  tz: string;
  tunnel: { host: string; port: number };
  lanes: number;
  verifyCamera: boolean;
}

export interface Package {
  code: string;
  name: string;
  price: number;
  services: string[];
}

export interface Promotion {
  id: string;
  text: string;
  package: string;
  price?: number;
  discount?: number;
  days: string[];
  from: string;
  to: string;
}

export interface Config {
  sites: Site[];
  packages: Record<string, Package>;
  defaultPackage: string;
  promotions: Promotion[];
  membersDb: string;
}

export function loadConfig(dir: string): Config {
  const sites = parse(readFileSync(join(dir, 'sites.yaml'), 'utf8'));
  const packages = parse(readFileSync(join(dir, 'packages.yaml'), 'utf8'));
  const promotions = parse(readFileSync(join(dir, 'promotions.yaml'), 'utf8'));
  return {
    sites: sites.sites.map((s: any) => ({
      id: s.id,
      name: s.name,
      tz: s.tz,
      tunnel: s.tunnel,
      lanes: s.lanes ?? 2,
      verifyCamera: s.verify_camera ?? false,
    })),
    packages: Object.fromEntries(
      Object.entries(packages.packages).map(([code, p]: [string, any]) => [code, { code, ...p }]),
    ),
    defaultPackage: packages.default_package,
    promotions: promotions.promotions ?? [],
    membersDb: process.env.MEMBERS_DATABASE_URL ?? '',
  };
}
"""

SALE_TS = """import type { Deps } from '../deps';
import { openGate } from './gate';

export type Tender = 'member' | 'card' | 'cash';

// One wash sold at a pay lane: the order the tunnel controller gets is the
// package code and the options (R: retract the top brush for a roof or
// ladder rack; B: no rear brush for a bike or hitch rack).
export interface Order {
  id: string;
  site: string;
  lane: number;
  saleId: string;
  plate: string;
  pkg: string;
  opts: string;
  tender: Tender;
  amountCents: number;
  memberId?: string;
  promo?: string;
}

let seq = 0;

export function orderId(site: string, now = Date.now()): string {
  seq = (seq + 1) % 1000;
  return `${site}-${Math.floor(now / 1000) % 100000}${String(seq).padStart(3, '0')}`;
}

// A sale is complete when the kiosk has taken payment or recognised a
// member's plate: the kiosk opens the gate and the order goes on.
export async function completeSale(deps: Deps, order: Order): Promise<void> {
  deps.log.info(
    {
      site: order.site,
      lane: order.lane,
      saleId: order.saleId,
      orderId: order.id,
      package: order.pkg,
      opts: order.opts || '-',
      tender: order.tender,
      amount: (order.amountCents / 100).toFixed(2),
      promo: order.promo,
    },
    'sale completed',
  );
  await openGate(deps, order);
}
"""

GATE_TS = """import type { Deps } from '../deps';
import type { Order } from './sale';

// The kiosk opens its lane's gate arm once the sale is complete. The two
// lanes' arms sit at the merge and are interlocked by the merge loop, so
// cars reach the stacking lane in the order their gates open.
//
// The order waits in the staging list until the loader taps Send for the
// car being guided onto the conveyor (tunnel/release.ts).
export async function openGate(deps: Deps, order: Order): Promise<void> {
  await deps.kiosks.openGate(order.site, order.lane, order.saleId);
  deps.release.stage(order);
}
"""

GATE_TS_OPS212 = """import type { Deps } from '../deps';
import type { Order } from './sale';

// The kiosk opens its lane's gate arm once the sale is complete. The two
// lanes' arms sit at the merge and are interlocked by the merge loop, so
// cars reach the stacking lane in the order their gates open.
//
// That is the order the controller hands orders out in, so the order goes
// to the tunnel as the gate opens (OPS-212); the loader only guides the car.
export async function openGate(deps: Deps, order: Order): Promise<void> {
  await deps.kiosks.openGate(order.site, order.lane, order.saleId);
  await deps.release.send(order, 'gate');
}
"""

RELEASE_TS = """import type { FastifyBaseLogger } from 'fastify';
import type { Order } from '../lanes/sale';
import type { TunnelClient } from './client';

// Orders wait here, per site, until the loader at the tunnel entrance taps
// Send for the car being guided onto the conveyor. The controller hands
// its queued orders out first in, first out, to the vehicles its tire
// switch sees, so an order must reach it just before its car does; a car
// that enters with nothing queued gets the default package (Express).
//
// Attendants' handheld sales in the stacking lane are staged here too.
export class Release {
  private staged = new Map<string, Map<string, Order>>();

  constructor(
    private tunnels: Map<string, TunnelClient>,
    private log: FastifyBaseLogger,
  ) {}

  stage(order: Order): void {
    let site = this.staged.get(order.site);
    if (!site) {
      site = new Map();
      this.staged.set(order.site, site);
    }
    site.set(order.id, order);
    this.log.info({ site: order.site, orderId: order.id, lane: order.lane }, 'order staged for loader');
  }

  // The loader tablet's list, oldest first.
  list(site: string): Order[] {
    return [...(this.staged.get(site)?.values() ?? [])];
  }

  async sendStaged(site: string, orderId: string): Promise<number> {
    const order = this.staged.get(site)?.get(orderId);
    if (!order) {
      throw new Error(`order ${orderId} is not staged at ${site}`);
    }
    this.staged.get(site)!.delete(orderId);
    return this.send(order);
  }

  private async send(order: Order): Promise<number> {
    const tunnel = this.tunnels.get(order.site);
    if (!tunnel) {
      throw new Error(`no tunnel controller for ${order.site}`);
    }
    const pos = await tunnel.order(order);
    this.log.info({ site: order.site, orderId: order.id, trigger: 'loader', pos }, 'order released to tunnel');
    return pos;
  }

  // A void at the loader takes the order out of the staging list. False
  // when it was not staged: the controller already has it.
  remove(site: string, orderId: string): boolean {
    return this.staged.get(site)?.delete(orderId) ?? false;
  }
}
"""

CLIENT_TS = """import { EventEmitter } from 'node:events';
import net from 'node:net';
import readline from 'node:readline';
import type { FastifyBaseLogger } from 'fastify';
import type { Site } from '../config';
import type { Order } from '../lanes/sale';

// The Hydraflex TC-500's remote order interface (ROI): one TCP connection
// per controller through the site gateway, CRLF-terminated lines.
//
//   -> ORDER id=DFW07-48213 pkg=ULT opts=R plate=RTX4411
//   <- ACK id=DFW07-48213 pos=2        queued, at position 2
//   <- DUP id=DFW07-48213              an order with that id is queued; ignored
//   <- NAK id=DFW07-48213 reason=...
//   <- EVT LOAD veh=183412 order=DFW07-48213    (order=- : default package)
//   <- EVT VERIFY veh=183412 order=DFW07-48213 plate=RTX4411 cam=RTX4411 result=OK
//   <- EVT DROP order=DFW07-48213 reason=EXPIRED|CLEARED
//   <- EVT ESTOP station=3
//
// There is no command to take an order out of the queue: the HMI's
// Queue > Clear drops all of them, and the controller drops an order that
// has been queued longer than its hold time (480 s on our controllers).
export class AckTimeout extends Error {}

export interface TunnelEvent {
  kind: string;
  fields: Record<string, string>;
}

export class TunnelClient extends EventEmitter {
  private socket?: net.Socket;
  private waiting = new Map<string, { resolve: (pos: number) => void; reject: (e: Error) => void }>();

  constructor(
    readonly site: Site,
    private log: FastifyBaseLogger,
  ) {
    super();
  }

  connect(): void {
    const socket = net.connect(this.site.tunnel.port, this.site.tunnel.host);
    socket.setKeepAlive(true, 10_000);
    socket.on('connect', () => this.log.info({ site: this.site.id, host: this.site.tunnel.host }, 'tunnel controller connected'));
    socket.on('error', (err) => this.log.warn({ site: this.site.id, err: err.message }, 'tunnel controller connection error'));
    socket.on('close', () => setTimeout(() => this.connect(), 2_000));
    readline.createInterface({ input: socket }).on('line', (line) => this.onLine(line));
    this.socket = socket;
  }

  order(o: Order, timeoutMs = 5_000): Promise<number> {
    const line = `ORDER id=${o.id} pkg=${o.pkg} opts=${o.opts || '-'} plate=${o.plate}\\r\\n`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(o.id);
        reject(new AckTimeout(`no ACK for ${o.id} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(o.id, {
        resolve: (pos) => {
          clearTimeout(timer);
          resolve(pos);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket?.write(line);
    });
  }

  private onLine(line: string): void {
    const [kind, ...rest] = line.trim().split(' ');
    const fields = Object.fromEntries(rest.map((kv) => kv.split('=') as [string, string]));
    if (kind === 'ACK' || kind === 'DUP') {
      this.waiting.get(fields.id)?.resolve(kind === 'ACK' ? Number(fields.pos) : 0);
      this.waiting.delete(fields.id);
    } else if (kind === 'NAK') {
      this.waiting.get(fields.id)?.reject(new Error(`controller refused ${fields.id}: ${fields.reason}`));
      this.waiting.delete(fields.id);
    } else if (kind === 'EVT') {
      const [evt, ...kvs] = rest;
      this.emit('event', { kind: evt, fields: Object.fromEntries(kvs.map((kv) => kv.split('=') as [string, string])) });
    }
  }
}
"""

EVENTS_TS = """import type { FastifyBaseLogger } from 'fastify';
import type { TunnelClient, TunnelEvent } from './client';

export function watchTunnelEvents(tunnel: TunnelClient, log: FastifyBaseLogger): void {
  const site = tunnel.site.id;
  tunnel.on('event', (e: TunnelEvent) => {
    const f = e.fields;
    switch (e.kind) {
      case 'LOAD':
        if (f.order === '-') {
          log.warn({ site, vehicle: Number(f.veh) }, 'vehicle loaded without an order; controller default package');
        } else {
          log.info({ site, vehicle: Number(f.veh), orderId: f.order }, 'vehicle loaded');
        }
        break;
      case 'VERIFY':
        if (f.result !== 'OK') {
          log.debug({ site, vehicle: Number(f.veh), orderId: f.order }, 'tunnel verify camera: plate does not match loaded order');
        }
        break;
      case 'DROP':
        log.info({ site, orderId: f.order, reason: (f.reason ?? '').toLowerCase() }, 'tunnel dropped order');
        break;
      case 'ESTOP':
        log.error({ site, station: Number(f.station) }, 'tunnel emergency stop');
        break;
    }
  });
}
"""

LOADER_ROUTES_TS = """import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../deps';

interface SiteOrder {
  site: string;
  id: string;
}

// The loader tablet at the tunnel entrance: the staged orders with the
// plate and vehicle the kiosk camera saw, Send for the car being loaded,
// Void for a car sent out through the escape lane.
export const loaderRoutes: FastifyPluginAsync<Deps> = async (app, deps) => {
  app.get<{ Params: { site: string } }>('/loader/v1/sites/:site/queue', async (req) => ({
    orders: deps.release.list(req.params.site),
  }));

  app.post<{ Params: SiteOrder }>('/loader/v1/sites/:site/orders/:id/send', async (req) => {
    const pos = await deps.release.sendStaged(req.params.site, req.params.id);
    return { pos };
  });

  app.post<{ Params: SiteOrder; Body: { reason: string } }>('/loader/v1/sites/:site/orders/:id/void', async (req) => {
    const { site, id } = req.params;
    const staged = deps.release.remove(site, id);
    if (!staged) {
      // Sent, then the car was turned away: the controller will give its
      // order to the next vehicle unless someone takes it out at the HMI.
      req.log.warn({ site, orderId: id }, 'voided order was already released to the tunnel; clear it at the controller');
    }
    const refund = await deps.kiosks.voidSale(site, id, req.body.reason);
    req.log.info({ site, orderId: id, saleId: refund.saleId, by: 'loader', reason: req.body.reason, refunded: refund.amount }, 'order voided');
    return { ok: true };
  });
};
"""

KIOSK_ROUTES_TS = """import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../deps';
import { completeSale, orderId, type Order } from '../lanes/sale';

interface PlateRead {
  plate: string;
  state: string;
  confidence: number;
  camera: string;
}

// Called by the pay stations: the lane camera's plate reads (members) and
// paid sales (everyone else).
export const kioskRoutes: FastifyPluginAsync<Deps> = async (app, deps) => {
  app.post<{ Params: { site: string; lane: string }; Body: PlateRead }>(
    '/kiosk/v2/sites/:site/lanes/:lane/plate',
    async (req, reply) => {
      const { site } = req.params;
      const lane = Number(req.params.lane);
      const read = req.body;
      if (read.confidence < 0.8) {
        return reply.code(204).send();
      }
      const member = await deps.members.byPlate(read.plate, read.state);
      if (!member?.active) {
        return reply.code(204).send();
      }
      req.log.info({ site, lane, plate: read.plate, memberId: member.id, conf: read.confidence }, 'member recognised');
      const order: Order = {
        id: orderId(site),
        site,
        lane,
        saleId: `S-${site}-${member.id}-${Date.now()}`,
        plate: read.plate,
        pkg: member.club,
        opts: member.opts,
        tender: 'member',
        amountCents: 0,
        memberId: member.id,
      };
      await completeSale(deps, order);
      return { orderId: order.id, welcome: member.firstName };
    },
  );

  app.post<{ Params: { site: string }; Body: Omit<Order, 'id' | 'site'> }>('/kiosk/v2/sites/:site/sales', async (req) => {
    const { site } = req.params;
    const body = req.body;
    const promo = deps.promotions.applies(body.pkg, new Date());
    const order: Order = { ...body, id: orderId(site), site, promo: promo?.id };
    await completeSale(deps, order);
    return { orderId: order.id };
  });
};
"""

KIOSKS_TS = """import { request } from 'undici';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';

// The pay stations' local API (through the site gateway): gate arm and
// refunds. Card refunds go back through the kiosk's payment terminal.
export class Kiosks {
  constructor(
    private cfg: Config,
    private log: FastifyBaseLogger,
  ) {}

  private base(site: string, lane: number): string {
    return `http://${site.toLowerCase()}-ps${lane}.sites.rinsewell.internal:8450`;
  }

  async openGate(site: string, lane: number, saleId: string): Promise<void> {
    const res = await request(`${this.base(site, lane)}/gate/open`, {
      method: 'POST',
      body: JSON.stringify({ saleId }),
      headersTimeout: 3_000,
    });
    if (res.statusCode !== 200) {
      throw new Error(`${site} lane ${lane}: gate open answered ${res.statusCode}`);
    }
  }

  async voidSale(site: string, orderId: string, reason: string): Promise<{ saleId: string; amount: string }> {
    const res = await request(`http://${site.toLowerCase()}-ps1.sites.rinsewell.internal:8450/sales/void`, {
      method: 'POST',
      body: JSON.stringify({ orderId, reason }),
      headersTimeout: 10_000,
    });
    return (await res.body.json()) as { saleId: string; amount: string };
  }
}
"""

MEMBERS_TS = """import { Pool } from 'pg';
import type { FastifyBaseLogger } from 'fastify';

export interface Member {
  id: string;
  club: string;
  opts: string;
  active: boolean;
  firstName: string;
}

// Wash club members by plate. A plate read is looked up once a minute at
// most: a car sits under the camera for several reads.
export class Members {
  private pool: Pool;
  private cache = new Map<string, { at: number; member: Member | null }>();

  constructor(url: string, private log: FastifyBaseLogger) {
    this.pool = new Pool({ connectionString: url, max: 8 });
  }

  async byPlate(plate: string, state: string): Promise<Member | null> {
    const key = `${state}:${plate}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 60_000) {
      return hit.member;
    }
    const { rows } = await this.pool.query(
      `SELECT m.id, m.club, m.opts, m.status = 'active' AS active, m.first_name
         FROM members m JOIN member_plates p ON p.member_id = m.id
        WHERE p.plate = $1 AND p.state = $2`,
      [plate, state],
    );
    const member = rows[0]
      ? { id: rows[0].id, club: rows[0].club, opts: rows[0].opts ?? '', active: rows[0].active, firstName: rows[0].first_name }
      : null;
    this.cache.set(key, { at: Date.now(), member });
    return member;
  }
}
"""

PROMOTIONS_TS = """import type { Promotion } from '../config';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// Kiosk promotions: a package sold at a set price or a discount on some
// days between two local times (the site's clock, America/Chicago or
// America/Phoenix; the kiosks send local time).
export class Promotions {
  constructor(private list: Promotion[]) {}

  applies(pkg: string, now: Date): Promotion | undefined {
    const day = DAYS[now.getDay()];
    const hhmm = now.toTimeString().slice(0, 5);
    return this.list.find((p) => p.package === pkg && p.days.includes(day) && p.from <= hhmm && hhmm < p.to);
  }
}
"""

RELEASE_TEST_TS = """import { describe, expect, it, vi } from 'vitest';
import { Release } from '../src/tunnel/release';

const log = { info: vi.fn(), warn: vi.fn(), debug: vi.fn(), error: vi.fn() } as any;
const order = (id: string) => ({
  id, site: 'DFW07', lane: 1, saleId: `S-${id}`, plate: 'RTX4411', pkg: 'ULT', opts: '', tender: 'card' as const, amountCents: 2200,
});

describe('Release', () => {
  it('sends a staged order when the loader taps Send', async () => {
    const tunnel = { order: vi.fn().mockResolvedValue(1) };
    const release = new Release(new Map([['DFW07', tunnel as any]]), log);
    release.stage(order('DFW07-1'));
    expect(release.list('DFW07')).toHaveLength(1);
    await expect(release.sendStaged('DFW07', 'DFW07-1')).resolves.toBe(1);
    expect(tunnel.order).toHaveBeenCalledOnce();
    expect(release.list('DFW07')).toHaveLength(0);
  });

  it('a voided order never reaches the tunnel', () => {
    const tunnel = { order: vi.fn() };
    const release = new Release(new Map([['DFW07', tunnel as any]]), log);
    release.stage(order('DFW07-2'));
    expect(release.remove('DFW07', 'DFW07-2')).toBe(true);
    expect(tunnel.order).not.toHaveBeenCalled();
  });
});
"""

RELEASE_TEST_TS_OPS212 = """import { describe, expect, it, vi } from 'vitest';
import { Release } from '../src/tunnel/release';

const log = { info: vi.fn(), warn: vi.fn(), debug: vi.fn(), error: vi.fn() } as any;
const order = (id: string) => ({
  id, site: 'DFW07', lane: 1, saleId: `S-${id}`, plate: 'RTX4411', pkg: 'ULT', opts: '', tender: 'card' as const, amountCents: 2200,
});

describe('Release', () => {
  it('sends an order at the gate', async () => {
    const tunnel = { order: vi.fn().mockResolvedValue(3) };
    const release = new Release(new Map([['DFW07', tunnel as any]]), log);
    await expect(release.send(order('DFW07-1'), 'gate')).resolves.toBe(3);
    expect(tunnel.order).toHaveBeenCalledOnce();
    expect(release.list('DFW07')).toHaveLength(0);
  });

  it('sends a staged handheld order when the loader taps Send', async () => {
    const tunnel = { order: vi.fn().mockResolvedValue(1) };
    const release = new Release(new Map([['DFW07', tunnel as any]]), log);
    release.stage(order('DFW07-2'));
    await expect(release.sendStaged('DFW07', 'DFW07-2')).resolves.toBe(1);
    expect(release.list('DFW07')).toHaveLength(0);
  });
});
"""

SITES_YAML = """# Rinsewell express tunnels. tunnel: the Hydraflex TC-500's remote order
# interface (ROI) through the site gateway's VPN. verify_camera: a TunnelEye
# camera at the tunnel entrance checks each loaded vehicle's front plate
# against its order (the controller logs it; it does not stop the tunnel).
sites:
  - id: DFW03
    name: Garland - Broadway Blvd
    tz: America/Chicago
    tunnel: { host: 10.31.3.20, port: 7410 }
    verify_camera: false
  - id: DFW05
    name: Mesquite - Town East Blvd
    tz: America/Chicago
    tunnel: { host: 10.31.5.20, port: 7410 }
    verify_camera: false
  - id: DFW07
    name: Frisco - Preston Rd
    tz: America/Chicago
    tunnel: { host: 10.31.7.20, port: 7410 }
    verify_camera: true
  - id: DFW09
    name: Carrollton - Josey Ln
    tz: America/Chicago
    tunnel: { host: 10.31.9.20, port: 7410 }
    verify_camera: false
  - id: DFW11
    name: Arlington - Cooper St
    tz: America/Chicago
    tunnel: { host: 10.31.11.20, port: 7410 }
    verify_camera: false
  - id: DFW14
    name: Plano - Coit Rd
    tz: America/Chicago
    tunnel: { host: 10.31.14.20, port: 7410 }
    verify_camera: true
  - id: DFW16
    name: McKinney - Eldorado Pkwy
    tz: America/Chicago
    tunnel: { host: 10.31.16.20, port: 7410 }
    verify_camera: true
  - id: PHX02
    name: Tempe - Rural Rd
    tz: America/Phoenix
    tunnel: { host: 10.32.2.20, port: 7410 }
    verify_camera: false
  - id: PHX04
    name: Mesa - Southern Ave
    tz: America/Phoenix
    tunnel: { host: 10.32.4.20, port: 7410 }
    verify_camera: false
  - id: PHX06
    name: Chandler - Ray Rd
    tz: America/Phoenix
    tunnel: { host: 10.32.6.20, port: 7410 }
    verify_camera: true
  - id: PHX09
    name: Gilbert - Val Vista Dr
    tz: America/Phoenix
    tunnel: { host: 10.32.9.20, port: 7410 }
    verify_camera: false
  - id: PHX12
    name: Glendale - Bell Rd
    tz: America/Phoenix
    tunnel: { host: 10.32.12.20, port: 7410 }
    verify_camera: false
"""

PACKAGES_YAML = """# Wash packages as the kiosks sell them and the tunnel controllers know
# them (the codes are programmed in each TC-500).
packages:
  EXP: { name: Express, price: 10.00, services: [prep, wash, spot_free_rinse, dry] }
  DLX: { name: Deluxe, price: 16.00, services: [prep, wheel_clean, triple_foam, wash, underbody, spot_free_rinse, dry] }
  ULT: { name: Ultimate, price: 22.00, services: [prep, wheel_clean, triple_foam, wash, underbody, hot_wax, tire_shine, spot_free_rinse, dry] }
  CER: { name: Ceramic Shield, price: 28.00, services: [prep, wheel_clean, triple_foam, wash, underbody, ceramic_seal, tire_shine, spot_free_rinse, dry] }
options:
  R: retract the top brush (roof rack, ladder rack, roof box)
  B: no rear brush (bike rack, hitch carrier)
# What a TC-500 washes a vehicle with when no order is queued for it.
default_package: EXP
"""

PROMOS_YAML = """# Kiosk promotions (marketing owns this file; times are the site's local time).
promotions:
  - id: MKT-71
    text: Ceramic Shield $5 off on weekday evenings
    package: CER
    discount: 5.00
    days: [mon, tue, wed, thu, fri]
    from: "17:00"
    to: "20:00"
"""

PROMOS_YAML_MKT77 = PROMOS_YAML + """  - id: MKT-77
    text: Saturday upgrade - Ultimate for the Deluxe price until 1 pm
    package: ULT
    price: 16.00
    days: [sat]
    from: "07:00"
    to: "13:00"
"""

VALUES_YAML = """# Argo CD application lanekeeper (prod), synced automatically from main.
image:
  repository: 418220917713.dkr.ecr.us-east-2.amazonaws.com/lanekeeper
  tag: "5.3.2"
replicas: 2
logLevel: info
resources:
  requests: { cpu: 250m, memory: 256Mi }
  limits: { memory: 512Mi }
# config/*.yaml are mounted as a ConfigMap; its checksum is a pod
# annotation, so a change to them restarts the pods.
configFiles: [sites.yaml, packages.yaml, promotions.yaml]
env:
  MEMBERS_DATABASE_URL: { secretKeyRef: { name: lanekeeper-db, key: url } }
"""

PROTOCOL_MD = """# Tunnel controller remote order interface (Hydraflex TC-500 ROI)

One TCP connection per controller (port 7410) through the site gateway;
lines end in CRLF. lanekeeper sends `ORDER`, the controller answers `ACK`
(with the queue position), `DUP` or `NAK`, and pushes `EVT` lines.

```
-> ORDER id=DFW07-48213 pkg=ULT opts=R plate=RTX4411
<- ACK id=DFW07-48213 pos=1
<- EVT LOAD veh=183412 order=DFW07-48213
<- EVT VERIFY veh=183412 order=DFW07-48213 plate=RTX4411 cam=RTX4411 result=OK
```

- The controller hands queued orders out first in, first out, to the
  vehicles its tire switch detects at the entrance. A vehicle with nothing
  queued gets the default package (`EXP`, `EVT LOAD ... order=-`).
- An order with an id already queued is answered `DUP` and ignored.
- There is no command to remove one order. Queue > Clear on the HMI drops
  every queued order (`EVT DROP ... reason=CLEARED`); an order queued for
  longer than the hold time (480 s) is dropped (`reason=EXPIRED`).
- Sites with a TunnelEye camera send `EVT VERIFY` for every vehicle:
  `result=MISMATCH` when the camera's front plate read is not the order's.

## When lanekeeper sends

The loader taps Send on the tablet for the car being guided onto the
conveyor; the order reaches the controller a few seconds before the car's
front wheel reaches the tire switch. The queue is normally empty or holds
one order.
"""

PROTOCOL_MD_OPS212 = sub(PROTOCOL_MD, """## When lanekeeper sends

The loader taps Send on the tablet for the car being guided onto the
conveyor; the order reaches the controller a few seconds before the car's
front wheel reaches the tire switch. The queue is normally empty or holds
one order.
""", """## When lanekeeper sends

Since OPS-212 (5.4.0) when the kiosk opens the car's gate: the lanes' gate
arms are interlocked at the merge, so cars reach the stacking lane, and the
tunnel, in gate order. The queue holds an order for each car between the
merge and the tunnel entrance (up to ten at a Saturday peak). Handheld
sales in the stacking lane are still sent by the loader's tap.
""")

RUNBOOK_MD = """# lanekeeper runbook

Owner: #wash-tech. Dashboards: Grafana > Sites > Lanes; alerts in #wash-ops.

## A kiosk is offline

The site gateway's VPN or the kiosk itself. Check the gateway in the
UniFi console; the site manager can restart the kiosk from its service
menu. Members can still be let in with the gate button on the loader
pedestal.

## Member plates not recognised

Check the lane camera's view (sun glare in the late afternoon at the
west-facing sites, a dirty window) and the member's plate in Wash Club
admin. Reads under 0.80 confidence are not used.

## Tunnel controller not answering

lanekeeper logs "tunnel controller connection error". The controller keeps
washing with the default package; have the loader select packages on the
HMI until it is back. Hydraflex support: 1-800-555-0134, site number on
the controller's door.
"""

RUNBOOK_WRONG_PACKAGE = """
## Wrong package in the tunnel (ORDER/PLATE MISMATCH)

Sites with a TunnelEye camera (DFW07, DFW14, DFW16, PHX06) log
"ORDER/PLATE MISMATCH" when the camera's read of the loaded vehicle's front
plate is not the order's plate. One mismatch is nearly always the camera:
low sun into the entrance in the morning, a trailer hitch or bull bar over
the plate, a missing front plate. Nothing to do; the tunnel does not stop.

If the loader or the exit attendant reports several cars in a row with
the wrong package, the controller's queue is out of step with the cars:

1. Have the site manager clear the queue on the HMI (Queue > Clear all).
   Cars already in the stacking lane then get the default package; hand
   out rewash tickets at the exit.
2. If it started after a lanekeeper release, roll back: pin the previous
   tag in `deploy/values-production.yaml` and let Argo CD sync.
3. Check the verify camera's view with the site manager.
"""

README_MD = """# lanekeeper

Pay lanes of Rinsewell Express Car Wash: the kiosks' sales, wash club
members recognised by their plate at the lane camera, the gate arms, and
wash orders to the Hydraflex tunnel controllers.

## Running locally

```
npm ci
npm test
LANEKEEPER_CONFIG=config npm start
```

## Deploying

Merges to `main` build an image in CI; `deploy/values-production.yaml`
pins the tag and Argo CD syncs it to prod (us-east-2). A change under
`config/` restarts the pods.
"""

DOCKERFILE = """FROM node:20.12-alpine AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20.12-alpine
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
ARG COMMIT=unknown
ENV COMMIT=$COMMIT NODE_ENV=production
USER node
CMD ["node", "dist/index.js"]
"""

CI_YML = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run build
      - run: npm test
  image:
    if: github.ref == 'refs/heads/main'
    needs: test
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - run: docker build --build-arg COMMIT=${{ github.sha }} -t lanekeeper:${{ github.sha }} .
"""

CHANGELOG = """# Changelog

## 5.3.2

- Kiosk: club upgrade offer on the welcome screen (KSK-131).

## 5.3.1

- Members: plate lookups by plate and state (MEM-70).
"""


def package_lock(deps):
    entries = "".join(
        f',\n    "node_modules/{name}": {{\n      "version": "{ver}",\n      "resolved": "https://registry.npmjs.org/{name}/-/{name.split("/")[-1]}-{ver}.tgz"\n    }}'
        for name, ver in deps
    )
    return '{\n  "name": "lanekeeper",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "lanekeeper"\n    }' + entries + "\n  }\n}\n"


LOCK_DEPS = [("fastify", "4.26.2"), ("pg", "8.11.3"), ("pino", "8.19.0"), ("undici", "6.11.1"), ("yaml", "2.4.1"),
             ("@types/node", "20.11.30"), ("@types/pg", "8.11.4"), ("typescript", "5.4.3"), ("vitest", "1.4.0")]


def base_tree():
    return {
        "package.json": PACKAGE_JSON,
        "package-lock.json": package_lock(LOCK_DEPS),
        "tsconfig.json": TSCONFIG,
        "src/version.ts": VERSION_TS,
        "src/index.ts": INDEX_TS,
        "src/deps.ts": DEPS_TS,
        "src/config.ts": CONFIG_TS,
        "src/lanes/sale.ts": SALE_TS,
        "src/lanes/gate.ts": GATE_TS,
        "src/lanes/members.ts": MEMBERS_TS,
        "src/lanes/promotions.ts": PROMOTIONS_TS,
        "src/kiosk/routes.ts": KIOSK_ROUTES_TS,
        "src/kiosk/kiosks.ts": KIOSKS_TS,
        "src/loader/routes.ts": LOADER_ROUTES_TS,
        "src/tunnel/client.ts": CLIENT_TS,
        "src/tunnel/events.ts": EVENTS_TS,
        "src/tunnel/release.ts": RELEASE_TS,
        "test/release.test.ts": RELEASE_TEST_TS,
        "config/sites.yaml": SITES_YAML,
        "config/packages.yaml": PACKAGES_YAML,
        "config/promotions.yaml": PROMOS_YAML,
        "deploy/values-production.yaml": VALUES_YAML,
        "docs/tunnel-protocol.md": PROTOCOL_MD,
        "docs/runbook.md": RUNBOOK_MD,
        "README.md": README_MD,
        "CHANGELOG.md": CHANGELOG,
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI_YML,
    }


def release_files(repo, old, new, notes, pinned=None):
    return {
        "package.json": repo.edit("package.json", f'"version": "{old}"', f'"version": "{new}"'),
        "src/version.ts": repo.edit("src/version.ts", f"'{old}'", f"'{new}'"),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", f'tag: "{pinned or old}"', f'tag: "{new}"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {new}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


def build_repo():
    megan = Person("Megan Castillo", "megan.castillo@rinsewell.com", -300)
    tyler = Person("Tyler Brandt", "tyler.brandt@rinsewell.com", -420)
    jorge = Person("Jorge Villarreal", "jorge.villarreal@rinsewell.com", -360)
    aga = Person("Agnieszka Wójcik", "agnieszka.wojcik@rinsewell.com", 120)
    courtney = Person("Courtney Hale", "courtney.hale@rinsewell.com", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    shas = {}

    repo.commit(cdt("2026-08-13 09:10:00"), megan, "lanekeeper 5.3.2: move out of the wash-platform monorepo", base_tree())
    repo.schedule(chores(random.Random(98011), SERVICE, [aga, tyler, megan], cdt("2026-08-13 12:00:00"), cdt("2026-08-21 12:00:00"), 3))
    repo.commit(cdt("2026-08-14 11:02:00"), aga, "members: log the club with a recognised plate (MEM-77)", {
        "src/kiosk/routes.ts": repo.edit("src/kiosk/routes.ts", "plate: read.plate, memberId: member.id, conf", "plate: read.plate, memberId: member.id, club: member.club, conf"),
    })
    repo.commit(cdt("2026-08-17 08:40:00"), bot, "build(deps): bump pino from 8.19.0 to 8.21.0", {
        "package.json": repo.edit("package.json", '"pino": "8.19.0"', '"pino": "8.21.0"'),
        "package-lock.json": repo.edit("package-lock.json", '"version": "8.19.0",\n      "resolved": "https://registry.npmjs.org/pino/-/pino-8.19.0.tgz"',
                                       '"version": "8.21.0",\n      "resolved": "https://registry.npmjs.org/pino/-/pino-8.21.0.tgz"'),
    })
    repo.commit(cdt("2026-08-18 10:05:00"), tyler, "kiosk: welcome screen shows the club's renewal date (KSK-140)", {
        "src/lanes/members.ts": repo.edit("src/lanes/members.ts", "  firstName: string;\n}", "  firstName: string;\n  renewsOn?: string;\n}"),
    })
    culprit = repo.commit(cdt("2026-08-19 09:20:00"), jorge, "tunnel: send the order to the controller when the gate opens (OPS-212)\n\nOn busy Saturdays loaders fall behind with Send and cars go through the\ntunnel with no order: the controller washes them with Express (34 at DFW07\nlast Saturday, most of them members on Ultimate or Ceramic). The lanes'\ngate arms are interlocked at the merge, so cars reach the tunnel in the\norder their gates open, which is the order the controller hands orders\nout in: send the order as the gate opens and the loader only has to guide\nthe car. Handheld sales in the stacking lane are still staged for Send.", {
        "src/lanes/gate.ts": GATE_TS_OPS212,
        "src/tunnel/release.ts": sub(repo.files["src/tunnel/release.ts"],
                                     "// Orders wait here, per site, until the loader at the tunnel entrance taps\n// Send for the car being guided onto the conveyor. The controller hands\n// its queued orders out first in, first out, to the vehicles its tire\n// switch sees, so an order must reach it just before its car does; a car\n// that enters with nothing queued gets the default package (Express).\n//\n// Attendants' handheld sales in the stacking lane are staged here too.\n",
                                     "// Orders go to the tunnel controller when the car's gate opens (OPS-212):\n// the controller hands its queued orders out first in, first out, to the\n// vehicles its tire switch sees, and cars reach it in gate order. A car\n// that enters with nothing queued gets the default package (Express).\n//\n// Attendants' handheld sales in the stacking lane are staged here until\n// the loader taps Send.\n",
                                     "    return this.send(order);\n  }\n\n  private async send(order: Order): Promise<number> {",
                                     "    return this.send(order, 'loader');\n  }\n\n  async send(order: Order, trigger: 'gate' | 'loader'): Promise<number> {",
                                     "trigger: 'loader', pos }", "trigger, pos }"),
        "test/release.test.ts": RELEASE_TEST_TS_OPS212,
        "docs/tunnel-protocol.md": PROTOCOL_MD_OPS212,
    })
    shas["culprit"] = culprit
    shas["rel_540"] = repo.commit(cdt("2026-08-19 15:05:00"), megan, "release 5.4.0", release_files(repo, "5.3.2", "5.4.0", [
        "Orders go to the tunnel controller when the gate opens; the loader no longer taps Send (OPS-212).",
        "Welcome screen shows the club's renewal date (KSK-140).",
        "The club in the member recognised line (MEM-77); pino 8.21.0.",
    ]))
    repo.commit(cdt("2026-08-20 10:30:00"), megan, "runbook: wrong package in the tunnel", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_WRONG_PACKAGE,
    })
    repo.commit(cdt("2026-08-20 13:48:00"), tyler, "kiosk: receipt QR code for the wash club sign-up (PAY-121)", {
        "src/kiosk/kiosks.ts": repo.edit("src/kiosk/kiosks.ts", "  async voidSale(", "  receiptQr(saleId: string): string {\n    return `https://rinsewell.com/club/join?from=${encodeURIComponent(saleId)}`;\n  }\n\n  async voidSale("),
    })
    shas["rel_541"] = repo.commit(cdt("2026-08-20 16:10:00"), tyler, "release 5.4.1", release_files(repo, "5.4.0", "5.4.1", [
        "Receipt QR code for the wash club sign-up (PAY-121).",
    ]))
    repo.commit(cdt("2026-08-21 09:12:00"), megan, "tunnel: log the verify camera's ORDER/PLATE mismatches at warn, with both plates (TUN-88)\n\nThey were debug; the sites with a TunnelEye camera want to see them in\nGrafana next to the loader's voids.", {
        "src/tunnel/events.ts": repo.edit("src/tunnel/events.ts",
                                          "          log.debug({ site, vehicle: Number(f.veh), orderId: f.order }, 'tunnel verify camera: plate does not match loaded order');",
                                          "          log.warn(\n            { site, vehicle: Number(f.veh), orderId: f.order, orderPlate: f.plate, cameraPlate: f.cam },\n            'tunnel verify camera: plate does not match loaded order',\n          );"),
    })
    repo.commit(cdt("2026-08-21 10:41:00"), aga, "tunnel: send an ORDER again when the controller does not ACK within 2 s (TUN-90)\n\nDFW11's gateway drops a packet now and then; the order then waited the\nfull 5 s and failed, and the car went through on Express. The controller\nanswers DUP for an id it already has, so a second ORDER is safe.", {
        "src/tunnel/release.ts": sub(repo.files["src/tunnel/release.ts"],
                                     "import type { TunnelClient } from './client';\n",
                                     "import { AckTimeout, type TunnelClient } from './client';\n",
                                     "    const pos = await tunnel.order(order);\n",
                                     "    let pos: number;\n    try {\n      pos = await tunnel.order(order, 2_000);\n    } catch (err) {\n      if (!(err instanceof AckTimeout)) {\n        throw err;\n      }\n      // The controller answers DUP (pos 0) if the first one did arrive.\n      this.log.warn({ site: order.site, orderId: order.id }, 'no ACK from tunnel controller, sending order again');\n      pos = await tunnel.order(order, 4_000);\n    }\n"),
    })
    repo.commit(cdt("2026-08-21 11:30:00"), bot, "build(deps): bump fastify from 4.26.2 to 4.28.1", {
        "package.json": repo.edit("package.json", '"fastify": "4.26.2"', '"fastify": "4.28.1"'),
        "package-lock.json": repo.edit("package-lock.json", '"version": "4.26.2",\n      "resolved": "https://registry.npmjs.org/fastify/-/fastify-4.26.2.tgz"',
                                       '"version": "4.28.1",\n      "resolved": "https://registry.npmjs.org/fastify/-/fastify-4.28.1.tgz"'),
    })
    shas["rel_550"] = repo.commit(cdt("2026-08-21 14:20:00"), megan, "release 5.5.0", release_files(repo, "5.4.1", "5.5.0", [
        "Verify camera ORDER/PLATE mismatches logged at warn with both plates (TUN-88).",
        "An ORDER is sent again when the controller does not ACK within 2 s (TUN-90).",
        "fastify 4.28.1.",
    ]))
    shas["promo"] = repo.commit(cdt("2026-08-22 07:58:00"), courtney, "promotions: Saturday upgrade, Ultimate for the Deluxe price until 1 pm (MKT-77)", {
        "config/promotions.yaml": PROMOS_YAML_MKT77,
    })
    shas["rollback"] = repo.commit(cdt("2026-08-22 10:24:00"), tyler, "deploy: pin lanekeeper 5.4.1 (rollback of 5.5.0, INC-1187)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "5.5.0"', 'tag: "5.4.1"'),
    })
    shas["fix"] = repo.commit(cdt("2026-08-22 11:21:00"), megan, "Revert \"tunnel: send the order to the controller when the gate opens (OPS-212)\" (INC-1187)\n\nA car the loader sends out through the escape lane after its gate opened\nleaves its order in the controller's queue (the ROI cannot remove one\norder; the void only took it out of our staging list, which OPS-212 left\nempty). The next car takes it, and every car after it gets the package of\nthe car in front until the queue is cleared or goes idle for 8 minutes.\nOn Saturday 22 August from 08:39 at DFW07, DFW03, DFW14 and DFW11 (a\nladder rack under the top brush at DFW11). Back to the loader's Send.", {
        "src/lanes/gate.ts": GATE_TS,
        "src/tunnel/release.ts": sub(repo.files["src/tunnel/release.ts"],
                                     "// Orders go to the tunnel controller when the car's gate opens (OPS-212):\n// the controller hands its queued orders out first in, first out, to the\n// vehicles its tire switch sees, and cars reach it in gate order. A car\n// that enters with nothing queued gets the default package (Express).\n//\n// Attendants' handheld sales in the stacking lane are staged here until\n// the loader taps Send.\n",
                                     "// Orders wait here, per site, until the loader at the tunnel entrance taps\n// Send for the car being guided onto the conveyor. The controller hands\n// its queued orders out first in, first out, to the vehicles its tire\n// switch sees, so an order must reach it just before its car does; a car\n// that enters with nothing queued gets the default package (Express).\n//\n// Attendants' handheld sales in the stacking lane are staged here too.\n",
                                     "    return this.send(order, 'loader');\n  }\n\n  async send(order: Order, trigger: 'gate' | 'loader'): Promise<number> {",
                                     "    return this.send(order);\n  }\n\n  private async send(order: Order): Promise<number> {",
                                     "trigger, pos }", "trigger: 'loader', pos }"),
        "test/release.test.ts": RELEASE_TEST_TS,
        "docs/tunnel-protocol.md": PROTOCOL_MD,
    })
    shas["rel_551"] = repo.commit(cdt("2026-08-22 11:29:00"), megan, "release 5.5.1", release_files(repo, "5.5.0", "5.5.1", [
        "Orders go to the tunnel on the loader's Send again: revert of OPS-212 (INC-1187).",
    ], pinned="5.4.1"))
    return repo, shas


# ---------------------------------------------------------------------------
# Saturday morning at four Dallas-Fort Worth sites


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def C(clock):
    """'08:39:12' (or '08:39') on Saturday 22 August in Dallas -> epoch seconds."""
    return secs(cdt(f"2026-08-22 {clock}" + (":00" if len(clock) == 5 else "")))


def iso_local(x, tz=CDT):
    t = at(x).astimezone(tz)
    z = t.strftime("%z")
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}" + z[:3] + ":" + z[3:]


def iso_z(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


HOLD = 480  # the TC-500's order hold time
MIDNIGHT = C("00:00:00")
RATE = [(7.0, 9), (7.5, 18), (8.0, 30), (8.5, 48), (9.0, 70), (9.5, 88), (10.0, 100), (10.5, 108), (11.0, 112),
        (11.5, 110), (12.0, 102), (12.6, 96)]

SITES = {
    "DFW03": {"name": "Garland", "verify": False, "scale": 0.86, "veh0": 241877, "seed": 9831, "gw": 3},
    "DFW07": {"name": "Frisco", "verify": True, "scale": 1.0, "veh0": 183366, "seed": 9832, "gw": 7},
    "DFW11": {"name": "Arlington", "verify": False, "scale": 0.95, "veh0": 306112, "seed": 9833, "gw": 11},
    "DFW14": {"name": "Plano", "verify": True, "scale": 0.9, "veh0": 152940, "seed": 9834, "gw": 14},
}

# loader voids: (site, local time, kind, reason). "quiet": the first car after
# that time with no car behind it for longer than the hold time.
VOIDS = [
    ("DFW03", "07:08:00", "quiet", "dual rear wheels (dually)"),
    ("DFW14", "07:14:00", "quiet", "customer changed mind, wants hand wash"),
    ("DFW07", "08:36:30", "car", "lifted truck, tires over 35 in"),
    ("DFW03", "09:07:00", "car", "roof cargo box"),
    ("DFW14", "09:20:00", "car", "loose bumper cover"),
    ("DFW11", "09:46:00", "car", "aftermarket light bar on roof"),
    ("DFW07", "10:13:00", "car", "roof cargo box"),
    ("DFW14", "10:32:00", "car", "dual rear wheels (dually)"),
    ("DFW03", "10:51:00", "car", "oversized tow mirrors"),
    ("DFW07", "10:57:00", "car", "open bed with loose items"),
    ("DFW11", "11:11:00", "car", "customer changed mind"),
    ("DFW14", "11:57:00", "car", "lifted truck, tires over 35 in"),
    ("DFW07", "12:06:00", "car", "roof cargo box"),
]
# Queue > Clear on the HMI: (site, local time, user)
CLEARS = [
    ("DFW07", "09:52:20", "MGR-LORTEGA"),
    ("DFW03", "10:04:40", "MGR-AWATTS"),
    ("DFW11", "10:20:10", "MGR-KMILLS"),
    ("DFW07", "10:49:30", "MGR-LORTEGA"),
    ("DFW07", "11:39:10", "MGR-LORTEGA"),
    ("DFW14", "11:40:05", "MGR-SNGUYEN"),
    ("DFW03", "11:41:30", "MGR-AWATTS"),
    ("DFW11", "11:42:15", "MGR-KMILLS"),
]
RESENDS = [("DFW14", "08:52:00"), ("DFW07", "09:31:00")]  # TUN-90: an ACK lost, the ORDER sent again


def rate(x):
    h = (x - MIDNIGHT) / 3600
    if h <= RATE[0][0]:
        return RATE[0][1]
    for (h0, r0), (h1, r1) in zip(RATE, RATE[1:]):
        if h0 <= h <= h1:
            return r0 + (r1 - r0) * (h - h0) / (h1 - h0)
    return RATE[-1][1]


def simulate(site, stops=()):
    """Cars through one site's pay lanes and tunnel; deterministic per site.
    stops: (from, to) epoch seconds when the conveyor stands still."""
    spec = SITES[site]
    r = random.Random(spec["seed"])
    cars = []
    x = C("07:00:00") + r.uniform(30, 240)
    while x < C("12:33:00"):
        cars.append({"arrive": x, "member": r.random() < 0.57, "pay": 0.0, "drive": r.uniform(22, 40),
                     "spacing": r.uniform(23.5, 27.5), "u": [r.random() for _ in range(6)]})
        cars[-1]["pay"] = r.uniform(7, 13) if cars[-1]["member"] else r.uniform(28, 72)
        x += r.expovariate(rate(x) * spec["scale"] / 3600)
    free = {1: 0.0, 2: 0.0}
    for car in cars:
        lane = 1 if free[1] <= free[2] else 2
        start = max(car["arrive"], free[lane])
        car["lane"], car["tent"] = lane, start + car["pay"]
        free[lane] = car["tent"] + 7
    cars.sort(key=lambda c: c["tent"])
    last = 0.0
    for car in cars:
        car["gate"] = max(car["tent"], last + 4.0)
        last = car["gate"]
        car["ready"] = car["gate"] + car["drive"]
    # the loader's voids
    for vsite, clock, kind, reason in VOIDS:
        if vsite != site:
            continue
        t = C(clock)
        for i, car in enumerate(cars):
            if car["ready"] < t or car.get("void"):
                continue
            if kind == "quiet" and (i + 1 < len(cars) and cars[i + 1]["gate"] < car["gate"] + HOLD + 40):
                continue
            car["void"] = reason
            break
        else:
            raise ValueError(f"no car for the void at {site} {clock}")
    # the stacking lane and the tunnel entrance
    free_at = 0.0
    for car in cars:
        front = max(car["ready"], free_at)
        if car.get("void"):
            car["void_at"] = front + 18 + car["u"][0] * 30
            free_at = car["void_at"] + 12
            continue
        entry = front
        for a, b in stops:
            if a <= entry < b:
                entry = b + car["spacing"]
        car["entry"] = entry
        free_at = entry + car["spacing"]
    # the controller's queue
    fix = secs(FIX_SYNC) + 15
    events = []
    for i, car in enumerate(cars):
        car["mode"] = "gate" if car["gate"] < fix else "loader"
        if car["mode"] == "gate":
            car["queued"] = car["gate"] + 0.3 + car["u"][1] * 0.4
        elif not car.get("void"):
            car["queued"] = car["entry"] - 4 - car["u"][1] * 5
        if "queued" in car:
            events.append((car["queued"], 1, "queue", i))
        if "entry" in car:
            events.append((car["entry"], 2, "entry", i))
    for csite, clock, user in CLEARS:
        if csite == site:
            events.append((C(clock), 0, "clear", user))
    events.sort(key=lambda e: (e[0], e[1]))
    queue, drops, clears = [], [], []

    def expire(now):
        while queue and queue[0][1] + HOLD <= now:
            i, q = queue.pop(0)
            drops.append((q + HOLD, i, "EXPIRED"))
            cars[i]["dropped"] = ("EXPIRED", q + HOLD)

    for t, _, kind, arg in events:
        expire(t)
        if kind == "queue":
            queue.append((arg, t))
            cars[arg]["pos"] = len(queue)
        elif kind == "entry":
            car = cars[arg]
            if queue:
                j, q = queue.pop(0)
                car["assigned"], car["waited"] = j, t - q
            else:
                car["assigned"] = None
            car["left"] = len(queue)
        else:
            clears.append((t, arg, [i for i, _ in queue]))
            for i, _ in queue:
                drops.append((t, i, "CLEARED"))
                cars[i]["dropped"] = ("CLEARED", t)
            queue.clear()
    expire(C("12:40:00"))
    for i, car in enumerate(cars):
        d = car.get("dropped")
        if d and d[0] == "EXPIRED" and not car.get("void") and car["entry"] > d[1]:
            raise ValueError(f"{site}: the order of car {i} expired before its car reached the tunnel")
    return cars, sorted(drops), clears


LETTERS = "BCDFGHJKLMNPRSTVWXYZ"


def tx_plate(rng):
    return "".join(rng.choice(LETTERS) for _ in range(3)) + f"{rng.randint(0, 9999):04d}"


def other_plate(rng):
    state = rng.choice(["OK", "OK", "LA", "NM", "AR", "CA", "FL"])
    if state == "OK":
        return "".join(rng.choice(LETTERS) for _ in range(3)) + f"{rng.randint(0, 999):03d}", state
    if state == "LA":
        return f"{rng.randint(0, 999):03d}" + "".join(rng.choice(LETTERS) for _ in range(3)), state
    if state == "CA":
        return f"{rng.randint(7, 9)}" + "".join(rng.choice(LETTERS) for _ in range(3)) + f"{rng.randint(0, 999):03d}", state
    return "".join(rng.choice(LETTERS) for _ in range(3)) + f"{rng.randint(0, 9999):04d}", state


MISREAD = {"8": "B", "B": "8", "0": "D", "D": "0", "5": "S", "S": "5", "1": "7", "7": "1", "2": "Z", "Z": "2", "6": "G", "G": "6"}


def misread(rng, plate):
    idx = [i for i, c in enumerate(plate) if c in MISREAD]
    if not idx:
        return plate[:-1]
    i = rng.choice(idx)
    return plate[:i] + MISREAD[plate[i]] + plate[i + 1:]


PODS = [
    (None, "5.5.0", "rel_550", ["lanekeeper-7f9c6d8b54-hx2qv", "lanekeeper-7f9c6d8b54-n8wzk"]),
    (PROMO_SYNC, "5.5.0", "rel_550", ["lanekeeper-5d47b8c9f6-6jtrm", "lanekeeper-5d47b8c9f6-q2xlc"]),
    (ROLLBACK_SYNC, "5.4.1", "rel_541", ["lanekeeper-69b5f7d4c8-k7p9d", "lanekeeper-69b5f7d4c8-wz4mn"]),
    (FIX_SYNC, "5.5.1", "rel_551", ["lanekeeper-84c7d5b9f2-tq6hb", "lanekeeper-84c7d5b9f2-9xvfr"]),
]
SITE_POD = {"DFW03": 0, "DFW07": 1, "DFW11": 0, "DFW14": 1}


def pods_at(x):
    cur = PODS[0]
    for p in PODS[1:]:
        if x >= secs(p[0]) + 30:
            cur = p
    return cur


def build_logs(rng, shas):
    lk = Log("lanekeeper.log")
    tc = Log("tunnel-controllers.log")
    kiosk = Log("paystations.log")
    ingress = Log("ingress-nginx.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-wash-ops.log")
    zendesk = Log("zendesk-tickets.log")
    t0, t1 = secs(START), secs(END)
    stats = {"sites": {}}
    req_ids = {}

    def L(x, level, msg, pod=None, site=None, req=False, **kv):
        p = pods_at(x)
        host = p[3][SITE_POD[site] if site else (pod or 0)]
        body = {"level": {"debug": 20, "info": 30, "warn": 40, "error": 50}[level], "time": int(x * 1000), "pid": 1, "hostname": host}
        if req:
            if (host, req) not in req_ids:
                # Fastify numbers every request; the kiosks and tablets make about one a second per pod
                since = secs(p[0]) + 20 if p[0] else t0 - 64000
                req_ids[(host, req)] = int((x - since) * 1.12) + rng.randint(0, 3)
            body["reqId"] = f"req-{req_ids[(host, req)]:x}"
        if site:
            body["site"] = site
        body.update({k: v for k, v in kv.items() if v is not None})
        body["msg"] = msg
        lk.add(at(x), json.dumps(body, separators=(",", ":")))

    def version_at(x):
        return pods_at(x)[1]

    def T(x, site, module, level, text):
        tc.add(at(x), f"{iso_local(x)} {site}-TC500 {module} {level} {text}")

    def K(x, site, lane, thread, level, logger, text):
        kiosk.add(at(x), f"{iso_z(x)} {site}-PS{lane} [{thread}] {level} {logger} - {text}")

    def ING(x, method, path, status, rt, ua, client, size=None):
        t = at(x)
        size = size if size is not None else rng.randint(60, 420)
        up = f"10.40.{rng.randint(1, 3)}.{rng.randint(10, 250)}:8080"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" '
                       f'{rng.randint(180, 900)} {rt:.3f} [wash-lanekeeper-80] [] {up} {size} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    # --- the cars ---------------------------------------------------------------
    estop = {}
    sims = {}
    for site in SITES:
        cars, drops, clears = simulate(site)
        if site == "DFW11":
            car = next(c for c in cars if c.get("entry", 0) >= C("10:11:00") and c.get("assigned") is not None and cars[c["assigned"]] is not c)
            e = car["entry"] + 47.6
            estop = {"site": site, "at": e, "until": e + 412}
            cars, drops, clears = simulate(site, stops=[(e, e + 412)])
            car = next(c for c in cars if c.get("entry", 0) >= C("10:11:00") and c.get("assigned") is not None and cars[c["assigned"]] is not c)
            assert abs(car["entry"] + 47.6 - e) < 0.01
            estop["car"] = car
        sims[site] = (cars, drops, clears)

    promo_on = C("08:03:40")
    member_seq = iter(rng.sample(range(100000, 199999), 3000))
    for site, (cars, drops, clears) in sims.items():
        spec = SITES[site]
        sale_no = rng.randint(551000, 559000)
        for car in cars:
            u = car["u"]
            car["plate"], car["state"] = (tx_plate(rng), "TX") if u[2] > 0.06 else other_plate(rng)
            r = u[3]
            car["opts"] = "R" if r < 0.04 else "B" if r < 0.07 else "RB" if r < 0.075 else ""
            if car["member"]:
                car["memberId"] = f"M-{next(member_seq)}"
                car["pkg"] = "DLX" if u[4] < 0.3 else "ULT" if u[4] < 0.75 else "CER"
                car["amount"], car["promo"] = 0.0, None
            else:
                mix = [(0.35, "EXP"), (0.65, "DLX"), (0.90, "ULT"), (1.0, "CER")] if car["gate"] < promo_on else \
                      [(0.28, "EXP"), (0.45, "DLX"), (0.90, "ULT"), (1.0, "CER")]
                car["pkg"] = next(p for lim, p in mix if u[4] < lim)
                car["promo"] = "MKT-77" if car["pkg"] == "ULT" and car["gate"] >= promo_on else None
                car["amount"] = {"EXP": 10.0, "DLX": 16.0, "ULT": 22.0, "CER": 28.0}[car["pkg"]]
                if car["promo"]:
                    car["amount"] = 16.0
                car["card"] = (rng.choice(["VISA", "VISA", "VISA", "MC", "MC", "AMEX", "DISC"]), f"{rng.randint(0, 9999):04d}")
            sale_no += rng.randint(1, 3)
            car["sale"] = f"S{site[3:]}-{sale_no}"
            car["order"] = f"{site}-{int(car['gate']) % 100000:05d}{rng.randint(0, 999):03d}"
        if site == estop.get("site"):
            f250 = estop["car"]
            f250.update({"opts": "R", "member": False, "pkg": "DLX", "amount": 16.0, "promo": None, "plate": "MKV8214", "state": "TX",
                         "card": ("VISA", "3381"), "vehicle": "white Ford F-250, ladder rack"})
            f250.pop("memberId", None)
            cars[f250["assigned"]]["opts"] = ""
            estop["front"] = cars[f250["assigned"]]

    # --- per site: kiosks, lanekeeper, controller -------------------------------
    resend_cars = set()
    for rsite, clock in RESENDS:
        cars = sims[rsite][0]
        car = next(c for c in cars if c["gate"] >= C(clock) and not c.get("void"))
        resend_cars.add(id(car))

    for site, (cars, drops, clears) in sims.items():
        spec = SITES[site]
        veh = spec["veh0"]
        threads = {1: rng.randint(9, 30), 2: rng.randint(9, 30)}
        kiosk_ip = {1: f"10.31.{spec['gw']}.31", 2: f"10.31.{spec['gw']}.32"}
        wrong = 0
        first_wrong = None
        for car in sorted(cars, key=lambda c: c.get("entry", c.get("void_at", 0))):
            if "entry" in car:
                veh += 1
                car["veh"] = veh
        for i, car in enumerate(cars):
            g, lane = car["gate"], car["lane"]
            kua = f"RinsewellKiosk/3.12.4 (PayStation; {site}-PS{lane})"
            conf = round(min(0.995, 0.9 + car["u"][5] * 0.095), 2)
            if car["member"]:
                ING(g + 0.21, "POST", f"/kiosk/v2/sites/{site}/lanes/{lane}/plate", 200, 0.18 + car["u"][0] * 0.12, kua, kiosk_ip[lane])
                L(g - 0.42, "info", "member recognised", site=site, req=car["order"], lane=lane, plate=car["plate"], memberId=car["memberId"], club=car["pkg"], conf=conf)
                K(g + 0.25, site, lane, threads[lane], "INFO", "Lpr", f"read {car['plate']} {car['state']} conf={conf:.2f}: member {car['memberId']} club {car['pkg']}, gate open")
            else:
                ING(g - car["pay"] + 1.2, "POST", f"/kiosk/v2/sites/{site}/lanes/{lane}/plate", 204, 0.01 + car["u"][0] * 0.02, kua, kiosk_ip[lane], size=0)
                ING(g + 0.2, "POST", f"/kiosk/v2/sites/{site}/sales", 200, 0.16 + car["u"][0] * 0.1, kua, kiosk_ip[lane])
                brand, last4 = car["card"]
                promo = f" promo {car['promo']}" if car["promo"] else ""
                K(g + 0.24, site, lane, threads[lane], "INFO", "Sale",
                  f"sale {car['sale']} {car['pkg']} ${car['amount']:.2f}{promo} {brand} ****{last4} approved auth {hexid(rng, 6).upper()}, gate open")
            L(g - 0.3, "info", "sale completed", site=site, lane=lane, saleId=car["sale"], orderId=car["order"], package=car["pkg"],
              opts=car["opts"] or "-", tender="member" if car["member"] else "card", amount=f"{car['amount']:.2f}", promo=car["promo"])
            if car["mode"] == "gate":
                q = car["queued"]
                T(q + 0.02, site, "QUEUE", "INFO", f"ORDER {car['order']} queued pos={car['pos']} pkg={car['pkg']} opts={car['opts'] or '-'} plate={car['plate']}")
                if id(car) in resend_cars:
                    L(g + 2.31, "warn", "no ACK from tunnel controller, sending order again", site=site, orderId=car["order"])
                    T(g + 2.36, site, "QUEUE", "WARN", f"ORDER {car['order']} duplicate id, ignored (DUP)")
                    L(g + 2.39, "info", "order released to tunnel", site=site, orderId=car["order"], trigger="gate", pos=0)
                else:
                    L(q + 0.05, "info", "order released to tunnel", site=site, orderId=car["order"], trigger="gate", pos=car["pos"])
            else:
                L(g + 0.04, "info", "order staged for loader", site=site, orderId=car["order"], lane=lane)
                if "queued" in car:
                    q = car["queued"]
                    ING(q - 0.08, "POST", f"/loader/v1/sites/{site}/orders/{car['order']}/send", 200, 0.09, TABLET_UA, f"10.31.{spec['gw']}.41")
                    T(q + 0.02, site, "QUEUE", "INFO", f"ORDER {car['order']} queued pos={car['pos']} pkg={car['pkg']} opts={car['opts'] or '-'} plate={car['plate']}")
                    L(q + 0.05, "info", "order released to tunnel", site=site, orderId=car["order"], trigger="loader", pos=car["pos"])
            if car.get("void"):
                v = car["void_at"]
                ING(v, "POST", f"/loader/v1/sites/{site}/orders/{car['order']}/void", 200, 0.7 + car["u"][0], TABLET_UA, f"10.31.{spec['gw']}.41")
                if car["mode"] == "gate":
                    L(v + 0.02, "warn", "voided order was already released to the tunnel; clear it at the controller", site=site, req="v" + car["order"], orderId=car["order"])
                refunded = f"{car['amount']:.2f}"
                L(v + 0.71, "info", "order voided", site=site, req="v" + car["order"], orderId=car["order"], saleId=car["sale"], by="loader", reason=car["void"], refunded=refunded)
                if car["member"]:
                    K(v + 0.6, site, 1, threads[1], "INFO", "Sale", f"void {car['sale']}: member wash returned to {car['memberId']} ({car['void']})")
                else:
                    K(v + 0.6, site, 1, threads[1], "INFO", "Sale", f"refund {car['sale']} ${car['amount']:.2f} {car['card'][0]} ****{car['card'][1]} approved ({car['void']})")
                stats.setdefault("voids", []).append((site, v, car["mode"]))
            if "entry" in car:
                e = car["entry"]
                j = car["assigned"]
                if j is None:
                    T(e, site, "ENTRY", "WARN", f"VEH {car['veh']} at entrance: no order queued, default pkg=EXP")
                    L(e + 0.05, "warn", "vehicle loaded without an order; controller default package", site=site, vehicle=car["veh"])
                    got = None
                else:
                    got = cars[j]
                    T(e, site, "ENTRY", "INFO", f"VEH {car['veh']} at entrance: order {got['order']} pkg={got['pkg']} opts={got['opts'] or '-'} waited={int(car['waited'])}s queue={car['left']}")
                    L(e + 0.05, "info", "vehicle loaded", site=site, vehicle=car["veh"], orderId=got["order"])
                    if got is not car:
                        wrong += 1
                        first_wrong = first_wrong or e
                if spec["verify"]:
                    ve = e + 2.1 + car["u"][1]
                    if car["u"][5] < 0.015:
                        T(ve, site, "VERIFY", "INFO", f"VEH {car['veh']} no front plate read")
                    elif got is None:
                        T(ve, site, "VERIFY", "INFO", f"VEH {car['veh']} plate {car['plate']}: no order (default package)")
                    else:
                        cam = misread(rng, car["plate"]) if car["u"][0] < 0.007 else car["plate"]
                        if cam == got["plate"]:
                            T(ve, site, "VERIFY", "INFO", f"VEH {car['veh']} plate {cam} matches order {got['order']}")
                        else:
                            T(ve, site, "VERIFY", "WARN", f"VEH {car['veh']} ORDER/PLATE MISMATCH: order {got['order']} plate {got['plate']}, camera {cam}")
                            if got is car:
                                stats.setdefault("misreads", []).append((site, ve, got["plate"], cam))
                            if version_at(ve) != "5.4.1":
                                L(ve + 0.04, "warn", "tunnel verify camera: plate does not match loaded order", site=site, vehicle=car["veh"],
                                  orderId=got["order"], orderPlate=got["plate"], cameraPlate=cam)
                car["got"] = got
        for t, i, reason in drops:
            car = cars[i]
            if reason == "EXPIRED":
                T(t, site, "QUEUE", "WARN", f"ORDER {car['order']} expired after {HOLD}s in queue, dropped")
            else:
                T(t + 0.01, site, "QUEUE", "INFO", f"ORDER {car['order']} dropped (queue cleared)")
            L(t + 0.06, "info", "tunnel dropped order", site=site, orderId=car["order"], reason=reason.lower())
        for t, user, dropped in clears:
            T(t, site, "HMI", "WARN", f"Queue cleared by user {user}: {len(dropped)} order(s) dropped")
        stats["sites"][site] = {"wrong": wrong, "first_wrong": first_wrong, "cars": len(cars),
                                "voids": [(c["void_at"], c["void"]) for c in cars if c.get("void")]}

    # --- the E-stop at Arlington --------------------------------------------------
    f250, front = estop["car"], estop["front"]
    e = estop["at"]
    T(e - 1.3, "DFW11", "SAFETY", "ERROR", f"TOP BRUSH overload 41.6A at VEH {f250['veh']}, arm retracted")
    T(e, "DFW11", "SAFETY", "ERROR", "E-STOP pressed at station 3 (top brush)")
    T(e + 0.2, "DFW11", "CONV", "WARN", "conveyor stopped (E-STOP)")
    L(e + 0.3, "error", "tunnel emergency stop", site="DFW11", station=3)
    T(estop["until"] - 31, "DFW11", "SAFETY", "INFO", "E-STOP reset by user MGR-KMILLS")
    T(estop["until"] - 2, "DFW11", "CONV", "INFO", "conveyor started")
    stats["estop"] = estop

    # --- controller and kiosk routine ----------------------------------------------
    for site, spec in SITES.items():
        x = C("06:40:00") + rng.uniform(0, 300)
        T(x, site, "SYS", "INFO", "controller start, firmware TC500 4.8.2, site " + site)
        T(x + 1.4, site, "SYS", "INFO", f"order hold time {HOLD}s, default package EXP, ROI port 7410")
        T(x + 3.0, site, "ROI", "INFO", f"client 10.40.{1 + SITE_POD[site]}.{rng.randint(10, 250)} connected")
        T(x + 4.1, site, "PUMP", "INFO", f"HP pump station 1 ok, {rng.randint(1080, 1180)} psi")
        if spec["verify"]:
            T(x + 5.2, site, "VERIFY", "INFO", "TunnelEye camera online, firmware 2.3.7")
        T(C("06:58:00") + rng.uniform(0, 90), site, "CONV", "INFO", "conveyor started")
        y = C("07:00:00") + rng.uniform(0, 600)
        roller = rng.randint(90000, 200000)
        while y < t1:
            roller += rng.randint(800, 1400)
            if not (site == "DFW11" and estop["at"] <= y < estop["until"]):
                T(y, site, "CONV", "INFO", f"conveyor running {rng.randint(128, 146)} cph, roller count {roller}")
            y += 600 + rng.uniform(-5, 5)
        y = C("07:05:00") + rng.uniform(0, 1200)
        levels = {1: rng.randint(60, 90), 2: rng.randint(40, 80), 3: rng.randint(50, 85), 4: rng.randint(30, 70)}
        names = {1: "wheel cleaner", 2: "triple foam", 3: "hot wax", 4: "tire shine"}
        while y < t1:
            for k in levels:
                levels[k] = max(6, levels[k] - rng.randint(1, 4))
                lvl = "WARN" if levels[k] < 15 else "INFO"
                T(y + k * 0.3, site, "CHEM", lvl, f"tank {k} ({names[k]}) level {levels[k]}%")
            T(y + 2, site, "RO", "INFO", f"spot free tank {rng.randint(62, 96)}%, TDS {rng.randint(8, 19)} ppm")
            y += 1800 + rng.uniform(-20, 20)
        for lane in (1, 2):
            z = C("06:45:00") + rng.uniform(0, 600)
            K(z, site, lane, 1, "INFO", "Boot", "PayStation 3.12.4 started, EMV terminal Ingenico Lane/3000 ready, gate arm closed")
            K(z + 2.4, site, lane, 4, "INFO", "Lpr", f"camera {site.lower()}-lpr{lane} online, 1920x1080, IR on")
            for _ in range(rng.randint(2, 5)):
                w = C("07:10:00") + rng.uniform(0, 19000)
                K(w, site, lane, rng.randint(9, 30), "WARN", "Card", f"declined {rng.choice(['05 do not honor', '51 insufficient funds', '54 expired card'])}, customer retrying")
            K(C("09:40:00") + rng.uniform(0, 7000), site, lane, 3, "WARN", "Printer", "receipt paper low")
    # routine lanekeeper
    for pod in (0, 1):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            L(x, "info", "tunnel controllers", pod=pod, connected=12, sites=12)
            x += 600 + rng.uniform(-3, 3)
    for _ in range(9):
        x = C("07:30:00") + rng.uniform(0, 17000)
        L(x, "warn", "member lookup slow", pod=rng.randint(0, 1), ms=rng.randint(640, 1900))
    # DFW11's gateway drops the ROI connection once (TUN-90's reason)
    x = C("07:48:12")
    L(x, "warn", "tunnel controller connection error", site="DFW11", err="read ECONNRESET")
    T(x - 0.2, "DFW11", "ROI", "WARN", "client 10.40.1.77 disconnected (connection reset)")
    L(x + 2.1, "info", "tunnel controller connected", site="DFW11", host="10.31.11.20")
    T(x + 2.0, "DFW11", "ROI", "INFO", "client 10.40.1.77 connected")

    # pod restarts: promo config, rollback, fix
    for when, ver, key, pods in PODS[1:]:
        w = secs(when)
        for k, pod in enumerate(pods):
            s = w + 22 + k * 19.5
            lk.add(at(s), json.dumps({"level": 30, "time": int(s * 1000), "pid": 1, "hostname": pod, "version": ver, "commit": shas[key][:12],
                                      "sites": 12, "msg": "lanekeeper started"}, separators=(",", ":")))
            for site in SITES:
                lk.add(at(s + 0.4), json.dumps({"level": 30, "time": int((s + 0.4) * 1000), "pid": 1, "hostname": pod, "site": site,
                                                "host": f"10.31.{SITES[site]['gw']}.20", "msg": "tunnel controller connected"}, separators=(",", ":")))
                T(s + 0.38, site, "ROI", "INFO", f"client 10.40.{k + 1}.{rng.randint(10, 250)} connected")
                T(s + 30 + k * 2, site, "ROI", "INFO", f"client 10.40.{k + 1}.{rng.randint(10, 250)} disconnected")

    # loader tablets poll their queue
    for site, spec in SITES.items():
        x = C("06:50:00") + rng.uniform(0, 60)
        while x < t1:
            ING(x, "GET", f"/loader/v1/sites/{site}/queue", 200, 0.004 + rng.random() * 0.01, TABLET_UA, f"10.31.{spec['gw']}.41")
            x += 60 + rng.uniform(-2, 2)

    # --- Argo CD ------------------------------------------------------------------
    def A(x, level, msg, **kv):
        t = at(x)
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}", "application=argocd/lanekeeper"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f"{k}={json.dumps(v) if any(c in v for c in ' =:/') else v}")
        argo.add(t, " ".join(parts))

    revs = [(t0 - 1, shas["rel_550"]), (secs(PROMO_SYNC) - 8, shas["promo"]), (secs(ROLLBACK_SYNC) - 8, shas["rollback"]), (secs(FIX_SYNC) - 8, shas["rel_551"])]

    def rev_at(x):
        cur = revs[0][1]
        for when, sha in revs:
            if when <= x:
                cur = sha
        return cur

    x = t0 + rng.uniform(0, 180)
    while x < t1:
        A(x, "info", "Refreshing app status (normal refresh requested), level (1)")
        A(x + 0.21, "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: wash)")
        A(x + 0.38, "info", "Update successful", revision=rev_at(x)[:7])
        x += 180 + rng.uniform(-1, 1)
    for when, sha in revs[1:]:
        A(when, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "wash", "dest-server": "https://kubernetes.default.svc", "reason": "OperationStarted", "type": "Normal"})
        A(when + 4.2, "info", f"Sync operation to {sha} succeeded", **{"dest-namespace": "wash", "dest-server": "https://kubernetes.default.svc", "reason": "OperationCompleted", "type": "Normal"})
        A(when + 4.6, "info", "Updated health status: Healthy -> Progressing", **{"dest-namespace": "wash", "reason": "ResourceUpdated", "type": "Normal"})
        A(when + 71.3, "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "wash", "reason": "ResourceUpdated", "type": "Normal"})

    # --- #wash-ops ------------------------------------------------------------------
    users = {"dana.pruitt": "U03DP7K2A", "luis.ortega (DFW07)": "U05LO2M9C", "andre.watts (DFW03)": "U05AW8R3D",
             "kendra.mills (DFW11)": "U05KM4T6E", "sam.nguyen (DFW14)": "U06SN1P5F", "tyler.brandt": "U02TB6H1B",
             "megan.castillo": "U01MC3J8Q", "jorge.villarreal": "U04JV9X2L", "courtney.hale": "U04CH5W7M"}

    def say(clock, who, text):
        x = C(clock) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "wash-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    def hm(x):
        return at(x).astimezone(CDT).strftime("%H:%M")

    c07 = sims["DFW07"][0]
    first = next(c for c in sorted((c for c in c07 if "entry" in c), key=lambda c: c["entry"]) if c["got"] is not None and c["got"] is not c)
    n07 = sum(1 for c in c07 if "entry" in c and c["got"] is not None and c["got"] is not c and c["entry"] < C("09:14:00"))
    v = {site: [t for t, _ in st["voids"]] for site, st in stats["sites"].items()}
    after_clear = next(c for c in sorted((c for c in c07 if "entry" in c), key=lambda c: c["entry"]) if c["entry"] > C("10:00:00") and c["got"] is not None and c["got"] is not c)
    say("06:52:00", "dana.pruitt", "Morning all. 96F and sunny, first dry Saturday in three weeks, expect a big one. Both pay lanes open at every site from 7")
    say("08:05:30", "courtney.hale", "MKT-77 is live (Argo synced 08:03): Ultimate for $16 until 1 pm on the kiosks, Saturdays through September")
    say("09:06:10", "luis.ortega (DFW07)", "Frisco: exit attendant has had 6 or 7 customers since about 8:45 saying they paid Ultimate and got no tire shine, and an Express customer drove out with wax. loader says the TunnelEye screen shows a different plate on almost every car. is the promo doing something to packages?")
    say("09:10:40", "courtney.hale", "the promo only changes the price on the kiosk, it's still sold as ULT")
    say("09:14:20", "tyler.brandt", f"on call, looking. lanekeeper has 'tunnel verify camera: plate does not match loaded order' for DFW07 on nearly every car since {hm(first['entry'])}, {n07} so far. that warning is new in 5.5.0 yesterday (TUN-88), it was debug before. runbook: one mismatch is the camera, several in a row means the queue is out of step, clear it on the HMI, roll back if it started after a release")
    say("09:21:30", "luis.ortega (DFW07)", f"camera window is clean and the sun is behind the building. and they're not misreads, they're whole plates of the car in front. first one on the screen was {first['plate']} washed as {first['got']['plate']}'s order")
    say("09:33:00", "andre.watts (DFW03)", "Garland too since about 9:10, three complaints: Ultimate washed as Express and the other way round. we don't have the verify camera so I can't see plates")
    say("09:40:50", "tyler.brandt", "5.5.0 also has TUN-90: lanekeeper sends an ORDER again when the controller doesn't ACK within 2 s. there's a resend at DFW14 08:52 and DFW07 09:31. if the controller queued both copies every car behind it gets the previous car's order. checking")
    say("09:47:10", "megan.castillo", f"the controller answers DUP to the second copy, DFW07's controller log has 'duplicate id, ignored (DUP)' at 09:31. and DFW07 was already off at {hm(first['entry'])}")
    say("09:50:30", "dana.pruitt", "@luis.ortega clear the queue on the HMI like the runbook says, let's see")
    def settle(site, clock):
        """The cars loaded after a clear until five in a row have their own order: (wrong, on Express, settled at)."""
        ent = sorted((c for c in sims[site][0] if "entry" in c and c["entry"] > C(clock)), key=lambda c: c["entry"])
        for k in range(len(ent)):
            if all(c["got"] is c for c in ent[k:k + 5]):
                return sum(1 for c in ent[:k] if c["got"] is not None), sum(1 for c in ent[:k] if c["got"] is None), ent[k]["entry"]
        raise ValueError(f"{site}: never settles after {clock}")

    w07, d07, s07 = settle("DFW07", "09:52:20")
    w03, d03, s03 = settle("DFW03", "10:04:40")
    w11, d11, s11 = settle("DFW11", "10:20:10")
    say("09:55:00", "luis.ortega (DFW07)", f"cleared at 9:52. the next {w07 + d07} cars were off, {w07} washed as a car behind them and {d07} on Express (default), rewash tickets for them. since {hm(s07)} the screen matches")
    say("10:01:40", "sam.nguyen (DFW14)", "Plano: same thing, verify screen shows other plates since about 9:20. lanes are backed up to Coit Rd, I can't get to the HMI right now")
    say("10:03:20", "dana.pruitt", "@andre.watts clear yours too please")
    say("10:05:10", "andre.watts (DFW03)", "cleared 10:04")
    say(hm(s03 + 200), "andre.watts (DFW03)", f"took a few minutes: {w03} cars got the package of a car behind them, {d03} Express. right again since {hm(s03)}")
    say(hm(estop["at"] + 150), "kendra.mills (DFW11)", f"E-STOP at Arlington {hm(estop['at'])}: top brush came down on a white F-250 with a ladder rack. customer chose roof/ladder rack at the kiosk, but the HMI has it washed as {estop['front']['pkg']} with no R, the order of the car in front. rack bent, third brake light broken. conveyor stopped about 7 min. he's filing a claim")
    say(hm(estop["at"] + 330), "dana.pruitt", "that's four sites now. @tyler.brandt can we roll back whatever went out?")
    say("10:21:10", "tyler.brandt", "rolling back to 5.4.1 (INC-1187): 5.5.0 is the only release since Thursday, and TUN-90 is in the very release path")
    say("10:22:30", "kendra.mills (DFW11)", "cleared our queue at 10:20 while the conveyor was stopped, it had 11 orders in it. lanes kept selling")
    say(hm(s11 + 150), "kendra.mills (DFW11)", f"since the restart {w11 + d11} cars went through wrong: {d11} on Express and {w11} with the package of a car further back in the line, the loader's screen was all over the place. looks right since {hm(s11)}")
    say("10:29:00", "tyler.brandt", "5.4.1 running on both pods (Argo 10:27)")
    say("10:41:20", "tyler.brandt", "no verify warnings in lanekeeper since 10:27")
    say("10:47:40", "luis.ortega (DFW07)", f"it's back at Frisco since about {hm(after_clear['entry'])}, car in front's package again. clearing again")
    say("10:53:10", "megan.castillo", f"the warnings stopped because TUN-88 isn't in 5.4.1 (debug again), not because anything is fixed. DFW07's controller log has ORDER/PLATE MISMATCH on nearly every car from {hm(after_clear['entry'])} to Luis's clear at 10:49. the rollback changed nothing")
    say("11:02:30", "megan.castillo", f"DFW07: each run starts right after a loader void: {hm(v['DFW07'][0])} (lifted truck) and {hm(v['DFW07'][1])} (roof box), and lanekeeper warns 'voided order was already released to the tunnel; clear it at the controller' on every void. since OPS-212 (5.4.0, Wednesday) the order goes to the controller when the gate opens, so a car sent out through the escape lane leaves its order in the queue: the next car takes it and every car behind gets the order of the car in front. ROI can't remove one order. same at DFW03 {hm(v['DFW03'][1])}, DFW14 {hm(v['DFW14'][1])}, DFW11 {hm(v['DFW11'][0])}")
    say("11:06:00", "jorge.villarreal", "that's mine, sorry. I counted on the interlocked merge for gate order = tunnel order and never thought of a car leaving after its gate. on weekdays the extra order expires as soon as the tunnel is quiet for 8 minutes")
    say("11:08:20", "megan.castillo", "reverting OPS-212 -> 5.5.1, orders go out on the loader's Send again. TUN-88/TUN-90 stay. ETA 11:35")
    say("11:10:00", "dana.pruitt", "@luis.ortega @andre.watts @kendra.mills @sam.nguyen from about 11:35 loaders tap Send on the tablet again. wait for Megan's go, then clear the HMI queue")
    say("11:37:10", "megan.castillo", "5.5.1 live (Argo 11:36). managers: clear the HMI queue now. cars that paid before 11:36 aren't on the tablet and will get Express, rewash tickets at the exit")
    say("11:39:40", "luis.ortega (DFW07)", "cleared")
    say("11:40:30", "sam.nguyen (DFW14)", "cleared")
    say("11:42:00", "andre.watts (DFW03)", "cleared")
    say("11:42:50", "kendra.mills (DFW11)", "cleared")
    late = [m for m in stats.get("misreads", []) if m[1] > C("11:41:00")]
    misread_note = "" if not late else " except a camera misread at " + ", ".join(f"{m[0]} ({m[3]} for {m[2]})" for m in late)
    say("12:14:30", "megan.castillo", f"no mismatches at DFW07 or DFW14 since the clears{misread_note}. the voids at DFW14 {hm(v['DFW14'][3])} and DFW07 {hm(v['DFW07'][3])} never reached the controller")
    say("12:21:00", "dana.pruitt", "thanks all. customer care has the complaints and the F-250 claim")
    say("12:33:40", "tyler.brandt", "INC-1187 postmortem Monday. OPS-212 only comes back with a way to take one order out of the queue (Hydraflex says ROI 2 in firmware 5.x has DEL)")

    # --- customer care --------------------------------------------------------------
    def ticket(clock, tid, channel, site, subject, text, tags):
        x = C(clock) + rng.uniform(0, 59)
        t = at(x)
        zendesk.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": tid, "via": channel, "status": "new",
                                   "subject": subject, "custom_fields": {"site": site}, "tags": tags, "description": text}, ensure_ascii=False))

    ticket("09:02", 88412, "web", "DFW07", "Paid for Ultimate, got the basic wash", "Paid $16 for the Ultimate this morning at Preston Rd, no tire shine and no wax. The screen at the entrance said Express.", ["wrong_package", "refund_request"])
    ticket("09:18", 88419, "voice", "DFW07", "Charged for Ceramic Shield", "Caller paid $28 for Ceramic Shield at Frisco around 9, says the car came out like the cheapest wash. Wants a refund.", ["wrong_package", "refund_request"])
    ticket("09:29", 88423, "web", "DFW03", "Wrong wash", "I have the Club Ultimate and today in Garland my car got no tire shine. The attendant said the tunnel had it as someone else's wash.", ["wrong_package", "club_member"])
    ticket("09:51", 88431, "web", "DFW14", "Not the wash I paid for", "Bought the Deluxe, got Express. Two cars in front of me had the same problem according to the guy at the exit.", ["wrong_package"])
    ticket(hm(estop["at"] + 1100), 88440, "voice", "DFW11", "DAMAGE CLAIM: ladder rack bent in the tunnel",
           f"Customer in a white Ford F-250 ({estop['car']['plate']}), Cooper St, about {hm(estop['at'])}. Selected 'roof or ladder rack' at the pay station. Top brush came down on the rack, rack bent, third brake light broken. Site manager Kendra Mills stopped the tunnel. Photos to follow.",
           ["damage_claim", "escalated"])
    ticket("10:56", 88447, "web", "DFW03", "wash package wrong", "Ceramic Shield $28 at Broadway Blvd, came out with nothing on it. Not happy.", ["wrong_package", "refund_request"])
    ticket("11:05", 88451, "web", "DFW07", "Club member, cheap wash twice this week", "Club Ceramic member. Thursday evening and again today I got the Express wash. The manager gave me a rewash ticket today.", ["wrong_package", "club_member"])
    ticket("11:24", 88458, "web", "DFW11", "Wrong wash and long wait", "Waited 25 minutes in line and got a wash without the wheel cleaning I paid for.", ["wrong_package"])
    ticket("12:27", 88466, "web", "DFW14", "Thanks", "Got a free rewash after the mix-up earlier, the second one was great.", ["feedback"])
    return (lk, tc, kiosk, ingress, argo, slack, zendesk), sims, stats


TABLET_UA = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.6533.103 Safari/537.36 LoaderTablet/2.3.1"


def build(out_dir):
    rng = random.Random(98100)
    repo, shas = build_repo()
    try:
        logs, sims, stats = build_logs(rng, shas)
        first = min(st["first_wrong"] for st in stats["sites"].values() if st["first_wrong"])
        onset = at(first).replace(microsecond=0)
        assert C("08:39:00") < secs(onset) < C("08:40:00"), onset
        culprit_at = cdt("2026-08-19 09:20:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        wrong = {site: st["wrong"] for site, st in stats["sites"].items()}
        estop = stats["estop"]
        return write_scenario(
            out_dir, name="r98-gate-release-escape-lane", service=SERVICE, onset=onset,
            description=f"""
Rinsewell Express Car Wash, Saturday 22 August 2026: from 08:39 CDT
({onset.strftime('%H:%M:%S')} UTC) cars at the Frisco site (DFW07) are washed with the
package of the car in front of them (its TunnelEye verify camera logs
ORDER/PLATE MISMATCH on nearly every car); Garland, Plano and Arlington
follow, and at {at(estop['at']).astimezone(CDT).strftime('%H:%M')} an F-250 with a ladder rack is washed without
the retract option it paid for and the top brush bends its rack (E-stop).
Clearing a tunnel controller's queue at its HMI helps after a few
minutes, until it starts again. lanekeeper 5.5.0 had been deployed on Friday; the pods restarted
with a promotions change at 08:03; 5.5.0 was rolled back to 5.4.1 at 10:27
without effect. A fix (5.5.1) was deployed at 11:36 and the managers
cleared the queues at 11:39-11:42. The tunnel controllers log local time
(CDT, -05:00); the other sources are UTC.
""",
            logs=list(logs),
            line_formats={
                "tunnel-controllers.log": r'<Time> <Unit> <Module> <Level> <Content>',
                "paystations.log": r'<Time> <Kiosk> \[<Thread>\] <Level> <Logger> - <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'ORDER/PLATE MISMATCH',
                r'voided order was already released to the tunnel',
            ],
            fix_files=["src/lanes/gate.ts", "src/tunnel/release.ts"],
            explanation=f"""
The culprit is OPS-212 ("tunnel: send the order to the controller when the
gate opens"), committed on Wednesday 19 August at 09:20 CDT and deployed in
5.4.0 that afternoon, {hours:.1f} hours before the onset. lanekeeper used to
stage each paid order until the loader tapped Send for the car being
loaded; OPS-212 sends it to the Hydraflex controller as the gate opens,
since the interlocked merge keeps cars in gate order. But a loader still
turns cars away through the escape lane after their gate (a lifted truck,
a roof box) and voids them on the tablet, and the void only takes the
order out of lanekeeper's staging list, now empty: the old guard warns
"voided order was already released to the tunnel; clear it at the
controller", and the controller, which hands orders out first in, first
out and has no command to remove one, gives the voided car's order to the
next car and every car after it the order of the car in front. On weekdays
the extra order expires when the tunnel goes quiet for 8 minutes (as the
voids at 07:11 at Garland and 07:30 at Plano do); in Saturday's traffic it
never does. From the void at 08:38 at Frisco the verify camera logs
ORDER/PLATE MISMATCH with the previous car's plate on nearly every car;
Garland (09:08), Plano (09:21, again at 10:33) and Arlington (09:46)
follow; {wrong['DFW07']} cars at Frisco, {wrong['DFW03']} at Garland, {wrong['DFW14']} at Plano and {wrong['DFW11']} at Arlington get
another car's package, among them an F-250 that had asked for the top
brush to be retracted for its ladder rack. An HMI clear helps once the
cars already in the stacking lane are through (they get Express, or the
orders of cars behind them that paid after the clear), until the next
void. The fix reverts OPS-212 (orders go out on the loader's Send
again) in the culprit's two files.
Decoys: release 5.5.0, deployed on Friday (TUN-88, which logs the verify
camera's mismatches at warn, the very warning that fills the log; TUN-90,
which sends an ORDER again when the controller does not ACK within 2 s, in
the culprit's function, with two resends on Saturday that the controller
answers DUP; a fastify bump); the MKT-77 promotions change synced at 08:03,
36 minutes before the onset, which restarts the pods (the start-up lines
and Argo CD name it), about the very packages customers complain of; the
rollback to 5.4.1 at 10:27, which holds the culprit (the lanekeeper
warnings stop, the controller's mismatches do not); Thursday's runbook
section that reads ORDER/PLATE MISMATCH as a camera misread and says to
clear the queue and roll back after a release; a few genuine camera
misreads; a dropped ROI connection at Arlington at 07:48.
""",
        )
    finally:
        repo.close()
