"""claims-api (Python 3.12, Django 5.1 and DRF under gunicorn, Celery
workers; on EKS, reconciled by Flux from the repo's deploy/production; team
in Leeds, Lisbon and Pune) of Larkspur Insurance, a UK motor insurer. It
takes first notice of loss from the app, the website and the contact
centre, the damage photos customers upload, fraud scoring, and the payouts
to repair shops. Every photo is scanned before it is stored: claims-api
streams it to the security team's shared `filescan` service (clamd and
freshclam, three pods behind a ClusterIP service, a new connection per
scan, so each scan lands on any pod). A FOUND verdict quarantines the
photo and answers 422 ("this photo may be harmful").

On Wednesday 14 October ClamAV publishes daily 28133 at about 09:50 UTC.
One of its new signatures, Img.Exploit.CVE_2026_20742-10047731-0, matches
the trailer Samsung's camera app appends to its JPEGs. Each filescan pod's
freshclam checks every two hours: filescan's first pod loads 28133 at
10:04, the second at 10:31, the third at 11:12. From 10:05 photos from
Samsung phones that land on an updated pod are rejected as malware (the
same photo may pass on a retry, on a pod not yet updated); at worst about
a quarter of all photos. The SOC's SIEM raises a malware wave against
claims at 10:12. At 11:19-11:22 the security team rolls filescan with the
signature in local.ign2; the rejections stop. Talos ships daily 28134
without the signature at 11:41; ClamAV's blog post comes at 12:15.
Nothing in claims-api caused it.

Decoys: claims-api's release at 09:38, 27 minutes before the onset, of
CLM-733 (accept HEIC photos from the iOS share sheet and convert them after
the scan, photo limit 10 -> 20 MB with a larger in-memory upload buffer,
pillow-heif) and a scan timeout change 10 s -> 20 s, both in the upload
path; the commit of the afternoon before (SEC-141) that logs the verdict
and signature of every rejected photo; the on-call's rollback at 10:29
(the image pinned to the previous day's, Flux image automation
suspended), after which the rejections grow (the second pod updates at 10:31);
a genuine detection in another service's upload that morning; routine HEIC
and size rejections, scan timeouts and a payout batch.

Sources: claims-api (python-json-logger JSON, with a traceback in
exc_info), Celery worker (Celery's default format), ALB access log,
filescan (clamd and freshclam through `logcli`), Flux (image, source and
kustomize controllers, JSON), vendor notices (ClamAV mailing list and blog,
JSON), #claims-incident (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "claims-api"
START, END = utc("2026-10-14 08:00:00"), utc("2026-10-14 12:40:00")
RELEASE = utc("2026-10-14 09:38:10")
REVERT = utc("2026-10-14 10:29:05")
SIG = "Img.Exploit.CVE_2026_20742-10047731-0"
# filescan pods: name, first freshclam check in the window (then every 2 h), replaced by the ign2 rollout at
PODS = [("filescan-6f7c9d84b5-hx2kq", utc("2026-10-14 08:04:02"), utc("2026-10-14 11:19:38")),
        ("filescan-6f7c9d84b5-p7wzm", utc("2026-10-14 08:31:35"), utc("2026-10-14 11:20:51")),
        ("filescan-6f7c9d84b5-tq48d", utc("2026-10-14 09:12:11"), utc("2026-10-14 11:22:06"))]
NEW_PODS = ["filescan-8b5d4c7f69-2mfjr", "filescan-8b5d4c7f69-v9k6s", "filescan-8b5d4c7f69-zc5nt"]
DB_PUBLISHED = utc("2026-10-14 09:49:30")
FIX_PUBLISHED = utc("2026-10-14 11:41:12")

# ---------------------------------------------------------------------------
# the repository

SCAN_PY = '''"""Malware scan of uploaded files by the security team's filescan service
(clamd INSTREAM on filescan.filescan.svc:3310). A new connection per scan."""
from typing import NamedTuple

import clamd
from django.conf import settings


class ScanResult(NamedTuple):
    verdict: str  # "OK" or "FOUND"
    signature: str | None


def scan(fileobj) -> ScanResult:
    cd = clamd.ClamdNetworkSocket(settings.CLAMD_HOST, settings.CLAMD_PORT, timeout=settings.CLAMD_TIMEOUT)
    fileobj.seek(0)
    status, signature = cd.instream(fileobj)["stream"]
    return ScanResult(status, signature)
'''

VIEWS_PY = '''import logging

from django.conf import settings
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.photos.scan import scan
from claims.photos.storage import quarantine, store
from claims.photos.tasks import process_photo

log = logging.getLogger(__name__)
ALLOWED_TYPES = {"image/jpeg", "image/png"}


class PhotoUploadView(APIView):
    """POST /api/v2/claims/<claim>/photos (multipart, field "photo")."""

    def post(self, request, claim):
        upload = request.FILES["photo"]
        if upload.content_type not in ALLOWED_TYPES:
            log.warning("photo rejected: unsupported media type", extra={"claim": claim, "content_type": upload.content_type})
            return Response({"code": "PHOTO_TYPE_UNSUPPORTED"}, status=415)
        if upload.size > settings.PHOTO_MAX_BYTES:
            log.warning("photo rejected: too large", extra={"claim": claim, "bytes": upload.size})
            return Response({"code": "PHOTO_TOO_LARGE"}, status=413)
        result = scan(upload)
        if result.verdict == "FOUND":
            photo_id = quarantine(upload, claim, result.signature)
            log.warning("photo rejected by malware scan", extra={"claim": claim, "photo_id": photo_id})
            return Response({"code": "PHOTO_REJECTED_MALWARE"}, status=422)
        photo = store(upload, claim)
        process_photo.delay(photo.id)
        log.info("photo stored", extra={"claim": claim, "photo_id": photo.id, "bytes": upload.size})
        return Response({"id": photo.id}, status=201)
'''

SETTINGS_PY = '''import os

DEBUG = False
ALLOWED_HOSTS = ["claims.larkspur.co.uk", "claims-api.claims.svc"]
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "claims.fnol", "claims.photos", "claims.fraud", "claims.payouts"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["DB_HOST"], "NAME": "claims"}}

# photos
PHOTO_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_BUCKET = "larkspur-claims-photos-prod"
CLAMD_HOST = "filescan.filescan.svc.cluster.local"
CLAMD_PORT = 3310
CLAMD_TIMEOUT = 10

# fraud scoring and payouts
FRAUD_API = "https://api.sentinelscore.co.uk/v3"
PAYOUT_BATCH_TIMES = ["10:30", "14:30"]

LOGGING = {
    "version": 1,
    "formatters": {"json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
}
'''

REQS = "Django==5.1.2\ndjangorestframework==3.15.2\ncelery==5.4.0\ngunicorn==23.0.0\npsycopg[binary]==3.2.3\nboto3==1.35.36\nclamd==1.0.2\nPillow==10.4.0\npython-json-logger==2.0.7\n"

DEPLOYMENT = '''apiVersion: apps/v1
kind: Deployment
metadata: { name: claims-api, namespace: claims }
spec:
  replicas: 4
  selector: { matchLabels: { app: claims-api } }
  template:
    metadata: { labels: { app: claims-api } }
    spec:
      containers:
        - name: web
          image: 611208392217.dkr.ecr.eu-west-2.amazonaws.com/claims-api:main # {"$imagepolicy": "flux-system:claims-api"}
          command: ["gunicorn", "claims.wsgi", "-b", "0.0.0.0:8000", "-k", "gthread", "--threads", "8"]
          resources: { requests: { cpu: 500m, memory: 768Mi }, limits: { memory: 768Mi } }
        - name: worker
          image: 611208392217.dkr.ecr.eu-west-2.amazonaws.com/claims-api:main # {"$imagepolicy": "flux-system:claims-api"}
          command: ["celery", "-A", "claims", "worker", "-B", "-c", "4"]
'''


def build_repo():
    aisha = Person("Aisha Rahman", "aisha.rahman@larkspur.co.uk", 60)
    tom = Person("Tom Pearson", "tom.pearson@larkspur.co.uk", 60)
    ines = Person("Inês Duarte", "ines.duarte@larkspur.co.uk", 60)
    vikram = Person("Vikram Rao", "vikram.rao@larkspur.co.uk", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# claims-api\n\nFirst notice of loss (app, web, contact centre), damage photos, fraud\nscoring (SentinelScore) and payouts to repair shops (Faster Payments).\n\n```\npip install -r requirements.txt\npython manage.py test\n```\n\nFlux reconciles `deploy/production` on main to motor-prod (namespace\n`claims`); the image policy follows main. Photos are scanned by the\nsecurity team's filescan (clamd), see #sec-engineering.\n",
        "docs/runbook.md": runbook("claims-api", [
            ("ClaimsPhotoRejectionRate", "More than 2 % of photo uploads rejected for 10 minutes. Check the\nreason in the claims-api log (type, size, malware, scan error)."),
            ("ClaimsPayoutBatchFailed", "A payout batch was not accepted by the bank. Payments stay pending and\nare resubmitted with the next batch."),
        ]),
        "requirements.txt": REQS,
        "manage.py": "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"claims.settings\")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n",
        "claims/settings.py": SETTINGS_PY,
        "claims/photos/scan.py": SCAN_PY,
        "claims/photos/views.py": VIEWS_PY,
        "claims/photos/tasks.py": "from celery import shared_task\n\n\n@shared_task(bind=True, max_retries=5)\ndef process_photo(self, photo_id):\n    \"\"\"Thumbnail, EXIF (time, place), damage estimate request.\"\"\"\n",
        "claims/fnol/views.py": "# POST /api/v2/claims: first notice of loss; scores the claim with\n# SentinelScore and logs \"FNOL created\" with the channel and loss type.\n",
        "claims/payouts/batch.py": "# Faster Payments batch to repair shops at PAYOUT_BATCH_TIMES: every approved\n# invoice not yet paid, one payment each.\n",
        "deploy/production/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: claims\nresources:\n  - deployment.yaml\n",
        "deploy/production/deployment.yaml": DEPLOYMENT,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: { python-version: '3.12' }\n      - run: pip install -r requirements.txt && python manage.py test\n      - run: make image push\n        if: github.ref == 'refs/heads/main'\n",
    }
    repo.commit(utc("2026-10-08 08:15:00"), aisha, "claims-api: FNOL, photos (scan, store, process), fraud scoring, payouts, Flux manifests", files)
    repo.schedule(chores(random.Random(39201), SERVICE, [ines, vikram], utc("2026-10-08 09:00:00"), utc("2026-10-12 16:00:00"), 2))
    flux = Person("fluxcdbot", "fluxcdbot@users.noreply.github.com", 0)

    def bump(when, sha):
        tag = f"main-{sha[:7]}-{int(when.timestamp()) - 420}"
        text = repo.files["deploy/production/deployment.yaml"]
        old = text.split("claims-api:", 1)[1].split(" ", 1)[0]
        repo.commit(when, flux, f"Update image claims-api to {tag}", {"deploy/production/deployment.yaml": text.replace(f"claims-api:{old} ", f"claims-api:{tag} ")})
        return repo.shas[-1], tag

    app_sha = repo.commit(utc("2026-10-09 10:20:00"), vikram, "payouts: the Faster Payments reference is the claim number, at most 18 characters (PAY-212)", {
        "claims/payouts/batch.py": repo.files["claims/payouts/batch.py"] + "# The payment reference is the claim number (CLM-2610-048213, 15\n# characters); FPS allows 18 (PAY-212).\n",
    })
    bump(utc("2026-10-09 10:41:30"), app_sha)
    repo.commit(utc("2026-10-12 04:30:00"), bot, "Update dependency boto3 to v1.35.39", {
        "requirements.txt": repo.edit("requirements.txt", "boto3==1.35.36", "boto3==1.35.39"),
    })
    app_sha = repo.commit(utc("2026-10-12 09:05:00"), ines, "fraud: send the photos' perceptual hashes with the score request (FR-88)\n\nSentinelScore matches them against photos from other insurers' claims\n(reused and stock photos).", {
        "claims/photos/tasks.py": repo.files["claims/photos/tasks.py"] + "    # FR-88: the photo's pHash is kept for the fraud score request.\n",
    })
    bump(utc("2026-10-12 09:24:10"), app_sha)
    logging_sha = repo.commit(utc("2026-10-13 14:10:00"), aisha, "photos: log the scan verdict and signature of a rejected photo (SEC-141)\n\nThe SOC asks for the signature of every upload we quarantine, and the\nrejection line had only the claim.", {
        "claims/photos/views.py": repo.edit("claims/photos/views.py",
            '            log.warning("photo rejected by malware scan", extra={"claim": claim, "photo_id": photo_id})\n',
            '            log.warning(\n                "photo rejected by malware scan",\n                extra={"claim": claim, "photo_id": photo_id, "verdict": result.verdict, "signature": result.signature,\n                       "bytes": upload.size, "content_type": upload.content_type, "scan_ms": result.ms},\n            )\n'),
        "claims/photos/scan.py": repo.edit("claims/photos/scan.py", "    signature: str | None\n", "    signature: str | None\n    ms: int\n").replace(
            '    fileobj.seek(0)\n    status, signature = cd.instream(fileobj)["stream"]\n    return ScanResult(status, signature)\n',
            '    fileobj.seek(0)\n    started = time.monotonic()\n    status, signature = cd.instream(fileobj)["stream"]\n    return ScanResult(status, signature, int((time.monotonic() - started) * 1000))\n').replace(
            "from typing import NamedTuple\n", "import time\nfrom typing import NamedTuple\n"),
    })
    tue_bump, tue_tag = bump(utc("2026-10-13 14:31:20"), logging_sha)
    repo.commit(utc("2026-10-13 15:20:00"), vikram, "docs: the photo pipeline (scan, store, process) in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Photo pipeline\n\nupload -> filescan (clamd, security team) -> S3 (larkspur-claims-photos-prod)\n-> Celery process_photo (thumbnail, EXIF, damage estimate) -> fraud score.\nA FOUND verdict quarantines the photo (s3://larkspur-claims-quarantine) and\nthe SOC gets the detection from the SIEM.\n",
    })
    repo.commit(utc("2026-10-14 08:47:00"), tom, "photos: accept HEIC from the iOS share sheet, convert after the scan; 20 MB limit (CLM-733)\n\nPhotos shared from the iOS Photos app arrive as HEIC and were refused\nwith 415; some 48 MP photos are over 10 MB. HEIC is scanned as uploaded\nand converted to JPEG before it is stored.", {
        "claims/photos/views.py": repo.edit("claims/photos/views.py", 'ALLOWED_TYPES = {"image/jpeg", "image/png"}', 'ALLOWED_TYPES = {"image/jpeg", "image/png", "image/heic", "image/heif"}').replace(
            "        photo = store(upload, claim)\n", "        if upload.content_type in HEIC_TYPES:\n            upload = heic_to_jpeg(upload)\n        photo = store(upload, claim)\n").replace(
            "from claims.photos.scan import scan\n", "from claims.photos.convert import HEIC_TYPES, heic_to_jpeg\nfrom claims.photos.scan import scan\n"),
        "claims/photos/convert.py": "from io import BytesIO\n\nfrom django.core.files.uploadedfile import InMemoryUploadedFile\nfrom PIL import Image\nfrom pillow_heif import register_heif_opener\n\nregister_heif_opener()\nHEIC_TYPES = {\"image/heic\", \"image/heif\"}\n\n\ndef heic_to_jpeg(upload):\n    out = BytesIO()\n    Image.open(upload).save(out, \"JPEG\", quality=90, exif=Image.open(upload).getexif())\n    return InMemoryUploadedFile(out, \"photo\", upload.name.rsplit(\".\", 1)[0] + \".jpg\", \"image/jpeg\", out.tell(), None)\n",
        "claims/settings.py": repo.edit("claims/settings.py", "PHOTO_MAX_BYTES = 10 * 1024 * 1024\nFILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024\n", "PHOTO_MAX_BYTES = 20 * 1024 * 1024\nFILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024\n"),
        "requirements.txt": repo.edit("requirements.txt", "Pillow==10.4.0\n", "Pillow==10.4.0\npillow-heif==0.18.0\n"),
    })
    app_head = repo.commit(utc("2026-10-14 09:19:00"), tom, "photos: scan timeout 10 s -> 20 s for 20 MB photos (CLM-733)", {
        "claims/settings.py": repo.edit("claims/settings.py", "CLAMD_TIMEOUT = 10\n", "CLAMD_TIMEOUT = 20\n"),
    })
    head, wed_tag = bump(utc("2026-10-14 09:36:48"), app_head)
    text = repo.files["deploy/production/deployment.yaml"]
    pin = repo.commit(utc("2026-10-14 10:27:10"), aisha, f"deploy: pin claims-api to {tue_tag} (roll back CLM-733)\n\nImage automation is suspended while we look at the malware rejections.", {
        "deploy/production/deployment.yaml": text.replace(f"claims-api:{wed_tag} # {{\"$imagepolicy\": \"flux-system:claims-api\"}}", f"claims-api:{tue_tag} # pinned during the photo rejections, automation suspended"),
    })
    return repo, {"tue_bump": tue_bump, "head": head, "pin": pin, "app_head": app_head, "logging": logging_sha, "tue_tag": tue_tag, "wed_tag": wed_tag}


# ---------------------------------------------------------------------------
# logs

DEVICES = [(0.30, "android", "samsung", ["SM-S921B", "SM-S926B", "SM-A546B", "SM-S911B", "SM-A155F", "SM-G991B"]),
           (0.10, "android", "other", ["Pixel 8", "Pixel 7a", "moto g84 5G", "CPH2581"]),
           (0.46, "ios", "apple", ["iPhone15,2", "iPhone16,1", "iPhone14,5", "iPhone15,4", "iPhone13,2"]),
           (0.14, "web", "web", ["-"])]
LOSS_TYPES = [(0.52, "collision"), (0.14, "windscreen"), (0.11, "vandalism"), (0.09, "theft"), (0.08, "parking"), (0.06, "weather")]


def pick(rng, choices):
    r = rng.random() * sum(w for w, *_ in choices)
    for c in choices:
        r -= c[0]
        if r <= 0:
            return c
    return choices[-1]


def photo_rate(t):
    h = t.hour + t.minute / 60.0
    return 6.0 if h < 8.5 else 8.5 if h < 9.25 else 10.5 if h < 11.5 else 11.0


def build_logs(rng, shas):
    app, worker, alb, filescan, flux, notices, chat = (Log("claims-api.log"), Log("claims-worker.log"), Log("alb-access.log"), Log("filescan.log"),
                                                       Log("flux.log"), Log("vendor-notices.log"), Log("chat.log"))
    stats = {"stored": [], "rejected_malware": [], "rejected_type": [], "rejected_size": [], "error": [], "retry_ok": [], "mal_by": {"android": [], "ios": [], "web": []}}
    found = []

    def jlog(t, level, name, msg, **extra):
        if START <= t < END:
            body = {"asctime": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", "levelname": level, "name": name, "message": msg}
            body.update(extra)
            app.add(t, json.dumps(body, ensure_ascii=False))

    def celery(t, level, proc, msg):
        if START <= t < END:
            worker.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d}: {level}/{proc}] {msg}")

    def ctime(t):
        return t.strftime("%a %b %d %H:%M:%S %Y")

    def fs(t, pod, container, msg):
        if START <= t < END:
            filescan.add(t, f'{t.strftime("%Y-%m-%dT%H:%M:%SZ")} {{app="filescan", container="{container}", namespace="filescan", pod="{pod}"}} {ctime(t)} -> {msg}')

    def release_at(t):
        """(name, sha, heic+20MB) in force at t."""
        if t >= REVERT + dt.timedelta(seconds=50):
            return "2026.10.13-1", shas["logging"], False
        if t >= RELEASE + dt.timedelta(seconds=50):
            return "2026.10.14-1", shas["app_head"], True
        return "2026.10.13-1", shas["logging"], False

    # --- filescan: which database each pod runs, and when
    db_switch = {}
    for name, first, replaced in PODS:
        t = first
        while t < replaced:
            fs(t, name, "freshclam", "--------------------------------------")
            fs(t, name, "freshclam", "Received signal: wake up")
            fs(t, name, "freshclam", f"ClamAV update process started at {ctime(t)}")
            if t >= DB_PUBLISHED:
                fs(t + dt.timedelta(seconds=1), name, "freshclam", "daily database available for update (local version: 28132, remote version: 28133)")
                fs(t + dt.timedelta(seconds=8), name, "freshclam", f"Testing database: '/var/lib/clamav/tmp.{hexid(rng, 10)}/clamav-{hexid(rng, 32)}.tmp-daily.cld' ...")
                t2 = t + dt.timedelta(seconds=11)
                fs(t2, name, "freshclam", "Database test passed.")
                fs(t2, name, "freshclam", "daily.cld updated (version: 28133, sigs: 2074519, f-level: 90, builder: raynman)")
                fs(t2, name, "freshclam", "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
                fs(t2, name, "freshclam", "bytecode.cvd database is up-to-date (version: 335, sigs: 86, f-level: 90, builder: raynman)")
                fs(t2 + dt.timedelta(milliseconds=300), name, "freshclam", "Clamd successfully notified about the update.")
                fs(t2 + dt.timedelta(milliseconds=400), name, "clamd", "Reading databases from /var/lib/clamav")
                loaded = t2 + dt.timedelta(seconds=rng.uniform(16, 21))
                fs(loaded, name, "clamd", "Database correctly reloaded (8724187 signatures)")
                fs(loaded + dt.timedelta(milliseconds=5), name, "clamd", "Activating the newly loaded database...")
                db_switch[name] = loaded
                break
            fs(t + dt.timedelta(seconds=1), name, "freshclam", "daily.cld database is up-to-date (version: 28132, sigs: 2074383, f-level: 90, builder: raynman)")
            fs(t + dt.timedelta(seconds=1), name, "freshclam", "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
            fs(t + dt.timedelta(seconds=1), name, "freshclam", "bytecode.cvd database is up-to-date (version: 335, sigs: 86, f-level: 90, builder: raynman)")
            t += dt.timedelta(hours=2)
        s = first - dt.timedelta(minutes=rng.randint(1, 9))
        while s < replaced:
            if s >= START and not (name in db_switch and db_switch[name] - dt.timedelta(seconds=30) < s < db_switch[name] + dt.timedelta(seconds=10)):
                fs(s, name, "clamd", "SelfCheck: Database status OK.")
            s += dt.timedelta(seconds=600)
    # the ign2 rollout: new pods, 28133 with the signature ignored
    for (old, _, replaced), new in zip(PODS, NEW_PODS):
        t = replaced - dt.timedelta(seconds=52)
        fs(t, new, "freshclam", f"ClamAV update process started at {ctime(t)}")
        fs(t + dt.timedelta(seconds=9), new, "freshclam", "daily.cvd updated (version: 28133, sigs: 2074519, f-level: 90, builder: raynman)")
        fs(t + dt.timedelta(seconds=14), new, "freshclam", "main.cvd updated (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
        fs(t + dt.timedelta(seconds=15), new, "freshclam", "bytecode.cvd updated (version: 335, sigs: 86, f-level: 90, builder: raynman)")
        c = t + dt.timedelta(seconds=17)
        for k, line in enumerate(["clamd daemon 1.4.1 (OS: Linux, ARCH: x86_64, CPU: x86_64)", "Log file size limited to 1048576 bytes.",
                                  "Reading databases from /var/lib/clamav", "Not loading PUA signatures.", 'Bytecode: Security mode set to "TrustSigned".']):
            fs(c + dt.timedelta(milliseconds=20 * k), new, "clamd", line)
        c = replaced - dt.timedelta(seconds=8)
        for k, line in enumerate(["Loaded 8724186 signatures.", "TCP: No tcp AF_INET/AF_INET6 SO_BINDTODEVICE set", "TCP: Bound to [0.0.0.0]:3310",
                                  "TCP: Setting connection queue length to 200", "Limits: Global time limit set to 120000 milliseconds.",
                                  "Limits: Global size limit set to 419430400 bytes.", "Limits: File size limit set to 104857600 bytes.",
                                  "Self checking every 600 seconds."]):
            fs(c + dt.timedelta(milliseconds=10 * k), new, "clamd", line)
        s = replaced + dt.timedelta(seconds=600)
        while s < END:
            fs(s, new, "clamd", "SelfCheck: Database status OK.")
            s += dt.timedelta(seconds=600)

    def pods_at(t):
        out = []
        for (old, _, replaced), new in zip(PODS, NEW_PODS):
            if t < replaced:
                out.append((old, old in db_switch and t >= db_switch[old]))
            else:
                out.append((new, False))
        return out

    # another team's upload: genuine detections the same morning
    for stamp, sig, src in (("2026-10-14 08:52:31", "Doc.Dropper.Agent-6423761-0", "10.42.5.61"), ("2026-10-14 12:21:07", "Html.Phishing.Bank-9871502-0", "10.42.2.140")):
        w = utc(stamp)
        fs(w, rng.choice(pods_at(w))[0], "clamd", f"instream({src}@{rng.randint(32000, 60000)}): {sig} FOUND")

    # --- the app's start lines (rollouts)
    def start_lines(t, version, sha):
        rs = "".join(rng.choice("bcdfghjkmnpqrstvwxz2456789") for _ in range(10))
        for k in range(4):
            pod = f"claims-api-{rs}-{''.join(rng.choice('bcdfghjkmnpqrstvwxz2456789') for _ in range(5))}"
            w = t + dt.timedelta(seconds=12 + 9 * k + rng.uniform(0, 3))
            jlog(w, "INFO", "claims.apps", "claims-api starting", version=version, commit=sha[:12], pod=pod, clamd_timeout=20 if version == "2026.10.14-1" else 10,
                 photo_max_bytes=20971520 if version == "2026.10.14-1" else 10485760)
            celery(w + dt.timedelta(seconds=2), "INFO", "MainProcess", f"Connected to sqs://sqs.eu-west-2.amazonaws.com//")
            celery(w + dt.timedelta(seconds=3), "INFO", "MainProcess", f"celery@{pod} ready.")
    start_lines(RELEASE, "2026.10.14-1", shas["app_head"])
    start_lines(REVERT, "2026.10.13-1", shas["logging"])

    # --- FNOL and photo uploads
    ips = ["86.14", "81.98", "90.213", "92.40", "109.148", "151.224", "176.25", "82.132", "148.252", "31.94"]
    ua_app = {"android": "LarkspurClaims/4.22.0 (Android {v}; {m})", "ios": "LarkspurClaims/4.22.0 (iOS {v}; {m})"}

    def alb_line(t, client, method, path, status, received, sent, ua, rt):
        if not START <= t < END:
            return
        req_t = t - dt.timedelta(seconds=rt)
        target = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}:8000"
        alb.add(t, f'h2 {t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond:06d}Z app/k8s-claims-prod-3f1a9c/50dc6c495c0c9188 {client}:{rng.randint(30000, 65000)} {target} 0.001 {rt:.3f} 0.000 {status} {status} {received} {sent} '
                   f'"{method} https://claims.larkspur.co.uk:443{path} HTTP/2.0" "{ua}" TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:eu-west-2:611208392217:targetgroup/k8s-claims-claimsap-6b1e2f0a9c/7d3e1f2a4b5c6d7e '
                   f'"Root=1-{int(req_t.timestamp()):08x}-{hexid(rng, 24)}" "claims.larkspur.co.uk" "arn:aws:acm:eu-west-2:611208392217:certificate/7e1c3b52-0d4a-4f7e-9a61-2c8b5d9e4f10" 0 {req_t.strftime("%Y-%m-%dT%H:%M:%S.")}{req_t.microsecond:06d}Z "forward" "-" "-" "{target}" "{status}" "-" "-"')

    claim_no = [48190]

    def new_claim(t):
        claim_no[0] += 1
        ref = f"CLM-2610-{claim_no[0]:06d}"
        _, loss = pick(rng, LOSS_TYPES)
        dev = pick(rng, DEVICES)
        channel = "web" if dev[1] == "web" else "app"
        if rng.random() < 0.22:
            channel = "phone"
        jlog(t, "INFO", "claims.fnol.views", "FNOL created", claim=ref, channel=channel, loss_type=loss, policy=f"LKM{rng.randint(1000000, 9999999)}")
        st = t + dt.timedelta(milliseconds=rng.randint(300, 900))
        score = round(rng.betavariate(1.4, 9), 3)
        band = "HIGH" if score > 0.6 else "MEDIUM" if score > 0.3 else "LOW"
        jlog(st, "INFO", "claims.fraud.sentinel", "fraud score received", claim=ref, score=score, band=band, ms=rng.randint(280, 900))
        return ref, dev, channel

    def upload(t, ref, dev, client, ua, retry_of=None):
        _, platform, brand, _models = dev
        heic_allowed = release_at(t)[2]
        photo_id = f"ph_{hexid(rng, 20)}"
        size = int(rng.lognormvariate(15.0, 0.35))
        ctype = "image/jpeg"
        if platform == "ios" and rng.random() < 0.09:
            ctype = "image/heic"
        if platform in ("android", "web") and rng.random() < 0.004:
            size = rng.randint(10_600_000, 14_000_000)
        path = f"/api/v2/claims/{ref}/photos"
        if ctype == "image/heic" and not heic_allowed:
            w = t + dt.timedelta(milliseconds=rng.randint(120, 400))
            jlog(w, "WARNING", "claims.photos.views", "photo rejected: unsupported media type", claim=ref, content_type=ctype)
            alb_line(w, client, "POST", path, 415, size + 700, 96, ua, (w - t).total_seconds())
            stats["rejected_type"].append(w)
            return
        if size > (20 if heic_allowed else 10) * 1048576:
            w = t + dt.timedelta(milliseconds=rng.randint(600, 1500))
            jlog(w, "WARNING", "claims.photos.views", "photo rejected: too large", claim=ref, bytes=size)
            alb_line(w, client, "POST", path, 413, size + 700, 84, ua, (w - t).total_seconds())
            stats["rejected_size"].append(w)
            return
        recv = t + dt.timedelta(milliseconds=int(size / 1800) + rng.randint(200, 900))
        scan_ms = int(40 + size / 90000 + rng.uniform(0, 40))
        w = recv + dt.timedelta(milliseconds=scan_ms)
        if rng.random() < 0.0009:
            tmo = 20 if heic_allowed else 10
            w = recv + dt.timedelta(seconds=tmo)
            exc = ("Traceback (most recent call last):\n  File \"/app/claims/photos/views.py\", line 30, in post\n    result = scan(upload)\n"
                   "  File \"/app/claims/photos/scan.py\", line 21, in scan\n    status, signature = cd.instream(fileobj)[\"stream\"]\n"
                   "  File \"/usr/local/lib/python3.12/site-packages/clamd/__init__.py\", line 227, in instream\n    result = self._recv_response()\n"
                   "  File \"/usr/local/lib/python3.12/site-packages/clamd/__init__.py\", line 253, in _recv_response\n    raise ConnectionError(\"Error while reading from socket: {0}\".format(e.args))\n"
                   "clamd.ConnectionError: Error while reading from socket: ('timed out',)")
            jlog(w, "ERROR", "django.request", f"Internal Server Error: {path}", status_code=500, exc_info=exc)
            alb_line(w, client, "POST", path, 500, size + 700, 145, ua, (w - t).total_seconds())
            stats["error"].append(w)
            return
        pod, updated = rng.choice(pods_at(recv))
        fp = updated and brand == "samsung" and ctype == "image/jpeg" and dev[3] != "incamera"
        if fp:
            src = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}"
            fs(recv + dt.timedelta(milliseconds=scan_ms - 2), pod, "clamd", f"instream({src}@{rng.randint(32000, 60000)}): {SIG} FOUND")
            found.append(recv)
            qid = f"ph_{hexid(rng, 20)}"
            jlog(w, "WARNING", "claims.photos.views", "photo rejected by malware scan", claim=ref, photo_id=qid, verdict="FOUND", signature=SIG,
                 bytes=size, content_type=ctype, scan_ms=scan_ms)
            alb_line(w + dt.timedelta(milliseconds=4), client, "POST", path, 422, size + 700, 64, ua, (w - t).total_seconds() + 0.004)
            stats["rejected_malware"].append(w)
            stats["mal_by"][platform].append(w)
            if retry_of is None and rng.random() < 0.6:
                upload(w + dt.timedelta(seconds=rng.uniform(8, 70)), ref, dev, client, ua, retry_of=(w, photo_id))
            return
        if retry_of is not None:
            stats["retry_ok"].append((w, ref, (w - retry_of[0]).total_seconds()))
        jlog(w, "INFO", "claims.photos.views", "photo stored", claim=ref, photo_id=photo_id, bytes=size, content_type="image/jpeg" if ctype == "image/heic" else ctype, scan_ms=scan_ms)
        alb_line(w + dt.timedelta(milliseconds=30), client, "POST", path, 201, size + 700, 58, ua, (w - t).total_seconds() + 0.03)
        stats["stored"].append(w)
        task = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        r = w + dt.timedelta(milliseconds=rng.randint(20, 400))
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        celery(r, "INFO", "MainProcess", f"Task claims.photos.tasks.process_photo[{task}] received")
        took = rng.lognormvariate(0.5, 0.4)
        if rng.random() < 0.01:
            celery(r + dt.timedelta(seconds=took), "INFO", proc, f"Task claims.photos.tasks.process_photo[{task}] retry: Retry in 30s: DamageEstimateThrottled('Dentify answered 429')")
        else:
            celery(r + dt.timedelta(seconds=took), "INFO", proc, f"Task claims.photos.tasks.process_photo[{task}] succeeded in {took:.3f}s: {{'photo': '{photo_id}', 'damage_estimate': 'requested'}}")

    t = START - dt.timedelta(minutes=20)
    for fnol in poisson_times(rng, START - dt.timedelta(minutes=20), END, 3.0):
        if rng.random() > photo_rate(fnol) / 4.3 / 3.0:
            continue
        ref, dev, channel = new_claim(fnol)
        client = f"{rng.choice(ips)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if dev[1] == "web":
            ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"
        else:
            ua = ua_app[dev[1]].format(v=rng.choice(["14", "15"]) if dev[1] == "android" else rng.choice(["17.6.1", "18.0.1"]), m=rng.choice(dev[3]))
        alb_line(fnol + dt.timedelta(milliseconds=rng.randint(400, 1100)), client, "POST", "/api/v2/claims", 201, rng.randint(2400, 5200), 412, ua, rng.uniform(0.4, 1.1))
        if channel == "phone":
            # the contact centre sends an upload link; the customer uploads later from the phone
            client = f"{rng.choice(ips)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            start_at = fnol + dt.timedelta(minutes=rng.uniform(3, 25))
        else:
            start_at = fnol + dt.timedelta(seconds=rng.uniform(20, 90))
        d = dev
        if dev[2] == "samsung" and rng.random() < 0.25:
            d = (dev[0], dev[1], dev[2], "incamera")  # taken with the app's own camera: no Samsung trailer
        n = max(1, min(9, int(rng.gauss(4.3, 1.6))))
        at = start_at
        for _ in range(n):
            upload(at, ref, d, client, ua)
            at += dt.timedelta(seconds=rng.uniform(4, 25))

    # routine app lines: payout batches, fraud referrals, claims portal
    for stamp, n, total in (("2026-10-14 10:30:02", 41, "52,118.36"),):
        w = utc(stamp)
        celery(w, "INFO", "MainProcess", f"Task claims.payouts.batch.submit_batch[{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}] received")
        jlog(w + dt.timedelta(seconds=3), "INFO", "claims.payouts.batch", "payout batch submitted", payments=n, total_gbp=total, bank_batch=f"FPS{rng.randint(10000000, 99999999)}")
        jlog(w + dt.timedelta(seconds=48), "INFO", "claims.payouts.batch", "payout batch accepted by bank", payments=n, rejected=0)
    for w in poisson_times(rng, START, END, 0.06):
        jlog(w, "INFO", "claims.fraud.sentinel", "claim referred to counter-fraud", claim=f"CLM-2610-{rng.randint(40000, 48190):06d}", score=round(rng.uniform(0.61, 0.93), 3), rules="PHOTO_REUSE" if rng.random() < 0.3 else "LATE_NOTIFICATION")
    for w in poisson_times(rng, START, END, 0.04):
        jlog(w, "WARNING", "claims.fnol.views", "FNOL rejected: policy not in force on loss date", claim_policy=f"LKM{rng.randint(1000000, 9999999)}", loss_date=(w - dt.timedelta(days=rng.randint(1, 20))).strftime("%Y-%m-%d"))

    # --- Flux
    def fx(t, controller, msg, **f):
        body = {"level": "info", "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "msg": msg, "controller": controller}
        if controller == "gitrepository":
            body.update({"controllerGroup": "source.toolkit.fluxcd.io", "controllerKind": "GitRepository", "GitRepository": {"name": "claims-api", "namespace": "flux-system"}})
        else:
            body.update({"controllerGroup": "kustomize.toolkit.fluxcd.io", "controllerKind": "Kustomization", "Kustomization": {"name": "claims-api", "namespace": "flux-system"}})
        body.update({"namespace": "flux-system", "name": "claims-api", "reconcileID": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"})
        body.update(f)
        if START <= t < END:
            flux.add(t, json.dumps(body, separators=(",", ":")))

    revisions = [(START - dt.timedelta(hours=18), shas["tue_bump"], ""), (RELEASE, shas["head"], f"Update image claims-api to {shas['wed_tag']}"),
                 (REVERT, shas["pin"], f"deploy: pin claims-api to {shas['tue_tag']} (roll back CLM-733)")]
    w = RELEASE - dt.timedelta(seconds=95)
    fa = {"level": "info", "ts": w.strftime("%Y-%m-%dT%H:%M:%S.") + "118Z", "msg": f"Latest image tag for '611208392217.dkr.ecr.eu-west-2.amazonaws.com/claims-api' resolved to {shas['wed_tag']}",
          "controller": "imagepolicy", "controllerGroup": "image.toolkit.fluxcd.io", "controllerKind": "ImagePolicy", "ImagePolicy": {"name": "claims-api", "namespace": "flux-system"}, "namespace": "flux-system", "name": "claims-api"}
    flux.add(w, json.dumps(fa, separators=(",", ":")))
    w = RELEASE - dt.timedelta(seconds=82)
    fa = {"level": "info", "ts": w.strftime("%Y-%m-%dT%H:%M:%S.") + "604Z", "msg": "pushed commit to origin", "controller": "imageupdateautomation", "controllerGroup": "image.toolkit.fluxcd.io",
          "controllerKind": "ImageUpdateAutomation", "ImageUpdateAutomation": {"name": "claims-api", "namespace": "flux-system"}, "namespace": "flux-system", "name": "claims-api",
          "revision": f"main@sha1:{shas['head']}", "message": f"Update image claims-api to {shas['wed_tag']}"}
    flux.add(w, json.dumps(fa, separators=(",", ":")))
    w = REVERT - dt.timedelta(seconds=150)
    fa = {"level": "info", "ts": w.strftime("%Y-%m-%dT%H:%M:%S.") + "027Z", "msg": "ImageUpdateAutomation is suspended, skipping reconciliation", "controller": "imageupdateautomation",
          "controllerGroup": "image.toolkit.fluxcd.io", "controllerKind": "ImageUpdateAutomation", "ImageUpdateAutomation": {"name": "claims-api", "namespace": "flux-system"}, "namespace": "flux-system", "name": "claims-api"}
    flux.add(w, json.dumps(fa, separators=(",", ":")))
    t = START + dt.timedelta(seconds=37)
    while t < END:
        rev = [r for r in revisions if r[0] <= t][-1][1]
        fx(t, "kustomization", "Reconciliation finished in 1.18s, next run in 10m0s", revision=f"main@sha1:{rev}")
        t += dt.timedelta(minutes=10)
    for when, sha, subject in revisions[1:]:
        fx(when - dt.timedelta(seconds=41), "gitrepository", f"stored artifact for commit '{subject}'", revision=f"main@sha1:{sha}")
        fx(when, "kustomization", "server-side apply completed", revision=f"main@sha1:{sha}", output={"Deployment/claims/claims-api": "configured"})
        fx(when + dt.timedelta(seconds=1, milliseconds=300), "kustomization", "Reconciliation finished in 1.31s, next run in 10m0s", revision=f"main@sha1:{sha}")

    # --- vendor notices
    def notice(stamp, source, **f):
        w = utc(stamp)
        body = {"published": w.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": source}
        body.update(f)
        notices.add(w, json.dumps(body, ensure_ascii=False))

    notice("2026-10-14 09:49:30", "clamav-virusdb mailing list", title="ClamAV Virus Database Update: daily 28133", body="daily.cvd 28133 published: 136 new signatures, 0 dropped.")
    notice("2026-10-14 10:21:44", "clamav-users mailing list", title="FP: Img.Exploit.CVE_2026_20742-10047731-0 on JPEG photos", author="m.keller@…", body="Since daily 28133 our upload scanner flags ordinary JPEGs from Samsung phones (Galaxy S23/S24, A54) as Img.Exploit.CVE_2026_20742-10047731-0. Sample submitted as FP. Anyone else?")
    notice("2026-10-14 10:37:05", "clamav-users mailing list", title="Re: FP: Img.Exploit.CVE_2026_20742-10047731-0 on JPEG photos", author="support@…", body="Same here, every photo from a Samsung gallery since 10:00 UTC. Added it to local.ign2 for now.")
    notice("2026-10-14 11:41:12", "clamav-virusdb mailing list", title="ClamAV Virus Database Update: daily 28134", body="daily.cvd 28134 published: 41 new signatures, 1 dropped (Img.Exploit.CVE_2026_20742-10047731-0, false positive).")
    notice("2026-10-14 12:15:38", "blog.clamav.net", title="False positive on JPEG images in daily.cvd 28133", body="Signature Img.Exploit.CVE_2026_20742-10047731-0, published in daily 28133 at 09:49 UTC, matched the maker note trailer written by Samsung camera software. It was dropped in daily 28134 at 11:41 UTC. Update with freshclam; files quarantined by it can be released.")

    # --- chat
    def say(stamp, who, text):
        w = utc(stamp)
        chat.add(w, f"{w.strftime('%Y-%m-%d %H:%M:%S')} UTC #claims-incident {who}: {text}")

    def ratio(a_, b_):
        a_, b_ = utc(a_), utc(b_)
        mal = sum(1 for x in stats["rejected_malware"] if a_ <= x < b_)
        alls = sum(1 for k in ("stored", "rejected_malware", "rejected_type", "rejected_size", "error") for x in stats[k] if a_ <= x < b_)
        return mal, round(100.0 * mal / max(1, alls), 1)

    say("2026-10-14 09:30:40", "Tom Pearson", f"CLM-733 is on main ({shas['app_head'][:7]}): HEIC from the share sheet + 20 MB photos + 20 s scan timeout. image building, Flux rolls it when it lands")
    say("2026-10-14 09:41:15", "Tom Pearson", "2026.10.14-1 running, first HEIC photos stored and converted fine")
    say("2026-10-14 10:12:20", "SIEM (Sentinel)", f"High severity: {ratio('2026-10-14 10:02:20', '2026-10-14 10:12:20')[0]} malware detections in uploads to claims-api in 10 min, signature {SIG}")
    say("2026-10-14 10:14:05", "Dan Okafor (SOC)", "claims folks, is someone throwing malware at FNOL? same signature every time, different customers and IPs")
    say("2026-10-14 10:16:30", "Grafana", f"[FIRING] ClaimsPhotoRejectionRate claims-api: {ratio('2026-10-14 10:06:30', '2026-10-14 10:16:30')[1]}% of photo uploads rejected (reason=malware)")
    say("2026-10-14 10:18:10", "Aisha Rahman", f"looking. rejections started {min(found).strftime('%H:%M')}, half an hour after CLM-733. all image/jpeg, not a single HEIC among them")
    say("2026-10-14 10:21:15", "Beth Hughes (Claims Ops)", "handlers have customers on the phone saying the app tells them their photo 'may be harmful'")
    say("2026-10-14 10:23:40", "Tom Pearson", "convert only runs after the scan and only for HEIC... but the 20 MB buffer means we stream the scan from memory now, not a temp file. could be sending something odd to clamd. let's roll back to yesterday's image to be safe")
    say("2026-10-14 10:27:35", "Aisha Rahman", f"image automation suspended, deploy/production pinned to yesterday's {shas['tue_tag']}. Flux reconciling")
    say("2026-10-14 10:35:50", "Aisha Rahman", f"rollback is out since 10:30 and it got worse, not better: {ratio('2026-10-14 10:30:00', '2026-10-14 10:35:50')[1]:.0f}% rejected now")
    ok = [r for r in stats["retry_ok"] if utc("2026-10-14 10:20:00") <= r[0] < utc("2026-10-14 10:38:00")][-1]
    say("2026-10-14 10:38:20", "Aisha Rahman", f"and the same photo was rejected and then stored on a retry {ok[2]:.0f} s later ({ok[1]}). all of them from Android, SM-* devices")
    say("2026-10-14 10:44:35", "Dan Okafor (SOC)", "pulled three from quarantine: ordinary photos of dented bumpers from Galaxy phones. sandbox clean, only ClamAV flags them")
    say("2026-10-14 10:47:10", "Grace Lin (SecEng)", "filescan: hx2kq loaded daily 28133 at 10:04, p7wzm at 10:31, tq48d is still on 28132 and finds nothing. that signature is new in 28133")
    say("2026-10-14 10:52:45", "Grace Lin (SecEng)", "clamav-users has two reports of the same FP on Samsung JPEGs. FP submitted to Talos")
    say("2026-10-14 10:58:30", "Grace Lin (SecEng)", "putting the signature in local.ign2 via the filescan configmap, emergency change approved by Dan. rolling filescan in ~20 min")
    say("2026-10-14 11:14:05", "Aisha Rahman", f"tq48d updated at 11:12, {ratio('2026-10-14 11:12:30', '2026-10-14 11:14:00')[1]:.0f}% of photos rejected in the last two minutes")
    say("2026-10-14 11:23:15", "Grace Lin (SecEng)", "filescan rolled, 3 new pods with the ign2")
    say("2026-10-14 11:27:40", "Aisha Rahman", "no malware rejections since 11:22. claims ops will ask the affected customers to upload again")
    say("2026-10-14 11:43:50", "Grace Lin (SecEng)", "Talos dropped the signature in daily 28134. we keep the ign2 until the pods have it")
    say("2026-10-14 12:18:10", "Dan Okafor (SOC)", "ClamAV blog confirms the FP. closing the security incident; releasing the quarantined photos to the claims")
    say("2026-10-14 12:25:30", "Tom Pearson", "I'll resume image automation and release CLM-733 again tomorrow morning then")
    return [app, worker, alb, filescan, flux, notices, chat], stats, found


def build(out_dir):
    rng = random.Random(39200)
    repo, shas = build_repo()
    try:
        logs, stats, found = build_logs(rng, shas)
        onset = min(found).replace(microsecond=0)
        assert utc("2026-10-14 10:04:25") <= onset <= utc("2026-10-14 10:08:00"), onset
        assert max(found) < utc("2026-10-14 11:22:10"), max(found)

        def per_min(series, minutes=1):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        metrics = {
            "claims_photo_uploads.json": query_range([({"result": k, "service": "claims-api"}, per_min(stats[k])) for k in ("stored", "rejected_malware", "rejected_type", "rejected_size", "error")], START, END, 60),
            "claims_photo_malware_rejections_by_platform.json": query_range([({"reason": "malware", "platform": p}, per_min(v, 5)) for p, v in stats["mal_by"].items()], START, END, 60),
        }
        n = len(stats["rejected_malware"])
        return write_scenario(
            out_dir, name="r39-photo-scan-false-positive-none", service=SERVICE, onset=onset,
            description=f"""
Larkspur Insurance's claims-api rejects customers' damage photos as
malware on Wednesday 14 October: from {onset.strftime('%H:%M:%S')} UTC uploads from Samsung
phones are answered 422 "this photo may be harmful" and quarantined, at
first about one photo in twelve, after 11:12 more than a quarter ({n}
photos in all); the SOC's SIEM reports a malware wave against claims, the contact
centre takes calls from customers who cannot finish their claims. A
release that accepts HEIC photos, raises the photo limit to 20 MB and the
scan timeout to 20 s had gone out at 09:38; rolling it back at 10:29 did not
help. The rejections stop at 11:22.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"instream.*FOUND",
                r"photo rejected by malware scan",
                r"daily\.cld updated",
            ],
            fix_files=[],
            explanation=f"""
Nothing in claims-api caused it. ClamAV's daily database 28133 (published
09:49 UTC) carried a signature, {SIG},
that matched the trailer Samsung's camera software appends to JPEGs. The
security team's filescan pods load it as their freshclam checks come round
(10:04, 10:31, 11:12), so the share of rejected photos grows in steps, a
photo rejected on one pod can pass on a retry that lands on another, and
only Samsung phones' photos (Android, SM-* devices) are hit. The
rejections stop when the security team rolls filescan with the signature
in local.ign2 (11:19-11:22); Talos drops it in daily 28134 at 11:41 and
blogs about it at 12:15. The cause shows in filescan's log (the
freshclam update, then clamd's FOUND lines for claims-api's scans) and in
claims-api's rejections, all with the one signature.
Decoys: claims-api's 09:38 release, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, of CLM-733
(HEIC accepted and converted after the scan, photo limit and in-memory
upload buffer 10/5 MB -> 20 MB, pillow-heif) and the scan timeout change
10 s -> 20 s, all in the upload path; SEC-141 the afternoon before, which
adds the verdict and the signature to the very "photo rejected by malware
scan" line; the rollback of CLM-733 at 10:29 (the image pinned to the
previous day's, image automation suspended), after which the rejections
grow (the second pod updates at 10:31); a genuine detection in another
service's upload at 08:52; the week's payout, fraud hash and boto3
commits; routine HEIC and size rejections, a scan timeout, fraud
referrals and FNOLs refused for lapsed policies.
""",
        )
    finally:
        repo.close()
