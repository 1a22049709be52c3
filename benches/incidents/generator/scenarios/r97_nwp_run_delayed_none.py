"""snowchain (the Lawinenwarndienst Westgau's model chain, the same service
two weeks after `r97-smet-nodata-blank-fields`) also runs SNOWPACK
forecasts: every 10 minutes the snowchain-nwp CronJob looks for the newest
run of AROME-SWD, the Staatlicher Wetterdienst's (SWD) 1.2 km model, whose
point forecasts for the 30 stations SWD publishes about 2 h 45 min after
each run's reference time (00, 06, 12, 18 UTC); when a new run is there it
fetches it and runs SNOWPACK forced by it for 48 hours from every station's
state. The forecasters read the new snow, the rain/snow line and the wet
snow index for the bulletin; a CronJob pushes the forecast of the four
Falkental road stations to the road authority's (LSD) SFTP server for the
avalanche commission of the L 92 pass road, and skips it when the newest
forecast is more than 9 hours old.

Monday 2 February 2026: NWP-88 fetches the point forecasts from SWD's Data
Hub API instead of its FTP server (which SWD retires on 31 March); Tuesday
NWP-91 logs a warning for every poll after a run is due and not published,
with the Data Hub's newest run; a runbook section reads an overdue run after
a release as a wrong URL template or token and says to roll back; FOR-52
moves the road authority push from 06:00 to 05:30 UTC (the commission meets
at 07:00 CET since February); Renovate bumps httpx to 0.28.1. All in 2.15.0,
synced on Tuesday at 15:07 CET. The 12 UTC run comes through the Data Hub at
15:50 CET, the 18 UTC run, eight minutes late, at 22:00 CET.

At 23:10 UTC a storage failure on SWD's HPC system stops the 00 UTC runs of
AROME-SWD and ICON-SWD during their data assimilation; SWD restarts them at
03:20 UTC. From 02:50 UTC every poll warns "run 2026-02-04T00Z not published
yet (HTTP 404) ...; the Data Hub's newest arome-swd-point run is
2026-02-03T18Z"; NWPRunOverdue pages Lukas (on call) at 04:15 CET. He
suspects NWP-88's URL template for the 00 hour and the httpx bump, and rolls
back to 2.14.2 (FTP) at 05:05 CET: the FTP answers "550 ... No such file or
directory" for 2026020400. Hydrology (ICON-SWD 00Z missing as well, in the
shared egress log too) calls SWD's service desk; SWD's status page posts its
notice at 04:12 UTC, three hours into the failure. The 05:30 UTC push is
skipped (18Z is 11.5 h old) and the forecasters brief on 18Z and the
ECMWF charts; SWD publishes at 05:46 UTC, the 05:50 poll fetches the run
through the FTP and runs the forecast, Lukas pushes by hand at 06:01 UTC
(07:01 CET), and 2.15.0 is synced again at 08:37 CET. Nothing in snowchain
is changed.

Sources: snowchain-nwp (Python logging: fetches and forecast runs),
snowchain-runner (Python logging: the 3-hourly observation cycles),
snowchain-push (Python logging), the egress gateway (Envoy access log,
shared with other teams), SWD's product status feed (JSON lines), Argo CD
(logrus text), Alertmanager (webhook JSON), ingress-nginx access, the
forecast desk's shift log (line format), #lwd-ops (Slack export, JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, hexid, utc, write_scenario
from scenarios import r97_smet_nodata_blank_fields as jan

SERVICE = "snowchain"
CET = jan.CET
START, END = utc("2026-02-03 13:00:00"), utc("2026-02-04 08:30:00")
cet = jan.cet
sub = jan.sub

# ---------------------------------------------------------------------------
# the repository

PUSH_PY = '''"""The morning forecast for the Falkental road stations to the road
authority (Landesstrassendienst, LSD): one CSV per station on their SFTP
server, read by the L 92 avalanche commission. A forecast forced by a run
older than MAX_AGE is not pushed; the commission then decides on the
bulletin and the observations."""

import datetime as dt
import io
import logging
import os

import paramiko

from snowchain import __version__, store

log = logging.getLogger("snowchain.push.lsd")
HOST = os.environ.get("LSD_SFTP_HOST", "sftp.lsd.westgau.gv.at")
STATIONS = ("FALK2", "GAMS2", "PLAT2", "WEIS2")
MAX_AGE = dt.timedelta(hours=9)


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    now = dt.datetime.now(dt.timezone.utc)
    with store.engine(os.environ["DATABASE_URL"]).begin() as conn:
        run = store.newest_forecast_run(conn, STATIONS)
        if run is None or now - run > MAX_AGE:
            log.error("push to LSD skipped: the newest forecast uses AROME-SWD run %s, %.1f h old (limit %d h)",
                      run.strftime("%Y-%m-%dT%HZ") if run else "none", (now - run).total_seconds() / 3600 if run else 0,
                      MAX_AGE.total_seconds() // 3600)
            raise SystemExit(1)
        files = {st: store.forecast_csv(conn, st, run) for st in STATIONS}
    transport = paramiko.Transport((HOST, 22))
    transport.connect(username=os.environ["LSD_SFTP_USER"], pkey=paramiko.Ed25519Key.from_private_key_file("/keys/lsd"))
    sftp = paramiko.SFTPClient.from_transport(transport)
    for st, text in files.items():
        sftp.putfo(io.BytesIO(text.encode()), f"/incoming/lwd/{run:%Y%m%d%H}_{st}.csv")
    transport.close()
    log.info("pushed the forecast of %s (AROME-SWD run %s) to %s", ", ".join(STATIONS), run.strftime("%Y-%m-%dT%HZ"), HOST)
'''

CRONJOB_PUSH = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: snowchain-push
spec:
  schedule: "0 6 * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: push
              image: registry.lwd-westgau.at/snow/snowchain
              command: ["snowchain-push"]
              envFrom:
                - secretRef:
                    name: snowchain-db
                - secretRef:
                    name: lsd-sftp
              volumeMounts:
                - name: keys
                  mountPath: /keys
                  readOnly: true
          volumes:
            - name: keys
              secret:
                secretName: lsd-sftp-key
"""

FETCH_DATAHUB = '''"""Point forecasts of the Staatlicher Wetterdienst's AROME-SWD model for our
stations, the forcing of the SNOWPACK forecast runs. SWD publishes each run
(00, 06, 12 and 18 UTC) on its Data Hub as one CSV per customer, about
2 h 45 min after the run's reference time. Run every 10 minutes by the
snowchain-nwp CronJob; a run already fetched is not fetched again."""

import datetime as dt
import logging
import os

import httpx

from snowchain import __version__, stations, store
from snowchain.model import forecast

log = logging.getLogger("snowchain.nwp.fetch")
DATAHUB = os.environ.get("SWD_DATAHUB_URL", "https://datahub.swd.gv.at")
COLLECTION = "arome-swd-point"
ITEM = "/api/v2/collections/" + COLLECTION + "/runs/{run:%Y-%m-%dT%H}Z/items/lwd-westgau.csv"
DELIVERY = dt.timedelta(hours=2, minutes=45)


def latest_due(now):
    run = now.replace(minute=0, second=0, microsecond=0, hour=now.hour - now.hour % 6)
    while run + DELIVERY > now:
        run -= dt.timedelta(hours=6)
    return run


def fetch(client, run):
    """The run's CSV, or None while SWD has not published it (404)."""
    resp = client.get(ITEM.format(run=run))
    if resp.status_code == 404:
        return None
    resp.raise_for_status()
    return resp.text


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    now = dt.datetime.now(dt.timezone.utc)
    run = latest_due(now)
    eng = store.engine(os.environ["DATABASE_URL"])
    headers = {"Authorization": f"Bearer {os.environ['SWD_DATAHUB_TOKEN']}", "User-Agent": f"snowchain/{__version__}"}
    with eng.begin() as conn, httpx.Client(base_url=DATAHUB, headers=headers, timeout=60) as client:
        rev = os.environ.get("GIT_REV", "unknown")[:7]
        if store.nwp_run_stored(conn, run):
            log.info("snowchain-nwp %s (rev %s): run %s already fetched, next run due %s", __version__, rev,
                     run.strftime("%Y-%m-%dT%HZ"), (run + dt.timedelta(hours=6) + DELIVERY).strftime("%H:%MZ"))
            return
        log.info("snowchain-nwp %s (rev %s): run %s due since %s", __version__, rev,
                 run.strftime("%Y-%m-%dT%HZ"), (run + DELIVERY).strftime("%H:%MZ"))
        csv_text = fetch(client, run)
        if csv_text is None:
            log.info("run %s not yet published on the Data Hub (404)", run.strftime("%Y-%m-%dT%HZ"))
            return
        n = store.store_nwp(conn, run, csv_text)  # (stations, lead times)
        log.info("run %s fetched: %d stations, %d lead times", run.strftime("%Y-%m-%dT%HZ"), n[0], n[1])
        forecast.run_all(conn, stations.load(), run)
'''


def build_repo():
    repo, shas = jan.build_repo()
    mira = Person("Mira Koller", "mira.koller@lwd-westgau.at", 60)
    jonas = Person("Jonas Pfeifer", "jonas.pfeifer@lwd-westgau.at", 60)
    lukas = Person("Lukas Brandner", "lukas.brandner@lwd-westgau.at", 60)
    sarah = Person("Sarah Eberle", "sarah.eberle@lwd-westgau.at", 60)
    pedro = Person("Pedro Alves", "pedro.alves@lwd-westgau.at", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.gitlab.westgau.gv.at", 0)

    fetch_path, smet_path = "snowchain/nwp/fetch.py", "snowchain/model/smet.py"
    repo.commit(cet("2026-01-26 08:14:00"), bot, "chore(deps): update dependency sqlalchemy to v2.0.36", {
        "pyproject.toml": repo.edit("pyproject.toml", '"SQLAlchemy==2.0.30"', '"SQLAlchemy==2.0.36"'),
    })
    repo.commit(cet("2026-01-26 11:32:00"), mira, "smet: refuse to write a row with fewer fields than the header (INC-0412)", {
        smet_path: sub(repo.files[smet_path],
                       "    data = frame[list(station.fields[1:])].round(DECIMALS)\n",
                       "    data = frame[list(station.fields[1:])].round(DECIMALS)\n    if data.empty:\n        raise ValueError(f\"{station.id}: no records to write\")\n"),
        "tests/test_smet.py": repo.files["tests/test_smet.py"] + '''

def test_every_row_has_every_field(tmp_path):
    rows = [{"ts": dt.datetime(2026, 1, 22, 0, 0, tzinfo=UTC), "TA": None, "RH": None, "TSS": None, "VW": None,
             "DW": None, "ISWR": None, "HS": None, "PSUM": None}]
    path = tmp_path / "FALK2.smet"
    smet.write(path, FALK2, pd.DataFrame(rows).set_index("ts"))
    assert len(path.read_text().splitlines()[-1].split()) == len(FALK2.fields)
''',
    })
    repo.commit(cet("2026-01-27 14:02:00"), lukas, "push: the morning forecast of the Falkental road stations to the LSD (FOR-40)\n\nThe road authority's avalanche commission for the L 92 wants our SNOWPACK\nforecast for FALK2, GAMS2, PLAT2 and WEIS2 before it meets. One CSV per\nstation on their SFTP server at 06:00 UTC; a forecast from a run older than\n9 hours is not sent (they would rather decide without it).", {
        "snowchain/push/__init__.py": "",
        "snowchain/push/lsd.py": PUSH_PY,
        "deploy/cronjob-push.yaml": CRONJOB_PUSH,
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", "  - cronjob-nwp.yaml\n", "  - cronjob-nwp.yaml\n  - cronjob-push.yaml\n"),
        "pyproject.toml": sub(repo.files["pyproject.toml"],
                              '  "prometheus-client==0.20.0",\n', '  "prometheus-client==0.20.0",\n  "paramiko==3.4.1",\n',
                              'snowchain-nwp = "snowchain.nwp.fetch:main"\n', 'snowchain-nwp = "snowchain.nwp.fetch:main"\nsnowchain-push = "snowchain.push.lsd:main"\n'),
    })
    rel_2142 = repo.commit(cet("2026-01-28 10:05:00"), mira, "release 2.14.2", {
        "snowchain/__init__.py": repo.edit("snowchain/__init__.py", '"2.14.1"', '"2.14.2"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.14.1"', 'newTag: "2.14.2"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.14.2\n\n- Forecast push to the road authority (FOR-40).\n- SMET writer refuses an empty frame (INC-0412).\n- SQLAlchemy 2.0.36.\n", 1),
    })
    repo.commit(cet("2026-01-29 15:20:00"), jonas, "docs: postmortem INC-0412 (SMET input with blank fields)", {
        "docs/postmortems/INC-0412.md": "# INC-0412: SNOWPACK runs failing in the storm of 21/22 January\n\nMOD-214 (2.13.0) wrote the SMET input with DataFrame.to_csv without\nna_rep; every value QC removed became an empty field, and MeteoIO refused\nthe file. Nothing was removed for 38 hours after the release, so the first\nstorm found it. We rolled back 2.14.0 (SNOWPACK 3.8.0) first, which did not\nhelp. Fixed in 2.14.1 (MOD-226).\n\nActions: a storm fixture with gaps in CI; the writer checks its rows.\n",
    })
    repo.commit(cet("2026-02-02 10:31:00"), pedro, "nwp: fetch the AROME-SWD point forecasts from the SWD Data Hub instead of the FTP server (NWP-88)\n\nSWD retires ftp.swd.gv.at on 31 March. The Data Hub publishes the same CSV\nper customer and run at the same time; runs not published yet answer 404.\nToken in the swd-datahub secret; swd-ftp stays mounted until the FTP\nuser is removed.", {
        fetch_path: FETCH_DATAHUB,
        "deploy/cronjob-nwp.yaml": repo.edit("deploy/cronjob-nwp.yaml", "                - secretRef:\n                    name: swd-ftp\n",
                                             "                - secretRef:\n                    name: swd-ftp\n                - secretRef:\n                    name: swd-datahub\n"),
    })
    repo.commit(cet("2026-02-02 16:12:00"), sarah, "push: send the road authority's forecast at 05:30 UTC (FOR-52)\n\nThe L 92 commission meets at 07:00 CET from February and wants the\nforecast half an hour before.", {
        "deploy/cronjob-push.yaml": repo.edit("deploy/cronjob-push.yaml", 'schedule: "0 6 * * *"', 'schedule: "30 5 * * *"'),
    })
    repo.commit(cet("2026-02-03 09:16:00"), pedro, "nwp: warn on every poll while a due run is not published, with the Data Hub's newest run (NWP-91)\n\nA late run was an INFO line nobody read; the forecasters noticed before\nwe did. Warn once the run is due and say which run the Data Hub has.", {
        fetch_path: sub(repo.files[fetch_path],
                        '''        if csv_text is None:
            log.info("run %s not yet published on the Data Hub (404)", run.strftime("%Y-%m-%dT%HZ"))
            return
''',
                        '''        if csv_text is None:
            newest = client.get(f"/api/v2/collections/{COLLECTION}/runs", params={"limit": 1}).json()["runs"][0]["id"]
            log.warning("run %s not published yet (HTTP 404), due since %s; the Data Hub's newest %s run is %s",
                        run.strftime("%Y-%m-%dT%HZ"), (run + DELIVERY).strftime("%H:%MZ"), COLLECTION, newest)
            return
'''),
    })
    repo.commit(cet("2026-02-03 10:40:00"), jonas, "runbook: NWPRunOverdue", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## NWPRunOverdue

The newest AROME-SWD run is more than 30 minutes past its delivery time
(2 h 45 min after the reference time) and not fetched. The forecasters'
forecast panels and the LSD push use the run before.

- Since NWP-88 we fetch from the SWD Data Hub: check the URL template in
  `snowchain/nwp/fetch.py` against SWD's API documentation and that the
  `swd-datahub` token is valid (a 401/403 means the token).
- If it starts after a snowchain release, roll back first and see whether
  the previous version fetches the run.
- SWD's own delays are announced on status.swd.gv.at.
""",
    })
    repo.commit(cet("2026-02-03 11:05:00"), bot, "chore(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.2"', '"httpx==0.28.1"'),
    })
    rel_2150 = repo.commit(cet("2026-02-03 15:04:00"), pedro, "release 2.15.0", {
        "snowchain/__init__.py": repo.edit("snowchain/__init__.py", '"2.14.2"', '"2.15.0"'),
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.14.2"', 'newTag: "2.15.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.15.0\n\n- AROME-SWD point forecasts from the SWD Data Hub (NWP-88).\n- Warning for every poll of an overdue run (NWP-91).\n- LSD push at 05:30 UTC (FOR-52).\n- httpx 0.28.1.\n", 1),
    })
    repo.commit(cet("2026-02-03 17:46:00"), sarah, "stations: Grünsee's SR50A moved to the new mast, 3.00 m", {
        "config/stations.yaml": repo.edit("config/stations.yaml", "  - id: GRUE2\n    name: Grünsee\n    lat: 47.035\n    lon: 10.8016\n    altitude: 2050\n    region: W07\n    logger: GRUE2_CR1000X\n    hs_mount_m: 2.90\n",
                                          "  - id: GRUE2\n    name: Grünsee\n    lat: 47.035\n    lon: 10.8016\n    altitude: 2050\n    region: W07\n    logger: GRUE2_CR1000X\n    hs_mount_m: 3.00\n"),
    })
    rollback = repo.commit(cet("2026-02-04 05:03:00"), lukas, "deploy: pin snowchain 2.14.2 (rollback of 2.15.0, INC-0431)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.15.0"', 'newTag: "2.14.2"'),
    })
    again = repo.commit(cet("2026-02-04 08:35:00"), lukas, "deploy: snowchain 2.15.0 again (INC-0431 was SWD's delayed 00 UTC run)", {
        "deploy/kustomization.yaml": repo.edit("deploy/kustomization.yaml", 'newTag: "2.14.2"', 'newTag: "2.15.0"'),
    })
    shas.update({"rel_2142": rel_2142, "rel_2150": rel_2150, "rollback_feb": rollback, "again": again})
    return repo, shas


# ---------------------------------------------------------------------------
# the night

secs, at = jan.secs, jan.at


def _hms(text):
    return text if text.count(":") == 2 else text + ":00"


def U(text):
    """'04 02:50' -> epoch seconds, UTC; day 03 or 04 of February 2026."""
    return secs(utc(f"2026-02-{_hms(text)}"))


def C(text):
    return secs(cet(f"2026-02-{_hms(text)}"))


def py_stamp(x):
    t = at(x)
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def runid(x):
    return at(x).strftime("%Y-%m-%dT%HZ")


# when SWD publishes each product run (UTC); the 00 UTC runs are late
PUBLISHED = {
    ("arome-swd-point", "03 12"): "03 14:41:12",
    ("icon-swd-grid", "03 12"): "03 14:22:40",
    ("arome-swd-point", "03 18"): "03 20:53:05",
    ("icon-swd-grid", "03 18"): "03 20:24:51",
    ("icon-swd-grid", "04 00"): "04 05:39:02",
    ("arome-swd-point", "04 00"): "04 05:46:31",
}


def build_logs(rng, shas):
    nwp = Log("snowchain-nwp.log")
    runner = Log("snowchain-runner.log")
    push = Log("snowchain-push.log")
    egress = Log("egress-gateway.log")
    status = Log("swd-status.log")
    argo = Log("argocd-snowchain.log")
    alerts = Log("alertmanager.log")
    ingress = Log("ingress-nginx.log")
    desk = Log("forecast-desk.log")
    slack = Log("slack-lwd-ops.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    rev = {"2.14.2": shas["rel_2142"], "2.15.0": shas["rel_2150"]}
    SYNC_2150 = U("03 14:07:22")
    SYNC_ROLLBACK = U("04 04:05:09")
    SYNC_AGAIN = U("04 07:37:44")

    def version_at(x):
        if x < SYNC_2150 + 20:
            return "2.14.2"
        if x < SYNC_ROLLBACK + 20:
            return "2.15.0"
        if x < SYNC_AGAIN + 20:
            return "2.14.2"
        return "2.15.0"

    stations = [s[0] for s in jan.STATION_LIST]

    def nl(x, level, logger, msg):
        nwp.add(at(x), f"{py_stamp(x)} {level} {logger}: {msg}")

    def eg(x, method, path, status_, dur, authority, upstream, size=None, ns="lwd-snowchain"):
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        size = size if size is not None else (0 if status_ >= 400 else rng.randint(800, 4000))
        flags = "-" if status_ < 500 else "UF"
        egress.add(t, f'[{stamp}] "{method} {path} HTTP/1.1" {status_} {flags} 0 {size} {dur} {dur - rng.randint(0, 3) if dur > 3 else dur} "10.129.{rng.randint(2, 9)}.{rng.randint(2, 250)}" "{"python-httpx/0.28.1" if ns == "lwd-snowchain" else ("Go-http-client/1.1" if ns == "hydro-forecast" else "python-requests/2.32.3")}" "{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" "{authority}" "{upstream}" outbound|443||{authority} {ns}')

    def published(product, run_x, x):
        key = (product, at(run_x).strftime("%d %H"))
        if key in PUBLISHED:
            return x >= U(PUBLISHED[key])
        return x >= run_x + 2.7 * 3600  # earlier runs: on time

    # --- SWD status feed ----------------------------------------------------------
    def st(x, event, product, run, text=None, **kv):
        body = {"time": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": event}
        if product:
            body["product"] = product
        if run:
            body["run"] = run
        if text:
            body["text"] = text
        body.update(kv)
        status.add(at(x), json.dumps(body, ensure_ascii=False))

    for (product, rk), pub in sorted(PUBLISHED.items(), key=lambda kv: kv[1]):
        run_x = U(f"{rk}:00")
        note = {"status": "delayed"} if rk == "04 00" else {}
        st(U(pub) + 4.2, "published", product, at(run_x).strftime("%Y-%m-%dT%H:%MZ"), lead_times=49 if "arome" in product else 121, **note)
    # observation products every 10 minutes are published on time (every hour here)
    x = U("03 13:05")
    while x < t1:
        st(x + rng.uniform(20, 80), "published", "obs-tawes-10min", None, period=at(x - 300).strftime("%Y-%m-%dT%H:%MZ"))
        x += 3600
    st(U("03 13:40:10"), "notice", None, None, "Planned maintenance of the Data Hub on 10 February 2026, 06:00-07:00 UTC: the API may answer 503 for up to 10 minutes.", severity="info", id="SWD-N-2026-017")
    st(U("04 04:12:31"), "notice", None, None, "Delayed NWP runs: due to a storage failure on the HPC system the 00 UTC runs of AROME-SWD and ICON-SWD are delayed. The runs were restarted at 03:20 UTC; expected availability around 05:45 UTC. Earlier runs are not affected.", severity="major", id="SWD-N-2026-019", affected=["arome-swd-point", "arome-swd-grid", "icon-swd-grid"])
    st(U("04 05:12:05"), "notice", None, None, "Update: AROME-SWD 00 UTC at +36 h, ICON-SWD 00 UTC at +96 h. Expected availability unchanged (05:45 UTC).", severity="major", id="SWD-N-2026-019")
    st(U("04 05:49:40"), "notice", None, None, "Resolved: the 00 UTC runs of AROME-SWD and ICON-SWD are available (05:39 and 05:46 UTC). The 06 UTC runs are expected on time. Cause: a failed metadata server of the HPC system's parallel file system at 23:10 UTC.", severity="major", id="SWD-N-2026-019", resolved=True)

    # --- the snowchain-nwp CronJob -----------------------------------------------
    stored = {U("03 06:00")}
    first_warning = None
    overdue_warnings = 0
    x = U("03 13:00:03")
    forecast_runs = []
    while x < t1:
        v = version_at(x)
        poll = x + rng.uniform(2.0, 4.5)
        due_run = None
        for run_x in (U("03 06:00"), U("03 12:00"), U("03 18:00"), U("04 00:00"), U("04 06:00")):
            if run_x + 2.75 * 3600 <= x:
                due_run = run_x
        if due_run is not None and due_run in stored:
            nl(poll, "INFO", "snowchain.nwp.fetch", f"snowchain-nwp {v} (rev {rev[v][:7]}): run {runid(due_run)} already fetched, next run due {at(due_run + 6 * 3600 + 2.75 * 3600).strftime('%H:%MZ')}")
        elif due_run is not None:
            nl(poll, "INFO", "snowchain.nwp.fetch", f"snowchain-nwp {v} (rev {rev[v][:7]}): run {runid(due_run)} due since {at(due_run + 2.75 * 3600).strftime('%H:%MZ')}")
            y = poll + rng.uniform(0.2, 0.6)
            if v == "2.15.0":
                path = f"/api/v2/collections/arome-swd-point/runs/{at(due_run).strftime('%Y-%m-%dT%H')}Z/items/lwd-westgau.csv"
                if published("arome-swd-point", due_run, y):
                    eg(y, "GET", path, 200, rng.randint(180, 420), "datahub.swd.gv.at", "193.171.20.14:443", size=rng.randint(1480000, 1530000))
                else:
                    eg(y, "GET", path, 404, rng.randint(22, 60), "datahub.swd.gv.at", "193.171.20.14:443")
                    newest = max(r for r in (U("03 06:00"), U("03 12:00"), U("03 18:00"), U("04 00:00")) if published("arome-swd-point", r, y))
                    eg(y + 0.08, "GET", "/api/v2/collections/arome-swd-point/runs?limit=1", 200, rng.randint(18, 40), "datahub.swd.gv.at", "193.171.20.14:443", size=rng.randint(300, 340))
                    nl(y + 0.12, "WARNING", "snowchain.nwp.fetch", f"run {runid(due_run)} not published yet (HTTP 404), due since {at(due_run + 2.75 * 3600).strftime('%H:%MZ')}; the Data Hub's newest arome-swd-point run is {at(newest).strftime('%Y-%m-%dT%H:%MZ')}")
                    if due_run == U("04 00:00"):
                        overdue_warnings += 1
                        if first_warning is None:
                            first_warning = y + 0.12
                    x += 600
                    continue
            else:
                if not published("arome-swd-point", due_run, y):
                    nl(y + rng.uniform(0.3, 0.9), "INFO", "snowchain.nwp.fetch",
                       f"run {runid(due_run)} not yet available: 550 /arome-swd/point/{at(due_run).strftime('%Y%m%d%H')}/lwd-westgau.csv: No such file or directory")
                    x += 600
                    continue
                y += rng.uniform(1.5, 4.0)
            y += rng.uniform(0.4, 1.1)
            nl(y, "INFO", "snowchain.nwp.fetch", f"run {runid(due_run)} fetched: 30 stations, 49 lead times")
            stored.add(due_run)
            took = rng.uniform(190, 240)
            nl(y + took, "INFO", "snowchain.model.forecast", f"forecast with AROME-SWD run {runid(due_run)}: 30 stations, +48 h, 30 ok, 0 failed in {took:.0f} s")
            forecast_runs.append((due_run, y, y + took))
        x += 600
    stats["first_warning"] = first_warning
    stats["overdue_warnings"] = overdue_warnings
    stats["forecast_runs"] = forecast_runs
    fc00_done = next(done for r, _, done in forecast_runs if r == U("04 00:00"))

    # --- the 3-hourly observation cycles (runner) ----------------------------------
    def rl(x, level, msg):
        runner.add(at(x), f"{py_stamp(x)} {level} snowchain.model.run: {msg}")

    state = {s: U("03 12:00") for s in stations}
    for cyc in ("03 15:05:02", "03 18:05:03", "03 21:05:02", "04 00:05:02", "04 03:05:03", "04 06:05:02"):
        cx = U(cyc)
        v = version_at(cx)
        rl(cx, "INFO", f"snowchain-runner {v} (rev {rev[v][:7]}) with SNOWPACK 3.8.0 (MeteoIO 2.11.0): cycle for 30 stations")
        y = cx + rng.uniform(1.5, 2.5)
        until = cx - 5 * 60 - 2
        until = until - (until % 1800)
        for s in stations:
            y += rng.uniform(0.2, 0.5)
            rows = int((until - state[s]) / 1800)
            if s == "TAFE2" and cyc == "04 03:05:03":
                rows -= 1
            dur = 3.8 + rows * 0.55 + rng.uniform(0, 2.5)
            y += dur
            end = state[s] + rows * 1800
            rl(y, "INFO", f"station {s}: snowpack finished in {dur:.1f} s, state {at(state[s]).strftime('%Y-%m-%dT%H:%MZ')} -> {at(end).strftime('%Y-%m-%dT%H:%MZ')}, {rows} input rows, 5 products uploaded")
            state[s] = end
        y += rng.uniform(0.3, 0.9)
        rl(y, "INFO", f"cycle finished in {y - cx:.0f} s: 30 ok, 0 failed")

    # --- the push --------------------------------------------------------------------
    def pl(x, level, msg):
        push.add(at(x), f"{py_stamp(x)} {level} snowchain.push.lsd: {msg}")

    px = U("04 05:30:04")
    age = (px - U("03 18:00")) / 3600
    pl(px + 1.9, "ERROR", f"push to LSD skipped: the newest forecast uses AROME-SWD run 2026-02-03T18Z, {age:.1f} h old (limit 9 h)")
    manual = U("04 06:01:37")
    assert manual > fc00_done
    pl(manual + 4.4, "INFO", "pushed the forecast of FALK2, GAMS2, PLAT2, WEIS2 (AROME-SWD run 2026-02-04T00Z) to sftp.lsd.westgau.gv.at")

    # --- egress gateway: other teams' and our other calls ------------------------------
    x = t0 + rng.uniform(0, 60)
    while x < t1:
        eg(x, "GET", "/api/v2/collections/obs-tawes-10min/items/latest?bbox=10.4,46.9,11.1,47.5", 200, rng.randint(40, 160), "datahub.swd.gv.at", "193.171.20.14:443", size=rng.randint(52000, 56000), ns="lwd-web")
        x += 600 + rng.uniform(-3, 3)
    x = t0 + rng.uniform(0, 60)
    while x < t1:
        eg(x, "GET", "/api/v2/warnings/cap?region=AT-WG", 200, rng.randint(25, 90), "datahub.swd.gv.at", "193.171.20.14:443", size=rng.randint(3800, 9200), ns="lwd-web")
        x += 300 + rng.uniform(-2, 2)
    # hydrology's flood forecast polls ICON-SWD every 5 minutes once a run is due
    hydro_done = {}
    x = t0 + 40
    while x < t1:
        for run_x in (U("03 12:00"), U("03 18:00"), U("04 00:00"), U("04 06:00")):
            if run_x + 2.25 * 3600 <= x < run_x + 2.25 * 3600 + 6 * 3600:
                path = f"/api/v2/collections/icon-swd-grid/runs/{at(run_x).strftime('%Y-%m-%dT%H')}Z/items/inn-catchment.grib2"
                if published("icon-swd-grid", run_x, x):
                    if not hydro_done.get(run_x):
                        eg(x, "GET", path, 200, rng.randint(2200, 4800), "datahub.swd.gv.at", "193.171.20.14:443", size=rng.randint(41000000, 43000000), ns="hydro-forecast")
                        hydro_done[run_x] = True
                elif not hydro_done.get(run_x):
                    eg(x, "GET", path, 404, rng.randint(20, 55), "datahub.swd.gv.at", "193.171.20.14:443", ns="hydro-forecast")
        x += 300 + rng.uniform(-1, 1)

    # --- Argo CD -------------------------------------------------------------------------
    def al(x, msg, **kv):
        parts = [f'time="{at(x).strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"', "application=openshift-gitops/snowchain-prod"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    x = t0 + 31.7
    while x < t1:
        al(x, "Reconciliation completed", **{"dest-namespace": "lwd-snowchain", "time_ms": rng.randint(60, 150)})
        x += 180 + rng.uniform(0, 0.8)
    for sx, sha, hid in ((SYNC_2150, shas["rel_2150"], 221), (SYNC_ROLLBACK, shas["rollback_feb"], 222), (SYNC_AGAIN, shas["again"], 223)):
        al(sx, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "lwd-snowchain"})
        al(sx + 1.1, "Updating operation state. phase: Running -> Running, message: 'one or more tasks are running'", **{"dest-namespace": "lwd-snowchain"})
        al(sx + 24.3, f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sx + 24.6, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "lwd-snowchain"})

    # --- Alertmanager ----------------------------------------------------------------------
    def alert(x, status_, name, summary, starts, ends=None, **labels):
        lab = {"alertname": name, "severity": labels.pop("severity", "page"), "namespace": labels.pop("namespace", "lwd-snowchain")}
        lab.update(labels)
        body = {"receiver": "lwd-oncall", "status": status_, "groupLabels": {"alertname": name},
                "alerts": [{"status": status_, "labels": lab,
                            "annotations": {"summary": summary, "runbook_url": f"https://gitlab.westgau.gv.at/lwd/snowchain/-/blob/main/docs/runbook.md#{name.lower()}"},
                            "startsAt": at(starts).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "endsAt": at(ends).strftime("%Y-%m-%dT%H:%M:%SZ") if ends else "0001-01-01T00:00:00Z"}],
                "externalURL": "https://alertmanager.ocp.westgau.local"}
        alerts.add(at(x), json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    fetched00 = next(f for r, f, _ in forecast_runs if r == U("04 00:00"))
    od = U("04 03:15:00")
    alert(od + 28, "firing", "NWPRunOverdue", "AROME-SWD run 2026-02-04T00Z not fetched, 30 min past its delivery time", od, run="2026-02-04T00Z")
    alert(U("04 05:31:00") + 25, "firing", "ForecastPushFailed", "snowchain-push job failed (LSD push)", U("04 05:31:00"), severity="page")
    alert(fetched00 + 90, "resolved", "NWPRunOverdue", "AROME-SWD run 2026-02-04T00Z not fetched, 30 min past its delivery time", od, fetched00 + 60, run="2026-02-04T00Z")
    alert(manual + 95, "resolved", "ForecastPushFailed", "snowchain-push job failed (LSD push)", U("04 05:31:00"), manual + 60, severity="page")
    alert(U("03 21:44:00"), "firing", "PodRestarted", "stations-api restarted (OOMKilled)", U("03 21:43:30"), severity="ticket", namespace="lwd-web")
    alert(U("03 21:49:00"), "resolved", "PodRestarted", "stations-api restarted (OOMKilled)", U("03 21:43:30"), U("03 21:48:30"), severity="ticket", namespace="lwd-web")

    # --- ingress-nginx (public site, app, workbench) -----------------------------------------
    public_ua = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Mobile Safari/537.36",
                 "LWD-Westgau/3.4.2 (Android 14)", "LWD-Westgau/3.4.2 (iOS 18.3)", "LWD-Westgau/3.4.1 (iOS 17.6)"]

    def rate(x):
        h = (at(x).hour + 1) % 24
        if 0 <= h < 6:
            return 0.8
        if 6 <= h < 9:
            return 7.0
        if h >= 21:
            return 1.6
        return 3.5

    x = t0
    while x < t1:
        x += rng.expovariate(rate(x) / 60.0)
        if x >= t1:
            break
        t = at(x)
        roll = rng.random()
        ipaddr = f"{rng.choice(['84.115', '62.178', '91.113', '178.191', '77.119', '193.81'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        ua = rng.choice(public_ua)
        if roll < 0.4:
            path, size, rt = "/api/v1/bulletin/current?lang=de", rng.randint(9000, 12500), rng.uniform(0.004, 0.03)
        elif roll < 0.5:
            path, size, rt = "/api/v1/bulletin/current.caaml?lang=en", rng.randint(14000, 17000), rng.uniform(0.004, 0.03)
        elif roll < 0.78:
            path, size, rt = f"/api/v1/stations/{rng.choice(stations)}/latest", rng.randint(600, 900), rng.uniform(0.006, 0.04)
        elif roll < 0.92:
            path, size, rt = f"/api/v1/stations/{rng.choice(stations)}/series?hours={rng.choice([24, 48, 168])}", rng.randint(8000, 60000), rng.uniform(0.03, 0.25)
        else:
            path, size, rt = "/api/v1/maps/hn24.png", rng.randint(180000, 260000), rng.uniform(0.01, 0.06)
        upstream = "lwd-web-stations-api-8080" if "/stations/" in path or "/maps/" in path else "lwd-web-bulletin-web-80"
        referer = "-" if ua.startswith("LWD-") else "https://lawinen.westgau.gv.at/"
        ingress.add(t, f'{ipaddr} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "GET {path} HTTP/1.1" 200 {size} "{referer}" "{ua}" {rng.randint(380, 720)} {rt + 0.001:.3f} [{upstream}] [] 10.129.{rng.randint(2, 9)}.{rng.randint(2, 250)}:8080 {size} {rt:.3f} 200 {hexid(rng, 32)}')
    wb_ua = "Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0"
    for x0, x1, who in ((C("03 15:40"), C("03 16:55"), "10.77.1.31"), (C("04 05:40"), C("04 07:25"), "10.77.1.44"), (C("04 07:05"), C("04 07:30"), "10.77.1.31")):
        x = x0
        while x < x1:
            x += rng.expovariate(1 / 35.0)
            sid = rng.choice(stations)
            kind, prod = rng.choice([("forecast", "hn24.json"), ("forecast", "rain_snow_line.json"), ("forecast", "wet_snow_index.json"), ("model", "profile.pro"), ("model", "sk38.json")])
            t = at(x)
            size = rng.randint(20000, 190000) if prod == "profile.pro" else rng.randint(900, 4000)
            rt = rng.uniform(0.01, 0.09)
            ingress.add(t, f'{who} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "GET /api/{kind}/{sid}/{prod} HTTP/1.1" 200 {size} "https://workbench.lwd.westgau.local/stations/{sid}" "{wb_ua}" {rng.randint(520, 760)} {rt + 0.001:.3f} [lwd-workbench-workbench-api-8080] [] 10.129.4.{rng.randint(2, 250)}:8080 {size} {rt:.3f} 200 {hexid(rng, 32)}')

    # --- forecast desk -----------------------------------------------------------------------------
    def dk(text_cet, who, text):
        x = C(text_cet)
        desk.add(at(x), f"{at(x).astimezone(CET).strftime('%Y-%m-%d %H:%M')} CET | {who} | {text}")

    dk("03 16:51", "S. Eberle", "Bulletin 04.02. published 16:49: danger 3 above 1800 m, 2 below. Warm front Wednesday midday, rain up to about 2000 m: wet snow avalanches from noon. Update 07:30 if the front is faster; check AROME 00Z rain/snow line and wet snow index")
    dk("03 17:15", "S. Eberle", "Handover to N. Gruber (early shift Wednesday). L 92 commission meets 07:00, gets our push at 06:30")
    dk("04 05:43", "N. Gruber", "Early shift. Forecast panels still AROME 18Z (almost 11 h old). 00Z not there; ops on-call already on it")
    dk("04 06:18", "N. Gruber", "Briefing on AROME 18Z and the ECMWF charts from the SWD portal: front a little later than 18Z, rain/snow line 1900-2100 m")
    dk("04 06:34", "N. Gruber", "LSD push at 06:30 skipped (18Z too old). Phoned the L 92 commission chair (Hr. Moosbrugger): they decide at 07:00 on the bulletin and the obs")
    dk("04 07:05", "N. Gruber", "Push arrived at LSD 07:01 with the 00Z forecast. Commission: L 92 Falkental closed 11:00-16:00 for the rain on snow, as planned")
    dk("04 07:27", "N. Gruber", "Morning update 07:30: no change to the danger levels; 00Z confirms the timing (rain to 2100 m from 13:00)")
    dk("04 09:02", "S. Eberle", "Day shift. 06Z expected on time per SWD")

    # --- Slack #lwd-ops --------------------------------------------------------------------------
    users = {"pedro.alves": "U03PA6F2J", "lukas.brandner": "U03LB2X8H", "jonas.pfeifer": "U02JP4K7Q", "mira.koller": "U02MK9W3D",
             "sarah.eberle": "U04SE6T1M", "nina.gruber": "U04NG3R5V", "eva.lechner (hydrology)": "U07EL5H9S"}

    def say(when, who, text):
        x = (C(when) if isinstance(when, str) else when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "lwd-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fc12 = next(done for r, _, done in forecast_runs if r == U("03 12:00"))
    fc18 = next(done for r, _, done in forecast_runs if r == U("03 18:00"))
    say("03 15:11", "pedro.alves", "2.15.0 synced at 15:07: NWP-88 (AROME-SWD from the Data Hub instead of the FTP), NWP-91 (warning while a due run is missing), FOR-52 (LSD push 05:30 UTC), httpx 0.28.1. 12Z should come through the Data Hub at 15:45")
    say(fc12 + 40, "pedro.alves", "12Z fetched from the Data Hub at 15:50, forecast for 30 stations done. the FTP user stays until March")
    say(fc18 + 60, "pedro.alves", "18Z was 8 min late on the Data Hub: one NWP-91 warning at 21:50, fetched at 22:00. that's what it's for")
    say("04 04:16", "lukas.brandner", f"paged: NWPRunOverdue. AROME-SWD 00Z not on the Data Hub, every poll since 03:50 CET 'run 2026-02-04T00Z not published yet (HTTP 404)'. 2.15.0 moved the fetch to the Data Hub yesterday (NWP-88). first 00 run through the new URL template")
    say("04 04:31", "lukas.brandner", "token is fine (404 not 401, and the runs listing answers 200). the template puts 'T00Z' in the path, 12Z and 18Z went through with the same code. still, runbook: overdue after a release -> roll back and see if the previous version gets it. httpx 0.28 came with it too. rolling back to 2.14.2 (FTP), INC-0431")
    say("04 05:08", "lukas.brandner", "2.14.2 synced at 05:05. the FTP has no 00Z either: '550 /arome-swd/point/2026020400/lwd-westgau.csv: No such file or directory'. so SWD hasn't published it anywhere yet")
    say("04 05:11", "eva.lechner (hydrology)", "same here: our ICON-SWD 00Z for the Inn flood forecast has been 404 since 03:15 CET (you can see our calls in the egress log next to yours). SWD service desk: HPC problem, notice coming")
    say("04 05:14", "lukas.brandner", "SWD status page now: 'storage failure on the HPC system, the 00 UTC runs of AROME-SWD and ICON-SWD are delayed, restarted at 03:20 UTC, expected around 05:45 UTC'. posted at 05:12 CET, more than an hour after our first warning. and NWP-91's warning says it all night: the Data Hub's newest arome-swd-point run is 18Z")
    say("04 05:20", "nina.gruber", "ok. briefing at 06:30 on 18Z and ECMWF. the LSD push at 06:30 will skip 18Z (more than 9 h old), I'll phone the commission")
    say("04 06:35", "nina.gruber", "push skipped as expected, commission informed")
    say(fetched00 + 90, "lukas.brandner", f"SWD published 00Z at 06:46 CET, 2.14.2 fetched it from the FTP at {at(fetched00).astimezone(CET).strftime('%H:%M')}, forecast for 30 stations done at {at(fc00_done).astimezone(CET).strftime('%H:%M')}. pushing to LSD by hand")
    say(manual + 60, "lukas.brandner", "push delivered 07:01 CET, AROME-SWD run 2026-02-04T00Z")
    say("04 07:06", "nina.gruber", "LSD has it, thanks. they close the L 92 11:00-16:00 for the rain anyway")
    say("04 08:38", "lukas.brandner", "2.15.0 synced again at 08:37 (the Data Hub fetch was never the problem). INC-0431: nothing to change in snowchain. follow-ups: push 18Z with a 'stale' flag instead of skipping, and subscribe the on-call to SWD's status notices")
    return [nwp, runner, push, egress, status, argo, alerts, ingress, desk, slack], stats


def build(out_dir):
    rng = random.Random(97200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_warning"]).replace(microsecond=0)
        assert utc("2026-02-04 02:50:00") < onset < utc("2026-02-04 02:51:00"), onset
        return write_scenario(
            out_dir, name="r97-nwp-run-delayed-none", service=SERVICE, onset=onset,
            description=f"""
The Lawinenwarndienst Westgau's SNOWPACK forecasts are not refreshed on
Wednesday 4 February 2026: from {onset.strftime('%H:%M:%S')} UTC (03:50 CET) every poll of
snowchain-nwp finds the 00 UTC run of AROME-SWD missing on the SWD Data Hub
(HTTP 404); NWPRunOverdue pages the on-call at 04:15 CET. snowchain 2.15.0,
which fetches from the Data Hub instead of SWD's FTP server, had been
synced on Tuesday at 15:07 CET; it was rolled back to 2.14.2 at 05:05 CET
without effect. The 05:30 UTC forecast push to the road authority was
skipped; the run was fetched at 05:50 UTC, pushed by hand at 06:01 UTC,
and 2.15.0 was synced again at 08:37 CET. Times in the forecast desk log and
the chat are CET (+01:00).
""",
            logs=logs,
            line_formats={
                "forecast-desk.log": r'<Date> <Time> CET \| <Forecaster> \| <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'storage failure on the HPC system',
                r"the Data Hub's newest .* run is",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. At 23:10 UTC a metadata server of the parallel file
system of the Staatlicher Wetterdienst's HPC system failed during the data
assimilation of the 00 UTC runs; SWD restarted AROME-SWD and ICON-SWD at
03:20 UTC and published them at 05:39 and 05:46 UTC, three hours late. From
the first poll after the run was due every snowchain-nwp poll warns "run
2026-02-04T00Z not published yet (HTTP 404) ...; the Data Hub's newest
arome-swd-point run is 2026-02-03T18:00Z" ({stats['overdue_warnings']} times on 2.15.0), the same
run missing on SWD's FTP server after the rollback ("550 ... No such file
or directory"); hydrology's ICON-SWD requests in the shared egress log get
404 as well while the Data Hub serves observations and warnings. SWD's
status page posts its notice at 04:12 UTC ("due to a storage failure on the
HPC system the 00 UTC runs of AROME-SWD and ICON-SWD are delayed"). The
forecast push to the road authority at 05:30 UTC is skipped because the
newest forecast (18Z) is 11.5 hours old; the 05:50 poll fetches the run,
the forecast runs, and the push is made by hand at 06:01. Nothing in
snowchain was changed.
Decoys: release 2.15.0, synced 12.7 hours before the onset (NWP-88, the
fetch from the Data Hub API instead of the FTP, the very code that gets the
404s, whose first 00 UTC run this is; NWP-91, which adds the very warning
that fills the log; FOR-52, the push that is skipped moved to 05:30 UTC;
httpx 0.28.1), rolled back to 2.14.2 without effect and synced again at
08:37 CET; the runbook commit that reads an overdue run after a release as
a wrong URL template or token and says to roll back; the 18 UTC run eight
minutes late the evening before (one warning, then fetched); the Grünsee
mount change (not deployed); an OOM restart of stations-api (another
repository).
""",
        )
    finally:
        repo.close()
