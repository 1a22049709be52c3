"""instrument-gateway (Python 3.12, asyncio; two VMs in the laboratory's
instrument VLAN, igw-01 for the chemistry and immunoassay line and igw-02
for haematology and coagulation, installed by a manual GitLab CI job that
runs Ansible; team in Birmingham and Kraków) of Corran Pathology, a
clinical reference laboratory that tests samples for hospitals, GP
surgeries and occupational health clients. The gateway is the lab's own
analyser middleware: it holds a LIS1-A (formerly ASTM E1381) link to
each analyser's serial port through a Moxa NPort, answers the analysers'
host queries (an analyser reads a tube's barcode and asks which tests
to run) from the LIMS, and posts their results back to the LIMS. Tubes
come in by courier (the courier-bridge books pickups through the courier
company's API), are scanned at reception, spun and loaded on the LabFlow
track, which routes a tube the analysers could not run to its error lane.

On Tuesday 24 February at 11:37 UTC LIS-455 replaces `igw/astm/framing.py`
with one codec for both directions, `igw/astm/codec.py`: the Lumira
haematology analysers send results with flags over intermediate (ETB)
frames and the old receive path dropped their text (LIS-449). The new
Framer splits outgoing records into chunks of MAX_FRAME = 247 characters
of text, reading LIS1-A's 247 (a whole frame: STX, frame number, text,
ETB/ETX, checksum, CR LF) as the text's limit, which is 240. A record of
more than 240 characters now goes out in a frame of up to 254 characters;
the Vantis CX-8 chemistry analysers NAK it, six times, and the gateway
aborts the transmission: the analyser gets no order and the track sends
the tube to the error lane as "no order", as it does for tubes booked
late in the LIMS. Only an order record of about 25 tests or more is that
long; GP and hospital orders have 4 to 18. The release goes out in the
19:00 change window with the 2.13.0 release commit after it; a couple of
long orders overnight and a hospital pre-op screen at 09:41 end up on
the error lane and are run by hand.

Wednesday 25 February: Halden Occupational Health's corporate screening
day; its courier delivers 140 tubes at 10:28, 85 of them executive health
screens (31 chemistry tests each). From 10:46, as they are loaded, every
executive screen fails its host query on all four CX-8s and the error
lane fills. 2.14.0 had gone out at 10:16 (LIS-461 logs each NAK with the
frame's length, the very warning that now fills the log; LIS-462 shows
control characters in the link trace, in the culprit's file; the IA-4
ACK timeout; a pydantic bump). The runbook (LIS-457, Tuesday) reads NAKs
as line noise, so the on-call power-cycles CX8-3's Moxa port, then rolls
back to 2.13.0 at 11:22: the NAK warnings vanish, the aborts go on. The
senior BMS sees that only the executive screens fail and the CX-8s' event
logs say "frame length 254 exceeds 247"; the link trace of CX8-3 shows
frames of 247 characters of text; LIS-455's author recognises the limit.
2.14.1 (at most 240 characters of text per frame) goes out at 12:44 and
the error-lane tubes are reloaded and run.

Sources: instrument-gateway on igw-01 (Python logging, line format), the
link trace of CX8-3 (bytes as Python writes them), the analysers' event
log (Vantis Connect CSV export), the LabFlow track controller (syslog RFC
3164), reception's barcode scans (specimen-tracking JSON), courier-bridge
(logfmt), GitLab CI deploy jobs (job log with timestamps), #lab-it-incidents
(Teams export, JSON lines), ServiceNow incidents (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, syslog3164
from skeletons import chores

SERVICE = "instrument-gateway"
START, END = utc("2026-02-25 08:50:00"), utc("2026-02-25 13:20:00")
TUE_DEPLOY = utc("2026-02-24 19:06:40")   # 2.13.0 starts on igw-01
RELEASE = utc("2026-02-25 10:16:30")      # 2.14.0 starts on igw-01
MOXA_CYCLE = utc("2026-02-25 11:07:40")   # CX8-3's NPort port power-cycled
ROLLBACK = utc("2026-02-25 11:22:10")     # 2.13.0 again
TRACE_ON, TRACE_OFF = utc("2026-02-25 11:41:05"), utc("2026-02-25 11:56:30")
RELOAD_TRACE = utc("2026-02-25 11:44:10")  # five error-lane tubes reloaded onto CX8-3
FIXED = utc("2026-02-25 12:44:20")        # 2.14.1
RELOAD_ALL = utc("2026-02-25 12:50:00")
OH_DELIVERED = utc("2026-02-25 10:27:50")

CX8 = ["CX8-1", "CX8-2", "CX8-3", "CX8-4"]
IA4 = ["IA4-1", "IA4-2"]
PORTS = {"CX8-1": 4001, "CX8-2": 4002, "CX8-3": 4003, "CX8-4": 4004, "IA4-1": 4005, "IA4-2": 4006}
SERIALS = {"CX8-1": "CX8-48207", "CX8-2": "CX8-48209", "CX8-3": "CX8-48211", "CX8-4": "CX8-48230", "IA4-1": "IA4-10342", "IA4-2": "IA4-10357"}

PANELS = {
    "UE": ["NA", "K", "UREA", "CREA"],
    "LFT": ["ALB", "ALP", "ALT", "BILT", "TP"],
    "LIP": ["CHOL", "HDL", "TRIG"],
    "BONE": ["CA", "PHOS", "ALB"],
    "CRP": ["CRP"], "GLU": ["GLU"], "GGT": ["GGT"], "MG": ["MG"], "UA": ["UA"], "CK": ["CK"],
    "IRON": ["FE", "UIBC"], "AMY": ["AMY"], "AST": ["AST"], "LDH": ["LDH"],
}
EXEC_SCREEN = ["NA", "K", "CL", "BIC", "UREA", "CREA", "UA", "ALB", "TP", "BILT", "ALP", "ALT", "AST", "GGT", "CA", "PHOS",
               "MG", "CHOL", "HDL", "TRIG", "LDLD", "GLU", "CRP", "CK", "LDH", "FE", "UIBC", "AMY", "LIP", "APOA", "APOB"]
STD_SCREEN = ["NA", "K", "UREA", "CREA", "ALB", "TP", "BILT", "ALP", "ALT", "GGT", "CHOL", "HDL", "TRIG", "GLU", "CRP", "UA"]
PREOP_SCREEN = ["NA", "K", "CL", "BIC", "UREA", "CREA", "ALB", "TP", "BILT", "ALP", "ALT", "AST", "GGT", "CA", "PHOS", "MG",
                "GLU", "CRP", "CK", "LDH", "AMY", "LIP", "UA", "CHOL", "HDL", "TRIG", "FE"]
IA_TESTS = ["TSH", "FT4", "FT3", "FERR", "B12", "FOL", "PSA", "VITD", "CORT", "HCG"]


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "instrument-gateway"
version = "2.12.0"
description = "Corran Pathology's analyser middleware: LIS1-A links to the analysers, host queries against the LIMS, results back to it."
requires-python = ">=3.12"
dependencies = [
  "httpx==0.28.1",
  "pydantic==2.10.5",
  "prometheus-client==0.21.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.25.2"]

[project.scripts]
instrument-gateway = "igw.__main__:main"
igwctl = "igw.ctl:main"

[build-system]
requires = ["setuptools>=75"]
build-backend = "setuptools.build_meta"
"""

MAIN = '''import asyncio
import logging
import os
import signal
import socket

from igw import __version__, ctl, hostquery, results
from igw.astm.link import Link
from igw.config import load
from igw.lims import Lims
from igw.stats import Stats

FORMAT = "%(asctime)s.%(msecs)03d %(levelname)-7s [%(link)s] %(name)s: %(message)s"


class LinkFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "link"):
            record.link = "-"
        return True


async def serve(cfg):
    log = logging.getLogger("igw")
    log.info("instrument-gateway %s (%s) starting on %s", __version__, os.environ.get("IGW_COMMIT", "dev"), socket.gethostname())
    lims = Lims(cfg.lims)
    stats = Stats()
    links = [Link(a.name, a.host, a.port, ack_timeout=a.ack_timeout) for a in cfg.analysers]
    tasks = [asyncio.create_task(run_link(link, lims, stats)) for link in links]
    tasks.append(asyncio.create_task(stats.report_every(300)))
    tasks.append(asyncio.create_task(ctl.serve(cfg.ctl_socket, {link.name: link for link in links})))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    log.info("SIGTERM received, closing %d links", len(links))
    for link in links:
        await link.close()


async def run_link(link, lims, stats):
    while True:
        try:
            await link.open()
            while True:
                message = await link.receive()
                kind = message[1][0] if len(message) > 1 else "?"
                if kind == "Q":
                    await hostquery.answer(link, lims, stats, message)
                elif kind in ("P", "O"):
                    await results.post(link, lims, stats, message)
        except (ConnectionError, OSError, asyncio.IncompleteReadError) as err:
            logging.getLogger("igw.astm.link").warning("link down: %s, reconnecting in 5s", err, extra={"link": link.name})
            await asyncio.sleep(5)


def main():
    handler = logging.FileHandler(os.environ.get("IGW_LOG", "/var/log/instrument-gateway/gateway.log"))
    handler.setFormatter(logging.Formatter(FORMAT, "%Y-%m-%d %H:%M:%S"))
    handler.addFilter(LinkFilter())
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    asyncio.run(serve(load(os.environ.get("IGW_CONFIG", "/etc/instrument-gateway/production.toml"))))


if __name__ == "__main__":
    main()
'''

CONFIG_PY = '''import tomllib
from dataclasses import dataclass


@dataclass
class Analyser:
    name: str
    kind: str
    host: str
    port: int
    ack_timeout: float = 15.0


@dataclass
class LimsConfig:
    base_url: str
    timeout: float = 5.0


@dataclass
class Config:
    lims: LimsConfig
    analysers: list[Analyser]
    ctl_socket: str = "/run/instrument-gateway/ctl.sock"


def load(path):
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    with open(raw["analysers_file"], "rb") as handle:
        analysers = [Analyser(**a) for a in tomllib.load(handle)["analyser"]]
    return Config(lims=LimsConfig(**raw["lims"]), analysers=analysers)
'''

FRAMING = '''"""LIS1-A (formerly ASTM E1381) frames: what goes on the wire between ENQ
and EOT.

    <STX> FN text <ETB or ETX> C1 C2 <CR> <LF>

FN is the frame number (1-7, 0, 1, ...), C1 C2 the checksum. A record is
at most one frame; a longer one goes out as intermediate frames (ETB) and
an end frame (ETX)."""

STX, ETX, ETB, EOT, ENQ, ACK, NAK = b"\\x02", b"\\x03", b"\\x17", b"\\x04", b"\\x05", b"\\x06", b"\\x15"
CR, LF = "\\r", "\\n"

MAX_TEXT = 240  # LIS1-A 6.3.1: at most 240 characters of text in a frame


class FrameError(Exception):
    pass


def checksum(body: bytes) -> bytes:
    """Modulo-256 sum of the bytes from FN up to and including ETX/ETB, in hex."""
    return b"%02X" % (sum(body) % 256)


def build_frames(records: list[str]) -> list[bytes]:
    frames = []
    fn = 1
    for record in records:
        text = record + CR
        chunks = [text[i:i + MAX_TEXT] for i in range(0, len(text), MAX_TEXT)]
        for k, chunk in enumerate(chunks):
            end = ETX if k == len(chunks) - 1 else ETB
            body = str(fn % 8).encode() + chunk.encode("latin-1") + end
            frames.append(STX + body + checksum(body) + b"\\r\\n")
            fn += 1
    return frames


def parse_frame(raw: bytes) -> tuple[int, str, bool]:
    """(frame number, text, last) of a received frame."""
    if not raw.startswith(STX) or not raw.endswith(b"\\r\\n"):
        raise FrameError("malformed frame")
    body, sent = raw[1:-4], raw[-4:-2]
    if checksum(body) != sent:
        raise FrameError(f"checksum mismatch in received frame {body[:1].decode()} (expected {checksum(body).decode()}, got {sent.decode()})")
    return int(body[:1]), body[1:-1].decode("latin-1"), body[-1:] == ETX
'''

LINK_V1 = '''"""The LIS1-A (formerly ASTM E1381) link to one analyser: establishment
(ENQ/ACK), transfer of frames with ACK/NAK and retransmission, termination
(EOT). The analyser's serial port is reached through a Moxa NPort in TCP
server mode (one TCP port per serial port)."""

import asyncio
import logging
from dataclasses import dataclass

from igw.astm import framing
from igw.astm.framing import ACK, ENQ, EOT, NAK, STX

log = logging.getLogger("igw.astm.link")

MAX_ATTEMPTS = 6  # LIS1-A 6.5.2: the sender aborts after six unsuccessful attempts


@dataclass
class Transmission:
    records: int
    frames: int
    ok: bool


class Link:
    def __init__(self, name, host, port, ack_timeout=15.0):
        self.name = name
        self.host = host
        self.port = port
        self.ack_timeout = ack_timeout
        self.trace = None
        self._lock = asyncio.Lock()
        self._extra = {"link": name}

    async def open(self):
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        log.info("link up: %s:%d (ack timeout %ds)", self.host, self.port, self.ack_timeout, extra=self._extra)

    async def close(self):
        self._writer.close()

    def _write(self, data: bytes):
        if self.trace:
            self.trace.write(self.name, "->", data)
        self._writer.write(data)

    async def _read_control(self, timeout):
        data = await asyncio.wait_for(self._reader.read(1), timeout)
        if self.trace:
            self.trace.write(self.name, "<-", data)
        return data

    async def send(self, records: list[str]) -> Transmission:
        """Sends one message as a transmission: ENQ, the frames, EOT."""
        frames = framing.build_frames(records)
        async with self._lock:
            self._write(ENQ)
            if await self._read_control(self.ack_timeout) != ACK:
                log.warning("analyser did not accept ENQ, retrying in 10s", extra=self._extra)
                await asyncio.sleep(10)
                return await self.send(records)
            for frame in frames:
                for attempt in range(1, MAX_ATTEMPTS + 1):
                    self._write(frame)
                    if await self._read_control(self.ack_timeout) == ACK:
                        break
                    log.debug("NAK for frame %s, attempt %d/%d", frame[1:2].decode(), attempt, MAX_ATTEMPTS, extra=self._extra)
                else:
                    self._write(EOT)
                    log.error("transmission aborted after %d NAKs", MAX_ATTEMPTS, extra=self._extra)
                    return Transmission(len(records), len(frames), False)
            self._write(EOT)
            return Transmission(len(records), len(frames), True)

    async def receive(self) -> list[str]:
        """The records of the analyser's next transmission."""
        while await self._reader.read(1) != ENQ:
            pass
        self._write(ACK)
        records = []
        while True:
            raw = await self._reader.readuntil(b"\\n") if (first := await self._reader.read(1)) == STX else first
            if raw == EOT:
                return records
            try:
                fn, text, last = framing.parse_frame(STX + raw)
            except framing.FrameError as err:
                log.warning("%s, NAK sent", err, extra=self._extra)
                self._write(NAK)
                continue
            self._write(ACK)
            if last:
                records.append(text.rstrip("\\r"))
'''

RECORDS = '''"""LIS2-A2 (formerly ASTM E1394) records, as the gateway builds and reads them."""

from datetime import datetime

DELIMITERS = "\\\\^&"  # repeat, component, escape (after the field delimiter |)


def header(receiver: str, version: str) -> str:
    return f"H|{DELIMITERS}|||LIMS^igw^{version}|||||{receiver}||P|1|{datetime.now():%Y%m%d%H%M%S}"


def patient(seq: int, patient_id: str) -> str:
    return f"P|{seq}||{patient_id}"


def order(seq: int, sample_id: str, tests: list[str], collected: datetime, priority: str = "R", specimen: str = "SERUM") -> str:
    universal = "\\\\".join(f"^^^{code}" for code in tests)
    return f"O|{seq}|{sample_id}||{universal}|{priority}||{collected:%Y%m%d%H%M%S}||||A||||{specimen}||||||||||O"


def no_information(seq: int, sample_id: str) -> str:
    return f"O|{seq}|{sample_id}||^^^ALL|R||||||||||||||||||||Y"


def terminator() -> str:
    return "L|1|N"


def query_sample_id(message: list[str]) -> str:
    """The sample id of a Q record: Q|1|^7014823561||^^^ALL||||||||O"""
    fields = message[1].split("|")
    return fields[2].split("^")[1]
'''

HOSTQUERY_V1 = '''"""Answers an analyser's host query: which tests to run on the tube it has
just read. The order comes from the LIMS; a tube the LIMS does not know
(yet) gets "no information" and goes to the track's error lane."""

import logging
import time

from igw import __version__
from igw.astm import records

log = logging.getLogger("igw.hostquery")


async def answer(link, lims, stats, message):
    extra = {"link": link.name}
    sample_id = records.query_sample_id(message)
    order = await lims.order(sample_id, link.name)
    if order is None:
        await link.send([records.header(link.name, __version__), records.no_information(1, sample_id), records.terminator()])
        stats.count("no_order")
        log.warning("sample %s: no order in LIMS (404), answered no information", sample_id, extra=extra)
        return
    msg = [
        records.header(link.name, __version__),
        records.patient(1, order.patient_id),
        records.order(1, sample_id, order.tests, order.collected, order.priority),
        records.terminator(),
    ]
    started = time.monotonic()
    sent = await link.send(msg)
    if not sent.ok:
        stats.count("not_delivered")
        log.warning("sample %s: order not delivered (%d tests, %d records, %d frames)", sample_id, len(order.tests), sent.records, sent.frames, extra=extra)
        return
    stats.count("sent")
    log.info("sample %s: order sent, %d tests (%d records, %d frames) in %.2fs", sample_id, len(order.tests), sent.records, sent.frames,
             time.monotonic() - started, extra=extra)
'''

RESULTS_V1 = '''"""Results from an analyser (P, O and R records) to the LIMS."""

import logging
import time

log = logging.getLogger("igw.results")


def parse(message):
    sample_id, results = None, []
    for record in message:
        fields = record.split("|")
        if fields[0] == "O":
            sample_id = fields[2]
        elif fields[0] == "R":
            code = fields[2].split("^")[3]
            results.append({"test": code, "value": fields[3], "units": fields[4], "flag": fields[6] or None})
    return sample_id, results


async def post(link, lims, stats, message):
    sample_id, results = parse(message)
    started = time.monotonic()
    status = await lims.post_results(sample_id, link.name, results)
    stats.count("results")
    log.info("sample %s: %d results posted to LIMS (%d) in %.2fs", sample_id, len(results), status, time.monotonic() - started,
             extra={"link": link.name})
'''

LIMS_PY = '''import logging
import time
from dataclasses import dataclass
from datetime import datetime

import httpx

log = logging.getLogger("igw.lims")


@dataclass
class Order:
    patient_id: str
    tests: list[str]
    collected: datetime
    priority: str


class Lims:
    def __init__(self, cfg):
        self._http = httpx.AsyncClient(base_url=cfg.base_url, timeout=cfg.timeout)

    async def order(self, sample_id, analyser):
        started = time.monotonic()
        resp = await self._http.get(f"/specimens/{sample_id}/orders", params={"analyser": analyser})
        if (took := time.monotonic() - started) > 2:
            log.warning("LIMS slow: GET /specimens/%s/orders took %.1fs", sample_id, took)
        if resp.status_code == 404:
            return None
        resp.raise_for_status()
        body = resp.json()
        return Order(body["patient_id"], body["tests"], datetime.fromisoformat(body["collected"]), body["priority"])

    async def post_results(self, sample_id, analyser, results):
        resp = await self._http.post(f"/specimens/{sample_id}/results", json={"analyser": analyser, "results": results})
        return resp.status_code
'''

STATS_PY = '''import asyncio
import logging
from collections import Counter

log = logging.getLogger("igw.stats")


class Stats:
    def __init__(self):
        self._n = Counter()

    def count(self, what):
        self._n[what] += 1

    async def report_every(self, seconds):
        while True:
            await asyncio.sleep(seconds)
            n, self._n = self._n, Counter()
            log.info("last %d min: %d host queries, %d orders sent, %d no order, %d not delivered; %d result sets posted",
                     seconds // 60, n["sent"] + n["no_order"] + n["not_delivered"], n["sent"], n["no_order"], n["not_delivered"], n["results"])
'''

CTL_PY = '''"""igwctl: a small admin socket. `igwctl trace CX8-3 on` writes every byte
of that link to /var/log/instrument-gateway/trace-CX8-3.log."""

import asyncio
import logging
import sys
from datetime import datetime

log = logging.getLogger("igw.ctl")


class Trace:
    def __init__(self, path):
        self._file = open(path, "a", buffering=1)

    def write(self, link, direction, data: bytes):
        now = datetime.now()
        self._file.write(f"{now:%Y-%m-%d %H:%M:%S}.{now.microsecond // 1000:03d} {link} {direction} {data!r}\\n")


async def serve(path, links):
    async def handle(reader, writer):
        cmd = (await reader.readline()).decode().split()
        if cmd[:1] == ["trace"] and len(cmd) == 3 and cmd[1] in links:
            link = links[cmd[1]]
            if cmd[2] == "on":
                target = f"/var/log/instrument-gateway/trace-{link.name}.log"
                link.trace = Trace(target)
                log.info("trace on for %s -> %s", link.name, target, extra={"link": link.name})
            else:
                link.trace = None
                log.info("trace off for %s", link.name, extra={"link": link.name})
        writer.close()

    await asyncio.start_unix_server(handle, path)


def main():
    async def send():
        reader, writer = await asyncio.open_unix_connection("/run/instrument-gateway/ctl.sock")
        writer.write((" ".join(sys.argv[1:]) + "\\n").encode())
        await writer.drain()

    asyncio.run(send())
'''

ANALYSERS_TOML = """# Analysers on igw-01 (chemistry and immunoassay line). Serial ports through
# moxa-chem-01 (NPort 5650-8, TCP server mode, 9600 8N1).

[[analyser]]
name = "CX8-1"
kind = "chemistry"
host = "moxa-chem-01.lab.corran.local"
port = 4001

[[analyser]]
name = "CX8-2"
kind = "chemistry"
host = "moxa-chem-01.lab.corran.local"
port = 4002

[[analyser]]
name = "CX8-3"
kind = "chemistry"
host = "moxa-chem-01.lab.corran.local"
port = 4003

[[analyser]]
name = "CX8-4"
kind = "chemistry"
host = "moxa-chem-01.lab.corran.local"
port = 4004

[[analyser]]
name = "IA4-1"
kind = "immunoassay"
host = "moxa-chem-01.lab.corran.local"
port = 4005

[[analyser]]
name = "IA4-2"
kind = "immunoassay"
host = "moxa-chem-01.lab.corran.local"
port = 4006
"""

PROD_TOML = """analysers_file = "/etc/instrument-gateway/analysers.toml"

[lims]
base_url = "https://lims-api.lab.corran.local/api/v2"
timeout = 5.0
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

wheel:
  stage: build
  image: python:3.12-slim
  script:
    - pip wheel --no-deps -w dist .
  artifacts:
    paths: [dist/]

deploy:
  stage: deploy
  tags: [lab-shell]
  when: manual
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - ansible-playbook -i deploy/ansible/inventory/production.ini deploy/ansible/playbook.yml -e igw_version=${CI_COMMIT_TAG#v}
"""

PLAYBOOK = """- name: instrument gateways
  hosts: gateways
  serial: 1
  become: true
  roles:
    - igw
"""

INVENTORY = """[gateways]
igw-01 ansible_host=10.40.12.21
igw-02 ansible_host=10.40.12.22
"""

SYSTEMD = """[Unit]
Description=Corran instrument gateway (analyser links)
After=network-online.target

[Service]
User=igw
Environment=IGW_CONFIG=/etc/instrument-gateway/production.toml
EnvironmentFile=/etc/instrument-gateway/commit.env
ExecStart=/opt/instrument-gateway/bin/instrument-gateway
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""

README = """# instrument-gateway

Corran Pathology's analyser middleware. One LIS1-A link per analyser
(serial ports through Moxa NPorts), host queries answered from the LIMS
API, results posted back to it. Runs on igw-01 (chemistry and
immunoassay line) and igw-02 (haematology, coagulation).

## Running locally

```
pip install -e .[test]
IGW_CONFIG=config/local.toml python -m igw
```

## Deploying

Tag a release (`v2.x.y`) and run the manual `deploy` job: Ansible updates
igw-01, then igw-02. Outside the 19:00 change window only as a standard
change (see the CAB page). `igwctl trace <analyser> on|off` writes a link's
bytes to /var/log/instrument-gateway/trace-<analyser>.log.
"""

RUNBOOK = """# instrument-gateway runbook

Owner: Lab IT, LIMS integration (#lab-it-incidents). Out of hours: the
on-call developer via the switchboard.

## Link down

`link down` or no traffic from an analyser for 10 minutes in the day. Check
the analyser is in host mode, then the Moxa port (`telnet moxa-chem-01 4001`).

## Tubes on the error lane with "no order"

Usually tubes booked in the LIMS after they were loaded (add-ons, late
request forms): the gateway logs `no order in LIMS (404)`. Reload the tube
once the request is booked.
"""

ANALYSERS_DOC = """# Analysers and their host query mode

| Analyser | Kind | Link | Mode |
|---|---|---|---|
| CX8-1..4 (Vantis CX-8) | chemistry | moxa-chem-01 ports 1-4, 9600 8N1 | host query per tube |
| IA4-1..2 (Vantis IA-4) | immunoassay | moxa-chem-01 ports 5-6 | host query per tube |
| HX20-1..3 (Lumira HX-20) | haematology | moxa-haem-01 ports 1-3 (igw-02) | host query per tube |
| CG5-1..2 (Coagix CG-5) | coagulation | moxa-haem-01 ports 5-6 (igw-02) | batch download |

An analyser reads the tube's barcode at its sampling point and sends a
query (Q record). We answer with H, P, O and L records; the O record lists
the tests as `^^^CODE` repeats. An analyser that gets no order in time, or
"no information", skips the tube and the track sends it to error lane E2.

The Lumira HX-20 sends results with flags and histogram indices split over
intermediate (ETB) frames; the Vantis analysers send one frame per record.
"""


def build_repo():
    repo = Repo()
    eilidh = Person("Eilidh Munro", "eilidh.munro@corranpath.co.uk", 0)
    pawel = Person("Paweł Zieliński", "pawel.zielinski@corranpath.co.uk", 60)
    kwame = Person("Kwame Asante", "kwame.asante@corranpath.co.uk", 0)
    bot = Person("Renovate Bot", "renovate@corranpath.co.uk", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "igw/__init__.py": '__version__ = "2.12.0"\n',
        "igw/__main__.py": MAIN,
        "igw/config.py": CONFIG_PY,
        "igw/astm/__init__.py": "",
        "igw/astm/framing.py": FRAMING,
        "igw/astm/link.py": LINK_V1,
        "igw/astm/records.py": RECORDS,
        "igw/hostquery.py": HOSTQUERY_V1,
        "igw/results.py": RESULTS_V1,
        "igw/lims.py": LIMS_PY,
        "igw/stats.py": STATS_PY,
        "igw/ctl.py": CTL_PY,
        "config/analysers.toml": ANALYSERS_TOML,
        "config/production.toml": PROD_TOML,
        "deploy/ansible/playbook.yml": PLAYBOOK,
        "deploy/ansible/inventory/production.ini": INVENTORY,
        "deploy/systemd/instrument-gateway.service": SYSTEMD,
        ".gitlab-ci.yml": GITLAB_CI,
        "tests/test_framing.py": 'from igw.astm.framing import build_frames, parse_frame\n\n\ndef test_short_record_is_one_frame():\n    frames = build_frames(["H|\\\\^&|||LIMS", "L|1|N"])\n    assert [parse_frame(f)[0] for f in frames] == [1, 2]\n\n\ndef test_long_record_is_split():\n    frames = build_frames(["O|1|123||" + "\\\\".join(["^^^NA"] * 60)])\n    assert len(frames) == 2\n    assert all(len(f) <= 247 for f in frames)\n',
        "tests/test_records.py": 'from datetime import datetime\n\nfrom igw.astm import records\n\n\ndef test_order_lists_tests_as_repeats():\n    rec = records.order(1, "7014823561", ["NA", "K"], datetime(2026, 2, 20, 9, 0))\n    assert rec.startswith("O|1|7014823561||^^^NA\\\\^^^K|R||20260220090000")\n',
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 2.12.0\n\n- IA-4 results with dilution factors (LIS-431).\n",
    }
    repo.commit(utc("2026-02-18 10:05:00"), eilidh, "instrument-gateway 2.12.0", files)
    crng = random.Random(56103)
    repo.schedule(chores(crng, SERVICE, [eilidh, kwame, pawel], utc("2026-02-18 11:00:00"), utc("2026-02-20 17:00:00"), 3)
                  + chores(crng, SERVICE, [kwame, eilidh], utc("2026-02-23 08:30:00"), utc("2026-02-23 17:00:00"), 1))
    repo.commit(utc("2026-02-19 14:25:00"), kwame, "results: keep the analyser's flag on each result (LIS-441)\n\nH/L/HH flags from the CX-8 were dropped, so the LIMS recomputed them\nfrom its own ranges.", {
        "igw/results.py": sub(repo.files["igw/results.py"], '"flag": fields[6] or None', '"flag": (fields[6] or None) and fields[6].strip()'),
    })
    repo.commit(utc("2026-02-20 07:40:00"), bot, "chore(deps): update python docker tag to v3.12.9", {
        ".gitlab-ci.yml": repo.files[".gitlab-ci.yml"].replace("image: python:3.12-slim", "image: python:3.12.9-slim"),
    })
    repo.commit(utc("2026-02-23 11:15:00"), eilidh, "docs: analysers and their host query mode", {"docs/analysers.md": ANALYSERS_DOC})

    codec = '''"""One codec for LIS1-A (formerly ASTM E1381) frames, both directions (LIS-455).

    <STX> FN text <ETB or ETX> C1 C2 <CR> <LF>

FN is the frame number (1-7, 0, 1, ...), C1 C2 the checksum. A record
longer than a frame goes out as intermediate frames (ETB) and an end
frame (ETX); the receiver joins the text of an ETB frame to the frames
after it until the ETX frame ends the record."""

from dataclasses import dataclass, field

STX, ETX, ETB, EOT, ENQ, ACK, NAK = b"\\x02", b"\\x03", b"\\x17", b"\\x04", b"\\x05", b"\\x06", b"\\x15"
CR = "\\r"

MAX_FRAME = 247  # LIS1-A 6.3: frames carry up to 247 characters


class FrameError(Exception):
    pass


def checksum(body: bytes) -> bytes:
    """Modulo-256 sum of the bytes from FN up to and including ETX/ETB, in hex."""
    return b"%02X" % (sum(body) % 256)


@dataclass
class Framer:
    encoding: str = "latin-1"
    max_frame: int = MAX_FRAME
    _expected: int = 1
    _pending: list[str] = field(default_factory=list)

    def encode(self, records: list[str]) -> list[bytes]:
        """The frames of one transmission; frame numbers start at 1."""
        frames = []
        fn = 1
        for record in records:
            text = record + CR
            for start in range(0, len(text), self.max_frame):
                chunk = text[start:start + self.max_frame]
                end = ETX if start + self.max_frame >= len(text) else ETB
                body = str(fn % 8).encode() + chunk.encode(self.encoding) + end
                frames.append(STX + body + checksum(body) + b"\\r\\n")
                fn += 1
        return frames

    def reset(self):
        self._expected = 1
        self._pending.clear()

    def decode(self, raw: bytes) -> str | None:
        """Feeds one received frame; returns the record once its end frame is in.
        Raises FrameError for a frame to NAK (bad checksum, wrong number)."""
        if not raw.startswith(STX) or not raw.endswith(b"\\r\\n"):
            raise FrameError("malformed frame")
        body, sent = raw[1:-4], raw[-4:-2]
        if checksum(body) != sent:
            raise FrameError(f"checksum mismatch in received frame {body[:1].decode()} (expected {checksum(body).decode()}, got {sent.decode()})")
        fn = int(body[:1])
        if fn == (self._expected - 1) % 8:
            return None  # a retransmission of a frame we already took
        if fn != self._expected % 8:
            raise FrameError(f"frame number {fn}, expected {self._expected % 8}")
        self._expected += 1
        self._pending.append(body[1:-1].decode(self.encoding))
        if body[-1:] == ETB:
            return None
        record = "".join(self._pending).rstrip(CR)
        self._pending.clear()
        return record
'''
    link_v2 = sub(LINK_V1,
                  "from igw.astm import framing\nfrom igw.astm.framing import ACK, ENQ, EOT, NAK, STX\n",
                  "from igw.astm.codec import ACK, ENQ, EOT, NAK, STX, FrameError, Framer\n",
                  "        self._lock = asyncio.Lock()\n",
                  "        self._lock = asyncio.Lock()\n        self._framer = Framer()\n",
                  "        frames = framing.build_frames(records)\n",
                  "        frames = self._framer.encode(records)\n",
                  '''        self._write(ACK)
        records = []
        while True:
            raw = await self._reader.readuntil(b"\\n") if (first := await self._reader.read(1)) == STX else first
            if raw == EOT:
                return records
            try:
                fn, text, last = framing.parse_frame(STX + raw)
            except framing.FrameError as err:
                log.warning("%s, NAK sent", err, extra=self._extra)
                self._write(NAK)
                continue
            self._write(ACK)
            if last:
                records.append(text.rstrip("\\r"))
''', '''        self._write(ACK)
        self._framer.reset()
        records = []
        while True:
            raw = await self._reader.readuntil(b"\\n") if (first := await self._reader.read(1)) == STX else first
            if raw == EOT:
                return records
            try:
                record = self._framer.decode(STX + raw)
            except FrameError as err:
                log.warning("%s, NAK sent", err, extra=self._extra)
                self._write(NAK)
                continue
            self._write(ACK)
            if record is not None:
                records.append(record)
''')
    culprit = repo.commit(utc("2026-02-24 11:37:00"), pawel, "astm: one LIS1-A codec for both directions (LIS-455)\n\nThe Lumira HX-20 sends results with flags and histogram indices over\nintermediate (ETB) frames. framing.parse_frame/Link.receive kept only\nthe text of the end frame, so those results reached the LIMS without\ntheir flags (LIS-449). Replace framing.py with astm/codec.py: a Framer\nthat builds and reassembles frames, checks checksums and frame numbers\n(and takes a retransmitted frame once), used by the link both ways.\nFrames carry up to 247 characters, as in LIS1-A 6.3.", {
        "igw/astm/framing.py": None,
        "igw/astm/codec.py": codec,
        "igw/astm/link.py": link_v2,
        "tests/test_framing.py": None,
        "tests/test_codec.py": 'from igw.astm.codec import Framer\n\n\ndef test_roundtrip_long_record():\n    record = "R|1|^^^HGB^^F|" + "A" * 500\n    out = Framer()\n    frames = out.encode(["H|\\\\^&", record, "L|1|N"])\n    inp = Framer()\n    got = [r for r in (inp.decode(f) for f in frames) if r is not None]\n    assert got == ["H|\\\\^&", record, "L|1|N"]\n\n\ndef test_retransmitted_frame_is_taken_once():\n    frames = Framer().encode(["H|\\\\^&", "L|1|N"])\n    inp = Framer()\n    assert inp.decode(frames[0]) == "H|\\\\^&"\n    assert inp.decode(frames[0]) is None\n    assert inp.decode(frames[1]) == "L|1|N"\n',
    })
    rel213 = repo.commit(utc("2026-02-24 15:20:00"), eilidh, "release 2.13.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.12.0"', 'version = "2.13.0"'),
        "igw/__init__.py": '__version__ = "2.13.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.13.0\n\n- One LIS1-A codec for both directions; HX-20 results over ETB frames keep their flags (LIS-455, LIS-449).\n- Results keep the analyser's flag (LIS-441).\n"),
    })
    repo.commit(utc("2026-02-24 16:10:00"), kwame, "runbook: NAKs and aborted transmissions (LIS-457)", {
        "docs/runbook.md": RUNBOOK + """
## NAKs and aborted transmissions

`transmission aborted after 6 NAKs` means the analyser refused a frame six
times. On a serial link that is almost always line noise: a loose or
damaged cable, a port set to the wrong baud rate, or a Moxa port in a bad
state. Check the cable at both ends and the port's settings (9600 8N1),
then power-cycle the port from the NPort's web console (Serial Settings >
Port n > Restart). The tube goes to the error lane; reload it once the
link is clean.
""",
    })
    repo.commit(utc("2026-02-25 07:05:00"), bot, "chore(deps): update dependency pydantic to v2.10.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pydantic==2.10.5"', '"pydantic==2.10.6"'),
    })
    repo.commit(utc("2026-02-25 08:48:00"), kwame, "link: log each NAK with the frame's number and length (LIS-461)\n\nNight staff see aborted transmissions but we cannot tell which frame the\nanalyser refused or whether it was the same one every time.", {
        "igw/astm/link.py": sub(repo.files["igw/astm/link.py"],
                                '                    log.debug("NAK for frame %s, attempt %d/%d", frame[1:2].decode(), attempt, MAX_ATTEMPTS, extra=self._extra)\n',
                                '                    log.warning("NAK for frame %s (%d chars), attempt %d/%d", frame[1:2].decode(), len(frame), attempt, MAX_ATTEMPTS,\n                                extra=self._extra)\n'),
    })
    repo.commit(utc("2026-02-25 09:20:00"), pawel, "codec: show control characters by name in the link trace (LIS-462)", {
        "igw/astm/codec.py": sub(repo.files["igw/astm/codec.py"], 'CR = "\\r"\n', '''CR = "\\r"

NAMES = {0x02: "<STX>", 0x03: "<ETX>", 0x04: "<EOT>", 0x05: "<ENQ>", 0x06: "<ACK>", 0x0D: "<CR>", 0x0A: "<LF>", 0x15: "<NAK>", 0x17: "<ETB>"}


def visible(data: bytes) -> str:
    """Bytes as the trace shows them: control characters by name."""
    return "".join(NAMES.get(b, chr(b)) for b in data)

'''),
        "igw/ctl.py": sub(repo.files["igw/ctl.py"], "import sys\nfrom datetime import datetime\n", "import sys\nfrom datetime import datetime\n\nfrom igw.astm.codec import visible\n",
                          "{link} {direction} {data!r}", "{link} {direction} {visible(data)}"),
    })
    repo.commit(utc("2026-02-25 09:41:00"), eilidh, "config: IA-4 ACK timeout 15 s -> 20 s (LIS-459)\n\nThe IA-4s answer ENQ late while their sampler is busy; the link gives up\nand retries 10 s later.", {
        "config/analysers.toml": sub(repo.files["config/analysers.toml"],
                                     'name = "IA4-1"\nkind = "immunoassay"\nhost = "moxa-chem-01.lab.corran.local"\nport = 4005\n',
                                     'name = "IA4-1"\nkind = "immunoassay"\nhost = "moxa-chem-01.lab.corran.local"\nport = 4005\nack_timeout = 20.0\n',
                                     'name = "IA4-2"\nkind = "immunoassay"\nhost = "moxa-chem-01.lab.corran.local"\nport = 4006\n',
                                     'name = "IA4-2"\nkind = "immunoassay"\nhost = "moxa-chem-01.lab.corran.local"\nport = 4006\nack_timeout = 20.0\n'),
    })
    rel214 = repo.commit(utc("2026-02-25 09:58:00"), kwame, "release 2.14.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.13.0"', 'version = "2.14.0"'),
        "igw/__init__.py": '__version__ = "2.14.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- NAKs logged with the frame's number and length (LIS-461).\n- Link trace shows control characters by name (LIS-462).\n- IA-4 ACK timeout 20 s (LIS-459).\n"),
    })
    fix = repo.commit(utc("2026-02-25 12:31:00"), pawel, "codec: at most 240 characters of text per frame (LIS-466)\n\nLIS1-A's 247 is the whole frame (STX, FN, text, ETB/ETX, checksum,\nCR LF), so a frame holds 240 characters of text. Since LIS-455 records\nover 240 characters went out in frames of up to 254; the CX-8s NAK\nthem and the transmission was aborted, so long orders (Halden's\nexecutive screens, 31 tests) never reached the analysers.", {
        "igw/astm/codec.py": sub(repo.files["igw/astm/codec.py"], "MAX_FRAME = 247  # LIS1-A 6.3: frames carry up to 247 characters\n",
                                 "# LIS1-A 6.3.1: a frame is at most 247 characters, STX to LF, so at most\n# 240 characters of text.\nMAX_FRAME = 247\nMAX_TEXT = MAX_FRAME - 7\n",
                                 "    max_frame: int = MAX_FRAME\n", "    max_text: int = MAX_TEXT\n",
                                 "            for start in range(0, len(text), self.max_frame):\n                chunk = text[start:start + self.max_frame]\n                end = ETX if start + self.max_frame >= len(text) else ETB\n",
                                 "            for start in range(0, len(text), self.max_text):\n                chunk = text[start:start + self.max_text]\n                end = ETX if start + self.max_text >= len(text) else ETB\n"),
        "tests/test_codec.py": repo.files["tests/test_codec.py"] + '\n\ndef test_frames_are_at_most_247_characters():\n    frames = Framer().encode(["O|1|7014823561||" + "\\\\".join(["^^^CHOL"] * 40)])\n    assert len(frames) == 2\n    assert max(len(f) for f in frames) <= 247\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.14.0"', 'version = "2.14.1"'),
        "igw/__init__.py": '__version__ = "2.14.1"\n',
    })
    return repo, {"culprit": culprit, "tue": rel213, "wed": rel214, "fix": fix}


# ---------------------------------------------------------------------------
# Wednesday


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


STX, ETX, ETB, EOT, ENQ, ACK, NAK = b"\x02", b"\x03", b"\x17", b"\x04", b"\x05", b"\x06", b"\x15"


def frames_of(records, max_text):
    """The frames a transmission of records is sent as, text cut at max_text."""
    out = []
    fn = 1
    for record in records:
        text = record + "\r"
        for start in range(0, len(text), max_text):
            chunk = text[start:start + max_text]
            end = ETX if start + max_text >= len(text) else ETB
            body = str(fn % 8).encode() + chunk.encode("latin-1") + end
            out.append(STX + body + b"%02X" % (sum(body) % 256) + b"\r\n")
            fn += 1
    return out


def order_records(version, analyser, tube):
    collected = tube["collected"]
    codes = tube["chem"] if analyser.startswith("CX8") else tube["ia"]
    universal = "\\".join(f"^^^{code}" for code in codes)
    stamp = at(tube["q_at"]).strftime("%Y%m%d%H%M%S")
    return [
        f"H|\\^&|||LIMS^igw^{version}|||||{analyser}||P|1|{stamp}",
        f"P|1||{tube['pid']}",
        f"O|1|{tube['sid']}||{universal}|{tube['prio']}||{collected:%Y%m%d%H%M%S}||||A||||SERUM||||||||||O",
        "L|1|N",
    ]


GP_PRACTICES = [("GP-M85014", "Bournbrook Medical Centre"), ("GP-M85022", "Kingsmead Surgery"), ("GP-M85047", "Selly Park Practice"),
                ("GP-M85063", "Harborne Lane Surgery"), ("GP-M85081", "Weoley Castle Health Centre"), ("GP-M86010", "Quinton Family Practice"),
                ("GP-M86033", "Northfield Medical Group"), ("GP-M86052", "Stirchley Health Centre"), ("GP-M87004", "Moseley Road Surgery"),
                ("GP-M87019", "Kings Heath Practice"), ("GP-M87028", "Hall Green Surgery"), ("GP-M87066", "Acocks Green Medical Centre")]
HOSPITALS = [("NMG", "Northmoor General Hospital"), ("SBH", "St Brannock's Hospital"), ("WCH", "Wyvern Community Hospital")]


def build_logs(rng, shas):
    app = Log("instrument-gateway.log")
    trace = Log("trace-CX8-3.log")
    events = Log("vantis-connect-events.log")
    track = Log("labflow-ctl01.log")
    scans = Log("specimen-tracking-scans.log")
    courier = Log("courier-bridge.log")
    gl = Log("gitlab-deploy-jobs.log")
    teams = Log("teams-lab-it-incidents.log")
    snow = Log("servicenow-incidents.log")
    t_start, t_end = secs(START), secs(END)
    stats = {"fail": [], "q": [], "lane": [], "oh_fail": []}

    epochs = [(secs(TUE_DEPLOY), "2.13.0", shas["tue"]), (secs(RELEASE), "2.14.0", shas["wed"]),
              (secs(ROLLBACK), "2.13.0", shas["tue"]), (secs(FIXED), "2.14.1", shas["fix"])]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def restarting(x, inst=None):
        if inst == "CX8-3" and secs(MOXA_CYCLE) <= x < secs(MOXA_CYCLE) + 31:
            return True
        return any(e[0] - 6.5 <= x < e[0] + 2.5 for e in epochs[1:])

    def pylog(x, level, link, logger, msg):
        if not t_start <= x < t_end:
            return
        t = at(x)
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} {level:<7} [{link}] {logger}: {msg}")

    def vantis(x, inst, code, level, text):
        if not secs(START) - 300 <= x < t_end:
            return
        t = at(x)
        module = {"I-0311": "Reagent", "W-0330": "Reagent", "I-0520": "Analytical", "I-0512": "Analytical", "I-0115": "Analytical",
                  "I-0102": "Sampler", "W-1408": "Sampler", "W-1411": "Sampler"}.get(code, "Host")
        events.add(t, f'{t.strftime("%Y-%m-%d %H:%M:%S")},{inst},{SERIALS[inst]},{module},{code},{level},"{text}"')

    def lfroute(x, msg):
        if not t_start <= x < t_end:
            return
        track.add(at(x), syslog3164(at(x), "lf-ctl01", "lfroute", 2214, msg))

    # --- tubes ---------------------------------------------------------------
    tubes = []
    sids = set()

    def new_sid():
        while True:
            s = str(rng.randint(7010000000, 7099999999))
            if s not in sids:
                sids.add(s)
                return s

    def pid():
        return rng.choice("KLMN") + str(rng.randint(1000000, 2999999))

    def gp_chem():
        chem = []
        for name, p in (("UE", 0.72), ("LFT", 0.45), ("LIP", 0.3), ("BONE", 0.14), ("CRP", 0.22), ("GLU", 0.16), ("GGT", 0.1), ("UA", 0.05), ("CK", 0.05), ("IRON", 0.08), ("MG", 0.04)):
            if rng.random() < p:
                chem += [c for c in PANELS[name] if c not in chem]
        return chem or ["NA", "K", "UREA", "CREA"]

    def gp_ia():
        ia = []
        for names, p in ((["TSH", "FT4"], 0.22), (["FERR"], 0.1), (["B12", "FOL"], 0.08), (["PSA"], 0.05), (["VITD"], 0.05)):
            if rng.random() < p:
                ia += names
        return ia

    def add_tube(kind, client, received, chem=None, ia=None, prio="R", late=False):
        sid = new_sid()
        tube = {"sid": sid, "kind": kind, "client": client, "received": received, "pid": pid(), "prio": prio, "late": late,
                "chem": chem if chem is not None else gp_chem(), "ia": ia if ia is not None else gp_ia(),
                "collected": at(received - rng.uniform(3, 7) * 3600).replace(microsecond=0)}
        tubes.append(tube)
        return tube

    # deliveries: (time, client kind, number of SST tubes, courier job)
    deliveries = []
    for hh, mm, n in ((8, 21, 58), (9, 11, 72), (10, 6, 104), (11, 19, 126), (12, 24, 118), (13, 6, 92)):
        deliveries.append((secs(utc(f"2026-02-25 {hh:02d}:{mm:02d}:{rng.randint(0, 59):02d}")), "gp", n))
    for hh in range(8, 14):
        deliveries.append((secs(utc(f"2026-02-25 {hh:02d}:04:{rng.randint(0, 59):02d}")) + rng.uniform(0, 240), "hosp", rng.randint(24, 40)))
    deliveries.append((secs(OH_DELIVERED), "oh", 140))
    deliveries.sort()
    scan_benches = [("RCP-01", "Reception A", "jmorris"), ("RCP-02", "Reception A", "tkaur"), ("RCP-04", "Reception B", "dlewis"), ("RCP-05", "Reception B", "aokafor")]
    bag_jobs = {}
    for x0, kind, n in deliveries:
        cursor = x0 + rng.uniform(50, 110)
        if kind == "oh":
            clients = [("HALDEN-OH", "Halden Occupational Health")] * n
        elif kind == "gp":
            clients = [rng.choice(GP_PRACTICES) for _ in range(n)]
        else:
            clients = [rng.choice(HOSPITALS) for _ in range(n)]
        for i in range(n):
            cursor += rng.uniform(1.4, 2.6) if kind != "oh" else rng.uniform(2.8, 4.6)
            code = clients[i][0]
            if kind == "oh":
                if i < 85:
                    t = add_tube("oh-exec", code, cursor, chem=list(EXEC_SCREEN), ia=["TSH", "FT4", "FERR", "PSA"] if rng.random() < 0.5 else ["TSH", "FT4", "FERR"])
                else:
                    t = add_tube("oh-std", code, cursor, chem=list(STD_SCREEN), ia=["TSH"] if rng.random() < 0.4 else [])
            elif kind == "gp":
                t = add_tube("gp", code, cursor, late=rng.random() < 0.02)
            else:
                t = add_tube("hosp", code, cursor, late=rng.random() < 0.015)
            t["delivery"] = x0
        bag_jobs[x0] = (kind, n)
    # walk-in and local pickups: a steady trickle
    x = secs(utc("2026-02-25 08:00:00"))
    while x < t_end:
        x += rng.expovariate(0.8 / 60)
        add_tube("gp", rng.choice(GP_PRACTICES)[0], x, late=rng.random() < 0.02)
    # hospital pre-op screens (26 tests): one in the morning, one at lunchtime
    preop1 = add_tube("preop", "NMG", secs(utc("2026-02-25 09:16:40")), chem=list(PREOP_SCREEN), ia=[])
    preop2 = add_tube("preop", "SBH", secs(utc("2026-02-25 11:52:10")), chem=list(PREOP_SCREEN), ia=["HCG"])

    tubes.sort(key=lambda t: t["received"])
    # loading onto the track: spun in batches, loaded in racks of five at IOM-1
    oh = [t for t in tubes if t["kind"].startswith("oh")]
    rng.shuffle(oh)
    for i, t in enumerate(oh):
        t["loaded"] = secs(utc("2026-02-25 10:44:10")) + i / len(oh) * 52 * 60 + rng.uniform(0, 40)
    for t in tubes:
        if "loaded" not in t:
            t["loaded"] = t["received"] + rng.uniform(14, 26) * 60
    preop1["loaded"] = secs(utc("2026-02-25 09:39:35"))
    preop2["loaded"] = secs(utc("2026-02-25 12:13:05"))

    # --- the gateway's sessions: queries and results --------------------------
    gw_events = []   # (x, kind, analyser, tube)

    cx_rr = [0]

    def schedule_queries(t, x_load, reload=False, only=None):
        if t["chem"] and (only is None or only.startswith("CX8")):
            inst = only or CX8[cx_rr[0] % 4]
            cx_rr[0] += 1 + (1 if rng.random() < 0.3 else 0)
            gw_events.append((x_load + rng.uniform(45, 160), "query", inst, t))
        if t["ia"] and not reload:
            gw_events.append((x_load + rng.uniform(30, 240), "query", rng.choice(IA4), t))

    for t in tubes:
        schedule_queries(t, t["loaded"])
    gw_events.sort(key=lambda e: e[0])

    outcome = {}      # sid -> list of (x, inst, result)
    lane = []         # (x, sid, reason, inst)
    results_due = []  # (x, inst, tube)
    n_by_min = {}

    def count(x, what):
        m = int(x // 60) * 60
        n_by_min.setdefault(m, {"sent": 0, "no_order": 0, "not_delivered": 0, "results": 0})
        n_by_min[m][what] += 1

    stat_n = {"sent": 0, "no_order": 0, "not_delivered": 0, "results": 0}
    stat_windows = []

    def process_query(x, inst, t):
        ver = epoch_at(x)[1]
        t["q_at"] = x
        outcome.setdefault(t["sid"], [])
        if restarting(x, inst):
            vantis(x + 15, inst, "E-2232", "Warning", f"Host query: no response from host within 15 s, sample {t['sid']} skipped")
            lane.append((x + 15 + rng.uniform(8, 30), t["sid"], "ANALYZER_NO_ORDER", inst))
            outcome[t["sid"]].append((x, inst, "timeout"))
            return
        if t["late"] and not t.get("booked"):
            pylog(x + rng.uniform(0.1, 0.3), "WARNING", inst, "igw.hostquery", f"sample {t['sid']}: no order in LIMS (404), answered no information")
            vantis(x + rng.uniform(0.6, 1.2), inst, "E-2230", "Info", f"Host query: no order for sample {t['sid']} (host: no information), sample skipped")
            lane.append((x + rng.uniform(12, 40), t["sid"], "ANALYZER_NO_ORDER", inst))
            outcome[t["sid"]].append((x, inst, "no_order"))
            count(x, "no_order")
            t["booked"] = True
            return
        recs = order_records(ver, inst, t)
        buggy = ver in ("2.13.0", "2.14.0")
        frames = frames_of(recs, 247 if buggy else 240)
        bad = [f for f in frames if len(f) > 247]
        x1 = x + rng.uniform(0.12, 0.35)   # LIMS lookup
        if bad:
            fn = frames.index(bad[0]) + 1
            step = len(bad[0]) / 960 + rng.uniform(0.03, 0.06)
            sent_before = sum(len(f) for f in frames[:fn - 1]) / 960 + 0.05 * (fn - 1)
            xn = x1 + 0.04 + sent_before
            for attempt in range(1, 7):
                xn += step
                if ver == "2.14.0":
                    pylog(xn, "WARNING", inst, "igw.astm.link", f"NAK for frame {fn} ({len(bad[0])} chars), attempt {attempt}/6")
                vantis(xn, inst, "E-2217", "Warning", f"Host comm: frame length {len(bad[0])} exceeds 247, NAK sent")
            pylog(xn + 0.002, "ERROR", inst, "igw.astm.link", "transmission aborted after 6 NAKs")
            pylog(xn + 0.004, "WARNING", inst, "igw.hostquery", f"sample {t['sid']}: order not delivered ({len(t['chem'])} tests, 4 records, {len(frames)} frames)")
            vantis(xn + rng.uniform(0.3, 0.9), inst, "E-2231", "Warning", f"Host query: host transmission incomplete (EOT after NAK), sample {t['sid']} skipped")
            lane.append((xn + rng.uniform(14, 45), t["sid"], "ANALYZER_NO_ORDER", inst))
            outcome[t["sid"]].append((x, inst, "not_delivered"))
            count(x, "not_delivered")
            stats["fail"].append((x, inst, t))
            if t["kind"] == "oh-exec":
                stats["oh_fail"].append(x)
            t["frames_sent"] = (frames, fn)
            return
        took = x1 - x + sum(len(f) for f in frames) / 960 + 0.05 * len(frames) + rng.uniform(0.02, 0.08)
        pylog(x + took, "INFO", inst, "igw.hostquery", f"sample {t['sid']}: order sent, {len(t['chem']) if inst.startswith('CX8') else len(t['ia'])} tests (4 records, {len(frames)} frames) in {took:.2f}s")
        outcome[t["sid"]].append((x, inst, "sent"))
        count(x, "sent")
        t["frames_sent"] = (frames, None)
        delay = rng.uniform(8, 13) * 60 if inst.startswith("CX8") else rng.uniform(18, 26) * 60
        if rng.random() < 0.012 and inst.startswith("CX8"):
            reason = rng.choice(["CLOT", "LLD_SHORT_SAMPLE"])
            vantis(x + rng.uniform(20, 60), inst, "W-1408" if reason == "CLOT" else "W-1411", "Warning",
                   f"Sample probe: {'clot detected' if reason == 'CLOT' else 'insufficient sample volume (LLD)'}, sample {t['sid']}")
            lane.append((x + rng.uniform(70, 120), t["sid"], reason, inst))
            return
        results_due.append((x + delay, inst, t))

    # the pre-op screen at 09:41 is run by hand at 09:58 (manual order at the console)
    manual = [(secs(utc("2026-02-25 09:58:20")), "CX8-2", preop1)]

    i = 0
    pending = list(gw_events)
    processed = []
    while pending:
        x, kind, inst, t = pending.pop(0)
        processed.append((x, inst, t))
        process_query(x, inst, t)
    # reloads: five error-lane executive screens onto CX8-3 for the trace, then every failed tube after the fix
    failed_oh = [t for (_, _, t) in stats["fail"] if t["kind"] == "oh-exec"]
    reload_trace = [t for t in failed_oh if any(r[1] == "CX8-3" for r in outcome[t["sid"]])][:5]
    extra = []
    for k, t in enumerate(reload_trace):
        extra.append((secs(RELOAD_TRACE) + 50 + k * rng.uniform(35, 70), "query", "CX8-3", t))
    for x, kind, inst, t in extra:
        process_query(x, inst, t)
    failed_all = []
    seen = set()
    for (_, _, t) in stats["fail"]:
        if t["sid"] not in seen:
            seen.add(t["sid"])
            failed_all.append(t)
    failed_all = [t for t in failed_all if t is not preop1]
    for k, t in enumerate(failed_all):
        x = secs(RELOAD_ALL) + k * (22 * 60 / max(1, len(failed_all))) + rng.uniform(0, 20)
        process_query(x + rng.uniform(45, 120), CX8[k % 4], t)
    # late-booked tubes reloaded once the request is booked
    for sid, outs in list(outcome.items()):
        if outs and outs[0][2] == "no_order":
            t = next(tt for tt in tubes if tt["sid"] == sid)
            process_query(outs[0][0] + rng.uniform(12, 35) * 60, rng.choice(CX8), t)

    # results from the analysers
    for x, inst, t in manual:
        results_due.append((x + rng.uniform(9, 12) * 60, inst, t))
    results_due.sort(key=lambda r: r[0])
    for x, inst, t in results_due:
        n = len(t["chem"]) if inst.startswith("CX8") else len(t["ia"])
        if restarting(x, inst):
            x += 9 if restarting(x) else 31
        took = rng.uniform(0.03, 0.11)
        pylog(x + took, "INFO", inst, "igw.results", f"sample {t['sid']}: {n} results posted to LIMS (201) in {took:.2f}s")
        count(x, "results")
        t.setdefault("results", []).append((x, inst))

    # stats every 5 minutes from each start of the process
    stat_keys = ("sent", "no_order", "not_delivered", "results")
    for (x0, ver, sha), nxt in zip(epochs, epochs[1:] + [(t_end + 600, None, None)]):
        x = x0 + 300
        while x < min(nxt[0] - 6.5, t_end):
            if x >= t_start:
                agg = {k: 0 for k in stat_keys}
                for m, v in n_by_min.items():
                    if x - 300 <= m < x:
                        for k in stat_keys:
                            agg[k] += v[k]
                q = agg["sent"] + agg["no_order"] + agg["not_delivered"]
                pylog(x + 0.001, "INFO", "-", "igw.stats", f"last 5 min: {q} host queries, {agg['sent']} orders sent, {agg['no_order']} no order, "
                                                          f"{agg['not_delivered']} not delivered; {agg['results']} result sets posted")
            x += 300

    # starts and stops
    for x0, ver, sha in epochs[1:]:
        pylog(x0 - 6.2, "INFO", "-", "igw", "SIGTERM received, closing 6 links")
        pylog(x0 + 0.05, "INFO", "-", "igw", f"instrument-gateway {ver} ({sha[:8]}) starting on igw-01")
        for k, inst in enumerate(CX8 + IA4):
            timeout = 20 if (inst.startswith("IA4") and ver != "2.13.0") else 15
            pylog(x0 + 0.4 + k * 0.07, "INFO", inst, "igw.astm.link", f"link up: moxa-chem-01.lab.corran.local:{PORTS[inst]} (ack timeout {timeout}s)")
    # CX8-3's NPort port restarted from the web console
    xm = secs(MOXA_CYCLE)
    pylog(xm + 0.31, "WARNING", "CX8-3", "igw.astm.link", "link down: [Errno 104] Connection reset by peer, reconnecting in 5s")
    for k in range(1, 5):
        pylog(xm + 0.31 + k * 5.02 + 0.004 * k, "WARNING", "CX8-3", "igw.astm.link",
              f"link down: [Errno 111] Connect call failed ('10.40.12.40', 4003), reconnecting in 5s")
    pylog(xm + 25.5, "INFO", "CX8-3", "igw.astm.link", "link up: moxa-chem-01.lab.corran.local:4003 (ack timeout 15s)")
    pylog(secs(TRACE_ON) + 0.12, "INFO", "CX8-3", "igw.ctl", "trace on for CX8-3 -> /var/log/instrument-gateway/trace-CX8-3.log")
    pylog(secs(TRACE_OFF) + 0.09, "INFO", "CX8-3", "igw.ctl", "trace off for CX8-3")
    # routine link noise: IA-4s busy at ENQ (15 s timeout), checksum errors, slow LIMS
    x = t_start
    while x < t_end:
        x += rng.expovariate(1 / 420.0)
        inst = rng.choice(IA4)
        if epoch_at(x)[1] == "2.13.0" or rng.random() < 0.15:
            pylog(x, "WARNING", inst, "igw.astm.link", "analyser did not accept ENQ, retrying in 10s")
    for _ in range(5):
        x = rng.uniform(t_start, t_end)
        inst = rng.choice(CX8 + IA4)
        fnum = rng.randint(2, 7)
        good, bad_ = rng.randint(16, 250), rng.randint(16, 250)
        pylog(x, "WARNING", inst, "igw.astm.link", f"checksum mismatch in received frame {fnum} (expected {good:02X}, got {bad_:02X}), NAK sent")
    for _ in range(4):
        x = rng.uniform(t_start, t_end)
        pylog(x, "WARNING", rng.choice(CX8), "igw.lims", f"LIMS slow: GET /specimens/{new_sid()}/orders took {rng.uniform(2.1, 3.4):.1f}s")

    # trace of CX8-3 (on 2.13.0 after the rollback: bytes as repr)
    def tr(x, direction, data):
        if TRACE_ON.timestamp() <= x < TRACE_OFF.timestamp():
            t = at(x)
            trace.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} CX8-3 {direction} {data!r}")

    def tr_analyser_tx(x, recs):
        tr(x, "<-", ENQ)
        tr(x + 0.01, "->", ACK)
        xx = x + 0.02
        for f in frames_of(recs, 240):
            xx += len(f) / 960
            tr(xx, "<-", f)
            tr(xx + 0.008, "->", ACK)
            xx += 0.01
        tr(xx + 0.01, "<-", EOT)

    for x, inst, t in processed + [(e[0], e[2], e[3]) for e in extra]:
        if inst != "CX8-3" or not TRACE_ON.timestamp() - 2 <= x < TRACE_OFF.timestamp():
            continue
        stamp = at(x).strftime("%Y%m%d%H%M%S")
        tr_analyser_tx(x - 0.45, [f"H|\\^&|||CX8^3.2.1^{SERIALS['CX8-3']}|||||LIMS||P|1|{stamp}", f"Q|1|^{t['sid']}||^^^ALL||||||||O", "L|1|N"])
        recs = order_records("2.13.0", "CX8-3", dict(t, q_at=x))
        frames = frames_of(recs, 247)
        xx = x + 0.2
        tr(xx, "->", ENQ)
        tr(xx + 0.012, "<-", ACK)
        xx += 0.02
        for f in frames:
            if len(f) > 247:
                for _ in range(6):
                    xx += len(f) / 960
                    tr(xx, "->", f)
                    tr(xx + 0.03, "<-", NAK)
                    xx += 0.04
                break
            xx += len(f) / 960
            tr(xx, "->", f)
            tr(xx + 0.01, "<-", ACK)
            xx += 0.015
        tr(xx + 0.002, "->", EOT)
    for x, inst, t in results_due:
        if inst != "CX8-3" or not TRACE_ON.timestamp() - 2 <= x < TRACE_OFF.timestamp():
            continue
        stamp = at(x).strftime("%Y%m%d%H%M%S")
        universal = "\\".join("^^^" + c for c in t["chem"])
        recs = [f"H|\\^&|||CX8^3.2.1^{SERIALS['CX8-3']}|||||LIMS||P|1|{stamp}", f"P|1||{t['pid']}",
                f"O|1|{t['sid']}||{universal}|R||||||||||||||||||||F"]
        for k, c in enumerate(t["chem"], 1):
            value, units, flag = analyte(rng, c)
            recs.append(f"R|{k}|^^^{c}|{value}|{units}||{flag}||F||||{stamp}")
        recs.append("L|1|N")
        tr_analyser_tx(x - 0.9, recs)

    # analyser routine events
    routine = [
        ("I-0311", "Info", lambda inst: f"Reagent pack low: {rng.choice(['ALT', 'CREA', 'CHOL', 'NA', 'CRP', 'GGT', 'TSH', 'FT4'])} (R1) {rng.randint(20, 140)} tests remaining"),
        ("I-0520", "Info", lambda inst: f"QC accepted: {rng.choice(['LIP-N', 'LIP-P', 'CHEM-1', 'CHEM-2', 'IMM-L', 'IMM-H'])} lot {rng.randint(40100, 40999)}"),
        ("I-0512", "Info", lambda inst: f"Calibration completed: {rng.choice(['CREA', 'UREA', 'ALP', 'CRP', 'TSH', 'FERR', 'GLU'])}"),
        ("I-0102", "Info", lambda inst: "Sample probe cleaning completed"),
        ("I-0115", "Info", lambda inst: f"Cuvette blank check OK ({rng.randint(0, 3)} cuvettes replaced)"),
        ("W-0330", "Warning", lambda inst: f"Reagent pack empty, switched to backup: {rng.choice(['ALB', 'K', 'CRP', 'TRIG'])}"),
    ]
    for inst in CX8 + IA4:
        x = secs(START) - 300
        while x < t_end:
            x += rng.expovariate(1 / 520.0)
            code, level, fn = routine[min(int(rng.random() ** 1.6 * len(routine)), len(routine) - 1)]
            vantis(x, inst, code, level, fn(inst))
    events.add(START - dt.timedelta(minutes=6), "Date/Time,Instrument,Serial No.,Module,Code,Level,Description")

    # --- LabFlow: racks, error lane ------------------------------------------
    loads = sorted([(t["loaded"], t) for t in tubes], key=lambda p: p[0])
    rack_no = 401
    for k in range(0, len(loads), 5):
        group = loads[k:k + 5]
        rack_no += 1
        for pos, (_, t) in enumerate(group, 1):
            t["rack"] = (f"R{rack_no % 1000:04d}", pos)
        lfroute(group[-1][0] + rng.uniform(2, 8), f"rack R{rack_no % 1000:04d} loaded at IOM-1: {len(group)} tubes")
    # reloads as racks too
    for x, inst, t in [(e[0], e[2], e[3]) for e in extra]:
        t["rack"] = (f"R{rng.randint(900, 998):04d}", rng.randint(1, 5))
    for _ in range(int((t_end - t_start) / 600)):
        x = rng.uniform(t_start, t_end)
        lane.append((x, new_sid(), "BARCODE_NO_READ", "IOM-1"))
    lane.sort(key=lambda e: e[0])
    occ = rng.randint(2, 6)
    next_empty = t_start + rng.uniform(1200, 2400)
    by_sid = {t["sid"]: t for t in tubes}
    lane_series = []
    for x, sid, reason, inst in lane:
        while next_empty < x:
            if occ:
                lfroute(next_empty, f"error lane E2 emptied by operator ({occ} tubes)")
                occ = 0
            lane_series.append((next_empty, occ))
            next_empty += rng.uniform(1800, 3000)
        occ += 1
        t = by_sid.get(sid)
        rack = t["rack"] if t and "rack" in t else (f"R{rng.randint(402, 700):04d}", rng.randint(1, 5))
        where = f"{reason} {inst}" if inst else reason
        lfroute(x, f"sample {sid} rack {rack[0]} pos {rack[1]}: error lane E2 ({where})")
        lfroute(x + 0.01, f"error lane E2: {occ}/60")
        lane_series.append((x, occ))
        if occ >= 45:
            lfroute(x + 0.02, f"error lane E2 occupancy {occ}/60, operator attention required")
            if next_empty > x + 400:
                next_empty = x + rng.uniform(150, 330)
    stats["lane_series"] = lane_series
    x = t_start + rng.uniform(0, 900)
    while x < t_end:
        qn = sum(1 for t in tubes if x - 900 <= t["loaded"] < x)
        lfroute(x, f"IOM-1 last 15 min: {qn} tubes in, {max(0, qn - rng.randint(0, 6))} out")
        x += 900

    # --- reception scans --------------------------------------------------------
    def scan(x, body):
        if not t_start <= x < t_end:
            return
        t = at(x)
        scans.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", **body}, separators=(",", ":")))

    for x0, (kind, n) in sorted(bag_jobs.items()):
        bench = rng.choice(scan_benches)
        nbags = max(1, n // 18)
        for b in range(nbags):
            scan(x0 + 40 + b * rng.uniform(3, 9), {"event": "bag.received", "bag": f"BG{rng.randint(100000, 999999)}", "courier_job": bag_ref(rng, x0, kind),
                                                    "client": "HALDEN-OH" if kind == "oh" else ("HOSP" if kind == "hosp" else "GP-ROUND"), "scanner": bench[0], "bench": bench[1], "user": bench[2]})
    for t in tubes:
        bench = rng.choice(scan_benches)
        if rng.random() < 0.015:
            scan(t["received"] - rng.uniform(1, 3), {"event": "scanner.no_read", "scanner": bench[0], "bench": bench[1], "user": bench[2]})
        scan(t["received"], {"event": "specimen.received", "specimen": t["sid"], "container": "SST", "client": t["client"],
                             "priority": "routine" if t["prio"] == "R" else "urgent", "scanner": bench[0], "bench": bench[1], "user": bench[2]})
        if t["kind"] in ("gp", "hosp", "oh-exec") and rng.random() < 0.38:
            scan(t["received"] + rng.uniform(0.8, 1.6), {"event": "specimen.received", "specimen": new_sid(), "container": "EDTA", "client": t["client"],
                                                         "priority": "routine", "scanner": bench[0], "bench": bench[1], "user": bench[2]})
        if rng.random() < 0.01:
            scan(t["received"] + rng.uniform(2, 6), {"event": "specimen.duplicate_scan", "specimen": t["sid"], "scanner": bench[0], "bench": bench[1], "user": bench[2]})
    for x in (secs(utc("2026-02-25 09:47:12")), secs(utc("2026-02-25 12:02:40"))):
        scan(x, {"event": "scanner.battery_low", "scanner": "RCP-05", "bench": "Reception B", "level": 14})

    # --- courier-bridge ---------------------------------------------------------
    def cb(x, level, msg, **kv):
        x += rng.uniform(0.001, 0.999) if x == int(x) else 0
        if t_start <= x < t_end:
            courier.add(at(x), logfmt(at(x), level, msg, **kv))

    oh_job = "MR-7741102"
    cb(secs(utc("2026-02-25 09:12:41")), "info", "pickup booked", job=oh_job, client="HALDEN-OH", site="Halden OH, Colmore Row screening suite",
       ready_at="2026-02-25T09:45:00Z", boxes=3, service="same_day_ambient", api_status=201)
    cb(secs(utc("2026-02-25 09:13:05")), "info", "courier event", job=oh_job, status="assigned", driver="D-118")
    cb(secs(utc("2026-02-25 09:51:30")), "info", "courier event", job=oh_job, status="collected", driver="D-118", boxes=3)
    cb(secs(OH_DELIVERED) - 20, "info", "courier event", job=oh_job, status="delivered", driver="D-118", signed_by="T KAUR")
    for x0, (kind, n) in sorted(bag_jobs.items()):
        if kind == "oh":
            continue
        job = bag_ref(rng, x0, kind)
        route = job.split("-")[2] if kind == "gp" else "HOSP"
        cb(x0 - rng.uniform(2400, 3600), "info", "courier event", job=job, status="collected", route=route, stops=rng.randint(8, 16) if kind == "gp" else 3)
        cb(x0 - 20, "info", "courier event", job=job, status="delivered", route=route, signed_by=rng.choice(["T KAUR", "J MORRIS", "D LEWIS"]))
    x = t_start
    while x < t_end:
        x += rng.expovariate(1 / 600.0)
        prac = rng.choice(GP_PRACTICES)
        job = f"MR-77{rng.randint(40000, 49999)}"
        cb(x, "info", "pickup booked", job=job, client=prac[0], site=prac[1], ready_at=at(x + rng.uniform(1800, 5400)).strftime("%Y-%m-%dT%H:%M:00Z"),
           boxes=1, service="same_day_ambient", api_status=201)
        if rng.random() < 0.12:
            cb(x - 2.1, "warn", "courier api", method="POST", path="/v2/pickups", status=429, retry_in="2s")
    cb(secs(utc("2026-02-25 12:31:10")), "warn", "courier event for unknown job", job="MR-7739921", status="cancelled")

    # --- GitLab deploy jobs --------------------------------------------------------
    def glog(x, text, stream="00O"):
        t = at(x + rng.uniform(0.0001, 0.09))
        gl.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def deploy_job(x_restart01, job, pipeline, tag, sha, who, rerun=False):
        x0 = x_restart01 - 58
        glog(x0, f"Running with gitlab-runner 17.8.3 (690ce25c)")
        glog(x0 + 0.1, "  on lab-shell-02 xK3a9QfT, system ID: s_5b1c0e2d9a41")
        glog(x0 + 0.4, f"Job #{job} (pipeline #{pipeline}, tag {tag}){' retried' if rerun else ''} triggered manually by {who}")
        glog(x0 + 1.9, f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        glog(x0 + 3.2, f"$ ansible-playbook -i deploy/ansible/inventory/production.ini deploy/ansible/playbook.yml -e igw_version={tag[1:]}")
        glog(x0 + 5.0, "PLAY [instrument gateways] *****************************************************")
        for host, xr in (("igw-01", x_restart01), ("igw-02", x_restart01 + 71)):
            glog(xr - 52, "TASK [Gathering Facts] *********************************************************")
            glog(xr - 49, f"ok: [{host}]")
            glog(xr - 48, f"TASK [igw : install instrument-gateway {tag[1:]} wheel] *************************")
            glog(xr - 31, f"changed: [{host}]")
            glog(xr - 30, "TASK [igw : write commit.env] **************************************************")
            glog(xr - 29, f"changed: [{host}]")
            glog(xr - 8, "TASK [igw : restart instrument-gateway] ****************************************")
            glog(xr + 1.5, f"changed: [{host}]")
            glog(xr + 2, "TASK [igw : wait for links up] *************************************************")
            glog(xr + 12, f"ok: [{host}]")
        glog(x_restart01 + 85, "PLAY RECAP *********************************************************************")
        glog(x_restart01 + 85.1, "igw-01                     : ok=6    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        glog(x_restart01 + 85.2, "igw-02                     : ok=6    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        glog(x_restart01 + 86, "Job succeeded")

    deploy_job(secs(TUE_DEPLOY), 48812, 12031, "v2.13.0", shas["tue"], "Eilidh Munro")
    deploy_job(secs(RELEASE), 48907, 12055, "v2.14.0", shas["wed"], "Kwame Asante")
    deploy_job(secs(ROLLBACK), 48913, 12031, "v2.13.0", shas["tue"], "Eilidh Munro", rerun=True)
    deploy_job(secs(FIXED), 48931, 12060, "v2.14.1", shas["fix"], "Paweł Zieliński")

    stats["tubes"] = tubes
    stats["n_by_min"] = n_by_min
    stats["processed"] = processed
    stats["preop1"] = preop1
    stats["preop2"] = preop2
    stats["reload_trace"] = reload_trace
    stats["failed_all"] = failed_all
    stats["outcome"] = outcome
    write_chat(rng, teams, snow, stats, at)
    return [app, trace, events, track, scans, courier, gl, teams, snow], stats


def bag_ref(rng, x0, kind):
    """The courier job of a delivery (stable per delivery)."""
    r = random.Random(int(x0))
    if kind == "oh":
        return "MR-7741102"
    if kind == "gp":
        return f"MR-RT-{r.choice(['B1', 'B2', 'B3', 'S1', 'S2'])}-{r.randint(1000, 9999)}"
    return f"MR-HX-{r.randint(1000, 9999)}"


UNITS = {"NA": ("mmol/L", 135, 145), "K": ("mmol/L", 3.5, 5.3), "CL": ("mmol/L", 95, 108), "BIC": ("mmol/L", 22, 29), "UREA": ("mmol/L", 2.5, 7.8),
         "CREA": ("umol/L", 59, 104), "UA": ("umol/L", 200, 430), "ALB": ("g/L", 35, 50), "TP": ("g/L", 60, 80), "BILT": ("umol/L", 3, 21),
         "ALP": ("U/L", 30, 130), "ALT": ("U/L", 7, 40), "AST": ("U/L", 10, 40), "GGT": ("U/L", 8, 61), "CA": ("mmol/L", 2.2, 2.6),
         "PHOS": ("mmol/L", 0.8, 1.5), "MG": ("mmol/L", 0.7, 1.0), "CHOL": ("mmol/L", 3.0, 5.0), "HDL": ("mmol/L", 1.0, 2.0),
         "TRIG": ("mmol/L", 0.5, 1.7), "LDLD": ("mmol/L", 1.5, 3.0), "GLU": ("mmol/L", 3.5, 6.0), "CRP": ("mg/L", 0.3, 5.0),
         "CK": ("U/L", 40, 320), "LDH": ("U/L", 120, 246), "FE": ("umol/L", 10, 30), "UIBC": ("umol/L", 20, 50), "AMY": ("U/L", 28, 100),
         "LIP": ("U/L", 13, 60), "APOA": ("g/L", 1.0, 1.9), "APOB": ("g/L", 0.6, 1.2)}


def analyte(rng, code):
    units, lo, hi = UNITS.get(code, ("", 1, 10))
    v = rng.uniform(lo * 0.85, hi * 1.15)
    flag = "H" if v > hi else ("L" if v < lo else "N")
    text = f"{v:.0f}" if hi >= 30 else f"{v:.1f}" if hi >= 3 else f"{v:.2f}"
    return text, units, flag


def write_chat(rng, teams, snow, stats, at):
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "lab-it-incidents",
                                 "from": who, "body": text}, ensure_ascii=False))

    first = at(min(stats["oh_fail"]))
    oh_before_rb = sum(1 for x in stats["oh_fail"] if x < ROLLBACK.timestamp())
    after_rb = sum(1 for x, _, _ in stats["fail"] if ROLLBACK.timestamp() <= x < (ROLLBACK + dt.timedelta(minutes=8)).timestamp())
    reload_n = len(stats["failed_all"])
    m = dt.timedelta(minutes=1)
    say(RELEASE - 3 * m, "Kwame Asante", "Standard change SC-0412: deploying instrument-gateway 2.14.0 to igw-01 then igw-02: NAKs logged with frame number and length (LIS-461), control characters by name in the link trace (LIS-462), IA-4 ACK timeout 20 s (LIS-459), pydantic bump. Links drop for ~10 s per gateway, a tube or two may go to the error lane.")
    say(RELEASE + 2.5 * m, "Kwame Asante", "2.14.0 up on both gateways, all links up")
    say(first + 9 * m, "Gwen Pritchard (Blood Sciences)", f"Chemistry line: error lane E2 is filling with ANALYZER_NO_ORDER from the CX-8s since {first.strftime('%H:%M')}, about 20 tubes so far. LIMS has orders for them. Raised INC0081234")
    say(first + 11 * m, "Kwame Asante", "looking. igw-01 logs 'NAK for frame 3 (254 chars), attempt 1/6' up to 6/6, then 'transmission aborted after 6 NAKs' and 'order not delivered', on CX8-1, -2, -3 and -4. The NAK warning is new in this morning's 2.14.0 (LIS-461)")
    say(first + 14 * m, "Kwame Asante", "runbook says NAKs are line noise, cable or Moxa port. All four CX-8s hang off moxa-chem-01 but so do the IA-4s and they're fine. Power-cycling CX8-3's port to rule it out")
    say(MOXA_CYCLE + 50 * dt.timedelta(seconds=1), "Kwame Asante", "port 3 on moxa-chem-01 restarted from the web console, CX8-3 link back up")
    say(MOXA_CYCLE + 5 * m, "Gwen Pritchard (Blood Sciences)", "CX8-3 still sending them to the lane. E2 hit 45/60, we emptied it into a rack in the fridge")
    say(ROLLBACK - 7 * m, "Eilidh Munro", f"2.14.0 went out at 10:16, half an hour before this started ({oh_before_rb} 'not delivered' so far). Rolling back to 2.13.0 (retrying deploy job 48812) under SC-0412")
    say(ROLLBACK + 1.5 * m, "Eilidh Munro", "2.13.0 back on igw-01 and igw-02, links up")
    say(ROLLBACK + 8 * m, "Gwen Pritchard (Blood Sciences)", f"no change, {after_rb} more on the lane since the rollback")
    say(ROLLBACK + 9 * m, "Kwame Asante", "confirmed: 'transmission aborted after 6 NAKs' goes on under 2.13.0, only the per-NAK warnings are gone (2.13.0 logs them at debug). So it isn't 2.14.0")
    say(ROLLBACK + 13 * m, "Gwen Pritchard (Blood Sciences)", "every CX-8 'no order' today is a Halden OH executive screen (31 chemistry tests), their standard screens (16 tests) went through. The CX-8 event log has 'E-2217 Host comm: frame length 254 exceeds 247, NAK sent' six times for each. Same for NMG's pre-op screen at 09:41 that Sam ran by hand")
    say(ROLLBACK + 16 * m, "Paweł Zieliński", "254 would be 247 characters of text plus STX, frame number, ETB, checksum and CR LF. Turning on the link trace for CX8-3. @Gwen can you put five of the exec screens from the fridge rack back on, directed to CX8-3?")
    say(TRACE_ON + 0.3 * m, "Paweł Zieliński", "igwctl trace CX8-3 on")
    say(RELOAD_TRACE, "Gwen Pritchard (Blood Sciences)", "5 exec screens reloaded for CX8-3")
    say(RELOAD_TRACE + 8 * m, "Paweł Zieliński", "got it. Our O record goes out as one frame with 247 characters of text before the ETB, the CX-8 NAKs it six times and we send EOT. In LIS1-A the 247 is the whole frame, STX to LF; text is at most 240. framing.py split at 240. My LIS-455 codec (yesterday, shipped in 2.13.0 in last night's change window) uses MAX_FRAME = 247 as the text size. Anything over 240 characters breaks: orders of ~25 tests or more, which is Halden's exec screen and pre-op screens")
    say(TRACE_OFF + 0.2 * m, "Paweł Zieliński", "trace off. Fix is MAX_TEXT = 240 in codec.py (LIS-466), with a test that no frame is over 247")
    say(TRACE_OFF + 2 * m, "Gwen Pritchard (Blood Sciences)", "night shift had two tubes on the lane with 'no order' that LIMS had orders for, thought it was add-on timing. Probably this. We'll hold the exec screens in the fridge until the fix, 31 tests by hand at the console is too slow")
    say(FIXED - 11 * m, "Paweł Zieliński", "LIS-466 merged, tagging v2.14.1")
    say(FIXED + 1.7 * m, "Paweł Zieliński", "2.14.1 on both gateways. @Gwen go ahead and reload")
    say(RELOAD_ALL + 9 * m, "Gwen Pritchard (Blood Sciences)", f"reloading the {reload_n} tubes from the fridge rack, all getting orders, first results in LIMS")
    say(utc("2026-02-25 13:14:30"), "Eilidh Munro", "resolving INC0081234. PIR Thursday 10:00: Halden's exec screens about 2.5 h late, NMG's and SBH's pre-op screens delayed. Adding a CX-8 order of 31 tests to the codec tests and the release checklist")

    def ticket(t, number, prio, caller, short, desc, state="New"):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        snow.add(t, json.dumps({"sys_created_on": t.strftime("%Y-%m-%d %H:%M:%S"), "number": number, "priority": prio, "state": state,
                                "assignment_group": "Lab IT - LIMS Integration", "caller_id": caller, "short_description": short,
                                "description": desc}, ensure_ascii=False))

    ticket(utc("2026-02-25 09:03:12"), "INC0081211", "4 - Low", "Tara Kaur (Reception)", "Scanner RCP-05 drops its Bluetooth connection", "Reception B scanner RCP-05 loses its connection to the dock every 20 minutes, we rescan.")
    ticket(utc("2026-02-25 09:46:51"), "INC0081219", "4 - Low", "Sam Doyle (Blood Sciences)", f"{next(i for _, i, t in stats['fail'] if t is stats['preop1'])}: NMG pre-op sample 'no order' but LIMS has the order", f"Sample {stats['preop1']['sid']} went to the error lane with no order at 09:41, LIMS shows {len(PREOP_SCREEN)} chemistry tests booked at 09:20. Ran by manual entry. Probably add-on timing?")
    ticket(first + 10 * m, "INC0081234", "2 - High", "Gwen Pritchard (Blood Sciences)", "Chemistry line: error lane filling with 'no order' from CX-8s", "Since about " + first.strftime("%H:%M") + " tubes are sent to error lane E2 with ANALYZER_NO_ORDER from all four CX-8s although LIMS has their orders. Mostly Halden OH.")
    ticket(utc("2026-02-25 12:08:33"), "INC0081240", "3 - Moderate", "Dev Lewis (Customer Services)", "Halden OH chasing executive screen results", "Halden Occupational Health's screening day: their client's executives are booked for results consultations tomorrow morning, asking when results will be in.")
    ticket(utc("2026-02-25 13:14:10"), "INC0081234", "2 - High", "Gwen Pritchard (Blood Sciences)", "Chemistry line: error lane filling with 'no order' from CX-8s",
           "Resolved: instrument-gateway 2.13.0 (LIS-455) sent records over 240 characters in frames of up to 254; the CX-8s NAK them. Fixed in 2.14.1 (LIS-466), tubes reloaded.", state="Resolved")


def build(out_dir):
    rng = random.Random(56100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(min(stats["oh_fail"])).replace(microsecond=0)
        assert utc("2026-02-25 10:45:00") <= onset <= utc("2026-02-25 10:50:00"), onset
        early = [x for x, _, t in stats["fail"] if x < onset.timestamp()]
        assert len(early) == 1 and stats["preop1"] in [t for _, _, t in stats["fail"]], early
        culprit_at = utc("2026-02-24 11:37:00")
        n_by_min = stats["n_by_min"]

        def rate(what):
            def fn(t):
                m = int(t.timestamp() // 60) * 60 - 60
                return round(n_by_min.get(m, {}).get(what, 0) / 60.0, 4)
            return fn

        series = stats["lane_series"]

        def occupancy(t):
            cur = 3
            for x, o in series:
                if x <= t.timestamp():
                    cur = o
            return cur

        metrics = {
            "igw_host_queries_rate1m.json": query_range(
                [({"instance": "igw-01:9108", "job": "instrument-gateway", "result": r}, rate(r)) for r in ("sent", "no_order", "not_delivered")], START, END, 60),
            "labflow_error_lane_occupancy.json": query_range([({"instance": "lf-ctl01:9120", "job": "labflow", "lane": "E2"}, occupancy)], START, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        oh_n = len(set(t["sid"] for _, _, t in stats["fail"] if t["kind"] == "oh-exec"))
        return write_scenario(
            out_dir, name="r56-astm-frame-text-247", service=SERVICE, onset=onset,
            description=f"""
Corran Pathology's chemistry line sends tube after tube to its error lane
with "no order" on Wednesday 25 February: from {onset.strftime('%H:%M:%S')} UTC the
four Vantis CX-8 analysers get no order from the instrument gateway for
Halden Occupational Health's executive health screens (31 chemistry
tests each), delivered by courier at 10:28; {oh_n} tubes wait for up to
2.5 hours. An instrument-gateway release had gone out at 10:16; it was
rolled back at 11:22 without effect. A fix went out at 12:44 and the
tubes were reloaded from 12:50.
""",
            logs=logs, line_formats={"instrument-gateway.log": r'<Date> <Time> <Level>\s+\[<Link>\] <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Host comm: frame length .*exceeds',
                r'transmission aborted after .*NAKs',
            ],
            fix_files=["igw/astm/codec.py"],
            explanation=f"""
The culprit is LIS-455 ("astm: one LIS1-A codec for both directions"),
committed on Tuesday 24 February at 11:37 UTC and shipped as 2.13.0 in
the 19:06 change window (the deploy job names the release commit after
it), {hours:.1f} hours before the onset. It replaces framing.py, which cut
a record's text into frames of 240 characters, with codec.Framer, which
cuts it into chunks of MAX_FRAME = 247: LIS1-A's 247 is a whole frame
(STX, frame number, text, ETB/ETX, checksum, CR LF), so the text may be
240 at most. Any record over 240 characters now goes out in a frame of
up to 254; the CX-8s NAK it ("E-2217 Host comm: frame length 254
exceeds 247, NAK sent"), the gateway gives up ("transmission aborted
after 6 NAKs", "order not delivered") and the tube goes to the error
lane. Only an order of about 25 tests or more is that long: a hospital
pre-op screen at 09:41 (run by hand) and, from {onset.strftime('%H:%M:%S')}, Halden's
executive screens. The fix (LIS-466) cuts text at 240 in codec.py; a
revert of the culprit touches the same file.
Decoys: the 10:16 release 2.14.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (LIS-461,
which logs each NAK with the frame's length, the very warning that fills
the log; LIS-462, control characters by name in the link trace, in the
culprit's file; LIS-459, the IA-4 ACK timeout; a pydantic bump), rolled
back at 11:22 to 2.13.0, which holds the culprit: the NAK warnings
vanish, the aborts go on; the runbook commit (LIS-457) that reads NAKs
as line noise and the Moxa port power-cycle it prompts; the docs commit
on host query mode; LIS-441 to the results code; the 2.13.0 release
commit named by Tuesday's deploy; the CI image bump; routine "no order in
LIMS (404)" tubes booked late, IA-4s busy at ENQ, checksum errors,
barcode no-reads and clots on the same error lane; the courier's
delivery of Halden's tubes at 10:28 and the reception scans.
""",
        )
    finally:
        repo.close()
