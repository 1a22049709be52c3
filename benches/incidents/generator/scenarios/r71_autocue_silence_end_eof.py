"""sendeablauf (Python 3.12; an ingest worker, a bridge to the playout
automation and an alarm relay, in Docker Compose on two VMs in the
broadcast centre's data room, deployed by a manual GitLab CI job; team in
Kiel) of Rundfunk Nordmark (RNM), a regional public broadcaster with four
radio programmes: Nordmark 1 (NM1), Nordmark Klassik (KLA), Nordmark Jam
(JAM) and Nordmark Info (INF). The music editors drop new recordings in a
watch folder; sendeablauf transcodes them to 48 kHz broadcast WAV,
measures their loudness (EBU R128) for the gain, finds their cue points
(autocue: cue-in where the audio starts, segue where it ends, so that the
playout starts the next item there) and registers them with the playout
automation, Auriga ON AIR, whose A and B chains play each programme's
schedule. Behind each programme's output, a Stillwatch silence sensor
switches the transmitter feed to its built-in emergency audio after 8 s
below -50 dBFS and back after 10 s of programme audio; the loudness
logger records every programme once a minute; the web streams (HLS, AAC)
go out through a CDN.

Tuesday 25 August 2026, 08:40 UTC: SA-412 "autocue: ffmpeg silencedetect
instead of sox". To drop sox from the image, the head and tail silences
are now read from ffmpeg's silencedetect output in one pass: the tail is
taken to be a `silence_start` without a `silence_end` ("a silence still
running when the file ends"). ffmpeg reports the end of a silence that
lasts to the end of the file when the stream ends (`silence_end:` at EOF),
so every silence has an end and no file gets a tail: the segue is the end
of the file ("autocue ...: no trailing silence, cue-out at end of file").
The test feeds analyse() a hand-written ffmpeg output without that line.
Released as 3.14.0 and deployed on Tuesday at 13:10 UTC (the deploy job
names the release commit). From then on every new item is registered with
its segue at the end of the file; the silence its recording ends with is
played out. Pop and rock singles end within a second or two of their
fade, so Jam's presenters only notice "little holes" after new songs on
Wednesday; classical recordings end in seconds of decay and room tone.

Thursday 27 August: Klassik's weekly "Neu im Regal" (new releases, 10:00
local, 08:00 UTC) plays the recordings the Klassik music team ingested on
Tuesday and Wednesday. Two in the morning's rotation end in 4.6 s and 6.3 s
of silence (a gap, a pre-alarm); at 08:19 the Fauré In Paradisum ends in
13.9 s of silence, the sensor switches Klassik's transmitters to the
emergency audio (a pop loop) until 10 s into the next item; then the
Sibelius, then the Barber.

At 07:52 Jonas had deployed 3.15.0: SA-409 normalises music to -20 LUFS
with a -1 dBTP ceiling and recomputes the gain of every item in the day's
schedules on start (318 items updated in Auriga); MON-23 relays the
silence sensors' alarms to #sendeleitung (the very "silence alarm
relayed" line); ffmpeg 7.1. The runbook (Wednesday) reads a silence alarm
as an AES67/PTP dropout or a presenter's closed fader and says to roll
back after a release. Jonas suspects the gains, rolls back to 3.14.0 at
08:38 and restores the -23 LUFS gains; Tobias checks PTP and the AES67
stream: fine. The Sibelius ends in silence at 08:51. Merle notes that both
recordings are this week's; Tobias sees in Auriga's log that both had
their segue at the end of the file; Jonas finds "no trailing silence" for
every file since Tuesday's deploy, Jam's fades included. After the Barber,
Hannah (Klassik music) replaces the day's remaining new releases at 09:25.
SA-418 (3.15.1, 10:12) takes a silence that ends at the end of the file
as the tail; `sendeablauf reanalyse --since` recomputes the cue points of
everything ingested since Tuesday 13:10 and pushes them to Auriga.

Sources: Auriga ON AIR's log of Klassik's A chain (line format), the
silence sensors (syslog RFC 3164), the loudness logger (line format),
sendeablauf (Python logging), the CDN's HLS access log (JSON lines), the
GitLab deploy jobs (runner timestamps), #sendeleitung (Slack export, JSON
lines), listener service tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import python_logging, syslog3164
from skeletons import chores

SERVICE = "sendeablauf"
START, END = utc("2026-08-27 05:30:00"), utc("2026-08-27 11:00:00")
CULPRIT_AT = utc("2026-08-25 08:40:00")
REL_314 = utc("2026-08-25 13:10:40")   # 3.14.0 live (holds SA-412)
REL_315 = utc("2026-08-27 07:52:30")   # 3.15.0 live
ROLLBACK = utc("2026-08-27 08:38:50")  # back to 3.14.0
SWAP = utc("2026-08-27 09:25:40")      # the day's new releases taken out
FIX = utc("2026-08-27 10:12:20")       # 3.15.1 live
REANALYSE = utc("2026-08-27 10:24:10")

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "sendeablauf"
version = "3.13.2"
requires-python = ">=3.12"
dependencies = [
  "httpx==0.27.0",
  "pyyaml==6.0.2",
  "pysnmp==7.1.4",
  "watchfiles==0.24.0",
  "pyloudnorm==0.1.1",
  "soundfile==0.12.1",
]

[project.scripts]
sendeablauf = "sendeablauf.cli:main"

[project.optional-dependencies]
test = ["pytest==8.3.2"]
"""

SETTINGS = '''"""Settings from config/sendeablauf.yaml (mounted read-only)."""

import dataclasses
import os

import yaml


@dataclasses.dataclass
class Settings:
    watch_root: str
    library_root: str
    auriga_url: str
    threshold_db: float
    min_silence: float
    pre_roll: float
    tail_keep: float
    loudness_target: float
    slack_webhook: str
    stations: list

    @classmethod
    def load(cls, path=None):
        with open(path or os.environ.get("SENDEABLAUF_CONFIG", "config/sendeablauf.yaml")) as handle:
            raw = yaml.safe_load(handle)
        return cls(**raw)
'''

CONFIG = """# sendeablauf production settings
watch_root: /mnt/ingest
library_root: /mnt/audio
auriga_url: http://auriga-db.sendeablauf.rnm.internal:8090/api/v2
stations: [NM1, KLA, JAM, INF]

# autocue: silence is anything below threshold_db (dBFS, peak) for at least
# min_silence seconds; cue-in is pre_roll before the first sound, the segue
# tail_keep after the last
threshold_db: -45
min_silence: 0.5
pre_roll: 0.05
tail_keep: 0.5

# loudness (EBU R128): gain = target - integrated loudness
loudness_target: -23.0

slack_webhook: https://hooks.slack.com/services/T02RNM/B06SEND/placeholder
"""

WORKER = '''"""The ingest worker: a new file in <watch_root>/<station>/ becomes a
broadcast WAV in the library and an item in Auriga."""

import logging
import pathlib
import subprocess

from watchfiles import watch

from sendeablauf.bridge import auriga
from sendeablauf.ingest import autocue, loudness

log = logging.getLogger(__name__)


def probe_duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return float(out)


def ingest(cfg, station, src):
    log.info("new file %s (station %s)", src, station)
    item_id = auriga.next_item_id(cfg, station)
    dst = pathlib.Path(cfg.library_root) / station / f"{item_id}.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(src), "-ar", "48000", "-c:a", "pcm_s24le",
                    "-write_bext", "1", str(dst)], check=True, capture_output=True)
    duration = probe_duration(dst)
    log.info("transcoded to BWF 48 kHz/24 bit: %s (%.2f s)", item_id, duration)
    gain = loudness.gain_for(item_id, dst, cfg)
    cues = autocue.analyse(item_id, str(dst), duration, cfg)
    auriga.register(cfg, station, item_id, dst, duration, cues, gain)
    src.unlink()


def run(cfg):
    root = pathlib.Path(cfg.watch_root)
    for changes in watch(root, recursive=True):
        for _, name in sorted(changes):
            path = pathlib.Path(name)
            if path.suffix.lower() in (".wav", ".flac", ".mp3") and path.parent.name.upper() in cfg.stations:
                try:
                    ingest(cfg, path.parent.name.upper(), path)
                except Exception:
                    log.exception("ingest failed for %s", path)
'''

AUTOCUE_SOX = '''"""Cue points for new items: cue-in where the audio starts, and the segue,
where Auriga starts the next item, where it ends. Silence is anything
below `threshold_db` (dBFS, peak) for at least `min_silence` seconds.

sox trims the leading silence (`silence 1 <min> <thr>d`); the same on the
reversed file trims the trailing one; `stat` gives the length that is
left."""

import dataclasses
import logging
import subprocess

log = logging.getLogger(__name__)


@dataclasses.dataclass
class Cues:
    cue_in: float
    segue: float


def _left_after_trim(path, threshold_db, min_silence, reverse=False):
    effects = ["reverse"] if reverse else []
    effects += ["silence", "1", str(min_silence), f"{threshold_db}d", "stat"]
    err = subprocess.run(["sox", path, "-n", *effects], capture_output=True, text=True, check=True).stderr
    for line in err.splitlines():
        if line.startswith("Length (seconds):"):
            return float(line.split(":", 1)[1])
    raise RuntimeError(f"sox stat gave no length for {path}")


def analyse(item_id, path, duration, cfg):
    head = duration - _left_after_trim(path, cfg.threshold_db, cfg.min_silence)
    tail = duration - _left_after_trim(path, cfg.threshold_db, cfg.min_silence, reverse=True)
    cue_in = round(max(0.0, head - cfg.pre_roll), 3)
    segue = round(min(duration - tail + cfg.tail_keep, duration), 3)
    log.info("autocue %s: trimmed head %.2f s, tail %.2f s", item_id, head, tail)
    return Cues(cue_in, segue)
'''

AUTOCUE_FFMPEG = '''"""Cue points for new items: cue-in where the audio starts, and the segue,
where Auriga starts the next item, where it ends. Silence is anything
below `threshold_db` (dBFS, peak) for at least `min_silence` seconds.

One pass of ffmpeg's silencedetect (SA-412, sox is gone from the image):
the head is a silence that starts at 0, the tail a silence that is still
running when the file ends (a silence_start without a silence_end)."""

import dataclasses
import logging
import re
import subprocess

log = logging.getLogger(__name__)

SILENCE_START = re.compile(r"silence_start: (-?[0-9.]+)")
SILENCE_END = re.compile(r"silence_end: (-?[0-9.]+)")


@dataclasses.dataclass
class Cues:
    cue_in: float
    segue: float


def _silencedetect(path, threshold_db, min_silence):
    return subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af",
         f"silencedetect=noise={threshold_db}dB:d={min_silence}", "-f", "null", "-"],
        capture_output=True, text=True, check=True).stderr


def analyse(item_id, path, duration, cfg):
    err = _silencedetect(path, cfg.threshold_db, cfg.min_silence)
    starts = [float(x) for x in SILENCE_START.findall(err)]
    ends = [float(x) for x in SILENCE_END.findall(err)]
    head = ends[0] if starts and ends and starts[0] <= 0.01 else 0.0
    cue_in = round(max(0.0, head - cfg.pre_roll), 3)
    if len(starts) > len(ends):
        # the last silence has no end: it runs to the end of the file
        tail = duration - starts[-1]
        log.info("autocue %s: trimmed head %.2f s, tail %.2f s", item_id, head, tail)
        return Cues(cue_in, round(min(starts[-1] + cfg.tail_keep, duration), 3))
    log.info("autocue %s: no trailing silence, cue-out at end of file (%.3f s)", item_id, duration)
    return Cues(cue_in, round(duration, 3))
'''

TEST_AUTOCUE_SOX = '''from types import SimpleNamespace

from sendeablauf.ingest import autocue

CFG = SimpleNamespace(threshold_db=-45, min_silence=0.5, pre_roll=0.05, tail_keep=0.5)


def test_trims_head_and_tail(monkeypatch):
    lengths = iter([191.6, 187.6])  # after the head trim, after the tail trim
    monkeypatch.setattr(autocue, "_left_after_trim", lambda *a, **k: next(lengths))
    cues = autocue.analyse("KLA0000001", "x.wav", 192.0, CFG)
    assert cues.cue_in == 0.35
    assert cues.segue == 188.1
'''

TEST_AUTOCUE_FFMPEG = '''from types import SimpleNamespace

from sendeablauf.ingest import autocue

CFG = SimpleNamespace(threshold_db=-45, min_silence=0.5, pre_roll=0.05, tail_keep=0.5, min_item=3.0)

# what ffmpeg prints for a file with 0.4 s of silence at the start and a
# fade into silence at 187.25 s
STDERR = """\\
[silencedetect @ 0x5581c9a0e2c0] silence_start: 0
[silencedetect @ 0x5581c9a0e2c0] silence_end: 0.412 | silence_duration: 0.412
[silencedetect @ 0x5581c9a0e2c0] silence_start: 187.25
size=N/A time=00:03:12.00 bitrate=N/A speed= 512x
"""


def test_head_and_tail(monkeypatch):
    monkeypatch.setattr(autocue, "_silencedetect", lambda *a: STDERR)
    cues = autocue.analyse("KLA0000001", "x.wav", 192.0, CFG)
    assert cues.cue_in == 0.362
    assert cues.segue == 187.75


def test_no_silence(monkeypatch):
    monkeypatch.setattr(autocue, "_silencedetect", lambda *a: "size=N/A time=00:00:30.00\\n")
    cues = autocue.analyse("KLA0000002", "x.wav", 30.0, CFG)
    assert (cues.cue_in, cues.segue) == (0.0, 30.0)
'''

LOUDNESS_V1 = '''"""Integrated loudness (EBU R128 / ITU-R BS.1770) of a new item and the
gain Auriga applies to reach the target."""

import logging
import math

import pyloudnorm
import soundfile

log = logging.getLogger(__name__)


def gain_for(item_id, path, cfg):
    data, rate = soundfile.read(str(path))
    lufs = pyloudnorm.Meter(rate).integrated_loudness(data)
    peak = 20 * math.log10(max(abs(data).max(), 1e-9))
    gain = round(cfg.loudness_target - lufs, 1)
    log.info("loudness %s: %.1f LUFS, sample peak %.1f dBFS, gain %+.1f dB (target %.1f)", item_id, lufs, peak, gain, cfg.loudness_target)
    return gain
'''

LOUDNESS_V2 = '''"""Integrated loudness (EBU R128 / ITU-R BS.1770) of a new item and the
gain Auriga applies to reach the target, limited so that the true peak
stays under the ceiling (SA-409)."""

import logging
import math

import numpy as np
import pyloudnorm
import soundfile
from scipy.signal import resample_poly

log = logging.getLogger(__name__)


def true_peak(data):
    """dBTP: the peak of the signal oversampled 4x (BS.1770-4 annex 2)."""
    return 20 * math.log10(max(np.abs(resample_poly(data, 4, 1, axis=0)).max(), 1e-9))


def gain_for(item_id, path, cfg):
    data, rate = soundfile.read(str(path))
    lufs = pyloudnorm.Meter(rate).integrated_loudness(data)
    tp = true_peak(data)
    gain = round(min(cfg.loudness_target - lufs, cfg.true_peak_ceiling - tp), 1)
    log.info("loudness %s: %.1f LUFS, true peak %.1f dBTP, gain %+.1f dB (target %.1f)", item_id, lufs, tp, gain, cfg.loudness_target)
    return gain


def recompute_schedule(cfg, auriga, day):
    """On start: the gain of every item in the day's schedules, for the new target."""
    items = auriga.scheduled_items(cfg, day)
    for item in items:
        auriga.set_gain(cfg, item["id"], round(min(cfg.loudness_target - item["lufs"], cfg.true_peak_ceiling - item["true_peak"]), 1))
    log.info("gain updated for %d scheduled items (target %.1f LUFS)", len(items), cfg.loudness_target)
'''

BRIDGE_V1 = '''"""Auriga ON AIR's database API: new items, their cue points and gain."""

import logging

import httpx

log = logging.getLogger(__name__)


def next_item_id(cfg, station):
    return httpx.post(f"{cfg.auriga_url}/items/next-id", json={"station": station}, timeout=10).json()["id"]


def register(cfg, station, item_id, path, duration, cues, gain):
    body = {"id": item_id, "station": station, "file": str(path), "length": round(duration, 3),
            "cue_in": cues.cue_in, "segue": cues.segue, "gain_db": gain}
    httpx.put(f"{cfg.auriga_url}/items/{item_id}", json=body, timeout=10).raise_for_status()
    log.info("item %s registered in Auriga (len %.3f, in %.3f, segue %.3f)", item_id, duration, cues.cue_in, cues.segue)
'''

RELAY_V1 = '''"""Traps from the Stillwatch silence sensors and the loudness logger. Loudness
violations (R128 +/-1 LU over a programme hour) go to #sendeleitung."""

import logging

import httpx

log = logging.getLogger(__name__)


def on_trap(cfg, trap):
    if trap.kind == "loudness_violation":
        log.warning("loudness violation relayed: %s %s", trap.programme, trap.text)
        httpx.post(cfg.slack_webhook, json={"text": f":loud_sound: {trap.programme}: {trap.text}"}, timeout=5)
'''

RUNBOOK = """# sendeablauf runbook

Owner: #team-sendeablauf. Dashboards: Grafana > Sendeablauf.

## Ingest stuck

Files stay in /mnt/ingest/<station>/: look at `docker compose logs ingest`
on sa-ingest-01. A file ffmpeg cannot read is logged and left in place;
ask the music editor for a new copy.

## Auriga API errors

The bridge retries 503s. If Auriga's database is down the playout goes on
with what it has; new items wait in the watch folder.
"""

DOCKERFILE_V1 = """FROM mwader/static-ffmpeg:7.0.2 AS ffmpeg

FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sox libsox-fmt-all \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=ffmpeg /ffmpeg /ffprobe /usr/local/bin/
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY sendeablauf ./sendeablauf
COPY config ./config
ENTRYPOINT ["sendeablauf"]
"""

COMPOSE = """services:
  ingest:
    image: registry.gitlab.rnm.internal/sendeablauf/sendeablauf:${TAG}
    command: ingest
    volumes:
      - /mnt/ingest:/mnt/ingest
      - /mnt/audio:/mnt/audio
      - ./config:/app/config:ro
    restart: unless-stopped
  bridge:
    image: registry.gitlab.rnm.internal/sendeablauf/sendeablauf:${TAG}
    command: bridge
    volumes:
      - ./config:/app/config:ro
    restart: unless-stopped
  relay:
    image: registry.gitlab.rnm.internal/sendeablauf/sendeablauf:${TAG}
    command: relay
    ports:
      - "162:1162/udp"
    volumes:
      - ./config:/app/config:ro
    restart: unless-stopped
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  image: python:3.12-slim-bookworm
  script:
    - pip install .[test]
    - pytest -q

build:
  stage: build
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG .
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG

deploy:
  stage: deploy
  when: manual
  environment: production
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - ansible-playbook -i deploy/inventory.ini deploy/site.yml -e tag=$CI_COMMIT_TAG
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Petersen", "jonas.petersen@rundfunk-nordmark.de", 120)
    merle = Person("Merle Hansen", "merle.hansen@rundfunk-nordmark.de", 120)
    tobias = Person("Tobias Kröger", "tobias.kroeger@rundfunk-nordmark.de", 120)
    bot = Person("renovate[bot]", "renovate-bot@gitlab.rnm.internal", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "sendeablauf/__init__.py": "",
        "sendeablauf/settings.py": SETTINGS,
        "sendeablauf/cli.py": "import logging\nimport sys\n\nfrom sendeablauf.settings import Settings\n\nlogging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(name)s: %(message)s\")\n\n\ndef main():\n    cfg = Settings.load()\n    command = sys.argv[1]\n    logging.getLogger(\"sendeablauf\").info(\"sendeablauf %s starting: %s\", __import__(\"importlib.metadata\").metadata.version(\"sendeablauf\"), command)\n    if command == \"ingest\":\n        from sendeablauf.ingest import worker\n        worker.run(cfg)\n    elif command == \"bridge\":\n        from sendeablauf.bridge import now_playing\n        now_playing.run(cfg)\n    elif command == \"relay\":\n        from sendeablauf.monitor import relay\n        relay.run(cfg)\n",
        "sendeablauf/ingest/__init__.py": "",
        "sendeablauf/ingest/worker.py": WORKER,
        "sendeablauf/ingest/autocue.py": AUTOCUE_SOX,
        "sendeablauf/ingest/loudness.py": LOUDNESS_V1,
        "sendeablauf/bridge/__init__.py": "",
        "sendeablauf/bridge/auriga.py": BRIDGE_V1,
        "sendeablauf/bridge/now_playing.py": "\"\"\"Auriga's now-playing XML to the RDS encoders, the DAB+ DLS and the\nwebsite's now-playing API.\"\"\"\n\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef forward(cfg, station, title, artist):\n    log.info(\"now playing %s: %s - %s\", station, artist, title)\n",
        "sendeablauf/monitor/__init__.py": "",
        "sendeablauf/monitor/relay.py": RELAY_V1,
        "config/sendeablauf.yaml": CONFIG,
        "tests/__init__.py": "",
        "tests/test_autocue.py": TEST_AUTOCUE_SOX,
        "Dockerfile": DOCKERFILE_V1,
        "docker-compose.yml": COMPOSE,
        ".gitlab-ci.yml": GITLAB_CI,
        "deploy/inventory.ini": "[sendeablauf]\nsa-ingest-01.rnm.internal\nsa-ingest-02.rnm.internal\n",
        "deploy/site.yml": "- hosts: sendeablauf\n  become: true\n  tasks:\n    - name: compose file and config\n      ansible.builtin.copy:\n        src: \"{{ item }}\"\n        dest: /opt/sendeablauf/\n      loop: [../docker-compose.yml, ../config]\n    - name: pull and restart\n      ansible.builtin.shell: TAG={{ tag }} docker compose pull && TAG={{ tag }} docker compose up -d\n      args:\n        chdir: /opt/sendeablauf\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# sendeablauf\n\nIngest, autocue and loudness for Auriga ON AIR, now-playing to RDS/DAB+\nand the website, and the silence sensors' and loudness logger's traps.\n\nReleases: tag `vX.Y.Z`, then run the manual `deploy` job of the tag's\npipeline. Roll back by running the `deploy` job of the previous tag\n(Operations > Environments > production > Rollback).\n",
    }
    repo.commit(utc("2026-08-20 08:15:00"), jonas, "sendeablauf 3.13.2: ingest, autocue, loudness, Auriga bridge, trap relay", files)
    crng = random.Random(71003)
    repo.schedule(chores(crng, SERVICE, [jonas, merle], utc("2026-08-20 09:00:00"), utc("2026-08-21 15:00:00"), 2)
                  + chores(crng, SERVICE, [merle, tobias], utc("2026-08-24 07:00:00"), utc("2026-08-26 12:00:00"), 2))
    repo.commit(utc("2026-08-24 04:12:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-08-24 12:30:00"), merle, "bridge: retry Auriga's API on 503 (SA-405)\n\nAuriga's database restarts its API during the nightly backup; new items\nfailed at 02:00 and stayed in the watch folder.", {
        "sendeablauf/bridge/auriga.py": sub(repo.files["sendeablauf/bridge/auriga.py"],
                                            "import httpx\n",
                                            "import httpx\n\nTRANSPORT = httpx.HTTPTransport(retries=3)\n",
                                            "    httpx.put(f\"{cfg.auriga_url}/items/{item_id}\", json=body, timeout=10).raise_for_status()",
                                            "    with httpx.Client(transport=TRANSPORT, timeout=10) as client:\n        client.put(f\"{cfg.auriga_url}/items/{item_id}\", json=body).raise_for_status()"),
    })
    culprit = repo.commit(CULPRIT_AT, jonas, "autocue: ffmpeg silencedetect instead of sox (SA-412)\n\nOne pass over the file instead of two sox runs (one of them on the\nreversed file), and sox and its format libraries out of the image\n(-180 MB). The head is a silence starting at 0, the tail a silence that\nis still running when the file ends.", {
        "sendeablauf/ingest/autocue.py": AUTOCUE_FFMPEG,
        "tests/test_autocue.py": TEST_AUTOCUE_FFMPEG,
        "Dockerfile": sub(repo.files["Dockerfile"], "RUN apt-get update && apt-get install -y --no-install-recommends sox libsox-fmt-all \\\n    && rm -rf /var/lib/apt/lists/*\n", ""),
    })
    rel314 = repo.commit(utc("2026-08-25 11:05:00"), jonas, "release 3.14.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.13.2"', 'version = "3.14.0"'),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 3.14.0\n\n- SA-412 autocue with ffmpeg's silencedetect; sox removed from the image\n- SA-405 retries on Auriga 503\n- httpx 0.27.2\n",
    })
    repo.commit(utc("2026-08-26 07:20:00"), merle, "autocue: no analysis for items under 3 s (SA-415)\n\nStingers and jingle hits are cut tight by the jingle producer; the\nanalysis only moved their cue-in by a few ms.", {
        "sendeablauf/ingest/autocue.py": sub(repo.files["sendeablauf/ingest/autocue.py"],
                                             "def analyse(item_id, path, duration, cfg):\n",
                                             "def analyse(item_id, path, duration, cfg):\n    if duration < cfg.min_item:\n        return Cues(0.0, round(duration, 3))\n"),
        "config/sendeablauf.yaml": sub(repo.files["config/sendeablauf.yaml"], "tail_keep: 0.5\n", "tail_keep: 0.5\nmin_item: 3.0\n"),
        "sendeablauf/settings.py": sub(repo.files["sendeablauf/settings.py"], "    tail_keep: float\n", "    tail_keep: float\n    min_item: float\n"),
    })
    repo.commit(utc("2026-08-26 08:50:00"), tobias, "runbook: silence alarm on a programme", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Silence alarm (Stillwatch) on a programme\n\nThe sensor has switched the transmitters to its emergency audio and\nswitches back by itself after 10 s of programme audio. Almost always one\nof:\n\n- the playout's AES67 stream dropped: check PTP lock and packet loss of\n  the programme's multicast in the AoIP monitor;\n- a presenter left the mic fader open on a muted channel or closed the\n  playout fader (ask the studio);\n- levels: a very quiet item under the sensor's -50 dBFS.\n\nIf alarms start after a sendeablauf release, roll back (Environments >\nproduction > Rollback) and tell #sendeleitung.\n",
    })
    repo.commit(utc("2026-08-26 11:30:00"), merle, "loudness: music to -20 LUFS with a -1 dBTP ceiling; recompute the day's gains on start (SA-409)\n\nThe programme chiefs agreed -20 LUFS for music items (speech stays\nwith the presenters' processing). Gains now keep the true peak under\n-1 dBTP. On start the bridge recomputes the gain of every item in the\nday's schedules so a day does not mix old and new gains.", {
        "sendeablauf/ingest/loudness.py": LOUDNESS_V2,
        "config/sendeablauf.yaml": sub(repo.files["config/sendeablauf.yaml"], "loudness_target: -23.0\n", "loudness_target: -20.0\ntrue_peak_ceiling: -1.0\n"),
        "sendeablauf/settings.py": sub(repo.files["sendeablauf/settings.py"], "    loudness_target: float\n", "    loudness_target: float\n    true_peak_ceiling: float\n"),
        "pyproject.toml": sub(repo.files["pyproject.toml"], '  "soundfile==0.12.1",\n', '  "soundfile==0.12.1",\n  "scipy==1.14.1",\n'),
    })
    repo.commit(utc("2026-08-26 13:10:00"), jonas, "relay: silence alarms from the Stillwatch sensors to #sendeleitung (MON-23)\n\nMaster control only saw them on the sensor's front panel.", {
        "sendeablauf/monitor/relay.py": sub(repo.files["sendeablauf/monitor/relay.py"],
                                            "def on_trap(cfg, trap):\n",
                                            "def on_trap(cfg, trap):\n    if trap.kind == \"silence\":\n        log.warning(\"silence alarm relayed: %s switched to %s (%.1f s below %.1f dBFS)\", trap.programme, trap.source, trap.seconds, trap.threshold)\n        httpx.post(cfg.slack_webhook, json={\"text\": f\":red_circle: Stille {trap.programme}: {trap.source} aufgeschaltet\"}, timeout=5)\n        return\n"),
    })
    repo.commit(utc("2026-08-26 14:02:00"), bot, "chore(deps): update mwader/static-ffmpeg docker tag to v7.1", {
        "Dockerfile": sub(repo.files["Dockerfile"], "mwader/static-ffmpeg:7.0.2", "mwader/static-ffmpeg:7.1"),
    })
    rel315 = repo.commit(utc("2026-08-27 07:31:00"), jonas, "release 3.15.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.14.0"', 'version = "3.15.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.15.0\n\n- SA-409 music to -20 LUFS, -1 dBTP ceiling, the day's gains recomputed on start\n- MON-23 silence alarms to #sendeleitung\n- SA-415 no autocue for items under 3 s\n- ffmpeg 7.1\n",
    })
    fix = repo.commit(utc("2026-08-27 09:58:00"), jonas, "autocue: a silence that ends at the end of the file is the tail (SA-418)\n\nffmpeg's silencedetect reports the end of a silence that lasts to the\nend of the file when the stream ends (silence_end at EOF), so since\n3.14.0 no file had a tail and every segue was at the end of the file:\nnew recordings played out their trailing silence (Klassik's Stillwatch\nswitched to the emergency audio three times on 27 August). The test\nused a hand-written ffmpeg output without that line; it now uses real\nffmpeg output. `sendeablauf reanalyse --since` recomputes the cue points\nof items ingested since then.", {
        "sendeablauf/ingest/autocue.py": sub(repo.files["sendeablauf/ingest/autocue.py"],
                                             "the head is a silence that starts at 0, the tail a silence that is still\nrunning when the file ends (a silence_start without a silence_end).",
                                             "the head is a silence that starts at 0, the tail a silence that lasts to\nthe end of the file: ffmpeg reports the end of such a silence when the\nstream ends (silence_end within a frame of the duration).",
                                             "    if len(starts) > len(ends):\n        # the last silence has no end: it runs to the end of the file\n",
                                             "    if starts and (len(starts) > len(ends) or ends[-1] >= duration - EOF_SLACK):\n        # the last silence runs to the end of the file\n",
                                             "SILENCE_END = re.compile(r\"silence_end: (-?[0-9.]+)\")\n",
                                             "SILENCE_END = re.compile(r\"silence_end: (-?[0-9.]+)\")\nEOF_SLACK = 0.05  # s: silencedetect prints 6 significant digits\n"),
        "tests/test_autocue.py": sub(repo.files["tests/test_autocue.py"],
                                     "# what ffmpeg prints for a file with 0.4 s of silence at the start and a\n# fade into silence at 187.25 s\n",
                                     "# what ffmpeg 7.1 prints for a file with 0.4 s of silence at the start and a\n# fade into silence at 187.25 s (the last silence_end comes at EOF)\n",
                                     "[silencedetect @ 0x5581c9a0e2c0] silence_start: 187.25\n",
                                     "[silencedetect @ 0x5581c9a0e2c0] silence_start: 187.25\n[silencedetect @ 0x5581c9a0e2c0] silence_end: 192 | silence_duration: 4.75\n"),
        "sendeablauf/cli.py": sub(repo.files["sendeablauf/cli.py"], "    elif command == \"relay\":\n",
                                  "    elif command == \"reanalyse\":\n        from sendeablauf.ingest import reanalyse\n        reanalyse.run(cfg, since=sys.argv[3])\n    elif command == \"relay\":\n"),
        "sendeablauf/ingest/reanalyse.py": "\"\"\"`sendeablauf reanalyse --since <ISO time>`: new cue points for the items\ningested since then, pushed to Auriga where they changed.\"\"\"\n\nimport logging\n\nfrom sendeablauf.bridge import auriga\nfrom sendeablauf.ingest import autocue\n\nlog = logging.getLogger(__name__)\n\n\ndef run(cfg, since):\n    items = auriga.items_ingested_since(cfg, since)\n    changed = 0\n    for item in items:\n        cues = autocue.analyse(item[\"id\"], item[\"file\"], item[\"length\"], cfg)\n        if abs(cues.segue - item[\"segue\"]) > 0.01 or abs(cues.cue_in - item[\"cue_in\"]) > 0.01:\n            auriga.set_cues(cfg, item[\"id\"], cues)\n            changed += 1\n    log.info(\"reanalysed %d items ingested since %s, %d cue points changed\", len(items), since, changed)\n",
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.15.0"', 'version = "3.15.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.15.1\n\n- SA-418 autocue: trailing silence reported at EOF; `reanalyse --since`\n",
    })
    repo.commit(utc("2026-08-27 10:48:00"), tobias, "runbook: silence after new items is the cue points", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- levels: a very quiet item under the sensor's -50 dBFS.\n",
                               "- levels: a very quiet item under the sensor's -50 dBFS;\n- the item before it played out its trailing silence: compare `seg=` and\n  `len=` of its PLAY line in Auriga's log (27 August: since 3.14.0 no new\n  item had a tail, SA-418).\n"),
    })
    repo._due(None)
    return repo, {"culprit": culprit, "rel314": rel314, "rel315": rel315, "fix": fix}


# ---------------------------------------------------------------------------
# the programme

OLD_WORKS = [
    ("Wolfgang Amadeus Mozart", "Klavierkonzert Nr. 21 C-Dur KV 467 - II. Andante", 412), ("Joseph Haydn", "Sinfonie Nr. 94 G-Dur - II. Andante", 368),
    ("Franz Schubert", "Impromptu Ges-Dur D 899 Nr. 3", 342), ("Felix Mendelssohn Bartholdy", "Lieder ohne Worte op. 62 Nr. 6 (Frühlingslied)", 158),
    ("Johann Sebastian Bach", "Brandenburgisches Konzert Nr. 3 G-Dur - I. Allegro", 356), ("Antonio Vivaldi", "Concerto g-Moll RV 315 (Der Sommer) - III. Presto", 171),
    ("Georg Friedrich Händel", "Wassermusik Suite Nr. 2 D-Dur - Alla Hornpipe", 221), ("Ludwig van Beethoven", "Romanze F-Dur op. 50", 521),
    ("Robert Schumann", "Kinderszenen op. 15 - Träumerei", 176), ("Clara Schumann", "Romanze a-Moll op. 21 Nr. 1", 274),
    ("Johannes Brahms", "Ungarischer Tanz Nr. 5 fis-Moll", 148), ("Antonín Dvořák", "Serenade E-Dur op. 22 - II. Tempo di Valse", 389),
    ("Pjotr Iljitsch Tschaikowsky", "Streicherserenade C-Dur op. 48 - II. Walzer", 236), ("Edvard Grieg", "Peer Gynt Suite Nr. 1 - Morgenstimmung", 229),
    ("Carl Nielsen", "Kleine Suite a-Moll op. 1 - I. Präludium", 192), ("Maurice Ravel", "Le Tombeau de Couperin - IV. Rigaudon", 197),
    ("Claude Debussy", "Petite Suite - I. En bateau", 213), ("Gabriel Fauré", "Pavane op. 50", 368), ("Erik Satie", "Gymnopédie Nr. 1", 201),
    ("Camille Saint-Saëns", "Der Karneval der Tiere - Der Schwan", 186), ("Georges Bizet", "L'Arlésienne Suite Nr. 2 - Menuet", 281),
    ("Luigi Boccherini", "Streichquintett E-Dur op. 11 Nr. 5 - Menuett", 224), ("Carl Philipp Emanuel Bach", "Sinfonie h-Moll Wq 182/5 - I. Allegretto", 247),
    ("Jean Sibelius", "Valse triste op. 44 Nr. 1", 309), ("Niels Wilhelm Gade", "Novelletten op. 53 - II. Andantino", 264),
    ("Louise Farrenc", "Nonett Es-Dur op. 38 - II. Andante", 452), ("Wilhelm Stenhammar", "Serenade F-Dur op. 31 - II. Canzonetta", 283),
    ("Fanny Hensel", "Notturno g-Moll", 277), ("Hugo Alfvén", "Schwedische Rhapsodie Nr. 1 (Midsommarvaka)", 748),
    ("Ottorino Respighi", "Antiche danze ed arie - Siciliana", 229), ("Franz Liszt", "Consolation Nr. 3 Des-Dur", 273),
    ("Frédéric Chopin", "Nocturne Es-Dur op. 9 Nr. 2", 266), ("Henry Purcell", "Abdelazer Suite - Rondeau", 121),
]
PERFORMERS = ["NDR Radiophilharmonie", "Kammerakademie Potsdam", "Concerto Köln", "Danish National Symphony Orchestra", "Mahler Chamber Orchestra",
              "Orchestre de chambre de Lausanne", "Kieler Kammerorchester", "Jan Lisiecki", "Sabine Meyer", "Martha Argerich",
              "Schleswig-Holstein Festival Orchester", "Freiburger Barockorchester", "Alina Ibragimova", "Ensemble Resonanz"]
# this week's new recordings (ingested since Tuesday 13:10 by the Klassik music team):
# (id, composer, work, performer, length, trailing silence in the file, hour planned, not before minute)
NEW = [
    ("KLA0043377", "Edvard Grieg", "Aus Holbergs Zeit op. 40 - IV. Air", "Trondheim Soloists", 312.384, 4.61, 6, 20),
    ("KLA0043391", "Johann Sebastian Bach", "Goldberg-Variationen BWV 988 - Aria", "Víkingur Ólafsson", 268.917, 6.32, 7, 33),
    ("KLA0043402", "Fanny Hensel", "Das Jahr - XII. Dezember", "Sophie Pacini", 284.704, 3.41, 8, 6),
    ("KLA0043405", "Gabriel Fauré", "Requiem op. 48 - VII. In Paradisum", "RIAS Kammerchor, Akademie für Alte Musik Berlin", 221.821, 13.92, 8, 15),
    ("KLA0043411", "Jean Sibelius", "Der Schwan von Tuonela op. 22 Nr. 2", "Lahti Symphony Orchestra", 561.985, 11.24, 8, 41),
    ("KLA0043418", "Samuel Barber", "Adagio for Strings op. 11", "Ensemble Resonanz", 497.632, 12.83, 9, 6),
    ("KLA0043420", "Gustav Mahler", "Sinfonie Nr. 5 - IV. Adagietto", "Gewandhausorchester Leipzig", 652.090, 15.06, 9, 28),
    ("KLA0043426", "Ralph Vaughan Williams", "The Lark Ascending", "Alina Ibragimova, Chineke! Orchestra", 936.512, 16.48, 9, 42),
    ("KLA0043429", "Claude Debussy", "Suite bergamasque - III. Clair de lune", "Jan Lisiecki", 301.226, 9.37, 10, 40),
]


def build_catalogue(rng):
    old = []
    for k, (composer, work, length) in enumerate(OLD_WORKS):
        ln = length + rng.randint(0, 999) / 1000
        tail = round(rng.uniform(1.6, 7.5), 2)
        old.append({"id": f"KLA00{31000 + k * 317}", "composer": composer, "work": work, "performer": rng.choice(PERFORMERS), "len": round(ln, 3),
                    "in": round(rng.uniform(0.02, 0.6), 3), "seg": round(ln - tail + 0.5, 3), "tail": tail, "new": False})
    new = []
    for (iid, composer, work, performer, ln, tail, hour, not_before) in NEW:
        new.append({"id": iid, "composer": composer, "work": work, "performer": performer, "len": ln, "in": round(rng.uniform(0.02, 0.4), 3),
                    "seg": ln, "tail": tail, "new": True, "hour": hour, "not_before": not_before})
    return old, new


def build_logs(rng, shas):
    auriga, sensors, loud, app, cdn, deploy, slack, tickets = (
        Log("auriga-kla-a.log"), Log("stillwatch-sensors.log"), Log("loudness-logger.log"), Log("sendeablauf.log"),
        Log("cdn-hls-access.log"), Log("gitlab-deploy.log"), Log("slack-sendeleitung.log"), Log("hoererservice-tickets.log"))
    stats = {"alarms": [], "prealarms": [], "gaps": [], "first": None}
    old, new = build_catalogue(rng)

    def alog(t, level, comp, msg):
        if START <= t < END:
            auriga.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {level:<5} [KLA-A] [{comp}] {msg}")

    def slog(t, level, logger, msg):
        if START <= t < END:
            app.add(t, python_logging(t, level, logger, msg))

    def version(t):
        if t < REL_315:
            return "3.14.0", shas["rel314"]
        if t < ROLLBACK:
            return "3.15.0", shas["rel315"]
        if t < FIX:
            return "3.14.0", shas["rel314"]
        return "3.15.1", shas["fix"]

    # ---- Klassik's schedule, played by the A chain
    def plan(swap):
        """Klassik's schedule as the music log planned it (swap=False) or as it
        was played (swap=True: from 09:25 the music team replaces the day's
        remaining new releases and their announcements with older recordings;
        after the re-analysis new items have their tail)."""
        prng = random.Random(71101)
        pool = old[:]
        prng.shuffle(pool)
        pool_i = [0]

        def next_old(max_len):
            for _ in range(len(pool)):
                it = pool[pool_i[0] % len(pool)]
                pool_i[0] += 1
                if it["seg"] - it["in"] <= max_len:
                    return it
            return None

        def add(t, it):
            segments.append((t, it))
            return t + dt.timedelta(seconds=(it["seg"] - it["in"]))

        segments, swapped = [], []
        for hour in range(5, 12):
            h0 = utc(f"2026-08-27 {hour:02d}:00:00")
            h1 = h0 + dt.timedelta(hours=1)
            t = h0 + dt.timedelta(milliseconds=prng.randint(-900, 300))
            t = add(t, {"id": "KLA-NEWS", "title": "NACHRICHTEN (Nordmark Info, live)", "len": 300.0, "in": 0.0, "seg": 300.0 + prng.uniform(-2, 2), "kind": "LIVE"})
            t = add(t, {"id": "KLA0000412", "title": "Station-ID Klassik (Harfe)", "len": 9.412, "in": 0.0, "seg": 8.9, "kind": "JINGLE"})
            if hour in (8, 9, 10):
                t = add(t, {"id": f"KLA00{44000 + hour}", "title": f"VT Neu im Regal {hour + 2}:00 Begrüßung", "len": 47.2 + hour, "in": 0.0, "seg": 46.8 + hour, "kind": "VT"})
            for n in sorted((n for n in new if n["hour"] == hour), key=lambda n: n["not_before"]):
                target = h0 + dt.timedelta(minutes=n["not_before"])
                while (target - t).total_seconds() > 90:
                    it = next_old((target - t).total_seconds() + 60)
                    if it is None:
                        break
                    t = add(t, it)
                vlen = round(prng.uniform(28, 55), 3)
                vt = {"id": f"KLA00{44100 + [x[0] for x in NEW].index(n['id'])}", "title": f"VT Ansage {n['composer'].split()[-1]}", "len": vlen, "in": 0.0, "seg": round(vlen - 0.4, 3), "kind": "VT"}
                if t + dt.timedelta(seconds=vlen + n["len"]) > h1 - dt.timedelta(seconds=10):
                    continue
                if swap and SWAP < t < REANALYSE:
                    swapped.append((t + dt.timedelta(seconds=vlen), n))
                    continue
                t = add(t, vt)
                if t > REANALYSE:
                    n = dict(n)
                    n["seg"] = round(n["len"] - n["tail"] + 0.5, 3)
                t = add(t, n)
            while (h1 - t).total_seconds() >= 100:
                it = next_old((h1 - t).total_seconds() - 5)
                if it is None:
                    break
                t = add(t, it)
            segments.append((t, {"id": "KLA0000433", "title": "Klavierbett (Fill)", "len": 600.0, "in": 0.0, "seg": (h1 - t).total_seconds(), "kind": "FILL"}))
        return segments, swapped

    planned, _ = plan(False)
    played, swapped = plan(True)
    planned_at = {it["id"]: t for t, it in planned if it.get("new")}
    timeline = []
    for i, (t0, it) in enumerate(played):
        if it.get("kind") == "FILL":
            it = dict(it)
            it["seg"] = (played[i + 1][0] - t0).total_seconds() if i + 1 < len(played) else it["seg"]
        timeline.append((t0, it))
    for _, n in swapped:
        alog(SWAP + dt.timedelta(seconds=rng.uniform(1, 40)), "INFO", "Log", f"Event {planned_at[n['id']].strftime('%H:%M:%S')} removed by user kla-musik: {n['id']} \"{n['composer']}: {n['work']} / {n['performer']}\" (and announcement)")
    alog(SWAP + dt.timedelta(seconds=44), "INFO", "Log", f"Playlist KLA 2026-08-27 edited by user kla-musik: {len(swapped) * 2} events removed, {len(swapped) * 2 + 1} inserted, backtiming recalculated")

    player = 1
    silence_spans = []  # (start, end) of dead air on KLA's output
    for i, (t0, it) in enumerate(timeline):
        nxt = timeline[i + 1][0] if i + 1 < len(timeline) else None
        title = it.get("title") or f"{it['composer']}: {it['work']}"
        if "performer" in it:
            title = f"{title} / {it['performer']}"
        if it.get("kind") == "LIVE":
            alog(t0, "INFO", "Scheduler", "Hard event NACHRICHTEN: live source INF-STUDIO joined on fader 5")
            alog(t0 + dt.timedelta(seconds=it["seg"]), "INFO", "Scheduler", "Live source INF-STUDIO released, automation resumes")
            continue
        if it.get("kind") == "FILL":
            alog(t0, "INFO", f"Player {player}", f"PLAY {it['id']} \"{title}\" len={it['len']:.3f} in=0.000 seg=hard")
            alog(t0 + dt.timedelta(seconds=it["seg"]), "INFO", "Scheduler", f"Hard event {(t0 + dt.timedelta(seconds=it['seg'] + 30)).strftime('%H:00:00')} NACHRICHTEN: fill {it['id']} faded after {it['seg']:.1f} s")
            player = 3 - player
            continue
        alog(t0 - dt.timedelta(seconds=rng.uniform(20, 40)), "DEBUG", f"Player {player}", f"LOAD {it['id']} \\\\auriga-nas\\audio\\KLA\\{it['id']}.wav")
        alog(t0, "INFO", f"Player {player}", f"PLAY {it['id']} \"{title}\" len={it['len']:.3f} in={it['in']:.3f} seg={it['seg']:.3f}")
        if nxt is not None:
            alog(nxt, "INFO", f"Player {player}", f"SEGUE -> Player {3 - player} at {it['seg']:.3f}")
            alog(nxt + dt.timedelta(seconds=min(3.0, it["len"] - it["seg"] + 0.2)), "INFO", f"Player {player}", f"STOP {it['id']} played={(it['seg'] - it['in']) + min(3.0, it['len'] - it['seg']):.1f}")
        if it.get("composer") and it.get("kind") is None:
            # now playing to RDS, DAB+ and the website
            slog(t0 + dt.timedelta(milliseconds=rng.randint(80, 400)), "INFO", "sendeablauf.bridge.now_playing", f"now playing KLA: {it['composer']} - {it['work']}")
        if it.get("new") and nxt is not None:
            silent_from = t0 + dt.timedelta(seconds=(it["len"] - it["tail"] - it["in"]))
            gap = (nxt - silent_from).total_seconds()
            if gap > 1.5:
                silence_spans.append((silent_from, nxt, it))
                stats["gaps"].append((silent_from, gap, it["id"]))
        elif it.get("new"):
            pass
        player = 3 - player
    stats["timeline"] = timeline

    # ---- other programmes: transitions with little gaps after new songs
    def other_gaps(prog, share_new, mean_len):
        gaps = []
        t = START - dt.timedelta(minutes=5)
        while t < END:
            t += dt.timedelta(seconds=rng.uniform(mean_len * 0.7, mean_len * 1.3))
            if prog != "INF" and t > utc("2026-08-27 05:40:00") and rng.random() < share_new and not (REANALYSE < t):
                gaps.append((t, t + dt.timedelta(seconds=rng.uniform(0.6, 2.9))))
        return gaps
    prog_gaps = {"KLA": [(a, b) for a, b, _ in silence_spans], "NM1": other_gaps("NM1", 0.15, 215), "JAM": other_gaps("JAM", 0.3, 195), "INF": []}

    # ---- the silence sensors
    sensor_host = {"NM1": "sps-nm1-1", "KLA": "sps-kla-1", "JAM": "sps-jam-1", "INF": "sps-inf-1"}
    emergency = []  # (from, to) KLA on the emergency audio

    def wlog(t, prog, msg):
        if START <= t < END:
            sensors.add(t, syslog3164(t, sensor_host[prog], "stillwatch", 412, msg))

    for prog in ("NM1", "KLA", "JAM", "INF"):
        t = START + dt.timedelta(seconds=rng.randint(0, 599))
        while t < END:
            lvl = {"NM1": -16.5, "KLA": -22.5, "JAM": -14.2, "INF": -19.0}[prog]
            wlog(t, prog, f"STATUS inputs A={lvl + rng.uniform(-3, 3):.1f}dBFS B={lvl + rng.uniform(-3, 3):.1f}dBFS source=A psu=OK ntp=sync")
            t += dt.timedelta(minutes=10)
    for (a, b, it) in silence_spans:
        length = (b - a).total_seconds()
        if length >= 5:
            wlog(a + dt.timedelta(seconds=5), "KLA", f"PREALARM silence input=A level={rng.uniform(-68, -58):.1f}dBFS duration=5s")
            stats["prealarms"].append((a + dt.timedelta(seconds=5), it["id"]))
        if length >= 8:
            at = a + dt.timedelta(seconds=8)
            wlog(at, "KLA", f"ALARM silence input=A level={rng.uniform(-68, -58):.1f}dBFS duration=8s action=switch source=EMERGENCY")
            wlog(at + dt.timedelta(milliseconds=300), "KLA", "trap sent to 10.40.8.21:162 (silenceAlarm)")
            back = b + dt.timedelta(seconds=10)
            wlog(back, "KLA", f"RESTORE input=A audio present 10s level={rng.uniform(-24, -17):.1f}dBFS action=switch source=A")
            wlog(back + dt.timedelta(milliseconds=300), "KLA", "trap sent to 10.40.8.21:162 (silenceCleared)")
            emergency.append((at, back))
            stats["alarms"].append((at, it["id"], length))
            if stats["first"] is None:
                stats["first"] = at
            # MON-23 relays it while 3.15.x runs
            if version(at)[0] != "3.14.0":
                slog(at + dt.timedelta(milliseconds=rng.randint(400, 900)), "WARNING", "sendeablauf.monitor.relay", "silence alarm relayed: KLA-PGM switched to EMERGENCY (8.0 s below -50.0 dBFS)")
    # a routine JAM pre-alarm from a presenter's talk-over pause, and NM1's test tone at 06:00 local
    wlog(utc("2026-08-27 06:47:12"), "JAM", "PREALARM silence input=A level=-55.1dBFS duration=5s")
    wlog(utc("2026-08-27 06:47:14"), "JAM", "PREALARM cleared input=A")

    # ---- the loudness logger, once a minute per programme
    base = {"NM1": (-22.4, -15.8), "KLA": (-24.8, -18.5), "JAM": (-21.2, -13.9), "INF": (-23.3, -17.2)}

    def overlap(spans, a, b):
        return sum(max(0.0, (min(y, b) - max(x, a)).total_seconds()) for x, y in spans)

    t = START
    while t < END:
        for prog in ("NM1", "KLA", "JAM", "INF"):
            i_, s_ = base[prog]
            sil = overlap(prog_gaps[prog], t - dt.timedelta(minutes=1), t)
            emer = overlap(emergency, t - dt.timedelta(minutes=1), t) if prog == "KLA" else 0
            ival = i_ + rng.uniform(-2.2, 2.2) + (4.5 * emer / 60)
            if sil > 20:
                ival -= 3
            m_max = s_ + 2.3 + rng.uniform(-2, 2.5) + (5 if emer else 0)
            tp = m_max + rng.uniform(6, 12)
            line = (f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')};{prog}-PGM;I={ival:.1f};S_max={s_ + rng.uniform(-2, 2) + (5 if emer else 0):.1f};"
                    f"M_max={m_max:.1f};TP_max={min(-0.3, tp):.1f};LRA={rng.uniform(4, 9) if prog != 'KLA' else rng.uniform(9, 17):.1f};silence={sil:.1f}s")
            loud.add(t + dt.timedelta(milliseconds=rng.randint(50, 400)), line)
        t += dt.timedelta(minutes=1)

    # ---- sendeablauf: starts, ingest, bridge, relay
    for at, ver in ((REL_315, "3.15.0"), (ROLLBACK, "3.14.0"), (FIX, "3.15.1")):
        h = version(at + dt.timedelta(seconds=1))[1][:7]
        for k, svc in enumerate(("ingest", "bridge", "relay")):
            slog(at + dt.timedelta(seconds=3 + k, milliseconds=rng.randint(0, 600)), "INFO", "sendeablauf", f"sendeablauf {ver} (git {h}) starting: {svc}")
        if ver in ("3.15.0", "3.15.1"):
            slog(at + dt.timedelta(seconds=9, milliseconds=rng.randint(0, 999)), "INFO", "sendeablauf.ingest.loudness", "recomputing gains for the schedules of 2026-08-27 (target -20.0 LUFS, ceiling -1.0 dBTP)")
            slog(at + dt.timedelta(seconds=41, milliseconds=rng.randint(0, 999)), "INFO", "sendeablauf.ingest.loudness", "gain updated for 318 scheduled items (target -20.0 LUFS)")
            alog(at + dt.timedelta(seconds=40), "INFO", "DB", "141 items updated (gain_db) by sendeablauf-bridge")
    # Jonas puts the old gains back after the rollback, from Auriga's snapshot
    alog(ROLLBACK + dt.timedelta(minutes=2, seconds=11), "INFO", "DB", "141 items restored (gain_db) from snapshot 2026-08-27 07:45 by user jpetersen")

    # ingest: the music editors' new files
    ingested = []
    t = utc("2026-08-27 06:24:00")
    n = 43433
    jn = 98812
    nn = 77140
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 230))
        if t >= END:
            break
        st = rng.choices(["JAM", "NM1", "KLA"], weights=[50, 30, 20])[0]
        if st == "KLA":
            iid, n = f"KLA00{n}", n + 1
            ln = rng.uniform(150, 900)
            lufs, tp = rng.uniform(-28, -19), rng.uniform(-6, -1)
            tail = rng.uniform(3, 18)
        elif st == "JAM":
            iid, jn = f"JAM00{jn}", jn + 1
            ln = rng.uniform(150, 260)
            lufs, tp = rng.uniform(-10, -6.5), rng.uniform(-0.9, 0.4)
            tail = rng.uniform(0.6, 3.0)
        else:
            iid, nn = f"NM100{nn}", nn + 1
            ln = rng.uniform(170, 290)
            lufs, tp = rng.uniform(-13, -8), rng.uniform(-1.5, 0.2)
            tail = rng.uniform(0.6, 3.5)
        ln = round(ln + rng.randint(0, 999) / 1000, 3)
        src = f"/mnt/ingest/{st.lower()}/{rng.choice(['0827', 'neu', 'bemusterung'])}_{rng.randint(1000, 9999)}.{'wav' if st == 'KLA' else rng.choice(['wav', 'flac', 'mp3'])}"
        ver = version(t)[0]
        slog(t, "INFO", "sendeablauf.ingest.worker", f"new file {src} (station {st})")
        t1 = t + dt.timedelta(seconds=rng.uniform(3, 9))
        slog(t1, "INFO", "sendeablauf.ingest.worker", f"transcoded to BWF 48 kHz/24 bit: {iid} ({ln:.2f} s)")
        t2 = t1 + dt.timedelta(seconds=rng.uniform(2, 6))
        target = -20.0 if ver.startswith("3.15") else -23.0
        if ver.startswith("3.15"):
            gain = round(min(target - lufs, -1.0 - tp), 1)
            slog(t2, "INFO", "sendeablauf.ingest.loudness", f"loudness {iid}: {lufs:.1f} LUFS, true peak {tp:.1f} dBTP, gain {gain:+.1f} dB (target {target:.1f})")
        else:
            gain = round(target - lufs, 1)
            slog(t2, "INFO", "sendeablauf.ingest.loudness", f"loudness {iid}: {lufs:.1f} LUFS, sample peak {min(0.0, tp - 0.4):.1f} dBFS, gain {gain:+.1f} dB (target {target:.1f})")
        t3 = t2 + dt.timedelta(seconds=rng.uniform(1, 4))
        head = round(rng.uniform(0.0, 0.6), 2)
        cue_in = round(max(0.0, head - 0.05), 3)
        if ver == "3.15.1":
            seg = round(ln - tail + 0.5, 3)
            slog(t3, "INFO", "sendeablauf.ingest.autocue", f"autocue {iid}: trimmed head {head:.2f} s, tail {tail:.2f} s")
        else:
            seg = ln
            slog(t3, "INFO", "sendeablauf.ingest.autocue", f"autocue {iid}: no trailing silence, cue-out at end of file ({ln:.3f} s)")
        t4 = t3 + dt.timedelta(milliseconds=rng.randint(40, 300))
        if rng.random() < 0.03:
            slog(t4, "WARNING", "httpx", f"HTTP Request: PUT http://auriga-db.sendeablauf.rnm.internal:8090/api/v2/items/{iid} \"HTTP/1.1 503 Service Unavailable\" (retrying)")
            t4 += dt.timedelta(seconds=1.2)
        slog(t4, "INFO", "sendeablauf.bridge.auriga", f"item {iid} registered in Auriga (len {ln:.3f}, in {cue_in:.3f}, segue {seg:.3f})")
        if st == "KLA":
            alog(t4 + dt.timedelta(milliseconds=rng.randint(30, 200)), "INFO", "DB", f"Item {iid} created by sendeablauf-bridge")
        ingested.append((t, iid))
    # an unreadable file (routine)
    slog(utc("2026-08-27 07:16:41"), "ERROR", "sendeablauf.ingest.worker", "ingest failed for /mnt/ingest/nm1/bemusterung_4471.mp3\nTraceback (most recent call last):\n  File \"/app/sendeablauf/ingest/worker.py\", line 58, in run\n    ingest(cfg, path.parent.name.upper(), path)\n  File \"/app/sendeablauf/ingest/worker.py\", line 27, in ingest\n    subprocess.run([\"ffmpeg\", \"-hide_banner\", \"-nostats\", \"-y\", \"-i\", str(src), \"-ar\", \"48000\", \"-c:a\", \"pcm_s24le\",\nsubprocess.CalledProcessError: Command '['ffmpeg', '-hide_banner', '-nostats', '-y', '-i', '/mnt/ingest/nm1/bemusterung_4471.mp3', '-ar', '48000', '-c:a', 'pcm_s24le', '-write_bext', '1', '/mnt/audio/NM1/NM10077151.wav']' returned non-zero exit status 183.")
    # the re-analysis after the fix
    slog(REANALYSE, "INFO", "sendeablauf", "sendeablauf 3.15.1 (git " + shas["fix"][:7] + ") starting: reanalyse")
    t = REANALYSE + dt.timedelta(seconds=2)
    re_n = 0
    re_changed = 0
    kla_changed = 0
    ids = ([f"KLA00{x}" for x in rng.sample(range(43300, 43433), 34)] + [f"JAM00{x}" for x in rng.sample(range(98600, 98812), 57)]
           + [f"NM100{x}" for x in rng.sample(range(77000, 77140), 40)])
    rng.shuffle(ids)
    for k, iid in enumerate(ids):
        t += dt.timedelta(seconds=rng.uniform(1.5, 4.5))
        tail = rng.uniform(3, 18) if iid.startswith("KLA") else rng.uniform(0.6, 3.2)
        if k in (3, 57):
            slog(t, "INFO", "sendeablauf.ingest.autocue", f"autocue {iid}: no trailing silence, cue-out at end of file ({rng.uniform(120, 300):.3f} s)")
        else:
            slog(t, "INFO", "sendeablauf.ingest.autocue", f"autocue {iid}: trimmed head {rng.uniform(0, 0.6):.2f} s, tail {tail:.2f} s")
            re_changed += 1
            kla_changed += iid.startswith("KLA")
        re_n += 1
    slog(t + dt.timedelta(seconds=1), "INFO", "sendeablauf.ingest.reanalyse", f"reanalysed {re_n} items ingested since 2026-08-25T13:10:00Z, {re_changed} cue points changed")
    alog(t + dt.timedelta(seconds=1), "INFO", "DB", f"{kla_changed} items updated (cue_in, segue) by sendeablauf-bridge")
    stats["reanalysed"] = (re_n, re_changed)
    # the relay's routine loudness violation (NM1 morning show, speech)
    slog(utc("2026-08-27 06:00:41"), "WARNING", "sendeablauf.monitor.relay", "loudness violation relayed: NM1-PGM hour 05:00-06:00 I=-21.6 LUFS (target -23.0 +/-1.0)")
    # bridge housekeeping: schedule sync every 15 min
    t = START + dt.timedelta(seconds=rng.randint(0, 120))
    while t < END:
        for prog in ("NM1", "KLA", "JAM", "INF"):
            slog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "sendeablauf.bridge.auriga", f"schedule sync {prog} 2026-08-27: {rng.randint(120, 160) if prog != 'INF' else rng.randint(60, 80)} events, {rng.choice([0, 0, 0, 1, 2])} changed")
        if rng.random() < 0.1:
            slog(t + dt.timedelta(seconds=2), "WARNING", "sendeablauf.bridge.now_playing", f"RDS encoder rds-{rng.choice(['nm1', 'jam'])}-2 did not acknowledge now-playing within 2 s, retrying")
        t += dt.timedelta(minutes=15)
    # now playing for the other programmes (about every 3.5 min)
    for prog, songs in (("NM1", ["Kristina Bach - Sommerwind", "Olli Schulz - Wölfe", "Ina Müller - Fährt ein Schiff", "Nena - Irgendwie, irgendwo, irgendwann", "Revolverheld - Ich lass für dich das Licht an", "Anna Depenbusch - Tablettenbuch"]),
                        ("JAM", ["Paula Hartmann - Truman Show Boot", "Luna - Verlernt", "Provinz - Was uns high macht", "Ayliva - Sie weiß", "Montez - Auf & Ab", "Nina Chuba - Wildberry Lillet"])):
        t = START + dt.timedelta(seconds=rng.randint(0, 200))
        while t < END:
            slog(t, "INFO", "sendeablauf.bridge.now_playing", f"now playing {prog}: {rng.choice(songs)}")
            t += dt.timedelta(seconds=rng.uniform(150, 260))

    # Auriga's routine lines
    t = START + dt.timedelta(seconds=rng.randint(0, 59))
    while t < END:
        alog(t, "INFO", "Audio", f"AES67 TX 239.69.12.1:5004 ok, PTP locked (offset {rng.randint(-180, 180)} ns), output level {-22 + rng.uniform(-3, 3):.1f} dBFS")
        alog(t + dt.timedelta(seconds=rng.uniform(1, 30)), "INFO", "Sync", f"Database sync with KLA-B ok ({rng.choice([0, 0, 1, 2, 3])} changes)")
        t += dt.timedelta(minutes=5)
    alog(START + dt.timedelta(seconds=2), "INFO", "Log", "Playlist KLA 2026-08-27 active, 151 events, next hard event 06:00:00")

    # ---- CDN access (sampled 1:400)
    progs = [("nm1", 40), ("kla", 12), ("jam", 30), ("inf", 18)]
    uas = ["AppleCoreMedia/1.0.0.22G90 (iPhone; U; CPU OS 18_6 like Mac OS X; de_de)", "RNM-App/6.4.1 (Android 15; ExoPlayer 1.4.1)",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 hls.js/1.5.20",
           "Sonos/82.2-61240 (ZPS33)", "radio.de/5.12 (Android)", "VLC/3.0.21 LibVLC/3.0.21"]
    t = START
    seqbase = {"nm1": 4012200, "kla": 4011950, "jam": 4012310, "inf": 4011875}
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(6.5 / 60))
        if t >= END:
            break
        prog = rng.choices([p for p, _ in progs], weights=[w for _, w in progs])[0]
        seq = seqbase[prog] + int((t - START).total_seconds() // 6)
        kind = rng.random()
        if kind < 0.45:
            path, size, ctype = f"/live/{prog}/aac_128/index.m3u8", rng.randint(700, 760), "application/vnd.apple.mpegurl"
            cache = rng.choice(["HIT", "HIT", "MISS"])
        elif kind < 0.93:
            q = rng.choice(["aac_128", "aac_128", "aac_48"])
            path, size, ctype = f"/live/{prog}/{q}/seg_{seq - rng.randint(0, 3)}.aac", 96000 if q == "aac_128" else 36000, "audio/aac"
            cache = "HIT"
        else:
            path, size, ctype = f"/live/{prog}/master.m3u8", 412, "application/vnd.apple.mpegurl"
            cache = "HIT"
        status = 200
        if rng.random() < 0.004:
            status, size = 404, 0
        cdn.add(t, json.dumps({"reqTimeSec": f"{t.timestamp():.3f}", "cliIP": f"{rng.choice(['91.64', '178.24', '87.123', '31.16', '94.134'])}.{rng.randint(1, 250)}.{rng.randint(1, 250)}",
                               "reqMethod": "GET", "reqHost": "live.rundfunk-nordmark.de", "reqPath": path, "statusCode": status, "totalBytes": size,
                               "cacheStatus": cache, "contentType": ctype, "turnAroundTimeMSec": rng.randint(1, 30) if cache == "HIT" else rng.randint(20, 140),
                               "UA": rng.choice(uas), "country": rng.choice(["DE", "DE", "DE", "DE", "DK", "AT", "ES"])}, separators=(",", ":")))

    # ---- GitLab deploy jobs
    def gl(t, text, stream="00O"):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    for (at, tag, sha, who, job, note) in ((REL_314 - dt.timedelta(seconds=95), "v3.14.0", shas["rel314"], "jonas.petersen", 88141, ""),
                                           (REL_315 - dt.timedelta(seconds=95), "v3.15.0", shas["rel315"], "jonas.petersen", 88412, ""),
                                           (ROLLBACK - dt.timedelta(seconds=95), "v3.14.0", shas["rel314"], "jonas.petersen", 88437, " (rollback of environment production)"),
                                           (FIX - dt.timedelta(seconds=95), "v3.15.1", shas["fix"], "jonas.petersen", 88466, "")):
        gl(at, f"Running with gitlab-runner 17.3.1 (66269445) on sa-runner-01 job {job}{note}")
        gl(at + dt.timedelta(seconds=1), f"Triggered by {who}: manual job deploy, ref {tag}, commit {sha}")
        gl(at + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        gl(at + dt.timedelta(seconds=6), f"$ ansible-playbook -i deploy/inventory.ini deploy/site.yml -e tag={tag}")
        gl(at + dt.timedelta(seconds=9), "PLAY [sendeablauf] *************************************************************")
        gl(at + dt.timedelta(seconds=22), "TASK [compose file and config] *************************************************")
        gl(at + dt.timedelta(seconds=25), "ok: [sa-ingest-01.rnm.internal]")
        gl(at + dt.timedelta(seconds=25, milliseconds=300), "ok: [sa-ingest-02.rnm.internal]")
        gl(at + dt.timedelta(seconds=26), "TASK [pull and restart] ********************************************************")
        gl(at + dt.timedelta(seconds=88), "changed: [sa-ingest-01.rnm.internal]")
        gl(at + dt.timedelta(seconds=90), "changed: [sa-ingest-02.rnm.internal]")
        gl(at + dt.timedelta(seconds=91), "PLAY RECAP *********************************************************************")
        gl(at + dt.timedelta(seconds=91, milliseconds=100), "sa-ingest-01.rnm.internal  : ok=3    changed=1    unreachable=0    failed=0")
        gl(at + dt.timedelta(seconds=91, milliseconds=200), "sa-ingest-02.rnm.internal  : ok=3    changed=1    unreachable=0    failed=0")
        gl(at + dt.timedelta(seconds=92), "Job succeeded")

    # ---- #sendeleitung
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "sendeleitung", "user_name": who, "text": text, "ts": f"{t.timestamp():.6f}"}, ensure_ascii=False))

    a1, a2, a3 = stats["alarms"][0][0], stats["alarms"][1][0], stats["alarms"][2][0]
    p_pre = stats["prealarms"][0][0] if stats["prealarms"] else None
    say(utc("2026-08-27 05:41:00"), "kerstin.voss", "Guten Morgen, Sendeleitung heute Kerstin. Jam-Moderation meinte gestern Abend, nach neuen Titeln gebe es manchmal kleine Löcher. Heute beobachten.")
    say(utc("2026-08-27 06:12:00"), "ole.brandt", "Jam: stimmt, nach 'Truman Show Boot' wieder so ein Loch, 2 Sekunden vielleicht. Nicht dramatisch.")
    say(REL_315 - dt.timedelta(minutes=4), "jonas.petersen", "Deploye sendeablauf 3.15.0: Musik auf -20 LUFS mit -1 dBTP (SA-409, die Gains der heutigen Sendepläne werden beim Start neu gerechnet), Stille-Alarme hier in den Kanal (MON-23), ffmpeg 7.1.")
    say(REL_315 + dt.timedelta(minutes=2), "jonas.petersen", "3.15.0 läuft, 318 Elemente mit neuem Gain in Auriga.")
    if version(a1)[0] != "3.14.0":
        say(a1 + dt.timedelta(seconds=1), "sendeablauf-relay", ":red_circle: Stille KLA-PGM: EMERGENCY aufgeschaltet")
    say(a1 + dt.timedelta(seconds=70), "kerstin.voss", "Klassik: nach dem Fauré (In Paradisum) ca. 14 s Funkstille, dann hat der Stillwatch das Notband aufgeschaltet, Popmusik auf Klassik! Nach dem Titel danach wieder A.")
    say(a1 + dt.timedelta(minutes=3), "jonas.petersen", "Oh. Die neuen Gains sind seit einer halben Stunde drin, vielleicht ist ein leises Ende jetzt unter -50 dBFS gerutscht? Schaue.")
    say(a1 + dt.timedelta(minutes=6), "tobias.kroeger", "Runbook: AES67/PTP. KLA-A 239.69.12.1 ohne Paketverlust, PTP locked, Offset < 200 ns. Studio K1 ist leer (Neu im Regal läuft automatisch).")
    say(a1 + dt.timedelta(minutes=9), "hoererservice", "Zwei Anrufe: 'Klassik ist weg' und 'warum läuft auf Klassik Popmusik'. Beide über UKW.")
    say(ROLLBACK - dt.timedelta(minutes=3), "jonas.petersen", "Ich rolle auf 3.14.0 zurück und setze die Gains wieder auf -23 LUFS, sicher ist sicher.")
    say(ROLLBACK + dt.timedelta(minutes=3), "jonas.petersen", "3.14.0 läuft (Rollback-Job), 318 Gains wieder auf -23.")
    if version(a2)[0] != "3.14.0":
        say(a2 + dt.timedelta(seconds=1), "sendeablauf-relay", ":red_circle: Stille KLA-PGM: EMERGENCY aufgeschaltet")
    say(a2 + dt.timedelta(seconds=50), "kerstin.voss", "Schon wieder Klassik, nach dem Sibelius (Schwan von Tuonela) 11 s Stille, dann Notband. Rollback hat nichts gebracht.")
    say(a2 + dt.timedelta(minutes=2), "jonas.petersen", "Die Gains sind es also nicht, die sind wieder alt.")
    say(a2 + dt.timedelta(minutes=5), "merle.hansen", "Fauré und Sibelius sind beide Neu im Regal, also diese Woche eingespielt. Und die Löcher bei Jam waren auch nach neuen Titeln.")
    say(a2 + dt.timedelta(minutes=9), "tobias.kroeger", "Auriga-Log: bei beiden ist seg= gleich len=, der Segue liegt am Dateiende. Bei den älteren Titeln liegt seg ein paar Sekunden vor dem Ende. Die Stille am Ende der Aufnahme wird ausgespielt.")
    say(a2 + dt.timedelta(minutes=13), "jonas.petersen", "Ingest-Log: heute jede Datei 'no trailing silence, cue-out at end of file', auch Jam-Titel mit Fade-out. Das kommt aus SA-412 (ffmpeg statt sox), live seit Dienstag 15:10 mit 3.14.0. Der Rollback konnte das nicht ändern.")
    say(a2 + dt.timedelta(minutes=15), "hannah.jessen", "Musikredaktion Klassik hier: gerade läuft der Barber, danach kommen noch Mahler und Vaughan Williams aus Neu im Regal.")
    say(a3 + dt.timedelta(seconds=40), "kerstin.voss", "Barber: 12 s Stille, Notband.")
    say(SWAP - dt.timedelta(minutes=1), "hannah.jessen", "Ich nehme Mahler und Vaughan Williams samt Ansagen raus und fülle mit Bestand auf, Auriga B übernimmt das per Sync.")
    say(SWAP + dt.timedelta(minutes=6), "jonas.petersen", "Gefunden: ffmpeg meldet für eine Stille, die bis zum Dateiende geht, am Ende noch silence_end. Unser Code nimmt nur ein silence_start ohne Ende als Schluss-Stille, also nie. Der Test hatte eine handgeschriebene ffmpeg-Ausgabe ohne diese Zeile. Fix SA-418 plus reanalyse für alles seit Dienstag.")
    say(FIX - dt.timedelta(minutes=3), "jonas.petersen", "Deploye 3.15.1 (SA-418; SA-409 und MON-23 sind wieder mit drin).")
    say(REANALYSE + dt.timedelta(minutes=7), "jonas.petersen", f"reanalyse fertig: {stats['reanalysed'][0]} Elemente seit Di 13:10, {stats['reanalysed'][1]} Cue-Punkte geändert und an Auriga gepusht. Zwei Titel enden wirklich hart.")
    say(REANALYSE + dt.timedelta(minutes=12), "hannah.jessen", "Danke! Clair de lune (Lisiecki) kommt um 12:40 wieder rein, der Rest der Neuheiten morgen.")
    say(utc("2026-08-27 10:50:30"), "tobias.kroeger", "Runbook ergänzt: bei Stille nach einem Titel seg= und len= im Auriga-Log vergleichen.")

    def ticket(t, tid, subject, body):
        tickets.add(t, json.dumps({"id": tid, "created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "queue": "Hörerservice", "channel": "E-Mail", "subject": subject, "body": body}, ensure_ascii=False))

    ticket(utc("2026-08-27 06:03:10"), "HS-2026-18832", "Empfang DAB+ Nordmark Jam in Heide", "Seit gestern bricht DAB+ im Auto zwischen Heide und Büsum immer wieder ab.")
    ticket(utc("2026-08-27 07:14:55"), "HS-2026-18840", "Playlist von gestern Abend", "Welches Stück lief gestern um 21:40 auf Klassik? Es war ein Klavierstück.")
    ticket(a1 + dt.timedelta(minutes=4), "HS-2026-18851", "Sendeausfall Klassik?", "Eben auf UKW 98,4 erst lange nichts und dann plötzlich Popmusik mitten im Requiem-Programm. Was ist da los?")
    ticket(a2 + dt.timedelta(minutes=3), "HS-2026-18857", "Schon wieder Stille", "Nach dem Sibelius wieder Stille und dann Schlager oder Pop. Bitte prüfen Sie Ihre Technik.")
    ticket(a3 + dt.timedelta(minutes=6), "HS-2026-18861", "Neu im Regal", "Schöne Sendung, aber die Pausen nach den Stücken sind zu lang und dann kommt etwas ganz anderes.")
    ticket(utc("2026-08-27 10:41:20"), "HS-2026-18873", "Livestream App", "In der App startet Klassik nicht auf meinem alten iPad (iOS 12).")
    stats["emergency"] = emergency
    return [auriga, sensors, loud, app, cdn, deploy, slack, tickets], stats


def build(out_dir):
    rng = random.Random(71100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert len(stats["alarms"]) == 3, stats["alarms"]
        assert REL_315 + dt.timedelta(minutes=12) < onset < ROLLBACK, onset
        assert ROLLBACK < stats["alarms"][1][0] < SWAP and stats["alarms"][2][0] < SWAP, stats["alarms"]
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        emergency = stats["emergency"]

        def emer_s(t):
            return sum(max(0.0, (min(b, t) - max(a, t - dt.timedelta(minutes=1))).total_seconds()) for a, b in emergency)

        metrics = {"stillwatch_emergency_seconds.json": query_range([({"job": "stillwatch", "programme": "KLA-PGM"}, emer_s)], START, END, 60)}
        a = stats["alarms"]
        return write_scenario(
            out_dir, name="r71-autocue-silence-end-eof", service=SERVICE, onset=onset,
            description=f"""
Rundfunk Nordmark's classical programme, Nordmark Klassik, goes silent
after some recordings on Thursday 27 August: from {onset.strftime('%H:%M:%S')} UTC the
programme's silence sensor switches the transmitters to its emergency
audio (a pop loop) three times, each time at the end of a piece from the
weekly new releases. sendeablauf 3.15.0 (loudness target, silence alarm
relay, ffmpeg 7.1) had been deployed at 07:52; it was rolled back to
3.14.0 at 08:38 without effect. The day's remaining new releases were
taken out of the schedule at 09:25; 3.15.1 went out at 10:12 and the cue
points were recomputed at 10:24.
""",
            logs=logs,
            line_formats={"auriga-kla-a.log": r'<Date> <Time> <Level>\s+\[<Chain>\] \[<Component>\] <Content>',
                          "loudness-logger.log": r'<Time>;<Programme>;<Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'no trailing silence, cue-out at end of file'],
            fix_files=["sendeablauf/ingest/autocue.py", "tests/test_autocue.py"],
            explanation=f"""
The culprit is SA-412 "autocue: ffmpeg silencedetect instead of sox"
({shas['culprit'][:7]}, Tuesday 25 August 08:40 UTC, {hours:.1f} h before the onset),
shipped in 3.14.0 on Tuesday at 13:10 by a deploy job that names the
release commit. It reads the trailing silence as a silence_start without
a silence_end, but ffmpeg's silencedetect reports the end of a silence
that lasts to the end of the file when the stream ends, so no new item
gets a tail: every file ingested since is registered with its segue at
the end of the file ("autocue ...: no trailing silence, cue-out at end of
file"; Auriga's PLAY lines show seg= equal to len=), and the playout
plays out the silence a recording ends with. Singles end within seconds
(little gaps on Jam and Nordmark 1); the classical new releases of
Klassik's "Neu im Regal" end in 11-14 s of decay and room tone, so the
Stillwatch sensor switched Klassik to its emergency audio after the
Fauré ({a[0][0].strftime('%H:%M:%S')}), the Sibelius ({a[1][0].strftime('%H:%M:%S')}) and the Barber ({a[2][0].strftime('%H:%M:%S')}). The fix
(SA-418, 3.15.1) takes a silence that ends at the end of the file as the
tail in autocue.py, with a test on real ffmpeg output, and re-analyses
the items ingested since Tuesday.
Decoys: 3.15.0, deployed {round((onset - REL_315).total_seconds() / 60)} minutes before the onset (SA-409, -20 LUFS with
a -1 dBTP ceiling, which recomputed the gains of every item of the day's
schedules; MON-23, which adds the very "silence alarm relayed" warning;
SA-415 in the culprit's file; the ffmpeg 7.1 bump), rolled back to
3.14.0, which holds the culprit, with the old gains restored, without
effect; Wednesday's runbook commit that reads a silence alarm as an
AES67/PTP dropout or a fader and says to roll back after a release;
SA-405's Auriga retries and the httpx bump; an unreadable MP3; routine
RDS acknowledgement retries, a loudness violation on Nordmark 1 and a
presenter's pause on Jam.
""",
        )
    finally:
        repo.close()
