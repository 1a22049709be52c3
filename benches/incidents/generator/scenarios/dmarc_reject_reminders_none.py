"""pawprint-notify (Node 20, TypeScript, Express and BullMQ on EKS, Argo
CD auto-sync; team in Edinburgh, Madrid and Pune): Pawprint Vets' client
notifications. It sends the 28 practices' emails through SendGrid:
booking confirmations and receipts when the practice management system
asks for them, "prescription ready for collection" emails from the
pharmacy, and the hourly batches of appointment reminders (and, at 09:00,
vaccination-due notices). SendGrid's event webhook reports deliveries and
bounces back; a reminder whose email bounces is sent as an SMS instead.

Since the 2025 rebrand the emails come from @pawprintvets.co.uk, but
SendGrid's domain authentication was only ever set up for the old brand's
domain: SendGrid signs them with d=sendgrid.net and bounces go to its own
return path, so they pass SPF and DKIM but neither is aligned with the
From domain. With the domain's DMARC policy at p=none nobody noticed. On
Thursday 5 November at 09:44 UTC the IT security team, in phase 3 of a
DMARC project (SEC-114), sets _dmarc.pawprintvets.co.uk to p=reject in
Cloudflare (TTL 5 minutes). From about 09:46 Gmail, Microsoft, Yahoo and
iCloud reject every email to their users ("Unauthenticated email from
pawprintvets.co.uk is not accepted due to domain's DMARC policy", "does
not pass DMARC verification and has a DMARC policy of reject", ...),
about seven in ten of the clients' addresses; the others deliver.
Reminders fall back to SMS. The on-call first reverts the 09:18 From
address change (no effect); at 11:04 IT security sets p=none again and
the bounces stop within minutes. Nothing in this repository caused it:
the fix is SendGrid domain authentication (DNS) before enforcing DMARC.

Decoys: the commit, deployed 09:18 (28 minutes before the onset), that
sends pharmacy emails from pharmacy@ with the practice as reply-to, and
its revert during the incident; the same release's Node base image bump;
yesterday's commit that logs each bounce's SMTP reason and
classification (every failure line); the @sendgrid/mail bump and a docs
page on email authentication that names SPF, DKIM and DMARC; routine
bounces (unknown users, full mailboxes) and deferrals before the onset.
Sources: app (winston JSON), SendGrid event webhook archive (NDJSON,
epoch seconds), ingress-nginx access, Argo CD (JSON), Cloudflare audit
log (JSON), #practice-systems (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "pawprint-notify"
DOMAIN = "pawprintvets.co.uk"
START, END = utc("2026-11-05 07:40:00"), utc("2026-11-05 11:45:00")
DEPLOY = utc("2026-11-05 09:18:05")
DMARC_REJECT = utc("2026-11-05 09:44:20")
REVERT_DEPLOY = utc("2026-11-05 10:31:10")
DMARC_NONE = utc("2026-11-05 11:04:50")

MAILER_TS = """import sgMail from "@sendgrid/mail";
import config from "config";
import { logger } from "../logger";

sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? "");

export type Category = "booking-confirmation" | "receipt" | "prescription-ready" | "appointment-reminder" | "vaccination-due";

export async function sendEmail(category: Category, to: string, templateId: string, data: Record<string, unknown>, practice: Practice) {
  const from = config.get<{ email: string; name: string }>("mail.from");
  const [res] = await sgMail.send({
    to,
    from: { email: from.email, name: `${practice.name} (${from.name})` },
    templateId,
    dynamicTemplateData: data,
    categories: [category],
    customArgs: { practice_id: String(practice.id) },
  });
  const messageId = res.headers["x-message-id"];
  logger.info("email accepted by SendGrid", { category, to_domain: to.split("@")[1], sg_message_id: messageId, template: templateId });
  return messageId;
}
"""

WEBHOOK_TS = """import { Router } from "express";
import { logger } from "../logger";
import { archiveEvents } from "../archive";
import { onBounce } from "../notifications/fallback";
import { verifySignature } from "./signature";

export const sendgridWebhook = Router();

sendgridWebhook.post("/webhooks/sendgrid", verifySignature, async (req, res) => {
  const events = req.body as SendGridEvent[];
  await archiveEvents(events);
  for (const e of events) {
    if (e.event === "bounce" || e.event === "dropped") {
      logger.warn("email bounced", { category: e.category?.[0], to_domain: e.email.split("@")[1], sg_message_id: e.sg_message_id });
      await onBounce(e);
    }
  }
  res.sendStatus(204);
});
"""

PRODUCTION_JSON = """{
  "mail": {
    "from": { "email": "noreply@pawprintvets.co.uk", "name": "Pawprint Vets" },
    "templates": {
      "booking-confirmation": "d-4be1c2a7f0e84a51b0f3c6f2a9d81e10",
      "receipt": "d-09f2d4a1c3b74e6f8a5d2c1b0e9f7a63",
      "prescription-ready": "d-7a3c9e1f5b2d48c6a0e4f8b1d3c5a792",
      "appointment-reminder": "d-c2e8a4f6b1d34a9e8c7f0b5a3d2e1f48",
      "vaccination-due": "d-5f1b3d7e9a2c46e8b0d4f6a8c1e3b5d7"
    }
  },
  "reminders": {
    "cron": "0 8-18 * * *",
    "hoursAhead": 24,
    "vaccinationDueDaysAhead": 7
  }
}
"""


def repo_files():
    return {
        "package.json": '{\n  "name": "pawprint-notify",\n  "version": "3.8.0",\n  "private": true,\n  "scripts": {\n    "build": "tsc -p .",\n    "start": "node dist/server.js",\n    "test": "vitest run"\n  },\n  "dependencies": {\n    "@sendgrid/eventwebhook": "^8.0.0",\n    "@sendgrid/mail": "^8.1.3",\n    "bullmq": "^5.21.2",\n    "config": "^3.3.12",\n    "express": "^4.21.1",\n    "ioredis": "^5.4.1",\n    "twilio": "^5.3.4",\n    "winston": "^3.15.0"\n  },\n  "devDependencies": {\n    "typescript": "^5.6.3",\n    "vitest": "^2.1.4"\n  }\n}\n',
        "src/server.ts": 'import express from "express";\nimport { logger } from "./logger";\nimport { notificationsApi } from "./api/notifications";\nimport { sendgridWebhook } from "./webhooks/sendgrid";\nimport { startReminderScheduler } from "./jobs/reminders";\n\nconst app = express();\napp.use(express.json({ limit: "2mb" }));\napp.use(notificationsApi);\napp.use(sendgridWebhook);\napp.get("/healthz", (_req, res) => res.send("ok"));\n\napp.listen(3000, () => logger.info("pawprint-notify listening", { port: 3000, version: process.env.APP_VERSION }));\nstartReminderScheduler();\n',
        "src/logger.ts": 'import winston from "winston";\n\nexport const logger = winston.createLogger({\n  level: process.env.LOG_LEVEL ?? "info",\n  defaultMeta: { service: "pawprint-notify" },\n  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),\n  transports: [new winston.transports.Console()],\n});\n',
        "src/mail/sendgrid.ts": MAILER_TS,
        "src/webhooks/sendgrid.ts": WEBHOOK_TS,
        "src/webhooks/signature.ts": 'import { EventWebhook } from "@sendgrid/eventwebhook";\n\nconst verifier = new EventWebhook();\nconst key = verifier.convertPublicKeyToECDSA(process.env.SENDGRID_WEBHOOK_PUBLIC_KEY ?? "");\n\nexport function verifySignature(req, res, next) {\n  const ok = verifier.verifySignature(key, req.rawBody, req.get("X-Twilio-Email-Event-Webhook-Signature"), req.get("X-Twilio-Email-Event-Webhook-Timestamp"));\n  return ok ? next() : res.sendStatus(403);\n}\n',
        "src/notifications/fallback.ts": 'import config from "config";\nimport { logger } from "../logger";\nimport { sendSms } from "../sms/twilio";\nimport { findReminder } from "./store";\n\n// A reminder whose email bounced goes out as an SMS if the client agreed to texts.\nexport async function onBounce(e: SendGridEvent) {\n  if (!config.get<boolean>("reminders.smsFallback") || e.category?.[0] !== "appointment-reminder") return;\n  const reminder = await findReminder(e.sg_message_id);\n  if (!reminder?.mobile || !reminder.smsConsent) return;\n  const sid = await sendSms(reminder.mobile, reminder.smsText);\n  logger.info("reminder sent by SMS instead", { practice_id: reminder.practiceId, twilio_sid: sid });\n}\n',
        "src/jobs/reminders.ts": 'import { Queue, Worker } from "bullmq";\nimport config from "config";\nimport { logger } from "../logger";\nimport { appointmentsStartingIn, vaccinationsDueIn } from "../pms/client";\nimport { sendEmail } from "../mail/sendgrid";\n\nexport function startReminderScheduler() {\n  const queue = new Queue("reminders", { connection: { host: process.env.REDIS_HOST } });\n  queue.upsertJobScheduler("hourly", { pattern: config.get("reminders.cron") });\n  new Worker("reminders", async () => {\n    const due = await appointmentsStartingIn(config.get("reminders.hoursAhead"));\n    logger.info("reminder batch started", { appointments: due.length });\n    for (const a of due) await sendEmail("appointment-reminder", a.clientEmail, config.get("mail.templates.appointment-reminder"), a, a.practice);\n  }, { connection: { host: process.env.REDIS_HOST }, limiter: { max: 2, duration: 1000 } });\n}\n',
        "config/default.json": '{\n  "reminders": { "smsFallback": false }\n}\n',
        "config/production.json": PRODUCTION_JSON,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pawprint-notify\n  namespace: notify\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: pawprint-notify}\n  template:\n    metadata:\n      labels: {app: pawprint-notify}\n    spec:\n      containers:\n        - name: app\n          image: 412870331265.dkr.ecr.eu-west-2.amazonaws.com/pawprint-notify:latest\n          env:\n            - {name: NODE_ENV, value: production}\n            - {name: REDIS_HOST, value: notify-redis.notify.svc}\n          envFrom:\n            - secretRef: {name: pawprint-notify}\n          ports: [{containerPort: 3000}]\n",
        "Dockerfile": "FROM node:20.18.0-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY dist dist\nCOPY config config\nCMD [\"node\", \"dist/server.js\"]\n",
        "tests/fallback.test.ts": 'import { describe, it, expect } from "vitest";\n\ndescribe("onBounce", () => {\n  it("ignores bounces of emails that are not reminders", async () => {\n    expect(await onBounce({ event: "bounce", category: ["receipt"] } as any)).toBeUndefined();\n  });\n});\n',
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-node@v4\n        with: {node-version: 20}\n      - run: npm ci && npm test && npm run build\n      - run: ./scripts/push-image.sh ${{ github.sha }}\n",
        "README.md": "# pawprint-notify\n\nEmails and texts to Pawprint Vets' clients: booking confirmations,\nreceipts, prescription-ready notices from the pharmacy, appointment\nreminders (hourly, 24 h ahead) and vaccination-due notices.\n\n## Running locally\n\n```\nnpm ci\nnpm test\nnpm run build && npm start\n```\n\n## Deploying\n\nMerges to `main` build an image; Argo CD syncs `k8s/` with the new tag to\n`prod-eu-west-2` automatically.\n",
    }


def build_repo():
    eilidh = Person("Eilidh Ross", "eilidh.ross@pawprintvets.co.uk", 0)
    tomas = Person("Tomás Herrera", "tomas.herrera@pawprintvets.co.uk", 60)
    anjali = Person("Anjali Deshmukh", "anjali.deshmukh@pawprintvets.co.uk", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("EmailBounceRateHigh", "More than 10 % of SendGrid events in 15 minutes are bounces. The app logs each bounce with SendGrid's reason; check SendGrid's status page and the Activity feed."),
        ("ReminderBatchFailed", "The hourly reminder job failed: see the app log (BullMQ) and the PMS API's health."),
    ])
    repo.commit(utc("2026-10-29 10:00:00"), eilidh, "pawprint-notify: import from the practice-systems monorepo", files)
    repo.schedule(chores(random.Random(20201), SERVICE, [eilidh, tomas, anjali], utc("2026-10-29 10:00:00"), utc("2026-11-03 17:00:00"), 3))
    repo.commit(utc("2026-10-30 11:20:00"), anjali, "reminders: SMS fallback when a reminder email bounces", {
        "config/production.json": repo.edit("config/production.json", '"vaccinationDueDaysAhead": 7\n', '"vaccinationDueDaysAhead": 7,\n    "smsFallback": true\n'),
    })
    repo.commit(utc("2026-11-02 14:45:00"), tomas, "api: receipts for paid invoices from the PMS", {
        "src/api/notifications.ts": 'import { Router } from "express";\nimport config from "config";\nimport { sendEmail } from "../mail/sendgrid";\n\nexport const notificationsApi = Router();\n\nnotificationsApi.post("/v1/notifications", async (req, res) => {\n  const { category, to, data, practice } = req.body;\n  const id = await sendEmail(category, to, config.get(`mail.templates.${category}`), data, practice);\n  res.status(202).json({ id });\n});\n',
    })
    # ---- the 24 hours before the onset
    repo.commit(utc("2026-11-04 10:20:00"), eilidh, "reminders: vaccination-due notices two weeks ahead (was one)", {
        "config/production.json": repo.edit("config/production.json", '"vaccinationDueDaysAhead": 7', '"vaccinationDueDaysAhead": 14'),
    })
    repo.commit(utc("2026-11-04 13:05:00"), bot, "Bump @sendgrid/mail from 8.1.3 to 8.1.4\n\nBumps [@sendgrid/mail](https://github.com/sendgrid/sendgrid-nodejs) from 8.1.3 to 8.1.4.\n- [Release notes](https://github.com/sendgrid/sendgrid-nodejs/releases)\n- [Changelog](https://github.com/sendgrid/sendgrid-nodejs/blob/main/CHANGELOG.md)\n- [Commits](https://github.com/sendgrid/sendgrid-nodejs/compare/8.1.3...8.1.4)", {
        "package.json": repo.edit("package.json", '"@sendgrid/mail": "^8.1.3"', '"@sendgrid/mail": "^8.1.4"'),
    })
    logline = repo.commit(utc("2026-11-04 15:40:00"), tomas, "webhooks: log the SMTP reason and classification of bounces\n\nSupport asks why a client's email bounced; the reason was only in\nSendGrid's Activity feed, which keeps three days.", {
        "src/webhooks/sendgrid.ts": repo.edit("src/webhooks/sendgrid.ts", 'logger.warn("email bounced", { category: e.category?.[0], to_domain: e.email.split("@")[1], sg_message_id: e.sg_message_id });',
                                              'logger.warn("email bounced", {\n        category: e.category?.[0], to_domain: e.email.split("@")[1], sg_message_id: e.sg_message_id,\n        type: e.type, status: e.status, reason: e.reason, classification: e.bounce_classification,\n      });'),
    })
    repo.commit(utc("2026-11-04 16:30:00"), anjali, "docs: how our emails are authenticated", {
        "docs/email.md": "# Email\n\nAll client emails go through SendGrid (account `pawprint-prod`).\n\n- From: `noreply@pawprintvets.co.uk`, display name `<Practice> (Pawprint Vets)`.\n- SPF: `pawprintvets.co.uk` includes `sendgrid.net`.\n- DKIM: SendGrid signs every message.\n- DMARC: the policy on `_dmarc.pawprintvets.co.uk` belongs to IT (Cloudflare);\n  aggregate reports go to dmarc-reports@.\n\nBounces and blocks come back through the event webhook\n(`/webhooks/sendgrid`); a reminder that bounces is sent by SMS.\n",
    })
    repo.commit(utc("2026-11-05 08:10:00"), eilidh, "templates: practice phone number in the reminder footer", {
        "src/jobs/reminders.ts": repo.edit("src/jobs/reminders.ts", "for (const a of due) await sendEmail(\"appointment-reminder\", a.clientEmail, config.get(\"mail.templates.appointment-reminder\"), a, a.practice);",
                                           "for (const a of due) await sendEmail(\"appointment-reminder\", a.clientEmail, config.get(\"mail.templates.appointment-reminder\"), { ...a, practicePhone: a.practice.phone }, a.practice);"),
    })
    pharmacy = repo.commit(utc("2026-11-05 08:52:00"), tomas, "mail: pharmacy emails from pharmacy@, replies to the practice\n\nClients reply to prescription-ready emails to ask about doses, and the\nreplies went to noreply@. The pharmacy's address is on the same domain;\nReply-To is the practice's own inbox.", {
        "config/production.json": repo.edit("config/production.json", '    "from": { "email": "noreply@pawprintvets.co.uk", "name": "Pawprint Vets" },\n',
                                            '    "from": { "email": "noreply@pawprintvets.co.uk", "name": "Pawprint Vets" },\n    "pharmacyFrom": { "email": "pharmacy@pawprintvets.co.uk", "name": "Pawprint Pharmacy" },\n'),
        "src/mail/sendgrid.ts": repo.edit("src/mail/sendgrid.ts", '  const from = config.get<{ email: string; name: string }>("mail.from");\n  const [res] = await sgMail.send({\n    to,\n    from: { email: from.email, name: `${practice.name} (${from.name})` },\n',
                                          '  const from = config.get<{ email: string; name: string }>(category === "prescription-ready" ? "mail.pharmacyFrom" : "mail.from");\n  const [res] = await sgMail.send({\n    to,\n    from: { email: from.email, name: `${practice.name} (${from.name})` },\n    replyTo: category === "prescription-ready" ? practice.email : undefined,\n'),
    })
    base = repo.commit(utc("2026-11-05 09:02:00"), bot, "Bump node from 20.18.0-alpine to 20.18.1-alpine\n\nBumps node from 20.18.0-alpine to 20.18.1-alpine.", {
        "Dockerfile": repo.edit("Dockerfile", "node:20.18.0-alpine", "node:20.18.1-alpine"),
    })
    revert = repo.commit(utc("2026-11-05 10:28:40"), tomas, f"Revert \"mail: pharmacy emails from pharmacy@, replies to the practice\"\n\nThis reverts commit {pharmacy}.\n\nBounces since 09:46; ruling the From change out.", {
        "config/production.json": repo.edit("config/production.json", '    "pharmacyFrom": { "email": "pharmacy@pawprintvets.co.uk", "name": "Pawprint Pharmacy" },\n', ""),
        "src/mail/sendgrid.ts": repo.edit("src/mail/sendgrid.ts", '(category === "prescription-ready" ? "mail.pharmacyFrom" : "mail.from")', '("mail.from")').replace('    replyTo: category === "prescription-ready" ? practice.email : undefined,\n', ""),
    })
    return repo, {"logline": logline, "pharmacy": pharmacy, "base": base, "revert": revert}


# ---------------------------------------------------------------------------

def winston(t, level, message, **meta):
    body = {"level": level, "message": message}
    body.update(meta)
    body["service"] = SERVICE
    body["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def ingress(t, client, method, path, status, size, ua, req_len, rt, upstream, req_id):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {req_len} {rt:.3f} '
            f'[notify-pawprint-notify-80] [] {upstream}:3000 {size} {rt - 0.001:.3f} {status} {req_id}')


# receiving providers: (weight, domains, enforces DMARC reject, delay after the change (s), reject text fn)
def gmail_reason(rng):
    return (f"550 5.7.26 Unauthenticated email from {DOMAIN} is not accepted due to domain's DMARC policy. Please contact the administrator of {DOMAIN} domain if this was a legitimate mail. "
            f"To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection {hexid(rng, 14)}si{rng.randint(1000000, 9999999)}{hexid(rng, 3)}.{rng.randint(100, 999)} - gsmtp")


def outlook_reason(rng, t):
    return (f"550 5.7.509 Access denied, sending domain {DOMAIN.upper()} does not pass DMARC verification and has a DMARC policy of reject. "
            f"[{rng.choice(['AM4PEPF00027A5F', 'DB1PEPF000509E8', 'LO1PEPF00001A4C', 'AMS0EPF000001A3'])}.{rng.choice(['eurprd04', 'eurprd03', 'gbrprd01'])}.prod.outlook.com {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {hexid(rng, 16).upper()}]")


def yahoo_reason(rng, t):
    return "554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes"


def icloud_reason(rng, t):
    return "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137"


PROVIDERS = [
    (38, ["gmail.com", "googlemail.com"], "gmail", 75),
    (17, ["hotmail.co.uk", "outlook.com", "hotmail.com", "live.co.uk", "msn.com"], "outlook", 160),
    (9, ["yahoo.co.uk", "yahoo.com", "aol.com", "ymail.com"], "yahoo", 240),
    (7, ["icloud.com", "me.com"], "icloud", 200),
    (8, ["btinternet.com"], None, 0),
    (6, ["sky.com"], None, 0),
    (4, ["virginmedia.com", "talktalk.net"], None, 0),
    (11, ["nhs.net", "ed.ac.uk", "abdn.ac.uk", "lothian.scot", "fife.gov.uk", "stirlingfarm.co.uk", "kellyandco.co.uk"], None, 0),
]
REVERT_DELAY = {"gmail": 150, "outlook": 260, "yahoo": 290, "icloud": 230}

BACKGROUND = [
    ("gmail", "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser {gid} - gsmtp", "5.1.1", "bounce", "Invalid Address"),
    ("outlook", "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [{mid}.eurprd04.prod.outlook.com]", "5.5.0", "bounce", "Invalid Address"),
    (None, "552 5.2.2 Mailbox full", "5.2.2", "bounce", "Mailbox Unavailable"),
    ("yahoo", "554 delivery error: dd This user doesn't have a yahoo.co.uk account ({user}@yahoo.co.uk) [0] - mta1034.mail.ir2.yahoo.com", "5.0.0", "bounce", "Invalid Address"),
]

FIRST = ["j", "s", "m", "a", "e", "l", "r", "c", "d", "k", "h", "n", "p", "t", "g", "b"]
PRACTICES = list(range(1, 29))


def build_logs(rng, shas):
    app = Log("pawprint-notify.log")
    events = Log("sendgrid-events.log")
    access = Log("ingress-nginx-access.log")
    argo = Log("argocd-application-controller.log")
    audit = Log("cloudflare-audit.log")
    chat = Log("practice-systems.log")
    stats = {"sent": [], "delivered": [], "bounced": [], "dmarc": [], "sms": []}

    pods_old = ["pawprint-notify-5d8f6b7c94-" + hexid(rng, 5) for _ in range(2)]
    pods_mid = ["pawprint-notify-79c4d9b8f6-" + hexid(rng, 5) for _ in range(2)]
    pods_new = ["pawprint-notify-6b7f5c8d4b-" + hexid(rng, 5) for _ in range(2)]
    ips = {p: f"10.60.{rng.randint(1, 20)}.{rng.randint(10, 250)}" for p in pods_old + pods_mid + pods_new}

    def pod_at(t):
        if t < DEPLOY + dt.timedelta(seconds=40):
            return rng.choice(pods_old)
        if t < REVERT_DEPLOY + dt.timedelta(seconds=40):
            return rng.choice(pods_mid)
        return rng.choice(pods_new)

    for pods, t0, sha in ((pods_mid, DEPLOY, shas["base"]), (pods_new, REVERT_DEPLOY, shas["revert"])):
        for i, p in enumerate(pods):
            t = t0 + dt.timedelta(seconds=14 + 19 * i + rng.random())
            app.add(t, winston(t, "info", "pawprint-notify listening", port=3000, version=sha[:7], pod=p))

    def pick_provider():
        total = sum(w for w, *_ in PROVIDERS)
        x = rng.uniform(0, total)
        for w, domains, name, delay in PROVIDERS:
            x -= w
            if x <= 0:
                return rng.choice(domains), name, delay
        return PROVIDERS[-1][1][0], None, 0

    def rejects(name, delay, t):
        if name is None:
            return False
        return DMARC_REJECT + dt.timedelta(seconds=delay) <= t < DMARC_NONE + dt.timedelta(seconds=REVERT_DELAY[name])

    pending = []  # (time, event dict) for the webhook

    def send(t, category, practice, via_api):
        domain, prov, delay = pick_provider()
        user = f"{rng.choice(FIRST)}{'*' * 3}"
        email = f"{user}@{domain}"
        msg_id = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(22))
        template = {"booking-confirmation": "d-4be1c2a7f0e84a51b0f3c6f2a9d81e10", "receipt": "d-09f2d4a1c3b74e6f8a5d2c1b0e9f7a63",
                    "prescription-ready": "d-7a3c9e1f5b2d48c6a0e4f8b1d3c5a792", "appointment-reminder": "d-c2e8a4f6b1d34a9e8c7f0b5a3d2e1f48",
                    "vaccination-due": "d-5f1b3d7e9a2c46e8b0d4f6a8c1e3b5d7"}[category]
        pod = pod_at(t)
        app.add(t, winston(t, "info", "email accepted by SendGrid", category=category, to_domain=domain, sg_message_id=msg_id, template=template, pod=pod))
        stats["sent"].append(t)
        if via_api:
            rid = hexid(rng, 32)
            ta = t + dt.timedelta(milliseconds=rng.randint(4, 15))
            access.add(ta, ingress(ta, f"10.60.0.{rng.randint(2, 9)}", "POST", "/v1/notifications", 202, 58,
                                  "pms-connector/2.14.3 (+https://vetsync.example/pms)", rng.randint(900, 1600), rng.uniform(0.15, 0.32), ips[pod], rid))
        te = t + dt.timedelta(seconds=rng.uniform(2.5, 25))
        smtp_id = f"<{msg_id}@geopod-ismtpd-{rng.randint(1, 60)}>"
        sg_message_id = f"{msg_id}.recvd-{rng.randint(5, 9)}{hexid(rng, 9)}-{hexid(rng, 5)}-{rng.randint(1, 40)}-{hexid(rng, 8).upper()}-{rng.randint(1, 60)}.0"
        ev = {"email": email, "timestamp": int(te.timestamp()), "smtp-id": smtp_id, "category": [category], "sg_event_id": hexid(rng, 22),
              "sg_message_id": sg_message_id, "practice_id": str(practice)}
        if rejects(prov, delay, te):
            reason = {"gmail": lambda: gmail_reason(rng), "outlook": lambda: outlook_reason(rng, te), "yahoo": lambda: yahoo_reason(rng, te), "icloud": lambda: icloud_reason(rng, te)}[prov]()
            status = reason.split()[1]
            ev.update({"event": "bounce", "reason": reason, "status": status, "type": "blocked", "bounce_classification": "Technical", "tls": 1})
            stats["dmarc"].append(te)
        elif rng.random() < 0.012:
            bprov, text, status, typ, cls = rng.choice(BACKGROUND)
            text = text.replace("{gid}", f"{hexid(rng, 14)}si{rng.randint(1000000, 9999999)}").replace("{mid}", f"AM4PEPF0000{hexid(rng, 5).upper()}").replace("{user}", user.rstrip("*") + hexid(rng, 4))
            ev.update({"event": "bounce", "reason": text, "status": status, "type": typ, "bounce_classification": cls, "tls": 1})
        else:
            if rng.random() < 0.01:
                td = te
                ev_d = dict(ev, event="deferred", response="421 4.7.0 Try again later, closing connection.", attempt="1", timestamp=int(td.timestamp()), sg_event_id=hexid(rng, 22))
                pending.append((td, ev_d))
                te = te + dt.timedelta(seconds=rng.uniform(300, 900))
                ev["timestamp"] = int(te.timestamp())
            ev.update({"event": "delivered", "response": f"250 2.0.0 OK  {int(te.timestamp())} {hexid(rng, 14)}", "ip": f"167.89.{rng.randint(0, 127)}.{rng.randint(2, 250)}", "tls": 1})
        pending.append((te, ev))

    # transactional emails from the practices' PMS: confirmations, receipts, pharmacy
    for t in poisson_times(rng, START, END, 1.9):
        cat = rng.choices(["booking-confirmation", "receipt", "prescription-ready"], [55, 25, 20])[0]
        send(t, cat, rng.choice(PRACTICES), True)
    # hourly reminder batches, the vaccination-due batch at 09:00
    for hour in (8, 9, 10, 11):
        t0 = utc(f"2026-11-05 {hour:02d}:00:00") + dt.timedelta(seconds=rng.uniform(0.5, 2))
        n = rng.randint(52, 74)
        jid = rng.randint(88000, 89999)
        app.add(t0, winston(t0, "info", "reminder batch started", appointments=n, job_id=str(jid), pod=pod_at(t0)))
        t = t0
        for _ in range(n):
            t = t + dt.timedelta(seconds=rng.uniform(0.45, 0.6))
            send(t, "appointment-reminder", rng.choice(PRACTICES), False)
        app.add(t + dt.timedelta(seconds=0.3), winston(t + dt.timedelta(seconds=0.3), "info", "reminder batch done", appointments=n, job_id=str(jid), pod=pod_at(t)))
        if hour == 9:
            t1 = t + dt.timedelta(seconds=2)
            m = rng.randint(96, 120)
            app.add(t1, winston(t1, "info", "vaccination-due batch started", patients=m, days_ahead=14, pod=pod_at(t1)))
            for _ in range(m):
                t1 = t1 + dt.timedelta(seconds=rng.uniform(0.45, 0.6))
                send(t1, "vaccination-due", rng.choice(PRACTICES), False)
            app.add(t1 + dt.timedelta(seconds=0.3), winston(t1 + dt.timedelta(seconds=0.3), "info", "vaccination-due batch done", patients=m, pod=pod_at(t1)))

    # the webhook: SendGrid posts batches every few seconds
    pending.sort(key=lambda e: (e[0], e[1]["sg_event_id"]))
    i = 0
    while i < len(pending):
        t_post = pending[i][0] + dt.timedelta(seconds=rng.uniform(1, 6))
        batch = []
        while i < len(pending) and pending[i][0] <= t_post:
            batch.append(pending[i][1])
            i += 1
        if t_post >= END:
            break
        pod = pod_at(t_post)
        for ev in batch:
            events.add(dt.datetime.fromtimestamp(ev["timestamp"], dt.timezone.utc), json.dumps(ev, separators=(",", ":")))
            if ev["event"] == "bounce":
                tt = t_post + dt.timedelta(milliseconds=rng.randint(5, 40))
                app.add(tt, winston(tt, "warn", "email bounced", category=ev["category"][0], to_domain=ev["email"].split("@")[1], sg_message_id=ev["sg_message_id"],
                                    type=ev["type"], status=ev["status"], reason=ev["reason"], classification=ev["bounce_classification"], pod=pod))
                stats["bounced"].append(tt)
                if ev["category"][0] == "appointment-reminder" and rng.random() < 0.78:
                    ts = tt + dt.timedelta(milliseconds=rng.randint(300, 900))
                    app.add(ts, winston(ts, "info", "reminder sent by SMS instead", practice_id=int(ev["practice_id"]), twilio_sid="SM" + hexid(rng, 32), pod=pod))
                    stats["sms"].append(ts)
            elif ev["event"] == "delivered":
                stats["delivered"].append(dt.datetime.fromtimestamp(ev["timestamp"], dt.timezone.utc))
        size = sum(len(json.dumps(e)) for e in batch) + 2
        access.add(t_post, ingress(t_post, f"167.89.{rng.randint(0, 127)}.{rng.randint(2, 250)}", "POST", "/webhooks/sendgrid", 204, 0, "SendGrid Event API",
                                   size + 600, rng.uniform(0.004, 0.03) + 0.002 * len(batch), ips[pod], hexid(rng, 32)))

    # the practices' own PMS reads notification status
    for t in poisson_times(rng, START, END, 0.7):
        pod = pod_at(t)
        access.add(t, ingress(t, f"10.60.0.{rng.randint(2, 9)}", "GET", f"/v1/notifications?practice_id={rng.choice(PRACTICES)}&since=2026-11-05", 200, rng.randint(400, 9000),
                              "pms-connector/2.14.3 (+https://vetsync.example/pms)", 412, rng.uniform(0.01, 0.05), ips[pod], hexid(rng, 32)))

    # ---- Argo CD
    def argo_line(t, level, msg, **extra):
        body = {"application": "argocd/pawprint-notify", "dest-namespace": "notify", "dest-server": "https://kubernetes.default.svc", "level": level, "msg": msg}
        body.update(extra)
        body["time"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        return json.dumps(body, separators=(",", ":"))

    def sync(t, sha, kind="automated"):
        argo.add(t, argo_line(t, "info", f"Initiated {kind} sync to '{sha}'"))
        t2 = t + dt.timedelta(seconds=2)
        argo.add(t2, argo_line(t2, "info", f"Updated sync status: OutOfSync -> Synced", type="Normal", reason="ResourceUpdated"))
        t3 = t + dt.timedelta(seconds=48)
        argo.add(t3, argo_line(t3, "info", f"Updated health status: Progressing -> Healthy", type="Normal", reason="ResourceUpdated"))
    sync(DEPLOY, shas["base"])
    sync(REVERT_DEPLOY, shas["revert"])
    for t in poisson_times(rng, START, END, 1 / 3.0):
        argo.add(t, argo_line(t, "info", "Reconciliation completed", comparison_level=1, dedup_ms=0, diff_ms=rng.randint(1, 9), fields=json.dumps({}), time_ms=rng.randint(20, 90)))

    # ---- Cloudflare audit log
    def cf(t, action, actor, resource_type, meta, old=None, new=None, interface="UI"):
        body = {"id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "action": {"info": "", "result": True, "type": action},
                "actor": {"email": actor, "id": hexid(rng, 32), "ip": "185.44.76.19" if "okafor" in actor else "185.44.76.23", "type": "user"},
                "interface": interface, "metadata": meta}
        if new is not None:
            body["newValue"] = new
        if old is not None:
            body["oldValue"] = old
        body.update({"owner": {"id": "9f2ac41b6e0d4a7c8b1e5d3f6a2c9e07"}, "resource": {"id": hexid(rng, 32), "type": resource_type}, "when": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"})
        audit.add(t, json.dumps(body, separators=(",", ":")))

    def txt(content):
        return json.dumps({"content": content, "ttl": 1, "proxied": False, "type": "TXT", "name": f"_dmarc.{DOMAIN}"}, separators=(",", ":"))
    none_rec = f"v=DMARC1; p=none; rua=mailto:dmarc-reports@{DOMAIN}; fo=1"
    reject_rec = f"v=DMARC1; p=reject; rua=mailto:dmarc-reports@{DOMAIN}; fo=1"
    cf(utc("2026-11-05 08:31:12"), "login", "g.mcleod@pawprintvets.co.uk", "account", {})
    cf(utc("2026-11-05 08:36:40"), "purge", "g.mcleod@pawprintvets.co.uk", "zone", {"zone_name": "pawprintvets.co.uk", "files": 3})
    cf(utc("2026-11-05 09:42:51"), "login", "n.okafor@pawprintvets.co.uk", "account", {})
    cf(DMARC_REJECT, "rec_set", "n.okafor@pawprintvets.co.uk", "DNS_record", {"zone_name": DOMAIN, "zone_id": "6c1e9a4b2d7f48a3b0c5e8d1f4a7b2c6"}, old=txt(none_rec), new=txt(reject_rec))
    cf(utc("2026-11-05 09:45:33"), "rec_set", "n.okafor@pawprintvets.co.uk", "DNS_record", {"zone_name": "pawprint-vets.com", "zone_id": "b4e8a1c7d2f94e6a8c3b5d0f1e7a9c24"},
       old=json.dumps({"content": "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@pawprintvets.co.uk", "ttl": 1, "proxied": False, "type": "TXT", "name": "_dmarc.pawprint-vets.com"}, separators=(",", ":")),
       new=json.dumps({"content": "v=DMARC1; p=reject; rua=mailto:dmarc-reports@pawprintvets.co.uk", "ttl": 1, "proxied": False, "type": "TXT", "name": "_dmarc.pawprint-vets.com"}, separators=(",", ":")))
    cf(utc("2026-11-05 11:03:58"), "login", "n.okafor@pawprintvets.co.uk", "account", {})
    cf(DMARC_NONE, "rec_set", "n.okafor@pawprintvets.co.uk", "DNS_record", {"zone_name": DOMAIN, "zone_id": "6c1e9a4b2d7f48a3b0c5e8d1f4a7b2c6"}, old=txt(reject_rec), new=txt(none_rec))

    # ---- #practice-systems
    def say(t, who, text):
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC <{who}> {text}")
    say(utc("2026-11-05 09:21:30"), "Tomás Herrera", f"pawprint-notify {shas['base'][:7]} is out: prescription-ready emails now come from pharmacy@ and replies go to the practice")
    say(utc("2026-11-05 09:36:10"), "Fiona Baird (Leith pharmacy)", "nice, first reply to a prescription email landed in our inbox")
    say(utc("2026-11-05 10:14:20"), "alertmanager", "[FIRING:1] EmailBounceRateHigh notify/pawprint-notify (bounces 0.61 of SendGrid events over 15m)")
    say(utc("2026-11-05 10:19:05"), "Ruth Kerr (Stockbridge reception)", "client at the desk says the booking confirmation never came, booked by phone at 10:00. A few texts from clients asking about reminders too")
    say(utc("2026-11-05 10:24:40"), "Tomás Herrera", "bounces since ~09:46, gmail/outlook/yahoo/icloud only. The From change for pharmacy emails went out at 09:18, reverting it to rule it out")
    say(utc("2026-11-05 10:34:15"), "Tomás Herrera", "revert synced 10:31, still bouncing, and booking confirmations never changed sender anyway")
    say(utc("2026-11-05 10:46:50"), "Eilidh Ross", "SendGrid status page is all green. Reminders are going out by SMS, 200+ texts so far")
    say(utc("2026-11-05 10:55:30"), "Tomás Herrera", "@it-helpdesk has anything changed on pawprintvets.co.uk DNS or mail setup this morning?")
    say(utc("2026-11-05 11:02:10"), "Nkechi Okafor (IT security)", "looking, we had a planned SEC-114 change this morning. Will update here")
    say(utc("2026-11-05 11:06:00"), "Nkechi Okafor (IT security)", "changed back, TTL is 5 min")
    say(utc("2026-11-05 11:17:30"), "Tomás Herrera", "deliveries normal again since ~11:08. Requeuing the confirmations and receipts that bounced")
    return [app, events, access, argo, audit, chat], stats


def build(out_dir):
    rng = random.Random(20200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = min(stats["dmarc"]).replace(microsecond=0)

        def per_minute(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
            return fn

        metrics = {
            "notify_email_events_per_minute.json": query_range([
                ({"service": SERVICE, "event": "delivered"}, per_minute(stats["delivered"])),
                ({"service": SERVICE, "event": "bounce"}, per_minute(stats["bounced"])),
            ], START, END, 60),
            "notify_sms_fallback_per_minute.json": query_range([({"service": SERVICE}, per_minute(stats["sms"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="dmarc-reject-reminders-none", service=SERVICE, onset=onset,
            description=f"""
Pawprint Vets' clients stop getting emails. From {onset.strftime('%H:%M')} UTC on Thursday 5
November most booking confirmations, receipts, prescription-ready emails
and appointment reminders bounce (the reminders go out as texts instead);
the bounce-rate alert fires at 10:14. pawprint-notify was deployed at
09:18; that change was reverted at 10:31 without effect. Deliveries are
normal again from about 11:08.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"not accepted due to domain.s DMARC policy", r"does not pass DMARC verification"],
            fix_files=[],
            explanation=f"""
Nothing in pawprint-notify's repository caused it. At 09:44 IT security
set the domain's DMARC policy (_dmarc.pawprintvets.co.uk, Cloudflare) from
p=none to p=reject in a planned project. SendGrid was never
domain-authenticated for pawprintvets.co.uk (only for the pre-rebrand
domain), so its messages are signed d=sendgrid.net and bounce to
SendGrid's return path: SPF and DKIM pass but neither aligns with the From
domain, and DMARC fails. Once receivers' caches of the 5-minute record
expire, Gmail ("Unauthenticated email from ... is not accepted due to
domain's DMARC policy"), Microsoft ("does not pass DMARC verification and
has a DMARC policy of reject"), Yahoo and iCloud ("Message not accepted /
rejected ... policy") block every email to their users, about seven in
ten; other domains still deliver. When IT sets p=none again at 11:04 the
bounces stop within minutes. The fix is outside the repository: SendGrid
domain authentication (DKIM CNAMEs, a custom return path) before DMARC is
enforced.
Decoys: the 09:18 release, {int((onset - DEPLOY).total_seconds() // 60)} minutes before the onset, that sends
prescription-ready emails from pharmacy@ with the practice as reply-to
(same domain; booking confirmations and reminders, never changed, bounce
the same) with a Node base image bump, and its revert at 10:31 without
effect; yesterday's commit that logs each bounce's SMTP reason and
classification (every failure line); the @sendgrid/mail bump; the docs
page on email authentication that names SPF, DKIM and DMARC; routine
bounces (unknown users, full mailbox) and deferrals before the onset; the
same security engineer's change to the old brand domain's record a minute
later, which sends nothing.
""",
        )
    finally:
        repo.close()
