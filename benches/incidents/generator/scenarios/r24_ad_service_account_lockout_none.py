"""transfer-requests (Python 3.12, FastAPI, ldap3, gunicorn with uvicorn
workers; three pods on the trust's on-premises Kubernetes, deployed from
GitLab CI; team in Leeds and Belfast): the patient-flow team's and the
wards' requests to move a patient between wards and sites at Northvale
Hospitals NHS Trust. Every request and approval resolves the member of staff
in Active Directory (ward, role, the `GG-BedManagers` group) with the
service account `svc-bedflow`, bound per request over LDAPS.

On Wednesday 20 May at 09:47:58 UTC the identity team's CyberArk CPM rotates
`svc-bedflow`'s password on its 90-day policy and writes the new one into
the vault path that the pods' CSI secret mount reads; the pods pick it up
within a minute and keep working. But the account also still runs the
"BedBoardSync" Windows service on BEDSRV-LEGACY02, the old bed-board server
that was meant to be decommissioned in March; that service binds every 30 s
with the password it was installed with. After ten bad passwords in the
lockout window AD locks the account (event 4740, Caller Computer Name
BEDSRV-LEGACY02), and every bind from transfer-requests fails with
`AcceptSecurityContext error, data 775` (locked out): requests and approvals
answer 503. The service desk unlocks the account at 10:11; the legacy server
locks it again within five minutes. At 10:33 the server team stops and
disables the legacy service, the desk unlocks the account at 10:35 and the
requests recover. Nothing in this repository caused it.

Decoys: a release at 09:19, 33 minutes before the first failure, that pools
the LDAP connections (ldap3 ServerPool over both DCs, 5 s receive timeout)
and restarts the pods; a same-morning commit that logs the LDAP result and
the AD diagnostic on a failed bind (so the error lines are new with that
release); the credentials reload line when the CSI mount refreshes; a docs
page on the service account. Sources: app (Python logging with ldap3
tracebacks, gunicorn), ingress-nginx access, the domain controllers'
Security log forwarded by NXLog (syslog RFC 3164), GitLab CI deploy job."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, python_logging, syslog3164
from skeletons import chores, k8s_deployment, python_service

SERVICE = "transfer-requests"
START, END = utc("2026-05-20 08:20:00"), utc("2026-05-20 10:55:00")
RELEASE = utc("2026-05-20 09:19:26")
ROTATE = utc("2026-05-20 09:47:58")
LEGACY_FIRST = utc("2026-05-20 09:48:11")
UNLOCK_1 = utc("2026-05-20 10:11:42")
LEGACY_STOP = utc("2026-05-20 10:33:05")
UNLOCK_2 = utc("2026-05-20 10:35:20")
DCS = [("NVDC01", "10.20.1.11"), ("NVDC02", "10.20.1.12")]
NODES = ["10.30.4.21", "10.30.4.22", "10.30.4.23"]
LEGACY_IP = "10.20.9.47"
DIRECTORY = "transfers/directory.py"

DIRECTORY_PY = '''"""Staff lookups in Active Directory for requests and approvals."""
import logging

from ldap3 import NTLM, Connection, Server
from ldap3.core.exceptions import LDAPException

from transfers.settings import settings

log = logging.getLogger("transfers.directory")
SERVER = Server(settings.ldap_url, use_ssl=True, connect_timeout=5)


class DirectoryUnavailable(Exception):
    pass


def staff(username):
    try:
        with Connection(SERVER, user=settings.ldap_user, password=settings.ldap_password(),
                        authentication=NTLM, auto_bind=True) as conn:
            conn.search(settings.ldap_base, f"(sAMAccountName={username})",
                        attributes=["department", "title", "memberOf"])
            if not conn.entries:
                return None
            return conn.entries[0]
    except LDAPException as exc:
        log.error("directory lookup failed for %s", username, exc_info=True)
        raise DirectoryUnavailable() from exc
'''


def build_repo():
    aoife = Person("Aoife Quinn", "aoife.quinn@northvale.nhs.uk", 60)
    rashid = Person("Rashid Hussain", "rashid.hussain@northvale.nhs.uk", 60)
    ciaran = Person("Ciarán Doherty", "ciaran.doherty@northvale.nhs.uk", 60)
    repo = Repo()
    files = python_service(SERVICE, "transfers", "Ward-to-ward and inter-site patient transfer requests.")
    files.update({
        DIRECTORY: DIRECTORY_PY,
        "transfers/settings.py": "import os\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Settings:\n    ldap_url: str = os.environ.get(\"LDAP_URL\", \"ldaps://nvdc01.northvale.nhs.internal\")\n    ldap_user: str = os.environ.get(\"LDAP_USER\", \"NORTHVALE\\\\svc-bedflow\")\n    ldap_base: str = \"OU=Staff,DC=northvale,DC=nhs,DC=internal\"\n    ldap_password_file: str = \"/var/run/secrets/ldap/password\"\n\n    def ldap_password(self):\n        with open(self.ldap_password_file) as handle:\n            return handle.read().strip()\n\n    @classmethod\n    def load(cls):\n        return cls()\n\n\nsettings = Settings.load()\n",
        "transfers/approvals.py": "from transfers import directory\n\nAPPROVER_GROUP = \"CN=GG-BedManagers,OU=Groups,DC=northvale,DC=nhs,DC=internal\"\n\n\ndef can_approve(username):\n    entry = directory.staff(username)\n    return entry is not None and APPROVER_GROUP in entry.memberOf.values\n",
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8000, replicas=3, memory="384Mi", env={"LDAP_URL": "ldaps://nvdc01.northvale.nhs.internal"}),
        "k8s/secret-provider.yaml": "apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata:\n  name: transfer-requests-ldap\nspec:\n  provider: cyberark\n  parameters:\n    safe: Clinical-Apps-Svc\n    object: svc-bedflow\n    rotationPollInterval: 60s\n",
        ".gitlab-ci.yml": "stages: [test, deploy]\ntest:\n  stage: test\n  image: python:3.12\n  script:\n    - pip install -e .[test]\n    - pytest\ndeploy:\n  stage: deploy\n  when: manual\n  only: [main]\n  script:\n    - kubectl -n transfers apply -f k8s/\n    - kubectl -n transfers set image deployment/transfer-requests transfer-requests=registry.northvale.nhs.internal/transfer-requests:$CI_COMMIT_SHA\n    - kubectl -n transfers rollout status deployment/transfer-requests --timeout=5m\n",
    })
    repo.commit(utc("2026-05-15 09:30:00"), aoife, "transfer-requests: requests, approvals and the AD staff lookup", files)
    repo.schedule(chores(random.Random(24201), SERVICE, [aoife, rashid, ciaran], utc("2026-05-15 09:30:00"), utc("2026-05-18 17:00:00"), 4))
    repo.commit(utc("2026-05-18 14:10:00"), rashid, "approvals: site managers may approve inter-site moves out of hours", {
        "transfers/approvals.py": repo.files["transfers/approvals.py"] + "\nSITE_MANAGER_GROUP = \"CN=GG-SiteManagers,OU=Groups,DC=northvale,DC=nhs,DC=internal\"\n",
    })
    repo.commit(utc("2026-05-19 10:25:00"), ciaran, "docs: the svc-bedflow service account and who rotates it", {
        "docs/service-account.md": "# svc-bedflow\n\nAD service account used for staff lookups (read only, `OU=Staff`).\nOwned by the identity team; CyberArk rotates its password every 90 days\nand the CSI driver refreshes `/var/run/secrets/ldap/password` within a\nminute. If binds fail with `data 775` the account is locked: ask the\nservice desk to unlock it and find the host in event 4740.\n",
    })
    repo.commit(utc("2026-05-19 15:40:00"), aoife, "requests: reject a transfer to the ward the patient is already on", {
        "transfers/requests.py": "from transfers.errors import SameWard\n\n\ndef validate(request, current_ward):\n    if request.target_ward == current_ward:\n        raise SameWard(request.encounter_id)\n",
    })
    repo.commit(utc("2026-05-19 16:20:00"), rashid, "tests: approvals by bed managers and site managers", {
        "tests/test_approvals.py": "from unittest import mock\n\nfrom transfers import approvals\n\n\ndef test_bed_manager_can_approve():\n    entry = mock.Mock()\n    entry.memberOf.values = [approvals.APPROVER_GROUP]\n    with mock.patch(\"transfers.directory.staff\", return_value=entry):\n        assert approvals.can_approve(\"nvjsmith\")\n",
    })
    repo.commit(utc("2026-05-20 08:05:00"), rashid, "directory: log the LDAP result and AD diagnostic when a bind fails", {
        DIRECTORY: repo.edit(DIRECTORY, '    except LDAPException as exc:\n        log.error("directory lookup failed for %s", username, exc_info=True)\n',
                             '    except LDAPException as exc:\n        log.error("directory lookup failed for %s: result=%s description=%s message=%s", username,\n                  getattr(exc, "result", None), getattr(exc, "description", None), getattr(exc, "message", None),\n                  exc_info=True)\n'),
    })
    directory = repo.edit(DIRECTORY, "from ldap3 import NTLM, Connection, Server\n", "from ldap3 import FIRST, NTLM, Connection, Server, ServerPool\n")
    directory = directory.replace("SERVER = Server(settings.ldap_url, use_ssl=True, connect_timeout=5)\n",
                                  "SERVER = ServerPool([Server(url, use_ssl=True, connect_timeout=5) for url in settings.ldap_urls],\n                    FIRST, active=2, exhaust=60)\n")
    directory = directory.replace("authentication=NTLM, auto_bind=True)", "authentication=NTLM, auto_bind=True, receive_timeout=5)")
    release = repo.commit(utc("2026-05-20 09:02:00"), ciaran, "directory: pool both DCs, 5 s receive timeout\n\nNVDC01's patching on Sunday left lookups hanging for 90 s. Use a\nServerPool over both DCs and give up on a read after 5 s.", {
        DIRECTORY: directory,
        "transfers/settings.py": repo.edit("transfers/settings.py", '    ldap_url: str = os.environ.get("LDAP_URL", "ldaps://nvdc01.northvale.nhs.internal")\n',
                                           '    ldap_urls: tuple = tuple(os.environ.get("LDAP_URLS", "ldaps://nvdc01.northvale.nhs.internal,ldaps://nvdc02.northvale.nhs.internal").split(","))\n'),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", '            - name: LDAP_URL\n              value: "ldaps://nvdc01.northvale.nhs.internal"\n',
                                         '            - name: LDAP_URLS\n              value: "ldaps://nvdc01.northvale.nhs.internal,ldaps://nvdc02.northvale.nhs.internal"\n'),
    })
    return repo, release


def locked(t):
    """Is svc-bedflow locked out at t? Returns the lockout times too."""
    return any(a <= t < b for a, b in LOCKS)


LOCKS = []


def build_logs(rng, release):
    app, ingress, dc, ci = Log("transfer-requests.log"), Log("ingress-nginx-access.log"), Log("dc-security.log"), Log("gitlab-deploy.log")
    stats = {"ok": [], "bad": []}

    def dcline(t, dcname, eid, msg):
        return syslog3164(t, dcname, "Microsoft-Windows-Security-Auditing", 4, f"{eid}: {msg}")

    def logon_ok(t, dcname, src):
        return dcline(t, dcname, 4624, f"An account was successfully logged on.    Subject:   Security ID: S-1-0-0   Account Name: -   Account Domain: -   Logon ID: 0x0    Logon Information:   Logon Type: 3   Restricted Admin Mode: -   Virtual Account: No   Elevated Token: No    Impersonation Level: Impersonation    New Logon:   Security ID: S-1-5-21-3623811015-3361044348-30300820-41877   Account Name: svc-bedflow   Account Domain: NORTHVALE   Logon ID: 0x{hexid(rng, 8).upper()}    Network Information:   Workstation Name: -   Source Network Address: {src}   Source Port: {rng.randint(30000, 60999)}    Detailed Authentication Information:   Logon Process: NtLmSsp    Authentication Package: NTLM   Package Name (NTLM only): NTLM V2   Key Length: 128")

    def logon_fail(t, dcname, src, ws, status, sub, reason):
        return dcline(t, dcname, 4625, f"An account failed to log on.    Subject:   Security ID: S-1-0-0   Account Name: -   Account Domain: -   Logon ID: 0x0    Logon Type: 3    Account For Which Logon Failed:   Security ID: S-1-0-0   Account Name: svc-bedflow   Account Domain: NORTHVALE    Failure Information:   Failure Reason: {reason}   Status: {status}   Sub Status: {sub}    Process Information:   Caller Process ID: 0x0   Caller Process Name: -    Network Information:   Workstation Name: {ws}   Source Network Address: {src}   Source Port: {rng.randint(30000, 60999)}    Detailed Authentication Information:   Logon Process: NtLmSsp    Authentication Package: NTLM")

    # the legacy server: every 30 s from the rotation with the old password
    bad_count = []
    t = LEGACY_FIRST
    while t < LEGACY_STOP:
        bad_count.append(t)
        t += dt.timedelta(seconds=30 + rng.uniform(-0.4, 0.4))
    # lockout after 10 bad passwords since the last unlock (observation window 30 min)
    unlocks = [START, UNLOCK_1, UNLOCK_2]
    since = 0
    lock_at = None
    for i, b in enumerate(bad_count):
        # while locked, attempts fail as locked and do not count
        if lock_at and not any(u > lock_at and u <= b for u in unlocks):
            dcname = DCS[0][0]
            dc.add(b, logon_fail(b, dcname, LEGACY_IP, "BEDSRV-LEGACY02", "0xC0000234", "0x0", "Account locked out."))
            continue
        if lock_at:
            lock_at, since = None, 0
        since += 1
        dcname = DCS[i % 2][0]
        dc.add(b, logon_fail(b, dcname, LEGACY_IP, "BEDSRV-LEGACY02", "0xC000006D", "0xC000006A", "Unknown user name or bad password."))
        if since == 10:
            lock_at = b + dt.timedelta(milliseconds=rng.randint(5, 40))
            LOCKS.append([lock_at, None])
            dc.add(lock_at, dcline(lock_at, "NVDC01", 4740, f"A user account was locked out.    Subject:   Security ID: S-1-5-18   Account Name: NVDC01$   Account Domain: NORTHVALE   Logon ID: 0x3E7    Account That Was Locked Out:   Security ID: S-1-5-21-3623811015-3361044348-30300820-41877   Account Name: svc-bedflow    Additional Information:   Caller Computer Name: BEDSRV-LEGACY02"))
    LOCKS[0][1] = UNLOCK_1
    if len(LOCKS) > 1:
        LOCKS[1][1] = UNLOCK_2
    for u, who in ((UNLOCK_1, "sd-kmorgan"), (UNLOCK_2, "sd-jpatel")):
        dc.add(u, dcline(u, "NVDC01", 4767, f"A user account was unlocked.    Subject:   Security ID: S-1-5-21-3623811015-3361044348-30300820-{rng.randint(20000, 40000)}   Account Name: {who}   Account Domain: NORTHVALE   Logon ID: 0x{hexid(rng, 8).upper()}    Target Account:   Security ID: S-1-5-21-3623811015-3361044348-30300820-41877   Account Name: svc-bedflow   Account Domain: NORTHVALE"))
    dc.add(ROTATE, dcline(ROTATE, "NVDC01", 4724, "An attempt was made to reset an account's password.    Subject:   Security ID: S-1-5-21-3623811015-3361044348-30300820-30112   Account Name: svc-cyberark-cpm   Account Domain: NORTHVALE   Logon ID: 0x" + hexid(rng, 8).upper() + "    Target Account:   Security ID: S-1-5-21-3623811015-3361044348-30300820-41877   Account Name: svc-bedflow   Account Domain: NORTHVALE"))
    dc.add(ROTATE + dt.timedelta(milliseconds=12), dcline(ROTATE + dt.timedelta(milliseconds=12), "NVDC01", 4738, "A user account was changed.    Subject:   Security ID: S-1-5-21-3623811015-3361044348-30300820-30112   Account Name: svc-cyberark-cpm   Account Domain: NORTHVALE    Target Account:   Security ID: S-1-5-21-3623811015-3361044348-30300820-41877   Account Name: svc-bedflow   Account Domain: NORTHVALE    Changed Attributes:   Password Last Set: " + ROTATE.strftime("%d/%m/%Y %H:%M:%S")))
    # other accounts' noise on the DCs
    for t in poisson_times(rng, START, END, 2.5):
        dcname = rng.choice(DCS)[0]
        user = rng.choice(["svc-pacs-query", "svc-ehr-int", "svc-printmgmt", "NVWS" + str(rng.randint(1000, 4999)) + "$"])
        r = rng.random()
        if r < 0.8:
            dc.add(t, dcline(t, dcname, 4624, f"An account was successfully logged on.    Subject:   Security ID: S-1-0-0   Account Name: -   Account Domain: -   Logon ID: 0x0    Logon Information:   Logon Type: 3   Restricted Admin Mode: -   Virtual Account: No   Elevated Token: No    Impersonation Level: Impersonation    New Logon:   Security ID: S-1-5-21-3623811015-3361044348-30300820-{rng.randint(20000, 60000)}   Account Name: {user}   Account Domain: NORTHVALE   Logon ID: 0x{hexid(rng, 8).upper()}    Network Information:   Workstation Name: -   Source Network Address: 10.20.{rng.randint(2, 40)}.{rng.randint(2, 250)}   Source Port: {rng.randint(30000, 60999)}    Detailed Authentication Information:   Logon Process: Kerberos   Authentication Package: Kerberos"))
        elif r < 0.95:
            dc.add(t, dcline(t, dcname, 4769, f"A Kerberos service ticket was requested.    Account Information:   Account Name: {user}@NORTHVALE.NHS.INTERNAL   Account Domain: NORTHVALE.NHS.INTERNAL    Service Information:   Service Name: {rng.choice(['NVFS01$', 'NVSQL03$', 'NVPRINT01$'])}    Network Information:   Client Address: ::ffff:10.20.{rng.randint(2, 40)}.{rng.randint(2, 250)}   Client Port: {rng.randint(49000, 65000)}    Additional Information:   Ticket Options: 0x40810000   Ticket Encryption Type: 0x12   Failure Code: 0x0"))
        else:
            u = "nv" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
            dc.add(t, dcline(t, dcname, 4771, f"Kerberos pre-authentication failed.    Account Information:   Security ID: S-1-5-21-3623811015-3361044348-30300820-{rng.randint(20000, 60000)}   Account Name: {u}    Service Information:   Service Name: krbtgt/NORTHVALE.NHS.INTERNAL    Network Information:   Client Address: ::ffff:10.64.{rng.randint(0, 40)}.{rng.randint(2, 250)}   Client Port: {rng.randint(49000, 65000)}    Additional Information:   Ticket Options: 0x40810010   Failure Code: 0x18   Pre-Authentication Type: 2"))

    # pods: before and after the release
    pods = []
    for gen, (a, b, ver) in enumerate([(START - dt.timedelta(days=1), RELEASE, "d41a9c2"), (RELEASE, END + dt.timedelta(hours=1), release[:7])]):
        for i in range(3):
            up = a + dt.timedelta(seconds=20 + 25 * i) if gen else a
            down = b + dt.timedelta(seconds=24 + 25 * i) if gen == 0 else b
            pods.append({"gen": gen, "up": up, "down": down, "ver": ver, "ip": f"10.244.{rng.randint(1, 3)}.{rng.randint(10, 250)}", "node": NODES[i]})

    def live(t):
        return [p for p in pods if p["up"] <= t < p["down"]]

    def pl(t, level, logger, msg):
        return python_logging(t, level, logger, msg)

    for p in pods[3:]:
        t = p["up"] - dt.timedelta(seconds=6)
        for off, msg in [(0, f"[1] [INFO] Starting gunicorn 22.0.0"), (0.01, "[1] [INFO] Listening at: http://0.0.0.0:8000 (1)"),
                         (0.02, "[1] [INFO] Using worker: uvicorn.workers.UvicornWorker"), (0.05, "[8] [INFO] Booting worker with pid: 8"), (0.06, "[9] [INFO] Booting worker with pid: 9")]:
            w = t + dt.timedelta(seconds=off)
            app.add(w, w.strftime("[%Y-%m-%d %H:%M:%S +0000] ") + msg)
        w = t + dt.timedelta(seconds=1.8)
        app.add(w, pl(w, "INFO", "transfers.main", f"transfer-requests starting version={p['ver']} ldap_servers=ldaps://nvdc01.northvale.nhs.internal,ldaps://nvdc02.northvale.nhs.internal"))
    for p in pods[:3]:
        d = p["down"]
        app.add(d, d.strftime("[%Y-%m-%d %H:%M:%S +0000] ") + "[1] [INFO] Handling signal: term")
        app.add(d + dt.timedelta(seconds=1), (d + dt.timedelta(seconds=1)).strftime("[%Y-%m-%d %H:%M:%S +0000] ") + "[1] [INFO] Shutting down: Master")
    for p in pods[3:]:
        w = ROTATE + dt.timedelta(seconds=rng.uniform(8, 55))
        app.add(w, pl(w, "INFO", "transfers.settings", "ldap bind credentials changed on disk (/var/run/secrets/ldap/password), using them from the next bind"))

    # requests
    wards = ["NVG-AIRE", "NVG-WHARFE", "NVG-CALDER", "NVG-AMU", "STJ-NIDD", "STJ-SWALE", "STJ-COLNE", "HGT-URE", "HGT-HOLME"]
    for t in poisson_times(rng, START, END, 9.0):
        p = rng.choice(live(t))
        user = "nv" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 8)))
        client = f"10.{rng.choice([60, 61, 64])}.{rng.randint(0, 40)}.{rng.randint(2, 250)}"
        ua = rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
                         "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"])
        r = rng.random()
        if r < 0.45:
            d = ms(rng, 25, 0.4) / 1000
            ingress.add(t, nginx_access(t, client, "GET", f"/api/v1/transfers?ward={rng.choice(wards)}&status=open", 200, rng.randint(900, 6000), d, ua, upstream_rt=d - 0.001))
            continue
        method, path = ("POST", "/api/v1/transfers") if r < 0.8 else ("POST", f"/api/v1/transfers/TR-{rng.randint(300000, 399999)}/approve")
        dc_name, _ = DCS[0]
        if locked(t):
            d = ms(rng, 30, 0.3) / 1000
            e = t + dt.timedelta(seconds=d)
            stats["bad"].append(t)
            dc.add(t, logon_fail(t, dc_name, p["node"], "-", "0xC0000234", "0x0", "Account locked out."))
            msg = f"directory lookup failed for {user}: result=49 description=invalidCredentials message=80090308: LdapErr: DSID-0C09050F, comment: AcceptSecurityContext error, data 775, v4f7c"
            app.add(e, pl(e, "ERROR", "transfers.directory", msg) + "\n" +
                    "Traceback (most recent call last):\n"
                    '  File "/app/transfers/directory.py", line 20, in staff\n'
                    "    with Connection(SERVER, user=settings.ldap_user, password=settings.ldap_password(),\n"
                    '  File "/app/.venv/lib/python3.12/site-packages/ldap3/core/connection.py", line 363, in __init__\n'
                    "    self._do_auto_bind()\n"
                    '  File "/app/.venv/lib/python3.12/site-packages/ldap3/core/connection.py", line 412, in _do_auto_bind\n'
                    "    raise LDAPBindError(self.last_error)\n"
                    "ldap3.core.exceptions.LDAPBindError: automatic bind not successful - invalidCredentials")
            app.add(e, pl(e, "WARNING", "transfers.api", f"{method} {path.split('?')[0]} -> 503 directory_unavailable user={user}"))
            ingress.add(e, nginx_access(e, client, method, path, 503, 74, d, ua, upstream_rt=d - 0.001))
            continue
        d = ms(rng, 140, 0.35) / 1000
        e = t + dt.timedelta(seconds=d)
        stats["ok"].append(t)
        dc.add(t, logon_ok(t, dc_name if p["gen"] == 0 or rng.random() < 0.9 else DCS[1][0], p["node"]))
        if method == "POST" and path == "/api/v1/transfers":
            app.add(e, pl(e, "INFO", "transfers.requests", f"transfer TR-{rng.randint(300000, 399999)} requested by {user} encounter=E{rng.randint(40000000, 49999999)} {rng.choice(wards)} -> {rng.choice(wards)} priority={rng.choice(['routine', 'routine', 'urgent'])}"))
            ingress.add(e, nginx_access(e, client, method, path, 201, 310, d, ua, upstream_rt=d - 0.001))
        else:
            app.add(e, pl(e, "INFO", "transfers.approvals", f"transfer {path.split('/')[4]} approved by {user} (GG-BedManagers)"))
            ingress.add(e, nginx_access(e, client, method, path, 200, 244, d, ua, upstream_rt=d - 0.001))

    # GitLab deploy job
    t = RELEASE - dt.timedelta(seconds=40)
    for off, text in [(0, "Running with gitlab-runner 16.11.1 (f8f2f1a7)"), (0.2, "  on k8s-runner-clinical tYx8Qk2b, system ID: r_8eK2aQpL3mZs"),
                      (3.1, f"Checking out {release[:8]} as detached HEAD (ref is main)..."), (9.0, "$ kubectl -n transfers apply -f k8s/"),
                      (10.2, "deployment.apps/transfer-requests configured"), (10.3, "secretproviderclass.secrets-store.csi.x-k8s.io/transfer-requests-ldap unchanged"),
                      (10.4, "service/transfer-requests unchanged"), (10.9, f"$ kubectl -n transfers set image deployment/transfer-requests transfer-requests=registry.northvale.nhs.internal/transfer-requests:{release}"),
                      (11.4, "deployment.apps/transfer-requests image updated"), (11.6, "$ kubectl -n transfers rollout status deployment/transfer-requests --timeout=5m"),
                      (40.0, 'Waiting for deployment "transfer-requests" rollout to finish: 1 of 3 updated replicas are available...'),
                      (65.0, 'Waiting for deployment "transfer-requests" rollout to finish: 2 of 3 updated replicas are available...'),
                      (92.0, 'deployment "transfer-requests" successfully rolled out'), (92.4, "Cleaning up project directory and file based variables"), (92.9, "Job succeeded")]:
        w = t + dt.timedelta(seconds=off)
        ci.add(w, w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{w.microsecond:06d}Z 00O " + text)
    return [app, ingress, dc, ci], stats


def build(out_dir):
    rng = random.Random(24200)
    LOCKS.clear()
    repo, release = build_repo()
    try:
        logs, stats = build_logs(rng, release)
        onset = min(stats["bad"]).replace(microsecond=0)

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
        metrics = {
            "nginx_ingress_controller_requests.json": query_range([
                ({"ingress": "transfer-requests", "namespace": "transfers", "method": "POST", "status": "2xx"}, per_min(stats["ok"])),
                ({"ingress": "transfer-requests", "namespace": "transfers", "method": "POST", "status": "503"}, per_min(stats["bad"])),
            ], START, END, 60),
        }
        lock1 = LOCKS[0][0]
        return write_scenario(
            out_dir, name="r24-ad-service-account-lockout-none", service=SERVICE, onset=onset,
            description=f"""
Ward staff and the patient-flow team cannot request or approve patient
transfers on Wednesday morning (20 May): from {onset.strftime('%H:%M')} UTC every request
answers 503 "directory unavailable". transfer-requests was released at
09:19 (an LDAP connection pool over both domain controllers). The service
desk unlocked the svc-bedflow account at 10:11 and again at 10:35.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"A user account was locked out",
                        r"Failure Reason: Unknown user name or bad password"],
            fix_files=[],
            explanation=f"""
Nothing in this repository caused it. The identity team's CyberArk CPM
rotated svc-bedflow's password at 09:47:58 (event 4724 by
svc-cyberark-cpm); transfer-requests read the new one from its CSI mount
and kept working. The old bed-board server BEDSRV-LEGACY02, which should
have been decommissioned, still runs a Windows service as svc-bedflow with
the old password and binds every 30 s: ten failures ("Unknown user name or
bad password", 0xC000006A, from {LEGACY_IP}) and AD locks the account at
{lock1.strftime('%H:%M:%S')} ("A user account was locked out", Caller Computer Name
BEDSRV-LEGACY02). From then every bind by transfer-requests fails with
"AcceptSecurityContext error, data 775" (locked) and requests answer 503.
The 10:11 unlock lasts five minutes; the fix is outside the repo: stop the
legacy service (10:33) and unlock (10:35).
Decoys: the 09:19 release that pools LDAP connections over both DCs with a
5 s receive timeout (the change closest to the onset, in the file that
raises the error); the same-morning commit that adds the LDAP result and
AD diagnostic to the "directory lookup failed" line, so the error text is
new with the release; the credentials-changed line from the CSI mount; the
docs page about the service account; the app's own failed logons on the
DCs (status 0xC0000234, a symptom, not the cause).
""",
        )
    finally:
        repo.close()
