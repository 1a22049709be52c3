"""packline (Python 3.12, FastAPI; three pods on EKS in eu-west-2, synced
by Argo CD from `main`; team in Manchester, Lagos and Kraków) of Pillwise,
an online pharmacy that dispenses NHS and private prescriptions from a
warehouse in Warrington. Prescriptions come from the national exchange
(erx-intake downloads them for the pharmacy's nominated patients), a
pharmacist clinically checks each one in the verification queue
(pv-queue), two pick-and-pack robots output the packs to fourteen pack
benches, and packline runs the benches: the packer scans each pack's GS1
DataMatrix (GTIN, expiry, batch, serial), packline checks it against the
prescription's items and the course length, prints the courier label
(DPD's label API) and tells erx-intake to send the dispense notification.

Tuesday 17 February, 15:22 UTC: PACK-318 rewrites the GS1 element-string
parser as a table of application identifiers (so AI 11, production date,
and AI 7003, expiry date and time, can be added) and parses every date
with `datetime.strptime(value, "%y%m%d")`, "which rejects impossible
dates such as the 261341 a smudged scan produced in January". The old
helper's branch for day 00 goes with it: in GS1, a YYMMDD date with DD =
00 means the last day of that month, and some manufacturers print their
expiry that way. The tests cover 261130 and 261341. 3.8.0 ships it on
Wednesday at 07:10; the packs in the robots then all carry full dates
(the last day-00 batch, a sertraline from Milpharm, had sold out on
Monday), so nothing shows for two days.

Friday 20 February: the wholesaler's 06:05 delivery is loaded into the
robots from 06:31 (new batches of sertraline, amlodipine, omeprazole and
atorvastatin whose packs print expiry 2708 00, 2801 00, ...). The robots
pick first-expiry-first-out, so each product's new batch is only picked
once its older stock runs out: sertraline's at 07:3x, then the others
through the morning. From then on every such pack fails at the bench:
packline logs "could not parse GS1 element string" with the traceback
ending in `ValueError: time data '270800' does not match format
'%y%m%d'`, the bench shows "Pack not recognised - set aside", the order
is held and goes to the pharmacists' exception queue, and fewer labels
are printed. At 06:42 Argo CD had synced 3.9.0 (PACK-327 strips the
`]d2` symbology prefix of the new Zebra scanners in the very parser;
PACK-324, Thursday, adds the very "pack scan rejected" warning; PACK-326
moves DPD's cut-off; a pydantic bump).

The on-call reads the runbook (Thursday's commit: rejections after a
wholesaler delivery are damaged or suspect packs; quarantine the batch;
after a deploy, roll back), rolls back to 3.8.0 at 08:12 (the warning
goes, the tracebacks stay) and quality quarantines two batches in the
robots at 08:31, which only moves the failures to the next product. Ola
(PACK-318's author) sees that every rejected value ends in 00, the GS1
spec says why, and PACK-329 restores the day-00 rule (3.9.1 at 09:52);
quality lifts the quarantine and the set-aside packs are rescanned.

Sources: packline (Python logging with the bench, line format, with
tracebacks), the robots' controller log (the vendor's own format, line
format), erx-intake (logfmt), pv-queue (pino JSON), Argo CD (logfmt),
#warehouse-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, pino
from skeletons import chores, runbook

SERVICE = "packline"
START, END = utc("2026-02-20 06:00:00"), utc("2026-02-20 11:40:00")
DELIVERY = utc("2026-02-20 06:05:00")
LOAD_START = utc("2026-02-20 06:31:00")
RELEASE = utc("2026-02-20 06:42:10")
SHIFT = utc("2026-02-20 07:00:00")
ROLLBACK = utc("2026-02-20 08:12:20")
QUARANTINE = utc("2026-02-20 08:31:00")
FIX_DEPLOY = utc("2026-02-20 09:52:30")
UNBLOCK = utc("2026-02-20 10:01:00")
RESCAN = utc("2026-02-20 10:06:00")

# name, GTIN, manufacturer, weight (orders share), old batch (batch, expiry YYMMDD), new batch or None, old stock runs out at
PRODUCTS = [
    ("Sertraline 50mg tablets x28", "05017007023913", "Milpharm", 7, ("SR24117", "270531"), ("MP25C08", "270800"), utc("2026-02-20 07:29:40")),
    ("Amlodipine 5mg tablets x28", "05012617019284", "Zentiva", 8, ("ZA4412", "271130"), ("ZA5107", "280100"), utc("2026-02-20 07:56:10")),
    ("Omeprazole 20mg gastro-resistant capsules x28", "05016695029717", "Teva", 7, ("T41188K", "270430"), ("T50261K", "271000"), utc("2026-02-20 08:18:30")),
    ("Atorvastatin 20mg tablets x28", "05012727831046", "Accord", 8, ("AC4W771", "280228"), ("AC5B203", "280300"), utc("2026-02-20 08:49:00")),
    ("Levothyroxine 50microgram tablets x28", "05017007025535", "Mercury", 6, ("L24883", "270731"), None, None),
    ("Metformin 500mg tablets x28", "05012617016412", "Bristol", 7, ("BM25012", "280131"), None, None),
    ("Ramipril 5mg capsules x28", "05014438000318", "Aurobindo", 5, ("AU7716", "271231"), None, None),
    ("Salbutamol 100micrograms inhaler", "05000456019187", "GSK", 6, ("8K4P", "270630"), None, None),
    ("Lansoprazole 30mg capsules x28", "05016695035107", "Teva", 4, ("T41702L", "270930"), None, None),
    ("Citalopram 20mg tablets x28", "05012617028514", "Zentiva", 4, ("ZC3390", "271031"), None, None),
    ("Bisoprolol 2.5mg tablets x28", "05017007027614", "Accord", 4, ("AC4B615", "280331"), None, None),
    ("Mirtazapine 15mg tablets x28", "05014438003913", "Aurobindo", 2, ("AU8120", "270228"), None, None),
    ("Propranolol 10mg tablets x28", "05012727835129", "Accord", 3, ("AC4P308", "271130"), None, None),
    ("Sildenafil 50mg tablets x4", "05016695020127", "Teva", 3, ("T40919S", "270831"), None, None),
    ("Norethisterone 5mg tablets x30", "05000283612402", "Aspire", 2, ("NS2201", "270131"), None, None),
    ("Fexofenadine 120mg tablets x30", "05012617033709", "Zentiva", 2, ("ZF2918", "271231"), None, None),
]
QUARANTINED = {"MP25C08", "ZA5107"}

BENCHES = [f"bench-{n:02d}" for n in range(1, 15)]
PACKERS = ["jkowalczyk", "amoss", "tokafor", "lwhitfield", "bnowak", "sahmed", "cdavies", "mlis", "rhughes", "eosei", "pgrant", "kwozniak", "hbrennan", "dpatel"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "packline"
version = "3.7.2"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.115.6",
  "uvicorn==0.34.0",
  "httpx==0.28.1",
  "pydantic==2.10.4",
  "sqlalchemy==2.0.36",
  "psycopg==3.2.3",
  "pyyaml==6.0.2",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "respx==0.22.0"]
"""

GS1_V1 = '''"""GS1 element strings as the bench scanners read them from a pack's
DataMatrix: (01) GTIN, (17) expiry, (10) batch, (21) serial, with FNC1
(GS, \\x1d) after the variable-length fields."""

import calendar
import datetime as dt

GS = "\\x1d"
FIXED = {"01": 14, "17": 6}
VARIABLE = {"10": 20, "21": 20}


class Pack:
    def __init__(self, gtin, expiry, batch, serial):
        self.gtin, self.expiry, self.batch, self.serial = gtin, expiry, batch, serial


def parse(element_string):
    fields, i = {}, 0
    s = element_string
    while i < len(s):
        ai = s[i:i + 2]
        i += 2
        if ai in FIXED:
            fields[ai] = s[i:i + FIXED[ai]]
            i += FIXED[ai]
        elif ai in VARIABLE:
            end = s.find(GS, i)
            end = len(s) if end < 0 else end
            fields[ai] = s[i:end]
            i = end + 1
        else:
            raise ValueError(f"unknown application identifier {ai!r}")
    return Pack(fields["01"], _date(fields["17"]), fields.get("10"), fields.get("21"))


def _date(value):
    """YYMMDD. DD 00 means the last day of the month (GS1 General
    Specifications 7.12); manufacturers print expiry dates that way."""
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    if dd == 0:
        dd = calendar.monthrange(2000 + yy, mm)[1]
    return dt.date(2000 + yy, mm, dd)
'''

GS1_V2 = '''"""GS1 element strings as the bench scanners read them from a pack's
DataMatrix: (01) GTIN, (17) expiry, (11) production date, (7003) expiry
date and time, (10) batch, (21) serial, with FNC1 (GS, \\x1d) after the
variable-length fields."""

import datetime as dt

GS = "\\x1d"

# AI -> (length or None for variable, max length, kind)
AIS = {
    "01": (14, 14, "n"),
    "11": (6, 6, "date"),
    "17": (6, 6, "date"),
    "7003": (10, 10, "datetime"),
    "10": (None, 20, "x"),
    "21": (None, 20, "x"),
}
FORMATS = {"date": "%y%m%d", "datetime": "%y%m%d%H%M"}


class Pack:
    def __init__(self, gtin, expiry, batch, serial, produced=None):
        self.gtin, self.expiry, self.batch, self.serial, self.produced = gtin, expiry, batch, serial, produced


def _ai_at(s, i):
    for ai in sorted(AIS, key=len, reverse=True):
        if s.startswith(ai, i):
            return ai
    raise ValueError(f"unknown application identifier {s[i:i + 2]!r}")


def parse(element_string):
    fields, i = {}, 0
    s = element_string
    while i < len(s):
        ai = _ai_at(s, i)
        i += len(ai)
        length, max_len, kind = AIS[ai]
        if length:
            raw, i = s[i:i + length], i + length
        else:
            end = s.find(GS, i)
            end = len(s) if end < 0 else end
            raw, i = s[i:end][:max_len], end + 1
        # strptime rejects impossible dates (January's smudged scan read 261341)
        fields[ai] = dt.datetime.strptime(raw, FORMATS[kind]) if kind in FORMATS else raw
    expiry = fields["17"].date() if "17" in fields else fields["7003"].date()
    produced = fields["11"].date() if "11" in fields else None
    return Pack(fields["01"], expiry, fields.get("10"), fields.get("21"), produced)
'''

BENCH_V1 = '''"""A bench session: the packer scans the order's tote, then each pack."""

import logging

from packline import gs1, labels

log = logging.getLogger("packline.bench")


def scan(session, element_string):
    try:
        pack = gs1.parse(element_string)
    except ValueError:
        log.exception("could not parse GS1 element string from scanner: %s", mask(element_string))
        return session.reply("Pack not recognised - set aside", hold="pack_scan_rejected")
    item = session.order.match(pack.gtin)
    if item is None:
        log.warning("pack does not match order order=%s gtin=%s", session.order.id, pack.gtin)
        return session.reply("Wrong pack for this order")
    if pack.expiry < session.order.min_expiry(item):
        log.warning("pack expires too soon order=%s gtin=%s expiry=%s", session.order.id, pack.gtin, pack.expiry)
        return session.reply("Expiry too short - swap pack")
    log.info("pack scanned order=%s gtin=%s batch=%s expiry=%s match=ok", session.order.id, pack.gtin, pack.batch, pack.expiry)
    session.add(item, pack)
    if session.complete():
        labels.print_for(session)


def mask(s):
    """Serials are unique per pack; keep the first and last two characters."""
    return s if len(s) < 40 else s[:30] + "..." + s[-2:]
'''

LABELS_V1 = '''"""Courier labels: DPD's shipping API, one shipment per parcel."""

import logging

import httpx

log = logging.getLogger("packline.labels")


def print_for(session):
    cfg = session.couriers["dpd"]
    r = httpx.post(cfg["url"] + "/shipping/shipment", json=session.shipment(), timeout=cfg["timeout_s"])
    r.raise_for_status()
    consignment = r.json()["data"]["consignmentDetail"][0]
    log.info("label created order=%s carrier=dpd service=%s consignment=%s took=%dms",
             session.order.id, cfg["service"], consignment["consignmentNumber"], r.elapsed.total_seconds() * 1000)
    session.printer.send(consignment["label"])
    session.done()
'''

COURIERS = """dpd:
  url: https://api.dpd.co.uk
  service: next-day
  timeout_s: 10
  cutoff: "17:00"
royal-mail:
  url: https://api.parcel.royalmail.com/api/v1
  service: tracked-24
  timeout_s: 10
  cutoff: "16:30"
"""

RUNBOOK_ALERTS = [
    ("PacklineHoldsHigh", "More than 20 orders an hour held at the benches. Look at the bench lines in Grafana Loki (`{app=\"packline\"}`) and at the pharmacists' exception queue."),
    ("DpdLabelErrors", "DPD's label API answers 5xx or times out. Labels are retried by the bench; check https://status.dpd.co.uk and switch benches to Royal Mail if it lasts."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    ola = Person("Ola Bankole", "ola.bankole@pillwise.co.uk", 60)
    ravi = Person("Ravi Chauhan", "ravi.chauhan@pillwise.co.uk", 0)
    marta = Person("Marta Zielińska", "marta.zielinska@pillwise.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "packline/__init__.py": "",
        "packline/main.py": 'import logging.config\nimport os\n\nfrom fastapi import FastAPI\n\nfrom packline import routes\n\nlogging.config.fileConfig(os.environ.get("LOGGING_CONFIG", "config/logging.ini"))\nlog = logging.getLogger("packline.main")\napp = FastAPI()\napp.include_router(routes.router)\nlog.info("packline starting version=%s commit=%s", os.environ.get("VERSION", "dev"), os.environ.get("COMMIT", "none"))\n',
        "packline/routes.py": '"""Bench terminals call these: open a tote, scan a pack, close."""\n\nfrom fastapi import APIRouter\n\nfrom packline import bench\n\nrouter = APIRouter()\n\n\n@router.post("/benches/{bench_id}/scan")\ndef scan(bench_id: str, body: dict):\n    return bench.scan(bench.session(bench_id), body["data"])\n',
        "packline/gs1.py": GS1_V1,
        "packline/bench.py": BENCH_V1,
        "packline/labels.py": LABELS_V1,
        "packline/orders.py": '"""An order as packline sees it: the prescription items and how many days\nthey must last (min expiry = dispensed + course + 28 days)."""\n\nimport datetime as dt\n\n\nclass Order:\n    def __init__(self, id, items, course_days):\n        self.id, self.items, self.course_days = id, items, course_days\n\n    def match(self, gtin):\n        return next((i for i in self.items if gtin in i.gtins and not i.done), None)\n\n    def min_expiry(self, item):\n        return dt.date.today() + dt.timedelta(days=self.course_days + 28)\n',
        "config/couriers.yaml": COURIERS,
        "config/logging.ini": "[loggers]\nkeys=root\n\n[handlers]\nkeys=stdout\n\n[formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=stdout\n\n[handler_stdout]\nclass=StreamHandler\nformatter=plain\nargs=(sys.stdout,)\n\n[formatter_plain]\nformat=%(asctime)s %(levelname)s [%(name)s] [%(bench)s] %(message)s\n",
        "tests/test_gs1.py": 'import datetime as dt\n\nfrom packline.gs1 import parse\n\n\ndef test_pack():\n    p = parse("0105012617019284172611301" + "0ZA4412\\x1d21" + "8N3KQ2V7XW")\n    assert p.gtin == "05012617019284"\n    assert p.expiry == dt.date(2026, 11, 30)\n',
        "tests/test_bench.py": 'from packline.bench import mask\n\n\ndef test_mask_long():\n    assert mask("x" * 50).endswith("...xx")\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"uvicorn\", \"packline.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]\n",
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: packline\n  namespace: fulfilment\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: packline\n          image: 318274496210.dkr.ecr.eu-west-2.amazonaws.com/packline\n          envFrom:\n            - secretRef: { name: dpd-api }\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": "# packline\n\nThe pack benches of the Warrington warehouse: scan a tote, scan each pack\n(GS1 DataMatrix), check it against the prescription, print the courier\nlabel and report the dispense to erx-intake.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-11 10:00:00"), ravi, "packline: benches, GS1 scan checks and DPD labels", files)
    crng = random.Random(64103)
    repo.schedule(chores(crng, SERVICE, [ravi, marta], utc("2026-02-11 11:00:00"), utc("2026-02-12 17:00:00"), 2)
                  + chores(crng, SERVICE, [marta, ola], utc("2026-02-16 09:00:00"), utc("2026-02-18 12:00:00"), 1))
    repo.commit(utc("2026-02-16 06:40:00"), bot, "chore(deps): update dependency fastapi to v0.115.8", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"fastapi==0.115.6"', '"fastapi==0.115.8"'),
    })
    repo.commit(utc("2026-02-16 14:30:00"), marta, "labels: retry DPD 429 and 503 twice with backoff (PACK-315)", {
        "packline/labels.py": sub(repo.files["packline/labels.py"],
                                  '    r = httpx.post(cfg["url"] + "/shipping/shipment", json=session.shipment(), timeout=cfg["timeout_s"])\n',
                                  '    for attempt in range(3):\n        r = httpx.post(cfg["url"] + "/shipping/shipment", json=session.shipment(), timeout=cfg["timeout_s"])\n        if r.status_code not in (429, 503) or attempt == 2:\n            break\n        log.warning("dpd answered %d, retrying in %.1fs order=%s", r.status_code, 1.5 * (attempt + 1), session.order.id)\n        time.sleep(1.5 * (attempt + 1))\n',
                                  "import logging\n", "import logging\nimport time\n"),
    })
    culprit = repo.commit(utc("2026-02-17 15:22:00"), ola, "gs1: table of application identifiers, strptime for dates (PACK-318)\n\nAdds AI 11 (production date) and AI 7003 (expiry date and time), which\nthe new Zentiva and Teva packs carry, and parses dates with strptime so\nthat impossible dates are rejected at the bench: in January a smudged\nscan read 261341 and the order went out with expiry 2027-02-10.", {
        "packline/gs1.py": GS1_V2,
        "tests/test_gs1.py": repo.files["tests/test_gs1.py"] + '\n\ndef test_impossible_date_rejected():\n    import pytest\n\n    with pytest.raises(ValueError):\n        parse("01050126170192841726134110ZA4412")\n\n\ndef test_production_date_and_7003():\n    p = parse("010501669502971711260105700328013123591" + "0T50261K")\n    assert p.produced == dt.date(2026, 1, 5)\n    assert p.expiry == dt.date(2028, 1, 31)\n',
    })
    repo.commit(utc("2026-02-17 17:05:00"), ola, "docs: GS1 DataMatrix on medicine packs", {
        "docs/gs1.md": "# GS1 DataMatrix on packs\n\nEvery prescription-only pack carries a GS1 DataMatrix with:\n\n| AI | field | format |\n|---|---|---|\n| 01 | GTIN | 14 digits |\n| 17 | expiry | YYMMDD |\n| 10 | batch | up to 20, FNC1 after |\n| 21 | serial | up to 20, FNC1 after |\n\nSome packs also have 11 (production date, YYMMDD) or 7003 (expiry with\ntime, YYMMDDHHMM). `packline.gs1.parse` turns the string into a `Pack`;\nan element string that does not parse is set aside at the bench.\n",
    })
    rel38 = repo.commit(utc("2026-02-18 06:50:00"), ravi, "release 3.8.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.7.2"', 'version = "3.8.0"'),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 3.8.0\n\n- PACK-318 GS1 parser: AIs 11 and 7003, strict dates\n- PACK-315 DPD retries\n",
    })
    repo.commit(utc("2026-02-19 10:40:00"), marta, "bench: log rejected scans with the order and the reason (PACK-324)\n\nQuality asked how many packs are set aside per day and why; the bench\nscreen said it but nothing was logged apart from parse errors.", {
        "packline/bench.py": sub(repo.files["packline/bench.py"],
                                 '        log.exception("could not parse GS1 element string from scanner: %s", mask(element_string))\n',
                                 '        log.exception("could not parse GS1 element string from scanner: %s", mask(element_string))\n        log.warning("pack scan rejected order=%s tote=%s reason=unparseable_element_string: set aside for pharmacist", session.order.id, session.tote)\n'),
    })
    repo.commit(utc("2026-02-19 14:15:00"), ravi, "runbook: packs set aside at the benches", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Packs set aside at the benches\n\nA wave of rejected scans right after the wholesaler's delivery is almost\nalways damaged or misprinted packs, or a suspect batch: ask quality to\nquarantine the batch in the robots (robot console > Stock > Block batch)\nand report it to the MHRA if the packs look tampered with. If it starts\nright after a packline deploy, roll back in Argo CD first.\n",
    })
    repo.commit(utc("2026-02-19 16:30:00"), marta, "couriers: DPD next-day collection moves to 17:30 (PACK-326)", {
        "config/couriers.yaml": sub(repo.files["config/couriers.yaml"], '  cutoff: "17:00"', '  cutoff: "17:30"'),
    })
    repo.commit(utc("2026-02-20 05:50:00"), bot, "chore(deps): update dependency pydantic to v2.10.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pydantic==2.10.4"', '"pydantic==2.10.6"'),
    })
    repo.commit(utc("2026-02-20 06:18:00"), ravi, "gs1: strip the ]d2 symbology identifier (PACK-327)\n\nThe new Zebra DS8178 scanners on benches 11-14 prefix ]d2 to every\nDataMatrix read; the old ones were set not to.", {
        "packline/gs1.py": sub(repo.files["packline/gs1.py"],
                               "    fields, i = {}, 0\n    s = element_string\n",
                               "    fields, i = {}, 0\n    s = element_string[3:] if element_string.startswith(\"]d2\") else element_string\n"),
    })
    head = repo.commit(utc("2026-02-20 06:31:00"), ravi, "release 3.9.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.8.0"', 'version = "3.9.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.9.0\n\n- PACK-324 log rejected scans\n- PACK-326 DPD cut-off 17:30\n- PACK-327 ]d2 prefix of the Zebra scanners\n",
    })
    fix = repo.commit(utc("2026-02-20 09:36:00"), ola, "gs1: day 00 is the last day of the month (PACK-329)\n\nGS1 General Specifications 7.12: in a YYMMDD date, DD 00 means the\nmonth's last day, and Milpharm, Zentiva, Teva and Accord print expiry\nthat way. PACK-318 dropped the old helper's branch for it, so since\nFriday's delivery every such pack failed strptime at the bench.", {
        "packline/gs1.py": sub(repo.files["packline/gs1.py"],
                               "import datetime as dt\n",
                               "import calendar\nimport datetime as dt\n",
                               '        fields[ai] = dt.datetime.strptime(raw, FORMATS[kind]) if kind in FORMATS else raw\n',
                               '        if kind in FORMATS and raw[4:6] == "00":\n            # DD 00: the last day of the month (GS1 General Specifications 7.12)\n            last = calendar.monthrange(2000 + int(raw[:2]), int(raw[2:4]))[1]\n            raw = f"{raw[:4]}{last:02d}{raw[6:]}"\n        fields[ai] = dt.datetime.strptime(raw, FORMATS[kind]) if kind in FORMATS else raw\n'),
        "tests/test_gs1.py": repo.files["tests/test_gs1.py"] + '\n\ndef test_day_00_is_last_day_of_month():\n    assert parse("01050170070239131727080010MP25C08").expiry == dt.date(2027, 8, 31)\n    assert parse("01050126170192841728020010ZA5107").expiry == dt.date(2028, 2, 29)\n',
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.9.0"', 'version = "3.9.1"'),
    })
    repo.commit(utc("2026-02-20 10:44:00"), ravi, "runbook: rejected scans, read the exception first", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "A wave of rejected scans right after the wholesaler's delivery is almost\nalways damaged or misprinted packs, or a suspect batch:",
                               "Read the `could not parse GS1 element string` tracebacks first: if every\nrejected value has the same shape (20 Feb: expiry day 00, PACK-329), it is\nthe parser. Damaged or misprinted packs fail one by one; for a suspect batch"),
    })
    return repo, {"culprit": culprit, "rel38": rel38, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the morning


def yymmdd_to_date(v):
    import calendar
    yy, mm, dd = int(v[:2]), int(v[2:4]), int(v[4:6])
    if dd == 0:
        dd = calendar.monthrange(2000 + yy, mm)[1]
    return dt.date(2000 + yy, mm, dd)


def serial(rng):
    return "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(12))


def build_logs(rng, shas):
    app, robot, intake, pvq, argo, slack = (Log("packline.log"), Log("robot-controller.log"), Log("erx-intake.log"),
                                            Log("pv-queue.log"), Log("argocd.log"), Log("slack-warehouse-ops.log"))
    stats = {"first": None, "rejects": [], "labels": [], "holds": 0}

    pods_38 = ["packline-7b5c9d6f4-8kq2m", "packline-7b5c9d6f4-hz4tp", "packline-7b5c9d6f4-w6rnx"]
    pods_39 = ["packline-58d7c4b9f-2xvlq", "packline-58d7c4b9f-m7ptk", "packline-58d7c4b9f-s9gdc"]
    pods_rb = ["packline-7b5c9d6f4-c3nwz", "packline-7b5c9d6f4-jd8qv", "packline-7b5c9d6f4-t5kmh"]
    pods_fix = ["packline-6f9b8d5c7-4rhwn", "packline-6f9b8d5c7-b2xkz", "packline-6f9b8d5c7-q8vjs"]
    epochs = [(utc("2026-02-18 07:10:00"), pods_38, "3.8.0", shas["rel38"]), (RELEASE, pods_39, "3.9.0", shas["head"]),
              (ROLLBACK, pods_rb, "3.8.0", shas["rel38"]), (FIX_DEPLOY, pods_fix, "3.9.1", shas["fix"])]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def plog(t, level, logger, msg, bench="-"):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {level} [{logger}] [{bench}] {msg}")

    for t0, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=k * 14 + rng.uniform(0, 3))
            plog(t, "INFO", "uvicorn.error", f"Started server process [{1}]")
            plog(t + dt.timedelta(milliseconds=40), "INFO", "uvicorn.error", "Waiting for application startup.")
            plog(t + dt.timedelta(milliseconds=310), "INFO", "packline.main", f"packline starting version={ver} commit={sha[:7]} pod={pod}")
            plog(t + dt.timedelta(milliseconds=420), "INFO", "uvicorn.error", "Application startup complete.")
            plog(t + dt.timedelta(milliseconds=430), "INFO", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)")

    # --- robot controller (vendor format)
    def rlog(t, module, msg):
        if START <= t < END:
            robot.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S.')}{t.microsecond // 1000:03d} [{module:<5}] {msg}")

    t = START + dt.timedelta(seconds=rng.randint(5, 50))
    while t < END:
        for unit in ("R1", "R2"):
            rlog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "SYS", f"{unit} state=Ready fridge={rng.uniform(4.2, 5.6):.1f}C picks_last_5min={rng.randint(0, 3) if t < SHIFT else rng.randint(18, 46)} queue={rng.randint(0, 6)}")
        t += dt.timedelta(minutes=5)

    # the wholesaler's delivery loaded through the New Pack Input
    load_t = LOAD_START
    delivery_lines = []
    for name, gtin, maker, _, old, new, _ in PRODUCTS:
        b, e = new if new else old
        for _ in range(rng.randint(6, 14) if new else rng.randint(1, 4)):
            delivery_lines.append((gtin, b, e))
    rng.shuffle(delivery_lines)
    rlog(load_t - dt.timedelta(seconds=30), "INPUT", "New Pack Input session opened by user=jkowalczyk delivery=AAH-DN-88412731")
    for gtin, b, e in delivery_lines:
        load_t += dt.timedelta(seconds=rng.uniform(4, 11))
        unit = rng.choice(["R1", "R2"])
        note = " (day 00 -> end of month)" if e.endswith("00") else ""
        rlog(load_t, "INPUT", f"{unit} pack stored gtin={gtin} batch={b} expiry={e[:2]}{e[2:4]}{e[4:]}{note} serial={serial(rng)} location={unit}-{rng.randint(1, 9)}{rng.choice('ABCDEFG')}{rng.randint(10, 99)}")
    rlog(load_t + dt.timedelta(seconds=20), "INPUT", f"New Pack Input session closed packs={len(delivery_lines)} rejected=0")

    # --- erx-intake
    def ilog(t, level, msg, **kv):
        if START <= t < END:
            intake.add(t, logfmt(t, level, msg, **kv))

    t = START
    while t < END:
        ilog(t + dt.timedelta(milliseconds=rng.randint(0, 800)), "info", "exchange poll", endpoint="https://nepx.spine.example.nhs.uk/eps/release", nominated_downloaded=rng.randint(0, 3) if t < SHIFT else rng.randint(4, 19), took_ms=rng.randint(140, 700))
        t += dt.timedelta(seconds=60)

    # --- pv-queue
    pharmacists = ["fadeyemi", "hmurphy", "kpatel", "jthornton"]

    def qlog(t, level, msg, **kv):
        if START <= t < END:
            pvq.add(t, pino(t, level, msg, hostname=rng.choice(["pv-queue-6d8f7c9b5-2lmxq", "pv-queue-6d8f7c9b5-vk9tz"]), **kv))

    # --- orders: downloaded -> checked -> robot output -> bench
    prod_w = [(p[3], p) for p in PRODUCTS]
    seq = 4471200
    rx = 88120000
    bench_free = {b: SHIFT + dt.timedelta(seconds=rng.uniform(0, 300)) for b in BENCHES}
    holds = []
    t = START - dt.timedelta(hours=1)
    dispatch_start = SHIFT + dt.timedelta(minutes=2)
    rejects_by_min = {}
    labels_by_min = {}

    def wanted_items():
        n = 1 if rng.random() < 0.62 else (2 if rng.random() < 0.7 else 3)
        items = []
        while len(items) < n:
            total = sum(w for w, _ in prod_w)
            pick = rng.uniform(0, total)
            for w, p in prod_w:
                pick -= w
                if pick <= 0:
                    break
            if p not in items:
                items.append(p)
        return items

    def at_bench(tout, order, rxid, packs):
        bench = min(bench_free, key=lambda b: (bench_free[b], b))
        ts = max(tout + dt.timedelta(seconds=rng.uniform(40, 120)), bench_free[bench])
        if ts >= END:
            return
        packer = PACKERS[BENCHES.index(bench)]
        plog(ts, "INFO", "packline.bench", f"tote opened order={order} packer={packer} items={len(packs)}", bench)
        cur = ts
        held = False
        ver = epoch_at(ts)[2]
        for p, b, e in packs:
            cur += dt.timedelta(seconds=rng.uniform(4, 14))
            sn = serial(rng)
            es = f"01{p[1]}17{e}10{b}\\x1d21{sn}"
            if rng.random() < 0.004:
                plog(cur, "WARNING", "packline.bench", f"pack does not match order order={order} gtin={PRODUCTS[rng.randrange(len(PRODUCTS))][1]}", bench)
                cur += dt.timedelta(seconds=rng.uniform(8, 20))
            if e.endswith("00") and ver != "3.9.1":
                trace = (f"{cur.strftime('%Y-%m-%d %H:%M:%S,')}{cur.microsecond // 1000:03d} ERROR [packline.bench] [{bench}] could not parse GS1 element string from scanner: {es}\n"
                         "Traceback (most recent call last):\n"
                         '  File "/app/packline/bench.py", line 12, in scan\n'
                         "    pack = gs1.parse(element_string)\n"
                         "           ^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                         f'  File "/app/packline/gs1.py", line {58 if ver == "3.9.0" else 57}, in parse\n'
                         "    fields[ai] = dt.datetime.strptime(raw, FORMATS[kind]) if kind in FORMATS else raw\n"
                         "                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                         '  File "/usr/local/lib/python3.12/_strptime.py", line 653, in _strptime_datetime\n'
                         "    tt, fraction, gmtoff_fraction = _strptime(data_string, format)\n"
                         "                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                         '  File "/usr/local/lib/python3.12/_strptime.py", line 432, in _strptime\n'
                         "    raise ValueError(\"time data %r does not match format %r\" %\n"
                         f"ValueError: time data '{e}' does not match format '%y%m%d'")
                if START <= cur < END:
                    app.add(cur, trace)
                if ver == "3.9.0":
                    plog(cur + dt.timedelta(milliseconds=2), "WARNING", "packline.bench", f"pack scan rejected order={order} tote=T{rng.randint(1000, 1999)} reason=unparseable_element_string: set aside for pharmacist", bench)
                if stats["first"] is None:
                    stats["first"] = cur
                m = cur.replace(second=0, microsecond=0)
                rejects_by_min[m] = rejects_by_min.get(m, 0) + 1
                stats["rejects"].append((cur, p[0], b, e))
                held = True
                break
            exp = yymmdd_to_date(e)
            plog(cur, "INFO", "packline.bench", f"pack scanned order={order} gtin={p[1]} batch={b} expiry={exp.isoformat()} match=ok", bench)
        if held:
            cur += dt.timedelta(seconds=rng.uniform(1, 3))
            plog(cur, "INFO", "packline.orders", f"order held order={order} reason=pack_scan_rejected", bench)
            qlog(cur + dt.timedelta(seconds=rng.uniform(1, 4)), "warn", "exception raised", order=order, source="packline", reason="pack_scan_rejected", queue="exceptions")
            holds.append((cur, order, bench, packs))
            bench_free[bench] = cur + dt.timedelta(seconds=rng.uniform(20, 50))
            return
        cur += dt.timedelta(seconds=rng.uniform(3, 8))
        took = ms(rng, 420)
        if rng.random() < 0.01:
            plog(cur, "WARNING", "packline.labels", f"dpd answered 429, retrying in 1.5s order={order}", bench)
            cur += dt.timedelta(seconds=1.5)
        cons = f"15{rng.randint(50000000, 59999999)}"
        plog(cur + dt.timedelta(milliseconds=took), "INFO", "packline.labels", f"label created order={order} carrier=dpd service=next-day consignment={cons} took={took}ms", bench)
        m = cur.replace(second=0, microsecond=0)
        labels_by_min[m] = labels_by_min.get(m, 0) + 1
        plog(cur + dt.timedelta(milliseconds=took + rng.randint(200, 900)), "INFO", "packline.orders", f"order packed order={order} parcels=1", bench)
        ilog(cur + dt.timedelta(seconds=rng.uniform(2, 6)), "info", "dispense notification sent", order=order, prescription_id=rxid, status="dispensed", took_ms=rng.randint(180, 900))
        bench_free[bench] = cur + dt.timedelta(seconds=rng.uniform(5, 25))

    jobs = []
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate((1.4 if t < SHIFT else 7.5) / 60.0))
        if t >= END:
            break
        seq += 1
        rx += rng.randint(1, 40)
        order = f"PW-{seq}"
        rxid = f"{rx:08X}-A83{rng.randint(100, 999)}-{hexid(rng, 5).upper()}"
        items = wanted_items()
        ilog(t, "info", "prescription downloaded", prescription_id=rxid, order=order, items=len(items), prescriber_type=rng.choice(["gp", "gp", "gp", "nurse", "pharmacist"]), nhs=rng.random() < 0.86)
        tc = t + dt.timedelta(minutes=rng.uniform(3, 35))
        who = rng.choice(pharmacists)
        if rng.random() < 0.03:
            qlog(tc, "warn", "clinical check query raised", order=order, pharmacist=who, reason=rng.choice(["interaction", "dose_check", "patient_age"]))
            continue
        qlog(tc, "info", "clinical check completed", order=order, pharmacist=who, items=len(items), took_s=rng.randint(25, 240))
        tr = max(tc + dt.timedelta(seconds=rng.uniform(20, 90)), dispatch_start + dt.timedelta(seconds=rng.uniform(0, 2400)))
        if tr >= END:
            continue
        unit = rng.choice(["R1", "R2"])
        packs = []
        for p in items:
            name, gtin, maker, _, old, new, runs_out = p
            use_new = new is not None and runs_out is not None and tr >= runs_out and not (new[0] in QUARANTINED and QUARANTINE <= tr < UNBLOCK)
            if new is not None and new[0] in QUARANTINED and QUARANTINE <= tr < UNBLOCK and runs_out and tr >= runs_out:
                packs.append((p, None, None))
                continue
            b, e = new if use_new else old
            packs.append((p, b, e))
        if any(b is None for _, b, _ in packs):
            rlog(tr, "OUT", f"{unit} OutputOrder {seq} rejected: no pickable stock for gtin={[p[1] for p, b, _ in packs if b is None][0]} (batches blocked)")
            ilog(tr + dt.timedelta(seconds=1), "warn", "order waiting for stock", order=order, reason="robot_no_pickable_stock")
            continue
        rlog(tr, "OUT", f"{unit} OutputOrder {seq} received order={order} packs={len(packs)} target=conveyor")
        for p, b, e in packs:
            rlog(tr + dt.timedelta(seconds=rng.uniform(6, 30)), "OUT", f"{unit} picked gtin={p[1]} batch={b} expiry={e} from={unit}-{rng.randint(1, 9)}{rng.choice('ABCDEFG')}{rng.randint(10, 99)}")
        tout = tr + dt.timedelta(seconds=rng.uniform(35, 75))
        rlog(tout, "OUT", f"{unit} OutputOrder {seq} completed packs={len(packs)} tote=T{rng.randint(1000, 1999)}")
        jobs.append((tout, order, rxid, packs))

    for tout, order, rxid, packs in sorted(jobs, key=lambda j: j[0]):
        at_bench(tout, order, rxid, packs)

    # routine intake noise: the exchange's odd refusals
    for _ in range(7):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ilog(tx, "warn", "prescription already dispensed elsewhere", prescription_id=f"{rng.randint(0x8000000, 0xFFFFFFF):08X}-A83{rng.randint(100, 999)}-{hexid(rng, 5).upper()}", exchange_code="0004", detail="Prescription has been dispensed by another pharmacy")
    for _ in range(4):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(tx, "WARNING", "packline.bench", f"tote scan unknown tote=T{rng.randint(2000, 2999)} (not issued today)", rng.choice(BENCHES))

    # --- quality quarantine and the rescan
    rlog(QUARANTINE, "STOCK", "batch blocked gtin=05017007023913 batch=MP25C08 packs=38 by user=sbrennan reason=\"suspect - rejected at benches\"")
    rlog(QUARANTINE + dt.timedelta(seconds=51), "STOCK", "batch blocked gtin=05012617019284 batch=ZA5107 packs=41 by user=sbrennan reason=\"suspect - rejected at benches\"")
    rlog(UNBLOCK, "STOCK", "batch unblocked gtin=05017007023913 batch=MP25C08 by user=sbrennan")
    rlog(UNBLOCK + dt.timedelta(seconds=33), "STOCK", "batch unblocked gtin=05012617019284 batch=ZA5107 by user=sbrennan")
    cur = RESCAN
    for th, order, bench, packs in holds:
        cur += dt.timedelta(seconds=rng.uniform(8, 25))
        if cur >= END:
            break
        for p, b, e in packs:
            plog(cur, "INFO", "packline.bench", f"pack scanned order={order} gtin={p[1]} batch={b} expiry={yymmdd_to_date(e).isoformat()} match=ok", "bench-14")
            cur += dt.timedelta(seconds=rng.uniform(3, 7))
        plog(cur, "INFO", "packline.orders", f"order released from hold order={order} by=sbrennan", "bench-14")
        qlog(cur + dt.timedelta(seconds=1), "info", "exception resolved", order=order, pharmacist="sbrennan", resolution="rescanned")
        took = ms(rng, 420)
        plog(cur + dt.timedelta(milliseconds=took), "INFO", "packline.labels", f"label created order={order} carrier=dpd service=next-day consignment=15{rng.randint(50000000, 59999999)} took={took}ms", "bench-14")

    # exception queue depth
    mm = START
    while mm < END:
        open_ = sum(1 for th, *_ in holds if th <= mm) - max(0, int((mm - RESCAN).total_seconds() // 17)) if mm >= RESCAN else sum(1 for th, *_ in holds if th <= mm)
        qlog(mm + dt.timedelta(seconds=rng.uniform(0, 3)), "info", "queue depth", queue="exceptions", open=max(0, open_) + rng.randint(2, 5))
        qlog(mm + dt.timedelta(seconds=rng.uniform(3, 6)), "info", "queue depth", queue="clinical_check", open=rng.randint(8, 40) if mm >= SHIFT else rng.randint(30, 60))
        mm += dt.timedelta(minutes=5)

    # --- Argo CD
    def alog(t, msg, level="info", **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/packline"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "fulfilment", "time_ms": rng.randint(40, 160)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        alog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "fulfilment"}, **extra)
        alog(t + dt.timedelta(seconds=2), "apps/Deployment fulfilment/packline configured", revision=sha)
        alog(t + dt.timedelta(seconds=44), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=45), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=15), shas["head"], 58)
    alog(ROLLBACK - dt.timedelta(seconds=17), f"Rollback to history ID 57 ({shas['rel38']}); automated sync disabled", user="ravi.chauhan@pillwise.co.uk")
    sync(ROLLBACK - dt.timedelta(seconds=15), shas["rel38"], 59, auto=False, user="ravi.chauhan@pillwise.co.uk")
    alog(FIX_DEPLOY - dt.timedelta(seconds=17), "automated sync enabled", user="ravi.chauhan@pillwise.co.uk")
    sync(FIX_DEPLOY - dt.timedelta(seconds=15), shas["fix"], 60)

    # --- Slack
    users = {"alertmanager": "B02ALRT9K", "ravi.chauhan": "U02RC4K8N", "ola.bankole": "U03OB7T2Q", "marta.zielinska": "U03MZ5W1R",
             "jkowalczyk (bench lead)": "U05JK2P6L", "sbrennan (quality, pharmacist)": "U04SB9H3D", "fadeyemi (pharmacist)": "U04FA6M1C"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "warehouse-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = stats["first"]
    say(utc("2026-02-20 06:12:30"), "jkowalczyk (bench lead)", "AAH delivery in, 11 cages. loading the robots from 06:30")
    say(RELEASE - dt.timedelta(minutes=3), "ravi.chauhan", "packline 3.9.0 going out before the shift: rejected-scan logging (PACK-324), DPD cut-off 17:30, ]d2 prefix for the new Zebras on 11-14")
    say(RELEASE + dt.timedelta(minutes=2), "ravi.chauhan", "3.9.0 healthy")
    say(first + dt.timedelta(minutes=9), "jkowalczyk (bench lead)", "benches 3 and 7 getting 'Pack not recognised - set aside' on sertraline 50. packs look fine, new Milpharm batch")
    say(first + dt.timedelta(minutes=26), "jkowalczyk (bench lead)", "now amlodipine too. 9 totes in the set-aside trolley")
    say(utc("2026-02-20 08:04:10"), "alertmanager", "[FIRING:1] PacklineHoldsHigh packline: 23 orders held in the last hour")
    say(utc("2026-02-20 08:06:40"), "ravi.chauhan", "ack. lots of 'pack scan rejected ... unparseable_element_string' since this morning, and 3.9.0 touched the GS1 parser (PACK-327, the ]d2 prefix). runbook says roll back after a deploy, doing that")
    say(ROLLBACK + dt.timedelta(minutes=4), "ravi.chauhan", "3.8.0 running. the warnings are gone but that's just because 3.8.0 doesn't have PACK-324; the parse errors carry on")
    say(utc("2026-02-20 08:22:15"), "sbrennan (quality, pharmacist)", "runbook says suspect batch after a delivery. both rejected products are new batches from this morning's AAH delivery. blocking MP25C08 and ZA5107 in the robots until we know")
    say(utc("2026-02-20 08:37:50"), "jkowalczyk (bench lead)", "sertraline and amlodipine orders now stuck 'no pickable stock'. and omeprazole started failing at the benches")
    say(utc("2026-02-20 08:44:00"), "fadeyemi (pharmacist)", "exception queue at 40+, I can't clear set-aside totes by hand, the bench won't take the pack")
    say(utc("2026-02-20 08:58:20"), "ola.bankole", "looking. the tracebacks: ValueError: time data '270800' does not match format '%y%m%d'. and '280100', '271000'. every one ends in 00")
    say(utc("2026-02-20 09:03:40"), "ola.bankole", "GS1 gen specs 7.12: YYMMDD with DD=00 means the last day of the month. the robots log them as 'day 00 -> end of month' at input. my PACK-318 (Tuesday, in 3.8.0 since Wednesday) dropped the old helper's branch for that. sorry. nothing with 00 was scanned until today's batches, the robots used up the old stock first")
    say(utc("2026-02-20 09:05:10"), "ravi.chauhan", "so the rollback couldn't help. fix forward please, I'll re-enable auto-sync when it's merged")
    say(utc("2026-02-20 09:37:00"), "ola.bankole", "PACK-329 merged: day 00 -> last day of month, with tests for 270800 and 280200 (leap year)")
    say(FIX_DEPLOY + dt.timedelta(minutes=2), "ravi.chauhan", "3.9.1 live (main, incl. 3.9.0's changes + PACK-329)")
    say(UNBLOCK - dt.timedelta(minutes=1), "sbrennan (quality, pharmacist)", "unblocking MP25C08 and ZA5107. set-aside totes to bench 14 for rescanning")
    say(RESCAN + dt.timedelta(minutes=30), "jkowalczyk (bench lead)", "set-aside trolley empty. all rescanned fine")
    say(utc("2026-02-20 10:46:00"), "ravi.chauhan", "runbook updated: read the tracebacks before blaming the batch. postmortem Monday")
    stats["rejects_by_min"] = rejects_by_min
    stats["labels_by_min"] = labels_by_min
    stats["holds"] = len(holds)
    return [app, robot, intake, pvq, argo, slack], stats


def ms(rng, mean, spread=0.5):
    return max(1, int(rng.lognormvariate(0, spread) * mean))


def build(out_dir):
    rng = random.Random(64100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert utc("2026-02-20 07:28:00") <= onset <= utc("2026-02-20 07:40:00"), onset
        rbm, lbm = stats["rejects_by_min"], stats["labels_by_min"]

        def per5(d):
            def fn(t):
                return sum(v for m, v in d.items() if t - dt.timedelta(minutes=5) < m <= t)
            return fn

        metrics = {
            "packline_scan_rejections_5m.json": query_range([({"job": "packline", "reason": "unparseable_element_string"}, per5(rbm))], START, END, 60),
            "packline_labels_created_5m.json": query_range([({"job": "packline", "carrier": "dpd"}, per5(lbm))], START, END, 60),
        }
        age_h = (onset - utc("2026-02-17 15:22:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r64-gs1-expiry-day-zero", service=SERVICE, onset=onset,
            description=f"""
Packs are set aside at the pack benches of an online pharmacy's warehouse
on Friday 20 February: from {onset.strftime('%H:%M:%S')} UTC the benches answer "Pack
not recognised - set aside" for sertraline packs, then amlodipine,
omeprazole and atorvastatin, all from batches delivered by the wholesaler
that morning; the orders are held, the pharmacists' exception queue grows
and fewer courier labels are printed. packline 3.9.0 had been synced at
06:42; a rollback to 3.8.0 at 08:12 did not help, and two batches were
quarantined in the robots at 08:31. 3.9.1 went out at 09:52.
""",
            logs=logs,
            line_formats={
                "packline.log": r'<Date> <Time> <Level> \[<Logger>\] \[<Bench>\] <Content>',
                "robot-controller.log": r'<Date> <Time> \[<Module>\s*\] <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'could not parse GS1 element string from scanner',
                r'does not match format',
            ],
            fix_files=["packline/gs1.py"],
            explanation=f"""
The culprit is PACK-318 ({shas['culprit'][:7]}, Tuesday 17 February 15:22 UTC,
{age_h:.1f} hours before the onset, shipped in 3.8.0 on Wednesday): it
rewrote packline/gs1.py as a table of application identifiers and parsed
every date with strptime("%y%m%d"), dropping the old helper's rule that
day 00 means the last day of the month (GS1 General Specifications), which
manufacturers use on expiry dates. The robots pick first-expiry-first-out,
so the packs with day 00 from Friday's delivery reached the benches only
when each product's older stock ran out, from {onset.strftime('%H:%M')}; every one then failed:
"could not parse GS1 element string from scanner: ..." with the traceback
ending "ValueError: time data '270800' does not match format '%y%m%d'"
(in every version until 3.9.1). The robots' own input lines say "(day 00
-> end of month)". PACK-329 restores the rule in the same file.
Decoys: 3.9.0 synced at 06:42, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, which names
the release commit and holds PACK-327 (the ]d2 prefix, a harmless change
to the culprit's file), PACK-324 (Thursday: the very "pack scan rejected
... unparseable_element_string" warning), PACK-326 (DPD cut-off) and a
pydantic bump; the rollback to 3.8.0 at 08:12, which holds the culprit
and only removes the warning; Thursday's runbook commit that blames
damaged or suspect batches after a delivery and says to roll back after a
deploy; the docs commit that says expiry is YYMMDD; quality's quarantine
of two batches at 08:31, which turns those orders into "no pickable
stock" while the next product starts failing; the wholesaler delivery
itself; routine lines (the exchange's already-dispensed refusals, DPD
429 retries, unknown totes, a wrong pack scanned).
""",
        )
    finally:
        repo.close()
