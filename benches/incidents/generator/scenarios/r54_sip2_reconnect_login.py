"""patron-gateway (Python 3.12, Starlette on uvicorn, asyncio; three pods on
GKE in us-central1, deployed by a manual GitHub Actions workflow that sets
the image in a kustomize overlay and runs `kubectl apply -k`; team in
Minneapolis, Halifax and Galway) of Northstar Digital Library, a consortium
of 43 public library systems in Minnesota, the Dakotas and Wisconsin that
lends ebooks and audiobooks through its Northstar Reads apps (ebooks under
a vendor's LCP licence server, audiobooks from another vendor; holds
queues per title). A patron signs in with the card barcode and PIN of their
home library; patron-gateway checks them against that library's ILS: 38
libraries over SIP2 (Koha, Evergreen, Polaris, Sierra, Symphony, some
behind stunnel), five against their city's LDAP directory. loans-api asks
patron-gateway to check the patron's status (SIP2 23) before every
checkout and hold.

Until Friday 20 February every SIP2 call opened a connection, logged in
with the consortium's SIP2 account (93/94), asked its question and hung
up. PLAT-438 (Friday 15:48 UTC) keeps a pool of logged-in connections per
library and pod: logged in once at start-up, pinged with SC Status (99)
after a minute idle, and "a connection that fails is reopened and the
request tried once more on it". `_reopen` closes the socket and opens a
new one; it does not log in. Any SIP server restart therefore leaves every
pooled connection to that library open but not logged in, and a SIP
server answers nothing but a login on such a connection: Koha logs "Login
failed shutting down" and closes it, Evergreen waits and drops it. It went
out at 17:20 as 2.14.0 (the deploy names the docs commit after it). On
Sunday at 16:10 CT Pine Hollow Public Library's Evergreen server is
rebooted for OS updates: its few patrons' sign-ins hang 16 s and fail all
night and early Monday morning, unnoticed until its ticket.

Monday 23 February 13:10 UTC the team deploys 2.15.0 (PLAT-444: SIP2
request timeout 8 s -> 5 s; PLAT-446: pool gauges, in the culprit's file;
PLAT-447: a "patron auth unavailable" line with the step and the error,
the very line that fills the log; a starlette bump); the new pods log in
afresh and Pine Hollow recovers. At 13:40 Lakeshore Koha Hosting restarts
Maple Valley Library System's SIP server after applying a Koha security
release, in the maintenance window it announced to the member-ops list.
From 13:40:0x every MVLS sign-in and every MVLS patron's checkout or hold
fails (503): MVLS is the consortium's second-largest member. The on-call
follows the runbook (one library failing: its ILS), Lakeshore says SIP is
up; the release 30 minutes before looks guilty and is rolled back with
`kubectl rollout undo` at 14:18, which helps (new pods, new logins), so
everyone blames 2.15.0. At 15:05 Lakeshore restarts the SIP server again
to turn on debug logging for us, and MVLS fails again on 2.14.0. Their log
shows every connection from the consortium's NAT addresses since 15:05
ending with "Login failed shutting down", and "Successful login/auth for
'northstar'" only at 13:11 and 14:18; the culprit's author sees `_reopen`
without a login, a `kubectl rollout restart` at 15:24 clears it, PLAT-451
(reopen = open + login) goes out as 2.15.1 at 16:12, and a third restart
by Lakeshore at 16:20 shows the pods logging in again within a second.

Sources: patron-gateway (Python logging with the pod name, line format),
Lakeshore's export of MVLS's Koha SIP log (log4perl, line format),
ingress-nginx access log (sign-ins, loans and holds), loans-api (pino
JSON), GitHub Actions deploy runs, #ndl-platform (Slack export, text),
NDL member support (Jira Service Management webhook JSON)."""

import datetime as dt
import heapq
import itertools
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "patron-gateway"
START, END = utc("2026-02-23 12:00:00"), utc("2026-02-23 16:45:00")
FRI_DEPLOY = utc("2026-02-20 17:20:00")
RELEASE = utc("2026-02-23 13:10:40")       # 2.15.0 pods start
RESTART1 = utc("2026-02-23 13:40:02")      # Lakeshore restarts MVLS's SIP server (Koha security release)
ROLLBACK = utc("2026-02-23 14:18:10")      # kubectl rollout undo -> 2.14.0
RESTART2 = utc("2026-02-23 15:05:20")      # Lakeshore restarts it to turn on debug logging
POD_RESTART = utc("2026-02-23 15:24:30")   # kubectl rollout restart (2.14.0)
FIXED = utc("2026-02-23 16:12:50")         # 2.15.1 pods start
RESTART3 = utc("2026-02-23 16:20:05")      # verification restart
MVLS_OPENS = utc("2026-02-23 15:00:00")    # 09:00 CT
NAT = ["34.41.122.17", "34.41.122.18"]

ILS_HOSTS = {
    "koha": "sip-{c}.lakeshorekoha.net", "evergreen": "sip.{c}.evergreen.northstarils.org", "polaris": "polaris.{c}.org",
    "sierra": "sierra-app.{c}.org", "symphony": "sirsi.{c}.org",
}

# code, name, method, ils, share of sign-ins, pool size, tls
LIBRARIES = [
    ("MVLS", "Maple Valley Library System", "sip2", "koha", 0.100, 4, False),
    ("LCLC", "Lakes Country Library Cooperative", "sip2", "koha", 0.070, 4, False),
    ("PRLS", "Prairie Rivers Library System", "sip2", "polaris", 0.061, 4, True),
    ("HCPL", "Harbor City Public Library", "ldap", "-", 0.058, 0, True),
    ("IRPL", "Iron Range Public Library", "sip2", "sierra", 0.044, 2, True),
    ("BWRL", "Big Woods Regional Library", "sip2", "symphony", 0.041, 4, False),
    ("CRLS", "Cedar River Library System", "sip2", "koha", 0.038, 2, False),
    ("RRCL", "Red River County Library", "ldap", "-", 0.035, 0, True),
    ("TPPL", "Twin Pines Public Library", "sip2", "evergreen", 0.031, 2, False),
    ("SVPL", "Sheyenne Valley Public Library", "sip2", "koha", 0.029, 2, False),
    ("BHRL", "Black Hills Regional Library", "sip2", "polaris", 0.029, 2, True),
    ("NSLS", "North Shore Library System", "sip2", "evergreen", 0.028, 2, False),
    ("WCCL", "Wapsie County Library", "sip2", "koha", 0.026, 2, False),
    ("GLRL", "Great Lakes Regional Library", "sip2", "sierra", 0.026, 2, True),
    ("MSPL", "Mesabi Public Library", "sip2", "evergreen", 0.024, 2, False),
    ("SCPL", "St. Croix Public Library", "ldap", "-", 0.024, 0, True),
    ("KRLS", "Kettle River Library System", "sip2", "koha", 0.023, 2, False),
    ("DVPL", "Driftless Valley Public Library", "sip2", "koha", 0.022, 2, False),
    ("ONRL", "Otter Tail North Regional Library", "sip2", "polaris", 0.021, 2, False),
    ("BLPL", "Blue Earth Public Library", "sip2", "symphony", 0.020, 2, False),
    ("MRRL", "Minnewaska Regional Library", "sip2", "koha", 0.019, 2, False),
    ("JCPL", "James County Public Library", "sip2", "evergreen", 0.018, 2, False),
    ("WRPL", "Whitewater Public Library", "sip2", "koha", 0.017, 2, False),
    ("PCLS", "Pembina County Library Service", "sip2", "koha", 0.016, 2, False),
    ("ELPL", "Elk Lake Public Library", "ldap", "-", 0.016, 0, True),
    ("SRPL", "Sauk Rapids Public Library", "sip2", "sierra", 0.015, 2, True),
    ("CHRL", "Chippewa Headwaters Regional Library", "sip2", "evergreen", 0.015, 2, False),
    ("LBPL", "Lake Benton Public Library", "sip2", "koha", 0.013, 2, False),
    ("MOPL", "Mouse River Public Library", "sip2", "polaris", 0.013, 2, False),
    ("BFPL", "Bois de Sioux Public Library", "sip2", "koha", 0.012, 2, False),
    ("TRPL", "Thief River Public Library", "sip2", "evergreen", 0.011, 2, False),
    ("ACPL", "Apple Creek Public Library", "sip2", "koha", 0.011, 2, False),
    ("GFPL", "Grand Forks Township Library", "ldap", "-", 0.010, 0, True),
    ("WMPL", "Wild Rice Municipal Library", "sip2", "koha", 0.010, 2, False),
    ("CFPL", "Cannon Falls Public Library", "sip2", "symphony", 0.009, 2, False),
    ("SLPL", "Spirit Lake Public Library", "sip2", "koha", 0.008, 2, False),
    ("NWRL", "Northwoods Regional Library", "sip2", "sierra", 0.008, 2, True),
    ("HLPL", "Heron Lake Public Library", "sip2", "evergreen", 0.007, 2, False),
    ("PHPL", "Pine Hollow Public Library", "sip2", "evergreen", 0.006, 2, False),
    ("OWPL", "Owatonna West Public Library", "sip2", "koha", 0.006, 2, False),
    ("BSPL", "Bemidji South Public Library", "sip2", "koha", 0.005, 2, False),
    ("LQPL", "Lac qui Parle Public Library", "sip2", "polaris", 0.004, 2, False),
    ("YMPL", "Yellow Medicine Public Library", "sip2", "koha", 0.004, 2, False),
]
LIB = {c: (name, method, ils, share, pool, tls) for c, name, method, ils, share, pool, tls in LIBRARIES}
SIP2_CODES = [c for c, _, m, *_ in LIBRARIES if m == "sip2"]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "patron-gateway"
version = "2.0.0"
description = "Northstar Reads sign-in and patron checks against the member libraries' ILS (SIP2) and directories (LDAP)"
requires-python = ">=3.12"
dependencies = [
    "starlette==0.52.0",
    "uvicorn[standard]==0.37.0",
    "ldap3==2.9.1",
    "pyjwt[crypto]==2.10.1",
    "pyyaml==6.0.2",
    "prometheus-client==0.21.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "pytest-asyncio==0.25.0", "httpx==0.28.1"]

[tool.pytest.ini_options]
asyncio_mode = "auto"
"""


def libraries_yaml():
    out = ["# Member libraries and how their patrons are authenticated.",
           "# Changing a library's entry needs its IT; see docs/member-libraries.md.",
           "# SIP2 credentials: Secret sip2-accounts, keys <CODE>_USER / <CODE>_PASS.", ""]
    for code, name, method, ils, _share, pool, tls in LIBRARIES:
        if method == "sip2":
            host = ILS_HOSTS[ils].format(c=code.lower())
            extra = ", pool_size: 4" if pool == 4 else ""
            out.append(f"- {{code: {code}, name: {name}, method: sip2, ils: {ils}, host: {host}, port: {6443 if tls else 6001}, "
                       f"institution: {code}, location: NDL, tls: {'true' if tls else 'false'}{extra}}}")
        else:
            out.append(f"- {{code: {code}, name: {name}, method: ldap, url: 'ldaps://ldap.{code.lower()}-city.gov:636', "
                       f"base_dn: 'ou=LibraryPatrons,dc={code.lower()},dc=gov', barcode_attribute: employeeNumber}}")
    return "\n".join(out) + "\n"


PROD_YAML = """listen: 0.0.0.0:8080
libraries_file: config/libraries.yaml
session:
  issuer: https://api.northstarreads.org
  ttl: 14d
sip2:
  connect_timeout: 3s
  request_timeout: 8s
  tls_ca_file: /etc/ssl/certs/ca-certificates.crt
ldap:
  timeout: 5s
"""

CONFIG_PY = '''"""Settings from CONFIG_PATH (YAML) and the member library list."""

import dataclasses
import os

import yaml


def seconds(text):
    text = str(text)
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    for unit in ("ms", "s", "m", "h", "d"):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


@dataclasses.dataclass
class Sip2Settings:
    connect_timeout: float
    request_timeout: float
    tls_ca_file: str


@dataclasses.dataclass
class Library:
    code: str
    name: str
    method: str
    ils: str = ""
    host: str = ""
    port: int = 0
    institution: str = ""
    location: str = ""
    tls: bool = False
    url: str = ""
    base_dn: str = ""
    barcode_attribute: str = ""


def load(path=None):
    with open(path or os.environ["CONFIG_PATH"]) as handle:
        raw = yaml.safe_load(handle)
    with open(raw["libraries_file"]) as handle:
        libraries = {entry["code"]: Library(**entry) for entry in yaml.safe_load(handle)}
    sip2 = raw["sip2"]
    return raw, Sip2Settings(
        connect_timeout=seconds(sip2["connect_timeout"]),
        request_timeout=seconds(sip2["request_timeout"]),
        tls_ca_file=sip2["tls_ca_file"],
    ), libraries
'''

MESSAGES_PY = '''"""SIP2 (3M Standard Interchange Protocol 2.00) messages the gateway sends
and the fields it reads from the answers. Error detection is on: every
message carries a sequence number (AY) and a checksum (AZ)."""

import datetime as dt


class Sip2ProtocolError(Exception):
    pass


def checksum(text):
    return f"{(-sum(text.encode('ascii', 'replace'))) & 0xFFFF:04X}"


def frame(body, seq):
    text = f"{body}AY{seq}AZ"
    return (text + checksum(text) + "\\r").encode("ascii", "replace")


def _now():
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d    %H%M%S")


def login(user, password, location):
    return f"9300CN{user}|CO{password}|CP{location}|"


def sc_status():
    return "9900302.00"


def patron_status(institution, barcode):
    return f"23001{_now()}AO{institution}|AA{barcode}|AC|AD|"


def patron_information(institution, barcode, pin):
    return f"63001{_now()}          AO{institution}|AA{barcode}|AC|AD{pin}|BP1|BQ5|"


class Response:
    def __init__(self, code, fixed, fields):
        self.code = code
        self.fixed = fixed
        self.fields = fields

    @property
    def ok(self):
        return self.code == "94" and self.fixed.startswith("1")

    def flag(self, name):
        return self.fields.get(name, "N") == "Y"


FIXED_LENGTH = {"94": 1, "98": 36, "24": 35, "64": 61}


def parse(raw, expect):
    text = raw.decode("ascii", "replace").rstrip("\\r\\n")
    code = text[:2]
    if code == "96":
        raise Sip2ProtocolError("ILS asked for a resend (96)")
    if code != expect:
        raise Sip2ProtocolError(f"expected {expect}, got {code!r}")
    n = FIXED_LENGTH[code]
    fixed, rest = text[2 : 2 + n], text[2 + n :]
    fields = {}
    for part in rest.split("|"):
        if len(part) >= 2 and part[:2] not in ("AY", "AZ"):
            fields.setdefault(part[:2], part[2:])
    return Response(code, fixed, fields)
'''

CLIENT_V1 = '''"""SIP2 over TCP to a member library's ILS: one connection per call, logged
in with the consortium's SIP2 account for that library."""

import asyncio
import ssl

from . import messages


class Sip2Error(Exception):
    pass


class Sip2Connection:
    def __init__(self, lib, n, cfg, credentials):
        self.lib = lib
        self.n = n
        self.cfg = cfg
        self.credentials = credentials
        self.reader = None
        self.writer = None
        self.seq = 0

    async def open(self):
        context = ssl.create_default_context(cafile=self.cfg.tls_ca_file) if self.lib.tls else None
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.lib.host, self.lib.port, ssl=context), self.cfg.connect_timeout
        )
        self.seq = 0

    async def login(self):
        user, password = self.credentials
        resp = await self.request(messages.login(user, password, self.lib.location), expect="94")
        if not resp.ok:
            raise Sip2Error(f"SIP2 login refused by {self.lib.code}")

    async def request(self, body, expect):
        self.seq = (self.seq + 1) % 10
        self.writer.write(messages.frame(body, self.seq))
        await self.writer.drain()
        raw = await asyncio.wait_for(self.reader.readuntil(b"\\r"), self.cfg.request_timeout)
        return messages.parse(raw, expect)

    async def close(self):
        if self.writer is None:
            return
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass
        self.writer = None


async def call(lib, cfg, credentials, body, expect):
    """One request: connect, log in, ask, hang up."""
    conn = Sip2Connection(lib, 0, cfg, credentials)
    await conn.open()
    try:
        await conn.login()
        return await conn.request(body, expect)
    finally:
        await conn.close()
'''

AUTH_V1 = '''"""Sign-in and patron checks, by the member library's method."""

import asyncio
import logging
import time

from .ldap_auth import LdapUnavailable, ldap_sign_in
from .sip2 import client, messages

log = logging.getLogger("patron_gateway.auth")

SIP2_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, client.Sip2Error, messages.Sip2ProtocolError)


class LibraryUnavailable(Exception):
    pass


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def masked(barcode):
    return "****" + barcode[-4:]


class Authenticator:
    def __init__(self, sip2_cfg, libraries, credentials):
        self.sip2_cfg = sip2_cfg
        self.libraries = libraries
        self.credentials = credentials

    async def _sip2(self, lib, body, expect):
        return await client.call(lib, self.sip2_cfg, self.credentials[lib.code], body, expect)

    async def sign_in(self, code, barcode, pin):
        lib = self.libraries[code]
        started = time.monotonic()
        if lib.method == "ldap":
            try:
                patron = await ldap_sign_in(lib, barcode, pin)
            except LdapUnavailable as err:
                log.warning("ldap server unavailable library=%s err=%r", code, err.cause)
                raise LibraryUnavailable(code) from err
        else:
            try:
                resp = await self._sip2(lib, messages.patron_information(lib.institution, barcode, pin), "64")
            except SIP2_ERRORS as err:
                log.warning("sip2 request failed library=%s msg=63 err=%r", code, err)
                raise LibraryUnavailable(code) from err
            patron = patron_from_sip2(resp)
        if patron.refused:
            log.info("sign-in refused library=%s reason=%s patron=%s", code, patron.refused, masked(barcode))
            raise Refused(patron.refused)
        log.info("session created library=%s method=%s patron=%s took=%dms", code, lib.method, masked(barcode),
                 (time.monotonic() - started) * 1000)
        return patron

    async def verify(self, code, barcode):
        lib = self.libraries[code]
        if lib.method == "ldap":
            return await ldap_sign_in(lib, barcode, None)
        try:
            resp = await self._sip2(lib, messages.patron_status(lib.institution, barcode), "24")
        except SIP2_ERRORS as err:
            log.warning("sip2 request failed library=%s msg=23 err=%r", code, err)
            raise LibraryUnavailable(code) from err
        return patron_from_sip2(resp, pin_checked=False)


class Patron:
    def __init__(self, name, refused=None, blocked=False):
        self.name = name
        self.refused = refused
        self.blocked = blocked


def patron_from_sip2(resp, pin_checked=True):
    if not resp.flag("BL"):
        return Patron(None, refused="unknown_patron")
    if pin_checked and not resp.flag("CQ"):
        return Patron(None, refused="invalid_pin")
    status = resp.fixed[:14]
    if "Y" in status[:4]:
        return Patron(resp.fields.get("AE"), refused="blocked", blocked=True)
    return Patron(resp.fields.get("AE"))
'''

LDAP_PY = '''"""Sign-in against a city directory (five member libraries): find the
patron's entry by barcode with the library's service account, then bind
as the patron with the PIN."""

import asyncio

import ldap3
from ldap3.core.exceptions import LDAPException, LDAPSocketOpenError


class LdapUnavailable(Exception):
    def __init__(self, cause):
        super().__init__(repr(cause))
        self.cause = cause


def _sign_in(lib, barcode, pin):
    from .auth import Patron

    server = ldap3.Server(lib.url, connect_timeout=5, get_info=ldap3.NONE)
    with ldap3.Connection(server, auto_bind=True, read_only=True, receive_timeout=5) as conn:
        conn.search(lib.base_dn, f"({lib.barcode_attribute}={ldap3.utils.conv.escape_filter_chars(barcode)})",
                    attributes=["cn", "nsAccountLock"])
        if not conn.entries:
            return Patron(None, refused="unknown_patron")
        entry = conn.entries[0]
    if pin is None:
        return Patron(str(entry.cn))
    with ldap3.Connection(server, user=entry.entry_dn, password=pin, receive_timeout=5) as user_conn:
        if not user_conn.bind():
            return Patron(None, refused="invalid_pin")
    return Patron(str(entry.cn))


async def ldap_sign_in(lib, barcode, pin):
    try:
        return await asyncio.to_thread(_sign_in, lib, barcode, pin)
    except (LDAPSocketOpenError, LDAPException) as err:
        raise LdapUnavailable(err) from err
'''

APP_V1 = '''"""HTTP API: POST /v1/sessions (sign-in, public through the ingress) and
POST /internal/patrons/verify (loans-api, before checkouts and holds)."""

import logging
import os

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import config, sessions
from .auth import Authenticator, LibraryUnavailable, Refused

VERSION = os.environ.get("APP_VERSION", "dev")
COMMIT = os.environ.get("GIT_COMMIT", "none")[:7]


class PodFilter(logging.Filter):
    def filter(self, record):
        record.pod = os.environ.get("HOSTNAME", "local")
        return True


def setup_logging():
    handler = logging.StreamHandler()
    handler.addFilter(PodFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s [%(pod)s] %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


setup_logging()
log = logging.getLogger("patron_gateway.app")
raw, sip2_cfg, libraries = config.load()
auth = Authenticator(sip2_cfg, libraries, config.sip2_credentials(libraries))


async def create_session(request):
    body = await request.json()
    try:
        patron = await auth.sign_in(body["library"], body["barcode"], body["pin"])
    except Refused as err:
        return JSONResponse({"error": err.reason}, status_code=401)
    except LibraryUnavailable:
        return JSONResponse({"error": "library_unavailable"}, status_code=503)
    return JSONResponse(sessions.issue(raw["session"], body["library"], body["barcode"], patron), status_code=201)


async def verify(request):
    body = await request.json()
    try:
        patron = await auth.verify(body["library"], body["barcode"])
    except LibraryUnavailable:
        return JSONResponse({"error": "library_unavailable"}, status_code=503)
    return JSONResponse({"ok": not patron.refused and not patron.blocked, "blocked": patron.blocked})


async def startup():
    log.info("starting patron-gateway version=%s commit=%s libraries=%d", VERSION, COMMIT, len(libraries))


app = Starlette(routes=[
    Route("/v1/sessions", create_session, methods=["POST"]),
    Route("/internal/patrons/verify", verify, methods=["POST"]),
    Route("/healthz", lambda request: JSONResponse({"ok": True})),
], on_startup=[startup])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8080, log_config=None, proxy_headers=True)
'''

SESSIONS_PY = '''"""Session tokens for the apps (RS256, 14 days)."""

import os
import time

import jwt

from .config import seconds


def issue(cfg, library, barcode, patron):
    now = int(time.time())
    claims = {"iss": cfg["issuer"], "sub": f"{library}:{barcode}", "lib": library, "iat": now, "exp": now + int(seconds(cfg["ttl"]))}
    return {"token": jwt.encode(claims, os.environ["SESSION_SIGNING_KEY"], algorithm="RS256"), "name": patron.name}
'''

CREDENTIALS_ADD = '''

def sip2_credentials(libraries):
    """(user, password) per SIP2 library from the sip2-accounts Secret."""
    return {code: (os.environ[f"{code}_USER"], os.environ[f"{code}_PASS"])
            for code, lib in libraries.items() if lib.method == "sip2"}
'''

TEST_MESSAGES = '''from patron_gateway.sip2 import messages


def test_checksum_of_a_known_message():
    # the example in the 3M SIP2 specification, section "Error detection"
    assert messages.checksum("09N19980821    085721APCertification Terminal Location|AOCertification Institute ID|"
                             "ABCheckInBook|ACTPWord|BIN|AY2AZ") == "D502"


def test_parse_patron_information():
    raw = b"64              00120260101    120000000000000000000000000000AOMVLS|AA21386001|AEJane Doe|BLY|CQY|AY1AZF8A1\\r"
    resp = messages.parse(raw, "64")
    assert resp.flag("BL") and resp.flag("CQ")
    assert resp.fields["AE"] == "Jane Doe"
'''

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: patron-gateway
spec:
  replicas: 3
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels: { app: patron-gateway }
  template:
    metadata:
      labels: { app: patron-gateway }
    spec:
      containers:
        - name: patron-gateway
          image: us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway
          args: ["python", "-m", "patron_gateway.app"]
          ports: [{ containerPort: 8080 }]
          env:
            - { name: CONFIG_PATH, value: config/production.yaml }
          envFrom:
            - secretRef: { name: sip2-accounts }
            - secretRef: { name: patron-gateway-session }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 5
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { memory: 512Mi }
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: patron
resources:
  - ../../base
images:
  - name: us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway
    newTag: set-by-deploy-workflow
"""

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version: { description: "release version, e.g. 2.15.0", required: true }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    permissions: { id-token: write, contents: read }
    steps:
      - uses: actions/checkout@v4
      - uses: google-github-actions/auth@v2
        with: { workload_identity_provider: projects/418803566201/locations/global/workloadIdentityPools/github/providers/github, service_account: deployer@ndl-prod.iam.gserviceaccount.com }
      - uses: google-github-actions/get-gke-credentials@v2
        with: { cluster_name: ndl-prod, location: us-central1 }
      - run: docker build --build-arg APP_VERSION=${{ inputs.version }} --build-arg GIT_COMMIT=$GITHUB_SHA -t $IMAGE:${{ inputs.version }}-${GITHUB_SHA::7} . && docker push $IMAGE:${{ inputs.version }}-${GITHUB_SHA::7}
        env: { IMAGE: us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway }
      - run: cd deploy/overlays/production && kustomize edit set image us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway:${{ inputs.version }}-${GITHUB_SHA::7} && kubectl apply -k . && kubectl -n patron rollout status deployment/patron-gateway --timeout=5m
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pip install -e '.[test]'
      - run: pytest -q
"""

RUNBOOK_ALERTS = [
    ("PatronSignInErrors", "More than 20 % of one library's sign-ins answer 5xx for 5 minutes. Look at the library in the alert first: `library=` in the patron-gateway logs."),
    ("LdapBindFailures", "A city directory refuses the service account's bind (result 49): the city rotated the password. Ask the city's IT for the new one and update the Secret ldap-accounts."),
]


def build_repo():
    repo = Repo()
    ingrid = Person("Ingrid Solberg", "ingrid.solberg@northstardigital.org", -360)
    marcus = Person("Marcus Oyelaran", "marcus.oyelaran@northstardigital.org", -240)
    aoife = Person("Aoife Brennan", "aoife.brennan@northstardigital.org", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    pool_py, client_py, auth_py = "patron_gateway/sip2/pool.py", "patron_gateway/sip2/client.py", "patron_gateway/auth.py"
    files = {
        "pyproject.toml": PYPROJECT,
        "patron_gateway/__init__.py": "",
        "patron_gateway/app.py": APP_V1,
        "patron_gateway/config.py": CONFIG_PY + CREDENTIALS_ADD,
        "patron_gateway/auth.py": AUTH_V1,
        "patron_gateway/ldap_auth.py": LDAP_PY,
        "patron_gateway/sessions.py": SESSIONS_PY,
        "patron_gateway/sip2/__init__.py": "",
        "patron_gateway/sip2/messages.py": MESSAGES_PY,
        client_py: CLIENT_V1,
        "config/production.yaml": PROD_YAML,
        "config/libraries.yaml": libraries_yaml(),
        "tests/test_messages.py": TEST_MESSAGES,
        "deploy/base/deployment.yaml": DEPLOYMENT,
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n",
        "deploy/base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: patron-gateway\nspec:\n  selector: { app: patron-gateway }\n  ports: [{ port: 80, targetPort: 8080 }]\n",
        "deploy/overlays/production/kustomization.yaml": KUSTOMIZATION,
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "Dockerfile": "FROM python:3.12-slim\nARG APP_VERSION=dev\nARG GIT_COMMIT=none\nENV APP_VERSION=$APP_VERSION GIT_COMMIT=$GIT_COMMIT\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nUSER 10001\nCMD [\"python\", \"-m\", \"patron_gateway.app\"]\n",
        "README.md": "# patron-gateway\n\nSign-in and patron checks for Northstar Reads. Each member library\nauthenticates its own patrons: over SIP2 against its ILS, or against its\ncity's LDAP directory (`config/libraries.yaml`). The apps call\n`POST /v1/sessions`; loans-api calls `POST /internal/patrons/verify`\nbefore every checkout and hold.\n\n## Running locally\n\n```\npip install -e '.[test]'\nCONFIG_PATH=config/local.yaml python -m patron_gateway.app\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-17 15:10:00"), ingrid, "patron-gateway: SIP2 and LDAP sign-in for Northstar Reads", files)
    crng = random.Random(54103)
    repo.schedule(chores(crng, SERVICE, [ingrid, marcus, aoife], utc("2026-02-17 17:00:00"), utc("2026-02-19 20:00:00"), 2)
                  + chores(crng, SERVICE, [aoife], utc("2026-02-23 08:00:00"), utc("2026-02-23 12:00:00"), 1))
    repo.commit(utc("2026-02-18 14:32:00"), aoife, "ldap: do not follow referrals for the city directories (PLAT-431)\n\nHarbor City's directory answers a search outside its base with a\nreferral to a DC we cannot reach; ldap3 follows it and the sign-in\nwaits for the connect timeout.", {
        "patron_gateway/ldap_auth.py": sub(repo.files["patron_gateway/ldap_auth.py"],
                                           "    with ldap3.Connection(server, auto_bind=True, read_only=True, receive_timeout=5) as conn:\n",
                                           "    with ldap3.Connection(server, auto_bind=True, read_only=True, receive_timeout=5, auto_referrals=False) as conn:\n"),
    })
    repo.commit(utc("2026-02-18 16:04:00"), bot, "chore(deps): update dependency uvicorn to v0.37.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"uvicorn[standard]==0.37.0"', '"uvicorn[standard]==0.37.1"'),
    })
    repo.commit(utc("2026-02-19 13:22:00"), marcus, "ci: run the tests on Python 3.12 and 3.13", {
        ".github/workflows/ci.yml": sub(repo.files[".github/workflows/ci.yml"], "    runs-on: ubuntu-24.04\n    steps:\n",
                                        "    runs-on: ubuntu-24.04\n    strategy:\n      matrix:\n        python: ['3.12', '3.13']\n    steps:\n",
                                        "          python-version: '3.12'\n", "          python-version: ${{ matrix.python }}\n"),
    })
    repo.commit(utc("2026-02-19 19:06:00"), ingrid, "sip2: read only the first AE and BL field of an answer (PLAT-435)\n\nCedar River's Koha repeats AE (patron name) when the patron has a\npreferred name; the second one won and the app greeted people by their\nlegal name.", {
        "patron_gateway/sip2/messages.py": sub(repo.files["patron_gateway/sip2/messages.py"],
                                               "        if len(part) >= 2 and part[:2] not in (\"AY\", \"AZ\"):\n            fields.setdefault(part[:2], part[2:])\n",
                                               "        # first occurrence wins: some Koha versions repeat AE with a preferred name\n        if len(part) >= 2 and part[:2] not in (\"AY\", \"AZ\"):\n            fields.setdefault(part[:2], part[2:])\n"),
    })
    # --- the culprit
    pool_v1 = '''"""A few logged-in SIP2 connections per member library (PLAT-438).

Logging in costs a round trip (and on hosted Koha a forked SIP process per
connection), so the pool logs its connections in once, at start-up, and
keeps them open. A connection idle for more than PING_AFTER seconds is
checked with SC Status (99) before it is used. A connection that fails is
reopened and the request is tried once more on it."""

import asyncio
import logging
import time

from .client import Sip2Connection, Sip2Error
from .messages import Sip2ProtocolError

log = logging.getLogger("patron_gateway.sip2.pool")

PING_AFTER = 60.0
ACQUIRE_TIMEOUT = 5.0
DEFAULT_SIZE = 2
RETRYABLE = (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Sip2Error, Sip2ProtocolError)


class Sip2Unavailable(Exception):
    def __init__(self, library, cause):
        super().__init__(f"{library}: {cause!r}")
        self.library = library
        self.cause = cause


class Sip2Pool:
    def __init__(self, lib, cfg, credentials, size=None):
        self.lib = lib
        self.cfg = cfg
        self.credentials = credentials
        self.size = size or DEFAULT_SIZE
        self._idle = asyncio.Queue()

    async def start(self):
        started = time.monotonic()
        for n in range(1, self.size + 1):
            conn = Sip2Connection(self.lib, n, self.cfg, self.credentials)
            await conn.open()
            await conn.login()
            self._idle.put_nowait(conn)
        log.info("sip2 pool logged in library=%s host=%s:%d size=%d took=%dms", self.lib.code, self.lib.host,
                 self.lib.port, self.size, (time.monotonic() - started) * 1000)

    async def request(self, body, expect):
        conn = await asyncio.wait_for(self._idle.get(), ACQUIRE_TIMEOUT)
        try:
            for attempt in (1, 2):
                try:
                    if conn.idle_for() > PING_AFTER:
                        await conn.ping()
                    return await conn.request(body, expect)
                except RETRYABLE as err:
                    await self._reopen(conn, err)
                    if attempt == 2:
                        raise Sip2Unavailable(self.lib.code, err) from err
        finally:
            self._idle.put_nowait(conn)

    async def _reopen(self, conn, err):
        await conn.close()
        try:
            await conn.open()
        except OSError as exc:
            log.warning("sip2 reopen failed library=%s conn=%d err=%r", self.lib.code, conn.n, exc)
            return
        log.info("sip2 connection reopened library=%s conn=%d after %r", self.lib.code, conn.n, err)


async def start_pools(libraries, cfg, credentials):
    pools = {code: Sip2Pool(lib, cfg, credentials[code], size=lib.pool_size)
             for code, lib in libraries.items() if lib.method == "sip2"}
    await asyncio.gather(*(pool.start() for pool in pools.values()))
    return pools
'''
    culprit_client = sub(repo.files[client_py],
                         '"""SIP2 over TCP to a member library\'s ILS: one connection per call, logged\nin with the consortium\'s SIP2 account for that library."""',
                         '"""SIP2 over TCP to a member library\'s ILS, logged in with the consortium\'s\nSIP2 account for that library. The connections are pooled (pool.py)."""',
                         "import asyncio\nimport ssl\n", "import asyncio\nimport ssl\nimport time\n",
                         "        self.seq = 0\n\n    async def open(self):", "        self.seq = 0\n        self.last_used = 0.0\n\n    def idle_for(self):\n        return time.monotonic() - self.last_used\n\n    async def open(self):",
                         "        )\n        self.seq = 0\n", "        )\n        self.seq = 0\n        self.last_used = time.monotonic()\n",
                         "        raw = await asyncio.wait_for(self.reader.readuntil(b\"\\r\"), self.cfg.request_timeout)\n        return messages.parse(raw, expect)\n",
                         "        raw = await asyncio.wait_for(self.reader.readuntil(b\"\\r\"), self.cfg.request_timeout)\n        self.last_used = time.monotonic()\n        return messages.parse(raw, expect)\n\n    async def ping(self):\n        await self.request(messages.sc_status(), expect=\"98\")\n",
                         '''

async def call(lib, cfg, credentials, body, expect):
    """One request: connect, log in, ask, hang up."""
    conn = Sip2Connection(lib, 0, cfg, credentials)
    await conn.open()
    try:
        await conn.login()
        return await conn.request(body, expect)
    finally:
        await conn.close()
''', "\n")
    culprit_auth = sub(repo.files[auth_py],
                       "from .sip2 import client, messages\n", "from .sip2 import client, messages\nfrom .sip2.pool import Sip2Unavailable\n",
                       "SIP2_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, client.Sip2Error, messages.Sip2ProtocolError)\n",
                       "SIP2_ERRORS = (Sip2Unavailable, client.Sip2Error, messages.Sip2ProtocolError)\n",
                       "    def __init__(self, sip2_cfg, libraries, credentials):\n        self.sip2_cfg = sip2_cfg\n        self.libraries = libraries\n        self.credentials = credentials\n\n    async def _sip2(self, lib, body, expect):\n        return await client.call(lib, self.sip2_cfg, self.credentials[lib.code], body, expect)\n",
                       "    def __init__(self, sip2_cfg, libraries, credentials):\n        self.sip2_cfg = sip2_cfg\n        self.libraries = libraries\n        self.credentials = credentials\n        self.pools = {}\n\n    async def _sip2(self, lib, body, expect):\n        return await self.pools[lib.code].request(body, expect)\n",
                       "            except SIP2_ERRORS as err:\n                log.warning(\"sip2 request failed library=%s msg=63 err=%r\", code, err)\n",
                       "            except SIP2_ERRORS as err:\n                log.warning(\"sip2 request failed library=%s msg=63 err=%r\", code, getattr(err, \"cause\", err))\n",
                       "        except SIP2_ERRORS as err:\n            log.warning(\"sip2 request failed library=%s msg=23 err=%r\", code, err)\n",
                       "        except SIP2_ERRORS as err:\n            log.warning(\"sip2 request failed library=%s msg=23 err=%r\", code, getattr(err, \"cause\", err))\n")
    culprit_app = sub(repo.files["patron_gateway/app.py"],
                      "from .auth import Authenticator, LibraryUnavailable, Refused\n",
                      "from .auth import Authenticator, LibraryUnavailable, Refused\nfrom .sip2.pool import start_pools\n",
                      "async def startup():\n    log.info(\"starting patron-gateway version=%s commit=%s libraries=%d\", VERSION, COMMIT, len(libraries))\n",
                      "async def startup():\n    log.info(\"starting patron-gateway version=%s commit=%s libraries=%d\", VERSION, COMMIT, len(libraries))\n    auth.pools = await start_pools(libraries, sip2_cfg, auth.credentials)\n")
    culprit_config = sub(repo.files["patron_gateway/config.py"], "    barcode_attribute: str = \"\"\n",
                         "    barcode_attribute: str = \"\"\n    pool_size: int = 0\n")
    test_pool = '''import asyncio

from patron_gateway.sip2.pool import Sip2Pool

from .fakes import FakeIls, library, settings


async def test_start_logs_every_connection_in(fake_ils: FakeIls):
    pool = Sip2Pool(library(fake_ils), settings(), ("northstar", "secret"), size=3)
    await pool.start()
    assert fake_ils.logins == 3


async def test_connections_are_reused(fake_ils: FakeIls):
    pool = Sip2Pool(library(fake_ils), settings(), ("northstar", "secret"), size=2)
    await pool.start()
    for _ in range(10):
        await pool.request("23001" + " " * 18 + "AOTEST|AA1|AC|AD|", "24")
    assert fake_ils.connections == 2


async def test_a_broken_connection_is_reopened(fake_ils: FakeIls):
    pool = Sip2Pool(library(fake_ils), settings(), ("northstar", "secret"), size=1)
    await pool.start()
    fake_ils.drop_all()
    await pool.request("23001" + " " * 18 + "AOTEST|AA1|AC|AD|", "24")
    assert fake_ils.connections == 2
'''
    fakes = '''"""An in-process SIP2 server for the tests: answers 94, 98, 24 and 64."""

import asyncio

import pytest

from patron_gateway.config import Library, Sip2Settings
from patron_gateway.sip2 import messages


class FakeIls:
    def __init__(self):
        self.logins = 0
        self.connections = 0
        self.writers = []
        self.server = None

    async def handle(self, reader, writer):
        self.connections += 1
        self.writers.append(writer)
        while not reader.at_eof():
            try:
                raw = await reader.readuntil(b"\\r")
            except asyncio.IncompleteReadError:
                return
            code = raw[:2].decode()
            if code == "93":
                self.logins += 1
                answer = "941"
            elif code == "99":
                answer = "98YYYYNN60000320260101    1200002.00AOTEST|AMTest|BXYYYYYYYYYYYYYYYY|"
            elif code == "23":
                answer = "24              00120260101    120000AOTEST|AA1|AETest Patron|BLY|CQY|"
            else:
                answer = "64              00120260101    120000000000000000000000000000AOTEST|AA1|AETest Patron|BLY|CQY|"
            writer.write(messages.frame(answer, 0))
            await writer.drain()

    def drop_all(self):
        for writer in self.writers:
            writer.close()
        self.writers = []


@pytest.fixture
async def fake_ils():
    ils = FakeIls()
    ils.server = await asyncio.start_server(ils.handle, "127.0.0.1", 0)
    yield ils
    ils.server.close()


def library(ils):
    port = ils.server.sockets[0].getsockname()[1]
    return Library(code="TEST", name="Test", method="sip2", host="127.0.0.1", port=port, institution="TEST", location="NDL")


def settings():
    return Sip2Settings(connect_timeout=1, request_timeout=1, tls_ca_file="")
'''
    culprit = repo.commit(utc("2026-02-20 15:48:00"), ingrid, "sip2: keep a pool of logged-in connections per library (PLAT-438)\n\nEvery sign-in and every patron check opened a TCP connection to the\nlibrary's SIP2 server, logged in (93/94), asked, and hung up: three round\ntrips before the real question, 300-900 ms for the libraries behind\nstunnel, and Lakeshore asked us to stop the churn on their Koha hosts\n(a forked SIP process and a login per request).\n\nKeep pool_size connections per library and pod (2, MVLS, LCLC, PRLS and\nBWRL 4), logged in at start-up. A connection idle for a minute is\nchecked with SC Status (99) first; one that fails is reopened and the\nrequest tried once more.", {
        pool_py: pool_v1,
        client_py: culprit_client,
        auth_py: culprit_auth,
        "patron_gateway/app.py": culprit_app,
        "patron_gateway/config.py": culprit_config,
        "tests/test_pool.py": test_pool,
        "tests/fakes.py": fakes,
        "tests/conftest.py": "from .fakes import fake_ils  # noqa: F401\n",
    })
    fri = repo.commit(utc("2026-02-20 16:41:00"), ingrid, "docs: SIP2 connection pooling, for the member libraries' IT", {
        "docs/member-libraries.md": "# For member libraries' IT\n\n## SIP2\n\nFrom release 2.14 patron-gateway keeps a few SIP2 connections open to\nyour ILS per pod (three pods): 6 connections for most libraries, 12 for\nMVLS, LCLC, PRLS and BWRL. They log in once with the `northstar` SIP2\naccount and stay open; an idle connection sends SC Status (99) before it\nis used again. Please allow that many concurrent connections for the\naccount, and no idle timeout below 10 minutes.\n\nThe connections come from our Cloud NAT addresses 34.41.122.17 and\n34.41.122.18.\n\n## LDAP\n\nOne search with the service account and one bind as the patron per\nsign-in, over LDAPS (636).\n",
    })
    repo.commit(utc("2026-02-20 20:14:00"), marcus, "runbook: one library's patrons cannot sign in (PLAT-440)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## One library's patrons cannot sign in\n\nIf only one library fails, it is that library's ILS or directory, not\nus: check the member-ops calendar for the library's maintenance window\n(Koha and Evergreen updates restart the SIP server), then ask the\nlibrary's IT or their ILS host (Lakeshore for the Koha libraries) to\ncheck the SIP2 service and the `northstar` account. Nothing to restart\non our side; sign-ins recover when the ILS is back.\n",
    })
    repo.commit(utc("2026-02-23 05:41:00"), bot, "chore(deps): update dependency starlette to v0.52.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"starlette==0.52.0"', '"starlette==0.52.1"'),
    })
    repo.commit(utc("2026-02-23 09:04:00"), aoife, "sip2: request timeout 8s -> 5s (PLAT-444)\n\nThe apps give up on a sign-in after 10 s; with 8 s per attempt and a\nretry on a fresh connection a slow ILS answered after the app had\nalready shown an error.", {
        "config/production.yaml": sub(repo.files["config/production.yaml"], "  request_timeout: 8s\n", "  request_timeout: 5s\n"),
    })
    repo.commit(utc("2026-02-23 10:32:00"), aoife, "sip2: pool gauges per library (PLAT-446)", {
        pool_py: sub(repo.files[pool_py], "import asyncio\nimport logging\nimport time\n\n",
                     "import asyncio\nimport logging\nimport time\n\nfrom prometheus_client import Gauge\n\n",
                     "RETRYABLE = ", "IN_USE = Gauge(\"patron_gateway_sip2_pool_in_use\", \"Pooled SIP2 connections in use\", [\"library\"])\n"
                     "SIZE = Gauge(\"patron_gateway_sip2_pool_size\", \"Pooled SIP2 connections\", [\"library\"])\nRETRYABLE = ",
                     "            self._idle.put_nowait(conn)\n        log.info(", "            self._idle.put_nowait(conn)\n        SIZE.labels(self.lib.code).set(self.size)\n        log.info(",
                     "        conn = await asyncio.wait_for(self._idle.get(), ACQUIRE_TIMEOUT)\n        try:\n",
                     "        conn = await asyncio.wait_for(self._idle.get(), ACQUIRE_TIMEOUT)\n        IN_USE.labels(self.lib.code).inc()\n        try:\n",
                     "        finally:\n            self._idle.put_nowait(conn)\n", "        finally:\n            IN_USE.labels(self.lib.code).dec()\n            self._idle.put_nowait(conn)\n"),
    })
    mon = repo.commit(utc("2026-02-23 12:41:00"), marcus, "auth: log why a patron's library could not be reached (PLAT-447)\n\n\"sip2 request failed ... err=TimeoutError()\" did not say which step,\nhow many attempts or how long; member support had to ask us for each\nticket.", {
        auth_py: sub(repo.files[auth_py],
                     "            except SIP2_ERRORS as err:\n                log.warning(\"sip2 request failed library=%s msg=63 err=%r\", code, getattr(err, \"cause\", err))\n",
                     "            except SIP2_ERRORS as err:\n                unavailable(code, \"patron_information\", barcode, started, err)\n",
                     "        except SIP2_ERRORS as err:\n            log.warning(\"sip2 request failed library=%s msg=23 err=%r\", code, getattr(err, \"cause\", err))\n",
                     "        except SIP2_ERRORS as err:\n            unavailable(code, \"patron_status\", barcode, started, err)\n",
                     "    async def verify(self, code, barcode):\n        lib = self.libraries[code]\n",
                     "    async def verify(self, code, barcode):\n        lib = self.libraries[code]\n        started = time.monotonic()\n",
                     "def masked(barcode):\n    return \"****\" + barcode[-4:]\n",
                     "def masked(barcode):\n    return \"****\" + barcode[-4:]\n\n\ndef describe(err):\n    cause = getattr(err, \"cause\", err)\n    if isinstance(cause, asyncio.IncompleteReadError):\n        return f\"ILS closed the connection ({len(cause.partial)} bytes read)\"\n    if isinstance(cause, asyncio.TimeoutError):\n        return \"no answer from the ILS in time\"\n    return repr(cause)\n\n\ndef unavailable(code, step, barcode, started, err):\n    log.warning(\"patron auth unavailable library=%s method=sip2 step=%s patron=%s attempts=2 took=%dms err=%s\",\n                code, step, masked(barcode), (time.monotonic() - started) * 1000, describe(err))\n"),
    })
    fix = repo.commit(utc("2026-02-23 16:02:00"), ingrid, "sip2: log in again when a pooled connection is reopened (PLAT-451)\n\nPLAT-438 logged the pool's connections in at start-up only; _reopen()\nopened a new socket and put it back without a 93 login. After a SIP\nserver restart every pooled connection to that library was reopened\nthat way and the ILS refused everything on it: Koha logs \"Login failed\nshutting down\" and closes the connection, Evergreen waits and drops it.\nMVLS's patrons could not sign in or borrow from 13:40 (Lakeshore's\nrestart after the Koha security release) until the rollback's new pods,\nand again from 15:05; Pine Hollow's from Sunday 16:10 CT until Monday's\ndeploy. Reopen = open + login, with a test that restarts the fake ILS.", {
        pool_py: sub(repo.files[pool_py],
                     "        try:\n            await conn.open()\n        except OSError as exc:\n            log.warning(\"sip2 reopen failed library=%s conn=%d err=%r\", self.lib.code, conn.n, exc)\n            return\n        log.info(\"sip2 connection reopened library=%s conn=%d after %r\", self.lib.code, conn.n, err)\n",
                     "        try:\n            await conn.open()\n            # a new connection is a new SIP session: nothing but a login is answered on it\n            await conn.login()\n        except RETRYABLE as exc:\n            log.warning(\"sip2 reopen failed library=%s conn=%d err=%r\", self.lib.code, conn.n, exc)\n            return\n        log.info(\"sip2 connection reopened and logged in library=%s conn=%d after %r\", self.lib.code, conn.n, err)\n",
                     "checked with SC Status (99) before it is used. A connection that fails is\nreopened and the request is tried once more on it.",
                     "checked with SC Status (99) before it is used. A connection that fails is\nreopened, logged in again, and the request is tried once more on it."),
        "tests/test_pool.py": repo.files["tests/test_pool.py"] + '''

async def test_a_reopened_connection_is_logged_in_again(fake_ils: FakeIls):
    pool = Sip2Pool(library(fake_ils), settings(), ("northstar", "secret"), size=2)
    await pool.start()
    fake_ils.drop_all()
    fake_ils.require_login = True
    for _ in range(4):
        await pool.request("23001" + " " * 18 + "AOTEST|AA1|AC|AD|", "24")
    assert fake_ils.logins == 4
''',
        "tests/fakes.py": sub(repo.files["tests/fakes.py"],
                              "        self.server = None\n", "        self.server = None\n        self.require_login = False\n",
                              "        self.connections += 1\n        self.writers.append(writer)\n",
                              "        self.connections += 1\n        self.writers.append(writer)\n        logged_in = False\n",
                              "            code = raw[:2].decode()\n            if code == \"93\":\n                self.logins += 1\n",
                              "            code = raw[:2].decode()\n            if self.require_login and not logged_in and code != \"93\":\n                writer.close()  # like Koha: \"Login failed shutting down\"\n                return\n            if code == \"93\":\n                self.logins += 1\n                logged_in = True\n"),
    })
    return repo, {"culprit": culprit, "fri": fri, "mon": mon, "fix": fix}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def checksum(text):
    return f"{(-sum(text.encode('ascii', 'replace'))) & 0xFFFF:04X}"


def framed(body, seq):
    text = f"{body}AY{seq}AZ"
    return text + checksum(text)


TITLES = ["The Lighthouse Keeper's Daughter", "Winter Counts", "A Field Guide to Northern Birds", "The Cedar Key Murders", "Small Engines",
          "The Orchard at Dusk", "Prairie Fires", "Learning Python the Slow Way", "Ice Roads", "The Quiet Harbor", "Bread Every Day",
          "North of the Border", "The Last Ferry", "Beekeeping for Beginners", "Stars over Superior", "The Glass Canoe",
          "Ojibwe Words for Snow", "Mending Fences", "The Paper Moon Bakery", "Canoe Country Recipes"]


def build_logs(rng, shas):
    pg, koha, ing, loans, gha, slack, jira = (Log("patron-gateway.log"), Log("koha-sip-mvls.log"), Log("ingress-nginx-access.log"),
                                               Log("loans-api.log"), Log("github-actions-deploy.log"), Log("slack-ndl-platform.log"),
                                               Log("jira-member-support.log"))
    t_start, t_end = secs(START), secs(END)
    stats = {"mvls_fail": {}, "mvls_total": {}, "fail5xx": {}, "total": {}, "first_mvls_fail": None, "mvls_fail_n": 0}

    # --- pods: three slots, replaced one by one at each rollout
    def pod_names(rs, n=3):
        return [f"patron-gateway-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(n)]

    epochs = [  # (start, rs, version, sha, buggy)
        (secs(FRI_DEPLOY), "6f9d8b7c54", "2.14.0", shas["fri"], True),
        (secs(RELEASE), "7b4c9f6d88", "2.15.0", shas["mon"], True),
        (secs(ROLLBACK), "6f9d8b7c54", "2.14.0", shas["fri"], True),
        (secs(POD_RESTART), "5d7f6c9b4f", "2.14.0", shas["fri"], True),
        (secs(FIXED), "84c6b5f7d9", "2.15.1", shas["fix"], False),
    ]
    slots = [[] for _ in range(3)]   # per slot: list of (from, pod dict)
    pods = []
    for ei, (x0, rs, ver, sha, buggy) in enumerate(epochs):
        names = pod_names(rs)
        for k in range(3):
            t0 = x0 + k * rng.uniform(13, 17) + rng.uniform(0, 2)
            pod = {"name": names[k], "ver": ver, "sha": sha, "buggy": buggy, "start": t0, "epoch": ei, "nat": NAT[(k + ei) % 2],
                   "conns": {}, "poison": {}, "fresh_broken": {}}
            slots[k].append((t0 + 3.2, pod))
            pods.append(pod)
    for k in range(3):
        for i, (t0, pod) in enumerate(slots[k]):
            pod["end"] = slots[k][i + 1][0] if i + 1 < len(slots[k]) else t_end + 1

    def pod_at(x):
        k = rng.randrange(3)
        cur = slots[k][0][1]
        for t0, pod in slots[k]:
            if x >= t0:
                cur = pod
        return cur

    # connection state per pod and library: list of dicts (FIFO)
    def conns(pod, code):
        if code not in pod["conns"]:
            size = LIB[code][4]
            pod["conns"][code] = [{"n": n, "last": pod["start"] + 2 + rng.uniform(0, 1), "pid": None} for n in range(1, size + 1)]
        return pod["conns"][code]

    # SIP server restarts: every live pod's connections to the library break
    restarts = {"MVLS": [secs(RESTART1), secs(RESTART2), secs(RESTART3)], "PHPL": [secs(utc("2026-02-22 22:10:00"))]}

    def broken_since(pod, code, x):
        """The last restart of the library's SIP server while the pod was up, or None."""
        last = None
        for r in restarts.get(code, []):
            if pod["start"] < r <= x:
                last = r
        return last

    # --- log writers
    def pylog(x, pod, level, logger, msg):
        if not t_start <= x < t_end:
            return
        t = at(x)
        pg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} {level:<7} [{pod['name']}] {logger}: {msg}")

    koha_pid = [41877]

    def new_pid():
        koha_pid[0] += rng.randint(1, 9)
        return koha_pid[0]

    def klog(x, pid, level, account, peer, msg, where):
        if not t_start <= x < t_end:
            return
        t = at(x)
        koha.add(t, f"[{t.strftime('%Y/%m/%d %H:%M:%S')}] [{pid}] [{level}] [{account}]@[{peer}]: {msg} {where}")

    LOOP = "C4::SIP::SIPServer::sip_protocol_loop /usr/share/koha/lib/C4/SIP/SIPServer.pm (252)"
    WRITE = "C4::SIP::Sip::write_msg /usr/share/koha/lib/C4/SIP/Sip.pm (244)"
    LOGIN_OK = "C4::SIP::Sip::MsgType::login_core /usr/share/koha/lib/C4/SIP/Sip/MsgType.pm (437)"
    RAW = "C4::SIP::SIPServer::raw_transport /usr/share/koha/lib/C4/SIP/SIPServer.pm (192)"
    RAW_TIMEOUT = "C4::SIP::SIPServer::raw_transport /usr/share/koha/lib/C4/SIP/SIPServer.pm (161)"
    RAW_UNAME = "C4::SIP::SIPServer::raw_transport /usr/share/koha/lib/C4/SIP/SIPServer.pm (186)"

    def kdebug(x):
        return x >= secs(RESTART2)   # Lakeshore restarted the SIP server to turn on debug logging

    def klogin_ok(x, pid, peer, account):
        """A SIP connection that logs in; with debug logging, raw_transport's lines around it."""
        if kdebug(x):
            klog(x - 0.004, pid, "DEBUG", "undef", peer, "raw_transport: timeout is 30", RAW_TIMEOUT)
        klog(x, pid, "INFO", "undef", peer, f"Successful login/auth for '{account}' of 'MVLS'", LOGIN_OK)
        if kdebug(x):
            klog(x + 0.001, pid, "DEBUG", account, peer, f"raw_transport: uname/inst: '{account}/MVLS'", RAW_UNAME)

    def klogin_failed(x, pid, peer):
        """A SIP connection whose first message is not a login (93)."""
        if kdebug(x):
            klog(x - 0.003, pid, "DEBUG", "undef", peer, "raw_transport: timeout is 30", RAW_TIMEOUT)
            klog(x - 0.001, pid, "DEBUG", "undef", peer, "raw_transport: uname/inst: 'undef/undef'", RAW_UNAME)
        klog(x, pid, "ERROR", "undef", peer, "Login failed shutting down", RAW)

    def kdate(x):
        return at(x).strftime("%Y%m%d    %H%M%S")

    def ua_app():
        return rng.choice(["NorthstarReads/5.8.2 (iPhone; iOS 18.3; Scale/3.00)", "NorthstarReads/5.8.2 (Android 14; Pixel 7)",
                           "NorthstarReads/5.8.1 (Android 13; SM-A536U)", "NorthstarReads/5.8.2 (iPad; iPadOS 18.3)",
                           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
                           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
                           "NorthstarReads/5.7.9 (Kindle Fire HD 10; Fire OS 8)"])

    def client_ip():
        return f"{rng.choice([24, 65, 66, 73, 75, 97, 98, 107, 174, 184])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def ingress(x, method, path, status, size, rt, upstream, up_status=None):
        if not t_start <= x < t_end:
            return
        t = at(x)
        reqlen = rng.randint(380, 720)
        up_addr = {"patron-gateway": f"10.28.{rng.randint(1, 3)}.{rng.randint(10, 60)}:8080", "loans-api": f"10.28.{rng.randint(1, 3)}.{rng.randint(70, 120)}:3000"}[upstream]
        ing.add(t, f'{client_ip()} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua_app()}" {reqlen} {rt:.3f} '
                   f'[{ {"patron-gateway": "patron-patron-gateway-80", "loans-api": "loans-loans-api-80"}[upstream]}] [] {up_addr} {size} {rt - 0.001 if rt > 0.002 else rt:.3f} {up_status or status} {hexid(rng, 32)}')
        m = int(x // 60) * 60
        stats["total"][m] = stats["total"].get(m, 0) + 1
        if status >= 500:
            stats["fail5xx"][m] = stats["fail5xx"].get(m, 0) + 1

    def barcode(code):
        prefix = {"MVLS": "21386", "PHPL": "29447"}.get(code, f"2{sum(map(ord, code)) % 9000 + 1000}")
        return prefix + "".join(rng.choice("0123456789") for _ in range(14 - len(prefix)))

    def masked(bc):
        return "****" + bc[-4:]

    def koha_bc(bc):
        return bc[:7] + "****" + bc[-3:]

    # --- one SIP2 request through a pod's pool; returns (ok, took_s, reopen_errors)
    def sip2(x, pod, code, msg, bc, pin_ok=True, refused=None):
        """Simulates the pool: ping when idle, the request, reopen on error.
        Writes patron-gateway reopen lines and MVLS's Koha lines. Returns
        (ok, took, last_error)."""
        q = conns(pod, code)
        conn = q.pop(0)
        q.append(conn)
        idle = x - conn["last"]
        since = broken_since(pod, code, x)
        took = 0.0
        base = {"MVLS": 0.045, "PHPL": 0.09}.get(code, 0.06) * (2.5 if LIB[code][5] else 1.0)
        peer = pod["nat"]
        ils = LIB[code][2]
        if since is not None and conn.get("fixed_after", 0) < since:
            # this connection died with the SIP server at `since`
            if since < t_start - 3600:
                conn["broken_handled"] = since   # found broken overnight, before these logs
            if conn.get("broken_handled", 0) < since:
                conn["broken_handled"] = since
                err1 = rng.choice(["ConnectionResetError(104, 'Connection reset by peer')", "IncompleteReadError('0 bytes read on a total of undefined expected bytes')"])
                took += 0.004 + rng.uniform(0, 0.01)
                first_dead = True
            else:
                first_dead = False
                err1 = None
            if not pod["buggy"]:
                # PLAT-451: reopen logs in; the retry works on a logged-in connection
                if first_dead:
                    conn["pid"] = new_pid()
                    took += base * 2
                    pylog(x + took, pod, "INFO", "patron_gateway.sip2.pool", f"sip2 connection reopened and logged in library={code} conn={conn['n']} after {err1}")
                    if code == "MVLS":
                        klogin_ok(x + took - base * 0.8, conn["pid"], peer, "northstar")
                conn["fixed_after"] = since
                idle = 0
                # fall through to a normal request below
            else:
                # attempt 1: dead socket (first use) or a connection never logged in
                errs = []
                if first_dead:
                    errs.append(err1)
                else:
                    took += base * 0.9
                    if ils == "koha":
                        if code == "MVLS":
                            klogin_failed(x + took - 0.002, conn["pid"] or new_pid(), peer)
                        errs.append("IncompleteReadError('0 bytes read on a total of undefined expected bytes')")
                    else:
                        took += timeout_of(pod)
                        errs.append("TimeoutError()")
                conn["pid"] = new_pid()
                pylog(x + took + 0.002, pod, "INFO", "patron_gateway.sip2.pool", f"sip2 connection reopened library={code} conn={conn['n']} after {errs[-1]}")
                took += 0.012 + rng.uniform(0, 0.02)
                # attempt 2: the request on a connection that never logged in
                took += base * 0.9
                if ils == "koha":
                    if code == "MVLS":
                        klogin_failed(x + took - 0.002, conn["pid"], peer)
                    errs.append("IncompleteReadError('0 bytes read on a total of undefined expected bytes')")
                else:
                    took += timeout_of(pod)
                    errs.append("TimeoutError()")
                conn["pid"] = new_pid()
                pylog(x + took + 0.002, pod, "INFO", "patron_gateway.sip2.pool", f"sip2 connection reopened library={code} conn={conn['n']} after {errs[-1]}")
                conn["last"] = x + took
                return False, took + 0.003, errs[-1]
        # a working, logged-in connection
        if conn["pid"] is None:
            conn["pid"] = new_pid()
        if idle > 60:
            d = base * rng.uniform(0.7, 1.4)
            if code == "MVLS":
                klog(x + took + d * 0.4, conn["pid"], "INFO", "northstar", peer, f"INPUT MSG: '{framed('9900302.00', 1)}'", LOOP)
                klog(x + took + d * 0.6, conn["pid"], "INFO", "northstar", peer,
                     f"OUTPUT MSG: '{framed('98YYYYNN60000320' + kdate(x + took)[2:] + '2.00AOMVLS|AMMaple Valley Library System|BXYYYYYYYYYYYYNNYY|', 1)}'", WRITE)
            took += d
        d = base * rng.lognormvariate(0, 0.35) + (rng.uniform(0.3, 1.6) if code in ("IRPL", "NWRL") and rng.random() < 0.08 else 0)
        if code == "MVLS":
            seq = rng.randint(2, 9)
            if msg == "63":
                body = f"63001{kdate(x + took)}          AOMVLS|AA{koha_bc(bc)}|AC|AD****|BP1|BQ5|"
                flags = ("Y", "Y" if pin_ok else "N")
                blocked = "Y" if refused == "blocked" else " "
                out = (f"64{blocked}{blocked}{blocked}           001{kdate(x + took + d * 0.6)}"
                       f"{rng.randint(0, 3):04d}0000{rng.randint(0, 9):04d}{rng.randint(0, 2):04d}00000000"
                       f"AOMVLS|AA{koha_bc(bc)}|AE[redacted]|BL{'N' if refused == 'unknown_patron' else flags[0]}|CQ{flags[1]}|BHUSD|BV{rng.choice(['0.00', '0.00', '0.00', '1.25', '4.50'])}|")
            else:
                body = f"23001{kdate(x + took)}AOMVLS|AA{koha_bc(bc)}|AC|AD|"
                out = f"24              001{kdate(x + took + d * 0.6)}AOMVLS|AA{koha_bc(bc)}|AE[redacted]|BLY|CQN|BHUSD|BV0.00|"
            klog(x + took + d * 0.3, conn["pid"], "INFO", "northstar", peer, f"INPUT MSG: '{framed(body, seq)}'", LOOP)
            klog(x + took + d * 0.7, conn["pid"], "INFO", "northstar", peer, f"OUTPUT MSG: '{framed(out, seq)}'", WRITE)
        took += d
        conn["last"] = x + took
        return True, took, None

    def timeout_of(pod):
        return 5.0 if pod["ver"].startswith("2.15") else 8.0

    def fail_line(x, pod, code, msg, bc, took, err):
        if pod["ver"] == "2.14.0":
            pylog(x, pod, "WARNING", "patron_gateway.auth", f"sip2 request failed library={code} msg={msg} err={err}")
        else:
            step = "patron_information" if msg == "63" else "patron_status"
            desc = "ILS closed the connection (0 bytes read)" if "IncompleteRead" in err else ("no answer from the ILS in time" if "Timeout" in err else err)
            pylog(x, pod, "WARNING", "patron_gateway.auth", f"patron auth unavailable library={code} method=sip2 step={step} patron={masked(bc)} attempts=2 took={int(took * 1000)}ms err={desc}")

    # --- pod starts and stops
    lib_order = [c for c, *_ in LIBRARIES]
    for pod in pods:
        if pod["epoch"] == 0:
            continue
        x = pod["start"]
        pylog(x, pod, "INFO", "uvicorn.error", "Started server process [1]")
        pylog(x + 0.01, pod, "INFO", "uvicorn.error", "Waiting for application startup.")
        pylog(x + 0.02, pod, "INFO", "patron_gateway.app", f"starting patron-gateway version={pod['ver']} commit={pod['sha'][:7]} libraries={len(LIBRARIES)}")
        y = x + 0.05
        for code in lib_order:
            name, method, ils, share, size, tls = LIB[code]
            if method != "sip2":
                continue
            took = rng.uniform(0.06, 0.16) * size * (2.2 if tls else 1.0)
            ils_host = ILS_HOSTS[ils].format(c=code.lower())
            pylog(y + took, pod, "INFO", "patron_gateway.sip2.pool", f"sip2 pool logged in library={code} host={ils_host}:{6443 if tls else 6001} size={size} took={int(took * 1000)}ms")
            if code == "MVLS":
                for c in conns(pod, "MVLS"):
                    c["pid"] = new_pid()
                    klogin_ok(y + rng.uniform(0.01, took), c["pid"], pod["nat"], "northstar")
            y += rng.uniform(0.005, 0.03)
        pylog(y + 2.6, pod, "INFO", "uvicorn.error", "Application startup complete.")
        pylog(y + 2.61, pod, "INFO", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")
    for pod in pods:
        x = pod["end"]
        if x > t_end:
            continue
        pylog(x + 0.1, pod, "INFO", "uvicorn.error", "Shutting down")
        pylog(x + 0.3, pod, "INFO", "uvicorn.error", "Waiting for application shutdown.")
        pylog(x + 0.31, pod, "INFO", "uvicorn.error", "Application shutdown complete.")
        pylog(x + 0.32, pod, "INFO", "uvicorn.error", "Finished server process [1]")

    # --- traffic: sign-ins and patron checks
    lib_weights = [(share, code) for code, _, _, _, share, _, _ in LIBRARIES]

    def pick_lib():
        r = rng.random() * sum(w for w, _ in lib_weights)
        for w, code in lib_weights:
            r -= w
            if r <= 0:
                return code
        return lib_weights[-1][1]

    def ramp(x):
        # 06:00 CT quiet, rising to the mid-morning level by 10:00 CT
        return min(1.0, max(0.0, (x - t_start) / (4 * 3600)))

    def record_mvls(x, ok):
        m = int(x // 60) * 60
        stats["mvls_total"][m] = stats["mvls_total"].get(m, 0) + 1
        if not ok:
            stats["mvls_fail"][m] = stats["mvls_fail"].get(m, 0) + 1
            stats["mvls_fail_n"] += 1
            if x >= secs(RESTART1) and (stats["first_mvls_fail"] is None or x < stats["first_mvls_fail"]):
                stats["first_mvls_fail"] = x

    def sign_in(x, code, bc=None, attempt=1):
        pod = pod_at(x)
        bc = bc or barcode(code)
        method = LIB[code][1]
        r = rng.random()
        refused = "invalid_pin" if r < 0.045 else "unknown_patron" if r < 0.06 else "blocked" if r < 0.07 else None
        if method == "ldap":
            took = rng.lognormvariate(0, 0.3) * 0.14
            if rng.random() < 0.002:
                pylog(x + 5.0, pod, "WARNING", "patron_gateway.auth", f"ldap server unavailable library={code} err=LDAPSocketOpenError('socket connection error while opening: timed out')")
                ingress(x + 5.01, "POST", "/v1/sessions", 503, 33, 5.012, "patron-gateway")
                return
            ok = True
        else:
            ok, took, err = sip2(x, pod, code, "63", bc, pin_ok=refused != "invalid_pin", refused=refused)
        if code == "MVLS":
            record_mvls(x, ok)
        if not ok:
            fail_line(x + took, pod, code, "63", bc, took, err)
            ingress(x + took + 0.002, "POST", "/v1/sessions", 503, 33, took + 0.004, "patron-gateway")
            if attempt < 3 and rng.random() < 0.6:
                heapq.heappush(queue, (x + took + rng.uniform(4, 40), next(counter), "signin", code, bc, attempt + 1))
            return
        if refused:
            pylog(x + took, pod, "INFO", "patron_gateway.auth", f"sign-in refused library={code} reason={refused} patron={masked(bc)}")
            ingress(x + took + 0.002, "POST", "/v1/sessions", 401, 26, took + 0.004, "patron-gateway")
            return
        pylog(x + took, pod, "INFO", "patron_gateway.auth", f"session created library={code} method={method} patron={masked(bc)} took={int(took * 1000)}ms")
        ingress(x + took + 0.003, "POST", "/v1/sessions", 201, rng.randint(905, 940), took + 0.005, "patron-gateway")

    def loans_line(x, level, msg, **fields):
        if not t_start <= x < t_end:
            return
        host = loans_pods[rng.randrange(3)]
        loans.add(at(x), pino(at(x), level, msg, pid=1, hostname=host, **fields))

    loans_pods = ["loans-api-5c8d7f9b64-hq2vx", "loans-api-5c8d7f9b64-m7rtk", "loans-api-5c8d7f9b64-zx4pn"]

    def checkout_or_hold(x, code):
        pod = pod_at(x)
        bc = barcode(code)
        kind = "checkout" if rng.random() < 0.68 else "hold"
        if LIB[code][1] == "ldap":
            ok, took = True, rng.lognormvariate(0, 0.3) * 0.12
        else:
            ok, took, err = sip2(x, pod, code, "23", bc)
        if code == "MVLS":
            record_mvls(x, ok)
        path = "/v1/loans" if kind == "checkout" else "/v1/holds"
        title = f"ndl-{rng.choice(['e', 'e', 'e', 'a'])}-{rng.randint(10000, 99999)}"
        if not ok:
            fail_line(x + took, pod, code, "23", bc, took, err)
            loans_line(x + took + 0.004, "error", "patron verification failed", library=code, patron=masked(bc), route=f"POST {path}",
                       status=503, error="library_unavailable", title_id=title)
            ingress(x + took + 0.006, "POST", path, 503, 71, took + 0.012, "loans-api")
            return
        fmt = "audiobook" if title.startswith("ndl-a") else "ebook"
        if kind == "checkout":
            if rng.random() < 0.22:
                loans_line(x + took + 0.02, "info", "no copy available, offering a hold", library=code, title_id=title, format=fmt, copies=rng.randint(1, 12))
                ingress(x + took + 0.03, "POST", path, 409, 88, took + 0.035, "loans-api")
                return
            lic = rng.lognormvariate(0, 0.35) * (0.42 if fmt == "ebook" else 0.6)
            loans_line(x + took + lic, "info", "checkout created", library=code, patron=masked(bc), title_id=title, format=fmt,
                       vendor="ravel-lcp" if fmt == "ebook" else "audira", loan_days=rng.choice([7, 14, 14, 21]), ms=int((took + lic) * 1000))
            ingress(x + took + lic + 0.004, "POST", path, 201, rng.randint(1480, 1620), took + lic + 0.008, "loans-api")
        else:
            pos = rng.randint(1, 60)
            loans_line(x + took + 0.03, "info", "hold placed", library=code, patron=masked(bc), title_id=title, format=fmt, position=pos,
                       est_wait_days=max(1, int(pos * rng.uniform(1.5, 4))))
            ingress(x + took + 0.035, "POST", path, 201, rng.randint(310, 360), took + 0.04, "loans-api")

    # one time-ordered queue: the pools' connections are shared by both
    counter = itertools.count()
    queue = []
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.10 + 0.22 * ramp(x))
        queue.append((x, next(counter), "signin", pick_lib(), None, 1))
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.05 + 0.13 * ramp(x))
        queue.append((x, next(counter), "check", pick_lib(), None, 1))
    heapq.heapify(queue)
    while queue:
        x, _, kind, code, bc, attempt = heapq.heappop(queue)
        if x >= t_end:
            continue
        if kind == "signin":
            sign_in(x, code, bc, attempt)
        else:
            checkout_or_hold(x, code)

    # loans-api routine: holds that became available, loans expiring
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.06)
        code = pick_lib()
        title = f"ndl-{rng.choice(['e', 'e', 'a'])}-{rng.randint(10000, 99999)}"
        if rng.random() < 0.6:
            loans_line(x, "info", "hold available, patron notified", library=code, title_id=title, channel=rng.choice(["push", "email", "push"]), hold_days=3)
        else:
            loans_line(x, "info", "loan returned", library=code, title_id=title, reason=rng.choice(["expired", "expired", "early_return"]))
    for _ in range(9):
        x = rng.uniform(t_start, t_end)
        loans_line(x, "warn", "licence server slow", vendor="ravel-lcp", ms=rng.randint(2100, 4800), op="POST /licenses")
    for _ in range(3):
        x = rng.uniform(t_start, t_end)
        loans_line(x, "warn", "notification failed", channel="email", error="mailbox unavailable (550 5.1.1)", library=pick_lib())

    # --- MVLS's self-check machines (their own SIP2 accounts), and staff clients
    branches = ["cent", "cent", "oakp", "oakp", "rive", "mapl", "hill", "lake"]
    machines = []
    for i, br in enumerate(branches):
        machines.append({"acct": f"sc_mvls_{br}{i % 2 + 1}", "peer": f"203.0.113.{20 + i * 3}", "pid": new_pid(), "phase": rng.uniform(0, 300)})

    def machine_session_broken(m, x):
        last = None
        for r in restarts["MVLS"]:
            if r <= x:
                last = r
        return last

    for m in machines:
        x = t_start + m["phase"]
        logged_after = 0.0
        m["pids"] = [(t_start - 1, m["pid"])]
        while x < t_end:
            r = machine_session_broken(m, x)
            if r is not None and logged_after < r:
                m["pid"] = new_pid()
                m["pids"].append((x, m["pid"]))
                klogin_ok(x, m["pid"], m["peer"], m["acct"])
                logged_after = r
                x += 0.4
            klog(x, m["pid"], "INFO", m["acct"], m["peer"], f"INPUT MSG: '{framed('9900302.00', 0)}'", LOOP)
            klog(x + 0.03, m["pid"], "INFO", m["acct"], m["peer"],
                 f"OUTPUT MSG: '{framed('98YYYYNN60000320' + kdate(x)[2:] + '2.00AOMVLS|AMMaple Valley Library System|BXYYYYYYYYYYYYNNYY|', 0)}'", WRITE)
            x += 300 + rng.uniform(-1, 1)
        # transactions once the branches open
        x = secs(MVLS_OPENS) + rng.uniform(60, 400)
        while x < t_end:
            x += rng.expovariate(0.5 / 60)
            if any(r - 2 < x < r + 25 for r in restarts["MVLS"]):
                continue
            item = f"31386{rng.randint(10000000, 99999999)}"
            bc = barcode("MVLS")
            seq = rng.randint(0, 9)
            if rng.random() < 0.6:
                inp = f"11YN{kdate(x)}{' ' * 18}AOMVLS|AA{koha_bc(bc)}|AB{item}|AC|"
                due = (at(x) + dt.timedelta(days=21)).strftime("%Y-%m-%d")
                out = f"121NNY{kdate(x + 0.2)}AOMVLS|AA{koha_bc(bc)}|AB{item}|AJ{rng.choice(TITLES)}|AH{due} 23:59|"
            else:
                inp = f"09N{kdate(x)}{kdate(x)}AP{m['acct'][8:]}|AOMVLS|AB{item}|AC|"
                out = f"101YNN{kdate(x + 0.2)}AOMVLS|AB{item}|AQ{m['acct'][8:12].upper()}|AJ{rng.choice(TITLES)}|"
            pid = [p for tp, p in m["pids"] if tp <= x][-1]
            klog(x, pid, "INFO", m["acct"], m["peer"], f"INPUT MSG: '{framed(inp, seq)}'", LOOP)
            klog(x + rng.uniform(0.08, 0.3), pid, "INFO", m["acct"], m["peer"], f"OUTPUT MSG: '{framed(out, seq)}'", WRITE)
    # a self-check that sends a checkout without an item barcode now and then
    for _ in range(3):
        x = secs(MVLS_OPENS) + rng.uniform(300, t_end - secs(MVLS_OPENS) - 60)
        m = rng.choice(machines)
        klog(x, [p for tp, p in m["pids"] if tp <= x][-1], "WARN", m["acct"], m["peer"], "handle_checkout: no item barcode in request, answering 12 with ok=0",
             "C4::SIP::Sip::MsgType::handle_checkout /usr/share/koha/lib/C4/SIP/Sip/MsgType.pm (538)")

    # --- GitHub Actions
    def gh(x, text):
        t = at(x)
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def deploy_run(x0, number, actor, version, sha):
        tag = f"{version}-{sha[:7]}"
        gh(x0, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha} version={version}")
        gh(x0 + 1.2, "Current runner version: '2.321.0'")
        gh(x0 + 3.9, f"HEAD is now at {sha[:7]}")
        gh(x0 + 62.4, f"#12 pushing us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway:{tag} done")
        gh(x0 + 66.0, f"+ kustomize edit set image us-central1-docker.pkg.dev/ndl-prod/apps/patron-gateway:{tag}")
        gh(x0 + 67.1, "deployment.apps/patron-gateway configured")
        gh(x0 + 67.2, "service/patron-gateway unchanged")
        gh(x0 + 68.0, "Waiting for deployment \"patron-gateway\" rollout to finish: 1 out of 3 new replicas have been updated...")
        gh(x0 + 84.5, "Waiting for deployment \"patron-gateway\" rollout to finish: 2 out of 3 new replicas have been updated...")
        gh(x0 + 100.9, "Waiting for deployment \"patron-gateway\" rollout to finish: 1 old replicas are pending termination...")
        gh(x0 + 114.3, "deployment \"patron-gateway\" successfully rolled out")
        gh(x0 + 114.6, "##[endgroup]")

    deploy_run(secs(RELEASE) - 70, 96, "moyelaran", "2.15.0", shas["mon"])
    deploy_run(secs(FIXED) - 70, 97, "isolberg", "2.15.1", shas["fix"])

    # --- Slack #ndl-platform
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #ndl-platform {who}: {text}")

    say(utc("2026-02-23 12:14:00"), "aoife.brennan", "morning all. PLAT-444 and PLAT-446 merged, PLAT-447 in review. anyone against a patron-gateway release at ~13:00 UTC?")
    say(utc("2026-02-23 12:52:00"), "marcus.oyelaran", "PLAT-447 merged. I'll ship 2.15.0 after my coffee")
    say(RELEASE - dt.timedelta(minutes=2), "marcus.oyelaran", "deploying patron-gateway 2.15.0: SIP2 request timeout 8s -> 5s (PLAT-444), pool gauges (PLAT-446), 'patron auth unavailable' logging (PLAT-447), starlette 0.52.1")
    say(RELEASE + dt.timedelta(minutes=3, seconds=10), "marcus.oyelaran", "2.15.0 out, sign-ins look normal")
    say(RESTART1 + dt.timedelta(minutes=6, seconds=30), "alertmanager", "[FIRING:1] PatronSignInErrors library=MVLS (5xx > 20% for 5m) patron-gateway")
    say(RESTART1 + dt.timedelta(minutes=8), "marcus.oyelaran", "every MVLS sign-in fails: 'patron auth unavailable library=MVLS method=sip2 step=patron_information ... err=ILS closed the connection (0 bytes read)'. checkouts for MVLS patrons too (patron_status). other libraries fine")
    say(RESTART1 + dt.timedelta(minutes=9, seconds=30), "marcus.oyelaran", "member-ops calendar: 'MVLS / Lakeshore: Koha 25.05.07 security release, 07:30-08:00 CT, SIP restart'. runbook says one library failing = their ILS. emailing Lakeshore support")
    say(RESTART1 + dt.timedelta(minutes=17), "jess.lindqvist (member support)", "MVLS reference desk calling: patrons can't sign in to Northstar Reads since about 7:40. NDLSUP-4411")
    say(RESTART1 + dt.timedelta(minutes=25), "marcus.oyelaran", "Lakeshore: patch done 07:41 CT, SIP up, their own SIP test logs in and gets patron info fine. they see our connections 'closing right away'")
    say(RESTART1 + dt.timedelta(minutes=29), "aoife.brennan", "2.15.0 went out 30 min before this, with my SIP2 timeout change (PLAT-444). I don't see how 5s breaks one library, but the timing. rolling back")
    say(ROLLBACK - dt.timedelta(seconds=40), "aoife.brennan", "kubectl -n patron rollout undo deployment/patron-gateway")
    say(ROLLBACK + dt.timedelta(minutes=2), "aoife.brennan", "2.14.0 pods up. MVLS sign-ins going through again")
    say(ROLLBACK + dt.timedelta(minutes=6), "marcus.oyelaran", "so 2.15.0 + the Koha patch? PLAT-447 only changes a log line. PLAT-446 only gauges. leaves the timeout. but MVLS answers in ~50 ms")
    say(ROLLBACK + dt.timedelta(minutes=13), "jess.lindqvist (member support)", "MVLS confirms patrons can sign in. Pine Hollow also opened a ticket: patrons couldn't sign in Sunday evening and early this morning, fine now (NDLSUP-4409)")
    say(ROLLBACK + dt.timedelta(minutes=15), "marcus.oyelaran", "Pine Hollow was on 2.14.0 all weekend though. 'sip2 request failed library=PHPL msg=63 err=TimeoutError()' in the logs until 13:11, then nothing. their Evergreen was rebooted Sunday, they say")
    say(ROLLBACK + dt.timedelta(minutes=22), "marcus.oyelaran", "asked Lakeshore for their SIP log from 07:00 CT with debug on, so we can compare 2.15.0's requests with 2.14.0's. they need a SIP restart for the log level")
    say(RESTART2 + dt.timedelta(minutes=2), "alertmanager", "[FIRING:1] PatronSignInErrors library=MVLS (5xx > 20% for 5m) patron-gateway")
    say(RESTART2 + dt.timedelta(minutes=2, seconds=40), "aoife.brennan", "MVLS failing again, on 2.14.0: `sip2 request failed library=MVLS msg=63 err=IncompleteReadError('0 bytes read on a total of undefined expected bytes')`. Lakeshore restarted SIP at 09:05 CT for the debug logging. so not 2.15.0")
    say(RESTART2 + dt.timedelta(minutes=7), "marcus.oyelaran", "Lakeshore's log: every connection from 34.41.122.17/.18 since 09:05 CT ends with 'Login failed shutting down' and never sends a 93. 'Successful login/auth for northstar' only at 07:10 and 08:18 CT (our deploy and the rollback). their self-checks logged in again right after both restarts")
    say(RESTART2 + dt.timedelta(minutes=12), "ingrid.solberg", "that's PLAT-438, mine, Friday. the pool logs in at start-up only; _reopen() opens a new socket and puts it back without a 93 login. a SIP restart breaks every pooled connection, we reopen them all un-logged-in and Koha hangs up on each request. the rollback 'fixed' it because new pods log in. Pine Hollow is the same bug with Evergreen (it doesn't hang up, it just never answers, hence the timeouts)")
    say(POD_RESTART - dt.timedelta(seconds=30), "ingrid.solberg", "kubectl -n patron rollout restart deployment/patron-gateway as a stopgap. fix + test coming")
    say(POD_RESTART + dt.timedelta(minutes=2), "ingrid.solberg", "MVLS ok again")
    say(utc("2026-02-23 16:03:00"), "ingrid.solberg", "PLAT-451 merged: _reopen logs in, test with a fake ILS that hangs up like Koha. releasing 2.15.1 (includes Monday's changes)")
    say(FIXED + dt.timedelta(minutes=2), "ingrid.solberg", "2.15.1 out. asked Lakeshore to restart MVLS's SIP once more at 10:20 CT to check")
    say(RESTART3 + dt.timedelta(minutes=3), "ingrid.solberg", "restart at 10:20 CT: each MVLS connection logs 'sip2 connection reopened and logged in' at its next use and the request goes through, no failures. Lakeshore sees 12 new logins for northstar by 10:24")
    say(RESTART3 + dt.timedelta(minutes=6), "aoife.brennan", "postmortem Wednesday. follow-ups: alert per library on reopen loops, docs for member IT about restarts")

    # --- Jira Service Management (member support), webhook JSON
    def jevent(t, event, key, **fields):
        jira.add(t, json.dumps({"timestamp": int(t.timestamp() * 1000), "webhookEvent": event, "issue_key": key, **fields}, ensure_ascii=False))

    def created(t, key, lib, priority, summary, description, reporter):
        jevent(t, "jira:issue_created", key, fields={"summary": summary, "description": description, "priority": priority,
                                                    "member_library": lib, "reporter": reporter, "status": "Open"})

    def comment(t, key, author, body):
        jevent(t, "comment_created", key, comment={"author": author, "body": body})

    created(utc("2026-02-23 12:21:40"), "NDLSUP-4406", "LCLC", "Low", "Audiobook won't download on Kindle Fire",
            "Patron says The Last Ferry audiobook stops at 38% on a Kindle Fire HD 10. App 5.7.9.", "circ@lakescountry.lib.mn.us")
    created(RESTART1 + dt.timedelta(minutes=15, seconds=20), "NDLSUP-4411", "MVLS", "Highest", "Northstar Reads: none of our patrons can sign in",
            "Since about 7:40 this morning every patron who calls says the app says 'Your library can't be reached right now'. Our catalog and self-checks are fine (branches open at 9).", "ref.central@maplevalley.lib.mn.us")
    comment(RESTART1 + dt.timedelta(minutes=24), "NDLSUP-4411", "support@lakeshorekoha.net",
            "Koha 25.05.07 was applied to MVLS between 07:30 and 07:41 CT; the SIP server was restarted at 07:40. SIP is up and our monitoring logs in and looks up a test patron fine. We do see connections from 34.41.122.17 and 34.41.122.18 being closed right after they connect.")
    created(ROLLBACK + dt.timedelta(minutes=11), "NDLSUP-4409", "PHPL", "Medium", "Patrons could not sign in Sunday evening and this morning",
            "Two patrons left voicemails: they could not sign in to Northstar Reads on Sunday evening, one again at 6:45 this morning ('takes forever then says library can't be reached'). Our Evergreen server was rebooted Sunday around 4 pm for updates. It seems to work now.", "director@pinehollowlibrary.org")
    comment(ROLLBACK + dt.timedelta(minutes=3), "NDLSUP-4411", "jess.lindqvist@northstardigital.org", "Platform rolled back a release at 08:18 CT; sign-ins work again. Please confirm with patrons.")
    comment(RESTART2 - dt.timedelta(minutes=2), "NDLSUP-4411", "support@lakeshorekoha.net",
            "As requested we will restart the SIP server for MVLS at 09:05 CT to raise the log level to DEBUG. Self-check users may see a short interruption.")
    comment(RESTART2 + dt.timedelta(minutes=6), "NDLSUP-4411", "support@lakeshorekoha.net",
            "Log excerpt attached (07:00-09:10 CT). After the restarts at 07:40 and 09:05 every connection from your addresses sends a 63, 23 or 99 as its first message instead of a 93 login; Koha answers 'Login failed shutting down' and closes it. The only logins for 'northstar' are at 07:10 and 08:18. Our self-check clients log in again after each restart.")
    created(utc("2026-02-23 15:47:10"), "NDLSUP-4414", "BWRL", "Low", "Patron card range for new branch",
            "We are opening the Fox Lake branch in April; new cards will start with 23110. Does anything need to change on your side?", "it@bigwoods.lib.mn.us")
    comment(RESTART3 + dt.timedelta(minutes=9), "NDLSUP-4411", "support@lakeshorekoha.net",
            "Restarted SIP for MVLS at 10:20 CT as agreed. Each of your 12 connections logged in again on its next request (10:20-10:24); no login failures since.")

    return [pg, koha, ing, loans, gha, slack, jira], stats


def build(out_dir):
    rng = random.Random(54100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_mvls_fail"]).replace(microsecond=0)
        assert RESTART1 <= onset <= RESTART1 + dt.timedelta(seconds=60), onset
        culprit_at = utc("2026-02-20 15:48:00")
        hours = (onset - culprit_at).total_seconds() / 3600

        def per_minute(table):
            def fn(t):
                m = int(t.timestamp() // 60) * 60 - 60
                return table.get(m, 0)
            return fn

        def ratio(t):
            m = int(t.timestamp() // 60) * 60 - 60
            total = stats["mvls_total"].get(m, 0)
            return round(stats["mvls_fail"].get(m, 0) / total, 3) if total else 0

        metrics = {
            "patron_gateway_requests_failed_ratio_1m.json": query_range(
                [({"job": "patron-gateway", "library": "MVLS", "method": "sip2"}, ratio)], START, END, 60),
            "nginx_ingress_controller_requests_5xx_1m.json": query_range(
                [({"ingress": "northstar-api", "namespace": "ingress-nginx", "status": "5xx"}, per_minute(stats["fail5xx"])),
                 ({"ingress": "northstar-api", "namespace": "ingress-nginx", "status": "all"}, per_minute(stats["total"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r54-sip2-reconnect-login", service=SERVICE, onset=onset,
            description=f"""
Maple Valley Library System's patrons cannot sign in to Northstar Reads or
borrow on Monday 23 February: from {onset.strftime('%H:%M:%S')} UTC every MVLS sign-in
and every patron check before an MVLS patron's checkout or hold answers
503 ("library can't be reached"), right after MVLS's ILS host restarted
the Koha SIP server in its announced maintenance window. A patron-gateway
release had gone out at 13:10; it was rolled back at 14:18 and MVLS
recovered, then failed again from 15:05 until a restart of the pods at
15:24. A fix was deployed at 16:12.
""",
            logs=logs,
            line_formats={
                "patron-gateway.log": r'<Date> <Time> <Level>\s+\[<Pod>\] <Logger>: <Content>',
                "koha-sip-mvls.log": r'\[<Time>\] \[<Pid>\] \[<Level>\] \[<Account>\]@\[<Peer>\]: <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Login failed shutting down',
                r'sip2 connection reopened library=',
            ],
            fix_files=["patron_gateway/sip2/pool.py"],
            explanation=f"""
The culprit is PLAT-438 ("sip2: keep a pool of logged-in connections per
library"), committed on Friday 20 February at 15:48 UTC and deployed at
17:20 as 2.14.0 with the docs commit after it, {hours:.1f} hours before the
onset. The pool logs its connections in (SIP2 93/94) once, at start-up; a
connection that fails is reopened by _reopen(), which opens a new socket
and puts it back without logging in, and the request is retried on it. A
SIP server restart breaks every pooled connection to that library: each
is reopened un-logged-in and the ILS answers nothing but a login on it.
Lakeshore's restart of MVLS's Koha SIP server at 13:40:02 (after a Koha
security release) makes Koha log "Login failed shutting down" for every
request from the consortium's NAT addresses and close the connection;
patron-gateway logs "sip2 connection reopened library=MVLS ... after
IncompleteReadError(...)" twice per request and answers 503. New pods log
in afresh, which is why the rollback at 14:18 seemed to help; the restart
at 15:05 (on 2.14.0) brings it back. The fix logs in again on reopen (a
revert of the culprit touches the same file).
Decoys: the 13:10 release 2.15.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(PLAT-447, which adds the very "patron auth unavailable ... err=ILS closed
the connection" line; PLAT-444, the SIP2 request timeout 8 s -> 5 s;
PLAT-446, pool gauges in the culprit's file; a starlette bump), rolled
back at 14:18 with apparent success, since new pods log in; MVLS's
maintenance window and Lakeshore's restart (the trigger, outside the
repo); the runbook commit that says one library failing is its ILS; the
docs commit for member IT that the Friday deploy names; PLAT-435 (SIP2
field parsing), PLAT-431 (LDAP referrals), the uvicorn bump and the CI
commit; Pine Hollow's timeouts before 13:11 (the same bug after its
Evergreen reboot on Sunday, ended by the 13:10 deploy's new pods);
routine refused PINs, unknown and blocked patrons, an LDAP timeout, slow
Sierra answers, licence server warnings and a self-check's bad request.
""",
        )
    finally:
        repo.close()
