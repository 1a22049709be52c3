"""guest-portal (Python 3.12, FastAPI on uvicorn; three pods on AKS behind
ingress-nginx, deployed with `helm upgrade` by a GitHub Actions workflow
that is run by hand; Guest Technology team in Lisbon, Copenhagen and
Prague) is Corvina Hotels' captive portal for the guest Wi-Fi of its 24
hotels. Each hotel's wireless controller (run, with the hotel's pfSense
gateway, by the managed network provider Netcroft) redirects a client on
the open SSID "Corvina-Guest" that has an address but is not authorised
yet to `https://wifi.corvinahotels.com/p/<hotel>`; the guest signs in with
room number and surname (checked against pms-core) or, for meeting and
event packages, an access code; the portal hands the controller one-time
RADIUS credentials, the controller asks the chain's FreeRADIUS, which
asks the portal, and the client is let out. The portal never sees a client
that has no IP address: DHCP on the guest VLAN is the pfSense's (ISC
dhcpd), with the /22 and the 24-hour leases Netcroft set up when the hotel
opened.

Thursday 22 October 2026: the Central European Dermatology Congress
(CEDC 2026, about 800 delegates) opens at the Corvina Congress Hotel Wien
(VIE-CON, 420 rooms, nearly full), registration from 08:00 local (06:00
UTC), plenary at 09:00. The delegates' badges say: "Wi-Fi: Corvina-Guest,
access code CEDC2026". Their phones and laptops join the guest SSID, and
the dhcpd pool (999 addresses, about 870 of them still leased to the
guests' devices of the last 24 hours, many of those gone) runs out at
about 06:30 UTC: every further DHCPDISCOVER is answered "network
10.60.0.0/22: no free leases", the controller gives up on the client after
three DISCOVERs ("no DHCPOFFER after 3 DISCOVERs"), the phones say "No
Internet Connection" and the login page never opens. The few addresses
that free up (leases of departed guests expiring, a laptop's DHCPRELEASE)
go to whichever client asks next. Guests already in the hotel, with
leases, keep working; the other 23 hotels are fine.

The front office calls the IT service desk at 06:41; the ticket reaches
Guest Technology at 06:48. The on-call sees the portal healthy but few
logins at VIE-CON, 2.14.0 released the afternoon before (PORTAL-301
counts devices per access code and refuses codes over their device
limit, PORTAL-305 logs every access code login, the very "access code
login" line, PORTAL-303 consent text) and this morning's deploy of
PORTAL-309 (VIE-CON's congress splash and 14 h sessions for the code;
the deploy names the Renovate httpx bump after it), follows the runbook
commit of the day before (a hotel's logins failing: the PMS interface,
or roll back a release) and rolls back to 2.13.2 at 07:05 without effect.
A developer finds "no DHCPOFFER after 3 DISCOVERs" for hundreds of
clients in VIE-CON's controller log in the NOC's Graylog and opens a
ticket with Netcroft; Netcroft's engineer finds the pool full and dhcpd
logging "no free leases" since about 06:30, widens the guest network to a /21
and cuts the lease time to an hour at 07:44; the delegates' devices get
addresses and the portal's logins at VIE-CON surge. 2.14.0 is deployed
again at 08:05. Nothing in guest-portal caused it or changes for it.

Sources: guest-portal (structlog JSON), ingress-nginx access, VIE-CON's
pfSense (dhcpd, syslog RFC 3164), VIE-CON's wireless controller (syslog
with the station, line format), FreeRADIUS (radius.log, line format),
GitHub Actions deploy job logs, ServiceNow incident webhooks (JSON),
#guest-tech (Teams export, JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "guest-portal"
START, END = utc("2026-10-22 04:40:00"), utc("2026-10-22 09:20:00")
DEPLOY_AM = utc("2026-10-22 05:52:14")      # deploy workflow: main (PORTAL-309 + httpx bump)
REGISTRATION = utc("2026-10-22 06:00:00")
ROLLBACK = utc("2026-10-22 07:05:40")       # helm rollback to 2.13.2
DHCP_FIX = utc("2026-10-22 07:44:12")       # Netcroft: /21, 1 h leases, dhcpd restarted
REDEPLOY = utc("2026-10-22 08:05:30")       # 2.14.0 again
LEASE_OLD, LEASE_NEW = 86400, 3600
POOL_OLD = (20, 3 * 256 + 250)              # 10.60.0.20 - 10.60.3.250
POOL_NEW = (20, 7 * 256 + 250)              # 10.60.0.20 - 10.60.7.250

HOTELS = [
    ("CPH-NYH", 210, 2), ("CPH-VES", 262, 2), ("AAR-CEN", 148, 2), ("HAM-HBF", 204, 2), ("HAM-HAF", 176, 2),
    ("BER-MIT", 312, 2), ("BER-CHA", 186, 2), ("BER-OST", 240, 2), ("MUC-SEN", 280, 2), ("FRA-MES", 332, 2),
    ("CGN-DOM", 168, 2), ("DUS-KOE", 158, 2), ("AMS-ZUI", 228, 2), ("AMS-CEN", 190, 2), ("VIE-CON", 420, 2),
    ("VIE-MAR", 158, 2), ("PRG-OLD", 172, 2), ("KRK-KAZ", 138, 2), ("WAW-SRO", 258, 2), ("LIS-BAI", 198, 1),
    ("OPO-RIB", 148, 1), ("ZRH-WES", 182, 2), ("BRU-GRP", 170, 2), ("STO-NOR", 240, 2),
]
HOTEL = {h[0]: h for h in HOTELS}
SURNAMES = ["Müller", "Schmidt", "Novak", "Jensen", "Silva", "Rossi", "Dubois", "Kowalski", "Berg", "Smith", "Huber", "Gruber",
            "Nielsen", "Costa", "Svoboda", "Andersson", "de Vries", "Janssens", "Fischer", "Wagner", "Horvat", "Larsen"]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def day(hms):
    return secs(utc(f"2026-10-22 {hms}"))


def pick(rng, weighted_list):
    total = sum(w for w, _ in weighted_list)
    r = rng.uniform(0, total)
    for w, v in weighted_list:
        r -= w
        if r <= 0:
            return v
    return weighted_list[-1][1]


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "guest-portal"
version = "2.13.2"
requires-python = ">=3.12"
dependencies = [
    "fastapi==0.115.2",
    "uvicorn[standard]==0.32.0",
    "httpx==0.27.2",
    "structlog==24.4.0",
    "pydantic-settings==2.6.0",
    "asyncpg==0.30.0",
    "pyyaml==6.0.2",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "pytest-asyncio==0.24.0", "respx==0.21.1"]
"""

APP = '''import structlog
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from guest_portal import access_codes, controller, hotels, pms
from guest_portal.settings import settings
from guest_portal.version import COMMIT, VERSION

log = structlog.get_logger()
app = FastAPI()


@app.on_event("startup")
async def startup() -> None:
    hotels.load(settings.hotels_dir)
    log.info("starting guest-portal", version=VERSION, commit=COMMIT, hotels=len(hotels.ALL))


@app.get("/p/{hotel}", response_class=HTMLResponse)
async def landing(hotel: str, request: Request, mac: str, ip: str, ap: str = "", url: str = ""):
    h = hotels.get(hotel)
    log.info("portal landing", hotel=h.code, ap=ap, client=controller.anonymise(mac))
    return h.render_landing(request, mac=mac, ip=ip, url=url)


@app.post("/p/{hotel}/login")
async def login(hotel: str, mac: str = Form(), ip: str = Form(), room: str = Form(""), surname: str = Form(""),
                code: str = Form(""), consent: bool = Form(False)):
    h = hotels.get(hotel)
    if not consent:
        log.info("login refused: consent not given", hotel=h.code)
        return RedirectResponse(f"/p/{hotel}?mac={mac}&ip={ip}&e=consent", status_code=303)
    if code:
        grant = await access_codes.redeem(h, code, mac)
    else:
        grant = await pms.in_house(h, room, surname)
    if grant is None:
        return RedirectResponse(f"/p/{hotel}?mac={mac}&ip={ip}&e=nomatch", status_code=303)
    log.info("login ok", hotel=h.code, method=grant.method, session_hours=grant.hours)
    return await controller.authorize(h, mac, ip, grant)
'''

ACCESS_CODES_V1 = '''import structlog

from guest_portal import db
from guest_portal.grants import Grant

log = structlog.get_logger()


async def redeem(hotel, code: str, mac: str) -> Grant | None:
    """Meeting and event packages: a code sold with the package, valid for
    its dates at its hotel. The events team creates them in the admin UI."""
    row = await db.fetchrow(
        "SELECT code, session_hours FROM access_codes WHERE hotel = $1 AND upper(code) = upper($2) "
        "AND now() BETWEEN valid_from AND valid_to",
        hotel.code, code.strip(),
    )
    if row is None:
        log.info("access code refused", hotel=hotel.code, reason="unknown or expired")
        return None
    return Grant(method="access_code", hours=row["session_hours"] or hotel.session_hours)
'''

CONTROLLER = '''import hashlib
import secrets

import httpx
import structlog

from guest_portal import radius_otp

log = structlog.get_logger()


def anonymise(mac: str) -> str:
    return hashlib.sha256(mac.lower().encode()).hexdigest()[:12]


async def authorize(hotel, mac: str, ip: str, grant):
    """One-time RADIUS credentials for this client; the controller's login
    endpoint sends them to FreeRADIUS, which checks them with us."""
    user, password = f"otp-{secrets.token_hex(6)}", secrets.token_urlsafe(12)
    await radius_otp.store(user, password, mac, grant, ttl=120)
    async with httpx.AsyncClient(timeout=5.0, verify=hotel.controller_ca) as client:
        resp = await client.post(hotel.controller_login_url, data={"username": user, "password": password, "mac": mac, "ip": ip})
    log.info("controller authorize", hotel=hotel.code, status=resp.status_code, client=anonymise(mac))
    return hotel.success_redirect(resp)
'''

PMS_PY = '''import httpx
import structlog

from guest_portal.grants import Grant
from guest_portal.settings import settings

log = structlog.get_logger()


async def in_house(hotel, room: str, surname: str) -> Grant | None:
    """Room number and surname of a checked-in guest (pms-core)."""
    async with httpx.AsyncClient(base_url=settings.pms_url, timeout=5.0) as client:
        resp = await client.get(f"/internal/in-house/{hotel.code}", params={"room": room.strip(), "surname": surname.strip()})
    if resp.status_code == 404:
        log.info("room login refused", hotel=hotel.code, reason="no in-house guest matches")
        return None
    resp.raise_for_status()
    return Grant(method="room", hours=hotel.session_hours)
'''


def hotel_yaml(code, rooms, extra=""):
    ctrl = "smartzone" if code[:3] in ("VIE", "PRG", "KRK", "WAW", "BER") else "mobility-conductor"
    return (f"code: {code}\nssid: Corvina-Guest\ncontroller:\n  type: {ctrl}\n"
            f"  login_url: https://{code.lower()}-wlc01.net.corvinahotels.com:9998/login\n"
            f"session_hours: 24\nrooms: {rooms}\nsplash: default\n{extra}")


RUNBOOK_V1 = """# guest-portal runbook

Owner: Guest Technology (#guest-tech). Dashboards: Grafana › Guest Wi-Fi.

## PortalDown

The landing page answers 5xx or not at all: check the pods and the
ingress; the hotels' controllers fall back to "no internet" for new
clients while the portal is down.

## RADIUS rejects

FreeRADIUS logs `Login incorrect` for one-time users: the portal's
`/radius/check` endpoint failed or the OTP expired (two minutes): look at
the portal's `controller authorize` lines for the hotel.
"""


def build_repo():
    repo = Repo()
    rui = Person("Rui Matos", "rui.matos@corvinahotels.com", 60)
    sofie = Person("Sofie Dahl", "sofie.dahl@corvinahotels.com", 120)
    pavel = Person("Pavel Novák", "pavel.novak@corvinahotels.com", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    ac = "guest_portal/access_codes.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "guest_portal/__init__.py": "",
        "guest_portal/version.py": 'import os\n\nVERSION = "2.13.2"\nCOMMIT = os.environ.get("GIT_COMMIT", "dev")[:7]\n',
        "guest_portal/app.py": APP,
        ac: ACCESS_CODES_V1,
        "guest_portal/controller.py": CONTROLLER,
        "guest_portal/pms.py": PMS_PY,
        "guest_portal/grants.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Grant:\n    method: str\n    hours: int\n",
        "guest_portal/settings.py": "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    pms_url: str = \"http://pms-core.pms.svc:8080\"\n    database_url: str = \"postgresql://guest_portal@pg-guest.postgres.svc/guest_portal\"\n    hotels_dir: str = \"/app/hotels\"\n\n\nsettings = Settings()\n",
        "templates/landing.html": "<!doctype html>\n<html lang=\"{{ lang }}\">\n<head><title>{{ hotel.name }} Wi-Fi</title></head>\n<body>\n  <form method=\"post\" action=\"/p/{{ hotel.code }}/login\">\n    <input name=\"room\"> <input name=\"surname\"> or <input name=\"code\">\n    <label><input type=\"checkbox\" name=\"consent\"> {{ consent_text }}</label>\n    <button>Connect</button>\n  </form>\n</body>\n</html>\n",
        "deploy/helm/values-production.yaml": "replicaCount: 3\nimage:\n  repository: corvinacr.azurecr.io/guest/guest-portal\ningress:\n  host: wifi.corvinahotels.com\nresources:\n  requests: { cpu: 200m, memory: 256Mi }\n",
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: { python-version: '3.12' }\n      - run: pip install -e .[test] && pytest -q\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n    inputs:\n      action: { type: choice, options: [deploy, rollback], default: deploy }\n      revision: { description: 'helm revision for rollback', required: false }\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: azure/login@v2\n        with: { creds: '${{ secrets.AZURE_CREDENTIALS }}' }\n      - run: az aks get-credentials -g rg-guest-prod -n aks-guest-prod\n      - if: inputs.action == 'deploy'\n        run: |\n          docker build --build-arg GIT_COMMIT=$GITHUB_SHA -t corvinacr.azurecr.io/guest/guest-portal:${GITHUB_SHA::7} .\n          docker push corvinacr.azurecr.io/guest/guest-portal:${GITHUB_SHA::7}\n          helm upgrade --install guest-portal deploy/chart -n guest -f deploy/helm/values-production.yaml --set image.tag=${GITHUB_SHA::7} --wait\n      - if: inputs.action == 'rollback'\n        run: helm rollback guest-portal ${{ inputs.revision }} -n guest --wait\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nARG GIT_COMMIT=dev\nENV GIT_COMMIT=$GIT_COMMIT\nRUN pip install --no-cache-dir .\nCMD [\"uvicorn\", \"guest_portal.app:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\", \"--proxy-headers\"]\n",
        "README.md": "# guest-portal\n\nCaptive portal for Corvina-Guest at every hotel: room number and surname\n(pms-core) or an access code (meeting and event packages). The hotels'\ncontrollers, gateways and DHCP are Netcroft's (managed network); this\nrepo is only the portal.\n\nDeploy: Actions › deploy › Run workflow (main).\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 2.13.2\n\n- Danish and Czech landing page texts.\n",
    }
    for code, rooms, tz in HOTELS:
        files[f"hotels/{code.lower()}.yaml"] = hotel_yaml(code, rooms)
    repo.commit(utc("2026-10-15 08:10:00"), rui, "guest-portal: own repository (from guest-tech/apps at 2.13.2)", files)
    crng = random.Random(60206)
    repo.schedule(chores(crng, SERVICE, [rui, sofie, pavel], utc("2026-10-15 09:00:00"), utc("2026-10-20 16:00:00"), 3))

    repo.commit(utc("2026-10-16 10:20:00"), pavel, "pms: 3 s timeout for in-house lookups (PORTAL-296)\n\npms-core's p99 is 400 ms; a stuck lookup kept the guest on a spinner for 5 s.", {
        "guest_portal/pms.py": sub(repo.files["guest_portal/pms.py"], "timeout=5.0", "timeout=3.0"),
    })
    repo.commit(utc("2026-10-19 12:45:00"), sofie, "tests: an access code outside its dates is refused", {
        "tests/test_access_codes.py": "import pytest\n\nfrom guest_portal import access_codes\n\n\n@pytest.mark.asyncio\nasync def test_expired_code_is_refused(fake_db, hotel):\n    fake_db.add_code(hotel.code, \"SPRING26\", valid_to=\"2026-04-30\")\n    assert await access_codes.redeem(hotel, \"SPRING26\", \"3c:22:fb:00:00:01\") is None\n",
    })
    repo.commit(utc("2026-10-20 10:30:00"), sofie, "access codes: count devices per code and refuse a code over its device limit (PORTAL-301)\n\nEvent organisers share one code with everybody; a conference's code ended\nup on a public forum last spring. The events team sets a device limit\nper code in the admin UI (default: none).", {
        ac: sub(repo.files[ac],
                '        "SELECT code, session_hours FROM access_codes WHERE hotel = $1 AND upper(code) = upper($2) "\n',
                '        "SELECT code, session_hours, device_limit FROM access_codes WHERE hotel = $1 AND upper(code) = upper($2) "\n',
                '    return Grant(method="access_code", hours=row["session_hours"] or hotel.session_hours)\n',
                '    devices = await db.fetchval(\n        "INSERT INTO access_code_devices (code, mac) VALUES ($1, $2) ON CONFLICT DO NOTHING; "\n        "SELECT count(*) FROM access_code_devices WHERE code = $1",\n        row["code"], mac.lower(),\n    )\n    if row["device_limit"] and devices > row["device_limit"]:\n        log.warning("access code refused", hotel=hotel.code, reason="device limit", limit=row["device_limit"])\n        return None\n    return Grant(method="access_code", hours=row["session_hours"] or hotel.session_hours)\n'),
        "migrations/0031_access_code_devices.sql": "CREATE TABLE access_code_devices (\n    code text NOT NULL,\n    mac text NOT NULL,\n    first_seen timestamptz NOT NULL DEFAULT now(),\n    PRIMARY KEY (code, mac)\n);\nALTER TABLE access_codes ADD COLUMN device_limit integer;\n",
    })
    repo.commit(utc("2026-10-20 13:05:00"), pavel, "landing: consent text v3 from legal (PORTAL-303)", {
        "templates/landing.html": sub(repo.files["templates/landing.html"], "{{ consent_text }}", "{{ consent_text_v3 }} <a href=\"/privacy\">{{ privacy_link }}</a>"),
    })
    repo.commit(utc("2026-10-21 09:20:00"), sofie, "access codes: log every code login with the code, the device count and the limit (PORTAL-305)", {
        ac: sub(repo.files[ac], '    return Grant(method="access_code", hours=row["session_hours"] or hotel.session_hours)\n',
                '    log.info("access code login", hotel=hotel.code, code=row["code"], devices=devices, limit=row["device_limit"])\n    return Grant(method="access_code", hours=row["session_hours"] or hotel.session_hours)\n'),
        "guest_portal/app.py": sub(repo.files["guest_portal/app.py"], '    log.info("login ok", hotel=h.code, method=grant.method, session_hours=grant.hours)\n',
                                   '    if grant.method != "access_code":\n        log.info("login ok", hotel=h.code, method=grant.method, session_hours=grant.hours)\n'),
    })
    repo.commit(utc("2026-10-21 14:50:00"), rui, "release 2.14.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "2.13.2"', 'version = "2.14.0"'),
        "guest_portal/version.py": sub(repo.files["guest_portal/version.py"], '"2.13.2"', '"2.14.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- PORTAL-301: device limit per access code.\n- PORTAL-303: consent text v3.\n- PORTAL-305: access code logins logged.\n"),
    })
    repo._git("tag", "v2.14.0", repo.shas[-1])
    v2140 = repo.shas[-1]
    repo.commit(utc("2026-10-21 15:30:00"), pavel, "runbook: a hotel's guests cannot log in", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Logins failing at one hotel

Usually the hotel's PMS side: room logins refused ("room login refused
... no in-house guest matches") for guests who are in house means
pms-core's in-house list for the hotel is stale (its interface to the
hotel's front office). Check the portal's room login lines for the hotel.

If the portal was deployed in the last day, roll it back first
(Actions › deploy › rollback, the previous helm revision) and see whether
logins come back; then look at the access codes and the hotel's yaml.

Events and congresses: check the code in the admin UI (dates, device
limit) before anything else.
""",
    })
    repo.commit(utc("2026-10-21 16:55:00"), sofie, "hotels/vie-con: CEDC 2026 splash and 14 h sessions for congress codes (PORTAL-309)", {
        "hotels/vie-con.yaml": hotel_yaml("VIE-CON", 420, "events:\n  - name: CEDC 2026\n    from: 2026-10-22\n    to: 2026-10-24\n    splash: cedc-2026\n    access_code_session_hours: 14\n"),
    })
    repo.commit(utc("2026-10-22 04:30:00"), bot, "chore(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.27.2"', '"httpx==0.28.1"'),
    })
    morning = repo.shas[-1]
    # after the incident
    repo.commit(utc("2026-10-22 08:40:00"), rui, "runbook: a hotel's new clients get no address (DHCP pool)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## New devices at one hotel get "no internet", the portal never sees them

The portal only sees clients that have an address. If a hotel's guests
say the login page does not open, look at the hotel's controller and
gateway in Graylog (stream `net-<hotel>`) before touching the portal:
`no DHCPOFFER after` on the controller, `no free leases` from dhcpd mean
the guest VLAN's pool is full (VIE-CON, 22 October: a congress on a /22
with 24 h leases). Netcroft (ticket, P2 hotline) widens the pool and
shortens the leases; nothing to roll back here.
""",
    })
    return repo, {"v2140": v2140, "morning": morning, "initial": repo.shas[0]}


# ---------------------------------------------------------------------------
# the morning

HOURLY = [0.20, 0.12, 0.08, 0.06, 0.06, 0.10, 0.30, 0.62, 0.85, 0.80, 0.66, 0.58,
          0.55, 0.55, 0.62, 0.80, 0.95, 1.00, 0.98, 0.95, 0.92, 0.85, 0.65, 0.40]
APPLE = ["3c:22:fb", "a4:83:e7", "f0:18:98", "88:66:5a", "bc:d0:74", "f8:4d:89", "dc:a9:04", "14:7d:da"]
SAMSUNG = ["a0:cb:fd", "84:25:19", "f4:7b:09", "5c:cb:99", "38:68:a4"]
INTEL = ["8c:b8:7e", "4c:79:6e", "a4:42:3b", "70:cd:0d"]
APS = ([f"VIE-CON-1F-CONGRESS-{i:02d}" for i in range(1, 13)] + [f"VIE-CON-0F-LOBBY-{i:02d}" for i in range(1, 5)] +
       [f"VIE-CON-{fl}F-{w}-{i:02d}" for fl in range(2, 9) for w in ("N", "S") for i in range(1, 4)])
CONGRESS_APS = [a for a in APS if "CONGRESS" in a or "LOBBY" in a]
ROOM_APS = [a for a in APS if a not in CONGRESS_APS]


def local(x):
    return (at(x) + dt.timedelta(hours=2)).strftime("%H:%M")


def pool_ip(i):
    return f"10.60.{i // 256}.{i % 256}"


def hourly(x, tz):
    t = at(x) + dt.timedelta(hours=tz)
    h = t.hour + t.minute / 60.0
    i = int(h)
    f = h - i
    return HOURLY[i % 24] * (1 - f) + HOURLY[(i + 1) % 24] * f


def device(rng, kind):
    """(mac, dhcp host name or None, user agent family)"""
    r = rng.random()
    if kind == "laptop":
        if r < 0.45:
            return f"{rng.choice(APPLE)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}", rng.choice(["MacBook-Pro", "MacBook-Air", "MBP-" + hexid(rng, 4).upper()]), "mac"
        return (f"{rng.choice(INTEL)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}",
                rng.choice(["LAPTOP-", "DESKTOP-", "NB-"]) + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(7)), "windows")
    if r < 0.50:
        if rng.random() < 0.7:   # private Wi-Fi address
            mac = f"{rng.choice('0123456789abcdef')}{rng.choice('26ae')}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"
        else:
            mac = f"{rng.choice(APPLE)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"
        return mac, rng.choice(["iPhone", "iPhone", "iPhone", "iPad"]), "ios"
    mac = f"{rng.choice('0123456789abcdef')}{rng.choice('26ae')}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"
    if rng.random() < 0.3:
        mac = f"{rng.choice(SAMSUNG)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"
    return mac, rng.choice(["Galaxy-S24", "Galaxy-A55", "Pixel-8", "Redmi-Note-13", "OnePlus-12", None, None]), "android"


def build_logs(rng, shas):
    portal, ingress, dhcpd, wlc, radius, gha, snow, teams = (
        Log("guest-portal.log"), Log("ingress-nginx.log"), Log("vie-con-fw01-dhcpd.log"), Log("vie-con-wlc01.log"),
        Log("freeradius.log"), Log("github-actions-deploy.log"), Log("servicenow-incidents.log"), Log("teams-guest-tech.log"))
    t0, t1 = secs(START), secs(END)
    stats = {"nofree": [], "nooffer": [], "acks_after_fix": 0, "code_logins": [], "vie_logins": [], "logins": [], "gave_up": 0,
             "leased_at_fix": 0, "first_nofree": None, "blocked_devices": set(), "released": 0}
    blocked = {}

    # --- guest-portal pods and versions
    def rs_pods(rs):
        return [f"guest-portal-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]

    epochs = [(t0 - 50000, rs_pods("7f6c9d8b5"), ("2.14.0", shas["v2140"][:7])),
              (secs(DEPLOY_AM) + 48, rs_pods("5d8b7c6f9"), ("2.14.0", shas["morning"][:7])),
              (secs(ROLLBACK) + 20, rs_pods("c4b59f7d6"), ("2.13.2", shas["initial"][:7])),
              (secs(REDEPLOY) + 50, rs_pods("5d8b7c6f9"), ("2.14.0", shas["morning"][:7]))]

    def epoch(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0] + 25:
                cur = e
        return cur

    def plog(x, level, event, **kv):
        if not t0 <= x < t1:
            return
        t = at(x)
        body = {"event": event, **kv, "level": level, "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "pod": rng.choice(epoch(x)[1])}
        portal.add(t, json.dumps(body, separators=(", ", ": "), ensure_ascii=False))

    def nlog(x, client, method, path, status, size, rt, ua, referer="-"):
        if not t0 <= x < t1:
            return
        t = at(x)
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "{referer}" "{ua}" {rng.randint(380, 1400)} {rt:.3f} '
                       f'[guest-guest-portal-80] [] 10.244.{rng.randint(1, 3)}.{rng.randint(10, 90)}:8000 {size} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    def dlog(x, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        dhcpd.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} vie-con-fw01 dhcpd[{dhcpd_pid(x)}]: {msg}")

    def dhcpd_pid(x):
        return 51877 if x >= secs(DHCP_FIX) + 1 else 38214

    def wlog(x, level, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        wlc.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} vie-con-wlc01 stad[2219]: {level}: {msg}")

    def rlog(x, level, msg):
        if not t0 <= x < t1:
            return
        t = at(x)
        radius.add(t, f"{t.strftime('%a %b %d %H:%M:%S %Y')} : {level}: {msg}")

    rad_id = [48213]

    ua_of = {
        "ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "android": "Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36",
        "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
        "windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
    }
    code_devices = [0]

    def portal_login(x, hotel, mac, ipaddr, fam, method, wan, ap=None):
        """landing page through the controller's redirect, then the login; returns the authorise time"""
        client = hexid(random.Random(mac), 12)
        ua = ua_of[fam]
        ap = ap or f"{hotel}-AP-{rng.randint(1, 40):02d}"
        landing = x
        q = f"/p/{hotel}?mac={mac.replace(':', '%3A')}&ip={ipaddr}&ap={ap}&url=http%3A%2F%2Fcaptive.apple.com%2Fhotspot-detect.html"
        nlog(landing, wan, "GET", q, 200, rng.randint(5200, 6900), rng.uniform(0.004, 0.02), ua)
        nlog(landing + rng.uniform(0.1, 0.4), wan, "GET", "/static/portal.css?v=214", 200, 8123, 0.001, ua, referer=f"https://wifi.corvinahotels.com/p/{hotel}")
        plog(landing + 0.003, "info", "portal landing", hotel=hotel, ap=ap, client=client)
        if rng.random() < 0.11:
            return None
        lx = landing + rng.uniform(12, 110)
        ver = epoch(lx)[2][0]
        if method == "room" and rng.random() < 0.07:
            nlog(lx, wan, "POST", f"/p/{hotel}/login", 303, 0, rng.uniform(0.05, 0.3), ua, referer=f"https://wifi.corvinahotels.com/p/{hotel}")
            plog(lx + 0.02, "info", "room login refused", hotel=hotel, reason="no in-house guest matches")
            lx += rng.uniform(15, 60)
        if rng.random() < 0.03:
            nlog(lx, wan, "POST", f"/p/{hotel}/login", 303, 0, rng.uniform(0.003, 0.01), ua, referer=f"https://wifi.corvinahotels.com/p/{hotel}")
            plog(lx + 0.001, "info", "login refused: consent not given", hotel=hotel)
            lx += rng.uniform(4, 12)
        rt = rng.uniform(0.18, 0.6)
        nlog(lx + rt, wan, "POST", f"/p/{hotel}/login", 302, 0, rt, ua, referer=f"https://wifi.corvinahotels.com/p/{hotel}")
        if method == "code":
            code_devices[0] += 1
            if ver == "2.14.0":
                plog(lx + rt * 0.5, "info", "access code login", hotel=hotel, code="CEDC2026", devices=code_devices[0], limit=1200)
            else:
                plog(lx + rt * 0.5, "info", "login ok", hotel=hotel, method="access_code", session_hours=14)
            stats["code_logins"].append(lx)
        else:
            plog(lx + rt * 0.5, "info", "login ok", hotel=hotel, method="room", session_hours=24)
        user = f"otp-{hexid(rng, 12)}"
        rx = lx + rt * 0.8
        rad_id[0] += rng.randint(1, 3)
        rlog(rx, "Auth", f"({rad_id[0]}) Login OK: [{user}] (from client {hotel.lower()}-wlc01 port 0 cli {mac.upper().replace(':', '-')})")
        plog(lx + rt * 0.95, "info", "controller authorize", hotel=hotel, status=200, client=client)
        stats["logins"].append((lx, hotel))
        if hotel == "VIE-CON":
            stats["vie_logins"].append(lx)
        return rx

    # ------------------------------------------------------------------
    # other hotels: guests' morning logins (each hotel's clients reach us from its NAT address)
    hotel_wan = {code: f"{rng.choice(['81.92', '193.170', '80.123', '62.116', '91.205', '213.47', '185.44', '94.231'])}.{rng.randint(0, 255)}.{rng.randint(2, 250)}"
                 for code, _, _ in HOTELS}
    for code, rooms, tz in HOTELS:
        if code == "VIE-CON":
            continue
        x = t0
        while x < t1:
            x += rng.expovariate(max(0.02, rooms / 250.0 * hourly(x, tz) * 0.16) / 60.0)
            if x >= t1:
                break
            kind = "laptop" if rng.random() < 0.22 else "phone"
            mac, host, fam = device(rng, kind)
            wan = hotel_wan[code]
            portal_login(x, code, mac, f"10.{rng.randint(40, 90)}.{rng.randint(0, 3)}.{rng.randint(20, 250)}", fam,
                         "code" if False else "room", wan)
    # a PMS interface hiccup at PRG-OLD: room logins refused for a few minutes
    for _ in range(9):
        x = day("05:12:00") + rng.uniform(0, 230)
        plog(x, "warning", "pms lookup failed", hotel="PRG-OLD", error="ConnectError: [Errno 111] Connection refused")

    # ------------------------------------------------------------------
    # VIE-CON: the pool
    WAN = "185.61.88.14"     # VIE-CON's NAT address, the portal sees every VIE-CON client from it
    free = []                # (since, index)
    bound = {}               # index -> (mac, expires)
    lo, hi = POOL_OLD
    all_idx = list(range(lo, hi + 1))
    rng.shuffle(all_idx)
    n_bound = 868
    present = []
    heap = []
    seq = [0]

    def ev(x, kind, data):
        seq[0] += 1
        heapq.heappush(heap, (x, seq[0], kind, data))

    for j, idx in enumerate(all_idx):
        if j >= n_bound:
            free.append((t0 - rng.uniform(0, 40000), idx))
            continue
        kind = "laptop" if rng.random() < 0.25 else "phone"
        mac, host, fam = device(rng, kind)
        if j < 560:      # a guest still in the hotel
            last = t0 - rng.uniform(0, 43200)
            bound[idx] = [mac, last + LEASE_OLD]
            present.append((idx, mac, host, fam, last))
        else:            # gone; the lease runs out in its own time
            last = t0 - rng.uniform(0, 86400)
            bound[idx] = [mac, last + LEASE_OLD]
            ev(last + LEASE_OLD, "expire", {"idx": idx, "mac": mac})
    free.sort()

    def hostpart(host):
        return f" ({host})" if host else ""

    # guests in the hotel: renewals at T1, wake-ups (INIT-REBOOT), departures, some re-logins at the portal
    for idx, mac, host, fam, last in present:
        renew = last + LEASE_OLD / 2
        leave = None
        if rng.random() < 0.34:
            leave = day("05:30:00") + rng.uniform(0, 3.5 * 3600)
        if t0 <= renew < t1 and (leave is None or renew < leave):
            ev(renew, "renew", {"idx": idx, "mac": mac, "host": host})
        if rng.random() < 0.55:
            wake = day("04:50:00") + rng.uniform(0, 3.3 * 3600)
            if leave is None or wake < leave:
                ev(wake, "reboot", {"idx": idx, "mac": mac, "host": host, "fam": fam, "relogin": rng.random() < 0.28})
        if leave is not None:
            ev(leave, "leave", {"idx": idx, "mac": mac, "host": host, "release": rng.random() < 0.09})

    # new devices: day visitors, staff, early arrivals; then the congress
    x = t0
    while x < t1:
        x += rng.expovariate(max(0.03, hourly(x, 2) * 0.22) / 60.0)
        if x < t1:
            ev(x, "new", {"who": "guest", "kind": "laptop" if rng.random() < 0.2 else "phone"})

    def congress_rate(x):
        m = (x - secs(REGISTRATION)) / 60.0
        if m < -12:
            return 0.0
        if m < 0:
            return 0.6
        if m < 25:
            return 1.5 + 9.5 * m / 25
        if m < 60:
            return 11.0 - 4.0 * (m - 25) / 35
        if m < 150:
            return 7.0 * max(0.15, 1 - (m - 60) / 120)
        return 0.7

    x = secs(REGISTRATION) - 720
    while x < t1:
        x += rng.expovariate(11.0 / 60.0)
        if x < t1 and rng.random() < 0.72 * congress_rate(x) / 11.0:
            ev(x, "new", {"who": "delegate", "kind": "laptop" if rng.random() < 0.24 else "phone"})
    ev(secs(DHCP_FIX), "fix", {})

    # controller noise: roams and idle disconnects of associated clients
    x = t0
    while x < t1:
        x += rng.expovariate(max(0.4, hourly(x, 2) * 4.0) / 60.0)
        mac = rng.choice(present)[1]
        if rng.random() < 0.7:
            a, b = rng.sample(ROOM_APS + CONGRESS_APS, 2)
            wlog(x, "INFO", f"[STA {mac}] roamed {a} -> {b} (802.11r, {rng.randint(28, 140)} ms)")
        else:
            wlog(x, "INFO", f"[STA {mac}] disassociated from {rng.choice(ROOM_APS)}: inactivity timeout (reason 4)")

    pool_hi = [hi]
    lease = [LEASE_OLD]

    def take_free(x):
        # addresses freed by expiry/release come back; least recently used first
        if free:
            free.sort()
            return free.pop(0)[1]
        if pool_hi[0] > hi:
            used = set(bound)
            for i in range(lo, pool_hi[0] + 1):
                if i not in used:
                    return i
        return None

    def dora(x, mac, host, ap, fam, who):
        idx = take_free(x)
        if idx is None:
            return None
        ipaddr = pool_ip(idx)
        dlog(x, f"DHCPDISCOVER from {mac}{hostpart(host)} via igb1.60")
        dlog(x + rng.uniform(0.002, 0.02), f"DHCPOFFER on {ipaddr} to {mac}{hostpart(host)} via igb1.60")
        y = x + rng.uniform(0.03, 0.9)
        dlog(y, f"DHCPREQUEST for {ipaddr} (10.60.0.1) from {mac}{hostpart(host)} via igb1.60")
        dlog(y + rng.uniform(0.001, 0.01), f"DHCPACK on {ipaddr} to {mac}{hostpart(host)} via igb1.60")
        bound[idx] = [mac, y + lease[0]]
        wlog(y + 0.05, "INFO", f"[STA {mac}] DHCP bound {ipaddr} on {ap} (vlan 60, lease {lease[0]}s)")
        if x >= secs(DHCP_FIX):
            stats["acks_after_fix"] += 1
            if rng.random() < 0.6:
                ev(y + lease[0] / 2, "renew", {"idx": idx, "mac": mac, "host": host, "short": True})
        return idx, ipaddr, y

    def associate(x, mac, ap, fam):
        band = "5GHz" if rng.random() < 0.78 else "2.4GHz"
        wlog(x, "INFO", f"[STA {mac}] associated to {ap} ssid Corvina-Guest ({band}, RSSI -{rng.randint(48, 79)})")

    # ------------------------------------------------------------------
    while heap:
        x, _, kind, d = heapq.heappop(heap)
        if kind == "expire":
            idx = d["idx"]
            if idx in bound and bound[idx][0] == d["mac"] and bound[idx][1] <= x + 1:
                del bound[idx]
                free.append((x, idx))
        elif kind == "renew":
            idx, mac, host = d["idx"], d["mac"], d["host"]
            if idx not in bound or bound[idx][0] != mac:
                continue
            ipaddr = pool_ip(idx)
            dlog(x, f"DHCPREQUEST for {ipaddr} from {mac}{hostpart(host)} via igb1.60")
            dlog(x + rng.uniform(0.001, 0.008), f"DHCPACK on {ipaddr} to {mac}{hostpart(host)} via igb1.60")
            bound[idx][1] = x + lease[0]
            if d.get("short") and x + lease[0] / 2 < t1 and rng.random() < 0.8:
                ev(x + lease[0] / 2, "renew", d)
        elif kind == "reboot":
            idx, mac, host = d["idx"], d["mac"], d["host"]
            if idx not in bound or bound[idx][0] != mac:
                continue
            ap = rng.choice(ROOM_APS + CONGRESS_APS[-4:])
            associate(x, mac, ap, d["fam"])
            ipaddr = pool_ip(idx)
            y = x + rng.uniform(0.3, 1.5)
            dlog(y, f"DHCPREQUEST for {ipaddr} from {mac}{hostpart(host)} via igb1.60")
            dlog(y + rng.uniform(0.001, 0.008), f"DHCPACK on {ipaddr} to {mac}{hostpart(host)} via igb1.60")
            bound[idx][1] = y + lease[0]
            wlog(y + 0.05, "INFO", f"[STA {mac}] DHCP bound {ipaddr} on {ap} (vlan 60, lease {lease[0]}s)")
            if d["relogin"]:
                wlog(y + 1.5, "INFO", f"[STA {mac}] unauthorised, HTTP redirected to captive portal wifi.corvinahotels.com")
                rx = portal_login(y + rng.uniform(2, 8), "VIE-CON", mac, ipaddr, d["fam"], "room", WAN, ap)
                if rx:
                    wlog(rx + 0.15, "INFO", f"[STA {mac}] authorised by RADIUS, session 86400s")
        elif kind == "leave":
            idx, mac, host = d["idx"], d["mac"], d["host"]
            if idx in bound and bound[idx][0] == mac:
                wlog(x - rng.uniform(1, 30), "INFO", f"[STA {mac}] disassociated from {rng.choice(CONGRESS_APS[-4:])}: client leaving (reason 3)")
                if d["release"]:
                    dlog(x, f"DHCPRELEASE of {pool_ip(idx)} from {mac}{hostpart(host)} via igb1.60 (found)")
                    del bound[idx]
                    free.append((x, idx))
                    stats["released"] += 1
        elif kind == "new" or kind == "retry":
            if kind == "new":
                mac, host, fam = device(rng, d["kind"])
                d = dict(d, mac=mac, host=host, fam=fam, attempt=1,
                         ap=rng.choice(CONGRESS_APS if d["who"] == "delegate" else ROOM_APS + CONGRESS_APS[-4:]))
                associate(x - rng.uniform(0.5, 2.0), mac, d["ap"], fam)
            elif not d.get("quiet"):
                associate(x - rng.uniform(0.5, 2.0), d["mac"], d["ap"], d["fam"])
            got = dora(x, d["mac"], d["host"], d["ap"], d["fam"], d["who"])
            if got is None:
                n = rng.choice([2, 3, 3, 3, 4])
                ys = [x]
                for k in range(1, n):
                    ys.append(ys[-1] + (4 * 2 ** (k - 1)) * rng.uniform(0.8, 1.2))
                if ys[-1] >= secs(DHCP_FIX) + 1:
                    cut = [y for y in ys if y < secs(DHCP_FIX) + 1]
                    after = [y for y in ys if y >= secs(DHCP_FIX) + 1][0]
                    for y in cut:
                        dlog(y, f"DHCPDISCOVER from {d['mac']}{hostpart(d['host'])} via igb1.60: network 10.60.0.0/22: no free leases")
                        stats["nofree"].append(y)
                    ev(after + 0.5, "retry", dict(d, attempt=d["attempt"] + 1, quiet=True))
                    continue
                for y in ys:
                    dlog(y, f"DHCPDISCOVER from {d['mac']}{hostpart(d['host'])} via igb1.60: network 10.60.0.0/22: no free leases")
                    if t0 <= y < t1:
                        stats["nofree"].append(y)
                        if stats["first_nofree"] is None:
                            stats["first_nofree"] = y
                wlog(ys[-1] + rng.uniform(6, 9), "WARN", f"[STA {d['mac']}] no DHCPOFFER after {n} DISCOVERs on {d['ap']} (vlan 60), client stays unauthorised")
                stats["nooffer"].append(ys[-1])
                blocked[d["mac"]] = True
                keep = [0.82, 0.72, 0.62, 0.5, 0.4, 0.3][min(d["attempt"] - 1, 5)]
                if rng.random() < keep:
                    ev(ys[-1] + rng.uniform(90, 600), "retry", dict(d, attempt=d["attempt"] + 1, quiet=False))
                else:
                    stats["gave_up"] += 1
                    if rng.random() < 0.55:
                        ev(secs(DHCP_FIX) + rng.uniform(120, 2400), "retry", dict(d, attempt=d["attempt"] + 1, late=True))
                continue
            idx, ipaddr, y = got
            if d["mac"] in blocked:
                stats["blocked_devices"].add(d["mac"])
            if d["who"] == "delegate" or rng.random() < 0.7:
                wlog(y + rng.uniform(0.8, 2.5), "INFO", f"[STA {d['mac']}] unauthorised, HTTP redirected to captive portal wifi.corvinahotels.com")
                rx = portal_login(y + rng.uniform(2, 9), "VIE-CON", d["mac"], ipaddr, d["fam"], "code" if d["who"] == "delegate" else "room", WAN, d["ap"])
                if rx:
                    wlog(rx + 0.15, "INFO", f"[STA {d['mac']}] authorised by RADIUS, session {50400 if d['who'] == 'delegate' else 86400}s")
        elif kind == "fix":
            stats["leased_at_fix"] = len(bound)
            pool_hi[0] = POOL_NEW[1]
            lease[0] = LEASE_NEW
            base = x
            for k, msg in enumerate(["Internet Systems Consortium DHCP Server 4.4.3-P1", "Copyright 2004-2022 Internet Systems Consortium.",
                                     "All rights reserved.", "For info, please visit https://www.isc.org/software/dhcp/",
                                     "Config file: /etc/dhcpd.conf", "Database file: /var/db/dhcpd.leases", "PID file: /var/run/dhcpd.pid",
                                     f"Wrote {len(bound)} leases to leases file.",
                                     "Listening on BPF/igb1.60/00:08:a2:0c:4e:71/10.60.0.0/21",
                                     "Sending on   BPF/igb1.60/00:08:a2:0c:4e:71/10.60.0.0/21",
                                     "Listening on BPF/igb1.50/00:08:a2:0c:4e:71/10.50.0.0/24",
                                     "Sending on   BPF/igb1.50/00:08:a2:0c:4e:71/10.50.0.0/24",
                                     "Sending on   Socket/fallback/fallback-net", "Server starting service."]):
                dlog(base + 1.2 + k * 0.004, msg)

    # routine dhcpd noise: the staff VLAN and duplicate uid warnings
    x = t0
    while x < t1:
        x += rng.expovariate(1 / 240.0)
        if rng.random() < 0.6:
            m = f"{rng.choice(INTEL)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"
            ip50 = f"10.50.0.{rng.randint(30, 220)}"
            dlog(x, f"DHCPREQUEST for {ip50} from {m} (FO-PC{rng.randint(1, 24):02d}) via igb1.50")
            dlog(x + 0.004, f"DHCPACK on {ip50} to {m} (FO-PC{rng.randint(1, 24):02d}) via igb1.50")
        else:
            ip60 = pool_ip(rng.randint(lo, hi))
            dlog(x, f"uid lease {ip60} for client {rng.choice(present)[1]} is duplicate on 10.60.0.0/22")
    return (portal, ingress, dhcpd, wlc, radius, gha, snow, teams), stats, epochs


def service_logs(rng, logs, stats, epochs, shas):
    portal, ingress, dhcpd, wlc, radius, gha, snow, teams = logs
    t0, t1 = secs(START), secs(END)

    # --- pods starting (uvicorn's own lines and the app's)
    for e in epochs[1:]:
        x0, pods, (ver, commit) = e
        for k, pod in enumerate(pods):
            st = x0 + k * 19 + rng.uniform(0, 2)
            for j, line in enumerate(["INFO:     Started server process [1]", "INFO:     Waiting for application startup."]):
                portal.add(at(st + j * 0.01), line)
            portal.add(at(st + 0.35), json.dumps({"event": "starting guest-portal", "version": ver, "commit": commit, "hotels": len(HOTELS),
                                                  "level": "info", "timestamp": at(st + 0.35).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "pod": pod},
                                                 separators=(", ", ": ")))
            portal.add(at(st + 0.36), "INFO:     Application startup complete.")
            portal.add(at(st + 0.37), "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)")
    for e_prev, e in zip(epochs, epochs[1:]):
        for k, pod in enumerate(e_prev[1]):
            st = e[0] + k * 19 + 22
            portal.add(at(st), "INFO:     Shutting down")
            portal.add(at(st + 0.2), "INFO:     Finished server process [1]")

    # --- FreeRADIUS: the odd expired OTP, a reload
    x = t0
    while x < t1:
        x += rng.expovariate(1 / 900.0)
        h = rng.choice(HOTELS)[0]
        radius.add(at(x), f"{at(x).strftime('%a %b %d %H:%M:%S %Y')} : Auth: ({48000 + rng.randint(0, 9999)}) Login incorrect (rest: OTP expired): [otp-{hexid(rng, 12)}] (from client {h.lower()}-wlc01 port 0 cli {hexid(rng, 2).upper()}-{hexid(rng, 2).upper()}-{hexid(rng, 2).upper()}-{hexid(rng, 2).upper()}-{hexid(rng, 2).upper()}-{hexid(rng, 2).upper()})")
    x = day("05:00:03")
    radius.add(at(x), f"{at(x).strftime('%a %b %d %H:%M:%S %Y')} : Info: Received HUP signal")
    radius.add(at(x + 0.01), f"{at(x).strftime('%a %b %d %H:%M:%S %Y')} : Info: HUP - Loading modules")
    radius.add(at(x + 0.02), f"{at(x).strftime('%a %b %d %H:%M:%S %Y')} : Info: Ready to process requests")

    # --- GitHub Actions: deploy, rollback, deploy
    def gh(x, text):
        if not t0 <= x < t1:
            return
        t = at(x + rng.uniform(0, 0.09))
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    subject = "chore(deps): update dependency httpx to v0.28.1"

    def run(x, actor, action, sha, revision, rollback_to=None):
        gh(x, "Requested labels: ubuntu-24.04")
        gh(x + 0.01, "Job defined at: corvina-hotels/guest-portal/.github/workflows/deploy.yml@refs/heads/main")
        gh(x + 0.02, "Waiting for a runner to pick up this job...")
        gh(x + 4.1, f"Job is about to start running on the runner: GitHub Actions {rng.randint(1000, 1999)} (hosted)")
        gh(x + 4.3, f"##[group]Run actions/checkout@v4")
        gh(x + 5.9, f"Triggered by {actor} (workflow_dispatch, action={action})")
        gh(x + 6.0, f"HEAD is now at {sha[:7]} {subject}")
        gh(x + 6.1, "##[endgroup]")
        gh(x + 8.0, "##[group]Run az aks get-credentials -g rg-guest-prod -n aks-guest-prod")
        gh(x + 10.2, "Merged \"aks-guest-prod\" as current context in /home/runner/.kube/config")
        y = x + 10.5
        if action == "deploy":
            gh(y, f"##[group]Run docker build --build-arg GIT_COMMIT=$GITHUB_SHA -t corvinacr.azurecr.io/guest/guest-portal:{sha[:7]} .")
            gh(y + 41.0, f"#12 naming to corvinacr.azurecr.io/guest/guest-portal:{sha[:7]} done")
            gh(y + 47.5, f"{sha[:7]}: digest: sha256:{hexid(rng, 64)} size: 2203")
            y += 48
            gh(y, f"##[group]Run helm upgrade --install guest-portal deploy/chart -n guest -f deploy/helm/values-production.yaml --set image.tag={sha[:7]} --wait")
            gh(y + 62, "Release \"guest-portal\" has been upgraded. Happy Helming!")
        else:
            gh(y, f"##[group]Run helm rollback guest-portal {rollback_to} -n guest --wait")
            gh(y + 58, "Rollback was a success! Happy Helming!")
        gh(y + 62.1, "NAME: guest-portal")
        gh(y + 62.2, f"LAST DEPLOYED: {at(y + 3).strftime('%a %b %d %H:%M:%S %Y')}")
        gh(y + 62.3, "NAMESPACE: guest")
        gh(y + 62.4, "STATUS: deployed")
        gh(y + 62.5, f"REVISION: {revision}")
        gh(y + 63.0, "##[endgroup]")
        gh(y + 64.0, "Cleaning up orphan processes")

    run(secs(DEPLOY_AM) - 58, "rui-matos", "deploy", shas["morning"], 42)
    run(secs(ROLLBACK) - 15, "rui-matos", "rollback", shas["morning"], 43, rollback_to=40)
    run(secs(REDEPLOY) - 58, "rui-matos", "deploy", shas["morning"], 44)

    # --- ServiceNow incident webhooks
    def inc(x, state, group, note, by, priority="2 - High"):
        if not t0 <= x < t1:
            return
        snow.add(at(x), json.dumps({"sys_updated_on": at(x).strftime("%Y-%m-%d %H:%M:%S"), "number": "INC0184213", "state": state,
                                    "priority": priority, "assignment_group": group, "cmdb_ci": "Guest Wi-Fi VIE-CON",
                                    "short_description": "VIE-CON: congress delegates cannot get onto guest Wi-Fi", "updated_by": by,
                                    "work_notes": note}, ensure_ascii=False))

    n_nooffer_0716 = sum(1 for y in stats["nooffer"] if y < day("07:16:00"))
    inc(day("06:41:37"), "New", "IT Service Desk", "Caller Hannah Weber (Front Office Manager VIE-CON): CEDC congress delegates cannot use the guest Wi-Fi since registration opened, phones connected but no internet, login page does not come up. Hotel guests not affected as far as they know. Approx. 800 delegates.", "sd.agent.kowalczyk")
    inc(day("06:48:02"), "In Progress", "Guest Technology", "Assigned to Guest Technology (captive portal). P2: event with 800 delegates.", "sd.agent.kowalczyk")
    inc(day("07:12:40"), "In Progress", "Guest Technology", "Hannah Weber called again: delegates see 'Corvina-Guest' with 'No Internet Connection' (iPhone) / 'Connected, no internet' (Android), the Wi-Fi login page does not open at all. Some delegates got on before 08:30 and are fine. Guests upstairs fine.", "sd.agent.kowalczyk")
    inc(day("07:19:55"), "In Progress", "Guest Technology", f"Controller vie-con-wlc01 (Graylog net-vie-con): {n_nooffer_0716} 'no DHCPOFFER after N DISCOVERs' on VLAN 60 since " + local(stats["first_nofree"]) + " local, nearly all on CONGRESS/LOBBY APs. Netcroft ticket NC-88412 opened (P2).", "sofie.dahl")
    inc(day("07:33:10"), "In Progress", "Guest Technology", "Netcroft (L. Gruber): pfSense vie-con-fw01 guest pool 10.60.0.20-10.60.3.250 fully leased, dhcpd logs 'no free leases' since " + local(stats["first_nofree"]) + " local. Lease time 86400 s since the hotel opened. Will widen VLAN 60 to 10.60.0.0/21 and set 1 h leases; dhcpd restart takes seconds.", "sofie.dahl")
    inc(day("07:45:30"), "In Progress", "Guest Technology", "Netcroft: change done 09:44 local, dhcpd restarted.", "sofie.dahl")
    inc(day("07:58:12"), "In Progress", "Guest Technology", "Front office confirms delegates are online.", "sd.agent.kowalczyk")
    inc(day("08:25:40"), "Resolved", "Guest Technology", "Cause: VIE-CON guest VLAN DHCP pool exhausted (a /22 with 24 h leases; ~870 leases held by guests' devices of the last day, then the congress). Netcroft widened the pool to a /21 and set 1 h leases (NC-88412). No change in guest-portal; the rollback at 09:05 local was not needed and has been undone. Follow-up: Netcroft reviews lease times at all hotels, events team adds Wi-Fi capacity to the meeting package checklist.", "rui.matos")


def chat(rng, teams, stats, epochs):
    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "guest-tech",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    code_0650 = sum(1 for y in stats["code_logins"] if day("06:00:00") <= y < day("06:50:00"))
    code_early = sum(1 for y in stats["code_logins"] if day("06:00:00") <= y < secs(at(stats["first_nofree"])) + 120)
    nooffer = sum(1 for y in stats["nooffer"] if y < day("07:16:00"))
    macs = sum(1 for y in stats["nofree"] if y < day("07:44:00"))
    code_after = sum(1 for y in stats["code_logins"] if day("07:44:00") <= y < day("07:47:00"))
    code_total = sum(1 for y in stats["code_logins"] if y < secs(END))
    say(day("05:49:10"), "Rui Matos", "deploying main now so VIE-CON has the CEDC 2026 splash before registration opens at 8 Vienna time (PORTAL-309 + the httpx bump)")
    say(day("05:55:30"), "Rui Matos", "deployed, helm revision 42, CEDC splash is live on wifi.corvinahotels.com/p/VIE-CON")
    say(day("06:50:20"), "Rui Matos", f"INC0184213: delegates at VIE-CON can't get online. portal up, landing pages and logins at VIE-CON are there but few: {code_0650} CEDC2026 logins since 08:00 local, {code_early} of them before {local(stats['first_nofree'] + 120)}, and the rest of the hotels look normal")
    say(day("06:55:45"), "Rui Matos", "2.14.0 went out yesterday afternoon with the access code changes (PORTAL-301 device limit, PORTAL-305 logging) and this morning's deploy touched vie-con.yaml. CEDC2026 in the admin UI: valid 22-24 Oct, device limit 1200, nowhere near. room logins at VIE-CON work, PMS lookups fine")
    say(day("07:00:10"), "Pavel Novák", "runbook: deployed in the last day -> roll back first and see if logins come back")
    say(day("07:03:30"), "Rui Matos", "rolling back to revision 40 (2.13.2)")
    say(day("07:08:40"), "Rui Matos", "2.13.2 running. VIE-CON logins no different, a trickle")
    say(day("07:13:30"), "Sofie Dahl", "the ticket says the login page never opens. then the portal never sees them, it can only show a page to a client the controller redirects, and it only redirects a client with an address")
    say(day("07:16:50"), "Sofie Dahl", f"VIE-CON's controller in Graylog (net-vie-con): {nooffer} 'no DHCPOFFER after N DISCOVERs' on vlan 60 since {local(stats['first_nofree'])} local, nearly all on the CONGRESS and LOBBY APs. the DHCP server is the pfSense, Netcroft's. opening a P2 with them")
    say(day("07:33:40"), "Sofie Dahl", f"Netcroft: the guest pool on vie-con-fw01 is full, 999 of 999 leased, dhcpd says 'no free leases' for every DISCOVER since {local(stats['first_nofree'])} ({macs} of those in the fw's syslog by now). 24 h leases on a /22 since the hotel opened: yesterday's guests' phones still hold theirs. they widen it to a /21 with 1 h leases")
    say(day("07:47:20"), "Sofie Dahl", f"dhcpd restarted 07:44 UTC, ACKs everywhere, {code_after} CEDC2026 logins in three minutes")
    say(day("08:03:00"), "Rui Matos", "deploying main again (2.14.0 + PORTAL-309), the rollback did nothing")
    say(day("08:08:10"), "Rui Matos", "revision 44 running, CEDC splash back")
    say(day("08:41:20"), "Rui Matos", f"runbook section for a full DHCP pool added. {code_total} CEDC2026 logins by now. Netcroft reviews lease times at all 24 hotels, events team adds Wi-Fi capacity to the meeting package checklist")


def build(out_dir):
    rng = random.Random(60200)
    repo, shas = build_repo()
    try:
        logs, stats, epochs = build_logs(rng, shas)
        onset = at(stats["first_nofree"]).replace(microsecond=0)
        assert day("06:15:00") <= onset.timestamp() <= day("06:35:00"), onset
        service_logs(rng, logs, stats, epochs, shas)
        chat(rng, logs[7], stats, epochs)
        # FreeRADIUS numbers its requests in the order it gets them
        radius = logs[4]
        radius.entries.sort(key=lambda e: (e[0], e[1]))
        n = 48211
        renumbered = []
        for when, i, text in radius.entries:
            if " : Auth: (" in text:
                n += rng.randint(1, 4)
                head, rest = text.split(" : Auth: (", 1)
                text = f"{head} : Auth: ({n}){rest.split(')', 1)[1]}"
            renumbered.append((when, i, text))
        radius.entries = renumbered

        def logins(hotel):
            xs = sorted(x for x, h in stats["logins"] if h == hotel)

            def fn(t):
                x = t.timestamp()
                return sum(1 for y in xs if x - 300 < y <= x)
            return fn

        metrics = {
            "guest_portal_logins_increase5m.json": query_range(
                [({"job": "guest-portal", "hotel": h}, logins(h)) for h in ("VIE-CON", "VIE-MAR", "FRA-MES", "BER-MIT")], START, END, 60),
        }
        nofree = len(stats["nofree"])
        return write_scenario(
            out_dir, name="r60-congress-dhcp-pool-none", service=SERVICE, onset=onset,
            description=f"""
Congress delegates at the Corvina Congress Hotel Wien (VIE-CON) cannot get
onto the guest Wi-Fi on Thursday 22 October 2026: their devices join
Corvina-Guest, but from {onset.strftime('%H:%M:%S')} UTC the hotel's gateway answers their
DHCP discovers with "no free leases" and the login page never opens; the
portal sees only a trickle of logins at VIE-CON, the other hotels are
normal. guest-portal had been deployed at 05:52 (a VIE-CON congress
splash, an httpx bump) and 2.14.0 the afternoon before; it was rolled
back at 07:05 without effect. The managed network provider widened the
guest pool and shortened its leases at 07:44; 2.14.0 went out again at
08:05.
""",
            logs=list(logs),
            line_formats={
                "vie-con-wlc01.log": r'<Date> <Time> <Host> <Proc>: <Level>: <Content>',
                "freeradius.log": r'<Weekday> <Month> <Day> <Time> <Year> : <Level>: <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'no free leases',
                r'no DHCPOFFER after',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The guest VLAN at VIE-CON is a /22 with 24-hour
leases on the hotel's pfSense (Netcroft's, not this repository): about
870 of its 999 addresses were still leased to the devices of the last
day's guests, many of them gone, when the CEDC 2026 congress's delegates
arrived from 06:00 UTC. From {onset.strftime('%H:%M:%S')} every new device's DHCPDISCOVER
was answered "network 10.60.0.0/22: no free leases" ({nofree} times until
the fix), the controller gave up on each ("no DHCPOFFER after N
DISCOVERs ... client stays unauthorised") and the portal never saw those
clients; the few addresses that expired or were released went to
whoever asked next. Netcroft widened VLAN 60 to a /21 with one-hour
leases at 07:44 and restarted dhcpd; {stats['acks_after_fix']} devices got addresses and
the delegates' logins followed. Nothing in guest-portal changes.
Decoys: the deploy at 05:52, {round((onset - DEPLOY_AM).total_seconds() / 60)} minutes before the onset, whose start
lines name the Renovate httpx bump, with PORTAL-309 (VIE-CON's congress
splash and 14 h sessions for the congress code, the very hotel); 2.14.0
the afternoon before (PORTAL-301 device limits on access codes, the code
path the delegates use; PORTAL-305, which adds the very "access code
login" line; PORTAL-303 consent text); the runbook commit that reads one
hotel's failing logins as the PMS interface or a release and says to roll
back; the rollback to 2.13.2 at 07:05, which changes only the words of
the code logins; a PMS interface hiccup at PRG-OLD; expired OTPs at
FreeRADIUS; duplicate-uid warnings and the staff VLAN in dhcpd's log.
""",
        )
    finally:
        repo.close()
