"""reelkeeper (Python 3.12, Celery 5 with beat, FastAPI; Docker Compose on
rk-app-01 at head office, deployed by a Jenkins job in the morning window
before the sites open; team in Belgium, UTC+1 since 25 October) of Orbis
Cinemas, twelve multiplexes in Belgium and Luxembourg. reelkeeper routes
the distributors' KDMs to the screens: the distributors' key services mail
them to kdm@orbiscinemas.be, reelkeeper matches each to a screen by its
recipient certificate and pushes it to the site's Sitemaster TMS; a KDM
identical to one already held (same composition, device and validity) is
logged and not pushed again. It also follows Deliverix's deliveries and
pushes the programming team's showtimes to the TMSs at 05:30 local. Each
TMS copies the day's compositions to the screens at 08:00 local and then
checks every show's readiness (composition on the screen, a valid KDM
for the screen's media block).

Wednesday 4 November 2026, autumn school holidays in Belgium, release day
of Meridian Films Benelux's animated "Kasper en de IJsvos" / "Kasper et le
renard des glaces" (Dutch dub in Flanders, French dub in Wallonia and
Luxembourg, both in Brussels; the Norwegian OV is not booked). FTR-1 was
delivered on Monday with KDMs valid from Wednesday 00:00 to 17 November.
On Tuesday at 13:05 UTC Meridian announced a replacement: reel 4 of both
dubs of FTR-1 is 2 seconds out of sync, FTR-2 NL and FR come that night
through Deliverix (VF packages that play the OV's pictures), cinemas are
to play FTR-2 from the first show and KDMs for FTR-2 follow that night.
Sarah (programming) rebooked every Kasper show to FTR-2 that afternoon.

At 22:47 UTC Meridian's key service mails "KDM Kasper en de IJsvos FTR-2
NL/FR - Orbis Cinemas": 132 KDMs (every screen of every site), all for
an FTR-1 composition, with the same screens and validity as Monday's (the
KDM desk selected the FTR-1 compositions). reelkeeper logs each as "same
composition, device and validity as KDM ... received 2026-11-02, not
pushed". At 04:30 the schedule push sends FTR-2 for every Kasper show;
from 07:14, after the auto-ingest, the TMSs find no valid KDM for the
FTR-2 compositions ("not ready: no valid KDM for composition ..."), ask
reelkeeper for one (404), and at 10:00 local the first Kasper shows cannot
start, with the foyers full of children.

At 06:35 Jonas had deployed reelkeeper 4.9.0: KDM-104 matches a KDM's
recipient by certificate thumbprint instead of serial number (the very
KDM routing), KDM-109 adds the very "TMS asked for a KDM we do not hold"
warning that now fills reelkeeper's log, SCH-77 sends each show's
composition version in the schedule push, and Renovate bumped signxml
(the KDM signature check). On Tuesday Wim had recorded Leuven screen 02's
new media block in devices.yaml, and the runbook (Tuesday) reads a
missing KDM as our device mapping after a projector swap and says to roll
back after a release. Jonas rolls back to 4.8.2 at 08:12: the warnings
stop, the shows stay not ready. Amélie finds that reelkeeper holds no KDM
for the FTR-2 compositions at all and that the night's 132 KDMs name FTR-1
(the intake's "not pushed" lines); Wim calls Meridian's KDM desk, which
opens at 10:00 local in the holiday week, confirms at 09:07, allows FTR-1 until
the reissue, and mails corrected KDMs at 09:52. Duty managers delay and
switch the first shows to FTR-1 (still in their libraries), a few are
cancelled; the corrected KDMs reach the TMSs at 09:54-09:58 and the
shows from 11:00 play FTR-2. 4.9.0 is deployed again at 10:40; nothing in
reelkeeper is changed.

Sources: reelkeeper worker (Celery, line format), reelkeeper API (JSON
lines), the sites' Sitemaster TMSs (syslog RFC 3164 to the central
collector), box office POS (pipe separated, line format), Deliverix
partner events (JSON lines), Jenkins deploy jobs (timestamper),
#projection-ops (Slack export, JSON lines), service desk tickets (JSON
lines)."""

import base64
import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "reelkeeper"
START, END = utc("2026-11-03 19:00:00"), utc("2026-11-04 11:30:00")
KDM_WRONG = utc("2026-11-03 22:47:20")     # Meridian's "FTR-2" KDMs, issued for FTR-1
PUSH = utc("2026-11-04 04:30:00")
DEPLOY_490 = utc("2026-11-04 06:35:10")
INGEST = utc("2026-11-04 07:00:00")
ROLLBACK = utc("2026-11-04 08:12:20")
MERIDIAN_OK = utc("2026-11-04 09:07:30")   # desk confirms, allows FTR-1
SWITCH = utc("2026-11-04 09:12:00")        # duty managers told to switch to FTR-1
KDM_FIXED = utc("2026-11-04 09:52:40")     # corrected KDMs mailed
REDEPLOY = utc("2026-11-04 10:40:10")

SITES = [  # code, name, screens, region, Kasper screens
    ("ANT", "Antwerpen Groenplaats", 14, "VL", 3),
    ("GNT", "Gent Zuid", 12, "VL", 2),
    ("BRG", "Brugge", 8, "VL", 2),
    ("LEU", "Leuven", 9, "VL", 2),
    ("HAS", "Hasselt", 10, "VL", 2),
    ("KRT", "Kortrijk", 9, "VL", 2),
    ("BXN", "Brussel-Noord", 12, "BX", 3),
    ("LGE", "Liège Médiacité", 11, "WA", 3),
    ("NAM", "Namur", 8, "WA", 2),
    ("CRL", "Charleroi", 10, "WA", 2),
    ("MON", "Mons", 7, "WA", 2),
    ("LUX", "Luxembourg Kirchberg", 10, "LU", 2),
]
DUTY = {code: f"{code.lower()}.duty" for code, *_ in SITES}

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "reelkeeper"
version = "4.8.1"
requires-python = ">=3.12"
dependencies = [
    "celery[redis]==5.5.2",
    "fastapi==0.115.12",
    "uvicorn[standard]==0.34.2",
    "httpx==0.28.1",
    "lxml==5.3.0",
    "signxml==4.0.3",
    "sqlalchemy==2.0.40",
    "psycopg[binary]==3.2.6",
    "pyyaml==6.0.2",
    "python-json-logger==3.3.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.5", "respx==0.22.0"]
"""

KDM_INTAKE = '''"""KDMs from the distributors' key services, mailed to kdm@orbiscinemas.be.

Each KDM (SMPTE ST 430-1) names one composition (CompositionPlaylistId)
and one recipient, the media block of one screen. We match the recipient
to a screen in config/devices.yaml, store the KDM and push it to the
site's TMS. Distributors resend KDMs freely; one identical to a KDM we
hold (same composition, device and validity) is not pushed again."""

import logging

from lxml import etree

from reelkeeper.kdm import devices, store
from reelkeeper.tms.client import TmsClient

log = logging.getLogger(__name__)
NS = {"etm": "http://www.smpte-ra.org/schemas/430-3/2006/ETM", "kdm": "http://www.smpte-ra.org/schemas/430-1/2006/KDM",
      "ds": "http://www.w3.org/2000/09/xmldsig#"}


def parse(raw: bytes) -> dict:
    doc = etree.fromstring(raw)
    req = doc.find(".//kdm:KDMRequiredExtensions", NS)
    return {
        "message_id": doc.findtext("etm:AuthenticatedPublic/etm:MessageId", namespaces=NS),
        "cpl": req.findtext("kdm:CompositionPlaylistId", namespaces=NS),
        "title": req.findtext("kdm:ContentTitleText", namespaces=NS),
        "not_before": req.findtext("kdm:ContentKeysNotValidBefore", namespaces=NS),
        "not_after": req.findtext("kdm:ContentKeysNotValidAfter", namespaces=NS),
        "serial": req.findtext("kdm:Recipient/kdm:X509IssuerSerial/ds:X509SerialNumber", namespaces=NS),
        "subject": req.findtext("kdm:Recipient/kdm:X509SubjectName", namespaces=NS),
    }


def route(raw: bytes, mail) -> None:
    kdm = parse(raw)
    screen = devices.screen_for(kdm["serial"], kdm["subject"])
    if screen is None:
        log.warning("KDM %s for %s '%s': recipient %s is no screen of ours", kdm["message_id"], kdm["cpl"], kdm["title"], kdm["subject"])
        return
    same = store.same_as(kdm["cpl"], screen, kdm["not_before"], kdm["not_after"])
    if same is not None:
        log.info("KDM %s for %s '%s' -> %s: already held, not pushed", kdm["message_id"], kdm["cpl"], kdm["title"], screen)
        return
    store.put(kdm, screen, raw, mail)
    log.info("KDM %s for %s '%s' -> %s valid %s..%s, queued for %s", kdm["message_id"], kdm["cpl"], kdm["title"], screen,
             kdm["not_before"], kdm["not_after"], screen.tms)
'''

DEVICES = '''"""Screens and their media blocks (IMB), from config/devices.yaml."""

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Screen:
    site: str
    number: int
    imb: str
    serial: str
    thumbprint: str

    def __str__(self) -> str:
        return f"{self.site}-{self.number:02d}"

    @property
    def tms(self) -> str:
        return f"tms-{self.site.lower()}"


def _load() -> list[Screen]:
    with open("config/devices.yaml") as handle:
        raw = yaml.safe_load(handle)
    return [Screen(site, s["screen"], s["imb"], str(s["serial"]), s["thumbprint"]) for site, screens in raw.items() for s in screens]


SCREENS = _load()
_by_serial = {s.serial: s for s in SCREENS}


def screen_for(serial: str, subject: str) -> Screen | None:
    """The screen whose IMB certificate has this serial number."""
    return _by_serial.get(serial)
'''

KDM_API = '''"""What the TMSs ask us about KDMs."""

import logging

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from reelkeeper.kdm import store

log = logging.getLogger("reelkeeper.api.kdms")
router = APIRouter()


@router.get("/api/v1/sites/{site}/kdms/{composition}/{screen}")
def kdm_for(site: str, composition: str, screen: int) -> Response:
    kdm = store.current(site, composition, screen)
    if kdm is None:
        raise HTTPException(404, "no KDM held for this composition and screen")
    return Response(kdm.raw, media_type="application/xml")
'''

SCHEDULE_PUSH = '''"""Pushes the programming team's showtimes to the sites' TMSs: today and the
next six days, every morning at 05:30."""

import logging

from reelkeeper.bookings import BookingIndex
from reelkeeper.tms.client import TmsClient

log = logging.getLogger(__name__)


def show_body(show) -> dict:
    return {
        "id": show.id,
        "screen": show.screen,
        "start": show.start.isoformat(),
        "composition": show.cpl_id,
        "spl_template": show.template,
        "attributes": {"3d": show.is_3d},
    }


def push_site(code: str, tms: TmsClient, bookings: BookingIndex, days: list) -> None:
    shows = bookings.shows(code, days)
    result = tms.import_schedule({"site": code, "days": [d.isoformat() for d in days], "shows": [show_body(s) for s in shows]})
    log.info("schedule %s %s..%s: %d shows on %d screens (%d compositions) pushed, TMS import %s %s",
             code, days[0], days[-1], len(shows), len({s.screen for s in shows}), len({s.cpl_id for s in shows}),
             result["import"], result["status"])
'''

CELERY_APP = '''"""Celery app and beat schedule. Beat runs inside the worker (-B)."""

from celery import Celery
from celery.schedules import crontab

app = Celery("reelkeeper", broker="redis://redis:6379/0", include=[
    "reelkeeper.library.tasks",
    "reelkeeper.kdm.tasks",
    "reelkeeper.schedule.tasks",
    "reelkeeper.delivery.tasks",
])
app.conf.timezone = "Europe/Brussels"
app.conf.beat_schedule = {
    "library-sync": {"task": "reelkeeper.library.tasks.sync_all", "schedule": crontab(minute="*/15")},
    "kdm-mailbox": {"task": "reelkeeper.kdm.tasks.fetch_mailbox", "schedule": crontab(minute="*/5")},
    "housekeeping": {"task": "reelkeeper.library.tasks.housekeeping", "schedule": crontab(hour=2, minute=30)},
    "schedule-push": {"task": "reelkeeper.schedule.tasks.push_all", "schedule": crontab(hour=5, minute=30)},
}
'''

RUNBOOK = """# reelkeeper runbook

Owner: #projection-ops (digital cinema team). Dashboards: Grafana > Cinemas > Content.

## Schedule push rejected by a TMS

The TMS answers with the first show it refused. A composition the TMS
does not know yet is usually still on the delivery box: check Deliverix.

## Ingest failures at a site

Check the delivery in the Deliverix portal and ask their NOC for a
redelivery.
"""

RUNBOOK_KDM = """
## A show is not ready: no valid KDM

Sitemaster checks every show after the 08:00 ingest. A KDM missing for
one screen is almost always our device mapping: after a projector or
media block swap, the distributors still use the old certificate, or
`config/devices.yaml` still has it. Compare the screen's certificate in
Sitemaster with devices.yaml and send the distributor the new one.

If KDMs go missing at several sites after a reelkeeper release, roll back
first (Jenkins > reelkeeper-deploy > previous version) and tell
#projection-ops: the KDM routing is the likely cause. Distributors' key
desks answer from 09:00 on working days.
"""

JENKINSFILE = """pipeline {
  agent { label 'rk-app-01' }
  parameters { string(name: 'VERSION', description: 'tag to deploy') }
  stages {
    stage('checkout') { steps { sh 'git checkout -f v${VERSION}' } }
    stage('deploy') {
      steps {
        sh 'docker compose -f deploy/docker-compose.yml pull'
        sh 'docker compose -f deploy/docker-compose.yml up -d'
      }
    }
  }
}
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def thumb(rng):
    return base64.b64encode(rng.getrandbits(160).to_bytes(20, "big")).decode()


def make_devices(rng):
    devices = {}
    for code, name, screens, region, _ in SITES:
        lst = []
        for n in range(1, screens + 1):
            imb = "IMS3000" if rng.random() < 0.7 else "IMS2000"
            lst.append({"screen": n, "imb": imb, "serial": rng.randint(300000, 319999) if imb == "IMS3000" else rng.randint(200000, 219999),
                        "thumbprint": thumb(rng)})
        devices[code] = lst
    return devices


def devices_yaml(devices):
    out = "# Screens and their media blocks. Update when an IMB is replaced and send\n# the new certificate to the distributors (FLM).\n"
    for code, lst in devices.items():
        out += f"{code}:\n"
        for d in lst:
            out += f"  - {{screen: {d['screen']}, imb: {d['imb']}, serial: {d['serial']}, thumbprint: \"{d['thumbprint']}\"}}\n"
    return out


def build_repo(rng, devices):
    repo = Repo()
    jonas = Person("Jonas Peeters", "jonas.peeters@orbiscinemas.be", 60)
    lotte = Person("Lotte Janssens", "lotte.janssens@orbiscinemas.be", 60)
    amelie = Person("Amélie Dubois", "amelie.dubois@orbiscinemas.be", 60)
    wim = Person("Wim De Smet", "wim.desmet@orbiscinemas.be", 60)
    bot = Person("renovate[bot]", "bot@renovateapp.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "reelkeeper/__init__.py": '__version__ = "4.8.1"\n',
        "reelkeeper/celery_app.py": CELERY_APP,
        "reelkeeper/kdm/__init__.py": "",
        "reelkeeper/kdm/intake.py": KDM_INTAKE,
        "reelkeeper/kdm/devices.py": DEVICES,
        "reelkeeper/api/__init__.py": "",
        "reelkeeper/api/kdms.py": KDM_API,
        "reelkeeper/schedule/__init__.py": "",
        "reelkeeper/schedule/push.py": SCHEDULE_PUSH,
        "config/devices.yaml": devices_yaml(devices),
        "config/reelkeeper.yaml": "housekeeping:\n  enabled: true\n  keep_days: 14\n  min_age_days: 7\nschedule:\n  days_ahead: 6\nkdm:\n  mailbox: kdm@orbiscinemas.be\n  batch: 10\n",
        "tests/__init__.py": "",
        "tests/test_kdm_intake.py": "from reelkeeper.kdm import intake\n\n\ndef test_parse(kdm_xml):\n    kdm = intake.parse(kdm_xml)\n    assert kdm[\"cpl\"].startswith(\"urn:uuid:\")\n    assert kdm[\"not_before\"] < kdm[\"not_after\"]\n",
        "docs/runbook.md": RUNBOOK,
        "Jenkinsfile": JENKINSFILE,
        "README.md": "# reelkeeper\n\nOrbis Cinemas' digital cinema back office: deliveries to the sites' library\nservers, KDM routing to the screens, the daily showtime push to the\nSitemaster TMSs, and the nightly library housekeeping.\n\nReleases are tags `vX.Y.Z`; the Jenkins job `reelkeeper-deploy` deploys a\ntag to rk-app-01 (morning window, before the sites open).\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.8.1\n\n- SCH-72 schedule push retries a TMS 503 once\n",
    }
    repo.commit(utc("2026-10-26 08:40:00"), jonas, "reelkeeper 4.8.1", files)
    crng = random.Random(79211)
    repo.schedule(chores(crng, SERVICE, [amelie, lotte], utc("2026-10-26 09:00:00"), utc("2026-10-29 15:00:00"), 2)
                  + chores(crng, SERVICE, [jonas, lotte], utc("2026-11-02 08:00:00"), utc("2026-11-03 16:00:00"), 2))
    repo.commit(utc("2026-10-27 10:10:00"), amelie, "kdm: log the KDM we already hold when a resent one is not pushed (KDM-99)\n\nDistributors resend whole batches when one screen changes; the duty\nmanagers asked why the TMS did not get a 'new' KDM.", {
        "reelkeeper/kdm/intake.py": sub(repo.files["reelkeeper/kdm/intake.py"],
                                        "        log.info(\"KDM %s for %s '%s' -> %s: already held, not pushed\", kdm[\"message_id\"], kdm[\"cpl\"], kdm[\"title\"], screen)\n",
                                        "        # KDM-99: name the KDM we hold and the validity, so that a resend can be told from a new key\n        log.info(\"KDM %s for %s '%s' -> %s valid %s..%s: same composition, device and validity as KDM %s received %s, not pushed\",\n                 kdm[\"message_id\"], kdm[\"cpl\"], kdm[\"title\"], screen, kdm[\"not_before\"], kdm[\"not_after\"], same.message_id, same.received.date())\n"),
    })
    rel482 = repo.commit(utc("2026-10-29 06:10:00"), jonas, "release 4.8.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.8.1"', 'version = "4.8.2"'),
        "reelkeeper/__init__.py": '__version__ = "4.8.2"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.8.2\n\n- KDM-99 the held KDM is named when a resent one is not pushed\n",
    })
    repo.commit(utc("2026-11-02 04:05:00"), bot, "chore(deps): update dependency signxml to v4.1.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"signxml==4.0.3"', '"signxml==4.1.0"'),
    })
    repo.commit(utc("2026-11-02 14:20:00"), amelie, "kdm: match a KDM's recipient by certificate thumbprint, not serial (KDM-104)\n\nSerial numbers are only unique per issuer: GDC and Dolby both issued a\ncertificate with serial 301877, and a KDM for LGE-07 was routed to\nNAM-03 last month. The thumbprint is the dnQualifier of the recipient's\nsubject name.", {
        "reelkeeper/kdm/devices.py": sub(repo.files["reelkeeper/kdm/devices.py"],
            "_by_serial = {s.serial: s for s in SCREENS}\n\n\ndef screen_for(serial: str, subject: str) -> Screen | None:\n    \"\"\"The screen whose IMB certificate has this serial number.\"\"\"\n    return _by_serial.get(serial)\n",
            "_by_thumbprint = {s.thumbprint: s for s in SCREENS}\n\n\ndef dn_qualifier(subject: str) -> str:\n    for part in subject.split(\",\"):\n        key, _, value = part.strip().partition(\"=\")\n        if key == \"dnQualifier\":\n            return value.replace(\"\\\\+\", \"+\")\n    return \"\"\n\n\ndef screen_for(serial: str, subject: str) -> Screen | None:\n    \"\"\"The screen whose IMB certificate has this thumbprint (KDM-104): serials\n    are only unique per issuer.\"\"\"\n    return _by_thumbprint.get(dn_qualifier(subject))\n"),
    })
    repo.commit(utc("2026-11-03 09:10:00"), wim, "runbook: a show is not ready for want of a KDM", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_KDM,
    })
    leu = devices["LEU"][1]
    new_leu = dict(leu, serial=rng.randint(300000, 319999), thumbprint=thumb(rng), imb="IMS3000")
    old_line = f"  - {{screen: 2, imb: {leu['imb']}, serial: {leu['serial']}, thumbprint: \"{leu['thumbprint']}\"}}\n"
    new_line = f"  - {{screen: 2, imb: IMS3000, serial: {new_leu['serial']}, thumbprint: \"{new_leu['thumbprint']}\"}}\n"
    devices["LEU"][1] = new_leu
    devices_old_leu = leu
    repo.commit(utc("2026-11-03 10:20:00"), wim, "devices: Leuven screen 02 media block replaced (INC-2231)\n\nThe IMB failed on Saturday; Dolby swapped it on Monday. The FLM with the\nnew certificate went to the distributors yesterday afternoon.", {
        "config/devices.yaml": sub(repo.files["config/devices.yaml"], old_line, new_line),
    })
    repo.commit(utc("2026-11-03 13:40:00"), amelie, "api: warn when a TMS asks for a KDM we do not hold (KDM-109)\n\nSitemaster asks us for the KDM of every show it finds not ready; a 404\nwas silent, and the duty managers found out at show time.", {
        "reelkeeper/api/kdms.py": sub(repo.files["reelkeeper/api/kdms.py"],
                                      "    if kdm is None:\n        raise HTTPException(404, \"no KDM held for this composition and screen\")\n",
                                      "    if kdm is None:\n        log.warning(\"TMS asked for a KDM we do not hold\", extra={\"site\": site, \"composition\": composition, \"screen\": screen,\n                                                                \"held_for_title\": store.titles_held(site, screen)})\n        raise HTTPException(404, \"no KDM held for this composition and screen\")\n"),
    })
    repo.commit(utc("2026-11-03 15:05:00"), jonas, "schedule: send the composition's version with each show (SCH-77)\n\nSitemaster 7.4 shows it on the screen view; the duty managers could not\ntell FTR-1 from FTR-2 of a replacement DCP.", {
        "reelkeeper/schedule/push.py": sub(repo.files["reelkeeper/schedule/push.py"],
                                           '        "composition": show.cpl_id,\n',
                                           '        "composition": show.cpl_id,\n        "version": show.content_version,  # e.g. FTR-2 (SCH-77)\n'),
    })
    rel490 = repo.commit(utc("2026-11-04 06:00:00"), jonas, "release 4.9.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.8.2"', 'version = "4.9.0"'),
        "reelkeeper/__init__.py": '__version__ = "4.9.0"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.9.0\n\n- KDM-104 KDM recipients matched by certificate thumbprint\n- KDM-109 warning when a TMS asks for a KDM we do not hold\n- SCH-77 composition version in the schedule push\n- signxml 4.1.0\n",
    })
    repo.commit(utc("2026-11-04 11:05:00"), wim, "runbook: KDMs issued for the wrong composition", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf no screen at any site has a valid KDM for a composition, look at the\nKDMs we received for that title: a distributor may have issued them for\nanother version (4 November: Meridian's KDMs for Kasper FTR-2 named the\nFTR-1 compositions and were logged as 'same composition, device and\nvalidity ... not pushed'). Ask the distributor's key desk for KDMs for\nthe composition the TMS names.\n",
    })
    return repo, {"rel482": rel482, "rel490": rel490, "old_leu": devices_old_leu}


# ---------------------------------------------------------------------------
# the logs

def urn(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def local(t):
    return t + dt.timedelta(hours=1)


def hm(t):
    return local(t).strftime("%H:%M")


# other films on the sites this week: (display, version label, title)
OTHERS = [
    ("Saltmarsh", "VF", "Saltmarsh_FTR_S_EN-NL-FR_BE-12_51_4K_SBL_20261104_DLX_SMPTE_VF", True),
    ("Tidewater", "VF", "Tidewater_FTR_S_EN-NL-FR_BE-16_71-ATMOS_2K_UPX_20261028_DLX_SMPTE_VF", False),
    ("Brass Lanterns", "VF", "BrassLanterns_FTR_F_EN-NL-FR_BE-AL_51_2K_MRD_20261021_ECL_SMPTE_VF", False),
    ("Le Jardin d'hiver", "VF", "JardinHiver_FTR_F_FR-NL_BE-12_51_2K_CNF_20261028_ECL_SMPTE_VF", False),
    ("The Long Afternoon", "VF", "LongAfternoon_FTR_F_EN-NL-FR_BE-12_51_2K_SBL_20261014_DLX_SMPTE_VF", False),
]
KASPER = {
    ("NL", 1): "KasperIJsvos_FTR-1_F_NL-XX_BE-AL_51_2K_MFB_20261104_NFL_SMPTE_VF",
    ("FR", 1): "KasperIJsvos_FTR-1_F_FR-XX_BE-AL_51_2K_MFB_20261104_NFL_SMPTE_VF",
    ("NL", 2): "KasperIJsvos_FTR-2_F_NL-XX_BE-AL_51_2K_MFB_20261104_NFL_SMPTE_VF",
    ("FR", 2): "KasperIJsvos_FTR-2_F_FR-XX_BE-AL_51_2K_MFB_20261104_NFL_SMPTE_VF",
}
KASPER_OV = "KasperIJsvos_FTR_F_NO-XX_NO-A_51_2K_MFB_20261104_NFL_SMPTE_OV"
LANG = {"VL": ["NL"], "WA": ["FR"], "LU": ["FR"], "BX": ["NL", "FR", "FR"]}
NB, NA = "2026-11-04T00:00:00+01:00", "2026-11-17T23:59:00+01:00"


def plain_uuid(rng):
    return urn(rng)[9:]


def build_world(rng, devices):
    """Compositions, screen allocations and the day's shows at each site."""
    comps = {}
    for key, title in KASPER.items():
        comps[("kasper",) + key] = {"id": urn(rng), "title": title, "display": f"Kasper {key[0]}", "kasper": key}
    ov = {"id": urn(rng), "title": KASPER_OV}
    for disp, label, title, new in OTHERS:
        comps[("other", disp)] = {"id": urn(rng), "title": title, "display": f"{disp} {label}", "kasper": None, "new": new}
    sites = {}
    for code, name, screens, region, nk in SITES:
        s = {"code": code, "screens": screens, "region": region}
        avail = [n for n in range(3, screens + 1) if not (code == "LEU" and n == 2)]
        rng.shuffle(avail)
        kscreens = sorted(avail[:nk])
        langs = LANG[region]
        s["kasper"] = {scr: langs[k % len(langs)] for k, scr in enumerate(kscreens)}
        alloc = {}
        for scr in range(1, screens + 1):
            if scr in s["kasper"]:
                alloc[scr] = comps[("kasper", s["kasper"][scr], 2)]
            elif scr == 1 or (scr == 2 and screens >= 12):
                alloc[scr] = comps[("other", "Saltmarsh")]
            elif code in ("LGE", "NAM", "CRL", "MON", "LUX", "BXN") and rng.random() < 0.3:
                alloc[scr] = comps[("other", "Le Jardin d'hiver")]
            else:
                alloc[scr] = comps[("other", rng.choice(["Tidewater", "Brass Lanterns", "The Long Afternoon", "Tidewater"]))]
        if code == "LEU":
            alloc[2] = comps[("other", "Tidewater")]
        s["alloc"] = alloc
        # yesterday evening: what each screen played (Kasper's screens played holdovers)
        s["yesterday"] = {scr: (c if not c["kasper"] and not c.get("new") else comps[("other", rng.choice(["Tidewater", "Brass Lanterns", "The Long Afternoon"]))])
                          for scr, c in alloc.items()}
        sites[code] = s
    return comps, ov, sites


def build_logs(rng, shas, devices, comps, ov, sites):
    worker, api, tms, pos, dlx, jenkins, slack, tickets = (
        Log("reelkeeper-worker.log"), Log("reelkeeper-api.log"), Log("sitemaster-tms.log"), Log("boxoffice-pos.log"),
        Log("deliverix-events.log"), Log("jenkins-deploy.log"), Log("slack-projection-ops.log"), Log("servicedesk-tickets.log"))
    stats = {"events": [], "not_ready": [], "kasper_shows": [], "warnings": 0}
    deploys = [(DEPLOY_490, "4.9.0", shas["rel490"]), (ROLLBACK, "4.8.2", shas["rel482"]), (REDEPLOY, "4.9.0", shas["rel490"])]

    def version(t):
        v = "4.8.2"
        for at, ver, _ in deploys:
            if at <= t:
                v = ver
        return v

    def down(t):
        return any(at - dt.timedelta(seconds=5) <= t < at + dt.timedelta(seconds=12) for at, _, _ in deploys)

    pid = {code: rng.randint(1200, 4800) for code in sites}
    site_ip = {code: f"10.61.{k + 1}.10" for k, code in enumerate(sites)}

    def tlog(t, code, msg):
        if START <= t < END:
            tms.add(t, syslog3164(t, f"tms-{code.lower()}", "sitemaster", pid[code], msg))

    def wlog(t, level, proc, msg):
        if START <= t < END:
            worker.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d}: {level}/{proc}] {msg}")

    def task(t, name, body, runtime=None):
        i = plain_uuid(rng)
        proc = f"ForkPoolWorker-{rng.randint(1, 4)}"
        wlog(t, "INFO", "MainProcess", f"Task {name}[{i}] received")
        last = 0.0
        for off, level, msg in body:
            wlog(t + dt.timedelta(seconds=off), level, proc, f"{name}[{i}]: {msg}")
            last = max(last, off)
        rt = runtime if runtime is not None else last + rng.uniform(0.05, 0.5)
        wlog(t + dt.timedelta(seconds=rt), "INFO", proc, f"Task {name}[{i}] succeeded in {rt:.3f}s: None")

    def alog(t, level, logger, msg, **fields):
        if START <= t < END:
            body = {"ts": iso_ms(t), "level": level, "logger": logger, "msg": msg}
            body.update(fields)
            api.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    def access(t, client, method, path, status):
        alog(t, "info", "uvicorn.access", f'{client} - "{method} {path} HTTP/1.1" {status}', duration_ms=rng.randint(3, 40))

    def event(t, code, etype):
        t = t + dt.timedelta(milliseconds=rng.randint(30, 400))
        if down(t):
            return
        access(t, site_ip[code], "POST", f"/api/v1/sites/{code}/events", 204)
        stats["events"].append((t, etype))

    def sale(t, code, msg, kind="SALE"):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            pos.add(t, f"{stamp} | {code} | POS-{rng.randint(1, 4):02d} | {kind:<8} | {msg}")

    # ---- deploys
    for at, ver, sha in deploys:
        jl = [(-31.0, "Started by user Jonas Peeters"), (-30.8, "Running on rk-app-01 in /var/lib/jenkins/workspace/reelkeeper-deploy"),
              (-30.5, "[Pipeline] Start of Pipeline"), (-30.1, f"+ git checkout -f v{ver}"), (-29.7, f"HEAD is now at {sha[:7]} release {ver}"),
              (-29.2, "+ docker compose -f deploy/docker-compose.yml pull"), (-12.4, f" api Pulled registry.orbis.lan/reelkeeper:{ver}"),
              (-12.3, f" worker Pulled registry.orbis.lan/reelkeeper:{ver}"), (-12.0, "+ docker compose -f deploy/docker-compose.yml up -d"),
              (-4.6, " Container reelkeeper-worker-1  Recreate"), (-4.5, " Container reelkeeper-api-1  Recreate"),
              (2.3, " Container reelkeeper-worker-1  Started"), (2.6, " Container reelkeeper-api-1  Started"),
              (3.0, f"deployed reelkeeper {ver} ({sha}) to rk-app-01"), (3.2, "[Pipeline] End of Pipeline"), (3.3, "Finished: SUCCESS")]
        for off, text in jl:
            tt = at + dt.timedelta(seconds=off)
            jenkins.add(tt, f"[{iso_ms(tt)}] {text}")
        wlog(at - dt.timedelta(seconds=4.2), "INFO", "MainProcess", "worker: Warm shutdown (MainProcess)")
        st = at + dt.timedelta(seconds=5.1)
        for k, line in enumerate([f"reelkeeper worker {ver} (git {sha[:7]}) starting, 12 sites", "Connected to redis://redis:6379/0",
                                  "mingle: searching for neighbors", "mingle: all alone", "celery@rk-app-01 ready."]):
            wlog(st + dt.timedelta(milliseconds=40 + 310 * k), "INFO", "MainProcess", line)
        wlog(st + dt.timedelta(milliseconds=1700), "INFO", "Beat", "beat: Starting...")
        alog(at - dt.timedelta(seconds=4.0), "info", "uvicorn.error", "Shutting down")
        alog(at + dt.timedelta(seconds=4.2), "info", "uvicorn.error", "Started server process [1]")
        alog(at + dt.timedelta(seconds=4.9), "info", "reelkeeper.api", "reelkeeper api starting", version=ver, git=sha[:7])
        alog(at + dt.timedelta(seconds=5.0), "info", "uvicorn.error", "Application startup complete.")
    t = utc("2026-11-04 02:00:00")
    for off, text in [(0, "Started by timer"), (0.3, "Running on rk-app-01 in /var/lib/jenkins/workspace/reelkeeper-db-backup"),
                      (0.6, "+ pg_dump -Fc -h db-01.orbis.lan reelkeeper -f /backup/reelkeeper-20261104.dump"),
                      (39.4, "+ rclone copy /backup/reelkeeper-20261104.dump s3:orbis-backups/reelkeeper/"),
                      (55.1, "Transferred: 588.9 MiB / 588.9 MiB, 100%"), (55.8, "Finished: SUCCESS")]:
        tt = t + dt.timedelta(seconds=off)
        jenkins.add(tt, f"[{iso_ms(tt)}] {text}")

    # ---- Deliverix: FTR-2 NL and FR in the evening; Mons' box is offline until the morning
    boxes = {code: f"DXB-BE-{k * 7 + 104:04d}" if code != "LUX" else "DXB-LU-0012" for k, code in enumerate(sites)}
    dl_no = 26110300
    pkgs = [(urn(rng), KASPER[("NL", 2)], 5.3), (urn(rng), KASPER[("FR", 2)], 5.2)]
    lib_extra = {code: [] for code in sites}

    def devent(t, code, ev, **f):
        if START <= t < END:
            body = {"time": iso_ms(t), "event": ev, "site": f"ORB-{code}", "box": boxes[code]}
            body.update(f)
            dlx.add(t, json.dumps(body, separators=(",", ":")))
            access(t + dt.timedelta(milliseconds=rng.randint(80, 400)), "185.42.116.20", "POST", "/api/v1/deliveries/notify", 202)

    stats["mon_late"] = None
    for k, (pid_, title, gb) in enumerate(pkgs):
        for code in sites:
            dl_no += 1
            t0 = utc("2026-11-03 19:25:00") + dt.timedelta(minutes=70 * k + rng.uniform(0, 55))
            size = int(gb * 1e9 * rng.uniform(0.99, 1.01))
            dl = f"DLV-{dl_no}"
            back = utc("2026-11-04 05:07:00") + dt.timedelta(seconds=rng.uniform(0, 50)) if code == "MON" and k == 0 else None
            if code == "MON" and k == 1:
                t0 = stats["mon_back"] + dt.timedelta(minutes=4, seconds=rng.uniform(0, 30))
            devent(t0, code, "delivery.transfer_started", delivery=dl, package={"id": pid_, "title": title}, bytes=size)
            t1 = t0 + dt.timedelta(seconds=size / rng.uniform(25e6, 50e6))
            if back:
                off_at = t0 + dt.timedelta(minutes=1, seconds=12)
                devent(off_at, code, "delivery.box_offline", delivery=dl, detail="no heartbeat from box for 60 s")
                stats["mon_offline"], stats["mon_back"] = off_at, back
                gone = back - off_at
                devent(back, code, "delivery.box_online", delivery=dl, detail=f"box back after {int(gone.total_seconds() // 3600)} h {int(gone.total_seconds() % 3600 // 60)} min, resuming")
                t1 = back + dt.timedelta(seconds=size / 2 / rng.uniform(25e6, 50e6))
            if code == "MON":
                stats["mon_late"] = t1
            devent(t1, code, "delivery.transfer_complete", delivery=dl, package={"id": pid_, "title": title}, bytes=size, verified=True)
            th = t1 + dt.timedelta(seconds=rng.uniform(20, 90))
            devent(th, code, "delivery.handover", delivery=dl, package={"id": pid_, "title": title}, target=f"tms-{code.lower()}")
            task(th + dt.timedelta(seconds=0.6), "reelkeeper.delivery.tasks.on_notify",
                 [(0.3, "INFO", f"delivery {dl} to {code}: package {pid_} '{title}' handed over ({size / 1e9:.1f} GB), LMS ingest requested")])
            ti = th + dt.timedelta(seconds=size / 300e6 + 3)
            tlog(ti, code, f"library: package {pid_} '{title}' ingested from delivery box {boxes[code]} (6 assets, {size / 1e9:.1f} GB), hash check passed")
            lib_extra[code].append(ti)

    stats["ftr2_done"] = max(x for code, xs in lib_extra.items() if code != "MON" for x in xs)

    # ---- library sync every 15 minutes
    base = {code: (rng.randint(150, 260), rng.randint(20, 50)) for code in sites}
    used = {code: rng.uniform(0.71, 0.86) for code in sites}
    t = START
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(1, 40))
        if not down(tt):
            wlog(tt, "INFO", "Beat", "Scheduler: Sending due task library-sync (reelkeeper.library.tasks.sync_all)")
            task(tt + dt.timedelta(milliseconds=5), "reelkeeper.library.tasks.sync_all", [], runtime=rng.uniform(0.02, 0.06))
            t2 = tt + dt.timedelta(milliseconds=90)
            for code, s in sites.items():
                t2 += dt.timedelta(milliseconds=rng.randint(20, 250))
                n_extra = len([x for x in lib_extra[code] if x <= t2])
                pk, cx = base[code]
                purged = 4 if t2 > utc("2026-11-04 01:31:00") else 0
                cap = 16.0 if s["screens"] < 12 else 20.0
                u = used[code] * cap + 0.0053 * n_extra - (0.41 if purged else 0)
                rt = rng.uniform(0.6, 2.6)
                task(t2, "reelkeeper.library.tasks.sync_site",
                     [(rt - 0.04, "INFO", f"library sync {code}: {pk + n_extra - purged} packages, {pk + cx + n_extra - purged} compositions (0 incomplete), {u:.1f} TB of {cap:.1f} TB used")],
                     runtime=rt)
        t += dt.timedelta(minutes=15)

    # ---- housekeeping at 02:30 local (per package)
    ht = utc("2026-11-04 01:30:00")
    wlog(ht + dt.timedelta(milliseconds=12), "INFO", "Beat", "Scheduler: Sending due task housekeeping (reelkeeper.library.tasks.housekeeping)")
    body, off = [], 1.1
    for code, s in sites.items():
        freed = 0
        for title, gb in (("Nightjar_FTR_S_EN-NL-FR_BE-12_51_2K_SBL_20260930_DLX_SMPTE_VF", 0.05), ("Nightjar_FTR_S_EN-XX_INT-12_51_2K_SBL_20260930_DLX_SMPTE_OV", 118.4),
                          ("Tidewater_TLR_S_NL-FR_BE_71_2K_DLX_20260916_SMPTE", 2.8), ("AdReel-W44_ADV_F_NL-FR_BE_51_2K_ADR_20261028_SMPTE", 5.4)):
            off += rng.uniform(0.4, 1.6)
            body.append((off, "INFO", f"{code}: deleting package {urn(rng)} '{title}' ({gb:.1f} GB): no composition booked"))
            tlog(ht + dt.timedelta(seconds=off + 0.2), code, f"library: package deleted (api user reelkeeper): '{title}'")
            freed += gb
        off += 0.3
        body.append((off, "INFO", f"{code}: housekeeping done: {freed / 1000:.1f} TB freed"))
    task(ht + dt.timedelta(milliseconds=20), "reelkeeper.library.tasks.housekeeping", body)

    # ---- KDM mailbox every five minutes
    kdm_held = {}   # (code, screen, lang) -> message id of Monday's FTR-1 KDM
    for code, s in sites.items():
        for scr in range(1, s["screens"] + 1):
            for lang in sorted(set(LANG[s["region"]])):
                kdm_held[(code, scr, lang)] = urn(rng)
    kasper_kdm_screens = [(code, scr, lang) for (code, scr, lang) in kdm_held]
    stats["n_kasper_kdms"] = len(kasper_kdm_screens)
    batches = [
        (utc("2026-11-03 19:41:10"), "kdm@keys.sablepictures.example", "KDM SALTMARSH additional screens Orbis Cinemas 04.11-17.11", "saltmarsh"),
        (utc("2026-11-03 21:13:50"), "kdm-delivery@upx.example", "TIDEWATER KDM resend Orbis Leuven", "tidewater-leu"),
        (KDM_WRONG, "kdm@meridianfilms.example", "KDM Kasper en de IJsvos FTR-2 NL/FR - Orbis Cinemas", "kasper-wrong"),
        (utc("2026-11-04 03:06:30"), "kdm@keys.sablepictures.example", "KDM THE LONG AFTERNOON extension 04.11-10.11", "longafternoon"),
        (KDM_FIXED, "kdm@meridianfilms.example", "CORRECTED - KDM Kasper en de IJsvos FTR-2 NL/FR - Orbis Cinemas (replaces the KDMs of 03/11 23:47, which were issued for FTR-1)", "kasper-fixed"),
    ]
    stats["kdm_import"] = {}
    stats["wrong_lines"] = []
    t = START
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(1, 30))
        if not down(tt):
            wlog(tt, "INFO", "Beat", "Scheduler: Sending due task kdm-mailbox (reelkeeper.kdm.tasks.fetch_mailbox)")
            due = [b for b in batches if t - dt.timedelta(minutes=5) < b[0] <= t]
            if not due:
                task(tt + dt.timedelta(milliseconds=20), "reelkeeper.kdm.tasks.fetch_mailbox", [(rng.uniform(0.3, 0.9), "INFO", "kdm mailbox: 0 new messages")])
            for when, sender, subject, kind in due:
                body, off = [(0.4, "INFO", "kdm mailbox: 1 new message")], 0.5
                per = {}
                if kind == "saltmarsh":
                    targets = [(code, scr, comps[("other", "Saltmarsh")], NB, NA) for code, s in sites.items() for scr in range(3, 5)]
                elif kind == "longafternoon":
                    targets = [(code, scr, comps[("other", "The Long Afternoon")], "2026-11-04T00:00:00+01:00", "2026-11-10T23:59:00+01:00")
                               for code, s in sites.items() for scr, c in s["alloc"].items() if c["display"].startswith("The Long")]
                elif kind == "tidewater-leu":
                    targets = [("LEU-OLD", 2, comps[("other", "Tidewater")], "2026-11-04T00:00:00+01:00", "2026-11-17T23:59:00+01:00")]
                else:
                    v = 1 if kind == "kasper-wrong" else 2
                    targets = [(code, scr, comps[("kasper", lang, v)], NB, NA) for code, scr, lang in kasper_kdm_screens]
                body.append((off, "INFO", f"kdm mailbox: message from {sender} '{subject}': {len(targets)} KDM{'s' if len(targets) > 1 else ''} in 1 ZIP"))
                for code, scr, c, nb, na in targets:
                    off += rng.uniform(0.03, 0.11)
                    mid = urn(rng)
                    if code == "LEU-OLD":
                        old = shas["old_leu"]
                        subj = f"CN=SM.{old['imb']}.{old['serial']},OU=Dolby Cinema Products,O=DC.DOLBY.COM,dnQualifier={old['thumbprint']}"
                        body.append((off, "WARNING", f"KDM {mid} for {c['id']} '{c['title']}': recipient {subj} is no screen of ours"))
                        continue
                    if kind == "kasper-wrong":
                        lang = c["kasper"][0]
                        line = f"KDM {mid} for {c['id']} '{c['title']}' -> {code}-{scr:02d} valid {nb}..{na}: same composition, device and validity as KDM {kdm_held[(code, scr, lang)]} received 2026-11-02, not pushed"
                        body.append((off, "INFO", line))
                        stats["wrong_lines"].append((when + dt.timedelta(seconds=off), code, scr, c))
                        continue
                    body.append((off, "INFO", f"KDM {mid} for {c['id']} '{c['title']}' -> {code}-{scr:02d} valid {nb}..{na}, queued for tms-{code.lower()}"))
                    per[code] = per.get(code, 0) + 1
                for code, n in per.items():
                    off += rng.uniform(0.1, 0.3)
                    nb_ = (n + 19) // 20
                    body.append((off, "INFO", f"{code}: {n} KDMs pushed to tms-{code.lower()} ({nb_} batch{'es' if nb_ > 1 else ''})"))
                    ti = tt + dt.timedelta(seconds=off + rng.uniform(0.3, 1.5))
                    title = {"saltmarsh": "Saltmarsh", "longafternoon": "The Long Afternoon", "kasper-fixed": "Kasper en de IJsvos"}[kind]
                    tlog(ti, code, f"kdm: {n} KDMs imported from reelkeeper ({title}), all valid for this site's devices")
                    if kind == "kasper-fixed":
                        stats["kdm_import"][code] = ti
                if kind == "kasper-wrong":
                    off += 0.2
                    body.append((off, "INFO", f"kdm mailbox: message from {sender}: 0 KDMs pushed, {len(targets)} already held"))
                task(tt + dt.timedelta(milliseconds=20), "reelkeeper.kdm.tasks.fetch_mailbox", body)
        t += dt.timedelta(minutes=5)

    # ---- schedule push at 05:30 local
    wlog(PUSH + dt.timedelta(milliseconds=9), "INFO", "Beat", "Scheduler: Sending due task schedule-push (reelkeeper.schedule.tasks.push_all)")
    body, off = [], 0.8
    for code, s in sites.items():
        off += rng.uniform(1.2, 3.5)
        n_shows = s["screens"] * 7 * rng.randint(4, 5) + rng.randint(0, 9)
        ncomp = len({c["id"] for c in s["alloc"].values()}) + 3
        imp = rng.randint(5000, 9000)
        body.append((off, "INFO", f"schedule {code} 2026-11-04..2026-11-10: {n_shows} shows on {s['screens']} screens ({ncomp} compositions) pushed, TMS import {imp} accepted"))
        tlog(PUSH + dt.timedelta(seconds=off - 0.4), code, f"schedule: import {imp} from reelkeeper: 2026-11-04..2026-11-10, {n_shows} shows on {s['screens']} screens, {ncomp} compositions, 0 errors")
    task(PUSH + dt.timedelta(milliseconds=20), "reelkeeper.schedule.tasks.push_all", body)
    return worker, api, tms, pos, dlx, jenkins, slack, tickets, stats, tlog, task, alog, access, event, sale, version, down, site_ip, lib_extra


def spl(c, when):
    return f"{c['display']} {hm(when)}"


def tms_day(rng, devices, comps, ov, sites, L):
    worker, api, tms, pos, dlx, jenkins, slack, tickets, stats, tlog, task, alog, access, event, sale, version, down, site_ip, lib_extra = L
    show_no = {code: rng.randint(40000, 90000) for code in sites}
    stats["sites"] = {}
    for code, s in sites.items():
        st = {"not_ready": [], "shows": [], "cancelled": [], "delayed": [], "switched": []}
        stats["sites"][code] = st
        dev = {d["screen"]: d for d in devices[code]}
        # monitor and heartbeats
        t = START + dt.timedelta(seconds=rng.uniform(0, 299))
        while t < END:
            alarms = len([1 for x in st["not_ready"] if x <= t]) if t < stats["kdm_import"].get(code, END) else (1 if code == "LEU" and t > INGEST else 0)
            alarms = min(alarms, len(s["kasper"]) + 1)
            tlog(t, code, f"monitor: {s['screens']}/{s['screens']} screens online, {alarms} alarms, library {rng.uniform(71, 86):.0f}% used")
            if not down(t):
                access(t + dt.timedelta(milliseconds=rng.randint(100, 900)), site_ip[code], "POST", f"/api/v1/sites/{code}/heartbeat", 204)
            t += dt.timedelta(minutes=5)
        # routine screen events
        t = START
        while True:
            t += dt.timedelta(seconds=rng.expovariate(1 / 1500))
            if t >= END:
                break
            scr = rng.randint(1, s["screens"])
            k = rng.random()
            if k < 0.4:
                tlog(t, code, f"projector: screen {scr:02d} laser light source {rng.randint(61, 97)}% of rated output, {rng.randint(2100, 19800)} h")
            elif k < 0.7:
                tlog(t, code, f"imb: screen {scr:02d} secure clock check ok (offset {rng.uniform(-2.0, 2.0):+.1f} s)")
            elif k < 0.85:
                tlog(t, code, f"storage: screen {scr:02d} server RAID ok, {rng.randint(38, 81)}% used")
            else:
                tlog(t, code, f"imb: screen {scr:02d} security log collected ({rng.randint(40, 400)} records)")
        # yesterday evening
        yshows = {}
        for scr, c in s["yesterday"].items():
            begin = utc("2026-11-03 16:30:00") + dt.timedelta(minutes=15 * rng.randint(0, 5))
            for _ in range(3):
                dur = dt.timedelta(minutes=rng.uniform(125, 160))
                show_no[code] += 1
                n = show_no[code] - 1500
                yshows.setdefault(scr, []).append((n, begin))
                if START <= begin:
                    tlog(begin, code, f"playback: screen {scr:02d} show {n} '{spl(c, begin)}' started")
                    event(begin, code, "show_started")
                end = begin + dur
                tlog(end, code, f"playback: screen {scr:02d} show {n} '{spl(c, begin)}' ended")
                event(end, code, "show_ended")
                begin = end + dt.timedelta(minutes=rng.choice([20, 25, 30, 35]))
                begin = begin.replace(minute=begin.minute - begin.minute % 15, second=0) + dt.timedelta(minutes=15)
                if begin > utc("2026-11-03 21:46:00"):
                    break
        # today's shows
        first_k = [9.0, 9.5, 10.0]
        today = {}
        ks = sorted(s["kasper"])
        for scr, c in s["alloc"].items():
            if scr in s["kasper"]:
                h = first_k[ks.index(scr) % 3]
                step = 120
            else:
                h = rng.choice([9.25, 9.75, 10.0, 10.5, 11.0, 11.25, 12.0, 12.5, 13.0])
                step = 160
            t = utc("2026-11-04 00:00:00") + dt.timedelta(hours=h)
            lst = []
            while t < (utc("2026-11-04 19:30:00") if scr in s["kasper"] else utc("2026-11-04 22:30:00")):
                show_no[code] += 1
                lst.append((show_no[code], t))
                t += dt.timedelta(minutes=step + rng.choice([0, 5, 10, 15]))
            today[scr] = lst
        # the auto-ingest
        start = INGEST + dt.timedelta(seconds=rng.uniform(2, 40))
        ads = {"id": "urn:uuid:5d0f3a21-77c4-4b1e-9a40-2f61c8e0b7d3", "title": "AdReel-W45_ADV_F_NL-FR_BE_51_2K_ADR_20261104_SMPTE"}
        jobs = [(scr, ads, 5.2e9) for scr in range(1, s["screens"] + 1)]
        for scr, c in sorted(s["alloc"].items(), key=lambda x: today[x[0]][0][1]):
            if c["kasper"]:
                jobs.append((scr, c, rng.uniform(88e9, 92e9)))
            elif c.get("new"):
                jobs.append((scr, c, rng.uniform(214e9, 226e9)))
        tlog(start, code, f"ingest: auto-ingest for 2026-11-04 started, {len(jobs)} jobs")
        job_base = rng.randint(60000, 90000)
        for k, (scr, c, size) in enumerate(jobs):
            tlog(start + dt.timedelta(milliseconds=40 + 12 * k), code, f"ingest: job {job_base + k + 1} queued: {c['id']} '{c['title']}' library -> screen {scr:02d}")
        slots = [start, start]
        done_at = {}
        for k, (scr, c, size) in enumerate(jobs):
            i = 0 if slots[0] <= slots[1] else 1
            b = slots[i] + dt.timedelta(seconds=rng.uniform(0.3, 1.5))
            secs = 5 + size / rng.uniform(112e6, 138e6)
            e = b + dt.timedelta(seconds=secs)
            no = job_base + k + 1
            tlog(b, code, f"ingest: job {no} started: {c['title'].split('_')[0]} to screen {scr:02d}, {size / 1e9:.1f} GB")
            tlog(e, code, f"ingest: job {no} complete: '{c['title']}' on screen {scr:02d}, {size / 1e9:.1f} GB in {int(secs // 60)}m{int(secs % 60):02d}s, hash check passed")
            event(e, code, "ingest_complete")
            slots[i] = e
            done_at[scr] = max(done_at.get(scr, start), e)
        # readiness per screen once its copies are done
        kdm_ok = stats["kdm_import"][code]
        asked = []

        def ask(t, cid, scr):
            tlog(t, code, f"kdm: asked reelkeeper for a KDM for composition {cid} screen {scr:02d}: HTTP 404, none held")
            if down(t):
                return
            access(t + dt.timedelta(milliseconds=15), site_ip[code], "GET", f"/api/v1/sites/{code}/kdms/{cid}/{scr}", 404)
            if version(t) == "4.9.0":
                held = [KASPER[(lang, 1)] for lang in sorted(set(LANG[s["region"]]))]
                if not (code == "LEU" and scr == 2):
                    held.append(s["alloc"][scr]["title"] if not s["alloc"][scr]["kasper"] else OTHERS[0][2])
                alog(t + dt.timedelta(milliseconds=17), "warning", "reelkeeper.api.kdms", "TMS asked for a KDM we do not hold", site=code, composition=cid, screen=scr,
                     held_for_title=held)
                stats["warnings"] += 1

        def check(t, scr, recheck=False):
            c = s["alloc"][scr]
            d = dev[scr]
            bad = (c["kasper"] and t < kdm_ok) or (code == "LEU" and scr == 2)
            for k, (no, when) in enumerate(today[scr]):
                tt = t + dt.timedelta(milliseconds=30 + 20 * k)
                if when < t:
                    continue
                if bad:
                    tlog(tt, code, f"readiness: show {no} 2026-11-04 {hm(when)} screen {scr:02d} '{spl(c, when)}' not ready: no valid KDM for composition {c['id']} on screen {scr:02d} ({d['imb']} SN {d['serial']})")
                    st["not_ready"].append(tt)
                    stats["not_ready"].append((tt, code, scr, c))
                elif not recheck or c["kasper"]:
                    tlog(tt, code, f"readiness: show {no} 2026-11-04 {hm(when)} screen {scr:02d} '{spl(c, when)}' ready, KDM valid until {'2026-11-10 23:59' if c['display'].startswith('The Long') else '2026-11-17 23:59'}")
            if bad:
                ask(t + dt.timedelta(milliseconds=300 + 20 * len(today[scr])), c["id"], scr)

        for scr in range(1, s["screens"] + 1):
            check(done_at[scr] + dt.timedelta(seconds=rng.uniform(1, 4)), scr)
        # hourly re-checks of what is not ready, and after the KDM import
        for hh in (8, 9, 10, 11):
            t = utc("2026-11-04 00:00:00") + dt.timedelta(hours=hh, seconds=rng.uniform(5, 40))
            if t > END:
                break
            for scr in sorted(s["kasper"]) + ([2] if code == "LEU" else []):
                if (scr in s["kasper"] and t < kdm_ok) or (code == "LEU" and scr == 2 and hh < 9):
                    check(t, scr, recheck=True)
        for scr in sorted(s["kasper"]):
            check(kdm_ok + dt.timedelta(seconds=rng.uniform(2, 6)), scr, recheck=True)
        # Leuven moves its Tidewater shows off screen 02 until UPX sends a KDM for the new IMB
        if code == "LEU":
            tm = utc("2026-11-04 08:41:00")
            tlog(tm, code, f"schedule: shows {', '.join(str(no) for no, w in today[2][:3])} moved from screen 02 to screen 07 by leu.duty")
            st["leu_moved"] = tm
        # today's shows, Kasper with the workaround
        site_switch = SWITCH + dt.timedelta(minutes=rng.uniform(2, 22))
        st["switch"] = site_switch
        for scr, lst in today.items():
            c = s["alloc"][scr]
            for no, when in lst:
                if when >= END:
                    break
                if code == "LEU" and scr == 2 and when > INGEST:
                    continue
                name = spl(c, when)
                if not c["kasper"] or when >= kdm_ok + dt.timedelta(minutes=1):
                    tlog(when, code, f"playback: screen {scr:02d} show {no} '{name}' started")
                    event(when, code, "show_started")
                    if c["kasper"]:
                        st["shows"].append(("ftr2", when, scr, no))
                    continue
                ftr1 = comps[("kasper", c["kasper"][0], 1)]
                if when >= site_switch + dt.timedelta(minutes=3):
                    sw = site_switch + dt.timedelta(seconds=rng.uniform(10, 150))
                    tlog(sw, code, f"playback: show {no} screen {scr:02d} composition changed to {ftr1['id']} '{ftr1['title']}' by {DUTY[code]}")
                    jn = job_base + 500 + len(st["switched"]) + len(st["delayed"])
                    tlog(sw + dt.timedelta(seconds=3), code, f"ingest: job {jn} queued by {DUTY[code]}: {ftr1['id']} '{ftr1['title']}' library -> screen {scr:02d}")
                    tlog(sw + dt.timedelta(seconds=52), code, f"ingest: job {jn} complete: '{ftr1['title']}' on screen {scr:02d}, 5.1 GB in 0m47s, hash check passed")
                    tlog(sw + dt.timedelta(seconds=55), code, f"readiness: show {no} 2026-11-04 {hm(when)} screen {scr:02d} '{name}' ready, KDM valid until 2026-11-17 23:59")
                    tlog(when, code, f"playback: screen {scr:02d} show {no} '{name}' started")
                    event(when, code, "show_started")
                    st["switched"].append((when, scr, no))
                    st["shows"].append(("ftr1", when, scr, no))
                    continue
                tlog(when, code, f"playback: screen {scr:02d} show {no} '{name}' not started: no valid KDM for composition {c['id']}")
                event(when, code, "show_not_started")
                td = when + dt.timedelta(minutes=rng.uniform(2, 4))
                wait = (site_switch - when).total_seconds() / 60
                if wait <= 28:
                    tlog(td, code, f"playback: screen {scr:02d} show {no} delayed by {DUTY[code]}")
                    sw = max(site_switch, td + dt.timedelta(minutes=1))
                    tlog(sw, code, f"playback: show {no} screen {scr:02d} composition changed to {ftr1['id']} '{ftr1['title']}' by {DUTY[code]}")
                    jn = job_base + 500 + len(st["switched"]) + len(st["delayed"])
                    tlog(sw + dt.timedelta(seconds=3), code, f"ingest: job {jn} queued by {DUTY[code]}: {ftr1['id']} '{ftr1['title']}' library -> screen {scr:02d}")
                    tlog(sw + dt.timedelta(seconds=50), code, f"ingest: job {jn} complete: '{ftr1['title']}' on screen {scr:02d}, 5.1 GB in 0m45s, hash check passed")
                    go = sw + dt.timedelta(seconds=rng.uniform(70, 140))
                    tlog(go, code, f"playback: screen {scr:02d} show {no} '{name}' started ({int((go - when).total_seconds() // 60)} min late)")
                    event(go, code, "show_started")
                    st["delayed"].append((when, go, scr, no, c))
                else:
                    tc = when + dt.timedelta(minutes=rng.uniform(18, 26))
                    tlog(td, code, f"playback: screen {scr:02d} show {no} delayed by {DUTY[code]}")
                    tlog(tc, code, f"playback: screen {scr:02d} show {no} cancelled by {DUTY[code]}")
                    event(tc, code, "show_cancelled")
                    st["cancelled"].append((when, tc, scr, no, c))
        # box office
        for a, b, rate in ((START, utc("2026-11-03 21:30:00"), 0.45), (utc("2026-11-04 08:30:00"), END, 0.9)):
            t = a
            while True:
                t += dt.timedelta(seconds=rng.expovariate(rate / 60))
                if t >= b:
                    break
                scr = rng.randint(1, s["screens"])
                c = s["alloc"][scr] if t > INGEST else s["yesterday"][scr]
                pool = [(no, w) for no, w in (today[scr] if t > INGEST else yshows.get(scr, [])) if w > t]
                if not pool:
                    continue
                no, w = pool[0]
                n = rng.choice([1, 2, 2, 2, 3, 4, 4, 5])
                price = 9.5 if c["kasper"] else 12.5
                sale(t, code, f"show {no} '{spl(c, w)}' screen {scr:02d}: {n} tickets, EUR {n * price:.2f}, {rng.choice(['card', 'card', 'card', 'cash', 'voucher'])}")
        for when, tc, scr, no, c in st["cancelled"]:
            t = tc
            for _ in range(rng.randint(5, 9)):
                t += dt.timedelta(seconds=rng.uniform(20, 140))
                n = rng.choice([2, 3, 3, 4, 5])
                sale(t, code, f"show {no} '{spl(c, when)}' screen {scr:02d} cancelled: {n} tickets refunded, EUR {n * 9.5:.2f}", "REFUND")
        for when, go, scr, no, c in st["delayed"]:
            sale(go + dt.timedelta(seconds=rng.uniform(30, 200)), code, f"show {no} '{spl(c, when)}' screen {scr:02d} started {int((go - when).total_seconds() // 60)} min late: {rng.randint(25, 70)} drink vouchers issued", "VOUCHER")

    # ops dashboard and other API traffic
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate((1 / 600) if t < utc("2026-11-04 07:40:00") else (1 / 70)))
        if t >= END:
            break
        if down(t):
            continue
        code = rng.choice(list(sites))
        k = rng.random()
        if k < 0.35:
            access(t, "10.60.2.31", "GET", f"/api/v1/library/{code}", 200)
        elif k < 0.75:
            access(t, "10.60.2.44", "GET", f"/api/v1/kdms?site={code}&valid_on=2026-11-04", 200)
        else:
            access(t, "10.60.2.44", "GET", "/api/v1/kdms/search?title=Kasper", 200)


def narrative(rng, L, stats, comps, sites):
    slack, tickets = L[6], L[7]

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "projection-ops", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    created = {}

    def ticket(t, key, status, site, summary, desc):
        created.setdefault(key, t)
        tickets.add(t, json.dumps({"key": key, "created": iso_ms(created[key]), "updated": iso_ms(t), "status": status,
                                   "component": f"Projection / {site}", "reporter": DUTY.get(site, "servicedesk"), "summary": summary,
                                   "description": desc}, ensure_ascii=False))

    kasper_nr = sorted([x for x in stats["not_ready"] if x[3]["kasper"]], key=lambda x: x[0])
    onset = kasper_nr[0][0]
    stats["onset"] = onset
    n_k = stats["n_kasper_kdms"]
    wrong = stats["wrong_lines"][0]
    ftr1_nl = comps[("kasper", "NL", 1)]
    ftr2_nl = comps[("kasper", "NL", 2)]
    delayed = [x for st in stats["sites"].values() for x in st["delayed"]]
    cancelled = [x for st in stats["sites"].values() for x in st["cancelled"]]
    switched = [x for st in stats["sites"].values() for x in st["switched"]]
    stats["delayed"], stats["cancelled"], stats["switched"] = delayed, cancelled, switched
    lates = [int((go - when).total_seconds() // 60) for when, go, scr, no, c in delayed] or [0]
    imports = stats["kdm_import"]
    k_sites = len(sites)

    say(utc("2026-11-03 19:21:40"), "sarah.maes", "Reminder for tomorrow: Meridian's replacement DCP for Kasper en de IJsvos (FTR-2, reel 4 of both dubs was 2 s out of sync in FTR-1) comes tonight through Deliverix. I rebooked every Kasper show to FTR-2 this afternoon, Meridian sends the FTR-2 KDMs tonight. FTR-1 stays in the libraries until Friday.")
    say(stats["ftr2_done"] + dt.timedelta(minutes=6, seconds=20), "wim.desmet", f"FTR-2 NL and FR are on 11 of 12 LMS. MON's Deliverix box has been offline since {hm(stats['mon_offline'])}, Deliverix NOC is on it.")
    say(utc("2026-11-04 06:27:50"), "jonas.peeters", "Morning. Deploying reelkeeper 4.9.0 in the window: KDM-104 (KDM recipients by certificate thumbprint), KDM-109 (warning when a TMS asks for a KDM we don't hold), SCH-77 (version in the schedule push), signxml 4.1.0.")
    say(DEPLOY_490 + dt.timedelta(minutes=2, seconds=10), "jonas.peeters", "4.9.0 is live.")
    say(utc("2026-11-04 06:52:30"), "wim.desmet", f"MON's box came back at {hm(stats['mon_back'])}, FTR-2 NL and FR were on their LMS by {hm(stats['mon_late'] + dt.timedelta(minutes=2))}.")
    say(utc("2026-11-04 07:46:40"), "wim.desmet", f"Sitemaster readiness: every Kasper show at all {k_sites} sites is 'not ready: no valid KDM for composition ...', the FTR-2 compositions, NL and FR. Everything else is ready except LEU screen 02 (Tidewater, the new media block).")
    say(utc("2026-11-04 07:50:15"), "jonas.peeters", f"reelkeeper has been warning 'TMS asked for a KDM we do not hold' since {hm(onset)}, that is KDM-109 from this morning. And KDM-104 changed the KDM matching this morning. Runbook: KDMs missing at several sites after a release, roll back first.")
    say(utc("2026-11-04 07:54:05"), "amelie.dubois", "KDM-104 only changes how new KDMs are matched, and no Kasper KDM came in since the deploy. But fine, roll back, it's quick.")
    say(utc("2026-11-04 08:04:30"), "jonas.peeters", "Rolling back to 4.8.2.")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=40), "jonas.peeters", "4.8.2 is back.")
    say(utc("2026-11-04 08:17:20"), "wim.desmet", "No change: the 09:00 re-check still says no valid KDM for FTR-2 everywhere. The warnings are gone, the 404s are not.")
    first_k = min(w for st in stats["sites"].values() for kind, w, scr, no in st["shows"]) if any(st["shows"] for st in stats["sites"].values()) else None
    say(utc("2026-11-04 08:21:50"), "sarah.maes", "Kasper is our biggest title this week: first shows 10:00, sold out at most sites, autumn holiday. The foyers will be full of children at 09:45.")
    say(utc("2026-11-04 08:29:10"), "amelie.dubois", f"We hold no KDM for the FTR-2 compositions at all. Meridian's mail at {hm(KDM_WRONG)} last night, 'KDM Kasper en de IJsvos FTR-2 NL/FR - Orbis Cinemas', had {n_k} KDMs, and every one of them is for an FTR-1 composition ({ftr1_nl['id']} '{ftr1_nl['title']}' and the FR one), same screens and validity as Monday's. So the intake logged each as 'same composition, device and validity as KDM ... received 2026-11-02, not pushed'. The TMSs want {ftr2_nl['id']} (FTR-2). Meridian issued the replacement's KDMs for FTR-1.")
    say(utc("2026-11-04 08:32:40"), "wim.desmet", "Calling Meridian's KDM desk. Holiday week, the desk opens at 10:00 (their voicemail), trying their on-call.")
    say(utc("2026-11-04 08:44:20"), "wim.desmet", "LEU screen 02 is something else: UPX resent Tidewater last night for the old media block ('recipient ... is no screen of ours' at 22:13). LEU moved those shows to screen 07, I asked UPX for a KDM for the new certificate.")
    say(MERIDIAN_OK, "wim.desmet", "Meridian confirms: their desk selected the FTR-1 compositions when it issued the replacement KDMs last night. They reissue for FTR-2 (about 45 min) and allow FTR-1 until then.")
    say(SWITCH, "wim.desmet", "@duty-managers: for Kasper shows before 11:00, switch the show to FTR-1 in Sitemaster (Show > Composition; FTR-1 is still in your library, it copies in a minute). Delay the 10:00 shows rather than cancel them.")
    say(max(imports.values()) + dt.timedelta(minutes=1, seconds=30), "wim.desmet", f"Corrected KDMs for FTR-2 arrived at {hm(KDM_FIXED)} and are on all TMSs since {hm(max(imports.values()))}. Readiness is green for FTR-2; shows from 11:00 play FTR-2.")
    say(utc("2026-11-04 10:07:40"), "sarah.maes", f"This morning: {len(delayed)} Kasper shows started late (FTR-1, {min(lates)} to {max(lates)} minutes), {len(cancelled)} cancelled and refunded at the box office, {len(switched)} switched to FTR-1 in time.")
    say(REDEPLOY - dt.timedelta(minutes=1, seconds=20), "jonas.peeters", "Deploying 4.9.0 again, it had nothing to do with it.")
    say(REDEPLOY + dt.timedelta(minutes=2), "jonas.peeters", "4.9.0 is live again.")

    ticket(utc("2026-11-03 20:06:30"), "PROJ-4620", "Open", "LEU", "Screen 02: check KDMs for the new IMB", "Dolby replaced the IMB of screen 02 on Monday. Please make sure all distributors have the new certificate for this week's films.")
    order = sorted(sites, key=lambda code: min(x[0] for x in stats["not_ready"] if x[1] == code and x[3]["kasper"]))
    k = 4633
    for n, code in enumerate(order[:5]):
        t = utc("2026-11-04 07:38:00") + dt.timedelta(minutes=3.5 * n + rng.uniform(0, 2))
        scrs = sorted(sites[code]["kasper"])
        ticket(t, f"PROJ-{k}", "Open", code, "Kasper en de IJsvos not ready: no valid KDM",
               f"Readiness red for all Kasper shows on screens {', '.join(f'{x:02d}' for x in scrs)}: no valid KDM for the FTR-2 composition. First show 10:00, sold out.")
        k += 1
    if cancelled:
        when, tc, scr, no, c = sorted(cancelled)[0]
        code = [cd for cd, st in stats["sites"].items() if (when, tc, scr, no, c) in st["cancelled"]][0]
        ticket(tc + dt.timedelta(minutes=4), f"PROJ-{k}", "Open", code, "Kasper 10:00 cancelled, refunds",
               f"Show {no} on screen {scr:02d} could not start (no KDM), cancelled after 20 min of waiting. Refunds at the box office, families unhappy.")
        k += 1
    ticket(utc("2026-11-04 08:43:10"), "PROJ-4620", "In Progress", "LEU", "Screen 02: check KDMs for the new IMB", "UPX resent Tidewater for the old certificate. Shows moved to screen 07; waiting for UPX.")
    ticket(max(imports.values()) + dt.timedelta(minutes=6), "PROJ-4633", "Resolved", order[0], "Kasper en de IJsvos not ready: no valid KDM",
           "Meridian reissued the KDMs for FTR-2 (their first batch was for FTR-1). Readiness green.")
    return onset


def build(out_dir):
    rng = random.Random(79200)
    devices = make_devices(rng)
    repo, shas = build_repo(rng, devices)
    try:
        comps, ov, sites = build_world(rng, devices)
        L = build_logs(rng, shas, devices, comps, ov, sites)
        stats = L[8]
        tms_day(rng, devices, comps, ov, sites, L)
        onset = narrative(rng, L, stats, comps, sites).replace(microsecond=0)
        assert DEPLOY_490 + dt.timedelta(minutes=15) < onset < utc("2026-11-04 07:40:00"), onset
        assert KDM_WRONG < onset
        events = stats["events"]

        def rate(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=5) < at <= t)
            return fn

        metrics = {"reelkeeper_tms_events_5m.json": query_range(
            [({"job": "reelkeeper", "type": k}, rate(k)) for k in ("show_started", "show_not_started", "show_cancelled", "ingest_complete")],
            START, END, 60)}
        logs = [L[0], L[1], L[2], L[3], L[4], L[5], L[6], L[7]]
        n_k = stats["n_kasper_kdms"]
        return write_scenario(
            out_dir, name="r79-kdm-replacement-cpl-none", service=SERVICE, onset=onset,
            description=f"""
Orbis Cinemas cannot play its biggest title on release day: on
Wednesday 4 November (autumn holidays) from {onset.strftime('%H:%M:%S')} UTC, after the
morning ingest, the Sitemaster TMSs at all twelve sites find no valid KDM
for the Kasper en de IJsvos compositions (FTR-2, NL and FR dubs, a
replacement DCP delivered the night before) and mark every Kasper show
not ready; the first shows at 10:00 local cannot start. reelkeeper 4.9.0
(KDM matching by certificate thumbprint, a new KDM warning) had been
deployed at 06:35; the rollback to 4.8.2 at 08:12 changed nothing. Shows
were switched to FTR-1 from 09:12; corrected KDMs arrived at 09:52 and
4.9.0 was deployed again at 10:40.
""",
            logs=logs,
            line_formats={"reelkeeper-worker.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>',
                          "boxoffice-pos.log": r'<Date> <Time> \| <Site> \| <Terminal> \| <Kind>\s*\| <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'same composition, device and validity as KDM .* not pushed',
                        r'which were issued for',
                        r'not ready: no valid KDM for composition'],
            fix_files=[],
            explanation=f"""
No commit caused this. Meridian Films Benelux replaced the dubbed
versions of Kasper en de IJsvos the day before its release (FTR-2: reel 4
of both dubs of FTR-1 was out of sync) and asked cinemas to play FTR-2
from the first show; Orbis's programming rebooked every Kasper show to
FTR-2 and reelkeeper pushed them at 05:30 local. The KDMs Meridian's key
desk mailed at 22:47 UTC as "KDM Kasper en de IJsvos FTR-2 NL/FR" were
issued for the FTR-1 compositions again ({n_k} KDMs, same screens and
validity as Monday's), so reelkeeper logged each as "same composition,
device and validity as KDM ... received 2026-11-02, not pushed" and held
no KDM for FTR-2. After the morning ingest every TMS found "not ready:
no valid KDM for composition" for the FTR-2 shows, asked reelkeeper
(404), and the 10:00 shows could not start. Meridian confirmed at 09:07,
allowed FTR-1 in the meantime, and mailed corrected KDMs at 09:52 ("...
replaces the KDMs of 03/11 23:47, which were issued for FTR-1"); the
shows from 11:00 played FTR-2. Nothing in reelkeeper was changed; 4.9.0
was deployed again.
Decoys: release 4.9.0, deployed {round((onset - DEPLOY_490).total_seconds() / 60)} minutes before the onset (KDM-104,
which matches KDM recipients by certificate thumbprint instead of
serial, in the very KDM routing; KDM-109, which adds the very "TMS asked
for a KDM we do not hold" warning; SCH-77 in the schedule push; a signxml
bump, the KDM signature check), rolled back to 4.8.2 without effect (the
warnings stop, the 404s and the red readiness go on) and deployed again;
Tuesday's devices.yaml commit for Leuven screen 02's new media block and
the runbook commit that reads a missing KDM as our device mapping and
says to roll back after a release; a real device problem at Leuven
screen 02 (UPX resent a Tidewater KDM for the old media block: "recipient
... is no screen of ours", not ready there too); Mons's Deliverix box
offline overnight, FTR-2 delivered at 05:10; the nightly housekeeping.
""",
        )
    finally:
        repo.close()
