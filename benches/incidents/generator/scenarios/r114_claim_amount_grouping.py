"""chairside is the in-house Python service of Bright Peak Dental, a chain of
31 dental clinics in Colorado and Utah (Mountain time): the front desks'
insurance checks (270/271 through the clearinghouse's real-time API),
appointment reminders by text, the imaging bridges' radiograph uploads, and
the dental claims. A claim is created when the dentist signs the visit's
procedures; a Celery beat task every 15 minutes (07:00-19:00 local) puts the
new claims into one 837D file, one interchange and one transaction set, and
uploads it to Clearpath, the clearinghouse, over SFTP; Clearpath answers with
a 999 within minutes and a 277CA per claim later. A 999 that rejects the
transaction set rejects every claim in the file.

Tuesday 18 August 2026, 14:21 MDT: CLM-318 (Marcus Oyelaran) makes the 837
amounts go through `money.fmt`, the helper the patient statements use, to
round charges to cents: the Cigna PPO fee schedule (85 % of UCR) gives
amounts like 87.125, which Clearpath's 277CA rejects. `money.fmt` also
groups thousands ("1,250.00"), as its docstring says. The tests have 87.125
and 120.00. Released in 2.14.0 and deployed at 19:12 MDT, after the last
batch of the day.

Wednesday 19 August: 2.14.1 (CLM-324, Delta Dental of Colorado's new payer
ID from Clearpath's payer list update) is deployed at 07:38 MDT. The first
claims of the day are hygiene visits and exams (under $1,000) and their
batches are accepted (07:00 to 08:00). The first batch with a crown, an
implant or a predetermination over $1,000 (08:15) has "1,250.00" in CLM02 and SV302: Clearpath's
999 rejects the transaction set (IK4 element 782, error 6, "invalid
character in data element"), and with it every claim in the file; from
then on every batch has such a claim. 2.14.0 also shipped CLM-321,
which logs each 999 error with its segment, element and bad value (before,
one line "999 ack ... status=R"), the very line that fills the log. The
runbook (CLM-316) reads 999 rejections as Clearpath's companion guide or a
payer ID; Tom (on call) suspects CLM-324, opens a ticket with Clearpath
and rolls back to 2.14.0 at 08:58 MDT without effect. Clearpath's support
answers that the files carry commas in monetary amounts and nothing changed
on their side (the 06:00 maintenance was the portal's UI). Elena reads the
bad value "1,250.00", recognises the statements' format and finds CLM-318
in `git log claims/x12/segments.py`; CLM-326 (2.14.2, 10:04 MDT) formats
amounts without grouping and the rejected claims are requeued.

Sources: chairside (Python logging through the Celery and gunicorn
workers, line format), nginx access, Clearpath's submitter portal file
activity (JSON lines), GitHub Actions deploy job logs, #billing-ops (Slack
export, JSON lines), front desk tickets (Freshdesk export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from formats import nginx_access, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "chairside"
MDT = dt.timezone(dt.timedelta(hours=-6))
START, END = utc("2026-08-19 12:00:00"), utc("2026-08-19 18:10:00")


def mdt(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=MDT).astimezone(dt.timezone.utc)


CLINICS = ["lakewood", "arvada", "aurora-south", "boulder", "broomfield", "castle-rock", "centennial", "cherry-creek",
           "colorado-springs-n", "colorado-springs-w", "englewood", "erie", "fort-collins", "golden", "greeley",
           "highlands-ranch", "littleton", "longmont", "loveland", "parker", "pueblo", "thornton", "westminster",
           "wheat-ridge", "ogden", "orem", "provo", "salt-lake-sugarhouse", "sandy", "lehi", "st-george"]
PAYERS = [(24, "CO-DELTA", "Delta Dental of Colorado"), (14, "UT-DELTA", "Delta Dental of Utah"), (14, "CIGNA-DEN", "Cigna Dental"),
          (12, "METLIFE-DEN", "MetLife Dental"), (10, "GUARDIAN", "Guardian"), (9, "AETNA-DEN", "Aetna Dental"),
          (7, "UHC-DEN", "UnitedHealthcare Dental"), (5, "CO-MEDICAID", "Health First Colorado (DentaQuest)"),
          (5, "PRINCIPAL", "Principal Financial")]
# (weight, codes with fees): most claims are hygiene, exams and fillings
VISITS = [
    (30, [("D0120", "62.00"), ("D1110", "118.00"), ("D0274", "84.00")]),
    (14, [("D0150", "96.00"), ("D0210", "152.00"), ("D1110", "118.00")]),
    (12, [("D0120", "62.00"), ("D1120", "86.00"), ("D1206", "41.00")]),
    (12, [("D2392", "214.00")]),
    (8, [("D2391", "176.00"), ("D2392", "214.00")]),
    (6, [("D0140", "78.00"), ("D0220", "36.00")]),
    (5, [("D4341", "268.00"), ("D4341", "268.00")]),
    (4, [("D4910", "142.00")]),
    (5, [("D2740", "1250.00")]),
    (2, [("D2750", "1185.00")]),
    (2, [("D3330", "1120.00")]),
    (1, [("D6010", "2140.00")]),
    (2, [("D4341", "268.00"), ("D4341", "268.00"), ("D4342", "196.00"), ("D4342", "196.00"), ("D0180", "98.00")]),
    (2, [("D2740", "1250.00"), ("D2950", "264.00")]),
    (1, [("D5110", "1740.00")]),
]

# ---------------------------------------------------------------------------
# the repository

MONEY_PY = '''"""Money as the patient statements, the front desk and the ledger show it."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value) -> str:
    """Cents, half up, thousands grouped, as statements print them: 1,250.00."""
    return f"{cents(value):,.2f}"
'''

SEGMENTS_PY = '''"""837D (005010X224A2) segments for one dental claim: the 2300 claim loop
(CLM, DTP, REF), the 2400 service lines (LX, SV3, TOO, DTP). Element
separator *, component :, segment terminator ~ (see envelope.py)."""

from decimal import Decimal

from chairside.claims.x12.envelope import COMPONENT


def amount(value) -> str:
    # X12 type R: digits and one decimal point, no grouping, no currency.
    return format(Decimal(str(value)).normalize(), "f")


def name(text: str) -> str:
    return text.upper().replace("*", " ").replace("~", " ").replace(":", " ")


def clm(claim) -> list[str]:
    segs = [f"CLM*{claim.number}*{amount(claim.total)}***{claim.place_of_service}{COMPONENT}B{COMPONENT}1*Y*A*Y*Y"]
    if claim.prior_auth:
        segs.append(f"REF*G1*{claim.prior_auth}")
    return segs


def service_lines(claim) -> list[str]:
    segs = []
    for n, line in enumerate(claim.lines, start=1):
        segs.append(f"LX*{n}")
        segs.append(f"SV3*AD{COMPONENT}{line.code}*{amount(line.fee)}****1")
        if line.tooth:
            surfaces = COMPONENT.join(line.surfaces or [])
            segs.append(f"TOO*JP*{line.tooth}" + (f"*{surfaces}" if surfaces else ""))
        segs.append(f"DTP*472*D8*{line.date:%Y%m%d}")
    return segs


def subscriber(sub) -> list[str]:
    return [f"NM1*IL*1*{name(sub.last)}*{name(sub.first)}****MI*{sub.member_id}"]
'''

ACK_PY = '''"""Clearpath's 999 acknowledgments, fetched from /outbound/999 over SFTP."""

import logging

from chairside.claims import store

log = logging.getLogger("chairside.claims.ack")


def handle_999(batch, ack):
    if ack.ak9_status == "A":
        log.info("999 ack batch=%s control=%s status=A claims=%d", batch.id, batch.control, len(batch.claims))
        store.mark(batch.claims, "accepted_999")
        return
    log.warning("999 ack batch=%s control=%s status=%s", batch.id, batch.control, ack.ak9_status)
    store.mark(batch.claims, "rejected_999")
'''

RUNBOOK_CLAIMS = """
## ClaimsRejected999

A 999 from Clearpath rejected a claims batch: every claim in the file is in
the billing queue as "Rejected by clearinghouse (999)" and is resubmitted
once requeued.

- Almost always Clearpath's companion guide changed or a payer ID in
  `config/payers.yaml` is out of date: check Clearpath's payer list
  updates and open a ticket with Clearpath support (portal > Support).
- If a payer ID changed in the last release, roll back the release.
- Do not requeue a rejected batch unchanged: it is rejected again.
"""


def build_repo():
    marcus = Person("Marcus Oyelaran", "marcus.oyelaran@brightpeakdental.com", -360)
    elena = Person("Elena Vasquez", "elena.vasquez@brightpeakdental.com", -360)
    tom = Person("Tom Brekke", "tom.brekke@brightpeakdental.com", -360)
    kiran = Person("Kiran Desai", "kiran.desai@brightpeakdental.com", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    rng = random.Random(114001)

    files = python_service(SERVICE, "chairside", "Bright Peak Dental's practice services: insurance checks, claims, reminders, imaging", port=8000)
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        '"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "celery==5.4.0", "paramiko==3.4.0", "httpx==0.27.0", "boto3==1.34.140", "psycopg[binary]==3.1.19"]')
    files["config/logging.ini"] = files["config/logging.ini"].replace(
        "format=%(asctime)s %(levelname)s %(name)s: %(message)s", "format=%(asctime)s [%(processName)s] %(levelname)s %(name)s: %(message)s")
    files.update({
        "chairside/__init__.py": '__version__ = "2.13.2"\n',
        "chairside/settings.py": 'import os\n\nimport yaml\n\n\ndef load():\n    with open(os.environ.get("CONFIG_PATH", "config/production.yaml")) as handle:\n        return yaml.safe_load(handle)\n',
        "chairside/money.py": MONEY_PY,
        "chairside/claims/__init__.py": "",
        "chairside/claims/x12/__init__.py": "",
        "chairside/claims/x12/envelope.py": '"""ISA/GS/ST envelopes for the 837D file: one interchange, one functional\ngroup, one transaction set per batch."""\n\nELEMENT, COMPONENT, REPETITION, TERMINATOR = "*", ":", "^", "~"\n\n\ndef isa(control, when, sender="BRIGHTPEAK01", receiver="CLEARPATH"):\n    return (f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}*{when:%y%m%d}*{when:%H%M}*"\n            f"{REPETITION}*00501*{control:09d}*1*P*{COMPONENT}")\n',
        "chairside/claims/x12/segments.py": SEGMENTS_PY,
        "chairside/claims/ack.py": ACK_PY,
        "chairside/claims/submit.py": '"""Every 15 minutes (07:00-19:00 local): the claims signed since the last\nbatch go into one 837D file, uploaded to Clearpath\'s /inbound/837 over SFTP."""\n\nimport logging\n\nimport paramiko\n\nfrom chairside.claims import build, store\n\nlog = logging.getLogger("chairside.claims.submit")\n\n\ndef run(settings):\n    claims = store.unbatched()\n    if not claims:\n        return\n    batch = build.batch(claims)\n    with paramiko.SSHClient() as ssh:\n        ssh.load_system_host_keys()\n        ssh.connect(settings["clearpath"]["sftp_host"], username=settings["clearpath"]["submitter"])\n        ssh.open_sftp().putfo(batch.file(), f"/inbound/837/{batch.name}")\n    log.info("batch %s uploaded claims=%d control=%s", batch.id, len(claims), batch.control)\n',
        "config/payers.yaml": "# Clearpath payer IDs (Clearpath payer list, 2026-07)\nCO-DELTA: \"CDCOL\"\nUT-DELTA: \"94276\"\nCIGNA-DEN: \"62308\"\nMETLIFE-DEN: \"65978\"\nGUARDIAN: \"64246\"\nAETNA-DEN: \"60054\"\nUHC-DEN: \"52133\"\nCO-MEDICAID: \"CODQ1\"\nPRINCIPAL: \"61271\"\n",
        "config/production.yaml": "clearpath:\n  sftp_host: sftp.clearpath-edi.com\n  submitter: BRIGHTPEAK01\n  realtime_url: https://rt.clearpath-edi.com/x12/270\n  realtime_timeout_s: 10\nclaims:\n  batch_every_min: 15\n  batch_hours: \"07:00-19:00\"\nreminders:\n  provider: textpost\n  next_day_at: \"10:00\"\n  confirm_window_h: 48\nimaging:\n  upload_bucket: bpd-imaging-inbox\n  presign_ttl_s: 900\n",
        "tests/test_segments.py": 'from decimal import Decimal\n\nfrom chairside.claims.x12 import segments\n\n\ndef test_amounts_are_plain_decimals():\n    assert segments.amount(Decimal("118.00")) == "118"\n    assert segments.amount(Decimal("84.5")) == "84.5"\n',
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8000, replicas=3, memory="768Mi", cpu="500m", env={"CONFIG_PATH": "config/production.yaml"}),
        "k8s/worker.yaml": k8s_deployment("chairside-worker", 8000, replicas=2, memory="768Mi", cpu="500m", env={"CONFIG_PATH": "config/production.yaml"}).replace('["uvicorn"', '["celery"'),
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\n    inputs:\n      ref: {description: 'tag or sha to deploy', required: true}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/deploy.sh ${{ inputs.ref || github.ref_name }}\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.13.2\n\n- Reminders: quiet hours per clinic time zone.\n",
        "docs/runbook.md": runbook(SERVICE, [("EligibilityTimeouts", "Clearpath's real-time 270/271 answers slowly: check status.clearpath-edi.com;\nthe front desk can verify on the payer's portal meanwhile."), ("RemindersUndelivered", "Texts undelivered above 5 %: check TextPost's status page and the\n10DLC campaign in TextPost's console.")]),
    })
    shas = {}
    repo.commit(mdt("2026-08-10 09:14:00"), tom, "chairside 2.13.2: reminders, eligibility, claims and imaging in one service", files)
    repo.schedule(chores(rng, SERVICE, [tom, elena, kiran], mdt("2026-08-10 11:00:00"), mdt("2026-08-18 12:00:00"), 4))
    repo.commit(mdt("2026-08-12 10:31:00"), kiran, "eligibility: show remaining annual maximum on the front desk card (ELG-77)", {
        "chairside/eligibility.py": '"""Real-time 270/271 through Clearpath."""\n\nimport logging\n\nfrom chairside import money\n\nlog = logging.getLogger("chairside.eligibility")\n\n\ndef summary(resp):\n    return {"active": resp.active, "remaining_max": money.fmt(resp.remaining_max)}\n',
    })
    repo.commit(mdt("2026-08-13 15:02:00"), bot, "Bump httpx from 0.27.0 to 0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"]', '"httpx==0.27.2"]'),
    })
    repo.commit(mdt("2026-08-14 11:48:00"), tom, "runbook: ClaimsRejected999 (CLM-316)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_CLAIMS,
    })
    # the culprit
    shas["culprit"] = repo.commit(mdt("2026-08-18 14:21:00"), marcus, "claims: round 837 amounts to cents with money.fmt (CLM-318)\n\nThe Cigna PPO fee schedule is 85 % of UCR and gives allowed amounts like\n87.125; Clearpath's 277CA rejects them (amount has more than 2 decimals).\nUse the statements' rounding (half up) so claims and statements agree.", {
        "chairside/claims/x12/segments.py": repo.edit("chairside/claims/x12/segments.py", '''from decimal import Decimal

from chairside.claims.x12.envelope import COMPONENT


def amount(value) -> str:
    # X12 type R: digits and one decimal point, no grouping, no currency.
    return format(Decimal(str(value)).normalize(), "f")
''', '''from chairside import money
from chairside.claims.x12.envelope import COMPONENT


def amount(value) -> str:
    # Cents, half up, as the statements round them (CLM-318).
    return money.fmt(value)
'''),
        "tests/test_segments.py": 'from decimal import Decimal\n\nfrom chairside.claims.x12 import segments\n\n\ndef test_amounts_are_rounded_to_cents():\n    assert segments.amount(Decimal("87.125")) == "87.13"\n    assert segments.amount(Decimal("120")) == "120.00"\n',
    })
    repo.commit(mdt("2026-08-18 15:06:00"), marcus, "claims: no trailing spaces in subscriber names (CLM-320)\n\nTwo MetLife 277CAs rejected NM103 'SMITH ' from the practice system's\nimport.", {
        "chairside/claims/x12/segments.py": repo.edit("chairside/claims/x12/segments.py",
                                                      '    return text.upper().replace("*", " ").replace("~", " ").replace(":", " ")\n',
                                                      '    return text.strip().upper().replace("*", " ").replace("~", " ").replace(":", " ")\n'),
    })
    repo.commit(mdt("2026-08-18 15:40:00"), elena, "claims: log each 999 error with segment, element and bad value (CLM-321)\n\nA rejected batch was one warning with status=R; billing had to download\nthe 999 from the portal to see why.", {
        "chairside/claims/ack.py": repo.edit("chairside/claims/ack.py", '''    log.warning("999 ack batch=%s control=%s status=%s", batch.id, batch.control, ack.ak9_status)
''', '''    log.error("999 rejected batch=%s control=%s: transaction set %s rejected (IK5*%s), %d claims",
              batch.id, batch.control, ack.st_control, ack.ak9_status, len(batch.claims))
    for err in ack.element_errors:
        log.error("999 error batch=%s segment=%s loop=%s position=%s element %s (%s): %s, bad value %r",
                  batch.id, err.segment, err.loop, err.position, err.element, err.element_name, err.description, err.bad_value)
'''),
    })
    repo.commit(mdt("2026-08-18 16:12:00"), bot, "Bump paramiko from 3.4.0 to 3.4.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"paramiko==3.4.0"', '"paramiko==3.4.1"'),
    })
    shas["rel_2140"] = repo.commit(mdt("2026-08-18 18:55:00"), tom, "release 2.14.0", {
        "chairside/__init__.py": repo.edit("chairside/__init__.py", '"2.13.2"', '"2.14.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- 837 amounts rounded to cents (CLM-318).\n- Subscriber names trimmed (CLM-320).\n- 999 errors logged with segment and element (CLM-321).\n- paramiko 3.4.1.\n"),
    })
    shas["payer"] = repo.commit(mdt("2026-08-19 07:22:00"), elena, "payers: Delta Dental of Colorado is 84056 on Clearpath from 8/19 (CLM-324)\n\nClearpath payer list update 2026-08: CDCOL retired, claims to 84056.", {
        "config/payers.yaml": repo.edit("config/payers.yaml", 'CO-DELTA: "CDCOL"', 'CO-DELTA: "84056"').replace("(Clearpath payer list, 2026-07)", "(Clearpath payer list, 2026-08)"),
    })
    shas["rel_2141"] = repo.commit(mdt("2026-08-19 07:29:00"), elena, "release 2.14.1", {
        "chairside/__init__.py": repo.edit("chairside/__init__.py", '"2.14.0"', '"2.14.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2.14.1\n\n- Delta Dental of Colorado payer ID 84056 (CLM-324).\n"),
    })
    shas["fix"] = repo.commit(mdt("2026-08-19 09:49:00"), elena, "claims: 837 amounts without thousands grouping (CLM-326, INC-0214)\n\nmoney.fmt groups thousands for statements: '1,250.00' in CLM02 and SV302\nsince CLM-318. Clearpath's 999 rejects the whole transaction set (IK4 782,\nerror 6), so every batch with a claim over $1,000 was rejected.", {
        "chairside/claims/x12/segments.py": repo.edit("chairside/claims/x12/segments.py", '''def amount(value) -> str:
    # Cents, half up, as the statements round them (CLM-318).
    return money.fmt(value)
''', '''def amount(value) -> str:
    # X12 type R: cents, half up (CLM-318), but no grouping: money.fmt's
    # "1,250.00" is an invalid character for Clearpath (INC-0214).
    return str(money.cents(value))
'''),
        "tests/test_segments.py": repo.files["tests/test_segments.py"] + '\n\ndef test_amounts_are_not_grouped():\n    assert segments.amount(Decimal("1250")) == "1250.00"\n    assert segments.amount(Decimal("12345.678")) == "12345.68"\n',
    })
    shas["rel_2142"] = repo.commit(mdt("2026-08-19 09:56:00"), elena, "release 2.14.2", {
        "chairside/__init__.py": repo.edit("chairside/__init__.py", '"2.14.1"', '"2.14.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2.14.2\n\n- 837 amounts without thousands grouping (CLM-326, INC-0214).\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the day

ELEMENT_ERR = "invalid character in data element"


def grouped(fee):
    v = float(fee)
    return f"{v:,.2f}"


def build_logs(rng, shas):
    app = Log("chairside.log")
    nginx = Log("nginx-access.log")
    portal = Log("clearpath-file-activity.log")
    gha = Log("deploy-actions.log")
    slack = Log("billing-ops-slack.log")
    tickets = Log("frontdesk-tickets.log")
    stats = {"first_reject": None, "rejected_batches": 0, "rejected_claims": 0, "accepted_batches": 0}

    def M(hms):
        return mdt(f"2026-08-19 {hms}")

    workers = {"web": ["gunicorn-7f9c-1", "gunicorn-7f9c-2", "gunicorn-7f9c-3"], "worker": ["celery-claims-1", "celery-claims-2"]}

    def log(t, level, logger, msg, kind="web"):
        app.add(t, python_logging(t, level, logger, msg).replace(f" {level} ", f" [{rng.choice(workers[kind])}] {level} ", 1))

    # --- deploys ----------------------------------------------------------------------------
    def deploy(t, run_id, ref, version, sha, who, note=None):
        lines = [
            (0, f"##[group]Run ./scripts/deploy.sh {ref}"),
            (1, f"Requested by {who} (workflow_dispatch, ref={ref})"),
            (3, f"Deploying chairside {version} ({sha[:12]}) to production"),
            (9, f"deployment.apps/chairside image updated: ghcr.io/brightpeak/chairside:{version}"),
            (11, f"deployment.apps/chairside-worker image updated: ghcr.io/brightpeak/chairside:{version}"),
            (58, 'Waiting for deployment "chairside" rollout to finish: 2 of 3 updated replicas are available...'),
            (74, 'deployment "chairside" successfully rolled out'),
            (86, 'deployment "chairside-worker" successfully rolled out'),
            (87, "##[endgroup]"),
        ]
        if note:
            lines.insert(2, (2, note))
        for off, text in lines:
            s = t + dt.timedelta(seconds=off, microseconds=rng.randint(0, 999999))
            gha.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}0Z {text}")
        for k, kind in ((40, "web"), (52, "web"), (66, "web"), (70, "worker"), (80, "worker")):
            s = t + dt.timedelta(seconds=k)
            app.add(s, python_logging(s, "INFO", "chairside.main", f"starting chairside version={version} git={sha[:12]}").replace(" INFO ", f" [{rng.choice(workers[kind])}] INFO ", 1))
        return t + dt.timedelta(seconds=80)

    deploy(mdt("2026-08-18 19:12:04"), 10481277731, "v2.14.0", "2.14.0", shas["rel_2140"], "tom-brekke")
    deploy(M("07:38:11"), 10494018822, "v2.14.1", "2.14.1", shas["rel_2141"], "elena-vasquez")
    deploy(M("08:58:36"), 10497730145, "v2.14.0", "2.14.0", shas["rel_2140"], "tom-brekke", note="Rollback of v2.14.1 (INC-0214)")
    fixed_at = deploy(M("10:04:20"), 10499102266, "v2.14.2", "2.14.2", shas["rel_2142"], "elena-vasquez")

    def version(t):
        if t < M("07:39:31"):
            return "2.14.0"
        if t < M("08:59:56"):
            return "2.14.1"
        if t < fixed_at:
            return "2.14.0"
        return "2.14.2"

    # --- front desk traffic, eligibility, reminders --------------------------------------------
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"]

    def clinic_ip(c):
        i = CLINICS.index(c)
        return f"73.{14 + i % 9}.{(i * 37) % 250 + 2}.{(i * 11) % 200 + 20}"

    def busy(t):
        h = (t.astimezone(MDT).hour + t.astimezone(MDT).minute / 60)
        if h < 6.5:
            return 0.05
        if h < 7.5:
            return 0.5
        return 1.0

    t = START
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(7.0 * max(busy(t), 0.08) / 60))
        c = rng.choice(CLINICS)
        roll = rng.random()
        if roll < 0.34:
            path, st, size, rt = f"/api/schedule?clinic={c}&date=2026-08-19", 200, rng.randint(8000, 31000), rng.uniform(0.04, 0.2)
        elif roll < 0.52:
            path, st, size, rt = f"/api/patients/P{rng.randint(100000, 999999)}", 200, rng.randint(2000, 9000), rng.uniform(0.02, 0.09)
        elif roll < 0.70:
            payer = rng.choice(PAYERS)[1]
            ms = int(rng.lognormvariate(0, 0.4) * 900)
            active = rng.random() > 0.04
            rem = rng.choice(["0.00", "412.00", "865.50", "1,000.00", "1,240.00", "1,500.00", "2,000.00", "763.20"])
            if rng.random() < 0.02:
                log(t + dt.timedelta(seconds=10), "WARNING", "chairside.eligibility", f"eligibility 270 timed out payer={payer} clinic={c} after 10.0s")
                nginx.add(t + dt.timedelta(seconds=10.02), nginx_access(t + dt.timedelta(seconds=10.02), clinic_ip(c), "POST", "/api/eligibility", 504, 61, 10.02, rng.choice(uas), upstream_rt=10.01))
                continue
            log(t + dt.timedelta(milliseconds=ms), "INFO", "chairside.eligibility",
                f"eligibility 271 payer={payer} clinic={c} patient=P{rng.randint(100000, 999999)} active={'Y' if active else 'N'} remaining_max={rem} ms={ms}")
            path, st, size, rt = "/api/eligibility", 200, rng.randint(900, 2400), ms / 1000 + 0.01
            t2 = t + dt.timedelta(milliseconds=ms + 8)
            nginx.add(t2, nginx_access(t2, clinic_ip(c), "POST", path, st, size, rt, rng.choice(uas), upstream_rt=rt - 0.002))
            continue
        elif roll < 0.84:
            path, st, size, rt = "/api/claims/queue?status=open", 200, rng.randint(3000, 22000), rng.uniform(0.05, 0.3)
        elif roll < 0.93:
            path, st, size, rt = f"/api/imaging/studies?patient=P{rng.randint(100000, 999999)}", 200, rng.randint(600, 4000), rng.uniform(0.03, 0.15)
        else:
            path, st, size, rt = "/api/appointments/confirmations", 200, rng.randint(400, 3000), rng.uniform(0.02, 0.08)
        nginx.add(t, nginx_access(t, clinic_ip(c), "GET", path, st, size, rt, rng.choice(uas), upstream_rt=rt - 0.002))

    # kube probes and the reminders provider's status callbacks
    for t in poisson_times(rng, START, END, 1.6):
        sid = "TP" + hexid(rng, 24)
        status = "delivered" if rng.random() > 0.03 else "undelivered"
        log(t, "INFO" if status == "delivered" else "WARNING", "chairside.reminders", f"sms status sid={sid} status={status}" + ("" if status == "delivered" else " error=30006 (landline or unreachable carrier)"))
        nginx.add(t, nginx_access(t, "34.203.118.42", "POST", "/hooks/textpost/status", 204, 0, rng.uniform(0.005, 0.02), "TextPost-Webhooks/2.1", upstream_rt=0.004))
    for t in poisson_times(rng, START, END, 0.35):
        reply = rng.choice(["C", "C", "C", "Yes", "R", "STOP", "c"])
        appt = f"A{rng.randint(3000000, 3999999)}"
        log(t, "INFO", "chairside.reminders", f"sms reply appt={appt} body={reply!r} action={'confirmed' if reply.lower() in ('c', 'yes') else ('reschedule_requested' if reply == 'R' else 'opted_out')}")
    # next-day reminders at 10:00 local
    for t in sorted(M("10:00:00") + dt.timedelta(seconds=rng.uniform(0, 540)) for _ in range(520)):
        log(t, "INFO", "chairside.reminders", f"reminder sent appt=A{rng.randint(3000000, 3999999)} clinic={rng.choice(CLINICS)} kind=next_day sid=TP{hexid(rng, 24)}", kind="worker")
    log(M("10:09:31"), "INFO", "chairside.reminders", "next-day reminders done: 520 sent, 14 skipped (no mobile), 3 opted out", kind="worker")

    # --- claims -------------------------------------------------------------------------------
    def claim_rate(t):
        h = t.astimezone(MDT).hour + t.astimezone(MDT).minute / 60
        if h < 7.3:
            return 0.0
        return 2.4 * min(1.0, (h - 7.3) / 1.7)

    claims = []  # (time, number, clinic, payer, lines)
    n = 0
    # notes signed after the last batch of Tuesday (evening hygiene appointments)
    for k in range(7):
        n += 1
        t = mdt("2026-08-18 19:20:00") + dt.timedelta(minutes=rng.uniform(0, 150))
        claims.append((t, f"BPD{819000 + n:07d}", rng.choice(CLINICS), rng.choice(PAYERS)[1], rng.choice([v for w, v in VISITS[:3] for _ in range(w)])))
    claims.sort()
    t = M("07:18:00")
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(max(claim_rate(t), 0.05) / 60))
        if claim_rate(t) == 0:
            continue
        n += 1
        payer = None
        pick = rng.uniform(0, 100)
        for w, pid, _ in PAYERS:
            pick -= w
            if pick <= 0:
                payer = pid
                break
        payer = payer or "CO-DELTA"
        lines = rng.choice([v for w, v in VISITS for _ in range(w)])
        c = rng.choice(CLINICS)
        number = f"BPD{819000 + n:07d}"
        claims.append((t, number, c, payer, lines))
        total = sum(float(f) for _, f in lines)
        kind = "predetermination" if total > 1000 and rng.random() < 0.25 else "claim"
        log(t, "INFO", "chairside.claims", f"{kind} {number} signed clinic={c} payer={payer} lines={len(lines)} total={total:.2f} provider=NPI{rng.randint(1000000000, 1999999999)}")
        nginx.add(t, nginx_access(t, clinic_ip(c), "POST", f"/api/visits/V{rng.randint(5000000, 5999999)}/sign", 200, rng.randint(300, 900), rng.uniform(0.05, 0.2), rng.choice(uas), upstream_rt=0.05))

    control = 4207
    pending = []
    requeued = []
    batch_time = M("07:00:00")
    ci = 0
    while batch_time < END:
        while ci < len(claims) and claims[ci][0] < batch_time:
            pending.append(claims[ci])
            ci += 1
        bt = batch_time + dt.timedelta(seconds=rng.uniform(0.3, 2.5))
        batch_time += dt.timedelta(minutes=15)
        if bt > fixed_at and requeued:
            pending = requeued + pending
            log(bt - dt.timedelta(seconds=0.2), "INFO", "chairside.claims.submit", f"requeued {len(requeued)} claims from rejected batches (INC-0214)", kind="worker")
            requeued = []
        if not pending:
            log(bt, "INFO", "chairside.claims.submit", "no claims to batch", kind="worker")
            continue
        control += 1
        bid = f"B{bt.astimezone(MDT):%Y%m%d%H%M}"
        fname = f"BPD_837D_{bt.astimezone(MDT):%Y%m%d_%H%M}_{control:09d}.x12"
        batch = pending
        pending = []
        v = version(bt)
        bad = [] if v == "2.14.2" else [c for c in batch if sum(float(f) for _, f in c[4]) >= 1000]
        size = 900 + 620 * len(batch)
        log(bt, "INFO", "chairside.claims.submit", f"batch {bid} built claims={len(batch)} control={control:09d} segments={8 + 11 * len(batch)}", kind="worker")
        up = bt + dt.timedelta(seconds=rng.uniform(0.8, 2.4))
        log(up, "INFO", "chairside.claims.submit", f"batch {bid} uploaded claims={len(batch)} control={control:09d} file=/inbound/837/{fname} bytes={size}", kind="worker")
        rec = up + dt.timedelta(seconds=rng.uniform(2, 6))
        portal.add(rec, json.dumps({"time": rec.strftime("%Y-%m-%dT%H:%M:%SZ"), "submitter": "BRIGHTPEAK01", "event": "file_received", "file": fname, "bytes": size, "isa13": f"{control:09d}"}))
        ack_t = rec + dt.timedelta(seconds=rng.uniform(70, 200))
        poll_t = ack_t + dt.timedelta(seconds=rng.uniform(20, 60))
        if not bad:
            portal.add(ack_t, json.dumps({"time": ack_t.strftime("%Y-%m-%dT%H:%M:%SZ"), "submitter": "BRIGHTPEAK01", "event": "999_generated", "file": fname, "ak9": "A", "transaction_sets": 1, "claims": len(batch)}))
            log(poll_t, "INFO", "chairside.claims.ack", f"999 ack batch={bid} control={control:09d} status=A claims={len(batch)}", kind="worker")
            stats["accepted_batches"] += 1
            for c in batch:
                if rng.random() < 0.5:
                    t277 = poll_t + dt.timedelta(seconds=rng.uniform(300, 2400))
                    if t277 < END:
                        status = "A2" if rng.random() > 0.04 else "A7"
                        log(t277, "INFO" if status == "A2" else "WARNING", "chairside.claims.ack",
                            f"277CA claim {c[1]} payer={c[3]} status={status}" + (" (accepted for adjudication)" if status == "A2" else " (rejected: subscriber not found, 562)"), kind="worker")
            continue
        errors = []
        for c in bad:
            total = sum(float(f) for _, f in c[4])
            errors.append({"segment": "CLM", "loop": "2300", "element": "CLM02", "ref": "782", "code": "6", "value": grouped(total)})
            for code, fee in c[4]:
                if float(fee) >= 1000:
                    errors.append({"segment": "SV3", "loop": "2400", "element": "SV302", "ref": "782", "code": "6", "value": grouped(fee)})
        portal.add(ack_t, json.dumps({"time": ack_t.strftime("%Y-%m-%dT%H:%M:%SZ"), "submitter": "BRIGHTPEAK01", "event": "999_generated", "file": fname, "ak9": "R",
                                      "transaction_sets": 1, "claims": len(batch), "ik5": "R", "errors": [{"segment": e["segment"], "element": e["element"], "ik403": e["code"], "description": "Invalid character in data element", "bad_value": e["value"]} for e in errors]}))
        stats["rejected_batches"] += 1
        stats["rejected_claims"] += len(batch)
        if stats["first_reject"] is None:
            stats["first_reject"] = poll_t
        log(poll_t, "ERROR", "chairside.claims.ack", f"999 rejected batch={bid} control={control:09d}: transaction set 0001 rejected (IK5*R), {len(batch)} claims", kind="worker")
        for k, e in enumerate(errors):
            log(poll_t + dt.timedelta(milliseconds=2 + k), "ERROR", "chairside.claims.ack",
                f"999 error batch={bid} segment={e['segment']} loop={e['loop']} position={2} element {e['ref']} (Monetary Amount): {ELEMENT_ERR}, bad value '{e['value']}'", kind="worker")
        log(poll_t + dt.timedelta(milliseconds=40), "INFO", "chairside.claims", f"{len(batch)} claims of batch {bid} marked rejected_999 (billing queue)", kind="worker")
        requeued.extend(batch)

    # --- the clearinghouse's portal: maintenance, support ticket -------------------------------
    for hm, ev in (("05:58:00", {"event": "maintenance", "detail": "Portal UI release 26.8.3 started (file processing not affected)"}),
                   ("06:21:40", {"event": "maintenance", "detail": "Portal UI release 26.8.3 completed"}),
                   ("06:30:12", {"event": "payer_list", "detail": "Payer list update 2026-08 in effect: CDCOL retired (use 84056)"}),
                   ("08:47:33", {"event": "support_ticket", "ticket": "CP-558210", "detail": "opened by tom.brekke: 999 rejections since 08:18 MT, did the companion guide change?"}),
                   ("09:22:02", {"event": "support_ticket", "ticket": "CP-558210", "detail": "Clearpath: no change on our side; your files since 08:15 MT carry commas in monetary amounts (CLM02 '1,250.00', SV302 '1,250.00'); X12 type R allows digits, a decimal point and a sign only"})):
        t = M(hm)
        portal.add(t, json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "submitter": "BRIGHTPEAK01", **ev}))
    # --- tickets, Slack ------------------------------------------------------------------------
    def ticket(hm, tid, clinic, subject, body):
        t = M(hm + ":00") + dt.timedelta(seconds=rng.uniform(0, 59))
        tickets.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": tid, "requester": f"frontdesk.{clinic}@brightpeakdental.com", "group": "Practice Systems", "subject": subject, "description": body}))

    ticket("06:52", 88412, "greeley", "Printer in op 3", "Label printer in operatory 3 prints blank labels.")
    ticket("07:31", 88415, "provo", "Eligibility slow", "Insurance checks take 10+ seconds this morning for Delta Utah.")
    ticket("08:29", 88421, "cherry-creek", "Claim rejected by clearinghouse", "Crown claim for Mrs. K (D2740) shows Rejected by clearinghouse (999) in the queue, and the cleaning claims from the same batch too.")
    ticket("08:37", 88424, "fort-collins", "All our claims rejected?", "Every claim we signed since 8 is 'Rejected by clearinghouse'. Is Clearpath down?")
    ticket("08:44", 88426, "sandy", "999 rejected", "Rejected 999 on claims this morning, nothing changed on our end.")
    ticket("09:13", 88433, "boulder", "Rejected claims still", "Still rejected after your rollback, 2 crowns and 6 hygiene claims.")
    ticket("10:24", 88437, "lakewood", "Reminder text wording", "Patient says the reminder text says 'Bright Peak Dental Lakewood' twice.")

    users = {"rosa.medina": "U03RM4B2K", "tom.brekke": "U02TB7Q1C", "elena.vasquez": "U02EV3L9D", "marcus.oyelaran": "U04MO8N2F", "alertmanager": "B01ALM4RT"}

    def say(hm, who, text):
        t = M(hm + ":00") + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "billing-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}))

    say("07:10", "rosa.medina", "morning! 07:00 batch (last night's late signatures) accepted")
    say("07:40", "elena.vasquez", "2.14.1 deployed: Delta Dental of Colorado payer ID 84056 (Clearpath payer list update, CLM-324)")
    say("08:05", "rosa.medina", "07:45 and 08:00 batches accepted too, incl. Delta CO with 84056")
    say("08:21", "alertmanager", "[FIRING] ClaimsRejected999: 1 batch rejected by Clearpath in the last 15 min")
    say("08:36", "rosa.medina", "queue shows 'Rejected by clearinghouse (999)' for 2 batches now, cleanings included. clinics are calling")
    say("08:39", "tom.brekke", "ack, on it. log has '999 error ... element 782 (Monetary Amount): invalid character in data element' (the new 2.14.0 logging). runbook says companion guide or payer ID. 2.14.1 changed Delta CO's payer id at 07:38, first reject came after it")
    say("08:46", "tom.brekke", "rejected batches have Delta CO claims in them, but Cigna and MetLife too. opening a ticket with Clearpath (CP-558210)")
    say("08:55", "tom.brekke", "runbook: payer ID in the last release -> roll back. rolling back to 2.14.0 (INC-0214)")
    say("09:18", "tom.brekke", "2.14.0 since 08:59, 09:00 and 09:15 batches rejected again. not the payer ID")
    say("09:24", "rosa.medina", "Clearpath answered on CP-558210: commas in monetary amounts, CLM02 '1,250.00'. they changed nothing")
    say("09:29", "elena.vasquez", "'1,250.00' is money.fmt, the statements format. git log claims/x12/segments.py: CLM-318 yesterday uses money.fmt for 837 amounts. only claims >= $1,000 get a comma, but one of them rejects the whole transaction set, so the batch. the batches up to 08:00 had no crown")
    say("09:31", "marcus.oyelaran", "argh, mine. I wanted the half-up rounding for the Cigna 87.125s, didn't see the grouping. sorry")
    say("09:34", "tom.brekke", "ok: fix forward as 2.14.2 (cents without grouping), keep 84056. rejected claims get requeued after the deploy, don't requeue them before")
    say("10:06", "elena.vasquez", "2.14.2 deployed (CLM-326). next batch requeues the rejected claims")
    say("10:20", "rosa.medina", "10:15 batch accepted, incl. the requeued ones. thanks all")
    return [app, nginx, portal, gha, slack, tickets], stats


def build(out_dir):
    rng = random.Random(114100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_reject"].replace(microsecond=0)
        assert utc("2026-08-19 14:00:00") < onset < utc("2026-08-19 15:30:00"), onset
        minutes = int((onset - mdt("2026-08-18 14:21:00")).total_seconds() // 60)
        age = f"{minutes // 60} h {minutes % 60:02d}"
        return write_scenario(
            out_dir, name="r114-claim-amount-grouping", service=SERVICE, onset=onset,
            description=f"""
Bright Peak Dental's claims: from {onset.astimezone(MDT).strftime('%H:%M')} MDT on Wednesday 19 August 2026
({onset.strftime('%H:%M:%S')} UTC) the clearinghouse's 999 acknowledgments reject
most 837D claim batches, and every claim in a rejected file goes to the
billing queue as "Rejected by clearinghouse (999)". chairside 2.14.1 was
deployed at 07:38 MDT, rolled back to 2.14.0 at 08:58 MDT without effect;
2.14.2 was deployed at 10:04 MDT and the requeued claims were accepted.
The clinics and the people in the Slack export are on Mountain time (UTC-6);
the logs are UTC.
""",
            logs=logs,
            line_formats={
                "chairside.log": r'<Date> <Time> \[<Worker>\] <Level> <Logger>: <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Monetary Amount.*invalid character in data element',
                r'transaction set .*rejected',
            ],
            fix_files=["chairside/claims/x12/segments.py"],
            explanation=f"""
CLM-318 ({shas['culprit'][:10]}, Tuesday 18 August 14:21 MDT, in 2.14.0, deployed at 19:12
MDT) formats the 837D amounts with money.fmt, the statements' helper, to
round to cents; money.fmt also groups thousands, so a claim or a line of
$1,000 or more is sent as "1,250.00" in CLM02 and SV302. Clearpath's 999
rejects the transaction set (IK4 element 782 Monetary Amount, error 6
"invalid character in data element") and with it every claim in the file,
the hygiene claims included. The morning's first batches have only
hygiene and exam claims and are accepted; the first batch with a crown is
rejected {age} after the commit, and from then on every
batch ({stats['rejected_batches']} batches, {stats['rejected_claims']} claims rejected; {stats['accepted_batches']} batches accepted). CLM-326 (2.14.2) formats
amounts without grouping.
Decoys: 2.14.1, deployed {int((onset - mdt('2026-08-19 07:38:11')).total_seconds() // 60)} minutes before the onset (CLM-324, Delta Dental of
Colorado's new payer ID, which the deploy job and the start-up lines name),
rolled back to 2.14.0, which holds the culprit, without effect; CLM-321 in
the same release, which adds the very "999 rejected" and "999 error" lines
that fill the log; CLM-320, a harmless change to the culprit's file
(subscriber names trimmed); a paramiko bump (the SFTP upload); a runbook
commit that reads 999 rejections as the clearinghouse's companion guide or
a payer ID and says to roll back; Clearpath's portal maintenance that
morning and its payer list update; amounts with commas in the eligibility
lines (remaining_max, display only); unrelated tickets.
""",
        )
    finally:
        repo.close()
