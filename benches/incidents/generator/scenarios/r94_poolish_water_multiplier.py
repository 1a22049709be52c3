"""bakeflow (Python 3.12, asyncua and FastAPI, on one plant VM deployed by a
GitLab CI job running Ansible; team in Veghel, Wrocław and Pune) is the MES
of Verhoeven Brood's bakery at Veghel: it releases dough batches to the
three lines' spiral mixers (L1 tin bread, L2 soft rolls, L3 baguette and
ciabatta), sets each batch's water temperature on the line's water blender,
takes the mixers' batch reports, follows the batches through the dividers,
proofers and ovens and collects the packing lines' results.

The water temperature comes from the desired dough temperature (DDT)
method bakers use: a dough leaves the mixer at about the average of the
temperatures of what goes into it plus the heat of mixing, so the water is
DDT x (the number of temperatures, the water's included) less the others
and the mixer's friction factor. A straight dough has three (flour, room,
water); a dough with a preferment has four. L3's ciabatta is made with a
poolish, which since February ferments in a tank (PT-1) and not in the
preferment room at 16 C.

Wednesday 4 March 2026, 10:42 CET: PREF-31 (Joris) reads the poolish's
temperature from PT-1's probe instead of the fixed 16 C and has the water
line log its terms. It builds the temperatures as a dict and takes the
multiplier as `len(temps) + 1` before it adds the preferment, so a poolish
dough gets 3 x DDT instead of 4 x DDT: about 25 C too little water
temperature. The test checks the probe's reading, not the water. It ships
in 5.3.0, deployed in Saturday's sanitation window. No ciabatta is made
until Sunday night.

Sunday 8 March: production starts at 20:00 CET. M3 got a new spiral tool on
Saturday (MNT-3391) and L3's straight baguette doughs come out 1.5 C warm
(TEMP HIGH alarms); 5.3.1 goes out at 21:52 (M3's friction factor 12 -> 16,
QA-58, which adds the very "dough temperature out of tolerance" warning,
MES-212's rounding in the culprit's file). A cold flour delivery into S3
that afternoon has the flour at 14-15 C. L3 changes over to ciabatta at
23:15: the first batch gets 6.5 C water and leaves M3 at 18.7 C (mixer
alarm A217 TEMP LOW). The on-call (Sanne) reads the runbook: flour, then
roll back a deploy made during a run; she rolls back to 5.3.0 at 00:21
(5.3.1 changed M3's friction): the warnings go, the doughs are 20 C. The
line lead puts WB3 in manual at 34 C at 00:44 and the doughs are right.
Joris reads the water lines ("6.5 C = 3 x 25.0 - (flour 14.9 + room 21.9
+ preferment 15.7) - friction 16.0") and sees the count; 5.3.2 takes it after
the preferment and goes out at 01:52; WB3 back in auto at 02:06. Seven
batches were cold: three baked after an extended proof with heavy vision
rejects, four scrapped.

Sources: bakeflow (Python logging with the line, line format), the
spiral mixers (syslog RFC 3164), the water blenders (vendor log, line
format), L3's proofer and oven SCADA events (JSON lines, CET offsets), L3's
packing vision system (semicolon separated, line format), GitLab deploy
jobs, the production shift book (CET offsets, line format), the Teams
channel "Productie nacht" (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "bakeflow"
CET = dt.timezone(dt.timedelta(hours=1))


def nl(text):
    """'2026-03-08 23:15:00' in Veghel (CET, UTC+1) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CET).astimezone(dt.timezone.utc)


START, END = nl("2026-03-08 19:00:00"), nl("2026-03-09 03:30:00")
PROD_START = nl("2026-03-08 20:00:00")
DEPLOY_531 = nl("2026-03-08 21:52:10")
L3_CHANGEOVER = nl("2026-03-08 23:00:00")
CIABATTA_FROM = nl("2026-03-08 23:15:00")
ROLLBACK = nl("2026-03-09 00:21:40")
MANUAL_ON = nl("2026-03-09 00:44:20")
DEPLOY_532 = nl("2026-03-09 01:52:30")
MANUAL_OFF = nl("2026-03-09 02:06:10")
CULPRIT_AT = nl("2026-03-04 10:42:00")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "bakeflow"
version = "5.2.1"
requires-python = ">=3.12"
dependencies = [
  "asyncua==1.1.5",
  "fastapi==0.115.8",
  "uvicorn==0.34.0",
  "psycopg[pool]==3.2.4",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.25.3"]
"""

MAIN = '''import asyncio
import logging.config
import os

from bakeflow import __version__, lines
from bakeflow.api import serve

logging.config.fileConfig(os.environ.get("LOGGING_CONFIG", "/etc/bakeflow/logging.ini"))
log = logging.getLogger("bakeflow.main")


async def main():
    log.info("starting bakeflow version=%s commit=%s", __version__, os.environ.get("BAKEFLOW_COMMIT", "none"))
    await asyncio.gather(lines.run_all(), serve())


if __name__ == "__main__":
    asyncio.run(main())
'''

WATER_V1 = '''"""Water temperature for a dough batch by the desired dough temperature
(DDT) method: a dough leaves the mixer at about the average of the
temperatures of what goes into it, plus the heat of mixing. So

    water = DDT x (number of temperatures, the water's included)
            - the other temperatures - the mixer's friction factor

Straight doughs have three temperatures (flour, room, water); doughs with a
preferment (poolish, sponge) have the preferment as a fourth. See
docs/water-temperature.md."""

import logging

log = logging.getLogger("bakeflow.water")

# poolish and sponges stand in the preferment room, held at 16 C
PREFERMENT_C = 16.0


def water_temperature(recipe, readings, mixer):
    known = readings.flour_c + readings.room_c
    if recipe.preferment:
        return 4 * recipe.ddt_c - known - PREFERMENT_C - mixer.friction_c
    return 3 * recipe.ddt_c - known - mixer.friction_c


def setpoint(batch, recipe, readings, mixer, blender):
    """The blender's setpoint for this batch, within what it can deliver."""
    water = water_temperature(recipe, readings, mixer)
    sp = min(max(water, blender.min_c), blender.max_c)
    log.info("water temperature for batch %s (%s, %s): %.1f C (ddt %.1f, flour %.1f, room %.1f, friction %.1f)",
             batch.id, recipe.code, mixer.id, sp, recipe.ddt_c, readings.flour_c, readings.room_c, mixer.friction_c)
    return sp
'''

READINGS_V1 = '''"""The temperatures a batch's water is computed from, read over OPC UA when
the batch is released: the silo's flour probe and the mixing room's."""

from dataclasses import dataclass


@dataclass
class Readings:
    flour_c: float
    room_c: float


async def read(client, line_cfg):
    flour = await client.read_value(line_cfg.silo_probe)
    room = await client.read_value(line_cfg.room_probe)
    return Readings(flour_c=round(flour, 1), room_c=round(room, 1))
'''

BATCHES_V1 = '''"""A batch from release to the mixer's report."""

import logging

from bakeflow import db, water

log = logging.getLogger("bakeflow.batches")


async def release(batch, recipe, line, client):
    readings = await line.readings(client)
    sp = water.setpoint(batch, recipe, readings, line.mixer, line.blender)
    await line.blender.prepare(client, batch, recipe.water_kg, sp)
    await line.mixer.download(client, batch, recipe, sp)
    await db.batches.released(batch, sp, readings)


async def on_mixer_report(report, batch, recipe):
    log.info("mixer report for batch %s: slow %ds, fast %ds, energy %.1f kWh, dough %.1f C",
             batch.id, report.slow_s, report.fast_s, report.energy_kwh, report.dough_c)
    await db.batches.mixed(batch, report)
'''

MIXERS_YAML = """# Spiral mixers. friction_c is the mixer's friction factor for the water
# temperature (docs/water-temperature.md): measure it again after a tool or
# bowl change (dough temperature out of the mixer with known inputs).
mixers:
  M1:
    line: L1
    endpoint: opc.tcp://m1-spx.ot.veghel.local:4840
    friction_c: 13.0
  M2:
    line: L2
    endpoint: opc.tcp://m2-spx.ot.veghel.local:4840
    friction_c: 12.0
  M3:
    line: L3
    endpoint: opc.tcp://m3-spx.ot.veghel.local:4840
    friction_c: 12.0
"""

LINES_YAML = """lines:
  L1:
    name: tin bread
    mixer: M1
    blender: WB1
    silo_probe: ns=3;s=S3.Flour.Temp
    room_probe: ns=3;s=MixRoom1.Temp
  L2:
    name: soft rolls
    mixer: M2
    blender: WB2
    silo_probe: ns=3;s=S1.Flour.Temp
    room_probe: ns=3;s=MixRoom1.Temp
  L3:
    name: baguette and ciabatta
    mixer: M3
    blender: WB3
    silo_probe: ns=3;s=S3.Flour.Temp
    room_probe: ns=3;s=MixRoom2.Temp
"""

BLENDERS_YAML = """# Water blenders: chilled (about 3 C) and hot (about 60 C) water mixed to the
# setpoint. A setpoint outside min_c..max_c is limited.
blenders:
  WB1: {endpoint: "opc.tcp://wb1.ot.veghel.local:4840", min_c: 4.0, max_c: 45.0}
  WB2: {endpoint: "opc.tcp://wb2.ot.veghel.local:4840", min_c: 4.0, max_c: 45.0}
  WB3: {endpoint: "opc.tcp://wb3.ot.veghel.local:4840", min_c: 4.0, max_c: 45.0}
"""

WATER_DOC = """# Water temperature

bakeflow sets each batch's water temperature on the line's blender by the
desired dough temperature (DDT) method:

    water = DDT x n - (flour + room [+ preferment]) - friction

where n is the number of temperatures that go into the dough, the water's
included: 3 for a straight dough (flour, room, water), 4 for a dough with a
preferment (flour, room, preferment, water). The friction factor is the
mixer's (config/mixers.yaml) and has to be measured again after a tool or
bowl change.

Example, ciabatta (DDT 25.0) with flour at 17, room at 22, poolish at 16 and
M3's friction of 12: 4 x 25 - (17 + 22 + 16) - 12 = 33 C.
"""

RUNBOOK = """# bakeflow runbook

Owner: #mes-team (Teams: MES). Dashboards: Grafana › Veghel › bakeflow.
On call: one developer a week, the OT engineer on shift for the PLCs.

## Deploys

Releases go out in the Saturday sanitation window (GitLab: deploy job of the
tag). A hotfix during a production run needs the shift manager's OK. If a
line misbehaves after a deploy during a run, roll back first (re-run the
deploy job of the previous tag) and investigate afterwards.

## OPC UA session lost

bakeflow reconnects by itself; a PLC that stays away for more than two
minutes holds its line's next release. Call the OT engineer.

## Mixer report missing

The mixer's batch report comes over OPC UA after discharge. If it does not,
the batch stays in `mixing`; the line lead can close it on the HMI.
"""

PACKING = '''"""Packing lines: product settings downloaded to the flow wrappers and
checkweighers at a product change; counts and rejects collected."""

import logging

log = logging.getLogger("bakeflow.packing")


async def product_change(line, product, client):
    settings = line.packing.settings_for(product)
    await client.write_values(line.packing.wrapper, settings.as_tags())
    log.info("packing settings downloaded to %s for %s: %s", line.packing.wrapper, product.code, settings)
'''

PRODUCTS_YAML = """# Packing settings per product (flow wrapper jaws in C, checkweigher in g).
products:
  BOL-WIT-6:   {wrapper: FW2, film: FX-PETPE-45, jaws_c: [145, 145], dwell_ms: 180, nominal_g: 360, tu1_g: 345}
  BOL-MEER-6:  {wrapper: FW2, film: FX-PETPE-45, jaws_c: [145, 145], dwell_ms: 180, nominal_g: 390, tu1_g: 375}
  CIA-POOL-12: {wrapper: FW3, film: FX-PETPE-45, jaws_c: [150, 148], dwell_ms: 200, nominal_g: 300, tu1_g: 288}
  BAG-STR-350: {wrapper: FW3, film: FX-PP-30,    jaws_c: [135, 135], dwell_ms: 160, nominal_g: 350, tu1_g: 336}
"""

TEST_WATER_V1 = '''from types import SimpleNamespace as NS

from bakeflow.water import water_temperature


def test_straight_dough():
    recipe = NS(ddt_c=26.0, preferment=None)
    assert water_temperature(recipe, NS(flour_c=18.0, room_c=22.0), NS(friction_c=13.0)) == 25.0


def test_preferment_counts_as_a_temperature():
    recipe = NS(ddt_c=25.0, preferment="poolish")
    assert water_temperature(recipe, NS(flour_c=17.0, room_c=22.0), NS(friction_c=12.0)) == 33.0
'''

CI = """stages: [test, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

deploy:
  stage: deploy
  rules:
    - if: $CI_COMMIT_TAG
      when: manual
  tags: [plant-veghel]
  script:
    - ansible-playbook -i deploy/inventory/veghel.ini deploy/deploy.yml -e bakeflow_version=$CI_COMMIT_TAG -e bakeflow_commit=$CI_COMMIT_SHORT_SHA
"""


def base_files():
    return {
        "pyproject.toml": PYPROJECT,
        "bakeflow/__init__.py": '__version__ = "5.2.1"\n',
        "bakeflow/main.py": MAIN,
        "bakeflow/water.py": WATER_V1,
        "bakeflow/readings.py": READINGS_V1,
        "bakeflow/batches.py": BATCHES_V1,
        "bakeflow/db.py": '"""PostgreSQL (bakeflow schema) through a psycopg pool of 10."""\n',
        "bakeflow/lines.py": '"""One task per line: the release plan, the OPC UA subscriptions of its\nmixer, blender, divider, proofer and oven, and its packing line."""\n',
        "bakeflow/api.py": '"""The line leads\' HMI API (FastAPI on :8080), behind the plant\'s nginx."""\n',
        "bakeflow/proofing.py": '"""Proofers: batches in and out, proof time and humidity per recipe; the\nexit height laser\'s reading as a share of the recipe\'s target."""\n',
        "bakeflow/ovens.py": '"""Tunnel ovens: zone setpoints per product, batches in and out."""\n',
        "bakeflow/packing/__init__.py": "",
        "bakeflow/packing/wrappers.py": PACKING,
        "config/lines.yaml": LINES_YAML,
        "config/mixers.yaml": MIXERS_YAML,
        "config/blenders.yaml": BLENDERS_YAML,
        "config/products.yaml": PRODUCTS_YAML,
        "config/logging.ini": "[loggers]\nkeys=root\n\n[handlers]\nkeys=file\n\n[formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=file\n\n[handler_file]\nclass=handlers.WatchedFileHandler\nformatter=plain\nargs=('/var/log/bakeflow/bakeflow.log',)\n\n[formatter_plain]\nformat=%(asctime)s %(levelname)s [%(name)s] [%(line)s] %(message)s\n",
        "deploy/deploy.yml": "- hosts: bakeflow\n  become: true\n  roles:\n    - bakeflow\n",
        "deploy/inventory/veghel.ini": "[bakeflow]\nmes-app-01.veghel.verhoeven.local\n",
        "deploy/roles/bakeflow/tasks/main.yml": "- name: install wheel\n  pip: {name: \"bakeflow=={{ bakeflow_version | regex_replace('^v', '') }}\", virtualenv: /opt/bakeflow}\n- name: commit in the environment\n  lineinfile: {path: /etc/bakeflow/env, regexp: '^BAKEFLOW_COMMIT=', line: 'BAKEFLOW_COMMIT={{ bakeflow_commit }}'}\n- name: restart bakeflow\n  systemd: {name: bakeflow, state: restarted}\n- name: wait for /healthz\n  uri: {url: 'http://localhost:8080/healthz'}\n  retries: 10\n  delay: 3\n",
        "deploy/bakeflow.service": "[Unit]\nDescription=bakeflow MES\nAfter=network-online.target\n\n[Service]\nEnvironmentFile=/etc/bakeflow/env\nExecStart=/opt/bakeflow/bin/python -m bakeflow.main\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        ".gitlab-ci.yml": CI,
        "tests/__init__.py": "",
        "tests/test_water.py": TEST_WATER_V1,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# bakeflow\n\nThe MES of the Veghel bakery: dough batches to the mixers and water\nblenders, batch reports, proofers, ovens and packing lines, and the line\nleads' HMI.\n\n## Running locally\n\n```\npip install -e .[test]\npytest -q\nLOGGING_CONFIG=config/logging.ini python -m bakeflow.main\n```\n\n## Deploying\n\nTag a release; the GitLab deploy job (manual) installs it on\nmes-app-01 with Ansible. See docs/runbook.md.\n",
        "CHANGELOG.md": "# Changelog\n\n## 5.2.1\n\n- Checkweigher TU1 limits per product (PACK-96).\n",
    }


PEOPLE = {
    "sanne": Person("Sanne de Vries", "sanne.devries@verhoevenbrood.nl", 60),
    "joris": Person("Joris van Dijk", "joris.vandijk@verhoevenbrood.nl", 60),
    "mateusz": Person("Mateusz Kowalczyk", "mateusz.kowalczyk@verhoevenbrood.nl", 60),
    "aditi": Person("Aditi Kulkarni", "aditi.kulkarni@verhoevenbrood.nl", 330),
    "bot": Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0),
}


def build_repo():
    repo = Repo()
    p = PEOPLE
    w, r, b = "bakeflow/water.py", "bakeflow/readings.py", "bakeflow/batches.py"
    shas = {}
    repo.commit(nl("2026-02-25 09:20:00"), p["sanne"], "bakeflow 5.2.1: mixers, blenders, proofers, ovens and packing on the plant GitLab", base_files())
    crng = random.Random(94013)
    repo.schedule(chores(crng, SERVICE, [p["aditi"], p["mateusz"]], nl("2026-02-25 11:00:00"), nl("2026-03-03 17:00:00"), 3))
    repo.commit(nl("2026-02-26 14:05:00"), p["joris"], "docs: how the water temperature is computed (DDT method)", {
        "docs/water-temperature.md": WATER_DOC,
    })
    repo.commit(nl("2026-02-27 07:12:00"), p["bot"], "chore(deps): update dependency uvicorn to v0.34.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"uvicorn==0.34.0"', '"uvicorn==0.34.1"'),
    })
    repo.commit(nl("2026-03-02 11:30:00"), p["mateusz"], "ovens: zone setpoints per product from the recipe, not the line (OVN-44)", {
        "bakeflow/ovens.py": repo.files["bakeflow/ovens.py"] + '\n\ndef zone_setpoints(recipe, oven):\n    """Zones 1-4 from the recipe; the oven\'s defaults where it has none."""\n    return [z if z is not None else d for z, d in zip(recipe.oven_zones_c or [None] * 4, oven.default_zones_c)]\n',
    })
    repo.commit(nl("2026-03-03 13:48:00"), p["aditi"], "packing: log the settings downloaded to a wrapper at a product change (PACK-104)", {
        "bakeflow/packing/wrappers.py": sub(repo.files["bakeflow/packing/wrappers.py"], "    await client.write_values(line.packing.wrapper, settings.as_tags())\n",
                                            "    await client.write_values(line.packing.wrapper, settings.as_tags())\n    # PACK-104: the line leads asked what the wrapper got\n"),
    })
    culprit = repo.commit(CULPRIT_AT, p["joris"], "water: preferment temperature from the poolish tank's probe, log the terms (PREF-31)\n\nSince February the poolish ferments in PT-1 in the mixing room and no\nlonger in the preferment room at 16 C; depending on the day it is 14-18 C\nand the ciabatta came out 1-2 C off. Read PT-1's probe at release, and\nlog the terms of the formula so the line leads can see why a setpoint\nis what it is.", {
        w: sub(WATER_V1,
               "import logging\n\nlog = logging.getLogger(\"bakeflow.water\")\n\n# poolish and sponges stand in the preferment room, held at 16 C\nPREFERMENT_C = 16.0\n\n\ndef water_temperature(recipe, readings, mixer):\n    known = readings.flour_c + readings.room_c\n    if recipe.preferment:\n        return 4 * recipe.ddt_c - known - PREFERMENT_C - mixer.friction_c\n    return 3 * recipe.ddt_c - known - mixer.friction_c\n",
               "import logging\n\nlog = logging.getLogger(\"bakeflow.water\")\n\n\ndef water_temperature(recipe, readings, mixer):\n    \"\"\"The water temperature, the multiplier and the temperatures used.\"\"\"\n    temps = {\"flour\": readings.flour_c, \"room\": readings.room_c}\n    factors = len(temps) + 1  # the water is one of them\n    if recipe.preferment:\n        # the preferment's tank probe, not the room it used to stand in (PREF-31)\n        temps[\"preferment\"] = readings.preferment_c(recipe.preferment)\n    water = factors * recipe.ddt_c - sum(temps.values()) - mixer.friction_c\n    return water, factors, temps\n",
               "    water = water_temperature(recipe, readings, mixer)\n    sp = min(max(water, blender.min_c), blender.max_c)\n    log.info(\"water temperature for batch %s (%s, %s): %.1f C (ddt %.1f, flour %.1f, room %.1f, friction %.1f)\",\n             batch.id, recipe.code, mixer.id, sp, recipe.ddt_c, readings.flour_c, readings.room_c, mixer.friction_c)\n",
               "    water, factors, temps = water_temperature(recipe, readings, mixer)\n    sp = min(max(water, blender.min_c), blender.max_c)\n    log.info(\"water temperature for batch %s (%s, %s): %.1f C = %d x %.1f - (%s) - friction %.1f\",\n             batch.id, recipe.code, mixer.id, sp, factors, recipe.ddt_c,\n             \" + \".join(f\"{name} {value:.1f}\" for name, value in temps.items()), mixer.friction_c)\n"),
        r: sub(READINGS_V1,
               "the batch is released: the silo's flour probe and the mixing room's.\"\"\"",
               "the batch is released: the silo's flour probe, the mixing room's and, for\na dough with a preferment, its tank's.\"\"\"",
               "    flour_c: float\n    room_c: float\n",
               "    flour_c: float\n    room_c: float\n    tanks: dict\n\n    def preferment_c(self, name):\n        return self.tanks[name]\n",
               "    return Readings(flour_c=round(flour, 1), room_c=round(room, 1))\n",
               "    tanks = {name: round(await client.read_value(probe), 1) for name, probe in line_cfg.preferment_tanks.items()}\n    return Readings(flour_c=round(flour, 1), room_c=round(room, 1), tanks=tanks)\n"),
        "config/lines.yaml": sub(repo.files["config/lines.yaml"], "    room_probe: ns=3;s=MixRoom2.Temp\n", "    room_probe: ns=3;s=MixRoom2.Temp\n    preferment_tanks:\n      poolish: ns=3;s=PT1.Temp\n"),
        "tests/test_water.py": "from types import SimpleNamespace as NS\n\nfrom bakeflow.readings import Readings\nfrom bakeflow.water import water_temperature\n\n\ndef test_straight_dough():\n    recipe = NS(ddt_c=26.0, preferment=None)\n    water, factors, _ = water_temperature(recipe, Readings(18.0, 22.0, {}), NS(friction_c=13.0))\n    assert (water, factors) == (25.0, 3)\n\n\ndef test_preferment_from_tank_probe():\n    recipe = NS(ddt_c=25.0, preferment=\"poolish\")\n    _, _, temps = water_temperature(recipe, Readings(17.0, 22.0, {\"poolish\": 14.5}), NS(friction_c=12.0))\n    assert temps[\"preferment\"] == 14.5\n",
    })
    shas["culprit"] = culprit
    repo.commit(nl("2026-03-04 16:20:00"), p["aditi"], "packing: checkweigher TU2 alarm as well as TU1 (PACK-107)", {
        "config/products.yaml": repo.files["config/products.yaml"].replace("# Packing settings per product (flow wrapper jaws in C, checkweigher in g).\n",
                                                                          "# Packing settings per product (flow wrapper jaws in C, checkweigher in g).\n# TU2 (twice the tolerable negative error) stops the line.\n"),
    })
    repo.commit(nl("2026-03-05 10:15:00"), p["sanne"], "runbook: dough temperature out of tolerance", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Dough temperature out of tolerance\n\nThe mixers alarm below or above the recipe's window (A217 TEMP LOW,\nA218 TEMP HIGH).\n\n- Cold doughs on a line are almost always the flour: a delivery in winter\n  comes in at 8-10 C and the silo probe takes hours to catch up. Compare\n  the S1-S4 flour temperatures with yesterday's and check the blender's\n  chilled water.\n- Warm doughs on one mixer: its friction factor (config/mixers.yaml) after\n  maintenance on the tool or the bowl.\n- If it started after a bakeflow deploy during the run: roll back first.\n\nThe line lead can put the blender in manual on its HMI (water temperature\nby hand) while you look.\n",
    })
    repo.commit(nl("2026-03-05 17:40:00"), p["bot"], "chore(deps): update dependency fastapi to v0.115.11", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"fastapi==0.115.8"', '"fastapi==0.115.11"'),
    })
    rel_530 = repo.commit(nl("2026-03-06 09:15:00"), p["sanne"], "release 5.3.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.2.1"', 'version = "5.3.0"'),
        "bakeflow/__init__.py": '__version__ = "5.3.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.3.0\n\n- Poolish temperature from PT-1's probe; the water line logs its terms (PREF-31).\n- Oven zone setpoints per product (OVN-44).\n- Packing: settings downloaded logged (PACK-104), checkweigher TU2 (PACK-107).\n- fastapi 0.115.11, uvicorn 0.34.1.\n"),
    })
    shas["rel_530"] = rel_530
    repo.commit(nl("2026-03-06 14:02:00"), p["sanne"], "water: round the setpoint to 0.1 C, the WB blenders take one decimal (MES-212)", {
        w: sub(repo.files[w], "    sp = min(max(water, blender.min_c), blender.max_c)\n",
               "    # the WB blenders take one decimal and truncate the rest (MES-212)\n    sp = round(min(max(water, blender.min_c), blender.max_c), 1)\n"),
    })
    repo.commit(nl("2026-03-08 07:05:00"), p["bot"], "chore(deps): update dependency asyncua to v1.1.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"asyncua==1.1.5"', '"asyncua==1.1.6"'),
    })
    repo.commit(nl("2026-03-08 20:55:00"), p["mateusz"], "batches: warn when a mixer reports a dough temperature out of the recipe's tolerance (QA-58)\n\nQA wants to see these in the log and in Grafana, not only as a mixer alarm\non the line.", {
        b: sub(repo.files[b], "    await db.batches.mixed(batch, report)\n",
               "    low, high = recipe.ddt_c - recipe.ddt_tolerance_c, recipe.ddt_c + recipe.ddt_tolerance_c\n    if not low <= report.dough_c <= high:\n        log.warning(\"dough temperature out of tolerance for batch %s: %.1f C (target %.1f +/- %.1f), recipe %s, mixer %s\",\n                    batch.id, report.dough_c, recipe.ddt_c, recipe.ddt_tolerance_c, recipe.code, batch.mixer)\n    await db.batches.mixed(batch, report)\n"),
    })
    repo.commit(nl("2026-03-08 21:18:00"), p["mateusz"], "config: M3 friction factor 12 -> 16 after Saturday's spiral tool replacement (MNT-3391)\n\nL3's baguette doughs have come out 1.5 C warm since the start of the run\n(TEMP HIGH on M3); measured with batch 0009: 16.4.", {
        "config/mixers.yaml": sub(repo.files["config/mixers.yaml"], "  M3:\n    line: L3\n    endpoint: opc.tcp://m3-spx.ot.veghel.local:4840\n    friction_c: 12.0\n",
                                  "  M3:\n    line: L3\n    endpoint: opc.tcp://m3-spx.ot.veghel.local:4840\n    friction_c: 16.0  # new spiral tool, 7 March (MNT-3391)\n"),
    })
    rel_531 = repo.commit(nl("2026-03-08 21:36:00"), p["mateusz"], "release 5.3.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.3.0"', 'version = "5.3.1"'),
        "bakeflow/__init__.py": '__version__ = "5.3.1"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.3.1\n\n- M3 friction factor 16 after the tool replacement (MNT-3391).\n- Warning for a dough temperature out of tolerance (QA-58).\n- Water setpoint rounded to 0.1 C (MES-212).\n- asyncua 1.1.6.\n"),
    })
    shas["rel_531"] = rel_531
    fix = repo.commit(nl("2026-03-09 01:27:00"), p["joris"], "water: count the preferment before taking the multiplier (INC-0309)\n\nPREF-31 took len(temps) + 1 before adding the preferment, so a poolish\ndough got 3 x DDT instead of 4 x DDT: the ciabatta's water came out\nabout 25 C too cold (18.9 C doughs on M3 on 8 March). Test the DDT\nidentity for both kinds of dough.", {
        w: sub(repo.files[w],
               "    temps = {\"flour\": readings.flour_c, \"room\": readings.room_c}\n    factors = len(temps) + 1  # the water is one of them\n    if recipe.preferment:\n        # the preferment's tank probe, not the room it used to stand in (PREF-31)\n        temps[\"preferment\"] = readings.preferment_c(recipe.preferment)\n",
               "    temps = {\"flour\": readings.flour_c, \"room\": readings.room_c}\n    if recipe.preferment:\n        # the preferment's tank probe, not the room it used to stand in (PREF-31)\n        temps[\"preferment\"] = readings.preferment_c(recipe.preferment)\n    factors = len(temps) + 1  # the water is one of them\n"),
        "tests/test_water.py": repo.files["tests/test_water.py"] + "\n\ndef test_ddt_identity_with_preferment():\n    recipe = NS(ddt_c=25.0, preferment=\"poolish\")\n    readings = Readings(17.0, 22.0, {\"poolish\": 16.0})\n    water, factors, temps = water_temperature(recipe, readings, NS(friction_c=12.0))\n    assert factors == 4\n    assert (sum(temps.values()) + water + 12.0) / factors == 25.0\n",
    })
    shas["fix"] = fix
    rel_532 = repo.commit(nl("2026-03-09 01:34:00"), p["joris"], "release 5.3.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.3.1"', 'version = "5.3.2"'),
        "bakeflow/__init__.py": '__version__ = "5.3.2"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.3.2\n\n- Water temperature of doughs with a preferment: 4 x DDT again (INC-0309).\n"),
    })
    shas["rel_532"] = rel_532
    return repo, shas


# ---------------------------------------------------------------------------
# the night

RECIPES = {
    # code: (line, ddt, tolerance, flour kg, water kg, preferment kg, slow s, fast s)
    "TIN-WIT-800": ("L1", 26.0, 1.5, 300.0, 174.0, 0.0, 240, 420),
    "TIN-VOL-800": ("L1", 27.0, 1.5, 280.0, 196.0, 0.0, 240, 390),
    "BOL-WIT-6": ("L2", 26.5, 1.5, 220.0, 128.0, 0.0, 180, 360),
    "BAG-STR-350": ("L3", 24.0, 1.5, 250.0, 165.0, 0.0, 240, 330),
    "CIA-POOL-12": ("L3", 25.0, 1.5, 180.0, 96.0, 200.0, 360, 300),
}
MIXER = {"L1": "M1", "L2": "M2", "L3": "M3"}
BLENDER = {"L1": "WB1", "L2": "WB2", "L3": "WB3"}
SILO = {"L1": "S3", "L2": "S1", "L3": "S3"}
FRICTION_TRUE = {"M1": 13.3, "M2": 12.2, "M3": 16.5}


def version_at(t):
    if t < DEPLOY_531:
        return "5.3.0"
    if t < ROLLBACK:
        return "5.3.1"
    if t < DEPLOY_532:
        return "5.3.0"
    return "5.3.2"


def friction_cfg(mixer, version):
    if mixer == "M3" and version in ("5.3.1", "5.3.2"):
        return 16.0
    return {"M1": 13.0, "M2": 12.0, "M3": 12.0}[mixer]


def flour_c(silo, t):
    if silo == "S3":
        hours = (t - START).total_seconds() / 3600
        return 14.2 + 1.4 * hours / 8.5
    return 18.4


def room_c(line, t):
    return {"L1": 21.4, "L2": 21.9, "L3": 21.8}[line] + 0.2 * ((t - START).total_seconds() / 30600)


def poolish_c(t):
    return 15.4 + 0.5 * (t - START).total_seconds() / 30600


def line_plan(rng, line):
    """(release time, recipe) for the night."""
    plan = []
    if line == "L1":
        t = PROD_START + dt.timedelta(seconds=rng.uniform(20, 90))
        while t < END:
            plan.append((t, "TIN-WIT-800" if t < nl("2026-03-09 00:30:00") else "TIN-VOL-800"))
            t += dt.timedelta(seconds=720 + rng.uniform(-25, 40))
    elif line == "L2":
        t = PROD_START + dt.timedelta(minutes=4, seconds=rng.uniform(0, 60))
        while t < END:
            plan.append((t, "BOL-WIT-6"))
            t += dt.timedelta(seconds=900 + rng.uniform(-30, 45))
    else:
        t = PROD_START + dt.timedelta(minutes=7, seconds=rng.uniform(0, 60))
        while t < L3_CHANGEOVER - dt.timedelta(minutes=10):
            plan.append((t, "BAG-STR-350"))
            t += dt.timedelta(seconds=900 + rng.uniform(-30, 45))
        t = CIABATTA_FROM + dt.timedelta(seconds=rng.uniform(5, 40))
        while t < END:
            plan.append((t, "CIA-POOL-12"))
            t += dt.timedelta(seconds=840 + rng.uniform(-20, 35))
    return plan


def fmt_local(t, fmt="%Y-%m-%dT%H:%M:%S"):
    return t.astimezone(CET).strftime(fmt)


def build_logs(rng, shas):
    app = Log("bakeflow.log")
    mixers = Log("mixers-syslog.log")
    blenders = Log("water-blenders.log")
    scada = Log("l3-proofer-oven-scada.log")
    vision = Log("l3-packing-vision.log")
    gitlab = Log("gitlab-deploy-jobs.log")
    shift = Log("shift-book.log")
    teams = Log("teams-productie-nacht.log")
    stats = {"onset": None, "batches": [], "cold": [], "water_sp": []}

    def alog(t, level, logger, line, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {level} [{logger}] [{line}] {msg}")

    mixer_pid = {"M1": 1187, "M2": 1203, "M3": 1164}

    def mlog(t, mixer, msg):
        if START <= t < END:
            mixers.add(t, syslog3164(t, f"{mixer.lower()}-spx", "kronmix", mixer_pid[mixer], msg))

    def blog(t, unit, level, msg):
        if START <= t < END:
            blenders.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 100000} {unit} {level:<5} {msg}")

    def slog(t, asset, event, text, **kv):
        if START <= t < END:
            body = {"ts": fmt_local(t, "%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+01:00", "area": "L3", "asset": asset, "event": event}
            body.update(kv)
            body["text"] = text
            scada.add(t, json.dumps(body, ensure_ascii=False))

    def vlog(t, product, event, text):
        if START <= t < END:
            vision.add(t, f"{t.strftime('%Y-%m-%d')};{t.strftime('%H:%M:%S')}.{t.microsecond // 1000:03d};VIS3;{product};{event};{text}")

    # --- deploys and start-ups
    epochs = [(nl("2026-03-07 14:03:20"), "5.3.0", shas["rel_530"]), (DEPLOY_531, "5.3.1", shas["rel_531"]),
              (ROLLBACK, "5.3.0", shas["rel_530"]), (DEPLOY_532, "5.3.2", shas["rel_532"])]
    for t0, ver, sha in epochs[1:]:
        alog(t0 - dt.timedelta(seconds=3.1), "INFO", "bakeflow.main", "-", "received SIGTERM, closing OPC UA sessions")
        alog(t0, "INFO", "bakeflow.main", "-", f"starting bakeflow version={ver} commit={sha[:8]}")
        for k, (line, m) in enumerate(MIXER.items()):
            alog(t0 + dt.timedelta(seconds=1.4 + k * 0.3), "INFO", "bakeflow.opcua", line, f"session open to opc.tcp://{m.lower()}-spx.ot.veghel.local:4840 (SignAndEncrypt, Basic256Sha256)")
            alog(t0 + dt.timedelta(seconds=1.6 + k * 0.3), "INFO", "bakeflow.opcua", line, f"session open to opc.tcp://{BLENDER[line].lower()}.ot.veghel.local:4840 (SignAndEncrypt, Basic256Sha256)")
        alog(t0 + dt.timedelta(seconds=2.5), "INFO", "uvicorn.error", "-", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")

    def glog(t, stream, text):
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}.{t.microsecond:06d}Z {stream} {text}")

    def deploy_job(t, job, tag, sha, user):
        short = sha[:8]
        steps = [
            (0.0, "00O", f"Running with gitlab-runner 17.8.3 (690ce25c)"),
            (0.1, "00O", "  on plant-veghel-runner-01 zP4xKq9T, system ID: s_6e1f0b7c2a94"),
            (0.2, "00O", f"Job #{job} triggered manually by {user} for tag {tag}"),
            (1.4, "00O", "Getting source from Git repository"),
            (2.9, "00O", f"Checking out {short} as detached HEAD (ref is {tag})..."),
            (3.6, "00O", f"$ ansible-playbook -i deploy/inventory/veghel.ini deploy/deploy.yml -e bakeflow_version={tag} -e bakeflow_commit={short}"),
            (5.1, "01O", "PLAY [bakeflow] ****************************************************************"),
            (8.3, "01O", "TASK [bakeflow : install wheel] ************************************************"),
            (21.7, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (22.0, "01O", "TASK [bakeflow : commit in the environment] *************************************"),
            (23.1, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (23.4, "01O", "TASK [bakeflow : restart bakeflow] *********************************************"),
            (26.9, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (27.2, "01O", "TASK [bakeflow : wait for /healthz] ********************************************"),
            (31.8, "01O", "ok: [mes-app-01.veghel.verhoeven.local]"),
            (32.0, "01O", "PLAY RECAP *********************************************************************"),
            (32.1, "01O", "mes-app-01.veghel.verhoeven.local : ok=5    changed=3    unreachable=0    failed=0    skipped=0"),
            (32.6, "00O", "Job succeeded"),
        ]
        for dts, stream, text in steps:
            glog(t + dt.timedelta(seconds=dts, microseconds=rng.randint(0, 60000)), stream, text)

    deploy_job(epochs[0][0] - dt.timedelta(seconds=27), 18804, "v5.3.0", shas["rel_530"], "sanne.devries")
    deploy_job(DEPLOY_531 - dt.timedelta(seconds=27), 18839, "v5.3.1", shas["rel_531"], "mateusz.kowalczyk")
    deploy_job(ROLLBACK - dt.timedelta(seconds=27), 18841, "v5.3.0", shas["rel_530"], "sanne.devries")
    deploy_job(DEPLOY_532 - dt.timedelta(seconds=27), 18846, "v5.3.2", shas["rel_532"], "joris.vandijk")

    # --- batches
    dough_by_mixer = {m: [] for m in MIXER.values()}
    water_by_blender = {b: [] for b in BLENDER.values()}
    seq = {"L1": 0, "L2": 0, "L3": 0}
    plans = {line: line_plan(rng, line) for line in ("L1", "L2", "L3")}
    scrapped = set()
    l3_batches = []
    for line in ("L1", "L2", "L3"):
        mixer, blender = MIXER[line], BLENDER[line]
        for t0, code in plans[line]:
            seq[line] += 1
            bid = f"B-{line}-0309-{seq[line]:03d}"
            _, ddt, tol, flour_kg, water_kg, pref_kg, slow_s, fast_s = RECIPES[code]
            ver = version_at(t0)
            fc = round(flour_c(SILO[line], t0) + rng.gauss(0, 0.08), 1)
            rc = round(room_c(line, t0) + rng.gauss(0, 0.1), 1)
            fr = friction_cfg(mixer, ver)
            temps = {"flour": fc, "room": rc}
            if pref_kg:
                temps["preferment"] = round(poolish_c(t0) + rng.gauss(0, 0.05), 1)
            n_true = len(temps) + 1
            n_used = n_true if ver == "5.3.2" else 3
            water = n_used * ddt - sum(temps.values()) - fr
            sp = min(max(water, 4.0), 45.0)
            sp = round(sp, 1) if ver != "5.3.0" else sp
            terms = " + ".join(f"{k} {v:.1f}" for k, v in temps.items())
            alog(t0, "INFO", "bakeflow.batches", line, f"batch {bid} released: recipe {code}, flour {flour_kg:.1f} kg, water {water_kg:.1f} kg" + (f", poolish {pref_kg:.1f} kg from PT-1" if pref_kg else "") + f", mixer {mixer}")
            alog(t0 + dt.timedelta(milliseconds=rng.randint(120, 400)), "INFO", "bakeflow.water", line,
                 f"water temperature for batch {bid} ({code}, {mixer}): {sp:.1f} C = {n_used} x {ddt:.1f} - ({terms}) - friction {fr:.1f}")
            stats["water_sp"].append((t0, blender, sp))
            t_dl = t0 + dt.timedelta(seconds=rng.uniform(1.2, 2.4))
            alog(t_dl, "INFO", "bakeflow.opcua", line, f"recipe downloaded to {mixer}: batch {bid}, {7 if not pref_kg else 8} steps, water {water_kg:.1f} kg at {sp:.1f} C")
            manual = blender == "WB3" and MANUAL_ON <= t0 < MANUAL_OFF
            delivered = 34.0 if manual else sp
            t_dose = t_dl + dt.timedelta(seconds=rng.uniform(2, 5))
            cold_sup = round(3.1 + rng.gauss(0, 0.15), 1)
            hot_sup = round(61.0 + rng.gauss(0, 0.6), 1)
            if manual:
                blog(t_dose - dt.timedelta(seconds=0.4), blender, "WARN", f"setpoint from MES {sp:.1f} C ignored: MANUAL mode, HMI setpoint 34.0 C (batch {bid})")
                alog(t_dose + dt.timedelta(seconds=0.3), "WARNING", "bakeflow.opcua", line, f"{blender} is in manual mode: setpoint {sp:.1f} C for batch {bid} not applied, blender delivers its HMI setpoint")
            blog(t_dose, blender, "INFO", f"dose start batch={bid} qty={water_kg:.1f}kg sp={delivered:.1f}C cold={cold_sup:.1f}C hot={hot_sup:.1f}C")
            dose_s = water_kg / 3.1 + rng.uniform(-2, 2)
            t_dose_end = t_dose + dt.timedelta(seconds=dose_s)
            got = round(delivered + rng.gauss(0, 0.15), 1)
            water_by_blender[blender].append((t_dose_end, got))
            blog(t_dose_end, blender, "INFO", f"dose end batch={bid} qty={water_kg + rng.uniform(-0.4, 0.4):.1f}kg mean_temp={got:.1f}C dev={got - delivered:+.1f}C")
            t_start = t_dose_end + dt.timedelta(seconds=rng.uniform(8, 20))
            mlog(t_start, mixer, f"BATCH {bid} START recipe={code} steps={7 if not pref_kg else 8} window={ddt - tol:.1f}-{ddt + tol:.1f}C")
            if pref_kg:
                mlog(t_start + dt.timedelta(seconds=2), mixer, f"STEP 1 PREFERMENT {pref_kg:.0f}kg from PT-1 pump time {int(pref_kg / 2.2)}s")
            mlog(t_start + dt.timedelta(seconds=slow_s * 0.1), mixer, f"STEP {2 if pref_kg else 1} SLOW setpoint {slow_s}s speed=1")
            mlog(t_start + dt.timedelta(seconds=slow_s * 1.05), mixer, f"STEP {3 if pref_kg else 2} FAST setpoint {fast_s}s speed=2")
            ftrue = FRICTION_TRUE[mixer]
            dough = (sum(temps.values()) + got + ftrue) / n_true + rng.gauss(0, 0.22)
            dough = round(dough, 1)
            energy = round(rng.uniform(0.95, 1.05) * (flour_kg + pref_kg * 0.5) * 0.036, 1)
            t_end = t_start + dt.timedelta(seconds=slow_s * 1.1 + fast_s + rng.uniform(15, 35))
            mlog(t_end, mixer, f"BATCH {bid} END dough_temp={dough:.1f}C energy={energy:.1f}kWh mix_time={slow_s + fast_s}s")
            alarm = None
            if dough < ddt - tol:
                alarm = f"ALARM A217 TEMP LOW dough temperature {dough:.1f}C below min {ddt - tol:.1f}C batch={bid}"
                if stats["onset"] is None:
                    stats["onset"] = t_end + dt.timedelta(milliseconds=40)
            elif dough > ddt + tol:
                alarm = f"ALARM A218 TEMP HIGH dough temperature {dough:.1f}C above max {ddt + tol:.1f}C batch={bid}"
            if alarm:
                mlog(t_end + dt.timedelta(milliseconds=40), mixer, alarm)
                mlog(t_end + dt.timedelta(seconds=rng.uniform(20, 70)), mixer, f"ALARM {alarm.split()[1]} acknowledged at HMI")
            t_rep = t_end + dt.timedelta(seconds=rng.uniform(1.5, 3.5))
            rver = version_at(t_rep)
            alog(t_rep, "INFO", "bakeflow.batches", line, f"mixer report for batch {bid}: slow {slow_s}s, fast {fast_s}s, energy {energy:.1f} kWh, dough {dough:.1f} C")
            if rver in ("5.3.1", "5.3.2") and not (ddt - tol <= dough <= ddt + tol):
                alog(t_rep + dt.timedelta(milliseconds=3), "WARNING", "bakeflow.batches", line,
                     f"dough temperature out of tolerance for batch {bid}: {dough:.1f} C (target {ddt:.1f} +/- {tol:.1f}), recipe {code}, mixer {mixer}")
            dough_by_mixer[mixer].append((t_end, dough))
            stats["batches"].append((t0, line, bid, code, sp, dough, ver))
            if line == "L3":
                l3_batches.append({"id": bid, "code": code, "t0": t0, "t_end": t_end, "dough": dough, "low": dough < ddt - tol,
                                   "high": dough > ddt + tol, "sp": sp, "n": n_used, "ddt": ddt, "temps": temps, "fr": fr, "manual": manual})
            # divider
            t_div = t_end + dt.timedelta(minutes=rng.uniform(12, 18))
            alog(t_div, "INFO", "bakeflow.batches", line, f"batch {bid} at divider D{line[1]}: {int((flour_kg + water_kg + pref_kg) * 0.98 / {'L1': 0.81, 'L2': 0.062, 'L3': 0.35 if code.startswith('BAG') else 0.32}[line])} pieces")
            stats.setdefault("div", {})[bid] = t_div

    # --- L3 proofer, oven, packing; L1/L2 proofer and oven lines in bakeflow only
    for line in ("L1", "L2"):
        for t0, line_, bid, code, sp, dough, ver in [b for b in stats["batches"] if b[1] == line]:
            t_div = stats["div"][bid]
            t_in = t_div + dt.timedelta(minutes=rng.uniform(4, 7))
            proof = 55 if line == "L1" else 45
            alog(t_in, "INFO", "bakeflow.proofing", line, f"batch {bid} into proofer P{line[1]}: proof {proof} min at 35.0 C / 80 % rH")
            t_out = t_in + dt.timedelta(minutes=proof, seconds=rng.uniform(-20, 20))
            alog(t_out, "INFO", "bakeflow.proofing", line, f"batch {bid} out of proofer P{line[1]}: exit height {rng.uniform(96, 103):.0f} % of target")
            t_bake = t_out + dt.timedelta(minutes=rng.uniform(2, 4))
            bake = 32 if line == "L1" else 14
            alog(t_bake + dt.timedelta(minutes=bake), "INFO", "bakeflow.ovens", line, f"batch {bid} out of oven O{line[1]}: bake {bake} min, core {rng.uniform(96.5, 98.5):.1f} C")

    ruud_scrap = []
    for k, b in enumerate(l3_batches):
        bid, code = b["id"], b["code"]
        t_div = stats["div"][bid]
        ciabatta = code.startswith("CIA")
        cold = b["low"]
        if cold:
            stats["cold"].append(bid)
        n_cold = len(stats["cold"])
        if cold and n_cold >= 4:
            # Ruud scraps the cold batches from the fourth on, at the divider
            ts = t_div - dt.timedelta(minutes=rng.uniform(3, 6))
            alog(ts, "WARNING", "bakeflow.batches", "L3", f"batch {bid} scrapped by r.janssen at trough: dough too cold ({b['dough']:.1f} C), to animal feed")
            ruud_scrap.append((ts, bid, b["dough"]))
            continue
        t_in = t_div + dt.timedelta(minutes=rng.uniform(4, 7))
        proof = 60 if ciabatta else 50
        slog(t_in, "P3", "BATCH_IN", f"batch {bid} in, proof {proof} min 32.0 C 78 %rH", batch=bid, recipe=code)
        alog(t_in + dt.timedelta(seconds=1), "INFO", "bakeflow.proofing", "L3", f"batch {bid} into proofer P3: proof {proof} min at 32.0 C / 78 % rH")
        ext = 0
        if cold:
            ext = 30
            te = t_in + dt.timedelta(minutes=proof - rng.uniform(3, 6))
            slog(te, "P3", "PROOF_EXTENDED", f"batch {bid} proof extended +{ext} min by r.janssen (dough {b['dough']:.1f} C)", batch=bid, operator="r.janssen")
            alog(te + dt.timedelta(seconds=1), "INFO", "bakeflow.proofing", "L3", f"batch {bid} proof extended by {ext} min at the HMI (r.janssen)")
        t_out = t_in + dt.timedelta(minutes=proof + ext, seconds=rng.uniform(-20, 20))
        height = rng.uniform(84, 89) if cold else rng.uniform(96, 103)
        slog(t_out, "P3", "BATCH_OUT", f"batch {bid} out, exit height {height:.0f} % of target", batch=bid, height_pct=round(height))
        if height < 90:
            slog(t_out + dt.timedelta(seconds=0.5), "P3", "ALARM", f"P3 exit height low: {height:.0f} % < 90 % (batch {bid})", alarm="P3-EXIT-HEIGHT-LOW", batch=bid)
        alog(t_out + dt.timedelta(seconds=1), "INFO", "bakeflow.proofing", "L3", f"batch {bid} out of proofer P3: exit height {height:.0f} % of target")
        t_ov = t_out + dt.timedelta(minutes=rng.uniform(1.5, 3))
        bake = 24 if ciabatta else 21
        slog(t_ov, "O3", "BATCH_IN", f"batch {bid} in, bake {bake} min", batch=bid, recipe=code)
        t_oo = t_ov + dt.timedelta(minutes=bake)
        core = rng.uniform(96.5, 98.5)
        slog(t_oo, "O3", "BATCH_OUT", f"batch {bid} out, core {core:.1f} C", batch=bid)
        alog(t_oo + dt.timedelta(seconds=1), "INFO", "bakeflow.ovens", "L3", f"batch {bid} out of oven O3: bake {bake} min, core {core:.1f} C")
        # packing: after the cooling spiral, about 10 minutes of product per batch
        t_pk = t_oo + dt.timedelta(minutes=rng.uniform(55, 65))
        for m in range(10):
            tm = t_pk + dt.timedelta(minutes=m, seconds=rng.uniform(0, 3))
            total = rng.randint(62, 74) if ciabatta else rng.randint(70, 78)
            if cold:
                vol = sum(1 for _ in range(total) if rng.random() < 0.34)
                shape = sum(1 for _ in range(total) if rng.random() < 0.03)
            else:
                vol = sum(1 for _ in range(total) if rng.random() < 0.006)
                shape = sum(1 for _ in range(total) if rng.random() < 0.015)
            colour = sum(1 for _ in range(total) if rng.random() < 0.004)
            vlog(tm, code, "SUMMARY", f"batch={bid} inspected={total} good={total - vol - shape - colour} rej_volume={vol} rej_shape={shape} rej_colour={colour}")
            if vol >= 8:
                vlog(tm + dt.timedelta(milliseconds=200), code, "ALARM", f"reject rate {100.0 * (vol + shape + colour) / total:.0f} % over limit 10 % (volume low)")

    # oven and proofer zone readings every 10 minutes
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        z = [round(250 + rng.gauss(0, 1.2)), round(240 + rng.gauss(0, 1.2)), round(225 + rng.gauss(0, 1.0)), round(210 + rng.gauss(0, 1.0))]
        if t < L3_CHANGEOVER:
            z = [round(v + 5) for v in z]
        slog(t, "O3", "ZONES", f"zones {z[0]}/{z[1]}/{z[2]}/{z[3]} C, band {'0.62' if t >= L3_CHANGEOVER else '0.71'} m/min, steam {'on' if rng.random() < 0.97 else 'on (low flow)'}", zones_c=z)
        slog(t + dt.timedelta(seconds=2), "P3", "CLIMATE", f"{32.0 + rng.gauss(0, 0.15):.1f} C {78 + rng.gauss(0, 0.8):.0f} %rH", temp_c=round(32.0 + rng.gauss(0, 0.15), 1))
        t += dt.timedelta(seconds=600 + rng.uniform(-3, 3))

    # --- routine noise: blender supply, mixer idle, HMI API, OPC UA, db, silos
    t = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t < END:
        for unit in ("WB1", "WB2", "WB3"):
            mode = "MANUAL" if unit == "WB3" and MANUAL_ON <= t < MANUAL_OFF else "AUTO"
            blog(t + dt.timedelta(seconds=rng.uniform(0, 2)), unit, "INFO", f"status mode={mode} cold={3.1 + rng.gauss(0, 0.12):.1f}C hot={61.0 + rng.gauss(0, 0.5):.1f}C flow=0.0kg/s valve_cold={rng.randint(0, 3)}% valve_hot=0%")
        t += dt.timedelta(seconds=300)
    blog(MANUAL_ON, "WB3", "WARN", "mode AUTO -> MANUAL by HMI (user L3LEAD), setpoint 34.0 C")
    blog(MANUAL_OFF, "WB3", "INFO", "mode MANUAL -> AUTO by HMI (user L3LEAD)")
    alog(MANUAL_ON + dt.timedelta(seconds=1.2), "WARNING", "bakeflow.opcua", "L3", "WB3 mode changed AUTO -> MANUAL (HMI setpoint 34.0 C)")
    alog(MANUAL_OFF + dt.timedelta(seconds=1.1), "INFO", "bakeflow.opcua", "L3", "WB3 mode changed MANUAL -> AUTO")
    for _ in range(7):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        unit = rng.choice(["WB1", "WB2", "WB3"])
        blog(tx, unit, "WARN", f"hot water supply {rng.uniform(54, 57):.1f}C below 58.0C (boiler cycling)")
    for m in ("M1", "M2", "M3"):
        t = START + dt.timedelta(seconds=rng.uniform(0, 120))
        while t < END:
            mlog(t, m, f"STATUS bowl_temp={rng.uniform(19, 23):.1f}C motor1={rng.randint(0, 2)}A motor2={rng.randint(0, 1)}A door=closed estop=ok")
            t += dt.timedelta(seconds=900 + rng.uniform(-5, 5))
    for _ in range(4):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        m = rng.choice(["M1", "M2"])
        mlog(tx, m, "WARN W041 bowl scraper position sensor bounce, filtered")

    hmi_paths = [("GET", "/api/lines/{l}/status", 0.55), ("GET", "/api/lines/{l}/batches?limit=20", 0.2), ("GET", "/api/lines/{l}/alarms", 0.12),
                 ("GET", "/api/silos", 0.06), ("GET", "/api/recipes/{r}", 0.05), ("POST", "/api/lines/{l}/notes", 0.02)]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 7.5))
        pick = rng.random()
        for method, path, w in hmi_paths:
            pick -= w
            if pick <= 0:
                break
        ln = rng.choice(["L1", "L2", "L3"])
        path = path.format(l=ln, r=rng.choice(list(RECIPES)))
        if any(-3 <= (t - d).total_seconds() < 6 for d in (DEPLOY_531, ROLLBACK, DEPLOY_532)):
            continue
        client = rng.choice(["10.20.3.41", "10.20.3.42", "10.20.3.43", "10.20.4.17", "10.20.1.8"])
        alog(t, "INFO", "uvicorn.access", "-", f'{client}:{rng.randint(40000, 65000)} - "{method} {path} HTTP/1.1" {201 if method == "POST" else 200}')
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        alog(t, "INFO", "bakeflow.db", "-", f"pool stats: size=10 in_use={rng.randint(1, 4)} waiting=0 requests_1m={rng.randint(80, 160)}")
        t += dt.timedelta(seconds=300)
    t = START + dt.timedelta(seconds=rng.uniform(0, 120))
    while t < END:
        alog(t, "INFO", "bakeflow.silos", "-", f"silos: S1 {rng.uniform(18.2, 18.6):.1f} C {max(5, 62 - (t - START).total_seconds() / 1500):.0f} %, S2 17.9 C 41 %, S3 {flour_c('S3', t):.1f} C {max(5, 94 - (t - START).total_seconds() / 900):.0f} %, S4 18.1 C 12 %")
        t += dt.timedelta(seconds=900)
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        dev = rng.choice(["m1-spx", "m2-spx", "wb2", "wb1"])
        alog(tx, "WARNING", "bakeflow.opcua", rng.choice(["L1", "L2"]), f"publish response from opc.tcp://{dev}.ot.veghel.local:4840 late ({rng.uniform(2.1, 4.5):.1f} s), keep-alive count 1")

    # --- shift book (CET)
    def sb(t, line, who, text):
        shift.add(t, f"{fmt_local(t)}+01:00 | {line} | {who} | {text}")

    onset = stats["onset"]
    cia = [b for b in l3_batches if b["code"].startswith("CIA")]
    bag = [b for b in l3_batches if b["code"].startswith("BAG")]
    first = cia[0]
    first_cold, first_dough = first["id"], first["dough"]
    assert first["low"] and first["t_end"] < onset + dt.timedelta(seconds=1)
    bag_before = [b for b in bag if b["t_end"] < nl("2026-03-08 20:58:00")]
    bag_high = sum(1 for b in bag_before if b["high"])
    bag_after = [b for b in bag if b["t0"] > DEPLOY_531]
    after_rb = [b for b in cia if ROLLBACK < b["t0"] < MANUAL_ON]
    assert after_rb and after_rb[0]["low"] and after_rb[0]["t_end"] < nl("2026-03-09 00:40:00"), after_rb
    manual = [b for b in cia if b["manual"]]
    assert manual and not manual[0]["low"]
    fixed = [b for b in cia if b["t0"] > DEPLOY_532]
    fixed_auto = [b for b in fixed if not b["manual"]]
    assert fixed and fixed_auto and not fixed_auto[0]["low"]
    assert all(b["low"] for b in cia if b["t0"] < MANUAL_ON) and not any(b["low"] for b in cia if b["t0"] >= MANUAL_ON)

    def terms(b):
        return " + ".join(f"{k} {v:.1f}" for k, v in b["temps"].items())

    def water_text(b):
        return f"{b['sp']:.1f} C = {b['n']} x {b['ddt']:.1f} - ({terms(b)}) - friction {b['fr']:.1f}"

    right = 4 * first["ddt"] - sum(first["temps"].values()) - first["fr"]
    sb(nl("2026-03-08 19:12:00"), "ALL", "H. Smits", "Sanitation signed off by QA 19:05. Flour delivery Meelfabriek Oss into S3 at 15:40 (truck at 9 C)")
    sb(nl("2026-03-08 19:40:00"), "L3", "R. Janssen", "M3 new spiral tool since Saturday (MNT-3391), first run with it tonight")
    sb(nl("2026-03-08 20:02:00"), "L1", "P. Bos", "Start L1 TIN-WIT-800")
    sb(nl("2026-03-08 20:06:00"), "L2", "D. Yilmaz", "Start L2 BOL-WIT-6")
    sb(nl("2026-03-08 20:09:00"), "L3", "R. Janssen", "Start L3 BAG-STR-350")
    sb(nl("2026-03-08 20:58:00"), "L3", "R. Janssen", f"Baguette doughs {min(b['dough'] for b in bag_before):.1f}-{max(b['dough'] for b in bag_before):.1f} C on M3, TEMP HIGH {bag_high} times. Asked MES for the friction factor")
    sb(nl("2026-03-08 22:38:00"), "L3", "R. Janssen", f"MES 5.3.1 in at 21:52 (M3 friction). Baguette doughs {min(b['dough'] for b in bag_after):.1f}-{max(b['dough'] for b in bag_after):.1f} C now")
    sb(nl("2026-03-08 23:01:00"), "L3", "R. Janssen", "Changeover to CIA-POOL-12. Poolish in PT-1 since 10:30, 15.4 C")
    sb(onset + dt.timedelta(minutes=3), "L3", "R. Janssen", f"First ciabatta batch {first_cold} out of M3 at {first_dough:.1f} C, TEMP LOW. Water was cold to the hand. Extending proof")
    sb(nl("2026-03-08 23:44:00"), "L3", "R. Janssen", "Second ciabatta batch cold as well. Called MES on-call (S. de Vries)")
    sb(nl("2026-03-08 23:58:00"), "ALL", "H. Smits", f"On-call asks whether the S3 flour is cold: S3 at {flour_c('S3', nl('2026-03-08 23:58:00')):.1f} C, L1 on S3 runs at 26 C")
    if len(ruud_scrap) > 0:
        sb(ruud_scrap[0][0] + dt.timedelta(minutes=1), "L3", "R. Janssen", f"Scrapping {ruud_scrap[0][1]} ({ruud_scrap[0][2]:.1f} C), too stiff to divide")
    sb(nl("2026-03-09 00:23:00"), "L3", "R. Janssen", "MES rolled back to 5.3.0 at 00:21")
    sb(nl("2026-03-09 00:45:00"), "L3", "R. Janssen", f"Batch after the rollback {after_rb[0]['dough']:.1f} C. WB3 in MANUAL at 34 C from 00:44 as before 2024")
    sb(manual[0]["t_end"] + dt.timedelta(minutes=4), "L3", "R. Janssen", f"Manual water: ciabatta {manual[0]['dough']:.1f} C. MES found a fault in the water calculation for poolish doughs")
    sb(nl("2026-03-09 01:55:00"), "L3", "R. Janssen", "MES 5.3.2 in at 01:52")
    sb(nl("2026-03-09 02:07:00"), "L3", "R. Janssen", f"WB3 back to AUTO 02:06, MES setpoint {fixed_auto[0]['sp']:.1f} C for the next batch")
    sb(nl("2026-03-09 02:40:00"), "L3", "R. Janssen", f"Ciabatta in tolerance since {fmt_local(manual[0]['t0'], '%H:%M')} (manual water). Scrapped: {', '.join(b for _, b, _ in ruud_scrap)}. First three cold batches baked after +30 min proof, vision rejects 30-40 % (volume)")
    sb(nl("2026-03-09 03:05:00"), "ALL", "H. Smits", "CIA-POOL-12 for Monday short about 1,900 pieces (AH, Jumbo). Sales informed")

    # --- Teams
    people = {"Mateusz Kowalczyk": "8f1c2a7e", "Sanne de Vries": "2b9d4e11", "Ruud Janssen": "c4a7710f", "Joris van Dijk": "51e0b3d8", "Hanneke Smits": "a03f6c92"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "channel": "Productie nacht", "from": {"displayName": who, "id": people[who] + "-" + hexid(rng, 4)}, "body": text}, ensure_ascii=False))

    say(nl("2026-03-08 21:02:00"), "Ruud Janssen", f"@Mateusz M3 baguette doughs {min(b['dough'] for b in bag_before):.1f}-{max(b['dough'] for b in bag_before):.1f} C since 20:00, TEMP HIGH {bag_high} times. New spiral tool since Saturday. Friction factor?")
    say(nl("2026-03-08 21:20:00"), "Mateusz Kowalczyk", "batch 0009 gives 16.4 for M3's friction. MR for 16.0 is in, hotfix 5.3.1 with QA-58 (dough temperature warnings), the setpoint rounding and asyncua. OK to deploy during the run @Hanneke Smits?")
    say(nl("2026-03-08 21:24:00"), "Hanneke Smits", "OK, between two baguette batches")
    say(DEPLOY_531 + dt.timedelta(minutes=3), "Mateusz Kowalczyk", "5.3.1 running since 21:52. next M3 water setpoint is 4 C colder")
    say(nl("2026-03-08 22:40:00"), "Ruud Janssen", f"baguette {bag_after[0]['dough']:.1f} and {bag_after[1]['dough']:.1f} now, thanks")
    say(onset + dt.timedelta(minutes=6), "Ruud Janssen", f"first ciabatta {first_cold} came out of M3 at {first_dough:.1f} C, TEMP LOW. the water was ice cold. second one is mixing, blender says {cia[1]['sp']:.1f} C again")
    say(nl("2026-03-08 23:46:00"), "Sanne de Vries", "on it. bakeflow warns 'dough temperature out of tolerance' for both ciabatta batches. 5.3.1 went out 2 hours ago and changed M3's friction factor, which lowers M3's water")
    say(nl("2026-03-08 23:53:00"), "Sanne de Vries", f"runbook says cold doughs are the flour first: S3 got a delivery at 15:40 and is at {flour_c('S3', nl('2026-03-08 23:53:00')):.1f} C. @Ruud Janssen how is L1 doing, it's on S3 too?")
    say(nl("2026-03-08 23:56:00"), "Ruud Janssen", "L1 is fine, 26 C. and my baguettes on the same flour were fine all evening after the hotfix")
    say(nl("2026-03-09 00:09:00"), "Sanne de Vries", "friction 12 -> 16 only takes 4 C off the water, the setpoint is 25 C lower than I'd expect for ciabatta. but it's the only change during the run and the runbook says roll back first. rolling back to 5.3.0 @Hanneke Smits")
    say(nl("2026-03-09 00:12:00"), "Hanneke Smits", "go")
    say(ROLLBACK + dt.timedelta(minutes=2), "Sanne de Vries", "5.3.0 running since 00:21")
    say(nl("2026-03-09 00:40:00"), "Ruud Janssen", f"batch after the rollback: {after_rb[0]['dough']:.1f} C. I'm putting WB3 in manual at 34 C like we did before the MES did the water")
    say(nl("2026-03-09 00:43:00"), "Sanne de Vries", f"5.3.0 has no QA-58 so the warnings are gone, but the mixer report says {after_rb[0]['dough']:.1f}. not the hotfix. calling @Joris van Dijk, PREF-31 changed the poolish temperature on Wednesday")
    say(nl("2026-03-09 00:58:00"), "Joris van Dijk", f"here. the water line for the first ciabatta: '{water_text(first)}'. with a preferment it's four temperatures, the water's included, so 4 x 25. PREF-31 takes len(temps) + 1 before it adds the preferment")
    say(nl("2026-03-09 01:01:00"), "Joris van Dijk", "it went out with 5.3.0 on Saturday and this is the first poolish dough since. the test only checked the probe reading. sorry")
    say(nl("2026-03-09 01:04:00"), "Sanne de Vries", f"4 x 25 - {sum(first['temps'].values()):.1f} - {first['fr']:.0f} = {right:.1f}, so Ruud's 34 manual is about right. straight doughs are not affected (3 is right for them)")
    say(manual[0]["t_end"] + dt.timedelta(minutes=2), "Ruud Janssen", f"first batch on manual water: {manual[0]['dough']:.1f} C")
    say(nl("2026-03-09 01:36:00"), "Joris van Dijk", "5.3.2: the count after the preferment, and a test of the DDT identity for both kinds of dough. MR !412 approved by Sanne. deploying at the next gap @Hanneke Smits")
    say(DEPLOY_532 + dt.timedelta(minutes=3), "Joris van Dijk", f"5.3.2 running. next ciabatta: '{water_text(fixed[0])}'")
    say(fixed_auto[0]["t_end"] + dt.timedelta(minutes=2), "Ruud Janssen", f"WB3 back in auto since 02:06, {fixed_auto[0]['id']} {fixed_auto[0]['dough']:.1f} C")
    say(nl("2026-03-09 02:31:00"), "Hanneke Smits", f"{len(ruud_scrap)} ciabatta batches scrapped, 3 baked with a long proof, vision rejecting a third of them. Monday's CIA-POOL-12 about 1,900 short")
    say(nl("2026-03-09 02:44:00"), "Sanne de Vries", "postmortem Tuesday. runbook: check the water line's terms before flour and rollbacks")

    stats["dough_by_mixer"] = dough_by_mixer
    stats["water_by_blender"] = water_by_blender
    stats["ruud_scrap"] = ruud_scrap
    stats["first_cold"] = (first_cold, first_dough)
    return [app, mixers, blenders, scada, vision, gitlab, shift, teams], stats


def build(out_dir):
    rng = random.Random(94100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert nl("2026-03-08 23:15:00") < onset < nl("2026-03-08 23:45:00"), onset
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        dough_by_mixer, water_by_blender = stats["dough_by_mixer"], stats["water_by_blender"]

        def last_value(series):
            def fn(t):
                vals = [v for te, v in series if te <= t]
                return vals[-1] if vals else None
            return fn

        metrics = {
            "bakeflow_mixer_dough_temperature_celsius.json": query_range(
                [({"job": "bakeflow", "instance": "mes-app-01:8080", "mixer": m, "line": line}, last_value(dough_by_mixer[m])) for line, m in MIXER.items()],
                START, END, 60),
            "bakeflow_blender_water_temperature_celsius.json": query_range(
                [({"job": "bakeflow", "instance": "mes-app-01:8080", "blender": b, "line": line}, last_value(water_by_blender[b])) for line, b in BLENDER.items()],
                START, END, 60),
        }
        first_cold, first_dough = stats["first_cold"]
        first = next(b for b in stats["batches"] if b[2] == first_cold)
        first = {"sp": first[4]}
        n_cold = len(stats["cold"])
        n_scrap = len(stats["ruud_scrap"])
        return write_scenario(
            out_dir, name="r94-poolish-water-multiplier", service=SERVICE, onset=onset,
            description=f"""
Verhoeven Brood's Veghel bakery, Sunday night 8 March 2026: from
{onset.astimezone(CET).strftime('%H:%M:%S')} CET ({onset.strftime('%H:%M:%S')} UTC) L3's ciabatta doughs leave spiral mixer M3
at about 19 C instead of 25 (mixer alarm A217 TEMP LOW, first batch
{first_cold} at {first_dough:.1f} C); {n_cold} batches are cold, {n_scrap} are scrapped and the
rest baked after a long proof with heavy vision rejects. bakeflow 5.3.1 had
gone out at 21:52 CET during the run; it was rolled back to 5.3.0 at 00:21
without effect. The line lead set the L3 water blender to manual at 00:44;
5.3.2 went out at 01:52 and the blender was back in auto at 02:06. Times
in the SCADA events and the shift book are CET (+01:00); the other logs are
UTC.
""",
            logs=logs,
            line_formats={
                "bakeflow.log": r'<Date> <Time> <Level> \[<Logger>\] \[<Line>\] <Content>',
                "water-blenders.log": r'<Date> <Time> <Unit> <Level>\s+<Content>',
                "l3-packing-vision.log": r'<Date>;<Time>;<Station>;<Product>;<Event>;<Content>',
                "shift-book.log": r'<Time> \| <Line> \| <Who> \| <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'water temperature for batch .* preferment',
                r'TEMP LOW dough temperature .* below min',
            ],
            fix_files=["bakeflow/water.py", "tests/test_water.py"],
            explanation=f"""
The culprit is PREF-31 ("water: preferment temperature from the poolish
tank's probe, log the terms"), committed on Wednesday 4 March at 10:42 CET
and deployed with 5.3.0 in Saturday's sanitation window, {hours:.1f} hours
before the onset. bakeflow computes each batch's water temperature by the
desired dough temperature method: DDT x the number of temperatures (the
water's included) less the others and the mixer's friction factor; 3 for
a straight dough, 4 with a preferment. PREF-31 reads the poolish's
temperature from PT-1's probe instead of a fixed 16 C, builds the
temperatures as a dict and takes the multiplier as len(temps) + 1 before
it adds the preferment, so a poolish dough gets 3 x DDT: about 25 C too
little. Its test checks the probe reading, not the water. No dough with a
preferment is made until L3 changes over to ciabatta on Sunday at 23:15:
the water lines say "{first['sp']:.1f} C = 3 x 25.0 - (flour ... + room ... + preferment
...) - friction 16.0" and the doughs leave M3 at about 19 C ("ALARM A217
TEMP LOW dough temperature ...C below min 23.5C"). The fix (5.3.2) takes
the count after the preferment and tests the DDT identity, in the
culprit's file and its test.
Decoys: 5.3.1, deployed during the run {round((onset - DEPLOY_531).total_seconds() / 60)} minutes before the onset
(M3's friction factor 12 -> 16 after Saturday's tool replacement, which
lowers M3's water by 4 C; QA-58, which adds the very "dough temperature out
of tolerance" warning; MES-212, the setpoint rounded to 0.1 C in the
culprit's file; an asyncua bump), rolled back to 5.3.0 at 00:21, which
holds the culprit: the warnings go, the doughs are about 20 C; the runbook
commit that reads cold doughs as the flour and says to roll back a deploy
made during a run; the cold flour delivery into S3 that afternoon (L1 on
the same silo is fine, the formula compensates for the flour); M3's TEMP
HIGH alarms on the baguettes before 5.3.1; the docs page, which has the
formula right; OVN-44, PACK-104, PACK-107 and the fastapi and uvicorn
bumps.
""",
        )
    finally:
        repo.close()
