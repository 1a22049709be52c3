"""ceremony-api (TypeScript/Node on ECS Fargate, deployed by a GitHub Actions
workflow that registers a task definition and updates the ECS service) of
Quillsign, a SaaS e-signature platform: it serves the signing ceremony
(sign.quillsign.com/s/<token>), mints the signed JWT links that invitation
and reminder emails carry (72 h lifetime), and runs the daily reminder job
(an EventBridge-scheduled ECS task at 14:00 UTC) that emails every signer
of an envelope still pending after 3 days, through Postmark.

On Tuesday 8 December at 07:41 UTC SIGN-1184 ("reminders reuse the
envelope's signing link instead of minting a new one") ships in the 08:30
deploy, whose image and start lines name a later test commit. Until then
each reminder minted a fresh 72 h link; now it reuses the link stored with
the signer at invitation time. Nothing shows until the 14:00 reminder run:
every reminded signer's envelope is at least 3 days old, so almost every
reminder carries a link whose exp has passed, and from 14:02 signers who
click a reminder get "This link has expired" (410; jose's JWTExpired
'"exp" claim timestamp check failed').

At 13:30 a second deploy ships a reminder batching config change
(SIGN-1191, Postmark broadcast stream), a jose bump and a commit that logs
rejected links as "signing link rejected: token expired" with the token's
age and the link's source. The on-call rolls the service back to the 08:30
task definition at 14:19 (the rejected-link line goes back to the old
"invalid signing link" wording), without effect. At 14:41 the team finds
that every rejected link has source=reminder and a token 3-9 days old;
the reminder job is paused at 14:46, support re-sends fresh links from
14:58, the 13:30 release is rolled forward again at 15:21.

Sources: api (pino JSON), reminder worker (pino JSON), ALB access log,
GitHub Actions deploy job logs, ECS service events (JSON), Postmark
webhook events (JSON), CloudWatch alarm notifications (JSON), #sign-oncall
(chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "ceremony-api"
START, END = utc("2026-12-08 07:50:00"), utc("2026-12-08 16:05:00")
DEPLOY_AM = utc("2026-12-08 08:29:41")
DEPLOY_PM = utc("2026-12-08 13:30:12")
REMINDER_RUN = utc("2026-12-08 14:00:00")
ROLLBACK = utc("2026-12-08 14:18:50")
PAUSE = utc("2026-12-08 14:46:20")
RESEND = utc("2026-12-08 14:58:05")
ROLLFORWARD = utc("2026-12-08 15:21:30")

# ---------------------------------------------------------------------------
# the repository

REMINDER_JOB = '''import { config } from "../config";
import { db } from "../db";
import { mintSigningLink } from "../links/signingLinks";
import { postmark } from "../email/postmark";
import { logger } from "../logger";

// Runs once a day (EventBridge schedule "cron(0 14 * * ? *)"): every signer
// of an envelope that is still pending after reminderAfterDays gets an email
// with a link to the ceremony.
export async function runReminders(now = new Date()): Promise<void> {
  const due = await db.signers.pendingReminders(now, config.reminders.afterDays, config.reminders.everyDays);
  logger.info({ due: due.length }, "reminder run started");
  for (const signer of due) {
    const link = await mintSigningLink(signer.envelopeId, signer.id, { source: "reminder" });
    await postmark.sendTemplate("signing-reminder", signer.email, { link, sender: signer.senderName, subject: signer.documentTitle });
    await db.signers.markReminded(signer.id, now);
  }
  logger.info({ sent: due.length }, "reminder run finished");
}
'''

SIGNING_LINKS = '''import { SignJWT } from "jose";
import { config } from "../config";
import { db } from "../db";

const LIFETIME_S = 72 * 3600;

// A signing link is a JWT (HS256, 72 h) naming the envelope and the signer.
// The first one is stored with the signer when the invitation is sent.
export async function mintSigningLink(envelopeId: string, signerId: string, opts: { source: string }): Promise<string> {
  const token = await new SignJWT({ env: envelopeId, sgn: signerId, src: opts.source })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_S}s`)
    .sign(config.links.key);
  await db.signers.recordLinkIssued(signerId, opts.source);
  return `${config.links.baseUrl}/s/${token}?utm_source=${opts.source}`;
}
'''

VERIFY_LINK = '''import { jwtVerify } from "jose";
import { config } from "../config";
import { logger } from "../logger";

export async function verifySigningLink(token: string) {
  try {
    const { payload } = await jwtVerify(token, config.links.key, { algorithms: ["HS256"] });
    return payload;
  } catch (err) {
    logger.warn({ err }, "invalid signing link");
    throw new LinkGone();
  }
}

export class LinkGone extends Error {
  status = 410;
}
'''

CONFIG_JSON = '''{
  "links": { "baseUrl": "https://sign.quillsign.com", "lifetimeHours": 72 },
  "reminders": { "afterDays": 3, "everyDays": 3, "stream": "outbound" },
  "ceremony": { "sessionMinutes": 30, "maxUploadMb": 25 },
  "webhooks": { "queue": "envelope-events" }
}
'''

WORKFLOW = '''name: deploy
on:
  workflow_dispatch:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "arn:aws:iam::418812093377:role/gha-deploy-ceremony-api", aws-region: eu-central-1 }
      - uses: aws-actions/amazon-ecr-login@v2
      - run: docker build -t $ECR/ceremony-api:${GITHUB_SHA::12} . && docker push $ECR/ceremony-api:${GITHUB_SHA::12}
      - uses: aws-actions/amazon-ecs-render-task-definition@v1
        id: render
        with: { task-definition: deploy/taskdef.json, container-name: api, image: "${{ env.ECR }}/ceremony-api:${{ github.sha }}" }
      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2
        with: { task-definition: "${{ steps.render.outputs.task-definition }}", service: ceremony-api, cluster: sign-prod, wait-for-service-stability: true }
'''


def build_repo():
    lena = Person("Lena Vogt", "lena.vogt@quillsign.com", 60)
    marcus = Person("Marcus Reid", "marcus.reid@quillsign.com", -300)
    priya = Person("Priya Raman", "priya.raman@quillsign.com", 330)
    tomas = Person("Tomás Ferreira", "tomas.ferreira@quillsign.com", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# ceremony-api\n\nThe signing ceremony (sign.quillsign.com/s/<token>), signing links and the\ndaily reminder job.\n\n```\nnpm ci && npm run dev\n```\n\nMerges to `main` are deployed to ECS (cluster sign-prod) by `.github/workflows/deploy.yml`.\n",
        "docs/runbook.md": runbook("ceremony-api", [
            ("SigningLink4xx", "410s on /s/<token> over 2% of ceremony requests. Expired links are\nnormal for old invitations; look at the link's source and age."),
            ("ReminderRunFailed", "The 14:00 reminder task exited non-zero: aws ecs list-tasks --family ceremony-reminders."),
        ]),
        "package.json": '{\n  "name": "ceremony-api",\n  "private": true,\n  "scripts": { "build": "tsc", "test": "vitest run" },\n  "dependencies": {\n    "fastify": "4.28.1",\n    "jose": "5.9.3",\n    "pino": "9.5.0",\n    "postmark": "4.0.5",\n    "pg": "8.13.1"\n  },\n  "devDependencies": { "typescript": "5.6.3", "vitest": "2.1.5" }\n}\n',
        "src/config.ts": 'import raw from "../config/production.json";\n\nexport const config = { ...raw, links: { ...raw.links, key: new TextEncoder().encode(process.env.LINK_SIGNING_KEY) } };\n',
        "config/production.json": CONFIG_JSON,
        "src/reminders/reminderJob.ts": REMINDER_JOB,
        "src/links/signingLinks.ts": SIGNING_LINKS,
        "src/links/verifyLink.ts": VERIFY_LINK,
        "src/ceremony/routes.ts": 'import { verifySigningLink } from "../links/verifyLink";\n\n// GET /s/:token opens the ceremony; POST /s/:token/sign applies a signature.\nexport function routes(app) {\n  app.get("/s/:token", async (req) => openCeremony(await verifySigningLink(req.params.token)));\n}\n',
        "src/webhooks/events.ts": 'export const EVENTS = ["envelope.sent", "recipient.viewed", "recipient.signed", "envelope.completed", "envelope.declined"] as const;\n',
        "deploy/taskdef.json": '{\n  "family": "ceremony-api",\n  "cpu": "1024",\n  "memory": "2048",\n  "containerDefinitions": [{ "name": "api", "portMappings": [{ "containerPort": 8080 }] }]\n}\n',
        ".github/workflows/deploy.yml": WORKFLOW,
        "Dockerfile": "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/server.js\"]\n",
    }
    repo.commit(utc("2026-12-02 09:20:00"), lena, "ceremony-api: ceremony, signing links, reminder job, ECS deploy", files)
    repo.schedule(chores(random.Random(35101), SERVICE, [priya, tomas, marcus], utc("2026-12-02 10:00:00"), utc("2026-12-07 17:00:00"), 4))
    repo.commit(utc("2026-12-03 10:12:00"), priya, "reminders: localised subject lines (SIGN-1150)", {
        "src/reminders/reminderJob.ts": repo.edit("src/reminders/reminderJob.ts", "subject: signer.documentTitle", "subject: localise(signer.locale, \"reminder.subject\", signer.documentTitle)"),
    })
    repo.commit(utc("2026-12-04 15:40:00"), marcus, "webhooks: envelope.reminded event for customers' callbacks (SIGN-1162)", {
        "src/webhooks/events.ts": 'export const EVENTS = ["envelope.sent", "envelope.reminded", "recipient.viewed", "recipient.signed", "envelope.completed", "envelope.declined"] as const;\n',
    })
    repo.commit(utc("2026-12-07 11:25:00"), priya, "ceremony: keep the session 45 min for long documents (SIGN-1177)", {
        "config/production.json": repo.edit("config/production.json", '"sessionMinutes": 30', '"sessionMinutes": 45'),
    })
    culprit = repo.commit(utc("2026-12-08 07:41:00"), lena, "reminders: reuse the envelope's signing link instead of minting a new one (SIGN-1184)\n\nEvery reminder minted a new link, so a signer reminded twice had three\nlive links and the audit trail certificate listed three link issuances.\nReminders now send the link stored with the signer at invitation.", {
        "src/reminders/reminderJob.ts": repo.edit("src/reminders/reminderJob.ts",
            '    const link = await mintSigningLink(signer.envelopeId, signer.id, { source: "reminder" });\n',
            '    // Reuse the link of the invitation: one link per signer (SIGN-1184).\n    const link = signer.signingLink ?? (await mintSigningLink(signer.envelopeId, signer.id, { source: "reminder" }));\n'),
        "src/links/signingLinks.ts": repo.edit("src/links/signingLinks.ts", "// The first one is stored with the signer when the invitation is sent.\n",
            "// The first one is stored with the signer when the invitation is sent and\n// reused by reminders (SIGN-1184).\n").replace(
            "  await db.signers.recordLinkIssued(signerId, opts.source);\n  return `${config.links.baseUrl}/s/${token}?utm_source=${opts.source}`;\n",
            "  const link = `${config.links.baseUrl}/s/${token}?utm_source=${opts.source}`;\n  await db.signers.recordLinkIssued(signerId, opts.source, link);\n  return link;\n"),
    })
    am_head = repo.commit(utc("2026-12-08 08:05:00"), lena, "test: a reminder carries the signer's stored link", {
        "test/reminders.test.ts": 'import { describe, it, expect } from "vitest";\nimport { runReminders } from "../src/reminders/reminderJob";\n\ndescribe("reminders", () => {\n  it("sends the stored link", async () => {\n    const sent = await withFakes(() => runReminders(new Date("2026-12-01T14:00:00Z")));\n    expect(sent[0].link).toBe("https://sign.quillsign.com/s/stored?utm_source=invite");\n  });\n});\n',
    })
    repo.commit(utc("2026-12-08 09:50:00"), bot, "build(deps): bump jose from 5.9.3 to 5.9.6", {
        "package.json": repo.edit("package.json", '"jose": "5.9.3"', '"jose": "5.9.6"'),
    })
    repo.commit(utc("2026-12-08 11:05:00"), tomas, "links: log rejected signing links with reason, source and token age (SIGN-1179)\n\nSupport cannot tell an expired invitation from a tampered link.", {
        "src/links/verifyLink.ts": repo.edit("src/links/verifyLink.ts", '    logger.warn({ err }, "invalid signing link");\n',
            '    const claims = decodeJwt(token);\n    const reason = err.code === "ERR_JWT_EXPIRED" ? "token expired" : "bad signature";\n    logger.warn({ err, source: claims.src, envelope: claims.env, token_age_h: ageHours(claims.iat) }, `signing link rejected: ${reason}`);\n').replace(
            'import { jwtVerify } from "jose";', 'import { decodeJwt, jwtVerify } from "jose";'),
    })
    pm_head = repo.commit(utc("2026-12-08 13:04:00"), marcus, "config: send reminders in batches of 200 at 5/s on Postmark's broadcast stream (SIGN-1191)\n\nThe 14:00 run (2,400 emails) hit Postmark's rate limit on the\ntransactional stream and delayed invitations.", {
        "config/production.json": repo.edit("config/production.json", '"reminders": { "afterDays": 3, "everyDays": 3, "stream": "outbound" }',
                                            '"reminders": { "afterDays": 3, "everyDays": 3, "stream": "broadcast", "batchSize": 200, "perSecond": 5 }'),
        "src/email/postmark.ts": 'import { ServerClient } from "postmark";\nimport { config } from "../config";\n\nexport const postmark = new ServerClient(process.env.POSTMARK_TOKEN);\nexport const reminderStream = config.reminders.stream;\n',
    })
    return repo, culprit, am_head, pm_head


# ---------------------------------------------------------------------------
# logs

API_HOSTS = ["ip-10-40-12-87", "ip-10-40-13-152", "ip-10-40-14-21"]
CUSTOMERS = ["Hartwell Legal", "Brightmoor Realty", "Oakfield HR", "Nordvik Leasing", "Castellan Insurance", "Pinecrest Clinics", "Ardent Staffing"]
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"]


def iso(t, digits=3):
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}"[:digits] + "Z"


def build_logs(rng, culprit, am_head, pm_head):
    api, worker, alb, gha, ecs, pm, alarms, chat = (
        Log("ceremony-api.log"), Log("reminder-worker.log"), Log("alb-access.log"), Log("github-actions-deploy.log"),
        Log("ecs-service-events.log"), Log("postmark-events.log"), Log("cloudwatch-alarms.log"), Log("chat.log"))
    rejections, stats = [], {"ok": [], "gone": []}
    # (from, version, sha, task definition revision, new log line?)
    versions = [(START, "2026.12.07-2", "5c1e07a9d3b2", 210, False), (DEPLOY_AM, "2026.12.08-1", am_head[:12], 211, False),
                (DEPLOY_PM, "2026.12.08-2", pm_head[:12], 212, True), (ROLLBACK, "2026.12.08-1", am_head[:12], 211, False),
                (ROLLFORWARD, "2026.12.08-2", pm_head[:12], 212, True)]

    def version(t):
        cur = versions[0]
        for v in versions:
            if v[0] + dt.timedelta(seconds=95) <= t:
                cur = v
        return cur

    # --- deploys: GitHub Actions job logs, ECS events, start lines
    def gh(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    for when, ver, sha, rev, _ in versions[1:]:
        if when == ROLLBACK:
            ecs.add(when, json.dumps({"time": iso(when), "source": "aws.cloudtrail", "eventName": "UpdateService", "userIdentity": "arn:aws:sts::418812093377:assumed-role/oncall-admin/marcus.reid", "service": "ceremony-api", "cluster": "sign-prod", "taskDefinition": f"ceremony-api:{rev}"}))
        else:
            run = 12288400 + rev * 13
            seq = [(0, f"Requested labels: ubuntu-24.04"), (0.4, f"Job defined at: quillsign/ceremony-api/.github/workflows/deploy.yml@refs/heads/main"),
                   (1.2, "##[group]Run actions/checkout@v4"), (3.1, f"HEAD is now at {sha[:7]} " + ("test: a reminder carries the signer's stored link" if sha == am_head[:12] else "config: send reminders in batches of 200 at 5/s on Postmark's broadcast stream (SIGN-1191)")),
                   (3.2, "##[endgroup]"), (9.8, "##[group]Run aws-actions/amazon-ecr-login@v2"), (11.0, "Logged into 418812093377.dkr.ecr.eu-central-1.amazonaws.com"),
                   (11.1, "##[endgroup]"), (12.0, f"##[group]Run docker build -t $ECR/ceremony-api:{sha} . && docker push $ECR/ceremony-api:{sha}"),
                   (71.5, f"{sha}: digest: sha256:{hexid(rng, 64)} size: 2203"), (71.6, "##[endgroup]"),
                   (72.4, "##[group]Run aws-actions/amazon-ecs-deploy-task-definition@v2"),
                   (74.0, f"Deployment started. Watch this deployment's progress in the Amazon ECS console: https://console.aws.amazon.com/ecs/v2/clusters/sign-prod/services/ceremony-api/events?region=eu-central-1"),
                   (74.1, f"Registered task definition ceremony-api:{rev} (image 418812093377.dkr.ecr.eu-central-1.amazonaws.com/ceremony-api:{sha})"),
                   (74.2, "Updated service ceremony-api in cluster sign-prod. Waiting for the service to become stable."),
                   (262.0, "Service ceremony-api is stable."), (262.1, "##[endgroup]")]
            for s, text in seq:
                gh(when - dt.timedelta(seconds=74) + dt.timedelta(seconds=s), text)
        ecs.add(when + dt.timedelta(seconds=3), json.dumps({"createdAt": iso(when + dt.timedelta(seconds=3)), "service": "ceremony-api", "message": f"(service ceremony-api) has started 3 tasks: (task {hexid(rng, 32)}) (task {hexid(rng, 32)}) (task {hexid(rng, 32)})."}))
        for i, host in enumerate(API_HOSTS):
            t = when + dt.timedelta(seconds=40 + i * 7 + rng.random())
            api.add(t, pino(t, "info", "ceremony-api listening", pid=1, hostname=host, version=ver, commit=sha, port=8080, node="v20.18.1"))
        ecs.add(when + dt.timedelta(seconds=70), json.dumps({"createdAt": iso(when + dt.timedelta(seconds=70)), "service": "ceremony-api", "message": f"(service ceremony-api) registered 3 targets in (target-group arn:aws:elasticloadbalancing:eu-central-1:418812093377:targetgroup/ceremony-api/6e2f0a91c4d7b3e8)"}))
        ecs.add(when + dt.timedelta(seconds=150), json.dumps({"createdAt": iso(when + dt.timedelta(seconds=150)), "service": "ceremony-api", "message": "(service ceremony-api) has stopped 3 running tasks: (task " + hexid(rng, 32) + ") (task " + hexid(rng, 32) + ") (task " + hexid(rng, 32) + ")."}))
        ecs.add(when + dt.timedelta(seconds=190), json.dumps({"createdAt": iso(when + dt.timedelta(seconds=190)), "service": "ceremony-api", "message": f"(service ceremony-api) has reached a steady state."}))
        ecs.add(when + dt.timedelta(seconds=190, milliseconds=40), json.dumps({"createdAt": iso(when + dt.timedelta(seconds=190, milliseconds=40)), "service": "ceremony-api", "message": f"(service ceremony-api) (deployment ecs-svc/{rng.randint(10**18, 10**19)}) deployment completed."}))
    t = START + dt.timedelta(minutes=7)
    while t < END:
        ecs.add(t, json.dumps({"createdAt": iso(t), "service": "ceremony-api", "message": "(service ceremony-api) has reached a steady state."}))
        t += dt.timedelta(hours=6, minutes=0)

    # --- ceremony traffic: opens, signatures, rejections
    def reject(t, source, age_h, rtype="expired"):
        host = rng.choice(API_HOSTS)
        ver = version(t)
        env = f"env_{hexid(rng, 10)}"
        rid = f"req-{hexid(rng, 6)}"
        if rtype == "expired":
            err = {"type": "JWTExpired", "message": '"exp" claim timestamp check failed', "code": "ERR_JWT_EXPIRED", "claim": "exp", "reason": "check_failed"}
        else:
            err = {"type": "JWSSignatureVerificationFailed", "message": "signature verification failed", "code": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"}
        if ver[4]:
            api.add(t, pino(t, "warn", f"signing link rejected: {'token expired' if rtype == 'expired' else 'bad signature'}", pid=1, hostname=host, reqId=rid, err=err, source=source, envelope=env, token_age_h=age_h))
        else:
            api.add(t, pino(t, "warn", "invalid signing link", pid=1, hostname=host, reqId=rid, err=err))
        api.add(t + dt.timedelta(milliseconds=3), pino(t + dt.timedelta(milliseconds=3), "info", "request completed", pid=1, hostname=host, reqId=rid, res={"statusCode": 410}, responseTime=round(rng.uniform(2, 9), 1)))
        alb_line(t, "GET", f"/s/{hexid(rng, 6)}…?utm_source={source}", 410, rng.uniform(0.002, 0.01))
        stats["gone"].append(t)

    def alb_line(t, method, path, status, took):
        client = f"{rng.choice([73, 98, 174, 24, 71, 86, 92, 151])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:{rng.randint(1024, 65000)}"
        target = f"10.40.{rng.choice([12, 13, 14])}.{rng.randint(2, 250)}:8080"
        start = t - dt.timedelta(seconds=took)
        alb.add(t, f'h2 {iso(t, 6)} app/sign-prod-alb/50dc6c495c0c9188 {client} {target} 0.000 {took:.3f} 0.000 {status} {status} {rng.randint(300, 900)} {rng.randint(900, 48000) if status == 200 else 231} '
                   f'"{method} https://sign.quillsign.com:443{path} HTTP/2.0" "{rng.choice(UAS)}" TLS_AES_128_GCM_SHA256 TLSv1.3 '
                   f'arn:aws:elasticloadbalancing:eu-central-1:418812093377:targetgroup/ceremony-api/6e2f0a91c4d7b3e8 "Root=1-{hexid(rng, 8)}-{hexid(rng, 24)}" "sign.quillsign.com" '
                   f'"arn:aws:acm:eu-central-1:418812093377:certificate/7b1d3c2e-91aa-4c0e-8f55-2d7e4f6a9c10" 0 {iso(start, 6)} "forward" "-" "-" "{target}" "{status}" "-" "-"')

    for w in poisson_times(rng, START, END, 4.5):
        host = rng.choice(API_HOSTS)
        k = rng.random()
        if k < 0.55:
            path, msg, took = f"/s/{hexid(rng, 6)}…?utm_source={rng.choice(['invite', 'invite', 'invite', 'reminder'])}", "ceremony opened", rng.uniform(0.03, 0.2)
        elif k < 0.85:
            path, msg, took = f"/s/{hexid(rng, 6)}…/sign", "signature applied", rng.uniform(0.08, 0.6)
        else:
            path, msg, took = f"/s/{hexid(rng, 6)}…/documents/{rng.randint(1, 4)}/pages/{rng.randint(1, 12)}.png", None, rng.uniform(0.01, 0.09)
        if msg:
            api.add(w, pino(w, "info", msg, pid=1, hostname=host, reqId=f"req-{hexid(rng, 6)}", envelope=f"env_{hexid(rng, 10)}", customer=rng.choice(CUSTOMERS)))
            stats["ok"].append(w)
        alb_line(w, "POST" if path.endswith("/sign") else "GET", path, 200, took)
    # old invitations and the odd tampered link, all day
    for w in poisson_times(rng, START, END, 0.22):
        reject(w, "invite", rng.randint(73, 400))
    for w in poisson_times(rng, START, END, 0.02):
        reject(w, rng.choice(["invite", "reminder"]), rng.randint(1, 60), "signature")
    # yesterday's (healthy) reminders still being clicked now and then: fresh links, no rejection
    # routine warnings and errors
    for w in poisson_times(rng, START, END, 0.05):
        api.add(w, pino(w, "warn", "upload rejected: file exceeds 25 MB", pid=1, hostname=rng.choice(API_HOSTS), reqId=f"req-{hexid(rng, 6)}", size_mb=round(rng.uniform(25.2, 80), 1), customer=rng.choice(CUSTOMERS)))
    for w in poisson_times(rng, START, END, 0.012):
        api.add(w, pino(w, "error", "audit trail certificate render retried", pid=1, hostname=rng.choice(API_HOSTS), envelope=f"env_{hexid(rng, 10)}", err={"type": "Error", "message": "socket hang up", "code": "ECONNRESET"}, attempt=1))
    for w in poisson_times(rng, START, END, 0.03):
        api.add(w, pino(w, "warn", "webhook callback slow", pid=1, hostname=rng.choice(API_HOSTS), customer=rng.choice(CUSTOMERS), event="recipient.signed", took_ms=rng.randint(5000, 9500)))

    # --- the reminder run at 14:00 (task from the 13:30 release: batches on broadcast)
    due = 2412
    run_host = "ip-10-40-15-203"
    t = REMINDER_RUN + dt.timedelta(seconds=38)
    worker.add(t, pino(t, "info", "ceremony-reminders starting", pid=1, hostname=run_host, version="2026.12.08-2", commit=pm_head[:12], taskDefinition="ceremony-reminders:98"))
    t += dt.timedelta(seconds=2)
    worker.add(t, pino(t, "info", "reminder run started", pid=1, hostname=run_host, due=due, afterDays=3, everyDays=3))
    sent_times = []
    batches = (due + 199) // 200
    for b in range(batches):
        n = min(200, due - b * 200)
        for i in range(n):
            sent_times.append(t + dt.timedelta(seconds=i / 5.0))
        t += dt.timedelta(seconds=n / 5.0)
        worker.add(t, pino(t, "info", "reminder batch sent", pid=1, hostname=run_host, batch=f"{b + 1}/{batches}", count=n, stream="broadcast", postmark_ms=rng.randint(400, 1400)))
        if rng.random() < 0.35:
            worker.add(t, pino(t, "warn", "postmark rejected recipient", pid=1, hostname=run_host, error_code=406, message="You tried to send to recipient(s) that have been marked as inactive.", count=rng.randint(1, 3)))
    worker.add(t + dt.timedelta(seconds=1), pino(t + dt.timedelta(seconds=1), "info", "reminder run finished", pid=1, hostname=run_host, sent=due - 9, inactive=9, took_s=int((t - REMINDER_RUN).total_seconds())))
    # the scheduler's other daily jobs
    for stamp, job in (("2026-12-08 08:00:00", "expire-envelopes"), ("2026-12-08 12:00:00", "purge-drafts"), ("2026-12-08 16:00:00", "expire-envelopes")):
        w = utc(stamp) + dt.timedelta(seconds=35)
        if w < END:
            worker.add(w, pino(w, "info", f"{job} run finished", pid=1, hostname="ip-10-40-15-77", affected=rng.randint(3, 140)))
    worker.add(PAUSE, pino(PAUSE, "warn", "reminder schedule disabled", pid=1, hostname="ops-console", by="lena.vogt", rule="ceremony-reminders-daily"))
    # support re-sends fresh links (minted now, source=resend) from 14:58
    t = RESEND
    resent = 0
    while resent < 2300:
        t += dt.timedelta(seconds=40)
        resent += 250
        worker.add(t, pino(t, "info", "resend signing links batch", pid=1, hostname="ip-10-40-15-77", count=250, requested_by="support:dana.okafor", source="resend"))
    resend_done = t

    # --- Postmark events (sampled) and clicks on the reminders
    for w in poisson_times(rng, START, END, 1.5):
        tag = rng.choice(["invitation", "invitation", "completed", "reminder-yesterday"])
        pm.add(w, json.dumps({"RecordType": "Delivery", "ServerID": 118802, "MessageStream": "outbound", "MessageID": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "Recipient": f"{hexid(rng, 5)}@{rng.choice(['gmail.com', 'outlook.com', 'hartwell-legal.com', 'oakfieldhr.co.uk'])}", "Tag": tag, "DeliveredAt": iso(w)}))
    for w in poisson_times(rng, START, END, 0.04):
        pm.add(w, json.dumps({"RecordType": "Bounce", "ServerID": 118802, "MessageStream": "outbound", "Type": "HardBounce", "TypeCode": 1, "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).", "Tag": "invitation", "BouncedAt": iso(w)}))
    for s in sent_times[::8]:
        w = s + dt.timedelta(seconds=rng.randint(3, 40))
        pm.add(w, json.dumps({"RecordType": "Delivery", "ServerID": 118802, "MessageStream": "broadcast", "MessageID": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "Recipient": f"{hexid(rng, 5)}@{rng.choice(['gmail.com', 'outlook.com', 'yahoo.com', 'brightmoor.com'])}", "Tag": "reminder", "DeliveredAt": iso(w)}))
    for s in sent_times:
        if rng.random() < 0.3:
            w = s + dt.timedelta(seconds=rng.lognormvariate(6.8, 0.9))
            if w >= END:
                continue
            if rng.random() < 0.96:
                reject(w, "reminder", rng.randint(73, 220))
            else:
                reject(w, "reminder", rng.randint(1, 60), "signature")
            rejections.append(w)
            if rng.random() < 0.12:
                pm.add(w - dt.timedelta(milliseconds=300), json.dumps({"RecordType": "Click", "ServerID": 118802, "MessageStream": "broadcast", "Tag": "reminder", "ClickLocation": "HTML", "OriginalLink": "https://sign.quillsign.com/s/…?utm_source=reminder", "ReceivedAt": iso(w - dt.timedelta(milliseconds=300))}))
    # fresh links from the resend work
    for w in poisson_times(rng, RESEND + dt.timedelta(minutes=1), END, 4.0):
        host = rng.choice(API_HOSTS)
        api.add(w, pino(w, "info", "ceremony opened", pid=1, hostname=host, reqId=f"req-{hexid(rng, 6)}", envelope=f"env_{hexid(rng, 10)}", customer=rng.choice(CUSTOMERS)))
        alb_line(w, "GET", f"/s/{hexid(rng, 6)}…?utm_source=resend", 200, rng.uniform(0.03, 0.2))
        stats["ok"].append(w)

    # --- CloudWatch alarms (SNS notifications)
    first = min(rejections)
    for when, name, state, reason in ((utc("2026-12-08 14:11:02"), "ceremony-api-410-ratio", "ALARM", "Threshold Crossed: 1 out of the last 1 datapoints [6.82 (08/12/26 14:10:00)] was greater than the threshold (2.0)."),
                                      (utc("2026-12-08 15:44:02"), "ceremony-api-410-ratio", "OK", "Threshold Crossed: 1 out of the last 1 datapoints [1.71 (08/12/26 15:43:00)] was not greater than the threshold (2.0)."),
                                      (utc("2026-12-08 09:12:02"), "ceremony-api-p99-latency", "ALARM", "Threshold Crossed: 1 out of the last 3 datapoints [2.41 (08/12/26 09:11:00)] was greater than the threshold (2.0)."),
                                      (utc("2026-12-08 09:17:02"), "ceremony-api-p99-latency", "OK", "Threshold Crossed: 3 out of the last 3 datapoints [0.62 (08/12/26 09:16:00)] were not greater than the threshold (2.0).")):
        alarms.add(when, json.dumps({"Type": "Notification", "Timestamp": iso(when), "Subject": f'{state}: "{name}" in EU (Frankfurt)', "Message": {"AlarmName": name, "NewStateValue": state, "NewStateReason": reason, "StateChangeTime": iso(when)}}, ensure_ascii=False))

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] #sign-oncall <{who}> {text}")

    say("2026-12-08 08:26:10", "Lena Vogt", f"deploying ceremony-api main ({am_head[:7]}): SIGN-1184 reminders reuse the signer's link + a test")
    say("2026-12-08 08:36:40", "Lena Vogt", "2026.12.08-1 out, ceremony looks fine")
    say("2026-12-08 09:13:30", "Priya Raman", "p99 alarm was a slow page render for a 300-page lease, cleared by itself")
    say("2026-12-08 13:27:55", "Marcus Reid", f"deploying {pm_head[:7]}: reminder batching on the broadcast stream (SIGN-1191), jose 5.9.6, rejected-link logging (SIGN-1179)")
    say("2026-12-08 13:35:20", "Marcus Reid", "2026.12.08-2 out")
    say("2026-12-08 14:03:15", "Marcus Reid", "reminder run done in 8 min instead of the usual 20, batching works")
    say("2026-12-08 14:11:30", "aws-chatbot", 'ALARM: "ceremony-api-410-ratio" in EU (Frankfurt): 6.82 > 2.0')
    say("2026-12-08 14:13:05", "Marcus Reid", "lots of 'signing link rejected: token expired' since ~14:02. the 13:30 release has the jose bump, which verifies the links. rolling back to ceremony-api:211")
    say("2026-12-08 14:19:40", "Marcus Reid", "rolled back to :211 (2026.12.08-1)")
    say("2026-12-08 14:24:10", "Dana Okafor (support)", "Hartwell Legal and Brightmoor: signers say the reminder email they just got opens 'This link has expired'. 9 tickets so far")
    say("2026-12-08 14:27:45", "Marcus Reid", "still 410s after the rollback, now logged as 'invalid signing link' with JWTExpired. so not jose")
    say("2026-12-08 14:34:30", "Tomás Ferreira", "from the lines before the rollback: every new rejection is source=reminder, token_age_h 73-220. the reminders carry old tokens")
    say("2026-12-08 14:41:15", "Lena Vogt", "that's SIGN-1184 from this morning: reminders reuse the link stored at invitation, and that one expires after 72h. every reminded envelope is >= 3 days old. sorry")
    say("2026-12-08 14:46:40", "Lena Vogt", "disabled the ceremony-reminders-daily schedule so tomorrow's run doesn't do it again. revert PR up, will ship after review")
    say("2026-12-08 14:52:00", "Dana Okafor (support)", "can we re-send to today's 2,400?")
    say("2026-12-08 14:57:30", "Lena Vogt", "yes, admin > bulk resend mints fresh links. starting it for today's reminded signers")
    say(resend_done.strftime("%Y-%m-%d %H:%M:%S"), "Dana Okafor (support)", "resend done, signers confirm the new links work")
    say("2026-12-08 15:19:50", "Marcus Reid", "rolling forward to :212 again, the 13:30 release was never it")
    say("2026-12-08 15:46:00", "Marcus Reid", "410 alarm OK. remaining rejections are people clicking the 14:00 emails")
    return [api, worker, alb, gha, ecs, pm, alarms, chat], rejections, stats


def build(out_dir):
    rng = random.Random(35100)
    repo, culprit, am_head, pm_head = build_repo()
    try:
        logs, rejections, stats = build_logs(rng, culprit, am_head, pm_head)
        onset = min(rejections).replace(microsecond=0)
        assert utc("2026-12-08 14:01:00") <= onset <= utc("2026-12-08 14:05:00"), onset

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"ceremony_responses.json": query_range([
            ({"service": "ceremony-api", "code": "410"}, per_min(stats["gone"])),
            ({"service": "ceremony-api", "code": "2xx"}, per_min(stats["ok"])),
        ], utc("2026-12-08 12:00:00"), END, 60)}
        hours = (onset - utc("2026-12-08 07:41:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r35-reminder-link-reuse", service=SERVICE, onset=onset,
            description=f"""
Quillsign's signers start getting "This link has expired" from their
reminder emails on Tuesday 8 December from {onset.strftime('%H:%M:%S')} UTC, two minutes
after the daily 14:00 reminder run: ceremony-api answers 410 to almost
every reminder link (about 700 signers before support re-sends fresh
links from 14:58). A release with a reminder batching change, a jose
bump and new rejected-link logging had gone out at 13:30; rolling it
back at 14:19 changed nothing but the wording of the rejection line.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[
                r"signing link rejected: token expired",
                r'claim timestamp check failed',
            ],
            fix_files=["src/reminders/reminderJob.ts"],
            explanation=f"""
The culprit is SIGN-1184 ("reminders: reuse the envelope's signing link
instead of minting a new one"), committed at 07:41 UTC and deployed at
08:30, {hours:.1f} hours before the onset, in a release whose image tag,
GitHub Actions checkout and start lines name the test commit after it.
Reminders used to mint a fresh 72 h link; now they send the link stored
at invitation. The reminder job only runs at 14:00 and only reminds
signers of envelopes pending for at least 3 days, so from the first run
after the deploy nearly every reminder carries an expired JWT: the
signers' clicks are rejected as "signing link rejected: token expired"
(jose JWTExpired, '"exp" claim timestamp check failed') with
source=reminder and token_age_h 73-220, answered 410. The fix reverts
the reuse in src/reminders/reminderJob.ts (and mints a link per
reminder); fresh links re-sent by support work.
Decoys: the 13:30 release (SIGN-1191 reminder batching on Postmark's
broadcast stream, config/production.json, 30 minutes before the onset;
the jose 5.9.3 -> 5.9.6 bump; SIGN-1179, which adds the very
"signing link rejected" line with its reason and token age), rolled
back at 14:19 without effect and rolled forward at 15:21; the test
commit the 08:30 deploy names; the localised reminder subjects commit
to the culprit's file (SIGN-1150); the session length config change;
the envelope.reminded webhook event; routine expired invitation links
and tampered links all day, upload size rejections, slow customer
webhooks, a p99 latency alarm at 09:12, Postmark inactive-recipient
rejections and hard bounces.
""",
        )
    finally:
        repo.close()
