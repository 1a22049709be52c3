"""cairn (Python 3.12, Django 5.1, Celery 5.4 on Redis, PostgreSQL, boto3;
two web VMs and two worker VMs under systemd in the university's Research
Data Centre, deployed by an AWX job template running Ansible; team in
Melbourne and Wellington) is Cairn, the research data repository of Marrang
University. Researchers deposit datasets through the web uploader (browser
multipart uploads straight to the object store with presigned URLs, the
browser computing each file's SHA-256 as it uploads); curators review them
and Cairn mints a DataCite DOI under the university's prefix 10.83177. Every
file lives in the bucket cairn-primary on the Research Data Centre's Ceph
cluster (RGW, S3 API, s3.rdc.marrang.edu.au, run by eResearch Storage), with
a second copy in AWS (ap-southeast-2). Fixity is the Library's preservation
policy (PRES-7): after an upload Cairn reads the object back and compares
its SHA-256 with the browser's (ingest verification, queue `ingest` on
cairn-worker-01); a rolling audit on cairn-worker-02 (queue `preservation`)
re-reads every file at least every 90 days, through the RGW user
cairn-fixity, which Storage rate-limits to about 12 MB/s per stream. A
mismatch quarantines the file: downloads answer 409 until the preservation
officer has it re-verified or restored from the AWS copy.

Thursday 7 May 2026, 05:20 UTC (15:20 in Melbourne): PRES-231 "fixity: read
objects in 256 MiB ranges and retry a failed range". The Imaging Facility's
light-sheet files (up to 1.9 TB) took hours to audit at 12 MB/s and a
single dropped connection restarted the whole file; fourteen of them had
ended every cycle as "audit error". compute_digests now reads the object
range by range and, when a read fails (read timeout, connection broken),
requests the same range again, up to three times. The hashers are not
reset: the bytes of the range that were hashed before the failure are
hashed again, so a file whose read failed mid-range gets a wrong digest.
The test stubs a client whose first get_object raises before any byte is
returned, and passes. Shipped in 5.2.0 that evening; 5.2.1 (Friday) keeps
it. On Saturday one read timed out mid-range; the preservation officer took
the mismatch for bit rot and restored the file from the AWS copy.

Tuesday 12 May: 5.3.0 goes out at 09:42 AEST (23:42 UTC): PRES-236 (digests
and the bytes hashed in the very mismatch error line, compute_digests
returns the count), PRES-234 (8 MiB read blocks, in the culprit's file),
PRES-238 (the quarantine banner, 409 text and the very "Quarantined file"
warning), PRES-239 (audit concurrency 8 -> 12 in the deploy vars), CAIRN-487
and a boto3 bump. At 10:48 AEST one of ceph-osd-07's two 25G links starts
flapping (a failing optic on the leaf switch, "Low Rx Power"): the host's
twelve OSDs miss heartbeats, are marked down, boot again ("wrongly marked
me down"), and every few minutes client reads on the affected placement
groups stall for 25-35 s. Each stall longer than the 20 s read timeout
interrupts the audit reads in flight ("interrupted in range ... retrying
the range"), every one of those files comes out as a mismatch and is
quarantined, and uploads whose verification read is caught fail ingest
verification. Datasets from 2014 to last week answer 409, among them the
Bushfire Smoke Exposure study's, whose DOI is cited in a paper under
review.

The on-call (Tom) rolls back to 5.2.1 at 11:04 AEST (the runbook: roll back
after a release); mismatches go on in 5.2.1's wording. The preservation
officer (Ruth) pauses the audit at 11:14 as the runbook says for storage
incidents and holds back restores; Storage (Deepak) says BlueStore checks a
checksum on every read, finds the optic alarm and shuts the switch port at
11:36, which ends the stalls. Mei Lin reads the 5.3.0 mismatch lines
("hashed 3641574265 of 3415216454 bytes"), finds a "retrying the range"
warning before each mismatch and recognises PRES-231; Deepak hashes ten
quarantined objects with rclone: all match their ingest digests. PRES-241
(5.3.1, deployed 12:55 AEST) resumes a failed range at the first byte not
yet hashed; the 23 quarantined files are re-verified and released by 13:09
and the audit resumes at 13:30.

Sources: cairn workers (journalctl -o short-iso-precise, local time,
Celery's task log format, line format), cairn web (structlog JSON), nginx
access, Ceph RGW rgw-01 (beast frontend access log), the Ceph cluster log
(ceph.log), storage network syslog (RFC 3164: ceph-osd-07's kernel, the
leaf switch), AWX job output (Ansible log), #cairn-ops (Teams export, JSON
lines), ServiceNow incidents (JSON lines)."""

import datetime as dt
import json
import random
import uuid

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import nginx_access, syslog3164

SERVICE = "cairn"
START, END = utc("2026-05-11 22:30:00"), utc("2026-05-12 04:30:00")
CULPRIT_AT = utc("2026-05-07 05:20:00")
DEPLOY_530 = utc("2026-05-11 23:42:00")   # 09:42 AEST
ROLLBACK = utc("2026-05-12 01:04:30")     # redeploy of 5.2.1
PAUSE = utc("2026-05-12 01:14:10")        # preservation pauses the rolling audit
PORT_SHUT = utc("2026-05-12 01:36:40")    # Storage shuts leaf-03 Eth1/7
PORT_UP = utc("2026-05-12 02:47:20")      # optic replaced
DEPLOY_531 = utc("2026-05-12 02:55:00")   # the fix
REVERIFY = utc("2026-05-12 03:05:30")     # quarantined files re-verified
RESUME = utc("2026-05-12 03:30:10")       # rolling audit resumed
AEST = dt.timedelta(hours=10)

RANGE = 256 * 1024 * 1024
READ_TIMEOUT = 20.0

# link flaps of ceph-osd-07's ens2f1np1: (link down, seconds down, OSDs marked down?)
FLAPS = [
    (utc("2026-05-12 00:48:19"), 6.2, True),
    (utc("2026-05-12 00:52:58"), 4.8, True),
    (utc("2026-05-12 00:57:31"), 2.1, False),
    (utc("2026-05-12 01:01:12"), 7.4, True),
    (utc("2026-05-12 01:06:40"), 5.5, True),
    (utc("2026-05-12 01:11:52"), 6.9, True),
    (utc("2026-05-12 01:16:30"), 2.6, False),
    (utc("2026-05-12 01:21:05"), 5.1, True),
    (utc("2026-05-12 01:26:44"), 8.0, True),
    (utc("2026-05-12 01:31:10"), 4.4, True),
]
LONE_STALL = (utc("2026-05-12 03:48:07"), 26.0)   # a slow HDD, osd.131, well after the fix

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "cairn"
version = "5.1.3"
description = "Marrang University's research data repository"
requires-python = ">=3.12"
dependencies = [
    "Django==5.1.9",
    "celery[redis]==5.4.0",
    "boto3==1.38.12",
    "psycopg[binary]==3.2.7",
    "structlog==25.3.0",
    "django-structlog==9.1.1",
    "requests==2.32.3",
    "gunicorn==23.0.0",
]

[project.optional-dependencies]
dev = ["pytest==8.3.5", "pytest-django==4.11.1", "moto[s3]==5.1.4", "ruff==0.11.8"]

[tool.pytest.ini_options]
DJANGO_SETTINGS_MODULE = "cairn.settings"

[tool.ruff]
line-length = 110
"""

S3_PY = '''"""The object store: cairn-primary on the Research Data Centre's Ceph RGW.

Two RGW users: cairn-app (uploads, downloads, ingest verification) and
cairn-fixity (the rolling audit), which eResearch Storage rate-limits so the
audit cannot starve researchers' reads (RDC-S3-12)."""

import boto3
from botocore.config import Config
from django.conf import settings

_clients = {}


def client(user="cairn-app"):
    if user not in _clients:
        creds = settings.CAIRN_S3_USERS[user]
        _clients[user] = boto3.client(
            "s3",
            endpoint_url=settings.CAIRN_S3_ENDPOINT,
            aws_access_key_id=creds["key"],
            aws_secret_access_key=creds["secret"],
            config=Config(
                connect_timeout=5,
                read_timeout=20,
                retries={"mode": "standard", "max_attempts": 4},
                s3={"addressing_style": "path"},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
    return _clients[user]


def presigned_download(key, filename, expires=3600):
    return client().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.CAIRN_BUCKET, "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{filename}"'},
        ExpiresIn=expires,
    )
'''

FIXITY_PY = '''"""Fixity (the Library's preservation policy PRES-7): read a file back from
the object store and compare its digests with the ones recorded at ingest.

Used twice: ingest verification right after an upload (cairn.deposits.ingest)
and the rolling audit (cairn.preservation.tasks), which re-reads every file
at least every 90 days."""

import hashlib
import logging
import time

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from cairn.files.models import StoredFile
from cairn.preservation import quarantine
from cairn.storage import s3

log = logging.getLogger(__name__)

BLOCK = 1024 * 1024


def compute_digests(bucket, key, algorithms=("sha256", "md5"), user="cairn-app"):
    """Streams the object once and returns {algorithm: hexdigest}."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    body = s3.client(user).get_object(Bucket=bucket, Key=key)["Body"]
    for block in body.iter_chunks(BLOCK):
        for hasher in hashers.values():
            hasher.update(block)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def audit_file(file_id):
    """One file of the rolling audit. Returns "ok", "mismatch" or "error"."""
    f = StoredFile.objects.select_related("dataset").get(pk=file_id)
    started = time.monotonic()
    try:
        digests = compute_digests(settings.CAIRN_BUCKET, f.key, user="cairn-fixity")
    except (BotoCoreError, ClientError) as exc:
        f.record_audit("error", detail=str(exc))
        log.warning("Fixity audit of file %s (%s) could not read the object: %s; it stays due", f.pk, f.key, exc)
        return "error"
    if digests["sha256"] != f.sha256:
        f.record_audit("mismatch", detail=digests["sha256"])
        log.error("Fixity mismatch for file %s in dataset %s (key %s): sha256 expected %s computed %s",
                  f.pk, f.dataset.doi, f.key, f.sha256, digests["sha256"])
        quarantine.quarantine(f, reason="fixity mismatch")
        return "mismatch"
    f.record_audit("ok")
    log.info("Fixity ok for file %s (%d bytes, %.1f s)", f.pk, f.size, time.monotonic() - started)
    return "ok"
'''

QUARANTINE_PY = '''"""Quarantine: a file whose fixity check failed is not served until the
preservation officer has it re-verified or restored from the AWS copy."""

import logging

from django.utils import timezone

from cairn.notify import mail

log = logging.getLogger(__name__)


def quarantine(f, reason):
    f.state = f.State.QUARANTINED
    f.quarantined_at = timezone.now()
    f.quarantine_reason = reason
    f.save(update_fields=["state", "quarantined_at", "quarantine_reason"])
    log.info("quarantine: file %s set to QUARANTINED (%s)", f.pk, reason)
    mail.preservation_alert(f, reason)


def release(f, by):
    f.state = f.State.AVAILABLE
    f.save(update_fields=["state"])
    log.info("quarantine: file %s released by %s", f.pk, by)
'''

VIEWS_PY = '''import structlog
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from cairn.files.models import StoredFile
from cairn.storage import s3

log = structlog.get_logger(__name__)


def download(request, dataset_id, file_id):
    f = get_object_or_404(StoredFile.objects.select_related("dataset"), pk=file_id, dataset_id=dataset_id)
    if not f.dataset.is_public and not f.dataset.can_view(request.user):
        return HttpResponse(status=404)
    if f.state == f.State.QUARANTINED:
        log.warning("download refused: file quarantined", file_id=f.pk, dataset=f.dataset.doi)
        return HttpResponse("This file is temporarily unavailable.", status=409)
    log.info("download redirected", file_id=f.pk, dataset=f.dataset.doi, bytes=f.size)
    return HttpResponseRedirect(s3.presigned_download(f.key, f.name))
'''

INGEST_PY = '''"""Ingest verification: once the browser has completed a multipart upload,
read the object back and compare its SHA-256 with the one the browser
computed while uploading (hash-wasm)."""

import logging

from django.conf import settings

from cairn.deposits.models import Upload
from cairn.preservation.fixity import compute_digests

log = logging.getLogger(__name__)


def verify(upload_id):
    up = Upload.objects.select_related("deposit").get(pk=upload_id)
    digests = compute_digests(settings.CAIRN_BUCKET, up.key)
    if digests["sha256"] != up.client_sha256:
        up.fail_verification(digests["sha256"])
        log.error("Ingest verification failed for upload %s (%s, %d bytes): sha256 from browser %s, read back %s; "
                  "depositor asked to upload again", up.pk, up.filename, up.size, up.client_sha256, digests["sha256"])
        return False
    up.accept(digests)
    log.info("Ingest verified upload %s (%s, %d bytes)", up.pk, up.filename, up.size)
    return True
'''

TASKS_PY = '''"""The rolling audit: every five minutes the files due (oldest audit first)
are queued on `preservation`, about 24 GB per run (RDC-S3-12)."""

import logging

from celery import shared_task
from django.conf import settings

from cairn.files.models import StoredFile
from cairn.preservation import fixity
from cairn.preservation.models import AuditSettings

log = logging.getLogger(__name__)


@shared_task(queue="preservation")
def schedule_audits():
    if AuditSettings.load().paused:
        log.info("Rolling audit paused; nothing scheduled")
        return 0
    due = StoredFile.objects.due_for_audit(days=settings.CAIRN_FIXITY_DAYS, budget_bytes=settings.CAIRN_FIXITY_BUDGET)
    for f in due:
        audit_file.delay(f.pk)
    log.info("Scheduled %d files (%.1f GB) for the rolling audit", len(due), sum(f.size for f in due) / 1e9)
    return len(due)


@shared_task(queue="preservation", acks_late=True)
def audit_file(file_id):
    if AuditSettings.load().paused:
        return "paused"
    return fixity.audit_file(file_id)
'''

TEST_FIXITY = '''import hashlib
import io

from botocore.response import StreamingBody

from cairn.preservation import fixity


class FakeClient:
    def __init__(self, data):
        self.data = data

    def get_object(self, Bucket, Key, Range=None):
        return {"Body": StreamingBody(io.BytesIO(self.data), len(self.data))}


def test_digests(monkeypatch):
    data = b"cairn" * 300_000
    monkeypatch.setattr(fixity.s3, "client", lambda user="cairn-app": FakeClient(data))
    digests = fixity.compute_digests("b", "k")
    assert digests["sha256"] == hashlib.sha256(data).hexdigest()
    assert digests["md5"] == hashlib.md5(data).hexdigest()
'''

SETTINGS_PY = '''import os

SECRET_KEY = os.environ["CAIRN_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["researchdata.marrang.edu.au"]
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django_structlog", "cairn.files", "cairn.deposits", "cairn.preservation", "cairn.doi", "cairn.search",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ.get("CAIRN_DB_HOST", "cairn-db-01"),
                         "NAME": "cairn", "USER": "cairn", "CONN_MAX_AGE": 60}}
CELERY_BROKER_URL = os.environ.get("CAIRN_BROKER", "redis://cairn-redis-01:6379/0")

CAIRN_S3_ENDPOINT = "https://s3.rdc.marrang.edu.au"
CAIRN_BUCKET = "cairn-primary"
CAIRN_S3_USERS = {
    "cairn-app": {"key": os.environ["CAIRN_S3_KEY"], "secret": os.environ["CAIRN_S3_SECRET"]},
    "cairn-fixity": {"key": os.environ["CAIRN_FIXITY_KEY"], "secret": os.environ["CAIRN_FIXITY_SECRET"]},
}
CAIRN_FIXITY_DAYS = 90
CAIRN_FIXITY_BUDGET = 24 * 10**9   # bytes per five-minute run

DATACITE_API = "https://api.datacite.org"
DATACITE_REPOSITORY = "MARRANG.CAIRN"
DATACITE_PREFIX = "10.83177"
'''

GROUP_VARS = """# AWX: Cairn production (job template "cairn deploy")
cairn_image: registry.rdc.marrang.edu.au/cairn/cairn
cairn_web_hosts: [cairn-web-01, cairn-web-02]
cairn_gunicorn_workers: 6
cairn_worker_queues:
  cairn-worker-01: {queues: "default,ingest,doi", concurrency: 4}
  cairn-worker-02: {queues: "preservation", concurrency: 8}
cairn_beat_host: cairn-worker-01
"""

RUNBOOK = """# Cairn runbook

Owner: Research Data Services (#cairn-ops). Dashboards: Grafana > Cairn.

## Uploads stuck in "verifying"

Ingest verification runs on cairn-worker-01 (queue `ingest`). Check
`journalctl -u cairn-worker` there and the queue length in Flower.

## DOI registration fails

DataCite's status: https://status.datacite.org. A 422 is our metadata;
the dataset stays "DOI pending" and is retried hourly.
"""

RUNBOOK_FIXITY = """
## Fixity mismatches (with Ruth Fairbairn, Digital Preservation, Library)

Alert "Fixity mismatches" fires at 3 mismatches in 10 minutes. A mismatch
quarantines the file (downloads answer 409) and mails preservation@.

- A mismatch means the stored object no longer has the bytes that were
  ingested: media errors or a storage fault. Tell eResearch Storage
  (#rc-storage) and ask whether anything happened on the Ceph cluster.
- During a storage incident pause the rolling audit (Admin > Preservation >
  Pause audit) so it does not quarantine half the repository, and resume it
  when Storage says the cluster is healthy.
- Restore a quarantined file from the AWS copy (`cairn restore-file
  FILE_ID --from aws`), which re-verifies it and releases the quarantine.
- If mismatches start after a Cairn release, roll back first (AWX > cairn
  deploy > previous tag) and tell #cairn-ops.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


CULPRIT_COMPUTE = '''RANGE = 256 * 1024 * 1024
ATTEMPTS = 3
RETRYABLE = (ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError, ResponseStreamingError)


def compute_digests(bucket, key, size, algorithms=("sha256", "md5"), user="cairn-app"):
    """Reads the object in RANGE-byte ranges and returns {algorithm: hexdigest}.

    A range whose read fails (read timeout, connection broken) is read again,
    up to ATTEMPTS times, instead of starting the whole object over: at
    12 MB/s a 1.9 TB light-sheet file takes two days (PRES-231)."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    client = s3.client(user)
    for start in range(0, size, RANGE):
        end = min(start + RANGE, size) - 1
        for attempt in range(1, ATTEMPTS + 1):
            try:
                body = client.get_object(Bucket=bucket, Key=key, Range=f"bytes={start}-{end}")["Body"]
                for block in body.iter_chunks(BLOCK):
                    for hasher in hashers.values():
                        hasher.update(block)
                break
            except RETRYABLE as exc:
                if attempt == ATTEMPTS:
                    raise
                log.warning("Fixity read of %s interrupted in range bytes=%d-%d (attempt %d/%d): %s; retrying the range",
                            key, start, end, attempt, ATTEMPTS, exc)
                time.sleep(2 * attempt)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}
'''

OLD_COMPUTE = '''def compute_digests(bucket, key, algorithms=("sha256", "md5"), user="cairn-app"):
    """Streams the object once and returns {algorithm: hexdigest}."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    body = s3.client(user).get_object(Bucket=bucket, Key=key)["Body"]
    for block in body.iter_chunks(BLOCK):
        for hasher in hashers.values():
            hasher.update(block)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}
'''


def build_repo():
    repo = Repo()
    hamish = Person("Hamish Doyle", "hamish.doyle@marrang.edu.au", 600)
    meilin = Person("Mei Lin Cheng", "meilin.cheng@marrang.edu.au", 600)
    tom = Person("Tom Albrecht", "tom.albrecht@marrang.edu.au", 600)
    aroha = Person("Aroha Ngata", "aroha.ngata@marrang.edu.au", 720)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "README.md": "# Cairn\n\nMarrang University's research data repository: deposits, curation, DataCite\nDOIs (prefix 10.83177), downloads and preservation (fixity audits,\nquarantine, the AWS copy).\n\n- `cairn/deposits`: the web uploader's API and ingest verification\n- `cairn/preservation`: fixity, the rolling audit, quarantine\n- `cairn/doi`: DataCite\n- `deploy/`: the AWX job template's playbook and variables\n\nReleases are tags `vX.Y.Z`; AWX deploys a tag to cairn-web-01/02 and\ncairn-worker-01/02.\n",
        "CHANGELOG.md": "# Changelog\n\n## 5.1.3\n\n- CAIRN-466 curator queue sorted by submission date\n",
        "pyproject.toml": PYPROJECT,
        "cairn/__init__.py": '__version__ = "5.1.3"\n',
        "cairn/settings.py": SETTINGS_PY,
        "cairn/celery.py": 'from celery import Celery\n\napp = Celery("cairn")\napp.config_from_object("django.conf:settings", namespace="CELERY")\napp.conf.worker_log_format = "%(levelname)s %(processName)s %(name)s %(message)s"\napp.conf.worker_task_log_format = "%(levelname)s %(processName)s %(task_name)s[%(task_id)s] %(message)s"\napp.conf.beat_schedule = {\n    "rolling-audit": {"task": "cairn.preservation.tasks.schedule_audits", "schedule": 300},\n    "doi-pending": {"task": "cairn.doi.tasks.retry_pending", "schedule": 3600},\n}\napp.autodiscover_tasks()\n',
        "cairn/storage/s3.py": S3_PY,
        "cairn/files/views.py": VIEWS_PY,
        "cairn/preservation/fixity.py": FIXITY_PY,
        "cairn/preservation/quarantine.py": QUARANTINE_PY,
        "cairn/preservation/tasks.py": TASKS_PY,
        "cairn/deposits/ingest.py": INGEST_PY,
        "cairn/deposits/uploads.py": '"""The web uploader\'s API: presigned multipart uploads straight to RGW."""\n\nPART_SIZE = 64 * 1024 * 1024\nMAX_FILE_BYTES = 250 * 10**9\n\n\ndef create(deposit, filename, size, sha256):\n    if size > MAX_FILE_BYTES:\n        raise ValueError("files over 250 GB go through Globus (docs/large-deposits.md)")\n    return deposit.uploads.create(filename=filename, size=size, client_sha256=sha256, part_size=PART_SIZE)\n',
        "cairn/doi/datacite.py": '"""DataCite REST API: DOIs under 10.83177 for published datasets."""\n\nimport requests\nfrom django.conf import settings\n\n\ndef payload(dataset):\n    return {"data": {"type": "dois", "attributes": {\n        "doi": dataset.doi, "event": "publish", "url": dataset.landing_url,\n        "creators": [c.datacite() for c in dataset.creators.all()],\n        "titles": [{"title": dataset.title}], "publisher": {"name": "Marrang University"},\n        "publicationYear": dataset.published.year, "types": {"resourceTypeGeneral": "Dataset"},\n    }}}\n',
        "tests/test_fixity.py": TEST_FIXITY,
        "deploy/group_vars/prod.yml": GROUP_VARS,
        "deploy/site.yml": "- hosts: cairn_web:cairn_workers\n  serial: 1\n  roles: [cairn]\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  image: python:3.12\n  services: [postgres:16, redis:7]\n  script:\n    - pip install -e .[dev]\n    - ruff check .\n    - pytest -q\n\nbuild:\n  stage: build\n  rules: [{if: $CI_COMMIT_TAG}]\n  script:\n    - docker build -t registry.rdc.marrang.edu.au/cairn/cairn:${CI_COMMIT_TAG#v} .\n    - docker push registry.rdc.marrang.edu.au/cairn/cairn:${CI_COMMIT_TAG#v}\n",
        "docs/runbook.md": RUNBOOK,
        "docs/preservation.md": "# Preservation\n\nPRES-7 (Library, 2021): two copies (Ceph in the RDC, AWS S3 in\nap-southeast-2), SHA-256 and MD5 recorded at ingest, every file audited at\nleast every 90 days, a file that fails its audit is quarantined until it has\nbeen re-verified or restored.\n",
    }
    repo.commit(utc("2026-05-04 00:40:00"), hamish, "cairn 5.1.3", files)
    repo.schedule([
        (utc("2026-05-04 06:12:30"), aroha, "pre-commit: ruff 0.11.8, end-of-file-fixer",
         lambda r: {".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.11.8\n    hooks: [{id: ruff}, {id: ruff-format}]\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v5.0.0\n    hooks: [{id: end-of-file-fixer}, {id: trailing-whitespace}]\n"}),
        (utc("2026-05-06 02:31:10"), tom, "docs: large deposits go through Globus",
         lambda r: {"docs/large-deposits.md": "# Deposits over 250 GB\n\nThe web uploader takes files up to 250 GB. Larger files (light-sheet\nmicroscopy, cryo-EM movies) go through the Globus endpoint \"Marrang Cairn\nIngest\"; a curator attaches them to the deposit.\n"}),
        (utc("2026-05-12 00:20:40"), aroha, "docs: ORCID sign-in FAQ",
         lambda r: {"docs/orcid.md": "# ORCID\n\nDepositors sign in with Marrang SSO; linking an ORCID iD fills the\ncreators' nameIdentifiers in the DataCite metadata.\n"}),
    ])
    repo.commit(utc("2026-05-05 03:40:00"), tom, "uploader: resume hint when a part upload fails (CAIRN-471)", {
        "cairn/deposits/uploads.py": repo.files["cairn/deposits/uploads.py"] + '\n\ndef resume_hint(upload):\n    """The parts RGW already has, so the browser uploads only the rest."""\n    return sorted(p.number for p in upload.parts.filter(etag__isnull=False))\n',
    })
    fixity = sub(repo.files["cairn/preservation/fixity.py"],
                 "from botocore.exceptions import BotoCoreError, ClientError\n",
                 "from botocore.exceptions import (\n    BotoCoreError,\n    ClientError,\n    ConnectTimeoutError,\n    EndpointConnectionError,\n    ReadTimeoutError,\n    ResponseStreamingError,\n)\n",
                 OLD_COMPUTE, CULPRIT_COMPUTE,
                 '        digests = compute_digests(settings.CAIRN_BUCKET, f.key, user="cairn-fixity")\n',
                 '        digests = compute_digests(settings.CAIRN_BUCKET, f.key, f.size, user="cairn-fixity")\n')
    culprit = repo.commit(CULPRIT_AT, meilin, "fixity: read objects in 256 MiB ranges and retry a failed range (PRES-231)\n\nThe Imaging Facility's light-sheet files (up to 1.9 TB) take hours at the\nfixity user's 12 MB/s, and one dropped connection started the whole file\nover: fourteen of them have ended every audit cycle as \"could not read the\nobject\". compute_digests now reads ranges of 256 MiB and reads a range\nagain when it fails (read timeout, connection broken, up to three times).\nIngest verification uses the same code.", {
        "cairn/preservation/fixity.py": fixity,
        "cairn/deposits/ingest.py": sub(repo.files["cairn/deposits/ingest.py"],
                                        "    digests = compute_digests(settings.CAIRN_BUCKET, up.key)\n",
                                        "    digests = compute_digests(settings.CAIRN_BUCKET, up.key, up.size)\n"),
        "tests/test_fixity.py": sub(repo.files["tests/test_fixity.py"],
                                    "import hashlib\nimport io\n\nfrom botocore.response import StreamingBody\n",
                                    "import hashlib\nimport io\n\nfrom botocore.exceptions import ConnectTimeoutError\nfrom botocore.response import StreamingBody\n",
                                    "    def get_object(self, Bucket, Key, Range=None):\n        return {\"Body\": StreamingBody(io.BytesIO(self.data), len(self.data))}\n",
                                    "    def get_object(self, Bucket, Key, Range=None):\n        data = self.data\n        if Range:\n            start, end = (int(x) for x in Range.removeprefix(\"bytes=\").split(\"-\"))\n            data = data[start:end + 1]\n        return {\"Body\": StreamingBody(io.BytesIO(data), len(data))}\n\n\nclass FlakyClient(FakeClient):\n    \"\"\"The first get_object of every range times out.\"\"\"\n\n    def __init__(self, data):\n        super().__init__(data)\n        self.seen = set()\n\n    def get_object(self, Bucket, Key, Range=None):\n        if Range not in self.seen:\n            self.seen.add(Range)\n            raise ConnectTimeoutError(endpoint_url=\"https://s3.test\")\n        return super().get_object(Bucket, Key, Range)\n",
                                    "    digests = fixity.compute_digests(\"b\", \"k\")\n",
                                    "    digests = fixity.compute_digests(\"b\", \"k\", len(data))\n") + '\n\ndef test_a_failed_range_is_read_again(monkeypatch):\n    data = bytes(range(256)) * 40_000\n    monkeypatch.setattr(fixity, "RANGE", 1_000_000)\n    monkeypatch.setattr(fixity.time, "sleep", lambda s: None)\n    client = FlakyClient(data)\n    monkeypatch.setattr(fixity.s3, "client", lambda user="cairn-app": client)\n    assert fixity.compute_digests("b", "k", len(data))["sha256"] == hashlib.sha256(data).hexdigest()\n    assert len(client.seen) == 11\n',
    })
    repo.commit(utc("2026-05-07 05:58:00"), hamish, "docs: link the preservation policy from the README", {
        "README.md": repo.files["README.md"] + "\nPreservation policy: `docs/preservation.md` (PRES-7).\n",
    })
    rel520 = repo.commit(utc("2026-05-07 06:10:00"), hamish, "release 5.2.0", {
        "cairn/__init__.py": '__version__ = "5.2.0"\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.1.3"', 'version = "5.2.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.2.0\n\n- PRES-231 fixity reads 256 MiB ranges and retries a failed range\n- CAIRN-471 uploader resume hint\n"),
    })
    repo.commit(utc("2026-05-08 02:15:00"), tom, "deposits: CC-BY-4.0 as the default licence (CAIRN-480)\n\nThe Research Office's open data guideline (March 2026).", {
        "cairn/deposits/uploads.py": repo.files["cairn/deposits/uploads.py"] + '\n\nDEFAULT_LICENCE = "CC-BY-4.0"\n',
    })
    rel521 = repo.commit(utc("2026-05-08 03:50:00"), hamish, "release 5.2.1", {
        "cairn/__init__.py": '__version__ = "5.2.1"\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.2.0"', 'version = "5.2.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.2.1\n\n- CAIRN-480 CC-BY-4.0 default licence\n"),
    })
    repo.commit(utc("2026-05-10 18:03:00"), bot, "Bump boto3 from 1.38.12 to 1.38.23\n\nBumps [boto3](https://github.com/boto/boto3) from 1.38.12 to 1.38.23.\n- [Release notes](https://github.com/boto/boto3/releases)\n- [Commits](https://github.com/boto/boto3/compare/1.38.12...1.38.23)", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"boto3==1.38.12"', '"boto3==1.38.23"'),
    })
    repo.commit(utc("2026-05-10 23:20:00"), meilin, "fixity: 8 MiB read blocks (PRES-234)\n\nOne hashlib update per MiB was 9 % of the audit's CPU on cairn-worker-02.", {
        "cairn/preservation/fixity.py": sub(repo.files["cairn/preservation/fixity.py"], "BLOCK = 1024 * 1024\n", "BLOCK = 8 * 1024 * 1024\n"),
    })
    fx = repo.files["cairn/preservation/fixity.py"]
    fx = sub(fx,
             "    hashers = {name: hashlib.new(name) for name in algorithms}\n    client = s3.client(user)\n",
             "    hashers = {name: hashlib.new(name) for name in algorithms}\n    hashed = 0\n    client = s3.client(user)\n",
             "                    for hasher in hashers.values():\n                        hasher.update(block)\n                break\n",
             "                    for hasher in hashers.values():\n                        hasher.update(block)\n                    hashed += len(block)\n                break\n",
             "    return {name: hasher.hexdigest() for name, hasher in hashers.items()}\n",
             "    return {name: hasher.hexdigest() for name, hasher in hashers.items()}, hashed\n",
             "        digests = compute_digests(settings.CAIRN_BUCKET, f.key, f.size, user=\"cairn-fixity\")\n",
             "        digests, hashed = compute_digests(settings.CAIRN_BUCKET, f.key, f.size, user=\"cairn-fixity\")\n",
             "        log.error(\"Fixity mismatch for file %s in dataset %s (key %s): sha256 expected %s computed %s\",\n                  f.pk, f.dataset.doi, f.key, f.sha256, digests[\"sha256\"])\n",
             "        log.error(\"Fixity mismatch for file %s in dataset %s (key %s): sha256 expected %s computed %s; hashed %d of %d bytes\",\n                  f.pk, f.dataset.doi, f.key, f.sha256, digests[\"sha256\"], hashed, f.size)\n")
    repo.commit(utc("2026-05-11 01:30:00"), aroha, "fixity: log both digests and the bytes hashed on a mismatch (PRES-236)\n\nRuth asks for the computed digest and the size read in the mismatch line,\nso she can tell a truncated object from a changed one.", {
        "cairn/preservation/fixity.py": fx,
        "cairn/deposits/ingest.py": sub(repo.files["cairn/deposits/ingest.py"], "    digests = compute_digests(settings.CAIRN_BUCKET, up.key, up.size)\n", "    digests, _ = compute_digests(settings.CAIRN_BUCKET, up.key, up.size)\n"),
        "tests/test_fixity.py": repo.files["tests/test_fixity.py"].replace('fixity.compute_digests("b", "k", len(data))\n', 'fixity.compute_digests("b", "k", len(data))[0]\n').replace('fixity.compute_digests("b", "k", len(data))["sha256"]', 'fixity.compute_digests("b", "k", len(data))[0]["sha256"]'),
    })
    repo.commit(utc("2026-05-11 03:05:00"), tom, "quarantine: banner on the landing page, 409 text, log who is affected (PRES-238)\n\nResearchers saw a bare \"temporarily unavailable\" and wrote to the\nservice desk; the page now says why and whom to contact.", {
        "cairn/preservation/quarantine.py": sub(repo.files["cairn/preservation/quarantine.py"],
                                                "    log.info(\"quarantine: file %s set to QUARANTINED (%s)\", f.pk, reason)\n",
                                                "    log.warning(\"Quarantined file %s (dataset %s, %r): downloads blocked until it is re-verified (%s)\",\n                f.pk, f.dataset.doi, f.name, reason)\n",
                                                "    log.info(\"quarantine: file %s released by %s\", f.pk, by)\n",
                                                "    log.info(\"Released file %s (dataset %s) from quarantine: %s\", f.pk, f.dataset.doi, by)\n"),
        "cairn/files/views.py": sub(repo.files["cairn/files/views.py"],
                                    "        return HttpResponse(\"This file is temporarily unavailable.\", status=409)\n",
                                    "        return HttpResponse(\n            \"This file is temporarily unavailable while the Library checks its integrity. \"\n            \"Contact researchdata@marrang.edu.au.\", status=409)\n"),
    })
    repo.commit(utc("2026-05-11 04:10:00"), hamish, "deploy: rolling audit concurrency 12 (PRES-239)\n\nThe 90-day cycle is 6 days behind since the Imaging Facility's spring\ndeposits; Storage agreed to 12 streams for cairn-fixity.", {
        "deploy/group_vars/prod.yml": sub(repo.files["deploy/group_vars/prod.yml"], '{queues: "preservation", concurrency: 8}', '{queues: "preservation", concurrency: 12}'),
    })
    repo.commit(utc("2026-05-11 05:40:00"), hamish, "runbook: fixity mismatches", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_FIXITY,
    })
    repo.commit(utc("2026-05-11 06:30:00"), aroha, "search: index the creators' ORCID iDs (CAIRN-487)", {
        "cairn/search/index.py": '"""Dataset documents for OpenSearch."""\n\n\ndef document(dataset):\n    return {\n        "doi": dataset.doi,\n        "title": dataset.title,\n        "creators": [c.name for c in dataset.creators.all()],\n        "orcids": [c.orcid for c in dataset.creators.all() if c.orcid],\n        "keywords": list(dataset.keywords),\n    }\n',
    })
    rel530 = repo.commit(utc("2026-05-11 22:55:00"), hamish, "release 5.3.0", {
        "cairn/__init__.py": '__version__ = "5.3.0"\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.2.1"', 'version = "5.3.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.3.0\n\n- PRES-234 fixity reads 8 MiB blocks\n- PRES-236 digests and bytes hashed in the fixity mismatch line\n- PRES-238 quarantine banner and 409 text\n- PRES-239 rolling audit concurrency 12\n- CAIRN-487 creators' ORCID iDs in search\n- boto3 1.38.23\n"),
    })
    fx = repo.files["cairn/preservation/fixity.py"]
    fx = sub(fx,
             "    for start in range(0, size, RANGE):\n        end = min(start + RANGE, size) - 1\n        for attempt in range(1, ATTEMPTS + 1):\n            try:\n                body = client.get_object(Bucket=bucket, Key=key, Range=f\"bytes={start}-{end}\")[\"Body\"]\n                for block in body.iter_chunks(BLOCK):\n                    for hasher in hashers.values():\n                        hasher.update(block)\n                    hashed += len(block)\n                break\n            except RETRYABLE as exc:\n                if attempt == ATTEMPTS:\n                    raise\n                log.warning(\"Fixity read of %s interrupted in range bytes=%d-%d (attempt %d/%d): %s; retrying the range\",\n                            key, start, end, attempt, ATTEMPTS, exc)\n                time.sleep(2 * attempt)\n",
             "    for start in range(0, size, RANGE):\n        end = min(start + RANGE, size) - 1\n        # PRES-241: the bytes hashed before a failure stay hashed; a retry asks\n        # for the rest of the range only. Reading the whole range again hashed\n        # its first part twice and every interrupted file came out as a mismatch.\n        pos = start\n        for attempt in range(1, ATTEMPTS + 1):\n            try:\n                body = client.get_object(Bucket=bucket, Key=key, Range=f\"bytes={pos}-{end}\")[\"Body\"]\n                for block in body.iter_chunks(BLOCK):\n                    for hasher in hashers.values():\n                        hasher.update(block)\n                    hashed += len(block)\n                    pos += len(block)\n                break\n            except RETRYABLE as exc:\n                if attempt == ATTEMPTS:\n                    raise\n                log.warning(\"Fixity read of %s interrupted at byte %d of range bytes=%d-%d (attempt %d/%d): %s; resuming from byte %d\",\n                            key, pos, start, end, attempt, ATTEMPTS, exc, pos)\n                time.sleep(2 * attempt)\n    if hashed != size:\n        raise ValueError(f\"hashed {hashed} bytes of a {size}-byte object\")\n")
    fix = repo.commit(utc("2026-05-12 02:20:00"), meilin, "fixity: resume a failed range where it stopped (PRES-241)\n\nSince PRES-231 (5.2.0) a range whose read failed was requested again from\nits first byte, while the bytes read before the failure were already in\nthe hashers: every file whose read was interrupted mid-range came out with\na wrong digest and was quarantined (on 12 May while ceph-osd-07's link\nflapped, and the Hendry lab file on 9 May). A retry now asks for the rest\nof the range only, and a hashed count other than the size is an error,\nnot a mismatch. The test's client fails in the middle of a body.", {
        "cairn/preservation/fixity.py": fx,
        "tests/test_fixity.py": sub(repo.files["tests/test_fixity.py"],
                                    "from botocore.exceptions import ConnectTimeoutError\n",
                                    "from botocore.exceptions import ConnectTimeoutError, ResponseStreamingError\n") + '\n\nclass BreaksAfter:\n    """A body whose stream breaks after n bytes, as when RGW stalls mid-range."""\n\n    def __init__(self, body, n):\n        self.body, self.n = body, n\n\n    def iter_chunks(self, size):\n        yield self.body.read(self.n)\n        raise ResponseStreamingError(error="Connection broken: IncompleteRead")\n\n\nclass MidStreamClient(FakeClient):\n    """The first read of every range breaks after 1000 bytes."""\n\n    def __init__(self, data):\n        super().__init__(data)\n        self.broken = set()\n\n    def get_object(self, Bucket, Key, Range=None):\n        out = super().get_object(Bucket, Key, Range)\n        start = Range.removeprefix("bytes=").split("-")[0]\n        if start not in self.broken:\n            self.broken.add(start)\n            out["Body"] = BreaksAfter(out["Body"], 1000)\n        return out\n\n\ndef test_a_range_broken_mid_stream_is_resumed(monkeypatch):\n    data = bytes(range(256)) * 40_000\n    monkeypatch.setattr(fixity, "RANGE", 1_000_000)\n    monkeypatch.setattr(fixity.time, "sleep", lambda s: None)\n    monkeypatch.setattr(fixity.s3, "client", lambda user="cairn-app": MidStreamClient(data))\n    digests, hashed = fixity.compute_digests("b", "k", len(data))\n    assert digests["sha256"] == hashlib.sha256(data).hexdigest()\n    assert hashed == len(data)\n',
    })
    rel531 = repo.commit(utc("2026-05-12 02:40:00"), tom, "release 5.3.1", {
        "cairn/__init__.py": '__version__ = "5.3.1"\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.3.0"', 'version = "5.3.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.3.1\n\n- PRES-241 fixity resumes a failed range where it stopped\n"),
    })
    repo.commit(utc("2026-05-12 04:05:00"), hamish, "runbook: read the mismatch line before blaming the storage", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nBefore restoring anything: a mismatch line whose bytes hashed differ from\nthe file's size is a read problem on our side, not a changed object\n(PRES-241). Storage can hash the object independently (rclone hashsum).\n",
    })
    return repo, {"culprit": culprit, "rel520": rel520, "rel521": rel521, "rel530": rel530, "fix": fix, "rel531": rel531}


# ---------------------------------------------------------------------------
# the logs

B32 = "0123456789abcdefghjkmnpqrstvwxyz"
FIRST = ["Anika", "Ben", "Chloe", "Dinesh", "Emma", "Farid", "Grace", "Hiro", "Isla", "Jack", "Kiri", "Liam", "Maya", "Noah",
         "Olivia", "Priya", "Quentin", "Ruby", "Sam", "Tahu", "Uma", "Vikram", "Wen", "Xavier", "Yasmin", "Zoe"]
LAST = ["Hendry", "Nguyen", "Papadopoulos", "Walker", "Singh", "Ferreira", "O'Brien", "Tanaka", "Kowalski", "Mahmoud",
        "Campbell", "Rossi", "Chen", "Te Rangi", "Murphy", "Lindqvist", "Okafor", "Brennan", "Sato", "Haddad"]
KINDS = {
    # kind: (weight as a picked dataset, [(weight, name template, log-mean bytes, sigma)])
    "climate": (14, [(6, "PM25_hourly_{y}.nc", 21.0, 0.9), (3, "era5_{v}_{y}.nc", 21.6, 0.8), (1, "README.md", 9.0, 0.5),
                     (2, "station_obs_{y}.csv", 17.5, 1.0)]),
    "imaging": (8, [(5, "lightsheet_{s}_ch{c}.ome.tif", 24.0, 0.7), (3, "confocal_{s}.czi", 21.0, 0.8), (1, "acquisition_log.csv", 11.0, 0.6),
                    (1, "README.txt", 8.5, 0.4)]),
    "genomics": (10, [(6, "{s}_R{r}.fastq.gz", 22.0, 0.7), (2, "{s}.bam", 22.5, 0.6), (1, "samples.tsv", 9.5, 0.5),
                      (1, "variants.vcf.gz", 19.0, 0.8)]),
    "neuro": (10, [(8, "sub-{n}_T1w.nii.gz", 17.2, 0.4), (4, "sub-{n}_task-rest_bold.nii.gz", 19.6, 0.5), (1, "participants.tsv", 9.0, 0.4),
                   (1, "dataset_description.json", 7.0, 0.3)]),
    "social": (16, [(4, "survey_wave{w}.sav", 15.5, 1.0), (3, "interviews_deidentified.zip", 19.0, 0.7), (2, "codebook.pdf", 13.5, 0.6),
                    (2, "survey_wave{w}.csv", 15.0, 1.0), (1, "README.md", 8.5, 0.4)]),
    "engineering": (12, [(4, "sensor_log_{y}.parquet", 19.5, 1.1), (3, "simulation_outputs.zip", 21.5, 0.9), (2, "code.zip", 14.5, 0.7),
                         (2, "calibration.csv", 11.0, 0.6)]),
    "ecology": (10, [(4, "camera_trap_{y}.zip", 21.8, 0.8), (3, "quadrats_{y}.csv", 13.0, 0.8), (2, "drone_orthomosaic_{s}.tif", 22.5, 0.6),
                     (1, "README.txt", 8.0, 0.4)]),
}
TITLES = {
    "climate": ["Hourly PM2.5 across Victoria, {y}", "Downscaled rainfall projections for the Murray-Darling Basin", "Urban heat island transects, {city}"],
    "imaging": ["Light-sheet imaging of cleared mouse brain, cohort {c}", "Zebrafish heart regeneration time series", "Organoid confocal atlas"],
    "genomics": ["Whole-genome sequencing of Tasmanian devil facial tumour isolates", "Soil microbiome 16S survey, Grampians", "Wheat drought RNA-seq"],
    "neuro": ["Resting-state fMRI in adolescents (BIDS)", "Structural MRI of older adults, wave {w}", "Stroke recovery imaging cohort"],
    "social": ["Household energy hardship survey, wave {w}", "Interviews with regional GPs on telehealth", "Migrant youth wellbeing panel"],
    "engineering": ["Bridge strain gauge monitoring, {city}", "Wind tunnel tests of tall building facades", "Battery cycling data, NMC cells"],
    "ecology": ["Camera trap survey of the Otways, {y}", "Seagrass quadrat surveys, Western Port", "Koala habitat drone mapping"],
}
BUSHFIRE = {"id": 3187, "doi": "10.83177/cairn.b7x2-k9qd", "title": "Bushfire Smoke Exposure Study: hourly PM2.5 across Victoria 2019-2020", "kind": "climate", "year": 2021}


def local(t):
    return t + AEST


def jstamp(t):
    lt = local(t)
    return lt.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+10:00"


def build_logs(rng, shas):
    worker = Log("cairn-worker-journal.log")
    web = Log("cairn-web.log")
    nginx = Log("nginx-access.log")
    rgw = Log("rgw-01-beast.log")
    ceph = Log("ceph-cluster.log")
    netlog = Log("storage-syslog.log")
    awx = Log("awx-cairn-deploy.log")
    teams = Log("teams-cairn-ops.log")
    snow = Log("servicenow-incidents.log")
    srng = random.Random(84101)   # RGW's sampling (one RGW of three) and its ids
    stats = {"mismatch": [], "error": [], "ok": 0, "ingest_fail": [], "events": [], "retries": [], "quarantined": {}}
    short = {k: v[:7] for k, v in shas.items()}

    # ---- datasets and files
    def doi():
        s = "".join(rng.choice(B32) for _ in range(8))
        return f"10.83177/cairn.{s[:4]}-{s[4:]}"

    datasets = [BUSHFIRE]
    bushfire_files = []
    used = {3187}
    kinds = list(KINDS)
    while len(datasets) < 240:
        kind = rng.choices(kinds, weights=[KINDS[k][0] for k in kinds])[0]
        ds_id = rng.randint(410, 5260)
        if ds_id in used:
            continue
        used.add(ds_id)
        year = rng.choice([2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2025, 2026])
        title = rng.choice(TITLES[kind]).format(y=year - 1, city=rng.choice(["Geelong", "Ballarat", "Bendigo", "Melbourne"]), c=rng.randint(1, 6), w=rng.randint(1, 5))
        datasets.append({"id": ds_id, "doi": doi(), "title": title, "kind": kind, "year": year})
    popular = [BUSHFIRE] + rng.sample(datasets[1:], 12)
    for k, (name, size) in enumerate([("PM25_hourly_2019.nc", 3712904188), ("PM25_hourly_2020.nc", 3698442071), ("station_obs_2019.csv", 48210993),
                                      ("station_obs_2020.csv", 47730215), ("smoke_plume_days.csv", 912334), ("README.md", 14211),
                                      ("exposure_model_code.zip", 6120448), ("PM25_daily_means_2019-2020.nc", 402339120)]):
        bushfire_files.append({"id": 60112 + 3 * k, "ds": BUSHFIRE, "name": name, "size": size,
                               "key": f"ds/3187/{uuid.UUID(int=rng.getrandbits(128)).hex}", "sha": "".join(rng.choice("0123456789abcdef") for _ in range(64))})

    next_file = [118000]

    def new_file(ds=None):
        ds = ds or rng.choice(datasets[1:])
        if ds is BUSHFIRE and bushfire_files:
            return dict(rng.choice(bushfire_files))
        entries = KINDS[ds["kind"]][1]
        _, tmpl, mu, sigma = rng.choices(entries, weights=[e[0] for e in entries])[0]
        name = tmpl.format(y=rng.randint(2012, 2025), v=rng.choice(["t2m", "tp", "u10", "v10"]), s=f"S{rng.randint(1, 48):02d}",
                           c=rng.randint(0, 3), r=rng.choice([1, 2]), n=f"{rng.randint(1, 140):03d}", w=rng.randint(1, 5))
        size = max(900, int(rng.lognormvariate(mu, sigma)))
        next_file[0] += rng.randint(1, 400)
        fid = next_file[0]
        return {"id": fid, "ds": ds, "name": name, "size": size, "key": f"ds/{ds['id']}/{uuid.UUID(int=rng.getrandbits(128)).hex}",
                "sha": "".join(rng.choice("0123456789abcdef") for _ in range(64))}

    # ---- stalls of client I/O on the Ceph cluster
    stalls = []   # (start, end, times out reads?)
    flap_info = []
    for d, down, marked in FLAPS:
        if marked:
            det = rng.uniform(21.6, 23.9)
            peer = rng.uniform(3.5, 9.0)
            boot = d + dt.timedelta(seconds=det + rng.uniform(9, 16))
            stalls.append((d, d + dt.timedelta(seconds=det + peer), True))
            stalls.append((boot, boot + dt.timedelta(seconds=rng.uniform(2.5, 5.0)), False))
            flap_info.append((d, down, marked, det, peer, boot))
        else:
            stalls.append((d, d + dt.timedelta(seconds=down + rng.uniform(2, 4)), False))
            flap_info.append((d, down, marked, 0, 0, None))
    ls, ldur = LONE_STALL
    stalls.append((ls, ls + dt.timedelta(seconds=ldur), True))
    stalls.sort()

    def wait_out(t):
        for s, e, _ in stalls:
            if s <= t < e:
                return e + dt.timedelta(seconds=rng.uniform(0.1, 0.6))
        return t

    def read_range(a, nbytes, rate):
        """A GET of nbytes from a: returns (end, None) or (t_fail, (consumed, kind))."""
        t = wait_out(a)
        ttfb = rng.uniform(0.02, 0.12)
        t = t + dt.timedelta(seconds=ttfb)
        remaining = nbytes / rate
        consumed = 0.0
        while True:
            hit = None
            for s, e, long_ in stalls:
                if t < s < t + dt.timedelta(seconds=remaining):
                    hit = (s, e, long_)
                    break
            if hit is None:
                return t + dt.timedelta(seconds=remaining), None
            s, e, long_ = hit
            run = (s - t).total_seconds()
            consumed += run * rate
            remaining -= run
            if (e - s).total_seconds() > READ_TIMEOUT:
                if rng.random() < 0.25:
                    return s + dt.timedelta(seconds=rng.uniform(8, 17)), (int(consumed), "incomplete")
                return s + dt.timedelta(seconds=READ_TIMEOUT + rng.uniform(0.0, 0.45)), (int(consumed), "timeout")
            t = e

    # ---- versions and restarts
    web_hosts = ["cairn-web-01", "cairn-web-02"]
    deploys = [(DEPLOY_530, "5.3.0", shas["rel530"], 12, "tom.albrecht", 48213),
               (ROLLBACK, "5.2.1", shas["rel521"], 8, "tom.albrecht", 48229),
               (DEPLOY_531, "5.3.1", shas["rel531"], 12, "tom.albrecht", 48247)]
    host_order = web_hosts + ["cairn-worker-01", "cairn-worker-02"]
    restarts = {h: [] for h in host_order}   # (stop, start, version)
    for at, ver, sha, conc, who, job in deploys:
        t = at + dt.timedelta(seconds=rng.uniform(8, 14))
        for h in host_order:
            t += dt.timedelta(seconds=rng.uniform(38, 55))
            stop = t
            start = stop + dt.timedelta(seconds=(rng.uniform(61, 66) if h == "cairn-worker-02" else rng.uniform(4, 9)))
            restarts[h].append((stop, start, ver, sha, conc))
            t = start + dt.timedelta(seconds=rng.uniform(6, 10))

    def version(h, t):
        cur = ("5.2.1", shas["rel521"], 8)
        for stop, start, ver, sha, conc in restarts[h]:
            if start <= t:
                cur = (ver, sha, conc)
        return cur

    buggy = lambda ver: ver != "5.3.1"
    worker_pid = {"cairn-worker-01": 2231, "cairn-worker-02": 1874}
    beat_pid = 2219

    prng = random.Random(84102)
    restart_pids = {h: [prng.randint(3000, 9000) for _ in restarts[h]] for h in restarts}

    def pid_at(host, t):
        pid = worker_pid[host]
        for (stop, start, *_), p in zip(restarts[host], restart_pids[host]):
            if start <= t:
                pid = p
        return pid

    def jlog(t, host, level, process, logger, msg, ident="celery", pid=None):
        if START <= t < END:
            worker.add(t, f"{jstamp(t)} {host} {ident}[{pid or pid_at(host, t)}]: {level} {process} {logger} {msg}")

    def sysd(t, host, msg):
        if START <= t < END:
            worker.add(t, f"{jstamp(t)} {host} systemd[1]: {msg}")

    def task_id():
        return str(uuid.UUID(int=rng.getrandbits(128)))

    def wlog(t, level, logger, event, **kw):
        if START <= t < END:
            body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level, "logger": logger, "event": event}
            body.update(kw)
            web.add(t, json.dumps(body, ensure_ascii=False))

    rgw_thread = ["7f3a2c9f6700", "7f3a2a1f1700", "7f3a291ef700", "7f3a27dec700", "7f3a265e9700", "7f3a24de6700"]
    uas = {
        "boto": "Boto3/{v} md/Botocore#{v} ua/2.1 os/linux#6.8.0-60-generic md/arch#x86_64 lang/python#3.12.10 md/pyimpl#CPython cfg/retry-mode#standard Botocore/{v}",
        "chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
        "firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:138.0) Gecko/20100101 Firefox/138.0",
        "safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15",
        "wget": "Wget/1.21.4",
        "curl": "curl/8.5.0",
        "python": "python-requests/2.32.3",
    }

    def rlog(t_start, t_end, client, user, method, path, status, nbytes, ua, rng_hdr=None, always=False):
        if not (START <= t_end < END):
            return
        if not always and srng.random() > 0.22:
            return
        lat = (t_end - t_start).total_seconds()
        ts = t_end.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t_end.microsecond // 1000:03d}+0000"
        bs = t_start.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t_start.microsecond // 1000:03d} +0000"
        extra = f" {rng_hdr}" if rng_hdr else " -"
        rgw.add(t_end, f'{ts} {srng.choice(rgw_thread)}  1 beast: 0x{srng.getrandbits(40):010x}: {client} - {user} [{bs}] "{method} {path} HTTP/1.1" {status} {nbytes} - "{ua}"{extra} latency={lat:.9f}s')

    WK = {"cairn-worker-01": "10.20.4.31", "cairn-worker-02": "10.20.4.32"}

    def boto_ua(t, host):
        ver = version(host, t)[0]
        return uas["boto"].format(v="1.38.23" if ver in ("5.3.0", "5.3.1") else "1.38.12")

    # ---- one compute_digests run (the code of the version running)
    def compute(t0, f, host, rate_fn, logger_ctx, user):
        """Returns (t_end, result, hashed, warnings) and logs warnings and RGW lines."""
        ver = version(host, t0)[0]
        t = t0
        hashed = 0
        size = f["size"]
        n_ranges = max(1, -(-size // RANGE))
        for k in range(n_ranges):
            start = k * RANGE
            end = min(start + RANGE, size) - 1
            pos = start
            for attempt in range(1, 4):
                want = end - pos + 1
                rate = rate_fn()
                special = reset_event[0] is not None and t >= reset_event[0] and user == "cairn-fixity" and not reset_event[1]
                if special:
                    reset_event[1] = True
                    t_fail, fail = t + dt.timedelta(seconds=0.41), (0, "incomplete")
                else:
                    t_fail, fail = read_range(t, want, rate)
                if fail is None:
                    rlog(t, t_fail, WK[host], user, "GET", f"/cairn-primary/{f['key']}?x-id=GetObject", 206, want, boto_ua(t, host), f"bytes={pos}-{end}")
                    hashed += want
                    t = t_fail + dt.timedelta(seconds=rng.uniform(0.005, 0.03))
                    break
                consumed, kind = fail
                consumed = min(consumed, want - 1)
                rlog(t, t_fail, WK[host], user, "GET", f"/cairn-primary/{f['key']}?x-id=GetObject", 206, consumed, boto_ua(t, host), f"bytes={pos}-{end}", always=True)
                if kind == "timeout":
                    err = 'Read timeout on endpoint URL: "None"'
                else:
                    err = (f"An error occurred while reading from response stream: ('Connection broken: IncompleteRead({consumed} bytes read, "
                           f"{want - consumed} more expected)', IncompleteRead({consumed} bytes read, {want - consumed} more expected))")
                stats["retries"].append((t_fail, f["id"], consumed, ver))
                if attempt == 3:
                    return t_fail, "error", hashed, err
                hashed += consumed
                if buggy(ver):
                    jlog(t_fail, host, "WARNING", logger_ctx[0], logger_ctx[1],
                         f"Fixity read of {f['key']} interrupted in range bytes={start}-{end} (attempt {attempt}/3): {err}; retrying the range")
                else:
                    pos += consumed
                    jlog(t_fail, host, "WARNING", logger_ctx[0], logger_ctx[1],
                         f"Fixity read of {f['key']} interrupted at byte {pos} of range bytes={start}-{end} (attempt {attempt}/3): {err}; resuming from byte {pos}")
                t = t_fail + dt.timedelta(seconds=2 * attempt)
        if hashed != size:
            return t, "mismatch", hashed, None
        return t, "ok", hashed, None

    reset_event = [utc("2026-05-11 23:52:10"), False]

    # ---- the rolling audit on cairn-worker-02
    paused = [(PAUSE, RESUME)]

    def is_paused(t):
        return any(a <= t < b for a, b in paused)

    quarantined = stats["quarantined"]
    h2 = "cairn-worker-02"
    epochs = []
    prev_start = START - dt.timedelta(minutes=30)
    prev_conc = 8
    for stop, start, ver, sha, conc in restarts[h2]:
        epochs.append((prev_start, stop, prev_conc))
        prev_start, prev_conc = start, conc
    epochs.append((prev_start, END, prev_conc))

    # the due list reaches the Bushfire Smoke files just before the flaps
    forced = [(utc("2026-05-12 00:44:50"), bushfire_files[0]), (utc("2026-05-12 00:45:40"), bushfire_files[1]),
              (utc("2026-05-12 00:47:30"), bushfire_files[7])]

    def audit_rate():
        return rng.uniform(10.5e6, 12.6e6)

    for ep_start, ep_stop, conc in epochs:
        kill = ep_stop + dt.timedelta(seconds=60)
        for slot in range(conc):
            proc = f"ForkPoolWorker-{slot + 1}"
            t = ep_start + dt.timedelta(seconds=rng.uniform(0.5, 40.0) if ep_start > START else -rng.uniform(0, 3600))
            while t < ep_stop:
                if is_paused(t):
                    t = RESUME + dt.timedelta(seconds=rng.uniform(1, 300) + 1)
                    continue
                if forced and forced[0][0] <= t < FLAPS[0][0]:
                    f = dict(forced.pop(0)[1])
                else:
                    f = new_file(rng.choice(popular[1:]) if rng.random() < 0.05 else None)
                tid = task_id()
                name = "cairn.preservation.tasks.audit_file"
                t_end, result, hashed, err = compute(t + dt.timedelta(seconds=rng.uniform(0.02, 0.2)), f, h2, audit_rate, (proc, f"{name}[{tid}]"), "cairn-fixity")
                if t_end > kill:
                    break   # killed at the restart; the file stays due
                ver = version(h2, t)[0]
                jlog(t, h2, "INFO", "MainProcess", "celery.worker.strategy", f"Task {name}[{tid}] received")
                runtime = (t_end - t).total_seconds() + rng.uniform(0.01, 0.06)
                if result == "ok":
                    jlog(t_end, h2, "INFO", proc, f"{name}[{tid}]", f"Fixity ok for file {f['id']} ({f['size']} bytes, {runtime - 0.02:.1f} s)")
                    stats["ok"] += 1
                    stats["events"].append((t_end, "ok"))
                elif result == "error":
                    jlog(t_end, h2, "WARNING", proc, f"{name}[{tid}]", f"Fixity audit of file {f['id']} ({f['key']}) could not read the object: {err}; it stays due")
                    stats["error"].append((t_end, f["id"]))
                    stats["events"].append((t_end, "error"))
                else:
                    bad = "".join(rng.choice("0123456789abcdef") for _ in range(64))
                    if ver == "5.2.1":
                        jlog(t_end, h2, "ERROR", proc, f"{name}[{tid}]", f"Fixity mismatch for file {f['id']} in dataset {f['ds']['doi']} (key {f['key']}): sha256 expected {f['sha']} computed {bad}")
                        jlog(t_end + dt.timedelta(milliseconds=rng.randint(8, 30)), h2, "INFO", proc, f"{name}[{tid}]", f"quarantine: file {f['id']} set to QUARANTINED (fixity mismatch)")
                    else:
                        jlog(t_end, h2, "ERROR", proc, f"{name}[{tid}]", f"Fixity mismatch for file {f['id']} in dataset {f['ds']['doi']} (key {f['key']}): sha256 expected {f['sha']} computed {bad}; hashed {hashed} of {f['size']} bytes")
                        jlog(t_end + dt.timedelta(milliseconds=rng.randint(8, 30)), h2, "WARNING", proc, f"{name}[{tid}]", f"Quarantined file {f['id']} (dataset {f['ds']['doi']}, '{f['name']}'): downloads blocked until it is re-verified (fixity mismatch)")
                    stats["mismatch"].append((t_end, f, ver, hashed))
                    stats["events"].append((t_end, "mismatch"))
                    quarantined[f["id"]] = (t_end, f)
                jlog(t_end + dt.timedelta(milliseconds=rng.randint(30, 60)), h2, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {runtime:.6f}s: '{result}'")
                t = t_end + dt.timedelta(seconds=rng.uniform(0.08, 0.9))

    # beat: schedule_audits every 5 minutes on cairn-worker-01
    h1 = "cairn-worker-01"
    t = utc("2026-05-11 22:30:00") + dt.timedelta(seconds=rng.uniform(0.5, 2))
    while t < END:
        jlog(t, h1, "INFO", "MainProcess", "celery.beat", "Scheduler: Sending due task rolling-audit (cairn.preservation.tasks.schedule_audits)", ident="celery", pid=beat_pid)
        tid = task_id()
        t2 = t + dt.timedelta(milliseconds=rng.randint(20, 80))
        run_t = t2 + dt.timedelta(seconds=rng.uniform(0.3, 1.4))
        if is_paused(t2):
            jlog(run_t, h2, "INFO", "ForkPoolWorker-1", f"cairn.preservation.tasks.schedule_audits[{tid}]", "Rolling audit paused; nothing scheduled")
        else:
            n = rng.randint(9, 26)
            jlog(run_t, h2, "INFO", "ForkPoolWorker-1", f"cairn.preservation.tasks.schedule_audits[{tid}]", f"Scheduled {n} files ({rng.uniform(20.5, 24.0):.1f} GB) for the rolling audit")
        t += dt.timedelta(seconds=300 + rng.uniform(-0.3, 0.3))

    # ---- uploads and ingest verification on cairn-worker-01 (ingest queue)
    def day_rate(t, peak):
        h = local(t).hour + local(t).minute / 60
        if h < 8:
            return peak * 0.2
        if h < 9.5:
            return peak * (0.2 + 0.8 * (h - 8) / 1.5)
        if 12.5 <= h < 13.5:
            return peak * 0.7
        return peak

    upload_times = []
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(day_rate(t, 1.1) / 60))
        upload_times.append(t)
    ingest_busy = []
    clients = [rng.choice([f"10.{rng.choice([112, 113, 118])}.{rng.randint(1, 250)}.{rng.randint(2, 250)}",
                           f"{rng.choice(['203.0.113', '198.51.100', '192.0.2'])}.{rng.randint(2, 250)}"]) for _ in range(60)]
    up_seq = [52800]
    retry_uploads = []

    def do_upload(t0, f, depositor, client, deposit_id, ua):
        up_seq[0] += rng.randint(1, 3)
        uid = up_seq[0]
        n_parts = max(1, -(-f["size"] // (64 * 1024 * 1024)))
        rid = hexid16()
        if START <= t0 < END:
            nginx.add(t0, nginx_access(t0, client, "POST", f"/api/v1/deposits/{deposit_id}/uploads", 201, rng.randint(700, 900), rng.uniform(0.03, 0.09), ua, upstream_rt=rng.uniform(0.02, 0.08)))
        wlog(t0, "info", "cairn.deposits.api", "upload created", upload_id=uid, deposit=deposit_id, filename=f["name"], size=f["size"], parts=n_parts, user=depositor, request_id=rid)
        up_rate = rng.uniform(8e6, 45e6)
        tp = t0 + dt.timedelta(seconds=rng.uniform(0.5, 2))
        for p in range(n_parts):
            pb = min(64 * 1024 * 1024, f["size"] - p * 64 * 1024 * 1024)
            te = wait_out(tp) + dt.timedelta(seconds=pb / up_rate)
            rlog(tp, te, client, "cairn-app", "PUT", f"/cairn-primary/{f['key']}?uploadId=2~{hexid16()}&partNumber={p + 1}", 200, 0, ua)
            tp = te + dt.timedelta(seconds=rng.uniform(0.05, 0.3))
        tc = tp + dt.timedelta(seconds=rng.uniform(0.2, 1.0))
        rlog(tc - dt.timedelta(seconds=0.3), tc, WK[h1], "cairn-app", "POST", f"/cairn-primary/{f['key']}?uploadId=2~{hexid16()}", 200, 312, boto_ua(tc, h1))
        if START <= tc < END:
            nginx.add(tc, nginx_access(tc, client, "POST", f"/api/v1/uploads/{uid}/complete", 202, 118, rng.uniform(0.2, 0.5), ua, upstream_rt=rng.uniform(0.2, 0.5)))
        wlog(tc, "info", "cairn.deposits.api", "upload completed", upload_id=uid, deposit=deposit_id, parts=n_parts, user=depositor)
        tid = task_id()
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        tv = tc + dt.timedelta(milliseconds=rng.randint(40, 200))
        jlog(tv, h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.deposits.tasks.verify_ingest[{tid}] received")
        t_end, result, hashed, err = compute(tv + dt.timedelta(milliseconds=30), f, h1, lambda: rng.uniform(35e6, 95e6), (proc, f"cairn.deposits.tasks.verify_ingest[{tid}]"), "cairn-app")
        runtime = (t_end - tv).total_seconds()
        if result == "ok":
            jlog(t_end, h1, "INFO", proc, f"cairn.deposits.tasks.verify_ingest[{tid}]", f"Ingest verified upload {uid} ({f['name']}, {f['size']} bytes)")
        elif result == "mismatch":
            bad = "".join(rng.choice("0123456789abcdef") for _ in range(64))
            jlog(t_end, h1, "ERROR", proc, f"cairn.deposits.tasks.verify_ingest[{tid}]", f"Ingest verification failed for upload {uid} ({f['name']}, {f['size']} bytes): sha256 from browser {f['sha']}, read back {bad}; depositor asked to upload again")
            stats["ingest_fail"].append((t_end, uid, f, depositor))
            retry_uploads.append((t_end, f, depositor, client, deposit_id, ua))
        else:
            jlog(t_end, h1, "WARNING", proc, f"cairn.deposits.tasks.verify_ingest[{tid}]", f"Ingest verification of upload {uid} could not read the object: {err}; retrying in 60 s")
        jlog(t_end + dt.timedelta(milliseconds=rng.randint(20, 50)), h1, "INFO", proc, "celery.app.trace", f"Task cairn.deposits.tasks.verify_ingest[{tid}] succeeded in {runtime:.6f}s: {result == 'ok'}")
        # the uploader polls the upload's state
        tpoll = tc + dt.timedelta(seconds=2)
        while tpoll < t_end + dt.timedelta(seconds=3) and START <= tpoll < END:
            nginx.add(tpoll, nginx_access(tpoll, client, "GET", f"/api/v1/uploads/{uid}", 200, rng.randint(180, 260), rng.uniform(0.008, 0.03), ua, upstream_rt=rng.uniform(0.006, 0.025)))
            tpoll += dt.timedelta(seconds=rng.uniform(4, 6) if tpoll - tc < dt.timedelta(minutes=1) else rng.uniform(25, 35))
        if result == "mismatch":
            wlog(t_end + dt.timedelta(seconds=2.5), "warning", "cairn.deposits.api", "upload failed verification", upload_id=uid, deposit=deposit_id, user=depositor, filename=f["name"])
        return t_end

    def hexid16():
        return "".join(rng.choice("0123456789abcdef") for _ in range(16))

    depositors = [f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(' ', '').replace(chr(39), '')}" for _ in range(40)]
    for t0 in upload_times:
        f = new_file()
        if f["size"] > 60e9:
            f["size"] = int(f["size"] / 20)
        do_upload(t0, f, rng.choice(depositors), rng.choice(clients), rng.randint(9100, 9400), uas[rng.choice(["chrome", "chrome", "firefox", "safari"])])
    for t_fail, f, depositor, client, deposit_id, ua in list(retry_uploads):
        t_re = t_fail + dt.timedelta(seconds=rng.uniform(90, 420))
        if t_re < END:
            g = dict(f)
            g["key"] = f"ds/{f['ds']['id']}/{uuid.UUID(int=rng.getrandbits(128)).hex}"
            do_upload(t_re, g, depositor, client, deposit_id, ua)

    # ---- web traffic: landing pages, search, downloads, OAI-PMH
    q_windows = {}
    for fid, (tq, f) in quarantined.items():
        q_windows[fid] = (tq, None)

    def release_time(fid):
        return q_windows[fid][1]

    def is_quarantined(fid, t):
        if fid not in q_windows:
            return False
        a, b = q_windows[fid]
        return a <= t and (b is None or t < b)

    # re-verification after the fix: every quarantined file read again (cairn-app, full speed)
    rev_t = REVERIFY + dt.timedelta(seconds=rng.uniform(2, 8))
    jlog(REVERIFY, h2, "INFO", "MainProcess", "cairn.management", f"reverify: {len(quarantined)} quarantined files queued by ruth.fairbairn")
    slots_free = [rev_t + dt.timedelta(seconds=rng.uniform(0, 3)) for _ in range(12)]
    for fid in sorted(quarantined, key=lambda k: quarantined[k][0]):
        tq, f = quarantined[fid]
        k = min(range(12), key=lambda i: slots_free[i])
        t0 = slots_free[k]
        tid = task_id()
        proc = f"ForkPoolWorker-{k + 1}"
        t_end, result, hashed, err = compute(t0, f, h2, lambda: rng.uniform(150e6, 260e6), (proc, f"cairn.preservation.tasks.reverify_file[{tid}]"), "cairn-app")
        jlog(t0, h2, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.preservation.tasks.reverify_file[{tid}] received")
        jlog(t_end, h2, "INFO", proc, f"cairn.preservation.tasks.reverify_file[{tid}]", f"Fixity ok for file {f['id']} ({f['size']} bytes, {(t_end - t0).total_seconds():.1f} s)")
        jlog(t_end + dt.timedelta(milliseconds=rng.randint(5, 20)), h2, "INFO", proc, f"cairn.preservation.tasks.reverify_file[{tid}]", f"Released file {f['id']} (dataset {f['ds']['doi']}) from quarantine: re-verified by ruth.fairbairn")
        jlog(t_end + dt.timedelta(milliseconds=rng.randint(30, 60)), h2, "INFO", proc, "celery.app.trace", f"Task cairn.preservation.tasks.reverify_file[{tid}] succeeded in {(t_end - t0).total_seconds():.6f}s: 'ok'")
        q_windows[fid] = (tq, t_end)
        slots_free[k] = t_end + dt.timedelta(seconds=rng.uniform(0.05, 0.3))
    stats["released_by"] = max(slots_free)

    def dl(t, client, ua, f, user):
        ds = f["ds"]
        rid = hexid16()
        if is_quarantined(f["id"], t):
            nginx.add(t, nginx_access(t, client, "GET", f"/datasets/{ds['id']}/files/{f['id']}/download", 409, 131, rng.uniform(0.02, 0.06), ua, upstream_rt=rng.uniform(0.015, 0.05)))
            wlog(t, "warning", "cairn.files.views", "download refused: file quarantined", file_id=f["id"], dataset=ds["doi"], request_id=rid, user=user)
            return False
        nginx.add(t, nginx_access(t, client, "GET", f"/datasets/{ds['id']}/files/{f['id']}/download", 302, 0, rng.uniform(0.02, 0.07), ua, upstream_rt=rng.uniform(0.015, 0.06)))
        wlog(t, "info", "cairn.files.views", "download redirected", file_id=f["id"], dataset=ds["doi"], bytes=f["size"], request_id=rid, user=user)
        t1 = t + dt.timedelta(seconds=rng.uniform(0.1, 0.5))
        t2 = wait_out(t1) + dt.timedelta(seconds=f["size"] / rng.uniform(5e6, 80e6))
        rlog(t1, t2, client, "cairn-app", "GET", f"/cairn-primary/{f['key']}?response-content-disposition=attachment&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600", 200, f["size"], ua)
        return True

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(day_rate(t, 9.0) / 60))
        if t >= END:
            break
        client = rng.choice(clients)
        ua = uas[rng.choice(["chrome", "chrome", "chrome", "firefox", "safari"])]
        kind = rng.random()
        ds = rng.choice(popular) if rng.random() < 0.3 else rng.choice(datasets)
        if kind < 0.45:
            nginx.add(t, nginx_access(t, client, "GET", f"/datasets/{ds['id']}", 200, rng.randint(14000, 42000), rng.uniform(0.04, 0.25), ua, referer=rng.choice(["-", "https://www.google.com/", f"https://doi.org/{ds['doi']}", "https://researchdata.edu.au/"]), upstream_rt=rng.uniform(0.03, 0.22)))
        elif kind < 0.6:
            term = rng.choice(["pm2.5", "fmri", "koala", "telehealth", "battery", "seagrass", "rna-seq", "bushfire", "wind+tunnel", "survey"])
            nginx.add(t, nginx_access(t, client, "GET", f"/search?q={term}", 200, rng.randint(9000, 30000), rng.uniform(0.08, 0.4), ua, upstream_rt=rng.uniform(0.07, 0.38)))
        elif kind < 0.9:
            dl(t, client, ua if rng.random() < 0.8 else uas[rng.choice(["wget", "curl", "python"])], new_file(ds), rng.choice(["anonymous", "anonymous", rng.choice(depositors)]))
        else:
            nginx.add(t, nginx_access(t, "13.236.8.41", "GET", "/oai?verb=ListRecords&metadataPrefix=oai_datacite&resumptionToken=" + hexid16(), 200, rng.randint(40000, 90000), rng.uniform(0.3, 1.2), "RDA-Harvester/3.1 (+https://researchdata.edu.au)", upstream_rt=rng.uniform(0.3, 1.1)))

    # researchers trying the quarantined files
    for fid, (tq, f) in quarantined.items():
        if f["ds"] is BUSHFIRE or rng.random() < 0.35:
            client = rng.choice(clients)
            ua = uas[rng.choice(["chrome", "firefox", "safari"])]
            ta = tq + dt.timedelta(seconds=rng.uniform(60, 1800))
            for _ in range(rng.randint(1, 4)):
                if ta >= END:
                    break
                dl(ta, client, ua, f, rng.choice(["anonymous", rng.choice(depositors)]))
                ta += dt.timedelta(seconds=rng.uniform(20, 400))
    # the reviewer of the Bushfire paper, via wget
    bush_q = [f for fid, (tq, f) in quarantined.items() if f["ds"] is BUSHFIRE]
    stats["bushfire"] = bush_q

    # ---- worker-01 routine: DOIs, mail, search index, previews
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(day_rate(t, 1.6) / 60))
        if t >= END:
            break
        tid = task_id()
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        what = rng.random()
        ds = rng.choice(datasets)
        if what < 0.18:
            name = "cairn.doi.tasks.register_doi"
            msg = f"DOI {doi()} registered (findable) for dataset {rng.randint(5200, 5400)} v1 in {rng.randint(280, 900)} ms"
        elif what < 0.5:
            name = "cairn.search.tasks.index_dataset"
            msg = f"Indexed dataset {ds['id']} ({ds['doi']})"
        elif what < 0.8:
            name = "cairn.previews.tasks.render_preview"
            msg = f"Preview rendered for file {rng.randint(100000, 125000)} ({rng.choice(['csv', 'pdf', 'tif', 'nii.gz', 'md'])}, {rng.randint(40, 2200)} ms)"
        else:
            name = "cairn.notify.tasks.send_mail"
            msg = f"Sent '{rng.choice(['Your deposit was submitted', 'Curator requested changes', 'Your dataset is published', 'Deposit reminder'])}' to {rng.choice(depositors)}@marrang.edu.au"
        jlog(t, h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task {name}[{tid}] received")
        te = t + dt.timedelta(seconds=rng.uniform(0.05, 2.5))
        jlog(te, h1, "INFO", proc, f"{name}[{tid}]", msg)
        jlog(te + dt.timedelta(milliseconds=rng.randint(3, 20)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {(te - t).total_seconds():.6f}s: None")
    for tq, f, ver, hashed in stats["mismatch"]:
        tid = task_id()
        ts = tq + dt.timedelta(seconds=rng.uniform(0.2, 1.5))
        jlog(ts, h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.notify.tasks.send_mail[{tid}] received")
        jlog(ts + dt.timedelta(seconds=0.3), h1, "INFO", "ForkPoolWorker-2", f"cairn.notify.tasks.send_mail[{tid}]", f"Sent 'Fixity mismatch: file {f['id']} quarantined' to preservation@marrang.edu.au")
        jlog(ts + dt.timedelta(seconds=0.32), h1, "INFO", "ForkPoolWorker-2", "celery.app.trace", f"Task cairn.notify.tasks.send_mail[{tid}] succeeded in 0.31{rng.randint(1000, 9999)}s: None")

    # ---- deploys: journal restarts, startup lines, AWX
    for h in host_order:
        for stop, start, ver, sha, conc in restarts[h]:
            if h.startswith("cairn-web"):
                sysd(stop, h, "Stopping cairn-web.service - Cairn web (gunicorn)...")
                sysd(stop + dt.timedelta(seconds=1.2), h, "cairn-web.service: Deactivated successfully.")
                sysd(start, h, "Started cairn-web.service - Cairn web (gunicorn).")
                wlog(start + dt.timedelta(seconds=1.6), "info", "cairn.apps", "cairn starting", version=ver, git=sha[:12], host=h, workers=6)
                continue
            sysd(stop, h, "Stopping cairn-worker.service - Cairn Celery worker...")
            jlog(stop + dt.timedelta(milliseconds=40), h, "WARNING", "MainProcess", "celery.apps.worker", "worker: Warm shutdown (MainProcess)")
            if h == "cairn-worker-02":
                sysd(stop + dt.timedelta(seconds=60), h, "cairn-worker.service: State 'stop-sigterm' timed out. Killing.")
                sysd(stop + dt.timedelta(seconds=60.01), h, f"cairn-worker.service: Killing process {pid_at(h, stop)} (celery) with signal SIGKILL.")
                sysd(stop + dt.timedelta(seconds=60.2), h, "cairn-worker.service: Failed with result 'timeout'.")
            else:
                sysd(stop + dt.timedelta(seconds=2.1), h, "cairn-worker.service: Deactivated successfully.")
            sysd(start, h, "Started cairn-worker.service - Cairn Celery worker.")
            q = "preservation" if h == "cairn-worker-02" else "default,ingest,doi"
            c = conc if h == "cairn-worker-02" else 4
            jlog(start + dt.timedelta(seconds=2.2), h, "INFO", "MainProcess", "cairn.apps", f"cairn {ver} (git {sha[:12]}) starting: queues {q}, concurrency {c}")
            jlog(start + dt.timedelta(seconds=2.4), h, "INFO", "MainProcess", "celery.worker.consumer.connection", "Connected to redis://cairn-redis-01:6379/0")
            jlog(start + dt.timedelta(seconds=2.9), h, "INFO", "MainProcess", "celery.apps.worker", f"celery@{h} ready.")

    def alog(t, msg):
        if START <= t < END:
            awx.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} p={awx_pid[0]} u=awx n=ansible | {msg}")

    awx_pid = [0]
    for at, ver, sha, conc, who, job in deploys:
        awx_pid[0] = rng.randint(300, 900)
        t = at
        alog(t, f"AWX job {job} \"cairn deploy\" launched by {who}: cairn_version={ver} (tag v{ver}, {sha})")
        alog(t + dt.timedelta(seconds=0.4), "PLAY [cairn web and workers] ***************************************************")
        first = True
        for h in host_order:
            stop, start, v, s2, c = [r for r in restarts[h] if r[2] == ver and r[0] > at][0]
            t0 = stop - dt.timedelta(seconds=rng.uniform(30, 36))
            if first:
                alog(t0 - dt.timedelta(seconds=3), "TASK [Gathering Facts] *********************************************************")
                alog(t0 - dt.timedelta(seconds=1), f"ok: [{h}]")
                first = False
            alog(t0, f"TASK [cairn : pull registry.rdc.marrang.edu.au/cairn/cairn:{ver}] ********************")
            alog(t0 + dt.timedelta(seconds=rng.uniform(14, 22)), f"changed: [{h}]")
            alog(t0 + dt.timedelta(seconds=23), "TASK [cairn : render /etc/cairn/cairn.env] *************************************")
            alog(t0 + dt.timedelta(seconds=24), f"changed: [{h}]")
            unit = "cairn-web" if h.startswith("cairn-web") else "cairn-worker"
            alog(stop - dt.timedelta(seconds=0.5), f"TASK [cairn : restart {unit}] *******************************************")
            alog(start + dt.timedelta(seconds=0.3), f"changed: [{h}]")
            alog(start + dt.timedelta(seconds=0.5), "TASK [cairn : wait for the service] ********************************************")
            alog(start + dt.timedelta(seconds=4), f"ok: [{h}]")
        last = max(r[1] for h in host_order for r in restarts[h] if r[2] == ver and r[0] > at)
        alog(last + dt.timedelta(seconds=5), "PLAY RECAP *********************************************************************")
        for h in host_order:
            alog(last + dt.timedelta(seconds=5.01), f"{h:<26}: ok=6    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
    # a routine AWX job
    awx_pid[0] = 611
    tb = utc("2026-05-11 23:00:02")
    alog(tb, "AWX job 48208 \"cairn db backup check\" launched by schedule")
    alog(tb + dt.timedelta(seconds=0.3), "PLAY [verify last night's pg_dump] *********************************************")
    alog(tb + dt.timedelta(seconds=2), "TASK [stat /backup/cairn/cairn-20260512.dump] **********************************")
    alog(tb + dt.timedelta(seconds=3), "ok: [cairn-db-01]")
    alog(tb + dt.timedelta(seconds=4), "PLAY RECAP *********************************************************************")
    alog(tb + dt.timedelta(seconds=4.01), "cairn-db-01                : ok=2    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")

    # ---- Ceph cluster log
    seq = [2381400]

    def clog(t, who, chan, level, msg):
        if START <= t < END:
            seq[0] += 1
            ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+0000"
            if who.startswith("mon"):
                ceph.add(t, f"{ts} {who} (mon.0) {seq[0]} : {chan} [{level}] {msg}")
            else:
                ceph.add(t, f"{ts} {who} ({who}) {rng.randint(100, 900)} : {chan} [{level}] {msg}")

    mon = "mon.ceph-mon-01"
    t = utc("2026-05-11 22:30:00") + dt.timedelta(seconds=rng.uniform(0, 30))
    healthy_from = None
    while t < END:
        bad = any(d <= t < d + dt.timedelta(minutes=3) for d, *_ in FLAPS) or (FLAPS[0][0] <= t < PORT_SHUT + dt.timedelta(minutes=2)) or (utc("2026-05-12 01:20:00") <= t < utc("2026-05-12 03:02:00"))
        if not bad:
            clog(t, mon, "cluster", "INF", "overall HEALTH_OK")
        t += dt.timedelta(minutes=10, milliseconds=rng.randint(-40, 40))
    osds = list(range(72, 84))
    peers = [o for o in range(0, 144) if o not in osds]
    epoch = [41230]
    degraded_total = 22481990
    for d, down, marked, det, peer, boot in flap_info:
        if not marked:
            clog(d + dt.timedelta(seconds=rng.uniform(8, 14)), mon, "cluster", "WRN", f"Health check failed: Slow OSD heartbeats on back (longest {rng.uniform(1900, 4800):.3f}ms) (OSD_SLOW_PING_TIME_BACK)")
            clog(d + dt.timedelta(seconds=rng.uniform(70, 95)), mon, "cluster", "INF", "Health check cleared: OSD_SLOW_PING_TIME_BACK (was: Slow OSD heartbeats on back (longest 4121.630ms))")
            continue
        tf = d + dt.timedelta(seconds=det)
        for o in osds:
            tf2 = tf + dt.timedelta(milliseconds=rng.randint(0, 900))
            clog(tf2, mon, "cluster", "INF", f"osd.{o} failed (root=default,host=ceph-osd-07) ({rng.randint(2, 4)} reporters from different host after {det + rng.uniform(0, 0.9):.6f} >= grace 20.000000)")
        epoch[0] += 1
        clog(tf + dt.timedelta(seconds=1.1), mon, "cluster", "WRN", "Health check failed: 12 osds down (OSD_DOWN)")
        clog(tf + dt.timedelta(seconds=1.11), mon, "cluster", "WRN", "Health check failed: 1 host (12 osds) down (OSD_HOST_DOWN)")
        pg = rng.randint(48, 71)
        clog(tf + dt.timedelta(seconds=2.5), mon, "cluster", "WRN", f"Health check failed: Reduced data availability: {pg} pgs inactive, {pg} pgs peering (PG_AVAILABILITY)")
        dg = rng.randint(1790000, 1880000)
        clog(tf + dt.timedelta(seconds=6), mon, "cluster", "WRN", f"Health check failed: Degraded data redundancy: {dg}/{degraded_total} objects degraded ({100 * dg / degraded_total:.3f}%), {rng.randint(290, 330)} pgs degraded (PG_DEGRADED)")
        sl = rng.randint(18, 64)
        clog(tf + dt.timedelta(seconds=7), mon, "cluster", "WRN", f"Health check failed: {sl} slow ops, oldest one blocked for {int(det + rng.uniform(4, 9))} sec, daemons [osd.{rng.choice(peers)},osd.{rng.choice(osds)},osd.{rng.choice(peers)}] have slow ops. (SLOW_OPS)")
        clog(tf + dt.timedelta(seconds=peer), mon, "cluster", "INF", f"Health check cleared: PG_AVAILABILITY (was: Reduced data availability: {rng.randint(3, 9)} pgs peering)")
        for o in osds:
            tb2 = boot + dt.timedelta(milliseconds=rng.randint(-2500, 600))
            clog(tb2 - dt.timedelta(milliseconds=300), f"osd.{o}", "cluster", "WRN", f"Monitor daemon marked osd.{o} down, but it is still running")
            clog(tb2, f"osd.{o}", "cluster", "DBG", f"map e{epoch[0]} wrongly marked me down at e{epoch[0] - 1}")
            clog(tb2 + dt.timedelta(milliseconds=rng.randint(400, 1400)), mon, "cluster", "INF", f"osd.{o} [v2:10.30.1.17:{6800 + 2 * (o - 72)}/{rng.randint(1000, 9999)},v1:10.30.1.17:{6801 + 2 * (o - 72)}/{rng.randint(1000, 9999)}] boot")
        epoch[0] += 1
        clog(boot + dt.timedelta(seconds=2.2), mon, "cluster", "INF", "Health check cleared: OSD_HOST_DOWN (was: 1 host (12 osds) down)")
        clog(boot + dt.timedelta(seconds=2.21), mon, "cluster", "INF", "Health check cleared: OSD_DOWN (was: 12 osds down)")
        clog(boot + dt.timedelta(seconds=rng.uniform(20, 40)), mon, "cluster", "INF", "Health check cleared: SLOW_OPS (was: 3 slow ops, oldest one blocked for 31 sec, osd.88 has slow ops)")
        clog(boot + dt.timedelta(seconds=rng.uniform(45, 80)), mon, "cluster", "INF", f"Health check cleared: PG_DEGRADED (was: Degraded data redundancy: {rng.randint(200, 900)}/{degraded_total} objects degraded (0.00{rng.randint(1, 4)}%), {rng.randint(1, 6)} pgs degraded)")
    clog(utc("2026-05-12 01:19:42"), mon, "cluster", "WRN", "Health check failed: noout flag(s) set (OSDMAP_FLAGS)")
    clog(PORT_SHUT + dt.timedelta(seconds=80), mon, "cluster", "INF", "Cluster is now healthy")
    clog(utc("2026-05-12 03:01:55"), mon, "cluster", "INF", "Health check cleared: OSDMAP_FLAGS (was: noout flag(s) set)")
    clog(utc("2026-05-12 03:01:56"), mon, "cluster", "INF", "Cluster is now healthy")
    clog(LONE_STALL[0] + dt.timedelta(seconds=31), mon, "cluster", "WRN", "Health check failed: 1 slow ops, oldest one blocked for 31 sec, osd.131 has slow ops (SLOW_OPS)")
    clog(LONE_STALL[0] + dt.timedelta(seconds=62), mon, "cluster", "INF", "Health check cleared: SLOW_OPS (was: 1 slow ops, oldest one blocked for 31 sec, osd.131 has slow ops)")
    clog(LONE_STALL[0] + dt.timedelta(seconds=63), mon, "cluster", "INF", "Cluster is now healthy")
    for t in [utc("2026-05-11 23:14:08"), utc("2026-05-12 00:06:51"), utc("2026-05-12 02:21:37"), utc("2026-05-12 03:39:12"), utc("2026-05-12 04:11:40")]:
        pgid = f"{rng.choice([7, 9, 11])}.{rng.randint(0, 4095):x}"
        o = rng.choice(peers)
        clog(t, f"osd.{o}", "cluster", "DBG", f"{pgid} deep-scrub starts")
        clog(t + dt.timedelta(seconds=rng.uniform(300, 900)), f"osd.{o}", "cluster", "DBG", f"{pgid} deep-scrub ok")

    # ---- storage network syslog: ceph-osd-07's kernel and the leaf switch
    def nlog(t, host, tag, pid, msg):
        if START <= t < END:
            netlog.add(t, syslog3164(t, host, tag, pid, msg))

    uptime = 5443000.0 + (START - START).total_seconds()

    def kstamp(t):
        return f"[{uptime + (t - START).total_seconds():.6f}]"

    for d, down, marked, det, peer, boot in flap_info:
        up = d + dt.timedelta(seconds=down)
        rx = rng.uniform(-14.9, -13.1)
        nlog(d - dt.timedelta(seconds=rng.uniform(0.5, 2.5)), "rdc-leaf-03", "%ETHPORT-3-IF_SFP_ALARM", None, f"Interface Ethernet1/7, Low Rx Power Alarm")
        nlog(d, "rdc-leaf-03", "%ETHPORT-5-IF_DOWN_LINK_FAILURE", None, "Interface Ethernet1/7 is down (Link failure)")
        nlog(d + dt.timedelta(milliseconds=30), "rdc-leaf-03", "%ETH_PORT_CHANNEL-5-PORT_DOWN", None, "port-channel107: Ethernet1/7 is down")
        nlog(d + dt.timedelta(milliseconds=rng.randint(100, 300)), "ceph-osd-07", "kernel", None, f"{kstamp(d)} mlx5_core 0000:3b:00.1 ens2f1np1: Link down")
        nlog(d + dt.timedelta(milliseconds=rng.randint(300, 500)), "ceph-osd-07", "kernel", None, f"{kstamp(d + dt.timedelta(milliseconds=400))} bond0: (slave ens2f1np1): link status definitely down, disabling slave")
        nlog(up, "rdc-leaf-03", "%ETHPORT-5-SPEED", None, "Interface Ethernet1/7, operational speed changed to 25 Gbps")
        nlog(up + dt.timedelta(milliseconds=10), "rdc-leaf-03", "%ETHPORT-5-IF_UP", None, "Interface Ethernet1/7 is up in mode trunk")
        nlog(up + dt.timedelta(milliseconds=rng.randint(100, 300)), "ceph-osd-07", "kernel", None, f"{kstamp(up)} mlx5_core 0000:3b:00.1 ens2f1np1: Link up")
        nlog(up + dt.timedelta(milliseconds=rng.randint(500, 800)), "ceph-osd-07", "kernel", None, f"{kstamp(up + dt.timedelta(milliseconds=700))} bond0: (slave ens2f1np1): link status definitely up, 25000 Mbps full duplex")
        lacp = up + dt.timedelta(seconds=rng.uniform(2.5, 3.5) + (det if marked else 0) * 0.4)
        nlog(lacp, "rdc-leaf-03", "%ETH_PORT_CHANNEL-5-PORT_UP", None, "port-channel107: Ethernet1/7 is up")
        nlog(d + dt.timedelta(seconds=rng.uniform(40, 70)), "rdc-leaf-03", "%ETHPORT-4-IF_SFP_WARNING", None, f"Interface Ethernet1/7, Low Rx Power Warning (Rx {rx:.2f} dBm)")
    nlog(utc("2026-05-12 01:36:38"), "rdc-leaf-03", "%VSHD-5-VSHD_SYSLOG_CONFIG_I", None, "Configured from vty by deepak.rao on 10.30.250.14@pts/0")
    nlog(PORT_SHUT, "rdc-leaf-03", "%ETHPORT-5-IF_ADMIN_DOWN", None, "Interface Ethernet1/7 is admin down (Administratively down)")
    nlog(PORT_SHUT + dt.timedelta(milliseconds=20), "rdc-leaf-03", "%ETH_PORT_CHANNEL-5-PORT_DOWN", None, "port-channel107: Ethernet1/7 is down")
    nlog(PORT_SHUT + dt.timedelta(milliseconds=240), "ceph-osd-07", "kernel", None, f"{kstamp(PORT_SHUT)} mlx5_core 0000:3b:00.1 ens2f1np1: Link down")
    nlog(PORT_SHUT + dt.timedelta(milliseconds=610), "ceph-osd-07", "kernel", None, f"{kstamp(PORT_SHUT + dt.timedelta(milliseconds=600))} bond0: (slave ens2f1np1): link status definitely down, disabling slave")
    nlog(PORT_UP - dt.timedelta(seconds=41), "rdc-leaf-03", "%VSHD-5-VSHD_SYSLOG_CONFIG_I", None, "Configured from vty by deepak.rao on 10.30.250.14@pts/0")
    nlog(PORT_UP, "rdc-leaf-03", "%ETHPORT-5-SPEED", None, "Interface Ethernet1/7, operational speed changed to 25 Gbps")
    nlog(PORT_UP + dt.timedelta(milliseconds=12), "rdc-leaf-03", "%ETHPORT-5-IF_UP", None, "Interface Ethernet1/7 is up in mode trunk")
    nlog(PORT_UP + dt.timedelta(milliseconds=220), "ceph-osd-07", "kernel", None, f"{kstamp(PORT_UP)} mlx5_core 0000:3b:00.1 ens2f1np1: Link up")
    nlog(PORT_UP + dt.timedelta(milliseconds=740), "ceph-osd-07", "kernel", None, f"{kstamp(PORT_UP + dt.timedelta(milliseconds=700))} bond0: (slave ens2f1np1): link status definitely up, 25000 Mbps full duplex")
    nlog(PORT_UP + dt.timedelta(seconds=3.1), "rdc-leaf-03", "%ETH_PORT_CHANNEL-5-PORT_UP", None, "port-channel107: Ethernet1/7 is up")
    # routine noise on the storage hosts
    hosts = [f"ceph-osd-{i:02d}" for i in range(1, 13)] + ["ceph-mon-01", "ceph-mon-02", "ceph-mon-03", "rgw-01", "rgw-02", "rgw-03"]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.9 / 60))
        h = rng.choice(hosts)
        r = rng.random()
        if r < 0.4:
            nlog(t, h, "chronyd", rng.randint(900, 1200), f"Selected source 10.30.0.{rng.choice([2, 3])} (ntp{rng.choice([1, 2])}.rdc.marrang.edu.au)" if rng.random() < 0.2 else f"Source 10.30.0.{rng.choice([2, 3])} replaced with 10.30.0.{rng.choice([2, 3])}" if rng.random() < 0.1 else f"System clock wrong by {rng.uniform(-0.0009, 0.0009):.6f} seconds")
        elif r < 0.7:
            nlog(t, h, "systemd", 1, rng.choice(["Starting sysstat-collect.service - system activity accounting tool...", "sysstat-collect.service: Deactivated successfully.", "Finished sysstat-collect.service - system activity accounting tool."]))
        elif r < 0.85:
            nlog(t, h, "node_exporter", rng.randint(1500, 1600), "ts=" + t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z caller=collector.go:173 level=info collector=textfile msg=\"collector succeeded\"")
        else:
            nlog(t, "rdc-leaf-03", "%AUTHPRIV-6-SYSTEM_MSG", None, f"pam_unix(sshd:session): session {'opened' if rng.random() < 0.5 else 'closed'} for user netbackup by (uid=0) - dcos_sshd[{rng.randint(20000, 30000)}]")

    # ---- Teams #cairn-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "cairn-ops",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    mism = sorted(stats["mismatch"], key=lambda m: m[0])
    onset = min([mism[0][0]] + [x[0] for x in stats["ingest_fail"]])
    stats["onset"] = onset
    alert_at = None
    for m in mism:
        window = [x for x in mism if m[0] - dt.timedelta(minutes=10) < x[0] <= m[0]]
        if len(window) >= 3:
            alert_at = m[0] + dt.timedelta(seconds=45)
            break
    stats["alert"] = alert_at
    q_by = lambda t: len([m for m in mism if m[0] <= t])
    after_rb = [m for m in mism if m[2] == "5.2.1"]
    stats["after_rollback"] = after_rb
    hendry = "10.83177/cairn.h3kq-7w2m"
    say(utc("2026-05-11 23:02:00"), "Jess Kowalczyk", "Morning all. Curation queue has 14 deposits, the Imaging Facility's spring batch is mostly in.")
    say(DEPLOY_530 - dt.timedelta(minutes=4), "Tom Albrecht", "Deploying cairn 5.3.0 at 09:42: PRES-236 (digests and bytes hashed in the fixity mismatch line, for Ruth), PRES-238 (quarantine banner and 409 text), PRES-234 8 MiB read blocks, PRES-239 audit concurrency 12 (agreed with Storage), CAIRN-487 ORCIDs in search, boto3 1.38.23.")
    say(DEPLOY_530 + dt.timedelta(minutes=5), "Tom Albrecht", "5.3.0 on web-01/02 and worker-01/02. Audit running with 12 streams.")
    say(utc("2026-05-12 00:41:10"), "Ruth Fairbairn", "Reminder: the Bushfire Smoke dataset (10.83177/cairn.b7x2-k9qd) is cited in the Lancet Planetary Health revision, reviewers were sent the DOI on Friday.")
    say(alert_at, "Grafana", f"[FIRING:1] Fixity mismatches (cairn-prod): {len([m for m in mism if alert_at - dt.timedelta(minutes=10) < m[0] <= alert_at])} mismatches in 10 min")
    say(utc("2026-05-12 00:53:20"), "Deepak Rao", "From #rc-storage: ceph-osd-07 is flapping, its 12 OSDs keep being marked down and booting again ('wrongly marked me down'). PGs peer each time, client I/O on those PGs stalls for half a minute. Data is fine, 3 replicas. Looking at the host.")
    say(utc("2026-05-12 00:57:05"), "Ruth Fairbairn", f"I have {q_by(utc('2026-05-12 00:57:05'))} fixity mismatch mails in the last ten minutes and climbing. Datasets from 2014 to last week, all quarantined. Deepak, is the cluster corrupting objects? The runbook says a mismatch is media errors or a storage fault.")
    say(utc("2026-05-12 01:00:40"), "Tom Albrecht", f"Mismatches started at {local(mism[0][0]).strftime('%H:%M')}, {round((mism[0][0] - DEPLOY_530).total_seconds() / 60)} minutes after 5.3.0. PRES-236 changed what compute_digests returns and PRES-234 the block size it reads, and boto3 moved (remember the checksum defaults in 1.36). Runbook: mismatches after a release, roll back first. Rolling back to 5.2.1.")
    say(utc("2026-05-12 01:03:15"), "Deepak Rao", "Ceph cannot hand you silently changed bytes: BlueStore verifies a crc32c on every read, a bad read is an EIO, not different data. What you can get from the flapping is reads that stall or break.")
    say(utc("2026-05-12 01:05:30"), "Ruth Fairbairn", "Runbook says to pause the audit during a storage incident. I will, once Tom's rollback is out. Holding back the restores from AWS for now.")
    if after_rb:
        rb_done = max(r[1] for h in host_order for r in restarts[h] if r[2] == "5.2.1")
        say(after_rb[0][0] + dt.timedelta(seconds=50), "Tom Albrecht", f"5.2.1 on all four since {local(rb_done).strftime('%H:%M')}. Still mismatching: file {after_rb[0][1]['id']} at {local(after_rb[0][0]).strftime('%H:%M:%S')}, same error in the old wording. Not the release.")
    say(PAUSE + dt.timedelta(seconds=20), "Ruth Fairbairn", f"Rolling audit paused (11:14). {q_by(PAUSE)} files quarantined.")
    fails = sorted(stats["ingest_fail"], key=lambda x: x[0])
    if fails:
        tj = fails[min(1, len(fails) - 1)][0] + dt.timedelta(minutes=4)
        others = len([x for x in fails if x[0] < tj]) - 1
        say(tj, "Jess Kowalczyk", f"A depositor ({fails[min(1, len(fails) - 1)][3]}) says their upload failed 'verification failed, please upload again'. The uploader shows the same for {others} other upload{'s' if others != 1 else ''} this morning.")
    say(utc("2026-05-12 01:24:40"), "Deepak Rao", "Set noout at 11:19 so Ceph does not start rebalancing. The leaf switch has Low Rx Power alarms on Eth1/7, that is ceph-osd-07's second 25G link. Bad optic or cable.")
    say(PORT_SHUT + dt.timedelta(seconds=50), "Deepak Rao", "Shut Eth1/7 at 11:36, bond0 runs on ens2f0 alone. No more flaps. Optic is ordered from the spares cage.")
    late_m = [m for m in mism if m[0] > PAUSE]
    late_f = [x for x in fails if x[0] > PAUSE]
    say(utc("2026-05-12 01:44:10"), "Ruth Fairbairn", f"{len(late_m)} more mismatches from audits that were already running when I paused, and {len(late_f)} failed upload verification{'s' if len(late_f) != 1 else ''} since ({', '.join(local(x[0]).strftime('%H:%M') for x in late_f[:4])}). Whatever this is, it is not only the audit.")
    ex = [m for m in mism if m[2] == "5.3.0"][0]
    say(utc("2026-05-12 01:51:55"), "Mei Lin Cheng", f"Look at the 5.3.0 mismatch lines, the ones before the rollback: 'hashed {ex[3]} of {ex[1]['size']} bytes' and the like. We hashed more bytes than the objects have. Every mismatched file has a 'Fixity read ... interrupted in range ... retrying the range' warning just before it, during one of Deepak's stalls.")
    say(utc("2026-05-12 01:55:30"), "Mei Lin Cheng", "That is PRES-231, mine, in 5.2.0 last Thursday: when a range read breaks we ask for the whole range again, but the bytes we read before the break are already in the hashers. Every interrupted read gives a wrong digest. The test only failed before the first byte. The files are fine.")
    say(utc("2026-05-12 01:58:40"), "Ruth Fairbairn", "So Saturday's mismatch on the Hendry lab file (" + hendry + ") that I restored from AWS was the same thing?")
    say(utc("2026-05-12 02:00:05"), "Mei Lin Cheng", "It had a 'retrying the range' at 03:12 on Saturday, yes. One read timeout in four days, so nobody saw a pattern.")
    say(utc("2026-05-12 02:06:20"), "Deepak Rao", "rclone hashsum sha256 on ten quarantined objects straight from cairn-primary: all ten match the ingest digests in Cairn.")
    say(utc("2026-05-12 02:21:00"), "Mei Lin Cheng", "PRES-241: a retry asks for the rest of the range from the first byte not hashed, and hashed != size raises instead of reporting a mismatch. Test breaks the body mid-stream.")
    say(utc("2026-05-12 02:45:00"), "Tom Albrecht", "5.3.1 = 5.3.0 + PRES-241. Deploying at 12:55.")
    say(PORT_UP + dt.timedelta(seconds=40), "Deepak Rao", "Optic replaced, Eth1/7 up, Rx -2.1 dBm. LACP bundled. Unsetting noout at 13:02.")
    say(DEPLOY_531 + dt.timedelta(minutes=6), "Tom Albrecht", "5.3.1 on all four.")
    say(REVERIFY + dt.timedelta(seconds=40), "Ruth Fairbairn", f"Re-verifying the {len(quarantined)} quarantined files with 5.3.1 (full read as cairn-app).")
    say(stats["released_by"] + dt.timedelta(seconds=50), "Ruth Fairbairn", f"All {len(quarantined)} match their ingest digests and are released. Nothing restored from AWS. Resuming the audit at 13:30.")
    say(utc("2026-05-12 03:36:00"), "Jess Kowalczyk", f"Wrote to the {len(set(x[3] for x in fails))} depositors whose uploads failed verification, their files were fine, they can re-upload or we attach them from staging.")
    say(utc("2026-05-12 04:08:00"), "Hamish Doyle", "Runbook updated. PIR on Thursday; Storage's part is the optic, ours is PRES-231.")

    # ---- ServiceNow
    def ticket(t, number, state, short_d, desc, opened=None, group="Research Data Services", caller="Service Desk"):
        snow.add(t, json.dumps({"number": number, "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                                "assignment_group": group, "caller_id": caller, "state": state, "short_description": short_d, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-05-11 23:11:40"), "INC0418823", "New", "Storage quota for Climate Futures lab", "Lab requests quota increase from 20 TB to 35 TB for the CMIP7 downscaling outputs.", caller="Anika Papadopoulos")
    ticket(utc("2026-05-12 01:07:50"), "INC0418861", "New", "Cannot download dataset files", "Files of 10.83177/cairn.b7x2-k9qd show 'temporarily unavailable while the Library checks its integrity'. A journal reviewer needs them today.", caller="Isla Hendry (Public Health)")
    if fails:
        ticket(fails[0][0] + dt.timedelta(minutes=9), "INC0418874", "New", "Upload fails verification", f"Uploading {fails[0][2]['name']} to my deposit fails with 'verification failed, please upload again'. Tried twice.", caller=fails[0][3])
    ticket(utc("2026-05-12 01:33:15"), "INC0418880", "New", "Dataset unavailable - reviewer access", "Reviewer for NCOMMS-26-10214 reports 409 errors downloading our light-sheet dataset.", caller="Hiro Tanaka (Imaging Facility)")
    ticket(utc("2026-05-12 01:35:00"), "INC0418861", "In Progress", "Cannot download dataset files", "Linked to the fixity mismatch incident, see #cairn-ops.", opened=utc("2026-05-12 01:07:50"), caller="Isla Hendry (Public Health)")
    ticket(utc("2026-05-12 01:41:20"), "INC0418885", "New", "ceph-osd-07 flapping (leaf-03 Eth1/7)", "Bond member flapping, Low Rx Power on Eth1/7. Port shut at 11:36; optic to be replaced.", group="eResearch Storage", caller="Deepak Rao")
    ticket(stats["released_by"] + dt.timedelta(minutes=3), "INC0418861", "Resolved", "Cannot download dataset files", "Files re-verified with Cairn 5.3.1 and released; the fixity mismatches were a defect in Cairn's audit reads (PRES-241), not the files.", opened=utc("2026-05-12 01:07:50"), caller="Isla Hendry (Public Health)")
    ticket(utc("2026-05-12 03:55:30"), "INC0418885", "Resolved", "ceph-osd-07 flapping (leaf-03 Eth1/7)", "Optic replaced at 12:46, link stable, noout unset.", opened=utc("2026-05-12 01:41:20"), group="eResearch Storage", caller="Deepak Rao")
    ticket(utc("2026-05-12 04:14:00"), "INC0418912", "New", "ORCID not shown on dataset page", "My ORCID iD is linked but the landing page does not show it.", caller="Wen Chen")
    return [worker, web, nginx, rgw, ceph, netlog, awx, teams, snow], stats


def build(out_dir):
    rng = random.Random(84100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        mism = stats["mismatch"]
        assert FLAPS[0][0] < stats["onset"] < FLAPS[0][0] + dt.timedelta(minutes=3), stats["onset"]
        assert stats["alert"] < utc("2026-05-12 00:57:00"), stats["alert"]
        assert stats["after_rollback"], "no mismatch after the rollback"
        assert [m for m in mism if m[2] == "5.3.0"], "no 5.3.0 mismatch"
        assert not [m for m in mism if m[2] == "5.3.1"], "mismatch after the fix"
        assert stats["ingest_fail"], "no failed ingest verification"
        assert not [m for m in mism if m[0] < FLAPS[0][0]], "mismatch before the flaps"
        events = stats["events"]

        def per_min(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        def osd_up(t):
            down = 0
            for d, down_s, marked in FLAPS:
                if marked and d + dt.timedelta(seconds=22) <= t < d + dt.timedelta(seconds=40):
                    down = 12
            return 144 - down

        metrics = {
            "cairn_fixity_results_per_minute.json": query_range(
                [({"job": "cairn-worker", "instance": "cairn-worker-02", "result": r}, per_min(r)) for r in ("ok", "mismatch", "error")], START, END, 60),
            "ceph_osd_up.json": query_range([({"job": "ceph", "cluster": "rdc-ceph"}, osd_up)], START, END, 15),
        }
        q = len(stats["quarantined"])
        return write_scenario(
            out_dir, name="r84-fixity-retry-double-hash", service=SERVICE, onset=onset,
            description=f"""
Cairn, Marrang University's research data repository, quarantines {q}
files as fixity mismatches on Tuesday 12 May: from {onset.strftime('%H:%M:%S')} UTC ({local(onset).strftime('%H:%M')}
AEST) the rolling audit reports "Fixity mismatch" for file after file and
blocks their downloads (409), and uploads fail ingest verification. cairn
5.3.0 had been deployed at 23:42 UTC; the rollback to 5.2.1 at {ROLLBACK.strftime('%H:%M')} did
not help; the audit was paused at 01:14, 5.3.1 went out at 02:55 and the
files were re-verified and released by {stats['released_by'].strftime('%H:%M')}. A link of the Ceph host
ceph-osd-07 flapped from 00:48 until the switch port was shut at 01:36.
""",
            logs=logs,
            line_formats={"cairn-worker-journal.log": r'<Time> <Host> <Ident>\[<Pid>\]: <Level> <Process> <Logger> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'interrupted in range .* retrying the range', r'hashed .* of .* bytes'],
            fix_files=["cairn/preservation/fixity.py", "tests/test_fixity.py"],
            explanation=f"""
The culprit is PRES-231 "fixity: read objects in 256 MiB ranges and retry
a failed range" ({shas['culprit'][:7]}, Thursday 7 May 05:20 UTC, {hours:.1f} h before
the onset), shipped in 5.2.0 and kept in 5.2.1. compute_digests reads the
object range by range and, when a read breaks (read timeout, connection
broken), requests the same range again from its first byte while the
bytes read before the break are already in the hashers: every file whose
read is interrupted mid-range comes out with a wrong digest, "Fixity
mismatch", and is quarantined; uploads caught the same way fail ingest
verification. Reads break only when the Ceph cluster stalls for longer
than the 20 s read timeout; on Tuesday ceph-osd-07's second link flapped
(a failing optic) and every few minutes reads stalled for 25-35 s, so each
stall produced a "Fixity read ... interrupted in range ... retrying the
range" warning per read in flight and then a mismatch for each of those
files; the 5.3.0 mismatch lines show more bytes hashed than the object has.
The fix (PRES-241, 5.3.1) resumes a failed range at the first byte not yet
hashed (fixity.py, its test).
Decoys: 5.3.0, deployed {round((onset - DEPLOY_530).total_seconds() / 60)} minutes before the onset (PRES-236, which adds
the bytes hashed to the very mismatch line and changes what compute_digests
returns; PRES-234, 8 MiB read blocks in the culprit's file; PRES-238, which
adds the very "Quarantined file" warning; PRES-239, audit concurrency 12;
CAIRN-487; Dependabot's boto3 1.38.23); the rollback to 5.2.1, which holds
the culprit, without effect; the Ceph host's flapping link, which the
runbook reads as storage corruption (the real trigger, not the cause: RGW
returns correct bytes or none); Monday's runbook commit that says to pause
the audit during storage incidents, restore from the AWS copy and roll back
after a release; a healthy retry before the flaps that broke before the
first byte and passed; Saturday's lone mismatch, restored from AWS; the
docs commit that morning.
""",
        )
    finally:
        repo.close()
