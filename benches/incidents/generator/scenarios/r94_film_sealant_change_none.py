"""bakeflow (Python 3.12; the MES of Verhoeven Brood's Veghel bakery, the same
service a month after `r94-poolish-water-multiplier`) also runs the packing
hall: at a product change it downloads the flow wrapper's settings (cross
and long seal jaw temperatures, dwell) and the checkweigher's limits, and
it collects the wrappers' reel splices, the leak testers' and the
checkweighers' counts. L2's part-baked rolls (BOL-WIT-6, BOL-MEER-6) and
L3's part-baked ciabatta (CIA-POOL-12) are flow-wrapped in modified
atmosphere (CO2/N2, 21 days) in Flexopak's PET/PE film FX-PETPE-45 on FW2
and FW3; a CO2 sniffing leak tester (LT2, LT3) behind each wrapper rejects
every pack that leaks.

Flexopak changes the resin of the film's sealant layer from lot
FX-26-04400 on and sends a product change notification (PCN-2026-014, 18
March: "seal initiation temperature approximately 8-10 C higher; please
validate your sealing parameters before use") to the purchasing mailbox,
where it is filed and never reaches QA or engineering. Goods-in releases
the first delivery of the new lots (FX-26-04417 to 04420) on Wednesday 8
April on width, thickness and the CoA; a seal test is not part of the
intake.

Thursday 9 April 2026 (CEST, UTC+2): at L2's product change at 05:12
(white rolls to multigrain), Aditi deploys bakeflow 5.6.0 with PACK-130,
which takes the jaw temperatures from film specs in the master data
instead of products.yaml (FW2 gets 145/145 C as before), and PACK-133,
which logs every leak tester reject as a warning. The multigrain packs are
fine for 40 minutes. At 05:58 FW2 splices to the first reel of the new
lot, FX-26-04417: from the first packs about 28 % leak at the cross seal
("REJECT ... peak=...ppm"). The line lead thinks of seeds in the seal and
has the jaws cleaned; Mateusz (on call) sees the new release and its
warnings, reads the runbook (roll back a deploy that changed the settings)
and rolls back to 5.5.2 at 06:48 without effect; maintenance replaces the
cross jaw's PTFE cover at 07:05 without effect. QA's routine seal test of
06:05 (FAIL, 2.4 N/15mm, lot FX-26-04417) sits in LIMS. At 07:41 FW3
splices to FX-26-04419 and the ciabatta leaks as well. QA's comparison
(new lot 2.2 N/15mm at 145 C, 5.7 at 155 C, old lot 6.1 at 145 C) and the
PCN that purchasing finds at 08:08 settle it; with a QA concession the
jaws go to 155 C on both HMIs at 08:12, 5.6.0 is deployed again at 08:30
and QA enters the film spec's revision B (155/155) in the master data.
The packs from the new lot since 05:58 are held and repacked. Nothing in
bakeflow is changed.

Sources: bakeflow (Python logging with the line, line format), the flow
wrappers (syslog RFC 5424), the leak testers (vendor log, line format), QA's
LIMS results (JSON lines, CEST offsets), purchasing tickets (TOPdesk
export, JSON lines), GitLab deploy jobs, the packing hall's shift book
(CEST offsets, line format), the Teams channel "Productie dag" (JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, write_scenario
from skeletons import chores
from scenarios import r94_poolish_water_multiplier as march

SERVICE = "bakeflow"
CEST = dt.timezone(dt.timedelta(hours=2))
sub = march.sub


def nl(text):
    """'2026-04-09 05:58:00' in Veghel (CEST, UTC+2) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CEST).astimezone(dt.timezone.utc)


START, END = nl("2026-04-09 02:00:00"), nl("2026-04-09 10:30:00")
CHANGEOVER_L2 = nl("2026-04-09 05:12:00")
DEPLOY_560 = nl("2026-04-09 05:14:30")
SPLICE_FW2 = nl("2026-04-09 05:58:20")
ROLLBACK = nl("2026-04-09 06:48:10")
PTFE = (nl("2026-04-09 07:05:00"), nl("2026-04-09 07:19:30"))
SPLICE_FW3 = nl("2026-04-09 07:41:05")
JAWS_155 = {"FW2": nl("2026-04-09 08:12:30"), "FW3": nl("2026-04-09 08:14:10")}
REDEPLOY = nl("2026-04-09 08:30:20")
SPEC_REV_B = nl("2026-04-09 08:37:10")
RESEND = {"FW2": nl("2026-04-09 08:40:05"), "FW3": nl("2026-04-09 08:41:30")}
CHANGEOVER_L2_BACK = nl("2026-04-09 09:35:00")
OLD_LOT, NEW_FW2, NEW_FW3 = "FX-26-03981", "FX-26-04417", "FX-26-04419"


def fmt_local(t, fmt="%Y-%m-%dT%H:%M:%S"):
    return t.astimezone(CEST).strftime(fmt)


# ---------------------------------------------------------------------------
# the repository

PRODUCTS_APRIL = """# Packing settings per product (flow wrapper jaws in C, checkweigher in g).
# TU2 (twice the tolerable negative error) stops the line.
products:
  BOL-WIT-6:   {wrapper: FW2, film: FX-PETPE-45, jaws_c: [145, 145], dwell_ms: 180, nominal_g: 360, tu1_g: 345}
  BOL-MEER-6:  {wrapper: FW2, film: FX-PETPE-45, jaws_c: [145, 145], dwell_ms: 180, nominal_g: 390, tu1_g: 375}
  CIA-POOL-12: {wrapper: FW3, film: FX-PETPE-45, jaws_c: [145, 145], dwell_ms: 200, nominal_g: 300, tu1_g: 288}
  BAG-STR-350: {wrapper: FW3, film: FX-PP-30,    jaws_c: [135, 135], dwell_ms: 160, nominal_g: 350, tu1_g: 336}
"""

WRAPPERS_APRIL = '''"""Packing lines: product settings downloaded to the flow wrappers and
checkweighers at a product change (or when the line lead asks for them
again on the HMI); counts and rejects collected."""

import logging

log = logging.getLogger("bakeflow.packing")


async def product_change(line, product, client, reason="product change"):
    settings = line.packing.settings_for(product)
    await client.write_values(line.packing.wrapper, settings.as_tags())
    # PACK-104: the line leads asked what the wrapper got
    log.info("packing settings downloaded to %s for %s (%s): jaws %d/%d C, dwell %d ms, film %s (products.yaml)",
             line.packing.wrapper, product.code, reason, *settings.jaws_c, settings.dwell_ms, settings.film)
'''

LEAKTEST_V1 = '''"""The CO2 sniffing leak testers behind the MAP flow wrappers (Sniffex
LT-20): a pack whose CO2 peak in the test chamber passes the threshold is
rejected. bakeflow takes their minute counts over OPC UA."""

import logging

log = logging.getLogger("bakeflow.packing.leaktest")


async def on_minute(tester, counts, product):
    log.info("%s 1m: tested %d, leak rejects %d, product %s", tester.id, counts.tested, counts.rejected, product.code)


async def on_reject(tester, event, product):
    await tester.db.rejects.add(tester.id, event.pack, event.peak_ppm, product.code)
'''

SPLICES = '''"""Reel splices reported by the flow wrappers: the new reel's lot for the
packs' traceability."""

import logging

log = logging.getLogger("bakeflow.packing.splices")


async def on_splice(wrapper, event):
    log.info("%s reel splice: unwind %s, reel %s (%s, %d m)", wrapper.id, event.unwind, event.lot, event.film, event.length_m)
    await wrapper.db.reels.spliced(wrapper.id, event)
'''

FILMS = '''"""Film specs, master data edited by QA on the HMI (table packing.film_specs):
each film's sealing window. A product's wrapper settings take the jaw
temperatures from its film's spec (PACK-130); the dwell stays per product."""

from dataclasses import dataclass


@dataclass
class FilmSpec:
    code: str
    revision: str
    jaws_c: tuple
    supplier: str


async def spec(db, film_code):
    row = await db.fetchone("SELECT code, revision, cross_c, long_c, supplier FROM packing.film_specs WHERE code = %s AND active", (film_code,))
    if row is None:
        raise LookupError(f"no active film spec for {film_code}")
    return FilmSpec(row[0], row[1], (row[2], row[3]), row[4])
'''

RUNBOOK_LEAKS = """
## Leak tester rejects (MAP lines)

LT2/LT3 reject packs whose CO2 peak passes the threshold. A few a minute is
normal; above 5 % the tester alarms.

- Right after a deploy or a product change: compare the settings
  downloaded to the wrapper (bakeflow log, "packing settings downloaded")
  with the product's; if a deploy changed them, roll back first.
- Multigrain products: seeds and flakes in the cross seal. Have the
  operators clean the jaws.
- Otherwise the cross jaw: worn PTFE cover or a jaw out of temperature
  (measure it with the contact probe). Call maintenance.
"""


def build_repo():
    base, _ = march.build_repo()
    try:
        tree = dict(base.files)
    finally:
        base.close()
    # the same people, on summer time now
    p = {key: (Person(x.name, x.email, x.tz_minutes + 60) if x.tz_minutes == 60 else x) for key, x in march.PEOPLE.items()}
    repo = Repo()
    tree["pyproject.toml"] = sub(tree["pyproject.toml"], 'version = "5.3.2"', 'version = "5.5.2"', '"psycopg[pool]==3.2.4"', '"psycopg[pool]==3.2.5"')
    tree["bakeflow/__init__.py"] = '__version__ = "5.5.2"\n'
    tree["CHANGELOG.md"] = sub(tree["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.5.2\n\n- Line leads can have the packing settings sent again from the HMI (PACK-121).\n\n## 5.5.0\n\n- Reel splices and leak tester counts collected from FW2/FW3 (PACK-112).\n- The water line of preferment doughs shows the tank (PREF-36).\n\n## 5.4.0\n\n- Oven band speeds per product (OVN-47).\n")
    tree["config/products.yaml"] = PRODUCTS_APRIL
    tree["bakeflow/packing/wrappers.py"] = WRAPPERS_APRIL
    tree["bakeflow/packing/leaktest.py"] = LEAKTEST_V1
    tree["bakeflow/packing/splices.py"] = SPLICES
    tree["docs/runbook.md"] = tree["docs/runbook.md"] + RUNBOOK_LEAKS
    for path in [q for q in tree if q in (".editorconfig", ".gitignore") or q.startswith("docs/adr/")]:
        del tree[path]

    shas = {}
    w, lt = "bakeflow/packing/wrappers.py", "bakeflow/packing/leaktest.py"
    repo.commit(nl("2026-03-31 09:10:00"), p["sanne"], "bakeflow 5.5.2: moved to gitlab.ot.verhoeven.local (history stays in the old instance)", tree)
    crng = random.Random(94023)
    repo.schedule(chores(crng, SERVICE, [p["mateusz"], p["aditi"], p["joris"]], nl("2026-03-31 11:00:00"), nl("2026-04-07 17:00:00"), 3))
    repo.commit(nl("2026-04-01 10:25:00"), p["joris"], "water: log the preferment's tank with its temperature (PREF-38)", {
        "bakeflow/water.py": sub(repo.files["bakeflow/water.py"], "        temps[\"preferment\"] = readings.preferment_c(recipe.preferment)\n",
                                 "        temps[\"preferment\"] = readings.preferment_c(recipe.preferment)  # PT-1 for the poolish\n"),
    })
    repo.commit(nl("2026-04-02 07:40:00"), p["bot"], "chore(deps): update dependency prometheus-client to v0.21.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"prometheus-client==0.21.1"', '"prometheus-client==0.21.2"'),
    })
    repo.commit(nl("2026-04-06 11:05:00"), p["aditi"], "packing: jaw temperatures from the film specs in the master data, not products.yaml (PACK-130)\n\nQA owns the films' sealing windows and wants to change them without a\nrelease; products.yaml repeated the same jaws for every product on a film.\nThe migration fills film_specs with today's values (FX-PETPE-45 145/145,\nFX-PP-30 135/135), so nothing changes on the wrappers. Dwell stays per\nproduct.", {
        "bakeflow/packing/films.py": FILMS,
        "migrations/0031_film_specs.sql": "CREATE TABLE packing.film_specs (\n    code text NOT NULL,\n    revision text NOT NULL,\n    cross_c integer NOT NULL,\n    long_c integer NOT NULL,\n    supplier text NOT NULL,\n    active boolean NOT NULL DEFAULT true,\n    changed_by text,\n    changed_at timestamptz NOT NULL DEFAULT now(),\n    PRIMARY KEY (code, revision)\n);\nCREATE UNIQUE INDEX film_specs_one_active ON packing.film_specs (code) WHERE active;\n\nINSERT INTO packing.film_specs (code, revision, cross_c, long_c, supplier) VALUES\n    ('FX-PETPE-45', 'A', 145, 145, 'Flexopak'),\n    ('FX-PP-30', 'A', 135, 135, 'Flexopak');\n",
        w: sub(repo.files[w],
               "import logging\n\nlog",
               "import logging\n\nfrom bakeflow.packing import films\n\nlog",
               "    settings = line.packing.settings_for(product)\n",
               "    spec = await films.spec(line.db, product.film)\n    settings = line.packing.settings_for(product, jaws_c=spec.jaws_c)\n",
               "    log.info(\"packing settings downloaded to %s for %s (%s): jaws %d/%d C, dwell %d ms, film %s (products.yaml)\",\n             line.packing.wrapper, product.code, reason, *settings.jaws_c, settings.dwell_ms, settings.film)\n",
               "    log.info(\"packing settings downloaded to %s for %s (%s): jaws %d/%d C, dwell %d ms, film %s (film spec rev %s)\",\n             line.packing.wrapper, product.code, reason, *settings.jaws_c, settings.dwell_ms, settings.film, spec.revision)\n"),
        "config/products.yaml": PRODUCTS_APRIL.replace("# Packing settings per product (flow wrapper jaws in C, checkweigher in g).\n", "# Packing settings per product (dwell in ms, checkweigher in g). Jaw\n# temperatures come from the film specs (QA, master data; PACK-130).\n")
                                                .replace("jaws_c: [145, 145], ", "").replace("jaws_c: [135, 135], ", ""),
        "tests/test_films.py": "import pytest\n\nfrom bakeflow.packing.films import spec\n\n\nclass FakeDb:\n    def __init__(self, row):\n        self.row = row\n\n    async def fetchone(self, sql, args):\n        return self.row\n\n\n@pytest.mark.asyncio\nasync def test_spec():\n    s = await spec(FakeDb((\"FX-PETPE-45\", \"A\", 145, 145, \"Flexopak\")), \"FX-PETPE-45\")\n    assert s.jaws_c == (145, 145)\n\n\n@pytest.mark.asyncio\nasync def test_no_spec():\n    with pytest.raises(LookupError):\n        await spec(FakeDb(None), \"FX-NOPE\")\n",
    })
    repo.commit(nl("2026-04-07 09:30:00"), p["sanne"], "runbook: leak tester rejects on the MAP lines", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- Otherwise the cross jaw: worn PTFE cover or a jaw out of temperature\n  (measure it with the contact probe). Call maintenance.\n",
                               "- Otherwise the cross jaw: worn PTFE cover or a jaw out of temperature\n  (measure it with the contact probe). Call maintenance.\n- Since PACK-130 the jaws come from the film specs: a leak wave after a\n  deploy that touched packing is the first thing to rule out (roll back).\n"),
    })
    repo.commit(nl("2026-04-07 14:15:00"), p["aditi"], "packing: log every leak tester reject with its CO2 peak (PACK-133)\n\nQA wants the rejects in Grafana/Loki per pack, not only the minute counts.", {
        lt: sub(repo.files[lt], "async def on_reject(tester, event, product):\n",
                "async def on_reject(tester, event, product):\n    log.warning(\"leak test reject on %s: pack %s CO2 peak %d ppm (threshold %d ppm), product %s\",\n                tester.id, event.pack, event.peak_ppm, event.threshold_ppm, product.code)\n"),
    })
    repo.commit(nl("2026-04-08 06:20:00"), p["bot"], "chore(deps): update dependency psycopg to v3.2.6", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"psycopg[pool]==3.2.5"', '"psycopg[pool]==3.2.6"'),
    })
    repo.commit(nl("2026-04-08 10:02:00"), p["mateusz"], "ovens: band speed from the recipe for O2 as well (OVN-51)", {
        "bakeflow/ovens.py": repo.files["bakeflow/ovens.py"] + '\n\ndef band_speed(recipe, oven):\n    """m/min from the recipe (bake time and the oven\'s length); O2 too since OVN-51."""\n    return round(oven.length_m / recipe.bake_min, 2)\n',
    })
    rel = repo.commit(nl("2026-04-08 16:30:00"), p["aditi"], "release 5.6.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "5.5.2"', 'version = "5.6.0"'),
        "bakeflow/__init__.py": '__version__ = "5.6.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 5.6.0\n\n- Jaw temperatures from film specs in the master data (PACK-130).\n- Every leak tester reject logged (PACK-133).\n- O2 band speed from the recipe (OVN-51).\n- prometheus-client 0.21.2, psycopg 3.2.6.\n"),
    })
    shas["rel_560"] = rel
    repo.commit(nl("2026-04-08 17:10:00"), p["aditi"], "docs: film specs and how QA changes them", {
        "docs/film-specs.md": "# Film specs\n\nSince 5.6.0 (PACK-130) the wrappers' jaw temperatures come from the film\nspecs in the master data, not from config/products.yaml. QA edits them on\nthe HMI (Master data > Packing > Film specs): a new revision replaces the\nactive one and is downloaded to a wrapper at its next product change, or\nwhen the line lead presses \"Send settings again\".\n\nA film spec belongs to the film code, not to a lot; if a supplier changes\na film, QA decides whether that is a new revision.\n",
    })
    repo.commit(nl("2026-04-09 10:05:00"), p["sanne"], "runbook: leakers after a reel splice, check the film lot first (INC-0409)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- Right after a deploy or a product change: compare the settings\n",
                               "- Right after a reel splice: the film lot. Compare the LT rejects with the\n  wrappers' splices and ask QA for a seal peel test of the new lot\n  (9 April: Flexopak's new sealant from FX-26-04400 seals 10 C higher,\n  PCN-2026-014).\n- Right after a deploy or a product change: compare the settings\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the morning

PRODUCTS = {
    # code: (wrapper, packs/min, dwell)
    "BOL-WIT-6": ("FW2", 48, 180),
    "BOL-MEER-6": ("FW2", 46, 180),
    "CIA-POOL-12": ("FW3", 40, 200),
}


def build_logs(rng, shas, rel_552_sha):
    app = Log("bakeflow.log")
    fw = Log("flowwrappers-syslog.log")
    lt = Log("leak-testers.log")
    lims = Log("qa-lims-results.log")
    tickets = Log("purchasing-tickets.log")
    gitlab = Log("gitlab-deploy-jobs.log")
    shift = Log("shift-book-packing.log")
    teams = Log("teams-productie-dag.log")
    stats = {"onset": None, "rejects": {"FW2": [], "FW3": []}, "tested": {"FW2": [], "FW3": []}}

    def alog(t, level, logger, line, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {level} [{logger}] [{line}] {msg}")

    fw_pid = {"FW2": 2211, "FW3": 2187}

    def flog(t, wrapper, sev, msgid, msg):
        if START <= t < END:
            pri = 8 * 16 + sev
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            fw.add(t, f"<{pri}>1 {stamp} {wrapper.lower()}-hmi packtron {fw_pid[wrapper]} {msgid} - {msg}")

    def llog(t, unit, event, msg):
        if START <= t < END:
            lt.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d}] {unit} {event} {msg}")

    def version_at(t):
        if t < DEPLOY_560:
            return "5.5.2"
        if t < ROLLBACK:
            return "5.6.0"
        if t < REDEPLOY:
            return "5.5.2"
        return "5.6.0"

    # --- deploys and start-ups
    epochs = [(DEPLOY_560, "5.6.0", shas["rel_560"]), (ROLLBACK, "5.5.2", rel_552_sha), (REDEPLOY, "5.6.0", shas["rel_560"])]
    for t0, ver, sha in epochs:
        alog(t0 - dt.timedelta(seconds=3.2), "INFO", "bakeflow.main", "-", "received SIGTERM, closing OPC UA sessions")
        alog(t0, "INFO", "bakeflow.main", "-", f"starting bakeflow version={ver} commit={sha[:8]}")
        k = 0
        for line, devs in (("L1", ["m1-spx", "wb1"]), ("L2", ["m2-spx", "wb2", "fw2-hmi", "lt2"]), ("L3", ["m3-spx", "wb3", "fw3-hmi", "lt3"])):
            for d in devs:
                alog(t0 + dt.timedelta(seconds=1.3 + k * 0.15), "INFO", "bakeflow.opcua", line, f"session open to opc.tcp://{d}.ot.veghel.local:4840 (SignAndEncrypt, Basic256Sha256)")
                k += 1
        alog(t0 + dt.timedelta(seconds=3.4), "INFO", "uvicorn.error", "-", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")

    def glog(t, stream, text):
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}.{t.microsecond:06d}Z {stream} {text}")

    def deploy_job(t, job, tag, sha, user):
        short = sha[:8]
        steps = [
            (0.0, "00O", "Running with gitlab-runner 17.10.1 (a1b3c5d7)"),
            (0.1, "00O", "  on ot-veghel-runner-02 Hq7rT2mB, system ID: s_91c0d4e2f7a3"),
            (0.2, "00O", f"Job #{job} triggered manually by {user} for tag {tag}"),
            (1.3, "00O", "Getting source from Git repository"),
            (2.7, "00O", f"Checking out {short} as detached HEAD (ref is {tag})..."),
            (3.5, "00O", f"$ ansible-playbook -i deploy/inventory/veghel.ini deploy/deploy.yml -e bakeflow_version={tag} -e bakeflow_commit={short}"),
            (5.0, "01O", "PLAY [bakeflow] ****************************************************************"),
            (8.1, "01O", "TASK [bakeflow : install wheel] ************************************************"),
            (20.9, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (21.2, "01O", "TASK [bakeflow : commit in the environment] *************************************"),
            (22.2, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (22.5, "01O", "TASK [bakeflow : restart bakeflow] *********************************************"),
            (26.1, "01O", "changed: [mes-app-01.veghel.verhoeven.local]"),
            (26.4, "01O", "TASK [bakeflow : wait for /healthz] ********************************************"),
            (31.0, "01O", "ok: [mes-app-01.veghel.verhoeven.local]"),
            (31.2, "01O", "PLAY RECAP *********************************************************************"),
            (31.3, "01O", "mes-app-01.veghel.verhoeven.local : ok=5    changed=3    unreachable=0    failed=0    skipped=0"),
            (31.9, "00O", "Job succeeded"),
        ]
        for dts, stream, text in steps:
            glog(t + dt.timedelta(seconds=dts, microseconds=rng.randint(0, 60000)), stream, text)

    deploy_job(DEPLOY_560 - dt.timedelta(seconds=27), 19512, "v5.6.0", shas["rel_560"], "aditi.kulkarni")
    deploy_job(ROLLBACK - dt.timedelta(seconds=27), 19518, "v5.5.2", rel_552_sha, "mateusz.kowalczyk")
    deploy_job(REDEPLOY - dt.timedelta(seconds=27), 19521, "v5.6.0", shas["rel_560"], "mateusz.kowalczyk")

    # --- what runs on the wrappers
    def product_at(wrapper, t):
        if wrapper == "FW3":
            return "CIA-POOL-12"
        if t < CHANGEOVER_L2:
            return "BOL-WIT-6"
        if t < CHANGEOVER_L2 + dt.timedelta(minutes=6):
            return None
        if t < CHANGEOVER_L2_BACK:
            return "BOL-MEER-6"
        if t < CHANGEOVER_L2_BACK + dt.timedelta(minutes=7):
            return None
        return "BOL-WIT-6"

    splices = {
        "FW2": [(nl("2026-04-09 01:41:10"), "A", "FX-26-03980"), (nl("2026-04-09 03:49:40"), "B", OLD_LOT), (SPLICE_FW2, "A", NEW_FW2),
                (nl("2026-04-09 08:15:00"), "B", "FX-26-04418")],
        "FW3": [(nl("2026-04-09 03:22:30"), "A", "FX-26-03981"), (nl("2026-04-09 05:31:50"), "B", "FX-26-03981"), (SPLICE_FW3, "A", NEW_FW3)],
    }

    def lot_at(wrapper, t):
        lot = splices[wrapper][0][2]
        for when, _, l in splices[wrapper]:
            if when <= t:
                lot = l
        return lot

    def jaws_at(wrapper, t):
        return 155 if t >= JAWS_155[wrapper] else 145

    def stopped(wrapper, t):
        if wrapper == "FW2" and PTFE[0] <= t < PTFE[1]:
            return True
        return product_at(wrapper, t) is None

    def leak_p(wrapper, t):
        # a pack reaches the leak tester about 35 s after it is sealed
        new = lot_at(wrapper, t - dt.timedelta(seconds=35)).startswith("FX-26-044")
        if not new:
            return 0.003
        if jaws_at(wrapper, t) >= 155:
            return 0.006
        return 0.28 if wrapper == "FW2" else 0.2

    for wrapper, lst in splices.items():
        for when, unwind, lot in lst:
            if not START <= when < END:
                continue
            flog(when, wrapper, 5, "SPLICE", f"reel splice unwind {unwind}: new reel {lot} film=FX-PETPE-45 length=1850m web=420mm")
            flog(when + dt.timedelta(seconds=rng.uniform(4, 7)), wrapper, 6, "SPLICE", f"splice packs ejected: {rng.randint(2, 4)}")
            alog(when + dt.timedelta(seconds=0.6), "INFO", "bakeflow.packing.splices", "L2" if wrapper == "FW2" else "L3", f"{wrapper} reel splice: unwind {unwind}, reel {lot} (FX-PETPE-45, 1850 m)")

    pack_no = {"FW2": 4471200, "FW3": 2219050}
    tester = {"FW2": "LT2", "FW3": "LT3"}
    minute = START
    while minute < END:
        for wrapper in ("FW2", "FW3"):
            line = "L2" if wrapper == "FW2" else "L3"
            prod = product_at(wrapper, minute)
            if stopped(wrapper, minute):
                if minute.minute % 5 == 0:
                    llog(minute + dt.timedelta(seconds=59.5), tester[wrapper], "MINUTE", "tested=0 pass=0 reject=0 fault=0 state=IDLE")
                continue
            rate = PRODUCTS[prod][1]
            n = rate + rng.randint(-2, 2)
            rej = 0
            for i in range(n):
                tp = minute + dt.timedelta(seconds=60.0 * (i + rng.random() * 0.6) / n)
                pack_no[wrapper] += 1
                if rng.random() < leak_p(wrapper, tp):
                    rej += 1
                    peak = int(rng.lognormvariate(7.4, 0.5)) + 520
                    llog(tp, tester[wrapper], "REJECT", f"pack={pack_no[wrapper]:07d} peak={peak}ppm thr=500ppm chamber={rng.randint(1, 2)}")
                    stats["rejects"][wrapper].append(tp)
                    if wrapper == "FW2" and tp > SPLICE_FW2 and stats["onset"] is None:
                        stats["onset"] = tp
                    if version_at(tp) == "5.6.0":
                        alog(tp + dt.timedelta(milliseconds=rng.randint(30, 90)), "WARNING", "bakeflow.packing.leaktest", line,
                             f"leak test reject on {tester[wrapper]}: pack {pack_no[wrapper]:07d} CO2 peak {peak} ppm (threshold 500 ppm), product {prod}")
            stats["tested"][wrapper].append((minute, n, rej))
            tm = minute + dt.timedelta(seconds=59.5 + rng.uniform(0, 0.4))
            llog(tm, tester[wrapper], "MINUTE", f"tested={n} pass={n - rej} reject={rej} fault=0 state=RUN")
            if rej > 0.05 * n and rej >= 3:
                llog(tm + dt.timedelta(milliseconds=100), tester[wrapper], "ALARM", f"reject rate {100.0 * rej / n:.0f}% above 5% (last minute)")
            alog(tm + dt.timedelta(seconds=0.8), "INFO", "bakeflow.packing.leaktest", line, f"{tester[wrapper]} 1m: tested {n}, leak rejects {rej}, product {prod}")
        minute += dt.timedelta(minutes=1)

    # wrapper status every 5 minutes, stops and starts
    for wrapper in ("FW2", "FW3"):
        t = START + dt.timedelta(seconds=rng.uniform(5, 50))
        while t < END:
            if not stopped(wrapper, t):
                j = jaws_at(wrapper, t)
                prod = product_at(wrapper, t)
                flog(t, wrapper, 6, "STATUS", f"product={prod} speed={PRODUCTS[prod][1]}ppm cross_jaw={j + rng.choice([-1, 0, 0, 0, 1])}C/{j}C long_jaw={j + rng.choice([-1, 0, 0, 1])}C/{j}C dwell={PRODUCTS[prod][2]}ms gas=CO2/N2 30/70 residual_o2={rng.uniform(0.3, 0.7):.1f}%")
            t += dt.timedelta(seconds=300 + rng.uniform(-1, 1))
    flog(CHANGEOVER_L2, "FW2", 5, "STOP", "machine stopped by operator (product change)")
    flog(CHANGEOVER_L2 + dt.timedelta(minutes=6), "FW2", 5, "START", "machine started, product BOL-MEER-6")
    flog(PTFE[0], "FW2", 5, "STOP", "machine stopped by operator (maintenance)")
    flog(PTFE[0] + dt.timedelta(minutes=3), "FW2", 5, "MAINT", "cross jaw heaters off, lockout by B.HENDRIKS")
    flog(PTFE[1] - dt.timedelta(minutes=2), "FW2", 5, "MAINT", "cross jaw PTFE cover replaced, lockout released by B.HENDRIKS")
    flog(PTFE[1], "FW2", 5, "START", "machine started, product BOL-MEER-6")
    flog(CHANGEOVER_L2_BACK, "FW2", 5, "STOP", "machine stopped by operator (product change)")
    flog(CHANGEOVER_L2_BACK + dt.timedelta(minutes=7), "FW2", 5, "START", "machine started, product BOL-WIT-6")
    for wrapper, who in (("FW2", "F.ELHADDAD"), ("FW3", "Y.DEMIR")):
        t = JAWS_155[wrapper]
        flog(t, wrapper, 4, "SETPOINT", f"cross jaw setpoint 145 -> 155 C by operator {who} (local, QA concession QC-26-061)")
        flog(t + dt.timedelta(seconds=4), wrapper, 4, "SETPOINT", f"long jaw setpoint 145 -> 155 C by operator {who} (local, QA concession QC-26-061)")
        flog(t + dt.timedelta(seconds=95), wrapper, 6, "STATUS", "jaws at setpoint 155C/155C")
        line = "L2" if wrapper == "FW2" else "L3"
        alog(t + dt.timedelta(seconds=1.1), "WARNING", "bakeflow.packing", line, f"{wrapper} jaw setpoints changed on the wrapper HMI: 155/155 C (downloaded 145/145 C)")
    for _ in range(6):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        wrapper = rng.choice(["FW2", "FW3"])
        if not stopped(wrapper, tx):
            flog(tx, wrapper, 4, "WARN", f"print mark not found, {rng.randint(1, 3)} packs cut on length, registration corrected")
    for _ in range(3):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        wrapper = rng.choice(["FW2", "FW3"])
        if not stopped(wrapper, tx):
            flog(tx, wrapper, 4, "WARN", "product in jaw detected, cycle skipped")

    # settings downloads
    def download(t, wrapper, prod, reason, version, jaws=145, rev="A"):
        line = "L2" if wrapper == "FW2" else "L3"
        src = "products.yaml" if version == "5.5.2" else f"film spec rev {rev}"
        alog(t, "INFO", "bakeflow.packing", line, f"packing settings downloaded to {wrapper} for {prod} ({reason}): jaws {jaws}/{jaws} C, dwell {PRODUCTS[prod][2]} ms, film FX-PETPE-45 ({src})")
        flog(t + dt.timedelta(seconds=0.4), wrapper, 5, "RECIPE", f"settings received from MES: product={prod} cross_jaw={jaws}C long_jaw={jaws}C dwell={PRODUCTS[prod][2]}ms")

    download(CHANGEOVER_L2 + dt.timedelta(minutes=3, seconds=10), "FW2", "BOL-MEER-6", "product change", "5.6.0")
    download(ROLLBACK + dt.timedelta(minutes=1, seconds=40), "FW2", "BOL-MEER-6", "sent again by m.kowalczyk", "5.5.2")
    alog(SPEC_REV_B, "INFO", "bakeflow.packing.films", "-", "film spec FX-PETPE-45 rev B activated by i.vermeulen: jaws 155/155 C (was rev A 145/145 C), note: Flexopak PCN-2026-014, lots from FX-26-04400")
    download(RESEND["FW2"], "FW2", "BOL-MEER-6", "sent again by f.elhaddad", "5.6.0", 155, "B")
    download(RESEND["FW3"], "FW3", "CIA-POOL-12", "sent again by y.demir", "5.6.0", 155, "B")
    download(CHANGEOVER_L2_BACK + dt.timedelta(minutes=3, seconds=40), "FW2", "BOL-WIT-6", "product change", "5.6.0", 155, "B")

    # --- background: dough batches on the three lines (bakeflow only)
    recipes = {"L1": ("TIN-WIT-800", 26.0, 720), "L2": ("BOL-WIT-6", 26.5, 900), "L3": ("CIA-POOL-12", 25.0, 840)}
    for line, (code, ddt, every) in recipes.items():
        seqn = 40 if line == "L1" else 31
        t = START + dt.timedelta(seconds=rng.uniform(30, 400))
        mixer = "M" + line[1]
        while t < END:
            seqn += 1
            bid = f"B-{line}-0409-{seqn:03d}"
            c = code if not (line == "L2" and CHANGEOVER_L2 - dt.timedelta(hours=3) <= t < CHANGEOVER_L2_BACK - dt.timedelta(hours=3)) else "BOL-MEER-6"
            fl, rm = round(17.6 + rng.gauss(0, 0.1), 1), round(21.5 + rng.gauss(0, 0.1), 1)
            fr = {"M1": 13.0, "M2": 12.0, "M3": 16.0}[mixer]
            temps = {"flour": fl, "room": rm}
            if line == "L3":
                temps["preferment"] = round(15.8 + rng.gauss(0, 0.1), 1)
            n = len(temps) + 1
            water = round(n * ddt - sum(temps.values()) - fr, 1)
            terms = " + ".join(f"{k} {v:.1f}" + (" (PT-1)" if k == "preferment" else "") for k, v in temps.items())
            alog(t, "INFO", "bakeflow.batches", line, f"batch {bid} released: recipe {c}, mixer {mixer}")
            alog(t + dt.timedelta(milliseconds=rng.randint(150, 400)), "INFO", "bakeflow.water", line, f"water temperature for batch {bid} ({c}, {mixer}): {water:.1f} C = {n} x {ddt:.1f} - ({terms}) - friction {fr:.1f}")
            te = t + dt.timedelta(seconds=rng.uniform(640, 720))
            alog(te, "INFO", "bakeflow.batches", line, f"mixer report for batch {bid}: slow 240s, fast {rng.choice([330, 360, 390])}s, energy {rng.uniform(8.5, 11.5):.1f} kWh, dough {ddt + rng.gauss(0, 0.35):.1f} C")
            alog(te + dt.timedelta(minutes=rng.uniform(70, 95)), "INFO", "bakeflow.ovens", line, f"batch {bid} out of oven O{line[1]}: bake {rng.choice([14, 22, 24, 32])} min, core {rng.uniform(96.5, 98.5):.1f} C")
            t += dt.timedelta(seconds=every + rng.uniform(-30, 40))

    # HMI access, db, OPC UA noise
    hmi = [("GET", "/api/lines/{l}/status", 0.5), ("GET", "/api/packing/{w}/counts?window=15m", 0.2), ("GET", "/api/lines/{l}/alarms", 0.12),
           ("GET", "/api/packing/{w}/reels", 0.06), ("GET", "/api/masterdata/films", 0.04), ("GET", "/api/lines/{l}/batches?limit=20", 0.06), ("POST", "/api/lines/{l}/notes", 0.02)]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 8.0))
        if any(-3 <= (t - d).total_seconds() < 6 for d in (DEPLOY_560, ROLLBACK, REDEPLOY)):
            continue
        pick = rng.random()
        for method, path, wgt in hmi:
            pick -= wgt
            if pick <= 0:
                break
        path = path.format(l=rng.choice(["L1", "L2", "L3"]), w=rng.choice(["FW2", "FW3"]))
        client = rng.choice(["10.20.3.41", "10.20.3.42", "10.20.3.43", "10.20.5.21", "10.20.5.22", "10.20.1.8"])
        alog(t, "INFO", "uvicorn.access", "-", f'{client}:{rng.randint(40000, 65000)} - "{method} {path} HTTP/1.1" {201 if method == "POST" else 200}')
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        alog(t, "INFO", "bakeflow.db", "-", f"pool stats: size=10 in_use={rng.randint(1, 4)} waiting=0 requests_1m={rng.randint(90, 190)}")
        t += dt.timedelta(seconds=300)
    for _ in range(8):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        dev = rng.choice(["m1-spx", "m2-spx", "wb2", "lt3", "fw3-hmi"])
        alog(tx, "WARNING", "bakeflow.opcua", rng.choice(["L1", "L2", "L3"]), f"publish response from opc.tcp://{dev}.ot.veghel.local:4840 late ({rng.uniform(2.1, 4.5):.1f} s), keep-alive count 1")
    for _ in range(5):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        w = rng.choice(["FW2", "FW3"])
        alog(tx, "WARNING", "bakeflow.packing", "L2" if w == "FW2" else "L3", f"checkweigher CW{w[2]}: pack below TU1 rejected ({rng.randint(283, 344)} g)")

    # --- QA LIMS
    def lim(t, sample, test, point, result, text, **kv):
        body = {"ts": fmt_local(t) + "+02:00", "lims": "LabWare", "sample": sample, "test": test, "point": point}
        body.update(kv)
        body["result"] = result
        body["text"] = text
        lims.add(t, json.dumps(body, ensure_ascii=False))

    lim(nl("2026-04-08 05:52:00"), "S26-040803", "INTAKE-FILM", "GOODS-IN", "RELEASED", "Flexopak FX-PETPE-45 lots FX-26-04417 to FX-26-04420 (8 reels): CoA received, width 420 mm OK, thickness 45 um OK, print OK, visual OK", supplier="Flexopak", delivery="DN-88412")
    ws = nl("2026-04-09 02:00:00")
    for k, (when, point, prod, lot, val, res) in enumerate([
        (nl("2026-04-09 02:10:00"), "FW2", "BOL-WIT-6", "FX-26-03980", 6.2, "PASS"),
        (nl("2026-04-09 02:40:00"), "FW3", "CIA-POOL-12", "FX-26-03981", 6.4, "PASS"),
        (nl("2026-04-09 04:05:00"), "FW2", "BOL-WIT-6", OLD_LOT, 6.0, "PASS"),
        (nl("2026-04-09 04:40:00"), "FW3", "CIA-POOL-12", "FX-26-03981", 6.3, "PASS"),
        (nl("2026-04-09 06:41:00"), "FW2", "BOL-MEER-6", NEW_FW2, 2.4, "FAIL"),
        (nl("2026-04-09 07:05:00"), "FW3", "CIA-POOL-12", "FX-26-03981", 6.1, "PASS"),
    ]):
        sample = f"S26-0409{12 + k:02d}"
        taken = when - dt.timedelta(minutes=36)
        if res == "PASS":
            text = f"seal strength {val:.1f} N/15mm, spec min 4.0 N/15mm (cross seal, jaw 145 C)"
        else:
            text = f"seal strength {val:.1f} N/15mm below spec 4.0 N/15mm (cross seal, jaw 145 C); seal peels clean, no fusion; new film lot"
        lim(when, sample, "SEAL-PEEL", point, res, text, product=prod, film_lot=lot, value=val, unit="N/15mm", taken=fmt_local(taken) + "+02:00", analyst="t.bakker")
    for t_, lot, jaw, val, res in [(nl("2026-04-09 08:04:10"), NEW_FW2, 145, 2.2, "FAIL"), (nl("2026-04-09 08:04:40"), NEW_FW2, 155, 5.7, "PASS"),
                                    (nl("2026-04-09 08:05:20"), OLD_LOT, 145, 6.1, "PASS"), (nl("2026-04-09 08:05:50"), "FX-26-04419", 145, 2.5, "FAIL")]:
        text = (f"seal strength {val:.1f} N/15mm below spec 4.0 N/15mm (lab sealer, jaw {jaw} C, 200 ms)" if res == "FAIL"
                else f"seal strength {val:.1f} N/15mm, spec min 4.0 N/15mm (lab sealer, jaw {jaw} C, 200 ms)")
        lim(t_, "S26-040921", "SEAL-PEEL-LAB", "QA-LAB", res, text, film_lot=lot, jaw_c=jaw, value=val, unit="N/15mm", analyst="i.vermeulen")
    lim(nl("2026-04-09 08:11:30"), "QC-26-061", "CONCESSION", "FW2,FW3", "APPROVED", "Film lots FX-26-04400 and later: cross and long jaws 155 C on FW2 and FW3, dwell unchanged, seal peel test every 30 min until the film spec is updated", approved_by="i.vermeulen")
    for k, (when, point, lot, val) in enumerate([(nl("2026-04-09 08:52:00"), "FW2", NEW_FW2, 5.6), (nl("2026-04-09 08:58:00"), "FW3", NEW_FW3, 5.9),
                                                  (nl("2026-04-09 09:24:00"), "FW2", NEW_FW2, 5.8), (nl("2026-04-09 09:31:00"), "FW3", NEW_FW3, 5.7),
                                                  (nl("2026-04-09 10:02:00"), "FW2", "FX-26-04418", 5.9), (nl("2026-04-09 10:06:00"), "FW3", NEW_FW3, 6.0)]):
        lim(when, f"S26-0409{30 + k:02d}", "SEAL-PEEL", point, "PASS", f"seal strength {val:.1f} N/15mm, spec min 4.0 N/15mm (cross seal, jaw 155 C)",
            product="CIA-POOL-12" if point == "FW3" else ("BOL-MEER-6" if when < CHANGEOVER_L2_BACK else "BOL-WIT-6"), film_lot=lot, value=val, unit="N/15mm",
            taken=fmt_local(when - dt.timedelta(minutes=34)) + "+02:00", analyst="t.bakker")
    lim(nl("2026-04-09 09:15:00"), "HOLD-26-0409", "HOLD", "WAREHOUSE", "ON HOLD", "Packs from FW2 since 05:58 and FW3 since 07:41 (film lots FX-26-04417, FX-26-04419) on hold: 100 % leak re-test, leakers repacked", approved_by="i.vermeulen")

    # --- purchasing tickets (TOPdesk export)
    def tk(t, number, action, who, text, **kv):
        body = {"ts": t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "number": number, "action": action, "operator": who}
        body.update(kv)
        body["text"] = text
        tickets.add(t, json.dumps(body, ensure_ascii=False))

    pcn_at = nl("2026-03-18 14:22:00")
    tk(pcn_at, "P2603-0412", "created", "mailbox purchasing@", "Flexopak PCN-2026-014: change of sealant layer resin for FX-PETPE-45 from lot FX-26-04400 (new metallocene PE grade, second source). Seal initiation temperature approximately 8-10 C higher; please validate your sealing parameters before use. No change to width, thickness, barrier or print.", category="Supplier notification", supplier="Flexopak")
    tk(pcn_at + dt.timedelta(days=1, hours=1), "P2603-0412", "closed", "k.willems", "Filed under supplier documents Flexopak. No order changes.", category="Supplier notification", supplier="Flexopak")
    tk(nl("2026-04-09 02:40:00"), "P2604-0188", "created", "mailbox purchasing@", "Meelfabriek Oss: delivery schedule week 16 confirmed.", category="Delivery", supplier="Meelfabriek Oss")
    tk(nl("2026-04-09 07:58:00"), "P2604-0191", "created", "g.martens", "Production: leakers on FW2 since the first reel of Flexopak's new delivery (FX-26-04417). Any change notification from Flexopak for FX-PETPE-45?", category="Supplier complaint", supplier="Flexopak", priority="P1")
    tk(nl("2026-04-09 08:07:40"), "P2604-0191", "note", "k.willems", "Found PCN-2026-014 (ticket P2603-0412, 18 March): sealant resin change from lot FX-26-04400, seal initiation temperature 8-10 C higher, validate sealing parameters. Filed without forwarding to QA/engineering. Forwarded to QA now.", category="Supplier complaint", supplier="Flexopak", priority="P1")
    tk(nl("2026-04-09 08:50:00"), "P2604-0191", "note", "k.willems", "Flexopak (account manager) confirms: from FX-26-04400 the sealant seals about 10 C higher, recommended jaw temperature for PET/PE 45 at 180-200 ms dwell is now 150-160 C. Sending updated datasheet.", category="Supplier complaint", supplier="Flexopak", priority="P1")
    tk(nl("2026-04-09 09:40:00"), "P2604-0194", "created", "k.willems", "Process change: supplier notifications (PCN) are forwarded to QA and engineering, not only filed.", category="Process", supplier="-")

    # --- shift book (CEST)
    def sb(t, area, who, text):
        shift.add(t, f"{fmt_local(t)}+02:00 | {area} | {who} | {text}")

    onset = stats["onset"]
    fw2_after = [(m, n, r) for m, n, r in stats["tested"]["FW2"] if SPLICE_FW2 + dt.timedelta(minutes=1) <= m < ROLLBACK]
    rate_after = 100.0 * sum(r for _, _, r in fw2_after) / max(1, sum(n for _, n, _ in fw2_after))
    fw3_after = [(m, n, r) for m, n, r in stats["tested"]["FW3"] if SPLICE_FW3 + dt.timedelta(minutes=1) <= m < JAWS_155["FW3"]]
    rate_fw3 = 100.0 * sum(r for _, _, r in fw3_after) / max(1, sum(n for _, n, _ in fw3_after))
    rb_min = [(m, n, r) for m, n, r in stats["tested"]["FW2"] if ROLLBACK + dt.timedelta(minutes=3) <= m < PTFE[0]]
    rate_rb = 100.0 * sum(r for _, _, r in rb_min) / max(1, sum(n for _, n, _ in rb_min))
    ptfe_min = [(m, n, r) for m, n, r in stats["tested"]["FW2"] if PTFE[1] <= m < JAWS_155["FW2"]]
    rate_ptfe = 100.0 * sum(r for _, _, r in ptfe_min) / max(1, sum(n for _, n, _ in ptfe_min))
    fixed_min = [(m, n, r) for m, n, r in stats["tested"]["FW2"] if JAWS_155["FW2"] + dt.timedelta(minutes=2) <= m]
    rate_fixed = 100.0 * sum(r for _, _, r in fixed_min) / max(1, sum(n for _, n, _ in fixed_min))
    held = sum(n for m, n, _ in stats["tested"]["FW2"] if SPLICE_FW2 <= m < JAWS_155["FW2"]) + sum(n for m, n, _ in stats["tested"]["FW3"] if SPLICE_FW3 <= m < JAWS_155["FW3"])
    stats.update(rate_after=rate_after, rate_fw3=rate_fw3, rate_rb=rate_rb, rate_ptfe=rate_ptfe, rate_fixed=rate_fixed, held=held)

    sb(nl("2026-04-09 02:05:00"), "PACK", "G. Martens", "Night/early shift handover. FW2 BOL-WIT-6, FW3 CIA-POOL-12. Film store: 2 reels FX-26-03981 left, then the new Flexopak delivery of Wednesday")
    sb(nl("2026-04-09 03:50:00"), "FW2", "F. El Haddad", f"Reel splice, {OLD_LOT}")
    sb(nl("2026-04-09 05:19:00"), "FW2", "F. El Haddad", "Product change to BOL-MEER-6 done 05:18. MES 5.6.0 installed during the change (A. Kulkarni at the line), jaws 145/145 as before")
    sb(nl("2026-04-09 05:32:00"), "FW3", "Y. Demir", "Reel splice, FX-26-03981 (last old reel)")
    sb(nl("2026-04-09 05:59:00"), "FW2", "F. El Haddad", f"Reel splice, {NEW_FW2} (first of the new delivery)")
    sb(nl("2026-04-09 06:12:00"), "FW2", "F. El Haddad", "LT2 rejecting about a quarter of the multigrain packs since 06:00. Seeds in the seal? Cleaning the jaws")
    sb(nl("2026-04-09 06:22:00"), "FW2", "F. El Haddad", "Jaws cleaned, no change. Called MES on-call (M. Kowalczyk)")
    sb(nl("2026-04-09 06:52:00"), "FW2", "F. El Haddad", "MES rolled back to 5.5.2 at 06:48, settings sent again (145/145)")
    sb(nl("2026-04-09 07:03:00"), "FW2", "F. El Haddad", f"No change after the rollback, {rate_rb:.0f} % leakers. Maintenance to change the cross jaw PTFE")
    sb(nl("2026-04-09 07:21:00"), "FW2", "B. Hendriks", f"Cross jaw PTFE cover replaced, jaws 145/144 C by contact probe. Restarted 07:19. Still {rate_ptfe:.0f} % leakers")
    sb(nl("2026-04-09 07:43:00"), "FW3", "Y. Demir", f"Reel splice, {NEW_FW3} (new delivery)")
    sb(nl("2026-04-09 07:47:00"), "FW3", "Y. Demir", "LT3 rejecting ciabatta packs since the splice, no seeds on this product")
    sb(nl("2026-04-09 08:13:00"), "PACK", "G. Martens", "QA concession QC-26-061: jaws 155/155 on FW2 and FW3 for the new film lots. Set on both HMIs 08:12/08:14")
    sb(nl("2026-04-09 08:25:00"), "FW2", "F. El Haddad", "LT2 0-1 rejects a minute since 155 C")
    sb(nl("2026-04-09 08:42:00"), "PACK", "G. Martens", "MES 5.6.0 back at 08:30; QA film spec rev B (155/155) sent to FW2 and FW3")
    sb(nl("2026-04-09 09:20:00"), "PACK", "G. Martens", f"About {held // 100 * 100:,} packs from FW2 (since 05:58) and FW3 (since 07:41) on hold for re-test; leakers repacked. Cause: Flexopak sealant change (PCN-2026-014), not forwarded")
    sb(nl("2026-04-09 09:43:00"), "FW2", "F. El Haddad", "Product change to BOL-WIT-6, settings 155/155 from the film spec")

    # --- Teams
    people = {"Aditi Kulkarni": "7d2e9a10", "Mateusz Kowalczyk": "8f1c2a7e", "Fatima El Haddad": "e51b0c47", "Gerrit Martens": "0b6a3f95",
              "Bram Hendriks": "3c8d1e26", "Yusuf Demir": "9a4f27b3", "Ilse Vermeulen": "62c0d8f4", "Kim Willems": "d7e31a05", "Sanne de Vries": "2b9d4e11"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "channel": "Productie dag", "from": {"displayName": who, "id": people[who] + "-" + hexid(rng, 4)}, "body": text}, ensure_ascii=False))

    say(nl("2026-04-09 05:08:00"), "Aditi Kulkarni", "deploying 5.6.0 during L2's product change as agreed with @Gerrit Martens. I'm at FW2 to watch the first download from the film specs (PACK-130). also PACK-133: every leak tester reject in the log")
    say(nl("2026-04-09 05:21:00"), "Aditi Kulkarni", "FW2 got 145/145 C, dwell 180 ms for BOL-MEER-6 from film spec FX-PETPE-45 rev A, the same as products.yaml had. first packs through LT2 fine")
    say(nl("2026-04-09 06:14:00"), "Fatima El Haddad", "LT2 is throwing out a quarter of the multigrain packs since about 6:00. seeds in the cross seal? operators are cleaning the jaws")
    say(nl("2026-04-09 06:24:00"), "Fatima El Haddad", "jaws clean, still the same @Mateusz Kowalczyk")
    say(nl("2026-04-09 06:31:00"), "Mateusz Kowalczyk", f"looking. bakeflow logs a 'leak test reject on LT2' warning for every reject since 5.6.0 (PACK-133), ~{rate_after:.0f} % of packs since 05:59. 5.6.0 went in at 05:14 and moved the jaw temperatures to the film specs. the download says 145/145, the old value, but the runbook says rule the deploy out first")
    say(nl("2026-04-09 06:37:00"), "Aditi Kulkarni", "the multigrain packs between 05:18 and 05:58 were fine with exactly these settings on 5.6.0...")
    say(nl("2026-04-09 06:41:00"), "Mateusz Kowalczyk", "agreed it's unlikely, but it's the only change. rolling back to 5.5.2 and sending the settings again from products.yaml, OK @Gerrit Martens?")
    say(nl("2026-04-09 06:42:00"), "Gerrit Martens", "ok")
    say(ROLLBACK + dt.timedelta(minutes=3), "Mateusz Kowalczyk", "5.5.2 running since 06:48, FW2 got 145/145 from products.yaml. the per-pack warnings are gone with 5.5.2, the minute counts stay")
    say(nl("2026-04-09 07:02:00"), "Fatima El Haddad", f"no change, {rate_rb:.0f} %. maintenance is coming to change the PTFE on the cross jaw")
    say(nl("2026-04-09 07:22:00"), "Bram Hendriks", f"new PTFE cover on FW2's cross jaw, both jaws on temperature with the contact probe (145/144). restarted 07:19, still {rate_ptfe:.0f} %")
    say(nl("2026-04-09 07:34:00"), "Mateusz Kowalczyk", f"LT2's rejects start at {onset.astimezone(CEST).strftime('%H:%M:%S')}, and FW2 spliced a new reel at 05:58:20: {NEW_FW2}. @Fatima El Haddad is that the delivery from Wednesday?")
    say(nl("2026-04-09 07:37:00"), "Fatima El Haddad", "yes, first reel of the new Flexopak delivery. the old lot ran fine until 05:58")
    say(nl("2026-04-09 07:48:00"), "Yusuf Demir", f"FW3 leakers too since 07:41, ciabatta, no seeds. we just spliced {NEW_FW3} from the same delivery")
    say(nl("2026-04-09 07:53:00"), "Ilse Vermeulen", f"LIMS has the 06:05 seal test of FW2: 2.4 N/15mm, FAIL, lot {NEW_FW2}, peels clean. nobody called me, sorry. comparing new and old lot on the lab sealer now")
    say(nl("2026-04-09 07:59:00"), "Gerrit Martens", "opened a P1 with purchasing: any change notification from Flexopak?")
    say(nl("2026-04-09 08:06:00"), "Ilse Vermeulen", f"new lot at 145 C: 2.2 N/15mm, at 155 C: 5.7. old lot {OLD_LOT} at 145 C: 6.1. the new film seals about 10 degrees higher")
    say(nl("2026-04-09 08:08:30"), "Kim Willems", "found it: Flexopak PCN-2026-014 of 18 March in the purchasing mailbox. sealant resin change from lot FX-26-04400, 'seal initiation temperature approximately 8-10 C higher, please validate your sealing parameters'. it was filed and never forwarded to QA or engineering. my fault")
    say(nl("2026-04-09 08:11:40"), "Ilse Vermeulen", "QA concession QC-26-061: jaws 155/155 on FW2 and FW3 for lots from FX-26-04400, dwell unchanged, seal test every 30 min. everything packed on the new lots since 05:58 (FW2) and 07:41 (FW3) on hold")
    say(nl("2026-04-09 08:19:00"), "Fatima El Haddad", f"155/155 on FW2's HMI since 08:12, LT2 back to {rate_fixed:.1f} %")
    say(nl("2026-04-09 08:27:00"), "Mateusz Kowalczyk", "it was never the release. putting 5.6.0 back (08:30). @Ilse Vermeulen with 5.6.0 you can make a rev B of the film spec with 155/155 on the HMI, then the wrappers get it from the MES instead of a local setpoint")
    say(nl("2026-04-09 08:38:00"), "Ilse Vermeulen", "film spec FX-PETPE-45 rev B active, 155/155. @Fatima El Haddad @Yusuf Demir press 'send settings again' please")
    say(nl("2026-04-09 08:43:00"), "Yusuf Demir", "FW3 got 155/155 rev B, LT3 clean")
    say(nl("2026-04-09 09:22:00"), "Gerrit Martens", f"about {held // 100 * 100:,} packs on hold, re-test and repack this morning. AH and Jumbo orders covered from stock")
    say(nl("2026-04-09 09:48:00"), "Sanne de Vries", "postmortem Friday with purchasing and QA. nothing to change in bakeflow; runbook now says check the film lot after a splice before rolling back")

    return [app, fw, lt, lims, tickets, gitlab, shift, teams], stats


def build(out_dir):
    rng = random.Random(94200)
    repo, shas = build_repo()
    try:
        # 5.5.2 is the squashed import at the start of this repository's history
        rel_552 = repo.shas[0]
        logs, stats = build_logs(rng, shas, rel_552)
        onset = stats["onset"].replace(microsecond=0)
        assert SPLICE_FW2 + dt.timedelta(seconds=30) < onset < SPLICE_FW2 + dt.timedelta(seconds=120), onset
        assert stats["rate_rb"] > 15 and stats["rate_ptfe"] > 15 and stats["rate_fw3"] > 10 and stats["rate_fixed"] < 2, stats

        def reject_rate(wrapper):
            def fn(t):
                win = [(n, r) for m, n, r in stats["tested"][wrapper] if t - dt.timedelta(minutes=5) < m + dt.timedelta(minutes=1) <= t]
                n = sum(x for x, _ in win)
                return round(100.0 * sum(r for _, r in win) / n, 2) if n else None
            return fn

        metrics = {
            "bakeflow_leaktest_reject_ratio_5m.json": query_range(
                [({"job": "bakeflow", "instance": "mes-app-01:8080", "tester": "LT2", "wrapper": "FW2"}, reject_rate("FW2")),
                 ({"job": "bakeflow", "instance": "mes-app-01:8080", "tester": "LT3", "wrapper": "FW3"}, reject_rate("FW3"))], START, END, 60),
        }
        mins = round((onset - DEPLOY_560).total_seconds() / 60)
        return write_scenario(
            out_dir, name="r94-film-sealant-change-none", service=SERVICE, onset=onset,
            description=f"""
Verhoeven Brood's Veghel bakery, Thursday 9 April 2026: from
{onset.astimezone(CEST).strftime('%H:%M:%S')} CEST ({onset.strftime('%H:%M:%S')} UTC) the leak tester behind flow wrapper FW2
rejects about {stats['rate_after']:.0f} % of the MAP packs of part-baked multigrain rolls; from
07:41 CEST FW3's ciabatta packs leak as well ({stats['rate_fw3']:.0f} %). bakeflow 5.6.0 had
been deployed at 05:14 CEST during L2's product change; it was rolled back
to 5.5.2 at 06:48 without effect, and FW2's cross jaw PTFE cover was
replaced at 07:05 without effect. The wrappers' jaws were raised to 155 C
at 08:12 with a QA concession and 5.6.0 was deployed again at 08:30. Times
in the LIMS results and the shift book are CEST (+02:00); the other logs
are UTC.
""",
            logs=logs,
            line_formats={
                "bakeflow.log": r'<Date> <Time> <Level> \[<Logger>\] \[<Line>\] <Content>',
                "leak-testers.log": r'\[<Date> <Time>\] <Unit> <Event> <Content>',
                "shift-book-packing.log": r'<Time> \| <Area> \| <Who> \| <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'seal strength .* below spec',
                r'Seal initiation temperature approximately',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Flexopak changed the resin of the sealant layer of
its PET/PE film FX-PETPE-45 from lot FX-26-04400 on and said so in
PCN-2026-014 on 18 March ("Seal initiation temperature approximately 8-10
C higher; please validate your sealing parameters before use"); purchasing
filed it and QA and engineering never saw it. The first reel of the new
lots, {NEW_FW2}, was spliced on FW2 at 05:58:20 CEST: at the jaw
temperature the wrappers had always used (145 C) the cross seals do not
fuse, and from the first packs about {stats['rate_after']:.0f} % leak ("REJECT pack=...
peak=...ppm thr=500ppm"). QA's routine seal test of 06:05 says so in LIMS
("seal strength 2.4 N/15mm below spec 4.0 N/15mm ...; new film lot"); FW3
leaks from its splice to {NEW_FW3} at 07:41; QA's comparison on the lab
sealer (new lot 2.2 at 145 C, 5.7 at 155 C, old lot 6.1 at 145 C) and the
PCN found by purchasing at 08:08 settle it. The jaws go to 155 C with a QA
concession at 08:12 (rejects below 1 %), and QA enters revision B of the
film spec in bakeflow's master data; nothing in the repository is changed.
Decoys: release 5.6.0, deployed at 05:14 during L2's product change,
{mins} minutes before the onset (PACK-130, the jaw temperatures from film
specs in the master data, the very sealing settings, though FW2 got the
same 145/145 C and packed 40 minutes without leakers; PACK-133, which adds
the very "leak test reject on LT2" warning that fills the log; OVN-51; a
psycopg bump), rolled back to 5.5.2 at 06:48 without effect (the warnings
go, the rejects stay) and deployed again at 08:30; the runbook commits
that read leakers after a deploy as the settings (roll back first), a
multigrain product as seeds in the seal, and otherwise the PTFE cover; the
product change to multigrain at 05:12; the cleaned jaws and the PTFE cover
replaced at 07:05; the docs commit on film specs; routine print mark,
product-in-jaw and checkweigher rejects.
""",
        )
    finally:
        repo.close()
