"""clipflow (Python 3.12, asyncio workers; three pods on EKS in eu-west-2,
synced by Argo CD from `main`; team in London, Cardiff and Lisbon) of the
Harbour Post, a regional news group. Field crews shoot on cameras with
bonded cellular units (Strata FCU: four SIMs on three networks) that send
their clips to the newsroom's Strata receivers; clipflow picks each clip
up, has the Go transcode workers render the player and social renditions,
and once a producer has trimmed and approved it in the CMS, sends its
audio to Voxscribe (a speech-to-text vendor), builds a WebVTT track from
the word timings and hands the clip to the publisher, which puts it on
the site's player and on YouTube, Facebook and TikTok. House policy: no
video is published without captions.

Tuesday 14 April 2026, 15:42 UTC: VID-731 "captions: send only the
trimmed range to Voxscribe" (Voxscribe bills by the minute and field
rushes carry minutes of camera roll before and after the piece). The
audio extract now starts at the trim-in point, so Voxscribe's word
timings are already relative to it, but `captions/vtt.py` still
subtracts `trim_in` from every word, as it had to when the whole clip
was sent. The tests used clips with trim_in 0. Every trimmed clip's cues
move earlier by its trim-in: when the trim-in is longer than the time to
the first word, the first cues are negative and the track fails the
validator ("WebVTT validation failed: negative cue timestamp"), so the
clip is held; when it is shorter, the captions run early by it.

Wednesday 15 April, 05:52: release 4.8.0 is synced by Argo CD (the
release commit; it also holds VID-731, VID-735, 42-character caption
lines in vtt.py; VID-733, which logs the validator's findings per cue,
the very error line that now fills the log; Renovate's ffmpeg 7.0.2 base
image). From 05:57, five minutes later, the morning's trimmed field clips
fail their captions; edit suite packages (not trimmed) go out. The
on-call follows the runbook (caption failures are Voxscribe; check its
status page and retry): the status page is green, retries fail the same
way. The desk suspects the ffmpeg bump. The on-call rolls back to 4.7.0
at 06:58: retried clips publish. Dev reads the error lines, sees that
each clip's negative offset is its trim-in and that the extract line
now names the trimmed range, and ships 4.8.1 (synced 08:41), which
builds cues from the extract's own offset.

Sources: clipflow (structlog console renderer, line format), transcode
workers (zap JSON), Strata receivers (syslog RFC 3164), publisher (pino
JSON), Envoy egress access, Argo CD (logrus text), #video-desk (Slack
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import envoy_access, pino, syslog3164
from skeletons import chores

SERVICE = "clipflow"
START, END = utc("2026-04-15 04:30:00"), utc("2026-04-15 09:10:00")
PREV_DEPLOY = utc("2026-04-13 10:14:30")
RELEASE = utc("2026-04-15 05:52:10")
ROLLBACK = utc("2026-04-15 06:58:20")
FIX_DEPLOY = utc("2026-04-15 08:41:40")

DESKS = ["news", "sport", "politics", "business", "local-north", "local-south"]
REPORTERS = {
    "FCU-03": "Dan Whitcombe", "FCU-05": "Priya Nair", "FCU-07": "Gwen Howells", "FCU-09": "Tom Ashdown",
    "FCU-11": "Aled Pryce", "FCU-12": "Sarah Okafor", "FCU-14": "Liam Curran", "FCU-16": "Hannah Ruddock",
}
RENDITIONS = [("1080p", "h264", 6000), ("720p", "h264", 3500), ("480p", "h264", 1400), ("vertical-1080x1920", "h264", 5000), ("audio-aac", "aac", 128)]

PYPROJECT = """[project]
name = "clipflow"
version = "4.6.0"
requires-python = ">=3.12"
dependencies = [
  "arq==0.26.1",
  "httpx==0.27.2",
  "structlog==24.4.0",
  "boto3==1.34.162",
  "pydantic==2.8.2",
  "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.2", "pytest-asyncio==0.23.8", "webvtt-py==0.5.1"]
"""

AUDIO_V1 = '''"""The audio Voxscribe transcribes: mono 16 kHz FLAC extracted from the
mezzanine with ffmpeg."""

import asyncio

import structlog

log = structlog.get_logger("clipflow.captions.audio")


async def extract(clip, out_path):
    """Extracts the whole clip's audio. Returns the path."""
    log.info("extracting caption audio", clip_id=clip.id, duration=round(clip.duration, 3))
    cmd = ["ffmpeg", "-y", "-i", clip.mezzanine_path, "-vn", "-ac", "1", "-ar", "16000", "-c:a", "flac", out_path]
    proc = await asyncio.create_subprocess_exec(*cmd, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"ffmpeg exited {proc.returncode}: {err.decode()[-400:]}")
    return out_path
'''

VTT_V1 = '''"""WebVTT from Voxscribe's word timings. Voxscribe times words from the
start of the audio it was sent (the whole clip); the published clip
starts at the producer's trim-in, so cues are moved by it."""

import structlog

log = structlog.get_logger("clipflow.captions.vtt")

MAX_CHARS = 37
MAX_CUE_SECONDS = 6.0


def ts(seconds):
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def cues(words, trim_in, trim_out):
    out, cur = [], []
    for w in words:
        start, end = w["start"] - trim_in, w["end"] - trim_in
        if trim_out and w["start"] > trim_out:
            break
        if cur and (len(" ".join(x[2] for x in cur)) + len(w["text"]) > MAX_CHARS or end - cur[0][0] > MAX_CUE_SECONDS):
            out.append((cur[0][0], cur[-1][1], " ".join(x[2] for x in cur)))
            cur = []
        cur.append((start, end, w["text"]))
    if cur:
        out.append((cur[0][0], cur[-1][1], " ".join(x[2] for x in cur)))
    return out


def build(clip, words):
    track = ["WEBVTT", ""]
    for i, (a, b, text) in enumerate(cues(words, clip.trim_in, clip.trim_out), 1):
        track += [str(i), f"{ts(a)} --> {ts(b)}", text, ""]
    return "\\n".join(track)


def validate(clip, track_cues):
    """True when every cue is inside the clip and in order."""
    prev = 0.0
    for a, b, _ in track_cues:
        if a < 0 or b < a or a < prev:
            log.error("caption validation failed", clip_id=clip.id)
            return False
        prev = a
    return True
'''

RUNBOOK = """# clipflow runbook

Owner: #team-video. Dashboards: Grafana › Video › clipflow.

## CaptionsFailing

Clips stuck at "captions pending" or failed captions. This is nearly
always Voxscribe: check status.voxscribe.io and the egress dashboard for
5xx or timeouts from api.voxscribe.io. Retry from the CMS (Captions ›
Retry) or `clipflow captions retry CLIP_ID`. If Voxscribe is down for
more than 15 minutes, ask the desk editor whether to publish with the
manual captioner.

## TranscodeBacklog

More than 20 clips waiting for a transcode worker. Scale the
transcode-worker deployment (GPU node group) and check the Karpenter logs.

## ReceiverOffline

A Strata receiver stops reporting. Field units fail over to the other
receiver on their own; tell the desk if live shots are booked.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    owen = Person("Owen Treharne", "owen.treharne@harbourpost.co.uk", 60)
    beatriz = Person("Beatriz Lopes", "beatriz.lopes@harbourpost.co.uk", 60)
    nia = Person("Nia Rowlands", "nia.rowlands@harbourpost.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "clipflow/__init__.py": "",
        "clipflow/main.py": 'import os\n\nimport structlog\n\nfrom clipflow import worker\n\nlog = structlog.get_logger("clipflow.main")\n\nif __name__ == "__main__":\n    log.info("starting clipflow", version=os.environ.get("VERSION", "dev"), commit=os.environ.get("COMMIT", "none"))\n    worker.run()\n',
        "clipflow/worker.py": '"""arq worker: ingest, transcode dispatch, captions and publish hand-off jobs."""\n',
        "clipflow/ingest.py": '"""Clips land in s3://hp-video-ingest/strata/ from the Strata receivers;\nan S3 event puts them on the ingest queue."""\n',
        "clipflow/transcode.py": '"""Renditions for the player and social, rendered by transcode-worker\n(Go, ffmpeg with NVENC) from jobs on the transcode queue."""\n',
        "clipflow/captions/__init__.py": "",
        "clipflow/captions/audio.py": AUDIO_V1,
        "clipflow/captions/vtt.py": VTT_V1,
        "clipflow/captions/stt.py": '"""Voxscribe batch API v2: POST /v2/jobs with the audio, poll, then fetch\nthe transcript (words with start/end in seconds from the start of the\naudio sent)."""\n\nVOXSCRIBE_URL = "https://api.voxscribe.io/v2"\nLANGUAGE = "en-GB"\n',
        "clipflow/publish.py": '"""Hands an approved clip with its captions to the publisher (player,\nYouTube, Facebook, TikTok). No captions, no publish (house policy)."""\n',
        "config/clipflow.yaml": "captions:\n  vendor: voxscribe\n  language: en-GB\n  max_chars: 37\ntranscode:\n  queue: transcode\n  renditions: [1080p, 720p, 480p, vertical-1080x1920, audio-aac]\npublish:\n  require_captions: true\n",
        "tests/test_vtt.py": 'from clipflow.captions.vtt import cues\n\n\ndef test_cues_split_at_max_chars():\n    words = [{"start": i * 0.4, "end": i * 0.4 + 0.3, "text": "word"} for i in range(20)]\n    out = cues(words, 0.0, None)\n    assert all(len(text) <= 37 for _, _, text in out)\n    assert out[0][0] == 0.0\n',
        "Dockerfile": "FROM jrottenberg/ffmpeg:6.1.1-ubuntu2204 AS ffmpeg\nFROM python:3.12-slim\nCOPY --from=ffmpeg /usr/local /usr/local\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"python\", \"-m\", \"clipflow.main\"]\n",
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: clipflow\n  namespace: video\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: clipflow\n          image: 461127309845.dkr.ecr.eu-west-2.amazonaws.com/clipflow\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": "# clipflow\n\nField clips from the Strata receivers to the player and social: ingest,\ntranscode dispatch, Voxscribe captions, publish hand-off.\n\n## Running locally\n\n```\ndocker compose up -d redis minio\npython -m clipflow.main\n```\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 4.6.0\n\n- vertical 9:16 rendition for TikTok\n",
    }
    repo.commit(utc("2026-04-08 09:20:00"), owen, "clipflow: ingest, transcode dispatch, captions, publish hand-off", files)
    crng = random.Random(65103)
    repo.schedule(chores(crng, SERVICE, [owen, nia], utc("2026-04-08 11:00:00"), utc("2026-04-09 16:00:00"), 2)
                  + chores(crng, SERVICE, [beatriz], utc("2026-04-14 08:00:00"), utc("2026-04-14 12:00:00"), 1))
    repo.commit(utc("2026-04-09 13:05:00"), nia, "audio: -nostdin and -loglevel error for the caption extract", {
        "clipflow/captions/audio.py": sub(repo.files["clipflow/captions/audio.py"], '["ffmpeg", "-y", ', '["ffmpeg", "-nostdin", "-loglevel", "error", "-y", '),
    })
    repo.commit(utc("2026-04-10 10:40:00"), beatriz, "publish: retry TikTok uploads on 5xx with backoff (VID-722)", {
        "clipflow/publish.py": repo.files["clipflow/publish.py"] + "\nTIKTOK_RETRIES = 3  # VID-722\n",
    })
    prev = repo.commit(utc("2026-04-13 09:50:00"), owen, "release 4.7.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.6.0"', 'version = "4.7.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.7.0\n\n- VID-722 TikTok upload retries\n"),
    })
    repo.commit(utc("2026-04-13 14:25:00"), nia, "runbook: caption failures are Voxscribe, retry first", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Retry from the CMS", "In March every caption incident (3 of 3) was a Voxscribe\nregional outage. Retry from the CMS"),
    })
    repo.commit(utc("2026-04-14 07:12:00"), bot, "chore(deps): update jrottenberg/ffmpeg docker tag to v7.0.2", {
        "Dockerfile": sub(repo.files["Dockerfile"], "ffmpeg:6.1.1-ubuntu2204", "ffmpeg:7.0.2-ubuntu2204"),
    })
    culprit = repo.commit(utc("2026-04-14 15:42:00"), beatriz, "captions: send only the trimmed range to Voxscribe (VID-731)\n\n"
                          "Voxscribe bills per audio minute and field rushes carry minutes of\n"
                          "camera roll before and after the piece; the March invoice was 41 %\n"
                          "untrimmed audio. Extract from trim_in to trim_out only.", {
        "clipflow/captions/audio.py": sub(repo.files["clipflow/captions/audio.py"],
                                          '    """Extracts the whole clip\'s audio. Returns the path."""\n    log.info("extracting caption audio", clip_id=clip.id, duration=round(clip.duration, 3))\n',
                                          '    """Extracts the audio of the trimmed range (VID-731: Voxscribe bills per\n    minute, untrimmed camera roll is not published). Returns the path."""\n    start, end = clip.trim_in or 0.0, clip.trim_out or clip.duration\n    log.info("extracting caption audio from trimmed range", clip_id=clip.id, start=round(start, 3), end=round(end, 3))\n',
                                          '"-y", "-i", clip.mezzanine_path,', '"-y", "-ss", f"{start:.3f}", "-to", f"{end:.3f}", "-i", clip.mezzanine_path,'),
        "tests/test_audio.py": 'from clipflow.captions.audio import extract\n\n\nasync def test_extract_untrimmed_clip(clip_factory, tmp_path):\n    clip = clip_factory(duration=42.0, trim_in=0.0, trim_out=None)\n    out = await extract(clip, str(tmp_path / "a.flac"))\n    assert probe_duration(out) == 42.0\n',
    })
    repo.commit(utc("2026-04-14 16:31:00"), owen, "vtt: 42 characters per caption line (VID-735)\n\nOfcom's and the BBC's subtitle guidelines; 37 split short words.", {
        "clipflow/captions/vtt.py": sub(repo.files["clipflow/captions/vtt.py"], "MAX_CHARS = 37\n", "MAX_CHARS = 42\n"),
        "config/clipflow.yaml": sub(repo.files["config/clipflow.yaml"], "  max_chars: 37\n", "  max_chars: 42\n"),
        "tests/test_vtt.py": repo.files["tests/test_vtt.py"].replace("<= 37", "<= 42"),
    })
    repo.commit(utc("2026-04-14 17:05:00"), nia, "vtt: log what the validator found, per cue (VID-733)\n\n"
                "\"caption validation failed\" told the desk nothing.", {
        "clipflow/captions/vtt.py": sub(repo.files["clipflow/captions/vtt.py"],
                                        '        if a < 0 or b < a or a < prev:\n            log.error("caption validation failed", clip_id=clip.id)\n            return False\n',
                                        '        if a < 0:\n            log.error("WebVTT validation failed: negative cue timestamp", clip_id=clip.id, cue=i, start=round(a, 3), end=round(b, 3), trim_in=clip.trim_in)\n            return False\n        if b < a or a < prev:\n            log.error("WebVTT validation failed: cue out of order", clip_id=clip.id, cue=i, start=round(a, 3), prev=round(prev, 3))\n            return False\n',
                                        "    for a, b, _ in track_cues:\n", "    for i, (a, b, _) in enumerate(track_cues, 1):\n"),
    })
    rel = repo.commit(utc("2026-04-15 05:38:00"), owen, "release 4.8.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.7.0"', 'version = "4.8.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.8.0\n\n- VID-731 only the trimmed range goes to Voxscribe\n- VID-733 validator findings logged per cue\n- VID-735 42-character caption lines\n- ffmpeg 7.0.2 base image\n"),
    })
    fix = repo.commit(utc("2026-04-15 08:24:00"), beatriz, "captions: cue times from the extract's own offset (VID-741)\n\n"
                      "Since VID-731 Voxscribe's timings start at trim_in already; vtt.py\n"
                      "still subtracted it, so every trimmed clip's cues moved earlier by\n"
                      "its trim-in (negative first cues, or captions early). extract()\n"
                      "returns the offset it cut at and build() subtracts that.", {
        "clipflow/captions/audio.py": sub(repo.files["clipflow/captions/audio.py"], "    return out_path\n", "    return out_path, start\n"),
        "clipflow/captions/vtt.py": sub(repo.files["clipflow/captions/vtt.py"],
                                        "def build(clip, words):\n", "def build(clip, words, audio_offset):\n",
                                        "cues(words, clip.trim_in, clip.trim_out)", "cues(words, clip.trim_in - audio_offset, clip.trim_out - audio_offset if clip.trim_out else None)"),
        "tests/test_vtt.py": repo.files["tests/test_vtt.py"] + '\n\ndef test_trimmed_extract_not_shifted_twice():\n    words = [{"start": 0.6, "end": 0.9, "text": "Good"}]\n    assert cues(words, 12.48 - 12.48, None)[0][0] == 0.6\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.8.0"', 'version = "4.8.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.8.1\n\n- VID-741 caption cues of trimmed clips no longer shifted by the trim-in\n"),
    })
    return repo, {"prev": prev, "culprit": culprit, "release": rel, "fix": fix}


# ---------------------------------------------------------------------------
# the morning


def iso6(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def iso3(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


PLACES = ["Pontypridd", "Merthyr", "Cardiff Bay", "Newport", "Swansea", "Bridgend", "Caerphilly", "Barry", "Llanelli", "Neath",
          "Aberdare", "Penarth", "Cwmbran", "Port Talbot", "Rhondda", "Ebbw Vale"]
TOPICS = ["flood-warning", "council-vote", "school-closure", "rugby-presser", "court", "roadworks", "hospital-strike", "fire",
          "steelworks", "bus-cuts", "weather", "derby-preview", "by-election", "housing"]


def build_logs(rng, shas):
    cf, tw, rx, pub, env, argo, slack = (Log("clipflow.log"), Log("transcode-worker.log"), Log("strata-receivers.log"),
                                         Log("publisher.log"), Log("envoy-egress.log"), Log("argocd.log"), Log("slack-video-desk.log"))
    stats = {"failed": [], "early": [], "ok": 0, "first_fail": None, "held": set()}

    epochs = [
        (PREV_DEPLOY, "4.7.0", shas["prev"], ["clipflow-7d9c6b5f8-2kqzt", "clipflow-7d9c6b5f8-9wlmx", "clipflow-7d9c6b5f8-t4hrn"]),
        (RELEASE + dt.timedelta(seconds=18), "4.8.0", shas["release"], ["clipflow-5b7f8d6c9-8xrvq", "clipflow-5b7f8d6c9-h2mzk", "clipflow-5b7f8d6c9-w6cpl"]),
        (ROLLBACK + dt.timedelta(seconds=18), "4.7.0", shas["prev"], ["clipflow-7d9c6b5f8-bq5ns", "clipflow-7d9c6b5f8-lj8vd", "clipflow-7d9c6b5f8-x3gtf"]),
        (FIX_DEPLOY + dt.timedelta(seconds=18), "4.8.1", shas["fix"], ["clipflow-6c8d9e7f5-4nmwp", "clipflow-6c8d9e7f5-k7rzb", "clipflow-6c8d9e7f5-v9dhs"]),
    ]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def clog(t, level, logger, event, **kv):
        if not (START <= t < END):
            return
        pod = kv.pop("pod", None) or rng.choice(epoch_at(t)[3])
        parts = " ".join(f"{k}={v}" for k, v in kv.items())
        cf.add(t, f"{iso6(t)} [{level:<9}] {event} [{logger}] pod={pod} {parts}".rstrip())

    def twlog(t, level, msg, **kv):
        if START <= t < END:
            body = {"level": level, "ts": iso3(t), "logger": "worker", "caller": kv.pop("caller", "worker/job.go:141"), "msg": msg}
            body.update(kv)
            tw.add(t, json.dumps(body, separators=(",", ":")))

    def rxlog(t, host, msg, proc="stratad", pid=None):
        if START <= t < END:
            rx.add(t, syslog3164(t, host, proc, pid or (1187 if host == "strata-rx01" else 1203), msg))

    pub_hosts = ["publisher-6f9b7c8d5-mx2lq", "publisher-6f9b7c8d5-zr8kn"]

    def plog(t, level, msg, **kv):
        if START <= t < END:
            pub.add(t, pino(t, level, msg, hostname=rng.choice(pub_hosts), pid=1, **kv))

    def elog(t, method, path, status, host, dur, authority, flags="-"):
        if START <= t < END:
            env.add(t, envoy_access(t, method, path, status, flags, host, dur, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", authority))

    # --- start-up lines of each rollout
    for t0, ver, sha, pods in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=k * 21 + rng.uniform(0, 3))
            clog(t, "info", "clipflow.main", "starting clipflow", pod=pod, version=ver, commit=sha[:7])
            clog(t + dt.timedelta(seconds=1.2), "info", "arq.worker", "Starting worker for 4 functions: ingest, transcode_done, captions, publish", pod=pod)
            clog(t + dt.timedelta(seconds=1.5), "info", "arq.worker", "redis_version=7.2.4 mem_usage=3.21M clients_connected=14 db_keys=212", pod=pod)

    # --- transcode workers heartbeat and receivers' health
    workers = ["transcode-worker-g5-0", "transcode-worker-g5-1", "transcode-worker-g5-2", "transcode-worker-g5-3"]
    for w in workers:
        t = START + dt.timedelta(seconds=rng.uniform(0, 60))
        while t < END:
            twlog(t, "debug", "heartbeat", worker=w, gpu="NVIDIA A10G", gpu_util=rng.randint(0, 9), nvenc_sessions=0, queue="transcode", caller="worker/heartbeat.go:33")
            t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 400))
    for host in ("strata-rx01", "strata-rx02"):
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            rxlog(t, host, f"health: cpu={rng.randint(8, 31)}% temp={rng.randint(44, 58)}C outputs SDI-1=locked SDI-2=locked SRT-1=listening disk_free={rng.randint(610, 640)}GB", proc="strata-health", pid=944)
            t += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 999))

    # --- live shots over bonded cellular (routine)
    lives = [(utc("2026-04-15 05:55:00"), utc("2026-04-15 06:09:30"), "FCU-11", "strata-rx01"),
             (utc("2026-04-15 06:25:00"), utc("2026-04-15 06:37:10"), "FCU-05", "strata-rx02"),
             (utc("2026-04-15 06:52:00"), utc("2026-04-15 07:08:40"), "FCU-14", "strata-rx01"),
             (utc("2026-04-15 07:25:00"), utc("2026-04-15 07:36:00"), "FCU-11", "strata-rx01"),
             (utc("2026-04-15 07:55:00"), utc("2026-04-15 08:09:20"), "FCU-03", "strata-rx02"),
             (utc("2026-04-15 08:27:00"), utc("2026-04-15 08:38:30"), "FCU-16", "strata-rx02")]
    for a, b, unit, host in lives:
        rxlog(a, host, f"{unit} live session started profile=HD-1080i50 delay_ms=1200 output=SDI-{1 if host == 'strata-rx01' else 2} links=4")
        t = a + dt.timedelta(seconds=30)
        while t < b:
            links = {"ee0": (rng.randint(1600, 3400), rng.randint(45, 90)), "vf1": (rng.randint(900, 2600), rng.randint(55, 120)),
                     "tm2": (rng.randint(700, 2200), rng.randint(50, 110)), "ee3": (rng.randint(1200, 3000), rng.randint(45, 95))}
            total = sum(v[0] for v in links.values())
            detail = " ".join(f"{k}={v[0]}kbps/{v[1]}ms/{rng.uniform(0, 1.2):.1f}%" for k, v in links.items())
            rxlog(t, host, f"{unit} bond: total_kbps={total} video_kbps={min(total - 600, 7800)} {detail}")
            if rng.random() < 0.05:
                rxlog(t + dt.timedelta(seconds=4), host, f"{unit} link vf1 dropped (rssi -{rng.randint(101, 112)}dBm), rebalancing over 3 links")
            t += dt.timedelta(seconds=30, milliseconds=rng.randint(0, 300))
        rxlog(b, host, f"{unit} live session ended duration={int((b - a).total_seconds())}s frames_dropped={rng.randint(0, 40)}")

    # --- Voxscribe's routine blips (retried) and publisher noise
    for t in sorted(rng.sample(range(int((END - START).total_seconds())), 7)):
        tt = START + dt.timedelta(seconds=t)
        elog(tt, "POST", "/v2/jobs", 503, "34.117.59.81:443", rng.randint(80, 400), "api.voxscribe.io", flags="UF" if rng.random() < 0.3 else "-")
        clog(tt + dt.timedelta(milliseconds=50), "warning", "clipflow.captions.stt", "voxscribe request failed, retrying", status=503, attempt=1, backoff_s=2.0)
    t = START + dt.timedelta(minutes=rng.randint(3, 20))
    while t < END:
        plog(t, "info", "facebook page token refreshed", page="harbourpostnews", expires_in=5183944)
        t += dt.timedelta(minutes=rng.randint(50, 70))
    t = START + dt.timedelta(seconds=rng.uniform(0, 120))
    while t < END:
        plog(t, "debug", "player sitemap regenerated", videos=rng.randint(4200, 4260), took_ms=rng.randint(300, 900))
        t += dt.timedelta(minutes=10, seconds=rng.randint(0, 20))

    # --- clips
    arrivals = []
    t = START - dt.timedelta(minutes=25)
    while t < END:
        rate = 0.22 if t < utc("2026-04-15 05:30:00") else 0.62
        t += dt.timedelta(seconds=rng.expovariate(rate / 60))
        arrivals.append(t)
    captions_at = {}
    seq = 0
    for t0 in arrivals:
        seq += 1
        clip_id = f"clp_{hexid(rng, 10)}"
        field = rng.random() < 0.68
        desk = rng.choice(DESKS)
        slug = f"{rng.choice(TOPICS)}-{rng.choice(PLACES).lower().replace(' ', '-')}"
        duration = round(rng.uniform(35, 420), 3)
        size_mb = int(duration * rng.uniform(5.5, 7.5))
        if field:
            unit = rng.choice(list(REPORTERS))
            host = rng.choice(["strata-rx01", "strata-rx02"])
            fname = f"{unit}_{t0.strftime('%Y%m%d_%H%M%S')}_{slug}.mxf"
            rxlog(t0, host, f"{unit} file transfer started name={fname} size={size_mb}MB links=4 mode=store-and-forward")
            took = size_mb * 8 / rng.uniform(9, 22)
            t1 = t0 + dt.timedelta(seconds=took)
            rxlog(t1, host, f"{unit} file transfer complete name={fname} avg_kbps={int(size_mb * 8000 / took)} retransmits={rng.randint(0, 60)} -> s3://hp-video-ingest/strata/{fname}")
            trimmed = rng.random() < 0.9
            if trimmed:
                trim_in = round(rng.uniform(0.2, 1.4), 3) if rng.random() < 0.12 else round(min(rng.lognormvariate(2.5, 0.7), duration * 0.4), 3)
                trim_in = max(trim_in, 0.2)
                trim_out = round(duration - rng.uniform(2, 40), 3)
            else:
                trim_in, trim_out = 0.0, None
            source = f"strata:{unit}"
        else:
            t1 = t0
            fname = f"PKG_{t0.strftime('%Y%m%d')}_{slug}_v{rng.randint(1, 4)}.mov"
            trim_in, trim_out = 0.0, None
            source = "edit-suite"
        t2 = t1 + dt.timedelta(seconds=rng.uniform(1, 3))
        clog(t2, "info", "clipflow.ingest", "clip ingested", clip_id=clip_id, source=source, desk=desk, file=fname, duration=duration, size_mb=size_mb)
        clog(t2 + dt.timedelta(milliseconds=80), "info", "clipflow.transcode", "transcode requested", clip_id=clip_id, renditions=len(RENDITIONS))
        done = t2
        for name, codec, kbps in RENDITIONS:
            w = rng.choice(workers)
            ts_ = t2 + dt.timedelta(seconds=rng.uniform(0.5, 4))
            twlog(ts_, "info", "job started", worker=w, clip_id=clip_id, rendition=name, codec=codec, target_kbps=kbps)
            te = ts_ + dt.timedelta(seconds=duration / rng.uniform(6, 14))
            twlog(te, "info", "rendition done", worker=w, clip_id=clip_id, rendition=name, took_ms=int((te - ts_).total_seconds() * 1000),
                  speed=f"{rng.uniform(6, 14):.1f}x", output=f"s3://hp-video-renditions/{clip_id}/{name}.mp4")
            done = max(done, te)
        clog(done + dt.timedelta(milliseconds=300), "info", "clipflow.transcode", "transcode complete", clip_id=clip_id, took_s=round((done - t2).total_seconds(), 1))
        approve = done + dt.timedelta(seconds=rng.uniform(120, 720))
        first_word = round(rng.uniform(0.25, 1.6), 3)
        captions_at[clip_id] = (approve, dict(clip_id=clip_id, desk=desk, slug=slug, duration=duration, trim_in=trim_in, trim_out=trim_out,
                                              first_word=first_word, field=field, editor=rng.choice(["j.morgan", "r.evans", "c.bevan", "m.hughes", "k.ali", "s.lloyd"])))

    def run_captions(t, c, retry=False):
        ver = epoch_at(t)[1]
        cid = c["clip_id"]
        pod = rng.choice(epoch_at(t)[3])
        clog(t, "info", "clipflow.captions", "caption retry requested" if retry else "caption job started", pod=pod, clip_id=cid,
             trim_in=c["trim_in"], trim_out=c["trim_out"] if c["trim_out"] else "none", by=c["editor"])
        t += dt.timedelta(milliseconds=rng.randint(20, 90))
        trimmed_extract = ver in ("4.8.0", "4.8.1")
        end = c["trim_out"] or c["duration"]
        if trimmed_extract:
            clog(t, "info", "clipflow.captions.audio", "extracting caption audio from trimmed range", pod=pod, clip_id=cid, start=round(c["trim_in"], 3), end=round(end, 3))
            audio_s = end - c["trim_in"]
        else:
            clog(t, "info", "clipflow.captions.audio", "extracting caption audio", pod=pod, clip_id=cid, duration=round(c["duration"], 3))
            audio_s = c["duration"]
        t += dt.timedelta(seconds=audio_s / rng.uniform(60, 120))
        job = f"vxj_{hexid(rng, 12)}"
        elog(t, "POST", "/v2/jobs", 201, "34.117.59.81:443", rng.randint(180, 900), "api.voxscribe.io")
        clog(t + dt.timedelta(milliseconds=15), "info", "clipflow.captions.stt", "voxscribe job submitted", pod=pod, clip_id=cid, job_id=job, audio_seconds=round(audio_s, 1), language="en-GB")
        polls = rng.randint(1, 3)
        for k in range(polls):
            t += dt.timedelta(seconds=rng.uniform(8, 20))
            elog(t, "GET", f"/v2/jobs/{job}", 200, "34.117.59.81:443", rng.randint(30, 140), "api.voxscribe.io")
        t += dt.timedelta(seconds=rng.uniform(0.2, 2))
        elog(t, "GET", f"/v2/jobs/{job}/transcript?format=json-words", 200, "34.117.59.81:443", rng.randint(60, 300), "api.voxscribe.io")
        words = int(audio_s * rng.uniform(2.2, 2.8))
        clog(t + dt.timedelta(milliseconds=20), "info", "clipflow.captions.stt", "transcript received", pod=pod, clip_id=cid, job_id=job, words=words, confidence=round(rng.uniform(0.86, 0.97), 3))
        t += dt.timedelta(milliseconds=rng.randint(30, 120))
        # word start relative to the audio sent
        if trimmed_extract:
            vendor_first = c["first_word"]
        else:
            vendor_first = c["trim_in"] + c["first_word"]
        shift = c["trim_in"] if ver in ("4.7.0", "4.8.0") else 0.0
        cue_start = round(vendor_first - shift, 3)
        ncues = max(4, words // 6)
        if cue_start < 0:
            neg = 1
            clog(t, "error", "clipflow.captions.vtt", "WebVTT validation failed: negative cue timestamp", pod=pod, clip_id=cid, cue=1,
                 start=cue_start, end=round(cue_start + rng.uniform(1.8, 3.2), 3), trim_in=c["trim_in"])
            clog(t + dt.timedelta(milliseconds=4), "warning", "clipflow.publish", "captions failed; publish held", pod=pod, clip_id=cid, reason="caption_validation", require_captions="true")
            stats["failed"].append((t, cid, c["trim_in"]))
            if stats["first_fail"] is None:
                stats["first_fail"] = t
            stats["held"].add(cid)
            return t, False
        if trimmed_extract and ver == "4.8.0" and c["trim_in"] > 0:
            stats["early"].append((t, cid, c["trim_in"]))
        clog(t, "info", "clipflow.captions.vtt", "caption track built", pod=pod, clip_id=cid, cues=ncues, first_cue=cue_start, max_chars=42 if ver != "4.7.0" else 37)
        return t, True

    def publish(t, c):
        cid = c["clip_id"]
        clog(t, "info", "clipflow.publish", "handing off to publisher", clip_id=cid, targets="player,youtube,facebook,tiktok")
        t += dt.timedelta(milliseconds=rng.randint(40, 200))
        plog(t, "info", "publish job accepted", clipId=cid, desk=c["desk"], targets=["player", "youtube", "facebook", "tiktok"])
        for target, authority, path in (("player", "api.jwplayer.com", "/v2/sites/Hp7xQ2/media/"), ("youtube", "youtube.googleapis.com", "/upload/youtube/v3/videos?part=snippet,status"),
                                        ("facebook", "graph-video.facebook.com", "/v19.0/112233445566/videos"), ("tiktok", "open.tiktokapis.com", "/v2/post/publish/video/init/")):
            tt = t + dt.timedelta(seconds=rng.uniform(3, 60))
            status = 200
            if target == "tiktok" and rng.random() < 0.03:
                elog(tt, "POST", path, 502, "tiktok", rng.randint(2000, 9000), authority)
                plog(tt + dt.timedelta(milliseconds=10), "warn", "tiktok upload failed, retrying", clipId=cid, status=502, attempt=1)
                tt += dt.timedelta(seconds=rng.uniform(4, 10))
            elog(tt, "POST", path, status, target, rng.randint(900, 14000), authority)
            plog(tt + dt.timedelta(milliseconds=12), "info", "published", clipId=cid, target=target, remoteId=hexid(rng, 11), captions="vtt" if target != "tiktok" else "burned-in")
        stats["ok"] += 1

    held_clips = {}
    for cid, (t, c) in sorted(captions_at.items(), key=lambda kv: kv[1][0]):
        if t >= END:
            continue
        clog(t - dt.timedelta(milliseconds=rng.randint(100, 900)), "info", "clipflow.cms", "clip approved in CMS", clip_id=cid, desk=c["desk"], slug=c["slug"], by=c["editor"])
        te, ok = run_captions(t, c)
        if ok:
            publish(te + dt.timedelta(seconds=rng.uniform(1, 4)), c)
        else:
            held_clips[cid] = (te, c)
            # the producer tries to publish from the CMS anyway, then retries captions
            tp = te + dt.timedelta(seconds=rng.uniform(30, 200))
            plog(tp, "warn", "publish blocked: caption track missing", clipId=cid, status=409, by=c["editor"], policy="require_captions")
            if rng.random() < 0.55:
                tr = tp + dt.timedelta(seconds=rng.uniform(60, 400))
                if tr < ROLLBACK:
                    te2, ok2 = run_captions(tr, c, retry=True)
                    held_clips[cid] = (te2, c)
    # after the rollback the desk retries every held clip
    tr = ROLLBACK + dt.timedelta(minutes=6)
    retried = 0
    for cid, (th, c) in sorted(held_clips.items(), key=lambda kv: kv[1][0]):
        tr += dt.timedelta(seconds=rng.uniform(8, 35))
        te, ok = run_captions(tr, c, retry=True)
        assert ok
        publish(te + dt.timedelta(seconds=rng.uniform(1, 4)), c)
        retried += 1
    stats["retried"] = retried
    stats["retry_end"] = tr

    # --- Argo CD
    def argolog(t, msg, level="info", **kv):
        if START <= t < END:
            parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/clipflow"]
            parts += [f"{k}={v}" for k, v in kv.items()]
            argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        argolog(t, "Reconciliation completed", **{"dest-namespace": "video", "time_ms": rng.randint(40, 160)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        argolog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "video"}, **extra)
        argolog(t + dt.timedelta(seconds=2), "apps/Deployment video/clipflow configured", revision=sha)
        argolog(t + dt.timedelta(seconds=71), "Updated health status: Progressing -> Healthy", revision=sha)
        argolog(t + dt.timedelta(seconds=72), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE, shas["release"], 58)
    argolog(ROLLBACK - dt.timedelta(seconds=4), f"Rollback to history ID 57 ({shas['prev']}); automated sync disabled", user="kwame.asante@harbourpost.co.uk")
    sync(ROLLBACK, shas["prev"], 59, auto=False, user="kwame.asante@harbourpost.co.uk")
    argolog(FIX_DEPLOY - dt.timedelta(seconds=5), "automated sync enabled", user="beatriz.lopes@harbourpost.co.uk")
    sync(FIX_DEPLOY, shas["fix"], 60)

    # --- Slack #video-desk
    users = {"alertmanager": "B04ALRT9Q", "kwame.asante": "U03KA8Z2M", "owen.treharne": "U02OT5R7L", "beatriz.lopes": "U05BL1T3N",
             "nia.rowlands": "U04NR6X9P", "j.morgan (news desk)": "U06JM2K4D", "r.evans (social)": "U06RE8W1F", "audience-inbox": "B05AUD7Y"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "video-desk", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    ff = stats["first_fail"]
    say(utc("2026-04-15 04:41:10"), "j.morgan (news desk)", "morning all. crews out at Pontypridd (flood warnings), Cardiff Crown Court and the Port Talbot steelworks gates")
    say(RELEASE - dt.timedelta(minutes=3), "owen.treharne", "syncing clipflow 4.8.0: VID-731 only the trimmed range goes to Voxscribe (cost), VID-733 validator logs per cue, VID-735 42-char caption lines, ffmpeg 7.0.2 base image")
    say(RELEASE + dt.timedelta(minutes=2, seconds=10), "owen.treharne", "4.8.0 healthy, the edit-suite package that just came through has captions")
    say(ff + dt.timedelta(minutes=9), "j.morgan (news desk)", "the Pontypridd flood clip is stuck on 'captions failed', publish says caption track missing. retried once, same")
    say(ff + dt.timedelta(minutes=13), "alertmanager", "[FIRING:1] CaptionsFailing clipflow caption failures > 3 in 10m")
    say(ff + dt.timedelta(minutes=15), "kwame.asante", "ack. runbook says Voxscribe first. status.voxscribe.io is all green and egress shows 201/200 from api.voxscribe.io, transcripts come back")
    n_held = len({cid for t_, cid, _ in stats["failed"] if t_ < ff + dt.timedelta(minutes=21)})
    say(ff + dt.timedelta(minutes=21), "r.evans (social)", f"{n_held} field clips held now, the court package from the edit suite went out fine. the 6:30 social slot needs the flood clip")
    say(ff + dt.timedelta(minutes=26), "nia.rowlands", "the 'WebVTT validation failed: negative cue timestamp' lines are VID-733, it only logs what the validator found. ffmpeg 7 came in with the release though, it changed the -ss seeking behaviour before")
    say(ff + dt.timedelta(minutes=31), "kwame.asante", "only field clips fail, packages are fine. Voxscribe support chat says no incident on their side, transcripts look normal")
    say(ff + dt.timedelta(minutes=44), "owen.treharne", "ffmpeg 7 did change -ss handling for some containers. I'd roll back rather than dig during the breakfast slot")
    say(ROLLBACK - dt.timedelta(minutes=2), "kwame.asante", "rolling back to 4.7.0 in Argo, desk please retry held clips after")
    say(ROLLBACK + dt.timedelta(minutes=2, seconds=40), "kwame.asante", "4.7.0 running (history 57). retry now please")
    say(ROLLBACK + dt.timedelta(minutes=12), "j.morgan (news desk)", f"all {retried} held clips have captions and are out, thanks")
    if stats["early"]:
        te_, cid_, ti_ = stats["early"][0]
        say(max(te_ + dt.timedelta(minutes=24), ROLLBACK + dt.timedelta(minutes=14)), "audience-inbox", f"viewer email re {cid_} (Facebook): 'the subtitles come up before anyone says anything, about a second early'")
    say(ROLLBACK + dt.timedelta(minutes=27), "beatriz.lopes", "found it, it's mine. every negative start in the error lines is minus the clip's trim_in plus a second or so. VID-731 cuts the audio at trim_in, so Voxscribe's times already start there, and vtt.py still subtracts trim_in. untrimmed packages have trim_in 0, that's why they worked. the early captions on Facebook are the same bug with a short trim")
    say(ROLLBACK + dt.timedelta(minutes=29), "nia.rowlands", "so not ffmpeg. the 'extracting caption audio from trimmed range' lines line up with every failed clip")
    say(FIX_DEPLOY - dt.timedelta(minutes=4), "beatriz.lopes", "4.8.1 (VID-741): extract returns its offset and the cues subtract that. test with a trimmed clip added. re-enabling auto-sync")
    say(FIX_DEPLOY + dt.timedelta(minutes=9), "beatriz.lopes", "4.8.1 live, two trimmed field clips through, first cues at 0.6 and 1.1 s. the early-captions clips are re-captioned from the CMS")
    return [cf, tw, rx, pub, env, argo, slack], stats


def build(out_dir):
    rng = random.Random(65100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert RELEASE < onset < RELEASE + dt.timedelta(minutes=30), onset
        assert len(stats["failed"]) >= 8, len(stats["failed"])
        fails = [t for t, _, _ in stats["failed"]]

        def failures(t):
            return sum(1 for x in fails if t - dt.timedelta(minutes=10) < x <= t)

        culprit_age = onset - utc("2026-04-14 15:42:00")
        metrics = {"clipflow_caption_failures_10m.json": query_range([({"job": "clipflow", "reason": "caption_validation"}, failures)], START, END, 60)}
        return write_scenario(
            out_dir, name="r65-caption-trim-offset", service=SERVICE, onset=onset,
            description=f"""
On Wednesday 15 April the Harbour Post's trimmed field clips stop
publishing: from {onset.strftime('%H:%M:%S')} UTC clipflow fails their
captions and the publisher refuses them ("captions required"), while
packages from the edit suite go out. clipflow 4.8.0 had been synced at
05:52. The runbook blames Voxscribe, whose status page is green; a
rollback to 4.7.0 at 06:58 lets the held clips publish; 4.8.1 went out
at 08:41.
""",
            logs=logs,
            line_formats={"clipflow.log": r'<Time> \[<Level>\s*\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'WebVTT validation failed: negative cue timestamp',
                r'extracting caption audio from trimmed range',
            ],
            fix_files=["clipflow/captions/audio.py", "clipflow/captions/vtt.py"],
            explanation=f"""
The culprit is VID-731 "captions: send only the trimmed range to
Voxscribe" ({shas['culprit'][:7]}, Tuesday 15:42 UTC, {culprit_age.total_seconds() / 3600:.1f} h before
the onset), shipped in 4.8.0 at 05:52. It cuts the caption audio at the
producer's trim-in, so Voxscribe's word timings already start there, but
vtt.py still subtracts trim_in from each word, as it had to when the
whole clip was sent. Every trimmed clip's cues move earlier by its
trim-in: the first cues of {len(stats['failed'])} caption runs come out negative ("WebVTT
validation failed: negative cue timestamp", start = first word - trim_in)
and the clips are held; clips trimmed by less than a second pass with
captions early by that much; untrimmed edit-suite packages are
unaffected. The new extract line ("extracting caption audio from trimmed
range") names the range for each failed clip. Rolling back to 4.7.0
fixes it; 4.8.1 (VID-741) builds cues from the extract's own offset.
Decoys: the release commit named by Argo's sync; VID-733 in the same
release, which adds the very error line that fills the log; VID-735, 42-
character lines in vtt.py, the culprit's neighbour; Renovate's ffmpeg
7.0.2 base image, which the team suspects (seeking); the runbook commit
that says caption failures are Voxscribe and to retry; Voxscribe's
routine 503s, retried; a TikTok retry change in the previous release;
the harmless ffmpeg flags change to audio.py days before.
""",
        )
    finally:
        repo.close()
