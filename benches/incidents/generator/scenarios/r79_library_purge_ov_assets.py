"""reelkeeper (Python 3.12, Celery 5 with beat, FastAPI; Docker Compose on
rk-app-01 at head office, deployed by a Jenkins job in the morning window
before the sites open; team in Belgium, UTC+1 in winter) of Orbis Cinemas,
twelve multiplexes in Belgium and Luxembourg (120 screens). reelkeeper is
the chain's digital cinema back office: it follows what Deliverix, the
delivery vendor, brings to each site's library server (LMS) over its
delivery boxes, routes the distributors' KDMs to the screens' media blocks
through each site's Sitemaster TMS, pushes the programming team's
showtimes to the TMSs at 05:30 local every morning, and runs a nightly
library housekeeping at 02:30 local that frees the LMS of content no show
needs any more.

A distributor ships a film as an original version (OV) package, with the
picture and the original sound, and version file (VF) packages: the
bilingual NL/FR subtitled version, the Dutch and the French dub. A VF
package holds only what it adds (subtitles or dubbed sound, and its CPL);
its composition references the OV's picture (and, subtitled, the OV's
sound) by asset id. In Belgium an English-language OV is almost never
booked: Flemish sites play the subtitled VF and the NL dub, Walloon sites
the subtitled VF and the FR dub; only Brussel-Noord has an English late
show, and French films play as the OV in Wallonia and Brussels.

Until 4.12.0 the housekeeping deleted whole packages: none of whose
compositions is booked for the next 14 days, ingested at least 7 days
ago, and whose assets no composition of another package references (an
OV stays as long as one of its VFs is in the library), through the TMS's
package delete. Monday 28 December 2026, 13:25 UTC: LIB-231
"housekeeping: purge per asset, not per package". The LMS
were at 96-97 % with the Christmas releases, and packages with a 2D and a
3D composition, of which a site books one, kept both pictures. The new
plan deletes, in every package old enough, each asset that no booked
composition *of that package* references, through the TMS's asset delete,
which deletes what it is told. An OV whose VFs are booked but which is
not booked itself is such a package: its pictures and sound go. The test
has a 2D/3D package only. Released as 4.12.0 on Tuesday morning (06:52).

Wednesday 30 December, Christmas holidays, the first day of the new film
week. The first run of the new plan, at 01:30 UTC, deletes the OV assets of
every holdover (Northbound, The Glass Orchard, Ironclad 3 in 2D and 3D,
Pip and the Paper Moon, Harbour Lights, Le Dernier Hiver in Flanders) at
every site but where the OV itself is booked, along with the legitimately
unbooked content; the LMS go from 96-97 % to 86-92 % used. Screens keep their own
copies, so nothing shows until 08:00 local (07:00 UTC), when the TMSs copy
the day's compositions to the screens they are scheduled on: the new
releases (delivered on Monday, too young for the purge) copy, but the
holdovers moved to another screen for the new week fail "composition
incomplete in library", retry at 08:30 and 09:00, and their 10:00-12:30
matinees cannot start.

At 06:38 Jonas deployed 4.13.0: LIB-240 logs the TMS's ingest failures as
warnings (the very warning that now fills reelkeeper's log), LIB-238 in
the culprit's file (skip a site whose TMS is in maintenance), SCH-84 (the
Atmos flag in the schedule push), and Renovate's lxml bump (the CPL
parser). The runbook (Tuesday) reads ingest failures as an incomplete
delivery or a full LMS and says to roll back after a release. Jonas rolls
back to 4.12.0 at 08:06 without effect; Amélie finds, for the asset ANT's
failed Northbound job misses, reelkeeper's own "deleting asset ... of
package ... Northbound ..._OV: no booked composition references it" at
01:3x; Lotte recognises LIB-231; Jonas pauses the housekeeping; Wim has
the sites export the compositions back from the screens that played them
last week (the TMS copies only the missing assets) and re-ingest;
Deliverix redelivers the Ironclad 3 OV to Kortrijk, where no screen had
the 3D. LIB-245 (4.13.1, 10:12) keeps every asset that any booked
composition of the site references.

Sources: reelkeeper worker (Celery, line format), reelkeeper API (JSON
lines), the sites' Sitemaster TMSs (syslog RFC 3164 to the central
collector), Deliverix partner events (JSON lines), Jenkins deploy jobs
(timestamper), #projection-ops (Slack export, JSON lines), service desk
tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "reelkeeper"
START, END = utc("2026-12-30 00:30:00"), utc("2026-12-30 11:30:00")
CULPRIT_AT = utc("2026-12-28 13:25:00")
DEPLOY_4120 = utc("2026-12-29 06:52:30")   # before the logs
PURGE = utc("2026-12-30 01:30:00")         # 02:30 local
PUSH = utc("2026-12-30 04:30:00")          # schedule push, 05:30 local
DEPLOY_4130 = utc("2026-12-30 06:38:10")
INGEST = utc("2026-12-30 07:00:00")        # TMS auto-ingest, 08:00 local
ROLLBACK = utc("2026-12-30 08:06:20")
PAUSE = utc("2026-12-30 08:27:40")
RESTORE = utc("2026-12-30 08:36:00")
DEPLOY_4131 = utc("2026-12-30 10:12:30")

SITES = [  # code, name, screens, region, LMS TB, 3D screens
    ("ANT", "Antwerpen Groenplaats", 14, "VL", 20.0, (1, 2)),
    ("GNT", "Gent Zuid", 12, "VL", 16.0, (1,)),
    ("BRG", "Brugge", 8, "VL", 12.0, ()),
    ("LEU", "Leuven", 9, "VL", 12.0, ()),
    ("HAS", "Hasselt", 10, "VL", 16.0, (1,)),
    ("KRT", "Kortrijk", 9, "VL", 12.0, (1,)),
    ("BXN", "Brussel-Noord", 12, "BX", 20.0, (1, 2)),
    ("LGE", "Liège Médiacité", 11, "WA", 16.0, (1,)),
    ("NAM", "Namur", 8, "WA", 12.0, ()),
    ("CRL", "Charleroi", 10, "WA", 16.0, (1,)),
    ("MON", "Mons", 7, "WA", 12.0, ()),
    ("LUX", "Luxembourg Kirchberg", 10, "LU", 16.0, (1,)),
]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "reelkeeper"
version = "4.11.2"
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

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

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
    # before the first show, after the last one
    "housekeeping": {"task": "reelkeeper.library.tasks.housekeeping", "schedule": crontab(hour=2, minute=30)},
    # the TMSs start their auto-ingest of the day at 08:00
    "schedule-push": {"task": "reelkeeper.schedule.tasks.push_all", "schedule": crontab(hour=5, minute=30)},
}
'''

MODEL = '''"""A site's library as the TMS reports it (Sitemaster API 7, GET /library)."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Asset:
    id: str          # urn:uuid:...
    kind: str        # MainPicture, MainSound, MainSubtitle, CompositionPlaylist
    size: int        # bytes


@dataclass
class Composition:
    id: str
    title: str       # ContentTitleText, Digital Cinema Naming Convention
    asset_ids: list[str]   # every asset its reels reference, and the CPL file itself
    complete: bool = True


@dataclass
class Package:
    id: str          # the PKL's id
    title: str       # the PKL's AnnotationText
    ingested_at: datetime
    assets: list[Asset] = field(default_factory=list)
    compositions: list[Composition] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(a.size for a in self.assets)


@dataclass
class Library:
    site: str
    packages: list[Package]
    capacity: int
    used: int

    @property
    def compositions(self) -> list[Composition]:
        return [c for p in self.packages for c in p.compositions]
'''

HOUSEKEEPING = '''"""Nightly library housekeeping: frees the sites' library servers (LMS) of
content no show needs any more.

Runs at 02:30 Europe/Brussels from celery beat, one site after the other.
A package goes when none of its compositions is booked from today until
keep_days ahead, it was ingested at least min_age_days ago (content for
next week arrives unbooked), and no composition of another package
references its assets: a VF package holds only its subtitles or dubbed
sound and plays the OV's pictures, so an OV stays as long as one of its
VFs is in the library."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from reelkeeper.bookings import BookingIndex
from reelkeeper.library.model import Library, Package
from reelkeeper.settings import HousekeepingSettings
from reelkeeper.tms.client import TmsClient
from reelkeeper.units import human

log = logging.getLogger(__name__)


@dataclass
class Purge:
    package: Package
    reason: str


def plan(site: str, library: Library, bookings: BookingIndex, now: datetime, cfg: HousekeepingSettings) -> list[Purge]:
    doomed = []
    until = now + timedelta(days=cfg.keep_days)
    for pkg in library.packages:
        if now - pkg.ingested_at < timedelta(days=cfg.min_age_days):
            continue
        if any(bookings.needs(site, cpl.id, now, until) for cpl in pkg.compositions):
            continue
        if referenced_elsewhere(pkg, library):
            continue
        doomed.append(Purge(pkg, "no composition booked"))
    return doomed


def referenced_elsewhere(pkg: Package, library: Library) -> bool:
    """An OV whose VF (another package) is still in the library."""
    own = {cpl.id for cpl in pkg.compositions}
    ids = {a.id for a in pkg.assets}
    return any(ids.intersection(cpl.asset_ids) for cpl in library.compositions if cpl.id not in own)


def run_site(site: str, tms: TmsClient, bookings: BookingIndex, now: datetime, cfg: HousekeepingSettings) -> int:
    library = tms.library()
    freed = 0
    for p in plan(site, library, bookings, now, cfg):
        log.info("%s: deleting package %s '%s' (%s): %s", site, p.package.id, p.package.title, human(p.package.size), p.reason)
        tms.delete_package(p.package.id)
        freed += p.package.size
    log.info("%s: housekeeping done: %s freed", site, human(freed))
    return freed
'''

LIB_TASKS = '''import logging

from reelkeeper.bookings import BookingIndex
from reelkeeper.celery_app import app
from reelkeeper.clock import now
from reelkeeper.library import housekeeping, sync
from reelkeeper.settings import settings
from reelkeeper.tms.client import TmsClient

log = logging.getLogger(__name__)


@app.task
def sync_all():
    for site in settings.sites:
        sync_site.delay(site.code)


@app.task
def sync_site(code):
    sync.sync_site(code, TmsClient.for_site(code))


@app.task
def housekeeping():
    if not settings.housekeeping.enabled:
        log.info("housekeeping disabled")
        return
    bookings = BookingIndex.load()
    for site in settings.sites:
        housekeeping.run_site(site.code, TmsClient.for_site(site.code), bookings, now(), settings.housekeeping)
'''

SYNC = '''import logging

from reelkeeper.db import store_library
from reelkeeper.tms.client import TmsClient
from reelkeeper.units import human

log = logging.getLogger(__name__)


def sync_site(code: str, tms: TmsClient) -> None:
    library = tms.library()
    comps = library.compositions
    incomplete = sum(1 for c in comps if not c.complete)
    store_library(code, library)
    log.info("library sync %s: %d packages, %d compositions (%d incomplete), %s of %s used",
             code, len(library.packages), len(comps), incomplete, human(library.used), human(library.capacity))
'''

TMS_CLIENT = '''"""Sitemaster TMS API 7 client, one per site (https://tms-<site>.orbis.lan)."""

import httpx

from reelkeeper.library.model import Asset, Composition, Library, Package
from reelkeeper.settings import settings


class TmsClient:
    def __init__(self, base_url: str, token: str):
        self.http = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    @classmethod
    def for_site(cls, code: str) -> "TmsClient":
        site = settings.site(code)
        return cls(site.tms_url, site.tms_token)

    def library(self) -> Library:
        body = self.http.get("/api/v7/library").raise_for_status().json()
        packages = []
        for p in body["packages"]:
            packages.append(Package(
                id=p["id"], title=p["annotation"], ingested_at=p["ingested"],
                assets=[Asset(a["id"], a["kind"], a["size"]) for a in p["assets"]],
                compositions=[Composition(c["id"], c["title"], c["assets"], c["complete"]) for c in p["compositions"]],
            ))
        return Library(body["site"], packages, body["capacity"], body["used"])

    def delete_package(self, package_id: str) -> None:
        # keeps assets another package's composition references
        self.http.delete(f"/api/v7/library/packages/{package_id}").raise_for_status()

    def delete_asset(self, asset_id: str) -> None:
        # deletes the asset's file from the LMS, whatever references it
        self.http.delete(f"/api/v7/library/assets/{asset_id}").raise_for_status()

    def maintenance(self) -> bool:
        return self.http.get("/api/v7/status").raise_for_status().json()["maintenance"]

    def import_schedule(self, body: dict) -> dict:
        return self.http.post("/api/v7/schedule/import", json=body).raise_for_status().json()

    def push_kdms(self, kdms: list[bytes]) -> None:
        files = [("kdm", (f"kdm{i}.xml", k, "application/xml")) for i, k in enumerate(kdms)]
        self.http.post("/api/v7/kdm", files=files).raise_for_status()
'''

EVENTS = '''"""Events the TMSs post to us: ingest jobs, shows, KDM imports."""

import logging

from fastapi import APIRouter
from pydantic import BaseModel

from reelkeeper.metrics import TMS_EVENTS

log = logging.getLogger("reelkeeper.api.events")
router = APIRouter()


class TmsEvent(BaseModel):
    type: str
    job: int | None = None
    screen: str | None = None
    composition: str | None = None
    title: str | None = None
    reason: str | None = None


@router.post("/api/v1/sites/{site}/events", status_code=204)
def tms_event(site: str, event: TmsEvent) -> None:
    TMS_EVENTS.labels(site=site, type=event.type).inc()
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

KDM_INTAKE = '''"""KDMs from the distributors' mail to kdm@orbiscinemas.be: each KDM is matched
to a screen by its recipient certificate and pushed to that site's TMS."""

import logging

from lxml import etree

from reelkeeper.kdm.devices import device_for

log = logging.getLogger(__name__)
NS = {"etm": "http://www.smpte-ra.org/schemas/430-3/2006/ETM", "kdm": "http://www.smpte-ra.org/schemas/430-1/2006/KDM"}


def parse(raw: bytes) -> dict:
    doc = etree.fromstring(raw)
    req = doc.find(".//kdm:KDMRequiredExtensions", NS)
    return {
        "message_id": doc.findtext("etm:AuthenticatedPublic/etm:MessageId", namespaces=NS),
        "annotation": doc.findtext("etm:AuthenticatedPublic/etm:AnnotationText", namespaces=NS) or "",
        "cpl": req.findtext("kdm:CompositionPlaylistId", namespaces=NS),
        "title": req.findtext("kdm:ContentTitleText", namespaces=NS),
        "not_before": req.findtext("kdm:ContentKeysNotValidBefore", namespaces=NS),
        "not_after": req.findtext("kdm:ContentKeysNotValidAfter", namespaces=NS),
        "thumbprint": req.findtext("kdm:Recipient/kdm:X509IssuerSerial/kdm:X509SerialNumber", namespaces=NS),
    }


def route(raw: bytes):
    kdm = parse(raw)
    device = device_for(kdm["thumbprint"])
    if device is None:
        log.warning("KDM %s for %s: recipient %s is no screen of ours", kdm["message_id"], kdm["title"], kdm["thumbprint"])
        return None
    return device, kdm
'''

SITES_YAML_HEAD = "# Orbis Cinemas sites: TMS endpoints and library servers\nsites:\n"

SETTINGS = '''"""Settings from config/reelkeeper.yaml and config/sites.yaml."""

from dataclasses import dataclass


@dataclass
class HousekeepingSettings:
    enabled: bool = True
    keep_days: int = 14      # a composition booked within this many days stays
    min_age_days: int = 7    # content for next week arrives unbooked


@dataclass
class Site:
    code: str
    tms_url: str
    tms_token: str
'''

TEST_HOUSEKEEPING = '''from datetime import datetime, timedelta

from reelkeeper.library import housekeeping
from reelkeeper.library.model import Asset, Composition, Library, Package
from reelkeeper.settings import HousekeepingSettings

NOW = datetime(2026, 12, 1, 1, 30)


class Bookings:
    def __init__(self, booked):
        self.booked = booked

    def needs(self, site, cpl_id, start, end):
        return cpl_id in self.booked


def pkg(id, age_days, comps):
    assets = [Asset(a, "MainPicture", 10) for c in comps for a in c.asset_ids]
    return Package(id, id, NOW - timedelta(days=age_days), assets, comps)


def test_unbooked_old_package_goes():
    p = pkg("p1", 10, [Composition("c1", "Old_FTR", ["a1", "c1"])])
    doomed = housekeeping.plan("ANT", Library("ANT", [p], 100, 50), Bookings(set()), NOW, HousekeepingSettings())
    assert [d.package.id for d in doomed] == ["p1"]


def test_new_package_stays():
    p = pkg("p1", 2, [Composition("c1", "Next_FTR", ["a1", "c1"])])
    assert housekeeping.plan("ANT", Library("ANT", [p], 100, 50), Bookings(set()), NOW, HousekeepingSettings()) == []
'''

RUNBOOK = """# reelkeeper runbook

Owner: #projection-ops (digital cinema team). Dashboards: Grafana > Cinemas > Content.

## KDM not found at a screen

Look the KDM up in reelkeeper (Content > KDMs > by title). "recipient is
no screen of ours" means the distributor used an old certificate: send
them the screen's current certificate from `config/devices.yaml` and ask
for a new KDM.

## Schedule push rejected by a TMS

The TMS answers with the first show it refused. A composition the TMS
does not know yet is usually still on the delivery box: check Deliverix.
"""

RUNBOOK_INGEST = """
## Ingest failures at a site

Sitemaster copies the day's compositions from the library (LMS) to the
screens at 08:00. A failed ingest is almost always one of:

- an incomplete delivery: the package is still on the Deliverix box or
  failed its hash check. Check the delivery in the Deliverix portal and
  ask their NOC (+32 2 808 41 00) for a redelivery;
- a full LMS: the TMS refuses to copy to a library above 98 %. Run the
  housekeeping for the site by hand (`reelkeeper housekeeping --site ANT`).

If the failures start after a reelkeeper release, roll back first (Jenkins
> reelkeeper-deploy > previous version) and tell #projection-ops. The
first shows are at 10:00; tell the duty managers which screens are at
risk so they can swap screens.
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

COMPOSE = """services:
  api:
    image: registry.orbis.lan/reelkeeper:${VERSION}
    command: uvicorn reelkeeper.api.app:app --host 0.0.0.0 --port 8000 --log-config config/logging-api.json
    env_file: /etc/reelkeeper/env
    ports: ["8000:8000"]
  worker:
    image: registry.orbis.lan/reelkeeper:${VERSION}
    command: celery -A reelkeeper.celery_app worker -B -c 4 -l INFO
    env_file: /etc/reelkeeper/env
  redis:
    image: redis:7.4-alpine
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Peeters", "jonas.peeters@orbiscinemas.be", 60)
    lotte = Person("Lotte Janssens", "lotte.janssens@orbiscinemas.be", 60)
    amelie = Person("Amélie Dubois", "amelie.dubois@orbiscinemas.be", 60)
    wim = Person("Wim De Smet", "wim.desmet@orbiscinemas.be", 60)
    bot = Person("renovate[bot]", "bot@renovateapp.com", 0)
    sites_yaml = SITES_YAML_HEAD + "".join(
        f"  - code: {code}\n    name: {name}\n    tms_url: https://tms-{code.lower()}.orbis.lan\n    screens: {n}\n"
        for code, name, n, _, _, _ in SITES)
    files = {
        "pyproject.toml": PYPROJECT,
        "reelkeeper/__init__.py": '__version__ = "4.11.2"\n',
        "reelkeeper/celery_app.py": CELERY_APP,
        "reelkeeper/settings.py": SETTINGS,
        "reelkeeper/units.py": 'def human(n: int) -> str:\n    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):\n        if n >= size:\n            return f"{n / size:.1f} {unit}"\n    return f"{n} B"\n',
        "reelkeeper/library/__init__.py": "",
        "reelkeeper/library/model.py": MODEL,
        "reelkeeper/library/housekeeping.py": HOUSEKEEPING,
        "reelkeeper/library/sync.py": SYNC,
        "reelkeeper/library/tasks.py": LIB_TASKS,
        "reelkeeper/tms/__init__.py": "",
        "reelkeeper/tms/client.py": TMS_CLIENT,
        "reelkeeper/api/__init__.py": "",
        "reelkeeper/api/events.py": EVENTS,
        "reelkeeper/api/admin.py": 'import logging\n\nfrom fastapi import APIRouter, Depends\n\nfrom reelkeeper.api.auth import ops_user\nfrom reelkeeper.db import flags\n\nlog = logging.getLogger("reelkeeper.api.admin")\nrouter = APIRouter()\n\n\n@router.post("/api/v1/admin/housekeeping/pause")\ndef pause_housekeeping(user: str = Depends(ops_user)) -> dict:\n    flags.set("housekeeping.paused", True)\n    log.warning("library housekeeping paused", extra={"user": user, "until": "resumed"})\n    return {"paused": True}\n',
        "reelkeeper/schedule/__init__.py": "",
        "reelkeeper/schedule/push.py": SCHEDULE_PUSH,
        "reelkeeper/kdm/__init__.py": "",
        "reelkeeper/kdm/intake.py": KDM_INTAKE,
        "config/sites.yaml": sites_yaml,
        "config/reelkeeper.yaml": "housekeeping:\n  enabled: true\n  keep_days: 14\n  min_age_days: 7\nschedule:\n  days_ahead: 6\nkdm:\n  mailbox: kdm@orbiscinemas.be\n  batch: 10\n",
        "tests/__init__.py": "",
        "tests/test_housekeeping.py": TEST_HOUSEKEEPING,
        "docs/runbook.md": RUNBOOK,
        "deploy/docker-compose.yml": COMPOSE,
        "Jenkinsfile": JENKINSFILE,
        "README.md": "# reelkeeper\n\nOrbis Cinemas' digital cinema back office: deliveries to the sites' library\nservers, KDM routing to the screens, the daily showtime push to the\nSitemaster TMSs, and the nightly library housekeeping.\n\nReleases are tags `vX.Y.Z`; the Jenkins job `reelkeeper-deploy` deploys a\ntag to rk-app-01 (morning window, before the sites open).\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.11.2\n\n- KDM-95 KDM mails with several ZIP attachments\n",
    }
    repo.commit(utc("2026-12-21 08:30:00"), jonas, "reelkeeper 4.11.2", files)
    crng = random.Random(79011)
    repo.schedule(chores(crng, SERVICE, [amelie, lotte], utc("2026-12-21 09:00:00"), utc("2026-12-23 15:00:00"), 2)
                  + chores(crng, SERVICE, [jonas, amelie], utc("2026-12-28 08:00:00"), utc("2026-12-29 16:00:00"), 2))
    repo.commit(utc("2026-12-22 10:15:00"), amelie, "kdm: accept KDMs whose AnnotationText names no screen (KDM-97)\n\nLantern's KDM service writes only the title; the screen comes from the\nrecipient certificate anyway.", {
        "reelkeeper/kdm/intake.py": sub(repo.files["reelkeeper/kdm/intake.py"],
                                        '        "annotation": doc.findtext("etm:AuthenticatedPublic/etm:AnnotationText", namespaces=NS) or "",\n',
                                        '        # KDM-97: some distributors leave the screen out of the annotation\n        "annotation": (doc.findtext("etm:AuthenticatedPublic/etm:AnnotationText", namespaces=NS) or "").strip(),\n'),
    })
    repo.commit(utc("2026-12-23 04:05:00"), bot, "chore(deps): update dependency celery to v5.5.3", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"celery[redis]==5.5.2"', '"celery[redis]==5.5.3"'),
    })
    culprit = repo.commit(CULPRIT_AT, lotte, "housekeeping: purge per asset, not per package (LIB-231)\n\nThe LMS are at 96-97 % with the Christmas releases. A distributor's\npackage often holds several compositions (2D and 3D, 4K and 2K) of which a\nsite books one, and a package stays whole as long as one of them is\nbooked or referenced: Ironclad 3's 3D pictures take 250 GB at every site\nthat plays it in 2D. Plan per asset instead: in a package old enough,\nevery asset that no booked composition of the package references goes,\nthrough the TMS's asset delete. Packages left without assets are removed.", {
        "reelkeeper/library/housekeeping.py": sub(repo.files["reelkeeper/library/housekeeping.py"],
            "Runs at 02:30 Europe/Brussels from celery beat, one site after the other.\nA package goes when none of its compositions is booked from today until\nkeep_days ahead, it was ingested at least min_age_days ago (content for\nnext week arrives unbooked), and no composition of another package\nreferences its assets: a VF package holds only its subtitles or dubbed\nsound and plays the OV's pictures, so an OV stays as long as one of its\nVFs is in the library.\"\"\"\n",
            "Runs at 02:30 Europe/Brussels from celery beat, one site after the other.\nIn a package ingested at least min_age_days ago (content for next week\narrives unbooked), an asset goes when no composition of the package that\nis booked from today until keep_days ahead references it (LIB-231): a\npackage's 2D and 3D, or 4K and 2K, compositions share the sound but not\nthe pictures, and a site books one of them.\"\"\"\n",
            "from reelkeeper.library.model import Library, Package\n",
            "from reelkeeper.library.model import Asset, Library, Package\n",
            "@dataclass\nclass Purge:\n    package: Package\n    reason: str\n",
            "@dataclass\nclass Purge:\n    package: Package\n    asset: Asset\n    reason: str\n",
            "        if any(bookings.needs(site, cpl.id, now, until) for cpl in pkg.compositions):\n            continue\n        if referenced_elsewhere(pkg, library):\n            continue\n        doomed.append(Purge(pkg, \"no composition booked\"))\n    return doomed\n\n\ndef referenced_elsewhere(pkg: Package, library: Library) -> bool:\n    \"\"\"An OV whose VF (another package) is still in the library.\"\"\"\n    own = {cpl.id for cpl in pkg.compositions}\n    ids = {a.id for a in pkg.assets}\n    return any(ids.intersection(cpl.asset_ids) for cpl in library.compositions if cpl.id not in own)\n",
            "        booked = [cpl for cpl in pkg.compositions if bookings.needs(site, cpl.id, now, until)]\n        keep = {asset_id for cpl in booked for asset_id in cpl.asset_ids}\n        for asset in pkg.assets:\n            if asset.id not in keep:\n                doomed.append(Purge(pkg, asset, \"no booked composition references it\"))\n    return doomed\n",
            "    freed = 0\n    for p in plan(site, library, bookings, now, cfg):\n        log.info(\"%s: deleting package %s '%s' (%s): %s\", site, p.package.id, p.package.title, human(p.package.size), p.reason)\n        tms.delete_package(p.package.id)\n        freed += p.package.size\n    log.info(\"%s: housekeeping done: %s freed\", site, human(freed))\n    return freed\n",
            "    freed = 0\n    doomed = plan(site, library, bookings, now, cfg)\n    left = {p.package.id: len(p.package.assets) for p in doomed}\n    for p in doomed:\n        log.info(\"%s: deleting asset %s (%s, %s) of package %s '%s': %s\", site, p.asset.id, p.asset.kind, human(p.asset.size),\n                 p.package.id, p.package.title, p.reason)\n        tms.delete_asset(p.asset.id)\n        freed += p.asset.size\n        left[p.package.id] -= 1\n    emptied = [pkg_id for pkg_id, n in left.items() if n == 0]\n    for pkg_id in emptied:\n        tms.delete_package(pkg_id)\n    log.info(\"%s: housekeeping done: %d assets deleted, %d packages emptied and removed, %s freed\", site, len(doomed), len(emptied), human(freed))\n    return freed\n"),
        "tests/test_housekeeping.py": sub(repo.files["tests/test_housekeeping.py"],
            "    doomed = housekeeping.plan(\"ANT\", Library(\"ANT\", [p], 100, 50), Bookings(set()), NOW, HousekeepingSettings())\n    assert [d.package.id for d in doomed] == [\"p1\"]\n",
            "    doomed = housekeeping.plan(\"ANT\", Library(\"ANT\", [p], 100, 50), Bookings(set()), NOW, HousekeepingSettings())\n    assert [d.asset.id for d in doomed] == [\"a1\", \"c1\"]\n\n\ndef test_unbooked_3d_pictures_go_shared_sound_stays():\n    c2d = Composition(\"c2d\", \"Film_FTR\", [\"pic2d\", \"snd\", \"c2d\"])\n    c3d = Composition(\"c3d\", \"Film_FTR-3D\", [\"pic3d\", \"snd\", \"c3d\"])\n    p = Package(\"p\", \"Film\", NOW - timedelta(days=9), [Asset(a, \"MainPicture\", 10) for a in (\"pic2d\", \"pic3d\", \"snd\", \"c2d\", \"c3d\")], [c2d, c3d])\n    doomed = housekeeping.plan(\"ANT\", Library(\"ANT\", [p], 100, 50), Bookings({\"c2d\"}), NOW, HousekeepingSettings())\n    assert sorted(d.asset.id for d in doomed) == [\"c3d\", \"pic3d\"]\n"),
    })
    repo.commit(utc("2026-12-28 15:10:00"), jonas, "kdm: push KDMs to the TMS in batches of 20 (KDM-101)\n\nSitemaster takes up to 20 KDMs per import; the Christmas extensions came\nin 140 at a time.", {
        "config/reelkeeper.yaml": sub(repo.files["config/reelkeeper.yaml"], "  batch: 10\n", "  batch: 20\n"),
    })
    rel4120 = repo.commit(utc("2026-12-29 06:20:00"), jonas, "release 4.12.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.11.2"', 'version = "4.12.0"'),
        "reelkeeper/__init__.py": '__version__ = "4.12.0"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.12.0\n\n- LIB-231 housekeeping purges per asset\n- KDM-97 KDMs without a screen in the annotation\n- KDM-101 KDM pushes in batches of 20\n- celery 5.5.3\n",
    })
    repo.commit(utc("2026-12-29 10:40:00"), amelie, "housekeeping: skip a site whose TMS is in maintenance mode (LIB-238)\n\nLEU's TMS was being upgraded on Sunday night and the housekeeping's\ndeletes failed with 503 for an hour.", {
        "reelkeeper/library/housekeeping.py": sub(repo.files["reelkeeper/library/housekeeping.py"],
            "    library = tms.library()\n    freed = 0\n",
            "    if tms.maintenance():\n        log.info(\"%s: TMS in maintenance mode, housekeeping skipped\", site)\n        return 0\n    library = tms.library()\n    freed = 0\n"),
    })
    repo.commit(utc("2026-12-29 11:50:00"), jonas, "schedule: send the Atmos flag with each show (SCH-84)\n\nSitemaster 7.4 switches the CP950 to the Atmos preset when the show says\nso; the duty managers did it by hand.", {
        "reelkeeper/schedule/push.py": sub(repo.files["reelkeeper/schedule/push.py"],
                                           '        "attributes": {"3d": show.is_3d},\n',
                                           '        "attributes": {"3d": show.is_3d, "atmos": show.is_atmos},\n'),
    })
    repo.commit(utc("2026-12-29 13:15:00"), amelie, "events: log the ingest failures the TMSs report (LIB-240)\n\nWe only counted them; the duty managers want to see in reelkeeper which\ncomposition failed where and why.", {
        "reelkeeper/api/events.py": sub(repo.files["reelkeeper/api/events.py"],
                                        "    TMS_EVENTS.labels(site=site, type=event.type).inc()\n",
                                        "    TMS_EVENTS.labels(site=site, type=event.type).inc()\n    if event.type == \"ingest_failed\":\n        log.warning(\"TMS reports ingest job failed\", extra={\"site\": site, \"job\": event.job, \"screen\": event.screen,\n                                                             \"composition\": event.composition, \"title\": event.title, \"reason\": event.reason})\n"),
    })
    repo.commit(utc("2026-12-29 15:30:00"), wim, "runbook: ingest failures at a site", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_INGEST,
    })
    repo.commit(utc("2026-12-30 04:06:00"), bot, "chore(deps): update dependency lxml to v5.4.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"lxml==5.3.0"', '"lxml==5.4.0"'),
    })
    rel4130 = repo.commit(utc("2026-12-30 06:05:00"), jonas, "release 4.13.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.12.0"', 'version = "4.13.0"'),
        "reelkeeper/__init__.py": '__version__ = "4.13.0"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.13.0\n\n- LIB-240 ingest failures reported by the TMSs are logged\n- LIB-238 housekeeping skips a TMS in maintenance mode\n- SCH-84 Atmos flag in the schedule push\n- lxml 5.4.0\n",
    })
    fix = repo.commit(utc("2026-12-30 09:20:00"), lotte, "housekeeping: keep every asset a booked composition of the site references (LIB-245)\n\nLIB-231 kept an asset only when a booked composition of its own package\nreferenced it. A VF package holds only its subtitles or dubbed sound; its\ncomposition references the OV's pictures and sound, which are in the OV\npackage. Where the OV itself is not booked (nearly everywhere in\nBelgium) the first run on 30 December deleted the OV assets of every\nholdover, and the TMSs could not copy the VFs to the screens they moved\nto. Collect the references of every booked composition in the site's\nlibrary, whatever its package.", {
        "reelkeeper/library/housekeeping.py": sub(repo.files["reelkeeper/library/housekeeping.py"],
            "    doomed = []\n    until = now + timedelta(days=cfg.keep_days)\n    for pkg in library.packages:\n        if now - pkg.ingested_at < timedelta(days=cfg.min_age_days):\n            continue\n        booked = [cpl for cpl in pkg.compositions if bookings.needs(site, cpl.id, now, until)]\n        keep = {asset_id for cpl in booked for asset_id in cpl.asset_ids}\n        for asset in pkg.assets:\n",
            "    doomed = []\n    until = now + timedelta(days=cfg.keep_days)\n    # LIB-245: a VF's composition references the OV package's assets, so\n    # collect the references of every booked composition at the site\n    booked = [cpl for cpl in library.compositions if bookings.needs(site, cpl.id, now, until)]\n    keep = {asset_id for cpl in booked for asset_id in cpl.asset_ids}\n    for pkg in library.packages:\n        if now - pkg.ingested_at < timedelta(days=cfg.min_age_days):\n            continue\n        for asset in pkg.assets:\n"),
        "tests/test_housekeeping.py": repo.files["tests/test_housekeeping.py"] + "\n\ndef test_ov_assets_of_a_booked_vf_stay():\n    ov = Composition(\"ov\", \"Film_FTR_EN-XX_OV\", [\"pic\", \"snd\", \"ov\"])\n    vf = Composition(\"vf\", \"Film_FTR_EN-NL-FR_VF\", [\"pic\", \"snd\", \"sub\", \"vf\"])\n    p_ov = Package(\"p_ov\", \"Film OV\", NOW - timedelta(days=9), [Asset(a, \"MainPicture\", 10) for a in (\"pic\", \"snd\", \"ov\")], [ov])\n    p_vf = Package(\"p_vf\", \"Film VF\", NOW - timedelta(days=9), [Asset(a, \"MainSubtitle\", 1) for a in (\"sub\", \"vf\")], [vf])\n    doomed = housekeeping.plan(\"ANT\", Library(\"ANT\", [p_ov, p_vf], 100, 50), Bookings({\"vf\"}), NOW, HousekeepingSettings())\n    assert [d.asset.id for d in doomed] == [\"ov\"]\n",
    })
    rel4131 = repo.commit(utc("2026-12-30 09:45:00"), jonas, "release 4.13.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.13.0"', 'version = "4.13.1"'),
        "reelkeeper/__init__.py": '__version__ = "4.13.1"\n',
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.13.1\n\n- LIB-245 housekeeping keeps the OV assets that a booked VF references\n",
    })
    repo.commit(utc("2026-12-30 10:50:00"), wim, "runbook: restore a composition from a screen server", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nA composition that is incomplete in the library but complete on a screen\n(the library lost assets, e.g. the 30 December housekeeping, LIB-245) is\nrestored with Sitemaster > Library > Export from screen: it copies only\nthe missing assets. Then re-queue the ingest.\n",
    })
    return repo, {"culprit": culprit, "rel4120": rel4120, "rel4130": rel4130, "fix": fix, "rel4131": rel4131}


# ---------------------------------------------------------------------------
# the content: films, packages, compositions, assets

GB = 10 ** 9


def urn(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


# token, studio, lab, release, res, aspect, audio, lang, rating, reels, versions, delivered (UTC), 3D
FILMS = [
    ("Northbound", "SBL", "DLX", "20261216", "4K", "S", "51", "EN", "12", 6, ("OV", "SUB"), "2026-12-14 03:10:00", False),
    ("GlassOrchard", "MRD", "ECL", "20261223", "2K", "F", "51", "EN", "12", 6, ("OV", "SUB"), "2026-12-21 02:40:00", False),
    ("Ironclad3", "UPX", "DLX", "20261223", "2K", "S", "71-ATMOS", "EN", "16", 7, ("OV", "SUB", "FR"), "2026-12-21 23:50:00", True),
    ("PipPaperMoon", "LNT", "DLX", "20261223", "2K", "F", "51", "EN", "AL", 5, ("OV", "NL", "FR"), "2026-12-21 04:15:00", False),
    ("DernierHiver", "CNF", "ECL", "20261209", "2K", "F", "51", "FR", "12", 6, ("OV", "SUB"), "2026-12-07 02:20:00", False),
    ("HarbourLights", "MRD", "ECL", "20261202", "2K", "F", "51", "EN", "AL", 6, ("OV", "SUB"), "2026-11-30 03:00:00", False),
    ("Frostline", "SBL", "DLX", "20261125", "2K", "S", "51", "EN", "16", 6, ("OV", "SUB"), "2026-11-23 02:30:00", False),
    ("MidwinterRun", "SBL", "DLX", "20261230", "4K", "S", "71-ATMOS", "EN", "12", 6, ("OV", "SUB"), "2026-12-28 02:30:00", False),
    ("EnfantsPhare", "CNF", "ECL", "20261230", "2K", "F", "51", "FR", "AL", 5, ("OV", "SUB"), "2026-12-28 05:10:00", False),
]
HOLDOVERS = ("Northbound", "GlassOrchard", "Ironclad3", "PipPaperMoon", "DernierHiver", "HarbourLights")
NEW = ("MidwinterRun", "EnfantsPhare")

# what each site books this week and next: (film, version, 3D)
BOOK = {
    "VL": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "SUB", False), ("PipPaperMoon", "NL", False),
           ("MidwinterRun", "SUB", False)],
    "WA": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "FR", False), ("PipPaperMoon", "FR", False),
           ("DernierHiver", "OV", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False)],
    "BX": [("Northbound", "SUB", False), ("Northbound", "OV", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "SUB", False),
           ("Ironclad3", "FR", False), ("PipPaperMoon", "NL", False), ("PipPaperMoon", "FR", False), ("DernierHiver", "OV", False),
           ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False),
           ("EnfantsPhare", "SUB", False)],
    "LU": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "FR", False), ("PipPaperMoon", "FR", False),
           ("DernierHiver", "OV", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False)],
}
EXTRA = {  # per site additions
    "ANT": [("Ironclad3", "SUB", True), ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "GNT": [("Ironclad3", "SUB", True), ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "LEU": [("DernierHiver", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "HAS": [("Ironclad3", "SUB", True)],
    "KRT": [("Ironclad3", "SUB", True)],
    "BXN": [("Ironclad3", "SUB", True)],
    "LGE": [("Ironclad3", "SUB", True), ("HarbourLights", "SUB", False)],
    "CRL": [("Ironclad3", "SUB", True)],
    "LUX": [("Ironclad3", "SUB", True)],
}
# new 3D bookings this week: no screen has the 3D composition yet
NEW_3D = ("KRT",)


class Content:
    """The catalogue as delivered to every site: packages, compositions, assets."""

    def __init__(self, rng):
        self.packages = []      # dicts
        self.comp = {}          # (film, version, 3d) -> composition dict
        self.asset = {}         # id -> dict
        self.ingest_base = {}
        for token, studio, lab, rel, res, aspect, audio, lang, rating, reels, versions, delivered, three_d in FILMS:
            self.ingest_base[token] = utc(delivered)

            def title(ct, langs, terr, kind):
                return f"{token}_{ct}_{aspect}_{langs}_{terr}_{audio}_{res}_{studio}_{rel}_{lab}_SMPTE_{kind}"

            pic_gb = (34.0 if res == "4K" else 18.5) * (1.0 if aspect == "F" else 1.08)
            snd_gb = 1.4 if "ATMOS" in audio else 0.9
            ov_lang = f"{lang}-XX"
            ov = {"id": urn(rng), "film": token, "version": "OV", "assets": [], "comps": []}
            ov["title"] = title("FTR", ov_lang, "INT-" + rating, "OV")
            pic2d = [self._asset(rng, "MainPicture", r, pic_gb * rng.uniform(0.85, 1.12)) for r in range(1, reels + 1)]
            snd = [self._asset(rng, "MainSound", r, snd_gb * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)]
            pic3d = [self._asset(rng, "MainStereoscopicPicture", r, pic_gb * 1.85 * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)] if three_d else []
            ov["assets"] += pic2d + snd + pic3d
            self._comp(rng, ov, token, "OV", False, title("FTR", ov_lang, "INT-" + rating, "OV"), pic2d + snd)
            if three_d:
                self._comp(rng, ov, token, "OV", True, title("FTR-3D", ov_lang, "INT-" + rating, "OV"), pic3d + snd)
            self.packages.append(ov)
            for v in versions[1:]:
                pkg = {"id": urn(rng), "film": token, "version": v, "assets": [], "comps": []}
                if v == "SUB":
                    langs = f"{lang}-NL-FR" if lang == "EN" else "FR-NL"
                    own = [self._asset(rng, "MainSubtitle", r, rng.uniform(0.004, 0.012)) for r in range(1, reels + 1)]
                    refs2d, refs3d = pic2d + snd + own, pic3d + snd + own
                else:
                    langs = f"{v}-XX"
                    own = [self._asset(rng, "MainSound", r, snd_gb * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)]
                    refs2d, refs3d = pic2d + own, pic3d + own
                pkg["assets"] += own
                pkg["title"] = title("FTR", langs, "BE-" + rating, "VF")
                self._comp(rng, pkg, token, v, False, pkg["title"], refs2d)
                if three_d and v == "SUB":
                    self._comp(rng, pkg, token, v, True, title("FTR-3D", langs, "BE-" + rating, "VF"), refs3d)
                self.packages.append(pkg)
        # trailers and the weekly ad reels: one composition, own assets
        self.extras = []
        for name, rel, booked in (("MidwinterRun_TLR-2", "20261118", False), ("EnfantsPhare_TLR", "20261125", False),
                                  ("Ironclad3_TLR-3", "20261104", False), ("Northbound_TLR-2", "20261111", False),
                                  ("Saltmarsh_TLR", "20261216", True), ("TheLongAfternoon_TLR-2", "20261216", True),
                                  ("Kitefighters_TLR", "20261222", True), ("AdReel_ADV-W51", "20261216", False),
                                  ("AdReel_ADV-W52", "20261223", False), ("AdReel_ADV-W53", "20261230", True)):
            pkg = {"id": urn(rng), "film": name, "version": "X", "assets": [], "comps": [], "booked": booked}
            pkg["title"] = f"{name}_F_EN-NL-FR_BE_51_2K_{'ADR' if name.startswith('Ad') else 'DLX'}_{rel}_SMPTE_VF"
            own = [self._asset(rng, "MainPicture", 1, rng.uniform(2.1, 3.4) if not name.startswith("Ad") else rng.uniform(4.5, 6.0)),
                   self._asset(rng, "MainSound", 1, rng.uniform(0.08, 0.2)), self._asset(rng, "MainSubtitle", 1, 0.002)]
            pkg["assets"] += own
            self._comp(rng, pkg, name, "X", False, pkg["title"], own)
            self.ingest_base[name] = utc(f"{rel[:4]}-{rel[4:6]}-{rel[6:]} 02:00:00") - dt.timedelta(days=6)
            self.packages.append(pkg)
            self.extras.append(pkg)

    def _asset(self, rng, kind, reel, gb):
        a = {"id": urn(rng), "kind": kind, "reel": reel, "size": int(gb * GB)}
        self.asset[a["id"]] = a
        return a

    def _comp(self, rng, pkg, film, version, three_d, title, refs):
        cpl_asset = self._asset(rng, "CompositionPlaylist", 0, 0.00004)
        pkg["assets"].append(cpl_asset)
        c = {"id": cpl_asset["id"], "title": title, "film": film, "version": version, "3d": three_d,
             "refs": [a["id"] for a in refs] + [cpl_asset["id"]], "pkg": pkg}
        pkg["comps"].append(c)
        self.comp[(film, version, three_d)] = c


# ---------------------------------------------------------------------------
# the content: films, packages, compositions, assets

GB = 10 ** 9


def urn(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def plain_uuid(rng):
    return urn(rng)[9:]


# token, studio, lab, release, res, aspect, audio, lang, rating, reels, versions, delivered (UTC), 3D, display
FILMS = [
    ("Northbound", "SBL", "DLX", "20261216", "4K", "S", "51", "EN", "12", 6, ("OV", "SUB"), "2026-12-14 03:10:00", False, "Northbound"),
    ("GlassOrchard", "MRD", "ECL", "20261223", "2K", "F", "51", "EN", "12", 6, ("OV", "SUB"), "2026-12-21 02:40:00", False, "The Glass Orchard"),
    ("Ironclad3", "UPX", "DLX", "20261223", "2K", "S", "71-ATMOS", "EN", "16", 7, ("OV", "SUB", "FR"), "2026-12-21 23:50:00", True, "Ironclad 3"),
    ("PipPaperMoon", "LNT", "DLX", "20261223", "2K", "F", "51", "EN", "AL", 5, ("OV", "NL", "FR"), "2026-12-21 04:15:00", False, "Pip and the Paper Moon"),
    ("DernierHiver", "CNF", "ECL", "20261209", "2K", "F", "51", "FR", "12", 6, ("OV", "SUB"), "2026-12-07 02:20:00", False, "Le Dernier Hiver"),
    ("HarbourLights", "MRD", "ECL", "20261202", "2K", "F", "51", "EN", "AL", 6, ("OV", "SUB"), "2026-11-30 03:00:00", False, "Harbour Lights"),
    ("Frostline", "SBL", "DLX", "20261125", "2K", "S", "51", "EN", "16", 6, ("OV", "SUB"), "2026-11-23 02:30:00", False, "Frostline"),
    ("MidwinterRun", "SBL", "DLX", "20261230", "4K", "S", "71-ATMOS", "EN", "12", 6, ("OV", "SUB"), "2026-12-28 02:30:00", False, "Midwinter Run"),
    ("EnfantsPhare", "CNF", "ECL", "20261230", "2K", "F", "51", "FR", "AL", 5, ("OV", "SUB"), "2026-12-28 05:10:00", False, "Les Enfants du Phare"),
]
DISPLAY = {f[0]: f[13] for f in FILMS}
NEW = ("MidwinterRun", "EnfantsPhare")
VERSION_LABEL = {"OV": "OV", "SUB": "VF", "NL": "NL", "FR": "FR", "X": ""}

# what each site books this week and next: (film, version, 3D)
BOOK = {
    "VL": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "SUB", False), ("PipPaperMoon", "NL", False),
           ("MidwinterRun", "SUB", False)],
    "WA": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "FR", False), ("PipPaperMoon", "FR", False),
           ("DernierHiver", "OV", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False)],
    "BX": [("Northbound", "SUB", False), ("Northbound", "OV", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "SUB", False),
           ("Ironclad3", "FR", False), ("PipPaperMoon", "NL", False), ("PipPaperMoon", "FR", False), ("DernierHiver", "OV", False),
           ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False),
           ("EnfantsPhare", "SUB", False)],
    "LU": [("Northbound", "SUB", False), ("GlassOrchard", "SUB", False), ("Ironclad3", "FR", False), ("PipPaperMoon", "FR", False),
           ("DernierHiver", "OV", False), ("MidwinterRun", "SUB", False), ("EnfantsPhare", "OV", False)],
}
EXTRA = {
    "ANT": [("Ironclad3", "SUB", True), ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "GNT": [("Ironclad3", "SUB", True), ("DernierHiver", "SUB", False), ("HarbourLights", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "LEU": [("DernierHiver", "SUB", False), ("EnfantsPhare", "SUB", False)],
    "HAS": [("Ironclad3", "SUB", True)],
    "KRT": [("Ironclad3", "SUB", True)],
    "BXN": [("Ironclad3", "SUB", True)],
    "LGE": [("Ironclad3", "SUB", True), ("HarbourLights", "SUB", False)],
    "CRL": [("Ironclad3", "SUB", True)],
    "LUX": [("Ironclad3", "SUB", True)],
}
NEW_3D = ("KRT",)   # Kortrijk's 3D shows start this week: no screen has the 3D yet
DUTY = {"ANT": "ant.duty", "GNT": "gnt.duty", "BRG": "brg.duty", "LEU": "leu.duty", "HAS": "has.duty", "KRT": "krt.duty",
        "BXN": "bxn.duty", "LGE": "lge.duty", "NAM": "nam.duty", "CRL": "crl.duty", "MON": "mon.duty", "LUX": "lux.duty"}


class Content:
    """The catalogue as delivered to every site."""

    def __init__(self, rng):
        self.packages = []
        self.comp = {}
        self.asset = {}
        self.base = {}
        for token, studio, lab, rel, res, aspect, audio, lang, rating, reels, versions, delivered, three_d, _ in FILMS:
            self.base[token] = utc(delivered)

            def title(ct, langs, terr, kind):
                return f"{token}_{ct}_{aspect}_{langs}_{terr}_{audio}_{res}_{studio}_{rel}_{lab}_SMPTE_{kind}"

            pic_gb = (34.0 if res == "4K" else 18.5) * (1.0 if aspect == "F" else 1.08)
            snd_gb = 1.4 if "ATMOS" in audio else 0.9
            ov = self._pkg(rng, token, "OV", title("FTR", f"{lang}-XX", "INT-" + rating, "OV"))
            pic2d = [self._asset(rng, ov, "MainPicture", r, pic_gb * rng.uniform(0.85, 1.12)) for r in range(1, reels + 1)]
            snd = [self._asset(rng, ov, "MainSound", r, snd_gb * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)]
            pic3d = [self._asset(rng, ov, "MainStereoscopicPicture", r, pic_gb * 1.85 * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)] if three_d else []
            self._comp(rng, ov, "OV", False, ov["title"], pic2d + snd)
            if three_d:
                self._comp(rng, ov, "OV", True, title("FTR-3D", f"{lang}-XX", "INT-" + rating, "OV"), pic3d + snd)
            for v in versions[1:]:
                langs = (f"{lang}-NL-FR" if lang == "EN" else "FR-NL") if v == "SUB" else f"{v}-XX"
                pkg = self._pkg(rng, token, v, title("FTR", langs, "BE-" + rating, "VF"))
                if v == "SUB":
                    own = [self._asset(rng, pkg, "MainSubtitle", r, rng.uniform(0.004, 0.012)) for r in range(1, reels + 1)]
                    refs2d, refs3d = pic2d + snd + own, pic3d + snd + own
                else:
                    own = [self._asset(rng, pkg, "MainSound", r, snd_gb * rng.uniform(0.9, 1.1)) for r in range(1, reels + 1)]
                    refs2d, refs3d = pic2d + own, pic3d + own
                self._comp(rng, pkg, v, False, pkg["title"], refs2d)
                if three_d and v == "SUB":
                    self._comp(rng, pkg, v, True, title("FTR-3D", langs, "BE-" + rating, "VF"), refs3d)
        self.extras = []
        for name, rel, booked_until in (("MidwinterRun_TLR-2", "20261118", None), ("EnfantsPhare_TLR", "20261125", None),
                                        ("Ironclad3_TLR-3", "20261104", None), ("Northbound_TLR-2", "20261111", None),
                                        ("Saltmarsh_TLR", "20261216", "later"), ("TheLongAfternoon_TLR-2", "20261216", "later"),
                                        ("Kitefighters_TLR", "20261222", "later"), ("AdReel-W51_ADV", "20261216", None),
                                        ("AdReel-W52_ADV", "20261223", "tuesday"), ("AdReel-W53_ADV", "20261230", "later")):
            pkg = self._pkg(rng, name, "X", f"{name}_F_NL-FR_BE_51_2K_{'ADR' if name.startswith('Ad') else 'DLX'}_{rel}_SMPTE")
            pkg["booked_until"] = booked_until
            big = name.startswith("Ad")
            own = [self._asset(rng, pkg, "MainPicture", 1, rng.uniform(4.5, 6.0) if big else rng.uniform(2.1, 3.4)),
                   self._asset(rng, pkg, "MainSound", 1, rng.uniform(0.08, 0.2)), self._asset(rng, pkg, "MainSubtitle", 1, 0.002)]
            self._comp(rng, pkg, "X", False, pkg["title"], own)
            self.base[name] = utc(f"{rel[:4]}-{rel[4:6]}-{rel[6:]} 02:00:00") - dt.timedelta(days=6)
            self.extras.append(pkg)

    def _pkg(self, rng, film, version, title):
        pkg = {"id": urn(rng), "film": film, "version": version, "title": title, "assets": [], "comps": []}
        self.packages.append(pkg)
        return pkg

    def _asset(self, rng, pkg, kind, reel, gb):
        a = {"id": urn(rng), "kind": kind, "reel": reel, "size": int(gb * GB), "pkg": pkg}
        self.asset[a["id"]] = a
        pkg["assets"].append(a)
        return a

    def _comp(self, rng, pkg, version, three_d, title, refs):
        cpl = self._asset(rng, pkg, "CompositionPlaylist", 0, 0.00004)
        c = {"id": cpl["id"], "title": title, "film": pkg["film"], "version": version, "3d": three_d,
             "refs": [a["id"] for a in refs] + [cpl["id"]], "pkg": pkg}
        pkg["comps"].append(c)
        self.comp[(pkg["film"], version, three_d)] = c


def human(n):
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def spl_name(c, local_start):
    if c["version"] == "X":
        return c["film"]
    return f"{DISPLAY[c['film']]} {'3D ' if c['3d'] else ''}{VERSION_LABEL[c['version']]} {local_start.strftime('%H:%M')}"


def mmss(seconds):
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


class Site:
    """One site's library over time: what is present, as the purge deletes and
    the restores bring back."""

    def __init__(self, code, screens, cap_tb, s3d, region):
        self.code, self.screens, self.cap, self.s3d, self.region = code, screens, cap_tb * 1e12, s3d, region
        self.entries = []    # (package, ingested)
        self.initial = {}    # asset id -> None (ordered)
        self.changes = []    # (t, +1/-1, [asset ids])
        self.booked = []     # compositions booked this week and next
        self.base_used = 0
        self.other_pkgs = 0
        self.other_comps = 0

    def present_at(self, t):
        present = dict(self.initial)
        for when, op, ids in self.changes:
            if when > t:
                continue
            for a in ids:
                if op < 0:
                    present.pop(a, None)
                else:
                    present[a] = None
        return present

    def state_at(self, t, content):
        present = self.present_at(t)
        pkgs = [p for p, _ in self.entries if any(a["id"] in present for a in p["assets"])]
        comps = [c for p in pkgs for c in p["comps"] if c["id"] in present]
        incomplete = [c for c in comps if any(r not in present for r in c["refs"])]
        used = self.base_used + sum(content.asset[a]["size"] for a in present)
        return [None] * self.other_pkgs + pkgs, [None] * self.other_comps + comps, incomplete, used, present


def build_world(rng):
    content = Content(rng)
    sites = {}
    for code, name, screens, region, cap_tb, s3d in SITES:
        s = Site(code, screens, cap_tb, s3d, region)
        keys = BOOK[region] + EXTRA.get(code, [])
        s.booked = [content.comp[k] for k in keys] + [p["comps"][0] for p in content.extras if p["booked_until"] == "later"]
        booked_tue = s.booked + [p["comps"][0] for p in content.extras if p["booked_until"] == "tuesday"]
        for pkg in content.packages:
            s.entries.append((pkg, content.base[pkg["film"]] + dt.timedelta(minutes=rng.randint(0, 360))))
        # Tuesday's run, before 4.12.0: whole packages, none booked, not referenced by another package
        tue = utc("2026-12-29 01:30:00")
        present = {a["id"]: None for p, _ in s.entries for a in p["assets"]}
        bset = [c["id"] for c in booked_tue]
        doomed = []
        for pkg, ing in s.entries:
            if tue - ing < dt.timedelta(days=7):
                continue
            if any(c["id"] in bset for c in pkg["comps"]):
                continue
            own = [c["id"] for c in pkg["comps"]]
            ids = [a["id"] for a in pkg["assets"]]
            if any(a in c["refs"] for p2, _ in s.entries if p2 is not pkg for c in p2["comps"] if c["id"] not in own and c["id"] in present for a in ids):
                continue
            doomed.append(pkg)
        for pkg in doomed:
            for a in pkg["assets"]:
                present.pop(a["id"], None)
        s.initial = present
        peak = sum(a["size"] for p, ing in s.entries if ing < tue for a in p["assets"])
        s.base_used = s.cap * rng.uniform(0.962, 0.976) - peak
        s.other_pkgs = rng.randint(140, 260)
        s.other_comps = s.other_pkgs + rng.randint(20, 60)
        sites[code] = s
    return content, sites


def plan_purge(site, content):
    """4.12.0's plan at 01:30 on Wednesday: per asset, references of the package's own booked compositions."""
    present = site.present_at(PURGE)
    bset = [c["id"] for c in site.booked]
    doomed = []
    for pkg, ing in site.entries:
        if PURGE - ing < dt.timedelta(days=7):
            continue
        keep = [r for c in pkg["comps"] if c["id"] in bset for r in c["refs"]]
        for a in pkg["assets"]:
            if a["id"] in present and a["id"] not in keep:
                doomed.append((pkg, a))
    return doomed


def allocate(rng, site):
    """Screens for this week's compositions, and the screens that had each last week."""
    alloc, had = [], {}
    comps = [c for c in site.booked if c["version"] != "X"]
    free2d = [s for s in range(1, site.screens + 1) if s not in site.s3d]
    rng.shuffle(free2d)
    for c in comps:
        if c["3d"]:
            scr = [site.s3d[0]]
            prev = [] if site.code in NEW_3D else [site.s3d[-1]]
        elif c["film"] in NEW:
            n = 2 if len(free2d) > 5 else 1
            scr = [free2d.pop() for _ in range(n)] if free2d else [rng.randint(1, site.screens)]
            prev = []
        else:
            n = 1 if c["version"] == "OV" or rng.random() < 0.55 else 2
            scr = [free2d.pop() for _ in range(min(n, len(free2d)))] or [rng.choice([s for s in range(1, site.screens + 1) if s not in site.s3d])]
            prev = []
            for s in scr:
                if rng.random() < 0.45:
                    prev.append(s)           # stays on its screen
                else:
                    prev.append(rng.choice([x for x in range(1, site.screens + 1) if x != s and x not in site.s3d]))
        for s in scr:
            alloc.append((s, c))
        had[c["id"]] = sorted(set(prev))
    return alloc, had


def simulate(rng, content, sites):
    """Wednesday at every site: the purge, the auto-ingest, the restores, the shows."""
    sim = {}
    for code, s in sites.items():
        r = {"purge": [], "alloc": [], "had": {}, "jobs": [], "shows": [], "late": [], "exports": [], "redelivery": None}
        # the purge
        t = PURGE
        for pkg, a in plan_purge(s, content):
            r["purge"].append((pkg, a))
        alloc, had = allocate(rng, s)
        r["alloc"], r["had"] = alloc, had
        sim[code] = r
    # times of the purge (sites one after the other), applied to the libraries
    t = PURGE + dt.timedelta(seconds=rng.uniform(1.2, 2.0))
    for code, s in sites.items():
        t += dt.timedelta(seconds=rng.uniform(1.0, 2.5))
        timed = []
        for pkg, a in sim[code]["purge"]:
            t += dt.timedelta(seconds=rng.uniform(0.05, 0.2) if a["kind"] in ("MainSubtitle", "CompositionPlaylist") else rng.uniform(0.2, 0.9))
            timed.append((t, pkg, a))
            s.changes.append((t, -1, [a["id"]]))
        sim[code]["purge"] = timed
        t += dt.timedelta(seconds=rng.uniform(0.3, 0.8))
        sim[code]["purge_done"] = t
    # the auto-ingest at 08:00 local, two transfers at a time per site
    for code, s in sites.items():
        r = sim[code]
        seq = [0]
        jobs = []
        job_base = rng.randint(60000, 90000)

        def job(ready, kind, c, screen, attempt=1, by=None, src=None):
            seq[0] += 1
            jobs.append({"ready": ready, "seq": seq[0], "no": job_base + seq[0], "kind": kind, "c": c, "screen": screen, "attempt": attempt, "by": by, "src": src})

        start = INGEST + dt.timedelta(seconds=rng.uniform(2, 40))
        r["ingest_start"] = start
        ads = [p for p in content.extras if p["film"] == "AdReel-W53_ADV"][0]["comps"][0]
        for scr in range(1, s.screens + 1):
            job(start, "ingest", ads, scr)
        first_show = {}
        for scr, c in r["alloc"]:
            first_show.setdefault(scr, rng.choice([10, 10.25, 10.5, 10.75, 11, 11.25, 11.5, 12]))
        need = [(scr, c) for scr, c in r["alloc"] if scr not in r["had"][c["id"]]]
        need.sort(key=lambda x: first_show[x[0]])
        for scr, c in need:
            job(start, "ingest", c, scr)
        r["first_show"] = first_show
        slots = [start, start + dt.timedelta(seconds=1)]
        on_screen = {}   # (screen, comp id) -> time available
        failed_allocs = {}   # comp id -> [screens]
        exported = {}
        while jobs:
            i = min(range(2), key=lambda k: slots[k])
            j = min(jobs, key=lambda x: (max(x["ready"], slots[i]), x["seq"]))
            jobs.remove(j)
            begin = max(j["ready"], slots[i]) + dt.timedelta(seconds=rng.uniform(0.3, 2.0))
            j["begin"] = begin
            c = j["c"]
            present = s.present_at(begin)
            if j["kind"] == "ingest":
                missing = [x for x in c["refs"] if x not in present]
                if missing:
                    end = begin + dt.timedelta(seconds=rng.uniform(1.5, 3.5))
                    j.update(result="failed", end=end, missing=missing)
                    failed_allocs.setdefault(c["id"], [])
                    if j["screen"] not in failed_allocs[c["id"]]:
                        failed_allocs[c["id"]].append(j["screen"])
                    if isinstance(j["attempt"], int) and j["attempt"] < 3 and end < RESTORE - dt.timedelta(minutes=30):
                        nxt = end + dt.timedelta(minutes=30)
                        j["retry_at"] = nxt
                        job(nxt, "ingest", c, j["screen"], j["attempt"] + 1)
                    elif isinstance(j["attempt"], int):
                        j["abandoned"] = True
                else:
                    size = sum(content.asset[x]["size"] for x in c["refs"])
                    secs = 6 + size / (rng.uniform(110, 140) * 1e6)
                    end = begin + dt.timedelta(seconds=secs)
                    j.update(result="complete", end=end, size=size, secs=secs)
                    on_screen[(j["screen"], c["id"])] = end
            else:  # export from a screen server back to the library
                missing = [x for x in c["refs"] if x not in present]
                size = sum(content.asset[x]["size"] for x in missing)
                secs = 5 + size / (rng.uniform(92, 118) * 1e6)
                end = begin + dt.timedelta(seconds=secs)
                j.update(result="complete", end=end, size=size, secs=secs, missing=missing)
                s.changes.append((end, +1, missing))
                for scr in failed_allocs.get(c["id"], []):
                    job(end + dt.timedelta(seconds=rng.uniform(50, 260)), "ingest", c, scr, attempt="manual", by=DUTY[code])
            slots[i] = end
            r["jobs"].append(j)
            # the restores, once the team knows: queued at each site from RESTORE
            if not exported and slots[i] >= RESTORE - dt.timedelta(minutes=1) and all(x["ready"] >= RESTORE for x in jobs):
                pass
            if not jobs and not exported:
                exported["queued"] = True
                t0 = RESTORE + dt.timedelta(minutes=rng.uniform(0, 14))
                for cid, scrs in failed_allocs.items():
                    cc = next(cc for cc in s.booked if cc["id"] == cid)
                    src = r["had"].get(cid) or []
                    if src:
                        job(t0, "export", cc, None, attempt="export", by=DUTY[code], src=src[0])
                        t0 += dt.timedelta(seconds=rng.uniform(20, 90))
                    else:
                        r["redelivery"] = {"c": cc, "screens": scrs, "requested": RESTORE + dt.timedelta(minutes=9, seconds=rng.randint(0, 50))}
        r["on_screen"] = on_screen
        r["failed_allocs"] = failed_allocs
        slots_max = max(slots)
        # Kortrijk's 3D: Deliverix redelivers the OV package
        rd = r["redelivery"]
        if rd:
            c = rd["c"]
            missing = [x for x in c["refs"] if x not in s.present_at(rd["requested"])]
            ov = content.asset[missing[0]]["pkg"]
            size = sum(a["size"] for a in ov["assets"])
            rd.update(ov=ov, size=size, started=rd["requested"] + dt.timedelta(minutes=6, seconds=12),
                      complete=rd["requested"] + dt.timedelta(minutes=6, seconds=12) + dt.timedelta(seconds=size / 61e6))
            rd["handover"] = rd["complete"] + dt.timedelta(seconds=40)
            rd["in_library"] = rd["handover"] + dt.timedelta(seconds=size / 420e6)
            s.changes.append((rd["in_library"], +1, [a["id"] for a in ov["assets"]]))
            rd["reingest"] = []
            t = rd["in_library"] + dt.timedelta(minutes=2, seconds=10)
            for scr in rd["screens"]:
                seq[0] += 1
                job_no = job_base + seq[0]
                size_c = sum(content.asset[x]["size"] for x in c["refs"])
                secs = 6 + size_c / 125e6
                rd["reingest"].append({"no": job_no, "screen": scr, "begin": t, "end": t + dt.timedelta(seconds=secs), "size": size_c, "secs": secs})
                on_screen[(scr, c["id"])] = t + dt.timedelta(seconds=secs)
        # shows this morning
        show_no = rng.randint(40000, 90000)
        by_screen = {}
        for scr, c in r["alloc"]:
            by_screen.setdefault(scr, []).append(c)
        for scr in sorted(by_screen):
            comps = sorted(by_screen[scr], key=lambda c: 0 if c["film"] == "PipPaperMoon" else 1)
            hour = r["first_show"][scr]
            local = dt.datetime(2026, 12, 30, int(hour), int(round((hour % 1) * 60)), tzinfo=dt.timezone.utc)
            when = local - dt.timedelta(hours=1)
            k = 0
            while when < END:
                c = comps[k % len(comps)]
                show_no += 1
                avail = scr in r["had"][c["id"]] or ((scr, c["id"]) in on_screen and on_screen[(scr, c["id"])] <= when - dt.timedelta(minutes=2))
                r["shows"].append({"no": show_no, "screen": scr, "c": c, "t": when, "local": local, "ok": avail})
                k += 1
                step = dt.timedelta(minutes=rng.choice([150, 155, 160, 165, 170]))
                when += step
                local += step
        # last night's late shows ending
        late_no = show_no - rng.randint(700, 900)
        for scr in range(1, s.screens + 1):
            if rng.random() < 0.6:
                late_no += 1
                end = START + dt.timedelta(seconds=rng.uniform(20, 3000))
                played = [c for c in s.booked if c["version"] != "X" and c["film"] not in NEW and scr in r["had"][c["id"]]]
                c = played[0] if played else rng.choice([c for c in s.booked if c["version"] != "X" and c["film"] not in NEW and not c["3d"]])
                begin_local = end + dt.timedelta(hours=1) - dt.timedelta(minutes=rng.uniform(128, 158))
                begin_local = begin_local.replace(minute=begin_local.minute - begin_local.minute % 15, second=0, microsecond=0)
                r["late"].append({"no": late_no, "screen": scr, "c": c, "end": end, "local": begin_local})
    return sim


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_logs(rng, shas, content, sites, sim):
    worker, api, tms, dlx, jenkins, slack, tickets = (
        Log("reelkeeper-worker.log"), Log("reelkeeper-api.log"), Log("sitemaster-tms.log"), Log("deliverix-events.log"),
        Log("jenkins-deploy.log"), Log("slack-projection-ops.log"), Log("servicedesk-tickets.log"))
    stats = {"events": []}
    deploys = [(DEPLOY_4130, "4.13.0", shas["rel4130"]), (ROLLBACK, "4.12.0", shas["rel4120"]), (DEPLOY_4131, "4.13.1", shas["rel4131"])]

    def version(t):
        v = "4.12.0"
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

    def task(t, name, body, runtime=None, proc=None):
        i = plain_uuid(rng)
        proc = proc or f"ForkPoolWorker-{rng.randint(1, 4)}"
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

    def event(t, code, etype, level_warn=None, **fields):
        """A TMS event posted to reelkeeper."""
        t = t + dt.timedelta(milliseconds=rng.randint(30, 400))
        if down(t):
            return
        access(t, site_ip[code], "POST", f"/api/v1/sites/{code}/events", 204)
        stats["events"].append((t, etype))
        if etype == "ingest_failed" and version(t) != "4.12.0":
            alog(t, "warning", "reelkeeper.api.events", "TMS reports ingest job failed", site=code, **fields)

    # ---- deploys: Jenkins, worker and API restarts
    for at, ver, sha in deploys:
        user = "Jonas Peeters"
        jl = [(-31.0, "Started by user " + user), (-30.8, "Running on rk-app-01 in /var/lib/jenkins/workspace/reelkeeper-deploy"),
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
    t = utc("2026-12-30 02:00:00")
    for off, text in [(0, "Started by timer"), (0.3, "Running on rk-app-01 in /var/lib/jenkins/workspace/reelkeeper-db-backup"),
                      (0.6, "+ pg_dump -Fc -h db-01.orbis.lan reelkeeper -f /backup/reelkeeper-20261230.dump"),
                      (41.8, "+ rclone copy /backup/reelkeeper-20261230.dump s3:orbis-backups/reelkeeper/"),
                      (58.2, "Transferred: 612.4 MiB / 612.4 MiB, 100%"), (58.9, "Finished: SUCCESS")]:
        tt = t + dt.timedelta(seconds=off)
        jenkins.add(tt, f"[{iso_ms(tt)}] {text}")

    # ---- library sync every 15 minutes
    t = START
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(1, 40))
        if not down(tt):
            wlog(tt, "INFO", "Beat", "Scheduler: Sending due task library-sync (reelkeeper.library.tasks.sync_all)")
            task(tt + dt.timedelta(milliseconds=5), "reelkeeper.library.tasks.sync_all", [], runtime=rng.uniform(0.02, 0.06))
            t2 = tt + dt.timedelta(milliseconds=90)
            for code, s in sites.items():
                t2 += dt.timedelta(milliseconds=rng.randint(20, 250))
                pkgs, comps, incomplete, used, _ = s.state_at(t2, content)
                rt = rng.uniform(0.6, 2.6)
                task(t2, "reelkeeper.library.tasks.sync_site",
                     [(rt - 0.04, "INFO", f"library sync {code}: {len(pkgs)} packages, {len(comps)} compositions ({len(incomplete)} incomplete), {human(used)} of {human(s.cap)} used")],
                     runtime=rt)
        t += dt.timedelta(minutes=15)

    # ---- the housekeeping at 01:30
    wlog(PURGE + dt.timedelta(milliseconds=11), "INFO", "Beat", "Scheduler: Sending due task housekeeping (reelkeeper.library.tasks.housekeeping)")
    hid = plain_uuid(rng)
    hname = f"reelkeeper.library.tasks.housekeeping[{hid}]"
    wlog(PURGE + dt.timedelta(milliseconds=19), "INFO", "MainProcess", f"Task reelkeeper.library.tasks.housekeeping[{hid}] received")
    last = PURGE
    stats["deleted"] = {}
    for code, s in sites.items():
        r = sim[code]
        freed = 0
        per_pkg = {}
        for t, pkg, a in r["purge"]:
            wlog(t, "INFO", "ForkPoolWorker-3", f"{hname}: {code}: deleting asset {a['id']} ({a['kind']}, {human(a['size'])}) of package {pkg['id']} '{pkg['title']}': no booked composition references it")
            tlog(t + dt.timedelta(milliseconds=rng.randint(60, 280)), code, f"library: asset {a['id']} deleted (api user reelkeeper)")
            freed += a["size"]
            per_pkg.setdefault(pkg["id"], []).append(a["id"])
        emptied = 0
        t = r["purge_done"] - dt.timedelta(seconds=0.25)
        before = s.present_at(PURGE)
        for pkg, _ in s.entries:
            ids = [a["id"] for a in pkg["assets"] if a["id"] in before]
            if ids and pkg["id"] in per_pkg and len(per_pkg[pkg["id"]]) == len(ids):
                emptied += 1
                t += dt.timedelta(milliseconds=rng.randint(20, 60))
                tlog(t, code, f"library: package {pkg['id']} removed (api user reelkeeper)")
        wlog(r["purge_done"], "INFO", "ForkPoolWorker-3", f"{hname}: {code}: housekeeping done: {len(r['purge'])} assets deleted, {emptied} packages emptied and removed, {human(freed)} freed")
        stats["deleted"][code] = (len(r["purge"]), freed)
        last = r["purge_done"]
    rt = (last - PURGE).total_seconds() + 0.2
    wlog(last + dt.timedelta(milliseconds=200), "INFO", "ForkPoolWorker-3", f"Task reelkeeper.library.tasks.housekeeping[{hid}] succeeded in {rt:.3f}s: None")
    stats["purge_end"] = last

    # ---- the KDM mailbox every five minutes; KDM extensions arrive in the night
    batches = [
        (utc("2026-12-30 02:12:40"), "kdm@keys.sablepictures.example", "KDM NORTHBOUND week 4 (06.01-12.01) Orbis Cinemas", "Northbound", "2027-01-06T00:00:00+01:00", "2027-01-12T23:59:00+01:00"),
        (utc("2026-12-30 03:41:05"), "keys@lanternfilms.example", "KDMs Pip and the Paper Moon NL/FR - extension", "PipPaperMoon", "2027-01-06T00:00:00+01:00", "2027-01-19T23:59:00+01:00"),
        (utc("2026-12-30 05:22:30"), "kdm-delivery@upx.example", "IRONCLAD 3 KDM Extension BE/LU W02", "Ironclad3", "2027-01-06T00:00:00+01:00", "2027-01-12T23:59:00+01:00"),
        (utc("2026-12-30 09:48:10"), "kdm@keys.sablepictures.example", "KDM MIDWINTER RUN New Year's Eve late shows", "MidwinterRun", "2026-12-31T00:00:00+01:00", "2027-01-01T04:00:00+01:00"),
    ]
    t = START
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(1, 30))
        if not down(tt):
            wlog(tt, "INFO", "Beat", "Scheduler: Sending due task kdm-mailbox (reelkeeper.kdm.tasks.fetch_mailbox)")
            due = [b for b in batches if t - dt.timedelta(minutes=5) < b[0] <= t]
            if not due:
                task(tt + dt.timedelta(milliseconds=20), "reelkeeper.kdm.tasks.fetch_mailbox", [(rng.uniform(0.3, 0.9), "INFO", "kdm mailbox: 0 new messages")])
            else:
                body, off = [(0.4, "INFO", f"kdm mailbox: {len(due)} new message")], 0.5
                for _, sender, subject, film, nb, na in due:
                    routed = []
                    for code, s in sites.items():
                        for scr, c in sim[code]["alloc"]:
                            if c["film"] == film and c["version"] != "OV":
                                routed.append((code, scr, c))
                    body.append((off, "INFO", f"kdm mailbox: message from {sender} '{subject}': {len(routed)} KDMs in 1 ZIP"))
                    per = {}
                    for code, scr, c in routed:
                        off += rng.uniform(0.03, 0.12)
                        body.append((off, "INFO", f"KDM {urn(rng)} for {c['id']} '{c['title']}' -> {code}-{scr:02d} valid {nb}..{na}, queued for tms-{code.lower()}"))
                        per[code] = per.get(code, 0) + 1
                    for code, n in per.items():
                        off += rng.uniform(0.1, 0.3)
                        body.append((off, "INFO", f"{code}: {n} KDMs pushed to tms-{code.lower()} (1 batch)"))
                        tlog(tt + dt.timedelta(seconds=off + rng.uniform(0.3, 1.2)), code, f"kdm: {n} KDMs imported from reelkeeper ({DISPLAY[film]}), all valid for this site's devices")
                task(tt + dt.timedelta(milliseconds=20), "reelkeeper.kdm.tasks.fetch_mailbox", body)
        t += dt.timedelta(minutes=5)

    # ---- the schedule push at 05:30 local
    wlog(PUSH + dt.timedelta(milliseconds=9), "INFO", "Beat", "Scheduler: Sending due task schedule-push (reelkeeper.schedule.tasks.push_all)")
    body, off = [], 0.8
    for code, s in sites.items():
        r = sim[code]
        off += rng.uniform(1.2, 3.5)
        n_shows = s.screens * 7 * rng.randint(4, 5) + rng.randint(0, 9)
        comps = len({c["id"] for _, c in r["alloc"]}) + 4
        imp = rng.randint(5000, 9000)
        body.append((off, "INFO", f"schedule {code} 2026-12-30..2027-01-05: {n_shows} shows on {s.screens} screens ({comps} compositions) pushed, TMS import {imp} accepted"))
        tt = PUSH + dt.timedelta(seconds=off - 0.4)
        tlog(tt, code, f"schedule: import {imp} from reelkeeper: 2026-12-30..2027-01-05, {n_shows} shows on {s.screens} screens, {comps} compositions, 0 errors")
        firsts = [j for j in r["jobs"] if j["attempt"] == 1]
        tlog(tt + dt.timedelta(milliseconds=300), code, f"schedule: auto-ingest at 08:00 planned, {len(firsts)} jobs for {len({j['c']['id'] for j in firsts})} compositions")
    task(PUSH + dt.timedelta(milliseconds=20), "reelkeeper.schedule.tasks.push_all", body)

    # ---- Deliverix: trailers for January in the night, a hash mismatch at Kortrijk, the redelivery
    boxes = {code: f"DXB-BE-{k * 7 + 104:04d}" if code != "LUX" else "DXB-LU-0012" for k, code in enumerate(sites)}
    trailers = [("Saltmarsh_TLR-2_F_NL-FR_BE_51_2K_DLX_20261230_SMPTE", 2.7), ("Kitefighters_TLR-2_S_NL-FR_BE_51_2K_DLX_20261230_SMPTE", 3.1),
                ("HollowCrown_TLR_S_NL-FR_BE_71_2K_DLX_20261230_SMPTE", 2.9)]
    dl_no = 26120400

    def devent(t, code, ev, **f):
        if START <= t < END:
            body = {"time": iso_ms(t), "event": ev, "site": f"ORB-{code}", "box": boxes[code]}
            body.update(f)
            dlx.add(t, json.dumps(body, separators=(",", ":")))
            access(t + dt.timedelta(milliseconds=rng.randint(80, 400)), "185.42.116.20", "POST", "/api/v1/deliveries/notify", 202)

    for k, (title, gb) in enumerate(trailers):
        pid_ = urn(rng)
        for code in sites:
            dl_no += 1
            t0 = utc("2026-12-30 01:05:00") + dt.timedelta(minutes=55 * k + rng.uniform(0, 40))
            size = int(gb * GB * rng.uniform(0.98, 1.02))
            devent(t0, code, "delivery.transfer_started", delivery=f"DLV-{dl_no}", package={"id": pid_, "title": title}, bytes=size)
            t1 = t0 + dt.timedelta(seconds=size / rng.uniform(30e6, 60e6))
            if code == "KRT" and k == 1:
                devent(t1, code, "delivery.verify_failed", delivery=f"DLV-{dl_no}", package={"id": pid_, "title": title}, detail="hash mismatch on 1 of 3 assets (MainPicture), retransmitting")
                t1 += dt.timedelta(minutes=21, seconds=rng.randint(0, 50))
            devent(t1, code, "delivery.transfer_complete", delivery=f"DLV-{dl_no}", package={"id": pid_, "title": title}, bytes=size, verified=True)
            th = t1 + dt.timedelta(seconds=rng.uniform(20, 90))
            devent(th, code, "delivery.handover", delivery=f"DLV-{dl_no}", package={"id": pid_, "title": title}, target=f"tms-{code.lower()}")
            task(th + dt.timedelta(seconds=0.6), "reelkeeper.delivery.tasks.on_notify",
                 [(0.3, "INFO", f"delivery DLV-{dl_no} to {code}: package {pid_} '{title}' handed over ({human(size)}), LMS ingest requested")])
            tlog(th + dt.timedelta(seconds=size / 300e6 + 3), code, f"library: package {pid_} '{title}' ingested from delivery box {boxes[code]} (3 assets, {human(size)}), hash check passed")
            if code == "KRT" and k == 1:
                stats["krt_hash"] = t1

    # ---- the TMSs: heartbeats, monitor, late shows, auto-ingest, restores, shows
    for code, s in sites.items():
        r = sim[code]
        t = START + dt.timedelta(seconds=rng.uniform(0, 299))
        while t < END:
            pkgs, comps, incomplete, used, _ = s.state_at(t, content)
            alarms = len([j for j in r["jobs"] if j.get("abandoned") and j["end"] <= t]) + (1 if rng.random() < 0.03 else 0)
            tlog(t, code, f"monitor: {s.screens}/{s.screens} screens online, {alarms} alarms, library {100 * used / s.cap:.0f}% used ({human(used)} of {human(s.cap)})")
            access(t + dt.timedelta(milliseconds=rng.randint(100, 900)), site_ip[code], "POST", f"/api/v1/sites/{code}/heartbeat", 204) if not down(t) else None
            t += dt.timedelta(minutes=5)
        for sh in r["late"]:
            tlog(sh["end"], code, f"playback: screen {sh['screen']:02d} show {sh['no']} '{spl_name(sh['c'], sh['local'])}' ended")
            event(sh["end"], code, "show_ended")
        # routine screen events
        t = START
        while True:
            t += dt.timedelta(seconds=rng.expovariate(1 / 1500))
            if t >= END:
                break
            scr = rng.randint(1, s.screens)
            kind = rng.random()
            if kind < 0.4:
                tlog(t, code, f"projector: screen {scr:02d} laser light source {rng.randint(61, 97)}% of rated output, {rng.randint(2100, 19800)} h")
            elif kind < 0.7:
                tlog(t, code, f"imb: screen {scr:02d} secure clock check ok (offset {rng.uniform(-2.0, 2.0):+.1f} s)")
            elif kind < 0.85:
                tlog(t, code, f"storage: screen {scr:02d} server RAID ok, {rng.randint(38, 81)}% used")
            else:
                tlog(t, code, f"imb: screen {scr:02d} security log collected ({rng.randint(40, 400)} records)")
        # auto-ingest
        firsts = sorted([j for j in r["jobs"] if j["attempt"] == 1], key=lambda x: x["no"])
        tlog(r["ingest_start"], code, f"ingest: auto-ingest for 2026-12-30 started, {len(firsts)} jobs")
        for k, j in enumerate(firsts):
            c = j["c"]
            tlog(r["ingest_start"] + dt.timedelta(milliseconds=40 + 12 * k), code, f"ingest: job {j['no']} queued: {c['id']} '{c['title']}' library -> screen {j['screen']:02d}")
        for j in sorted(r["jobs"], key=lambda x: x["begin"]):
            c = j["c"]
            if j["kind"] == "export":
                q = j["ready"]
                tlog(q, code, f"ingest: job {j['no']} queued by {j['by']}: export {c['id']} '{c['title']}' screen {j['src']:02d} -> library (missing assets only)")
                tlog(j["begin"], code, f"ingest: job {j['no']} started: {len(j['missing'])} assets, {human(j['size'])} from screen {j['src']:02d}")
                tlog(j["end"], code, f"ingest: job {j['no']} complete: '{c['title']}' exported from screen {j['src']:02d} to library, {len(j['missing'])} assets, {human(j['size'])} in {mmss(j['secs'])}")
                continue
            who = f" by {j['by']}" if j["by"] else ""
            q = j["ready"]
            if j["attempt"] == "manual":
                tlog(q, code, f"ingest: job {j['no']} queued{who}: {c['id']} '{c['title']}' library -> screen {j['screen']:02d}")
            elif j["attempt"] != 1:
                tlog(q, code, f"ingest: job {j['no']} queued: retry {j['attempt'] - 1} of 2, {c['id']} '{c['title']}' library -> screen {j['screen']:02d}")
            if j["result"] == "failed":
                tlog(j["begin"], code, f"ingest: job {j['no']} started: checking composition {c['id']} in library")
                first = content.asset[j["missing"][0]]
                tlog(j["end"], code, f"ingest: job {j['no']} failed: composition incomplete in library, {len(j['missing'])} of {len(c['refs'])} assets missing (first {first['id']} {first['kind']} reel {first['reel']})")
                event(j["end"], code, "ingest_failed", job=j["no"], screen=f"{j['screen']:02d}", composition=c["id"], title=c["title"],
                      reason=f"composition incomplete in library, {len(j['missing'])} of {len(c['refs'])} assets missing")
                if j.get("retry_at"):
                    tlog(j["end"] + dt.timedelta(milliseconds=15), code, f"ingest: job {j['no']} will be retried in 30 min")
                elif j.get("abandoned"):
                    tlog(j["end"] + dt.timedelta(milliseconds=15), code, f"ingest: job {j['no']} abandoned after 3 attempts, alarm raised for screen {j['screen']:02d}")
            else:
                tlog(j["begin"], code, f"ingest: job {j['no']} started: {len(c['refs'])} assets, {human(j['size'])} to screen {j['screen']:02d}")
                event(j["begin"], code, "ingest_started", job=j["no"])
                tlog(j["end"], code, f"ingest: job {j['no']} complete: '{c['title']}' on screen {j['screen']:02d}, {human(j['size'])} in {mmss(j['secs'])}, hash check passed")
                event(j["end"], code, "ingest_complete", job=j["no"])
        rd = r["redelivery"]
        if rd:
            ov = rd["ov"]
            dl_no += 1
            dl = f"DLV-{dl_no}"
            devent(rd["requested"], code, "delivery.requested", delivery=dl, package={"id": ov["id"], "title": ov["title"]}, priority="urgent", requested_by="wim.desmet@orbiscinemas.be")
            devent(rd["started"], code, "delivery.transfer_started", delivery=dl, package={"id": ov["id"], "title": ov["title"]}, bytes=rd["size"])
            devent(rd["complete"], code, "delivery.transfer_complete", delivery=dl, package={"id": ov["id"], "title": ov["title"]}, bytes=rd["size"], verified=True)
            devent(rd["handover"], code, "delivery.handover", delivery=dl, package={"id": ov["id"], "title": ov["title"]}, target=f"tms-{code.lower()}")
            tlog(rd["in_library"], code, f"library: package {ov['id']} '{ov['title']}' ingested from delivery box {boxes[code]} ({len(ov['assets'])} assets, {human(rd['size'])}), hash check passed")
            for j in rd["reingest"]:
                tlog(j["begin"] - dt.timedelta(seconds=2), code, f"ingest: job {j['no']} queued by {DUTY[code]}: {rd['c']['id']} '{rd['c']['title']}' library -> screen {j['screen']:02d}")
                tlog(j["begin"], code, f"ingest: job {j['no']} started: {len(rd['c']['refs'])} assets, {human(j['size'])} to screen {j['screen']:02d}")
                tlog(j["end"], code, f"ingest: job {j['no']} complete: '{rd['c']['title']}' on screen {j['screen']:02d}, {human(j['size'])} in {mmss(j['secs'])}, hash check passed")
            stats["redelivery"] = rd
        for sh in r["shows"]:
            name = spl_name(sh["c"], sh["local"])
            if sh["ok"]:
                tlog(sh["t"], code, f"playback: screen {sh['screen']:02d} show {sh['no']} '{name}' started")
                event(sh["t"], code, "show_started")
            else:
                tlog(sh["t"], code, f"playback: screen {sh['screen']:02d} show {sh['no']} '{name}' not started: composition {sh['c']['id']} not on screen server")
                event(sh["t"], code, "show_not_started")
                tc = sh["t"] + dt.timedelta(minutes=rng.uniform(3, 9))
                tlog(tc, code, f"playback: screen {sh['screen']:02d} show {sh['no']} cancelled by {DUTY[code]}")
                event(tc, code, "show_cancelled")

    # ---- ops dashboard and other API traffic
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate((1 / 600) if t < utc("2026-12-30 07:30:00") else (1 / 70)))
        if t >= END:
            break
        if down(t):
            continue
        kind = rng.random()
        code = rng.choice(list(sites))
        if kind < 0.4:
            access(t, "10.60.2.31", "GET", f"/api/v1/library/{code}", 200)
        elif kind < 0.7:
            access(t, "10.60.2.31", "GET", f"/api/v1/sites/{code}/ingest?day=2026-12-30", 200)
        elif kind < 0.9:
            access(t, "10.60.2.44", "GET", f"/api/v1/kdms?site={code}&valid_on=2026-12-30", 200)
        else:
            access(t, "10.60.2.44", "GET", "/api/v1/deliveries?status=open", 200)
    access(PAUSE, "10.60.2.18", "POST", "/api/v1/admin/housekeeping/pause", 200)
    alog(PAUSE + dt.timedelta(milliseconds=4), "warning", "reelkeeper.api.admin", "library housekeeping paused", user="jonas.peeters", until="resumed")
    return [worker, api, tms, dlx, jenkins, slack, tickets], stats


def local_hm(t):
    return (t + dt.timedelta(hours=1)).strftime("%H:%M")


def narrative(rng, logs, stats, content, sites, sim, shas):
    slack, tickets = logs[5], logs[6]

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "projection-ops", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    def ticket(t, key, status, site, summary, desc, created=None):
        tickets.add(t, json.dumps({"key": key, "created": iso_ms(created or t), "updated": iso_ms(t), "status": status,
                                   "component": f"Projection / {site}", "reporter": DUTY.get(site, "servicedesk"), "summary": summary,
                                   "description": desc}, ensure_ascii=False))

    fails = [(j["end"], code, j) for code in sites for j in sim[code]["jobs"] if j.get("result") == "failed"]
    fails.sort(key=lambda x: x[0])
    onset = fails[0][0]
    stats["onset"] = onset
    failing_sites = sorted({code for _, code, _ in fails})
    ant = [j for t, code, j in fails if code == "ANT"][0]
    ant_asset = content.asset[ant["missing"][0]]
    ant_del = [t for t, pkg, a in sim["ANT"]["purge"] if a["id"] == ant_asset["id"]][0]
    not_started = [(sh["t"], code, sh) for code in sites for sh in sim[code]["shows"] if not sh["ok"]]
    not_started.sort(key=lambda x: x[0])
    stats["not_started"] = not_started
    before = {code: s.state_at(START, content)[3] / s.cap for code, s in sites.items()}
    after = {code: s.state_at(utc("2026-12-30 02:00:00"), content)[3] / s.cap for code, s in sites.items()}
    rd = stats["redelivery"]
    krt3d_show = [sh for t, code, sh in not_started if code == "KRT" and sh["c"]["3d"]]

    say(utc("2026-12-30 06:31:10"), "jonas.peeters", "Morning. Deploying reelkeeper 4.13.0 in the window: LIB-240 (ingest failures the TMSs report show up in reelkeeper), LIB-238, SCH-84 Atmos flag, lxml 5.4.0.")
    say(DEPLOY_4130 + dt.timedelta(minutes=2), "jonas.peeters", "4.13.0 is live, worker and API restarted.")
    early = sorted({DISPLAY[j["c"]["film"]] for t, code, j in fails if t < utc("2026-12-30 07:44:00")})
    say(utc("2026-12-30 07:44:20"), "wim.desmet", f"TMS dashboard: ingest alarms at {len({code for t, code, j in fails if t < utc('2026-12-30 07:44:00')})} sites this morning, 'composition incomplete in library'. All holdovers ({', '.join(early)}). The new releases copied fine. First shows 10:00.")
    say(utc("2026-12-30 07:48:05"), "jonas.peeters", "reelkeeper logs 'TMS reports ingest job failed' since 08:03, that is LIB-240 from this morning, before today we only counted them. Runbook says incomplete delivery or full LMS. Checking Deliverix.")
    say(utc("2026-12-30 07:52:40"), "jonas.peeters", f"Deliverix: all deliveries complete. Only thing tonight is a hash mismatch at KRT at {local_hm(stats['krt_hash'])} on the Kitefighters trailer, retransmitted and verified 20 min later.")
    say(utc("2026-12-30 07:54:30"), "wim.desmet", f"LMS are not full either: {min(after.values()) * 100:.0f}-{max(after.values()) * 100:.0f}% used. Yesterday evening they were at {min(before.values()) * 100:.0f}-{max(before.values()) * 100:.0f}%.")
    at_risk = [sh for code in sites for sh in sim[code]["shows"]
               if sh["screen"] not in sim[code]["had"][sh["c"]["id"]] and not sim[code]["on_screen"].get((sh["screen"], sh["c"]["id"]), END) <= utc("2026-12-30 07:58:00")]
    say(utc("2026-12-30 07:58:15"), "sarah.maes", f"Programming: {len(at_risk)} shows before 13:00 are on screens that have no copy yet. Duty managers are asking whether to swap screens.")
    say(utc("2026-12-30 08:01:50"), "jonas.peeters", "The failures start after this morning's release and SCH-84 changed the schedule push, so per runbook I'm rolling back to 4.12.0.")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=30), "jonas.peeters", "4.12.0 is back.")
    retries = [t for t, code, j in fails if t > ROLLBACK]
    say(utc("2026-12-30 08:12:30"), "wim.desmet", f"No change, the 09:00 retries failed again ({len([t for t, code, j in fails if utc('2026-12-30 08:00:00') < t])} jobs). The warnings are gone from reelkeeper but the TMS alarms are still there.")
    say(utc("2026-12-30 08:16:10"), "amelie.dubois", f"ANT job {ant['no']} ({ant['c']['title']} to screen {ant['screen']:02d}) misses {ant_asset['id']}, {ant_asset['kind']} reel {ant_asset['reel']}. That asset is in the OV package, not the VF. And our worker deleted it at {local_hm(ant_del)}: 'deleting asset {ant_asset['id']} ({ant_asset['kind']}, {human(ant_asset['size'])}) of package ... {ant_asset['pkg']['title']}': no booked composition references it'. The housekeeping deleted the OV pictures the VF plays.")
    say(utc("2026-12-30 08:19:05"), "lotte.janssens", "That's my LIB-231, in 4.12.0 since yesterday morning, last night was its first run. It only collects the references of the booked compositions inside the same package. The VF is a package of its own and the OV itself is never booked here. I'm sorry. Rolling back won't bring anything back: the files are deleted.")
    say(utc("2026-12-30 08:22:40"), "wim.desmet", "So every holdover's OV is gone from every LMS except where the OV itself is booked (Northbound at BXN, Dernier Hiver in Wallonia, Brussels and Luxembourg). Screens keep their own copies: a film that stays on its screen plays, a film that moved fails.")
    say(PAUSE + dt.timedelta(seconds=20), "jonas.peeters", "Housekeeping paused (admin API), it stays off tonight.")
    say(utc("2026-12-30 08:31:00"), "wim.desmet", "@duty-managers: for every failed ingest, Sitemaster > Library > Export from screen, from the screen that played the film last week (it copies only what the library misses), then re-queue the ingest. Swap screens for the first shows where you can. List per site in the thread.")
    if rd:
        say(rd["requested"] + dt.timedelta(minutes=1), "wim.desmet", f"KRT has no screen with Ironclad 3 3D (their 3D shows start this week). Asked Deliverix for an urgent redelivery of the OV package ({human(rd['size'])}), their estimate {local_hm(rd['complete'])}.")
    say(utc("2026-12-30 09:23:30"), "lotte.janssens", "LIB-245 in review: the plan collects the references of every booked composition at the site, whatever its package, plus a test with an OV and its VF.")
    say(utc("2026-12-30 09:51:00"), "sarah.maes", f"{len(not_started)} shows could not start so far and were cancelled; customers rebooked or refunded. Most restored screens are ready for the 12:00-13:00 shows.")
    say(DEPLOY_4131 + dt.timedelta(minutes=2), "jonas.peeters", "4.13.1 deployed (LIB-245 on top of 4.13.0). Housekeeping stays paused; tonight a dry run only.")
    say(utc("2026-12-30 10:36:00"), "wim.desmet", "All exports and re-ingests done except KRT's Ironclad 3 3D, which waits for Deliverix" + (f" (transfer done around {local_hm(rd['complete'])}, then half an hour to the screen): KRT cancels its 3D shows until 13:00." if rd else "."))

    ticket(utc("2026-12-30 00:55:10"), "PROJ-4790", "Open", "HAS", "Screen 05 booth extraction fan noisy", "Booth fan on screen 05 makes noise since last night, please check at next visit.")
    firsts = []
    for code in failing_sites:
        fj = [j for t, c, j in fails if c == code]
        firsts.append((code, fj))
    k = 4812
    created = {}
    for n, (code, fj) in enumerate(firsts[:6]):
        t = utc("2026-12-30 07:37:00") + dt.timedelta(minutes=3 * n + rng.uniform(0, 2.5))
        fj = [j for j in fj if j["end"] < t]
        if not fj:
            continue
        created[code] = t
        films = sorted({DISPLAY[j["c"]["film"]] for j in fj})
        ticket(t, f"PROJ-{k}", "Open", code, "Auto-ingest failed on holdovers",
               f"TMS alarms this morning: ingest of {', '.join(films)} failed, 'composition incomplete in library'. Screens {', '.join(sorted({f'{j[chr(115) + chr(99) + chr(114) + chr(101) + chr(101) + chr(110)]:02d}' for j in fj}))}. First show at 10:00.")
        k += 1
    ticket(utc("2026-12-30 08:40:30"), "PROJ-4812", "In Progress", "ANT", "Auto-ingest failed on holdovers",
           "Housekeeping deleted the OV assets of the holdovers (LIB-231). Export from screen running, see #projection-ops.", created=created["ANT"])
    if rd:
        ticket(rd["requested"] + dt.timedelta(minutes=4), f"PROJ-{k}", "Open", "KRT", "Ironclad 3 3D cannot be restored from a screen",
               "Our 3D shows of Ironclad 3 start this week, no screen has the 3D composition. Waiting for the Deliverix redelivery.")
        k += 1
    if not_started:
        t0, code0, sh0 = not_started[0]
        ticket(t0 + dt.timedelta(minutes=6), f"PROJ-{k}", "Open", code0, "Show cancelled, customers at the box office",
               f"Show {sh0['no']} on screen {sh0['screen']:02d} ({spl_name(sh0['c'], sh0['local'])}) could not start, composition not on the screen server. Customers offered the next show or a refund.")
        k += 1
    ticket(utc("2026-12-30 10:40:00"), "PROJ-4812", "Resolved", "ANT", "Auto-ingest failed on holdovers",
           "Exports from screen done, ingests complete, screens ready for the afternoon.", created=created["ANT"])
    return onset


def build(out_dir):
    rng = random.Random(79100)
    repo, shas = build_repo()
    try:
        content, sites = build_world(rng)
        sim = simulate(rng, content, sites)
        logs, stats = build_logs(rng, shas, content, sites, sim)
        onset = narrative(rng, logs, stats, content, sites, sim, shas).replace(microsecond=0)
        assert DEPLOY_4130 + dt.timedelta(minutes=15) < onset < utc("2026-12-30 07:30:00"), onset
        assert stats["purge_end"] < onset
        hours = (onset - CULPRIT_AT).total_seconds() / 3600

        def used_ratio(s):
            tue = utc("2026-12-29 01:30:00")

            def fn(t):
                if t >= START:
                    return round(s.state_at(t, content)[3] / s.cap, 4)
                ids = [a for p, ing in s.entries if ing <= t for a in ([x["id"] for x in p["assets"]] if t < tue else [x["id"] for x in p["assets"] if x["id"] in s.initial])]
                return round((s.base_used + sum(content.asset[a]["size"] for a in ids)) / s.cap, 4)
            return fn

        events = stats["events"]

        def rate(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=5) < at <= t)
            return fn

        metrics = {
            "reelkeeper_lms_used_ratio.json": query_range([({"job": "reelkeeper", "site": code}, used_ratio(s)) for code, s in sites.items()],
                                                          utc("2026-12-28 00:00:00"), END, 900),
            "reelkeeper_tms_events_5m.json": query_range([({"job": "reelkeeper", "type": k}, rate(k)) for k in ("ingest_complete", "ingest_failed", "show_started", "show_not_started")],
                                                         START, END, 60),
        }
        failing = sorted({code for code in sites for j in sim[code]["jobs"] if j.get("result") == "failed"})
        n_fail_jobs = len([1 for code in sites for j in sim[code]["jobs"] if j.get("result") == "failed"])
        n_deleted = sum(n for n, _ in stats["deleted"].values())
        freed = sum(f for _, f in stats["deleted"].values())
        return write_scenario(
            out_dir, name="r79-library-purge-ov-assets", service=SERVICE, onset=onset,
            description=f"""
Orbis Cinemas' sites cannot copy their holdovers to the screens they
moved to for the new film week: on Wednesday 30 December (Christmas
holidays) from {onset.strftime('%H:%M:%S')} UTC, when the Sitemaster TMSs start the day's
auto-ingest, {n_fail_jobs} ingest jobs at {len(failing)} of 12 sites fail "composition incomplete
in library" (Northbound, The Glass Orchard, Ironclad 3, Pip and the Paper
Moon, Le Dernier Hiver, Harbour Lights), and {len(stats['not_started'])} morning shows cannot
start. The new releases copy fine. reelkeeper 4.13.0 had been deployed at
06:38; the rollback to 4.12.0 at 08:06 changed nothing. The sites
restored the compositions from screen servers from 08:40; 4.13.1 went
out at 10:12.
""",
            logs=logs,
            line_formats={"reelkeeper-worker.log": r'\[<Date> <Time>: <Level>/<Process>\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'deleting asset .* no booked composition references it',
                        r'composition incomplete in library'],
            fix_files=["reelkeeper/library/housekeeping.py", "tests/test_housekeeping.py"],
            explanation=f"""
The culprit is LIB-231 "housekeeping: purge per asset, not per package"
({shas['culprit'][:7]}, Monday 28 December 13:25 UTC, {hours:.1f} h before the onset), released
in 4.12.0 and deployed on Tuesday at 06:52. The nightly housekeeping used
to delete whole packages that no booked composition needed and that no
composition of another package referenced (so an OV stayed while its VF
was in the library). LIB-231 deletes, in every package at least 7 days
old, each asset that no booked composition of that same package
references, through the TMS's asset delete. A VF package holds only its
subtitles or dubbed sound; its composition plays the OV package's
pictures and sound, and the OV itself is not booked in Belgium (except
Northbound at Brussel-Noord and the French films in Wallonia). Its first
run, at 01:30 UTC on Wednesday, deleted {n_deleted} assets ({human(freed)}), nearly all of
them the OV pictures and sound of the holdovers ("ANT: deleting asset
... of package ... '..._OV': no booked composition references it"). The
screens keep their own copies, so nothing failed until 07:00 UTC, when
the TMSs copy the day's compositions to the screens they are scheduled
on: every holdover that moved screen for the new week fails
"composition incomplete in library", three times, and its morning shows
cannot start. The fix (LIB-245, 4.13.1) keeps every asset that any
booked composition of the site references.
Decoys: 4.13.0, deployed 25 minutes before the onset (LIB-240, which
adds the very "TMS reports ingest job failed" warning that fills the
log; LIB-238 in the culprit's file; SCH-84 in the schedule push;
Renovate's lxml bump, the CPL parser), rolled back to 4.12.0, which
holds the culprit, without effect (the warnings stop, the failures go
on); Tuesday's runbook commit that reads ingest failures as an
incomplete Deliverix delivery or a full LMS and says to roll back after a
release; a hash mismatch and retransmission of a trailer at Kortrijk in
the night; KDM extensions and the schedule push in the night; the new
releases that copy fine; KDM-101, a config change in 4.12.0.
""",
        )
    finally:
        repo.close()
