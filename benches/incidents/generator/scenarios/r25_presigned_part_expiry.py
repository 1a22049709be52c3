"""upload-api (Python, FastAPI, boto3) of Podwave, a podcast hosting
platform: creators upload episode audio from the studio web app straight to
S3 with multipart uploads. When a session starts, upload-api creates the
multipart upload and presigns a PUT URL for every part at once (the browser
uploader asks once); on completion it hands the object to the transcoder.

At 08:40 UTC on Tuesday 14 April a security-review commit (SEC-311) cuts
the presigned URLs' lifetime from 6 hours to 900 s. Argo CD ships it at
09:12 under a later test commit. Morning uploads are compressed MP3s that
finish in a few minutes, so nothing shows. In the afternoon an agency's
producers upload two-hour WAV masters (1-2 GB) over office uplinks: every
part started more than 15 minutes after the session began gets 403
AccessDenied "Request has expired" from S3, the browser reports it, and the
upload is abandoned.

Decoys: a commit the day before to the same file (ContentType per part), a
logging commit that logs the S3 error the browser reports, upload docs that
mention expired links, a boto3 bump, and a CORS config change deployed 27
minutes before the onset. Sources: app (Python logging), ingress-nginx
access, S3 server access log, transcoder (logfmt), Argo CD (logfmt)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, python_logging
from skeletons import chores, python_service

SERVICE = "upload-api"
START, END = utc("2026-04-14 12:00:00"), utc("2026-04-14 15:40:00")
DEPLOY1 = utc("2026-04-14 09:12:40")
DEPLOY2 = utc("2026-04-14 13:55:10")
WAV_FROM = utc("2026-04-14 14:05:00")
EXPIRES = 900
PART = 16 * 1024 * 1024

PRESIGN_PY = '''import boto3

from upload_api.settings import settings

s3 = boto3.client("s3", region_name=settings.region)

PART_SIZE = 16 * 1024 * 1024
PRESIGN_EXPIRES = 6 * 3600  # long uploads over slow links must not outlive their URLs


def start_upload(key, size, content_type):
    mpu = s3.create_multipart_upload(Bucket=settings.bucket, Key=key, ContentType=content_type)
    parts = (size + PART_SIZE - 1) // PART_SIZE
    urls = [
        s3.generate_presigned_url(
            "upload_part",
            Params={"Bucket": settings.bucket, "Key": key, "UploadId": mpu["UploadId"], "PartNumber": n},
            ExpiresIn=PRESIGN_EXPIRES,
        )
        for n in range(1, parts + 1)
    ]
    return mpu["UploadId"], urls


def complete_upload(key, upload_id, etags):
    parts = [{"PartNumber": n, "ETag": etag} for n, etag in sorted(etags.items())]
    return s3.complete_multipart_upload(Bucket=settings.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts})
'''

ROUTES_PY = '''import logging

from fastapi import APIRouter

from upload_api import presign, transcoder

log = logging.getLogger("upload_api.routes")
router = APIRouter(prefix="/v1/uploads")


@router.post("")
def create(req: dict):
    key = f"raw/{req['show_id']}/{req['file_name']}"
    upload_id, urls = presign.start_upload(key, req["size"], req["content_type"])
    log.info("upload %s created show=%s size=%d parts=%d", upload_id[:12], req["show_id"], req["size"], len(urls))
    return {"upload_id": upload_id, "urls": urls}


@router.post("/{upload_id}/events")
def client_event(upload_id: str, event: dict):
    log.warning("upload %s part %s failed in browser", upload_id[:12], event.get("part"))
    return {"ok": True}


@router.post("/{upload_id}/complete")
def complete(upload_id: str, req: dict):
    presign.complete_upload(req["key"], upload_id, req["etags"])
    transcoder.enqueue(req["key"])
    log.info("upload %s completed key=%s", upload_id[:12], req["key"])
    return {"ok": True}
'''

CONFIG = """region: eu-west-1
bucket: podwave-uploads-prod
cors_origins:
  - https://studio.podwave.fm
max_upload_bytes: 4294967296
transcode_queue: transcode-jobs
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines@podwave.fm", 60)
    kofi = Person("Kofi Boateng", "kofi@podwave.fm", 0)
    maya = Person("Maya Lindqvist", "maya@podwave.fm", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "upload_api", "Multipart uploads of episode audio to S3 for Podwave's studio.")
    files.update({
        "upload_api/presign.py": PRESIGN_PY,
        "upload_api/routes.py": ROUTES_PY,
        "upload_api/transcoder.py": 'import json\n\nimport boto3\n\nfrom upload_api.settings import settings\n\nsqs = boto3.client("sqs", region_name=settings.region)\n\n\ndef enqueue(key):\n    sqs.send_message(QueueUrl=settings.transcode_queue, MessageBody=json.dumps({"key": key}))\n',
        "upload_api/settings.py": 'import os\n\nimport yaml\n\n\nclass Settings:\n    def __init__(self, raw):\n        self.__dict__.update(raw)\n\n    @classmethod\n    def load(cls):\n        with open(os.environ.get("CONFIG_PATH", "config/production.yaml")) as handle:\n            return cls(yaml.safe_load(handle))\n\n\nsettings = Settings.load()\n',
        "config/production.yaml": CONFIG,
        "pyproject.toml": python_service(SERVICE, "upload_api", "")["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "boto3==1.34.80"]'),
    })
    repo.commit(utc("2026-04-10 09:30:00"), ines, "upload-api: multipart uploads with presigned part URLs", files)
    repo.schedule(chores(random.Random(25101), SERVICE, [ines, kofi, maya], utc("2026-04-10 09:30:00"), utc("2026-04-12 17:00:00"), 4))
    repo.commit(utc("2026-04-13 10:20:00"), kofi, "presign: ContentType on the multipart upload from the file extension", {
        "upload_api/presign.py": repo.edit("upload_api/presign.py", "import boto3\n", "import mimetypes\n\nimport boto3\n").replace(
            "ContentType=content_type)", "ContentType=content_type or mimetypes.guess_type(key)[0] or \"application/octet-stream\")"),
    })
    repo.commit(utc("2026-04-13 15:40:00"), maya, "log the S3 error the browser uploader reports for a failed part\n\nSupport asks what went wrong with a creator's upload; the browser\nalready sends us S3's status, code and message.", {
        "upload_api/routes.py": repo.edit("upload_api/routes.py", '    log.warning("upload %s part %s failed in browser", upload_id[:12], event.get("part"))\n',
                                          '    log.warning(\n        "upload %s part %s failed in browser: status=%s code=%s message=%s",\n        upload_id[:12], event.get("part"), event.get("status"), event.get("code"), event.get("message"),\n    )\n'),
    })
    repo.commit(utc("2026-04-13 17:05:00"), kofi, "docs: large uploads and what creators see when a link has expired", {
        "docs/uploads.md": "# Large uploads\n\nThe studio uploads 16 MiB parts straight to S3 with presigned URLs.\nIf a creator leaves a tab open for hours, the URLs expire and the\nstudio shows \"Upload link expired, please start again\".\n\nWAV masters of two hours are 1-2 GB; on a 10 Mbit/s uplink that is\nabout half an hour.\n",
    })
    culprit = repo.commit(utc("2026-04-14 08:40:00"), ines, "presign: URLs valid 15 minutes (SEC-311)\n\nThe pen test flagged presigned URLs valid for 6 hours as long-lived\ncredentials in browser history. 15 minutes is AWS's console default.", {
        "upload_api/presign.py": repo.edit("upload_api/presign.py", "PRESIGN_EXPIRES = 6 * 3600  # long uploads over slow links must not outlive their URLs\n", "PRESIGN_EXPIRES = 900  # SEC-311: short-lived URLs\n"),
    })
    repo.commit(utc("2026-04-14 09:05:00"), ines, "test: presigned part URLs carry X-Amz-Expires", {
        "tests/test_presign.py": "from upload_api import presign\n\n\ndef test_expiry_is_short():\n    assert presign.PRESIGN_EXPIRES <= 900\n",
    })
    repo.commit(utc("2026-04-14 11:10:00"), bot, "fix(deps): update boto3 to 1.34.84", {
        "pyproject.toml": repo.edit("pyproject.toml", "boto3==1.34.80", "boto3==1.34.84"),
    })
    head = repo.commit(utc("2026-04-14 13:40:00"), maya, "config: allow the studio beta origin in CORS", {
        "config/production.yaml": repo.edit("config/production.yaml", "  - https://studio.podwave.fm\n", "  - https://studio.podwave.fm\n  - https://beta.studio.podwave.fm\n"),
    })
    return repo, culprit, repo.shas[-3], head


def s3_line(t, rng, ip, op, key, uri, status, err, sent, size, total, ua):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f"7f3c1b2e9d0a4c5b8e6f1a2d3c4b5a69788f7e6d5c4b3a2918f7e6d5c4b3a291 podwave-uploads-prod [{stamp}] {ip} "
            f"arn:aws:sts::381492667105:assumed-role/upload-api/botocore-session-1776150000 {hexid(rng, 16).upper()} {op} {key} "
            f"\"{uri}\" {status} {err} {sent} {size} {total} {max(1, total // 3)} \"https://studio.podwave.fm/\" \"{ua}\" - "
            f"{hexid(rng, 40)}= SigV4 TLS_AES_128_GCM_SHA256 QueryString podwave-uploads-prod.s3.eu-west-1.amazonaws.com TLSv1.3 - -")


def build_logs(rng, head, deploy1_sha):
    app, ing, s3, tc, argo = Log("upload-api.log"), Log("ingress-nginx.log"), Log("s3-access.log"), Log("transcoder.log"), Log("argocd.log")
    bad = []
    uas = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36"]
    pod = lambda: rng.choice(["upload-api-7c9d5b8f4-2xkqp", "upload-api-7c9d5b8f4-m8rtn"])

    def req(t, method, path, status, size, rt):
        ing.add(t, nginx_access(t, f"{rng.randint(80, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", method, path, status, size, rt, rng.choice(uas), "https://studio.podwave.fm/", rt - 0.001))

    starts = [(t, "mp3") for t in poisson_times(rng, START, END, 1.1)]
    starts += [(t, "wav") for t in poisson_times(rng, WAV_FROM, END - dt.timedelta(minutes=40), 0.22)]
    for t0, kind in sorted(starts):
        show = f"sh_{hexid(rng, 8)}"
        if kind == "mp3":
            size = int(rng.lognormvariate(0, 0.5) * 60e6)
            rate = rng.uniform(1.5e6, 8e6)
            name = f"ep{rng.randint(1, 240):03d}-final.mp3"
        else:
            size = int(rng.uniform(0.9e9, 2.1e9))
            rate = rng.uniform(0.7e6, 1.6e6)
            name = f"{rng.choice(['ep', 'master-', 'S02E'])}{rng.randint(1, 40):02d}-mix.wav"
        parts = (size + PART - 1) // PART
        uid = hexid(rng, 12)
        key = f"raw/{show}/{name}"
        d = ms(rng, 140, 0.3)
        p = pod()
        app.add(t0, python_logging(t0, "INFO", "upload_api.routes", f"upload {uid} created show={show} size={size} parts={parts}"))
        req(t0 + dt.timedelta(milliseconds=d), "POST", "/v1/uploads", 200, 1800 + parts * 610, d / 1000)
        ip_ = f"{rng.randint(80, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ua = rng.choice(uas)
        t = t0 + dt.timedelta(seconds=1)
        failed = False
        for n in range(1, parts + 1):
            psize = PART if n < parts else size - PART * (parts - 1)
            dur = psize / rate * rng.uniform(0.85, 1.2)
            uri = f"PUT /{key}?partNumber={n}&uploadId={uid}{hexid(rng, 20)} HTTP/1.1"
            if t >= END:
                break
            if (t - t0).total_seconds() > EXPIRES:
                e = t + dt.timedelta(milliseconds=ms(rng, 40))
                s3.add(e, s3_line(e, rng, ip_, "REST.PUT.PART", key, uri, 403, "AccessDenied", 243, "-", 9, ua))
                app.add(e + dt.timedelta(milliseconds=300), python_logging(e + dt.timedelta(milliseconds=300), "WARNING", "upload_api.routes",
                        f"upload {uid} part {n} failed in browser: status=403 code=AccessDenied message=Request has expired"))
                req(e + dt.timedelta(milliseconds=320), "POST", f"/v1/uploads/{uid}/events", 200, 11, 0.004)
                bad.append(e)
                failed = True
                break
            e = t + dt.timedelta(seconds=dur)
            s3.add(e, s3_line(e, rng, ip_, "REST.PUT.PART", key, uri, 200, "-", "-", psize, int(dur * 1000), ua))
            t = e + dt.timedelta(milliseconds=rng.randint(20, 200))
        if failed or t >= END:
            continue
        d = ms(rng, 260, 0.3)
        e = t + dt.timedelta(milliseconds=d)
        s3.add(e, s3_line(e, rng, "34.250.12.7", "REST.POST.UPLOAD", key, f"POST /{key}?uploadId={uid} HTTP/1.1", 200, "-", 362, "-", d, "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux lang/python#3.11.9"))
        app.add(e, python_logging(e, "INFO", "upload_api.routes", f"upload {uid} completed key={key}"))
        req(e, "POST", f"/v1/uploads/{uid}/complete", 200, 11, d / 1000)
        job = hexid(rng, 10)
        j0 = e + dt.timedelta(seconds=rng.uniform(1, 6))
        secs = size / 2.5e6 * rng.uniform(0.8, 1.2)
        tc.add(j0, logfmt(j0, "info", "job started", job=job, key=key, profiles="mp3-128,aac-64,loudnorm-16lufs"))
        j1 = j0 + dt.timedelta(seconds=secs)
        if j1 < END:
            tc.add(j1, logfmt(j1, "info", "job finished", job=job, key=key, duration_s=round(secs, 1), outputs=3))

    for t in poisson_times(rng, START, END, 0.4):
        d = ms(rng, 12, 0.3)
        req(t, "GET", f"/v1/uploads?show_id=sh_{hexid(rng, 8)}", 200, rng.randint(300, 4000), d / 1000)
    for t in poisson_times(rng, START, END, 0.25):
        tc.add(t, logfmt(t, "info", "queue poll", queue="transcode-jobs", visible=rng.randint(0, 3), in_flight=rng.randint(0, 6)))

    for when, sha, pods in ((DEPLOY1, deploy1_sha, "upload-api-5f8b6c7d9"), (DEPLOY2, head, "upload-api-7c9d5b8f4")):
        for off, level, msg, extra in [(0, "info", "Initiated automated sync to '" + sha + "'", {}),
                                       (1.2, "info", "Updated health status: Healthy -> Progressing", {}),
                                       (38.5, "info", "Updated health status: Progressing -> Healthy", {}),
                                       (38.6, "info", "Sync operation to " + sha + " succeeded", {"phase": "Succeeded"})]:
            w = when + dt.timedelta(seconds=off)
            argo.add(w, logfmt(w, level, msg, application="upload-api", dest_namespace="uploads", revision=sha, **extra))
        w = when + dt.timedelta(seconds=30)
        app.add(w, python_logging(w, "INFO", "upload_api.main", f"starting upload-api version={sha[:7]}"))
    return [app, ing, s3, tc, argo], bad


def build(out_dir):
    rng = random.Random(25100)
    repo, culprit, deploy1_sha, head = build_repo()
    try:
        logs, bad = build_logs(rng, head, deploy1_sha)
        onset = min(bad).replace(microsecond=0)
        fails = sorted(bad)

        def rate(t):
            return round(sum(1 for x in fails if t - dt.timedelta(minutes=5) < x <= t) / 300, 4)
        metrics = {"s3_upload_part_errors_rate.json": query_range([({"bucket": "podwave-uploads-prod", "status": "403"}, rate)], START, END, 60)}
        return write_scenario(
            out_dir, name="r25-presigned-part-expiry", service=SERVICE, onset=onset,
            description=f"""
Creators report that long episode uploads in the studio stop part-way
with "Upload failed, please try again" on the afternoon of Tuesday
14 April; short MP3 uploads work. First failure {onset.strftime('%H:%M')} UTC. upload-api
was synced by Argo CD at 09:12 and 13:55.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"failed in browser.*Request has expired"],
            fix_files=["upload_api/presign.py"],
            explanation=f"""
The culprit is "presign: URLs valid 15 minutes (SEC-311)" (08:40, about
{int((onset - utc('2026-04-14 08:40:00')).total_seconds() // 3600)} hours before the onset), shipped by the 09:12 Argo CD sync whose
revision is the later test commit. upload-api presigns every part's URL
when the session starts, so any part started more than 900 s later is
refused by S3 with 403 AccessDenied "Request has expired". Morning MP3
uploads finish in minutes; the afternoon's two-hour WAV masters take 20-45
minutes, and each fails at its first part past 15 minutes. Fix: restore a
lifetime longer than the longest upload (or presign parts on demand) in
upload_api/presign.py.
Decoys: the 13:55 sync 27 minutes before the onset (CORS origin for the
studio beta in config/production.yaml); the commit the day before to
presign.py (ContentType from the file extension); the logging commit that
makes the failure line name S3's code and message; the docs on expired
links; the boto3 bump; the test commit the 09:12 sync names.
""",
        )
    finally:
        repo.close()
