"""penwatch is the pen monitoring and control service of Solsjø Laks AS, a
salmon farmer in Sunnfjord, western Norway, on the edge server of each
site's feeding barge. At Lamholmen (eight 160 m net pens, P1-P8, about
1,400 t of Atlantic salmon at 4 kg) it reads one oxygen probe per pen at
5 m and one at 10 m over a Modbus RTU gateway, switches each pen's oxygen
diffusers (liquid oxygen from the barge's LOX tank) on below 6.5 mg/l and
off above 7.0, holds feeding below 6.0, sends the day's meal plan to the
barge's Fjordmatic FX-12 feeding system and watches its pellet sensors. The
site's environmental buoy (LAM-B1, a vendor's, with its own portal and SMS
alarms to the site manager) sits between the pens.

Tuesday 11 August 2026, 10:52 CEST: OXY-57 (Tobias Hauge) adds a driver for
the Oxymar OM-4 optical probes the vendor fitted to P5-P8 that week. The
OM-4 reports saturation and temperature only, not mg/l like the old Sentrox
DO-3 probes, so penwatch computes the concentration with Benson & Krause's
solubility, `solubility_mg_l(temp_c, salinity_psu=0.0)`. The probe registry
never passes the site's `salinity_psu: 34.0` (used until then only to write
the Sentrox probes' compensation register), so the OM-4 pens use freshwater
solubility: at 16 C about 23 % more oxygen than the sea water holds. The
tests and the commit's check were the Flatøy smolt hatchery's trial, in
fresh water, against a handheld. Released as 5.2.0 the same afternoon; the
nights that week stay above 75 % saturation and the OM-4 pens read 8-9 mg/l.

Thursday 13 August: 5.3.0 deployed at 19:40 CEST (FEED-212, the summer
morning meal at 06:00 instead of 07:00; FEED-214, penwatch stops a meal when
the FX-12's pellet sensor sees loss above the limit for two minutes and logs
"pellet loss above limit", the very warning that fills the log; OXY-59 in the
culprit's file, a reconnect after a Modbus timeout with the probe's serial
in the connect line; a pymodbus bump) and a runbook section that reads
pellet loss and fish at the surface as the feed, the pellet sensor or a
release, and says to roll back after a release.

Friday 14 August, a warm calm night at neap tide (16.3 C at 5 m, hardly any
current): saturation falls all night. P1-P4 (Sentrox) start their diffusers
at 6.5 mg/l (81 %) from about 02:20 UTC and cycle as always; P5-P8 (OM-4),
downstream and at the highest biomass, fall to 68 % by the morning meal at
06:00 CEST (04:00 UTC) while penwatch shows them at 6.5-6.8 mg/l. Their
diffusers only come on at a real 5.3 mg/l (66 %), and at the flow penwatch
sets they cannot hold the pens against the meal; the fish stop eating, the
FX-12 sees pellets passing at P5, P6 and P7, penwatch stops and resumes the
meals, the buoy alarms "O2 LOW 5m" at about 04:10 and Ingrid Solheim, the
site manager, sees fish at the surface in P6 and P7 while penwatch shows
6.6 mg/l. Erlend Vik at the feeding centre in Florø pauses P5-P8. Sindre
Aasen, on call, follows the runbook: pellet loss after the 5.3.0 release,
the earlier morning meal; he rolls back to 5.2.1 (which holds the culprit)
at 05:04 UTC without effect (the pellet loss warnings go; when Erlend tries
P5 and P8 again at 05:22 the FX-12 sees the same loss). Ingrid's handheld in
P6 reads 4.9 mg/l at 61 % while penwatch shows 6.0; in P2 both read 6.4-6.5.
Tobias reads the OM-4 lines: 61 % at 16.4 C is 4.9 mg/l in sea water,
penwatch's 6.0 is the freshwater figure, and the connect lines say
"salinity 0.0 psu"; `git log penwatch/probes/om4.py` shows OXY-57. Ingrid
opens P5-P8's oxygen valves by hand at the O2 panel at 05:48, the buoy
clears at about 06:25, OXY-63 (pass the site's salinity) goes into
review; 1,900 dead fish were lifted from P6 and P7 over the next two days.

Sources: penwatch (Python logging, line format), the Modbus gateway
(syslog RFC 3164), the FX-12 feeding system (local time CEST, line format),
the LAM-B1 buoy portal export (JSON lines), the edge server's journal
(journalctl short-iso, with the deploy), #lamholmen-drift (Teams export, JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from skeletons import chores

SERVICE = "penwatch"
START, END = utc("2026-08-14 01:30:00"), utc("2026-08-14 07:30:00")
PENS = [f"P{i}" for i in range(1, 9)]
OM4_PENS = {"P5", "P6", "P7", "P8"}
SALINITY = 34.0


def cest(text):
    return utc(text) - dt.timedelta(hours=2)


def solubility(temp_c, salinity):
    t = temp_c + 273.15
    return math.exp(-139.34411 + 1.575701e5 / t - 6.642308e7 / t ** 2 + 1.243800e10 / t ** 3 - 8.621949e11 / t ** 4
                    - salinity * (0.017674 - 10.754 / t + 2140.7 / t ** 2))


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "penwatch"
version = "5.1.0"
requires-python = ">=3.12"
dependencies = ["pymodbus==3.7.4", "fastapi==0.115.0", "uvicorn==0.30.6", "pyyaml==6.0.2", "httpx==0.27.2"]

[project.optional-dependencies]
test = ["pytest==8.3.2", "pytest-asyncio==0.24.0"]
"""

BASE_PY = '''"""A pen's oxygen probe: read() gives a Reading in mg/l, whatever the probe reports."""

from dataclasses import dataclass


@dataclass
class Reading:
    pen: str
    depth_m: int
    mg_l: float
    sat_pct: float
    temp_c: float


class Probe:
    async def connect(self):
        raise NotImplementedError

    async def read(self) -> Reading:
        raise NotImplementedError
'''

SENTROX_PY = '''"""Sentrox DO-3 optical probes: report mg/l, saturation and temperature.
The probe compensates for salinity itself; penwatch writes the site's
salinity to its compensation register at connect."""

import logging

from penwatch.probes.base import Probe, Reading

log = logging.getLogger("penwatch.probes.sentrox")

REG_MGL, REG_SAT, REG_TEMP, REG_SERIAL, REG_SALINITY = 0x0000, 0x0002, 0x0004, 0x0020, 0x0040


class SentroxDO3(Probe):
    def __init__(self, client, unit, pen, depth_m, salinity_psu):
        self.client, self.unit, self.pen, self.depth_m = client, unit, pen, depth_m
        self.salinity_psu = salinity_psu

    async def connect(self):
        serial = await self.client.read_string(REG_SERIAL, 8, unit=self.unit)
        await self.client.write_float(REG_SALINITY, self.salinity_psu, unit=self.unit)
        log.info("Sentrox DO-3 s/n %s on %s %dm connected, salinity compensation %.1f psu written",
                 serial, self.pen, self.depth_m, self.salinity_psu)

    async def read(self):
        mg = await self.client.read_float(REG_MGL, unit=self.unit)
        sat = await self.client.read_float(REG_SAT, unit=self.unit)
        temp = await self.client.read_float(REG_TEMP, unit=self.unit)
        log.info("%s %dm: %.2f mg/l (%.1f %%sat, %.1f C)", self.pen, self.depth_m, mg, sat, temp)
        return Reading(self.pen, self.depth_m, mg, sat, temp)
'''

REGISTRY_PY = '''"""Probe drivers by the `probe:` key of a pen in the site config."""

from penwatch.probes.sentrox import SentroxDO3

DRIVERS = {"sentrox-do3": SentroxDO3}


def make_probe(client, pen, site):
    driver = DRIVERS[pen["probe"]]
    return driver(client, pen["unit"], pen["name"], pen["depth_m"], site["water"]["salinity_psu"])
'''

REGISTRY_OM4_PY = '''"""Probe drivers by the `probe:` key of a pen in the site config."""

from penwatch.probes.om4 import OM4
from penwatch.probes.sentrox import SentroxDO3


def make_probe(client, pen, site):
    if pen["probe"] == "oxymar-om4":
        return OM4(client, pen["unit"], pen["name"], pen["depth_m"])
    return SentroxDO3(client, pen["unit"], pen["name"], pen["depth_m"], site["water"]["salinity_psu"])
'''

OM4_PY = '''"""Oxymar OM-4 optical oxygen probes (OXY-57). The OM-4 reports saturation
(%) and temperature over Modbus RTU, not mg/l like the Sentrox DO-3, so
penwatch computes the concentration from the oxygen solubility at the
water temperature (Benson & Krause 1984, as in USGS Office of Water Quality
Technical Memorandum 2011.03)."""

import logging
import math

from penwatch.probes.base import Probe, Reading

log = logging.getLogger("penwatch.probes.om4")

REG_SAT, REG_TEMP, REG_SERIAL = 0x0100, 0x0102, 0x0200


def solubility_mg_l(temp_c, salinity_psu=0.0):
    """Oxygen solubility in mg/l at 1 atm."""
    t = temp_c + 273.15
    ln_c = (-139.34411 + 1.575701e5 / t - 6.642308e7 / t ** 2 + 1.243800e10 / t ** 3 - 8.621949e11 / t ** 4
            - salinity_psu * (0.017674 - 10.754 / t + 2140.7 / t ** 2))
    return math.exp(ln_c)


class OM4(Probe):
    def __init__(self, client, unit, pen, depth_m, salinity_psu=0.0):
        self.client, self.unit, self.pen, self.depth_m = client, unit, pen, depth_m
        self.salinity_psu = salinity_psu

    async def connect(self):
        self.serial = await self.client.read_string(REG_SERIAL, 6, unit=self.unit)
        log.info("OM-4 probe s/n %s on %s %dm connected: saturation and temperature only, "
                 "mg/l computed from saturation (salinity %.1f psu)", self.serial, self.pen, self.depth_m, self.salinity_psu)

    async def read(self):
        sat = await self.client.read_float(REG_SAT, unit=self.unit)
        temp = await self.client.read_float(REG_TEMP, unit=self.unit)
        mg = sat / 100.0 * solubility_mg_l(temp, self.salinity_psu)
        log.info("%s %dm: %.2f mg/l computed from %.1f %%sat at %.1f C", self.pen, self.depth_m, mg, sat, temp)
        return Reading(self.pen, self.depth_m, mg, sat, temp)
'''

OXYGEN_PY = '''"""Oxygen control: each pen's diffusers on below `on_below_mg_l`, off above
`off_above_mg_l` (the 5 m probe decides); feeding held below
`feed_hold_below_mg_l`."""

import logging

log = logging.getLogger("penwatch.oxygen")


class OxygenControl:
    def __init__(self, valves, limits):
        self.valves, self.limits = valves, limits
        self.on = {}

    async def step(self, reading):
        pen, mg = reading.pen, reading.mg_l
        if await self.valves.manual(pen):
            return
        if not self.on.get(pen) and mg < self.limits["on_below_mg_l"]:
            await self.valves.open(pen)
            self.on[pen] = True
            log.info("oxygenation on %s: %.2f mg/l below %.2f", pen, mg, self.limits["on_below_mg_l"])
        elif self.on.get(pen) and mg > self.limits["off_above_mg_l"]:
            await self.valves.close(pen)
            self.on[pen] = False
            log.info("oxygenation off %s: %.2f mg/l above %.2f", pen, mg, self.limits["off_above_mg_l"])

    def feeding_allowed(self, reading):
        return reading.mg_l >= self.limits["feed_hold_below_mg_l"]
'''

FEEDING_PY = '''"""The day's meal plan to the FX-12 (sent at 05:30 local), and the meals' state."""

import logging

log = logging.getLogger("penwatch.feeding")


async def send_plan(fx12, site, day):
    meals = site["feeding"]["meals"]
    plan = [{"pen": pen["name"], "meals": meals, "kg": pen["daily_kg"]} for pen in site["pens"] if pen["depth_m"] == 5]
    await fx12.load_plan(day, plan)
    log.info("meal plan for %s sent to FX-12: %d pens, meals at %s", day, len(plan), ", ".join(meals))


async def hold_if_low(fx12, oxygen, reading, limit):
    """A pen's meal waits 10 minutes while its 5 m oxygen is below the limit."""
    if reading.depth_m == 5 and not oxygen.feeding_allowed(reading) and await fx12.feeding(reading.pen):
        await fx12.stop_meal(reading.pen)
        log.warning("oxygen below feeding limit on %s (%.2f mg/l < %.2f), meal held", reading.pen, reading.mg_l, limit)
        await fx12.resume_meal_after(reading.pen, 600)
'''

FEEDING_PELLET_PY = FEEDING_PY + '''

async def watch_pellets(fx12, pen, limit, hold_s=120):
    """FEED-214: stop a pen's meal when the pellet sensor sees more than
    `limit` pellets/s passing for `hold_s`; resume after 8 minutes."""
    over = 0
    async for rate in fx12.pellet_rates(pen):
        over = over + 30 if rate > limit else 0
        if over >= hold_s:
            await fx12.stop_meal(pen)
            log.warning("pellet loss above limit on %s (%.1f pellets/s > %.1f for %d s), meal stopped", pen, rate, limit, over)
            await fx12.resume_meal_after(pen, 480)
            over = 0
'''


def site_yaml(probe_p5_p8="sentrox-do3", morning="07:00"):
    lines = ["site: lamholmen", "barge: Lamholmen flåte", "water:", "  salinity_psu: 34.0", "oxygen:",
             "  on_below_mg_l: 6.5", "  off_above_mg_l: 7.0", "  feed_hold_below_mg_l: 6.0", "  alarm_below_mg_l: 5.0",
             "feeding:", f'  meals: ["{morning}", "11:30", "16:00"]', "  pellet_limit_per_s: 6.0", "pens:"]
    unit = 1
    for pen in PENS:
        probe = probe_p5_p8 if pen in OM4_PENS else "sentrox-do3"
        for depth in (5, 10):
            lines += [f"  - name: {pen}", f"    depth_m: {depth}", f"    unit: {unit}", f"    probe: {probe}"]
            if depth == 5:
                lines.append(f"    daily_kg: {1400 if pen in OM4_PENS else 1250}")
            unit += 1
    return "\n".join(lines) + "\n"


RUNBOOK = """# penwatch runbook

## PenwatchProbeDown

A probe has not answered for 5 minutes. Check the Modbus gateway (lh-gw01,
`journalctl -u mbgw`) and the probe's cable at the pen's junction box.

## PenwatchLoxLow

The LOX tank below 25 %. Call the gas supplier's order line; a delivery
takes 24-48 h by boat.
"""

RUNBOOK_PELLETS = """
## Pellet loss / fish at the surface

penwatch stops a meal when the FX-12 pellet sensor sees pellets passing
above the limit (FEED-214).

- Most often the feed: a new feed batch or pellet size (check the silo's
  batch number against the delivery note), or a pellet sensor that needs
  cleaning (fouling gives a high count in one pen only).
- Jellyfish or algae: fish off their feed at several sites at once; check
  with the other sites and the algae warnings.
- Right after a penwatch release (meal times, feeding logic): roll back to
  the previous release first, then look.
"""

DOCS_PROBES = """# Oxygen probes

| Pens | Probe | Reports | Notes |
|---|---|---|---|
| P1-P4 | Sentrox DO-3 | mg/l, %sat, C | salinity compensation written at connect |
| P5-P8 | Oxymar OM-4 | %sat, C | mg/l computed in penwatch (OXY-57) |

The OM-4 readings are the same mg/l as the DO-3's; the limits in
`config/sites/*.yaml` apply to both. Checked at the Flatøy hatchery trial
against the handheld (95.2 % at 8.1 C: 11.1 mg/l handheld, 11.2 penwatch).
"""

TEST_OM4 = '''from penwatch.probes.om4 import solubility_mg_l


def test_solubility_freshwater():
    assert round(solubility_mg_l(10.0), 2) == 11.29


def test_flatoy_trial():
    # Flatøy hatchery trial, 2026-07-28: handheld 11.1 mg/l at 95.2 % and 8.1 C
    assert abs(0.952 * solubility_mg_l(8.1) - 11.1) < 0.2
'''

COMPOSE = """services:
  penwatch:
    image: registry.solsjo.no/aqua/penwatch:{tag}
    restart: unless-stopped
    network_mode: host
    environment:
      SITE_CONFIG: /app/config/sites/lamholmen.yaml
      MODBUS_GATEWAY: tcp://lh-gw01:502
      FX12_URL: http://fx12.lamholmen.local:8081
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

build:
  stage: build
  script:
    - docker build -t registry.solsjo.no/aqua/penwatch:$CI_COMMIT_TAG .
    - docker push registry.solsjo.no/aqua/penwatch:$CI_COMMIT_TAG
  rules:
    - if: $CI_COMMIT_TAG

deploy-lamholmen:
  stage: deploy
  tags: [lh-edge01]
  script:
    - /usr/local/bin/deploy-penwatch deploy/compose.yaml
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      changes: [deploy/compose.yaml]
"""


def release(repo, when, author, version, prev, notes):
    return repo.commit(when, author, f"release {version}", {
        "penwatch/__init__.py": repo.edit("penwatch/__init__.py", f'"{prev}"', f'"{version}"'),
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", f"penwatch:{prev}", f"penwatch:{version}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", f"# Changelog\n\n## {version}\n\n" + "".join(f"- {n}\n" for n in notes)),
    })


def build_repo():
    maren = Person("Maren Lunde", "maren.lunde@solsjo.no", 120)
    tobias = Person("Tobias Hauge", "tobias.hauge@solsjo.no", 120)
    sindre = Person("Sindre Aasen", "sindre.aasen@solsjo.no", 120)
    erlend = Person("Erlend Vik", "erlend.vik@solsjo.no", 120)
    ana = Person("Ana Ferreira", "ana.ferreira@solsjo.no", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    rng = random.Random(111001)
    shas = {}
    files = {
        "pyproject.toml": PYPROJECT,
        "penwatch/__init__.py": '__version__ = "5.1.0"\n',
        "penwatch/probes/__init__.py": REGISTRY_PY,
        "penwatch/probes/base.py": BASE_PY,
        "penwatch/probes/sentrox.py": SENTROX_PY,
        "penwatch/oxygen.py": OXYGEN_PY,
        "penwatch/feeding.py": FEEDING_PY,
        "config/sites/lamholmen.yaml": site_yaml(),
        "deploy/compose.yaml": COMPOSE.format(tag="5.1.0"),
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 5.1.0\n\n- Lamholmen on the new edge server.\n",
        "README.md": "# penwatch\n\nOxygen control, meal plans and pellet watching for Solsjø Laks's sea\nsites, on each feeding barge's edge server.\n\n```\npip install -e .[test]\npytest -q\n```\n",
        "tests/__init__.py": "",
    }
    shas["initial"] = repo.commit(cest("2026-08-03 09:30:00"), maren, "penwatch: import from the sites repo (oxygen control, meal plans, FX-12 client)", files)
    repo.schedule(chores(rng, SERVICE, [maren, sindre, ana], cest("2026-08-03 12:00:00"), cest("2026-08-12 17:00:00"), 4))
    repo.commit(cest("2026-08-05 13:14:00"), sindre, "oxygen: log the limit with each on/off (OXY-52)", {
        "penwatch/oxygen.py": OXYGEN_PY,
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## PenwatchOxygenationLong\n\nA pen's diffusers on for more than 3 h. Check the LOX level and the\npen's valve at the O2 panel.\n",
    })
    repo.commit(cest("2026-08-07 10:02:00"), tobias, "docs: OM-4 probes for P5-P8, install plan (OXY-55)", {
        "docs/om4-install.md": "# OM-4 install at Lamholmen\n\nOxymar fits OM-4 probes to P5-P8 (5 m and 10 m) on 10-11 August,\nreplacing the DO-3s that are out of calibration. Same Modbus units\n(9-16), new register map. penwatch needs a driver (OXY-57).\n",
    })
    shas["culprit"] = repo.commit(cest("2026-08-11 10:52:00"), tobias, "probes: Oxymar OM-4 driver, P5-P8 on OM-4 (OXY-57)\n\nThe OM-4 reports saturation and temperature only, no mg/l; compute it\nfrom the solubility at the water temperature (Benson & Krause). Checked\nagainst the handheld at the Flatøy trial: 95.2 % at 8.1 C, 11.1 mg/l\nhandheld, 11.2 computed.", {
        "penwatch/probes/om4.py": OM4_PY,
        "penwatch/probes/__init__.py": REGISTRY_OM4_PY,
        "config/sites/lamholmen.yaml": site_yaml(probe_p5_p8="oxymar-om4"),
        "tests/test_om4.py": TEST_OM4,
    })
    shas["rel_520"] = release(repo, cest("2026-08-11 14:20:00"), maren, "5.2.0", "5.1.0", ["OM-4 probes on P5-P8 (OXY-57)."])
    repo.commit(cest("2026-08-12 09:40:00"), tobias, "docs: oxygen probes per pen", {"docs/probes.md": DOCS_PROBES})
    shas["om4_reconnect"] = repo.commit(cest("2026-08-12 14:05:00"), tobias, "om4: reconnect after a Modbus timeout, serial in the connect line (OXY-59)", {
        "penwatch/probes/om4.py": repo.edit("penwatch/probes/om4.py", "    async def read(self):\n        sat = await self.client.read_float(REG_SAT, unit=self.unit)\n        temp = await self.client.read_float(REG_TEMP, unit=self.unit)\n",
                                            "    async def read(self):\n        try:\n            sat = await self.client.read_float(REG_SAT, unit=self.unit)\n            temp = await self.client.read_float(REG_TEMP, unit=self.unit)\n        except TimeoutError:\n            log.warning(\"modbus read timeout on unit %d (%s %dm), reconnecting\", self.unit, self.pen, self.depth_m)\n            await self.connect()\n            raise\n"),
    })
    shas["rel_521"] = release(repo, cest("2026-08-12 15:30:00"), maren, "5.2.1", "5.2.0", ["OM-4 reconnect after a Modbus timeout (OXY-59)."])
    repo.commit(cest("2026-08-13 07:12:00"), bot, "chore(deps): update dependency pymodbus to v3.7.5", {
        "pyproject.toml": repo.edit("pyproject.toml", "pymodbus==3.7.4", "pymodbus==3.7.5"),
    })
    repo.commit(cest("2026-08-13 09:48:00"), sindre, "feeding: summer morning meal at 06:00 (FEED-212)\n\nThe fish are up at first light in August; the feeding centre wants the\nfirst meal an hour earlier until 15 September.", {
        "config/sites/lamholmen.yaml": repo.edit("config/sites/lamholmen.yaml", 'meals: ["07:00"', 'meals: ["06:00"'),
    })
    repo.commit(cest("2026-08-13 11:36:00"), maren, "feeding: stop a meal on pellet loss from the FX-12 sensor (FEED-214)", {
        "penwatch/feeding.py": FEEDING_PELLET_PY,
    })
    repo.commit(cest("2026-08-13 13:25:00"), erlend, "runbook: pellet loss and fish at the surface", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_PELLETS,
    })
    shas["rel_530"] = release(repo, cest("2026-08-13 19:22:00"), maren, "5.3.0", "5.2.1", [
        "Summer morning meal at 06:00 (FEED-212).", "Stop a meal on pellet loss (FEED-214).", "pymodbus 3.7.5."])
    shas["rollback"] = repo.commit(cest("2026-08-14 07:02:00"), sindre, "deploy: pin penwatch 5.2.1 (rollback of 5.3.0, INC-0142)", {
        "deploy/compose.yaml": repo.edit("deploy/compose.yaml", "penwatch:5.3.0", "penwatch:5.2.1"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the night

def U(text):
    return utc(f"2026-08-14 {text}" if text.count(":") == 2 else f"2026-08-14 {text}:00")


ROLLBACK = U("05:04:10")
PAUSE = U("04:42:30")
RETRY, RETRY_END = U("05:22:00"), U("05:35:00")
MANUAL = U("05:48:00")
MEAL = U("04:00:00")

SERIALS = {p: (f"40{213 + i * 7}" if p in OM4_PENS else f"D3-{1180 + i * 3}") for i, p in enumerate(PENS)}


def lin(points, t):
    """piecewise linear over (minute-of-window, value)."""
    m = (t - START).total_seconds() / 60
    for (m0, v0), (m1, v1) in zip(points, points[1:]):
        if m0 <= m <= m1:
            return v0 + (v1 - v0) * (m - m0) / (m1 - m0)
    return points[-1][1] if m > points[-1][0] else points[0][1]


def build_logs(rng, shas):
    app = Log("penwatch.log")
    gw = Log("mbgw-lh-gw01.log")
    fx = Log("fx12-lamholmen.log")
    buoy = Log("buoy-lam-b1.log")
    journal = Log("lh-edge01-journal.log")
    chat = Log("teams-lamholmen-drift.log")
    stats = {"first_loss": None, "first_alarm": None, "stops": 0}

    def a(t, level, logger, msg):
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level:<7} [{logger}] {msg}")

    def f(t, level, pen, msg):
        lt = t + dt.timedelta(hours=2)
        fx.add(t, f"{lt.strftime('%d.%m.%Y %H:%M:%S')} FX12 LAM {level:<5} [{pen}] {msg}")

    def g(t, msg):
        gw.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} lh-gw01 mbgw[612]: {msg}")

    def j(t, unit, pid, msg):
        journal.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 lh-edge01 {unit}[{pid}]: {msg}" if pid else f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 lh-edge01 {unit}: {msg}")

    def version_at(t):
        return ("5.2.1", shas["rel_521"]) if t >= ROLLBACK + dt.timedelta(seconds=20) else ("5.3.0", shas["rel_530"])

    # --- physical model, minute by minute --------------------------------------------------------
    minutes = int((END - START).total_seconds() // 60)
    temp = lambda t: 16.3 + 0.15 * math.sin((t - START).total_seconds() / 7000.0)
    nat_up = [(0, 86.5), (140, 77.0), (150, 76.0), (190, 73.5), (240, 76.0), (300, 80.0), (360, 84.0)]
    nat_dn = [(0, 82.5), (140, 68.8), (150, 68.0), (240, 54.0), (270, 52.5), (300, 56.0), (360, 68.0)]
    off = {p: rng.uniform(-1.2, 1.2) for p in PENS}
    o2 = {p: 0.0 for p in PENS}
    on = {p: False for p in PENS}
    real = {p: [] for p in PENS}
    feeding = {p: False for p in PENS}
    meal_start = {p: MEAL + dt.timedelta(seconds=95 * i + rng.randint(0, 20)) for i, p in enumerate(PENS)}
    meal_len = {p: dt.timedelta(minutes=44 + rng.randint(0, 8)) for p in PENS}
    stop_until = {p: None for p in PENS}
    stop_why = {p: '' for p in PENS}
    over_s = {p: 0 for p in PENS}
    fed_extra = {p: 0.0 for p in PENS}

    def shown(p, sat, tc):
        return sat / 100 * solubility(tc, 0.0 if p in OM4_PENS else SALINITY)

    for m in range(minutes):
        t0 = START + dt.timedelta(minutes=m)
        tc = temp(t0)
        for i, p in enumerate(PENS):
            base = lin(nat_dn if p in OM4_PENS else nat_up, t0) + off[p]
            in_meal = meal_start[p] <= t0 < meal_start[p] + meal_len[p]
            if p in OM4_PENS and (PAUSE <= t0 < RETRY or t0 >= RETRY_END):
                in_meal = False
            if RETRY <= t0 < RETRY_END:
                in_meal = p in ("P5", "P8") or (in_meal and p not in OM4_PENS)
            stopped = stop_until[p] is not None and t0 < stop_until[p]
            feeding[p] = in_meal and not stopped
            fed_extra[p] = min(6.0 if p in OM4_PENS else 2.5, fed_extra[p] + 0.25) if feeding[p] else max(0.0, fed_extra[p] - 0.12)
            if p in OM4_PENS and t0 >= MANUAL:
                o2[p] = min(22.0, o2[p] + 0.45)
            elif on[p]:
                o2[p] = min(7.0, o2[p] + 0.5)
            else:
                o2[p] = max(0.0, o2[p] - 0.3)
            sat = base + o2[p] - fed_extra[p] + rng.gauss(0, 0.35)
            real[p].append(sat)
            mg = shown(p, sat, tc)
            ts = t0 + dt.timedelta(seconds=7 + i * 1.3 + rng.uniform(0, 0.4))
            if p in OM4_PENS:
                a(ts, "INFO", "penwatch.probes.om4", f"{p} 5m: {mg:.2f} mg/l computed from {sat:.1f} %sat at {tc:.1f} C")
            else:
                a(ts, "INFO", "penwatch.probes.sentrox", f"{p} 5m: {mg:.2f} mg/l ({sat:.1f} %sat, {tc:.1f} C)")
            if m % 5 == 2:
                s10 = sat + rng.uniform(2.5, 4.5)
                t10 = tc - rng.uniform(1.6, 2.1)
                m10 = shown(p, s10, t10)
                if p in OM4_PENS:
                    a(ts + dt.timedelta(seconds=9), "INFO", "penwatch.probes.om4", f"{p} 10m: {m10:.2f} mg/l computed from {s10:.1f} %sat at {t10:.1f} C")
                else:
                    a(ts + dt.timedelta(seconds=9), "INFO", "penwatch.probes.sentrox", f"{p} 10m: {m10:.2f} mg/l ({s10:.1f} %sat, {t10:.1f} C)")
            tsc = ts + dt.timedelta(milliseconds=rng.randint(4, 30))
            if p in OM4_PENS and t0 >= MANUAL:
                if t0 < MANUAL + dt.timedelta(minutes=1):
                    a(tsc, "WARNING", "penwatch.oxygen", f"oxygenation {p}: valve in MANUAL at the O2 panel, not controlled")
            elif not on[p] and mg < 6.5:
                on[p] = True
                a(tsc, "INFO", "penwatch.oxygen", f"oxygenation on {p}: {mg:.2f} mg/l below 6.50")
            elif on[p] and mg > 7.0:
                on[p] = False
                a(tsc, "INFO", "penwatch.oxygen", f"oxygenation off {p}: {mg:.2f} mg/l above 7.00")
            # meals
            if t0 <= meal_start[p] < t0 + dt.timedelta(minutes=1):
                f(meal_start[p], "INFO", p, f"meal 1 started: plan {470 if p in OM4_PENS else 420} kg, rate {rng.choice([30, 32, 34])} kg/min, pellet 9 mm, silo S2")
            if feeding[p]:
                rate = max(0.2, 0.9 + max(0.0, 72.0 - sat) * 1.1 + rng.gauss(0, 0.5))
                lvl = "WARN" if rate > 6.0 else "INFO"
                f(t0 + dt.timedelta(seconds=30 + i), lvl, p, f"pellet sensor: {rate:.1f} pellets/s passing (limit 6.0)")
                if rate > 6.0 and stats["first_loss"] is None:
                    stats["first_loss"] = t0 + dt.timedelta(seconds=30 + i)
                over_s[p] = over_s[p] + 60 if rate > 6.0 else 0
                if mg < 6.0:
                    st = tsc + dt.timedelta(milliseconds=5)
                    a(st, "WARNING", "penwatch.feeding", f"oxygen below feeding limit on {p} ({mg:.2f} mg/l < 6.00), meal held")
                    f(st + dt.timedelta(milliseconds=300), "INFO", p, "meal stopped by remote (penwatch)")
                    stop_until[p] = st + dt.timedelta(seconds=600)
                    stop_why[p] = "oxygen hold"
                    over_s[p] = 0
                elif over_s[p] >= 120 and version_at(t0)[0] == "5.3.0":
                    st = t0 + dt.timedelta(seconds=31 + i, milliseconds=rng.randint(100, 900))
                    a(st, "WARNING", "penwatch.feeding", f"pellet loss above limit on {p} ({rate:.1f} pellets/s > 6.0 for {over_s[p]} s), meal stopped")
                    f(st + dt.timedelta(milliseconds=300), "INFO", p, "meal stopped by remote (penwatch)")
                    stop_until[p] = st + dt.timedelta(seconds=480)
                    stop_why[p] = "pellet loss pause"
                    stats["stops"] += 1
                    over_s[p] = 0
            if stop_until[p] is not None and t0 <= stop_until[p] < t0 + dt.timedelta(minutes=1):
                if meal_start[p] + meal_len[p] > stop_until[p] and not (p in OM4_PENS and stop_until[p] >= PAUSE):
                    f(stop_until[p], "INFO", p, "meal resumed by remote (penwatch)")
                    a(stop_until[p] - dt.timedelta(milliseconds=200), "INFO", "penwatch.feeding", f"meal resumed on {p} after {stop_why[p]}")
            if t0 <= meal_start[p] + meal_len[p] < t0 + dt.timedelta(minutes=1) and p not in OM4_PENS:
                f(meal_start[p] + meal_len[p], "INFO", p, f"meal 1 done: {rng.randint(405, 430)} kg fed")
    for p in sorted(OM4_PENS):
        f(PAUSE + dt.timedelta(seconds=PENS.index(p) * 3), "INFO", p, "meal paused by operator erlend.vik (remote desk)")
    for p in ("P5", "P8"):
        f(RETRY - dt.timedelta(seconds=50 - PENS.index(p) * 4), "INFO", p, "meal resumed by operator erlend.vik (remote desk)")
        f(RETRY_END + dt.timedelta(seconds=PENS.index(p) * 4), "INFO", p, "meal paused by operator erlend.vik (remote desk)")

    # FX-12 routine
    for x in range(0, minutes, 10):
        t = START + dt.timedelta(minutes=x, seconds=rng.uniform(0, 5))
        f(t, "INFO", "--", f"silo S2 level {61.8 - x * 0.02:.1f} %, S1 {38.2:.1f} %, blower B1 {'idle' if t < MEAL or t > U('05:00:00') else 'running 0.52 bar'}, doser D{rng.randint(1, 2)} ok")
    f(U("03:30:04"), "INFO", "--", "meal plan 14.08.2026 loaded from remote: 8 pens, meals 06:00, 11:30, 16:00")

    # --- penwatch routine -------------------------------------------------------------------------
    a(U("03:30:03"), "INFO", "penwatch.feeding", "meal plan for 2026-08-14 sent to FX-12: 8 pens, meals at 06:00, 11:30, 16:00")
    for x in range(0, minutes, 60):
        t = START + dt.timedelta(minutes=x + 14, seconds=rng.uniform(0, 3))
        v, sha = version_at(t)
        up = (t - (cest("2026-08-13 19:40:40") if v == "5.3.0" else ROLLBACK + dt.timedelta(seconds=20)))
        a(t, "INFO", "penwatch.main", f"status: penwatch {v} (rev {sha[:7]}) up {int(up.total_seconds() // 3600)}:{int(up.total_seconds() % 3600 // 60):02d}, 16 probes, FX-12 connected")
    for x in range(0, minutes, 15):
        t = START + dt.timedelta(minutes=x + 3, seconds=rng.uniform(0, 3))
        use = sum(1 for p in PENS if on[p])
        a(t, "INFO", "penwatch.lox", f"LOX tank {64.2 - x * 0.018:.1f} % ({11.8 - x * 0.0033:.2f} t), vaporiser ok")
    for t in poisson_times(rng, START, END, 3.0):
        ip = f"10.31.4.{rng.choice([21, 22, 37])}"
        path = rng.choice(["/api/pens", "/api/pens", "/api/oxygen?window=1h", "/api/feeding/today", "/metrics"])
        a(t, "INFO", "uvicorn.access", f'{ip}:{rng.randint(40000, 60000)} - "GET {path} HTTP/1.1" 200')

    def om4_connect(t, p, depth):
        unit = PENS.index(p) * 2 + (1 if depth == 5 else 2)
        a(t, "INFO", "penwatch.probes.om4", f"OM-4 probe s/n {SERIALS[p]}{'' if depth == 5 else '-2'} on {p} {depth}m connected: saturation and temperature only, mg/l computed from saturation (salinity 0.0 psu)")

    for t in poisson_times(rng, START, END, 1 / 38.0):
        p = rng.choice(PENS)
        depth = rng.choice([5, 10])
        unit = PENS.index(p) * 2 + (1 if depth == 5 else 2)
        g(t - dt.timedelta(milliseconds=50), f"RTU unit {unit}: no response after 1000 ms, retry 1/2")
        if rng.random() < 0.6:
            g(t + dt.timedelta(seconds=1, milliseconds=30), f"RTU unit {unit}: response after retry 1 (1042 ms)")
            continue
        g(t + dt.timedelta(seconds=2, milliseconds=60), f"RTU unit {unit}: no response after retry 2/2, exception 0x0B (gateway target failed to respond)")
        if p in OM4_PENS:
            a(t + dt.timedelta(seconds=2, milliseconds=120), "WARNING", "penwatch.probes.om4", f"modbus read timeout on unit {unit} ({p} {depth}m), reconnecting")
            om4_connect(t + dt.timedelta(seconds=2, milliseconds=410), p, depth)
        else:
            a(t + dt.timedelta(seconds=2, milliseconds=120), "WARNING", "penwatch.probes.sentrox", f"modbus read failed on unit {unit} ({p} {depth}m): gateway target failed to respond")
    for x in range(0, minutes, 10):
        t = START + dt.timedelta(minutes=x, seconds=rng.uniform(0, 2))
        g(t, f"stats: tcp clients 1, requests {rng.randint(1030, 1090)}, timeouts {rng.randint(0, 3)}, crc errors 0, bus 19200 8E1")

    # restart at the rollback
    v, sha = "5.2.1", shas["rel_521"]
    s = ROLLBACK + dt.timedelta(seconds=14)
    a(s - dt.timedelta(seconds=3), "INFO", "uvicorn.error", "Shutting down")
    a(s, "INFO", "penwatch.main", f"starting penwatch {v} (rev {sha[:7]}) site=lamholmen config=/app/config/sites/lamholmen.yaml")
    for i, p in enumerate(PENS):
        for depth in (5, 10):
            t = s + dt.timedelta(milliseconds=300 + i * 180 + (90 if depth == 10 else 0))
            if p in OM4_PENS:
                om4_connect(t, p, depth)
            else:
                a(t, "INFO", "penwatch.probes.sentrox", f"Sentrox DO-3 s/n {SERIALS[p]}{'' if depth == 5 else '-2'} on {p} {depth}m connected, salinity compensation 34.0 psu written")
    a(s + dt.timedelta(seconds=3.4), "INFO", "penwatch.fx12", "FX-12 connected at http://fx12.lamholmen.local:8081 (firmware 4.12.2)")
    a(s + dt.timedelta(seconds=3.6), "INFO", "uvicorn.error", "Application startup complete.")

    # --- journal --------------------------------------------------------------------------------
    for x in range(0, minutes, 5):
        t = START + dt.timedelta(minutes=x, seconds=31)
        j(t, "dockerd", 811, f"container penwatch-penwatch-1 health_status: healthy (exec duration {rng.randint(40, 95)}ms)")
    for x in range(0, minutes, 64):
        j(START + dt.timedelta(minutes=x + 7, seconds=rng.randint(0, 50)), "chronyd", 602, f"Selected source 10.31.0.1 (ntp.solsjo.no), offset {rng.uniform(-0.0009, 0.0009):+.6f} seconds")
    j(U("03:00:01"), "systemd", 1, "Starting logrotate.service - Rotate log files...")
    j(U("03:00:02"), "systemd", 1, "logrotate.service: Deactivated successfully.")
    j(U("04:15:12"), "systemd-networkd", 488, "wwan0: Lost carrier")
    j(U("04:15:40"), "systemd-networkd", 488, "wwan0: Gained carrier")
    d = ROLLBACK - dt.timedelta(seconds=22)
    j(d, "gitlab-runner", 1204, f"Checking for jobs... received job=88143 repo_url=https://gitlab.solsjo.no/aqua/penwatch.git runner=lh-edge01")
    j(d + dt.timedelta(seconds=2), "deploy-penwatch", 40112, f"deploying deploy/compose.yaml at {shas['rollback']}")
    j(d + dt.timedelta(seconds=9), "deploy-penwatch", 40112, "pulling registry.solsjo.no/aqua/penwatch:5.2.1")
    j(d + dt.timedelta(seconds=21), "deploy-penwatch", 40112, "Container penwatch-penwatch-1  Recreated")
    j(d + dt.timedelta(seconds=23), "deploy-penwatch", 40112, "Container penwatch-penwatch-1  Started")
    j(d + dt.timedelta(seconds=25), "gitlab-runner", 1204, "Job succeeded duration_s=26.9 job=88143 project=412 runner=lh-edge01")

    # --- buoy -----------------------------------------------------------------------------------
    alarm = False
    for x in range(0, minutes, 5):
        t = START + dt.timedelta(minutes=x)
        meal_fx = 3.5 * min(1.0, max(0.0, (t - MEAL).total_seconds() / 900)) if MEAL <= t < PAUSE else max(0.0, 3.5 - max(0.0, (t - PAUSE).total_seconds() / 600) * 3.5) if t >= PAUSE else 0.0
        sat5 = sum(lin(nat_dn, t) + off[p] for p in sorted(OM4_PENS)) / 4 - 1.5 - meal_fx + rng.gauss(0, 0.4)
        if t >= MANUAL:
            sat5 += min(12.0, (t - MANUAL).total_seconds() / 60 * 0.35)
        tc = temp(t)
        mg5 = sat5 / 100 * solubility(tc, 33.9)
        sat10 = sat5 + rng.uniform(3, 5)
        mg10 = sat10 / 100 * solubility(tc - 1.9, 34.1)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        buoy.add(t, json.dumps({"time": stamp, "station": "LAM-B1", "o2_mgl_5m": round(mg5, 2), "o2_sat_5m": round(sat5, 1), "temp_5m": round(tc, 2),
                                "o2_mgl_10m": round(mg10, 2), "temp_10m": round(tc - 1.9, 2), "sal_psu_5m": round(33.9 + rng.gauss(0, 0.04), 2),
                                "current_cms": round(max(0.4, 2.2 + rng.gauss(0, 0.6) + (3.0 if t > U("05:40:00") else 0)), 1), "chl_ugl": round(2.3 + rng.gauss(0, 0.2), 1)}))
        if not alarm and mg5 < 5.0:
            alarm = True
            stats["first_alarm"] = t + dt.timedelta(seconds=3)
            buoy.add(t + dt.timedelta(seconds=3), json.dumps({"time": (t + dt.timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%SZ"), "station": "LAM-B1", "event": "alarm",
                                                              "param": "O2 5m", "value": round(mg5, 2), "limit": 5.0, "msg": f"O2 LOW 5m {mg5:.2f} mg/l (limit 5.00)",
                                                              "notified": ["ingrid.solheim (SMS)", "lamholmen-vakt (SMS)"]}))
        elif alarm and mg5 > 5.2:
            alarm = False
            stats["cleared"] = t + dt.timedelta(seconds=3)
            buoy.add(t + dt.timedelta(seconds=3), json.dumps({"time": (t + dt.timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%SZ"), "station": "LAM-B1", "event": "alarm_cleared",
                                                              "param": "O2 5m", "value": round(mg5, 2), "limit": 5.2, "msg": f"O2 LOW 5m cleared {mg5:.2f} mg/l"}))

    # --- Teams ------------------------------------------------------------------------------------
    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 50))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "Lamholmen drift",
                                "from": who, "body": text}, ensure_ascii=False))

    say("02:12", "Kjell Moen (night watch)", "Calm night, no current. Diffusers on P1-P4 cycling as usual, P5-P8 show over 7 mg/l.")
    def mins(hm):
        return int((U(hm) - START).total_seconds() // 60)

    def pen_at(p, hm):
        sat = real[p][mins(hm)]
        return sat, shown(p, sat, temp(U(hm))), sat / 100 * solubility(temp(U(hm)), SALINITY)

    _, p6_shown, _ = pen_at("P6", "04:30")
    say("04:31", "Ingrid Solheim", f"Buoy alarm O2 LOW at 5 m, and the fish are standing at the surface in P6 and P7. penwatch shows {p6_shown:.1f} mg/l on P6?? Feeding on P5-P8 has stopped and started several times.")
    say("04:38", "Erlend Vik (feeding centre)", "Pellets going through on P6 and P7 on the FX-12, no appetite. Pausing P5-P8 now.")
    say("04:47", "Sindre Aasen", "ack, on call. pellet loss on P5-P8 since 06:07 local. 5.3.0 went out last evening: morning meal moved to 06:00 (FEED-212) and the pellet stop (FEED-214). runbook says roll back after a release, doing it: 5.2.1, INC-0142")
    say("05:06", "Sindre Aasen", "5.2.1 running since 07:04 local. the meal plan for today is already on the FX-12 so meal times don't change until tomorrow")
    say("05:21", "Erlend Vik (feeding centre)", "Trying P5 and P8 again after the rollback.")
    p6_sat, p6_shown, p6_real = pen_at("P6", "05:28")
    p2_sat, p2_shown, p2_real = pen_at("P2", "05:28")
    hh_sat = p6_sat - 0.4
    hh_mg = hh_sat / 100 * solubility(temp(U("05:28")), SALINITY)
    stats["handheld"] = (hh_mg, hh_sat, p6_shown)
    say("05:29", "Ingrid Solheim", f"Handheld in P6 at 5 m: {hh_mg:.1f} mg/l, {hh_sat:.0f} %, {temp(U('05:28')):.1f} C. penwatch says {p6_shown:.1f} mg/l. P2: handheld {p2_real - 0.05:.1f}, penwatch {p2_shown:.1f}. Only the OM-4 pens are off.")
    say("05:34", "Erlend Vik (feeding centre)", "Same loss on P5 and P8, paused again. The rollback did not help.")
    say("05:41", "Tobias Hauge", f"{hh_sat:.0f} % at {temp(U('05:28')):.1f} C is {hh_mg:.1f} mg/l in sea water. {hh_sat / 100 * solubility(temp(U('05:28')), 0.0):.1f} is what fresh water holds at {hh_sat:.0f} %. the OM-4 connect lines say 'salinity 0.0 psu': OXY-57 never passes the site's salinity to the OM-4 driver, it was only tested at Flatøy in fresh water. my bad. all OM-4 pens read ~23 % high, so the diffusers on P5-P8 only start at a real 5.3")
    say("05:49", "Ingrid Solheim", "O2 valves on P5-P8 on manual, fully open at the panel now.")
    t_clear = stats["cleared"] + dt.timedelta(minutes=2)
    say(t_clear.strftime("%H:%M"), "Ingrid Solheim", "Buoy has cleared. Fish in P6 going back down. We lift the dead fish tomorrow.")
    say("06:32", "Tobias Hauge", "OXY-63 in review: make_probe passes site.water.salinity_psu to the OM-4 too, and a sea water test (34 psu). until it is out the P5-P8 valves stay on manual; rolling back further does not help, 5.2.0 and 5.2.1 both have OXY-57")
    return [app, gw, fx, buoy, journal, chat], stats


def build(out_dir):
    rng = random.Random(111100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = min(stats["first_loss"], stats["first_alarm"]).replace(microsecond=0)
        assert U("04:02:00") < onset < U("04:30:00"), onset
        age = onset - cest("2026-08-11 10:52:00")
        return write_scenario(
            out_dir, name="r111-om4-freshwater-solubility", service=SERVICE, onset=onset,
            description=f"""
Lamholmen, Solsjø Laks's salmon farm: from {onset.strftime('%H:%M:%S')} UTC on Friday 14 August
2026 (06:0x CEST) the salmon in pens P5-P8 stop eating at the morning meal
(the FX-12 feeding system's pellet sensors see pellets passing), the site's
environmental buoy alarms O2 LOW at 5 m and fish stand at the surface in P6
and P7, while penwatch shows those pens above 6 mg/l. penwatch 5.3.0 was
deployed at 19:40 CEST the evening before (morning meal moved to 06:00,
meals stopped on pellet loss) and rolled back to 5.2.1 at 05:04 UTC. The
FX-12 writes local time (CEST, +02:00); everything else is UTC.
""",
            logs=logs,
            line_formats={
                "penwatch.log": r'<Date> <Time> <Level>\s+\[<Logger>\] <Content>',
                "fx12-lamholmen.log": r'<Date> <Time> FX12 <Site> <Level>\s+\[<Pen>\] <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'mg/l computed from saturation \(salinity',
                r'mg/l computed from .*%sat at',
            ],
            fix_files=["penwatch/probes/__init__.py", "penwatch/probes/om4.py"],
            explanation=f"""
OXY-57 ({shas['culprit'][:7]}, Tuesday 11 August, {age.days * 24 + age.seconds // 3600} h {age.seconds % 3600 // 60:02d} min before the onset)
added the Oxymar OM-4 driver and put P5-P8 on it. The OM-4 reports
saturation and temperature only; the driver computes mg/l with
solubility_mg_l(temp_c, salinity_psu=0.0), and make_probe never passes the
site's salinity_psu: 34.0 (it goes only to the Sentrox DO-3s), so the OM-4
pens read the freshwater figure, about 23 % high at 16 C ("mg/l computed
from saturation (salinity 0.0 psu)"; "P6 5m: 5.9x mg/l computed from 60.x
%sat at 16.3 C", which is 4.8 mg/l in sea water). On the warm, calm neap
night of 14 August their diffusers came on only at a real 5.3 mg/l and
could not hold them against the meal, the fish went off their feed at the 06:00 meal
({stats['stops']} meals stopped on pellet loss before the rollback), the buoy
alarmed O2 LOW and fish stood at the surface; P1-P4, on the Sentrox probes,
were oxygenated from 6.5 mg/l as always. The handheld in P6 read {stats['handheld'][0]:.1f} mg/l
where penwatch showed {stats['handheld'][2]:.1f}. The fix passes the site's salinity to the OM-4
driver (penwatch/probes/__init__.py, penwatch/probes/om4.py).
Decoys: 5.3.0, deployed the evening before (FEED-212, the morning meal at
06:00 instead of 07:00, the meal at which it began; FEED-214, which adds the
very "pellet loss above limit ... meal stopped" warning; a pymodbus bump),
whose start time the status lines name; the rollback to 5.2.1, which holds
the culprit, without effect (the warnings go, the FX-12's pellet loss and
the buoy alarm stay); OXY-59, a harmless reconnect in the culprit's own
file; a runbook section that reads pellet loss and fish at the surface as
the feed, the sensor or the newest release; docs/probes.md, which says the
OM-4 readings are the same mg/l as the DO-3's; Modbus timeouts and a wwan
carrier flap; P1-P4's routine diffuser cycling.
""",
        )
    finally:
        repo.close()
