"""image-resizer: a module-level cache of decoded source images has no bound;
every pod's memory climbs after the morning deploy until the kernel's cgroup
OOM killer kills it. Python logging, kubelet (klog), kernel syslog (RFC 3164)."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, python_logging, syslog3164
from skeletons import chores, ci_bump, k8s_deployment, python_service, runbook

SERVICE = "image-resizer"
DEPLOY = utc("2026-11-06 09:21:30")
ONSET = utc("2026-11-06 11:34:52")
LIMIT = 1024 * 1024 * 1024

RENDER = '''"""Resizing: fetch the source, decode, scale, encode."""
import io
import logging

from PIL import Image

from resizer import storage

log = logging.getLogger("resizer.render")


def render(key, width, fmt="webp", quality=80):
    source = storage.fetch(key)
    image = Image.open(io.BytesIO(source))
    image.load()
    scaled = image.copy()
    scaled.thumbnail((width, width * 4), Image.BICUBIC)
    out = io.BytesIO()
    scaled.save(out, format=fmt.upper(), quality=quality)
    return out.getvalue()
'''

CULPRIT_RENDER = RENDER.replace(
    '''log = logging.getLogger("resizer.render")
''',
    '''log = logging.getLogger("resizer.render")

# Decoded sources, so the usual burst of widths for one upload decodes once.
_decoded = {}


def _decode(key):
    image = _decoded.get(key)
    if image is None:
        image = Image.open(io.BytesIO(storage.fetch(key)))
        image.load()
        _decoded[key] = image
    return image
''',
).replace(
    '''    source = storage.fetch(key)
    image = Image.open(io.BytesIO(source))
    image.load()
    scaled = image.copy()''',
    '''    scaled = _decode(key).copy()''',
)

STORAGE = '''"""Source images live in the uploads bucket."""
import boto3

_s3 = boto3.client("s3")
BUCKET = "media-uploads-prod"


def fetch(key):
    return _s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
'''

CONFIG = """widths: [160, 320, 640, 1280, 1920]
formats:
  webp:
    quality: 80
  jpeg:
    quality: 85
max_source_bytes: 26214400
"""


def build_repo():
    lena = Person("Lena Fischer", "lena.fischer@pixelpost.dev", 60)
    omar = Person("Omar Haddad", "omar@pixelpost.dev", 120)
    kim = Person("Kim Tran", "kim.tran@pixelpost.dev", 0)
    repo = Repo()
    files = python_service(SERVICE, "resizer", "On-the-fly thumbnails for uploaded images.")
    files["resizer/render.py"] = RENDER.replace("Image.BICUBIC", "Image.BILINEAR")
    files["resizer/settings.py"] = '"""Settings from config/resizer.yaml."""\nimport yaml\n\n\nclass Settings(dict):\n    @classmethod\n    def load(cls, path="config/resizer.yaml"):\n        with open(path) as handle:\n            return cls(yaml.safe_load(handle))\n'
    files["resizer/storage.py"] = STORAGE
    files["config/resizer.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=3, memory="1Gi", cpu="1")
    files["docs/runbook.md"] = runbook(SERVICE, [("ResizerLatencyHigh", "p99 above 2 s. Usually S3; check the bucket's request metrics.")])
    repo.commit(utc("2026-11-03 10:02:00"), lena, "image-resizer: first version", files)
    repo.schedule(chores(random.Random(2010), SERVICE, [lena, omar, kim], utc("2026-11-03 10:02:00"), ONSET, 3))
    repo.commit(utc("2026-11-04 14:30:00"), omar, "tests: golden images for the 320 and 1280 widths", {
        "tests/test_render.py": "from resizer.render import render\n\n\ndef test_width_320(golden):\n    assert golden('cat.jpg', 320) == render('fixtures/cat.jpg', 320)\n",
    })
    repo.commit(utc("2026-11-05 09:15:00"), lena, "render: bicubic downscaling looks better on text", {
        "resizer/render.py": RENDER,
    })
    repo.commit(utc("2026-11-05 11:40:00"), kim, "docs: cache headers we send and why", {
        "docs/caching.md": "# Caching\n\nResponses carry `Cache-Control: public, max-age=31536000, immutable`;\nthe CDN keys on the full URL, width included.\n",
    })
    repo.commit(utc("2026-11-05 16:22:00"), omar, "ci: bump checkout, cache pip", {
        ".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"]),
    })
    culprit = repo.commit(utc("2026-11-06 08:52:00"), lena,
                          "render: decode each source once per burst of widths\n\n"
                          "Uploads are followed by 5 resize requests for the same key; decoding\n"
                          "dominated CPU in the profile.", {"resizer/render.py": CULPRIT_RENDER})
    deployed = repo.commit(utc("2026-11-06 09:04:00"), kim, "Move S3 client construction into storage.client()", {
        "resizer/storage.py": STORAGE.replace('_s3 = boto3.client("s3")\n', "_client = None\n\n\ndef client():\n    global _client\n    if _client is None:\n        _client = boto3.client(\"s3\")\n    return _client\n").replace("_s3.get_object", "client().get_object"),
    })
    repo.commit(utc("2026-11-06 10:40:00"), omar, "k8s: PodDisruptionBudget (minAvailable 2)", {
        "k8s/pdb.yaml": "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: image-resizer\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: image-resizer\n",
    })
    repo.commit(utc("2026-11-06 11:05:00"), kim, "config: webp quality 82 (design asked for crisper avatars)", {
        "config/resizer.yaml": repo.edit("config/resizer.yaml", "quality: 80", "quality: 82"),
    })
    return repo, culprit, deployed


def memory_curve(pod_index):
    """Working set of pod i: flat before the deploy, then a leak until its OOM kill."""
    kills = [ONSET, ONSET + dt.timedelta(minutes=13, seconds=20), ONSET + dt.timedelta(minutes=27, seconds=5)]
    kill = kills[pod_index]
    rate = (LIMIT - 290e6) / (kill - DEPLOY).total_seconds()

    def value(t):
        wobble = ((int(t.timestamp()) // 30 * (pod_index + 3)) % 7) * 2.1e6
        if t < DEPLOY:
            return 278e6 + wobble
        if t < kill:
            return 290e6 + rate * (t - DEPLOY).total_seconds() + wobble
        return 240e6 + rate * (t - kill).total_seconds() + wobble

    return kill, value


def build_logs(rng, deployed_sha):
    app = Log("image-resizer.log")
    kubelet = Log("kubelet.log")
    kernel = Log("kern.log")
    start, end = utc("2026-11-06 08:30:00"), utc("2026-11-06 12:25:00")
    old = [f"image-resizer-6f8d4b{hexid(rng, 3)}-{hexid(rng, 5)}" for _ in range(3)]
    new = [f"image-resizer-7c5b9e{hexid(rng, 3)}-{hexid(rng, 5)}" for _ in range(3)]
    nodes = ["ip-10-0-12-41", "ip-10-0-14-7", "ip-10-0-9-188"]
    booted = {node: start - dt.timedelta(seconds=rng.randint(400000, 900000)) for node in nodes}

    def dmesg(node, t):
        up = (t - booted[node]).total_seconds()
        return f"[{up:.6f}]"

    for t in poisson_times(rng, start, end, 5):
        key = f"uploads/{rng.randint(2024, 2026)}/{hexid(rng, 8)}/{rng.choice(['avatar', 'cover', 'post'])}.jpg"
        width = rng.choice([160, 320, 640, 1280, 1920])
        took = ms(rng, 120)
        app.add(t, python_logging(t, "INFO", "resizer.render", f"resized {key} to {width}px webp in {took}ms"))
        if rng.random() < 0.25:
            app.add(t, python_logging(t, "INFO", "resizer.storage", f"fetched {key} ({rng.randint(200, 9000)} KiB) in {ms(rng, 40)}ms"))
        if rng.random() < 0.02:
            app.add(t, python_logging(t, "WARNING", "resizer.render", f"source {key} is CMYK, converting to RGB"))
        if rng.random() < 0.01:
            app.add(t, python_logging(t, "ERROR", "resizer.api", f"source not found: s3://media-uploads-prod/{key}"))
    emit(rng, app, start, end, 0.5, [
        (3, lambda t: python_logging(t, "INFO", "uvicorn.access", f'10.42.{rng.randint(0, 9)}.{rng.randint(2, 250)}:{rng.randint(30000, 60000)} - "GET /healthz HTTP/1.1" 200')),
        (1, lambda t: python_logging(t, "INFO", "resizer.metrics", f"queue depth {rng.randint(0, 4)}, workers busy {rng.randint(0, 8)}/8")),
    ])
    for i, pod in enumerate(new):
        t = DEPLOY + dt.timedelta(seconds=5 + 20 * i)
        app.add(t, python_logging(t, "INFO", "resizer.main", f"starting image-resizer version={deployed_sha[:7]} pod={pod}"))
        kubelet.add(t, klog(t, "I", 2241, "kubelet.go:2440", f'"SyncLoop ADD" source="api" pods=["media/{pod}"]'))
        kubelet.add(t + dt.timedelta(seconds=25), klog(t, "I", 2241, "kuberuntime_container.go:770",
                    f'"Killing container with a grace period" pod="media/{old[i]}" containerName="image-resizer" gracePeriod=30'))

    for i, pod in enumerate(new):
        kill, _ = memory_curve(i)
        node = nodes[i]
        pid = rng.randint(30000, 60000)
        anon = rng.randint(1040000, 1046000)
        kernel.add(kill, syslog3164(kill, node, "kernel", None,
                   f"{dmesg(node, kill)} python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=968"))
        kernel.add(kill, syslog3164(kill, node, "kernel", None,
                   f"{dmesg(node, kill)} memory: usage 1048576kB, limit 1048576kB, failcnt {rng.randint(20, 90)}"))
        kernel.add(kill, syslog3164(kill, node, "kernel", None,
                   f"{dmesg(node, kill)} Memory cgroup out of memory: Killed process {pid} (python3) total-vm:{anon + 310000}kB, anon-rss:{anon}kB, file-rss:{rng.randint(9000, 12000)}kB, shmem-rss:0kB, UID:1000 pgtables:2304kB oom_score_adj:968"))
        k = kill + dt.timedelta(seconds=1)
        kubelet.add(k, klog(k, "I", 2241, "kubelet.go:2472", f'"SyncLoop (PLEG): event for pod" pod="media/{pod}" event={{"ID":"{hexid(rng, 8)}-{hexid(rng, 4)}","Type":"ContainerDied","Data":"{hexid(rng, 64)}"}}'))
        kubelet.add(k, klog(k, "I", 2241, "kuberuntime_manager.go:1036", f'"Container terminated" pod="media/{pod}" containerName="image-resizer" reason="OOMKilled" exitCode=137'))
        kubelet.add(k, klog(k, "I", 2241, "kuberuntime_manager.go:1052",
                    f'"Container will be restarted" pod="media/{pod}" containerName="image-resizer" restartCount=1'))
        r = kill + dt.timedelta(seconds=3)
        app.add(r, python_logging(r, "INFO", "resizer.main", f"starting image-resizer version={deployed_sha[:7]} pod={pod}"))
        for _ in range(rng.randint(3, 7)):
            e = kill + dt.timedelta(milliseconds=rng.randint(0, 900))
            app.add(e, python_logging(e, "ERROR", "resizer.api", "upstream connection lost while resizing: worker exited unexpectedly"))

    emit(rng, kubelet, start, end, 1.2, [
        (4, lambda t: klog(t, "I", 2241, "prober.go:107", f'"Probe succeeded" probeType="Readiness" pod="media/{rng.choice(new)}" containerName="image-resizer"')),
        (2, lambda t: klog(t, "I", 2241, "kubelet_node_status.go:497", '"Updating node status"')),
        (1, lambda t: klog(t, "I", 2241, "reconciler_common.go:258", f'"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-{hexid(rng, 5)}\\""')),
        (1, lambda t: klog(t, "W", 2241, "container.go:586", f'"Failed to update stats for container" containerName="/kubepods/burstable/pod{hexid(rng, 8)}" err="unable to determine device info"')),
        (1, lambda t: klog(t, "I", 2241, "image_gc_manager.go:338", '"Image garbage collection succeeded"')),
    ])
    emit(rng, kernel, start, end, 0.15, [
        (3, lambda t: (lambda n: syslog3164(t, n, "kernel", None, f"{dmesg(n, t)} IPv6: ADDRCONF(NETDEV_CHANGE): veth{hexid(rng, 8)}: link becomes ready"))(rng.choice(nodes))),
        (2, lambda t: (lambda n: syslog3164(t, n, "kernel", None, f"{dmesg(n, t)} cni0: port {rng.randint(1, 9)}(veth{hexid(rng, 8)}) entered forwarding state"))(rng.choice(nodes))),
        (1, lambda t: syslog3164(t, rng.choice(nodes), "systemd", 1, "Starting Cleanup of Temporary Directories...")),
        (1, lambda t: syslog3164(t, rng.choice(nodes), "containerd", rng.randint(800, 900), f'time="{t.strftime("%Y-%m-%dT%H:%M:%S")}Z" level=info msg="shim disconnected" id={hexid(rng, 64)}')),
    ])
    return [app, kubelet, kernel]


def build(out_dir):
    rng = random.Random(1106)
    repo, culprit, deployed = build_repo()
    try:
        start, end = utc("2026-11-06 08:30:00"), utc("2026-11-06 12:25:00")
        series = []
        for i in range(3):
            _, fn = memory_curve(i)
            series.append(({"namespace": "media", "pod": f"image-resizer-{i}", "container": SERVICE}, fn))
        metrics = {"container_memory_working_set_bytes.json": query_range(series, start, end, 60)}
        return write_scenario(
            out_dir, name="memory-leak-oom", service=SERVICE, onset=ONSET,
            description="""
Memory leak to OOM kills. A commit caches decoded source images in a module-level
dict with no eviction. Deployed at 09:21 (the app logs its version on start); each
pod's working set climbs towards the 1 GiB limit and the kernel's cgroup OOM killer
kills the pods one after another from 11:34.
""",
            logs=build_logs(rng, deployed), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Memory cgroup out of memory", r"invoked oom-killer", r"Container terminated"],
            fix_files=["resizer/render.py"],
            explanation="""
The culprit adds `_decoded = {}` in resizer/render.py, never evicted. Decoys: an
earlier harmless change to the same file (bicubic), the storage refactor and the
PodDisruptionBudget between the culprit and the onset, a webp quality config change
half an hour before the onset. The fix bounds or removes the cache in render.py.
""",
        )
    finally:
        repo.close()
