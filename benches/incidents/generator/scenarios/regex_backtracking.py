"""signup-api: a stricter email check ships a regular expression with nested
quantifiers. It is fine for ordinary addresses; forty minutes after the
rollout a sign-up bot posts long local parts that do not match, the regex
backtracks for seconds, the event loop blocks, requests time out and the
kubelet restarts pods that miss their liveness probes. Decoys: a change that
makes the liveness probe stricter in the same rollout (shares the kubelet's
words), an edit of the same validation file. pino JSON app log, kubelet
(klog), ingress-nginx access."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, nginx_access
from skeletons import chores, k8s_deployment, node_service, runbook

SERVICE = "signup-api"
DEPLOY = utc("2026-11-29 10:31:00")
ONSET = utc("2026-11-29 11:12:05")
BOT_GONE = utc("2026-11-29 11:31:00")
START, END = utc("2026-11-29 09:10:00"), utc("2026-11-29 11:45:00")

VALIDATE = """'use strict';
// Checks what a sign-up form sends before it reaches the accounts database.

function validateEmail(email) {
  return typeof email === 'string' && email.includes('@') && email.length <= 254;
}

function validateName(name) {
  return typeof name === 'string' && name.length > 0 && name.length <= 80;
}

module.exports = { validateEmail, validateName };
"""


def pino(t, level, msg, **fields):
    body = {"level": level, "time": int(t.timestamp() * 1000), "pid": 1, "hostname": fields.pop("pod")}
    body.update(fields)
    body["msg"] = msg
    return json.dumps(body, separators=(",", ":"))


def build_repo():
    lea = Person("Lea Fischer", "lea.fischer@joinly.app", 60)
    sam = Person("Sam Okoro", "sam.okoro@joinly.app", 60)
    raj = Person("Raj Patel", "raj.patel@joinly.app", 330)
    repo = Repo()
    files = node_service(SERVICE, "Sign-up and email confirmation.", {"fastify": "4.26.2", "pino": "8.19.0"})
    files["src/validate.js"] = VALIDATE
    files["src/server.js"] = "'use strict';\nconst fastify = require('fastify');\nconst { validateEmail, validateName } = require('./validate');\n\nfunction buildServer(log) {\n  const app = fastify({ logger: log, connectionTimeout: 10000 });\n  app.post('/v1/signup', async (req, reply) => {\n    if (!validateEmail(req.body.email) || !validateName(req.body.name)) return reply.code(422).send({ error: 'invalid' });\n    return { ok: true };\n  });\n  app.get('/healthz', async () => ({ ok: true }));\n  return app;\n}\n\nmodule.exports = { buildServer };\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=3, memory="256Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("SignupLatency", "p99 above 2 s: look for blocked event loops and slow validation.")])
    repo.commit(utc("2026-11-25 09:00:00"), sam, "signup-api: import", files)
    repo.schedule(chores(random.Random(3801), SERVICE, [lea, sam, raj], utc("2026-11-25 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-11-28 14:00:00"), raj, "signup: trim whitespace around names", {
        "src/validate.js": repo.edit("src/validate.js", "return typeof name === 'string' && name.length > 0 && name.length <= 80;",
                                     "if (typeof name !== 'string') return false;\n  const trimmed = name.trim();\n  return trimmed.length > 0 && trimmed.length <= 80;"),
    })
    culprit = repo.commit(utc("2026-11-29 09:48:00"), lea, "signup: stricter email validation\n\nRejects addresses with consecutive dots or a missing domain part.", {
        "src/validate.js": repo.edit("src/validate.js", "return typeof email === 'string' && email.includes('@') && email.length <= 254;",
                                     "return typeof email === 'string' && email.length <= 254 && EMAIL.test(email);")
        .replace("function validateEmail", "const EMAIL = /^([a-z0-9]+[._+-]?)+@[a-z0-9-]+(\\.[a-z0-9-]+)+$/i;\n\nfunction validateEmail"),
    })
    repo.commit(utc("2026-11-29 10:05:00"), sam, "k8s: liveness probe with a 1 s timeout and 2 failures", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "            periodSeconds: 10\n            failureThreshold: 3\n",
                                         "            periodSeconds: 10\n            timeoutSeconds: 1\n            failureThreshold: 2\n"),
    })
    head = repo.commit(utc("2026-11-29 10:20:00"), raj, "confirm: resend link after 10 minutes", {
        "src/confirm.js": "'use strict';\n// How long before a confirmation email may be sent again.\nmodule.exports = { RESEND_AFTER_MS: 10 * 60 * 1000 };\n",
    })
    repo.commit(utc("2026-11-29 11:00:00"), lea, "docs: which addresses sign-up accepts", {
        "docs/email-rules.md": "# Email rules\n\nAt most 254 characters, one @, a domain with a dot.\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("signup-api.log")
    kubelet = Log("kubelet.log")
    ingress = Log("ingress-nginx.log")
    pods = [f"signup-api-5b8c{hexid(rng, 5)}" for _ in range(3)]
    for i, pod in enumerate(pods):
        t = DEPLOY + dt.timedelta(seconds=25 * i)
        app.add(t, pino(t, 30, "started signup-api", pod=pod, version=head[:7], port=3000))
    for t in poisson_times(rng, START, END, 8):
        pod = rng.choice(pods)
        client = ip(rng, "10.4")
        if ONSET <= t < BOT_GONE and t >= ONSET and rng.random() < 0.35:
            blocked = rng.randint(2500, 9000)
            app.add(t, pino(t, 40, f"event loop blocked for {blocked}ms", pod=pod,
                            stack="at RegExp.test (<anonymous>)\n    at validateEmail (/app/src/validate.js:6:58)\n    at Object.<anonymous> (/app/src/server.js:8:10)"))
            late = t + dt.timedelta(milliseconds=blocked)
            app.add(late, pino(late, 50, "request timed out", pod=pod, reqId=f"req-{rng.randint(1, 99999)}", url="/v1/signup"))
            ingress.add(late, nginx_access(late, client, "POST", "/v1/signup", 504, 160, blocked / 1000, "Mozilla/5.0"))
            continue
        took = ms(rng, 12)
        app.add(t, pino(t, 30, "request completed", pod=pod, url="/v1/signup", statusCode=200, responseTime=took))
        ingress.add(t, nginx_access(t, client, "POST", "/v1/signup", 200, 16, took / 1000, "Mozilla/5.0", upstream_rt=took / 1000))
    emit(rng, kubelet, START, END, 0.5, [(1, lambda t: klog(t, "I", 1902, "kubelet_node_status.go:72", '"Node status is up to date" node="ip-10-4-1-20"'))])
    t = ONSET + dt.timedelta(seconds=40)
    while t < BOT_GONE:
        pod = rng.choice(pods)
        kubelet.add(t, klog(t, "I", 1902, "prober.go:107", f'"Probe failed" probeType="Liveness" pod="accounts/{pod}" containerName="signup-api" probeResult="failure" output="Get \\"http://10.4.3.17:3000/healthz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"'))
        if rng.random() < 0.5:
            kubelet.add(t, klog(t, "I", 1902, "kuberuntime_manager.go:1029", f'"Message for Container of pod" containerName="signup-api" containerStatusID="containerd://{hexid(rng, 12)}" pod="accounts/{pod}" containerMessage="Container signup-api failed liveness probe, will be restarted"'))
        t += dt.timedelta(seconds=rng.randint(20, 70))
    return [app, kubelet, ingress]


def build(out_dir):
    rng = random.Random(3800)
    repo, culprit, head = build_repo()
    try:
        def p99(t):
            return 7.5 if ONSET <= t < BOT_GONE else 0.03

        metrics = {"http_request_duration_p99_seconds.json": query_range([({"service": SERVICE, "route": "/v1/signup"}, p99)], START, END, 30)}
        return write_scenario(
            out_dir, name="regex-backtracking", service=SERVICE, onset=ONSET,
            description="""
Catastrophic regex backtracking. A stricter email check (nested quantifiers) is
fine for ordinary addresses; 40 minutes after the 10:31 rollout a sign-up bot
posts long addresses that do not match, validation blocks the event loop for
seconds, requests time out and pods that miss their liveness probes restart.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"event loop blocked", r"request timed out"],
            fix_files=["src/validate.js"],
            explanation="""
The culprit adds the EMAIL regex in src/validate.js. Decoys: a stricter liveness
probe in the same rollout (shares the kubelet's words, and makes restarts come
sooner, not the blocking), the name-trimming edit of the same file the day
before, the resend commit the start-up lines name, docs after the deploy. The
fix reverts the regex.
""",
        )
    finally:
        repo.close()
