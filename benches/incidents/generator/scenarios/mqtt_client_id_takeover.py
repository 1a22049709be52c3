"""wagon-telemetry-ingest (Go 1.23, eclipse/paho.mqtt.golang, zerolog;
EKS with Argo CD auto-sync; team in Hamburg, Poznań and Berlin): Baltik
Rail Cargo's wagon telemetry ingest. About 14,000 freight wagons carry a
telematics unit (GNSS position, shock, hatch and handbrake sensors) that
publishes over the cellular network to the company's Mosquitto broker
(QoS 1). The ingest subscribes to the shared subscription
$share/ingest/wagons/+/telemetry, writes readings to TimescaleDB and
hands shock and hatch events to the alarms service. A CPU
HorizontalPodAutoscaler runs it with one pod at night and two or three in
the day.

On Tuesday 17 November at 17:32 UTC a commit makes the MQTT session
persistent: clean_session false and a fixed client id from the config
("wagon-telemetry-ingest") instead of one from the pod's name, so the
broker queues readings while the pod restarts. Its author thought of
rollouts (maxSurge 0, so the old pod stops before the new one starts) but
not of the autoscaler. Argo CD syncs it at 17:36 (the sync names the docs
commit made two minutes later), while the HPA runs one pod; a config
change restarts that pod at 04:55 without trouble. At 05:20 on Wednesday
the morning departures from the marshalling yards push CPU over the
target and the HPA adds a second pod: it connects with the same client
id, Mosquitto closes the first pod's connection ("already connected,
closing old connection"), the first pod reconnects a second later and
closes the second's, and so on, about once a second. Deliveries to the
session collapse, the session's queue passes max_queued_messages and the
broker drops readings; wagon positions freeze and shock alarms arrive
minutes late. At 05:44 the on-call caps the HPA at one replica and the
queue drains; the readings dropped meanwhile are lost.

Decoys: the hatch alarm debounce change to the culprit's config file,
synced 26 minutes before the onset (it restarts the pod); yesterday's
paho.mqtt.golang 1.4.3 -> 1.5.0 bump; the commit that logs the reason and
attempt of every lost connection (each flap's line); the batch-size
change to the store; the docs commit the culprit's sync names; the HPA
rescale lines themselves. Sources: app (zerolog JSON), Mosquitto
(ISO-timestamped log), kube-controller-manager (klog: HPA and deployment
events), wagon-alarms (Python logging), Argo CD (logfmt), #ops-control
(chat export)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import klog
from skeletons import chores, runbook

SERVICE = "wagon-telemetry-ingest"
CLIENT_ID = "wagon-telemetry-ingest"
START, END = utc("2026-11-18 03:50:00"), utc("2026-11-18 06:30:00")
CULPRIT_SYNC = utc("2026-11-17 17:36:20")
DECOY_SYNC = utc("2026-11-18 04:55:10")
SCALE_2 = utc("2026-11-18 05:20:41")
CAPPED = utc("2026-11-18 05:44:08")
MAX_QUEUED = 100000

CLIENT_GO = """package mqttclient

import (
\t"crypto/tls"
\t"fmt"
\t"os"
\t"time"

\tmqtt "github.com/eclipse/paho.mqtt.golang"
\t"github.com/rs/zerolog/log"

\t"baltikrail.eu/telemetry/ingest/internal/config"
)

// New connects to the telematics broker and subscribes to the wagons'
// telemetry at QoS 1.
func New(cfg config.MQTT, handle mqtt.MessageHandler) (mqtt.Client, error) {
\thost, _ := os.Hostname()
\topts := mqtt.NewClientOptions()
\topts.AddBroker(cfg.Broker)
\topts.SetClientID(fmt.Sprintf("ingest-%s", host))
\topts.SetUsername(cfg.Username)
\topts.SetPassword(cfg.Password)
\topts.SetTLSConfig(&tls.Config{MinVersion: tls.VersionTLS12})
\topts.SetCleanSession(true)
\topts.SetKeepAlive(30 * time.Second)
\topts.SetAutoReconnect(true)
\topts.SetMaxReconnectInterval(30 * time.Second)
\topts.SetOnConnectHandler(func(c mqtt.Client) {
\t\tc.Subscribe(cfg.Topic, 1, handle)
\t\tlog.Info().Str("broker", cfg.Broker).Msg("mqtt connected")
\t})
\topts.SetConnectionLostHandler(func(_ mqtt.Client, err error) {
\t\tlog.Warn().Err(err).Msg("mqtt connection lost")
\t})
\tc := mqtt.NewClient(opts)
\tif t := c.Connect(); t.Wait() && t.Error() != nil {
\t\treturn nil, t.Error()
\t}
\treturn c, nil
}
"""

PROD_YAML = """mqtt:
  broker: ssl://mqtt.telematics.baltikrail.eu:8883
  username: ingest
  topic: wagons/+/telemetry

store:
  dsn_env: TIMESCALE_DSN
  batch_size: 200
  flush_interval: 2s

alarms:
  shock_threshold_g: 4.0
  hatch_open_debounce: 60s
  handbrake_moving_speed_kmh: 5
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: wagon-telemetry-ingest
  namespace: telemetry
spec:
  selector:
    matchLabels:
      app: wagon-telemetry-ingest
  template:
    metadata:
      labels:
        app: wagon-telemetry-ingest
    spec:
      containers:
        - name: ingest
          image: 630144927715.dkr.ecr.eu-central-1.amazonaws.com/wagon-telemetry-ingest:latest
          args: ["--config", "/etc/ingest/production.yaml"]
          envFrom:
            - secretRef: {name: wagon-telemetry-ingest}
          resources:
            requests: {cpu: 500m, memory: 256Mi}
            limits: {memory: 256Mi}
          volumeMounts:
            - {name: config, mountPath: /etc/ingest}
      volumes:
        - name: config
          configMap: {name: wagon-telemetry-ingest}
"""

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: wagon-telemetry-ingest
  namespace: telemetry
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: wagon-telemetry-ingest
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
"""


def repo_files():
    return {
        "go.mod": "module baltikrail.eu/telemetry/ingest\n\ngo 1.23\n\nrequire (\n\tgithub.com/eclipse/paho.mqtt.golang v1.4.3\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/rs/zerolog v1.33.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        "cmd/ingest/main.go": 'package main\n\nimport (\n\t"flag"\n\t"os"\n\n\t"github.com/rs/zerolog"\n\t"github.com/rs/zerolog/log"\n\n\t"baltikrail.eu/telemetry/ingest/internal/config"\n\t"baltikrail.eu/telemetry/ingest/internal/mqttclient"\n\t"baltikrail.eu/telemetry/ingest/internal/pipeline"\n)\n\nvar version = "dev"\n\nfunc main() {\n\tpath := flag.String("config", "config/production.yaml", "config file")\n\tflag.Parse()\n\thost, _ := os.Hostname()\n\tzerolog.TimeFieldFormat = "2006-01-02T15:04:05.000Z07:00"\n\tlog.Logger = zerolog.New(os.Stdout).With().Timestamp().Str("pod", host).Logger()\n\tcfg := config.MustLoad(*path)\n\tlog.Info().Str("version", version).Msg("wagon-telemetry-ingest starting")\n\tp := pipeline.New(cfg)\n\tif _, err := mqttclient.New(cfg.MQTT, p.Handle); err != nil {\n\t\tlog.Fatal().Err(err).Msg("mqtt connect failed")\n\t}\n\tp.Run()\n}\n',
        "internal/mqttclient/client.go": CLIENT_GO,
        "internal/config/config.go": 'package config\n\nimport (\n\t"os"\n\t"time"\n\n\t"gopkg.in/yaml.v3"\n)\n\ntype MQTT struct {\n\tBroker   string `yaml:"broker"`\n\tUsername string `yaml:"username"`\n\tPassword string `yaml:"-"`\n\tTopic    string `yaml:"topic"`\n}\n\ntype Config struct {\n\tMQTT  MQTT `yaml:"mqtt"`\n\tStore struct {\n\t\tDSNEnv        string        `yaml:"dsn_env"`\n\t\tBatchSize     int           `yaml:"batch_size"`\n\t\tFlushInterval time.Duration `yaml:"flush_interval"`\n\t} `yaml:"store"`\n}\n\nfunc MustLoad(path string) Config {\n\tb, err := os.ReadFile(path)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tvar c Config\n\tif err := yaml.Unmarshal(b, &c); err != nil {\n\t\tpanic(err)\n\t}\n\tc.MQTT.Password = os.Getenv("MQTT_PASSWORD")\n\treturn c\n}\n',
        "internal/pipeline/pipeline.go": 'package pipeline\n\n// Handle decodes a reading, drops duplicates (QoS 1 redelivers) by\n// (wagon, seq), and queues it for the batch writer; shock and hatch\n// events go to the alarms topic at once.\n',
        "internal/store/timescale.go": 'package store\n\n// WriteBatch COPYs readings into wagon_readings (a hypertable by reading time).\n',
        "config/production.yaml": PROD_YAML,
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/hpa.yaml": HPA,
        "k8s/kustomization.yaml": "resources:\n  - deployment.yaml\n  - hpa.yaml\nconfigMapGenerator:\n  - name: wagon-telemetry-ingest\n    namespace: telemetry\n    files:\n      - ../config/production.yaml\n",
        "Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=${VERSION}\" -o /ingest ./cmd/ingest\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /ingest /ingest\nENTRYPOINT [\"/ingest\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-go@v5\n        with: {go-version: '1.23'}\n      - run: go test ./...\n",
        "README.md": "# wagon-telemetry-ingest\n\nReads the wagons' telematics readings from the Mosquitto broker\n(`$share/ingest/wagons/+/telemetry`, QoS 1), writes them to TimescaleDB\nand passes shock, hatch and handbrake events to wagon-alarms.\n\n## Running locally\n\n```\ndocker compose up -d mosquitto timescale\ngo run ./cmd/ingest --config config/local.yaml\n```\n\n## Deploying\n\nMerges to `main` build an image; Argo CD syncs `k8s/` (kustomize, the\nconfig map is generated from `config/production.yaml`) automatically.\n",
    }


def build_repo():
    jonas = Person("Jonas Petersen", "jonas.petersen@baltikrail.eu", 60)
    kasia = Person("Katarzyna Wójcik", "katarzyna.wojcik@baltikrail.eu", 60)
    aylin = Person("Aylin Demir", "aylin.demir@baltikrail.eu", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("TelemetryIngestLag", "Readings older than 60 s when written. Check the broker (`kubectl -n broker logs mosquitto-0`), the ingest's connection and TimescaleDB's write latency."),
        ("WagonPositionsStale", "More than 5 % of moving wagons without a position for 10 minutes. Usually the cellular network or the broker; see the ingest's lag first."),
    ])
    repo.commit(utc("2026-11-10 08:30:00"), jonas, "wagon-telemetry-ingest: import from the telematics monorepo", files)
    repo.schedule(chores(random.Random(20301), SERVICE, [jonas, kasia, aylin], utc("2026-11-10 08:30:00"), utc("2026-11-16 16:00:00"), 3))
    repo.commit(utc("2026-11-12 09:50:00"), aylin, "k8s: HPA on CPU, one pod at night, up to four\n\nNights need one pod; the morning yard departures need two or three.", {
        "k8s/hpa.yaml": HPA,
    })
    repo.commit(utc("2026-11-13 14:15:00"), jonas, "mqtt: shared subscription so replicas split the readings", {
        "config/production.yaml": repo.edit("config/production.yaml", "  topic: wagons/+/telemetry\n", "  topic: $share/ingest/wagons/+/telemetry\n"),
        "internal/pipeline/pipeline.go": repo.files["internal/pipeline/pipeline.go"] + "// With the shared subscription each reading reaches one replica.\n",
    })
    # ---- the 24 hours before the onset
    repo.commit(utc("2026-11-17 08:15:00"), kasia, "alarms: shock events over 4 g open a P2 ticket for the wagon keeper", {
        "internal/pipeline/pipeline.go": repo.files["internal/pipeline/pipeline.go"] + "// Shock events at or over alarms.shock_threshold_g open a P2 ticket.\n",
    })
    repo.commit(utc("2026-11-17 10:40:00"), jonas, "mqtt: log why a connection was lost and each reconnect attempt\n\nLast week's broker restart showed only 'mqtt connection lost' with EOF;\nlog the broker, the client id and the reconnect attempts too.", {
        "internal/mqttclient/client.go": repo.edit("internal/mqttclient/client.go",
            '\topts.SetConnectionLostHandler(func(_ mqtt.Client, err error) {\n\t\tlog.Warn().Err(err).Msg("mqtt connection lost")\n\t})\n',
            '\topts.SetConnectionLostHandler(func(_ mqtt.Client, err error) {\n\t\tlog.Warn().Err(err).Str("broker", cfg.Broker).Str("client_id", opts.ClientID).Msg("mqtt connection lost")\n\t})\n\topts.SetReconnectingHandler(func(_ mqtt.Client, o *mqtt.ClientOptions) {\n\t\tlog.Info().Str("client_id", o.ClientID).Msg("mqtt reconnecting")\n\t})\n').replace(
            '\t\tlog.Info().Str("broker", cfg.Broker).Msg("mqtt connected")', '\t\tlog.Info().Str("broker", cfg.Broker).Str("client_id", opts.ClientID).Msg("mqtt connected")'),
    })
    bump = repo.commit(utc("2026-11-17 13:20:00"), bot, "Bump github.com/eclipse/paho.mqtt.golang from 1.4.3 to 1.5.0\n\nBumps [github.com/eclipse/paho.mqtt.golang](https://github.com/eclipse/paho.mqtt.golang) from 1.4.3 to 1.5.0.\n- [Release notes](https://github.com/eclipse/paho.mqtt.golang/releases)\n- [Commits](https://github.com/eclipse/paho.mqtt.golang/compare/v1.4.3...v1.5.0)", {
        "go.mod": repo.edit("go.mod", "github.com/eclipse/paho.mqtt.golang v1.4.3", "github.com/eclipse/paho.mqtt.golang v1.5.0"),
    })
    repo.commit(utc("2026-11-17 15:05:00"), aylin, "store: COPY readings in batches of 500 (was 200)\n\nTimescaleDB's insert rate is the limit in the morning peak; bigger\nbatches halve the round trips.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  batch_size: 200\n", "  batch_size: 500\n"),
    })
    culprit = repo.commit(utc("2026-11-17 17:32:00"), jonas, "mqtt: persistent session with a fixed client id\n\nEvery restart (deploys, node drains) lost the readings the wagons\npublished while the pod was away: the session was clean and the client\nid came from the pod's name. With clean_session false and a stable\nclient id the broker queues QoS 1 readings for us while we restart.\nRollouts stop the old pod before starting the new one (maxSurge 0), so\ntwo pods never hold the session at the same time.", {
        "internal/mqttclient/client.go": repo.edit("internal/mqttclient/client.go", '\thost, _ := os.Hostname()\n', '').replace(
            'opts.SetClientID(fmt.Sprintf("ingest-%s", host))', '// One stable session: the broker keeps our QoS 1 readings while we restart.\n\topts.SetClientID(cfg.ClientID)').replace(
            'opts.SetCleanSession(true)', 'opts.SetCleanSession(false)\n\topts.SetResumeSubs(true)').replace('\t"fmt"\n\t"os"\n', '').replace(
            'func New(cfg config.MQTT, handle mqtt.MessageHandler) (mqtt.Client, error) {\n', 'func New(cfg config.MQTT, handle mqtt.MessageHandler) (mqtt.Client, error) {\n\tlog.Info().Str("client_id", cfg.ClientID).Bool("clean_session", false).Msg("mqtt session")\n'),
        "internal/config/config.go": repo.edit("internal/config/config.go", '\tBroker   string `yaml:"broker"`\n', '\tBroker   string `yaml:"broker"`\n\tClientID string `yaml:"client_id"`\n'),
        "config/production.yaml": repo.edit("config/production.yaml", "  username: ingest\n", "  username: ingest\n  # one stable session: the broker keeps our QoS 1 readings while we restart\n  client_id: wagon-telemetry-ingest\n"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "spec:\n  selector:\n", "spec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n  selector:\n"),
    })
    docs = repo.commit(utc("2026-11-17 17:34:30"), jonas, "docs: MQTT sessions, QoS and what the broker keeps for us", {
        "docs/mqtt.md": "# MQTT\n\nThe wagons publish readings at QoS 1 to `wagons/<uic>/telemetry`. The\ningest subscribes to `$share/ingest/wagons/+/telemetry` with a persistent\nsession (`clean_session: false`): while it restarts, the broker queues up\nto `max_queued_messages` (100000) readings for it and delivers them when it\nreconnects. Readings over that limit are dropped by the broker.\n\nDuplicates are normal with QoS 1; the pipeline drops them by (wagon, seq).\n",
    })
    decoy = repo.commit(utc("2026-11-18 04:52:00"), kasia, "alarms: hatch-open debounce 120 s (was 60 s)\n\nHopper wagons at the Szczecin terminal open their hatches for up to\ntwo minutes while unloading; the 60 s debounce raised false alarms.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  hatch_open_debounce: 60s\n", "  hatch_open_debounce: 120s\n"),
    })
    return repo, {"bump": bump, "culprit": culprit, "docs": docs, "decoy": decoy}


# ---------------------------------------------------------------------------

def zl(t, level, pod, message, **fields):
    body = {"level": level, "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "pod": pod}
    body.update(fields)
    body["message"] = message
    return json.dumps(body, separators=(",", ":"))


def mosq(t, msg):
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S')}: {msg}"


def pylog(t, level, logger, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level} [{logger}] {msg}"


def uic(rng):
    kind = rng.choice(["31", "33", "37", "81", "84"])
    country = rng.choice(["80", "51", "80", "80", "51", "54"])
    series = rng.choice(["4955", "6655", "6640", "4725", "0692", "5960"])
    return f"{kind} {country} {series} {rng.randint(100, 999)}-{rng.randint(0, 9)}"


def publish_rate(t):
    """Readings a second from the fleet (moving wagons report every 30 s)."""
    h = t.hour + t.minute / 60
    return 880 + 620 / (1 + math.exp(-(h - 5.0) * 3.2))


def build_logs(rng, shas):
    app = Log("wagon-telemetry-ingest.log")
    broker = Log("mosquitto.log")
    kcm = Log("kube-controller-manager.log")
    alarms = Log("wagon-alarms.log")
    argo = Log("argocd-application-controller.log")
    chat = Log("ops-control.log")
    stats = {"lag": [], "dropped": [], "delivered": [], "flaps": []}

    rs_old = "5c7d9f8b64"
    rs_new = "7f9c6d8b5d"
    p_night = f"wagon-telemetry-ingest-{rs_old}-{hexid(rng, 5)}"
    p0 = f"wagon-telemetry-ingest-{rs_new}-{hexid(rng, 5)}"
    p1 = f"wagon-telemetry-ingest-{rs_new}-{hexid(rng, 5)}"
    ip = {p: f"10.52.{rng.randint(1, 30)}.{rng.randint(10, 250)}" for p in (p_night, p0, p1)}
    version_night, version_new = shas["docs"][:7], shas["decoy"][:7]

    def connect_lines(t, pod, takeover):
        port = rng.randint(32768, 60999)
        broker.add(t, mosq(t, f"New connection from {ip[pod]}:{port} on port 8883."))
        t2 = t + dt.timedelta(milliseconds=rng.randint(40, 90))
        if takeover:
            broker.add(t2, mosq(t2, f"Client {CLIENT_ID} already connected, closing old connection."))
        broker.add(t2, mosq(t2, f"New client connected from {ip[pod]}:{port} as {CLIENT_ID} (p2, c0, k30, u'ingest')."))
        return t2

    # ---- the 04:55 restart (the decoy's sync): old pod stops, new pod starts
    t_stop = DECOY_SYNC + dt.timedelta(seconds=6.2)
    app.add(t_stop, zl(t_stop, "info", p_night, "shutting down", signal="terminated"))
    app.add(t_stop + dt.timedelta(milliseconds=320), zl(t_stop + dt.timedelta(milliseconds=320), "info", p_night, "mqtt disconnected", client_id=CLIENT_ID))
    broker.add(t_stop + dt.timedelta(milliseconds=330), mosq(t_stop + dt.timedelta(milliseconds=330), f"Client {CLIENT_ID} disconnected."))
    t_up = DECOY_SYNC + dt.timedelta(seconds=19.4)
    app.add(t_up, zl(t_up, "info", p0, "wagon-telemetry-ingest starting", version=version_new))
    app.add(t_up + dt.timedelta(milliseconds=2), zl(t_up + dt.timedelta(milliseconds=2), "info", p0, "mqtt session", client_id=CLIENT_ID, clean_session=False))
    tc = connect_lines(t_up + dt.timedelta(milliseconds=410), p0, False)
    app.add(tc + dt.timedelta(milliseconds=5), zl(tc + dt.timedelta(milliseconds=5), "info", p0, "mqtt connected", broker="ssl://mqtt.telematics.baltikrail.eu:8883", client_id=CLIENT_ID, session_present=True))

    # ---- who holds the session, second by second
    starts = {p1: SCALE_2 + dt.timedelta(seconds=9.3)}
    ends = {p1: CAPPED + dt.timedelta(seconds=2.1)}
    for p in (p1,):
        app.add(starts[p] - dt.timedelta(seconds=0.4), zl(starts[p] - dt.timedelta(seconds=0.4), "info", p, "wagon-telemetry-ingest starting", version=version_new))
        app.add(starts[p] - dt.timedelta(seconds=0.398), zl(starts[p] - dt.timedelta(seconds=0.398), "info", p, "mqtt session", client_id=CLIENT_ID, clean_session=False))
    holder = p0
    holder_since = tc
    waiting = {}  # pod -> time it will (re)connect
    for p in (p1,):
        waiting[p] = starts[p]
    session_time = []  # (from, to, holder) intervals
    t = tc
    while True:
        live_wait = {p: w for p, w in waiting.items() if w < ends.get(p, END)}
        if not live_wait:
            break
        p, w = min(live_wait.items(), key=lambda kv: kv[1])
        if w >= END:
            break
        del waiting[p]
        # p connects and takes the session from the holder (if it is still there)
        alive = holder is not None and w < ends.get(holder, END)
        t2 = connect_lines(w, p, alive)
        old = holder if alive else None
        if alive:
            stats["flaps"].append(t2)
            session_time.append((holder_since, t2, holder))
            tl = t2 + dt.timedelta(milliseconds=rng.randint(1, 6))
            app.add(tl, zl(tl, "warn", old, "mqtt connection lost", error="EOF", broker="ssl://mqtt.telematics.baltikrail.eu:8883", client_id=CLIENT_ID))
        tp = t2 + dt.timedelta(milliseconds=rng.randint(4, 12))
        app.add(tp, zl(tp, "info", p, "mqtt connected", broker="ssl://mqtt.telematics.baltikrail.eu:8883", client_id=CLIENT_ID, session_present=True))
        holder, holder_since = p, t2
        # the kicked pod reconnects after paho's 1 s sleep and a TLS handshake
        if old is not None and t2 < ends.get(old, END):
            back = t2 + dt.timedelta(seconds=1.0 + rng.uniform(0.12, 0.45))
            ta = back - dt.timedelta(milliseconds=rng.randint(150, 300))
            app.add(ta, zl(ta, "info", old, "mqtt reconnecting", client_id=CLIENT_ID))
            waiting[old] = back
    session_time.append((holder_since, END, holder))
    # scale-in: p1 stops at CAPPED; if it holds the session then, it disconnects cleanly
    for p in (p1,):
        te = ends[p]
        app.add(te, zl(te, "info", p, "shutting down", signal="terminated"))
        if any(a <= te < b and h == p for a, b, h in session_time):
            app.add(te + dt.timedelta(milliseconds=290), zl(te + dt.timedelta(milliseconds=290), "info", p, "mqtt disconnected", client_id=CLIENT_ID))
            broker.add(te + dt.timedelta(milliseconds=300), mosq(te + dt.timedelta(milliseconds=300), f"Client {CLIENT_ID} disconnected."))
    onset = min(stats["flaps"])

    # ---- throughput: the session's queue, deliveries, drops, lag
    flaps = sorted(stats["flaps"])
    backlog = 0.0
    backlog_since = None
    lag_s = 0.9
    t = START
    step = 10
    dropped_total = 0
    flap_i = 0
    last_batch = {}
    while t < END:
        rate = publish_rate(t) * (1 + rng.uniform(-0.04, 0.04))
        arrive = rate * step
        while flap_i < len(flaps) and flaps[flap_i] < t - dt.timedelta(seconds=step):
            flap_i += 1
        recent = sum(1 for f in flaps[flap_i:flap_i + 40] if t - dt.timedelta(seconds=step) <= f < t)
        capacity = 2600 * step if recent == 0 else max(900.0, 2600 * step * 0.9 / recent ** 0.9)
        backlog += arrive
        delivered = min(backlog, capacity)
        backlog -= delivered
        drop = 0
        if backlog > MAX_QUEUED:
            drop = backlog - MAX_QUEUED
            backlog = MAX_QUEUED
            dropped_total += drop
        # FIFO: the newest reading in the queue waits for the whole queue to
        # drain, but no reading has waited longer than the queue has existed
        if backlog > 1000 and backlog_since is None:
            backlog_since = t
        elif backlog <= 1000:
            backlog_since = None
        wait = 0.0 if backlog_since is None else min(backlog / max(delivered / step, 1.0), (t - backlog_since).total_seconds() + step)
        lag_s = max(0.6 + rng.uniform(0, 0.5), wait + (rng.uniform(0.3, 0.9) if recent == 0 else rng.uniform(1, 3)))
        stats["lag"].append((t, lag_s))
        stats["dropped"].append((t, dropped_total))
        stats["delivered"].append((t, delivered / step))
        # batch lines: each pod that held the session in this window
        holders = {}
        for a, b, h in session_time:
            ov = (min(b, t) - max(a, t - dt.timedelta(seconds=step))).total_seconds()
            if ov > 0:
                holders[h] = holders.get(h, 0) + ov
        if t < DECOY_SYNC + dt.timedelta(seconds=6):
            holders = {p_night: step}
        elif t < tc:
            holders = {}
        total = sum(holders.values()) or 1
        for h, share in sorted(holders.items()):
            rows = int(delivered * share / total)
            if rows <= 0:
                continue
            dupes = 0 if recent == 0 else int(rows * rng.uniform(0.08, 0.2))
            tb = t + dt.timedelta(milliseconds=rng.randint(0, 900))
            app.add(tb, zl(tb, "info", h, "batch written", rows=rows - dupes, dupes=dupes, batches=max(1, (rows - dupes) // 500 + 1), lag_ms=int(lag_s * 1000)))
            last_batch[h] = tb
        if drop > 0 and rng.random() < 0.5:
            broker.add(t + dt.timedelta(milliseconds=rng.randint(0, 999)), mosq(t + dt.timedelta(milliseconds=rng.randint(0, 999)), f"Outgoing messages are being dropped for client {CLIENT_ID}."))
        if lag_s > 60 and rng.random() < 0.35:
            h = max(holders, key=holders.get) if holders else p0
            tw = t + dt.timedelta(milliseconds=rng.randint(0, 900))
            app.add(tw, zl(tw, "warn", h, "ingest lag above threshold", lag_ms=int(lag_s * 1000), threshold_ms=60000))
        t += dt.timedelta(seconds=step)

    # ---- Mosquitto: the fleet's own connection churn and housekeeping
    for t in poisson_times(rng, START, END, 2.4):
        dev = f"tgu-{rng.randint(300000, 318999)}"
        addr = f"100.{rng.randint(64, 90)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:{rng.randint(1024, 65000)}"
        kind = rng.random()
        if kind < 0.45:
            broker.add(t, mosq(t, f"New connection from {addr.split(':')[0]}:{addr.split(':')[1]} on port 8883."))
            broker.add(t + dt.timedelta(milliseconds=380), mosq(t + dt.timedelta(milliseconds=380), f"New client connected from {addr} as {dev} (p2, c0, k300, u'{dev}')."))
        elif kind < 0.85:
            broker.add(t, mosq(t, f"Client {dev} has exceeded timeout, disconnecting."))
        else:
            broker.add(t, mosq(t, f"Client {dev} closed its connection."))
    for t in poisson_times(rng, START, END, 0.15):
        broker.add(t, mosq(t, f"OpenSSL Error[0]: error:0A000126:SSL routines::unexpected eof while reading"))
        broker.add(t, mosq(t, f"Client <unknown> disconnected: protocol error."))
    t = utc("2026-11-18 04:00:00")
    while t < END:
        broker.add(t, mosq(t, "Saving in-memory database to /mosquitto/data/mosquitto.db."))
        t += dt.timedelta(minutes=30)

    # ---- kube-controller-manager: HPA and the deployment controller
    def kl(t, sev, src, msg):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999))
        kcm.add(t, klog(t, sev, 1, src, msg))

    def scaled(t, old, new, reason, pods_new):
        t = t + dt.timedelta(microseconds=rng.randint(1000, 900000))
        kl(t, "I", "horizontal.go:878", f"Successful rescale of {SERVICE}, old size: {old}, new size: {new}, reason: {reason}")
        kl(t + dt.timedelta(milliseconds=8), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}" fieldPath="" kind="HorizontalPodAutoscaler" apiVersion="autoscaling/v2" type="Normal" reason="SuccessfulRescale" message="New size: {new}; reason: {reason}"')
        word = "up" if new > old else "down"
        kl(t + dt.timedelta(milliseconds=30), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled {word} replica set {SERVICE}-{rs_new} to {new} from {old}"')
        for p in pods_new:
            kl(t + dt.timedelta(milliseconds=60), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}-{rs_new}" fieldPath="" kind="ReplicaSet" apiVersion="apps/v1" type="Normal" reason="{"SuccessfulCreate" if new > old else "SuccessfulDelete"}" message="{"Created" if new > old else "Deleted"} pod: {p}"')
    kl(DECOY_SYNC + dt.timedelta(seconds=3), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled down replica set {SERVICE}-{rs_old} to 0 from 1"')
    kl(DECOY_SYNC + dt.timedelta(seconds=13.8), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled up replica set {SERVICE}-{rs_new} to 1 from 0"')
    kl(DECOY_SYNC + dt.timedelta(seconds=3.2), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}-{rs_old}" fieldPath="" kind="ReplicaSet" apiVersion="apps/v1" type="Normal" reason="SuccessfulDelete" message="Deleted pod: {p_night}"')
    kl(DECOY_SYNC + dt.timedelta(seconds=14), "I", "event.go:389", f'"Event occurred" object="telemetry/{SERVICE}-{rs_new}" fieldPath="" kind="ReplicaSet" apiVersion="apps/v1" type="Normal" reason="SuccessfulCreate" message="Created pod: {p0}"')
    cpu_reason = "cpu resource utilization (percentage of request) above target"
    scaled(SCALE_2, 1, 2, cpu_reason, [p1])
    scaled(CAPPED, 2, 1, "Current number of replicas above Spec.MaxReplicas", [p1])
    for t in poisson_times(rng, START, END, 0.25):
        kl(t, "I", "job_controller.go:566", f'"enqueueing job" key="telemetry/position-rollup-{29388000 + int((t - START).total_seconds() // 300)}"')
    for t in poisson_times(rng, START, END, 0.05):
        kl(t, "I", "cleaner.go:172", f'Cleaning CSR "csr-{hexid(rng, 5)}" as it is more than 1h0m0s old and approved.')

    # ---- wagon-alarms: shock and hatch alarms with their delay
    def lag_at(t):
        best = 0.9
        for tt, lg in stats["lag"]:
            if tt > t:
                break
            best = lg
        return best
    for t in poisson_times(rng, START, END, 0.9):
        w = uic(rng)
        lg = lag_at(t)
        raised = t + dt.timedelta(seconds=lg + rng.uniform(0.2, 1.5))
        if raised >= END:
            continue
        if rng.random() < 0.6:
            g = rng.uniform(4.0, 7.8)
            msg = f"shock alarm wagon={w} peak_g={g:.1f} raised {(raised - t).total_seconds():.1f}s after the event"
        else:
            msg = f"hatch open alarm wagon={w} hatch={rng.randint(1, 4)} raised {(raised - t).total_seconds():.1f}s after the event"
        alarms.add(raised, pylog(raised, "INFO", "alarms.raise", msg))
        if (raised - t).total_seconds() > 60:
            alarms.add(raised, pylog(raised, "WARNING", "alarms.sla", f"alarm for wagon={w} outside SLA: {(raised - t).total_seconds():.0f}s > 60s"))
    for t in poisson_times(rng, START, END, 0.2):
        alarms.add(t, pylog(t, "INFO", "alarms.tickets", f"P2 ticket {rng.randint(81000, 84999)} updated by keeper portal"))

    # ---- Argo CD
    def argo_line(t, msg, **kv):
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/{SERVICE} dest-namespace=telemetry {extra}'.rstrip())
    for when, sha in ((utc("2026-11-17 13:24:40"), shas["bump"]), (CULPRIT_SYNC, shas["docs"]), (DECOY_SYNC, shas["decoy"])):
        argo_line(when, f"Initiated automated sync to '{sha}'")
        argo_line(when + dt.timedelta(seconds=1), "Updated sync status: OutOfSync -> Synced", reason=f"ResourceUpdated type=Normal")
        argo_line(when + dt.timedelta(seconds=2), f"sync/0 resources done, sync to {sha[:7]} succeeded")
        argo_line(when + dt.timedelta(seconds=38), "Updated health status: Progressing -> Healthy", reason="ResourceUpdated type=Normal")
    for t in poisson_times(rng, START, END, 0.2):
        argo_line(t, "Reconciliation completed", comparison_level=1, time_ms=rng.randint(25, 120))

    # ---- #ops-control
    def say(t, who, text):
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M')} UTC | {who}: {text}")
    say(utc("2026-11-18 04:58:00"), "Katarzyna Wójcik", "hatch debounce 120 s is live, Szczecin hoppers should stop paging the night desk")
    say(utc("2026-11-18 05:31:00"), "alertmanager", "[FIRING:1] TelemetryIngestLag telemetry/wagon-telemetry-ingest (p95 lag 212 s)")
    say(utc("2026-11-18 05:35:00"), "Dispatcher Hamburg-Billwerder", "train 45127 (Billwerder -> Poznań Franowo) shows its wagons still in the yard in the keeper portal, it left at 05:12")
    say(utc("2026-11-18 05:37:00"), "Aylin Demir", "on it. HPA went 1 -> 2 at 05:20, lag climbing since ~05:21. TimescaleDB write latency normal")
    say(utc("2026-11-18 05:41:00"), "Wagon desk Poznań", "shock alarm for 31 51 6640 412-7 came 4 min after the impact, keeper already called us")
    say(utc("2026-11-18 05:43:00"), "Aylin Demir", "mosquitto log is full of our own client id reconnecting every second. capping the HPA at 1 replica")
    say(utc("2026-11-18 05:55:00"), "Aylin Demir", "lag back under 10 s. readings the broker dropped between ~05:21 and 05:44 are gone. @Jonas Petersen please look at the client id change when you're in")
    return [app, broker, kcm, alarms, argo, chat], stats, onset


def build(out_dir):
    rng = random.Random(20300)
    repo, shas = build_repo()
    try:
        logs, stats, onset = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)

        def series(points):
            def fn(t):
                best = None
                for tt, v in points:
                    if tt > t:
                        break
                    best = v
                return best
            return fn

        def replicas(t):
            if t < SCALE_2:
                return 1
            if t < CAPPED:
                return 2
            return 1

        metrics = {
            "telemetry_ingest_lag_seconds.json": query_range([({"job": SERVICE, "namespace": "telemetry", "quantile": "0.95"}, series(stats["lag"]))], START, END, 30),
            "mosquitto_messages_dropped_total.json": query_range([({"instance": "mosquitto-0:9234", "job": "mosquitto"}, series(stats["dropped"]))], START, END, 30),
            "kube_hpa_status_current_replicas.json": query_range([({"horizontalpodautoscaler": SERVICE, "namespace": "telemetry"}, replicas)], START, END, 30),
        }
        culprit = shas["culprit"]
        return write_scenario(
            out_dir, name="mqtt-client-id-takeover", service=SERVICE, onset=onset,
            description=f"""
Wagon positions freeze and shock alarms arrive minutes late from
{onset.strftime('%H:%M')} UTC on Wednesday 18 November, during the morning departures from
the yards; the ingest lag alert fires at 05:31. The HPA had scaled the
ingest from one pod to two at 05:20; a config change was synced at 04:55.
The on-call capped the HPA at one replica at 05:44 and the lag went away;
readings from the incident window are missing.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"mosquitto.log": r'<Time>: <Content>'},
            root_cause=[r"already connected, closing old connection"],
            fix_files=["internal/mqttclient/client.go", "config/production.yaml"],
            explanation=f"""
The culprit is the 17:32 commit the day before that gives the MQTT client
a fixed client id from config/production.yaml (wagon-telemetry-ingest)
and a persistent session (clean_session false), replacing the per-pod id.
With one pod it works, and its rollout stops the old pod first (maxSurge
0); Argo CD synced it at 17:36 under the later docs commit's sha, and the
04:55 restart was fine. When the HPA adds a second pod at 05:20, both use
the same id: Mosquitto logs "Client wagon-telemetry-ingest already
connected, closing old connection." on every connect, and each kicked
pod reconnects a second later and kicks the other. The session's
deliveries collapse, its queue reaches max_queued_messages and the broker
drops readings ("Outgoing messages are being dropped"); lag and alarm
delays grow. Capping the HPA at one replica ends it. The onset comes
about {int((onset - utc('2026-11-17 17:32:00')).total_seconds() // 3600)} hours after the commit. The fix gives each pod its own
client id again (in internal/mqttclient/client.go and the
config), e.g. the pod name, with the shared subscription splitting the load.
Decoys: the hatch debounce change to the same config file, synced {int((onset - DECOY_SYNC).total_seconds() // 60)}
minutes before the onset (its restart goes fine); the paho.mqtt.golang
1.5.0 bump the day before; the commit that logs every lost connection's
reason and client id (each flap's line); the batch-size change; the docs
commit the sync names; the HPA rescale lines, which are only the trigger;
the fleet's routine cellular disconnects and TLS errors in the broker log.
""",
        )
    finally:
        repo.close()
