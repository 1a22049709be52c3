"""odds-ingest (Python 3.12, asyncio with aio-pika and httpx; one active
pod and a standby on Castellan Sports' own Rancher cluster in its Isle of
Man data centre, released by a Jenkins pipeline that runs `helm upgrade`;
trading tech team in Douglas and a contractor in Kraków) of Castellan
Sports, an online sportsbook. It holds the AMQP (TLS, port 5671)
connection to the odds provider Fieldline Data's message stream
(stream.eu.fieldline.io): odds changes, bet stops, settlements and the
producers' alive messages for LiveOdds (in-play) and Prematch. When a
producer sends no alive message for 20 s, odds-ingest suspends all of its
markets, and betslip-api refuses bets on them; after a reconnect it asks
Fieldline's REST API (api.fieldline.io) for a recovery and reopens the
markets. Egress leaves the data centre through a FortiGate pair run by the
network team; policy 214 ("feeds-egress") allows the stream's address range
91.208.114.0/24 on 5671.

On 6 October Fieldline emailed its customers' technical contacts: on
Tuesday 27 October at 10:00 UTC the stream moves to a new cluster at
185.61.148.0/24, "please update your firewall allow-lists before then";
the old cluster is shut down at 10:00. The email went to the feeds@
shared mailbox; nobody raised a change for the firewall.

Tuesday 27 October (Isle of Man time is UTC after the clocks went back on
Sunday): at 09:31 odds-ingest 4.22.0 is released (ODDS-611, recovery per
producer after a reconnect, in the connection code; ODDS-604 of the day
before, which logs each reconnect attempt with the resolved address; an
aio-pika bump). At 10:00:37 Fieldline's old cluster closes the connection
("CONNECTION_FORCED - broker forced connection closure with reason
'shutdown'"); stream.eu.fieldline.io already resolves to 185.61.148.21 and
.22, and every reconnect times out: the FortiGate drops the SYNs (implicit
deny, policy 0). Twenty seconds later LiveOdds and Prematch are down and
every market is suspended: in-play tennis, table tennis, cricket and the
early football, and all pre-match markets; betslip-api refuses every bet
with MARKET_SUSPENDED.

The on-call suspects the morning's release and rolls it back at 10:21
(the reconnect lines lose the address, the timeouts go on). Fieldline's
status page is green; at 10:34 Fieldline's support asks whether the
allow-list was updated, and a trader finds the 6 October email. The
network team finds the denies and adds the new range to policy 214 at
10:51 (an emergency change); odds-ingest connects at 10:52:12, recovers
both producers and reopens the markets at 10:53. 4.22.0 is released again
at 11:26. Nothing in odds-ingest caused it.

Sources: odds-ingest (Python logging), betslip-api (pino JSON), the
FortiGate's traffic and event logs (syslog key=value), Jenkins console
output, #trading-incidents (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "odds-ingest"
START, END = utc("2026-10-27 08:50:00"), utc("2026-10-27 11:45:00")
RELEASE = utc("2026-10-27 09:31:40")      # new pod active
CLOSED = utc("2026-10-27 10:00:37")
ROLLBACK = utc("2026-10-27 10:21:30")
FW_FIX = utc("2026-10-27 10:51:40")
RESTART = utc("2026-10-27 10:09:00")
OLD_IPS = ["91.208.114.36", "91.208.114.37"]
NEW_IPS = ["185.61.148.21", "185.61.148.22"]
API_IPS = ["104.18.22.190", "104.18.23.190"]


def _attempts():
    """The reconnect loop: a 10 s connect timeout, then the backoff; a new
    leader starts at attempt 1. Returns the attempts that time out and the
    moment the first one after the firewall change connects."""
    backoff = [1, 2, 4, 8, 16, 30]
    out = []
    t = CLOSED + dt.timedelta(milliseconds=20)
    attempt = 0
    addr = 0
    while t < FW_FIX:
        done = t + dt.timedelta(seconds=10, milliseconds=12 + (attempt * 7) % 19)
        delay = backoff[min(attempt, len(backoff) - 1)]
        out.append((t, done, NEW_IPS[addr % 2], delay, attempt + 1))
        addr += 1
        attempt += 1
        t = done + dt.timedelta(seconds=delay)
        for restart in (RESTART, ROLLBACK):
            if done < restart <= t or t < restart < t + dt.timedelta(seconds=10):
                t = restart + dt.timedelta(milliseconds=430)
                attempt = 0
    return out, t + dt.timedelta(milliseconds=310)


ATTEMPTS, RECONNECTED = _attempts()
REOPENED = RECONNECTED + dt.timedelta(seconds=73)
RERELEASE = utc("2026-10-27 11:26:20")

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "odds-ingest"
version = "4.21.3"
requires-python = ">=3.12"
dependencies = [
  "aio-pika==9.4.1",
  "httpx==0.27.0",
  "pydantic==2.9.2",
  "redis==5.1.1",
  "prometheus-client==0.21.0",
  "lxml==5.3.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "pytest-asyncio==0.24.0"]
"""

CONNECTION_V1 = '''"""The AMQP connection to Fieldline's message stream."""

import asyncio
import logging
import ssl

import aio_pika

log = logging.getLogger(__name__)

BACKOFF = [1, 2, 4, 8, 16, 30]


class FeedConnection:
    def __init__(self, cfg, on_message, on_reconnect):
        self.cfg = cfg
        self.on_message = on_message
        self.on_reconnect = on_reconnect

    async def run(self):
        attempt = 0
        while True:
            try:
                conn = await aio_pika.connect(
                    host=self.cfg.host, port=self.cfg.port, virtualhost=self.cfg.vhost,
                    login=self.cfg.token, password="", ssl=True, ssl_context=ssl.create_default_context(),
                    timeout=self.cfg.connect_timeout, heartbeat=20)
            except (OSError, asyncio.TimeoutError, aio_pika.exceptions.AMQPConnectionError) as err:
                delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
                log.warning("AMQP connection failed: %r, retrying in %ss", err, delay)
                attempt += 1
                await asyncio.sleep(delay)
                continue
            attempt = 0
            log.info("connected to %s:%s vhost=%s", self.cfg.host, self.cfg.port, self.cfg.vhost)
            await self.on_reconnect()
            async with conn:
                channel = await conn.channel()
                queue = await channel.declare_queue(exclusive=True)
                await queue.bind("unifiedfeed", routing_key="#")
                await queue.consume(self.on_message, no_ack=True)
                await conn.closed()
'''

RECOVERY_V1 = '''"""Recovery after a reconnect: Fieldline replays odds since a timestamp."""

import logging

import httpx

log = logging.getLogger(__name__)

PRODUCERS = {1: "liveodds", 3: "pre"}


async def recover(api, last_alive):
    async with httpx.AsyncClient(base_url=api.base_url, headers={"x-access-token": api.token}, timeout=10) as client:
        for pid, name in PRODUCERS.items():
            after = last_alive.get(pid)
            params = {"after": after} if after else {}
            r = await client.post(f"/v1/{name}/recovery/initiate_request", params=params)
            log.info("recovery requested producer=%s after=%s status=%s", name, after, r.status_code)
'''

WATCHDOG = '''"""Suspends a producer's markets when its alive messages stop."""

import logging
import time

log = logging.getLogger(__name__)

ALIVE_TIMEOUT = 30


class ProducerWatchdog:
    def __init__(self, markets):
        self.markets = markets
        self.last_alive = {}
        self.down = set()

    def alive(self, producer, ts):
        self.last_alive[producer] = ts

    def check(self):
        now = time.time()
        for producer, ts in self.last_alive.items():
            if now - ts > ALIVE_TIMEOUT and producer not in self.down:
                self.down.add(producer)
                n = self.markets.suspend_producer(producer, reason="PRODUCER_DOWN")
                log.error("producer %s down: no alive message for %ds, suspended %d markets", producer, now - ts, n)
'''

CONFIG = """feed:
  host: stream.eu.fieldline.io
  port: 5671
  vhost: /castellan
  connect_timeout: 10
api:
  base_url: https://api.fieldline.io
markets:
  redis_url: redis://markets-redis.trading.svc:6379/0
"""

VALUES = """image:
  repository: harbor.castellan.im/trading/odds-ingest
replicaCount: 2   # one holds the feed (leader lease), one standby
resources:
  requests: { cpu: 500m, memory: 768Mi }
  limits: { memory: 1Gi }
"""

JENKINSFILE = """pipeline {
  agent { label 'docker' }
  parameters {
    choice(name: 'ACTION', choices: ['deploy', 'rollback'])
    string(name: 'REVISION', defaultValue: '', description: 'helm revision for rollback')
  }
  stages {
    stage('Test') { when { expression { params.ACTION == 'deploy' } }
      steps { sh 'pip install -e .[test] && pytest -q' } }
    stage('Image') { when { expression { params.ACTION == 'deploy' } }
      steps { sh 'docker build -t harbor.castellan.im/trading/odds-ingest:${GIT_COMMIT[0..7]} . && docker push harbor.castellan.im/trading/odds-ingest:${GIT_COMMIT[0..7]}' } }
    stage('Deploy') { when { expression { params.ACTION == 'deploy' } }
      steps { sh 'helm upgrade --install odds-ingest chart/odds-ingest -n trading -f chart/odds-ingest/values-production.yaml --set image.tag=${GIT_COMMIT[0..7]} --wait' } }
    stage('Rollback') { when { expression { params.ACTION == 'rollback' } }
      steps { sh 'helm rollback odds-ingest ${REVISION} -n trading --wait' } }
  }
}
"""

RUNBOOK_ALERTS = [
    ("ProducerDown", "A Fieldline producer sent no alive message for 20 s and its markets are suspended. They reopen by themselves after the reconnect and recovery; check the feed stats line and Fieldline's status page (status.fieldline.io)."),
    ("RecoveryRejected", "Fieldline answers 403/429 to recovery requests: we asked too often. Wait for the window in the response and restart the active pod."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    rhys = Person("Rhys Quayle", "rhys.quayle@castellan.im", 0)
    niamh = Person("Niamh Kermode", "niamh.kermode@castellan.im", 0)
    tomasz = Person("Tomasz Wójcik", "tomasz.wojcik@castellan.im", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    conn = "odds_ingest/feed/connection.py"
    files = {
        "pyproject.toml": PYPROJECT,
        conn: CONNECTION_V1,
        "odds_ingest/feed/recovery.py": RECOVERY_V1,
        "odds_ingest/markets/watchdog.py": WATCHDOG,
        "config/production.yaml": CONFIG,
        "chart/odds-ingest/values-production.yaml": VALUES,
        "Jenkinsfile": JENKINSFILE,
        "README.md": "# odds-ingest\n\nHolds the connection to Fieldline Data's message stream, writes odds and\nmarket status to the markets Redis and suspends a producer's markets when\nits alive messages stop. Bets are taken by betslip-api.\n\n## Running locally\n\n```\npip install -e .[test]\nFIELDLINE_TOKEN=... python -m odds_ingest --config config/staging.yaml\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-10-20 09:40:00"), rhys, "odds-ingest: Fieldline stream consumer, recovery and producer watchdog", files)
    repo.schedule(chores(random.Random(47201), SERVICE, [rhys, niamh], utc("2026-10-20 11:00:00"), utc("2026-10-23 16:00:00"), 3))
    repo.commit(utc("2026-10-21 10:15:00"), niamh, "watchdog: suspend after 20 s without alive, as Fieldline recommends (ODDS-590)", {
        "odds_ingest/markets/watchdog.py": repo.edit("odds_ingest/markets/watchdog.py", "ALIVE_TIMEOUT = 30\n", "ALIVE_TIMEOUT = 20\n"),
    })
    repo.commit(utc("2026-10-22 08:55:00"), tomasz, "recovery: take `after` from the producer's last alive, not the last message (ODDS-596)", {
        "odds_ingest/feed/recovery.py": repo.edit("odds_ingest/feed/recovery.py", '"""Recovery after a reconnect: Fieldline replays odds since a timestamp."""', '"""Recovery after a reconnect: Fieldline replays odds since a timestamp,\nthe producer\'s last alive message (their docs, "Recovery")."""'),
    })
    repo.commit(utc("2026-10-22 14:20:00"), rhys, "docs: how odds reach the betslip", {
        "docs/feed.md": "# How odds reach the betslip\n\n- Fieldline stream: AMQPS `stream.eu.fieldline.io:5671`, vhost `/castellan`.\n  Egress through the FortiGate, policy 214 \"feeds-egress\" (network team).\n- Fieldline API: `https://api.fieldline.io` (recovery, fixtures).\n- Markets and odds go to the markets Redis; betslip-api reads them and\n  refuses bets on suspended markets.\n- One active pod holds a leader lease; the standby takes over in ~15 s.\n",
    })
    repo.commit(utc("2026-10-23 07:30:00"), bot, "Bump httpx from 0.27.0 to 0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-10-26 11:05:00"), tomasz, "feed: log each reconnect attempt with the resolved address and the error (ODDS-604)\n\nLast week's 40 s disconnect left only \"AMQP connection failed\" lines;\nwe could not tell DNS, TCP and TLS failures apart.", {
        conn: sub(CONNECTION_V1,
                  "import asyncio\nimport logging\nimport ssl\n", "import asyncio\nimport logging\nimport socket\nimport ssl\n",
                  "            try:\n                conn = await aio_pika.connect(",
                  "            addr = await self._resolve()\n            try:\n                conn = await aio_pika.connect(",
                  '                log.warning("AMQP connection failed: %r, retrying in %ss", err, delay)\n',
                  '                what = "timed out after %.1fs" % self.cfg.connect_timeout if isinstance(err, (asyncio.TimeoutError, TimeoutError)) else "failed: %r" % err\n                log.warning("AMQP connect to %s (%s:%s) %s, retrying in %ss (attempt %d)", self.cfg.host, addr, self.cfg.port, what, delay, attempt + 1)\n'),
    })
    repo.commit(utc("2026-10-26 15:40:00"), niamh, "runbook: FeedDisconnected", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## FeedDisconnected\n\nodds-ingest has no connection to the stream. Usually Fieldline's side\n(maintenance, a broker restart): check status.fieldline.io and their\nsupport chat. If only we are affected, restart the active pod; if it\nstarted after a deploy, roll the deploy back in Jenkins (ACTION=rollback).\n",
    })
    repo.commit(utc("2026-10-27 07:10:00"), bot, "Bump aio-pika from 9.4.1 to 9.4.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"aio-pika==9.4.1"', '"aio-pika==9.4.3"'),
    })
    repo.commit(utc("2026-10-27 08:45:00"), rhys, "feed: request recovery per producer after a reconnect, throttled (ODDS-611)\n\nA reconnect asked for both producers' recovery at once and Fieldline\nanswered 429 for Prematch on Saturday. Now LiveOdds first, Prematch\nafter the first one's snapshot_complete.", {
        conn: repo.edit(conn, "            await self.on_reconnect()\n", "            await self.on_reconnect(sequential=True)\n"),
        "odds_ingest/feed/recovery.py": repo.edit("odds_ingest/feed/recovery.py",
                                                  "async def recover(api, last_alive):\n",
                                                  "async def recover(api, last_alive, sequential=False, snapshot_complete=None):\n").replace(
            '            log.info("recovery requested producer=%s after=%s status=%s", name, after, r.status_code)\n',
            '            log.info("recovery requested producer=%s after=%s status=%s", name, after, r.status_code)\n            if sequential and snapshot_complete is not None:\n                await snapshot_complete.wait_for(pid)\n'),
    })
    head = repo.commit(utc("2026-10-27 09:20:00"), rhys, "release 4.22.0", {
        "pyproject.toml": repo.edit("pyproject.toml", 'version = "4.21.3"', 'version = "4.22.0"'),
        "CHANGELOG.md": "# Changelog\n\n## 4.22.0\n\n- Recovery per producer after a reconnect, LiveOdds first (ODDS-611)\n- Reconnect attempts logged with the resolved address (ODDS-604)\n- aio-pika 9.4.3\n",
    })
    repo.commit(utc("2026-10-27 11:40:00"), niamh, "runbook: Fieldline's endpoints are allow-listed in the FortiGate (INC-2291)\n\nFieldline moved the stream to 185.61.148.0/24 on 27 October; their\nnotice of 6 October went to feeds@ and the firewall was not updated.", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Fieldline changes addresses\n\nFieldline announces new endpoint ranges by email to feeds@castellan.im.\nForward it to the network team: the FortiGate's policy 214 \"feeds-egress\"\nallows only the listed ranges (address group FIELDLINE-STREAM). Reconnects\nthat time out right after a Fieldline change are the firewall, not us.\n",
    })
    return repo, {"head": head, "prev": repo.shas[0]}


# ---------------------------------------------------------------------------
# the morning


def build_logs(rng, shas):
    app, betslip, fw, jenkins, slack = (Log("odds-ingest.log"), Log("betslip-api.log"), Log("fortigate.log"),
                                        Log("jenkins-odds-ingest.log"), Log("slack-trading-incidents.log"))
    stats = {"accepted": [], "rejected": [], "suspended": []}

    def inwin(t):
        return START <= t < END

    def version(t):
        if RELEASE <= t < ROLLBACK or t >= RERELEASE:
            return "4.22.0"
        return "4.21.3"

    def down(t):
        return CLOSED <= t < RECONNECTED

    def suspended(t):
        return CLOSED + dt.timedelta(seconds=20) <= t < REOPENED

    def plog(t, level, logger, msg, pod=None):
        if inwin(t):
            app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} [{pod or active(t)}] {logger}: {msg}")

    def active(t):
        if t < RELEASE:
            return "odds-ingest-6f9c7d8b5-q2lzm"
        if t < RESTART:
            return "odds-ingest-7d4b9c6f8-x8kpt"
        if t < ROLLBACK:
            return "odds-ingest-7d4b9c6f8-b7rtn"
        if t < RERELEASE:
            return "odds-ingest-6f9c7d8b5-h4vnr"
        return "odds-ingest-7d4b9c6f8-m2wfj"

    # --- odds-ingest: feed stats every 10 s
    t = START + dt.timedelta(seconds=3)
    while t < END:
        live_hour = 1.0 + 0.4 * ((t - START).total_seconds() / 10500)
        if down(t):
            plog(t, "INFO", "odds_ingest.stats", "feed stats: 0 messages in 10s (not connected)")
        else:
            burst = 2.2 if RECONNECTED <= t < RECONNECTED + dt.timedelta(minutes=2) else 1.0
            oc = int(rng.gauss(4300, 500) * live_hour * burst)
            plog(t, "INFO", "odds_ingest.stats", f"feed stats: {oc} odds_change, {int(oc * rng.uniform(0.04, 0.06))} bet_stop, {rng.randint(40, 140)} bet_settlement, {rng.randint(18, 22)} alive in 10s, max delay {rng.randint(90, 420)}ms")
        t += dt.timedelta(seconds=10, milliseconds=rng.randint(-30, 30))
    for _ in range(28):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        if not down(t):
            plog(t, "INFO", "odds_ingest.fixtures", f"fixture_change event=fl:match:{rng.randint(51000000, 51999999)} change_type={rng.choice(['START_TIME', 'COVERAGE', 'FORMAT'])} producer={rng.choice([1, 3])}")
    for _ in range(6):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        if not down(t):
            plog(t, "WARNING", "odds_ingest.markets", f"odds_change for unknown market fl:match:{rng.randint(51000000, 51999999)}/{rng.choice([18, 26, 202, 1008])}: no mapping, ignored")
    # releases: pod starts
    for when, pod, ver, sha in [(RELEASE, "odds-ingest-7d4b9c6f8-x8kpt", "4.22.0", shas["head"]), (ROLLBACK, "odds-ingest-6f9c7d8b5-h4vnr", "4.21.3", shas["prev"]),
                                (RERELEASE, "odds-ingest-7d4b9c6f8-m2wfj", "4.22.0", shas["head"])]:
        plog(when - dt.timedelta(seconds=14), "INFO", "odds_ingest", f"odds-ingest {ver} starting (git {sha[:8]}), standby until leader lease", pod)
        plog(when - dt.timedelta(seconds=1), "INFO", "odds_ingest.leader", "acquired leader lease odds-ingest-feed", pod)
        if not down(when):
            plog(when, "INFO", "odds_ingest.feed.connection", "connected to stream.eu.fieldline.io:5671 vhost=/castellan", pod)
            plog(when + dt.timedelta(milliseconds=300), "INFO", "odds_ingest.feed.recovery", "recovery requested producer=liveodds after=%d status=202" % int((when - dt.timedelta(seconds=20)).timestamp() * 1000), pod)
            plog(when + dt.timedelta(seconds=3), "INFO", "odds_ingest.feed.recovery", "recovery requested producer=pre after=%d status=202" % int((when - dt.timedelta(seconds=20)).timestamp() * 1000), pod)
    # the close and the reconnect loop
    plog(CLOSED, "WARNING", "aio_pika.robust_connection", "Connection attempt to \"amqps://stream.eu.fieldline.io:5671//castellan\" closed: CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'")
    plog(CLOSED + dt.timedelta(milliseconds=4), "WARNING", "odds_ingest.feed.connection", "connection to stream.eu.fieldline.io lost: ConnectionClosed(320, \"CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'\")")
    syns = []
    for start, done, addr, delay, attempt in ATTEMPTS:
        syns.append((start, addr))
        if version(done) == "4.22.0":
            plog(done, "WARNING", "odds_ingest.feed.connection", f"AMQP connect to stream.eu.fieldline.io ({addr}:5671) timed out after 10.0s, retrying in {delay}s (attempt {attempt})")
        else:
            plog(done, "WARNING", "odds_ingest.feed.connection", f"AMQP connection failed: TimeoutError(), retrying in {delay}s")
    plog(RESTART - dt.timedelta(seconds=2), "INFO", "odds_ingest", "received SIGTERM, releasing leader lease", "odds-ingest-7d4b9c6f8-x8kpt")
    plog(RESTART, "INFO", "odds_ingest.leader", "acquired leader lease odds-ingest-feed", "odds-ingest-7d4b9c6f8-b7rtn")
    plog(ROLLBACK - dt.timedelta(seconds=2), "INFO", "odds_ingest", "received SIGTERM, releasing leader lease", "odds-ingest-7d4b9c6f8-b7rtn")
    plog(RECONNECTED, "INFO", "odds_ingest.feed.connection", "connected to stream.eu.fieldline.io:5671 vhost=/castellan")
    plog(RECONNECTED + dt.timedelta(milliseconds=260), "INFO", "odds_ingest.feed.recovery", "recovery requested producer=liveodds after=%d status=202" % int((CLOSED - dt.timedelta(seconds=3)).timestamp() * 1000))
    plog(RECONNECTED + dt.timedelta(seconds=41), "INFO", "odds_ingest.feed.recovery", "snapshot_complete producer=liveodds request_id=%d" % rng.randint(100000, 999999))
    plog(RECONNECTED + dt.timedelta(seconds=41, milliseconds=300), "INFO", "odds_ingest.feed.recovery", "recovery requested producer=pre after=%d status=202" % int((CLOSED - dt.timedelta(seconds=3)).timestamp() * 1000))
    plog(REOPENED - dt.timedelta(seconds=2), "INFO", "odds_ingest.feed.recovery", "snapshot_complete producer=pre request_id=%d" % rng.randint(100000, 999999))
    n_live, n_pre = 1842, 21376
    stats["markets"] = (n_live, n_pre)
    for pid, name, n, off in [(1, "LiveOdds", n_live, 20.4), (3, "Prematch", n_pre, 21.1)]:
        plog(CLOSED + dt.timedelta(seconds=off), "ERROR", "odds_ingest.markets.watchdog", f"producer {pid} ({name}) down: no alive message for {int(off)}s, suspended {n} markets")
    plog(RECONNECTED + dt.timedelta(seconds=42), "INFO", "odds_ingest.markets.watchdog", f"producer 1 (LiveOdds) up after recovery, reopened {n_live - 37} markets ({37} settled meanwhile)")
    plog(REOPENED, "INFO", "odds_ingest.markets.watchdog", f"producer 3 (Prematch) up after recovery, reopened {n_pre - 12} markets (12 settled meanwhile)")

    # --- betslip-api (pino JSON, three pods)
    bpods = ["betslip-api-5b8d7c9f6-2kxq4", "betslip-api-5b8d7c9f6-9tvhm", "betslip-api-5b8d7c9f6-wr7lc"]
    sports = [("tennis", 0.34, True), ("table-tennis", 0.17, True), ("cricket", 0.07, True), ("football", 0.27, False), ("basketball", 0.08, False), ("esports", 0.07, True)]
    t = START
    while t < END:
        rate = 44 if not suspended(t) else 30
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        if not inwin(t):
            continue
        x = rng.random()
        acc = 0
        for sport, share, live in sports:
            acc += share
            if x < acc:
                break
        in_play = live and rng.random() < 0.8
        market = f"fl:match:{rng.randint(51000000, 51999999)}/{rng.choice([1, 18, 186, 202, 237])}"
        stake = rng.choice([200, 500, 1000, 1000, 2000, 2500, 5000, 10000])
        cust = rng.randint(200000, 899999)
        pod = rng.choice(bpods)
        req = hexid(rng, 12)
        if suspended(t):
            betslip.add(t, pino(t, "info", "bet rejected", pid=1, hostname=pod, reqId=req, customerId=cust, sport=sport, market=market, inPlay=in_play, stakeMinor=stake, reason="MARKET_SUSPENDED", marketStatus="SUSPENDED", suspendReason="PRODUCER_DOWN"))
            stats["rejected"].append(t)
            continue
        r = rng.random()
        if r < 0.05:
            betslip.add(t, pino(t, "info", "bet rejected", pid=1, hostname=pod, reqId=req, customerId=cust, sport=sport, market=market, inPlay=in_play, stakeMinor=stake, reason="PRICE_CHANGED", delayMs=5000 if in_play else 0))
            stats["rejected"].append(t)
        elif r < 0.07:
            betslip.add(t, pino(t, "info", "bet rejected", pid=1, hostname=pod, reqId=req, customerId=cust, sport=sport, market=market, inPlay=in_play, stakeMinor=stake, reason="MARKET_SUSPENDED", marketStatus="SUSPENDED", suspendReason="BET_STOP"))
            stats["rejected"].append(t)
        elif r < 0.085:
            betslip.add(t, pino(t, "warn", "bet rejected", pid=1, hostname=pod, reqId=req, customerId=cust, sport=sport, market=market, inPlay=in_play, stakeMinor=stake * 20, reason="LIMIT_EXCEEDED", limit="DAILY_STAKE", rgCheck="DEPOSIT_AND_STAKE_LIMITS"))
            stats["rejected"].append(t)
        else:
            betslip.add(t, pino(t, "info", "bet accepted", pid=1, hostname=pod, reqId=req, customerId=cust, sport=sport, market=market, inPlay=in_play, stakeMinor=stake, delayMs=5000 if in_play else 0, betId=rng.randint(600000000, 699999999)))
            stats["accepted"].append(t)

    # --- FortiGate: traffic logs (session end / deny) and config events
    seq = [int(9.8e8)]

    def fgt(t, body):
        seq[0] += rng.randint(1, 40)
        ns = int(t.timestamp() * 1e9) + rng.randint(0, 999999)
        fw.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} fw-dc1-01 date={t.strftime('%Y-%m-%d')} time={t.strftime('%H:%M:%S')} devname=\"fw-dc1-01\" devid=\"FG1K0FTB21900417\" eventtime={ns} tz=\"+0000\" {body}")

    def traffic(t, src, sport_, dst, dport, policy, action, service, dur=None, sent=None, rcvd=None, pname="feeds-egress"):
        polname = f" policyname=\"{pname}\"" if policy else ""
        extra = f" duration={dur} sentbyte={sent} rcvdbyte={rcvd}" if dur is not None else " sentbyte=0 rcvdbyte=0 sentpkt=0"
        fgt(t, f'logid="{"0000000013" if action != "deny" else "0000000013"}" type="traffic" subtype="forward" level="{"warning" if action == "deny" else "notice"}" vd="root" srcip={src} srcport={sport_} srcintf="k8s-nodes" srcintfrole="lan" dstip={dst} dstport={dport} dstintf="port1" dstintfrole="wan" sessionid={seq[0]} proto=6 action="{action}" policyid={policy}{polname} policytype="policy" service="{service}" trandisp="{"noop" if action == "deny" else "snat"}"{extra}')

    node = "10.30.8.14"
    # routine egress: Fieldline API (recovery, fixtures), payment providers, KYC, the lineups feed
    dests = [(API_IPS, 443, 214, "HTTPS", "feeds-egress"), (["185.47.12.9", "185.47.13.9"], 443, 220, "HTTPS", "payments-egress"),
             (["3.121.66.200", "18.156.4.22"], 443, 221, "HTTPS", "kyc-egress"), (["151.101.2.132"], 443, 214, "HTTPS", "feeds-egress")]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7 / 60.0))
        ips, port, pol, svc, pname = rng.choice(dests)
        traffic(t, f"10.30.8.{rng.choice([11, 12, 14, 15, 17])}", rng.randint(32768, 60999), rng.choice(ips), port, pol, rng.choice(["close", "close", "close", "timeout"]), svc,
                dur=rng.randint(1, 120), sent=rng.randint(900, 40000), rcvd=rng.randint(2000, 900000), pname=pname)
    # the feed sessions: the old session ends at CLOSED (server reset), the new one after the fix is long-lived
    traffic(CLOSED + dt.timedelta(milliseconds=40), node, 41872, OLD_IPS[1], 5671, 214, "server-rst", "AMQPS", dur=9412, sent=3184412, rcvd=2918337102)
    for when, addr in syns:
        for k in range(3):  # SYN retransmits within the 10 s connect timeout
            traffic(when + dt.timedelta(seconds=[0, 1, 3][k], milliseconds=rng.randint(0, 40)), node, 40000 + (int(when.timestamp()) % 20000), addr, 5671, 0, "deny", "AMQPS")
    # config events: the emergency change
    fgt(FW_FIX - dt.timedelta(seconds=55), 'logid="0100044547" type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="aoife.kinsella" ui="GUI(10.20.1.55)" action="Add" cfgtid=3121152 cfgpath="firewall.address" cfgobj="FIELDLINE-STREAM-185.61.148.0_24" cfgattr="subnet[185.61.148.0 255.255.255.0]" msg="Add firewall.address FIELDLINE-STREAM-185.61.148.0_24"')
    fgt(FW_FIX - dt.timedelta(seconds=31), 'logid="0100044547" type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="aoife.kinsella" ui="GUI(10.20.1.55)" action="Edit" cfgtid=3121153 cfgpath="firewall.addrgrp" cfgobj="FIELDLINE-STREAM" cfgattr="member[FIELDLINE-STREAM-91.208.114.0_24->FIELDLINE-STREAM-91.208.114.0_24 FIELDLINE-STREAM-185.61.148.0_24]" msg="Edit firewall.addrgrp FIELDLINE-STREAM"')
    fgt(FW_FIX, 'logid="0100032102" type="event" subtype="system" level="alert" vd="root" logdesc="Configuration changed" user="aoife.kinsella" ui="GUI(10.20.1.55)" msg="Configuration is changed in the admin session"')
    fgt(utc("2026-10-27 08:12:40"), 'logid="0100032001" type="event" subtype="system" level="information" vd="root" logdesc="Admin login successful" sn="1782204760" user="backup-svc" ui="ssh(10.20.1.9)" method="ssh" srcip=10.20.1.9 dstip=10.20.0.1 action="login" status="success" reason="none" profile="read_only" msg="Administrator backup-svc logged in successfully from ssh(10.20.1.9)"')

    # --- Jenkins
    def jk(t, text):
        if inwin(t):
            jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")

    def job(t0, number, who, action, sha, rev):
        jk(t0, f"Started by user {who}")
        jk(t0 + dt.timedelta(seconds=1), "Running in Durability level: MAX_SURVIVABILITY")
        jk(t0 + dt.timedelta(seconds=2), f"[Pipeline] Start of Pipeline")
        jk(t0 + dt.timedelta(seconds=3), f" > git checkout -f {sha} # timeout=10")
        jk(t0 + dt.timedelta(seconds=3, milliseconds=200), "Commit message: \"release 4.22.0\"")
        jk(t0 + dt.timedelta(seconds=4), f"[Pipeline] {{ ({'Deploy' if action == 'deploy' else 'Rollback'})")
        if action == "deploy":
            jk(t0 + dt.timedelta(seconds=5), f"+ helm upgrade --install odds-ingest chart/odds-ingest -n trading -f chart/odds-ingest/values-production.yaml --set image.tag={sha[:8]} --wait")
            done = t0 + dt.timedelta(seconds=62)
            jk(done, 'Release "odds-ingest" has been upgraded. Happy Helming!')
            jk(done + dt.timedelta(milliseconds=5), f"REVISION: {rev}")
        else:
            jk(t0 + dt.timedelta(seconds=5), f"+ helm rollback odds-ingest {rev - 2} -n trading --wait")
            done = t0 + dt.timedelta(seconds=58)
            jk(done, "Rollback was a success! Happy Helming!")
        jk(done + dt.timedelta(seconds=1), "[Pipeline] End of Pipeline")
        jk(done + dt.timedelta(seconds=1, milliseconds=300), "Finished: SUCCESS")

    job(RELEASE - dt.timedelta(seconds=190, milliseconds=-330), 412, "Rhys Quayle", "deploy", shas["head"], 58)
    job(ROLLBACK - dt.timedelta(seconds=70), 413, "Gareth Corlett", "rollback", shas["head"], 59)
    job(RERELEASE - dt.timedelta(seconds=75), 414, "Rhys Quayle", "deploy", shas["head"], 60)

    # --- Slack
    users = {"alertmanager": "B02ALRT4K", "gareth.corlett": "U03GC8Q1M", "rhys.quayle": "U02RQ4N7P", "niamh.kermode": "U04NK2T6R",
             "tomasz.wojcik": "U05TW9L3S", "ellie.cain (trading)": "U06EC3V8T", "aoife.kinsella (network)": "U07AK5H2W"}

    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "trading-incidents", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("2026-10-27 09:28:10", "rhys.quayle", "deploying odds-ingest 4.22.0: recovery per producer (ODDS-611), reconnect logging (ODDS-604), aio-pika 9.4.3")
    say("2026-10-27 09:33:00", "rhys.quayle", "4.22.0 active, recovery done for both producers")
    say("2026-10-27 10:01:05", "alertmanager", "[FIRING:2] ProducerDown trading/odds-ingest producer=LiveOdds,Prematch no alive for 20s")
    say("2026-10-27 10:01:40", "ellie.cain (trading)", "everything is suspended, in-play AND pre-match. tennis in Paris and Vienna, the cricket, all of it. customers can't bet at all")
    say("2026-10-27 10:03:30", "gareth.corlett", "ack. odds-ingest lost the stream at 10:00:37 (broker forced closure 'shutdown') and every reconnect times out. status.fieldline.io is green")
    say("2026-10-27 10:09:15", "gareth.corlett", "restarted the active pod per runbook, the standby times out the same way")
    say("2026-10-27 10:14:50", "gareth.corlett", "4.22.0 went out 09:31 and touched the connection code + aio-pika. runbook says roll it back if it started after a deploy. rolling back to 4.21.3 in Jenkins")
    say("2026-10-27 10:18:20", "ellie.cain (trading)", "we're 18 min dark on a Tuesday morning, head of trading asking for an ETA")
    say("2026-10-27 10:23:10", "gareth.corlett", "4.21.3 active: same, 'AMQP connection failed: TimeoutError()'. not the release")
    say("2026-10-27 10:25:40", "tomasz.wojcik", "4.22.0's lines said it resolves stream.eu.fieldline.io to 185.61.148.21 / .22. our docs say the stream is 91.208.114.x. did they move?")
    say("2026-10-27 10:28:05", "gareth.corlett", "opened a P1 chat with Fieldline support")
    say("2026-10-27 10:34:20", "gareth.corlett", "Fieldline: 'the stream moved to the new cluster at 10:00 UTC as announced on 6 Oct, other customers are connected; please check your firewall allow-list for 185.61.148.0/24 port 5671'")
    say("2026-10-27 10:36:45", "ellie.cain (trading)", "found it in feeds@: 'Fieldline stream endpoint migration – action required', 6 Oct. nobody forwarded it, sorry")
    say("2026-10-27 10:38:30", "gareth.corlett", "@aoife.kinsella (network) can you check fw-dc1 for 10.30.8.14 -> 185.61.148.21:5671? emergency change INC-2291")
    say("2026-10-27 10:44:10", "aoife.kinsella (network)", "yes, implicit deny (policy 0) on every SYN since 10:00:37. policy 214 only has FIELDLINE-STREAM 91.208.114.0/24. adding the new range now")
    say("2026-10-27 10:51:50", "aoife.kinsella (network)", "done, 185.61.148.0/24 added to the FIELDLINE-STREAM group")
    say("2026-10-27 10:52:50", "gareth.corlett", f"connected at {RECONNECTED.strftime('%H:%M:%S')}, LiveOdds recovered and reopened, Prematch recovering")
    say("2026-10-27 10:53:40", "ellie.cain (trading)", "markets back, traders checking prices on the re-opened in-play tennis")
    say("2026-10-27 11:22:00", "rhys.quayle", "redeploying 4.22.0, it wasn't the cause")
    say("2026-10-27 11:28:30", "rhys.quayle", "4.22.0 active again, recovery sequential as designed")
    say("2026-10-27 11:41:10", "niamh.kermode", "runbook updated; asking Fieldline to send notices to network@ as well")
    return [app, betslip, fw, jenkins, slack], stats


def build(out_dir):
    rng = random.Random(47200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = CLOSED
        n_live, n_pre = stats["markets"]
        acc, rej = sorted(stats["accepted"]), sorted(stats["rejected"])

        def per_min(events):
            return lambda t: sum(1 for x in events if t - dt.timedelta(minutes=1) < x <= t)

        def susp(t):
            if CLOSED + dt.timedelta(seconds=20) <= t < RECONNECTED + dt.timedelta(seconds=42):
                return n_live + n_pre
            if RECONNECTED + dt.timedelta(seconds=42) <= t < REOPENED:
                return n_pre
            return 40 + (t.minute * 7) % 23

        metrics = {
            "betslip_bets_per_min.json": query_range([({"job": "betslip-api", "result": "accepted"}, per_min(acc)), ({"job": "betslip-api", "result": "rejected"}, per_min(rej))], START, END, 60),
            "odds_ingest_markets_suspended.json": query_range([({"job": "odds-ingest", "namespace": "trading"}, susp)], START, END, 60),
            "odds_ingest_feed_connected.json": query_range([({"job": "odds-ingest", "namespace": "trading", "host": "stream.eu.fieldline.io"}, lambda t: 0 if CLOSED <= t < RECONNECTED else 1)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r47-odds-feed-allowlist-none", service=SERVICE, onset=onset,
            description=f"""
Castellan Sports takes no bets for {int((REOPENED - CLOSED).total_seconds() // 60)} minutes on Tuesday 27 October: at
{onset.strftime('%H:%M:%S')} UTC odds-ingest loses its connection to Fieldline Data's
odds stream ("broker forced connection closure with reason 'shutdown'")
and every reconnect times out; twenty seconds later both producers are
down and all {n_live + n_pre:,} markets, in-play and pre-match, are suspended, so
betslip-api refuses every bet (MARKET_SUSPENDED). odds-ingest 4.22.0 had
been released at 09:31; rolling it back at 10:21 did not help. The feed
reconnects at {RECONNECTED.strftime('%H:%M:%S')} and the markets reopen by {REOPENED.strftime('%H:%M')}.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "odds-ingest.log": r"<Date> <Time> <Level> \[<Pod>\] <Logger>: <Content>",
            },
            root_cause=[
                r"broker forced connection closure",
                r"AMQP connect to .* timed out after",
                r'action="deny"',
            ],
            fix_files=[],
            explanation="""
No commit caused this. Fieldline Data moved its message stream to a new
cluster at 185.61.148.0/24 on 27 October at 10:00 UTC, as its email of
6 October to feeds@ announced, and shut the old cluster down: the broker
closed odds-ingest's connection ("CONNECTION_FORCED - broker forced
connection closure with reason 'shutdown'") and stream.eu.fieldline.io
resolved to the new addresses, which the data centre's FortiGate does not
allow (policy 214 "feeds-egress" only has 91.208.114.0/24): every SYN to
185.61.148.21/.22:5671 is dropped by the implicit deny (action="deny"
policyid=0) and every reconnect times out ("AMQP connect to
stream.eu.fieldline.io (185.61.148.21:5671) timed out after 10.0s"). The
producer watchdog suspends every market, as it should. The network team's
emergency change (10:51, the new range added to the FIELDLINE-STREAM
address group) ends it; nothing in the repository is changed for it (a
runbook note follows after the incident).
Decoys: odds-ingest 4.22.0 released at 09:31, 29 minutes before the
onset, with ODDS-611 (recovery per producer after a reconnect, in the very
connection code), ODDS-604 of the day before (adds the very "AMQP connect
to ... timed out" line with the resolved address, so the line is new) and
the aio-pika bump, rolled back at 10:21 without effect (the lines go back
to "AMQP connection failed: TimeoutError()") and released again at 11:26;
ODDS-590, which shortened the watchdog's alive timeout to 20 s; the docs
commit that names the firewall policy; the runbook commit that says to
roll back a deploy; the httpx bump; a restart of the active pod; routine
bet stops, price changes, stake limits and unmapped markets.
""",
        )
    finally:
        repo.close()
