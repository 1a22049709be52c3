"""telemetry-ingest (Python 3.12, paho-mqtt 2.x over MQTT 5, psycopg 3
into TimescaleDB; a Deployment with an HPA of 1-4 replicas on CPU in the
`telemetry` namespace, synced to production by hand in Argo CD after
sunset only; team in Madrid, Porto, Warsaw and Berlin): Helios Tajo
Energía's ingest of inverter telemetry from nine PV plants in Extremadura,
Castilla-La Mancha and Toledo. Each plant's edge gateway publishes every
inverter's reading (every 5 s while producing, every minute asleep) and the
plant meter to a Mosquitto broker; the ingest subscribes through the shared
subscription `$share/ingest/...`, one MQTT client per pod. The curtailment
controller reads the latest meter readings from the database to keep each
plant under its export limit, and falls back to a fail-safe limit when they
are older than 30 s.

On Tuesday 16 June at 14:25 UTC a commit gives the ingest a persistent
broker session so that a deploy no longer loses readings: a fixed client id
`telemetry-ingest` (was the pod's name), clean_start False and a
one-hour session expiry. It is synced at 20:31 with the evening release
(the sync names a later docs commit); at night one replica is enough and
nothing happens. At sunrise the inverters wake, the single pod's CPU
passes the HPA target and a second pod starts: it connects with the same
client id, Mosquitto closes the first pod's connection ("Client
telemetry-ingest already connected, closing old connection"), the first pod
gets DISCONNECT "Session taken over" and reconnects ten seconds later,
taking the session back. Only one pod consumes at a time, reconnects cost
CPU, the HPA adds a third pod, which joins the ping-pong; the session's
queue overflows ("Outgoing messages are being dropped"), readings arrive
late or never and the curtailment controller puts plants on their
fail-safe limit. A `rollout restart` changes nothing; the on-call rolls the
release back in Argo CD at 06:29 and the pods share the load again.

Decoys: the paho-mqtt 2.0.0 -> 2.1.0 bump and the commit to the same file
that logs the disconnect reason's name and code (both in the same evening
release, and their words are in every symptom line); the writer's batch
size change (config, the last code change before the sync); the docs
commit the sync names; the morning's plant list commit (not deployed); the
HPA that scales as designed. App (Python logging via `stern`, line
format), Mosquitto (epoch timestamps), Kubernetes events (event-exporter
JSON), curtailment-controller (Go slog text), Argo CD (logrus text),
#plant-ops (chat export)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, k8s_service, readme, runbook

SERVICE = "telemetry-ingest"
START, END = utc("2026-06-16 20:00:00"), utc("2026-06-17 07:10:00")
SYNC = utc("2026-06-16 20:31:10")
CC_START = utc("2026-06-17 04:00:00")
BROKER = "mqtt.helios-tajo.internal"
POD_CAPACITY = 2600.0  # readings a minute one pod decodes and writes at its 1-CPU limit

PLANTS = [("ES-BA-01", "Almendralejo I", 36, 0), ("ES-BA-02", "Almendralejo II", 24, 1), ("ES-BA-03", "Villafranca", 40, 2),
          ("ES-CC-04", "Casatejada", 30, 1), ("ES-CC-05", "Navalmoral", 28, 2), ("ES-CR-06", "Puertollano", 44, -6),
          ("ES-CR-07", "Almodóvar", 32, -5), ("ES-TO-08", "Talavera", 20, -4), ("ES-TO-09", "Torrijos", 36, -3)]

MQTT_CLIENT_PY = '''import logging
import os
import socket
import ssl

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

log = logging.getLogger("ingest.mqtt")

TELEMETRY = "$share/ingest/plants/+/inverters/+/telemetry"
METER = "$share/ingest/plants/+/meter"


def client_id():
    # One MQTT client per pod (the pod's name); the shared subscription
    # spreads the plants' readings over the pods.
    return os.environ.get("POD_NAME", socket.gethostname())


def connect(settings, on_message):
    cid = client_id()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=cid, protocol=mqtt.MQTTv5)
    client.username_pw_set(settings.mqtt_username, settings.mqtt_password)
    client.tls_set(ca_certs=settings.mqtt_ca, tls_version=ssl.PROTOCOL_TLS_CLIENT)
    # Mosquitto takes about 10 s to restart; do not hammer it.
    client.reconnect_delay_set(min_delay=10, max_delay=120)
    client.on_connect = _on_connect
    client.on_disconnect = _on_disconnect
    client.on_message = on_message
    log.info("MQTT connecting to %s:%d client_id=%s", settings.mqtt_host, settings.mqtt_port, cid)
    client.connect_async(settings.mqtt_host, settings.mqtt_port, keepalive=30, clean_start=True)
    client.loop_start()
    return client


def _on_connect(client, userdata, flags, reason_code, properties):
    log.info("MQTT connected session_present=%s reason=%s", flags.session_present, reason_code)
    client.subscribe([(TELEMETRY, 1), (METER, 1)])


def _on_disconnect(client, userdata, flags, reason_code, properties):
    log.warning("MQTT disconnected rc=%s", reason_code.value)
'''

MAIN_PY = '''import logging
import os
import signal
import threading

from ingest import mqtt_client
from ingest.decode import decode
from ingest.settings import Settings
from ingest.stats import Stats
from ingest.writer import Writer

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("ingest.main")


def main():
    settings = Settings.load()
    log.info("starting telemetry-ingest version=%s", os.environ.get("VERSION", "dev"))
    stats = Stats(every=60)
    writer = Writer(settings, stats)

    def on_message(client, userdata, message):
        writer.add(decode(message.topic, message.payload))
        stats.received += 1

    client = mqtt_client.connect(settings, on_message)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(1.0):
        writer.flush_if_due()
        stats.maybe_log()
    log.info("SIGTERM: disconnecting and flushing %d buffered readings", writer.pending())
    client.disconnect()
    client.loop_stop()
    writer.flush()


if __name__ == "__main__":
    main()
'''

WRITER_PY = '''import logging
import time

import psycopg

log = logging.getLogger("ingest.writer")

COPY = "COPY readings (plant, device, ts, p_ac_w, e_total_wh, state) FROM STDIN"


class Writer:
    def __init__(self, settings, stats):
        self.conn = psycopg.connect(settings.database_url, application_name="telemetry-ingest", autocommit=True)
        self.batch_rows = settings.batch_rows
        self.flush_seconds = settings.flush_seconds
        self.rows = []
        self.last = time.monotonic()
        self.stats = stats

    def add(self, reading):
        self.rows.append(reading)
        if len(self.rows) >= self.batch_rows:
            self.flush()

    def pending(self):
        return len(self.rows)

    def flush_if_due(self):
        if self.rows and time.monotonic() - self.last >= self.flush_seconds:
            self.flush()

    def flush(self):
        rows, self.rows, self.last = self.rows, [], time.monotonic()
        if not rows:
            return
        with self.conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (LIKE readings) ON COMMIT DELETE ROWS")
            with cur.copy(COPY.replace("readings", "incoming")) as copy:
                for r in rows:
                    copy.write_row(r)
            cur.execute("INSERT INTO readings SELECT * FROM incoming ON CONFLICT (plant, device, ts) DO NOTHING")
            self.stats.written += cur.rowcount
            self.stats.duplicates += len(rows) - cur.rowcount
        self.stats.batches += 1
'''

SETTINGS_PY = '''import os
from dataclasses import dataclass

import yaml


@dataclass
class Settings:
    mqtt_host: str
    mqtt_port: int
    mqtt_username: str
    mqtt_password: str
    mqtt_ca: str
    database_url: str
    batch_rows: int
    flush_seconds: float

    @classmethod
    def load(cls):
        with open(os.environ.get("INGEST_CONFIG", "config/ingest.yaml")) as fh:
            raw = yaml.safe_load(fh)
        return cls(
            mqtt_host=raw["mqtt"]["host"],
            mqtt_port=raw["mqtt"]["port"],
            mqtt_username=os.environ["MQTT_USERNAME"],
            mqtt_password=os.environ["MQTT_PASSWORD"],
            mqtt_ca=raw["mqtt"]["ca"],
            database_url=os.environ["DATABASE_URL"],
            batch_rows=raw["writer"]["batch_rows"],
            flush_seconds=raw["writer"]["flush_seconds"],
        )
'''

INGEST_YAML = """mqtt:
  host: mqtt.helios-tajo.internal
  port: 8883
  ca: /etc/helios/ca.pem
writer:
  batch_rows: 500
  flush_seconds: 10
"""

HPA_YAML = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: telemetry-ingest
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: telemetry-ingest
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 600
"""

DEPLOYMENT_YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: telemetry-ingest
  labels:
    app: telemetry-ingest
spec:
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: telemetry-ingest
  template:
    metadata:
      labels:
        app: telemetry-ingest
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: telemetry-ingest
          image: ghcr.io/helios-tajo/telemetry-ingest:main
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: INGEST_CONFIG
              value: /app/config/ingest.yaml
          envFrom:
            - secretRef:
                name: telemetry-ingest
          resources:
            requests:
              cpu: "1"
              memory: 512Mi
            limits:
              cpu: "1"
              memory: 512Mi
"""

PLANTS_YAML = "".join(f"- id: {pid}\n  name: {name}\n  inverters: {n}\n" for pid, name, n, _ in PLANTS)


def repo_files():
    return {
        "pyproject.toml": '[project]\nname = "telemetry-ingest"\nversion = "1.9.0"\nrequires-python = ">=3.12"\ndependencies = [\n  "paho-mqtt==2.0.0",\n  "psycopg[binary]==3.1.19",\n  "pyyaml==6.0.1",\n]\n\n[project.optional-dependencies]\ntest = ["pytest==8.2.2"]\n',
        "ingest/__init__.py": "",
        "ingest/main.py": MAIN_PY,
        "ingest/mqtt_client.py": MQTT_CLIENT_PY,
        "ingest/writer.py": WRITER_PY,
        "ingest/settings.py": SETTINGS_PY,
        "ingest/decode.py": 'import json\n\n\ndef decode(topic, payload):\n    """plants/<plant>/inverters/<n>/telemetry or plants/<plant>/meter -> a readings row."""\n    parts = topic.split("/")\n    body = json.loads(payload)\n    device = f"inv-{parts[3]}" if parts[2] == "inverters" else "meter"\n    return (parts[1], device, body["ts"], body.get("p_ac_w"), body.get("e_total_wh"), body.get("state"))\n',
        "ingest/stats.py": 'import logging\nimport time\n\nlog = logging.getLogger("ingest.stats")\n\n\nclass Stats:\n    def __init__(self, every):\n        self.every = every\n        self.next = time.monotonic() + every\n        self.received = self.written = self.duplicates = self.batches = 0\n        self.lags = []\n\n    def maybe_log(self):\n        if time.monotonic() < self.next:\n            return\n        lag = sorted(self.lags)[int(len(self.lags) * 0.95)] if self.lags else 0\n        log.info("ingest stats received=%d written=%d duplicates=%d batches=%d lag_p95_ms=%d",\n                 self.received, self.written, self.duplicates, self.batches, lag)\n        self.received = self.written = self.duplicates = self.batches = 0\n        self.lags = []\n        self.next += self.every\n',
        "config/ingest.yaml": INGEST_YAML,
        "config/plants.yaml": PLANTS_YAML,
        "k8s/deployment.yaml": DEPLOYMENT_YAML,
        "k8s/hpa.yaml": HPA_YAML,
        "k8s/service.yaml": k8s_service(SERVICE, 9100),
        "tests/__init__.py": "",
        "tests/test_decode.py": 'from ingest.decode import decode\n\n\ndef test_inverter_topic():\n    row = decode("plants/ES-BA-01/inverters/7/telemetry", b\'{"ts": "2026-06-01T10:00:00Z", "p_ac_w": 210000, "e_total_wh": 1, "state": 4}\')\n    assert row[:2] == ("ES-BA-01", "inv-7")\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nUSER 10001\nCMD [\"python\", \"-m\", \"ingest.main\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": readme(SERVICE, "Ingests the plants' inverter and meter readings from the MQTT broker into TimescaleDB.", "pip install -e .[test]\npytest -q\npython -m ingest.main").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Merges to `main` are built by CI. Production (`telemetry-ingest-prod` in Argo CD) is synced by hand after sunset only: during production hours the curtailment controller depends on fresh readings."),
    }


def build_repo():
    lucia = Person("Lucía Moreno", "lucia.moreno@heliostajo.es", 120)
    pedro = Person("Pedro Alves", "pedro.alves@heliostajo.es", 60)
    anya = Person("Anya Kowalczyk", "anya.kowalczyk@heliostajo.es", 120)
    tom = Person("Tom Becker", "tom.becker@heliostajo.es", 120)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("IngestLag", "lag_p95_ms in the ingest stats above 15 s for 5 minutes. Check the pods' CPU and the HPA, and the broker's queue for the ingest clients."),
        ("BrokerDown", "No ingest pod connected. Check mqtt-1 (`systemctl status mosquitto`) and the pods' MQTT lines."),
    ])
    repo.commit(utc("2026-06-11 08:30:00"), lucia, "telemetry-ingest: first version in its own repository", files)
    repo.schedule(chores(random.Random(21204), SERVICE, [lucia, pedro, anya, tom], utc("2026-06-11 08:30:00"), utc("2026-06-15 17:00:00"), 4))
    repo.commit(utc("2026-06-11 15:00:00"), pedro, "writer: COPY into a temp table, then insert with ON CONFLICT DO NOTHING\n\nQoS 1 means a reading can arrive twice; the unique key drops the copy.", {
        "ingest/writer.py": WRITER_PY,
    })
    repo.commit(utc("2026-06-15 10:20:00"), anya, "decode: state and energy from the new Navalmoral inverters", {
        "ingest/decode.py": repo.edit("ingest/decode.py", 'body.get("state"))', 'body.get("state", body.get("st")))'),
    })
    repo.commit(utc("2026-06-16 08:10:00"), lucia, "tests: meter topic and the Navalmoral payloads", {
        "tests/test_decode.py": repo.files["tests/test_decode.py"] + '\n\ndef test_meter_topic():\n    row = decode("plants/ES-CC-05/meter", b\'{"ts": "2026-06-01T10:00:00Z", "p_ac_w": -4100000}\')\n    assert row[1] == "meter"\n\n\ndef test_navalmoral_state():\n    row = decode("plants/ES-CC-05/inverters/3/telemetry", b\'{"ts": "2026-06-01T10:00:00Z", "st": 4}\')\n    assert row[5] == 4\n',
    })
    repo.commit(utc("2026-06-16 10:40:00"), renovate, "chore(deps): update dependency paho-mqtt to v2.1.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"paho-mqtt==2.0.0"', '"paho-mqtt==2.1.0"'),
    })
    repo.commit(utc("2026-06-16 12:15:00"), anya, "mqtt: log the disconnect reason's name and code\n\n`rc=7` in the log tells nobody anything; MQTT 5 gives the broker's reason.", {
        "ingest/mqtt_client.py": repo.edit("ingest/mqtt_client.py", '    log.warning("MQTT disconnected rc=%s", reason_code.value)\n',
                                           '    log.warning("MQTT disconnected: %s (reason code %d), paho reconnects", reason_code.getName(), reason_code.value)\n'),
    })
    culprit = repo.commit(utc("2026-06-16 14:25:00"), pedro, "mqtt: keep the broker session across pod restarts\n\nEvery deploy loses the readings published while the pod restarts (about\n40 s): with a new client id per pod and a clean start, the broker drops\nthe subscription and its queue. Use one client id and a one-hour session\nexpiry, so Mosquitto queues QoS 1 readings for us while we restart.", {
        "ingest/mqtt_client.py": repo.edit("ingest/mqtt_client.py", "def client_id():\n    # One MQTT client per pod (the pod's name); the shared subscription\n    # spreads the plants' readings over the pods.\n    return os.environ.get(\"POD_NAME\", socket.gethostname())\n",
                                           "def client_id():\n    # A stable id, so that the broker keeps our session (and queues QoS 1\n    # readings) while a pod restarts.\n    return os.environ.get(\"MQTT_CLIENT_ID\", \"telemetry-ingest\")\n").replace(
            "import paho.mqtt.client as mqtt\nfrom paho.mqtt.enums import CallbackAPIVersion\n",
            "import paho.mqtt.client as mqtt\nfrom paho.mqtt.enums import CallbackAPIVersion\nfrom paho.mqtt.packettypes import PacketTypes\nfrom paho.mqtt.properties import Properties\n").replace(
            "    client.connect_async(settings.mqtt_host, settings.mqtt_port, keepalive=30, clean_start=True)\n",
            "    props = Properties(PacketTypes.CONNECT)\n    props.SessionExpiryInterval = 3600\n    client.connect_async(settings.mqtt_host, settings.mqtt_port, keepalive=30, clean_start=False, properties=props)\n"),
    })
    repo.commit(utc("2026-06-16 17:50:00"), tom, "writer: flush at 1000 rows or 10 s (was 500)\n\nFewer, larger COPYs at midday; TimescaleDB's insert CPU was at 60 %.", {
        "config/ingest.yaml": repo.edit("config/ingest.yaml", "batch_rows: 500", "batch_rows: 1000"),
    })
    head = repo.commit(utc("2026-06-16 19:05:00"), lucia, "docs: TelemetryStale, from the controller's side", {
        "docs/telemetry-stale.md": "# TelemetryStale\n\nThe curtailment controller found a plant's latest meter reading older than\n30 s and put the plant on its fail-safe limit (60 %).\n\n1. Is the plant's gateway connected? Mosquitto logs its client id\n   (`gw-<plant>`) on connect and disconnect; a 4G gateway reconnects a few\n   times a day.\n2. Is the ingest keeping up? `lag_p95_ms` in the ingest stats; the HPA\n   should add pods at sunrise.\n3. MQTT disconnects of the ingest pods are logged with the broker's reason.\n\nThe fail-safe clears itself two minutes after fresh readings.\n",
    })
    repo.commit(utc("2026-06-17 05:35:00"), anya, "plants: Valdecañas II (ES-CC-10) for Thursday's commissioning", {
        "config/plants.yaml": repo.files["config/plants.yaml"] + "- id: ES-CC-10\n  name: Valdecañas II\n  inverters: 18\n",
    })
    repo.commit(utc("2026-06-17 08:40:00"), pedro, "mqtt: a client id per pod again (INC-77)\n\nWith one client id, every new pod took the session from the others\n(Session taken over) and they took it back ten seconds later: only one pod\never consumed, the HPA added more, and the broker dropped readings from the\noverflowing queue. Per-pod ids and the shared subscription, as before; the\ndeploy gap needs another answer.", {
        "ingest/mqtt_client.py": repo.edit("ingest/mqtt_client.py", "def client_id():\n    # A stable id, so that the broker keeps our session (and queues QoS 1\n    # readings) while a pod restarts.\n    return os.environ.get(\"MQTT_CLIENT_ID\", \"telemetry-ingest\")\n",
                                           "def client_id():\n    # One MQTT client per pod (the pod's name): two clients with one id take\n    # the session from each other (INC-77). The shared subscription spreads\n    # the readings over the pods.\n    return os.environ.get(\"POD_NAME\", socket.gethostname())\n").replace(
            "clean_start=False, properties=props)", "clean_start=True)").replace(
            "    props = Properties(PacketTypes.CONNECT)\n    props.SessionExpiryInterval = 3600\n", ""),
    })
    # what production ran before the evening sync: main as it was on 15 June
    previous = repo._git("rev-list", "-1", f"--before={int(utc('2026-06-15 20:30:00').timestamp())}", "HEAD")
    return repo, culprit, head, previous


# ---------------------------------------------------------------------------
# load

def wake_times(rng):
    base = utc("2026-06-17 05:00:00")
    out = []
    for pid, _, n, off in PLANTS:
        for i in range(n):
            out.append(base + dt.timedelta(minutes=26 + off * 2 + rng.uniform(0, 30)))
    return sorted(out)


def load_fn(wakes):
    """Readings a minute from all gateways."""
    def fn(t):
        awake = sum(1 for w in wakes if w <= t)
        meters = 9 * (12 if t >= utc("2026-06-17 05:05:00") else 1)
        return awake * 12 + (len(wakes) - awake) + meters
    return fn


def first_at_least(fn, level, start, end):
    t = start
    while t < end:
        if fn(t) >= level:
            return t
        t += dt.timedelta(seconds=15)
    raise ValueError("never")


# ---------------------------------------------------------------------------
# logs

def build_logs(rng, culprit, head, previous):
    app = Log("telemetry-ingest.log")
    mosq = Log("mosquitto.log")
    events = Log("k8s-events.log")
    cc = Log("curtailment-controller.log")
    argo = Log("argocd.log")
    chat = Log("plant-ops.log")

    wakes = wake_times(rng)
    M = load_fn(wakes)
    scale2 = first_at_least(M, 1850, utc("2026-06-17 05:00:00"), END).replace(second=0) + dt.timedelta(seconds=rng.randint(15, 44))
    scale3 = scale2 + dt.timedelta(minutes=18, seconds=25)
    alert = scale2 + dt.timedelta(minutes=8, seconds=10)
    restart = scale2 + dt.timedelta(minutes=30, seconds=12)
    rollback = scale2 + dt.timedelta(minutes=51, seconds=40)

    nodes = ["10.20.1.14", "10.20.1.15", "10.20.2.21", "10.20.3.9", "10.20.2.27", "10.20.1.19"]

    def pod(name, node, up, version, fixed, down=None):
        return {"name": name, "node": node, "up": up, "down": down or END + dt.timedelta(hours=1), "version": version, "fixed": fixed}

    pods = []
    old = pod("telemetry-ingest-5b7d8c6f9-q8wzt", nodes[0], START - dt.timedelta(days=1), previous[:7], False, SYNC + dt.timedelta(seconds=31))
    v1 = pod("telemetry-ingest-6c9f7d4b8-jx2vn", nodes[1], SYNC + dt.timedelta(seconds=19), head[:7], True)
    p2 = pod("telemetry-ingest-6c9f7d4b8-m7tqz", nodes[2], scale2 + dt.timedelta(seconds=21), head[:7], True)
    p3 = pod("telemetry-ingest-6c9f7d4b8-w4kcs", nodes[3], scale3 + dt.timedelta(seconds=19), head[:7], True)
    pods += [old, v1, p2, p3]
    # rollout restart: a new ReplicaSet, one pod at a time
    rs2 = []
    for i, suffix in enumerate(["h2rnd", "t9xkw", "b6vqp"]):
        up = restart + dt.timedelta(seconds=17 + 31 * i)
        rs2.append(pod(f"telemetry-ingest-7d5b9c8f6-{suffix}", nodes[[4, 1, 5][i]], up, head[:7], True))
    for victim, newer in zip([v1, p2, p3], rs2):
        victim["down"] = newer["up"] + dt.timedelta(seconds=3)
    pods += rs2
    # Argo CD rollback to the previous revision: per-pod client ids again
    rs3 = []
    for i, suffix in enumerate(["k4pzs", "x8dnm", "r2jwc"]):
        up = rollback + dt.timedelta(seconds=19 + 30 * i)
        rs3.append(pod(f"telemetry-ingest-5b7d8c6f9-{suffix}", nodes[[2, 3, 0][i]], up, previous[:7], False))
    for victim, newer in zip(rs2, rs3):
        victim["down"] = newer["up"] + dt.timedelta(seconds=3)
    pods += rs3
    scale_down = rollback + dt.timedelta(minutes=12, seconds=5)
    rs3[2]["down"] = scale_down + dt.timedelta(seconds=2)

    def stern(p, t, level, logger, msg):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{p['name']} telemetry-ingest {stamp} {level} {logger}: {msg}")

    def epoch(t, text):
        mosq.add(t, f"{int(t.timestamp())}: {text}")

    def port():
        return rng.randint(32768, 60999)

    def cid(p):
        return "telemetry-ingest" if p["fixed"] else p["name"]

    # ---- pod lifecycles: start, connect, SIGTERM
    connect_at = {}
    for p in pods:
        if p["up"] > START:
            t = p["up"] - dt.timedelta(seconds=rng.uniform(1.5, 2.5))
            stern(p, t, "INFO", "ingest.main", f"starting telemetry-ingest version={p['version']}")
            t += dt.timedelta(milliseconds=rng.randint(30, 90))
            stern(p, t, "INFO", "ingest.mqtt", f"MQTT connecting to {BROKER}:8883 client_id={cid(p)}")
            connect_at[p["name"]] = t + dt.timedelta(milliseconds=rng.randint(140, 320))
        if p["down"] < END:
            t = p["down"] - dt.timedelta(seconds=rng.uniform(0.3, 0.8))
            stern(p, t, "INFO", "ingest.main", f"SIGTERM: disconnecting and flushing {rng.randint(20, 900)} buffered readings")

    # ---- the broker session(s): per-pod ids are independent; pods with the
    # fixed id take the one session from each other.
    owner = {"pod": None}
    owned = []  # (pod name, start, end)
    takeovers = []
    heap = []
    for p in pods:
        if p["fixed"] and p["name"] in connect_at:
            heapq.heappush(heap, (connect_at[p["name"]], p["name"]))
    by_name = {p["name"]: p for p in pods}
    for p in pods:
        if p["fixed"]:
            heapq.heappush(heap, (p["down"], "~down~" + p["name"]))
    since = {}

    while heap:
        t, what = heapq.heappop(heap)
        if t >= END:
            break
        if what.startswith("~down~"):
            p = by_name[what[6:]]
            if owner["pod"] is p:
                epoch(t, "Client telemetry-ingest disconnected.")
                owned.append((p["name"], since[p["name"]], t))
                owner["pod"] = None
            continue
        p = by_name[what]
        if not (p["up"] - dt.timedelta(seconds=5) <= t < p["down"]):
            continue
        ip = p["node"]
        epoch(t, f"New connection from {ip}:{port()} on port 8883.")
        prev = owner["pod"]
        if prev is not None and prev is not p:
            epoch(t, "Client telemetry-ingest already connected, closing old connection.")
            takeovers.append(t)
            owned.append((prev["name"], since[prev["name"]], t))
            d = t + dt.timedelta(milliseconds=rng.randint(3, 25))
            stern(prev, d, "WARNING", "ingest.mqtt", "MQTT disconnected: Session taken over (reason code 142), paho reconnects")
            heapq.heappush(heap, (d + dt.timedelta(seconds=10, milliseconds=rng.randint(60, 420)), prev["name"]))
        epoch(t, f"New client connected from {ip}:{port()} as telemetry-ingest (p5, c0, k30, u'telemetry-ingest').")
        c = t + dt.timedelta(milliseconds=rng.randint(15, 60))
        stern(p, c, "INFO", "ingest.mqtt", f"MQTT connected session_present={prev is not None or p is not v1} reason=Success")
        owner["pod"] = p
        since[p["name"]] = t
    if owner["pod"] is not None:
        owned.append((owner["pod"]["name"], since[owner["pod"]["name"]], END))

    # per-pod clients (the old pod before the sync, the rolled-back pods)
    for p in [old] + rs3:
        if p["name"] in connect_at:
            t = connect_at[p["name"]]
            epoch(t, f"New connection from {p['node']}:{port()} on port 8883.")
            epoch(t, f"New client connected from {p['node']}:{port()} as {cid(p)} (p5, c1, k30, u'telemetry-ingest').")
            stern(p, t + dt.timedelta(milliseconds=rng.randint(15, 60)), "INFO", "ingest.mqtt", "MQTT connected session_present=False reason=Success")
        if p["down"] < END:
            epoch(p["down"] - dt.timedelta(seconds=rng.uniform(0.1, 0.3)), f"Client {cid(p)} disconnected.")

    # ---- how much gets through
    fixed_window = (scale2, rs3[2]["up"] + dt.timedelta(seconds=3))

    def fixed_pods(t):
        return [p for p in pods if p["fixed"] and p["up"] <= t < p["down"]]

    def shared_members(t):
        return [p for p in pods if not p["fixed"] and p["up"] <= t < p["down"]]

    def capacity(t):
        fp = len(fixed_pods(t))
        members = len(shared_members(t))
        if fp >= 2:
            churn = {2: 0.86, 3: 0.74}.get(fp, 0.7)
            return POD_CAPACITY * churn + POD_CAPACITY * members
        return POD_CAPACITY * (members + (1 if fp else 0))

    def behind(t):
        return max(0.0, M(t) - capacity(t))

    drops = []
    t = fixed_window[0]
    next_drop_log = t
    while t < fixed_window[1]:
        if behind(t) > 0 and t >= next_drop_log:
            epoch(t, "Outgoing messages are being dropped for client telemetry-ingest.")
            drops.append(t)
            next_drop_log = t + dt.timedelta(seconds=rng.randint(70, 160))
        t += dt.timedelta(seconds=5)

    def owned_seconds(name, a, b):
        total = 0.0
        for n, s, e in owned:
            if n == name:
                lo, hi = max(a, s), min(b, e)
                if hi > lo:
                    total += (hi - lo).total_seconds()
        return total

    lag_series = []
    for p in pods:
        t = max(START, p["up"]) + dt.timedelta(seconds=60, milliseconds=rng.randint(0, 999))
        while t < min(p["down"], END):
            a = t - dt.timedelta(seconds=60)
            load = M(t)
            if p["fixed"]:
                share = owned_seconds(p["name"], a, t) / 60
                through = min(load, capacity(t)) if len(fixed_pods(t)) >= 2 else min(load, POD_CAPACITY)
                members = len(shared_members(t))
                if members:
                    through = through / (members + 1)
                received = int(through * share * rng.uniform(0.96, 1.04))
                kicks = sum(1 for x in takeovers if a < x <= t)
                dups = kicks * rng.randint(14, 20) if received else 0
                if behind(t) > 0:
                    lag = rng.randint(31_000, 58_000) + int(behind(t) * 9)
                elif len(fixed_pods(t)) >= 2:
                    lag = rng.randint(4_000, 14_000)
                else:
                    lag = rng.randint(600, 1_400)
            else:
                members = max(1, len(shared_members(t)) + (1 if fixed_pods(t) else 0))
                received = int(min(load, capacity(t)) / members * rng.uniform(0.93, 1.07))
                dups = rng.randint(0, 2)
                lag = rng.randint(20_000, 40_000) if fixed_pods(t) and behind(t) > 0 else rng.randint(550, 1_300)
                if p in rs3 and t < p["up"] + dt.timedelta(minutes=3):
                    lag = rng.randint(9_000, 26_000)
            written = max(0, received - dups)
            batches = max(1 if received else 0, written // 1000 + (6 if received else 0))
            stern(p, t, "INFO", "ingest.stats", f"ingest stats received={received} written={written} duplicates={dups} batches={batches} lag_p95_ms={lag if received else 0}")
            lag_series.append((t, lag if received else 0))
            t += dt.timedelta(seconds=60)

    # ---- the gateways' own connections (4G links drop now and then)
    gw_ip = {pid: f"10.60.{i + 1}.2" for i, (pid, *_) in enumerate(PLANTS)}
    for pid, *_ in PLANTS:
        for t in poisson_times(rng, START, END, 1 / 140):
            gid = f"gw-{pid.lower()}"
            epoch(t, f"Client {gid} has exceeded timeout, disconnecting.")
            r = t + dt.timedelta(seconds=rng.randint(8, 95))
            ip = gw_ip[pid]
            epoch(r, f"New connection from {ip}:{port()} on port 8883.")
            epoch(r, f"New client connected from {ip}:{port()} as {gid} (p2, c0, k60, u'{gid}').")
    t = utc("2026-06-16 20:12:44")
    while t < END:
        epoch(t, "Saving in-memory database to /mosquitto/data/mosquitto.db.")
        t += dt.timedelta(minutes=30)

    # ---- Kubernetes events
    def event(t, kind, name, reason, message, component, etype="Normal", ns="telemetry"):
        body = {"metadata": {"name": f"{name}.{hexid(rng, 11)}", "namespace": ns},
                "involvedObject": {"kind": kind, "namespace": ns, "name": name},
                "reason": reason, "message": message, "source": {"component": component},
                "firstTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "count": 1, "type": etype}
        events.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def pod_events(p, rs):
        t = p["up"] - dt.timedelta(seconds=6)
        event(t, "ReplicaSet", rs, "SuccessfulCreate", f"Created pod: {p['name']}", "replicaset-controller")
        event(t, "Pod", p["name"], "Scheduled", f"Successfully assigned telemetry/{p['name']} to {node_name(p['node'])}", "default-scheduler")
        event(t + dt.timedelta(seconds=1), "Pod", p["name"], "Pulled", f"Container image \"ghcr.io/helios-tajo/telemetry-ingest:{p['version']}\" already present on machine", "kubelet")
        event(t + dt.timedelta(seconds=1), "Pod", p["name"], "Created", "Created container telemetry-ingest", "kubelet")
        event(t + dt.timedelta(seconds=2), "Pod", p["name"], "Started", "Started container telemetry-ingest", "kubelet")
        if p["down"] < END:
            event(p["down"] - dt.timedelta(seconds=1), "Pod", p["name"], "Killing", "Stopping container telemetry-ingest", "kubelet")

    def node_name(ip):
        return "gke-prod-pool-1-" + {"10.20.1.14": "9c1f2a7b-2kq0", "10.20.1.15": "9c1f2a7b-7wxd", "10.20.2.21": "4e8b0d13-k3mz",
                                      "10.20.3.9": "b71c5e02-q9rt", "10.20.2.27": "4e8b0d13-p5nh", "10.20.1.19": "9c1f2a7b-c8vj"}[ip]

    event(SYNC + dt.timedelta(seconds=3), "Deployment", SERVICE, "ScalingReplicaSet", "Scaled up replica set telemetry-ingest-6c9f7d4b8 to 1", "deployment-controller")
    pod_events(v1, "telemetry-ingest-6c9f7d4b8")
    event(old["down"] - dt.timedelta(seconds=2), "Deployment", SERVICE, "ScalingReplicaSet", "Scaled down replica set telemetry-ingest-5b7d8c6f9 to 0 from 1", "deployment-controller")
    event(old["down"] - dt.timedelta(seconds=1), "Pod", old["name"], "Killing", "Stopping container telemetry-ingest", "kubelet")
    event(scale2, "HorizontalPodAutoscaler", SERVICE, "SuccessfulRescale", "New size: 2; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler")
    event(scale2 + dt.timedelta(seconds=1), "Deployment", SERVICE, "ScalingReplicaSet", "Scaled up replica set telemetry-ingest-6c9f7d4b8 to 2 from 1", "deployment-controller")
    pod_events(p2, "telemetry-ingest-6c9f7d4b8")
    event(scale3, "HorizontalPodAutoscaler", SERVICE, "SuccessfulRescale", "New size: 3; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler")
    event(scale3 + dt.timedelta(seconds=1), "Deployment", SERVICE, "ScalingReplicaSet", "Scaled up replica set telemetry-ingest-6c9f7d4b8 to 3 from 2", "deployment-controller")
    pod_events(p3, "telemetry-ingest-6c9f7d4b8")
    for i, p in enumerate(rs2):
        event(p["up"] - dt.timedelta(seconds=7), "Deployment", SERVICE, "ScalingReplicaSet", f"Scaled up replica set telemetry-ingest-7d5b9c8f6 to {i + 1}{'' if i == 0 else f' from {i}'}", "deployment-controller")
        pod_events(p, "telemetry-ingest-7d5b9c8f6")
        event(p["up"] + dt.timedelta(seconds=2), "Deployment", SERVICE, "ScalingReplicaSet", f"Scaled down replica set telemetry-ingest-6c9f7d4b8 to {2 - i} from {3 - i}", "deployment-controller")
    for i, p in enumerate(rs3):
        event(p["up"] - dt.timedelta(seconds=7), "Deployment", SERVICE, "ScalingReplicaSet", f"Scaled up replica set telemetry-ingest-5b7d8c6f9 to {i + 1}{'' if i == 0 else f' from {i}'}", "deployment-controller")
        pod_events(p, "telemetry-ingest-5b7d8c6f9")
        event(p["up"] + dt.timedelta(seconds=2), "Deployment", SERVICE, "ScalingReplicaSet", f"Scaled down replica set telemetry-ingest-7d5b9c8f6 to {2 - i} from {3 - i}", "deployment-controller")
    event(scale_down, "HorizontalPodAutoscaler", SERVICE, "SuccessfulRescale", "New size: 2; reason: All metrics below target", "horizontal-pod-autoscaler")
    event(scale_down + dt.timedelta(seconds=1), "Deployment", SERVICE, "ScalingReplicaSet", "Scaled down replica set telemetry-ingest-5b7d8c6f9 to 2 from 3", "deployment-controller")
    t = utc("2026-06-16 20:15:00")
    while t < END:
        job = f"forecast-sync-{int(t.timestamp()) // 60}"
        podn = f"{job}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
        event(t, "CronJob", "forecast-sync", "SuccessfulCreate", f"Created job {job}", "cronjob-controller", ns="forecasting")
        event(t, "Job", job, "SuccessfulCreate", f"Created pod: {podn}", "job-controller", ns="forecasting")
        e = t + dt.timedelta(seconds=rng.randint(38, 95))
        event(e, "Job", job, "Completed", "Job completed", "job-controller", ns="forecasting")
        event(e + dt.timedelta(seconds=1), "CronJob", "forecast-sync", "SawCompletedJob", f"Saw completed job: {job}, status: Complete", "cronjob-controller", ns="forecasting")
        t += dt.timedelta(minutes=30)

    # ---- the curtailment controller (reads the latest meter rows)
    def cclog(t, level, msg, **kv):
        parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f"msg={json.dumps(msg, ensure_ascii=False)}"]
        parts += [f"{k}={json.dumps(v, ensure_ascii=False) if isinstance(v, str) and (' ' in v or not v) else v}" for k, v in kv.items()]
        cc.add(t, " ".join(parts))

    lag_at = sorted(lag_series)

    def worst_lag(t):
        recent = [l for (x, l) in lag_at if t - dt.timedelta(seconds=70) < x <= t]
        return max(recent) if recent else 0

    stale_since = {}
    fresh_since = {}
    stale_events = []
    t = CC_START + dt.timedelta(seconds=rng.randint(1, 9))
    while t < END:
        lag = worst_lag(t)
        export = 0.0
        n_stale = 0
        for pid, name, n, off in PLANTS:
            awake = sum(1 for w in wakes if w <= t)
            frac = awake / len(wakes)
            mw = round(n * 0.2 * frac * min(1.0, max(0.0, (t - utc("2026-06-17 05:20:00")).total_seconds() / 7200)) * rng.uniform(0.9, 1.05), 2)
            export += mw
            p_stale = 0.0
            if lag > 30_000:
                p_stale = 0.6
            elif lag > 10_000:
                p_stale = 0.15
            if rng.random() < p_stale:
                age = int(lag / 1000 + rng.uniform(0, 25))
                if pid not in stale_since:
                    stale_since[pid] = t
                    stale_events.append(t)
                    cclog(t, "WARN", "meter reading stale, fail-safe limit applied", plant=pid, age_s=age, limit_pct=60)
                fresh_since.pop(pid, None)
            elif pid in stale_since:
                fresh_since.setdefault(pid, t)
                if t - fresh_since[pid] >= dt.timedelta(seconds=120):
                    cclog(t, "INFO", "meter readings fresh again, fail-safe cleared", plant=pid, stale_for_s=int((t - stale_since[pid]).total_seconds()))
                    stale_since.pop(pid)
                    fresh_since.pop(pid)
            if pid in stale_since:
                n_stale += 1
        cclog(t, "INFO", "control cycle", plants=len(PLANTS), stale=n_stale, failsafe=n_stale, export_mw=round(export, 1))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-30, 30))

    # ---- Argo CD
    def lr(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}"]
        parts += [f"{k}={json.dumps(v) if (' ' in str(v) or not str(v)) else v}" for k, v in kv.items()]
        return " ".join(parts)

    name = "argocd/telemetry-ingest-prod"
    t = START + dt.timedelta(seconds=rng.randint(10, 90))
    while t < END:
        argo.add(t, lr(t, "info", "Reconciliation completed", application=name, **{"dest-namespace": "telemetry", "dest-server": "https://kubernetes.default.svc", "diff_ms": rng.randint(3, 19), "git_ms": rng.randint(20, 160), "time_ms": rng.randint(60, 340)}))
        t += dt.timedelta(minutes=10, seconds=rng.randint(-20, 20))
    for when, rev, who, note in ((SYNC, head, "lucia.moreno@heliostajo.es", "sync"), (rollback, previous, "pedro.alves@heliostajo.es", "rollback")):
        if note == "rollback":
            argo.add(when, lr(when, "info", f"Rollback to history id 57 (revision {previous})", application=name, initiatedBy=who))
        argo.add(when, lr(when, "info", f"Initiated sync to revision {rev}", application=name, initiatedBy=who))
        t2 = when + dt.timedelta(seconds=2)
        argo.add(t2, lr(t2, "info", "Applying resource Deployment/telemetry-ingest in cluster: https://kubernetes.default.svc, namespace: telemetry", application=name))
        argo.add(t2, lr(t2, "info", "Adding resource result, status: 'Synced', phase: 'Running', message: 'deployment.apps/telemetry-ingest configured'", application=name, kind="Deployment", phase="Sync"))
        argo.add(t2, lr(t2, "info", "Adding resource result, status: 'Synced', phase: 'Running', message: 'horizontalpodautoscaler.autoscaling/telemetry-ingest unchanged'", application=name, kind="HorizontalPodAutoscaler", phase="Sync"))
        t3 = when + dt.timedelta(seconds=3)
        argo.add(t3, lr(t3, "info", "Updated health status: Healthy -> Progressing", application=name))
        t4 = when + dt.timedelta(seconds=31 if note == "sync" else 95)
        argo.add(t4, lr(t4, "info", "Updated health status: Progressing -> Healthy", application=name))
        argo.add(t4, lr(t4, "info", f"Updated sync status: {'OutOfSync -> Synced' if note == 'sync' else 'Synced -> OutOfSync'}", application=name))
    t = restart - dt.timedelta(seconds=2)
    argo.add(t, lr(t, "info", "Updated health status: Healthy -> Progressing", application=name))
    t = rs2[2]["up"] + dt.timedelta(seconds=4)
    argo.add(t, lr(t, "info", "Updated health status: Progressing -> Healthy", application=name))

    # ---- chat
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #plant-ops <{who}> {text}")
    say(utc("2026-06-16 20:28:40"), "Lucía Moreno", f"sunset deploy: syncing telemetry-ingest-prod to {head[:7]} (paho 2.1.0, MQTT disconnect reasons, persistent session, writer batch 1000)")
    say(utc("2026-06-16 20:33:05"), "Lucía Moreno", "synced, 1/1 pod, readings flowing (night rate)")
    say(alert, "alertmanager", "[FIRING:1] TelemetryStale (plants on fail-safe export limit for 5m)")
    say(alert + dt.timedelta(minutes=3, seconds=10), "Pedro Alves", "on it. ingest lag_p95 at 40-70 s, HPA went to 2 pods at sunrise as usual")
    say(alert + dt.timedelta(minutes=9, seconds=45), "Pedro Alves", "both pods keep disconnecting and reconnecting every 10 s or so. mosquitto is up, gateways connected. the paho bump went out last night")
    say(scale3 + dt.timedelta(seconds=50), "Pedro Alves", "HPA now at 3 and it is getting worse. broker log says it is dropping messages for the ingest")
    say(restart - dt.timedelta(seconds=40), "Pedro Alves", "rollout restart of telemetry-ingest to rule out a bad pod")
    say(restart + dt.timedelta(minutes=6, seconds=20), "Pedro Alves", "no change after the restart")
    say(rollback - dt.timedelta(seconds=55), "Pedro Alves", f"rolling back to Monday's release ({previous[:7]}) in Argo CD, day freeze or not. Tom ok'd")
    say(rollback + dt.timedelta(minutes=7, seconds=30), "Pedro Alves", "3 pods, no more disconnects, lag back to ~1 s, fail-safe limits clearing. INC-77 for the postmortem; the readings between 05:40 and 06:32 have gaps")
    return [app, mosq, events, cc, argo, chat], {"takeovers": takeovers, "M": M, "capacity": capacity, "lags": lag_series,
                                                 "stale": stale_events, "pods": pods, "scale2": scale2}


def build(out_dir):
    rng = random.Random(21200)
    repo, culprit, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, head, previous)
        onset = min(stats["takeovers"]).replace(microsecond=0)
        pods = stats["pods"]

        def replicas(t):
            return sum(1 for p in pods if p["up"] <= t < p["down"])

        def lag_fn(t):
            recent = [l for (x, l) in stats["lags"] if t - dt.timedelta(seconds=60) < x <= t]
            return max(recent) / 1000 if recent else None

        metrics = {
            "kube_horizontalpodautoscaler_status_current_replicas.json": query_range([({"horizontalpodautoscaler": SERVICE, "namespace": "telemetry"}, replicas)], START, END, 60),
            "mqtt_gateway_messages_per_minute.json": query_range([({"job": "mosquitto", "topic": "plants/+/#"}, lambda t: stats["M"](t))], utc("2026-06-17 04:00:00"), END, 60),
            "ingest_lag_p95_seconds.json": query_range([({"service": SERVICE}, lag_fn)], utc("2026-06-17 04:00:00"), END, 60),
        }
        return write_scenario(
            out_dir, name="mqtt-session-takeover-solar", service=SERVICE, onset=onset,
            description=f"""
Plant telemetry goes stale in the morning ramp. From {onset.strftime('%H:%M')} UTC on 17 June
the ingest of inverter and meter readings falls behind, readings arrive late
or not at all, and the curtailment controller puts plants on their fail-safe
export limit. telemetry-ingest was last synced at 20:31 UTC the evening
before (deploys after sunset only); its HPA added a second and a third pod
as the plants woke up. A restart at {(stats['scale2'] + dt.timedelta(minutes=30)).strftime('%H:%M')} changed nothing; a rollback
in Argo CD at {(stats['scale2'] + dt.timedelta(minutes=51, seconds=40)).strftime('%H:%M')} did.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"telemetry-ingest.log": r'<Pod> <Container> <Date> <Time> <Level> <Logger>: <Content>'},
            root_cause=[r"already connected, closing old connection",
                        r"MQTT disconnected: Session taken over"],
            fix_files=["ingest/mqtt_client.py"],
            explanation=f"""
The culprit is the 16 June 14:25 commit "mqtt: keep the broker session
across pod restarts": every pod now connects with the same client id
(`telemetry-ingest`, was the pod's name) and a persistent
session. With one pod at night nothing shows. When the HPA adds a second pod
at sunrise, it takes the session: Mosquitto logs "Client telemetry-ingest
already connected, closing old connection" and the first pod logs "MQTT
disconnected: Session taken over (reason code 142)"; ten seconds later paho
reconnects it and it takes the session back, and so on. Only one pod
consumes at a time, the reconnects cost CPU, the HPA adds a third pod that
joins in, the session's queue overflows ("Outgoing messages are being
dropped for client telemetry-ingest") and the curtailment controller finds
stale meter readings. The first takeover comes about {int((onset - utc('2026-06-16 14:25:00')).total_seconds() // 3600)} h after the commit
(synced at 20:31, the sync naming the later docs commit). The rollback to
the previous release (per-pod ids) ends it. The fix restores a client id
per pod in ingest/mqtt_client.py.
Decoys: the paho-mqtt 2.1.0 bump and the commit to the same file that adds
the reason's name and code to the disconnect line (same release; every
symptom line carries their words); the writer's batch-size change (config,
the last code change before the sync); the docs commit the sync names;
the morning's plant list commit (not deployed); the HPA scaling as
designed; the gateways' routine 4G reconnects; the restart that changed
nothing; chores.
""",
        )
    finally:
        repo.close()
