"""dispatch-api (Node 20, bunyan; three VMs, each with a Consul client agent
and dnsmasq forwarding `.consul` to the agent's DNS on 127.0.0.1:8600;
HAProxy in front resolves the other teams' backends through the same Consul DNS
(dispatch-api's own three servers are static);
deployed by a GitHub Actions workflow that restarts the systemd unit; team
in Rotterdam, Lyon and Toronto): Parcelo's courier dispatch. It prices a
job with pricing.service.consul and offers it to a driver through
drivers.service.consul.

On Tuesday 16 June the platform team enforces mutual TLS on the Consul
servers' RPC port (`verify_incoming_rpc = true`), change CHG-4471, rolled
out by Ansible at 14:01 UTC. The client agents on the older VM image have
no client certificate: every RPC from them to the servers fails with
"remote error: tls: bad certificate", so their DNS answers SERVFAIL.
dispatch-api's lookups of pricing and drivers fail with EAI_AGAIN, and HAProxy
marks other teams' servers DOWN for DNS errors and answers 503 for them.
The platform team rolls the change back at 14:39; their
incident note in #platform-changes comes at 14:26, 25 minutes after the
first failure. Nothing in this repository caused it.

Decoys: a config change rolled out at 13:33, 27 minutes before the onset,
that cuts the pricing client's timeout to 800 ms and turns on keep-alive
(same client, same words); the same morning's commit that logs the lookup
error code and host name of a failed upstream call (the incident's lines);
docs; chores. App (bunyan JSON), Consul client agent (hclog), HAProxy
(syslog RFC 3164), #platform-changes feed (JSON), deploy workflow (GitHub
Actions)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, utc, write_scenario
from formats import syslog3164
from skeletons import chores, readme, runbook

SERVICE = "dispatch-api"
START, END = utc("2026-06-16 12:40:00"), utc("2026-06-16 15:05:00")
MORNING_DEPLOY = utc("2026-06-16 09:18:30")
CONFIG_DEPLOY = utc("2026-06-16 13:33:40")
CHANGE, ROLLBACK = utc("2026-06-16 14:01:12"), utc("2026-06-16 14:39:30")
NOTE_POSTED = utc("2026-06-16 14:26:40")
HOSTS = [("dispatch-1", "10.40.1.21"), ("dispatch-2", "10.40.2.22"), ("dispatch-3", "10.40.3.23")]
SERVERS = ["10.40.0.11", "10.40.0.12", "10.40.0.13"]

UPSTREAM_JS = """'use strict';
const { request } = require('undici');
const config = require('../config');
const log = require('../log');

async function call(service, path, body) {
  const { host, port, timeoutMs } = config.upstreams[service];
  try {
    const res = await request(`http://${host}:${port}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      headersTimeout: timeoutMs,
    });
    return await res.body.json();
  } catch (err) {
    log.warn({ service }, 'upstream call failed');
    throw err;
  }
}

module.exports = { call };
"""

CONFIG = """{
  "port": 8080,
  "upstreams": {
    "pricing": { "host": "pricing.service.consul", "port": 8080, "timeoutMs": 1500, "keepAlive": false },
    "drivers": { "host": "drivers.service.consul", "port": 8080, "timeoutMs": 2000, "keepAlive": true }
  }
}
"""


def repo_files():
    return {
        "package.json": '{\n  "name": "dispatch-api",\n  "version": "3.8.0",\n  "main": "src/server.js",\n  "dependencies": {\n    "bunyan": "^1.8.15",\n    "fastify": "^4.27.0",\n    "undici": "^6.18.2"\n  }\n}\n',
        "src/server.js": "'use strict';\nconst Fastify = require('fastify');\nconst log = require('./log');\nconst config = require('./config');\n\nconst app = Fastify({ logger: false });\napp.register(require('./routes/jobs'));\napp.listen({ port: config.port, host: '0.0.0.0' }).then(() => log.info({ version: process.env.GIT_SHA }, 'dispatch-api listening'));\n",
        "src/log.js": "'use strict';\nmodule.exports = require('bunyan').createLogger({ name: 'dispatch-api' });\n",
        "src/config.js": "'use strict';\nmodule.exports = require('../config/production.json');\n",
        "src/upstream/client.js": UPSTREAM_JS,
        "src/routes/jobs.js": "'use strict';\nconst { call } = require('../upstream/client');\n\nmodule.exports = async (app) => {\n  app.post('/v1/jobs', async (req) => {\n    const quote = await call('pricing', '/v1/quote', req.body);\n    const offer = await call('drivers', '/v1/offers', { job: req.body, quote });\n    return { quote, offer };\n  });\n};\n",
        "config/production.json": CONFIG,
        "deploy/dispatch-api.service": "[Unit]\nDescription=dispatch-api\nAfter=network-online.target consul.service\n\n[Service]\nUser=dispatch\nEnvironmentFile=/etc/dispatch-api/env\nExecStart=/usr/bin/node /opt/dispatch-api/current/src/server.js\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - run: ./scripts/deploy.sh dispatch-1 dispatch-2 dispatch-3\n",
        "README.md": readme(SERVICE, "Parcelo's courier dispatch: prices a job and offers it to a driver.", "npm ci\nnode src/server.js"),
    }


def build_repo():
    sanne = Person("Sanne de Vries", "sanne.devries@parcelo.eu", 120)
    hugo = Person("Hugo Lefèvre", "hugo.lefevre@parcelo.eu", 120)
    ethan = Person("Ethan Clarke", "ethan.clarke@parcelo.eu", -240)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("DispatchJobErrors", "More than 2 % of POST /v1/jobs fail: which upstream (pricing, drivers)? `upstream call failed` lines name it."),
        ("ConsulDNS", "Upstreams are found through Consul DNS (dnsmasq -> 127.0.0.1:8600). The Consul servers belong to the platform team (#platform)."),
    ])
    repo.commit(utc("2026-06-11 08:50:00"), sanne, "dispatch-api: import", files)
    repo.schedule(chores(random.Random(15301), SERVICE, [sanne, hugo, ethan], utc("2026-06-11 08:50:00"), utc("2026-06-15 17:00:00"), 3))
    repo.commit(utc("2026-06-12 15:20:00"), ethan, "jobs: reject jobs without a pickup window", {
        "src/routes/jobs.js": repo.edit("src/routes/jobs.js", "  app.post('/v1/jobs', async (req) => {\n", "  app.post('/v1/jobs', async (req, reply) => {\n    if (!req.body.pickupWindow) return reply.code(422).send({ error: 'pickupWindow required' });\n"),
    })
    morning = repo.commit(utc("2026-06-16 07:02:00"), hugo, "upstream: log the error code and host of a failed call\n\n'upstream call failed' with only the service name did not tell a\ntimeout from a refused connection or a lookup failure.", {
        "src/upstream/client.js": repo.edit("src/upstream/client.js", "    log.warn({ service }, 'upstream call failed');\n",
                                            "    log.warn({ service, host, code: err.code, syscall: err.syscall, err }, 'upstream call failed');\n"),
    })
    repo.commit(utc("2026-06-16 09:40:00"), sanne, "docs: how dispatch finds pricing and drivers", {
        "docs/discovery.md": "# Service discovery\n\nUpstreams are addressed by Consul DNS names (`pricing.service.consul`).\nEach VM runs a Consul client agent; dnsmasq forwards `.consul` to it.\nThe agent asks the Consul servers (platform team) for healthy instances.\n",
    })
    config = repo.commit(utc("2026-06-16 13:21:00"), ethan, "pricing: 800 ms timeout and keep-alive\n\nPricing answers in 40-90 ms; 1500 ms held dispatch requests for too\nlong when a pricing instance hung. Reuse connections as for drivers.", {
        "config/production.json": repo.edit("config/production.json", '"timeoutMs": 1500, "keepAlive": false', '"timeoutMs": 800, "keepAlive": true'),
    })
    repo.commit(utc("2026-06-16 15:30:00"), sanne, "runbook: Consul DNS failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## getaddrinfo EAI_AGAIN *.service.consul\n\nThe local Consul agent cannot answer: check `journalctl -u consul` on the\nVM (RPC errors to the servers) and #platform-changes. Redeploying\ndispatch-api does not help.\n",
    })
    return repo, morning, config


def bunyan(t, level, hostname, msg, **fields):
    body = {"name": SERVICE, "hostname": hostname, "pid": fields.pop("pid", 1187), "level": {"info": 30, "warn": 40, "error": 50}[level]}
    body.update(fields)
    t = t.astimezone(dt.timezone.utc)
    body["msg"] = msg
    body["time"] = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    body["v"] = 0
    return json.dumps(body, separators=(",", ":"))


def _quote(v):
    return json.dumps(v) if isinstance(v, str) and (' ' in v or '"' in v) else v


def hclog(t, level, module, text, **fields):
    t = t.astimezone(dt.timezone.utc)
    lv = f"[{level}]"
    tail = "".join(f" {k}={_quote(v)}" for k, v in fields.items())
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {lv:<7} {module}: {text}{':' if fields else ''}{tail}"


def broken(t):
    return CHANGE <= t < ROLLBACK + dt.timedelta(seconds=20)


def build_logs(rng, morning, config):
    app = Log("dispatch-api.log")
    consul = Log("consul-agent.log")
    haproxy = Log("haproxy.log")
    feed = Log("platform-changes.log")
    gha = Log("deploy.log")

    pids = {}
    for when, sha in ((MORNING_DEPLOY, morning), (CONFIG_DEPLOY, config)):
        t = when - dt.timedelta(seconds=20)
        if when >= START:
            for text in ("##[group]Run ./scripts/deploy.sh dispatch-1 dispatch-2 dispatch-3", f"deploying {sha} to dispatch-1 dispatch-2 dispatch-3"):
                gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z {text}")
                t += dt.timedelta(milliseconds=400)
        for i, (host, _) in enumerate(HOSTS):
            ts = when + dt.timedelta(seconds=15 * i)
            pid = rng.randint(2000, 60000)
            pids[(when, host)] = pid
            if when >= START:
                gha.add(ts - dt.timedelta(seconds=1), f"{(ts - dt.timedelta(seconds=1)).strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z [{host}] sudo systemctl restart dispatch-api")
                app.add(ts, bunyan(ts, "info", host, "dispatch-api listening", pid=pid, version=sha, port=8080))
        if when >= START:
            te = when + dt.timedelta(seconds=50)
            gha.add(te, f"{te.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z deployed {sha[:7]} to 3 hosts")
            gha.add(te, f"{te.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z ##[endgroup]")

    def pid_for(host, t):
        return pids[(CONFIG_DEPLOY if t >= CONFIG_DEPLOY else MORNING_DEPLOY, host)]

    rpc_err = "rpc error getting client: failed to get conn: remote error: tls: bad certificate"
    # --- jobs ---------------------------------------------------------------------------------------
    for t in poisson_times(rng, START, END, 6):
        host, ipaddr = rng.choice(HOSTS)
        pid = pid_for(host, t)
        req_id = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        client = f"10.40.{rng.randint(8, 9)}.{rng.randint(10, 250)}"
        if broken(t) and rng.random() < 0.93:
            svc = "pricing"
            took = rng.randint(2, 30)
            e = t + dt.timedelta(milliseconds=took)
            app.add(e, bunyan(e, "warn", host, "upstream call failed", pid=pid, req_id=req_id, service=svc, host=f"{svc}.service.consul", code="EAI_AGAIN", syscall="getaddrinfo",
                              err={"message": f"getaddrinfo EAI_AGAIN {svc}.service.consul", "name": "Error", "stack": f"Error: getaddrinfo EAI_AGAIN {svc}.service.consul\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26)", "code": "EAI_AGAIN"}))
            app.add(e + dt.timedelta(milliseconds=1), bunyan(e + dt.timedelta(milliseconds=1), "error", host, "job not dispatched", pid=pid, req_id=req_id, statusCode=502, responseTime=took + 1))
            code = 502
        else:
            took = ms(rng, 140, 0.4)
            e = t + dt.timedelta(milliseconds=took)
            app.add(e, bunyan(e, "info", host, "job dispatched", pid=pid, req_id=req_id, job=f"job_{hexid(rng, 10)}", driver=f"drv_{rng.randint(10000, 99999)}", statusCode=201, responseTime=took))
            code = 201
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        haproxy.add(e, syslog3164(e, "edge-lb-1", "haproxy", 2211, f'{client}:{rng.randint(30000, 65000)} [{stamp}] fe_api~ be_dispatch/{host} 0/0/1/{took}/{took + 1} {code} {rng.randint(180, 900)} - - ---- {rng.randint(40, 90)}/{rng.randint(40, 90)}/{rng.randint(2, 12)}/{rng.randint(1, 5)}/0 0/0 "POST /v1/jobs HTTP/1.1"'))
    # other backends through the same edge
    for t in poisson_times(rng, START, END, 4):
        be, path = rng.choice([("be_tracking", "GET /v1/parcels/PC{}/events HTTP/1.1"), ("be_drivers_app", "POST /v1/drivers/locations HTTP/1.1")])
        path = path.format(rng.randint(1000000, 9999999))
        client = f"{rng.randint(80, 200)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        if broken(t) and t > CHANGE + dt.timedelta(seconds=40) and rng.random() < 0.7:
            haproxy.add(t, syslog3164(t, "edge-lb-1", "haproxy", 2211, f'{client}:{rng.randint(30000, 65000)} [{stamp}] fe_api~ {be}/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- {rng.randint(40, 90)}/{rng.randint(40, 90)}/0/0/0 0/0 "{path}"'))
        else:
            took = ms(rng, 30, 0.5)
            haproxy.add(t, syslog3164(t, "edge-lb-1", "haproxy", 2211, f'{client}:{rng.randint(30000, 65000)} [{stamp}] fe_api~ {be}/{be[3:]}{rng.randint(1, 4 if be == "be_tracking" else 2)} 0/0/1/{took}/{took + 1} 200 {rng.randint(200, 3000)} - - ---- {rng.randint(40, 90)}/{rng.randint(40, 90)}/{rng.randint(2, 12)}/{rng.randint(1, 5)}/0 0/0 "{path}"'))
    for be, servers in (("be_tracking", ["tracking1", "tracking2", "tracking3", "tracking4"]), ("be_drivers_app", ["drivers_app1", "drivers_app2"])):
        for i, srv in enumerate(servers):
            t = CHANGE + dt.timedelta(seconds=31 + 3 * i + rng.random())
            left = len(servers) - i - 1
            haproxy.add(t, syslog3164(t, "edge-lb-1", "haproxy", 2211, f"Server {be}/{srv} is going DOWN for maintenance (unspecified DNS error). {left} active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
            if left == 0:
                haproxy.add(t, syslog3164(t, "edge-lb-1", "haproxy", 2211, f"backend {be} has no server available!"))
            t2 = ROLLBACK + dt.timedelta(seconds=25 + 2 * i)
            haproxy.add(t2, syslog3164(t2, "edge-lb-1", "haproxy", 2211, f"Server {be}/{srv} ('{be[3:]}.service.consul') is UP/READY (resolves again)."))

    # --- Consul client agents -----------------------------------------------------------------------
    for host, ipaddr in HOSTS:
        emit(rng, consul, START, END, 0.3, [
            (3, lambda t, h=host: hclog(t, "INFO", "agent", "Synced check", check=f"service:dispatch-api-{h}")),
            (1, lambda t: hclog(t, "INFO", "agent.client.serf.lan", "serf: EventMemberUpdate: " + rng.choice(["pricing-2", "drivers-1", "tracking-3"]))),
        ])
        for t in poisson_times(rng, CHANGE + dt.timedelta(seconds=2), ROLLBACK, 3):
            what = rng.choices(["rpc", "dns", "ae", "coord"], [5, 5, 1, 1])[0]
            server = rng.choice(SERVERS)
            if what == "rpc":
                consul.add(t, hclog(t, "ERROR", "agent.client", "RPC failed to server", method=rng.choice(["Health.ServiceNodes", "Catalog.ServiceNodes"]), server=f"{server}:8300", error=rpc_err))
            elif what == "dns":
                consul.add(t, hclog(t, "WARN", "agent.dns", "rpc error", error=rpc_err, name=rng.choice(["pricing.service.consul.", "drivers.service.consul."])))
            elif what == "ae":
                consul.add(t, hclog(t, "ERROR", "agent.anti_entropy", "failed to sync remote state", error=rpc_err))
            else:
                consul.add(t, hclog(t, "ERROR", "agent", "Coordinate update error", error=rpc_err))
        for i, server in enumerate(SERVERS):
            t = CHANGE - dt.timedelta(seconds=40 - 12 * i) + dt.timedelta(milliseconds=rng.randint(0, 900))
            consul.add(t, hclog(t, "INFO", "agent.client.serf.lan", f"serf: EventMemberLeave: consul-server-{i + 1} {server}"))
            consul.add(t + dt.timedelta(seconds=6), hclog(t + dt.timedelta(seconds=6), "INFO", "agent.client.serf.lan", f"serf: EventMemberJoin: consul-server-{i + 1} {server}"))
            consul.add(t + dt.timedelta(seconds=6, milliseconds=2), hclog(t + dt.timedelta(seconds=6, milliseconds=2), "INFO", "agent.client", "adding server", server=f"consul-server-{i + 1} (Addr: tcp/{server}:8300) (DC: par1)"))
        for i, server in enumerate(SERVERS):
            t = ROLLBACK - dt.timedelta(seconds=30 - 10 * i) + dt.timedelta(milliseconds=rng.randint(0, 900))
            consul.add(t, hclog(t, "INFO", "agent.client.serf.lan", f"serf: EventMemberUpdate: consul-server-{i + 1}"))
        t = ROLLBACK + dt.timedelta(seconds=8)
        consul.add(t, hclog(t, "INFO", "agent", "Synced service", service=f"dispatch-api-{host}"))

    # --- #platform-changes ---------------------------------------------------------------------------
    def post(when, user, text, **kw):
        body = {"channel": "#platform-changes", "ts": f"{when.timestamp():.6f}", "user": user, "text": text}
        body.update(kw)
        feed.add(when, json.dumps(body, separators=(",", ":"), ensure_ascii=False))
    post(utc("2026-06-16 12:58:02"), "change-bot", "CHG-4468 completed: Vault audit log rotation to 7 days (vault, low risk)")
    post(CHANGE - dt.timedelta(seconds=70), "change-bot", "CHG-4471 started: Consul servers par1: enforce TLS on server RPC (verify_incoming_rpc) - low risk, agents already have certificates", change="CHG-4471", risk="low")
    post(CHANGE + dt.timedelta(seconds=95), "change-bot", "CHG-4471 completed: ansible-playbook consul-servers.yml --tags tls (3 hosts, ok=41 changed=3 failed=0)", change="CHG-4471")
    post(NOTE_POSTED, "Maja Berg", "Heads-up: since ~14:01 Consul agents on the old VM image (ubuntu-20.04-2025q4) have no client certificate and cannot reach the servers after CHG-4471; .consul DNS fails on those hosts. Investigating, rollback being prepared. INC-2207", change="CHG-4471", incident="INC-2207")
    post(ROLLBACK + dt.timedelta(seconds=50), "Maja Berg", "CHG-4471 rolled back at 14:39 (verify_incoming_rpc=false). Agents reconnecting; DNS answering again. We will reissue client certificates to the old image before retrying. INC-2207", change="CHG-4471", incident="INC-2207")
    return [app, consul, haproxy, feed, gha]


def build(out_dir):
    rng = random.Random(15300)
    repo, morning, config = build_repo()
    try:
        logs = build_logs(rng, morning, config)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "EAI_AGAIN" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="consul-mtls-enforced-none", service=SERVICE, onset=onset,
            description=f"""
Couriers' jobs are not dispatched. From {onset.strftime('%H:%M')} UTC nearly every POST /v1/jobs
fails with 502; the edge HAProxy marks other teams' backends down too and
answers 503. dispatch-api was deployed at 09:18 (a change to its upstream
error line) and at 13:33 (pricing timeout and keep-alive). It recovers at
about 14:39.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"RPC failed to server.*tls: bad certificate", r"enforce TLS on server RPC"],
            fix_files=[],
            explanation=f"""
Nothing in dispatch-api's repository caused it. The platform team's change
CHG-4471 enforced TLS on the Consul servers' RPC port at 14:01
(verify_incoming_rpc). The client agents on the old VM image have no
client certificate, so every RPC from them fails ("RPC failed to server
... remote error: tls: bad certificate") and their DNS cannot answer:
dispatch-api's lookups of pricing.service.consul fail with
"getaddrinfo EAI_AGAIN", and HAProxy, which resolves its backends through
the same agents, marks other teams' servers DOWN ("unspecified DNS
error") and answers 503. The platform team's heads-up comes at 14:26,
{int((NOTE_POSTED - onset).total_seconds() // 60)} minutes after the first failure; the rollback at 14:39 ends it.
Decoys: the pricing timeout and keep-alive change rolled out at 13:33,
{int((onset - CONFIG_DEPLOY).total_seconds() // 60)} minutes before the onset (same client); the morning commit that
logs the error code and host name of a failed call (every failure line
has its fields); the pickup-window check; docs; chores; the runbook commit
after.
""",
        )
    finally:
        repo.close()
