"""meterdata (Python 3.12; one RHEL VM, mdm-app01, under systemd, deployed
by a manual GitLab CI job that runs Ansible; team in Brackett Springs,
Missouri, and a contractor in Pune) of Brackett Springs Municipal
Utilities (BSMU), a city water utility with about 96,000 metered
connections. The meters are read by a fixed-network AMI system, Tessera
NetMetrix: gateways on water towers and poles hear each meter's radio
endpoint, and the head-end drops one CSV per hour for the whole system on
meterdata's SFTP directory at about :12 past the hour (the register at the
end of the hour for every meter heard, sorted by meter_number), and a JSON
alarm file every 15 minutes. meterdata ingests the reads (quarantining
rows whose meter is not in the CIS meter registry yet), serves the
customer portal's usage graphs, feeds the billing extract, and runs the
hourly DMA water balance, which compares each district metered area's
inflow from the SCADA historian with the sum of its customers' AMI
consumption.

Meter numbers are the manufacturers' serials, kept as text: 31,240 Tessera
T-5 ultrasonic meters (the 2023-25 change-out programme, north and east
side) have ten-digit numbers zero-padded at the factory (0061000233),
42,100 older Brannock positive-displacement meters have nine digits
(218773042), and 23,000 commercial and compound meters have letters
(KM2104431, NX3300871).

Thursday 12 March 2026, 19:40 UTC: AMI-214 "ingest: parse the hourly file
with pandas" replaces csv.DictReader (30-40 s and 1.2 GB per file) with
`pd.read_csv(path, dtype=DTYPES, usecols=COLUMNS, ...)`. DTYPES names the
endpoint, register, flags and gateway columns but not meter_number, so
pandas infers its type, and with the C parser's low_memory default it
infers it per internal chunk (65,536 rows for the file's eight columns).
The file is sorted by meter number: the first chunk holds every T-5 and
most Brannocks, all digits, and is read as int64 (0061000233 becomes
61000233); the second chunk has letters and stays text, so pandas mixes
the two and warns "DtypeWarning: Columns (0) have mixed types. Specify
dtype option on import or set low_memory=False." Every T-5's read is then
quarantined as an unknown meter. The test fixture has twelve rows, one
chunk with KM numbers in it, so it stays text and its assertion that
0061240987 keeps its zeros passes.

It ships in the weekly release, 3.4.0, on Tuesday 17 March (GitLab's
deploy job at 14:36 UTC names the release commit), with AMI-217, which
adds a sample of the quarantined meter numbers to the very warning that
now fills the log, AMI-219 (.csv.gz files, in the culprit's file and on
the very read_csv line), Dependabot's pandas 2.2.3 and a portal cache TTL
change. From the 15:12 file on, 30,900 reads an hour are quarantined;
the water balance reports 70-90 % non-revenue water in the north and east
DMAs (distribution ops look for a main break; SCADA shows none); portal
users see no usage since 9 a.m. The on-call follows the runbook (unknown
meters after a change-out batch: refresh the registry from CIS), with no
effect; meter services say the 8-digit numbers in the sample are T-5s
without their zeros; the culprit's author connects that with the
DtypeWarning after each file. Rollback to 3.3.2 at 16:41; the quarantine
replay fails (the quarantine files hold the stripped numbers) and the
original files are re-ingested from processed/; 3.4.1 (AMI-224, 18:37)
reads meter_number as a string.

Sources: meterdata-ingest (Python logging, line format, with the warning's
source line), meterdata-balance (logfmt), nginx access (portal usage API),
mdm-app01's /var/log/secure (syslog RFC 3164: sshd, internal-sftp, sudo),
PostgreSQL, the GitLab deploy job (timestamped job log), #ami-ops (Teams
export, JSON lines), customer service requests (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, nginx_access, postgres, syslog3164
from skeletons import chores

SERVICE = "meterdata"
START, END = utc("2026-03-17 12:00:00"), utc("2026-03-17 19:45:00")
RELEASE_JOB = utc("2026-03-17 14:36:04")
ROLLBACK_JOB = utc("2026-03-17 16:40:12")
FIX_JOB = utc("2026-03-17 18:36:31")
REFRESH = utc("2026-03-17 15:31:40")
CULPRIT_AT = utc("2026-03-12 19:40:00")

N_T5, N_PD, N_ALPHA = 31240, 42118, 22957
CHUNK_ROWS = 65536

DMAS = [
    ("DMA01-DOWNTOWN", 3900, 0.06), ("DMA02-RIVERSIDE", 5200, 0.11), ("DMA03-OLD-TOWN", 4700, 0.04),
    ("DMA04-FAIRVIEW", 6100, 0.18), ("DMA05-SOUTHPARK", 5800, 0.09), ("DMA06-WESTWOOD", 6400, 0.12),
    ("DMA07-NORTHFIELD", 5600, 0.91), ("DMA08-PRAIRIE-RIDGE", 4900, 0.88), ("DMA09-HARMON", 5300, 0.22),
    ("DMA10-LAKEVIEW", 6000, 0.31), ("DMA11-EASTGATE", 5500, 0.79), ("DMA12-CEDAR-BLUFF", 4400, 0.74),
    ("DMA13-INDUSTRIAL", 1900, 0.12), ("DMA14-MAPLE-HILL", 5800, 0.27), ("DMA15-MILL-CREEK", 5100, 0.58),
    ("DMA16-SOUTHGATE", 5600, 0.16), ("DMA17-AIRPORT", 1200, 0.08), ("DMA18-BRACKETT-HTS", 6800, 0.35),
]

PYPROJECT = """[project]
name = "meterdata"
version = "3.3.1"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.111.0",
  "uvicorn==0.30.1",
  "psycopg[binary,pool]==3.1.19",
  "pandas==2.2.2",
  "httpx==0.27.0",
  "pyyaml==6.0.1",
]

[project.optional-dependencies]
test = ["pytest==8.2.2"]

[project.scripts]
meterdata-ingest = "meterdata.ingest.main:run"
meterdata-balance = "meterdata.balance.dma:run"
meterdata-api = "meterdata.api.app:run"
"""

HOURLY_V1 = '''"""Hourly interval files from the Tessera NetMetrix head-end.

NetMetrix drops one CSV per hour for the whole system on the SFTP host
(about :12 past the hour, sorted by meter_number): the register at the
end of the hour for every meter a gateway heard. Columns are described in
docs/hes-file-format.md."""

import csv
import logging
import time
from datetime import datetime

from meterdata.ingest import quarantine, store, vee
from meterdata.ingest.registry import registry

log = logging.getLogger("meterdata.ingest.hourly")


def parse(path):
    rows = []
    with open(path, newline="") as fh:
        for rec in csv.DictReader(fh):
            rows.append({
                "meter_number": rec["meter_number"].strip(),
                "endpoint_id": int(rec["endpoint_id"]),
                "read_end": datetime.fromisoformat(rec["read_end"]),
                "register_gal": float(rec["register_gal"]),
                "flags": rec["flags"] or None,
                "gateway_id": rec["gateway_id"],
            })
    return rows


def process(path):
    started = time.monotonic()
    rows = parse(path)
    log.info("parsed hourly file name=%s rows=%d took_s=%.1f", path.name, len(rows), time.monotonic() - started)
    known, unknown = registry().split(rows)
    if unknown:
        quarantine.unknown_meters(path, unknown)
    checked = vee.check(path, known)
    accepted = store.upsert_interval_reads(checked)
    log.info("hourly file done name=%s accepted=%d quarantined=%d took_s=%.1f",
             path.name, accepted, len(unknown), time.monotonic() - started)
'''

REGISTRY_V1 = '''"""The CIS meter registry: every meter installed at a premise, with its
meter id, account and DMA, read from the CIS view ami.vw_meters at 06:00
Central and on `meterdata-ingest registry-refresh`."""

import logging
import time

from meterdata import cis

log = logging.getLogger("meterdata.ingest.registry")

_current = None


class Registry:
    def __init__(self, meters):
        self.meters = meters  # meter_number (text, as CIS has it) -> (meter_id, account, dma)

    def split(self, rows):
        known, unknown = [], []
        for row in rows:
            meter = self.meters.get(row["meter_number"])
            if meter is None:
                unknown.append(row)
                continue
            row["meter_id"], row["dma"] = meter[0], meter[2]
            known.append(row)
        return known, unknown


def refresh(requested_by="schedule"):
    global _current
    started = time.monotonic()
    meters = {r.meter_number: (r.meter_id, r.account, r.dma) for r in cis.meters()}
    _current = Registry(meters)
    log.info("registry loaded meters=%d source=cis.ami.vw_meters requested_by=%s took_s=%.1f",
             len(meters), requested_by, time.monotonic() - started)


def registry():
    if _current is None:
        refresh("startup")
    return _current
'''

QUARANTINE_V1 = '''"""Rows whose meter is not in the CIS registry (yet): a meter installed
today reaches CIS with the installer's paperwork. They are appended to
/var/lib/meterdata/quarantine/<file> and replayed with
`meterdata-ingest replay` after the next registry refresh."""

import csv
import logging
from pathlib import Path

QUARANTINE_DIR = Path("/var/lib/meterdata/quarantine")

log = logging.getLogger("meterdata.ingest.quarantine")


def unknown_meters(path, rows):
    target = QUARANTINE_DIR / path.name
    with open(target, "a", newline="") as fh:
        out = csv.writer(fh)
        for r in rows:
            out.writerow([r["meter_number"], r["endpoint_id"], r["read_end"].isoformat(), r["register_gal"], r["flags"] or "", r["gateway_id"]])
    log.warning("quarantined %d rows: meter number not in registry (file %s)", len(rows), path.name)
'''

VEE_V1 = '''"""Validation of hourly register reads before they are stored (VEE: the
estimation and editing happen in CIS at billing)."""

import logging
from collections import Counter

log = logging.getLogger("meterdata.ingest.vee")

HIGH_USAGE_GAL_H = {"residential": 400, "commercial": 6000}


def check(path, rows):
    flags = Counter()
    for row in rows:
        for rule in _rules(row):
            flags[rule] += 1
            row.setdefault("vee", []).append(rule)
    log.info("vee summary file=%s checked=%d flagged=%d zero_consumption=%d high_usage=%d register_decrease=%d continuous_flow=%d",
             path.name, len(rows), sum(flags.values()), flags["zero_consumption"], flags["high_usage"],
             flags["register_decrease"], flags["continuous_flow"])
    return rows


def _rules(row):
    return []
'''

RUNBOOK_V1 = """# meterdata runbook

Owner: AMI team (#ami-ops). Dashboards: Grafana > AMI > meterdata.
Service: mdm-app01, `systemctl status meterdata-ingest meterdata-api`,
timer `meterdata-balance.timer` (:20 past the hour).

## MeterdataHourlyFileLate

No hourly file by :30. Check NetMetrix's export status page and the SFTP
log (`/var/log/secure`, user hes-export). Tessera support: 24/7 line in
the contract binder.

## MeterdataQuarantineHigh

More than 500 rows of an hourly file quarantined as unknown meters. A
handful every hour is normal (meters installed today, not yet in CIS).
Replay after the registry refresh: `sudo -u meterdata meterdata-ingest
replay`.

## DmaBalanceHigh

Non-revenue water above 25 % for a DMA in the hourly balance. Tell
distribution operations (control room): usually a main break, a stuck
PRV, hydrant flushing or fire use. Check the DMA inlet flow in the
historian first.
"""

HES_DOC = """# NetMetrix hourly interval file

`BSMU_INTERVAL_<yyyymmdd>T<hh>00Z.csv`, one per hour, sorted by
meter_number, UTF-8, header row:

| column | meaning |
|---|---|
| meter_number | the manufacturer's serial, as printed on the register and as CIS has it |
| endpoint_id | the radio endpoint (MIU) id |
| read_end | end of the interval, ISO 8601 with offset |
| register_gal | register at read_end, gallons, one decimal |
| uom | always GAL for BSMU |
| flags | NetMetrix's read flags (L leak, R reverse, T tamper, E empty pipe), may be empty |
| gateway_id | the gateway that heard the endpoint |
| rssi_dbm | signal strength at that gateway |

Meter numbers by make: Tessera T-5 ultrasonic, 10 digits with leading
zeros (0061000233); Brannock PD, 9 digits (218773042); Kessler and Nexa
compound meters, two letters and 7 digits (KM2104431, NX3300871).
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def read_csv_line(hourly_text):
    """(line number, text) of the read_csv call in hourly.py as shipped."""
    for number, line in enumerate(hourly_text.splitlines(), 1):
        if "pd.read_csv(" in line:
            return number, line.strip()
    raise ValueError("no read_csv line")


def build_repo():
    repo = Repo()
    marcus = Person("Marcus Bell", "marcus.bell@brackettsprings.gov", -300)
    jen = Person("Jen Kowalczyk", "jen.kowalczyk@brackettsprings.gov", -300)
    dana = Person("Dana Okafor", "dana.okafor@brackettsprings.gov", -300)
    priyanka = Person("Priyanka Rao", "priyanka.rao@nimbleworks.in", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "meterdata/__init__.py": "",
        "meterdata/cis.py": '"""Read-only access to CIS (Oracle) views for the registry and billing."""\n',
        "meterdata/ingest/__init__.py": "",
        "meterdata/ingest/main.py": 'import logging\nimport os\n\nfrom meterdata.ingest import watcher\n\nlog = logging.getLogger("meterdata.ingest.main")\n\n\ndef run():\n    logging.basicConfig(level=logging.INFO, format="%(asctime)s.%(msecs)03d %(levelname)-8s [%(process)d] %(name)s: %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")\n    logging.captureWarnings(True)\n    log.info("starting meterdata-ingest version=%s commit=%s", os.environ.get("METERDATA_VERSION", "dev"), os.environ.get("METERDATA_COMMIT", "none"))\n    watcher.watch()\n',
        "meterdata/ingest/watcher.py": '"""Polls /srv/sftp/hes/incoming every 15 s for finished uploads (the head-end\nuploads to .part and renames) and hands them to hourly or events."""\n\nPOLL_S = 15\nPATTERNS = {"interval": "BSMU_INTERVAL_*.csv", "events": "BSMU_EVENTS_*.json"}\n',
        "meterdata/ingest/hourly.py": HOURLY_V1,
        "meterdata/ingest/events.py": '"""15-minute alarm files (JSON) from NetMetrix: leak, reverse flow, tamper,\nempty pipe, low battery. Stored for the portal and the leak letters."""\n',
        "meterdata/ingest/registry.py": REGISTRY_V1,
        "meterdata/ingest/quarantine.py": QUARANTINE_V1,
        "meterdata/ingest/vee.py": VEE_V1,
        "meterdata/ingest/store.py": '"""Upserts into ami.interval_reads in batches of 5,000 (ON CONFLICT\n(meter_id, read_end) DO NOTHING: the head-end resends late reads)."""\n\nBATCH = 5000\n',
        "meterdata/historian.py": '"""Client of the SCADA historian\'s REST API (OT DMZ, read-only account):\nrecorded values and totals of the DMA inlet flow meters."""\n\nHISTORIAN_URL = "https://historian.ot.bsmu.local/api/v2"\nRETRIES = 2\n',
        "meterdata/balance/__init__.py": "",
        "meterdata/balance/dma.py": '"""Hourly DMA water balance: inlet volume from the historian against the\nsum of the DMA\'s customers\' AMI consumption. Above the threshold the\nresult goes to distribution operations."""\n',
        "meterdata/billing/__init__.py": "",
        "meterdata/billing/extract.py": '"""Nightly billing extract for CIS: the cycle\'s start and end registers\nper account."""\n\nimport pandas as pd\n\n\ndef cycle_reads(path):\n    # account and meter numbers are identifiers, not numbers\n    return pd.read_csv(path, dtype={"account": str, "meter_number": str})\n',
        "meterdata/api/__init__.py": "",
        "meterdata/api/app.py": '"""Usage API for the customer portal (MyWater): hourly and daily usage and\nalerts per account, behind nginx on mdm-app01."""\n',
        "config/meterdata.yaml": "hes:\n  incoming: /srv/sftp/hes/incoming\n  processed: /srv/sftp/hes/processed\nregistry:\n  refresh: \"0 6 * * *\"\nquarantine_dir: /var/lib/meterdata/quarantine\nbalance:\n  nrw_threshold_pct: 25\n  historian_url: https://historian.ot.bsmu.local/api/v2\napi:\n  usage_cache_ttl_s: 300\n",
        "tests/test_hourly.py": 'from pathlib import Path\n\nfrom meterdata.ingest.hourly import parse\n\nFIXTURE = Path(__file__).parent / "fixtures" / "hes_interval_small.csv"\n\n\ndef test_parse_reads_every_row():\n    rows = parse(FIXTURE)\n    assert len(rows) == 12\n    assert rows[0]["meter_number"] == "0061240987"\n',
        "tests/fixtures/hes_interval_small.csv": "meter_number,endpoint_id,read_end,register_gal,uom,flags,gateway_id,rssi_dbm\n"
        + "".join(f"{m},{e},2026-02-03T14:00:00-06:00,{r},GAL,{f},{g},-{s}\n" for m, e, r, f, g, s in [
            ("0061240987", 81733021, "48213.7", "", "GW-NORTHFIELD-T", 88), ("0061240991", 81733044, "31876.2", "", "GW-NORTHFIELD-T", 91),
            ("0062718830", 81902217, "12094.9", "L", "GW-EASTGATE-P3", 97), ("218773042", 70411873, "1876342.1", "", "GW-OLDTOWN-T", 84),
            ("218773119", 70411902, "954211.0", "", "GW-OLDTOWN-T", 86), ("221004388", 70598231, "2210877.4", "", "GW-FAIRVIEW-T", 93),
            ("KM2104431", 90011874, "18203346.0", "", "GW-INDUSTRIAL-T", 79), ("KM2104502", 90011891, "7712003.5", "", "GW-INDUSTRIAL-T", 82),
            ("KM2311876", 90230117, "2318870.2", "R", "GW-AIRPORT-P1", 99), ("NX3300871", 92033102, "4410221.9", "", "GW-DOWNTOWN-B", 87),
            ("NX3300904", 92033177, "390118.6", "", "GW-DOWNTOWN-B", 90), ("NX3412277", 92117003, "12876.0", "E", "GW-HARMON-T", 101)]),
        ".gitlab-ci.yml": "stages: [test, build, deploy]\n\ntest:\n  stage: test\n  image: python:3.12-slim\n  script:\n    - pip install .[test]\n    - pytest -q\n\nbuild:\n  stage: build\n  script:\n    - python -m build --wheel\n  artifacts:\n    paths: [dist/]\n\ndeploy:production:\n  stage: deploy\n  tags: [shell, ami]\n  when: manual\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - ansible-playbook -i deploy/ansible/inventories/prod deploy/ansible/deploy.yml -e meterdata_version=${CI_COMMIT_TAG#v} -e meterdata_commit=$CI_COMMIT_SHA\n",
        "deploy/ansible/deploy.yml": "- hosts: meterdata\n  become: true\n  roles:\n    - meterdata\n",
        "deploy/ansible/inventories/prod": "[meterdata]\nmdm-app01.bsmu.local\n",
        "README.md": "# meterdata\n\nAMI meter data for BSMU: hourly reads from Tessera NetMetrix, the registry\nfrom CIS, the customer portal's usage API, the nightly billing extract and\nthe hourly DMA water balance against the SCADA historian.\n\n## Running locally\n\n```\npip install -e .[test]\nMETERDATA_CONFIG=config/meterdata.yaml meterdata-ingest\n```\n\nReleases are tagged `vX.Y.Z` on Tuesdays and deployed with the manual\n`deploy:production` job.\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 3.3.1\n\n- AMI-198 leak letters use the account's mailing address\n",
    }
    repo.commit(utc("2026-03-09 14:10:00"), marcus, "meterdata: import from the ami-tools monorepo (3.3.1)", files)
    crng = random.Random(66103)
    repo.schedule(chores(crng, SERVICE, [marcus, dana], utc("2026-03-09 16:00:00"), utc("2026-03-11 22:00:00"), 2)
                  + chores(crng, SERVICE, [jen], utc("2026-03-16 14:00:00"), utc("2026-03-16 21:00:00"), 1))
    repo.commit(utc("2026-03-09 16:40:00"), priyanka, "historian: retry 503 from the historian API twice (AMI-205)", {
        "meterdata/historian.py": sub(repo.files["meterdata/historian.py"], "RETRIES = 2\n", "RETRIES = 2\nRETRY_ON = (502, 503)  # AMI-205: the OT DMZ proxy restarts nightly\n"),
    })
    prev = repo.commit(utc("2026-03-10 14:45:00"), marcus, "release 3.3.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.3.1"', 'version = "3.3.2"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.3.2\n\n- AMI-205 historian retries on 502/503\n"),
    })
    repo.commit(utc("2026-03-11 10:20:00"), priyanka, "docs: NetMetrix hourly file format", {"docs/hes-file-format.md": HES_DOC})
    hourly_v2 = sub(HOURLY_V1,
                    "import csv\nimport logging\nimport time\nfrom datetime import datetime\n\n",
                    "import logging\nimport time\n\nimport pandas as pd\n\n",
                    'log = logging.getLogger("meterdata.ingest.hourly")\n\n\ndef parse(path):\n    rows = []\n    with open(path, newline="") as fh:\n        for rec in csv.DictReader(fh):\n            rows.append({\n                "meter_number": rec["meter_number"].strip(),\n                "endpoint_id": int(rec["endpoint_id"]),\n                "read_end": datetime.fromisoformat(rec["read_end"]),\n                "register_gal": float(rec["register_gal"]),\n                "flags": rec["flags"] or None,\n                "gateway_id": rec["gateway_id"],\n            })\n    return rows\n',
                    'log = logging.getLogger("meterdata.ingest.hourly")\n\nCOLUMNS = ["meter_number", "endpoint_id", "read_end", "register_gal", "flags", "gateway_id"]\nDTYPES = {"endpoint_id": "int64", "register_gal": "float64", "flags": "string", "gateway_id": "string"}\n\n\ndef parse(path):\n    """The file as a DataFrame. AMI-214: csv.DictReader and a dict per row took\n    30-40 s and 1.2 GB for 96k rows; read_csv takes about 3 s."""\n    frame = pd.read_csv(path, dtype=DTYPES, usecols=COLUMNS, parse_dates=["read_end"])\n    frame["meter_number"] = frame["meter_number"].astype(str).str.strip()\n    return frame\n',
                    "    known, unknown = registry().split(rows)\n    if unknown:\n        quarantine.unknown_meters(path, unknown)\n    checked = vee.check(path, known)\n",
                    "    known, unknown = registry().split_frame(rows)\n    if len(unknown):\n        quarantine.unknown_meters(path, unknown)\n    checked = vee.check(path, known.to_dict(\"records\"))\n")
    culprit = repo.commit(CULPRIT_AT, jen, "ingest: parse the hourly file with pandas (AMI-214)\n\n"
                          "The hourly file has grown to 96k rows since the T-5 change-out and\n"
                          "csv.DictReader with a dict per row takes 30-40 s and 1.2 GB RSS on\n"
                          "mdm-app01 (the OOM kill on 3 March). read_csv does it in ~3 s; the\n"
                          "registry split is vectorised with Series.map.", {
        "meterdata/ingest/hourly.py": hourly_v2,
        "meterdata/ingest/registry.py": sub(repo.files["meterdata/ingest/registry.py"],
                                            "        return known, unknown\n\n\ndef refresh",
                                            "        return known, unknown\n\n    def split_frame(self, frame):\n        \"\"\"split() for a DataFrame: (known rows with meter_id and dma, unknown rows).\"\"\"\n        meters = frame[\"meter_number\"].map(self.meters)\n        known = frame[meters.notna()].copy()\n        known[\"meter_id\"] = meters.dropna().map(lambda m: m[0])\n        known[\"dma\"] = meters.dropna().map(lambda m: m[2])\n        return known, frame[meters.isna()]\n\n\ndef refresh"),
        "meterdata/ingest/quarantine.py": sub(repo.files["meterdata/ingest/quarantine.py"],
                                              "import csv\nimport logging\n", "import logging\n",
                                              '    target = QUARANTINE_DIR / path.name\n    with open(target, "a", newline="") as fh:\n        out = csv.writer(fh)\n        for r in rows:\n            out.writerow([r["meter_number"], r["endpoint_id"], r["read_end"].isoformat(), r["register_gal"], r["flags"] or "", r["gateway_id"]])\n',
                                              '    target = QUARANTINE_DIR / path.name\n    rows.to_csv(target, mode="a", header=not target.exists(), index=False)\n'),
        "pyproject.toml": sub(repo.files["pyproject.toml"], "  \"pyyaml==6.0.1\",\n", "  \"pyyaml==6.0.1\",\n  \"numpy==1.26.4\",\n"),
        "tests/test_hourly.py": sub(repo.files["tests/test_hourly.py"], '    assert rows[0]["meter_number"] == "0061240987"\n',
                                    '    assert rows["meter_number"].iloc[0] == "0061240987"\n    assert rows["register_gal"].dtype == "float64"\n\n\ndef test_parse_keeps_brannock_and_compound_numbers():\n    rows = parse(FIXTURE)\n    assert "218773042" in set(rows["meter_number"])\n    assert "KM2104431" in set(rows["meter_number"])\n'),
    })
    repo.commit(utc("2026-03-13 15:20:00"), dana, "runbook: unknown meter spikes follow change-out batches (AMI-216)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Replay after the registry refresh:",
                               "A spike of hundreds or thousands is a change-out batch: the contractor's\n"
                               "exchanges reach CIS a day or two after the new meters start reporting\n"
                               "(3 and 4 February: 2,100 and 3,400 rows). Ask meter services whether a\n"
                               "batch is pending, force a registry refresh (`sudo -u meterdata\n"
                               "meterdata-ingest registry-refresh`) and replay. Nothing is lost: the\n"
                               "rows wait in quarantine. Replay after the registry refresh:"),
    })
    hourly_v3 = sub(repo.files["meterdata/ingest/hourly.py"],
                    'usecols=COLUMNS, parse_dates=["read_end"])', 'usecols=COLUMNS, parse_dates=["read_end"], compression="infer")',
                    "Columns are described in\ndocs/hes-file-format.md.", "Columns are described in\ndocs/hes-file-format.md. From April NetMetrix may send .csv.gz.")
    repo.commit(utc("2026-03-13 18:05:00"), jen, "ingest: accept .csv.gz hourly files (AMI-219)\n\nTessera's April upgrade can gzip the export; read_csv infers it.", {
        "meterdata/ingest/hourly.py": hourly_v3,
        "meterdata/ingest/watcher.py": sub(repo.files["meterdata/ingest/watcher.py"], '"interval": "BSMU_INTERVAL_*.csv"', '"interval": ("BSMU_INTERVAL_*.csv", "BSMU_INTERVAL_*.csv.gz")'),
    })
    repo.commit(utc("2026-03-16 06:02:00"), bot, "Bump pandas from 2.2.2 to 2.2.3\n\nBumps [pandas](https://github.com/pandas-dev/pandas) from 2.2.2 to 2.2.3.\n- [Release notes](https://github.com/pandas-dev/pandas/releases)\n- [Commits](https://github.com/pandas-dev/pandas/compare/v2.2.2...v2.2.3)\n\nSigned-off-by: dependabot[bot] <support@github.com>", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pandas==2.2.2"', '"pandas==2.2.3"'),
    })
    repo.commit(utc("2026-03-16 11:30:00"), priyanka, "quarantine: log a sample of the unknown meter numbers (AMI-217)\n\n"
                "Meter services asked which meters to chase; the count alone meant\nopening the quarantine file on the VM.", {
        "meterdata/ingest/quarantine.py": sub(repo.files["meterdata/ingest/quarantine.py"],
                                              '    log.warning("quarantined %d rows: meter number not in registry (file %s)", len(rows), path.name)\n',
                                              '    sample = ",".join(rows["meter_number"].head(5))\n    log.warning("unknown meter numbers quarantined count=%d file=%s sample=%s", len(rows), path.name, sample)\n'),
    })
    repo.commit(utc("2026-03-17 13:05:00"), marcus, "config: portal usage cache 900 s (AMI-220)\n\nThe portal polls every 5 min; hourly data changes once an hour.", {
        "config/meterdata.yaml": sub(repo.files["config/meterdata.yaml"], "usage_cache_ttl_s: 300", "usage_cache_ttl_s: 900"),
    })
    rel = repo.commit(utc("2026-03-17 14:20:00"), marcus, "release 3.4.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.3.2"', 'version = "3.4.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.4.0\n\n- AMI-214 hourly file parsed with pandas (38 s -> 3 s)\n- AMI-217 sample of unknown meter numbers in the quarantine warning\n- AMI-219 .csv.gz hourly files\n- AMI-220 portal usage cache 900 s\n- pandas 2.2.3\n"),
    })
    shipped_hourly = repo.files["meterdata/ingest/hourly.py"]
    fix = repo.commit(utc("2026-03-17 18:02:00"), jen, "hourly: read meter_number as text (AMI-224)\n\n"
                      "read_csv inferred meter_number per 64k-row chunk; the file is sorted,\n"
                      "so the first chunk (T-5s and Brannocks, all digits) came back as\n"
                      "int64 and every T-5 lost its leading zeros (0061000233 -> 61000233)\n"
                      "and was quarantined. The 12-row fixture had letters in its only chunk.", {
        "meterdata/ingest/hourly.py": sub(repo.files["meterdata/ingest/hourly.py"], 'DTYPES = {"endpoint_id"', 'DTYPES = {"meter_number": "string", "endpoint_id"'),
        "tests/test_hourly.py": repo.files["tests/test_hourly.py"] + '\n\ndef test_all_digit_chunk_keeps_leading_zeros(tmp_path):\n    path = tmp_path / "big.csv"\n    lines = ["meter_number,endpoint_id,read_end,register_gal,uom,flags,gateway_id,rssi_dbm"]\n    lines += [f"00{61000000 + i},{i},2026-03-17T15:00:00Z,1.0,GAL,,GW-X,-90" for i in range(70000)]\n    lines += ["KM2104431,1,2026-03-17T15:00:00Z,1.0,GAL,,GW-X,-90"]\n    path.write_text("\\n".join(lines) + "\\n")\n    assert parse(path)["meter_number"].iloc[0] == "0061000000"\n',
    })
    fixrel = repo.commit(utc("2026-03-17 18:20:00"), marcus, "release 3.4.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "3.4.0"', 'version = "3.4.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.4.1\n\n- AMI-224 meter_number read as text (T-5 numbers lost their leading zeros in 3.4.0)\n"),
    })
    repo.commit(utc("2026-03-17 19:30:00"), dana, "runbook: quarantine replay and re-ingest after a bad parse", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## DmaBalanceHigh",
                               "If the sample's meter numbers do not look like ours (wrong length, no\n"
                               "leading zeros), the parse is wrong, not CIS: roll back and re-ingest the\n"
                               "original files from /srv/sftp/hes/processed/ (`meterdata-ingest\n"
                               "reingest FILE`); the quarantine holds the rows as parsed.\n\n## DmaBalanceHigh"),
    })
    return repo, {"prev": prev, "culprit": culprit, "release": rel, "fix": fix, "fixrel": fixrel, "hourly": shipped_hourly}


# ---------------------------------------------------------------------------
# the day


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}"


LOWEST_T5 = ["0061000321", "0061000585", "0061000612", "0061000890", "0061001047", "0061001133", "0061001208"]


def build_logs(rng, shas):
    ing, bal, ngx, sec, pg, gl, teams, sr = (Log("meterdata-ingest.log"), Log("meterdata-balance.log"), Log("nginx-access.log"),
                                             Log("secure.log"), Log("postgresql.log"), Log("gitlab-deploy.log"),
                                             Log("teams-ami-ops.log"), Log("service-requests.log"))
    stats = {"onset": None, "quarantined": [], "dtype_warnings": 0, "files": {}}
    read_line_no, read_line = read_csv_line(shas["hourly"])
    site_path = "/opt/meterdata/venv/lib/python3.12/site-packages/meterdata/ingest/hourly.py"

    # versions by time (service restart times filled in by the deploy jobs)
    epochs = [(START - dt.timedelta(days=7), "3.3.2", shas["prev"], 1187)]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def ilog(t, level, logger, msg, pid=None):
        if START <= t < END:
            ing.add(t, f"{iso_ms(t)} {level:<8} [{pid or epoch_at(t)[3]}] {logger}: {msg}")

    def slog(t, tag, pid, msg):
        if START <= t < END:
            sec.add(t, syslog3164(t, "mdm-app01", tag, pid, msg))

    def pglog(t, pid, level, msg, who=None):
        if START <= t < END:
            pg.add(t, postgres(t, pid, level, msg, who))

    def blog(t, level, msg, **kv):
        if START <= t < END:
            bal.add(t, logfmt(t, level, msg, **kv))

    # --- routine unknown meters: installs today, in CIS after the paperwork
    new_installs = sorted([f"00{rng.randint(64410000, 64419999)}" for _ in range(9)] + ["KM2604117", "KM2604121", "NX3519002", "219902113", "219902140"])
    in_cis_after_refresh = set(rng.sample(new_installs, 10))

    # --- deploy jobs and restarts
    def deploy_job(t0, tag, sha, version, pid_new, who):
        lines = [
            f"Running with gitlab-runner 17.9.1 (bbf75488)",
            f"  on bsmu-shell-runner-02 t3_Qm8xZ, system ID: s_4f2e8c1d9a77",
            f"Resolving secrets",
            f"Preparing the \"shell\" executor",
            f"Using Shell (bash) executor...",
            f"Preparing environment",
            f"Running on gitlab-runner02.bsmu.local...",
            f"Getting source from Git repository",
            f"Fetching changes with git depth set to 20...",
            f"Reinitialized existing Git repository in /home/gitlab-runner/builds/t3_Qm8xZ/0/ami/meterdata/.git/",
            f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...",
            f"Skipping Git submodules setup",
            f"Executing \"step_script\" stage of the job script",
            f"$ ansible-playbook -i deploy/ansible/inventories/prod deploy/ansible/deploy.yml -e meterdata_version={version} -e meterdata_commit=$CI_COMMIT_SHA",
            f"PLAY [meterdata] ***************************************************************",
            f"TASK [Gathering Facts] *********************************************************",
            f"ok: [mdm-app01.bsmu.local]",
            f"TASK [meterdata : install wheel meterdata-{version}-py3-none-any.whl] ***********",
            f"changed: [mdm-app01.bsmu.local]",
            f"TASK [meterdata : template /etc/meterdata/meterdata.yaml] **********************",
            f"{'changed' if version != '3.4.1' else 'ok'}: [mdm-app01.bsmu.local]",
            f"TASK [meterdata : template /etc/sysconfig/meterdata] ***************************",
            f"changed: [mdm-app01.bsmu.local]",
            f"RUNNING HANDLER [meterdata : restart meterdata-ingest] *************************",
            f"changed: [mdm-app01.bsmu.local]",
            f"RUNNING HANDLER [meterdata : restart meterdata-api] ****************************",
            f"changed: [mdm-app01.bsmu.local]",
            f"PLAY RECAP *********************************************************************",
            f"mdm-app01.bsmu.local       : ok=7    changed={5 if version != '3.4.1' else 4}    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0",
            f"Cleaning up project directory and file based variables",
            f"Job succeeded",
        ]
        t = t0
        restart_at = None
        for k, line in enumerate(lines):
            gl.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 01O {line}")
            if line.startswith("RUNNING HANDLER [meterdata : restart meterdata-ingest]"):
                restart_at = t + dt.timedelta(milliseconds=300)
            step = rng.uniform(0.2, 1.4)
            if line.startswith("TASK [meterdata : install wheel"):
                step = rng.uniform(38, 52)
            if line.startswith("Fetching changes"):
                step = rng.uniform(2, 4)
            if line.startswith("TASK [Gathering Facts]"):
                step = rng.uniform(3, 6)
            t += dt.timedelta(seconds=step)
        # sudo and systemd traces of the restart in /var/log/secure
        slog(restart_at - dt.timedelta(seconds=70), "sshd", 61000 + pid_new % 997, f"Accepted publickey for ansible from 10.20.1.31 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:pQ1c0mV9y3Zq5oHn1x7dJr0kTtZr2Ue6VjP5w3a8sLk")
        slog(restart_at - dt.timedelta(seconds=70), "sshd", 61000 + pid_new % 997, "pam_unix(sshd:session): session opened for user ansible(uid=1010) by (uid=0)")
        slog(restart_at - dt.timedelta(seconds=1), "sudo", None, f"ansible : TTY=unknown ; PWD=/home/ansible ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-{hexid(rng, 32)} ; /usr/bin/python3 /home/ansible/.ansible/tmp/AnsiballZ_systemd.py")
        slog(restart_at + dt.timedelta(seconds=9), "sshd", 61000 + pid_new % 997, "pam_unix(sshd:session): session closed for user ansible")
        old = epoch_at(restart_at)
        ilog(restart_at, "INFO", "meterdata.ingest.main", "SIGTERM received, finishing current file and stopping", pid=old[3])
        ilog(restart_at + dt.timedelta(milliseconds=140), "INFO", "meterdata.ingest.main", "stopped", pid=old[3])
        up = restart_at + dt.timedelta(seconds=rng.uniform(2.2, 3.4))
        commit = sha[:8]
        epochs.append((up, version, sha, pid_new))
        ilog(up, "INFO", "meterdata.ingest.main", f"starting meterdata-ingest version={version} commit={commit} python=3.12.9 pandas=2.2.{3 if version != '3.3.2' else 2}")
        ilog(up + dt.timedelta(seconds=0.4), "INFO", "meterdata.ingest.registry",
             f"registry loaded meters={96461 if up < REFRESH else 96471} source=cis.ami.vw_meters requested_by=startup took_s={rng.uniform(2.6, 3.9):.1f}")
        ilog(up + dt.timedelta(seconds=4.3), "INFO", "meterdata.ingest.watcher", "watching /srv/sftp/hes/incoming (interval, events) every 15 s")
        # the api restarts too: nginx sees a few 502s
        for k in range(rng.randint(1, 3)):
            tt = restart_at + dt.timedelta(seconds=rng.uniform(0.3, 2.4))
            ngx.add(tt, nginx_access(tt, f"10.20.4.{rng.randint(10, 12)}", "GET", f"/api/v1/usage/{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}?interval=hourly&days=7", 502, 157, 0.001,
                                     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36", upstream_rt=0.001))
        return up

    up_release = deploy_job(RELEASE_JOB, "v3.4.0", shas["release"], "3.4.0", 48211, "marcus.bell")
    up_rollback = deploy_job(ROLLBACK_JOB, "v3.3.2", shas["prev"], "3.3.2", 52904, "marcus.bell")
    up_fix = deploy_job(FIX_JOB, "v3.4.1", shas["fixrel"], "3.4.1", 57316, "marcus.bell")

    # --- the registry refresh Dana forces at 15:31
    slog(REFRESH - dt.timedelta(minutes=3, seconds=12), "sshd", 58122, f"Accepted publickey for dana.okafor from 10.20.1.15 port 52214 ssh2: ED25519 SHA256:y7Qv1mZ0a9Hc3kR4nT2wXe8uB6sLpJ5dGf0oVi1NrQc")
    slog(REFRESH - dt.timedelta(minutes=3, seconds=12), "sshd", 58122, "pam_unix(sshd:session): session opened for user dana.okafor(uid=1204) by (uid=0)")
    slog(REFRESH - dt.timedelta(seconds=2), "sudo", None, "dana.okafor : TTY=pts/0 ; PWD=/home/dana.okafor ; USER=meterdata ; COMMAND=/opt/meterdata/venv/bin/meterdata-ingest registry-refresh")
    ilog(REFRESH, "INFO", "meterdata.ingest.registry", "registry refresh requested by=dana.okafor", pid=58177)
    ilog(REFRESH + dt.timedelta(seconds=3.1), "INFO", "meterdata.ingest.registry", "registry loaded meters=96471 source=cis.ami.vw_meters requested_by=dana.okafor took_s=3.1", pid=58177)
    ilog(REFRESH + dt.timedelta(seconds=3.3), "INFO", "meterdata.ingest.registry", "registry reload signalled to meterdata-ingest pid=48211", pid=58177)
    ilog(REFRESH + dt.timedelta(seconds=3.5), "INFO", "meterdata.ingest.registry", "registry reloaded on SIGHUP meters=96471")

    # --- hourly interval files
    def sftp_upload(t_open, name, size, pid):
        ip_ = "52.14.201.77"
        port = rng.randint(40000, 65000)
        slog(t_open - dt.timedelta(milliseconds=620), "sshd", pid, f"Accepted publickey for hes-export from {ip_} port {port} ssh2: RSA SHA256:Jw3kz0Hq5XbLr8mT2pVn1c7sYd4fGa9uE6oWiQ0tZcM")
        slog(t_open - dt.timedelta(milliseconds=600), "sshd", pid, "pam_unix(sshd:session): session opened for user hes-export(uid=1003) by (uid=0)")
        slog(t_open - dt.timedelta(milliseconds=420), "internal-sftp", pid + 2, f"session opened for local user hes-export from [{ip_}]")
        slog(t_open, "internal-sftp", pid + 2, f'open "/incoming/{name}.part" flags WRITE,CREATE,TRUNCATE mode 0640')
        took = size / rng.uniform(160000, 320000) if size > 100000 else rng.uniform(0.2, 0.6)
        t_close = t_open + dt.timedelta(seconds=took)
        slog(t_close, "internal-sftp", pid + 2, f'close "/incoming/{name}.part" bytes read 0 written {size}')
        slog(t_close + dt.timedelta(milliseconds=30), "internal-sftp", pid + 2, f'rename old "/incoming/{name}.part" new "/incoming/{name}"')
        slog(t_close + dt.timedelta(milliseconds=90), "internal-sftp", pid + 2, f"session closed for local user hes-export from [{ip_}]")
        slog(t_close + dt.timedelta(milliseconds=110), "sshd", pid, "pam_unix(sshd:session): session closed for user hes-export")
        return t_close

    dma_hour = {}  # hour_end -> version that stored the file
    sftp_pid = 43100
    hour_files = []
    for h in range(12, 20):
        hour_end = START.replace(hour=h)
        t_open = hour_end + dt.timedelta(minutes=11, seconds=rng.uniform(10, 50))
        hour_files.append((hour_end, t_open))

    def hourly(hour_end, t_open):
        nonlocal sftp_pid
        name = f"BSMU_INTERVAL_{hour_end.strftime('%Y%m%dT%H%M')}Z.csv"
        heard = rng.uniform(0.9885, 0.9952)
        t5 = round(N_T5 * heard)
        rows = t5 + round(N_PD * heard) + round(N_ALPHA * rng.uniform(0.991, 0.997))
        routine = [m for m in new_installs if not (hour_end >= utc("2026-03-17 16:00:00") and m in in_cis_after_refresh)]
        routine = [m for m in routine if rng.random() < 0.93]
        rows += len(routine)
        size = rows * 66 + rng.randint(0, 900)
        sftp_pid += rng.randint(40, 400)
        t_close = sftp_upload(t_open, name, size, sftp_pid)
        t = t_close + dt.timedelta(seconds=rng.uniform(0.5, 15))
        version = epoch_at(t)[1]
        t_pick = t
        ilog(t, "INFO", "meterdata.ingest.watcher", f"new hourly file name={name} size={size}")
        if version == "3.3.2":
            took = rng.uniform(27, 38)
        else:
            took = rng.uniform(2.2, 3.6)
        if version == "3.4.0":
            tw = t + dt.timedelta(seconds=took * 0.93)
            ilog(tw, "WARNING", "py.warnings", f"{site_path}:{read_line_no}: DtypeWarning: Columns (0) have mixed types. Specify dtype option on import or set low_memory=False.\n  {read_line}")
            stats["dtype_warnings"] += 1
            if stats["onset"] is None:
                stats["onset"] = tw
        t += dt.timedelta(seconds=took)
        ilog(t, "INFO", "meterdata.ingest.hourly", f"parsed hourly file name={name} rows={rows} took_s={took:.1f}")
        t += dt.timedelta(seconds=rng.uniform(0.3, 0.9) if version != "3.3.2" else rng.uniform(1.5, 2.6))
        if version == "3.4.0":
            heard_lowest = [m for m in LOWEST_T5 if rng.random() < 0.97][:5]
            unknown = t5 + len(routine)
            sample = ",".join(m.lstrip("0") for m in heard_lowest)
            ilog(t, "WARNING", "meterdata.ingest.quarantine", f"unknown meter numbers quarantined count={unknown} file={name} sample={sample}")
        elif version == "3.4.1":
            unknown = len(routine)
            ilog(t, "WARNING", "meterdata.ingest.quarantine", f"unknown meter numbers quarantined count={unknown} file={name} sample={','.join(routine[:5])}")
        else:
            unknown = len(routine)
            if unknown:
                ilog(t, "WARNING", "meterdata.ingest.quarantine", f"quarantined {unknown} rows: meter number not in registry (file {name})")
        stats["quarantined"].append((t, unknown, name, version))
        stats["files"][name] = dict(rows=rows, t5=t5, routine=routine)
        accepted = rows - unknown
        zero = int(accepted * rng.uniform(0.30, 0.36)) if hour_end.hour in (12, 13) else int(accepted * rng.uniform(0.22, 0.28))
        high = rng.randint(60, 130)
        dec = rng.randint(3, 14)
        cont = rng.randint(380, 520) - (int(t5 * 0.006) if version == "3.4.0" else 0)
        t += dt.timedelta(seconds=rng.uniform(0.8, 2.2))
        ilog(t, "INFO", "meterdata.ingest.vee", f"vee summary file={name} checked={accepted} flagged={zero + high + dec + cont} zero_consumption={zero} high_usage={high} register_decrease={dec} continuous_flow={cont}")
        batches = (accepted + 4999) // 5000
        for b in range(1, batches + 1):
            t += dt.timedelta(milliseconds=rng.randint(380, 760))
            n = 5000 if b < batches else accepted - 5000 * (batches - 1)
            ilog(t, "INFO", "meterdata.ingest.store", f"upserted batch {b}/{batches} rows={n} inserted={n - rng.randint(0, 3)} took_ms={rng.randint(340, 720)}")
        t += dt.timedelta(milliseconds=rng.randint(40, 120))
        ilog(t, "INFO", "meterdata.ingest.hourly", f"hourly file done name={name} accepted={accepted} quarantined={unknown} took_s={(t - t_pick).total_seconds():.1f}")
        ilog(t + dt.timedelta(milliseconds=20), "INFO", "meterdata.ingest.watcher", f"moved {name} to /srv/sftp/hes/processed/")
        dma_hour[hour_end] = version
        # the database's side of the upsert
        pglog(t - dt.timedelta(seconds=rng.uniform(2, 5)), 30000 + rng.randint(0, 999), "LOG", f"duration: {rng.uniform(1100, 2600):.3f} ms  execute <unnamed>: INSERT INTO ami.interval_reads (meter_id, read_end, register_gal, flags, gateway_id) SELECT * FROM UNNEST($1::bigint[], $2::timestamptz[], $3::numeric[], $4::text[], $5::text[]) ON CONFLICT (meter_id, read_end) DO NOTHING", "meterdata@mdm")
        pglog(t + dt.timedelta(seconds=rng.uniform(40, 90)), 31000 + rng.randint(0, 999), "LOG",
              f'automatic analyze of table "mdm.ami.interval_reads_2026_03" system usage: CPU: user: {rng.uniform(0.8, 1.6):.2f} s, system: {rng.uniform(0.04, 0.12):.2f} s, elapsed: {rng.uniform(2.1, 4.4):.2f} s')
        return t

    for hour_end, t_open in hour_files:
        hourly(hour_end, t_open)

    # --- the failed replay and the re-ingest after the rollback
    t = utc("2026-03-17 16:51:40")
    slog(t - dt.timedelta(seconds=2), "sudo", None, "dana.okafor : TTY=pts/0 ; PWD=/home/dana.okafor ; USER=meterdata ; COMMAND=/opt/meterdata/venv/bin/meterdata-ingest replay")
    q_files = [(n, u) for _, u, n, v in stats["quarantined"] if v == "3.4.0"]
    replay_accepted = {}
    for name, count in q_files:
        f = stats["files"][name]
        ok = sum(1 for m in f["routine"] if m in in_cis_after_refresh and not m.startswith("00"))
        replay_accepted[name] = ok
        ilog(t, "INFO", "meterdata.ingest.quarantine", f"replaying quarantine file={name} rows={count}", pid=59013)
        t += dt.timedelta(seconds=rng.uniform(2.5, 4))
        ilog(t, "WARNING", "meterdata.ingest.quarantine", f"replay done file={name} accepted={ok} still_unknown={count - ok}", pid=59013)
        t += dt.timedelta(seconds=0.3)
    t = utc("2026-03-17 17:03:10")
    for name, count in q_files:
        slog(t - dt.timedelta(seconds=2), "sudo", None, f"dana.okafor : TTY=pts/0 ; PWD=/home/dana.okafor ; USER=meterdata ; COMMAND=/opt/meterdata/venv/bin/meterdata-ingest reingest /srv/sftp/hes/processed/{name}")
        ilog(t, "INFO", "meterdata.ingest.hourly", f"reingest requested file=/srv/sftp/hes/processed/{name} by=dana.okafor", pid=59188)
        f = stats["files"][name]
        took = rng.uniform(28, 36)
        t += dt.timedelta(seconds=took)
        rows = f["rows"]
        still = [m for m in f["routine"] if m not in in_cis_after_refresh]
        present = rows - count + replay_accepted[name]
        inserted = rows - len(still) - present
        f["inserted"] = inserted
        ilog(t, "INFO", "meterdata.ingest.hourly", f"parsed hourly file name={name} rows={rows} took_s={took:.1f}", pid=59188)
        t += dt.timedelta(seconds=rng.uniform(30, 45))
        ilog(t, "INFO", "meterdata.ingest.hourly", f"reingest done file={name} inserted={inserted} already_present={present} quarantined={len(still)}", pid=59188)
        t += dt.timedelta(seconds=rng.uniform(20, 40))
    reingested_at = t

    # --- 15-minute alarm files (JSON; unaffected)
    t = START + dt.timedelta(minutes=2, seconds=rng.uniform(0, 40))
    while t < END:
        q = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=t.minute % 15)
        name = f"BSMU_EVENTS_{q.strftime('%Y%m%dT%H%M')}Z.json"
        sftp_pid += rng.randint(40, 400)
        t_close = sftp_upload(t, name, rng.randint(4000, 22000), sftp_pid)
        te = t_close + dt.timedelta(seconds=rng.uniform(0.5, 15))
        leak, rev, tam, bat, emp = rng.randint(1, 9), rng.randint(0, 2), rng.randint(0, 2), rng.randint(3, 14), rng.randint(0, 4)
        ilog(te, "INFO", "meterdata.ingest.events", f"events file processed name={name} alarms={leak + rev + tam + bat + emp} leak={leak} reverse_flow={rev} tamper={tam} low_battery={bat} empty_pipe={emp} unknown_meter={1 if rng.random() < 0.12 else 0}")
        t += dt.timedelta(minutes=15, seconds=rng.uniform(-20, 20))

    # --- DMA water balance (meterdata-balance.timer at :20)
    base_nrw = {d: rng.uniform(6, 16) for d, _, _ in DMAS}
    flushing = "DMA14-MAPLE-HILL"
    recomputed = set()

    def profile(hour_end):
        local = (hour_end.hour - 5) % 24
        return {6: 1.0, 7: 1.45, 8: 1.5, 9: 1.3, 10: 1.15, 11: 1.05, 12: 1.05, 13: 1.0, 14: 0.95, 15: 1.0}.get(local, 1.0)

    def balance(t, hour_end, recompute=False):
        ver = dma_hour.get(hour_end, "3.3.2")
        if recompute:
            ver = "3.3.2"
        run_id = hexid(rng, 8)
        blog(t, "info", "balance run started", hour_ending=hour_end.strftime("%Y-%m-%dT%H:00Z"), run=run_id, dmas=len(DMAS), recompute=str(recompute).lower())
        pglog(t + dt.timedelta(milliseconds=40), 32000 + rng.randint(0, 999), "LOG", "connection authorized: user=meterdata_balance database=mdm application_name=meterdata-balance", None)
        tt = t + dt.timedelta(milliseconds=200)
        warned = 0
        for dma, conns, share in DMAS:
            inflow = conns * 11.5 * profile(hour_end) * rng.uniform(0.9, 1.1)
            nrw = base_nrw[dma] + (rng.uniform(10, 16) if dma == flushing and hour_end.hour in (13, 14) else 0)
            reporting = conns * rng.uniform(0.989, 0.996)
            billed = inflow * (1 - nrw / 100)
            if ver == "3.4.0":
                billed *= (1 - share * 0.995)
                reporting *= (1 - share * 0.995)
                nrw = (1 - billed / inflow) * 100
            tag = f"{dma.split('-')[0]}_FIT101_TOT"
            took = rng.randint(90, 420)
            blog(tt, "info", "historian query", tag=tag, window=f"{(hour_end - dt.timedelta(hours=1)).strftime('%H:%M')}/{hour_end.strftime('%H:%M')}Z", points=60, quality="Good", took_ms=took)
            tt += dt.timedelta(milliseconds=took + rng.randint(30, 90))
            fields = dict(run=run_id, dma=dma, inflow_gal=int(inflow), ami_gal=int(billed), nrw_pct=round(nrw, 1),
                          ami_meters_reporting=f"{int(reporting)}/{conns}")
            if nrw > 25:
                warned += 1
                blog(tt, "warn", "dma balance above threshold", threshold_pct=25, **fields)
            else:
                blog(tt, "info", "dma balance", **fields)
            tt += dt.timedelta(milliseconds=rng.randint(5, 30))
        blog(tt, "info", "balance run done", run=run_id, above_threshold=warned, took_ms=int((tt - t).total_seconds() * 1000))

    for h in range(12, 20):
        hour_end = START.replace(hour=h)
        t = hour_end + dt.timedelta(minutes=20, seconds=rng.uniform(0.2, 1.5))
        balance(t, hour_end)
        if h == 17:
            for he in sorted(k for k, v in dma_hour.items() if v == "3.4.0"):
                t = t + dt.timedelta(seconds=rng.uniform(8, 14))
                blog(t, "info", "recomputing after re-ingest", hour_ending=he.strftime("%Y-%m-%dT%H:00Z"), reason="late_reads")
                balance(t + dt.timedelta(milliseconds=300), he, recompute=True)

    # --- PostgreSQL routine
    t = START + dt.timedelta(seconds=rng.uniform(0, 300))
    lsn = 0x4A57000000
    while t < END:
        pid = 2210
        pglog(t, pid, "LOG", "checkpoint starting: time")
        w = rng.randint(900, 7800)
        write = rng.uniform(90, 260)
        sync = rng.uniform(0.01, 0.3)
        dist = rng.randint(20000, 160000)
        redo = lsn + rng.randint(1000, 50000)
        lsn = redo + dist * 1024
        tt = t + dt.timedelta(seconds=write + sync + 0.05)
        pglog(tt, pid, "LOG", f"checkpoint complete: wrote {w} buffers ({w / 524288 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 4)} recycled; write={write:.3f} s, sync={sync:.3f} s, total={write + sync + 0.05:.3f} s; sync files={rng.randint(20, 90)}, longest={rng.uniform(0.005, 0.09):.3f} s, average={rng.uniform(0.001, 0.01):.3f} s; distance={dist} kB, estimate={max(dist, rng.randint(60000, 170000))} kB; lsn={lsn >> 32:X}/{lsn & 0xFFFFFFFF:08X}, redo lsn={redo >> 32:X}/{redo & 0xFFFFFFFF:08X}")
        t += dt.timedelta(minutes=5)
    for _ in range(14):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pglog(tt, 30000 + rng.randint(0, 999), "LOG", f"duration: {rng.uniform(1000, 1900):.3f} ms  execute <unnamed>: SELECT date_trunc('hour', read_end) AS h, register_gal FROM ami.interval_reads WHERE meter_id = $1 AND read_end >= $2 ORDER BY read_end", "meterdata_api@mdm")

    # --- nginx access: the portal's usage API and the F5 health check
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
           "Mozilla/5.0 (Linux; Android 14; SM-S911U) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0"]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(4.2 / 60))
        if t >= END:
            break
        acct = f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}"
        kind = rng.random()
        if kind < 0.55:
            path, size, rt = f"/api/v1/usage/{acct}?interval=hourly&days=7", rng.randint(3800, 9200), rng.uniform(0.04, 0.4)
        elif kind < 0.8:
            path, size, rt = f"/api/v1/usage/{acct}?interval=daily&days=30", rng.randint(1400, 2600), rng.uniform(0.02, 0.2)
        elif kind < 0.95:
            path, size, rt = f"/api/v1/accounts/{acct}/alerts", rng.randint(200, 900), rng.uniform(0.01, 0.06)
        else:
            path, size, rt = f"/api/v1/accounts/{acct}/leak-alerts/preferences", rng.randint(120, 300), rng.uniform(0.01, 0.05)
        method = "PUT" if "preferences" in path and rng.random() < 0.4 else "GET"
        ngx.add(t, nginx_access(t, f"10.20.4.{rng.randint(10, 12)}", method, path, 200, size, rt, rng.choice(uas), referer="https://mywater.brackettsprings.gov/usage", upstream_rt=rt - 0.001 if rt > 0.002 else rt))
    t = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t < END:
        ngx.add(t, nginx_access(t, "10.20.4.2", "GET", "/healthz", 200, 15, 0.001, "F5-Healthcheck/1.0", upstream_rt=0.001))
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(0, 40))

    # --- secure log noise: hourly cron on the VM, an admin login
    t = START + dt.timedelta(minutes=1)
    while t < END:
        slog(t, "CROND", 20000 + rng.randint(0, 9000), "(root) CMD (/usr/local/sbin/sftp-processed-cleanup --older-than 30d)")
        t += dt.timedelta(hours=1)

    # --- Teams #ami-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "ami-ops",
                                 "from": who, "body": text}, ensure_ascii=False))

    onset = stats["onset"]
    q15 = [u for _, u, n, v in stats["quarantined"] if v == "3.4.0"]
    say(utc("2026-03-17 12:48:10"), "Carla Jimenez", "morning. meter services has 14 new installs today (Cedar Bluff infill and two KM compounds at the Harmon plant), paperwork goes to CIS by noon")
    say(utc("2026-03-17 14:29:30"), "Marcus Bell", "deploying meterdata 3.4.0 after standup: AMI-214 hourly file parsed with pandas (38 s -> 3 s, no more OOM), AMI-217 sample of unknown meter numbers in the quarantine warning, AMI-219 .csv.gz, pandas 2.2.3, portal usage cache 900 s")
    say(up_release + dt.timedelta(minutes=1, seconds=20), "Marcus Bell", "3.4.0 up on mdm-app01, next hourly file at :12")
    say(onset + dt.timedelta(minutes=1, seconds=40), "Grafana Alerting", f"[FIRING:1] MeterdataQuarantineHigh mdm-app01: {q15[0]} rows quarantined from BSMU_INTERVAL_20260317T1500Z.csv (threshold 500)")
    say(onset + dt.timedelta(minutes=4), "Dana Okafor", "ack, looking. runbook says that's a change-out batch that hasn't reached CIS. @Carla Jimenez did Utility Partners load a batch?")
    say(onset + dt.timedelta(minutes=8), "Carla Jimenez", "no change-out batch this week, their crews are on the west side hydrant program until Friday. only today's 14 installs")
    say(utc("2026-03-17 15:23:50"), "Ray Dunn", "control room here. the balance job flags Northfield, Prairie Ridge, Eastgate and Cedar Bluff at 70-90% NRW for the 9 o'clock hour. historian shows normal inflows and pressures up there, no main break, no flushing. are the meter reads in?")
    say(utc("2026-03-17 15:27:20"), "Dana Okafor", "the new quarantine warning has a sample: 61000321,61000585,... 8 digits. do we have meters numbered like that?")
    say(utc("2026-03-17 15:29:55"), "Carla Jimenez", "that's not a meter number we have. T-5s are 10 digits, 0061000321 is a T-5 in Northfield (2023). Brannocks are 9 digits and start with 2")
    say(REFRESH - dt.timedelta(seconds=40), "Dana Okafor", "0061000321 is in the registry. forcing a registry refresh anyway per runbook")
    say(REFRESH + dt.timedelta(minutes=1, seconds=10), "Dana Okafor", "refresh done, 96,471 meters. watching the 16:12 file")
    say(utc("2026-03-17 15:52:30"), "Priyanka Rao", "the sample is my AMI-217, it only prints what's quarantined. pandas 2.2.3 came in with this release though, could a patch bump change how the numbers are read?")
    say(utc("2026-03-17 15:58:10"), "Tanya Brooks", "customer service: 6 portal tickets in the last half hour, 'no usage since 9 AM', all north side so far")
    say(stats["quarantined"][4][0] + dt.timedelta(minutes=1, seconds=30), "Grafana Alerting", f"[FIRING:1] MeterdataQuarantineHigh mdm-app01: {q15[1]} rows quarantined from BSMU_INTERVAL_20260317T1600Z.csv (threshold 500)")
    say(stats["quarantined"][4][0] + dt.timedelta(minutes=3), "Dana Okafor", "same after the refresh. the events files are fine (unknown_meter=0), only the hourly file")
    say(utc("2026-03-17 16:21:40"), "Jen Kowalczyk", "it's my parser (AMI-214), not pandas 2.2.3. there's a DtypeWarning 'Columns (0) have mixed types' right before each of the two files since 3.4.0. read_csv guesses meter_number's type per 64k-row chunk, the file is sorted, so the first chunk is all digits (every T-5 and most Brannocks) and comes back as integers: 0061000321 -> 61000321. Brannocks survive, no leading zero. the test fixture has KM numbers in its only chunk")
    say(utc("2026-03-17 16:25:05"), "Marcus Bell", "rolling back to 3.3.2 now, then we replay the two hours")
    say(up_rollback + dt.timedelta(minutes=1), "Marcus Bell", "3.3.2 running (csv module again)")
    say(utc("2026-03-17 16:53:30"), "Dana Okafor", "replay doesn't help, still_unknown on both files. the quarantine files hold the stripped numbers")
    say(utc("2026-03-17 16:56:00"), "Jen Kowalczyk", "re-ingest the originals from processed/ instead, the upsert skips the rows that are already there")
    ins = [stats["files"][n]["inserted"] for n, _ in q_files]
    say(max(reingested_at + dt.timedelta(minutes=1), stats["quarantined"][5][0] + dt.timedelta(minutes=1)), "Dana Okafor", f"both files re-ingested, {ins[0]} and {ins[1]} rows inserted. 17:12 file normal")
    say(utc("2026-03-17 17:24:40"), "Ray Dunn", "balance back to normal everywhere incl. the recomputed 9 and 10 o'clock hours. thanks")
    say(utc("2026-03-17 17:41:00"), "Tanya Brooks", "11 portal tickets in total, answering with 'data delayed, now restored'")
    say(utc("2026-03-17 18:04:20"), "Jen Kowalczyk", "AMI-224: meter_number read as a string, plus a test with a 70k-row all-digit chunk. 3.4.1 tagged")
    say(FIX_JOB - dt.timedelta(seconds=40), "Marcus Bell", "deploying 3.4.1")
    say(stats["quarantined"][-1][0] + dt.timedelta(minutes=2), "Jen Kowalczyk", "19:12 file on 3.4.1: no DtypeWarning, 4 quarantined, sample has its zeros")

    # --- customer service requests
    for k, (mins, text) in enumerate([(19, "No usage showing on MyWater since about 9 this morning. Is my meter broken?"),
                                      (27, "Leak alert page says 'no recent data'. We have a contractor working in the basement, want to watch usage."),
                                      (34, "Usage graph stops at 9:00 AM today."), (41, "Hourly usage missing today, daily shows 0 gallons for today so far"),
                                      (46, "Portal shows no data for today, yesterday fine"), (52, "Is there an outage? Usage page blank since morning"),
                                      (63, "Hourly graph empty after 9am"), (71, "My usage says 0 since 9 but sprinkler test ran at 10:30"),
                                      (84, "No data today on usage page"), (97, "Usage data missing for Northfield address"),
                                      (118, "usage graph shows gap this morning")]):
        t = onset + dt.timedelta(minutes=mins, seconds=rng.randint(0, 59))
        sr.add(t, json.dumps({"opened": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "sr": f"SR-26-{418800 + k * rng.randint(3, 11)}", "channel": "portal",
                              "category": "Usage data", "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}", "dma": rng.choice(["DMA07", "DMA08", "DMA11", "DMA12", "DMA15"]),
                              "summary": text}))
    for mins, text in [(-150, "Question about my bill estimate last month"), (-95, "Request to move leak alerts to text message"), (-40, "Final read for move-out 3/20")]:
        t = onset + dt.timedelta(minutes=mins, seconds=rng.randint(0, 59))
        sr.add(t, json.dumps({"opened": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "sr": f"SR-26-{418700 + rng.randint(0, 90)}", "channel": rng.choice(["phone", "portal"]),
                              "category": rng.choice(["Billing", "Account"]), "account": f"{rng.randint(40000000, 40099999)}-0{rng.randint(1, 4)}", "dma": rng.choice(["DMA02", "DMA05", "DMA16"]),
                              "summary": text}))
    return [ing, bal, ngx, sec, pg, gl, teams, sr], stats


def build(out_dir):
    rng = random.Random(66100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert utc("2026-03-17 15:11:00") < onset < utc("2026-03-17 15:14:00"), onset
        assert stats["dtype_warnings"] == 2
        q = stats["quarantined"]

        def quarantined(t):
            last = 0
            for tq, n, _, _ in q:
                if tq <= t:
                    last = n
            return last

        age = onset - CULPRIT_AT
        metrics = {"meterdata_last_file_quarantined_rows.json": query_range([({"job": "meterdata-ingest", "instance": "mdm-app01:9102"}, quarantined)], START, END, 60)}
        return write_scenario(
            out_dir, name="r66-meter-number-leading-zeros", service=SERVICE, onset=onset,
            description=f"""
On Tuesday 17 March Brackett Springs' AMI reads for the Tessera T-5 meters
stop reaching meterdata: from the {onset.strftime('%H:%M')} UTC hourly file on,
about 30,900 rows an hour are quarantined as unknown meters, the DMA water
balance shows 70-90 % non-revenue water in the north and east DMAs and
customers' usage graphs stop at 9 a.m. Central. meterdata 3.4.0 had been
deployed at 14:36. A registry refresh from CIS at 15:31 does nothing; a
rollback to 3.3.2 at 16:41 and a re-ingest of the two files restore the
reads; 3.4.1 went out at 18:37.
""",
            logs=logs,
            line_formats={"meterdata-ingest.log": r'<Time> <Level>\s+\[<Pid>\] <Logger>: <Content>',
                          "gitlab-deploy.log": r'<Time> <Stream> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'DtypeWarning: Columns .*have mixed types',
                r'unknown meter numbers quarantined',
            ],
            fix_files=["meterdata/ingest/hourly.py"],
            explanation=f"""
The culprit is AMI-214 "ingest: parse the hourly file with pandas"
({shas['culprit'][:7]}, Thursday 12 March 19:40 UTC, {age.days} days {age.seconds // 3600} h before the
onset), shipped in the weekly release 3.4.0 on Tuesday at 14:36. Its
read_csv call gives dtypes for the other columns but not meter_number,
so pandas infers that column per internal chunk of 65,536 rows; the
NetMetrix file is sorted by meter number, the first chunk (every T-5 and
most Brannocks) is all digits and becomes int64, and the T-5s' leading
zeros are gone (0061000321 -> 61000321), while the chunk with letters
stays text: "DtypeWarning: Columns (0) have mixed types" after each file,
and "unknown meter numbers quarantined count=30,9xx ... sample=61000321,..."
shows the stripped numbers. Rollback to 3.3.2 fixes it; 3.4.1 (AMI-224)
reads meter_number as a string.
Decoys: the release commit named by the deploy job; AMI-217 in the same
release, which adds the sample to the very warning that fills the log;
AMI-219 (.csv.gz) in the culprit's file and on the very read_csv line;
Dependabot's pandas 2.2.3, which the team suspects; the portal cache TTL
config change the same morning; the runbook commit that reads unknown
meter spikes as a change-out batch not yet in CIS (the registry refresh
changes nothing); the historian retry change in the previous release;
the DMA balance warnings, which look like main breaks; a routine
hydrant-flushing balance warning before the onset and a dozen routine
unknown meters (today's installs) every hour.
""",
        )
    finally:
        repo.close()
