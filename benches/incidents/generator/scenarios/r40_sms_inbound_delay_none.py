"""parking-sessions (TypeScript, NestJS 11 on Node 22, PostgreSQL; Docker
Compose on two VMs behind Caddy, released by a GitHub Actions workflow
that runs `docker compose up` over SSH; team in Aldermoor and Lagos) of
Aldermoor City Council's parking service. It runs on-street parking
sessions started from the Park Aldermoor app or by text message: drivers
text "<zone> <plate> <minutes>" or "STOP" to 07700 900412, a long number
at the SMS provider Textwell, whose webhook posts each inbound message
(MO) to /webhooks/textwell/inbound; replies and "ends in 10 minutes"
reminders go out through Textwell's API (MT), with delivery receipts to
/webhooks/textwell/status. The civil enforcement officers' handhelds
check plates through the enforcement contractor's hub (Wardenix), which
asks parking-sessions for a valid session; with none the officer starts
an observation and issues a PCN (contravention 11) ten minutes later.
A loopback probe (a Raspberry Pi with a SIM) texts the number every five
minutes and waits for the reply.

On Wednesday 18 November at 08:16 UTC Textwell's inbound routing queue
stops being consumed after a failover on their side: messages from the
networks are accepted and stored, but no MO reaches any customer's
webhook for UK numbers; outbound messages and delivery receipts are not
affected. From the morning's paid hours text-to-park sessions silently
do not start: no reply comes, some drivers switch to the app, some text
again, most walk away believing they have paid. The inbound alert fires
at 08:26, the probe alert at 08:30; officers' checks find cars without a
session in text-to-park streets and PCNs follow until the enforcement
manager sets contravention 11 to observe-only at 08:48. Textwell's status
page says "Investigating" at 09:08, 52 minutes late. At 09:34 Textwell
restarts the consumers and delivers the backlog in seven minutes: every
message logged as delivered late (the line added the afternoon before),
sessions starting an hour or more after the text, STOPs ending sessions
late, STARTs for drivers who had used the app answered "already active".
Nothing in parking-sessions caused it.

Decoys: the 07:50 release, 26 minutes before the onset, of PK-519 (the
inbound and status webhooks verify Textwell's v2 signatures, HMAC-SHA256
over timestamp and body with a 300 s tolerance, instead of v1) with a
@textwell/node bump and reply templates for new zones 4030-4034; the
on-call's rollback at 08:39 without effect; PK-517 the afternoon before,
which logs inbound messages delivered late; a scanner's lone 401s on the
inbound webhook; routine late messages, unknown senders and malformed
texts.

Sources: parking-sessions on both VMs (NestJS JSON console logger), Caddy
access log (JSON), the Wardenix hub (Python logging), the SMS probe
(syslog RFC 3164), GitHub Actions deploy runs, Textwell's status page
(JSON), #parking-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "parking-sessions"
START, END = utc("2026-11-18 06:40:00"), utc("2026-11-18 10:40:00")
DEPLOY_PREV = utc("2026-11-17 16:41:30")
RELEASE = utc("2026-11-18 07:50:20")
STALL = utc("2026-11-18 08:16:00")
BACKLOG = (utc("2026-11-18 09:34:10"), utc("2026-11-18 09:41:20"))
ROLLBACK = utc("2026-11-18 08:39:10")
REDEPLOY = utc("2026-11-18 10:09:40")
OBSERVE_ONLY = (utc("2026-11-18 08:48:30"), utc("2026-11-18 09:56:10"))
READY = dt.timedelta(seconds=20)
NUMBER = "+447700900412"
PROBE_SIM = "+447700900999"
TEXTWELL_IPS = ["18.133.41.202", "18.133.41.203", "35.176.220.14"]
HUB_IP = "51.140.77.18"
ZONES = [f"40{n:02d}" for n in range(1, 30)]
NEW_ZONES = ["4030", "4031", "4032", "4033", "4034"]

# ---------------------------------------------------------------------------
# the repository

PACKAGE = '''{
  "name": "parking-sessions",
  "version": "1.0.0",
  "private": true,
  "scripts": {
    "build": "nest build",
    "start": "node dist/main.js",
    "test": "jest"
  },
  "dependencies": {
    "@nestjs/common": "11.0.12",
    "@nestjs/core": "11.0.12",
    "@nestjs/platform-express": "11.0.12",
    "@textwell/node": "4.2.1",
    "kysely": "0.27.4",
    "libphonenumber-js": "1.11.12",
    "pg": "8.13.1"
  },
  "devDependencies": {
    "@nestjs/cli": "11.0.2",
    "jest": "29.7.0",
    "ts-jest": "29.2.5",
    "typescript": "5.6.3"
  }
}
'''

MAIN_TS = '''import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const logger = new ConsoleLogger({ json: true });
  const app = await NestFactory.create(AppModule, { logger, rawBody: true });
  app.enableShutdownHooks();
  await app.listen(3000);
  logger.log(`parking-sessions ${process.env.RELEASE} (${process.env.GIT_SHA}) listening on :3000`, 'Bootstrap');
}
bootstrap();
'''

INBOUND_TS = '''import { Body, Controller, Headers, HttpCode, Logger, Post, RawBodyRequest, Req, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { parseCommand } from './parser';
import { verifyV1 } from './signature';
import { SmsSessionsService, TextwellInbound } from './sms-sessions.service';

/** Textwell posts every message texted to 07700 900412 here (MO). */
@Controller('webhooks/textwell')
export class InboundController {
  private readonly logger = new Logger(InboundController.name);

  constructor(private readonly sms: SmsSessionsService) {}

  @Post('inbound')
  @HttpCode(200)
  async inbound(@Req() req: RawBodyRequest<Request>, @Headers('x-textwell-signature') sig: string, @Body() msg: TextwellInbound) {
    if (!verifyV1(req.rawBody, sig, process.env.TEXTWELL_WEBHOOK_SECRET)) {
      this.logger.warn(`invalid Textwell signature on inbound webhook ip=${req.ip}`);
      throw new UnauthorizedException();
    }
    await this.sms.handle(msg, parseCommand(msg.text));
    return { ok: true };
  }
}
'''

SIGNATURE_TS = '''import { createHmac, timingSafeEqual } from 'crypto';

/** v1: hex HMAC-SHA1 of the raw body in X-Textwell-Signature. */
export function verifyV1(body: Buffer | undefined, signature: string | undefined, secret: string): boolean {
  if (!body || !signature) return false;
  const expected = createHmac('sha1', secret).update(body).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}
'''

PARSER_TS = '''export type SmsCommand =
  | { kind: 'START'; zone: string; vrm: string; minutes: number }
  | { kind: 'STOP' }
  | { kind: 'EXTEND'; minutes: number }
  | { kind: 'UNKNOWN' };

const START = /^\\s*(\\d{4})\\s+([A-Z0-9 ]{2,8}?)\\s+(\\d{2,3})\\s*$/i;

export function parseCommand(text: string): SmsCommand {
  const t = text.trim().toUpperCase();
  if (t === 'STOP') return { kind: 'STOP' };
  const ext = /^EXTEND\\s+(\\d{2,3})$/.exec(t);
  if (ext) return { kind: 'EXTEND', minutes: Number(ext[1]) };
  const m = START.exec(t);
  if (!m) return { kind: 'UNKNOWN' };
  return { kind: 'START', zone: m[1], vrm: m[2].replace(/\\s+/g, ''), minutes: Number(m[3]) };
}
'''

SMS_SESSIONS_TS = '''import { Injectable, Logger } from '@nestjs/common';
import { SmsCommand } from './parser';
import { SessionsService } from '../sessions/sessions.service';
import { TextwellClient } from './textwell.client';

export interface TextwellInbound { id: string; from: string; to: string; text: string; received_at: string }

/**
 * A text starts or stops a session for the sender's account. The session
 * starts when we handle the message: the driver is charged from the reply.
 */
@Injectable()
export class SmsSessionsService {
  private readonly logger = new Logger(SmsSessionsService.name);

  constructor(private readonly sessions: SessionsService, private readonly textwell: TextwellClient) {}

  async handle(msg: TextwellInbound, cmd: SmsCommand): Promise<void> {
    // START: SessionsService.start(channel 'sms'), reply 'started' or 'already_active';
    // STOP: SessionsService.stop, reply 'stopped'; unknown senders get the
    // registration link; UNKNOWN commands the help text.
  }
}
'''

ZONES_JSON = '{\n  "zones": [' + ", ".join(f'"{z}"' for z in ZONES) + '],\n  "sms": true,\n  "max_minutes": 240\n}\n'

TEMPLATES_JSON = '''{
  "started": "Parking started in zone {zone} for {vrm} until {until}. Text STOP to end. Ref {ref}",
  "stopped": "Parking for {vrm} in zone {zone} ended at {time}. Charged {amount}.",
  "already_active": "{vrm} already has parking in zone {zone} until {until}.",
  "reminder": "Your parking for {vrm} in zone {zone} ends at {until}. Text EXTEND 30 to add time.",
  "unknown_zone": "Zone {zone} not found. Check the zone number on the sign.",
  "help": "To park text: ZONE REG MINUTES, e.g. 4021 AB12CDE 60. Text STOP to end."
}
'''

DEPLOY_WF = '''name: deploy
on:
  workflow_dispatch:
    inputs:
      release: { description: "release tag (image)", required: true }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    strategy:
      max-parallel: 1
      matrix:
        host: [sess-01, sess-02]
    steps:
      - uses: actions/checkout@v4
      - name: docker compose up on ${{ matrix.host }}
        run: |
          ssh deploy@${{ matrix.host }}.parking.aldermoor.internal \\
            "cd /srv/parking-sessions && RELEASE=${{ inputs.release }} docker compose pull app && RELEASE=${{ inputs.release }} docker compose up -d app"
      - name: wait for /healthz
        run: ./deploy/wait-healthy.sh ${{ matrix.host }}
'''

COMPOSE = '''services:
  app:
    image: ghcr.io/aldermoor-council/parking-sessions:${RELEASE}
    restart: unless-stopped
    env_file: /etc/parking-sessions/env
    environment:
      RELEASE: ${RELEASE}
    ports: ["127.0.0.1:3000:3000"]
    logging:
      driver: journald
'''

CADDYFILE = '''api.parkaldermoor.gov.uk {
	log {
		output file /var/log/caddy/access.log
		format json
	}
	reverse_proxy sess-01.parking.aldermoor.internal:3000 sess-02.parking.aldermoor.internal:3000 {
		lb_policy round_robin
		health_uri /healthz
	}
}
'''


def build_repo():
    priya = Person("Priya Raman", "priya.raman@aldermoor.gov.uk", 0)
    tom = Person("Tom Ellery", "tom.ellery@aldermoor.gov.uk", 0)
    kemi = Person("Kemi Adeyemi", "kemi.adeyemi@aldermoor.gov.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# parking-sessions\n\nOn-street parking sessions from the Park Aldermoor app and text-to-park\n(07700 900412 at Textwell), plate checks for the enforcement hub, session\nreminders. NestJS on two VMs behind Caddy.\n\n```\nnpm ci && npm test\nnpm run build && npm start\n```\n\nReleases: the `deploy` workflow (input: the release tag) runs\n`docker compose up -d app` on sess-01, then sess-02. Roll back by running\nit with the previous tag.\n",
        "docs/runbook.md": runbook("parking-sessions", [
            ("TextToParkInboundSilent", "No inbound SMS for 10 minutes during paid hours (07:00-19:00). Check\nCaddy for /webhooks/textwell/inbound, the probe, and Textwell's status page."),
            ("SmsProbeFailing", "The loopback probe's text got no reply twice in a row."),
        ]),
        "package.json": PACKAGE,
        "src/main.ts": MAIN_TS,
        "src/sms/inbound.controller.ts": INBOUND_TS,
        "src/sms/signature.ts": SIGNATURE_TS,
        "src/sms/parser.ts": PARSER_TS,
        "src/sms/sms-sessions.service.ts": SMS_SESSIONS_TS,
        "src/sms/textwell.client.ts": "// MT through @textwell/node: messages.create({ from: '447700900412', to, body }),\n// 202 with the message id; delivery receipts come to /webhooks/textwell/status.\nexport class TextwellClient {}\n",
        "src/sessions/sessions.service.ts": "// start(channel, zone, vrm, minutes), stop(id), active(vrm, zone).\n// Charged per started 30 minutes at the zone's tariff.\nexport class SessionsService {}\n",
        "src/enforcement/enforcement.controller.ts": "// GET /v1/enforcement/vrm/:vrm?zone= for the Wardenix hub: SESSION_ACTIVE,\n// PERMIT or NO_VALID_SESSION.\nexport class EnforcementController {}\n",
        "config/zones.json": ZONES_JSON,
        "config/sms-templates.json": TEMPLATES_JSON,
        "test/parser.spec.ts": "import { parseCommand } from '../src/sms/parser';\n\ntest('start', () => {\n  expect(parseCommand('4021 ab12 cde 60')).toEqual({ kind: 'START', zone: '4021', vrm: 'AB12CDE', minutes: 60 });\n});\n\ntest('stop', () => expect(parseCommand(' stop ')).toEqual({ kind: 'STOP' }));\n",
        "docker-compose.yml": COMPOSE,
        "deploy/Caddyfile": CADDYFILE,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with: { node-version: 22 }\n      - run: npm ci && npm test && npm run build\n",
        ".github/workflows/deploy.yml": DEPLOY_WF,
    }
    repo.commit(utc("2026-11-12 09:40:00"), priya, "parking-sessions: app and text-to-park sessions, enforcement checks, reminders", files)
    repo.schedule(chores(random.Random(40201), SERVICE, [tom, kemi], utc("2026-11-12 10:30:00"), utc("2026-11-16 17:00:00"), 2))
    repo.commit(utc("2026-11-13 11:15:00"), tom, "sessions: charge per minute after the first 30 (PK-510)", {
        "src/sessions/sessions.service.ts": repo.files["src/sessions/sessions.service.ts"].replace("// Charged per started 30 minutes at the zone's tariff.", "// Charged the first 30 minutes, then per minute, at the zone's tariff (PK-510)."),
    })
    repo.commit(utc("2026-11-16 07:02:00"), bot, "build(deps): bump @nestjs/core from 11.0.12 to 11.0.14", {
        "package.json": repo.edit("package.json", '"@nestjs/core": "11.0.12"', '"@nestjs/core": "11.0.14"'),
    })
    repo.commit(utc("2026-11-16 14:30:00"), kemi, "enforcement: return the session's channel and start time to the hub (PK-514)\n\nOfficers asked to see whether a driver texted or used the app when a\nmotorist disputes a PCN at the kerb.", {
        "src/enforcement/enforcement.controller.ts": repo.files["src/enforcement/enforcement.controller.ts"].replace("// PERMIT or NO_VALID_SESSION.", "// PERMIT or NO_VALID_SESSION; an active session comes with its channel\n// (app, sms) and start time (PK-514)."),
    })
    repo.commit(utc("2026-11-17 15:20:00"), priya, "sms: warn when an inbound SMS reaches us more than 2 minutes after Textwell received it (PK-517)\n\nCustomer services had two complaints last week of sessions starting\nlate; Textwell sends received_at with every MO.", {
        "src/sms/inbound.controller.ts": repo.edit("src/sms/inbound.controller.ts",
            "    await this.sms.handle(msg, parseCommand(msg.text));\n",
            "    const delayS = Math.round((Date.now() - Date.parse(msg.received_at)) / 1000);\n    if (delayS > LATE_AFTER_S) {\n      this.logger.warn(`inbound SMS delivered late id=${msg.id} delay_s=${delayS} received_by_textwell=${msg.received_at}`);\n    }\n    await this.sms.handle(msg, parseCommand(msg.text));\n").replace(
            "/** Textwell posts", "const LATE_AFTER_S = 120;\n\n/** Textwell posts"),
    })
    repo.commit(utc("2026-11-17 16:05:00"), tom, "docs: Textwell signature v2 and the migration window", {
        "docs/textwell.md": "# Textwell\n\nInbound (MO) and delivery receipts come by webhook from 18.133.41.202/203\nand 35.176.220.14. Until 31 December Textwell sends both signatures:\n\n- v1: `X-Textwell-Signature`, hex HMAC-SHA1 of the body (deprecated)\n- v2: `X-Textwell-Timestamp` and `X-Textwell-Signature-V2`, hex HMAC-SHA256\n  of `timestamp.body`; reject timestamps more than 300 s old. The timestamp\n  is the delivery attempt's, so retried deliveries are signed afresh.\n\nStatus: https://status.textwell.io (Textwell posts incidents there and by\nemail to the account's technical contact).\n",
    })
    repo.commit(utc("2026-11-18 07:18:00"), bot, "build(deps): bump @textwell/node from 4.2.1 to 4.3.0", {
        "package.json": repo.edit("package.json", '"@textwell/node": "4.2.1"', '"@textwell/node": "4.3.0"'),
    })
    repo.commit(utc("2026-11-18 07:32:00"), priya, "sms: verify Textwell webhook signatures with the v2 scheme (PK-519)\n\nv1 (HMAC-SHA1, no timestamp) goes at the end of December. v2 signs the\ntimestamp with the body and we refuse anything older than 300 s, so a\ncaptured request cannot be replayed.", {
        "src/sms/signature.ts": repo.files["src/sms/signature.ts"] + "\n/** v2: hex HMAC-SHA256 of `${timestamp}.${body}`, timestamp within toleranceS. */\nexport function verifyV2(body: Buffer | undefined, timestamp: string | undefined, signature: string | undefined, secret: string, toleranceS = 300): boolean {\n  if (!body || !timestamp || !signature) return false;\n  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceS) return false;\n  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');\n  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));\n}\n",
        "src/sms/inbound.controller.ts": repo.edit("src/sms/inbound.controller.ts",
            "  async inbound(@Req() req: RawBodyRequest<Request>, @Headers('x-textwell-signature') sig: string, @Body() msg: TextwellInbound) {\n    if (!verifyV1(req.rawBody, sig, process.env.TEXTWELL_WEBHOOK_SECRET)) {",
            "  async inbound(\n    @Req() req: RawBodyRequest<Request>,\n    @Headers('x-textwell-timestamp') ts: string,\n    @Headers('x-textwell-signature-v2') sig: string,\n    @Body() msg: TextwellInbound,\n  ) {\n    if (!verifyV2(req.rawBody, ts, sig, process.env.TEXTWELL_WEBHOOK_SECRET, 300)) {").replace(
            "import { verifyV1 } from './signature';", "import { verifyV2 } from './signature';"),
    })
    head = repo.commit(utc("2026-11-18 07:41:00"), kemi, "config: zones 4030-4034 and their reply templates (PK-520)\n\nThe Eastside streets go live for text-to-park today; the signs went up\nyesterday.", {
        "config/zones.json": repo.edit("config/zones.json", '"4029"]', '"4029", ' + ", ".join(f'"{z}"' for z in NEW_ZONES) + ']'),
        "config/sms-templates.json": repo.edit("config/sms-templates.json", '  "help":', '  "eastside_launch": "Welcome to text-to-park in Eastside (zones 4030-4034). Parking started for {vrm} until {until}.",\n  "help":'),
    })
    repo.commit(utc("2026-11-18 10:31:00"), tom, "docs: inbound SMS delays, PCN holds and refunds in the runbook (PK-523)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Textwell inbound delayed\n\nMT and delivery receipts still work, no requests on\n/webhooks/textwell/inbound, the probe fails. Ask the enforcement manager\nto set contravention 11 to observe-only in text-to-park zones, raise a P1\nwith Textwell, put up the banner. When the backlog arrives every message\nis logged as delivered late: refund from received_by_textwell.\n",
    })
    prev = repo._git("rev-list", "-1", f"--before={int(DEPLOY_PREV.timestamp())}", "HEAD")
    return repo, prev, head


# ---------------------------------------------------------------------------
# traffic

AREAS = ["YA", "YB", "YC", "YD", "YE", "YF", "YG", "YH", "YJ", "YK", "YL", "YM", "YN", "YP", "YR", "YS", "YT", "YX", "YY",
         "NA", "NB", "NC", "ND", "NE", "NG", "NH", "NJ", "NK", "NL", "NM", "NN", "NP", "NR", "NS", "NT", "NU", "NV", "NX", "NY",
         "LA", "LB", "LC", "LD", "LF", "LG", "SN", "SV", "SW", "MA", "MF", "BD", "BF"]
LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"
AGES = [5, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75]
UA_APP = ["ParkAldermoor/5.12.0 (iPhone; iOS 18.1; Scale/3.00)", "ParkAldermoor/5.12.0 (Android 15; SM-S921B)", "ParkAldermoor/5.11.2 (Android 14; Pixel 8)",
          "ParkAldermoor/5.12.0 (iPhone; iOS 17.6.1; Scale/3.00)"]

SMS_RATE = [(6.66, 0.3), (7.0, 0.6), (7.5, 1.5), (8.0, 3.0), (8.5, 4.0), (9.0, 4.2), (9.5, 3.8), (10.0, 3.4), (10.7, 3.2)]
APP_RATE = [(6.66, 0.6), (7.0, 1.2), (7.5, 3.0), (8.0, 5.5), (8.5, 7.0), (9.0, 7.5), (9.5, 7.0), (10.0, 6.2), (10.7, 6.0)]
CHECK_RATE = [(6.66, 0.0), (7.95, 0.0), (8.0, 6.0), (8.5, 11.0), (9.0, 12.0), (10.7, 12.0)]


def lerp(points, t):
    h = (t - utc("2026-11-18 00:00:00")).total_seconds() / 3600.0
    for (h0, v0), (h1, v1) in zip(points, points[1:]):
        if h0 <= h <= h1:
            return v0 + (v1 - v0) * (h - h0) / (h1 - h0)
    return points[-1][1] if h > points[-1][0] else points[0][1]


def version_at(t, shas):
    cur = ("2026.11.17-2", shas["prev"], 1)
    for when, v in ((RELEASE, ("2026.11.18-1", shas["head"], 2)), (ROLLBACK, ("2026.11.17-2", shas["prev"], 1)), (REDEPLOY, ("2026.11.18-1", shas["head"], 2))):
        if t >= when + READY:
            cur = v
    return cur


def build_logs(rng, shas):
    hosts = {"sess-01": Log("parking-sessions-sess-01.log"), "sess-02": Log("parking-sessions-sess-02.log")}
    caddy, hub, probe, gha, status, chat = (Log("caddy-access.log"), Log("wardenix-hub.log"), Log("smsprobe.log"),
                                            Log("deploy-runs.log"), Log("textwell-status.log"), Log("slack-parking-oncall.log"))
    stats = {"mo_recv": [], "late": [], "sess": {"app": [], "sms": []}, "pcn": {"11": [], "other": []}, "mt": {"202": [], "other": []},
             "first_stalled": None, "withheld": [], "victims": 0, "pcn_victims": 0, "late_stop": 0, "dup": 0}

    def nest(t, level, context, msg, host=None):
        if START <= t < END:
            host = host or rng.choice(list(hosts))
            hosts[host].add(t, json.dumps({"level": level, "pid": 1, "timestamp": int(t.timestamp() * 1000), "message": msg, "context": context}, ensure_ascii=False, separators=(",", ":")))
            return host
        return None

    def caddy_line(t, ip_, method, uri, status_, dur, size, ua, read=0, host_up=None):
        if not START <= t < END:
            return
        up = host_up or rng.choice(["sess-01.parking.aldermoor.internal:3000", "sess-02.parking.aldermoor.internal:3000"])
        body = {"level": "info", "ts": round(t.timestamp(), 6), "logger": "http.log.access.log0", "msg": "handled request",
                "request": {"remote_ip": ip_, "remote_port": str(rng.randint(20000, 65000)), "client_ip": ip_, "proto": "HTTP/1.1" if "Textwell" in ua or "Wardenix" in ua else "HTTP/2.0",
                            "method": method, "host": "api.parkaldermoor.gov.uk", "uri": uri, "headers": {"User-Agent": [ua]}},
                "bytes_read": read, "user_id": "", "duration": round(dur, 6), "size": size, "status": status_,
                "resp_headers": {"Content-Type": ["application/json; charset=utf-8"], "Via": [f"1.1 Caddy"]}, "upstream": up}
        caddy.add(t, json.dumps(body, separators=(",", ":")))

    def pylog(t, level, logger, msg):
        if START <= t < END:
            hub.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} [{logger}] {msg}")

    used = set()

    def plate():
        while True:
            p = f"{rng.choice(AREAS)}{rng.choice(AGES):02d}{''.join(rng.choice(LETTERS) for _ in range(3))}"
            if p not in used:
                used.add(p)
                return p

    def phone():
        return f"+4477{rng.randint(10000000, 99999999)}"

    def masked(p):
        return "***" + p[-3:]

    def mo_id():
        return "mo_" + hexid(rng, 20)

    def mt_id():
        return "mt_" + hexid(rng, 20)

    def iso(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    # --- vehicles parked on-street, with their sessions: (start, end, channel)
    vehicles = []

    def send_mt(t, to, template, host=None):
        """A reply or reminder through Textwell: 202 at once, a delivery receipt a few seconds later."""
        mid = mt_id()
        dur = rng.randint(80, 190)
        nest(t + dt.timedelta(milliseconds=dur), "log", "TextwellClient", f"MT accepted id={mid} to={masked(to)} template={template} status=202 ms={dur}", host)
        stats["mt"]["202"].append(t)
        d = t + dt.timedelta(seconds=rng.uniform(3, 11))
        if rng.random() < 0.985:
            state = "DELIVRD"
        else:
            state = rng.choice(["UNDELIV", "EXPIRED"])
        caddy_line(d, rng.choice(TEXTWELL_IPS), "POST", "/webhooks/textwell/status", 200, rng.uniform(0.004, 0.015), 11, "Textwell-Webhooks/2.4", read=rng.randint(210, 260))
        if state != "DELIVRD":
            nest(d + dt.timedelta(milliseconds=rng.randint(3, 9)), "warn", "DeliveryReceiptsController", f"MT not delivered id={mid} status={state} err={'0x00000001' if state == 'UNDELIV' else '-'}")

    def deliver_time(sent):
        """When Textwell posts an MO sent at `sent` to our webhook."""
        if STALL <= sent < BACKLOG[0]:
            return None
        if BACKLOG[0] <= sent < BACKLOG[1]:
            # queued behind the backlog, which Textwell delivers in order
            return BACKLOG[1] + dt.timedelta(seconds=rng.uniform(1.0, 9.0))
        if rng.random() < 0.006:
            return sent + dt.timedelta(seconds=rng.uniform(125, 420))
        return sent + dt.timedelta(seconds=rng.uniform(1.2, 6.5))

    mos = []   # (sent, kind, data): every text a driver sends

    def plan_sms_driver(t):
        zone = rng.choice(ZONES)
        minutes = rng.choice([30, 60, 60, 90, 120, 120, 180, 240])
        v = {"plate": plate(), "zone": zone, "arr": t - dt.timedelta(seconds=rng.uniform(30, 150)), "phone": phone(),
             "sessions": [], "channel": "sms", "minutes": minutes}
        v["leave"] = v["arr"] + dt.timedelta(minutes=minutes * rng.uniform(0.6, 1.0) + rng.uniform(1, 4))
        vehicles.append(v)
        mos.append((t, "START", v))
        if rng.random() < 0.22:
            stop_at = v["leave"] - dt.timedelta(seconds=rng.uniform(20, 120))
            mos.append((stop_at, "STOP", v))
        if STALL <= t < BACKLOG[0]:
            stats["victims"] += 1
            r = rng.random()
            if r < 0.33:
                v["app_fallback"] = t + dt.timedelta(minutes=rng.uniform(3, 9))
            elif r < 0.52:
                mos.append((t + dt.timedelta(minutes=rng.uniform(2, 7)), "START", v))

    for t in poisson_times(rng, START - dt.timedelta(minutes=30), END, 5.0):
        if rng.random() < lerp(SMS_RATE, t) / 5.0:
            plan_sms_driver(t)
    # new Eastside zones: texts before the 07:50 release are refused as unknown zones
    for t in poisson_times(rng, utc("2026-11-18 07:05:00"), END, 0.12):
        v = {"plate": plate(), "zone": rng.choice(NEW_ZONES), "arr": t - dt.timedelta(seconds=60), "phone": phone(), "sessions": [],
             "channel": "sms", "minutes": rng.choice([60, 120])}
        v["leave"] = v["arr"] + dt.timedelta(minutes=v["minutes"])
        vehicles.append(v)
        mos.append((t, "START", v))
    for t in poisson_times(rng, START, END, 0.08):
        mos.append((t, "UNKNOWN_SENDER", {"phone": phone(), "text": f"{rng.choice(ZONES)} {plate()} 60"}))
    for t in poisson_times(rng, START, END, 0.06):
        mos.append((t, "GARBLED", {"phone": phone(), "text": rng.choice(["4021", "PARK 4012", "how do i pay", "4015 60", "STOP PARKING", "Thanks"])}))
    probes = []
    t = utc("2026-11-18 06:40:01")
    while t < END:
        pid = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4))
        probes.append((t, pid))
        mos.append((t + dt.timedelta(seconds=rng.uniform(2.0, 3.5)), "PROBE", {"phone": PROBE_SIM, "id": pid, "sent": t}))
        t += dt.timedelta(minutes=5)

    mos.sort(key=lambda m: m[0])
    stalled = [m for m in mos if STALL <= m[0] < BACKLOG[0]]
    stats["first_stalled"] = min(m[0] for m in stalled if m[1] != "PROBE")
    span = (BACKLOG[1] - BACKLOG[0]).total_seconds()
    backlog_at = {}
    for i, m in enumerate(stalled):
        backlog_at[id(m)] = BACKLOG[0] + dt.timedelta(seconds=span * (i + rng.random() * 0.8) / len(stalled))

    deliveries = []
    for m in mos:
        d = backlog_at.get(id(m)) or deliver_time(m[0])
        deliveries.append((d, m))
    deliveries.sort(key=lambda x: x[0])

    def active(v, t):
        for s, e, ch in v["sessions"]:
            if s <= t < e:
                return (s, e, ch)
        return None

    # app fallbacks are sessions of their own, started from the app
    app_events = []
    for v in vehicles:
        if v.get("app_fallback"):
            app_events.append((v["app_fallback"], v, True))

    def app_start(t, v, fallback=False):
        until = t + dt.timedelta(minutes=v["minutes"])
        v["sessions"].append((t, until, "app"))
        sid = f"S-{rng.randint(10**7, 10**8 - 1)}"
        dur = rng.uniform(0.04, 0.13)
        ip_ = f"{rng.choice(['82.132', '86.14', '92.40', '109.148', '176.25', '31.94'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        caddy_line(t + dt.timedelta(seconds=dur), ip_, "POST", "/v1/sessions", 201, dur, rng.randint(380, 460), rng.choice(UA_APP), read=rng.randint(140, 190))
        nest(t + dt.timedelta(seconds=dur - 0.01), "log", "SessionsService", f"session started id={sid} channel=app zone={v['zone']} vrm={v['plate']} until={until.strftime('%H:%M')}")
        stats["sess"]["app"].append(t)

    # ordinary app drivers
    for t in poisson_times(rng, START - dt.timedelta(minutes=40), END, 8.0):
        if rng.random() < lerp(APP_RATE, t) / 8.0:
            minutes = rng.choice([30, 60, 60, 90, 120, 180, 240])
            v = {"plate": plate(), "zone": rng.choice(ZONES), "arr": t - dt.timedelta(seconds=rng.uniform(20, 120)), "phone": None,
                 "sessions": [], "channel": "app", "minutes": minutes}
            v["leave"] = v["arr"] + dt.timedelta(minutes=minutes * rng.uniform(0.6, 1.0) + rng.uniform(1, 4))
            vehicles.append(v)
            app_events.append((t, v, False))
    app_events.sort(key=lambda e: e[0])

    # everything that changes sessions, in time order
    timeline = [(d, 0, ("mo", m)) for d, m in deliveries if d is not None] + [(t, 1, ("app", v, fb)) for t, v, fb in app_events]
    timeline.sort(key=lambda e: (e[0], e[1]))
    for t, _, ev in timeline:
        if ev[0] == "app":
            app_start(t, ev[1], ev[2])
            continue
        sent, kind, data = ev[1]
        ver = version_at(t, shas)
        ip_ = rng.choice(TEXTWELL_IPS)
        dur = rng.uniform(0.012, 0.05)
        caddy_line(t + dt.timedelta(seconds=dur), ip_, "POST", "/webhooks/textwell/inbound", 200, dur, 11, "Textwell-Webhooks/2.4", read=rng.randint(230, 300))
        stats["mo_recv"].append(t)
        mid = mo_id()
        delay = (t - sent).total_seconds()
        host = rng.choice(list(hosts))
        t1 = t + dt.timedelta(milliseconds=rng.randint(3, 9))
        if delay > 120:
            nest(t1, "warn", "InboundController", f"inbound SMS delivered late id={mid} delay_s={int(delay)} received_by_textwell={iso(sent)}", host)
            stats["late"].append(t)
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(4, 20))
        if kind == "PROBE":
            nest(t2, "log", "SmsSessionsService", f"probe message received probe={data['id']} from={masked(PROBE_SIM)}", host)
            send_mt(t2, PROBE_SIM, "probe_ok", host)
            data["answered"] = t2 + dt.timedelta(seconds=rng.uniform(3, 8))
            continue
        if kind == "UNKNOWN_SENDER":
            nest(t2, "log", "SmsSessionsService", f"SMS from an unregistered number from={masked(data['phone'])}, replying with the registration link", host)
            send_mt(t2, data["phone"], "register", host)
            continue
        if kind == "GARBLED":
            nest(t2, "warn", "SmsSessionsService", f"unrecognised SMS command from={masked(data['phone'])} length={len(data['text'])}", host)
            send_mt(t2, data["phone"], "help", host)
            continue
        v = data
        if kind == "START":
            if v["zone"] in NEW_ZONES and ver[0] == "2026.11.17-2":
                nest(t2, "warn", "SmsSessionsService", f"SMS START for an unknown zone zone={v['zone']} from={masked(v['phone'])}", host)
                send_mt(t2, v["phone"], "unknown_zone", host)
                continue
            cur = active(v, t)
            if cur:
                nest(t2, "log", "SmsSessionsService", f"SMS START for a vehicle with an active session, replying already-active vrm={v['plate']} zone={v['zone']} channel={cur[2]}", host)
                send_mt(t2, v["phone"], "already_active", host)
                stats["dup"] += 1 if delay > 120 else 0
                continue
            until = t + dt.timedelta(minutes=v["minutes"])
            v["sessions"].append((t, until, "sms"))
            sid = f"S-{rng.randint(10**7, 10**8 - 1)}"
            nest(t2, "log", "SessionsService", f"session started id={sid} channel=sms zone={v['zone']} vrm={v['plate']} until={until.strftime('%H:%M')}", host)
            stats["sess"]["sms"].append(t)
            v["sid"] = sid
            send_mt(t2 + dt.timedelta(milliseconds=3), v["phone"], "started" if v["zone"] not in NEW_ZONES else "eastside_launch", host)
            rem = until - dt.timedelta(minutes=10)
            if v["minutes"] >= 30 and (v["leave"] > rem or rng.random() < 0.5):
                v["reminder"] = rem
            continue
        if kind == "STOP":
            cur = active(v, t)
            if not cur:
                nest(t2, "log", "SmsSessionsService", f"SMS STOP with no active session from={masked(v['phone'])}", host)
                send_mt(t2, v["phone"], "no_session", host)
                continue
            s, e, ch = cur
            v["sessions"] = [x for x in v["sessions"] if x != cur] + [(s, t, ch)]
            billed = int((t - s).total_seconds() // 60)
            nest(t2, "log", "SessionsService", f"session stopped id={v.get('sid', '-')} channel=sms vrm={v['plate']} billed_min={billed}", host)
            if delay > 120:
                stats["late_stop"] += 1
            send_mt(t2, v["phone"], "stopped", host)

    # reminders ("ends in 10 minutes") for text-to-park sessions
    for v in vehicles:
        rem = v.get("reminder")
        if rem and START <= rem < END:
            for s, e, ch in v["sessions"]:
                if ch == "sms" and e - dt.timedelta(minutes=10) == rem:
                    nest(rem + dt.timedelta(milliseconds=rng.randint(10, 900)), "log", "RemindersJob", f"reminder due vrm={v['plate']} zone={v['zone']} ends={e.strftime('%H:%M')}")
                    send_mt(rem + dt.timedelta(seconds=1), v["phone"], "reminder")

    # --- enforcement: officers check parked cars from 08:00
    policy_logged = set()
    for t in poisson_times(rng, utc("2026-11-18 07:58:00"), END, 14.0):
        if rng.random() >= lerp(CHECK_RATE, t) / 14.0:
            continue
        ceo = f"CEO{rng.randint(101, 148)}"
        r = rng.random()
        if r < 0.28:
            zone = rng.choice(ZONES)
            pl = plate()
            dur = rng.uniform(0.01, 0.04)
            caddy_line(t + dt.timedelta(seconds=dur), HUB_IP, "GET", f"/v1/enforcement/vrm/{pl}?zone={zone}", 200, dur, 64, "Wardenix-Hub/5.2 (+python-httpx/0.27.2)")
            pylog(t + dt.timedelta(seconds=dur + 0.002), "INFO", "wardenix.vrm", f"check vrm={pl} zone={zone} ceo={ceo} result=PERMIT permit=RP{rng.randint(100000, 999999)}")
            continue
        parked = [v for v in vehicles if v["arr"] <= t < v["leave"]]
        if not parked:
            continue
        if r < 0.31:
            # a driver who has not paid at all
            pl, zone, cur, victim = plate(), rng.choice(ZONES), None, False
            v = None
        else:
            v = rng.choice(parked)
            pl, zone, cur = v["plate"], v["zone"], active(v, t)
            victim = v["channel"] == "sms" and any(STALL <= m[0] < BACKLOG[0] for m in mos if m[1] == "START" and m[2] is v)
        dur = rng.uniform(0.01, 0.04)
        caddy_line(t + dt.timedelta(seconds=dur), HUB_IP, "GET", f"/v1/enforcement/vrm/{pl}?zone={zone}", 200, dur, 118 if cur else 41, "Wardenix-Hub/5.2 (+python-httpx/0.27.2)")
        if cur:
            pylog(t + dt.timedelta(seconds=dur + 0.002), "INFO", "wardenix.vrm", f"check vrm={pl} zone={zone} ceo={ceo} result=SESSION_ACTIVE channel={cur[2]} since={cur[0].strftime('%H:%M')}")
            continue
        obs = f"OB{rng.randint(1000000, 9999999)}"
        pylog(t + dt.timedelta(seconds=dur + 0.002), "INFO", "wardenix.vrm", f"check vrm={pl} zone={zone} ceo={ceo} result=NO_VALID_SESSION, observation started obs={obs}")
        t2 = t + dt.timedelta(minutes=rng.uniform(10, 13))
        if v is not None and t2 >= v["leave"]:
            pylog(v["leave"] + dt.timedelta(seconds=rng.uniform(5, 60)), "INFO", "wardenix.pcn", f"observation closed without PCN obs={obs} reason=VEHICLE_LEFT")
            continue
        cur2 = active(v, t2) if v is not None else None
        dur = rng.uniform(0.01, 0.04)
        caddy_line(t2 + dt.timedelta(seconds=dur), HUB_IP, "GET", f"/v1/enforcement/vrm/{pl}?zone={zone}", 200, dur, 118 if cur2 else 41, "Wardenix-Hub/5.2 (+python-httpx/0.27.2)")
        if cur2:
            pylog(t2 + dt.timedelta(seconds=dur + 0.002), "INFO", "wardenix.pcn", f"observation closed without PCN obs={obs} reason=SESSION_FOUND channel={cur2[2]}")
            continue
        if OBSERVE_ONLY[0] <= t2 < OBSERVE_ONLY[1]:
            pylog(t2 + dt.timedelta(seconds=dur + 0.3), "WARN", "wardenix.pcn", f"PCN withheld, contravention 11 observe-only in zone {zone} obs={obs} vrm={pl} ceo={ceo}")
            stats["withheld"].append(t2)
            continue
        pcn = f"AD4{rng.randint(1000000, 9999999)}"
        pylog(t2 + dt.timedelta(seconds=dur + rng.uniform(40, 120)), "INFO", "wardenix.pcn", f"PCN {pcn} issued vrm={pl} zone={zone} contravention=11 ceo={ceo} obs={obs}")
        stats["pcn"]["11"].append(t2)
        if victim:
            stats["pcn_victims"] += 1
    for t in poisson_times(rng, utc("2026-11-18 08:00:00"), END, 0.12):
        code = rng.choice(["01", "12", "16", "40"])
        pylog(t, "INFO", "wardenix.pcn", f"PCN AD4{rng.randint(1000000, 9999999)} issued vrm={plate()} zone={rng.choice(ZONES)} contravention={code} ceo=CEO{rng.randint(101, 148)} obs=-")
        stats["pcn"]["other"].append(t)
    t = utc("2026-11-18 06:41:12")
    while t < END:
        pylog(t, "INFO", "wardenix.sync", f"handheld sync complete devices={0 if t < utc('2026-11-18 07:45:00') else rng.randint(22, 31)} records={0 if t < utc('2026-11-18 07:45:00') else rng.randint(40, 260)} ms={rng.randint(180, 900)}")
        t += dt.timedelta(minutes=10)
    for when, mode, who in ((OBSERVE_ONLY[0], "OBSERVE_ONLY", "gpryce"), (OBSERVE_ONLY[1], "ENFORCE", "gpryce")):
        pylog(when, "WARN", "wardenix.policy", f"contravention 11 in zones 4001-4034 set to {mode} by {who}")

    # lone scanner hits on the inbound webhook (no signature)
    for t, ip_ in ((utc("2026-11-18 07:12:44"), "45.148.10.91"), (utc("2026-11-18 08:43:57"), "193.32.162.38")):
        caddy_line(t, ip_, "POST", "/webhooks/textwell/inbound", 401, 0.003, 70, "Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)", read=0)
        nest(t - dt.timedelta(milliseconds=2), "warn", "InboundController", f"invalid Textwell signature on inbound webhook ip={ip_}")

    # the open data feed's consumers
    for t in poisson_times(rng, START, END, 1.5):
        ua = rng.choice(["AldermoorOpenData/1.0 (+https://data.aldermoor.gov.uk)", "python-requests/2.32.3", "ParkFinder/3.4 okhttp/4.12.0"])
        dur = rng.uniform(0.01, 0.06)
        caddy_line(t, f"{rng.choice(['20.68', '52.16', '81.2', '145.40'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "GET", "/opendata/v1/zones/occupancy", 200, dur, rng.randint(5400, 5900), ua)

    # --- the probe (Raspberry Pi with a SIM, syslog)
    def ps(t, msg):
        if START <= t < END:
            probe.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} smsprobe-01 smsprobe[612]: {msg}")

    probe_fail = []
    for t, pid in probes:
        ps(t, f"probe {pid} sending to {NUMBER} via EE")
        ps(t + dt.timedelta(seconds=1.4), f"probe {pid} AT+CMGS ok mr={rng.randint(1, 255)}")
        m = [x for x in mos if x[1] == "PROBE" and x[2]["id"] == pid][0]
        ans = m[2].get("answered")
        if ans and ans < t + dt.timedelta(seconds=300):
            ps(ans, f"probe {pid} reply received after {(ans - t).total_seconds():.1f}s")
        else:
            ps(t + dt.timedelta(seconds=300), f"probe {pid} FAILED: no reply within 300s")
            probe_fail.append(t + dt.timedelta(seconds=300))
            if ans:
                ps(ans, f"late reply for probe {pid} (sent {t.strftime('%H:%M:%S')}) after {(ans - t).total_seconds():.0f}s, ignored")

    # --- deploys (GitHub Actions) and start-up lines
    def gh(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def start_app(t, host, version, sha):
        seq = [(0.0, "log", "NestFactory", "Starting Nest application..."),
               (0.03, "log", "InstanceLoader", "AppModule dependencies initialized"),
               (0.04, "log", "InstanceLoader", "SmsModule dependencies initialized"),
               (0.05, "log", "InstanceLoader", "SessionsModule dependencies initialized"),
               (0.06, "log", "InstanceLoader", "EnforcementModule dependencies initialized"),
               (0.09, "log", "RoutesResolver", "InboundController {/webhooks/textwell}:"),
               (0.091, "log", "RouterExplorer", "Mapped {/webhooks/textwell/inbound, POST} route"),
               (0.093, "log", "RoutesResolver", "DeliveryReceiptsController {/webhooks/textwell}:"),
               (0.094, "log", "RouterExplorer", "Mapped {/webhooks/textwell/status, POST} route"),
               (0.11, "log", "NestApplication", "Nest application successfully started"),
               (0.12, "log", "Bootstrap", f"parking-sessions {version} ({sha[:12]}) listening on :3000")]
        for s, level, ctx, msg in seq:
            nest(t + dt.timedelta(seconds=s), level, ctx, msg, host)

    runs = [(RELEASE, "priya-raman-ald", "2026.11.18-1", shas["head"], 7312),
            (ROLLBACK, "tellery", "2026.11.17-2", shas["prev"], 7318),
            (REDEPLOY, "tellery", "2026.11.18-1", shas["head"], 7326)]
    for when, actor, version, sha, num in runs:
        base = when - dt.timedelta(seconds=36)
        for i, host in enumerate(("sess-01", "sess-02")):
            t = base + dt.timedelta(seconds=i * 38)
            gh(t, f"Requested labels: ubuntu-24.04")
            gh(t + dt.timedelta(seconds=0.4), f"Job defined at: aldermoor-council/parking-sessions/.github/workflows/deploy.yml@refs/heads/main")
            gh(t + dt.timedelta(seconds=5), f"deploy ({host}) run #{num} triggered by {actor} via workflow_dispatch, release={version}")
            gh(t + dt.timedelta(seconds=7), "##[group]Run actions/checkout@v4")
            gh(t + dt.timedelta(seconds=9), f"HEAD is now at {shas['head'][:7]} config: zones 4030-4034 and their reply templates (PK-520)")
            gh(t + dt.timedelta(seconds=9.2), "##[endgroup]")
            gh(t + dt.timedelta(seconds=9.5), f"##[group]Run ssh deploy@{host}.parking.aldermoor.internal \"cd /srv/parking-sessions && RELEASE={version} docker compose pull app && RELEASE={version} docker compose up -d app\"")
            gh(t + dt.timedelta(seconds=12), f" app Pulling ")
            gh(t + dt.timedelta(seconds=17), f" app Pulled ")
            gh(t + dt.timedelta(seconds=18), f" Container parking-sessions-app-1  Recreate")
            gh(t + dt.timedelta(seconds=29), f" Container parking-sessions-app-1  Recreated")
            gh(t + dt.timedelta(seconds=29.2), f" Container parking-sessions-app-1  Starting")
            gh(t + dt.timedelta(seconds=29.9), f" Container parking-sessions-app-1  Started")
            gh(t + dt.timedelta(seconds=30), "##[endgroup]")
            gh(t + dt.timedelta(seconds=31), f"##[group]Run ./deploy/wait-healthy.sh {host}")
            gh(t + dt.timedelta(seconds=33.5), f"{host}: /healthz 200 (release {version})")
            gh(t + dt.timedelta(seconds=33.6), "##[endgroup]")
            gh(t + dt.timedelta(seconds=34), "Cleaning up orphan processes")
            nest(t + dt.timedelta(seconds=18.3), "log", "NestApplication", "Received SIGTERM, shutting down", host)
            start_app(t + dt.timedelta(seconds=30.8), host, version, sha)

    # --- Textwell's status page
    def post(stamp, state, title, body):
        w = utc(stamp)
        status.add(w, json.dumps({"page": "status.textwell.io", "incident": "Delayed inbound messages (UK)", "id": "tw-inc-6k2q9f", "status": state,
                                   "created_at": iso(w), "components": ["Inbound messaging (MO) - UK"], "title": title, "body": body}, ensure_ascii=False))

    post("2026-11-18 09:08:12", "investigating", "Delayed inbound messages (UK)", "We are investigating delays in the delivery of inbound messages (MO) to customer webhooks for UK long numbers and short codes. Outbound messaging is not affected.")
    post("2026-11-18 09:44:31", "identified", "Delayed inbound messages (UK)", "The delay was caused by a stalled consumer group on our inbound routing queue after a database failover at 08:16 UTC. The consumers were restarted at 09:34 UTC and queued messages are being delivered in order, with their original received_at.")
    post("2026-11-18 10:15:05", "monitoring", "Delayed inbound messages (UK)", "All queued inbound messages have been delivered. We are monitoring delivery times.")
    post("2026-11-18 10:32:40", "resolved", "Delayed inbound messages (UK)", "From 08:16 to 09:34 UTC inbound messages to UK numbers were accepted from the networks but not delivered to webhooks; all were delivered by 09:42 UTC. A full incident report will follow.")

    # --- Slack
    users = {"tom.ellery": "U05TEL31K", "priya.raman": "U04PRM8ZQ", "kemi.adeyemi": "U06KAD2WX", "gail.pryce": "U03GPR7LN",
             "amir.haddad": "U05AHD4JC", "alertmanager": "B02ALRT7Q"}

    def say(stamp, who, text):
        w = utc(stamp)
        chat.add(w, json.dumps({"type": "message", "ts": f"{int(w.timestamp())}.{rng.randint(100, 999999):06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    def count(series, a, b):
        return sum(1 for x in series if utc(a) <= x < utc(b))

    last_before = max(x for x in stats["mo_recv"] if x < STALL + dt.timedelta(seconds=30))
    say("2026-11-18 07:44:30", "priya.raman", "releasing 2026.11.18-1 at ~07:50: PK-519 (Textwell v2 webhook signatures, 300 s tolerance), @textwell/node 4.3.0, PK-520 Eastside zones 4030-4034 go live today")
    say("2026-11-18 07:52:40", "priya.raman", "2026.11.18-1 on sess-01 and sess-02. inbound verifying with v2, Eastside texts starting sessions")
    say("2026-11-18 08:26:41", "alertmanager", "[FIRING:1] TextToParkInboundSilent parking-sessions (severity=page) no inbound SMS for 10m during paid hours")
    say("2026-11-18 08:30:44", "alertmanager", "[FIRING:1] SmsProbeFailing smsprobe-01 (severity=page) probe got no reply twice in a row")
    say("2026-11-18 08:31:20", "tom.ellery", f"looking. last inbound SMS at {last_before.strftime('%H:%M:%S')}, nothing since. PK-519 went out at 07:50, checking for 401s")
    say("2026-11-18 08:34:05", "tom.ellery", "caddy: no POST to /webhooks/textwell/inbound at all since then. no 401s either. /webhooks/textwell/status still arriving (receipts for the reminders we send)")
    say("2026-11-18 08:36:15", "priya.raman", "v2 verified fine for 25 minutes. if Textwell disabled the webhook after failures we'd have seen failures first. their dashboard shows it enabled")
    say("2026-11-18 08:37:30", "tom.ellery", "rolling back to 2026.11.17-2 anyway, it's the only thing that changed")
    n_pcn = count(stats["pcn"]["11"], "2026-11-18 08:16:00", "2026-11-18 08:41:00")
    say("2026-11-18 08:41:45", "gail.pryce", f"CEOs in 40xx streets: lots of cars with no session where the drivers say they texted at 08:20ish and got no reply. {n_pcn} code 11 PCNs since 08:16. is text to park down?")
    say("2026-11-18 08:43:10", "tom.ellery", "yes, we're not receiving texts. investigating")
    say("2026-11-18 08:45:35", "tom.ellery", "rollback done at 08:40, probe at 08:40 failed again. not our release")
    say("2026-11-18 08:46:50", "tom.ellery", "the 401 at 08:43 is a scanner (InternetMeasurement UA, no signature), not Textwell")
    say("2026-11-18 08:49:05", "gail.pryce", "set code 11 to observe-only in 4001-4034 on the hub. CEOs told to note but not issue")
    say("2026-11-18 08:52:20", "tom.ellery", "outbound is fine: reminders and probe replies get 202 from Textwell and DELIVRD receipts. only inbound missing. P1 raised with Textwell (TW-58213). status.textwell.io all green")
    say("2026-11-18 09:03:40", "amir.haddad", "banner on the website and a push in the app: text to park delayed, please use the app or a pay station")
    say("2026-11-18 09:06:55", "tom.ellery", "Textwell support: 'we are aware of an issue affecting inbound delivery for some UK numbers, engineers are investigating'")
    say("2026-11-18 09:09:30", "tom.ellery", "status page now up: investigating, inbound (MO) delays for UK numbers. posted 09:08, 52 min after it started")
    say("2026-11-18 09:35:20", "tom.ellery", "backlog arriving in order: 'inbound SMS delivered late' from delay_s=4680 (the 08:16 texts) down. sessions starting now for texts from 08:16 on")
    say("2026-11-18 09:38:10", "priya.raman", "drivers who used the app get already-active replies. STOPs landing late, those sessions ran on. and STARTs for people long gone are being charged")
    say("2026-11-18 09:42:30", "tom.ellery", f"backlog done, {len([x for x in stats['late'] if x >= BACKLOG[0]])} late messages 09:34-09:41. the 09:40 probe got its reply after 92 s, queued behind the backlog")
    say("2026-11-18 09:50:40", "tom.ellery", "probes at 09:45 and 09:50 answered in 12-13 s, inbound delay back to 2-5 s")
    say("2026-11-18 09:56:45", "gail.pryce", "code 11 back to ENFORCE. I'll pull the code 11 PCNs from 08:16 to 09:41 in text-to-park zones for review and cancel where the driver's text arrived late")
    say("2026-11-18 10:05:10", "priya.raman", "refunds: sessions started from a late START where the driver had left, and the minutes after a late STOP's received_by_textwell. list from the late lines")
    say("2026-11-18 10:08:20", "tom.ellery", "re-deploying 2026.11.18-1 (PK-519 v2 signatures)")
    say("2026-11-18 10:33:50", "tom.ellery", "Textwell resolved: stalled consumer group on their inbound queue after a DB failover at 08:16. incident report to follow. runbook updated")
    return list(hosts.values()) + [caddy, hub, probe, gha, status, chat], stats, probe_fail


def build(out_dir):
    rng = random.Random(40200)
    repo, prev, head = build_repo()
    try:
        shas = {"prev": prev, "head": head}
        logs, stats, probe_fail = build_logs(rng, shas)
        onset = stats["first_stalled"].replace(microsecond=0)
        assert STALL <= onset <= STALL + dt.timedelta(minutes=2), onset

        def per_min(series, minutes=1):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        metrics = {
            "textwell_inbound_webhooks.json": query_range([
                ({"__name__": "http_requests:rate1m", "route": "/webhooks/textwell/inbound", "job": "parking-sessions"}, per_min(stats["mo_recv"])),
                ({"__name__": "http_requests:rate1m", "route": "/webhooks/textwell/status", "job": "parking-sessions"}, per_min(stats["mt"]["202"])),
            ], START, END, 60),
            "parking_sessions_started.json": query_range([
                ({"__name__": "parking_sessions_started:increase1m", "channel": ch}, per_min(v)) for ch, v in stats["sess"].items()
            ], START, END, 60),
            "wardenix_pcns_issued.json": query_range([
                ({"__name__": "wardenix_pcns_issued:increase15m", "contravention": k}, per_min(v, 15)) for k, v in stats["pcn"].items()
            ], START, END, 300),
        }
        n_late = len([x for x in stats["late"] if x >= BACKLOG[0]])
        return write_scenario(
            out_dir, name="r40-sms-inbound-delay-none", service=SERVICE, onset=onset,
            description=f"""
Aldermoor City Council's text-to-park stops working on Wednesday 18
November: from {onset.strftime('%H:%M:%S')} UTC no text to 07700 900412 reaches
parking-sessions, so drivers who text to park get no reply and no
session ({stats['victims']} of them), the inbound alert fires at 08:26 and the
probe alert at 08:30, and enforcement officers find their cars unpaid
({stats['pcn_victims']} PCNs to drivers who had texted) until contravention 11 is set
to observe-only at 08:48. A release (Textwell v2 webhook signatures) had
gone out at 07:50; rolling it back at 08:39 did not help. At 09:34 the
texts arrive all at once ({n_late} messages delivered late), sessions start
an hour late; the probe passes again from 09:40.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"wardenix-hub.log": r"<Date> <Time> <Level> \[<Logger>\] <Content>"},
            root_cause=[
                r"inbound SMS delivered late",
                r"FAILED: no reply within",
                r"delays in the delivery of inbound messages",
            ],
            fix_files=[],
            explanation=f"""
Nothing in parking-sessions caused it. Textwell's inbound routing queue
stopped being consumed after a database failover on their side at 08:16
UTC: texts from the networks were accepted and stored (with their
received_at) but none was posted to any customer's webhook for UK numbers
until the consumers were restarted at 09:34. Outbound messages and
delivery receipts kept working. The evidence: no request at all on
/webhooks/textwell/inbound in Caddy's log from 08:16 (not 401s) while
/webhooks/textwell/status goes on, MT answered 202 and DELIVRD, the
probe's texts unanswered from 08:20, the backlog at 09:34 with every
message "inbound SMS delivered late" by more than an hour, and
Textwell's status page (posted at 09:08, 52 minutes late).
Decoys: the 07:50 release, 26 minutes before the onset, of PK-519 (the
inbound webhook verifies Textwell's v2 signature, HMAC-SHA256 over the
timestamp and body with a 300 s tolerance, instead of v1), the
@textwell/node bump and PK-520 (zones 4030-4034 and their reply
templates), which worked for 25 minutes; the rollback at 08:39 without
effect and the redeploy at 10:09; PK-517 the afternoon before, which adds
the very "inbound SMS delivered late" line; a scanner's two 401s on the
inbound webhook (07:12 and 08:43); PK-514's change to the enforcement
response; routine late texts, unknown senders, unrecognised commands,
"unknown zone" replies for the Eastside zones before the release, and
the ordinary PCNs of drivers who never paid.
""",
        )
    finally:
        repo.close()
