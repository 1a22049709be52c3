"""shipments-worker: LOG_LEVEL is set to debug in production to chase a
duplicate-shipment bug; every Kafka message now logs its full payload and the
node's ephemeral storage fills in under an hour, then the kubelet evicts the
pods. zap-style JSON app log, kubelet (klog), node journal (syslog RFC 5424)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, syslog5424
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "shipments-worker"
MODULE = "github.com/parcelhub/shipments-worker"
DEPLOY = utc("2026-11-25 13:12:00")
ONSET = utc("2026-11-25 14:03:20")
NODE = "ip-10-20-7-91"

DEDUPE = """package shipments

// seen remembers message keys for five minutes so a redelivered message does
// not book a second shipment.
type dedupe struct{ keys map[string]int64 }

func (d *dedupe) firstTime(key string, now int64) bool {
\tif at, ok := d.keys[key]; ok && now-at < 300 {
\t\treturn false
\t}
\td.keys[key] = now
\treturn true
}
"""


def zap(t, level, msg, **fields):
    body = {"level": level, "ts": round(t.timestamp(), 3), "caller": fields.pop("caller", "shipments/worker.go:88"), "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def build_repo():
    ida = Person("Ida Berg", "ida.berg@parcelhub.eu", 60)
    omar = Person("Omar Haddad", "omar.haddad@parcelhub.eu", 120)
    lena = Person("Lena Vogel", "lena.vogel@parcelhub.eu", 60)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Books shipments with carriers from order events.")
    files["internal/shipments/dedupe.go"] = DEDUPE
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", env={"LOG_LEVEL": "info", "CARRIER_TIMEOUT": "5s"})
    files["docs/runbook.md"] = runbook(SERVICE, [("DuplicateShipments", "More than one booking per order: check dedupe and redeliveries.")])
    repo.commit(utc("2026-11-20 09:00:00"), ida, "shipments-worker: import", files)
    repo.schedule(chores(random.Random(3401), SERVICE, [ida, omar, lena], utc("2026-11-20 09:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-24 16:10:00"), omar, "dedupe: keep keys for ten minutes, not five", {
        "internal/shipments/dedupe.go": repo.edit("internal/shipments/dedupe.go", "now-at < 300", "now-at < 600").replace("five minutes so", "ten minutes so"),
    })
    culprit = repo.commit(utc("2026-11-25 12:40:00"), lena,
                          "k8s: debug logging for the duplicate-shipment hunt\n\nTurn it back to info once we have a few redeliveries on record.", {
                              "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", 'value: "info"', 'value: "debug"'),
                          })
    repo.commit(utc("2026-11-25 12:52:00"), omar, "shipments: log the message key on a duplicate", {
        "internal/shipments/dedupe.go": repo.edit("internal/shipments/dedupe.go", "\t\treturn false\n", "\t\tlog.Debug(\"duplicate message\", \"key\", key)\n\t\treturn false\n"),
    })
    head = repo.commit(utc("2026-11-25 13:02:00"), ida, "k8s: carrier timeout 8s for the DHL sandbox", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "5s", "8s"),
    })
    repo.commit(utc("2026-11-25 13:40:00"), lena, "docs: how to read a redelivery", {
        "docs/redeliveries.md": "# Redeliveries\n\nKafka redelivers after a rebalance; the dedupe map drops the second booking.\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("shipments-worker.log")
    kubelet = Log("kubelet.log")
    journal = Log("node-journal.log")
    start, end = utc("2026-11-25 11:50:00"), utc("2026-11-25 14:30:00")
    pods = [f"shipments-worker-7d9f{hexid(rng, 5)}-{hexid(rng, 5)}" for _ in range(3)]
    for t in poisson_times(rng, start, end, 10):
        order = f"ord_{hexid(rng, 10)}"
        if t >= DEPLOY:
            app.add(t, zap(t, "debug", "consumed message", caller="shipments/consumer.go:61", topic="orders.paid", partition=rng.randint(0, 11),
                           offset=rng.randint(10**6, 10**7), key=order, payload_bytes=rng.randint(2000, 9000)))
            app.add(t, zap(t, "debug", "carrier request", caller="carriers/http.go:140", carrier=rng.choice(["dhl", "ups", "gls"]), body_bytes=rng.randint(3000, 12000)))
        if t >= ONSET + dt.timedelta(minutes=4) and rng.random() < 0.5:
            app.add(t, zap(t, "error", "write log: no space left on device", caller="logging/file.go:77", path="/var/log/shipments/worker.log"))
            continue
        app.add(t, zap(t, "info", "shipment booked", carrier=rng.choice(["dhl", "ups", "gls"]), order=order, took=f"{ms(rng, 300)}ms"))
    for i in range(3):
        t = DEPLOY + dt.timedelta(seconds=8 + 15 * i)
        app.add(t, zap(t, "info", "starting shipments-worker", caller="cmd/shipments-worker/main.go:31", version=head[:7], log_level="debug"))
    emit(rng, journal, start, end, 0.3, [(1, lambda t: syslog5424(t, 30, NODE, "systemd", "1", "-", "Started logrotate.service - Rotate log files."))])
    fill = ONSET
    for pct in (85, 88, 91, 94, 97):
        journal.add(fill, syslog5424(fill, 28, NODE, "kubelet", "2211", "-", f"eviction manager: ephemeral-storage usage {pct}% above the 85% soft threshold on /var/lib/kubelet"))
        fill += dt.timedelta(minutes=3)
    for i, pod in enumerate(pods):
        t = ONSET + dt.timedelta(minutes=12 + 2 * i)
        kubelet.add(t, klog(t, "W", 2211, "eviction_manager.go:377", f'"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"'))
        kubelet.add(t, klog(t, "I", 2211, "eviction_manager.go:594", f'"Evicting pod" pod="parcel/{pod}" reason="The node was low on resource: ephemeral-storage. Container shipments-worker was using 9421Mi, request is 0."'))
    emit(rng, kubelet, start, end, 0.4, [(1, lambda t: klog(t, "I", 2211, "kubelet_node_status.go:72", '"Node status is up to date" node="' + NODE + '"'))])
    return [app, kubelet, journal]


def build(out_dir):
    rng = random.Random(3400)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-11-25 11:50:00"), utc("2026-11-25 14:30:00")

        def used(t):
            if t < DEPLOY:
                return 0.41
            return min(0.99, 0.41 + (t - DEPLOY).total_seconds() / 3600 * 0.52)

        metrics = {"node_ephemeral_storage_used_ratio.json": query_range([({"node": NODE}, used)], start, end, 30)}
        return write_scenario(
            out_dir, name="log-level-flood", service=SERVICE, onset=ONSET,
            description="""
Log level flooding the disk. LOG_LEVEL goes to debug in production to chase a
duplicate-shipment bug; every message and carrier call now logs at debug. Storage
fills for fifty minutes after the 13:12 rollout; at 14:03 the kubelet reports
ephemeral-storage pressure, then writes fail and pods are evicted.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"ephemeral-storage", r"no space left on device"],
            fix_files=["k8s/deployment.yaml"],
            explanation="""
The culprit sets LOG_LEVEL to debug in k8s/deployment.yaml. Decoys: the dedupe
change being debugged (shares words with the debug lines), a debug log line in
it, the carrier-timeout commit to the same file that the start-up line names,
docs after the deploy. The fix sets LOG_LEVEL back to info.
""",
        )
    finally:
        repo.close()
