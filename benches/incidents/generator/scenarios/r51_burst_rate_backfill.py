"""network-analytics (Python 3.12, confluent-kafka; three pods on AKS in
centralus, a Helm chart deployed by an Azure DevOps pipeline; team in
Prairie Bend, Kansas, a contractor in Pune and one in Lisbon) of the Prairie
Bend Water Utility, a city water department with 118 remote sites (elevated
tanks, ground storage and boosters, PRV vaults, wells). The sites' RTUs
publish Sparkplug B over a cellular private APN to the utility's EMQX
broker; telemetry-bridge (the SCADA team's, not this repo) turns every
NDATA into a Kafka record on `telemetry.samples` (12 partitions, keyed by
site). network-analytics consumes it for leak and burst detection: a tank
falling faster than its zone's demand explains is a main break upstream of
the customers; DMA flow balances every 15 minutes; minimum night flow
(02:00-04:00 local) for new leaks. Its events go to `network.events`, which
the control room's Ignition raises as alarms. Offsets are committed after
each batch has been processed, so a crash replays the batch.

The RTUs report a tank level by exception (0.1 ft deadband) and on every
5-minute tick. Live, one scan publishes a metric once. When the cellular
link is down the RTU keeps its data logger and replays it at reconnect
(Sparkplug historical metrics); the logger records the exception and the
periodic sample separately, so a change that falls in the second of a
5-minute tick is in the replay twice with the same timestamp.

On Tuesday 24 November at 15:52 UTC NA-212 replaces the 15-minute
regression of the rate of fall with the rate between consecutive samples,
smoothed by an EWMA, so that a trunk main break shows in two or three
samples (ops asked for it after a break in October was flagged 11 minutes
late). `fall_rate_ft_per_h` divides by the time between two samples; live
samples of a point are never in the same second. It is deployed at 17:12
with the tests commit after it. Overnight Hilltop Reservoir's link drops
for 20 minutes and its replay holds no duplicate (a tank filling slowly).

Wednesday 25 November: at 11:14 UTC (16:44 in Pune) the contractor ships
1.10.0 (NA-219, which logs each store-and-forward flush; NA-221, the DMA
name in burst events, in burst.py; a confluent-kafka bump; NA-223, batches
of 1000 and a longer max.poll.interval.ms). At 11:01 Kessler Road ground
storage tank's modem drops while its booster draws the tank down in the
morning demand; at 11:46 it reconnects and replays 45 minutes, with two
samples of KSR-GST.TANK_LEVEL at 11:20:00. From 11:47 the pod that holds
partition 7 dies with ZeroDivisionError before it commits, the partition
moves to the next pod at each rebalance, and all three pods crash-loop:
nothing on partition 7 (Kessler Rd, Northgate's elevated tank and the
other sites that hash there) is processed, the other partitions only
between rebalances and back-offs, and the consumer lag grows. The contractor rolls back to 1.9.0
(helm revision 41, which holds NA-212) at 12:21 without effect: the flush
lines vanish, the crash stays. A 16-inch main breaks on Prairie View Drive
in Northgate at 12:19; customers call from 12:40, Ignition's own low
pressure and low level alarms come at 12:58 and 13:05. The lead (woken at
06:33 CST) reads the traceback and the replay, skips samples without a
time step (NA-226) and deploys 1.10.1 at 13:27; the backlog drains in
three minutes and raises Northgate's burst for a sample of 12:24, an hour
late. The crew isolates the main at 13:52.

Sources: network-analytics (Python logging with the pod name, Python
tracebacks, three pods merged), telemetry-bridge (Go slog text), EMQX,
Kubernetes events (event-exporter JSON), the Azure DevOps pipeline log,
Ignition's alarm journal (CSV export), #water-ops (Slack export, JSON
lines)."""

import bisect
import datetime as dt
import heapq
import json
import random
import zlib

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "network-analytics"
START, END = utc("2026-11-25 08:30:00"), utc("2026-11-25 14:30:00")
TUE_DEPLOY = utc("2026-11-24 17:12:40")
RELEASE = utc("2026-11-25 11:14:20")
KSR_DROP = utc("2026-11-25 11:01:38")
KSR_BACK = utc("2026-11-25 11:46:57")
HLT_DROP, HLT_BACK = utc("2026-11-25 09:31:12"), utc("2026-11-25 09:51:40")
ROLLBACK = utc("2026-11-25 12:21:30")
BREAK = utc("2026-11-25 12:19:00")
FIX_DEPLOY = utc("2026-11-25 13:27:50")
ISOLATED = utc("2026-11-25 13:52:00")
POISON_PARTITION = 7
NS = "water-analytics"
NODES = ["aks-analytics-31874502-vmss000003", "aks-analytics-31874502-vmss000004", "aks-analytics-31874502-vmss000006"]

# code, name, DMA, level point (tank) or None, max fall ft/h, partition
SITES = [
    ("NTG-ET", "Northgate Elevated Tank", "NTG-1", "NTG-ET.LEVEL", 0.8, 3),
    ("HLT-RES", "Hilltop Reservoir", "HLT-1", "HLT-RES.LEVEL", 1.2, 10),
    ("KSR-GST", "Kessler Rd Ground Storage", "KSR-1", "KSR-GST.TANK_LEVEL", 1.6, POISON_PARTITION),
    ("RVR-ET", "Riverside Elevated Tank", "RVR-1", "RVR-ET.LEVEL", 0.9, 1),
    ("CTR-SP", "Center St Standpipe", "CTR-1", "CTR-SP.LEVEL", 1.0, 5),
    ("WST-ET", "Westfield Elevated Tank", "WST-1", "WST-ET.LEVEL", 0.8, 9),
    ("AIR-GST", "Airport Rd Ground Storage", "AIR-1", "AIR-GST.TANK_LEVEL", 1.4, 0),
    ("OAK-PRV2", "Oakfield PRV 2", "OAK-2", None, None, 2),
    ("OAK-PRV1", "Oakfield PRV 1", "OAK-1", None, None, 4),
    ("W07", "Well 7", "SOU-1", None, None, 6),
    ("W11", "Well 11", "EST-1", None, None, 8),
    ("SOU-BST", "South Booster", "SOU-1", None, None, 11),
]
DMAS = ["NTG-1", "NTG-2", "HLT-1", "KSR-1", "RVR-1", "RVR-2", "CTR-1", "CTR-2", "WST-1", "EST-1", "SOU-1", "AIR-1", "OAK-1", "OAK-2"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "network-analytics"
version = "1.8.0"
requires-python = ">=3.12"
dependencies = [
  "confluent-kafka==2.6.0",
  "psycopg[binary]==3.2.1",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3"]
"""

MAIN = '''import logging
import os
import socket
import sys

from netanalytics import consumer
from netanalytics.config import load
from netanalytics.sites import Sites

logging.basicConfig(
    level=logging.INFO,
    format=f"%(asctime)s {socket.gethostname()} %(levelname)s [%(name)s] %(message)s",
)
log = logging.getLogger("netanalytics.__main__")


def main():
    cfg = load(os.environ.get("CONFIG_PATH", "config/production.yaml"))
    sites = Sites.load("config/sites.yaml")
    log.info("network-analytics %s (%s) starting, topic=%s group=%s batch=%d",
             os.environ.get("VERSION", "dev"), os.environ.get("GIT_SHA", "-")[:7],
             cfg.kafka.topic, cfg.kafka.group, cfg.kafka.batch_size)
    log.info("loaded %d sites, %d DMAs, %d level points", len(sites), len(sites.dmas), len(sites.level_points))
    try:
        consumer.run(cfg, sites)
    except Exception:
        log.exception("consumer crashed, exiting")
        sys.exit(1)


if __name__ == "__main__":
    main()
'''

CONFIG_PY = '''"""config/production.yaml, read once at start-up."""

from dataclasses import dataclass, field

import yaml


@dataclass
class KafkaConfig:
    bootstrap: str
    topic: str
    events_topic: str
    group: str
    batch_size: int = 500
    max_poll_interval_ms: int = 300000


@dataclass
class BurstConfig:
    factor: float = 1.5
    alpha: float = 0.3


@dataclass
class DmaConfig:
    night_window: list = field(default_factory=lambda: ["02:00", "04:00"])
    timezone: str = "America/Chicago"


@dataclass
class HistorianConfig:
    table: str = "derived_points"
    batch_size: int = 1


@dataclass
class Config:
    kafka: KafkaConfig
    burst: BurstConfig
    dma: DmaConfig
    historian: HistorianConfig


def load(path):
    with open(path) as handle:
        raw = yaml.safe_load(handle)
    return Config(
        kafka=KafkaConfig(**raw["kafka"]),
        burst=BurstConfig(**raw.get("burst", {})),
        dma=DmaConfig(**raw.get("dma", {})),
        historian=HistorianConfig(**raw.get("historian", {})),
    )
'''

MODEL = '''from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Sample:
    site: str
    point: str
    ts: datetime
    value: float
    quality: int
    historical: bool

    @classmethod
    def from_record(cls, record, raw):
        return cls(
            site=record["site"],
            point=raw["point"],
            ts=datetime.fromisoformat(raw["ts"]),
            value=float(raw["v"]),
            quality=int(raw.get("q", 192)),
            historical=bool(record.get("historical", False)),
        )

    @property
    def good(self):
        return self.quality >= 192
'''

SITES_PY = '''"""config/sites.yaml: sites, their DMA and the points the analytics use."""

from dataclasses import dataclass

import yaml


@dataclass
class Site:
    id: str
    name: str
    dma: str
    level_point: str | None = None
    max_fall_ft_per_h: float | None = None
    inflow_points: tuple = ()
    outflow_points: tuple = ()


class Sites:
    def __init__(self, sites):
        self.by_id = {s.id: s for s in sites}
        self.by_level_point = {s.level_point: s for s in sites if s.level_point}
        self.dmas = sorted({s.dma for s in sites})
        self.level_points = sorted(self.by_level_point)

    def __len__(self):
        return len(self.by_id)

    def level_site(self, point):
        return self.by_level_point.get(point)

    @classmethod
    def load(cls, path):
        with open(path) as handle:
            raw = yaml.safe_load(handle)
        return cls([Site(**s) for s in raw["sites"]])
'''

BURST_V1 = '''"""Burst detection on storage: a tank falling faster than its zone's demand
explains is a main break between the tank and the customers. Levels come
from the RTUs in feet, reported by exception (0.1 ft deadband) and on every
5-minute tick."""

import logging
from collections import defaultdict, deque
from statistics import linear_regression

log = logging.getLogger(__name__)

WINDOW_S = 15 * 60
MIN_SAMPLES = 4


class BurstDetector:
    def __init__(self, cfg, sites):
        self.cfg = cfg
        self.sites = sites
        self.windows = defaultdict(deque)  # point -> deque of (epoch s, level ft)

    def observe(self, sample):
        site = self.sites.level_site(sample.point)
        if site is None or not sample.good:
            return None
        win = self.windows[sample.point]
        win.append((sample.ts.timestamp(), sample.value))
        while win and win[-1][0] - win[0][0] > WINDOW_S:
            win.popleft()
        if len(win) < MIN_SAMPLES:
            return None
        slope, _ = linear_regression([t for t, _ in win], [v for _, v in win])
        return self._judge(site, sample, -slope * 3600)

    def _judge(self, site, sample, fall_ft_per_h):
        limit = site.max_fall_ft_per_h * self.cfg.factor
        if fall_ft_per_h <= limit:
            return None
        log.warning("burst suspected %s %s: level falling %.2f ft/h (limit %.2f) at %s",
                    site.id, sample.point, fall_ft_per_h, limit, sample.ts.isoformat())
        return {"type": "burst.suspected", "site": site.id, "point": sample.point,
                "fall_ft_per_h": round(fall_ft_per_h, 2), "sample_ts": sample.ts.isoformat()}
'''

BURST_V2 = '''"""Burst detection on storage: a tank falling faster than its zone's demand
explains is a main break between the tank and the customers. Levels come
from the RTUs in feet, reported by exception (0.1 ft deadband) and on every
5-minute tick.

The rate of fall is taken between consecutive samples of a point and
smoothed with an EWMA (NA-212): a trunk main break shows within two or
three samples instead of when the 15-minute regression window has filled."""

import logging

log = logging.getLogger(__name__)


class BurstDetector:
    def __init__(self, cfg, sites):
        self.cfg = cfg
        self.sites = sites
        self.last = {}  # point -> previous Sample
        self.ewma = {}  # point -> smoothed rate of fall, ft/h

    def observe(self, sample):
        site = self.sites.level_site(sample.point)
        if site is None or not sample.good:
            return None
        prev = self.last.get(sample.point)
        self.last[sample.point] = sample
        if prev is None:
            return None
        fall = fall_rate_ft_per_h(prev, sample)
        alpha = self.cfg.alpha
        smoothed = alpha * fall + (1 - alpha) * self.ewma.get(sample.point, fall)
        self.ewma[sample.point] = smoothed
        return self._judge(site, sample, smoothed)

    def _judge(self, site, sample, fall_ft_per_h):
        limit = site.max_fall_ft_per_h * self.cfg.factor
        if fall_ft_per_h <= limit:
            return None
        log.warning("burst suspected %s %s: level falling %.2f ft/h (limit %.2f) at %s",
                    site.id, sample.point, fall_ft_per_h, limit, sample.ts.isoformat())
        return {"type": "burst.suspected", "site": site.id, "point": sample.point,
                "fall_ft_per_h": round(fall_ft_per_h, 2), "sample_ts": sample.ts.isoformat()}


def fall_rate_ft_per_h(prev, cur):
    dt_h = (cur.ts - prev.ts).total_seconds() / 3600
    return (prev.value - cur.value) / dt_h
'''

TEST_BURST_V1 = '''from datetime import datetime, timedelta, timezone

from netanalytics.burst import BurstDetector
from netanalytics.config import BurstConfig
from netanalytics.model import Sample
from netanalytics.sites import Site, Sites

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)
SITES = Sites([Site(id="NTG-ET", name="Northgate", dma="NTG-1", level_point="NTG-ET.LEVEL", max_fall_ft_per_h=0.8)])


def level(minutes, value):
    return Sample("NTG-ET", "NTG-ET.LEVEL", T0 + timedelta(minutes=minutes), value, 192, False)


def test_steady_draw_is_quiet():
    det = BurstDetector(BurstConfig(), SITES)
    assert all(det.observe(level(m, 30 - m * 0.01)) is None for m in range(0, 30, 3))
'''

TEST_BURST_V2 = TEST_BURST_V1 + '''

def test_break_shows_within_three_samples():
    det = BurstDetector(BurstConfig(alpha=0.5), SITES)
    events = [det.observe(level(m, 30 - m * 0.05)) for m in range(0, 12, 2)]
    assert any(events[:4])


def test_refill_is_quiet():
    det = BurstDetector(BurstConfig(), SITES)
    assert all(det.observe(level(m, 20 + m * 0.03)) is None for m in range(0, 30, 2))
'''

CONSUMER_V1 = '''"""Consumes telemetry.samples: one record per Sparkplug NDATA of a site,
published by telemetry-bridge (key: site). Offsets are committed after a
batch has been processed, so a restart replays the batch (at least once)."""

import json
import logging

from confluent_kafka import Consumer

from netanalytics.burst import BurstDetector
from netanalytics.dma import DmaBalance
from netanalytics.events import EventPublisher
from netanalytics.historian import Historian
from netanalytics.model import Sample

log = logging.getLogger(__name__)


def _on_assign(consumer, partitions):
    log.info("assigned partitions: %s", ",".join(str(p.partition) for p in partitions) or "-")


def _on_revoke(consumer, partitions):
    log.info("revoked partitions: %s", ",".join(str(p.partition) for p in partitions) or "-")


def run(cfg, sites):
    consumer = Consumer({
        "bootstrap.servers": cfg.kafka.bootstrap,
        "group.id": cfg.kafka.group,
        "enable.auto.commit": False,
        "auto.offset.reset": "latest",
        "session.timeout.ms": 45000,
        "max.poll.interval.ms": cfg.kafka.max_poll_interval_ms,
    })
    consumer.subscribe([cfg.kafka.topic], on_assign=_on_assign, on_revoke=_on_revoke)
    burst = BurstDetector(cfg.burst, sites)
    dma = DmaBalance(cfg.dma, sites)
    historian = Historian(cfg.historian)
    events = EventPublisher(cfg.kafka)
    while True:
        batch = consumer.consume(num_messages=cfg.kafka.batch_size, timeout=1.0)
        for msg in batch:
            if msg.error():
                log.warning("consume error: %s", msg.error())
                continue
            record = json.loads(msg.value())
            for raw in record["samples"]:
                sample = Sample.from_record(record, raw)
                historian.add(dma.observe(sample))
                event = burst.observe(sample)
                if event:
                    events.publish(event)
        historian.flush_if_due()
        if batch:
            consumer.commit(asynchronous=False)
'''

DMA_V1 = '''"""DMA flow balance (inflow - outflow = demand) every 15 minutes, and the
minimum night flow of each DMA over the night window, for leak detection."""

import logging
from collections import defaultdict
from datetime import time

log = logging.getLogger(__name__)


class DmaBalance:
    def __init__(self, cfg, sites):
        self.cfg = cfg
        self.sites = sites
        self.windows = defaultdict(list)
        start, end = (time.fromisoformat(x) for x in cfg.night_window)
        self.night = (start, end)

    def in_night_window(self, ts):
        return self.night[0] <= ts.time() < self.night[1]

    def observe(self, sample):
        """Adds a flow sample to its DMA's window; returns the derived points
        of any window it closes (for the historian)."""
        return []
'''

HISTORIAN_V1 = '''"""Writes derived points (DMA demand, night flow, rates of fall) to the
historian's derived_points hypertable."""

import logging
import os
import time

import psycopg

log = logging.getLogger(__name__)


class Historian:
    def __init__(self, cfg):
        self.cfg = cfg
        self.pending = []
        self.conn = psycopg.connect(os.environ["HISTORIAN_DSN"], autocommit=True)
        self.last_flush = time.monotonic()

    def add(self, points):
        self.pending.extend(points)

    def flush_if_due(self):
        if not self.pending or time.monotonic() - self.last_flush < 30:
            return
        started = time.monotonic()
        with self.conn.cursor() as cur:
            for p in self.pending:
                cur.execute(f"INSERT INTO {self.cfg.table} (point, ts, value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", p)
        log.info("historian: wrote %d derived points to %s in %d ms", len(self.pending), self.cfg.table, (time.monotonic() - started) * 1000)
        self.pending.clear()
        self.last_flush = time.monotonic()
'''

EVENTS_PY = '''"""Publishes analytics events (burst.suspected, night_flow.high) to
network.events; Ignition raises them as alarms in the control room."""

import json

from confluent_kafka import Producer


class EventPublisher:
    def __init__(self, kafka):
        self.topic = kafka.events_topic
        self.producer = Producer({"bootstrap.servers": kafka.bootstrap, "linger.ms": 50})

    def publish(self, event):
        self.producer.produce(self.topic, key=event["site"], value=json.dumps(event))
        self.producer.poll(0)
'''

PROD_YAML = """kafka:
  bootstrap: pbwu-kafka-kafka-bootstrap.kafka.svc:9092
  topic: telemetry.samples
  events_topic: network.events
  group: network-analytics
  batch_size: 500
  max_poll_interval_ms: 300000
burst:
  factor: 1.5
dma:
  night_window: ["02:00", "04:00"]
  timezone: America/Chicago
historian:
  table: derived_points
"""

SITES_YAML = """# Sites the analytics use (the RTU and its points are configured in SCADA).
sites:
  - {id: NTG-ET, name: Northgate Elevated Tank, dma: NTG-1, level_point: NTG-ET.LEVEL, max_fall_ft_per_h: 0.8}
  - {id: HLT-RES, name: Hilltop Reservoir, dma: HLT-1, level_point: HLT-RES.LEVEL, max_fall_ft_per_h: 1.2}
  - {id: KSR-GST, name: Kessler Rd Ground Storage, dma: KSR-1, level_point: KSR-GST.TANK_LEVEL, max_fall_ft_per_h: 1.6}
  - {id: RVR-ET, name: Riverside Elevated Tank, dma: RVR-1, level_point: RVR-ET.LEVEL, max_fall_ft_per_h: 0.9}
  - {id: CTR-SP, name: Center St Standpipe, dma: CTR-1, level_point: CTR-SP.LEVEL, max_fall_ft_per_h: 1.0}
  - {id: WST-ET, name: Westfield Elevated Tank, dma: WST-1, level_point: WST-ET.LEVEL, max_fall_ft_per_h: 0.8}
  - {id: AIR-GST, name: Airport Rd Ground Storage, dma: AIR-1, level_point: AIR-GST.TANK_LEVEL, max_fall_ft_per_h: 1.4}
  - {id: OAK-PRV1, name: Oakfield PRV 1, dma: OAK-1, inflow_points: [OAK-PRV1.FLOW]}
  - {id: OAK-PRV2, name: Oakfield PRV 2, dma: OAK-2, inflow_points: [OAK-PRV2.FLOW]}
  - {id: W07, name: Well 7, dma: SOU-1, inflow_points: [W07.FLOW]}
  - {id: W11, name: Well 11, dma: EST-1, inflow_points: [W11.FLOW]}
  - {id: SOU-BST, name: South Booster, dma: SOU-1, inflow_points: [SOU-BST.DISCH_FLOW]}
"""

VALUES = """replicaCount: 3
image:
  repository: pbwuacr.azurecr.io/network-analytics
  tag: latest
env:
  CONFIG_PATH: /app/config/production.yaml
resources:
  requests: { cpu: 250m, memory: 384Mi }
  limits: { memory: 768Mi }
"""

PIPELINE = """trigger: none
pool: { vmImage: ubuntu-22.04 }
stages:
  - stage: build
    jobs:
      - job: image
        steps:
          - script: pip install .[test] && pytest -q
          - task: Docker@2
            inputs: { command: buildAndPush, repository: network-analytics, containerRegistry: pbwuacr, tags: $(Build.BuildNumber) }
  - stage: deploy_prod
    jobs:
      - deployment: helm
        environment: pbwu-prod.water-analytics
        strategy:
          runOnce:
            deploy:
              steps:
                - checkout: self
                - script: >
                    helm upgrade --install network-analytics chart/network-analytics -n water-analytics
                    -f chart/network-analytics/values-production.yaml --set image.tag=$(Build.BuildNumber)
                    --set-string env.GIT_SHA=$(Build.SourceVersion) --set-string env.VERSION=$(version) --wait --timeout 5m
"""

RUNBOOK = """# network-analytics runbook

Owner: Digital Water (#water-ops). Dashboards: Grafana > Water > Network analytics.

## NetworkAnalyticsLag

The consumer group `network-analytics` is behind on `telemetry.samples`.
Burst and night-flow detection run on the samples as they are consumed, so
a lag is a blind spot for the control room. Lag after a Kafka broker
restart drains by itself within a few minutes.

## BurstSuspected

Not an alert of ours: Ignition raises it in the control room. If operators
say a burst alarm is wrong, check the tank's trend in Ignition first
(hydrant flushing and tank drains are scheduled in the work orders).
"""


def _sub(text, old, new):
    if old not in text:
        raise ValueError(f"not found: {old[:60]!r}")
    return text.replace(old, new, 1)


def build_repo():
    repo = Repo()
    dana = Person("Dana Kowalczyk", "dana.kowalczyk@prairiebendks.gov", -360)
    arjun = Person("Arjun Deshpande", "arjun.deshpande@contractor.prairiebendks.gov", 330)
    marta = Person("Marta Sousa", "marta.sousa@contractor.prairiebendks.gov", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    burst, consumer, prod = "netanalytics/burst.py", "netanalytics/consumer.py", "config/production.yaml"
    files = {
        "pyproject.toml": PYPROJECT,
        "netanalytics/__init__.py": "",
        "netanalytics/__main__.py": MAIN,
        "netanalytics/config.py": CONFIG_PY,
        "netanalytics/model.py": MODEL,
        "netanalytics/sites.py": SITES_PY,
        burst: BURST_V1,
        consumer: CONSUMER_V1,
        "netanalytics/dma.py": DMA_V1,
        "netanalytics/historian.py": HISTORIAN_V1,
        "netanalytics/events.py": EVENTS_PY,
        prod: PROD_YAML,
        "config/sites.yaml": SITES_YAML,
        "tests/__init__.py": "",
        "tests/test_burst.py": TEST_BURST_V1,
        "chart/network-analytics/Chart.yaml": "apiVersion: v2\nname: network-analytics\nversion: 0.3.0\n",
        "chart/network-analytics/values-production.yaml": VALUES,
        "azure-pipelines.yml": PIPELINE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"python\", \"-m\", \"netanalytics\"]\n",
        "README.md": "# network-analytics\n\nBurst detection on storage, DMA flow balance and minimum night flow from\nthe SCADA telemetry on Kafka (`telemetry.samples`, from telemetry-bridge).\nEvents go to `network.events`, which Ignition raises as alarms.\n\n## Running locally\n\n```\npip install -e .[test]\npytest -q\nCONFIG_PATH=config/local.yaml python -m netanalytics\n```\n",
        "docs/runbook.md": RUNBOOK,
    }
    snaps = {}
    repo.commit(utc("2026-11-18 16:40:00"), dana, "network-analytics: burst detection on storage, DMA balance and night flow from telemetry.samples", files)
    repo.schedule(chores(random.Random(51103), SERVICE, [dana, marta], utc("2026-11-18 17:00:00"), utc("2026-11-23 18:00:00"), 3))
    repo.commit(utc("2026-11-19 11:25:00"), marta, "dma: minimum night flow over 02:00-04:00 local time, not UTC (NA-204)", {
        "netanalytics/dma.py": _sub(_sub(DMA_V1, "from datetime import time\n", "from datetime import time\nfrom zoneinfo import ZoneInfo\n"),
                                    "    def in_night_window(self, ts):\n        return self.night[0] <= ts.time() < self.night[1]\n",
                                    "    def in_night_window(self, ts):\n        local = ts.astimezone(ZoneInfo(self.cfg.timezone))\n        return self.night[0] <= local.time() < self.night[1]\n"),
    })
    repo.commit(utc("2026-11-20 09:05:00"), bot, "Bump psycopg from 3.2.1 to 3.2.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"psycopg[binary]==3.2.1"', '"psycopg[binary]==3.2.3"'),
    })
    repo.commit(utc("2026-11-23 07:40:00"), arjun, "historian: write derived points in batches of 500 (NA-208)\n\nOne INSERT per point took 60-90 ms each over the private endpoint.", {
        "netanalytics/historian.py": _sub(repo.files["netanalytics/historian.py"],
                                          "        with self.conn.cursor() as cur:\n            for p in self.pending:\n                cur.execute(f\"INSERT INTO {self.cfg.table} (point, ts, value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING\", p)\n",
                                          "        size = self.cfg.batch_size\n        with self.conn.cursor() as cur:\n            for i in range(0, len(self.pending), size):\n                cur.executemany(f\"INSERT INTO {self.cfg.table} (point, ts, value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING\",\n                                self.pending[i:i + size])\n"),
        prod: repo.edit(prod, "  table: derived_points\n", "  table: derived_points\n  batch_size: 500\n"),
    })
    culprit = repo.commit(utc("2026-11-24 15:52:00"), dana, "burst: rate of fall between consecutive samples, EWMA-smoothed, instead of the 15-min regression (NA-212)\n\nThe Oct 28 break on Airport Rd was flagged 11 minutes after the tank\nstarted to fall: the regression needs most of its 15-minute window\nbefore the slope moves. Take the rate between consecutive samples of a\nlevel (0.1 ft deadband, so a fast fall reports every minute or two) and\nsmooth it with an EWMA (alpha 0.3 in production.yaml). On the October\nbreak's samples this flags it after the third sample, 4 minutes in.", {
        burst: BURST_V2,
        prod: repo.edit(prod, "burst:\n  factor: 1.5\n", "burst:\n  factor: 1.5\n  alpha: 0.3\n"),
        "tests/test_burst.py": TEST_BURST_V1.replace("BurstConfig()", "BurstConfig(alpha=0.3)"),
    })
    snaps["v190"] = None
    tue = repo.commit(utc("2026-11-24 16:31:00"), dana, "tests: burst rate of fall on a steady draw, a break and a refill (NA-212)", {
        "tests/test_burst.py": TEST_BURST_V2,
    })
    snaps["v190"] = dict(repo.files)
    repo.commit(utc("2026-11-24 19:05:00"), marta, "docs: how burst alarms are raised", {
        "docs/burst-detection.md": "# Burst detection\n\nEvery level sample of a tank (`level_point` in config/sites.yaml) updates\nthe tank's rate of fall: the fall between this sample and the previous\none, in ft/h, smoothed with an EWMA (`burst.alpha`). A tank falling\nfaster than `max_fall_ft_per_h` x `burst.factor` raises\n`burst.suspected` on network.events, which Ignition shows as\n\"<site> Burst Suspected (analytics)\".\n\nThe RTUs report a level when it moves by 0.1 ft and every 5 minutes, so\na tank at rest gives a sample every 5 minutes and a fast fall one every\nminute or two. Samples replayed after a comms loss (Sparkplug historical\nmetrics) go through the same path, in the order the RTU sends them.\n",
    })
    repo.commit(utc("2026-11-24 22:48:00"), dana, "runbook: crash-looping consumer, rollback stage", {
        "docs/runbook.md": RUNBOOK + "\n## NetworkAnalyticsCrashLooping\n\nPods restarting over and over, usually right after a release: run the\npipeline's Rollback stage (`helm rollback network-analytics <previous>`)\nand tell #water-ops that burst detection is blind until the lag drains.\nThe control room still has Ignition's own level alarms.\n",
    })
    repo.commit(utc("2026-11-25 04:55:00"), arjun, "consumer: log store-and-forward flushes (site, samples, time span) (NA-219)\n\nWhen an RTU replays its logger after a comms loss we could only see it\nin telemetry-bridge's log.", {
        consumer: _sub(CONSUMER_V1, "            record = json.loads(msg.value())\n",
                       "            record = json.loads(msg.value())\n"
                       "            if record.get(\"historical\"):\n"
                       "                stamps = [raw[\"ts\"] for raw in record[\"samples\"]]\n"
                       "                log.info(\"store-and-forward flush from %s: %d historical samples %s..%s (partition %d offset %d)\",\n"
                       "                         record[\"site\"], len(stamps), min(stamps), max(stamps), msg.partition(), msg.offset())\n"),
    })
    repo.commit(utc("2026-11-25 06:20:00"), arjun, "burst: DMA name in burst.suspected events and the warning (NA-221)\n\nThe control room asked for the DMA in the alarm text.", {
        burst: _sub(_sub(repo.files[burst],
                         '        log.warning("burst suspected %s %s: level falling %.2f ft/h (limit %.2f) at %s",\n                    site.id, sample.point, fall_ft_per_h, limit, sample.ts.isoformat())\n',
                         '        log.warning("burst suspected %s %s (DMA %s): level falling %.2f ft/h (limit %.2f) at %s",\n                    site.id, sample.point, site.dma, fall_ft_per_h, limit, sample.ts.isoformat())\n'),
                    '        return {"type": "burst.suspected", "site": site.id, "point": sample.point,\n',
                    '        return {"type": "burst.suspected", "site": site.id, "dma": site.dma, "point": sample.point,\n'),
    })
    repo.commit(utc("2026-11-25 07:45:00"), bot, "Bump confluent-kafka from 2.6.0 to 2.6.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"confluent-kafka==2.6.0"', '"confluent-kafka==2.6.1"'),
    })
    head = repo.commit(utc("2026-11-25 09:38:00"), arjun, "config: consume batches of 1000, max.poll.interval.ms 600000 (NA-223)\n\nWith the historian batches (NA-208) a 500-record batch at the 06:00\npeak took 40-70 s; fewer, larger batches and more headroom before the\nbroker drops a slow member.", {
        prod: repo.edit(prod, "  batch_size: 500\n  max_poll_interval_ms: 300000\n", "  batch_size: 1000\n  max_poll_interval_ms: 600000\n"),
    })
    snaps["v1100"] = dict(repo.files)
    fix = repo.commit(utc("2026-11-25 13:18:00"), dana, "burst: skip samples without a time step (store-and-forward duplicates) (NA-226)\n\nAn RTU's logger replay can hold a level twice in the same second (the\nexception and the 5-minute sample); NA-212 divided by the zero time\nbetween them and every pod that took partition 7 died on Kessler Rd's\nreplay. Skip a sample that is not later than the previous one.", {
        burst: _sub(repo.files[burst],
                    "        prev = self.last.get(sample.point)\n        self.last[sample.point] = sample\n        if prev is None:\n            return None\n",
                    "        prev = self.last.get(sample.point)\n        if prev is not None and sample.ts <= prev.ts:\n            # a logger replay can hold a point twice in one second, or out of\n            # order: there is no rate to take (NA-226)\n            log.info(\"burst: skipped %s at %s, no time step after the previous sample\", sample.point, sample.ts.isoformat())\n            return None\n        self.last[sample.point] = sample\n        if prev is None:\n            return None\n"),
        "tests/test_burst.py": repo.files["tests/test_burst.py"] + '''

def test_replayed_duplicate_is_skipped():
    det = BurstDetector(BurstConfig(), SITES)
    det.observe(level(0, 30.0))
    assert det.observe(level(0, 29.9)) is None
''',
    })
    snaps["v1101"] = dict(repo.files)
    return repo, {"culprit": culprit, "tue": tue, "head": head, "fix": fix}, snaps


# ---------------------------------------------------------------------------
# tracebacks from the code as it is in each release


def _line_of(text, needle, after=None):
    lines = text.split("\n")
    start = 0
    if after:
        start = next(i for i, line in enumerate(lines) if after in line)
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1, lines[i].strip()
    raise ValueError(needle)


def traceback_text(files):
    main_no, main_src = _line_of(files["netanalytics/__main__.py"], "consumer.run(cfg, sites)")
    cons_no, cons_src = _line_of(files["netanalytics/consumer.py"], "event = burst.observe(sample)")
    obs_no, obs_src = _line_of(files["netanalytics/burst.py"], "fall = fall_rate_ft_per_h(prev, sample)")
    div_no, div_src = _line_of(files["netanalytics/burst.py"], "return (prev.value - cur.value) / dt_h")

    def carets(src, expr):
        pad = src.index(expr)
        return " " * (4 + pad) + "^" * len(expr)

    left = "(prev.value - cur.value) "
    binop = " " * (4 + len("return ")) + "~" * len(left) + "^" + "~" * len(" dt_h")
    return "\n".join([
        "Traceback (most recent call last):",
        f'  File "/app/netanalytics/__main__.py", line {main_no}, in main',
        f"    {main_src}",
        f'  File "/app/netanalytics/consumer.py", line {cons_no}, in run',
        f"    {cons_src}",
        carets(cons_src, "burst.observe(sample)"),
        f'  File "/app/netanalytics/burst.py", line {obs_no}, in observe',
        f"    {obs_src}",
        carets(obs_src, "fall_rate_ft_per_h(prev, sample)"),
        f'  File "/app/netanalytics/burst.py", line {div_no}, in fall_rate_ft_per_h',
        f"    {div_src}",
        binop,
        "ZeroDivisionError: float division by zero",
    ])


# ---------------------------------------------------------------------------
# the morning


def _pod(rs, rng):
    return f"network-analytics-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"


# the partition each DMA's sites hash to (Northgate and Kessler Rd share 7)
DMA_PARTITION = {"NTG-1": 7, "NTG-2": 3, "HLT-1": 10, "KSR-1": 7, "RVR-1": 1, "RVR-2": 1, "CTR-1": 5, "CTR-2": 5,
                 "WST-1": 9, "EST-1": 8, "SOU-1": 11, "AIR-1": 0, "OAK-1": 4, "OAK-2": 2}


def ksr_replay(rng):
    """Kessler Rd's logger replay at reconnect: 45 minutes of samples, in
    records of 12, with the level twice at 11:20:00 (exception and tick)."""
    t = KSR_DROP - dt.timedelta(seconds=8)
    level, last = 21.64, 21.64
    tick = KSR_DROP.replace(second=0, microsecond=0) + dt.timedelta(minutes=5 - KSR_DROP.minute % 5)
    samples = []
    while t < KSR_BACK:
        t += dt.timedelta(seconds=1)
        level -= (1.55 + 0.25 * rng.random()) / 3600
        if abs(level - last) >= 0.1:
            samples.append((t, "KSR-GST.TANK_LEVEL", round(level, 2)))
            last = level
        if t == tick:
            samples.append((t, "KSR-GST.TANK_LEVEL", round(level, 2)))
            samples.append((t, "KSR-GST.SUCTION_PSI", round(level * 0.433 + rng.uniform(-0.05, 0.05), 1)))
            samples.append((t, "KSR-GST.DISCH_PSI", round(rng.uniform(64, 67), 1)))
            samples.append((t, "KSR-GST.DISCH_FLOW_GPM", rng.randint(1180, 1320)))
            samples.append((t, "KSR-GST.P1_RUN", 1))
            tick += dt.timedelta(minutes=5)
    dup_t = utc("2026-11-25 11:20:00")
    at_tick = [s for s in samples if s[1] == "KSR-GST.TANK_LEVEL" and s[0] == dup_t]
    if len(at_tick) == 1:  # the exception sample in the tick's second
        samples.append((dup_t, "KSR-GST.TANK_LEVEL", round(at_tick[0][2] + 0.01, 2)))
    samples.sort(key=lambda s: (s[0], s[1]))
    return [samples[i:i + 12] for i in range(0, len(samples), 12)], dup_t


def build_logs(rng, shas, snaps):
    app, bridge, emqx, k8s, ado, ign, slack = (Log("network-analytics.log"), Log("telemetry-bridge.log"), Log("emqx.log"),
                                               Log("k8s-events.log"), Log("azure-devops-deploy.log"), Log("ignition-alarm-journal.log"),
                                               Log("slack-water-ops.log"))
    stats = {"crashes": [], "processed": []}
    rs_tue, rs_wed, rs_fix = "7c9d5f8b46", "5f6b8c7d94", "64d9b7c5f8"
    versions = {rs_tue: ("1.9.0", shas["tue"], snaps["v190"], 500), rs_wed: ("1.10.0", shas["head"], snaps["v1100"], 1000),
                rs_fix: ("1.10.1", shas["fix"], snaps["v1101"], 1000)}
    pods_a = [_pod(rs_tue, rng) for _ in range(3)]
    pods_b = [_pod(rs_wed, rng) for _ in range(3)]
    pods_c = [_pod(rs_tue, rng) for _ in range(3)]
    pods_d = [_pod(rs_fix, rng) for _ in range(3)]
    node_of = {p: NODES[i % 3] for group in (pods_a, pods_b, pods_c, pods_d) for i, p in enumerate(group)}
    replay, dup_t = ksr_replay(rng)
    poison_idx = next(i for i, r in enumerate(replay) if sum(1 for s in r if s[0] == dup_t and s[1] == "KSR-GST.TANK_LEVEL") >= 2)
    base_offset = 1884213

    def rs_of(pod):
        return pod.split("-")[2]

    def alog(t, pod, level, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {pod} {level} [{logger}] {msg}")

    seen_events = {}

    def kev(t, kind, name, reason, msg, typ="Normal", component="kubelet", host=None):
        """event-exporter: one line per update of an event; a repeated event
        keeps its name and first time and counts up."""
        if not START <= t < END:
            return
        key = (name, reason, msg)
        suffix, first, count = seen_events.get(key, (hexid(rng, 16), t, 0))
        count += 1
        seen_events[key] = (suffix, first, count)
        body = {"metadata": {"name": f"{name}.{suffix}", "namespace": NS, "creationTimestamp": first.strftime("%Y-%m-%dT%H:%M:%SZ")},
                "involvedObject": {"kind": kind, "name": name, "namespace": NS},
                "reason": reason, "message": msg, "source": {"component": component, "host": host} if host else {"component": component},
                "firstTimestamp": first.strftime("%Y-%m-%dT%H:%M:%SZ"), "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "count": count, "type": typ}
        k8s.add(t, json.dumps(body, separators=(",", ":")))

    # ------------------------------------------------------------------ consumer group state
    state = {"owners": {}, "running": {}}
    timeline = []  # (t, owners, running), one per change

    def snap(t):
        timeline.append((t, {k: list(v) for k, v in state["owners"].items()}, dict(state["running"])))

    restarts, first_seen, member_id = {}, {}, {}
    pod_uid = {p: f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" for p in pods_a + pods_b + pods_c + pods_d}

    def start_lines(t, pod, restart=False):
        ver, sha, _, batch = versions[rs_of(pod)]
        if restart:
            kev(t - dt.timedelta(milliseconds=600), "Pod", pod, "Pulled", f'Container image "pbwuacr.azurecr.io/network-analytics:{ver}" already present on machine', host=node_of[pod])
        kev(t - dt.timedelta(milliseconds=300), "Pod", pod, "Created", "Created container network-analytics", host=node_of[pod])
        kev(t - dt.timedelta(milliseconds=100), "Pod", pod, "Started", "Started container network-analytics", host=node_of[pod])
        first_seen.setdefault(pod, t)
        member_id[pod] = f"rdkafka-{hexid(rng, 8)}-{hexid(rng, 4)}"  # a new member id per process
        alog(t + dt.timedelta(milliseconds=rng.randint(700, 1100)), pod, "INFO", "netanalytics.__main__",
             f"network-analytics {ver} ({sha[:7]}) starting, topic=telemetry.samples group=network-analytics batch={batch}")
        alog(t + dt.timedelta(milliseconds=rng.randint(1200, 1500)), pod, "INFO", "netanalytics.__main__", "loaded 118 sites, 31 DMAs, 46 level points")

    def new_pod(t, pod, previous):
        ver = versions[rs_of(pod)][0]
        kev(t - dt.timedelta(seconds=4), "Pod", pod, "Scheduled", f"Successfully assigned {NS}/{pod} to {node_of[pod]}", component="default-scheduler")
        kev(t - dt.timedelta(seconds=3), "Pod", pod, "Pulling", f'Pulling image "pbwuacr.azurecr.io/network-analytics:{ver}"', host=node_of[pod])
        kev(t - dt.timedelta(seconds=1), "Pod", pod, "Pulled", f'Successfully pulled image "pbwuacr.azurecr.io/network-analytics:{ver}" in 2.41s (2.41s including waiting). Image size: 71842316 bytes.', host=node_of[pod])
        start_lines(t, pod)
        state["running"][pod] = True
        kev(t + dt.timedelta(seconds=6), "Pod", previous, "Killing", "Stopping container network-analytics", host=node_of[previous])
        state["running"][previous] = False
        state["owners"].pop(previous, None)
        snap(t + dt.timedelta(seconds=6))

    def assign(t, log_it=True):
        """Eager rebalance, range assignor over the members' sorted ids."""
        members = sorted((p for p, up in state["running"].items() if up), key=lambda p: member_id[p])
        previous = state["owners"]
        out = {}
        if members:
            per, extra = divmod(12, len(members))
            p = 0
            for i, m in enumerate(members):
                n = per + (1 if i < extra else 0)
                out[m] = list(range(p, p + n))
                p += n
        if log_it:
            for m in members:
                tt = t + dt.timedelta(milliseconds=rng.randint(5, 300))
                if previous.get(m):
                    alog(tt, m, "INFO", "netanalytics.consumer", "revoked partitions: " + ",".join(str(x) for x in previous[m]))
                alog(tt + dt.timedelta(milliseconds=rng.randint(20, 120)), m, "INFO", "netanalytics.consumer", "assigned partitions: " + ",".join(str(x) for x in out[m]))
        state["owners"] = out
        snap(t + dt.timedelta(milliseconds=500))
        return out

    def flush_lines(t, pod, upto):
        """The replayed records' flush lines (1.10.x only); returns the time of
        the last one."""
        for i in range(upto + 1):
            r = replay[i]
            stamps = [s[0] for s in r]
            t += dt.timedelta(milliseconds=rng.randint(30, 160))
            if rs_of(pod) != rs_tue:
                alog(t, pod, "INFO", "netanalytics.consumer",
                     f"store-and-forward flush from KSR-GST: {len(r)} historical samples {min(stamps).strftime('%Y-%m-%dT%H:%M:%S+00:00')}..{max(stamps).strftime('%Y-%m-%dT%H:%M:%S+00:00')} (partition {POISON_PARTITION} offset {base_offset + i})")
        return t

    # before the window: Tuesday's pods hold the group; the 11:14 rollout
    for p in pods_a:
        state["running"][p] = True
        member_id[p] = f"rdkafka-{hexid(rng, 8)}-{hexid(rng, 4)}"
    assign(START - dt.timedelta(hours=16), log_it=False)
    kev(RELEASE - dt.timedelta(seconds=46), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled up replica set network-analytics-{rs_wed} to 1", component="deployment-controller")
    for i, (old, new) in enumerate(zip(pods_a, pods_b)):
        t = RELEASE - dt.timedelta(seconds=40 - i * 15)
        if i:
            kev(t - dt.timedelta(seconds=5), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled up replica set network-analytics-{rs_wed} to {i + 1}", component="deployment-controller")
        new_pod(t, new, old)
        kev(t + dt.timedelta(seconds=7), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled down replica set network-analytics-{rs_tue} to {2 - i}", component="deployment-controller")
        assign(t + dt.timedelta(seconds=9))

    # ------------------------------------------------------------------ the crash loop
    heap, seq = [], [0]

    def push(t, kind, pod=None):
        seq[0] += 1
        heapq.heappush(heap, (t, seq[0], kind, pod))

    def holder():
        return next((p for p, parts in state["owners"].items() if POISON_PARTITION in parts and state["running"].get(p)), None)

    replay_at = KSR_BACK + dt.timedelta(seconds=2.4 + 1.2 * poison_idx)
    push(replay_at, "crash", holder())
    last_rebalance = [RELEASE]

    def crash(t, pod):
        t = flush_lines(t, pod, poison_idx) + dt.timedelta(milliseconds=rng.randint(2, 9))
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{stamp} {pod} ERROR [netanalytics.__main__] consumer crashed, exiting\n" + traceback_text(versions[rs_of(pod)][2]))
        stats["crashes"].append(t)
        state["running"][pod] = False
        snap(t)
        restarts[pod] = restarts.get(pod, 0) + 1
        n = restarts[pod]
        delay = 1 if n == 1 else min(10 * 2 ** (n - 2), 300)
        if n > 1:
            kev(t + dt.timedelta(seconds=1), "Pod", pod, "BackOff", f"Back-off restarting failed container network-analytics in pod {pod}_{NS}({pod_uid[pod]})",
                typ="Warning", host=node_of[pod])
        push(t + dt.timedelta(seconds=delay + rng.uniform(0.5, 1.5)), "start", pod)
        push(t + dt.timedelta(seconds=45 + rng.uniform(0, 1)), "rebalance")

    def run_loop(until, alive):
        while heap and heap[0][0] < until:
            t, _, kind, pod = heapq.heappop(heap)
            if kind == "crash":
                if pod in alive and state["running"].get(pod) and POISON_PARTITION in state["owners"].get(pod, []):
                    crash(t, pod)
            elif kind == "start":
                if pod not in alive:
                    continue
                state["running"][pod] = True
                state["owners"].pop(pod, None)
                snap(t)
                start_lines(t, pod, restart=True)
                push(t + dt.timedelta(seconds=rng.uniform(3, 6)), "rebalance")
            elif kind == "rebalance":
                if (t - last_rebalance[0]).total_seconds() < 4:
                    continue
                last_rebalance[0] = t
                assign(t)
                h = holder()
                if h:
                    push(t + dt.timedelta(seconds=rng.uniform(1.2, 4.0)), "crash", h)

    alive = list(pods_b)
    run_loop(ROLLBACK, alive)
    # the rollback: helm revision 41 (1.9.0) brings back the old replica set
    kev(ROLLBACK - dt.timedelta(seconds=6), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled up replica set network-analytics-{rs_tue} to 1", component="deployment-controller")
    for i, (old, new) in enumerate(zip(pods_b, pods_c)):
        t = ROLLBACK + dt.timedelta(seconds=i * 11)
        run_loop(t, alive)
        alive.remove(old)
        alive.append(new)
        new_pod(t, new, old)
        kev(t + dt.timedelta(seconds=7), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled down replica set network-analytics-{rs_wed} to {2 - i}", component="deployment-controller")
        push(t + dt.timedelta(seconds=rng.uniform(3, 5)), "rebalance")
    run_loop(FIX_DEPLOY, alive)
    assert any(c >= ROLLBACK for c in stats["crashes"]), "the rolled-back pods crash too"

    # the fix: 1.10.1
    heap.clear()
    kev(FIX_DEPLOY - dt.timedelta(seconds=6), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled up replica set network-analytics-{rs_fix} to 1", component="deployment-controller")
    for i, (old, new) in enumerate(zip(pods_c, pods_d)):
        t = FIX_DEPLOY + dt.timedelta(seconds=i * 12)
        new_pod(t, new, old)
        kev(t + dt.timedelta(seconds=7), "Deployment", "network-analytics", "ScalingReplicaSet", f"Scaled down replica set network-analytics-{rs_tue} to {2 - i}", component="deployment-controller")
    recovered = FIX_DEPLOY + dt.timedelta(seconds=29)
    owners = assign(recovered)
    h = next(p for p, parts in owners.items() if POISON_PARTITION in parts)
    t = flush_lines(recovered + dt.timedelta(seconds=1), h, poison_idx)
    alog(t + dt.timedelta(milliseconds=rng.randint(3, 9)), h, "INFO", "netanalytics.burst",
         f"burst: skipped KSR-GST.TANK_LEVEL at {dup_t.strftime('%Y-%m-%dT%H:%M:%S+00:00')}, no time step after the previous sample")
    for i in range(poison_idx + 1, len(replay)):
        r = replay[i]
        stamps = [s[0] for s in r]
        t += dt.timedelta(milliseconds=rng.randint(30, 160))
        alog(t, h, "INFO", "netanalytics.consumer",
             f"store-and-forward flush from KSR-GST: {len(r)} historical samples {min(stamps).strftime('%Y-%m-%dT%H:%M:%S+00:00')}..{max(stamps).strftime('%Y-%m-%dT%H:%M:%S+00:00')} (partition {POISON_PARTITION} offset {base_offset + i})")
    drained = recovered + dt.timedelta(minutes=3, seconds=12)
    first_crash = stats["crashes"][0]
    stats.update(first_crash=first_crash, recovered=recovered, drained=drained, timeline=timeline)
    times = [x[0] for x in timeline]

    def consumer_of(part, t):
        """The pod that consumes and commits part at t, if any (a pod that
        holds partition 7 before the fix never gets to commit)."""
        i = bisect.bisect_right(times, t) - 1
        if i < 0:
            return None
        _, own, run = timeline[i]
        for pod, parts in own.items():
            if part in parts and run.get(pod):
                if first_crash <= t < recovered and POISON_PARTITION in parts:
                    return None
                return pod
        return None

    def next_consumed(part, t):
        while t < END:
            pod = consumer_of(part, t)
            if pod:
                return t, pod
            t += dt.timedelta(seconds=5)
        return None, None

    lag = {p: [] for p in range(12)}
    level = {p: rng.randint(0, 15) for p in range(12)}
    rate = {p: 17 + zlib.crc32(f"p{p}".encode()) % 6 for p in range(12)}
    t = START
    while t <= END:
        for p in range(12):
            level[p] += rate[p] / 4 + rng.uniform(-1.5, 1.5)
            if consumer_of(p, t):
                if p == POISON_PARTITION and recovered <= t < drained:
                    level[p] = max(rng.randint(0, 12), level[p] - 700)
                else:
                    level[p] = rng.randint(0, 12)
            lag[p].append((t, max(0, int(level[p]))))
        t += dt.timedelta(seconds=15)
    stats["lag"] = lag
    lag_alert = next(t for t, v in lag[POISON_PARTITION] if v > 300) + dt.timedelta(minutes=5)

    # ------------------------------------------------------------------ normal processing lines
    all_pods = pods_a + pods_b + pods_c + pods_d
    for pod in all_pods:
        t = START + dt.timedelta(seconds=rng.uniform(0, 30))
        while t < END:
            parts = []
            i = bisect.bisect_right(times, t) - 1
            if i >= 0:
                _, own, run = timeline[i]
                if run.get(pod):
                    parts = own.get(pod, [])
            if parts and not (first_crash <= t < recovered and POISON_PARTITION in parts):
                n = sum(rng.randint(12, 22) for _ in parts)
                if recovered <= t < drained:
                    n *= rng.randint(9, 14)
                elif first_crash <= t < recovered:
                    n = int(n * rng.uniform(1.5, 4))
                alog(t, pod, "INFO", "netanalytics.historian", f"historian: wrote {n} derived points to derived_points in {rng.randint(18, 75) + n // 60} ms")
                stats["processed"].append((t, n))
            t += dt.timedelta(seconds=30, milliseconds=rng.randint(-800, 800))

    base_demand = {"NTG-1": 410, "NTG-2": 260, "HLT-1": 520, "KSR-1": 880, "RVR-1": 350, "RVR-2": 300, "CTR-1": 640, "CTR-2": 470,
                   "WST-1": 390, "EST-1": 560, "SOU-1": 720, "AIR-1": 330, "OAK-1": 280, "OAK-2": 240}
    w = START.replace(minute=(START.minute // 15) * 15, second=0)
    while w < END:
        w += dt.timedelta(minutes=15)
        for dma in DMAS:
            when, pod = next_consumed(DMA_PARTITION[dma], w + dt.timedelta(seconds=rng.uniform(8, 40)))
            if when is None:
                continue
            if when > w + dt.timedelta(minutes=2):  # a backlog: its windows come out in order
                when += dt.timedelta(milliseconds=int((w - START).total_seconds() // 900) * 400 + rng.randint(0, 300))
            local_h = (w.hour - 6) % 24 + w.minute / 60
            shape = 0.35 if local_h < 5 else 0.55 + 0.45 * min(1.0, (local_h - 5) / 2)
            base = base_demand[dma]
            demand = base * shape * rng.uniform(0.92, 1.08)
            if dma == "NTG-1" and BREAK + dt.timedelta(minutes=3) < w <= ISOLATED + dt.timedelta(minutes=10):
                demand += rng.uniform(2300, 2700)
            window = f"{(w - dt.timedelta(minutes=15)).strftime('%H:%M')}-{w.strftime('%H:%M')}"
            if dma == "OAK-2":
                alog(when, pod, "WARNING", "netanalytics.dma", f"dma balance OAK-2 {window} skipped: inlet meter OAK-PRV2.FLOW quality BAD (bad_not_connected)")
                continue
            inflow = demand + rng.uniform(80, 400)
            alog(when, pod, "INFO", "netanalytics.dma",
                 f"dma balance {dma} {window}: inflow {inflow:.0f} gpm, outflow {inflow - demand:.0f} gpm, demand {demand:.0f} gpm ({100 * demand / (base * shape):.0f}% of profile)")

    for dma in DMAS:  # minimum night flow at 04:00 local
        t = utc("2026-11-25 10:00:00") + dt.timedelta(seconds=rng.uniform(10, 45))
        pod = consumer_of(DMA_PARTITION[dma], t)
        base = rng.uniform(60, 180)
        if dma == "OAK-2":
            alog(t, pod, "WARNING", "netanalytics.dma", "minimum night flow OAK-2 02:00-04:00: no value, inlet meter OAK-PRV2.FLOW quality BAD for 100% of the window")
        elif dma == "RVR-2":
            alog(t, pod, "WARNING", "netanalytics.dma", f"minimum night flow RVR-2 02:00-04:00: {base * 1.41:.1f} gpm, 41% over baseline {base:.1f} gpm (3rd night), leak suspected")
        else:
            alog(t, pod, "INFO", "netanalytics.dma", f"minimum night flow {dma} 02:00-04:00: {base * rng.uniform(0.9, 1.12):.1f} gpm (baseline {base:.1f} gpm)")

    # the twitchier detector's overnight false alarm (hydrant flushing), and Northgate
    alog(utc("2026-11-25 09:12:41"), consumer_of(10, utc("2026-11-25 09:12:41")), "WARNING", "netanalytics.burst",
         "burst suspected HLT-RES HLT-RES.LEVEL: level falling 1.93 ft/h (limit 1.80) at 2026-11-25T09:12:30+00:00")
    ntg_t, k, ntg_first = BREAK + dt.timedelta(minutes=5, seconds=40), 0, None
    while ntg_t < ISOLATED:
        when, pod = next_consumed(7, ntg_t + dt.timedelta(seconds=rng.uniform(1, 4)))
        if when and when > ntg_t + dt.timedelta(minutes=1):
            when = recovered + dt.timedelta(seconds=4, milliseconds=k * 1700)
            pod = consumer_of(7, when)
        if when:
            fall = min(2.9, 1.3 + 0.25 * k) * rng.uniform(0.95, 1.05)
            ntg_first = ntg_first or fall
            alog(when, pod, "WARNING", "netanalytics.burst",
                 f"burst suspected NTG-ET NTG-ET.LEVEL (DMA NTG-1): level falling {fall:.2f} ft/h (limit 1.20) at {ntg_t.strftime('%Y-%m-%dT%H:%M:%S+00:00')}")
        k += 1
        ntg_t += dt.timedelta(seconds=rng.uniform(110, 160))

    for _ in range(9):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pod = consumer_of(rng.choice([0, 1, 2, 4, 5]), t)
        if pod:
            alog(t, pod, "WARNING", "netanalytics.consumer", "consume error: KafkaError{code=_TRANSPORT,val=-195,str=\"pbwu-kafka-kafka-1.pbwu-kafka-kafka-brokers.kafka.svc:9092/1: Disconnected (after 600012ms in state UP, 1 identical error(s) suppressed)\"}")

    # ------------------------------------------------------------------ telemetry-bridge (Go slog text)
    def blog(t, level, msg, **kv):
        if t.microsecond == 0:
            t += dt.timedelta(milliseconds=rng.randint(1, 999))
        if START <= t < END:
            parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"']
            for key, value in kv.items():
                v = str(value)
                parts.append(f'{key}="{v}"' if (" " in v or "=" in v) else f"{key}={v}")
            bridge.add(t, " ".join(parts))

    t = START
    while t < END:
        t += dt.timedelta(minutes=1)
        hour_local = (t.hour - 6) % 24
        recs = int(rng.uniform(210, 250) * (1.0 if hour_local >= 5 else 0.8))
        blog(t + dt.timedelta(milliseconds=rng.randint(0, 300)), "INFO", "published", topic="telemetry.samples", records=recs, samples=recs * rng.randint(14, 19), errors=0, p99_ms=rng.randint(6, 24))

    def outage(drop, back, node, ip_old, ip_new, flush_records, flush_samples, oldest, newest):
        blog(drop + dt.timedelta(seconds=91), "WARN", "edge node offline", group="PBWU", edge_node=node, reason="NDEATH (will)", bdSeq=rng.randint(100, 250))
        blog(back + dt.timedelta(seconds=1), "INFO", "edge node online", group="PBWU", edge_node=node, metrics=rng.randint(34, 58))
        blog(back + dt.timedelta(seconds=13), "INFO", "store-and-forward flush", group="PBWU", edge_node=node, records=flush_records, samples=flush_samples,
             oldest=oldest.strftime("%Y-%m-%dT%H:%M:%SZ"), newest=newest.strftime("%Y-%m-%dT%H:%M:%SZ"))
        eline(drop + dt.timedelta(seconds=91), "warning", node, f"peername: {ip_old}:{rng.randint(30000, 60000)}, msg: terminate, reason: {{shutdown,keepalive_timeout}}")
        eline(drop + dt.timedelta(seconds=91, milliseconds=4), "info", node, f"msg: publish_will_msg, topic: spBv1.0/PBWU/NDEATH/{node}")
        eline(back, "info", node, f"peername: {ip_new}:{rng.randint(30000, 60000)}, msg: client_connected, proto_ver: 4, keepalive: 60, clean_start: true")

    def eline(t, level, node, msg):
        if t.microsecond == 0:
            t += dt.timedelta(microseconds=rng.randint(1000, 999999))
        if START <= t < END:
            emqx.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+00:00 [{level}] tag: MQTT, clientid: {node.lower()}-rtu, {msg}")

    ksr_samples = sum(len(r) for r in replay)
    outage(KSR_DROP, KSR_BACK, "KSR-GST", "10.88.14.23", "10.88.14.61", len(replay), ksr_samples, min(s[0] for r in replay for s in r), max(s[0] for r in replay for s in r))
    outage(HLT_DROP, HLT_BACK, "HLT-RES", "10.88.9.140", "10.88.9.177", 4, 131, HLT_DROP - dt.timedelta(seconds=11), HLT_BACK - dt.timedelta(seconds=4))
    for node, drop, mins in (("W11", utc("2026-11-25 10:14:05"), 3), ("AIR-GST", utc("2026-11-25 12:47:30"), 6), ("OAK-PRV1", utc("2026-11-25 08:52:10"), 2), ("W07", utc("2026-11-25 13:58:44"), 4)):
        back = drop + dt.timedelta(minutes=mins, seconds=rng.randint(0, 50))
        outage(drop, back, node, f"10.88.{rng.randint(2, 20)}.{rng.randint(10, 250)}", f"10.88.{rng.randint(2, 20)}.{rng.randint(10, 250)}", 1, rng.randint(6, 30), drop - dt.timedelta(seconds=5), back - dt.timedelta(seconds=3))
    t = START + dt.timedelta(seconds=rng.uniform(0, 300))
    while t < END:  # a bench RTU in the shop with last year's password
        emqx.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+00:00 [warning] tag: AUTHN, clientid: shop-bench-rtu-07, peername: 10.88.1.40:{rng.randint(30000, 60000)}, username: shop-bench, msg: authentication_failure, reason: bad_username_or_password")
        t += dt.timedelta(seconds=rng.uniform(480, 720))
    blog(utc("2026-11-25 12:00:00"), "INFO", "rebirth sweep", nodes_checked=118, stale=0)

    # ------------------------------------------------------------------ Ignition alarm journal (CSV export)
    def ialarm(t, event, priority, source, display, value, user=""):
        if t.microsecond == 0:
            t += dt.timedelta(milliseconds=rng.randint(1, 999))
        if START <= t < END:
            ign.add(t, f'{t.strftime("%Y-%m-%d %H:%M:%S.")}{t.microsecond // 1000:03d},{event},{priority},"prov:PBWU:/tag:{source}","{display}","{value}","{user}"')

    ops_users = ["lena.ortiz", "mike.haynes"]
    ialarm(KSR_DROP + dt.timedelta(seconds=95), "Active", "High", "Sites/KSR-GST/RTU/CommsOK:/alm:Comms Fail", "Kessler Rd GST RTU Comms Fail", "false")
    ialarm(KSR_DROP + dt.timedelta(seconds=160), "Acknowledged", "High", "Sites/KSR-GST/RTU/CommsOK:/alm:Comms Fail", "Kessler Rd GST RTU Comms Fail", "false", "lena.ortiz")
    ialarm(KSR_BACK + dt.timedelta(seconds=2), "Cleared", "High", "Sites/KSR-GST/RTU/CommsOK:/alm:Comms Fail", "Kessler Rd GST RTU Comms Fail", "true")
    ialarm(HLT_DROP + dt.timedelta(seconds=95), "Active", "High", "Sites/HLT-RES/RTU/CommsOK:/alm:Comms Fail", "Hilltop Res RTU Comms Fail", "false")
    ialarm(HLT_DROP + dt.timedelta(seconds=300), "Acknowledged", "High", "Sites/HLT-RES/RTU/CommsOK:/alm:Comms Fail", "Hilltop Res RTU Comms Fail", "false", "mike.haynes")
    ialarm(HLT_BACK + dt.timedelta(seconds=2), "Cleared", "High", "Sites/HLT-RES/RTU/CommsOK:/alm:Comms Fail", "Hilltop Res RTU Comms Fail", "true")
    ialarm(utc("2026-11-25 09:12:44"), "Active", "Medium", "Analytics/HLT-RES/BurstSuspected:/alm:Burst Suspected", "Hilltop Res Burst Suspected (analytics)", "1.93")
    ialarm(utc("2026-11-25 09:14:02"), "Acknowledged", "Medium", "Analytics/HLT-RES/BurstSuspected:/alm:Burst Suspected", "Hilltop Res Burst Suspected (analytics)", "1.93", "mike.haynes")
    ialarm(utc("2026-11-25 09:24:30"), "Cleared", "Medium", "Analytics/HLT-RES/BurstSuspected:/alm:Burst Suspected", "Hilltop Res Burst Suspected (analytics)", "0.41")
    for t0, site, disp, pr, val in ((utc("2026-11-25 08:41:10"), "W07/CL2_RESIDUAL:/alm:Low", "Well 7 Chlorine Residual Low", "Medium", "0.38"),
                                    (utc("2026-11-25 10:05:55"), "SOU-BST/P2/Run:/alm:Fail To Start", "South Booster Pump 2 Fail To Start", "High", "false"),
                                    (utc("2026-11-25 10:31:20"), "OAK-PRV1/VAULT/Door:/alm:Intrusion", "Oakfield PRV 1 Vault Door Open", "Low", "true"),
                                    (utc("2026-11-25 11:33:08"), "CTR-SP/LEVEL:/alm:High", "Center St Standpipe Level High", "Low", "41.8"),
                                    (utc("2026-11-25 12:47:33"), "AIR-GST/RTU/CommsOK:/alm:Comms Fail", "Airport Rd GST RTU Comms Fail", "High", "false")):
        if START <= t0 < END:
            ialarm(t0, "Active", pr, site, disp, val)
            ialarm(t0 + dt.timedelta(seconds=rng.randint(40, 300)), "Acknowledged", pr, site, disp, val, rng.choice(ops_users))
            ialarm(t0 + dt.timedelta(seconds=rng.randint(400, 1500)), "Cleared", pr, site, disp, val)
    ialarm(utc("2026-11-25 12:58:14"), "Active", "High", "Sites/NTG-PRV/OUTLET_PSI:/alm:Low", "Northgate PRV Outlet Pressure Low", "37.6")
    ialarm(utc("2026-11-25 12:59:40"), "Acknowledged", "High", "Sites/NTG-PRV/OUTLET_PSI:/alm:Low", "Northgate PRV Outlet Pressure Low", "36.9", "lena.ortiz")
    ialarm(utc("2026-11-25 13:05:22"), "Active", "High", "Sites/NTG-ET/LEVEL:/alm:Low", "Northgate ET Level Low", "22.4")
    ialarm(utc("2026-11-25 13:05:51"), "Acknowledged", "High", "Sites/NTG-ET/LEVEL:/alm:Low", "Northgate ET Level Low", "22.3", "lena.ortiz")
    ialarm(recovered + dt.timedelta(seconds=6), "Active", "Medium", "Analytics/NTG-ET/BurstSuspected:/alm:Burst Suspected", "Northgate ET Burst Suspected (analytics)", f"{ntg_first:.2f}")
    ialarm(recovered + dt.timedelta(seconds=40), "Acknowledged", "Medium", "Analytics/NTG-ET/BurstSuspected:/alm:Burst Suspected", "Northgate ET Burst Suspected (analytics)", "2.61", "lena.ortiz")
    ialarm(ISOLATED + dt.timedelta(minutes=9), "Cleared", "High", "Sites/NTG-PRV/OUTLET_PSI:/alm:Low", "Northgate PRV Outlet Pressure Low", "52.1")

    # ------------------------------------------------------------------ Azure DevOps
    def ado_line(t, text):
        ado.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def deploy(t0, run, sha, subject, ver, revision, by):
        lines = [
            (0, "##[section]Starting: helm"),
            (0.1, "=============================================================================="),
            (0.2, "Task         : Job"),
            (0.3, f"Pipeline network-analytics, run {run}, stage deploy_prod, requested by {by}"),
            (0.6, "Environment pbwu-prod.water-analytics. Resource aks-pbwu-prod/water-analytics"),
            (1.0, "##[section]Starting: Checkout digital-water/network-analytics@main to s"),
            (2.1, "Syncing repository: digital-water/network-analytics (GitHub)"),
            (4.3, f"HEAD is now at {sha[:7]} {subject}"),
            (4.6, "##[section]Finishing: Checkout digital-water/network-analytics@main to s"),
            (5.0, "##[section]Starting: CmdLine"),
            (5.3, f"Deploying network-analytics {ver} ({sha}) to aks-pbwu-prod"),
            (5.4, f"/usr/local/bin/helm upgrade --install network-analytics chart/network-analytics -n water-analytics -f chart/network-analytics/values-production.yaml --set image.tag={ver} --set-string env.GIT_SHA={sha} --set-string env.VERSION={ver} --wait --timeout 5m"),
            (52.0, 'Release "network-analytics" has been upgraded. Happy Helming!'),
            (52.1, "NAME: network-analytics"),
            (52.2, "NAMESPACE: water-analytics"),
            (52.3, "STATUS: deployed"),
            (52.4, f"REVISION: {revision}"),
            (52.8, "##[section]Finishing: CmdLine"),
            (53.4, "##[section]Finishing: helm"),
        ]
        for off, text in lines:
            ado_line(t0 + dt.timedelta(seconds=off), text)

    deploy(TUE_DEPLOY - dt.timedelta(seconds=53), "20261124.2", shas["tue"], "tests: burst rate of fall on a steady draw, a break and a refill (NA-212)", "1.9.0", 41, "Dana Kowalczyk")
    deploy(RELEASE - dt.timedelta(seconds=53), "20261125.1", shas["head"], "config: consume batches of 1000, max.poll.interval.ms 600000 (NA-223)", "1.10.0", 42, "Arjun Deshpande")
    t0 = ROLLBACK - dt.timedelta(seconds=14)
    for off, text in ((0, "##[section]Starting: helm_rollback"), (0.1, "=============================================================================="), (0.2, "Task         : Job"),
                      (0.3, "Pipeline network-analytics-rollback, run 20261125.r1, requested by Arjun Deshpande"),
                      (0.6, "Environment pbwu-prod.water-analytics. Resource aks-pbwu-prod/water-analytics"), (1.0, "##[section]Starting: CmdLine"),
                      (1.3, "/usr/local/bin/helm rollback network-analytics 41 -n water-analytics --wait --timeout 5m"),
                      (58.0, "Rollback was a success! Happy Helming!"), (58.6, "##[section]Finishing: CmdLine"), (59.0, "##[section]Finishing: helm_rollback")):
        ado_line(t0 + dt.timedelta(seconds=off), text)
    deploy(FIX_DEPLOY - dt.timedelta(seconds=53), "20261125.2", shas["fix"], "burst: skip samples without a time step (store-and-forward duplicates) (NA-226)", "1.10.1", 44, "Dana Kowalczyk")

    # ------------------------------------------------------------------ Slack #water-ops
    users = {"alertmanager": "B02ALRT7Q", "arjun.deshpande": "U04AD9P2K", "dana.kowalczyk": "U02DK3W8M", "marta.sousa": "U05MS6L1T",
             "lena.ortiz (control room)": "U03LO2C7R", "mike.haynes (control room)": "U03MH8C4R", "jorge.villa (distribution)": "U06JV5D3S"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "water-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fc = first_crash
    say(utc("2026-11-25 09:14:30"), "mike.haynes (control room)", "Hilltop burst suspected alarm at 03:12, flushing crew is on Ridge Rd hydrants tonight. acked")
    say(HLT_BACK + dt.timedelta(minutes=1), "mike.haynes (control room)", "Hilltop RTU back after 20 min, cellular again")
    say(KSR_DROP + dt.timedelta(minutes=3), "lena.ortiz (control room)", "Kessler Rd GST comms fail, booster on local control, tank 21 ft. watching it")
    say(RELEASE - dt.timedelta(minutes=4), "arjun.deshpande", "deploying network-analytics 1.10.0: store-and-forward flush logging (NA-219), DMA name in burst alarms (NA-221), confluent-kafka 2.6.1, batches of 1000 / max.poll 10 min (NA-223)")
    say(RELEASE + dt.timedelta(minutes=1, seconds=30), "arjun.deshpande", "1.10.0 out, 3/3 pods consuming, lag 0")
    say(KSR_BACK + dt.timedelta(minutes=1), "lena.ortiz (control room)", f"Kessler Rd back, tank at {[s for r in replay for s in r if s[1] == 'KSR-GST.TANK_LEVEL'][-1][2]:.1f} ft")
    say(fc + dt.timedelta(minutes=5), "alertmanager", "[FIRING:1] NetworkAnalyticsCrashLooping water-analytics/network-analytics restarts > 3 in 10m")
    say(fc + dt.timedelta(minutes=8), "arjun.deshpande", "looking. pods die with ZeroDivisionError in burst.py, right after the store-and-forward flush lines from KSR-GST")
    say(lag_alert, "alertmanager", "[FIRING:1] NetworkAnalyticsLag network-analytics telemetry.samples partition 7 lag > 300 records for 5m")
    say(fc + dt.timedelta(minutes=21), "arjun.deshpande", "1.10.0 went out 33 min before the first crash and touches burst.py (NA-221) and the consumer batch config. runbook says roll back, rolling back to revision 41 (1.9.0)")
    say(ROLLBACK + dt.timedelta(minutes=2, seconds=30), "arjun.deshpande", "rolled back. same crash on the 1.9.0 pods, only the flush lines are gone. so not 1.10.0")
    say(ROLLBACK + dt.timedelta(minutes=4), "arjun.deshpande", "@dana.kowalczyk paging you. nothing on partition 7 processed since 05:47 CST, the other partitions only between rebalances")
    say(utc("2026-11-25 12:33:10"), "dana.kowalczyk", "here. fall_rate_ft_per_h divides by the time between two samples of a point. 1.9.0 has NA-212 too, that went out yesterday")
    say(utc("2026-11-25 12:41:30"), "lena.ortiz (control room)", "customers calling about low pressure and no water on N 14th St and Prairie View Dr, Northgate. anything from burst detection?")
    say(utc("2026-11-25 12:44:00"), "dana.kowalczyk", "nothing, Northgate ET is on partition 7 with Kessler Rd, not processed since 05:47. Kessler Rd's replay has two samples of KSR-GST.TANK_LEVEL at 11:20:00Z, same timestamp (RTU logger: exception + the 5-min sample). dt = 0. fixing: skip samples without a time step")
    say(utc("2026-11-25 12:51:20"), "lena.ortiz (control room)", "Northgate ET falling fast on the trend, 2.5 ft/h. sending Jorge's crew")
    say(utc("2026-11-25 13:06:10"), "lena.ortiz (control room)", "Northgate ET low level alarm. PRV outlet 37 psi")
    say(utc("2026-11-25 13:19:00"), "dana.kowalczyk", "NA-226 merged, deploying 1.10.1")
    say(drained + dt.timedelta(seconds=40), "dana.kowalczyk", "1.10.1 consuming, backlog drained. it raised Northgate's burst for the 12:24:40 sample, an hour late. Kessler Rd duplicate skipped")
    say(utc("2026-11-25 13:53:30"), "jorge.villa (distribution)", "16in main break on Prairie View Dr at N 12th, isolated 07:52. about 2,300 customers out, outage notice is going out")
    say(utc("2026-11-25 14:06:00"), "dana.kowalczyk", "postmortem Friday. NA-212 was tested on live samples only, never on a logger replay")
    return [app, bridge, emqx, k8s, ado, ign, slack], stats


def build(out_dir):
    rng = random.Random(51100)
    repo, shas, snaps = build_repo()
    try:
        logs, stats = build_logs(rng, shas, snaps)
        onset = stats["first_crash"].replace(microsecond=0)
        assert utc("2026-11-25 11:47:00") <= onset <= utc("2026-11-25 11:48:00"), onset
        culprit_at = utc("2026-11-24 15:52:00")
        crashes, processed = stats["crashes"], stats["processed"]
        first, recovered, drained = stats["first_crash"], stats["recovered"], stats["drained"]

        def lag(part):
            series = stats["lag"][part]

            def fn(t):
                i = min(len(series) - 1, max(0, int((t - START).total_seconds() // 15)))
                return series[i][1]
            return fn

        metrics = {
            "kafka_consumergroup_lag.json": query_range(
                [({"consumergroup": "network-analytics", "topic": "telemetry.samples", "partition": str(p)}, lag(p)) for p in range(12)],
                START, END, 60),
            "network_analytics_crashes_per_5m.json": query_range(
                [({"namespace": NS, "container": "network-analytics"}, lambda t: sum(1 for c in crashes if t - dt.timedelta(minutes=5) < c <= t))],
                START, END, 60),
            "network_analytics_derived_points_per_min.json": query_range(
                [({"namespace": NS, "job": "network-analytics"}, lambda t: sum(n for w, n in processed if t - dt.timedelta(minutes=1) < w <= t))],
                START, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        n_crash = len(crashes)
        return write_scenario(
            out_dir, name="r51-burst-rate-backfill", service=SERVICE, onset=onset,
            description=f"""
Prairie Bend Water Utility's burst detection goes blind on Wednesday 25
November: from {onset.strftime('%H:%M:%S')} UTC (05:47 CST) every network-analytics pod that
takes partition 7 of telemetry.samples dies and the three pods
crash-loop ({n_crash} crashes until 13:28): partition 7's sites get no burst
detection or DMA balance at all, the other partitions only between
rebalances, and the consumer lag grows. A release had gone
out at 11:14; a rollback at 12:21 did not help. A 16-inch main breaks in
Northgate at 12:19 and is found by customers' calls and Ignition's own
level alarm instead. A fix is deployed at 13:27; the backlog drains by
13:31.
""",
            logs=logs, line_formats={"network-analytics.log": r"<Date> <Time> <Pod> <Level> \[<Logger>\] <Content>"},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"ZeroDivisionError: float division by zero",
                r"in fall_rate_ft_per_h",
            ],
            fix_files=["netanalytics/burst.py"],
            explanation=f"""
The culprit is NA-212 ("burst: rate of fall between consecutive samples,
EWMA-smoothed, instead of the 15-min regression"), committed on Tuesday
24 November at 15:52 UTC and deployed at 17:12 with the tests commit after
it, {hours:.1f} hours before the onset. fall_rate_ft_per_h divides by the
time between two samples of a level; live samples of a point are never
in the same second, but an RTU's logger replay after a comms loss holds
the exception sample and the 5-minute sample separately. Kessler Rd's
cellular link drops at 11:01 during the morning draw-down and its replay
at 11:46 holds two samples of KSR-GST.TANK_LEVEL at 11:20:00: from 11:47
every pod that takes partition 7 dies ("consumer crashed, exiting",
"ZeroDivisionError: float division by zero" in fall_rate_ft_per_h) before
it commits the batch, the partition moves on at each rebalance and all
three pods crash-loop: partition 7, where Northgate's tank is too, is not
processed at all (the others only between rebalances) while a main breaks
in Northgate at 12:19. Hilltop's overnight replay went through because
it held no duplicate. The fix skips samples without a time step in
netanalytics/burst.py (a revert of the culprit touches it too).
Decoys: the 11:14 release 1.10.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (NA-219,
which adds the very "store-and-forward flush from ..." line printed just
before each crash; NA-221, a harmless change to burst.py that puts the
DMA in burst events; the confluent-kafka bump; NA-223, the consumer's
batch size and max.poll.interval.ms), rolled back at 12:21 to revision
41 (1.9.0), which holds the culprit, without effect (the flush lines
vanish, the crashes go on); the docs commit about burst alarms; the
runbook commit that says a crash loop after a release is fixed by a
rollback; NA-208 (historian batches) and NA-204 (night flow window); the
psycopg bump; routine RTU comms losses, a Hilltop false alarm during
hydrant flushing, OAK-2's broken inlet meter, a night-flow leak on RVR-2
and Kafka transport errors.
""",
        )
    finally:
        repo.close()
