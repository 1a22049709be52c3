"""printjobs (Python 3.12, Celery workers and a FastAPI app on ECS Fargate
in us-east-1; a GitHub Actions workflow deploys `main` by hand with
`aws ecs update-service`; team in Portland and Leeds, a contractor in
Lisbon) of Larkspur Books, a print-on-demand publisher and author platform.
For every paid order line from the storefront it creates a print job:
preflights the title's interior PDF, imposes the author's cover onto the
partner plant's cover template (trim, spine, bleed or wrap) and routes the
job to a plant. Paperbacks go to Ashgrove Print (LaVergne, TN) or Medway
Print (Rochester, UK) in waves every 15 minutes; casewrap hardcovers are
only made at Ashgrove, which takes them in one batch a day at its 19:00 UTC
cutoff. The plant's own preflight checks each cover against the width it
calculates from the job ticket (pages, trim, stock, binding) and rejects
a job whose cover is off by more than 1/16 in; its webhook tells printjobs.

The spine width was `pages / PPI` for the stock, plus 0.25 in for the
boards and hinges of a casewrap book. On Thursday 12 November at 09:12 UTC
PRD-512 moves the calculation to `prepress/spine.py`, reading stocks and
binding allowances from `config/paper_stocks.yaml` so that the author
portal's new cover template endpoint gives authors the same figures as
imposition. The YAML names the bindings as Ashgrove's spec sheet does
(`perfect_bound`, `case_laminate`); orders carry `perfect` and `casewrap`,
and the lookup falls back to no allowance. Paperbacks are unchanged.
Every casewrap cover imposed after the 10:31 deploy is 0.25 in too narrow.

Nothing shows until the daily casewrap batch is sent at 19:00: from
19:02 Ashgrove rejects the new hardcovers with COVER_SIZE_MISMATCH (the
ones imposed before 10:31 pass). At 18:29 a release had gone out (PRD-517,
which logs the rejection detail; a pikepdf bump; PRD-521, Ashgrove's
submit timeout for the large casewrap files). The runbook says such
rejections are authors' covers; ops hold orders, then roll back to the
10:31 task definition (which holds the culprit) and resubmit ten jobs,
rejected again. Every rejection is short by exactly 0.250 in; the author
of PRD-512 finds the binding names, a fix is deployed at 20:41 and the
re-imposed jobs go to Ashgrove in a late batch it agreed to take.

Sources: printjobs worker (Celery, line format), the ALB's access log,
Ashgrove's partner event log (JSON lines), RDS PostgreSQL, GitHub Actions
deploy runs, #print-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "printjobs"
START, END = utc("2026-11-12 16:30:00"), utc("2026-11-12 21:15:00")
DEPLOY_AM = utc("2026-11-12 10:31:50")      # tasks serving the culprit
RELEASE = utc("2026-11-12 18:29:40")        # new tasks serving
CUTOFF = utc("2026-11-12 19:00:05")
ROLLBACK = utc("2026-11-12 19:26:30")
RESUBMIT = utc("2026-11-12 19:41:10")
FIXED = utc("2026-11-12 20:41:30")
LATE_BATCH = utc("2026-11-12 20:49:00")
ALLOWANCE = 0.25
PPI = {"white-50": 444, "cream-50": 434, "white-70": 364}
TRIMS = [("5x8", 5.0, 8.0), ("5.5x8.5", 5.5, 8.5), ("6x9", 6.0, 9.0)]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "printjobs"
version = "3.14.0"
requires-python = ">=3.12"
dependencies = [
  "celery[redis]==5.4.0",
  "fastapi==0.115.4",
  "uvicorn==0.32.0",
  "httpx==0.27.2",
  "pikepdf==9.3.0",
  "pyyaml==6.0.2",
  "sqlalchemy==2.0.36",
  "psycopg[binary]==3.2.3",
  "boto3==1.35.54",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "respx==0.21.1"]
"""

COVER_V1 = '''"""Imposes an author's cover PDF onto the plant's cover template."""

import logging

import pikepdf

log = logging.getLogger(__name__)

PPI = {"white-50": 444, "cream-50": 434, "white-70": 364}   # pages per inch
CASEWRAP_ALLOWANCE_IN = 0.25   # boards and hinges (Ashgrove spec 4.2)
BLEED_IN = 0.125
WRAP_IN = 0.75                 # casewrap turn-in around the boards
BARCODE_MARGIN_IN = 0.25


def spine_width_in(pages, stock, binding):
    spine = pages / PPI[stock]
    if binding == "casewrap":
        spine += CASEWRAP_ALLOWANCE_IN
    return round(spine, 3)


def cover_size_in(job):
    spine = spine_width_in(job.pages, job.stock, job.binding)
    edge = WRAP_IN if job.binding == "casewrap" else BLEED_IN
    return 2 * job.trim_w + spine + 2 * edge, job.trim_h + 2 * edge, spine


def impose(job, src, dst):
    width, height, spine = cover_size_in(job)
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        page.mediabox = page.trimbox = [0, 0, width * 72, height * 72]
        _barcode_box(page, job, spine)
        pdf.save(dst)
    log.info("cover imposed %s binding=%s pages=%d stock=%s spine_in=%.3f cover_in=%.3fx%.3f",
             job.ref, job.binding, job.pages, job.stock, spine, width, height)


def _barcode_box(page, job, spine):
    x = job.trim_w - 2.0 - BARCODE_MARGIN_IN
    page.Annots = pikepdf.Array()  # the ISBN barcode is stamped at x, 0.5 in
    return x
'''

CALLBACKS_V1 = '''"""Webhooks from the partner plants: job received, accepted, rejected,
printed, shipped."""

import logging

from fastapi import APIRouter, Request

from printjobs import store

log = logging.getLogger(__name__)
router = APIRouter()


@router.post("/v1/plant-callbacks/{plant}")
async def callback(plant: str, request: Request):
    event = await request.json()
    job = store.job_by_ref(event["job_ref"])
    if event["type"] == "job.rejected":
        store.mark(job, "REJECTED")
        log.warning("plant rejected job %s (%s)", job.ref, plant)
    elif event["type"] == "job.preflight.passed":
        store.mark(job, "ACCEPTED")
        log.info("plant accepted job %s (%s)", job.ref, plant)
    else:
        store.record(job, event["type"])
    return {"ok": True}
'''

PLANTS = """plants:
  ashgrove-tn:
    api: https://partners.ashgroveprint.com/v2
    bindings: [perfect, casewrap]
    waves_every: 15m
    casewrap_cutoff_utc: "19:00"
    submit_timeout: 30s
  medway-uk:
    api: https://api.medwayprint.co.uk/jobs/v1
    bindings: [perfect]
    waves_every: 15m
    submit_timeout: 30s
routing:
  default: ashgrove-tn
  by_country:
    GB: medway-uk
    IE: medway-uk
"""

STOCKS = """# Paper stocks we offer, as the plants stock them.
stocks:
  white-50: {ppi: 444, name: "50# white"}
  cream-50: {ppi: 434, name: "50# cream"}
  white-70: {ppi: 364, name: "70# white (colour)"}
"""

STOCKS_V2 = """# Paper stocks and bindings, as in Ashgrove's spec sheet (rev. 2026-09):
# imposition and the author portal's cover template read this file.
stocks:
  white-50: {ppi: 444, name: "50# white"}
  cream-50: {ppi: 434, name: "50# cream"}
  white-70: {ppi: 364, name: "70# white (colour)"}
bindings:
  perfect_bound: {allowance_in: 0.0, edge_in: 0.125}
  case_laminate: {allowance_in: 0.25, edge_in: 0.75}
"""

SPINE = '''"""Spine width and cover size, shared by imposition and the author portal's
cover template endpoint (PRD-512)."""

from functools import lru_cache
from pathlib import Path

import yaml

CONFIG = Path(__file__).resolve().parents[2] / "config" / "paper_stocks.yaml"


@lru_cache
def _catalogue():
    return yaml.safe_load(CONFIG.read_text())


def spine_width_in(pages, stock, binding):
    cat = _catalogue()
    allowance = cat["bindings"].get(binding, {}).get("allowance_in", 0.0)
    return round(pages / cat["stocks"][stock]["ppi"] + allowance, 4)


def cover_size_in(trim_w, trim_h, pages, stock, binding):
    spine = spine_width_in(pages, stock, binding)
    edge = _catalogue()["bindings"].get(binding, {}).get("edge_in", 0.125)
    if binding in ("casewrap", "case_laminate"):
        edge = 0.75
    return round(2 * trim_w + spine + 2 * edge, 4), round(trim_h + 2 * edge, 4), spine
'''

TEST_SPINE = '''from printjobs.prepress.spine import cover_size_in, spine_width_in


def test_paperback_spine():
    assert spine_width_in(444, "white-50", "perfect_bound") == 1.0


def test_case_laminate_adds_boards():
    assert spine_width_in(444, "white-50", "case_laminate") == 1.25


def test_cover_size_case_laminate():
    w, h, spine = cover_size_in(6, 9, 312, "white-50", "case_laminate")
    assert (w, h) == (14.4527, 10.5)
'''

TEMPLATE_API = '''"""GET /v1/cover-template: the cover size for a title, for the author
portal's cover template download (PRD-512)."""

from fastapi import APIRouter

from printjobs.prepress.spine import cover_size_in

router = APIRouter()


@router.get("/v1/cover-template")
def cover_template(trim: str, pages: int, stock: str, binding: str):
    trim_w, trim_h = (float(x) for x in trim.split("x"))
    width, height, spine = cover_size_in(trim_w, trim_h, pages, stock, binding)
    return {"width_in": width, "height_in": height, "spine_in": spine}
'''

DEPLOY_WF = """name: deploy-production
on:
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "arn:aws:iam::381492774105:role/gha-printjobs-deploy", aws-region: us-east-1 }
      - run: make image push TAG=${GITHUB_SHA::7}
      - run: ./deploy/ecs-deploy.sh printjobs-api printjobs-worker ${GITHUB_SHA::7}
"""

RUNBOOK_ALERTS = [
    ("PlantSubmitFailures", "Submitting a wave to a plant failed. Check the plant's status page and the `submit_timeout` in config/plants.yaml; the next wave retries the jobs."),
    ("InteriorPreflightFailures", "Interior PDFs failing our preflight: usually one author's upload. The job is held and support emails the author."),
]


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Okafor", "hannah.okafor@larkspurbooks.com", -480)
    oliver = Person("Oliver Pritchard", "oliver.pritchard@larkspurbooks.com", 0)
    ines = Person("Inês Carvalho", "ines.carvalho@contractors.larkspurbooks.com", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    cover = "printjobs/prepress/cover.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "printjobs/__init__.py": "",
        cover: COVER_V1,
        "printjobs/plants/callbacks.py": CALLBACKS_V1,
        "printjobs/plants/__init__.py": "",
        "printjobs/prepress/__init__.py": "",
        "config/plants.yaml": PLANTS,
        "config/paper_stocks.yaml": STOCKS,
        ".github/workflows/deploy-production.yml": DEPLOY_WF,
        "README.md": "# printjobs\n\nPrint jobs for paid order lines: interior preflight, cover imposition,\nrouting to the partner plants (Ashgrove, Medway) and their webhooks.\n\n## Running locally\n\n```\ndocker compose up -d postgres redis\nuvicorn printjobs.api:app --reload\ncelery -A printjobs.tasks worker -B\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-06 16:20:00"), oliver, "printjobs: jobs, preflight, cover imposition and the plant webhooks", files)
    repo.schedule(chores(random.Random(50101), SERVICE, [oliver, hannah], utc("2026-11-06 17:00:00"), utc("2026-11-11 12:00:00"), 3))
    repo.commit(utc("2026-11-09 23:20:00"), hannah, "routing: EU paperbacks to medway-uk too (PRD-498)", {
        "config/plants.yaml": repo.edit("config/plants.yaml", "    IE: medway-uk\n", "    IE: medway-uk\n    FR: medway-uk\n    DE: medway-uk\n    NL: medway-uk\n"),
    })
    repo.commit(utc("2026-11-10 10:05:00"), bot, "fix(deps): update dependency httpx to v0.28.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.2"', '"httpx==0.28.0"'),
    })
    repo.commit(utc("2026-11-10 14:40:00"), ines, "cover: barcode box 0.25in from the spine fold, not from the trim edge (PRD-505)", {
        cover: repo.edit(cover, "    x = job.trim_w - 2.0 - BARCODE_MARGIN_IN\n", "    x = job.trim_w - 2.0 - BARCODE_MARGIN_IN - 0.125  # clear of the hinge score\n"),
    })
    repo.commit(utc("2026-11-11 11:30:00"), oliver, "runbook: plant rejections (PRD-509)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## PlantRejections\n\nA plant's preflight rejected jobs. COVER_SIZE_MISMATCH and\nLOW_RESOLUTION_IMAGE are almost always the author's file: hold the order\n(`printjobs hold ORDER`) and ask support to send the \"cover needs fixing\"\nmacro. Resubmit with `printjobs resubmit JOB` once the author uploads a\nnew file.\n",
    })
    repo.commit(utc("2026-11-11 17:05:00"), hannah, "api: 60 req/min per author for the portal endpoints", {
        "printjobs/api_limits.py": '"""Per-author limits for the portal\'s endpoints."""\n\nPORTAL_PER_MINUTE = 60\n',
    })
    wed = repo.commit(utc("2026-11-11 17:40:00"), oliver, "ci: cache pip between image builds", {
        ".github/workflows/deploy-production.yml": repo.edit(".github/workflows/deploy-production.yml", "      - run: make image push", "      - uses: actions/cache@v4\n        with: { path: ~/.cache/pip, key: pip-${{ hashFiles('pyproject.toml') }} }\n      - run: make image push"),
    })
    culprit = repo.commit(utc("2026-11-12 09:12:00"), oliver, "prepress: spine width from config/paper_stocks.yaml, shared with the cover template API (PRD-512)\n\nThe author portal's new cover template download needs the exact cover\nsize before an author designs a cover. Today the formula lives inside\nimposition with the PPI table hard-coded; authors get sizes from an\nout-of-date PDF on the help centre. Move stocks and binding allowances to\nconfig/paper_stocks.yaml (figures from Ashgrove's spec sheet rev.\n2026-09) and use prepress/spine.py from both imposition and\nGET /v1/cover-template, so the two cannot drift.", {
        "config/paper_stocks.yaml": STOCKS_V2,
        "printjobs/prepress/spine.py": SPINE,
        "printjobs/api_cover_template.py": TEMPLATE_API,
        cover: repo.edit(cover,
                         'PPI = {"white-50": 444, "cream-50": 434, "white-70": 364}   # pages per inch\nCASEWRAP_ALLOWANCE_IN = 0.25   # boards and hinges (Ashgrove spec 4.2)\nBLEED_IN = 0.125\nWRAP_IN = 0.75                 # casewrap turn-in around the boards\nBARCODE_MARGIN_IN = 0.25\n\n\ndef spine_width_in(pages, stock, binding):\n    spine = pages / PPI[stock]\n    if binding == "casewrap":\n        spine += CASEWRAP_ALLOWANCE_IN\n    return round(spine, 3)\n\n\ndef cover_size_in(job):\n    spine = spine_width_in(job.pages, job.stock, job.binding)\n    edge = WRAP_IN if job.binding == "casewrap" else BLEED_IN\n    return 2 * job.trim_w + spine + 2 * edge, job.trim_h + 2 * edge, spine\n',
                         'from printjobs.prepress import spine as spine_calc\n\nBARCODE_MARGIN_IN = 0.25\n\n\ndef cover_size_in(job):\n    return spine_calc.cover_size_in(job.trim_w, job.trim_h, job.pages, job.stock, job.binding)\n'),
        "tests/test_spine.py": TEST_SPINE,
    })
    thu_am = repo.commit(utc("2026-11-12 09:44:00"), oliver, "tests: cover template endpoint", {
        "tests/test_cover_template.py": 'from fastapi.testclient import TestClient\n\nfrom printjobs.api import app\n\n\ndef test_cover_template():\n    r = TestClient(app).get("/v1/cover-template", params={"trim": "6x9", "pages": 312, "stock": "white-50", "binding": "perfect_bound"})\n    assert r.json()["spine_in"] == 0.7027\n',
    })
    repo.commit(utc("2026-11-12 12:15:00"), oliver, "docs: cover template API for the author portal", {
        "docs/cover-template.md": "# Cover template API\n\n`GET /v1/cover-template?trim=6x9&pages=312&stock=white-50&binding=perfect_bound`\n\nReturns the cover's full width and height and the spine width in inches,\nfrom config/paper_stocks.yaml (Ashgrove's spec sheet). Bindings:\n`perfect_bound` (paperback) and `case_laminate` (hardcover, 0.25 in of\nboards and hinges on the spine, 0.75 in wrap).\n",
    })
    repo.commit(utc("2026-11-12 14:30:00"), ines, "spine: round to 0.001 in as Ashgrove's spec asks (PRD-512)", {
        "printjobs/prepress/spine.py": repo.edit("printjobs/prepress/spine.py", '+ allowance, 4)', '+ allowance, 3)'),
        "tests/test_spine.py": repo.edit("tests/test_spine.py", "(14.4527, 10.5)", "(14.453, 10.5)"),
    })
    repo.commit(utc("2026-11-12 16:40:00"), hannah, "plant callbacks: log the plant's reason code and detail on rejections (PRD-517)\n\nOps only saw \"plant rejected job\" and had to open Ashgrove's portal for\nthe reason.", {
        "printjobs/plants/callbacks.py": repo.edit("printjobs/plants/callbacks.py", '        log.warning("plant rejected job %s (%s)", job.ref, plant)\n',
                                                   '        check = (event.get("checks") or [{}])[0]\n        log.warning("plant rejected job %s (%s): %s %s", job.ref, plant, check.get("code"), check.get("message"))\n'),
    })
    repo.commit(utc("2026-11-12 17:05:00"), bot, "fix(deps): update dependency pikepdf to v9.4.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pikepdf==9.3.0"', '"pikepdf==9.4.2"'),
    })
    head = repo.commit(utc("2026-11-12 17:55:00"), hannah, "config: ashgrove-tn submit timeout 30s -> 90s (PRD-521)\n\nCasewrap batches carry 60-80 large cover files; Tuesday's batch hit the\n30s timeout twice and went through on the retry.", {
        "config/plants.yaml": repo.edit("config/plants.yaml", '    casewrap_cutoff_utc: "19:00"\n    submit_timeout: 30s\n', '    casewrap_cutoff_utc: "19:00"\n    submit_timeout: 90s\n'),
    })
    fix = repo.commit(utc("2026-11-12 20:24:00"), oliver, "spine: accept the orders' binding names (perfect, casewrap) (PRD-524)\n\nPRD-512 keyed the allowances by Ashgrove's names (perfect_bound,\ncase_laminate) but orders carry perfect/casewrap, and the lookup fell\nback to no allowance: every casewrap cover imposed since 10:31 was\n0.25in narrow and Ashgrove rejected tonight's batch. Map the order names,\nand fail loudly on an unknown binding.", {
        "printjobs/prepress/spine.py": repo.edit("printjobs/prepress/spine.py",
                                                 "def spine_width_in(pages, stock, binding):\n    cat = _catalogue()\n    allowance = cat[\"bindings\"].get(binding, {}).get(\"allowance_in\", 0.0)\n",
                                                 "ALIASES = {\"perfect\": \"perfect_bound\", \"casewrap\": \"case_laminate\"}\n\n\ndef spine_width_in(pages, stock, binding):\n    cat = _catalogue()\n    allowance = cat[\"bindings\"][ALIASES.get(binding, binding)][\"allowance_in\"]\n"),
        "tests/test_spine.py": repo.files["tests/test_spine.py"] + '\n\ndef test_order_binding_names():\n    assert spine_width_in(444, "white-50", "casewrap") == 1.25\n',
    })
    return repo, {"culprit": culprit, "wed": wed, "thu_am": thu_am, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the evening


def cover_dims(trim, pages, stock, binding, allowance):
    _, w, h = trim
    spine = round(pages / PPI[stock] + (ALLOWANCE if (binding == "casewrap" and allowance) else 0), 3)
    edge = 0.75 if binding == "casewrap" else 0.125
    return round(2 * w + spine + 2 * edge, 3), round(h + 2 * edge, 3), spine


def build_logs(rng, shas):
    worker, alb, ash, pg, gha, slack = (Log("printjobs-worker.log"), Log("alb-access.log"), Log("ashgrove-partner-events.log"),
                                        Log("rds-postgresql.log"), Log("github-actions-deploy.log"), Log("slack-print-ops.log"))
    stats = {"rejected": [], "accepted": [], "submitted": []}
    procs = [f"ForkPoolWorker-{i}" for i in range(1, 9)]

    def clog(t, level, msg, proc=None):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            worker.add(t, f"[{stamp}: {level}/{proc or rng.choice(procs)}] {msg}")

    def alb_line(t, method, path, status, ua, client, rt, size):
        if not START <= t < END:
            return
        tgt = rng.choice(["10.20.3.41", "10.20.4.17", "10.20.5.88"])
        trace = f"Root=1-{int(t.timestamp()):08x}-{hexid(rng, 24)}"
        alb.add(t, f'https {t.strftime("%Y-%m-%dT%H:%M:%S.%f")}Z app/larkspur-prod/50dc6c495c0c9188 {client}:{rng.randint(1024, 65000)} {tgt}:8000 0.000 {rt:.3f} 0.000 {status} {status} {rng.randint(300, 2400)} {size} '
                   f'"{method} https://printjobs.larkspur.io:443{path} HTTP/1.1" "{ua}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
                   f'arn:aws:elasticloadbalancing:us-east-1:381492774105:targetgroup/printjobs-api/73e2d6bc24d8a067 "{trace}" "printjobs.larkspur.io" '
                   f'"arn:aws:acm:us-east-1:381492774105:certificate/9f1c2a7e-55b0-4c1e-8f0b-2d6a1e44c310" 0 {t.strftime("%Y-%m-%dT%H:%M:%S.%f")}Z "forward" "-" "-" "{tgt}:8000" "{status}" "-" "-"')

    def ash_event(t, typ, job, **extra):
        if START <= t < END:
            body = {"id": f"evt_{hexid(rng, 20)}", "created": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "type": typ,
                    "account": "LARKSPUR-US", "job_ref": job["ref"], "plant_job_id": job.get("ash_id", "")}
            body.update(extra)
            ash.add(t, json.dumps(body, ensure_ascii=False))

    # --- orders -> print jobs
    countries = [(70, "US"), (12, "GB"), (6, "CA"), (4, "DE"), (3, "AU"), (3, "IE"), (2, "FR")]
    jobs = []
    seq = 48000
    t = START - dt.timedelta(minutes=40)
    while t < END:
        hour = t.hour + t.minute / 60
        rate = 1.6 + 0.6 * (16 <= hour < 20)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        seq += rng.randint(1, 3)
        country = rng.choice([c for w, c in countries for _ in range(w)])
        binding = "casewrap" if rng.random() < 0.14 else "perfect"
        stock = "white-70" if rng.random() < 0.08 else rng.choice(["white-50", "white-50", "cream-50"])
        trim = rng.choice([TRIMS[0], TRIMS[1], TRIMS[2], TRIMS[2]])
        pages = rng.randrange(96, 640, 2)
        plant = "ashgrove-tn" if binding == "casewrap" or country not in ("GB", "IE", "FR", "DE") else "medway-uk"
        allowance = t < DEPLOY_AM or t >= FIXED
        w, h, spine = cover_dims(trim, pages, stock, binding, allowance)
        jobs.append({"ref": f"PJ-2611-{seq}", "order": f"LB-{seq * 7 + 1034871}", "t": t, "binding": binding, "stock": stock, "trim": trim,
                     "pages": pages, "plant": plant, "w": w, "h": h, "spine": spine, "country": country,
                     "isbn": f"97818{rng.randint(10000000, 99999999)}"})

    storefront_ips = ["10.20.1.12", "10.20.2.31"]
    for j in jobs:
        t = j["t"]
        tid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        alb_line(t - dt.timedelta(milliseconds=rng.randint(20, 60)), "POST", "/v1/print-jobs", 201, "larkspur-storefront/8.22.1", rng.choice(storefront_ips), rng.uniform(0.02, 0.06), 212)
        p = rng.choice(procs)
        clog(t, "INFO", f"Task printjobs.tasks.create_print_job[{tid}] received", "MainProcess")
        t1 = t + dt.timedelta(milliseconds=rng.randint(300, 1400))
        clog(t1, "INFO", f"print job created {j['ref']} order={j['order']} isbn={j['isbn']} binding={j['binding']} pages={j['pages']} trim={j['trim'][0]} stock={j['stock']} plant={j['plant']}", p)
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(900, 4200))
        if rng.random() < 0.012:
            clog(t2, "WARNING", f"interior preflight failed {j['ref']}: image on page {rng.randint(3, j['pages'])} below 200 ppi ({rng.randint(96, 180)} ppi), job held", p)
            j["held"] = True
            continue
        clog(t2, "INFO", f"interior preflight passed {j['ref']} pages={j['pages']} pdfx=PDF/X-1a:2001", p)
        t3 = t2 + dt.timedelta(milliseconds=rng.randint(600, 2600))
        clog(t3, "INFO", f"cover imposed {j['ref']} binding={j['binding']} pages={j['pages']} stock={j['stock']} spine_in={j['spine']:.3f} cover_in={j['w']:.3f}x{j['h']:.3f}", p)
        j["ready"] = t3
        clog(t3 + dt.timedelta(milliseconds=rng.randint(5, 40)), "INFO", f"Task printjobs.tasks.create_print_job[{tid}] succeeded in {(t3 - t).total_seconds():.3f}s: None", p)

    # --- cover template endpoint (author portal), new today
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(90)):
        alb_line(t, "GET", f"/v1/cover-template?trim={rng.choice(['6x9', '5.5x8.5', '5x8'])}&pages={rng.randrange(96, 500, 2)}&stock={rng.choice(['white-50', 'cream-50'])}&binding={rng.choice(['perfect_bound'] * 5 + ['case_laminate'])}",
                 200, "larkspur-author-portal/2.41.0", "10.20.1.77", rng.uniform(0.004, 0.02), 61)

    # --- paperback waves every 15 minutes per plant; plant callbacks
    def callback(t, j, plant, accepted, code=None, message=None, detail_logged=True):
        ua = "Ashgrove-Webhooks/2.3" if plant == "ashgrove-tn" else "MedwayPrint-Notify/1.8"
        client = rng.choice(["198.51.100.23", "198.51.100.24"]) if plant == "ashgrove-tn" else "203.0.113.140"
        alb_line(t, "POST", f"/v1/plant-callbacks/{plant.split('-')[0]}", 200, ua, client, rng.uniform(0.01, 0.05), 11)
        if accepted:
            clog(t + dt.timedelta(milliseconds=rng.randint(10, 60)), "INFO", f"plant accepted job {j['ref']} ({plant})")
            stats["accepted"].append((t, plant))
        else:
            new = t >= RELEASE and not (ROLLBACK <= t < FIXED)
            if new:
                clog(t + dt.timedelta(milliseconds=rng.randint(10, 60)), "WARNING", f"plant rejected job {j['ref']} ({plant}): {code} {message}")
            else:
                clog(t + dt.timedelta(milliseconds=rng.randint(10, 60)), "WARNING", f"plant rejected job {j['ref']} ({plant})")
            stats["rejected"].append((t, plant, code))

    def ash_check(t, j, ok, routine_fail=None):
        j["ash_id"] = f"A{rng.randint(30000000, 39999999)}"
        ash_event(t, "job.received", j, files={"interior": f"{j['isbn']}_int.pdf", "cover": f"{j['isbn']}_cov.pdf"})
        t2 = t + dt.timedelta(seconds=rng.uniform(20, 110))
        binding_name = "case laminate" if j["binding"] == "casewrap" else "perfect bound"
        if ok:
            ash_event(t2, "job.preflight.passed", j, binding=binding_name)
            callback(t2 + dt.timedelta(milliseconds=rng.randint(200, 900)), j, "ashgrove-tn", True)
            return t2, None
        if routine_fail:
            code, msg = routine_fail
        else:
            w_exp, _, _ = cover_dims(j["trim"], j["pages"], j["stock"], j["binding"], True)
            code = "COVER_SIZE_MISMATCH"
            msg = (f"Cover width {j['w']:.3f} in does not match the calculated width {w_exp:.3f} in for {j['pages']} pages, "
                   f"{j['trim'][1]:.3f} x {j['trim'][2]:.3f} in, {binding_name}, {PPI_NAMES[j['stock']]} (tolerance 0.063 in)")
        ash_event(t2, "job.rejected", j, binding=binding_name, checks=[{"code": code, "severity": "error", "message": msg}])
        callback(t2 + dt.timedelta(milliseconds=rng.randint(200, 900)), j, "ashgrove-tn", False, code, msg)
        return t2, code

    wave = utc("2026-11-12 16:30:00")
    ready = [j for j in jobs if j.get("ready") and j["binding"] == "perfect"]
    while wave < END:
        for plant in ("ashgrove-tn", "medway-uk"):
            batch = [j for j in ready if j["plant"] == plant and wave - dt.timedelta(minutes=15) <= j["ready"] < wave]
            ts = wave + dt.timedelta(seconds=rng.uniform(1, 4) + (0 if plant == "ashgrove-tn" else 7))
            clog(ts - dt.timedelta(milliseconds=300), "INFO", f"Scheduler: Sending due task submit-wave-{plant} (printjobs.tasks.submit_wave)", "MainProcess")
            if not batch:
                clog(ts, "INFO", f"wave {plant}: nothing to submit")
                continue
            took = rng.uniform(2.0, 6.5) + len(batch) * 0.4
            clog(ts + dt.timedelta(seconds=took), "INFO", f"submitted wave {plant}: {len(batch)} jobs, {sum(j['pages'] for j in batch) * 41 // 1024} MB in {took:.1f}s")
            stats["submitted"].append((ts, plant, len(batch)))
            for j in batch:
                start = ts + dt.timedelta(seconds=took + rng.uniform(5, 240))
                if plant == "ashgrove-tn":
                    routine = None
                    if rng.random() < 0.02:
                        routine = rng.choice([("LOW_RESOLUTION_IMAGE", f"Image on page {rng.randint(3, j['pages'])} is {rng.randint(110, 190)} ppi effective (minimum 200 ppi)"),
                                              ("FONT_NOT_EMBEDDED", f"Font {rng.choice(['Garamond-Italic', 'Helvetica', 'MinionPro-Regular'])} is not embedded in the interior")])
                    ash_check(start, j, routine is None, routine)
                else:
                    if rng.random() < 0.015:
                        callback(start + dt.timedelta(seconds=rng.uniform(30, 200)), j, "medway-uk", False, "BLEED_MISSING", "Cover has no bleed on the back edge")
                    else:
                        callback(start + dt.timedelta(seconds=rng.uniform(30, 200)), j, "medway-uk", True)
        wave += dt.timedelta(minutes=15)

    # --- the casewrap batch at 19:00
    earlier = []  # jobs imposed before the window (Wed 19:00 - Thu 15:50), not in the worker log
    t = utc("2026-11-11 19:03:00")
    while t < START:
        t += dt.timedelta(seconds=rng.expovariate((0.02 if 4 <= t.hour < 12 else 0.06) / 60.0))
        if t >= START:
            break
        seq_e = rng.randint(44000, 47999)
        binding = "casewrap"
        stock = rng.choice(["white-50", "white-50", "cream-50"])
        trim = rng.choice([TRIMS[1], TRIMS[2], TRIMS[2]])
        pages = rng.randrange(120, 560, 2)
        w, h, spine = cover_dims(trim, pages, stock, binding, t < DEPLOY_AM)
        earlier.append({"ref": f"PJ-2611-{seq_e}", "t": t, "binding": binding, "stock": stock, "trim": trim, "pages": pages, "plant": "ashgrove-tn",
                        "w": w, "h": h, "spine": spine, "isbn": f"97818{rng.randint(10000000, 99999999)}", "ready": t})
    hc = sorted(earlier + [j for j in jobs if j.get("ready") and j["binding"] == "casewrap" and j["ready"] < CUTOFF], key=lambda j: j["ready"])
    good = sum(1 for j in hc if j["ready"] < DEPLOY_AM)
    stats["batch"] = (len(hc), good)
    clog(CUTOFF - dt.timedelta(milliseconds=400), "INFO", "Scheduler: Sending due task submit-casewrap-ashgrove-tn (printjobs.tasks.submit_casewrap_batch)", "MainProcess")
    clog(CUTOFF, "INFO", f"casewrap batch for ashgrove-tn: {len(hc)} jobs (cutoff 19:00 UTC)")
    took = 58.4
    clog(CUTOFF + dt.timedelta(seconds=took), "INFO", f"submitted wave ashgrove-tn: {len(hc)} jobs, {sum(j['pages'] for j in hc) * 88 // 1024} MB in {took:.1f}s")
    first_reject = None
    t = CUTOFF + dt.timedelta(seconds=took + 30)
    rejected_jobs = []
    for j in hc:
        t += dt.timedelta(seconds=rng.uniform(6, 13))
        j["ash_id"] = f"A{rng.randint(30000000, 39999999)}"
        ash_event(t, "job.received", j, files={"interior": f"{j['isbn']}_int.pdf", "cover": f"{j['isbn']}_cov.pdf"})
    t = CUTOFF + dt.timedelta(seconds=took + 95)
    order = hc[:]
    rng.shuffle(order)
    for j in order:
        t += dt.timedelta(seconds=rng.uniform(5, 11))
        ok = j["ready"] < DEPLOY_AM
        binding_name = "case laminate"
        if ok:
            ash_event(t, "job.preflight.passed", j, binding=binding_name)
            callback(t + dt.timedelta(milliseconds=rng.randint(200, 900)), j, "ashgrove-tn", True)
        else:
            w_exp, _, _ = cover_dims(j["trim"], j["pages"], j["stock"], j["binding"], True)
            msg = (f"Cover width {j['w']:.3f} in does not match the calculated width {w_exp:.3f} in for {j['pages']} pages, "
                   f"{j['trim'][1]:.3f} x {j['trim'][2]:.3f} in, {binding_name}, {PPI_NAMES[j['stock']]} (tolerance 0.063 in)")
            ash_event(t, "job.rejected", j, binding=binding_name, checks=[{"code": "COVER_SIZE_MISMATCH", "severity": "error", "message": msg}])
            callback(t + dt.timedelta(milliseconds=rng.randint(200, 900)), j, "ashgrove-tn", False, "COVER_SIZE_MISMATCH", msg)
            first_reject = first_reject or t
            rejected_jobs.append(j)
    stats["first_reject"] = first_reject
    stats["batch_done"] = t

    # --- ops hold orders, roll back, resubmit ten (re-imposed by the rolled-back code, still narrow)
    for k, j in enumerate(rejected_jobs[:14]):
        clog(utc("2026-11-12 19:16:00") + dt.timedelta(seconds=k * 9 + rng.randint(0, 5)), "INFO", f"order hold set {j.get('order', 'LB-' + j['ref'][8:])} job={j['ref']} by=priya.nair reason=plant_rejection", "MainProcess")
    for k, j in enumerate(rejected_jobs[:10]):
        t = RESUBMIT + dt.timedelta(seconds=k * 4)
        clog(t, "INFO", f"cover imposed {j['ref']} binding=casewrap pages={j['pages']} stock={j['stock']} spine_in={j['spine']:.3f} cover_in={j['w']:.3f}x{j['h']:.3f}")
    clog(RESUBMIT + dt.timedelta(seconds=48), "INFO", "submitted wave ashgrove-tn: 10 jobs, 219 MB in 17.3s (resubmit)")
    t = RESUBMIT + dt.timedelta(seconds=130)
    for j in rejected_jobs[:10]:
        t += dt.timedelta(seconds=rng.uniform(5, 10))
        ash_check(t - dt.timedelta(seconds=60), j, False)
    # after the fix: every rejected or pending casewrap job is re-imposed and sent in the late batch
    pend = rejected_jobs + [j for j in jobs if j.get("ready") and j["binding"] == "casewrap" and CUTOFF <= j["ready"] < FIXED]
    t = FIXED + dt.timedelta(minutes=4)
    for j in pend:
        w, h, spine = cover_dims(j["trim"], j["pages"], j["stock"], "casewrap", True)
        j["w"], j["h"], j["spine"] = w, h, spine
        t += dt.timedelta(seconds=rng.uniform(1.5, 3.5))
        clog(t, "INFO", f"cover imposed {j['ref']} binding=casewrap pages={j['pages']} stock={j['stock']} spine_in={spine:.3f} cover_in={w:.3f}x{h:.3f}")
    clog(LATE_BATCH, "INFO", f"casewrap batch for ashgrove-tn: {len(pend)} jobs (manual, late batch agreed with Ashgrove)")
    clog(LATE_BATCH + dt.timedelta(seconds=51), "INFO", f"submitted wave ashgrove-tn: {len(pend)} jobs, {sum(j['pages'] for j in pend) * 88 // 1024} MB in 51.0s")
    t = LATE_BATCH + dt.timedelta(seconds=80)
    for j in pend:
        t += dt.timedelta(seconds=rng.uniform(5, 10))
        ash_check(t - dt.timedelta(seconds=60), j, True)

    # --- worker noise
    for _ in range(12):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        clog(t, "WARNING", f"tracking poll: carrier {rng.choice(['UPS', 'USPS', 'Royal Mail'])} returned no events for {rng.randint(2, 9)} shipments, retrying in 30m")
    for _ in range(8):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        clog(t, "INFO", f"shipment label created order=LB-{rng.randint(1300000, 1399999)} carrier={rng.choice(['UPS', 'USPS', 'DHL'])} tracking=1Z{hexid(rng, 16).upper()}")
    for t0 in (utc("2026-11-12 17:00:00"), utc("2026-11-12 18:00:00"), utc("2026-11-12 19:00:00"), utc("2026-11-12 20:00:00"), utc("2026-11-12 21:00:00")):
        clog(t0 + dt.timedelta(seconds=2), "INFO", "Scheduler: Sending due task royalty-accruals-hourly (printjobs.tasks.accrue_royalties)", "MainProcess")
        clog(t0 + dt.timedelta(seconds=rng.uniform(8, 20)), "INFO", f"royalty accruals: {rng.randint(80, 160)} order lines, {rng.randint(60, 130)} titles")

    # --- ECS task restarts show in the worker log
    for when, ver, sha in ((RELEASE, "3.15.0", shas["head"]), (ROLLBACK, "3.14.1", shas["thu_am"]), (FIXED, "3.15.1", shas["fix"])):
        for k in range(2):
            tt = when - dt.timedelta(seconds=30 - k * 11)
            clog(tt, "INFO", f"printjobs worker {ver} ({sha[:7]}) starting, concurrency 8", "MainProcess")
            clog(tt + dt.timedelta(seconds=2), "INFO", "Connected to redis://printjobs-queue.x8kq2v.ng.0001.use1.cache.amazonaws.com:6379/0", "MainProcess")
            clog(tt + dt.timedelta(seconds=3), "INFO", "celery@ip-10-20-3-41.ec2.internal ready.", "MainProcess")

    # --- RDS PostgreSQL
    def plog(t, pid, level, msg, who="printjobs@printjobs", client=None):
        if START <= t < END:
            pg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC:{client or '10.20.' + str(rng.randint(3, 5)) + '.' + str(rng.randint(10, 90)) + '(' + str(rng.randint(30000, 60000)) + ')'}:{who}:[{pid}]:{level}:  {msg}")

    t = START
    while t < END:
        t += dt.timedelta(minutes=5)
        plog(t, 611, "LOG", "checkpoint starting: time", who="@", client="")
        plog(t + dt.timedelta(seconds=rng.randint(20, 150)), 611, "LOG", f"checkpoint complete: wrote {rng.randint(300, 2400)} buffers ({rng.uniform(0.4, 3.1):.1f}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={rng.uniform(20, 150):.3f} s, sync=0.004 s, total={rng.uniform(20, 150):.3f} s", who="@", client="")
    for _ in range(14):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(t, rng.randint(20000, 29999), "LOG", f"duration: {rng.uniform(1000, 2600):.3f} ms  statement: SELECT order_lines.id, order_lines.title_id, order_lines.net_minor FROM order_lines WHERE order_lines.royalty_accrued_at IS NULL AND order_lines.paid_at < $1 LIMIT 500")
    for _ in range(5):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(t, rng.randint(20000, 29999), "LOG", f"automatic vacuum of table \"printjobs.public.print_job_events\": index scans: 1, pages: 0 removed, {rng.randint(4000, 9000)} remain", who="@", client="")

    # --- GitHub Actions deploy runs
    def gh(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(t0, actor, sha, number, task_rev, kind="deploy-production"):
        gh(t0, f"##[group]Run {kind} #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha}")
        gh(t0 + dt.timedelta(seconds=2), f"Current runner version: '2.320.0'")
        gh(t0 + dt.timedelta(seconds=4), f"HEAD is now at {sha[:7]}")
        if kind == "deploy-production":
            gh(t0 + dt.timedelta(seconds=96), f"#12 pushing 381492774105.dkr.ecr.us-east-1.amazonaws.com/printjobs:{sha[:7]} done")
        gh(t0 + dt.timedelta(seconds=101), f"Registered task definition printjobs-worker:{task_rev}, printjobs-api:{task_rev}")
        gh(t0 + dt.timedelta(seconds=103), f"Updating service printjobs-worker (cluster larkspur-prod) to task definition printjobs-worker:{task_rev}")
        gh(t0 + dt.timedelta(seconds=104), f"Updating service printjobs-api (cluster larkspur-prod) to task definition printjobs-api:{task_rev}")
        gh(t0 + dt.timedelta(seconds=190), "Waiting for services printjobs-worker, printjobs-api to become stable ... services are stable")
        gh(t0 + dt.timedelta(seconds=191), "##[endgroup]")

    run(utc("2026-11-11 17:52:10"), "oliver-pritchard", shas["wed"], 311, 186)
    run(DEPLOY_AM - dt.timedelta(seconds=190), "oliver-pritchard", shas["thu_am"], 312, 187)
    run(RELEASE - dt.timedelta(seconds=190), "hannah-okafor", shas["head"], 313, 188)
    gh(ROLLBACK - dt.timedelta(seconds=70), "##[group]Run rollback-production #41 (workflow_dispatch by priya-nair) to_task_definition=187")
    gh(ROLLBACK - dt.timedelta(seconds=66), "Updating service printjobs-worker (cluster larkspur-prod) to task definition printjobs-worker:187")
    gh(ROLLBACK - dt.timedelta(seconds=65), "Updating service printjobs-api (cluster larkspur-prod) to task definition printjobs-api:187")
    gh(ROLLBACK + dt.timedelta(seconds=20), "Waiting for services printjobs-worker, printjobs-api to become stable ... services are stable")
    gh(ROLLBACK + dt.timedelta(seconds=21), "##[endgroup]")
    run(FIXED - dt.timedelta(seconds=190), "oliver-pritchard", shas["fix"], 314, 189)

    # --- Slack #print-ops
    users = {"alertmanager": "B01ALRT2P", "priya.nair": "U03PN4K2L", "hannah.okafor": "U02HO7Q1M", "oliver.pritchard": "U02OP5T8V",
             "ines.carvalho": "U05IC2R6W", "dana.whitlock (support)": "U06DW9S3X", "marcus.bell (ashgrove)": "U07MB1A4Y"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "print-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fr = first_reject
    n_bad = len(hc) - good
    stats["n_bad"] = n_bad
    say(utc("2026-11-12 16:52:10"), "dana.whitlock (support)", "FYI author asking why the new cover template download gives a different spine than the help centre PDF for her hardcover, sent her the template")
    say(utc("2026-11-12 18:24:30"), "hannah.okafor", "deploying printjobs 3.15.0: rejection detail in the logs (PRD-517), pikepdf 9.4.2, ashgrove submit timeout 90s for tonight's casewrap batch (PRD-521)")
    say(RELEASE + dt.timedelta(minutes=1, seconds=40), "hannah.okafor", "3.15.0 is out, waves to both plants fine")
    say(CUTOFF + dt.timedelta(minutes=1, seconds=20), "hannah.okafor", f"casewrap batch sent to Ashgrove, {len(hc)} jobs in 58s, no timeout this time")
    say(fr + dt.timedelta(minutes=3), "alertmanager", "[FIRING:1] PlantRejections printjobs plant=ashgrove-tn rejected > 5 in 10m")
    say(fr + dt.timedelta(minutes=4, seconds=30), "priya.nair", "looking. Ashgrove is rejecting hardcovers with COVER_SIZE_MISMATCH, lots of them. Runbook says author covers, but this many in one batch?")
    say(fr + dt.timedelta(minutes=7), "priya.nair", "not all of them: the ones from last night and this morning went through. holding the orders for now")
    say(fr + dt.timedelta(minutes=9), "marcus.bell (ashgrove)", "Hi Larkspur, our preflight bounced a big part of tonight's case laminate batch on cover width. Anything change on your side? We can take a late batch until 21:00 UTC if you fix them")
    say(ROLLBACK - dt.timedelta(minutes=3), "priya.nair", "3.15.0 went out half an hour before the batch, pikepdf bump + the ashgrove timeout config. rolling back to task def 187 (this morning's)")
    say(ROLLBACK + dt.timedelta(minutes=2), "priya.nair", "rolled back. the rejection lines lost their detail, that's all that changed")
    say(RESUBMIT - dt.timedelta(minutes=1), "priya.nair", "resubmitting 10 of the rejected jobs on 187 to see if the pikepdf bump did it")
    say(RESUBMIT + dt.timedelta(minutes=4, seconds=30), "priya.nair", "all 10 rejected again, same widths. not 3.15.0 then")
    say(RESUBMIT + dt.timedelta(minutes=8), "hannah.okafor", "every one of them is short by exactly 0.250in in Ashgrove's message. that's the casewrap board allowance")
    say(RESUBMIT + dt.timedelta(minutes=12), "oliver.pritchard", "that's mine. PRD-512 this morning moved the spine calc to spine.py with the allowances keyed case_laminate/perfect_bound like Ashgrove's sheet, orders say casewrap, and .get() falls back to 0. went out at 10:31 so 187 has it too. fixing")
    say(utc("2026-11-12 20:26:00"), "oliver.pritchard", "PRD-524 merged (maps casewrap/perfect, fails on unknown bindings), deploying")
    say(FIXED + dt.timedelta(minutes=1), "oliver.pritchard", "3.15.1 out. re-imposing the rejected and pending casewrap jobs, late batch to Ashgrove at 20:49")
    say(LATE_BATCH + dt.timedelta(minutes=9), "priya.nair", "Ashgrove passing all of the late batch. releasing the holds")
    say(LATE_BATCH + dt.timedelta(minutes=12), "marcus.bell (ashgrove)", "got them, all passed preflight, they'll go on tomorrow's first casing shift")
    say(LATE_BATCH + dt.timedelta(minutes=15), "dana.whitlock (support)", "the author from earlier: her template had the same wrong spine, resending. anyone else who downloaded a hardcover template today?")
    say(LATE_BATCH + dt.timedelta(minutes=18), "oliver.pritchard", "/v1/cover-template with case_laminate was right, casewrap never reached it from the portal. will check the logs tomorrow. postmortem Friday")
    return [worker, alb, ash, pg, gha, slack], stats


PPI_NAMES = {"white-50": "50# white", "cream-50": "50# cream", "white-70": "70# white"}


def build(out_dir):
    rng = random.Random(50100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_reject"].replace(microsecond=0)
        assert utc("2026-11-12 19:02:00") <= onset <= utc("2026-11-12 19:06:00"), onset
        culprit_at = utc("2026-11-12 09:12:00")
        rej = stats["rejected"]
        acc = stats["accepted"]
        mstart = START

        def count(events, plant, t, code=None):
            return sum(1 for e in events if e[1] == plant and t - dt.timedelta(minutes=5) < e[0] <= t and (code is None or e[2] == code))

        metrics = {
            "printjobs_plant_rejections_5m.json": query_range(
                [({"job": "printjobs", "plant": "ashgrove-tn", "code": "COVER_SIZE_MISMATCH"}, lambda t: count(rej, "ashgrove-tn", t, "COVER_SIZE_MISMATCH")),
                 ({"job": "printjobs", "plant": "ashgrove-tn", "code": "other"}, lambda t: count(rej, "ashgrove-tn", t) - count(rej, "ashgrove-tn", t, "COVER_SIZE_MISMATCH")),
                 ({"job": "printjobs", "plant": "medway-uk", "code": "other"}, lambda t: count(rej, "medway-uk", t))],
                mstart, END, 60),
            "printjobs_plant_accepted_5m.json": query_range(
                [({"job": "printjobs", "plant": p}, lambda t, p=p: count(acc, p, t)) for p in ("ashgrove-tn", "medway-uk")],
                mstart, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        n, good = stats["batch"]
        return write_scenario(
            out_dir, name="r50-casewrap-spine-allowance", service=SERVICE, onset=onset,
            description=f"""
Larkspur Books' casewrap hardcovers are rejected by the print plant on
Thursday 12 November: the daily casewrap batch of {n} jobs goes to Ashgrove
Print at its 19:00 UTC cutoff, and from {onset.strftime('%H:%M:%S')} Ashgrove's preflight
rejects {n - good} of them with COVER_SIZE_MISMATCH (the ones imposed before
10:31 pass). A printjobs release had gone out at 18:29; a rollback at
19:26 and a resubmission of ten jobs did not help. A fix is deployed at
20:41 and the re-imposed jobs pass in a late batch at 20:49.
""",
            logs=logs, line_formats={"printjobs-worker.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r"does not match the calculated width",
                r"plant rejected job .*COVER_SIZE_MISMATCH",
            ],
            fix_files=["printjobs/prepress/spine.py"],
            explanation=f"""
The culprit is PRD-512 ("prepress: spine width from config/paper_stocks.yaml,
shared with the cover template API"), committed on Thursday 12 November at
09:12 UTC and deployed at 10:31 with the tests commit after it, {hours:.1f}
hours before the onset. It moves the spine calculation into
printjobs/prepress/spine.py and keys the binding allowances by Ashgrove's
names (perfect_bound, case_laminate), but orders carry perfect and
casewrap, and `cat["bindings"].get(binding, {{}}).get("allowance_in", 0.0)`
falls back to no allowance: every casewrap cover imposed from 10:31 is
0.25 in too narrow (the cover's wrap is still right, the 0.75 in edge is
special-cased). Paperbacks are unchanged, so nothing shows until the
daily casewrap batch at 19:00, when Ashgrove's preflight rejects the new
hardcovers ("Cover width ... does not match the calculated width ...",
printjobs: "plant rejected job ... COVER_SIZE_MISMATCH ..."), each short
by exactly 0.250 in. The fix maps the order names in spine.py (a revert
of the culprit touches it too).
Decoys: the 18:29 release 3.15.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (PRD-517,
which adds the very rejection detail to the "plant rejected job" line;
the pikepdf bump, a PDF library; PRD-521, which raises Ashgrove's submit
timeout for the casewrap batch in config/plants.yaml), rolled back at
19:26 to the 10:31 task definition, which holds the culprit (the detail
vanishes from the lines, the rejections go on, ten resubmitted jobs are
rejected again); the harmless rounding commit to spine.py at 14:30; the
docs commit about the cover template; the runbook commit that calls
COVER_SIZE_MISMATCH an author's file; PRD-505 (barcode box) to the cover
code; PRD-498 routing and the httpx bump; routine LOW_RESOLUTION_IMAGE,
FONT_NOT_EMBEDDED and BLEED_MISSING rejections of single authors' files,
carrier tracking gaps and slow royalty accrual queries.
""",
        )
    finally:
        repo.close()
