"""orders-worker: the pods are switched to NodeLocal DNSCache (dnsPolicy None,
nameserver 169.254.20.10), but the cache's DaemonSet does not run on the
workers node pool; every lookup times out after the deploy. klog app log,
CoreDNS query log, PgBouncer."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import cri, klog
from skeletons import chores, ci_bump, go_service, k8s_deployment, runbook

SERVICE = "orders-worker"
MODULE = "github.com/parcelhub/orders-worker"
PREV_DEPLOY = utc("2026-11-19 11:31:10")
DEPLOY = utc("2026-11-19 13:52:04")
ONSET = utc("2026-11-19 13:52:31")

CONFIG = """kafka:
  brokers: [kafka-0.kafka-headless.kafka.svc.cluster.local:9092, kafka-1.kafka-headless.kafka.svc.cluster.local:9092]
  topic: orders.created
  group: orders-worker
  fetch_max_wait: 500ms
database:
  host: orders-db.orders.svc.cluster.local
  port: 6432
  name: orders
carrier_api: https://api.carrierhub.example/v4
"""


def build_repo():
    nina = Person("Nina Petrova", "nina.petrova@parcelhub.eu", 120)
    joe = Person("Joe Adebayo", "joe.adebayo@parcelhub.eu", 0)
    felix = Person("Felix Wagner", "felix.wagner@parcelhub.eu", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Consumes orders.created, books carriers and writes shipments.")
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="256Mi", cpu="250m",
                                                  extra_spec="      nodeSelector:\n        pool: workers\n")
    files["docs/runbook.md"] = runbook(SERVICE, [("OrdersConsumerLag", "lag above 10k: check the carrier API and orders-db.")])
    repo.commit(utc("2026-11-16 10:00:00"), joe, "orders-worker: first import", files)
    repo.schedule(chores(random.Random(2006), SERVICE, [nina, joe, felix], utc("2026-11-16 10:00:00"), ONSET, 3))
    repo.commit(utc("2026-11-17 13:31:00"), bot, "Bump actions/checkout from 3 to 4", {".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"])})
    repo.commit(utc("2026-11-18 10:10:00"), felix, "carrier: retry 429 with the Retry-After header", {
        "internal/carrier/client.go": "package carrier\n\nimport (\n\t\"net/http\"\n\t\"strconv\"\n\t\"time\"\n)\n\nfunc retryAfter(resp *http.Response) time.Duration {\n\tif s, err := strconv.Atoi(resp.Header.Get(\"Retry-After\")); err == nil {\n\t\treturn time.Duration(s) * time.Second\n\t}\n\treturn time.Second\n}\n",
    })
    repo.commit(utc("2026-11-18 16:40:00"), joe, "tests: carrier retry-after parsing", {
        "internal/carrier/client_test.go": "package carrier\n\nimport (\n\t\"net/http\"\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestRetryAfter(t *testing.T) {\n\tr := &http.Response{Header: http.Header{\"Retry-After\": {\"3\"}}}\n\tif retryAfter(r) != 3*time.Second {\n\t\tt.Fatal(\"want 3s\")\n\t}\n}\n",
    })
    prev = repo.commit(utc("2026-11-19 11:05:00"), nina, "k8s: memory request 320Mi (p95 working set is 280Mi)", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "memory: 256Mi", "memory: 320Mi", 2),
    })
    repo.commit(utc("2026-11-19 12:15:00"), joe, "docs: how shipments are booked", {
        "docs/booking.md": "# Booking\n\nFor every order the worker asks the carrier API for a label, then writes\nthe shipment row in one transaction with the outbox event.\n",
    })
    culprit = repo.commit(utc("2026-11-19 13:20:00"), nina,
                          "k8s: resolve through NodeLocal DNSCache\n\nCoreDNS p99 is 40ms at peak; the node-local cache answers in <1ms.", {
                              "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "      containers:",
                                                               "      dnsPolicy: None\n      dnsConfig:\n        nameservers:\n          - 169.254.20.10\n        searches:\n          - orders.svc.cluster.local\n          - svc.cluster.local\n          - cluster.local\n        options:\n          - name: ndots\n            value: \"2\"\n      containers:"),
                          })
    repo.commit(utc("2026-11-19 13:33:00"), felix, "config: fetch_max_wait 250ms to cut end-to-end latency", {
        "config/production.yaml": repo.edit("config/production.yaml", "fetch_max_wait: 500ms", "fetch_max_wait: 250ms"),
    })
    head = repo.commit(utc("2026-11-19 13:40:00"), joe, "metrics: histogram of batch sizes", {
        "internal/metrics/metrics.go": "package metrics\n\nimport \"github.com/prometheus/client_golang/prometheus\"\n\nvar BatchSize = prometheus.NewHistogram(prometheus.HistogramOpts{\n\tName:    \"orders_worker_batch_size\",\n\tBuckets: prometheus.LinearBuckets(10, 10, 10),\n})\n",
    })
    return repo, culprit, prev, head


def build_logs(rng, prev, head):
    app = Log("orders-worker.log")
    coredns = Log("coredns.log")
    pgb = Log("pgbouncer.log")
    start, end = utc("2026-11-19 11:15:00"), utc("2026-11-19 14:35:00")
    pod_ips = {True: [f"10.42.5.{rng.randint(10, 250)}" for _ in range(4)], False: [f"10.42.6.{rng.randint(10, 250)}" for _ in range(4)]}
    other_ips = [f"10.42.{rng.randint(1, 4)}.{rng.randint(10, 250)}" for _ in range(8)]

    def worker_ip(t):
        return rng.choice(pod_ips[t < DEPLOY])

    def query(t, client, name, rtype="A"):
        rcode = "NOERROR"
        return cri(t, f'[INFO] {client}:{rng.randint(30000, 60000)} - {rng.randint(1, 65535)} "{rtype} IN {name}. udp {rng.randint(40, 90)} false 512" '
                f"{rcode} qr,aa,rd {rng.randint(90, 200)} {rng.uniform(0.00005, 0.0009):.6f}s")

    for t in poisson_times(rng, start, end, 6):
        order = f"ord_{hexid(rng, 12)}"
        src = worker_ip(t)
        if t >= ONSET:
            port = rng.randint(30000, 60000)
            if rng.random() < 0.8:
                app.add(t, klog(t, "E", 1, "consumer.go:91", f"processing order {order}: dial tcp: lookup orders-db.orders.svc.cluster.local on 169.254.20.10:53: read udp {src}:{port}->169.254.20.10:53: i/o timeout"))
            else:
                app.add(t, klog(t, "E", 1, "carrier.go:57", f"booking {order}: Post \"https://api.carrierhub.example/v4/labels\": dial tcp: lookup api.carrierhub.example on 169.254.20.10:53: read udp {src}:{port}->169.254.20.10:53: i/o timeout"))
            continue
        carrier = rng.choice(["dhl", "ups", "dpd", "gls"])
        app.add(t, klog(t, "I", 1, "consumer.go:74", f"booked {carrier} label for {order} in {ms(rng, 240)}ms"))
        app.add(t, klog(t, "I", 1, "store.go:112", f"shipment shp_{hexid(rng, 12)} written for {order}"))
        if rng.random() < 0.05:
            app.add(t, klog(t, "W", 1, "carrier.go:64", f"carrier {carrier} answered 429, retrying in {rng.randint(1, 3)}s"))
        if rng.random() < 0.3:
            coredns.add(t, query(t, src, "orders-db.orders.svc.cluster.local"))
            coredns.add(t, query(t, src, "api.carrierhub.example"))
            pgb.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]} UTC [1] LOG C-0x{hexid(rng, 12)}: orders/orders_app@{src}:{rng.randint(30000, 60000)} login attempt: db=orders user=orders_app tls=no")
    for t in poisson_times(rng, ONSET, end, 2):
        app.add(t, klog(t, "E", 1, "kafka.go:140", "kafka: client has run out of available brokers to talk to: dial tcp: lookup kafka-1.kafka-headless.kafka.svc.cluster.local on 169.254.20.10:53: read udp "
                        f"{worker_ip(t)}:{rng.randint(30000, 60000)}->169.254.20.10:53: i/o timeout"))
    emit(rng, app, start, end, 0.5, [
        (3, lambda t: klog(t, "I", 1, "kafka.go:88", f"committed offsets for partitions [{rng.randint(0, 5)} {rng.randint(6, 11)}]")),
        (1, lambda t: klog(t, "I", 1, "pool.go:40", f"db pool: {rng.randint(2, 10)} open, {rng.randint(0, 4)} in use")),
        (1, lambda t: klog(t, "I", 1, "outbox.go:66", f"outbox relay published {rng.randint(1, 40)} shipment events")),
        (1, lambda t: klog(t, "W", 1, "address.go:31", f"address for ord_{hexid(rng, 12)} has no postcode, using carrier lookup")),
        (1, lambda t: klog(t, "I", 1, "labels.go:118", f"label cache: {rng.randint(100, 900)} entries, {rng.randint(80, 99)}% hit rate")),
    ])
    for deploy, sha in ((PREV_DEPLOY, prev), (DEPLOY, head)):
        for i in range(4):
            t = deploy + dt.timedelta(seconds=6 * i)
            app.add(t, klog(t, "I", 1, "main.go:38", f"Starting orders-worker version {sha[:7]}"))
            app.add(t, klog(t, "I", 1, "kafka.go:52", "joined consumer group orders-worker"))
    emit(rng, coredns, start, end, 6, [
        (4, lambda t: query(t, rng.choice(other_ips), rng.choice(["checkout-api.shopfront.svc.cluster.local", "redis-master.cache.svc.cluster.local", "kafka-0.kafka-headless.kafka.svc.cluster.local", "sts.eu-west-1.amazonaws.com"]))),
        (1, lambda t: query(t, rng.choice(other_ips), rng.choice(["checkout-api.shopfront.svc.cluster.local", "pricing.shopfront.svc.cluster.local"]), "AAAA")),
    ])
    emit(rng, coredns, start, end, 0.05, [(1, lambda t: cri(t, "[INFO] plugin/reload: Running configuration SHA512 = " + hexid(rng, 64)))])
    emit(rng, pgb, start, end, 0.4, [
        (2, lambda t: f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]} UTC [1] LOG stats: {rng.randint(20, 60)} xacts/s, {rng.randint(40, 120)} queries/s, in {rng.randint(9000, 30000)} B/s, out {rng.randint(20000, 90000)} B/s, xact {rng.randint(500, 3000)} us, query {rng.randint(300, 1500)} us, wait {rng.randint(0, 40)} us"),
        (1, lambda t: f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]} UTC [1] LOG C-0x{hexid(rng, 12)}: orders/reporting@{rng.choice(other_ips)}:{rng.randint(30000, 60000)} closing because: client close request (age={rng.randint(1, 900)}s)"),
    ])
    return [app, coredns, pgb]


def build(out_dir):
    rng = random.Random(1119)
    repo, culprit, prev, head = build_repo()
    try:
        start, end = utc("2026-11-19 11:15:00"), utc("2026-11-19 14:35:00")

        def lag(t):
            return 40 + (t.minute * 13) % 60 if t < ONSET else 60 + 6 * 60 * (t - ONSET).total_seconds() / 60

        def processed(t):
            return 0.1 + 0.005 * (t.minute % 4) if t < ONSET else 0.0

        metrics = {
            "kafka_consumergroup_lag.json": query_range([({"consumergroup": "orders-worker", "topic": "orders.created"}, lag)], start, end, 60),
            "orders_processed_per_second.json": query_range([({"service": SERVICE}, processed)], start, end, 60),
        }
        return write_scenario(
            out_dir, name="dns-failure", service=SERVICE, onset=ONSET,
            description="""
DNS failure. orders-worker's pods are switched to NodeLocal DNSCache
(dnsPolicy None, nameserver 169.254.20.10), but the node-local-dns DaemonSet only
runs on the general pool and orders-worker runs on the workers pool. After the
13:52 deploy every lookup (orders-db, Kafka, the carrier API) times out; orders stop
and consumer lag climbs. CoreDNS stops seeing orders-worker's queries.
""",
            logs=build_logs(rng, prev, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"lookup .*i/o timeout"],
            fix_files=["k8s/deployment.yaml"],
            explanation="""
The culprit sets dnsPolicy None and the 169.254.20.10 nameserver in
k8s/deployment.yaml. Decoys: a same-file memory change deployed earlier the same
day, a Kafka config change and a metrics commit shipped in the same deploy (the
deploy names the metrics commit), retry-after code, tests, docs, CI. The fix
removes the dnsConfig (or schedules node-local-dns on the pool) in the deployment.
""",
        )
    finally:
        repo.close()
