"""orders-events: the producer's OrderCreated event renames amount_cents to a
{amount, currency} pair; the schema and the producer change together, CI is
green, but the invoicing consumer still reads amount_cents and every event
fails there. pino JSON producer log, the consumer's Python log with tracebacks,
Kafka consumer-lag exporter (logfmt)."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, pino, python_logging
from skeletons import chores, k8s_deployment, node_service, package_lock, runbook

SERVICE = "orders-events"
DEPLOY = utc("2026-12-04 09:31:00")
ONSET = utc("2026-12-04 09:31:52")
DEPS = {"kafkajs": "^2.2.4", "pino": "^8.19.0", "ajv": "^8.12.0"}

SCHEMA = """{
  "$id": "https://schemas.tradewind.io/order-created.json",
  "type": "object",
  "required": ["order_id", "customer_id", "amount_cents", "created_at"],
  "properties": {
    "order_id": {"type": "string"},
    "customer_id": {"type": "string"},
    "amount_cents": {"type": "integer"},
    "created_at": {"type": "string", "format": "date-time"}
  }
}
"""

PRODUCER = """'use strict';
const { validate } = require('./schema');

function orderCreated(order) {
  const event = {
    order_id: order.id,
    customer_id: order.customerId,
    amount_cents: order.totalCents,
    created_at: order.createdAt.toISOString(),
  };
  validate('order-created', event);
  return { topic: 'orders.created', key: order.id, value: JSON.stringify(event) };
}

module.exports = { orderCreated };
"""


def build_repo():
    noa = Person("Noa Levi", "noa.levi@tradewind.io", 120)
    ben = Person("Ben Carter", "ben.carter@tradewind.io", 0)
    yui = Person("Yui Tanaka", "yui.tanaka@tradewind.io", 540)
    repo = Repo()
    files = node_service(SERVICE, "Publishes order events to Kafka for invoicing, shipping and analytics.", DEPS)
    files["package-lock.json"] = package_lock(SERVICE, DEPS)
    files["schemas/order-created.json"] = SCHEMA
    files["src/events/orderCreated.js"] = PRODUCER
    files["test/orderCreated.test.js"] = "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { orderCreated } = require('../src/events/orderCreated');\n\ntest('amount in cents', () => {\n  const msg = orderCreated({ id: 'o1', customerId: 'c1', totalCents: 1299, createdAt: new Date(0) });\n  assert.strictEqual(JSON.parse(msg.value).amount_cents, 1299);\n});\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 3000, replicas=2, memory="256Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("ConsumerLag", "invoicing lag rising: check the consumer's logs before ours.")])
    repo.commit(utc("2026-11-29 10:00:00"), ben, "orders-events: import", files)
    repo.schedule(chores(random.Random(3301), SERVICE, [noa, ben, yui], utc("2026-11-29 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-12-03 15:00:00"), yui, "events: carry the trace id in a header", {
        "src/events/orderCreated.js": repo.edit("src/events/orderCreated.js", "  return { topic: 'orders.created', key: order.id, value: JSON.stringify(event) };",
                                                "  return { topic: 'orders.created', key: order.id, value: JSON.stringify(event), headers: { traceparent: order.traceparent } };"),
    })
    new_schema = SCHEMA.replace('"amount_cents", ', '"amount", "currency", ').replace('    "amount_cents": {"type": "integer"},\n',
                                                                                    '    "amount": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]{2}$"},\n    "currency": {"type": "string"},\n')
    culprit = repo.commit(utc("2026-12-04 08:47:00"), noa,
                          "order-created: decimal amount with its currency\n\nMulti-currency checkout needs the currency on the event; amounts as decimal strings.", {
                              "schemas/order-created.json": new_schema,
                              "src/events/orderCreated.js": repo.edit("src/events/orderCreated.js", "    amount_cents: order.totalCents,\n",
                                                                      "    amount: (order.totalCents / 100).toFixed(2),\n    currency: order.currency,\n"),
                          })
    repo.commit(utc("2026-12-04 08:55:00"), noa, "tests: order-created carries amount and currency", {
        "test/orderCreated.test.js": repo.edit("test/orderCreated.test.js", "assert.strictEqual(JSON.parse(msg.value).amount_cents, 1299);",
                                               "assert.strictEqual(JSON.parse(msg.value).amount, '12.99');"),
    })
    repo.commit(utc("2026-12-04 09:05:00"), ben, "docs: event catalogue", {
        "docs/events.md": "# Events\n\n| topic | schema | consumers |\n|---|---|---|\n| orders.created | schemas/order-created.json | invoicing, shipping, analytics |\n",
    })
    head = repo.commit(utc("2026-12-04 09:20:00"), yui, "k8s: two more partitions' worth of replicas", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "replicas: 2", "replicas: 3"),
    })
    repo.commit(utc("2026-12-04 09:50:00"), ben, "ci: run the schema tests on every PR", {
        ".github/workflows/ci.yml": repo.files[".github/workflows/ci.yml"] + "      - run: npm run test:schemas\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    producer = Log("orders-events.log")
    consumer = Log("invoicing-consumer.log")
    lag = Log("kafka-lag-exporter.log")
    start, end = utc("2026-12-04 08:10:00"), utc("2026-12-04 10:20:00")
    for t in poisson_times(rng, start, end, 12):
        order = f"o_{hexid(rng, 12)}"
        producer.add(t, pino(t, "info", "published event", topic="orders.created", key=order, partition=rng.randint(0, 5)))
        t2 = t + dt.timedelta(milliseconds=ms(rng, 40))
        if t >= ONSET:
            consumer.add(t2, python_logging(t2, "ERROR", "invoicing.consumer", f"failed to handle orders.created offset {rng.randint(10**6, 10**7)}: KeyError: 'amount_cents'\n"
                                            "Traceback (most recent call last):\n"
                                            '  File "/srv/invoicing/consumer.py", line 48, in handle\n'
                                            "    invoice = build_invoice(event)\n"
                                            '  File "/srv/invoicing/invoices.py", line 19, in build_invoice\n'
                                            '    total = Money(cents=event["amount_cents"])\n'
                                            "KeyError: 'amount_cents'"))
            consumer.add(t2, python_logging(t2, "WARNING", "invoicing.consumer", f"event {order} sent to orders.created.dlq after 3 attempts"))
        else:
            consumer.add(t2, python_logging(t2, "INFO", "invoicing.consumer", f"invoice inv_{hexid(rng, 10)} drafted for order {order}"))
    emit(rng, producer, start, end, 0.5, [(1, lambda t: pino(t, "info", "kafka producer heartbeat", brokers=3, inflight=rng.randint(0, 4)))])
    for i in range(3):
        t = DEPLOY + dt.timedelta(seconds=10 + 12 * i)
        producer.add(t, pino(t, "info", "started orders-events", version=head[:7], port=3000))
    lagging = 0
    t = start
    while t < end:
        if t >= ONSET:
            lagging += rng.randint(0, 3)
        lag.add(t, logfmt(t, "info", "lag", group="invoicing", topic="orders.created", lag=lagging + rng.randint(0, 4)))
        lag.add(t, logfmt(t, "info", "lag", group="shipping", topic="orders.created", lag=rng.randint(0, 4)))
        t += dt.timedelta(seconds=30)
    return [producer, consumer, lag]


def build(out_dir):
    rng = random.Random(3300)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-12-04 08:10:00"), utc("2026-12-04 10:20:00")

        def dlq(t):
            return 0.0 if t < ONSET else 0.2 + 0.01 * (t.minute % 3)

        metrics = {"kafka_dlq_messages_per_second.json": query_range([({"topic": "orders.created.dlq", "group": "invoicing"}, dlq)], start, end, 30)}
        return write_scenario(
            out_dir, name="schema-change-consumer", service=SERVICE, onset=ONSET,
            description="""
Schema change breaks a consumer. OrderCreated drops amount_cents for a decimal
amount and a currency; the producer's schema, code and tests change together and
CI passes. After the 09:31 rollout the invoicing consumer fails on every event
(KeyError: 'amount_cents') and dead-letters it; shipping, which ignores amounts, is fine.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"KeyError"],
            fix_files=["schemas/order-created.json", "src/events/orderCreated.js"],
            explanation="""
The culprit changes schemas/order-created.json and src/events/orderCreated.js.
Decoys: the tests updated to the new field (same words, test-only), an earlier
change to the producer file, docs, the replicas commit the start-up line names,
a CI commit after the onset. The fix restores amount_cents (emitting both fields
until the consumers move).
""",
        )
    finally:
        repo.close()
