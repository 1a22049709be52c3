"""order-outbox: the platform team rolls the shared Kafka cluster with their
Ansible playbook (a broker setting, their repository). The playbook waits only
for each broker's port, not for its replicas to catch up, so broker 3 goes
down while broker 2 is still behind: for seven minutes every partition of
orders.events (replication factor 3) has one in-sync replica, below
min.insync.replicas=2, and every acks=all produce to it fails with NOT_ENOUGH_REPLICAS. The outbox
relay backs up and order events reach fulfilment late; it drains once broker 2
rejoins the ISR. Nothing in this repository caused it, though the same day has
a confluent-kafka upgrade, a commit that logs the Kafka error of each failed
delivery, and a producer batching change rolled out 30 minutes before the
onset. Python logging (with librdkafka lines), Kafka broker server.log (log4j,
with a Java stack trace), Ansible log."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "order-outbox"
MORNING_DEPLOY = utc("2026-12-08 10:05:00")
CONFIG_DEPLOY = utc("2026-12-08 13:31:00")
PLAY_START = utc("2026-12-08 13:49:40")
B1_DOWN = utc("2026-12-08 13:50:12")
B2_DOWN = utc("2026-12-08 13:55:48")
B3_DOWN = utc("2026-12-08 14:01:06")
ONSET = utc("2026-12-08 14:01:09")
B2_CAUGHT_UP = utc("2026-12-08 14:08:37")
B3_CAUGHT_UP = utc("2026-12-08 14:09:52")
START, END = utc("2026-12-08 12:40:00"), utc("2026-12-08 14:40:00")
BROKERS = {1: "b-1.events.kafka.internal", 2: "b-2.events.kafka.internal", 3: "b-3.events.kafka.internal"}
# Each broker is down for 38 s; it is out of the ISR from its shutdown until it
# has caught up: a minute for broker 1; brokers 2 and 3 fetch from broker 1
# alone and take minutes.
OUT_OF_ISR = {1: (B1_DOWN, B1_DOWN + dt.timedelta(seconds=55)),
              2: (B2_DOWN, B2_CAUGHT_UP),
              3: (B3_DOWN, B3_CAUGHT_UP)}
PARTITIONS = range(12)


def is_down(b, t):
    start = OUT_OF_ISR[b][0]
    return start <= t < start + dt.timedelta(seconds=38)


def isr(t):
    """orders.events has replication factor 3 on three brokers: the brokers in sync at t."""
    return [b for b in (1, 2, 3) if not OUT_OF_ISR[b][0] <= t < OUT_OF_ISR[b][1]]


def leader(p, t):
    preferred = [(p + i) % 3 + 1 for i in range(3)]
    for b in preferred:
        if b in isr(t):
            return b
    return preferred[0]


RELAY = '''"""Moves committed rows from the outbox table to Kafka, oldest first."""
import logging

from confluent_kafka import Producer

from outbox.settings import settings

log = logging.getLogger("outbox.relay")


def make_producer():
    return Producer({
        "bootstrap.servers": settings.kafka_bootstrap,
        "acks": "all",
        "enable.idempotence": True,
        "linger.ms": settings.linger_ms,
        "batch.size": settings.batch_size,
    })


def on_delivery(err, msg):
    if err is not None:
        log.error("delivery failed topic=%s partition=%s", msg.topic(), msg.partition())
'''

SETTINGS = '''import os
from dataclasses import dataclass


@dataclass
class Settings:
    kafka_bootstrap: str = os.environ.get("KAFKA_BOOTSTRAP", "b-1.events.kafka.internal:9092")
    topic: str = "orders.events"
    batch_rows: int = 500
    linger_ms: int = 5
    batch_size: int = 16384


settings = Settings()
'''


def build_repo():
    nora = Person("Nora Kowalski", "nora.kowalski@shopline.eu", 60)
    felix = Person("Felix Braun", "felix.braun@shopline.eu", 60)
    chidi = Person("Chidi Eze", "chidi.eze@shopline.eu", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "outbox", "Relays order events from the orders database's outbox table to Kafka.")
    files["outbox/relay.py"] = RELAY
    files["outbox/settings.py"] = SETTINGS
    files["pyproject.toml"] = files["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "confluent-kafka==2.3.0", "psycopg[binary]==3.1.18"]')
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=2, memory="256Mi", cpu="200m",
                                                  env={"KAFKA_BOOTSTRAP": "b-1.events.kafka.internal:9092,b-2.events.kafka.internal:9092"})
    files["docs/runbook.md"] = runbook(SERVICE, [("OutboxBacklog", "Oldest unrelayed row older than 60 s: check the relay's delivery errors and the Kafka cluster's health.")])
    repo.commit(utc("2026-12-02 09:15:00"), felix, "order-outbox: import", files)
    repo.schedule(chores(random.Random(5501), SERVICE, [nora, felix, chidi], utc("2026-12-02 09:15:00"), ONSET, 5))
    repo.commit(utc("2026-12-08 06:20:00"), bot, "chore(deps): update dependency confluent-kafka to v2.4.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"confluent-kafka==2.3.0"', '"confluent-kafka==2.4.0"'),
    })
    morning = repo.commit(utc("2026-12-08 09:12:00"), nora, "relay: log the Kafka error code of each failed delivery", {
        "outbox/relay.py": repo.edit("outbox/relay.py", '        log.error("delivery failed topic=%s partition=%s", msg.topic(), msg.partition())\n',
                                     '        log.error("delivery failed topic=%s partition=%s outbox_id=%s: %s", msg.topic(), msg.partition(), msg.key().decode(), err)\n'),
    })
    repo.commit(utc("2026-12-08 11:40:00"), chidi, "tests: relay keeps outbox order per aggregate", {
        "tests/test_relay_order.py": "from outbox.relay import order_key\n\n\ndef test_same_order_same_key():\n    assert order_key({'order_id': 7}) == order_key({'order_id': 7})\n",
    })
    config = repo.commit(utc("2026-12-08 13:08:00"), felix, "producer: linger 20 ms and 64 KiB batches, fewer produce requests at peak", {
        "outbox/settings.py": repo.edit("outbox/settings.py", "    linger_ms: int = 5\n    batch_size: int = 16384\n", "    linger_ms: int = 20\n    batch_size: int = 65536\n"),
    })
    repo.commit(utc("2026-12-08 14:25:00"), nora, "docs: what the outbox guarantees", {
        "docs/outbox.md": "# Outbox\n\nAt-least-once, in commit order per order id. Consumers dedupe on event_id.\n",
    })
    return repo, morning, config


def build_logs(rng, morning, config):
    app = Log("order-outbox.log")
    broker = {1: Log("kafka-b-1-server.log"), 2: Log("kafka-b-2-server.log"), 3: Log("kafka-b-3-server.log")}
    ansible = Log("ansible-kafka-rolling.log")

    def k4j(t, level, msg, logger):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        return f"[{stamp}] {level} {msg} ({logger})"

    for when, version in [(MORNING_DEPLOY, morning[:7]), (CONFIG_DEPLOY, config[:7])]:
        for i in range(2):
            t = when + dt.timedelta(seconds=30 * i)
            app.add(t, python_logging(t, "INFO", "outbox.main", f"starting order-outbox version={version}"))
            app.add(t, python_logging(t, "INFO", "outbox.relay", "producer ready acks=all idempotence=true"))
    backlog = 0
    failing_since = None
    t = START
    while t < END:
        produced = rng.randint(40, 90)
        if len(isr(t)) < 2:
            failing_since = failing_since or t
            backlog += produced
            for _ in range(3):
                p = rng.choice(PARTITIONS)
                at = t + dt.timedelta(milliseconds=rng.randint(0, 9000))
                app.add(at, python_logging(at, "ERROR", "outbox.relay",
                        f"delivery failed topic=orders.events partition={p} outbox_id={rng.randint(88000000, 88999999)}: "
                        'KafkaError{code=NOT_ENOUGH_REPLICAS,val=19,str="Broker: Not enough in-sync replicas"}'))
        elif backlog:
            backlog = max(0, backlog - rng.randint(250, 400))
            if backlog == 0:
                t_log = t + dt.timedelta(milliseconds=rng.randint(2, 900))
                app.add(t_log, python_logging(t_log, "INFO", "outbox.relay", "outbox backlog drained"))
        if int(t.timestamp()) % 60 == 0:
            oldest = 0 if backlog == 0 else int((t - failing_since).total_seconds())
            relayed = 0 if len(isr(t)) < 2 else produced * 6
            t_log = t + dt.timedelta(milliseconds=rng.randint(2, 60))
            app.add(t_log, python_logging(t_log, "WARNING" if oldest > 60 else "INFO", "outbox.relay", f"relayed {relayed} rows in the last minute, backlog={backlog} oldest_age={oldest}s"))
        if backlog == 0:
            failing_since = None
        t += dt.timedelta(seconds=10)
    for b in (1, 2, 3):
        when, back_in_sync = OUT_OF_ISR[b]
        host = BROKERS[b]
        t = when - dt.timedelta(seconds=2)
        app.add(t, python_logging(t, "WARNING", "outbox.kafka", f"FAIL [thrd:{host}:9092/{b}]: {host}:9092/{b}: Disconnected (after {rng.randint(3000000, 9000000)}ms in state UP)"))
        for p in PARTITIONS:
            if leader(p, t) == b:
                at = t + dt.timedelta(milliseconds=300 + p)
                app.add(at, python_logging(at, "WARNING", "outbox.kafka",
                        f"PARTCNT [thrd:main]: Topic orders.events partition [{p}]: NOT_LEADER_OR_FOLLOWER, refreshing metadata"))
        log = broker[b]
        log.add(t, k4j(t, "INFO", f"[KafkaServer id={b}] shutting down", "kafka.server.KafkaServer"))
        log.add(t + dt.timedelta(seconds=1), k4j(t + dt.timedelta(seconds=1), "INFO", f"[KafkaServer id={b}] Controlled shutdown request returned successfully after {rng.randint(300, 900)}ms", "kafka.server.KafkaServer"))
        up = when + dt.timedelta(seconds=38)
        log.add(up, k4j(up, "INFO", f"[KafkaServer id={b}] started", "kafka.server.KafkaServer"))
        if b in (2, 3):
            at = up + dt.timedelta(seconds=20, milliseconds=rng.randint(0, 999))
            while at < back_in_sync:
                log.add(at, k4j(at, "INFO", f"[ReplicaFetcher replicaId=2, leaderId=1, fetcherId={rng.randint(0, 3)}] Fetched {rng.randint(40, 90)} MB, {rng.randint(20, 60)} partitions behind high watermark", "kafka.server.ReplicaFetcherThread"))
                at += dt.timedelta(seconds=rng.randint(40, 80))
        for p in PARTITIONS:
            before = isr(when - dt.timedelta(seconds=1))
            after = isr(when + dt.timedelta(seconds=12))
            lead = leader(p, when + dt.timedelta(seconds=12))
            if b in before and lead != b:
                at = when + dt.timedelta(seconds=rng.randint(10, 14), milliseconds=rng.randint(0, 999))
                old = ",".join(str(x) for x in before)
                new = ",".join(str(x) for x in after)
                broker[lead].add(at, k4j(at, "INFO", f"[Partition orders.events-{p} broker={lead}] Shrinking ISR from {old} to {new}. Leader: (highWatermark: {rng.randint(40000000, 49999999)}, endOffset: {rng.randint(40000000, 49999999)}). Out of sync replicas: (brokerId: {b}, endOffset: {rng.randint(40000000, 49999999)}, lastCaughtUpTimeMs: {int(when.timestamp() * 1000)}).", "kafka.cluster.Partition"))
            at = back_in_sync + dt.timedelta(seconds=rng.randint(0, 4), milliseconds=rng.randint(0, 999))
            lead = leader(p, at)
            if lead != b:
                joined = ",".join(str(x) for x in isr(at + dt.timedelta(seconds=5)))
                broker[lead].add(at, k4j(at, "INFO", f"[Partition orders.events-{p} broker={lead}] ISR updated to {joined} and version updated to {rng.randint(40, 90)}", "kafka.cluster.Partition"))
    # While the ISR is one broker, the leaders refuse acks=all appends.
    t = ONSET
    while len(isr(t)) < 2:
        for p in PARTITIONS:
            if rng.random() < 0.15:
                at = t + dt.timedelta(milliseconds=rng.randint(0, 9000))
                lead = leader(p, t)
                broker[lead].add(at, k4j(at, "ERROR", f"[ReplicaManager broker={lead}] Error processing append operation on partition orders.events-{p}", "kafka.server.ReplicaManager")
                                 + f"\norg.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set({lead}) is insufficient to satisfy the min.isr requirement of 2 for partition orders.events-{p}")
        t += dt.timedelta(seconds=10)
    for b in (1, 2, 3):
        emit(rng, broker[b], START, END, 1.5, [
            (3, lambda t, b=b: k4j(t, "INFO", f"[GroupCoordinator {b}]: Stabilized group fulfilment-consumer generation {rng.randint(300, 400)} (__consumer_offsets-{rng.randint(0, 49)}) with {rng.randint(3, 6)} members", "kafka.coordinator.group.GroupCoordinator")),
            (2, lambda t, b=b: k4j(t, "INFO", f"[LocalLog partition=orders.events-{rng.randint(0, 11)}, dir=/var/lib/kafka/data] Rolled new log segment at offset {rng.randint(40000000, 49999999)} in {rng.randint(1, 9)} ms.", "kafka.log.LocalLog")),
            (1, lambda t, b=b: k4j(t, "INFO", f"[ProducerStateManager partition=orders.events-{rng.randint(0, 11)}] Wrote producer snapshot at offset {rng.randint(40000000, 49999999)} with 0 producer ids in {rng.randint(1, 9)} ms.", "kafka.log.ProducerStateManager")),
        ])

    def ans(t, msg):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        return f"{stamp} p=48213 u=platform-ci n=ansible | {msg}"

    ansible.add(PLAY_START, ans(PLAY_START, "PLAY [kafka brokers: apply num.replica.fetchers=4, rolling] ********************"))
    for b in (1, 2, 3):
        when = OUT_OF_ISR[b][0]
        host = BROKERS[b]
        steps = [(-20, "TASK [kafka : render server.properties] ******"), (-19, f"changed: [{host}]"),
                 (-3, "TASK [kafka : restart kafka] ******"), (1, f"changed: [{host}]"),
                 (2, "TASK [kafka : wait for port 9092] ******"), (40, f"ok: [{host}]")]
        for offset, msg in steps:
            at = when + dt.timedelta(seconds=offset)
            ansible.add(at, ans(at, msg))
        if b < 3:
            at = when + dt.timedelta(seconds=41)
            ansible.add(at, ans(at, "TASK [kafka : pause between brokers] ******"))
            ansible.add(at + dt.timedelta(seconds=1), ans(at + dt.timedelta(seconds=1), "Pausing for 240 seconds"))
    end = B3_DOWN + dt.timedelta(seconds=42)
    ansible.add(end, ans(end, "PLAY RECAP *********************************************************************"))
    for host in BROKERS.values():
        ansible.add(end, ans(end, f"{host} : ok=6    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0"))
    return [app, broker[1], broker[2], broker[3], ansible]


def build(out_dir):
    rng = random.Random(5500)
    repo, morning, config = build_repo()
    try:
        def urp(b):
            def fn(t):
                if b not in isr(t) or len(isr(t)) == 3:
                    return 0
                return sum(1 for p in PARTITIONS if leader(p, t) == b)
            return fn

        metrics = {
            "kafka_server_replicamanager_underreplicatedpartitions.json": query_range([({"broker": str(b), "cluster": "events"}, urp(b)) for b in (1, 2, 3)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="kafka-rolling-restart-none", service=SERVICE, onset=ONSET,
            description="""
Kafka rolling restart by the platform team. From 14:01 the outbox relay's
deliveries to orders.events fail with NOT_ENOUGH_REPLICAS,
the backlog grows and order events reach fulfilment minutes late; it drains
after 14:08. The platform team's playbook restarted the three brokers with a
four-minute pause, waiting only for each broker's port: broker 2 had not caught
up when broker 3 went down. Nothing in order-outbox changed at that time; its
last rollout (a producer batching change) was at 13:31.
""",
            logs=build_logs(rng, morning, config), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"is insufficient to satisfy the min\.isr requirement", r"Shrinking ISR from", r"TASK \[kafka : restart kafka\]"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the produce errors follow the brokers'
ISR, which shrank to one replica because the platform playbook restarted
broker 3 before broker 2 had rejoined. The fix belongs to the platform team's
playbook (wait for under-replicated partitions to reach zero). Decoys: the
confluent-kafka 2.4.0 bump the same morning, the commit that logs each failed
delivery's Kafka error (rolled out at 10:05), the linger/batch change rolled
out 30 minutes before the onset, a tests commit, docs after the onset.
""",
        )
    finally:
        repo.close()
