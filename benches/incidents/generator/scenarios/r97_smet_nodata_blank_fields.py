"""snowchain (Python 3.12; the model chain of the Lawinenwarndienst Westgau,
the avalanche warning service of the Austrian-style federal state of
Westgau, run by its four-person "Schnee & Daten" team on the state IT's
OpenShift, synced by Argo CD from `main`) feeds the forecasters who write
the avalanche bulletin (17:00 CET for the next day, a morning update at
07:30 CET when the danger changes overnight). It ingests the 30-minute
records of the service's 30 automatic weather stations (Campbell CR1000X
loggers, collected over GPRS by the hydrographic service's LoggerNet server
into TOA5 files on a share), checks them (QC: a value that fails a check is
removed and stored as NULL, a value just outside its range is clipped), and
every three hours runs SNOWPACK for each station from the station's last
state (.sno) up to its last record. The input since the state is written as
a SMET file (MeteoIO's ASCII format: a header with `nodata = -999` and a
`fields` line, then one whitespace-separated row per record); profiles,
new snow, surface hoar and stability indices go to the forecasters'
workbench. A station whose run fails keeps its old state, so its next run
covers the same records again.

Tuesday 20 January 2026, 10:20 CET: MOD-214 replaces the hand-rolled SMET
writer (a Python loop that wrote -999 for a missing value) with
`DataFrame.to_csv(sep=" ")`, after a season re-run from October took six
minutes per station in the loop. `to_csv` writes NaN as an empty string
unless `na_rep` is given, so a removed value becomes two spaces in a row,
one field short of the header's `fields`. The test fixture has no missing
value; in the high pressure of that week QC removes nothing (QC-31 clips
foggy RH readings instead of removing them since 14 January). Released in
2.13.0 that afternoon.

Wednesday 21 January: 2.14.0 at 16:05 CET (MOD-219, the SNOWPACK 3.8.0 /
MeteoIO 2.11 image, the very binary whose SMET reader will refuse the
files; MOD-221, which logs the tail of SNOWPACK's stderr when a run fails,
the very lines that fill the log; MOD-222, projected coordinates in the
SMET header, in the culprit's file; OPS-57, the CronJob's deadline; a
Renovate pandas bump), after Tuesday's runbook commit that reads failing
runs as LoggerNet gaps or a bad SNOWPACK image and says to roll back.
The storm arrives from the south in the evening (60-90 cm above 2000 m by
Thursday noon): the ultrasonic snow depth sensors lose their echo in the
heavy snowfall and the ridge anemometers rime up, and QC removes HS or VW
and DW. From the 00:05 UTC cycle on Thursday (01:05 CET) every station with
a removed value in its window fails ("InvalidFormatException: SMET file
..., line 17: expected 9 fields ..., found 8"): FALK2 and GAMS2 first, 11
at 03:05 UTC, when the on-call (Jonas) is paged. He suspects SNOWPACK 3.8.0
and the LoggerNet retries of the night, and rolls back to 2.13.0 at 04:48
CET without effect (12 stations fail the re-run, now only "snowpack exited
with status 1", since 2.13.0 does not log stderr); 17 fail the 06:05 UTC
cycle and the morning update goes out without SNOWPACK for the southern
high stations. Mira finds two spaces where HS should be in FALK2's input
file on the runs volume and `to_csv` without `na_rep`; MOD-226 (2.14.1,
08:00 CET) writes -999 again and a manual cycle at 08:15 CET catches every
station up from its last state.

Sources: snowchain-runner (Python logging, multi-line stderr records),
snowchain-ingest (logfmt, QC), LoggerNet (the hydrographic service's
collection log, line format), ingress-nginx access (public site, app and
workbench), Argo CD (logrus text), Alertmanager (webhook JSON), the
forecast desk's shift log (line format), #lwd-ops (Slack export, JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "snowchain"
CET = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-01-21 13:30:00"), utc("2026-01-22 09:40:00")


def cet(text):
    """'2026-01-22 04:48:00' in Westgau (CET, UTC+1) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CET).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "snowchain"
dynamic = ["version"]
requires-python = ">=3.12"
dependencies = [
  "pandas==2.2.2",
  "numpy==1.26.4",
  "psycopg[binary]==3.1.19",
  "SQLAlchemy==2.0.30",
  "httpx==0.27.0",
  "PyYAML==6.0.1",
  "prometheus-client==0.20.0",
]

[project.optional-dependencies]
test = ["pytest==8.2.0"]

[project.scripts]
snowchain-ingest = "snowchain.ingest.main:main"
snowchain-runner = "snowchain.model.run:main"
snowchain-nwp = "snowchain.nwp.fetch:main"

[tool.setuptools.dynamic]
version = {attr = "snowchain.__version__"}
"""

INIT = '''"""snowchain: station ingest, QC and the SNOWPACK model chain of the
Lawinenwarndienst Westgau."""

__version__ = "2.12.1"
'''

STATIONS_PY = '''"""The stations of the LWD Westgau network, from config/stations.yaml."""

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    lat: float
    lon: float
    altitude: float
    region: str
    logger: str
    hs_mount_m: float
    fields: tuple[str, ...]


def load(path="config/stations.yaml"):
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out = []
    for s in raw["stations"]:
        out.append(Station(
            id=s["id"], name=s["name"], lat=s["lat"], lon=s["lon"], altitude=s["altitude"],
            region=s["region"], logger=s["logger"], hs_mount_m=s.get("hs_mount_m", 0.0),
            fields=tuple(["timestamp"] + s["fields"]),
        ))
    return out
'''

STORE_PY = '''"""The station records in TimescaleDB (table obs, one row per station and
30-minute record, NULL where QC removed a value) and the model states."""

import datetime as dt

from sqlalchemy import create_engine, text

FIELDS = ("TA", "RH", "TSS", "VW", "DW", "ISWR", "HS", "PSUM")


def engine(url):
    return create_engine(url, pool_pre_ping=True)


def last_record(conn, station_id):
    row = conn.execute(text("SELECT max(ts) FROM obs WHERE station = :s"), {"s": station_id}).one()
    return row[0]


def rows_since(conn, station_id, since, until):
    """The records after since up to and including until, oldest first, as
    dicts (None where QC removed a value)."""
    result = conn.execute(
        text(f"SELECT ts, {', '.join(FIELDS)} FROM obs WHERE station = :s AND ts > :a AND ts <= :b ORDER BY ts"),
        {"s": station_id, "a": since, "b": until},
    )
    return [dict(r._mapping) for r in result]


def insert(conn, station_id, record, flags):
    conn.execute(
        text(f"INSERT INTO obs (station, ts, {', '.join(FIELDS)}, qc_flags) VALUES (:station, :ts, "
             f"{', '.join(':' + f for f in FIELDS)}, :flags) ON CONFLICT (station, ts) DO NOTHING"),
        {"station": station_id, "flags": flags, **{f: record.get(f) for f in FIELDS}, "ts": record["ts"]},
    )
'''

SMET_PY = '''"""SMET input files for SNOWPACK (MeteoIO's SMET 1.1 ASCII format): a
header naming the station, its position, the nodata value and the fields,
then one whitespace-separated row per record."""

import math

NODATA = -999
DECIMALS = {"TA": 2, "RH": 1, "TSS": 2, "VW": 1, "DW": 0, "ISWR": 0, "HS": 3, "PSUM": 2}


def header(station):
    lines = [
        "SMET 1.1 ASCII",
        "[HEADER]",
        f"station_id   = {station.id}",
        f"station_name = {station.name}",
        f"latitude     = {station.lat:.5f}",
        f"longitude    = {station.lon:.5f}",
        f"altitude     = {station.altitude:.0f}",
        f"nodata       = {NODATA}",
        "tz           = 0",
        f"fields       = {' '.join(station.fields)}",
        "[DATA]",
    ]
    return "\\n".join(lines) + "\\n"


def _value(v, decimals):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return str(NODATA)
    return f"{v:.{decimals}f}"


def write(path, station, rows):
    """rows: the records since the station's state, oldest first, as dicts
    (None where QC removed a value)."""
    with open(path, "w", encoding="ascii") as fh:
        fh.write(header(station))
        for row in rows:
            out = [row["ts"].strftime("%Y-%m-%dT%H:%M")]
            for field in station.fields[1:]:
                out.append(_value(row.get(field), DECIMALS.get(field, 2)))
            fh.write(" ".join(out) + "\\n")
'''

RUN_PY = '''"""One SNOWPACK cycle: for each station the records since its last state are
written as SMET, SNOWPACK runs from the state (.sno) to the last record, and
the new state and the products go back to the store. A station whose run
fails keeps its state, so the next cycle covers its records again. Run every
three hours by the snowchain-runner CronJob."""

import logging
import os
import subprocess
import time

from snowchain import __version__, stations, store
from snowchain.model import products, smet, state

log = logging.getLogger("snowchain.model.run")
SNOWPACK = os.environ.get("SNOWPACK_BIN", "/opt/snowpack/bin/snowpack")
RUNS = os.environ.get("RUNS_DIR", "/runs")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%MZ")


def run_station(conn, st):
    since = state.last(conn, st.id)
    until = store.last_record(conn, st.id)
    if until is None or until <= since:
        log.info("station %s: no new records since %s", st.id, iso(since))
        return True
    rows = store.rows_since(conn, st.id, since, until)
    workdir = os.path.join(RUNS, st.id)
    smet.write(os.path.join(workdir, "input", f"{st.id}.smet"), st, rows)
    started = time.monotonic()
    proc = subprocess.run(
        [SNOWPACK, "-c", "io.ini", "-e", until.strftime("%Y-%m-%dT%H:%M"), "-m", "operational"],
        cwd=workdir, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        log.error("snowpack exited with status %d for station %s; state stays at %s", proc.returncode, st.id, iso(since))
        return False
    state.save(conn, st.id, workdir, until)
    n = products.upload(st, workdir, until)
    log.info("station %s: snowpack finished in %.1f s, state %s -> %s, %d input rows, %d products uploaded",
             st.id, time.monotonic() - started, iso(since), iso(until), len(rows), n)
    return True


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sts = stations.load()
    log.info("snowchain-runner %s (rev %s) with %s: cycle for %d stations", __version__,
             os.environ.get("GIT_REV", "unknown")[:7], state.snowpack_version(SNOWPACK), len(sts))
    started = time.monotonic()
    failed = []
    with store.engine(os.environ["DATABASE_URL"]).begin() as conn:
        for st in sts:
            if not run_station(conn, st):
                failed.append(st.id)
    log.info("cycle finished in %.0f s: %d ok, %d failed%s", time.monotonic() - started, len(sts) - len(failed),
             len(failed), f" ({', '.join(failed)})" if failed else "")
'''

FORECAST_PY = '''"""SNOWPACK forecast runs: from each station's current state, 48 hours forced
by an AROME-SWD point forecast (snowchain.nwp), run as soon as a new run is
fetched. The products (new snow, rain/snow line, wet snow index) go to the
workbench; the Falkental road stations' also to the road authority
(snowchain.push)."""

import logging
import os
import subprocess
import time

from snowchain import store
from snowchain.model import products

log = logging.getLogger("snowchain.model.forecast")
SNOWPACK = os.environ.get("SNOWPACK_BIN", "/opt/snowpack/bin/snowpack")
RUNS = os.environ.get("RUNS_DIR", "/runs")
HOURS = 48


def run_all(conn, sts, run):
    started = time.monotonic()
    failed = []
    for st in sts:
        workdir = os.path.join(RUNS, "forecast", st.id)
        store.write_nwp_smet(conn, st, run, os.path.join(workdir, "input", f"{st.id}.smet"))
        proc = subprocess.run([SNOWPACK, "-c", "io.ini", "-e", f"NOW+{HOURS}h", "-m", "forecast"],
                              cwd=workdir, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            failed.append(st.id)
            continue
        products.upload(st, workdir, run, kind="forecast")
    log.info("forecast with AROME-SWD run %s: %d stations, +%d h, %d ok, %d failed in %.0f s",
             run.strftime("%Y-%m-%dT%HZ"), len(sts), HOURS, len(sts) - len(failed), len(failed),
             time.monotonic() - started)
'''

STATE_PY = '''"""SNOWPACK's state per station: the .sno file of the last successful run,
kept in the store so that a cycle can start on a fresh pod."""

import subprocess

from sqlalchemy import text


def last(conn, station_id):
    return conn.execute(text("SELECT until FROM model_state WHERE station = :s"), {"s": station_id}).one()[0]


def save(conn, station_id, workdir, until):
    with open(f"{workdir}/state/{station_id}.sno", encoding="ascii") as fh:
        sno = fh.read()
    conn.execute(text("UPDATE model_state SET until = :u, sno = :sno WHERE station = :s"),
                 {"u": until, "sno": sno, "s": station_id})


def snowpack_version(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return out or "SNOWPACK (unknown version)"
'''

PRODUCTS_PY = '''"""Model products for the forecasters' workbench: the profile, 24 h new
snow, surface hoar size, SK38 and the weak layer index of the last run."""

import os

import httpx

WORKBENCH = os.environ.get("WORKBENCH_URL", "http://workbench-api.lwd.svc:8080")
PRODUCTS = ("profile.pro", "hn24.json", "surface_hoar.json", "sk38.json", "rta.json")


def upload(station, workdir, until, kind="model"):
    n = 0
    with httpx.Client(base_url=WORKBENCH, timeout=30) as client:
        for name in PRODUCTS:
            path = os.path.join(workdir, "output", name)
            if not os.path.exists(path):
                continue
            with open(path, "rb") as fh:
                client.put(f"/api/{kind}/{station.id}/{name}", content=fh.read(),
                           params={"until": until.isoformat()}).raise_for_status()
            n += 1
    return n
'''

QC_PY = '''"""Plausibility checks on each new record before it is stored. A value that
fails a check is removed (stored as NULL and flagged in qc_flags); a value
just outside its physical range is clipped to it."""

import logging

log = logging.getLogger("snowchain.ingest.qc")

RANGES = {"TA": (-50.0, 40.0), "RH": (0.0, 100.0), "TSS": (-50.0, 0.5), "VW": (0.0, 60.0),
          "DW": (0.0, 360.0), "ISWR": (0.0, 1400.0), "HS": (0.0, 8.0), "PSUM": (0.0, 50.0)}
# how far outside its range a value is clipped rather than removed
CLIP = {"RH": 3.0, "ISWR": 10.0, "TSS": 1.0}


def check(station, rec, recent):
    """rec: the new record (raw values); recent: the station's records of
    the last hour. Returns the checked record and its flags."""
    out, flags = dict(rec), []
    # HS: the SR50A's signal quality is 0 when no echo came back (heavy
    # snowfall, blowing snow); its distance is then meaningless
    if rec.get("HS_Q") == 0:
        _remove(out, flags, station, rec, "HS", "no_echo", sr50_quality=0)
    # VW/DW: a rimed anemometer stops; calm for an hour in cloud is rime
    if rec.get("VW") == 0.0 and all(r.get("VW") == 0.0 and r.get("RH", 0) >= 95 for r in recent[-2:]) and len(recent) >= 2:
        _remove(out, flags, station, rec, "VW", "rime")
        _remove(out, flags, station, rec, "DW", "rime")
    for field, (lo, hi) in RANGES.items():
        v = out.get(field)
        if v is None:
            continue
        if lo <= v <= hi:
            continue
        margin = CLIP.get(field, 0.0)
        if lo - margin <= v <= hi + margin:
            out[field] = min(max(v, lo), hi)
            flags.append(f"{field}:clipped")
            log.info("qc: value clipped", extra={"station": station.id, "field": field, "raw": v, "value": out[field]})
        else:
            _remove(out, flags, station, rec, field, "range")
    return out, flags


def _remove(out, flags, station, rec, field, rule, **extra):
    log.warning("qc: value removed", extra={"station": station.id, "field": field, "record": rec["ts"].isoformat(),
                                             "rule": rule, "raw": rec.get(field), **extra})
    out[field] = None
    flags.append(f"{field}:{rule}")
'''

TOA5_PY = '''"""TOA5 files written by LoggerNet: four header lines (environment, field
names, units, processing), then one CSV row per record. LoggerNet appends
every collection to the station's file; we remember the last record read."""

import csv
import datetime as dt


def records(path, after):
    with open(path, newline="", encoding="latin-1") as fh:
        reader = csv.reader(fh)
        next(reader)
        names = next(reader)
        next(reader)
        next(reader)
        for row in reader:
            ts = dt.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
            if after is not None and ts <= after:
                continue
            rec = {"ts": ts}
            for name, value in zip(names[2:], row[2:]):
                rec[name] = None if value in ("NAN", "\\"NAN\\"") else float(value)
            yield rec
'''

INGEST_MAIN_PY = '''"""Watches the LoggerNet share for new records, checks them and stores them.
Logs logfmt (the state IT's Loki parses it)."""

import logging
import os
import time

from snowchain import __version__, stations, store
from snowchain.ingest import logfmt, qc, toa5

log = logging.getLogger("snowchain.ingest")
SHARE = os.environ.get("LOGGERNET_SHARE", "/loggernet/data")


def main():
    logfmt.configure()
    sts = stations.load()
    log.info("snowchain-ingest starting", extra={"version": __version__, "rev": os.environ.get("GIT_REV", "")[:7],
                                                  "share": SHARE, "stations": len(sts)})
    eng = store.engine(os.environ["DATABASE_URL"])
    last = {}
    recent = {s.id: [] for s in sts}
    while True:
        for st in sts:
            path = os.path.join(SHARE, f"{st.logger}_Data30min.dat")
            new = list(toa5.records(path, last.get(st.id)))
            if not new:
                continue
            with eng.begin() as conn:
                for raw in new:
                    raw["HS"] = None if raw.get("HS_DIST") is None else round(st.hs_mount_m - raw["HS_DIST"], 3)
                    rec, flags = qc.check(st, raw, recent[st.id])
                    store.insert(conn, st.id, rec, ",".join(flags))
                    recent[st.id] = (recent[st.id] + [raw])[-2:]
            last[st.id] = new[-1]["ts"]
            log.info("ingested", extra={"station": st.id, "table": "Data30min", "rows": len(new),
                                        "last": last[st.id].strftime("%Y-%m-%dT%H:%M:%SZ")})
        time.sleep(30)
'''

STATIONS_YAML_HEAD = """# The LWD Westgau station network. fields: what the station measures, in
# the order SNOWPACK gets them. hs_mount_m: the SR50A's height above the
# ground (HS = mount height - distance).
stations:
"""

STATION_LIST = [
    # id, name, altitude, region, has_iswr, lat, lon, hs_mount
    ("ALPE1", "Alpeiner Boden", 1880, "W04", True, 47.0812, 10.9521, 2.80),
    ("BAER1", "Bärenboden", 1650, "W01", True, 47.3915, 10.6148, 2.60),
    ("EISB2", "Eisbrunnjoch", 2550, "W09", False, 46.9574, 10.8835, 3.20),
    ("FALK2", "Falkenkar", 2410, "W08", True, 46.9932, 10.7410, 3.20),
    ("FERN2", "Fernerkopf", 2610, "W09", True, 46.9411, 10.9682, 3.40),
    ("GAMS2", "Gamsgrat", 2630, "W08", False, 46.9707, 10.6950, 3.20),
    ("GEIS2", "Geißstein", 2190, "W03", True, 47.2630, 10.5117, 3.00),
    ("GRUE2", "Grünsee", 2050, "W07", True, 47.0350, 10.8016, 2.90),
    ("HGRA2", "Hinterer Grat", 2580, "W09", False, 46.9236, 10.9140, 3.20),
    ("HOCH2", "Hochleger", 2080, "W05", True, 47.1588, 10.7342, 3.00),
    ("KARL2", "Karlsjoch", 2320, "W07", True, 47.0108, 10.8654, 3.10),
    ("KESS1", "Kesselalm", 1910, "W06", True, 47.1122, 10.6483, 3.10),
    ("LANG2", "Langer Sattel", 2340, "W08", False, 46.9810, 10.6212, 3.00),
    ("MOOS1", "Moosalm", 1820, "W02", True, 47.3301, 10.8220, 2.70),
    ("MURA2", "Murkar", 2290, "W07", True, 47.0419, 10.9318, 3.10),
    ("NOCK2", "Nockspitze", 2350, "W06", False, 47.0902, 10.7006, 3.00),
    ("PLAT2", "Plattenkogel", 2460, "W08", True, 46.9655, 10.7831, 3.20),
    ("ROSS1", "Rossboden", 1600, "W01", True, 47.4197, 10.7315, 2.50),
    ("ROTM2", "Rotmoos", 2170, "W07", False, 47.0244, 10.7572, 3.00),
    ("SCHA2", "Schartenkopf", 2280, "W06", True, 47.0736, 10.8093, 3.10),
    ("SEEK2", "Seekopf", 2200, "W05", True, 47.1267, 10.8788, 3.00),
    ("SILB2", "Silberkar", 2270, "W09", True, 46.9563, 11.0134, 3.10),
    ("SONN1", "Sonnberg", 1760, "W02", True, 47.3660, 10.9012, 2.70),
    ("STEI2", "Steinernes Tor", 2490, "W09", True, 46.9318, 10.8426, 3.30),
    ("TAFE2", "Tafelspitz", 2720, "W08", False, 46.9469, 10.7208, 3.40),
    ("TRUE1", "Trübenbach", 1450, "W03", True, 47.2958, 10.4631, 2.40),
    ("WEIS2", "Weißkar", 2390, "W08", True, 46.9880, 10.8351, 3.20),
    ("WIES1", "Wiesenalm", 1540, "W04", True, 47.2218, 10.9747, 2.50),
    ("ZWOE2", "Zwölferjoch", 2510, "W09", True, 46.9702, 10.9236, 3.30),
    ("HAHN2", "Hahnleitenkopf", 2150, "W05", True, 47.1840, 10.8155, 3.00),
]


def stations_yaml(kess_mount=2.85):
    out = STATIONS_YAML_HEAD
    for sid, name, alt, region, iswr, lat, lon, mount in STATION_LIST:
        if sid == "KESS1":
            mount = kess_mount
        fields = ["TA", "RH", "TSS", "VW", "DW"] + (["ISWR"] if iswr else []) + ["HS", "PSUM"]
        out += (f"  - id: {sid}\n    name: {name}\n    lat: {lat}\n    lon: {lon}\n    altitude: {alt}\n"
                f"    region: {region}\n    logger: {sid}_CR1000X\n    hs_mount_m: {mount:.2f}\n"
                f"    fields: [{', '.join(fields)}]\n")
    return out


IO_INI = """; SNOWPACK operational configuration, one run per station; {station} is
; filled in by the runner.
[General]
BUFFER_SIZE      = 370
BUFF_BEFORE      = 1.5

[Input]
COORDSYS         = PROJ
COORDPARAM       = 31254
TIME_ZONE        = 0
METEO            = SMET
METEOPATH        = ./input
STATION1         = {station}
SNOW             = SMET
SNOWPATH         = ./state

[Output]
TIME_ZONE        = 0
METEOPATH        = ./output
SNOWPATH         = ./state
PROF_WRITE       = TRUE
PROFILE_FORMAT   = PRO
PROF_START       = 0.0
PROF_DAYS_BETWEEN = 0.125
HAZ_WRITE        = TRUE

[Snowpack]
CALCULATION_STEP_LENGTH = 15
ROUGHNESS_LENGTH = 0.002
HEIGHT_OF_METEO_VALUES = 6.0
HEIGHT_OF_WIND_VALUE = 6.0
ENFORCE_MEASURED_SNOW_HEIGHTS = TRUE
SW_MODE          = INCOMING
ATMOSPHERIC_STABILITY = MO_MICHLMAYR

[SnowpackAdvanced]
VARIANT          = DEFAULT
NUMBER_SLOPES    = 5
SNOW_REDISTRIBUTION = TRUE
HN_DENSITY       = LEHNING_NEW

[Filters]
TA::filter1      = min_max
TA::arg1::min    = 223
TA::arg1::max    = 313
HS::filter1      = min
HS::arg1::soft   = true
HS::arg1::min    = 0.0

[Interpolations1D]
WINDOW_SIZE      = 43200
"""

NWP_FETCH_PY = '''"""Point forecasts of the Staatlicher Wetterdienst's AROME-SWD model for our
stations, the forcing of the SNOWPACK forecast runs. SWD delivers each run
(00, 06, 12 and 18 UTC) to its FTP server as one CSV per run, about 2 h 45 min
after the run's reference time. Run every 10 minutes by the snowchain-nwp
CronJob; a run already fetched is not fetched again."""

import datetime as dt
import ftplib
import io
import logging
import os

from snowchain import __version__, stations, store
from snowchain.model import forecast

log = logging.getLogger("snowchain.nwp.fetch")
HOST = os.environ.get("SWD_FTP_HOST", "ftp.swd.gv.at")
PATH = "/arome-swd/point/{run:%Y%m%d%H}/lwd-westgau.csv"
DELIVERY = dt.timedelta(hours=2, minutes=45)


def latest_due(now):
    run = now.replace(minute=0, second=0, microsecond=0, hour=now.hour - now.hour % 6)
    while run + DELIVERY > now:
        run -= dt.timedelta(hours=6)
    return run


def fetch(run):
    buf = io.BytesIO()
    with ftplib.FTP_TLS(HOST, timeout=60) as ftp:
        ftp.login(os.environ["SWD_FTP_USER"], os.environ["SWD_FTP_PASSWORD"])
        ftp.prot_p()
        ftp.retrbinary(f"RETR {PATH.format(run=run)}", buf.write)
    return buf.getvalue().decode("utf-8")


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    now = dt.datetime.now(dt.timezone.utc)
    run = latest_due(now)
    eng = store.engine(os.environ["DATABASE_URL"])
    with eng.begin() as conn:
        rev = os.environ.get("GIT_REV", "unknown")[:7]
        if store.nwp_run_stored(conn, run):
            log.info("snowchain-nwp %s (rev %s): run %s already fetched, next run due %s", __version__, rev,
                     run.strftime("%Y-%m-%dT%HZ"), (run + dt.timedelta(hours=6) + DELIVERY).strftime("%H:%MZ"))
            return
        log.info("snowchain-nwp %s (rev %s): run %s due since %s", __version__, rev,
                 run.strftime("%Y-%m-%dT%HZ"), (run + DELIVERY).strftime("%H:%MZ"))
        try:
            csv_text = fetch(run)
        except ftplib.error_perm as err:
            log.info("run %s not yet available: %s", run.strftime("%Y-%m-%dT%HZ"), err)
            return
        n = store.store_nwp(conn, run, csv_text)
        log.info("run %s fetched: %d stations, %d lead times", run.strftime("%Y-%m-%dT%HZ"), n[0], n[1])
        forecast.run_all(conn, stations.load(), run)
'''

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: lwd-snowchain
resources:
  - deployment-ingest.yaml
  - cronjob-runner.yaml
  - cronjob-nwp.yaml
  - pvc-runs.yaml
images:
  - name: registry.lwd-westgau.at/snow/snowchain
    newTag: "2.12.1"
"""

CRONJOB_RUNNER = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: snowchain-runner
spec:
  schedule: "5 */3 * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      backoffLimit: 0
      activeDeadlineSeconds: 900
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: runner
              image: registry.lwd-westgau.at/snow/snowchain
              command: ["snowchain-runner"]
              envFrom:
                - secretRef:
                    name: snowchain-db
              env:
                - name: RUNS_DIR
                  value: /runs
              volumeMounts:
                - name: runs
                  mountPath: /runs
              resources:
                requests:
                  cpu: "2"
                  memory: 2Gi
                limits:
                  memory: 2Gi
          volumes:
            - name: runs
              persistentVolumeClaim:
                claimName: snowchain-runs
"""

CRONJOB_NWP = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: snowchain-nwp
spec:
  schedule: "*/10 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: nwp
              image: registry.lwd-westgau.at/snow/snowchain
              command: ["snowchain-nwp"]
              envFrom:
                - secretRef:
                    name: snowchain-db
                - secretRef:
                    name: swd-ftp
"""

DEPLOYMENT_INGEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: snowchain-ingest
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: snowchain-ingest
  template:
    metadata:
      labels:
        app: snowchain-ingest
    spec:
      containers:
        - name: ingest
          image: registry.lwd-westgau.at/snow/snowchain
          command: ["snowchain-ingest"]
          envFrom:
            - secretRef:
                name: snowchain-db
          volumeMounts:
            - name: loggernet
              mountPath: /loggernet/data
              readOnly: true
      volumes:
        - name: loggernet
          nfs:
            server: lwd-loggernet.westgau.local
            path: /export/loggernet/data
"""

PVC_RUNS = """apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: snowchain-runs
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 20Gi
"""

DOCKERFILE = """FROM registry.lwd-westgau.at/snow/snowpack:3.7.2-meteoio2.10.1 AS snowpack

FROM python:3.12-slim
COPY --from=snowpack /opt/snowpack /opt/snowpack
ENV LD_LIBRARY_PATH=/opt/snowpack/lib SNOWPACK_BIN=/opt/snowpack/bin/snowpack
WORKDIR /app
COPY pyproject.toml .
COPY snowchain ./snowchain
RUN pip install --no-cache-dir .
COPY config ./config
ARG GIT_REV=unknown
ENV GIT_REV=$GIT_REV
"""

GITLAB_CI = """stages: [test, image]

test:
  stage: test
  image: python:3.12-slim
  script:
    - pip install .[test]
    - pytest -q

image:
  stage: image
  image: quay.io/buildah/stable:v1.35
  rules:
    - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/
  script:
    - TAG=${CI_COMMIT_TAG#v}
    - buildah bud --build-arg GIT_REV=$CI_COMMIT_SHA -t registry.lwd-westgau.at/snow/snowchain:$TAG .
    - buildah push registry.lwd-westgau.at/snow/snowchain:$TAG
"""

TEST_SMET = '''import datetime as dt

from snowchain.model import smet
from snowchain.stations import Station

UTC = dt.timezone.utc
FALK2 = Station(id="FALK2", name="Falkenkar", lat=46.9932, lon=10.741, altitude=2410, region="W08",
                logger="FALK2_CR1000X", hs_mount_m=3.2,
                fields=("timestamp", "TA", "RH", "TSS", "VW", "DW", "ISWR", "HS", "PSUM"))


def test_rows(tmp_path):
    rows = [
        {"ts": dt.datetime(2026, 1, 10, 0, 30, tzinfo=UTC), "TA": -11.42, "RH": 71.3, "TSS": -17.05, "VW": 3.2,
         "DW": 312.0, "ISWR": 0.0, "HS": 1.412, "PSUM": 0.0},
        {"ts": dt.datetime(2026, 1, 10, 1, 0, tzinfo=UTC), "TA": -11.6, "RH": 72.0, "TSS": -17.3, "VW": 2.9,
         "DW": 305.0, "ISWR": 0.0, "HS": 1.41, "PSUM": 0.0},
    ]
    path = tmp_path / "FALK2.smet"
    smet.write(path, FALK2, rows)
    lines = path.read_text().splitlines()
    assert lines[0] == "SMET 1.1 ASCII"
    assert "fields       = timestamp TA RH TSS VW DW ISWR HS PSUM" in lines
    data = lines[lines.index("[DATA]") + 1:]
    assert data == [
        "2026-01-10T00:30 -11.42 71.3 -17.05 3.2 312 0 1.412 0.00",
        "2026-01-10T01:00 -11.60 72.0 -17.30 2.9 305 0 1.410 0.00",
    ]
'''

README = """# snowchain

Station ingest, quality control and the SNOWPACK model chain of the
Lawinenwarndienst Westgau (LWD). The forecasters' workbench shows what it
produces; the bulletin itself is written in the workbench, not here.

- `snowchain/ingest`: reads the 30-minute records LoggerNet (run by the
  hydrographic service) collects from our CR1000X loggers, checks them
  (`qc.py`) and stores them in TimescaleDB.
- `snowchain/model`: every three hours, one SNOWPACK run per station from
  its last state to its last record (`run.py`, input written by `smet.py`).
- `snowchain/nwp`: AROME-SWD point forecasts from the Staatlicher
  Wetterdienst, the forcing of the forecast runs.

## Running locally

```
pip install -e .[test]
pytest -q
DATABASE_URL=postgresql+psycopg://localhost/snow snowchain-runner
```

## Deploying

A release commit bumps the version and `deploy/kustomization.yaml`; its tag
(`vX.Y.Z`) builds the image in GitLab CI, and Argo CD (`snowchain-prod`)
syncs `main` to the `lwd-snowchain` namespace. See `docs/runbook.md`.
"""

RUNBOOK = """# snowchain runbook

Owner: Schnee & Daten (#lwd-ops). Dashboards: Grafana > LWD > snowchain.
The forecasters need the model runs of the 00:05 and 03:05 UTC cycles for
the morning update (07:30 CET) and of the 12:05 UTC cycle for the evening
bulletin (17:00 CET).

## LoggerNetStationStale

A station has sent no record for 90 minutes. LoggerNet (hydrographic
service, on-call via the state IT service desk) retries every collection
three times; GPRS at the high stations drops out in storms. Nothing to do
in snowchain: the ingest catches up when LoggerNet does.

## Re-running a cycle

`oc -n lwd-snowchain create job --from=cronjob/snowchain-runner snowchain-runner-manual-$(date +%H%M)`
"""

CHANGELOG = """# Changelog

## 2.12.1

- Workbench upload retried once on a 502 (MOD-203).

## 2.12.0

- Forecast runs forced by AROME-SWD point forecasts (NWP-61).
"""


def build_repo():
    repo = Repo()
    mira = Person("Mira Koller", "mira.koller@lwd-westgau.at", 60)
    jonas = Person("Jonas Pfeifer", "jonas.pfeifer@lwd-westgau.at", 60)
    lukas = Person("Lukas Brandner", "lukas.brandner@lwd-westgau.at", 60)
    sarah = Person("Sarah Eberle", "sarah.eberle@lwd-westgau.at", 60)
    anton = Person("Anton Wieser", "anton.wieser@it.westgau.gv.at", 60)
    pedro = Person("Pedro Alves", "pedro.alves@lwd-westgau.at", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.gitlab.westgau.gv.at", 0)

    smet_path, run_path, store_path = "snowchain/model/smet.py", "snowchain/model/run.py", "snowchain/store.py"
    repo.commit(cet("2026-01-12 09:34:00"), mira, "snowchain 2.12.1: ingest, QC, SNOWPACK runner, NWP forcing (moved from the old svn repository)", {
        "pyproject.toml": PYPROJECT,
        "snowchain/__init__.py": INIT,
        "snowchain/stations.py": STATIONS_PY,
        store_path: STORE_PY,
        "snowchain/ingest/__init__.py": "",
        "snowchain/ingest/toa5.py": TOA5_PY,
        "snowchain/ingest/qc.py": QC_PY,
        "snowchain/ingest/main.py": INGEST_MAIN_PY,
        "snowchain/model/__init__.py": "",
        smet_path: SMET_PY,
        run_path: RUN_PY,
        "snowchain/model/state.py": STATE_PY,
        "snowchain/model/products.py": PRODUCTS_PY,
        "snowchain/model/forecast.py": FORECAST_PY,
        "snowchain/nwp/__init__.py": "",
        "snowchain/nwp/fetch.py": NWP_FETCH_PY,
        "config/stations.yaml": stations_yaml(),
        "config/io.ini": IO_INI,
        "deploy/kustomization.yaml": KUSTOMIZATION,
        "deploy/cronjob-runner.yaml": CRONJOB_RUNNER,
        "deploy/cronjob-nwp.yaml": CRONJOB_NWP,
        "deploy/deployment-ingest.yaml": DEPLOYMENT_INGEST,
        "deploy/pvc-runs.yaml": PVC_RUNS,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "tests/__init__.py": "",
        "tests/test_smet.py": TEST_SMET,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(97011)
    repo.schedule(chores(rng, SERVICE, [lukas, pedro, sarah], cet("2026-01-12 12:00:00"), cet("2026-01-19 17:00:00"), 3))
    repo.commit(cet("2026-01-13 08:12:00"), bot, "chore(deps): update dependency httpx to v0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(cet("2026-01-14 13:48:00"), lukas, "qc: clip RH up to 103 % instead of removing it (QC-31)\n\nThe HMP155s read 100.1-102 % in fog; removing those values left holes in\nthe model input on every foggy night, which MeteoIO then had to\ninterpolate. Clip them to 100 %; anything further out is still removed.", {
        "snowchain/ingest/qc.py": repo.edit("snowchain/ingest/qc.py", 'CLIP = {"RH": 3.0, "ISWR": 10.0, "TSS": 1.0}', 'CLIP = {"RH": 3.0, "ISWR": 10.0, "TSS": 1.0}  # RH: QC-31'),
    })
    repo.commit(cet("2026-01-15 10:05:00"), pedro, "nwp: log the number of lead times fetched (NWP-74)", {
        "snowchain/nwp/fetch.py": repo.edit("snowchain/nwp/fetch.py", "    n = store.store_nwp(conn, run, csv_text)\n", "    n = store.store_nwp(conn, run, csv_text)  # (stations, lead times)\n"),
    })
    repo.commit(cet("2026-01-19 14:10:00"), sarah, "stations: Kesselalm's SR50A remounted at 3.10 m after the snow reached the old bracket", {
        "config/stations.yaml": stations_yaml(kess_mount=3.10),
    })
    culprit = repo.commit(cet("2026-01-20 10:20:00"), mira, "model: write the SMET input with pandas (MOD-214)\n\nThe hand-rolled writer formats every value in a Python loop; the season\nre-run from 1 October after the HS filter change took six minutes per\nstation just writing input. Read the records into a DataFrame and write\nthem with to_csv: the re-run writes a station's input in under 10 s and\nthe 3-hourly cycle gets faster too.", {
        store_path: sub(repo.files[store_path],
                        "import datetime as dt\n\nfrom sqlalchemy import create_engine, text\n",
                        "import datetime as dt\n\nimport pandas as pd\nfrom sqlalchemy import create_engine, text\n",
                        '''def rows_since(conn, station_id, since, until):
    """The records after since up to and including until, oldest first, as
    dicts (None where QC removed a value)."""
    result = conn.execute(
        text(f"SELECT ts, {', '.join(FIELDS)} FROM obs WHERE station = :s AND ts > :a AND ts <= :b ORDER BY ts"),
        {"s": station_id, "a": since, "b": until},
    )
    return [dict(r._mapping) for r in result]
''',
                        '''def frame_since(conn, station_id, since, until):
    """The records after since up to and including until, indexed by their
    UTC timestamp, one column per field (NaN where QC removed a value)."""
    return pd.read_sql_query(
        text(f"SELECT ts, {', '.join(FIELDS)} FROM obs WHERE station = :s AND ts > :a AND ts <= :b ORDER BY ts"),
        conn, params={"s": station_id, "a": since, "b": until}, index_col="ts", parse_dates=["ts"],
    )
'''),
        smet_path: sub(repo.files[smet_path],
                       "import math\n\n",
                       "",
                       '''def _value(v, decimals):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return str(NODATA)
    return f"{v:.{decimals}f}"


def write(path, station, rows):
    """rows: the records since the station's state, oldest first, as dicts
    (None where QC removed a value)."""
    with open(path, "w", encoding="ascii") as fh:
        fh.write(header(station))
        for row in rows:
            out = [row["ts"].strftime("%Y-%m-%dT%H:%M")]
            for field in station.fields[1:]:
                out.append(_value(row.get(field), DECIMALS.get(field, 2)))
            fh.write(" ".join(out) + "\\n")
''',
                       '''def write(path, station, frame):
    """frame: the records since the station's state, indexed by UTC
    timestamp, one column per field (NaN where QC removed a value)."""
    data = frame[list(station.fields[1:])].round(DECIMALS)
    with open(path, "w", encoding="ascii") as fh:
        fh.write(header(station))
        data.to_csv(fh, sep=" ", header=False, date_format="%Y-%m-%dT%H:%M", float_format="%.3f",
                    lineterminator="\\n")
'''),
        run_path: sub(repo.files[run_path],
                      "    rows = store.rows_since(conn, st.id, since, until)\n",
                      "    frame = store.frame_since(conn, st.id, since, until)\n",
                      '    smet.write(os.path.join(workdir, "input", f"{st.id}.smet"), st, rows)\n',
                      '    smet.write(os.path.join(workdir, "input", f"{st.id}.smet"), st, frame)\n',
                      "st.id, time.monotonic() - started, iso(since), iso(until), len(rows), n)\n",
                      "st.id, time.monotonic() - started, iso(since), iso(until), len(frame), n)\n"),
        "tests/test_smet.py": sub(repo.files["tests/test_smet.py"],
                                  "import datetime as dt\n\n",
                                  "import datetime as dt\n\nimport pandas as pd\n\n",
                                  "    path = tmp_path / \"FALK2.smet\"\n    smet.write(path, FALK2, rows)\n",
                                  "    frame = pd.DataFrame(rows).set_index(\"ts\")\n    path = tmp_path / \"FALK2.smet\"\n    smet.write(path, FALK2, frame)\n",
                                  '        "2026-01-10T00:30 -11.42 71.3 -17.05 3.2 312 0 1.412 0.00",\n        "2026-01-10T01:00 -11.60 72.0 -17.30 2.9 305 0 1.410 0.00",\n',
                                  '        "2026-01-10T00:30 -11.420 71.300 -17.050 3.200 312.000 0.000 1.412 0.000",\n        "2026-01-10T01:00 -11.600 72.000 -17.300 2.900 305.000 0.000 1.410 0.000",\n'),
    })
    repo.commit(cet("2026-01-20 11:05:00"), jonas, "runbook: SNOWPACK runs failing", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## SnowpackRunsFailing

SNOWPACK failed for five or more stations in the last cycle. Their state
stays where it was and the next cycle tries again from there; the
forecasters see the last good profile.

Causes we have seen:

- Gaps in the input: LoggerNet collected the station late or not at all
  (GPRS, a dead logger battery) and MeteoIO cannot fill a long gap. Check
  LoggerNetStationStale and the LoggerNet log, and raise it with the
  hydrographic service.
- A bad SNOWPACK/MeteoIO image: a new version that reads our io.ini or
  our files differently. The error is in SNOWPACK's output, in the run
  directory on the `snowchain-runs` volume.

If the failures start after a snowchain release, roll back first (pin the
previous tag in `deploy/kustomization.yaml`), re-run the cycle (see below),
then investigate.
""",
    })
    rel_2130 = repo.commit(cet("2026-01-20 14:05:00"), mira, "release 2.13.0", {
        "snowchain/__init__.py": repo.edit("snowchain/__init__.py", '"2.12.1"', '"2.13.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.12.1"', 'newTag: "2.13.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.13.0\n\n- SMET input written with pandas (MOD-214).\n- RH clipped up to 103 % (QC-31).\n- Kesselalm SR50A at 3.10 m.\n- httpx 0.27.2.\n", 1),
    })
    repo.commit(cet("2026-01-21 08:40:00"), bot, "chore(deps): update dependency pandas to v2.2.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pandas==2.2.2"', '"pandas==2.2.3"'),
    })
    repo.commit(cet("2026-01-21 09:32:00"), lukas, "image: SNOWPACK 3.8.0 with MeteoIO 2.11 (MOD-219)\n\n3.8.0 has the new settling for graupel layers the forecasters asked for\nafter last season's January cycle. No io.ini changes needed; tested on a\ncopy of FALK2 and KESS1 from 1 October.", {
        "Dockerfile": repo.edit("Dockerfile", "snowpack:3.7.2-meteoio2.10.1", "snowpack:3.8.0-meteoio2.11.0"),
    })
    repo.commit(cet("2026-01-21 10:15:00"), jonas, "runner: log the tail of SNOWPACK's stderr when a run fails (MOD-221)\n\nSo far the runner only logged the exit status and we had to go to the\nruns volume for the reason.", {
        run_path: sub(repo.files[run_path],
                      '''        log.error("snowpack exited with status %d for station %s; state stays at %s", proc.returncode, st.id, iso(since))
''',
                      '''        tail = "\\n".join("    " + line for line in proc.stderr.strip().splitlines()[-5:])
        log.error("snowpack run failed for station %s (exit %d); state stays at %s; stderr:\\n%s",
                  st.id, proc.returncode, iso(since), tail)
'''),
    })
    repo.commit(cet("2026-01-21 11:40:00"), mira, "smet: write the stations' projected coordinates into the header (MOD-222)\n\nio.ini works in Austria GK West (EPSG:31254); with latitude/longitude\nMeteoIO reprojects every station on every run. Give it easting/northing\nand the EPSG code directly.", {
        smet_path: sub(repo.files[smet_path],
                       '''        f"latitude     = {station.lat:.5f}",
        f"longitude    = {station.lon:.5f}",
''',
                       '''        f"easting      = {station.easting:.1f}",
        f"northing     = {station.northing:.1f}",
        "epsg         = 31254",
'''),
        "snowchain/stations.py": sub(repo.files["snowchain/stations.py"],
                                     "from dataclasses import dataclass\n",
                                     "from dataclasses import dataclass\n\nfrom pyproj import Transformer\n\n_GK_WEST = Transformer.from_crs(\"EPSG:4326\", \"EPSG:31254\", always_xy=True)\n",
                                     "    fields: tuple[str, ...]\n",
                                     "    fields: tuple[str, ...]\n\n    @property\n    def easting(self):\n        return _GK_WEST.transform(self.lon, self.lat)[0]\n\n    @property\n    def northing(self):\n        return _GK_WEST.transform(self.lon, self.lat)[1]\n"),
        "pyproject.toml": repo.edit("pyproject.toml", '  "PyYAML==6.0.1",\n', '  "PyYAML==6.0.1",\n  "pyproj==3.6.1",\n'),
    })
    repo.commit(cet("2026-01-21 13:20:00"), anton, "deploy: runner deadline 900 s -> 1200 s for the storm (OPS-57)\n\nThe forecasters expect 60-90 cm; longer windows after LoggerNet gaps make\nruns slower and the 15-minute deadline has killed a cycle once before.", {
        "deploy/cronjob-runner.yaml": repo.edit("deploy/cronjob-runner.yaml", "activeDeadlineSeconds: 900", "activeDeadlineSeconds: 1200"),
    })
    rel_2140 = repo.commit(cet("2026-01-21 16:05:00"), jonas, "release 2.14.0", {
        "snowchain/__init__.py": repo.edit("snowchain/__init__.py", '"2.13.0"', '"2.14.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.13.0"', 'newTag: "2.14.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- SNOWPACK 3.8.0, MeteoIO 2.11 (MOD-219).\n- The tail of SNOWPACK's stderr logged for a failed run (MOD-221).\n- Projected coordinates in the SMET header (MOD-222).\n- Runner deadline 1200 s (OPS-57).\n- pandas 2.2.3.\n", 1),
    })
    rollback = repo.commit(cet("2026-01-22 04:46:00"), jonas, "deploy: pin snowchain 2.13.0 (rollback of 2.14.0, INC-0412)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.14.0"', 'newTag: "2.13.0"'),
    })
    fix = repo.commit(cet("2026-01-22 07:49:00"), mira, "smet: write a missing value as the header's nodata, not as an empty field (MOD-226)\n\nSince MOD-214 the input is written with DataFrame.to_csv, which writes NaN\nas an empty string unless na_rep is given. A value QC removed (HS with no\necho, VW/DW from a rimed anemometer) became two spaces in a row, the row\nhad one field fewer than the header's fields line, and MeteoIO refused\nthe file: 17 stations failed from the storm's first removals (INC-0412).\nThe old writer wrote -999. Write NODATA, and test a row with a gap.", {
        smet_path: sub(repo.files[smet_path],
                       'float_format="%.3f",\n                    lineterminator="\\n")\n',
                       'float_format="%.3f",\n                    na_rep=str(NODATA), lineterminator="\\n")\n'),
        "tests/test_smet.py": repo.files["tests/test_smet.py"] + '''

def test_removed_value_is_nodata(tmp_path):
    rows = [{"ts": dt.datetime(2026, 1, 21, 23, 30, tzinfo=UTC), "TA": -8.61, "RH": 97.4, "TSS": -9.12, "VW": 5.8,
             "DW": 224.0, "ISWR": 0.0, "HS": None, "PSUM": 0.6}]
    path = tmp_path / "FALK2.smet"
    smet.write(path, FALK2, pd.DataFrame(rows).set_index("ts"))
    row = path.read_text().splitlines()[-1]
    assert row.split(" ")[7] == "-999"
    assert len(row.split()) == len(FALK2.fields)
''',
    })
    rel_2141 = repo.commit(cet("2026-01-22 07:58:00"), mira, "release 2.14.1", {
        "snowchain/__init__.py": repo.edit("snowchain/__init__.py", '"2.14.0"', '"2.14.1"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.13.0"', 'newTag: "2.14.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.1\n\n- Missing values written as -999 in the SMET input again (MOD-226, INC-0412).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_2130": rel_2130, "rel_2140": rel_2140, "rollback": rollback,
                  "fix": fix, "rel_2141": rel_2141}


# ---------------------------------------------------------------------------
# the night

def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def _hms(text):
    return text if text.count(":") == 2 else text + ":00"


def U(text):
    """'22 00:05:00' (or '22 00:05') -> epoch seconds, UTC, January 2026."""
    return secs(utc(f"2026-01-{_hms(text)}"))


def C(text):
    """'22 04:48:00' in CET -> epoch seconds."""
    return secs(cet(f"2026-01-{_hms(text)}"))


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def py_stamp(x):
    t = at(x)
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


# first record QC removes at each station in the storm (UTC), and what
FIRST_REMOVAL = {
    "FALK2": ("21 23:30", "HS"),
    "GAMS2": ("21 23:30", "VW"),
    "ZWOE2": ("22 00:30", "HS"),
    "TAFE2": ("22 01:00", "VW"),
    "WEIS2": ("22 01:00", "HS"),
    "HGRA2": ("22 01:30", "VW"),
    "PLAT2": ("22 01:30", "HS"),
    "EISB2": ("22 02:00", "VW"),
    "FERN2": ("22 02:00", "HS"),
    "STEI2": ("22 02:30", "HS"),
    "LANG2": ("22 02:30", "VW"),
    "KARL2": ("22 03:30", "HS"),
    "SCHA2": ("22 04:00", "HS"),
    "NOCK2": ("22 04:30", "VW"),
    "MURA2": ("22 05:00", "HS"),
    "SILB2": ("22 05:00", "HS"),
    "ROTM2": ("22 05:30", "VW"),
    "GRUE2": ("22 06:30", "HS"),
    "SEEK2": ("22 07:00", "HS"),
}

# storm intensity per region (south first): precipitation scale
REGION_STORM = {"W08": 1.0, "W09": 1.0, "W07": 0.8, "W06": 0.6, "W05": 0.45, "W04": 0.3, "W03": 0.25,
                "W02": 0.15, "W01": 0.1}

# LoggerNet collections that fail in the storm: (station, record time of the
# collection that fails, how many collections in a row)
COMM_FAILS = [("HGRA2", "22 01:30", 2), ("TAFE2", "22 02:30", 1), ("EISB2", "22 04:00", 1),
              ("GEIS2", "21 19:00", 1), ("FERN2", "22 05:30", 2), ("SILB2", "22 07:30", 1)]

CYCLES = [  # (start, version, kind)
    ("21 15:05:02", "2.13.0", "cron"),
    ("21 18:05:03", "2.14.0", "cron"),
    ("21 21:05:02", "2.14.0", "cron"),
    ("22 00:05:03", "2.14.0", "cron"),
    ("22 03:05:02", "2.14.0", "cron"),
    ("22 03:58:41", "2.13.0", "manual"),
    ("22 06:05:03", "2.13.0", "cron"),
    ("22 07:15:26", "2.14.1", "manual"),
    ("22 09:05:02", "2.14.1", "cron"),
]


def build_logs(rng, shas):
    runner = Log("snowchain-runner.log")
    ingest = Log("snowchain-ingest.log")
    lnet = Log("loggernet.log")
    ingress = Log("ingress-nginx.log")
    argo = Log("argocd-snowchain.log")
    alerts = Log("alertmanager.log")
    desk = Log("forecast-desk.log")
    slack = Log("slack-lwd-ops.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    rev = {"2.13.0": shas["rel_2130"], "2.14.0": shas["rel_2140"], "2.14.1": shas["rel_2141"]}
    sp_version = {"2.13.0": "SNOWPACK 3.7.2 (MeteoIO 2.10.1)", "2.14.0": "SNOWPACK 3.8.0 (MeteoIO 2.11.0)",
                  "2.14.1": "SNOWPACK 3.8.0 (MeteoIO 2.11.0)"}
    SYNC_2140 = U("21 15:07:41")
    SYNC_ROLLBACK = U("22 03:48:12")
    SYNC_2141 = U("22 07:00:37")

    stations = []
    for sid, name, alt, region, iswr, lat, lon, mount in STATION_LIST:
        fields = ["TA", "RH", "TSS", "VW", "DW"] + (["ISWR"] if iswr else []) + ["HS", "PSUM"]
        stations.append({"id": sid, "name": name, "alt": alt, "region": region, "fields": fields, "mount": 3.10 if sid == "KESS1" else mount})
    by_id = {s["id"]: s for s in stations}

    # --- the records ---------------------------------------------------------
    STORM_START = U("21 19:00")
    records = {}  # sid -> {x: dict}
    removed = {}  # sid -> {x: [fields]}
    clipped = []  # (sid, x, field, raw)
    for s in stations:
        sid = s["id"]
        w = REGION_STORM[s["region"]] * (1.0 if s["alt"] > 2000 else 0.6)
        hs = 1.1 + (s["alt"] - 1400) / 1000 * 0.9 + rng.uniform(-0.2, 0.2)
        first = FIRST_REMOVAL.get(sid)
        first_x = U(first[0]) if first else None
        rime_on = False
        recs, rem = {}, {}
        x = U("21 06:00")
        while x <= U("22 09:30"):
            storm = max(0.0, min(1.0, (x - STORM_START) / 14400.0)) * w
            ta = -4.5 - (s["alt"] - 1500) / 1000 * 6.5 + rng.uniform(-0.8, 0.8) - (3.0 if x < STORM_START else 0.0)
            rh = min(101.5, (62 + rng.uniform(-6, 8)) if storm < 0.05 else 90 + storm * 9 + rng.uniform(-2, 2))
            vw = round(rng.uniform(1.0, 4.0) + storm * rng.uniform(4, 11), 1)
            dw = rng.choice([rng.randint(170, 250), rng.randint(190, 230)]) if storm > 0.05 else rng.randint(280, 360) % 360
            hour = at(x).hour
            iswr = 0 if (hour < 7 or hour > 15) else int(max(0, (1 - storm) * 380 * (1 - abs(hour + 0.5 - 11.5) / 5.0) + rng.uniform(-15, 15)))
            psum = round(storm * rng.uniform(0.8, 3.4), 2) if storm > 0.05 else 0.0
            hs += psum / 1000 * 9.0
            tss = ta - rng.uniform(0.3, 2.5)
            rec = {"TA": round(ta, 2), "RH": round(rh, 1), "TSS": round(tss, 2), "VW": vw, "DW": dw, "ISWR": iswr, "HS": round(hs, 3), "PSUM": psum}
            fields_removed = []
            if first_x is not None and x >= first_x:
                kind = first[1]
                if kind == "HS" and (x == first_x or rng.random() < 0.6):
                    fields_removed = ["HS"]
                if kind == "VW":
                    rime_on = True
                if rime_on:
                    fields_removed = ["VW", "DW"]
                    rec["VW"] = 0.0
            if rh > 100.0:
                clipped.append((sid, x, "RH", rec["RH"], "100.0"))
                rec["RH"] = 100.0
            elif iswr == 0 and "ISWR" in s["fields"] and rng.random() < 0.05:
                clipped.append((sid, x, "ISWR", f"{-rng.uniform(0.4, 6.5):.1f}", "0.0"))
            elif storm < 0.05 and 10 <= hour <= 13 and rng.random() < 0.1:
                clipped.append((sid, x, "TSS", f"{rng.uniform(0.55, 1.3):.2f}", "0.5"))
            recs[x] = rec
            if fields_removed:
                rem[x] = fields_removed
            x += 1800
        records[sid] = recs
        removed[sid] = rem

    # --- LoggerNet collections and ingest ------------------------------------
    comm_fail = {}
    for sid, rec_t, n in COMM_FAILS:
        for k in range(n):
            comm_fail[(sid, U(rec_t) + 1800 * k)] = True
    ingested_at = {s["id"]: {} for s in stations}  # record x -> when it reached the store

    def lnl(x, device, kind, text):
        t = at(x)
        lnet.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} | {device} | {kind} | {text}")

    def ing(x, level, msg, **kv):
        parts = [f"ts={iso_ms(x)}", f"level={level}", f'msg="{msg}"' if " " in msg or ":" in msg else f"msg={msg}"]
        for k, v in kv.items():
            sv = str(v)
            parts.append(f'{k}="{sv}"' if (" " in sv or "=" in sv or sv == "") else f"{k}={sv}")
        ingest.add(at(x), " ".join(parts))

    offsets = {s["id"]: 20 + i * 7.3 for i, s in enumerate(stations)}
    clipped_at = {}
    for c in clipped:
        clipped_at.setdefault((c[0], c[1]), []).append(c)
    pending = {s["id"]: [] for s in stations}
    rec_times = sorted(records[stations[0]["id"]])
    for rx in rec_times:
        if rx + 1800 < t0 - 1800:
            continue
        for s in stations:
            sid = s["id"]
            device = f"{sid}_CR1000X"
            pending[sid].append(rx)
            cx = rx + 120 + offsets[sid] + rng.uniform(0, 4)
            if cx < t0 or cx > t1:
                if cx <= t0:
                    for p in pending[sid]:
                        ingested_at[sid][p] = cx + 40
                    pending[sid] = []
                continue
            if comm_fail.get((sid, rx)):
                lnl(cx, device, "COMM", "No response from the GPRS modem (TCP connect to 10.77.%d.%d:6785 timed out after 30 s)" % (12 + len(sid) % 3, 40 + sum(map(ord, sid)) % 200))
                for k in (1, 2, 3):
                    y = cx + 60 * k + rng.uniform(0, 2)
                    lnl(y, device, "COMM", f"Retry {k} of 3: no response")
                lnl(cx + 185, device, "COLLECT", "Scheduled collection failed after 3 retries; next attempt at the next scheduled collection")
                continue
            n = len(pending[sid])
            lnl(cx, device, "COLLECT", f"Data30min: {n} new record(s) collected, last record {at(rx).strftime('%Y-%m-%d %H:%M:%S')}")
            if rng.random() < 0.05:
                lnl(cx + 0.4, device, "CLOCK", f"Logger clock checked: difference {rng.randint(-2, 2)} s, not set")
            ix = cx + rng.uniform(8, 40)
            for p in pending[sid]:
                ingested_at[sid][p] = ix
                for f in removed[sid].get(p, []):
                    r = records[sid][p]
                    kv = dict(station=sid, field=f, record=at(p).strftime("%Y-%m-%dT%H:%M:%SZ"))
                    if f == "HS":
                        kv.update(rule="no_echo", raw=f"{s['mount']:.3f}", sr50_quality=0)
                    else:
                        kv.update(rule="rime", raw="0.0", note="calm for 60 min with RH >= 95 %")
                    ing(ix - 0.01, "warn", "qc: value removed", **kv)
                for (csid, cxr, f, raw, val) in clipped_at.get((sid, p), []):
                    ing(ix - 0.02, "info", "qc: value clipped", station=sid, field=f, record=at(p).strftime("%Y-%m-%dT%H:%M:%SZ"), raw=raw, value=val)
            ing(ix, "info", "ingested", station=sid, table="Data30min", rows=n, last=at(rx).strftime("%Y-%m-%dT%H:%M:%SZ"))
            pending[sid] = []

    # ingest restarts with each sync
    for x, v in ((SYNC_2140 + 21.4, "2.14.0"), (SYNC_ROLLBACK + 19.8, "2.13.0"), (SYNC_2141 + 22.7, "2.14.1")):
        r = rev[v]
        ing(x - 3.1, "info", "shutting down", reason="SIGTERM")
        ing(x, "info", "snowchain-ingest starting", version=v, rev=r[:7], share="/loggernet/data", stations=len(stations))
    ing(t0 + 61.2, "info", "database pool", size=5, in_use=1)

    # --- the SNOWPACK cycles -------------------------------------------------
    def rl(x, level, logger, msg):
        runner.add(at(x), f"{py_stamp(x)} {level} {logger}: {msg}")

    state_until = {s["id"]: U("21 12:00") for s in stations}
    first_failure = None
    cycle_failed = {}
    cycle_end = {}
    error_lines = []
    for start_text, version, kind in CYCLES:
        cx = U(start_text)
        r = rev[version]
        rl(cx, "INFO", "snowchain.model.run", f"snowchain-runner {version} (rev {r[:7]}) with {sp_version[version]}: cycle for {len(stations)} stations")
        x = cx + rng.uniform(1.5, 2.5)
        failed = []
        for s in stations:
            sid = s["id"]
            since = state_until[sid]
            avail = [p for p, when in ingested_at[sid].items() if when < x]
            until = max(avail)
            x += rng.uniform(0.2, 0.5)
            if until <= since:
                rl(x, "INFO", "snowchain.model.run", f"station {sid}: no new records since {at(since).strftime('%Y-%m-%dT%H:%MZ')}")
                continue
            window = [p for p in sorted(records[sid]) if since < p <= until]
            bad = [p for p in window if removed[sid].get(p)] if version != "2.14.1" else []
            if bad:
                x += rng.uniform(0.9, 1.6)
                failed.append(sid)
                since_s = at(since).strftime("%Y-%m-%dT%H:%MZ")
                if version == "2.13.0":
                    rl(x, "ERROR", "snowchain.model.run", f"snowpack exited with status 1 for station {sid}; state stays at {since_s}")
                else:
                    p = bad[0]
                    header_lines = 12
                    line_no = header_lines + window.index(p) + 1
                    rec = records[sid][p]
                    vals = []
                    for f in s["fields"]:
                        if f in removed[sid][p]:
                            vals.append("")
                        else:
                            vals.append(f"{float(rec[f]):.3f}")
                    data_line = at(p).strftime("%Y-%m-%dT%H:%M") + " " + " ".join(vals)
                    nf = len(s["fields"]) + 1
                    found = len(data_line.split())
                    fields_s = "timestamp " + " ".join(s["fields"])
                    stderr = [
                        f"    [i] []                 {sp_version[version]}, operational mode, station {sid}",
                        f"    [i] []                 Reading snow cover data for station {sid} from ./state/{sid}.sno ({at(since).strftime('%Y-%m-%dT%H:%M')})",
                        f"    [E] [SMETIO::read]     InvalidFormatException: SMET file ./input/{sid}.smet, line {line_no}: expected {nf} fields ({fields_s}), found {found}",
                        f"    [E] [SMETIO::read]     line {line_no}: \"{data_line}\"",
                        f"    [E] []                 Simulation aborted for station {sid}",
                    ]
                    rl(x, "ERROR", "snowchain.model.run", f"snowpack run failed for station {sid} (exit 1); state stays at {since_s}; stderr:\n" + "\n".join(stderr))
                    error_lines.append((x, sid, line_no))
                if first_failure is None:
                    first_failure = x
                continue
            dur = 3.8 + len(window) * 0.55 + rng.uniform(0, 2.5)
            x += dur
            rl(x, "INFO", "snowchain.model.run",
               f"station {sid}: snowpack finished in {dur:.1f} s, state {at(since).strftime('%Y-%m-%dT%H:%MZ')} -> {at(until).strftime('%Y-%m-%dT%H:%MZ')}, {len(window)} input rows, 5 products uploaded")
            state_until[sid] = until
        x += rng.uniform(0.3, 0.9)
        took = x - cx
        rl(x, "INFO", "snowchain.model.run",
           f"cycle finished in {took:.0f} s: {len(stations) - len(failed)} ok, {len(failed)} failed" + (f" ({', '.join(failed)})" if failed else ""))
        cycle_failed[start_text] = failed
        cycle_end[start_text] = x
    stats["first_failure"] = first_failure
    stats["cycle_failed"] = cycle_failed
    stats["error_lines"] = error_lines

    # --- ingress-nginx ---------------------------------------------------------
    public_ua = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1",
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                 "LWD-Westgau/3.4.1 (Android 14)", "LWD-Westgau/3.4.1 (iOS 18.2)", "LWD-Westgau/3.3.9 (iOS 17.6)"]
    wb_ua = "Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0"
    sids = [s["id"] for s in stations]

    def rate(x):
        h = (at(x).hour + 1) % 24  # CET
        if 0 <= h < 6:
            return 1.2
        if 6 <= h < 8:
            return 9.0 if x > U("22 00:00") else 3.0
        if 8 <= h < 10:
            return 14.0 if x > U("22 00:00") else 4.0
        if h >= 21:
            return 2.2
        return 4.5

    x = t0
    while x < t1:
        x += rng.expovariate(rate(x) / 60.0)
        if x >= t1:
            break
        t = at(x)
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        roll = rng.random()
        ipaddr = f"{rng.choice(['84.115', '62.178', '91.113', '178.191', '77.119', '193.81'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        ua = rng.choice(public_ua)
        if roll < 0.32:
            path, size, rt = "/api/v1/bulletin/current?lang=de", rng.randint(9000, 12500), rng.uniform(0.004, 0.03)
        elif roll < 0.42:
            path, size, rt = "/api/v1/bulletin/current.caaml?lang=en", rng.randint(14000, 17000), rng.uniform(0.004, 0.03)
        elif roll < 0.72:
            path, size, rt = f"/api/v1/stations/{rng.choice(sids)}/latest", rng.randint(600, 900), rng.uniform(0.006, 0.04)
        elif roll < 0.88:
            path, size, rt = f"/api/v1/stations/{rng.choice(sids)}/series?hours={rng.choice([24, 48, 168])}", rng.randint(8000, 60000), rng.uniform(0.03, 0.25)
        elif roll < 0.94:
            path, size, rt = "/api/v1/maps/hn24.png", rng.randint(180000, 260000), rng.uniform(0.01, 0.06)
        else:
            path, size, rt = "/", rng.randint(4200, 4600), rng.uniform(0.002, 0.01)
        upstream = "lwd-web-stations-api-8080" if "/stations/" in path or "/maps/" in path else "lwd-web-bulletin-web-80"
        referer = "-" if ua.startswith("LWD-") else "https://lawinen.westgau.gv.at/"
        ingress.add(t, f'{ipaddr} - - [{stamp}] "GET {path} HTTP/1.1" 200 {size} "{referer}" "{ua}" {rng.randint(380, 720)} {rt + 0.001:.3f} [{upstream}] [] 10.129.{rng.randint(2, 9)}.{rng.randint(2, 250)}:8080 {size} {rt:.3f} 200 {hexid(rng, 32)}')
    # the forecasters' workbench: model products per station in the morning
    for x0, x1, who in ((C("21 16:20:00"), C("21 17:40:00"), "10.77.1.31"), (C("22 05:36:00"), C("22 07:40:00"), "10.77.1.31"),
                        (C("22 05:52:00"), C("22 07:25:00"), "10.77.1.44"), (C("22 08:20:00"), C("22 10:35:00"), "10.77.1.31")):
        x = x0
        while x < x1:
            x += rng.expovariate(1 / 40.0)
            sid = rng.choice(sids)
            prod = rng.choice(["profile.pro", "hn24.json", "sk38.json", "surface_hoar.json", "rta.json"])
            t = at(x)
            size = rng.randint(20000, 190000) if prod == "profile.pro" else rng.randint(900, 4000)
            rt = rng.uniform(0.01, 0.09)
            ingress.add(t, f'{who} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "GET /api/model/{sid}/{prod} HTTP/1.1" 200 {size} "https://workbench.lwd.westgau.local/stations/{sid}" "{wb_ua}" {rng.randint(520, 760)} {rt + 0.001:.3f} [lwd-workbench-workbench-api-8080] [] 10.129.4.{rng.randint(2, 250)}:8080 {size} {rt:.3f} 200 {hexid(rng, 32)}')

    # --- Argo CD ---------------------------------------------------------------
    def al(x, msg, level="info", **kv):
        parts = [f'time="{at(x).strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"',
                 "application=openshift-gitops/snowchain-prod"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    syncs = [(SYNC_2140, shas["rel_2140"], 211), (SYNC_ROLLBACK, shas["rollback"], 212), (SYNC_2141, shas["rel_2141"], 213)]
    x = t0 + 47.3
    while x < t1:
        al(x, "Reconciliation completed", **{"dest-namespace": "lwd-snowchain", "time_ms": rng.randint(60, 140)})
        x += 180 + rng.uniform(0, 0.8)
    for sx, sha, hid in syncs:
        al(sx, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "lwd-snowchain"})
        al(sx + 1.2, "Updating operation state. phase: Running -> Running, message: 'one or more tasks are running'", **{"dest-namespace": "lwd-snowchain"})
        al(sx + 31.6, f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sx + 31.9, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "lwd-snowchain"})

    # --- Alertmanager ------------------------------------------------------------
    def alert(x, status, name, summary, starts, ends=None, **labels):
        lab = {"alertname": name, "severity": labels.pop("severity", "page"), "namespace": labels.pop("namespace", "lwd-snowchain")}
        lab.update(labels)
        body = {"receiver": "lwd-oncall", "status": status, "groupLabels": {"alertname": name},
                "alerts": [{"status": status, "labels": lab,
                            "annotations": {"summary": summary, "runbook_url": f"https://gitlab.westgau.gv.at/lwd/snowchain/-/blob/main/docs/runbook.md#{name.lower()}"},
                            "startsAt": at(starts).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "endsAt": at(ends).strftime("%Y-%m-%dT%H:%M:%SZ") if ends else "0001-01-01T00:00:00Z"}],
                "externalURL": "https://alertmanager.ocp.westgau.local"}
        alerts.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    for sid, rec_t, n in COMM_FAILS:
        if n >= 2:
            st = U(rec_t) - 1800 + 120 + offsets[sid] + 3600 + 60
            back = U(rec_t) + 1800 * n + 120 + offsets[sid] + 60
            if t0 < st < t1:
                alert(st + 12, "firing", "LoggerNetStationStale", f"{sid}: no LoggerNet collection for 60 minutes", st, severity="ticket", station=sid)
                alert(back + 12, "resolved", "LoggerNetStationStale", f"{sid}: no LoggerNet collection for 60 minutes", st, back, severity="ticket", station=sid)
    n03 = len(cycle_failed["22 03:05:02"])
    page_at = U("22 03:11:30")
    alert(page_at + 30, "firing", "SnowpackRunsFailing", f"{n03} stations failed their last SNOWPACK run", page_at)
    n06 = len(cycle_failed["22 06:05:03"])
    alert(U("22 06:11:30") + 30, "firing", "SnowpackRunsFailing", f"{n06} stations failed their last SNOWPACK run", page_at)
    ok_at = cycle_end["22 07:15:26"] + 75
    alert(ok_at + 30, "resolved", "SnowpackRunsFailing", f"{n06} stations failed their last SNOWPACK run", page_at, ok_at)
    alert(U("21 16:40:00"), "firing", "PodRestarted", "stations-api restarted (OOMKilled)", U("21 16:39:30"), severity="ticket", namespace="lwd-web")
    alert(U("21 16:45:00"), "resolved", "PodRestarted", "stations-api restarted (OOMKilled)", U("21 16:39:30"), U("21 16:44:30"), severity="ticket", namespace="lwd-web")

    # --- forecast desk shift log --------------------------------------------------
    def dk(text_cet, who, text):
        x = C(text_cet)
        t = at(x).astimezone(CET)
        desk.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M')} CET | {who} | {text}")

    f00, f03, f06 = cycle_failed["22 00:05:03"], cycle_failed["22 03:05:02"], cycle_failed["22 06:05:03"]
    dk("21 16:55:00", "S. Eberle", "Bulletin 22.01. published 16:52: danger 3 rising to 4 above 2000 m in W07-W09 from Thursday morning, new snow and wind slab. Morning update planned 07:30")
    dk("21 17:20:00", "S. Eberle", "Handover to N. Gruber for Thursday early shift. Storm from the south from 20:00, 60-90 cm above 2000 m by noon. Check SNOWPACK new snow and SK38 at FALK2, ZWOE2, FERN2 for the update")
    dk("22 05:34:00", "N. Gruber", "Early shift. Obs: FALK2 HS n/a since 00:30 (SR50 no echo), WEIS2 +38 cm since 18:00, GAMS2 wind 0 since midnight (rime)")
    fm = cycle_failed["22 03:58:41"]
    dk("22 05:41:00", "N. Gruber", f"SNOWPACK profiles stale in the workbench for {len(fm)} stations (last run 22:00, 01:00 or 04:00 CET): {', '.join(fm)}. Ops on-call rolled back snowchain at 04:48, no change")
    dk("22 06:20:00", "N. Gruber", "New snow for the update from the manual obs (ski patrols Falkental, Gamsgrat) and the study plots; model HN24 only for the northern stations")
    dk("22 07:08:00", "N. Gruber", f"06:05 UTC cycle: still no SNOWPACK for {len(f06)} stations, the southern high ones. Update without model")
    dk("22 07:31:00", "N. Gruber", "Morning update published 07:29: danger 4 (high) above 2000 m in W07, W08, W09; 3 below. Road commission Falkental informed by phone")
    dk("22 08:24:00", "N. Gruber", "SNOWPACK back for all 30 stations (manual run 08:15). SK38 FALK2 0.71 on the new snow interface, as expected")
    dk("22 09:50:00", "S. Eberle", "Day shift. Model fine again; bulletin 17:00 with SNOWPACK")

    # --- Slack #lwd-ops ---------------------------------------------------------------
    users = {"jonas.pfeifer": "U02JP4K7Q", "mira.koller": "U02MK9W3D", "lukas.brandner": "U03LB2X8H", "sarah.eberle": "U04SE6T1M",
             "nina.gruber": "U04NG3R5V", "anton.wieser (state it)": "U05AW7C2P", "hydro.loggernet": "U06HL1N4B"}

    def say(when, who, text):
        x = (C(when) if isinstance(when, str) else when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "lwd-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    e0 = next(e for e in error_lines if e[1] == "FALK2")
    say("21 16:12:00", "jonas.pfeifer", "2.14.0 synced: SNOWPACK 3.8.0 / MeteoIO 2.11 (MOD-219), stderr tail for failed runs (MOD-221), GK West coordinates in the SMET header (MOD-222), runner deadline 1200 s (OPS-57), pandas 2.2.3. 2.13.0 (pandas SMET writer, QC-31) has been in since yesterday")
    say("21 16:41:00", "lukas.brandner", "stations-api OOMKilled once at 16:39, came back. the series endpoint with hours=168 for all stations, someone's script. not related to the release")
    say("21 17:32:00", "sarah.eberle", "storm from the south tonight, 60-90 cm above 2000 m in W07-W09 by noon, danger to 4 in the morning update. @nina.gruber needs the 00:05 and 03:05 cycles for it")
    say("21 19:08:00", "hydro.loggernet", "FYI GEIS2 missed its 19:02 collection (GPRS), next one fine. in the storm the high stations will drop out now and then, LoggerNet retries")
    say("21 19:10:00", "jonas.pfeifer", "thanks, 18:05 cycle 30 ok on 2.14.0")
    say("22 04:19:00", "jonas.pfeifer", f"paged: SnowpackRunsFailing, {len(f03)} stations failed the 03:05 UTC cycle ({len(f00)} of them, {', '.join(f00)}, already at 00:05). all the same kind: MeteoIO 'InvalidFormatException: SMET file ./input/FALK2.smet, line 17: expected 9 fields (…), found 8' and the like. SNOWPACK 3.8.0 with MeteoIO 2.11 came in with 2.14.0 yesterday")
    say("22 04:27:00", "jonas.pfeifer", "LoggerNet had retries overnight (HGRA2, TAFE2) but FALK2 and GAMS2 have all their records up to 03:00. MOD-222 changed the SMET header for 2.14.0 too. runbook: failures after a release -> roll back first. rolling back to 2.13.0 (INC-0412)")
    say("22 04:52:00", "jonas.pfeifer", "2.13.0 synced at 04:48, re-running the cycle by hand (snowchain-runner-manual-0358)")
    n_man = len(cycle_failed["22 03:58:41"])
    say("22 05:06:00", "jonas.pfeifer", f"2.13.0 (SNOWPACK 3.7.2): the same stations fail, {n_man} now (KARL2 new). only 'snowpack exited with status 1', 2.13.0 does not log stderr. so not 3.8.0 and not the header")
    say("22 05:44:00", "nina.gruber", f"I have {n_man} stations without a profile since 01:00 or 04:00, all the southern high ones where it snows hardest. morning update at 07:30 goes without SNOWPACK for them unless it's back by 07:00")
    say("22 05:58:00", "jonas.pfeifer", "the failing stations are exactly the ones with QC removals tonight (FALK2 HS no_echo since 23:30Z, GAMS2 VW/DW rime). stations without removals run fine. no idea yet why MeteoIO minds, it handles -999 all the time. calling @mira.koller at 7")
    say("22 07:06:00", "nina.gruber", f"06:05 UTC cycle: {len(f06)} failed. I'm writing the update from the obs")
    say("22 07:14:00", "mira.koller", f"looking. FALK2's input on the runs volume, line {e0[2]}: the HS column is empty, two spaces in a row where -999 should be. QC removed HS (no echo) and since MOD-214 on Tuesday the writer is DataFrame.to_csv, which writes NaN as an empty string unless na_rep is given. the old loop wrote -999. MeteoIO splits on whitespace and gets 8 fields for 9")
    say("22 07:17:00", "mira.koller", "so it's MOD-214 (2.13.0), not 3.8.0, and the rollback kept it. nothing was removed by QC between Tuesday and last night, so no run had a gap. fix is na_rep=-999 plus a test with a gap, 2.14.1 in half an hour")
    say("22 08:01:00", "mira.koller", "2.14.1 released (MOD-226), Argo synced at 08:00. running the cycle by hand: the failed stations catch up from their last state (FALK2 from 21:00Z)")
    say(cycle_end["22 07:15:26"] + 95, "mira.koller", "30 ok. FALK2 ran 20 rows from 21:00Z. the input has -999 where QC removed HS")
    say("22 08:26:00", "nina.gruber", "profiles are back, thanks. the update went at 07:29 without them; SK38 now agrees with what the ski patrols reported")
    say("22 08:40:00", "jonas.pfeifer", "postmortem INC-0412: the SMET writer test had no gap in it, and we only run a full cycle with gaps in a storm. adding a gap fixture to the CI and a check that every row has as many fields as the header")
    return [runner, ingest, lnet, ingress, argo, alerts, desk, slack], stats


def build(out_dir):
    rng = random.Random(97100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_failure"]).replace(microsecond=0)
        assert utc("2026-01-22 00:05:00") < onset < utc("2026-01-22 00:07:00"), onset
        culprit_at = cet("2026-01-20 10:20:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        cf = stats["cycle_failed"]
        return write_scenario(
            out_dir, name="r97-smet-nodata-blank-fields", service=SERVICE, onset=onset,
            description=f"""
The Lawinenwarndienst Westgau's SNOWPACK runs fail for the stations under
Wednesday night's storm: from the 00:05 UTC cycle on Thursday 22 January
2026 (first failure at {onset.strftime('%H:%M:%S')} UTC, 01:05 CET) FALK2 and GAMS2, {len(cf['22 03:05:02'])} stations
at 03:05 UTC (the on-call is paged), {len(cf['22 06:05:03'])} at 06:05 UTC; the forecasters' morning
update goes out without model profiles for the southern high stations.
snowchain 2.14.0 (a new SNOWPACK image) had been synced on Wednesday at
16:07 CET; it was rolled back to 2.13.0 at 04:48 CET without effect. A fix,
2.14.1, was synced at 08:00 CET and a manual cycle at 08:15 CET ran every
station. Times in the forecast desk log and the chat are CET (+01:00).
""",
            logs=logs,
            line_formats={
                "loggernet.log": r'<Date> <Time> \| <Device> \| <Kind> \| <Content>',
                "forecast-desk.log": r'<Date> <Time> CET \| <Forecaster> \| <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'InvalidFormatException: SMET file .* expected .* fields',
                r'qc: value removed',
            ],
            fix_files=["snowchain/model/smet.py"],
            explanation=f"""
The culprit is MOD-214 ("model: write the SMET input with pandas"),
committed on Tuesday 20 January at 10:20 CET and released in 2.13.0 that
afternoon, {hours:.1f} hours before the onset. It replaces the hand-rolled SMET
writer, which wrote -999 (the header's nodata) for a value QC had removed,
with DataFrame.to_csv(sep=" ") without na_rep, so a removed value (NaN) is
written as an empty string: two spaces in a row, one field fewer than the
header's fields line. Nothing was removed by QC in the dry, cold days after
the release (QC-31 clips foggy RH since the week before), so every run read
a full file. In Wednesday night's storm the snow depth sensors lose their
echo and the ridge anemometers rime up ("qc: value removed", rule no_echo or
rime), and from the 00:05 UTC cycle every station with a removed value in
its window fails: MeteoIO's SMET reader refuses the file
("InvalidFormatException: SMET file ./input/FALK2.smet, line 17: expected
9 fields ..., found 8", the row with the empty field printed below). A failed station
keeps its state, so it fails every cycle until the writer is fixed. The fix
(MOD-226) passes na_rep=-999, in the culprit's file.
Decoys: 2.14.0, synced 8 hours before the onset (MOD-219, SNOWPACK 3.8.0 and
MeteoIO 2.11, the very binary whose reader refuses the files; MOD-221, which
adds the very stderr lines that fill the log; MOD-222, the SMET header's
coordinates, in the culprit's file; OPS-57, the runner's deadline; a pandas
bump), rolled back to 2.13.0, which holds the culprit, without effect (the
failures are then logged as "snowpack exited with status 1"); Tuesday's
runbook commit that reads failing runs as LoggerNet gaps or a bad SNOWPACK
image and says to roll back; LoggerNet's GPRS retries and stale station
alerts in the storm (those stations run fine once collected); QC-31 and the
Kesselalm remount; an OOM restart of stations-api (another repository).
""",
        )
    finally:
        repo.close()
