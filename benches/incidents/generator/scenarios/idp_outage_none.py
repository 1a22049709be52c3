"""expenses-web: the company's hosted identity provider (an OIDC IdP, "Keyward
Identity") has an incident in its EU cell for about 55 minutes: its token
endpoint answers 503 or hangs, and its JWKS endpoint times out. Nobody can
finish a login (the callback's code exchange fails) and sessions whose access
token needs a refresh are logged out. Requests with a still-valid token work.
The IdP's status page posts its first update 27 minutes after the first
failures. Nothing in this repository caused it, though the same day's commits
touch the OIDC code: a refactor moved the client setup into its own module the
day before, a commit added the IdP's status and body to the very "token
exchange failed" line the incident is full of, openid-client got a patch bump,
and a change to refresh tokens five minutes before expiry (instead of one)
rolled out 31 minutes before the onset. Node pino JSON with error stacks,
ingress-nginx access, the IdP's status page updates (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, pino
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "expenses-web"
DEPLOY = utc("2026-12-14 09:36:00")
CONFIG_DEPLOY = utc("2026-12-14 12:41:00")
ONSET = utc("2026-12-14 13:12:37")
STATUS_POSTED = utc("2026-12-14 13:39:50")
RECOVERED = utc("2026-12-14 14:07:20")
START, END = utc("2026-12-14 11:30:00"), utc("2026-12-14 14:40:00")
ISSUER = "https://spendly.eu.keyward.id"
DEPS = {"express": "4.19.2", "express-session": "1.18.0", "openid-client": "5.6.4", "pino": "8.19.0", "pino-http": "9.0.0"}

AUTH = """'use strict';
const { Issuer, generators } = require('openid-client');
const config = require('./config');

let client;

async function getClient() {
  if (!client) {
    const issuer = await Issuer.discover(config.oidc.issuer);
    client = new issuer.Client({
      client_id: config.oidc.clientId,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [config.oidc.redirectUri],
      response_types: ['code'],
    });
  }
  return client;
}

async function callback(req, res) {
  const c = await getClient();
  const params = c.callbackParams(req);
  try {
    const tokens = await c.callback(config.oidc.redirectUri, params, { code_verifier: req.session.codeVerifier, state: req.session.state });
    req.session.tokens = tokens;
    res.redirect(req.session.returnTo || '/');
  } catch (err) {
    req.log.error({ err }, 'token exchange failed');
    res.status(502).render('login-error');
  }
}

async function ensureFresh(req, res, next) {
  const tokens = req.session.tokens;
  if (!tokens) return res.redirect('/login');
  if (tokens.expires_at * 1000 - Date.now() > config.session.refreshBeforeExpiryMs) return next();
  try {
    req.session.tokens = await (await getClient()).refresh(tokens.refresh_token);
    next();
  } catch (err) {
    req.log.warn({ err }, 'access token refresh failed; logging out');
    req.session.destroy(() => res.status(401).json({ error: 'session_expired' }));
  }
}

module.exports = { callback, ensureFresh, generators };
"""

CONFIG = """'use strict';
module.exports = {
  oidc: {
    issuer: process.env.OIDC_ISSUER || 'https://spendly.eu.keyward.id',
    clientId: 'expenses-web',
    redirectUri: 'https://expenses.spendly.eu/auth/callback',
    httpTimeoutMs: 3500,
  },
  session: {
    cookieName: 'exp.sid',
    maxAgeMs: 8 * 60 * 60 * 1000,
    refreshBeforeExpiryMs: 60 * 1000,
  },
};
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@spendly.eu", 0)
    tomasz = Person("Tomasz Wiśniewski", "tomasz.wisniewski@spendly.eu", 60)
    hana = Person("Hana Novak", "hana.novak@spendly.eu", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = node_service(SERVICE, "Web app and API for submitting and approving expense claims; login through Keyward (OIDC).", DEPS)
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["src/routes/auth.js"] = AUTH.replace("const config = require('./config');", "const config = require('../config');")
    files["src/config.js"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=4, memory="384Mi", cpu="300m",
                                                  env={"OIDC_ISSUER": ISSUER, "NODE_ENV": "production"})
    files["docs/runbook.md"] = runbook(SERVICE, [("LoginFailures", "Callback 5xx above 5 %: check Keyward's status page and the token exchange errors in the log.")])
    repo.commit(utc("2026-12-08 09:00:00"), tomasz, "expenses-web: import", files)
    repo.schedule(chores(random.Random(6101), SERVICE, [ines, tomasz, hana], utc("2026-12-08 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-11 15:10:00"), hana, "approvals: show the approver's cost centre in the list", {
        "src/routes/approvals.js": "'use strict';\nmodule.exports = (db) => async (req, res) => {\n  const rows = await db.pendingApprovals(req.user.id);\n  res.json(rows.map((r) => ({ ...r, costCentre: r.cost_centre })));\n};\n",
    })
    repo.commit(utc("2026-12-13 14:25:00"), tomasz, "auth: move the OIDC client into src/auth/oidc.js and time out IdP calls", {
        "src/routes/auth.js": None,
        "src/auth/oidc.js": AUTH.replace("const config = require('./config');", "const { custom } = require('openid-client');\nconst config = require('../config');\n\ncustom.setHttpOptionsDefaults({ timeout: config.oidc.httpTimeoutMs });"),
    })
    repo.commit(utc("2026-12-14 06:12:00"), bot, "fix(deps): update dependency openid-client to v5.6.5", {
        "package.json": repo.edit("package.json", '"openid-client": "5.6.4"', '"openid-client": "5.6.5"'),
        "package-lock.json": repo.edit("package-lock.json", "5.6.4", "5.6.5", count=2),
    })
    repo.commit(utc("2026-12-14 08:50:00"), ines, "auth: log the IdP's status and error body when the token exchange fails", {
        "src/auth/oidc.js": repo.edit("src/auth/oidc.js", "    req.log.error({ err }, 'token exchange failed');\n",
                                      "    req.log.error({ err, idpStatus: err.response && err.response.statusCode, idpError: err.error }, 'token exchange failed');\n"),
    })
    head = repo.commit(utc("2026-12-14 09:14:00"), hana, "receipts: accept HEIC uploads from iPhones", {
        "src/routes/receipts.js": "'use strict';\nconst ALLOWED = ['image/jpeg', 'image/png', 'application/pdf', 'image/heic'];\nmodule.exports = { ALLOWED };\n",
    })
    config = repo.commit(utc("2026-12-14 12:22:00"), tomasz, "session: refresh access tokens five minutes before they expire, not one", {
        "src/config.js": repo.edit("src/config.js", "refreshBeforeExpiryMs: 60 * 1000", "refreshBeforeExpiryMs: 5 * 60 * 1000"),
    })
    repo.commit(utc("2026-12-14 14:31:00"), ines, "runbook: what users see when Keyward is down", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Keyward outage\n\nLogins fail with the login-error page; existing sessions work until their token needs a refresh.\n",
    })
    return repo, head, config


OPERROR_STACK = ("OPError: {message}\n    at processResponse (/app/node_modules/openid-client/lib/helpers/process_response.js:38:19)\n"
                 "    at Client.grant (/app/node_modules/openid-client/lib/client.js:1356:22)\n"
                 "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
                 "    at async Client.{method} (/app/node_modules/openid-client/lib/client.js:{line}:22)\n"
                 "    at async {fn} (/app/src/auth/oidc.js:{own}:{col})")
TIMEOUT_STACK = ("TimeoutError: outgoing request timed out after 3500ms\n"
                 "    at /app/node_modules/openid-client/lib/helpers/request.js:137:13\n"
                 "    at async Client.grant (/app/node_modules/openid-client/lib/client.js:1351:22)\n"
                 "    at async Client.{method} (/app/node_modules/openid-client/lib/client.js:{line}:22)\n"
                 "    at async {fn} (/app/src/auth/oidc.js:{own}:{col})")


def idp_error(rng, method, fn, own, col, line):
    if rng.random() < 0.6:
        status = rng.choice([503, 503, 503, 502])
        text = "Service Unavailable" if status == 503 else "Bad Gateway"
        message = f"expected 200 OK, got: {status} {text}"
        return {"type": "OPError", "message": message, "stack": OPERROR_STACK.format(message=message, method=method, line=line, fn=fn, own=own, col=col)}, status
    return {"type": "TimeoutError", "message": "outgoing request timed out after 3500ms", "stack": TIMEOUT_STACK.format(method=method, line=line, fn=fn, own=own, col=col)}, None


def build_logs(rng, head, config):
    app = Log("expenses-web.log")
    nginx = Log("ingress-nginx-access.log")
    status_feed = Log("keyward-status.log")
    pods = {0: [f"expenses-web-7d5c{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(4)],
            1: [f"expenses-web-59f2{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(4)]}
    ua = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"]
    broken = lambda t: ONSET <= t < RECOVERED  # noqa: E731

    def pods_at(t):
        return pods[0] if t < CONFIG_DEPLOY else pods[1]

    for i, pod in enumerate(pods[1]):
        t = CONFIG_DEPLOY + dt.timedelta(seconds=25 * i)
        app.add(t, pino(t, "info", "started expenses-web", pid=1, hostname=pod, version=config[:7], port=3000))
        t2 = t + dt.timedelta(seconds=6)
        app.add(t2, pino(t2, "info", "shutting down on SIGTERM", pid=1, hostname=pods[0][i]))

    def request(t, method, url, status, took, pod, size, **extra):
        rid = hexid(rng, 16)
        app.add(t, pino(t, "info" if status < 500 else "error", "request completed", pid=1, hostname=pod,
                        req={"id": rid, "method": method, "url": url}, res={"statusCode": status}, responseTime=took, **extra))
        nginx.add(t, nginx_access(t, ip(rng, "10.20"), method, url, status, size, took / 1000, rng.choice(ua),
                                  referer="https://expenses.spendly.eu/", upstream_rt=took / 1000))

    # Logins: the callback exchanges the code at the IdP's token endpoint.
    for t in poisson_times(rng, START, END, 5):
        pod = rng.choice(pods_at(t))
        state = hexid(rng, 22)
        code = hexid(rng, 32)
        url = f"/auth/callback?code={code}&state={state}"
        if broken(t) and rng.random() < 0.93:
            err, status = idp_error(rng, "callback", "callback", 36, 20, 472)
            took = 3500 + ms(rng, 30) if status is None else ms(rng, 260)
            app.add(t, pino(t, "error", "token exchange failed", pid=1, hostname=pod, err=err, idpStatus=status, idpError=None))
            request(t, "GET", url, 502, took, pod, 1841)
            continue
        took = ms(rng, 180)
        request(t, "GET", url, 302, took, pod, 0)
        app.add(t, pino(t, "info", "login", pid=1, hostname=pod, user=f"u{rng.randint(10000, 99999)}", amr="pwd+otp"))
    # API traffic: a refresh when the token is close to expiry (more often
    # after the 12:41 rollout, which refreshes five minutes early).
    for t in poisson_times(rng, START, END, 38):
        pod = rng.choice(pods_at(t))
        url = rng.choice(["/api/claims?status=draft", "/api/claims?status=submitted", "/api/approvals", "/api/claims", f"/api/claims/{rng.randint(200000, 299999)}", "/api/receipts"])
        method = "POST" if url in ("/api/claims", "/api/receipts") else "GET"
        refresh_due = rng.random() < (0.02 if t < CONFIG_DEPLOY else 0.09)
        if refresh_due and broken(t) and rng.random() < 0.93:
            err, status = idp_error(rng, "refresh", "ensureFresh", 49, 41, 531)
            app.add(t, pino(t, "warn", "access token refresh failed; logging out", pid=1, hostname=pod, err=err))
            request(t, method, url, 401, 3500 + ms(rng, 30) if status is None else ms(rng, 240), pod, 27)
            continue
        took = ms(rng, 95) + (ms(rng, 150) if refresh_due else 0)
        request(t, method, url, 201 if method == "POST" else 200, took, pod, rng.randint(300, 9000))
    emit(rng, app, START, END, 0.5, [
        (3, lambda t: pino(t, "info", "sent approval reminder digest", pid=1, hostname=rng.choice(pods_at(t)), recipients=rng.randint(1, 30))),
        (1, lambda t: pino(t, "warn", "receipt rejected: unsupported type", pid=1, hostname=rng.choice(pods_at(t)), contentType=rng.choice(["image/webp", "application/zip"]))),
    ])
    updates = [
        (STATUS_POSTED, "investigating", "We are investigating elevated error rates and timeouts for sign-in and token requests in the EU cell."),
        (utc("2026-12-14 13:58:12"), "identified", "The issue has been identified as a failed database failover in the EU cell and a fix is being implemented."),
        (utc("2026-12-14 14:12:41"), "monitoring", "Sign-in and token requests are succeeding again. We are monitoring the results."),
        (utc("2026-12-14 14:36:05"), "resolved", "Between 13:12 and 14:07 UTC customers in the EU cell experienced failed sign-ins and token requests. This incident has been resolved."),
    ]
    for when, status, body in updates:
        status_feed.add(when, json.dumps({"created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "incident": {"id": "k7x2m9q4v1pz", "name": "Sign-in failures in EU cell", "impact": "major",
                                                                                                           "components": ["Authentication API (EU)", "Hosted sign-in (EU)"]},
                                          "status": status, "body": body}, separators=(",", ":"), ensure_ascii=False))
    return [app, nginx, status_feed]


def build(out_dir):
    rng = random.Random(6100)
    repo, head, config = build_repo()
    try:
        def login_success(t):
            return 0.07 if ONSET <= t < RECOVERED else 0.99

        def upstream_5xx(t):
            return 0.19 if ONSET <= t < RECOVERED else 0.001

        metrics = {
            "expenses_login_success_ratio.json": query_range([({"service": SERVICE, "idp": "keyward"}, login_success)], START, END, 60),
            "nginx_ingress_5xx_ratio.json": query_range([({"ingress": SERVICE, "namespace": "expenses"}, upstream_5xx)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="idp-outage-none", service=SERVICE, onset=ONSET,
            description="""
Identity provider outage. From 13:12 logins to expenses-web fail: the
callback's token exchange gets 503/502 from Keyward's token endpoint or times
out after 3.5 s, and users whose access token needs a refresh are logged out
(401). Keyward's status page posts "investigating" at 13:39; token requests
succeed again from 14:07. expenses-web's deploys that day: 09:36 (the start-up
lines were rotated out; a HEIC receipts change, with the token-exchange
logging change) and 12:41 (refresh tokens five minutes before expiry).
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"elevated error rates and timeouts for sign-in and token requests", r"token exchange failed"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: Keyward's EU cell failed (its status
page and the 503s and timeouts from its token endpoint agree), and logins
worked again when Keyward recovered, with no rollback. Decoys: the refactor
that moved the OIDC client and added the 3.5 s timeout (day before), the
openid-client patch bump, the commit that adds the IdP's status to the "token
exchange failed" line, the HEIC receipts commit, the refresh-five-minutes-early
change rolled out 31 minutes before the onset (it makes more refreshes fail
during the outage, not the outage itself), and a runbook commit after it.
""",
        )
    finally:
        repo.close()
