"""forecast-pipeline of Meteo Ibérica, the national weather service: the
regional model IBR25 (2.5 km) runs four times a day on the supercomputer,
whose dissemination pushes one GRIB2 file per forecast step over SFTP to
the ingest host (arrivald); decoder workers decode each file (eccodes),
interpolate the fields onto the web-mercator tile grid and store them
(zarr); the tiler seeds PNG map tiles for every step (zooms 5-8) and
renders the rest on demand behind the CDN; the public map
(mapas.meteoiberica.es) and the forecast API (api.meteoiberica.es) are
cached by the CDN. Forecasters issue warnings in their own tool. The
repository is a monorepo (ingest, decoder, tiler, api, Ansible roles,
Jenkinsfile); releases are Jenkins builds that run ansible-playbook
against the VMs.

On Tuesday 14 July at 16:25 UTC a commit (MAP-412) moves the colour scales
to config/palettes.yaml with explicit bounds (uneven bounds for the
precipitation layers) and replaces the clipped arithmetic lookup with
np.digitize(values, bounds) - 1. A value at or above the top bound (44 °C
for t2m and tmax) gives index len(colours), which is out of range: the
old code clipped it. Tuesday's 18:02 Jenkins deploy (build #411) ships it;
its start lines and the Jenkins checkout name a later test commit. Through
Tuesday's 18Z run and Wednesday's 00Z and 06Z runs the heatwave's
forecast maximum stays below 44 °C (43.1, 43.6, 43.8) and every tile
renders. Wednesday's 12Z run is the first to forecast 44-45 °C in the
Guadalquivir valley for Friday afternoon (steps 49-54, beyond the 48 h of
the 06Z/18Z runs): from 15:33 UTC every tile covering Montoro, Córdoba,
Andújar or Écija fails to render ("IndexError: index 32 is out of bounds
for axis 0 with size 32"), the run is published with holes, and the map's
temperature layer shows grey squares over Andalusia, on the day the
forecasters issue a red heat warning for Friday. The CDN caches the 500s
for 10 s and users keep asking for them.

Sergio Ruiz had deployed OPS-2231 at 14:58 (build #412: seed zoom 9 for
t2m/tmax, 12 seed workers) for the heatwave traffic; he rolls it back at
15:50 (build #413) without effect. Lucía Navarro reads the traceback,
pushes a clip (MAP-419) at 16:10, Jenkins deploys it at 16:16 (#414) and
she reseeds the run at 16:19; the holes fill.

Decoys: OPS-2231 deployed 35 minutes before the onset (seeding, config of
the tiler) and rolled back; the MAP-415 commit that logs failed renders
with their tile and traceback (the "tile render failed" line is new in
Tuesday's release); a harmless docstring commit to palette.py; a Pillow
bump; a decoder commit about accumulations; genuine "tile render failed"
errors for purged runs (FileNotFoundError) before the onset; a late step
file and a truncated file rescanned by the decoder; CDN 404s. Sources:
tiler (Python logging, line format, tracebacks), decoder (logfmt), the
ingest host's syslog (RFC 3164: arrivald, sshd, cron), CDN real-time logs
(JSON, sampled), Jenkins console with Ansible output, #meteo-ops (chat
export)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, syslog3164
from skeletons import chores, readme, runbook

SERVICE = "forecast-pipeline"
START, END = utc("2026-07-14 13:20:00"), utc("2026-07-15 16:45:00")
DEPLOY1 = utc("2026-07-14 18:02:02")
DECOY = utc("2026-07-15 14:58:11")
ROLLBACK = utc("2026-07-15 15:50:24")
FIXDEPLOY = utc("2026-07-15 16:16:40")
RESEED = utc("2026-07-15 16:19:05")
HOSTS = ["tiler01", "tiler02"]
DOMAIN = "int.meteoiberica.es"

# ---------------------------------------------------------------------------
# the repository

T2M_BOUNDS = list(range(-20, 46, 2))  # 33 bounds, 32 colours
T2M_COLOURS = ["#2c0b5e", "#3b1a7a", "#3f2f98", "#3a47b0", "#2f5fc2", "#2478cf", "#1f90d6", "#2aa6d6",
               "#46b9cf", "#66c8c2", "#86d3b1", "#a4dc9c", "#c0e386", "#d7e872", "#e9e663", "#f4dc57",
               "#f8cc4c", "#f9ba42", "#f8a73a", "#f59333", "#f07e2d", "#ea6928", "#e15424", "#d64021",
               "#c92f1f", "#b9221e", "#a6181f", "#911222", "#7b0e27", "#660b2d", "#520a33", "#3f0938"]

PALETTE_OLD = '''"""Colour scales for the map layers: a field value -> an RGBA pixel."""
import numpy as np

SCALES = {
    "t2m": {"units": "degC", "vmin": -20.0, "step": 2.0, "colours": %s},
    "tmax": {"units": "degC", "vmin": -20.0, "step": 2.0, "colours": %s},
    "wind10": {"units": "m s-1", "vmin": 0.0, "step": 2.5, "colours": %s},
    "mslp": {"units": "hPa", "vmin": 950.0, "step": 4.0, "colours": %s},
    "tp1h": {"units": "mm", "vmin": 0.0, "step": 0.5, "colours": %s},
}


def _rgba(hex_colour, alpha=210):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)) + (alpha,)


class Scale:
    def __init__(self, name, units, vmin, step, colours):
        self.name = name
        self.units = units
        self.vmin = vmin
        self.step = step
        self.rgba = np.array([_rgba(c) for c in colours], dtype=np.uint8)

    def colourise(self, values, mask=None):
        idx = ((values - self.vmin) / self.step).astype(np.int16)
        idx = np.clip(idx, 0, len(self.rgba) - 1)
        rgba = self.rgba[idx]
        if mask is not None:
            rgba[mask] = (0, 0, 0, 0)
        return rgba


def scale_for(layer):
    spec = SCALES[layer]
    return Scale(layer, spec["units"], spec["vmin"], spec["step"], spec["colours"])
''' % (json.dumps(T2M_COLOURS), json.dumps(T2M_COLOURS), json.dumps(T2M_COLOURS[8:28]),
       json.dumps(T2M_COLOURS[4:30]), json.dumps(T2M_COLOURS[6:26]))

PALETTE_NEW = '''"""Colour scales for the map layers: a field value -> an RGBA pixel.

The scales live in config/palettes.yaml: bounds[i] <= value < bounds[i + 1]
is drawn in colours[i]. Bounds need not be even (tp1h and tp24 are not).
"""
import functools

import numpy as np
import yaml


def _rgba(hex_colour, alpha=210):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)) + (alpha,)


class Scale:
    def __init__(self, name, units, bounds, colours):
        if len(colours) != len(bounds) - 1:
            raise ValueError(f"{name}: {len(colours)} colours for {len(bounds)} bounds")
        self.name = name
        self.units = units
        self.bounds = np.asarray(bounds, dtype=np.float32)
        self.rgba = np.array([_rgba(c) for c in colours], dtype=np.uint8)

    def colourise(self, values, mask=None):
        # np.digitize is 1 for bounds[0] <= v < bounds[1], hence the - 1
        idx = np.digitize(values, self.bounds) - 1
        rgba = self.rgba[idx]
        if mask is not None:
            rgba[mask] = (0, 0, 0, 0)
        return rgba


@functools.lru_cache(maxsize=None)
def _scales(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["scales"]


def scale_for(layer, path="config/palettes.yaml"):
    spec = _scales(path)[layer]
    return Scale(layer, spec["units"], spec["bounds"], spec["colours"])
'''


def palettes_yaml():
    def block(name, units, bounds, colours):
        return (f"  {name}:\n    units: {units}\n    bounds: [{', '.join(str(b) for b in bounds)}]\n"
                f"    colours: [{', '.join(json.dumps(c) for c in colours)}]\n")
    return ("# Colour scales of the map layers (MAP-412). colours[i] is drawn for\n"
            "# bounds[i] <= value < bounds[i + 1].\nscales:\n"
            + block("t2m", "degC", T2M_BOUNDS, T2M_COLOURS)
            + block("tmax", "degC", T2M_BOUNDS, T2M_COLOURS)
            + block("wind10", "m s-1", [x * 2.5 for x in range(21)], T2M_COLOURS[8:28])
            + block("mslp", "hPa", [950 + 4 * x for x in range(27)], T2M_COLOURS[4:30])
            + block("tp1h", "mm", [0, 0.1, 0.2, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 300], T2M_COLOURS[6:26])
            + block("tp24", "mm", [0, 0.5, 1, 2, 5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 180, 220, 260, 320, 500], T2M_COLOURS[6:26]))


RENDER_PY = '''"""One map tile: the stored field for (run, step) cut to the tile and coloured."""
import io

import mercantile
import numpy as np
from PIL import Image

from tiler.fieldstore import open_field
from tiler.palette import scale_for

KELVIN = 273.15


def render_tile(layer, run, step, z, x, y):
    field = open_field(layer, run, step)
    bounds = mercantile.xy_bounds(x, y, z)
    values, mask = field.window(bounds, size=256)
    if layer in ("t2m", "tmax"):
        values = values - KELVIN
    elif layer == "mslp":
        values = values / 100.0
    scale = scale_for(layer)
    rgba = scale.colourise(values, mask=mask)
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()
'''

SEED_OLD = '''"""Seeds the tiles of every step of a run as soon as the decoder has stored it."""
import logging
from concurrent.futures import ThreadPoolExecutor

import mercantile

from tiler.config import settings
from tiler.render import render_tile
from tiler.tilestore import put_tile

log = logging.getLogger("tiler.seed")


def _render_one(layer, run, step, tile):
    try:
        put_tile(layer, run, step, tile, render_tile(layer, run, step, tile.z, tile.x, tile.y))
        return True
    except Exception as exc:
        log.warning("render error %s/%s/%s/%s: %s", layer, run, step, tile, exc)
        return False


def seed_step(layer, run, step):
    zooms = settings.seed_zooms(layer)
    tiles = [t for z in zooms for t in mercantile.tiles(*settings.domain_bbox, z)]
    with ThreadPoolExecutor(max_workers=settings.seed_workers, thread_name_prefix="seed") as pool:
        results = list(pool.map(lambda t: _render_one(layer, run, step, t), tiles))
    failed = results.count(False)
    log.info("seeded layer=%s run=%s step=%d zooms=%d-%d tiles=%d failed=%d", layer, run, step, zooms[0], zooms[-1], len(tiles), failed)
    return failed
'''

APP_PY = '''"""On-demand tiles for the CDN: /tiles/<layer>/<run>/<step>/<z>/<x>/<y>.png"""
import logging

from flask import Flask, Response, abort

from tiler.fieldstore import RunPurged
from tiler.render import render_tile
from tiler.tilestore import get_tile, put_tile

app = Flask(__name__)
log = logging.getLogger("tiler.app")


@app.get("/tiles/<layer>/<run>/<int:step>/<int:z>/<int:x>/<int:y>.png")
def tile(layer, run, step, z, x, y):
    png = get_tile(layer, run, step, z, x, y)
    if png is None:
        try:
            png = render_tile(layer, run, step, z, x, y)
        except RunPurged:
            abort(404)
        put_tile(layer, run, step, (z, x, y), png)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "public, max-age=86400, immutable"})
'''

TILER_YAML = '''# Tiler settings (deployed to /etc/tiler/tiler.yaml by the tiler role).
domain_bbox: [-18.5, 27.4, 4.6, 44.2]
seed_workers: 8
seed_zooms:
  default: [5, 8]
  t2m: [5, 8]
  tmax: [5, 8]
on_demand:
  max_zoom: 10
  error_cache_seconds: 10
runs_kept: 8
'''

DECODE_PY = '''"""Decodes one GRIB2 step file from arrivald and stores its fields on the tile grid."""
import logging

import eccodes

from decoder.interp import to_tile_grid
from decoder.store import store_field

log = logging.getLogger("decoder")

WANTED = {"2t": "t2m", "10si": "wind10", "msl": "mslp", "tp": "tp1h", "tcc": "tcc"}


def decode_file(path, run, step):
    fields = {}
    with open(path, "rb") as handle:
        while True:
            gid = eccodes.codes_grib_new_from_file(handle)
            if gid is None:
                break
            try:
                short = eccodes.codes_get(gid, "shortName")
                if short in WANTED:
                    fields[WANTED[short]] = eccodes.codes_get_values(gid)
            finally:
                eccodes.codes_release(gid)
    for name, values in fields.items():
        store_field(name, run, step, to_tile_grid(values))
    return len(fields)
'''


def build_repo():
    lucia = Person("Lucía Navarro", "lucia.navarro@meteoiberica.es", 120)
    joao = Person("João Pereira", "joao.pereira@meteoiberica.es", 60)
    martin = Person("Martín Ferreyra", "martin.ferreyra@meteoiberica.es", -180)
    sergio = Person("Sergio Ruiz", "sergio.ruiz@meteoiberica.es", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("forecast-pipeline", "From the supercomputer's GRIB2 files to the public map and the forecast API:\ningest (arrivald), decoder and interpolation workers, the tiler and the API.", "make dev   # docker compose with a sample IBR25 run\nmake test"),
        "docs/runbook.md": runbook("forecast-pipeline", [
            ("TilerRenderErrors", "Look at tiler.log on tiler01/02 for the failing layer, run and step. A run\nthat is purged gives 404, not 500."),
            ("RunLate", "arrivald logs every step file. Late runs are the supercomputer's: ask the\nHPC duty desk before touching the pipeline."),
        ]),
        "requirements.txt": "numpy==1.26.4\neccodes==1.7.1\nzarr==2.18.2\nmercantile==1.2.1\nPillow==10.3.0\nFlask==3.0.3\ngunicorn==22.0.0\nPyYAML==6.0.1\n",
        "ingest/arrivald.py": "\"\"\"Watches the SFTP drop directory and hands each complete step file to the decoder queue.\"\"\"\n",
        "decoder/__init__.py": "",
        "decoder/decode.py": DECODE_PY,
        "decoder/interp.py": "\"\"\"Bilinear interpolation from the IBR25 Lambert grid to the tile grid (precomputed weights).\"\"\"\n",
        "tiler/__init__.py": "",
        "tiler/palette.py": PALETTE_OLD,
        "tiler/render.py": RENDER_PY,
        "tiler/seed.py": SEED_OLD,
        "tiler/app.py": APP_PY,
        "config/tiler.yaml": TILER_YAML,
        "config/decoder.yaml": "model: IBR25\ngrid: ibr25_lambert_2p5km\ncycles: [0, 6, 12, 18]\nsteps:\n  long: 72   # 00 and 12 UTC\n  short: 48  # 06 and 18 UTC\nworkers: 6\n",
        "deploy/ansible/site.yml": "- hosts: tiler\n  roles: [tiler]\n- hosts: decoder\n  roles: [decoder]\n",
        "deploy/ansible/inventory/production.ini": f"[tiler]\ntiler01.{DOMAIN}\ntiler02.{DOMAIN}\n\n[decoder]\ndecoder01.{DOMAIN}\ndecoder02.{DOMAIN}\n",
        "deploy/ansible/roles/tiler/tasks/main.yml": "- name: unpack release {{ release }}\n  unarchive: {src: 'dist/forecast-pipeline-{{ release }}.tar.gz', dest: '/opt/tiler/releases/{{ release }}'}\n- name: tiler.yaml\n  template: {src: tiler.yaml.j2, dest: /etc/tiler/tiler.yaml}\n  notify: restart tiler\n- name: current symlink\n  file: {src: '/opt/tiler/releases/{{ release }}', dest: /opt/tiler/current, state: link}\n  notify: restart tiler\n",
        "Jenkinsfile": "pipeline {\n  agent { label 'deploy' }\n  parameters {\n    string(name: 'REF', defaultValue: 'main')\n    choice(name: 'TARGET', choices: ['tiler', 'decoder', 'api'])\n  }\n  stages {\n    stage('Test') { steps { sh 'make test' } }\n    stage('Package') { steps { sh 'make dist RELEASE=${RELEASE}' } }\n    stage('Deploy') { steps { sh 'ansible-playbook -i deploy/ansible/inventory/production.ini deploy/ansible/site.yml --limit ${TARGET} -e release=${RELEASE} -e git_sha=${GIT_COMMIT}' } }\n  }\n}\n",
        "tests/test_palette.py": "import numpy as np\n\nfrom tiler.palette import scale_for\n\n\ndef test_t2m_colours_a_summer_day():\n    rgba = scale_for(\"t2m\").colourise(np.array([[21.5, 35.0]]))\n    assert rgba.shape == (1, 2, 4)\n",
    }
    repo.commit(utc("2026-07-09 08:30:00"), lucia, "forecast-pipeline: arrivald, decoder, tiler, Ansible roles and Jenkinsfile", files)
    repo.schedule(chores(random.Random(33101), SERVICE, [joao, sergio, martin], utc("2026-07-09 09:00:00"), utc("2026-07-13 16:00:00"), 3))
    repo.commit(utc("2026-07-10 12:10:00"), joao, "decoder: accumulations from template 4.8 (tp as the step's 1 h difference)", {
        "decoder/decode.py": repo.edit("decoder/decode.py", "                if short in WANTED:\n                    fields[WANTED[short]] = eccodes.codes_get_values(gid)\n",
                                       "                if short in WANTED:\n                    values = eccodes.codes_get_values(gid)\n                    if short == \"tp\" and eccodes.codes_get(gid, \"productDefinitionTemplateNumber\") == 8:\n                        values = values - previous_accumulation(run, step - 1)\n                    fields[WANTED[short]] = values\n").replace(
                                       "from decoder.store import store_field\n", "from decoder.store import previous_accumulation, store_field\n"),
    })
    old_release = repo.commit(utc("2026-07-10 15:40:00"), martin, "api: /v1/layers lists tmax with the run's valid days", {
        "api/layers.py": "LAYERS = [\"t2m\", \"tmax\", \"wind10\", \"mslp\", \"tp1h\"]\n\n\ndef layers(run):\n    return [{\"id\": name, \"run\": run.id, \"steps\": run.steps(name)} for name in LAYERS]\n",
    })
    repo.commit(utc("2026-07-13 10:25:00"), joao, "decoder: log field min/max per step (heatwave checks)", {
        "decoder/decode.py": repo.edit("decoder/decode.py", "    for name, values in fields.items():\n",
                                       "    for name, values in fields.items():\n        log.info(\"field stats\", extra={\"field\": name, \"run\": run, \"step\": step, \"min\": float(values.min()), \"max\": float(values.max())})\n"),
    })
    repo.commit(utc("2026-07-14 06:12:00"), bot, "Bump pillow from 10.3.0 to 10.4.0", {
        "requirements.txt": repo.edit("requirements.txt", "Pillow==10.3.0", "Pillow==10.4.0"),
    })
    culprit = repo.commit(utc("2026-07-14 16:25:00"), lucia, "tiler: colour scales from config/palettes.yaml, lookup with np.digitize (MAP-412)\n\nThe precipitation scales need uneven bounds (0.1, 0.2, 0.5 mm ...), which\nvmin + n * step cannot express. Every scale is now a list of bounds and\ncolours in config/palettes.yaml, and the lookup is one np.digitize call.", {
        "tiler/palette.py": PALETTE_NEW,
        "config/palettes.yaml": palettes_yaml(),
    })
    repo.commit(utc("2026-07-14 16:55:00"), joao, "tiler: docstring and type hints for Scale", {
        "tiler/palette.py": repo.edit("tiler/palette.py", "class Scale:\n    def __init__(self, name, units, bounds, colours):\n",
                                      "class Scale:\n    \"\"\"A colour scale of a map layer.\"\"\"\n\n    def __init__(self, name: str, units: str, bounds: list, colours: list):\n").replace(
                                      "    def colourise(self, values, mask=None):\n", "    def colourise(self, values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:\n"),
    })
    repo.commit(utc("2026-07-14 17:20:00"), martin, "tiler: log failed renders with layer, run, step and tile, with the traceback (MAP-415)\n\nA failed seed render was a one-line warning without the tile, and the\non-demand path answered a bare 500.", {
        "tiler/seed.py": repo.edit("tiler/seed.py", "    except Exception as exc:\n        log.warning(\"render error %s/%s/%s/%s: %s\", layer, run, step, tile, exc)\n        return False\n",
                                   "    except Exception:\n        log.exception(\"tile render failed layer=%s run=%s step=%d z=%d x=%d y=%d\", layer, run, step, tile.z, tile.x, tile.y)\n        return False\n"),
        "tiler/app.py": repo.edit("tiler/app.py", "        except RunPurged:\n            abort(404)\n",
                                  "        except RunPurged:\n            abort(404)\n        except Exception:\n            log.exception(\"tile render failed layer=%s run=%s step=%d z=%d x=%d y=%d\", layer, run, step, z, x, y)\n            return Response(status=500, headers={\"Cache-Control\": \"max-age=10\"})\n"),
    })
    head1 = repo.commit(utc("2026-07-14 17:45:00"), lucia, "test: palette bounds for tp1h and tp24", {
        "tests/test_palette.py": repo.files["tests/test_palette.py"] + "\n\ndef test_tp1h_uneven_bounds():\n    scale = scale_for(\"tp1h\")\n    assert scale.colourise(np.array([[0.15]]))[0, 0].tolist() == scale.rgba[1].tolist()\n\n\ndef test_every_scale_has_one_colour_per_interval():\n    for layer in (\"t2m\", \"tmax\", \"wind10\", \"mslp\", \"tp1h\", \"tp24\"):\n        scale = scale_for(layer)\n        assert len(scale.rgba) == len(scale.bounds) - 1\n",
    })
    deployed = dict(repo.files)
    repo.commit(utc("2026-07-15 06:40:00"), sergio, "docs: heatwave runbook (seeding deeper zooms, CDN)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Heatwave\n\nTraffic on the t2m layer doubles. Seed zoom 9 for t2m and tmax\n(config/tiler.yaml) so the CDN misses are not rendered on demand.\n",
    })
    head2 = repo.commit(utc("2026-07-15 14:41:00"), sergio, "tiler: seed zoom 9 for t2m and tmax, 12 seed workers for the heatwave (OPS-2231)", {
        "config/tiler.yaml": repo.edit("config/tiler.yaml", "seed_workers: 8\n", "seed_workers: 12\n").replace("  t2m: [5, 8]\n  tmax: [5, 8]\n", "  t2m: [5, 9]\n  tmax: [5, 9]\n"),
    })
    fix = repo.commit(utc("2026-07-15 16:10:00"), lucia, "tiler: clip the colour index to the scale (MAP-419)\n\nnp.digitize gives len(bounds) for a value at or above the top bound;\nthe old lookup clipped. 44.9 degC in the 12Z run.", {
        "tiler/palette.py": repo.edit("tiler/palette.py", "        idx = np.digitize(values, self.bounds) - 1\n",
                                      "        idx = np.clip(np.digitize(values, self.bounds) - 1, 0, len(self.rgba) - 1)\n"),
    })
    return repo, culprit, old_release, head1, head2, fix, deployed


# ---------------------------------------------------------------------------
# logs


def line_of(text, needle):
    return [line.strip() for line in text.splitlines()].index(needle.strip()) + 1


def pylog(t, host, level, thread, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {host} {level:<7} [{thread}] {logger}: {msg}"


def jenkins(t, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {msg}"


def deg2tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n)
    return x, y


# where the heat is: (name, lon, lat, degrees below the run's maximum)
HOT = [("Montoro", -4.38, 38.02, 0.0), ("Córdoba", -4.78, 37.88, 0.3), ("Andújar", -4.05, 38.04, 0.6),
       ("Écija", -5.08, 37.54, 0.7), ("Sevilla", -5.98, 37.39, 1.2), ("Badajoz", -6.97, 38.88, 1.6)]

# (run, hours after the run to the first file, steps, peak degC per valid day)
RUNS = [
    (utc("2026-07-14 06:00:00"), None, 48, {14: 41.5, 15: 42.1, 16: 42.6}),
    (utc("2026-07-14 12:00:00"), dt.timedelta(hours=3, minutes=7), 72, {14: 41.4, 15: 42.1, 16: 42.8, 17: 42.7}),
    (utc("2026-07-14 18:00:00"), dt.timedelta(hours=3, minutes=4), 48, {14: 40.0, 15: 42.0, 16: 43.1}),
    (utc("2026-07-15 00:00:00"), dt.timedelta(hours=3, minutes=9), 72, {15: 42.2, 16: 43.3, 17: 43.6}),
    (utc("2026-07-15 06:00:00"), dt.timedelta(hours=3, minutes=5), 48, {15: 42.4, 16: 43.8, 17: 41.0}),
    (utc("2026-07-15 12:00:00"), dt.timedelta(hours=3, minutes=6), 72, {15: 42.3, 16: 43.5, 17: 44.9, 18: 43.0}),
]
LAYERS = ["t2m", "wind10", "mslp", "tp1h"]
STEP_GAP = 33.0


def run_id(run):
    return run.strftime("%Y%m%d%H")


def max_temp(run_peaks, valid):
    peak = run_peaks.get(valid.day, 40.0)
    hours_off = abs(valid.hour + valid.minute / 60 - 15)
    hours_off = min(hours_off, 24 - hours_off)
    return peak - 15.0 * (hours_off / 12.0) ** 1.4


def build_logs(rng, culprit, old_release, head1, head2, fix, deployed):
    tiler, dec, ing, cdn, jen, chat = (Log("tiler.log"), Log("decoder.log"), Log("ingest01-syslog.log"),
                                       Log("cdn-realtime.log"), Log("jenkins-deploy.log"), Log("chat.log"))
    palette_file, render_file = deployed["tiler/palette.py"], deployed["tiler/render.py"]
    seed_file, app_file = deployed["tiler/seed.py"], deployed["tiler/app.py"]
    failures, stats = [], {"seed_fail": [], "od_fail": [], "seeded": []}

    # --- releases on the tiler VMs: (when, sha, release, zooms, workers, build, user, ref)
    releases = [
        (DEPLOY1, head1, "2026.07.14-1", 8, 8, 411, "Lucía Navarro", "main"),
        (DECOY, head2, "2026.07.15-1", 9, 12, 412, "Sergio Ruiz", "main"),
        (ROLLBACK, head1, "2026.07.14-1", 8, 8, 413, "Sergio Ruiz", head1),
        (FIXDEPLOY, fix, "2026.07.15-2", 8, 8, 414, "Lucía Navarro", "main"),
    ]
    messages = {head1: "test: palette bounds for tp1h and tp24", head2: "tiler: seed zoom 9 for t2m and tmax, 12 seed workers for the heatwave (OPS-2231)",
                fix: "tiler: clip the colour index to the scale (MAP-419)"}
    state = {"release": "2026.07.10-2", "sha": old_release, "zoom9": False, "fixed": False, "new_log": False}
    timeline = []
    for when, sha, rel, zmax, workers, build, user, ref in releases:
        t = when
        j = lambda s, msg: jen.add(t + dt.timedelta(seconds=s), jenkins(t + dt.timedelta(seconds=s), msg))
        j(0, f"Started by user {user}")
        if ref != "main":
            j(0.01, f"Rebuilds build #{build - 2}")
        j(0.4, "Running in Durability level: MAX_SURVIVABILITY")
        j(1.2, "[Pipeline] Start of Pipeline")
        j(1.3, f"[Pipeline] node")
        j(1.4, f"Running on deploy-agent-02 in /var/lib/jenkins/workspace/forecast-pipeline-deploy")
        j(2.1, "The recommended git tool is: NONE")
        j(2.9, f" > git fetch --tags --force --progress -- git@git.{DOMAIN}:sim/forecast-pipeline.git +refs/heads/*:refs/remotes/origin/*")
        j(4.2, f"Checking out Revision {sha} ({'refs/remotes/origin/main' if ref == 'main' else 'detached'})")
        j(4.3, f" > git checkout -f {sha} # timeout=10")
        j(4.4, f"Commit message: \"{messages[sha]}\"")
        j(4.6, "[Pipeline] stage (Test)")
        j(5.0, "+ make test")
        j(61.8, f"======================== {rng.randint(118, 124)} passed in 55.{rng.randint(10, 99)}s =========================")
        j(62.1, "[Pipeline] stage (Package)")
        j(62.3, f"+ make dist RELEASE={rel}")
        j(80.9, f"dist/forecast-pipeline-{rel}.tar.gz written ({rng.randint(4100, 4300)} kB)")
        j(81.2, "[Pipeline] stage (Deploy)")
        j(81.4, f"+ ansible-playbook -i deploy/ansible/inventory/production.ini deploy/ansible/site.yml --limit tiler -e release={rel} -e git_sha={sha}")
        j(83.0, "PLAY [tiler] *******************************************************************")
        j(83.1, "TASK [Gathering Facts] *********************************************************")
        for k, h in enumerate(HOSTS):
            j(85.0 + k * 0.3, f"ok: [{h}.{DOMAIN}]")
        j(85.9, f"TASK [tiler : unpack release {rel}] ****************************************")
        for k, h in enumerate(HOSTS):
            j(92.0 + k * 0.8, f"{'changed' if rel != '2026.07.14-1' or build == 411 else 'ok'}: [{h}.{DOMAIN}]")
        j(93.2, "TASK [tiler : tiler.yaml] ******************************************************")
        for k, h in enumerate(HOSTS):
            j(94.0 + k * 0.4, f"changed: [{h}.{DOMAIN}]")
        j(95.0, "TASK [tiler : current symlink] *************************************************")
        for k, h in enumerate(HOSTS):
            j(95.6 + k * 0.3, f"changed: [{h}.{DOMAIN}]")
        j(96.4, "RUNNING HANDLER [tiler : restart tiler] ****************************************")
        for k, h in enumerate(HOSTS):
            j(99.0 + k * 0.5, f"changed: [{h}.{DOMAIN}]")
        j(100.2, "PLAY RECAP *********************************************************************")
        for k, h in enumerate(HOSTS):
            j(100.3, f"{h}.{DOMAIN} : ok=6    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        j(100.9, "[Pipeline] End of Pipeline")
        j(101.0, "Finished: SUCCESS")
        up = when + dt.timedelta(seconds=99)
        timeline.append((up, sha, rel, zmax, workers))
        for k, h in enumerate(HOSTS):
            ts = up + dt.timedelta(seconds=k * 0.5 + rng.uniform(0.2, 0.9))
            tiler.add(ts, pylog(ts, h, "INFO", "MainThread", "tiler", f"tiler {rel} starting (git {sha[:12]}) from /opt/tiler/releases/{rel}"))
            tiler.add(ts + dt.timedelta(seconds=0.3), pylog(ts + dt.timedelta(seconds=0.3), h, "INFO", "MainThread", "tiler.config", f"seed zooms t2m=5-{zmax} tmax=5-{zmax} default=5-8, seed workers {workers}, runs kept 8"))
            tiler.add(ts + dt.timedelta(seconds=0.9), pylog(ts + dt.timedelta(seconds=0.9), h, "INFO", "MainThread", "gunicorn.error", f"Listening at: http://0.0.0.0:8080 ({rng.randint(20000, 29999)})"))
    # nightly test job, another job on the same Jenkins
    t = utc("2026-07-15 02:00:03")
    jen.add(t, jenkins(t, "Started by timer"))
    jen.add(t + dt.timedelta(seconds=3), jenkins(t + dt.timedelta(seconds=3), f"Checking out Revision {head1} (refs/remotes/origin/main)"))
    jen.add(t + dt.timedelta(seconds=71), jenkins(t + dt.timedelta(seconds=71), "WARNING: 3 tests skipped (no sample 18Z run in the fixture store)"))
    jen.add(t + dt.timedelta(seconds=72), jenkins(t + dt.timedelta(seconds=72), "Finished: SUCCESS"))

    def current(t):
        cur = (START, old_release, "2026.07.10-2", 8, 8)
        for item in timeline:
            if item[0] <= t:
                cur = item
        return cur

    def tb(path_rel, frames, exc):
        lines = ["Traceback (most recent call last):"]
        for f, line, fn, code in frames:
            lines.append(f'  File "{f}", line {line}, in {fn}')
            lines.append(f"    {code}")
        lines.append(exc)
        return "\n".join(lines)

    def fail_tb(rel, on_demand):
        base = f"/opt/tiler/releases/{rel}/tiler"
        first = ((f"{base}/app.py", line_of(app_file, "png = render_tile(layer, run, step, z, x, y)"), "tile", "png = render_tile(layer, run, step, z, x, y)") if on_demand else
                 (f"{base}/seed.py", line_of(seed_file, "put_tile(layer, run, step, tile, render_tile(layer, run, step, tile.z, tile.x, tile.y))"), "_render_one", "put_tile(layer, run, step, tile, render_tile(layer, run, step, tile.z, tile.x, tile.y))"))
        return tb(rel, [first,
                        (f"{base}/render.py", line_of(render_file, "rgba = scale.colourise(values, mask=mask)"), "render_tile", "rgba = scale.colourise(values, mask=mask)"),
                        (f"{base}/palette.py", line_of(palette_file, "rgba = self.rgba[idx]"), "colourise", "rgba = self.rgba[idx]")],
                  "IndexError: index 32 is out of bounds for axis 0 with size 32")

    def purged_tb(rel):
        base = f"/opt/tiler/releases/{rel}/tiler"
        return tb(rel, [(f"{base}/app.py", line_of(app_file, "png = render_tile(layer, run, step, z, x, y)"), "tile", "png = render_tile(layer, run, step, z, x, y)"),
                        (f"{base}/render.py", line_of(render_file, "field = open_field(layer, run, step)"), "render_tile", "field = open_field(layer, run, step)"),
                        (f"{base}/fieldstore.py", 41, "open_field", "group = zarr.open_group(self.path(layer, run), mode=\"r\")"),
                        ("/opt/tiler/venv/lib/python3.11/site-packages/zarr/hierarchy.py", 1475, "open_group", "raise GroupNotFoundError(path)")],
                  "zarr.errors.GroupNotFoundError: group not found at path ''")

    # --- runs: arrival, decoding, seeding
    hot_tiles = {}  # (run, step) -> list of (z, x, y) failing
    seq_pid = iter(range(40211, 99999, 3))
    for run, lag, nsteps, peaks in RUNS:
        if lag is None:
            continue
        rid = run_id(run)
        first = run + lag + dt.timedelta(seconds=rng.uniform(0, 40))
        if first >= END:
            continue
        spid = next(seq_pid)
        ing.add(first - dt.timedelta(seconds=4), syslog3164(first - dt.timedelta(seconds=4), "ingest01", "sshd", spid, f"Accepted publickey for dissem from 10.200.4.17 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q7Hc1dXk9mR0bA3nT2wLzY8sVf4eJpUo6iGhKcN5xE0"))
        ing.add(first - dt.timedelta(seconds=3.6), syslog3164(first - dt.timedelta(seconds=3.6), "ingest01", "sshd", spid, "pam_unix(sshd:session): session opened for user dissem(uid=1207) by (uid=0)"))
        ing.add(first - dt.timedelta(seconds=3.5), syslog3164(first - dt.timedelta(seconds=3.5), "ingest01", "sftp-server", spid + 1, "session opened for local user dissem from [10.200.4.17]"))
        t = first
        run_max = -99.0
        for step in range(nsteps + 1):
            gap = STEP_GAP + rng.uniform(-4, 6)
            if rid == "2026071418" and step == 31:
                gap += 412  # a step file late from the supercomputer
            t = t + dt.timedelta(seconds=gap) if step else t
            if t >= END:
                break
            fname = f"IBR25_{rid}_{step:03d}.grib2"
            size = rng.randint(61_200_000, 63_900_000)
            ing.add(t, syslog3164(t, "ingest01", "arrivald", 1893, f"run={rid} step={step:03d} file={fname} bytes={size} sha256=ok queued=decoder"))
            td = t + dt.timedelta(seconds=rng.uniform(0.3, 1.5))
            worker = f"decoder0{1 + step % 2}"
            if gap > 300:
                dec.add(td - dt.timedelta(seconds=gap - 300), logfmt(td - dt.timedelta(seconds=gap - 300), "warn", "step file late", run=rid, step=step, waited_s=300, host=worker))
            if rid == "2026071500" and step == 17:
                dec.add(td, logfmt(td, "error", "ECCODES ERROR : grib_handle_new_from_file: wrong message length", run=rid, step=step, file=fname, host=worker))
                td += dt.timedelta(seconds=20)
                dec.add(td, logfmt(td, "info", "file rescanned", run=rid, step=step, file=fname, attempt=2, host=worker))
            dec.add(td, logfmt(td, "info", "decoding", run=rid, step=step, file=fname, host=worker))
            valid = run + dt.timedelta(hours=step)
            mx = max_temp(peaks, valid)
            run_max = max(run_max, mx)
            mn = 7.0 + rng.uniform(-1.5, 1.5) + (mx - 40) * 0.3
            tstats = td + dt.timedelta(seconds=rng.uniform(3.0, 4.5))
            dec.add(tstats, logfmt(tstats, "info", "field stats", field="t2m", run=rid, step=step, min=f"{mn + 273.15:.2f}", max=f"{mx + 273.15:.2f}", host=worker))
            dec.add(tstats, logfmt(tstats, "info", "field stats", field="wind10", run=rid, step=step, min="0.00", max=f"{rng.uniform(14, 23):.2f}", host=worker))
            if step:
                dec.add(tstats, logfmt(tstats, "info", "field stats", field="tp1h", run=rid, step=step, min="0.00", max=f"{rng.choice([0.0, 0.0, 0.4, 1.2, 3.8, 11.6]):.2f}", host=worker))
            if rng.random() < 0.08:
                dec.add(tstats, logfmt(tstats, "warn", "bitmap present, missing values masked", field="tcc", run=rid, step=step, missing_pct=f"{rng.uniform(0.4, 3.1):.1f}", host=worker))
            tstore = tstats + dt.timedelta(seconds=rng.uniform(5, 8))
            dec.add(tstore, logfmt(tstore, "info", "stored", run=rid, step=step, fields=5, interp_ms=rng.randint(4100, 6900), store="zarr://fields/ibr25", host=worker))
            # seeding on one of the tilers
            ts0 = tstore + dt.timedelta(seconds=rng.uniform(0.5, 1.5))
            _, sha, rel, zmax, workers = current(ts0)
            h = HOSTS[step % 2]
            fixed = ts0 >= FIXDEPLOY + dt.timedelta(seconds=99)
            for li, layer in enumerate(LAYERS):
                z_hi = zmax if layer == "t2m" else 8
                ntiles = {8: 252, 9: 902}[z_hi]
                dur = ntiles * rng.uniform(0.011, 0.016) * 8 / workers
                ts0 += dt.timedelta(seconds=dur)
                bad = []
                if layer == "t2m" and rel != "2026.07.10-2" and not fixed:
                    seen = set()
                    for name, lon, lat, below in HOT:
                        if mx - below >= 44.0:
                            for z in range(5, z_hi + 1):
                                tile = (z,) + deg2tile(lon, lat, z)
                                if tile not in seen:
                                    seen.add(tile)
                                    bad.append(tile)
                    hot_tiles[(rid, step)] = bad
                for z, x, y in bad:
                    tf = ts0 - dt.timedelta(seconds=rng.uniform(0.2, dur * 0.9))
                    thread = f"seed_{rng.randint(0, workers - 1)}"
                    tiler.add(tf, pylog(tf, h, "ERROR", thread, "tiler.seed", f"tile render failed layer={layer} run={rid} step={step} z={z} x={x} y={y}") + "\n" + fail_tb(rel, False))
                    failures.append(tf)
                    stats["seed_fail"].append(tf)
                stats["seeded"].append(ts0)
                tiler.add(ts0, pylog(ts0, h, "INFO", "MainThread", "tiler.seed", f"seeded layer={layer} run={rid} step={step} zooms=5-{z_hi} tiles={ntiles} failed={len(bad)}"))
        # daily maximum layers after the last step of a day
        end_t = t + dt.timedelta(seconds=8)
        if end_t < END:
            _, sha, rel, zmax, workers = current(end_t)
            for day in sorted(peaks)[1:]:
                vt = end_t + dt.timedelta(seconds=rng.uniform(3, 6))
                bad = []
                if peaks[day] >= 44.0 and rel != "2026.07.10-2" and end_t < FIXDEPLOY:
                    seen = set()
                    for name, lon, lat, below in HOT:
                        if peaks[day] - below >= 44.0:
                            for z in range(5, zmax + 1):
                                tile = (z,) + deg2tile(lon, lat, z)
                                if tile not in seen:
                                    seen.add(tile)
                                    bad.append(tile)
                    hot_tiles[(rid, f"tmax{day}")] = bad
                for z, x, y in bad:
                    tf = vt - dt.timedelta(seconds=rng.uniform(0.2, 4))
                    tiler.add(tf, pylog(tf, HOSTS[0], "ERROR", f"seed_{rng.randint(0, workers - 1)}", "tiler.seed", f"tile render failed layer=tmax run={rid} step={day} z={z} x={x} y={y}") + "\n" + fail_tb(rel, False))
                    failures.append(tf)
                    stats["seed_fail"].append(tf)
                tiler.add(vt, pylog(vt, HOSTS[0], "INFO", "MainThread", "tiler.seed", f"seeded layer=tmax run={rid} day=2026-07-{day} zooms=5-{zmax} tiles={ {8: 252, 9: 902}[zmax]} failed={len(bad)}"))
                end_t = vt
            nfail = sum(len(v) for k, v in hot_tiles.items() if k[0] == rid)
            pt = end_t + dt.timedelta(seconds=2)
            tiler.add(pt, pylog(pt, HOSTS[0], "INFO" if not nfail else "WARNING", "MainThread", "tiler.publish",
                                f"run {rid} published: layers=t2m,tmax,wind10,mslp,tp1h missing_tiles={nfail}"))
            dec.add(pt, logfmt(pt, "info", "run complete", run=rid, steps=nsteps + 1, max_t2m=f"{run_max + 273.15:.2f}", host="decoder01"))
            ing.add(pt - dt.timedelta(seconds=9), syslog3164(pt - dt.timedelta(seconds=9), "ingest01", "sshd", spid, f"Received disconnect from 10.200.4.17 port {rng.randint(40000, 60000)}:11: disconnected by user"))
            ing.add(pt - dt.timedelta(seconds=8.9), syslog3164(pt - dt.timedelta(seconds=8.9), "ingest01", "sshd", spid, "pam_unix(sshd:session): session closed for user dissem"))
            state[rid] = pt

    published_12 = state.get("2026071512")
    assert published_12 is not None

    # --- public traffic through the CDN (sampled 1 in 200) and on-demand renders
    pops = ["MAD", "MAD", "MAD", "BCN", "BCN", "LIS", "SVQ", "PAR", "FRA"]

    def public_rate(t):
        local = (t.hour + 2) % 24
        base = {0: 3, 1: 2, 2: 1.5, 3: 1, 4: 1, 5: 1.5, 6: 2.5, 7: 4, 8: 6, 9: 7, 10: 7, 11: 7, 12: 7, 13: 8, 14: 9, 15: 10, 16: 9, 17: 8, 18: 8, 19: 8, 20: 9, 21: 11, 22: 8, 23: 5}[local]
        return base * 0.9

    def latest_run(t):
        best = "2026071406"
        for rid in ("2026071412", "2026071418", "2026071500", "2026071506", "2026071512"):
            if state.get(rid) and state[rid] <= t:
                best = rid
        return best

    def client():
        return rng.choice([f"83.{rng.randint(32, 63)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"88.{rng.randint(0, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"2a02:9130:{hexid(rng, 4)}::{hexid(rng, 3)}", f"95.{rng.randint(120, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def cdn_line(t, host, url, status, cache, size, ttfb, pop=None, sample=200):
        body = {"ts": t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                "pop": pop or rng.choice(pops), "client": client(), "host": host, "method": "GET", "url": url,
                "status": status, "cache": cache, "bytes": size, "ttfb_ms": ttfb, "sample": sample if status < 400 else 10}
        return json.dumps(body, ensure_ascii=False)

    def hot_urls(rid):
        out = []
        for (r, step), tiles in hot_tiles.items():
            if r != rid:
                continue
            for z, x, y in tiles:
                if str(step).startswith("tmax"):
                    out.append(("tmax", f"/tiles/tmax/{rid}/{str(step)[4:]}/{z}/{x}/{y}.png"))
                else:
                    out.append(("t2m", f"/tiles/t2m/{rid}/{step}/{z}/{x}/{y}.png"))
        return out

    hot12 = None
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        for w in poisson_times(rng, t, nxt, public_rate(t)):
            rid = latest_run(w)
            k = rng.random()
            if k < 0.52:
                layer = rng.choice(["t2m", "t2m", "t2m", "tmax", "wind10", "tp1h", "mslp"])
                z = rng.choice([5, 6, 6, 7, 7, 7, 8, 8, 9, 10])
                x, y = deg2tile(rng.uniform(-9.5, 3.3), rng.uniform(36.0, 43.7), z)
                step = rng.randint(0, 72)
                url = f"/tiles/{layer}/{rid}/{step}/{z}/{x}/{y}.png"
                cache = "HIT" if rng.random() < (0.93 if z <= 8 else 0.71) else "MISS"
                cdn.add(w, cdn_line(w, "mapas.meteoiberica.es", url, 200, cache, rng.randint(9000, 61000), rng.randint(1, 6) if cache == "HIT" else rng.randint(60, 240)))
            elif k < 0.82:
                lat, lon = rng.uniform(36.0, 43.7), rng.uniform(-9.5, 3.3)
                url = f"/v1/forecast/point?lat={lat:.2f}&lon={lon:.2f}"
                cache = "HIT" if rng.random() < 0.88 else "MISS"
                cdn.add(w, cdn_line(w, "api.meteoiberica.es", url, 200, cache, rng.randint(5200, 7400), rng.randint(1, 5) if cache == "HIT" else rng.randint(25, 90)))
            elif k < 0.93:
                cdn.add(w, cdn_line(w, "api.meteoiberica.es", "/v1/warnings?area=es", 200, "HIT" if rng.random() < 0.9 else "MISS", rng.randint(3000, 9000), rng.randint(1, 40)))
            elif k < 0.985:
                cdn.add(w, cdn_line(w, "api.meteoiberica.es", "/v1/runs/latest", 200, "HIT" if rng.random() < 0.8 else "MISS", 412, rng.randint(1, 30)))
            elif rng.random() < 0.3:
                old = rng.choice(["2026070812", "2026070906", "2026070918"])
                cdn.add(w, cdn_line(w, "mapas.meteoiberica.es", f"/tiles/t2m/{old}/{rng.randint(0, 48)}/7/{rng.randint(58, 66)}/{rng.randint(45, 52)}.png", 404, "MISS", 0, rng.randint(20, 80)))
        t = nxt
        if hot12 is None and published_12 and t >= published_12:
            hot12 = hot_urls("2026071512")

    # errors are logged 1 in 10: the holes of the 12Z run, asked for by the map until the reseed
    for w in poisson_times(rng, published_12 + dt.timedelta(seconds=20), RESEED + dt.timedelta(seconds=50), 3.2):
        layer, url = rng.choice(hot12)
        cache = "MISS" if rng.random() < 0.45 else "HIT"
        cdn.add(w, cdn_line(w, "mapas.meteoiberica.es", url, 500, cache, 0, rng.randint(180, 420) if cache == "MISS" else rng.randint(1, 4)))
    # on-demand renders at the origin: failures of the hot tiles from the 12Z publication until the fix
    for w in poisson_times(rng, published_12, FIXDEPLOY + dt.timedelta(seconds=99), 5.5):
        layer, url = rng.choice(hot12)
        parts = url.split("/")
        _, sha, rel, zmax, workers = current(w)
        h = rng.choice(HOSTS)
        tiler.add(w, pylog(w, h, "ERROR", f"ThreadPoolExecutor-0_{rng.randint(0, 3)}", "tiler.app", f"tile render failed layer={layer} run={parts[3]} step={parts[4]} z={parts[5]} x={parts[6]} y={parts[7][:-4]}") + "\n" + fail_tb(rel, True))
        failures.append(w)
        stats["od_fail"].append(w)
    # between the fix deploy and the reseed the stored holes are rendered on demand, fine now
    # genuine errors before the onset: tiles of purged runs asked for by old links
    for w in poisson_times(rng, START, END, 0.045):
        _, sha, rel, zmax, workers = current(w)
        h = rng.choice(HOSTS)
        old = rng.choice(["2026070812", "2026070906", "2026070918"])
        z, x, y = 7, rng.randint(58, 66), rng.randint(45, 52)
        if rel == "2026.07.10-2":
            tiler.add(w, pylog(w, h, "INFO", f"ThreadPoolExecutor-0_{rng.randint(0, 3)}", "tiler.app", f"run {old} purged, 404 for t2m/{old}/{rng.randint(0, 48)}/{z}/{x}/{y}"))
        elif rng.random() < 0.25:
            tiler.add(w, pylog(w, h, "ERROR", f"ThreadPoolExecutor-0_{rng.randint(0, 3)}", "tiler.app", f"tile render failed layer=t2m run={old} step={rng.randint(0, 48)} z={z} x={x} y={y}") + "\n" + purged_tb(rel))
        else:
            tiler.add(w, pylog(w, h, "INFO", f"ThreadPoolExecutor-0_{rng.randint(0, 3)}", "tiler.app", f"run {old} purged, 404 for t2m/{old}/{rng.randint(0, 48)}/{z}/{x}/{y}"))
    # routine tiler lines
    t = START + dt.timedelta(seconds=41)
    while t < END:
        for h in HOSTS:
            n = int(public_rate(t) * rng.uniform(9, 14))
            tiler.add(t, pylog(t, h, "INFO", "stats", "tiler.app", f"on-demand renders last 5m: n={n} p50_ms={rng.randint(38, 55)} p95_ms={rng.randint(140, 260)} store_hits={int(n * rng.uniform(0.6, 0.8))}"))
        t += dt.timedelta(minutes=5)
    for w in poisson_times(rng, START, END, 0.03):
        tiler.add(w, pylog(w, rng.choice(HOSTS), "WARNING", f"ThreadPoolExecutor-0_{rng.randint(0, 3)}", "tiler.app", f"slow render layer=tp1h z=5 took_ms={rng.randint(1100, 2400)}"))
    t = utc("2026-07-14 23:30:00")
    for rid in ("2026071400", "2026071406"):
        t += dt.timedelta(minutes=1)
        tiler.add(t, pylog(t, HOSTS[0], "INFO", "MainThread", "tiler.purge", f"purged run {rid}: {rng.randint(1180000, 1200000)} tiles, fields deleted"))
    # ingest cron and sshd noise
    t = START + dt.timedelta(minutes=2)
    while t < END:
        ing.add(t, syslog3164(t, "ingest01", "CRON", 7000 + rng.randint(0, 900), "(root) CMD (/usr/local/sbin/dropdir-clean --older-than 12h)"))
        t += dt.timedelta(hours=1)
    for w in poisson_times(rng, START, END, 0.02):
        ing.add(w, syslog3164(w, "ingest01", "sshd", rng.randint(30000, 99999), f"Connection closed by authenticating user root {rng.randint(45, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} port {rng.randint(30000, 65000)} [preauth]"))
    # decoder routine heartbeats
    t = START + dt.timedelta(seconds=17)
    while t < END:
        for h in ("decoder01", "decoder02"):
            dec.add(t, logfmt(t, "info", "queue", depth=0 if rng.random() < 0.9 else 1, host=h))
        t += dt.timedelta(minutes=10)

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC #meteo-ops {who}: {text}")

    say("2026-07-14 18:00:40", "Lucía Navarro", "deploying forecast-pipeline to the tilers (MAP-412 palettes from yaml, MAP-415 render error logging, pillow bump)")
    say("2026-07-14 18:05:10", "Lucía Navarro", "2026.07.14-1 on tiler01/02, maps look the same, tp1h has the new bounds")
    say("2026-07-14 18:31:05", "Ana Beltrán (forecaster)", "yellow heat warnings for Thursday in Córdoba and Jaén issued")
    say("2026-07-15 07:05:30", "Ana Beltrán (forecaster)", "00Z keeps the heat for Friday, 43-44 in the Guadalquivir valley. orange for Thursday")
    say("2026-07-15 14:40:10", "Sergio Ruiz", "OPS-2231: seeding zoom 9 for t2m/tmax and 12 seed workers before the 12Z run, the CDN misses on z9 are hammering the tilers")
    say("2026-07-15 15:00:30", "Sergio Ruiz", "#412 done, tilers restarted with zoom 9")
    say("2026-07-15 15:39:50", "Ana Beltrán (forecaster)", "12Z upgrades Friday: 45 near Montoro and Córdoba. preparing a red warning for Friday")
    say("2026-07-15 15:43:12", "alertmanager", "[FIRING:1] TilerRenderErrors (job=tiler, rate 1.9/s)")
    say("2026-07-15 15:46:30", "Carmen Ortiz (web)", "the map's temperature layer has grey squares over Andalusia for Friday afternoon, on the day we go red. press office is asking")
    say("2026-07-15 15:48:02", "Sergio Ruiz", "errors started with the 12Z seeding, first run since OPS-2231. rolling back to #411's release")
    say("2026-07-15 15:53:40", "Sergio Ruiz", "#413 done (2026.07.14-1, zoom 8). still failing, and the on-demand renders fail too")
    say("2026-07-15 16:01:25", "Lucía Navarro", "IndexError in palette.colourise: index 32 out of bounds for size 32. np.digitize gives 33 for values >= 44, the top bound of t2m. my MAP-412 from yesterday, the old code clipped. first run ever above 44")
    say("2026-07-15 16:03:10", "Lucía Navarro", "fixing forward with a clip rather than reverting MAP-412 (the tp scales need the new bounds)")
    say("2026-07-15 16:14:50", "Lucía Navarro", "MAP-419 merged, deploying #414")
    say("2026-07-15 16:19:00", "Lucía Navarro", "#414 live, reseeding t2m and tmax of 2026071512")
    say("2026-07-15 16:27:35", "Carmen Ortiz (web)", "holes are gone, Friday shows 44-46 in dark red")
    say("2026-07-15 16:31:00", "Ana Beltrán (forecaster)", "red warning for Friday issued for Córdoba and Jaén countryside")
    return [tiler, dec, ing, cdn, jen, chat], failures, stats


def build(out_dir):
    rng = random.Random(33100)
    repo, culprit, old_release, head1, head2, fix, deployed = build_repo()
    try:
        logs, failures, stats = build_logs(rng, culprit, old_release, head1, head2, fix, deployed)
        # reseed after the fix: all tiles fine
        tiler = logs[0]
        t = RESEED
        for step in list(range(0, 73)):
            t += dt.timedelta(seconds=2.6 + rng.uniform(0, 0.6))
            tiler.add(t, pylog(t, HOSTS[0], "INFO", "MainThread", "tiler.seed", f"seeded layer=t2m run=2026071512 step={step} zooms=5-8 tiles=252 failed=0 (reseed)"))
        for day in (16, 17, 18):
            t += dt.timedelta(seconds=3)
            tiler.add(t, pylog(t, HOSTS[0], "INFO", "MainThread", "tiler.seed", f"seeded layer=tmax run=2026071512 day=2026-07-{day} zooms=5-8 tiles=252 failed=0 (reseed)"))
        tiler.add(t + dt.timedelta(seconds=2), pylog(t + dt.timedelta(seconds=2), HOSTS[0], "INFO", "MainThread", "tiler.publish", "run 2026071512 published: layers=t2m,tmax,wind10,mslp,tp1h missing_tiles=0"))
        onset = min(failures).replace(microsecond=0)
        assert dt.timedelta(minutes=20) <= onset - DECOY <= dt.timedelta(minutes=40), onset - DECOY
        assert all(f < FIXDEPLOY + dt.timedelta(seconds=100) for f in failures)

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"tiler_render_failures.json": query_range([
            ({"job": "tiler", "mode": "seed"}, per_min(stats["seed_fail"])),
            ({"job": "tiler", "mode": "on_demand"}, per_min(stats["od_fail"])),
        ], utc("2026-07-15 13:00:00"), END, 60)}
        hours = (onset - utc("2026-07-14 16:25:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r33-palette-digitize-heatwave", service=SERVICE, onset=onset,
            description=f"""
Meteo Ibérica's public map shows grey squares over Andalusia on the
temperature layer from Wednesday 15 July {onset.strftime('%H:%M:%S')} UTC: the tiler fails to
render the tiles of the 12Z run that cover the Guadalquivir valley for
Friday afternoon (seeding and on-demand renders answer 500), on the day
the forecasters prepare a red heat warning for Friday. The tilers had
been deployed on Tuesday at 18:02 (Jenkins #411) and on Wednesday at
14:58 (#412, OPS-2231: zoom 9 seeding); #412 was rolled back at 15:50
(#413); a fix was deployed at 16:16 (#414) and the run reseeded at 16:19.

Story: Tuesday's 16:25 commit MAP-412 looks colours up with
np.digitize(values, bounds) - 1 without clipping; the 12Z run is the
first to forecast 44 °C or more (the t2m scale's top bound), and every
tile with such a value raises IndexError. Decoys: OPS-2231 35 minutes
before, the commit that logs failed renders, a docstring commit to
palette.py, a Pillow bump, render failures of purged runs.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"tiler.log": r"<Date> <Time> <Host> <Level>\s+\[<Thread>\] <Logger>: <Content>"},
            root_cause=[
                r"is out of bounds for axis",
                r"rgba = self\.rgba\[idx\]",
            ],
            fix_files=["tiler/palette.py"],
            explanation=f"""
The culprit is "tiler: colour scales from config/palettes.yaml, lookup
with np.digitize (MAP-412)" (Tuesday 16:25 UTC, about {hours:.0f} hours before
the onset), shipped by Tuesday's 18:02 Jenkins build #411, whose checkout
and the tilers' start lines name the later test commit ("test: palette
bounds for tp1h and tp24"). Scale.colourise() now computes
np.digitize(values, bounds) - 1, which is len(colours) for a value at or
above the top bound (44 degC for t2m and tmax); the old code clipped the
index. Tuesday's 18Z run and Wednesday's 00Z and 06Z runs forecast
at most 43.1-43.8 degC (the decoder's "field stats" lines show
the t2m maximum in kelvin) and render fine. Wednesday's 12Z run, whose 72
hours reach Friday afternoon, forecasts 44-45 degC around Montoro,
Córdoba, Andújar and Écija for steps 49-54 and the Friday tmax: every
tile covering them fails with "IndexError: index 32 is out of bounds for
axis 0 with size 32" raised at "rgba = self.rgba[idx]" in palette.py,
first in the seeder, then on demand behind the CDN (500s cached for 10 s).
The rollback of OPS-2231 at 15:50 (#413, back to Tuesday's release, which
has the culprit) changes nothing; MAP-419 (a clip) deployed at 16:16 and
the reseed at 16:19 end it. Fix: clip the index in tiler/palette.py (or
revert MAP-412).
Decoys: OPS-2231 (config/tiler.yaml: zoom 9 seeding for t2m/tmax, 12
seed workers), deployed at 14:58, {round((onset - DECOY).total_seconds() / 60)} minutes before the onset, whose zoom 9
tiles fail too, rolled back without effect; MAP-415, which logs "tile
render failed" with the tile and the traceback (new in Tuesday's release);
the docstring commit to palette.py after the culprit; the Pillow bump;
the decoder's accumulation commit and its field-stats logging commit; the
heatwave runbook commit; "tile render failed" errors for purged runs
(GroupNotFoundError) before the onset; a late step file of the 18Z run; a
truncated file rescanned by the decoder; CDN 404s for purged runs; the
nightly test job's skipped tests.
""",
        )
    finally:
        repo.close()
