"""notification-service: the email provider (mailrelay) has an outage and
answers 503; emails back up in the queue. Nothing in this repository caused
it, although a change to the email sender shipped two hours earlier. pino JSON,
Envoy egress access log, RabbitMQ."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, pino
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "notification-service"
DEPLOY = utc("2026-11-12 12:58:10")
ONSET = utc("2026-11-12 15:07:20")
RECOVERY = utc("2026-11-12 16:02:00")
DEPS = {"pino": "^8.19.0", "fastify": "^4.26.2", "amqplib": "^0.10.3", "undici": "^6.11.1"}

MAILRELAY = """'use strict';
const { request } = require('undici');

const BASE = process.env.MAILRELAY_URL || 'https://api.mailrelay.com';

async function send({ to, subject, html, category }) {
  const res = await request(`${BASE}/v3/mail/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.MAILRELAY_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to, subject, html, categories: [category] }),
    headersTimeout: 10000,
  });
  if (res.statusCode >= 300) {
    throw new Error(`mailrelay responded ${res.statusCode}`);
  }
  return res.body.json();
}

module.exports = { send };
"""

CONSUMER = """'use strict';
const mailrelay = require('./providers/mailrelay');

async function handleEmail(log, msg) {
  const job = JSON.parse(msg.content.toString());
  try {
    await mailrelay.send(job);
    log.info({ template: job.template }, 'email sent');
    return true;
  } catch (err) {
    log.error(`email send failed: ${err.message}`);
    return false;
  }
}

module.exports = { handleEmail };
"""


def build_repo():
    zoe = Person("Zoe Martin", "zoe.martin@hearth.app", 0)
    raj = Person("Raj Mehta", "raj.mehta@hearth.app", 330)
    elif_ = Person("Elif Yilmaz", "elif.yilmaz@hearth.app", 180)
    repo = Repo()
    files = node_service(SERVICE, "Sends email, push and SMS notifications from the notifications queue.", DEPS)
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["src/providers/mailrelay.js"] = MAILRELAY
    files["src/consumer.js"] = CONSUMER
    files["src/server.js"] = "'use strict';\nconst fastify = require('fastify');\n\nfunction buildServer(log) {\n  const app = fastify({ logger: log });\n  app.get('/healthz', async () => ({ ok: true }));\n  return app;\n}\n\nmodule.exports = { buildServer };\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=4, memory="256Mi", cpu="250m",
                                                  env={"QUEUE_PREFETCH": "20", "MAILRELAY_URL": "https://api.mailrelay.com"})
    files["docs/runbook.md"] = runbook(SERVICE, [("EmailQueueBacklog", "notifications.email above 5k ready. Check mailrelay status (status.mailrelay.com) before touching us.")])
    repo.commit(utc("2026-11-09 11:00:00"), zoe, "notification-service: initial version", files)
    repo.schedule(chores(random.Random(2007), SERVICE, [zoe, raj, elif_], utc("2026-11-09 11:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-10 14:12:00"), raj, "push: send to every registered device, not just the newest", {
        "src/providers/fcm.js": "'use strict';\n// Firebase Cloud Messaging fan-out.\nasync function send(devices, payload, client) {\n  return Promise.all(devices.map((d) => client.send({ token: d.token, ...payload })));\n}\n\nmodule.exports = { send };\n",
    })
    repo.commit(utc("2026-11-11 16:00:00"), elif_, "tests: push fan-out with three devices", {
        "test/fcm.test.js": "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { send } = require('../src/providers/fcm');\n\ntest('fans out to every device', async () => {\n  const sent = [];\n  await send([{ token: 'a' }, { token: 'b' }, { token: 'c' }], {}, { send: async (m) => sent.push(m) });\n  assert.strictEqual(sent.length, 3);\n});\n",
    })
    repo.commit(utc("2026-11-12 09:30:00"), zoe, "docs: how to add an email template", {
        "docs/templates.md": "# Email templates\n\nTemplates live in `templates/<name>.mjml`. Add a category so mailrelay\nstatistics can be split per template.\n",
    })
    deployed = repo.commit(utc("2026-11-12 11:45:00"), raj, "email: add List-Unsubscribe headers (Gmail bulk sender rules)", {
        "src/providers/mailrelay.js": repo.edit("src/providers/mailrelay.js", "body: JSON.stringify({ to, subject, html, categories: [category] }),",
                                                "body: JSON.stringify({\n      to, subject, html, categories: [category],\n      headers: { 'List-Unsubscribe': `<https://hearth.app/unsubscribe?c=${category}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },\n    }),"),
    })
    repo.commit(utc("2026-11-12 13:20:00"), elif_, "ci: also test on Node 22", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "node-version: 20", "node-version: ${{ matrix.node }}").replace(
            "    runs-on: ubuntu-22.04\n", "    runs-on: ubuntu-22.04\n    strategy:\n      matrix:\n        node: [20, 22]\n"),
    })
    repo.commit(utc("2026-11-12 14:40:00"), zoe, "k8s: prefetch 50 for the email consumer", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", 'value: "20"', 'value: "50"'),
    })
    return repo, deployed


def build_logs(rng, deployed):
    app = Log("notification-service.log")
    envoy = Log("envoy-egress.log")
    rabbit = Log("rabbitmq.log")
    start, end = utc("2026-11-12 12:30:00"), utc("2026-11-12 16:20:00")
    old = [f"notification-service-58c6{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    new = [f"notification-service-6d9b{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    pods = lambda t: new if t >= DEPLOY + dt.timedelta(seconds=40) else old  # noqa: E731
    failures = 0
    circuit_open_until = None

    for t in poisson_times(rng, start, end, 4):
        pod = rng.choice(pods(t))
        rid = hexid(rng, 16)
        template = rng.choice(["order_confirmation", "password_reset", "weekly_digest", "shipping_update", "welcome"])
        outage = ONSET <= t < RECOVERY
        if circuit_open_until and t < circuit_open_until:
            app.add(t, pino(t, "warn", "mailrelay circuit open, requeueing email", hostname=pod, template=template))
            continue
        if outage and rng.random() < 0.93:
            status = 503 if rng.random() < 0.8 else 504
            took = ms(rng, 40) if status == 503 else 10000 + ms(rng, 30)
            envoy.add(t, envoy_access(t, "POST", "/v3/mail/send", status, "UF,URX" if status == 503 else "UT", "104.18.24.77:443", took, rid, "api.mailrelay.com"))
            app.add(t, pino(t, "error", f"email send failed: mailrelay responded {status}", hostname=pod))
            failures += 1
            if failures % 12 == 0:
                app.add(t, pino(t, "warn", "circuit breaker opened for mailrelay after 12 consecutive failures", hostname=pod))
                circuit_open_until = t + dt.timedelta(seconds=30)
            continue
        failures = 0
        envoy.add(t, envoy_access(t, "POST", "/v3/mail/send", 202, "-", "104.18.24.77:443", ms(rng, 180), rid, "api.mailrelay.com"))
        app.add(t, pino(t, "info", "email sent", hostname=pod, template=template, took_ms=ms(rng, 190)))
    for t in poisson_times(rng, start, end, 2):
        pod = rng.choice(pods(t))
        kind = rng.choice(["push", "push", "sms"])
        if kind == "push":
            envoy.add(t, envoy_access(t, "POST", "/v1/projects/hearth-prod/messages:send", 200, "-", "142.250.74.138:443", ms(rng, 70), hexid(rng, 16), "fcm.googleapis.com"))
            app.add(t, pino(t, "info", "push sent", hostname=pod, devices=rng.randint(1, 3)))
            if rng.random() < 0.03:
                app.add(t, pino(t, "warn", "push token unregistered, removing device", hostname=pod))
        else:
            envoy.add(t, envoy_access(t, "POST", "/2010-04-01/Accounts/AC.../Messages.json", 201, "-", "54.172.60.1:443", ms(rng, 300), hexid(rng, 16), "api.twilio.com"))
            app.add(t, pino(t, "info", "sms sent", hostname=pod, segments=rng.randint(1, 2)))
    emit(rng, app, start, end, 0.8, [
        (3, lambda t: pino(t, "info", "incoming request", hostname=rng.choice(pods(t)), req={"method": "GET", "url": "/healthz"})),
        (1, lambda t: pino(t, "info", "consumer heartbeat", hostname=rng.choice(pods(t)), queue="notifications.email", prefetch=20)),
        (1, lambda t: pino(t, "debug", "template cache hit", hostname=rng.choice(pods(t)))),
        (1, lambda t: pino(t, "info", "digest batch scheduled", hostname=rng.choice(pods(t)), recipients=rng.randint(200, 4000))),
        (1, lambda t: pino(t, "warn", "recipient suppressed (previous hard bounce)", hostname=rng.choice(pods(t)))),
        (1, lambda t: pino(t, "info", "webhook from mailrelay: delivered", hostname=rng.choice(pods(t)), count=rng.randint(1, 50)) if t < ONSET or t >= RECOVERY else pino(t, "info", "digest batch scheduled", hostname=rng.choice(pods(t)), recipients=rng.randint(200, 4000))),
    ])
    for i, pod in enumerate(new):
        t = DEPLOY + dt.timedelta(seconds=8 * i)
        app.add(t, pino(t, "info", "started notification-service", hostname=pod, version=deployed[:7], port=3000))
        app.add(t, pino(t, "info", "consumer attached", hostname=pod, queue="notifications.email", prefetch=20))
        t2 = t + dt.timedelta(seconds=30)
        rabbit.add(t2, f"{t2.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [info] <0.{rng.randint(1000, 9999)}.0> closing AMQP connection <0.{rng.randint(1000, 9999)}.0> ({ip(rng, '10.42')}:{rng.randint(30000, 60000)} -> 10.42.7.12:5672, vhost: '/', user: 'notifications')")
        rabbit.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [info] <0.{rng.randint(1000, 9999)}.0> accepting AMQP connection <0.{rng.randint(1000, 9999)}.0> ({ip(rng, '10.42')}:{rng.randint(30000, 60000)} -> 10.42.7.12:5672)")
    emit(rng, rabbit, start, end, 0.25, [
        (2, lambda t: f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [info] <0.{rng.randint(1000, 9999)}.0> connection <0.{rng.randint(1000, 9999)}.0> ({ip(rng, '10.42')}:{rng.randint(30000, 60000)} -> 10.42.7.12:5672): user 'orders' authenticated and granted access to vhost '/'"),
        (1, lambda t: f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [info] <0.{rng.randint(1000, 9999)}.0> Message store \"{hexid(rng, 26).upper()}/msg_store_persistent\": compaction of file {rng.randint(10, 99)}.rdq done"),
    ])
    return [app, envoy, rabbit]


def build(out_dir):
    rng = random.Random(1112)
    repo, deployed = build_repo()
    try:
        start, end = utc("2026-11-12 12:30:00"), utc("2026-11-12 16:20:00")

        def depth(t):
            if t < ONSET:
                return 20 + (t.minute * 7) % 30
            if t < RECOVERY:
                return 40 + 95 * (t - ONSET).total_seconds() / 60
            return max(30.0, 40 + 95 * (RECOVERY - ONSET).total_seconds() / 60 - 400 * (t - RECOVERY).total_seconds() / 60)

        def upstream_5xx(t):
            return 0.0 if not (ONSET <= t < RECOVERY) else 0.14 + 0.01 * (t.minute % 4)

        metrics = {
            "rabbitmq_queue_messages_ready.json": query_range([({"queue": "notifications.email", "vhost": "/"}, depth)], start, end, 60),
            "envoy_upstream_5xx_per_second.json": query_range([({"envoy_cluster_name": "api_mailrelay_com"}, upstream_5xx)], start, end, 30),
        }
        return write_scenario(
            out_dir, name="downstream-outage", service=SERVICE, onset=ONSET,
            description="""
Downstream dependency outage. The email provider mailrelay answers 503 (and some
timeouts) from 15:07 to 16:02; emails back up in notifications.email. No change in
this repository caused it: the List-Unsubscribe change deployed at 12:58 had sent
two hours of email fine, and the prefetch change was merged but not deployed.
""",
            logs=build_logs(rng, deployed), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"email send failed"],
            fix_files=[],
            explanation="""
No culprit: the cause is outside this repository (mailrelay's outage). Decoys: the
email-sender change deployed two hours before, a prefetch change merged 27 minutes
before the onset (not deployed), CI, docs and tests. Nothing in the repo is the
fix; the right move is to wait out or fail over the provider.
""",
        )
    finally:
        repo.close()
