"""washplan (Python 3.12; one pod on the plant's k3s cluster, synced by Argo
CD from `main`; the plant systems team in Leeds and Kraków) plans the
tunnel batches of Pennine Linen Services' Brighouse plant, a commercial
laundry for hotels, a meat processor's workwear and the three hospitals of
the Calder Valley Hospitals NHS Trust. At the soil sort, RFID portals read
every tagged piece in a customer's cart and the sorters drop them into
slings by category; a sling (one category, one customer) is weighed and
hung on the overhead rail. At the tunnel's loading station washplan takes
the next sling, builds a batch (the tunnel, T1, a 14-compartment
continuous batch washer, takes up to 50 kg) and sends the batch card
(formula number, weight, categories) to T1; washplan also pushes the
formula table (main wash temperature, chemistry) to T1 when it starts.
Healthcare linen must be thermally disinfected (HTM 01-04: 65 C for 10
minutes or 71 C for 3 minutes in the main wash, compartments 6-9);
TempTrace, an independent temperature logger in those compartments,
validates every healthcare batch, and a failed batch is held at the press
for rewash.

Until Thursday a part-load sling (below 80% of 50 kg) was only joined by a
sling of the same category. Thursday 19 March 2026, 09:40 GMT: OPS-318
tops up part loads with slings of the same fabric group (towels with
towels, flat linen with flat linen; `topup:` in config/categories.yaml),
so hotel and hospital towels can share a batch, to keep the tunnel full on
the evening changeover. Its formula_for() says "the strictest category
decides (disinfection wins)" but takes the formula of the heaviest sling.
QA-41 (the same morning, the same file) logs every batch card at info. Both
ship in 7.3.0, synced at 13:32. All afternoon only hotel slings are on the
rail and top-ups are hotel with hotel (same formula).

The hospitals' soil is sorted from 16:30. CHEM-19 (process engineering)
moves formula 12, hotel towels, to the new Lumex Pro 2 detergent at 60 C
instead of 65 C; 7.3.1 is synced at 16:58 and pushes the formula table.
At 17:30 a 13.1 kg sling of Huddersfield towels is topped up with 34.6 kg
of hotel towels: formula 12 "from lead sling HOTEL-TOWEL". At 17:54
TempTrace reports it: disinfection not achieved. More follow on formula 12;
a mixed batch whose hospital sling is the heavier one gets formula 26 and
passes. Dan (on call) follows the runbook (probe, steam, a formula change
in the last day): the probe and steam are fine, every failed batch ran
formula 12, which CHEM-19 changed that afternoon; he reverts CHEM-19 (synced
19:16). The next failures run formula 12 at 65 C (not 10 minutes), then
formula 14 (hospital sheets topped up with hotel sheets). Shaz (QA) asks why
any hospital linen runs a hotel formula; Hannah reads the top-up lines
("formula 12 from lead sling HOTEL-TOWEL") and reverts OPS-318 (synced
21:06). Seven batches are rewashed; Huddersfield's morning towel delivery
goes out short.

Sources: washplan (Python logging, line format), the tunnel controller T1
(vendor log, line format), TempTrace (JSON lines), the soil sort's RFID
gateway (syslog RFC 3164), Argo CD (logrus text), #brighouse-ops (Slack
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "washplan"


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "washplan"
version = "7.2.0"
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.110.1",
  "uvicorn==0.29.0",
  "pydantic==2.6.4",
  "pymodbus==3.6.8",
  "httpx==0.27.0",
  "pyyaml==6.0.1",
  "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.1.1"]

[project.scripts]
washplan = "washplan.main:run"
"""

INIT = '__version__ = "7.2.0"\n'

CATEGORIES_YAML = """# Linen categories as the soil sort assigns them (RFID tag -> article ->
# category). formula: the T1 formula number for the batch card.
# healthcare: thermal disinfection required (HTM 01-04: 65 C for 10 min or
# 71 C for 3 min in the main wash), validated by TempTrace on every batch.
HOTEL-TOWEL:   {formula: 12, healthcare: false}
HOTEL-BATHMAT: {formula: 12, healthcare: false}
HOTEL-FLAT:    {formula: 14, healthcare: false}
HOTEL-PILLOW:  {formula: 14, healthcare: false}
HC-FLAT:       {formula: 24, healthcare: true}
HC-TOWEL:      {formula: 26, healthcare: true}
HC-THEATRE:    {formula: 31, healthcare: true}
HC-ISOLATION:  {formula: 33, healthcare: true}   # alginate bags, never opened
WORKWEAR:      {formula: 41, healthcare: false}
"""

FORMULAS_YAML = """# The T1 formula table, pushed to the tunnel's recipe interface when
# washplan starts. Main wash = compartments 6-9 (four transfers).
# Changes are agreed with process engineering and the chemical supplier.
12: {name: HOTEL TOWEL, main_wash_c: 65, detergent: Ultrax Alk 3, dose_ml_per_kg: 14}
14: {name: HOTEL FLAT, main_wash_c: 60, detergent: Ultrax Alk 3, dose_ml_per_kg: 11}
24: {name: HC FLAT DISINFECT, main_wash_c: 71, detergent: Ultrax Alk 3, dose_ml_per_kg: 12}
26: {name: HC TOWEL DISINFECT, main_wash_c: 71, detergent: Ultrax Alk 3, dose_ml_per_kg: 15}
31: {name: HC THEATRE DISINFECT, main_wash_c: 75, detergent: Ultrax Alk 3, dose_ml_per_kg: 16}
33: {name: HC INFECTED, main_wash_c: 75, detergent: Ultrax Alk 3, dose_ml_per_kg: 16}
41: {name: WORKWEAR HEAVY SOIL, main_wash_c: 70, detergent: Ultrax Enzy, dose_ml_per_kg: 18}
"""

CATEGORIES_PY = '''"""Linen categories and T1 formulas from config/."""

import os
from dataclasses import dataclass

import yaml

CONFIG = os.environ.get("WASHPLAN_CONFIG", "config")


@dataclass(frozen=True)
class Category:
    name: str
    formula: int
    healthcare: bool


def _load():
    with open(os.path.join(CONFIG, "categories.yaml")) as handle:
        raw = yaml.safe_load(handle)
    return {name: Category(name, spec["formula"], spec["healthcare"]) for name, spec in raw.items()}


_CATEGORIES = _load()


def get(name):
    return _CATEGORIES[name]


def formulas():
    with open(os.path.join(CONFIG, "formulas.yaml")) as handle:
        return yaml.safe_load(handle)
'''

BATCHING_PY = '''"""Tunnel batches from the soil slings at T1's loading station.

A sling holds one category of one customer (the soil sort fills them that
way). A batch is one sling, or, when the sling is a part load, that sling
and the next one of the same category on the rail, up to the tunnel's
nominal load. The category's formula goes on the batch card; TempTrace
validates the thermal disinfection of healthcare batches independently."""

import logging
from dataclasses import dataclass, field

from washplan import categories

log = logging.getLogger("washplan.batching")
NOMINAL_KG = 50.0
PART_LOAD = 0.8


@dataclass
class Sling:
    id: str
    category: str
    customer: str
    weight_kg: float
    rail: int


@dataclass
class Batch:
    number: int
    slings: list = field(default_factory=list)

    @property
    def weight_kg(self):
        return round(sum(s.weight_kg for s in self.slings), 1)

    @property
    def categories(self):
        return sorted({s.category for s in self.slings})


def formula_for(batch):
    return categories.get(batch.slings[0].category).formula


def build(number, first, waiting):
    """The batch that starts with sling `first`; `waiting` are the slings on
    the rail behind it, oldest first."""
    batch = Batch(number, [first])
    if first.weight_kg < NOMINAL_KG * PART_LOAD:
        for sling in waiting:
            if sling.category == first.category and batch.weight_kg + sling.weight_kg <= NOMINAL_KG:
                batch.slings.append(sling)
                log.info("batch %d: part load %.1f kg %s, added sling %s of the same category (%.1f kg)",
                         number, first.weight_kg, first.category, sling.id, sling.weight_kg)
                break
        else:
            log.info("batch %d: part load %.1f kg %s, nothing of the same category on the rail; loading as is",
                     number, first.weight_kg, first.category)
    return batch
'''

TUNNEL_PY = '''"""T1's remote interface (Modbus TCP): the formula table at start-up, one
batch card per load."""

import logging
import os

from pymodbus.client import ModbusTcpClient

from washplan import categories

log = logging.getLogger("washplan.tunnel")
T1 = os.environ.get("T1_ADDR", "10.20.4.11")
CARD_REG, FORMULA_REG = 4000, 6000


class Tunnel:
    def __init__(self):
        self.client = ModbusTcpClient(T1, port=502, timeout=3)

    def push_formulas(self):
        table = categories.formulas()
        for number, spec in sorted(table.items()):
            self.client.write_registers(FORMULA_REG + 8 * number, [spec["main_wash_c"] * 10, spec["dose_ml_per_kg"]])
        log.info("formula table pushed to T1 at %s: %d formulas", T1, len(table))
        return table

    def send(self, batch, formula):
        regs = [batch.number & 0xFFFF, batch.number >> 16, formula, int(batch.weight_kg * 10)]
        self.client.write_registers(CARD_REG, regs)
        log.info("T1 accepted batch %d (C01)", batch.number)
'''

RAIL_PY = '''"""The overhead rail's PLC: slings queued for the loading station."""

import logging
import os

from pymodbus.client import ModbusTcpClient
from pymodbus.exceptions import ModbusIOException

from washplan.batching import Sling

log = logging.getLogger("washplan.rail")
PLC = os.environ.get("RAIL_PLC_ADDR", "10.20.4.12")


class Rail:
    def __init__(self, lookup):
        self.client = ModbusTcpClient(PLC, port=502, timeout=2)
        self.lookup = lookup  # sling id -> (category, customer, kg) from the sort gateway

    def waiting(self):
        regs = self.client.read_holding_registers(100, 40).registers
        return [Sling(f"S-{r}", *self.lookup(r), rail=i % 8 + 1) for i, r in enumerate(regs) if r]
'''

MAIN_PY = '''import logging
import os
import threading

import uvicorn
from fastapi import FastAPI

from washplan import __version__, batching, categories
from washplan.rail import Rail
from washplan.sortgw import lookup
from washplan.temptrace import watch
from washplan.tunnel import Tunnel

logging.basicConfig(level=logging.INFO, format="%(asctime)s.%(msecs)03d %(levelname)-5s [%(threadName)s] %(name)s: %(message)s",
                    datefmt="%Y-%m-%d %H:%M:%S")
log = logging.getLogger("washplan.main")
app = FastAPI(title="washplan")


def loader(tunnel, rail):
    number = int(os.environ.get("FIRST_BATCH", "1"))
    while True:
        slings = rail.wait_for_loading_station()
        batch = batching.build(number, slings[0], slings[1:])
        tunnel.send(batch, batching.formula_for(batch))
        number += 1


def run():
    rev = os.environ.get("GIT_REV", "unknown")[:7]
    tunnel = Tunnel()
    table = tunnel.push_formulas()
    log.info("washplan %s (rev %s) starting: %d formulas, loader on T1", __version__, rev, len(table))
    threading.Thread(target=loader, args=(tunnel, Rail(lookup)), name="loader", daemon=True).start()
    threading.Thread(target=watch, name="temptrace", daemon=True).start()
    uvicorn.run(app, host="0.0.0.0", port=8080)
'''

TEMPTRACE_PY = '''"""TempTrace TT-400 results for T1's main wash: a failed healthcare batch is
held at the press for rewash."""

import logging
import os

import httpx

log = logging.getLogger("washplan.temptrace")
URL = os.environ.get("TEMPTRACE_URL", "http://10.20.4.30/api/results")


def watch():
    with httpx.Client(timeout=10) as client:
        for result in client.stream("GET", URL).iter_lines():
            handle(result)


def handle(r):
    if r["result"] == "FAIL":
        log.warning("TempTrace batch %d: disinfection not achieved (max %.1f C, %d s at 65 C, %d s at 71 C); batch held for rewash at press P1",
                    r["batch"], r["max_c"], r["sec_ge_65"], r["sec_ge_71"])
    else:
        log.info("TempTrace batch %d %s", r["batch"], r["result"])
'''

SORTGW_PY = '''"""Sling contents from the soil sort gateway (RFID portals SORT-1, SORT-2)."""

import os

import httpx

GW = os.environ.get("SORTGW_URL", "http://sortgw-01.plant.pennine.local:8081")


def lookup(sling_number):
    s = httpx.get(f"{GW}/slings/{sling_number}", timeout=2).json()
    return s["category"], s["customer"], s["weight_kg"]
'''

TEST_BATCHING = '''from washplan.batching import Sling, build, formula_for


def sling(i, cat, kg):
    return Sling(f"S-{i}", cat, "HAR01", kg, rail=1)


def test_full_sling_is_a_batch():
    b = build(1, sling(1, "HOTEL-TOWEL", 46.0), [sling(2, "HOTEL-TOWEL", 20.0)])
    assert [s.id for s in b.slings] == ["S-1"]
    assert formula_for(b) == 12


def test_part_load_takes_same_category():
    b = build(2, sling(1, "HC-TOWEL", 18.0), [sling(2, "HOTEL-TOWEL", 30.0), sling(3, "HC-TOWEL", 25.0)])
    assert [s.id for s in b.slings] == ["S-1", "S-3"]
    assert formula_for(b) == 26
'''

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: washplan
  namespace: plant-brighouse
spec:
  replicas: 1
  strategy:
    type: Recreate   # one loader per tunnel
  selector:
    matchLabels:
      app: washplan
  template:
    metadata:
      labels:
        app: washplan
    spec:
      containers:
        - name: washplan
          image: registry.pennine.local/plant/washplan:7.2.0
          env:
            - name: T1_ADDR
              value: "10.20.4.11"
            - name: RAIL_PLC_ADDR
              value: "10.20.4.12"
            - name: TEMPTRACE_URL
              value: "http://10.20.4.30/api/results"
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 256Mi}
            limits: {memory: 256Mi}
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
  - name: washplan-config
    files:
      - ../config/categories.yaml
      - ../config/formulas.yaml
images:
  - name: registry.pennine.local/plant/washplan
    newTag: "7.2.0"
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: washplan
  namespace: plant-brighouse
spec:
  selector:
    app: washplan
  ports:
    - port: 80
      targetPort: 8080
"""

RUNBOOK = """# washplan runbook

Owner: plant systems (#brighouse-ops). Dashboards: Grafana > Plant > Brighouse T1.

## T1 not accepting batch cards

Check the Modbus link (10.20.4.11:502) from the pod; T1's HMI shows
REMOTE OFF when the operators have taken it to local. Ask the shift
supervisor before restarting the pod (it pushes the formula table again).

## Rail PLC timeouts

One or two a shift are normal (OPS-310 retries once). More: call
maintenance, the rail PLC's switch is in the sort hall.
"""

README = """# washplan

Plans T1's batches at Pennine Linen Services, Brighouse: slings from the
overhead rail in, batch cards (formula, weight, categories) to the tunnel
out; pushes the formula table to T1 on start-up; holds batches that fail
TempTrace's thermal disinfection validation.

## Running locally

```
pip install -e .[test]
pytest -q
WASHPLAN_CONFIG=config T1_ADDR=127.0.0.1 washplan
```

## Deploying

Merges to `main` are synced by Argo CD to the plant's k3s cluster
(namespace plant-brighouse). One replica: there is one loader per tunnel.
"""

CHANGELOG = """# Changelog

## 7.2.0

- Moved out of the plant-systems monorepo.
"""


def base_tree():
    return {
        "pyproject.toml": PYPROJECT,
        "washplan/__init__.py": INIT,
        "washplan/main.py": MAIN_PY,
        "washplan/categories.py": CATEGORIES_PY,
        "washplan/batching.py": BATCHING_PY,
        "washplan/tunnel.py": TUNNEL_PY,
        "washplan/rail.py": RAIL_PY,
        "washplan/temptrace.py": TEMPTRACE_PY,
        "washplan/sortgw.py": SORTGW_PY,
        "config/categories.yaml": CATEGORIES_YAML,
        "config/formulas.yaml": FORMULAS_YAML,
        "tests/__init__.py": "",
        "tests/test_batching.py": TEST_BATCHING,
        "deploy/deployment.yaml": DEPLOYMENT,
        "deploy/service.yaml": SERVICE_YAML,
        "deploy/kustomization.yaml": KUSTOMIZATION,
        "docs/runbook.md": RUNBOOK,
        "README.md": README,
        "CHANGELOG.md": CHANGELOG,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nENV WASHPLAN_CONFIG=/app/config\nCMD [\"washplan\"]\n",
    }


def release(repo, old, new, notes):
    return {
        "washplan/__init__.py": repo.edit("washplan/__init__.py", old, new),
        "pyproject.toml": repo.edit("pyproject.toml", f'version = "{old}"', f'version = "{new}"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", f'newTag: "{old}"', f'newTag: "{new}"'),
        "deploy/deployment.yaml": repo.edit("deploy/deployment.yaml", f"washplan:{old}", f"washplan:{new}"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {new}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


CULPRIT_FORMULA = '''def compatible(a, b):
    """Same category, or the same fabric group (towels with towels, flat
    linen with flat linen): they share dryer and finishing programmes."""
    if a == b:
        return True
    ga, gb = categories.get(a).topup, categories.get(b).topup
    return ga is not None and ga == gb


def formula_for(batch):
    """A topped-up batch holds more than one category: the strictest one
    decides the formula (disinfection wins); chemistry is dosed by weight."""
    return lead_sling(batch)[1]


def lead_sling(batch):
    lead = max(batch.slings, key=lambda s: s.weight_kg)
    return lead, categories.get(lead.category).formula


def build(number, first, waiting):
    """The batch that starts with sling `first`; `waiting` are the slings on
    the rail behind it, oldest first. A part load is topped up with the
    first compatible sling that fits (OPS-318)."""
    batch = Batch(number, [first])
    if first.weight_kg < NOMINAL_KG * PART_LOAD:
        for sling in waiting:
            if compatible(first.category, sling.category) and batch.weight_kg + sling.weight_kg <= NOMINAL_KG:
                batch.slings.append(sling)
                lead, formula = lead_sling(batch)
                log.info("batch %d: part load %.1f kg %s topped up with sling %s %s %.1f kg (rail %d); formula %d from lead sling %s",
                         number, first.weight_kg, first.category, sling.id, sling.category, sling.weight_kg, sling.rail,
                         formula, lead.category)
                break
        else:
            log.info("batch %d: part load %.1f kg %s, nothing compatible on the rail; loading as is",
                     number, first.weight_kg, first.category)
    return batch
'''

ORIG_FORMULA = BATCHING_PY[BATCHING_PY.index("def formula_for(batch):"):]


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Whitaker", "hannah.whitaker@pennine-linen.co.uk", 0)
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@pennine-linen.co.uk", 0)
    priya = Person("Priya Raman", "priya.raman@pennine-linen.co.uk", 0)
    ola = Person("Aleksandra Wrona", "aleksandra.wrona@pennine-linen.co.uk", 60)
    gareth = Person("Gareth Lister", "gareth.lister@pennine-linen.co.uk", 0)
    dan = Person("Dan Sykes", "dan.sykes@pennine-linen.co.uk", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    shas = {}
    repo.schedule(chores(random.Random(100100), SERVICE, [priya, ola, tomasz], utc("2026-03-12 12:00:00"), utc("2026-03-18 17:00:00"), 4))

    repo.commit(utc("2026-03-12 10:04:00"), hannah, "washplan 7.2.0: move out of the plant-systems monorepo", base_tree())
    repo.commit(utc("2026-03-13 14:21:00"), ola, "batching: type the Batch properties, docstring for build()", {
        "washplan/batching.py": sub(repo.files["washplan/batching.py"],
                                    'def build(number, first, waiting):\n    """The batch that starts',
                                    'def build(number, first, waiting):\n    """Builds batch `number`: the batch that starts'),
    })
    repo.commit(utc("2026-03-16 07:31:00"), bot, "build(deps): bump pydantic from 2.6.4 to 2.7.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pydantic==2.6.4"', '"pydantic==2.7.1"'),
    })
    repo.commit(utc("2026-03-16 14:12:00"), tomasz, "sortgw: retry a sling lookup once on a timeout (RF-77)\n\nThe sort gateway pauses for a second or two when SORT-2's reader\nreconnects; the loader then stopped with a ReadTimeout.", {
        "washplan/sortgw.py": sub(repo.files["washplan/sortgw.py"],
                                  '''def lookup(sling_number):
    s = httpx.get(f"{GW}/slings/{sling_number}", timeout=2).json()
''',
                                  '''def lookup(sling_number):
    try:
        s = httpx.get(f"{GW}/slings/{sling_number}", timeout=2).json()
    except httpx.ReadTimeout:
        s = httpx.get(f"{GW}/slings/{sling_number}", timeout=5).json()
'''),
    })
    repo.commit(utc("2026-03-17 11:03:00"), priya, "rail: retry the PLC read once on a Modbus timeout (OPS-310)", {
        "washplan/rail.py": sub(repo.files["washplan/rail.py"],
                                "        regs = self.client.read_holding_registers(100, 40).registers\n",
                                "        try:\n            regs = self.client.read_holding_registers(100, 40).registers\n        except ModbusIOException:\n            log.warning(\"rail PLC read timed out, retrying once\")\n            regs = self.client.read_holding_registers(100, 40).registers\n"),
    })
    shas["rel_721"] = repo.commit(utc("2026-03-17 15:40:00"), hannah, "release 7.2.1", release(repo, "7.2.0", "7.2.1", [
        "Sort gateway lookups retried once (RF-77).", "Rail PLC reads retried once (OPS-310).", "pydantic 2.7.1."]))
    repo.commit(utc("2026-03-18 10:20:00"), gareth, "runbook: DisinfectionNotAchieved", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## DisinfectionNotAchieved

TempTrace found a healthcare batch below HTM 01-04 (65 C for 10 min or
71 C for 3 min in compartments 6-9). washplan holds it at the press; QA
releases it for rewash. In our experience the cause is one of:

1. A probe: TempTrace's C07 probe drifts when its sleeve is scaled. Ask
   maintenance to check it against T1's own sensor (T1 log, `C07 ... temp`).
2. Steam: T1 cannot hold temperature below 8 bar at the header. Check
   T1's steam valve (100% for minutes means it is starved).
3. A formula change: if a formula was changed in the last day (chemistry,
   temperature), revert it in config/formulas.yaml and let Argo sync; the
   formula table is pushed to T1 on start-up.

Tell QA (#brighouse-ops) the batch numbers either way.
""",
    })

    # OPS-318: top-ups by fabric group; the formula of the heaviest sling
    cat_yaml = repo.files["config/categories.yaml"]
    cat_yaml = sub(cat_yaml,
                   "# 71 C for 3 min in the main wash), validated by TempTrace on every batch.\n",
                   "# 71 C for 3 min in the main wash), validated by TempTrace on every batch.\n"
                   "# topup: fabric group; a part load is topped up with a sling of the same\n"
                   "# group (they share dryer and finishing programmes).\n",
                   "HOTEL-TOWEL:   {formula: 12, healthcare: false}", "HOTEL-TOWEL:   {formula: 12, healthcare: false, topup: towel}",
                   "HOTEL-BATHMAT: {formula: 12, healthcare: false}", "HOTEL-BATHMAT: {formula: 12, healthcare: false, topup: towel}",
                   "HOTEL-FLAT:    {formula: 14, healthcare: false}", "HOTEL-FLAT:    {formula: 14, healthcare: false, topup: flat}",
                   "HOTEL-PILLOW:  {formula: 14, healthcare: false}", "HOTEL-PILLOW:  {formula: 14, healthcare: false, topup: flat}",
                   "HC-FLAT:       {formula: 24, healthcare: true}", "HC-FLAT:       {formula: 24, healthcare: true, topup: flat}",
                   "HC-TOWEL:      {formula: 26, healthcare: true}", "HC-TOWEL:      {formula: 26, healthcare: true, topup: towel}")
    cat_py = sub(repo.files["washplan/categories.py"],
                 "    healthcare: bool\n", "    healthcare: bool\n    topup: str | None = None\n",
                 'Category(name, spec["formula"], spec["healthcare"])', 'Category(name, spec["formula"], spec["healthcare"], spec.get("topup"))')
    b = repo.files["washplan/batching.py"]
    b = b[:b.index("def formula_for(batch):")] + CULPRIT_FORMULA
    b = sub(b, "and the next one of the same category on the rail, up to the tunnel's\nnominal load.",
            "topped up with the next compatible sling on the rail (same category or\nfabric group, `topup` in config/categories.yaml), up to the tunnel's\nnominal load.")
    shas["culprit"] = repo.commit(utc("2026-03-19 09:40:00"), tomasz, "batching: top up part loads with slings of the same fabric group (OPS-318)\n\nOn the evening changeover T1 runs a third of its batches as part loads\n(the last sling of a customer's cart run): 19 of 61 last Tuesday, about\n400 kg of tunnel capacity an hour. Towels with towels and flat linen with\nflat linen share the dryer and finishing programmes, so a part load can\nbe topped up with any sling of its fabric group. The strictest category\ndecides the formula.", {
        "washplan/batching.py": b,
        "washplan/categories.py": cat_py,
        "config/categories.yaml": cat_yaml,
        "tests/test_batching.py": repo.files["tests/test_batching.py"] + '''

def test_part_load_topped_up_within_fabric_group():
    b = build(3, sling(1, "HOTEL-TOWEL", 21.0), [sling(2, "HOTEL-FLAT", 20.0), sling(3, "HOTEL-BATHMAT", 24.0)])
    assert [s.id for s in b.slings] == ["S-1", "S-3"]
    assert formula_for(b) == 12
''',
    })
    repo.commit(utc("2026-03-19 10:22:00"), priya, "batching: log each batch card at info, with its categories and customers (QA-41)\n\nQA wants to find a batch's customers from the log when a customer\ncomplains about a stain, without asking the tunnel's HMI.", {
        "washplan/batching.py": sub(repo.files["washplan/batching.py"],
                                    "                break\n        else:",
                                    "                break\n        else:",
                                    "    return batch\n",
                                    '''    log.info("batch card sent to T1: batch %d formula %d %.1f kg categories %s customers %s",
             number, formula_for(batch), batch.weight_kg, ",".join(batch.categories),
             ",".join(sorted({s.customer for s in batch.slings})))
    return batch
'''),
    })
    repo.commit(utc("2026-03-19 11:05:00"), bot, "build(deps): bump uvicorn from 0.29.0 to 0.30.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"uvicorn==0.29.0"', '"uvicorn==0.30.1"'),
    })
    shas["rel_730"] = repo.commit(utc("2026-03-19 13:20:00"), hannah, "release 7.3.0", release(repo, "7.2.1", "7.3.0", [
        "Part loads topped up within their fabric group (OPS-318).", "Batch cards logged with categories and customers (QA-41).", "uvicorn 0.30.1."]))
    repo.commit(utc("2026-03-19 14:47:00"), ola, "docs: how the loader picks slings", {
        "docs/loader.md": "# The loader\n\nThe rail PLC queues slings at T1's loading station in the order the soil\nsort closed them. The loader takes the oldest; a part load (under 40 kg)\nis topped up with the first compatible sling that fits (see\nconfig/categories.yaml, `topup`). The batch card carries one formula.\n",
    })
    shas["chem19"] = repo.commit(utc("2026-03-19 16:38:00"), gareth, "formulas: hotel towels (12) on Lumex Pro 2 at 60 C (CHEM-19)\n\nChemServe's trial on T1 last week: Lumex Pro 2 at 60 C gives the same\nwhiteness and stain removal as Ultrax Alk 3 at 65 C on hotel towels, at\n11 ml/kg. About 6% less steam on the day shift. Hotel only; healthcare\nformulas unchanged.", {
        "config/formulas.yaml": repo.edit("config/formulas.yaml",
                                          "12: {name: HOTEL TOWEL, main_wash_c: 65, detergent: Ultrax Alk 3, dose_ml_per_kg: 14}",
                                          "12: {name: HOTEL TOWEL, main_wash_c: 60, detergent: Lumex Pro 2, dose_ml_per_kg: 11}"),
    })
    shas["rel_731"] = repo.commit(utc("2026-03-19 16:49:00"), hannah, "release 7.3.1", release(repo, "7.3.0", "7.3.1", [
        "Formula 12 on Lumex Pro 2 at 60 C (CHEM-19)."]))
    shas["revert_chem"] = repo.commit(utc("2026-03-19 19:10:00"), dan, "Revert \"formulas: hotel towels (12) on Lumex Pro 2 at 60 C (CHEM-19)\" (INC-2203)\n\nHealthcare batches fail TempTrace on formula 12 since this afternoon.", {
        "config/formulas.yaml": repo.edit("config/formulas.yaml",
                                          "12: {name: HOTEL TOWEL, main_wash_c: 60, detergent: Lumex Pro 2, dose_ml_per_kg: 11}",
                                          "12: {name: HOTEL TOWEL, main_wash_c: 65, detergent: Ultrax Alk 3, dose_ml_per_kg: 14}"),
    })
    b = repo.files["washplan/batching.py"]
    fixed = b[:b.index("def compatible(a, b):")] + ORIG_FORMULA.replace(
        "    return batch\n",
        '''    log.info("batch card sent to T1: batch %d formula %d %.1f kg categories %s customers %s",
             number, formula_for(batch), batch.weight_kg, ",".join(batch.categories),
             ",".join(sorted({s.customer for s in batch.slings})))
    return batch
''')
    fixed = sub(fixed, "topped up with the next compatible sling on the rail (same category or\nfabric group, `topup` in config/categories.yaml), up to the tunnel's\nnominal load.",
                "and the next one of the same category on the rail, up to the tunnel's\nnominal load.")
    shas["fix"] = repo.commit(utc("2026-03-19 20:55:00"), hannah, "Revert \"batching: top up part loads with slings of the same fabric group (OPS-318)\" (INC-2203)\n\nformula_for() takes the formula of the heaviest sling, not the strictest\ncategory: a part load of hospital towels topped up with more hotel towels\nruns formula 12 or 14, with no thermal disinfection. TempTrace failed\nevery such batch from 17:54. Keeps QA-41's batch card line.", {
        "washplan/batching.py": fixed,
        "washplan/categories.py": repo.files["washplan/categories.py"].replace("    topup: str | None = None\n", "").replace(', spec.get("topup"))', ")"),
        "config/categories.yaml": CATEGORIES_YAML,
        "tests/test_batching.py": TEST_BATCHING,
    })
    shas["rel_732"] = repo.commit(utc("2026-03-19 21:02:00"), hannah, "release 7.3.2", release(repo, "7.3.1", "7.3.2", [
        "Formula 12 back on Ultrax Alk 3 at 65 C (revert of CHEM-19).", "Top-ups reverted: part loads only with the same category (INC-2203)."]))
    return repo, shas


# ---------------------------------------------------------------------------
# the plant

def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


DAY = "2026-03-19"


def C(clock, day=DAY):
    return secs(utc(f"{day} {clock}" + (":00" if len(clock) == 5 else "")))


CUSTOMERS = {
    "HOTEL": ["HAR01", "KIR02", "QBH03", "ROY04", "WEL05"],
    "HC": ["CVH01", "CVH02", "CVH03"],
    "WORKWEAR": ["YMC01"],
}
HOTEL_CATS = [(40, "HOTEL-TOWEL"), (14, "HOTEL-BATHMAT"), (30, "HOTEL-FLAT"), (12, "HOTEL-PILLOW"), (6, "WORKWEAR")]
HC_CATS = [(30, "HC-TOWEL"), (40, "HC-FLAT"), (18, "HC-THEATRE"), (5, "HC-ISOLATION")]
CAT_FORMULA = {"HOTEL-TOWEL": 12, "HOTEL-BATHMAT": 12, "HOTEL-FLAT": 14, "HOTEL-PILLOW": 14, "HC-FLAT": 24, "HC-TOWEL": 26,
               "HC-THEATRE": 31, "HC-ISOLATION": 33, "WORKWEAR": 41}
GROUP = {"HOTEL-TOWEL": "towel", "HOTEL-BATHMAT": "towel", "HC-TOWEL": "towel", "HOTEL-FLAT": "flat", "HOTEL-PILLOW": "flat", "HC-FLAT": "flat"}
FORMULA_NAME = {12: "HOTEL TOWEL", 14: "HOTEL FLAT", 24: "HC FLAT DISINFECT", 26: "HC TOWEL DISINFECT", 31: "HC THEATRE DISINFECT",
                33: "HC INFECTED", 41: "WORKWEAR HEAVY SOIL"}
BASE_TEMP = {12: 65, 14: 60, 24: 71, 26: 71, 31: 75, 33: 75, 41: 70}


def pick(rng, choices):
    total = sum(w for w, _ in choices)
    r = rng.uniform(0, total)
    for w, v in choices:
        r -= w
        if r <= 0:
            return v
    return choices[-1][1]


def cust_for(rng, cat):
    if cat.startswith("HC-"):
        return rng.choice(CUSTOMERS["HC"])
    if cat == "WORKWEAR":
        return "YMC01"
    return rng.choice(CUSTOMERS["HOTEL"])


def plan_batches(rng, t0, t1, first_batch, first_sling, hc_from, scripted, topup_until, topup_on=True, cycle=150.0):
    """The batches loaded into T1 between t0 and t1: dicts with load time,
    slings and formula. scripted: (time, [(cat, kg, cust)], lead-formula)
    overrides for the first slot at or after time. topup_until: after this,
    part loads only take the same category."""
    batches = []
    x = t0 + rng.uniform(5, 60)
    number, sling_no = first_batch, first_sling
    pending = sorted(scripted, key=lambda s: s[0])
    while x < t1:
        hc = x >= hc_from and rng.random() < 0.55
        slings = []
        if pending and x >= pending[0][0]:
            _, content, formula = pending.pop(0)
            for cat, kg, cust in content:
                slings.append({"id": f"S-{sling_no}", "cat": cat, "kg": kg, "cust": cust, "rail": rng.randint(1, 8)})
                sling_no += 1
            kind = "scripted"
        else:
            cat = pick(rng, HC_CATS if hc else HOTEL_CATS)
            part = rng.random() < 0.27 and cat != "HC-ISOLATION"
            kg = round(rng.uniform(9, 37) if part else rng.uniform(40.5, 49.6), 1)
            cust = cust_for(rng, cat)
            slings.append({"id": f"S-{sling_no}", "cat": cat, "kg": kg, "cust": cust, "rail": rng.randint(1, 8)})
            sling_no += 1
            kind = "single"
            if part and rng.random() < 0.72:
                # same category (any time) or, while OPS-318 is live, the same fabric group on the same side
                if topup_on and x < topup_until and cat in GROUP and rng.random() < 0.6:
                    side = [c for c in GROUP if GROUP[c] == GROUP[cat] and c.startswith("HC-") == cat.startswith("HC-")]
                    cat2 = rng.choice(side)
                else:
                    cat2 = cat
                kg2 = round(rng.uniform(max(6.0, 36 - kg), 50 - kg), 1)
                slings.append({"id": f"S-{sling_no}", "cat": cat2, "kg": kg2, "cust": cust_for(rng, cat2), "rail": rng.randint(1, 8)})
                sling_no += 1
                kind = "topup" if (topup_on and x < topup_until) else "same"
            elif part:
                kind = "part"
            formula = None
        if formula is None:
            if topup_on and x < topup_until:
                lead = max(slings, key=lambda s: s["kg"])
                formula = CAT_FORMULA[lead["cat"]]
            else:
                formula = CAT_FORMULA[slings[0]["cat"]]
        batches.append({"load": x, "number": number, "slings": slings, "formula": formula, "kind": kind,
                        "kg": round(sum(s["kg"] for s in slings), 1)})
        number += 1
        x += cycle + rng.uniform(-6, 9)
    return batches


def build_logs(rng, shas):
    app = Log("washplan.log")
    t1log = Log("t1-tunnel.log")
    tt = Log("temptrace.log")
    sortgw = Log("sortgw.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-brighouse-ops.log")
    t0, t_end = C("15:20:00"), C("22:40:00")
    stats = {"fails": [], "passes_mixed": []}

    chem_sync, revert_sync, fix_sync = C("16:58:11"), C("19:16:02"), C("21:06:40")
    pods = [(t0 - 9000, "washplan-6c8d9b7f4-q2kzt", shas["rel_730"], "7.3.0"), (chem_sync + 9, "washplan-5f7b6d9c8-mx4wp", shas["rel_731"], "7.3.1"),
            (revert_sync + 9, "washplan-7d4c8f6b5-r8vnj", shas["revert_chem"], "7.3.1"), (fix_sync + 9, "washplan-84b9c7d6f-tz5hd", shas["rel_732"], "7.3.2")]

    def pod_at(x):
        cur = pods[0]
        for p in pods:
            if p[0] <= x:
                cur = p
        return cur

    def temp_of(formula, x):
        if formula == 12 and chem_sync + 20 <= x < revert_sync + 20:
            return 60
        return BASE_TEMP[formula]

    def L(x, level, thread, logger, msg):
        t = at(x)
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger}: {msg}")

    def T(x, level, msg):
        t = at(x)  # T1 logs local time; GMT in March
        t1log.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S')} T1 {level} {msg}")

    # scripted mixed batches (hospital and hotel slings in one batch)
    scripted = [
        (C("17:30:00"), [("HC-TOWEL", 13.1, "CVH02"), ("HOTEL-TOWEL", 34.6, "KIR02")], 12),
        (C("17:41:00"), [("HOTEL-TOWEL", 14.4, "HAR01"), ("HC-TOWEL", 33.0, "CVH01")], 26),
        (C("18:12:00"), [("HOTEL-TOWEL", 27.9, "QBH03"), ("HC-TOWEL", 16.2, "CVH02")], 12),
        (C("18:47:00"), [("HC-TOWEL", 11.2, "CVH03"), ("HOTEL-BATHMAT", 30.5, "ROY04")], 12),
        (C("19:33:00"), [("HC-TOWEL", 15.0, "CVH02"), ("HOTEL-TOWEL", 31.8, "WEL05")], 12),
        (C("19:58:00"), [("HC-FLAT", 15.8, "CVH01"), ("HOTEL-FLAT", 31.4, "HAR01")], 14),
        (C("20:19:00"), [("HOTEL-FLAT", 12.6, "KIR02"), ("HC-FLAT", 30.1, "CVH03")], 24),
        (C("20:33:00"), [("HC-TOWEL", 9.7, "CVH01"), ("HOTEL-TOWEL", 38.2, "HAR01")], 12),
        (C("20:51:00"), [("HOTEL-PILLOW", 19.5, "ROY04"), ("HC-FLAT", 14.1, "CVH02")], 14),
    ]
    batches = plan_batches(rng, t0 - 22 * 150, t_end, 51731, 40102, C("16:47:00"), scripted, fix_sync + 15)
    cycle_times = [b["load"] for b in batches]

    # --- T1 and TempTrace -------------------------------------------------------------
    for i, b in enumerate(batches):
        x = b["load"]
        f = b["formula"]
        if x >= t0:
            T(x, "I", f"C01 LOAD batch {b['number']} F{f} {b['kg']:.1f}kg")
            dose = {12: 14, 14: 11, 24: 12, 26: 15, 31: 16, 33: 16, 41: 18}[f]
            if f == 12 and chem_sync + 20 <= x < revert_sync + 20:
                dose = 11
            T(x + 3.2, "I", f"DP{3 if f != 41 else 5} dosed {int(dose * b['kg'])}ml batch {b['number']}")
            T(x + 41 + rng.uniform(-3, 4), "I", f"TRANSFER {i + 4118} complete {rng.randint(37, 44)}s")
        # main wash: compartments 6-9, entered after transfers 5..8
        sp = temp_of(f, x + 5 * 150)
        profile = []
        for k in range(4):
            cx = x + (5 + k) * (cycle_times[i + 1] - x if i + 1 < len(batches) else 150)
            measured = sp + (-1.6 if k == 0 else rng.uniform(-0.4, 0.7))
            profile.append(measured)
            if t0 <= cx < t_end:
                steam = rng.randint(22, 46) if sp <= 65 else rng.randint(41, 68)
                T(cx + 55 + rng.uniform(0, 20), "I", f"C0{6 + k} batch {b['number']} F{f} temp {measured:.1f}C sp {sp}.0C steam {steam}%")
        done = x + 9 * 150 + rng.uniform(-20, 25)
        if x + 13 * 150 < t_end and x + 13 * 150 >= t0:
            T(x + 13 * 150 + 12, "I", f"C14 UNLOAD batch {b['number']} -> press P1")
        cats = sorted({s["cat"] for s in b["slings"]})
        hcb = any(c.startswith("HC-") for c in cats)
        max_c = max(profile) + rng.uniform(0.1, 0.5)
        ge65 = 0 if sp < 65 else int(600 - 70 - rng.uniform(0, 40)) if sp == 65 else 600 - int(rng.uniform(20, 45))
        ge71 = 0 if sp < 71 else 600 - int(rng.uniform(40, 80))
        if hcb:
            ok = ge71 >= 180 or ge65 >= 600
            result, msg = ("PASS", "disinfection achieved") if ok else ("FAIL", "disinfection not achieved")
        else:
            result, msg = "RECORDED", "thermal profile recorded"
        b["result"] = result
        b["max_c"] = max_c
        if t0 <= done < t_end:
            tt.add(at(done), json.dumps({"time": at(done).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at(done).microsecond // 1000:03d}Z",
                                         "logger": "TT-400/T1", "batch": b["number"], "formula": f, "categories": cats,
                                         "healthcare": hcb, "max_c": round(max_c, 1), "sec_ge_65": ge65, "sec_ge_71": ge71,
                                         "requirement": "HTM01-04 65C/600s or 71C/180s" if hcb else "none",
                                         "result": result, "msg": msg}, separators=(",", ":")))
            if result == "FAIL":
                stats["fails"].append((done, b))
                L(done + 0.8, "WARN", "temptrace", "washplan.temptrace",
                  f"TempTrace batch {b['number']}: disinfection not achieved (max {max_c:.1f} C, {ge65} s at 65 C, {ge71} s at 71 C); batch held for rewash at press P1")
            else:
                L(done + 0.8, "INFO", "temptrace", "washplan.temptrace", f"TempTrace batch {b['number']} {result}")
            if b["kind"] == "scripted" and result == "PASS":
                stats["passes_mixed"].append((done, b))
        # --- washplan's loader ---
        if x < t0:
            continue
        s0 = b["slings"][0]
        L(x - 9.4, "INFO", "loader", "washplan.rail", f"sling {s0['id']} at loading station: {s0['cat']} {s0['kg']:.1f} kg, customer {s0['cust']}, rail {s0['rail']}")
        topup = x < fix_sync + 15
        if len(b["slings"]) > 1:
            s1 = b["slings"][1]
            if topup:
                lead = max(b["slings"], key=lambda s: s["kg"])
                L(x - 8.9, "INFO", "loader", "washplan.batching",
                  f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']} topped up with sling {s1['id']} {s1['cat']} {s1['kg']:.1f} kg (rail {s1['rail']}); formula {b['formula']} from lead sling {lead['cat']}")
            else:
                L(x - 8.9, "INFO", "loader", "washplan.batching",
                  f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']}, added sling {s1['id']} of the same category ({s1['kg']:.1f} kg)")
        elif b["kind"] == "part":
            tail = "nothing compatible on the rail; loading as is" if topup else "nothing of the same category on the rail; loading as is"
            L(x - 8.9, "INFO", "loader", "washplan.batching", f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']}, {tail}")
        custs = ",".join(sorted({s["cust"] for s in b["slings"]}))
        L(x - 8.7, "INFO", "loader", "washplan.batching",
          f"batch card sent to T1: batch {b['number']} formula {b['formula']} {b['kg']:.1f} kg categories {','.join(cats)} customers {custs}")
        L(x + 0.3, "INFO", "loader", "washplan.tunnel", f"T1 accepted batch {b['number']} (C01)")

    # washplan restarts: formula table pushed, start-up line
    for when, pod, sha, ver in pods[1:]:
        L(when - 12, "INFO", "MainThread", "uvicorn.error", "Shutting down")
        L(when - 11.6, "INFO", "MainThread", "uvicorn.error", "Finished server process [1]")
        L(when + 2.1, "INFO", "MainThread", "washplan.tunnel", "formula table pushed to T1 at 10.20.4.11: 7 formulas")
        T(when + 2.0, "I", "REMOTE recipe write from 10.42.0.31: 7 formulas updated")
        if when < revert_sync:
            T(when + 2.05, "I", "F12 HOTEL TOWEL main wash 60.0C dose 11ml/kg (changed)")
        elif when < fix_sync:
            T(when + 2.05, "I", "F12 HOTEL TOWEL main wash 65.0C dose 14ml/kg (changed)")
        L(when + 2.3, "INFO", "MainThread", "washplan.main", f"washplan {ver} (rev {sha[:7]}) starting: 7 formulas, loader on T1")
        L(when + 2.9, "INFO", "MainThread", "uvicorn.error", "Started server process [1]")
        L(when + 3.0, "INFO", "MainThread", "uvicorn.error", "Application startup complete.")
        L(when + 3.1, "INFO", "MainThread", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")

    # supervisors' screens and the press line poll the API; rail heartbeats
    x = t0 + rng.uniform(0, 20)
    while x < t_end:
        who = rng.choice(["10.20.8.31", "10.20.8.32", "10.20.8.44"])
        path = rng.choice(["/api/slings?status=waiting", "/api/batches?last=20", "/api/batches?last=20", "/api/t1/status", "/api/held"])
        L(x, "INFO", "MainThread", "uvicorn.access",
          f'{who}:{rng.randint(40000, 61000)} - "GET {path} HTTP/1.1" 200')
        x += rng.expovariate(1 / 14.0)
    x = t0 + 7.3
    while x < t_end:
        n = rng.randint(6, 19)
        L(x, "INFO", "rail", "washplan.rail", f"rail PLC poll ok: {n} slings queued, oldest {rng.randint(3, 41)} min")
        if rng.random() < 0.025:
            L(x + 2.0, "WARN", "rail", "washplan.rail", "rail PLC read timed out, retrying once")
        x += 60 + rng.uniform(-0.3, 0.3)
    T(C("18:33:10"), "W", "C11 level sensor LS11 slow response 4.2s")
    T(C("21:40:45"), "W", "press P1 cycle time 148s > 140s (cake 52.1kg)")
    for clock in ("16:10:00", "18:10:00", "20:10:00", "22:10:00"):
        T(C(clock) + 3, "I", f"water meter WM1 {rng.randint(410, 470)}l/batch avg, reuse tank RT2 {rng.randint(61, 88)}%")

    # --- soil sort RFID gateway (syslog) ---------------------------------------------
    def S(x, msg, proc="sortgw", pid=1187, host="sortgw-01"):
        t = at(x)
        sortgw.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {proc}[{pid}]: {msg}")

    x = t0 + rng.uniform(0, 30)
    cart = 200
    while x < t_end:
        hc_sort = C("16:30:00") <= x < C("21:10:00")
        portal = "SORT-2" if hc_sort and rng.random() < 0.6 else "SORT-1"
        if portal == "SORT-2":
            cust = rng.choice(CUSTOMERS["HC"])
            cats = rng.sample(["HC-TOWEL", "HC-FLAT", "HC-THEATRE"], 2)
        else:
            cust = rng.choice(CUSTOMERS["HOTEL"] + ["YMC01"])
            cats = ["WORKWEAR"] if cust == "YMC01" else rng.sample(["HOTEL-TOWEL", "HOTEL-FLAT", "HOTEL-PILLOW", "HOTEL-BATHMAT"], 2)
        a = rng.randint(60, 180)
        bb = rng.randint(40, 140)
        parts = f"{cats[0]} {a}" + (f", {cats[1]} {bb}" if len(cats) > 1 else "")
        foreign = rng.choice([0, 0, 0, 1, 2, 3])
        S(x, f"{portal} cart {cust}-{cart} read {a + (bb if len(cats) > 1 else 0) + foreign} tags ({foreign} foreign) in {rng.uniform(2.8, 5.4):.1f}s: {parts}")
        cart += 1
        x += rng.uniform(70, 130) if hc_sort else rng.uniform(110, 190)
    for reader, t_a in (("R420-S1", t0 + 11), ("R420-S2", t0 + 37)):
        x = t_a
        while x < t_end:
            S(x, f"reader {reader} keepalive ok (4 antennas, {rng.randint(-52, -41)} dBm noise floor)")
            x += 300
    S(C("17:02:14"), "reader R420-S2 antenna 3 reflected power high (-9.8 dB), check cable", proc="sortgw")
    S(C("17:02:44"), "reader R420-S2 antenna 3 ok")
    S(C("19:44:01"), "session opened for user maint by (uid=0)", proc="sshd", pid=22411)
    S(C("19:49:37"), "session closed for user maint", proc="sshd", pid=22411)

    # --- Argo CD -----------------------------------------------------------------------
    def A(x, level, msg, **kv):
        t = at(x)
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}", "application=argocd/washplan"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f"{k}={json.dumps(v) if any(c in v for c in ' =:/') else v}")
        argo.add(t, " ".join(parts))

    syncs = [(chem_sync, shas["rel_731"]), (revert_sync, shas["revert_chem"]), (fix_sync, shas["rel_732"])]

    def rev_at(x):
        cur = shas["rel_730"]
        for when, sha in syncs:
            if when <= x:
                cur = sha
        return cur

    x = t0 + rng.uniform(0, 180)
    while x < t_end:
        A(x, "info", "Refreshing app status (normal refresh requested), level (1)")
        A(x + 0.18, "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: plant-brighouse)")
        A(x + 0.33, "info", "Update successful", revision=rev_at(x)[:7])
        x += 180 + rng.uniform(-1, 1)
    for when, sha in syncs:
        A(when, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "plant-brighouse", "dest-server": "https://kubernetes.default.svc", "reason": "OperationStarted", "type": "Normal"})
        A(when + 3.8, "info", f"Sync operation to {sha} succeeded", **{"dest-namespace": "plant-brighouse", "dest-server": "https://kubernetes.default.svc", "reason": "OperationCompleted", "type": "Normal"})
        A(when + 4.1, "info", "Updated health status: Healthy -> Progressing", **{"dest-namespace": "plant-brighouse", "reason": "ResourceUpdated", "type": "Normal"})
        A(when + 24.6, "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "plant-brighouse", "reason": "ResourceUpdated", "type": "Normal"})

    # --- #brighouse-ops ------------------------------------------------------------------
    users = {"gareth.lister": "U02GL4T8A", "shaz.akhtar (QA)": "U05SA2M7K", "dan.sykes": "U03DS9R1C", "hannah.whitaker": "U01HW6P3B",
             "tomasz.nowak": "U03TN5Q2D", "kev.horsfall (maintenance)": "U06KH1W4E", "lynne.brook (night supervisor)": "U06LB8C5F",
             "mark.dyson (transport)": "U04MD3V9G"}

    def say(when, who, text):
        x = (C(when) if isinstance(when, str) else when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "brighouse-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fails = stats["fails"]
    first_fail = fails[0]
    say("15:42", "mark.dyson (transport)", "Calder Valley pickups on time today, first hospital vans back about 16:20. Huddersfield has 3 extra theatre cages")
    say("16:50", "gareth.lister", "CHEM-19 going out with 7.3.1 now: formula 12 (hotel towels) on Lumex Pro 2 at 60 C. ChemServe's trial was clean. Only formula 12")
    say("17:02", "gareth.lister", "7.3.1 synced 16:58, T1 took the formula table (F12 60 C on the HMI). first Lumex batches going in")
    say("17:36", "lynne.brook (night supervisor)", "changeover going well, tunnel full, hardly any part loads since the top-ups went in")
    say(first_fail[0] + 420, "shaz.akhtar (QA)", f"TempTrace failed batch {first_fail[1]['number']}, held at the press. healthcare towels, max {first_fail[1]['max_c']:.1f} C. can someone look at C07?")
    say(first_fail[0] + 700, "dan.sykes", "paged DisinfectionNotAchieved. runbook: probe, steam, formula change. @kev.horsfall (maintenance) can you check TempTrace's C07 probe against T1's sensor?")
    say(fails[1][0] + 300, "shaz.akhtar (QA)", f"second one: batch {fails[1][1]['number']}. also formula 12. both on 12")
    say(fails[1][0] + 620, "kev.horsfall (maintenance)", "C07 probe reads the same as T1's own sensor within 0.3 C. steam header 10.2 bar, T1 valve 30-40%. it's holding exactly the setpoint, which is 60 on F12 now")
    say("19:02", "dan.sykes", "every failed batch ran formula 12 and CHEM-19 moved 12 to 60 C this afternoon. runbook step 3: reverting CHEM-19 (INC-2203). Gareth ok?")
    say("19:05", "gareth.lister", "ok to revert, but 12 is a hotel formula, it was never a disinfection formula at 65 either")
    say("19:18", "dan.sykes", "revert synced 19:16, T1 has F12 at 65 C again")
    f_after = [f for f in fails if f[0] > revert_sync + 600]
    if f_after:
        say(f_after[0][0] + 240, "shaz.akhtar (QA)", f"batch {f_after[0][1]['number']} failed too, F12 at 65 C now: 65 C but only about 8 min, needs 10. why is any healthcare linen on 12 at all?")
    f14 = next(f for f in fails if f[1]["formula"] == 14)
    say(f14[0] + 200, "shaz.akhtar (QA)", f"and now {f14[1]['number']} on formula 14 (hotel flat). the batch cards say categories HC-FLAT,HOTEL-FLAT. these are mixed batches")
    say(f14[0] + 420, "hannah.whitaker", "looking. the top-up lines: 'topped up with sling ... HOTEL-FLAT ...; formula 14 from lead sling HOTEL-FLAT'. formula_for() takes the heaviest sling's formula, not the strictest category. OPS-318, in since 13:32")
    say(f14[0] + 560, "hannah.whitaker", "the mixed ones that passed had the hospital sling as the heavier one (formula 26/24). every failure since 17:54 is a part load of hospital linen topped up with more hotel linen")
    say("20:57", "hannah.whitaker", "reverting OPS-318 (keeps QA-41's card line), 7.3.2 with both reverts. Lynne: part loads go in as part loads again")
    say("21:08", "hannah.whitaker", "7.3.2 synced 21:06. no more top-ups")
    say("21:15", "shaz.akhtar (QA)", f"{len(fails)} batches held, all rewashing on 26/24. the rest of tonight's healthcare batches passed")
    say("21:32", "mark.dyson (transport)", "Huddersfield towels will be short on the 05:30 van, I'll tell the ward linen team. topping up on the 11:00")
    say("22:05", "tomasz.nowak", "sorry all. OPS-318 again later with the strictest category deciding and a test with a light hospital sling. postmortem INC-2203 tomorrow")
    stats["first_fail"] = first_fail[0]
    return [app, t1log, tt, sortgw, argo, slack], stats


def build(out_dir):
    rng = random.Random(100101)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_fail"]).replace(microsecond=0)
        assert utc("2026-03-19 17:45:00") < onset < utc("2026-03-19 18:05:00"), onset
        fails = stats["fails"]
        return write_scenario(
            out_dir, name="r100-topup-heaviest-formula", service=SERVICE, onset=onset,
            description=f"""
Healthcare batches fail thermal disinfection at Pennine Linen Services'
Brighouse plant on Thursday 19 March 2026: from {onset.strftime('%H:%M:%S')} GMT TempTrace
reports "disinfection not achieved" for hospital towels and sheets washed
in tunnel T1, and washplan holds them at the press for rewash ({len(fails)} batches
by 21:06). washplan 7.3.1 (a formula 12 chemistry change) had been synced
at 16:58; the change was reverted at 19:16 without effect, and 7.3.2 was
synced at 21:06. T1 logs local time (GMT in March).
""",
            logs=logs,
            line_formats={
                "washplan.log": r'<Date> <Time> <Level>\s+\[<Thread>\] <Logger>: <Content>',
                "t1-tunnel.log": r'<Date> <Time> <Unit> <Level> <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'topped up with sling .* formula .* from lead sling',
                r'disinfection not achieved',
            ],
            fix_files=["washplan/batching.py", "config/categories.yaml"],
            explanation=f"""
The culprit is OPS-318 ("batching: top up part loads with slings of the
same fabric group"), committed at 09:40 GMT and synced in 7.3.0 at 13:32,
8 hours before the onset. It lets a part load of hospital towels or sheets
be topped up with hotel towels or sheets, and its formula_for() takes the
formula of the heaviest sling, though its docstring says the strictest
category decides. All afternoon only hotel slings are on the rail; from
17:30, when the hospitals' soil reaches the loading station, a light
hospital sling topped up with a heavier hotel one runs formula 12 or 14,
a hotel formula with no disinfection stage: "batch ...: part load 13.1 kg
HC-TOWEL topped up with sling ... HOTEL-TOWEL 34.6 kg (rail ...); formula
12 from lead sling HOTEL-TOWEL". TempTrace fails every such batch ("disinfection
not achieved"); mixed batches whose hospital sling is heavier run 26 or 24
and pass. The revert of OPS-318 (7.3.2, 21:06) ends it.
Decoys: CHEM-19 (formula 12 on a new detergent at 60 C instead of 65 C),
synced in 7.3.1 at 16:58, 56 minutes before the onset, the start-up lines
and Argo naming it; every early failure is on formula 12, the runbook says
to revert a formula changed in the last day, and the revert (19:16) does
not help (formula 12 at 65 C for 8 minutes still fails, then formula 14);
QA-41, in the culprit's file, which adds the batch card line that fills the
log; a harmless earlier change to batching.py; the runbook commit that
blames the probe, the steam or a formula change; the sort gateway and rail
PLC retries; dependabot bumps (pydantic, uvicorn); a docs commit; an
antenna warning at the soil sort and a slow level sensor in C11.
""",
        )
    finally:
        repo.close()
