"""diary-live (TypeScript on Node 20, `ws` and ioredis; three pods on EKS
in eu-west-2 behind ingress-nginx, released by a GitHub Actions workflow
running `helm upgrade`) of Hartwell Vets, a UK chain of 61 veterinary
clinics and three 24-hour hospitals. The reception diary in vetcore's web
app opens a WebSocket to diary-live (wss://diary.hartwellvets.app/live/diary)
and receives every booking, arrival, move and cancellation of its clinic
as it happens; diary-live takes them from vetcore's Redis pub/sub. Without
the socket the diary shows "Live updates paused - refresh to see changes"
after three attempts, and two receptionists can book the same slot.

The clinics' internet goes through Group IT's cloud secure web gateway,
Cirrusgate SWG: until now without TLS inspection for business software,
so the browsers' HTTPS reached the platform in CONNECT tunnels. Change
CHG-10482 (Group IT, approved at the CAB the week before, not sent to the
platform team) enables TLS inspection for the SaaS categories at the
clinic sites on Tuesday 17 November, 07:30-08:00. Cirrusgate's inspecting
proxy forwards HTTP/1.1 requests but not the WebSocket upgrade: it drops
the hop-by-hop Upgrade and Connection headers, so diary-live receives a
plain GET and answers 426 Upgrade Required.

Tuesday 17 November (UK time is UTC): at 07:04 diary-live 3.8.0 is
released (DIARY-208: permessage-deflate on the diary socket; DIARY-205 of
the day before, which logs a refused non-upgrade request with its
headers; a ws bump). At 07:31 the inspection rule is enabled. Sockets
already open in the hospitals stay up (their tunnels were set up before);
each one that reconnects afterwards fails, and from 08:00 every clinic
that opens its diary gets "Live updates paused". Vets on call at home and
the mobile app (not behind the SWG) are fine. Receptionists double-book
(409 "slot no longer available" rise), clinics ring the service desk.
The on-call restarts the pods at 08:21 and rolls 3.8.0 back at 08:41
(the refusal warnings vanish, the 426s do not). At 08:52 the platform
team notices that only requests from the SWG fail and that they carry a
Via header from Cirrusgate; Group IT finds CHG-10482 and adds
*.hartwellvets.app to the inspection exemptions at 09:14. Diaries
reconnect on their next refresh; 3.8.0 is released again at 10:02.
Nothing in diary-live caused it.

Sources: diary-live (pino JSON), ingress-nginx access, Cirrusgate SWG web
log export for diary.hartwellvets.app and app.hartwellvets.app (key=value),
Cirrusgate admin audit (JSON lines), ServiceNow change record (JSON
lines), GitHub Actions deploy runs, #clinic-systems-support (Teams
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import nginx_access, pino
from skeletons import chores, runbook

SERVICE = "diary-live"
START, END = utc("2026-11-17 05:30:00"), utc("2026-11-17 10:30:00")
RELEASE = utc("2026-11-17 07:04:30")
POLICY = utc("2026-11-17 07:31:10")
RESTART = utc("2026-11-17 08:21:20")
ROLLBACK = utc("2026-11-17 08:41:40")
EXEMPT = utc("2026-11-17 09:14:40")
RERELEASE = utc("2026-11-17 10:02:30")
RULE = "Clinic Sites - Inspect SaaS"
VIA = "1.1 cgw-lon3.cirrusgate.net (Cirrusgate SWG)"

# ---------------------------------------------------------------------------
# the repository

PACKAGE = """{
  "name": "diary-live",
  "version": "3.7.2",
  "private": true,
  "type": "module",
  "scripts": { "build": "tsc -p .", "start": "node dist/server.js", "test": "vitest run" },
  "dependencies": {
    "ioredis": "5.4.1",
    "pino": "9.5.0",
    "ws": "8.17.1",
    "jose": "5.9.6"
  },
  "devDependencies": { "typescript": "5.6.3", "vitest": "2.1.4", "@types/ws": "8.5.12" }
}
"""

SERVER_V1 = """import http from "node:http";
import { WebSocketServer } from "ws";
import pino from "pino";
import { subscribeClinic } from "./redis.js";
import { authenticate } from "./auth.js";

const log = pino();
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok");
    return;
  }
  // Anything else is a browser that did not ask for a WebSocket.
  res.writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket" }).end("Upgrade Required");
});

server.on("upgrade", async (req, socket, head) => {
  const session = await authenticate(req);
  if (!session) {
    socket.end("HTTP/1.1 401 Unauthorized\\r\\n\\r\\n");
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const opened = Date.now();
    log.info({ clinic: session.clinic, user: session.user, client: session.client }, "diary socket opened");
    const unsubscribe = subscribeClinic(session.clinic, (change) => ws.send(JSON.stringify(change)));
    ws.on("close", (code) => {
      unsubscribe();
      log.info({ clinic: session.clinic, code, seconds: Math.round((Date.now() - opened) / 1000) }, "diary socket closed");
    });
  });
});

server.listen(8080);
"""

VALUES = """image:
  repository: 418827361044.dkr.ecr.eu-west-2.amazonaws.com/diary-live
replicaCount: 3
ingress:
  host: diary.hartwellvets.app
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"
env:
  REDIS_URL: redis://vetcore-redis.vetcore.svc:6379/2
"""

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      ref: { description: "git ref to deploy", default: "main" }
      action: { type: choice, options: [deploy, rollback], default: deploy }
jobs:
  deploy:
    runs-on: [self-hosted, eks-deployer]
    steps:
      - uses: actions/checkout@v4
        with: { ref: "${{ inputs.ref }}" }
      - if: inputs.action == 'deploy'
        run: helm upgrade diary-live chart -n diary -f chart/values-production.yaml --set image.tag=${GITHUB_SHA::8} --wait
      - if: inputs.action == 'rollback'
        run: helm rollback diary-live 0 -n diary --wait
"""

RUNBOOK_ALERTS = [
    ("DiarySocketsLow", "Fewer open diary sockets than usual for the time of day. Check the pods and their Redis subscription (`diary subscription` lines); a restart resubscribes."),
]


def build_repo():
    repo = Repo()
    ellen = Person("Ellen Price", "ellen.price@hartwellvets.co.uk", 0)
    jonah = Person("Jonah Whitfield", "jonah.whitfield@hartwellvets.co.uk", 0)
    marek = Person("Marek Zielinski", "marek.zielinski@contractors.hartwellvets.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    srv = "src/server.ts"
    files = {
        "package.json": PACKAGE,
        srv: SERVER_V1,
        "src/redis.ts": 'import Redis from "ioredis";\n\nconst sub = new Redis(process.env.REDIS_URL!);\nconst handlers = new Map<string, Set<(c: unknown) => void>>();\n\nsub.on("message", (channel, text) => {\n  for (const h of handlers.get(channel) ?? []) h(JSON.parse(text));\n});\n\nexport function subscribeClinic(clinic: string, h: (c: unknown) => void) {\n  const channel = `diary:${clinic}`;\n  if (!handlers.has(channel)) {\n    handlers.set(channel, new Set());\n    sub.subscribe(channel);\n  }\n  handlers.get(channel)!.add(h);\n  return () => handlers.get(channel)!.delete(h);\n}\n',
        "src/auth.ts": 'import { jwtVerify, createRemoteJWKSet } from "jose";\nimport type { IncomingMessage } from "node:http";\n\nconst jwks = createRemoteJWKSet(new URL("https://app.hartwellvets.app/.well-known/jwks.json"));\n\nexport async function authenticate(req: IncomingMessage) {\n  const cookie = /hv_diary=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];\n  if (!cookie) return null;\n  try {\n    const { payload } = await jwtVerify(cookie, jwks);\n    return { clinic: String(payload.clinic), user: String(payload.sub), client: "web" };\n  } catch {\n    return null;\n  }\n}\n',
        "chart/values-production.yaml": VALUES,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "README.md": "# diary-live\n\nPushes vetcore's diary changes (bookings, arrivals, moves, cancellations)\nto the reception diaries over a WebSocket, per clinic, from vetcore's\nRedis pub/sub (`diary:<clinic>`).\n\n```\nnpm ci && npm run build && REDIS_URL=redis://localhost:6379/2 npm start\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-11 10:05:00"), ellen, "diary-live: socket server, per-clinic Redis subscriptions, chart", files)
    repo.schedule(chores(random.Random(49201), SERVICE, [ellen, jonah], utc("2026-11-11 11:00:00"), utc("2026-11-13 16:00:00"), 3))
    repo.commit(utc("2026-11-12 14:20:00"), marek, "auth: accept the mobile app's bearer token on upgrade (DIARY-199)", {
        "src/auth.ts": repo.edit("src/auth.ts", '  const cookie = /hv_diary=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];\n',
                                 '  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];\n  const cookie = bearer ?? /hv_diary=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];\n'),
    })
    friday = repo.commit(utc("2026-11-13 11:40:00"), jonah, "runbook: live updates paused in the diary", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Live updates paused\n\nReceptions see \"Live updates paused\": their diary could not open a\nsocket three times. Check that the pods are up and subscribed; `kubectl\n-n diary rollout restart deploy/diary-live` resubscribes. If it started\nwith a release, roll back (Actions > deploy > action: rollback).\n",
    })
    repo.commit(utc("2026-11-16 07:10:00"), bot, "fix(deps): update dependency ioredis to v5.4.2", {
        "package.json": repo.edit("package.json", '"ioredis": "5.4.1"', '"ioredis": "5.4.2"'),
    })
    repo.commit(utc("2026-11-16 15:10:00"), marek, "server: log requests to the socket path that are not an upgrade (DIARY-205)\n\nLast week a clinic's diary never connected and we had nothing in our\nlogs, only nginx's 426. Log what came in (without the cookie).", {
        srv: repo.edit(srv, '  // Anything else is a browser that did not ask for a WebSocket.\n',
                       '  // Anything else is a browser that did not ask for a WebSocket.\n  if (req.url?.startsWith("/live/diary")) {\n    log.warn({ upgrade: req.headers.upgrade ?? "-", connection: req.headers.connection ?? "-", via: req.headers.via ?? "-",\n      xff: req.headers["x-forwarded-for"], ua: req.headers["user-agent"] }, "refused non-upgrade request to /live/diary");\n  }\n'),
    })
    repo.commit(utc("2026-11-16 16:40:00"), ellen, "docs: how a diary change reaches the clinics", {
        "docs/diary.md": "# How a diary change reaches a clinic\n\n1. vetcore publishes the change to Redis `diary:<clinic>`.\n2. diary-live pushes it on every socket of that clinic.\n3. The reception PCs reach diary.hartwellvets.app through Group IT's\n   Cirrusgate SWG (CONNECT, not inspected); vets on call and the mobile\n   app connect directly.\n",
    })
    repo.commit(utc("2026-11-17 06:40:00"), marek, "server: permessage-deflate on the diary socket (DIARY-208)\n\nA morning's first diary load pushes the whole day (up to 400 KB for the\nhospitals); compressed it is a tenth of that.", {
        srv: repo.edit(srv, "const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });\n",
                       "const wss = new WebSocketServer({\n  noServer: true,\n  maxPayload: 64 * 1024,\n  perMessageDeflate: { threshold: 1024, zlibDeflateOptions: { level: 6 }, serverNoContextTakeover: true },\n});\n"),
    })
    repo.commit(utc("2026-11-17 06:46:00"), bot, "fix(deps): update dependency ws to v8.18.0", {
        "package.json": repo.edit("package.json", '"ws": "8.17.1"', '"ws": "8.18.0"'),
    })
    head = repo.commit(utc("2026-11-17 06:55:00"), marek, "release 3.8.0", {
        "package.json": repo.edit("package.json", '"version": "3.7.2"', '"version": "3.8.0"'),
        "CHANGELOG.md": "# Changelog\n\n## 3.8.0\n\n- permessage-deflate on the diary socket (DIARY-208)\n- refused non-upgrade requests are logged (DIARY-205)\n- ws 8.18.0, ioredis 5.4.2\n",
    })
    repo.commit(utc("2026-11-17 11:20:00"), jonah, "runbook: paused everywhere at the clinics but not at home (INC-1203)\n\nCHG-10482 turned on Cirrusgate's TLS inspection for the clinics; its\nproxy does not pass WebSocket upgrades.", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Paused at every clinic, fine at home or on 4G\n\nLook at the refused requests' `via`: if they came through Cirrusgate's\ninspecting proxy the Upgrade header was dropped on the way. Group IT\nkeeps *.hartwellvets.app in the SWG's TLS inspection exemptions; ask the\nservice desk to check the SWG policy.\n",
    })
    return repo, {"head": head, "prev": friday}


# ---------------------------------------------------------------------------
# the morning

CLINICS = ["Bristol Hospital", "Exeter Hospital", "Reading Hospital", "Bath", "Clifton", "Keynsham", "Portishead", "Weston", "Taunton",
           "Newport", "Cardiff Bay", "Cheltenham", "Gloucester", "Swindon", "Didcot", "Salisbury", "Yeovil", "Plymouth", "Truro",
           "Barnstaple", "Bridgwater", "Frome", "Chippenham", "Stroud", "Newbury", "Wokingham", "Henley", "Abingdon", "Witney", "Banbury"]
HOSPITALS = CLINICS[:3]
SWG_IPS = ["147.161.224.17", "147.161.224.18", "147.161.225.40"]
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"
APP_UA = "HartwellVets/5.12.0 (iPhone; iOS 18.1) okhttp-ws"


def build_logs(rng, shas):
    app, ingress, swg, audit, chg, gha, teams = (Log("diary-live.log"), Log("ingress-nginx.log"), Log("cirrusgate-swg.log"),
                                                 Log("cirrusgate-admin-audit.log"), Log("servicenow-change.log"),
                                                 Log("github-actions-deploy.log"), Log("teams-clinic-systems-support.log"))
    stats = {"open": [], "refused": [], "conflicts": []}

    def inwin(t):
        return START <= t < END

    def version(t):
        return "3.8.0" if (RELEASE <= t < ROLLBACK or t >= RERELEASE) else "3.7.2"

    def pods(t):
        if t < RELEASE:
            return ["diary-live-6b7c8d9f5-4kq2m", "diary-live-6b7c8d9f5-9xwtz", "diary-live-6b7c8d9f5-r7bnl"]
        if t < RESTART:
            return ["diary-live-7f9d5c6b8-2hwqs", "diary-live-7f9d5c6b8-m8vkj", "diary-live-7f9d5c6b8-t5zrx"]
        if t < ROLLBACK:
            return ["diary-live-7f9d5c6b8-8cjpd", "diary-live-7f9d5c6b8-fq4wn", "diary-live-7f9d5c6b8-x2lhs"]
        if t < RERELEASE:
            return ["diary-live-6b7c8d9f5-b3mzr", "diary-live-6b7c8d9f5-k9dfx", "diary-live-6b7c8d9f5-w6tqp"]
        return ["diary-live-7f9d5c6b8-d4rkn", "diary-live-7f9d5c6b8-h7xbm", "diary-live-7f9d5c6b8-p2vgs"]

    def plog(t, level, msg, **kv):
        if inwin(t):
            kv.setdefault("hostname", rng.choice(pods(t)))
            app.add(t, pino(t, level, msg, pid=1, **kv))

    def ing(t, client, method, path, status, size, rt, ua=UA, host="diary.hartwellvets.app"):
        if inwin(t):
            ingress.add(t, nginx_access(t, client, method, path, status, size, rt, ua, upstream_rt=max(0.001, rt - 0.001)))

    def swglog(t, site, user, method, url, status, ssl, rule, cat="Business Software", req=0, resp=0):
        if inwin(t):
            swg.add(t, f'{t.strftime("%Y-%m-%dT%H:%M:%S")}Z cgw-lon3 CirrusgateSWG: tx={hexid(rng, 12)} action="Allowed" site="{site}" user="{user}" '
                       f'clientip=10.{70 + CLINICS.index(site) % 20}.{rng.randint(1, 9)}.{rng.randint(20, 220)} method="{method}" url="{url}" status={status} '
                       f'ssl="{ssl}" rule="{rule}" category="{cat}" reqsize={req} respsize={resp} egress={rng.choice(SWG_IPS)}')

    def inspected(t):
        return POLICY <= t < EXEMPT

    def site_user(clinic):
        return f"reception.{clinic.lower().replace(' ', '')}@hartwellvets.co.uk"

    # --- diary sessions: (clinic, opened_at, via_swg, lifetime)
    sessions = []
    for clinic in HOSPITALS:   # open through the night, tabs reload now and then
        for k in range(4):
            t = START - dt.timedelta(minutes=rng.uniform(5, 180))
            while t < END:
                life = dt.timedelta(minutes=rng.expovariate(1 / 38))
                sessions.append((clinic, t, True, life))
                t += life + dt.timedelta(seconds=rng.uniform(2, 40))
    for clinic in CLINICS[3:]:   # clinics open between 07:50 and 08:30
        for k in range(rng.randint(2, 4)):
            t = utc("2026-11-17 07:48:00") + dt.timedelta(minutes=rng.uniform(0, 40))
            while t < END:
                life = dt.timedelta(minutes=rng.expovariate(1 / 55))
                sessions.append((clinic, t, True, life))
                t += life + dt.timedelta(seconds=rng.uniform(2, 40))
    for k in range(40):   # vets on call and the mobile app, not behind the SWG
        t = START + dt.timedelta(minutes=rng.uniform(0, 300))
        sessions.append((rng.choice(CLINICS), t, False, dt.timedelta(minutes=rng.expovariate(1 / 12))))

    open_sockets = []   # (clinic, start, end)
    for clinic, t0, via_swg, life in sessions:
        t = t0
        blocked = via_swg and inspected(t)
        if not blocked:
            end = t + life
            # a socket set up before the policy keeps its CONNECT tunnel
            if via_swg and t < POLICY and end > POLICY:
                pass
            open_sockets.append((clinic, t, end, via_swg))
            continue
        # three attempts, then "Live updates paused"; the receptionist refreshes now and then
        while t < t0 + life and t < END:
            for a, gap in enumerate([0, 2, 6]):
                at = t + dt.timedelta(seconds=gap, milliseconds=rng.randint(0, 400))
                if not inspected(at):
                    break
                stats["refused"].append(at)
                client = rng.choice(SWG_IPS)
                ing(at, client, "GET", "/live/diary", 426, 16, 0.001)
                swglog(at, clinic, site_user(clinic), "GET", "https://diary.hartwellvets.app/live/diary", 426, "Inspected", RULE, req=rng.randint(900, 1300), resp=164)
                if version(at) == "3.8.0":
                    plog(at + dt.timedelta(milliseconds=1), "warn", "refused non-upgrade request to /live/diary", upgrade="-", connection="close", via=VIA, xff=f"10.{70 + CLINICS.index(clinic) % 20}.{rng.randint(1, 9)}.{rng.randint(20, 220)}, {client}", ua=UA)
            else:
                t += dt.timedelta(minutes=rng.uniform(6, 22))
                continue
            # the exemption is in place: the next attempt connects
            open_sockets.append((clinic, at, at + life, True))
            break

    for clinic, t0, t1, via_swg in open_sockets:
        t1 = min(t1, END + dt.timedelta(hours=1))
        stats["open"].append((t0, t1, via_swg))
        user = site_user(clinic) if via_swg else f"dr.{rng.choice(['hughes', 'okafor', 'lindqvist', 'morgan', 'patel', 'evans', 'reid'])}@hartwellvets.co.uk"
        client = rng.choice(SWG_IPS) if via_swg else f"{rng.choice(['82.132', '86.14', '92.40', '148.252'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        plog(t0, "info", "diary socket opened", clinic=clinic, user=user, client="web" if via_swg else "mobile")
        if via_swg:
            swglog(t0, clinic, user, "CONNECT", "diary.hartwellvets.app:443", 200, "Not inspected" if t0 < POLICY or t0 >= EXEMPT else "Exempt", "Clinic Sites - Default" if t0 < POLICY else ("SSL exemptions - Hartwell platform" if t0 >= EXEMPT else RULE), req=rng.randint(2000, 9000), resp=rng.randint(40000, 900000))
        if t1 < END:
            code = 1001 if rng.random() < 0.85 else 1006
            plog(t1, "info", "diary socket closed", clinic=clinic, code=code, seconds=int((t1 - t0).total_seconds()))
            ing(t1, client, "GET", "/live/diary", 101, rng.randint(20000, 900000), (t1 - t0).total_seconds(), ua=UA if via_swg else APP_UA)

    # pushes: every minute each pod reports what it pushed
    t = START + dt.timedelta(seconds=rng.randint(0, 59))
    while t < END:
        live = sum(1 for a, b, _ in stats["open"] if a <= t < b)
        busy = 8 <= t.hour < 19
        for pod in pods(t):
            n = max(0, int(live / 3 + rng.uniform(-2, 2)))
            plog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "info", "diary pushes", hostname=pod, sockets=n, changes=int(rng.uniform(4, 12) * (6 if busy else 1)), sent=n * rng.randint(2, 9))
        t += dt.timedelta(seconds=60)

    # pod starts
    for when, ver, sha_key in [(RELEASE, "3.8.0", "head"), (RESTART, "3.8.0", "head"), (ROLLBACK, "3.7.2", "prev"), (RERELEASE, "3.8.0", "head")]:
        for k, pod in enumerate(pods(when + dt.timedelta(seconds=1))):
            tt = when - dt.timedelta(seconds=30 - k * 8)
            plog(tt, "info", f"diary-live {ver} listening on :8080", hostname=pod, git=shas[sha_key][:8])
            plog(tt + dt.timedelta(milliseconds=40), "info", "diary subscription ready", hostname=pod, redis="vetcore-redis.vetcore.svc:6379/2")

    # vetcore app traffic through the same ingress (bookings; conflicts when diaries are stale)
    t = START
    while t < END:
        h = t.hour + t.minute / 60
        rate = 2 if h < 7.8 else 13
        t += dt.timedelta(seconds=rng.expovariate(rate / 60))
        stale = inspected(t) and h >= 7.9
        x = rng.random()
        client = rng.choice(SWG_IPS)
        if x < 0.35:
            conflict = rng.random() < (0.11 if stale else 0.012)
            if conflict:
                stats["conflicts"].append(t)
            ing(t, client, "POST", "/api/appointments", 409 if conflict else 201, 96 if conflict else rng.randint(600, 900), rng.uniform(0.06, 0.2), host="app.hartwellvets.app")
        elif x < 0.75:
            ing(t, client, "GET", f"/api/appointments?clinic={rng.randint(1, 64)}&date=2026-11-17", 200, rng.randint(8000, 40000), rng.uniform(0.04, 0.15), host="app.hartwellvets.app")
        else:
            ing(t, client, rng.choice(["GET", "PATCH"]), f"/api/appointments/{rng.randint(7300000, 7399999)}", 200, rng.randint(900, 3000), rng.uniform(0.03, 0.1), host="app.hartwellvets.app")

    # --- Cirrusgate admin audit
    def aud(t, admin, action, category, resource, changes):
        audit.add(t, json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "tenant": "hartwellvets", "admin": admin,
                                 "action": action, "category": category, "resource": resource, "changes": changes, "clientIP": "10.20.4.31"}, separators=(",", ":")))

    aud(utc("2026-11-17 06:12:03"), "svc-backup@hartwellvets.co.uk", "EXPORT", "Configuration Backup", "tenant", "nightly export")
    aud(POLICY - dt.timedelta(seconds=75), "k.okafor@hartwellvets.co.uk", "SIGN_IN", "Admin Portal", "k.okafor", "MFA ok")
    aud(POLICY - dt.timedelta(seconds=20), "k.okafor@hartwellvets.co.uk", "UPDATE", "SSL Inspection Policy", RULE, "state: Disabled -> Enabled; locations: Clinic Sites (64); categories: Business Software, Professional Services, Online Storage (CHG-10482)")
    aud(POLICY, "k.okafor@hartwellvets.co.uk", "ACTIVATE", "Policy", "pending changes", "1 change activated")
    aud(EXEMPT - dt.timedelta(seconds=60), "k.okafor@hartwellvets.co.uk", "UPDATE", "SSL Inspection Policy", "SSL exemptions - Hartwell platform", "domains: + *.hartwellvets.app (INC-1203)")
    aud(EXEMPT, "k.okafor@hartwellvets.co.uk", "ACTIVATE", "Policy", "pending changes", "1 change activated")

    # --- ServiceNow change record
    def snow(t, state, note, who="k.okafor"):
        chg.add(t, json.dumps({"sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"), "number": "CHG-10482", "state": state, "assigned_to": who,
                               "short_description": "Enable TLS inspection for SaaS categories at clinic sites (Cirrusgate SWG)",
                               "cmdb_ci": "Cirrusgate SWG", "planned_start": "2026-11-17 07:30:00", "planned_end": "2026-11-17 08:00:00", "work_notes": note}, separators=(",", ":")))

    snow(utc("2026-11-17 07:29:40"), "Implement", "Starting. Root CA already deployed to clinic PCs by GPO (CHG-10417).")
    snow(utc("2026-11-17 07:44:10"), "Implement", "Rule enabled and activated 07:31. Tested from Clifton test PC: Outlook, Teams, Castlegate portal, app.hartwellvets.app load OK.")
    snow(utc("2026-11-17 07:58:30"), "Review", "Implemented without issues.")
    snow(utc("2026-11-17 09:11:20"), "Review", "INC-1203: platform team reports WebSockets to diary.hartwellvets.app failing through inspection. Adding *.hartwellvets.app to exemptions.")
    snow(utc("2026-11-17 09:16:05"), "Review", "Exemption active 09:14. Diaries connecting again per platform team.")

    # --- GitHub Actions
    def gh(t, text):
        if inwin(t):
            gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(t0, who, action, sha, number):
        gh(t0, f"Requested labels: self-hosted, eks-deployer")
        gh(t0 + dt.timedelta(seconds=1), f"Job defined at: hartwellvets/diary-live/.github/workflows/deploy.yml@refs/heads/main (run {number}, triggered by {who}, action={action})")
        gh(t0 + dt.timedelta(seconds=4), f"HEAD is now at {sha[:7]} release 3.8.0")
        if action == "deploy":
            gh(t0 + dt.timedelta(seconds=6), f"helm upgrade diary-live chart -n diary -f chart/values-production.yaml --set image.tag={sha[:8]} --wait")
            gh(t0 + dt.timedelta(seconds=58), 'Release "diary-live" has been upgraded. Happy Helming!')
        else:
            gh(t0 + dt.timedelta(seconds=6), "helm rollback diary-live 0 -n diary --wait")
            gh(t0 + dt.timedelta(seconds=52), "Rollback was a success! Happy Helming!")
        gh(t0 + dt.timedelta(seconds=60), "Cleaning up orphan processes")

    run(RELEASE - dt.timedelta(seconds=62), "marek-zielinski-hv", "deploy", shas["head"], 311)
    run(ROLLBACK - dt.timedelta(seconds=60), "ellenprice-hv", "rollback", shas["head"], 312)
    run(RERELEASE - dt.timedelta(seconds=62), "marek-zielinski-hv", "deploy", shas["head"], 313)

    # --- Teams
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "clinic-systems-support",
                                 "from": who, "body": text}, ensure_ascii=False))

    say("2026-11-17 07:06:20", "Marek Zielinski", "diary-live 3.8.0 out: compressed diary pushes (DIARY-208), logging of refused non-upgrade requests, ws 8.18")
    say("2026-11-17 08:06:40", "Service Desk (Hannah)", "Taunton and Yeovil: diary says 'Live updates paused - refresh to see changes', refreshing doesn't help")
    say("2026-11-17 08:12:15", "Service Desk (Hannah)", "now 9 clinics with the same. Portishead double-booked the 08:40 with Dr Reid")
    say("2026-11-17 08:14:30", "Ellen Price", "looking. diary-live pods healthy, Redis subscription fine, mobile app sockets open. lots of 426s on /live/diary and 3.8.0's new 'refused non-upgrade request' warnings")
    say("2026-11-17 08:19:50", "Ellen Price", "restarting diary-live per runbook")
    say("2026-11-17 08:24:30", "Ellen Price", "no change after restart. 3.8.0 went out at 07:04 with permessage-deflate and a ws bump; rolling back")
    say("2026-11-17 08:36:10", "Bristol Hospital (night reception)", "our diary was fine all night, since about 07:35 it keeps saying paused too")
    say("2026-11-17 08:43:50", "Ellen Price", "3.7.2 back. the warnings are gone but nginx still answers 426 for every clinic's /live/diary. not the release")
    say("2026-11-17 08:52:30", "Jonah Whitfield", "the refused requests before the rollback all had via='1.1 cgw-lon3.cirrusgate.net (Cirrusgate SWG)', connection=close and no Upgrade header. my diary at home works. did Group IT change the SWG?")
    say("2026-11-17 08:58:10", "Service Desk (Hannah)", "CHG-10482 this morning 07:30: TLS inspection on for SaaS at clinic sites (Kemi). asking her")
    say("2026-11-17 09:06:40", "Kemi Okafor (Group IT)", "yes, enabled 07:31. Cirrusgate's inspecting proxy doesn't pass WebSocket upgrades, I'll add *.hartwellvets.app to the exemptions")
    say("2026-11-17 09:15:20", "Kemi Okafor (Group IT)", "exemption active")
    say("2026-11-17 09:18:45", "Ellen Price", "diaries connecting again after a refresh. service desk: please ask the clinics to refresh the diary and check today's bookings for doubles")
    say("2026-11-17 10:04:20", "Marek Zielinski", "3.8.0 released again, sockets compressed, all fine")
    return [app, ingress, swg, audit, chg, gha, teams], stats


def build(out_dir):
    rng = random.Random(49200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        refused = sorted(stats["refused"])
        onset = refused[0].replace(microsecond=0)
        assert POLICY < onset < utc("2026-11-17 07:50:00"), onset
        opens = stats["open"]

        def per_min(events):
            return lambda t: sum(1 for x in events if t - dt.timedelta(minutes=1) < x <= t)

        metrics = {
            "diary_live_open_sockets.json": query_range(
                [({"job": "diary-live", "via": "swg"}, lambda t: sum(1 for a, b, v in opens if v and a <= t < b)),
                 ({"job": "diary-live", "via": "direct"}, lambda t: sum(1 for a, b, v in opens if not v and a <= t < b))], START, END, 60),
            "nginx_ingress_requests_426_per_min.json": query_range(
                [({"ingress": "diary-live", "status": "426"}, per_min(refused))], START, END, 60),
            "vetcore_appointment_conflicts_per_min.json": query_range(
                [({"job": "vetcore-web", "status": "409"}, per_min(sorted(stats["conflicts"])))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r49-diary-websocket-inspection-none", service=SERVICE, onset=onset,
            description=f"""
Hartwell Vets' reception diaries stop updating live on Tuesday 17 November:
from {onset.strftime('%H:%M:%S')} UTC every new diary socket from a clinic is answered 426
Upgrade Required, first in the 24-hour hospitals, then at every clinic as
it opens; the diaries say "Live updates paused" and receptions double-book.
diary-live 3.8.0 had been released at 07:04; a restart at 08:21 and a
rollback at 08:41 did not help. Diaries connect again from about 09:15.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "cirrusgate-swg.log": r"<Time> <Host> <Proc>: <Content>",
            },
            root_cause=[
                r"SSL Inspection Policy",
                r"refused non-upgrade request to /live/diary",
                r'rule="Clinic Sites - Inspect SaaS"',
            ],
            fix_files=[],
            explanation="""
No commit caused this. Group IT's change CHG-10482 enabled TLS inspection
for the SaaS categories at the clinic sites in the Cirrusgate secure web
gateway at 07:31 (admin audit: "SSL Inspection Policy", rule "Clinic
Sites - Inspect SaaS", state Disabled -> Enabled). Until then the
reception PCs' HTTPS went through the gateway in CONNECT tunnels; now its
inspecting proxy terminates TLS and forwards each request without the
hop-by-hop Upgrade and Connection headers, so a diary's WebSocket
handshake reaches diary-live as a plain GET and is answered 426 Upgrade
Required (SWG: GET https://diary.hartwellvets.app/live/diary status=426
ssl="Inspected" rule="Clinic Sites - Inspect SaaS"; diary-live 3.8.0:
"refused non-upgrade request to /live/diary" with upgrade=- and Via
cgw-lon3.cirrusgate.net). Sockets opened before 07:31 keep their tunnels;
vets at home and the mobile app do not go through the gateway and work
throughout. The exemption of *.hartwellvets.app at 09:14 ends it; nothing
in the repository is changed for it (a runbook note follows).
Decoys: diary-live 3.8.0 released at 07:04, 27 minutes before, with
DIARY-208 (permessage-deflate on the very socket), DIARY-205 of the day
before (adds the very "refused non-upgrade request" warning, so the line
is new), a ws bump and an ioredis bump; a restart at 08:21 and a rollback
at 08:41 without effect (the warnings vanish, the 426s go on), released
again at 10:02; DIARY-199 (bearer tokens on upgrade, in the auth code);
the runbook commit that says to restart or roll back; the docs commit
that says the clinics' traffic is not inspected; the change record
marked implemented without issues at 07:58; routine slot conflicts and
sockets closed by the mobile app.
""",
        )
    finally:
        repo.close()
