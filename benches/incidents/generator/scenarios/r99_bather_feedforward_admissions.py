"""aquadose (Python 3.12, asyncio, pymodbus; one instance per site on the
plant-room PC, Debian with systemd, rolled out by a GitHub Actions workflow
that runs Ansible; team in Bristol and Wroclaw) of Brookwater Leisure Trust,
which runs four public pools (Millbrook, Eastgate, Harlow Road, Riverside).
aquadose is the supervisory dosing loop for the pool water: every 30 s it
reads each basin's measuring cell through the Aquatrol DX4 controller
(free chlorine, pH, redox, temperature, sample flow, over Modbus TCP),
runs a PI loop for the sodium hypochlorite pump and one for the acid pump,
and writes the pumps' stroke rate (%) back. The DX4 keeps its own
hard limits: it warns at 2.00 mg/l free chlorine and stops the chlorine
pump at 2.50 ("dosing stop"). The trust's normal operating procedure (NOP
4.2) closes a basin to bathers above 2.50 mg/l and reopens it after
15 minutes below 2.00 and a poolside DPD test; aquadose posts closures to
lanes-api (lane bookings, which cancels the basin's bookings) and gatekeeper
(the turnstiles, which stop selling swims for the basin).

Thursday 19 March, 09:41: CHEM-120 adds a bather-load feedforward to the
chlorine loop (bathers consume chlorine, the PI reacts late at the
after-school peak): every minute aquadose asks gatekeeper's
`/v1/sites/{site}/occupancy` for the number of bathers and adds
`gain_pct_per_bather` x bathers (0.05 % for Millbrook's main pool) to the
pump's output. The endpoint answers `{"count": ..., "in_building": ...}`;
`count` is the site's admissions since midnight (gatekeeper's daily counter
for the council's returns), `in_building` the people inside; the commit
reads `count`. The test fixture, recorded at opening, has both equal. The
PI's integral is clamped at 0, so once the feedforward alone is more than
the basin needs, only the P term pulls against it. Thursday and Friday it
is harmless (Friday evening's main pool closes at 1.5-1.6 mg/l, within the
range, nobody notices); on Saturday 21 March Millbrook holds a club gala
with spectators, admissions pass 1,200 by 13:00, the feedforward pushes 60 %
and more into a main pool that needs 35 %, and at 13:02 UTC the DX4 warns
free chlorine above 2.00; swimmers complain of stinging eyes, at 14:00 the
main pool passes 2.50, the DX4 stops dosing, aquadose closes the basin,
lanes-api cancels the afternoon's lane bookings and the gala is suspended.

The duty manager's DPD test agrees with the probe; the maintenance
technician follows the runbook (probe, then the pump's anti-siphon valve)
and finds the pump doing what aquadose tells it. 2.8.1 had gone out at
11:20 (CHEM-124, the main pool's pH setpoint 7.2 -> 7.3 in the very site
file the culprit changed; CHEM-122, which logs the DX4's alarms as the
very warnings that fill the log; a pymodbus bump); the on-call rolls back
to 2.8.0 at 14:21 without effect (the alarm warnings go, the dose lines
stay). Owen sees i=0.0 and ff=75 in the dose lines, bathers=1,4xx while
gatekeeper's occupancy snapshots give in_building=4xx for the whole
centre, gym and gallery included, and admitted_today=1,4xx: feedforward is switched off at every site at
15:04 (a config hotfix), the chlorine falls, the main pool reopens at
15:45 and CHEM-126 reads `in_building`.

Sources: aquadose (Python logging with the site, line format), the DX4
controllers' data and event log (semicolon CSV in local time, line
format), gatekeeper (Go, logfmt), lanes-api (pino JSON), the deploy
workflow (GitHub Actions with Ansible output), #ops-millbrook (Slack
export, JSON lines), customer care tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, pino
from skeletons import chores, runbook

SERVICE = "aquadose"
START, END = utc("2026-03-21 07:00:00"), utc("2026-03-21 16:50:00")
SIM_START = utc("2026-03-21 06:30:00")
RELEASE_THU = utc("2026-03-19 11:32:10")
RELEASE_SAT = utc("2026-03-21 11:20:05")
ROLLBACK = utc("2026-03-21 14:21:20")
HOTFIX = utc("2026-03-21 15:04:40")
SITES = ["millbrook", "eastgate", "harlow-road", "riverside"]
# basin -> (setpoint, kp, ki per step, ff gain %/bather, base demand %, demand per bather in the water %)
BASINS = {
    "main": (1.00, 20.0, 2.0, 0.05, 17.0, 0.11),
    "learner": (1.00, 16.0, 1.0, 0.02, 8.0, 0.09),
    "spa": (1.50, 12.0, 0.8, 0.0, 6.0, 0.25),
}
G = 0.00065  # mg/l per 30 s per % of stroke above the demand
CHANNEL = {"main": "CH1", "learner": "CH2", "spa": "CH3"}


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "aquadose"
dynamic = ["version"]  # from the git tag (setuptools-scm)
requires-python = ">=3.12"
dependencies = [
  "pymodbus==3.8.3",
  "httpx==0.28.1",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.5", "pytest-asyncio==0.25.3", "respx==0.22.0"]
"""

CONTROL_V1 = '''"""PI loops for the dosing pumps. Outputs are the pump's stroke rate in %.
The integral is clamped to [0, max_out] (anti-windup); the DX4 controller
keeps its own hard limits and stops a pump whatever we write."""

from dataclasses import dataclass


@dataclass
class PI:
    setpoint: float
    kp: float
    ki: float
    max_out: float = 100.0
    integral: float = 0.0
    reverse: bool = False  # acid: more output when the reading is above the setpoint

    def step(self, reading, dt_s):
        error = (reading - self.setpoint) if self.reverse else (self.setpoint - reading)
        self.integral = min(max(self.integral + self.ki * error * dt_s / 30.0, 0.0), self.max_out)
        p = self.kp * error
        out = min(max(p + self.integral, 0.0), self.max_out)
        return out, p

    def reset(self):
        self.integral = 0.0
'''

LOOP_V1 = '''"""One task per basin: read the measuring cell, run both loops, write the
pumps. A stale or flow-less reading holds the loops and writes 0 %."""

import asyncio
import logging

from aquadose import safety
from aquadose.control import PI
from aquadose.dx4 import DX4
from aquadose.lanes import Lanes

log = logging.getLogger("aquadose.loop")


async def run_site(cfg):
    dx4 = DX4(cfg.dx4, {b: c.unit for b, c in cfg.basins.items()})
    lanes = Lanes(cfg.lanes_api)
    await asyncio.gather(*(run_basin(cfg, basin, dx4, lanes) for basin in cfg.basins))


async def run_basin(cfg, basin, dx4, lanes):
    bc = cfg.basins[basin]
    cl = PI(bc.chlorine.setpoint, bc.chlorine.kp, bc.chlorine.ki, bc.chlorine.max_out)
    ph = PI(bc.ph.setpoint, bc.ph.kp, bc.ph.ki, bc.ph.max_out, reverse=True)
    while True:
        r = await dx4.read(basin)
        if r.stale or not r.flow_ok:
            log.warning("holding loops basin=%s stale=%s flow_ok=%s", basin, r.stale, r.flow_ok)
            await dx4.write(basin, chlorine=0.0, acid=0.0)
        else:
            out, p = cl.step(r.free_chlorine, 30)
            acid, _ = ph.step(r.ph, 30)
            await dx4.write(basin, chlorine=out, acid=acid)
            log.info("dose basin=%s fcl=%.2f sp=%.2f p=%.1f i=%.1f out=%.1f",
                     basin, r.free_chlorine, cl.setpoint, p, cl.integral, out)
            log.info("ph basin=%s ph=%.2f sp=%.2f acid=%.1f orp=%d temp=%.1f", basin, r.ph, ph.setpoint, acid, r.orp, r.temp)
        await safety.check(cfg.site, basin, r, cfg, lanes)
        await asyncio.sleep(30)
'''

SAFETY_V1 = '''"""NOP 4.2: close a basin above the free chlorine closure limit, reopen it
after 15 minutes below the reopen limit and a DPD test at the poolside."""

import logging
import time

log = logging.getLogger("aquadose.safety")
_closed = {}
_below_since = {}


async def check(site, basin, r, cfg, lanes):
    lim = cfg.limits
    if r.stale:
        return
    if basin not in _closed and r.free_chlorine >= lim.close_above:
        _closed[basin] = time.time()
        log.error("basin closed: free chlorine %.2f mg/l above closure limit %.2f (NOP 4.2) basin=%s", r.free_chlorine, lim.close_above, basin)
        await lanes.close_basin(site, basin, reason="chemistry")
    elif basin in _closed:
        if r.free_chlorine <= lim.reopen_below:
            _below_since.setdefault(basin, time.time())
            if time.time() - _below_since[basin] >= 900:
                log.warning("basin may reopen after a DPD test: free chlorine %.2f below %.2f for 15 min basin=%s", r.free_chlorine, lim.reopen_below, basin)
        else:
            _below_since.pop(basin, None)
'''

DX4 = '''"""Aquatrol DX4 over Modbus TCP: one channel per basin. Input registers
(float32, big-endian words): 0 free chlorine mg/l, 2 pH, 4 redox mV,
6 temperature C; discrete input 0 sample flow. Holding registers 100/102
the chlorine and acid pumps' stroke rate %."""

import logging

from pymodbus.client import AsyncModbusTcpClient

log = logging.getLogger("aquadose.dx4")


class DX4:
    def __init__(self, host, units):
        self.client = AsyncModbusTcpClient(host, port=502, timeout=2)
        self.units = units

    async def read(self, basin):
        ...

    async def write(self, basin, chlorine, acid):
        ...
'''

MILLBROOK = """site: millbrook
dx4: 10.31.8.20
lanes_api: https://lanes-api.brookwater.internal
basins:
  main:
    unit: 1
    volume_m3: 620
    chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100}
    ph: {setpoint: 7.20, kp: 40, ki: 1.5, max_out: 80}
  learner:
    unit: 2
    volume_m3: 95
    chlorine: {setpoint: 1.00, kp: 16, ki: 1.0, max_out: 100}
    ph: {setpoint: 7.20, kp: 30, ki: 1.2, max_out: 80}
  spa:
    unit: 3
    volume_m3: 6
    chlorine: {setpoint: 1.50, kp: 12, ki: 0.8, max_out: 100}
    ph: {setpoint: 7.20, kp: 20, ki: 1.0, max_out: 80}
limits:
  close_above: 2.50
  reopen_below: 2.00
"""


def site_yaml(site, dx4_ip, volume):
    return (MILLBROOK.replace("site: millbrook", f"site: {site}").replace("10.31.8.20", dx4_ip)
            .replace("volume_m3: 620", f"volume_m3: {volume}"))


RUNBOOK_ALERTS = [
    ("AquadoseStale", "A basin's readings are stale for more than 2 minutes: the DX4 is not answering Modbus. aquadose writes 0 % and the DX4 runs its own fallback dosing. Check the plant-room switch and the DX4's network LED."),
    ("FlowLost", "Sample flow switch open: the measuring cell gets no water (strainer, sample pump). Loops hold. The duty manager cleans the strainer."),
]


def build_repo():
    repo = Repo()
    owen = Person("Owen Pryce", "owen.pryce@brookwater.org.uk", 0)
    aisha = Person("Aisha Mensah", "aisha.mensah@brookwater.org.uk", 0)
    tomasz = Person("Tomasz Wójcik", "tomasz.wojcik@brookwater.org.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "aquadose/__init__.py": "",
        "aquadose/main.py": 'import asyncio\nimport logging.config\nimport os\n\nfrom aquadose import config, loop\n\nlogging.config.fileConfig("/etc/aquadose/logging.ini", defaults={"site": os.environ.get("SITE", "dev")})\nlog = logging.getLogger("aquadose.main")\n\n\nasync def main():\n    cfg = config.load(os.environ["SITE"])\n    log.info("starting aquadose version=%s commit=%s site=%s basins=%s", os.environ.get("VERSION", "dev"), os.environ.get("COMMIT", "none"), cfg.site, ",".join(cfg.basins))\n    await loop.run_site(cfg)\n\n\nif __name__ == "__main__":\n    asyncio.run(main())\n',
        "aquadose/config.py": '"""Site config: config/sites/<site>.yaml, attribute access."""\n\nimport yaml\n\n\nclass NS(dict):\n    __getattr__ = dict.__getitem__\n\n\ndef _ns(v):\n    return NS({k: _ns(x) for k, x in v.items()}) if isinstance(v, dict) else v\n\n\ndef load(site):\n    with open(f"config/sites/{site}.yaml") as f:\n        return _ns(yaml.safe_load(f))\n',
        "aquadose/control.py": CONTROL_V1,
        "aquadose/loop.py": LOOP_V1,
        "aquadose/safety.py": SAFETY_V1,
        "aquadose/dx4.py": DX4,
        "aquadose/lanes.py": '"""lanes-api client (closures)."""\n\nimport httpx\n\n\nclass Lanes:\n    def __init__(self, base):\n        self.http = httpx.AsyncClient(base_url=base, timeout=5)\n\n    async def close_basin(self, site, basin, reason):\n        r = await self.http.post(f"/v1/sites/{site}/basins/{basin}/closures", json={"reason": reason, "source": "aquadose"})\n        r.raise_for_status()\n',
        "config/sites/millbrook.yaml": MILLBROOK,
        "config/sites/eastgate.yaml": site_yaml("eastgate", "10.32.8.20", 540),
        "config/sites/harlow-road.yaml": site_yaml("harlow-road", "10.33.8.20", 410),
        "config/sites/riverside.yaml": site_yaml("riverside", "10.34.8.20", 480),
        "deploy/ansible/site.yml": "- hosts: plantrooms\n  become: true\n  roles:\n    - aquadose\n",
        "deploy/ansible/roles/aquadose/tasks/main.yml": "- name: install release\n  ansible.builtin.unarchive:\n    src: \"dist/aquadose-{{ version }}.tar.gz\"\n    dest: /opt/aquadose/releases/{{ version }}\n- name: link current\n  ansible.builtin.file:\n    src: /opt/aquadose/releases/{{ version }}\n    dest: /opt/aquadose/current\n    state: link\n  notify: restart aquadose\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n    inputs:\n      ref: {description: 'tag or sha', required: true}\njobs:\n  deploy:\n    runs-on: [self-hosted, plantroom-vpn]\n    steps:\n      - uses: actions/checkout@v4\n        with: {ref: '${{ inputs.ref }}'}\n      - run: ansible-playbook -i deploy/ansible/inventory deploy/ansible/site.yml -e version=${{ inputs.ref }}\n",
        "tests/test_control.py": "from aquadose.control import PI\n\n\ndef test_integral_clamped_at_zero():\n    pi = PI(1.0, 20, 1.2)\n    for _ in range(20):\n        pi.step(2.0, 30)\n    assert pi.integral == 0.0\n",
        "README.md": "# aquadose\n\nSupervisory chlorine and pH dosing for Brookwater's plant rooms: reads\nthe Aquatrol DX4 measuring cells over Modbus TCP, runs a PI loop per pump\nand writes the stroke rates back. The DX4's own limits always win.\n\nOne instance per site (systemd unit `aquadose`), deployed with the\n`deploy` workflow (Ansible over the plant-room VPN).\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-03-09 10:00:00"), owen, "aquadose: supervisory chlorine and pH dosing for the plant rooms", files)
    crng = random.Random(99103)
    repo.schedule(chores(crng, SERVICE, [owen, aisha], utc("2026-03-09 11:00:00"), utc("2026-03-11 17:00:00"), 2)
                  + chores(crng, SERVICE, [tomasz, aisha], utc("2026-03-12 09:00:00"), utc("2026-03-13 16:00:00"), 1))
    repo.commit(utc("2026-03-16 13:20:00"), tomasz, "dx4: retry a timed-out read once before marking the channel stale (CHEM-112)", {
        "aquadose/dx4.py": sub(repo.files["aquadose/dx4.py"], "    async def read(self, basin):\n        ...\n",
                               "    async def read(self, basin, retries=1):\n        # one retry: the DX4 drops a request now and then when its display is busy\n        ...\n"),
    })
    repo.commit(utc("2026-03-17 10:05:00"), aisha, "safety: post basin closures to gatekeeper too, so the turnstiles stop selling swims (CHEM-115)", {
        "aquadose/safety.py": sub(repo.files["aquadose/safety.py"], '        await lanes.close_basin(site, basin, reason="chemistry")\n',
                                  '        await lanes.close_basin(site, basin, reason="chemistry")  # lanes-api tells gatekeeper\n'),
        "aquadose/lanes.py": sub(repo.files["aquadose/lanes.py"], '"""lanes-api client (closures)."""', '"""lanes-api client (closures). lanes-api cancels the basin\'s lane bookings\nand tells gatekeeper to stop selling swims for it."""'),
    })
    repo.commit(utc("2026-03-18 15:30:00"), owen, "docs: chemistry limits and the closure procedure (NOP 4.2)", {
        "docs/chemistry.md": "# Pool chemistry at Brookwater\n\n| | main, learner | spa |\n|---|---|---|\n| free chlorine setpoint | 1.0 mg/l | 1.5 mg/l |\n| DX4 warning | 2.0 mg/l | 3.0 mg/l |\n| close the basin (NOP 4.2) | above 2.5 mg/l | above 4.0 mg/l |\n| pH | 7.2-7.4 | 7.2-7.4 |\n\nThe DX4 stops the chlorine pump at its alarm limit whatever aquadose\nwrites. A basin reopens after 15 minutes below 2.0 mg/l and a DPD\ntest by the duty manager.\n\nBathers are the main chlorine demand: an adult swimmer consumes\nroughly what 0.1 % stroke on the main pool's pump delivers.\n",
    })
    culprit = repo.commit(utc("2026-03-19 09:41:00"), owen, "control: bather-load feedforward for hypochlorite dosing (CHEM-120)\n\nThe PI reacts 20-30 minutes late to the after-school peak and the main\npools dip under 0.6 mg/l at 17:00. Add gain x bathers to the chlorine\npump's output, bathers from gatekeeper's occupancy endpoint (polled every\nminute, last value kept if gatekeeper does not answer).", {
        "aquadose/occupancy.py": '"""Bathers on site, from gatekeeper (the turnstiles)."""\n\nimport logging\n\nimport httpx\n\nlog = logging.getLogger("aquadose.occupancy")\n\n\nclass Occupancy:\n    def __init__(self, base, site):\n        self.http = httpx.AsyncClient(base_url=base, timeout=3)\n        self.site = site\n        self.bathers = 0\n\n    async def poll(self):\n        try:\n            r = await self.http.get(f"/v1/sites/{self.site}/occupancy")\n            r.raise_for_status()\n            self.bathers = int(r.json()["count"])\n            log.info("bather load updated site=%s bathers=%d", self.site, self.bathers)\n        except (httpx.HTTPError, KeyError, ValueError) as err:\n            log.warning("occupancy poll failed site=%s err=%s; keeping bathers=%d", self.site, err, self.bathers)\n        return self.bathers\n',
        "aquadose/control.py": sub(CONTROL_V1,
                                   "    def step(self, reading, dt_s):\n",
                                   "    def step(self, reading, dt_s, feedforward=0.0):\n",
                                   "        out = min(max(p + self.integral, 0.0), self.max_out)\n",
                                   "        out = min(max(feedforward + p + self.integral, 0.0), self.max_out)\n",
                                   '"""PI loops for the dosing pumps.', '"""PI loops (plus an optional feedforward) for the dosing pumps.'),
        "aquadose/loop.py": sub(LOOP_V1,
                                "from aquadose.control import PI\n",
                                "from aquadose.control import PI\nfrom aquadose.occupancy import Occupancy\n",
                                "    await asyncio.gather(*(run_basin(cfg, basin, dx4, lanes) for basin in cfg.basins))\n",
                                "    occupancy = Occupancy(cfg.gatekeeper, cfg.site) if cfg.get(\"feedforward\") else None\n    tasks = [run_basin(cfg, basin, dx4, lanes, occupancy) for basin in cfg.basins]\n    if occupancy:\n        tasks.append(poll_occupancy(occupancy))\n    await asyncio.gather(*tasks)\n\n\nasync def poll_occupancy(occupancy):\n    while True:\n        await occupancy.poll()\n        await asyncio.sleep(60)\n",
                                "async def run_basin(cfg, basin, dx4, lanes):\n",
                                "async def run_basin(cfg, basin, dx4, lanes, occupancy=None):\n",
                                "            out, p = cl.step(r.free_chlorine, 30)\n",
                                "            ff = bc.chlorine.get(\"ff_gain_pct_per_bather\", 0.0) * occupancy.bathers if occupancy else 0.0\n            out, p = cl.step(r.free_chlorine, 30, feedforward=ff)\n",
                                '            log.info("dose basin=%s fcl=%.2f sp=%.2f p=%.1f i=%.1f out=%.1f",\n                     basin, r.free_chlorine, cl.setpoint, p, cl.integral, out)\n',
                                '            log.info("dose basin=%s fcl=%.2f sp=%.2f p=%.1f i=%.1f ff=%.1f out=%.1f bathers=%d",\n                     basin, r.free_chlorine, cl.setpoint, p, cl.integral, ff, out, occupancy.bathers if occupancy else 0)\n'),
        "config/sites/millbrook.yaml": sub(MILLBROOK,
                                           "lanes_api: https://lanes-api.brookwater.internal\n",
                                           "lanes_api: https://lanes-api.brookwater.internal\ngatekeeper: https://gatekeeper.brookwater.internal\nfeedforward: true\n",
                                           "    chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100}\n",
                                           "    chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100, ff_gain_pct_per_bather: 0.05}\n",
                                           "    chlorine: {setpoint: 1.00, kp: 16, ki: 1.0, max_out: 100}\n",
                                           "    chlorine: {setpoint: 1.00, kp: 16, ki: 1.0, max_out: 100, ff_gain_pct_per_bather: 0.02}\n"),
        "config/sites/eastgate.yaml": sub(repo.files["config/sites/eastgate.yaml"],
                                          "lanes_api: https://lanes-api.brookwater.internal\n",
                                          "lanes_api: https://lanes-api.brookwater.internal\ngatekeeper: https://gatekeeper.brookwater.internal\nfeedforward: true\n",
                                          "    chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100}\n",
                                          "    chlorine: {setpoint: 1.00, kp: 20, ki: 2.0, max_out: 100, ff_gain_pct_per_bather: 0.05}\n"),
        "tests/test_occupancy.py": 'import httpx\nimport respx\n\nfrom aquadose.occupancy import Occupancy\n\n# recorded from gatekeeper at Millbrook, 06:31 on 18 March\nFIXTURE = {"site": "millbrook", "count": 14, "in_building": 14, "capacity": 260}\n\n\n@respx.mock\nasync def test_poll():\n    respx.get("https://gk/v1/sites/millbrook/occupancy").mock(return_value=httpx.Response(200, json=FIXTURE))\n    occ = Occupancy("https://gk", "millbrook")\n    assert await occ.poll() == 14\n',
    })
    tests = repo.commit(utc("2026-03-19 11:02:00"), tomasz, "tests: PI step response with feedforward", {
        "tests/test_control.py": repo.files["tests/test_control.py"] + "\n\ndef test_feedforward_adds_to_output():\n    pi = PI(1.0, 20, 1.2)\n    out, _ = pi.step(1.0, 30, feedforward=10.0)\n    assert out == 10.0\n",
    })
    repo.commit(utc("2026-03-19 16:10:00"), aisha, "control: cap the acid pump at 60 % at Riverside (CHEM-119)\n\nThe new acid pump head at Riverside is oversized; 80 % overshoots pH.", {
        "aquadose/control.py": sub(repo.files["aquadose/control.py"], "    max_out: float = 100.0\n", "    max_out: float = 100.0  # per pump in the site file (Riverside acid: 60)\n"),
        "config/sites/riverside.yaml": sub(repo.files["config/sites/riverside.yaml"], "    ph: {setpoint: 7.20, kp: 40, ki: 1.5, max_out: 80}\n", "    ph: {setpoint: 7.20, kp: 40, ki: 1.5, max_out: 60}\n"),
    })
    repo.commit(utc("2026-03-20 07:12:00"), bot, "chore(deps): update dependency pymodbus to v3.8.4", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pymodbus==3.8.3"', '"pymodbus==3.8.4"'),
    })
    repo.commit(utc("2026-03-20 10:40:00"), aisha, "dx4: log the controller's alarms at warning with reading and limit (CHEM-122)\n\nThe DX4's alarms only showed on its display and the duty manager's pager;\nlog them so we see them next to our dose lines.", {
        "aquadose/dx4.py": sub(repo.files["aquadose/dx4.py"], 'log = logging.getLogger("aquadose.dx4")\n',
                               'log = logging.getLogger("aquadose.dx4")\n\nALARMS = {1: "CL_HIGH_WARN", 2: "CL_HIGH_STOP", 3: "CL_LOW", 4: "PH_HIGH", 5: "PH_LOW", 6: "FLOW"}\n\n\ndef log_alarm(basin, code, value, limit):\n    log.warning("DX4 alarm basin=%s alarm=%s value=%.2f limit=%.2f", basin, ALARMS.get(code, code), value, limit)\n'),
    })
    repo.commit(utc("2026-03-20 14:05:00"), owen, "runbook: free chlorine high", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Free chlorine high (DX4 CL_HIGH_WARN / CL_HIGH_STOP)\n\nAlmost always the probe: the membrane of the free chlorine cell drifts\nhigh between services. Ask the duty manager for a DPD test. If the DPD\nagrees, check the hypochlorite pump's anti-siphon valve (a stuck valve\nsiphons the tank into the line when the pump is idle). If it started\nright after a release, roll back with the deploy workflow first.\n",
    })
    sat = repo.commit(utc("2026-03-21 10:55:00"), aisha, "config: main pool pH setpoint 7.2 -> 7.3 at Millbrook (CHEM-124)\n\nThe gala's visiting clubs complained about the water feel last year;\nwithin NOP 4.2's 7.2-7.4.", {
        "config/sites/millbrook.yaml": sub(repo.files["config/sites/millbrook.yaml"], "    ph: {setpoint: 7.20, kp: 40, ki: 1.5, max_out: 80}\n", "    ph: {setpoint: 7.30, kp: 40, ki: 1.5, max_out: 80}\n"),
    })
    hotfix = repo.commit(utc("2026-03-21 14:57:00"), owen, "config: feedforward off at every site (INC-0321)", {
        "config/sites/millbrook.yaml": sub(repo.files["config/sites/millbrook.yaml"], "feedforward: true\n", "feedforward: false\n"),
        "config/sites/eastgate.yaml": sub(repo.files["config/sites/eastgate.yaml"], "feedforward: true\n", "feedforward: false\n"),
    })
    fix = repo.commit(utc("2026-03-21 16:31:00"), owen, "occupancy: bathers are in_building, not count (admissions since midnight) (CHEM-126)", {
        "aquadose/occupancy.py": sub(repo.files["aquadose/occupancy.py"], 'int(r.json()["count"])', 'int(r.json()["in_building"])'),
        "tests/test_occupancy.py": sub(repo.files["tests/test_occupancy.py"], '"count": 14, "in_building": 14', '"count": 1366, "in_building": 247',
                                       "assert await occ.poll() == 14", "assert await occ.poll() == 247"),
    })
    return repo, {"culprit": culprit, "tests": tests, "sat": sat, "hotfix": hotfix, "fix": fix}


# ---------------------------------------------------------------------------
# Saturday


def _hms(t):
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def entry_rate(site, t):
    """Admissions per minute at the turnstiles."""
    h = t.hour + t.minute / 60
    base = {"millbrook": 1.0, "eastgate": 0.8, "harlow-road": 0.35, "riverside": 0.45}[site]
    if h < 6.5 or h >= 21.5:
        return 0.0
    shape = 2.0 if h < 9 else 3.2 if h < 11.5 else 3.6 if h < 14 else 3.0
    rate = base * shape
    if site == "millbrook" and 11.75 <= h < 12.75:
        rate += 2.6  # gala spectators and visiting clubs
    return rate


PRODUCTS = [(38, "swim-adult"), (22, "swim-junior"), (18, "gym"), (9, "lane-booking"), (6, "class-aqua"), (7, "member-swim")]


def build_logs(rng, shas):
    aq, dx, gk, lanes, deploy, slack, care = (Log("aquadose-millbrook.log"), Log("dx4-millbrook.log"), Log("gatekeeper.log"),
                                              Log("lanes-api.log"), Log("deploy-workflow.log"), Log("slack-ops-millbrook.log"),
                                              Log("customer-care-tickets.log"))
    stats = {"onset": None, "closed": None, "reopen": None, "fcl": {}, "out": {}, "count": {}, "inb": {}}

    # --- turnstiles: admissions and exits per site, minute by minute
    people = {site: [] for site in SITES}  # (entry time, exit time, product)
    for site in SITES:
        t = utc("2026-03-21 06:30:00")
        while t < END + dt.timedelta(hours=1):
            rate = entry_rate(site, t)
            t += dt.timedelta(seconds=rng.expovariate(max(rate, 0.05) / 60.0))
            if rate <= 0 or rng.random() > rate / max(rate, 0.05):
                continue
            if site == "millbrook" and utc("2026-03-21 11:45:00") <= t < utc("2026-03-21 12:45:00") and rng.random() < 0.55:
                product = "gala-spectator" if rng.random() < 0.7 else "club-swimmer"
            else:
                product = rng.choice([p for w, p in PRODUCTS for _ in range(w)])
            stay = {"gym": 65, "class-aqua": 50, "lane-booking": 55, "gala-spectator": 210, "club-swimmer": 220}.get(product, 70)
            people[site].append([t, t + dt.timedelta(minutes=max(20, rng.gauss(stay, 15))), product])
    # the gala is suspended at the closure; spectators and visiting clubs drift out
    stats["people"] = people

    def count_at(site, t):
        return sum(1 for e, _, _ in people[site] if e <= t)

    def in_building(site, t):
        return sum(1 for e, x, _ in people[site] if e <= t < x)

    def bathers_main(t, closed):
        if closed:
            return 0
        swim = sum(1 for e, x, p in people["millbrook"] if e <= t < x and p in ("swim-adult", "member-swim", "lane-booking", "swim-junior"))
        gala = sum(1 for e, x, p in people["millbrook"] if e <= t < x and p == "club-swimmer")
        return int(swim * 0.62 + gala * 0.8)

    def bathers_learner(t):
        return int(sum(1 for e, x, p in people["millbrook"] if e <= t < x and p in ("swim-junior", "class-aqua")) * 0.45)

    # --- physics and the loops at Millbrook, every 30 s
    state = {b: {"fcl": sp, "i": BASINS[b][4], "ph": 7.22, "stop": False, "warn": False} for b, (sp, *_rest) in BASINS.items()}
    closed_at = reopen_at = None
    below_since = None
    ff_on = True
    bathers_ff = 0
    t = SIM_START
    epochs = [(utc("2026-03-19 11:33:00"), "v2.8.0", shas["tests"]), (RELEASE_SAT, "v2.8.1", shas["sat"]),
              (ROLLBACK, "v2.8.0", shas["tests"]), (HOTFIX, "v2.8.2", shas["hotfix"])]

    def version_at(tt):
        cur = epochs[0]
        for e in epochs:
            if tt >= e[0]:
                cur = e
        return cur

    def alog(tt, level, logger, msg):
        if START <= tt < END:
            aq.add(tt, f"{_hms(tt)} {level} [millbrook] {logger}: {msg}")

    def dxlog(tt, ch, kind, text):
        if START <= tt < END:
            dx.add(tt, f"{tt.strftime('%d/%m/%Y %H:%M:%S')};{ch};{kind};{text}")

    restarts = [RELEASE_SAT, ROLLBACK, HOTFIX]
    for r_t in restarts:
        ver, sha = version_at(r_t + dt.timedelta(seconds=1))[1:]
        alog(r_t, "INFO", "aquadose.main", f"stopping (SIGTERM)")
        alog(r_t + dt.timedelta(seconds=3.2), "INFO", "aquadose.main", f"starting aquadose version={ver[1:]} commit={sha[:7]} site=millbrook basins=main,learner,spa")
        alog(r_t + dt.timedelta(seconds=3.4), "INFO", "aquadose.dx4", "connected to DX4 10.31.8.20:502 units=1,2,3")
    step = 0
    while t < END:
        if t >= HOTFIX + dt.timedelta(seconds=5):
            ff_on = False
        restarted = any(r_t <= t < r_t + dt.timedelta(seconds=30) for r_t in restarts)
        if restarted:
            for b in BASINS:
                state[b]["i"] = 0.0 if t < HOTFIX else state[b]["i"]
        if ff_on and step % 2 == 0:
            bathers_ff = count_at("millbrook", t - dt.timedelta(seconds=rng.uniform(1, 20)))
            tp = t + dt.timedelta(seconds=rng.uniform(5, 25))
            alog(tp, "INFO", "aquadose.occupancy", f"bather load updated site=millbrook bathers={bathers_ff}")
            if START <= tp < END:
                gk.add(tp, logfmt(tp, "info", "http request", method="GET", path="/v1/sites/millbrook/occupancy", status=200, dur_ms=rng.randint(2, 9), client="aquadose-millbrook", remote="10.31.8.5"))
        read_fail = rng.random() < 0.004
        for b, (sp, kp, ki, gain, base, per) in BASINS.items():
            st = state[b]
            tb = t + dt.timedelta(seconds=rng.uniform(0.05, 0.6))
            if b == "main":
                demand = base + per * bathers_main(t, closed_at is not None and reopen_at is None)
            elif b == "learner":
                demand = base + per * bathers_learner(t)
            else:
                demand = base + per * min(12, bathers_learner(t) // 2)
            reading = round(st["fcl"] + rng.gauss(0, 0.015), 2)
            if read_fail and b == "main":
                alog(tb, "WARNING", "aquadose.dx4", f"read timed out unit=1 basin={b}, retrying")
            err = sp - reading
            st["i"] = min(max(st["i"] + ki * err, 0.0), 100.0)
            p = kp * err
            ff = gain * bathers_ff if ff_on else 0.0
            out = min(max(ff + p + st["i"], 0.0), 100.0)
            alog(tb, "INFO", "aquadose.loop", f"dose basin={b} fcl={reading:.2f} sp={sp:.2f} p={p:.1f} i={st['i']:.1f} ff={ff:.1f} out={out:.1f} bathers={bathers_ff if ff_on else 0}")
            phsp = 7.30 if (b == "main" and (RELEASE_SAT <= t < ROLLBACK or t >= HOTFIX)) else 7.20
            acid = min(max(40 * (st["ph"] - phsp) + 8 + out * 0.12, 0), 80)
            if step % 2 == 1:
                alog(tb + dt.timedelta(milliseconds=3), "INFO", "aquadose.loop", f"ph basin={b} ph={st['ph']:.2f} sp={phsp:.2f} acid={acid:.1f} orp={int(690 + 95 * st['fcl'] ** 0.5 + rng.gauss(0, 4))} temp={dict(main=28.9, learner=31.0, spa=36.5)[b] + rng.gauss(0, 0.05):.1f}")
            st["ph"] += (out * 0.0009 - acid * 0.0011 + 0.004) * 0.3 + rng.gauss(0, 0.003)
            # the DX4's own limits (warning and dosing stop), on the main and learner channels
            warn_at, stop_at = (3.0, 4.0) if b == "spa" else (2.0, 2.5)
            ch = CHANNEL[b]
            if not st["warn"] and reading >= warn_at:
                st["warn"] = True
                dxlog(tb, ch, "ALARM ON", f"A01 Free chlorine high warning;{reading:.2f} mg/l;limit {warn_at:.2f}")
                if RELEASE_SAT <= t < ROLLBACK:
                    alog(tb + dt.timedelta(milliseconds=40), "WARNING", "aquadose.dx4", f"DX4 alarm basin={b} alarm=CL_HIGH_WARN value={reading:.2f} limit={warn_at:.2f}")
                if b == "main" and stats["onset"] is None:
                    stats["onset"] = tb
            elif st["warn"] and reading < warn_at - 0.05:
                st["warn"] = False
                dxlog(tb, ch, "ALARM OFF", f"A01 Free chlorine high warning;{reading:.2f} mg/l")
            if not st["stop"] and reading >= stop_at:
                st["stop"] = True
                dxlog(tb, ch, "ALARM ON", f"A02 Free chlorine high - dosing stop;{reading:.2f} mg/l;limit {stop_at:.2f}")
                dxlog(tb, ch, "EVENT", "Chlorine pump P1 blocked by limit contact")
                if RELEASE_SAT <= t < ROLLBACK:
                    alog(tb + dt.timedelta(milliseconds=40), "WARNING", "aquadose.dx4", f"DX4 alarm basin={b} alarm=CL_HIGH_STOP value={reading:.2f} limit={stop_at:.2f}")
            elif st["stop"] and reading < stop_at - 0.1:
                st["stop"] = False
                dxlog(tb, ch, "ALARM OFF", f"A02 Free chlorine high - dosing stop;{reading:.2f} mg/l")
                dxlog(tb, ch, "EVENT", "Chlorine pump P1 released")
            effective = 0.0 if st["stop"] else out
            st["fcl"] = max(0.05, st["fcl"] + G * (effective - demand))
            if b == "main":
                stats["fcl"][t] = st["fcl"]
                stats["out"][t] = out
                if closed_at is None and reading >= 2.5:
                    closed_at = tb + dt.timedelta(milliseconds=60)
                    alog(closed_at, "ERROR", "aquadose.safety", f"basin closed: free chlorine {reading:.2f} mg/l above closure limit 2.50 (NOP 4.2) basin=main")
                elif closed_at is not None and reopen_at is None:
                    if reading <= 2.0:
                        below_since = below_since or t
                        if t - below_since >= dt.timedelta(minutes=15) and stats["reopen"] is None:
                            alog(tb + dt.timedelta(milliseconds=60), "WARNING", "aquadose.safety", f"basin may reopen after a DPD test: free chlorine {reading:.2f} below 2.00 for 15 min basin=main")
                            stats["reopen"] = t + dt.timedelta(minutes=6, seconds=rng.randint(0, 50))
                    else:
                        below_since = None
                    if stats["reopen"] and t >= stats["reopen"]:
                        reopen_at = stats["reopen"]
        if step % 10 == 0:
            for b in BASINS:
                st = state[b]
                dxlog(t + dt.timedelta(seconds=1), CHANNEL[b], "DATA", f"Cl {st['fcl'] + rng.gauss(0, 0.01):.2f} mg/l;pH {st['ph']:.2f};Redox {int(690 + 95 * st['fcl'] ** 0.5)} mV;T {dict(main=28.9, learner=31.0, spa=36.5)[b]:.1f} C;Flow OK")
        t += dt.timedelta(seconds=30)
        step += 1
    stats["closed"], stats["reopen_at"] = closed_at, reopen_at
    onset, closed, reopen = stats["onset"], closed_at, reopen_at
    assert onset and closed and reopen, (onset, closed, reopen)

    # --- gatekeeper: passages, refusals, occupancy snapshots, other sites' pollers
    gates = {"millbrook": ["T1", "T2", "T3", "T4"], "eastgate": ["T1", "T2", "T3"], "harlow-road": ["T1", "T2"], "riverside": ["T1", "T2"]}
    swim = {"swim-adult", "swim-junior", "member-swim", "lane-booking", "club-swimmer"}
    for site in SITES:
        for person in people[site]:
            e, x, product = person
            member = f"M{rng.randint(100000, 999999)}" if product in ("gym", "member-swim", "lane-booking", "class-aqua") else "-"
            media = "card" if member != "-" else rng.choice(["qr", "qr", "ticket"])
            blocked = site == "millbrook" and closed <= e < reopen and product in swim and product != "club-swimmer"
            if blocked:
                if START <= e < END:
                    gk.add(e, logfmt(e, "info", "entry refused", site=site, gate=rng.choice(gates[site][:2]), reason="BASIN_CLOSED", product=product, basin="main", media=media))
                person[1] = e  # sent to reception for a refund or a gym/learner pool swap
                continue
            if START <= e < END:
                gk.add(e, logfmt(e, "info", "passage", site=site, gate=rng.choice(gates[site]), dir="in", product=product, media=media, member=member))
            if START <= x < END:
                gk.add(x, logfmt(x, "info", "passage", site=site, gate=rng.choice(gates[site]), dir="out", product=product, media=media, member=member))
    for tt in poisson_like(rng, START, END, 0.9):
        site = rng.choice(SITES)
        reason = rng.choice(["MEMBERSHIP_EXPIRED", "ANTI_PASSBACK", "ANTI_PASSBACK", "TICKET_USED", "UNKNOWN_MEDIA", "OUTSIDE_TIME_BAND"])
        gk.add(tt, logfmt(tt, "info", "entry refused", site=site, gate=rng.choice(gates[site]), reason=reason, product="-", media=rng.choice(["card", "qr"])))
    tt = START + dt.timedelta(seconds=rng.randint(5, 60))
    while tt < END:
        for site in SITES:
            gk.add(tt + dt.timedelta(milliseconds=rng.randint(1, 40)), logfmt(tt, "info", "occupancy snapshot", site=site, in_building=in_building(site, tt), admitted_today=count_at(site, tt)))
        tt += dt.timedelta(minutes=5)
    tt = START + dt.timedelta(seconds=rng.randint(0, 50))
    while tt < END:
        tp = tt + dt.timedelta(seconds=rng.uniform(0, 3))
        if tt < HOTFIX + dt.timedelta(seconds=10):
            gk.add(tp, logfmt(tp, "info", "http request", method="GET", path="/v1/sites/eastgate/occupancy", status=200, dur_ms=rng.randint(2, 9), client="aquadose-eastgate", remote="10.32.8.5"))
        if rng.random() < 0.25:
            site = rng.choice(SITES)
            gk.add(tp + dt.timedelta(seconds=7), logfmt(tp, "info", "http request", method="GET", path=f"/v1/sites/{site}/passages", status=200, dur_ms=rng.randint(8, 60), client="reception-tablet", remote=f"10.3{SITES.index(site) + 1}.4.{rng.randint(20, 40)}"))
        tt += dt.timedelta(seconds=60)
    for tt in [utc("2026-03-21 09:41:12"), utc("2026-03-21 12:07:40"), utc("2026-03-21 15:33:03")]:
        gk.add(tt, logfmt(tt, "warn", "gate offline", site="riverside", gate="T2", err="read tcp 10.34.4.11:50622->10.34.2.12:4001: i/o timeout"))
        gk.add(tt + dt.timedelta(seconds=41), logfmt(tt + dt.timedelta(seconds=41), "info", "gate online", site="riverside", gate="T2"))

    # --- lanes-api: lane bookings, the closure and the reopening
    hosts = ["lanes-api-7d9c5b6f4-hx2mq", "lanes-api-7d9c5b6f4-t8wzn"]

    def llog(tt, level, msg, **kv):
        if START <= tt < END:
            lanes.add(tt, pino(tt, level, msg, hostname=rng.choice(hosts), pid=1, **kv))

    for tt in poisson_like(rng, START, END, 1.6):
        site = rng.choice(SITES)
        start_slot = (tt + dt.timedelta(hours=rng.randint(1, 72))).replace(minute=rng.choice([0, 30]), second=0, microsecond=0)
        kind = rng.choice(["booking created", "booking created", "booking checked in", "booking checked in", "booking cancelled by customer"])
        llog(tt, "info", kind, reqId=f"req-{hexid(rng, 6)}", site=site, basin="main", lane=rng.randint(1, 6), slot=start_slot.strftime("%Y-%m-%dT%H:%MZ"), bookingId=f"LB-{rng.randint(400000, 499999)}")
    tt = START
    while tt < END:
        llog(tt + dt.timedelta(seconds=2), "info", "lane plan published", site="millbrook", basin="main", lanes=6, public=2 if utc("2026-03-21 12:30:00") <= tt < utc("2026-03-21 16:30:00") else 3, gala=tt >= utc("2026-03-21 12:30:00"))
        tt += dt.timedelta(minutes=15)
    c = closed + dt.timedelta(milliseconds=rng.randint(80, 200))
    llog(c, "warn", "basin closure received", site="millbrook", basin="main", reason="chemistry", source="aquadose", closureId="CL-20260321-01")
    llog(c + dt.timedelta(milliseconds=30), "info", "gatekeeper notified: swim products suspended", site="millbrook", basin="main")
    gk.add(c + dt.timedelta(milliseconds=60), logfmt(c + dt.timedelta(milliseconds=60), "warn", "swim products suspended", site="millbrook", basin="main", reason="chemistry", source="lanes-api"))
    n_cancel = 0
    slot = closed.replace(minute=30 if closed.minute >= 30 else 0, second=0, microsecond=0) + dt.timedelta(minutes=30)
    while slot < utc("2026-03-21 17:00:00"):
        for lane in (1, 2, 3, 4, 5, 6):
            if rng.random() < (0.3 if lane > 2 else 0.85):
                n_cancel += 1
                tc = c + dt.timedelta(seconds=1 + n_cancel * 0.4)
                bid = f"LB-{rng.randint(400000, 499999)}"
                llog(tc, "info", "booking cancelled: basin closed", site="millbrook", basin="main", lane=lane, slot=slot.strftime("%Y-%m-%dT%H:%MZ"), bookingId=bid, closureId="CL-20260321-01")
                llog(tc + dt.timedelta(milliseconds=120), "info", "refund issued", bookingId=bid, amount_gbp=rng.choice(["5.20", "5.20", "4.10", "6.80"]), psp="stripe")
        slot += dt.timedelta(minutes=30)
    stats["cancelled"] = n_cancel
    llog(reopen + dt.timedelta(seconds=4), "info", "basin reopened", site="millbrook", basin="main", closureId="CL-20260321-01", by="gemma.hart", dpd_free_cl="1.8")
    gk.add(reopen + dt.timedelta(seconds=4.1), logfmt(reopen + dt.timedelta(seconds=4.1), "info", "swim products resumed", site="millbrook", basin="main", source="lanes-api"))

    # --- the deploy workflow (GitHub Actions, Ansible)
    def run(t0, ref, sha, number, user):
        lines = [f"Run #{number} deploy ref={ref} sha={sha} triggered by {user}",
                 f"Checking out {sha}", "ansible-playbook -i deploy/ansible/inventory deploy/ansible/site.yml -e version=" + ref,
                 "PLAY [plantrooms] **************************************************************",
                 "TASK [aquadose : install release] **********************************************"]
        lines += [f"changed: [{s}-plant]" for s in SITES]
        lines += ["TASK [aquadose : link current] *************************************************"] + [f"changed: [{s}-plant]" for s in SITES]
        lines += ["RUNNING HANDLER [aquadose : restart aquadose] **********************************"] + [f"changed: [{s}-plant]" for s in SITES]
        lines += ["PLAY RECAP *********************************************************************"]
        lines += [f"{s}-plant : ok=4 changed=3 unreachable=0 failed=0 skipped=0" for s in SITES]
        lines += [f"Job succeeded ({ref})"]
        tt = t0 - dt.timedelta(seconds=25)
        for line in lines:
            tt += dt.timedelta(milliseconds=rng.randint(200, 2600))
            deploy.add(tt, tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond:06d}0Z {line}")

    run(RELEASE_THU, "v2.8.0", shas["tests"], 212, "owen-pryce")
    run(RELEASE_SAT, "v2.8.1", shas["sat"], 215, "aisha-mensah")
    run(ROLLBACK, "v2.8.0", shas["tests"], 216, "aisha-mensah")
    run(HOTFIX, "v2.8.2", shas["hotfix"], 217, "owen-pryce")

    # --- #ops-millbrook
    users = {"gemma.hart (duty manager)": "U04GH1M2", "aisha.mensah": "U02AM7Q9", "owen.pryce": "U02OP3X5", "dave.kerr (maintenance)": "U05DK8R1",
             "lucy.ng (swim club)": "U06LN4T7", "pagerduty": "B01PD2Z0"}

    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": "ops-millbrook", "ts": f"{int(tt.timestamp())}.{tt.microsecond:06d}",
                                  "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    m = lambda minutes: onset + dt.timedelta(minutes=minutes)
    cnt = lambda tt: count_at("millbrook", tt)
    ib = lambda tt: in_building("millbrook", tt)
    say(utc("2026-03-21 07:05:00"), "gemma.hart (duty manager)", "morning. gala from 12:30 in the main pool (Millbrook Marlins v two visiting clubs), lanes 3-6 from 12:00 for warm-up, public lanes 1-2 only")
    say(utc("2026-03-21 09:02:00"), "gemma.hart (duty manager)", "09:00 DPD main 1.0 / combined 0.2, learner 1.1, spa 1.6. all good")
    say(RELEASE_SAT - dt.timedelta(minutes=3), "aisha.mensah", "deploying aquadose 2.8.1 to all sites: pH setpoint 7.3 for Millbrook main (CHEM-124), DX4 alarms in our log (CHEM-122), pymodbus 3.8.4")
    say(RELEASE_SAT + dt.timedelta(minutes=2), "aisha.mensah", "2.8.1 running everywhere, dose lines normal")
    say(utc("2026-03-21 12:02:00"), "gemma.hart (duty manager)", "12:00 DPD main 1.4, a bit high, learner 1.3. will recheck at 13:00")
    say(m(1), "pagerduty", "DX4 Millbrook CH1 A01 Free chlorine high warning (2.00 mg/l)")
    say(m(4), "gemma.hart (duty manager)", "DPD main 2.0. nobody has touched the dosing today. gala warm-up in the water, two swimmers say their eyes sting")
    say(m(9), "aisha.mensah", "looking. 2.8.1 went out at 11:20, the only chemistry change is the pH setpoint on main. dose lines say out=41 on main, usually 25-30 at this time on a Saturday")
    say(m(17), "dave.kerr (maintenance)", "runbook says probe first: Gemma's DPD agrees with the probe, so not the probe. checking the anti-siphon valve on the hypo pump")
    say(m(31), "dave.kerr (maintenance)", "anti-siphon valve OK, no siphoning, line dry when the pump stops. the pump strokes exactly what the DX4 asks, 40 %")
    say(m(38), "gemma.hart (duty manager)", "DPD main 2.3. stopping the gala after this heat, spectators stay for now")
    say(closed + dt.timedelta(minutes=1), "pagerduty", "aquadose Millbrook: basin closed main (free chlorine above closure limit 2.50)")
    say(closed + dt.timedelta(minutes=3), "gemma.hart (duty manager)", f"main pool cleared. DX4 stopped the hypo pump itself (A02). lanes-api cancelled {n_cancel} lane bookings, reception is refunding swims at the desk")
    say(closed + dt.timedelta(minutes=5), "lucy.ng (swim club)", "gala suspended. visiting clubs will wait an hour, after that they go home")
    say(closed + dt.timedelta(minutes=12), "aisha.mensah", "the runbook says roll back when it starts after a release. 2.8.1 is the only change today; rolling back to 2.8.0")
    say(ROLLBACK + dt.timedelta(minutes=3), "aisha.mensah", "2.8.0 running at every site. the DX4 alarm warnings are gone from our log (that was CHEM-122), dose lines the same")
    say(ROLLBACK + dt.timedelta(minutes=9), "gemma.hart (duty manager)", "DX4 releases the pump at 2.40 and it climbs straight back to 2.5. this isn't going away")
    say(ROLLBACK + dt.timedelta(minutes=16), "owen.pryce", f"on it. the main dose lines: p=-29, i=0, ff=75 — the whole output is the feedforward, and bathers={cnt(ROLLBACK + dt.timedelta(minutes=16))}. the centre doesn't hold that many")
    say(ROLLBACK + dt.timedelta(minutes=21), "owen.pryce", f"gatekeeper's occupancy snapshot at Millbrook: in_building={ib(ROLLBACK + dt.timedelta(minutes=20))} admitted_today={cnt(ROLLBACK + dt.timedelta(minutes=20))}. occupancy.py reads `count`, which is admissions since midnight, not in_building. that's my CHEM-120 on Thursday. it grows all day; Friday evening main closed at 1.5-1.6 in the DX4 history")
    say(ROLLBACK + dt.timedelta(minutes=24), "owen.pryce", "2.8.0 has it too (Thursday's release). Eastgate is at 1.8 and rising, same thing. turning feedforward off at every site, config hotfix 2.8.2")
    say(HOTFIX + dt.timedelta(minutes=2), "owen.pryce", "2.8.2 running, ff=0, out=0 on main until it falls back to 1.0; the PI takes over from there")
    say(reopen - dt.timedelta(minutes=4), "gemma.hart (duty manager)", "aquadose says below 2.0 for 15 min. DPD main 1.8, combined 0.2")
    say(reopen + dt.timedelta(minutes=1), "gemma.hart (duty manager)", "main pool reopened")
    say(reopen + dt.timedelta(minutes=8), "lucy.ng (swim club)", "the visiting clubs left at 15:00, we'll rerun the gala in April")
    say(utc("2026-03-21 16:33:00"), "owen.pryce", "CHEM-126 merged: bathers from in_building. feedforward stays off until it's tested against Friday's and today's counts. postmortem Tuesday")

    # --- customer care
    def ticket(tt, tid, channel, subject, body, tags):
        care.add(tt, json.dumps({"created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": tid, "channel": channel, "site": "millbrook",
                                 "subject": subject, "body": body, "tags": tags, "status": "open"}, ensure_ascii=False))

    ticket(utc("2026-03-21 08:12:00"), 88121, "web", "Locker 114 key", "Key snapped in locker 114 in the female changing.", ["facilities"])
    ticket(utc("2026-03-21 10:40:00"), 88127, "phone", "Lane booking time change", "Can I move my 18:00 lane booking on Tuesday to 19:00?", ["bookings"])
    ticket(m(22), 88133, "desk", "Eyes stinging in the main pool", "Family swim, both children complaining of stinging eyes and a strong smell of chlorine in the main pool.", ["pool-water", "complaint"])
    ticket(m(41), 88135, "web", "Strong chlorine smell", "Came out of the main pool with red eyes and a sore throat.", ["pool-water", "complaint"])
    for k in range(6):
        ticket(closed + dt.timedelta(minutes=8 + 9 * k), 88139 + k, rng.choice(["web", "phone", "desk"]), "Lane booking cancelled",
               rng.choice(["My lane booking was cancelled with no explanation, is the pool closed?", "Got a cancellation email for my lane this afternoon. Refund has come through but why?", "Booked lane swim for 16:00 and was told the pool is closed."]), ["bookings", "closure"])
    ticket(closed + dt.timedelta(minutes=27), 88146, "email", "Gala", "We drove from Kettlebrook for the gala and it was stopped after one heat.", ["gala", "complaint"])
    return (aq, dx, gk, lanes, deploy, slack, care), stats, (count_at, in_building)


def poisson_like(rng, start, end, per_minute):
    times, t = [], start
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(per_minute / 60.0))
        if t >= end:
            return times
        times.append(t)


def build(out_dir):
    rng = random.Random(99100)
    repo, shas = build_repo()
    try:
        logs, stats, (count_at, in_building) = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        closed, reopen = stats["closed"], stats["reopen_at"]
        fcl, out = stats["fcl"], stats["out"]

        def series(d):
            return lambda t: round(d[t], 3) if t in d else None

        metrics = {
            "aquadose_free_chlorine_mg_l.json": query_range([({"job": "aquadose", "site": "millbrook", "basin": "main"}, series(fcl))], START, END, 60),
            "aquadose_chlorine_pump_output_percent.json": query_range([({"job": "aquadose", "site": "millbrook", "basin": "main"}, series(out))], START, END, 60),
            "gatekeeper_in_building.json": query_range([({"job": "gatekeeper", "site": s}, (lambda t, s=s: in_building(s, t))) for s in SITES], START, END, 300),
            "gatekeeper_admitted_today.json": query_range([({"job": "gatekeeper", "site": s}, (lambda t, s=s: count_at(s, t))) for s in SITES], START, END, 300),
        }
        age = onset - utc("2026-03-19 09:41:00")
        return write_scenario(
            out_dir, name="r99-bather-feedforward-admissions", service=SERVICE, onset=onset,
            description=f"""
Millbrook's main pool is closed for high free chlorine on Saturday 21
March during a swimming gala: from {onset.strftime('%H:%M:%S')} UTC the Aquatrol DX4
warns free chlorine above 2.00 mg/l, swimmers complain of stinging eyes,
at {closed.strftime('%H:%M')} the main pool passes 2.50, the DX4 stops the hypochlorite
pump, aquadose closes the basin (NOP 4.2), lanes-api cancels {stats['cancelled']} lane
bookings and gatekeeper refuses swim entries. aquadose 2.8.1 had gone
out at 11:20; a rollback to 2.8.0 at {ROLLBACK.strftime('%H:%M')} did not help. Feedforward
was switched off at {HOTFIX.strftime('%H:%M')} and the pool reopened at {reopen.strftime('%H:%M')}.
(UK local time is UTC on this date; the DX4 logs local time.)
""",
            logs=list(logs),
            line_formats={
                "aquadose-millbrook.log": r'<Date> <Time> <Level> \[<Site>\] <Logger>: <Content>',
                "dx4-millbrook.log": r'<Date> <Time>;<Channel>;<Kind>;<Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'dose basin=.*ff=.*bathers=',
                r'bather load updated',
            ],
            fix_files=["aquadose/occupancy.py"],
            explanation=f"""
The culprit is CHEM-120 ("control: bather-load feedforward for hypochlorite
dosing"), committed on Thursday 19 March at 09:41, {age.days} d {age.seconds // 3600} h
{(age.seconds % 3600) // 60:02d} min before the onset, and shipped in Thursday's 2.8.0 (the deploy
run names a later tests commit). It adds gain x bathers to the chlorine
pump's output and takes the bathers from gatekeeper's occupancy
endpoint's `count`, which is the site's admissions since midnight, not
`in_building`. The feedforward grows all day; with the PI's integral
clamped at 0 only the P term pulls against it. On the gala Saturday the
dose lines show it: "dose basin=main fcl=2.35 ... p=-27.0 i=0.0 ff=68.2
out=41.2 bathers=1363" and "bather load updated site=millbrook
bathers=..." every minute, while gatekeeper's occupancy snapshots give
in_building of about 400 for the whole centre. The fix reads
`in_building` (aquadose/occupancy.py); switching feedforward off in the
site files ended it.
Decoys: 2.8.1, deployed at 11:20 ({round((onset - RELEASE_SAT).total_seconds() / 60)} min before the onset): CHEM-124
(main pool pH setpoint 7.2 -> 7.3, in the very site file CHEM-120
changed), CHEM-122 (logs the DX4's alarms as the very "DX4 alarm ...
CL_HIGH_WARN/CL_HIGH_STOP" warnings), a pymodbus bump; the rollback to
2.8.0 at {ROLLBACK.strftime('%H:%M')}, which still holds CHEM-120 (the alarm warnings go, the
DX4's alarms and the dose lines stay); the runbook commit that blames the
probe and the anti-siphon valve and says to roll back after a release;
CHEM-119 (acid pump cap at Riverside, a harmless change to the culprit's
control.py); CHEM-112 (Modbus read retries) and its routine "read timed
out" lines; CHEM-115 (closures to gatekeeper via lanes-api); the chemistry
docs; chores; a Riverside turnstile going offline; routine entry refusals
(anti-passback, expired memberships).
""",
        )
    finally:
        repo.close()
