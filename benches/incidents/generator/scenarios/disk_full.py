"""search-indexer: a refactor of the segment merger only removes its scratch
directory when a merge fails, so every successful merge leaves its scratch
copy behind; overnight the node's ephemeral storage fills, writes fail with
ENOSPC and the kubelet evicts the pod. Python logging with tracebacks, search-api
logfmt, node journal forwarded as RFC 5424 syslog."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, logfmt, python_logging, syslog5424
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "search-indexer"
DEPLOY = utc("2026-11-13 22:31:05")
ONSET = utc("2026-11-14 03:46:12")
EVICT = utc("2026-11-14 03:58:40")
DISK = 100e9

MERGE = '''"""Tiered merging of index segments, done in a scratch dir then swapped in."""
import logging
import os
import shutil
import tempfile

from indexer import segments

log = logging.getLogger("indexer.merge")
SCRATCH_ROOT = os.environ.get("SCRATCH_DIR", "/scratch")


def merge(group, index_dir):
    scratch = tempfile.mkdtemp(prefix="merge-", dir=SCRATCH_ROOT)
    try:
        merged = segments.merge_into(group, scratch)
        segments.install(merged, index_dir)
        log.info("merged %d segments into %s (%d MiB)", len(group), merged.name, merged.size >> 20)
        return merged
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
'''

CULPRIT_MERGE = MERGE.replace(
    '''    try:
        merged = segments.merge_into(group, scratch)
        segments.install(merged, index_dir)
        log.info("merged %d segments into %s (%d MiB)", len(group), merged.name, merged.size >> 20)
        return merged
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
''',
    '''    try:
        merged = segments.merge_into(group, scratch)
    except Exception:
        _discard(scratch)
        raise
    segments.install(merged, index_dir)
    log.info("merged %d segments into %s (%d MiB)", len(group), merged.name, merged.size >> 20)
    return merged


def _discard(scratch):
    """One place that removes scratch space (install() hard-links what it keeps)."""
    log.debug("removing scratch %s", scratch)
    shutil.rmtree(scratch, ignore_errors=True)
''')


def build_repo():
    yuki = Person("Yuki Sato", "yuki.sato@marketly.com", 540)
    ben = Person("Ben Carter", "ben.carter@marketly.com", 0)
    anika = Person("Anika Rao", "anika.rao@marketly.com", 330)
    repo = Repo()
    files = python_service(SERVICE, "indexer", "Consumes catalog changes from Kafka and maintains the product search index.")
    files["indexer/merge.py"] = MERGE
    files["indexer/segments.py"] = '"""Segment files on disk."""\nimport os\n\n\ndef merge_into(group, directory):\n    raise NotImplementedError("see the C extension in indexer/_segments")\n\n\ndef install(segment, index_dir):\n    os.link(segment.path, os.path.join(index_dir, segment.name))\n'
    files["config/indexer.yaml"] = "kafka:\n  topic: catalog.changes\n  group: search-indexer\nbatch_size: 500\nmerge:\n  max_segments: 10\n  tier_factor: 10\n"
    files["config/synonyms.txt"] = "tv, television\nlaptop, notebook\n"
    files["k8s/statefulset.yaml"] = k8s_deployment(SERVICE, 8000, replicas=1, memory="4Gi", cpu="2").replace("kind: Deployment", "kind: StatefulSet").replace(
        "      containers:", "      volumes:\n        - name: scratch\n          emptyDir: {}\n      containers:")
    files["docs/runbook.md"] = runbook(SERVICE, [("IndexFreshness", "search-api reports the index generation older than 15 minutes: check the indexer's consumer lag.")])
    repo.commit(utc("2026-11-10 09:40:00"), ben, "search-indexer: import from the search monorepo", files)
    repo.schedule(chores(random.Random(2005), SERVICE, [yuki, ben, anika], utc("2026-11-10 09:40:00"), ONSET, 5))
    repo.commit(utc("2026-11-12 11:05:00"), anika, "synonyms: phone/mobile, sofa/couch", {
        "config/synonyms.txt": repo.files["config/synonyms.txt"] + "phone, mobile\nsofa, couch\n",
    })
    repo.commit(utc("2026-11-13 10:02:00"), yuki, "tests: merge policy edge cases (empty tiers, one huge segment)", {
        "tests/test_merge_policy.py": "from indexer.policy import pick\n\n\ndef test_empty():\n    assert pick([]) == []\n\n\ndef test_one_huge_segment_is_left_alone():\n    assert pick([10_000]) == []\n",
    })
    repo.commit(utc("2026-11-13 15:30:00"), ben, "docs: full reindex procedure", {
        "docs/reindex.md": "# Full reindex\n\n1. Scale search-indexer to 0.\n2. Delete the PVC's `index/` directory.\n3. Reset the consumer group to the earliest offset and scale back to 1.\n",
    })
    culprit = repo.commit(utc("2026-11-13 22:10:00"), ben, "merge: remove scratch space in one place", {"indexer/merge.py": CULPRIT_MERGE})
    head = repo.commit(utc("2026-11-13 22:24:00"), yuki, "Bump kafka-python to 2.0.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "kafka-python==2.0.3"]'),
    })
    repo.commit(utc("2026-11-14 02:50:00"), anika, "config: batch size 1000 (consumer lag during the evening peak)", {
        "config/indexer.yaml": repo.edit("config/indexer.yaml", "batch_size: 500", "batch_size: 1000"),
    })
    return repo, culprit, head


def avail(t):
    wobble = ((int(t.timestamp()) // 60) % 5) * 0.15e9
    if t < DEPLOY:
        return 0.71 * DISK + wobble
    if t < ONSET:
        frac = (t - DEPLOY).total_seconds() / (ONSET - DEPLOY).total_seconds()
        return max(0.0, 0.71 * DISK * (1 - frac) + wobble * (1 - frac))
    if t < EVICT + dt.timedelta(seconds=30):
        return 0.0
    return 0.71 * DISK + wobble


def build_logs(rng, head):
    app = Log("search-indexer.log")
    api = Log("search-api.log")
    node = Log("node-journal.log")
    start, end = utc("2026-11-13 21:40:00"), utc("2026-11-14 04:30:00")
    host = "ip-10-1-7-23"

    def tick(t):
        if ONSET <= t < EVICT:
            scratch = f"/scratch/merge-{hexid(rng, 8)}"
            return (python_logging(t, "ERROR", "indexer.merge", f"merge of {rng.randint(4, 10)} segments failed, will retry")
                    + "\nTraceback (most recent call last):\n"
                    + '  File "/app/indexer/merge.py", line 17, in merge\n    merged = segments.merge_into(group, scratch)\n'
                    + '  File "/app/indexer/segments.py", line 41, in merge_into\n    out.write(block)\n'
                    + f"OSError: [Errno 28] No space left on device: '{scratch}/_{hexid(rng, 3)}.seg'")
        seg = f"_{rng.randint(100, 9999):x}"
        return python_logging(t, "INFO", "indexer.merge", f"merged {rng.randint(4, 10)} segments into {seg} ({rng.randint(200, 2600)} MiB)")

    emit(rng, app, start, end, 0.9, [(1, tick)])
    for t in poisson_times(rng, start, end, 3.5):
        if EVICT <= t < EVICT + dt.timedelta(seconds=70):
            continue
        if ONSET <= t < EVICT and rng.random() < 0.8:
            app.add(t, python_logging(t, "ERROR", "indexer.consumer", f"batch at offset {rng.randint(88_000_000, 89_000_000)} not committed: [Errno 28] No space left on device"))
            continue
        app.add(t, python_logging(t, "INFO", "indexer.consumer", f"indexed batch of {rng.randint(300, 500)} docs from catalog.changes partition {rng.randint(0, 11)} in {ms(rng, 800)}ms"))
    emit(rng, app, start, end, 0.4, [
        (3, lambda t: python_logging(t, "INFO", "indexer.consumer", f"consumer lag {rng.randint(0, 2400)} messages")),
        (1, lambda t: python_logging(t, "WARNING", "indexer.docs", f"product sku-{rng.randint(100000, 999999)} has no category, indexing under 'uncategorised'")),
        (1, lambda t: python_logging(t, "INFO", "indexer.snapshot", f"published generation {rng.randint(40000, 49999)} to search-api")),
    ])
    for t in (DEPLOY, EVICT + dt.timedelta(seconds=48)):
        app.add(t, python_logging(t, "INFO", "indexer.main", f"starting search-indexer version={head[:7]} scratch=/scratch index=/data/index"))
        app.add(t, python_logging(t, "INFO", "kafka.consumer.group", "Successfully joined group search-indexer with generation 412"))

    for t in poisson_times(rng, start, end, 4):
        took = ms(rng, 18)
        stale = ONSET <= t < EVICT + dt.timedelta(minutes=3)
        api.add(t, logfmt(t, "info", "search", q_len=rng.randint(3, 30), hits=rng.randint(0, 900), took_ms=took,
                          generation=rng.randint(40000, 49999)))
        if stale and rng.random() < 0.2:
            age = int((t - ONSET).total_seconds() // 60) + 1
            api.add(t, logfmt(t, "warn", "index generation is stale", age_minutes=age, threshold_minutes=15))
    emit(rng, api, start, end, 0.3, [
        (2, lambda t: logfmt(t, "info", "reloaded index generation", generation=rng.randint(40000, 49999), segments=rng.randint(12, 40))),
        (1, lambda t: logfmt(t, "warn", "slow query", took_ms=ms(rng, 700), q_len=rng.randint(20, 80))),
    ])

    def journal(t, app_name, procid, msg, pri=30):
        return syslog5424(t, pri, host, app_name, procid, "-", msg)

    emit(rng, node, start, end, 0.5, [
        (3, lambda t: journal(t, "kubelet", 2211, klog(t, "I", 2211, "prober.go:107", '"Probe succeeded" probeType="Readiness" pod="search/search-api-5f7d9c7b8-x8m2q"'))),
        (1, lambda t: journal(t, "containerd", 901, f'time="{t.strftime("%Y-%m-%dT%H:%M:%S")}Z" level=info msg="ImageCreate event name:\\"registry.internal/search-api:{hexid(rng, 7)}\\""')),
        (1, lambda t: journal(t, "systemd", 1, "Started Session c{} of User ec2-user.".format(rng.randint(100, 999)))),
        (1, lambda t: journal(t, "chronyd", 644, f"Selected source 169.254.169.123")),
    ])
    for minutes in (35, 20, 8):
        t = ONSET - dt.timedelta(minutes=minutes)
        node.add(t, journal(t, "kubelet", 2211, klog(t, "W", 2211, "eviction_manager.go:344", '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"'), pri=28))
        node.add(t, journal(t, "kubelet", 2211, klog(t, "I", 2211, "image_gc_manager.go:305", f'"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage={100 - minutes // 4} highThreshold=85 amountToFree={rng.randint(2, 9)}000000000 lowThreshold=80')))
    t = EVICT
    node.add(t, journal(t, "kubelet", 2211, klog(t, "I", 2211, "eviction_manager.go:377", '"Eviction manager: pods ranked for eviction" pods=["search/search-indexer-0","search/search-api-5f7d9c7b8-x8m2q"]'), pri=28))
    node.add(t, journal(t, "kubelet", 2211, klog(t, "I", 2211, "eviction_manager.go:598", '"Eviction manager: pod is evicted successfully" pod="search/search-indexer-0" message="The node was low on resource: ephemeral-storage. Container search-indexer was using 68Gi, which exceeds its request of 0. "'), pri=28))
    return [app, api, node]


def build(out_dir):
    rng = random.Random(1114)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-11-13 21:40:00"), utc("2026-11-14 04:30:00")
        metrics = {"node_filesystem_avail_bytes.json": query_range(
            [({"instance": "ip-10-1-7-23:9100", "mountpoint": "/var/lib/kubelet", "device": "/dev/nvme1n1"}, avail)], start, end, 60)}
        return write_scenario(
            out_dir, name="disk-full", service=SERVICE, onset=ONSET,
            description="""
Disk full. A refactor of the segment merger removes the scratch directory only
when a merge fails. Deployed in the 22:31 nightly release (the deploy names the
later kafka-python bump); every merge then leaves its scratch copy on the node's
ephemeral storage, which fills by 03:46: writes fail with ENOSPC and at 03:58 the
kubelet evicts search-indexer-0. search-api's index goes stale.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"No space left on device", r"low on resource: ephemeral-storage"],
            fix_files=["indexer/merge.py"],
            explanation="""
The culprit moves shutil.rmtree out of the finally block in indexer/merge.py.
Decoys: the kafka-python bump the deploy names, a batch-size config change an hour
before the onset (not deployed), docs, tests, synonyms. The fix restores the
cleanup on success in indexer/merge.py.
""",
        )
    finally:
        repo.close()
