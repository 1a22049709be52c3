"""edi-ingest (Python 3.12; one pod with two import threads on AKS,
released by an Azure DevOps pipeline that runs `helm upgrade`; team in
Antwerp, Porto and Gdańsk) of Kallo Container Terminal (KCT), a
deep-sea and feeder terminal in the port of Antwerp-Bruges. Shipping
lines and feeder operators upload EDIFACT messages to the terminal's
SFTP server (edi-sftp-01): BAPLIE bay plans (SMDG 2.2, the stowage of
every container on board, sent when a vessel leaves its previous port),
COPRAR loading and discharge lists and VERMAS verified gross masses.
edi-ingest polls the inboxes, parses each message into its segment
groups (the message's branching diagram), hands the result to the
TOS's vessel-api (stowage, load lists, VGMs) and moves the file to done/
or error/; it also sends CODECO gate messages back to the lines. The
TOS's planning service builds quay crane job lists from the stowage;
the gate (OCR portals, VBS truck appointments) accepts an export box
only if it is on its vessel's loading list.

On Wednesday 16 September at 11:20 UTC INT-214 replaces the segment
group parser's stack machine with a recursive-descent parser that
follows the branching diagram: Meridian's stowage remarks (an FTX after
a DGS group) had been lost on AURORA's last call. `_take_groups` takes a
group, its nested groups, and then calls itself for the next sibling: one
Python frame per container, and Python's recursion limit is 1000. Feeder
bay plans and lists (120-880 containers) pass. It is released at 14:05
in a pipeline run whose checkout names the test commit after it.

On Thursday 17 September MERIDIAN AURORA leaves Le Havre at 08:50 UTC
for Friday's call at KCT, and Meridian uploads its departure BAPLIE at
09:12: 5,612 containers. Its import fails with RecursionError, as does
AURORA's COPRAR loading list at 09:39 (1,904 containers), so the planners
have no stowage for Friday's discharge and the gate refuses AURORA's
export boxes booked since Wednesday ("not on loading list"). A release
had gone out at 08:36 (INT-220: failed imports logged with the message
reference, type, vessel and segment count; INT-219: slots in the very
groups module; INT-221: Meridian's new Porto EDI centre inbox and a
longer import timeout; a pydantic bump). The on-call rolls it back at
09:58; Meridian's re-sent BAPLIE at 10:24 and Condor's CONDOR VALPARAISO
bay plan (1,288 containers) at 10:51 fail alike. Joana, who wrote INT-214,
reads the traceback at 11:09 and writes the loop; the fix is released at
11:46, and from 11:53 the files are put back from error/ (AURORA's first
bay plan, superseded by the re-send, is set aside) and import.

Sources: edi-ingest (Python logging with tracebacks, line format), the
SFTP server (syslog RFC 3164: sshd and internal-sftp), gate (Spring Boot:
OCR portals, appointments, lane transactions), tos-planning (logstash
JSON: stowage, crane job lists, quay crane moves, arrival readiness),
Azure DevOps deploy runs, #kct-ops-it (Teams export, JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "edi-ingest"
START, END = utc("2026-09-17 06:30:00"), utc("2026-09-17 12:45:00")
DEPLOY_WED = utc("2026-09-16 14:05:20")
RELEASE = utc("2026-09-17 08:36:10")
ROLLBACK = utc("2026-09-17 09:58:20")
FIX_DEPLOY = utc("2026-09-17 11:46:40")
REIMPORT = utc("2026-09-17 11:53:30")
BUFFER = utc("2026-09-17 11:12:20")
RECURSION_LIMIT = 1000
BASE_FRAMES = 9  # threading bootstrap, _loop, import_file, parse, build_tree, ...

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = '''[project]
name = "edi-ingest"
version = "2026.9.0"
requires-python = ">=3.12"
dependencies = [
  "paramiko==3.4.1",
  "httpx==0.27.2",
  "pydantic==2.9.1",
  "psycopg[binary]==3.2.9",
  "PyYAML==6.0.2",
  "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3"]

[project.scripts]
edi-ingest = "edi_ingest.main:main"
'''

MAIN = '''import logging
import os
import time

from prometheus_client import start_http_server

from edi_ingest import __version__, worker
from edi_ingest.config import load_partners

log = logging.getLogger("edi_ingest")


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] [%(threadName)s] %(message)s")
    logging.Formatter.converter = time.gmtime
    partners = load_partners(os.environ.get("PARTNERS_FILE", "/etc/edi-ingest/partners.yaml"))
    threads = int(os.environ.get("IMPORT_THREADS", "2"))
    log.info("edi-ingest %s (%s) starting: %d import threads, %d partner inboxes", __version__, os.environ.get("GIT_SHA", "-")[:12], threads, len(partners))
    start_http_server(9102)
    worker.run(partners, threads=threads)
'''

TOKENIZER = '''"""EDIFACT syntax: the UNA service string advice, segments split on the
segment terminator, elements and components on their separators, the
release character respected; UNB/UNH/UNT/UNZ checked and stripped."""

from dataclasses import dataclass

DEFAULT_UNA = ":+.? \\'"


class EdifactSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Segment:
    tag: str
    elements: tuple
    pos: int

    @property
    def qualifier(self):
        return self.elements[0][0] if self.elements and self.elements[0] else ""


@dataclass(frozen=True)
class Header:
    control_ref: str
    sender: str
    type: str
    version: str
    ref: str
    segment_count: int


def split(raw, una=DEFAULT_UNA):
    comp, elem, _dec, rel, _rep, term = una
    segs, buf, esc = [], [], False
    for ch in raw:
        if esc:
            buf.append(ch)
            esc = False
        elif ch == rel:
            esc = True
        elif ch == term:
            segs.append("".join(buf).strip("\\r\\n"))
            buf = []
        else:
            buf.append(ch)
    return [s for s in segs if s], comp, elem


def interchange(raw, syntax="UNOA"):
    una = DEFAULT_UNA
    if raw.startswith("UNA"):
        una, raw = raw[3:9], raw[9:]
    texts, comp, elem = split(raw, una)
    parts = [[tuple(e.split(comp)) for e in t.split(elem)] for t in texts]
    unb, unh, unt = parts[0], parts[1], parts[-2]
    body = [Segment(p[0][0], tuple(p[1:]), i) for i, p in enumerate(parts[1:-1], start=1)]
    if int(unt[1][0]) != len(body):
        raise EdifactSyntaxError(f"UNT segment count {unt[1][0]} does not match {len(body)} segments")
    header = Header(unb[5][0], unb[2][0], unh[2][0], ":".join(unh[2][1:]), unh[1][0], len(body))
    return header, body
'''

GROUPS_V1 = '''"""Segment groups of an EDIFACT message, as its branching diagram defines
them (edi_ingest/edifact/diagrams.py): a group opens at its trigger
segment (a tag and, where the diagram needs one, a qualifier: LOC+147)
and holds its member segments and nested groups."""

from dataclasses import dataclass, field


class GroupError(ValueError):
    pass


@dataclass(frozen=True)
class GroupSpec:
    name: str
    trigger: str
    members: frozenset
    children: tuple = ()

    def opens(self, seg):
        tag, _, qualifier = self.trigger.partition("+")
        return seg.tag == tag and (not qualifier or seg.qualifier == qualifier)


@dataclass
class Group:
    name: str
    segments: list = field(default_factory=list)
    children: list = field(default_factory=list)


def build_tree(segments, spec):
    """A stack of open groups: a segment opens a nested group of the
    innermost open group that has one for it, else joins the innermost
    group that accepts it, closing the groups above."""
    root = Group(spec.name)
    stack = [(root, spec)]
    for seg in segments:
        while True:
            group, gspec = stack[-1]
            child = next((c for c in gspec.children if c.opens(seg)), None)
            if child is not None:
                new = Group(child.name, [seg])
                group.children.append(new)
                stack.append((new, child))
                break
            if seg.tag in gspec.members and not _opens_sibling(stack, seg):
                group.segments.append(seg)
                break
            if len(stack) == 1:
                raise GroupError(f"unexpected segment {seg.tag} at position {seg.pos}")
            stack.pop()
    return root


def _opens_sibling(stack, seg):
    return any(c.opens(seg) for _, s in stack[:-1] for c in s.children)
'''

GROUPS_TAIL_REC = '''

def build_tree(segments, spec):
    """Recursive descent over the branching diagram: a group is its trigger,
    its member segments, then its nested groups; the next sibling group
    starts where the previous one ends (INT-214)."""
    root = Group(spec.name)
    pos = _take_members(segments, 0, spec, root, ())
    pos = _take_groups(segments, pos, spec.children, root)
    if pos != len(segments):
        seg = segments[pos]
        raise GroupError(f"unexpected segment {seg.tag} at position {seg.pos}")
    return root


def _take_members(segments, pos, spec, group, siblings):
    while pos < len(segments):
        seg = segments[pos]
        if seg.tag not in spec.members or _opens_any(spec.children, seg) or _opens_any(siblings, seg):
            return pos
        group.segments.append(seg)
        pos += 1
    return pos


def _take_groups(segments, pos, specs, parent):
    if pos >= len(segments):
        return pos
    spec = next((s for s in specs if s.opens(segments[pos])), None)
    if spec is None:
        return pos
    group = Group(spec.name, [segments[pos]])
    parent.children.append(group)
    end = _take_members(segments, pos + 1, spec, group, specs)
    end = _take_groups(segments, end, spec.children, group)
    return _take_groups(segments, end, specs, parent)


def _opens_any(specs, seg):
    return any(s.opens(seg) for s in specs)
'''

GROUPS_TAIL_LOOP = '''

def build_tree(segments, spec):
    """Recursive descent over the branching diagram: a group is its trigger,
    its member segments, then its nested groups; the next sibling group
    starts where the previous one ends (INT-214)."""
    root = Group(spec.name)
    pos = _take_members(segments, 0, spec, root, ())
    pos = _take_groups(segments, pos, spec.children, root)
    if pos != len(segments):
        seg = segments[pos]
        raise GroupError(f"unexpected segment {seg.tag} at position {seg.pos}")
    return root


def _take_members(segments, pos, spec, group, siblings):
    while pos < len(segments):
        seg = segments[pos]
        if seg.tag not in spec.members or _opens_any(spec.children, seg) or _opens_any(siblings, seg):
            return pos
        group.segments.append(seg)
        pos += 1
    return pos


def _take_groups(segments, pos, specs, parent):
    """Sibling groups are taken in a loop: a BAPLIE has one grp2 per
    container, thousands on a deep-sea vessel, and recursing once per
    sibling passed Python's recursion limit (1000) on MERIDIAN AURORA's
    5,612 (INT-224). Only nesting recurses, at most three levels deep."""
    while pos < len(segments):
        spec = next((s for s in specs if s.opens(segments[pos])), None)
        if spec is None:
            break
        group = Group(spec.name, [segments[pos]])
        parent.children.append(group)
        pos = _take_members(segments, pos + 1, spec, group, specs)
        pos = _take_groups(segments, pos, spec.children, group)
    return pos


def _opens_any(specs, seg):
    return any(s.opens(seg) for s in specs)
'''

GROUPS_V2 = GROUPS_V1.split("\n\ndef build_tree")[0] + GROUPS_TAIL_REC

DIAGRAMS = '''"""Branching diagrams of the messages we import, below UNH (SMDG user
manuals: BAPLIE 2.2, COPRAR 2.0, VERMAS 1.0)."""

from edi_ingest.edifact.groups import GroupSpec as G

BAPLIE = G("BAPLIE", "UNH", frozenset({"BGM", "DTM", "RFF", "NAD"}), (
    G("grp1", "TDT", frozenset({"LOC", "DTM", "RFF", "FTX"})),
    G("grp2", "LOC+147", frozenset({"GID", "GDS", "FTX", "MEA", "DIM", "TMP", "RNG", "LOC", "RFF"}), (
        G("grp3", "EQD", frozenset({"EQA", "NAD"})),
        G("grp4", "DGS", frozenset({"FTX"})),
    )),
))

COPRAR = G("COPRAR", "UNH", frozenset({"BGM", "DTM", "RFF", "NAD"}), (
    G("grp1", "TDT", frozenset({"RFF", "LOC", "DTM"})),
    G("grp2", "NAD", frozenset({"CTA"})),
    G("grp3", "EQD", frozenset({"RFF", "EQN", "TMD", "DTM", "LOC", "MEA", "DIM", "TMP", "RNG", "SEL", "FTX", "HAN"}), (
        G("grp4", "DGS", frozenset({"FTX"})),
        G("grp5", "TDT", frozenset({"RFF", "LOC"})),
    )),
))

VERMAS = G("VERMAS", "UNH", frozenset({"BGM", "DTM"}), (
    G("grp1", "EQD", frozenset({"RFF", "LOC", "SEL", "MEA", "DTM"}), (
        G("grp2", "DOC", frozenset({"DTM", "NAD"})),
    )),
))

DIAGRAMS = {"BAPLIE": BAPLIE, "COPRAR": COPRAR, "VERMAS": VERMAS}
'''

MESSAGES_INIT = '''"""Dispatch on the message type in UNH; each module maps the group tree
to what the TOS's vessel-api takes."""

from edi_ingest.edifact.diagrams import DIAGRAMS
from edi_ingest.edifact.groups import build_tree
from edi_ingest.edifact.tokenizer import interchange
from edi_ingest.messages import baplie, coprar, vermas

MAPPERS = {"BAPLIE": baplie.from_tree, "COPRAR": coprar.from_tree, "VERMAS": vermas.from_tree}


def parse(raw, partner):
    header, segments = interchange(raw, partner.syntax)
    if header.type not in MAPPERS:
        raise ValueError(f"message type {header.type} not handled for {partner.id}")
    tree = build_tree(segments, DIAGRAMS[header.type])
    return MAPPERS[header.type](header, tree)
'''

BAPLIE = '''"""BAPLIE (SMDG 2.2): one grp2 per occupied slot. The stowage goes to
vessel-api as positions (bay-row-tier, ISO 9711) with the container, its
weight, ports and special cargo."""

from edi_ingest.messages.model import Position, Stowage


def from_tree(header, tree):
    voyage = tree.children[0]
    positions = []
    for slot in tree.children[1:]:
        loc = slot.segments[0]
        eqd = next((g for g in slot.children if g.name == "grp3"), None)
        positions.append(Position(
            cell=loc.elements[1][0],
            container=eqd.segments[0].elements[1][0] if eqd else None,
            weight_kg=_weight(slot),
            pol=_loc(slot, "9"),
            pod=_loc(slot, "11"),
            remarks=[s.elements[3][0] for s in slot.segments if s.tag == "FTX"],
            imdg=[g.segments[0].elements[1][0] for g in slot.children if g.name == "grp4"],
        ))
    tdt = voyage.segments[0]
    return Stowage(ref=header.ref, vessel=tdt.elements[7][3], voyage=tdt.elements[1][0], positions=positions)


def _weight(slot):
    mea = next((s for s in slot.segments if s.tag == "MEA" and s.qualifier == "WT"), None)
    return int(float(mea.elements[2][1])) if mea else None


def _loc(slot, qualifier):
    return next((s.elements[1][0] for s in slot.segments if s.tag == "LOC" and s.qualifier == qualifier), None)
'''

COPRAR = '''"""COPRAR (SMDG 2.0): loading and discharge lists. One grp3 per
container; a full list replaces the previous one for the visit."""

from edi_ingest.messages.model import ListEntry, ContainerList


def from_tree(header, tree):
    tdt = tree.children[0]
    entries = []
    for eqd in (g for g in tree.children if g.name == "grp3"):
        seg = eqd.segments[0]
        entries.append(ListEntry(
            container=seg.elements[1][0],
            iso=seg.elements[2][0],
            full=seg.elements[4][0] == "5",
            booking=next((s.elements[0][1] for s in eqd.segments if s.tag == "RFF" and s.qualifier == "BN"), None),
            pod=next((s.elements[1][0] for s in eqd.segments if s.tag == "LOC" and s.qualifier == "11"), None),
        ))
    kind = "load" if tree.segments[0].elements[0][0] == "45" else "discharge"
    return ContainerList(ref=header.ref, kind=kind, voyage=tdt.segments[0].elements[1][0], entries=entries)
'''

VERMAS_PY = '''"""VERMAS: verified gross mass per container (SOLAS VI/2)."""

from edi_ingest.messages.model import Vgm


def from_tree(header, tree):
    out = []
    for eqd in tree.children:
        mea = next(s for s in eqd.segments if s.tag == "MEA" and s.qualifier == "AAE")
        out.append(Vgm(container=eqd.segments[0].elements[1][0], kg=int(float(mea.elements[2][1]))))
    return out
'''

WORKER_V1 = '''"""The import loop: threads take files from the partners' SFTP inboxes in
arrival order, import each message into the TOS through vessel-api and
move the file to done/ or error/."""

import logging
import queue
import threading

from edi_ingest import tos_client
from edi_ingest.messages import parse
from edi_ingest.sftp import Inbox

log = logging.getLogger("edi_ingest.worker")


def import_file(inbox, partner, path):
    raw = inbox.read(path)
    log.info("picked up %s (%d bytes)", path, len(raw))
    try:
        message = parse(raw, partner)
        result = tos_client.submit(message)
    except Exception as exc:
        log.exception("import of %s failed: %s", path, exc)
        inbox.move(path, "error/")
        return False
    log.info("imported %s ref=%s %s", message.type, message.ref, result.summary)
    inbox.move(path, "done/")
    return True


def run(partners, threads=2):
    work = queue.Queue()
    for n in range(threads):
        threading.Thread(target=_loop, args=(work,), name=f"import-{n + 1}", daemon=True).start()
    Inbox.watch(partners, work.put)


def _loop(work):
    while True:
        inbox, partner, path = work.get()
        import_file(inbox, partner, path)
'''

WORKER_V2 = WORKER_V1.replace(
    "from edi_ingest import tos_client\n",
    "from edi_ingest import tos_client\nfrom edi_ingest.edifact.tokenizer import peek_header\n").replace(
    '''    log.info("picked up %s (%d bytes)", path, len(raw))
    try:
        message = parse(raw, partner)
        result = tos_client.submit(message)
    except Exception as exc:
        log.exception("import of %s failed: %s", path, exc)
''', '''    log.info("picked up %s (%d bytes)", path, len(raw))
    header = peek_header(raw)
    try:
        message = parse(raw, partner)
        result = tos_client.submit(message)
    except Exception:
        # The planners ask "which vessel?" first: say it, and the reference
        # the line's EDI desk needs to find the message (INT-220).
        log.exception("import failed ref=%s type=%s vessel=%s segments=%d file=%s moved=error/",
                      header.ref, header.type, header.vessel or "-", header.segment_count, path)
''')

PARTNERS = '''# Partner inboxes on edi-sftp-01 (/srv/edi/<inbox>/in), the EDIFACT
# syntax they send and who they are.
partners:
  - id: MERIDIANEDI
    inbox: meridian
    name: Meridian Line
    syntax: UNOA
    types: [BAPLIE, COPRAR, VERMAS]
  - id: CONDORLINE
    inbox: condor
    name: Condor Line
    syntax: UNOB
    types: [BAPLIE, COPRAR, VERMAS]
  - id: NORSEAFEED
    inbox: norsea
    name: NorSea Feeders
    syntax: UNOA
    types: [BAPLIE, COPRAR, VERMAS]
  - id: BALTFEED
    inbox: baltfeed
    name: Baltic Feeder Services
    syntax: UNOA
    types: [BAPLIE, COPRAR, VERMAS]
  - id: IBERLINK
    inbox: iberlink
    name: Iberlink Shortsea
    syntax: UNOC
    types: [BAPLIE, COPRAR, VERMAS]
  - id: ATLFEEDER
    inbox: atlfeeder
    name: Atlantic Feeder Line
    syntax: UNOA
    types: [BAPLIE, COPRAR]
  - id: VGMHUB
    inbox: vgmhub
    name: VGM portal (shippers)
    syntax: UNOA
    types: [VERMAS]
'''

VALUES = '''image:
  repository: kctacr.azurecr.io/edi-ingest
  tag: latest

replicas: 1            # one poller: two would take the same file
strategy: Recreate

env:
  IMPORT_THREADS: "2"
  IMPORT_TIMEOUT_S: "60"
  SFTP_HOST: edi-sftp-01.kct.internal
  VESSEL_API: https://vessel-api.tos.svc.cluster.local/v2
  POLL_INTERVAL_S: "15"

resources:
  requests: { cpu: 500m, memory: 512Mi }
  limits: { memory: 1Gi }

livenessProbe:
  exec:
    command: ["python", "-m", "edi_ingest.heartbeat", "--max-age", "120"]
  periodSeconds: 30
'''

PIPELINE = '''trigger: none

pool:
  vmImage: ubuntu-22.04

stages:
  - stage: build
    jobs:
      - job: test_and_push
        steps:
          - script: pip install .[test] && pytest -q
          - task: Docker@2
            inputs: { command: buildAndPush, repository: edi-ingest, containerRegistry: kctacr, tags: "$(Build.BuildNumber)" }
  - stage: deploy_prod
    dependsOn: build
    jobs:
      - deployment: helm
        environment: kct-prod.edi
        strategy:
          runOnce:
            deploy:
              steps:
                - checkout: self
                - script: |
                    echo "Deploying edi-ingest $(Build.BuildNumber) ($(Build.SourceVersion)) to aks-kct-prod"
                    helm upgrade --install edi-ingest chart/edi-ingest -n edi -f chart/edi-ingest/values-prod.yaml \\
                      --set image.tag=$(Build.BuildNumber) --set-string env.GIT_SHA=$(Build.SourceVersion) --wait --timeout 5m
'''

TEST_GROUPS = '''from edi_ingest.edifact.diagrams import BAPLIE
from edi_ingest.edifact.groups import build_tree
from edi_ingest.edifact.tokenizer import interchange


def test_sample_baplie(read_sample):
    header, segments = interchange(read_sample("baplie_norsea_spirit.edi"))
    tree = build_tree(segments, BAPLIE)
    assert header.type == "BAPLIE"
    assert len([g for g in tree.children if g.name == "grp2"]) == 214
'''


def build_repo():
    pieter = Person("Pieter Claes", "pieter.claes@kct.be", 120)
    joana = Person("Joana Ferreira", "joana.ferreira@kct.be", 60)
    kacper = Person("Kacper Nowicki", "kacper.nowicki@kct.be", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# edi-ingest\n\nInbound EDIFACT from the lines and feeder operators (BAPLIE bay plans,\nCOPRAR loading/discharge lists, VERMAS VGMs) into the TOS's vessel-api;\noutbound CODECO gate messages. Partners upload to edi-sftp-01; one pod\npolls the inboxes and moves each file to done/ or error/.\n\n```\npip install -e .[test]\npytest -q\n```\n\nReleases: the `deploy_prod` stage of the Azure DevOps pipeline (manual run\non main) runs `helm upgrade` on aks-kct-prod.\n",
        "docs/runbook.md": runbook("edi-ingest", [
            ("EdiImportErrors", "A message moved to error/. The log line before the traceback names the\nfile; the traceback says why. Syntax errors (UNT counts, bad characters)\ngo back to the partner's EDI desk."),
            ("StowageMissing", "tos-planning's arrival readiness check has no stowage for a visit whose\nvessel has left its previous port. Check error/ and the partner's upload\non edi-sftp-01 (`journalctl -t internal-sftp`)."),
        ]),
        "pyproject.toml": PYPROJECT,
        "edi_ingest/__init__.py": '__version__ = "2026.9.0"\n',
        "edi_ingest/main.py": MAIN,
        "edi_ingest/worker.py": WORKER_V1,
        "edi_ingest/edifact/__init__.py": "",
        "edi_ingest/edifact/tokenizer.py": TOKENIZER,
        "edi_ingest/edifact/groups.py": GROUPS_V1,
        "edi_ingest/edifact/diagrams.py": DIAGRAMS,
        "edi_ingest/messages/__init__.py": MESSAGES_INIT,
        "edi_ingest/messages/baplie.py": BAPLIE,
        "edi_ingest/messages/coprar.py": COPRAR,
        "edi_ingest/messages/vermas.py": VERMAS_PY,
        "edi_ingest/outbound/codeco.py": '"""CODECO gate-in/gate-out messages to each line, every 15 minutes."""\n\nSEGMENTS = ["UNH", "BGM", "TDT", "NAD", "EQD", "RFF", "DTM", "LOC", "MEA", "CNT", "UNT"]\n',
        "tests/test_groups.py": TEST_GROUPS,
        "config/partners.yaml": PARTNERS,
        "chart/edi-ingest/Chart.yaml": "apiVersion: v2\nname: edi-ingest\nversion: 0.4.0\n",
        "chart/edi-ingest/values-prod.yaml": VALUES,
        "azure-pipelines.yml": PIPELINE,
    }
    repo.commit(utc("2026-09-10 08:40:00"), pieter, "edi-ingest: SFTP inboxes, EDIFACT parser, BAPLIE/COPRAR/VERMAS import, CODECO, chart, pipeline", files)
    repo.schedule(chores(random.Random(42101), SERVICE, [kacper, pieter], utc("2026-09-10 09:30:00"), utc("2026-09-14 12:00:00"), 2))
    repo.commit(utc("2026-09-11 10:15:00"), kacper, "coprar: handling instructions (HAN) to the yard's special-handling flags (INT-201)", {
        "edi_ingest/messages/coprar.py": repo.edit("edi_ingest/messages/coprar.py",
            '            pod=next((s.elements[1][0] for s in eqd.segments if s.tag == "LOC" and s.qualifier == "11"), None),\n',
            '            pod=next((s.elements[1][0] for s in eqd.segments if s.tag == "LOC" and s.qualifier == "11"), None),\n            handling=[s.elements[0][0] for s in eqd.segments if s.tag == "HAN"],\n'),
    })
    repo.commit(utc("2026-09-14 04:05:00"), bot, "Update dependency psycopg to v3.2.10", {
        "pyproject.toml": repo.edit("pyproject.toml", '"psycopg[binary]==3.2.9"', '"psycopg[binary]==3.2.10"'),
    })
    repo.commit(utc("2026-09-14 12:30:00"), joana, "baplie: weight from MEA+VGM (SOLAS VGM) when the line sends it, MEA+WT otherwise (INT-205)", {
        "edi_ingest/messages/baplie.py": repo.edit("edi_ingest/messages/baplie.py",
            '    mea = next((s for s in slot.segments if s.tag == "MEA" and s.qualifier == "WT"), None)\n',
            '    mea = next((s for s in slot.segments if s.tag == "MEA" and s.elements[1][0] == "VGM"), None)\n    mea = mea or next((s for s in slot.segments if s.tag == "MEA" and s.qualifier == "WT"), None)\n'),
    })
    repo.commit(utc("2026-09-15 07:50:00"), kacper, "codeco: seal numbers (SEL) on full gate-outs (INT-208)", {
        "edi_ingest/outbound/codeco.py": repo.edit("edi_ingest/outbound/codeco.py", '"MEA", "CNT"', '"MEA", "SEL", "CNT"'),
    })
    culprit = repo.commit(utc("2026-09-16 11:20:00"), joana, "edifact: recursive-descent segment group parser following the branching diagram (INT-214)\n\nThe stack machine attaches a segment to the innermost open group that\naccepts it, so an FTX after a DGS group (a stowage remark of the slot,\ngrp2 in BAPLIE 2.2) joined the DGS group and never reached the planners:\nMeridian's DO NOT OVERSTOW remarks on AURORA's last call were lost\n(INT-211). The diagram says what may follow what: a group takes its\nmember segments, then its nested groups, and the next sibling starts\nwhere it ends. Same trees as before for every sample in tests/data\nexcept the two with remarks after DGS.", {
        "edi_ingest/edifact/groups.py": GROUPS_V2,
    })
    test = repo.commit(utc("2026-09-16 11:41:00"), joana, "test: BAPLIE 2.2 sample with a stowage remark after a DGS group (INT-214)", {
        "tests/test_groups.py": TEST_GROUPS + '\n\ndef test_remark_after_dgs_stays_with_the_slot(read_sample):\n    _, segments = interchange(read_sample("baplie_remark_after_dgs.edi"))\n    tree = build_tree(segments, BAPLIE)\n    slot = [g for g in tree.children if g.name == "grp2"][3]\n    assert [s.elements[3][0] for s in slot.segments if s.tag == "FTX"] == ["DO NOT OVERSTOW"]\n',
    })
    repo.commit(utc("2026-09-16 14:55:00"), pieter, "docs: runbook: putting a message back from error/", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Re-importing a message\n\nAfter the cause is fixed, move the file from `/srv/edi/<inbox>/error/` back\nto `in/` on edi-sftp-01 (as kct-ops). The next poll imports it; a full\nCOPRAR or BAPLIE replaces what the visit had.\n",
    })
    repo.commit(utc("2026-09-17 03:07:00"), bot, "Update dependency pydantic to v2.9.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pydantic==2.9.1"', '"pydantic==2.9.2"'),
    })
    logging_commit = repo.commit(utc("2026-09-17 05:12:00"), kacper, "worker: log failed imports with the message reference, type, vessel and segment count (INT-220)\n\nThe planners ask which vessel first, and the line's EDI desk needs the\nUNH reference; the file name alone says neither.", {
        "edi_ingest/worker.py": WORKER_V2,
        "edi_ingest/edifact/tokenizer.py": repo.files["edi_ingest/edifact/tokenizer.py"] + '\n\ndef peek_header(raw):\n    """UNB/UNH/UNT of a message without parsing its body, for log lines."""\n    texts, comp, elem = split(raw[9:] if raw.startswith("UNA") else raw)\n    unh = texts[1].split(elem)\n    tdt = next((t.split(elem) for t in texts if t.startswith("TDT")), None)\n    vessel = tdt[8].split(comp)[-1] if tdt and len(tdt) > 8 else None\n    return Header(texts[0].split(elem)[5], texts[0].split(elem)[2], unh[2].split(comp)[0], "", unh[1], int(texts[-2].split(elem)[1]), vessel)\n',
    })
    slots = repo.commit(utc("2026-09-17 05:44:00"), kacper, "edifact: groups and specs as slotted dataclasses (INT-219)\n\nMERIDIAN ORION's 4,930-container BAPLIE on Tuesday took the pod to\n610 MiB of its 1Gi; slots save ~40% of the tree.", {
        "edi_ingest/edifact/groups.py": repo.edit("edi_ingest/edifact/groups.py", "@dataclass(frozen=True)\nclass GroupSpec:", "# slots: a deep-sea BAPLIE is some 60,000 Group and Segment objects (INT-219)\n@dataclass(frozen=True, slots=True)\nclass GroupSpec:").replace(
            "@dataclass\nclass Group:", "@dataclass(slots=True)\nclass Group:"),
    })
    head = repo.commit(utc("2026-09-17 06:02:00"), pieter, "config: Meridian's Porto EDI centre inbox; import timeout 120 s (INT-221)\n\nMeridian moves its COPRAR traffic to the Porto EDI centre from this week\n(user meridian-pt, same keys). Deep-sea bay plans take up to 40 s to\nsubmit to vessel-api.", {
        "config/partners.yaml": repo.edit("config/partners.yaml", "    types: [BAPLIE, COPRAR, VERMAS]\n  - id: CONDORLINE",
                                          "    types: [BAPLIE, COPRAR, VERMAS]\n  - id: MERIDIANEDI\n    inbox: meridian-pt\n    name: Meridian Line (Porto EDI centre)\n    syntax: UNOA\n    types: [COPRAR]\n  - id: CONDORLINE"),
        "chart/edi-ingest/values-prod.yaml": repo.edit("chart/edi-ingest/values-prod.yaml", 'IMPORT_TIMEOUT_S: "60"', 'IMPORT_TIMEOUT_S: "120"'),
    })
    fix = repo.commit(utc("2026-09-17 11:31:00"), joana, "edifact: take sibling groups in a loop, not by recursion (INT-224)\n\n_take_groups called itself for every next sibling: one frame per\ncontainer. A feeder's 880 fit under Python's recursion limit of 1000,\nMERIDIAN AURORA's 5,612 (and CONDOR VALPARAISO's 1,288) did not:\nRecursionError, bay plan and loading list in error/.", {
        "edi_ingest/edifact/groups.py": repo.files["edi_ingest/edifact/groups.py"].split("\n\ndef build_tree")[0] + GROUPS_TAIL_LOOP,
        "tests/test_groups.py": repo.files["tests/test_groups.py"] + '\n\ndef test_deep_sea_bay_plan(make_baplie):\n    _, segments = interchange(make_baplie(containers=9000))\n    tree = build_tree(segments, BAPLIE)\n    assert len([g for g in tree.children if g.name == "grp2"]) == 9000\n',
    })
    return repo, {"culprit": culprit, "test": test, "logging": logging_commit, "slots": slots, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# tracebacks, with the line numbers of the code that was running


def _line_no(text, needle):
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip() == needle.strip():
            return i
    raise ValueError(needle)


def _frame(path, text, func, src, expr=None):
    n = _line_no(text, src)
    s = src.strip()
    out = f'  File "/app/{path}", line {n}, in {func}\n    {s}'
    if expr and expr != s:
        i = s.index(expr)
        out += "\n    " + " " * i + "^" * len(expr)
    return out


def recursion_traceback(worker_text, groups_text, depth):
    frames = [
        "Traceback (most recent call last):",
        _frame("edi_ingest/worker.py", worker_text, "import_file", "message = parse(raw, partner)", "parse(raw, partner)"),
        _frame("edi_ingest/messages/__init__.py", MESSAGES_INIT, "parse", "tree = build_tree(segments, DIAGRAMS[header.type])", "build_tree(segments, DIAGRAMS[header.type])"),
        _frame("edi_ingest/edifact/groups.py", groups_text, "build_tree", "pos = _take_groups(segments, pos, spec.children, root)", "_take_groups(segments, pos, spec.children, root)"),
    ]
    rec = _frame("edi_ingest/edifact/groups.py", groups_text, "_take_groups", "return _take_groups(segments, end, specs, parent)", "_take_groups(segments, end, specs, parent)")
    frames += [rec, rec, rec, f"  [Previous line repeated {depth - 3} more times]"]
    frames.append(_frame("edi_ingest/edifact/groups.py", groups_text, "_take_groups", "spec = next((s for s in specs if s.opens(segments[pos])), None)", "next((s for s in specs if s.opens(segments[pos])), None)"))
    frames.append(_frame("edi_ingest/edifact/groups.py", groups_text, "<genexpr>", "spec = next((s for s in specs if s.opens(segments[pos])), None)", "s.opens(segments[pos])"))
    frames.append("RecursionError: maximum recursion depth exceeded")
    return "\n".join(frames)


def syntax_traceback(worker_text, declared, actual):
    frames = [
        "Traceback (most recent call last):",
        _frame("edi_ingest/worker.py", worker_text, "import_file", "message = parse(raw, partner)", "parse(raw, partner)"),
        _frame("edi_ingest/messages/__init__.py", MESSAGES_INIT, "parse", "header, segments = interchange(raw, partner.syntax)", "interchange(raw, partner.syntax)"),
        _frame("edi_ingest/edifact/tokenizer.py", TOKENIZER, "interchange", 'raise EdifactSyntaxError(f"UNT segment count {unt[1][0]} does not match {len(body)} segments")'),
        f"edi_ingest.edifact.tokenizer.EdifactSyntaxError: UNT segment count {declared} does not match {actual} segments",
    ]
    return "\n".join(frames)


# ---------------------------------------------------------------------------
# the terminal's traffic

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_digit(code10):
    vals, v = {}, 10
    for ch in LETTERS:
        if v % 11 == 0:
            v += 1
        vals[ch] = v
        v += 1
    total = sum((vals[c] if c.isalpha() else int(c)) * (2 ** i) for i, c in enumerate(code10))
    return total % 11 % 10


def container_no(rng, owner):
    serial = f"{rng.randint(0, 999999):06d}"
    return f"{owner}{serial}{check_digit(owner + serial)}"


PARTNER_INFO = {
    # inbox: (UNB sender, source address, ssh key type)
    "meridian": ("MERIDIANEDI", "185.34.12.77", "RSA"),
    "meridian-pt": ("MERIDIANEDI", "194.65.37.18", "RSA"),
    "condor": ("CONDORLINE", "52.29.140.211", "ED25519"),
    "norsea": ("NORSEAFEED", "91.198.45.12", "ED25519"),
    "baltfeed": ("BALTFEED", "83.238.161.90", "RSA"),
    "iberlink": ("IBERLINK", "88.27.203.5", "ED25519"),
    "atlfeeder": ("ATLFEEDER", "34.240.88.17", "ECDSA"),
    "vgmhub": ("VGMHUB", "20.76.112.40", "ED25519"),
}
UIDS = {"meridian": 1012, "meridian-pt": 1019, "condor": 1013, "norsea": 1014, "baltfeed": 1015, "iberlink": 1016, "atlfeeder": 1017, "vgmhub": 1018, "edi-ingest": 1101, "kct-ops": 1102}

# vessel visits: visit id -> (vessel, voyage, partner inbox, owner prefix, imo)
VISITS = {
    "MRAU-0437W": ("MERIDIAN AURORA", "0437W", "meridian", "MERU", "9812345"),
    "CNVP-0211E": ("CONDOR VALPARAISO", "0211E", "condor", "CNDU", "9704418"),
    "NSSP-0638N": ("NORSEA SPIRIT", "0638N", "norsea", "NSFU", "9388140"),
    "BTTN-0914S": ("BALTIC TERN", "0914S", "baltfeed", "BTFU", "9461221"),
    "IBCD-0377N": ("IBERLINK CADIZ", "0377N", "iberlink", "IBLU", "9520047"),
    "ATSK-0122W": ("ATLANTIC SKUA", "0122W", "atlfeeder", "AFLU", "9433096"),
    "NSBR-0639S": ("NORSEA BRAGE", "0639S", "norsea", "NSFU", "9388152"),
    "BTKT-0915N": ("BALTIC KITTIWAKE", "0915N", "baltfeed", "BTFU", "9461233"),
}
FEEDER_VISITS = ["NSSP-0638N", "BTTN-0914S", "IBCD-0377N", "ATSK-0122W", "NSBR-0639S", "BTKT-0915N"]
LEASING = ["TGHU", "TCLU", "SEGU", "CAIU", "FSCU", "BMOU", "TRHU", "GESU", "TEMU", "DRYU"]
HAULIERS = ["Transport Peeters", "Van Dievel Logistics", "Janssens & Zonen", "H. Essers", "Mertens Container Transport", "DHL Freight BE",
            "Trans-Ko Sp. z o.o.", "Kuehne Road NL", "Portlink Haulage", "Delcroix Transport"]


def plate(rng):
    r = rng.random()
    if r < 0.55:
        return f"{rng.randint(1, 2)}-{''.join(rng.choice('ABCDEFGHJKLMNPRSTVWXYZ') for _ in range(3))}-{rng.randint(100, 999)}"
    if r < 0.8:
        return f"{rng.choice(['BX', 'BZ', 'VL', 'VN', 'VS'])}-{rng.randint(10, 99)}-{''.join(rng.choice('BDFGHJKLNPRSTXZ') for _ in range(2))}"
    return f"{rng.choice(['WGM', 'WPR', 'DW', 'PO'])} {rng.randint(1000, 9999)}{rng.choice('AKLMNP')}"


def build_logs(rng, shas):
    app, sftp, gate, planning, azure, teams = (Log("edi-ingest.log"), Log("edi-sftp-01.log"), Log("gate.log"), Log("tos-planning.log"),
                                                Log("azure-devops-deploy.log"), Log("teams-kct-ops-it.log"))
    stats = {"fail": [], "ok": [], "refused": {}, "errdir": [], "sizes": [], "reimported": []}

    def inwin(t):
        return START <= t < END

    def jitter(t):
        return t + dt.timedelta(microseconds=rng.randint(0, 999999)) if t.microsecond == 0 else t

    def py(t, level, logger, thread, msg):
        t = jitter(t)
        if inwin(t):
            app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level} [{logger}] [{thread}] {msg}")

    def sys3164(t, tag, pid, msg):
        t = jitter(t)
        if inwin(t):
            sftp.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} edi-sftp-01 {tag}[{pid}]: {msg}")

    def spring(t, level, thread, logger, msg):
        t = jitter(t)
        if inwin(t):
            gate.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} {level:>5} 1 --- [{thread:>15}] {logger:<44} : {msg}")

    def lsj(t, level, logger, thread, msg, **kv):
        t = jitter(t)
        if inwin(t):
            body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "@version": "1", "message": msg, "logger_name": logger,
                    "thread_name": thread, "level": level, "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level]}
            body.update(kv)
            planning.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    # --- which build runs when (the pod is replaced on each deploy: Recreate)
    runs = [
        (START - dt.timedelta(hours=20), "2026.09.16.3", shas["test"], WORKER_V1, GROUPS_V2),
        (RELEASE + dt.timedelta(seconds=48), "2026.09.17.1", shas["head"], WORKER_V2, None),
        (ROLLBACK + dt.timedelta(seconds=51), "2026.09.16.3", shas["test"], WORKER_V1, GROUPS_V2),
        (FIX_DEPLOY + dt.timedelta(seconds=47), "2026.09.17.2", shas["fix"], WORKER_V2, None),
    ]
    groups_rel = GROUPS_V2.replace("@dataclass(frozen=True)\nclass GroupSpec:", "# slots: a deep-sea BAPLIE is some 60,000 Group and Segment objects (INT-219)\n@dataclass(frozen=True, slots=True)\nclass GroupSpec:").replace("@dataclass\nclass Group:", "@dataclass(slots=True)\nclass Group:")
    runs[1] = runs[1][:4] + (groups_rel,)
    runs = [(r[0] + dt.timedelta(microseconds=rng.randint(1000, 999000)),) + r[1:] for r in runs]
    down = []  # (from, to): the pod is being replaced

    def build_at(t):
        cur = runs[0]
        for r in runs:
            if t >= r[0]:
                cur = r
        return cur

    for i, (when, version, sha, _, _) in enumerate(runs[1:], start=1):
        stop = when - dt.timedelta(seconds=rng.uniform(22, 28))
        down.append((stop, when + dt.timedelta(seconds=3)))
        py(stop, "INFO", "edi_ingest", "MainThread", "SIGTERM received: finishing in-flight imports, no new files")
        py(stop + dt.timedelta(milliseconds=rng.randint(300, 900)), "INFO", "edi_ingest.sftp", "MainThread", "sftp session to edi-sftp-01.kct.internal closed")
        py(when, "INFO", "edi_ingest", "MainThread", f"edi-ingest {version} ({sha[:12]}) starting: 2 import threads, {8 if version != '2026.09.16.3' else 7} partner inboxes")
        py(when + dt.timedelta(milliseconds=40), "INFO", "edi_ingest", "MainThread", "prometheus metrics on :9102")
        py(when + dt.timedelta(milliseconds=rng.randint(500, 900)), "INFO", "edi_ingest.sftp", "MainThread", "connected to sftp://edi-ingest@edi-sftp-01.kct.internal:22 (host key ssh-ed25519 SHA256:Zq4c1vG0kT2m9QeW3xJpL7uB8nR5sYdA6hFt0iXo2Ek)")

    def pod_up(t):
        return not any(a <= t < b for a, b in down)

    # --- sftp: the ingest's own long-lived session, one per pod (a new pod, a new address)
    sessions = [(START - dt.timedelta(hours=20), 40117, 51544, "10.61.4.37")]
    for a, b in down:
        sessions.append((b - dt.timedelta(seconds=2), rng.randint(41000, 59000), rng.randint(40000, 60999), f"10.61.{rng.randint(3, 6)}.{rng.randint(10, 250)}"))

    def sess_pid(t):
        return [pid for (x, pid, _, _) in sessions if x <= t][-1]

    def ingest_login(t, pid, port, ip_):
        sys3164(t, "sshd", pid - 2, f"Accepted publickey for edi-ingest from {ip_} port {port} ssh2: ED25519 SHA256:p3Lr8WfTqV2nKc0yXh5JmA9sBd7Gu4Ze1oRiY6tQwNc")
        sys3164(t + dt.timedelta(milliseconds=6), "sshd", pid - 2, f"pam_unix(sshd:session): session opened for user edi-ingest(uid={UIDS['edi-ingest']}) by (uid=0)")
        sys3164(t + dt.timedelta(milliseconds=30), "internal-sftp", pid, f"session opened for local user edi-ingest from [{ip_}]")

    def ingest_logout(t, pid, port, ip_):
        sys3164(t, "internal-sftp", pid, f"session closed for local user edi-ingest from [{ip_}]")
        sys3164(t + dt.timedelta(milliseconds=4), "sshd", pid - 2, f"Received disconnect from {ip_} port {port}:11: Bye Bye")
        sys3164(t + dt.timedelta(milliseconds=5), "sshd", pid - 2, f"Disconnected from user edi-ingest {ip_} port {port}")
        sys3164(t + dt.timedelta(milliseconds=7), "sshd", pid - 2, "pam_unix(sshd:session): session closed for user edi-ingest")

    for (a, b), (_, old_pid, old_port, old_ip), (x, pid, port, ip_) in zip(down, sessions, sessions[1:]):
        ingest_logout(a + dt.timedelta(milliseconds=700), old_pid, old_port, old_ip)
        ingest_login(x, pid, port, ip_)

    def upload(t, inbox, fname, nbytes):
        sender, addr, key = PARTNER_INFO[inbox]
        pid = rng.randint(30000, 65000)
        port = rng.randint(32768, 60999)
        user = inbox
        sys3164(t, "sshd", pid, f"Accepted publickey for {user} from {addr} port {port} ssh2: {key} SHA256:{hexid(rng, 6)}{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789') for _ in range(37))}")
        sys3164(t + dt.timedelta(milliseconds=5), "sshd", pid, f"pam_unix(sshd:session): session opened for user {user}(uid={UIDS[inbox]}) by (uid=0)")
        sys3164(t + dt.timedelta(milliseconds=40), "internal-sftp", pid + 2, f"session opened for local user {user} from [{addr}]")
        t1 = t + dt.timedelta(milliseconds=rng.randint(150, 400))
        sys3164(t1, "internal-sftp", pid + 2, f'open "/in/{fname}.part" flags WRITE,CREATE,TRUNCATE mode 0640')
        t2 = t1 + dt.timedelta(milliseconds=80 + nbytes // 4000)
        sys3164(t2, "internal-sftp", pid + 2, f'close "/in/{fname}.part" bytes read 0 written {nbytes}')
        sys3164(t2 + dt.timedelta(milliseconds=20), "internal-sftp", pid + 2, f'rename old "/in/{fname}.part" new "/in/{fname}"')
        t3 = t2 + dt.timedelta(milliseconds=rng.randint(60, 300))
        sys3164(t3, "internal-sftp", pid + 2, f"session closed for local user {user} from [{addr}]")
        sys3164(t3 + dt.timedelta(milliseconds=3), "sshd", pid, f"Received disconnect from {addr} port {port}:11: disconnected by user")
        sys3164(t3 + dt.timedelta(milliseconds=4), "sshd", pid, f"Disconnected from user {user} {addr} port {port}")
        sys3164(t3 + dt.timedelta(milliseconds=5), "sshd", pid, f"pam_unix(sshd:session): session closed for user {user}")
        return t2 + dt.timedelta(milliseconds=25)

    # --- inbound messages
    msgs = []

    def add_msg(t, inbox, mtype, visit, n, kind=None, syntax_error=None, ref=None):
        if t.microsecond == 0:
            t += dt.timedelta(microseconds=rng.randint(1000, 999000))
        msgs.append({"t": t, "inbox": inbox, "type": mtype, "visit": visit, "n": n, "kind": kind, "syntax_error": syntax_error,
                     "ref": ref or f"{VISITS[visit][0].split()[0][:2]}{VISITS[visit][1]}{rng.randint(10, 99)}"})

    t = START - dt.timedelta(minutes=3)
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.62 / 60))
        r = rng.random()
        if r < 0.64:
            visit = rng.choice(FEEDER_VISITS + ["MRAU-0437W", "MRAU-0437W", "CNVP-0211E"])
            inbox = "vgmhub" if rng.random() < 0.6 else VISITS[visit][2]
            add_msg(t, inbox, "VERMAS", visit, rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 9, 14]))
        elif r < 0.9:
            visit = rng.choice(FEEDER_VISITS)
            add_msg(t, VISITS[visit][2], "COPRAR", visit, rng.randint(24, 880 if rng.random() < 0.3 else 420), kind=rng.choice(["load", "load", "discharge"]))
        else:
            visit = rng.choice(FEEDER_VISITS)
            add_msg(t, VISITS[visit][2], "BAPLIE", visit, rng.randint(180, 870))
    # the ones that were remembered
    add_msg(utc("2026-09-17 07:02:41"), "baltfeed", "VERMAS", "BTKT-0915N", 3, syntax_error=(17, 18))
    add_msg(utc("2026-09-17 08:19:05"), "baltfeed", "VERMAS", "BTKT-0915N", 5, syntax_error=(27, 28))
    add_msg(utc("2026-09-17 07:48:30"), "norsea", "BAPLIE", "NSBR-0639S", 864)
    add_msg(utc("2026-09-17 09:12:03"), "meridian", "BAPLIE", "MRAU-0437W", 5612, ref="MRAU0437W01")
    add_msg(utc("2026-09-17 09:39:40"), "meridian-pt", "COPRAR", "MRAU-0437W", 1904, kind="load", ref="ML0437WL17")
    add_msg(utc("2026-09-17 10:24:31"), "meridian", "BAPLIE", "MRAU-0437W", 5612, ref="MRAU0437W02")
    add_msg(utc("2026-09-17 10:37:12"), "baltfeed", "VERMAS", "BTKT-0915N", 2, syntax_error=(13, 14))
    add_msg(utc("2026-09-17 10:51:10"), "condor", "BAPLIE", "CNVP-0211E", 1288, ref="CNVP0211E01")
    add_msg(utc("2026-09-17 11:02:44"), "norsea", "BAPLIE", "NSSP-0638N", 612, ref="NSSP0638N03")
    msgs.sort(key=lambda m: m["t"])
    # interchange control references count per sender
    ctrl = {inbox: rng.randint(1200, 88000) for inbox in PARTNER_INFO}
    for m in msgs:
        ctrl[m["inbox"]] += 1
        m["ctrl"] = f"{ctrl[m['inbox']]:06d}"
    errored = []

    threads = ["import-1", "import-2"]
    busy_until = {"import-1": START - dt.timedelta(hours=1), "import-2": START - dt.timedelta(hours=1)}
    vessel_api = "https://vessel-api.tos.svc.cluster.local/v2"

    def import_msg(m, t_pick):
        inbox = m["inbox"]
        sender = PARTNER_INFO[inbox][0]
        visit = m["visit"]
        vessel, voyage = VISITS[visit][0], VISITS[visit][1]
        n = m["n"]
        segs = {"BAPLIE": 12 + n * 9, "COPRAR": 10 + n * 7, "VERMAS": 4 + n * 6}[m["type"]]
        nbytes = m.get("bytes") or int(segs * rng.uniform(27, 33))
        m["bytes"] = nbytes
        fname = m["fname"]
        path = f"{inbox}/in/{fname}"
        thread = min(threads, key=lambda th: busy_until[th])
        t_pick = max(t_pick, busy_until[thread])
        run = build_at(t_pick)
        version, _, worker_text, groups_text = run[1], run[2], run[3], run[4]
        py(t_pick, "INFO", "edi_ingest.worker", thread, f"picked up {path} ({nbytes} bytes)")
        sys3164(t_pick - dt.timedelta(milliseconds=30), "internal-sftp", sess_pid(t_pick), f'open "/srv/edi/{path}" flags READ mode 0666')
        sys3164(t_pick - dt.timedelta(milliseconds=8), "internal-sftp", sess_pid(t_pick), f'close "/srv/edi/{path}" bytes read {nbytes} written 0')
        t1 = t_pick + dt.timedelta(milliseconds=rng.randint(8, 30))
        syntax = "UNOB" if inbox == "condor" else "UNOC" if inbox == "iberlink" else "UNOA"
        py(t1, "INFO", "edi_ingest.messages", thread, f"interchange {m['ctrl']} from {sender} to KCTANR ({syntax}:3): {m['type']} D:95B:UN:SMDG22 ref={m['ref']}" if m["type"] == "BAPLIE"
           else f"interchange {m['ctrl']} from {sender} to KCTANR ({syntax}:3): {m['type']} {'D:00B:UN:SMDG20' if m['type'] == 'COPRAR' else 'D:16A:UN:SMDG10'} ref={m['ref']}")
        parse_s = 0.004 + segs * 0.000021
        new_format = worker_text is WORKER_V2
        fail = None
        if m.get("syntax_error"):
            fail = "syntax"
        elif groups_text is not None and n + BASE_FRAMES + 3 > RECURSION_LIMIT and m["type"] != "VERMAS":
            fail = "recursion"
        if fail:
            t2 = t1 + dt.timedelta(seconds=parse_s * (0.45 if fail == "recursion" else 0.1))
            if fail == "recursion":
                tb = recursion_traceback(worker_text, groups_text, RECURSION_LIMIT - BASE_FRAMES - 2)
                short = "maximum recursion depth exceeded"
            else:
                d, a = m["syntax_error"]
                tb = syntax_traceback(worker_text, d, a)
                short = f"UNT segment count {d} does not match {a} segments"
            if new_format:
                head = f"import failed ref={m['ref']} type={m['type']} vessel={vessel} segments={segs} file={path} moved=error/"
            else:
                head = f"import of {path} failed: {short}"
            py(t2, "ERROR", "edi_ingest.worker", thread, head + "\n" + tb)
            t3 = t2 + dt.timedelta(milliseconds=rng.randint(20, 60))
            sys3164(t3, "internal-sftp", sess_pid(t_pick), f'rename old "/srv/edi/{path}" new "/srv/edi/{inbox}/error/{fname}"')
            py(t3 + dt.timedelta(milliseconds=3), "INFO", "edi_ingest.sftp", thread, f"moved {path} to {inbox}/error/")
            if fail == "recursion":
                stats["fail"].append(t2)
            errored.append((t3, m))
            stats["errdir"].append((t3, +1))
            stats["sizes"].append((t2, n, "error"))
            busy_until[thread] = t3
            m["failed_at"] = t2
            return
        t2 = t1 + dt.timedelta(seconds=parse_s)
        unit = {"BAPLIE": "equipment", "COPRAR": "equipment", "VERMAS": "containers"}[m["type"]]
        py(t2, "INFO", "edi_ingest.messages", thread, f"parsed {m['type']} ref={m['ref']} vessel={vessel.replace(' ', '_')} voyage={voyage} {unit}={n} segments={segs} in {parse_s:.2f}s")
        if m["type"] == "VERMAS" and rng.random() < 0.12:
            py(t2 + dt.timedelta(milliseconds=2), "WARNING", "edi_ingest.messages.vermas", thread, f"VERMAS ref={m['ref']}: method 2 weighing without weighing party NAD+WPA, accepted")
        api_ms = {"BAPLIE": 250 + n * 6, "COPRAR": 180 + n * 3, "VERMAS": 40 + n * 8}[m["type"]] + rng.randint(0, 80)
        t3 = t2 + dt.timedelta(milliseconds=api_ms)
        if m["type"] == "BAPLIE":
            py(t3, "INFO", "edi_ingest.tos_client", thread, f"PUT {vessel_api}/visits/{visit}/stowage 200 ({api_ms} ms)")
            summary = f"positions={n}"
            lsj(t3 - dt.timedelta(milliseconds=5), "INFO", "be.kct.tos.planning.stowage.StowageImportService", f"http-nio-8080-exec-{rng.randint(1, 12)}",
                f"stowage received for visit {visit} ({vessel}): {n} positions, {rng.randint(0, n // 40)} reefers, {rng.randint(0, n // 60)} IMDG", visit=visit, source=f"BAPLIE {m['ref']}")
        elif m["type"] == "COPRAR":
            py(t3, "INFO", "edi_ingest.tos_client", thread, f"PUT {vessel_api}/visits/{visit}/{m['kind']}list 200 ({api_ms} ms)")
            newc = rng.randint(0, max(1, n // 8))
            summary = f"{m['kind']}list containers={n} new={newc} cancelled={rng.randint(0, 4)}"
            lsj(t3 - dt.timedelta(milliseconds=5), "INFO", "be.kct.tos.planning.lists.ContainerListService", f"http-nio-8080-exec-{rng.randint(1, 12)}",
                f"{m['kind']} list replaced for visit {visit}: {n} containers ({newc} new)", visit=visit, source=f"COPRAR {m['ref']}")
        else:
            py(t3, "INFO", "edi_ingest.tos_client", thread, f"POST {vessel_api}/vgm 202 ({api_ms} ms)")
            summary = f"vgm containers={n}"
        py(t3 + dt.timedelta(milliseconds=2), "INFO", "edi_ingest.worker", thread, f"imported {m['type']} ref={m['ref']} {summary}")
        t4 = t3 + dt.timedelta(milliseconds=rng.randint(10, 40))
        sys3164(t4, "internal-sftp", sess_pid(t_pick), f'rename old "/srv/edi/{path}" new "/srv/edi/{inbox}/done/{fname}"')
        py(t4 + dt.timedelta(milliseconds=2), "INFO", "edi_ingest.sftp", thread, f"moved {path} to {inbox}/done/")
        if m["type"] != "VERMAS":
            stats["ok"].append(t2)
            stats["sizes"].append((t2, n, "ok"))
        m["imported_at"] = t3
        if m.get("reimport_of"):
            stats["reimported"].append((m["ref"], t3))
        busy_until[thread] = t4

    queue_ = []
    seq = [0]

    def push(when, kind, m):
        seq[0] += 1
        heapq.heappush(queue_, (when, seq[0], kind, m))

    for m in msgs:
        visit = m["visit"]
        stamp = m["t"].strftime("%Y%m%d%H%M%S")
        tag = visit.replace("-", "")
        m["fname"] = f"{m['type']}_{tag}_{stamp}_{m['ctrl']}.edi"
        segs = {"BAPLIE": 12 + m["n"] * 9, "COPRAR": 10 + m["n"] * 7, "VERMAS": 4 + m["n"] * 6}[m["type"]]
        m["bytes"] = int(segs * rng.uniform(27, 33))
        ready = upload(m["t"], m["inbox"], m["fname"], m["bytes"])
        # the poll every 15 s; nothing is taken while the pod is replaced
        pick = ready + dt.timedelta(seconds=rng.uniform(0.5, 15))
        for x, y in down:
            if x <= pick < y:
                pick = y + dt.timedelta(seconds=rng.uniform(1, 4))
        push(pick, "import", m)
    push(REIMPORT + dt.timedelta(microseconds=rng.randint(1000, 999000)), "reimport", None)
    back = []
    while queue_:
        when, _, kind, m = heapq.heappop(queue_)
        if kind == "import":
            import_msg(m, when)
            continue
        # ops puts the failed deep-sea files back after the fix; the re-sent
        # BAPLIE replaces AURORA's first one, which goes to superseded/
        back = [x for (_, x) in errored if x["type"] in ("BAPLIE", "COPRAR") and not x.get("syntax_error")]
        assert len(back) == 4, [x["ref"] for x in back]
        ops_pid = rng.randint(60000, 64000)
        sys3164(when, "sshd", ops_pid, "Accepted publickey for kct-ops from 10.61.0.14 port 52814 ssh2: ED25519 SHA256:8dWqT0vR3yXc6LmN2pB5sJ7hKf9aG1eU4oZiQ0tYxVc")
        sys3164(when + dt.timedelta(milliseconds=6), "sshd", ops_pid, f"pam_unix(sshd:session): session opened for user kct-ops(uid={UIDS['kct-ops']}) by (uid=0)")
        sys3164(when + dt.timedelta(milliseconds=30), "internal-sftp", ops_pid + 2, "session opened for local user kct-ops from [10.61.0.14]")
        t = when + dt.timedelta(seconds=24)
        for x in [x for x in back if x["ref"] != "MRAU0437W01"]:
            t += dt.timedelta(seconds=rng.uniform(6, 14))
            sys3164(t, "internal-sftp", ops_pid + 2, f'rename old "/srv/edi/{x["inbox"]}/error/{x["fname"]}" new "/srv/edi/{x["inbox"]}/in/{x["fname"]}"')
            stats["errdir"].append((t, -1))
            again = dict(x, reimport_of=x)
            again.pop("failed_at", None)
            push(t + dt.timedelta(seconds=rng.uniform(1, 15)), "import", again)
        first = next(x for x in back if x["ref"] == "MRAU0437W01")
        sys3164(t + dt.timedelta(seconds=31), "internal-sftp", ops_pid + 2, f'rename old "/srv/edi/meridian/error/{first["fname"]}" new "/srv/edi/meridian/superseded/{first["fname"]}"')
        stats["errdir"].append((t + dt.timedelta(seconds=31), -1))
        sys3164(t + dt.timedelta(seconds=40), "internal-sftp", ops_pid + 2, "session closed for local user kct-ops from [10.61.0.14]")
        sys3164(t + dt.timedelta(seconds=40, milliseconds=10), "sshd", ops_pid, "Disconnected from user kct-ops 10.61.0.14 port 52814")
    aurora_stowage = aurora_list = condor_stowage = None
    for kind_ref, when in stats["reimported"]:
        if kind_ref == "MRAU0437W02":
            aurora_stowage = when
        elif kind_ref == "ML0437WL17":
            aurora_list = when
        elif kind_ref == "CNVP0211E01":
            condor_stowage = when
    assert aurora_stowage and aurora_list and condor_stowage

    # --- outbound CODECO every 15 minutes per line
    t = START.replace(minute=0) + dt.timedelta(minutes=0)
    while t < END:
        for inbox, sender in (("meridian", "MERIDIANEDI"), ("condor", "CONDORLINE"), ("norsea", "NORSEAFEED"), ("baltfeed", "BALTFEED"), ("iberlink", "IBERLINK"), ("atlfeeder", "ATLFEEDER")):
            tt = t + dt.timedelta(seconds=rng.uniform(1, 9))
            if not pod_up(tt):
                continue
            gi, go = rng.randint(0, 14), rng.randint(0, 11)
            if gi + go == 0:
                py(tt, "INFO", "edi_ingest.outbound", "codeco", f"CODECO to {sender}: nothing to send")
                continue
            ref = f"KCT{tt.strftime('%j%H%M')}{inbox[:2].upper()}"
            fname = f"CODECO_{ref}.edi"
            nbytes = (14 + (gi + go) * 11) * rng.randint(28, 32)
            py(tt, "INFO", "edi_ingest.outbound", "codeco", f"CODECO {ref} to {sender}: {gi + go} containers (gate-in {gi}, gate-out {go})")
            sys3164(tt + dt.timedelta(milliseconds=20), "internal-sftp", sess_pid(tt), f'open "/srv/edi/{inbox}/out/{fname}.part" flags WRITE,CREATE,TRUNCATE mode 0644')
            sys3164(tt + dt.timedelta(milliseconds=45), "internal-sftp", sess_pid(tt), f'close "/srv/edi/{inbox}/out/{fname}.part" bytes read 0 written {nbytes}')
            sys3164(tt + dt.timedelta(milliseconds=52), "internal-sftp", sess_pid(tt), f'rename old "/srv/edi/{inbox}/out/{fname}.part" new "/srv/edi/{inbox}/out/{fname}"')
            py(tt + dt.timedelta(milliseconds=60), "INFO", "edi_ingest.outbound", "codeco", f"uploaded {inbox}/out/{fname} ({nbytes} bytes)")
        t += dt.timedelta(minutes=15)

    # --- sshd background noise: scanners
    for tt in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(70)):
        pid = rng.randint(30000, 65000)
        src = f"{rng.choice([45, 80, 92, 141, 167, 185, 193, 218])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        port = rng.randint(32768, 65000)
        user = rng.choice(["admin", "ubuntu", "test", "oracle", "ftpuser", "user", "sftp", "git", "postgres", "edi"])
        sys3164(tt, "sshd", pid, f"Invalid user {user} from {src} port {port}")
        sys3164(tt + dt.timedelta(milliseconds=rng.randint(200, 900)), "sshd", pid, f"Connection closed by invalid user {user} {src} port {port} [preauth]")

    # --- gate: OCR portals, appointments, lane transactions
    def on_list(t):
        # AURORA's export boxes booked since Wednesday's list: trucks come
        # for them as the day goes on
        if aurora_list and t >= aurora_list:
            return 0.985
        if t < utc("2026-09-17 09:40:00"):
            return 0.95
        return 0.66

    lanes = [f"IN-{i:02d}" for i in range(1, 9)]
    buffered = []
    tx = [880211]
    t = START
    refusals = stats["refused"]

    def refuse(t, reason):
        refusals.setdefault(reason, []).append(t)

    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(3.1 / 60))
        lane = rng.choice(lanes)
        thread = f"lane-{lane.lower()}"
        tx[0] += 1
        trk = plate(rng)
        r = rng.random()
        kind = "EXPORT_DELIVERY" if r < 0.47 else "IMPORT_PICKUP" if r < 0.82 else "EMPTY_RETURN" if r < 0.96 else "EMPTY_PICKUP"
        if kind == "EXPORT_DELIVERY":
            visit = "MRAU-0437W" if rng.random() < 0.42 else rng.choice(FEEDER_VISITS + ["CNVP-0211E"])
            owner = VISITS[visit][3] if rng.random() < 0.55 else rng.choice(LEASING)
        else:
            visit = None
            owner = rng.choice(LEASING + ["MERU", "CNDU", "NSFU", "BTFU"])
        box = container_no(rng, owner) if kind != "EMPTY_PICKUP" else "-"
        iso = rng.choice(["45G1", "45G1", "42G1", "22G1", "22G1", "45R1", "22T6"])
        conf = min(0.99, rng.betavariate(18, 1.2))
        if kind == "EMPTY_PICKUP":
            spring(t, "INFO", thread, "b.k.gate.ocr.OcrPortalListener", f"OCR portal {lane} read truck={trk} container=- (empty pickup) confidence={conf:.2f}")
        else:
            spring(t, "INFO", thread, "b.k.gate.ocr.OcrPortalListener", f"OCR portal {lane} read truck={trk} container={box} iso={iso} confidence={conf:.2f}")
        t1 = t + dt.timedelta(milliseconds=rng.randint(200, 900))
        if conf < 0.85 and kind != "EMPTY_PICKUP":
            spring(t1, "WARN", thread, "b.k.gate.ocr.OcrPortalListener", f"OCR confidence {conf:.2f} below 0.85 at {lane}, sent to remote clerk")
            t1 += dt.timedelta(seconds=rng.randint(25, 90))
            spring(t1, "INFO", thread, "b.k.gate.clerk.RemoteClerkService", f"remote clerk confirmed container={box} truck={trk} at {lane}")
        appt = f"VBS-{rng.randint(7700000, 7799999)}"
        slot_h = t.hour + (1 if rng.random() < 0.15 else 0)
        haul = rng.choice(HAULIERS)
        if rng.random() < 0.035:
            spring(t1, "WARN", thread, "b.k.gate.appointment.VbsClient", f"no valid appointment for truck={trk} container={box}: slot {slot_h - 2:02d}:00-{slot_h - 1:02d}:00 ended")
            spring(t1 + dt.timedelta(milliseconds=30), "WARN", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} {kind} {box} refused: NO_APPOINTMENT, truck to trouble desk")
            refuse(t1, "NO_APPOINTMENT")
            continue
        spring(t1, "INFO", thread, "b.k.gate.appointment.VbsClient", f"appointment {appt} slot {slot_h:02d}:00-{slot_h + 1:02d}:00 haulier=\"{haul}\" truck={trk}: valid")
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(100, 500))
        if kind == "EXPORT_DELIVERY":
            ok = rng.random() < (on_list(t2) if visit == "MRAU-0437W" else 0.985)
            if not ok:
                to_buffer = visit == "MRAU-0437W" and BUFFER <= t2 < aurora_list
                spring(t2, "WARN", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} EXPORT_DELIVERY {box} visit={visit} refused: NOT_ON_LOADING_LIST, truck to {'buffer P3' if to_buffer else 'trouble desk'}")
                refuse(t2, "NOT_ON_LOADING_LIST")
                if to_buffer:
                    buffered.append((tx[0], box, trk))
                continue
            blk = rng.choice(["2D", "2E", "2F", "3A", "3B"]) if visit == "MRAU-0437W" else rng.choice(["4A", "4B", "5C", "5D"])
            spring(t2, "INFO", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} EXPORT_DELIVERY {box} visit={visit} accepted, yard {blk}-{rng.randint(1, 40):02d}")
        elif kind == "IMPORT_PICKUP":
            h = rng.random()
            if h < 0.025:
                spring(t2, "WARN", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} IMPORT_PICKUP {box} refused: HOLD_CUSTOMS (declaration not released), truck to trouble desk")
                refuse(t2, "HOLD_CUSTOMS")
                continue
            if h < 0.03:
                spring(t2, "WARN", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} IMPORT_PICKUP {box} refused: HOLD_VET (BCP inspection pending), truck to trouble desk")
                refuse(t2, "HOLD_VET")
                continue
            if h < 0.05:
                spring(t2, "WARN", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} IMPORT_PICKUP {box} refused: PIN_INVALID, truck to trouble desk")
                refuse(t2, "PIN_INVALID")
                continue
            spring(t2, "INFO", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} IMPORT_PICKUP {box} accepted, pick from {rng.choice(['1A', '1B', '1C', '6A', '6B'])}-{rng.randint(1, 40):02d}")
        else:
            spring(t2, "INFO", thread, "b.k.gate.lane.LaneTransactionService", f"{lane} TX-{tx[0]} {kind} {box} accepted, {'depot M2' if kind == 'EMPTY_RETURN' else 'pick from depot M2'}")
        out_t = t2 + dt.timedelta(minutes=rng.uniform(22, 55))
        spring(out_t, "INFO", f"lane-out-0{rng.randint(1, 4)}", "b.k.gate.lane.GateOutService", f"TX-{tx[0]} truck={trk} gate-out confirmed, turn time {int((out_t - t).total_seconds() // 60)} min")

    # the clerks re-gate the trucks waiting in the buffer once the list is in
    t = aurora_list + dt.timedelta(minutes=3)
    for txn, box, trk in buffered:
        t += dt.timedelta(seconds=rng.uniform(20, 75))
        spring(t, "INFO", "clerk-desk-2", "b.k.gate.clerk.TroubleDeskService", f"TX-{txn} re-gated from buffer P3: EXPORT_DELIVERY {box} visit=MRAU-0437W accepted, yard {rng.choice(['2D', '2E', '2F', '3A', '3B'])}-{rng.randint(1, 40):02d}")
        out_t = t + dt.timedelta(minutes=rng.uniform(18, 35))
        spring(out_t, "INFO", f"lane-out-0{rng.randint(1, 4)}", "b.k.gate.lane.GateOutService", f"TX-{txn} truck={trk} gate-out confirmed, turn time {int((out_t - t).total_seconds() // 60) + rng.randint(60, 90)} min")
    stats["buffered"] = len(buffered)

    # --- tos-planning: berth plan, quay cranes at work, arrival readiness
    lsj(utc("2026-09-17 06:45:12"), "INFO", "be.kct.tos.planning.berth.BerthPlanService", "scheduling-1", "berth plan published: 6 visits in the next 72 h (K1: MRAU-0437W ETB 2026-09-18T04:30Z QC05-QC08; K3: NSSP-0638N, IBCD-0377N; K4: BTTN-0914S; K1: CNVP-0211E ETB 2026-09-19T13:00Z)")
    cranes = {"QC01": "NSSP-0638N", "QC02": "NSSP-0638N", "QC03": "BTTN-0914S", "QC04": "BTTN-0914S"}
    for qc, visit in cranes.items():
        t = START + dt.timedelta(seconds=rng.uniform(0, 120))
        total = rng.randint(380, 520)
        done = rng.randint(60, 140)
        end_t = utc("2026-09-17 10:42:00") if visit == "NSSP-0638N" else END
        while t < end_t:
            t += dt.timedelta(seconds=rng.uniform(95, 190))
            done += 1
            if done > total:
                break
            mv = "DSCH" if done < total * 0.55 else "LOAD"
            vv = VISITS[visit]
            box = container_no(rng, vv[3] if rng.random() < 0.6 else rng.choice(LEASING))
            cell = f"{rng.randint(1, 33) * 2 - 1:03d}{rng.randint(0, 12):02d}{rng.choice([2, 4, 6, 82, 84, 86]):02d}"
            yard = f"{rng.choice(['4A', '4B', '5C', '5D', '1A', '1B'])}-{rng.randint(1, 40):02d}-{rng.randint(1, 6):02d}-{rng.randint(1, 4)}"
            src, dst = (cell, yard) if mv == "DSCH" else (yard, cell)
            lsj(t, "INFO", "be.kct.tos.planning.crane.QuayCraneMoveListener", f"qc-events-{qc[-1]}", f"{qc} {mv} {box} {src} -> {dst} (move {done}/{total})", visit=visit, che=qc)
            if done % 40 == 0:
                lsj(t + dt.timedelta(seconds=2), "INFO", "be.kct.tos.planning.crane.JobListService", "joblist-1", f"crane job list {qc} visit {visit}: {min(40, total - done)} moves issued", visit=visit, che=qc)
            if rng.random() < 0.02:
                lsj(t + dt.timedelta(seconds=5), "WARN", "be.kct.tos.planning.crane.QuayCraneMoveListener", f"qc-events-{qc[-1]}", f"{qc} waiting for straddle carrier {rng.randint(60, 240)} s", visit=visit, che=qc)
    # IBERLINK CADIZ berths at K3 when NORSEA SPIRIT has sailed
    t = utc("2026-09-17 11:18:00")
    lsj(t, "INFO", "be.kct.tos.planning.berth.VisitLifecycleService", "scheduling-1", "visit IBCD-0377N (IBERLINK CADIZ) all fast at K3", visit="IBCD-0377N")
    for qc in ("QC01", "QC02"):
        tt = t + dt.timedelta(minutes=rng.uniform(14, 20))
        lsj(tt, "INFO", "be.kct.tos.planning.crane.JobListService", "joblist-1", f"crane job list {qc} visit IBCD-0377N: 40 moves issued", visit="IBCD-0377N", che=qc)
        done = 0
        while tt < END:
            tt += dt.timedelta(seconds=rng.uniform(100, 200))
            done += 1
            box = container_no(rng, "IBLU" if rng.random() < 0.6 else rng.choice(LEASING))
            lsj(tt, "INFO", "be.kct.tos.planning.crane.QuayCraneMoveListener", f"qc-events-{qc[-1]}", f"{qc} DSCH {box} {rng.randint(1, 17) * 2 - 1:03d}{rng.randint(0, 8):02d}{rng.choice([2, 4, 82, 84]):02d} -> {rng.choice(['4A', '4B'])}-{rng.randint(1, 40):02d}-{rng.randint(1, 6):02d}-{rng.randint(1, 4)} (move {done}/212)", visit="IBCD-0377N", che=qc)
    lsj(utc("2026-09-17 10:41:30"), "INFO", "be.kct.tos.planning.berth.VisitLifecycleService", "scheduling-1", "visit NSSP-0638N (NORSEA SPIRIT) work completed, departure at 11:05", visit="NSSP-0638N")
    # arrival readiness every 30 minutes
    t = START.replace(minute=30) if START.minute < 30 else START
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(2, 6))
        for visit, eta, dep, depport in (("MRAU-0437W", "2026-09-18T04:00Z", utc("2026-09-17 08:50:00"), "FRLEH"), ("CNVP-0211E", "2026-09-19T12:30Z", utc("2026-09-17 10:15:00"), "GBFXT")):
            got = aurora_stowage if visit == "MRAU-0437W" else condor_stowage
            if visit == "MRAU-0437W":
                lists = ", loading list 1904 containers (2026-09-17T" + aurora_list.strftime("%H:%M") + "Z)" if tt >= aurora_list else ", loading list 1716 containers (2026-09-16T09:36Z)"
            else:
                lists = ", loading list 1102 containers (2026-09-16T15:02Z)"
            if got and tt >= got:
                lsj(tt, "INFO", "be.kct.tos.planning.readiness.ArrivalReadinessCheck", "scheduling-2", f"arrival readiness visit={visit} eta={eta}: stowage OK{lists}", visit=visit)
            elif tt < dep:
                lsj(tt, "INFO", "be.kct.tos.planning.readiness.ArrivalReadinessCheck", "scheduling-2", f"arrival readiness visit={visit} eta={eta}: stowage pending (vessel alongside {depport}){lists}", visit=visit)
            elif tt < dep + dt.timedelta(hours=1):
                lsj(tt, "INFO", "be.kct.tos.planning.readiness.ArrivalReadinessCheck", "scheduling-2", f"arrival readiness visit={visit} eta={eta}: stowage pending (departed {depport} {dep.strftime('%H:%M')}Z){lists}", visit=visit)
            else:
                h = (tt - dep).total_seconds() / 3600
                lsj(tt, "WARN", "be.kct.tos.planning.readiness.ArrivalReadinessCheck", "scheduling-2", f"arrival readiness visit={visit} eta={eta}: stowage MISSING {h:.1f} h after departure from {depport}{lists}", visit=visit)
        t += dt.timedelta(minutes=30)
    t = aurora_stowage + dt.timedelta(seconds=rng.uniform(40, 90))
    for qc in ("QC05", "QC06", "QC07", "QC08"):
        t += dt.timedelta(seconds=rng.uniform(3, 8))
        lsj(t, "INFO", "be.kct.tos.planning.crane.JobListService", "joblist-2", f"discharge sequence built for {qc} visit MRAU-0437W: {rng.randint(380, 460)} moves", visit="MRAU-0437W", che=qc)

    # --- deploys: Azure DevOps
    def az(t, text):
        azure.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond * 10:07d}Z {text}")

    def deploy_run(t, build_no, sha, subject, rev, dur):
        t = t.replace(microsecond=0)
        az(t, "##[section]Starting: helm")
        az(t + dt.timedelta(milliseconds=100), "==============================================================================")
        az(t + dt.timedelta(milliseconds=200), "Task         : Job")
        az(t + dt.timedelta(milliseconds=300), f"Pipeline edi-ingest, run {build_no}, stage deploy_prod")
        az(t + dt.timedelta(milliseconds=600), "Environment kct-prod.edi. Resource aks-kct-prod/edi")
        az(t + dt.timedelta(seconds=1), "##[section]Starting: Checkout kct-integration/edi-ingest@main to s")
        az(t + dt.timedelta(seconds=2, milliseconds=100), "Syncing repository: kct-integration/edi-ingest (Git)")
        az(t + dt.timedelta(seconds=4, milliseconds=300), f"HEAD is now at {sha[:7]} {subject}")
        az(t + dt.timedelta(seconds=4, milliseconds=600), "##[section]Finishing: Checkout kct-integration/edi-ingest@main to s")
        az(t + dt.timedelta(seconds=5), "##[section]Starting: CmdLine")
        az(t + dt.timedelta(seconds=5, milliseconds=300), f"Deploying edi-ingest {build_no} ({sha}) to aks-kct-prod")
        az(t + dt.timedelta(seconds=5, milliseconds=400), f"/usr/local/bin/helm upgrade --install edi-ingest chart/edi-ingest -n edi -f chart/edi-ingest/values-prod.yaml --set image.tag={build_no} --set-string env.GIT_SHA={sha} --wait --timeout 5m")
        done = t + dt.timedelta(seconds=dur)
        az(done, 'Release "edi-ingest" has been upgraded. Happy Helming!')
        az(done + dt.timedelta(milliseconds=100), "NAME: edi-ingest")
        az(done + dt.timedelta(milliseconds=200), "NAMESPACE: edi")
        az(done + dt.timedelta(milliseconds=300), "STATUS: deployed")
        az(done + dt.timedelta(milliseconds=400), f"REVISION: {rev}")
        az(done + dt.timedelta(milliseconds=800), "##[section]Finishing: CmdLine")
        az(done + dt.timedelta(seconds=1, milliseconds=400), "##[section]Finishing: helm")

    deploy_run(DEPLOY_WED - dt.timedelta(seconds=6), "2026.09.16.3", shas["test"], "test: BAPLIE 2.2 sample with a stowage remark after a DGS group (INT-214)", 31, 52)
    deploy_run(RELEASE - dt.timedelta(seconds=6), "2026.09.17.1", shas["head"], "config: Meridian's Porto EDI centre inbox; import timeout 120 s (INT-221)", 32, 55)
    t = (ROLLBACK - dt.timedelta(seconds=6)).replace(microsecond=0)
    az(t, "##[section]Starting: helm_rollback")
    az(t + dt.timedelta(milliseconds=100), "==============================================================================")
    az(t + dt.timedelta(milliseconds=200), "Task         : Job")
    az(t + dt.timedelta(milliseconds=300), "Pipeline edi-ingest-rollback, run 2026.09.17.r1, requested by Pieter Claes")
    az(t + dt.timedelta(milliseconds=600), "Environment kct-prod.edi. Resource aks-kct-prod/edi")
    az(t + dt.timedelta(seconds=1), "##[section]Starting: CmdLine")
    az(t + dt.timedelta(seconds=1, milliseconds=300), "/usr/local/bin/helm rollback edi-ingest 31 -n edi --wait --timeout 5m")
    az(t + dt.timedelta(seconds=58), "Rollback was a success! Happy Helming!")
    az(t + dt.timedelta(seconds=58, milliseconds=600), "##[section]Finishing: CmdLine")
    az(t + dt.timedelta(seconds=59), "##[section]Finishing: helm_rollback")
    deploy_run(FIX_DEPLOY - dt.timedelta(seconds=6), "2026.09.17.2", shas["fix"], "edifact: take sibling groups in a loop, not by recursion (INT-224)", 34, 53)

    # --- #kct-ops-it (Teams)
    def say(stamp, who, text):
        w = utc(stamp) if isinstance(stamp, str) else stamp
        teams.add(w, json.dumps({"createdDateTime": w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z", "channel": "kct-ops-it", "from": who, "body": text}, ensure_ascii=False))

    fails = sorted(stats["fail"])
    onset = fails[0]
    nol = sorted(refusals.get("NOT_ON_LOADING_LIST", []))
    nol_mid = [x for x in nol if utc("2026-09-17 10:00:00") <= x < utc("2026-09-17 10:40:00")]
    say("2026-09-17 08:31:05", "Pieter Claes", "releasing edi-ingest 2026.09.17.1 (INT-219 slots for big bay plans, INT-220 better import-failure lines, INT-221 Meridian's Porto inbox + 120 s import timeout, pydantic bump)")
    say("2026-09-17 08:40:20", "Pieter Claes", "2026.09.17.1 running, imports flowing")
    say("2026-09-17 09:31:40", "Alertmanager", "[FIRING:1] EdiImportErrors edi/edi-ingest (severity=warning) 1 message moved to error/ in 15m")
    say("2026-09-17 09:47:10", "Annelies Wouters", "Vessel planning: no bay plan for MERIDIAN AURORA yet (Friday 04:30 at K1). Meridian says they sent the departure BAPLIE from Le Havre at 09:12. Can someone look?")
    say("2026-09-17 09:52:30", "Pieter Claes", "it's in error/: 'import failed ref=MRAU0437W01 type=BAPLIE vessel=MERIDIAN AURORA'... RecursionError. AURORA's loading list from 09:39 too, which came through Meridian's new Porto inbox from this morning's release. rolling the release back to yesterday's")
    say("2026-09-17 10:00:40", "Pieter Claes", "rolled back to 2026.09.16.3 (helm rev 31). Annelies, can you ask Meridian to send the BAPLIE again?")
    gate_msg = nol_mid[min(5, len(nol_mid) - 1)] + dt.timedelta(seconds=40)
    say(gate_msg, "Bram De Smet", f"Gate: trouble desk is full of AURORA export trucks refused 'not on loading list', {len([x for x in nol if utc('2026-09-17 09:40:00') <= x < gate_msg])} since 09:40. Bookings from yesterday afternoon and today. Is the list update coming?")
    say("2026-09-17 10:29:15", "Annelies Wouters", "Meridian re-sent the BAPLIE at 10:24")
    say("2026-09-17 10:33:50", "Pieter Claes", "failed again after the rollback, same RecursionError (the line is back to the old 'import of ... failed' wording). so not the release. NORSEA BRAGE's bay plan went through at 07:48 fine")
    say("2026-09-17 10:56:30", "Annelies Wouters", "now CONDOR VALPARAISO's bay plan is missing too (Saturday call)")
    say("2026-09-17 11:04:10", "Pieter Claes", "Condor's BAPLIE from 10:51 in error/ as well: RecursionError. Different line, different inbox. @Joana Ferreira the traceback is all _take_groups calling itself")
    say("2026-09-17 11:09:45", "Joana Ferreira", "that's mine, INT-214 yesterday: _take_groups recurses once per sibling group, i.e. once per container. Python stops at 1000 frames. Feeders are under 900 so nothing failed overnight; AURORA has 5,612 on board, her loading list 1,904, Condor 1,288. Writing the loop now")
    say("2026-09-17 11:12:20", "Bram De Smet", "sending AURORA trucks to the buffer instead of away, clerks will re-gate them once the list is in")
    say("2026-09-17 11:33:05", "Joana Ferreira", "INT-224 merged (loop + a 9,000-container test). Pieter, can you run the pipeline?")
    say("2026-09-17 11:49:30", "Pieter Claes", "2026.09.17.2 deployed (fix + this morning's changes). moving the files back from error/ (AURORA's first BAPLIE goes to superseded/, the re-send replaces it)")
    say(aurora_list + dt.timedelta(seconds=70), "Pieter Claes", "AURORA bay plan (5,612 positions), loading list (1,904) and Condor's bay plan imported")
    say(aurora_stowage + dt.timedelta(minutes=4), "Annelies Wouters", "AURORA stowage in, discharge sequences built for QC05-QC08. Thanks")
    say("2026-09-17 12:22:10", "Bram De Smet", "buffer cleared, AURORA export trucks accepted again")
    say("2026-09-17 12:38:00", "Pieter Claes", "writing it up: INT-214 (recursion per container), not this morning's release. follow-ups: a deep-sea sized sample in CI, alert when a BAPLIE for a visit with an ETB < 24 h lands in error/")
    return [app, sftp, gate, planning, azure, teams], stats, onset, aurora_list


def build(out_dir):
    rng = random.Random(42100)
    repo, shas = build_repo()
    try:
        logs, stats, onset, aurora_list = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert utc("2026-09-17 09:12:05") <= onset <= utc("2026-09-17 09:13:30"), onset
        fails = sorted(stats["fail"])
        assert len(fails) == 4, fails

        def per5(series):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)

        # import sizes over two days: deep-sea bay plans before INT-214 imported
        drng = random.Random(42102)
        history = []
        t = utc("2026-09-15 06:00:00")
        while t < START:
            t += dt.timedelta(seconds=drng.expovariate(0.22 / 60))
            history.append((t, drng.randint(24, 880), "ok"))
        history += [(utc("2026-09-15 07:41:13"), 4930, "ok"), (utc("2026-09-15 11:02:40"), 1744, "ok"), (utc("2026-09-15 16:22:05"), 1204, "ok"),
                    (utc("2026-09-16 09:35:51"), 1716, "ok")]
        sizes = history + stats["sizes"]

        def size_max(result):
            pts = sorted((x, n) for x, n, r in sizes if r == result)

            def fn(t):
                vals = [n for x, n in pts if t - dt.timedelta(minutes=30) < x <= t]
                return max(vals) if vals else None
            return fn

        err = sorted(stats["errdir"])

        def errdir(t):
            return sum(d for x, d in err if x <= t)

        refused = stats["refused"]
        metrics = {
            "edi_import_equipment_max_30m.json": query_range([({"job": "edi-ingest", "result": r}, size_max(r)) for r in ("ok", "error")], utc("2026-09-15 06:00:00"), END, 600),
            "edi_error_dir_files.json": query_range([({"job": "edi-ingest", "host": "edi-sftp-01"}, errdir)], START, END, 60),
            "gate_refusals_5m.json": query_range([({"job": "gate", "reason": r}, per5(v)) for r, v in sorted(refused.items())], START, END, 60),
        }
        hours = (onset - utc("2026-09-16 11:20:00")).total_seconds() / 3600
        nol_after = len([x for x in refused.get("NOT_ON_LOADING_LIST", []) if utc("2026-09-17 09:40:00") <= x < aurora_list])
        return write_scenario(
            out_dir, name="r42-baplie-group-recursion", service=SERVICE, onset=onset,
            description=f"""
Kallo Container Terminal cannot import MERIDIAN AURORA's bay plan on
Thursday 17 September: from {onset.strftime('%H:%M:%S')} UTC edi-ingest moves the
vessel's departure BAPLIE from Le Havre to error/, then her COPRAR
loading list at 09:39, so vessel planning has no stowage for Friday's
04:30 call and the gate refuses AURORA's newly booked export boxes as
"not on loading list" ({nol_after} trucks by the time the list is in). A
release had gone out at 08:36; rolling it back at 09:58 did not help,
and Meridian's re-sent BAPLIE (10:24) and CONDOR VALPARAISO's bay plan
(10:51) failed too. A fix is released at 11:46 and the files are put
back at 11:53.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            line_formats={
                "edi-ingest.log": r'<Date> <Time> <Level> \[<Logger>\] \[<Thread>\] <Content>',
            },
            root_cause=[
                r"RecursionError: maximum recursion depth exceeded",
                r"in _take_groups",
            ],
            fix_files=["edi_ingest/edifact/groups.py"],
            explanation=f"""
The culprit is INT-214 ("edifact: recursive-descent segment group parser
following the branching diagram"), committed on Wednesday 16 September
at 11:20 UTC from Porto and released at 14:05 in a pipeline run whose
checkout names the test commit after it, {hours:.1f} hours before the
onset. Its `_take_groups` takes one group and its nested groups and then
calls itself for the next sibling group: one Python frame per container
in a BAPLIE (grp2) or COPRAR (grp3). Python's recursion limit is 1000, so
feeder bay plans and lists (up to 880 containers) import, as they do all
evening and night, and the first deep-sea messages after the release
fail: MERIDIAN AURORA's departure BAPLIE from Le Havre (5,612
containers) at 09:12, her loading list (1,904) at 09:39, the re-sent
BAPLIE at 10:24 and CONDOR VALPARAISO's bay plan (1,288) at 10:51, each
with a RecursionError whose traceback repeats `return _take_groups(...)`
in edi_ingest/edifact/groups.py. MERIDIAN ORION's 4,930-container bay
plan on Tuesday had imported with the old stack machine. The fix
(INT-224) takes sibling groups in a loop in the same file.
Decoys: the 08:36 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with INT-219 (slots on
the dataclasses of the very groups module, written after a big bay plan's
memory), INT-220 (the "import failed ref=... type=... vessel=..." line
the failures are first logged with), INT-221 (Meridian's new Porto EDI
centre inbox, through which AURORA's loading list arrives, and the import
timeout 60 -> 120 s) and a pydantic bump, rolled back at 09:58 without
effect (the old "import of ... failed" wording comes back); Baltic
Feeder's routine VERMAS syntax errors (UNT segment counts) in error/
before and after the onset; the gate's routine refusals (no appointment,
customs and veterinary holds, a few early AURORA boxes not on the list
yet); the psycopg bump, the VGM weight and CODECO seal commits,
and the runbook commit about putting files back from error/.
""",
        )
    finally:
        repo.close()
