"""berthdesk (TypeScript, NestJS on Node 20, nestjs-pino JSON; two Docker
Compose hosts behind a Caddy edge at Hetzner, deployed by a GitHub Actions
workflow on a release tag; a team of three in Southampton and a contractor
in Gdansk) runs the visitors' side of Saltmere Marinas, a marina group on
the Solent: Saltmere Marina on the Hamble (pontoons A to H) and Pennock
Quay (a sill marina on the Lymington river). It takes visitor berth
bookings from the web site, the harbour office desk and, since this week,
a regatta organiser's block booking; it gives each visitor a gate code (a
PIN for the pontoon gates, whose controllers are Tessel Access TA-40s
managed in Tessel Cloud), registers berth holders' fobs, posts the fuel
dock's account-charged sales and publishes the tide gauges' readings and
the sill advisory.

A TA-40 keeps its users (berth holders' and staff fobs, visitors' PINs) in
its own store, 1,000 users per controller, so that a gate opens when the
pontoon's Wi-Fi bridge is down. docs/gates.md says so, and says that in
August Saltmere's door group SM-PONTOONS (gates A-D) holds about 400
berth holders' fobs, 40 staff fobs and up to 130 visitors: until this
week a visitor's PIN was added by the 06:00 run on the day of arrival and
removed the morning after departure.

Monday 3 August 2026, 11:20 BST: GATE-58 issues the gate code when the
booking is confirmed and sends it with the confirmation e-mail (visitors
leaving Cherbourg at 05:00 never saw the 06:00 e-mail before they arrived,
and the night security took their calls), valid for the stay. From that
moment every confirmed booking holds a user on the four controllers from
the day it is booked, not from the day it arrives: in peak season,
bookings reach weeks ahead, and the store fills by a few dozen a day.
Released in 2.8.0 that afternoon; 2.8.1 (GATE-60, Tessel's request id in
the culprit's log line; FUEL-40) on Wednesday.

Friday 7 August, the day before Saltmere Regatta Week: 2.9.0 at 08:52 BST
(BOOK-233, the organiser's block booking import; GATE-61, which retries
codes that could not be issued every 15 minutes and adds the "gate code
retry failed" warning that fills the log; regatta week rates; an axios
bump), after Thursday's runbook commit that reads SYNC_REJECTED from all
controllers after a release as the release (INC-88) and from one as a
controller offline (B pontoon's bridge was down from 06:10 to 06:52 that
morning). At 10:31 the harbour office imports the regatta block, 64
boats: the store reaches 1,000 after the first few and every add after it
is refused by all four controllers ("user store full (1000/1000 users)",
Tessel's 409 SYNC_REJECTED with ERR 0x2C in berthdesk's "gate code not
issued"), for the rest of the block, every web and desk booking after it,
and a new berth holder's fob. Sam (on call) follows the runbook and rolls
back to 2.8.1 at 11:41 (the retry warnings stop, the refusals do not),
asks Kasia about the import (it only calls confirm()), raises a ticket
with Tessel and is puzzled when one booking gets its code at 12:41 (a
cancellation had freed a slot). Tessel support reads ERR 0x2C as a full
user store at 13:55; Ollie, back at 13:40, sees the future-dated visitors
in the door group and names GATE-58. GATE-64 (2.9.1, 15:32) issues a code
at confirmation only for arrivals today or tomorrow and has the 06:00 run
e-mail tomorrow's; a purge removes the codes of later stays, and the
retry run issues the regatta's codes at 15:45.

Sources: berthdesk (nestjs-pino JSON), Caddy access log (JSON), Tessel
Cloud's event log export (line format, BST), the harbour office's desk
diary (line format, BST), GitHub Actions deploy runs, #berthdesk (Teams
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "berthdesk"
BST = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-08-07 04:30:00"), utc("2026-08-07 15:30:00")


def bst(text):
    """'2026-08-07 10:31:12' in Southampton (BST, UTC+1) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BST).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def before_last_close(text, addition):
    """Inserts addition before the closing `});` of a test file's describe block."""
    i = text.rstrip().rfind("});")
    return text[:i] + addition + text[i:]


# ---------------------------------------------------------------------------
# the repository

DEPS = {
    "@nestjs/common": "10.3.10",
    "@nestjs/core": "10.3.10",
    "@nestjs/platform-express": "10.3.10",
    "@nestjs/schedule": "4.1.0",
    "axios": "1.7.2",
    "handlebars": "4.7.8",
    "luxon": "3.4.4",
    "nestjs-pino": "4.1.0",
    "nodemailer": "6.9.14",
    "pg": "8.12.0",
    "pino": "9.2.0",
    "pino-http": "10.2.0",
    "stripe": "16.2.0",
}
DEV_DEPS = {
    "@nestjs/cli": "10.4.2",
    "@nestjs/testing": "10.3.10",
    "@types/jest": "29.5.12",
    "@types/luxon": "3.4.2",
    "jest": "29.7.0",
    "ts-jest": "29.2.3",
    "typescript": "5.5.3",
}


def package_json(version, deps=DEPS):
    dep_lines = ",\n".join(f'    "{k}": "{v}"' for k, v in deps.items())
    dev_lines = ",\n".join(f'    "{k}": "{v}"' for k, v in DEV_DEPS.items())
    return f"""{{
  "name": "berthdesk",
  "version": "{version}",
  "private": true,
  "description": "Saltmere Marinas: visitor berth bookings, gate codes, berth holders' fobs, fuel dock accounts, tide advisories",
  "scripts": {{
    "build": "nest build",
    "start": "node dist/main.js",
    "test": "jest",
    "purge-future-gate-codes": "node dist/scripts/purge-future-gate-codes.js"
  }},
  "dependencies": {{
{dep_lines}
  }},
  "devDependencies": {{
{dev_lines}
  }}
}}
"""


def package_lock(version, deps=DEPS):
    entries = "".join(
        f""",
    "node_modules/{dep}": {{
      "version": "{v}",
      "resolved": "https://registry.npmjs.org/{dep}/-/{dep.split('/')[-1]}-{v}.tgz"
    }}"""
        for dep, v in sorted({**deps, **DEV_DEPS}.items())
    )
    return f"""{{
  "name": "berthdesk",
  "version": "{version}",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {{
    "": {{
      "name": "berthdesk",
      "version": "{version}"
    }}{entries}
  }}
}}
"""


TSCONFIG = """{
  "compilerOptions": {
    "module": "commonjs",
    "target": "ES2022",
    "outDir": "./dist",
    "rootDir": "./",
    "strict": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true,
    "resolveJsonModule": true,
    "esModuleInterop": true,
    "skipLibCheck": true
  },
  "include": ["src/**/*.ts", "scripts/**/*.ts"]
}
"""

MAIN = """import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { version } from '../package.json';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { bufferLogs: true, rawBody: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000));
  logger.log({ version, commit: process.env.GIT_SHA ?? 'unknown', jobs: process.env.RUN_JOBS === '1' }, 'berthdesk started');
}

bootstrap();
"""

APP_MODULE = """import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { FobsService } from './berth-holders/fobs.service';
import { Db } from './db';
import { ForecourtController } from './fuel/forecourt.controller';
import { GateCodesJob } from './gate/gate-codes.job';
import { GateCodesService } from './gate/gate-codes.service';
import { TesselClient } from './gate/tessel.client';
import { Mailer } from './mail/mailer';
import { StripeWebhookController } from './payments/stripe.webhook';
import { TideService } from './tide/tide.service';

const jobs = process.env.RUN_JOBS === '1' ? [GateCodesJob] : [];

@Module({
  imports: [
    LoggerModule.forRoot({ pinoHttp: { autoLogging: { ignore: (req) => req.url === '/healthz' } } }),
    ScheduleModule.forRoot(),
  ],
  controllers: [BookingsController, StripeWebhookController, ForecourtController],
  providers: [Db, Mailer, TesselClient, GateCodesService, BookingsService, FobsService, TideService, ...jobs],
})
export class AppModule {}
"""

MARINAS = """{
  "SM": {
    "name": "Saltmere Marina",
    "doorGroup": "SM-PONTOONS",
    "gates": ["SM-GATE-A", "SM-GATE-B", "SM-GATE-C", "SM-GATE-D"],
    "tideGauge": "http://10.20.8.21/api/level",
    "fuelDock": true
  },
  "PQ": {
    "name": "Pennock Quay",
    "doorGroup": "PQ-PONTOONS",
    "gates": ["PQ-GATE-1", "PQ-GATE-2"],
    "tideGauge": "http://10.30.4.15/api/level",
    "sill": { "heightCdM": 1.6, "minimumDepthM": 1.5 }
  }
}
"""

RATES = """{
  "currency": "GBP",
  "perMetreNight": {
    "SM": { "standard": 4.20, "peak": 5.10 },
    "PQ": { "standard": 3.80, "peak": 4.60 }
  },
  "peak": [{ "from": "2026-07-01", "to": "2026-08-31" }],
  "shortStayPerMetre": 1.90,
  "multihullSurcharge": 0.5
}
"""

BOOKING = """export type MarinaCode = 'SM' | 'PQ';

export interface Booking {
  ref: string; // SM-24117
  marina: MarinaCode;
  arrive: string; // ISO date, Europe/London
  nights: number;
  boatName: string;
  loaM: number;
  berth?: string; // pontoon and finger, allocated by the office
  email: string;
  source: 'web' | 'desk' | 'block';
  status: 'pending' | 'confirmed' | 'cancelled';
}
"""

BOOKINGS_SERVICE = """import { Injectable, Logger } from '@nestjs/common';
import { Db } from '../db';
import { Mailer } from '../mail/mailer';
import { Booking } from './booking';

@Injectable()
export class BookingsService {
  private readonly log = new Logger(BookingsService.name);

  constructor(private readonly db: Db, private readonly mailer: Mailer) {}

  /** Payment succeeded (web) or the office took the booking (desk). */
  async confirm(ref: string): Promise<Booking> {
    const booking = await this.db.bookings.markConfirmed(ref);
    this.log.log(
      { ref: booking.ref, marina: booking.marina, arrive: booking.arrive, nights: booking.nights, boat: booking.boatName, loaM: booking.loaM, source: booking.source },
      'booking confirmed',
    );
    await this.mailer.bookingConfirmation(booking);
    return booking;
  }

  async cancel(ref: string, reason: string): Promise<void> {
    const booking = await this.db.bookings.markCancelled(ref, reason);
    this.log.log({ ref, marina: booking.marina, arrive: booking.arrive, reason }, 'booking cancelled');
  }
}
"""

BOOKINGS_CONTROLLER = """import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Db } from '../db';
import { BookingsService } from './bookings.service';

@Controller('api')
export class BookingsController {
  constructor(private readonly bookings: BookingsService, private readonly db: Db) {}

  @Get('availability')
  availability(@Query('marina') marina: string, @Query('arrive') arrive: string, @Query('nights') nights: string, @Query('loa') loa: string) {
    return this.db.berths.available(marina, arrive, Number(nights), Number(loa));
  }

  @Post('bookings')
  create(@Body() body: unknown) {
    return this.db.bookings.createPending(body);
  }

  @Post('bookings/:ref/cancel')
  cancel(@Param('ref') ref: string, @Body('reason') reason: string) {
    return this.bookings.cancel(ref, reason ?? 'visitor');
  }

  @Post('desk/bookings')
  async desk(@Body() body: unknown) {
    const pending = await this.db.bookings.createPending(body, 'desk');
    return this.bookings.confirm(pending.ref);
  }
}
"""

STRIPE = """import { Controller, Headers, Logger, Post, RawBodyRequest, Req } from '@nestjs/common';
import { Request } from 'express';
import Stripe from 'stripe';
import { BookingsService } from '../bookings/bookings.service';

@Controller('webhooks/stripe')
export class StripeWebhookController {
  private readonly log = new Logger(StripeWebhookController.name);
  private readonly stripe = new Stripe(process.env.STRIPE_KEY ?? '');

  constructor(private readonly bookings: BookingsService) {}

  @Post()
  async handle(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature: string) {
    const event = this.stripe.webhooks.constructEvent(req.rawBody!, signature, process.env.STRIPE_WEBHOOK_SECRET ?? '');
    this.log.log({ type: event.type, id: event.id }, 'stripe event');
    if (event.type === 'payment_intent.succeeded') {
      const intent = event.data.object as Stripe.PaymentIntent;
      await this.bookings.confirm(intent.metadata.bookingRef);
    }
    return { received: true };
  }
}
"""

TESSEL = """import { Injectable } from '@nestjs/common';
import axios, { AxiosError, AxiosInstance } from 'axios';

export interface TesselUser {
  name: string;
  pin?: string;
  fob?: string;
  validFrom?: string;
  validTo?: string;
}

export class TesselError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly requestId?: string) {
    super(message);
    this.name = 'TesselError';
  }
}

/**
 * Tessel Cloud's API. A change to a door group is pushed to every
 * controller of the group; Tessel answers once each has acknowledged it
 * (or queues it for a controller that is offline) and refuses the change
 * as a whole when a controller rejects it.
 */
@Injectable()
export class TesselClient {
  private readonly http: AxiosInstance = axios.create({
    baseURL: process.env.TESSEL_URL ?? 'https://api.eu.tesselcloud.com',
    timeout: 15_000,
    headers: { 'X-Api-Key': process.env.TESSEL_API_KEY ?? '' },
  });

  async addUser(doorGroup: string, user: TesselUser): Promise<{ id: string; queued: number; requestId: string }> {
    try {
      const res = await this.http.post(`/v3/door-groups/${doorGroup}/users`, user);
      return { id: res.data.id, queued: res.data.queued_controllers ?? 0, requestId: res.headers['x-request-id'] };
    } catch (err) {
      throw toTesselError(err);
    }
  }

  async removeUser(doorGroup: string, id: string): Promise<void> {
    try {
      await this.http.delete(`/v3/door-groups/${doorGroup}/users/${id}`);
    } catch (err) {
      throw toTesselError(err);
    }
  }
}

function toTesselError(err: unknown): TesselError {
  const e = err as AxiosError<{ error?: string; message?: string; controllers?: { id: string; code: string }[] }>;
  const body = e.response?.data ?? {};
  const rejected = (body.controllers ?? []).map((c) => `${c.id} ${c.code}`).join(', ');
  const message = `Tessel ${e.response?.status ?? 'network'} ${body.error ?? e.code}: ${body.message ?? e.message}${rejected ? ` (${rejected})` : ''}`;
  return new TesselError(e.response?.status ?? 0, body.error ?? e.code ?? 'UNKNOWN', message, e.response?.headers?.['x-request-id']);
}
"""

PIN = """import { randomInt } from 'crypto';

/** Six digits, no leading zero (the keypads' 0 is also their clear key). */
export function newPin(): string {
  return String(randomInt(100000, 1000000));
}
"""

VALIDITY = """import { DateTime } from 'luxon';

const ZONE = 'Europe/London';

/** A stay's gate code window: 12:00 on arrival day to 14:00 on departure day. */
export function stayWindow(arrive: string, nights: number): { validFrom: string; validTo: string } {
  const day = DateTime.fromISO(arrive, { zone: ZONE });
  return {
    validFrom: day.set({ hour: 12 }).toISO()!,
    validTo: day.plus({ days: nights }).set({ hour: 14 }).toISO()!,
  };
}

export function todayInLondon(): string {
  return DateTime.now().setZone(ZONE).toISODate()!;
}
"""

GATE_SERVICE = """import { Injectable, Logger } from '@nestjs/common';
import marinas from '../../config/marinas.json';
import { Booking } from '../bookings/booking';
import { Db } from '../db';
import { newPin } from './pin';
import { TesselClient } from './tessel.client';
import { stayWindow } from './validity';

/**
 * A visitor's gate code: a PIN in their marina's door group, valid from
 * 12:00 on the day of arrival to 14:00 on the day of departure.
 */
@Injectable()
export class GateCodesService {
  private readonly log = new Logger(GateCodesService.name);

  constructor(private readonly tessel: TesselClient, private readonly db: Db) {}

  async issue(booking: Booking): Promise<string> {
    const doorGroup = marinas[booking.marina].doorGroup;
    const { validFrom, validTo } = stayWindow(booking.arrive, booking.nights);
    const pin = newPin();
    const user = await this.tessel.addUser(doorGroup, { name: `V-${booking.ref}`, pin, validFrom, validTo });
    await this.db.gateCodes.insert({ ref: booking.ref, doorGroup, tesselId: user.id, pin, validFrom, validTo });
    this.log.log({ ref: booking.ref, doorGroup, validFrom, validTo, queued: user.queued }, 'gate code issued');
    return pin;
  }

  async revoke(ref: string): Promise<void> {
    const code = await this.db.gateCodes.byRef(ref);
    if (!code) {
      return;
    }
    await this.tessel.removeUser(code.doorGroup, code.tesselId);
    await this.db.gateCodes.delete(ref);
    this.log.log({ ref, doorGroup: code.doorGroup }, 'gate code revoked');
  }
}
"""

GATE_JOB = """import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Db } from '../db';
import { Mailer } from '../mail/mailer';
import { GateCodesService } from './gate-codes.service';
import { todayInLondon } from './validity';

@Injectable()
export class GateCodesJob {
  private readonly log = new Logger(GateCodesJob.name);

  constructor(private readonly codes: GateCodesService, private readonly db: Db, private readonly mailer: Mailer) {}

  /**
   * 06:00 every day: remove the codes of stays that have ended, then issue
   * today's arrivals' codes and e-mail them.
   */
  @Cron('0 6 * * *', { timeZone: 'Europe/London' })
  async daily(): Promise<void> {
    const ended = await this.db.gateCodes.endedBefore(new Date());
    for (const code of ended) {
      await this.codes.revoke(code.ref);
    }
    const arriving = await this.db.bookings.confirmedArrivingOn(todayInLondon());
    let issued = 0;
    let failed = 0;
    for (const booking of arriving) {
      try {
        const pin = await this.codes.issue(booking);
        await this.mailer.gateCode(booking, pin);
        issued++;
      } catch (err) {
        failed++;
        this.log.error({ ref: booking.ref, err }, 'gate code not issued');
      }
    }
    this.log.log({ removed: ended.length, issued, failed }, 'gate codes daily run');
  }
}
"""

FOBS = """import { Injectable, Logger } from '@nestjs/common';
import marinas from '../../config/marinas.json';
import { Db } from '../db';
import { TesselClient } from '../gate/tessel.client';

/** Berth holders' fobs, registered by the office from the berth holder's page. */
@Injectable()
export class FobsService {
  private readonly log = new Logger(FobsService.name);

  constructor(private readonly tessel: TesselClient, private readonly db: Db) {}

  async register(holderId: string, marina: 'SM' | 'PQ', fob: string): Promise<void> {
    const doorGroup = marinas[marina].doorGroup;
    try {
      const user = await this.tessel.addUser(doorGroup, { name: `BH-${holderId}`, fob });
      await this.db.fobs.insert({ holderId, fob, tesselId: user.id });
      this.log.log({ holderId, doorGroup, fob }, 'fob registered');
    } catch (err) {
      this.log.error({ holderId, doorGroup, fob, err }, 'fob not registered');
      throw err;
    }
  }
}
"""

FORECOURT = """import { Body, ConflictException, Controller, Logger, Post } from '@nestjs/common';
import { Db } from '../db';

interface ForecourtSale {
  saleId: string;
  pump: number;
  product: 'diesel' | 'petrol';
  litres: number;
  pricePerLitre: number;
  account?: string;
}

/** The fuel dock's forecourt controller posts every sale; account sales go on the berth holder's account. */
@Controller('api/forecourt')
export class ForecourtController {
  private readonly log = new Logger(ForecourtController.name);

  constructor(private readonly db: Db) {}

  @Post('sales')
  async sale(@Body() sale: ForecourtSale) {
    if (!sale.account) {
      return { ok: true };
    }
    await this.db.accounts.postFuel(sale.account, sale);
    this.log.log({ saleId: sale.saleId, account: sale.account, pump: sale.pump, product: sale.product, litres: sale.litres }, 'fuel sale posted');
    return { ok: true };
  }
}
"""

TIDE = """import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import axios from 'axios';
import marinas from '../../config/marinas.json';
import { predictedLevel } from './predictions';

/** Polls the marinas' tide gauges; the web site and the VHF info line read the latest level. */
@Injectable()
export class TideService {
  private readonly log = new Logger(TideService.name);
  readonly latest = new Map<string, { levelCdM: number; at: Date }>();

  @Cron('*/2 * * * *')
  async poll(): Promise<void> {
    for (const [code, marina] of Object.entries(marinas)) {
      try {
        const res = await axios.get(marina.tideGauge, { timeout: 5000 });
        const level = Number(res.data.level_cd_m);
        this.latest.set(code, { levelCdM: level, at: new Date() });
        this.log.log({ gauge: code, levelCdM: level, predictedCdM: predictedLevel(code, new Date()) }, 'tide reading');
      } catch (err) {
        this.log.warn({ gauge: code, err: String(err) }, 'tide gauge poll failed');
      }
    }
  }
}
"""

DB = """import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { Booking } from './bookings/booking';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query(sql, params)).rows as T[];
}

/** The queries berthdesk runs, grouped by table. */
@Injectable()
export class Db implements OnModuleDestroy {
  readonly bookings = {
    createPending: async (body: unknown, source = 'web') => (await rows<Booking>('SELECT * FROM create_pending_booking($1, $2)', [body, source]))[0],
    markConfirmed: async (ref: string) => (await rows<Booking>(`UPDATE bookings SET status = 'confirmed' WHERE ref = $1 RETURNING *`, [ref]))[0],
    markCancelled: async (ref: string, reason: string) =>
      (await rows<Booking>(`UPDATE bookings SET status = 'cancelled', cancel_reason = $2 WHERE ref = $1 RETURNING *`, [ref, reason]))[0],
    confirmedArrivingOn: (day: string) => rows<Booking>(`SELECT * FROM bookings WHERE status = 'confirmed' AND arrive = $1`, [day]),
  };

  readonly gateCodes = {
    insert: (c: Record<string, unknown>) => rows('INSERT INTO gate_codes SELECT * FROM json_populate_record(NULL::gate_codes, $1)', [c]),
    byRef: async (ref: string) => (await rows<{ ref: string; doorGroup: string; tesselId: string }>('SELECT * FROM gate_codes WHERE ref = $1', [ref]))[0],
    delete: (ref: string) => rows('DELETE FROM gate_codes WHERE ref = $1', [ref]),
    endedBefore: (t: Date) => rows<{ ref: string }>('SELECT ref FROM gate_codes WHERE valid_to < $1', [t]),
  };

  readonly berths = {
    available: (marina: string, arrive: string, nights: number, loa: number) =>
      rows('SELECT * FROM available_berths($1, $2::date, $3, $4)', [marina, arrive, nights, loa]),
  };

  readonly fobs = { insert: (f: Record<string, unknown>) => rows('INSERT INTO fobs SELECT * FROM json_populate_record(NULL::fobs, $1)', [f]) };

  readonly accounts = {
    postFuel: (account: string, sale: unknown) => rows('SELECT post_fuel_sale($1, $2)', [account, sale]),
    hasFuelSale: async (saleId: string) => (await rows('SELECT 1 FROM fuel_sales WHERE sale_id = $1', [saleId])).length > 0,
  };

  async onModuleDestroy() {
    await pool.end();
  }
}
"""

PREDICTIONS = """import harmonics from '../../config/tide-harmonics.json';

/** Predicted height above chart datum from the port's harmonic constants (UKHO, 2026). */
export function predictedLevel(gauge: string, at: Date): number {
  const port = (harmonics as Record<string, { z0: number; constituents: { speed: number; amp: number; phase: number }[] }>)[gauge];
  const hours = (at.getTime() - Date.UTC(2026, 0, 1)) / 3_600_000;
  return port.constituents.reduce((h, c) => h + c.amp * Math.cos(((c.speed * hours - c.phase) * Math.PI) / 180), port.z0);
}
"""

HARMONICS = """{
  "SM": { "z0": 2.62, "constituents": [
    { "name": "M2", "speed": 28.984104, "amp": 1.38, "phase": 322.1 },
    { "name": "S2", "speed": 30.0, "amp": 0.46, "phase": 8.4 },
    { "name": "N2", "speed": 28.43973, "amp": 0.27, "phase": 301.7 },
    { "name": "K1", "speed": 15.041069, "amp": 0.08, "phase": 121.0 },
    { "name": "M4", "speed": 57.96821, "amp": 0.21, "phase": 109.3 }
  ] },
  "PQ": { "z0": 2.05, "constituents": [
    { "name": "M2", "speed": 28.984104, "amp": 1.09, "phase": 331.5 },
    { "name": "S2", "speed": 30.0, "amp": 0.37, "phase": 17.2 },
    { "name": "N2", "speed": 28.43973, "amp": 0.21, "phase": 310.9 },
    { "name": "K1", "speed": 15.041069, "amp": 0.07, "phase": 124.6 },
    { "name": "M4", "speed": 57.96821, "amp": 0.24, "phase": 131.8 }
  ] }
}
"""

MAILER = """import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'fs';
import Handlebars from 'handlebars';
import { createTransport } from 'nodemailer';
import { Booking } from '../bookings/booking';

const template = (name: string) => Handlebars.compile(readFileSync(`${__dirname}/templates/${name}.hbs`, 'utf8'));

@Injectable()
export class Mailer {
  private readonly log = new Logger(Mailer.name);
  private readonly smtp = createTransport(process.env.SMTP_URL ?? 'smtp://localhost:25');
  private readonly confirmation = template('booking-confirmation');
  private readonly code = template('gate-code');

  async bookingConfirmation(booking: Booking): Promise<void> {
    await this.send(booking, 'booking-confirmation', `Your berth at ${booking.marina === 'SM' ? 'Saltmere' : 'Pennock Quay'}`, this.confirmation({ booking }));
  }

  async gateCode(booking: Booking, pin: string): Promise<void> {
    await this.send(booking, 'gate-code', 'Your gate code for today', this.code({ booking, pin }));
  }

  private async send(booking: Booking, kind: string, subject: string, html: string, extra: Record<string, unknown> = {}) {
    await this.smtp.sendMail({ from: 'Saltmere Marinas <berths@saltmeremarinas.co.uk>', to: booking.email, subject, html });
    this.log.log({ ref: booking.ref, template: kind, ...extra }, 'booking e-mail sent');
  }
}
"""

TPL_CONFIRM = """<p>Dear {{booking.boatName}} skipper,</p>
<p>Your visitor berth is booked: {{booking.nights}} night(s) from {{booking.arrive}}, reference <b>{{booking.ref}}</b>.</p>
<p>Call the harbour office on VHF 80 when you are at the entrance and we will give you your berth.</p>
<p>Your gate code comes by e-mail at 06:00 on the day you arrive.</p>
"""

TPL_CODE = """<p>Your gate code for the pontoon gates is <b>{{pin}}</b>, from 12:00 today until 14:00 on the day you leave.</p>
"""

GATE_SPEC = """import { GateCodesService } from '../src/gate/gate-codes.service';
import { stayWindow } from '../src/gate/validity';

describe('gate codes', () => {
  it('is valid from noon on arrival to 14:00 on departure, London time', () => {
    expect(stayWindow('2026-08-14', 3)).toEqual({
      validFrom: '2026-08-14T12:00:00.000+01:00',
      validTo: '2026-08-17T14:00:00.000+01:00',
    });
  });

  it('adds the visitor to the marina door group', async () => {
    const tessel = { addUser: jest.fn().mockResolvedValue({ id: 'u1', queued: 0, requestId: 'r1' }) };
    const db = { gateCodes: { insert: jest.fn() } };
    const service = new GateCodesService(tessel as never, db as never);
    const pin = await service.issue({ ref: 'SM-1', marina: 'SM', arrive: '2026-08-14', nights: 1 } as never);
    expect(pin).toMatch(/^[1-9][0-9]{5}$/);
    expect(tessel.addUser).toHaveBeenCalledWith('SM-PONTOONS', expect.objectContaining({ name: 'V-SM-1' }));
  });
});
"""

DOCKERFILE = """FROM node:20.15-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.15-alpine
WORKDIR /app
ARG GIT_SHA=unknown
ENV GIT_SHA=$GIT_SHA NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
COPY src/mail/templates ./dist/src/mail/templates
CMD ["node", "dist/src/main.js"]
"""

COMPOSE = """services:
  app:
    image: ghcr.io/saltmere-marinas/berthdesk:${BERTHDESK_TAG}
    restart: unless-stopped
    env_file: /etc/berthdesk/berthdesk.env
    environment:
      RUN_JOBS: ${RUN_JOBS:-0}
    ports:
      - "3000:3000"
    logging:
      driver: json-file
      options:
        max-size: 50m
"""

CADDYFILE = """book.saltmeremarinas.co.uk {
\tlog {
\t\toutput file /var/log/caddy/access.log
\t\tformat json
\t}
\treverse_proxy sm-app-1.internal:3000 sm-app-2.internal:3000 {
\t\tlb_policy round_robin
\t\thealth_uri /healthz
\t}
}
"""

DEPLOY_SH = """#!/bin/sh
# deploy/deploy.sh TAG: pull the image on both hosts and restart them one at a time.
set -eu
TAG="$1"
for host in sm-app-2 sm-app-1; do
  jobs=0
  [ "$host" = sm-app-1 ] && jobs=1
  ssh "deploy@$host.internal" "cd /srv/berthdesk && BERTHDESK_TAG=$TAG RUN_JOBS=$jobs docker compose pull -q && BERTHDESK_TAG=$TAG RUN_JOBS=$jobs docker compose up -d"
  sleep 20
done
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
"""

DEPLOY_WF = """name: deploy
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      tag:
        description: release tag to deploy (v2.8.1); a rollback is a deploy of the previous tag
        required: true
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ inputs.tag || github.ref_name }}
      - run: docker build --build-arg GIT_SHA=$(git rev-parse --short HEAD) -t ghcr.io/saltmere-marinas/berthdesk:${{ inputs.tag || github.ref_name }} .
      - run: docker push ghcr.io/saltmere-marinas/berthdesk:${{ inputs.tag || github.ref_name }}
      - run: ./deploy/deploy.sh ${{ inputs.tag || github.ref_name }}
"""

README = """# berthdesk

Saltmere Marinas' visitor side: berth bookings (web, harbour office desk),
gate codes for the pontoon gates (Tessel Cloud), berth holders' fobs, the
fuel dock's account sales (forecourt controller webhook) and the tide
gauges' readings for the web site, the VHF info line and Pennock Quay's sill
advisory.

## Running locally

```
npm ci
npm test
npm run build && node dist/src/main.js
```

## Releasing

Bump `version` in package.json and CHANGELOG.md, tag `vX.Y.Z` on main; the
`deploy` workflow builds the image and restarts sm-app-2, then sm-app-1
(which runs the scheduled jobs). To roll back, run the `deploy` workflow by
hand with the previous tag.
"""

GATES_DOC = """# Pontoon gates

Saltmere (door group SM-PONTOONS: gates A, B, C and D) and Pennock Quay
(PQ-PONTOONS: gates 1 and 2) have Tessel Access TA-40 controllers, managed
in Tessel Cloud. Every controller of a door group holds every user of the
group in its own store (1,000 users per controller) and opens the gate from
it, so a gate keeps working when its pontoon's Wi-Fi bridge is down; changes
made meanwhile are queued by Tessel Cloud and applied when it is back.

Users:

- berth holders' fobs, registered by the office from the berth holder's
  page (about 400 at Saltmere, 150 at Pennock Quay);
- staff and contractors' fobs (about 40);
- visitors' PINs: added by the 06:00 run on the day of arrival, valid from
  12:00 that day to 14:00 on the day of departure, removed by the next
  morning's run. Up to 130 at Saltmere in August.

A visitor who arrives before 12:00 calls the office on VHF 80; after 20:00
the night security has the codes of the day's arrivals.
"""

RUNBOOK = """# berthdesk runbook

On call: #berthdesk. The harbour offices call the on-call number out of
hours.

## Stripe webhooks failing

Bookings stay pending and visitors get no confirmation. Check the webhook
endpoint's recent deliveries in the Stripe dashboard; a signing secret
mismatch after a rotation is the usual cause.

## Tide gauge poll failed

The web site and the VHF info line show the predicted level. The gauges
sit on the marinas' networks (Saltmere's in the fuel kiosk); check the
gauge's page from the office. Pennock Quay's sill advisory falls back to
predictions with a 0.3 m margin.

## Fuel sales missing from accounts

The forecourt controller retries a sale for an hour; after that the fuel
dock attendant enters it by hand.
"""

CHANGELOG = """# Changelog

## 2.7.0

- Desk bookings confirmed at once (pay on arrival).
- Pennock Quay sill advisory on the web site.
"""


def build_repo():
    repo = Repo()
    megan = Person("Megan Hale", "megan.hale@saltmeremarinas.co.uk", 60)
    sam = Person("Sam Okafor", "sam.okafor@saltmeremarinas.co.uk", 60)
    ollie = Person("Ollie Pryce", "ollie.pryce@saltmeremarinas.co.uk", 60)
    kasia = Person("Kasia Wróbel", "kasia@wrobel.dev", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    gs, gj = "src/gate/gate-codes.service.ts", "src/gate/gate-codes.job.ts"
    bs = "src/bookings/bookings.service.ts"
    repo.commit(bst("2026-07-28 09:30:00"), megan, "berthdesk 2.7.0: bookings, gate codes, fobs, fuel accounts, tide (moved from the agency's repository)", {
        "package.json": package_json("2.7.0"),
        "package-lock.json": package_lock("2.7.0"),
        "tsconfig.json": TSCONFIG,
        "nest-cli.json": '{\n  "collection": "@nestjs/schematics",\n  "sourceRoot": "src"\n}\n',
        "src/main.ts": MAIN,
        "src/app.module.ts": APP_MODULE,
        "src/bookings/booking.ts": BOOKING,
        "src/bookings/bookings.service.ts": BOOKINGS_SERVICE,
        "src/bookings/bookings.controller.ts": BOOKINGS_CONTROLLER,
        "src/payments/stripe.webhook.ts": STRIPE,
        "src/gate/tessel.client.ts": TESSEL,
        "src/gate/pin.ts": PIN,
        "src/gate/validity.ts": VALIDITY,
        gs: GATE_SERVICE,
        gj: GATE_JOB,
        "src/berth-holders/fobs.service.ts": FOBS,
        "src/fuel/forecourt.controller.ts": FORECOURT,
        "src/tide/tide.service.ts": TIDE,
        "src/tide/predictions.ts": PREDICTIONS,
        "config/tide-harmonics.json": HARMONICS,
        "src/db.ts": DB,
        "src/mail/mailer.ts": MAILER,
        "src/mail/templates/booking-confirmation.hbs": TPL_CONFIRM,
        "src/mail/templates/gate-code.hbs": TPL_CODE,
        "config/marinas.json": MARINAS,
        "config/rates.json": RATES,
        "test/gate-codes.spec.ts": GATE_SPEC,
        "Dockerfile": DOCKERFILE,
        "deploy/docker-compose.yml": COMPOSE,
        "deploy/Caddyfile": CADDYFILE,
        "deploy/deploy.sh": DEPLOY_SH,
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "README.md": README,
        "docs/gates.md": GATES_DOC,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(96014)
    repo.schedule(chores(rng, SERVICE, [megan, sam], bst("2026-07-28 12:00:00"), bst("2026-08-06 17:00:00"), 2))
    repo.commit(bst("2026-07-28 15:10:00"), kasia, "fuel: post account sales with the pump and the litres (FUEL-38)\n\nThe office reconciles the fuel dock's till against the forecourt\ncontroller's pump totals at the end of the day; an account sale without\nthe pump could not be matched.", {
        "src/fuel/forecourt.controller.ts": sub(repo.files["src/fuel/forecourt.controller.ts"],
                                                "    await this.db.accounts.postFuel(sale.account, sale);\n",
                                                "    await this.db.accounts.postFuel(sale.account, { ...sale, postedAt: new Date() });\n"),
    })
    deps = dict(DEPS, pino="9.3.2")
    repo.commit(bst("2026-07-29 07:12:00"), bot, "chore(deps): update dependency pino to v9.3.2", {
        "package.json": package_json("2.7.0", deps),
        "package-lock.json": package_lock("2.7.0", deps),
    })
    repo.commit(bst("2026-07-30 11:40:00"), megan, "tide: Pennock Quay's sill advisory uses the gauge only when its reading is under 10 minutes old (TIDE-21)", {
        "src/tide/tide.service.ts": sub(repo.files["src/tide/tide.service.ts"],
                                        "/** Polls the marinas' tide gauges; the web site and the VHF info line read the latest level. */\n",
                                        "/**\n * Polls the marinas' tide gauges; the web site and the VHF info line read\n * the latest level. A reading older than 10 minutes is not used for the\n * sill advisory (TIDE-21): the predictions with a 0.3 m margin are.\n */\n"),
    })
    repo.commit(bst("2026-07-30 16:05:00"), sam, "release 2.7.1", {
        "package.json": package_json("2.7.1", deps),
        "package-lock.json": package_lock("2.7.1", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.7.1\n\n- Fuel account sales carry the pump (FUEL-38).\n- Sill advisory ignores gauge readings over 10 minutes old (TIDE-21).\n- pino 9.3.2.\n"),
    })
    culprit = repo.commit(bst("2026-08-03 11:20:00"), ollie, "gate: issue the gate code at confirmation and send it with the booking e-mail (GATE-58)\n\nVisitors get their code at 06:00 on the day they arrive. Crews leaving\nCherbourg or Alderney at dawn have no signal mid-Channel, so they reach\nthe Hamble without it: 40 % of the night security's calls last month were\n\"what's the gate code\". Issue the code when the booking is confirmed,\nvalid for the stay as before, and put it in the confirmation e-mail. If\nTessel refuses it the e-mail says to collect the code from the harbour\noffice. A cancelled booking's code is revoked. The 06:00 run still issues\ncodes for bookings made before this change.", {
        gs: sub(repo.files[gs],
                "  async revoke(ref: string): Promise<void> {\n",
                """  /**
   * At confirmation (GATE-58): the visitor gets the code with the booking
   * e-mail. Null when Tessel refused it; the e-mail then says to collect
   * it from the harbour office.
   */
  async issueForBooking(booking: Booking): Promise<string | null> {
    try {
      return await this.issue(booking);
    } catch (err) {
      this.log.error({ ref: booking.ref, doorGroup: marinas[booking.marina].doorGroup, err }, 'gate code not issued');
      return null;
    }
  }

  async revoke(ref: string): Promise<void> {
"""),
        gj: sub(repo.files[gj],
                "  /**\n   * 06:00 every day: remove the codes of stays that have ended, then issue\n   * today's arrivals' codes and e-mail them.\n   */\n",
                "  /**\n   * 06:00 every day: remove the codes of stays that have ended, then issue\n   * codes for today's arrivals that have none (bookings confirmed before\n   * GATE-58, which get their code at confirmation) and e-mail them.\n   */\n",
                "    const arriving = await this.db.bookings.confirmedArrivingOn(todayInLondon());\n",
                "    const arriving = await this.db.bookings.confirmedArrivingOn(todayInLondon(), { withoutGateCode: true });\n"),
        bs: sub(repo.files[bs],
                "import { Mailer } from '../mail/mailer';\n",
                "import { GateCodesService } from '../gate/gate-codes.service';\nimport { Mailer } from '../mail/mailer';\n",
                "  constructor(private readonly db: Db, private readonly mailer: Mailer) {}\n",
                "  constructor(private readonly db: Db, private readonly mailer: Mailer, private readonly gateCodes: GateCodesService) {}\n",
                "    await this.mailer.bookingConfirmation(booking);\n",
                "    const gateCode = await this.gateCodes.issueForBooking(booking);\n    await this.mailer.bookingConfirmation(booking, gateCode);\n",
                "    this.log.log({ ref, marina: booking.marina, arrive: booking.arrive, reason }, 'booking cancelled');\n",
                "    await this.gateCodes.revoke(ref);\n    this.log.log({ ref, marina: booking.marina, arrive: booking.arrive, reason }, 'booking cancelled');\n"),
        "src/mail/mailer.ts": sub(repo.files["src/mail/mailer.ts"],
                                  "  async bookingConfirmation(booking: Booking): Promise<void> {\n    await this.send(booking, 'booking-confirmation', `Your berth at ${booking.marina === 'SM' ? 'Saltmere' : 'Pennock Quay'}`, this.confirmation({ booking }));\n",
                                  "  async bookingConfirmation(booking: Booking, gateCode: string | null): Promise<void> {\n    const subject = `Your berth at ${booking.marina === 'SM' ? 'Saltmere' : 'Pennock Quay'}`;\n    await this.send(booking, 'booking-confirmation', subject, this.confirmation({ booking, gateCode }), { gateCode: gateCode ? 'included' : 'at harbour office' });\n"),
        "src/mail/templates/booking-confirmation.hbs": sub(repo.files["src/mail/templates/booking-confirmation.hbs"],
                                                           "<p>Your gate code comes by e-mail at 06:00 on the day you arrive.</p>\n",
                                                           "{{#if gateCode}}\n<p>Your gate code for the pontoon gates is <b>{{gateCode}}</b>, from 12:00 on the day you arrive until 14:00 on the day you leave.</p>\n{{else}}\n<p>Please collect your gate code from the harbour office when you arrive.</p>\n{{/if}}\n"),
        "src/db.ts": sub(repo.files["src/db.ts"],
                         "    confirmedArrivingOn: (day: string) => rows<Booking>(`SELECT * FROM bookings WHERE status = 'confirmed' AND arrive = $1`, [day]),\n",
                         "    confirmedArrivingOn: (day: string, opts: { withoutGateCode?: boolean } = {}) =>\n      rows<Booking>(\n        `SELECT * FROM bookings b WHERE status = 'confirmed' AND arrive = $1${opts.withoutGateCode ? ' AND NOT EXISTS (SELECT 1 FROM gate_codes g WHERE g.ref = b.ref)' : ''}`,\n        [day],\n      ),\n"),
        "test/gate-codes.spec.ts": before_last_close(repo.files["test/gate-codes.spec.ts"], """
  it('returns null and logs when Tessel refuses the code at confirmation', async () => {
    const tessel = { addUser: jest.fn().mockRejectedValue(new Error('Tessel 503')) };
    const service = new GateCodesService(tessel as never, { gateCodes: { insert: jest.fn() } } as never);
    await expect(service.issueForBooking({ ref: 'SM-2', marina: 'SM', arrive: '2026-08-20', nights: 2 } as never)).resolves.toBeNull();
  });
"""),
    })
    rel_280 = repo.commit(bst("2026-08-03 15:05:00"), ollie, "release 2.8.0", {
        "package.json": package_json("2.8.0", deps),
        "package-lock.json": package_lock("2.8.0", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.8.0\n\n- Gate code in the booking confirmation e-mail (GATE-58).\n"),
    })
    repo.commit(bst("2026-08-04 10:25:00"), sam, "fuel: answer 409 for a sale already posted (FUEL-40)\n\nThe forecourt controller retried a sale whose answer it had not seen and\nJ-12's account was charged twice for 61 litres.", {
        "src/fuel/forecourt.controller.ts": sub(repo.files["src/fuel/forecourt.controller.ts"],
                                                "    await this.db.accounts.postFuel(sale.account, { ...sale, postedAt: new Date() });\n",
                                                "    if (await this.db.accounts.hasFuelSale(sale.saleId)) {\n      throw new ConflictException(`sale ${sale.saleId} already posted`);\n    }\n    await this.db.accounts.postFuel(sale.account, { ...sale, postedAt: new Date() });\n"),
    })
    repo.commit(bst("2026-08-05 09:50:00"), ollie, "gate: log Tessel's request id with each code issued (GATE-60)\n\nTessel support asks for it with every question.", {
        gs: sub(repo.files[gs],
                "    this.log.log({ ref: booking.ref, doorGroup, validFrom, validTo, queued: user.queued }, 'gate code issued');\n",
                "    this.log.log({ ref: booking.ref, doorGroup, validFrom, validTo, queued: user.queued, requestId: user.requestId }, 'gate code issued');\n"),
    })
    rel_281 = repo.commit(bst("2026-08-05 14:30:00"), sam, "release 2.8.1", {
        "package.json": package_json("2.8.1", deps),
        "package-lock.json": package_lock("2.8.1", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.8.1\n\n- Forecourt sales posted twice answered 409 (FUEL-40).\n- Tessel request id in the gate code log (GATE-60).\n"),
    })
    repo.commit(bst("2026-08-06 10:40:00"), kasia, "bookings: import a regatta organiser's block booking from their CSV (BOOK-233)\n\nSaltmere Regatta Week's organisers send the competitors' boats as a\nspreadsheet; the office typed 60-odd desk bookings by hand last year.\nEach row becomes a booking confirmed through the usual path (invoice to\nthe organiser, so no payment), with its confirmation e-mail.", {
        "src/bookings/block-import.ts": """import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { Db } from '../db';
import { BookingsService } from './bookings.service';

interface Row {
  boat: string;
  sail_number: string;
  loa_m: string;
  skipper_email: string;
  arrive: string;
  nights: string;
}

@Injectable()
export class BlockImport {
  private readonly log = new Logger(BlockImport.name);

  constructor(private readonly bookings: BookingsService, private readonly db: Db) {}

  async run(marina: 'SM' | 'PQ', organiser: string, file: string, csv: string) {
    const rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
    this.log.log({ marina, organiser, file, rows: rows.length }, 'block import started');
    let withoutGateCode = 0;
    for (const row of rows) {
      const pending = await this.db.bookings.createPending(
        { marina, arrive: row.arrive, nights: Number(row.nights), boatName: row.boat, loaM: Number(row.loa_m), email: row.skipper_email, invoiceTo: organiser },
        'block',
      );
      await this.bookings.confirm(pending.ref);
      if (!(await this.db.gateCodes.byRef(pending.ref))) {
        withoutGateCode++;
      }
    }
    this.log.log({ marina, organiser, file, imported: rows.length, withoutGateCode }, 'block import finished');
    return { imported: rows.length, withoutGateCode };
  }
}
""",
        "src/bookings/bookings.controller.ts": sub(repo.files["src/bookings/bookings.controller.ts"],
                                                   "import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';\nimport { Db } from '../db';\n",
                                                   "import { Body, Controller, Get, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';\nimport { FileInterceptor } from '@nestjs/platform-express';\nimport { Db } from '../db';\nimport { BlockImport } from './block-import';\n",
                                                   "  constructor(private readonly bookings: BookingsService, private readonly db: Db) {}\n",
                                                   "  constructor(private readonly bookings: BookingsService, private readonly db: Db, private readonly blocks: BlockImport) {}\n",
                                                   "  @Post('desk/bookings')\n",
                                                   "  @Post('desk/block-imports')\n  @UseInterceptors(FileInterceptor('file'))\n  blockImport(@Body('marina') marina: 'SM' | 'PQ', @Body('organiser') organiser: string, @UploadedFile() file: Express.Multer.File) {\n    return this.blocks.run(marina, organiser, file.originalname, file.buffer.toString('utf8'));\n  }\n\n  @Post('desk/bookings')\n"),
        "package.json": package_json("2.8.1", dict(deps, **{"csv-parse": "5.5.6"})),
        "package-lock.json": package_lock("2.8.1", dict(deps, **{"csv-parse": "5.5.6"})),
    })
    deps = dict(deps, **{"csv-parse": "5.5.6"})
    repo.commit(bst("2026-08-06 11:15:00"), megan, "runbook: gate codes not issued", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Gate code not issued (Tessel SYNC_REJECTED)

berthdesk logs `gate code not issued` and the visitor's e-mail says to
collect the code from the office. Tessel refuses a change to a door group
when a controller rejects it; the error lists the controllers and their
codes.

- One controller rejecting: it is usually offline or its pontoon's Wi-Fi
  bridge is down (B pontoon's drops when the bridge's PoE injector gets
  warm). Check the controller in the Tessel portal; facilities can
  power-cycle the bridge. Queued changes are applied when it is back.
- Every controller rejecting, right after a berthdesk release: roll the
  release back (run `deploy` with the previous tag). In INC-88 (2.6.0) the
  validity window was sent without its UTC offset and every controller
  refused it.
- Otherwise raise a ticket with Tessel support with the request ids.

The office can add a code by hand in the Tessel portal meanwhile.
""",
    })
    repo.commit(bst("2026-08-06 16:20:00"), ollie, "gate: retry codes that could not be issued, every 15 minutes (GATE-61)\n\nWhen Tessel refuses a code at confirmation (a controller offline, a\nTessel blip) the visitor has to collect it at the office. Retry every 15\nminutes for confirmed bookings without a code that have not arrived yet,\nand e-mail the code once issued.", {
        "src/gate/gate-code-retry.job.ts": """import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Db } from '../db';
import { Mailer } from '../mail/mailer';
import { GateCodesService } from './gate-codes.service';
import { todayInLondon } from './validity';

@Injectable()
export class GateCodeRetryJob {
  private readonly log = new Logger(GateCodeRetryJob.name);

  constructor(private readonly codes: GateCodesService, private readonly db: Db, private readonly mailer: Mailer) {}

  @Cron('*/15 * * * *', { timeZone: 'Europe/London' })
  async retry(): Promise<void> {
    const pending = await this.db.bookings.confirmedWithoutGateCode({ arrivingFrom: todayInLondon() });
    let issued = 0;
    for (const booking of pending) {
      try {
        const pin = await this.codes.issue(booking);
        await this.mailer.gateCode(booking, pin);
        issued++;
      } catch (err) {
        this.log.warn({ ref: booking.ref, arrive: booking.arrive, err: String(err) }, 'gate code retry failed');
      }
    }
    this.log.log({ pending: pending.length, issued }, 'gate code retry run');
  }
}
""",
        "src/app.module.ts": sub(repo.files["src/app.module.ts"],
                                 "import { GateCodesJob } from './gate/gate-codes.job';\n",
                                 "import { GateCodeRetryJob } from './gate/gate-code-retry.job';\nimport { GateCodesJob } from './gate/gate-codes.job';\n",
                                 "const jobs = process.env.RUN_JOBS === '1' ? [GateCodesJob] : [];\n",
                                 "const jobs = process.env.RUN_JOBS === '1' ? [GateCodesJob, GateCodeRetryJob] : [];\n"),
        "src/db.ts": sub(repo.files["src/db.ts"],
                         "        [day],\n      ),\n",
                         "        [day],\n      ),\n    confirmedWithoutGateCode: (opts: { arrivingFrom: string }) =>\n      rows<Booking>(\n        `SELECT * FROM bookings b WHERE status = 'confirmed' AND arrive >= $1 AND NOT EXISTS (SELECT 1 FROM gate_codes g WHERE g.ref = b.ref) ORDER BY confirmed_at`,\n        [opts.arrivingFrom],\n      ),\n"),
        "src/mail/mailer.ts": sub(repo.files["src/mail/mailer.ts"],
                                  "    await this.send(booking, 'gate-code', 'Your gate code for today', this.code({ booking, pin }));\n",
                                  "    await this.send(booking, 'gate-code', 'Your gate code', this.code({ booking, pin }));\n"),
    })
    deps = dict(deps, axios="1.7.3")
    repo.commit(bst("2026-08-07 07:35:00"), bot, "fix(deps): update dependency axios to v1.7.3", {
        "package.json": package_json("2.8.1", deps),
        "package-lock.json": package_lock("2.8.1", deps),
    })
    repo.commit(bst("2026-08-07 08:15:00"), sam, "config: Saltmere Regatta Week rates, 8-15 August", {
        "config/rates.json": sub(repo.files["config/rates.json"],
                                 '  "peak": [{ "from": "2026-07-01", "to": "2026-08-31" }],\n',
                                 '  "peak": [{ "from": "2026-07-01", "to": "2026-08-31" }],\n  "events": [{ "name": "Saltmere Regatta Week", "marina": "SM", "from": "2026-08-08", "to": "2026-08-15", "perMetreNight": 4.60, "invoiceTo": "organiser" }],\n'),
    })
    rel_290 = repo.commit(bst("2026-08-07 08:40:00"), sam, "release 2.9.0", {
        "package.json": package_json("2.9.0", deps),
        "package-lock.json": package_lock("2.9.0", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.9.0\n\n- Regatta block booking import from the organiser's CSV (BOOK-233).\n- Gate codes that could not be issued are retried every 15 minutes (GATE-61).\n- Saltmere Regatta Week rates.\n- axios 1.7.3.\n"),
    })
    fix = repo.commit(bst("2026-08-07 15:10:00"), ollie, "gate: issue codes at confirmation only for arrivals today or tomorrow; the 06:00 run e-mails tomorrow's (GATE-64)\n\nSince GATE-58 every confirmed booking held a user in its door group from\nthe day it was booked. The TA-40 controllers hold 1,000 users each\n(docs/gates.md) and SM-PONTOONS used to carry ~550 in August; with every\nfuture stay's code in it the store filled on Friday at 10:31 during the\nregatta import and every add after that was refused (SYNC_REJECTED, ERR\n0x2C: user store full), web and desk bookings and a berth holder's fob\nalike (INC-311).\n\nA code is issued at confirmation only when the stay starts today or\ntomorrow; the 06:00 run issues and e-mails the codes of today's and\ntomorrow's arrivals, so crews have theirs the day before. The retry run\nonly looks at the same two days. scripts/purge-future-gate-codes.ts\nremoves the codes of stays that start later; they are issued again the\nday before arrival.", {
        gs: sub(repo.files[gs],
                "import { stayWindow } from './validity';\n",
                "import { startsWithin, stayWindow } from './validity';\n",
                "  /**\n   * At confirmation (GATE-58): the visitor gets the code with the booking\n   * e-mail. Null when Tessel refused it; the e-mail then says to collect\n   * it from the harbour office.\n   */\n  async issueForBooking(booking: Booking): Promise<string | null> {\n    try {\n",
                "  /**\n   * At confirmation, for a stay that starts today or tomorrow. Every user of\n   * a door group sits in each controller's store (1,000 users per TA-40),\n   * so a later stay's code is left to the 06:00 run of the day before\n   * (GATE-64). Null when deferred or when Tessel refused it.\n   */\n  async issueForBooking(booking: Booking): Promise<string | null> {\n    if (!startsWithin(booking.arrive, 1)) {\n      this.log.log({ ref: booking.ref, arrive: booking.arrive }, 'gate code deferred to the day before arrival');\n      return null;\n    }\n    try {\n"),
        gj: sub(repo.files[gj],
                "   * 06:00 every day: remove the codes of stays that have ended, then issue\n   * codes for today's arrivals that have none (bookings confirmed before\n   * GATE-58, which get their code at confirmation) and e-mail them.\n",
                "   * 06:00 every day: remove the codes of stays that have ended, then issue\n   * codes for today's and tomorrow's arrivals that have none and e-mail\n   * them, so crews have the code the day before (GATE-64).\n",
                "    const arriving = await this.db.bookings.confirmedArrivingOn(todayInLondon(), { withoutGateCode: true });\n",
                "    const arriving = await this.db.bookings.confirmedArriving({ from: todayInLondon(), days: 2, withoutGateCode: true });\n"),
        "src/gate/validity.ts": repo.files["src/gate/validity.ts"] + """
/** Whether a stay starts within `days` days of today (0: today). */
export function startsWithin(arrive: string, days: number): boolean {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  return DateTime.fromISO(arrive, { zone: ZONE }) <= today.plus({ days });
}
""",
        "src/gate/gate-code-retry.job.ts": sub(repo.files["src/gate/gate-code-retry.job.ts"],
                                               "    const pending = await this.db.bookings.confirmedWithoutGateCode({ arrivingFrom: todayInLondon() });\n",
                                               "    const pending = await this.db.bookings.confirmedWithoutGateCode({ arrivingFrom: todayInLondon(), days: 2 });\n"),
        "src/db.ts": sub(repo.files["src/db.ts"],
                         "    confirmedWithoutGateCode: (opts: { arrivingFrom: string }) =>\n      rows<Booking>(\n        `SELECT * FROM bookings b WHERE status = 'confirmed' AND arrive >= $1 AND NOT EXISTS (SELECT 1 FROM gate_codes g WHERE g.ref = b.ref) ORDER BY confirmed_at`,\n        [opts.arrivingFrom],\n      ),\n",
                         "    confirmedWithoutGateCode: (opts: { arrivingFrom: string; days?: number }) =>\n      rows<Booking>(\n        `SELECT * FROM bookings b WHERE status = 'confirmed' AND arrive >= $1 AND arrive < $1::date + $2::int AND NOT EXISTS (SELECT 1 FROM gate_codes g WHERE g.ref = b.ref) ORDER BY confirmed_at`,\n        [opts.arrivingFrom, opts.days ?? 3650],\n      ),\n    confirmedArriving: (opts: { from: string; days: number; withoutGateCode?: boolean }) =>\n      rows<Booking>(\n        `SELECT * FROM bookings b WHERE status = 'confirmed' AND arrive >= $1 AND arrive < $1::date + $2::int${opts.withoutGateCode ? ' AND NOT EXISTS (SELECT 1 FROM gate_codes g WHERE g.ref = b.ref)' : ''}`,\n        [opts.from, opts.days],\n      ),\n    byRef: async (ref: string) => (await rows<Booking>('SELECT * FROM bookings WHERE ref = $1', [ref]))[0],\n",
                         "    endedBefore: (t: Date) => rows<{ ref: string }>('SELECT ref FROM gate_codes WHERE valid_to < $1', [t]),\n",
                         "    endedBefore: (t: Date) => rows<{ ref: string }>('SELECT ref FROM gate_codes WHERE valid_to < $1', [t]),\n    all: () => rows<{ ref: string }>('SELECT ref FROM gate_codes'),\n"),
        "scripts/purge-future-gate-codes.ts": """// One-off (INC-311): remove the gate codes of stays that start after
// tomorrow; the 06:00 run issues them again the day before arrival.
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../src/app.module';
import { Db } from '../src/db';
import { GateCodesService } from '../src/gate/gate-codes.service';
import { startsWithin } from '../src/gate/validity';

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
  const log = app.get(Logger);
  const db = app.get(Db);
  const codes = app.get(GateCodesService);
  let removed = 0;
  for (const code of await db.gateCodes.all()) {
    const booking = await db.bookings.byRef(code.ref);
    if (booking && !startsWithin(booking.arrive, 1)) {
      await codes.revoke(code.ref);
      removed++;
    }
  }
  log.log({ removed }, 'future gate codes purged');
  await app.close();
}

main();
""",
        "src/mail/templates/booking-confirmation.hbs": sub(repo.files["src/mail/templates/booking-confirmation.hbs"],
                                                           "{{else}}\n<p>Please collect your gate code from the harbour office when you arrive.</p>\n",
                                                           "{{else}}\n<p>Your gate code comes by e-mail at 06:00 on the day before you arrive.</p>\n"),
        "docs/gates.md": sub(repo.files["docs/gates.md"],
                             "- visitors' PINs: added by the 06:00 run on the day of arrival, valid from\n  12:00 that day to 14:00 on the day of departure, removed by the next\n  morning's run. Up to 130 at Saltmere in August.\n",
                             "- visitors' PINs: added at confirmation for a stay that starts today or\n  tomorrow, otherwise by the 06:00 run of the day before arrival; valid\n  from 12:00 on arrival day to 14:00 on the day of departure, removed by\n  the next morning's run. Up to 200 at Saltmere in August. Never add a\n  code for a stay further ahead: every user counts against each\n  controller's 1,000 (INC-311).\n"),
        "test/gate-codes.spec.ts": sub(repo.files["test/gate-codes.spec.ts"], "  it('returns null and logs when Tessel refuses the code at confirmation', async () => {\n", """  it('defers the code of a stay that starts after tomorrow', async () => {
    const tessel = { addUser: jest.fn() };
    const service = new GateCodesService(tessel as never, { gateCodes: { insert: jest.fn() } } as never);
    const arrive = new Date(Date.now() + 9 * 86400_000).toISOString().slice(0, 10);
    await expect(service.issueForBooking({ ref: 'SM-3', marina: 'SM', arrive, nights: 2 } as never)).resolves.toBeNull();
    expect(tessel.addUser).not.toHaveBeenCalled();
  });

  it('returns null and logs when Tessel refuses the code at confirmation', async () => {
"""),
    })
    rel_291 = repo.commit(bst("2026-08-07 15:22:00"), sam, "release 2.9.1", {
        "package.json": package_json("2.9.1", deps),
        "package-lock.json": package_lock("2.9.1", deps),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.9.1\n\n- Gate codes at confirmation only for stays starting today or tomorrow; the 06:00 run e-mails tomorrow's arrivals' codes (GATE-64, INC-311).\n"),
    })
    return repo, {"culprit": culprit, "rel_280": rel_280, "rel_281": rel_281, "rel_290": rel_290, "fix": fix, "rel_291": rel_291}


# ---------------------------------------------------------------------------
# the day


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def B(text):
    """BST '10:31:12' on Friday 7 August -> epoch seconds."""
    return secs(bst(f"2026-08-07 {text}"))


DEPLOY_290 = B("08:51:50")
ROLLBACK = B("11:40:50")
DEPLOY_291 = B("15:31:40")
PURGE = B("15:40:12")
IMPORT = B("10:31:12")
CAPACITY = 1000
TODAY = dt.date(2026, 8, 7)

BOATS = ["Blue Tern", "Mistral II", "Sea Pie", "Halcyon", "Wild Goose", "Kittiwake", "Arctic Tern", "Saoirse", "Moonshadow", "Pipit",
         "Jester", "Tilly Mint", "Curlew", "Nimrod", "Spindrift", "Dunlin", "Sundowner", "Puffin", "Wayfarer", "Aurora", "Bonaventure",
         "Firecrest", "Hobbit", "Jacana", "Kestrel Blue", "Lapwing", "Merlin", "Nutmeg", "Osprey", "Petrel", "Quicksilver", "Redshank",
         "Samphire", "Tern II", "Valhalla", "Whimbrel", "Xanadu", "Yarrow", "Zephyr", "Avocet", "Bramble", "Cormorant", "Dabchick",
         "Eider", "Fulmar", "Gannet", "Heron", "Ibis", "Jackdaw", "Kingfisher", "Linnet", "Mallard", "Nightjar", "Oystercatcher",
         "Plover", "Razorbill", "Sanderling", "Teal", "Wagtail", "Wren", "Ariel", "Bluebird of Hamble", "Calypso", "Dawn Treader",
         "Escapade", "Fair Wind", "Gypsy Moth", "Hornblower", "Isis", "Juno", "Kalypso", "Lady Grey", "Marguerite", "Nereid",
         "Orca", "Papillon", "Quest", "Rosebud", "Saltwind", "Trident", "Undine", "Vagabond", "Windflower", "Blue Jay", "Morning Star",
         "Sea Otter", "Skylark", "Starling", "Swallow", "Swift", "Sandpiper", "Shearwater", "Stormy Petrel", "Chough", "Siskin", "Goldcrest"]
REGATTA_CLASSES = [("J/109", 10.8), ("J/111", 11.0), ("Sigma 38", 11.6), ("Dehler 34", 10.5), ("Sunfast 3600", 10.9), ("X-35", 10.6),
                   ("First 40.7", 11.9), ("Contessa 32", 9.7), ("J/99", 9.9), ("Elan E4", 10.1)]
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.6533.64 Mobile Safari/537.36",
       "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"]
OFFICE_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36 Edg/127.0.0.0"
OFFICE_IP = {"SM": "81.134.22.58", "PQ": "86.11.190.204"}


def day_rate(x, points):
    """Piecewise-constant rate by BST hour: points = [(hour, rate), ...]."""
    h = at(x).astimezone(BST).hour + at(x).astimezone(BST).minute / 60
    rate = points[0][1]
    for hour, r in points:
        if h >= hour:
            rate = r
    return rate


def poisson(rng, start, end, points, unit=60):
    """Event times at a rate per `unit` seconds that changes by BST hour."""
    out, x = [], start
    peak = max(r for _, r in points)
    while True:
        x += rng.expovariate(peak / unit)
        if x >= end:
            return out
        if rng.random() < day_rate(x, points) / peak:
            out.append(x)


def iso_bst(d, hour):
    return f"{d.isoformat()}T{hour:02d}:00:00.000+01:00"


def tessel_dt(d, hour):
    return f"{d.strftime('%d/%m/%Y')} {hour:02d}:00"


def build_logs(rng, shas):
    app = Log("berthdesk.log")
    caddy = Log("caddy-access.log")
    tessel = Log("tessel-events.log")
    gha = Log("github-actions-deploy.log")
    diary = Log("harbour-office-diary.log")
    teams = Log("teams-berthdesk.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    # --- releases and containers ---------------------------------------------
    releases = [(t0 - 1, "2.8.1", shas["rel_281"]), (DEPLOY_290, "2.9.0", shas["rel_290"]),
                (ROLLBACK, "2.8.1", shas["rel_281"]), (DEPLOY_291, "2.9.1", shas["rel_291"])]
    # sm-app-2 restarts first, sm-app-1 (jobs) about 25 s later
    containers = {}
    for k, (when, version, sha) in enumerate(releases):
        containers[k] = {"sm-app-2": (when + (0 if k == 0 else 22.4), hexid(rng, 12)), "sm-app-1": (when + (0 if k == 0 else 47.9), hexid(rng, 12))}

    def version_at(x, host="sm-app-1"):
        v = releases[0][1]
        for k, (when, version, sha) in enumerate(releases):
            if containers[k][host][0] <= x:
                v = version
        return v

    one_off = {"purge": hexid(rng, 12)}

    def container(x, host):
        if host in one_off:
            return one_off[host]
        cid = containers[0][host][1]
        for k in containers:
            if containers[k][host][0] <= x:
                cid = containers[k][host][1]
        return cid

    req_ids = {}

    def pino(x, level, host, msg, context=None, **kv):
        body = {"level": {"info": 30, "warn": 40, "error": 50}[level], "time": int(round(x * 1000)), "pid": 1,
                "hostname": container(x, host)}
        if context:
            body["context"] = context
        body.update(kv)
        body["msg"] = msg
        app.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def caddy_line(x, method, uri, status, dur, size, ip, ua, host="book.saltmeremarinas.co.uk", read=0):
        body = {"level": "info", "ts": round(x, 7), "logger": "http.log.access.log0", "msg": "handled request",
                "request": {"remote_ip": ip, "remote_port": str(rng.randint(1024, 65535)), "client_ip": ip,
                            "proto": rng.choice(["HTTP/2.0", "HTTP/2.0", "HTTP/1.1"]), "method": method, "host": host, "uri": uri,
                            "headers": {"User-Agent": [ua]}},
                "bytes_read": read, "user_id": "", "duration": round(dur, 9), "size": size, "status": status,
                "resp_headers": {"Content-Type": ["application/json; charset=utf-8"], "Server": ["Caddy"]}}
        caddy.add(at(x), json.dumps(body, separators=(",", ":")))

    def request(x, method, url, status, rt_ms, ip, ua, host=None, size=None, read=0):
        host = host or rng.choice(["sm-app-1", "sm-app-2"])
        key = container(x, host)
        req_ids[key] = req_ids.get(key, 0) + 1
        y = x + rt_ms / 1000
        kv = {"req": {"id": req_ids[key], "method": method, "url": url, "remoteAddress": f"::ffff:10.0.1.{2 if host == 'sm-app-1' else 3}"},
              "res": {"statusCode": status}}
        if status >= 500:
            kv["err"] = {"type": "Error", "message": f"failed with status code {status}", "stack": f"Error: failed with status code {status}\n    at onResFinished (/app/node_modules/pino-http/logger.js:115:39)"}
        pino(y, "info" if status < 500 else "error", host, "request completed" if status < 500 else "request errored", responseTime=rt_ms, **kv)
        caddy_line(y + 0.0004, method, url, status, rt_ms / 1000 + 0.0006, size or rng.randint(180, 2400), ip, ua, read=read)
        return host

    def public_ip():
        return rng.choice([f"86.{rng.randint(128, 191)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"82.{rng.randint(0, 47)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"2a00:23c{rng.randint(4, 8)}:{hexid(rng, 4)}:{hexid(rng, 4)}::{hexid(rng, 3)}",
                           f"31.{rng.randint(48, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"90.{rng.randint(192, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    # --- Tessel event log (BST) -----------------------------------------------
    def tl(x, controller, event, text):
        t = at(x).astimezone(BST)
        tessel.add(at(x), f"{t.strftime('%d/%m/%Y %H:%M:%S')} | {controller} | {event} | {text}")

    SM_GATES = ["SM-GATE-A", "SM-GATE-B", "SM-GATE-C", "SM-GATE-D"]
    PQ_GATES = ["PQ-GATE-1", "PQ-GATE-2"]
    B_DOWN = (B("06:10:31"), B("06:52:14"))

    # --- the bookings of the day -----------------------------------------------
    boats = list(BOATS)
    rng.shuffle(boats)
    boat_i = [0]

    def boat():
        boat_i[0] += 1
        return boats[boat_i[0] % len(boats)] if boat_i[0] < len(boats) else f"{rng.choice(boats)} {rng.choice(['II', 'III', 'of Bursledon', 'of Cowes'])}"

    def arrival(rng_):
        r = rng_.random()
        if r < 0.14:
            return TODAY
        if r < 0.30:
            return TODAY + dt.timedelta(days=1)
        return TODAY + dt.timedelta(days=min(int(rng_.expovariate(1 / 9)) + 2, 62))

    seq = {"SM": 24102, "PQ": 11871}

    def new_ref(marina):
        seq[marina] += 1
        return f"{marina}-{seq[marina]}"

    events = []  # (x, kind, data)
    for x in poisson(rng, t0, t1, [(0, 1.5), (6, 3), (7, 7), (9, 11), (12, 9), (15, 8)], unit=3600):
        if B("12:36:00") < x < B("12:42:00"):
            continue
        marina = "SM" if rng.random() < 0.72 else "PQ"
        events.append((x, "web", {"marina": marina, "arrive": arrival(rng), "nights": rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 7]),
                                  "loa": round(rng.uniform(7.8, 15.5), 1), "ip": public_ip(), "ua": rng.choice(UAS)}))
    for x in poisson(rng, B("08:00:00"), t1, [(8, 2.2), (12, 1.6), (14, 2.4)], unit=3600):
        if B("12:36:00") < x < B("12:42:00"):
            continue
        marina = "SM" if rng.random() < 0.8 else "PQ"
        d = TODAY if rng.random() < 0.55 else TODAY + dt.timedelta(days=rng.choice([1, 1, 2, 3, 5, 8, 12]))
        events.append((x, "desk", {"marina": marina, "arrive": d, "nights": rng.choice([1, 1, 2, 2, 3]), "loa": round(rng.uniform(7.5, 14.5), 1)}))
    # cancellations: bookings made earlier in the week; those confirmed since GATE-58 hold a code
    for x in poisson(rng, t0 + 1800, t1, [(0, 0.3), (7, 1.3), (18, 0.6)], unit=3600):
        marina = "SM" if rng.random() < 0.75 else "PQ"
        with_code = x < IMPORT and rng.random() < 0.6
        d = TODAY + dt.timedelta(days=rng.randint(1, 25))
        events.append((x, "cancel", {"marina": marina, "ref": f"{marina}-{seq[marina] - rng.randint(40, 900)}", "arrive": d,
                                     "with_code": with_code, "later": d > TODAY + dt.timedelta(days=1)}))
    # a cancellation that frees one slot after the rollback, and the web booking that takes it
    events.append((B("12:36:20"), "cancel", {"marina": "SM", "ref": "SM-23794", "arrive": dt.date(2026, 8, 21), "with_code": True, "later": True}))
    events.append((B("12:41:05"), "web", {"marina": "SM", "arrive": dt.date(2026, 8, 12), "nights": 2, "loa": 10.4, "ip": "86.153.77.19", "ua": UAS[0]}))
    events.append((B("06:00:00"), "daily", {}))
    for h in range(7, 17):
        for m in (0, 15, 30, 45):
            x = B(f"{h:02d}:{m:02d}:00")
            if t0 < x < t1:
                events.append((x, "retry", {}))
    events.append((IMPORT, "import", {}))
    events.append((PURGE, "purge", {}))
    events.append((B("09:12:40"), "fob", {"holder": "SM-0871", "fob": "04A1C3F2"}))
    events.append((B("12:20:15"), "fob", {"holder": "SM-1102", "fob": "04B7E018"}))
    events.append((B("14:48:30"), "fob", {"holder": "SM-1102", "fob": "04B7E018"}))
    events.append((B("15:52:10"), "fob", {"holder": "SM-1102", "fob": "04B7E018"}))
    events.sort(key=lambda e: e[0])

    regatta = []
    for i in range(64):
        cls, loa = rng.choice(REGATTA_CLASSES)
        regatta.append({"boat": boats[(i * 7 + 3) % len(boats)] if i < 40 else f"{rng.choice(['Team', 'Jolly', 'Black', 'Red'])} {rng.choice(boats)}",
                        "cls": cls, "loa": loa, "sail": f"GBR {rng.randint(1000, 9999)}{rng.choice(['', '', 'R', 'N'])}"})

    # pre-GATE-58 bookings arriving today: their codes are issued by the 06:00 run
    pre_today = 27
    ended_today = 46

    def simulate(c0, emit):
        """Runs the day; returns the store count just before the import and the stats."""
        st = {"count": c0, "pq": 318, "later": 0, "pending": [], "later_refs": [], "timeline": [(t0 - 1, c0)]}
        # composition of SM-PONTOONS: berth holders and staff, stays started, tomorrow, later
        st["later"] = c0 - 402 - 38 - 131 - 24
        out = {"fails": 0, "issued_after_onset": 0, "first_fail": None, "import_ok": 0, "import_fail": 0, "before_import": None,
               "first_success_after_rollback": None, "web_fails": 0, "desk_fails": 0, "retry_warns": 0, "later_at": {}}

        def sm_store_line(x, text_fn):
            for k, g in enumerate(SM_GATES):
                y = x + 0.31 + k * rng.uniform(0.05, 0.4)
                if B_DOWN[0] < y < B_DOWN[1] and g == "SM-GATE-B":
                    continue
                if emit:
                    tl(y, g, "SYNC", text_fn(g))

        def add(x, marina, name, valid, later):
            """Adds a user; True when every controller took it."""
            if marina == "PQ":
                st["pq"] += 1
                if emit:
                    for k, g in enumerate(PQ_GATES):
                        tl(x + 0.28 + k * 0.17, g, "SYNC", f"user {name} added (valid {valid}), store {st['pq']}/{CAPACITY}")
                return True
            if st["count"] >= CAPACITY:
                sm_store_line(x, lambda g: f"user store full ({CAPACITY}/{CAPACITY} users): user {name} not added (ERR 0x2C)")
                if out["first_fail"] is None:
                    out["first_fail"] = x + 0.31
                return False
            st["count"] += 1
            if later:
                st["later"] += 1
                st["later_refs"].append(name)
            c = st["count"]
            st["timeline"].append((x, c))
            sm_store_line(x, lambda g: f"user {name} added (valid {valid}), store {c}/{CAPACITY}")
            return True

        def remove(x, marina, name, later):
            if marina == "PQ":
                st["pq"] -= 1
                if emit:
                    for k, g in enumerate(PQ_GATES):
                        tl(x + 0.25 + k * 0.2, g, "SYNC", f"user {name} removed, store {st['pq']}/{CAPACITY}")
                return
            st["count"] -= 1
            if later:
                st["later"] -= 1
                if name in st["later_refs"]:
                    st["later_refs"].remove(name)
            c = st["count"]
            st["timeline"].append((x, c))
            sm_store_line(x, lambda g: f"user {name} removed, store {c}/{CAPACITY}")

        def err_obj(marina):
            rid = f"tsl-{hexid(rng, 8)}-{hexid(rng, 4)}"
            gates = SM_GATES if marina == "SM" else PQ_GATES
            rejected = ", ".join(f"{g} 0x2C" for g in gates)
            message = f"Tessel 409 SYNC_REJECTED: {len(gates)} of {len(gates)} controllers rejected the change ({rejected})"
            return rid, message

        def issue(x, host, b, context_flow, level_on_fail="error"):
            """GateCodesService.issue via issueForBooking (confirmation) or a job; returns True on success."""
            marina = b["marina"]
            d = b["arrive"]
            valid_from, valid_to = iso_bst(d, 12), iso_bst(d + dt.timedelta(days=b["nights"]), 14)
            later = marina == "SM" and d > TODAY + dt.timedelta(days=1)
            y = x + rng.uniform(0.35, 0.9)
            ok = add(y, marina, f"V-{b['ref']}", f"{tessel_dt(d, 12)} to {tessel_dt(d + dt.timedelta(days=b['nights']), 14)}", later)
            y += rng.uniform(0.2, 0.5)
            if ok:
                b["code"] = True
                b["later"] = later
                queued = 1 if marina == "SM" and B_DOWN[0] < y < B_DOWN[1] else 0
                if emit:
                    pino(y, "info", host, "gate code issued", "GateCodesService", ref=b["ref"], doorGroup=f"{marina}-PONTOONS",
                         validFrom=valid_from, validTo=valid_to, queued=queued, requestId=f"tsl-{hexid(rng, 8)}-{hexid(rng, 4)}")
                if out["first_fail"] is not None and marina == "SM":
                    out["issued_after_onset"] += 1
                    if out["first_success_after_rollback"] is None and x > ROLLBACK:
                        out["first_success_after_rollback"] = (y, b["ref"])
                return True, y
            out["fails"] += 1
            b["code"] = False
            rid, message = err_obj(marina)
            if emit and context_flow == "confirm":
                stack = (f"TesselError: {message}\n    at toTesselError (/app/dist/src/gate/tessel.client.js:74:12)\n"
                         f"    at TesselClient.addUser (/app/dist/src/gate/tessel.client.js:41:19)\n"
                         f"    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
                         f"    at async GateCodesService.issue (/app/dist/src/gate/gate-codes.service.js:37:22)\n"
                         f"    at async GateCodesService.issueForBooking (/app/dist/src/gate/gate-codes.service.js:50:20)\n"
                         f"    at async BookingsService.confirm (/app/dist/src/bookings/bookings.service.js:31:26)")
                pino(y, "error", host, "gate code not issued", "GateCodesService", ref=b["ref"], doorGroup=f"{marina}-PONTOONS",
                     err={"type": "TesselError", "message": message, "stack": stack, "status": 409, "code": "SYNC_REJECTED", "requestId": rid})
            elif emit and context_flow == "retry":
                out["retry_warns"] += 1
                pino(y, "warn", host, "gate code retry failed", "GateCodeRetryJob", ref=b["ref"], arrive=b["arrive"].isoformat(),
                     err=f"TesselError: {message}")
            return False, y

        def confirm(x, host, b):
            if emit:
                pino(x, "info", host, "booking confirmed", "BookingsService", ref=b["ref"], marina=b["marina"], arrive=b["arrive"].isoformat(),
                     nights=b["nights"], boat=b["boat"], loaM=b["loa"], source=b["source"])
            v = version_at(x, host)
            if v == "2.9.1" and b["arrive"] > TODAY + dt.timedelta(days=1):
                y = x + rng.uniform(0.01, 0.05)
                if emit:
                    pino(y, "info", host, "gate code deferred to the day before arrival", "GateCodesService", ref=b["ref"], arrive=b["arrive"].isoformat())
                b["code"] = False
                gate = "day before arrival"
            else:
                ok, y = issue(x, host, b, "confirm")
                if not ok:
                    st["pending"].append(b)
                gate = "included" if ok else "at harbour office"
            y += rng.uniform(0.3, 1.2)
            if emit:
                pino(y, "info", host, "booking e-mail sent", "Mailer", ref=b["ref"], template="booking-confirmation", gateCode=gate)
            return y

        for x, kind, data in events:
            if kind == "import":
                out["before_import"] = st["count"]
            if not emit and kind == "import":
                return st["count"], out
            if kind == "web":
                ref = new_ref(data["marina"]) if emit else "X"
                b = {"ref": ref, "marina": data["marina"], "arrive": data["arrive"], "nights": data["nights"], "boat": boat() if emit else "",
                     "loa": data["loa"], "source": "web"}
                if emit:
                    # search, booking, payment
                    q = f"/api/availability?marina={b['marina']}&arrive={b['arrive'].isoformat()}&nights={b['nights']}&loa={b['loa']}"
                    for k in range(rng.randint(1, 3)):
                        xs = x - rng.uniform(60, 400) + k * 20
                        if xs > t0:
                            request(xs, "GET", q, 200, rng.randint(18, 140), data["ip"], data["ua"])
                    request(x - rng.uniform(20, 50), "POST", "/api/bookings", 201, rng.randint(30, 90), data["ip"], data["ua"], read=rng.randint(380, 620))
                host = rng.choice(["sm-app-1", "sm-app-2"])
                if emit:
                    pino(x - 0.05, "info", host, "stripe event", "StripeWebhookController", type="payment_intent.succeeded", id=f"evt_3P{hexid(rng, 22)}")
                y = confirm(x, host, b)
                if emit:
                    request(x - 0.06, "POST", "/webhooks/stripe", 201, int((y - x) * 1000) + rng.randint(3, 12), "3.18.12.63", "Stripe/1.0 (+https://stripe.com/docs/webhooks)", host=host, read=rng.randint(2800, 4200))
                if not b["code"] and version_at(x) != "2.9.1":
                    out["web_fails"] += 1
            elif kind == "desk":
                ref = new_ref(data["marina"]) if emit else "X"
                b = {"ref": ref, "marina": data["marina"], "arrive": data["arrive"], "nights": data["nights"], "boat": boat() if emit else "",
                     "loa": data["loa"], "source": "desk"}
                host = rng.choice(["sm-app-1", "sm-app-2"])
                y = confirm(x, host, b)
                if emit:
                    request(x - 0.08, "POST", "/api/desk/bookings", 201, int((y - x) * 1000) + rng.randint(8, 30), OFFICE_IP[b["marina"]], OFFICE_UA, host=host, read=rng.randint(300, 500))
                    who = "JH" if b["marina"] == "SM" else "PW"
                    diary_booking(x, who, b)
                if not b["code"] and b["marina"] == "SM" and version_at(x) != "2.9.1":
                    out["desk_fails"] += 1
            elif kind == "cancel":
                host = rng.choice(["sm-app-1", "sm-app-2"])
                y = x + rng.uniform(0.05, 0.2)
                if data["with_code"]:
                    remove(y + 0.3, data["marina"], f"V-{data['ref']}", data["later"] and data["marina"] == "SM")
                    if emit:
                        pino(y + 0.7, "info", host, "gate code revoked", "GateCodesService", ref=data["ref"], doorGroup=f"{data['marina']}-PONTOONS")
                if emit:
                    pino(y + 0.75, "info", host, "booking cancelled", "BookingsService", ref=data["ref"], marina=data["marina"], arrive=data["arrive"].isoformat(), reason="visitor")
                    request(x, "POST", f"/api/bookings/{data['ref']}/cancel", 200, int((y + 0.8 - x) * 1000), public_ip(), rng.choice(UAS), host=host, read=34)
            elif kind == "daily":
                host = "sm-app-1"
                y = x + 0.12
                for i in range(ended_today):
                    y += rng.uniform(0.3, 0.7)
                    ref = f"SM-{23400 + rng.randint(0, 600)}" if i < 40 else f"PQ-{11500 + rng.randint(0, 300)}"
                    remove(y, "SM" if ref.startswith("SM") else "PQ", f"V-{ref}", False)
                    if emit:
                        pino(y + 0.3, "info", host, "gate code revoked", "GateCodesService", ref=ref, doorGroup=f"{ref[:2]}-PONTOONS")
                issued = 0
                for i in range(pre_today):
                    y += rng.uniform(0.6, 1.4)
                    marina = "SM" if i < 21 else "PQ"
                    b = {"ref": f"{marina}-{(23100 if marina == 'SM' else 11400) + rng.randint(0, 600)}", "marina": marina, "arrive": TODAY,
                         "nights": rng.choice([1, 2, 2, 3, 4]), "loa": 10.0, "source": "web"}
                    ok, y = issue(y, host, b, "daily")
                    if ok:
                        issued += 1
                        if emit:
                            pino(y + 0.4, "info", host, "booking e-mail sent", "Mailer", ref=b["ref"], template="gate-code")
                if emit:
                    pino(y + 0.6, "info", host, "gate codes daily run", "GateCodesJob", removed=ended_today, issued=issued, failed=pre_today - issued)
            elif kind == "retry":
                v = version_at(x)
                if v not in ("2.9.0", "2.9.1"):
                    continue
                host = "sm-app-1"
                y = x + 0.02
                todo = [b for b in st["pending"] if (v == "2.9.0" or b["arrive"] <= TODAY + dt.timedelta(days=1))]
                issued = 0
                for b in todo:
                    ok, y = issue(y, host, b, "retry")
                    if ok:
                        issued += 1
                        st["pending"].remove(b)
                        if emit:
                            pino(y + 0.3, "info", host, "booking e-mail sent", "Mailer", ref=b["ref"], template="gate-code")
                if emit:
                    pino(y + 0.05, "info", host, "gate code retry run", "GateCodeRetryJob", pending=len(todo), issued=issued)
                if x > PURGE and "retry_after_fix" not in out:
                    out["retry_after_fix"] = (x, len(todo), issued)
            elif kind == "import":
                host = "sm-app-2"
                if emit:
                    pino(x, "info", host, "block import started", "BlockImport", marina="SM", organiser="Saltmere Sailing Club", file="SRW2026-visiting-boats.csv", rows=len(regatta))
                y = x + 0.1
                for r in regatta:
                    y += rng.uniform(0.25, 0.55)
                    ref = new_ref("SM") if emit else "X"
                    b = {"ref": ref, "marina": "SM", "arrive": TODAY + dt.timedelta(days=1), "nights": 7, "boat": r["boat"], "loa": r["loa"], "source": "block"}
                    r["ref"] = ref
                    before = out["fails"]
                    y = confirm(y, host, b)
                    if out["fails"] > before:
                        out["import_fail"] += 1
                    else:
                        out["import_ok"] += 1
                if emit:
                    pino(y + 0.2, "info", host, "block import finished", "BlockImport", marina="SM", organiser="Saltmere Sailing Club",
                         file="SRW2026-visiting-boats.csv", imported=len(regatta), withoutGateCode=out["import_fail"])
                    request(x - 1.4, "POST", "/api/desk/block-imports", 201, int((y + 0.25 - x + 1.4) * 1000), OFFICE_IP["SM"], OFFICE_UA, host=host, read=9412)
                out["import_end"] = y
            elif kind == "purge":
                n = st["later"]
                known = [r[2:] for r in st["later_refs"]]
                others = sorted(rng.sample(range(22600, 24100), n - len(known)))
                refs = [f"SM-{k}" for k in others] + known
                y = x + 2.4
                batch = 0
                next_batch = y + 10
                for ref in refs:
                    y += rng.uniform(0.22, 0.45)
                    st["count"] -= 1
                    batch += 1
                    if emit:
                        pino(y, "info", "purge", "gate code revoked", "GateCodesService", ref=ref, doorGroup="SM-PONTOONS")
                    if y > next_batch or ref == refs[-1]:
                        c = st["count"]
                        st["timeline"].append((y + 1.2, c))
                        for k, g in enumerate(SM_GATES):
                            if emit:
                                tl(y + 1.2 + k * 0.4, g, "SYNC", f"batch applied: {batch} users removed, store {c}/{CAPACITY}")
                        batch = 0
                        next_batch = y + 10
                st["later"] = 0
                st["later_refs"] = []
                c = st["count"]
                if emit:
                    pino(y + 0.4, "info", "purge", "future gate codes purged", None, removed=n)
                out["purged"] = n
                out["after_purge"] = c
                out["purge_end"] = y
                # the future stays' bookings no longer hold a code; pending ones further ahead wait for the daily run
            elif kind == "fob":
                host = rng.choice(["sm-app-1", "sm-app-2"])
                y = x + rng.uniform(0.4, 0.9)
                ok = add(y - 0.2, "SM", f"BH-{data['holder']}", "always", False)
                if emit:
                    if ok:
                        pino(y, "info", host, "fob registered", "FobsService", holderId=data["holder"], doorGroup="SM-PONTOONS", fob=data["fob"])
                        request(x, "POST", f"/api/desk/berth-holders/{data['holder']}/fobs", 201, int((y - x) * 1000) + 6, OFFICE_IP["SM"], OFFICE_UA, host=host, read=48)
                    else:
                        rid, message = err_obj("SM")
                        stack = (f"TesselError: {message}\n    at toTesselError (/app/dist/src/gate/tessel.client.js:74:12)\n"
                                 f"    at TesselClient.addUser (/app/dist/src/gate/tessel.client.js:41:19)\n"
                                 f"    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
                                 f"    at async FobsService.register (/app/dist/src/berth-holders/fobs.service.js:24:26)")
                        pino(y, "error", host, "fob not registered", "FobsService", holderId=data["holder"], doorGroup="SM-PONTOONS", fob=data["fob"],
                             err={"type": "TesselError", "message": message, "stack": stack, "status": 409, "code": "SYNC_REJECTED", "requestId": rid})
                        request(x, "POST", f"/api/desk/berth-holders/{data['holder']}/fobs", 502, int((y - x) * 1000) + 6, OFFICE_IP["SM"], OFFICE_UA, host=host, read=48)
                out.setdefault("fobs", []).append((x, ok))
            if emit and kind in ("web", "desk", "import", "retry") and B("13:55:00") <= x and "at_1355" not in out:
                out["at_1355"] = (st["count"], st["later"])
        out["final"] = st["count"]
        out["timeline"] = st["timeline"]
        out["pq"] = st["pq"]
        return st["count"], out

    diary_lines = []

    def diary_booking(x, who, b):
        diary_lines.append((x + rng.uniform(20, 120), who, "DESK" if rng.random() < 0.5 else "VHF80",
                            f"'{b['boat']}' ({b['loa']} m) booked {b['nights']} night(s) from {b['arrive'].strftime('%d/%m')}, {b['ref']}"))

    # calibrate: the store holds 986 users when the import starts
    state = rng.getstate()
    before, _ = simulate(0, emit=False)
    c0 = 986 - before
    rng.setstate(state)
    seq.update({"SM": 24102, "PQ": 11871})
    boat_i[0] = 0
    _, sim = simulate(c0, emit=True)
    assert sim["before_import"] == 986, sim["before_import"]
    assert sim["import_ok"] == 14 and sim["import_fail"] == 50, (sim["import_ok"], sim["import_fail"])
    assert sim["first_success_after_rollback"] and abs(sim["first_success_after_rollback"][0] - B("12:41:06")) < 3, sim["first_success_after_rollback"]
    stats["c0"] = c0
    stats["sim"] = sim
    stats["onset"] = sim["first_fail"]

    # --- Tessel: access at the gates, controller status ------------------------
    holders = [f"BH-SM-{n:04d}" for n in rng.sample(range(1, 1250), 402)]
    staff = [f"ST-{n:03d}" for n in range(1, 39)]
    pq_holders = [f"BH-PQ-{n:04d}" for n in rng.sample(range(1, 600), 150)]
    visitors = [f"V-SM-{rng.randint(23400, 24100)}" for _ in range(160)]
    for g in SM_GATES + PQ_GATES:
        x = t0 + rng.uniform(0, 60)
        sm = g.startswith("SM")
        while x < t1:
            rate = day_rate(x, [(0, 0.08), (6, 0.5), (8, 1.0), (11, 1.3), (17, 1.1)]) * (1.0 if sm else 0.6)
            x += rng.expovariate(rate / 60)
            if x >= t1:
                break
            if g == "SM-GATE-B" and B_DOWN[0] < x < B_DOWN[1]:
                # offline: the controller still opens from its store; events are uploaded when it is back
                pass
            r = rng.random()
            if r < 0.006:
                tl(x, g, "ACCESS", "denied: unknown PIN")
            elif r < 0.02:
                tl(x, g, "DOOR", f"held open {rng.randint(31, 140)} s")
            elif r < 0.13:
                tl(x, g, "ACCESS", "granted: exit button")
            elif r < 0.45 and sm:
                tl(x, g, "ACCESS", f"granted: user {rng.choice(visitors)} (PIN) entry")
            elif r < 0.5:
                tl(x, g, "ACCESS", f"granted: user {rng.choice(staff)} (fob) entry")
            else:
                tl(x, g, "ACCESS", f"granted: user {rng.choice(holders if sm else pq_holders)} (fob) entry")
    # hourly status, from the simulated store
    def sm_store(x):
        n = c0
        for when, c in sim["timeline"]:
            if when > x:
                break
            n = c
        return n

    for g in SM_GATES + PQ_GATES:
        x = t0 + 95 + (SM_GATES + PQ_GATES).index(g) * 7.3
        while x < t1:
            if g == "SM-GATE-B" and B_DOWN[0] < x < B_DOWN[1]:
                x += 3600
                continue
            users = sm_store(x) if g.startswith("SM") else 318 + (sim["pq"] - 318) * (x - t0) / (t1 - t0)
            tl(x, g, "STATUS", f"online, users {int(users)}/{CAPACITY}, fw 3.4.12, PoE {rng.uniform(47.6, 48.4):.1f} V, enclosure {rng.randint(22, 36)} C")
            x += 3600 + rng.uniform(-2, 2)
    tl(B_DOWN[0], "SM-GATE-B", "COMMS", "controller offline (no heartbeat for 60 s)")
    tl(B_DOWN[1], "SM-GATE-B", "COMMS", "controller online, 4 queued changes applied, 17 offline events uploaded")

    # --- routine berthdesk lines -------------------------------------------------
    def tide_level(code, x):
        import math
        hw = B("10:40:00") if code == "SM" else B("10:58:00")
        mean, amp = (2.6, 1.75) if code == "SM" else (2.0, 1.35)
        return mean + amp * math.cos(2 * math.pi * (x - hw) / (12.42 * 3600))

    x = t0 + 61.2
    while x < t1:
        for code in ("SM", "PQ"):
            pred = tide_level(code, x)
            lvl = pred + rng.uniform(-0.06, 0.09)
            pino(x + (0.0 if code == "SM" else 0.21), "info", "sm-app-1", "tide reading", "TideService", gauge=code, levelCdM=round(lvl, 2), predictedCdM=round(pred, 2))
        x += 120 + rng.uniform(0, 0.1)
    for x in poisson(rng, t0, t1, [(0, 0.2), (6, 1.5), (8, 4.5), (12, 5.5), (15, 4.0)]):
        code = "SM" if rng.random() < 0.7 else "PQ"
        request(x, "GET", f"/api/tide/{code}", 200, rng.randint(2, 9), public_ip(), rng.choice(UAS), size=rng.randint(310, 360))
    for x in poisson(rng, t0, t1, [(0, 0.6), (6, 2.0), (8, 4.0), (11, 5.0), (15, 4.2)]):
        marina = "SM" if rng.random() < 0.7 else "PQ"
        d = arrival(rng)
        request(x, "GET", f"/api/availability?marina={marina}&arrive={d.isoformat()}&nights={rng.choice([1, 2, 2, 3, 4, 7])}&loa={round(rng.uniform(7.5, 16), 1)}",
                200, rng.randint(18, 160), public_ip(), rng.choice(UAS))
    accounts = [f"{p}-{n:02d}" for p in "ABCDEFGH" for n in range(1, 40)]
    for x in poisson(rng, B("08:00:00"), min(t1, B("18:00:00")), [(8, 7), (10, 12), (13, 9)], unit=3600):
        host = rng.choice(["sm-app-1", "sm-app-2"])
        product = "diesel" if rng.random() < 0.85 else "petrol"
        litres = round(rng.uniform(18, 160) if product == "diesel" else rng.uniform(8, 40), 2)
        sale = f"FD-{rng.randint(480000, 489999)}"
        pino(x + 0.04, "info", host, "fuel sale posted", "ForecourtController", saleId=sale, account=rng.choice(accounts), pump=rng.choice([1, 2]), product=product, litres=litres)
        request(x, "POST", "/api/forecourt/sales", 201, rng.randint(9, 30), "81.134.22.58", "TokheimForecourt/4.2", host=host, read=rng.randint(180, 230))

    # app starts at each deploy
    for k, (when, version, sha) in enumerate(releases[1:], 1):
        for host in ("sm-app-2", "sm-app-1"):
            y = containers[k][host][0] + rng.uniform(2.1, 3.4)
            pino(y, "info", host, "Starting Nest application...", "NestFactory")
            pino(y + 0.31, "info", host, "Nest application successfully started", "NestApplication")
            pino(y + 0.33, "info", host, "berthdesk started", "Bootstrap", version=version, commit=sha[:7], jobs=host == "sm-app-1")

    # --- GitHub Actions deploy runs -------------------------------------------------
    def gh(x, text):
        t = at(x + rng.uniform(0, 0.09))
        gha.add(t, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    runs = [(DEPLOY_290, "v2.9.0", shas["rel_290"], "push", "samokafor", 10871342211),
            (ROLLBACK, "v2.8.1", shas["rel_281"], "workflow_dispatch", "samokafor", 10874410983),
            (DEPLOY_291, "v2.9.1", shas["rel_291"], "push", "samokafor", 10879215546)]
    for when, tag, sha, trigger, actor, run_id in runs:
        x = when - 118.0
        gh(x, f"Requested labels: ubuntu-24.04")
        gh(x + 0.01, f"Job defined at: saltmere-marinas/berthdesk/.github/workflows/deploy.yml@refs/{'tags/' + tag if trigger == 'push' else 'heads/main'}")
        gh(x + 0.02, f"Waiting for a runner to pick up this job...")
        gh(x + 3.2, f"Job is about to start running on the runner: GitHub Actions {rng.randint(10, 60)} (hosted)")
        gh(x + 4.0, f"##[group]Run actions/checkout@v4")
        gh(x + 5.4, f"HEAD is now at {sha[:7]} release {tag[1:]}")
        gh(x + 5.5, "##[endgroup]")
        gh(x + 5.6, f"##[group]Run docker build --build-arg GIT_SHA=$(git rev-parse --short HEAD) -t ghcr.io/saltmere-marinas/berthdesk:{tag} .")
        gh(x + 61.2, f"#14 naming to ghcr.io/saltmere-marinas/berthdesk:{tag} done")
        gh(x + 61.3, "##[endgroup]")
        gh(x + 61.4, f"##[group]Run docker push ghcr.io/saltmere-marinas/berthdesk:{tag}")
        gh(x + 74.8, f"{tag}: digest: sha256:{hexid(rng, 64)} size: 2204")
        gh(x + 74.9, "##[endgroup]")
        gh(x + 75.0, f"##[group]Run ./deploy/deploy.sh {tag}")
        for host, off in (("sm-app-2", 22.4), ("sm-app-1", 47.9)):
            y = when + off - 5.5
            gh(y, f" Container berthdesk-app-1  Recreate")
            gh(y + 3.9, f" Container berthdesk-app-1  Recreated")
            gh(y + 4.2, f" Container berthdesk-app-1  Starting")
            gh(y + 5.1, f" Container berthdesk-app-1  Started")
        gh(when + 70.2, "##[endgroup]")
        gh(when + 70.5, f"Deployed berthdesk {tag} ({sha[:7]}) to sm-app-2, sm-app-1 [run {run_id}, {trigger} by {actor}]")
        gh(when + 71.0, "Cleaning up orphan processes")

    # --- the harbour office diary (BST) -----------------------------------------
    sim_ = sim
    imp_end = sim_["import_end"]
    fs = sim_["first_success_after_rollback"]
    entries = [
        (B("05:31:00"), "NS", "DESK", "Night security: quiet night. 2 late arrivals (SM-23987, SM-24030) had their gate codes in their e-mails, no calls"),
        (B("06:58:00"), "NS", "DESK", "Handover to harbour office. Gate B keypad was dark 06:10-06:50 per berth holder on B-22, working now"),
        (B("07:05:00"), "JH", "WX", "Wind SW 3-4, fine, vis good. HW 10:40 BST 4.3 m, LW 16:52 0.9 m"),
        (B("07:30:00"), "JH", "DESK", "Regatta office (Saltmere SC) will send the visiting boats' list this morning, 60+ boats arriving Sat 8th"),
        (B("08:00:00"), "MR", "FUEL", "Fuel dock open, diesel 1.419 / petrol 1.589"),
        (B("09:41:00"), "JH", "DESK", "Regatta list received: SRW2026-visiting-boats.csv, 64 boats, all arriving 08/08 for 7 nights"),
        (B("10:30:40"), "JH", "DESK", "Importing regatta list (new import screen)"),
        (imp_end + 60, "JH", "DESK", f"Import done: 64 bookings, {sim_['import_fail']} of them 'gate code pending'. Reported on Teams"),
        (B("11:22:00"), "JH", "PHONE", "Regatta office asks when the boats get their codes; told this afternoon"),
        (B("12:24:00"), "JH", "DESK", "New berth holder Mr Dunne (C-31): fob won't register, 'Tessel refused the fob'. Gave him a spare fob from the drawer"),
        (B("13:08:00"), "JH", "DESK", "Arrivals without a code from now: give a spare visitor fob (F-01 to F-40) and note it here"),
        (B("15:49:00"), "JH", "DESK", "Berthdesk fixed: regatta boats and today's walk-ins have codes by e-mail. Tried SM-24201's at A gate, opens"),
        (B("15:53:00"), "JH", "DESK", "Mr Dunne's fob registered"),
    ]
    spare = 1
    for x, who, ch, text in diary_lines:
        diary.add(at(x), f"{at(x).astimezone(BST).strftime('%d/%m/%Y %H:%M')} [{who}] {ch} | {text}")
    for x, who, ch, text in entries:
        diary.add(at(x), f"{at(x).astimezone(BST).strftime('%d/%m/%Y %H:%M')} [{who}] {ch} | {text}")
    for x in sorted(rng.uniform(B("13:10:00"), B("15:40:00")) for _ in range(9)):
        diary.add(at(x), f"{at(x).astimezone(BST).strftime('%d/%m/%Y %H:%M')} [JH] DESK | '{rng.choice(boats)}' arrived, no gate code in e-mail, spare fob F-{spare:02d}")
        spare += 1
    for x in sorted(rng.uniform(B("07:10:00"), B("16:20:00")) for _ in range(14)):
        diary.add(at(x), f"{at(x).astimezone(BST).strftime('%d/%m/%Y %H:%M')} [{rng.choice(['JH', 'MR'])}] VHF80 | '{rng.choice(boats)}' {rng.choice(['entering, to', 'leaving from', 'fuel berth, then', 'arrived'])} {rng.choice('ABCDEFG')}-{rng.randint(2, 40)}")

    # --- #berthdesk (Teams export) ----------------------------------------------
    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "channel": "berthdesk", "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    at1355 = sim_.get("at_1355", (CAPACITY, 0))
    rf = sim_["retry_after_fix"]
    say(B("06:57:00"), "Megan Hale", "B pontoon bridge dropped at 06:10 and came back 06:52 on its own, Tessel shows SM-GATE-B online again. PoE injector again, I'll get facilities to move it out of the sun")
    say(B("08:55:00"), "Sam Okafor", "berthdesk 2.9.0 is out (08:52): regatta block import (BOOK-233), gate codes retried every 15 min (GATE-61), regatta week rates, axios 1.7.3")
    say(B("09:43:00"), "Jess Hartley", "got the regatta list from the club, 64 boats. I'll import it with the new screen after the 10:00 rush")
    say(imp_end + 85, "Jess Hartley", f"imported the regatta list: 64 bookings, but {sim_['import_fail']} say 'gate code pending'. is the new import screen broken?")
    say(B("10:58:00"), "Jess Hartley", "and the web bookings since then show 'gate code pending' in the bookings list too, their e-mails tell them to collect the code from us. we have 64 regatta boats arriving tomorrow from 08:00, the office can't hand out 60 codes")
    say(B("11:04:00"), "Sam Okafor", "on it. 'gate code not issued' since 10:31: Tessel 409 SYNC_REJECTED, 4 of 4 controllers rejected the change (SM-GATE-A..D, all 0x2C). Pennock's codes are fine")
    say(B("11:09:00"), "Sam Okafor", "runbook: all controllers rejecting right after a release = roll back (INC-88). 2.9.0 went out at 08:52 and the import and the retries are new in it. rolling back to 2.8.1")
    say(B("11:11:00"), "Megan Hale", "all four Saltmere controllers online in the portal, the B bridge has held since 06:52")
    say(B("11:43:00"), "Sam Okafor", "2.8.1 on both hosts (11:41). the 'gate code retry failed' warnings have stopped, they were the retry job")
    say(B("11:58:00"), "Jess Hartley", "bookings since 11:41 still show 'gate code pending'")
    say(B("12:03:00"), "Sam Okafor", "yes, still 409 0x2C on 2.8.1, so it isn't 2.9.0. @Kasia Wróbel the import only calls confirm() per row, right?")
    say(B("12:09:00"), "Kasia Wróbel", "yes, same path as a web booking: createPending then confirm(), which issues the code. nothing in the import talks to Tessel")
    say(B("12:14:00"), "Sam Okafor", "raised TS-88213 with Tessel support with the request ids. 0x2C isn't in their API docs, only 'controller rejected the change'")
    say(B("12:25:00"), "Jess Hartley", "new berth holder on C-31, his fob won't register either, 'Tessel refused the fob'. gave him a spare")
    say(B("12:48:00"), "Sam Okafor", f"{fs[1]} at {at(fs[0]).astimezone(BST).strftime('%H:%M')} got a code?! the next one failed again. nothing changed on our side")
    say(B("13:09:00"), "Jess Hartley", "we're giving arrivals without a code a spare visitor fob, we have 40. that won't cover tomorrow")
    say(B("13:41:00"), "Ollie Pryce", "back, reading up")
    say(B("13:56:00"), "Sam Okafor", f"Tessel support (TS-88213): ERR 0x2C is 'user store full'. a TA-40 holds 1,000 users and all four Saltmere controllers have been at 1000/1000 since 10:31; their event log has 'user store full' on every add since then. PQ-PONTOONS is at {sim_['pq']}")
    say(B("14:02:00"), "Ollie Pryce", f"that's GATE-58, mine, Monday. since then every booking gets its code at confirmation, so every future stay holds a user in SM-PONTOONS from the day it's booked, not from its arrival day. the portal has {at1355[1]} users whose validity starts after tomorrow. before Monday August peaked around 550")
    say(B("14:04:00"), "Megan Hale", "docs/gates.md says 1,000 per controller right at the top")
    say(B("14:06:00"), "Tom Reeve", "so the regatta import didn't break it?")
    say(B("14:08:00"), "Ollie Pryce", f"it was the last straw: {sim_['import_ok']} of the 64 got in before the store filled. the daily run frees 40-odd a morning and we book 90 a day at the moment, it would have filled this weekend anyway. the 12:41 one got the slot of a cancellation")
    say(B("14:12:00"), "Ollie Pryce", "fix: GATE-64 issues a code at confirmation only for arrivals today or tomorrow, the 06:00 run issues and e-mails tomorrow's arrivals' codes, and a one-off purge removes the codes of later stays (they get them again the day before). 2.9.1 within the hour, then the retry run picks up the regatta")
    say(B("15:33:00"), "Sam Okafor", "2.9.1 deployed (15:32)")
    say(B("15:42:00"), "Ollie Pryce", f"purge done: {sim_['purged']} future codes removed, SM-PONTOONS at {sim_['after_purge']}/1000")
    say(rf[0] + 120, "Ollie Pryce", f"retry run at {at(rf[0]).astimezone(BST).strftime('%H:%M')}: {rf[2]} of {rf[1]} issued and e-mailed, regatta boats included. @Jess Hartley they should all have their codes now")
    say(B("15:50:00"), "Jess Hartley", "confirmed, tried one at A gate, opens. Mr Dunne's fob next")
    say(B("16:12:00"), "Tom Reeve", "thanks all. INC-311 postmortem Monday 10:00")
    return [app, caddy, tessel, gha, diary, teams], stats


def build(out_dir):
    rng = random.Random(96100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        culprit_at = bst("2026-08-03 11:20:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        sim = stats["sim"]
        return write_scenario(
            out_dir, name="r96-gate-codes-issued-at-booking", service=SERVICE, onset=onset,
            description=f"""
Saltmere Marina's pontoon gates stop taking new users on Friday 7 August
2026, the day before Saltmere Regatta Week: from 10:31 BST ({onset.strftime('%H:%M:%S')} UTC),
while the harbour office imports the regatta's block booking, berthdesk's
gate codes are refused by all four of the marina's Tessel controllers
(409 SYNC_REJECTED, ERR 0x2C): {sim['import_fail']} of the 64 regatta boats, every web and desk
booking after them and a new berth holder's fob get no code, and arrivals
are given spare fobs at the office. berthdesk 2.9.0 had been deployed at
08:52 BST; it was rolled back to 2.8.1 at 11:41 without effect. A fix
(2.9.1) was deployed at 15:32, future stays' codes were purged at 15:40
and the pending codes were issued at 15:45. The Tessel event log and the
harbour office diary are in BST (+01:00).
""",
            logs=logs,
            line_formats={
                "tessel-events.log": r'<Date> <Time> \| <Controller> \| <Event> \| <Content>',
                "harbour-office-diary.log": r'<Date> <Time> \[<Who>\] <Channel> \| <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'user store full',
                r'gate code not issued',
            ],
            fix_files=["src/gate/gate-codes.service.ts", "src/gate/gate-codes.job.ts"],
            explanation=f"""
The culprit is GATE-58 ("gate: issue the gate code at confirmation and send
it with the booking e-mail"), committed on Monday 3 August at 11:20 BST and
deployed in 2.8.0 that afternoon, {hours:.1f} hours before the onset. Until
then a visitor's PIN was added to the door group by the 06:00 run on the
day of arrival and removed the morning after departure, so Saltmere's
SM-PONTOONS held about 400 berth holders' fobs, 40 staff fobs and up to 130
visitors. Since GATE-58 every confirmed booking adds its PIN at
confirmation, valid for a stay that may be weeks ahead, and each of the
four Tessel TA-40 controllers holds every user of the group in a store of
1,000 (docs/gates.md). In peak season the future stays' codes fill the
store in four days; on Friday at 10:31 BST, {sim['import_ok']} rows into the regatta's
block booking, it is full, and every add after it is refused by all four
controllers: Tessel's event log has "user store full (1000/1000 users):
user ... not added (ERR 0x2C)" and berthdesk "gate code not issued" with
Tessel's 409 SYNC_REJECTED, for {sim['import_fail']} regatta boats, every web and desk
booking and a berth holder's fob (only when a cancellation frees a slot
does one get through). The fix (GATE-64) issues a code at confirmation only
for a stay that starts today or tomorrow and has the 06:00 run issue
tomorrow's, in the culprit's files, and a purge removes the {sim['purged']} codes of
later stays.
Decoys: release 2.9.0, deployed 99 minutes before the onset (BOOK-233, the
regatta block import that was running when the store filled; GATE-61,
which retries codes every 15 minutes and adds the "gate code retry failed"
warning that fills the log; regatta week rates in config/rates.json; an
axios bump), rolled back to 2.8.1, which holds the culprit, without effect
(the retry warnings stop, the refusals do not); GATE-60 in the culprit's
file (Tessel's request id in the log line); Thursday's runbook commit that
reads SYNC_REJECTED from every controller after a release as the release
(INC-88) and from one as a controller offline; SM-GATE-B offline from
06:10 to 06:52 (its pontoon's Wi-Fi bridge, real, and over before the
onset); a booking at 12:41 that gets its code in a slot a cancellation
freed; Pennock Quay's door group, which is not full.
""",
        )
    finally:
        repo.close()
