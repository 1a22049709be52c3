"""sortmaster is the line control service of Greyling Recycling's Kestrel Road
materials recovery facility (MRF), which sorts the kerbside dry mixed
recycling of three councils (Mon-Thu) and commercial loads (Fri). It
compiles the optical sorters' eject recipes from `recipes/*.yaml` and pushes
them to the three Optisort OS-2400 NIR sorters over their REST API, reads
the QC scanner on the clear PET product conveyor, records the balers' bales
and syncs the weighbridge tickets. The sorters keep one recipe per input
stream in slots; sortmaster pushes a recipe when its source revision
changes, at the next planned line stop, once the shift supervisor accepts it
at the HMI.

A recipe lists, per sorter, the material rules (a material code, a minimum
fraction of the object's pixels, the valve bank that fires). The OS-2400
evaluates the rules in the order of the JSON array, first match wins; the
`priority` field is only shown on the sorter's HMI. The recipes list their
rules in priority order, so the compiled array was right: on OS-2, the
plastics sorter, PVC_REJECT (5 % PVC pixels, to the residue chute) comes
before PET_CLEAR (60 % PET pixels, to the clear PET chute), so PET bottles
in PVC shrink sleeves go to residue.

Friday 23 January 2026, 10:42 UTC: SORT-188 (Marek Nowak) makes the
compiler emit the rules sorted by material code, so the compiled JSON and
its push diff are stable after the YAML was reordered by hand twice, in the
belief that the sorter uses `priority`. OS-2's array becomes BLACK_REJECT,
PET_CLEAR, PET_TRAY, PVC_REJECT: a sleeved PET bottle now matches PET_CLEAR
first. Nothing is pushed: 2.9.0 is deployed on Friday afternoon (commercial
day, whose recipe is not changed) and 2.10.0 in Saturday's maintenance
window, and the kerbside recipe's revision stays at 40.

Monday 26 January: the line runs the kerbside recipe rev 40 from 06:00.
At 07:41 Aoife Brennan, the process engineer, raises PET_TRAY's minimum PET
fraction from 0.55 to 0.65 for the reprocessor's tray spec (rev 41), ships
it as 2.10.1 (deployed 07:55) and Dave Kerr, the shift supervisor, accepts
the push at the 08:10 break: OS-2 loads "rules in evaluation order:
BLACK_REJECT, PET_CLEAR, PET_TRAY, PVC_REJECT". From the restart at 08:20
PVC_REJECT never fires, PVC-sleeved bottles go into the clear PET, and the
QC scanner's PVC share rises from 0.2 % to 2-3 %; 2.10.0's purity check
(SORT-193, the very warning that fills the log) warns from 08:2x and PET
bales are held (SORT-190). The runbook (Friday) reads PVC in the PET as
infeed contamination or a dirty NIR window and says to revert a recipe
change or roll back a release. Dave cleans OS-2's window (no change), the
Swale load tipped at 07:40 is set aside (no change), and Marek rolls back
to 2.10.0 at 09:06 (rev 40, pushed at 09:20: compiled by the same code, no
change). Aoife compares OS-2's recipe lines: at 06:00 PVC_REJECT was first,
at 08:11 and 09:20 last, and its hit count is 0 since 08:20; the Optisort
API notes say array order; `git log` of the compiler shows SORT-188.
SORT-197 (2.10.2) orders the rules by priority; pushed at the 10:30 stop,
the PVC share falls back. The PET bales made from 08:20 are re-sorted.

Sources: sortmaster (Python logging under systemd, line format), the
sorters (syslog RFC 3164), the QC scanner (semicolon records, line format),
the balers (JSON lines), the weighbridge ticket export (line format),
GitLab deploy job traces, #kestrel-mrf-ops (Teams export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from skeletons import chores

SERVICE = "sortmaster"

marek = Person("Marek Nowak", "marek.nowak@greyling-recycling.co.uk", 0)
aoife = Person("Aoife Brennan", "aoife.brennan@greyling-recycling.co.uk", 0)
sanjay = Person("Sanjay Patel", "sanjay.patel@greyling-recycling.co.uk", 0)
callum = Person("Callum Reid", "callum.reid@greyling-recycling.co.uk", 0)
renovate = Person("renovate[bot]", "renovate@gitlab.greyling.local", 0)

COMPILER_PY = '''"""Compiles a recipe (recipes/<stream>.yaml) into the JSON the Optisort
OS-2400 takes on PUT /api/v2/recipes/<slot>: per sorter, the belt speed and
the material rules (material code, minimum pixel fraction, valve bank)."""

import hashlib
import json

import yaml

BANKS = {"residue": "B", "pet_clear": "A", "pet_tray": "A2", "hdpe": "A", "pp": "B", "paper": "A", "film": "B"}


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _rule(code, rule):
    return {
        "material": code,
        "priority": rule["priority"],
        "min_fraction": rule["min_fraction"],
        "valve_bank": BANKS[rule["eject"]],
    }


def compile_recipe(source):
    sorters = {}
    for sorter, spec in source["sorters"].items():
        rules = [_rule(code, rule) for code, rule in spec["rules"].items()]
        sorters[sorter] = {"belt_speed_mps": source["belt_speed_mps"], "slot": source["slot"], "rules": rules}
    return {"name": source["name"], "rev": source["rev"], "sorters": sorters}


def digest(compiled):
    return hashlib.sha256(json.dumps(compiled, sort_keys=True).encode()).hexdigest()[:12]
'''

PUSH_PY = '''"""Pushes compiled recipes to the sorters when a recipe's source revision is
newer than the one in the sorter's slot, at the next planned stop, once the
shift supervisor has accepted it on the HMI."""

import logging

import httpx

from sortmaster.recipes import compiler

log = logging.getLogger("sortmaster.recipes.push")


def push(sorters, compiled):
    for name, recipe in compiled["sorters"].items():
        url = f"{sorters[name]}/api/v2/recipes/{recipe['slot']}"
        body = {"name": compiled["name"], "rev": compiled["rev"], **recipe}
        httpx.put(url, json=body, timeout=10).raise_for_status()
        log.info("pushed recipe %s rev %s to %s slot %s: rules %s (priorities %s)",
                 compiled["name"], compiled["rev"], name, recipe["slot"],
                 ",".join(r["material"] for r in recipe["rules"]),
                 ",".join(str(r["priority"]) for r in recipe["rules"]))
'''

PURITY_PY = '''"""Reads the QC scanner on the clear PET product conveyor (one record a
minute: purity and the share of each material, by object count)."""

import collections
import logging

log = logging.getLogger("sortmaster.purity")
WINDOW = collections.deque(maxlen=10)


def record(sample):
    WINDOW.append(sample)
'''

PURITY_PY_193 = '''"""Reads the QC scanner on the clear PET product conveyor (one record a
minute: purity and the share of each material, by object count) and warns
when the last ten minutes are below the reprocessor's spec (SORT-193)."""

import collections
import logging

log = logging.getLogger("sortmaster.purity")
WINDOW = collections.deque(maxlen=10)
TARGET_PURITY = 97.0
MAX_PVC = 1.0


def record(sample):
    WINDOW.append(sample)
    if len(WINDOW) < WINDOW.maxlen:
        return
    purity = sum(s["purity"] for s in WINDOW) / len(WINDOW)
    pvc = sum(s["PVC"] for s in WINDOW) / len(WINDOW)
    if purity < TARGET_PURITY or pvc > MAX_PVC:
        log.warning("PET clear purity below target: %.1f%% (target %.1f%%), PVC %.2f%% (max %.1f%%) over 10 min",
                    purity, TARGET_PURITY, pvc, MAX_PVC)
'''

KERBSIDE = """# Kerbside dry mixed recycling (Swale, Maidstone, Medway), Mon-Thu.
# Rules are listed in priority order (1 first).
name: kerbside
rev: 39
slot: 1
belt_speed_mps: 2.6
sorters:
  OS-1:   # fibre: paper to the paper line, film to residue
    rules:
      FILM_REJECT: {priority: 1, min_fraction: 0.40, eject: film}
      PAPER: {priority: 2, min_fraction: 0.70, eject: paper}
  OS-2:   # plastics after the ballistic separator: PET out, the rest on to OS-3
    rules:
      PVC_REJECT: {priority: 1, min_fraction: 0.05, eject: residue}
      BLACK_REJECT: {priority: 2, min_fraction: 0.50, eject: residue}
      PET_CLEAR: {priority: 3, min_fraction: 0.60, eject: pet_clear}
      PET_TRAY: {priority: 4, min_fraction: 0.55, eject: pet_tray}
  OS-3:   # polyolefins
    rules:
      HDPE: {priority: 1, min_fraction: 0.60, eject: hdpe}
      PP: {priority: 2, min_fraction: 0.60, eject: pp}
"""

COMMERCIAL = """# Commercial (C&I) dry mixed, Fridays: mostly OCC and film.
name: commercial
rev: 17
slot: 2
belt_speed_mps: 2.4
sorters:
  OS-1:
    rules:
      FILM_REJECT: {priority: 1, min_fraction: 0.30, eject: film}
      PAPER: {priority: 2, min_fraction: 0.60, eject: paper}
  OS-2:
    rules:
      PET_CLEAR: {priority: 1, min_fraction: 0.60, eject: pet_clear}
  OS-3:
    rules:
      HDPE: {priority: 1, min_fraction: 0.60, eject: hdpe}
"""

RUNBOOK = """# sortmaster runbook

Owner: MRF systems (#kestrel-mrf-ops). Sorter support: Optisort service desk.

## Recipe push

sortmaster pushes a recipe when its revision in `recipes/` changes. The
push waits for the next planned stop and the supervisor's OK on the HMI.

## Weighbridge sync

Tickets come from the weighbridge PC's export every minute. A gap of more
than 10 minutes during opening hours pages MRF systems.
"""

RUNBOOK_PURITY = """
## PetPurityLow

The QC scanner's clear PET purity is below the reprocessor's spec (97 %)
or PVC above 1 % over ten minutes. PET bales made meanwhile are held.

- PVC in the PET is almost always the infeed: a council load with a lot of
  sleeved bottles, or a contaminated load. Check the weighbridge for the
  last loads tipped and have the loader set the suspect pile aside.
- A dirty NIR window on OS-2 lets PVC through: stop, clean the window, check
  the contamination index on the sorter's HMI (below 0.10).
- Right after a recipe change: revert the recipe change. Right after a
  sortmaster release: roll back to the previous release (GitLab, deploy job).
"""

GITLAB_CI = """stages: [test, deploy]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

deploy:prod:
  stage: deploy
  when: manual
  script:
    - ansible-playbook -i deploy/inventory.yml deploy/site.yml -e sortmaster_ref=$CI_COMMIT_SHA
"""


def base_files():
    return {
        "pyproject.toml": """[project]
name = "sortmaster"
version = "0.0.0"
requires-python = ">=3.12"
dependencies = ["httpx==0.27.0", "pyyaml==6.0.1", "pyserial==3.5", "sdnotify==0.3.2"]

[project.optional-dependencies]
test = ["pytest==8.3.3", "respx==0.21.1"]
""",
        "README.md": "# sortmaster\n\nLine control for the Kestrel Road MRF: sorter recipes, the QC scanner,\nbales and weighbridge tickets. Runs under systemd on mrf-ops-01; deployed\nby the GitLab job `deploy:prod` (Ansible).\n\nSee `docs/runbook.md`.\n",
        "sortmaster/__init__.py": '__version__ = "2.8.2"\n',
        "sortmaster/main.py": '"""Entry point: polls the sorters and the QC scanner, watches recipes/,\nsyncs bales and weighbridge tickets."""\n\nimport logging\n\nimport sdnotify\n\nfrom sortmaster import __version__\n\nlog = logging.getLogger("sortmaster.main")\n\n\ndef main():\n    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")\n    log.info("sortmaster %s starting", __version__)\n    sdnotify.SystemdNotifier().notify("READY=1")\n',
        "sortmaster/recipes/__init__.py": "",
        "sortmaster/recipes/compiler.py": COMPILER_PY,
        "sortmaster/recipes/push.py": PUSH_PY,
        "sortmaster/purity.py": PURITY_PY,
        "sortmaster/bales.py": '"""Bales from the balers\' HMI export: grade, weight, wires; a bale record\nper bale, its ticket printed at the baler."""\n\nimport logging\n\nlog = logging.getLogger("sortmaster.bales")\n\n\ndef record(bale):\n    log.info("bale %s %s %d kg", bale["bale_id"], bale["grade"], bale["kg"])\n',
        "sortmaster/weighbridge.py": '"""Tickets from the weighbridge PC\'s export (one file a minute)."""\n\nimport logging\n\nlog = logging.getLogger("sortmaster.weighbridge")\n\n\ndef sync(tickets):\n    for t in tickets:\n        log.info("ticket %s %s %s net %d kg", t["no"], t["dir"], t["customer"], t["net"])\n',
        "recipes/kerbside.yaml": KERBSIDE,
        "recipes/commercial.yaml": COMMERCIAL,
        "config/site.yaml": "sorters:\n  OS-1: http://10.30.2.11\n  OS-2: http://10.30.2.12\n  OS-3: http://10.30.2.13\nqc_scanner: tcp://10.30.2.21:5020\nweighbridge_export: /srv/weighbridge/export\nplanned_stops: ['08:10', '10:30', '12:30', '15:10']\n",
        "deploy/inventory.yml": "all:\n  hosts:\n    mrf-ops-01.kestrel.greyling.local:\n  vars:\n    sortmaster_version: 2.8.2\n",
        "deploy/site.yml": "- hosts: all\n  become: true\n  roles:\n    - sortmaster\n",
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "docs/optisort-api.md": "# Optisort OS-2400 REST API (v2), notes\n\n- `PUT /api/v2/recipes/<slot>`: belt speed and the rules; the sorter\n  answers 204 and loads the slot at the next line start or restart.\n- `GET /api/v2/status`: belt, throughput, air, window contamination.\n- Rules are evaluated in list order; the first rule whose material and\n  minimum fraction match fires its valve bank. `priority` is shown on the\n  HMI.\n",
        "tests/__init__.py": "",
        "tests/test_compiler.py": 'from sortmaster.recipes import compiler\n\n\ndef test_kerbside_compiles():\n    c = compiler.compile_recipe(compiler.load("recipes/kerbside.yaml"))\n    assert set(c["sorters"]) == {"OS-1", "OS-2", "OS-3"}\n    assert c["sorters"]["OS-2"]["rules"][0]["valve_bank"] in {"A", "A2", "B"}\n',
        "CHANGELOG.md": "# Changelog\n\n## 2.8.2\n\n- Weighbridge export read with the PC's code page.\n",
        ".gitignore": "__pycache__/\n*.egg-info/\n.venv/\n",
    }


def release(repo, when, who, version, prev, notes):
    return repo.commit(when, who, f"release {version}", {
        "sortmaster/__init__.py": repo.edit("sortmaster/__init__.py", f'"{prev}"', f'"{version}"'),
        "deploy/inventory.yml": repo.edit("deploy/inventory.yml", f"sortmaster_version: {prev}", f"sortmaster_version: {version}"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", f"# Changelog\n\n## {version}\n\n" + "".join(f"- {n}\n" for n in notes)),
    })


def build_repo():
    repo = Repo()
    shas = {}
    repo.schedule(chores(random.Random(11211), SERVICE, [sanjay, callum, marek], utc("2026-01-16 09:30:00"), utc("2026-01-23 09:00:00"), 4))
    repo.commit(utc("2026-01-15 10:05:00"), callum, "sortmaster: recipes, QC scanner, bales and weighbridge sync for Kestrel Road", base_files())
    repo.commit(utc("2026-01-16 14:22:00"), sanjay, "weighbridge: read the export with cp1252 (the PC's code page)", {
        "sortmaster/weighbridge.py": repo.edit("sortmaster/weighbridge.py", '"""Tickets from the weighbridge PC\'s export (one file a minute)."""', '"""Tickets from the weighbridge PC\'s export (one file a minute, cp1252)."""'),
    })
    repo.commit(utc("2026-01-19 11:48:00"), aoife, "recipes: kerbside rev 40, belt 2.8 m/s for the winter tonnage", {
        "recipes/kerbside.yaml": repo.edit("recipes/kerbside.yaml", "rev: 39", "rev: 40").replace("belt_speed_mps: 2.6", "belt_speed_mps: 2.8"),
    })
    shas["rel_283"] = release(repo, utc("2026-01-20 15:30:00"), sanjay, "2.8.3", "2.8.2", ["kerbside rev 40."])
    repo.commit(utc("2026-01-21 10:14:00"), marek, "docs: the OS-2400 logs the rules of the slot it loads", {
        "docs/optisort-api.md": repo.files["docs/optisort-api.md"] + "- The sorter logs the rules of a slot it loads, in evaluation order.\n",
    })
    shas["culprit"] = repo.commit(utc("2026-01-23 10:42:00"), marek, "recipes: emit rules sorted by material code (SORT-188)\n\nThe kerbside YAML was reordered by hand twice this month and each push\ndiff showed every rule as changed. Emit the rules in a stable order;\neach rule carries its priority, which is what the sorter goes by.", {
        "sortmaster/recipes/compiler.py": repo.edit("sortmaster/recipes/compiler.py",
            '        rules = [_rule(code, rule) for code, rule in spec["rules"].items()]\n',
            '        # a stable order, so the compiled JSON and the push diff do not depend on\n        # how the YAML happens to be ordered; each rule carries its priority\n        rules = [_rule(code, spec["rules"][code]) for code in sorted(spec["rules"])]\n'),
        "tests/test_compiler.py": repo.files["tests/test_compiler.py"] + '\n\ndef test_rules_are_in_a_stable_order():\n    c = compiler.compile_recipe(compiler.load("recipes/kerbside.yaml"))\n    codes = [r["material"] for r in c["sorters"]["OS-2"]["rules"]]\n    assert codes == sorted(codes)\n',
    })
    repo.commit(utc("2026-01-23 13:15:00"), sanjay, "compiler: reject a recipe whose min_fraction is outside 0-1 (SORT-191)", {
        "sortmaster/recipes/compiler.py": repo.edit("sortmaster/recipes/compiler.py",
            'def _rule(code, rule):\n    return {',
            'def _rule(code, rule):\n    if not 0.0 < rule["min_fraction"] <= 1.0:\n        raise ValueError(f"{code}: min_fraction {rule[\'min_fraction\']} outside 0-1")\n    return {'),
    })
    shas["rel_290"] = release(repo, utc("2026-01-23 14:05:00"), marek, "2.9.0", "2.8.3", ["Recipe rules in a stable order (SORT-188).", "min_fraction validated (SORT-191)."])
    repo.commit(utc("2026-01-23 15:32:00"), callum, "runbook: PetPurityLow", {"docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_PURITY})
    repo.commit(utc("2026-01-23 16:10:00"), sanjay, "purity: warn when the clear PET is below the reprocessor's spec over 10 min (SORT-193)", {
        "sortmaster/purity.py": PURITY_PY_193,
    })
    repo.commit(utc("2026-01-23 16:41:00"), callum, "bales: hold PET bales made while the QC purity is below target (SORT-190)", {
        "sortmaster/bales.py": repo.files["sortmaster/bales.py"] + '\n\ndef hold_if_off_spec(bale, purity_ok):\n    if bale["grade"].startswith("PET") and not purity_ok:\n        log.warning("bale %s %s held: QC purity below target at bale time", bale["bale_id"], bale["grade"])\n        return True\n    return False\n',
    })
    shas["rel_2100"] = release(repo, utc("2026-01-23 17:05:00"), sanjay, "2.10.0", "2.9.0", ["PET purity warning (SORT-193).", "PET bales held when off spec (SORT-190)."])
    repo.commit(utc("2026-01-24 05:12:00"), renovate, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    shas["rev41"] = repo.commit(utc("2026-01-26 07:41:00"), aoife, "recipes: kerbside rev 41, PET_TRAY min PET fraction 0.55 -> 0.65\n\nRevolve's tray spec from February: trays with less than 65 % PET\n(multilayer lids) go to residue, not to the tray bale.", {
        "recipes/kerbside.yaml": repo.edit("recipes/kerbside.yaml", "rev: 40", "rev: 41").replace("PET_TRAY: {priority: 4, min_fraction: 0.55", "PET_TRAY: {priority: 4, min_fraction: 0.65"),
    })
    shas["rel_2101"] = release(repo, utc("2026-01-26 07:49:00"), aoife, "2.10.1", "2.10.0", ["kerbside rev 41 (PET_TRAY 0.65)."])
    shas["rollback"] = repo.commit(utc("2026-01-26 09:05:00"), marek, "deploy: pin sortmaster 2.10.0 (rollback of 2.10.1, INC-0412)", {
        "deploy/inventory.yml": repo.edit("deploy/inventory.yml", "sortmaster_version: 2.10.1", "sortmaster_version: 2.10.0"),
    })
    shas["fix"] = repo.commit(utc("2026-01-26 10:01:00"), marek, "recipes: emit rules in priority order, the sorter evaluates the list in order (SORT-197, INC-0412)\n\nSORT-188 sorted the rules by material code. The OS-2400 ignores\n`priority` (HMI only) and takes the first rule in the list that\nmatches, so on OS-2 PET_CLEAR came before PVC_REJECT and PVC-sleeved\nbottles went into the clear PET from the first push, rev 41 on Monday.", {
        "sortmaster/recipes/compiler.py": repo.edit("sortmaster/recipes/compiler.py",
            '        # a stable order, so the compiled JSON and the push diff do not depend on\n        # how the YAML happens to be ordered; each rule carries its priority\n        rules = [_rule(code, spec["rules"][code]) for code in sorted(spec["rules"])]\n',
            '        # the OS-2400 evaluates the list in order, first match wins; priority\n        # is only shown on the HMI (docs/optisort-api.md), so order by it\n        rules = sorted((_rule(code, rule) for code, rule in spec["rules"].items()), key=lambda r: (r["priority"], r["material"]))\n'),
        "tests/test_compiler.py": repo.edit("tests/test_compiler.py", 'def test_rules_are_in_a_stable_order():\n    c = compiler.compile_recipe(compiler.load("recipes/kerbside.yaml"))\n    codes = [r["material"] for r in c["sorters"]["OS-2"]["rules"]]\n    assert codes == sorted(codes)\n',
            'def test_rules_are_in_priority_order():\n    c = compiler.compile_recipe(compiler.load("recipes/kerbside.yaml"))\n    assert [r["material"] for r in c["sorters"]["OS-2"]["rules"]][:2] == ["PVC_REJECT", "BLACK_REJECT"]\n'),
    })
    repo.commit(utc("2026-01-26 10:06:00"), marek, "deploy: unpin", {
        "deploy/inventory.yml": repo.edit("deploy/inventory.yml", "sortmaster_version: 2.10.0", "sortmaster_version: 2.10.1"),
    })
    shas["rel_2102"] = release(repo, utc("2026-01-26 10:08:00"), marek, "2.10.2", "2.10.1", ["Rules in priority order (SORT-197, INC-0412)."])
    return repo, shas


# ---------------------------------------------------------------------------
# Monday

def U(text):
    return utc(f"2026-01-26 {text}" if text.count(":") == 2 else f"2026-01-26 {text}:00")


START, END = U("06:00:00"), U("11:15:00")
GOOD = ["PVC_REJECT", "BLACK_REJECT", "PET_CLEAR", "PET_TRAY"]
BAD = ["BLACK_REJECT", "PET_CLEAR", "PET_TRAY", "PVC_REJECT"]
PUSH1, RESTART1 = U("08:11:40"), U("08:20:05")
CLEAN_STOP, CLEAN_RESTART = U("08:44:10"), U("08:52:30")
PUSH2, RESTART2 = U("09:20:30"), U("09:24:50")
PUSH3, RESTART3 = U("10:31:10"), U("10:36:20")
BREAK1 = (U("08:10:00"), RESTART1)
STOPS = [BREAK1, (CLEAN_STOP, CLEAN_RESTART), (U("09:18:40"), RESTART2), (U("10:30:00"), RESTART3)]


def running(t):
    return START + dt.timedelta(seconds=30) <= t and not any(a <= t < b for a, b in STOPS)


def bad_order(t):
    return RESTART1 <= t < RESTART3


def build_logs(rng, shas):
    app = Log("sortmaster.log")
    sorters = Log("optisort.log")
    qc = Log("qc-pet-scanner.log")
    balers = Log("balers.log")
    wb = Log("weighbridge.log")
    ci = Log("gitlab-deploy.log")
    chat = Log("teams-kestrel-mrf-ops.log")
    stats = {"first_alarm": None, "first_warning": None, "warnings": 0, "held": 0}

    def A(t, level, logger, msg):
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} [{logger}] {msg}")

    pids = {"os-1": 1184, "os-2": 1191, "os-3": 1177}

    def S(t, host, msg, tag="osd"):
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        sorters.add(t, f"{stamp} {host} {tag}[{pids[host]}]: {msg}")

    # --- deploys --------------------------------------------------------------------------------
    def J(t, text):
        ci.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def deploy(t, job, who, ref, sha, version):
        J(t, f"Running with gitlab-runner 17.7.0 (3153ccc6) on mrf-runner-01 ({job})")
        J(t + dt.timedelta(seconds=1), f"Job deploy:prod triggered by {who} for {ref} ({sha[:8]})")
        J(t + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is {ref})...")
        J(t + dt.timedelta(seconds=6), f"$ ansible-playbook -i deploy/inventory.yml deploy/site.yml -e sortmaster_ref={sha}")
        J(t + dt.timedelta(seconds=9), "PLAY [all] *********************************************************************")
        J(t + dt.timedelta(seconds=21), f"TASK [sortmaster : install sortmaster {version}] changed: [mrf-ops-01.kestrel.greyling.local]")
        J(t + dt.timedelta(seconds=38), "TASK [sortmaster : restart sortmaster] changed: [mrf-ops-01.kestrel.greyling.local]")
        J(t + dt.timedelta(seconds=40), "PLAY RECAP *********************************************************************")
        J(t + dt.timedelta(seconds=40), "mrf-ops-01.kestrel.greyling.local : ok=8    changed=2    unreachable=0    failed=0    skipped=1")
        J(t + dt.timedelta(seconds=41), "Job succeeded")
        return t + dt.timedelta(seconds=38)

    deploy(utc("2026-01-23 14:19:12"), 2207, "Marek Nowak", "v2.9.0", shas["rel_290"], "2.9.0")
    deploy(utc("2026-01-24 07:00:04"), 2214, "Scheduled pipeline (Saturday maintenance window)", "v2.10.0", shas["rel_2100"], "2.10.0")
    r1 = deploy(U("07:54:31"), 2231, "Aoife Brennan", "v2.10.1", shas["rel_2101"], "2.10.1")
    r2 = deploy(U("09:06:02"), 2236, "Marek Nowak", "v2.10.0", shas["rel_2100"], "2.10.0")
    r3 = deploy(U("10:11:48"), 2240, "Marek Nowak", "v2.10.2", shas["rel_2102"], "2.10.2")

    def start_app(t, version, sha, rev, slot_rev):
        A(t, "INFO", "sortmaster.main", f"sortmaster {version} starting (rev {sha[:8]})")
        A(t + dt.timedelta(milliseconds=420), "INFO", "sortmaster.recipes", "recipe commercial rev 17 compiled, slot 2 has rev 17: nothing to push")
        A(t + dt.timedelta(milliseconds=430), "INFO", "sortmaster.recipes", f"recipe kerbside rev {rev} compiled, slot 1 has rev {slot_rev}: push pending until the next planned stop")
        A(t + dt.timedelta(milliseconds=900), "INFO", "sortmaster.main", "connected: OS-1 OS-2 OS-3, QC scanner 10.30.2.21:5020, weighbridge export /srv/weighbridge/export")

    start_app(r1 + dt.timedelta(seconds=2), "2.10.1", shas["rel_2101"], 41, 40)
    start_app(r2 + dt.timedelta(seconds=2), "2.10.0", shas["rel_2100"], 40, 41)
    start_app(r3 + dt.timedelta(seconds=2), "2.10.2", shas["rel_2102"], 41, 40)

    def push(t, rev, order):
        A(t - dt.timedelta(seconds=14), "INFO", "sortmaster.recipes.push", f"planned stop: supervisor d.kerr accepted recipe kerbside rev {rev} on HMI-1")
        pr = {"PVC_REJECT": 1, "BLACK_REJECT": 2, "PET_CLEAR": 3, "PET_TRAY": 4}
        for i, (host, rules) in enumerate((("OS-1", ["FILM_REJECT", "PAPER"]), ("OS-2", order), ("OS-3", ["HDPE", "PP"]))):
            x = t + dt.timedelta(seconds=i * 1.3 + rng.uniform(0, 0.4))
            prios = ",".join(str(pr[r]) for r in rules) if host == "OS-2" else "1,2"
            A(x, "INFO", "sortmaster.recipes.push", f"pushed recipe kerbside rev {rev} to {host} slot 1: rules {','.join(rules)} (priorities {prios})")
            h = host.lower()
            S(x + dt.timedelta(seconds=0.3), h, f"api: PUT /api/v2/recipes/1 from 10.30.2.5 -> 204")
            S(x + dt.timedelta(seconds=0.5), h, f"recipe 'kerbside' rev {rev} stored in slot 1, loads at next start")

    def line_start(t, rev, order):
        for host, rules in (("os-1", ["FILM_REJECT", "PAPER"]), ("os-2", order), ("os-3", ["HDPE", "PP"])):
            x = t + dt.timedelta(seconds=rng.uniform(0.5, 2.0))
            S(x, host, "line start: belt 2.80 m/s, air 6.9 bar")
            S(x + dt.timedelta(seconds=0.2), host, f"recipe 'kerbside' rev {rev} active (slot 1), rules in evaluation order: {', '.join(rules)}")

    def line_stop(t, reason):
        for host in ("os-1", "os-2", "os-3"):
            S(t + dt.timedelta(seconds=rng.uniform(0.5, 2.0)), host, f"line stop: {reason}")

    line_start(START, 40, GOOD)
    push(PUSH1, 41, BAD)
    push(PUSH2, 40, BAD)
    push(PUSH3, 41, GOOD)
    line_stop(U("08:10:00"), "planned stop (HMI-1)")
    line_start(RESTART1, 41, BAD)
    line_stop(CLEAN_STOP, "stop by operator (HMI-1)")
    S(U("08:47:31"), "os-2", "NIR window cleaned: contamination index 0.14 -> 0.03")
    line_start(CLEAN_RESTART, 41, BAD)
    line_stop(U("09:18:40"), "stop by operator (HMI-1)")
    line_start(RESTART2, 40, BAD)
    line_stop(U("10:30:00"), "planned stop (HMI-1)")
    line_start(RESTART3, 41, GOOD)

    # --- sorter minute stats, QC scanner, purity warnings ---------------------------------------
    window = []
    held_until = None
    t = START + dt.timedelta(minutes=1)
    purity_state = {"ok": True}
    cont = 0.05
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(0, 0.8))
        if running(t) and running(t - dt.timedelta(seconds=55)):
            tph = rng.gauss(22.4, 1.1)
            bad = bad_order(t)
            cont = min(0.2, cont + rng.uniform(0.0, 0.001)) if t < U("08:47") or t > U("08:52") else 0.03
            S(tt, "os-1", f"stats 60s: belt 2.80 m/s, objects {int(tph * 640)}, eject rate {rng.randint(38, 52)}/s, air 6.{rng.randint(7, 9)} bar, window index {rng.uniform(0.04, 0.09):.2f}")
            S(tt + dt.timedelta(milliseconds=40), "os-1", f"rule hits 60s: FILM_REJECT={rng.randint(240, 330)} PAPER={rng.randint(1900, 2300)}")
            S(tt + dt.timedelta(milliseconds=200), "os-2", f"stats 60s: belt 2.80 m/s, objects {int(tph * 260)}, eject rate {rng.randint(30, 41)}/s, air 6.{rng.randint(7, 9)} bar, window index {cont:.2f}")
            hits = {"PVC_REJECT": 0 if bad else rng.randint(16, 31), "BLACK_REJECT": rng.randint(60, 90),
                    "PET_CLEAR": rng.randint(1180, 1390) + (rng.randint(16, 30) if bad else 0), "PET_TRAY": rng.randint(330, 420) - (rng.randint(30, 60) if t > RESTART1 else 0)}
            order = BAD if bad else GOOD
            S(tt + dt.timedelta(milliseconds=230), "os-2", "rule hits 60s: " + " ".join(f"{k}={hits[k]}" for k in order))
            S(tt + dt.timedelta(milliseconds=400), "os-3", f"stats 60s: belt 2.80 m/s, objects {int(tph * 150)}, eject rate {rng.randint(14, 22)}/s, air 6.{rng.randint(7, 9)} bar, window index {rng.uniform(0.03, 0.08):.2f}")
            S(tt + dt.timedelta(milliseconds=430), "os-3", f"rule hits 60s: HDPE={rng.randint(420, 510)} PP={rng.randint(350, 440)}")
            # QC scanner on the clear PET product conveyor (lags the sorter by a minute)
            lag = t - dt.timedelta(minutes=1)
            pvc = rng.uniform(1.9, 3.3) if bad_order(lag) and running(lag) else rng.uniform(0.08, 0.35)
            tray = rng.uniform(0.8, 1.6)
            other = rng.uniform(0.6, 1.3)
            purity = 100 - pvc - tray - other
            objs = hits["PET_CLEAR"] - rng.randint(5, 30)
            q = t + dt.timedelta(seconds=2, milliseconds=rng.randint(0, 300))
            qc.add(q, f"{q.strftime('%Y-%m-%dT%H:%M:%S')}Z;QC-PET;objects={objs};PET_CLEAR={purity:.2f};PET_TRAY={tray:.2f};PVC={pvc:.2f};OTHER={other:.2f};belt=1.9")
            if pvc > 1.5 and rng.random() < 0.9:
                if stats["first_alarm"] is None:
                    stats["first_alarm"] = q + dt.timedelta(milliseconds=3)
                qc.add(q + dt.timedelta(milliseconds=3), f"{q.strftime('%Y-%m-%dT%H:%M:%S')}Z;QC-PET;alarm PVC share above limit 1.50 (PVC={pvc:.2f})")
            window.append((purity, pvc))
            window[:] = window[-10:]
            if len(window) == 10:
                mp = sum(w[0] for w in window) / 10
                mv = sum(w[1] for w in window) / 10
                A(q + dt.timedelta(milliseconds=80), "INFO", "sortmaster.purity", f"QC-PET 10 min: purity {mp:.1f}%, PVC {mv:.2f}%")
                if mp < 97.0 or mv > 1.0:
                    purity_state["ok"] = False
                    stats["warnings"] += 1
                    if stats["first_warning"] is None:
                        stats["first_warning"] = q + dt.timedelta(milliseconds=81)
                    A(q + dt.timedelta(milliseconds=81), "WARNING", "sortmaster.purity",
                      f"PET clear purity below target: {mp:.1f}% (target 97.0%), PVC {mv:.2f}% (max 1.0%) over 10 min")
                else:
                    purity_state["ok"] = True
        else:
            if not running(t):
                window.clear()
            S(tt, "os-2", "idle: belt stopped, air 7.0 bar")
        if t.minute % 5 == 0 and t.second < 60:
            for host in ("os-1", "os-2", "os-3"):
                S(tt + dt.timedelta(seconds=rng.uniform(1, 3)), host, f"ntp: offset {rng.uniform(-4, 4):.1f} ms to 10.30.0.1", tag="chronyd")
        A(tt + dt.timedelta(milliseconds=rng.randint(500, 900)), "INFO", "sortmaster.sorters", f"polled OS-1 OS-2 OS-3: {'running' if running(t) else 'stopped'}, air min 6.{rng.randint(7, 9)} bar")
        t += dt.timedelta(minutes=1)

    # --- bales ------------------------------------------------------------------------------------
    grades = [("PET_CLEAR", "BL-1", 7.5, 300), ("PET_TRAY", "BL-1", 19, 280), ("HDPE", "BL-1", 11, 330), ("PP", "BL-1", 14, 310),
              ("PAPER", "BL-2", 2.4, 780), ("OCC", "BL-2", 9, 620), ("CANS_AL", "BL-3", 21, 240), ("CANS_FE", "BL-3", 13, 390)]
    seq = {"BL-1": 4112, "BL-2": 9021, "BL-3": 2307}
    made = []
    for grade, baler, every, kg in grades:
        t = START + dt.timedelta(minutes=rng.uniform(3, every))
        while t < END:
            if running(t):
                made.append((t, grade, baler, kg))
            t += dt.timedelta(minutes=rng.uniform(every * 0.8, every * 1.25))
    for t, grade, baler, kg in sorted(made):
            if True:
                seq[baler] += 1
                bid = f"{baler[-1]}{seq[baler]:06d}"
                w = int(rng.gauss(kg, kg * 0.04))
                rec = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "baler": baler, "event": "bale_complete",
                       "bale_id": bid, "grade": grade, "kg": w, "wires": 5 if w > 500 else 4, "ram_cycles": rng.randint(9, 16)}
                balers.add(t, json.dumps(rec))
                A(t + dt.timedelta(seconds=2), "INFO", "sortmaster.bales", f"bale {bid} {grade} {w} kg")
                if grade.startswith("PET") and bad_order(t - dt.timedelta(minutes=12)) and t > U("08:33"):
                    stats["held"] += 1
                    A(t + dt.timedelta(seconds=2, milliseconds=5), "WARNING", "sortmaster.bales", f"bale {bid} {grade} held: QC purity below target at bale time")
    for t in poisson_times(rng, START, END, 0.05):
        balers.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "baler": rng.choice(["BL-1", "BL-2"]),
                                  "event": "wire_feed_warning", "detail": "wire tension low on needle " + str(rng.randint(1, 5))}))

    # --- weighbridge ------------------------------------------------------------------------------
    def W(t, text):
        wb.add(t, f"{t.strftime('%d/%m/%Y %H:%M:%S')}|{text}")

    ticket = 104220
    customers = [("Swale BC", "Kerbside dry mixed"), ("Maidstone BC", "Kerbside dry mixed"), ("Medway Council", "Kerbside dry mixed")]
    plates = ["GN71 KXR", "GK19 LVT", "GY68 PZA", "GN22 WOU", "GJ70 BHE", "GK73 RRA", "GY21 TFN", "GN20 CXD", "GV69 NNB", "GK24 HMO"]
    t = U("05:48:00")
    suspect = None
    while t < END:
        ticket += 1
        cust, prod = rng.choice(customers)
        plate = rng.choice(plates)
        gross = rng.randint(20500, 26200)
        tare = rng.randint(11200, 12400)
        if suspect is None and t > U("07:25") and cust == "Swale BC":
            suspect = (t, plate, ticket)
        W(t, f"T-{ticket}|IN|{plate}|{cust}|{prod}|gross {gross}|first weigh")
        t2 = t + dt.timedelta(minutes=rng.uniform(9, 16))
        W(t2, f"T-{ticket}|OUT|{plate}|{cust}|{prod}|tare {tare}|net {gross - tare}|bay {rng.randint(1, 3)}")
        A(t2 + dt.timedelta(seconds=rng.uniform(20, 60)), "INFO", "sortmaster.weighbridge", f"ticket T-{ticket} IN {cust} net {gross - tare} kg")
        t += dt.timedelta(minutes=rng.uniform(4, 11))
    for hm, haul, grade, n in (("07:12:00", "Revolve Polymers", "PET_CLEAR bales", 58), ("09:40:00", "Nordic Fibre", "PAPER bales", 30), ("10:52:00", "Revolve Polymers", "PET_TRAY bales", 62)):
        ticket += 1
        x = U(hm)
        W(x, f"T-{ticket}|OUT-LOAD|GX17 ARV|{haul}|{grade}|tare 14120|first weigh")
        W(x + dt.timedelta(minutes=38), f"T-{ticket}|OUT-LOAD|GX17 ARV|{haul}|{grade}|gross {14120 + n * 300}|net {n * 300}|bales {n}")

    # --- Teams ------------------------------------------------------------------------------------
    def say(hm, who, text):
        x = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        chat.add(x, json.dumps({"createdDateTime": x.strftime("%Y-%m-%dT%H:%M:%S.") + f"{x.microsecond // 1000:03d}Z",
                                "channel": "kestrel-mrf-ops", "from": who, "body": text}, ensure_ascii=False))

    ow = stats["first_warning"]
    say("06:04", "Dave Kerr", "line running 06:00, kerbside. 14 loads booked before 10:00")
    say("07:44", "Aoife Brennan", "kerbside rev 41 merged: PET_TRAY min PET 0.65 for Revolve's tray spec from Feb. releasing 2.10.1, push at the 08:10 break please Dave")
    say("07:58", "Aoife Brennan", "2.10.1 deployed, sortmaster shows rev 41 pending")
    say("08:13", "Dave Kerr", "accepted rev 41 on HMI-1 at the break, restart 08:20")
    say(ow.strftime("%H:%M"), "Alerts (Grafana)", "[FIRING] PetPurityLow: QC-PET purity 96.6 %, PVC 1.2 % over 10 min")
    say("08:36", "Dave Kerr", "QC-PET alarming PVC since about 08:22. lots of sleeved bottles on the PET picking cabin belt. pickers can't keep up")
    say("08:39", "Callum Reid", "runbook says infeed or dirty window on OS-2. Dave can you stop and clean the OS-2 window? I'll check the weighbridge")
    say("08:53", "Dave Kerr", "OS-2 window cleaned 08:47, index was 0.14 (bit high but under 0.2). restarted 08:52")
    say("08:58", "Callum Reid", f"last Swale load T-{suspect[2]} ({suspect[1]}) tipped around {(suspect[0] + dt.timedelta(minutes=12)).strftime('%H:%M')}. loader has put what's left of that pile aside")
    say("09:03", "Dave Kerr", "no better after the clean. PVC 2-3 % on QC-PET. holding the PET bales")
    say("09:04", "Marek Nowak", "it started right after the rev 41 push. runbook: revert the recipe change -> rolling back to 2.10.0 (rev 40), push at a stop")
    say("09:21", "Dave Kerr", "rev 40 pushed 09:20, restarted 09:24")
    say("09:37", "Dave Kerr", "still PVC 2.5 % with rev 40. and the Swale pile is out of the feed")
    say("09:44", "Aoife Brennan", "OS-2 rule hits: PVC_REJECT=0 every minute since 08:20, it was ~20/min this morning. and OS-2's recipe line at 06:00 says 'rules in evaluation order: PVC_REJECT, BLACK_REJECT, PET_CLEAR, PET_TRAY', at 08:20 and 09:24 it's BLACK_REJECT, PET_CLEAR, PET_TRAY, PVC_REJECT. a sleeved bottle matches PET_CLEAR first now")
    say("09:47", "Marek Nowak", "the Optisort notes say the list order is what counts, priority is just shown on the HMI. that's my SORT-188 on Friday, I sorted the rules by material code thinking priority decides. rev 41 was the first push since. fixing")
    say("10:09", "Marek Nowak", "2.10.2 (SORT-197, rules in priority order) released, deploying. Dave can you take the 10:30 stop for the push")
    say("10:37", "Dave Kerr", "rev 41 pushed 10:31, OS-2 shows PVC_REJECT first again. restarted 10:36")
    say("10:58", "Aoife Brennan", "PVC back to 0.2 % on QC-PET, PVC_REJECT firing ~25/min. PET bales from 08:20 to 10:36 held for a re-sort. INC-0412")
    return [app, sorters, qc, balers, wb, ci, chat], stats


def build(out_dir):
    rng = random.Random(112100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_alarm"].replace(microsecond=0)
        assert U("08:22:00") < onset < U("08:40:00"), onset
        minutes = int((onset - utc("2026-01-23 10:42:00")).total_seconds() // 60)
        age = f"{minutes // 60} h {minutes % 60:02d}"
        return write_scenario(
            out_dir, name="r112-sorter-rule-order", service=SERVICE, onset=onset,
            description=f"""
PVC-sleeved bottles go into the clear PET at Greyling Recycling's Kestrel
Road MRF on Monday 26 January 2026: the QC scanner's PVC share rises from
0.2 % to 2-3 % after the 08:10 break (the scanner alarms from
{onset.strftime('%H:%M:%S')} UTC), sortmaster warns that the clear PET is below the
reprocessor's spec from {stats['first_warning'].strftime('%H:%M')} and holds the PET bales.
The kerbside recipe rev 41 (PET_TRAY threshold) had been released as 2.10.1
at 07:55 and pushed to the sorters at the break. OS-2's window cleaned at
08:47 and a suspect load set aside without effect; rolled back to 2.10.0
(rev 40, pushed 09:20) without effect; 2.10.2 pushed at the 10:30 stop,
after which the PVC share fell. Times are UTC (GMT); the weighbridge PC
writes day/month/year.
""",
            logs=logs,
            line_formats={
                "sortmaster.log": r'<Date> <Time> <Level> \[<Logger>\] <Content>',
                "qc-pet-scanner.log": r'<Time>;<Scanner>;<Content>',
                "weighbridge.log": r'<Date> <Time>\|<Ticket>\|<Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'rules in evaluation order: BLACK_REJECT, PET_CLEAR, PET_TRAY, PVC_REJECT',
                r'pushed recipe kerbside .*rules BLACK_REJECT,PET_CLEAR,PET_TRAY,PVC_REJECT',
            ],
            fix_files=["sortmaster/recipes/compiler.py"],
            explanation=f"""
SORT-188 ({shas['culprit'][:10]}, Friday 23 January 10:42 UTC, in 2.9.0)
makes the recipe compiler emit each sorter's rules sorted by material code,
believing the sorter goes by each rule's `priority`. The Optisort OS-2400
evaluates the list in order, first match wins (priority is shown on the HMI
only), so OS-2's list became BLACK_REJECT, PET_CLEAR, PET_TRAY, PVC_REJECT:
a PET bottle in a PVC shrink sleeve matches PET_CLEAR before PVC_REJECT.
Recipes are pushed only when their revision changes, so nothing changed
until Monday's kerbside rev 41, pushed at the 08:10 break, {age} after
the commit: OS-2 loads "rules in evaluation order: BLACK_REJECT, PET_CLEAR,
PET_TRAY, PVC_REJECT" (sortmaster's "pushed recipe kerbside ... rules
BLACK_REJECT,PET_CLEAR,PET_TRAY,PVC_REJECT"), PVC_REJECT never fires again,
the QC scanner's PVC share rises to 2-3 % and sortmaster warns "PET clear
purity below target" ({stats['warnings']} times) and holds {stats['held']} PET bales. SORT-197
(2.10.2) orders the rules by priority; pushed at 10:31, PVC falls back.
Decoys: Aoife's kerbside rev 41 (PET_TRAY 0.55 -> 0.65), released as
2.10.1 and deployed {int((onset - U('07:55:09')).total_seconds() // 60)} minutes before the onset, whose push was the
trigger (its deploy job and start line name the release commit); 2.10.0
(SORT-193, which adds the very "PET clear purity below target" warning
that fills the log; SORT-190, the PET bale hold), deployed in Saturday's
maintenance window; SORT-191, a harmless change to the culprit's file
(min_fraction validation); a runbook commit that reads PVC in the PET as
infeed contamination or a dirty NIR window and says to revert a recipe
change or roll back; the window clean and the Swale load set aside without
effect; the rollback to 2.10.0 (rev 40), which holds the culprit, without
effect; a Renovate httpx bump.
""",
        )
    finally:
        repo.close()
