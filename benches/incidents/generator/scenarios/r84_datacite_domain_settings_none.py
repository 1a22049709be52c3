"""cairn (Python 3.12, Django 5.1, Celery 5.4 on Redis, PostgreSQL, boto3,
requests; two web VMs and two worker VMs under systemd in Marrang
University's Research Data Centre, deployed by an AWX job template running
Ansible; team in Melbourne and Wellington) is Cairn, the university's
research data repository, three months after r84-fixity-retry-double-hash.
When a curator publishes a dataset version Cairn registers its DOI under the
university's prefix 10.83177 with DataCite's REST API (`POST /dois`, event
publish, as the repository MARRANG.CAIRN), and a curator's metadata edit or
the hourly sync updates it (`PUT /dois/{doi}`); a depositor can reserve a
draft DOI (no landing page URL yet) to cite in a manuscript. Outbound HTTPS
goes through the data centre's Squid proxy. The university's DataCite
membership runs through the ARDC consortium; the Library's Research Data
Librarian (Niamh Gallagher) administers the university's DataCite
repositories in Fabrica, DataCite's web console. Each repository has a
Domains setting: DataCite refuses a findable DOI whose landing page URL is
not on one of them ("URL is not allowed by repository domain settings.").

Wednesday 5 August 2026: at 09:05 AEST (23:05 UTC on the 4th) Tom deploys
cairn 6.4.0: CAIRN-612 registers each version's own landing page
(`/datasets/{id}/v{n}`) as the DOI's URL, in the very payload; CAIRN-615
logs DataCite's error body when it refuses a DOI (the very warning);
CAIRN-609 retries a failed registration after 1, 5 and 15 minutes before
marking it "DOI pending"; a requests bump. That morning Niamh sets up a
second DataCite repository, MARRANG.THESES, for the new theses repository,
as she announced in #cairn-ops; at 10:12 AEST she pastes the theses
repository's domain into the Domains field of MARRANG.CAIRN, whose settings
form she has open in the other tab (both are "Marrang University ..." in
Fabrica's list). From 10:14 every DOI Cairn publishes or updates is refused
with HTTP 422 ("url: URL is not allowed by repository domain settings."),
while draft reservations, which carry no URL, go through. Curators'
approved datasets stay "DOI pending"; two authors need their DOIs for
Scientific Data submissions that afternoon.

Tom reads the warning as CAIRN-612's new URLs and, as the runbook says for
a 422 after a release, rolls back to 6.3.2 at 10:47: the failures go on
with the old URLs, and 6.3.2 logs only "422 Client Error: Unprocessable
Entity". His curl with yesterday's payload gets the same error body.
Hamish notes that drafts still register and Squid shows normal tunnels;
DataCite's status page has an unrelated incident (Search degraded). Tom
writes to DataCite support. At 11:27 Hamish asks Niamh to look at Fabrica;
she finds theses.marrang.edu.au in MARRANG.CAIRN's Domains and restores
researchdata.marrang.edu.au at 11:36; the next DOI registers, Tom requeues
the pending ones at 11:45, DataCite support confirms the settings change
from the university's own Fabrica login, and 6.4.0 is deployed again at
12:30. Nothing in cairn caused it.

Sources: cairn workers (journalctl -o short-iso-precise, local time,
Celery's task log format, line format), cairn web (structlog JSON), nginx
access, Squid access log (native format, epoch times), DataCite's status
page webhooks as the team's status relay received them (JSON), AWX job
output (Ansible log), #cairn-ops (Teams export, JSON lines), ServiceNow
incidents and requests (JSON lines)."""

import datetime as dt
import heapq
import json
import random
import uuid

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import nginx_access

SERVICE = "cairn"
START, END = utc("2026-08-04 22:00:00"), utc("2026-08-05 03:30:00")
DEPLOY_640 = utc("2026-08-04 23:05:00")     # 09:05 AEST
SEARCH_INCIDENT = utc("2026-08-04 23:48:30")
FABRICA_EDIT = utc("2026-08-05 00:12:40")   # MARRANG.CAIRN's Domains overwritten
ROLLBACK = utc("2026-08-05 00:47:30")       # redeploy of 6.3.2
FABRICA_RESTORE = utc("2026-08-05 01:36:20")
REQUEUE = utc("2026-08-05 01:45:10")
REDEPLOY = utc("2026-08-05 02:30:00")       # 6.4.0 again
AEST = dt.timedelta(hours=10)
HOST = "https://researchdata.marrang.edu.au"
DOMAIN_ERR = "URL is not allowed by repository domain settings."

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "cairn"
version = "6.3.2"
description = "Marrang University's research data repository"
requires-python = ">=3.12"
dependencies = [
    "Django==5.1.11",
    "celery[redis]==5.4.0",
    "boto3==1.39.14",
    "psycopg[binary]==3.2.9",
    "structlog==25.4.0",
    "django-structlog==9.1.1",
    "requests==2.32.3",
    "gunicorn==23.0.0",
]

[project.optional-dependencies]
dev = ["pytest==8.4.1", "pytest-django==4.11.1", "moto[s3]==5.1.8", "responses==0.25.7", "ruff==0.12.5"]

[tool.pytest.ini_options]
DJANGO_SETTINGS_MODULE = "cairn.settings"

[tool.ruff]
line-length = 110
"""

DATACITE_PY = '''"""DataCite REST API: DOIs under 10.83177 for the repository MARRANG.CAIRN.

A published dataset version gets a findable DOI (event "publish") whose URL
is its landing page; metadata edits update it. A depositor may reserve a
draft DOI first, which has no URL until the version is published."""

import requests
from django.conf import settings

TIMEOUT = (5, 30)
LANDING = "https://researchdata.marrang.edu.au"


def _session():
    s = requests.Session()
    s.auth = (settings.DATACITE_REPOSITORY, settings.DATACITE_PASSWORD)
    s.headers["Content-Type"] = "application/vnd.api+json"
    s.proxies = {"https": settings.HTTPS_PROXY}
    return s


def landing_url(version):
    return f"{LANDING}/datasets/{version.dataset_id}"


def attributes(version):
    ds = version.dataset
    return {
        "doi": version.doi,
        "url": landing_url(version),
        "creators": [c.datacite() for c in ds.creators.all()],
        "titles": [{"title": ds.title}],
        "publisher": {"name": "Marrang University", "publisherIdentifier": "https://ror.org/05m2n4k61",
                      "publisherIdentifierScheme": "ROR"},
        "publicationYear": version.published.year,
        "types": {"resourceTypeGeneral": "Dataset"},
        "version": str(version.number),
        "rightsList": [version.licence.datacite()],
        "descriptions": [{"description": ds.description, "descriptionType": "Abstract"}],
    }


def publish(version):
    body = {"data": {"type": "dois", "attributes": {**attributes(version), "event": "publish"}}}
    r = _session().post(f"{settings.DATACITE_API}/dois", json=body, timeout=TIMEOUT)
    r.raise_for_status()
    return r.json()


def update(version):
    body = {"data": {"type": "dois", "attributes": attributes(version)}}
    r = _session().put(f"{settings.DATACITE_API}/dois/{version.doi}", json=body, timeout=TIMEOUT)
    r.raise_for_status()
    return r.json()


def reserve(doi):
    body = {"data": {"type": "dois", "attributes": {"doi": doi}}}
    r = _session().post(f"{settings.DATACITE_API}/dois", json=body, timeout=TIMEOUT)
    r.raise_for_status()
    return r.json()
'''

DOI_TASKS_PY = '''"""DOI registration, metadata updates and draft reservations (queue `doi`)."""

import logging
import time

import requests
from celery import shared_task

from cairn.datasets.models import Deposit, DatasetVersion
from cairn.doi import datacite

log = logging.getLogger(__name__)


@shared_task(queue="doi")
def register_doi(version_id):
    v = DatasetVersion.objects.select_related("dataset").get(pk=version_id)
    started = time.monotonic()
    try:
        datacite.publish(v)
    except requests.RequestException as exc:
        v.mark_doi_pending(str(exc))
        log.error("DOI registration failed for dataset %s v%s: %s; marked DOI pending", v.dataset_id, v.number, exc)
        return "pending"
    v.mark_doi_registered()
    log.info("DOI %s registered (findable) for dataset %s v%s in %d ms", v.doi, v.dataset_id, v.number,
             (time.monotonic() - started) * 1000)
    return "registered"


@shared_task(queue="doi")
def update_doi(version_id):
    v = DatasetVersion.objects.select_related("dataset").get(pk=version_id)
    try:
        datacite.update(v)
    except requests.RequestException as exc:
        log.error("DOI metadata update failed for %s: %s", v.doi, exc)
        return "failed"
    log.info("DOI %s metadata updated", v.doi)
    return "updated"


@shared_task(queue="doi")
def reserve_doi(deposit_id):
    d = Deposit.objects.get(pk=deposit_id)
    datacite.reserve(d.reserved_doi)
    log.info("DOI %s reserved (draft) for deposit %s", d.reserved_doi, d.pk)


@shared_task(queue="doi")
def sync_metadata():
    """Updates the DOIs of versions whose metadata changed in the last hour."""
    changed = list(DatasetVersion.objects.metadata_changed_since(minutes=65))
    for v in changed:
        update_doi(v.pk)
    log.info("sync_metadata: %d DOIs to update", len(changed))


@shared_task(queue="doi")
def retry_pending():
    pending = list(DatasetVersion.objects.filter(doi_state="pending"))
    log.info("retry_pending: %d DOIs pending", len(pending))
    for v in pending:
        register_doi(v.pk)
'''

FIXITY_COMPUTE = '''def compute_digests(bucket, key, size, algorithms=("sha256", "md5"), user="cairn-app"):
    """Reads the object in RANGE-byte ranges and returns ({algorithm: hexdigest}, bytes hashed).

    A range whose read fails is resumed at the first byte not yet hashed
    (PRES-231, PRES-241)."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    hashed = 0
    client = s3.client(user)
    for start in range(0, size, RANGE):
        end = min(start + RANGE, size) - 1
        pos = start
        for attempt in range(1, ATTEMPTS + 1):
            try:
                body = client.get_object(Bucket=bucket, Key=key, Range=f"bytes={pos}-{end}")["Body"]
                for block in body.iter_chunks(BLOCK):
                    for hasher in hashers.values():
                        hasher.update(block)
                    hashed += len(block)
                    pos += len(block)
                break
            except RETRYABLE as exc:
                if attempt == ATTEMPTS:
                    raise
                log.warning("Fixity read of %s interrupted at byte %d of range bytes=%d-%d (attempt %d/%d): %s; resuming from byte %d",
                            key, pos, start, end, attempt, ATTEMPTS, exc, pos)
                time.sleep(2 * attempt)
    if hashed != size:
        raise ValueError(f"hashed {hashed} bytes of a {size}-byte object")
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}, hashed
'''

SETTINGS_PY = '''import os

SECRET_KEY = os.environ["CAIRN_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["researchdata.marrang.edu.au"]
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django_structlog", "cairn.datasets", "cairn.files", "cairn.deposits", "cairn.preservation", "cairn.doi", "cairn.search",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ.get("CAIRN_DB_HOST", "cairn-db-01"),
                         "NAME": "cairn", "USER": "cairn", "CONN_MAX_AGE": 60}}
CELERY_BROKER_URL = os.environ.get("CAIRN_BROKER", "redis://cairn-redis-01:6379/0")
HTTPS_PROXY = "http://proxy.rdc.marrang.edu.au:3128"

CAIRN_S3_ENDPOINT = "https://s3.rdc.marrang.edu.au"
CAIRN_BUCKET = "cairn-primary"
CAIRN_FIXITY_DAYS = 90
CAIRN_FIXITY_BUDGET = 24 * 10**9   # bytes per five-minute run

DATACITE_API = "https://api.datacite.org"
DATACITE_REPOSITORY = "MARRANG.CAIRN"
DATACITE_PASSWORD = os.environ["DATACITE_PASSWORD"]
DATACITE_PREFIX = "10.83177"
'''

TEST_DATACITE = '''import responses

from cairn.doi import datacite


@responses.activate
def test_publish_sends_the_landing_page(version_factory, settings):
    settings.DATACITE_API = "https://api.test.datacite.org"
    v = version_factory(dataset_id=4321, number=1, doi="10.83177/cairn.test-0001")
    responses.post("https://api.test.datacite.org/dois", json={"data": {"id": v.doi}}, status=201)
    datacite.publish(v)
    sent = responses.calls[0].request
    assert b'"url": "https://researchdata.marrang.edu.au/datasets/4321"' in sent.body
    assert b'"event": "publish"' in sent.body
'''

GROUP_VARS = """# AWX: Cairn production (job template "cairn deploy")
cairn_image: registry.rdc.marrang.edu.au/cairn/cairn
cairn_web_hosts: [cairn-web-01, cairn-web-02]
cairn_gunicorn_workers: 6
cairn_worker_queues:
  cairn-worker-01: {queues: "default,ingest,doi", concurrency: 4}
  cairn-worker-02: {queues: "preservation", concurrency: 12}
cairn_beat_host: cairn-worker-01
"""

RUNBOOK = """# Cairn runbook

Owner: Research Data Services (#cairn-ops). Dashboards: Grafana > Cairn.

## Uploads stuck in "verifying"

Ingest verification runs on cairn-worker-01 (queue `ingest`). Check
`journalctl -u cairn-worker` there and the queue length in Flower.

## Fixity mismatches

Before restoring anything: a mismatch line whose bytes hashed differ from
the file's size is a read problem on our side, not a changed object
(PRES-241). Storage can hash the object independently (rclone hashsum).
"""

RUNBOOK_DOI = """
## DOI registration failures

Alert "DOI registration failures" fires at 3 failures in 15 minutes. A
version whose DOI could not be registered is published with "DOI pending"
and retried hourly (`cairn doi retry-pending` does it now).

- DataCite's status: https://status.datacite.org. A 5xx or a timeout is
  DataCite's; it clears by itself.
- A 422 is our metadata: DataCite validates every DOI against its schema.
  Since 6.4.0 the warning carries DataCite's error (source and title);
  before that, reproduce it with the payload from
  `cairn doi payload VERSION_ID` and curl. Fix the dataset's metadata
  (usually a creator without a name or an invalid ORCID) and requeue.
- A 401 or 403 is our credentials (`DATACITE_PASSWORD` in AWX's vault).
- If the 422s start after a Cairn release, roll back first (AWX > cairn
  deploy > previous tag) and tell #cairn-ops; the payload may have changed.

Authors waiting for a DOI for a journal can be given the reserved DOI;
it resolves once the registration goes through.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    hamish = Person("Hamish Doyle", "hamish.doyle@marrang.edu.au", 600)
    meilin = Person("Mei Lin Cheng", "meilin.cheng@marrang.edu.au", 600)
    tom = Person("Tom Albrecht", "tom.albrecht@marrang.edu.au", 600)
    aroha = Person("Aroha Ngata", "aroha.ngata@marrang.edu.au", 720)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "README.md": "# Cairn\n\nMarrang University's research data repository: deposits, curation, DataCite\nDOIs (prefix 10.83177, repository MARRANG.CAIRN), downloads and\npreservation (fixity audits, quarantine, the AWS copy).\n\n- `cairn/deposits`: the web uploader's API and ingest verification\n- `cairn/preservation`: fixity, the rolling audit, quarantine\n- `cairn/doi`: DataCite\n- `deploy/`: the AWX job template's playbook and variables\n\nReleases are tags `vX.Y.Z`; AWX deploys a tag to cairn-web-01/02 and\ncairn-worker-01/02.\n\nPreservation policy: `docs/preservation.md` (PRES-7).\n",
        "CHANGELOG.md": "# Changelog\n\n## 6.3.2\n\n- CAIRN-597 curator queue filters by faculty\n",
        "pyproject.toml": PYPROJECT,
        "cairn/__init__.py": '__version__ = "6.3.2"\n',
        "cairn/settings.py": SETTINGS_PY,
        "cairn/celery.py": 'from celery import Celery\n\napp = Celery("cairn")\napp.config_from_object("django.conf:settings", namespace="CELERY")\napp.conf.worker_log_format = "%(levelname)s %(processName)s %(name)s %(message)s"\napp.conf.worker_task_log_format = "%(levelname)s %(processName)s %(task_name)s[%(task_id)s] %(message)s"\napp.conf.beat_schedule = {\n    "rolling-audit": {"task": "cairn.preservation.tasks.schedule_audits", "schedule": 300},\n    "doi-pending": {"task": "cairn.doi.tasks.retry_pending", "schedule": 3600},\n    "doi-sync": {"task": "cairn.doi.tasks.sync_metadata", "schedule": 3600},\n}\napp.autodiscover_tasks()\n',
        "cairn/doi/datacite.py": DATACITE_PY,
        "cairn/doi/tasks.py": DOI_TASKS_PY,
        "cairn/preservation/fixity.py": '"""Fixity (PRES-7): read a file back and compare its digests with the ones recorded at ingest."""\n\nimport hashlib\nimport logging\nimport time\n\nfrom botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError, ResponseStreamingError\n\nfrom cairn.storage import s3\n\nlog = logging.getLogger(__name__)\n\nBLOCK = 8 * 1024 * 1024\nRANGE = 256 * 1024 * 1024\nATTEMPTS = 3\nRETRYABLE = (ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError, ResponseStreamingError)\n\n\n' + FIXITY_COMPUTE,
        "cairn/deposits/uploads.py": '"""The web uploader\'s API: presigned multipart uploads straight to RGW."""\n\nPART_SIZE = 64 * 1024 * 1024\nMAX_FILE_BYTES = 250 * 10**9\nDEFAULT_LICENCE = "CC-BY-4.0"\n',
        "cairn/datasets/views.py": 'from django.shortcuts import get_object_or_404, render\n\nfrom cairn.datasets.models import Dataset\n\n\ndef landing(request, dataset_id, number=None):\n    ds = get_object_or_404(Dataset.objects.public(), pk=dataset_id)\n    version = ds.versions.get(number=number) if number else ds.latest_version\n    return render(request, "datasets/landing.html", {"dataset": ds, "version": version})\n',
        "cairn/datasets/urls.py": 'from django.urls import path\n\nfrom cairn.datasets import views\n\nurlpatterns = [\n    path("datasets/<int:dataset_id>", views.landing),\n    path("datasets/<int:dataset_id>/v<int:number>", views.landing),\n]\n',
        "tests/test_datacite.py": TEST_DATACITE,
        "deploy/group_vars/prod.yml": GROUP_VARS,
        "deploy/site.yml": "- hosts: cairn_web:cairn_workers\n  serial: 1\n  roles: [cairn]\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  image: python:3.12\n  services: [postgres:16, redis:7]\n  script:\n    - pip install -e .[dev]\n    - ruff check .\n    - pytest -q\n\nbuild:\n  stage: build\n  rules: [{if: $CI_COMMIT_TAG}]\n  script:\n    - docker build -t registry.rdc.marrang.edu.au/cairn/cairn:${CI_COMMIT_TAG#v} .\n    - docker push registry.rdc.marrang.edu.au/cairn/cairn:${CI_COMMIT_TAG#v}\n",
        "docs/runbook.md": RUNBOOK,
        "docs/preservation.md": "# Preservation\n\nPRES-7 (Library, 2021): two copies (Ceph in the RDC, AWS S3 in\nap-southeast-2), SHA-256 and MD5 recorded at ingest, every file audited at\nleast every 90 days, a file that fails its audit is quarantined until it has\nbeen re-verified or restored.\n",
        "docs/datacite.md": "# DataCite\n\nCairn registers DOIs as the DataCite repository MARRANG.CAIRN (prefix\n10.83177) through the ARDC consortium. The repository's password is in\nAWX's vault (`DATACITE_PASSWORD`). The Library (Research Data Librarian)\nadministers the repository in Fabrica: contacts, prefixes, domains.\n",
    }
    rel632 = repo.commit(utc("2026-07-29 01:10:00"), hamish, "cairn 6.3.2", files)
    repo.schedule([
        (utc("2026-07-29 05:31:20"), aroha, "ci: cache pip wheels between jobs",
         lambda r: {".gitlab-ci.yml": sub(r.files[".gitlab-ci.yml"], "stages: [test, build]\n", "stages: [test, build]\n\ncache:\n  key: pip-$CI_COMMIT_REF_SLUG\n  paths: [.cache/pip]\n\nvariables:\n  PIP_CACHE_DIR: $CI_PROJECT_DIR/.cache/pip\n")}),
        (utc("2026-07-31 02:04:50"), tom, "docs: curation checklist",
         lambda r: {"docs/curation.md": "# Curation checklist\n\n1. Title, description, keywords, at least one creator with a name.\n2. Licence (CC-BY-4.0 unless the funder says otherwise).\n3. Files open, README present, no personal information.\n4. Publish: Cairn registers the DOI with DataCite.\n"}),
        (utc("2026-08-04 03:22:15"), aroha, "docs: DOI versioning for depositors",
         lambda r: {"docs/doi-versions.md": "# DOIs and versions\n\nEvery published version of a dataset has its own DOI, which resolves to\nthat version's landing page (`/datasets/ID/vN`) from 6.4.0 on. Cite the\nversion you used.\n"}),
        (utc("2026-08-04 23:31:40"), aroha, "docs: Scientific Data availability statement template",
         lambda r: {"docs/journals.md": "# Data availability statements\n\nScientific Data: \"The data are available in Cairn, Marrang University's\nresearch data repository, at https://doi.org/10.83177/cairn.XXXX-XXXX\n(version N).\" Reserve the DOI in the deposit form before submitting.\n"}),
    ])
    repo.commit(utc("2026-07-30 04:40:00"), meilin, "DataCite: ROR affiliation identifiers for Marrang creators (CAIRN-606)\n\nARDC's metadata report flags creators' affiliations without an identifier.", {
        "cairn/doi/datacite.py": sub(repo.files["cairn/doi/datacite.py"],
                                     '        "creators": [c.datacite() for c in ds.creators.all()],\n',
                                     '        "creators": [c.datacite(ror_for={"Marrang University": "https://ror.org/05m2n4k61"}) for c in ds.creators.all()],\n'),
    })
    repo.commit(utc("2026-07-31 23:30:00"), bot, "Bump requests from 2.32.3 to 2.32.4\n\nBumps [requests](https://github.com/psf/requests) from 2.32.3 to 2.32.4.\n- [Release notes](https://github.com/psf/requests/releases)\n- [Changelog](https://github.com/psf/requests/blob/main/HISTORY.md)\n- [Commits](https://github.com/psf/requests/compare/v2.32.3...v2.32.4)", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"requests==2.32.3"', '"requests==2.32.4"'),
    })
    repo.commit(utc("2026-08-03 05:15:00"), tom, "DOI: register the version's own landing page (CAIRN-612)\n\nA version's DOI resolved to the dataset's latest version, so a reader\nciting v1 landed on v3 (the Research Office's complaint of 14 July).\nThe URL is now /datasets/ID/vN, which the landing view serves since\nCAIRN-598.", {
        "cairn/doi/datacite.py": sub(repo.files["cairn/doi/datacite.py"],
                                     'def landing_url(version):\n    return f"{LANDING}/datasets/{version.dataset_id}"\n',
                                     'def landing_url(version):\n    """The version\'s own landing page (CAIRN-612)."""\n    return f"{LANDING}/datasets/{version.dataset_id}/v{version.number}"\n'),
        "tests/test_datacite.py": sub(repo.files["tests/test_datacite.py"], 'datasets/4321"\'', 'datasets/4321/v1"\''),
    })
    tasks = repo.files["cairn/doi/tasks.py"]
    tasks = sub(tasks,
                '@shared_task(queue="doi")\ndef register_doi(version_id):\n    v = DatasetVersion.objects.select_related("dataset").get(pk=version_id)\n    started = time.monotonic()\n    try:\n        datacite.publish(v)\n    except requests.RequestException as exc:\n        v.mark_doi_pending(str(exc))\n        log.error("DOI registration failed for dataset %s v%s: %s; marked DOI pending", v.dataset_id, v.number, exc)\n        return "pending"\n',
                'RETRY_MINUTES = [1, 5, 15]\n\n\n@shared_task(queue="doi", bind=True, max_retries=len(RETRY_MINUTES))\ndef register_doi(self, version_id):\n    v = DatasetVersion.objects.select_related("dataset").get(pk=version_id)\n    started = time.monotonic()\n    try:\n        datacite.publish(v)\n    except requests.RequestException as exc:\n        if self.request.retries < self.max_retries:\n            raise self.retry(exc=exc, countdown=60 * RETRY_MINUTES[self.request.retries])\n        v.mark_doi_pending(str(exc))\n        log.error("DOI registration failed for dataset %s v%s: %s; marked DOI pending", v.dataset_id, v.number, exc)\n        return "pending"\n')
    repo.commit(utc("2026-08-03 06:40:00"), hamish, "doi: retry a failed registration after 1, 5 and 15 minutes (CAIRN-609)\n\nA DataCite blip left versions \"DOI pending\" for up to an hour.", {
        "cairn/doi/tasks.py": tasks,
    })
    dc = repo.files["cairn/doi/datacite.py"]
    dc = sub(dc,
             'TIMEOUT = (5, 30)\n',
             'TIMEOUT = (5, 30)\n\n\nclass DataCiteError(requests.HTTPError):\n    """DataCite refused a DOI; errors are its JSON:API error objects."""\n\n    def __init__(self, response):\n        try:\n            self.errors = response.json().get("errors", [])\n        except ValueError:\n            self.errors = []\n        self.status = response.status_code\n        text = "; ".join(f"{e.get(\'source\', \'-\')}: {e.get(\'title\', \'\')}" for e in self.errors) or response.reason\n        super().__init__(f"{self.status} {text}", response=response)\n\n\ndef _check(r):\n    if r.status_code >= 400:\n        raise DataCiteError(r)\n    return r.json()\n',
             '    r = _session().post(f"{settings.DATACITE_API}/dois", json=body, timeout=TIMEOUT)\n    r.raise_for_status()\n    return r.json()\n\n\ndef update',
             '    r = _session().post(f"{settings.DATACITE_API}/dois", json=body, timeout=TIMEOUT)\n    return _check(r)\n\n\ndef update',
             '    r = _session().put(f"{settings.DATACITE_API}/dois/{version.doi}", json=body, timeout=TIMEOUT)\n    r.raise_for_status()\n    return r.json()\n',
             '    r = _session().put(f"{settings.DATACITE_API}/dois/{version.doi}", json=body, timeout=TIMEOUT)\n    return _check(r)\n')
    tasks = repo.files["cairn/doi/tasks.py"]
    tasks = sub(tasks,
                '    except requests.RequestException as exc:\n        if self.request.retries < self.max_retries:\n            raise self.retry(exc=exc, countdown=60 * RETRY_MINUTES[self.request.retries])\n',
                '    except datacite.DataCiteError as exc:\n        attempt = self.request.retries + 1\n        if self.request.retries < self.max_retries:\n            countdown = 60 * RETRY_MINUTES[self.request.retries]\n            log.warning("DataCite rejected DOI %s for dataset %s v%s (HTTP %s): %s (url=%s); retry in %d s (attempt %d/%d)",\n                        v.doi, v.dataset_id, v.number, exc.status, str(exc).split(" ", 1)[1], datacite.landing_url(v),\n                        countdown, attempt, self.max_retries + 1)\n            raise self.retry(exc=exc, countdown=countdown)\n        v.mark_doi_pending(str(exc))\n        log.error("DataCite rejected DOI %s for dataset %s v%s (HTTP %s): %s (url=%s); marked DOI pending after %d attempts",\n                  v.doi, v.dataset_id, v.number, exc.status, str(exc).split(" ", 1)[1], datacite.landing_url(v), attempt)\n        return "pending"\n    except requests.RequestException as exc:\n        if self.request.retries < self.max_retries:\n            raise self.retry(exc=exc, countdown=60 * RETRY_MINUTES[self.request.retries])\n',
                '    except requests.RequestException as exc:\n        log.error("DOI metadata update failed for %s: %s", v.doi, exc)\n        return "failed"\n',
                '    except datacite.DataCiteError as exc:\n        log.warning("DataCite rejected the update of DOI %s (HTTP %s): %s (url=%s)", v.doi, exc.status,\n                    str(exc).split(" ", 1)[1], datacite.landing_url(v))\n        return "failed"\n    except requests.RequestException as exc:\n        log.error("DOI metadata update failed for %s: %s", v.doi, exc)\n        return "failed"\n')
    repo.commit(utc("2026-08-04 00:50:00"), aroha, "doi: log DataCite's error when it refuses a DOI (CAIRN-615)\n\nraise_for_status gave us \"422 Client Error: Unprocessable Entity\" and\nnothing else; curators had to ask us to curl the payload to find the\nfield DataCite objected to.", {
        "cairn/doi/datacite.py": dc,
        "cairn/doi/tasks.py": tasks,
    })
    repo.commit(utc("2026-08-04 04:30:00"), hamish, "runbook: DOI registration failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_DOI,
    })
    repo.commit(utc("2026-08-04 06:05:00"), meilin, "preservation: rolling audit budget 30 GB per run (PRES-252)\n\nStorage raised cairn-fixity's rate limit after the optic swap in May.", {
        "cairn/settings.py": sub(repo.files["cairn/settings.py"], "CAIRN_FIXITY_BUDGET = 24 * 10**9   # bytes per five-minute run", "CAIRN_FIXITY_BUDGET = 30 * 10**9   # bytes per five-minute run"),
    })
    rel640 = repo.commit(utc("2026-08-04 22:40:00"), hamish, "release 6.4.0", {
        "cairn/__init__.py": '__version__ = "6.4.0"\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "6.3.2"', 'version = "6.4.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 6.4.0\n\n- CAIRN-612 a version's DOI resolves to that version's landing page\n- CAIRN-609 DOI registration retried after 1, 5 and 15 minutes\n- CAIRN-615 DataCite's error in the log when it refuses a DOI\n- CAIRN-606 ROR affiliation identifiers\n- PRES-252 rolling audit budget 30 GB\n- requests 2.32.4\n"),
    })
    repo.commit(utc("2026-08-05 02:52:00"), hamish, "runbook: a 422 about the URL's domain is Fabrica's repository settings", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n\"url: URL is not allowed by repository domain settings.\" is not our\npayload: the Domains of MARRANG.CAIRN in Fabrica must include\nresearchdata.marrang.edu.au. Ask the Research Data Librarian (Library) to\ncheck the repository's settings; drafts, which have no URL, still work.\n",
    })
    return repo, {"rel632": rel632, "rel640": rel640}


# ---------------------------------------------------------------------------
# the logs

B32 = "0123456789abcdefghjkmnpqrstvwxyz"
FIRST = ["Anika", "Ben", "Chloe", "Dinesh", "Emma", "Farid", "Grace", "Hiro", "Isla", "Jack", "Kiri", "Liam", "Maya", "Noah",
         "Olivia", "Priya", "Quentin", "Ruby", "Sam", "Tahu", "Uma", "Vikram", "Wen", "Xavier", "Yasmin", "Zoe"]
LAST = ["Hendry", "Nguyen", "Papadopoulos", "Walker", "Singh", "Ferreira", "Obrien", "Tanaka", "Kowalski", "Mahmoud",
        "Campbell", "Rossi", "Chen", "Terangi", "Murphy", "Lindqvist", "Okafor", "Brennan", "Sato", "Haddad"]
CURATORS = ["jess.kowalczyk", "omar.haddad", "lucy.tran"]
DATACITE_IPS = ["18.160.10.91", "18.160.10.27", "18.160.10.52"]


def local(t):
    return t + AEST


def jstamp(t):
    return local(t).strftime("%Y-%m-%dT%H:%M:%S.%f") + "+10:00"


def build_logs(rng, shas):
    worker = Log("cairn-worker-journal.log")
    web = Log("cairn-web.log")
    nginx = Log("nginx-access.log")
    squid = Log("squid-access.log")
    status = Log("datacite-status.log")
    awx = Log("awx-cairn-deploy.log")
    teams = Log("teams-cairn-ops.log")
    snow = Log("servicenow.log")
    stats = {"fail": [], "ok": [], "drafts": [], "events": [], "pending": {}, "requeued": 0}

    def doi():
        x = "".join(rng.choice(B32) for _ in range(8))
        return f"10.83177/cairn.{x[:4]}-{x[4:]}"

    def hexid16():
        return "".join(rng.choice("0123456789abcdef") for _ in range(16))

    def task_id():
        return str(uuid.UUID(int=rng.getrandbits(128)))

    # ---- versions on the hosts
    web_hosts = ["cairn-web-01", "cairn-web-02"]
    host_order = web_hosts + ["cairn-worker-01", "cairn-worker-02"]
    deploys = [(DEPLOY_640, "6.4.0", shas["rel640"], "tom.albrecht", 61402),
               (ROLLBACK, "6.3.2", shas["rel632"], "tom.albrecht", 61437),
               (REDEPLOY, "6.4.0", shas["rel640"], "tom.albrecht", 61466)]
    restarts = {h: [] for h in host_order}
    for at, ver, sha, who, job in deploys:
        t = at + dt.timedelta(seconds=rng.uniform(8, 14))
        for h in host_order:
            t += dt.timedelta(seconds=rng.uniform(38, 55))
            stop = t
            start = stop + dt.timedelta(seconds=rng.uniform(4, 9) if h != "cairn-worker-02" else rng.uniform(61, 66))
            restarts[h].append((stop, start, ver, sha))
            t = start + dt.timedelta(seconds=rng.uniform(6, 10))

    def version(h, t):
        cur = "6.3.2"
        for stop, start, ver, sha in restarts[h]:
            if start <= t:
                cur = ver
        return cur

    worker_pid = {"cairn-worker-01": 2317, "cairn-worker-02": 1966}
    beat_pid = 2302
    h1, h2 = "cairn-worker-01", "cairn-worker-02"

    prng = random.Random(84202)
    restart_pids = {h: [prng.randint(3000, 9000) for _ in restarts[h]] for h in restarts}

    def pid_at(host, t):
        pid = worker_pid[host]
        for (stop, start, *_), p in zip(restarts[host], restart_pids[host]):
            if start <= t:
                pid = p
        return pid

    def jlog(t, host, level, process, logger, msg, pid=None):
        if START <= t < END:
            worker.add(t, f"{jstamp(t)} {host} celery[{pid or pid_at(host, t)}]: {level} {process} {logger} {msg}")

    def sysd(t, host, msg):
        if START <= t < END:
            worker.add(t, f"{jstamp(t)} {host} systemd[1]: {msg}")

    def wlog(t, level, logger, event, **kw):
        if START <= t < END:
            body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": level, "logger": logger, "event": event}
            body.update(kw)
            web.add(t, json.dumps(body, ensure_ascii=False))

    def sq(t, elapsed_ms, client, code, nbytes, method, url, peer="-"):
        if START <= t < END:
            hier = f"HIER_DIRECT/{peer}" if peer != "-" else "HIER_NONE/-"
            squid.add(t, f"{int(t.timestamp())}.{t.microsecond // 1000:03d} {elapsed_ms:>6} {client} {code} {nbytes} {method} {url} - {hier} -")

    WK = {h1: "10.20.4.31", h2: "10.20.4.32", "cairn-web-01": "10.20.4.21", "cairn-web-02": "10.20.4.22"}

    # ---- DataCite's answer to a DOI with a URL at time t
    bad_meta = {}   # doi -> time the curator fixed it

    def datacite_answer(t, d, kind):
        """kind: publish, update, draft. Returns (status, error or None, ms)."""
        if kind == "draft":
            return 201, None, rng.randint(240, 520)
        if d in bad_meta and t < bad_meta[d]:
            return 422, ("creators", "Missing child element(s). Expected is ( {http://datacite.org/schema/kernel-4}creatorName ). at line 4, column 0"), rng.randint(180, 330)
        if FABRICA_EDIT <= t < FABRICA_RESTORE:
            return 422, ("url", DOMAIN_ERR), rng.randint(150, 310)
        return (201 if kind == "publish" else 200), None, rng.randint(290, 880)

    def call(t, d, kind, host=h1):
        code, err, ms_ = datacite_answer(t, d, kind)
        te = t + dt.timedelta(milliseconds=ms_)
        nbytes = (rng.randint(6100, 7400) if code in (200, 201) else rng.randint(4300, 4600))
        sq(te + dt.timedelta(milliseconds=rng.randint(2, 30)), ms_ + rng.randint(20, 60), WK[host], "TCP_TUNNEL/200", nbytes, "CONNECT", "api.datacite.org:443", rng.choice(DATACITE_IPS))
        stats["events"].append((te, code))
        return code, err, ms_, te

    def url_for(ver, ds_id, n):
        return f"{HOST}/datasets/{ds_id}/v{n}" if ver == "6.4.0" else f"{HOST}/datasets/{ds_id}"

    pending = stats["pending"]   # doi -> (ds_id, n)

    def register(t, d, ds_id, n, attempt=1, via="task", proc=None, tid=None):
        """register_doi with the behaviour of the version running; schedules retries."""
        ver = version(h1, t)
        tid = tid or task_id()
        proc = proc or f"ForkPoolWorker-{rng.randint(1, 4)}"
        name = "cairn.doi.tasks.register_doi" if via == "task" else "cairn.doi.tasks.retry_pending"
        if via == "task":
            jlog(t - dt.timedelta(milliseconds=rng.randint(5, 40)), h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task {name}[{tid}] received")
        code, err, ms_, te = call(t, d, "publish")
        url = url_for(ver, ds_id, n)
        if err is None:
            if ver == "6.4.0":
                jlog(te, h1, "INFO", proc, f"{name}[{tid}]", f"DOI {d} registered (findable) for dataset {ds_id} v{n} in {ms_} ms")
            else:
                jlog(te, h1, "INFO", proc, f"{name}[{tid}]", f"DOI {d} registered (findable) for dataset {ds_id} v{n} in {ms_} ms")
            pending.pop(d, None)
            stats["ok"].append((te, d))
            if via == "task":
                jlog(te + dt.timedelta(milliseconds=rng.randint(3, 12)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {ms_ / 1000 + 0.011:.6f}s: 'registered'")
            return te
        stats["fail"].append((te, d, ver, err))
        if ver == "6.4.0":
            if attempt <= 3 and via == "task":
                cd = [60, 300, 900][attempt - 1]
                jlog(te, h1, "WARNING", proc, f"{name}[{tid}]", f"DataCite rejected DOI {d} for dataset {ds_id} v{n} (HTTP {code}): {err[0]}: {err[1]} (url={url}); retry in {cd} s (attempt {attempt}/4)")
                jlog(te + dt.timedelta(milliseconds=rng.randint(2, 9)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] retry: Retry in {cd}s: DataCiteError('{code} {err[0]}: {err[1]}')")
                push(te + dt.timedelta(seconds=cd, milliseconds=rng.randint(5, 400)), "retry", d, ds_id, n, attempt + 1)
                return te
            tail = f"marked DOI pending after {attempt} attempts" if via == "task" else "still DOI pending"
            jlog(te, h1, "ERROR", proc, f"{name}[{tid}]", f"DataCite rejected DOI {d} for dataset {ds_id} v{n} (HTTP {code}): {err[0]}: {err[1]} (url={url}); {tail}")
        else:
            jlog(te, h1, "ERROR", proc, f"{name}[{tid}]", f"DOI registration failed for dataset {ds_id} v{n}: {code} Client Error: Unprocessable Entity for url: https://api.datacite.org/dois; marked DOI pending")
        pending[d] = (ds_id, n)
        if via == "task":
            jlog(te + dt.timedelta(milliseconds=rng.randint(3, 12)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {ms_ / 1000 + 0.009:.6f}s: 'pending'")
        return te

    def update(t, d, ds_id, n, proc=None, tid=None):
        ver = version(h1, t)
        own = tid is None
        tid = tid or task_id()
        proc = proc or f"ForkPoolWorker-{rng.randint(1, 4)}"
        name = "cairn.doi.tasks.update_doi"
        if own:
            jlog(t - dt.timedelta(milliseconds=rng.randint(5, 40)), h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task {name}[{tid}] received")
        code, err, ms_, te = call(t, d, "update")
        if err is None:
            jlog(te, h1, "INFO", proc, f"{name}[{tid}]", f"DOI {d} metadata updated")
            result = "updated"
        else:
            stats["fail"].append((te, d, ver, err))
            if ver == "6.4.0":
                jlog(te, h1, "WARNING", proc, f"{name}[{tid}]", f"DataCite rejected the update of DOI {d} (HTTP {code}): {err[0]}: {err[1]} (url={url_for(ver, ds_id, n)})")
            else:
                jlog(te, h1, "ERROR", proc, f"{name}[{tid}]", f"DOI metadata update failed for {d}: {code} Client Error: Unprocessable Entity for url: https://api.datacite.org/dois/{d}")
            result = "failed"
        if own:
            jlog(te + dt.timedelta(milliseconds=rng.randint(3, 12)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {ms_ / 1000 + 0.008:.6f}s: '{result}'")
        return te

    # ---- the morning's curation, as events in time order
    def day_rate(t, peak):
        h = local(t).hour + local(t).minute / 60
        if h < 8.5:
            return peak * 0.25
        if h < 9.5:
            return peak * (0.25 + 0.75 * (h - 8.5))
        if 12.5 <= h < 13.5:
            return peak * 0.6
        return peak

    published = []   # (doi, ds_id, n)
    for k in range(140):
        published.append((doi(), rng.randint(3900, 4980), rng.choice([1, 1, 1, 2, 2, 3])))
    clients = [rng.choice([f"10.{rng.choice([112, 113, 118])}.{rng.randint(1, 250)}.{rng.randint(2, 250)}",
                           f"{rng.choice(['203.0.113', '198.51.100', '192.0.2'])}.{rng.randint(2, 250)}"]) for _ in range(60)]
    staff_ip = {"jess.kowalczyk": "10.113.40.17", "omar.haddad": "10.113.40.23", "lucy.tran": "10.113.41.9"}
    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36"
    uas = [chrome, chrome, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
           "Mozilla/5.0 (X11; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0"]
    heap = []
    seq = [0]

    def push(t, kind, *payload):
        seq[0] += 1
        heapq.heappush(heap, (t, seq[0], kind, payload))

    def poisson(peak_per_hour):
        out, t = [], START
        while True:
            t += dt.timedelta(seconds=rng.expovariate(day_rate(t, peak_per_hour) / 3600))
            if t >= END:
                return out
            out.append(t)

    bad_pub = utc("2026-08-04 23:34:05")
    authors = [utc("2026-08-05 00:14:02"), utc("2026-08-05 00:28:37")]
    for tp in sorted(poisson(9.0) + authors + [bad_pub]):
        push(tp, "publish")
    for tp in poisson(4.0):
        push(tp, "edit")
    for tp in poisson(5.0):
        push(tp, "draft")
    t = utc("2026-08-04 22:03:11")
    while t < END:
        push(t, "retry_pending")
        push(t + dt.timedelta(minutes=5, seconds=29), "sync")
        t += dt.timedelta(hours=1, milliseconds=rng.randint(-30, 30))
    push(REQUEUE, "requeue")
    push(utc("2026-08-04 23:47:40"), "fix_bad")
    next_ds = [5012]

    def retry_pending(t, who=None):
        tid = task_id()
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        items = sorted(pending.items())
        if who:
            jlog(t, h1, "INFO", "MainProcess", "cairn.management", f"doi retry-pending: {len(items)} versions queued by {who}")
        else:
            jlog(t - dt.timedelta(milliseconds=30), h1, "INFO", "MainProcess", "celery.beat", "Scheduler: Sending due task doi-pending (cairn.doi.tasks.retry_pending)", pid=beat_pid)
        jlog(t + dt.timedelta(milliseconds=40), h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.doi.tasks.retry_pending[{tid}] received")
        jlog(t + dt.timedelta(milliseconds=90), h1, "INFO", proc, f"cairn.doi.tasks.retry_pending[{tid}]", f"retry_pending: {len(items)} DOIs pending")
        tt = t + dt.timedelta(milliseconds=200)
        for d, (ds_id, n) in items:
            tt = register(tt, d, ds_id, n, attempt=4, via="pending", proc=proc, tid=tid) + dt.timedelta(milliseconds=rng.randint(20, 80))
        jlog(tt, h1, "INFO", proc, "celery.app.trace", f"Task cairn.doi.tasks.retry_pending[{tid}] succeeded in {(tt - t).total_seconds():.6f}s: None")
        return len(items)

    while heap:
        t, _, kind, payload = heapq.heappop(heap)
        if t >= END:
            continue
        if kind == "publish":
            cur = rng.choice(CURATORS)
            next_ds[0] += rng.randint(1, 3)
            new = rng.random() < 0.75
            ds_id = next_ds[0] if new else rng.randint(3900, 4980)
            n = 1 if new else rng.choice([2, 2, 3])
            d = doi()
            if t == bad_pub:
                cur = "jess.kowalczyk"
                bad_meta[d] = utc("2026-08-04 23:47:40")
                stats["bad_meta"] = (d, ds_id, n)
            if t in authors:
                cur = "jess.kowalczyk"
                stats.setdefault("authors", []).append((t, d, ds_id, n))
            if START <= t < END:
                nginx.add(t, nginx_access(t, staff_ip[cur], "POST", f"/curation/{ds_id}/v{n}/publish", 302, 0, rng.uniform(0.08, 0.2), chrome, referer=f"{HOST}/curation/{ds_id}/v{n}", upstream_rt=rng.uniform(0.07, 0.19)))
            wlog(t, "info", "cairn.curation.views", "dataset published", dataset=ds_id, version=n, doi=d, curator=cur)
            published.append((d, ds_id, n))
            register(t + dt.timedelta(milliseconds=rng.randint(150, 400)), d, ds_id, n)
        elif kind == "retry":
            d, ds_id, n, attempt = payload
            register(t, d, ds_id, n, attempt=attempt)
        elif kind == "edit":
            d, ds_id, n = rng.choice(published[:140])
            cur = rng.choice(CURATORS)
            nginx.add(t, nginx_access(t, staff_ip[cur], "POST", f"/curation/{ds_id}/v{n}/metadata", 302, 0, rng.uniform(0.09, 0.2), chrome, referer=f"{HOST}/curation/{ds_id}/v{n}/edit", upstream_rt=rng.uniform(0.08, 0.19)))
            wlog(t, "info", "cairn.curation.views", "metadata edited", dataset=ds_id, version=n, curator=cur, fields=rng.sample(["description", "keywords", "related_identifiers", "funding", "title"], rng.randint(1, 2)))
            update(t + dt.timedelta(milliseconds=rng.randint(150, 400)), d, ds_id, n)
        elif kind == "fix_bad":
            bd, bds, bn = stats["bad_meta"]
            nginx.add(t, nginx_access(t, staff_ip["jess.kowalczyk"], "POST", f"/curation/{bds}/v{bn}/metadata", 302, 0, 0.142, chrome, referer=f"{HOST}/curation/{bds}/v{bn}/edit", upstream_rt=0.131))
            wlog(t, "info", "cairn.curation.views", "metadata edited", dataset=bds, version=bn, curator="jess.kowalczyk", fields=["creators"])
        elif kind == "draft":
            dep = rng.randint(9800, 9990)
            d = doi()
            user = f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}"
            c = rng.choice(clients)
            nginx.add(t, nginx_access(t, c, "POST", f"/api/v1/deposits/{dep}/reserve-doi", 201, 96, rng.uniform(0.05, 0.12), rng.choice(uas), upstream_rt=rng.uniform(0.04, 0.11)))
            wlog(t, "info", "cairn.deposits.api", "DOI reserved", deposit=dep, doi=d, user=user)
            tid = task_id()
            tt = t + dt.timedelta(milliseconds=rng.randint(150, 400))
            jlog(tt - dt.timedelta(milliseconds=12), h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.doi.tasks.reserve_doi[{tid}] received")
            code, err, ms_, te = call(tt, d, "draft")
            proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
            jlog(te, h1, "INFO", proc, f"cairn.doi.tasks.reserve_doi[{tid}]", f"DOI {d} reserved (draft) for deposit {dep}")
            jlog(te + dt.timedelta(milliseconds=5), h1, "INFO", proc, "celery.app.trace", f"Task cairn.doi.tasks.reserve_doi[{tid}] succeeded in {ms_ / 1000 + 0.01:.6f}s: None")
            stats["drafts"].append(te)
        elif kind == "sync":
            tid = task_id()
            proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
            jlog(t - dt.timedelta(milliseconds=30), h1, "INFO", "MainProcess", "celery.beat", "Scheduler: Sending due task doi-sync (cairn.doi.tasks.sync_metadata)", pid=beat_pid)
            jlog(t, h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.doi.tasks.sync_metadata[{tid}] received")
            k = rng.randint(0, 3)
            tt = t + dt.timedelta(milliseconds=60)
            for _ in range(k):
                d, ds_id, n = rng.choice(published[:140])
                tt = update(tt, d, ds_id, n, proc=proc, tid=tid) + dt.timedelta(milliseconds=30)
            jlog(tt, h1, "INFO", proc, f"cairn.doi.tasks.sync_metadata[{tid}]", f"sync_metadata: {k} DOIs to update")
            jlog(tt + dt.timedelta(milliseconds=4), h1, "INFO", proc, "celery.app.trace", f"Task cairn.doi.tasks.sync_metadata[{tid}] succeeded in {(tt - t).total_seconds():.6f}s: None")
        elif kind == "retry_pending":
            retry_pending(t)
        elif kind == "requeue":
            stats["requeued"] = retry_pending(t, who="tom.albrecht")

    t = utc("2026-08-04 22:00:41")
    while t < END:
        jlog(t, h1, "INFO", "MainProcess", "celery.beat", "Scheduler: Sending due task rolling-audit (cairn.preservation.tasks.schedule_audits)", pid=beat_pid)
        tid = task_id()
        jlog(t + dt.timedelta(seconds=rng.uniform(0.3, 1.2)), h2, "INFO", "ForkPoolWorker-1", f"cairn.preservation.tasks.schedule_audits[{tid}]", f"Scheduled {rng.randint(9, 28)} files ({rng.uniform(26.0, 30.0):.1f} GB) for the rolling audit")
        t += dt.timedelta(seconds=300 + rng.uniform(-0.3, 0.3))

    # ---- the rolling audit (12 streams on cairn-worker-02) and other worker noise
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(3.4 / 60))
        if t >= END:
            break
        tid = task_id()
        proc = f"ForkPoolWorker-{rng.randint(1, 12)}"
        size = max(900, int(rng.lognormvariate(rng.choice([13.0, 17.5, 20.5, 22.0]), 0.9)))
        fid = rng.randint(120000, 262000)
        runtime = size / rng.uniform(11e6, 13.5e6) + rng.uniform(0.05, 0.3)
        jlog(t - dt.timedelta(seconds=runtime), h2, "INFO", "MainProcess", "celery.worker.strategy", f"Task cairn.preservation.tasks.audit_file[{tid}] received")
        jlog(t, h2, "INFO", proc, f"cairn.preservation.tasks.audit_file[{tid}]", f"Fixity ok for file {fid} ({size} bytes, {runtime - 0.02:.1f} s)")
        jlog(t + dt.timedelta(milliseconds=rng.randint(20, 60)), h2, "INFO", proc, "celery.app.trace", f"Task cairn.preservation.tasks.audit_file[{tid}] succeeded in {runtime:.6f}s: 'ok'")
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(day_rate(t, 2.2) / 60))
        if t >= END:
            break
        tid = task_id()
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        w = rng.random()
        if w < 0.3:
            name = "cairn.deposits.tasks.verify_ingest"
            msg = f"Ingest verified upload {rng.randint(61000, 64000)} ({rng.choice(['data.csv', 'README.md', 'survey_wave2.sav', 'sub-014_T1w.nii.gz', 'code.zip', 'camera_trap_2025.zip'])}, {int(rng.lognormvariate(17, 1.4))} bytes)"
        elif w < 0.55:
            name = "cairn.search.tasks.index_dataset"
            msg = f"Indexed dataset {rng.randint(3900, 5060)} ({doi()})"
        elif w < 0.8:
            name = "cairn.previews.tasks.render_preview"
            msg = f"Preview rendered for file {rng.randint(120000, 262000)} ({rng.choice(['csv', 'pdf', 'tif', 'nii.gz', 'md'])}, {rng.randint(40, 2200)} ms)"
        elif w < 0.92:
            name = "cairn.notify.tasks.send_mail"
            msg = f"Sent '{rng.choice(['Your deposit was submitted', 'Curator requested changes', 'Your dataset is published', 'Deposit reminder'])}' to {rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@marrang.edu.au"
        else:
            name = "cairn.orcid.tasks.push_work"
            msg = f"ORCID work pushed for 0000-000{rng.randint(1, 3)}-{rng.randint(1000, 9999)}-{rng.randint(100, 999)}{rng.choice('0123456789X')} ({rng.choice(['201', '200'])})"
            sq(t + dt.timedelta(milliseconds=300), rng.randint(300, 900), WK[h1], "TCP_TUNNEL/200", rng.randint(5000, 9000), "CONNECT", "api.orcid.org:443", "104.20.228.70")
        jlog(t, h1, "INFO", "MainProcess", "celery.worker.strategy", f"Task {name}[{tid}] received")
        te = t + dt.timedelta(seconds=rng.uniform(0.05, 2.5))
        jlog(te, h1, "INFO", proc, f"{name}[{tid}]", msg)
        jlog(te + dt.timedelta(milliseconds=rng.randint(3, 20)), h1, "INFO", proc, "celery.app.trace", f"Task {name}[{tid}] succeeded in {(te - t).total_seconds():.6f}s: None")

    # ---- web traffic
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(day_rate(t, 8.0) / 60))
        if t >= END:
            break
        c = rng.choice(clients)
        ua = rng.choice(uas)
        r = rng.random()
        d, ds_id, n = rng.choice(published[:140])
        if r < 0.4:
            path = f"/datasets/{ds_id}" if version("cairn-web-01", t) == "6.3.2" or rng.random() < 0.6 else f"/datasets/{ds_id}/v{n}"
            nginx.add(t, nginx_access(t, c, "GET", path, 200, rng.randint(14000, 42000), rng.uniform(0.04, 0.25), ua, referer=rng.choice(["-", "https://www.google.com/", f"https://doi.org/{d}", "https://researchdata.edu.au/", "https://commons.datacite.org/"]), upstream_rt=rng.uniform(0.03, 0.22)))
        elif r < 0.55:
            term = rng.choice(["pm2.5", "fmri", "koala", "telehealth", "battery", "seagrass", "rna-seq", "bushfire", "wind+tunnel", "survey"])
            nginx.add(t, nginx_access(t, c, "GET", f"/search?q={term}", 200, rng.randint(9000, 30000), rng.uniform(0.08, 0.4), ua, upstream_rt=rng.uniform(0.07, 0.38)))
        elif r < 0.85:
            fid = rng.randint(120000, 262000)
            nginx.add(t, nginx_access(t, c, "GET", f"/datasets/{ds_id}/files/{fid}/download", 302, 0, rng.uniform(0.02, 0.07), ua, upstream_rt=rng.uniform(0.015, 0.06)))
            wlog(t, "info", "cairn.files.views", "download redirected", file_id=fid, dataset=d, bytes=int(rng.lognormvariate(18, 1.6)), request_id=hexid16(), user="anonymous")
        elif r < 0.93:
            nginx.add(t, nginx_access(t, "13.236.8.41", "GET", "/oai?verb=ListRecords&metadataPrefix=oai_datacite&resumptionToken=" + hexid16(), 200, rng.randint(40000, 90000), rng.uniform(0.3, 1.2), "RDA-Harvester/3.1 (+https://researchdata.edu.au)", upstream_rt=rng.uniform(0.3, 1.1)))
        else:
            cur = rng.choice(CURATORS)
            nginx.add(t, nginx_access(t, staff_ip[cur], "GET", "/curation/queue", 200, rng.randint(22000, 48000), rng.uniform(0.1, 0.35), chrome, upstream_rt=rng.uniform(0.09, 0.33)))

    # ---- squid: the rest of the data centre's egress from Cairn's hosts
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(2.2 / 60))
        if t >= END:
            break
        r = rng.random()
        if r < 0.45:
            sq(t, rng.randint(20000, 240000), WK[h2], "TCP_TUNNEL/200", rng.randint(40_000_000, 900_000_000), "CONNECT", "cairn-replica.s3.ap-southeast-2.amazonaws.com:443", f"52.95.{rng.randint(128, 140)}.{rng.randint(2, 250)}")
        elif r < 0.65:
            sq(t, rng.randint(200, 900), WK[rng.choice(web_hosts)], "TCP_TUNNEL/200", rng.randint(4000, 9000), "CONNECT", "orcid.org:443", "104.20.228.70")
        elif r < 0.8:
            sq(t, rng.randint(150, 600), WK[h1], "TCP_TUNNEL/200", rng.randint(3000, 7000), "CONNECT", "api.ror.org:443", "3.105.42.17")
        elif r < 0.92:
            sq(t, rng.randint(30000, 60000), WK[rng.choice([h1, h2])], "TCP_TUNNEL/200", rng.randint(3000, 6000), "CONNECT", "o118273.ingest.sentry.io:443", "34.120.195.249")
        else:
            sq(t, rng.randint(0, 2), WK[rng.choice(web_hosts)], "TCP_DENIED/403", 3952, "CONNECT", rng.choice(["fonts.googleapis.com:443", "www.google-analytics.com:443"]), "-")

    # ---- deploys: journal restarts, startup lines, AWX
    for h in host_order:
        for stop, start, ver, sha in restarts[h]:
            if h.startswith("cairn-web"):
                sysd(stop, h, "Stopping cairn-web.service - Cairn web (gunicorn)...")
                sysd(stop + dt.timedelta(seconds=1.2), h, "cairn-web.service: Deactivated successfully.")
                sysd(start, h, "Started cairn-web.service - Cairn web (gunicorn).")
                wlog(start + dt.timedelta(seconds=1.6), "info", "cairn.apps", "cairn starting", version=ver, git=sha[:12], host=h, workers=6)
                continue
            sysd(stop, h, "Stopping cairn-worker.service - Cairn Celery worker...")
            jlog(stop + dt.timedelta(milliseconds=40), h, "WARNING", "MainProcess", "celery.apps.worker", "worker: Warm shutdown (MainProcess)")
            if h == h2:
                sysd(stop + dt.timedelta(seconds=60), h, "cairn-worker.service: State 'stop-sigterm' timed out. Killing.")
                sysd(stop + dt.timedelta(seconds=60.01), h, f"cairn-worker.service: Killing process {pid_at(h, stop)} (celery) with signal SIGKILL.")
                sysd(stop + dt.timedelta(seconds=60.2), h, "cairn-worker.service: Failed with result 'timeout'.")
            else:
                sysd(stop + dt.timedelta(seconds=2.1), h, "cairn-worker.service: Deactivated successfully.")
            sysd(start, h, "Started cairn-worker.service - Cairn Celery worker.")
            q, c = ("preservation", 12) if h == h2 else ("default,ingest,doi", 4)
            jlog(start + dt.timedelta(seconds=2.2), h, "INFO", "MainProcess", "cairn.apps", f"cairn {ver} (git {sha[:12]}) starting: queues {q}, concurrency {c}")
            jlog(start + dt.timedelta(seconds=2.4), h, "INFO", "MainProcess", "celery.worker.consumer.connection", "Connected to redis://cairn-redis-01:6379/0")
            jlog(start + dt.timedelta(seconds=2.9), h, "INFO", "MainProcess", "celery.apps.worker", f"celery@{h} ready.")

    awx_pid = [0]

    def alog(t, msg):
        if START <= t < END:
            awx.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} p={awx_pid[0]} u=awx n=ansible | {msg}")

    for at, ver, sha, who, job in deploys:
        awx_pid[0] = rng.randint(300, 900)
        alog(at, f"AWX job {job} \"cairn deploy\" launched by {who}: cairn_version={ver} (tag v{ver}, {sha})")
        alog(at + dt.timedelta(seconds=0.4), "PLAY [cairn web and workers] ***************************************************")
        first = True
        for h in host_order:
            stop, start, v, s2 = [r for r in restarts[h] if r[2] == ver and r[0] > at][0]
            t0 = stop - dt.timedelta(seconds=rng.uniform(30, 36))
            if first:
                alog(t0 - dt.timedelta(seconds=3), "TASK [Gathering Facts] *********************************************************")
                alog(t0 - dt.timedelta(seconds=1), f"ok: [{h}]")
                first = False
            alog(t0, f"TASK [cairn : pull registry.rdc.marrang.edu.au/cairn/cairn:{ver}] ********************")
            alog(t0 + dt.timedelta(seconds=rng.uniform(3, 22)), f"{'changed' if at == DEPLOY_640 else 'ok'}: [{h}]")
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
    awx_pid[0] = 588
    tb = utc("2026-08-04 23:00:02")
    alog(tb, "AWX job 61398 \"cairn db backup check\" launched by schedule")
    alog(tb + dt.timedelta(seconds=0.3), "PLAY [verify last night's pg_dump] *********************************************")
    alog(tb + dt.timedelta(seconds=2), "TASK [stat /backup/cairn/cairn-20260805.dump] **********************************")
    alog(tb + dt.timedelta(seconds=3), "ok: [cairn-db-01]")
    alog(tb + dt.timedelta(seconds=4), "PLAY RECAP *********************************************************************")
    alog(tb + dt.timedelta(seconds=4.01), "cairn-db-01                : ok=2    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")

    # ---- DataCite status page webhooks
    def st(t, kind, body):
        body = {"received_at": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "source": "status.datacite.org", "type": kind, **body}
        status.add(t, json.dumps(body, ensure_ascii=False))

    comps = lambda search: [{"name": "REST API", "status": "operational"}, {"name": "Fabrica", "status": "operational"},
                            {"name": "DOI resolution (handle)", "status": "operational"}, {"name": "Search", "status": search},
                            {"name": "OAI-PMH", "status": "operational"}, {"name": "Content negotiation", "status": "operational"}]
    st(utc("2026-08-04 22:14:08"), "maintenance.scheduled", {"page": {"status_indicator": "none"}, "maintenance": {"name": "Fabrica and REST API maintenance", "status": "scheduled",
       "scheduled_for": "2026-08-12T08:00:00Z", "scheduled_until": "2026-08-12T09:00:00Z", "body": "The REST API will be read-only for up to 30 minutes during a database upgrade.", "components": ["REST API", "Fabrica"]}})
    st(SEARCH_INCIDENT, "incident.update", {"page": {"status_indicator": "minor"}, "incident": {"name": "Degraded performance of DataCite Search", "status": "investigating", "impact": "minor",
       "body": "We are investigating slow responses and timeouts from DataCite Commons and from REST API queries (/dois?query=...).", "components": comps("degraded_performance")}})
    st(utc("2026-08-05 00:26:40"), "incident.update", {"page": {"status_indicator": "minor"}, "incident": {"name": "Degraded performance of DataCite Search", "status": "identified", "impact": "minor",
       "body": "The search cluster is rebalancing after a node replacement. DOI registration and resolution are not affected.", "components": comps("degraded_performance")}})
    st(utc("2026-08-05 01:41:15"), "incident.update", {"page": {"status_indicator": "none"}, "incident": {"name": "Degraded performance of DataCite Search", "status": "resolved", "impact": "minor",
       "body": "Search response times are back to normal.", "components": comps("operational")}})

    # ---- Teams #cairn-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "cairn-ops",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    dom = sorted([f for f in stats["fail"] if f[3][0] == "url"], key=lambda f: f[0])
    onset = dom[0][0]
    stats["onset"] = onset
    alert_at = None
    for f in dom:
        if len([x for x in dom if f[0] - dt.timedelta(minutes=15) < x[0] <= f[0]]) >= 3:
            alert_at = f[0] + dt.timedelta(seconds=40)
            break
    stats["alert"] = alert_at
    first640 = [f for f in dom if f[2] == "6.4.0"][0]
    lookup = {p[0]: (p[1], p[2]) for p in published}
    pub_dois = set(p[0] for p in published[140:])
    after_rb = [f for f in dom if f[2] == "6.3.2"]
    stats["after_rollback"] = after_rb
    rb_done = max(r[1] for h in host_order for r in restarts[h] if r[2] == "6.3.2")
    ok_after = sorted(x for x in stats["ok"] if x[0] > FABRICA_RESTORE)
    stats["first_ok_after"] = ok_after[0][0]
    bd, bds, bn = stats["bad_meta"]
    say(utc("2026-08-04 22:41:30"), "Niamh Gallagher", "FYI: this morning I'm setting up the DataCite repository for the new theses repository (MARRANG.THESES, theses.marrang.edu.au) in Fabrica. Separate repository under our consortium account, it won't touch Cairn.")
    say(DEPLOY_640 - dt.timedelta(minutes=4), "Tom Albrecht", "Deploying cairn 6.4.0 at 09:05: CAIRN-612 (a version's DOI points at that version's landing page, /datasets/ID/vN), CAIRN-615 (DataCite's error body in the log), CAIRN-609 (DOI retries at 1/5/15 min), CAIRN-606 ROR ids, PRES-252, requests 2.32.4.")
    say(DEPLOY_640 + dt.timedelta(minutes=6), "Tom Albrecht", "6.4.0 on web-01/02 and worker-01/02.")
    say(utc("2026-08-04 23:36:20"), "Jess Kowalczyk", f"Dataset {bds} v{bn} is 'DOI pending', the log says DataCite wants a creatorName. The depositor left a creator row empty, fixing it.")
    bd_ok = [x[0] for x in stats["ok"] if x[1] == bd][0]
    say(bd_ok + dt.timedelta(seconds=95), "Jess Kowalczyk", f"Fixed, the retry registered {bd}. Nice to see the actual error now, thanks Aroha.")
    say(utc("2026-08-04 23:58:40"), "Omar Haddad", "DataCite status page: Search degraded. Commons is very slow for me.")
    say(alert_at, "Grafana", f"[FIRING:1] DOI registration failures (cairn-prod): {len([x for x in dom if alert_at - dt.timedelta(minutes=15) < x[0] <= alert_at])} failures in 15 min")
    say(alert_at + dt.timedelta(minutes=3), "Tom Albrecht", f"Looking. Every failure since {local(onset).strftime('%H:%M')}: 'url: {DOMAIN_ERR}', e.g. {first640[1]} with url={HOST}/datasets/{lookup[first640[1]][0]}/v{lookup[first640[1]][1]}. Those are CAIRN-612's new versioned URLs. Maybe DataCite checks the path against something.")
    tj = utc("2026-08-05 00:38:10")
    waiting = len(set(f[1] for f in dom if f[0] < tj and f[1] in pub_dois))
    say(tj, "Jess Kowalczyk", f"{waiting} datasets we approved since 10:14 show 'Published (DOI pending)'. Two of the authors need the DOI in their Scientific Data submissions today, deadline 5 pm.")
    say(ROLLBACK - dt.timedelta(minutes=2), "Tom Albrecht", "Runbook: a 422 after a release, roll back first. Rolling back to 6.3.2, it registers the plain /datasets/ID URL that worked yesterday.")
    if after_rb:
        ex = after_rb[0]
        say(ex[0] + dt.timedelta(seconds=70), "Tom Albrecht", f"6.3.2 on all four since {local(rb_done).strftime('%H:%M')}. Still failing: dataset {lookup[ex[1]][0]} v{lookup[ex[1]][1]}, '422 Client Error: Unprocessable Entity' (6.3.2 does not log the body). curl with 6.3.2's payload for it: {{\"errors\":[{{\"source\":\"url\",\"title\":\"{DOMAIN_ERR}\",\"uid\":\"{ex[1]}\"}}]}}. Same URL format as yesterday. Not the release.")
    say(utc("2026-08-05 01:01:30"), "Hamish Doyle", f"Draft reservations still register ({len([x for x in stats['drafts'] if onset < x < utc('2026-08-05 01:01:30')])} since {local(onset).strftime('%H:%M')}), so our credentials and the proxy are fine; Squid shows ordinary tunnels to api.datacite.org. Only DOIs with a URL are refused.")
    say(utc("2026-08-05 01:04:50"), "Tom Albrecht", "Emailed support@datacite.org with the DOI and the time. Their status page only has the Search incident, and it says registration is not affected.")
    say(utc("2026-08-05 01:16:05"), "Jess Kowalczyk", "One of the Scientific Data authors rang the Library. I gave her the DOI to put in the manuscript, it will resolve once registered.")
    say(utc("2026-08-05 01:27:30"), "Hamish Doyle", "@Niamh Gallagher 'repository domain settings' sounds like the Domains field of the repository in Fabrica. You were in Fabrica this morning, can you check MARRANG.CAIRN's settings?")
    say(utc("2026-08-05 01:33:40"), "Niamh Gallagher", "Oh no. MARRANG.CAIRN's Domains says theses.marrang.edu.au. I had CAIRN's settings open in the other tab for reference and pasted the theses domain into it at 10:12, they are both 'Marrang University ...' in the list. Restoring researchdata.marrang.edu.au now.")
    say(FABRICA_RESTORE + dt.timedelta(seconds=25), "Niamh Gallagher", "Restored at 11:36. THESES has its own domain in its own settings.")
    say(stats["first_ok_after"] + dt.timedelta(seconds=40), "Tom Albrecht", f"First registration after that went through at {local(stats['first_ok_after']).strftime('%H:%M:%S')}. Requeuing the pending ones.")
    say(REQUEUE + dt.timedelta(minutes=1), "Tom Albrecht", f"retry-pending: {stats['requeued']} DOIs registered, none left pending. Jess, your two authors' DOIs resolve now.")
    say(utc("2026-08-05 02:14:20"), "Tom Albrecht", "DataCite support: MARRANG.CAIRN's domains were changed at 00:12 UTC and back at 01:36 UTC, both from the Marrang consortium organisation's Fabrica login; nothing on their side. Closing that.")
    say(REDEPLOY + dt.timedelta(minutes=6), "Tom Albrecht", "6.4.0 deployed again, versioned landing pages register fine.")
    say(utc("2026-08-05 02:55:00"), "Hamish Doyle", "Runbook: a 422 about the URL's domain is Fabrica's repository settings, not our payload. Niamh is asking ARDC whether Fabrica can log setting changes to us.")

    # ---- ServiceNow
    def ticket(t, number, state, short_d, desc, opened=None, group="Research Data Services", caller="Service Desk", kind="incident"):
        snow.add(t, json.dumps({"number": number, "type": kind, "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                                "assignment_group": group, "caller_id": caller, "state": state, "short_description": short_d, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-08-04 22:20:05"), "RITM0077120", "In Progress", "DataCite repository for the theses repository", "Create MARRANG.THESES in Fabrica (prefix 10.83177, domain theses.marrang.edu.au) for the new theses repository go-live on 17 August.", group="Library Research Services", caller="Niamh Gallagher", kind="request")
    ticket(utc("2026-08-04 22:47:30"), "INC0512208", "New", "Dataset landing page shows wrong licence", "Landing page of my dataset shows CC-BY-4.0 but I selected CC-BY-NC-4.0.", caller="Grace Nguyen")
    ticket(utc("2026-08-05 00:52:40"), "INC0512251", "New", "DOI not working for Scientific Data submission", f"My dataset was published this morning but the DOI does not resolve (doi.org says DOI not found). Submission deadline today 5 pm.", caller="Maya Okafor (School of Earth Sciences)")
    ticket(utc("2026-08-05 01:10:15"), "INC0512259", "New", "DOI pending on published dataset", "Published dataset shows 'DOI pending' since this morning. Reviewer asked for the DOI.", caller="Farid Mahmoud (Engineering)")
    ticket(utc("2026-08-05 01:12:00"), "INC0512251", "In Progress", "DOI not working for Scientific Data submission", "Linked to the DOI registration failures, see #cairn-ops. Author given the reserved DOI for the manuscript.", opened=utc("2026-08-05 00:52:40"), caller="Maya Okafor (School of Earth Sciences)")
    ticket(utc("2026-08-05 01:52:30"), "INC0512251", "Resolved", "DOI not working for Scientific Data submission", "DOI registered at 11:45 after the DataCite repository settings were corrected (Library). Resolves now.", opened=utc("2026-08-05 00:52:40"), caller="Maya Okafor (School of Earth Sciences)")
    ticket(utc("2026-08-05 01:53:10"), "INC0512259", "Resolved", "DOI pending on published dataset", "Registered at 11:45.", opened=utc("2026-08-05 01:10:15"), caller="Farid Mahmoud (Engineering)")
    ticket(utc("2026-08-05 02:20:45"), "RITM0077120", "In Progress", "DataCite repository for the theses repository", "MARRANG.THESES created. Note: at 10:12 the theses domain was entered in MARRANG.CAIRN's settings by mistake (Cairn DOI registrations refused until 11:36); corrected.", opened=utc("2026-08-04 22:20:05"), group="Library Research Services", caller="Niamh Gallagher", kind="request")
    return [worker, web, nginx, squid, status, awx, teams, snow], stats


def build(out_dir):
    rng = random.Random(84200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert FABRICA_EDIT < stats["onset"] < FABRICA_EDIT + dt.timedelta(minutes=3), stats["onset"]
        assert stats["after_rollback"], "no failure on 6.3.2"
        assert stats["first_ok_after"] < REQUEUE, stats["first_ok_after"]
        assert stats["requeued"] > 0
        assert not [f for f in stats["fail"] if f[3][0] == "url" and f[0] > FABRICA_RESTORE + dt.timedelta(seconds=2)]
        events = stats["events"]

        def per_min(code):
            def fn(t):
                return sum(1 for at, c in events if c == code and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        metrics = {"cairn_datacite_responses_per_minute.json": query_range(
            [({"job": "cairn-worker", "instance": "cairn-worker-01", "code": str(c)}, per_min(c)) for c in (200, 201, 422)], START, END, 60)}
        n_fail = len([f for f in stats["fail"] if f[3][0] == "url"])
        return write_scenario(
            out_dir, name="r84-datacite-domain-settings-none", service=SERVICE, onset=onset,
            description=f"""
Cairn, Marrang University's research data repository, cannot register or
update DataCite DOIs on Wednesday 5 August: from {onset.strftime('%H:%M:%S')} UTC ({local(onset).strftime('%H:%M')} AEST)
every DOI it publishes or updates is refused with HTTP 422 ({n_fail} refusals),
curators' approved datasets stay "DOI pending" and authors miss their DOIs
for journal submissions; draft reservations still work. cairn 6.4.0 had
been deployed at 23:05 UTC; the rollback to 6.3.2 at 00:47 did not help;
registrations went through again from {local(stats['first_ok_after']).strftime('%H:%M')} AEST, the pending DOIs were
requeued at 01:45 UTC and 6.4.0 was deployed again at 02:30.
""",
            logs=logs,
            line_formats={"cairn-worker-journal.log": r'<Time> <Host> <Ident>\[<Pid>\]: <Level> <Process> <Logger> <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'URL is not allowed by repository domain settings'],
            fix_files=[],
            explanation=f"""
Nothing in cairn caused this. At 00:12 UTC the Library's Research Data
Librarian, setting up a second DataCite repository (MARRANG.THESES) in
Fabrica, pasted the theses repository's domain into the Domains setting of
MARRANG.CAIRN, Cairn's DataCite repository. DataCite then refused every
findable DOI whose landing page URL was not on theses.marrang.edu.au: from
{onset.strftime('%H:%M:%S')} every registration and metadata update from Cairn got HTTP 422
"url: {DOMAIN_ERR}",
whatever the URL's path, while draft reservations, which carry no URL,
went through. She restored researchdata.marrang.edu.au at 01:36 UTC; the
next registration went through, the pending DOIs were requeued and
nothing in the repository was changed (a runbook note followed).
Decoys: 6.4.0, deployed {round((onset - DEPLOY_640).total_seconds() / 60)} minutes before the onset (CAIRN-612, which
registers the version's own landing page, the very URL DataCite refuses;
CAIRN-615, which adds the very warning with DataCite's error; CAIRN-609,
retries; CAIRN-606 in datacite.py; Dependabot's requests 2.32.4;
PRES-252); the rollback to 6.3.2 without effect, which only hides
DataCite's error ("422 Client Error: Unprocessable Entity"); Tuesday's
runbook commit that reads a 422 as our metadata and says to roll back
after a release; a genuine 422 before the onset (a creator without a
name), fixed by the curator; DataCite's status page incident (Search
degraded) in the same hour; a docs commit during the morning.
""",
        )
    finally:
        repo.close()
