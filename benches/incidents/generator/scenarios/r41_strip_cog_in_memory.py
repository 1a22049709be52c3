"""scene-processing (Python 3.12, Celery 5.4 workers on RabbitMQ, rasterio
and rio-cogeo; on EKS in eu-west-2, released by a manual GitLab CI job that
runs `helm upgrade`; team in Edinburgh, Kraków and Bengaluru) of Skerry
Earth, a commercial Earth-observation company with nine optical satellites
(SK01-SK09). Raw data downlinked at the ground stations of a station
provider (Svalbard, Inuvik, Fairbanks, Punta Arenas, Awarua,
Hartebeesthoek) is ingested to S3 by downlink-ingest; scene-processing's
workers decode L0 and orthorectify each scene (the `ortho` queue), build a
cloud-optimised GeoTIFF per ordered product (the `tile` queue, the
scene-tiler Deployment: six pods, two worker processes each, 14Gi memory
limit, a /scratch emptyDir) and publish the STAC item (the `publish`
queue); delivery-api (another team's) notifies customers and serves
their STAC API and signed download URLs. Tasks are acked late, so a
worker that dies puts its tasks back at the head of the queue.

On Tuesday 10 November at 07:22 UTC PROC-388 makes the tiler build COGs
in memory (`in_memory=True` on cog_translate, into a MemoryFile uploaded
from memory) instead of through temporary GTiffs in /scratch, and cuts the
emptyDir from 10Gi to 2Gi: the tiler pods had been evicted for ephemeral
storage three times the week before. A standard 12 km scene needs about
3.5 GB that way and the pods have 14Gi; rio-cogeo had only ever kept
rasters under 120 Mpx in memory. It is released at 08:10 in a job whose
checkout names the test commit after it. A 30 km rail-corridor strip at
16:00 passes, with its pod at 12.6 GiB.

At 17:41 SK06 captures Northline Pipelines' 142 km corridor strip over
Alberta (16,000 x 189,400 px, four 16-bit bands: 24 GB in memory),
downlinked at Inuvik at 17:56. From 18:02 every tiler pod that takes its
tile task is OOM-killed about a minute later (the whole container: cgroup
v2, memory.oom.group), the task goes back to the queue and kills the next
pod, the pods go into CrashLoopBackOff, the other tasks in flight are lost
with them, and the tile queue backs up: Rapid orders miss their 15-minute
SLA.

At 17:31 a tuning release had gone out (PROC-392: GDAL_CACHEMAX 256 ->
1024 MB and VSI_CACHE for tiler and ortho, a boto3 bump, and a commit that
logs redelivered tasks with their scene). The on-call rolls it back at
18:21 (the redelivery warnings disappear, the OOM kills go on), raises the
tiler's limit to 24Gi at 18:33 (the strip dies at 24Gi too), and at 18:47
puts the strip on hold after Fiona finds that the redelivery warnings
before the rollback all named it. Tomasz reads the strip's size against
PROC-388 and reverts it (released at 19:12); the strip, released from
hold at 19:20, is tiled through /scratch in eight minutes.

Sources: scene-processing workers (Celery's format, read with `aws logs
tail --format detailed` from Fluent Bit's CloudWatch log group),
Kubernetes events (kubernetes-event-exporter JSON, with
node-problem-detector's OOMKilling), RabbitMQ, downlink-ingest (Go slog
text), delivery-api (zap JSON, epoch times), GitLab deploy jobs (job log
timestamps), #imagery-ops (Slack export, JSON lines)."""

import collections
import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "scene-processing"
START, END = utc("2026-11-10 15:30:00"), utc("2026-11-10 20:00:00")
DEPLOY_MON = utc("2026-11-09 15:02:20")
DEPLOY_AM = utc("2026-11-10 08:10:30")
RELEASE = utc("2026-11-10 17:31:10")
ROLLBACK = utc("2026-11-10 18:21:40")
LIMIT_RAISE = utc("2026-11-10 18:33:20")
HOLD = utc("2026-11-10 18:47:05")
FIX_DEPLOY = utc("2026-11-10 19:12:30")
UNHOLD = utc("2026-11-10 19:20:40")
STRIP = "SK06_20261110T174127_STRIP"
STRIP30 = "SK02_20261110T154412_STRIP"
REGION = "eu-west-2"
NODES = ["ip-10-40-21-187", "ip-10-40-22-54", "ip-10-40-23-119", "ip-10-40-21-236"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = '''[project]
name = "scene-processing"
version = "2026.11.0"
requires-python = ">=3.12"
dependencies = [
  "celery==5.4.0",
  "rasterio==1.4.1",
  "rio-cogeo==5.3.6",
  "boto3==1.35.54",
  "pystac==1.11.0",
  "psycopg[binary]==3.2.3",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "moto[s3]==5.0.18"]

[project.scripts]
spctl = "scene_processing.cli:main"
'''

CELERY_APP = '''"""The Celery app of the ortho, tiler and publish workers (one Deployment
each, routed by queue)."""

import logging
import os

from celery import Celery

log = logging.getLogger(__name__)

app = Celery("scene_processing", broker=os.environ["BROKER_URL"])
app.conf.update(
    # Acked when the task returns: a lost worker's tasks go back to the queue.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_routes={
        "scene_processing.ortho.*": {"queue": "ortho"},
        "scene_processing.tiler.*": {"queue": "tile"},
        "scene_processing.publish.*": {"queue": "publish"},
    },
)
app.autodiscover_tasks(["scene_processing.ortho", "scene_processing.tiler", "scene_processing.publish"])
'''

COG = '''"""Cloud-optimised GeoTIFF of one product of an orthorectified scene: 512 px
blocks, deflate, six overview levels, uploaded to the products bucket."""

import os
import tempfile

import boto3
from rio_cogeo.cogeo import cog_translate
from rio_cogeo.profiles import cog_profiles

BUCKET = os.environ.get("PRODUCTS_BUCKET", "skerry-products-prod")
s3 = boto3.client("s3")

# cog_translate keeps a raster under 120 Mpx in memory and goes through a
# temporary GTiff for larger ones (every full scene). Temporary files live
# in /scratch, the pod's emptyDir (chart: tiler.scratch.sizeLimit).
tempfile.tempdir = os.environ.get("TMPDIR", "/scratch")


def build_cog(src, key, scene_id, product):
    profile = cog_profiles.get("deflate")
    profile.update(blockxsize=512, blockysize=512, predictor=2)
    dst = os.path.join(tempfile.gettempdir(), f"{scene_id}-{product}.tif")
    try:
        cog_translate(
            src,
            dst,
            profile,
            overview_level=6,
            overview_resampling="average",
            config={"GDAL_NUM_THREADS": "2", "GDAL_TIFF_OVR_BLOCKSIZE": "512"},
            quiet=True,
        )
        s3.upload_file(dst, BUCKET, key)
        return os.path.getsize(dst)
    finally:
        if os.path.exists(dst):
            os.remove(dst)
'''

TILER_TASKS = '''import logging
import time

import rasterio

from scene_processing.celery_app import app
from scene_processing.holds import is_held
from scene_processing.publish.tasks import publish_scene
from scene_processing.storage import l1_uri, product_key
from scene_processing.tiler.cog import BUCKET, build_cog

log = logging.getLogger(__name__)


@app.task(name="scene_processing.tiler.tasks.build_cog")
def build_cog_task(scene_id, product):
    if is_held(scene_id):
        log.warning("scene %s is on hold, task dropped", scene_id)
        return None
    src = l1_uri(scene_id, product)
    with rasterio.open(src) as ds:
        log.info("building COG scene=%s product=%s size=%dx%d bands=%d", scene_id, product, ds.width, ds.height, ds.count)
    started = time.monotonic()
    key = product_key(scene_id, product)
    size = build_cog(src, key, scene_id, product)
    log.info("COG written s3://%s/%s bytes=%d elapsed=%.1fs", BUCKET, key, size, time.monotonic() - started)
    publish_scene.delay(scene_id, product)
    return {"scene": scene_id, "product": product, "bytes": size}
'''

ORTHO_TASKS = '''import logging

from scene_processing.celery_app import app
from scene_processing.holds import is_held
from scene_processing.ortho.dem import dem_tiles
from scene_processing.ortho.l0 import decode_l0
from scene_processing.ortho.warp import orthorectify
from scene_processing.tiler.tasks import build_cog_task

log = logging.getLogger(__name__)


@app.task(name="scene_processing.ortho.tasks.process_scene", autoretry_for=(IOError,), retry_backoff=30, max_retries=4)
def process_scene(scene_id, products):
    if is_held(scene_id):
        log.warning("scene %s is on hold, task dropped", scene_id)
        return None
    l0 = decode_l0(scene_id)
    log.info("L0 decoded scene=%s lines=%d frames_dropped=%d", scene_id, l0.lines, l0.frames_dropped)
    result = orthorectify(l0, dem_tiles(l0.footprint))
    log.info("orthorectified scene=%s dem=%s gcps=%d rmse_px=%.2f", scene_id, result.dem, result.gcps, result.rmse_px)
    for product in products:
        build_cog_task.delay(scene_id, product)
    return {"scene": scene_id, "products": products}
'''

DEM = '''"""DEM tiles under a scene footprint, for the orthorectification."""

SRTM_PREFIX = "s3://skerry-reference/srtm-gl1/"


def dem_tiles(footprint):
    lon0, lat0, lon1, lat1 = footprint.bounds
    return [f"{SRTM_PREFIX}{_name(lat, lon)}.tif" for lat in range(int(lat0) - 1, int(lat1) + 1) for lon in range(int(lon0) - 1, int(lon1) + 1)]


def _name(lat, lon):
    return f"{'N' if lat >= 0 else 'S'}{abs(lat):02d}{'E' if lon >= 0 else 'W'}{abs(lon):03d}"
'''

STAC = '''"""The STAC item of a scene product, posted to delivery-api's catalogue."""

import pystac


def item_for(scene, product, href):
    item = pystac.Item(id=scene.id, geometry=scene.footprint, bbox=scene.bbox, datetime=scene.acquired, properties={
        "platform": scene.satellite.lower(),
        "gsd": scene.gsd,
        "eo:cloud_cover": scene.cloud_cover,
    })
    item.add_asset(product, pystac.Asset(href=href, media_type=pystac.MediaType.COG, roles=["data"]))
    return item
'''

HOLDS = '''"""Scenes put on hold with `spctl hold SCENE_ID` (a row in the processing
database) are skipped by every stage until `spctl release SCENE_ID`, which
queues them again. For corrupt L0 and scenes a customer asked us to stop."""

from scene_processing.db import connection


def is_held(scene_id):
    with connection() as conn:
        return conn.execute("SELECT 1 FROM scene_holds WHERE scene_id = %s AND released_at IS NULL", (scene_id,)).fetchone() is not None
'''

VALUES = '''image:
  repository: 294017316548.dkr.ecr.eu-west-2.amazonaws.com/scene-processing
  tag: main

broker:
  url: amqp://scene-processing@rabbitmq.processing.svc:5672/processing

env:
  GDAL_CACHEMAX: "256"
  GDAL_DISABLE_READDIR_ON_OPEN: EMPTY_DIR
  AWS_REGION: eu-west-2

ortho:
  replicas: 6
  concurrency: 2
  resources:
    requests: { cpu: "3", memory: 6Gi }
    limits: { memory: 8Gi }

tiler:
  replicas: 6
  concurrency: 2
  resources:
    requests: { cpu: "3", memory: 10Gi }
    limits: { memory: 14Gi }
  scratch:
    sizeLimit: 10Gi
  nodeSelector:
    skerry.io/pool: processing-mem

publish:
  replicas: 2
  concurrency: 4
'''

GITLAB_CI = '''stages: [test, build, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

build:
  stage: build
  image: { name: gcr.io/kaniko-project/executor:v1.23.2-debug, entrypoint: [""] }
  script:
    - /kaniko/executor --context . --destination $ECR/scene-processing:$CI_COMMIT_SHA
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy:production:
  stage: deploy
  image: alpine/helm:3.16.2
  environment: production
  when: manual
  script:
    - echo "Deploying $CI_COMMIT_SHORT_SHA ($CI_COMMIT_TITLE) to imagery-prod"
    - helm upgrade --install scene-processing chart/scene-processing --namespace processing -f chart/scene-processing/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait --timeout 15m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

rollback:production:
  stage: deploy
  image: alpine/helm:3.16.2
  environment: production
  when: manual
  script:
    - helm rollback scene-processing "$HELM_REVISION" --namespace processing --wait --timeout 15m
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
'''

TEST_COG = '''from scene_processing.tiler.cog import build_cog


def test_sample_scene_cog(sample_scene, s3_bucket):
    size = build_cog(sample_scene, "test/sample-visual.tif", "SAMPLE", "visual")
    assert size > 0
    assert s3_bucket.Object("test/sample-visual.tif").content_length == size
'''


def build_repo():
    alasdair = Person("Alasdair Reid", "alasdair.reid@skerry.earth", 0)
    tomasz = Person("Tomasz Wróbel", "tomasz.wrobel@skerry.earth", 60)
    ananya = Person("Ananya Iyer", "ananya.iyer@skerry.earth", 330)
    fiona = Person("Fiona Baird", "fiona.baird@skerry.earth", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.gitlab.com", 0)
    repo = Repo()
    files = {
        "README.md": "# scene-processing\n\nFrom raw downlink to published product: L0 decode and orthorectification\n(`ortho` queue), one cloud-optimised GeoTIFF per ordered product (`tile`\nqueue), the STAC item and delivery-api's notification (`publish` queue).\nCelery on RabbitMQ, one Deployment per queue.\n\n```\npip install -e .[test]\npytest -q\n```\n\nReleases: the manual `deploy:production` job of a main pipeline runs `helm\nupgrade` on imagery-prod; `rollback:production` takes HELM_REVISION.\n",
        "docs/runbook.md": runbook("scene-processing", [
            ("TileQueueBacklog", "More than 40 messages ready on `tile` for 5 minutes. Check the tiler pods\n(restarts, memory) and the COG build times in the worker logs."),
            ("TilerRestarting", "Tiler containers restarting. `kubectl -n processing describe pod` shows why."),
            ("A scene that breaks a stage", "`spctl hold SCENE_ID` stops every stage from processing it; `spctl\nrelease SCENE_ID` queues it again."),
        ]),
        "pyproject.toml": PYPROJECT,
        "scene_processing/__init__.py": "",
        "scene_processing/celery_app.py": CELERY_APP,
        "scene_processing/holds.py": HOLDS,
        "scene_processing/ortho/__init__.py": "",
        "scene_processing/ortho/tasks.py": ORTHO_TASKS,
        "scene_processing/ortho/dem.py": DEM,
        "scene_processing/tiler/__init__.py": "",
        "scene_processing/tiler/tasks.py": TILER_TASKS,
        "scene_processing/tiler/cog.py": COG,
        "scene_processing/publish/__init__.py": "",
        "scene_processing/publish/stac.py": STAC,
        "tests/test_cog.py": TEST_COG,
        "chart/scene-processing/Chart.yaml": "apiVersion: v2\nname: scene-processing\nversion: 0.9.0\n",
        "chart/scene-processing/values-production.yaml": VALUES,
        ".gitlab-ci.yml": GITLAB_CI,
    }
    repo.commit(utc("2026-11-04 10:12:00"), alasdair, "scene-processing: ortho, tiler and publish workers, chart, CI", files)
    repo.schedule(chores(random.Random(41101), SERVICE, [fiona, alasdair], utc("2026-11-04 11:00:00"), utc("2026-11-07 12:00:00"), 2))
    repo.commit(utc("2026-11-05 13:40:00"), tomasz, "ortho: Copernicus GLO-30 DEM from the reference bucket instead of SRTM (PROC-371)", {
        "scene_processing/ortho/dem.py": repo.edit("scene_processing/ortho/dem.py", 'SRTM_PREFIX = "s3://skerry-reference/srtm-gl1/"', 'DEM_PREFIX = "s3://skerry-reference/cop-dem-glo-30/"').replace(
            "{SRTM_PREFIX}{_name(lat, lon)}.tif", "{DEM_PREFIX}Copernicus_DSM_COG_10_{_name(lat, lon)}_DEM.tif").replace(
            "return f\"{'N' if lat >= 0 else 'S'}{abs(lat):02d}{'E' if lon >= 0 else 'W'}{abs(lon):03d}\"",
            "return f\"{'N' if lat >= 0 else 'S'}{abs(lat):02d}_00_{'E' if lon >= 0 else 'W'}{abs(lon):03d}_00\""),
    })
    repo.commit(utc("2026-11-06 10:25:00"), ananya, "tiler: write the scene id and product into the GeoTIFF tags (PROC-380)\n\nSupport keeps asking which scene a customer's file came from.", {
        "scene_processing/tiler/cog.py": repo.edit("scene_processing/tiler/cog.py",
            "            quiet=True,\n        )\n        s3.upload_file",
            "            additional_cog_metadata={\"SKERRY_SCENE_ID\": scene_id, \"SKERRY_PRODUCT\": product},\n            quiet=True,\n        )\n        s3.upload_file"),
    })
    repo.commit(utc("2026-11-09 06:05:00"), bot, "Update dependency rasterio to v1.4.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"rasterio==1.4.1"', '"rasterio==1.4.2"'),
    })
    monday = repo.commit(utc("2026-11-09 14:30:00"), fiona, "publish: STAC items carry proj:epsg and proj:shape (PROC-385)", {
        "scene_processing/publish/stac.py": repo.edit("scene_processing/publish/stac.py",
            '        "eo:cloud_cover": scene.cloud_cover,\n',
            '        "eo:cloud_cover": scene.cloud_cover,\n        "proj:epsg": scene.epsg,\n        "proj:shape": [scene.height, scene.width],\n'),
    })
    culprit = repo.commit(utc("2026-11-10 07:22:00"), tomasz, "tiler: build COGs in memory instead of temp files in /scratch (PROC-388)\n\nThe tiler pods were evicted for ephemeral storage three times last week:\ntwo scenes in flight write the intermediate GTiff and the COG to /scratch,\nup to 6 GB each. rio-cogeo can build the COG in a MemoryFile and we upload\nit from there. A standard scene needs about 3.5 GB in memory, the pods have\n14Gi. Also about 20% faster (no fsync of the temp files). /scratch keeps\n2Gi for GDAL's own small files.", {
        "scene_processing/tiler/cog.py": repo.edit("scene_processing/tiler/cog.py",
            "import os\nimport tempfile\n\nimport boto3\n",
            "import os\n\nimport boto3\nfrom rasterio.io import MemoryFile\n").replace(
            "# cog_translate keeps a raster under 120 Mpx in memory and goes through a\n# temporary GTiff for larger ones (every full scene). Temporary files live\n# in /scratch, the pod's emptyDir (chart: tiler.scratch.sizeLimit).\ntempfile.tempdir = os.environ.get(\"TMPDIR\", \"/scratch\")\n",
            "# Built and uploaded from memory: nothing is written to /scratch (PROC-388).\n").replace(
            "    dst = os.path.join(tempfile.gettempdir(), f\"{scene_id}-{product}.tif\")\n    try:\n        cog_translate(\n            src,\n            dst,\n",
            "    with MemoryFile() as dst:\n        cog_translate(\n            src,\n            dst.name,\n").replace(
            "            quiet=True,\n        )\n        s3.upload_file(dst, BUCKET, key)\n        return os.path.getsize(dst)\n    finally:\n        if os.path.exists(dst):\n            os.remove(dst)\n",
            "            in_memory=True,\n            quiet=True,\n        )\n        size = dst.getbuffer().nbytes\n        s3.upload_fileobj(dst, BUCKET, key)\n        return size\n"),
        "chart/scene-processing/values-production.yaml": repo.edit("chart/scene-processing/values-production.yaml", "    sizeLimit: 10Gi\n", "    sizeLimit: 2Gi\n"),
    })
    test = repo.commit(utc("2026-11-10 07:49:00"), tomasz, "test: the sample scene's COG is built without touching /scratch (PROC-388)", {
        "tests/test_cog.py": TEST_COG.replace("def test_sample_scene_cog(sample_scene, s3_bucket):", "def test_sample_scene_cog(sample_scene, s3_bucket, tmp_path, monkeypatch):\n    monkeypatch.setenv(\"TMPDIR\", str(tmp_path))").rstrip("\n") + "\n    assert list(tmp_path.iterdir()) == []\n",
    })
    repo.commit(utc("2026-11-10 09:40:00"), ananya, "celery: log redelivered tasks with their scene (PROC-393)\n\nAfter last week's evictions we could not tell which tasks had been\nretried after a lost worker.", {
        "scene_processing/celery_app.py": repo.edit("scene_processing/celery_app.py", "from celery import Celery\n", "from celery import Celery\nfrom celery.signals import task_prerun\n")
        + '\n\n@task_prerun.connect\ndef log_redelivery(task_id=None, task=None, args=(), **_):\n    info = task.request.delivery_info or {}\n    if info.get("redelivered"):\n        log.warning("task %s[%s] redelivered (previous worker lost) scene=%s", task.name, task_id, args[0] if args else "-")\n',
    })
    repo.commit(utc("2026-11-10 11:15:00"), fiona, "docs: runbook: ephemeral-storage evictions of the tiler (PROC-388)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Tiler evicted: ephemeral storage\n\nThe kubelet evicts a tiler pod whose /scratch passes its sizeLimit. Since\nPROC-388 the COGs are built in memory and /scratch only holds GDAL's own\nfiles; if evictions come back, check `kubectl describe pod` for the usage.\n",
    })
    repo.commit(utc("2026-11-10 13:02:00"), bot, "Update dependency boto3 to v1.35.57", {
        "pyproject.toml": repo.edit("pyproject.toml", '"boto3==1.35.54"', '"boto3==1.35.57"'),
    })
    head = repo.commit(utc("2026-11-10 16:48:00"), fiona, "tiler, ortho: GDAL_CACHEMAX 1024 MB and VSI_CACHE for /vsis3/ reads (PROC-392)\n\nWarps and COG builds re-read the same /vsis3/ blocks; a larger block\ncache and GDAL's VSI cache take ~15% off both in staging.", {
        "chart/scene-processing/values-production.yaml": repo.edit("chart/scene-processing/values-production.yaml", '  GDAL_CACHEMAX: "256"\n', '  GDAL_CACHEMAX: "1024"\n  VSI_CACHE: "TRUE"\n  VSI_CACHE_SIZE: "67108864"\n'),
    })
    fix = repo.commit(utc("2026-11-10 18:57:00"), tomasz, 'Revert "tiler: build COGs in memory instead of temp files in /scratch (PROC-388)"\n\nThis reverts commit ' + culprit + '.\n\nin_memory=True builds every raster in memory whatever its size: a\n142 km strip (16000 x 189400 px, 4 x uint16) needs 24 GB and OOM-kills\nevery tiler pod that takes it. Back to temp files in a 10Gi /scratch.', {
        "scene_processing/tiler/cog.py": COG.replace("            quiet=True,\n        )\n        s3.upload_file",
                                                     "            additional_cog_metadata={\"SKERRY_SCENE_ID\": scene_id, \"SKERRY_PRODUCT\": product},\n            quiet=True,\n        )\n        s3.upload_file"),
        "chart/scene-processing/values-production.yaml": repo.edit("chart/scene-processing/values-production.yaml", "    sizeLimit: 2Gi\n", "    sizeLimit: 10Gi\n"),
    })
    return repo, {"culprit": culprit, "monday": monday, "test": test, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the ground segment's traffic

STATIONS = [("svalbard", "SVB"), ("inuvik", "INU"), ("fairbanks", "FBK"), ("punta-arenas", "PUQ"), ("awarua", "AWA"), ("hartebeesthoek", "HBK")]
CUSTOMERS = [("agrisense", 0.5), ("baltic-maritime", 0.6), ("insurewatch", 0.3), ("geodatum-mapping", 0.1), ("lands-ministry-ke", 0.2),
             ("forestline", 0.1), ("harbourview-analytics", 0.4), ("northline-pipelines", 0.0)]


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def arrival_rate(t):
    """Scenes per contact: the afternoon's European and African captures, then
    the evening's North American ones."""
    h = t.hour + t.minute / 60
    return 9.0 if h < 17.3 else 14.5 if h < 19.3 else 10.0


def build_contacts(rng):
    contacts = []
    t = START - dt.timedelta(minutes=40)
    n = 2611100300
    while t < END - dt.timedelta(minutes=8):
        t += dt.timedelta(seconds=rng.randint(140, 260))
        sat = f"SK{rng.randint(1, 9):02d}"
        station = rng.choice(STATIONS)
        dur = rng.randint(360, 640)
        n += rng.randint(1, 4)
        contacts.append({"id": f"CT-{n}", "sat": sat, "station": station, "aos": t, "los": t + dt.timedelta(seconds=dur), "scenes": max(1, round(rng.gauss(arrival_rate(t), 2.5)))})
    # the two strips, as they came down
    contacts.append({"id": "CT-2611100951", "sat": "SK02", "station": STATIONS[2], "aos": utc("2026-11-10 15:49:12"), "los": utc("2026-11-10 15:57:40"), "scenes": 3, "strip": STRIP30})
    contacts.append({"id": "CT-2611101340", "sat": "SK06", "station": STATIONS[1], "aos": utc("2026-11-10 17:47:05"), "los": utc("2026-11-10 17:56:22"), "scenes": 4, "strip": STRIP})
    contacts.sort(key=lambda c: c["aos"])
    return contacts


def build_logs(rng, shas):
    proc, events, rabbit, ingest, delivery, gitlab, slack = (Log("scene-processing.log"), Log("k8s-events.log"), Log("rabbitmq.log"), Log("downlink-ingest.log"),
                                                              Log("delivery-api.log"), Log("gitlab-deploy.log"), Log("slack-imagery-ops.log"))
    stats = {"oom": [], "restarts": [], "ready": {}, "mem": [], "breach": [], "risk": [], "done": []}

    def inwin(t):
        return START <= t < END

    def stamp_c(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def cw(t, stream, level, process, msg):
        if inwin(t):
            t = t.replace(microsecond=(t.microsecond // 1000) * 1000)
            proc.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}+00:00 {stream} [{stamp_c(t)}: {level}/{process}] {msg}")

    def rmq(t, level, pid, msg):
        if inwin(t):
            t = t + dt.timedelta(microseconds=rng.randint(0, 999)) if t.microsecond % 1000 == 0 else t
            rabbit.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [{level}] {pid} {msg}")

    def slog(t, level, msg, **kv):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999)) if t.microsecond == 0 else t
        if inwin(t):
            parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"' if " " in msg else f"msg={msg}"]
            for k, v in kv.items():
                v = str(v)
                parts.append(f'{k}="{v}"' if " " in v else f"{k}={v}")
            ingest.add(t, " ".join(parts))

    def zap(t, level, caller, msg, **kv):
        if inwin(t):
            body = {"level": level, "ts": round(t.timestamp(), 4), "caller": caller, "msg": msg}
            body.update(kv)
            delivery.add(t, json.dumps(body, separators=(",", ":")))

    ev_seq = [0x1806b2f3c4d5e000]

    def event(t, kind, ns, name, reason, message, component, host=None, etype="Normal", count=1, field=None):
        if not inwin(t):
            return
        ev_seq[0] += rng.randint(1000, 90000)
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        inv = {"kind": kind, "name": name}
        if ns:
            inv["namespace"] = ns
        if field:
            inv["fieldPath"] = field
        body = {"metadata": {"name": f"{name}.{ev_seq[0]:x}", "namespace": ns or "default", "creationTimestamp": ts},
                "involvedObject": inv, "reason": reason, "message": message,
                "source": {"component": component, **({"host": host} if host else {})},
                "firstTimestamp": ts, "lastTimestamp": ts, "count": count, "type": etype}
        events.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def node_fqdn(n):
        return f"{n}.{REGION}.compute.internal"

    # --- contacts and ingest
    contacts = build_contacts(rng)
    scenes = []
    last_capture = {}
    for c in contacts:
        sat, (station, code) = c["sat"], c["station"]
        ant = f"{code}-{rng.randint(1, 3)}"
        slog(c["aos"], "INFO", "contact AOS", contact=c["id"], station=station, antenna=ant, sat=sat, planned_los=c["los"].strftime("%Y-%m-%dT%H:%M:%SZ"))
        files = rng.randint(3, 7) + (4 if c.get("strip") == STRIP else 0)
        nbytes = int((c["los"] - c["aos"]).total_seconds() * rng.uniform(38e6, 44e6))
        t = c["los"] + dt.timedelta(seconds=rng.randint(25, 70))
        slog(t, "INFO", "delivery notification", contact=c["id"], provider="polarlink", files=files, bytes=nbytes)
        t += dt.timedelta(seconds=rng.randint(8, 30))
        crc = 0 if rng.random() < 0.93 else rng.randint(1, 40)
        slog(t, "INFO" if crc == 0 else "WARN", "raw verified" if crc == 0 else "raw verified with CRC errors", contact=c["id"], frames=nbytes // 1115, crc_errors=crc)
        t += dt.timedelta(seconds=rng.randint(3, 12))
        first = last_capture.get(sat, c["aos"] - dt.timedelta(minutes=rng.randint(40, 95)))
        new = []
        for k in range(c["scenes"]):
            acq = first + (c["aos"] - first) * (k + 1) / (c["scenes"] + 2)
            sid = f"{sat}_{acq.strftime('%Y%m%dT%H%M%S')}_{k + 1:03d}"
            cust = None
            r = rng.random()
            if r < 0.4:
                cust = rng.choice([x for x in CUSTOMERS if x[0] != "northline-pipelines"])
            order = {"id": f"TK-{rng.randint(204000, 209999)}", "customer": cust[0], "tier": "rapid" if rng.random() < cust[1] else "standard"} if cust else None
            prods = ["analytic", "visual"] if (order is None or rng.random() < 0.7) else ["analytic"]
            new.append({"id": sid, "kind": "std", "products": prods, "order": order, "downlink": c["los"], "ready": t})
        if c.get("strip"):
            is142 = c["strip"] == STRIP
            order = {"id": "TK-208841" if is142 else "TK-207319", "customer": "northline-pipelines" if is142 else "railscan-pl", "tier": "standard"}
            new.append({"id": c["strip"], "kind": "strip142" if is142 else "strip30", "products": ["analytic"], "order": order, "downlink": c["los"], "ready": t})
        last_capture[sat] = c["aos"]
        slog(t, "INFO", "scenes cut", contact=c["id"], sat=sat, scenes=len(new), queue="ortho")
        scenes.extend(new)

    # --- ortho: plenty of capacity, no queueing
    ortho_pods = [f"scene-ortho-5b8d7f6c9d-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(6)]
    tile_arrivals = []
    for s in scenes:
        pod = rng.choice(ortho_pods)
        stream = f"{pod}.ortho"
        t0 = s["ready"] + dt.timedelta(milliseconds=rng.randint(80, 900))
        tid = uuid(rng)
        w = rng.randint(1, 2)
        cw(t0, stream, "INFO", "MainProcess", f"Task scene_processing.ortho.tasks.process_scene[{tid}] received")
        dur = {"std": rng.uniform(32, 58), "strip30": 118.0, "strip142": 262.0}[s["kind"]]
        t1 = t0 + dt.timedelta(seconds=dur * 0.35)
        lines = {"std": rng.randint(15800, 16400), "strip30": 41200, "strip142": 189400}[s["kind"]]
        cw(t1, stream, "INFO", f"ForkPoolWorker-{w}", f"L0 decoded scene={s['id']} lines={lines} frames_dropped={0 if rng.random() < 0.9 else rng.randint(1, 12)}")
        t2 = t0 + dt.timedelta(seconds=dur)
        if s["kind"] == "std" and rng.random() < 0.05:
            cw(t2 - dt.timedelta(seconds=2), stream, "WARNING", f"ForkPoolWorker-{w}", f"GCP matching weak (cloud cover {rng.randint(62, 88)}%), using the RPC model scene={s['id']}")
        cw(t2, stream, "INFO", f"ForkPoolWorker-{w}", f"orthorectified scene={s['id']} dem=COP-DEM_GLO-30 gcps={rng.randint(90, 260)} rmse_px={rng.uniform(0.4, 1.1):.2f}")
        cw(t2 + dt.timedelta(milliseconds=rng.randint(20, 90)), stream, "INFO", f"ForkPoolWorker-{w}",
           f"Task scene_processing.ortho.tasks.process_scene[{tid}] succeeded in {dur:.2f}s: {{'scene': '{s['id']}', 'products': {s['products']}}}")
        if s["kind"] == "std" and rng.random() < 0.012:
            cw(t2 - dt.timedelta(seconds=5), stream, "WARNING", f"ForkPoolWorker-{w}",
               f"Task scene_processing.ortho.tasks.process_scene[{uuid(rng)}] retry: Retry in 30s: ClientError('An error occurred (SlowDown) when calling the GetObject operation (reached max retries: 4): Please reduce your request rate.')")
        for p in s["products"]:
            tile_arrivals.append((t2 + dt.timedelta(milliseconds=rng.randint(100, 400)), s, p))
    tile_arrivals.sort(key=lambda x: x[0])

    # --- the tiler: a one-second simulation of six pods, two slots each
    # rs: (hash, version, sha key, limit GB, in-memory builds, logs redeliveries)
    RS = {
        "am": ("7c9f8d6b5d", "2026.11.10-1", "test", 15.03, True, False),
        "pm": ("5f6d9c8b47", "2026.11.10-2", "head", 15.03, True, True),
        "big": ("86b7d5c9f4", "2026.11.10-1", "test", 25.77, True, False),
        "fix": ("6d4c8b7f5a", "2026.11.10-3", "fix", 15.03, False, True),
    }
    pods = []
    ip_pool = iter(f"10.40.{rng.randint(21, 23)}.{rng.randint(10, 250)}" for _ in range(200))

    def new_pod(rs_key, node, t_start, first=False):
        h = RS[rs_key][0]
        p = {"name": f"scene-tiler-{h}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}", "rs": rs_key, "node": node,
             "ip": next(ip_pool), "state": "starting", "ready_at": t_start + dt.timedelta(seconds=rng.uniform(8, 12)), "slots": [None, None],
             "restarts": 0, "started": t_start, "backoff": 0, "drain": False, "conn": f"<0.{rng.randint(20000, 40000)}.0>", "mem": 0.45,
             "port": rng.randint(33000, 60999), "uid": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"}
        if not first:
            event(t_start - dt.timedelta(seconds=3), "Pod", "processing", p["name"], "Scheduled", f"Successfully assigned processing/{p['name']} to {node_fqdn(node)}", "default-scheduler")
            container_start(p, t_start)
        return p

    def container_start(p, t):
        image = f"294017316548.dkr.ecr.{REGION}.amazonaws.com/scene-processing:{shas[RS[p['rs']][2]]}"
        msg = f'Container image "{image}" already present on machine' if (p["restarts"] or p["rs"] in ("am", "big")) else f'Successfully pulled image "{image}" in 2.81s (2.81s including waiting). Image size: 1208331914 bytes.'
        event(t, "Pod", "processing", p["name"], "Pulled", msg, "kubelet", node_fqdn(p["node"]), field="spec.containers{tiler}")
        event(t + dt.timedelta(milliseconds=200), "Pod", "processing", p["name"], "Created", "Created container tiler", "kubelet", node_fqdn(p["node"]), field="spec.containers{tiler}")
        event(t + dt.timedelta(milliseconds=700), "Pod", "processing", p["name"], "Started", "Started container tiler", "kubelet", node_fqdn(p["node"]), field="spec.containers{tiler}")

    def boot_lines(p, t):
        stream = f"{p['name']}.tiler"
        h, version, key, limit, mem, _ = RS[p["rs"]]
        cw(t, stream, "INFO", "MainProcess", f"scene-processing {version} ({shas[key][:12]}) worker starting: queues=tile concurrency=2")
        cw(t + dt.timedelta(milliseconds=640), stream, "INFO", "MainProcess", "Connected to amqp://scene-processing:**@rabbitmq.processing.svc:5672/processing")
        p["conn"] = f"<0.{rng.randint(20000, 60000)}.0>"
        port = rng.randint(33000, 60999)
        rmq(t + dt.timedelta(milliseconds=610), "info", p["conn"], f"accepting AMQP connection {p['conn']} ({p['ip']}:{port} -> 10.40.3.21:5672)")
        rmq(t + dt.timedelta(milliseconds=625), "info", p["conn"], f"connection {p['conn']} ({p['ip']}:{port} -> 10.40.3.21:5672): user 'scene-processing' authenticated and granted access to vhost 'processing'")
        p["port"] = port
        cw(t + dt.timedelta(milliseconds=700), stream, "INFO", "MainProcess", "mingle: searching for neighbors")
        cw(t + dt.timedelta(milliseconds=1750), stream, "INFO", "MainProcess", "mingle: sync with 5 nodes")
        cw(t + dt.timedelta(milliseconds=1760), stream, "INFO", "MainProcess", "mingle: sync complete")
        cw(t + dt.timedelta(milliseconds=1800), stream, "INFO", "MainProcess", f"celery@{p['name']} ready.")

    t = START
    for i in range(6):
        pods.append(new_pod("am", NODES[i % 4], START - dt.timedelta(hours=7, minutes=20, seconds=-i * 25), first=True))
        pods[-1]["state"] = "up"
    queue = collections.deque()
    arrivals = collections.deque(tile_arrivals)
    held = False
    rollouts = [(RELEASE + dt.timedelta(seconds=40), "pm"), (ROLLBACK + dt.timedelta(seconds=35), "am"), (LIMIT_RAISE, "big"), (FIX_DEPLOY + dt.timedelta(seconds=40), "fix")]
    pending_new = []  # (time, rs, node, old pod)
    restart_delays = [10, 20, 40, 80, 160, 300]
    scene_done = collections.defaultdict(set)
    strip_released = False
    step = dt.timedelta(seconds=1)
    slot_names = {}

    def task_mem(task, elapsed, pod):
        kind, prod = task["scene"]["kind"], task["product"]
        mem_mode = RS[pod["rs"]][4]
        if kind == "strip142":
            return min(40.0, 0.3 + 0.36 * elapsed) if mem_mode else min(1.6, 0.3 + 0.05 * elapsed)
        peak = {"std": 3.3 if prod == "analytic" else 1.3, "strip30": 8.9}[kind]
        if not mem_mode:
            peak = 0.9 if kind == "std" else 1.2
        frac = min(1.0, elapsed / max(1.0, task["dur"] * 0.7))
        return 0.2 + (peak - 0.2) * frac

    def duration(task, pod):
        kind, prod = task["scene"]["kind"], task["product"]
        mem_mode = RS[pod["rs"]][4]
        if kind == "strip142":
            return 492.0 if not mem_mode else 9999.0
        if kind == "strip30":
            return 131.0 if mem_mode else 158.0
        base = rng.uniform(72, 112) if prod == "analytic" else rng.uniform(30, 46)
        return base if mem_mode else base * 1.22

    def start_task(p, k, task, now):
        stream = f"{p['name']}.tiler"
        worker = f"ForkPoolWorker-{k + 1}"
        task["pod"], task["start"], task["dur"] = p["name"], now, duration(task, p)
        p["slots"][k] = task
        cw(now, stream, "INFO", "MainProcess", f"Task scene_processing.tiler.tasks.build_cog[{task['id']}] received")
        sc = task["scene"]
        if task.get("redelivered") and RS[p["rs"]][5]:
            cw(now + dt.timedelta(milliseconds=30), stream, "WARNING", worker, f"task scene_processing.tiler.tasks.build_cog[{task['id']}] redelivered (previous worker lost) scene={sc['id']}")
        if sc["kind"] == "strip142" and held:
            cw(now + dt.timedelta(milliseconds=140), stream, "WARNING", worker, f"scene {sc['id']} is on hold, task dropped")
            stats["dropped"] = now
            cw(now + dt.timedelta(milliseconds=150), stream, "INFO", worker, f"Task scene_processing.tiler.tasks.build_cog[{task['id']}] succeeded in 0.14s: None")
            p["slots"][k] = None
            return
        size = {"std": ("16000x16000", 4 if task["product"] == "analytic" else 3), "strip30": ("16000x41200", 4), "strip142": ("16000x189400", 4)}[sc["kind"]]
        cw(now + dt.timedelta(milliseconds=rng.randint(300, 900)), stream, "INFO", worker, f"building COG scene={sc['id']} product={task['product']} size={size[0]} bands={size[1]}")

    def finish_task(p, k, task, now):
        stream = f"{p['name']}.tiler"
        worker = f"ForkPoolWorker-{k + 1}"
        sc = task["scene"]
        nbytes = {"std": rng.randint(1_050_000_000, 1_420_000_000) if task["product"] == "analytic" else rng.randint(310_000_000, 460_000_000),
                  "strip30": 3_412_604_118, "strip142": 15_118_220_311}[sc["kind"]]
        key = f"l1/{sc['id'][:4]}/2026/11/10/{sc['id']}/{task['product']}.tif"
        el = (now - task["start"]).total_seconds()
        cw(now - dt.timedelta(milliseconds=60), stream, "INFO", worker, f"COG written s3://skerry-products-prod/{key} bytes={nbytes} elapsed={el - 0.6:.1f}s")
        cw(now, stream, "INFO", worker, f"Task scene_processing.tiler.tasks.build_cog[{task['id']}] succeeded in {el:.2f}s: {{'scene': '{sc['id']}', 'product': '{task['product']}', 'bytes': {nbytes}}}")
        p["slots"][k] = None
        scene_done[sc["id"]].add(task["product"])
        if scene_done[sc["id"]] == set(sc["products"]):
            publish(sc, now)

    publish_pods = ["scene-publish-78c4d9b6f5-q2wrn", "scene-publish-78c4d9b6f5-zt8kd"]

    def publish(sc, now):
        pod = rng.choice(publish_pods)
        t1 = now + dt.timedelta(milliseconds=rng.randint(300, 1500))
        tid = uuid(rng)
        cw(t1, f"{pod}.publish", "INFO", "MainProcess", f"Task scene_processing.publish.tasks.publish_scene[{tid}] received")
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(400, 1400))
        cw(t2, f"{pod}.publish", "INFO", f"ForkPoolWorker-{rng.randint(1, 4)}", f"STAC item published collection=skerry-l1 item={sc['id']} assets={','.join(sc['products'])}")
        t3 = t2 + dt.timedelta(milliseconds=rng.randint(40, 200))
        zap(t3, "info", "catalog/ingest.go:77", "scene published", scene=sc["id"], collection="skerry-l1", assets=len(sc["products"]))
        stats["done"].append(t3)
        o = sc.get("order")
        if o:
            since = t3 - sc["downlink"]
            mins = int(since.total_seconds() // 60)
            secs = int(since.total_seconds() % 60)
            zap(t3 + dt.timedelta(milliseconds=35), "info", "orders/fulfil.go:132", "order fulfilled", order=o["id"], customer=o["customer"], tier=o["tier"], scene=sc["id"], downlink_to_delivery=f"{mins}m{secs}s")
            zap(t3 + dt.timedelta(milliseconds=rng.randint(120, 600)), "info", "notify/webhook.go:88", "customer webhook delivered", customer=o["customer"], order=o["id"], status=200, dur_ms=rng.randint(60, 420))
            o["delivered"] = t3

    def kill(p, now):
        now = now + dt.timedelta(milliseconds=rng.randint(0, 999))
        h, version, key, limit, _, _ = RS[p["rs"]]
        stats["oom"].append(now)
        stats["restarts"].append(now)
        host = node_fqdn(p["node"])
        pids = sorted(rng.sample(range(20, 4000), 3))
        strip_slot = next(k for k, s in enumerate(p["slots"]) if s and s["scene"]["kind"] == "strip142")
        anon = int(limit * 1024 * 1024 * rng.uniform(0.955, 0.975))
        event(now, "Node", None, host, "OOMKilling",
              f"Memory cgroup out of memory: Killed process {pids[1 + strip_slot]} (celery) total-vm:{anon + rng.randint(1_900_000, 2_300_000)}kB, anon-rss:{anon}kB, file-rss:{rng.randint(9000, 14000)}kB, shmem-rss:0kB, UID:1000 pgtables:{rng.randint(28000, 52000)}kB oom_score_adj:{rng.randint(970, 985)}",
              "kernel-monitor", host, etype="Warning")
        for pid in (pids[0], pids[2 - strip_slot]):
            event(now + dt.timedelta(milliseconds=rng.randint(5, 40)), "Node", None, host, "OOMKilling",
                  f"Memory cgroup out of memory: Killed process {pid} (celery) total-vm:{rng.randint(1_100_000, 4_200_000)}kB, anon-rss:{rng.randint(150_000, 3_300_000)}kB, file-rss:{rng.randint(9000, 14000)}kB, shmem-rss:0kB, UID:1000 pgtables:{rng.randint(900, 8000)}kB oom_score_adj:{rng.randint(970, 985)}",
                  "kernel-monitor", host, etype="Warning")
        rt = now + dt.timedelta(milliseconds=rng.randint(8, 30))
        rt = rt + dt.timedelta(microseconds=rng.randint(1, 999))
        rmq(rt, "warning", p["conn"], f"closing AMQP connection {p['conn']} ({p['ip']}:{p.get('port', 41210)} -> 10.40.3.21:5672, vhost: 'processing', user: 'scene-processing'):")
        rmq(rt, "warning", p["conn"], "client unexpectedly closed TCP connection")
        lost = [s for s in p["slots"] if s]
        lost.sort(key=lambda s: s["scene"]["kind"] != "strip142")
        for s in reversed(lost):
            s2 = dict(s, redelivered=True)
            queue.appendleft(s2)
        p["slots"] = [None, None]
        p["state"] = "down"
        if (now - p["started"]).total_seconds() > 600:
            p["backoff"] = 0
        delay = restart_delays[min(p["backoff"], len(restart_delays) - 1)]
        p["backoff"] += 1
        p["restart_at"] = now + dt.timedelta(seconds=delay + rng.uniform(0.5, 2.0))
        if delay >= 10:
            event(now + dt.timedelta(seconds=rng.uniform(1, 3)), "Pod", "processing", p["name"], "BackOff",
                  f"Back-off restarting failed container tiler in pod {p['name']}_processing({p['uid']})",
                  "kubelet", host, etype="Warning", count=p["backoff"] - 1, field="spec.containers{tiler}")

    now = START
    next_rollout = 0
    rs_events = []
    while now < END:
        # arrivals
        while arrivals and arrivals[0][0] <= now:
            at, sc, prod = arrivals.popleft()
            if at < START:
                if sc.get("order"):
                    sc["order"]["delivered"] = at + dt.timedelta(seconds=rng.randint(70, 150))
                continue
            queue.append({"id": uuid(rng), "scene": sc, "product": prod, "enq": at})
        if not strip_released and now >= UNHOLD:
            strip_released = True
            sc = next(s for s in scenes if s["id"] == STRIP)
            queue.append({"id": uuid(rng), "scene": sc, "product": "analytic", "enq": now})
        held = HOLD <= now < UNHOLD
        # rollouts: one new pod at a time, the old one drained when the new is ready
        if next_rollout < len(rollouts) and now >= rollouts[next_rollout][0]:
            at, rs_key = rollouts[next_rollout]
            next_rollout += 1
            old = [p for p in pods if p["state"] != "gone" and not p["drain"]]
            h = RS[rs_key][0]
            event(now, "Deployment", "processing", "scene-tiler", "ScalingReplicaSet", f"Scaled up replica set scene-tiler-{h} to 1", "deployment-controller")
            for i, op in enumerate(old):
                pending_new.append((now + dt.timedelta(seconds=i * 26 + 1), rs_key, op["node"], op, i))
        while pending_new and pending_new[0][0] <= now:
            at, rs_key, node, op, i = pending_new.pop(0)
            h = RS[rs_key][0]
            np_ = new_pod(rs_key, node, now)
            event(now - dt.timedelta(seconds=3), "ReplicaSet", "processing", f"scene-tiler-{h}", "SuccessfulCreate", f"Created pod: {np_['name']}", "replicaset-controller")
            pods.append(np_)
            op["drain"] = True
            op["drain_at"] = now + dt.timedelta(seconds=12)
            if i == 5:
                oh = RS[op["rs"]][0]
                event(now + dt.timedelta(seconds=13), "Deployment", "processing", "scene-tiler", "ScalingReplicaSet", f"Scaled down replica set scene-tiler-{oh} to 0 from 1", "deployment-controller")
        for p in pods:
            if p["state"] == "gone":
                continue
            if p["drain"] and now >= p["drain_at"] and not p.get("term"):
                p["term"] = now
                event(now, "Pod", "processing", p["name"], "Killing", "Stopping container tiler", "kubelet", node_fqdn(p["node"]), field="spec.containers{tiler}")
                if p["state"] != "up":
                    p["state"] = "gone"
                    continue
                cw(now + dt.timedelta(milliseconds=300), f"{p['name']}.tiler", "INFO", "MainProcess", "worker: Warm shutdown (MainProcess)")
            if p["state"] == "starting" and now >= p["ready_at"]:
                p["state"] = "up"
                boot_lines(p, p["ready_at"] - dt.timedelta(seconds=2))
            if p["state"] == "down" and now >= p["restart_at"]:
                if p["drain"]:
                    p["state"] = "gone"
                    continue
                p["restarts"] += 1
                p["started"] = now
                container_start(p, now)
                p["state"] = "starting"
                p["ready_at"] = now + dt.timedelta(seconds=rng.uniform(8, 11))
            if p["state"] != "up":
                continue
            # memory and OOM
            mem = 0.45 + sum(task_mem(s, (now - s["start"]).total_seconds(), p) for s in p["slots"] if s)
            p["mem"] = mem
            if mem >= RS[p["rs"]][3] and any(s and s["scene"]["kind"] == "strip142" for s in p["slots"]):
                kill(p, now)
                continue
            for k, s in enumerate(p["slots"]):
                if s and (now - s["start"]).total_seconds() >= s["dur"]:
                    finish_task(p, k, s, now - dt.timedelta(milliseconds=rng.randint(0, 900)))
            if p["drain"]:
                if not any(p["slots"]):
                    rt = now + dt.timedelta(milliseconds=rng.randint(200, 600))
                    rmq(rt, "info", p["conn"], f"closing AMQP connection {p['conn']} ({p['ip']}:{p.get('port', 41210)} -> 10.40.3.21:5672, vhost: 'processing', user: 'scene-processing')")
                    p["state"] = "gone"
                continue
            for k in range(2):
                if p["slots"][k] is None and queue:
                    start_task(p, k, queue.popleft(), now + dt.timedelta(milliseconds=rng.randint(5, 400)))
        if now.second % 30 == 0:
            stats["ready"][now.replace(microsecond=0)] = len(queue)
            stats["mem"].append((now, max([p["mem"] for p in pods if p["state"] == "up"] or [0.45])))
        now += step

    # --- delivery-api: SLA watch, STAC searches and downloads
    for sc in scenes:
        o = sc.get("order")
        if not o or o["tier"] != "rapid":
            continue
        risk = sc["downlink"] + dt.timedelta(minutes=10)
        breach = sc["downlink"] + dt.timedelta(minutes=15)
        done = o.get("delivered", END + dt.timedelta(hours=1))
        if done > risk and risk < END:
            stats["risk"].append(risk)
            zap(risk + dt.timedelta(seconds=rng.randint(1, 50)), "warn", "orders/sla.go:61", "rapid order at risk of missing delivery SLA", order=o["id"], customer=o["customer"], scene=sc["id"], since_downlink="10m", sla="15m")
        if done > breach and breach < END:
            zap(breach + dt.timedelta(seconds=rng.randint(1, 50)), "error", "orders/sla.go:74", "rapid order delivery SLA breached", order=o["id"], customer=o["customer"], scene=sc["id"], sla="15m")
            stats["breach"].append(breach)
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(2.6 / 60))
        cust = rng.choice(CUSTOMERS)[0]
        r = rng.random()
        if r < 0.55:
            zap(t, "info", "httpx/log.go:41", "request", method="POST", path="/stac/v1/search", status=200, dur_ms=rng.randint(40, 260), customer=cust)
        elif r < 0.85:
            oid = f"TK-{rng.randint(201000, 209999)}"
            zap(t, "info", "httpx/log.go:41", "request", method="GET", path=f"/v1/orders/{oid}/assets/{rng.choice(['analytic', 'visual'])}", status=302, dur_ms=rng.randint(8, 40), customer=cust)
            zap(t + dt.timedelta(milliseconds=2), "info", "assets/sign.go:52", "signed asset URL issued", order=oid, customer=cust, expires_in="1h0m0s")
        elif r < 0.97:
            zap(t, "info", "httpx/log.go:41", "request", method="GET", path=f"/v1/tasking/orders/TK-{rng.randint(201000, 209999)}", status=200, dur_ms=rng.randint(10, 60), customer=cust)
        else:
            zap(t, "warn", "httpx/log.go:41", "request", method="GET", path=f"/v1/orders/TK-{rng.randint(201000, 209999)}/assets/analytic", status=404, dur_ms=rng.randint(5, 20), customer=cust)

    # --- deploys: GitLab job logs
    job = [771190]

    def gl(t, text, stream="00O"):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999)) if t.microsecond == 0 else t
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z {stream} {text}")

    def job_head(t, name, sha, subject, pipeline):
        job[0] += rng.randint(40, 400)
        gl(t, "Running with gitlab-runner 17.5.2 (c7d1e4a9)")
        gl(t + dt.timedelta(milliseconds=80), "  on imagery-prod-deployer k8s-runner-2, system ID: r_8sK2mQ0vXb4T")
        gl(t + dt.timedelta(seconds=1), 'Preparing the "kubernetes" executor')
        gl(t + dt.timedelta(seconds=6), f"Job {job[0]}: {name} (pipeline {pipeline})")
        gl(t + dt.timedelta(seconds=7), "Fetching changes with git depth set to 20...")
        gl(t + dt.timedelta(seconds=9), f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        return t + dt.timedelta(seconds=10)

    def deploy_job(t, sha, subject, pipeline, rev, dur):
        t = job_head(t, "deploy:production", sha, subject, pipeline)
        gl(t, '$ echo "Deploying $CI_COMMIT_SHORT_SHA ($CI_COMMIT_TITLE) to imagery-prod"')
        gl(t + dt.timedelta(milliseconds=20), f"Deploying {sha[:8]} ({subject}) to imagery-prod")
        gl(t + dt.timedelta(milliseconds=40), "$ helm upgrade --install scene-processing chart/scene-processing --namespace processing -f chart/scene-processing/values-production.yaml --set image.tag=$CI_COMMIT_SHA --wait --timeout 15m")
        done = t + dt.timedelta(seconds=dur)
        gl(done, 'Release "scene-processing" has been upgraded. Happy Helming!')
        gl(done + dt.timedelta(milliseconds=2), "NAME: scene-processing")
        gl(done + dt.timedelta(milliseconds=3), f"LAST DEPLOYED: {(t + dt.timedelta(seconds=1)).strftime('%a %b %e %H:%M:%S %Y')}")
        gl(done + dt.timedelta(milliseconds=4), "NAMESPACE: processing")
        gl(done + dt.timedelta(milliseconds=5), "STATUS: deployed")
        gl(done + dt.timedelta(milliseconds=6), f"REVISION: {rev}")
        gl(done + dt.timedelta(seconds=1), "Cleaning up project directory and file based variables")
        gl(done + dt.timedelta(seconds=2), "Job succeeded")

    deploy_job(DEPLOY_MON - dt.timedelta(seconds=12), shas["monday"], "publish: STAC items carry proj:epsg and proj:shape (PROC-385)", 98140, 141, 171)
    deploy_job(DEPLOY_AM - dt.timedelta(seconds=12), shas["test"], "test: the sample scene's COG is built without touching /scratch (PROC-388)", 98177, 142, 188)
    deploy_job(RELEASE - dt.timedelta(seconds=12), shas["head"], "tiler, ortho: GDAL_CACHEMAX 1024 MB and VSI_CACHE for /vsis3/ reads (PROC-392)", 98203, 143, 196)
    t = job_head(ROLLBACK - dt.timedelta(seconds=14), "rollback:production", shas["head"], "", 98203)
    gl(t, '$ helm rollback scene-processing "$HELM_REVISION" --namespace processing --wait --timeout 15m')
    gl(t + dt.timedelta(seconds=201), "Rollback was a success! Happy Helming!")
    gl(t + dt.timedelta(seconds=202), "Cleaning up project directory and file based variables")
    gl(t + dt.timedelta(seconds=203), "Job succeeded")
    deploy_job(FIX_DEPLOY - dt.timedelta(seconds=12), shas["fix"], f'Revert "tiler: build COGs in memory instead of temp files in /scratch (PROC-388)"', 98219, 145, 184)

    # --- Slack
    users = {"fiona.baird": "U04FBD2K1", "isla.munro": "U02IMN7QX", "tomasz.wrobel": "U05TWR3LP", "ruairidh.mackay": "U03RMK8VA", "alertmanager": "B01ALRT7Q"}

    def say(stamp, who, text):
        w = utc(stamp)
        slack.add(w, json.dumps({"type": "message", "ts": f"{int(w.timestamp())}.{rng.randint(100, 999999):06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    onset = min(stats["oom"])
    restart_alert = sorted(stats["oom"])[3] + dt.timedelta(seconds=75)
    samples = sorted(stats["ready"].items())
    backlog_alert = None
    for i, (ts, _) in enumerate(samples):
        window = [v for (x, v) in samples if ts - dt.timedelta(minutes=5) < x <= ts]
        if ts > onset and len(window) >= 10 and min(window) > 40:
            backlog_alert = ts + dt.timedelta(seconds=40)
            break
    assert restart_alert < utc("2026-11-10 18:10:00") and backlog_alert and backlog_alert < utc("2026-11-10 18:13:30"), (restart_alert, backlog_alert)
    peak = max(v for (x, v) in samples if restart_alert < x < backlog_alert + dt.timedelta(seconds=60))
    say("2026-11-10 16:51:30", "fiona.baird", "PROC-392 merged: GDAL_CACHEMAX 1024 + VSI_CACHE for tiler and ortho, took ~15% off warps in staging. Deploying after the 17:00 handover with the boto3 bump and Ananya's redelivery logging")
    say("2026-11-10 17:34:40", "fiona.baird", f"2026.11.10-2 out ({shas['head'][:8]}), helm rev 143")
    say(restart_alert.strftime("%Y-%m-%d %H:%M:%S"), "alertmanager", "[FIRING:1] TilerRestarting processing/scene-tiler (severity=warning) 4 container restarts in 10m")
    say(backlog_alert.strftime("%Y-%m-%d %H:%M:%S"), "alertmanager", f"[FIRING:1] TileQueueBacklog processing/tile (severity=page) {peak} messages ready > 40 for 5m")
    say("2026-11-10 18:13:45", "isla.munro", "ack. tiler pods OOMKilled one after another, limits unchanged. The only change today in the evening is PROC-392 (bigger GDAL cache). Rolling back to 142")
    say("2026-11-10 18:18:05", "fiona.baird", "GDAL_CACHEMAX is per process but 1 GB can't take a 14Gi pod over on its own... agreed, roll it back")
    say("2026-11-10 18:25:30", "isla.munro", "helm rollback to 142 done (2026.11.10-1 pods up)")
    say("2026-11-10 18:31:15", "isla.munro", "still OOMKilled after the rollback. Raising the tiler limit to 24Gi with kubectl set resources to buy time (the next helm release will put it back)")
    say("2026-11-10 18:36:50", "ruairidh.mackay", "AgriSense and Baltic Maritime are asking about Rapid orders from the 17:50 passes. What can I tell them?")
    say("2026-11-10 18:39:40", "isla.munro", "24Gi pods get OOM-killed too, just a bit later. Something takes more than 24 GB in one go")
    say("2026-11-10 18:43:55", "fiona.baird", f"the redelivery warnings from before the rollback all name the same scene, {STRIP}, again and again. That's Northline's 142 km corridor strip, down at Inuvik at 17:56. Every pod dies a minute or so after it picks that task up")
    say("2026-11-10 18:46:30", "isla.munro", f"spctl hold {STRIP}")
    say("2026-11-10 18:50:10", "isla.munro", f"dropped at {stats['dropped'].strftime('%H:%M:%S')}, no OOM since {max(stats['oom']).strftime('%H:%M')}. Pods coming out of back-off, queue draining")
    say("2026-11-10 18:53:20", "tomasz.wrobel", "the strip is 16000 x 189400 px, 4 x uint16: 24 GB. PROC-388 this morning set in_memory=True on cog_translate, so everything is built in memory now; before, rio-cogeo went through a temp GTiff in /scratch for anything over 120 Mpx. Standard scenes fit in 3.5 GB, a strip can't. And I cut /scratch to 2Gi. Reverting PROC-388")
    say("2026-11-10 18:59:05", "tomasz.wrobel", "revert MR !318 merged, pipeline running")
    say("2026-11-10 19:16:20", "tomasz.wrobel", "2026.11.10-3 deployed (rev 145: the revert + PROC-392 + logging). /scratch 10Gi, limit back to 14Gi from the chart")
    say("2026-11-10 19:21:15", "isla.munro", f"spctl release {STRIP}, tiling through /scratch")
    say("2026-11-10 19:30:05", "isla.munro", "strip COG written in ~8 min, Northline's order delivered. Queue nearly empty")
    say("2026-11-10 19:44:30", "ruairidh.mackay", f"AgriSense and Baltic have theirs. {len(stats['risk'])} Rapid orders past the 10 min warning, {len(stats['breach'])} past the 15 min SLA, I'll sort the credits")
    say("2026-11-10 19:52:40", "isla.munro", "writing it up. PROC-392 was not it. Follow-ups: a size guard before in-memory COG builds, a delivery limit on the tile queue so a poison message goes to the DLQ, alert on OOMKilling")
    return [proc, events, rabbit, ingest, delivery, gitlab, slack], stats, onset


def build(out_dir):
    rng = random.Random(41100)
    repo, shas = build_repo()
    try:
        logs, stats, onset = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert utc("2026-11-10 18:01:30") <= onset <= utc("2026-11-10 18:05:00"), onset
        assert all(x < HOLD + dt.timedelta(minutes=2) for x in stats["oom"]), max(stats["oom"])
        assert stats["dropped"] < utc("2026-11-10 18:50:00") and max(stats["oom"]) < stats["dropped"]

        def per_min(series, minutes=1):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        ready = stats["ready"]
        mem = stats["mem"]
        drng = random.Random(41102)
        mem2d = {}
        t = utc("2026-11-09 12:00:00")
        while t <= END:
            if t >= START:
                vals = [m for (x, m) in mem if t - dt.timedelta(minutes=5) < x <= t]
                v = max(vals) if vals else None
            else:
                h = t.hour + t.minute / 60
                busy = 0.6 if 1 <= h < 6 else 1.0
                v = (0.45 + 2 * 0.9 * drng.uniform(0.8, 1.0) * busy) if t < DEPLOY_AM + dt.timedelta(minutes=4) else (0.45 + (3.3 + (3.3 if drng.random() < 0.7 * busy else 1.3)) * drng.uniform(0.9, 1.0))
            if v is not None:
                mem2d[t] = v * 1024 ** 3
            t += dt.timedelta(minutes=5)
        metrics = {
            "rabbitmq_queue_messages_ready.json": query_range([({"queue": "tile", "vhost": "processing"}, lambda t: ready.get(t.replace(microsecond=0)))], START, END - dt.timedelta(seconds=30), 30),
            "tiler_memory_working_set_max_2d.json": query_range([({"namespace": "processing", "container": "tiler"}, lambda t: mem2d.get(t))], utc("2026-11-09 12:00:00"), END, 300),
            "tiler_container_restarts.json": query_range([({"namespace": "processing", "container": "tiler"}, per_min(stats["restarts"], 5))], START, END, 60),
        }
        hours = (onset - utc("2026-11-10 07:22:00")).total_seconds() / 3600
        strip30_peak = max(v for t, v in mem2d.items() if utc("2026-11-10 15:58:00") <= t <= utc("2026-11-10 16:08:00")) / 1024 ** 3
        return write_scenario(
            out_dir, name="r41-strip-cog-in-memory", service=SERVICE, onset=onset,
            description=f"""
Skerry Earth's scene processing stalls on the evening of Tuesday 10
November: from {onset.strftime('%H:%M:%S')} UTC the scene-tiler pods are OOM-killed one after
another ({len(stats['oom'])} kills by 18:48), go into CrashLoopBackOff, and the tile
queue backs up; downlink-to-delivery times triple and Rapid orders come
close to their 15-minute delivery SLA ({len(stats['breach'])} miss it). A tuning release (GDAL cache
sizes) had gone out at 17:31; rolling it back at 18:21 and raising the
tiler's memory limit to 24Gi at 18:33 did not help. A scene is put on
hold at 18:47 and the kills stop; a fix is released at 19:12.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            line_formats={
                "scene-processing.log": r'<Timestamp> <Stream> \[<Date> <Time>: <Level>/<Process>\] <Content>',
            },
            root_cause=[
                r"Memory cgroup out of memory: Killed process",
            ],
            fix_files=["scene_processing/tiler/cog.py", "chart/scene-processing/values-production.yaml"],
            explanation=f"""
The culprit is PROC-388 ("tiler: build COGs in memory instead of temp
files in /scratch"), committed on Tuesday 10 November at 07:22 UTC from
Kraków and released at 08:10 in a job whose checkout names the test
commit after it, {hours:.1f} hours before the onset. It passes
`in_memory=True` to rio-cogeo's cog_translate (into a MemoryFile uploaded
from memory) and cuts the tiler's /scratch emptyDir from 10Gi to 2Gi.
Until then rio-cogeo kept only rasters under 120 Mpx in memory and built
every full scene through a temporary GTiff; now every raster is built in
memory whatever its size. Standard scenes need about 3.5 GB and fit the
14Gi pods (the memory panel steps up at 08:10; a 30 km strip at 16:00
takes a pod to {strip30_peak:.1f} GiB). Northline's 142 km corridor strip, captured at 17:41
and downlinked at Inuvik at 17:56, needs 24 GB: every tiler pod that takes
its tile task is OOM-killed (node-problem-detector's OOMKilling, the
whole container), the acked-late task goes back to the head of the queue
and kills the next pod, and the tile queue backs up behind the crash
loop. The fix reverts PROC-388 in scene_processing/tiler/cog.py and
chart/scene-processing/values-production.yaml (released at 19:12).
Decoys: the 17:31 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (PROC-392:
GDAL_CACHEMAX 256 -> 1024 MB and VSI_CACHE in the same values file, a
boto3 bump, and PROC-393, which logs redelivered tasks with their scene:
the "redelivered (previous worker lost)" warnings only exist while it
runs), rolled back at 18:21 without effect; the kubectl limit raise to
24Gi; the harmless GeoTIFF-tags commit to the culprit's file four days
before; the runbook commit about evictions; the DEM, STAC, rasterio and
CI commits; routine S3 SlowDown retries, weak GCP matches and CRC errors
in the ingest.
""",
        )
    finally:
        repo.close()
