"""checkout-payments (Node, team in Dublin): a ticketing company's payment
service. Orders are confirmed and tickets issued when the payment
provider's webhook (Quellpay, `payment_intent.succeeded`) arrives; the
handler checks the HMAC signature against the endpoint's signing secret,
which the service reads from AWS Secrets Manager at start-up. At 14:02 UTC
someone in finance operations, working through an access-review checklist
after a colleague left, clicks "Roll secret" on the webhook endpoint in
Quellpay's dashboard with the old secret expiring at once. From the next
delivery every webhook fails the signature check (400); Quellpay retries
with back-off, orders stay "awaiting payment", customers are charged but get
no tickets. At 15:12 the on-call engineer finds the roll in Quellpay's audit
log, stores the new secret in Secrets Manager and restarts the deployment
(15:16); the team resends the failed events at 15:24. Nothing in the
repository caused it. Decoys: a commit that raises the webhook route's raw
body limit, rolled out 31 minutes before the onset (the file that verifies
signatures), the express patch bump shipped with it, a refund-event handler
and signature tests earlier in the week, a pending-page change, and routine
chores. App (pino JSON), ingress-nginx access, Quellpay's dashboard audit
and delivery log (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, utc, write_scenario
from formats import nginx_access, pino
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "checkout-payments"
START, END = utc("2026-12-17 12:00:00"), utc("2026-12-17 16:00:00")
DEPLOY = utc("2026-12-17 13:31:00")
ROLLED = utc("2026-12-17 14:02:11")
RESTART = utc("2026-12-17 15:16:00")
RESEND = utc("2026-12-17 15:24:30")
DEPS = {"express": "4.21.1", "pino": "9.4.0", "@aws-sdk/client-secrets-manager": "3.679.0", "pg": "8.13.0"}

WEBHOOKS = """'use strict';
const crypto = require('node:crypto');
const express = require('express');

const TOLERANCE_S = 300;

// Quellpay-Signature: t=<unix seconds>,v1=<hex hmac-sha256 of "t.body">
function verify(header, body, secret, now = Date.now()) {
  const parts = Object.fromEntries(String(header || '').split(',').map((p) => p.split('=')));
  if (!parts.t || !parts.v1) return 'malformed signature header';
  if (Math.abs(now / 1000 - Number(parts.t)) > TOLERANCE_S) return 'timestamp outside tolerance';
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  const ok = expected.length === parts.v1.length &&
    crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
  return ok ? null : 'no matching v1 signature';
}

function router({ log, secret, orders }) {
  const r = express.Router();
  r.post('/webhooks/quellpay', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
    const problem = verify(req.get('Quellpay-Signature'), req.body, secret());
    if (problem) {
      log.warn({ reason: problem, delivery: req.get('Quellpay-Delivery') }, 'webhook signature verification failed');
      return res.status(400).send('bad signature');
    }
    const event = JSON.parse(req.body);
    if (event.type === 'payment_intent.succeeded') {
      await orders.confirmPayment(event.data.object);
    }
    log.info({ event: event.id, type: event.type }, 'webhook handled');
    res.sendStatus(200);
  });
  return r;
}

module.exports = { router, verify };
"""

SECRETS = """'use strict';
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

// Read once at start-up; a new value needs a restart (see docs/runbook.md).
async function loadSecret(log, name) {
  const sm = new SecretsManagerClient({});
  const out = await sm.send(new GetSecretValueCommand({ SecretId: name }));
  log.info({ secret: name, versionId: out.VersionId }, 'loaded secret');
  return out.SecretString;
}

module.exports = { loadSecret };
"""


def build_repo():
    ciara = Person("Ciara Walsh", "ciara@tixly.ie", 0)
    sean = Person("Seán Murphy", "sean@tixly.ie", 0)
    tomasz = Person("Tomasz Wójcik", "tomasz@tixly.ie", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "Payments for Tixly orders: Quellpay payment intents, webhooks, refunds.", DEPS)
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["src/webhooks.js"] = WEBHOOKS
    files["src/secrets.js"] = SECRETS
    files["src/orders.js"] = "'use strict';\n\nfunction pendingPage(order) {\n  return { status: order.status, message: 'Waiting for your payment to be confirmed' };\n}\n\nmodule.exports = { pendingPage };\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=3, memory="256Mi", cpu="250m",
                                                  env={"QUELLPAY_WEBHOOK_SECRET_NAME": "prod/checkout-payments/quellpay-webhook-secret"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("OrdersAwaitingPayment", "More than 20 orders awaiting payment for 10 minutes: check webhook deliveries in the ingress log and Quellpay's dashboard."),
        ("QuellpayApiErrors", "Payment intent creation failing: check status.quellpay.com."),
    ])
    repo.commit(utc("2026-12-11 10:20:00"), sean, "checkout-payments: initial import", files)
    repo.schedule(chores(random.Random(9301), SERVICE, [ciara, sean, tomasz], utc("2026-12-11 10:20:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-14 14:37:00"), tomasz, "webhooks: handle charge.refund.updated (refund status in the order history)", {
        "src/webhooks.js": repo.edit("src/webhooks.js", "      await orders.confirmPayment(event.data.object);\n    }\n",
                                     "      await orders.confirmPayment(event.data.object);\n    } else if (event.type === 'charge.refund.updated') {\n      await orders.recordRefund(event.data.object);\n    }\n"),
    })
    repo.commit(utc("2026-12-16 11:05:00"), ciara, "test: signature verification (good, tampered, stale)", {
        "test/webhooks.test.js": "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst crypto = require('node:crypto');\nconst { verify } = require('../src/webhooks');\n\nconst secret = 'whsec_test';\nconst sign = (t, body) => crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');\n\ntest('good signature', () => {\n  const t = 1765000000;\n  assert.strictEqual(verify(`t=${t},v1=${sign(t, '{}')}`, '{}', secret, t * 1000), null);\n});\n\ntest('tampered body', () => {\n  const t = 1765000000;\n  assert.strictEqual(verify(`t=${t},v1=${sign(t, '{}')}`, '{\"a\":1}', secret, t * 1000), 'no matching v1 signature');\n});\n\ntest('stale timestamp', () => {\n  const t = 1765000000;\n  assert.strictEqual(verify(`t=${t},v1=${sign(t, '{}')}`, '{}', secret, (t + 600) * 1000), 'timestamp outside tolerance');\n});\n",
    })
    repo.commit(utc("2026-12-17 09:52:00"), sean, "orders: show the order reference on the pending page", {
        "src/orders.js": repo.edit("src/orders.js", "return { status: order.status, message:", "return { status: order.status, reference: order.reference, message:"),
    })
    repo.commit(utc("2026-12-17 11:18:00"), bot, "Bump express from 4.21.1 to 4.21.2", {
        "package.json": repo.edit("package.json", '"express": "4.21.1"', '"express": "4.21.2"'),
        "package-lock.json": repo.edit("package-lock.json", "4.21.1", "4.21.2", count=2),
    })
    head = repo.commit(utc("2026-12-17 13:12:00"), tomasz, "webhooks: raise the raw body limit to 2mb\n\nRefund events for group bookings carry every line item; the largest\nwas 1.3 MB and got 413 from the route.", {
        "src/webhooks.js": repo.edit("src/webhooks.js", "limit: '1mb'", "limit: '2mb'"),
    })
    later = repo.commit(utc("2026-12-17 15:44:00"), ciara, "runbook: Quellpay webhook secret rolls need a Secrets Manager update and a restart", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Webhook signature failures\n\nIf every delivery fails with \"no matching v1 signature\", the secret was\nrolled in Quellpay's dashboard (Developers › Webhooks). Put the new value\nin `prod/checkout-payments/quellpay-webhook-secret`, then\n`kubectl -n payments rollout restart deploy/checkout-payments`, then\nresend failed events from the dashboard.\n",
    })
    return repo, head, later


def build_logs(rng, head):
    app = Log("checkout-payments.log")
    ingress = Log("ingress-nginx-access.log")
    provider = Log("quellpay-dashboard-events.log")
    old_pods = [f"checkout-payments-5c7d9f8b6-{hexid(rng, 5)}" for _ in range(3)]
    new_pods = [f"checkout-payments-6f4b8c7d9-{hexid(rng, 5)}" for _ in range(3)]
    restarted = [f"checkout-payments-7a9e5d6c4-{hexid(rng, 5)}" for _ in range(3)]

    def pod_at(t):
        if t >= RESTART + dt.timedelta(seconds=60):
            return rng.choice(restarted)
        if t >= DEPLOY + dt.timedelta(seconds=60):
            return rng.choice(new_pods)
        return rng.choice(old_pods)

    for when, pods, version_id in ((DEPLOY, new_pods, "a3f1c2e4-7b9d-4e61-9c0a-2d5e8f7b1c93"), (RESTART, restarted, "e81d4b07-2c6f-4a9e-b3d5-9f0c1a7e6b42")):
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=12 + 16 * i + rng.uniform(0, 3))
            app.add(t, pino(t, "info", "loaded secret", hostname=pod, secret="prod/checkout-payments/quellpay-webhook-secret", versionId=version_id))
            app.add(t + dt.timedelta(milliseconds=80), pino(t + dt.timedelta(milliseconds=80), "info", "started checkout-payments", hostname=pod, version=head[:7], port=3000))

    def audit(t, action, actor, **details):
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "kind": "audit", "account": "acct_1Tixly4Qp",
                "actor": actor, "action": action}
        body.update(details)
        provider.add(t, json.dumps(body, separators=(",", ":")))

    def delivery(t, event_id, kind, attempt, status, took, next_retry=None):
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "kind": "webhook_delivery", "endpoint": "we_1Pq8Tixly",
                "event": event_id, "type": kind, "attempt": attempt, "response_status": status, "duration_ms": took}
        if next_retry:
            body["next_retry_at"] = next_retry.strftime("%Y-%m-%dT%H:%M:%SZ")
        provider.add(t, json.dumps(body, separators=(",", ":")))

    audit(utc("2026-12-17 12:41:07"), "dashboard.login", "ciaran.doyle@tixly.ie", ip="89.101.22.14", mfa=True)
    audit(utc("2026-12-17 12:44:52"), "report.exported", "ciaran.doyle@tixly.ie", report="balance_transactions", period="2026-11")
    audit(utc("2026-12-17 13:55:30"), "dashboard.login", "ciaran.doyle@tixly.ie", ip="89.101.22.14", mfa=True)
    audit(utc("2026-12-17 13:58:44"), "team_member.removed", "ciaran.doyle@tixly.ie", member="n.kelly@tixly.ie", role="developer")
    audit(utc("2026-12-17 14:00:19"), "api_key.rolled", "ciaran.doyle@tixly.ie", key="rk_live_…reporting", expire_previous_in="24h")
    audit(ROLLED, "webhook_endpoint.secret_rolled", "ciaran.doyle@tixly.ie", endpoint="we_1Pq8Tixly", url="https://api.tixly.ie/webhooks/quellpay", expire_previous_in="now")
    audit(utc("2026-12-17 15:21:40"), "dashboard.login", "sean@tixly.ie", ip="89.101.22.31", mfa=True)
    audit(RESEND, "webhook_endpoint.events_resent", "sean@tixly.ie", endpoint="we_1Pq8Tixly", count="all_failed")
    emit(rng, provider, START, END, 0.05, [(1, lambda t: json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + "000Z", "kind": "audit", "account": "acct_1Tixly4Qp", "actor": "api", "action": "payout.created", "amount": rng.randint(100000, 900000), "currency": "eur"}, separators=(",", ":")))])

    def secret_ok(t):
        return t < ROLLED or t >= RESTART + dt.timedelta(seconds=60)

    backoff = [60, 300, 1800, 7200]
    failed = []

    def deliver(t, event_id, kind, attempt, order):
        took = ms(rng, 45)
        ok = secret_ok(t)
        status = 200 if ok else 400
        ua = "Quellpay/1.0 (+https://quellpay.com/docs/webhooks)"
        ingress.add(t, nginx_access(t, ip(rng, "34.241"), "POST", "/webhooks/quellpay", status, 2 if ok else 13, took / 1000, ua, upstream_rt=took / 1000))
        pod = pod_at(t)
        delivery_id = "wd_" + hexid(rng, 20)
        if ok:
            app.add(t, pino(t, "info", "webhook handled", hostname=pod, event=event_id, type=kind, delivery=delivery_id))
            if kind == "payment_intent.succeeded":
                app.add(t, pino(t, "info", "order confirmed, issuing tickets", hostname=pod, order=order, tickets=rng.randint(1, 6)))
            delivery(t, event_id, kind, attempt, 200, took)
            return
        app.add(t, pino(t, "warn", "webhook signature verification failed", hostname=pod, reason="no matching v1 signature", delivery=delivery_id))
        nxt = t + dt.timedelta(seconds=backoff[min(attempt - 1, 3)] * rng.uniform(0.9, 1.1))
        delivery(t, event_id, kind, attempt, 400, took, nxt)
        failed.append((nxt, event_id, kind, attempt + 1, order))

    for t in poisson_times(rng, START, END, 3.2):
        order = f"TX-{rng.randint(4400000, 4499999)}"
        deliver(t, "evt_" + hexid(rng, 24), "payment_intent.succeeded", 1, order)
        if rng.random() < 0.6:
            deliver(t + dt.timedelta(milliseconds=rng.randint(300, 900)), "evt_" + hexid(rng, 24), "charge.succeeded", 1, order)
    for t in poisson_times(rng, START, END, 0.3):
        deliver(t, "evt_" + hexid(rng, 24), "charge.refund.updated", 1, f"TX-{rng.randint(4300000, 4399999)}")
    # retries on Quellpay's schedule, and the manual resend of everything still failed
    while failed:
        failed.sort()
        nxt, event_id, kind, attempt, order = failed.pop(0)
        if nxt >= RESEND:
            nxt = RESEND + dt.timedelta(seconds=rng.uniform(1, 90))
        if nxt < END:
            deliver(nxt, event_id, kind, attempt, order)

    # customers polling their order while the confirmation does not come
    for t in poisson_times(rng, START, END, 8):
        stuck = not secret_ok(t) or (RESTART <= t < RESEND + dt.timedelta(minutes=2))
        rate_extra = 2 if stuck else 0
        for _ in range(1 + (rng.randint(0, rate_extra) if stuck else 0)):
            took = ms(rng, 18) / 1000
            ingress.add(t, nginx_access(t, ip(rng, "10.20"), "GET", f"/v1/orders/TX-{rng.randint(4400000, 4499999)}/status", 200, rng.randint(180, 260), took,
                                        rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", "Tixly/5.12 (Android 15)"]), upstream_rt=took))
    for t in poisson_times(rng, START, END, 3):
        took = ms(rng, 240) / 1000
        ingress.add(t, nginx_access(t, ip(rng, "10.20"), "POST", "/v1/payment-intents", 201, rng.randint(400, 520), took, "Tixly/5.12 (Android 15)", upstream_rt=took))
    emit(rng, app, START, END, 0.6, [
        (3, lambda t: pino(t, "info", "payment intent created", hostname=pod_at(t), order=f"TX-{rng.randint(4400000, 4499999)}", amount=rng.randint(1500, 42000), currency="eur")),
        (1, lambda t: pino(t, "warn", "payment intent requires action", hostname=pod_at(t), order=f"TX-{rng.randint(4400000, 4499999)}", next_action="3ds_redirect")),
    ])
    return [app, ingress, provider]


def build(out_dir):
    rng = random.Random(9300)
    repo, head, later = build_repo()
    try:
        logs = build_logs(rng, head)
        onset = min(t for t, _, text in logs[1].entries if '/webhooks/quellpay HTTP/1.1" 400' in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="webhook-secret-rolled-none", service=SERVICE, onset=onset,
            description=f"""
Customers are charged but get no tickets; orders stay "awaiting payment".
From {onset.strftime('%H:%M')} UTC every Quellpay webhook to checkout-payments gets 400.
checkout-payments was rolled out at 13:31 (a webhook body-limit change and
an express bump). The on-call engineer restarted the deployment at 15:16
after updating a secret, and the team resent the failed events at 15:24.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"webhook_endpoint\.secret_rolled", r"webhook signature verification failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused it. A finance-operations user rolled
the webhook endpoint's signing secret in Quellpay's dashboard (audit
action webhook_endpoint.secret_rolled, previous secret expiring at once)
during an access review. checkout-payments still held the old secret, read
from Secrets Manager at start-up, so every delivery failed the signature
check ("no matching v1 signature") until the new secret was stored and the
pods restarted. Decoys: the raw body limit change to src/webhooks.js rolled
out 31 minutes before (the file that verifies signatures), the express patch
bump shipped with it, the refund-event handler and signature tests earlier
in the week, the pending-page change, routine chores, and the runbook
commit written afterwards.
""",
        )
    finally:
        repo.close()
