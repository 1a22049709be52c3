"""labflow (Python 3.12; two processes on the lab's application VM
lab-app-01 under systemd: labflow-link, the ASTM listener of the
analysers, and labflow-worker, which imports, interprets and releases;
PostgreSQL; deployed by a Jenkins job running Ansible, a release being a
commit that bumps the version; team in Carrowmere, UTC+1 in summer) of
the Carrowmere Regional Blood Service (CRBS), which collects about 1,100
donations a day at its donor centre and mobile sessions and supplies
fourteen hospitals. Every donation's sample tube is tested before its
components may be issued: ABO/RhD and an antibody screen on the grouping
analyser GRP-1, nucleic acid testing in pools, and the five mandatory
serology markers (HBsAg, anti-HCV, HIV Ag/Ab, anti-HTLV, anti-TP) on two
Corvane CS-9 chemiluminescence analysers, SCR-1 and SCR-2. A CS-9 reports
each marker as S/CO, the sample's signal over the run's cut-off; 1.00 and
above is reactive. An initially reactive (IR) donation is held and the
marker repeated in duplicate: two non-reactive repeats release it (IRRN);
a reactive repeat (RR) discards its components and defers the donor
pending confirmatory testing at the reference laboratory.

SCR-2 replaced an older analyser in 2024; the vendor's engineer installed
its workstation with German regional settings, so it sends S/CO with a
decimal comma ("0,27"), SCR-1 with a point. labflow's `parse_sco` has
replaced the comma since then (LAB-188, a one-line `.replace(",", ".")`
without a comment on why).

Monday 27 April 2026, 10:42 UTC: Tom's LAB-512 (a QA finding: a float
S/CO of 0.9999 printed as 1.00 while labflow called it non-reactive)
parses S/CO into a Decimal, keeps the "<"/">" qualifier, and strips
everything but digits and the point with `re.sub(r"[^0-9.]", "", ...)`:
the comma goes, "0,27" becomes Decimal("027"), 27, reactive. Its tests use
the interface document's examples, all with a point. Released as 4.7.0
and deployed that afternoon, while SCR-2 was out for its annual preventive
maintenance and a workstation software upgrade (Monday and Tuesday); SCR-1
alone tests Tuesday's and Wednesday morning's samples and nothing is wrong.

Wednesday 29 April: 4.8.0 is deployed at 05:48 (LAB-520, which logs each
imported result with the raw value, its S/CO and the interpretation, the
very line that fills the log; LAB-517, HIV/HBsAg/HCV repeats first on the
worklist; LAB-519, an alert on the IR rate; LAB-515, `__str__` in the
culprit's file; a psycopg bump). At 06:40 the lab manager puts SCR-2 back
into routine after its verification panel (reviewed on the analyser), and
from 07:13 nearly every donation tested on SCR-2 is initially reactive on
four or five markers at S/CO 8-65 ("result imported ... raw='0,27'
s_co=27.00 -> REACTIVE"). A BMS loads the first IR donations' repeats on
SCR-2 STAT: repeat reactive, components discarded, five donors deferred in
DonorHub. The runbook (Tuesday) reads a reactive wave from one analyser as
the analyser (after a maintenance, a calibration or a new lot) and says to
roll back if it follows a labflow release. Joanne suspends SCR-2 at 07:41
and opens a vendor case; the repeats go to SCR-1 (IRRN). The vendor's
remote session finds QC in range and the analyser's own results
non-reactive; Priya rolls back to 4.7.0 at 08:17 (it holds the culprit): a
re-transmission of four SCR-2 results in VERIFY mode still reads 10-40.
Tom compares the link log, where SCR-2 sends "0,31" (and sent it last week
too), with labflow's 31.00, and finds his regex; LAB-526 (4.8.1, 09:25)
accepts the comma again and refuses a value it cannot read; SCR-2 is back
in routine at 09:44. QA withdraws the five repeat reactive results at
10:38, the donors' deferrals are withdrawn and the donations repeated on
SCR-1. Platelet pools wait for the held donations; hospitals' platelet
orders are short from about 08:45 until the pools are released after 10:30.

Sources: labflow-worker (Python logging, line format), labflow-link's
ASTM record log (line format), lab-web nginx access, DonorHub (Serilog
compact JSON), stockline, the hospital orders service (logfmt), Jenkins
deploy console, the Corvane service portal's case export (JSON lines),
#lab-systems (Teams export, JSON lines)."""

import datetime as dt
import json
import random
import re
from decimal import Decimal

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores

SERVICE = "labflow"
START, END = utc("2026-04-29 04:30:00"), utc("2026-04-29 11:30:00")
CULPRIT_AT = utc("2026-04-27 10:42:00")
DEPLOY_480 = utc("2026-04-29 05:48:05")      # Jenkins: 4.8.0
RESTART_480 = utc("2026-04-29 05:50:31")
SCR2_ROUTINE = utc("2026-04-29 06:40:12")    # SCR-2 VERIFY -> ROUTINE after its PM
SCR2_FIRST = utc("2026-04-29 07:13:04")      # first SCR-2 results reach labflow
REPEAT_ON_SCR2 = utc("2026-04-29 07:17:30")  # BMS loads the first IR repeats on SCR-2 (STAT)
SUSPEND = utc("2026-04-29 07:41:20")         # SCR-2 suspended in labflow
SCR2_STOPS = utc("2026-04-29 08:09:00")      # last in-process SCR-2 results
ROLLBACK = utc("2026-04-29 08:16:40")        # Jenkins: 4.7.0
RESTART_470 = utc("2026-04-29 08:19:05")
VERIFY1 = utc("2026-04-29 08:31:10")         # four SCR-2 results re-sent in VERIFY mode
DEPLOY_481 = utc("2026-04-29 09:22:30")      # Jenkins: 4.8.1
RESTART_481 = utc("2026-04-29 09:25:02")
VERIFY2 = utc("2026-04-29 09:35:10")
SCR2_ROUTINE2 = utc("2026-04-29 09:44:30")
SCR2_AGAIN = utc("2026-04-29 10:14:20")      # SCR-2's first results after the fix
QA_WITHDRAW = utc("2026-04-29 10:38:40")

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "labflow"
version = "4.6.3"
description = "CRBS testing laboratory: analyser links, result import, release"
requires-python = ">=3.12"
dependencies = [
    "psycopg[binary,pool]==3.2.6",
    "pydantic==2.10.6",
    "PyYAML==6.0.2",
    "httpx==0.28.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.5"]

[project.scripts]
labflow-link = "labflow.link.server:main"
labflow-worker = "labflow.worker:main"
"""

SCO_V1 = '''"""S/CO (signal to cut-off) values of the Corvane CS-9 screening assays.

The CS-9 reports a chemiluminescent assay's result as the ratio of the
sample's signal to the run's cut-off: 1.00 and above is reactive.
"""

from dataclasses import dataclass

CUTOFF = 1.0


@dataclass(frozen=True)
class SCO:
    value: float
    qualifier: str = ""  # "<" or ">" outside the measuring range

    @property
    def reactive(self) -> bool:
        return self.value >= CUTOFF


def parse_sco(raw: str) -> SCO:
    text = raw.strip().replace(",", ".")  # LAB-188
    qualifier = ""
    if text[:1] in ("<", ">"):
        qualifier, text = text[0], text[1:]
    return SCO(float(text), qualifier)
'''

SCO_V2 = '''"""S/CO (signal to cut-off) values of the Corvane CS-9 screening assays.

The CS-9 reports a chemiluminescent assay's result as the ratio of the
sample's signal to the run's cut-off: 1.00 and above is reactive. Values
outside the measuring range come with a qualifier ("<0.10", ">50.00") and
the workstation pads the field (docs/interfaces/cs9-astm.md).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

CUTOFF = Decimal("1.00")
_NOT_NUMBER = re.compile(r"[^0-9.]")


@dataclass(frozen=True)
class SCO:
    value: Decimal
    qualifier: str = ""  # "<" or ">" outside the measuring range

    @property
    def reactive(self) -> bool:
        # Decimal, not float: 0.9999 must not print as 1.00 on the
        # validation screen while the rule calls it non-reactive (LAB-512).
        return self.value >= CUTOFF


def parse_sco(raw: str) -> SCO:
    text = raw.strip()
    qualifier = text[0] if text[:1] in ("<", ">") else ""
    return SCO(Decimal(_NOT_NUMBER.sub("", text)), qualifier)
'''

TEST_SCO_V1 = '''from labflow.results.sco import parse_sco


def test_point():
    assert parse_sco("0.27").value == 0.27
    assert not parse_sco("0.27").reactive


def test_cutoff_is_reactive():
    assert parse_sco("1.00").reactive


def test_qualifier():
    sco = parse_sco("<0.10")
    assert sco.qualifier == "<" and sco.value == 0.10
'''

TEST_SCO_V2 = '''from decimal import Decimal

from labflow.results.sco import parse_sco


def test_point():
    assert parse_sco("0.27").value == Decimal("0.27")
    assert not parse_sco("0.27").reactive


def test_cutoff_is_reactive():
    assert parse_sco("1.00").reactive


def test_just_below_cutoff_stays_non_reactive():
    # QF-2026-031: 0.9999 as a float printed 1.00 on the validation screen
    assert not parse_sco("0.9999").reactive


def test_qualifiers_kept():
    assert parse_sco("<0.10").qualifier == "<"
    assert parse_sco(">50.00").value == Decimal("50.00")


def test_workstation_padding():
    assert parse_sco("  0.31 ").value == Decimal("0.31")
'''

IMPORTER_V1 = '''"""Imports an analyser's ASTM message into labflow: one sample, its results."""

import logging

from labflow import donors, holds, repeats, store
from labflow.config import MARKERS, Analyser
from labflow.link.records import AstmMessage
from labflow.results.sco import parse_sco

log = logging.getLogger(__name__)


def import_screening(msg: AstmMessage, analyser: Analyser) -> None:
    din = msg.order.specimen_id
    if analyser.mode == "SUSPENDED":
        log.warning("results from %s not imported: analyser is SUSPENDED (sample %s)", analyser.code, din)
        return
    results = []
    for rec in msg.results:
        marker = MARKERS[rec.test_code]
        sco = parse_sco(rec.value)
        results.append((marker, sco))
        store.save_result(din, analyser.code, marker.code, sco, rec.flags, rec.completed_at, mode=analyser.mode)
    shown = ", ".join(f"{m.name} {s.qualifier}{s.value:.2f}" + (" REACTIVE" if s.reactive else "") for m, s in results)
    if analyser.mode == "VERIFY":
        log.info("VERIFY sample %s from %s (not released): %s", din, analyser.code, shown)
        return
    if repeats.pending(din):
        repeats.record(din, analyser.code, results)
        return
    reactive = [(m, s) for m, s in results if s.reactive]
    if not reactive:
        log.info("sample %s from %s: %d results, all non-reactive", din, analyser.code, len(results))
        store.mark_screened(din)
        return
    listed = ", ".join(f"{m.name} {s.qualifier}{s.value:.2f}" for m, s in reactive)
    log.warning("donation %s INITIAL REACTIVE on %s: %s; components held, repeat in duplicate requested", din, analyser.code, listed)
    holds.hold_components(din, reason="IR")
    repeats.request(din, [m for m, _ in reactive])
    donors.publish_status(din, "IR_HOLD")
'''

REPEATS_V1 = '''"""Repeat testing in duplicate of an initially reactive donation (Red Book
ch. 9): both repeats non-reactive -> IRRN, released; any repeat reactive
-> RR: components discarded, confirmatory sample to the reference
laboratory, donor deferred pending its result."""

import logging

from labflow import donors, holds, store, worklists

log = logging.getLogger(__name__)


def request(din, markers):
    for marker in markers:
        worklists.add("repeat", din, marker.code, replicates=2)


def pending(din):
    return store.repeats_pending(din)


def record(din, analyser, results):
    by_marker = store.save_repeats(din, analyser, results)
    for marker, values in by_marker.items():
        shown = ", ".join(f"{v.value:.2f}" for v in values)
        verdict = "repeat REACTIVE" if any(v.reactive for v in values) else "repeat non-reactive"
        log.info("repeat %s %s on %s: %s -> %s", din, marker.name, analyser, shown, verdict)
    if store.repeats_pending(din):
        return
    if store.any_repeat_reactive(din):
        rr = store.repeat_reactive_markers(din)
        log.error("donation %s REPEAT REACTIVE (%s): components discarded, confirmatory sample to reference lab, donor deferral requested", din, ", ".join(rr))
        holds.discard_components(din)
        donors.publish_status(din, "RR_DISCARD", markers=rr)
        return
    log.info("donation %s IRRN (initial reactive, repeat non-reactive): released", din)
    holds.release_components(din)
    donors.publish_status(din, "RELEASED")
'''

RUNBOOK = """# labflow runbook

Owner: Lab Systems (#lab-systems). Dashboards: Grafana > Lab > labflow.
Deploys and rollbacks: Jenkins job `labflow-deploy-prod` (parameter
VERSION); it installs the wheel on lab-app-01 and restarts labflow-link and
labflow-worker. The analysers buffer results while the link is down.

## Link down (LabflowLinkDown)

An analyser that stops sending for 10 minutes during a run. Check the
analyser's LIS status screen; restart labflow-link only if every analyser
is down.

## Results backlog

`link queue depth` above 50 for 10 minutes: the worker is slow, usually
the database. Check PostgreSQL on lab-db-01.
"""

RUNBOOK_IR = """
## Initial reactive rate high (LabflowInitialReactiveRate)

A cluster of initially reactive results is almost always the analyser, not
the donors:

- after a preventive maintenance, a recalibration or a new reagent lot, the
  analyser can read high for a whole run. Suspend it in labflow
  (Analysers > Suspend), re-run the samples and the repeats on the other
  CS-9, and call Corvane (service portal, priority 1);
- check the run's QC on the analyser before anything else;
- if the wave starts after a labflow release, roll the release back with
  `labflow-deploy-prod` (VERSION = the previous release) and tell the lab
  manager.

Never release an IR donation by hand: repeats in duplicate decide.
"""

ASTM_DOC = """# Corvane CS-9: LIS interface (ASTM E1394 over TCP)

The CS-9 workstation connects to labflow-link (port 5001) and sends one
message per sample: H, P, O, then one R per assay, then L. Results:

```
R|1|^^^HBSAG|0.27|S/CO||N||F||bms.rahman||20260312101522|CS9-11862
R|2|^^^AHCV|<0.10|S/CO||N||F||bms.rahman||20260312101522|CS9-11862
```

Field 4 is the S/CO, with `<` or `>` outside the measuring range; field 7
is the workstation's own flag (N non-reactive, A reactive). labflow
interprets the S/CO itself and ignores field 7.
"""

CONFIG = """# labflow production settings
database: postgresql://labflow@lab-db-01.crbs.local/labflow
link:
  port: 5001
  ack_timeout_s: 15
donorhub:
  url: https://donorhub.crbs.local/api/lab-status
  timeout_s: 5
alerts:
  link_down_after: 10m
  backlog_depth: 50
"""

ANALYSERS = """# The analysers labflow-link accepts. Modes are set in labflow (Analysers
# screen): ROUTINE, VERIFY (imported, not released), SUSPENDED.
- code: SCR-1
  model: Corvane CS-9
  serial: CS9-11862
  host: 10.61.4.21
  kind: screening
- code: SCR-2
  model: Corvane CS-9
  serial: CS9-20417
  host: 10.61.4.22
  kind: screening
- code: GRP-1
  model: Bexley Galaxis 2
  serial: GX2-3308
  host: 10.61.4.31
  kind: grouping
"""

MARKERS_YAML = """# Mandatory serology on the CS-9 (test code -> marker)
HBSAG: {code: HBSAG, name: HBsAg, repeat_first: true}
AHCV: {code: AHCV, name: anti-HCV, repeat_first: true}
HIVAGAB: {code: HIVAGAB, name: HIV Ag/Ab, repeat_first: true}
HTLV: {code: HTLV, name: anti-HTLV, repeat_first: false}
SYPH: {code: SYPH, name: anti-TP, repeat_first: false}
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    gareth = Person("Gareth Lloyd", "gareth.lloyd@crbs.org.uk", 60)
    tom = Person("Tom Fairley", "tom.fairley@crbs.org.uk", 60)
    priya = Person("Priya Nair", "priya.nair@crbs.org.uk", 60)
    oskar = Person("Oskar Wiśniewski", "oskar.wisniewski@crbs.org.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "labflow/__init__.py": '__version__ = "4.6.3"\n',
        "labflow/results/__init__.py": "",
        "labflow/results/sco.py": SCO_V1,
        "labflow/results/importer.py": IMPORTER_V1,
        "labflow/results/grouping.py": '"""ABO/RhD and antibody screen from GRP-1 (Galaxis 2)."""\n\nimport logging\n\nfrom labflow import store\n\nlog = logging.getLogger(__name__)\n\nABO = {"O", "A", "B", "AB"}\nRHD = {"POS": "POS", "NEG": "NEG"}\n\n\ndef import_grouping(msg, analyser):\n    din = msg.order.specimen_id\n    r = {rec.test_code: rec.value for rec in msg.results}\n    abo, rhd, absc = r["ABO"], RHD[r["RHD"]], r["ABSCR"]\n    store.save_group(din, abo, rhd, absc)\n    if absc == "POS":\n        log.warning("grouping %s: %s %s, antibody screen POSITIVE - antibody identification requested", din, abo, rhd)\n    else:\n        log.info("grouping %s: %s %s, antibody screen negative (%s)", din, abo, rhd, analyser.code)\n',
        "labflow/repeats.py": REPEATS_V1,
        "labflow/holds.py": '"""Component status in the processing system (held, released, discarded)."""\n\nfrom labflow import store\n\n\ndef hold_components(din, reason):\n    store.set_component_status(din, "HELD", reason)\n\n\ndef release_components(din):\n    store.set_component_status(din, "RELEASED", None)\n\n\ndef discard_components(din):\n    store.set_component_status(din, "DISCARD_PENDING", "RR")\n',
        "labflow/donors.py": '"""Pushes a donation\'s lab status to DonorHub (donor records, deferrals)."""\n\nimport httpx\n\nfrom labflow.config import SETTINGS\n\n\ndef publish_status(din, status, markers=None):\n    body = {"din": din, "status": status, "markers": markers or []}\n    httpx.post(SETTINGS.donorhub.url, json=body, timeout=SETTINGS.donorhub.timeout_s).raise_for_status()\n',
        "labflow/link/__init__.py": "",
        "labflow/link/records.py": '"""ASTM E1394 records as the CS-9 and the Galaxis send them."""\n\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Result:\n    seq: int\n    test_code: str\n    value: str      # as sent, e.g. "0.27" or "<0.10"\n    units: str\n    flags: str\n    completed_at: str\n\n\ndef parse_result(fields):\n    return Result(int(fields[1]), fields[2].strip("^").split("^")[0], fields[3], fields[4], fields[6], fields[12])\n',
        "labflow/link/server.py": '"""labflow-link: one TCP listener, one connection per analyser (ASTM E1381\nlow level: ENQ, frames, ACK, EOT). Logs every record it receives."""\n\nimport asyncio\nimport logging\n\nlog = logging.getLogger("labflow.link")\n\n\ndef main():\n    asyncio.run(serve())\n',
        "labflow/worker.py": '"""labflow-worker: takes messages off the link queue and imports them."""\n\nimport logging\n\nfrom labflow import __version__\n\nlog = logging.getLogger("labflow.worker")\n\n\ndef main():\n    log.info("labflow-worker %s starting", __version__)\n',
        "config/labflow.yaml": CONFIG,
        "config/analysers.yaml": ANALYSERS,
        "config/markers.yaml": MARKERS_YAML,
        "deploy/ansible/deploy.yml": "- hosts: lab_app\n  become: true\n  roles:\n    - labflow\n",
        "deploy/ansible/roles/labflow/tasks/main.yml": "- name: install wheel labflow-{{ version }}-py3-none-any.whl\n  pip:\n    name: /srv/wheels/labflow-{{ version }}-py3-none-any.whl\n    virtualenv: /opt/labflow\n- name: restart labflow-link and labflow-worker\n  systemd:\n    name: \"{{ item }}\"\n    state: restarted\n  loop: [labflow-link, labflow-worker]\n",
        "Jenkinsfile": "pipeline {\n  agent { label 'lab-build' }\n  parameters { string(name: 'VERSION', description: 'release to deploy') }\n  stages {\n    stage('Build') { steps { sh 'python -m build --wheel' } }\n    stage('Deploy') { steps { sh 'ansible-playbook -i deploy/ansible/prod deploy/ansible/deploy.yml -e version=$VERSION' } }\n  }\n}\n",
        "docs/runbook.md": RUNBOOK,
        "docs/interfaces/cs9-astm.md": ASTM_DOC,
        "tests/test_sco.py": TEST_SCO_V1,
        "tests/test_repeats.py": "from labflow.results.sco import parse_sco\n\n\ndef test_two_non_reactive_repeats_release(fake_store):\n    fake_store.ir('G041726000001', 'AHCV')\n    fake_store.repeat('G041726000001', 'AHCV', [parse_sco('0.31'), parse_sco('0.28')])\n    assert fake_store.status('G041726000001') == 'RELEASED'\n",
        "README.md": "# labflow\n\nThe CRBS testing laboratory's system: ASTM links to the CS-9 screening\nanalysers and the Galaxis grouping analyser, result import and\ninterpretation, repeat testing, release of donations to processing, lab\nstatus to DonorHub.\n\nReleases: bump the version in `pyproject.toml` and `labflow/__init__.py`,\nthen run the Jenkins job `labflow-deploy-prod` with that VERSION.\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.6.3\n\n- LAB-498 Galaxis weak D result code\n",
    }
    repo.commit(utc("2026-04-21 08:20:00"), gareth, "labflow 4.6.3", files)
    crng = random.Random(75006)
    repo.schedule(chores(crng, SERVICE, [gareth, priya], utc("2026-04-21 09:00:00"), utc("2026-04-24 16:00:00"), 2)
                  + chores(crng, SERVICE, [tom, oskar], utc("2026-04-27 07:00:00"), utc("2026-04-28 12:00:00"), 2))
    repo.commit(utc("2026-04-22 12:35:00"), oskar, "donors: retry the DonorHub status push once on 503 (LAB-506)", {
        "labflow/donors.py": sub(repo.files["labflow/donors.py"],
                                 "    httpx.post(SETTINGS.donorhub.url, json=body, timeout=SETTINGS.donorhub.timeout_s).raise_for_status()\n",
                                 "    for attempt in (1, 2):\n        resp = httpx.post(SETTINGS.donorhub.url, json=body, timeout=SETTINGS.donorhub.timeout_s)\n        if resp.status_code != 503 or attempt == 2:\n            resp.raise_for_status()\n            return\n"),
    })
    repo.commit(utc("2026-04-23 14:10:00"), priya, "grouping: log the analyser with a positive antibody screen (LAB-509)", {
        "labflow/results/grouping.py": sub(repo.files["labflow/results/grouping.py"],
                                           'antibody screen POSITIVE - antibody identification requested", din, abo, rhd)',
                                           'antibody screen POSITIVE on %s - antibody identification requested", din, abo, rhd, analyser.code)'),
    })
    culprit = repo.commit(CULPRIT_AT, tom, "results: S/CO as Decimal, qualifiers kept (LAB-512)\n\nQA finding QF-2026-031: an S/CO of 0.9999 was shown as 1.00 on the\nvalidation screen while labflow called it non-reactive; the screen and\nthe rule have to agree. Parse S/CO into a Decimal, keep the '<' / '>'\nqualifier for the screen, and strip the padding the workstation puts\naround the field (examples from docs/interfaces/cs9-astm.md).", {
        "labflow/results/sco.py": SCO_V2,
        "tests/test_sco.py": TEST_SCO_V2,
    })
    rel470 = repo.commit(utc("2026-04-27 14:25:00"), priya, "release 4.7.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.6.3"', 'version = "4.7.0"'),
        "labflow/__init__.py": '__version__ = "4.7.0"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.7.0\n\n- LAB-506 DonorHub push retried on 503\n- LAB-509 analyser named with a positive antibody screen\n- LAB-512 S/CO as Decimal, qualifiers kept (QF-2026-031)\n",
    })
    repo.commit(utc("2026-04-28 08:50:00"), tom, "sco: print S/CO with its qualifier and two decimals (LAB-515)\n\nThe validation screen and the log both formatted it themselves.", {
        "labflow/results/sco.py": sub(repo.files["labflow/results/sco.py"],
                                      "        return self.value >= CUTOFF\n",
                                      "        return self.value >= CUTOFF\n\n    def __str__(self) -> str:\n        return f\"{self.qualifier}{self.value:.2f}\"\n"),
    })
    repo.commit(utc("2026-04-28 10:05:00"), oskar, "repeats: HIV, HBsAg and HCV repeats first on the worklist (LAB-517)\n\nThe lab wants the markers that stop a whole platelet pool repeated\nfirst; HTLV and syphilis repeats keep their place.", {
        "labflow/repeats.py": sub(repo.files["labflow/repeats.py"],
                                  "def request(din, markers):\n    for marker in markers:\n        worklists.add(\"repeat\", din, marker.code, replicates=2)\n",
                                  "def request(din, markers):\n    for marker in sorted(markers, key=lambda m: not m.repeat_first):\n        worklists.add(\"repeat\", din, marker.code, replicates=2, priority=marker.repeat_first)\n"),
    })
    repo.commit(utc("2026-04-28 13:20:00"), gareth, "runbook: initial reactive rate high", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_IR,
    })
    repo.commit(utc("2026-04-28 14:40:00"), priya, "importer: log each imported result with the raw value and its interpretation (LAB-520)\n\nThe lab asked what exactly the analyser sent when a result is queried;\none line per result at INFO.", {
        "labflow/results/importer.py": sub(repo.files["labflow/results/importer.py"],
                                           "        results.append((marker, sco))\n",
                                           "        results.append((marker, sco))\n        log.info(\"result imported din=%s analyser=%s marker=%s raw=%r s_co=%s -> %s\", din, analyser.code, marker.name, rec.value, sco,\n                 \"REACTIVE\" if sco.reactive else \"NONREACTIVE\")\n"),
    })
    repo.commit(utc("2026-04-28 15:55:00"), tom, "alerts: initial reactive rate over 30 minutes (LAB-519)", {
        "config/labflow.yaml": sub(repo.files["config/labflow.yaml"], "  backlog_depth: 50\n",
                                   "  backlog_depth: 50\n  initial_reactive_rate:\n    window: 30m\n    threshold: 0.02\n    min_samples: 20\n"),
    })
    repo.commit(utc("2026-04-29 04:12:00"), bot, "build(deps): bump psycopg from 3.2.6 to 3.2.9\n\nBumps [psycopg](https://github.com/psycopg/psycopg) from 3.2.6 to 3.2.9.\n\nSigned-off-by: dependabot[bot] <support@github.com>", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], "psycopg[binary,pool]==3.2.6", "psycopg[binary,pool]==3.2.9"),
    })
    rel480 = repo.commit(utc("2026-04-29 05:36:00"), priya, "release 4.8.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.7.0"', 'version = "4.8.0"'),
        "labflow/__init__.py": '__version__ = "4.8.0"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.8.0\n\n- LAB-515 S/CO printed with its qualifier\n- LAB-517 HIV/HBsAg/HCV repeats first\n- LAB-519 alert on the initial reactive rate\n- LAB-520 each imported result logged with its raw value\n- psycopg 3.2.9\n",
    })
    fix = repo.commit(utc("2026-04-29 08:58:00"), tom, "sco: accept SCR-2's decimal comma again, refuse what is not a number (LAB-526)\n\nLAB-512 stripped everything but digits and '.', so SCR-2's '0,27'\n(its workstation runs with German regional settings; LAB-188 had\nreplaced the comma) became 027 = 27.00, reactive. Every SCR-2 result\nsince it came back into routine at 07:40 local was initially reactive.\nOne decimal separator, then Decimal() of exactly what is left; anything\nelse raises and the result is not imported.", {
        "labflow/results/sco.py": sub(repo.files["labflow/results/sco.py"],
                                      '_NOT_NUMBER = re.compile(r"[^0-9.]")\n',
                                      '_SCO = re.compile(r"\\d+(?:[.,]\\d+)?")\n',
                                      "    text = raw.strip()\n    qualifier = text[0] if text[:1] in (\"<\", \">\") else \"\"\n    return SCO(Decimal(_NOT_NUMBER.sub(\"\", text)), qualifier)\n",
                                      "    text = raw.strip()\n    qualifier = text[0] if text[:1] in (\"<\", \">\") else \"\"\n    number = text[len(qualifier):].strip()\n    if not _SCO.fullmatch(number):\n        raise ValueError(f\"not an S/CO: {raw!r}\")\n    # SCR-2's workstation sends a decimal comma (LAB-188, LAB-526)\n    return SCO(Decimal(number.replace(\",\", \".\")), qualifier)\n"),
        "tests/test_sco.py": repo.files["tests/test_sco.py"] + "\n\ndef test_decimal_comma_from_scr2():\n    assert parse_sco(\"0,27\").value == Decimal(\"0.27\")\n    assert not parse_sco(\"0,27\").reactive\n    assert parse_sco(\"<0,10\").qualifier == \"<\"\n\n\ndef test_garbage_refused():\n    import pytest\n    with pytest.raises(ValueError):\n        parse_sco(\"0.2.7\")\n",
    })
    rel481 = repo.commit(utc("2026-04-29 09:18:00"), priya, "release 4.8.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.8.0"', 'version = "4.8.1"'),
        "labflow/__init__.py": '__version__ = "4.8.1"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.8.1\n\n- LAB-526 SCR-2's decimal comma accepted again\n",
    })
    repo.commit(utc("2026-04-29 10:55:00"), gareth, "runbook: compare with the analyser's own result before suspending it", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- check the run's QC on the analyser before anything else;\n",
                               "- check the run's QC on the analyser before anything else, and compare\n  one result on the analyser's screen with labflow's value and with the\n  record in labflow-link's log (29 April: SCR-2 sends a decimal comma);\n"),
    })
    return repo, {"culprit": culprit, "rel470": rel470, "rel480": rel480, "fix": fix, "rel481": rel481}


# ---------------------------------------------------------------------------
# the logs

MARKERS = [  # code, name, median S/CO, spread
    ("HBSAG", "HBsAg", 0.30, 0.45),
    ("AHCV", "anti-HCV", 0.12, 0.55),
    ("HIVAGAB", "HIV Ag/Ab", 0.20, 0.40),
    ("HTLV", "anti-HTLV", 0.34, 0.40),
    ("SYPH", "anti-TP", 0.09, 0.60),
]
NAME = {code: name for code, name, _, _ in MARKERS}
MEDIAN = {code: median for code, _, median, _ in MARKERS}
SERIAL = {"SCR-1": "CS9-11862", "SCR-2": "CS9-20417", "GRP-1": "GX2-3308"}
SOFTWARE = {"SCR-1": "4.2.1", "SCR-2": "4.3.0"}
BMS = ["bms.rahman", "bms.kowalczyk", "bms.adeyemi", "bms.hughes"]


def iso7(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def culprit_parse(raw):
    """labflow 4.7.0 / 4.8.0: LAB-512's parse_sco."""
    text = raw.strip()
    qualifier = text[0] if text[:1] in ("<", ">") else ""
    return Decimal(re.sub(r"[^0-9.]", "", text)), qualifier


def fixed_parse(raw):
    text = raw.strip()
    qualifier = text[0] if text[:1] in ("<", ">") else ""
    return Decimal(text[len(qualifier):].replace(",", ".")), qualifier


def build_logs(rng, shas):
    labflow, link, web, donorhub, stockline, jenkins, vendor, chat = (
        Log("labflow.log"), Log("astm-link.log"), Log("lab-web-access.log"), Log("donorhub.log"),
        Log("stockline.log"), Log("jenkins-labflow-deploy.log"), Log("corvane-service-portal.log"), Log("teams-lab-systems.log"))
    stats = {"ir": [], "rr": [], "events": [], "not_imported": 0, "irrn": []}

    def version_at(t):
        if t < RESTART_480:
            return "4.7.0"
        if t < RESTART_470:
            return "4.8.0"
        if t < RESTART_481:
            return "4.7.0"
        return "4.8.1"

    def down(t):
        return any(r - dt.timedelta(seconds=6) <= t < r + dt.timedelta(seconds=3) for r in (RESTART_480, RESTART_470, RESTART_481))

    def llog(t, level, comp, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            labflow.add(t, f"{stamp} {level:<7} [{comp}] {logger}: {msg}")

    def klog(t, analyser, direction, text):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            link.add(t, f"{stamp} {analyser} {direction} {text}")

    def dlog(t, template, level=None, **props):
        if START <= t < END:
            body = {"@t": iso7(t), "@mt": template}
            if level:
                body["@l"] = level
            body.update(props)
            donorhub.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    mode = {"SCR-1": "ROUTINE", "SCR-2": "VERIFY", "GRP-1": "ROUTINE"}
    mode_changes = [(SCR2_ROUTINE, "ROUTINE", "j.okafor", "PM completed, verification panel CS9-VP-0429 passed on the analyser"),
                    (SUSPEND, "SUSPENDED", "j.okafor", "all results initially reactive since 08:13"),
                    (VERIFY1 - dt.timedelta(minutes=2), "VERIFY", "j.okafor", "re-transmission test for Lab Systems"),
                    (SCR2_ROUTINE2, "ROUTINE", "j.okafor", "LAB-526 deployed, re-transmission test passed")]
    # VERIFY2 needs VERIFY mode too; it is still VERIFY from VERIFY1 until SCR2_ROUTINE2

    def scr2_mode(t):
        m = "VERIFY"
        for at, new, _, _ in mode_changes:
            if at <= t:
                m = new
        return m

    # ---- DIN sequences: the samples tested today were collected yesterday
    seq = [117402]

    def next_din():
        seq[0] += rng.choice([1, 1, 1, 2, 3])
        return f"G041726{seq[0]:06d}"

    donor_of = {}

    def donor(din):
        if din not in donor_of:
            donor_of[din] = f"D{rng.randint(1000000, 4999999)}"
        return donor_of[din]

    def sco_raw(code, analyser, median, spread):
        v = min(0.82, max(0.02, rng.lognormvariate(0, spread) * median))
        text = "<0.10" if v < 0.10 and code in ("AHCV", "SYPH") else f"{v:.2f}"
        return text.replace(".", ",") if analyser == "SCR-2" else text

    # ---- the screening stream: one slot per message on each analyser
    def slots(start, end, lo, hi):
        out, t = [], start
        while True:
            t += dt.timedelta(seconds=rng.uniform(lo, hi))
            if t >= end:
                return out
            if down(t):
                continue
            out.append(t)

    scr1 = slots(START, END, 25, 38)
    scr2 = slots(SCR2_FIRST - dt.timedelta(seconds=1), SCR2_STOPS, 26, 36) + slots(SCR2_AGAIN - dt.timedelta(seconds=1), END, 26, 36)
    grp1 = slots(START, END, 30, 44)

    ir_info = {}           # din -> {"markers": [...], "t": ..., "analyser": ...}

    def release_line(t, din):
        comps = rng.choice(["RBC, FFP, buffy coat to pooling", "RBC, FFP, buffy coat to pooling", "RBC, FFP, buffy coat to pooling", "RBC, FFP", "RBC, buffy coat to pooling"])
        llog(t, "INFO", "worker", "labflow.release", f"donation {din} released: {comps}")
        dlog(t + dt.timedelta(milliseconds=rng.randint(150, 900)), "Lab status {Status} received for donation {Din}", Status="RELEASED", Din=din,
             SourceContext="DonorHub.Integration.LabStatusConsumer")
        stats["events"].append((t, "released"))

    def send_message(t, analyser, din, results, operator):
        """results: list of (code, raw). Logs the link records."""
        sw = SOFTWARE[analyser]
        done = (t - dt.timedelta(seconds=rng.randint(4, 9))).strftime("%Y%m%d%H%M%S")
        klog(t - dt.timedelta(milliseconds=420), analyser, "rx", f"H|\\^&|||CS-9^{sw}^{SERIAL[analyser]}|||||||P|1394-97|{done}")
        tests = "\\".join(f"^^^{code}" for code in dict.fromkeys(c for c, _ in results))
        klog(t - dt.timedelta(milliseconds=300), analyser, "rx", f"O|1|{din}||{tests}|R||||||||||||||||||F")
        for i, (code, raw) in enumerate(results, 1):
            v, _ = fixed_parse(raw)
            flag = "A" if v >= 1 else "N"
            klog(t - dt.timedelta(milliseconds=280 - 12 * i), analyser, "rx", f"R|{i}|^^^{code}|{raw}|S/CO||{flag}||F||{operator}||{done}|{SERIAL[analyser]}")

    def interpret(t, analyser, din, results, amode):
        """What labflow makes of one screening message at time t."""
        ver = version_at(t)
        parse = fixed_parse if ver == "4.8.1" else culprit_parse
        parsed = []
        for code, raw in results:
            v, q = parse(raw)
            parsed.append((code, raw, v, q))
            if ver in ("4.8.0", "4.8.1") and amode != "SUSPENDED":
                llog(t, "INFO", "worker", "labflow.results.importer",
                     f"result imported din={din} analyser={analyser} marker={NAME[code]} raw='{raw}' s_co={q}{v:.2f} -> {'REACTIVE' if v >= 1 else 'NONREACTIVE'}")
        return parsed

    def screening(t, analyser, din, operator, genuine=None):
        results = []
        for code, _name, median, spread in MARKERS:
            raw = sco_raw(code, analyser, median, spread)
            if genuine and genuine[0] == code:
                raw = genuine[1]
            results.append((code, raw))
        send_message(t, analyser, din, results, operator)
        amode = mode[analyser] if analyser != "SCR-2" else scr2_mode(t)
        ti = t + dt.timedelta(milliseconds=rng.randint(60, 240))
        if amode == "SUSPENDED":
            llog(ti, "WARNING", "worker", "labflow.results.importer", f"results from {analyser} not imported: analyser is SUSPENDED (sample {din})")
            stats["not_imported"] += 1
            return "suspended", results
        parsed = interpret(ti, analyser, din, results, amode)
        shown = ", ".join(f"{NAME[c]} {q}{v:.2f}" + (" REACTIVE" if v >= 1 else "") for c, _, v, q in parsed)
        if amode == "VERIFY":
            llog(ti + dt.timedelta(milliseconds=2), "INFO", "worker", "labflow.results.importer", f"VERIFY sample {din} from {analyser} (not released): {shown}")
            return "verify", results
        reactive = [(c, v, q) for c, _, v, q in parsed if v >= 1]
        stats["events"].append((ti, f"screened:{analyser}"))
        if not reactive:
            llog(ti + dt.timedelta(milliseconds=3), "INFO", "worker", "labflow.results.importer", f"sample {din} from {analyser}: {len(parsed)} results, all non-reactive")
            release_line(ti + dt.timedelta(milliseconds=rng.randint(40, 400)), din)
            return "ok", results
        listed = ", ".join(f"{NAME[c]} {q}{v:.2f}" for c, v, q in reactive)
        llog(ti + dt.timedelta(milliseconds=3), "WARNING", "worker", "labflow.results.importer",
             f"donation {din} INITIAL REACTIVE on {analyser}: {listed}; components held, repeat in duplicate requested")
        codes = [c for c, _, _ in reactive]
        if version_at(ti) in ("4.8.0", "4.8.1"):
            codes = sorted(codes, key=lambda c: c not in ("HBSAG", "AHCV", "HIVAGAB"))
        llog(ti + dt.timedelta(milliseconds=9), "INFO", "worker", "labflow.worklists",
             f"repeat worklist: {len(codes) * 2} tests added for {din} ({', '.join(NAME[c] for c in codes)})")
        dlog(ti + dt.timedelta(milliseconds=rng.randint(200, 800)), "Lab status {Status} received for donation {Din}", level="Warning",
             Status="IR_HOLD", Din=din, SourceContext="DonorHub.Integration.LabStatusConsumer")
        ir_info[din] = {"markers": codes, "t": ti, "analyser": analyser, "raw": dict(results)}
        stats["ir"].append((ti, analyser, din))
        stats["events"].append((ti, f"ir:{analyser}"))
        return "ir", results

    # ---- SCR-2 first (its IR donations decide SCR-1's repeat work), then SCR-1
    not_imported = []
    rerun = []
    stat_from = REPEAT_ON_SCR2 + dt.timedelta(minutes=18)
    stat_done = []

    def do_repeat(t, analyser, job):
        din = job["din"]
        results = []
        for code in job["markers"]:
            for _ in range(2):
                results.append((code, sco_raw(code, analyser, MEDIAN[code], 0.35)))
        send_message(t, analyser, din, results, rng.choice(BMS))
        ti = t + dt.timedelta(milliseconds=rng.randint(60, 240))
        parsed = interpret(ti, analyser, din, results, "ROUTINE")
        by = {}
        for c, _, v, q in parsed:
            by.setdefault(c, []).append((v, q))
        any_rr = False
        for c, vals in by.items():
            shown = ", ".join(f"{q}{v:.2f}" for v, q in vals)
            rr = any(v >= 1 for v, _ in vals)
            any_rr = any_rr or rr
            llog(ti + dt.timedelta(milliseconds=4), "INFO", "worker", "labflow.repeats",
                 f"repeat {din} {NAME[c]} on {analyser}: {shown} -> {'repeat REACTIVE' if rr else 'repeat non-reactive'}")
        if any_rr:
            llog(ti + dt.timedelta(milliseconds=8), "ERROR", "worker", "labflow.repeats",
                 f"donation {din} REPEAT REACTIVE ({', '.join(NAME[c] for c in by)}): components discarded, confirmatory sample to reference lab, donor deferral requested")
            stats["rr"].append((ti, din))
            td = ti + dt.timedelta(milliseconds=rng.randint(300, 900))
            dlog(td, "Lab status {Status} received for donation {Din}", level="Warning", Status="RR_DISCARD", Din=din,
                 SourceContext="DonorHub.Integration.LabStatusConsumer")
            dlog(td + dt.timedelta(milliseconds=40), "Donor {DonorId} deferred: {Reason}; {Appointments} future appointment(s) suspended", level="Warning",
                 DonorId=donor(din), Reason=f"pending confirmatory testing ({', '.join(NAME[c] for c in by)})", Appointments=rng.choice([0, 1, 1, 2]),
                 DeferralId=f"DF-{rng.randint(200000, 299999)}", SourceContext="DonorHub.Deferrals.DeferralService")
            dlog(td + dt.timedelta(milliseconds=90), "Donor care task {TaskId} created for donor {DonorId}: {Kind}", DonorId=donor(din),
                 TaskId=f"DC-{rng.randint(40000, 49999)}", Kind="reactive result counselling call", SourceContext="DonorHub.DonorCare.Tasks")
            return "rr"
        llog(ti + dt.timedelta(milliseconds=8), "INFO", "worker", "labflow.repeats", f"donation {din} IRRN (initial reactive, repeat non-reactive): released")
        stats["irrn"].append((ti, din))
        release_line(ti + dt.timedelta(milliseconds=rng.randint(40, 300)), din)
        return "irrn"

    din_at = {}
    for t in sorted(scr1 + scr2):
        din_at[t] = next_din()
    raw_of = {}

    for t in scr2:
        first = [d for ti, a, d in stats["ir"] if a == "SCR-2" and ti < REPEAT_ON_SCR2][:5]
        todo = [d for d in first if d not in stat_done]
        if stat_from <= t < SUSPEND and todo:
            stat_done.append(todo[0])
            do_repeat(t, "SCR-2", {"din": todo[0], "markers": ir_info[todo[0]]["markers"]})
            continue
        din = rerun.pop(0) if t >= SCR2_AGAIN and rerun else din_at[t]
        outcome, results = screening(t, "SCR-2", din, rng.choice(BMS))
        raw_of[din] = results
        if outcome == "suspended":
            not_imported.append(din)
            rerun.append(din)
    assert len(stat_done) == 5, stat_done

    # SCR-1's repeat work: the genuine IR (queued when it happens), the SCR-2 IR donations
    # from 08:12 (after the suspension, reloaded on SCR-1), the withdrawn RR donations after QA
    jobs = []
    for ti, a, d in sorted(stats["ir"]):
        if a == "SCR-2" and d not in stat_done:
            jobs.append({"din": d, "ready": utc("2026-04-29 08:12:10"), "markers": ir_info[d]["markers"]})
    for d in stat_done:
        jobs.append({"din": d, "ready": QA_WITHDRAW + dt.timedelta(minutes=33), "markers": ir_info[d]["markers"]})
    genuine_slot = min(scr1, key=lambda s: abs((s - utc("2026-04-29 06:21:00")).total_seconds()))
    for t in scr1:
        ready = [j for j in jobs if j["ready"] <= t]
        if ready:
            job = ready[0]
            jobs.remove(job)
            do_repeat(t, "SCR-1", job)
            continue
        din = din_at[t]
        if t == genuine_slot:
            screening(t, "SCR-1", din, rng.choice(BMS), genuine=("AHCV", "1.27"))
            jobs.append({"din": din, "ready": t + dt.timedelta(minutes=31), "markers": ["AHCV"]})
            jobs.sort(key=lambda j: j["ready"])
            continue
        screening(t, "SCR-1", din, rng.choice(BMS))
    assert not jobs, len(jobs)
    stats["not_imported"] = len(not_imported)
    rr_done = stat_done
    for k, din in enumerate(rr_done):
        tw = QA_WITHDRAW + dt.timedelta(seconds=4 + 3 * k, milliseconds=rng.randint(0, 900))
        llog(tw, "WARNING", "web", "labflow.qa",
             f"donation {din}: repeat reactive results from SCR-2 withdrawn by m.ellery (QA-DEV-2026-044, S/CO misread from a decimal comma); components back to HELD, repeat in duplicate on SCR-1 requested")
        dlog(tw + dt.timedelta(seconds=rng.uniform(40, 90)), "Deferral {DeferralId} for donor {DonorId} withdrawn by {User}: {Reason}",
             DeferralId=f"DF-{rng.randint(200000, 299999)}", DonorId=donor(din), User="m.ellery", Reason="lab result withdrawn (QA-DEV-2026-044)",
             SourceContext="DonorHub.Deferrals.DeferralService")

    # the two re-transmissions in VERIFY mode (already logged on the link as SCR-2 records)
    stats["verify"] = {}
    for base, picks in ((VERIFY1, sorted(rng.sample(range(12), 4))), (VERIFY2, sorted(rng.sample(range(12, 30), 4)))):
        t = base
        for k in picks:
            t += dt.timedelta(seconds=rng.uniform(6, 11))
            din = not_imported[k]
            results = raw_of[din]  # the analyser re-sends the stored result
            stats["verify"].setdefault(base, []).append(results)
            send_message(t, "SCR-2", din, results, "bms.rahman")
            ti = t + dt.timedelta(milliseconds=rng.randint(60, 200))
            parsed = interpret(ti, "SCR-2", din, results, "VERIFY")
            shown = ", ".join(f"{NAME[c]} {q}{v:.2f}" + (" REACTIVE" if v >= 1 else "") for c, _, v, q in parsed)
            llog(ti + dt.timedelta(milliseconds=2), "INFO", "worker", "labflow.results.importer", f"VERIFY sample {din} from SCR-2 (not released): {shown}")

    # ---- grouping on GRP-1
    for t in grp1:
        din = f"G041726{rng.randint(117300, 119200):06d}"
        abo = rng.choices(["O", "A", "B", "AB"], [48, 38, 10, 4])[0]
        rh = "POS" if rng.random() < 0.84 else "NEG"
        absc = "POS" if rng.random() < 0.004 else "NEG"
        done = (t - dt.timedelta(seconds=rng.randint(3, 8))).strftime("%Y%m%d%H%M%S")
        klog(t - dt.timedelta(milliseconds=380), "GRP-1", "rx", f"H|\\^&|||Galaxis2^3.8.2^{SERIAL['GRP-1']}|||||||P|1394-97|{done}")
        klog(t - dt.timedelta(milliseconds=300), "GRP-1", "rx", f"O|1|{din}||^^^ABO\\^^^RHD\\^^^ABSCR|R||||||||||||||||||F")
        for i, (code, val) in enumerate((("ABO", abo), ("RHD", rh), ("ABSCR", absc)), 1):
            klog(t - dt.timedelta(milliseconds=260 - 10 * i), "GRP-1", "rx", f"R|{i}|^^^{code}|{val}|||||F||auto||{done}|{SERIAL['GRP-1']}")
        ti = t + dt.timedelta(milliseconds=rng.randint(50, 200))
        if absc == "POS":
            llog(ti, "WARNING", "worker", "labflow.results.grouping", f"grouping {din}: {abo} {rh}, antibody screen POSITIVE on GRP-1 - antibody identification requested")
        elif rng.random() < 0.06:
            llog(ti, "INFO", "worker", "labflow.results.grouping", f"grouping {din}: {abo} {rh}, first-time donor - group confirmed on the second donation")
        else:
            llog(ti, "INFO", "worker", "labflow.results.grouping", f"grouping {din}: {abo} {rh}, antibody screen negative (GRP-1)")

    # ---- link connections around the restarts (SCR-2 is offline until it is switched on after its PM)
    ips = {"SCR-1": "10.61.4.21", "SCR-2": "10.61.4.22", "GRP-1": "10.61.4.31"}
    klog(START + dt.timedelta(seconds=2), "SCR-2", "--", "no connection (analyser offline since 2026-04-27 05:58)")
    klog(SCR2_ROUTINE - dt.timedelta(minutes=3, seconds=12), "SCR-2", "--", f"connected from {ips['SCR-2']}:{rng.randint(49152, 60999)}")
    for r in (RESTART_480, RESTART_470, RESTART_481):
        online = ("SCR-1", "GRP-1") if r < SCR2_ROUTINE else ("SCR-1", "SCR-2", "GRP-1")
        for k, a in enumerate(online):
            klog(r - dt.timedelta(seconds=5, milliseconds=-k * 3), a, "--", "connection closed (server shutdown)")
        for k, a in enumerate(online):
            klog(r + dt.timedelta(seconds=3.2 + 1.7 * k + rng.uniform(0, 1)), a, "--", f"connected from {ips[a]}:{rng.randint(49152, 60999)}")

    # ---- labflow process lines
    shas_of = {"4.8.0": shas["rel480"], "4.7.0": shas["rel470"], "4.8.1": shas["rel481"]}
    for r, ver, was in ((RESTART_480, "4.8.0", "4.7.0"), (RESTART_470, "4.7.0", "4.8.0"), (RESTART_481, "4.8.1", "4.7.0")):
        llog(r - dt.timedelta(seconds=5), "INFO", "main", "labflow.worker", f"labflow-worker {was} stopping (SIGTERM)")
        llog(r, "INFO", "main", "labflow.worker", f"labflow-worker {ver} starting (commit {shas_of[ver][:7]}, python 3.12.9)")
        llog(r + dt.timedelta(milliseconds=340), "INFO", "main", "labflow.db", "connection pool ready: lab-db-01.crbs.local/labflow (min 2, max 10)")
        m2 = scr2_mode(r)
        llog(r + dt.timedelta(milliseconds=410), "INFO", "main", "labflow.config",
             f"analysers: SCR-1 Corvane CS-9 ROUTINE, SCR-2 Corvane CS-9 {m2}, GRP-1 Bexley Galaxis 2 ROUTINE")
        if ver != "4.7.0":
            llog(r + dt.timedelta(milliseconds=450), "INFO", "main", "labflow.alerts", "alert rules: link_down_after=10m backlog_depth=50 initial_reactive_rate=0.02/30m (min 20 samples)")
        else:
            llog(r + dt.timedelta(milliseconds=450), "INFO", "main", "labflow.alerts", "alert rules: link_down_after=10m backlog_depth=50")
    for at, new, user, why in mode_changes:
        old = scr2_mode(at - dt.timedelta(seconds=1))
        llog(at, "WARNING" if new == "SUSPENDED" else "INFO", "web", "labflow.analysers", f"analyser SCR-2 mode {old} -> {new} by {user} ({why})")
    # queue depth and NAT
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        if not down(t):
            d1 = rng.randint(0, 2)
            d2 = "offline" if t < SCR2_FIRST - dt.timedelta(minutes=30) else str(rng.randint(0, 2))
            llog(t, "INFO", "worker", "labflow.link.queue", f"link queue depth SCR-1={d1} SCR-2={d2} GRP-1={rng.randint(0, 1)}")
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(minutes=rng.uniform(5, 20))
    run = 31
    while t < END:
        inv = rng.choice([0, 0, 0, 1, 2])
        llog(t, "INFO", "worker", "labflow.nat", f"NAT run NR-260429-{run:02d}: 96 pools of 6 non-reactive for HIV-1, HCV, HBV; {inv} invalid pool(s) re-pooled")
        run += 1
        t += dt.timedelta(minutes=rng.uniform(22, 30))

    # the IR-rate alert (LAB-519), evaluated every minute by 4.8.0
    ir_sorted = sorted(stats["ir"])
    screened = sorted((at, k) for at, k in stats["events"] if k.startswith("screened:"))
    t = SCR2_FIRST
    fired = None
    while t < RESTART_470:
        win_s = [k for at, k in screened if t - dt.timedelta(minutes=30) < at <= t]
        win_ir = [a for at, a, _ in ir_sorted if t - dt.timedelta(minutes=30) < at <= t]
        if len(win_s) >= 20 and len(win_ir) / len(win_s) > 0.02:
            s2 = sum(1 for k in win_s if k == "screened:SCR-2")
            s1 = len(win_s) - s2
            i2 = sum(1 for a in win_ir if a == "SCR-2")
            llog(t, "WARNING", "worker", "labflow.alerts",
                 f"alert LabflowInitialReactiveRate firing: initial reactive rate {len(win_ir) / len(win_s):.2f} over 30m (threshold 0.02): SCR-2 {i2}/{s2}, SCR-1 {len(win_ir) - i2}/{s1}")
            fired = t
            break
        t += dt.timedelta(minutes=1)
    stats["alert"] = fired

    # ---- platelet pools waiting on held donations
    held = [(ti, d) for ti, a, d in ir_sorted if a == "SCR-2"]
    irrn_at = dict((d, ti) for ti, d in stats["irrn"])
    for p in range(0, len(held), 3):
        members = held[p:p + 3]
        pool = f"PP-260429-{70 + p // 3:03d}"
        ti, din = members[0]
        llog(ti + dt.timedelta(minutes=rng.uniform(2, 6)), "INFO", "worker", "labflow.pooling", f"platelet pool {pool} waiting: donation {din} held (IR)")
        if all(d in irrn_at for _, d in members):
            last = max(irrn_at[d] for _, d in members)
            llog(last + dt.timedelta(seconds=rng.uniform(20, 90)), "INFO", "worker", "labflow.pooling", f"platelet pool {pool} released (4 donations)")
    t = START + dt.timedelta(minutes=rng.uniform(3, 9))
    n = 11
    while t < END:
        llog(t, "INFO", "worker", "labflow.pooling", f"platelet pool PP-260429-{n:03d} released (4 donations)")
        n += 1
        t += dt.timedelta(minutes=rng.uniform(9, 15) if not (SCR2_FIRST < t < utc("2026-04-29 10:20:00")) else rng.uniform(14, 22))
    stats["held"] = held
    stats["ir_info"] = ir_info
    return [labflow, link, web, donorhub, stockline, jenkins, vendor, chat], stats


def side_logs(rng, logs, shas, stats):
    labflow, link, web, donorhub, stockline, jenkins, vendor, chat = logs

    # ---- lab-web (nginx in front of labflow's web UI)
    ws = ["10.61.8.11", "10.61.8.12", "10.61.8.14", "10.61.8.20", "10.61.8.23", "10.61.9.5"]
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36 Edg/135.0.0.0"

    def hit(t, method, path, status=200, size=None, client=None):
        if START <= t < END:
            web.add(t, nginx_access(t, client or rng.choice(ws), method, path, status, size or rng.randint(2400, 38000), rng.uniform(0.02, 0.3), ua,
                                    referer="https://labflow.crbs.local/", upstream_rt=rng.uniform(0.015, 0.28)))

    t = START
    while True:
        busy = SCR2_FIRST + dt.timedelta(minutes=8) < t < utc("2026-04-29 10:45:00")
        t += dt.timedelta(seconds=rng.expovariate((7 if busy else 3.5) / 60))
        if t >= END:
            break
        r = rng.random()
        if r < 0.35:
            hit(t, "GET", f"/validation/batches?analyser={rng.choice(['SCR-1', 'SCR-1', 'SCR-2', 'GRP-1'])}&status=open")
        elif r < 0.55:
            hit(t, "GET", f"/donations/G041726{rng.randint(117300, 119300):06d}")
        elif r < 0.68:
            hit(t, "GET", "/worklists/repeat")
        elif r < 0.78:
            hit(t, "GET", "/nat/runs?date=2026-04-29")
        elif r < 0.86:
            hit(t, "GET", "/analysers")
        elif r < 0.93:
            hit(t, "GET", "/api/dashboard/throughput", size=rng.randint(600, 900))
        else:
            hit(t, "GET", f"/pooling/platelets?date=2026-04-29", size=rng.randint(9000, 16000))
    for at, path in ((SCR2_ROUTINE, "/analysers/SCR-2/mode"), (SUSPEND, "/analysers/SCR-2/mode"), (VERIFY1 - dt.timedelta(minutes=2), "/analysers/SCR-2/mode"),
                     (SCR2_ROUTINE2, "/analysers/SCR-2/mode"), (QA_WITHDRAW, "/qa/deviations/QA-DEV-2026-044/withdraw-results")):
        hit(at - dt.timedelta(milliseconds=300), "POST", path, status=303, size=0, client="10.61.8.11" if "qa" not in path else "10.61.9.5")

    # ---- DonorHub: today's sessions (donations tested tomorrow)
    def dlog(t, template, level=None, **props):
        if START <= t < END:
            body = {"@t": iso7(t), "@mt": template}
            if level:
                body["@l"] = level
            body.update(props)
            donorhub.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    sessions = [("CRB-FX-0429", "Carrowmere Donor Centre", utc("2026-04-29 06:30:00"), 124110, 2.2),
                ("CRB-MS-0429-02", "Hexworth Methodist Church Hall", utc("2026-04-29 08:15:00"), 124310, 3.4),
                ("CRB-MS-0429-05", "Marsh Cross Leisure Centre", utc("2026-04-29 09:00:00"), 124480, 3.0)]
    for code, venue, opens, dinseq, gap in sessions:
        dlog(opens - dt.timedelta(minutes=12), "Session {SessionCode} opened at {Venue}: {Booked} booked, {Staff} staff", SessionCode=code, Venue=venue,
             Booked=rng.randint(38, 64), Staff=rng.randint(6, 11), SourceContext="DonorHub.Sessions.SessionService")
        t = opens
        s = dinseq
        while True:
            t += dt.timedelta(minutes=rng.expovariate(1 / gap))
            if t >= END:
                break
            did = f"D{rng.randint(1000000, 4999999)}"
            dlog(t, "Donor {DonorId} checked in at {SessionCode} ({Kind})", DonorId=did, SessionCode=code, Kind=rng.choice(["appointment", "appointment", "appointment", "walk-in"]),
                 SourceContext="DonorHub.Sessions.CheckIn")
            th = t + dt.timedelta(minutes=rng.uniform(6, 14))
            sex = rng.choice("FM")
            hb = int(rng.gauss(136 if sex == "F" else 150, 10))
            limit = 125 if sex == "F" else 135
            if hb < limit:
                dlog(th, "Haemoglobin {Hb} g/L for donor {DonorId} below {Limit}: deferred {Days} days", level="Warning", Hb=hb, DonorId=did, Limit=limit,
                     Days=rng.choice([90, 120]), SourceContext="DonorHub.Sessions.HealthCheck")
                continue
            dlog(th, "Haemoglobin {Hb} g/L for donor {DonorId}: pass", Hb=hb, DonorId=did, SourceContext="DonorHub.Sessions.HealthCheck")
            if rng.random() < 0.04:
                dlog(th + dt.timedelta(minutes=3), "Donation for donor {DonorId} not started: {Reason}", level="Warning", DonorId=did,
                     Reason=rng.choice(["venepuncture failed", "donor felt unwell", "medication deferral (antibiotics)"]), SourceContext="DonorHub.Sessions.Donation")
                continue
            s += 1
            vol = rng.randint(455, 478)
            dlog(th + dt.timedelta(minutes=rng.uniform(14, 22)), "Donation {Din} recorded for donor {DonorId} ({Procedure}, {VolumeMl} ml)", Din=f"G041726{s:06d}", DonorId=did,
                 Procedure="whole blood", VolumeMl=vol, SourceContext="DonorHub.Sessions.Donation")
        t = opens + dt.timedelta(minutes=rng.uniform(20, 30))
        while t < END:
            dlog(t, "Session {SessionCode} synced {Count} records", SessionCode=code, Count=rng.randint(4, 19), SourceContext="DonorHub.Sync.SessionSync")
            t += dt.timedelta(minutes=rng.uniform(14, 17))
    dlog(utc("2026-04-29 07:00:04"), "Reminder SMS batch {Batch} sent: {Count} donors", Batch="R-20260429-A", Count=1382, SourceContext="DonorHub.Reminders.SmsBatch")
    dlog(utc("2026-04-29 10:00:03"), "Reminder SMS batch {Batch} sent: {Count} donors", Batch="R-20260429-B", Count=617, SourceContext="DonorHub.Reminders.SmsBatch")
    t = START + dt.timedelta(minutes=rng.uniform(0, 10))
    while t < END:
        dlog(t, "Appointment slots published for {Days} days: {Slots} open", Days=28, Slots=rng.randint(5100, 5400), SourceContext="DonorHub.Appointments.Publisher")
        t += dt.timedelta(minutes=30)

    # ---- stockline: hospital orders (platelets short while pools wait)
    hospitals = ["RCH", "HGH", "SPH", "WVH", "MCH", "CCH", "NDH", "KTH"]
    groups = [("O_POS", 36), ("A_POS", 30), ("O_NEG", 9), ("B_POS", 8), ("A_NEG", 6), ("AB_POS", 3), ("B_NEG", 2)]

    def plt_avail(t, group):
        base = {"O_POS": 22, "A_POS": 18, "B_POS": 5, "AB_POS": 3, "O_NEG": 4, "A_NEG": 3, "B_NEG": 1}[group]
        m = (t - START).total_seconds() / 60
        dip = 0.0
        lo, hi = (SCR2_FIRST - START).total_seconds() / 60 + 60, (utc("2026-04-29 10:50:00") - START).total_seconds() / 60
        if lo <= m <= hi:
            dip = min(1.0, (m - lo) / 60) * 0.85
        elif m > hi:
            dip = max(0.0, 0.85 - (m - hi) / 30)
        return max(0, int(round(base * (1 - dip) + rng.uniform(-1.5, 1.5))))

    def slog(t, level, msg, **kv):
        if START <= t < END:
            stockline.add(t, logfmt(t, level, msg, **kv))

    t = START
    n = 101
    stats["short"] = []
    while True:
        rate = 0.35 if t < utc("2026-04-29 06:00:00") else 1.1
        t += dt.timedelta(minutes=rng.expovariate(rate))
        if t >= END:
            break
        order = f"HO-260429-{n:04d}"
        n += 1
        hosp = rng.choice(hospitals)
        prio = rng.choices(["routine", "urgent", "emergency"], [80, 17, 3])[0]
        lines = rng.randint(1, 4)
        slog(t, "info", "order received", order=order, hospital=hosp, priority=prio, lines=lines, channel=rng.choice(["portal", "portal", "edi"]))
        for k in range(lines):
            tl = t + dt.timedelta(milliseconds=40 + 25 * k)
            product = rng.choices(["RBC", "PLT", "FFP", "CRYO"], [60, 22, 14, 4])[0]
            group = rng.choices([g for g, _ in groups], [w for _, w in groups])[0]
            req = rng.choice([1, 2, 2, 4, 4, 6]) if product != "PLT" else rng.choice([1, 1, 2, 2, 3])
            if product == "PLT":
                avail = plt_avail(tl, group)
                alloc = min(req, avail)
                if alloc < req:
                    slog(tl, "warn", "order line short", order=order, hospital=hosp, product=product, group=group, requested=req, allocated=alloc, available=avail)
                    stats["short"].append((tl, hosp))
                    continue
            else:
                alloc = req
            slog(tl, "info", "order line allocated", order=order, product=product, group=group, requested=req, allocated=alloc)
        if prio == "emergency":
            slog(t + dt.timedelta(seconds=rng.uniform(60, 180)), "info", "dispatch booked", order=order, courier="blue-light", box=f"TB-{rng.randint(100, 999)}", eta_min=rng.randint(18, 40))
        elif rng.random() < 0.3:
            slog(t + dt.timedelta(minutes=rng.uniform(3, 12)), "info", "dispatch booked", order=order, courier=rng.choice(["van-north", "van-south", "van-east"]), box=f"TB-{rng.randint(100, 999)}", eta_min=rng.randint(45, 140))
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        for g in ("O_POS", "A_POS", "O_NEG"):
            slog(t, "info", "stock position", product="PLT", group=g, available=plt_avail(t, g), days_cover=f"{rng.uniform(1.1, 2.4):.1f}")
        slog(t, "info", "stock position", product="RBC", group="O_NEG", available=rng.randint(140, 170), days_cover=f"{rng.uniform(5.2, 6.4):.1f}")
        t += dt.timedelta(minutes=15)

    # ---- Jenkins
    def jlog(t, text):
        if START <= t < END:
            jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")

    for at, ver, who, sha, build in ((DEPLOY_480, "4.8.0", "Priya Nair", shas["rel480"], 212), (ROLLBACK, "4.7.0", "Priya Nair", shas["rel470"], 213),
                                     (DEPLOY_481, "4.8.1", "Tom Fairley", shas["rel481"], 214)):
        restart = {"4.8.0": RESTART_480, "4.7.0": RESTART_470, "4.8.1": RESTART_481}[ver]
        d = (restart - at).total_seconds()
        steps = [(0, f"Started by user {who}"), (0.4, "[Pipeline] Start of Pipeline"), (1.1, "[Pipeline] node"), (1.3, "Running on lab-build-02 in /var/lib/jenkins/workspace/labflow-deploy-prod"),
                 (2.0, f"+ git checkout {ver}"), (2.6, f"HEAD is now at {sha[:7]} release {ver}"), (3.0, "+ python -m build --wheel"),
                 (d * 0.55, f"Successfully built labflow-{ver}-py3-none-any.whl"),
                 (d * 0.57, f"+ ansible-playbook -i deploy/ansible/prod deploy/ansible/deploy.yml -e version={ver}"), (d * 0.6, "PLAY [lab_app] *****************************************************************"),
                 (d * 0.65, "TASK [labflow : install wheel labflow-" + ver + "-py3-none-any.whl] *****************"), (d * 0.93, "changed: [lab-app-01]"),
                 (d * 0.95, "TASK [labflow : restart labflow-link and labflow-worker] ******************"), (None, "changed: [lab-app-01] => (item=labflow-link)"),
                 (None, "changed: [lab-app-01] => (item=labflow-worker)"), (None, "PLAY RECAP *********************************************************************"),
                 (None, "lab-app-01                 : ok=4    changed=2    unreachable=0    failed=0    skipped=0"), (None, "Finished: SUCCESS")]
        jlog(at - dt.timedelta(seconds=1), f"labflow-deploy-prod #{build} VERSION={ver}")
        last = at
        for off, text in steps:
            when = at + dt.timedelta(seconds=off) if off is not None else max(last, restart) + dt.timedelta(seconds=rng.uniform(0.5, 2.0))
            last = when
            jlog(when, text)
    # CI on main
    for at, sha, title in ((utc("2026-04-29 09:00:10"), shas["fix"], "sco: accept SCR-2's decimal comma again"), (utc("2026-04-29 09:18:40"), shas["rel481"], "release 4.8.1")):
        jlog(at, f"labflow-ci #{1187 if sha == shas['fix'] else 1188} main {sha[:7]} ({title})")
        jlog(at + dt.timedelta(seconds=41), "+ pytest -q")
        jlog(at + dt.timedelta(seconds=52), f"{61 if sha == shas['fix'] else 61} passed in 9.84s")
        jlog(at + dt.timedelta(seconds=53), "Finished: SUCCESS")

    # ---- Corvane service portal (case export)
    def case(t, cid, status, actor, note, instrument="CS9-20417"):
        if START <= t < END:
            vendor.add(t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "case": cid, "instrument": instrument, "site": "CRBS Carrowmere Blood Centre",
                                      "status": status, "actor": actor, "note": note}, ensure_ascii=False))

    case(utc("2026-04-29 05:02:00"), "SR-118204", "Closed", "system", "Preventive maintenance PM-12 completed 2026-04-28 16:05 UTC; workstation software 4.2.1 -> 4.3.0; optics and pipettor verified; customer verification pending.")
    case(utc("2026-04-29 06:37:40"), "SR-118204", "Closed", "j.okafor", "Customer verification panel passed on the instrument; instrument returned to routine.")
    case(utc("2026-04-29 07:48:30"), "SR-118377", "Open", "j.okafor", "P1: since return to routine, nearly all results in our LIS are initially reactive (HBsAg, HCV, HIV, HTLV, TP) at S/CO 8-65. Instrument suspended in LIS.")
    case(utc("2026-04-29 07:55:10"), "SR-118377", "Assigned", "s.vogt", "Remote session requested.")
    case(utc("2026-04-29 08:05:20"), "SR-118377", "In progress", "s.vogt", f"Remote session: QC lots 2604A/2604B in range on all five assays; results on the instrument for the affected samples are non-reactive (e.g. HBsAg {stats['first_raw']}). No instrument fault found. Please check LIS interpretation.")
    case(utc("2026-04-29 08:52:40"), "SR-118377", "Pending customer", "s.vogt", "Customer reports LIS parses the workstation's decimal comma incorrectly since an LIS update. Regional settings unchanged by PM-12 (de-DE since installation).")
    case(utc("2026-04-29 10:03:00"), "SR-118377", "Closed", "j.okafor", "Resolved by LIS fix LAB-526; instrument back in routine. No instrument fault.")
    case(utc("2026-04-29 09:12:00"), "SR-118391", "Open", "a.rahman", "Reagent pack low warning on SCR-1 anti-TP, next delivery requested.", instrument="CS9-11862")

    # ---- #lab-systems (Teams export)
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        if START <= t < END:
            chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "lab-systems",
                                    "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    alert = stats["alert"]

    def shown(raw, parse):
        v, q = parse(raw)
        return f"{q}{v:.2f}"

    first_raw = stats["first_raw"]
    v1 = dict(stats["verify"][VERIFY1][0])
    v2 = dict(stats["verify"][VERIFY2][0])
    short_h = {}
    for tl, h in stats["short"]:
        if tl > SCR2_FIRST:
            short_h[h] = short_h.get(h, 0) + 1
    top = sorted(short_h, key=lambda h: (-short_h[h], h))[:2]
    say(utc("2026-04-29 05:31:00"), "Priya Nair", "Deploying labflow 4.8.0 at 06:45: LAB-515, LAB-517 (HIV/HBsAg/HCV repeats first), LAB-519 (IR rate alert), LAB-520 (raw value in the log), psycopg.")
    say(RESTART_480 + dt.timedelta(minutes=2), "Priya Nair", "4.8.0 running, links reconnected.")
    say(SCR2_ROUTINE - dt.timedelta(minutes=1), "Joanne Okafor", "SCR-2 verification panel passed on the analyser after Corvane's PM, putting it back into routine now. Both CS-9s running this morning, Tuesday's sessions were big.")
    say(REPEAT_ON_SCR2 - dt.timedelta(seconds=40), "Aisha Rahman", "Lots of IRs from SCR-2's first rack. Loading the first repeats on SCR-2 STAT.")
    if alert:
        say(alert + dt.timedelta(seconds=20), "Grafana", "[FIRING] LabflowInitialReactiveRate: initial reactive rate above 0.02 over 30m")
    say(stats["rr"][-1][0] + dt.timedelta(seconds=25), "Aisha Rahman", "Repeats on SCR-2 are reactive too, both replicates. Five donations repeat reactive, that cannot be right. Every marker, S/CO 8 to 65.")
    say(SUSPEND + dt.timedelta(seconds=40), "Joanne Okafor", "SCR-2 suspended in labflow. Runbook: after a PM it's the analyser. Repeats and reruns to SCR-1, I'm opening a P1 with Corvane.")
    say(SUSPEND + dt.timedelta(minutes=6), "Priya Nair", "4.8.0 went out at 06:48 and LAB-520 touched the importer, LAB-517 the repeats. Looking at the diff, but the IRs are only on SCR-2 and SCR-1 is clean.")
    say(utc("2026-04-29 07:57:30"), "Mark Ellery", "QA here. Five RR donors were deferred in DonorHub automatically. Nobody contacts them until we know. Raising QA-DEV-2026-044.")
    say(utc("2026-04-29 08:06:40"), "Joanne Okafor", f"Corvane remote session: QC in range, and on the analyser screen the samples are non-reactive, HBsAg {first_raw} for the first one. labflow shows {shown(first_raw, culprit_parse)} for the same sample.")
    say(utc("2026-04-29 08:11:20"), "Priya Nair", "Then it's labflow. Runbook says roll the release back, rolling back to 4.7.0.")
    say(RESTART_470 + dt.timedelta(minutes=1), "Priya Nair", "4.7.0 running.")
    say(VERIFY1 + dt.timedelta(minutes=2), "Joanne Okafor", f"Re-sent four SCR-2 results in VERIFY mode on 4.7.0: HBsAg {shown(v1['HBSAG'], culprit_parse)}, anti-HCV {shown(v1['AHCV'], culprit_parse)}, HIV {shown(v1['HIVAGAB'], culprit_parse)} for the first. Same as before.")
    say(utc("2026-04-29 08:40:30"), "Tom Fairley", f"astm-link.log: SCR-2 sends R|1|^^^HBSAG|{v1['HBSAG']}|S/CO, with a comma. SCR-1 sends a point. My LAB-512 in 4.7.0 strips everything but digits and the point, so {v1['HBSAG']} becomes {v1['HBSAG'].replace(',', '')} = {shown(v1['HBSAG'], culprit_parse)}. The old code replaced the comma (LAB-188). SCR-2 was in PM when 4.7.0 went out on Monday.")
    say(utc("2026-04-29 08:44:00"), "Gareth Lloyd", "Link log from last week has SCR-2 with commas too, before the PM and the 4.3.0 upgrade. So not Corvane.")
    say(utc("2026-04-29 08:59:30"), "Tom Fairley", "LAB-526: accept the comma again and refuse anything that is not a number. Tests with SCR-2's values. Review please.")
    say(DEPLOY_481 - dt.timedelta(minutes=2), "Priya Nair", "Approved. Deploying 4.8.1 (QA change CC-2026-117 approved by Mark).")
    say(VERIFY2 + dt.timedelta(minutes=2), "Joanne Okafor", f"VERIFY re-send on 4.8.1: HBsAg {shown(v2['HBSAG'], fixed_parse)}, anti-HCV {shown(v2['AHCV'], fixed_parse)}, HIV {shown(v2['HIVAGAB'], fixed_parse)}, all non-reactive, same as the analyser.")
    say(SCR2_ROUTINE2 + dt.timedelta(seconds=30), "Joanne Okafor", f"SCR-2 back in routine. {stats['not_imported']} samples not imported while suspended go back on SCR-2.")
    say(QA_WITHDRAW + dt.timedelta(minutes=1), "Mark Ellery", "Withdrew the five RR results from SCR-2 under QA-DEV-2026-044, deferrals withdrawn in DonorHub, repeats on SCR-1. The other IRs from SCR-2 are being repeated on SCR-1, IRRN so far.")
    say(utc("2026-04-29 10:48:00"), "Dan Whitcombe", f"Stockline: platelet order lines short for most hospitals since about 09:45, {top[0]} and {top[1]} worst (pools waiting on held donations). Pools coming through now, topping up with the 12:00 vans.")
    say(utc("2026-04-29 11:05:00"), "Gareth Lloyd", "Runbook updated: compare the analyser's own value with labflow's before suspending it.")


def build(out_dir):
    rng = random.Random(75100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        ir_scr2 = sorted(ti for ti, a, _ in stats["ir"] if a == "SCR-2")
        stats["ir_scr2"] = ir_scr2
        first_din = [d for ti, a, d in sorted(stats["ir"]) if a == "SCR-2"][0]
        stats["first_raw"] = stats["ir_info"][first_din]["raw"]["HBSAG"]
        side_logs(random.Random(75101), logs, shas, stats)
        onset = ir_scr2[0].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        assert SCR2_FIRST <= ir_scr2[0] < SCR2_FIRST + dt.timedelta(minutes=2), ir_scr2[0]
        assert [ti for ti, a, _ in stats["ir"] if a == "SCR-1" and ti > START] and all(ti < onset for ti, a, _ in stats["ir"] if a == "SCR-1")
        assert stats["rr"] and stats["alert"] and stats["alert"] < SUSPEND
        assert not [ti for ti in ir_scr2 if ti > RESTART_481], "IR after the fix"
        events = stats["events"]
        genuine = [ti for ti, a, _ in sorted(stats["ir"]) if a == "SCR-1"][0]

        def per5(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=5) < at <= t)
            return fn

        metrics = {"labflow_screening_results_per_5m.json": query_range(
            [({"job": "labflow", "analyser": a, "outcome": o}, per5(f"{k}:{a}")) for a in ("SCR-1", "SCR-2") for o, k in (("screened", "screened"), ("initial_reactive", "ir"))],
            START, END, 60)}
        return write_scenario(
            out_dir, name="r75-sco-decimal-comma", service=SERVICE, onset=onset,
            description=f"""
The Carrowmere Regional Blood Service's testing laboratory finds nearly
every donation tested on its second screening analyser initially reactive
on Wednesday 29 April: from {onset.strftime('%H:%M:%S')} UTC labflow holds donation after
donation from SCR-2 with S/CO values of 8-65 on four or five markers,
repeats loaded on SCR-2 come back reactive and five donors are deferred.
SCR-2 had come back into routine at 06:40 after its annual preventive
maintenance; labflow 4.8.0 had been deployed at 05:48 and was rolled back
to 4.7.0 at 08:17 without effect. labflow 4.8.1 was deployed at 09:22.
""",
            logs=logs,
            line_formats={
                "labflow.log": r'<Date> <Time> <Level>\s+\[<Component>\] <Logger>: <Content>',
                "astm-link.log": r'<Date> <Time> <Analyser> <Direction> <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'result imported .*-> REACTIVE',
                        r'INITIAL REACTIVE on'],
            fix_files=["labflow/results/sco.py", "tests/test_sco.py"],
            explanation=f"""
The culprit is LAB-512 "results: S/CO as Decimal, qualifiers kept"
({shas['culprit'][:7]}, Monday 27 April 10:42 UTC, {hours:.1f} h before the onset), released
as 4.7.0 and deployed that afternoon. It rewrites parse_sco in
labflow/results/sco.py to strip every character but digits and the point
before Decimal(), dropping LAB-188's replace of the decimal comma. SCR-2's
workstation sends S/CO with a comma ("0,27"), so "0,27" becomes 027 = 27,
above the 1.00 cut-off: every SCR-2 result but a "0,00" is reactive
("result imported ... raw='0,27' s_co=27.00 -> REACTIVE"; "INITIAL
REACTIVE on SCR-2"), while SCR-1, which sends a point, is unaffected.
SCR-2 was out for its preventive maintenance when 4.7.0 was deployed and
came back into routine on Wednesday at 06:40; its first results reached
labflow at {onset.strftime('%H:%M')}. The fix (LAB-526, 4.8.1) accepts the comma again and
refuses anything that is not a number.
Decoys: 4.8.0, deployed {round((onset - DEPLOY_480).total_seconds() / 60)} minutes before the onset (LAB-520, which
adds the very "result imported" line; LAB-517 in the repeat logic; LAB-519,
the IR rate alert that fires; LAB-515, __str__ in the culprit's file; a
psycopg bump); the rollback to 4.7.0, which holds the culprit, without
effect; Tuesday's runbook commit that reads a reactive wave from one
analyser as the analyser after a maintenance, calibration or lot change
and says to roll back after a release; SCR-2's preventive maintenance and
workstation software upgrade 4.3.0; a genuine lone anti-HCV IR on SCR-1
at {genuine.strftime('%H:%M')} (IRRN); an anti-TP reagent warning on SCR-1.
""",
        )
    finally:
        repo.close()
